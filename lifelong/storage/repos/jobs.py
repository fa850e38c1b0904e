"""Training jobs in SQL: the durable queue, and the transactions that carry out the state
machine of :mod:`lifelong.jobs` (which says which change is allowed and what it sets).

A job is a ``training_sessions`` row. Worker steps are *fenced* (:func:`fence`): each UPDATE
names the owner and the statuses :data:`~lifelong.jobs.WORKER` lets the job be left from, in
the same transaction as everything else the step writes, so a worker whose lease ran out
changes nothing and gets :class:`~lifelong.errors.LeaseLost`. Admin verbs are looked up with
:func:`~lifelong.jobs.admin_effect` under the row's lock and written at once, or left in
``control`` for a live holder.
"""

from __future__ import annotations

import builtins
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from lifelong.errors import LeaseLost
from lifelong.events import TrainingControlled
from lifelong.jobs import (
    ADMIN,
    HELD,
    PRIORITIES,
    WORKER,
    WORKER_EFFECT,
    Effect,
    Job,
    JobStatus,
    Step,
    Verb,
    admin_effect,
    effect_values,
)
from lifelong.storage.database import Database
from lifelong.storage.ids import new_id
from lifelong.storage.repos._dialect import insert_for
from lifelong.storage.repos.events import EventRepo, event_row
from lifelong.storage.tables import Event, Interaction, Metric, TrainingSession, table_of

__all__ = ["JobRepo", "end_with_layer", "fence", "release_claims"]

S, E = JobStatus, Effect
_S = table_of(TrainingSession)
_I = table_of(Interaction)
_M = table_of(Metric)
_E = table_of(Event)


def _of_jobs(
    stmt: Any, persona: str | None, status: Sequence[str] | None, trait: str | None
) -> Any:
    """``stmt`` limited to one persona's, one trait's and some statuses' jobs (when given)."""
    if persona is not None:
        stmt = stmt.where(_S.c.persona == persona)
    if trait is not None:
        stmt = stmt.where(_S.c.trait == trait)
    if status:
        stmt = stmt.where(_S.c.status.in_([str(s) for s in status]))
    return stmt


def _claimable(now: float) -> Any:
    orphaned = _S.c.lease_owner.is_(None) | (_S.c.lease_expires_at < now)
    return (_S.c.status == S.QUEUED) | (_S.c.status.in_(list(HELD)) & orphaned)


_QUEUE_ORDER = (_S.c.priority, _S.c.created_at, _S.c.id)


