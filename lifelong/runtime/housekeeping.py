"""What a runtime cleans up when it starts: whatever a killed process left half done. Partial
artifact copies in the genome, downloads and dataset exports under an artifact store's cache,
and imports that never finished. Each is safe to repeat; none touches what another live
process is writing (their names and leases say whose they are).
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from lifelong.genome.artifacts import ArtifactStore, sweep_abandoned
from lifelong.storage.blobs import BlobStore
from lifelong.storage.repos.imports import ImportRepo

__all__ = ["clean_after_a_kill"]

log = logging.getLogger("lifelong.runtime")


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
