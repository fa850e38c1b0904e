"""Payment and marketplace vendors' keys by the shapes their documentation gives them, and
the secrets a shop's integrations are handed, after their names in the dashboards' own
languages ("チャネルシークレット", "Assinatura secreta", "shared secret", "X-Auth-Token").
See :mod:`lifelong.learning.scrub.scrubber`.

- Omise secret keys: ``skey_`` (``skey_test_``) and lower-case letters and digits.
- Adyen API keys: ``AQE`` and a long base64 string.
- Amazon Login with Amazon client secrets: ``amzn1.oa2-cs.v1.`` and 64 hex digits.
- A value after a secret's name that is random (letters with digits, 16 characters or
  more): a LINE channel secret's 32 hex digits, a webhook's signing secret, an Etsy
  keystring; further on its name's line, only a long one (32 hex or base64 characters).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lifelong.learning.scrub.credentials import real_token
from lifelong.learning.scrub.rules import Finder, Folded, Rule, Span

__all__ = ["named_secret_finders", "vendor_finders"]

_VENDOR_KEYS = re.compile(
    r"(?<![\w+/])(?:skey_(?:test_)?[0-9a-z]{16,}|AQE[A-Za-z0-9+/=_-]{80,}|"
    r"amzn1\.oa2-cs\.v1\.[0-9a-f]{64})(?![\w+/])"
)
_SECRET_NAME = Folded(
    r"(?:(?<![a-z])(?:channel secret|channel access token|shared secret|signing secret|"
    r"webhook secret|client secret|secret key|secret|keystring|x-auth-token|auth[ -]token|"
    r"access token|api key|api token|assinatura secreta|chave secreta|segredo|"
    r"clave secreta|secreto|cl[ée] secr[èe]te|chiave segreta|geheimer schl[üu]ssel|"
    r"gizli anahtar|klucz tajny|sekretny klucz|секретн\w* (?:ключ|токен)|секрет)(?![a-z_])|"
    r"チャネルシークレット|チャネルアクセストークン|シークレットキー|シークレット|アクセストークン|"
    r"密钥|秘钥|金鑰|密鑰|시크릿\s?키|시크릿|액세스\s?토큰|คีย์ลับ|ความลับ)"
)
# Right after the name: a colon, a dash, "is", a bracketed note (a token's lifetime) at most.
_NAMED_VALUE = re.compile(
    r"(?:\s*[（(][^）)\n]{1,12}[）)])?(?:\s*(?:[:：=]|is|ist|é|es|est)?\s*)"
    r"[\"'`「]?(?P<value>[A-Za-z0-9+/_.=-]{10,})"
)
# A long random hex or base64 value further on the line of a secret's name ("Assinatura
# secreta dos webhooks ... (copiei de ...): 263e7e79..."): its shape is strong enough.
_RANDOM_LATER = re.compile(
    r"(?<![\w+/])(?P<value>[0-9a-fA-F]{32,}|[A-Za-z0-9+/_-]{32,}={0,2})(?![\w+/])"
)


def _random(value: str) -> bool:
    """Letters with digits and many distinct characters: a key, not a word or a name."""
    letters = any(c.isalpha() for c in value)
    digits = sum(c.isdigit() for c in value)
    return letters and digits >= 2 and real_token(value)


def _named_secrets(text: str, lower: str) -> Iterator[Span]:
    for name in _SECRET_NAME.finditer(text, lower):
        match = _NAMED_VALUE.match(text, name.end())
        value = match["value"].rstrip(".") if match is not None else ""
        if match is not None and _random(value):
            yield match.start("value"), match.start("value") + len(value), "TOKEN"
        else:
            yield from _later_on_the_line(text, name.end())


def _later_on_the_line(text: str, start: int) -> Iterator[Span]:
    line_end = text.find("\n", start)
    for later in _RANDOM_LATER.finditer(text, start, len(text) if line_end < 0 else line_end):
        if _random(later["value"]):
            yield *later.span("value"), "TOKEN"


def vendor_finders() -> list[Finder]:
    """The vendors' key shapes: specific, so run before every other finder (an Adyen key's
    "+" would end another's token early)."""
    return [Rule("API_KEY", _VENDOR_KEYS)]


def named_secret_finders() -> list[Finder]:
    """A random value after a secret's name: loose, so run after the finders that know the
    name's value better (a password's, a service's token)."""
    return [_named_secrets]
