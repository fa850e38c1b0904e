"""The data side of training: which interactions a job may learn from, what they are worth,
what triggers see, and what training cost. The job rows' state machine is in
:mod:`lifelong.storage.repos.jobs`.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence
from typing import Any

from sqlalchemy import and_, case, func, select, update

from lifelong.storage.database import Database
from lifelong.storage.tables import ActiveLayer, Event, Interaction, TrainingSession, table_of

_I = table_of(Interaction)
_S = table_of(TrainingSession)
_A = table_of(ActiveLayer)
_E = table_of(Event)


class TrainingRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def candidates(
        self, persona: str, trait: str, *, min_quality: float, job_id: str | None = None
    ) -> list[dict[str, Any]]:
        """Unused, scored interactions of (persona, trait) worth learning from: quality at
        least ``min_quality``, or carrying a correction (a DPO pair) or a rating (a KTO
        example, a thumbs-down one included). Unclaimed, or
        claimed by ``job_id`` itself (a session that runs again keeps its data).
        """
        claim: Any = _I.c.used_by_job.is_(None)
        if job_id is not None:
            claim = claim | (_I.c.used_by_job == job_id)
        stmt = (
            select(
                _I.c.id, _I.c.messages, _I.c.quality, _I.c.feedback_correction,
                _I.c.feedback_rating, _I.c.content_hash, _I.c.created_at,
            )
            .where(
                _I.c.persona == persona, _I.c.trait == trait, _I.c.used.is_(False),
                claim, _I.c.scored_at.is_not(None),
                (_I.c.quality >= min_quality) | _I.c.feedback_correction.is_not(None)
                | _I.c.feedback_rating.is_not(None),
            )
            .order_by(_I.c.created_at, _I.c.id)
        )  # fmt: skip
        async with self.db.read() as conn:
            return [dict(r._mapping) for r in (await conn.execute(stmt)).all()]

    async def claim(self, job_id: str, interaction_ids: Sequence[str]) -> int:
        """Reserve interactions for a session's dataset (they stay unused until deploy)."""
        return await self._set_claim(interaction_ids, _I.c.used_by_job.is_(None), job_id)

    async def unclaim(self, job_id: str, interaction_ids: Sequence[str]) -> int:
        """Give back interactions a session claimed but will not learn from."""
        return await self._set_claim(interaction_ids, _I.c.used_by_job == job_id, None)

    async def _set_claim(
        self, interaction_ids: Sequence[str], held: Any, job_id: str | None
    ) -> int:
        """Set ``used_by_job`` on those of ``interaction_ids`` that match ``held``, in
        chunks a driver's parameter limit takes; how many changed.
        """
        changed = 0
        async with self.db.write() as conn:
            for start in range(0, len(interaction_ids), 500):
                chunk = list(interaction_ids[start : start + 500])
                result = await conn.execute(
                    update(_I).where(_I.c.id.in_(chunk), held).values(used_by_job=job_id)
                )
                changed += result.rowcount
        return changed

    async def trigger_stats(self, *, min_quality: float) -> list[dict[str, Any]]:
        """Per (persona, trait) with unused scored data: how much, and how much of it is worth
        learning from (``unused_good``: quality at least ``min_quality``, or a correction, or a
        thumbs-up; a trait taught through corrections has poor replies by definition and must
        still reach its threshold).
        """
        # A thumbs-down alone is learned from (KTO) but cannot carry a job: a layer needs
        # replies to imitate and to be tested on.
        learnable = (
            (_I.c.quality >= min_quality)
            | _I.c.feedback_correction.is_not(None)
            | (_I.c.feedback_rating >= 0.5)
        )
        stmt = (
            select(
                _I.c.persona,
                _I.c.trait,
                func.count().label("unused"),
                func.coalesce(
                    func.sum(case((learnable, 1), else_=0)), 0
                ).label("unused_good"),
                func.max(_I.c.created_at).label("newest"),
            )
            .where(
                _I.c.used.is_(False), _I.c.scored_at.is_not(None), _I.c.trait.is_not(None),
                _I.c.used_by_job.is_(None),
            )
            .group_by(_I.c.persona, _I.c.trait)
        )  # fmt: skip
        async with self.db.read() as conn:
            return [dict(r._mapping) for r in (await conn.execute(stmt)).all()]

    async def trait_history(
        self, persona: str, trait: str, *, rollbacks_since: float | None = None
    ) -> dict[str, Any]:
        """When the trait last had a job, when its active layer was deployed, its baseline,
        and (with ``rollbacks_since``) when the runtime last rolled one of its versions back
        by itself since then (a canary's rollback leaves the active pointer alone).
        """
        async with self.db.read() as conn:
            rolled = None
            if rollbacks_since is not None:
                rolled = (
                    await conn.execute(
                        select(func.max(_E.c.ts)).where(
                            _E.c.persona == persona, _E.c.ts >= rollbacks_since,
                            _E.c.trait == trait, _E.c.kind == "LayerAutoRolledBack",
                        )
                    )
                ).scalar_one_or_none()  # fmt: skip
            last_job = (
                await conn.execute(
                    select(func.max(_S.c.created_at)).where(
                        _S.c.persona == persona, _S.c.trait == trait
                    )
                )
            ).scalar_one_or_none()
            active = (
                await conn.execute(
                    select(_A.c.activated_at, _A.c.activated_by, _A.c.baseline_quality).where(
                        and_(_A.c.persona == persona, _A.c.trait == trait)
                    )
                )
            ).one_or_none()
        return {
            "last_job_at": last_job,
            "deployed_at": active.activated_at if active else None,
            "activated_by": active.activated_by if active else None,
            "baseline_quality": active.baseline_quality if active else None,
            "auto_rollback_at": rolled,
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
