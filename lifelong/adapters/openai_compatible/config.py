"""Settings of an OpenAI-compatible fine-tuning endpoint, the OpenAI and DeepSeek presets, and
the price and token arithmetic that estimates and reported costs share.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import SecretStr

from lifelong.errors import ConfigError

__all__ = [
    "CHARS_PER_TOKEN",
    "DEFAULT_EPOCHS",
    "OpenAICompatibleConfig",
    "deepseek_config",
    "openai_config",
    "training_cost",
]

#: Token counts are approximated as characters / 4 (OpenAI's rule of thumb for English text).
#: Estimates only need to be right to within a factor that budgets tolerate; a tokenizer would
#: add a dependency and still not know the server's exact chat-template overhead.
CHARS_PER_TOKEN = 4
#: OpenAI picks the epoch count ("auto") when none is given; 3 is its usual choice.
DEFAULT_EPOCHS = 3


@dataclass(frozen=True, slots=True)
class OpenAICompatibleConfig:
    """Settings of one OpenAI-compatible fine-tuning endpoint.

    ``api_key`` wins over the environment variable named by ``api_key_env``; it may be given as
    a plain string, which is wrapped in a :class:`pydantic.SecretStr` so it never shows in a
    repr. ``base_url=None`` means the SDK default (``OPENAI_BASE_URL`` or api.openai.com).
    ``price_per_million_tokens`` is the training price used by :meth:`estimate` and for the
    reported cost. ``max_poll_errors`` is how many transient errors in a row polling tolerates
    before giving up on a job.
    """

    name: str = "openai"
    base_url: str | None = None
    api_key: SecretStr | None = None
    api_key_env: str = "OPENAI_API_KEY"
    model: str = "gpt-4.1-mini-2025-04-14"
    poll_interval_s: float = 10.0
    max_poll_interval_s: float = 60.0
    timeout_s: float = 60.0
    n_epochs: int | None = None
    price_per_million_tokens: float | None = 5.0
    probe_fine_tuning: bool = False
    max_poll_errors: int = 5

    def __post_init__(self) -> None:
        if isinstance(self.api_key, str):
            object.__setattr__(self, "api_key", SecretStr(self.api_key))
        if not self.name:
            raise ConfigError("name", "must not be empty")
        if self.poll_interval_s <= 0:
            raise ConfigError("poll_interval_s", f"must be > 0, got {self.poll_interval_s}")
        if self.max_poll_interval_s < self.poll_interval_s:
            raise ConfigError(
                "max_poll_interval_s",
                f"must be >= poll_interval_s ({self.poll_interval_s}), "
                f"got {self.max_poll_interval_s}",
            )
        if self.timeout_s <= 0:
            raise ConfigError("timeout_s", f"must be > 0, got {self.timeout_s}")
        if self.n_epochs is not None and self.n_epochs < 1:
            raise ConfigError("n_epochs", f"must be >= 1 or None (auto), got {self.n_epochs}")
        if self.price_per_million_tokens is not None and self.price_per_million_tokens < 0:
            raise ConfigError(
                "price_per_million_tokens", f"must be >= 0, got {self.price_per_million_tokens}"
            )
        if self.max_poll_errors < 0:
            raise ConfigError("max_poll_errors", f"must be >= 0, got {self.max_poll_errors}")


def openai_config(
    api_key: str | SecretStr | None = None, **overrides: Any
) -> OpenAICompatibleConfig:
    """OpenAI's own API with the defaults (gpt-4.1-mini, $5 per million training tokens)."""
    return OpenAICompatibleConfig(api_key=api_key, **overrides)  # type: ignore[arg-type]


def deepseek_config(
    api_key: str | SecretStr | None = None, **overrides: Any
) -> OpenAICompatibleConfig:
    """DeepSeek's OpenAI-compatible API. It has no fine-tuning endpoint today, so the probe is
    on: training raises ProviderUnsupported before any upload and failover moves on. No public
    training price exists, so the cost is unknown (None) unless ``price_per_million_tokens``
    is given: a budget refuses such a job unless it is approved.
    """
    settings: dict[str, Any] = {
        "name": "deepseek",
        "base_url": "https://api.deepseek.com",
        "api_key": api_key,
        "api_key_env": "DEEPSEEK_API_KEY",
        "model": "deepseek-chat",
        "probe_fine_tuning": True,
        "price_per_million_tokens": None,
    }
    settings.update(overrides)
    return OpenAICompatibleConfig(**settings)


def training_cost(config: OpenAICompatibleConfig, tokens: int) -> float | None:
    """USD for ``tokens`` training tokens; None (unknown, never 0) without a price."""
    price = config.price_per_million_tokens
    return None if price is None else tokens / 1_000_000 * price
