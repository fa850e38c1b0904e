"""Passwords said aloud as a few words and a number: "the wifi password for the flat is purple
elephant seventy two, all one word", "a senha do wifi é casa amarela 2019 tudo junto",
"password wifi rumah itu kucingoren empat enam tiga". A voice message's transcript writes
them with spaces and the number as words (read as digits first:
:mod:`~lifelong.learning.scrub.dictated`); the value is one to three words then two to four
digits, after the word for a password and "is" in the speaker's language.

And passphrases as generators make them, words joined by one mark with a number after the
last ("ancient-cake-civil-bonus96"), near the word for a password in any language, with words
between ("κωδικός e-banking Πειραιώς concert-arrow-...").
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


# A passphrase as generators make them: three to seven words joined by one mark, a number
# after the last ("ancient-cake-civil-bonus96", "Maple.Orbit.Candle.Seven"); not code's
# snake_case names ("manage_master_user_password").
_JOINED = re.compile(
    r"(?<![\w.@/\\-])(?P<value>[A-Za-z]{3,12}([-.])[A-Za-z]{3,12}(?:\2[A-Za-z]{3,12}){1,5}"
    r"(?:\2?\d{1,4})?[!#$%&*?]?)(?![\w@/\\-]|[.]\w)"
)
# (a host's name is words joined by dots too: "accounts.google.com")
_DOMAIN_END = re.compile(r"(?i)\.(?:com|net|org|edu|gov|info|co|io|app|dev|[a-z]{2})$")


def _passphrase(value: str) -> bool:
    words = re.findall(r"[A-Za-z]+", value)
    numbered = any(c.isdigit() for c in value)
    if len(words) < (3 if numbered else 4) or _DOMAIN_END.search(value):
        return False
    if PASSWORD_WORD.search(value, value.lower()):
        return False  # "reset-your-password-here": the word's own sentence, not a value
    return not any(w.lower() in FUNCTION_WORDS for w in words)


def _joined_passphrases(text: str, lower: str) -> Iterator[Span]:
    """A passphrase within a sentence's reach of the word for a password, in any language
    ("κωδικός e-banking Πειραιώς concert-arrow-abandon-clay57")."""
    if not any(stem in lower for stem in PASSWORD_STEMS):
        return
    for word in PASSWORD_WORD.finditer(text, lower):
        for match in _JOINED.finditer(text, max(0, word.start() - 40), word.end() + 80):
            if _passphrase(match["value"]):
                yield *match.span("value"), "PASSWORD"


def phrase_finders() -> list[Finder]:
    """Every finder of this module."""
    return [_phrases, _joined_passphrases]
