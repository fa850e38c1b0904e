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

    # Redaction is a handler filter: here on pytest's capturing handler, as an embedder would.
    caplog.handler.addFilter(install_redaction(config.secret_values()))
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


def test_a_binary_or_unreadable_config_file_is_a_config_error(tmp_path: Path) -> None:
    binary = tmp_path / "model.toml"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe\x00garbage")
    with pytest.raises(ConfigError, match="not a TOML text file") as info:
        RuntimeConfig.load(binary)
    assert info.value.field == "config file" and str(binary) in str(info.value)
    with pytest.raises(ConfigError, match="cannot be read") as info:
        RuntimeConfig.load(tmp_path)  # a folder
    assert info.value.field == "config file"


def test_an_environment_section_that_is_not_json_is_a_config_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LIFELONG_TRAINING", "garbage-sk-abcdefgh12345678")
    with pytest.raises(ConfigError) as info:
        RuntimeConfig.load()
    assert info.value.field == "training"
    assert "LIFELONG_TRAINING" in str(info.value) and "JSON" in str(info.value)
    assert "garbage" not in str(info.value)  # never the value: it may be a secret


@pytest.mark.parametrize(
    ("text", "field", "words"),
    [
        ("rnak = 4", "training.local.rnak", ["did you mean 'rank'", "learning_rate", "use_dora"]),
        ('rank = "eight"', "training.local.rank", ["valid integer"]),
        ("use_dora = [1]", "training.local.use_dora", ["valid boolean"]),
        ('base_model = "x"', "training.local.base_model", ["training.base_model"]),
    ],
)
def test_training_local_typos_fail_at_load(
    tmp_path: Path, text: str, field: str, words: list[str]
) -> None:
    toml = tmp_path / "c.toml"
    toml.write_text(f"[lifelong.training.local]\nalpha = 16\n{text}\n")  # a good key, a bad one
    with pytest.raises(ConfigError) as info:
        RuntimeConfig.load(toml)
    assert info.value.field == field
    for word in words:
        assert word in str(info.value)


def test_training_local_values_get_the_types_the_provider_declares(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LIFELONG_TRAINING__LOCAL__RANK", "4")
    monkeypatch.setenv("LIFELONG_TRAINING__LOCAL__CACHE_DIR", str(tmp_path / "models"))
    config = RuntimeConfig.load(home=tmp_path)
    assert config.training.local == {"rank": 4, "cache_dir": tmp_path / "models"}


def test_a_home_inside_a_file_is_a_config_error(tmp_path: Path) -> None:
    (tmp_path / "file.txt").write_text("x")
    with pytest.raises(ConfigError, match="is not a folder") as info:
        RuntimeConfig.load(home=tmp_path / "file.txt" / "sub")
    assert info.value.field == "home"


def test_every_way_of_building_reads_the_same_sources_and_says_where_a_mistake_came_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The README's ``RuntimeConfig()`` ignored ``LIFELONG_CONFIG`` (a budget cap written there
    did not apply) and raised pydantic's errors; now it reads the file like ``load`` and says
    which key, from where, and what to do.
    """
    from lifelong.errors import ConfigError

    config = tmp_path / "lifelong.toml"
    config.write_text("[lifelong.training]\nbudget_per_job = 12.5\n")
    monkeypatch.setenv("LIFELONG_CONFIG", str(config))
    assert RuntimeConfig(home=tmp_path).training.budget_per_job == 12.5
    assert RuntimeConfig.load(home=tmp_path).training.budget_per_job == 12.5
    monkeypatch.setenv("LIFELONG_CONFIG", str(tmp_path / "missing.toml"))
    with pytest.raises(ConfigError, match=r"missing\.toml does not exist"):
        RuntimeConfig(home=tmp_path)
    monkeypatch.delenv("LIFELONG_CONFIG")

    with pytest.raises(ConfigError, match=r"'traning': is not a setting \(a typo\?\)") as typo:
        RuntimeConfig(home=tmp_path, traning={})
    assert "given in code" in str(typo.value)
    monkeypatch.setenv("LIFELONG_SCORING__INTERVAL_S", "soon")
    with pytest.raises(ConfigError, match="LIFELONG_SCORING__INTERVAL_S: fix or unset it"):
        RuntimeConfig(home=tmp_path)
    monkeypatch.delenv("LIFELONG_SCORING__INTERVAL_S")
    config.write_text("[lifelong.jobs]\nworkers = -1\n")
    with pytest.raises(ConfigError, match=f"from the config file {config}"):
        RuntimeConfig.load(config, home=tmp_path)


def test_each_learning_policy_comes_from_its_section_with_one_set_of_defaults(
    tmp_path: Path,
) -> None:
    from lifelong.learning.gate import GatePolicy
    from lifelong.learning.memory import MemoryPolicy
    from lifelong.learning.monitor import MonitorPolicy
    from lifelong.learning.triggers import TriggerPolicy

    config = RuntimeConfig(home=tmp_path)
    assert config.triggers.policy() == TriggerPolicy()
    assert config.evaluation.policy() == GatePolicy()
    assert config.monitor.policy() == MonitorPolicy()
    assert config.memory.policy(config.triggers.min_quality) == MemoryPolicy()
    # A value set in the config reaches the policy the learning code applies.
    tuned = RuntimeConfig(
        home=tmp_path, triggers={"threshold": 7, "min_quality": 0.5},
        evaluation={"min_heldout": 9}, monitor={"max_drop": 0.2}, memory={"max_turns": 1},
    )  # fmt: skip
    assert tuned.triggers.policy().threshold == 7
    assert tuned.evaluation.policy().min_heldout == 9
    assert tuned.monitor.policy().max_drop == 0.2
    memory = tuned.memory.policy(tuned.triggers.min_quality)
    assert (memory.max_turns, memory.min_quality) == (1, 0.5)
