"""What a runtime does to its home when it starts: makes the folder, and cleans up whatever a
killed process left half done (partial artifact copies in the genome, downloads and dataset
exports under an artifact store's cache, imports that never finished). Each is safe to
repeat; none touches what another live process is writing (their names and leases say whose
they are).
"""

from __future__ import annotations

import asyncio
import logging
import os
from pathlib import Path

from lifelong.errors import StorageError
from lifelong.genome.artifacts import ArtifactStore, sweep_abandoned
from lifelong.storage.blobs import BlobStore
from lifelong.storage.repos.imports import ImportRepo

__all__ = ["clean_after_a_kill", "make_home"]

log = logging.getLogger("lifelong.runtime")


def make_home(home: Path) -> None:
    """The runtime's home folder, created if it is not there (StorageError saying what to do
    when it cannot be)."""
    try:
        os.makedirs(home, exist_ok=True)
    except OSError as exc:
        raise StorageError(
            f"cannot create the runtime home {home}: {exc.strerror}; "
            "choose another --home (LIFELONG_HOME) or make its parent folder writable"
        ) from None


async def clean_after_a_kill(
    *, artifacts: ArtifactStore, blobs: BlobStore | None, artifacts_home: Path, imports: ImportRepo
) -> None:
    await asyncio.to_thread(artifacts.sweep_partials)
    if blobs is not None:
        await asyncio.to_thread(blobs.check)  # a wrong bucket fails here, clearly
        # Downloads (and dataset exports) a killed process left half done.
        for folder, depth in (("datasets", 3), ("sessions", 4)):
            await asyncio.to_thread(sweep_abandoned, artifacts_home / folder, depth)
    abandoned = await imports.discard_stale()
    if abandoned:
        log.warning("discarded %d import(s) left unfinished by a stopped process", abandoned)
