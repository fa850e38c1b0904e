"""A queued session trained end to end: dataset claimed, progress in the metrics table,
decisions on the session, then deployed with its interactions marked used.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lifelong import BudgetExceeded, Runtime, Trait
from lifelong.adapters.failover import Budget, ProviderChain
from lifelong.adapters.local_peft import LocalPeftConfig, LocalPeftProvider
from lifelong.adapters.openai_compatible import OpenAICompatibleProvider, openai_config
from lifelong.runtime.training import run_training_session
from tests.fakes.openai_server import FakeOpenAIServer
from tests.helpers import record_scored

pytestmark = pytest.mark.integration
KEY = "sk-test-session-0123456789abcdefghij"


async def _queued(rt: Runtime, n: int = 8) -> str:
    ada = await rt.persona("ada", traits=[Trait("math", "adds numbers")])
    pairs = [(f"What is {i} plus {i}?", f"{i} plus {i} is {2 * i}.") for i in range(n)]
    await record_scored(rt, ada, pairs, "math")
    session_id = await rt.training.queue("ada", "math", reason={"trigger": "manual"})
    assert session_id is not None
    return session_id


async def test_local_training_session_streams_metrics_and_deploys(
    runtime: Runtime, tiny_model_dir: Path
) -> None:
    session_id = await _queued(runtime)
    provider = LocalPeftProvider(
        LocalPeftConfig(base_model=str(tiny_model_dir), max_steps=4, save_steps=2,
                        learning_rate=5e-2, batch_size=4)
    )  # fmt: skip
    result = await run_training_session(runtime, session_id, ProviderChain([provider]))
    session = await runtime.training.get(session_id)
    assert session is not None and session["status"] == "trained"
    assert session["provider"] == "local" and session["cost"] == 0.0
    assert session["estimate"]["tokens"] > 0
    assert [d["action"] for d in session["decisions"]] == ["start", "succeeded"]
    losses = await runtime.metrics.series(session_id, "loss")
    assert [step for step, _ in losses] == [1, 2, 3, 4]
    summary = await runtime.metrics.summary(session_id, "loss")
    assert summary["count"] == 4 and summary["last"] == losses[-1][1]
    assert summary["min"] <= summary["mean"] <= summary["max"]
    assert result.artifact_dir is not None
    assert result.artifact_dir.is_relative_to(runtime.config.home / "sessions" / session_id)
    assert await runtime.interactions.count("ada", used=False) == 8  # not deployed yet

    await runtime.genome.add_version(
        "ada", "math", layer={"kind": "local", "manifest": result.manifest},
        session_id=session_id, deploy=True, by="test",
    )  # fmt: skip
    assert await runtime.interactions.count("ada", used=True) == 8
    kinds = [e["kind"] for e in await runtime.events.list("ada")]
    assert "TrainingStarted" in kinds and "TrainingCompleted" in kinds


async def test_over_budget_session_waits_for_approval(runtime: Runtime) -> None:
    session_id = await _queued(runtime)
    with FakeOpenAIServer(KEY) as server:
        provider = OpenAICompatibleProvider(
            openai_config(api_key=KEY, base_url=server.url, poll_interval_s=0.01,
                          max_poll_interval_s=0.02, price_per_million_tokens=1e9)
        )  # fmt: skip
        chain = ProviderChain([provider], budget=Budget(per_job=0.5))
        with pytest.raises(BudgetExceeded):
            await run_training_session(runtime, session_id, chain)
        session = await runtime.training.get(session_id)
        assert session is not None and session["status"] == "needs_approval"
        assert session["open_slot"] == "ada/math"  # still holds its place
        alerts = [e for e in await runtime.events.list("ada") if e["is_alert"]]
        assert [a["kind"] for a in alerts] == ["BudgetExceeded"]
        assert server.requests_to("POST", "/v1/files") == []

        # Approved: it runs, and the actual cost is stored.
        result = await run_training_session(runtime, session_id, chain, approved=True)
        assert result.remote_model
        session = await runtime.training.get(session_id)
        assert session is not None and session["status"] == "trained"
        assert session["cost"] is not None and session["cost"] > 0
        assert KEY not in json.dumps(session, default=str)
