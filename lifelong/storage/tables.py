"""The schema: every table the loop needs, declared once.

Timestamps are UTC epoch seconds (float) so that SQLite and PostgreSQL store, compare and sort
them identically. Ids that callers see are time-ordered UUID strings made in Python (see
:func:`lifelong.storage.ids.new_id`), so a row's id is known before it is written and batched
inserts need no RETURNING.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# SQLite only auto-increments a column declared exactly INTEGER PRIMARY KEY.
AutoId = BigInteger().with_variant(Integer(), "sqlite")
Json = JSON(none_as_null=True)


class Base(DeclarativeBase):
    pass


def table_of(model: type[Base]) -> Table:
    """A model's ``Table``, typed as one (type checkers see ``Model.__table__`` as a
    ``FromClause``, which ``insert`` / ``update`` do not take).
    """
    return model.__table__  # type: ignore[return-value]


class SchemaVersion(Base):
    """One row: the schema version that wrote this database."""

    __tablename__ = "schema_version"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    created_at: Mapped[float] = mapped_column(Float, nullable=False)


class Persona(Base):
    __tablename__ = "personas"
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    profile: Mapped[dict[str, Any]] = mapped_column(Json, nullable=False, default=dict)
    # Memory on (true) or off (false) for this persona; null: the configured default.
    memory: Mapped[bool | None] = mapped_column(Boolean)
    created_at: Mapped[float] = mapped_column(Float, nullable=False)
    updated_at: Mapped[float] = mapped_column(Float, nullable=False)


class Trait(Base):
    __tablename__ = "traits"
    persona: Mapped[str] = mapped_column(
        String(64), ForeignKey("personas.name", ondelete="CASCADE"), primary_key=True
    )
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    created_at: Mapped[float] = mapped_column(Float, nullable=False)
    updated_at: Mapped[float] = mapped_column(Float, nullable=False)


class Interaction(Base):
    """One recorded or imported conversation turn (the messages up to the persona's reply)."""

    __tablename__ = "interactions"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    persona: Mapped[str] = mapped_column(
        String(64), ForeignKey("personas.name", ondelete="CASCADE"), nullable=False
    )
    # The trait it belongs to: named by the caller, or set later by trait routing.
    trait: Mapped[str | None] = mapped_column(String(64))
    trait_source: Mapped[str | None] = mapped_column(String(16))  # caller | routed | import
    messages: Mapped[list[dict[str, Any]]] = mapped_column(Json, nullable=False)
    meta: Mapped[dict[str, Any] | None] = mapped_column("metadata", Json)
    # metadata["conversation_id"], kept as a column so the scorer can find the next turn.
    conversation_id: Mapped[str | None] = mapped_column(String(128))
    content_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    # Set only for imported rows: unique per persona, so importing a file twice adds nothing.
    dedupe_key: Mapped[str | None] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(16), nullable=False)  # record | import
    import_id: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[float] = mapped_column(Float, nullable=False)

    # Filled by the scoring worker, never by record().
    quality: Mapped[float | None] = mapped_column(Float)
    quality_components: Mapped[dict[str, Any] | None] = mapped_column(Json)
    scored_at: Mapped[float | None] = mapped_column(Float)

    # Learning bookkeeping: marked used only when the session's layer is deployed.
    used: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    used_by_job: Mapped[str | None] = mapped_column(String(36))

    feedback_rating: Mapped[float | None] = mapped_column(Float)
    feedback_correction: Mapped[str | None] = mapped_column(Text)
    feedback_at: Mapped[float | None] = mapped_column(Float)
    # The generation that produced the reply (``generate``'s id), when the caller passed it:
    # what attributes a turn's quality to the layer versions that answered.
    generation_id: Mapped[str | None] = mapped_column(String(36))

    __table_args__ = (
        UniqueConstraint("persona", "dedupe_key", name="uq_interactions_dedupe"),
        Index("ix_interactions_persona_created", "persona", "created_at"),
        Index("ix_interactions_unscored", "scored_at"),
        Index("ix_interactions_learning", "persona", "trait", "used"),
        Index("ix_interactions_conversation", "persona", "conversation_id", "created_at"),
        Index("ix_interactions_generation", "generation_id"),
    )


