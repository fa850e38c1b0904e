"""A trait's datasets as a service: built from its unused interactions, exported, found again.

The job worker's training step and ``Runtime.build_dataset`` both go through here, so the
persona and trait are checked, and the folder a hash lives in is computed, in one place.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from lifelong._names import validate_name
from lifelong.errors import NotFound
from lifelong.learning.dataset import Dataset, DatasetPolicy, build_dataset, export_dataset
from lifelong.persona.traits import check_declared
from lifelong.storage.repos import PersonaRepo, TrainingRepo

__all__ = ["TraitDatasets"]


class TraitDatasets:
    def __init__(
        self, personas: PersonaRepo, training: TrainingRepo, root: Path, policy: DatasetPolicy
    ) -> None:
        self.personas = personas
        self.training = training
        self.root = root
        self.policy = policy

    async def build(
        self, persona: str, trait: str, *, session_id: str | None = None
    ) -> tuple[Dataset, Path]:
        """Build and export the dataset for (persona, trait) from its unused interactions.

        With ``session_id`` the interactions it accounts for are claimed by that training
        session; they are marked used only when its layer is deployed.
        """
        row = await self.personas.get(validate_name("persona", persona))
        if row is None:
            raise NotFound("persona", persona, "create it with rt.persona(name)")
        check_declared(row.traits, persona, trait)
        candidates = await self.training.candidates(
            persona, trait, min_quality=self.policy.min_quality, session_id=session_id
        )
        dataset = await asyncio.to_thread(
            build_dataset, candidates, persona=persona, trait=trait, profile=row.profile,
            policy=self.policy,
        )  # fmt: skip
        folder = await asyncio.to_thread(export_dataset, dataset, self.root)
        if session_id is not None:
            await self.training.claim(session_id, dataset.interaction_ids)
        return dataset, folder

    def folder(self, persona: str, trait: str, dataset_hash: str) -> Path:
        """Where :meth:`build` exported the dataset with this hash."""
        persona, trait = validate_name("persona", persona), validate_name("trait", trait)
        return self.root / persona / trait / dataset_hash[:16]
