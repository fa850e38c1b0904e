"""The scrubber's finder of login names made from a person's name: where a turn names someone
("Sophie Fontaine", "Piotr Kamiński") and also holds a login built from that name the ways
directories build them ("sophie.fontaine", "pkaminski", "elindqvist", "lena_fischer"), the
login is that person's account, whatever words stand around it ("Konto pkaminski (Piotr
Kamiński) ist gesperrt", "Lägg till Erik Lindqvist (elindqvist) i gruppen"). See
:mod:`lifelong.learning.scrub.scrubber`.

The name itself is left: only a login, which is joined (no space) and lower-case, is found.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from lifelong.learning.scrub.rules import Finder, Span

__all__ = ["username_finders"]

# A person's name: two capitalised words (in Latin letters, with their accents).
_FULL_NAME = re.compile(
    r"(?<![\w.])(?P<first>[A-ZÀ-ÖØ-ÞĀ-ž][a-zß-öø-ÿā-ž]{1,20})[ \t]+"
    r"(?P<last>[A-ZÀ-ÖØ-ÞĀ-ž][a-zß-öø-ÿā-ž'\-]{2,25})(?![\w])"
)
# Letters that decompose into none: one for one, so that every index holds in the turn.
_PLAIN = str.maketrans("łŁøØđĐßæÆıœŒ", "lLoOdDsaAioO")


def _fold(text: str) -> str:
    """The turn lower-cased and without accents, one character for one."""
    out = []
    for char in text.translate(_PLAIN):
        base = unicodedata.normalize("NFKD", char)[:1] if ord(char) > 127 else char
        out.append(base.lower() if len(base.lower()) == 1 else char)
    return "".join(out)


def _logins(first: str, last: str) -> set[str]:
    """The logins a directory builds from a name: first.last, flast, firstl, last.first ..."""
    last = re.sub(r"'s$", "", last).replace("'", "").replace("-", "")  # "Becker's"
    # (not "first-last": two capitalised words joined by "-" are how a shop or a blog makes
    # a page's slug from its title, "Linen Apron" -> linen-apron)
    joined = {f"{first}{sep}{last}" for sep in "._"} | {f"{last}{sep}{first}" for sep in "._"}
    return joined | {first[0] + last, f"{first[0]}.{last}", first + last[0], first + last}


def _name_logins(text: str, lower: str) -> Iterator[Span]:
    names = list(_FULL_NAME.finditer(text))
    if not names:
        return
    folded = _fold(text)
    candidates: set[str] = set()
    for name in names:
        candidates |= _logins(_fold(name["first"]), _fold(name["last"]))
    pattern = re.compile(
        r"(?<![\w.@/-])(?:"
        + "|".join(re.escape(c) for c in sorted(candidates, key=len, reverse=True))
        + r")(?![\w@/-]|\.\w)"
    )
    for match in pattern.finditer(folded):
        # a login is written in lower case: "Mramirez" opening a sentence is a word
        if text[match.start() : match.end()].islower() or "." in match[0] or "_" in match[0]:
            yield *match.span(), "USERNAME"


def username_finders() -> list[Finder]:
    """Every finder of this module."""
    return [_name_logins]