class JobRepo:
    """The job queue and its state machine. ``clock`` is the time leases are judged by."""

    def __init__(
        self,
        db: Database,
        events: EventRepo | None = None,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.db = db
        self.events = events
        self.clock = clock

    # -- queueing and reading -------------------------------------------------------------

    async def queue(
        self,
        persona: str,
        trait: str,
        *,
        reason: Mapping[str, Any],
        priority: str = "normal",
        params: Mapping[str, Any] | None = None,
        event: dict[str, Any] | None = None,
    ) -> str | None:
        """Create a queued job for (persona, trait), whole (reason, params) in one INSERT so
        no worker can claim it half written; ``None`` if the trait already has an open job
        (the unique ``open_slot`` holds across tasks, processes and restarts). ``event`` (an
        ``event_row`` without its job id) is written in the same transaction.
        """
        if priority not in PRIORITIES:
            raise ValueError(f"priority {priority!r} is not one of {', '.join(PRIORITIES)}")
        job_id = new_id()
        async with self.db.write() as conn:
            result = await conn.execute(
                insert_for(conn, _S)
                .values(
                    id=job_id, persona=persona, trait=trait, status=S.QUEUED,
                    open_slot=f"{persona}/{trait}", priority=PRIORITIES[priority],
                    reason=dict(reason), params=dict(params or {}), decisions=[],
                    created_at=self.clock(),
                )
                .on_conflict_do_nothing(index_elements=["open_slot"])
            )  # fmt: skip
            if result.rowcount != 1:
                return None
            written = await self._insert_events(conn, [event], job_id)
        self._publish(written)
        return job_id

    async def get(self, job_id: str) -> Job | None:
        async with self.db.read() as conn:
            row = (await conn.execute(select(_S).where(_S.c.id == job_id))).one_or_none()
        return Job.from_row(row) if row is not None else None

    async def list(
        self,
        persona: str | None = None,
        status: Sequence[str] | None = None,
        *,
        trait: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> builtins.list[Job]:
        """Jobs, newest first."""
        stmt = _of_jobs(select(_S), persona, status, trait)
        stmt = stmt.order_by(_S.c.created_at.desc(), _S.c.id.desc())
        async with self.db.read() as conn:
            rows = (await conn.execute(stmt.limit(limit).offset(offset))).all()
        return [Job.from_row(r) for r in rows]

    async def count(
        self,
        persona: str | None = None,
        status: Sequence[str] | None = None,
        *,
        trait: str | None = None,
    ) -> int:
        """How many jobs :meth:`list` pages through with the same filters."""
        stmt = _of_jobs(select(func.count()).select_from(_S), persona, status, trait)
        async with self.db.read() as conn:
            return int((await conn.execute(stmt)).scalar_one())

    async def open_job(self, persona: str, trait: str) -> Job | None:
        """The job holding (persona, trait)'s slot, if any."""
        async with self.db.read() as conn:
            row = (
                await conn.execute(select(_S).where(_S.c.open_slot == f"{persona}/{trait}"))
            ).one_or_none()
        return Job.from_row(row) if row is not None else None

    async def counts(self) -> dict[str, int]:
        """status -> how many jobs."""
        stmt = select(_S.c.status, func.count()).group_by(_S.c.status).order_by(_S.c.status)
        async with self.db.read() as conn:
            return {status: int(n) for status, n in (await conn.execute(stmt)).all()}

    async def ahead_of(self, job_id: str) -> int:
        """How many jobs the queue would hand out before ``job_id`` (0 unless it is queued)."""
        now = self.clock()
        async with self.db.read() as conn:
            mine = (
                await conn.execute(select(*_QUEUE_ORDER, _S.c.status).where(_S.c.id == job_id))
            ).one_or_none()
            if mine is None or mine.status != S.QUEUED:
                return 0
            priority, created_at, ident = mine.priority, mine.created_at, job_id
            earlier = (_S.c.priority < priority) | (
                (_S.c.priority == priority)
                & (
                    (_S.c.created_at < created_at)
                    | ((_S.c.created_at == created_at) & (_S.c.id < ident))
                )
            )
            stmt = select(func.count()).where(_claimable(now), earlier)
            return int((await conn.execute(stmt)).scalar_one())

    # -- admin verbs ----------------------------------------------------------------------

    async def request(self, job_id: str, verb: str, *, by: str = "admin") -> tuple[Job, Effect]:
        """Apply an admin verb (see :func:`~lifelong.jobs.admin_effect`); returns the job as it
        is afterwards and what was done. Raises LookupError for an unknown id and
        :class:`~lifelong.errors.JobRefused` for a verb that does not apply to the job's state.
        """
        verb = Verb(verb)
        now = self.clock()
        async with self.db.write() as conn:
            job = await self._lock(conn, job_id)
            if job is None:
                raise LookupError(job_id)
            effect = admin_effect(job, verb, now)
            written = await self._apply(conn, job, effect, verb, now, by=by)
            after = await self._lock(conn, job_id)
        self._publish(written)
        assert after is not None
        return after, effect

    # -- the worker side (fenced) ---------------------------------------------------------

    async def claim_next(
        self, owner: str, lease_s: float, *, job_id: str | None = None
    ) -> Job | None:
        """Take the next job, leased to ``owner``: the highest priority (first in, first out
        within one) among queued jobs and jobs whose worker stopped renewing its lease.
        A verb an admin left for a holder that died is applied instead (the job is not
        run). Safe across processes: SQLite serialises writers, PostgreSQL skips rows another
        worker has locked.
        """
        now = self.clock()
        written: builtins.list[dict[str, Any]] = []
        claimed: Job | None = None
        async with self.db.write() as conn:
            while True:
                stmt = select(_S).where(_claimable(now))
                if job_id is not None:
                    stmt = stmt.where(_S.c.id == job_id)
                row = (
                    await conn.execute(
                        stmt.order_by(*_QUEUE_ORDER).limit(1).with_for_update(skip_locked=True)
                    )
                ).one_or_none()
                if row is None:
                    break
                job = Job.from_row(row)
                if job.control:
                    verb = Verb(job.control)
                    effect = ADMIN[(job.status, verb)]
                    written += await self._apply(conn, job, effect, verb, now, by="admin")
                    continue
                # A job trained before its worker died is tested and deployed, not retrained.
                status = S.TRAINED if job.trained_result else S.RUNNING
                await conn.execute(
                    update(_S)
                    .where(_S.c.id == job.id)
                    .values(
                        status=status, lease_owner=owner, lease_expires_at=now + lease_s,
                        heartbeat_at=now,
                    )
                )  # fmt: skip
                claimed = await self._lock(conn, job.id)
                break
        self._publish(written)
        return claimed

    async def heartbeat(self, job_id: str, owner: str, lease_s: float) -> str | None:
        """Renew ``owner``'s lease; returns the control verb an admin asked for, if any.

        Raises LeaseLost when the lease is gone, including when it already ran out: an
        expired lease may have been promised to another worker, so it is never renewed.
        """
        now = self.clock()
        async with self.db.write() as conn:
            await fence(
                conn, job_id, owner, Step.HEARTBEAT,
                {"lease_expires_at": now + lease_s, "heartbeat_at": now},
                extra=_S.c.lease_expires_at >= now,
            )  # fmt: skip
            return (
                await conn.execute(select(_S.c.control).where(_S.c.id == job_id))
            ).scalar_one_or_none()

    async def check(self, job_id: str, owner: str) -> Job:
        """The job, if ``owner`` still holds it; else LeaseLost (before costly work)."""
        async with self.db.write() as conn:
            await fence(conn, job_id, owner, Step.HEARTBEAT, {})
            job = await self._lock(conn, job_id)
        assert job is not None
        return job

    async def start(
        self, job_id: str, owner: str, *, dataset_hash: str, event: dict[str, Any] | None = None
    ) -> None:
        """Training begins on the dataset with ``dataset_hash``."""
        now = self.clock()
        async with self.db.write() as conn:
            await fence(
                conn, job_id, owner, Step.START,
                {"dataset_hash": dataset_hash,
                 "started_at": func.coalesce(_S.c.started_at, now), "error": None},
            )  # fmt: skip
            written = await self._insert_events(conn, [event], job_id)
        self._publish(written)

    async def progress(
        self,
        job_id: str,
        owner: str,
        points: Sequence[tuple[str, float]],
        *,
        step: int | None,
        persona: str,
        trait: str,
    ) -> None:
        """Store the metric points of one training step (refused once the lease is lost)."""
        now = self.clock()
        rows = [
            {"ts": now, "name": name, "value": float(value), "step": step, "job_id": job_id,
             "persona": persona, "trait": trait}
            for name, value in points
        ]  # fmt: skip
        async with self.db.write() as conn:
            await fence(conn, job_id, owner, Step.PROGRESS, {})
            if rows:
                await conn.execute(_M.insert(), rows)

    async def add_decision(self, job_id: str, owner: str, decision: dict[str, Any]) -> None:
        """Append one failover / retry / budget decision to the job's record."""
        async with self.db.write() as conn:
            await fence(conn, job_id, owner, Step.DECISION, {})
            current = (
                await conn.execute(select(_S.c.decisions).where(_S.c.id == job_id))
            ).scalar_one_or_none()
            await conn.execute(
                update(_S).where(_S.c.id == job_id).values(decisions=[*(current or []), decision])
            )

    async def trained(
        self,
        job_id: str,
        owner: str,
        *,
        provider: str,
        cost: float | None,
        estimate: dict[str, Any] | None,
        result: dict[str, Any],
        event: dict[str, Any] | None = None,
    ) -> None:
        """Training finished: the result is kept on the job (a restart tests and deploys it
        instead of training, or paying, again).
        """
        async with self.db.write() as conn:
            params = (
                await conn.execute(select(_S.c.params).where(_S.c.id == job_id))
            ).scalar_one_or_none()
            await fence(
                conn, job_id, owner, Step.TRAINED,
                {"provider": provider, "cost": cost, "estimate": estimate,
                 "params": {**(params or {}), "result": result}},
            )  # fmt: skip
            written = await self._insert_events(conn, [event], job_id)
        self._publish(written)

    async def needs_approval(
        self, job_id: str, owner: str, *, error: str, event: dict[str, Any] | None = None
    ) -> None:
        """Over budget: the job waits, unheld, for an admin's approve (or cancel)."""
        await self._worker_step(job_id, owner, Step.NEEDS_APPROVAL, error=error, event=event)

    async def release(
        self, job_id: str, owner: str, step: Step, *, event: dict[str, Any] | None = None
    ) -> None:
        """Give the job back: ``REQUEUE`` (where it stood), ``PAUSE`` or ``SKIP`` (to the back
        of the queue, priority low). It keeps its slot, data claims and checkpoints.
        """
        if step not in (Step.REQUEUE, Step.PAUSE, Step.SKIP):
            raise ValueError(f"release takes requeue, pause or skip, not {step}")
        await self._worker_step(job_id, owner, step, event=event)

    async def finish(
        self,
        job_id: str,
        owner: str,
        step: Step,
        *,
        error: str | None = None,
        event: dict[str, Any] | None = None,
    ) -> None:
        """End the job as failed, stopped or cancelled (``step`` FAIL / STOP / CANCEL): its
        slot is freed and its data claims released for the next job.
        """
        if step not in (Step.FAIL, Step.STOP, Step.CANCEL):
            raise ValueError(f"finish takes fail, stop or cancel, not {step}")
        await self._worker_step(job_id, owner, step, error=error, event=event)

    # -- internals ------------------------------------------------------------------------

    async def _worker_step(
        self,
        job_id: str,
        owner: str,
        step: Step,
        *,
        error: str | None = None,
        event: dict[str, Any] | None = None,
    ) -> None:
        effect = WORKER_EFFECT[step]
        now = self.clock()
        async with self.db.write() as conn:
            values = effect_values(effect, now, verb=None, params=None)
            if error is not None:
                values["error"] = error
            await fence(conn, job_id, owner, step, values)
            if effect in (E.STOP, E.CANCEL, E.FAIL):
                await release_claims(conn, job_id)
            written = await self._insert_events(conn, [event], job_id)
        self._publish(written)

    async def _lock(self, conn: AsyncConnection, job_id: str) -> Job | None:
        row = (
            await conn.execute(select(_S).where(_S.c.id == job_id).with_for_update())
        ).one_or_none()
        return Job.from_row(row) if row is not None else None

    async def _apply(
        self,
        conn: AsyncConnection,
        job: Job,
        effect: Effect,
        verb: Verb,
        now: float,
        *,
        by: str,
    ) -> builtins.list[dict[str, Any]]:
        """Write an admin effect (inside the caller's transaction); returns its events."""
        values = effect_values(effect, now, verb=verb, params=job.params)
        await conn.execute(update(_S).where(_S.c.id == job.id).values(**values))
        if effect in (E.STOP, E.CANCEL):
            await release_claims(conn, job.id)
        if effect is E.DEFER:
            return []  # the holder writes the event when it acts
        event = event_row(
            TrainingControlled, persona=job.persona, trait=job.trait,
            payload={"verb": str(verb), "applied": str(effect), "by": by,
                     "from_status": str(job.status)},
        )  # fmt: skip
        return await self._insert_events(conn, [event], job.id)

    async def _insert_events(
        self, conn: AsyncConnection, events: Sequence[dict[str, Any] | None], job_id: str
    ) -> builtins.list[dict[str, Any]]:
        rows = [{**e, "job_id": job_id} for e in events if e is not None]
        for row in rows:
            await conn.execute(_E.insert().values(**row))
        return rows

    def _publish(self, rows: builtins.list[dict[str, Any]]) -> None:
        if rows and self.events is not None:
            self.events.publish(rows)


async def fence(
    conn: AsyncConnection,
    job_id: str,
    owner: str,
    step: Step,
    values: dict[str, Any],
    *,
    extra: Any = None,
) -> None:
    """Make worker ``step`` on ``job_id`` inside the caller's transaction, only if ``owner``
    holds the job in a status the step may leave (see :data:`~lifelong.jobs.WORKER`); else
    LeaseLost and the caller's transaction rolls back. An empty ``values`` only checks.
    """
    sources, target = WORKER[step]
    condition = (_S.c.id == job_id) & (_S.c.lease_owner == owner) & _S.c.status.in_(list(sources))
    if extra is not None:
        condition = condition & extra
    if target is not None:
        values = {"status": target, **values}
    # An empty SET is not valid SQL: touch the owner column with its own value.
    result = await conn.execute(
        update(_S).where(condition).values(**(values or {"lease_owner": owner}))
    )
    if result.rowcount == 1:
        return
    now = (
        await conn.execute(select(_S.c.status, _S.c.lease_owner).where(_S.c.id == job_id))
    ).one_or_none()
    raise LeaseLost(job_id, owner, now.status if now else None, now.lease_owner if now else None)


async def release_claims(conn: AsyncConnection, job_id: str) -> None:
    """The job's claimed interactions go back to the pool (nothing of it was deployed)."""
    await conn.execute(
        update(_I).where(_I.c.used_by_job == job_id, _I.c.used.is_(False)).values(used_by_job=None)
    )


async def end_with_layer(
    conn: AsyncConnection, job_id: str, owner: str, *, deployed: bool, now: float
) -> None:
    """The job's layer was stored (inside GenomeRepo.add_version's transaction): deployed
    marks its interactions used, rejected releases them. Fenced like every worker step.
    """
    values = {
        "lease_owner": None, "lease_expires_at": None, "control": None, "open_slot": None,
        "finished_at": now,
    }  # fmt: skip
    await fence(conn, job_id, owner, Step.DEPLOY if deployed else Step.REJECT, values)
    if deployed:
        await conn.execute(update(_I).where(_I.c.used_by_job == job_id).values(used=True))
    else:
        await release_claims(conn, job_id)
