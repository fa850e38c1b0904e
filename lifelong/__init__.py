"""lifelong: a runtime that lets chat personas improve themselves from their conversations."""

from lifelong._quiet import quiet_loggers
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
from lifelong.genome.serving import Generation
from lifelong.persona import ImportReport, Persona, Trait
from lifelong.runtime import LifelongEvent, Runtime, RuntimeConfig, SyncRuntime

__version__ = "0.1.0"

quiet_loggers()

__all__ = [
    "BudgetExceeded",
    "ConfigError",
    "Generation",
    "ImportFailed",
    "ImportReport",
    "InvalidName",
    "InvalidRecord",
    "LifelongError",
    "LifelongEvent",
    "NotFound",
    "Persona",
    "Runtime",
    "RuntimeClosed",
    "RuntimeConfig",
    "SchemaVersionError",
    "StorageError",
    "SyncRuntime",
    "Trait",
    "__version__",
]
