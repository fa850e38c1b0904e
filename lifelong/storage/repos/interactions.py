"""Interactions: the batched insert behind ``persona.record``, feedback, and queries."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, update

from lifelong.errors import NotFound
from lifelong.storage.database import Database
from lifelong.storage.tables import Interaction, table_of

_T = table_of(Interaction)


@dataclass(frozen=True, slots=True)
class InteractionRow:
    id: str
    persona: str
    trait: str | None
    messages: list[dict[str, Any]]
    metadata: dict[str, Any] | None
    source: str
    created_at: float
    quality: float | None
    used: bool
    feedback_rating: float | None
    feedback_correction: str | None
    generation_id: str | None = None  # the generation that produced the reply, if recorded


class InteractionRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def insert_many(self, rows: Sequence[dict[str, Any]]) -> None:
        """Insert rows (dicts keyed by column name) in one transaction: all or none."""
        if rows:
            await self.db.insert_batch(_T, list(rows))

    async def set_feedback(
        self,
        persona: str,
        interaction_id: str,
        *,
        rating: float | None,
        correction: str | None,
    ) -> None:
        """Store explicit feedback; the scorer picks it up on its next pass."""
        values: dict[str, Any] = {"feedback_at": time.time(), "scored_at": None}
        if rating is not None:
            values["feedback_rating"] = rating
        if correction is not None:
            values["feedback_correction"] = correction
        async with self.db.write() as conn:
            result = await conn.execute(
                update(_T)
                .where(_T.c.id == interaction_id, _T.c.persona == persona)
                .values(**values)
            )
        if result.rowcount == 0:
            raise NotFound(
                "interaction",
                interaction_id,
                f"persona {persona!r} has no interaction with that id (ids come from record())",
            )

    async def get(self, interaction_id: str) -> InteractionRow | None:
        async with self.db.read() as conn:
            row = (await conn.execute(select(_T).where(_T.c.id == interaction_id))).one_or_none()
        return _row(row) if row is not None else None

    async def by_generation(self, generation_id: str) -> InteractionRow | None:
        """The turn recorded with generation ``generation_id`` (the newest, if several)."""
        stmt = (
            select(_T)
            .where(_T.c.generation_id == generation_id)
            .order_by(_T.c.created_at.desc())
            .limit(1)
        )
        async with self.db.read() as conn:
            row = (await conn.execute(stmt)).one_or_none()
        return _row(row) if row is not None else None

    async def count(
        self,
        persona: str | None = None,
        *,
        trait: str | None = None,
        used: bool | None = None,
        source: str | None = None,
    ) -> int:
        stmt = select(func.count()).select_from(_T)
        stmt = _filtered(stmt, persona=persona, trait=trait, used=used, source=source)
        async with self.db.read() as conn:
            return int((await conn.execute(stmt)).scalar_one())

    async def list(
        self,
        persona: str | None = None,
        *,
        trait: str | None = None,
        used: bool | None = None,
        source: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[InteractionRow]:
        """Newest first; ``limit`` / ``offset`` paginate."""
        stmt = select(_T).order_by(_T.c.created_at.desc(), _T.c.id.desc())
        stmt = _filtered(stmt, persona=persona, trait=trait, used=used, source=source)
        async with self.db.read() as conn:
            rows = (await conn.execute(stmt.limit(limit).offset(offset))).all()
        return [_row(r) for r in rows]


def _filtered(stmt: Any, **filters: Any) -> Any:
    for column, value in filters.items():
        if value is not None:
            stmt = stmt.where(_T.c[column] == value)
    return stmt


def _row(row: Any) -> InteractionRow:
    return InteractionRow(
        id=row.id,
        persona=row.persona,
        trait=row.trait,
        messages=row.messages,
        metadata=row.metadata,
        source=row.source,
        created_at=row.created_at,
        quality=row.quality,
        used=bool(row.used),
        feedback_rating=row.feedback_rating,
        feedback_correction=row.feedback_correction,
        generation_id=row.generation_id,
    )