class TraitProfile(Base):
    """What a (persona, trait) has been asked: the mean MiniLM vector of the user prompts of its
    interactions (labelled by the caller, or routed with confidence), which routing compares a
    new question against. Kept up to date by the scoring worker.
    """

    __tablename__ = "trait_profiles"
    persona: Mapped[str] = mapped_column(
        String(64), ForeignKey("personas.name", ondelete="CASCADE"), primary_key=True
    )
    trait: Mapped[str] = mapped_column(String(64), primary_key=True)
    # The running mean of unit prompt vectors, as a list of floats (not itself unit length).
    centroid: Mapped[list[float]] = mapped_column(Json, nullable=False)
    count: Mapped[int] = mapped_column(Integer, nullable=False)
    updated_at: Mapped[float] = mapped_column(Float, nullable=False)
    # A uniform sample of the prompts' unit vectors themselves (float16, row after row; at
    # most EXEMPLARS of them): routing asks which prompt a question is nearest, which a mean
    # cannot tell when a trait is asked about several things.
    exemplars: Mapped[bytes | None] = mapped_column(LargeBinary)
    # How many prompts the sample was drawn from (the count of a profile from before
    # exemplars includes prompts the sample never saw).
    exemplars_seen: Mapped[int | None] = mapped_column(Integer)


class Import(Base):
    """One import of a JSONL file; its lines are staged, then committed in one statement."""

    __tablename__ = "imports"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    persona: Mapped[str] = mapped_column(String(64), nullable=False)
    source: Mapped[str] = mapped_column(Text, nullable=False)
    status: Mapped[str] = mapped_column(String(16), nullable=False)  # staging|committed|failed
    counts: Mapped[dict[str, Any] | None] = mapped_column(Json)
    created_at: Mapped[float] = mapped_column(Float, nullable=False)
    updated_at: Mapped[float] = mapped_column(Float, nullable=False)


class ImportStaging(Base):
    """Validated lines of an import that is not committed yet (invisible to everything else)."""

    __tablename__ = "import_staging"
    import_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("imports.id", ondelete="CASCADE"), primary_key=True
    )
    line: Mapped[int] = mapped_column(Integer, primary_key=True)
    id: Mapped[str] = mapped_column(String(36), nullable=False)
    persona: Mapped[str] = mapped_column(String(64), nullable=False)
    trait: Mapped[str | None] = mapped_column(String(64))
    messages: Mapped[list[dict[str, Any]]] = mapped_column(Json, nullable=False)
    meta: Mapped[dict[str, Any] | None] = mapped_column("metadata", Json)
    conversation_id: Mapped[str | None] = mapped_column(String(128))
    content_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    created_at: Mapped[float] = mapped_column(Float, nullable=False)


