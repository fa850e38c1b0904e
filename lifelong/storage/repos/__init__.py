"""Repositories: the only code in lifelong that writes SQL."""

from __future__ import annotations

from dataclasses import dataclass

from lifelong.storage.database import Database
from lifelong.storage.repos.chats import ChatPrefixRepo
from lifelong.storage.repos.events import EventRepo
from lifelong.storage.repos.generations import GenerationRepo, ServedTurn
from lifelong.storage.repos.genome import GenomeRepo
from lifelong.storage.repos.imports import ImportRepo
from lifelong.storage.repos.interactions import InteractionRepo
from lifelong.storage.repos.jobs import JobRepo
from lifelong.storage.repos.leases import LeaseRepo
from lifelong.storage.repos.memory import MemoryRepo
from lifelong.storage.repos.metrics import MetricsRepo
from lifelong.storage.repos.personas import PersonaRepo
from lifelong.storage.repos.reports import ReportRepo
from lifelong.storage.repos.routing import PromptSum, RoutingProfile, TraitProfileRepo
from lifelong.storage.repos.scoring import ScoringRepo
from lifelong.storage.repos.tokens import TokenRepo
from lifelong.storage.repos.training import TrainingRepo

__all__ = [
    "ChatPrefixRepo",
    "EventRepo",
    "GenerationRepo",
    "GenomeRepo",
    "ImportRepo",
    "InteractionRepo",
    "JobRepo",
    "LeaseRepo",
    "MemoryRepo",
    "MetricsRepo",
    "PersonaRepo",
    "PromptSum",
    "ReportRepo",
    "Repositories",
    "RoutingProfile",
    "ScoringRepo",
    "ServedTurn",
    "TokenRepo",
    "TrainingRepo",
    "TraitProfileRepo",
]


@dataclass(frozen=True, slots=True)
class Repositories:
    """Every repository over one database: what the runtime hands, a few at a time, to the
    services it wires (the job worker, training, deploy, scoring). Storage internals for
    tests and tools; the public API is :class:`lifelong.Runtime`'s verbs.
    """

    db: Database
    personas: PersonaRepo
    interactions: InteractionRepo
    imports: ImportRepo
    events: EventRepo
    training: TrainingRepo
    jobs: JobRepo
    genome: GenomeRepo
    generations: GenerationRepo
    leases: LeaseRepo
    metrics: MetricsRepo
    scoring: ScoringRepo
    reports: ReportRepo
    profiles: TraitProfileRepo
    tokens: TokenRepo
    memory: MemoryRepo
    chats: ChatPrefixRepo

    @classmethod
    def over(cls, db: Database) -> Repositories:
        events = EventRepo(db)
        return cls(
            db=db, personas=PersonaRepo(db), interactions=InteractionRepo(db),
            imports=ImportRepo(db), events=events, training=TrainingRepo(db),
            jobs=JobRepo(db, events), genome=GenomeRepo(db),
            generations=GenerationRepo(db), leases=LeaseRepo(db), metrics=MetricsRepo(db),
            scoring=ScoringRepo(db), reports=ReportRepo(db), profiles=TraitProfileRepo(db),
            tokens=TokenRepo(db), memory=MemoryRepo(db), chats=ChatPrefixRepo(db),
        )  # fmt: skip
