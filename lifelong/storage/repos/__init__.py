"""Repositories: the only code in lifelong that writes SQL."""

from lifelong.storage.repos.events import EventRepo
from lifelong.storage.repos.genome import GenomeRepo
from lifelong.storage.repos.imports import ImportRepo
from lifelong.storage.repos.interactions import InteractionRepo
from lifelong.storage.repos.metrics import MetricsRepo
from lifelong.storage.repos.personas import PersonaRepo
from lifelong.storage.repos.reports import ReportRepo
from lifelong.storage.repos.routing import PromptSum, RoutingProfile, TraitProfileRepo
from lifelong.storage.repos.scoring import ScoringRepo
from lifelong.storage.repos.training import TrainingRepo

__all__ = [
    "EventRepo",
    "GenomeRepo",
    "ImportRepo",
    "InteractionRepo",
    "MetricsRepo",
    "PersonaRepo",
    "PromptSum",
    "ReportRepo",
    "RoutingProfile",
    "ScoringRepo",
    "TrainingRepo",
    "TraitProfileRepo",
]
