"""The HTTP service's bearer tokens: their hashes, scopes and revocations."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select, update

from lifelong.storage.database import Database
from lifelong.storage.tables import ApiToken, table_of

__all__ = ["TokenRepo"]

_T = table_of(ApiToken)


class TokenRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def add(
        self,
        token_id: str,
        name: str,
        scope: str,
        sha256: str,
        personas: Sequence[str] | None = None,
    ) -> float:
        """Store a new token's hash; returns its creation time. ``personas``: the personas
        it is limited to (None: all).
        """
        row = {"id": token_id, "name": name, "scope": scope, "sha256": sha256,
               "created_at": time.time(), "revoked_at": None,
               "personas": list(personas) if personas is not None else None}  # fmt: skip
        async with self.db.write() as conn:
            await conn.execute(_T.insert().values(**row))
        return float(str(row["created_at"]))

    async def get(self, token_id: str) -> dict[str, Any] | None:
        async with self.db.read() as conn:
            row = (await conn.execute(select(_T).where(_T.c.id == token_id))).one_or_none()
        return dict(row._mapping) if row is not None else None

    async def list(self) -> list[dict[str, Any]]:
        """Every token (hash left out), newest first."""
        columns = [c for c in _T.c if c.name != "sha256"]
        async with self.db.read() as conn:
            rows = (await conn.execute(select(*columns).order_by(_T.c.created_at.desc()))).all()
        return [dict(r._mapping) for r in rows]

    async def revoke(self, token_id: str) -> bool:
        """Revoke a token; False if there is no such token or it was revoked already."""
        async with self.db.write() as conn:
            result = await conn.execute(
                update(_T)
                .where(_T.c.id == token_id, _T.c.revoked_at.is_(None))
                .values(revoked_at=time.time())
            )
        return bool(result.rowcount)
