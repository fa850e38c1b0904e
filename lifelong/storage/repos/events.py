"""Events and alerts, and the log table."""

from __future__ import annotations

import builtins
import logging
import time
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import func, select

from lifelong.events import LifelongEvent, event_kind
from lifelong.storage.database import Database
from lifelong.storage.tables import Event, LogEntry, table_of

log = logging.getLogger("lifelong.events")

_E = table_of(Event)
_L = table_of(LogEntry)


Listener = Callable[[dict[str, Any]], None]


def event_row(
    kind: type[LifelongEvent],
    *,
    persona: str | None = None,
    trait: str | None = None,
    job_id: str | None = None,
    severity: str = "info",
    is_alert: bool = False,
    payload: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The row of one event of ``kind`` (its class: a producer cannot misspell a kind), for
    repositories that insert it inside their own transaction.
    """
    return {
        "ts": time.time(), "kind": event_kind(kind), "persona": persona, "trait": trait,
        "job_id": job_id, "severity": severity, "is_alert": is_alert,
        "payload": payload,
    }  # fmt: skip


class EventRepo:
    """Stores events; after each commit hands them to the listeners (the runtime's
    subscribers). A listener must not block: it is called on the event loop.
    """

    def __init__(self, db: Database) -> None:
        self.db = db
        self.listeners: list[Listener] = []

    async def add(
        self,
        kind: type[LifelongEvent],
        *,
        persona: str | None = None,
        trait: str | None = None,
        job_id: str | None = None,
        severity: str = "info",
        is_alert: bool = False,
        payload: dict[str, Any] | None = None,
    ) -> None:
        row = event_row(
            kind, persona=persona, trait=trait, job_id=job_id, severity=severity,
            is_alert=is_alert, payload=payload,
        )  # fmt: skip
        async with self.db.write() as conn:
            await conn.execute(_E.insert().values(**row))
        self.publish([row])

    def publish(self, rows: list[dict[str, Any]]) -> None:
        """Deliver committed events to the listeners; a failing listener is logged, not fatal."""
        for row in rows:
            for listener in list(self.listeners):
                try:
                    listener(row)
                except Exception:
                    log.exception("event listener %r failed on %s", listener, row["kind"])

    async def list(
        self,
        persona: str | Sequence[str] | None = None,
        limit: int = 100,
        *,
        kinds: Sequence[str] | None = None,
        alerts_only: bool = False,
        offset: int = 0,
    ) -> builtins.list[dict[str, Any]]:
        """Newest first; of ``persona`` (a name, or any of several names) when given."""
        stmt = _of_kinds(_of_personas(select(_E), persona), kinds, alerts_only)
        stmt = stmt.order_by(_E.c.id.desc()).limit(limit).offset(offset)
        async with self.db.read() as conn:
            return [dict(r._mapping) for r in (await conn.execute(stmt)).all()]

    async def count(
        self,
        persona: str | Sequence[str] | None = None,
        *,
        kinds: Sequence[str] | None = None,
        alerts_only: bool = False,
    ) -> int:
        """How many events :meth:`list` pages through with the same filters."""
        stmt = _of_personas(select(func.count()).select_from(_E), persona)
        async with self.db.read() as conn:
            return int((await conn.execute(_of_kinds(stmt, kinds, alerts_only))).scalar_one())

    async def after(
        self, cursor: int, limit: int = 200, persona: str | Sequence[str] | None = None
    ) -> builtins.list[dict[str, Any]]:
        """Events stored after id ``cursor``, oldest first: what a live view polls for, so it
        sees what every process sharing the database did, not only this one.
        """
        stmt = _of_personas(
            select(_E).where(_E.c.id > cursor).order_by(_E.c.id).limit(limit), persona
        )
        async with self.db.read() as conn:
            return [dict(r._mapping) for r in (await conn.execute(stmt)).all()]

    async def last_id(self) -> int:
        async with self.db.read() as conn:
            return int((await conn.execute(select(func.max(_E.c.id)))).scalar() or 0)

    async def log(
        self,
        level: str,
        source: str,
        message: str,
        *,
        job_id: str | None = None,
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
                    job_id=job_id,
                    persona=persona,
                    data=data,
                )
            )


def _of_personas(stmt: Any, persona: str | Sequence[str] | None) -> Any:
    """``stmt`` limited to one persona's events, or to several personas' (a limited token)."""
    if persona is None:
        return stmt
    if isinstance(persona, str):
        return stmt.where(_E.c.persona == persona)
    return stmt.where(_E.c.persona.in_(list(persona)))


def _of_kinds(stmt: Any, kinds: Sequence[str] | None, alerts_only: bool) -> Any:
    """``stmt`` limited to events of some kinds, or to alerts (when asked)."""
    if kinds:
        stmt = stmt.where(_E.c.kind.in_(list(kinds)))
    if alerts_only:
        stmt = stmt.where(_E.c.is_alert.is_(True))
    return stmt
