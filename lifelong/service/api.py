"""The JSON endpoints under ``/api/v1``: one thin handler per runtime verb.

Scopes: ``record`` for what a chat backend needs (personas, record, feedback, generate,
reading interactions); ``admin`` for the rest (jobs and their control, layers, reports,
events, status).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, StreamingResponse

from lifelong.errors import InvalidRecord, LifelongError, NotFound
from lifelong.events import EVENT_KINDS
from lifelong.genome.serving import Generation
from lifelong.learning.report import render_html
from lifelong.persona.persona import Persona
from lifelong.persona.traits import GENERAL, Trait
from lifelong.runtime.logs import redact
from lifelong.runtime.runtime import Runtime
from lifelong.service import models as m
from lifelong.service.auth import Caller, needs
from lifelong.service.errors import error_body, lifelong_error
from lifelong.service.live import parse_cursor, sse, stream_events
from lifelong.storage.repos.jobs import JobStatus

__all__ = ["router"]

log = logging.getLogger("lifelong.service")

router = APIRouter(prefix="/api/v1")

# Server-sent events go out as they are made: no caching, no proxy buffering (nginx).
_SSE_HEADERS = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}

Recorder = Annotated[Caller, Depends(needs("record"))]
Admin = Annotated[Caller, Depends(needs("admin"))]
Limit = Annotated[int, Query(ge=1, le=1000)]
Offset = Annotated[int, Query(ge=0, le=1_000_000_000)]


def _rt(request: Request) -> Runtime:
    return request.app.state.rt


class PersonaHandles:
    """Persona handles by name, so recording a turn costs no persona query. A handle whose
    traits are stale (another process declared a trait) is read again, at most once a second
    and once at a time per persona, before a record naming that trait is refused.
    """

    REFRESH_S = 1.0

    def __init__(self, rt: Runtime) -> None:
        self.rt = rt
        self._handles: dict[str, tuple[float, Persona]] = {}
        self._reading: dict[str, asyncio.Future[Persona]] = {}

    async def get(self, name: str, *, fresh: bool = False) -> Persona:
        cached = self._handles.get(name)
        if cached is not None and not (fresh and time.monotonic() - cached[0] > self.REFRESH_S):
            return cached[1]
        reading = self._reading.get(name)
        if reading is None:  # one read per persona at a time; the others wait for it
            reading = self._reading[name] = asyncio.ensure_future(self._read(name))
        return await asyncio.shield(reading)

    async def _read(self, name: str) -> Persona:
        try:
            handle = await self.rt.persona_handle(name)  # NotFound (404): never created here
            self._handles[name] = (time.monotonic(), handle)
            return handle
        finally:
            self._reading.pop(name, None)

    def forget(self, name: str) -> None:
        self._handles.pop(name, None)

    async def record(self, name: str, body: m.RecordIn) -> str:
        handle = await self.get(name)
        if body.trait is not None and body.trait not in handle.traits and body.trait != GENERAL:
            handle = await self.get(name, fresh=True)
        return await handle.record(
            [msg.model_dump() for msg in body.messages], body.trait, body.metadata,
            generation=body.generation_id,
        )  # fmt: skip


def _handles(request: Request) -> PersonaHandles:
    return request.app.state.personas


# -- personas ---------------------------------------------------------------------------------


def _persona_out(row: Any) -> m.PersonaOut:
    return m.PersonaOut(name=row.name, traits=row.traits, profile=row.profile,
                        created_at=row.created_at)  # fmt: skip


@router.get("/personas", response_model=list[m.PersonaOut], tags=["personas"])
async def list_personas(request: Request, _: Recorder) -> list[m.PersonaOut]:
    return [_persona_out(row) for row in await _rt(request).list_personas()]


@router.get("/personas/{persona}", response_model=m.PersonaOut, tags=["personas"])
async def get_persona(request: Request, persona: str, _: Recorder) -> m.PersonaOut:
    return _persona_out(await _rt(request).get_persona(persona))


@router.put("/personas/{persona}", response_model=m.PersonaOut, tags=["personas"])
async def put_persona(
    request: Request, persona: str, body: m.PersonaIn, _: Recorder
) -> m.PersonaOut:
    """Create the persona, or add traits / replace the profile (traits are never removed)."""
    rt = _rt(request)
    traits = []
    for i, t in enumerate(body.traits):
        try:
            traits.append(Trait(t.name, t.description))
        except (ValueError, TypeError) as exc:  # Trait checks its own name and description
            part = "description" if "description" in str(getattr(exc, "field", "")) else "name"
            raise InvalidRecord(f"traits[{i}].{part}", str(exc)) from None
    await rt.persona(persona, traits, body.profile)
    _handles(request).forget(persona)
    return _persona_out(await rt.get_persona(persona))


# -- recording --------------------------------------------------------------------------------


@router.post("/personas/{persona}/interactions", response_model=m.RecordOut,
             status_code=201, tags=["recording"])  # fmt: skip
async def record(request: Request, persona: str, body: m.RecordIn, _: Recorder) -> m.RecordOut:
    """Store one turn; the id is returned once the turn is durable (it survives a kill -9)."""
    return m.RecordOut(id=await _handles(request).record(persona, body))


@router.post("/personas/{persona}/interactions/batch", response_model=m.RecordBatchOut,
             tags=["recording"])  # fmt: skip
async def record_batch(
    request: Request, persona: str, body: m.RecordBatchIn, _: Recorder
) -> m.RecordBatchOut:
    """Store many turns; each is judged alone (one bad record never fails the others): its
    result is an ``id`` or an ``error`` naming the field.
    """
    handles = _handles(request)
    await handles.get(persona)  # an unknown persona is a 404 for the whole batch

    async def one(item: m.RecordIn) -> m.RecordResult:
        try:
            return m.RecordResult(id=await handles.record(persona, item))
        except LifelongError as exc:
            _status, err = lifelong_error(exc)
            return m.RecordResult(error=m.ErrorDetail(**err["error"]))

    results = await asyncio.gather(*(one(item) for item in body.records))
    return m.RecordBatchOut(accepted=sum(r.id is not None for r in results), results=results)


@router.post("/personas/{persona}/interactions/{interaction_id}/feedback", status_code=204,
             tags=["recording"])  # fmt: skip
async def feedback(
    request: Request, persona: str, interaction_id: str, body: m.FeedbackIn, _: Recorder
) -> None:
    handle = await _handles(request).get(persona)
    await handle.feedback(interaction_id, rating=body.rating, correction=body.correction)


@router.get("/personas/{persona}/interactions", response_model=m.InteractionPage,
            tags=["recording"])  # fmt: skip
async def list_interactions(
    request: Request,
    persona: str,
    _: Recorder,
    trait: str | None = None,
    used: bool | None = None,
    source: str | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> m.InteractionPage:
    """A persona's interactions, newest first."""
    rt = _rt(request)
    rows = await rt.list_interactions(
        persona, trait=trait, used=used, source=source, limit=limit, offset=offset
    )
    total = await rt.count_interactions(persona, trait=trait, used=used, source=source)
    return m.InteractionPage(
        items=rows, total=total, limit=limit,
        offset=offset,
    )  # fmt: skip


