"""The job worker: takes training jobs from the durable queue and runs them to a version.

The queue is the ``training_sessions`` table. A worker claims the next job (priority high,
normal, low; first in, first out within one) with a lease it renews by heartbeat; a runtime
killed with -9 stops renewing, the lease runs out, and the next worker to look resumes that
job from its last complete checkpoint. A job ends in exactly one transaction (deploy or
reject, see :mod:`lifelong.runtime.deploy`), so none is lost and none completes twice.

Every change the worker makes to its job is fenced by the lease (see
:mod:`lifelong.storage.repos.jobs`): a worker that stalled past its lease and was taken over
writes nothing more for that job, and reports it ``lost``.

Admin verbs on a job nobody holds act at once; for a held job they arrive through the
``control`` column, which the heartbeat reads, and the provider stops at the next step
boundary with a checkpoint saved. Then:

- ``pause``: status ``paused``, keeps its slot, claims and checkpoints; ``resume`` re-queues it.
- ``skip``: back to ``queued`` at the very end of the queue (priority low, queued now); the
  worker takes the next job.
- ``stop``: ends as ``stopped``; claims released, checkpoints kept on disk for inspection.
- ``cancel``: ends as ``cancelled``; claims released, checkpoints deleted.
- ``approve`` (a job over budget): may go over the budget; needs no stop.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from lifelong._model_thread import background_work
from lifelong.adapters.base import StopSignal
from lifelong.adapters.failover import ProviderChain, ProvidersExhausted
from lifelong.errors import BudgetExceeded, LeaseLost, LifelongError, NothingToLearn
from lifelong.events import BudgetExceeded as BudgetExceededEvent
from lifelong.events import TrainingControlled, TrainingFailed
from lifelong.jobs import Job, Step, Verb
from lifelong.runtime.deploy import DeployServices, test_and_deploy
from lifelong.runtime.logs import redact
from lifelong.runtime.training import TrainingServices, run_training_session
from lifelong.storage.repos.events import event_row

__all__ = ["JOB_VERBS", "JobWorker"]

JOB_VERBS = tuple(str(v) for v in Verb)

log = logging.getLogger("lifelong.runtime.jobs")


class JobWorker:
    """Claims jobs and runs each through training and deploy, with the services it is given."""

    def __init__(
        self,
        training: TrainingServices,
        deploy: DeployServices,
        chain_for: Callable[[Job], ProviderChain],
        *,
        concurrency: int,
        lease_s: float,
        poll_s: float,
    ) -> None:
        self.training = training
        self.deploy = deploy
        self.repo = training.jobs
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.concurrency = concurrency
        self.lease_s = lease_s
        self.poll_s = poll_s
        # Called with the job between training and the auto-test: a pause point that tests
        # use to stall a worker deterministically (e.g. to let its lease be taken over).
        self.before_deploy: Callable[[Job], Awaitable[None]] | None = None
        # The provider chain a job trains with: the runtime's gives the configured chain,
        # limited to the job's ``providers``. Replace it to train with providers the config
        # cannot describe.
        self.chain_for = chain_for
        self._running: dict[str, asyncio.Task[Any]] = {}
        self._cancels: dict[str, StopSignal] = {}
        # Every run in progress (the loop's and ``run_once``'s in callers' tasks): its task
        # and a future done when it has written its last word, so close waits for them.
        self._runs: dict[asyncio.Future[None], asyncio.Task[Any] | None] = {}
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
        me = asyncio.current_task()
        others = [done for done, task in self._runs.items() if task is not me]
        if others:  # run_once in other tasks: they stop at their next step too
            await asyncio.wait(others)

    async def _run_forever(self) -> None:
        while not self._stopping:
            try:
                while len(self._running) < self.concurrency and not self._stopping:
                    job = await self.repo.claim_next(self.owner, self.lease_s)
                    if job is None:
                        break
                    task = asyncio.create_task(self.run(job), name=f"job-{job.id}")
                    self._running[job.id] = task
                    task.add_done_callback(lambda _t, key=job.id: self._done(key))  # type: ignore[misc]
            except Exception:  # a database hiccup: log and look again next time
                log.exception("could not claim a training job")
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.poll_s)

    def _done(self, key: str) -> None:
        self._running.pop(key, None)
        self._cancels.pop(key, None)
        self._wake.set()

    async def run_once(self, job_id: str | None = None) -> dict[str, Any] | None:
        """Claim and run one job (the next, or ``job_id``) in the caller's task: for
        scripts, tests and ``lifelong train``. None when there is nothing to take.
        """
        job = await self.repo.claim_next(self.owner, self.lease_s, job_id=job_id)
        if job is None:
            return None
        return await self.run(job)

    @background_work  # training, the auto-test, consolidation: nobody waits for a reply
    async def run(self, job: Job) -> dict[str, Any]:
        """Run a claimed job to its end (or to a pause); returns ``{"status", ...}``.

        ``"lost"`` means the lease was lost on the way (another worker took the job over, or
        an admin ended it): nothing more was written for it by this worker.
        """
        job_id = job.id
        cancel = self._cancels[job_id] = StopSignal()
        if self._stopping:
            cancel.stop(detach=True)
        state: dict[str, Any] = {"control": None, "lost": False}
        beat = asyncio.create_task(self._heartbeat(job_id, cancel, state))
        finished: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._runs[finished] = asyncio.current_task()
        try:
            if job.trained_result:
                # Its layer and dataset are fetched when another machine trained it.
                result = await self.training.trained_result(job)
                log.info("job %s: trained before a restart; testing and deploying", job_id)
            else:
                result = await run_training_session(
                    self.training, job_id, self.chain_for(job), owner=self.owner, cancel=cancel,
                    approved=job.approved,
                )  # fmt: skip
            if cancel.is_set() and (state["lost"] or state["control"] in ("stop", "cancel")):
                raise asyncio.CancelledError()
            if self.before_deploy is not None:
                await self.before_deploy(job)
            outcome = await test_and_deploy(
                self.deploy, job_id, result, owner=self.owner, stop=cancel
            )
            return {"status": "deployed" if outcome["deployed"] else "rejected", **outcome}
        except asyncio.CancelledError:
            if not cancel.is_set():
                # Our caller was cancelled (Ctrl-C in a command running the job): the job
                # goes back to the queue now, not when its lease runs out, then we end.
                await _shielded(self._requeue_abandoned(job))
                raise
            return await self._after_stop(job, state)
        except LeaseLost as exc:
            return self._lost(job, exc)
        except BudgetExceeded as exc:
            return await self._needs_approval(job, exc)
        except (ProvidersExhausted, LifelongError) as exc:
            return await self._failed(job, exc)
        except Exception as exc:  # a bug or an environment problem: the job fails loudly
            log.exception("job %s crashed", job_id)
            return await self._failed(job, exc)
        finally:
            self._cancels.pop(job_id, None)
            beat.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await beat
            self._runs.pop(finished, None)
            finished.set_result(None)

    async def _requeue_abandoned(self, job: Job) -> None:
        event = event_row(
            TrainingControlled, persona=job.persona, trait=job.trait,
            payload={"verb": "requeue", "applied": "interrupted", "by": "worker"},
        )  # fmt: skip
        try:
            await self.repo.release(job.id, self.owner, Step.REQUEUE, event=event)
            log.info("job %s: interrupted; queued again", job.id)
        except LeaseLost:
            pass
        except Exception:  # the lease runs out and another worker takes it over anyway
            log.exception("job %s: interrupted and could not be queued again", job.id)

    def _lost(self, job: Job, exc: BaseException) -> dict[str, Any]:
        log.warning("job %s: dropped, %s", job.id, exc)
        return {"status": "lost", "reason": str(exc)}

    async def _needs_approval(self, job: Job, exc: BudgetExceeded) -> dict[str, Any]:
        event = event_row(
            BudgetExceededEvent, persona=job.persona, trait=job.trait, severity="warning",
            is_alert=True, payload={"message": str(exc)},
        )  # fmt: skip
        try:
            await self.repo.needs_approval(job.id, self.owner, error=str(exc), event=event)
        except LeaseLost as lost:
            return self._lost(job, lost)
        return {"status": "needs_approval", "reason": str(exc)}

    async def _failed(self, job: Job, exc: BaseException) -> dict[str, Any]:
        message = redact(str(exc))
        routine = isinstance(exc, NothingToLearn)  # a failed job, but nothing for an operator
        event = event_row(
            TrainingFailed, persona=job.persona, trait=job.trait,
            severity="warning" if routine else "error", is_alert=not routine,
            payload={"message": message},
        )  # fmt: skip
        try:
            await self.repo.finish(job.id, self.owner, Step.FAIL, error=message, event=event)
        except LeaseLost as lost:
            return self._lost(job, lost)
        return {"status": "failed", "reason": message}

    async def _after_stop(self, job: Job, state: dict[str, Any]) -> dict[str, Any]:
        """The provider stopped at a checkpoint: apply what was asked (see module docstring)."""
        if state["lost"]:
            return {"status": "lost", "reason": "the lease was lost (another worker or an admin "
                    "took the job over)"}  # fmt: skip
        verb = state["control"] or "requeue"  # none asked: the runtime is closing
        step = {"requeue": Step.REQUEUE, "pause": Step.PAUSE, "skip": Step.SKIP,
                "stop": Step.STOP, "cancel": Step.CANCEL}[verb]  # fmt: skip
        event = event_row(
            TrainingControlled, persona=job.persona, trait=job.trait,
            payload={"verb": verb, "applied": "at a checkpoint", "by": "worker"},
        )  # fmt: skip
        try:
            if step in (Step.STOP, Step.CANCEL):
                await self.repo.finish(job.id, self.owner, step, error=f"{verb} requested",
                                       event=event)  # fmt: skip
            else:
                await self.repo.release(job.id, self.owner, step, event=event)
        except LeaseLost as lost:
            return self._lost(job, lost)
        if step is Step.CANCEL:
            await self.training.delete_checkpoints(job.id)
        log.info("job %s: %s at a checkpoint", job.id, verb)
        return {"status": {"requeue": "queued", "pause": "paused", "skip": "queued",
                           "stop": "stopped", "cancel": "cancelled"}[verb]}  # fmt: skip

    async def _heartbeat(self, job_id: str, cancel: StopSignal, state: dict[str, Any]) -> None:
        # Renew well before the lease runs out; read the control verb about once a second.
        interval = max(0.2, min(1.0, self.lease_s / 4))
        while True:
            await asyncio.sleep(interval)
            try:
                control = await self.repo.heartbeat(job_id, self.owner, self.lease_s)
            except LeaseLost:
                state["lost"] = True
                cancel.set()
                return
            except Exception:
                log.exception("heartbeat of job %s failed", job_id)
                continue
            if control and not cancel.is_set():
                state["control"] = control
                cancel.set()


async def _shielded(work: Awaitable[None]) -> None:
    """Finish ``work`` even though the task awaiting it is being cancelled (once more: the
    cancellation in progress is re-raised by the caller)."""
    task = asyncio.ensure_future(work)
    try:
        await asyncio.shield(task)
    except asyncio.CancelledError:
        await task
