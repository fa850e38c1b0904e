"""The OpenAI-compatible trainer provider against a fake fine-tuning server over real HTTP.

The real ``openai`` SDK talks to :class:`~tests.fakes.openai_server.FakeOpenAIServer` on the
loopback interface, so these tests cover the request encoding, the SDK's parsing of responses and
its exceptions, and how the provider turns each of them into progress, a result or one of our
error classes. They also check the promises that matter most for a remote provider: nothing is
uploaded before the key and the endpoint are known to be usable, a cancelled run cancels the
remote job, and the API key appears in no error message and no log line.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import pytest

from lifelong.adapters.base import (
    Capability,
    Progress,
    StopSignal,
    TrainerProvider,
    TrainRequest,
)
from lifelong.adapters.openai_compatible import (
    CHARS_PER_TOKEN,
    DEFAULT_EPOCHS,
    OpenAICompatibleConfig,
    OpenAICompatibleProvider,
    deepseek_config,
    openai_config,
)
from lifelong.errors import ProviderPermanent, ProviderRetryable, ProviderUnsupported
from tests.fakes.openai_server import FakeOpenAIServer

pytestmark = pytest.mark.integration

KEY = "sk-test-LIFELONG-secret-0123456789abcdef"
SYSTEM = {"role": "system", "content": "You are Ada, a patient Python tutor."}
LOGGERS = ("", "openai", "httpx", "httpx2", "httpcore2", "lifelong")


def _chat(question: str, answer: str) -> dict[str, Any]:
    return {
        "messages": [
            SYSTEM,
            {"role": "user", "content": question},
            {"role": "assistant", "content": answer},
        ]
    }


@pytest.fixture
def dataset_dir(tmp_path: Path) -> Path:
    """A small exported dataset in the format lifelong.learning.dataset writes."""
    folder = tmp_path / "dataset"
    folder.mkdir()
    train = [
        _chat("How do I reverse a list?", "Use items[::-1] or items.reverse()."),
        _chat("What does enumerate do?", "It yields (index, item) pairs."),
        _chat("How do I read a file?", "with open(path) as fh: text = fh.read()"),
    ]
    val = [_chat("How do I sort a dict by value?", "sorted(d.items(), key=lambda kv: kv[1])")]
    dpo = [
        {
            "prompt": [SYSTEM, {"role": "user", "content": "Explain a generator."}],
            "chosen": [{"role": "assistant", "content": "A function that yields values lazily."}],
            "rejected": [{"role": "assistant", "content": "Look it up."}],
        }
    ]
    for name, rows in (("train.jsonl", train), ("val.jsonl", val), ("dpo.jsonl", dpo)):
        (folder / name).write_text("".join(json.dumps(r, sort_keys=True) + "\n" for r in rows))
    manifest = {"format": 1, "persona": "ada", "trait": "tutoring", "hash": "f" * 64}
    (folder / "manifest.json").write_text(json.dumps(manifest))
    return folder


@pytest.fixture
def server() -> Iterator[FakeOpenAIServer]:
    with FakeOpenAIServer(api_key=KEY) as fake:
        yield fake


@pytest.fixture(autouse=True)
def no_key_in_logs(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Every test runs with DEBUG logging of the SDK, the HTTP stack and lifelong captured,
    and fails if any record mentions the key.
    """
    for name in LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)
    yield
    leaked = [r for r in caplog.records if KEY in r.getMessage() or KEY in str(r.args)]
    assert not leaked, f"API key in log records: {[r.name for r in leaked]}"


def _request(dataset_dir: Path, method: Literal["sft", "dpo"] = "sft") -> TrainRequest:
    return TrainRequest(
        job_id="job-1",
        persona="Ada Lovelace",
        trait="python_tutoring",
        dataset_dir=dataset_dir,
        dataset_hash="f" * 64,
        output_dir=dataset_dir.parent / "out",
        method=method,
    )


