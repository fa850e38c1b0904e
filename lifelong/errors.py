"""The one error hierarchy of lifelong.

Every error names the thing that was wrong and what to do about it. Each class also inherits the
builtin it means, so callers who do not know lifelong can still ``except ValueError``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from lifelong._hints import how

__all__ = [
    "AdapterCacheError",
    "ArtifactCorrupted",
    "ArtifactMissing",
    "BaseModelError",
    "BudgetExceeded",
    "ConfigError",
    "ImportFailed",
    "InvalidName",
    "InvalidRecord",
    "JobRefused",
    "LayerUnloadable",
    "LeaseLost",
    "LifelongError",
    "NotFound",
    "NothingToLearn",
    "PointerMoved",
    "ProviderError",
    "ProviderPermanent",
    "ProviderRetryable",
    "ProviderUnsupported",
    "ProvidersExhausted",
    "RejectedVersion",
    "RuntimeClosed",
    "SchemaVersionError",
    "StorageError",
]


class LifelongError(Exception):
    """Base class of every error lifelong raises on purpose.

    ``http_status`` is what ``lifelong serve`` answers with it, and ``http_type`` the
    ``error.type`` of the body: each class says it once, here, beside what it means.
    """

    http_status: int = 409  # a state the request cannot be applied to
    http_type: str | None = None  # None: the class name


class ConfigError(LifelongError, ValueError):
    """A configuration value is missing or wrong."""

    http_status = 422
    http_type = "invalid"

    def __init__(self, field: str, problem: str, hint: str = "") -> None:
        self.field = field
        self.problem = problem
        message = f"config field {field!r}: {problem}"
        if hint:
            message += f" ({hint})"
        super().__init__(message)


class InvalidName(LifelongError, ValueError):
    """A persona, trait or layer name that could escape a folder or is otherwise unusable."""

    http_status = 422
    http_type = "invalid_name"

    def __init__(self, kind: str, name: object, problem: str) -> None:
        self.kind = kind
        self.name = name
        super().__init__(
            f"invalid {kind} name {name!r}: {problem}; use 1-64 characters from "
            "letters, digits, '-', '_' and '.', starting with a letter or digit"
        )


class InvalidRecord(LifelongError, ValueError):
    """An interaction (from ``record`` or an import line) that cannot be stored.

    ``field`` is a path into the record, such as ``messages[2].role``.
    """

    http_status = 422
    http_type = "invalid"

    def __init__(self, field: str, problem: str, *, line: int | None = None) -> None:
        self.field = field
        self.problem = problem
        self.line = line
        where = f"line {line}: " if line is not None else ""
        super().__init__(f"{where}{field}: {problem}")


class NotFound(LifelongError, LookupError):
    """Something named by the caller does not exist."""

    http_status = 404
    http_type = "not_found"

    def __init__(self, kind: str, key: object, hint: str = "") -> None:
        self.kind = kind
        self.key = key
        message = f"{kind} {key!r} not found"
        if hint:
            message += f"; {hint}"
        super().__init__(message)


class ImportFailed(LifelongError, ValueError):
    """An import that committed nothing because some lines were bad.

    ``report`` is the :class:`~lifelong.persona.importer.ImportReport` listing every problem.
    """

    def __init__(self, path: str, report: object) -> None:
        self.path = path
        self.report = report
        errors = getattr(report, "errors", [])
        super().__init__(
            f"{path}: {len(errors)} invalid line(s), nothing imported "
            "(fix them, or pass --skip-invalid / skip_invalid=True to import the good lines)"
        )


class StorageError(LifelongError, RuntimeError):
    """The store cannot be opened or used."""

    http_status = 503
    http_type = "unavailable"


class SchemaVersionError(StorageError):
    """The database was written by a lifelong version this one does not know."""

    http_status = 503
    http_type = "schema_version"

    def __init__(self, url: str, found: int, known: int) -> None:
        self.found = found
        self.known = known
        super().__init__(
            f"database {url} has schema version {found}, this lifelong knows up to {known}; "
            "upgrade lifelong, or point --home / --db at another database"
        )


class RuntimeClosed(LifelongError, RuntimeError):
    """The runtime (or its recorder) was used after it was closed."""

    http_status = 503
    http_type = "unavailable"

    def __init__(self, what: str = "runtime") -> None:
        super().__init__(f"the {what} is closed; open a new one with Runtime.open(config)")


class BudgetExceeded(LifelongError, RuntimeError):
    """A training job's estimated cost is over its budget and needs approval."""


class ProviderError(LifelongError, RuntimeError):
    """A trainer provider failed. ``retryable`` tells failover whether to try it again.

    ``provider`` names the provider; the message never contains an API key.
    """

    retryable = False

    def __init__(self, provider: str, message: str) -> None:
        self.provider = provider
        super().__init__(f"{provider}: {message}")


class ProviderRetryable(ProviderError):
    """A transient failure (rate limit, server error, timeout): back off and try again."""

    retryable = True


