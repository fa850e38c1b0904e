"""A persona's profile: the fields that describe it and the system prompt built from them.

A profile is a plain mapping stored with the persona. Recognised keys: ``display_name``,
``description``, ``tone``, ``style``, ``system_prompt`` (a template). Any other key may be used
as a ``{field}`` in the template. ``{date}`` is today's date (YYYY-MM-DD) and ``{name}`` the
persona's name.
"""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Mapping
from typing import Any

from lifelong.errors import InvalidRecord
from lifelong.persona.messages import check_json

__all__ = [
    "DEFAULT_SYSTEM_PROMPT",
    "MAX_PROFILE_BYTES",
    "profile_text",
    "render_system_prompt",
    "validate_profile",
]

DEFAULT_SYSTEM_PROMPT = "You are {display_name}. {description}\nToday is {date}."

# A profile is a few descriptive fields and a prompt template, loaded with every persona by
# every report, dataset build and generate call: 64 KB is far more than a real one needs and
# keeps a careless (or hostile) 10 MB profile from slowing all of them down.
MAX_PROFILE_BYTES = 64_000

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
    return clean


def render_system_prompt(
    name: str, profile: Mapping[str, Any], *, today: dt.date | None = None
) -> str:
    """Fill the profile's ``system_prompt`` template (or the default) from its fields.

    Unknown ``{fields}`` are an error naming the field, not a silent blank.
    """
    template = profile.get("system_prompt") or DEFAULT_SYSTEM_PROMPT
    if not isinstance(template, str):
        raise InvalidRecord("profile.system_prompt", "expected a template string")
    values: dict[str, Any] = {"display_name": name, "description": ""}
    values.update({k: v for k, v in profile.items() if k != "system_prompt"})
    values["name"] = name
    values["date"] = (today or dt.date.today()).isoformat()
    for _, field, _, _ in string.Formatter().parse(template):
        if field is not None and field.split(".")[0].split("[")[0] not in values:
            raise InvalidRecord(
                "profile.system_prompt",
                f"uses {{{field}}}, which the profile does not define "
                f"(known: {', '.join(sorted(values))})",
            )
    try:
        text = template.format_map(values)
    except (ValueError, IndexError, KeyError, AttributeError) as exc:
        raise InvalidRecord("profile.system_prompt", f"is not a valid template: {exc}") from None
    # Collapse the blanks an empty field leaves behind ("You are Ada. \nToday ...").
    return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())


def profile_text(profile: Mapping[str, Any], trait_description: str = "") -> str:
    """The text a reply should be consistent with: descriptive profile fields + the trait."""
    parts = [str(profile[k]) for k in _DESCRIPTIVE_KEYS if isinstance(profile.get(k), str)]
    if trait_description:
        parts.append(trait_description)
    return ". ".join(p.strip() for p in parts if p.strip())
