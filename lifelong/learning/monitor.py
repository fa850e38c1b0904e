"""The post-deploy monitor: is a newly active version serving worse than the one before it?

The gate judged a candidate on held-out data before it served; this judges it on what it
served. For every (persona, trait) whose active version changed within ``window_days`` (by a
deploy or an admin's activation, not by the monitor's own rollback), it compares the quality
of turns the new version answered (recorded with their generation id, scored) with the turns
the previous version answered before the switch; a trait's first version is compared with
the turns the base model answered for that trait, and found worse it goes back to the base.
A version an admin activates again after the monitor found it worse is judged afresh on what
it serves from then on (its "worse" verdict stays until that judgement is made).

The decision rule (``judge``): the new version is *worse* when, with at least ``min_samples``
turns on each side, a one-sided Mann-Whitney U test says its quality is below the previous
version's lowered by ``max_drop`` (relative) at ``confidence``. Testing against the lowered
reference is what keeps repeated checks honest: a version no worse than before sits a whole
``max_drop`` away from the boundary, so re-checking it every tick seldom trips it, while a
drop well past ``max_drop`` is found within a few dozen turns (``bench/monitor.py`` measures
both). A version that served ``max_samples`` turns, or outlived the window, without being found
worse is *kept* and no longer watched.

When a version is found worse the verdict and its evidence are stored on the version first
(so it is never activated automatically again, even if the process dies next), then the
pointer goes back to the previous version with a ``LayerAutoRolledBack`` alert, the quality
baseline is reset to what the previous version served, and the quality-drop trigger holds
off for its cooldown (see :mod:`lifelong.learning.triggers`) so the loop does not flap.

A *canary* (``rollout.canary_fraction`` > 0: a new version serving a share of conversations
beside the active one) is judged the same way against what the active version serves at the
same time (its most recent ``baseline_window`` turns), with one more way out (``judge_canary``):
it is promoted as soon as a one-sided test shows it *not worse* than the active version
lowered by ``max_drop`` (non-inferiority, at ``confidence``), or when it served
``max_samples`` turns or outlived the window without being found worse. Found worse, it is
rolled back: its verdict is stored and its share goes back to the active version in one
transaction (a ``LayerAutoRolledBack`` alert with ``canary: true``); the active pointer and the
quality baseline never moved, so nothing else needs resetting.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any, Literal

from lifelong.errors import LayerUnloadable, PointerMoved
from lifelong.genome.store import LayerStore, monitored_worse
from lifelong.learning.triggers import AUTO_ROLLBACK
from lifelong.storage.repos import GenerationRepo, GenomeRepo, ServedTurn
from lifelong.storage.rows import CanaryVersion, LayerRow, LayerVersion

__all__ = ["AUTO_PROMOTE", "DeployMonitor", "MonitorPolicy", "Verdict", "judge", "judge_canary"]

log = logging.getLogger("lifelong.learning.monitor")

DAY = 86_400.0
# Who promoted a canary, in the activation history.
AUTO_PROMOTE = "auto-promote"
# What served before a trait's first version.
BASE_MODEL: dict[str, Any] = {"id": None, "version": None}


@dataclass(frozen=True, slots=True)
class MonitorPolicy:
    min_samples: int = 30  # scored turns on each side before anything is decided
    max_drop: float = 0.03  # a version this much worse (relative mean quality) is tolerated
    confidence: float = 0.98  # one-sided, per check
    baseline_window: int = 200  # the previous version's most recent turns before the switch
    max_samples: int = 300  # the new version is kept after this many turns not found worse
    window_days: float = 14.0  # ... or after this long


@dataclass(frozen=True, slots=True)
class Verdict:
    verdict: Literal["worse", "kept", "watching"]
    reason: str
    new_n: int
    old_n: int
    new_mean: float | None
    old_mean: float | None
    drop: float | None  # relative drop of the mean, new versus old
    p_value: float | None
    new_correction_rate: float | None
    old_correction_rate: float | None
    new_rating_mean: float | None
    old_rating_mean: float | None

    def as_dict(self) -> dict[str, Any]:
        return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in asdict(self).items()}


def judge(
    new: Sequence[ServedTurn],
    old: Sequence[ServedTurn],
    policy: MonitorPolicy,
    *,
    expired: bool = False,
) -> Verdict:
    """The decision rule (see the module docstring). ``expired``: the watch window is over."""
    new_q = [t.quality for t in new]
    old_q = [t.quality for t in old]
    stats: dict[str, Any] = {
        "new_n": len(new_q), "old_n": len(old_q),
        "new_mean": _mean(new_q), "old_mean": _mean(old_q), "drop": None, "p_value": None,
        "new_correction_rate": _mean([float(t.corrected) for t in new]),
        "old_correction_rate": _mean([float(t.corrected) for t in old]),
        "new_rating_mean": _mean([t.rating for t in new if t.rating is not None]),
        "old_rating_mean": _mean([t.rating for t in old if t.rating is not None]),
    }  # fmt: skip
    verdict: Literal["worse", "kept", "watching"]
    if len(old_q) < policy.min_samples:
        # Nothing to compare with: the previous version served too little with attribution.
        verdict = "kept" if expired or len(new_q) >= policy.max_samples else "watching"
        return Verdict(verdict, f"the previous version has {len(old_q)} attributed scored "
                       f"turns (needs {policy.min_samples})", **stats)  # fmt: skip
    if stats["old_mean"]:
        stats["drop"] = 1.0 - stats["new_mean"] / stats["old_mean"] if new_q else None
    if len(new_q) < policy.min_samples:
        verdict = "kept" if expired else "watching"
        return Verdict(verdict, f"{len(new_q)} of {policy.min_samples} scored turns so far",
                       **stats)  # fmt: skip
    lowered = [q * (1.0 - policy.max_drop) for q in old_q]
    p = _mann_whitney_less(new_q, lowered)
    stats["p_value"] = p
    if p < 1.0 - policy.confidence:
        new_mean, old_mean = stats["new_mean"], stats["old_mean"]
        return Verdict("worse", f"served quality {new_mean:.3f} vs {old_mean:.3f} before "
                       f"({stats['drop']:.1%} drop), worse than a {policy.max_drop:.0%} drop "
                       f"at p={p:.2g}", **stats)  # fmt: skip
    done = expired or len(new_q) >= policy.max_samples
    return Verdict("kept" if done else "watching",
                   f"not worse than a {policy.max_drop:.0%} drop (p={p:.2g}, "
                   f"{len(new_q)} turns)", **stats)  # fmt: skip


def judge_canary(
    new: Sequence[ServedTurn],
    old: Sequence[ServedTurn],
    policy: MonitorPolicy,
    *,
    expired: bool = False,
) -> Verdict:
    """:func:`judge`, and *kept* (promoted) as soon as the canary ``new`` is shown not worse
    than ``old`` lowered by ``max_drop``: the mirror test of the one that finds it worse.
    """
    result = judge(new, old, policy, expired=expired)
    if result.verdict != "watching" or min(len(new), len(old)) < policy.min_samples:
        return result
    lowered = [t.quality * (1.0 - policy.max_drop) for t in old]
    p = _mann_whitney_less(lowered, [t.quality for t in new])
    if p >= 1.0 - policy.confidence:
        return result
    return replace(
        result, verdict="kept",
        reason=f"not worse than a {policy.max_drop:.0%} drop (shown at p={p:.2g} over "
        f"{len(new)} turns)",
    )  # fmt: skip


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _mann_whitney_less(x: Sequence[float], y: Sequence[float]) -> float:
    """One-sided p-value that ``x`` tends to be smaller than ``y`` (scipy's, ties handled)."""
    from scipy.stats import mannwhitneyu

    p = float(mannwhitneyu(x, y, alternative="less").pvalue)
    return 1.0 if math.isnan(p) else p


class DeployMonitor:
    """Runs the monitor over every recently moved pointer; see the module docstring."""

    def __init__(
        self,
        genome: GenomeRepo,
        generations: GenerationRepo,
        layers: LayerStore,
        policy: MonitorPolicy | None = None,
    ) -> None:
        self.genome = genome
        self.generations = generations
        self.layers = layers
        self.policy = policy or MonitorPolicy()

    async def check(self, now: float | None = None) -> list[dict[str, Any]]:
        """Judge every watched version once; roll back the ones found worse. Returns
        ``{"persona", "trait", "version", "previous", "verdict": {...}}`` per version judged.
        """
        now = time.time() if now is None else now
        policy = self.policy
        judged = []
        for active in await self.genome.watched(now - policy.window_days * DAY):
            if active["activated_by"] == AUTO_ROLLBACK:
                continue  # the monitor's own move: the version it restored served before
            if (active.get("monitor") or {}).get("verdict") == "kept":
                continue
            outcome = await self._check_one(active, now)
            if outcome is not None:
                judged.append(outcome)
        for canary in await self.genome.canaries():
            outcome = await self._check_canary(canary, now)
            if outcome is not None:
                judged.append(outcome)
        return judged

    async def _check_canary(self, canary: CanaryVersion, now: float) -> dict[str, Any] | None:
        """Judge a running canary against the active version beside it; promote it, roll it
        back, or store the verdict so far.
        """
        if canary["stable_id"] is None:
            return None  # ended with the active pointer (a rollback to the base ends it)
        policy = self.policy
        started = canary["started_at"]
        new, old = await asyncio.gather(
            self.generations.served(canary["id"], since=started, limit=policy.max_samples),
            self.generations.served(canary["stable_id"], limit=policy.baseline_window),
        )
        expired = now - started > policy.window_days * DAY
        result = judge_canary(new, old, policy, expired=expired)
        verdict = {**result.as_dict(), "previous_version": canary["stable_version"],
                   "checked_at": now, "canary": True}  # fmt: skip
        persona, trait, version = canary["persona"], canary["trait"], canary["version"]
        if result.verdict == "worse":
            reason = f"canary v{version} served worse than v{canary['stable_version']}: "
            moved = await self.layers.roll_back_canary(
                canary, by=AUTO_ROLLBACK, verdict=verdict, reason=reason + result.reason
            )
        elif result.verdict == "kept":
            moved = await self.layers.promote_canary(
                canary, by=AUTO_PROMOTE, verdict=verdict, reason=result.reason
            )
        else:
            await self.genome.set_monitor(canary["id"], verdict)
            moved = True
        if not moved:
            return None  # an admin moved the pointer meanwhile; that decided it
        return {"persona": persona, "trait": trait, "version": version, "canary": True,
                "previous": canary["stable_version"], "verdict": verdict}  # fmt: skip

    async def _check_one(self, active: LayerVersion, now: float) -> dict[str, Any] | None:
        persona, trait, version = active["persona"], active["trait"], active["version"]
        previous = await self._previous(persona, trait, version)
        if previous is None:
            return None
        policy = self.policy
        # A "worse" verdict from before this activation: an admin activated it again knowing
        # (the monitor never does). It is judged afresh on what it serves from now on, and
        # keeps its verdict until that judgement is made.
        readmitted = monitored_worse(active) and (
            (active["monitor"] or {}).get("checked_at", 0) < active["activated_at"]
        )
        if monitored_worse(active) and not readmitted:
            # Found worse by an earlier check that did not finish its rollback (a crash).
            verdict = dict(active["monitor"] or {})
        else:
            until = active["activated_at"]
            before = (
                self.generations.served(previous["id"], until=until, limit=policy.baseline_window)
                if previous["id"] is not None
                else self.generations.served_by_base(
                    persona, trait, until=until, limit=policy.baseline_window
                )
            )
            new, old = await asyncio.gather(
                self.generations.served(
                    active["id"], since=active["activated_at"], limit=policy.max_samples
                ),
                before,
            )
            expired = now - active["activated_at"] > policy.window_days * DAY
            result = judge(new, old, policy, expired=expired)
            verdict = {**result.as_dict(), "previous_version": previous["version"],
                       "checked_at": now}  # fmt: skip
            # Stored before the pointer moves: a crash after this still never re-activates it.
            if not (readmitted and result.verdict == "watching"):
                await self.genome.set_monitor(active["id"], verdict)
            if result.verdict != "worse":
                return {"persona": persona, "trait": trait, "version": version,
                        "previous": previous["version"], "verdict": verdict}  # fmt: skip
        await self._roll_back(active, previous, verdict)
        return {"persona": persona, "trait": trait, "version": version,
                "previous": previous["version"], "verdict": verdict}  # fmt: skip

    async def _previous(self, persona: str, trait: str, version: int) -> LayerRow | None:
        """The version that served before ``version`` became active: its row, or
        ``{"id": None, "version": None}`` for the base model (a first version is compared with
        the turns the base model answered for the trait); None when there is nothing to
        compare with (the pointer moved since, or the monitor itself found that one worse).
        """
        # A canary's start and rollback left the active pointer where it was.
        history = [h for h in await self.layers.history(persona, trait) if not h["canary"]]
        if not history or history[-1]["to_version"] != version:
            return None  # the pointer moved since: the next check sees the new state
        before = history[-1]["from_version"]
        if before is None:
            return dict(BASE_MODEL)
        row = await self.genome.version(persona, trait, int(before))
        return None if row is None or monitored_worse(row) else row

    async def _roll_back(
        self, active: LayerVersion, previous: LayerRow, verdict: dict[str, Any]
    ) -> None:
        """Move the pointer off ``active`` - only while it is still the active layer: a deploy
        or an admin's move since the judgement decided it instead (and the verdict stays on
        the version, which is never activated automatically again).
        """
        try:
            await self._move_back(active, previous, verdict)
        except PointerMoved as exc:
            log.info("not rolled back: %s", exc)

    async def _move_back(
        self, active: LayerVersion, previous: LayerRow, verdict: dict[str, Any]
    ) -> None:
        persona, trait, judged = active["persona"], active["trait"], active["id"]
        before = "the base model" if previous["version"] is None else f"v{previous['version']}"
        reason = f"v{active['version']} served worse than {before}: " + str(
            verdict.get("reason", "")
        )
        if previous["version"] is None:
            await self.layers.to_base(
                persona, trait, by=AUTO_ROLLBACK, reason=reason, evidence=verdict, auto=True,
                from_layer=judged,
            )  # fmt: skip
            log.warning("%s/%s: rolled back v%d -> the base model (%s)", persona, trait,
                        active["version"], reason)  # fmt: skip
            return
        try:
            await self.layers.rollback(
                persona, trait, to=previous["version"], by=AUTO_ROLLBACK, reason=reason,
                evidence=verdict, auto=True, from_layer=judged,
            )  # fmt: skip
        except LayerUnloadable:
            # The previous version's artifact is gone: the next older servable one (or the
            # base model) rather than keep serving a version found worse.
            await self.layers.rollback(
                persona, trait, by=AUTO_ROLLBACK, reason=reason, evidence=verdict, auto=True,
                from_layer=judged,
            )  # fmt: skip
        # What the restored version served is the baseline the quality-drop trigger compares
        # with from now on (the window still holds the bad version's turns; it is held).
        await self.genome.set_baseline(persona, trait, verdict.get("old_mean"))
        log.warning("%s/%s: rolled back v%d -> v%d (%s)", persona, trait, active["version"],
                    previous["version"], reason)  # fmt: skip