class TrainingSession(Base):
    """A training job: queued by a trigger or a person, run by a worker, ending in a layer."""

    __tablename__ = "training_sessions"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    persona: Mapped[str] = mapped_column(String(64), nullable=False)
    trait: Mapped[str] = mapped_column(String(64), nullable=False)
    status: Mapped[str] = mapped_column(String(24), nullable=False)
    # "persona/trait" while the job is open (queued, running, paused, needs_approval), NULL
    # once it ends: the unique constraint makes "one open job per trait" hold across processes.
    open_slot: Mapped[str | None] = mapped_column(String(130), unique=True)
    priority: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    reason: Mapped[dict[str, Any] | None] = mapped_column(Json)
    provider: Mapped[str | None] = mapped_column(String(64))
    params: Mapped[dict[str, Any] | None] = mapped_column(Json)
    dataset_hash: Mapped[str | None] = mapped_column(String(64))
    estimate: Mapped[dict[str, Any] | None] = mapped_column(Json)
    cost: Mapped[float | None] = mapped_column(Float)
    decisions: Mapped[list[dict[str, Any]] | None] = mapped_column(Json)
    error: Mapped[str | None] = mapped_column(Text)
    lease_owner: Mapped[str | None] = mapped_column(String(64))
    lease_expires_at: Mapped[float | None] = mapped_column(Float)
    heartbeat_at: Mapped[float | None] = mapped_column(Float)
    # An admin's request to a running job (pause, stop, skip, cancel); the worker acts on it at
    # the next step boundary and clears it.
    control: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[float] = mapped_column(Float, nullable=False)
    started_at: Mapped[float | None] = mapped_column(Float)
    finished_at: Mapped[float | None] = mapped_column(Float)

    __table_args__ = (
        Index("ix_sessions_queue", "status", "priority", "created_at"),
        Index("ix_sessions_trait", "persona", "trait", "status"),
    )


class Metric(Base):
    """A time series point: training loss per step, quality means, cache statistics."""

    __tablename__ = "metrics"
    id: Mapped[int] = mapped_column(AutoId, primary_key=True, autoincrement=True)
    ts: Mapped[float] = mapped_column(Float, nullable=False)
    name: Mapped[str] = mapped_column(String(64), nullable=False)
    value: Mapped[float] = mapped_column(Float, nullable=False)
    step: Mapped[int | None] = mapped_column(Integer)
    job_id: Mapped[str | None] = mapped_column(String(36))
    persona: Mapped[str | None] = mapped_column(String(64))
    trait: Mapped[str | None] = mapped_column(String(64))
    __table_args__ = (
        Index("ix_metrics_job", "job_id", "name", "step"),
        Index("ix_metrics_persona", "persona", "name", "ts"),
    )


class LogEntry(Base):
    __tablename__ = "logs"
    id: Mapped[int] = mapped_column(AutoId, primary_key=True, autoincrement=True)
    ts: Mapped[float] = mapped_column(Float, nullable=False)
    level: Mapped[str] = mapped_column(String(12), nullable=False)
    source: Mapped[str] = mapped_column(String(64), nullable=False)
    message: Mapped[str] = mapped_column(Text, nullable=False)
    job_id: Mapped[str | None] = mapped_column(String(36))
    persona: Mapped[str | None] = mapped_column(String(64))
    data: Mapped[dict[str, Any] | None] = mapped_column(Json)
    __table_args__ = (Index("ix_logs_job", "job_id", "ts"),)


