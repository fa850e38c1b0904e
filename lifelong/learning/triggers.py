"""Triggers: a persona decides by itself when a trait has earned retraining.

Per (persona, trait), in order of urgency:

- **quality drop** (high priority): the mean quality of the last ``quality_window`` scored
  interactions is more than ``quality_drop`` (10%) below the baseline recorded when the active
  layer was deployed, and there is new data to learn from;
- **threshold** (normal): at least ``threshold`` (100) unused interactions at quality
  ``>= min_quality``;
- **age** (low): the active layer was deployed more than ``max_age_days`` (30) ago and at least
  ``min_new_for_age`` good unused interactions exist.

A firing creates at most one open job per (persona, trait) (the store's ``open_slot`` unique key
makes this hold across restarts and processes), not within ``cooldown_s`` of the trait's last
job, and not beyond ``max_jobs_per_day`` per persona. Each job records why it was queued.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

from lifelong.events import QualityDropped, TrainingQueued
from lifelong.storage.repos import EventRepo, TrainingRepo
from lifelong.storage.repos.events import event_row
from lifelong.storage.repos.jobs import JobRepo

__all__ = ["FiredTrigger", "TriggerChecker", "TriggerPolicy"]

# Who the post-deploy monitor acts as (in events, history and the active pointer).
AUTO_ROLLBACK = "auto-rollback"

log = logging.getLogger("lifelong.learning.triggers")
DAY = 86_400.0


@dataclass(frozen=True, slots=True)
class TriggerPolicy:
    threshold: int = 100
    min_quality: float = 0.6
    max_age_days: float = 30.0
    min_new_for_age: int = 10
    quality_window: int = 50
    quality_drop: float = 0.10
    cooldown_s: float = 3600.0
    max_jobs_per_day: int = 4


@dataclass(frozen=True, slots=True)
class FiredTrigger:
    persona: str
    trait: str
    job_id: str
    reason: dict[str, Any]
    priority: str

    @property
    def session_id(self) -> str:
        """Deprecated: the old name of :attr:`job_id`, kept for one release."""
        return self.job_id


class TriggerChecker:
    def __init__(
        self,
        training: TrainingRepo,
        jobs: JobRepo,
        events: EventRepo,
        policy: TriggerPolicy | None = None,
    ) -> None:
        self.training = training
        self.jobs = jobs
        self.events = events
        self.policy = policy or TriggerPolicy()

    async def check(self, now: float | None = None) -> list[FiredTrigger]:
        """Evaluate every (persona, trait) with unused data; queue the jobs that are due."""
        now = time.time() if now is None else now
        policy = self.policy
        fired: list[FiredTrigger] = []
        for stats in await self.training.trigger_stats(min_quality=policy.min_quality):
            persona, trait = stats["persona"], stats["trait"]
            decision = await self._decide(persona, trait, int(stats["unused_good"]), now)
            if decision is None:
                continue
            reason, priority = decision
            if await self.training.jobs_since(persona, now - DAY) >= policy.max_jobs_per_day:
                log.info("%s/%s: %s trigger held back by the daily job limit", persona, trait,
                         reason["trigger"])  # fmt: skip
                continue
            queued = event_row(
                TrainingQueued, persona=persona, trait=trait,
                payload={"reason": reason, "priority": priority},
            )  # fmt: skip
            job_id = await self.jobs.queue(
                persona, trait, reason=reason, priority=priority, event=queued
            )
            if job_id is None:
                continue  # a job is already open for this trait
            if reason["trigger"] == "quality_drop":
                await self.events.add(
                    QualityDropped, persona=persona, trait=trait, job_id=job_id,
                    severity="warning", is_alert=True, payload=reason,
                )  # fmt: skip
            log.info("%s/%s: queued training %s (%s)", persona, trait, job_id, reason)
            fired.append(FiredTrigger(persona, trait, job_id, reason, priority))
        return fired

    async def _decide(
        self, persona: str, trait: str, unused_good: int, now: float
    ) -> tuple[dict[str, Any], str] | None:
        policy = self.policy
        history = await self.training.trait_history(
            persona, trait, rollbacks_since=now - policy.cooldown_s
        )
        if history["last_job_at"] is not None and now - history["last_job_at"] < policy.cooldown_s:
            return None
        baseline = history["baseline_quality"]
        # After the monitor rolled a version back, the recent window still holds the turns the
        # bad version served: a quality-drop job now would only chase them (and flap).
        # (A canary rolled back leaves the pointer alone, but its share of the window is bad
        # turns all the same.)
        held = (
            history["activated_by"] == AUTO_ROLLBACK
            and history["deployed_at"] is not None
            and now - history["deployed_at"] < policy.cooldown_s
        ) or history["auto_rollback_at"] is not None
        if baseline is not None and unused_good >= 1 and not held:
            mean, count = await self.training.rolling_quality(persona, trait, policy.quality_window)
            if count >= policy.quality_window and mean < baseline * (1 - policy.quality_drop):
                return {
                    "trigger": "quality_drop",
                    "rolling_quality": round(mean, 4),
                    "baseline_quality": round(baseline, 4),
                    "window": policy.quality_window,
                    "drop": round(1 - mean / baseline, 4) if baseline else None,
                    "unused_good": unused_good,
                }, "high"
        if unused_good >= policy.threshold:
            return {
                "trigger": "threshold",
                "unused_good": unused_good,
                "threshold": policy.threshold,
                "min_quality": policy.min_quality,
            }, "normal"
        deployed = history["deployed_at"]
        if (
            deployed is not None
            and now - deployed > policy.max_age_days * DAY
            and unused_good >= policy.min_new_for_age
        ):
            return {
                "trigger": "age",
                "days_since_deploy": round((now - deployed) / DAY, 1),
                "max_age_days": policy.max_age_days,
                "unused_good": unused_good,
            }, "low"
        return None