def _provider(server: FakeOpenAIServer, **overrides: Any) -> OpenAICompatibleProvider:
    settings: dict[str, Any] = {
        "base_url": server.url,
        "api_key": KEY,
        "poll_interval_s": 0.005,
        "max_poll_interval_s": 0.02,
        "timeout_s": 5.0,
    }
    settings.update(overrides)
    return OpenAICompatibleProvider(OpenAICompatibleConfig(**settings))


def _full_text(exc: BaseException) -> str:
    """Everything a log or a traceback could show of the exception, chained causes included."""
    return "".join(traceback.format_exception(exc)) + repr(exc) + str(exc)


async def test_sft_success_returns_remote_model_and_reports_losses(
    server: FakeOpenAIServer, dataset_dir: Path
) -> None:
    progress: list[Progress] = []

    async def on_progress(p: Progress) -> None:  # async callbacks are awaited
        progress.append(p)

    provider = _provider(server)
    assert isinstance(provider, TrainerProvider)
    result = await provider.train(_request(dataset_dir), on_progress, asyncio.Event())

    assert result.kind == "remote"
    assert result.provider == "openai"
    assert result.remote_model == "ft:gpt-4.1-mini-2025-04-14:lifelong:ada-lovelace-pytho:abc123"
    assert result.steps == 2
    losses = [p.loss for p in progress if p.loss is not None]
    assert losses and losses == sorted(losses, reverse=True)
    assert result.final_loss == losses[-1]
    assert [p.step for p in progress if p.loss is not None] == [1, 2]

    job = next(iter(server.jobs.values())).public
    assert result.manifest["fine_tuning_job_id"] == job["id"]
    assert result.manifest["job_id"] == "job-1"
    assert result.manifest["base_model"] == "gpt-4.1-mini-2025-04-14"
    assert result.manifest["dataset_hash"] == "f" * 64
    assert result.manifest["method"] == "sft"
    assert result.manifest["trained_tokens"] == job["trained_tokens"] > 0
    assert result.cost == pytest.approx(job["trained_tokens"] / 1e6 * 5.0)

    # Both files uploaded as-is, the job references them, and the bearer key was used.
    uploads = {f.id: f for f in server.uploads}
    assert uploads[job["training_file"]].content == (dataset_dir / "train.jsonl").read_bytes()
    assert uploads[job["validation_file"]].content == (dataset_dir / "val.jsonl").read_bytes()
    create = json.loads(server.requests_to("POST", "/v1/fine_tuning/jobs")[0].body)
    assert create["method"] == {"type": "supervised"}
    assert len(create["suffix"]) <= 18
    assert all(r.headers["authorization"] == f"Bearer {KEY}" for r in server.requests)
    # The job id is on disk as soon as the job exists, for crash recovery.
    record = json.loads((dataset_dir.parent / "out" / "remote_job.json").read_text())
    assert record["job_id"] == job["id"]


async def test_dpo_uploads_openai_preference_format(
    server: FakeOpenAIServer, dataset_dir: Path
) -> None:
    progress: list[Progress] = []
    provider = _provider(server, n_epochs=2)
    result = await provider.train(_request(dataset_dir, "dpo"), progress.append, asyncio.Event())

    assert result.remote_model is not None and result.remote_model.startswith("ft:")
    assert result.manifest["method"] == "dpo"
    assert len(server.uploads) == 1, "DPO uploads no validation file"
    lines = [json.loads(line) for line in server.uploads[0].content.splitlines()]
    source = json.loads((dataset_dir / "dpo.jsonl").read_text())
    assert lines == [
        {
            "input": {"messages": source["prompt"]},
            "preferred_output": source["chosen"],
            "non_preferred_output": source["rejected"],
        }
    ]
    create = json.loads(server.requests_to("POST", "/v1/fine_tuning/jobs")[0].body)
    assert create["method"] == {"type": "dpo", "dpo": {"hyperparameters": {"n_epochs": 2}}}
    assert any(p.loss is not None for p in progress)  # sync callbacks work too