class GenomeLayer(Base):
    """An immutable version vN of a (persona, trait) layer."""

    __tablename__ = "genome_layers"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    persona: Mapped[str] = mapped_column(String(64), nullable=False)
    trait: Mapped[str] = mapped_column(String(64), nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    kind: Mapped[str] = mapped_column(String(16), nullable=False)  # local | remote | merged
    artifact_sha256: Mapped[str | None] = mapped_column(String(64))
    artifact_bytes: Mapped[int | None] = mapped_column(BigInteger)
    remote_model: Mapped[str | None] = mapped_column(Text)
    provider: Mapped[str | None] = mapped_column(String(64))
    manifest: Mapped[dict[str, Any]] = mapped_column(Json, nullable=False)
    parent_version: Mapped[int | None] = mapped_column(Integer)
    job_id: Mapped[str | None] = mapped_column(String(36))
    evaluation: Mapped[dict[str, Any] | None] = mapped_column(Json)
    status: Mapped[str] = mapped_column(String(16), nullable=False)  # candidate|deployed|rejected
    pinned: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    created_at: Mapped[float] = mapped_column(Float, nullable=False)
    created_by: Mapped[str | None] = mapped_column(String(64))
    last_used_at: Mapped[float | None] = mapped_column(Float)
    # The post-deploy monitor's last verdict with its evidence (its own column: ``status`` is
    # rewritten by activation and pruning). ``{"verdict": "worse", ...}`` means it was rolled
    # back by the runtime and is never activated automatically again.
    monitor: Mapped[dict[str, Any] | None] = mapped_column(Json)
    __table_args__ = (UniqueConstraint("persona", "trait", "version", name="uq_layer_version"),)


class Generation(Base):
    """One ``generate`` call: who answered (base model, remote model, merged snapshot)."""

    __tablename__ = "generations"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    persona: Mapped[str] = mapped_column(String(64), nullable=False)
    created_at: Mapped[float] = mapped_column(Float, nullable=False)
    base_model: Mapped[str | None] = mapped_column(Text)
    remote_model: Mapped[str | None] = mapped_column(Text)
    layers: Mapped[dict[str, Any]] = mapped_column(Json, nullable=False)  # trait -> version
    __table_args__ = (
        Index("ix_generations_persona", "persona", "created_at"),
        Index("ix_generations_created", "created_at"),  # the retention sweep
    )


class GenerationLayer(Base):
    """A layer version that took part in a generation: one row per (generation, layer), so
    the quality a version served is one join away.
    """

    __tablename__ = "generation_layers"
    generation_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    layer_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    persona: Mapped[str] = mapped_column(String(64), nullable=False)
    trait: Mapped[str] = mapped_column(String(64), nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    __table_args__ = (Index("ix_generation_layers_layer", "layer_id"),)


class ActiveLayer(Base):
    """The pointer: which version of a (persona, trait) is served. Changing it is one UPDATE."""

    __tablename__ = "genome_active"
    persona: Mapped[str] = mapped_column(String(64), primary_key=True)
    trait: Mapped[str] = mapped_column(String(64), primary_key=True)
    layer_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("genome_layers.id"), nullable=False
    )
    activated_at: Mapped[float] = mapped_column(Float, nullable=False)
    activated_by: Mapped[str] = mapped_column(String(64), nullable=False)
    baseline_quality: Mapped[float | None] = mapped_column(Float)


class CanaryLayer(Base):
    """A deployed version serving a share of a (persona, trait)'s conversations next to the
    active one, until the post-deploy monitor promotes it or rolls it back. At most one per
    (persona, trait); starting, promoting and ending it are single-row changes.
    """

    __tablename__ = "genome_canary"
    persona: Mapped[str] = mapped_column(String(64), primary_key=True)
    trait: Mapped[str] = mapped_column(String(64), primary_key=True)
    layer_id: Mapped[str] = mapped_column(
        String(36), ForeignKey("genome_layers.id"), nullable=False
    )
    fraction: Mapped[float] = mapped_column(Float, nullable=False)
    started_at: Mapped[float] = mapped_column(Float, nullable=False)
    started_by: Mapped[str] = mapped_column(String(64), nullable=False)


class Event(Base):
    """What happened, for subscribers, alerts and reports."""

    __tablename__ = "events"
    id: Mapped[int] = mapped_column(AutoId, primary_key=True, autoincrement=True)
    ts: Mapped[float] = mapped_column(Float, nullable=False)
    kind: Mapped[str] = mapped_column(String(48), nullable=False)
    severity: Mapped[str] = mapped_column(String(12), nullable=False, default="info")
    is_alert: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    persona: Mapped[str | None] = mapped_column(String(64))
    trait: Mapped[str | None] = mapped_column(String(64))
    job_id: Mapped[str | None] = mapped_column(String(36))
    payload: Mapped[dict[str, Any] | None] = mapped_column(Json)
    acknowledged: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    __table_args__ = (Index("ix_events_persona", "persona", "ts"),)


class Lease(Base):
    """A named lease one process holds at a time (the schedule leader): taken over by another
    process once ``expires_at`` passes without a renewal.
    """

    __tablename__ = "leases"
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    owner: Mapped[str] = mapped_column(String(128), nullable=False)
    expires_at: Mapped[float] = mapped_column(Float, nullable=False)
    acquired_at: Mapped[float] = mapped_column(Float, nullable=False)


class ApiToken(Base):
    """A bearer token of the HTTP service (``lifelong tokens create``): only its sha256 is
    stored; the token itself is printed once. ``scope`` is its rights, comma-separated
    (``record``, ``record,events``, ``admin``: see ``lifelong.runtime.tokens.SCOPES``);
    ``personas`` the personas it is limited to (null: every persona).
    """

    __tablename__ = "api_tokens"
    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(64), nullable=False)
    scope: Mapped[str] = mapped_column(String(64), nullable=False)
    personas: Mapped[list[str] | None] = mapped_column(Json)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    created_at: Mapped[float] = mapped_column(Float, nullable=False)
    revoked_at: Mapped[float | None] = mapped_column(Float)


