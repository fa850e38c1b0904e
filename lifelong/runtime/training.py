"""Running one training session: dataset -> provider chain -> trained layer.

This is the step between a queued job and its auto-test / deploy: it builds and claims the
dataset, streams the provider's progress into the metrics table and its decisions onto the
session, stores the estimate and the actual cost, and leaves the session ``trained``. What
ends an attempt otherwise (over budget, every provider failed, a stop at a checkpoint) is
raised for the job worker, which owns the job's other transitions.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lifelong._names import validate_name
from lifelong.adapters.base import Progress, TrainRequest, TrainResult
from lifelong.adapters.failover import Decision, ProviderChain
from lifelong.errors import NothingToLearn
from lifelong.learning.methods import plan_method
from lifelong.learning.trait_datasets import TraitDatasets
from lifelong.storage.repos import EventRepo, JobRepo, TrainingRepo
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
    its dataset, the event sink for progress, the training settings and where sessions live.
    """

    jobs: JobRepo
    training: TrainingRepo
    events: EventRepo
    datasets: TraitDatasets
    settings: TrainingSettings
    sessions_dir: Path

    async def delete_checkpoints(self, session_id: str) -> None:
        """Delete a job's checkpoints, of every provider (what ``cancel`` promises)."""
        folder = self.sessions_dir / validate_name("job id", session_id)
        for checkpoints in folder.glob("*/checkpoints*"):
            await asyncio.to_thread(shutil.rmtree, checkpoints, ignore_errors=True)


async def run_training_session(
    svc: TrainingServices,
    session_id: str,
    chain: ProviderChain,
    *,
    owner: str,
    approved: bool = False,
    cancel: asyncio.Event | None = None,
) -> TrainResult:
    """Train job ``session_id``, which worker ``owner`` has claimed, with ``chain``; see the
    module docstring. Every write is fenced by the lease (:class:`LeaseLost` once it is gone).
    Raises what ends the attempt (BudgetExceeded, ProvidersExhausted, ProviderError,
    CancelledError at a checkpoint): the worker turns it into the job's next state.
    """
    jobs = svc.jobs
    job = await jobs.check(session_id, owner)
    persona, trait = job.persona, job.trait
    folder = svc.datasets.folder(persona, trait, job.dataset_hash or "-")
    if job.dataset_hash and (folder / "manifest.json").is_file():
        # A resumed job trains on exactly the data its checkpoints were made from (its
        # interactions are still claimed by it).
        dataset_hash = job.dataset_hash
        counts = json.loads((folder / "manifest.json").read_text())["counts"]
        rated_only: list[str] = []  # given back when the job was first planned
    else:
        dataset, folder = await svc.datasets.build(persona, trait, session_id=session_id)
        small = dataset.too_small(svc.datasets.policy)
        if small is not None:  # refused before any training: it could not be judged
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
        await svc.training.unclaim(session_id, rated_only)
    await jobs.start(
        session_id, owner, dataset_hash=dataset_hash,
        event=event_row("TrainingStarted", persona=persona, trait=trait,
                        payload={"dataset": counts, "method": plan.label,
                                 "method_reason": plan.reason}),
    )  # fmt: skip
    request = TrainRequest(
        session_id=session_id, persona=persona, trait=trait, dataset_dir=folder,
        dataset_hash=dataset_hash, output_dir=svc.sessions_dir / session_id,
        method=plan.method, preference=plan.preference,  # type: ignore[arg-type]
        preference_optional=plan.optional,
    )  # fmt: skip

    async def on_progress(progress: Progress) -> None:
        points = [
            (name, value)
            for name, value in (
                ("loss", progress.loss), ("learning_rate", progress.learning_rate),
                ("tokens_per_sec", progress.tokens_per_sec), ("eta_s", progress.eta_s),
            )
            if value is not None
        ]  # fmt: skip
        await jobs.progress(
            session_id, owner, points, step=progress.step, persona=persona, trait=trait
        )
        # Delivered to subscribers (progress bars), not stored: the metrics table has the curve.
        svc.events.publish([event_row(
            "TrainingProgress", persona=persona, trait=trait, session_id=session_id,
            payload={k: v for k, v in dataclasses.asdict(progress).items() if v is not None},
        )])  # fmt: skip
        if progress.message:
            await svc.events.log("INFO", "trainer", progress.message, session_id=session_id,
                                persona=persona)  # fmt: skip

    async def on_decision(decision: Decision) -> None:
        await jobs.add_decision(session_id, owner, decision.as_dict())
        level = "WARNING" if decision.action in ("retry", "next", "over_budget") else "INFO"
        await svc.events.log(level, "failover", f"{decision.provider}: {decision.action}"
                            + (f" ({decision.message})" if decision.message else ""),
                            session_id=session_id, persona=persona)  # fmt: skip

    result, estimate = await chain.train(
        request, on_progress, cancel or asyncio.Event(), on_decision=on_decision,
        spent_this_month=await svc.training.spent_this_month(persona), approved=approved,
    )  # fmt: skip
    await jobs.trained(
        session_id, owner, provider=result.provider, cost=result.cost,
        estimate=dataclasses.asdict(estimate), result=result_to_json(result),
        event=event_row("TrainingCompleted", persona=persona, trait=trait,
                        payload={"provider": result.provider, "final_loss": result.final_loss,
                                 "steps": result.steps, "cost": result.cost}),
    )  # fmt: skip
    log.info("%s/%s: session %s trained by %s", persona, trait, session_id, result.provider)
    return result


def result_to_json(result: TrainResult) -> dict[str, Any]:
    data = dataclasses.asdict(result)
    data["artifact_dir"] = str(result.artifact_dir) if result.artifact_dir else None
    return data


def result_from_json(data: dict[str, Any]) -> TrainResult:
    artifact = data.get("artifact_dir")
    return TrainResult(**{**data, "artifact_dir": Path(artifact) if artifact else None})
