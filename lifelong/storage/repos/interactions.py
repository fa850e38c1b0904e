"""Interactions: the batched insert behind ``persona.record``, feedback, and queries."""

from __future__ import annotations

import builtins
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Text, and_, cast, exists, func, or_, select, update

from lifelong.errors import NotFound
from lifelong.storage.database import Database
from lifelong.storage.repos.reports import _bucket_index
from lifelong.storage.tables import Generation, GenerationLayer, Interaction, table_of

_T = table_of(Interaction)
_G = table_of(Generation)
_GL = table_of(GenerationLayer)
# What ``browse`` takes as ``rating``: rated at all, not rated, rated at least one half
# ("good"), below it ("bad"), or given a correction.
RATINGS = ("rated", "unrated", "good", "bad", "corrected")


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

    # -- the dashboard's reads --------------------------------------------------------------

    async def browse(
        self, persona: str, where: TurnFilter, *, limit: int = 50, offset: int = 0
    ) -> tuple[builtins.list[BrowsedTurn], int]:
        """A page of the persona's turns that match ``where`` (newest first) and how many
        match, each with its score components and the layer versions that answered it.
        """
        clauses = _browse_where(persona, where)
        stmt = (
            select(_T, _G.c.base_model.label("g_base"), _G.c.remote_model.label("g_remote"),
                   _G.c.id.label("g_id"))
            .outerjoin(_G, _G.c.id == _T.c.generation_id)
            .where(*clauses)
            .order_by(_T.c.created_at.desc(), _T.c.id.desc())
            .limit(limit)
            .offset(offset)
        )  # fmt: skip
        async with self.db.read() as conn:
            rows = (await conn.execute(stmt)).all()
            total = (
                await conn.execute(select(func.count()).select_from(_T).where(*clauses))
            ).scalar_one()
            generations = [r.g_id for r in rows if r.g_id is not None]
            layers: dict[str, dict[str, int]] = {g: {} for g in generations}
            if generations:
                found = await conn.execute(
                    select(_GL.c.generation_id, _GL.c.trait, _GL.c.version)
                    .where(_GL.c.generation_id.in_(generations))
                )  # fmt: skip
                for g, trait, version in found:
                    layers[g][trait] = int(version)
        turns = [
            BrowsedTurn(
                _row(r), r.quality_components, r.scored_at, r.feedback_at,
                layers.get(r.g_id) if r.g_id is not None else None, r.g_base, r.g_remote,
            )
            for r in rows
        ]  # fmt: skip
        return turns, int(total)

    async def answered_by(self, persona: str) -> builtins.list[tuple[str, int]]:
        """Every (trait, version) that answered at least one recorded turn of ``persona``."""
        stmt = (
            select(_GL.c.trait, _GL.c.version)
            .where(_GL.c.persona == persona,
                   exists().where(_T.c.generation_id == _GL.c.generation_id))
            .group_by(_GL.c.trait, _GL.c.version)
            .order_by(_GL.c.trait, _GL.c.version)
        )  # fmt: skip
        async with self.db.read() as conn:
            return [(r.trait, int(r.version)) for r in (await conn.execute(stmt)).all()]

    async def changes(self, persona: str | None = None) -> tuple[Any, ...]:
        """Something that changes when a turn (of ``persona``, when given) is recorded, or any
        turn is scored or given feedback (which clears its score until the next pass): what a
        live page compares to know it is stale. Index reads only.
        """
        async with self.db.read() as conn:
            if persona is not None:
                recorded = (
                    await conn.execute(
                        select(func.max(_T.c.created_at), func.count()).where(
                            _T.c.persona == persona
                        )
                    )
                ).one()
            else:  # ids are time-ordered: the newest id is the newest turn
                recorded = (await conn.execute(select(func.max(_T.c.id)))).one()
            scored = (await conn.execute(select(func.max(_T.c.scored_at)))).scalar_one()
            unscored = (
                await conn.execute(
                    select(func.count()).select_from(_T).where(_T.c.scored_at.is_(None))
                )
            ).scalar_one()
        return (*recorded, scored, int(unscored))

    async def quality_trend(
        self, persona: str, bucket_for: Callable[[float], int]
    ) -> tuple[int, builtins.list[tuple[str | None, int, float, int]]]:
        """Mean quality per (trait, time bucket) of the persona's scored turns, with the bucket
        size ``bucket_for(span_seconds)`` picks from the time the scored turns span; returns
        the size and (trait, bucket index, mean, count) rows (start = index * size, UTC).
        """
        scored = and_(_T.c.persona == persona, _T.c.quality.is_not(None))
        async with self.db.read() as conn:
            first, last = (
                await conn.execute(select(func.min(_T.c.created_at), func.max(_T.c.created_at))
                                   .where(scored))
            ).one()  # fmt: skip
            size = int(bucket_for((last - first) if first is not None else 0.0))
            if first is None:
                return size, []
            index = _bucket_index(conn, _T.c.created_at, size).label("bucket")
            rows = (
                await conn.execute(
                    select(_T.c.trait, index, func.avg(_T.c.quality), func.count())
                    .where(scored)
                    .group_by(_T.c.trait, index)
                    .order_by(_T.c.trait, index)
                )
            ).all()
        return size, [(r[0], int(r[1]), float(r[2]), int(r[3])) for r in rows]


