"""Bearer tokens: list, create (shown once), revoke."""

from __future__ import annotations

import logging

from fastapi import APIRouter

from lifelong.service import models as m
from lifelong.service.deps import (
    Admin,
    Limit,
    Offset,
    RuntimeDep,
)

log = logging.getLogger("lifelong.service")

router = APIRouter(prefix="/api/v1", responses=m.error_responses())


@router.get("/tokens", response_model=m.Page[m.TokenOut], tags=["tokens"])
async def list_tokens(
    rt: RuntimeDep, _: Admin, limit: Limit = 100, offset: Offset = 0
) -> m.Page[m.TokenOut]:
    """Every token (never the token itself: it is shown once, when made), newest first."""
    rows = [m.TokenOut(**row) for row in await rt.tokens.list()]
    return m.Page[m.TokenOut].sliced(rows, limit, offset)


@router.post("/tokens", response_model=m.NewTokenOut, status_code=201, tags=["tokens"])
async def create_token(rt: RuntimeDep, body: m.TokenIn, _: Admin) -> m.NewTokenOut:
    """A new token (e.g. a record token for a chat backend); the token is in this response
    only: it is stored as a hash.
    """
    info, token = await rt.tokens.create(body.scope, body.name, body.personas)
    personas = None if info.personas is None else list(info.personas)
    return m.NewTokenOut.model_validate({"id": info.id, "name": info.name, "scope": info.scope,
                                         "personas": personas, "created_at": info.created_at,
                                         "token": token})  # fmt: skip


@router.delete("/tokens/{token_id}", status_code=204, tags=["tokens"])
async def revoke_token(rt: RuntimeDep, token_id: str, _: Admin) -> None:
    await rt.tokens.revoke(token_id)
