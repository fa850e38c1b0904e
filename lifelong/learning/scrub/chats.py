"""A chat export's senders that are phone numbers: an app names a sender not in one's contacts
by their number ("[02.09.23, 16:19:20] 012 519 173: ...", "11/2/23, 5:37 PM - 01286753808:
...", "09:25\\t8 (995) 131-43-16\\t...", "+971 50 105 1396 (14:10): ..."). Where the sender
stands is known from the line's format, so the number needs no check of any country's plan:
a run of digits there is whose line it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lifelong.learning.scrub.rules import Finder, Span

__all__ = ["chat_finders"]

_DATE = r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}"
_TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AaPp]\.?\s?[Mm]\.?)?"
# The number in the sender's place.
_NUMBER = r"(?P<number>\+?\d[\d ()\-.]{6,20}\d)"
# The line formats of the chat apps' exports, each with the sender's place.
_SENDER_LINES = tuple(
    re.compile(f"(?m){line}")
    for line in (
        # WhatsApp on iOS, Signal: [02.09.23, 16:19:20] SENDER: message
        rf"^\[{_DATE},?\s{_TIME}\]\s{_NUMBER}:\s",
        # WhatsApp on Android: 11/2/23, 5:37 PM - SENDER: message
        rf"^{_DATE},?\s{_TIME}\s[-–]\s{_NUMBER}:\s",
        # LINE: 09:25<tab>SENDER<tab>message
        rf"^{_TIME}\t{_NUMBER}\t",
        # Telegram: SENDER, [28.09.2025 08:33]; a copied thread: SENDER (14:10): message
        rf"^{_NUMBER},\s\[{_DATE}",
        rf"^{_NUMBER}\s\({_TIME}\):\s",
    )
)


def _sender_numbers(text: str, lower: str) -> Iterator[Span]:
    if text.count("\n") < 1:
        return
    for line in _SENDER_LINES:
        for match in line.finditer(text):
            start, end = match.span("number")
            if sum(c.isdigit() for c in text[start:end]) >= 8:
                yield start, end, "PHONE"


def chat_finders() -> list[Finder]:
    """Every finder of this module."""
    return [_sender_numbers]
