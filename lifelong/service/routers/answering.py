"""Answering as a persona: ``generate``, plain or streamed."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from lifelong.engine.serving import Generation
from lifelong.errors import LifelongError
from lifelong.runtime.logs import redact
from lifelong.service import models as m
from lifelong.service.deps import (
    SSE_HEADERS,
    PersonaPath,
    Recorder,
    RuntimeDep,
)
from lifelong.service.errors import error_body, lifelong_error
from lifelong.service.live import sse

log = logging.getLogger("lifelong.service")

router = APIRouter(prefix="/api/v1", responses=m.error_responses())


# -- answering --------------------------------------------------------------------------------


def _generation_out(g: Generation) -> m.GenerationOut:
    return m.GenerationOut(id=g.id, text=g.text, layers=g.layers, base_model=g.base_model,
                           remote_model=g.remote_model, arm=g.arm,  # type: ignore[arg-type]
                           memory=list(g.memory))  # fmt: skip


_STREAMED: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {"text/event-stream": {}},
        "description": 'JSON, or with `stream` server-sent events: `text` ({"text"}) pieces, '
        "then `done` (the generation)",
    }
}


@router.post("/personas/{persona}/generate", response_model=m.GenerationOut,
             tags=["answering"], responses=_STREAMED)  # fmt: skip
async def generate(
    request: Request, rt: RuntimeDep, persona: PersonaPath, body: m.GenerateIn, _: Recorder
) -> Any:
    """Answer as the persona (its active layers; the trait routed to unless ``traits``). Pass
    the returned ``id`` as ``generation_id`` when recording the turn.
    """
    messages = [msg.model_dump() for msg in body.messages]
    options: dict[str, Any] = {
        "max_new_tokens": body.max_new_tokens, "temperature": body.temperature,
        "conversation_id": body.conversation_id, "memory": body.memory,
    }  # fmt: skip
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

    return StreamingResponse(events(), media_type="text/event-stream", headers=SSE_HEADERS)
