"""Status and liveness."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import APIRouter, Request

from lifelong.service import models as m
from lifelong.service.deps import (
    Admin,
    RuntimeDep,
)

log = logging.getLogger("lifelong.service")

router = APIRouter(prefix="/api/v1", responses=m.error_responses())


@router.get("/status", response_model=m.StatusOut, tags=["status"])
async def status(rt: RuntimeDep, _: Admin) -> m.StatusOut:
    """One screen's worth: database, personas, interactions, jobs, layers, cache, alerts."""
    return m.StatusOut(**await rt.status())


@router.get("/health", tags=["status"])
async def health(request: Request) -> dict[str, Any]:
    """Unauthenticated liveness: whether the runtime is up (nothing else is disclosed)."""
    return {"ok": True}


@router.get("/ready", tags=["status"], responses={
    503: {"description": "the database does not answer (with Retry-After)"}})  # fmt: skip
async def ready(rt: RuntimeDep) -> dict[str, Any]:
    """Unauthenticated readiness: the process is up *and* its database answers (a load
    balancer sends traffic only then); 503 with ``Retry-After`` otherwise.
    """
    await rt.ready()
    return {"ok": True, "database": "ok"}
