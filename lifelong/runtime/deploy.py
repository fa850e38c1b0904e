"""From a trained layer to a deployed (or rejected) version: stage, auto-test, decide, store.

The artifact is copied into the content-addressed store first; the evaluation runs against it
through the adapter cache; then one transaction appends the version and, if the gate passed,
moves the active pointer, marks the interactions used and closes the session.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from lifelong.adapters.base import TrainResult
from lifelong.engine.cache import AdapterCache
from lifelong.engine.serving import LayerServer
from lifelong.events import MemoryConsolidated
from lifelong.genome.store import LayerStore, NewLayer, monitored_worse
from lifelong.learning.anchor import load_anchor_set
from lifelong.learning.consolidation import consolidate
from lifelong.learning.embeddings import Embedder
from lifelong.learning.evaluation import GatePolicy, evaluate_candidate, read_heldout, read_taught
from lifelong.learning.trait_datasets import TraitDatasets
from lifelong.runtime.logs import redact
from lifelong.storage.repos import JobRepo, MemoryRepo, TrainingRepo
from lifelong.storage.rows import LayerRow

__all__ = ["DeployOutcome", "DeployServices", "test_and_deploy"]

log = logging.getLogger("lifelong.runtime.deploy")

T = TypeVar("T")


class DeployOutcome(dict[str, Any]):
    """``{"version": N, "deployed": bool, "reason": str, "evaluation": {...}}``."""


@dataclass(frozen=True, slots=True)
class DeployServices:
    """What testing and deploying a trained layer uses: the job's fenced writes, the genome
    (store, serving, cache), the embedder the behaviour test compares answers with, the
    job's held-out data, the gate, and the rolling quality a deploy records as its baseline.
    """

    jobs: JobRepo
    training: TrainingRepo
    layers: LayerStore
    server: LayerServer
    cache: AdapterCache
    embedder: Embedder
    datasets: TraitDatasets
    policy: GatePolicy
    quality_window: int
    canary_fraction: float = 0.0  # > 0: a passed version starts as a canary (rollout settings)
    # Memory consolidation after a deploy (None: off): the turns the new layer says alone.
    memory: MemoryRepo | None = None
    # (persona, trait, held-out chats) -> those chats with the persona's memory put in,
    # never a held-out turn's own: the auto-test's "candidate+memory" answers (None: off).
    remind: Callable[[str, str, list[list[dict[str, str]]]],
                     Awaitable[list[list[dict[str, str]]]]] | None = None  # fmt: skip


async def test_and_deploy(
    svc: DeployServices,
    job_id: str,
    result: TrainResult,
    *,
    owner: str,
    stop: asyncio.Event | None = None,
) -> DeployOutcome:
    """Stage, test and store the layer job ``job_id`` trained, while worker ``owner``
    holds the job: checked before the (costly) test and again, fenced, in the transaction
    that stores the version. A worker that lost the job gets LeaseLost and stores nothing.

    ``stop`` set during the auto-test (a shutdown, a person's verb) ends it at once with
    ``CancelledError``, nothing stored: the job keeps its trained layer and tests it again
    when it runs next. Set by a shutdown during consolidation (a
    :class:`~lifelong.adapters.base.StopSignal` with ``detach``; any other event set), the
    version stays deployed unconsolidated. Set otherwise then, it is ignored: the version
    is stored and the job closed, so the job's heartbeat losing its lease (which sets
    ``stop``) is expected and consolidation finishes.
    """
    job = await svc.jobs.check(job_id, owner)
    persona, trait = job.persona, job.trait
    staged = await svc.layers.stage(
        NewLayer(
            kind=result.kind, provider=result.provider, manifest=result.manifest,
            artifact_dir=result.artifact_dir, remote_model=result.remote_model,
        )
    )  # fmt: skip
    policy = svc.policy
    active = (await svc.layers.active(persona)).get(trait)
    if result.kind == "local":
        evaluation = await until_stopped(
            _auto_test(svc, job.dataset_hash or "-", persona, trait, staged, active, result),
            stop,
            on_stop=lambda: svc.cache.evict(staged["id"]),
        )
    else:
        passed = policy.accept_remote
        evaluation = {
            "skipped": "a remote model cannot be measured locally",
            "gate": {"passed": passed, "reason": "remote layer accepted without local "
                     "evaluation (evaluation.accept_remote)" if passed else
                     "remote layers are not accepted (evaluation.accept_remote = false)"},
        }  # fmt: skip
    gate = evaluation["gate"]
    blocked = await _found_worse_before(svc.layers, persona, trait, staged)
    if gate["passed"] and blocked is not None:
        # The same weights served worse once and were rolled back by the monitor: never
        # deployed automatically again (an admin can still activate them).
        gate = evaluation["gate"] = {
            **gate, "passed": False,
            "reason": f"the same artifact as v{blocked}, which the post-deploy monitor rolled "
                      "back; not deployed automatically again",
        }  # fmt: skip
    quality, _ = await svc.training.rolling_quality(persona, trait, svc.quality_window)
    try:
        version = await svc.layers.add(
            persona, trait, staged, evaluation=evaluation, deploy=gate["passed"],
            by="auto-test", job_id=job_id, baseline_quality=quality or None,
            reason=gate["reason"], owner=owner, canary=svc.canary_fraction or None,
        )  # fmt: skip
    except BaseException:
        svc.cache.evict(staged["id"])
        raise
    if not gate["passed"]:
        svc.cache.evict(staged["id"])
    state = "rejected"
    if gate["passed"]:
        state = "deployed" if svc.canary_fraction <= 0 or active is None else "started as a canary"
    log.info("%s/%s v%d %s: %s", persona, trait, version, state, gate["reason"])
    if state == "deployed" and svc.memory is not None and result.kind == "local":
        heldout_facts = [
            (frozenset((p.get("key") or {}).get("slots") or ()), p.get("candidate"))
            for p in (evaluation.get("facts") or {}).get("prompts") or ()
        ]  # fmt: skip
        consolidating = _consolidate(
            svc, persona, trait, version, job.dataset_hash or "-", heldout_facts
        )
        try:
            await until_stopped(consolidating, stop, honour=lambda: _shutting_down(stop))
        except asyncio.CancelledError:
            if stop is None or not stop.is_set():
                raise
            log.info("%s/%s v%d: stopping, memory not consolidated", persona, trait, version)
    return DeployOutcome(
        version=version, deployed=gate["passed"], reason=gate["reason"], evaluation=evaluation
    )


async def _auto_test(
    svc: DeployServices,
    dataset_hash: str,
    persona: str,
    trait: str,
    staged: dict[str, Any],
    active: LayerRow | None,
    result: TrainResult,
) -> dict[str, Any]:
    """The evaluation of a staged local layer against the base and the active layer."""
    policy = svc.policy
    dataset_dir = svc.datasets.folder(persona, trait, dataset_hash)
    heldout, split = await asyncio.to_thread(read_heldout, dataset_dir, policy.max_examples)
    taught = await asyncio.to_thread(read_taught, dataset_dir)
    base = await svc.server.base_path((result.manifest.get("base_model") or {}).get("name"))
    remind = svc.remind
    return await evaluate_candidate(
        svc.server,
        base=base,
        candidate=svc.server.ref(staged, svc.layers.artifacts.path_of(staged["artifact_sha256"])),
        active=active if active is not None and _same_base(active, result) else None,
        heldout=heldout,
        heldout_split=split,
        anchor=load_anchor_set(),
        policy=policy,
        embed=svc.embedder.encode,
        taught_replies=taught,
        remind=(lambda chats: remind(persona, trait, chats)) if remind is not None else None,
    )


async def until_stopped(
    work: Awaitable[T],
    stop: asyncio.Event | None,
    on_stop: Callable[[], Any] | None = None,
    *,
    honour: Callable[[], bool] = lambda: True,
) -> T:
    """``await work``, unless ``stop`` is set first: then ``work`` is cancelled (a model call
    already running finishes on the model thread; nothing queued behind it runs),
    ``on_stop()`` runs, and this raises ``CancelledError``. While ``honour()`` says no once
    ``stop`` is set (set for a reason this work ignores), ``work`` goes on.
    """
    task = asyncio.ensure_future(work)
    if stop is None:
        return await task
    waiter = asyncio.ensure_future(stop.wait())
    try:
        await asyncio.wait({task, waiter}, return_when=asyncio.FIRST_COMPLETED)
        while not task.done() and not honour():
            # Set for a reason this work ignores: it goes on, and stops if ``honour``
            # changes its mind (a shutdown after the lease was lost).
            await asyncio.wait({task}, timeout=0.25)
    except BaseException:  # we were cancelled ourselves: so is the work
        task.cancel()
        raise
    finally:
        waiter.cancel()
    if task.done():
        return task.result()
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    if on_stop is not None:
        on_stop()
    raise asyncio.CancelledError()


async def _consolidate(
    svc: DeployServices,
    persona: str,
    trait: str,
    version: int,
    dataset_hash: str,
    heldout: list[tuple[frozenset[str], str | None]],
) -> None:
    """The memory turns the just-deployed version says on its own are marked consolidated
    (see :mod:`lifelong.learning.consolidation`). A failure here costs nothing but the
    chance: the version is deployed, the turns stay active. Either way a
    ``MemoryConsolidated`` event says how it ended (what waits for the steady state after a
    deploy, such as the learning benchmark, waits for it).
    """
    import json

    assert svc.memory is not None
    payload: dict[str, Any] = {"version": version}
    try:
        layer = await svc.layers.get(persona, trait, version)
        folder = svc.datasets.folder(persona, trait, dataset_hash)
        manifest = json.loads(await asyncio.to_thread((folder / "manifest.json").read_text))
        base = await svc.server.base_path((layer["manifest"].get("base_model") or {}).get("name"))
        done = await consolidate(
            svc.server, svc.memory, base=base, layer=layer,
            system_prompt=str(manifest.get("system_prompt") or ""),
            taught_replies=await asyncio.to_thread(read_taught, folder), heldout=heldout,
        )  # fmt: skip
        payload.update(checked=done["checked"], consolidated=done["consolidated"])
        if done.get("skipped"):
            payload["error"] = done["skipped"]
    except Exception as exc:
        log.warning("%s/%s v%d: memory not consolidated: %s: %s", persona, trait, version,
                    type(exc).__name__, exc)  # fmt: skip
        payload["error"] = f"{type(exc).__name__}: {redact(str(exc))}"
    try:
        await svc.layers.events.add(MemoryConsolidated, persona=persona, trait=trait,
                                    payload=payload)  # fmt: skip
    except Exception as exc:  # the record of it is not worth failing a deployed version
        log.warning("%s/%s v%d: consolidation not recorded: %s", persona, trait, version, exc)


async def _found_worse_before(
    layers: LayerStore, persona: str, trait: str, staged: dict[str, Any]
) -> int | None:
    sha = staged.get("artifact_sha256")
    if not sha:
        return None
    for row in await layers.versions(persona, trait):
        if row["artifact_sha256"] == sha and monitored_worse(row):
            return int(row["version"])
    return None


def _shutting_down(stop: asyncio.Event | None) -> bool:
    return stop is not None and bool(getattr(stop, "detach", True))


def _same_base(active: LayerRow, result: TrainResult) -> bool:
    def name(manifest: dict[str, Any]) -> Any:
        return (manifest.get("base_model") or {}).get("name")

    return active.get("kind") == "local" and name(active["manifest"]) == name(result.manifest)
