"""The scrubber's finder of values handed over to be kept, and of the same values said back:
"remember 4821 9930 for me", "notiert: Kx7-pelangi-22", "*nods* Repeating so you know I got
it right: X", "I'll remember X for you", "So it's X?", '"X"… I wrote it in my notebook'.
See :mod:`lifelong.learning.scrub.scrubber`.

Such a turn seldom says what the value is (a persona's echo never does), so the words that
name a password, a code or an id are of no help; what is asked to be remembered, and has
the shape of no word (digits in a run, letters with digits, words joined with a digit), is
somebody's secret or number. Dates, times, amounts and versions have a shape of their own
and stay.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lifelong.learning.scrub.documents import specimen
from lifelong.learning.scrub.rules import Finder, Folded, Span, named_as_reference

__all__ = ["kept_finders"]

# The words for keeping, noting and saying back a value, in the languages people chat in.
_KEEP = Folded(
    r"remember|rememb|memori[sz]|(?<![a-z])noted|note (?:it|that|this) down|(?<![a-z])jot(?![a-z])"
    r"|wrote (?:it|that)"
    r"|written down|got it right|repeating|so it'?s|so it is|keep (?:it|this|that) (?:safe|for)"
    r"|save (?:it|this|that) for|(?<![a-z])merk(?:e|en|t|st)?(?![a-z])|gemerkt|notiert"
    r"|aufgeschrieben|je retiens"
    r"|(?<![a-z])noté(?![a-z])|retenir|recuerd|anotad|apuntad|me acuerdo|memorizz|ricord"
    r"|lembr|anotei"
    r"|anotado|onthoud|zapami[ęe]t|zapisa|hat[ıi]rla|not ettim|запомн|запиш|записал|запамят"
    r"|覚え|メモ|记住|记下|記住|記下|기억|메모|ghi nhớ|nhớ giúp|catat|(?<![a-z])ingat|kumbuka"
    r"|nikumbushe"
    r"|muista|kom ihåg|(?<![a-z])husk(?![a-z])|याद|تذكر|احفظ|זכור|תזכור|จำไว้|ช่วยจำ|จำให้"
)
_KEEP_STEMS = ("remem", "memori", "note", "jot", "wrote", "written", "right", "repeat", "so it",
               "keep", "save", "merk", "notiert", "aufgeschrieben", "retiens", "noté", "retenir",
               "recuerd", "anotad", "apuntad", "acuerdo", "ricord", "lembr", "anotei", "onthoud",
               "zapami", "zapisa", "hatırla", "hatirla", "not ettim", "запомн", "запиш",
               "записал", "запамят", "覚え", "メモ", "记", "記", "기억", "메모", "nhớ", "catat",
               "ingat", "kumbuka", "muista", "kom ihåg", "husk", "याद", "تذكر", "احفظ", "זכור",
               "תזכור", "จำ")  # fmt: skip

# A value as a word of its own: quoted, or between spaces and punctuation.
_VALUE = re.compile(
    r"(?<![\w@#/\\.:+-])[\"'“«「]?(?P<value>\d{1,4}(?:[ .-]\d{1,4}){1,5}(?![\w:-])"
    r"|[^\s\"'`”»」,;，、。(){}<>\[\]]{6,64})"
)
_DATE_OR_TIME = re.compile(
    r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\d{1,2}[:h]\d\d|(?:19|20)\d\d(?:0[1-9]|1[0-2])\d\d"
)
_DIGIT_GROUPS = re.compile(r"\d{6,19}|\d{2,4}(?:[ .-]\d{2,4}){1,5}")
_VERSION = re.compile(r"(?i)v?\d+(?:\.\d+)+|[a-z]+-?\d{1,2}")
_JOINED = re.compile(r"(?i)[^\W\d_]{3,12}(?:[._-](?:[^\W\d_]{2,12}|\d{1,4})){1,5}\d{0,4}")
_AMOUNT_AFTER = re.compile(
    r"\s?(?:%|k\b|€|\$|£|dollars?|euros?|usd|eur|rupees|times|people|"
    r"steps|words|km|kg|miles|followers|views|likes)",
    re.IGNORECASE,
)
_PRODUCT = re.compile(
    r"(?i)iphone|galaxy|pixel|windows|office|xbox|playstation|covid|mp3|mp4|"
    r"utf-?8|sha\d|md5|http|www\.|\.com"
)
_EMAIL = re.compile(r"@[\w-]+\.\w")
# Two numbers joined by a dash, the second a little larger: pages, years, a range.
_RANGE = re.compile(r"(\d{1,4}) ?[-–] ?(\d{1,4})")


def _digits(value: str) -> str:
    return "".join(c for c in value if c.isdigit())


def _shape(value: str) -> str | None:
    """The placeholder for a value with the shape of no word, or None for a word, a date, an
    amount or a version."""
    digits = _digits(value)
    if _DATE_OR_TIME.match(value) or _PRODUCT.search(value) or _EMAIL.search(value):
        return None
    span = _RANGE.fullmatch(value)
    if span and 0 < int(span[2]) - int(span[1]) <= max(10, int(span[1]) // 2):
        return None  # "I wrote it down: chapter 12, pages 140-155" (not a code: 4821-9930)
    if digits and len(digits) == len(value.replace(" ", "").replace(".", "").replace("-", "")):
        # (not a decimal: "3.14159265", nor a count: 111111)
        if not _DIGIT_GROUPS.fullmatch(value) or len(digits) < 6 or specimen(value):
            return None
        return "PASSWORD" if len(digits) <= 8 else "ID"
    if not digits:
        return None
    letters = sum(c.isalpha() for c in value)
    if letters == 0 or _VERSION.fullmatch(value):
        return None
    if len(digits) >= 2 or any(c in "!@#$%^&*?~+=" for c in value[1:-1]):
        return "PASSWORD"
    # one digit: only a passphrase of joined words ("maple-orbit-kotek5")
    return "PASSWORD" if _JOINED.fullmatch(value) else None


def _kept(text: str, lower: str) -> Iterator[Span]:
    if not any(stem in lower for stem in _KEEP_STEMS):
        return
    for cue in _KEEP.finditer(text, lower):
        line_start = text.rfind("\n", 0, cue.start()) + 1
        line_end = text.find("\n", cue.end())
        line_end = len(text) if line_end < 0 else line_end
        # the value after the cue, a few words on ("I'll remember X for you"), or before it,
        # quoted ('"X"… I wrote it down')
        # (a value that starts in reach may run past it)
        after = _VALUE.finditer(text, cue.end(), line_end)
        before = _VALUE.finditer(text, max(line_start, cue.start() - 45), cue.start())
        near: list[re.Match[str]] = []
        for match in after:
            if match.start() >= cue.end() + 45:
                break
            near.append(match)
        for match in (*near, *before):
            value = match["value"].rstrip(".,!?…:;)")
            label = _shape(value)
            if label is None:
                continue
            if named_as_reference(text, match.start("value"), reach=24):
                break  # "noted, your order SO-48213 ships on Monday"
            end = match.start("value") + len(value)
            if label != "PASSWORD" or value.isalpha() or not _AMOUNT_AFTER.match(text, end):
                yield match.start("value"), end, label
            break


def kept_finders() -> list[Finder]:
    """Every finder of this module."""
    return [_kept]
