"""Reports (JSON and HTML) and the event history and stream."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, StreamingResponse

from lifelong.errors import InvalidRecord
from lifelong.learning.report import render_html
from lifelong.service import models as m
from lifelong.service.deps import (
    SSE_HEADERS,
    Admin,
    Limit,
    Listener,
    Offset,
    PersonaPath,
    PersonaQuery,
    RuntimeDep,
)
from lifelong.service.live import parse_cursor, stream_events

log = logging.getLogger("lifelong.service")

router = APIRouter(prefix="/api/v1", responses=m.error_responses())


# -- reports, events, status --------------------------------------------------------------------


@router.get("/personas/{persona}/report", response_model=m.ReportOut, tags=["reports"])
async def report(rt: RuntimeDep, persona: PersonaPath, _: Admin) -> m.ReportOut:
    """The persona's report as JSON (quality trend, sessions, genome, events, cost)."""
    return m.ReportOut(**await rt.report(persona))


@router.post("/reports", response_model=list[m.ReportFiles], tags=["reports"])
async def write_reports(
    rt: RuntimeDep, _: Admin, persona: PersonaQuery = None
) -> list[m.ReportFiles]:
    """Write the HTML + JSON reports (of one persona, or all) into the home's reports folder."""
    written = await rt.write_reports(persona)
    return [m.ReportFiles(persona=h.name.rsplit("-", 2)[0], html=str(h), json=str(j))
            for h, j in written]  # fmt: skip


@router.get("/personas/{persona}/report.html", tags=["reports"],
            response_class=HTMLResponse)  # fmt: skip
async def report_html(
    request: Request, rt: RuntimeDep, persona: PersonaPath, _: Admin
) -> HTMLResponse:
    """The persona's HTML report as of now (rendered for this request; nothing is written)."""
    page = render_html(await rt.report(persona))
    # The report is one self-contained page with no scripts: it may load nothing at all.
    csp = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'"
    return HTMLResponse(page, headers={"Content-Security-Policy": csp, "Cache-Control": "no-store"})


@router.get("/events", response_model=m.Page[m.EventOut], tags=["events"])
async def list_events(
    rt: RuntimeDep,
    caller: Listener,
    persona: PersonaQuery = None,
    kind: Annotated[list[m.EventKind] | None, Query()] = None,
    alerts_only: bool = False,
    limit: Limit = 100,
    offset: Offset = 0,
) -> m.Page[m.EventOut]:
    """Stored events (deploys, rollbacks, failures, alerts ...), newest first."""
    # A token limited to some personas sees theirs only (a named persona was checked).
    scope = persona if persona is not None else caller.token.personas
    kinds = [str(k) for k in kind] if kind else None
    rows = await rt.list_events(scope, kinds=kinds, alerts_only=alerts_only, limit=limit,
                                offset=offset)  # fmt: skip
    total = await rt.observation.count_events(scope, kinds=kinds, alerts_only=alerts_only)
    return m.Page[m.EventOut].of([m.EventOut(**r) for r in rows], total, limit, offset)


@router.get("/events/stream", tags=["events"],
            responses={200: {"content": {"text/event-stream": {}}}})  # fmt: skip
async def event_stream(
    request: Request,
    rt: RuntimeDep,
    caller: Listener,
    persona: PersonaQuery = None,
    since: str | None = None,
) -> StreamingResponse:
    """Server-sent events: every stored event (``event:`` its kind) and ``progress`` of
    running jobs (step, loss), whichever process trains. Reconnects resume after
    ``Last-Event-ID`` (or ``since``); without one, only what happens from now on.
    """
    cursor = request.headers.get("last-event-id") or since
    start = parse_cursor(cursor) if cursor else None
    if cursor and start is None:
        raise InvalidRecord(
            "since",
            f"{cursor[:40]!r} is not a cursor: send an event's id (<event id>:<metric id>, "
            "as the stream gave it) or nothing",
        )
    if persona is not None:
        await rt.get_persona(persona)
    scope = persona if persona is not None else caller.token.personas
    auth = request.app.state.auth
    if not auth.open_stream(caller):
        raise HTTPException(
            429, f"this token holds {auth.MAX_STREAMS_PER_TOKEN} event streams already: close "
            "one (each stream polls the store)", headers={"Retry-After": "5"},
        )  # fmt: skip

    async def counted() -> AsyncIterator[str]:
        try:
            async for message in stream_events(rt, request, caller, start, scope):
                yield message
        finally:
            auth.close_stream(caller)

    return StreamingResponse(counted(), media_type="text/event-stream", headers=SSE_HEADERS)
