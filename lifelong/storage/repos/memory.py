"""A persona's memory: the recorded turns it may be reminded of when it answers.

Rows are written by the scoring worker (in the transaction that stores the scores), read by
each process's memory index (what changed since it last looked), judged by the monitor (the
turns whose uses led to corrections or low ratings) and moved by deploys and rollbacks
(consolidated into a layer, restored when the layer is rolled back).

States: ``active`` (retrieved), ``consolidated`` (a deployed layer says it on its own: demoted,
not dropped; still retrieved unless ``memory.retrieve_consolidated`` is off, ranked behind an
active turn at equal similarity, first out at the budget, active again after a rollback past
that layer) and ``removed`` (out of memory; ``reason`` says why).
"""

from __future__ import annotations

import builtins
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from lifelong.storage.database import Database
from lifelong.storage.repos._dialect import insert_for
from lifelong.storage.tables import GenerationMemory, Interaction, MemoryTurn, table_of

__all__ = ["ACTIVE", "CONSOLIDATED", "REMOVED", "MemoryEntry", "MemoryRepo", "MemoryRow"]

_M = table_of(MemoryTurn)
_GM = table_of(GenerationMemory)
_I = table_of(Interaction)

ACTIVE, CONSOLIDATED, REMOVED = "active", "consolidated", "removed"
# Reasons a later re-score may not undo (a person or the monitor decided).
_FINAL = ("removed by ", "led to ", "its conversation was rated")


@dataclass(frozen=True, slots=True)
class MemoryEntry:
    """What the scoring worker decided about one scored turn: ``keep`` it in memory (with
    its prompt, reply and prompt vector), or not (``reason`` says why).
    """

    id: str
    persona: str
    trait: str
    conversation_id: str | None
    prompt: str
    reply: str
    vector: Sequence[float] | None
    quality: float
    keep: bool
    reason: str | None = None
    rated_bad: bool = False  # a rating below one half: its whole conversation leaves memory


@dataclass(frozen=True, slots=True)
class MemoryRow:
    id: str
    persona: str
    trait: str
    prompt: str
    reply: str
    quality: float
    state: str
    reason: str | None
    pinned: bool
    layer_id: str | None
    created_at: float
    updated_at: float
    last_used_at: float | None
    uses: int = 0
    vector: np.ndarray | None = None

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in (
            "id", "persona", "trait", "prompt", "reply", "quality", "state", "reason", "pinned",
            "layer_id", "created_at", "updated_at", "last_used_at", "uses")}  # fmt: skip


def _row(r: Any, *, vector: bool = False, uses: int = 0) -> MemoryRow:
    return MemoryRow(
        r.id, r.persona, r.trait, r.prompt, r.reply, r.quality, r.state, r.reason, r.pinned,
        r.layer_id, r.created_at, r.updated_at, r.last_used_at, uses,
        np.frombuffer(r.vector, dtype=np.float32) if vector else None,
    )  # fmt: skip


class MemoryRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- written with the scores -------------------------------------------------------------

    @staticmethod
    async def apply(conn: AsyncConnection, entries: Sequence[MemoryEntry], now: float) -> None:
        """Keep, update or drop each scored turn's memory, in the caller's transaction (the
        scoring save). A re-score never brings back a turn a person, the monitor or a bad
        rating of its conversation took out, and leaves a consolidated turn consolidated.
        """
        for e in entries:
            found = (
                await conn.execute(
                    select(_M.c.state, _M.c.reason, _M.c.pinned).where(_M.c.id == e.id)
                )
            ).one_or_none()
            final = (
                found is not None
                and found.state == REMOVED
                and (found.reason or "").startswith(_FINAL)
            )
            keep = e.keep and e.vector is not None and not final
            if keep and e.conversation_id and not e.rated_bad:
                # Scored after another turn of its conversation was rated bad: it stays out.
                bad = await conn.execute(
                    select(_I.c.id).where(_I.c.persona == e.persona,
                                          _I.c.conversation_id == e.conversation_id,
                                          _I.c.feedback_rating < 0.5).limit(1)
                )  # fmt: skip
                if bad.first() is not None:
                    keep, e = False, replace(e, reason="its conversation was rated bad")
            if keep:
                blob = np.asarray(e.vector, dtype=np.float32).tobytes()
                values = {"trait": e.trait, "prompt": e.prompt, "reply": e.reply,
                          "vector": blob, "quality": e.quality, "updated_at": now,
                          "conversation_id": e.conversation_id}  # fmt: skip
                if found is None:
                    await conn.execute(insert_for(conn, _M).values(
                        id=e.id, persona=e.persona, state=ACTIVE, reason=None, pinned=False,
                        created_at=now, **values,
                    ).on_conflict_do_nothing(index_elements=["id"]))  # fmt: skip
                else:
                    state = CONSOLIDATED if found.state == CONSOLIDATED else ACTIVE
                    await conn.execute(update(_M).where(_M.c.id == e.id).values(
                        state=state, reason=None if state == ACTIVE else found.reason, **values
                    ))  # fmt: skip
            elif found is not None and found.state != REMOVED and not found.pinned:
                await conn.execute(update(_M).where(_M.c.id == e.id).values(
                    state=REMOVED, reason=e.reason or "no longer a turn training would use",
                    updated_at=now,
                ))  # fmt: skip
            if e.rated_bad and e.conversation_id:
                # Nothing from a conversation later rated bad: its other turns leave too.
                await conn.execute(
                    update(_M)
                    .where(_M.c.persona == e.persona, _M.c.conversation_id == e.conversation_id,
                           _M.c.state != REMOVED, _M.c.pinned.is_(False))
                    .values(state=REMOVED, reason="its conversation was rated bad",
                            updated_at=now)
                )  # fmt: skip

    # -- what an index reads ------------------------------------------------------------------

    async def changed_since(
        self, persona: str, since: float, *, states: Sequence[str] | None = None
    ) -> list[MemoryRow]:
        """The persona's rows written at or after ``since``, with their vectors: every state
        (an index drops the ones that stopped serving), or only ``states`` (a first read takes
        what serves).
        """
        stmt = select(_M).where(_M.c.persona == persona, _M.c.updated_at >= since)
        if states is not None:
            stmt = stmt.where(_M.c.state.in_(list(states)))
        async with self.db.read() as conn:
            return [_row(r, vector=True) for r in (await conn.execute(stmt)).all()]

    async def rows(self, ids: Iterable[str]) -> dict[str, MemoryRow]:
        wanted = list(set(ids))
        if not wanted:
            return {}
        async with self.db.read() as conn:
            found = (await conn.execute(select(_M).where(_M.c.id.in_(wanted)))).all()
        return {r.id: _row(r) for r in found}

    # -- what people see and do ----------------------------------------------------------------

    async def list(
        self,
        persona: str,
        *,
        trait: str | None = None,
        state: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> tuple[builtins.list[MemoryRow], int]:
        """A page of the persona's memory (pinned first, then newest) and how many match."""
        where = [_M.c.persona == persona]
        if trait is not None:
            where.append(_M.c.trait == trait)
        if state is not None:
            where.append(_M.c.state == state)
        uses = (
            select(_GM.c.memory_id, func.count().label("uses")).group_by(_GM.c.memory_id).subquery()
        )
        stmt = (
            select(_M, func.coalesce(uses.c.uses, 0).label("uses"))
            .outerjoin(uses, uses.c.memory_id == _M.c.id)
            .where(*where)
            .order_by(_M.c.pinned.desc(), _M.c.created_at.desc(), _M.c.id)
            .limit(limit)
            .offset(offset)
        )
        async with self.db.read() as conn:
            rows = [_row(r, uses=r.uses) for r in (await conn.execute(stmt)).all()]
            total = (
                await conn.execute(select(func.count()).select_from(_M).where(*where))
            ).scalar_one()
        return rows, int(total)

    async def set(
        self, persona: str, memory_id: str, *, state: str | None = None,
        reason: str | None = None, pinned: bool | None = None,
    ) -> bool:  # fmt: skip
        """Change one row (an admin's remove or pin); False if the persona has no such row."""
        values: dict[str, Any] = {"updated_at": time.time()}
        if state is not None:
            values |= {"state": state, "reason": reason}
        if pinned is not None:
            values["pinned"] = pinned
            if pinned:  # a pinned turn serves: whatever took it out, a person wants it back
                values |= {"state": ACTIVE, "reason": None, "layer_id": None}
        async with self.db.write() as conn:
            result = await conn.execute(
                update(_M).where(_M.c.id == memory_id, _M.c.persona == persona).values(**values)
            )
        return bool(result.rowcount)

    async def consolidated_by(
        self, layer_id: str, *, limit: int = 50, offset: int = 0
    ) -> tuple[builtins.list[MemoryRow], int]:
        """A page of the turns layer ``layer_id`` consolidated (still held by it: a rollback
        past it makes them active again), oldest first, and how many there are.
        """
        where = [_M.c.layer_id == layer_id, _M.c.state == CONSOLIDATED]
        stmt = select(_M).where(*where).order_by(_M.c.created_at, _M.c.id)
        async with self.db.read() as conn:
            rows = [_row(r) for r in (await conn.execute(stmt.limit(limit).offset(offset))).all()]
            total = (
                await conn.execute(select(func.count()).select_from(_M).where(*where))
            ).scalar_one()
        return rows, int(total)

    # -- consolidation ---------------------------------------------------------------------------

    async def consolidate(self, ids: Sequence[str], layer_id: str, reason: str) -> int:
        """Mark active, unpinned rows as held by layer ``layer_id`` (demoted: see the module
        docstring); returns how many.
        """
        if not ids:
            return 0
        async with self.db.write() as conn:
            result = await conn.execute(
                update(_M)
                .where(_M.c.id.in_(list(ids)), _M.c.state == ACTIVE, _M.c.pinned.is_(False))
                .values(state=CONSOLIDATED, layer_id=layer_id, reason=reason,
                        updated_at=time.time())
            )  # fmt: skip
        return int(result.rowcount)

    async def restore(self, persona: str, trait: str, keep_layer_ids: Iterable[str]) -> int:
        """Back into memory: the trait's consolidated rows whose layer no longer serves (not
        in ``keep_layer_ids``: a rollback moved past it). Returns how many.
        """
        keep = list(set(keep_layer_ids))
        where = [_M.c.persona == persona, _M.c.trait == trait, _M.c.state == CONSOLIDATED]
        if keep:
            where.append(or_(_M.c.layer_id.is_(None), _M.c.layer_id.not_in(keep)))
        async with self.db.write() as conn:
            result = await conn.execute(
                update(_M).where(*where).values(state=ACTIVE, layer_id=None, reason=None,
                                                updated_at=time.time())
            )  # fmt: skip
        return int(result.rowcount)

    async def candidates(self, persona: str, trait: str, limit: int) -> builtins.list[MemoryRow]:
        """Active, unpinned rows of (persona, trait), oldest first: what a deployed layer may
        consolidate.
        """
        stmt = (
            select(_M)
            .where(_M.c.persona == persona, _M.c.trait == trait, _M.c.state == ACTIVE,
                   _M.c.pinned.is_(False))
            .order_by(_M.c.created_at, _M.c.id)
            .limit(limit)
        )  # fmt: skip
        async with self.db.read() as conn:
            return [_row(r) for r in (await conn.execute(stmt)).all()]

    # -- the monitor and the budget ----------------------------------------------------------

    async def remove_misleading(self, max_bad_uses: int) -> builtins.list[tuple[str, str, int]]:
        """Take out of memory the active or consolidated turns (both may be retrieved) whose
        uses led to at least ``max_bad_uses`` replies that were corrected or rated below one
        half; returns (persona, id, count). A consolidated turn removed so stays removed after
        a rollback (its reason is final).
        """
        bad = or_(_I.c.feedback_correction.is_not(None), _I.c.feedback_rating < 0.5)
        serving = _M.c.state.in_([ACTIVE, CONSOLIDATED])
        stmt = (
            select(_GM.c.memory_id, _GM.c.persona, func.count().label("bad"))
            .join(_I, _I.c.generation_id == _GM.c.generation_id)
            .join(_M, and_(_M.c.id == _GM.c.memory_id, serving, _M.c.pinned.is_(False)))
            .where(bad)
            .group_by(_GM.c.memory_id, _GM.c.persona)
            .having(func.count() >= max_bad_uses)
        )  # fmt: skip
        async with self.db.read() as conn:
            found = [(r.persona, r.memory_id, int(r.bad)) for r in (await conn.execute(stmt))]
        if found:
            now = time.time()
            async with self.db.write() as conn:
                for _persona, memory_id, count in found:
                    await conn.execute(update(_M).where(_M.c.id == memory_id, serving).values(
                        state=REMOVED, updated_at=now,
                        reason=f"led to {count} corrected or poorly rated replies",
                    ))  # fmt: skip
        return found

    async def evict(self, budget: int) -> int:
        """Keep each (persona, trait) within ``budget`` kept turns (active or consolidated,
        pinned ones never counted out): consolidated turns go first, least recently used
        first (their layer says them on its own prompt and its held-out paraphrases, so
        losing one costs at most a reminder on a paraphrase the layer half-knows, while
        losing an active turn loses a fact nothing else holds), then the active ones used
        least recently (a turn nobody's question comes near is the one least missed).
        Returns how many left.
        """
        kept = (
            select(_M.c.persona, _M.c.trait, func.count().label("n"))
            .where(_M.c.state != REMOVED, _M.c.pinned.is_(False))
            .group_by(_M.c.persona, _M.c.trait)
            .having(func.count() > budget)
        )
        async with self.db.read() as conn:
            over = [(r.persona, r.trait, int(r.n)) for r in (await conn.execute(kept))]
        gone = 0
        for persona, trait, n in over:
            order = (
                select(_M.c.id)
                .where(_M.c.persona == persona, _M.c.trait == trait, _M.c.state != REMOVED,
                       _M.c.pinned.is_(False))
                .order_by((_M.c.state == ACTIVE).asc(),
                          func.coalesce(_M.c.last_used_at, _M.c.created_at), _M.c.id)
                .limit(n - budget)
            )  # fmt: skip
            async with self.db.write() as conn:
                ids = list((await conn.execute(order)).scalars())
                if ids:
                    await conn.execute(update(_M).where(_M.c.id.in_(ids)).values(
                        state=REMOVED, reason=f"evicted: over the budget of {budget} turns",
                        updated_at=time.time(),
                    ))  # fmt: skip
            gone += len(ids)
        return gone
