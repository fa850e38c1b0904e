"""The trainer providers a runtime can put in its chain, by name.

``training.providers = ["local", "openai", "deepseek"]`` names entries of this registry; the
runtime builds each from its config through the entry's factory. A provider of your own joins
with :func:`register_provider` before the runtime starts (peft's ``register_peft_method`` is the
model), and is then valid in the config, in ``queue_training(provider=...)`` and on the
command line:

    def build(settings: ProviderSettings) -> TrainerProvider:
        return MyProvider(api_key=os.environ["MY_KEY"], **settings.options)

    register_provider("mine", build)

Factories import what they need when they run, so the registry stays free of torch and of SDKs.
Keep a provider's key out of ``training.options`` (a plain table, not a secret): read it from
the environment, as the built-ins do.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lifelong.adapters.base import TrainerProvider

__all__ = [
    "ProviderSettings",
    "build_provider",
    "provider_names",
    "register_provider",
    "unregister_provider",
]


@dataclass(frozen=True, slots=True)
class ProviderSettings:
    """What a factory gets from the runtime's config (``[lifelong.training]``)."""

    name: str
    home: Path  # the runtime home (``<home>/models`` caches base models)
    base_model: str | None
    prices: Mapping[str, float]  # USD per million training tokens, keyed "provider:model"
    options: Mapping[str, Any] = field(default_factory=dict)  # the provider's own settings
    secrets: Mapping[str, Any] = field(default_factory=dict)  # SecretStr values, by name

    def price(self, model: str) -> float | None:
        """The configured price of ``model`` on this provider: None (unknown) when missing,
        never 0, so a budget can refuse what it cannot check.
        """
        return self.prices.get(f"{self.name}:{model}")

    def secret(self, name: str) -> Any:
        return self.secrets.get(name)


Factory = Callable[[ProviderSettings], "TrainerProvider"]
_FACTORIES: dict[str, Factory] = {}


def register_provider(name: str, factory: Factory, *, replace: bool = False) -> None:
    """Make ``name`` a provider the config and the CLI accept, built by ``factory``."""
    if not name or not name.replace("-", "").replace("_", "").isalnum():
        raise ValueError(f"a provider name is letters, digits, '-' and '_', got {name!r}")
    if name in _FACTORIES and not replace:
        raise ValueError(f"provider {name!r} is already registered (pass replace=True)")
    _FACTORIES[name] = factory


def unregister_provider(name: str) -> None:
    _FACTORIES.pop(name, None)


def provider_names() -> list[str]:
    """Registered providers, built-ins first."""
    return list(_FACTORIES)


def build_provider(settings: ProviderSettings) -> TrainerProvider:
    factory = _FACTORIES.get(settings.name)
    if factory is None:
        raise KeyError(
            f"unknown trainer provider {settings.name!r}; registered: {', '.join(_FACTORIES)}"
        )
    return factory(settings)


def _local(settings: ProviderSettings) -> TrainerProvider:
    from lifelong.adapters.local_peft import LocalPeftConfig, LocalPeftProvider

    local = {"cache_dir": settings.home / "models", **settings.options}
    return LocalPeftProvider(LocalPeftConfig(base_model=settings.base_model, **local))


def _openai(settings: ProviderSettings) -> TrainerProvider:
    from lifelong.adapters.openai_compatible import OpenAICompatibleProvider, openai_config

    model = settings.options.get("model") or "gpt-4.1-mini-2025-04-14"
    return OpenAICompatibleProvider(
        openai_config(
            api_key=settings.secret("api_key"), base_url=settings.options.get("base_url"),
            model=model, price_per_million_tokens=settings.price(model),
        )
    )  # fmt: skip


def _deepseek(settings: ProviderSettings) -> TrainerProvider:
    from lifelong.adapters.openai_compatible import OpenAICompatibleProvider, deepseek_config

    options = {k: v for k, v in settings.options.items() if v is not None}
    model = options.pop("model", "deepseek-chat")
    return OpenAICompatibleProvider(
        deepseek_config(
            api_key=settings.secret("api_key"), model=model,
            price_per_million_tokens=settings.price(model), **options,
        )
    )  # fmt: skip


for _name, _factory in (("local", _local), ("openai", _openai), ("deepseek", _deepseek)):
    register_provider(_name, _factory)
