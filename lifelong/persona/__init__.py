"""Persona handles: record, feedback; traits; the interaction format and import."""

from lifelong.persona.importer import ImportProblem, ImportReport
from lifelong.persona.persona import Persona
from lifelong.persona.traits import Trait

__all__ = ["ImportProblem", "ImportReport", "Persona", "Trait"]