class MemoryTurn(Base):
    """A recorded turn a persona may be reminded of when it answers (``learning.memory``):
    what training would use of it (the prompt, and the reply or its correction, scrubbed),
    the unit vector of its prompt, and its state.

    ``state`` is ``active`` (retrievable), ``consolidated`` (a deployed layer ``layer_id``
    reproduces it on its own: demoted, still retrievable behind active turns unless
    ``memory.retrieve_consolidated`` is off, first evicted at the budget, active again after
    a rollback past the layer) or ``removed`` (rated bad,
    led to corrections, evicted or removed by an admin; ``reason`` says which). The id is
    the interaction's.
    """

    __tablename__ = "memories"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    persona: Mapped[str] = mapped_column(String(64), nullable=False)
    trait: Mapped[str] = mapped_column(String(64), nullable=False)
    conversation_id: Mapped[str | None] = mapped_column(String(128))
    prompt: Mapped[str] = mapped_column(Text, nullable=False)
    reply: Mapped[str] = mapped_column(Text, nullable=False)
    vector: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)  # float32, unit length
    quality: Mapped[float] = mapped_column(Float, nullable=False)
    state: Mapped[str] = mapped_column(String(16), nullable=False)
    reason: Mapped[str | None] = mapped_column(String(300))
    pinned: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    layer_id: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[float] = mapped_column(Float, nullable=False)
    updated_at: Mapped[float] = mapped_column(Float, nullable=False)
    last_used_at: Mapped[float | None] = mapped_column(Float)
    __table_args__ = (
        # What a process's memory index reads to catch up: a persona's rows changed since.
        Index("ix_memories_persona_updated", "persona", "updated_at"),
        Index("ix_memories_layer", "layer_id"),
    )


class GenerationMemory(Base):
    """A memory turn that was put into a generation's prompt: one row per (generation, turn),
    so the replies it took part in (and their feedback) are one join away.
    """

    __tablename__ = "generation_memory"
    generation_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    memory_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    persona: Mapped[str] = mapped_column(String(64), nullable=False)
    __table_args__ = (Index("ix_generation_memory_memory", "memory_id"),)


class ChatPrefix(Base):
    """What the OpenAI-compatible gateway knows of a conversation it answered, by the hash of
    its messages (chat UIs resend the whole history each turn): ``asked`` rows are a history
    ending with the user's message and the turn that answered it (a request with the same
    history again is a regenerate); ``answered`` rows are that history with the reply (a
    request extending it continues the conversation).
    """

    __tablename__ = "chat_prefixes"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), nullable=False)  # asked | answered
    persona: Mapped[str] = mapped_column(String(64), nullable=False)
    conversation_id: Mapped[str] = mapped_column(String(128), nullable=False)
    interaction_id: Mapped[str | None] = mapped_column(String(36))
    generation_id: Mapped[str | None] = mapped_column(String(36))
    idempotency_key: Mapped[str | None] = mapped_column(String(128))
    # An answered history: the key of the first question asked after it (another one asked
    # after it later is an earlier turn edited: a branch).
    next_key: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[float] = mapped_column(Float, nullable=False)
    __table_args__ = (Index("ix_chat_prefixes_created", "created_at"),)
