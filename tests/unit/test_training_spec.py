"""The local training child's spec: typed, checked where it is given, one list of names."""

from __future__ import annotations

import dataclasses
import typing
from pathlib import Path

import pytest

from lifelong.adapters.base import ProviderPermanent
from lifelong.adapters.local_peft import _NOT_HYPERPARAMETERS, LocalPeftConfig
from lifelong.adapters.training_spec import Hyperparameters, SpecError, TrainingSpec


def test_the_config_and_the_spec_name_the_same_hyperparameters_with_the_same_types() -> None:
    config = typing.get_type_hints(LocalPeftConfig)
    spec = typing.get_type_hints(Hyperparameters)
    assert {k: v for k, v in config.items() if k not in _NOT_HYPERPARAMETERS} == spec


def test_a_spec_survives_its_file(tmp_path: Path) -> None:
    hp = LocalPeftConfig().hyperparameters({"rank": 4, "target_modules": ["q_proj"]})
    spec = TrainingSpec(base_model_path=tmp_path / "base", dataset_dir=tmp_path / "data",
                        output_dir=tmp_path / "out", method="sft", preference="kto",
                        hyperparameters=hp, replay={"prompts": ["hi"]})  # fmt: skip
    spec.write(tmp_path / "spec.json")
    assert TrainingSpec.read(tmp_path / "spec.json") == spec


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"rank": "8"}, "hyperparameters.rank: '8' is not int"),
        ({"use_dora": 1}, "hyperparameters.use_dora: 1 is not bool"),
        ({"learning_rate": True}, "hyperparameters.learning_rate: True is not float"),
        ({"target_modules": ["q_proj", 3]}, "hyperparameters.target_modules"),
        ({"rnak": 8}, "unknown hyperparameter(s) ['rnak']"),
    ],
)
def test_a_bad_override_is_refused_when_the_job_is_given_naming_it(
    overrides: dict[str, object], named: str
) -> None:
    with pytest.raises(ProviderPermanent) as caught:
        LocalPeftConfig().hyperparameters(overrides)
    assert named in str(caught.value)


def test_an_int_is_a_fine_float_and_a_hand_edited_spec_names_its_file(tmp_path: Path) -> None:
    hp = LocalPeftConfig().hyperparameters({"learning_rate": 1})
    assert hp.learning_rate == 1.0 and isinstance(hp.learning_rate, float)
    path = tmp_path / "spec.json"
    path.write_text('{"base_model_path": "b", "dataset_dir": "d", "output_dir": "o", '
                    '"method": "sft", "hyperparameters": {"rank": 8}}')  # fmt: skip
    with pytest.raises(SpecError, match=r"spec.json: hyperparameters: missing hyperparameter"):
        TrainingSpec.read(path)
    path.write_text("[1]")
    with pytest.raises(SpecError, match="a spec is a JSON object"):
        TrainingSpec.read(path)
    assert dataclasses.replace(hp, rank=2).rank == 2