async def test_wrong_key_is_permanent_and_never_shown(
    server: FakeOpenAIServer, dataset_dir: Path
) -> None:
    provider = _provider(server, api_key="sk-test-WRONG-key-9999999999")
    with pytest.raises(ProviderPermanent, match="authentication failed") as info:
        await provider.train(_request(dataset_dir), print, asyncio.Event())
    assert "sk-test-WRONG-key-9999999999" not in _full_text(info.value)
    assert "OPENAI_API_KEY" in str(info.value)


async def test_injected_401_never_shows_the_key(
    server: FakeOpenAIServer, dataset_dir: Path
) -> None:
    # The fake echoes the presented key in full in its 401 message, as a careless server might.
    server.fail_next(401)
    with pytest.raises(ProviderPermanent) as info:
        await _provider(server).train(_request(dataset_dir), print, asyncio.Event())
    assert KEY not in _full_text(info.value)
    assert "authentication failed" in str(info.value)
    assert not server.jobs


async def test_rate_limit_is_retryable(server: FakeOpenAIServer, dataset_dir: Path) -> None:
    server.fail_next(429)
    with pytest.raises(ProviderRetryable, match="rate limited") as info:
        await _provider(server).train(_request(dataset_dir), print, asyncio.Event())
    assert info.value.retryable
    assert KEY not in _full_text(info.value)


async def test_insufficient_quota_is_permanent(server: FakeOpenAIServer, dataset_dir: Path) -> None:
    server.fail_next(429, variant="insufficient_quota")
    with pytest.raises(ProviderPermanent, match="insufficient quota") as info:
        await _provider(server).train(_request(dataset_dir), print, asyncio.Event())
    assert not info.value.retryable


async def test_server_error_is_retryable(server: FakeOpenAIServer, dataset_dir: Path) -> None:
    server.fail_next(500, path_prefix="/v1/fine_tuning/jobs")
    with pytest.raises(ProviderRetryable, match="server error"):
        await _provider(server).train(_request(dataset_dir), print, asyncio.Event())
    assert not server.jobs, "the failed create left no job behind"
    assert len(server.uploads) == 2


async def test_transient_error_while_polling_does_not_abandon_the_job(
    server: FakeOpenAIServer, dataset_dir: Path
) -> None:
    """Once a job exists, a blip while polling must not fail the run (a retry would train and
    bill a second job)."""
    result_job: list[str] = []

    def on_progress(p: Progress) -> None:
        if p.message and "validating_files" in p.message and not result_job:
            result_job.append(p.message)
            server.fail_next(500, count=2, path_prefix="/v1/fine_tuning/jobs/")

    result = await _provider(server).train(_request(dataset_dir), on_progress, asyncio.Event())
    assert result.remote_model is not None
    assert len(server.jobs) == 1
    assert server.requests_to("POST", "/v1/fine_tuning/jobs/") == []  # no cancel


async def test_failed_job_is_permanent_with_the_jobs_message(
    server: FakeOpenAIServer, dataset_dir: Path
) -> None:
    server.fail_next_job("invalid_training_file", "line 2 is missing the 'messages' field")
    with pytest.raises(ProviderPermanent, match="line 2 is missing the 'messages' field") as info:
        await _provider(server).train(_request(dataset_dir), print, asyncio.Event())
    assert "invalid_training_file" in str(info.value)
    assert server.requests_to("POST", "/v1/fine_tuning/jobs/") == [], (
        "a failed job is not cancelled"
    )


async def test_server_text_echoing_the_key_is_redacted(
    server: FakeOpenAIServer, dataset_dir: Path
) -> None:
    """Job errors are the server's own words; if they quote the key, we must not."""
    server.fail_next_job("invalid_training_file", f"file uploaded with key {KEY} is malformed")
    with pytest.raises(ProviderPermanent, match="is malformed") as info:
        await _provider(server).train(_request(dataset_dir), print, asyncio.Event())
    assert KEY not in _full_text(info.value)
    assert "[redacted]" in str(info.value)


