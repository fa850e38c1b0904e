"""The layer store: a persona's versions per trait, their artifacts, and which one is active.

Versions v1, v2, ... of (persona, trait) are appended and never rewritten. Local layers keep
their adapter folder in the content-addressed :class:`ArtifactStore`; remote layers keep the
provider's model id. Activation, rollback and deployment are single pointer changes in the
database (see :class:`lifelong.storage.repos.genome.GenomeRepo`); everything on disk is written
before the pointer moves, so a kill at any moment leaves a pointer at a whole version.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lifelong._names import validate_name
from lifelong.errors import LayerUnloadable, LifelongError, NotFound, RejectedVersion
from lifelong.events import (
    LayerActivated,
    LayerAutoRolledBack,
    LayerRolledBack,
    LayersPruned,
    LifelongEvent,
)
from lifelong.genome.artifacts import ArtifactCorrupted, ArtifactMissing, ArtifactStore
from lifelong.storage.ids import new_id
from lifelong.storage.repos.events import EventRepo
from lifelong.storage.repos.genome import GenomeRepo
from lifelong.storage.rows import CanaryVersion, LayerVersion

__all__ = ["HISTORY_KINDS", "LayerStore", "NewLayer", "RetentionResult", "monitored_worse"]

log = logging.getLogger("lifelong.genome")


@dataclass(frozen=True, slots=True)
class NewLayer:
    """A trained layer about to become a version (from a provider's TrainResult)."""

    kind: str  # "local" | "remote" | "merged"
    provider: str
    manifest: dict[str, Any]
    artifact_dir: Path | None = None
    remote_model: str | None = None


@dataclass(frozen=True, slots=True)
class RetentionResult:
    pruned: list[tuple[str, int]]  # (trait, version)
    kept: list[tuple[str, int]]
    backed_up_bytes: int


def _servable(row: LayerVersion) -> bool:
    """A version that passed its gate and was deployed (pruned ones come back from backup),
    and that the post-deploy monitor never found serving worse than the one before it.
    """
    gate = (row["evaluation"] or {}).get("gate") or {}
    return (
        row["status"] in ("deployed", "pruned")
        and bool(gate.get("passed", True))
        and not monitored_worse(row)
    )


def monitored_worse(row: Mapping[str, Any]) -> bool:
    """The monitor rolled this version back: it is never activated automatically again."""
    return ((row.get("monitor") or {}).get("verdict")) == "worse"


# The events that move a (persona, trait)'s active or canary pointer: its activation history.
HISTORY_KINDS = (
    "LayerDeployed", "LayerActivated", "LayerRolledBack", "LayerAutoRolledBack", "CanaryStarted",
    "CanaryPromoted",
)  # fmt: skip
_ACTIONS = {
    "LayerDeployed": "deploy", "LayerActivated": "activate", "LayerRolledBack": "rollback",
    "LayerAutoRolledBack": "auto-rollback", "CanaryStarted": "canary",
    "CanaryPromoted": "promote",
}  # fmt: skip


class LayerStore:
    def __init__(self, repo: GenomeRepo, events: EventRepo, artifacts: ArtifactStore) -> None:
        self.repo = repo
        self.events = events
        self.artifacts = artifacts

    # -- writing versions -----------------------------------------------------------------

    async def stage(self, layer: NewLayer) -> dict[str, Any]:
        """Copy a local layer's folder into the artifact store (before any row points at it).

        Returns the layer fields for :meth:`add`, including a fresh ``id`` the adapter cache
        can use as its key while the candidate is evaluated.
        """
        fields: dict[str, Any] = {
            "id": new_id(), "kind": layer.kind, "provider": layer.provider,
            "manifest": layer.manifest, "remote_model": layer.remote_model,
        }  # fmt: skip
        if layer.kind in ("local", "merged"):
            if layer.artifact_dir is None:
                raise LifelongError(f"a {layer.kind} layer needs its artifact folder")
            stored = await asyncio.to_thread(self.artifacts.put, layer.artifact_dir)
            fields.update(artifact_sha256=stored.sha256, artifact_bytes=stored.nbytes)
        elif not layer.remote_model:
            raise LifelongError("a remote layer needs the provider's model id")
        return fields

    async def add(
        self,
        persona: str,
        trait: str,
        staged: dict[str, Any],
        *,
        evaluation: dict[str, Any] | None,
        deploy: bool,
        by: str,
        job_id: str | None = None,
        baseline_quality: float | None = None,
        reason: str | None = None,
        owner: str | None = None,
        canary: float | None = None,
    ) -> int:
        """Append the staged layer as the next version; with ``deploy`` it becomes active in
        the same transaction (and the session's interactions are marked used), or, with
        ``canary`` (a share of conversations) and a version already active, it starts as the
        trait's canary beside it (see :meth:`canaries`). The version of
        a job (``job_id``) is stored only while worker ``owner`` holds the job; else
        :class:`~lifelong.errors.LeaseLost` and nothing is stored.
        """
        version, events = await self.repo.add_version(
            persona, trait, layer={**staged, "evaluation": evaluation}, job_id=job_id,
            deploy=deploy, by=by, baseline_quality=baseline_quality,
            event_payload={"reason": reason} if reason else None, layer_id=staged["id"],
            owner=owner, canary=canary,
        )  # fmt: skip
        self.events.publish(events)
        state = "rejected"
        if deploy:
            state = "canary" if events[0]["kind"] == "CanaryStarted" else "deployed"
        log.info("%s/%s v%d stored (%s)", persona, trait, version, state)
        return version

    # -- reading --------------------------------------------------------------------------

    async def versions(self, persona: str, trait: str | None = None) -> list[LayerVersion]:
        return await self.repo.versions(validate_name("persona", persona), trait)

    async def get(self, persona: str, trait: str, version: int) -> LayerVersion:
        validate_name("persona", persona)
        validate_name("trait", trait)
        row = await self.repo.version(persona, trait, version)
        if row is None:
            known = [f"v{r['version']}" for r in await self.repo.versions(persona, trait)]
            raise NotFound(
                "layer version", f"{persona}/{trait} v{version}",
                f"known versions: {', '.join(known) or 'none yet'} (lifelong layers list)",
            )  # fmt: skip
        return row

    async def active(self, persona: str) -> dict[str, LayerVersion]:
        return await self.repo.active_layers(persona)

    async def serving(
        self, persona: str
    ) -> tuple[dict[str, LayerVersion], dict[str, CanaryVersion]]:
        """trait -> active layer row, and trait -> running canary row, in one read."""
        return await self.repo.serving_layers(persona)

    async def canaries(self, persona: str) -> dict[str, CanaryVersion]:
        """trait -> the running canary's layer row, with its ``fraction`` of conversations
        and the active version it runs beside (``stable_version``).
        """
        return {r["trait"]: r for r in await self.repo.canaries(validate_name("persona", persona))}

    async def promote_canary(
        self, row: LayerVersion, *, by: str, verdict: dict[str, Any], reason: str
    ) -> bool:
        """The canary ``row`` becomes the active version (False: it had stopped being the
        canary meanwhile). Its artifact was verified when it was staged and loads on demand.
        """
        return await self._settle_canary(self.repo.promote_canary, "promoted", row, by=by,
                                         verdict=verdict, reason=reason)  # fmt: skip

    async def roll_back_canary(
        self, row: LayerVersion, *, by: str, verdict: dict[str, Any], reason: str
    ) -> bool:
        """End the canary ``row``; the active version serves everyone again (False: it had
        stopped being the canary meanwhile). An alert, like every rollback the runtime makes.
        """
        return await self._settle_canary(self.repo.roll_back_canary, "rolled back", row, by=by,
                                         verdict=verdict, reason=reason)  # fmt: skip

    async def _settle_canary(
        self,
        change: Any,
        what: str,
        row: LayerVersion,
        *,
        by: str,
        verdict: dict[str, Any],
        reason: str,
    ) -> bool:
        persona, trait = row["persona"], row["trait"]
        events = await change(persona, trait, row["id"], by=by, verdict=verdict, reason=reason)
        if events is None:
            return False
        self.events.publish(events)
        log.log(logging.INFO if what == "promoted" else logging.WARNING,
                "%s/%s: canary v%d %s by %s (%s)", persona, trait, row["version"], what, by,
                reason)  # fmt: skip
        return True

    def artifact_path(self, row: Mapping[str, Any]) -> Path:
        """The verified folder of a local layer (raises ArtifactCorrupted / ArtifactMissing)."""
        return self.artifacts.verified_path(row["artifact_sha256"])

    # -- moving the pointer ---------------------------------------------------------------

    async def activate(
        self,
        persona: str,
        trait: str,
        version: int,
        *,
        by: str,
        rollback: bool = False,
        reason: str | None = None,
        force: bool = False,
    ) -> int | None:
        """Make ``version`` active; returns the version that was. Its artifact is verified (and
        restored from backup if retention pruned it or its live copy is corrupt) before the
        pointer moves; :class:`LayerUnloadable` if it cannot be. A version the auto-test
        rejected needs ``force`` and a ``reason`` (:class:`RejectedVersion` otherwise).
        """
        payload = {"reason": reason} if reason else None
        return await self._move_to(persona, trait, version, by=by, rollback=rollback,
                                   payload=payload, force=force)  # fmt: skip

    async def _move_to(
        self,
        persona: str,
        trait: str,
        version: int,
        *,
        by: str,
        rollback: bool,
        payload: dict[str, Any] | None,
        kind: type[LifelongEvent] | None = None,
        from_layer: str | None = None,
        force: bool = False,
    ) -> int | None:
        """Verify (or restore) ``version``'s artifact, then move the pointer to it."""
        row = await self.get(persona, trait, version)
        gate = (row.get("evaluation") or {}).get("gate") or {}
        if gate.get("passed") is False:
            # A layer the auto-test refused may state wrong facts or have forgotten general
            # ability: serving it is a decision someone takes on purpose, and says why.
            reason = (payload or {}).get("reason")
            if not force or not reason:
                raise RejectedVersion(row, str(gate.get("reason") or "no reason stored"),
                                      forced_without_reason=force)  # fmt: skip
            payload = {**(payload or {}), "forced": True, "gate_reason": gate.get("reason")}
        try:
            await self._ensure_artifact(row)
        except (ArtifactCorrupted, ArtifactMissing) as exc:
            others = [
                r["version"] for r in await self.repo.versions(persona, trait)
                if r["version"] != version and not r["active"] and _servable(r)
            ]  # fmt: skip
            raise LayerUnloadable(row, exc, others) from exc
        return await self._point_at(
            row, by=by, rollback=rollback, payload=payload, kind=kind, from_layer=from_layer
        )

    async def _ensure_artifact(self, row: LayerVersion) -> None:
        """Verify a local layer's artifact, restoring it from its verified backup when the live
        copy was pruned or is corrupt; raises ArtifactCorrupted / ArtifactMissing otherwise.
        """
        if row["artifact_sha256"]:
            await asyncio.to_thread(self._restore, row["artifact_sha256"])

    def _restore(self, sha: str) -> None:
        try:
            self.artifacts.restore(sha)
        except ArtifactCorrupted as exc:
            if not self.artifacts.exists(sha):
                raise  # the backup itself is bad: nothing to repair from
            try:
                # Removes the corrupt live copy only when a verified backup exists.
                self.artifacts.delete(sha)
            except ArtifactMissing:
                raise exc from None
            log.warning("artifact %s... was corrupt; restored from its backup", sha[:16])
            self.artifacts.restore(sha)

    async def _point_at(
        self,
        row: LayerVersion,
        *,
        by: str,
        rollback: bool,
        payload: dict[str, Any] | None = None,
        kind: type[LifelongEvent] | None = None,
        from_layer: str | None = None,
    ) -> int | None:
        """Move the pointer to ``row`` (whose artifact was just verified); with
        ``from_layer``, only while that layer is active (else PointerMoved).
        """
        persona, trait, version = row["persona"], row["trait"], row["version"]
        if row["status"] == "pruned":  # its artifact is back in the store
            gate = (row["evaluation"] or {}).get("gate") or {}
            await self.repo.set_status(
                row["id"], "rejected" if gate.get("passed") is False else "deployed"
            )
        kind = kind or (LayerRolledBack if rollback else LayerActivated)
        previous, events = await self.repo.activate(
            persona, trait, version, by=by, kind=kind, payload=payload, from_layer=from_layer
        )
        self.events.publish(events)
        log.info("%s/%s: v%s -> v%d by %s", persona, trait, previous, version, by)
        return previous

    async def rollback(
        self,
        persona: str,
        trait: str,
        *,
        to: int | None = None,
        by: str,
        reason: str | None = None,
        evidence: dict[str, Any] | None = None,
        auto: bool = False,
        from_layer: str | None = None,
        force: bool = False,
    ) -> int | None:
        """Go back to version ``to``, or to the latest deployed version older than the active
        one whose artifact loads (the base model if there is none). Returns the version now
        active (None = base). Versions skipped on the way, and why, are in the event's
        ``skipped``. An explicit ``to`` that cannot be loaded raises :class:`LayerUnloadable`.
        ``auto`` marks the runtime's own rollback (a ``LayerAutoRolledBack`` alert, with
        ``evidence``); ``reason`` says why, in the activation history. With ``from_layer``
        the pointer moves only while that layer is still the active one (the monitor's
        rollback of the version it judged): else :class:`~lifelong.errors.PointerMoved`.
        """
        kind = LayerAutoRolledBack if auto else LayerRolledBack
        extra: dict[str, Any] = {"reason": reason} if reason else {}
        if evidence:
            extra["evidence"] = evidence
        validate_name("persona", persona)
        validate_name("trait", trait)
        versions = await self.repo.versions(persona, trait)
        current = next((r["version"] for r in versions if r["active"]), None)
        if current is None:
            raise NotFound(
                "active layer", f"{persona}/{trait}", "there is nothing to roll back from"
            )
        if to is not None:
            if to == current:
                raise LifelongError(f"{persona}/{trait} v{to} is already active")
            await self._move_to(persona, trait, to, by=by, rollback=True,
                                payload=extra or None, kind=kind,
                                from_layer=from_layer, force=force)  # fmt: skip
            return to
        skipped: list[dict[str, Any]] = []
        older = sorted(
            (r for r in versions if r["version"] < current and _servable(r)),
            key=lambda r: -r["version"],
        )
        for row in older:
            try:
                await self._ensure_artifact(row)
            except (ArtifactCorrupted, ArtifactMissing) as exc:
                # Serving a corrupt layer is refused anyway: go on to the next older one.
                reason = "corrupted" if isinstance(exc, ArtifactCorrupted) else "missing"
                skipped.append({"version": row["version"], "reason": reason, "error": str(exc)})
                log.warning("%s/%s: rollback skips v%d: %s", persona, trait, row["version"], exc)
                continue
            payload = {**extra, "skipped": skipped} if skipped else extra or None
            await self._point_at(row, by=by, rollback=True, payload=payload, kind=kind,
                                 from_layer=from_layer)  # fmt: skip
            return int(row["version"])
        payload = {**extra, "skipped": skipped} if skipped else extra or None
        self.events.publish(
            await self.repo.deactivate(
                persona, trait, by=by, payload=payload, kind=kind, from_layer=from_layer
            )
        )
        log.info("%s/%s: rolled back from v%d to the base model (skipped: %s)", persona, trait,
                 current, ", ".join(f"v{s['version']}" for s in skipped) or "none")  # fmt: skip
        return None

    async def to_base(
        self,
        persona: str,
        trait: str,
        *,
        by: str,
        reason: str | None = None,
        evidence: dict[str, Any] | None = None,
        auto: bool = False,
        from_layer: str | None = None,
    ) -> None:
        """Serve the base model for (persona, trait) again, whatever older versions there are
        (the post-deploy monitor's rollback of a first version found worse than the base);
        with ``from_layer``, only while that layer is active (else PointerMoved).
        """
        extra: dict[str, Any] = {"reason": reason} if reason else {}
        if evidence:
            extra["evidence"] = evidence
        kind = LayerAutoRolledBack if auto else LayerRolledBack
        self.events.publish(
            await self.repo.deactivate(
                persona, trait, by=by, payload=extra or None, kind=kind, from_layer=from_layer
            )
        )

    async def history(self, persona: str, trait: str | None = None) -> list[dict[str, Any]]:
        """Every move of the persona's active (and canary) pointers, oldest first: ``{"ts",
        "trait", "action" (deploy, activate, rollback, auto-rollback, canary, promote),
        "from_version", "to_version", "by", "reason", "evidence", "canary"}`` (a version None
        is the base model). ``canary`` marks the moves that left the active pointer where it
        was: a canary started beside it (from the active version to the canary), or a canary
        rolled back (from the canary to the active version). Read from the events, which are
        append-only and written in the transaction that moved the pointer.
        """
        validate_name("persona", persona)
        if trait is not None:
            validate_name("trait", trait)
        rows = await self.events.list(persona, 1_000_000, kinds=HISTORY_KINDS)
        out = []
        for e in reversed(rows):
            if trait is not None and e["trait"] != trait:
                continue
            p = e["payload"] or {}
            moved = e["kind"] in ("LayerRolledBack", "LayerAutoRolledBack")
            out.append({
                "ts": e["ts"], "persona": persona, "trait": e["trait"],
                "action": _ACTIONS[e["kind"]],
                "from_version": p.get("from_version") if moved else p.get("previous"),
                "to_version": p.get("to_version") if moved else p.get("version"),
                "by": p.get("by"), "reason": p.get("reason"),
                "evidence": p.get("evidence"),
                "canary": e["kind"] == "CanaryStarted" or bool(p.get("canary")),
            })  # fmt: skip
        return out

    async def pin(self, persona: str, trait: str, version: int, pinned: bool = True) -> None:
        """A pinned version is never pruned and its loaded layer is never evicted."""
        row = await self.get(persona, trait, version)
        await self.repo.set_pinned(row["id"], pinned)

    async def push(self, persona: str) -> list[dict[str, Any]]:
        """Upload the artifact of every stored version of ``persona`` that the artifact store
        lacks (versions stored before the store was configured), so that other machines can
        serve them. One ``{"trait", "version", "outcome": "uploaded" | "present" | "pruned" |
        "failed", "error"}`` per local or merged version; a failed one (its copy here is
        corrupt or gone) does not stop the others.
        """
        done: dict[str, str] = {}  # versions can share an artifact: each is pushed once
        out = []
        for row in await self.repo.versions(validate_name("persona", persona)):
            sha = row["artifact_sha256"]
            if not sha:
                continue  # a remote layer: the provider holds it
            entry: dict[str, Any] = {"trait": row["trait"], "version": row["version"]}
            if row["status"] == "pruned":
                entry["outcome"] = "pruned"  # only a backup here; activating restores it
            elif sha in done:
                entry["outcome"] = "present" if done[sha] != "failed" else "failed"
            else:
                try:
                    uploaded = await asyncio.to_thread(self.artifacts.push, sha)
                    entry["outcome"] = "uploaded" if uploaded else "present"
                except (ArtifactCorrupted, ArtifactMissing) as exc:
                    entry.update(outcome="failed", error=str(exc))
                done[sha] = entry["outcome"]
            out.append(entry)
        return out

    # -- retention ------------------------------------------------------------------------

    async def prune(self, persona: str, trait: str | None = None, *, keep: int) -> RetentionResult:
        """Keep the last ``keep`` versions of each trait plus pinned, active and canary ones;
        move the others' artifacts to a verified backup, then delete the live copy.
        """
        if keep < 1:
            raise LifelongError(f"keep must be at least 1, got {keep}")
        by_trait: dict[str, list[LayerVersion]] = {}
        for row in await self.repo.versions(persona, trait):
            by_trait.setdefault(row["trait"], []).append(row)
        pruned: list[tuple[str, int]] = []
        kept: list[tuple[str, int]] = []
        backed_up = 0
        for name, rows in by_trait.items():
            newest = {r["version"] for r in sorted(rows, key=lambda r: -r["version"])[:keep]}
            for row in rows:
                key = (name, row["version"])
                if row["status"] == "pruned":
                    continue
                if row["version"] in newest or row["pinned"] or row["active"] or row["canary"]:
                    kept.append(key)
                    continue
                if row["artifact_sha256"]:
                    sha = row["artifact_sha256"]
                    # Backup first and verify it; only then record the prune and delete.
                    await asyncio.to_thread(self.artifacts.backup, sha)
                    await self.repo.set_status(row["id"], "pruned")
                    if await self.repo.artifact_users(sha) == 0:
                        await asyncio.to_thread(self.artifacts.delete, sha)
                    backed_up += row["artifact_bytes"] or 0
                else:
                    await self.repo.set_status(row["id"], "pruned")
                pruned.append(key)
        if pruned:
            await self.events.add(
                LayersPruned, persona=persona, trait=trait,
                payload={"pruned": [f"{t}/v{v}" for t, v in pruned], "keep": keep},
            )  # fmt: skip
        return RetentionResult(pruned, kept, backed_up)
