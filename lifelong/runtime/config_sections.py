"""The sections of the configuration (``[lifelong.<section>]`` / ``LIFELONG_<SECTION>__*``):
one frozen model per part of the runtime, each key typed, bounded and described. How they are
read and put together (code over environment over TOML, and the errors that name a key) is
:mod:`lifelong.runtime.config`.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import typing
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    field_validator,
)
from pydantic_core import PydanticCustomError

# No torch or transformers at import: the provider module defers those to its training child.
from lifelong.adapters.local_peft import LocalPeftConfig
from lifelong.learning.gate import GatePolicy
from lifelong.learning.memory import MemoryPolicy
from lifelong.learning.monitor import MonitorPolicy
from lifelong.learning.scoring import ScoreWeights
from lifelong.learning.triggers import TriggerPolicy

__all__ = [
    "KEYED_ERROR",
    "DatasetSettings",
    "EvaluationSettings",
    "GatewaySettings",
    "GenomeSettings",
    "JobSettings",
    "MemorySettings",
    "MonitorSettings",
    "ReportSettings",
    "RolloutSettings",
    "ScoringSettings",
    "TrainingSettings",
    "TriggerSettings",
]


def _defaults_of(policy: type) -> typing.Callable[[str], Any]:
    """A learning policy's defaults: each is defined once, on the policy beside the code that
    applies it; the section adds the bounds, the description and the reading from TOML / env.
    """
    defaults = {f.name: f.default for f in dataclasses.fields(policy)}
    return defaults.__getitem__


_trigger = _defaults_of(TriggerPolicy)
_gate = _defaults_of(GatePolicy)
_memory = _defaults_of(MemoryPolicy)
_monitor = _defaults_of(MonitorPolicy)


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ScoringSettings(_Section):
    """``[lifelong.scoring]`` / ``LIFELONG_SCORING__*``."""

    interval_s: float = Field(default=5.0, gt=0, description="scoring worker period")
    batch_size: int = Field(default=256, ge=1)
    routing_threshold: float = Field(default=0.15, ge=-1, le=1)
    weight_relevance: float = Field(default=0.30, ge=0)
    weight_consistency: float = Field(default=0.10, ge=0)
    weight_correction: float = Field(default=0.25, ge=0)
    weight_feedback: float = Field(default=0.35, ge=0)
    weight_degeneration: float = Field(default=0.20, ge=0)

    def weights(self) -> ScoreWeights:
        """The composite scorer's weights (the ``weight_*`` keys)."""
        dumped = self.model_dump()
        return ScoreWeights(**{n.removeprefix("weight_"): v for n, v in dumped.items()
                               if n.startswith("weight_")})  # fmt: skip


class TriggerSettings(_Section):
    """``[lifelong.triggers]`` / ``LIFELONG_TRIGGERS__*``."""

    interval_s: float = Field(default=60.0, gt=0, description="trigger check period")
    threshold: int = Field(default=_trigger("threshold"), ge=1)
    min_quality: float = Field(default=_trigger("min_quality"), ge=0, le=1)
    max_age_days: float = Field(default=_trigger("max_age_days"), gt=0)
    min_new_for_age: int = Field(default=_trigger("min_new_for_age"), ge=1)
    quality_window: int = Field(default=_trigger("quality_window"), ge=1)
    quality_drop: float = Field(default=_trigger("quality_drop"), gt=0, lt=1)
    cooldown_s: float = Field(default=_trigger("cooldown_s"), ge=0)
    max_jobs_per_day: int = Field(default=_trigger("max_jobs_per_day"), ge=1)

    def policy(self) -> TriggerPolicy:
        """What the trigger checker applies (the check's period is the schedule's)."""
        return TriggerPolicy(**self.model_dump(exclude={"interval_s"}))


