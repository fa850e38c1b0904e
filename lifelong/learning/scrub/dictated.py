"""Values dictated one character at a time: "the code is 9 9 2 4 7 9", "my number is 0 7 7 0
0 9 0 0 1 2 3", "wifi password is j c r 1 2 g c k 9 6". Speech-to-text and people reading a
number aloud write each digit as a word of its own, which no finder's shape allows; so the
turn is read once more with each such run closed up ("992479"), and what the finders find
inside a closed-up run is mapped back onto the characters as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from lifelong.learning.scrub.documents import specimen
from lifelong.learning.scrub.rules import Span

__all__ = ["dictated_spans"]

# Six or more single letters or digits, one space between each, a digit among them: a run
# of letters alone is an acronym spelled out ("N A S A") or a list ("a b c d e f").
_RUN = re.compile(r"(?<!\S)(?=(?:[A-Za-z] )*\d)[A-Za-z0-9](?: [A-Za-z0-9]){5,}(?![^\s.,;:!?)])")


def dictated_spans(text: str, find: Callable[[str], Iterator[Span]]) -> Iterator[Span]:
    """The spans ``find`` finds in ``text`` with its dictated runs closed up, those that
    touch a run, as spans of ``text`` itself."""
    # (not a count nor a rank: "1 2 3 4 5 6 7 8 9 10")
    runs = [run for run in _RUN.finditer(text) if not specimen(run[0])]
    if not runs:
        return
    closed: list[str] = []
    where: list[int] = []  # the index in ``text`` of each character of the closed-up turn
    inside: list[bool] = []
    at = 0
    for run in runs:
        closed.append(text[at : run.start()])
        where.extend(range(at, run.start()))
        inside.extend([False] * (run.start() - at))
        for i in range(run.start(), run.end(), 2):
            closed.append(text[i])
            where.append(i)
            inside.append(True)
        at = run.end()
    closed.append(text[at:])
    where.extend(range(at, len(text)))
    inside.extend([False] * (len(text) - at))
    for start, end, label in find("".join(closed)):
        if end > start and any(inside[start:end]):
            yield where[start], where[end - 1] + 1, label
