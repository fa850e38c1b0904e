"""The request and response bodies of the HTTP API (pydantic: they are the OpenAPI schema).

Messages, metadata and names are checked again by the runtime itself, which names the field
that is wrong; these models check shape and types, and cap sizes before anything is parsed
further.

Every list of ``/api/v1`` is one :class:`Page` (``items``, ``total``, ``limit``, ``offset``,
``next_offset``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Any, Generic, Literal, Self, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, WithJsonSchema

from lifelong._names import NAME_PATTERN
from lifelong.events import EVENT_KINDS

T = TypeVar("T")

# A moment in every JSON answer: ISO 8601 in UTC with its zone ("2026-12-07T03:14:32.5Z";
# issue 28: some answers said epoch seconds). The runtime keeps epoch seconds, which pydantic
# reads as UTC; the OpenAI-compatible /v1 keeps its protocol's integer seconds.
Time = Annotated[datetime, Field(description="ISO 8601, UTC")]

# Keys that hold a moment in the report's free-form parts (sessions, genome, events).
_MOMENT_KEYS = frozenset({"ts", "since", "until", "start"})


def iso_moments(value: Any) -> Any:
    """``value`` with every moment (a number under a key ending in ``_at``, or ``ts``,
    ``since``, ``until``, ``start``) as ISO 8601 in UTC: for the parts of an answer typed
    ``dict[str, Any]``.
    """
    if isinstance(value, dict):
        return {k: _iso(v) if _is_moment(k, v) else iso_moments(v) for k, v in value.items()}
    if isinstance(value, list):
        return [iso_moments(v) for v in value]
    return value


# A free-form part of an answer (a job's decisions, an evaluation, an event's payload), its
# moments in ISO 8601 like the typed fields'.
Moments = Annotated[dict[str, Any], AfterValidator(iso_moments)]


def _is_moment(key: Any, value: Any) -> bool:
    named = isinstance(key, str) and (key.endswith("_at") or key in _MOMENT_KEYS)
    return named and isinstance(value, int | float) and not isinstance(value, bool)


def _iso(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).isoformat().replace("+00:00", "Z")


class Page(BaseModel, Generic[T]):
    """One page of a list: every list endpoint of ``/api/v1`` answers this shape."""

    items: list[T]
    total: int = Field(description="How many match in all (every page together).")
    limit: int = Field(description="The most items a page holds (as asked, or the default).")
    offset: int = Field(description="How many matching items come before this page.")
    next_offset: int | None = Field(
        description="The `offset` of the next page; null when this page is the last."
    )

    @classmethod
    def of(cls, items: Sequence[T], total: int, limit: int, offset: int) -> Self:
        """The page at ``offset`` of ``total`` items (``items``: this page's)."""
        following = offset + limit
        return cls(items=list(items), total=total, limit=limit, offset=offset,
                   next_offset=following if following < total else None)  # fmt: skip

    @classmethod
    def sliced(cls, every: Sequence[T], limit: int, offset: int) -> Self:
        """The page at ``offset`` of a whole list read at once (a few hundred at most)."""
        return cls.of(every[offset : offset + limit], len(every), limit, offset)


class _Body(BaseModel):
    # An unknown field is a mistake the caller wants to hear about (a typo of "trait"), and
    # so is a value of another JSON type ("memory": 0 is not false): the body is what the
    # published schema says, no more.
    model_config = ConfigDict(extra="forbid", strict=True)


class Message(_Body):
    role: Literal["system", "user", "assistant"]
    content: str


class TraitIn(_Body):
    name: str = Field(max_length=64, pattern=NAME_PATTERN)
    description: str = ""


class PersonaIn(_Body):
    traits: list[TraitIn] = Field(default_factory=list, max_length=256)
    profile: dict[str, Any] | None = None
    memory: bool | None = Field(
        None, description="Memory on or off for this persona (null: leave it as it is)."
    )


class PersonaOut(BaseModel):
    name: str
    traits: dict[str, str]
    profile: dict[str, Any]
    created_at: Time
    memory: bool | None = Field(None, description="null: the server's memory.enabled")


class RecordIn(_Body):
    messages: list[Message] = Field(min_length=1)
    trait: str | None = Field(None, max_length=64, pattern=NAME_PATTERN)
    metadata: dict[str, Any] | None = None
    generation_id: str | None = Field(
        None, description="The id a generate call returned for this reply (attribution)."
    )


class RecordOut(BaseModel):
    id: str


# Each record of a batch is judged alone (one malformed record never fails the others), so
# the batch's shape is checked here and each record's by the endpoint. The schema says so.
_BatchRecord = Annotated[
    dict[str, Any],
    WithJsonSchema({
        "type": "object",
        "description": "A record shaped as RecordIn (the body of POST .../interactions); one "
        "that is not fails alone, its error in results naming records[i]",
    }),
]  # fmt: skip


class RecordBatchIn(_Body):
    records: list[_BatchRecord] = Field(min_length=1, max_length=1000)


class ErrorDetail(BaseModel):
    type: str
    message: str
    field: str | None = None
    line: int | None = None


class ErrorOut(BaseModel):
    """Every error of ``/api/v1``: what was wrong, and the field it names when one is."""

    error: ErrorDetail


class OpenAIErrorDetail(BaseModel):
    message: str
    type: str
    param: str | None = None
    code: str | None = None


class OpenAIErrorOut(BaseModel):
    """Every error of ``/v1``, in OpenAI's shape."""

    error: OpenAIErrorDetail


def error_responses(model: type[BaseModel] = ErrorOut) -> dict[int | str, dict[str, Any]]:
    """The error statuses an endpoint may answer, with their body (the published contract)."""
    statuses = {
        400: "a request this server cannot honour", 401: "no, an unknown or a revoked token",
        403: "the token lacks the right, or the persona", 404: "no such persona, job or layer",
        409: "not in a state the request applies to", 413: "the body is over the limit",
        422: "a field is wrong: the body names it",
        429: "too many at once (logins, event streams): Retry-After says when",
        503: "the store does not answer (Retry-After)",
    }  # fmt: skip
    if model is OpenAIErrorOut:
        statuses.pop(422)  # a wrong field is a 400 there, as OpenAI answers
    else:
        statuses.pop(400)
    return {code: {"model": model, "description": text} for code, text in statuses.items()}


class RecordResult(BaseModel):
    id: str | None = None
    error: ErrorDetail | None = None


class RecordBatchOut(BaseModel):
    accepted: int
    results: list[RecordResult]


class FeedbackIn(_Body):
    rating: float | None = Field(None, ge=0.0, le=1.0)
    correction: str | None = None


class GenerateIn(_Body):
    messages: list[Message] = Field(min_length=1)
    traits: list[Annotated[str, Field(max_length=64, pattern=NAME_PATTERN)]] | None = None
    max_new_tokens: int | None = Field(None, ge=1, le=4096)
    temperature: float = Field(0.0, ge=0.0, le=2.0)
    stream: bool = Field(
        False, description="Answer as server-sent events: `text` pieces, then `done`."
    )
    conversation_id: str | None = Field(
        None, max_length=128,
        description="The conversation this turn belongs to (as recorded in its metadata): "
        "keeps the conversation on one arm while a trait runs a canary.",
    )  # fmt: skip
    memory: bool | None = Field(
        None, description="Remind the persona of its recorded turns for this request (null: "
        "the persona's setting)."
    )  # fmt: skip


class GenerationOut(BaseModel):
    id: str
    text: str
    layers: dict[str, int]
    base_model: str
    remote_model: str | None = None
    arm: Literal["canary", "stable"] | None = Field(
        None, description="Which arm answered while a trait runs a canary; null when none runs."
    )
    memory: list[str] = Field(
        default_factory=list, description="The memory turns (their ids) put into the prompt."
    )


class MemoryOut(BaseModel):
    id: str
    persona: str
    trait: str
    prompt: str
    reply: str
    quality: float
    state: Literal["active", "consolidated", "removed"]
    reason: str | None = None
    pinned: bool
    layer_id: str | None = None
    created_at: Time
    updated_at: Time
    last_used_at: Time | None = None
    uses: int = 0


class InteractionOut(BaseModel):
    """A recorded turn: the store's row (``InteractionRow``, the same fields; a test keeps
    them in step)."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    persona: str
    trait: str | None
    messages: list[dict[str, Any]]
    metadata: dict[str, Any] | None
    source: str
    created_at: Time
    quality: float | None
    used: bool
    feedback_rating: float | None
    feedback_correction: str | None
    generation_id: str | None = Field(
        None, description="The generation that produced the reply, if recorded."
    )


class JobIn(_Body):
    persona: str = Field(max_length=64, pattern=NAME_PATTERN)
    trait: str = Field("general", max_length=64, pattern=NAME_PATTERN)
    priority: Literal["high", "normal", "low"] = "normal"
    approved: bool = False
    provider: str | None = Field(
        None, max_length=64, pattern=NAME_PATTERN,
        description="One of the configured training.providers (an unknown one is a 422).",
    )  # fmt: skip
    method: Literal["auto", "sft", "dpo", "kto"] | None = None


class JobOut(BaseModel):
    id: str
    persona: str
    trait: str
    status: str
    priority: str
    created_at: Time
    reason: Moments = Field(default_factory=dict)
    params: Moments = Field(default_factory=dict)
    provider: str | None = None
    dataset_hash: str | None = None
    estimate: Moments | None = None
    cost: float | None = None
    decisions: list[Moments] = Field(default_factory=list)
    error: str | None = None
    lease_owner: str | None = None
    lease_expires_at: Time | None = None
    heartbeat_at: Time | None = None
    control: str | None = None
    started_at: Time | None = None
    finished_at: Time | None = None


class MetricOut(BaseModel):
    name: str
    series: list[tuple[int | None, float]]
    summary: Moments


class LayerOut(BaseModel):
    id: str
    persona: str
    trait: str
    version: int
    kind: str
    status: str
    pinned: bool
    active: bool = False
    canary: bool = Field(
        False, description="Serving a share of conversations beside the active version."
    )
    canary_fraction: float | None = None
    provider: str | None = None
    remote_model: str | None = None
    artifact_sha256: str | None = None
    artifact_bytes: int | None = None
    parent_version: int | None = None
    job_id: str | None = Field(
        None, description="The training job that made this version (called `session_id` "
        "before this release).",
    )  # fmt: skip
    evaluation: Moments | None = None
    monitor: Moments | None = None
    manifest: Moments = Field(default_factory=dict)
    created_at: Time
    created_by: str | None = None
    last_used_at: Time | None = None


class LayerMoveOut(BaseModel):
    """One move of a trait's active (or canary) pointer; a version null is the base model."""

    ts: Time
    persona: str
    trait: str | None
    action: str = Field(description="deploy, activate, rollback, auto-rollback, canary or promote.")
    from_version: int | None = None
    to_version: int | None = None
    by: str | None = None
    reason: str | None = None
    evidence: Moments | None = None
    canary: bool = Field(False, description="A move that left the active pointer where it was.")


class RollbackOut(BaseModel):
    persona: str
    trait: str
    active: int | None = Field(description="The version now active; null: the base model.")


_FORCE_FIELD = Field(
    False,
    description="Serve a version the auto-test rejected anyway (needs a `reason`); without "
    "it such a version is refused with 409.",
)


class ActivateIn(_Body):
    reason: str | None = Field(None, max_length=500)
    force: bool = _FORCE_FIELD


class RollbackIn(_Body):
    to: int | None = Field(
        None, ge=1, description="The version to go back to (default: the previous)."
    )
    reason: str | None = Field(None, max_length=500)
    force: bool = _FORCE_FIELD


class PinIn(_Body):
    pinned: bool = True


# The kinds of stored events, as the schema's enum (a client generated from it knows them).
EventKind = StrEnum("EventKind", {name: name for name in sorted(EVENT_KINDS)})  # type: ignore[misc]


class EventOut(BaseModel):
    id: int
    ts: Time
    kind: str
    severity: str
    is_alert: bool
    persona: str | None = None
    trait: str | None = None
    job_id: str | None = Field(
        None, description="The training job the event is about (called `session_id` before "
        "this release).",
    )  # fmt: skip
    payload: Moments | None = None


class StatusOut(BaseModel):
    """One screen's worth: the database, personas, interactions, jobs, layers, cache, alerts."""

    database: str
    home: str
    personas: int
    interactions: dict[str, int] = Field(description="total, scored, unused")
    jobs: dict[str, int] = Field(description="How many jobs in each status.")
    active_layers: int
    adapter_cache: Moments
    alerts: list[EventOut] = Field(description="The newest alerts (5 at most).")


class ReportWindow(BaseModel):
    since: Time | None = None
    until: Time | None = None


class QualityBucket(BaseModel):
    start: Time
    mean: float | None = None
    count: int


class ReportQuality(BaseModel):
    bucket: str = Field(description="hour, or day when the window spans more than 3 days")
    bucket_seconds: int
    traits: dict[str, list[QualityBucket]]


class ReportOut(BaseModel):
    """A persona's report as data (what the HTML report shows)."""

    report_version: int
    generated_at: Time
    window: ReportWindow
    persona: Moments
    summary: Moments
    quality: ReportQuality
    sessions: list[Moments]
    genome: dict[str, Moments]
    events: Moments
    cost: Moments


class ReportFiles(BaseModel):
    persona: str
    html: str
    json_path: str = Field(alias="json")


class TokenIn(_Body):
    scope: str = Field(
        description="One or more of record, manage, events, admin, comma-separated "
        "(`record,events`).",
        max_length=64,
        examples=["record", "record,events", "admin"],
    )
    name: str = Field("", max_length=64)
    personas: list[str] | None = Field(
        None,
        max_length=1000,
        description="The personas the token may use (record, manage, events); leave out for "
        "every persona. Admin tokens reach every persona.",
    )


class TokenOut(BaseModel):
    id: str
    name: str
    scope: str
    personas: list[str] | None = None
    created_at: Time | None = None
    revoked_at: Time | None = None


class NewTokenOut(TokenOut):
    token: str = Field(description="The token itself: shown this once, never again.")
