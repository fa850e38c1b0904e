"""Scrubbing before anything leaves the store: secrets and personal data become typed
placeholders, and conversations that attack the persona are dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

__all__ = ["Scrubber", "looks_like_injection"]


def _luhn_ok(candidate: str) -> bool:
    digits = [int(c) for c in candidate if c.isdigit()]
    if not 13 <= len(digits) <= 19:
        return False
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


# Order matters: keys and tokens before the looser patterns that could eat parts of them.
_RULES: list[tuple[str, re.Pattern[str], Callable[[str], bool] | None]] = [
    (
        "API_KEY",
        re.compile(
            r"\b(sk-(?:proj-|ant-)?[A-Za-z0-9_-]{16,}|AKIA[0-9A-Z]{16}|AIza[0-9A-Za-z_-]{35}|"
            r"gh[pousr]_[A-Za-z0-9]{30,}|xox[abposr]-[A-Za-z0-9-]{10,}|hf_[A-Za-z0-9]{30,})"
        ),
        None,
    ),
    ("TOKEN", re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}"), None),
    ("TOKEN", re.compile(r"(?i)\bbearer\s+(?P<secret>[A-Za-z0-9._~+/-]{16,}=*)"), None),
    (
        "TOKEN",
        re.compile(
            r"(?i)\b(?:api[_-]?key|secret|token|password|passwd)[\"']?\s?[:=]\s?[\"']?"
            r"(?P<secret>[^\s\"',;]{8,})"
        ),
        None,
    ),
    ("EMAIL", re.compile(r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b"), None),
    ("CARD", re.compile(r"\b(?:\d[ -]?){12,18}\d\b"), _luhn_ok),
    (
        "PHONE",
        re.compile(
            r"(?<![\w.])(?:\+\d{1,3}[ .-]?)?(?:\(\d{2,4}\)[ .-]?)?\d{2,4}(?:[ .-]\d{2,5}){1,3}"
            r"(?![\w.])"
        ),
        lambda s: 9 <= sum(c.isdigit() for c in s) <= 15,
    ),
]

_INJECTION = re.compile(
    r"(?i)\b(ignore|disregard|forget) (all |any |the |your )?(previous|prior|above|earlier|"
    r"preceding) (instructions|prompts?|rules|directions)|"
    r"\b(reveal|print|show|repeat) (me )?(your|the) "
    r"(system prompt|hidden instructions|instructions)|"
    r"\byou are now (DAN|in developer mode|jailbroken|unfiltered)|"
    r"\b(jailbreak|do anything now)\b|"
    r"\bnew instructions?:|"
    r"\boverride (your|the) (system|safety) (prompt|rules|instructions)"
)


def looks_like_injection(text: str) -> bool:
    """True for text that tries to override the persona's instructions."""
    return bool(_INJECTION.search(text))


# Patterns may name the part to hide (?P<secret>...): "api_key=" stays, the value goes.
class Scrubber:
    """Replaces secrets and personal data with ``[API_KEY]``, ``[TOKEN]``, ``[EMAIL]``,
    ``[CARD]`` and ``[PHONE]``, counting each class in :attr:`counts`.
    """

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()

    def __call__(self, text: str) -> str:
        for label, pattern, check in _RULES:
            text = pattern.sub(lambda m, lb=label, ck=check: self._replace(m, lb, ck), text)
        return text

    def _replace(
        self, match: re.Match[str], label: str, check: Callable[[str], bool] | None
    ) -> str:
        whole = match.group(0)
        if check is not None and not check(whole):
            return whole
        self.counts[label] += 1
        if "secret" in match.re.groupindex:
            start, end = match.span("secret")
            offset = match.start()
            return whole[: start - offset] + f"[{label}]" + whole[end - offset :]
        return f"[{label}]"
