"""What text recognition does to a photo of a card, a form or a letter, undone: an "O" for a
zero and an "l" or "I" for a one inside a number ("44O6 8042 46l6 0821", "ll3.908.942-07",
"PT5O 0010 ..."), two spaces where one was ("5507  8286 2463 8095"), and a label's letters
spaced out ("D N I :", "C P F :"). The scrubber reads the turn once more with these read
back (:mod:`~lifelong.learning.scrub.dictated`), so that every finder of numbers finds them.

Each change is of one character, or drops spaces: the finders' spans map back onto the
characters as written.
"""

from __future__ import annotations

import re

__all__ = ["Run", "ocr_runs"]

# (start, end, and each character it reads as with the span of the text it stands for)
Run = tuple[int, int, list[tuple[str, int, int]]]

_CONFUSED = str.maketrans("OoIl|", "00111")
# A number with letters read into it: digits (two or more) with an O, o, I, l or | among
# them (never alone: "10 l" is litres), in groups split by a space, dot, dash or slash; a
# country's two capitals may lead it (an IBAN) and one letter may end it (a Spanish DNI's).
_NUMBER = re.compile(
    r"(?<![\w.-])(?:[A-Z]{2}(?=[0-9OIl]{2}))?"
    r"(?P<number>(?=[0-9OoIl|./ -]*\d[0-9OoIl|./ -]*\d)(?=[0-9./ -]*[OoIl|])[0-9OoIl|]"
    r"(?:[./ -]?[0-9OoIl|])*)[A-Z]?(?![\w-])"
)
_ALONE = re.compile(r"(?:^|[ ./-])[OoIl|](?:[ ./-]|$)")
# Two or more spaces between digits: a scan's column gap inside one number.
_WIDE_GAP = re.compile(r"(?<=\d) {2,}(?=\d)")
# A label's capitals spaced out: "D N I :", "C P F :", "N° S S :".
_SPACED_CAPITALS = re.compile(r"(?<![\w])[A-Z](?: [A-Z]){1,5}(?=[ \t]*[:：])")


def _confused(text: str) -> list[Run]:
    runs = []
    for match in _NUMBER.finditer(text):
        number = match["number"]
        letters = sum(c in "OoIl|" for c in number)
        digits = sum(c.isdigit() for c in number)
        if (
            not letters
            or digits < 2
            or letters * 2 > digits
            or letters > 3
            or _ALONE.search(number)
        ):
            continue  # a word with digits, not a number with a letter misread
        start = match.start("number")
        read = number.translate(_CONFUSED)
        runs.append((start, match.end("number"),
                     [(c, start + i, start + i + 1) for i, c in enumerate(read)]))  # fmt: skip
    return runs


def ocr_runs(text: str) -> list[Run]:
    """The stretches of ``text`` that read otherwise once a scan's errors are undone."""
    runs = _confused(text) if any(c in text for c in "OoIl|") else []
    if "  " in text:
        for match in _WIDE_GAP.finditer(text):
            runs.append((match.start(), match.end(), [(" ", match.start(), match.end())]))
    for match in _SPACED_CAPITALS.finditer(text):
        start, end = match.span()
        runs.append((start, end, [(text[i], i, i + 1) for i in range(start, end, 2)]))
    return runs
