"""The genome: versions, activation (forced for a rejected one), rollback, pins."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import APIRouter

from lifelong.errors import NotFound
from lifelong.persona.traits import GENERAL
from lifelong.service import models as m
from lifelong.service.deps import (
    Admin,
    PersonaPath,
    RuntimeDep,
    TraitPath,
    TraitQuery,
)

log = logging.getLogger("lifelong.service")

router = APIRouter(prefix="/api/v1", responses=m.error_responses())


# -- layers -----------------------------------------------------------------------------------


@router.get("/personas/{persona}/layers", response_model=list[m.LayerOut], tags=["layers"])
async def list_layers(
    rt: RuntimeDep, persona: PersonaPath, _: Admin, trait: TraitQuery = None
) -> list[m.LayerOut]:
    await rt.get_persona(persona)
    return [m.LayerOut(**row) for row in await rt.layers.versions(persona, trait)]


@router.get("/personas/{persona}/layers/{trait}/history", tags=["layers"])
async def layer_history(
    rt: RuntimeDep, persona: PersonaPath, trait: TraitPath, _: Admin
) -> list[dict[str, Any]]:
    """Every deploy, activation and rollback of the trait, oldest first, with who and why."""
    return await rt.layer_history(persona, trait)


@router.get("/personas/{persona}/layers/{trait}/{version:int}", response_model=m.LayerOut,
            tags=["layers"])  # fmt: skip
async def get_layer(
    rt: RuntimeDep, persona: PersonaPath, trait: TraitPath, version: int, _: Admin
) -> m.LayerOut:
    return m.LayerOut(**await rt.layers.get(persona, trait, version))


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
    return m.LayerOut(**await rt.layers.get(persona, trait, version))


@router.post("/personas/{persona}/layers/{trait}/rollback", tags=["layers"])
async def rollback_layer(
    rt: RuntimeDep, persona: PersonaPath, trait: TraitPath, body: m.RollbackIn, caller: Admin
) -> dict[str, Any]:
    """Go back to ``to`` or the previous loadable version; ``active`` null = the base model."""
    row = await rt.get_persona(persona)
    if trait not in row.traits and trait not in (GENERAL, "merged-base"):
        raise NotFound("trait", f"{persona}/{trait}", f"known: {', '.join(row.traits)}")
    now = await rt.layers.rollback(persona, trait, to=body.to, by=caller.name,
                                   reason=body.reason, force=body.force)  # fmt: skip
    return {"persona": persona, "trait": trait, "active": now}


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
    return m.LayerOut(**await rt.layers.get(persona, trait, version))
