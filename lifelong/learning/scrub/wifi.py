"""A Wi-Fi network's key said in a sentence about the network, as hosts of a clubhouse, a
rental or a party write it ("wifi Livebox-9790, mdp 8780 8492 3448 4746", "ไวไฟ ... รหัส
ghhs-hppy-xsms", "Wi-FiはGemeindehaus、パスワード1ER1IU5ZDXです", "ዋይፋይ ... የይለፍ ቃል ...").

The general finder of passwords said in chat (:mod:`~lifelong.learning.scrub.spoken`) asks
much of a value that stands far from a word for a password; here a word for Wi-Fi comes first
on the line, and the short words for a key that only mean one beside it ("mk", "key", "รหัส",
"clé") count too: a value after them with a digit or a joining sign in it is the key. The
network's name (after "SSID", "name", "ชื่อ") is not a key word, so it stays.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lifelong.learning.scrub.rules import Finder, Folded, Span
from lifelong.learning.scrub.spoken import PASSWORD_WORD

__all__ = ["wifi_finders"]

_WIFI = Folded(
    r"wi-?fi|wlan|(?<![a-z])wifi|hotspot|ไวไฟ|วายฟาย|واي ?فاي|وای ?فای|ዋይፋይ|와이파이|ワイファイ|"
    r"无线网|無線網|вай-?фай|вайфай|ওয়াইফাই|वाईफाई|वाई-फाई|ਵਾਈਫਾਈ|வைஃபை|വൈഫൈ"
)
_WIFI_STEMS = ("wi-fi", "wifi", "wlan", "hotspot", "ไวไฟ", "วายฟาย", "فاي", "فای", "ዋይፋይ",
               "와이파이", "ワイファイ", "无线网", "無線網", "вай", "ওয়াইফাই", "वाई", "ਵਾਈਫਾਈ",
               "வைஃபை", "വൈഫൈ")  # fmt: skip
# Short words for a network's key, which mean one only beside a word for Wi-Fi.
_KEY = Folded(
    r"(?<![a-z])(?:mk|pw|pass|key|clé|cle|chave|schl[üu]ssel|sleutel|n[øo]kkel|nyckel|avain|"
    r"ключ|klucz|anahtar|kulcs|cheie|k[ľl]úč|rm|رمز|الرمز|รหัส|የይለፍ ቃል|ቁልፍ|キー|密钥|密鑰|"
    r"비번|암호)(?![a-z])"
)
# After the word: "is", ":" or a particle, then the key: groups of digits (a box's printed
# key), or a run of printable ASCII up to a space, a comma of any script or another script.
_VALUE_AFTER = re.compile(
    r"[^\W\d_]*[^\S\n]*(?:(?:is|es|est|ist|là|คือ|は|:|：|=)[^\S\n]*)?[\"'“«「]?"
    r"(?P<value>\d{4}(?: \d{4}){2,6}(?![\d])|[A-Za-z0-9][!-~]{5,63}?)"
    r"(?=[\s\"'”»」،,，、。]|[.;!?)](?:\s|$)|[^\x00-\x7f]|$)"
)
# A standard's or a band's name is what the network runs, not its key ("WPA2-PSK", "5GHz").
_STANDARD = re.compile(r"(?i)wpa|wep|psk|tkip|aes|sae|ghz|802\.11|wi-?fi|dual-?band|mesh")
_FIRST_WORDS = 120


def _key_shaped(value: str) -> bool:
    return (
        len(value) >= 8
        and any(c.isdigit() or c in "-_.!@#$%&*+=" for c in value)
        and not _STANDARD.search(value)
        and not PASSWORD_WORD.fullmatch(value)
    )


def _keys_after(text: str, lower: str, start: int, end: int) -> Iterator[Span]:
    keys = _KEY.finditer(text, lower, start, end)
    for word in (*keys, *PASSWORD_WORD.finditer(text, lower, start, end)):
        match = _VALUE_AFTER.match(text, word.end())
        if match is not None and _key_shaped(match["value"]):
            yield *match.span("value"), "PASSWORD"


def _wifi_keys(text: str, lower: str) -> Iterator[Span]:
    for wifi in _WIFI.finditer(text, lower):
        line_end = text.find("\n", wifi.end())
        end = min(wifi.end() + _FIRST_WORDS, len(text) if line_end == -1 else line_end)
        yield from _keys_after(text, lower, wifi.end(), end)


# A router's printed key: groups of four digits after a word for a password, with or without
# a word for Wi-Fi ("contraseña 9560 1528 6621 4446").
_GROUPED_KEY = re.compile(r"[^\W\d_]*[^\S\n]*[:：]?[^\S\n]*(?P<value>\d{4}(?: \d{4}){3,6})(?![\d])")


def _grouped_keys(text: str, lower: str) -> Iterator[Span]:
    for word in PASSWORD_WORD.finditer(text, lower):
        match = _GROUPED_KEY.match(text, word.end())
        if match is not None:
            yield *match.span("value"), "PASSWORD"


# A rental's or a clubhouse's block of access details: beside the Wi-Fi's lines, a line
# labelled only "Code:" is the door's or the key safe's ("WLAN: ...\nPasswort: ...\nCode: 7755#").
_CODE_LINE = re.compile(
    r"(?im)^[ \t]*(?:code|kod|kode|koodi|c[óo]digo|codice|код|κωδικός|קוד)[ \t]*[:：][ \t]*"
    r"(?P<value>[*#]?\d{4,8}[#*]?|\d{3} \d{3})[ \t]*$"
)


def _block_codes(text: str, lower: str) -> Iterator[Span]:
    for match in _CODE_LINE.finditer(text):
        yield *match.span("value"), "PASSWORD"


def _access_details(text: str, lower: str) -> Iterator[Span]:
    if any(stem in lower for stem in _WIFI_STEMS):
        yield from _wifi_keys(text, lower)
        yield from _block_codes(text, lower)
    yield from _grouped_keys(text, lower)


def wifi_finders() -> list[Finder]:
    """Every finder of this module."""
    return [_access_details]
