"""An IBAN cut across chat messages or lines ("Felix: DE79 2004 1133\\nSabine: 8869 5881 13",
"IBAN FR76 7225 7301\\nmsg 2: ...1485 7830 6666 258"): each piece alone fails the IBAN's
check, the pieces joined pass it. The head (country, check digits, a few groups) is found
first; the groups on the next lines, past a sender's name or a "msg 2:" and dots, are joined
to it one line at a time, and python-stdnum's mod-97 check says when the number is whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lifelong.learning.scrub.rules import Finder, Span, stdnum

__all__ = ["split_finders"]

_HEAD = re.compile(r"(?<![\w])[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){1,5}(?:[ ]?[A-Z0-9]{1,3})?(?![\w])")
# A line that goes on with the number: a sender or a message's label, dots, then the groups.
_REST = re.compile(
    r"\r?\n[ \t]*(?:[^\n:：]{1,30}[:：][ \t]*)?(?:\.{2,}|…)?[ \t]*"
    r"(?P<groups>[A-Z0-9]{1,4}(?:[ ]?[A-Z0-9]{1,4}){0,7})[ \t]*(?=\r?\n|$)"
)
_MORE_LINES = 3


def _pieces(text: str, end: int) -> Iterator[tuple[int, int]]:
    """The spans of the groups on the lines after ``end``, as long as each line holds some."""
    for _ in range(_MORE_LINES):
        rest = _REST.match(text, end)
        if rest is None or not any(c.isdigit() for c in rest["groups"]):
            return
        yield rest.span("groups")
        end = rest.end()


def _split_ibans(text: str, lower: str) -> Iterator[Span]:
    if "\n" not in text:
        return
    iban = stdnum("iban")
    for head in _HEAD.finditer(text):
        if iban.is_valid(head[0]):
            continue  # whole on its line: the IBAN finder's
        joined = head[0]
        spans = [head.span()]
        for start, end in _pieces(text, head.end()):
            joined += text[start:end]
            spans.append((start, end))
            if iban.is_valid(joined):
                for span in spans:
                    yield *span, "IBAN"
                break


def split_finders() -> list[Finder]:
    """Every finder of this module."""
    return [_split_ibans]
