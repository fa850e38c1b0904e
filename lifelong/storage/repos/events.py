"""Events and alerts, and the log table."""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import select

from lifelong.storage.database import Database
from lifelong.storage.tables import Event, LogEntry

_E = Event.__table__
_L = LogEntry.__table__


class EventRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def add(
        self,
        kind: str,
        *,
        persona: str | None = None,
        trait: str | None = None,
        session_id: str | None = None,
        severity: str = "info",
        is_alert: bool = False,
        payload: dict[str, Any] | None = None,
    ) -> None:
        async with self.db.write() as conn:
            await conn.execute(
                _E.insert().values(
                    ts=time.time(),
                    kind=kind,
                    persona=persona,
                    trait=trait,
                    session_id=session_id,
                    severity=severity,
                    is_alert=is_alert,
                    payload=payload,
                )
            )

    async def list(self, persona: str | None = None, limit: int = 100) -> list[dict[str, Any]]:
        stmt = select(_E).order_by(_E.c.id.desc()).limit(limit)
        if persona is not None:
            stmt = stmt.where(_E.c.persona == persona)
        async with self.db.read() as conn:
            return [dict(r._mapping) for r in (await conn.execute(stmt)).all()]

    async def log(
        self,
        level: str,
        source: str,
        message: str,
        *,
        session_id: str | None = None,
        persona: str | None = None,
        data: dict[str, Any] | None = None,
    ) -> None:
        async with self.db.write() as conn:
            await conn.execute(
                _L.insert().values(
                    ts=time.time(),
                    level=level,
                    source=source,
                    message=message,
                    session_id=session_id,
                    persona=persona,
                    data=data,
                )
            )
