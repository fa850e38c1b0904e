"""The durable job queue: priorities, and every control verb on queued and running jobs."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from lifelong import Runtime, RuntimeConfig, Trait
from lifelong.errors import LifelongError, NotFound
from tests.helpers import record_scored

pytestmark = pytest.mark.integration


def _config(tmp_path: Path, tiny_model_dir: Path, steps: int = 40) -> RuntimeConfig:
    return RuntimeConfig(
        home=tmp_path / "home",
        background=False,
        training={
            "providers": ["local"],
            "base_model": str(tiny_model_dir),
            "local": {"max_steps": steps, "save_steps": 2, "learning_rate": 5e-2, "batch_size": 2},
        },
    )


async def _persona(rt: Runtime, traits: tuple[str, ...] = ("math",), n: int = 12) -> None:
    ada = await rt.persona("ada", traits=[Trait(t, f"{t} questions") for t in traits])
    for trait in traits:
        pairs = [(f"{trait}: what is {i} plus {i}?", f"{i} plus {i} is {2 * i}.") for i in range(n)]
        await record_scored(rt, ada, pairs, trait)


async def test_jobs_are_taken_by_priority_then_first_in(runtime: Runtime) -> None:
    await runtime.persona("ada", traits=[Trait(t, t) for t in ("a", "b", "c", "d")])
    low = await runtime.queue_training("ada", "a", priority="low")
    normal1 = await runtime.queue_training("ada", "b")
    high = await runtime.queue_training("ada", "c", priority="high")
    normal2 = await runtime.queue_training("ada", "d")
    order = []
    for _ in range(4):
        job = await runtime.training.claim_next("w1", 60)
        assert job is not None and job["lease_owner"] == "w1" and job["status"] == "running"
        order.append(job["id"])
    assert order == [high, normal1, normal2, low]
    assert await runtime.training.claim_next("w1", 60) is None
    with pytest.raises(LifelongError, match="already has an open training job"):
        await runtime.queue_training("ada", "a")
    with pytest.raises(NotFound, match="declared traits"):
        await runtime.queue_training("ada", "nope")


async def test_an_expired_lease_is_taken_over(runtime: Runtime) -> None:
    await runtime.persona("ada", traits=[Trait("a", "a")])
    job_id = await runtime.queue_training("ada", "a")
    first = await runtime.training.claim_next("dead-worker", 0.01)
    assert first is not None and first["id"] == job_id
    await asyncio.sleep(0.05)
    ours, _ = await runtime.training.heartbeat(job_id, "dead-worker", 60)
    assert ours  # nobody else took it yet: the heartbeat renews it
    await asyncio.sleep(0)
    assert await runtime.training.claim_next("w2", 60) is None  # renewed, not expired
    await runtime.training.heartbeat(job_id, "dead-worker", 0.01)
    await asyncio.sleep(0.05)
    taken = await runtime.training.claim_next("w2", 60)
    assert taken is not None and taken["id"] == job_id and taken["lease_owner"] == "w2"
    ours, _ = await runtime.training.heartbeat(job_id, "dead-worker", 60)
    assert not ours


async def test_verbs_on_jobs_nobody_is_running(runtime: Runtime) -> None:
    await runtime.persona("ada", traits=[Trait(t, t) for t in ("a", "b", "c")])
    a = await runtime.queue_training("ada", "a")
    b = await runtime.queue_training("ada", "b")
    c = await runtime.queue_training("ada", "c")
    assert (await runtime.control_job(a, "pause"))["status"] == "paused"
    with pytest.raises(LifelongError, match="only a paused job resumes"):
        await runtime.control_job(b, "resume")
    assert (await runtime.training.claim_next("w", 60))["id"] == b  # a is paused: skipped over
    await runtime.training.release(b, "w", status="queued")
    assert (await runtime.control_job(a, "resume"))["status"] == "queued"
    skipped = await runtime.control_job(a, "skip")
    assert (
        skipped["status"] == "queued"
        and skipped["created_at"] > (await runtime.training.get(c))["created_at"]
    )
    stopped = await runtime.control_job(b, "stop")
    assert stopped["status"] == "stopped" and stopped["open_slot"] is None
    cancelled = await runtime.control_job(c, "cancel")
    assert cancelled["status"] == "cancelled"
    with pytest.raises(LifelongError, match="has ended"):
        await runtime.control_job(c, "pause")
    with pytest.raises(NotFound):
        await runtime.control_job("no-such-job", "pause")
    # A freed slot takes a new job.
    assert await runtime.queue_training("ada", "b")


async def _run_until_progress(rt: Runtime, verb: str, job_id: str) -> dict[str, Any]:
    """Run the job in a task, send ``verb`` once it has saved a checkpoint; return outcome."""
    checkpoints = rt.config.home / "sessions" / job_id / "local" / "checkpoints"
    task = asyncio.create_task(rt.run_jobs(limit=1))
    for _ in range(600):
        if any((p / "COMPLETE").exists() for p in checkpoints.glob("checkpoint-*")):
            break
        await asyncio.sleep(0.1)
    else:
        pytest.fail("no checkpoint appeared")
    session = await rt.control_job(job_id, verb)
    assert session["control"] == verb  # held by the worker: it acts at a step boundary
    (outcome,) = await asyncio.wait_for(task, 120)
    return outcome


async def test_pause_then_resume_continues_from_the_checkpoint(
    tmp_path: Path, tiny_model_dir: Path
) -> None:
    async with Runtime.open(_config(tmp_path, tiny_model_dir)) as rt:
        await _persona(rt)
        job_id = await rt.queue_training("ada", "math")
        outcome = await _run_until_progress(rt, "pause", job_id)
        assert outcome["status"] == "paused"
        session = await rt.training.get(job_id)
        assert session["status"] == "paused" and session["lease_owner"] is None
        assert session["open_slot"] == "ada/math"  # paused keeps its slot and claims
        assert await rt.run_jobs() == []  # a paused job is not taken
        await rt.control_job(job_id, "resume")
        (done,) = await rt.run_jobs()
        assert done["status"] in ("deployed", "rejected")
        manifest = (await rt.layers.versions("ada"))[0]["manifest"]
        assert manifest["resumed_from_step"] > 0 and manifest["steps"] == 40


@pytest.mark.parametrize("verb", ["stop", "cancel", "skip"])
async def test_stop_cancel_and_skip_a_running_job(
    tmp_path: Path, tiny_model_dir: Path, verb: str
) -> None:
    async with Runtime.open(_config(tmp_path, tiny_model_dir, steps=200)) as rt:
        await _persona(rt, traits=("math", "words"))
        job_id = await rt.queue_training("ada", "math", priority="high")
        other = await rt.queue_training("ada", "words")
        outcome = await _run_until_progress(rt, verb, job_id)
        session = await rt.training.get(job_id)
        checkpoints = rt.config.home / "sessions" / job_id / "local" / "checkpoints"
        if verb == "skip":
            assert outcome["status"] == "queued" and session["status"] == "queued"
            # It went to the back of the line: the next job taken is the other one.
            assert (await rt.training.claim_next("w", 60))["id"] == other
            assert list(checkpoints.glob("checkpoint-*"))
            return
        assert (
            outcome["status"]
            == session["status"]
            == {"stop": "stopped", "cancel": "cancelled"}[verb]
        )
        assert session["open_slot"] is None
        assert await rt.interactions.count("ada", used=False) == 24
        # Its claims were released: the next job for the trait can use every interaction.
        assert len(await rt.training.candidates("ada", "math", min_quality=0.0)) == 12
        assert bool(list(checkpoints.glob("checkpoint-*"))) == (verb == "stop")
        assert await rt.layers.versions("ada") == []
