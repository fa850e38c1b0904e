"""A trait: one skill or manner of a persona, learned as its own adapter layer."""

from __future__ import annotations

from dataclasses import dataclass

from lifelong._names import MERGED, validate_name

# Where trait routing sends what fits no declared trait; every persona has it implicitly.
GENERAL = "general"


@dataclass(frozen=True, slots=True)
class Trait:
    """``Trait("python-tutor", "explains Python to beginners with short examples")``.

    The description is what trait routing compares unlabelled conversations against.
    """

    name: str
    description: str = ""

    def __post_init__(self) -> None:
        validate_name("trait", self.name)
        if self.name == MERGED:
            raise ValueError(f"{MERGED!r} is reserved for merged base models; pick another name")
        if not isinstance(self.description, str):
            raise TypeError(f"trait {self.name!r}: description must be a string")
