"""Imports: lines are staged in short transactions, then committed by one statement.

Staging keeps every write transaction short (live recording is never blocked behind a large
import), and the final ``INSERT ... SELECT`` makes the import all-or-nothing: a process killed
while staging leaves only invisible staging rows, which :meth:`ImportRepo.discard_stale` removes;
a process killed during the final statement leaves nothing, because it is one transaction.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, func, literal, select, update

from lifelong.storage.database import Database
from lifelong.storage.repos._dialect import insert_for
from lifelong.storage.tables import Import, ImportStaging, Interaction, table_of

_I = table_of(Interaction)
_S = table_of(ImportStaging)
_M = table_of(Import)


class ImportRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def begin(self, import_id: str, persona: str, source: str) -> None:
        now = time.time()
        async with self.db.write() as conn:
            await conn.execute(
                _M.insert().values(
                    id=import_id,
                    persona=persona,
                    source=source,
                    status="staging",
                    created_at=now,
                    updated_at=now,
                )
            )

    async def stage(self, import_id: str, rows: Sequence[dict[str, Any]]) -> None:
        """Stage validated rows (dicts with ``line`` and interaction columns)."""
        if not rows:
            return
        async with self.db.write() as conn:
            await conn.execute(_S.insert(), [{**r, "import_id": import_id} for r in rows])
            await conn.execute(
                update(_M).where(_M.c.id == import_id).values(updated_at=time.time())
            )

    async def commit(self, import_id: str, counts: dict[str, Any]) -> tuple[int, int]:
        """Move the staged rows into interactions in one transaction.

        Returns ``(inserted, staged)``; ``staged - inserted`` were duplicates (of earlier
        imports or of other lines in this file).
        """
        columns = [
            "id", "persona", "trait", "messages", "metadata", "conversation_id", "content_hash",
            "created_at",
        ]  # fmt: skip
        async with self.db.write() as conn:
            staged = int(
                (
                    await conn.execute(
                        select(func.count()).select_from(_S).where(_S.c.import_id == import_id)
                    )
                ).scalar_one()
            )
            source = (
                select(
                    *[_S.c[c] for c in columns],
                    _S.c.content_hash.label("dedupe_key"),
                    literal("import").label("source"),
                    literal("import").label("trait_source"),
                    _S.c.import_id,
                    literal(False).label("used"),
                )
                .where(_S.c.import_id == import_id)
                .order_by(_S.c.line)
            )
            stmt = (
                insert_for(conn, _I)
                .from_select(
                    [*columns, "dedupe_key", "source", "trait_source", "import_id", "used"],
                    source,
                )
                .on_conflict_do_nothing()
            )
            inserted = (await conn.execute(stmt)).rowcount
            await conn.execute(delete(_S).where(_S.c.import_id == import_id))
            await conn.execute(
                update(_M)
                .where(_M.c.id == import_id)
                .values(status="committed", counts=counts, updated_at=time.time())
            )
        return int(inserted), staged

    async def fail(self, import_id: str, counts: dict[str, Any]) -> None:
        async with self.db.write() as conn:
            await conn.execute(delete(_S).where(_S.c.import_id == import_id))
            await conn.execute(
                update(_M)
                .where(_M.c.id == import_id)
                .values(status="failed", counts=counts, updated_at=time.time())
            )

    async def discard_stale(self, older_than_s: float = 600.0) -> int:
        """Drop imports left in staging by a process that died; returns how many."""
        cutoff = time.time() - older_than_s
        async with self.db.write() as conn:
            stale = list(
                (
                    await conn.execute(
                        select(_M.c.id).where(_M.c.status == "staging", _M.c.updated_at < cutoff)
                    )
                ).scalars()
            )
            if stale:
                await conn.execute(delete(_S).where(_S.c.import_id.in_(stale)))
                await conn.execute(update(_M).where(_M.c.id.in_(stale)).values(status="abandoned"))
        return len(stale)

    async def status(self, import_id: str) -> str | None:
        async with self.db.read() as conn:
            return (
                await conn.execute(select(_M.c.status).where(_M.c.id == import_id))
            ).scalar_one_or_none()