class DatasetSettings(_Section):
    """``[lifelong.dataset]`` / ``LIFELONG_DATASET__*``."""

    val_fraction: float = Field(default=0.1, ge=0, lt=1)
    drop_injections: bool = True
    # The scrubber's learned second opinion after its rules, on training data and on what
    # memory keeps (False: the rules alone; see lifelong.learning.scrub.learned).
    scrub_learned: bool = True


# A validation error about one key of a dict field; `_config_error` appends the key to the path.
KEYED_ERROR = "lifelong_keyed"
# LocalPeftConfig fields that `[lifelong.training.local]` may not set, and why.
_LOCAL_NOT_SETTABLE = {"base_model": "set training.base_model instead"}


@functools.cache
def _local_fields() -> dict[str, TypeAdapter[Any]]:
    """LocalPeftConfig's settable fields, each with a validator for its annotated type."""
    hints = typing.get_type_hints(LocalPeftConfig)
    return {
        f.name: TypeAdapter(hints[f.name])
        for f in dataclasses.fields(LocalPeftConfig)
        if f.name not in _LOCAL_NOT_SETTABLE
    }


def _check_local(value: dict[str, Any]) -> dict[str, Any]:
    """Refuse unknown keys and ill-typed values now, not when the first local job runs.

    Values are converted the way the rest of the config is ("4" from the environment -> 4,
    a path string -> Path), so the provider gets the types its dataclass declares.
    """
    fields = _local_fields()
    checked: dict[str, Any] = {}
    for key, item in value.items():
        if key in _LOCAL_NOT_SETTABLE:
            raise PydanticCustomError(
                KEYED_ERROR, "{problem}", {"key": key, "problem": _LOCAL_NOT_SETTABLE[key]}
            )
        if key not in fields:
            close = difflib.get_close_matches(key, fields, n=1)
            problem = (f"unknown key{f' (did you mean {close[0]!r}?)' if close else ''}; "
                       f"valid keys: {', '.join(sorted(fields))}")  # fmt: skip
            raise PydanticCustomError(KEYED_ERROR, "{problem}", {"key": key, "problem": problem})
        try:
            checked[key] = fields[key].validate_python(item)
        except ValidationError as exc:
            problem = exc.errors()[0]["msg"]  # says what was wrong, never the value itself
            raise PydanticCustomError(
                KEYED_ERROR, "{problem}", {"key": key, "problem": problem}
            ) from None
    return checked


class TrainingSettings(_Section):
    """``[lifelong.training]`` / ``LIFELONG_TRAINING__*``: the provider chain and its limits."""

    providers: list[str] = Field(default_factory=lambda: ["local", "openai", "deepseek"])
    base_model: str | None = Field(default=None, description="None: packaged SmolLM2-135M")
    local: dict[str, Any] = Field(default_factory=dict, description="LocalPeftConfig fields")
    openai_model: str = "gpt-4.1-mini-2025-04-14"
    openai_base_url: str | None = None
    deepseek_base_url: str = "https://api.deepseek.com"
    # USD per million training tokens, keyed "provider:model".
    prices: dict[str, float] = Field(
        default_factory=lambda: {
            "openai:gpt-4.1-mini-2025-04-14": 5.0,
            "openai:gpt-4.1-2025-04-14": 25.0,
        }
    )
    max_attempts: int = Field(default=3, ge=1)
    base_delay_s: float = Field(default=2.0, ge=0)
    max_delay_s: float = Field(default=120.0, ge=0)
    budget_per_job: float | None = Field(default=None, ge=0)
    budget_per_persona_month: float | None = Field(default=None, ge=0)
    # Settings of providers registered with register_provider, by name (the built-ins have
    # theirs above).
    options: dict[str, dict[str, Any]] = Field(default_factory=dict)
    # auto: SFT on good turns, then DPO on corrections or KTO on ratings when a trait has at
    # least min_preference_examples of them (lifelong/learning/methods.py); or one method.
    method: Literal["auto", "sft", "dpo", "kto"] = "auto"
    min_preference_examples: int = Field(default=8, ge=1)

    @field_validator("providers")
    @classmethod
    def _known_providers(cls, value: list[str]) -> list[str]:
        from lifelong.adapters.registry import provider_names

        known = provider_names()
        unknown = [p for p in value if p not in known]
        if unknown or not value:
            raise ValueError(
                f"use a non-empty list of {', '.join(known)} (got {value}); a provider of your "
                "own joins with lifelong.adapters.registry.register_provider"
            )
        return value

    @field_validator("local")
    @classmethod
    def _known_local_keys(cls, value: dict[str, Any]) -> dict[str, Any]:
        return _check_local(value)


