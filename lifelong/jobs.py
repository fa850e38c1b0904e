"""Training jobs: what a job is (:class:`Job`), the statuses it moves through, and the one
state machine every change of a job goes through, as data that needs no database.

A job's changes come from two directions:

- **Worker transitions** (claim, start, progress, trained, needs approval, release, finish,
  deploy) are made by the worker that holds the job's lease, and are *fenced*: the SQL repo
  (:mod:`lifelong.storage.repos.jobs`) names the owner and the statuses of :data:`WORKER` the
  job may be left from in the same transaction as everything else the step writes. A worker
  whose lease ran out and was taken over (or whose job an admin ended) changes nothing and
  gets :class:`~lifelong.errors.LeaseLost`. An expired lease cannot be renewed, so a worker
  that wakes from a stall cannot win its job back.
- **Admin verbs** (pause, resume, stop, skip, cancel, approve) act at once on a job no live
  worker holds, including one whose worker died (its lease expired), and wait in ``control``
  for a live holder, which acts at its next step boundary. If that holder dies first, the
  next claim applies the waiting verb instead of running the job.

Both directions are tables below (:data:`ADMIN`, :data:`ADMIN_HELD`, :data:`WORKER`): a pair
that is not in a table is refused (:func:`admin_effect`). :func:`effect_values` says which
columns an effect sets. This module is on the ground floor: storage, the runtime and the
fronts (CLI, HTTP) all read it, and it imports none of them.
"""

from __future__ import annotations

import dataclasses
from enum import StrEnum
from typing import Any

from lifelong._hints import how
from lifelong.errors import JobRefused

__all__ = [
    "ADMIN",
    "ADMIN_HELD",
    "ENDED",
    "HELD",
    "OPEN",
    "PRIORITIES",
    "PRIORITY_NAMES",
    "WORKER",
    "WORKER_EFFECT",
    "Effect",
    "Job",
    "JobStatus",
    "Step",
    "Verb",
    "admin_effect",
    "effect_values",
    "refusal_hint",
]

PRIORITIES = {"high": 0, "normal": 1, "low": 2}
PRIORITY_NAMES = {number: name for name, number in PRIORITIES.items()}


class JobStatus(StrEnum):
    QUEUED = "queued"  # waiting for a worker
    RUNNING = "running"  # a worker holds it and trains
    TRAINED = "trained"  # a worker holds it; the layer exists and is being tested
    PAUSED = "paused"  # an admin paused it; keeps its slot, data claims and checkpoints
    NEEDS_APPROVAL = "needs_approval"  # over budget (or no known price): waits for approve
    DEPLOYED = "deployed"  # ended: its layer passed the gate and serves
    REJECTED = "rejected"  # ended: its layer was stored but failed the gate
    FAILED = "failed"  # ended: an error
    STOPPED = "stopped"  # ended by an admin; checkpoints kept
    CANCELLED = "cancelled"  # ended by an admin; checkpoints deleted


S = JobStatus
HELD = frozenset({S.RUNNING, S.TRAINED})  # a worker holds the lease
OPEN = frozenset({S.QUEUED, S.RUNNING, S.TRAINED, S.PAUSED, S.NEEDS_APPROVAL})  # holds the slot
ENDED = frozenset(set(JobStatus) - OPEN)


class Verb(StrEnum):
    """What an admin can ask of a job."""

    PAUSE = "pause"
    RESUME = "resume"
    STOP = "stop"
    SKIP = "skip"
    CANCEL = "cancel"
    APPROVE = "approve"


class Effect(StrEnum):
    """What a transition does to the row (see :func:`effect_values`)."""

    PAUSE = "paused"  # -> paused
    QUEUE = "queued"  # -> queued, where it stood in the queue
    BACK = "back of the queue"  # -> queued behind every other job, priority low
    STOP = "stopped"  # ends as stopped
    CANCEL = "cancelled"  # ends as cancelled
    APPROVE = "approved"  # may go over budget; stays where it is
    APPROVE_QUEUE = "approved and queued"  # may go over budget; queued again
    DEFER = "requested"  # left in ``control`` for the live holder
    FAIL = "failed"  # ends as failed (worker only)
    NEEDS_APPROVAL = "needs approval"  # waits for an admin (worker only)


V, E = Verb, Effect

