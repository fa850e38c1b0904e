"""Training sessions (the job rows) and the interaction bookkeeping around them."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence
from typing import Any

from sqlalchemy import and_, case, func, select, update

from lifelong.storage.database import Database
from lifelong.storage.ids import new_id
from lifelong.storage.repos._dialect import insert_for
from lifelong.storage.tables import ActiveLayer, Interaction, TrainingSession

_I = Interaction.__table__
_S = TrainingSession.__table__
_A = ActiveLayer.__table__

# Statuses in which a job holds its (persona, trait) slot.
OPEN_STATUSES = ("queued", "running", "paused", "needs_approval")
PRIORITIES = {"high": 0, "normal": 1, "low": 2}


def slot_of(persona: str, trait: str) -> str:
    return f"{persona}/{trait}"


class TrainingRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def queue(
        self,
        persona: str,
        trait: str,
        *,
        reason: dict[str, Any],
        priority: str = "normal",
        status: str = "queued",
    ) -> str | None:
        """Create an open job for (persona, trait); ``None`` if one is already open.

        The unique ``open_slot`` makes this safe across tasks, processes and restarts.
        """
        session_id = new_id()
        async with self.db.write() as conn:
            result = await conn.execute(
                insert_for(conn, _S)
                .values(
                    id=session_id,
                    persona=persona,
                    trait=trait,
                    status=status,
                    open_slot=slot_of(persona, trait),
                    priority=PRIORITIES[priority],
                    reason=reason,
                    decisions=[],
                    created_at=time.time(),
                )
                .on_conflict_do_nothing(index_elements=["open_slot"])
            )
        return session_id if result.rowcount == 1 else None

    async def get(self, session_id: str) -> dict[str, Any] | None:
        async with self.db.read() as conn:
            row = (await conn.execute(select(_S).where(_S.c.id == session_id))).one_or_none()
        return dict(row._mapping) if row is not None else None

    async def list(
        self, persona: str | None = None, status: Sequence[str] | None = None, limit: int = 100
    ) -> list[dict[str, Any]]:
        stmt = select(_S).order_by(_S.c.created_at.desc()).limit(limit)
        if persona is not None:
            stmt = stmt.where(_S.c.persona == persona)
        if status:
            stmt = stmt.where(_S.c.status.in_(list(status)))
        async with self.db.read() as conn:
            return [dict(r._mapping) for r in (await conn.execute(stmt)).all()]

    async def finish(self, session_id: str, status: str, error: str | None = None) -> None:
        """End a job that deployed nothing (failed, cancelled, rejected): its interactions are
        released for the next attempt and its slot is freed.
        """
        async with self.db.write() as conn:
            await conn.execute(
                update(_I)
                .where(_I.c.used_by_session == session_id, _I.c.used.is_(False))
                .values(used_by_session=None)
            )
            await conn.execute(
                update(_S)
                .where(_S.c.id == session_id)
                .values(
                    status=status,
                    error=error,
                    open_slot=None,
                    finished_at=time.time(),
                    lease_owner=None,
                    lease_expires_at=None,
                    control=None,
                )
            )

    async def candidates(
        self, persona: str, trait: str, *, min_quality: float, session_id: str | None = None
    ) -> list[dict[str, Any]]:
        """Unused, scored interactions of (persona, trait) worth learning from: quality at
        least ``min_quality``, or carrying a correction (a preference pair). Unclaimed, or
        claimed by ``session_id`` itself (a session that runs again keeps its data).
        """
        claim = _I.c.used_by_session.is_(None)
        if session_id is not None:
            claim = claim | (_I.c.used_by_session == session_id)
        stmt = (
            select(
                _I.c.id, _I.c.messages, _I.c.quality, _I.c.feedback_correction,
                _I.c.content_hash, _I.c.created_at,
            )
            .where(
                _I.c.persona == persona, _I.c.trait == trait, _I.c.used.is_(False),
                claim, _I.c.scored_at.is_not(None),
                (_I.c.quality >= min_quality) | _I.c.feedback_correction.is_not(None),
            )
            .order_by(_I.c.created_at, _I.c.id)
        )  # fmt: skip
        async with self.db.read() as conn:
            return [dict(r._mapping) for r in (await conn.execute(stmt)).all()]

    async def claim(self, session_id: str, interaction_ids: Sequence[str]) -> int:
        """Reserve interactions for a session's dataset (they stay unused until deploy)."""
        claimed = 0
        async with self.db.write() as conn:
            for start in range(0, len(interaction_ids), 500):
                chunk = list(interaction_ids[start : start + 500])
                result = await conn.execute(
                    update(_I)
                    .where(_I.c.id.in_(chunk), _I.c.used_by_session.is_(None))
                    .values(used_by_session=session_id)
                )
                claimed += result.rowcount
        return claimed

    async def trigger_stats(self, *, min_quality: float) -> list[dict[str, Any]]:
        """Per (persona, trait) with unused scored data: how much, and how good."""
        stmt = (
            select(
                _I.c.persona,
                _I.c.trait,
                func.count().label("unused"),
                func.coalesce(
                    func.sum(case((_I.c.quality >= min_quality, 1), else_=0)), 0
                ).label("unused_good"),
                func.max(_I.c.created_at).label("newest"),
            )
            .where(
                _I.c.used.is_(False), _I.c.scored_at.is_not(None), _I.c.trait.is_not(None),
                _I.c.used_by_session.is_(None),
            )
            .group_by(_I.c.persona, _I.c.trait)
        )  # fmt: skip
        async with self.db.read() as conn:
            return [dict(r._mapping) for r in (await conn.execute(stmt)).all()]

    async def trait_history(self, persona: str, trait: str) -> dict[str, Any]:
        """When the trait last had a job, when its active layer was deployed, and its baseline."""
        async with self.db.read() as conn:
            last_job = (
                await conn.execute(
                    select(func.max(_S.c.created_at)).where(
                        _S.c.persona == persona, _S.c.trait == trait
                    )
                )
            ).scalar_one_or_none()
            active = (
                await conn.execute(
                    select(_A.c.activated_at, _A.c.baseline_quality).where(
                        and_(_A.c.persona == persona, _A.c.trait == trait)
                    )
                )
            ).one_or_none()
        return {
            "last_job_at": last_job,
            "deployed_at": active.activated_at if active else None,
            "baseline_quality": active.baseline_quality if active else None,
        }

    async def jobs_since(self, persona: str, since: float) -> int:
        async with self.db.read() as conn:
            stmt = select(func.count()).where(_S.c.persona == persona, _S.c.created_at >= since)
            return int((await conn.execute(stmt)).scalar_one())

    async def rolling_quality(self, persona: str, trait: str, window: int) -> tuple[float, int]:
        """Mean quality of the last ``window`` scored interactions, and how many there were."""
        recent = (
            select(_I.c.quality)
            .where(_I.c.persona == persona, _I.c.trait == trait, _I.c.quality.is_not(None))
            .order_by(_I.c.created_at.desc(), _I.c.id.desc())
            .limit(window)
            .subquery()
        )
        async with self.db.read() as conn:
            mean, count = (
                await conn.execute(select(func.avg(recent.c.quality), func.count()))
            ).one()
        return (float(mean) if mean is not None else 0.0), int(count)

    async def add_decision(self, session_id: str, decision: dict[str, Any]) -> None:
        """Append one failover / retry / budget decision to the session's record."""
        async with self.db.write() as conn:
            current = (
                await conn.execute(select(_S.c.decisions).where(_S.c.id == session_id))
            ).scalar_one_or_none()
            await conn.execute(
                update(_S)
                .where(_S.c.id == session_id)
                .values(decisions=[*(current or []), decision])
            )

    async def update(self, session_id: str, **values: Any) -> None:
        """Set columns of a session (status, provider, estimate, cost, dataset_hash ...)."""
        allowed = {"status", "provider", "estimate", "cost", "dataset_hash", "params", "error",
                   "started_at", "priority", "created_at"}  # fmt: skip
        unknown = set(values) - allowed
        if unknown:
            raise ValueError(f"cannot update {sorted(unknown)} on a training session")
        async with self.db.write() as conn:
            await conn.execute(update(_S).where(_S.c.id == session_id).values(**values))

    # -- the durable job queue ------------------------------------------------------------------

    async def claim_next(
        self, owner: str, lease_s: float, *, session_id: str | None = None
    ) -> dict[str, Any] | None:
        """Take the next job: the highest priority (FIFO within it) among queued jobs and jobs
        whose worker stopped renewing its lease (a killed runtime). Returns it, leased to
        ``owner``, or None. Safe across processes: SQLite serialises writers, PostgreSQL
        skips rows another worker has locked.
        """
        now = time.time()
        claimable = (_S.c.status == "queued") | (
            _S.c.status.in_(("running", "trained")) & (_S.c.lease_expires_at < now)
        )
        async with self.db.write() as conn:
            if session_id is not None:  # this job only, if it can be taken
                claimable = claimable & (_S.c.id == session_id)
            row = (
                await conn.execute(
                    select(_S.c.id)
                    .where(claimable)
                    .order_by(_S.c.priority, _S.c.created_at, _S.c.id)
                    .limit(1)
                    .with_for_update(skip_locked=True)
                )
            ).one_or_none()
            if row is None:
                return None
            await conn.execute(
                update(_S)
                .where(_S.c.id == row.id)
                .values(
                    status=case((_S.c.status == "trained", "trained"), else_="running"),
                    lease_owner=owner, lease_expires_at=now + lease_s, heartbeat_at=now,
                    control=None,
                )
            )  # fmt: skip
            job = (await conn.execute(select(_S).where(_S.c.id == row.id))).one()
        return dict(job._mapping)

    async def heartbeat(
        self, session_id: str, owner: str, lease_s: float
    ) -> tuple[bool, str | None]:
        """Renew ``owner``'s lease; returns (still ours, the control verb an admin asked for)."""
        now = time.time()
        async with self.db.write() as conn:
            result = await conn.execute(
                update(_S)
                .where(_S.c.id == session_id, _S.c.lease_owner == owner)
                .values(lease_expires_at=now + lease_s, heartbeat_at=now)
            )
            control = (
                await conn.execute(select(_S.c.control).where(_S.c.id == session_id))
            ).scalar_one_or_none()
        return result.rowcount == 1, control

    async def release(self, session_id: str, owner: str, **values: Any) -> None:
        """Give up ``owner``'s lease, setting ``values`` (status back to queued or paused)."""
        async with self.db.write() as conn:
            await conn.execute(
                update(_S)
                .where(_S.c.id == session_id, _S.c.lease_owner == owner)
                .values(lease_owner=None, lease_expires_at=None, control=None, **values)
            )

    async def request(self, session_id: str, verb: str) -> dict[str, Any]:
        """An admin's pause / resume / stop / skip / cancel, applied now to a job no worker
        holds, or left in ``control`` for the worker running it (it acts at the next step
        boundary, with a checkpoint saved). Returns the session as it is afterwards.
        Raises LookupError for an unknown id and ValueError for a verb that does not apply.
        """
        now = time.time()
        async with self.db.write() as conn:
            row = (await conn.execute(select(_S).where(_S.c.id == session_id))).one_or_none()
            if row is None:
                raise LookupError(session_id)
            status = row.status
            held = status in ("running", "trained") and row.lease_owner is not None
            if verb == "resume":
                if status != "paused":
                    raise ValueError(f"job {session_id} is {status}; only a paused job resumes")
                values: dict[str, Any] = {"status": "queued", "control": None}
            elif status not in OPEN_STATUSES and status != "trained":
                raise ValueError(f"job {session_id} has ended ({status}); nothing to {verb}")
            elif held:
                values = {"control": verb}
            elif verb == "pause":
                values = {"status": "paused"}
            elif verb == "skip":
                values = {"status": "queued", "created_at": now,  # to the back of the queue
                          "priority": PRIORITIES["low"]}  # fmt: skip
            else:  # stop / cancel a job nobody is running: it ends now
                values = {"status": {"stop": "stopped", "cancel": "cancelled"}[verb],
                          "open_slot": None, "finished_at": now}  # fmt: skip
                await conn.execute(
                    update(_I)
                    .where(_I.c.used_by_session == session_id, _I.c.used.is_(False))
                    .values(used_by_session=None)
                )
            await conn.execute(update(_S).where(_S.c.id == session_id).values(**values))
            after = (await conn.execute(select(_S).where(_S.c.id == session_id))).one()
        return dict(after._mapping)

    async def spent_this_month(self, persona: str, now: float | None = None) -> float:
        """Actual cost of the persona's sessions created in the current UTC calendar month."""
        moment = dt.datetime.fromtimestamp(now if now is not None else time.time(), dt.UTC)
        start = moment.replace(day=1, hour=0, minute=0, second=0, microsecond=0).timestamp()
        async with self.db.read() as conn:
            total = (
                await conn.execute(
                    select(func.coalesce(func.sum(_S.c.cost), 0.0)).where(
                        _S.c.persona == persona, _S.c.created_at >= start
                    )
                )
            ).scalar_one()
        return float(total)
