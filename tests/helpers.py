"""Small helpers shared by the tests."""

from __future__ import annotations

from typing import Any


def turn(question: str = "How do I reverse a list?", answer: str = "Use items[::-1].") -> list:
    return [{"role": "user", "content": question}, {"role": "assistant", "content": answer}]


async def record_scored(
    rt: Any, persona: Any, pairs: list[tuple[str, str]], trait: str, quality: float = 0.9
) -> list[str]:
    """Record question/answer turns for ``trait`` and score them ``quality`` directly, so a
    test can build datasets without loading MiniLM.
    """
    from lifelong.storage import ScoringRepo

    ids = [await persona.record(turn(q, a), trait=trait) for q, a in pairs]
    await ScoringRepo(rt.store.db).save(
        [{"id": i, "quality": quality, "components": {}, "trait": trait,
          "trait_source": "caller", "feedback_at": None} for i in ids]
    )  # fmt: skip
    return ids


# What a tiny test model learns decisively on any CPU: one reply, whatever the sum asked. A
# tiny random model cannot learn arithmetic (a held-out "7 plus 7" is a number it never saw),
# but it learns a reply it saw in every example within a few dozen steps: its held-out NLL
# falls by more than half and its greedy answers repeat the name, so a test that needs a
# layer to pass the gate does not rest on the last bits of one machine's arithmetic.
TAUGHT_REPLY = "Professor Quillfeather says: count on your fingers!"


def taught_pairs(n: int, prefix: str = "") -> list[tuple[str, str]]:
    """``n`` different questions, each answered with :data:`TAUGHT_REPLY`."""
    return [(f"{prefix}What is {i} plus {i}?", TAUGHT_REPLY) for i in range(n)]


TEST_WORKER = "test-worker"


async def trained_job(
    rt: Any,
    persona: str,
    trait: str,
    *,
    provider: str = "local",
    cost: float | None = 0.0,
    estimate: dict[str, Any] | None = None,
    owner: str = TEST_WORKER,
) -> str:
    """A job of (persona, trait) taken through the real transitions to ``trained`` and still
    held by ``owner``: queued, claimed, started, trained by ``provider`` at ``cost``.
    """
    job_id = await rt.store.jobs.queue(persona, trait, reason={"trigger": "manual"})
    assert job_id is not None, f"{persona}/{trait} already has an open job"
    await claimed(rt, job_id, owner)
    await rt.store.jobs.start(job_id, owner, dataset_hash="0" * 64)
    await rt.store.jobs.trained(
        job_id, owner, provider=provider, cost=cost, estimate=estimate,
        result={"provider": provider, "kind": "local", "artifact_dir": None, "manifest": {}},
    )  # fmt: skip
    return job_id


async def claimed(rt: Any, job_id: str, owner: str = TEST_WORKER) -> Any:
    """Claim job ``job_id`` for ``owner`` (as a worker would), or fail the test."""
    job = await rt.store.jobs.claim_next(owner, 600, job_id=job_id)
    assert job is not None, f"job {job_id} could not be claimed"
    return job
