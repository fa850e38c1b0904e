"""lifelong: a runtime that lets chat personas improve themselves from their conversations."""

from lifelong.errors import (
    BudgetExceeded,
    ConfigError,
    ImportFailed,
    InvalidName,
    InvalidRecord,
    LifelongError,
    NotFound,
    RuntimeClosed,
    SchemaVersionError,
    StorageError,
)
from lifelong.persona import ImportReport, Persona, Trait
from lifelong.runtime import Runtime, RuntimeConfig

__version__ = "0.1.0"

__all__ = [
    "BudgetExceeded",
    "ConfigError",
    "ImportFailed",
    "ImportReport",
    "InvalidName",
    "InvalidRecord",
    "LifelongError",
    "NotFound",
    "Persona",
    "Runtime",
    "RuntimeClosed",
    "RuntimeConfig",
    "SchemaVersionError",
    "StorageError",
    "Trait",
    "__version__",
]
