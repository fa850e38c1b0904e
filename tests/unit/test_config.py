from __future__ import annotations

import logging
from pathlib import Path

import pytest

from lifelong import ConfigError, RuntimeConfig
from lifelong.runtime.logs import install_redaction

SECRET = "sk-test-0123456789abcdefSECRET"


def test_precedence_code_over_env_over_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    toml = tmp_path / "lifelong.toml"
    toml.write_text('[lifelong]\nhome = "from-file"\nrecord_batch_max = 7\nmax_messages = 9\n')
    monkeypatch.setenv("LIFELONG_RECORD_BATCH_MAX", "8")
    monkeypatch.setenv("LIFELONG_HOME", "from-env")
    config = RuntimeConfig.load(toml, home="from-code")
    assert config.home == Path("from-code")
    assert config.record_batch_max == 8  # env beats file
    assert config.max_messages == 9  # file beats default


def test_config_file_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    toml = tmp_path / "c.toml"
    toml.write_text("max_messages = 3\n")
    monkeypatch.setenv("LIFELONG_CONFIG", str(toml))
    assert RuntimeConfig.load().max_messages == 3


def test_default_database_is_sqlite_under_home(tmp_path: Path) -> None:
    config = RuntimeConfig(home=tmp_path)
    assert config.resolved_database_url == f"sqlite+aiosqlite:///{tmp_path / 'lifelong.db'}"


@pytest.mark.parametrize(
    ("text", "field"),
    [("record_batch_max = 0", "record_batch_max"), ("nonsense = 1", "nonsense")],
)
def test_bad_file_values_name_the_field(tmp_path: Path, text: str, field: str) -> None:
    toml = tmp_path / "c.toml"
    toml.write_text(text + "\n")
    with pytest.raises(ConfigError) as info:
        RuntimeConfig.load(toml)
    assert info.value.field == field


def test_broken_toml_and_missing_file_are_clear(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("home = \n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        RuntimeConfig.load(broken)
    with pytest.raises(ConfigError, match="does not exist"):
        RuntimeConfig.load(tmp_path / "missing.toml")


def test_secrets_never_show_in_repr_errors_or_logs(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("LIFELONG_OPENAI_API_KEY", SECRET)
    config = RuntimeConfig.load()
    assert config.openai_api_key is not None
    assert config.openai_api_key.get_secret_value() == SECRET
    assert SECRET not in repr(config) and SECRET not in str(config)
    assert SECRET not in config.model_dump_json()

    install_redaction(config.secret_values())
    logger = logging.getLogger("lifelong.test")
    with caplog.at_level(logging.INFO, logger="lifelong"):
        logger.info("calling the API with key %s", SECRET)
        logger.info("header Authorization: Bearer abcdefghijklmnop")
    text = caplog.text
    assert SECRET not in text
    assert "abcdefghijklmnop" not in text
    assert "[REDACTED]" in text


def test_a_bad_secret_value_is_not_echoed_in_the_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIFELONG_MAX_MESSAGES", "sk-not-a-number-123456789")
    with pytest.raises(ConfigError) as info:
        RuntimeConfig.load()
    assert "sk-not-a-number" not in str(info.value)


def test_provider_chain_from_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from lifelong import Runtime

    monkeypatch.setenv("LIFELONG_TRAINING__PROVIDERS", '["openai", "local"]')
    toml = tmp_path / "c.toml"
    toml.write_text(
        "[lifelong.training]\nbudget_per_job = 2.5\nmax_attempts = 5\n"
        "[lifelong.training.local]\nrank = 4\n"
    )
    config = RuntimeConfig.load(toml, home=tmp_path, openai_api_key=SECRET)
    chain = Runtime(config).provider_chain()
    assert [p.name for p in chain.providers] == ["openai", "local"]
    assert chain.budget.per_job == 2.5 and chain.retry.max_attempts == 5
    assert chain.providers[1].config.rank == 4  # type: ignore[attr-defined]
    assert chain.providers[1].config.cache_dir == tmp_path / "models"  # type: ignore[attr-defined]
    assert chain.providers[0].config.price_per_million_tokens == 5.0  # type: ignore[attr-defined]


def test_unknown_provider_names_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIFELONG_TRAINING__PROVIDERS", '["local", "anthropic"]')
    with pytest.raises(ConfigError, match=r"training\\.providers|training"):
        RuntimeConfig.load()
