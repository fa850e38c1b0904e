"""Server-sent events: the live feed of what every process sharing the database does.

The feed polls the events table and the training metrics table (not this process's own
subscribers), so a job's progress shows whichever worker trains it, on whichever machine.
Each message's id is ``<event id>:<metric id>``: a reconnecting EventSource sends it back as
``Last-Event-ID`` and misses nothing.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from typing import Any

from fastapi import Request

from lifelong.runtime.runtime import Runtime

__all__ = ["POLL_S", "sse", "stream_events"]

POLL_S = 0.5
_KEEPALIVE_S = 15.0


def sse(event: str, data: Any, event_id: str | None = None) -> str:
    """One server-sent event; ``data`` as one line of JSON."""
    head = f"id: {event_id}\n" if event_id else ""
    return f"{head}event: {event}\ndata: {json.dumps(data, default=str)}\n\n"


def _parse_cursor(text: str | None) -> tuple[int, int] | None:
    if not text:
        return None
    events, _, metrics = text.partition(":")
    if not events.isdigit() or not metrics.isdigit():
        return None
    return int(events), int(metrics)


async def stream_events(
    rt: Runtime, request: Request, cursor: str | None, persona: str | None
) -> AsyncIterator[str]:
    start = _parse_cursor(cursor)
    after_event, after_metric = start if start is not None else await rt.event_cursor()
    yield sse("hello", {"cursor": f"{after_event}:{after_metric}"},
              f"{after_event}:{after_metric}")  # fmt: skip
    quiet_since = time.monotonic()
    while not await request.is_disconnected():
        sent = False
        for row in await rt.events_after(after_event, persona=persona):
            after_event = row["id"]
            yield sse(row["kind"], _event(row), f"{after_event}:{after_metric}")
            sent = True
        progress: dict[tuple[str, int | None], dict[str, Any]] = {}
        for point in await rt.training_points_after(after_metric):
            after_metric = point["id"]
            if persona is not None and point["persona"] != persona:
                continue
            key = (point["session_id"], point["step"])
            entry = progress.setdefault(key, {
                "session_id": point["session_id"], "persona": point["persona"],
                "trait": point["trait"], "step": point["step"], "ts": point["ts"],
            })  # fmt: skip
            entry[point["name"]] = point["value"]
        for entry in progress.values():
            yield sse("progress", entry, f"{after_event}:{after_metric}")
            sent = True
        now = time.monotonic()
        if sent:
            quiet_since = now
        elif now - quiet_since > _KEEPALIVE_S:
            yield ": keepalive\n\n"  # a comment: keeps proxies from closing an idle stream
            quiet_since = now
        await asyncio.sleep(POLL_S)


def _event(row: dict[str, Any]) -> dict[str, Any]:
    return {k: row[k] for k in ("id", "ts", "kind", "severity", "is_alert", "persona", "trait",
                                "session_id", "payload")}  # fmt: skip
