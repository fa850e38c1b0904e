"""A trait: one skill or manner of a persona, learned as its own adapter layer."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from lifelong._names import MERGED, validate_name
from lifelong.errors import NotFound
from lifelong.persona.messages import check_text

# Where trait routing sends what fits no declared trait; every persona has it implicitly.
GENERAL = "general"

# A description is a sentence or two that routing embeds and compares against every unlabelled
# conversation: 4000 characters is generous, and keeps a 10 MB one out of every query.
MAX_TRAIT_DESCRIPTION_CHARS = 4_000


def validate_trait_description(trait: str, description: object) -> str:
    """Return ``description`` or raise InvalidRecord naming ``traits[<trait>].description``.

    Empty is allowed (routing then has only the name); otherwise the same text checks as a
    message: no control characters, valid Unicode, at most the limit above.
    """
    return check_text(
        description,
        f"traits[{trait}].description",
        max_chars=MAX_TRAIT_DESCRIPTION_CHARS,
        allow_empty=True,
    )


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
        validate_trait_description(self.name, self.description)


def check_declared(declared: Mapping[str, str], persona: str, trait: str) -> str:
    """``trait`` is a valid name declared by ``persona`` (``general`` always is); returns it.

    Raises NotFound naming the declared traits.
    """
    validate_name("trait", trait)
    if trait != GENERAL and trait not in declared:
        known = ", ".join(sorted(declared)) or "none"
        raise NotFound("trait", f"{persona}/{trait}", f"declared traits: {known}")
    return trait
