"""E-mail addresses said aloud, as speech-to-text writes a voice message or someone types
what they would say on the phone: "jessica dot moreno eighty eight at gmail dot com", "rahul
underscore verma ninety two at the rate yahoo dot co dot in", "a.ivanova87 собака yandex
точка ru", "yuki.tanaka アットマーク docomo ドット ne ドット jp", "minji 점 park 골뱅이 naver 점
com". The words for "at", "dot", "underscore" and "dash" in the languages people say them in;
the name may hold number words ("eighty eight"), and the domain ends in a known top-level
domain said after a "dot".
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lifelong.learning.scrub.numerals import NUMBER_WORD
from lifelong.learning.scrub.rules import Finder, Span

__all__ = ["spelled_finders"]

_AT = (
    r"at the rate(?: of)?|at sign|at|arroba|arobase|chiocciola|klammeraffe|affenschwanz|"
    r"ät|małpa|malpa|apenstaartje|et|at işareti|собака|собачка|коммерческое at|アットマーク|"
    r"アット|골뱅이|앳|παπάκι|παπακι|sa|a kukac|kukac|zavináč|snabel-a|a-ympyrä|"
    r"艾特|圈a|小老鼠"
)
_DOT = (
    r"dot|point|punto|punkt|ponto|kropka|punt|nokta|точка|ドット|점|닷|τελεία|τελεια|titik|"
    r"chấm|tečka|pont|piste|prikk|点|點"
)
_JOIN = (
    r"underscore|under score|guion bajo|guión bajo|tiret bas|unterstrich|trattino basso|"
    r"sublinhado|podkreślnik|alt çizgi|нижнее подчеркивание|подчеркивание|アンダーバー|"
    r"アンダースコア|언더바|언더스코어|下划线|下劃線|dash|hyphen|tiret|guion|guión|bindestrich|"
    r"trattino|hífen|myślnik|tire|дефис|ハイフン|하이픈|横杠"
)
_TLDS = (
    r"com|net|org|io|co|uk|de|fr|es|it|nl|be|ch|at|ca|au|in|jp|cn|ru|br|edu|gov|info|me|"
    r"pl|cz|pt|ie|nz|se|no|dk|fi|gr|tr|kr|vn|id|ph|mx|ar|ke|ng|za|ua|ir|my|sg|hk|tw|th|eu|us"
)
_PART = r"[a-z0-9][a-z0-9._+-]*"
_SPELLED = re.compile(
    rf"(?<![\w.@-])(?P<name>{_PART}(?:\s+(?:(?:{_DOT}|{_JOIN})\s+{_PART}|(?:{NUMBER_WORD})(?![\w])"
    rf"|\d+))*)\s+(?P<at>{_AT})\s+[a-z0-9][a-z0-9-]*(?:\s+(?:{_DOT})\s+[a-z0-9][a-z0-9-]*)*"
    rf"\s+(?:{_DOT})\s+(?:{_TLDS})(?![\w])"
)
_CHEAP = re.compile(rf"\s(?:{_AT})\s")
# An English word is no name by itself: "look at google dot com".
_PLAIN_NAME = re.compile(r"[a-z]+")


def _spelled(text: str, lower: str) -> Iterator[Span]:
    if len(lower) != len(text) or not _CHEAP.search(lower):
        return
    for match in _SPELLED.finditer(lower):
        name = match["name"]
        if match["at"] == "at" and _PLAIN_NAME.fullmatch(name):
            continue  # the plain form is the e-mail finders' ("jane at example dot com")
        yield *match.span(), "EMAIL"


def spelled_finders() -> list[Finder]:
    """Every finder of this module."""
    return [_spelled]
