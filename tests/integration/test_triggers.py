"""Triggers fire exactly when their condition holds, never twice for one open job, and
interactions are marked used only when a layer is deployed. Runs on every backend.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from lifelong import Runtime, RuntimeConfig, Trait
from lifelong.jobs import Step
from lifelong.learning.triggers import DAY
from lifelong.storage import ScoringRepo
from tests.helpers import TEST_WORKER, claimed, turn

pytestmark = pytest.mark.integration


def _config(tmp_path: Path, url: str, **triggers: object) -> RuntimeConfig:
    settings = {"threshold": 5, "min_quality": 0.6, "cooldown_s": 3600, **triggers}
    return RuntimeConfig(
        home=tmp_path / "home", database_url=url, background=False, triggers=settings
    )


async def _record_scored(rt: Runtime, n: int, quality: float, start: int = 0) -> list[str]:
    """Record n turns of ada/python-tutor and store their scores through the scoring repo."""
    ada = await rt.persona("ada", traits=[Trait("python-tutor", "explains Python")])
    ids = [
        await ada.record(
            turn(f"question {start + i}?", f"answer {start + i}."), trait="python-tutor"
        )
        for i in range(n)
    ]
    await ScoringRepo(rt.store.db).save(
        [
            {
                "id": i,
                "quality": quality,
                "components": {"quality": quality},
                "trait": "python-tutor",
                "trait_source": "caller",
                "feedback_at": None,
            }
            for i in ids
        ]
    )
    return ids


async def test_threshold_fires_once_and_not_again_after_restart(
    backend_url: str, tmp_path: Path
) -> None:
    async with Runtime.open(_config(tmp_path, backend_url)) as rt:
        await _record_scored(rt, 4, quality=0.9)
        await _record_scored(rt, 10, quality=0.3, start=100)  # below min_quality: not counted
        assert await rt.check_triggers() == []
        await _record_scored(rt, 1, quality=0.9, start=200)
        fired = await rt.check_triggers()
        assert [(f.trait, f.priority, f.reason["trigger"]) for f in fired] == [
            ("python-tutor", "normal", "threshold")
        ]
        assert fired[0].reason["unused_good"] == 5
        assert await rt.check_triggers() == []  # the open job holds the slot
        # Concurrent checks still make one job at most.
        await _record_scored(rt, 5, quality=0.9, start=300)
        results = await asyncio.gather(*(rt.check_triggers() for _ in range(5)))
        assert sum(len(r) for r in results) == 0
    async with Runtime.open(_config(tmp_path, backend_url, cooldown_s=0)) as rt:
        assert await rt.check_triggers() == []  # after a restart: still the same open job
        jobs = await rt.list_jobs("ada")
        assert len(jobs) == 1 and jobs[0].status == "queued"
        assert jobs[0].reason["trigger"] == "threshold"
        events = await rt.store.events.list("ada")
        assert [e["kind"] for e in events] == ["TrainingQueued"]


async def test_cooldown_and_daily_limit(backend_url: str, tmp_path: Path) -> None:
    async with Runtime.open(_config(tmp_path, backend_url, max_jobs_per_day=2)) as rt:
        await _record_scored(rt, 5, quality=0.9)
        (first,) = await rt.check_triggers()
        await claimed(rt, first.job_id)
        await rt.store.jobs.finish(first.job_id, TEST_WORKER, Step.FAIL, error="boom")
        now = time.time()
        assert await rt.check_triggers(now) == []  # within the cooldown
        (second,) = await rt.check_triggers(now + 3601)
        await claimed(rt, second.job_id)
        await rt.store.jobs.finish(second.job_id, TEST_WORKER, Step.FAIL)
        assert await rt.check_triggers(now + 7300) == []  # 2 jobs today: the limit
        assert len(await rt.check_triggers(now + DAY + 7300)) == 1


async def test_quality_drop_fires_against_the_deployed_baseline(
    backend_url: str, tmp_path: Path
) -> None:
    config = _config(tmp_path, backend_url, threshold=1000, quality_window=10, cooldown_s=0)
    async with Runtime.open(config) as rt:
        await _record_scored(rt, 10, quality=0.76)
        assert await rt.check_triggers() == []  # nothing deployed: no baseline, no drop
        await rt.store.genome.add_version(
            "ada", "python-tutor", layer={"kind": "local", "manifest": {}}, job_id=None,
            deploy=True, by="test", baseline_quality=0.8,
        )  # fmt: skip
        assert await rt.check_triggers() == []  # 0.76 is 5% below 0.8: not a drop
        await _record_scored(rt, 10, quality=0.6, start=100)  # last 10: 0.6, 25% below
        (fired,) = await rt.check_triggers()
        assert fired.priority == "high" and fired.reason["trigger"] == "quality_drop"
        assert fired.reason["baseline_quality"] == 0.8
        assert fired.reason["rolling_quality"] == pytest.approx(0.6)
        alerts = [e for e in await rt.store.events.list("ada") if e["is_alert"]]
        assert [a["kind"] for a in alerts] == ["QualityDropped"]


async def test_age_trigger_needs_an_old_layer_and_new_data(
    backend_url: str, tmp_path: Path
) -> None:
    config = _config(tmp_path, backend_url, threshold=1000, min_new_for_age=3, cooldown_s=0)
    async with Runtime.open(config) as rt:
        await _record_scored(rt, 2, quality=0.9)
        await rt.store.genome.add_version(
            "ada", "python-tutor", layer={"kind": "local", "manifest": {}}, job_id=None,
            deploy=True, by="test", baseline_quality=None,
        )  # fmt: skip
        later = time.time() + 31 * DAY
        assert await rt.check_triggers(later) == []  # only 2 new interactions
        await _record_scored(rt, 1, quality=0.9, start=50)
        assert await rt.check_triggers(time.time() + 29 * DAY) == []  # not old enough
        (fired,) = await rt.check_triggers(later)
        assert fired.reason["trigger"] == "age" and fired.priority == "low"


async def test_interactions_are_marked_used_only_when_deployed(
    backend_url: str, tmp_path: Path
) -> None:
    async with Runtime.open(_config(tmp_path, backend_url, cooldown_s=0)) as rt:
        ids = await _record_scored(rt, 6, quality=0.9)
        (job,) = await rt.check_triggers()
        await claimed(rt, job.job_id)
        dataset, folder = await rt.build_dataset("ada", "python-tutor", job_id=job.job_id)
        assert sorted(dataset.interaction_ids) == sorted(ids)
        assert (folder / "manifest.json").exists()
        assert await rt.store.interactions.count("ada", used=False) == 6  # claimed, not used

        # A rejected candidate releases them for the next attempt.
        await rt.store.genome.add_version(
            "ada", "python-tutor", layer={"manifest": {}}, job_id=job.job_id,
            deploy=False, by="auto-test", owner=TEST_WORKER,
        )  # fmt: skip
        assert await rt.store.interactions.count("ada", used=False) == 6
        assert (await rt.get_job(job.job_id)).status == "rejected"

        # The next job claims them again; its deployment marks them used, atomically.
        (again,) = await rt.check_triggers()
        await claimed(rt, again.job_id)
        dataset, _ = await rt.build_dataset("ada", "python-tutor", job_id=again.job_id)
        assert len(dataset.interaction_ids) == 6
        version, _ = await rt.store.genome.add_version(
            "ada", "python-tutor", layer={"manifest": {}}, job_id=again.job_id,
            deploy=True, by="auto-test", baseline_quality=0.9, owner=TEST_WORKER,
        )  # fmt: skip
        assert version == 2
        assert await rt.store.interactions.count("ada", used=True) == 6
        row = await rt.store.interactions.get(ids[0])
        assert row is not None and row.used
        active = await rt.store.genome.active("ada", "python-tutor")
        assert active is not None and active["version"] == 2 and active["parent_version"] is None
        assert await rt.check_triggers() == []  # nothing unused is left


async def test_a_failed_training_leaves_interactions_unused(
    backend_url: str, tmp_path: Path
) -> None:
    async with Runtime.open(_config(tmp_path, backend_url)) as rt:
        await _record_scored(rt, 5, quality=0.9)
        (job,) = await rt.check_triggers()
        await claimed(rt, job.job_id)
        await rt.build_dataset("ada", "python-tutor", job_id=job.job_id)
        await rt.store.jobs.finish(job.job_id, TEST_WORKER, Step.FAIL, error="out of memory")
        assert await rt.store.interactions.count("ada", used=False) == 5
        candidates = await rt.store.training.candidates("ada", "python-tutor", min_quality=0.6)
        assert len(candidates) == 5  # free to be claimed by the next attempt


async def test_corrected_and_rated_turns_count_towards_the_threshold(
    backend_url: str, tmp_path: Path
) -> None:
    """A trait taught through corrections has poor replies by definition: what it learns from
    is the corrections, so they count, as does a thumbs-up. A thumbs-down is learned from (KTO)
    but cannot carry a job alone: it does not count.
    """
    async with Runtime.open(_config(tmp_path, backend_url)) as rt:
        ids = await _record_scored(rt, 6, quality=0.2)
        assert await rt.check_triggers() == []
        ada = await rt.persona("ada")
        repo = ScoringRepo(rt.store.db)

        async def rescore() -> None:  # feedback asks for a new score: a poor one here
            await repo.save(
                [{"id": r["id"], "quality": 0.1, "components": {}, "trait": "python-tutor",
                  "trait_source": "caller", "feedback_at": r["feedback_at"]}
                 for r in await repo.unscored(100)]
            )  # fmt: skip

        for n, i in enumerate(ids[:4]):
            await ada.feedback(i, correction=f"The right answer {n}.")
        await ada.feedback(ids[4], rating=0.0)
        await rescore()
        assert await rt.check_triggers() == []  # 4 corrections; the thumbs-down does not count
        await ada.feedback(ids[5], rating=1.0)
        await rescore()
        (fired,) = await rt.check_triggers()
        assert fired.reason["trigger"] == "threshold" and fired.reason["unused_good"] == 5
