"""One typed configuration, from code, a TOML file and ``LIFELONG_*`` environment variables.

Precedence, highest first: keyword arguments given in code, environment variables, the TOML
file, the defaults below. Secrets are :class:`pydantic.SecretStr`: they print as ``**********`` in
every repr, and :func:`lifelong.runtime.logs.install_redaction` scrubs their values from logs.
"""

from __future__ import annotations

import contextvars
import dataclasses
import difflib
import functools
import os
import re
import tomllib
import typing
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    TypeAdapter,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    SettingsError,
)

# No torch or transformers at import: the provider module defers those to its training child.
from lifelong.adapters.local_peft import LocalPeftConfig
from lifelong.errors import ConfigError

__all__ = [
    "DatasetSettings",
    "EvaluationSettings",
    "GatewaySettings",
    "GenomeSettings",
    "JobSettings",
    "MemorySettings",
    "ReportSettings",
    "RuntimeConfig",
    "ScoringSettings",
    "TrainingSettings",
    "TriggerSettings",
]

# The TOML file that `RuntimeConfig.load` is reading; a settings source cannot take arguments.
_toml_path: contextvars.ContextVar[Path | None] = contextvars.ContextVar("toml", default=None)


class _TomlSource(PydanticBaseSettingsSource):
    """Reads ``[lifelong]`` (or the top level) of the TOML file named by ``load``."""

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False  # unused: __call__ returns the whole mapping

    def __call__(self) -> dict[str, Any]:
        path = _toml_path.get()
        if path is None:
            return {}
        try:
            with path.open("rb") as fh:
                data = tomllib.load(fh)
        except FileNotFoundError:
            raise ConfigError("config file", f"{path} does not exist") from None
        except OSError as exc:  # a folder, no permission ...
            raise ConfigError("config file", f"{path} cannot be read: {exc.strerror}") from None
        except UnicodeDecodeError as exc:  # a binary file: TOML is UTF-8 text
            raise ConfigError(
                "config file",
                f"{path} is not a TOML text file (not UTF-8 at byte {exc.start})",
                "give the path of a UTF-8 .toml file",
            ) from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError("config file", f"{path} is not valid TOML: {exc}") from None
        section = data.get("lifelong", data)
        if not isinstance(section, dict):
            raise ConfigError("config file", f"{path}: [lifelong] must be a table")
        return section


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


class TriggerSettings(_Section):
    """``[lifelong.triggers]`` / ``LIFELONG_TRIGGERS__*``."""

    interval_s: float = Field(default=60.0, gt=0, description="trigger check period")
    threshold: int = Field(default=100, ge=1)
    min_quality: float = Field(default=0.6, ge=0, le=1)
    max_age_days: float = Field(default=30.0, gt=0)
    min_new_for_age: int = Field(default=10, ge=1)
    quality_window: int = Field(default=50, ge=1)
    quality_drop: float = Field(default=0.10, gt=0, lt=1)
    cooldown_s: float = Field(default=3600.0, ge=0)
    max_jobs_per_day: int = Field(default=4, ge=1)


class DatasetSettings(_Section):
    """``[lifelong.dataset]`` / ``LIFELONG_DATASET__*``."""

    val_fraction: float = Field(default=0.1, ge=0, lt=1)
    drop_injections: bool = True


