"""Passwords said aloud as a few words and a number: "the wifi password for the flat is purple
elephant seventy two, all one word", "a senha do wifi é casa amarela 2019 tudo junto",
"password wifi rumah itu kucingoren empat enam tiga". A voice message's transcript writes
them with spaces and the number as words (read as digits first:
:mod:`~lifelong.learning.scrub.dictated`); the value is one to three words then two to four
digits, after the word for a password and "is" in the speaker's language.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lifelong.learning.scrub.rules import Finder, Span
from lifelong.learning.scrub.spoken import (
    FUNCTION_WORDS,
    IS_WORD,
    PASSWORD_STEMS,
    PASSWORD_WORD,
)

__all__ = ["phrase_finders"]

_SAID = re.compile(
    rf"(?i)[^\W\d_]*(?:\s+[^\s\d]{{1,20}}){{0,6}}?\s+(?:{IS_WORD}|itu|ay|ni)\s*[:：]?\s+"
    r"(?P<value>(?:[^\W\d_]{2,20} ){1,3}\d{2,4})(?![\w.,:/-]|[.,]\d)"
)


def _phrases(text: str, lower: str) -> Iterator[Span]:
    if not any(stem in lower for stem in PASSWORD_STEMS):
        return
    for word in PASSWORD_WORD.finditer(text, lower):
        said = _SAID.match(text, word.end())
        if said is None:
            continue
        words = said["value"].lower().split()[:-1]
        if any(w in FUNCTION_WORDS or PASSWORD_WORD.fullmatch(w) for w in words):
            continue
        if max(len(w) for w in words) >= 4:
            yield *said.span("value"), "PASSWORD"


def phrase_finders() -> list[Finder]:
    """Every finder of this module."""
    return [_phrases]