# An admin verb on a job no live worker holds: (status, verb) -> effect. A running or trained
# job lands here when its worker died (lease expired): the verb acts now, so a cancel sent to
# an orphan is never dropped and no later worker trains (or pays for) it.
ADMIN: dict[tuple[JobStatus, Verb], Effect] = {
    (S.QUEUED, V.PAUSE): E.PAUSE,
    (S.QUEUED, V.SKIP): E.BACK,
    (S.QUEUED, V.STOP): E.STOP,
    (S.QUEUED, V.CANCEL): E.CANCEL,
    (S.QUEUED, V.APPROVE): E.APPROVE,
    (S.PAUSED, V.RESUME): E.QUEUE,
    (S.PAUSED, V.SKIP): E.BACK,
    (S.PAUSED, V.STOP): E.STOP,
    (S.PAUSED, V.CANCEL): E.CANCEL,
    (S.PAUSED, V.APPROVE): E.APPROVE,
    (S.NEEDS_APPROVAL, V.APPROVE): E.APPROVE_QUEUE,
    (S.NEEDS_APPROVAL, V.PAUSE): E.PAUSE,
    (S.NEEDS_APPROVAL, V.STOP): E.STOP,
    (S.NEEDS_APPROVAL, V.CANCEL): E.CANCEL,
    **{
        (status, verb): effect
        for status in HELD
        for verb, effect in (
            (V.PAUSE, E.PAUSE),
            (V.SKIP, E.BACK),
            (V.STOP, E.STOP),
            (V.CANCEL, E.CANCEL),
            (V.APPROVE, E.APPROVE),
        )
    },
}

# An admin verb on a job a live worker holds: the worker stops at its next step boundary (with
# a checkpoint) and applies it through WORKER. Approval needs no stop.
ADMIN_HELD: dict[tuple[JobStatus, Verb], Effect] = {
    **{(status, verb): E.DEFER for status in HELD for verb in (V.PAUSE, V.SKIP, V.STOP, V.CANCEL)},
    **{(status, V.APPROVE): E.APPROVE for status in HELD},
}


class Step(StrEnum):
    """What a worker does to the job it holds."""

    HEARTBEAT = "heartbeat"
    START = "start"
    PROGRESS = "progress"
    DECISION = "decision"
    TRAINED = "trained"
    NEEDS_APPROVAL = "needs_approval"
    REQUEUE = "requeue"
    PAUSE = "pause"
    SKIP = "skip"
    STOP = "stop"
    CANCEL = "cancel"
    FAIL = "fail"
    DEPLOY = "deploy"
    REJECT = "reject"


# A worker's step: the statuses it may be taken from (always with the lease held) and the
# status it leaves (None: unchanged). Deploy / reject run inside GenomeRepo.add_version.
WORKER: dict[Step, tuple[frozenset[JobStatus], JobStatus | None]] = {
    Step.HEARTBEAT: (HELD, None),
    Step.START: (frozenset({S.RUNNING}), S.RUNNING),
    Step.PROGRESS: (frozenset({S.RUNNING}), None),
    Step.DECISION: (frozenset({S.RUNNING}), None),
    Step.TRAINED: (frozenset({S.RUNNING}), S.TRAINED),
    Step.NEEDS_APPROVAL: (frozenset({S.RUNNING}), S.NEEDS_APPROVAL),
    Step.REQUEUE: (HELD, S.QUEUED),
    Step.PAUSE: (HELD, S.PAUSED),
    Step.SKIP: (HELD, S.QUEUED),
    Step.STOP: (HELD, S.STOPPED),
    Step.CANCEL: (HELD, S.CANCELLED),
    Step.FAIL: (HELD, S.FAILED),
    Step.DEPLOY: (HELD, S.DEPLOYED),
    Step.REJECT: (HELD, S.REJECTED),
}


