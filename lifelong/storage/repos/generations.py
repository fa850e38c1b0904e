"""Generations: which layer versions answered each ``generate``, and the quality they served.

Written through a :class:`~lifelong.storage.recorder.Recorder` (group commit), like recorded
turns: a generation id is durable once ``generate`` returns it, so a turn recorded with it can
always be attributed, even after a kill -9. Generations no recorded turn names are swept
after ``genome.generation_retention_days`` (:meth:`GenerationRepo.sweep`); the ones a turn
names stay as long as the turn.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, exists, select, update

from lifelong.storage.database import Database
from lifelong.storage.tables import (
    Generation,
    GenerationLayer,
    GenerationMemory,
    Interaction,
    MemoryTurn,
    table_of,
)

__all__ = ["GenerationRepo", "ServedTurn"]

_G = table_of(Generation)
_GL = table_of(GenerationLayer)
_GM = table_of(GenerationMemory)
_M = table_of(MemoryTurn)
_I = table_of(Interaction)
# The columns of a served turn.
_TURN = (_I.c.id, _I.c.created_at, _I.c.quality, _I.c.feedback_rating, _I.c.feedback_correction)


@dataclass(frozen=True, slots=True)
class ServedTurn:
    """A scored turn that a layer version answered: what the monitor compares."""

    interaction_id: str
    created_at: float
    quality: float
    rating: float | None
    corrected: bool


class GenerationRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def insert_many(self, rows: Sequence[dict[str, Any]]) -> None:
        """Rows ``{"id", "persona", "created_at", "base_model", "remote_model", "layers":
        {trait: {"version", "layer_id"}}, "memory": [ids]}``: the generations with their layer
        and memory rows, one transaction.
        """
        if not rows:
            return
        generations = [
            {**{k: r[k] for k in ("id", "persona", "created_at", "base_model", "remote_model")},
             "layers": {t: v["version"] for t, v in r["layers"].items()}}
            for r in rows
        ]  # fmt: skip
        layers = [
            {"generation_id": r["id"], "layer_id": v["layer_id"], "persona": r["persona"],
             "trait": t, "version": v["version"]}
            for r in rows for t, v in r["layers"].items()
        ]  # fmt: skip
        # The memory turns each was given (``"memory": [ids]``), like its layers.
        memory = [{"generation_id": r["id"], "memory_id": m, "persona": r["persona"]}
                  for r in rows for m in r.get("memory") or ()]  # fmt: skip
        async with self.db.write() as conn:
            await conn.execute(_G.insert(), generations)
            if layers:
                await conn.execute(_GL.insert(), layers)
            if memory:
                await conn.execute(_GM.insert(), memory)
                await conn.execute(
                    update(_M).where(_M.c.id.in_(list({m["memory_id"] for m in memory})))
                    .values(last_used_at=max(r["created_at"] for r in rows))
                )  # fmt: skip

    async def known(self, ids: Iterable[str]) -> set[str]:
        """The ids among ``ids`` that are stored generations."""
        wanted = list(set(ids))
        if not wanted:
            return set()
        async with self.db.read() as conn:
            rows = await conn.execute(select(_G.c.id).where(_G.c.id.in_(wanted)))
            return {r.id for r in rows}

    async def get(self, generation_id: str) -> dict[str, Any] | None:
        async with self.db.read() as conn:
            row = (await conn.execute(select(_G).where(_G.c.id == generation_id))).one_or_none()
        return dict(row._mapping) if row is not None else None

    async def sweep(self, before: float, *, batch: int = 500) -> int:
        """Delete the generations made before ``before`` that no recorded turn names, with
        their layer rows; returns how many. Candidates are found in a read transaction (a scan
        never holds the write lock) and deleted a batch per short write transaction, which
        checks again that no turn has named them since.
        """
        total = 0
        unreferenced = ~exists().where(_I.c.generation_id == _G.c.id)
        after = ""  # ids are time-ordered (UUIDv7): walk forward, never rescan a kept row
        while True:
            async with self.db.read() as conn:
                ids = list(
                    (
                        await conn.execute(
                            select(_G.c.id)
                            .where(_G.c.created_at < before, _G.c.id > after, unreferenced)
                            .order_by(_G.c.id)
                            .limit(batch)
                        )
                    ).scalars()
                )
            if not ids:
                return total
            after = ids[-1]
            async with self.db.write() as conn:
                gone = list(
                    (
                        await conn.execute(select(_G.c.id).where(_G.c.id.in_(ids), unreferenced))
                    ).scalars()
                )
                if gone:
                    await conn.execute(delete(_GL).where(_GL.c.generation_id.in_(gone)))
                    await conn.execute(delete(_GM).where(_GM.c.generation_id.in_(gone)))
                    await conn.execute(delete(_G).where(_G.c.id.in_(gone)))
            total += len(gone)
            if len(ids) < batch:
                return total

    async def served(
        self,
        layer_id: str,
        *,
        since: float | None = None,
        until: float | None = None,
        limit: int | None = None,
    ) -> list[ServedTurn]:
        """Scored turns answered by layer ``layer_id`` (recorded with the generation id),
        newest first, optionally recorded in ``[since, until)``.
        """
        stmt = (
            select(*_TURN)
            .join(_GL, _GL.c.generation_id == _I.c.generation_id)
            .where(_GL.c.layer_id == layer_id, _I.c.quality.is_not(None))
        )
        return await self._turns(stmt, since, until, limit)

    async def served_by_base(
        self,
        persona: str,
        trait: str,
        *,
        until: float | None = None,
        limit: int | None = None,
    ) -> list[ServedTurn]:
        """Scored turns of (persona, trait) that no layer of that trait answered (the base
        model did; recorded with their generation id), newest first, optionally before
        ``until``: what a trait's first version is compared with.
        """
        layered = exists().where(_GL.c.generation_id == _I.c.generation_id, _GL.c.trait == trait)
        stmt = (
            select(*_TURN)
            .join(_G, _G.c.id == _I.c.generation_id)
            .where(_I.c.persona == persona, _I.c.trait == trait, _I.c.quality.is_not(None),
                   ~layered)
        )  # fmt: skip
        return await self._turns(stmt, None, until, limit)

    async def _turns(
        self, stmt: Any, since: float | None, until: float | None, limit: int | None
    ) -> list[ServedTurn]:
        stmt = stmt.order_by(_I.c.created_at.desc(), _I.c.id.desc())
        if since is not None:
            stmt = stmt.where(_I.c.created_at >= since)
        if until is not None:
            stmt = stmt.where(_I.c.created_at < until)
        if limit is not None:
            stmt = stmt.limit(limit)
        async with self.db.read() as conn:
            rows = (await conn.execute(stmt)).all()
        return [
            ServedTurn(r.id, r.created_at, float(r.quality), r.feedback_rating,
                       r.feedback_correction is not None)
            for r in rows
        ]  # fmt: skip
