"""OpenAI-compatible ``/v1``: any chat system that speaks the OpenAI protocol plugs in with a
base URL, a key (a lifelong token with the ``record`` right) and a persona as the model.

- ``GET /v1/models``: the personas the key may use, as ``persona``, ``persona:trait`` and
  ``persona@base`` (see :mod:`lifelong.runtime.gateway`).
- ``POST /v1/chat/completions``: OpenAI's request and response (and ``stream`` as ``data:``
  chunks ending with ``[DONE]``, ``stream_options.include_usage``). The ``id`` is the
  generation's; ``lifelong`` in the body and ``X-Lifelong-*`` headers say which layers and
  memory turns answered and which conversation it joined. Each completed exchange is
  recorded as the persona's turn (``gateway.record``; ``X-Lifelong-Record: false`` opts a
  request out).
- ``POST /v1/chat/completions/{id}/feedback``: a rating (0..1) and/or correction of it.

Errors come in OpenAI's shape, ``{"error": {"message", "type", "param", "code"}}``
(:mod:`lifelong.service.errors`).
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import AsyncGenerator, AsyncIterator
from typing import Any

from fastapi import APIRouter, Header, Request, Response
from fastapi.responses import JSONResponse, StreamingResponse

from lifelong.errors import InvalidRecord, LifelongError, NotFound
from lifelong.runtime.gateway import ChatOptions, Completion, ModelName
from lifelong.runtime.logs import redact
from lifelong.service.deps import PersonaPath, Recorder, RuntimeDep
from lifelong.service.errors import openai_error
from lifelong.service.models import OpenAIErrorOut, error_responses
from lifelong.service.openai_models import (
    ChatCompletionIn,
    FeedbackIn,
    refusals,
    text_of,
)
from lifelong.storage import new_id

__all__ = ["router"]

log = logging.getLogger("lifelong.service.openai")

router = APIRouter(prefix="/v1", tags=["openai"], responses=error_responses(OpenAIErrorOut))

_SSE = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}


def _model_entry(name: str, created: float) -> dict[str, Any]:
    return {"id": name, "object": "model", "created": int(created), "owned_by": "lifelong"}


def _visible(caller: Any, persona: PersonaPath) -> ModelName:
    """The persona a model names, if the caller's key may use it (404 otherwise, as OpenAI
    answers for a model a key cannot reach)."""
    model = ModelName.parse(persona)
    if not caller.token.may_use(model.persona):
        raise NotFound("model", persona, "this key may use: "
                       + ", ".join(caller.token.personas or ()))  # fmt: skip
    return model


@router.get("/models")
async def list_models(rt: RuntimeDep, caller: Recorder) -> dict[str, Any]:
    """Every persona the key may use: the persona (routed), each trait, and @base."""
    data = []
    for row in await rt.list_personas():
        if not caller.token.may_use(row.name):
            continue
        data.append(_model_entry(row.name, row.created_at))
        data += [_model_entry(f"{row.name}:{t}", row.created_at) for t in sorted(row.traits)]
        data.append(_model_entry(f"{row.name}@base", row.created_at))
    return {"object": "list", "data": data}


@router.get("/models/{model}")
async def get_model(model: str, rt: RuntimeDep, caller: Recorder) -> dict[str, Any]:
    name = _visible(caller, model)
    row = await rt.get_persona(name.persona)
    if name.trait is not None and name.trait not in row.traits:
        raise NotFound("model", model, f"{name.persona}'s traits: {', '.join(row.traits)}")
    return _model_entry(str(name), row.created_at)


@router.post("/chat/completions")
async def chat_completions(
    request: Request,
    body: ChatCompletionIn,
    rt: RuntimeDep,
    caller: Recorder,
    x_conversation_id: str | None = Header(None, max_length=128),
    x_lifelong_record: str | None = Header(None),
    idempotency_key: str | None = Header(None, max_length=128),
    x_stainless_retry_count: str | None = Header(None),
) -> Any:
    refusals(body)
    model = _visible(caller, body.model)
    config = rt.config.gateway
    temperature = body.temperature if body.temperature is not None else config.default_temperature
    options = ChatOptions(
        max_tokens=body.max_completion_tokens or body.max_tokens,
        temperature=temperature,
        top_p=body.top_p if body.top_p is not None else 1.0,
        stop=tuple([body.stop] if isinstance(body.stop, str) else body.stop or ())[:4],
        user=body.user,
        record=config.record and (x_lifelong_record or "").lower() not in ("0", "false", "no"),
        conversation_id=x_conversation_id,
        idempotency_key=idempotency_key,
        retry=(x_stainless_retry_count or "0").strip() not in ("", "0"),
    )
    messages = [
        {"role": "system" if m.role in ("system", "developer") else m.role,
         "content": text_of(m)} for m in body.messages
    ]  # fmt: skip
    created = int(time.time())
    completion_id = new_id()
    pieces = rt.gateway.complete(model, messages, options, completion_id)
    first = await anext(pieces)  # a bad request fails here, before the 200 goes out
    if not body.stream:
        text: list[str] = []
        item: Any = first
        while not isinstance(item, Completion):
            text.append(item)
            item = await anext(pieces)
        return JSONResponse(_completion_body(item, body.model, created), headers=_headers(item))
    usage = bool(body.stream_options and body.stream_options.include_usage)
    return StreamingResponse(
        _chunks(request, pieces, first, completion_id, body.model, created, usage),
        media_type="text/event-stream",
        headers=_SSE,
    )


@router.post("/chat/completions/{completion_id}/feedback", status_code=204)
async def feedback(
    completion_id: str, body: FeedbackIn, rt: RuntimeDep, caller: Recorder
) -> Response:
    """Rate (0..1) and/or correct a completion this server recorded: the correction is what
    the persona should have said, and becomes training data (an extension of the protocol).
    """
    if body.rating is None and body.correction is None:
        raise InvalidRecord("rating", "send a rating (0..1), a correction, or both")
    persona, _ = await rt.gateway.feedback(
        completion_id, rating=body.rating, correction=body.correction,
        allowed=caller.token.may_use,
    )  # fmt: skip
    return Response(status_code=204, headers={"X-Lifelong-Persona": persona})


def _completion_body(c: Completion, model: str, created: int) -> dict[str, Any]:
    return {
        "id": c.id,
        "object": "chat.completion",
        "created": created,
        "model": model,
        "system_fingerprint": None,
        "choices": [{
            "index": 0,
            "message": {"role": "assistant", "content": c.text, "refusal": None},
            "logprobs": None,
            "finish_reason": c.finish_reason,
        }],
        "usage": _usage(c),
        "lifelong": _extension(c),
    }  # fmt: skip


def _usage(c: Completion) -> dict[str, int]:
    return {"prompt_tokens": c.prompt_tokens, "completion_tokens": c.completion_tokens,
            "total_tokens": c.prompt_tokens + c.completion_tokens}  # fmt: skip


def _extension(c: Completion) -> dict[str, Any]:
    """What lifelong adds: who answered, and what was recorded."""
    return {"layers": c.layers, "memory": list(c.memory), "base_model": c.base_model,
            "conversation_id": c.conversation_id, "interaction_id": c.interaction_id,
            "replayed": c.replayed, "regenerated": c.regenerated}  # fmt: skip


def _headers(c: Completion) -> dict[str, str]:
    layers = ",".join(f"{t}=v{v}" for t, v in sorted(c.layers.items())) or "base"
    return {"X-Lifelong-Layers": layers, "X-Lifelong-Memory": str(len(c.memory)),
            "X-Lifelong-Conversation": c.conversation_id}  # fmt: skip


def _chunk(cid: str, model: str, created: int, **choice: Any) -> str:
    choices = [{"index": 0, "logprobs": None, "finish_reason": None, **choice}]
    data = {"id": cid, "object": "chat.completion.chunk", "created": created, "model": model,
            "system_fingerprint": None, "choices": choices}  # fmt: skip
    return f"data: {json.dumps(data, ensure_ascii=False)}\n\n"


async def _chunks(
    request: Request,
    pieces: AsyncGenerator[Any, None],
    first: Any,
    cid: str,
    model: str,
    created: int,
    usage: bool,
) -> AsyncIterator[str]:
    yield _chunk(cid, model, created, delta={"role": "assistant", "content": ""})
    item = first
    try:
        while not isinstance(item, Completion):
            yield _chunk(cid, model, created, delta={"content": item})
            item = await anext(pieces)
        end = {"id": item.id, "object": "chat.completion.chunk", "created": created,
               "model": model, "system_fingerprint": None,
               "choices": [{"index": 0, "delta": {}, "logprobs": None,
                            "finish_reason": item.finish_reason}],
               "lifelong": _extension(item)}  # fmt: skip
        yield f"data: {json.dumps(end, ensure_ascii=False)}\n\n"
        if usage:
            last = {"id": item.id, "object": "chat.completion.chunk", "created": created,
                    "model": model, "system_fingerprint": None, "choices": [],
                    "usage": _usage(item)}  # fmt: skip
            yield f"data: {json.dumps(last)}\n\n"
    except LifelongError as exc:
        _status, err = openai_error(exc)
        yield f"data: {json.dumps(err)}\n\n"
    except Exception as exc:  # the 200 is sent: say so in the stream, log the rest
        log.error("streamed completion failed: %s: %s", type(exc).__name__, redact(str(exc)),
                  exc_info=exc)  # fmt: skip
        err = {"error": {"message": "internal error; see the server log", "type": "server_error",
                         "param": None, "code": None}}  # fmt: skip
        yield f"data: {json.dumps(err)}\n\n"
    finally:
        await pieces.aclose()  # a client gone mid-reply: its decoding stops, nothing recorded
    yield "data: [DONE]\n\n"