class GenomeSettings(_Section):
    """``[lifelong.genome]`` / ``LIFELONG_GENOME__*``: the layer store and the adapter cache."""

    cache_budget_bytes: int = Field(default=512 * 1024 * 1024, ge=1, description="loaded LoRAs")
    keep_versions: int = Field(default=5, ge=1, description="retention: last K per trait")
    stale_after_days: float = Field(default=30.0, gt=0)
    max_new_tokens: int = Field(default=128, ge=1, description="generation default")
    batch_window_ms: float = Field(
        default=10.0, ge=0, description="how long a generation waits for others to batch with"
    )
    max_batch: int = Field(default=16, ge=1, description="generations decoded together")
    generation_retention_days: float = Field(
        default=30.0, gt=0,
        description="a generation no recorded turn names is deleted after this long",
    )  # fmt: skip


class EvaluationSettings(_Section):
    """``[lifelong.evaluation]`` / ``LIFELONG_EVALUATION__*``: the auto-test gate."""

    min_improvement: float = Field(
        default=_gate("min_improvement"), description="held-out NLL gain over active"
    )
    check_facts: bool = Field(
        default=_gate("check_facts"),
        description="judge held-out answers by what they say: the candidate must recall more "
        "of the taught key content than the active version (else the base) and contradict it "
        "no more often",
    )
    min_win_rate: float = Field(
        default=_gate("min_win_rate"), ge=0, le=1,
        description="share of held-out answers the candidate wins, where the fact check "
        "cannot decide (too few held-out replies carry key content)",
    )  # fmt: skip
    max_anchor_regression: float = Field(
        default=_gate("max_anchor_regression"), ge=0, description="vs the base model"
    )
    min_heldout: int = Field(
        default=_gate("min_heldout"), ge=1, description="fewer cannot decide: rejected"
    )
    max_examples: int = Field(default=_gate("max_examples"), ge=1)
    behaviour_examples: int = Field(default=_gate("behaviour_examples"), ge=1)
    samples: int = Field(default=_gate("samples"), ge=0)
    sample_tokens: int = Field(default=_gate("sample_tokens"), ge=1)
    accept_remote: bool = Field(
        default=_gate("accept_remote"), description="deploy remote layers unmeasured"
    )

    def policy(self) -> GatePolicy:
        """What the auto-test gate applies."""
        return GatePolicy(**self.model_dump())


class MemorySettings(_Section):
    """``[lifelong.memory]`` / ``LIFELONG_MEMORY__*``: recorded good turns used at the next
    answer (``lifelong.learning.memory``), before any layer learns them.
    """

    enabled: bool = Field(
        default=_memory("enabled"),
        description="retrieve for personas that do not say (rt.persona(memory=))",
    )
    min_similarity: float = Field(
        default=_memory("min_similarity"), ge=-1, le=1,
        description="a turn's prompt must be at least this like the request's (and more like "
        "it than any everyday question)",
    )  # fmt: skip
    max_turns: int = Field(
        default=_memory("max_turns"), ge=0, description="turns put into one prompt"
    )
    max_tokens: int = Field(
        default=_memory("max_tokens"), ge=0, description="their size in one prompt"
    )
    max_turns_per_trait: int = Field(
        default=_memory("max_turns_per_trait"),
        ge=1,
        description="kept per persona and trait; the rest evicted",
    )
    consolidate: bool = Field(
        default=_memory("consolidate"),
        description="after a deploy, turns the new layer says on its own are marked "
        "consolidated: the first evicted at the budget (active again after a rollback)",
    )
    retrieve_consolidated: bool = Field(
        default=_memory("retrieve_consolidated"),
        description="consolidated turns are still retrieved, behind active ones (false: not "
        "retrieved, as before)",
    )
    max_bad_uses: int = Field(
        default=_memory("max_bad_uses"),
        ge=1,
        description="corrected or poorly rated replies before a turn leaves",
    )
    refresh_s: float = Field(
        default=_memory("refresh_s"), gt=0, description="how stale an index may be"
    )

    def policy(self, min_quality: float) -> MemoryPolicy:
        """What retrieval applies; ``min_quality`` is the dataset's (``triggers.min_quality``):
        memory holds only what training would use.
        """
        return MemoryPolicy(min_quality=min_quality, **self.model_dump())


