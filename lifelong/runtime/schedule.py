"""The runtime's periodic work, and the same work run now.

APScheduler runs the ticks: the schedule leader lease (renewed every third of its length),
scoring (in every process), and, in the leader only, the trigger checks, the post-deploy
monitor, the memory check, the scheduled reports and the retention sweeps. Among runtimes
sharing a database one holds the lease (see :mod:`lifelong.storage.repos.leases`); when it
closes it lets the lease go, and another takes over at its next renewal. A tick that fails
is logged and retried at the next one; the ticks in flight finish before the store closes.

``score_pending``, ``check_triggers``, ``check_monitor`` and ``sweep_generations`` do one
tick's work at once, for scripts, the CLI and tests.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from lifelong.learning.monitor import DeployMonitor
from lifelong.learning.triggers import DAY, FiredTrigger, TriggerChecker
from lifelong.learning.worker import ScoringWorker
from lifelong.runtime.config import RuntimeConfig
from lifelong.storage.repos import ChatPrefixRepo, GenerationRepo, LeaseRepo

__all__ = ["SCHEDULE_LEASE", "Schedule"]

HOUR = 3600.0

log = logging.getLogger("lifelong.runtime")

# The lease whose holder runs the trigger checks, the scheduled reports and the monitor.
SCHEDULE_LEASE = "schedules"


class Schedule:
    """The ticks, the leader lease (``is_leader``), and ``rt.score_pending`` /
    ``check_triggers`` / ``check_monitor`` / ``sweep_generations``.

    Built by the runtime with what the ticks run: the leases table and this process's
    owner name, the scoring worker, the trigger checker, the deploy monitor, the job
    worker's wake-up, the memory check, the report writer, the generation and conversation
    tables with the answering's memory of issued ids, and the configuration (periods and
    retentions).
    """

    def __init__(
        self,
        *,
        config: RuntimeConfig,
        check_open: Callable[[], None],
        leases: LeaseRepo,
        owner: str,
        scoring: ScoringWorker,
        triggers: TriggerChecker,
        monitor: DeployMonitor,
        wake_jobs: Callable[[], None],
        check_memory: Callable[[], Awaitable[Any]],
        write_reports: Callable[[], Awaitable[Any]],
        generations: GenerationRepo,
        chats: ChatPrefixRepo,
        forget_issued: Callable[[], None],
    ) -> None:
        self.config = config
        self._check_open = check_open
        self._leases = leases
        self.owner = owner
        self.scoring_worker = scoring
        self.triggers = triggers
        self.monitor = monitor
        self._wake_jobs = wake_jobs
        self._check_memory = check_memory
        self._write_reports = write_reports
        self._generations = generations
        self._chats = chats
        self._forget_issued = forget_issued
        self._scheduler: Any = None
        self._inflight: set[asyncio.Task[Any]] = set()
        # Among runtimes sharing a database, one runs the schedules (see storage.repos.leases).
        self.is_leader = False

    async def start(self) -> None:
        """Take the leader lease if it is free, then start the ticks."""
        await self._leader_tick()
        self._start_scheduler()

    def stop(self) -> None:
        """No more ticks; a scoring pass in flight returns after its current batch."""
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=False)
            self._scheduler = None
        self.scoring_worker.stop()

    async def close(self) -> None:
        """After :meth:`stop`: let the leader lease go and wait for the ticks in flight."""
        if self.is_leader:  # the next process need not wait the lease out
            try:
                await self._leases.release(SCHEDULE_LEASE, self.owner)
            except Exception:
                log.exception("could not release the schedule leader lease")
            self.is_leader = False
        # A scoring pass or trigger check in flight finishes before the store closes.
        await asyncio.gather(*self._inflight, return_exceptions=True)

    def _start_scheduler(self) -> None:
        """APScheduler runs the periodic work; our tables, not its job store, hold the state."""
        from apscheduler.schedulers.asyncio import AsyncIOScheduler

        scheduler = AsyncIOScheduler()
        common = {"coalesce": True, "max_instances": 1, "misfire_grace_time": None}
        scheduler.add_job(
            self._leader_tick, "interval", seconds=self.config.leader_lease_s / 3,
            id="lifelong-leader", **common,
        )  # fmt: skip
        scheduler.add_job(
            self._score_tick, "interval", seconds=self.config.scoring.interval_s,
            id="lifelong-scoring", **common,
        )  # fmt: skip
        scheduler.add_job(
            self._trigger_tick, "interval", seconds=self.config.triggers.interval_s,
            id="lifelong-triggers", **common,
        )  # fmt: skip
        if self.config.monitor.enabled:
            scheduler.add_job(
                self._monitor_tick, "interval", seconds=self.config.monitor.interval_s,
                id="lifelong-monitor", **common,
            )  # fmt: skip
        scheduler.add_job(
            self._memory_tick, "interval", seconds=self.config.monitor.interval_s,
            id="lifelong-memory", **common,
        )  # fmt: skip
        scheduler.add_job(
            self._report_tick, "interval", seconds=self.config.reports.every_days * DAY,
            id="lifelong-reports", **common,
        )  # fmt: skip
        scheduler.add_job(
            self._retention_tick, "interval", seconds=HOUR, id="lifelong-retention", **common
        )
        scheduler.start()
        self._scheduler = scheduler

    async def _leader_tick(self) -> None:
        """Take or renew the schedule leader lease (triggers, reports and the monitor run in
        its holder only; scoring and the job worker run everywhere).
        """
        try:
            leader = await self._leases.acquire(
                SCHEDULE_LEASE, self.owner, self.config.leader_lease_s
            )
        except Exception:  # a database hiccup: keep the last answer until the next tick
            log.exception("could not renew the schedule leader lease")
            return
        if leader != self.is_leader:
            log.info("%s the schedule leader", "became" if leader else "is no longer")
        self.is_leader = leader

    async def _score_tick(self) -> None:
        await self._tick("scoring pass", self.scoring_worker.drain)

    async def _trigger_tick(self) -> None:
        if not self.is_leader:
            return

        async def check() -> None:
            if await self.triggers.check():
                self._wake_jobs()

        await self._tick("trigger check", check)

    async def _monitor_tick(self) -> None:
        if not self.is_leader:
            return
        await self._tick("post-deploy monitor", self.monitor.check)

    async def _memory_tick(self) -> None:
        if not self.is_leader:
            return
        await self._tick("memory check", self._check_memory)

    async def _report_tick(self) -> None:
        if not self.is_leader:
            return
        await self._tick("scheduled report", self._write_reports)

    async def _retention_tick(self) -> None:
        if not self.is_leader:
            return
        await self._tick("generation retention", self.sweep_generations)

        async def forget_chats() -> None:
            await self._chats.sweep(time.time() - self.config.gateway.forget_after_days * DAY)

        await self._tick("gateway conversations", forget_chats)

    async def _tick(self, what: str, work: Any) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._inflight.add(task)
        try:
            await work()
        except Exception:  # logged, retried on the next tick; never kills the scheduler
            log.exception("%s failed", what)
        finally:
            self._inflight.discard(task)  # type: ignore[arg-type]

    async def score_pending(self) -> int:
        """Score everything not scored yet, now (the background worker does this by itself)."""
        self._check_open()
        return await self.scoring_worker.drain()

    async def check_triggers(self, now: float | None = None) -> list[FiredTrigger]:
        """Run the trigger checks now (the scheduler does this every ``interval_s``)."""
        self._check_open()
        return await self.triggers.check(now)

    async def check_monitor(self, now: float | None = None) -> list[dict[str, Any]]:
        """Run the post-deploy monitor now (the scheduler does this every ``interval_s``):
        versions found serving worse than the one before them are rolled back. Returns the
        verdicts taken (see :mod:`lifelong.learning.monitor`).
        """
        self._check_open()
        return await self.monitor.check(now)

    async def sweep_generations(self, now: float | None = None) -> int:
        """Delete the generations older than ``genome.generation_retention_days`` that no
        recorded turn names (the schedule leader does this every hour); returns how many.
        Recording a turn with a swept generation id is then an ``InvalidRecord``.
        """
        self._check_open()
        now = time.time() if now is None else now
        swept = await self._generations.sweep(
            now - self.config.genome.generation_retention_days * DAY
        )
        if swept:
            # The ids this process remembers issuing may be among them: ask the store again.
            self._forget_issued()
            log.info("swept %d generations no recorded turn names", swept)
        return swept
