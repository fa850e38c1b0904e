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


def _iban_ok(candidate: str) -> bool:
    """The ISO 13616 check: move the first four characters to the end, letters become 10..35,
    and the number is 1 modulo 97. One random look-alike in 97 passes; typos do not."""
    iban = candidate.replace(" ", "")
    if not 15 <= len(iban) <= 34:
        return False
    digits = "".join(str(int(c, 36)) for c in iban[4:] + iban[:4])
    return int(digits) % 97 == 1


def _mixed_base64(candidate: str) -> bool:
    # AWS secret keys are random base64: upper, lower and digits all but always occur. Git
    # SHAs and other hex digests (one case only) must not be taken for one.
    return (
        any(c.islower() for c in candidate)
        and any(c.isupper() for c in candidate)
        and any(c.isdigit() for c in candidate)
    )


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
    # An AWS secret access key after its name (credentials file, env, JSON): any 40 characters.
    (
        "API_KEY",
        re.compile(
            r"(?i)\b(?:aws_?)?secret_?access_?key[\"']?\s*[:=]\s*[\"']?"
            r"(?P<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])"
        ),
        None,
    ),
    # ... and standing alone: exactly 40 base64 characters of mixed case with digits.
    (
        "API_KEY",
        re.compile(r"(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])"),
        _mixed_base64,
    ),
    # IBAN, printed in groups of four or run together: country, check digits, account.
    (
        "IBAN",
        re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b"),
        _iban_ok,
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
    """Replaces secrets and personal data with ``[API_KEY]``, ``[TOKEN]``, ``[IBAN]``,
    ``[EMAIL]``, ``[CARD]`` and ``[PHONE]``, counting each class in :attr:`counts`.
    """

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()

    def __call__(self, text: str) -> str:
        for label, pattern, check in _RULES:
            text = pattern.sub(lambda m, lb=label, ck=check: self._replace(m, lb, ck), text)  # type: ignore[misc]
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
