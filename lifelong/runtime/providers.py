"""The training providers the configuration names: their failover chain (what a job trains
with), and the chat API of the provider that trained a remote layer (what serves it).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from lifelong.adapters.failover import Budget, ProviderChain, RetryPolicy
from lifelong.adapters.registry import ProviderSettings, build_provider
from lifelong.engine.serving import GenerationSettings, RemoteChat
from lifelong.errors import ConfigError
from lifelong.runtime.config import RuntimeConfig
from lifelong.storage.rows import LayerRow

__all__ = ["provider_chain", "remote_chat"]


def provider_chain(config: RuntimeConfig, only: Sequence[str] | None = None) -> ProviderChain:
    """The failover chain from ``config.training`` (default local -> openai -> deepseek),
    restricted to the providers named in ``only``.
    """
    t = config.training
    builtin = {
        "local": ({**t.local}, {}),
        "openai": ({"model": t.openai_model, "base_url": t.openai_base_url},
                   {"api_key": config.openai_api_key}),
        "deepseek": ({"base_url": t.deepseek_base_url},
                     {"api_key": config.deepseek_api_key}),
    }  # fmt: skip
    providers: list[Any] = []
    for name in t.providers:
        if only and name not in only:
            continue
        options, secrets = builtin.get(name, (t.options.get(name, {}), {}))
        settings = ProviderSettings(
            name=name, home=config.home, base_model=t.base_model, prices=t.prices,
            options=options, secrets=secrets,
        )  # fmt: skip
        try:
            providers.append(build_provider(settings))
        except TypeError as exc:  # a setting the provider's config does not take
            raise ConfigError(f"training.{name}", str(exc)) from None
    return ProviderChain(
        providers,
        retry=RetryPolicy(t.max_attempts, t.base_delay_s, t.max_delay_s),
        budget=Budget(t.budget_per_job, t.budget_per_persona_month),
    )


def remote_chat(chain: Callable[[], ProviderChain]) -> RemoteChat:
    """How a layer trained by a remote provider answers: that provider's chat API, found in
    the chain ``chain()`` builds when asked (ConfigError when it is no longer configured).
    """

    async def chat(
        row: LayerRow,
        messages: list[dict[str, str]],
        settings: GenerationSettings,
        on_text: Callable[[str], None] | None = None,
    ) -> str:
        provider = next((p for p in chain().providers if p.name == row["provider"]), None)
        if provider is None or not callable(getattr(provider, "chat", None)):
            raise ConfigError(
                "training.providers",
                f"layer {row['persona']}/{row['trait']} v{row['version']} was trained by "
                f"{row['provider']!r}, which is not configured (or has no chat API)",
            )
        return await provider.chat(  # type: ignore[attr-defined]  # checked just above
            row["remote_model"], messages, max_tokens=settings.max_new_tokens,
            temperature=settings.temperature, on_text=on_text,
        )  # fmt: skip

    return chat
