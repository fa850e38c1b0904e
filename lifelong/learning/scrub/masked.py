"""Contacts masked only in part, as sites and recovery screens show them ("hannah.afe**@aol.com",
"we'll send the code to 010 1451 67**"): what is left still finds the person. An e-mail
whose local part keeps four characters or more beside its stars, and a phone number that
keeps seven digits or more before its stars, go whole; "j***@gmail.com" and "•••• 1234" tell
nobody anything and stay.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lifelong.learning.scrub.rules import Finder, Span

__all__ = ["masked_finders"]

_MASKED_EMAIL = re.compile(
    r"(?<![\w.+*-])(?P<local>[\w.+*-]*\*[\w.+*-]*)@[\w-]+(?:\.[\w-]+)+(?![\w-])"
)
_MASKED_PHONE = re.compile(r"(?<![\w+])(?P<shown>\+?\d[\d ().-]{6,16}\d)[ -]?\*{2,6}(?![\w*])")


def _masked_contacts(text: str, lower: str) -> Iterator[Span]:
    if "*" not in text:
        return
    for match in _MASKED_EMAIL.finditer(text):
        if sum(c not in "*.+-_" for c in match["local"]) >= 4:
            yield *match.span(), "EMAIL"
    for match in _MASKED_PHONE.finditer(text):
        if sum(c.isdigit() for c in match["shown"]) >= 7:
            yield *match.span(), "PHONE"


def masked_finders() -> list[Finder]:
    """Every finder of this module."""
    return [_masked_contacts]
