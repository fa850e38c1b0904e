"""Repositories: the only code in lifelong that writes SQL."""

from lifelong.storage.repos.events import EventRepo
from lifelong.storage.repos.imports import ImportRepo
from lifelong.storage.repos.interactions import InteractionRepo
from lifelong.storage.repos.personas import PersonaRepo

__all__ = ["EventRepo", "ImportRepo", "InteractionRepo", "PersonaRepo"]
