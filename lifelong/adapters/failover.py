"""Failover across providers, retries with backoff, and the budget gate.

The chain tries providers in order (default local -> openai -> deepseek). For each one it
estimates the cost first: over the per-job or per-persona-per-month budget, the provider is
skipped unless the job was approved. A retryable error is retried with exponential backoff and
jitter up to ``max_attempts``; a permanent or unsupported error moves on to the next provider.
Every decision is reported through ``on_decision`` (the runtime stores them on the session).
"""

from __future__ import annotations

import asyncio
import dataclasses
import random
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from lifelong.adapters.base import (
    Capability,
    Estimate,
    ProgressCallback,
    TrainerProvider,
    TrainRequest,
    TrainResult,
    check_method,
    report,
)
from lifelong.errors import (
    BudgetExceeded,
    ProviderError,
    ProvidersExhausted,
    ProviderUnsupported,
)

__all__ = ["Budget", "Decision", "ProviderChain", "ProvidersExhausted", "RetryPolicy"]


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    max_attempts: int = 3  # per provider
    base_delay_s: float = 2.0
    max_delay_s: float = 120.0
    jitter: float = 0.5  # +- this fraction of the delay

    def delay(self, attempt: int, rng: random.Random) -> float:
        base = min(self.max_delay_s, self.base_delay_s * 2 ** (attempt - 1))
        return max(0.0, base * (1 + rng.uniform(-self.jitter, self.jitter)))


@dataclass(frozen=True, slots=True)
class Budget:
    per_job: float | None = None  # largest estimated cost one job may have without approval
    per_persona_month: float | None = None  # spend per persona per calendar month (UTC)

    @property
    def is_set(self) -> bool:
        return self.per_job is not None or self.per_persona_month is not None

    def refusal(self, estimate: Estimate, spent_this_month: float) -> str | None:
        """Why ``estimate`` needs approval, or None when it is within budget. With a budget
        set, an unknown cost is refused: counting it as 0 would let any job through.
        """
        if estimate.cost is None:
            if not self.is_set:
                return None
            key = estimate.price_key or "provider:model"
            return (
                f"the price of {key} is unknown, so the budget cannot be checked; set "
                f'training.prices["{key}"] (USD per million training tokens) or approve the job'
            )
        if self.per_job is not None and estimate.cost > self.per_job:
            return f"estimated {estimate.cost:.2f} {estimate.currency} > per-job {self.per_job:.2f}"
        if (
            self.per_persona_month is not None
            and spent_this_month + estimate.cost > self.per_persona_month
        ):
            return (
                f"{spent_this_month:.2f} spent this month + {estimate.cost:.2f} estimated > "
                f"monthly {self.per_persona_month:.2f}"
            )
        return None


@dataclass(frozen=True, slots=True)
class Decision:
    provider: str
    action: str  # estimate | over_budget | degrade | start | retry | next | succeeded
    attempt: int = 0
    error: str | None = None  # error class name
    message: str | None = None
    delay_s: float | None = None
    estimate: dict[str, Any] | None = None
    ts: float = dataclasses.field(default_factory=time.time)

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in dataclasses.asdict(self).items() if v is not None}


DecisionCallback = Callable[[Decision], Awaitable[None] | None]


class ProviderChain:
    def __init__(
        self,
        providers: Sequence[TrainerProvider],
        *,
        retry: RetryPolicy | None = None,
        budget: Budget | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        seed: int | None = None,
    ) -> None:
        if not providers:
            raise ValueError("a provider chain needs at least one provider")
        self.providers = list(providers)
        self.retry = retry or RetryPolicy()
        self.budget = budget or Budget()
        self._sleep = sleep
        self._rng = random.Random(seed)

    async def train(
        self,
        request: TrainRequest,
        on_progress: ProgressCallback,
        cancel: asyncio.Event,
        *,
        on_decision: DecisionCallback | None = None,
        spent_this_month: float = 0.0,
        approved: bool = False,
    ) -> tuple[TrainResult, Estimate]:
        """Train with the first provider that can; returns its result and its estimate.

        Raises :class:`BudgetExceeded` when the only obstacle was the budget (the job then
        waits for approval), :class:`ProvidersExhausted` when every provider failed.
        """
        decisions: list[Decision] = []

        async def decide(decision: Decision) -> None:
            decisions.append(decision)
            if on_decision is not None:
                await report(on_decision, decision)

        for provider in self.providers:
            local = Capability.LOCAL_ARTIFACT in provider.capabilities
            attempt_request = dataclasses.replace(
                request,
                output_dir=request.output_dir / provider.name,
                # A local base model folder means nothing to a remote provider.
                base_model=request.base_model if local else None,
            )
            if request.preference and request.preference_optional:
                try:
                    check_method(provider.name, provider.capabilities, "sft", request.preference)
                except ProviderUnsupported as exc:
                    attempt_request = dataclasses.replace(
                        attempt_request, preference=None, preference_optional=False
                    )
                    only = f"{exc}: trains {request.method.upper()} only"
                    await decide(Decision(provider.name, "degrade", message=only))
            try:
                estimate = provider.estimate(attempt_request)
            except ProviderError as exc:
                await decide(_failed(provider.name, 0, exc))
                continue
            refusal = self.budget.refusal(estimate, spent_this_month)
            if refusal and not approved:
                await decide(
                    Decision(provider.name, "over_budget", message=refusal,
                             estimate=dataclasses.asdict(estimate))
                )  # fmt: skip
                continue
            for attempt in range(1, self.retry.max_attempts + 1):
                await decide(
                    Decision(provider.name, "start", attempt=attempt,
                             estimate=dataclasses.asdict(estimate))
                )  # fmt: skip
                try:
                    result = await provider.train(attempt_request, on_progress, cancel)
                except ProviderError as exc:
                    if exc.retryable and attempt < self.retry.max_attempts:
                        delay = self.retry.delay(attempt, self._rng)
                        await decide(
                            Decision(provider.name, "retry", attempt=attempt,
                                     error=type(exc).__name__, message=str(exc), delay_s=delay)
                        )  # fmt: skip
                        await self._sleep(delay)
                        continue
                    await decide(_failed(provider.name, attempt, exc))
                    break
                await decide(Decision(provider.name, "succeeded", attempt=attempt))
                return result, estimate
        if decisions and all(d.action in ("over_budget", "degrade") for d in decisions):
            raise BudgetExceeded(
                "job is over budget and needs approval: "
                + "; ".join(f"{d.provider}: {d.message}" for d in decisions)
            )
        raise ProvidersExhausted(decisions)


def _failed(provider: str, attempt: int, exc: ProviderError) -> Decision:
    return Decision(provider, "next", attempt=attempt, error=type(exc).__name__, message=str(exc))
