"""Consolidation: merge a persona's active layers into one snapshot of its base model, and
test it before it serves.

The snapshot is stored as a version of the reserved trait ``merged-base``. It is activated only
when it keeps what each layer taught (see :func:`~lifelong.learning.evaluation.evaluate_merge`):
summing LoRA deltas trained apart can cost a persona its facts, and a merge that does is
stored as a rejected version with its figures, while the layers keep serving.
"""

from __future__ import annotations

import asyncio
import logging
import shutil
from dataclasses import dataclass
from typing import Any

from lifelong._model_thread import BACKGROUND, background_work, in_model_thread
from lifelong._names import MERGED
from lifelong.engine.merge import merge_into_snapshot
from lifelong.engine.serving import LayerServer
from lifelong.errors import LifelongError
from lifelong.genome.store import LayerStore, NewLayer
from lifelong.learning.anchor import load_anchor_set
from lifelong.learning.embeddings import Embedder
from lifelong.learning.evaluation import (
    GatePolicy,
    MergedTrait,
    MergePolicy,
    evaluate_merge,
    read_heldout,
)
from lifelong.learning.trait_datasets import TraitDatasets
from lifelong.storage.repos import JobRepo
from lifelong.storage.rows import LayerRow

__all__ = ["MergeOutcome", "MergeServices", "merge_and_test"]

log = logging.getLogger("lifelong.runtime.consolidate")


@dataclass(frozen=True, slots=True)
class MergeServices:
    """What merging and testing a snapshot uses: the genome, serving, the jobs (a layer's job
    names the dataset whose held-out replies test it), datasets, the embedder and policies.
    """

    layers: LayerStore
    server: LayerServer
    jobs: JobRepo
    datasets: TraitDatasets
    embedder: Embedder
    gate: GatePolicy
    policy: MergePolicy


@dataclass(frozen=True, slots=True)
class MergeOutcome:
    version: int
    deployed: bool
    reason: str
    evaluation: dict[str, Any]


@background_work
async def merge_and_test(
    svc: MergeServices, persona: str, *, by: str, force: bool = False
) -> MergeOutcome:
    """Merge the persona's active local layers, test the snapshot against them, store it as
    the next ``merged-base`` version; active only if it passed (or ``force``).
    """
    active = await svc.layers.active(persona)
    active.pop(MERGED, None)
    local = {t: r for t, r in sorted(active.items()) if r["kind"] == "local"}
    if not local:
        raise LifelongError(f"{persona} has no active local layers to merge")
    bases = {(r["manifest"].get("base_model") or {}).get("name") for r in local.values()}
    if len(bases) > 1:
        raise LifelongError(f"{persona}'s layers were trained on different base models")
    base_name = bases.pop()
    base = await svc.server.base_path(base_name)
    adapters = [
        (trait, await asyncio.to_thread(svc.layers.artifact_path, row))
        for trait, row in local.items()
    ]
    # Beside the objects, named after this process: a later start sweeps it only once we are
    # gone.
    out = svc.layers.artifacts.new_partial("merge")
    try:
        await in_model_thread(merge_into_snapshot, base, adapters, out, priority=BACKGROUND)
        staged = await svc.layers.stage(
            NewLayer(
                kind="merged", provider="merge", artifact_dir=out,
                manifest={"base_model": {"name": base_name},
                          "merged": {t: r["version"] for t, r in local.items()},
                          "layer_ids": {t: r["id"] for t, r in local.items()}},
            )
        )  # fmt: skip
    finally:
        await asyncio.to_thread(shutil.rmtree, out, True)
    snapshot = await asyncio.to_thread(
        svc.layers.artifacts.verified_path, staged["artifact_sha256"]
    )
    traits = [
        MergedTrait(trait, row, *await _heldout(svc, persona, trait, row))
        for trait, row in local.items()
    ]
    evaluation = await evaluate_merge(
        svc.server, base=base, snapshot=snapshot, traits=traits, anchor=load_anchor_set(),
        gate=svc.gate, policy=svc.policy, embed=svc.embedder.encode,
    )  # fmt: skip
    gate = evaluation["gate"]
    deploy = gate["passed"] or force
    if force and not gate["passed"]:
        evaluation["forced"] = {"by": by}
    merged = ", ".join(f"{t} v{r['version']}" for t, r in local.items())
    version = await svc.layers.add(
        persona, MERGED, staged, evaluation=evaluation, deploy=deploy, by=by,
        reason=f"merged {merged}: {gate['reason']}",
    )  # fmt: skip
    if not deploy:
        log.warning("%s/%s v%d not activated: %s", persona, MERGED, version, gate["reason"])
        # The test loaded the snapshot as a second full model: not kept for nothing.
        await in_model_thread(svc.server.cache.forget_base, snapshot, priority=BACKGROUND)
    return MergeOutcome(version, deploy, gate["reason"], evaluation)


async def _heldout(
    svc: MergeServices, persona: str, trait: str, row: LayerRow
) -> tuple[list[dict[str, Any]], str]:
    """The held-out replies of the dataset the layer was trained on (none for a layer that
    came without a job, e.g. added by hand).
    """
    job = await svc.jobs.get(row["job_id"]) if row.get("job_id") else None
    if job is None or not job.dataset_hash:
        return [], "none"
    if not await svc.datasets.ensure(persona, trait, job.dataset_hash):
        return [], "none"
    folder = svc.datasets.folder(persona, trait, job.dataset_hash)
    return await asyncio.to_thread(read_heldout, folder, svc.gate.max_examples)