async def test_missing_key_fails_before_any_request(
    server: FakeOpenAIServer, dataset_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LIFELONG_TEST_NO_SUCH_KEY", raising=False)
    provider = _provider(server, api_key=None, api_key_env="LIFELONG_TEST_NO_SUCH_KEY")
    with pytest.raises(ProviderPermanent, match="LIFELONG_TEST_NO_SUCH_KEY"):
        await provider.train(_request(dataset_dir), print, asyncio.Event())
    assert server.requests == []


async def test_key_from_environment(
    server: FakeOpenAIServer, dataset_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LIFELONG_TEST_OPENAI_KEY", KEY)
    provider = _provider(server, api_key=None, api_key_env="LIFELONG_TEST_OPENAI_KEY")
    result = await provider.train(_request(dataset_dir), print, asyncio.Event())
    assert result.remote_model is not None


async def test_deepseek_preset_without_fine_tuning_is_unsupported_before_upload(
    dataset_dir: Path,
) -> None:
    with FakeOpenAIServer(api_key=KEY, fine_tuning=False) as deepseek:
        config = dataclasses.replace(
            deepseek_config(api_key=KEY), base_url=deepseek.url, poll_interval_s=0.005
        )
        provider = OpenAICompatibleProvider(config)
        assert provider.name == "deepseek"
        with pytest.raises(ProviderUnsupported, match="no fine-tuning endpoint") as info:
            await provider.train(_request(dataset_dir), print, asyncio.Event())
        assert info.value.provider == "deepseek"
        assert [(r.method, r.path) for r in deepseek.requests] == [("GET", "/v1/fine_tuning/jobs")]
        assert deepseek.requests_to("POST") == [], "nothing may be uploaded before the probe"
        assert deepseek.uploads == []


async def test_probing_provider_trains_where_fine_tuning_exists(
    server: FakeOpenAIServer, dataset_dir: Path
) -> None:
    config = dataclasses.replace(
        deepseek_config(api_key=KEY),
        base_url=server.url,
        poll_interval_s=0.005,
        max_poll_interval_s=0.02,
    )
    result = await OpenAICompatibleProvider(config).train(
        _request(dataset_dir), print, asyncio.Event()
    )
    assert result.provider == "deepseek"
    assert result.remote_model == "ft:deepseek-chat:lifelong:ada-lovelace-pytho:abc123"
    first = server.requests[0]
    assert (first.method, first.path, first.query) == (
        "GET",
        "/v1/fine_tuning/jobs",
        {"limit": ["1"]},
    )
    assert result.cost is None  # no published DeepSeek training price: unknown, not free


async def test_cancel_event_cancels_the_remote_job(
    dataset_dir: Path,
) -> None:
    cancel = asyncio.Event()

    def on_progress(p: Progress) -> None:
        if p.loss is not None:
            cancel.set()  # the job is running

    with FakeOpenAIServer(api_key=KEY, running_polls=1000) as slow:
        with pytest.raises(asyncio.CancelledError):
            await _provider(slow).train(_request(dataset_dir), on_progress, cancel)
        cancels = slow.requests_to("POST", "/v1/fine_tuning/jobs/")
        assert len(cancels) == 1 and cancels[0].path.endswith("/cancel")
        job = next(iter(slow.jobs.values())).public
        assert job["status"] == "cancelled"
        assert cancels[0].path == f"/v1/fine_tuning/jobs/{job['id']}/cancel"


async def test_cancel_before_job_creation_creates_nothing(
    server: FakeOpenAIServer, dataset_dir: Path
) -> None:
    cancel = asyncio.Event()
    cancel.set()
    with pytest.raises(asyncio.CancelledError):
        await _provider(server).train(_request(dataset_dir), print, cancel)
    assert not server.jobs


async def test_loss_from_checkpoints_when_no_metrics_events(dataset_dir: Path) -> None:
    with FakeOpenAIServer(api_key=KEY, running_polls=3, metrics_events=False) as quiet:
        result = await _provider(quiet).train(_request(dataset_dir), print, asyncio.Event())
        assert result.steps == 3
        assert result.final_loss == pytest.approx(2.0 / 4 + 0.1)
        assert quiet.requests_to("GET", "/v1/fine_tuning/jobs/")[-1].path.endswith("/checkpoints")


def test_estimate_counts_characters_over_four_times_epochs(dataset_dir: Path) -> None:
    provider = OpenAICompatibleProvider(openai_config(price_per_million_tokens=8.0))
    chars = len((dataset_dir / "train.jsonl").read_text(encoding="utf-8"))
    estimate = provider.estimate(_request(dataset_dir))
    assert estimate.tokens == -(-chars // CHARS_PER_TOKEN) * DEFAULT_EPOCHS
    assert estimate.cost == pytest.approx(estimate.tokens / 1e6 * 8.0)
    assert estimate.seconds > 0

    two_epochs = OpenAICompatibleProvider(openai_config(n_epochs=2)).estimate(
        _request(dataset_dir, "dpo")
    )
    dpo_chars = len((dataset_dir / "dpo.jsonl").read_text(encoding="utf-8"))
    assert two_epochs.tokens == -(-dpo_chars // CHARS_PER_TOKEN) * 2


def test_capabilities_and_presets() -> None:
    provider = OpenAICompatibleProvider()
    assert provider.capabilities == frozenset(
        {Capability.SFT, Capability.DPO, Capability.REMOTE_MODEL}
    )
    deepseek = deepseek_config(api_key=KEY)
    assert (deepseek.name, deepseek.base_url, deepseek.api_key_env, deepseek.model) == (
        "deepseek",
        "https://api.deepseek.com",
        "DEEPSEEK_API_KEY",
        "deepseek-chat",
    )
    assert deepseek.probe_fine_tuning and not openai_config().probe_fine_tuning
    assert KEY not in repr(deepseek) and KEY not in repr(OpenAICompatibleProvider(deepseek))


def test_logs_were_captured(caplog: pytest.LogCaptureFixture, server: FakeOpenAIServer) -> None:
    """The autouse log check is only meaningful if SDK and HTTP logs reach caplog."""
    from openai import OpenAI

    client = OpenAI(api_key=KEY, base_url=server.url, max_retries=0)
    try:
        client.fine_tuning.jobs.list(limit=1)
    finally:
        client.close()
    names = {r.name for r in caplog.records}
    assert "openai._base_client" in names or "openai" in names
    assert any(r.levelno == logging.DEBUG for r in caplog.records)


async def test_a_detached_job_keeps_running_and_the_next_run_adopts_it(
    dataset_dir: Path,
) -> None:
    """A runtime shutting down leaves the remote job running; the next start does not pay for a
    second job but follows the first one to its end.
    """
    cancel = StopSignal()

    def on_progress(p: Progress) -> None:
        if p.loss is not None:
            cancel.stop(detach=True)  # the runtime closes while the job runs

    with FakeOpenAIServer(api_key=KEY, running_polls=6) as fake:
        provider = _provider(fake)
        with pytest.raises(asyncio.CancelledError):
            await provider.train(_request(dataset_dir), on_progress, cancel)
        assert not [r for r in fake.requests_to("POST") if r.path.endswith("/cancel")]
        (job,) = fake.jobs.values()
        assert job.public["status"] == "running"

        result = await provider.train(_request(dataset_dir), print, StopSignal())
        assert len(fake.jobs) == 1  # adopted, not created again
        assert len(fake.requests_to("POST", "/v1/fine_tuning/jobs")) == 1
        assert result.remote_model == job.public["fine_tuned_model"]
