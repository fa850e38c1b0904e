"""Server-sent events: the live feed of what every process sharing the database does.

The feed polls the events table and the training metrics table (not this process's own
subscribers), so a job's progress shows whichever worker trains it, on whichever machine.
Each message's id is ``<event id>:<metric id>``: a reconnecting EventSource sends it back as
``Last-Event-ID`` and resumes there.

On PostgreSQL ids come from a sequence and a transaction may commit after one that took a
later id; a feed that only asked for ids above the last one seen would skip it for good. Each
poll therefore re-reads a trailing window of ids below the cursor and sends only the rows it
has not sent yet.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Sequence
from typing import Any

from fastapi import Request

from lifelong.runtime.runtime import Runtime
from lifelong.service.auth import Caller
from lifelong.service.models import iso_moments

__all__ = ["POLL_S", "parse_cursor", "sse", "stream_events"]

POLL_S = 0.5
_KEEPALIVE_S = 15.0
# How often a long-lived stream checks that its caller is still allowed (a revoked token or
# an ended session stops it).
_RECHECK_S = 5.0
# Ids re-read below the cursor (rows committed late, out of id order), and how many sent ids
# are remembered to send each row once.
_LATE_WINDOW = 64
# Rows read per poll: the window plus new ones (more wait for the next poll).
_BATCH = _LATE_WINDOW + 500
_SENT_MAX = 4096

_CURSOR = re.compile(r"([0-9]{1,18}):([0-9]{1,18})")


def sse(event: str, data: Any, event_id: str | None = None) -> str:
    """One server-sent event; ``data`` as one line of JSON."""
    head = f"id: {event_id}\n" if event_id else ""
    return f"{head}event: {event}\ndata: {json.dumps(data, default=str)}\n\n"


def parse_cursor(text: str) -> tuple[int, int] | None:
    """``"<event id>:<metric id>"`` as two ints; None if it is not one."""
    match = _CURSOR.fullmatch(text.strip())
    return (int(match.group(1)), int(match.group(2))) if match else None


class _Sent:
    """The ids sent lately (bounded), so a re-read window sends each row once."""

    def __init__(self) -> None:
        self._ids: OrderedDict[int, None] = OrderedDict()

    def first_time(self, row_id: int) -> bool:
        if row_id in self._ids:
            return False
        self._ids[row_id] = None
        while len(self._ids) > _SENT_MAX:
            self._ids.popitem(last=False)
        return True


async def stream_events(
    rt: Runtime,
    request: Request,
    caller: Caller,
    start: tuple[int, int] | None,
    persona: str | Sequence[str] | None,
) -> AsyncIterator[str]:
    """The event stream of one persona, of several (a token limited to them), or of all."""
    wanted = None if persona is None else {persona} if isinstance(persona, str) else set(persona)
    auth = request.app.state.auth
    after_event, after_metric = start if start is not None else await rt.event_cursor()
    # Rows at or below a resume cursor were sent before the reconnect.
    floor_event, floor_metric = after_event, after_metric
    sent_events, sent_metrics = _Sent(), _Sent()
    yield sse("hello", {"cursor": f"{after_event}:{after_metric}"},
              f"{after_event}:{after_metric}")  # fmt: skip
    quiet_since = checked = time.monotonic()
    while not await request.is_disconnected():
        now = time.monotonic()
        if now - checked > _RECHECK_S:
            if not await auth.still_allowed(caller):
                yield sse("end", {"reason": "the token was revoked or the session ended"})
                return
            checked = now
        sent = False
        since = max(floor_event, after_event - _LATE_WINDOW)
        for row in await rt.events_after(since, persona=persona, limit=_BATCH):
            if not sent_events.first_time(row["id"]):
                continue
            after_event = max(after_event, row["id"])
            yield sse(row["kind"], _event(row), f"{after_event}:{after_metric}")
            sent = True
        progress: dict[tuple[str, int | None], dict[str, Any]] = {}
        since = max(floor_metric, after_metric - _LATE_WINDOW)
        for point in await rt.training_points_after(since, limit=_BATCH):
            if not sent_metrics.first_time(point["id"]):
                continue
            after_metric = max(after_metric, point["id"])
            if wanted is not None and point["persona"] not in wanted:
                continue
            key = (point["job_id"], point["step"])
            entry = progress.setdefault(key, {
                "job_id": point["job_id"], "persona": point["persona"],
                "trait": point["trait"], "step": point["step"], "ts": point["ts"], "_id": 0,
            })  # fmt: skip
            entry[point["name"]] = point["value"]
            entry["_id"] = max(entry["_id"], point["id"])
        for entry in progress.values():
            # Each progress message's id is where it ends, so a reconnect after it resumes
            # with the next one.
            cursor = f"{after_event}:{entry.pop('_id')}"
            yield sse("progress", iso_moments(entry), cursor)
            sent = True
        now = time.monotonic()
        if sent:
            quiet_since = now
        elif now - quiet_since > _KEEPALIVE_S:
            yield ": keepalive\n\n"  # a comment: keeps proxies from closing an idle stream
            quiet_since = now
        await asyncio.sleep(POLL_S)


def _event(row: dict[str, Any]) -> dict[str, Any]:
    # The same moments as the JSON API's: ISO 8601 in UTC.
    return iso_moments({k: row[k] for k in ("id", "ts", "kind", "severity", "is_alert", "persona",
                                            "trait", "job_id", "payload")})  # fmt: skip