@dataclass(frozen=True, slots=True)
class BrowsedTurn:
    """One turn as the dashboard's conversation browser shows it: the row, its score
    components and when it was scored, and the layer versions of the generation that answered
    (``answered`` is None when the turn names no stored generation).
    """

    row: InteractionRow
    components: dict[str, Any] | None
    scored_at: float | None
    feedback_at: float | None
    answered: dict[str, int] | None
    base_model: str | None = None
    remote_model: str | None = None


@dataclass(frozen=True, slots=True)
class TurnFilter:
    """What :meth:`InteractionRepo.browse` keeps: one trait, a quality range (inclusive), a
    rating class (:data:`RATINGS`), the turns a layer version answered (``(trait, version)``;
    ``version`` None: the trait's base model, no layer of it), and text the messages or the
    correction contain (case-insensitive for ASCII).
    """

    trait: str | None = None
    min_quality: float | None = None
    max_quality: float | None = None
    rating: str | None = None
    layer: tuple[str, int | None] | None = None
    text: str | None = None


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _browse_where(persona: str, f: TurnFilter) -> builtins.list[Any]:
    where: builtins.list[Any] = [_T.c.persona == persona]
    if f.trait is not None:
        where.append(_T.c.trait == f.trait)
    if f.min_quality is not None:
        where.append(_T.c.quality >= f.min_quality)
    if f.max_quality is not None:
        where.append(_T.c.quality <= f.max_quality)
    rating = _T.c.feedback_rating
    classes: dict[str | None, builtins.list[Any]] = {
        None: [], "rated": [rating.is_not(None)], "unrated": [rating.is_(None)],
        "good": [rating >= 0.5], "bad": [rating < 0.5],
        "corrected": [_T.c.feedback_correction.is_not(None)],
    }  # fmt: skip
    where += classes[f.rating]
    if f.layer is not None:
        trait, version = f.layer
        if version is None:  # answered (a stored generation), with no layer of that trait
            where.append(exists().where(_G.c.id == _T.c.generation_id).correlate_except(_G))
            where.append(
                ~exists().where(_GL.c.generation_id == _T.c.generation_id, _GL.c.trait == trait)
            )
        else:
            same = (_GL.c.generation_id == _T.c.generation_id, _GL.c.trait == trait)
            where.append(exists().where(*same, _GL.c.version == version))
    if f.text:
        needle = f.text.lower()
        # Messages are stored as JSON text: a non-ASCII letter is stored \u-escaped.
        escaped = json.dumps(needle)[1:-1]
        messages = func.lower(cast(_T.c.messages, Text))
        where.append(or_(
            messages.like(_like(needle), escape="\\"),
            messages.like(_like(escaped), escape="\\"),
            func.lower(_T.c.feedback_correction).like(_like(needle), escape="\\"),
        ))  # fmt: skip
    return where


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
