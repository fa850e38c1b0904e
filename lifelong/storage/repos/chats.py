"""The OpenAI-compatible gateway's memory of the conversations it answered (by message hash)."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select, update

from lifelong.storage.database import Database
from lifelong.storage.repos._dialect import insert_for
from lifelong.storage.tables import ChatPrefix, table_of

__all__ = ["ChatPrefixRepo", "PrefixRow"]

_P = table_of(ChatPrefix)


@dataclass(frozen=True, slots=True)
class PrefixRow:
    key: str
    kind: str  # asked | answered
    persona: str
    conversation_id: str
    interaction_id: str | None
    generation_id: str | None
    idempotency_key: str | None
    next_key: str | None
    created_at: float


class ChatPrefixRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def find(self, keys: Sequence[str]) -> dict[str, PrefixRow]:
        """The stored rows among ``keys``."""
        if not keys:
            return {}
        async with self.db.read() as conn:
            rows = (await conn.execute(select(_P).where(_P.c.key.in_(list(set(keys)))))).all()
        return {r.key: PrefixRow(**r._mapping) for r in rows}

    async def remember(self, rows: Sequence[dict[str, Any]]) -> None:
        """Store (or replace: a regenerate's new answer) each ``{"key", "kind", "persona",
        "conversation_id", "interaction_id", "generation_id", "idempotency_key"}``.
        """
        if not rows:
            return
        now = time.time()
        async with self.db.write() as conn:
            for row in rows:
                values = {**row, "created_at": now}
                await conn.execute(
                    insert_for(conn, _P).values(**values).on_conflict_do_update(
                        index_elements=["key"],
                        set_={k: v for k, v in values.items() if k != "key"},
                    )
                )  # fmt: skip

    async def continued(self, key: str, next_key: str) -> None:
        """Answered history ``key`` was continued by the question ``next_key`` (the first
        continuation only: a later, different one is a branch).
        """
        async with self.db.write() as conn:
            await conn.execute(
                update(_P).where(_P.c.key == key, _P.c.next_key.is_(None))
                .values(next_key=next_key)
            )  # fmt: skip

    async def sweep(self, before: float) -> int:
        """Forget what was answered before ``before`` (a conversation idle that long starts
        afresh); returns how many rows.
        """
        async with self.db.write() as conn:
            result = await conn.execute(delete(_P).where(_P.c.created_at < before))
        return int(result.rowcount)
