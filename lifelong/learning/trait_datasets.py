"""A trait's datasets as a service: built from its unused interactions, exported, found again.

The job worker's training step and ``Runtime.build_dataset`` both go through here, so the
persona and trait are checked, and the folder a hash lives in is computed, in one place.

With an artifact store, a dataset is uploaded once built, and a machine resuming a job whose
dataset it never built fetches it (:meth:`TraitDatasets.ensure`): a resumed job trains on exactly
the data its checkpoints were made from, wherever it resumes.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import shutil
import tempfile
from pathlib import Path

from lifelong._hints import how
from lifelong._names import validate_name
from lifelong.errors import NotFound
from lifelong.genome.artifacts import partial_prefix
from lifelong.learning.dataset import Dataset, DatasetPolicy, build_dataset, export_dataset
from lifelong.persona.traits import check_declared
from lifelong.storage.blobs import (
    BlobCorrupted,
    BlobMissing,
    BlobStore,
    BlobStoreError,
    get_tree,
    put_tree,
    read_tree,
)
from lifelong.storage.repos import PersonaRepo, TrainingRepo

__all__ = ["TraitDatasets"]

log = logging.getLogger("lifelong.learning.datasets")


class TraitDatasets:
    def __init__(
        self,
        personas: PersonaRepo,
        training: TrainingRepo,
        root: Path,
        policy: DatasetPolicy,
        remote: BlobStore | None = None,
    ) -> None:
        self.personas = personas
        self.training = training
        self.root = root
        self.policy = policy
        self.remote = remote  # the artifact store, if any

    async def build(
        self, persona: str, trait: str, *, job_id: str | None = None
    ) -> tuple[Dataset, Path]:
        """Build and export the dataset for (persona, trait) from its unused interactions.

        With ``job_id`` the interactions it accounts for are claimed by that training
        session; they are marked used only when its layer is deployed.
        """
        row = await self.personas.get(validate_name("persona", persona))
        if row is None:
            raise NotFound("persona", persona, how("create persona", persona=persona))
        check_declared(row.traits, persona, trait)
        candidates = await self.training.candidates(
            persona, trait, min_quality=self.policy.min_quality, job_id=job_id
        )
        dataset = await asyncio.to_thread(
            build_dataset, candidates, persona=persona, trait=trait, profile=row.profile,
            policy=self.policy,
        )  # fmt: skip
        folder = await asyncio.to_thread(export_dataset, dataset, self.root)
        if self.remote is not None:
            try:
                await asyncio.to_thread(self._upload, folder, persona, trait, dataset.hash)
            except BlobStoreError as exc:  # training here goes on; only a takeover needs it
                log.warning("%s/%s: dataset not uploaded: %s", persona, trait, exc)
        if job_id is not None:
            await self.training.claim(job_id, dataset.interaction_ids)
        return dataset, folder

    def folder(self, persona: str, trait: str, dataset_hash: str) -> Path:
        """Where :meth:`build` exported the dataset with this hash."""
        persona, trait = validate_name("persona", persona), validate_name("trait", trait)
        return self.root / persona / trait / dataset_hash[:16]

    def remote_key(self, persona: str, trait: str, dataset_hash: str) -> str:
        """Where the dataset with this hash lives in the artifact store."""
        folder = self.folder(persona, trait, dataset_hash)
        return f"datasets/{folder.relative_to(self.root).as_posix()}"

    async def ensure(self, persona: str, trait: str, dataset_hash: str) -> bool:
        """Whether the dataset with this hash is here, fetching it from the artifact store
        when this machine lacks it (checked file by file, renamed into place whole). False
        when it is nowhere (or the store's copy is damaged: then it is rebuilt).
        """
        folder = self.folder(persona, trait, dataset_hash)
        if (folder / "manifest.json").is_file():
            return True
        if self.remote is None:
            return False
        try:
            return await asyncio.to_thread(self._fetch, folder, persona, trait, dataset_hash)
        except BlobStoreError as exc:
            log.warning("%s/%s: dataset %s... not fetched: %s", persona, trait,
                        dataset_hash[:16], exc)  # fmt: skip
            return False

    def _upload(self, folder: Path, persona: str, trait: str, dataset_hash: str) -> None:
        assert self.remote is not None
        key = self.remote_key(persona, trait, dataset_hash)
        if read_tree(self.remote, key) is None:
            put_tree(self.remote, key, folder, meta={"dataset_hash": dataset_hash})

    def _fetch(self, folder: Path, persona: str, trait: str, dataset_hash: str) -> bool:
        assert self.remote is not None
        tree = read_tree(self.remote, self.remote_key(persona, trait, dataset_hash))
        if tree is None:
            return False
        folder.parent.mkdir(parents=True, exist_ok=True)
        # Named after this process: the start-up sweep leaves it alone while we live.
        staging = Path(tempfile.mkdtemp(prefix=partial_prefix("fetch"), dir=folder.parent))
        try:
            get_tree(self.remote, tree.prefix, staging, tree)
            manifest = json.loads((staging / "manifest.json").read_text())
            if manifest.get("hash") != dataset_hash:
                raise BlobCorrupted(f"{tree.prefix} holds dataset {manifest.get('hash')!r}")
            for path in staging.iterdir():
                with path.open("rb") as fh:
                    os.fsync(fh.fileno())
            try:
                staging.rename(folder)
            except OSError:
                if not (folder / "manifest.json").is_file():
                    raise
        except (BlobCorrupted, BlobMissing, OSError, ValueError) as exc:
            log.warning("%s/%s: the artifact store's copy of dataset %s... is unusable: %s",
                        persona, trait, dataset_hash[:16], exc)  # fmt: skip
            return False
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)
        return True
