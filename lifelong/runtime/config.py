"""One typed configuration, from code, a TOML file and ``LIFELONG_*`` environment variables.

Precedence, highest first: keyword arguments given in code, environment variables, the TOML
file, the defaults (the sections' keys are in :mod:`lifelong.runtime.config_sections`, and are
re-exported here). Secrets are :class:`pydantic.SecretStr`: they print as ``**********`` in
every repr, and :func:`lifelong.runtime.logs.install_redaction` scrubs their values from logs.
"""

from __future__ import annotations

import contextvars
import os
import re
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import (
    Field,
    SecretStr,
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
from lifelong.errors import ConfigError
from lifelong.persona.messages import RecordLimits
from lifelong.runtime.config_sections import (
    KEYED_ERROR,
    DatasetSettings,
    EvaluationSettings,
    GatewaySettings,
    GenomeSettings,
    JobSettings,
    MemorySettings,
    MonitorSettings,
    ReportSettings,
    RolloutSettings,
    ScoringSettings,
    TrainingSettings,
    TriggerSettings,
)

if TYPE_CHECKING:  # SQLAlchemy is imported when a runtime opens its store, not with the config
    from lifelong.storage.database import Database

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
            return PydanticCustomError(KEYED_ERROR, "{problem}", {"key": key, "problem": problem})

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

    def open_database(self) -> Database:
        """The database this config names, with its timeouts and pool (not yet opened)."""
        from lifelong.storage.database import Database

        return Database(
            self.resolved_database_url, busy_timeout_ms=self.sqlite_busy_timeout_ms,
            pool_size=self.db_pool_size,
            session_timeouts_s=(
                self.postgres_idle_in_transaction_timeout_s, self.postgres_lock_timeout_s,
                self.postgres_statement_timeout_s,
            ),
        )  # fmt: skip

    def record_limits(self) -> RecordLimits:
        """What one recorded or generated turn may hold."""
        return RecordLimits(
            max_message_chars=self.max_message_chars, max_messages=self.max_messages,
            max_metadata_bytes=self.max_metadata_bytes,
        )  # fmt: skip

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
    if first["type"] == KEYED_ERROR:
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
