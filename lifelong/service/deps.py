"""What every router of ``lifelong serve`` depends on: the runtime, the persona handles, who
may call (a token's rights, see :mod:`lifelong.service.auth`) and the paging parameters.
"""

from __future__ import annotations

import asyncio
import time
from typing import Annotated

from fastapi import Depends, Path, Query, Request

from lifelong._names import NAME_PATTERN
from lifelong.persona.persona import Persona
from lifelong.persona.traits import GENERAL
from lifelong.runtime.runtime import Runtime
from lifelong.service import models as m
from lifelong.service.auth import Caller, needs

__all__ = [
    "SSE_HEADERS",
    "Admin",
    "HandlesDep",
    "Limit",
    "Listener",
    "Manager",
    "Offset",
    "PersonaHandles",
    "PersonaPath",
    "PersonaQuery",
    "Reader",
    "Recorder",
    "RuntimeDep",
    "TraitPath",
    "TraitQuery",
    "handles_of",
    "runtime_of",
]

# Server-sent events go out as they are made: no caching, no proxy buffering (nginx).
SSE_HEADERS = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}

Recorder = Annotated[Caller, Depends(needs("record"))]
Manager = Annotated[Caller, Depends(needs("manage"))]
Listener = Annotated[Caller, Depends(needs("events"))]
# Reading a persona (its name, traits and profile): whoever may use it for anything.
Reader = Annotated[Caller, Depends(needs("record", "manage", "events"))]
Admin = Annotated[Caller, Depends(needs("admin"))]
Limit = Annotated[int, Query(ge=1, le=1000)]
# Persona and trait names as the schema states them (lifelong._names: 1-64 of letters, digits,
# "-", "_", "." starting with a letter or digit, no ".."): a client knows before it asks.
PersonaPath = Annotated[str, Path(pattern=NAME_PATTERN, max_length=64)]
TraitPath = Annotated[str, Path(pattern=NAME_PATTERN, max_length=64)]
PersonaQuery = Annotated[str | None, Query(pattern=NAME_PATTERN, max_length=64)]
TraitQuery = Annotated[str | None, Query(pattern=NAME_PATTERN, max_length=64)]
Offset = Annotated[int, Query(ge=0, le=1_000_000_000)]


def runtime_of(request: Request) -> Runtime:
    """The runtime the app opened at start (``create_app``'s lifespan)."""
    return request.app.state.rt


RuntimeDep = Annotated[Runtime, Depends(runtime_of)]


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


def handles_of(request: Request) -> PersonaHandles:
    return request.app.state.personas


HandlesDep = Annotated[PersonaHandles, Depends(handles_of)]
