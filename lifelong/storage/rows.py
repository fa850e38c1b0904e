"""The rows the genome's repository hands to the floors above, typed.

A layer version travels from the database to the store, the server, the monitor, the CLI and
HTTP as a mapping (each reader takes the keys it needs, and JSON encodes it as it is); these
``TypedDict`` s say which keys it has, so a type checker catches a misspelt key or a missing
one at every reader, with no copy made at the boundary.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NotRequired, TypedDict

__all__ = ["CanaryVersion", "LayerRow", "LayerVersion"]


class LayerVersion(TypedDict):
    """One version of a (persona, trait) layer (``genome_layers``). The content (artifact,
    manifest, evaluation, parent) never changes after it is stored; the bookkeeping
    (``status``, ``pinned``, ``last_used_at``, ``monitor``) does.
    """

    id: str
    persona: str
    trait: str
    version: int
    kind: str  # local | remote | merged
    artifact_sha256: str | None
    artifact_bytes: int | None
    remote_model: str | None
    provider: str | None
    manifest: dict[str, Any]
    parent_version: int | None
    job_id: str | None
    evaluation: dict[str, Any] | None
    status: str  # candidate | deployed | rejected | pruned
    pinned: bool
    created_at: float
    created_by: str | None
    last_used_at: float | None
    monitor: dict[str, Any] | None
    # Set where the query joins the pointers: a persona's versions (``active``, ``canary``,
    # ``canary_fraction``), the active layers (``activated_at``, ``activated_by``,
    # ``baseline_quality``).
    active: NotRequired[bool]
    canary: NotRequired[bool]
    canary_fraction: NotRequired[float | None]
    activated_at: NotRequired[float]
    activated_by: NotRequired[str]
    baseline_quality: NotRequired[float | None]


class CanaryVersion(LayerVersion):
    """A running canary: its version, the share of conversations it serves, since when and
    by whom, and the active version it runs beside (None when that pointer has gone)."""

    fraction: float
    started_at: float
    started_by: str
    stable_id: str | None
    stable_version: int | None


# What the engine serves and the auto-test measures: a stored version, or a staged candidate
# (the fields a version has, before it is one). Read-only: a reader never changes a row.
LayerRow = Mapping[str, Any]