# -- answering --------------------------------------------------------------------------------


def _generation_out(g: Generation) -> m.GenerationOut:
    return m.GenerationOut(id=g.id, text=g.text, layers=g.layers, base_model=g.base_model,
                           remote_model=g.remote_model, arm=g.arm)  # fmt: skip


_STREAMED = {
    200: {
        "content": {"text/event-stream": {}},
        "description": 'JSON, or with `stream` server-sent events: `text` ({"text"}) pieces, '
        "then `done` (the generation)",
    }
}


@router.post("/personas/{persona}/generate", response_model=m.GenerationOut,
             tags=["answering"], responses=_STREAMED)  # fmt: skip
async def generate(request: Request, persona: str, body: m.GenerateIn, _: Recorder) -> Any:
    """Answer as the persona (its active layers; the trait routed to unless ``traits``). Pass
    the returned ``id`` as ``generation_id`` when recording the turn.
    """
    rt = _rt(request)
    messages = [msg.model_dump() for msg in body.messages]
    options = {"max_new_tokens": body.max_new_tokens, "temperature": body.temperature,
               "conversation_id": body.conversation_id}  # fmt: skip
    if not body.stream:
        return _generation_out(await rt.generate(persona, messages, body.traits, **options))
    # Checked before the 200 is sent: a bad request is still a 4xx, not an event.
    await rt.get_persona(persona)
    pieces = rt.stream(persona, messages, body.traits, **options)
    first = await anext(pieces)  # raises here (a 4xx) for bad messages or an unknown trait

    async def events() -> AsyncIterator[str]:
        item: Any = first
        try:
            while True:
                if isinstance(item, Generation):
                    yield sse("done", _generation_out(item).model_dump())
                    return
                yield sse("text", {"text": item})
                item = await anext(pieces)
        except LifelongError as exc:
            _status, err = lifelong_error(exc)
            yield sse("error", err)
        except Exception as exc:  # the 200 is sent: say so in the stream, log the rest
            log.error("streamed generate for %s failed: %s: %s", persona, type(exc).__name__,
                      redact(str(exc)), exc_info=exc)  # fmt: skip
            yield sse("error", error_body("internal", "internal error; see the server log"))
        finally:
            await pieces.aclose()  # a client gone mid-reply stops its decoding now

    return StreamingResponse(events(), media_type="text/event-stream", headers=_SSE_HEADERS)


