"""A persona's profile: the fields that describe it and the system prompt built from them.

A profile is a plain mapping stored with the persona. Recognised keys: ``display_name``,
``description``, ``tone``, ``style``, ``system_prompt`` (a template). Any other key may be used
as a ``{field}`` in the template. ``{date}`` is today's date (YYYY-MM-DD) and ``{name}`` the
persona's name. Only plain ``{field}`` substitutions exist (see :func:`render_system_prompt`).
"""

from __future__ import annotations

import datetime as dt
import json
import string
from collections.abc import Mapping
from typing import Any

from lifelong.errors import InvalidRecord
from lifelong.persona.messages import check_json

__all__ = [
    "DEFAULT_SYSTEM_PROMPT",
    "MAX_PROFILE_BYTES",
    "MAX_SYSTEM_PROMPT_CHARS",
    "profile_text",
    "render_system_prompt",
    "validate_profile",
]

DEFAULT_SYSTEM_PROMPT = "You are {display_name}. {description}\nToday is {date}."

# A profile is a few descriptive fields and a prompt template, loaded with every persona by
# every report, dataset build and generate call: 64 KB is far more than a real one needs and
# keeps a careless (or hostile) 10 MB profile from slowing all of them down.
MAX_PROFILE_BYTES = 64_000

# What a rendered system prompt may be: a long persona card is a few thousand characters;
# SmolLM2's whole context is 8,192 tokens, and a prompt cannot leave it no room to answer.
MAX_SYSTEM_PROMPT_CHARS = 16_000

_DESCRIPTIVE_KEYS = ("display_name", "description", "tone", "style")


def validate_profile(profile: object) -> dict[str, Any]:
    """Return the profile as a plain dict, or raise InvalidRecord naming the bad field
    (``profile.bio``): JSON only, text the store can hold, at most :data:`MAX_PROFILE_BYTES`.

    Called before a profile is stored, so one bad profile cannot break reports for every
    persona, nor reach the database driver as a raw error.
    """
    if not isinstance(profile, Mapping):
        raise InvalidRecord("profile", f"expected an object, got {type(profile).__name__}")
    clean = dict(profile)
    for key in clean:
        # Keys are the template's {field} names; JSON would silently turn 1 into "1".
        if not isinstance(key, str):
            raise InvalidRecord(
                f"profile[{key!r}]", f"keys must be strings, got {type(key).__name__}"
            )
    check_json(clean, "profile", max_bytes=MAX_PROFILE_BYTES)
    # A template that cannot render is refused now (422 over HTTP), not at the next generate.
    render_system_prompt("persona", clean)
    return clean


def render_system_prompt(
    name: str, profile: Mapping[str, Any], *, today: dt.date | None = None
) -> str:
    """Fill the profile's ``system_prompt`` template (or the default) from its fields.

    The template language is only ``{field}`` (a profile key, ``name`` or ``date``) and
    ``{{`` / ``}}`` for literal braces. It is *not* ``str.format``: a format spec
    (``{name:x>2000000}`` pads to 2 MB), a conversion or an attribute / index
    (``{name.__class__}``) would let whoever may edit a profile make every prompt huge or
    print object internals, so each of them is refused naming the field, as an unknown
    ``{field}`` is. The rendered prompt is capped at :data:`MAX_SYSTEM_PROMPT_CHARS`
    (checked while it is built, so a template repeating a long field never builds a huge
    string).
    """
    template = profile.get("system_prompt") or DEFAULT_SYSTEM_PROMPT
    if not isinstance(template, str):
        raise InvalidRecord("profile.system_prompt", "expected a template string")
    values: dict[str, Any] = {"display_name": name, "description": ""}
    values.update({k: v for k, v in profile.items() if k != "system_prompt"})
    values["name"] = name
    values["date"] = (today or dt.date.today()).isoformat()
    parts: list[str] = []
    size = 0
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as exc:  # an unmatched brace
        raise InvalidRecord(
            "profile.system_prompt",
            f"is not a valid template: {exc} (write {{{{ and }}}} for literal braces)",
        ) from None
    for literal, field, spec, conversion in parsed:
        pieces = [literal]
        if field is not None:
            if not field.isidentifier() or spec or conversion:
                shown = field + (f"!{conversion}" if conversion else "") + (
                    f":{spec}" if spec else "")  # fmt: skip
                raise InvalidRecord(
                    "profile.system_prompt",
                    f"uses {{{shown}}}: only plain {{field}} names are allowed (no format "
                    "spec, conversion, attribute or index); write {{ and }} for braces",
                )
            if field not in values:
                raise InvalidRecord(
                    "profile.system_prompt",
                    f"uses {{{field}}}, which the profile does not define "
                    f"(known: {', '.join(sorted(values))})",
                )
            pieces.append(_field_text(values[field]))
        for piece in pieces:
            size += len(piece)
            if size > MAX_SYSTEM_PROMPT_CHARS:
                raise InvalidRecord(
                    "profile.system_prompt",
                    f"renders to more than {MAX_SYSTEM_PROMPT_CHARS:,} characters: shorten the "
                    "template or the fields it repeats",
                )
            parts.append(piece)
    text = "".join(parts)
    # Collapse the blanks an empty field leaves behind ("You are Ada. \nToday ...").
    return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())


def _field_text(value: Any) -> str:
    """A profile value as it reads in a prompt: text as is, numbers and booleans as written,
    nothing for null, lists and objects as JSON (never a Python repr).
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool | int | float):
        return json.dumps(value)
    return json.dumps(value, ensure_ascii=False)


def profile_text(profile: Mapping[str, Any], trait_description: str = "") -> str:
    """The text a reply should be consistent with: descriptive profile fields + the trait."""
    parts = [str(profile[k]) for k in _DESCRIPTIVE_KEYS if isinstance(profile.get(k), str)]
    if trait_description:
        parts.append(trait_description)
    return ". ".join(p.strip() for p in parts if p.strip())
