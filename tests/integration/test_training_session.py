"""A queued session trained end to end: dataset claimed, progress in the metrics table,
decisions on the session, then deployed with its interactions marked used; the budget gate,
approval, and providers whose price is unknown.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lifelong import Runtime, RuntimeConfig, Trait
from lifelong.adapters.failover import Budget, ProviderChain
from lifelong.adapters.local_peft import LocalPeftConfig, LocalPeftProvider
from lifelong.adapters.openai_compatible import OpenAICompatibleProvider, openai_config
from lifelong.jobs import Step
from lifelong.runtime.training import run_training_session
from tests.fakes.openai_server import FakeOpenAIServer
from tests.helpers import TEST_WORKER, claimed, record_scored

pytestmark = pytest.mark.integration
KEY = "sk-test-session-0123456789abcdefghij"


async def _queued(rt: Runtime, n: int = 12) -> str:
    ada = await rt.persona("ada", traits=[Trait("math", "adds numbers")])
    pairs = [(f"What is {i} plus {i}?", f"{i} plus {i} is {2 * i}.") for i in range(n)]
    await record_scored(rt, ada, pairs, "math")
    return await rt.queue_training("ada", "math")


def _openai(server: FakeOpenAIServer, price: float | None) -> OpenAICompatibleProvider:
    return OpenAICompatibleProvider(
        openai_config(api_key=KEY, base_url=server.url, poll_interval_s=0.01,
                      max_poll_interval_s=0.02, price_per_million_tokens=price)
    )  # fmt: skip


async def test_local_training_session_streams_metrics_and_deploys(
    runtime: Runtime, tiny_model_dir: Path
) -> None:
    job_id = await _queued(runtime)
    provider = LocalPeftProvider(
        LocalPeftConfig(base_model=str(tiny_model_dir), max_steps=4, save_steps=2,
                        learning_rate=5e-2, batch_size=4)
    )  # fmt: skip
    await claimed(runtime, job_id)
    result = await run_training_session(
        runtime.jobs.training, job_id, ProviderChain([provider]), owner=TEST_WORKER
    )
    job = await runtime.get_job(job_id)
    assert job.status == "trained" and job.provider == "local" and job.cost == 0.0
    assert job.estimate is not None and job.estimate["tokens"] > 0
    assert [d["action"] for d in job.decisions] == ["start", "succeeded"]
    losses = await runtime.store.metrics.series(job_id, "loss")
    assert [step for step, _ in losses] == [1, 2, 3, 4]
    summary = await runtime.store.metrics.summary(job_id, "loss")
    assert summary["count"] == 4 and summary["last"] == losses[-1][1]
    assert summary["min"] <= summary["mean"] <= summary["max"]
    assert result.artifact_dir is not None
    assert result.artifact_dir.is_relative_to(runtime.config.home / "sessions" / job_id)
    assert await runtime.store.interactions.count("ada", used=False) == 12  # not deployed yet

    await runtime.store.genome.add_version(
        "ada", "math", layer={"kind": "local", "manifest": result.manifest},
        job_id=job_id, deploy=True, by="test", owner=TEST_WORKER,
    )  # fmt: skip
    assert await runtime.store.interactions.count("ada", used=True) == 12
    kinds = [e["kind"] for e in await runtime.store.events.list("ada")]
    assert "TrainingStarted" in kinds and "TrainingCompleted" in kinds


async def _rated(runtime: Runtime) -> list[str]:
    """16 turns of ada/math, the first 8 rated: thumbs up for every other one, down for the
    rest (which makes those replies poor). Returns the ids of the thumbs-down turns.
    """
    from lifelong.storage import ScoringRepo

    ada = await runtime.persona("ada", traits=[Trait("math", "adds numbers")])
    pairs = [(f"What is {i} plus {i}?", f"{i} plus {i} is {2 * i}.") for i in range(16)]
    ids = await record_scored(runtime, ada, pairs, "math")
    for n, i in enumerate(ids[:8]):
        await ada.feedback(i, rating=float(n % 2))
    # Feedback asks for a new score: a thumbs-down makes a reply poor, too poor to imitate.
    rescored = await ScoringRepo(runtime.store.db).unscored(100)
    await ScoringRepo(runtime.store.db).save(
        [{"id": r["id"], "quality": 0.9 if r["feedback_rating"] else 0.2, "components": {},
          "trait": "math", "trait_source": "caller", "feedback_at": r["feedback_at"]}
         for r in rescored]
    )  # fmt: skip
    return ids[:8:2]


def _tiny_local(tiny_model_dir: Path) -> LocalPeftProvider:
    return LocalPeftProvider(
        LocalPeftConfig(base_model=str(tiny_model_dir), max_steps=2, learning_rate=5e-2,
                        batch_size=4, replay_ratio=0.0)
    )  # fmt: skip


async def test_auto_learns_from_ratings_after_sft_and_a_named_method_needs_its_signal(
    runtime: Runtime, tiny_model_dir: Path
) -> None:
    from lifelong.errors import NothingToLearn

    await _rated(runtime)
    provider = _tiny_local(tiny_model_dir)
    # A correction-trained job on a trait nobody corrected is refused before training.
    dpo = await runtime.queue_training("ada", "math", method="dpo")
    await claimed(runtime, dpo)
    with pytest.raises(NothingToLearn, match="no corrections to learn from"):
        await run_training_session(
            runtime.jobs.training, dpo, ProviderChain([provider]), owner=TEST_WORKER
        )
    await runtime.store.jobs.finish(dpo, TEST_WORKER, Step.FAIL, error="nothing to learn")

    # auto (the default): SFT on the good turns, then KTO on the 8 ratings.
    job_id = await runtime.queue_training("ada", "math")
    await claimed(runtime, job_id)
    result = await run_training_session(
        runtime.jobs.training, job_id, ProviderChain([provider]), owner=TEST_WORKER
    )
    assert result.manifest["method"] == "sft" and result.manifest["preference"] == "kto"
    assert result.steps == 4 and result.manifest["examples"]["kto_examples"] == 8
    assert result.manifest["examples"]["examples"] == 8  # 12 good turns, 4 held out
    events = await runtime.store.events.list("ada")
    (started,) = [e for e in events if e["kind"] == "TrainingStarted"]
    assert started["payload"]["method"] == "sft+kto"
    assert started["payload"]["method_reason"] == "8 examples, then 8 ratings"
    # all in use:
    assert await runtime.store.training.candidates("ada", "math", min_quality=0.6) == []


async def test_a_job_without_a_kto_pass_leaves_the_thumbs_down_turns_for_one_that_has(
    runtime: Runtime, tiny_model_dir: Path
) -> None:
    thumbs_down = await _rated(runtime)
    job_id = await runtime.queue_training("ada", "math", method="sft")
    await claimed(runtime, job_id)
    await run_training_session(
        runtime.jobs.training,
        job_id,
        ProviderChain([_tiny_local(tiny_model_dir)]),
        owner=TEST_WORKER,
    )
    free = await runtime.store.training.candidates("ada", "math", min_quality=0.6)
    assert sorted(r["id"] for r in free) == sorted(thumbs_down)


async def test_over_budget_job_waits_for_approval_then_runs(runtime: Runtime) -> None:
    job_id = await _queued(runtime)
    with FakeOpenAIServer(KEY) as server:
        chain = ProviderChain([_openai(server, 1e9)], budget=Budget(per_job=0.5))
        runtime.jobs.chain_for = lambda job: chain
        outcome = await runtime.run_job(job_id)
        assert outcome is not None and outcome["status"] == "needs_approval"
        job = await runtime.get_job(job_id)
        assert job.status == "needs_approval" and job.lease_owner is None
        assert await runtime.store.jobs.open_job("ada", "math") == job  # still holds its place
        alerts = [e for e in await runtime.store.events.list("ada") if e["is_alert"]]
        assert [a["kind"] for a in alerts] == ["BudgetExceeded"]
        assert server.requests_to("POST", "/v1/files") == []
        assert await runtime.run_jobs() == []  # not taken again until a person approves

        # Approved: it runs, the actual cost is stored, and the remote layer deploys.
        assert (await runtime.approve_job(job_id)).status == "queued"
        outcome = await runtime.run_job(job_id)
        assert outcome is not None and outcome["status"] == "deployed"
        job = await runtime.get_job(job_id)
        assert job.status == "deployed" and job.cost is not None and job.cost > 0
        assert KEY not in json.dumps(job.as_dict(), default=str)


async def test_an_unknown_price_is_refused_by_a_budget_and_never_counted_as_free(
    runtime: Runtime,
) -> None:
    """Defect 2: a provider without a price was estimated at 0 USD, so a budget let any job
    through and the monthly cap never accumulated.
    """
    job_id = await _queued(runtime)
    with FakeOpenAIServer(KEY) as server:
        unpriced = _openai(server, None)
        runtime.jobs.chain_for = lambda job: ProviderChain([unpriced], budget=Budget(per_job=0.01))
        outcome = await runtime.run_job(job_id)
        assert outcome is not None and outcome["status"] == "needs_approval"
        assert 'training.prices["openai:gpt-4.1-mini-2025-04-14"]' in outcome["reason"]
        assert server.requests_to("POST", "/v1/files") == []
        await runtime.approve_job(job_id)
        outcome = await runtime.run_job(job_id)
        assert outcome is not None and outcome["status"] == "deployed"
        # Trained, but at a price nobody knows: stored as unknown, not as 0.
        job = await runtime.get_job(job_id)
        assert job.cost is None and job.estimate is not None and job.estimate["cost"] is None


def test_the_configured_chain_prices_only_what_the_config_prices(tmp_path: Path) -> None:
    config = RuntimeConfig(
        home=tmp_path, background=False,
        training={"providers": ["openai", "deepseek"], "openai_model": "gpt-4.1-2025-04-14",
                  "prices": {"openai:gpt-4.1-2025-04-14": 25.0}},
    )  # fmt: skip
    openai, deepseek = Runtime(config).provider_chain().providers
    assert openai.config.price_per_million_tokens == 25.0  # type: ignore[attr-defined]
    assert deepseek.config.price_per_million_tokens is None  # type: ignore[attr-defined]
    unpriced = RuntimeConfig(
        home=tmp_path, background=False,
        training={"providers": ["openai"], "openai_model": "ft-some-new-model", "prices": {}},
    )  # fmt: skip
    (openai,) = Runtime(unpriced).provider_chain().providers
    assert openai.config.price_per_million_tokens is None  # type: ignore[attr-defined]
