"""A trainer provider of one's own joins the chain by name: the config, the chain and a real
training run through it (an OpenAI-compatible fine-tuning server on 127.0.0.1).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from lifelong import Runtime, RuntimeConfig
from lifelong.adapters.base import TrainRequest
from lifelong.adapters.openai_compatible import OpenAICompatibleProvider, openai_config
from lifelong.adapters.registry import (
    ProviderSettings,
    provider_names,
    register_provider,
    unregister_provider,
)
from lifelong.errors import ConfigError
from tests.fakes.openai_server import FakeOpenAIServer

pytestmark = pytest.mark.integration
KEY = "sk-test-registry-0123456789abcdefghij"


def _in_house(settings: ProviderSettings) -> OpenAICompatibleProvider:
    """A company's own fine-tuning server: OpenAI-compatible, at its own address and price."""
    model = settings.options["model"]
    return OpenAICompatibleProvider(
        openai_config(
            name=settings.name, api_key=KEY, base_url=settings.options["base_url"],
            model=model, price_per_million_tokens=settings.price(model),
            poll_interval_s=0.01, max_poll_interval_s=0.02,
        )
    )  # fmt: skip


@pytest.fixture
def in_house() -> Iterator[None]:
    register_provider("in-house", _in_house)
    yield
    unregister_provider("in-house")


def test_an_unregistered_provider_is_refused_with_what_to_do(tmp_path: Path) -> None:
    assert provider_names()[:3] == ["local", "openai", "deepseek"]
    with pytest.raises(ConfigError, match="register_provider"):
        RuntimeConfig(home=tmp_path, training={"providers": ["in-house"]})
    with pytest.raises(ValueError, match="already registered"):
        register_provider("openai", _in_house)


async def test_a_registered_provider_is_configured_built_and_trains(
    tmp_path: Path, in_house: None
) -> None:
    with FakeOpenAIServer(KEY) as server:
        config = RuntimeConfig(
            home=tmp_path / "home", background=False,
            training={"providers": ["in-house", "local"],
                      "options": {"in-house": {"base_url": server.url, "model": "tuned-1"}},
                      "prices": {"in-house:tuned-1": 2.0}},
        )  # fmt: skip
        chain = Runtime(config).provider_chain()
        assert [p.name for p in chain.providers] == ["in-house", "local"]
        folder = tmp_path / "dataset"
        folder.mkdir()
        line = {"messages": [{"role": "user", "content": "hi"},
                             {"role": "assistant", "content": "hello"}]}  # fmt: skip
        (folder / "train.jsonl").write_text(json.dumps(line) + "\n")
        request = TrainRequest("s1", "ada", "math", folder, "abc", tmp_path / "out")
        result, estimate = await chain.train(request, lambda p: None, asyncio.Event())
        assert result.provider == "in-house" and result.remote_model
        assert estimate.cost is not None and estimate.cost > 0  # priced by its own key
        assert server.requests_to("POST", "/v1/fine_tuning/jobs")
