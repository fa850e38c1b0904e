"""The genome: versions, activation (forced for a rejected one), rollback, pins."""

from __future__ import annotations

import logging

from fastapi import APIRouter

from lifelong.errors import NotFound
from lifelong.persona.traits import GENERAL
from lifelong.service import models as m
from lifelong.service.deps import (
    Admin,
    Limit,
    Offset,
    PersonaPath,
    RuntimeDep,
    TraitPath,
    TraitQuery,
)

log = logging.getLogger("lifelong.service")

router = APIRouter(prefix="/api/v1", responses=m.error_responses())


# -- layers -----------------------------------------------------------------------------------


@router.get("/personas/{persona}/layers", response_model=m.Page[m.LayerOut], tags=["layers"])
async def list_layers(
    rt: RuntimeDep, persona: PersonaPath, _: Admin, trait: TraitQuery = None,
    limit: Limit = 100, offset: Offset = 0,
) -> m.Page[m.LayerOut]:  # fmt: skip
    """The persona's layer versions (of one trait), by trait and version."""
    await rt.get_persona(persona)
    rows = [m.LayerOut.model_validate(row) for row in await rt.layers.versions(persona, trait)]
    return m.Page[m.LayerOut].sliced(rows, limit, offset)


@router.get("/personas/{persona}/layers/{trait}/history", response_model=m.Page[m.LayerMoveOut],
            tags=["layers"])  # fmt: skip
async def layer_history(
    rt: RuntimeDep, persona: PersonaPath, trait: TraitPath, _: Admin,
    limit: Limit = 100, offset: Offset = 0,
) -> m.Page[m.LayerMoveOut]:  # fmt: skip
    """Every deploy, activation and rollback of the trait, oldest first, with who and why."""
    moves = [m.LayerMoveOut(**row) for row in await rt.layer_history(persona, trait)]
    return m.Page[m.LayerMoveOut].sliced(moves, limit, offset)


@router.get("/personas/{persona}/layers/{trait}/{version:int}", response_model=m.LayerOut,
            tags=["layers"])  # fmt: skip
async def get_layer(
    rt: RuntimeDep, persona: PersonaPath, trait: TraitPath, version: int, _: Admin
) -> m.LayerOut:
    return m.LayerOut.model_validate(await rt.layers.get(persona, trait, version))


@router.post("/personas/{persona}/layers/{trait}/{version:int}/activate", response_model=m.LayerOut,
             tags=["layers"])  # fmt: skip
async def activate_layer(
    rt: RuntimeDep, persona: PersonaPath, trait: TraitPath, version: int, body: m.ActivateIn,
    caller: Admin,
) -> m.LayerOut:  # fmt: skip
    """Make ``version`` active. A version the auto-test rejected is refused (409) unless the
    body has ``force: true`` and a ``reason``.
    """
    await rt.layers.activate(persona, trait, version, by=caller.name, reason=body.reason,
                             force=body.force)  # fmt: skip
    return m.LayerOut.model_validate(await rt.layers.get(persona, trait, version))


@router.post("/personas/{persona}/layers/{trait}/rollback", response_model=m.RollbackOut,
             tags=["layers"])  # fmt: skip
async def rollback_layer(
    rt: RuntimeDep, persona: PersonaPath, trait: TraitPath, body: m.RollbackIn, caller: Admin
) -> m.RollbackOut:
    """Go back to ``to`` or the previous loadable version; ``active`` null = the base model."""
    row = await rt.get_persona(persona)
    if trait not in row.traits and trait not in (GENERAL, "merged-base"):
        raise NotFound("trait", f"{persona}/{trait}", f"known: {', '.join(row.traits)}")
    now = await rt.layers.rollback(persona, trait, to=body.to, by=caller.name,
                                   reason=body.reason, force=body.force)  # fmt: skip
    return m.RollbackOut(persona=persona, trait=trait, active=now)


@router.post("/personas/{persona}/layers/{trait}/{version:int}/pin", response_model=m.LayerOut,
             tags=["layers"])  # fmt: skip
async def pin_layer(
    rt: RuntimeDep,
    persona: PersonaPath,
    trait: TraitPath,
    version: int,
    body: m.PinIn,
    _: Admin,
) -> m.LayerOut:
    await rt.layers.pin(persona, trait, version, pinned=body.pinned)
    return m.LayerOut.model_validate(await rt.layers.get(persona, trait, version))