# A validation error about one key of a dict field; `_config_error` appends the key to the path.
_KEYED_ERROR = "lifelong_keyed"
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
                _KEYED_ERROR, "{problem}", {"key": key, "problem": _LOCAL_NOT_SETTABLE[key]}
            )
        if key not in fields:
            close = difflib.get_close_matches(key, fields, n=1)
            problem = (f"unknown key{f' (did you mean {close[0]!r}?)' if close else ''}; "
                       f"valid keys: {', '.join(sorted(fields))}")  # fmt: skip
            raise PydanticCustomError(_KEYED_ERROR, "{problem}", {"key": key, "problem": problem})
        try:
            checked[key] = fields[key].validate_python(item)
        except ValidationError as exc:
            problem = exc.errors()[0]["msg"]  # says what was wrong, never the value itself
            raise PydanticCustomError(
                _KEYED_ERROR, "{problem}", {"key": key, "problem": problem}
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

    min_improvement: float = Field(default=0.0, description="held-out NLL gain over active")
    check_facts: bool = Field(
        default=True,
        description="judge held-out answers by what they say: the candidate must recall more "
        "of the taught key content than the active version (else the base) and contradict it "
        "no more often",
    )
    min_win_rate: float = Field(
        default=0.6, ge=0, le=1,
        description="share of held-out answers the candidate wins, where the fact check "
        "cannot decide (too few held-out replies carry key content)",
    )  # fmt: skip
    max_anchor_regression: float = Field(default=0.02, ge=0, description="vs the base model")
    min_heldout: int = Field(default=4, ge=1, description="fewer cannot decide: rejected")
    max_examples: int = Field(default=48, ge=1)
    behaviour_examples: int = Field(default=16, ge=1)
    samples: int = Field(default=3, ge=0)
    sample_tokens: int = Field(default=64, ge=1)
    accept_remote: bool = Field(default=True, description="deploy remote layers unmeasured")


class MemorySettings(_Section):
    """``[lifelong.memory]`` / ``LIFELONG_MEMORY__*``: recorded good turns used at the next
    answer (``lifelong.learning.memory``), before any layer learns them.
    """

    enabled: bool = Field(
        default=True, description="retrieve for personas that do not say (rt.persona(memory=))"
    )
    min_similarity: float = Field(
        default=0.4, ge=-1, le=1,
        description="a turn's prompt must be at least this like the request's (and more like "
        "it than any everyday question)",
    )  # fmt: skip
    max_turns: int = Field(default=3, ge=0, description="turns put into one prompt")
    max_tokens: int = Field(default=384, ge=0, description="their size in one prompt")
    max_turns_per_trait: int = Field(
        default=2000, ge=1, description="kept per persona and trait; the rest evicted"
    )
    consolidate: bool = Field(
        default=True,
        description="after a deploy, turns the new layer says on its own are marked "
        "consolidated: the first evicted at the budget (active again after a rollback)",
    )
    retrieve_consolidated: bool = Field(
        default=True,
        description="consolidated turns are still retrieved, behind active ones (false: not "
        "retrieved, as before)",
    )
    max_bad_uses: int = Field(
        default=2, ge=1, description="corrected or poorly rated replies before a turn leaves"
    )
    refresh_s: float = Field(default=1.0, gt=0, description="how stale an index may be")


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
    min_samples: int = Field(default=30, ge=2, description="scored turns per side first")
    max_drop: float = Field(default=0.03, ge=0, lt=1, description="relative drop tolerated")
    confidence: float = Field(default=0.98, gt=0.5, lt=1, description="one-sided, per check")
    baseline_window: int = Field(default=200, ge=2)
    max_samples: int = Field(default=300, ge=2, description="kept after this many turns")
    window_days: float = Field(default=14.0, gt=0, description="... or after this long")


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


class RuntimeConfig(BaseSettings):
    """Everything the runtime can be told. Build with ``RuntimeConfig(...)`` or ``.load()``."""

    model_config = SettingsConfigDict(
        env_prefix="LIFELONG_",
        env_nested_delimiter="__",
        extra="forbid",
        validate_default=True,
        frozen=True,
    )

    home: Path = Field(
        default=Path(".lifelong"),
        description="Runtime home: database, genome artifacts, checkpoints, reports.",
    )
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy async URL; default sqlite+aiosqlite:///<home>/lifelong.db.",
    )
    sqlite_busy_timeout_ms: int = Field(default=30_000, ge=0)
    postgres_idle_in_transaction_timeout_s: float = Field(
        default=30.0, ge=0,
        description="a session idle inside a transaction this long is ended (its locks go): a "
        "frozen worker cannot hold a job's row past it (0: never)",
    )  # fmt: skip
    postgres_lock_timeout_s: float = Field(
        default=15.0, ge=0, description="a statement waits this long for a lock (0: forever)"
    )
    postgres_statement_timeout_s: float = Field(
        default=300.0, ge=0, description="a statement runs at most this long (0: no limit)"
    )
    db_pool_size: int = Field(default=5, ge=1)
    shared_dir: Path | None = Field(
        default=None,
        description="A folder every machine mounts (NFS, SMB ...): genome artifacts, datasets "
        "and checkpoints live there instead of in the home, so a layer trained on one machine "
        "serves on another and a job taken over resumes from its last checkpoint.",
    )
    artifact_store: str | None = Field(
        default=None,
        description="Where every machine reads genome artifacts, datasets and checkpoints: "
        "s3://BUCKET/PREFIX (credentials from boto3's chain: AWS_ACCESS_KEY_ID ...) or "
        "file:///FOLDER (a shared mount). The home is then this machine's cache.",
    )
    artifact_store_endpoint_url: str | None = Field(
        default=None, description="an S3-compatible server (MinIO, R2 ...): http(s)://HOST:PORT"
    )
    artifact_store_region: str | None = Field(default=None, description="the bucket's region")
    leader_lease_s: float = Field(
        default=30.0, gt=0, description="the schedule leader's lease; renewed every third"
    )

    # The recording hot path.
    record_batch_max: int = Field(default=1024, ge=1, description="rows per group commit")
    max_message_chars: int = Field(default=100_000, ge=1)
    max_messages: int = Field(default=500, ge=1)
    max_metadata_bytes: int = Field(default=64_000, ge=0)

    # Import.
    max_import_line_bytes: int = Field(default=1_000_000, ge=1)
    import_chunk_rows: int = Field(default=1000, ge=1)

    # Background work: the scoring worker and trigger checks on an APScheduler interval.
    background: bool = Field(default=True, description="run scoring and triggers by itself")
    scoring: ScoringSettings = ScoringSettings()
    triggers: TriggerSettings = TriggerSettings()
    dataset: DatasetSettings = DatasetSettings()
    training: TrainingSettings = TrainingSettings()
    genome: GenomeSettings = GenomeSettings()
    memory: MemorySettings = MemorySettings()
    gateway: GatewaySettings = GatewaySettings()
    evaluation: EvaluationSettings = EvaluationSettings()
    monitor: MonitorSettings = MonitorSettings()
    rollout: RolloutSettings = RolloutSettings()
    jobs: JobSettings = JobSettings()
    reports: ReportSettings = ReportSettings()

    # Secrets: never printed, never logged, never stored.
    openai_api_key: SecretStr | None = None
    deepseek_api_key: SecretStr | None = None

    log_level: str = "INFO"

    @field_validator("home")
    @classmethod
    def _home_is_a_folder(cls, value: Path) -> Path:
        if value.exists() and not value.is_dir():
            raise ValueError(f"{value} exists and is not a folder")
        # A home that does not exist yet is created at start: not possible inside a file.
        for parent in value.parents:
            if parent.exists():
                if not parent.is_dir():
                    raise ValueError(f"{value} cannot be created: {parent} is not a folder")
                break
        return value

    @field_validator("artifact_store")
    @classmethod
    def _store_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        from lifelong.storage.blobs.url import parse_store_url

        parse_store_url(value)  # ValueError saying what to write
        return value.strip()

    @field_validator("artifact_store_endpoint_url")
    @classmethod
    def _store_endpoint(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        from lifelong.storage.blobs.url import parse_endpoint

        return parse_endpoint(value)

    @model_validator(mode="after")
    def _one_place_for_artifacts(self) -> RuntimeConfig:
        def refuse(key: str, problem: str) -> PydanticCustomError:
            return PydanticCustomError(_KEYED_ERROR, "{problem}", {"key": key, "problem": problem})

        if self.artifact_store and self.shared_dir is not None:
            raise refuse(
                "artifact_store",
                "set artifact_store or shared_dir, not both (shared_dir keeps artifacts on the "
                'mount itself; artifact_store = "file:///mnt/x" mirrors them there)',
            )
        s3 = bool(self.artifact_store) and str(self.artifact_store).lower().startswith("s3://")
        for key in ("artifact_store_endpoint_url", "artifact_store_region"):
            if getattr(self, key) is not None and not s3:
                raise refuse(key, "only for an s3:// artifact_store")
        return self

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        upper = value.upper()
        if upper not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError("use one of DEBUG, INFO, WARNING, ERROR, CRITICAL")
        return upper

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return init_settings, env_settings, _TomlSource(settings_cls)

    def __init__(self, **values: Any) -> None:
        """Code (``values``) over the environment (``LIFELONG_*``) over the TOML file named by
        ``$LIFELONG_CONFIG`` (or :meth:`load`'s ``path``): the same sources however the
        config is built. Raises :class:`ConfigError` naming the key, where its value came
        from and what to do.
        """
        token = None
        if _toml_path.get() is None and os.environ.get("LIFELONG_CONFIG"):
            token = _toml_path.set(Path(os.environ["LIFELONG_CONFIG"]))
        try:
            super().__init__(**values)
        except ValidationError as exc:
            raise _config_error(exc, values) from None
        except SettingsError as exc:
            raise _settings_error(exc) from None
        finally:
            if token is not None:
                _toml_path.reset(token)

    @classmethod
    def load(cls, path: str | os.PathLike[str] | None = None, **overrides: Any) -> RuntimeConfig:
        """Build the config from ``path`` (or ``$LIFELONG_CONFIG``), the environment and code.

        Raises :class:`ConfigError` naming the field that is wrong.
        """
        chosen = path if path is not None else os.environ.get("LIFELONG_CONFIG")
        token = _toml_path.set(Path(chosen) if chosen else None)
        try:
            return cls(**{k: v for k, v in overrides.items() if v is not None})
        finally:
            _toml_path.reset(token)

    @property
    def artifacts_home(self) -> Path:
        """Where genome artifacts, datasets and checkpoints live: ``shared_dir``, else home
        (with an ``artifact_store``, the home is this machine's cache of it).
        """
        return self.shared_dir if self.shared_dir is not None else self.home

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{(self.home / 'lifelong.db').resolve()}"

    def secret_values(self) -> list[str]:
        """The raw secret strings, for log redaction only."""
        secrets = [self.openai_api_key, self.deepseek_api_key]
        values = [s.get_secret_value() for s in secrets if s is not None and s.get_secret_value()]
        if self.artifact_store and self.artifact_store.lower().startswith("s3://"):
            # boto3 reads these itself; botocore's DEBUG log shows the token and key id.
            for name in ("AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_ACCESS_KEY_ID"):
                value = os.environ.get(name, "")
                if len(value) >= 8:  # a shorter one would scrub ordinary words
                    values.append(value)
        return values


def _config_error(exc: ValidationError, given: dict[str, Any] | None = None) -> ConfigError:
    first = exc.errors()[0]
    loc = [str(p) for p in first["loc"]]
    if first["type"] == _KEYED_ERROR:
        loc.append(str((first.get("ctx") or {})["key"]))
    field = ".".join(loc) or "config"
    problem = first["msg"]
    if first["type"] == "extra_forbidden":
        problem = "is not a setting (a typo?); the documentation lists every key"
    # Never echo the input value: it may be a secret.
    return ConfigError(field, problem, _source_of(loc, given or {}))


def _source_of(loc: list[str], given: dict[str, Any]) -> str:
    """Where a key's value came from, and where to fix it: code, the environment or the
    TOML file (in that order of precedence).
    """
    value: Any = given
    for part in loc:
        value = value.get(part, _MISSING) if isinstance(value, dict) else _MISSING
    if value is not _MISSING and loc:
        return "it was given in code: fix the argument"
    variable = "LIFELONG_" + "__".join(p.upper() for p in loc)
    for name in [variable, *("LIFELONG_" + "__".join(p.upper() for p in loc[:i])
                             for i in range(len(loc) - 1, 0, -1))]:  # fmt: skip
        if name in os.environ:
            return f"it came from the environment variable {name}: fix or unset it"
    path = _toml_path.get()
    if path is not None:
        return f"it came from the config file {path}: fix it there"
    return "set it in code, a LIFELONG_* variable or the TOML file"


_MISSING = object()


def _settings_error(exc: SettingsError) -> ConfigError:
    """pydantic-settings could not parse a value (a section from the environment that is not
    JSON, such as ``LIFELONG_TRAINING=garbage``). Its message names the field, not the value.
    """
    match = re.search(r'field "([^"]+)"', str(exc))
    field = match.group(1) if match else "config"
    variable = f"LIFELONG_{field.upper()}"
    return ConfigError(
        field,
        f"cannot parse the value of {variable} (or {variable}__*) from the environment",
        "a section or list set in one variable must be JSON, e.g. "
        f"{variable}='{{\"key\": 1}}'; or set single keys as {variable}__KEY=value",
    )
