"""The system prompt template: plain ``{field}`` substitutions only, and a capped result."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from lifelong.errors import InvalidRecord
from lifelong.persona.profile import (
    MAX_SYSTEM_PROMPT_CHARS,
    render_system_prompt,
    validate_profile,
)

TODAY = dt.date(2026, 12, 6)


def test_fields_name_and_date_fill_the_template() -> None:
    template = "You are {display_name} ({name}), {tone}. {description} Stock: {stock}. "
    profile = {"display_name": "Ada", "description": "Helps with {sums}.", "tone": "warm",
               "system_prompt": template + "{{braces}} Today is {date}.",
               "stock": [1, 2]}  # fmt: skip
    assert render_system_prompt("ada", profile, today=TODAY) == (
        "You are Ada (ada), warm. Helps with {sums}. Stock: [1, 2]. {braces} Today is 2026-12-06."
    )
    # The default template, and an empty field's blanks collapsed.
    assert render_system_prompt("bob", {}, today=TODAY) == "You are bob.\nToday is 2026-12-06."


@pytest.mark.parametrize(
    "template",
    [
        "{name:x>2000000}",  # a format spec pads: 16 characters of template, a 2 MB prompt
        "{name.__class__}",  # an attribute: object internals
        "{name.__class__.__mro__}",
        "{name[0]}",  # an index
        "{name!r}",  # a conversion
        "{0}",  # positional
        "{}",
    ],
)
def test_anything_but_a_plain_field_is_refused_naming_it(template: str) -> None:
    with pytest.raises(InvalidRecord) as caught:
        render_system_prompt("ada", {"system_prompt": template}, today=TODAY)
    assert caught.value.field == "profile.system_prompt"
    assert "only plain {field} names" in str(caught.value)
    # ... and so is the profile, before it is stored (a 422 over HTTP).
    with pytest.raises(InvalidRecord, match="only plain"):
        validate_profile({"system_prompt": template})


def test_unknown_fields_and_unbalanced_braces_are_refused() -> None:
    with pytest.raises(InvalidRecord, match=r"uses \{mood\}, which the profile does not define"):
        validate_profile({"system_prompt": "You are {mood}."})
    with pytest.raises(InvalidRecord, match=re.escape("write {{ and }} for literal braces")):
        validate_profile({"system_prompt": "You are {name"})


def test_the_rendered_prompt_is_capped_while_it_is_built() -> None:
    # 64 KB of profile, each field repeated: the result would be megabytes.
    long = "x" * 10_000
    template = "{description}" * 1000
    with pytest.raises(InvalidRecord, match=f"more than {MAX_SYSTEM_PROMPT_CHARS:,} characters"):
        validate_profile({"description": long, "system_prompt": template})
    text = "y" * (MAX_SYSTEM_PROMPT_CHARS - 10)
    at_limit = {"description": text, "system_prompt": "{description}"}
    assert len(render_system_prompt("ada", at_limit, today=TODAY)) == MAX_SYSTEM_PROMPT_CHARS - 10
