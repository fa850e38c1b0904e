"""lifelong: a runtime that lets chat personas improve themselves from their conversations."""

from lifelong._quiet import quiet_loggers
from lifelong.adapters.base import TrainerProvider
from lifelong.adapters.registry import register_provider, unregister_provider
from lifelong.engine.serving import Generation
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
from lifelong.events import (
    CanaryPromoted,
    CanaryStarted,
    LayerActivated,
    LayerAutoRolledBack,
    LayerCorrupted,
    LayerDeployed,
    LayerRejected,
    LayerRolledBack,
    LayersPruned,
    MemoryConsolidated,
    QualityDropped,
    ReportWritten,
    TrainingCompleted,
    TrainingControlled,
    TrainingFailed,
    TrainingProgress,
    TrainingQueued,
    TrainingStarted,
)
from lifelong.persona import ImportReport, Persona, Trait
from lifelong.runtime import LifelongEvent, Runtime, RuntimeConfig, SyncRuntime

__version__ = "0.1.0"

quiet_loggers()

__all__ = [
    "BudgetExceeded",
    "CanaryPromoted",
    "CanaryStarted",
    "ConfigError",
    "Generation",
    "ImportFailed",
    "ImportReport",
    "InvalidName",
    "InvalidRecord",
    "LayerActivated",
    "LayerAutoRolledBack",
    "LayerCorrupted",
    "LayerDeployed",
    "LayerRejected",
    "LayerRolledBack",
    "LayersPruned",
    "LifelongError",
    "LifelongEvent",
    "MemoryConsolidated",
    "NotFound",
    "Persona",
    "QualityDropped",
    "ReportWritten",
    "Runtime",
    "RuntimeClosed",
    "RuntimeConfig",
    "SchemaVersionError",
    "StorageError",
    "SyncRuntime",
    "TrainerProvider",
    "TrainingCompleted",
    "TrainingControlled",
    "TrainingFailed",
    "TrainingProgress",
    "TrainingQueued",
    "TrainingStarted",
    "Trait",
    "__version__",
    "register_provider",
    "unregister_provider",
]
