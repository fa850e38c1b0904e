"""Text signals that need no model: corrections, degeneration, refusals."""

from __future__ import annotations

import re

# A user turn that tells the persona it was wrong. Anchored near the start of the turn: "no, ..."
# at the start is a correction, "no" in the middle of a sentence usually is not.
_CORRECTION_START = re.compile(
    r"^\s*(no\b[,.!]?|nope\b|wrong\b|incorrect\b|actually\b|not quite\b|that'?s not\b|"
    r"that is not\b|you'?re wrong\b|you are wrong\b|you misunderstood\b|that'?s wrong\b)",
    re.IGNORECASE,
)
_CORRECTION_ANYWHERE = re.compile(
    r"\b(that'?s (wrong|incorrect|not right|not correct|not what i asked)|"
    r"that is (wrong|incorrect|not right|not correct)|this is wrong|"
    r"doesn'?t work|does not work|didn'?t work|you made a mistake|"
    r"not what i (asked|meant|wanted)|i said\b|try again)",
    re.IGNORECASE,
)

_REFUSAL = re.compile(
    r"\b(as an ai( language model)?|i('m| am) (just )?an ai|i cannot (help|assist) with|"
    r"i can'?t (help|assist) with|i'?m sorry,? but i (can'?t|cannot)|"
    r"i am unable to (help|assist|comply)|i'?m not able to (help|assist))",
    re.IGNORECASE,
)

_WORD = re.compile(r"\w+", re.UNICODE)
_TERMINAL = (".", "!", "?", ")", "]", "}", '"', "'", "`", ":", ";", "*")


def looks_like_correction(user_turn: str) -> bool:
    """True when a user's next turn says the previous reply was wrong."""
    return bool(_CORRECTION_START.search(user_turn) or _CORRECTION_ANYWHERE.search(user_turn))


def is_refusal(reply: str) -> bool:
    return bool(_REFUSAL.search(reply))


def repetition(reply: str, n: int = 3) -> float:
    """Share of repeated word n-grams in ``reply``: 0.0 none, near 1.0 a loop."""
    words = [w.lower() for w in _WORD.findall(reply)]
    if len(words) < n * 3:
        return 0.0
    grams = [tuple(words[i : i + n]) for i in range(len(words) - n + 1)]
    return 1.0 - len(set(grams)) / len(grams)


def looks_truncated(reply: str) -> bool:
    """A reply that stops mid-sentence (long enough to have needed an ending) or with '...'."""
    text = reply.rstrip()
    if text.endswith(("...", "…")):
        return True
    if len(text) < 40:
        return False
    if text.endswith(_TERMINAL) or text.endswith("```"):
        return False
    # Ends in a word with no punctuation: a generation cut at max tokens.
    return text[-1].isalnum() and "\n" not in text[-40:]


def _substance(text: str) -> int:
    """How many letters and digits ``text`` holds (in any script)."""
    return sum(ch.isalnum() for ch in text)


def triviality(prompt: str, reply: str) -> list[str]:
    """Why an exchange teaches nothing, or ``[]``: a reply or a prompt with no letters or
    digits at all (``"..."``, an emoji), a one-character reply (``"a"`` -> ``"b"``), or both
    sides two characters or fewer. ``"42"`` answering a question is not trivial.
    """
    said, asked = _substance(reply), _substance(prompt)
    if said == 0:
        return ["reply has no words"]
    if asked == 0:
        return ["prompt has no words"]
    if said == 1:
        return ["one-character reply"]
    if said <= 2 and asked <= 2:
        return ["trivial exchange"]
    return []


def degeneration(reply: str) -> tuple[float, list[str]]:
    """1.0 for a healthy reply, lower for empty, looping, truncated or refusal boilerplate.

    Returns the score and the reasons, which are stored with the components.
    """
    text = reply.strip()
    if not text:
        return 0.0, ["empty"]
    score, reasons = 1.0, []
    rep = repetition(text)
    if rep > 0.3:
        score = min(score, max(0.0, 1.0 - rep * 1.2))
        reasons.append(f"repeated n-grams {rep:.0%}")
    if looks_truncated(text):
        score = min(score, 0.4)
        reasons.append("truncated")
    if is_refusal(text):
        score = min(score, 0.3)
        reasons.append("refusal boilerplate")
    return score, reasons
