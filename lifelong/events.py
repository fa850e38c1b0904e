"""Typed events: one class per kind, every one a :class:`LifelongEvent`.

What the store records as an event row (a ``kind`` and a JSON ``payload``) reaches subscribers
as an instance of the class named by its kind, so ``isinstance(event, LayerDeployed)`` and
``rt.subscribe(callback, kinds=[LayerDeployed])`` work, and the fields a subscriber reads
(``event.version``, ``event.reason``, ``event.loss`` ...) are typed properties rather than
dictionary keys. ``payload`` still holds everything that was stored.

A kind this version of lifelong does not know (written by a newer one into a shared database)
arrives as a plain :class:`LifelongEvent`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = [
    "EVENT_KINDS",
    "EVENT_TYPES",
    "BudgetExceeded",
    "CanaryPromoted",
    "CanaryStarted",
    "LayerActivated",
    "LayerAutoRolledBack",
    "LayerCorrupted",
    "LayerDeployed",
    "LayerRejected",
    "LayerRolledBack",
    "LayersPruned",
    "LifelongEvent",
    "QualityDropped",
    "ReportWritten",
    "TrainingCompleted",
    "TrainingControlled",
    "TrainingFailed",
    "TrainingProgress",
    "TrainingQueued",
    "TrainingStarted",
    "event_kind",
]


@dataclass(frozen=True, slots=True)
class LifelongEvent:
    """An event as committed (``TrainingProgress`` is delivered but never stored)."""

    kind: str
    ts: float
    persona: str | None = None
    trait: str | None = None
    job_id: str | None = None
    severity: str = "info"
    is_alert: bool = False
    payload: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> LifelongEvent:
        """The typed event for a stored (or published) event row."""
        kind = row["kind"]
        return EVENT_TYPES.get(kind, LifelongEvent)(
            kind=kind, ts=row["ts"], persona=row.get("persona"), trait=row.get("trait"),
            job_id=row.get("job_id", row.get("session_id")), severity=row.get("severity") or "info",
            is_alert=bool(row.get("is_alert")), payload=dict(row.get("payload") or {}),
        )  # fmt: skip

    @property
    def session_id(self) -> str | None:
        """Deprecated: the old name of :attr:`job_id`, kept for one release."""
        return self.job_id

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class _Layer(LifelongEvent):
    __slots__ = ()

    @property
    def version(self) -> int | None:
        """The layer version this event is about."""
        value = self.payload.get("version")
        return int(value) if value is not None else None

    @property
    def by(self) -> str | None:
        return self.payload.get("by")


class TrainingQueued(LifelongEvent):
    __slots__ = ()

    @property
    def reason(self) -> dict[str, Any]:
        """Why the job was queued: ``{"trigger": "threshold" | "age" | ... , ...}``."""
        return dict(self.payload.get("reason") or {})

    @property
    def priority(self) -> str:
        return str(self.payload.get("priority") or "normal")


class TrainingStarted(LifelongEvent):
    __slots__ = ()

    @property
    def method(self) -> str | None:
        """What the job trains: ``sft``, ``dpo``, ``kto`` or ``sft+dpo`` / ``sft+kto``."""
        return self.payload.get("method")

    @property
    def dataset(self) -> dict[str, Any]:
        """The dataset's counts (examples, pairs, ratings, what was dropped)."""
        return dict(self.payload.get("dataset") or {})


class TrainingProgress(LifelongEvent):
    __slots__ = ()

    @property
    def step(self) -> int:
        return int(self.payload.get("step") or 0)

    @property
    def total_steps(self) -> int | None:
        return self.payload.get("total_steps")

    @property
    def loss(self) -> float | None:
        return self.payload.get("loss")


class TrainingCompleted(LifelongEvent):
    __slots__ = ()

    @property
    def provider(self) -> str | None:
        return self.payload.get("provider")

    @property
    def steps(self) -> int | None:
        return self.payload.get("steps")

    @property
    def cost(self) -> float | None:
        return self.payload.get("cost")


class TrainingFailed(LifelongEvent):
    __slots__ = ()

    @property
    def message(self) -> str:
        return str(self.payload.get("message") or "")


class TrainingControlled(LifelongEvent):
    __slots__ = ()

    @property
    def verb(self) -> str | None:
        """pause, resume, stop, skip, cancel or approve."""
        return self.payload.get("verb")


