"""The job worker: takes training jobs from the durable queue and runs them to a version.

The queue is the ``training_sessions`` table. A worker claims the next job (priority high,
normal, low; first in, first out within one) with a lease it renews by heartbeat; a runtime
killed with -9 stops renewing, the lease runs out, and the next worker to look resumes that
job from its last complete checkpoint. A job ends in exactly one transaction (deploy or
reject, see :mod:`lifelong.runtime.deploy`), so none is lost and none completes twice.

Admin verbs arrive through the ``control`` column (see ``TrainingRepo.request``); the
heartbeat reads it and asks the provider to stop at the next step boundary, with a checkpoint
saved. Then:

- ``pause``: status ``paused``, keeps its slot, claims and checkpoints; ``resume`` re-queues it.
- ``skip``: back to ``queued`` at the very end of the queue (priority low, queued now); the
  worker takes the next job.
- ``stop``: ends as ``stopped``; claims released, checkpoints kept on disk for inspection.
- ``cancel``: ends as ``cancelled``; claims released, checkpoints deleted.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import shutil
import socket
import time
import uuid
from typing import TYPE_CHECKING, Any

from lifelong.adapters.base import StopSignal
from lifelong.adapters.failover import ProvidersExhausted
from lifelong.errors import BudgetExceeded, LifelongError
from lifelong.runtime.deploy import test_and_deploy
from lifelong.runtime.training import result_from_json, run_training_session
from lifelong.storage.repos.training import PRIORITIES

if TYPE_CHECKING:
    from lifelong.runtime.runtime import Runtime

__all__ = ["JOB_VERBS", "JobWorker"]

JOB_VERBS = ("pause", "resume", "stop", "skip", "cancel")

log = logging.getLogger("lifelong.runtime.jobs")


class JobWorker:
    def __init__(self, rt: Runtime, *, concurrency: int, lease_s: float, poll_s: float) -> None:
        self.rt = rt
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.concurrency = concurrency
        self.lease_s = lease_s
        self.poll_s = poll_s
        self._running: dict[str, asyncio.Task[Any]] = {}
        self._cancels: dict[str, StopSignal] = {}
        self._loop: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()
        self._stopping = False

    def start(self) -> None:
        self._loop = asyncio.create_task(self._run_forever(), name="lifelong-jobs")

    def wake(self) -> None:
        """Look at the queue now (a job was queued by this process)."""
        self._wake.set()

    async def close(self) -> None:
        """Stop taking jobs; running ones stop at a checkpoint and go back to the queue."""
        self._stopping = True
        self._wake.set()
        for cancel in self._cancels.values():
            cancel.stop(detach=True)
        if self._loop is not None:
            await asyncio.gather(self._loop, return_exceptions=True)
        await asyncio.gather(*self._running.values(), return_exceptions=True)

    async def _run_forever(self) -> None:
        while not self._stopping:
            try:
                while len(self._running) < self.concurrency and not self._stopping:
                    job = await self.rt.training.claim_next(self.owner, self.lease_s)
                    if job is None:
                        break
                    task = asyncio.create_task(self.run(job), name=f"job-{job['id']}")
                    self._running[job["id"]] = task
                    task.add_done_callback(lambda _t, key=job["id"]: self._done(key))
            except Exception:  # a database hiccup: log and look again next time
                log.exception("could not claim a training job")
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.poll_s)

    def _done(self, key: str) -> None:
        self._running.pop(key, None)
        self._cancels.pop(key, None)
        self._wake.set()

    async def run_once(self, session_id: str | None = None) -> dict[str, Any] | None:
        """Claim and run one job (the next, or ``session_id``) in the caller's task: for
        scripts, tests and ``lifelong train``. None when there is nothing to take.
        """
        job = await self.rt.training.claim_next(self.owner, self.lease_s, session_id=session_id)
        if job is None:
            return None
        return await self.run(job)

    async def run(self, job: dict[str, Any]) -> dict[str, Any]:
        """Run a claimed job to its end (or to a pause); returns ``{"status", ...}``."""
        session_id = job["id"]
        cancel = self._cancels[session_id] = StopSignal()
        if self._stopping:
            cancel.stop(detach=True)
        state: dict[str, Any] = {"control": None, "lost": False}
        beat = asyncio.create_task(self._heartbeat(session_id, cancel, state))
        rt = self.rt
        try:
            params = job["params"] or {}
            if job["status"] == "trained" and params.get("result"):
                result = result_from_json(params["result"])
                log.info("job %s: trained before a restart; testing and deploying", session_id)
            else:
                result = await run_training_session(
                    rt, session_id, rt.provider_chain(params.get("providers")), cancel=cancel,
                    approved=bool(params.get("approved")),
                )  # fmt: skip
            if cancel.is_set() and state["control"] in ("stop", "cancel"):
                raise asyncio.CancelledError()
            outcome = await test_and_deploy(rt, session_id, result)
            return {"status": "deployed" if outcome["deployed"] else "rejected", **outcome}
        except asyncio.CancelledError:
            if not cancel.is_set():
                raise  # our own task was cancelled from outside: let it end
            return await self._after_stop(job, state)
        except BudgetExceeded as exc:
            await rt.training.release(session_id, self.owner)
            return {"status": "needs_approval", "reason": str(exc)}
        except (ProvidersExhausted, LifelongError) as exc:
            return await self._failed(job, exc)
        except Exception as exc:  # a bug or an environment problem: the job fails loudly
            log.exception("job %s crashed", session_id)
            return await self._failed(job, exc)
        finally:
            self._cancels.pop(session_id, None)
            beat.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await beat

    async def _failed(self, job: dict[str, Any], exc: BaseException) -> dict[str, Any]:
        session = await self.rt.training.get(job["id"])
        if session is not None and session["status"] != "failed":
            await self.rt.training.finish(job["id"], "failed", error=str(exc))
            await self.rt.events.add(
                "TrainingFailed", persona=job["persona"], trait=job["trait"],
                session_id=job["id"], severity="error", is_alert=True,
                payload={"message": str(exc)},
            )  # fmt: skip
        return {"status": "failed", "reason": str(exc)}

    async def _after_stop(self, job: dict[str, Any], state: dict[str, Any]) -> dict[str, Any]:
        """The provider stopped at a checkpoint: apply what was asked (see module docstring)."""
        rt, session_id = self.rt, job["id"]
        verb = state["control"]
        if state["lost"]:
            return {"status": "lost", "reason": "another worker took over the lease"}
        if verb == "pause":
            await rt.training.release(session_id, self.owner, status="paused")
        elif verb == "skip":
            await rt.training.release(
                session_id, self.owner, status="queued", created_at=time.time(),
                priority=PRIORITIES["low"],
            )  # fmt: skip
        elif verb in ("stop", "cancel"):
            final = "stopped" if verb == "stop" else "cancelled"
            await rt.training.finish(session_id, final, error=f"{verb} requested")
            if verb == "cancel":  # every provider's checkpoints of this session
                for folder in (rt.config.home / "sessions" / session_id).glob("*/checkpoints"):
                    await asyncio.to_thread(shutil.rmtree, folder, ignore_errors=True)
        else:  # the runtime is closing: the next start carries on from the checkpoint
            await rt.training.release(session_id, self.owner, status="queued")
            verb = "requeue"
        await rt.events.add(
            "TrainingControlled", persona=job["persona"], trait=job["trait"],
            session_id=session_id, payload={"verb": verb},
        )  # fmt: skip
        log.info("job %s: %s at a checkpoint", session_id, verb)
        return {"status": {"requeue": "queued", "pause": "paused", "skip": "queued",
                           "stop": "stopped", "cancel": "cancelled"}[verb]}  # fmt: skip

    async def _heartbeat(self, session_id: str, cancel: StopSignal, state: dict[str, Any]) -> None:
        # Renew well before the lease runs out; read the control verb about once a second.
        interval = max(0.2, min(1.0, self.lease_s / 4))
        while True:
            await asyncio.sleep(interval)
            try:
                ours, control = await self.rt.training.heartbeat(
                    session_id, self.owner, self.lease_s
                )
            except Exception:
                log.exception("heartbeat of job %s failed", session_id)
                continue
            if not ours:
                state["lost"] = True
                cancel.set()
                return
            if control and not cancel.is_set():
                state["control"] = control
                cancel.set()