# -- jobs -------------------------------------------------------------------------------------


@router.get("/jobs", response_model=m.JobPage, tags=["jobs"])
async def list_jobs(
    request: Request,
    _: Admin,
    persona: str | None = None,
    trait: str | None = None,
    status: Annotated[list[str] | None, Query()] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> m.JobPage:
    rt = _rt(request)
    unknown = sorted(set(status or ()) - {str(s) for s in JobStatus})
    if unknown:
        known = ", ".join(str(s) for s in JobStatus)
        raise InvalidRecord("status", f"{unknown[0]!r} is not a job status; known: {known}")
    # One more than asked tells whether there is a next page, without counting them all.
    jobs = await rt.list_jobs(persona, trait=trait, status=status, limit=limit + 1,
                              offset=offset)  # fmt: skip
    return m.JobPage(items=[m.JobOut(**j.as_dict()) for j in jobs[:limit]], limit=limit,
                     offset=offset, has_more=len(jobs) > limit)  # fmt: skip


@router.post("/jobs", response_model=m.JobOut, status_code=201, tags=["jobs"])
async def queue_job(request: Request, body: m.JobIn, _: Admin) -> m.JobOut:
    rt = _rt(request)
    job_id = await rt.queue_training(
        body.persona, body.trait, priority=body.priority, reason="http",
        approved=body.approved, provider=body.provider, method=body.method,
    )  # fmt: skip
    return m.JobOut(**(await rt.get_job(job_id)).as_dict())


@router.get("/jobs/{job_id}", response_model=m.JobOut, tags=["jobs"])
async def get_job(request: Request, job_id: str, _: Admin) -> m.JobOut:
    return m.JobOut(**(await _rt(request).get_job(job_id)).as_dict())


@router.get("/jobs/{job_id}/metrics/{name}", response_model=m.MetricOut, tags=["jobs"])
async def job_metric(request: Request, job_id: str, name: str, _: Admin) -> m.MetricOut:
    """A job's metric series (``loss``, ``learning_rate``, ``tokens_per_sec`` ...)."""
    metric = await _rt(request).job_metric(job_id, name)
    return m.MetricOut(name=name, **metric)


@router.post("/jobs/{job_id}/{verb}", response_model=m.JobOut, tags=["jobs"])
async def control_job(request: Request, job_id: str, verb: str, caller: Admin) -> m.JobOut:
    """``pause`` / ``resume`` / ``stop`` / ``skip`` / ``cancel`` / ``approve``."""
    job = await _rt(request).control_job(job_id, verb, by=caller.name)
    return m.JobOut(**job.as_dict())


# -- layers -----------------------------------------------------------------------------------


@router.get("/personas/{persona}/layers", response_model=list[m.LayerOut], tags=["layers"])
async def list_layers(
    request: Request, persona: str, _: Admin, trait: str | None = None
) -> list[m.LayerOut]:
    rt = _rt(request)
    await rt.get_persona(persona)
    return [m.LayerOut(**row) for row in await rt.layers.versions(persona, trait)]


@router.get("/personas/{persona}/layers/{trait}/history", tags=["layers"])
async def layer_history(
    request: Request, persona: str, trait: str, _: Admin
) -> list[dict[str, Any]]:
    """Every deploy, activation and rollback of the trait, oldest first, with who and why."""
    return await _rt(request).layer_history(persona, trait)


@router.get("/personas/{persona}/layers/{trait}/{version}", response_model=m.LayerOut,
            tags=["layers"])  # fmt: skip
async def get_layer(
    request: Request, persona: str, trait: str, version: int, _: Admin
) -> m.LayerOut:
    return m.LayerOut(**await _rt(request).layers.get(persona, trait, version))


@router.post("/personas/{persona}/layers/{trait}/{version}/activate", response_model=m.LayerOut,
             tags=["layers"])  # fmt: skip
async def activate_layer(
    request: Request, persona: str, trait: str, version: int, body: m.ActivateIn,
    caller: Admin,
) -> m.LayerOut:  # fmt: skip
    rt = _rt(request)
    await rt.layers.activate(persona, trait, version, by=caller.name, reason=body.reason)
    return m.LayerOut(**await rt.layers.get(persona, trait, version))


@router.post("/personas/{persona}/layers/{trait}/rollback", tags=["layers"])
async def rollback_layer(
    request: Request, persona: str, trait: str, body: m.RollbackIn, caller: Admin
) -> dict[str, Any]:
    """Go back to ``to`` or the previous loadable version; ``active`` null = the base model."""
    rt = _rt(request)
    row = await rt.get_persona(persona)
    if trait not in row.traits and trait not in (GENERAL, "merged-base"):
        raise NotFound("trait", f"{persona}/{trait}", f"known: {', '.join(row.traits)}")
    now = await rt.layers.rollback(persona, trait, to=body.to, by=caller.name,
                                   reason=body.reason)  # fmt: skip
    return {"persona": persona, "trait": trait, "active": now}


@router.post("/personas/{persona}/layers/{trait}/{version}/pin", response_model=m.LayerOut,
             tags=["layers"])  # fmt: skip
async def pin_layer(
    request: Request, persona: str, trait: str, version: int, body: m.PinIn, _: Admin
) -> m.LayerOut:
    rt = _rt(request)
    await rt.layers.pin(persona, trait, version, pinned=body.pinned)
    return m.LayerOut(**await rt.layers.get(persona, trait, version))


# -- reports, events, status --------------------------------------------------------------------


@router.get("/personas/{persona}/report", tags=["reports"])
async def report(request: Request, persona: str, _: Admin) -> dict[str, Any]:
    """The persona's report as JSON (quality trend, sessions, genome, events, cost)."""
    return await _rt(request).report(persona)


@router.post("/reports", response_model=list[m.ReportFiles], tags=["reports"])
async def write_reports(
    request: Request, _: Admin, persona: str | None = None
) -> list[m.ReportFiles]:
    """Write the HTML + JSON reports (of one persona, or all) into the home's reports folder."""
    written = await _rt(request).write_reports(persona)
    return [m.ReportFiles(persona=h.name.rsplit("-", 2)[0], html=str(h), json=str(j))
            for h, j in written]  # fmt: skip


@router.get("/personas/{persona}/report.html", tags=["reports"],
            response_class=HTMLResponse)  # fmt: skip
async def report_html(request: Request, persona: str, _: Admin) -> HTMLResponse:
    """The persona's HTML report as of now (rendered for this request; nothing is written)."""
    page = render_html(await _rt(request).report(persona))
    # The report is one self-contained page with no scripts: it may load nothing at all.
    csp = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'"
    return HTMLResponse(page, headers={"Content-Security-Policy": csp, "Cache-Control": "no-store"})


@router.get("/events", response_model=list[m.EventOut], tags=["events"])
async def list_events(
    request: Request,
    _: Admin,
    persona: str | None = None,
    kind: Annotated[list[str] | None, Query()] = None,
    alerts_only: bool = False,
    limit: Limit = 100,
) -> list[m.EventOut]:
    unknown = sorted(set(kind or ()) - EVENT_KINDS)
    if unknown:
        raise InvalidRecord("kind", f"unknown event kind {unknown[0]!r}; known: "
                            f"{', '.join(sorted(EVENT_KINDS))}")  # fmt: skip
    rows = await _rt(request).list_events(persona, kinds=kind, alerts_only=alerts_only,
                                          limit=limit)  # fmt: skip
    return [m.EventOut(**r) for r in rows]


@router.get("/events/stream", tags=["events"],
            responses={200: {"content": {"text/event-stream": {}}}})  # fmt: skip
async def event_stream(
    request: Request, caller: Admin, persona: str | None = None, since: str | None = None
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
        await _rt(request).get_persona(persona)
    return StreamingResponse(
        stream_events(_rt(request), request, caller, start, persona),
        media_type="text/event-stream",
        headers=_SSE_HEADERS,
    )


@router.get("/tokens", response_model=list[m.TokenOut], tags=["tokens"])
async def list_tokens(request: Request, _: Admin) -> list[m.TokenOut]:
    return [m.TokenOut(**row) for row in await _rt(request).tokens.list()]


@router.post("/tokens", response_model=m.NewTokenOut, status_code=201, tags=["tokens"])
async def create_token(request: Request, body: m.TokenIn, _: Admin) -> m.NewTokenOut:
    """A new token (e.g. a record token for a chat backend); the token is in this response
    only: it is stored as a hash.
    """
    info, token = await _rt(request).tokens.create(body.scope, body.name)
    return m.NewTokenOut(id=info.id, name=info.name, scope=info.scope,
                         created_at=info.created_at, token=token)  # fmt: skip


@router.delete("/tokens/{token_id}", status_code=204, tags=["tokens"])
async def revoke_token(request: Request, token_id: str, _: Admin) -> None:
    await _rt(request).tokens.revoke(token_id)


@router.get("/status", tags=["status"])
async def status(request: Request, _: Admin) -> dict[str, Any]:
    return await _rt(request).status()


@router.get("/health", tags=["status"])
async def health(request: Request) -> dict[str, Any]:
    """Unauthenticated liveness: whether the runtime is up (nothing else is disclosed)."""
    return {"ok": True}
