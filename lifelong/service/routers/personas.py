"""Personas, their recorded turns and feedback, and their memory."""

from __future__ import annotations

import asyncio
import logging
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request
from pydantic import ValidationError

from lifelong.errors import InvalidRecord, LifelongError
from lifelong.persona.traits import Trait
from lifelong.service import models as m
from lifelong.service.auth import Caller, needs
from lifelong.service.deps import (
    Limit,
    Manager,
    Offset,
    PersonaPath,
    Reader,
    Recorder,
    RuntimeDep,
    TraitQuery,
    handles_of,
)
from lifelong.service.errors import lifelong_error, problem

log = logging.getLogger("lifelong.service")

router = APIRouter(prefix="/api/v1", responses=m.error_responses())


# -- personas ---------------------------------------------------------------------------------


def _persona_out(row: Any) -> m.PersonaOut:
    return m.PersonaOut(name=row.name, traits=row.traits, profile=row.profile,
                        created_at=row.created_at, memory=row.memory)  # fmt: skip


@router.get("/personas", response_model=m.Page[m.PersonaOut], tags=["personas"])
async def list_personas(
    rt: RuntimeDep, caller: Reader, limit: Limit = 100, offset: Offset = 0
) -> m.Page[m.PersonaOut]:
    """The personas the token may use (every persona for an unlimited token), by name."""
    rows = await rt.list_personas()
    mine = [_persona_out(row) for row in rows if caller.token.may_use(row.name)]
    return m.Page[m.PersonaOut].sliced(mine, limit, offset)


@router.get("/personas/{persona}", response_model=m.PersonaOut, tags=["personas"])
async def get_persona(rt: RuntimeDep, persona: PersonaPath, _: Reader) -> m.PersonaOut:
    return _persona_out(await rt.get_persona(persona))


@router.put("/personas/{persona}", response_model=m.PersonaOut, tags=["personas"])
async def put_persona(
    request: Request, rt: RuntimeDep, persona: PersonaPath, body: m.PersonaIn, _: Manager
) -> m.PersonaOut:
    """Create the persona, or add traits / replace the profile (traits are never removed).
    Needs the ``manage`` right: the profile's system prompt feeds every answer and every
    training example. A template that cannot render is refused with 422.
    """
    traits = []
    for i, t in enumerate(body.traits):
        try:
            traits.append(Trait(t.name, t.description))
        except (ValueError, TypeError) as exc:  # Trait checks its own name and description
            part = "description" if "description" in str(getattr(exc, "field", "")) else "name"
            raise InvalidRecord(f"traits[{i}].{part}", str(exc)) from None
    await rt.persona(persona, traits, body.profile, memory=body.memory)
    handles_of(request).forget(persona)
    return _persona_out(await rt.get_persona(persona))


# -- recording --------------------------------------------------------------------------------


@router.post("/personas/{persona}/interactions", response_model=m.RecordOut,
             status_code=201, tags=["recording"])  # fmt: skip
async def record(
    request: Request, persona: PersonaPath, body: m.RecordIn, _: Recorder
) -> m.RecordOut:
    """Store one turn; the id is returned once the turn is durable (it survives a kill -9)."""
    return m.RecordOut(id=await handles_of(request).record(persona, body))


@router.post("/personas/{persona}/interactions/batch", response_model=m.RecordBatchOut,
             tags=["recording"])  # fmt: skip
async def record_batch(
    request: Request, persona: PersonaPath, body: m.RecordBatchIn, _: Recorder
) -> m.RecordBatchOut:
    """Store many turns; each is judged alone (one bad record never fails the others): its
    result is an ``id`` or an ``error`` naming the field, as ``records[i].<field>``.
    """
    handles = handles_of(request)
    await handles.get(persona)  # an unknown persona is a 404 for the whole batch

    async def one(i: int, raw: dict[str, Any]) -> m.RecordResult:
        at = f"records[{i}]"
        try:
            item = m.RecordIn.model_validate(raw)
        except ValidationError as exc:
            first = problem(exc.errors()[0])
            field = f"{at}.{first['field']}" if first["field"] else at
            return m.RecordResult(error=m.ErrorDetail(
                type="invalid", message=f"{field}: {first['message']}", field=field,
            ))  # fmt: skip
        try:
            return m.RecordResult(id=await handles.record(persona, item))
        except LifelongError as exc:
            _status, err = lifelong_error(exc)
            detail = err["error"]
            detail["field"] = f"{at}.{detail['field']}" if detail.get("field") else at
            return m.RecordResult(error=m.ErrorDetail(**detail))

    results = await asyncio.gather(*(one(i, raw) for i, raw in enumerate(body.records)))
    return m.RecordBatchOut(accepted=sum(r.id is not None for r in results), results=results)


@router.post("/personas/{persona}/interactions/{interaction_id}/feedback", status_code=204,
             tags=["recording"])  # fmt: skip
async def feedback(
    request: Request, persona: PersonaPath, interaction_id: str, body: m.FeedbackIn, _: Recorder
) -> None:
    handle = await handles_of(request).get(persona)
    await handle.feedback(interaction_id, rating=body.rating, correction=body.correction)


@router.get("/personas/{persona}/interactions", response_model=m.Page[m.InteractionOut],
            tags=["recording"])  # fmt: skip
async def list_interactions(
    rt: RuntimeDep,
    persona: PersonaPath,
    _: Recorder,
    trait: TraitQuery = None,
    used: bool | None = None,
    source: str | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> m.Page[m.InteractionOut]:
    """A persona's interactions, newest first."""
    rows = await rt.list_interactions(
        persona, trait=trait, used=used, source=source, limit=limit, offset=offset
    )
    total = await rt.count_interactions(persona, trait=trait, used=used, source=source)
    items = [m.InteractionOut.model_validate(row) for row in rows]
    return m.Page[m.InteractionOut].of(items, total, limit, offset)


# -- memory -----------------------------------------------------------------------------------


@router.get("/personas/{persona}/memory", response_model=m.Page[m.MemoryOut], tags=["memory"])
async def list_memory(
    rt: RuntimeDep,
    persona: PersonaPath,
    _: Annotated[Caller, Depends(needs("record", "manage"))],
    trait: TraitQuery = None,
    state: Literal["active", "consolidated", "removed"] | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> m.Page[m.MemoryOut]:
    """The persona's memory (pinned first, then newest): what it is reminded of when it
    answers, each turn's state (active, consolidated by a layer, removed) and why.
    """
    rows, total = await rt.list_memory(
        persona, trait=trait, state=state, limit=limit, offset=offset
    )
    items = [m.MemoryOut(**r.as_dict()) for r in rows]
    return m.Page[m.MemoryOut].of(items, total, limit, offset)


@router.delete("/personas/{persona}/memory/{memory_id}", status_code=204, tags=["memory"])
async def remove_memory(
    rt: RuntimeDep, persona: PersonaPath, memory_id: str, caller: Manager
) -> None:
    """Take a turn out of memory (it stays recorded and trainable)."""
    await rt.remove_memory(persona, memory_id, by=caller.name)


@router.post("/personas/{persona}/memory/{memory_id}/pin", status_code=204, tags=["memory"])
async def pin_memory(
    rt: RuntimeDep, persona: PersonaPath, memory_id: str, body: m.PinIn, _: Manager
) -> None:
    """Pin a turn (served whatever the budget, consolidation and feedback say) or unpin it."""
    await rt.pin_memory(persona, memory_id, pinned=body.pinned)