class GatewaySettings(_Section):
    """``[lifelong.gateway]`` / ``LIFELONG_GATEWAY__*``: the OpenAI-compatible ``/v1`` of
    ``lifelong serve``.
    """

    record: bool = Field(
        default=True,
        description="record each completed exchange as the persona's turn (a request's "
        "X-Lifelong-Record: false opts out)",
    )
    record_aborted: bool = Field(
        default=False, description="also record what was sent of a stream the client left"
    )
    default_temperature: float = Field(
        default=1.0, ge=0, le=2, description="when a request sends none (OpenAI's default)"
    )
    forget_after_days: float = Field(
        default=30.0, gt=0,
        description="a conversation idle this long starts afresh (its history hashes go)",
    )  # fmt: skip


class MonitorSettings(_Section):
    """``[lifelong.monitor]`` / ``LIFELONG_MONITOR__*``: the post-deploy monitor."""

    enabled: bool = Field(default=True, description="roll back versions serving worse")
    interval_s: float = Field(default=60.0, gt=0, description="monitor check period")
    min_samples: int = Field(
        default=_monitor("min_samples"), ge=2, description="scored turns per side first"
    )
    max_drop: float = Field(
        default=_monitor("max_drop"), ge=0, lt=1, description="relative drop tolerated"
    )
    confidence: float = Field(
        default=_monitor("confidence"), gt=0.5, lt=1, description="one-sided, per check"
    )
    baseline_window: int = Field(default=_monitor("baseline_window"), ge=2)
    max_samples: int = Field(
        default=_monitor("max_samples"), ge=2, description="kept after this many turns"
    )
    window_days: float = Field(
        default=_monitor("window_days"), gt=0, description="... or after this long"
    )

    def policy(self) -> MonitorPolicy:
        """What the post-deploy monitor applies (switch and period are the schedule's)."""
        return MonitorPolicy(**self.model_dump(exclude={"enabled", "interval_s"}))


class RolloutSettings(_Section):
    """``[lifelong.rollout]`` / ``LIFELONG_ROLLOUT__*``: how a version that passed its gate
    starts serving.
    """

    canary_fraction: float = Field(
        default=0.0, ge=0, lt=1,
        description="share of a trait's conversations a new version serves first, beside the "
        "active one, until the monitor promotes or rolls it back (0: it replaces it at once)",
    )  # fmt: skip


class JobSettings(_Section):
    """``[lifelong.jobs]`` / ``LIFELONG_JOBS__*``: the durable training queue's workers."""

    workers: int = Field(default=1, ge=0, description="jobs run at once by this runtime")
    lease_s: float = Field(default=60.0, gt=0, description="a silent worker loses its job after")
    poll_s: float = Field(default=2.0, gt=0)


class ReportSettings(_Section):
    """``[lifelong.reports]`` / ``LIFELONG_REPORTS__*``."""

    every_days: float = Field(default=7.0, gt=0, description="scheduled report period")
    webhook_url: str | None = Field(default=None, description="alerts are POSTed here as JSON")