@dataclasses.dataclass(frozen=True, slots=True)
class Job:
    """One training job (a ``training_sessions`` row), as read."""

    id: str
    persona: str
    trait: str
    status: JobStatus
    priority: int
    created_at: float
    reason: dict[str, Any] = dataclasses.field(default_factory=dict)
    params: dict[str, Any] = dataclasses.field(default_factory=dict)
    provider: str | None = None
    dataset_hash: str | None = None
    estimate: dict[str, Any] | None = None
    cost: float | None = None
    decisions: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    error: str | None = None
    lease_owner: str | None = None
    lease_expires_at: float | None = None
    heartbeat_at: float | None = None
    control: str | None = None
    started_at: float | None = None
    finished_at: float | None = None

    @classmethod
    def from_row(cls, row: Any) -> Job:
        data = dict(row._mapping) if hasattr(row, "_mapping") else dict(row)
        data.pop("open_slot", None)
        data["status"] = JobStatus(data["status"])
        for key, empty in (("reason", {}), ("params", {}), ("decisions", [])):
            data[key] = data.get(key) or empty
        return cls(**{f.name: data.get(f.name) for f in dataclasses.fields(cls)})  # type: ignore[arg-type]

    @property
    def priority_name(self) -> str:
        return PRIORITY_NAMES.get(self.priority, str(self.priority))

    @property
    def approved(self) -> bool:
        return bool(self.params.get("approved"))

    @property
    def trained_result(self) -> dict[str, Any] | None:
        """What training produced, kept so a restart before deploy does not train again."""
        return self.params.get("result")

    @property
    def ended(self) -> bool:
        return self.status in ENDED

    def held(self, now: float) -> bool:
        """A live worker holds the job (its lease has not run out)."""
        return (
            self.status in HELD
            and self.lease_owner is not None
            and self.lease_expires_at is not None
            and self.lease_expires_at >= now
        )

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready, with the priority's name."""
        data = dataclasses.asdict(self)
        data["status"] = str(self.status)
        data["priority"] = self.priority_name
        return data


def refusal_hint(status: JobStatus, verb: Verb) -> str:
    """What to do instead, for an admin verb the job's status does not take."""
    if status in ENDED:
        return f"it has ended; {how('queue training')}"
    if verb is V.RESUME:
        return "only a paused job resumes"
    if status is S.NEEDS_APPROVAL:
        return how("approve job")
    return f"a {status} job cannot be {verb}d"


def admin_effect(job: Job, verb: Verb | str, now: float) -> Effect:
    """What admin ``verb`` does to ``job`` at time ``now``: read from :data:`ADMIN_HELD` when
    a live worker holds it, else :data:`ADMIN`. Raises :class:`~lifelong.errors.JobRefused`
    for a pair that is in neither.
    """
    verb = Verb(verb)
    table = ADMIN_HELD if job.held(now) else ADMIN
    effect = table.get((job.status, verb))
    if effect is None:
        raise JobRefused(job.id, job.status, verb, refusal_hint(job.status, verb))
    return effect


# The effect of a worker giving its job back or ending it (release / finish / needs approval).
WORKER_EFFECT: dict[Step, Effect] = {
    Step.REQUEUE: E.QUEUE,
    Step.PAUSE: E.PAUSE,
    Step.SKIP: E.BACK,
    Step.STOP: E.STOP,
    Step.CANCEL: E.CANCEL,
    Step.FAIL: E.FAIL,
    Step.NEEDS_APPROVAL: E.NEEDS_APPROVAL,
}


def effect_values(
    effect: Effect, now: float, *, verb: Verb | None, params: dict[str, Any] | None
) -> dict[str, Any]:
    """The columns an effect sets. Every effect but DEFER and APPROVE lets go of the lease;
    the ending ones free the job's slot (``open_slot``) and stamp ``finished_at``.
    """
    unheld = {"lease_owner": None, "lease_expires_at": None, "control": None}
    ended = {**unheld, "open_slot": None, "finished_at": now}
    approved = {"params": {**(params or {}), "approved": True}}
    if effect is E.DEFER:
        assert verb is not None
        return {"control": str(verb)}
    if effect is E.APPROVE:
        return approved
    effects: dict[Any, dict[str, Any]] = {
        E.PAUSE: {**unheld, "status": S.PAUSED},
        E.QUEUE: {**unheld, "status": S.QUEUED, "error": None},
        E.BACK: {**unheld, "status": S.QUEUED, "created_at": now, "priority": PRIORITIES["low"]},
        E.APPROVE_QUEUE: {**unheld, **approved, "status": S.QUEUED, "error": None},
        E.NEEDS_APPROVAL: {**unheld, "status": S.NEEDS_APPROVAL},
        E.STOP: {**ended, "status": S.STOPPED, "error": f"{verb or 'stop'} requested"},
        E.CANCEL: {**ended, "status": S.CANCELLED, "error": f"{verb or 'cancel'} requested"},
        E.FAIL: {**ended, "status": S.FAILED},
    }
    return effects[effect]
