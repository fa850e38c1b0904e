"""Running one training session: dataset -> provider chain -> trained layer.

This is the step between a queued job and its auto-test / deploy: it builds and claims the
dataset, streams the provider's progress into the metrics table and its decisions onto the
session, stores the estimate and the actual cost, and leaves the session ``trained``. What
ends an attempt otherwise (over budget, every provider failed, a stop at a checkpoint) is
raised for the job worker, which owns the job's other transitions.

With an artifact store (``TrainingServices.mirror``), the job's dataset and checkpoints live
there too: a job resumed on a machine that lacks them fetches them first, and the checkpoints
it makes are uploaded as they complete (:mod:`lifelong.runtime.checkpoints`).
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import logging
import shutil
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lifelong._names import validate_name
from lifelong.adapters.base import Progress, TrainRequest, TrainResult
from lifelong.adapters.failover import Decision, ProviderChain
from lifelong.errors import NothingToLearn
from lifelong.events import TrainingCompleted, TrainingProgress, TrainingStarted
from lifelong.jobs import Job
from lifelong.learning.dataset import NOTHING_YET
from lifelong.learning.methods import plan_method
from lifelong.learning.trait_datasets import TraitDatasets
from lifelong.runtime.checkpoints import CheckpointMirror
from lifelong.storage.blobs import BlobStoreError
from lifelong.storage.repos import EventRepo, JobRepo, ScoringRepo, TrainingRepo
from lifelong.storage.repos.events import event_row

if TYPE_CHECKING:
    from lifelong.runtime.config import TrainingSettings

__all__ = [
    "TrainingServices",
    "result_from_json",
    "result_to_json",
    "run_training_session",
]

log = logging.getLogger("lifelong.runtime.training")


@dataclass(frozen=True, slots=True)
class TrainingServices:
    """What training a job uses: the job's fenced writes, the claims on its interactions,
    its dataset, the event sink for progress, the training settings, where sessions live and,
    with an artifact store, the mirror of sessions there.
    """

    jobs: JobRepo
    training: TrainingRepo
    events: EventRepo
    datasets: TraitDatasets
    settings: TrainingSettings
    sessions_dir: Path
    mirror: CheckpointMirror | None = None
    # What an empty dataset's refusal says of the turns still waiting for a score: how many
    # (None: not said) and how often this process scores them (None: it does not).
    scoring: ScoringRepo | None = None
    scoring_every_s: float | None = None

    async def waiting_for_scores(self, persona: str, trait: str) -> str | None:
        """What a too small dataset of (persona, trait) waits for, if its turns are not all
        scored yet: how many, and when scoring runs; None when nothing waits.
        """
        if self.scoring is None:
            return None
        of_trait, unrouted = await self.scoring.unscored_of(persona, trait)
        if not of_trait and not unrouted:
            return None
        what = [f"{_turns(of_trait)} of {persona}/{trait}"] if of_trait else []
        if unrouted:
            what.append(f"{unrouted if of_trait else _turns(unrouted)} of {persona}'s with no "
                        "trait yet")  # fmt: skip
        verb = "is" if of_trait + unrouted == 1 else "are"
        when = (
            f"scoring runs every {self.scoring_every_s:g} s (or call rt.score_pending())"
            if self.scoring_every_s is not None
            else "this process does not score in the background (a `lifelong worker` or a "
            "runtime with background on does): call rt.score_pending()"
        )
        return f"{' and '.join(what)} {verb} not scored yet; {when}"

    async def delete_checkpoints(self, job_id: str) -> None:
        """Delete a job's checkpoints, of every provider (what ``cancel`` promises), here
        and in the artifact store.
        """
        folder = self.sessions_dir / validate_name("job id", job_id)
        for checkpoints in folder.glob("*/checkpoints*"):
            await asyncio.to_thread(shutil.rmtree, checkpoints, ignore_errors=True)
        if self.mirror is not None:
            try:
                await asyncio.to_thread(self.mirror.delete, job_id)
            except BlobStoreError as exc:
                log.warning("job %s: checkpoints not deleted from the artifact store: %s",
                            job_id, exc)  # fmt: skip

    async def trained_result(self, job: Job) -> TrainResult:
        """The layer of a job trained before a restart, on this machine or on another one
        (then its dataset and trained folder are fetched from the artifact store).
        """
        result = result_from_json(job.trained_result or {})
        if self.mirror is None:
            return result
        if job.dataset_hash:
            await self.datasets.ensure(job.persona, job.trait, job.dataset_hash)
        if result.artifact_dir is not None and not result.artifact_dir.is_dir():
            try:
                here = await asyncio.to_thread(self.mirror.localize, job.id, result.artifact_dir)
            except BlobStoreError as exc:
                log.warning("job %s: trained layer not fetched: %s", job.id, exc)
                here = None
            if here is not None:
                result = dataclasses.replace(result, artifact_dir=here)
        return result

    @contextlib.asynccontextmanager
    async def _mirrored(self, job_id: str) -> AsyncIterator[Callable[[], None]]:
        """Checkpoints fetched before the body and uploaded during and after it (a no-op
        without an artifact store); yields the poke that says a new one may be complete.
        """
        if self.mirror is None:
            yield lambda: None
            return
        try:
            fetched = await asyncio.to_thread(self.mirror.pull, job_id)
        except BlobStoreError as exc:  # train from what is here: slower, never wrong
            log.warning("job %s: checkpoints not fetched: %s", job_id, exc)
            fetched = []
        if fetched:
            log.info("job %s: resuming from the artifact store (%s)", job_id,
                     ", ".join(fetched))  # fmt: skip
        async with self.mirror.following(job_id) as poke:
            yield poke


def _turns(n: int) -> str:
    return f"{n} turn{'' if n == 1 else 's'}"


async def run_training_session(
    svc: TrainingServices,
    job_id: str,
    chain: ProviderChain,
    *,
    owner: str,
    approved: bool = False,
    cancel: asyncio.Event | None = None,
) -> TrainResult:
    """Train job ``job_id``, which worker ``owner`` has claimed, with ``chain``; see the
    module docstring. Every write is fenced by the lease (:class:`LeaseLost` once it is gone).
    Raises what ends the attempt (BudgetExceeded, ProvidersExhausted, ProviderError,
    CancelledError at a checkpoint): the worker turns it into the job's next state.
    """
    jobs = svc.jobs
    job = await jobs.check(job_id, owner)
    persona, trait = job.persona, job.trait
    folder = svc.datasets.folder(persona, trait, job.dataset_hash or "-")
    if job.dataset_hash and await svc.datasets.ensure(persona, trait, job.dataset_hash):
        # A resumed job trains on exactly the data its checkpoints were made from (its
        # interactions are still claimed by it).
        dataset_hash = job.dataset_hash
        counts = json.loads((folder / "manifest.json").read_text())["counts"]
        rated_only: list[str] = []  # given back when the job was first planned
    else:
        dataset, folder = await svc.datasets.build(persona, trait, job_id=job_id)
        small = dataset.too_small(svc.datasets.policy)
        if small is not None:  # refused before any training: it could not be judged
            waiting = await svc.waiting_for_scores(persona, trait)
            if waiting is not None:  # say what it waits for, not only that it is empty
                small = f"{small}{': ' if small == NOTHING_YET else '; '}{waiting}"
            raise NothingToLearn(persona, trait, small)
        dataset_hash, counts = dataset.hash, dataset.manifest["counts"]
        rated_only = dataset.rated_only
    settings = svc.settings
    plan = plan_method(
        job.params.get("method") or settings.method, counts,
        min_preference=settings.min_preference_examples,
    )  # fmt: skip
    if isinstance(plan, str):  # an explicit method with nothing of its kind in the dataset
        raise NothingToLearn(persona, trait, plan)
    if rated_only and "kto" not in (plan.method, plan.preference):
        # Turns only a KTO pass learns from stay for a job that runs one.
        await svc.training.unclaim(job_id, rated_only)
    await jobs.start(
        job_id, owner, dataset_hash=dataset_hash,
        event=event_row(TrainingStarted, persona=persona, trait=trait,
                        payload={"dataset": counts, "method": plan.label,
                                 "method_reason": plan.reason}),
    )  # fmt: skip
    request = TrainRequest(
        job_id=job_id, persona=persona, trait=trait, dataset_dir=folder,
        dataset_hash=dataset_hash, output_dir=svc.sessions_dir / job_id,
        method=plan.method, preference=plan.preference,  # type: ignore[arg-type]
        preference_optional=plan.optional,
    )  # fmt: skip

    async def on_progress(progress: Progress) -> None:
        points = [
            (name, value)
            for name, value in (
                ("loss", progress.loss), ("learning_rate", progress.learning_rate),
                ("tokens_per_sec", progress.tokens_per_sec), ("eta_s", progress.eta_s),
                # With the step, what a progress bar in another process needs (the dashboard).
                ("total_steps", progress.total_steps),
                # Before the first step: the replay samples the base model draws.
                ("replay_done", progress.replay_done), ("replay_total", progress.replay_total),
            )
            if value is not None
        ]  # fmt: skip
        await jobs.progress(job_id, owner, points, step=progress.step, persona=persona, trait=trait)
        # Delivered to subscribers (progress bars), not stored: the metrics table has the curve.
        svc.events.publish([event_row(
            TrainingProgress, persona=persona, trait=trait, job_id=job_id,
            payload={k: v for k, v in dataclasses.asdict(progress).items() if v is not None},
        )])  # fmt: skip
        if progress.message:
            await svc.events.log("INFO", "trainer", progress.message, job_id=job_id,
                                persona=persona)  # fmt: skip
        poke()  # a checkpoint may have just completed: upload it

    async def on_decision(decision: Decision) -> None:
        await jobs.add_decision(job_id, owner, decision.as_dict())
        level = "WARNING" if decision.action in ("retry", "next", "over_budget") else "INFO"
        await svc.events.log(level, "failover", f"{decision.provider}: {decision.action}"
                            + (f" ({decision.message})" if decision.message else ""),
                            job_id=job_id, persona=persona)  # fmt: skip

    async with svc._mirrored(job_id) as poke:
        result, estimate = await chain.train(
            request, on_progress, cancel or asyncio.Event(), on_decision=on_decision,
            spent_this_month=await svc.training.spent_this_month(persona), approved=approved,
        )  # fmt: skip
    await jobs.trained(
        job_id, owner, provider=result.provider, cost=result.cost,
        estimate=dataclasses.asdict(estimate), result=result_to_json(result),
        event=event_row(TrainingCompleted, persona=persona, trait=trait,
                        payload={"provider": result.provider, "final_loss": result.final_loss,
                                 "steps": result.steps, "cost": result.cost}),
    )  # fmt: skip
    log.info("%s/%s: job %s trained by %s", persona, trait, job_id, result.provider)
    return result


def result_to_json(result: TrainResult) -> dict[str, Any]:
    data = dataclasses.asdict(result)
    data["artifact_dir"] = str(result.artifact_dir) if result.artifact_dir else None
    return data


def result_from_json(data: dict[str, Any]) -> TrainResult:
    artifact = data.get("artifact_dir")
    return TrainResult(**{**data, "artifact_dir": Path(artifact) if artifact else None})
