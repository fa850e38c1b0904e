"""The persistent store: SQLAlchemy 2 async over SQLite (default) or PostgreSQL."""

from lifelong.storage.database import Database
from lifelong.storage.ids import new_id
from lifelong.storage.recorder import Recorder
from lifelong.storage.repos import (
    EventRepo,
    GenomeRepo,
    ImportRepo,
    InteractionRepo,
    JobRepo,
    MetricsRepo,
    PersonaRepo,
    PromptSum,
    ReportRepo,
    Repositories,
    RoutingProfile,
    ScoringRepo,
    TrainingRepo,
    TraitProfileRepo,
)
from lifelong.storage.rows import CanaryVersion, LayerRow, LayerVersion
from lifelong.storage.schema import SCHEMA_VERSION, ensure_schema

__all__ = [
    "SCHEMA_VERSION",
    "CanaryVersion",
    "Database",
    "EventRepo",
    "GenomeRepo",
    "ImportRepo",
    "InteractionRepo",
    "JobRepo",
    "LayerRow",
    "LayerVersion",
    "MetricsRepo",
    "PersonaRepo",
    "PromptSum",
    "Recorder",
    "ReportRepo",
    "Repositories",
    "RoutingProfile",
    "ScoringRepo",
    "TrainingRepo",
    "TraitProfileRepo",
    "ensure_schema",
    "new_id",
]
