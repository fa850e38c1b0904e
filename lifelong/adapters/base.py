"""The trainer provider contract: what every way of training a layer promises.

A provider turns an exported dataset (``train.jsonl``, ``val.jsonl``, ``dpo.jsonl``,
``manifest.json``; see :mod:`lifelong.learning.dataset`) into a trained layer: a local adapter
folder, or a remote fine-tuned model id. Providers report progress through the callback they
are given and never write SQL; the runtime stores what they report.
"""

from __future__ import annotations

import asyncio
import enum
import inspect
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol, runtime_checkable

from lifelong.errors import (
    ProviderError,
    ProviderPermanent,
    ProviderRetryable,
    ProviderUnsupported,
)

__all__ = [
    "Capability",
    "Estimate",
    "Progress",
    "ProgressCallback",
    "ProviderError",
    "ProviderPermanent",
    "ProviderRetryable",
    "ProviderUnsupported",
    "StopSignal",
    "TrainRequest",
    "TrainResult",
    "TrainerProvider",
]


class Capability(enum.StrEnum):
    SFT = "sft"
    DPO = "dpo"
    KTO = "kto"
    # An SFT pass then a preference pass (DPO or KTO) in one job, the SFT layer the
    # preference pass's starting point and reference.
    STAGED = "staged"
    LORA = "lora"
    DORA = "dora"
    LOCAL_ARTIFACT = "local_artifact"  # the result is an adapter folder on this machine
    REMOTE_MODEL = "remote_model"  # the result is a model id served by the provider


@dataclass(frozen=True, slots=True)
class Estimate:
    tokens: int  # training tokens: dataset tokens x epochs
    # In ``currency``; 0.0 for local training; None when the provider's price is unknown (a
    # budget then refuses the job unless it is approved: an unknown price is never "free").
    cost: float | None
    seconds: float  # rough wall time
    currency: str = "USD"
    price_key: str | None = None  # the ``training.prices`` key that would make cost known


@dataclass(frozen=True, slots=True)
class TrainRequest:
    job_id: str
    persona: str
    trait: str
    dataset_dir: Path
    dataset_hash: str
    output_dir: Path  # the provider's own folder for this job (checkpoints, artifact)
    method: Literal["sft", "dpo", "kto"] = "sft"
    preference: Literal["dpo", "kto"] | None = None  # a pass after SFT (``Capability.STAGED``)
    # Chosen by ``auto``, not asked for: a provider that cannot run it trains the rest.
    preference_optional: bool = False
    base_model: str | None = None  # local folder / registered name, or a remote model name
    hyperparameters: dict[str, Any] = field(default_factory=dict)

    def dataset_file(self, name: str) -> Path:
        path = self.dataset_dir / name
        if not path.is_file():
            raise ProviderPermanent(
                "dataset",
                f"{path} is missing; export the dataset first (rt.build_dataset)",
            )
        return path

    @property
    def session_id(self) -> str:
        """Deprecated: the old name of :attr:`job_id`, kept for one release."""
        return self.job_id


@dataclass(frozen=True, slots=True)
class Progress:
    step: int
    total_steps: int | None = None
    loss: float | None = None
    learning_rate: float | None = None
    tokens_per_sec: float | None = None
    eta_s: float | None = None
    epoch: float | None = None
    message: str | None = None
    # Work before the first step (the base model drawing replay samples): what is done of it.
    replay_done: int | None = None
    replay_total: int | None = None


ProgressCallback = Callable[[Progress], Awaitable[None] | None]


class StopSignal(asyncio.Event):
    """The ``cancel`` event the runtime hands a provider, saying why it is set.

    ``detach`` means the runtime is shutting down rather than a person asking to stop: a
    provider whose job runs elsewhere (a remote fine-tuning job) leaves it running, and the
    next start adopts it from the record in the session folder instead of paying twice.
    """

    def __init__(self) -> None:
        super().__init__()
        self.detach = False

    def stop(self, *, detach: bool = False) -> None:
        self.detach = detach
        self.set()


@dataclass(frozen=True, slots=True)
class TrainResult:
    provider: str
    kind: Literal["local", "remote"]
    manifest: dict[str, Any]
    artifact_dir: Path | None = None  # for kind == "local"
    remote_model: str | None = None  # for kind == "remote"
    final_loss: float | None = None
    steps: int = 0
    cost: float | None = None


@runtime_checkable
class TrainerProvider(Protocol):
    """One way of training a layer. Implementations keep their settings in a config dataclass
    next to them and import optional dependencies inside the functions that need them.
    """

    name: str
    capabilities: frozenset[Capability]

    def estimate(self, request: TrainRequest) -> Estimate:
        """Tokens, cost and duration of ``request``, before anything is uploaded or started.

        Raises :class:`ProviderUnsupported` if the provider cannot train this request at all
        (wrong method, missing credentials are :class:`ProviderPermanent`).
        """
        ...

    async def train(
        self,
        request: TrainRequest,
        on_progress: ProgressCallback,
        cancel: asyncio.Event,
    ) -> TrainResult:
        """Train and return the layer. Reports progress through ``on_progress``.

        When ``cancel`` is set the provider stops at the next safe point (a step boundary with a
        checkpoint saved, or a cancelled remote job) and raises :class:`asyncio.CancelledError`.
        Raises :class:`ProviderRetryable` for transient failures (rate limit, server error),
        :class:`ProviderPermanent` for ones retrying will not fix, and
        :class:`ProviderUnsupported` when it cannot do what was asked. Messages never contain
        API keys.
        """
        ...


async def report(callback: Callable[[Any], Awaitable[None] | None], value: Any) -> None:
    """Call a progress / decision callback that may be a plain function or a coroutine one."""
    result = callback(value)
    if inspect.isawaitable(result):
        await result


def check_method(
    provider: str,
    capabilities: frozenset[Capability],
    method: str,
    preference: str | None = None,
) -> None:
    """Raise ProviderUnsupported unless the provider can train ``method`` (sft / dpo / kto),
    and ``preference`` after it when one is asked for.
    """
    known = {str(c) for c in Capability}
    for name in (method, preference):
        if name is not None and (name not in known or Capability(name) not in capabilities):
            raise ProviderUnsupported(provider, f"does not support {name.upper()} training")
    if preference is not None and Capability.STAGED not in capabilities:
        raise ProviderUnsupported(
            provider, f"cannot run a {preference.upper()} pass after SFT in one job"
        )
