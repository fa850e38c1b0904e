"""What the scoring worker reads and writes."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select, update

from lifelong.storage.database import Database
from lifelong.storage.repos.memory import MemoryEntry, MemoryRepo
from lifelong.storage.repos.routing import PromptSum, add_to_profiles
from lifelong.storage.tables import Interaction, table_of

_T = table_of(Interaction)


class ScoringRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def unscored(self, limit: int) -> list[dict[str, Any]]:
        """The oldest interactions without a score (new, re-queued, or with new feedback)."""
        stmt = (
            select(
                _T.c.id, _T.c.persona, _T.c.trait, _T.c.trait_source, _T.c.messages,
                _T.c.conversation_id, _T.c.created_at, _T.c.feedback_rating,
                _T.c.feedback_correction, _T.c.feedback_at,
            )
            .where(_T.c.scored_at.is_(None))
            .order_by(_T.c.created_at, _T.c.id)
            .limit(limit)
        )  # fmt: skip
        async with self.db.read() as conn:
            return [dict(r._mapping) for r in (await conn.execute(stmt)).all()]

    async def conversation_turns(
        self, keys: set[tuple[str, str]]
    ) -> dict[tuple[str, str], list[dict[str, Any]]]:
        """All turns of the given (persona, conversation_id) pairs, oldest first."""
        if not keys:
            return {}
        ids = sorted({c for _, c in keys})
        stmt = (
            select(
                _T.c.id, _T.c.persona, _T.c.conversation_id, _T.c.messages, _T.c.created_at,
                _T.c.scored_at, _T.c.quality_components,
            )
            .where(_T.c.conversation_id.in_(ids))
            .order_by(_T.c.created_at, _T.c.id)
        )  # fmt: skip
        turns: dict[tuple[str, str], list[dict[str, Any]]] = {}
        async with self.db.read() as conn:
            for row in (await conn.execute(stmt)).all():
                key = (row.persona, row.conversation_id)
                if key in keys:
                    turns.setdefault(key, []).append(dict(row._mapping))
        return turns

    async def save(
        self,
        updates: Sequence[dict[str, Any]],
        requeue: Sequence[str] = (),
        memory: Sequence[MemoryEntry] = (),
    ) -> int:
        """Store scores; returns how many were stored.

        Each update has ``id``, ``quality``, ``components``, ``trait``, ``trait_source`` and the
        ``feedback_at`` that was read: a row whose feedback changed since is left unscored, so
        the next pass sees the new feedback. ``requeue`` ids lose their score (a follow-up turn
        arrived that changes it).

        An update may also carry ``persona`` and ``prompt_vector`` (the unit vector of its user
        prompt): that prompt joins the routing profile of (persona, trait) in this transaction,
        if this is the interaction's first score, so re-scoring never counts a prompt twice.

        ``memory``: what memory keeps of the scored turns (:class:`MemoryEntry`), written in
        the same transaction for each update that was stored.
        """
        now = time.time()
        stored = 0
        saved: set[str] = set()
        profiles: dict[tuple[str, str], PromptSum] = {}
        async with self.db.write() as conn:
            for u in updates:
                seen = u.get("feedback_at")
                where = [
                    _T.c.id == u["id"],
                    _T.c.feedback_at.is_(None) if seen is None else _T.c.feedback_at == seen,
                ]
                values = {
                    "quality": u["quality"],
                    "quality_components": u["components"],
                    "scored_at": now,
                    "trait": u["trait"],
                    "trait_source": u["trait_source"],
                }
                if u.get("prompt_vector") is not None:
                    # Scored for the first time (no quality yet): the one time it counts. Asked
                    # in the UPDATE itself, so a concurrent scorer of the same row cannot also.
                    first = await conn.execute(
                        update(_T).where(*where, _T.c.quality.is_(None)).values(**values)
                    )
                    if first.rowcount:
                        key = (u["persona"], u["trait"])
                        profiles.setdefault(key, PromptSum()).add(u["prompt_vector"])
                        stored += first.rowcount
                        saved.add(u["id"])
                        continue
                result = await conn.execute(update(_T).where(*where).values(**values))
                stored += result.rowcount
                if result.rowcount:
                    saved.add(u["id"])
            await add_to_profiles(conn, profiles, now)
            await MemoryRepo.apply(conn, [e for e in memory if e.id in saved], now)
            if requeue:
                await conn.execute(
                    update(_T).where(_T.c.id.in_(list(requeue))).values(scored_at=None)
                )
        return stored

    async def unscored_count(self) -> int:
        async with self.db.read() as conn:
            stmt = select(func.count()).select_from(_T).where(_T.c.scored_at.is_(None))
            return int((await conn.execute(stmt)).scalar_one())

    async def unscored_of(self, persona: str, trait: str) -> tuple[int, int]:
        """How many of ``persona``'s interactions wait for a score: of ``trait``, and with no
        trait yet (scoring routes them, maybe to ``trait``).
        """
        waiting = [_T.c.persona == persona, _T.c.scored_at.is_(None)]
        stmt = select(
            func.count().filter(_T.c.trait == trait), func.count().filter(_T.c.trait.is_(None))
        ).where(*waiting)
        async with self.db.read() as conn:
            of_trait, unrouted = (await conn.execute(stmt)).one()
        return int(of_trait), int(unrouted)
