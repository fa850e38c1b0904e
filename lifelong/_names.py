"""Validation of the names that become keys, folder names and CLI arguments."""

from __future__ import annotations

import re

from lifelong.errors import InvalidName

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
# The same rule as a JSON-schema pattern (no lookaround, for generated clients and fuzzers):
# a letter or digit, then letters, digits, "_", "-", and "." never twice in a row; with a
# maximum length of 64.
NAME_PATTERN = r"^[A-Za-z0-9](?:[A-Za-z0-9_-]|\.[A-Za-z0-9_-])*\.?$"


# The genome's slot for a persona's consolidated base model (its layers merged in): a reserved
# trait name, refused for declared traits.
MERGED = "merged-base"


def validate_name(kind: str, name: object) -> str:
    """Return ``name`` if it is safe to use as a key and as one path component.

    Refuses anything that could traverse or separate paths (``..``, ``/``, ``\\``), control
    characters, and names that are empty or longer than 64 characters.
    """
    if not isinstance(name, str):
        raise InvalidName(kind, name, f"expected a string, got {type(name).__name__}")
    if not name:
        raise InvalidName(kind, name, "it is empty")
    if "/" in name or "\\" in name or ".." in name:
        raise InvalidName(kind, name, "it looks like a path")
    if not _NAME.fullmatch(name):
        raise InvalidName(kind, name, "it has characters that are not allowed or is too long")
    return name
