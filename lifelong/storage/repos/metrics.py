"""Metric time series (training loss per step, learning rate, throughput ...)."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select

from lifelong.storage.database import Database
from lifelong.storage.tables import Metric, table_of

_M = table_of(Metric)


class MetricsRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def add(
        self,
        points: Sequence[tuple[str, float]],
        *,
        step: int | None = None,
        job_id: str | None = None,
        persona: str | None = None,
        trait: str | None = None,
    ) -> None:
        """Store ``(name, value)`` points taken at one moment (and step)."""
        now = time.time()
        rows = [
            {"ts": now, "name": name, "value": float(value), "step": step,
             "job_id": job_id, "persona": persona, "trait": trait}
            for name, value in points
        ]  # fmt: skip
        if rows:
            async with self.db.write() as conn:
                await conn.execute(_M.insert(), rows)

    async def series(self, job_id: str, name: str) -> list[tuple[int | None, float]]:
        stmt = (
            select(_M.c.step, _M.c.value)
            .where(_M.c.job_id == job_id, _M.c.name == name)
            .order_by(_M.c.step, _M.c.id)
        )
        async with self.db.read() as conn:
            return [(r.step, r.value) for r in (await conn.execute(stmt)).all()]

    async def after(
        self, cursor: int, names: Sequence[str], limit: int = 500
    ) -> list[dict[str, Any]]:
        """Training points (those with a session) stored after id ``cursor``, oldest first."""
        stmt = (
            select(_M)
            .where(_M.c.id > cursor, _M.c.job_id.is_not(None), _M.c.name.in_(list(names)))
            .order_by(_M.c.id)
            .limit(limit)
        )
        async with self.db.read() as conn:
            return [dict(r._mapping) for r in (await conn.execute(stmt)).all()]

    async def last_id(self) -> int:
        async with self.db.read() as conn:
            return int((await conn.execute(select(func.max(_M.c.id)))).scalar() or 0)

    async def summary(self, job_id: str, name: str) -> dict[str, Any]:
        """min, max, mean, count and the last value of one series."""
        stmt = select(
            func.min(_M.c.value), func.max(_M.c.value), func.avg(_M.c.value), func.count()
        ).where(_M.c.job_id == job_id, _M.c.name == name)
        async with self.db.read() as conn:
            low, high, mean, count = (await conn.execute(stmt)).one()
        series = await self.series(job_id, name)
        return {
            "min": low, "max": high, "mean": float(mean) if mean is not None else None,
            "count": int(count), "last": series[-1][1] if series else None,
        }  # fmt: skip
