"""Failover local -> openai (fake server) -> deepseek (probe: unsupported), retries with
backoff, and the budget gate; every decision recorded on the training session.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
from pathlib import Path

import pytest

from lifelong import BudgetExceeded, Runtime, Trait
from lifelong.adapters.base import Estimate, TrainRequest
from lifelong.adapters.failover import Budget, ProviderChain, ProvidersExhausted, RetryPolicy
from lifelong.adapters.local_peft import LocalPeftConfig, LocalPeftProvider
from lifelong.adapters.openai_compatible import (
    OpenAICompatibleProvider,
    deepseek_config,
    openai_config,
)
from tests.fakes.openai_server import FakeOpenAIServer
from tests.helpers import TEST_WORKER, claimed, trained_job

pytestmark = pytest.mark.integration
KEY = "sk-test-failover-0123456789abcdefghij"


def _dataset(tmp_path: Path) -> Path:
    folder = tmp_path / "dataset"
    folder.mkdir()
    line = {"messages": [{"role": "user", "content": "hi"},
                         {"role": "assistant", "content": "hello"}]}  # fmt: skip
    (folder / "train.jsonl").write_text(json.dumps(line) + "\n")
    (folder / "val.jsonl").write_text("")
    (folder / "dpo.jsonl").write_text("")
    (folder / "manifest.json").write_text(json.dumps({"hash": "abc"}))
    return folder


def _chain(server: FakeOpenAIServer, deepseek: FakeOpenAIServer, tmp_path: Path, **kw):  # type: ignore[no-untyped-def]
    fast = {"poll_interval_s": 0.01, "max_poll_interval_s": 0.02}
    sleeps: list[float] = []

    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)

    providers = [
        LocalPeftProvider(LocalPeftConfig(base_model=str(tmp_path / "no-such-model"))),
        OpenAICompatibleProvider(openai_config(api_key=KEY, base_url=server.url, **fast)),
        OpenAICompatibleProvider(deepseek_config(api_key=KEY, base_url=deepseek.url, **fast)),
    ]
    chain = ProviderChain(providers, retry=RetryPolicy(max_attempts=3), sleep=sleep, seed=1, **kw)
    return chain, sleeps


async def test_failover_records_every_decision_on_the_session(
    runtime: Runtime, tmp_path: Path
) -> None:
    await runtime.persona("ada", traits=[Trait("python-tutor", "explains Python")])
    job_id = await runtime.queue_training("ada", "python-tutor")
    await claimed(runtime, job_id)
    request = TrainRequest(job_id, "ada", "python-tutor", _dataset(tmp_path), "abc",
                           tmp_path / "out")  # fmt: skip
    with (
        FakeOpenAIServer(KEY) as openai_server,
        FakeOpenAIServer(KEY, fine_tuning=False) as deepseek_server,
    ):
        # local: bad base model (permanent) -> openai: 500 once (retry) then 401 (permanent)
        # -> deepseek: no fine-tuning endpoint (unsupported).
        openai_server.fail_next(500, count=1, path_prefix="/v1/files")
        openai_server.fail_next(401, count=1, path_prefix="/v1/files")
        chain, sleeps = _chain(openai_server, deepseek_server, tmp_path)

        async def record(decision):  # type: ignore[no-untyped-def]
            await runtime.store.jobs.add_decision(job_id, TEST_WORKER, decision.as_dict())

        with pytest.raises(ProvidersExhausted) as info:
            await chain.train(request, lambda p: None, asyncio.Event(), on_decision=record)
        assert deepseek_server.requests_to("POST", "/v1/files") == []

        stored = (await runtime.get_job(job_id)).decisions
        steps = [(d["provider"], d["action"], d.get("error")) for d in stored]
        assert steps == [
            ("local", "start", None),
            ("local", "next", "ProviderPermanent"),
            ("openai", "start", None),
            ("openai", "retry", "ProviderRetryable"),
            ("openai", "start", None),
            ("openai", "next", "ProviderPermanent"),
            ("deepseek", "start", None),
            ("deepseek", "next", "ProviderUnsupported"),
        ]
        assert len(sleeps) == 1 and 1.0 <= sleeps[0] <= 3.0  # 2 s +- 50% jitter
        assert "no fine-tuning endpoint" in str(info.value)
        assert KEY not in json.dumps(stored) and KEY not in str(info.value)

        # Next time openai is healthy: the chain stops at the first provider that succeeds.
        result, estimate = await chain.train(request, lambda p: None, asyncio.Event())
        assert result.provider == "openai" and result.remote_model
        assert estimate.tokens > 0


async def test_budget_gate_needs_approval(tmp_path: Path) -> None:
    request = TrainRequest("s", "ada", "t", _dataset(tmp_path), "abc", tmp_path / "out")
    with FakeOpenAIServer(KEY) as server:
        provider = OpenAICompatibleProvider(
            openai_config(api_key=KEY, base_url=server.url, poll_interval_s=0.01,
                          max_poll_interval_s=0.02, price_per_million_tokens=1e9)
        )  # fmt: skip
        chain = ProviderChain([provider], budget=Budget(per_job=1.0))
        with pytest.raises(BudgetExceeded, match="per-job"):
            await chain.train(request, lambda p: None, asyncio.Event())
        assert server.requests_to("POST", "/v1/files") == []  # nothing was started
        monthly = ProviderChain([provider], budget=Budget(per_persona_month=10_000.0))
        with pytest.raises(BudgetExceeded, match="monthly"):
            await monthly.train(request, lambda p: None, asyncio.Event(), spent_this_month=9_999.0)
        result, _ = await chain.train(request, lambda p: None, asyncio.Event(), approved=True)
        assert result.remote_model


async def test_spend_is_summed_per_calendar_month(runtime: Runtime) -> None:
    await runtime.persona("ada")
    await trained_job(runtime, "ada", "a", provider="openai", cost=1.25)
    await trained_job(runtime, "ada", "b", provider="openai", cost=2.5)
    await trained_job(runtime, "ada", "c", provider="deepseek", cost=None)  # price unknown
    assert await runtime.store.training.spent_this_month("ada") == pytest.approx(3.75)
    assert await runtime.store.training.spent_this_month("bob") == 0.0


def test_a_budget_refuses_an_unknown_price_and_no_budget_lets_it_through() -> None:
    unknown = Estimate(tokens=129_000, cost=None, seconds=60.0, price_key="deepseek:deepseek-chat")
    for budget in (Budget(per_job=0.01), Budget(per_persona_month=100.0)):
        refusal = budget.refusal(unknown, spent_this_month=0.0)
        assert refusal is not None and 'training.prices["deepseek:deepseek-chat"]' in refusal
    assert Budget().refusal(unknown, spent_this_month=0.0) is None
    assert Budget(per_job=1.0).refusal(Estimate(10, 0.5, 1.0), 0.0) is None
    assert "per-job" in (Budget(per_job=1.0).refusal(Estimate(10, 2.0, 1.0), 0.0) or "")


async def test_a_kto_job_never_fails_over_but_an_optional_preference_pass_is_dropped(
    tmp_path: Path,
) -> None:
    folder = _dataset(tmp_path)
    (folder / "kto.jsonl").write_text("")
    fast = {"poll_interval_s": 0.01, "max_poll_interval_s": 0.02}
    with FakeOpenAIServer(KEY) as server:
        provider = OpenAICompatibleProvider(openai_config(api_key=KEY, base_url=server.url, **fast))
        chain = ProviderChain([provider])
        decisions: list = []
        # Asked for KTO: the provider cannot, and says so; nothing is uploaded.
        kto = TrainRequest("s", "ada", "t", folder, "abc", tmp_path / "kto", method="kto")
        with pytest.raises(ProvidersExhausted, match="openai: does not support KTO training"):
            await chain.train(kto, lambda p: None, asyncio.Event(), on_decision=decisions.append)
        assert server.requests_to("POST", "/v1/files") == []
        # Asked for SFT then KTO: a KTO pass auto chose is optional, so the provider trains
        # the SFT pass and the decisions say what was dropped.
        staged = TrainRequest("s", "ada", "t", folder, "abc", tmp_path / "auto",
                              preference="kto")  # fmt: skip
        with pytest.raises(ProvidersExhausted, match="openai: does not support KTO training"):
            await chain.train(staged, lambda p: None, asyncio.Event())
        decisions.clear()
        optional = dataclasses.replace(staged, preference_optional=True)
        result, _ = await chain.train(
            optional, lambda p: None, asyncio.Event(), on_decision=decisions.append
        )
        assert result.remote_model and result.manifest["method"] == "sft"
        assert (decisions[0].action, decisions[0].message) == (
            "degrade",
            "openai: does not support KTO training: trains SFT only",
        )