class ProviderPermanent(ProviderError):
    """A failure that retrying will not fix (bad key, invalid dataset, failed job)."""


class ProviderUnsupported(ProviderError):
    """The provider cannot do what was asked (no fine-tuning endpoint, no DPO, no GPU ...)."""


class JobRefused(LifelongError, ValueError):
    """An admin verb that does not apply to a job in its current state."""

    http_status = 409
    http_type = "refused"

    def __init__(self, job_id: str, status: str, verb: str, hint: str) -> None:
        self.job_id = job_id
        self.status = status
        self.verb = verb
        super().__init__(f"job {job_id} is {status}: cannot {verb} it; {hint}")


class LeaseLost(LifelongError, RuntimeError):
    """A worker tried to change a job it no longer holds (its lease ran out and another worker
    or an admin took the job over). The change was refused; the worker must drop the job.
    """

    def __init__(self, job_id: str, owner: str, status: str | None, holder: str | None) -> None:
        self.job_id = job_id
        self.owner = owner
        self.status = status
        self.holder = holder
        now = f"it is {status}" + (f", held by {holder}" if holder else "")
        super().__init__(f"job {job_id} is no longer held by worker {owner} ({now})")


class PointerMoved(LifelongError, RuntimeError):
    """The active pointer of (persona, trait) is no longer at the layer a change was judged
    on (someone deployed, activated or rolled back meanwhile): the change was not made.
    """

    def __init__(self, persona: str, trait: str, expected: str | None, found: str | None) -> None:
        self.persona, self.trait = persona, trait
        super().__init__(
            f"{persona}/{trait} moved from layer {expected} to {found or 'the base model'} "
            "before this change; nothing was changed"
        )


class RejectedVersion(LifelongError, RuntimeError):
    """A version the auto-test rejected was asked to serve without ``force`` and a reason:
    the pointer did not move.
    """

    def __init__(
        self, row: Mapping[str, Any], gate_reason: str, *, forced_without_reason: bool = False
    ) -> None:
        self.persona, self.trait, self.version = row["persona"], row["trait"], row["version"]
        self.gate_reason = gate_reason
        ask = (
            "forcing it needs a reason too (why it should serve anyway)"
            if forced_without_reason
            else "to serve it anyway, activate it with force and a reason"
        )
        super().__init__(
            f"{self.persona}/{self.trait} v{self.version} was rejected by the auto-test "
            f"({gate_reason}); nothing changed: {ask}"
        )


class NothingToLearn(ProviderPermanent):
    """A job's dataset is empty, or too small to train a layer and judge it (``reason``
    follows "has": "nothing to learn from yet"). The job fails before any training; this is
    not an operational alert.
    """

    def __init__(self, persona: str, trait: str, reason: str = "nothing to learn from yet") -> None:
        super().__init__("dataset", f"{persona}/{trait} has {reason}")


class LayerUnloadable(LifelongError, RuntimeError):
    """A version asked for by number whose artifact is corrupt or missing (and has no good
    backup): the pointer did not move.
    """

    def __init__(self, row: Mapping[str, Any], cause: Exception, others: list[int]) -> None:
        self.persona, self.trait, self.version = row["persona"], row["trait"], row["version"]
        self.cause = cause
        where = f"{self.persona} {self.trait}"
        choices = f" (other versions: {', '.join(f'v{v}' for v in sorted(others, reverse=True))})"
        super().__init__(
            f"{self.persona}/{self.trait} v{self.version} cannot be activated: {cause}. "
            f"Pick another version with `lifelong layers rollback {where} --to N`"
            f"{choices if others else ''}, or run `lifelong layers rollback {where}` without "
            "--to to go back to the newest older version that loads (the base model when "
            "none does)"
        )


class BaseModelError(LifelongError, ValueError):
    """A base model that cannot be found or used."""


class ArtifactCorrupted(LifelongError):
    """An artifact's bytes no longer match the sha256 it was stored under."""

    def __init__(self, sha256: str, path: Path, found: str) -> None:
        self.sha256 = sha256
        super().__init__(
            f"adapter artifact {path} is corrupted: expected sha256 {sha256[:16]}..., found "
            f"{found[:16]}...; it will not be loaded: {how('roll back')}, or restore the "
            "folder from its backup"
        )


class ArtifactMissing(LifelongError, FileNotFoundError):
    """An artifact a layer points at is neither stored nor backed up."""


class AdapterCacheError(LifelongError, RuntimeError):
    """A layer that cannot be loaded or activated; the message says what to do."""


class ProvidersExhausted(LifelongError, RuntimeError):
    """No provider in the chain could train the job; ``decisions`` (the chain's
    :class:`~lifelong.adapters.failover.Decision` objects) say why for each.
    """

    def __init__(self, decisions: Sequence[Any]) -> None:
        self.decisions = list(decisions)
        reasons = "; ".join(
            f"{d.provider}: {d.message}" for d in decisions if d.action in ("next", "over_budget")
        )
        super().__init__(f"every trainer provider failed ({reasons})")
