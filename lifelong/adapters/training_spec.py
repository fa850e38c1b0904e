"""What the local training child is told: one typed spec, written by the provider as
``spec.json`` and read back by the child (:mod:`lifelong.adapters._local_worker`).

The hyperparameters' names and types are declared here once; their defaults are the
provider's configuration (:class:`lifelong.adapters.local_peft.LocalPeftConfig`, which a test
keeps in step with this list). A value of the wrong type is refused where it is given (a
job's ``hyperparameters`` override, a hand-edited spec) with its name, not as a traceback
from inside trl minutes later.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["Hyperparameters", "SpecError", "TrainingSpec"]


class SpecError(ValueError):
    """A spec or a hyperparameter that cannot be used: the message names the field."""


@dataclass(frozen=True, slots=True)
class Hyperparameters:
    """How one layer is trained (see ``LocalPeftConfig`` for what each means and its default)."""

    rank: int
    alpha: int
    dropout: float
    target_modules: list[str] | str
    use_dora: bool
    layers_fraction: float
    learning_rate: float
    lr_scheduler: str
    warmup_ratio: float
    epochs: float
    min_fact_exposures: int
    max_epochs: float
    min_steps: int
    max_steps: int
    replay_ratio: float
    replay_max_new_tokens: int
    replay_temperature: float
    replay_persona_share: float
    batch_size: int
    grad_accum: int
    max_length: int
    gradient_checkpointing: bool
    save_steps: int
    seed: int
    device: str
    preference_learning_rate: float
    preference_epochs: float
    dpo_beta: float
    kto_beta: float

    @classmethod
    def from_dict(
        cls, values: Mapping[str, Any], where: str = "hyperparameters"
    ) -> Hyperparameters:
        """Every field from ``values`` (no more, no fewer), each checked against its type."""
        names = [f.name for f in dataclasses.fields(cls)]
        unknown = sorted(set(values) - set(names))
        if unknown:
            raise SpecError(f"{where}: unknown hyperparameter(s) {unknown}; known: {names}")
        missing = [n for n in names if n not in values]
        if missing:
            raise SpecError(f"{where}: missing hyperparameter(s) {missing}")
        hints = typing.get_type_hints(cls)
        return cls(**{n: _checked(f"{where}.{n}", values[n], hints[n]) for n in names})

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def but(self, **changes: Any) -> Hyperparameters:
        """A copy with ``changes`` (checked like the rest)."""
        return Hyperparameters.from_dict({**self.as_dict(), **changes})


@dataclass(frozen=True, slots=True)
class TrainingSpec:
    """One training run of the child: the base model, the dataset, where to write, the passes
    (``method``, then ``preference`` if any) and the replay to mix in.
    """

    base_model_path: Path
    dataset_dir: Path
    output_dir: Path
    method: str
    hyperparameters: Hyperparameters
    preference: str | None = None
    replay: dict[str, Any] | None = field(default=None)

    def write(self, path: Path) -> None:
        data = {
            "base_model_path": str(self.base_model_path),
            "dataset_dir": str(self.dataset_dir),
            "output_dir": str(self.output_dir),
            "method": self.method,
            "preference": self.preference,
            "hyperparameters": self.hyperparameters.as_dict(),
            "replay": self.replay,
        }
        path.write_text(json.dumps(data, indent=2))

    @classmethod
    def read(cls, path: Path) -> TrainingSpec:
        try:
            data = json.loads(path.read_text())
        except (OSError, ValueError) as exc:
            raise SpecError(f"{path}: not a readable JSON spec ({exc})") from None
        if not isinstance(data, dict):
            raise SpecError(f"{path}: a spec is a JSON object")
        for key in ("base_model_path", "dataset_dir", "output_dir", "method"):
            if not isinstance(data.get(key), str) or not data[key]:
                raise SpecError(f"{path}: {key} must be a non-empty string")
        hp = data.get("hyperparameters")
        if not isinstance(hp, dict):
            raise SpecError(f"{path}: hyperparameters must be an object")
        replay = data.get("replay")
        if replay is not None and not isinstance(replay, dict):
            raise SpecError(f"{path}: replay must be an object or null")
        preference = data.get("preference")
        if preference is not None and not isinstance(preference, str):
            raise SpecError(f"{path}: preference must be a string or null")
        return cls(
            base_model_path=Path(data["base_model_path"]), dataset_dir=Path(data["dataset_dir"]),
            output_dir=Path(data["output_dir"]), method=data["method"], preference=preference,
            hyperparameters=Hyperparameters.from_dict(hp, f"{path}: hyperparameters"),
            replay=replay,
        )  # fmt: skip


def _checked(name: str, value: Any, kind: Any) -> Any:
    """``value`` as ``kind`` (an int is a fine float; a bool is not a number), else SpecError."""
    if isinstance(kind, types.UnionType):  # list[str] | str
        for option in typing.get_args(kind):
            try:
                return _checked(name, value, option)
            except SpecError:
                continue
        raise SpecError(f"{name}: {value!r} is not one of {kind}")
    origin = typing.get_origin(kind)
    if origin is list:
        (item,) = typing.get_args(kind)
        if not isinstance(value, list):
            raise SpecError(f"{name}: {value!r} is not a list")
        return [_checked(f"{name}[{i}]", v, item) for i, v in enumerate(value)]
    if kind is float and isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if kind in (int, str, bool) and type(value) is kind:
        return value
    raise SpecError(f"{name}: {value!r} is not {getattr(kind, '__name__', kind)}")
