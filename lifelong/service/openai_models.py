"""The OpenAI wire format of ``/v1``: what a chat completion request may hold, what this
server does with each field, and the refusals for what it cannot honour (never ignored).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["ChatCompletionIn", "ChatMessageIn", "FeedbackIn", "Unsupported", "refusals"]


class ChatMessageIn(BaseModel):
    model_config = ConfigDict(extra="allow")

    role: str
    # A string, or parts ([{"type": "text", "text": ...}]) as newer clients send.
    content: str | list[dict[str, Any]] | None = None
    name: str | None = None


class StreamOptions(BaseModel):
    model_config = ConfigDict(extra="allow")

    include_usage: bool = False


class ChatCompletionIn(BaseModel):
    """``POST /v1/chat/completions``. Fields OpenAI defines that this server cannot honour
    are refused with a 400 naming them (:func:`refusals`); fields it does not know are left
    alone (clients add their own).
    """

    model_config = ConfigDict(extra="allow")

    model: str = Field(
        description="A persona: `persona`, `persona:trait` (that trait's layer) or "
        "`persona@base` (the bare base model, no memory). `GET /v1/models` lists them."
    )
    messages: list[ChatMessageIn] = Field(min_length=1)
    max_tokens: int | None = Field(None, ge=1, le=4096)
    max_completion_tokens: int | None = Field(None, ge=1, le=4096)
    temperature: float | None = Field(None, ge=0, le=2)
    top_p: float | None = Field(None, gt=0, le=1)
    stop: str | list[str] | None = None
    seed: int | None = None
    user: str | None = Field(None, max_length=256)
    stream: bool = False
    stream_options: StreamOptions | None = None
    n: int | None = None


class FeedbackIn(BaseModel):
    """``POST /v1/chat/completions/{id}/feedback``: a rating and/or a correction."""

    model_config = ConfigDict(extra="forbid")

    rating: float | None = Field(None, ge=0, le=1)
    correction: str | None = Field(None, min_length=1, max_length=100_000)


class Unsupported(ValueError):
    """A request field this server cannot honour: ``param`` names it."""

    def __init__(self, param: str, message: str, code: str = "unsupported_parameter") -> None:
        self.param, self.code = param, code
        super().__init__(message)


# Fields OpenAI defines that change the answer in ways this server cannot do; sent with a
# value that asks for nothing (null, false, empty, zero) they are accepted.
_CANNOT = {
    "tools": "tool calls", "tool_choice": "tool calls", "functions": "function calls",
    "function_call": "function calls", "parallel_tool_calls": "tool calls",
    "logprobs": "log probabilities", "top_logprobs": "log probabilities",
    "logit_bias": "logit bias", "presence_penalty": "presence penalties",
    "frequency_penalty": "frequency penalties", "audio": "audio output",
    "modalities": "other modalities than text", "prediction": "predicted outputs",
    "web_search_options": "web search", "reasoning_effort": "reasoning effort",
}  # fmt: skip


def refusals(body: ChatCompletionIn) -> None:
    """Raise :class:`Unsupported` for the first field of ``body`` that cannot be honoured."""
    extra = body.model_extra or {}
    for name, what in _CANNOT.items():
        value = extra.get(name)
        if value in (None, False, [], {}, 0, 0.0) or (name == "modalities" and value == ["text"]):
            continue
        raise Unsupported(name, f"{name}: {what} are not supported by this server; "
                          "leave it out")  # fmt: skip
    if body.n not in (None, 1):
        raise Unsupported("n", "n: one choice per request only; send n=1 or leave it out",
                          "unsupported_value")  # fmt: skip
    fmt = extra.get("response_format")
    if fmt is not None and (not isinstance(fmt, dict) or fmt.get("type") != "text"):
        raise Unsupported(
            "response_format",
            'response_format: only {"type": "text"}; JSON modes and schemas are not supported',
            "unsupported_value",
        )
    if body.seed is not None and (body.temperature or 0) > 0:
        raise Unsupported("seed", "seed: seeded sampling is not supported; for reproducible "
                          "answers send temperature 0 (greedy)", "unsupported_value")  # fmt: skip
    for i, message in enumerate(body.messages):
        if message.role not in ("system", "developer", "user", "assistant"):
            raise Unsupported(f"messages[{i}].role", f"messages[{i}].role: {message.role!r} "
                              "is not supported (system, developer, user, assistant)",
                              "unsupported_value")  # fmt: skip
        if isinstance(message.content, list):
            for j, part in enumerate(message.content):
                if part.get("type") != "text":
                    raise Unsupported(f"messages[{i}].content[{j}]",
                                      f"messages[{i}].content[{j}]: only text parts are "
                                      f"supported, not {part.get('type')!r}")  # fmt: skip


def text_of(message: ChatMessageIn) -> str:
    """A message's text: the string, or its text parts joined."""
    if isinstance(message.content, list):
        return "".join(str(part.get("text") or "") for part in message.content)
    return message.content or ""


Role = Literal["system", "user", "assistant"]