class LayerDeployed(_Layer):
    __slots__ = ()

    @property
    def previous(self) -> int | None:
        """The version that served before (None: the base model)."""
        return self.payload.get("previous")

    @property
    def reason(self) -> str | None:
        """The gate's reason (held-out NLL, win rate, anchor change)."""
        return self.payload.get("reason")


class LayerRejected(_Layer):
    __slots__ = ()

    @property
    def reason(self) -> str | None:
        """Why the gate refused the layer."""
        return self.payload.get("reason")


class LayerActivated(_Layer):
    __slots__ = ()


class LayerRolledBack(LifelongEvent):
    __slots__ = ()

    @property
    def by(self) -> str | None:
        return self.payload.get("by")

    @property
    def from_version(self) -> int | None:
        return self.payload.get("from_version")

    @property
    def to_version(self) -> int | None:
        """The version now serving (None: the base model)."""
        return self.payload.get("to_version")


class _MonitorVerdict(LifelongEvent):
    """An event the post-deploy monitor wrote: why, and the comparison that decided it."""

    __slots__ = ()

    @property
    def reason(self) -> str | None:
        return self.payload.get("reason")

    @property
    def evidence(self) -> dict[str, Any]:
        return dict(self.payload.get("evidence") or {})


class LayerAutoRolledBack(LayerRolledBack, _MonitorVerdict):
    """The post-deploy monitor found a version serving worse than the one before it and rolled
    it back by itself (an alert). ``evidence`` holds the comparison that decided it. With
    ``canary`` true it was a canary: the active pointer never moved, the canary's share of
    conversations went back to the active version (``to_version``).
    """

    __slots__ = ()

    @property
    def canary(self) -> bool:
        return bool(self.payload.get("canary"))


class CanaryStarted(_Layer):
    """A deployed version (``version``) started serving ``fraction`` of the trait's
    conversations beside the active one (``stable``) instead of replacing it.
    """

    __slots__ = ()

    @property
    def fraction(self) -> float:
        return float(self.payload.get("fraction") or 0.0)

    @property
    def stable(self) -> int | None:
        """The active version that keeps serving the other conversations."""
        return self.payload.get("stable")

    @property
    def reason(self) -> str | None:
        """The gate's reason."""
        return self.payload.get("reason")


class CanaryPromoted(_Layer, _MonitorVerdict):
    """The post-deploy monitor found the canary ``version`` not worse than the active one
    (``previous``) and made it the active version. ``evidence`` holds the comparison.
    """

    __slots__ = ()

    @property
    def previous(self) -> int | None:
        return self.payload.get("previous")


class LayerCorrupted(_Layer):
    __slots__ = ()


class LayersPruned(LifelongEvent):
    __slots__ = ()


class QualityDropped(LifelongEvent):
    __slots__ = ()


class BudgetExceeded(LifelongEvent):
    """A job over budget waits for approval. (The event; the exception of the same name is
    :class:`lifelong.errors.BudgetExceeded`.)"""

    __slots__ = ()

    @property
    def message(self) -> str:
        return str(self.payload.get("message") or "")


class ReportWritten(LifelongEvent):
    __slots__ = ()


class MemoryConsolidated(LifelongEvent):
    """A deployed version was asked its trait's memory turns: ``.version``, and in the
    payload ``checked`` and ``consolidated`` (the turns it says on its own, now demoted), or
    ``error`` when it could not be asked (the turns stay active)."""

    __slots__ = ()

    @property
    def version(self) -> int | None:
        value = self.payload.get("version")
        return int(value) if value is not None else None


EVENT_TYPES: dict[str, type[LifelongEvent]] = {
    cls.__name__: cls
    for cls in (
        TrainingQueued, TrainingStarted, TrainingProgress, TrainingCompleted, TrainingFailed,
        TrainingControlled, LayerDeployed, LayerRejected, LayerActivated, LayerRolledBack,
        LayerAutoRolledBack, LayerCorrupted, LayersPruned, QualityDropped, BudgetExceeded,
        ReportWritten, CanaryStarted, CanaryPromoted, MemoryConsolidated,
    )
}  # fmt: skip
EVENT_KINDS = frozenset(EVENT_TYPES)


def event_kind(kind: str | type[LifelongEvent]) -> str:
    """The kind a subscriber names, as a class or its name; ValueError for an unknown one."""
    name = kind.__name__ if isinstance(kind, type) else kind
    if name not in EVENT_KINDS:
        raise ValueError(f"unknown event kind {name!r}; known: {', '.join(sorted(EVENT_KINDS))}")
    return name
