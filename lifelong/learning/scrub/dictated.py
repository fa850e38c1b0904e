"""Values dictated one character at a time: "the code is 9 9 2 4 7 9", "my number is 0 7 7 0
0 9 0 0 1 2 3", "wifi password is j c r 1 2 g c k 9 6"; or said as words, as speech-to-text
writes them: "my number is oh seven nine double two...", "el código es ocho dos cero cero
seis cinco" (:mod:`~lifelong.learning.scrub.numerals`). Speech-to-text and people reading a
number aloud write each digit as a word of its own, which no finder's shape allows; so the
turn is read once more with each such run closed up ("992479"), and what the finders find
inside a closed-up run is mapped back onto the characters as written. A scan's misreadings
are read back the same way (:mod:`~lifelong.learning.scrub.ocr`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from lifelong.learning.scrub.documents import specimen
from lifelong.learning.scrub.numerals import numeral_runs
from lifelong.learning.scrub.ocr import ocr_runs
from lifelong.learning.scrub.rules import Span

__all__ = ["dictated_spans"]

# Six or more single letters or digits, one space between each, a digit among them: a run
# of letters alone is an acronym spelled out ("N A S A") or a list ("a b c d e f"); or four
# to five digits alone ("the alarm code is 5 3 4 4").
# (a dash may stand between the characters too: "4 8 9 - 0 1 - 2 6 2 4" on a scanned form)
_RUN = re.compile(
    r"(?<!\S)(?:(?=(?:[A-Za-z] )*\d)[A-Za-z0-9](?: (?:- )?[A-Za-z0-9]){5,}|\d(?: \d){3,4})"
    r"(?![^\s.,;:!?)])"
)


def _closed_runs(text: str) -> list[tuple[int, int, list[tuple[str, int, int]]]]:
    """Each run to close up: its span and, for each character it becomes, where that
    character stands in ``text`` (from, to)."""
    runs = [
        (run.start(), run.end(), [(text[i], i, i + 1) for i in range(run.start(), run.end(), 2)])
        for run in _RUN.finditer(text)
        if not specimen(run[0])
    ]
    for start, end, digits in numeral_runs(text, text.lower()):
        if any(start < e and s < end for s, e, _ in runs):
            continue
        # each digit of a word stands for the whole word: "eighty" gives "8" and "0"
        runs.append((start, end, [(digit, start, end) for digit in digits]))
    # and what a scan misread: "44O6 8042 46l6 0821", "5507  8286", "D N I :"
    for start, end, characters in ocr_runs(text):
        if not any(start < e and s < end for s, e, _ in runs):
            runs.append((start, end, characters))
    return sorted(runs)


def dictated_spans(text: str, find: Callable[[str], Iterator[Span]]) -> Iterator[Span]:
    """The spans ``find`` finds in ``text`` with its dictated runs closed up, those that
    touch a run, as spans of ``text`` itself."""
    # (not a count nor a rank: "1 2 3 4 5 6 7 8 9 10")
    runs = _closed_runs(text)
    if not runs:
        return
    closed: list[str] = []
    where: list[int] = []  # where in ``text`` each character of the closed-up turn starts
    until: list[int] = []  # ... and ends
    inside: list[bool] = []
    at = 0
    for start, end, characters in runs:
        closed.append(text[at:start])
        where.extend(range(at, start))
        until.extend(range(at + 1, start + 1))
        inside.extend([False] * (start - at))
        for character, begins, ends in characters:
            closed.append(character)
            where.append(begins)
            until.append(ends)
            inside.append(True)
        at = end
    closed.append(text[at:])
    where.extend(range(at, len(text)))
    until.extend(range(at + 1, len(text) + 1))
    inside.extend([False] * (len(text) - at))
    for start, end, label in find("".join(closed)):
        if end > start and any(inside[start:end]):
            yield where[start], until[end - 1], label
