"""Running one training session: dataset -> provider chain -> trained layer.

This is the step between a queued job and its auto-test / deploy: it builds and claims the
dataset, streams the provider's progress into the metrics table and its decisions onto the
session, stores the estimate and the actual cost, and leaves the session ``trained`` (or
``needs_approval``, ``failed``, ``stopped``).
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lifelong.adapters.base import Progress, TrainRequest, TrainResult
from lifelong.adapters.failover import Decision, ProviderChain, ProvidersExhausted
from lifelong.errors import BudgetExceeded, NotFound, ProviderPermanent
from lifelong.storage.repos.events import event_row

if TYPE_CHECKING:
    from lifelong.runtime.runtime import Runtime

__all__ = ["result_from_json", "result_to_json", "run_training_session"]

log = logging.getLogger("lifelong.runtime.training")


async def run_training_session(
    rt: Runtime,
    session_id: str,
    chain: ProviderChain,
    *,
    approved: bool = False,
    cancel: asyncio.Event | None = None,
) -> TrainResult:
    """Train the queued session ``session_id`` with ``chain``; see the module docstring."""
    session = await rt.training.get(session_id)
    if session is None:
        raise NotFound("training session", session_id, "list them with rt.training.list()")
    persona, trait = session["persona"], session["trait"]
    folder = rt.dataset_dir(persona, trait, session["dataset_hash"] or "-")
    if session["dataset_hash"] and (folder / "manifest.json").is_file():
        # A resumed job trains on exactly the data its checkpoints were made from (its
        # interactions are still claimed by it).
        dataset_hash = session["dataset_hash"]
        counts = json.loads((folder / "manifest.json").read_text())["counts"]
    else:
        dataset, folder = await rt.build_dataset(persona, trait, session_id=session_id)
        if len(dataset) == 0:
            await rt.training.finish(session_id, "failed", error="the dataset is empty")
            raise ProviderPermanent("dataset", f"{persona}/{trait} has nothing to learn from yet")
        dataset_hash, counts = dataset.hash, dataset.manifest["counts"]
    method = "sft" if counts.get("sft_train", 0) else "dpo"
    await rt.training.update(
        session_id,
        status="running",
        dataset_hash=dataset_hash,
        started_at=session["started_at"] or time.time(),
    )
    await rt.events.add(
        "TrainingStarted", persona=persona, trait=trait, session_id=session_id,
        payload={"dataset": counts, "method": method},
    )  # fmt: skip
    request = TrainRequest(
        session_id=session_id, persona=persona, trait=trait, dataset_dir=folder,
        dataset_hash=dataset_hash, output_dir=rt.config.home / "sessions" / session_id,
        method=method,
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
        await rt.metrics.add(points, step=progress.step, session_id=session_id,
                             persona=persona, trait=trait)  # fmt: skip
        # Delivered to subscribers (progress bars), not stored: the metrics table has the curve.
        rt.events.publish([event_row(
            "TrainingProgress", persona=persona, trait=trait, session_id=session_id,
            payload={k: v for k, v in dataclasses.asdict(progress).items() if v is not None},
        )])  # fmt: skip
        if progress.message:
            await rt.events.log("INFO", "trainer", progress.message, session_id=session_id,
                                persona=persona)  # fmt: skip

    async def on_decision(decision: Decision) -> None:
        await rt.training.add_decision(session_id, decision.as_dict())
        level = "WARNING" if decision.action in ("retry", "next", "over_budget") else "INFO"
        await rt.events.log(level, "failover", f"{decision.provider}: {decision.action}"
                            + (f" ({decision.message})" if decision.message else ""),
                            session_id=session_id, persona=persona)  # fmt: skip

    try:
        result, estimate = await chain.train(
            request, on_progress, cancel or asyncio.Event(), on_decision=on_decision,
            spent_this_month=await rt.training.spent_this_month(persona), approved=approved,
        )  # fmt: skip
    except BudgetExceeded as exc:
        await rt.training.update(session_id, status="needs_approval", error=str(exc))
        await rt.events.add("BudgetExceeded", persona=persona, trait=trait,
                            session_id=session_id, severity="warning", is_alert=True,
                            payload={"message": str(exc)})  # fmt: skip
        raise
    except ProvidersExhausted as exc:
        await rt.training.finish(session_id, "failed", error=str(exc))
        await rt.events.add("TrainingFailed", persona=persona, trait=trait,
                            session_id=session_id, severity="error", is_alert=True,
                            payload={"message": str(exc)})  # fmt: skip
        raise
    except asyncio.CancelledError:
        # Stopped at a checkpoint: the session keeps its slot and its claim, ready to resume.
        await asyncio.shield(rt.training.update(session_id, status="paused"))
        raise
    await rt.training.update(
        session_id, status="trained", provider=result.provider, cost=result.cost,
        estimate=dataclasses.asdict(estimate),
        # What the auto-test needs, so a restart between training and deploy does not train
        # (or pay for) the layer again.
        params={**(session["params"] or {}), "result": result_to_json(result)},
    )  # fmt: skip
    await rt.events.add(
        "TrainingCompleted", persona=persona, trait=trait, session_id=session_id,
        payload={"provider": result.provider, "final_loss": result.final_loss,
                 "steps": result.steps},
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
