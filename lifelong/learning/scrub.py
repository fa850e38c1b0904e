"""Scrubbing before anything leaves the store: secrets and personal data become typed
placeholders, and conversations that attack the persona are dropped.

What is found, and by what (``bench/scrub.py`` measures it on a labelled corpus):

- Provider keys and tokens: the provider plugins of ``detect-secrets`` (AWS key ids, GitHub,
  GitLab, Slack, Stripe, SendGrid, Twilio, Mailchimp, Square, PyPI, Discord, Telegram, Azure
  storage, legacy OpenAI), each match widened to its whole token (their patterns stop at a
  fixed length: a 107-character Stripe key would keep its tail), plus rules of our own for
  what they lack: ``sk-proj-`` / ``sk-ant-`` keys, Stripe test keys, Google ``AIza`` keys,
  Hugging Face ``hf_`` tokens, GitHub ``github_pat_``, npm ``npm_``, lifelong's own
  ``llt_<id>_<secret>`` tokens, JWTs, bearer and basic authorization headers, and AWS secret
  access keys (named or standing alone).
- PEM and PuTTY private keys, the whole block (``detect-secrets`` only flags the BEGIN line,
  and its list of them lacks ``BEGIN ENCRYPTED PRIVATE KEY``).
- Passwords in URLs (``scheme://user:PASSWORD@host``: only the password goes; detect-secrets'
  basic-auth pattern refuses passwords holding ``!$&'()*+,;=``, which people do type).
- Values named like secrets (``api_key=``, ``password: ...``, ``my password is ...``): the
  names are ``detect-secrets``' keyword list; its value pattern is written for source files
  (a value runs to the closing quote) and would take whole sentences of chat, so the value
  rule here is our own, with its entropy measure for the loose natural-language form.
- IBANs in any case and spacing (``python-stdnum``: mod 97 and each country's format), card
  numbers (Luhn from ``python-stdnum`` and an issuer prefix), e-mails, written plainly or
  obfuscated (``name at example dot com``, ``name [at] example [dot] com``).
- Phone numbers: ``phonenumbers`` (libphonenumber's metadata) judges each digit run that could
  be one; national forms of a few other countries are tried when the run starts with a trunk
  ``0``. A number that is only *possible* (right length, unassigned range: 555 numbers)
  counts when written ``+CC ...``, in the North American 3-3-4 shape, or after a word like
  "call" or "phone" (the context words presidio's recognizer uses for the same purpose).
  ``PhoneNumberMatcher`` over a whole turn costs about half a millisecond even when it finds
  nothing, so candidates are found by a regex first and only they are parsed.

``presidio-analyzer`` was weighed and not used: it needs spaCy (compiled, with a language
model downloaded at run time), and its recognizers for these kinds are the same
phonenumbers / regex-and-checksum detectors used here directly.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["Scrubber", "looks_like_injection"]

# The national numbering plans tried for a digit run that starts with a trunk "0" and is not
# a valid number of the default region (every one of them prefixes national calls with 0).
DEFAULT_PHONE_REGIONS = ("GB", "DE", "FR", "NL", "AU", "IN", "JP")

Span = tuple[int, int, str]  # start, end, placeholder label
Finder = Callable[[str, str], Iterator[Span]]  # (text, text.lower()) -> spans


def _card_ok(candidate: str) -> bool:
    from stdnum import luhn

    digits = "".join(c for c in candidate if c.isdigit())
    if not 13 <= len(digits) <= 19 or not luhn.is_valid(digits):
        return False
    # An issuer's prefix (Visa 4, Mastercard 51-55 and 2221-2720, Amex 34/37, Diners and JCB
    # 30/35/36/38/39, Discover/UnionPay/Maestro 6, Maestro 50/56-58): an ISBN-13 (978...)
    # or an order number passes Luhn one time in ten, but starts with none of these.
    if digits[0] in "456":
        return True
    if digits[0] == "3":
        return digits[1] in "0456789"
    return 2221 <= int(digits[:4]) <= 2720


def _iban_ok(candidate: str) -> bool:
    """The IBAN's own check (mod 97) and its country's length and format. Not python-stdnum's
    national account checks on top: it refuses BE68 5390 0754 7034, the standard Belgian
    example, and an account number need not be valid to be someone's."""
    from stdnum import iban
    from stdnum.exceptions import ValidationError

    try:
        iban.validate(candidate, check_country=False)
    except ValidationError:
        return False
    return True


def _mixed_base64(candidate: str) -> bool:
    # AWS secret keys are random base64: upper, lower and digits all but always occur. Git
    # SHAs and other hex digests (one case only) must not be taken for one.
    return (
        any(c.islower() for c in candidate)
        and any(c.isupper() for c in candidate)
        and any(c.isdigit() for c in candidate)
    )


def _entropy(value: str) -> float:
    """Shannon entropy in bits per character (detect-secrets' measure, any alphabet)."""
    counts = Counter(value)
    return -sum(n / len(value) * math.log2(n / len(value)) for n in counts.values())


def _secretish(value: str) -> bool:
    """Does a value look made up rather than like a word of prose? Letters with digits,
    inner capitals, or symbols other than a hyphen: ``hunter2``, ``P@ssw0rd``, ``aB9x...``;
    not ``required``, ``well-known`` or ``Jane``."""
    letters = any(c.isalpha() for c in value)
    digits = any(c.isdigit() for c in value)
    if letters and digits:
        return True
    if any(c.isupper() for c in value[1:]) and any(c.islower() for c in value):
        return True
    if any(c in "!@#$%^&*_+=/~|\\?" for c in value):
        return True
    return len(value) >= 20 and _entropy(value) >= 3.5


_TOKEN_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


_NEXT_WORD = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class _Rule:
    """One regex: its match (or the named group ``secret``) becomes ``[label]`` when ``check``
    accepts the matched text. ``widen`` extends a match over adjacent characters of a set
    (a token's tail past a fixed-length pattern); ``needs``: substrings of the lower-cased
    text of which one must occur for the regex to run at all (the cheap path)."""

    label: str
    pattern: re.Pattern[str]
    check: Callable[[str], bool] | None = None
    widen: frozenset[str] | None = None
    needs: tuple[str, ...] = ()
    gate: re.Pattern[str] | None = None  # or a regex that must find something in it

    def __call__(self, text: str, lower: str) -> Iterator[Span]:
        if self.needs and not any(n in lower for n in self.needs):
            return
        if self.gate is not None and not self.gate.search(lower):
            return
        group = "secret" if "secret" in self.pattern.groupindex else 0
        at = 0
        while (match := self.pattern.search(text, at)) is not None:
            start, end = match.span(group)
            at = match.end() if match.end() > match.start() else match.start() + 1
            if start == end or (self.check is not None and not self.check(match.group(group))):
                # Refused: the text it spanned may still hold a match that starts at a later
                # word ("me at john dot smith at gmail dot com": the address is the rest).
                space = _NEXT_WORD.search(text, match.start())
                at = space.end() if space is not None else len(text)
                continue
            if self.widen is not None:
                while start > 0 and text[start - 1] in self.widen:
                    start -= 1
                while end < len(text) and text[end] in self.widen:
                    end += 1
            yield start, end, self.label


# -- secrets -------------------------------------------------------------------------------


def _detect_secrets_rules() -> list[_Rule]:
    """The provider plugins of detect-secrets, their patterns used as they ship."""
    from detect_secrets.plugins.aws import AWSKeyDetector
    from detect_secrets.plugins.azure_storage_key import AzureStorageKeyDetector
    from detect_secrets.plugins.discord import DiscordBotTokenDetector
    from detect_secrets.plugins.github_token import GitHubTokenDetector
    from detect_secrets.plugins.gitlab_token import GitLabTokenDetector
    from detect_secrets.plugins.mailchimp import MailchimpDetector
    from detect_secrets.plugins.openai import OpenAIDetector
    from detect_secrets.plugins.pypi_token import PypiTokenDetector
    from detect_secrets.plugins.sendgrid import SendGridDetector
    from detect_secrets.plugins.slack import SlackDetector
    from detect_secrets.plugins.square_oauth import SquareOAuthDetector
    from detect_secrets.plugins.stripe import StripeDetector
    from detect_secrets.plugins.telegram_token import TelegramBotTokenDetector
    from detect_secrets.plugins.twilio import TwilioKeyDetector

    # Not used: ArtifactoryDetector (``AP`` + a hex digit + 8 letters is also "APCalculusAB"),
    # NpmDetector (its ``npm_.+`` runs to the end of the line: ``npm_`` has a rule below),
    # the keyword and high-entropy plugins (see the module docstring), AWS's second pattern
    # (a named secret access key has its own rule), BasicAuth (see _URL_PASSWORD),
    # IBM/Cloudant/Softlayer (keyword based, covered by the keyword rule).
    rules: list[_Rule] = []
    for detector in (
        AWSKeyDetector, GitHubTokenDetector, GitLabTokenDetector, SlackDetector,
        StripeDetector, SendGridDetector, TwilioKeyDetector, MailchimpDetector,
        SquareOAuthDetector, PypiTokenDetector, OpenAIDetector, DiscordBotTokenDetector,
        TelegramBotTokenDetector,
    ):  # fmt: skip
        patterns: Sequence[re.Pattern[str]] = list(detector.denylist)  # type: ignore[arg-type]
        if detector is AWSKeyDetector:
            patterns = patterns[:1]
        bots = (DiscordBotTokenDetector, TelegramBotTokenDetector)
        label = "TOKEN" if detector in bots else "API_KEY"
        rules += [_Rule(label, p, widen=_TOKEN_CHARS) for p in patterns]
    # Only the key of "AccountKey=<88 base64>" goes, not its name.
    for pattern in AzureStorageKeyDetector.denylist:
        named = pattern.pattern.replace("AccountKey=", "AccountKey=(?P<secret>", 1) + ")"
        rules.append(_Rule("API_KEY", re.compile(named), needs=("accountkey=",)))
    return rules


# A PEM block from its BEGIN line to its END line; a pasted block cut short loses its BEGIN
# line and every base64 / header line after it.
_PEM = re.compile(
    r"-{4,5} ?BEGIN (?P<kind>[A-Z0-9 ]*?)PRIVATE KEY(?P<blk>(?: BLOCK)?) ?-{4,5}"
    r"(?:.*?-{4,5} ?END (?P=kind)PRIVATE KEY(?P=blk) ?-{4,5}"
    r"|(?:(?:\r?\n|\\n)(?:[A-Za-z0-9+/=]+|[A-Za-z-]+: [^\r\n]*))*)",
    re.DOTALL,
)
_PUTTY = re.compile(r"PuTTY-User-Key-File-\d+:.*?(?:Private-MAC: *[0-9a-fA-F]+|\Z)", re.DOTALL)

# scheme://user:PASSWORD@host: the password is everything between the first ':' after the
# user and the last '@' before the host (a password may hold '@', '!', '#'...).
_URL_PASSWORD = re.compile(
    r"\b[A-Za-z][A-Za-z0-9+.-]{1,20}://[^\s:/@]*:(?P<secret>[^\s/]+)@[A-Za-z0-9.\[\]-]"
)

_OWN_KEYS = re.compile(
    r"(?<![A-Za-z0-9_-])(?:"
    r"sk-(?:proj-|ant-(?:api\d\d-)?|svcacct-|admin-)?[A-Za-z0-9_-]{16,}"  # OpenAI, Anthropic
    r"|(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,}|whsec_[A-Za-z0-9]{20,}"  # Stripe
    r"|AIza[0-9A-Za-z_-]{35}"  # Google
    r"|hf_[A-Za-z0-9]{30,}"  # Hugging Face
    r"|gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{40,}"  # GitHub, any length
    r"|xox[abposr]-[A-Za-z0-9-]{10,}|xapp-\d-[A-Za-z0-9-]{20,}"  # Slack, app-level too
    r"|GOCSPX-[A-Za-z0-9_-]{20,}|ya29\.[A-Za-z0-9_-]{20,}"  # Google OAuth secret, token
    r"|npm_[A-Za-z0-9]{36}"  # npm
    r"|glpat-[A-Za-z0-9_-]{20,}"  # GitLab
    r")"
)
# A password on a command line: mysql -pSECRET (glued to -p), curl -u user:SECRET.
_CLI_PASSWORD = re.compile(
    r"\b(?:mysql|mysqldump|mysqladmin|mariadb)\b[^\n]*?\s-p(?P<secret>[^\s\"']{4,})"
    r"|\bcurl\b[^\n]*?\s(?:-u|--user)\s+[\"']?[^\s:\"']+:(?P<secret2>[^\s\"']{4,})"
)
# Twilio's auth token (32 hex) beside what names it: an "auth token" or a Twilio SID.
_TWILIO_SECRET = re.compile(r"(?<![0-9A-Za-z])[0-9a-f]{32}(?![0-9A-Za-z])")
_TWILIO_NEAR = re.compile(r"(?i)auth[ _-]?token|\b(?:AC|SK)[0-9a-f]{32}\b|twilio")
_LIFELONG_TOKEN = re.compile(
    r"(?<![A-Za-z0-9_])llt_[0-9a-f]{12}_[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])"
)
_JWT = re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}")
_BEARER = re.compile(r"(?i)\bbearer\s+(?P<secret>[A-Za-z0-9._~+/-]{16,}=*)")
_BASIC = re.compile(r"(?i)\bauthorization:\s*basic\s+(?P<secret>[A-Za-z0-9+/]{8,}={0,2})")
# An AWS secret access key after its name (credentials file, env, JSON): any 40 characters.
_AWS_NAMED = re.compile(
    r"(?i)\b(?:aws_?)?secret_?access_?key[\"']?\s*[:=]\s*[\"']?"
    r"(?P<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])"
)
# ... and standing alone: exactly 40 base64 characters of mixed case with digits.
_AWS_ALONE = re.compile(r"(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])")


# Values named like secrets. Names: detect-secrets' keyword list (``api_?key``, ``password``,
# ``secret`` ...) with "-" and " " allowed where it allows "_", plus token names.
_PASSWORD_NAMES = frozenset({"password", "passwd", "pwd", "contraseña", "contrasena"})
_EXTRA_NAMES = (
    "token", "access_?token", "auth_?token", "refresh_?token", "secret_?key", "client_?secret",
    "passphrase", "pass_?phrase", "passcode", "pass",
)  # fmt: skip
# Not a value: empty words, masks, placeholders, references and calls (password=None,
# token=<your token>, secret=${SECRET}, password=getpass(), key=os.environ["KEY"]). A "("
# inside a value is a call only after a name (a Django key holds "(" among its symbols).
_NOT_A_VALUE = re.compile(
    r"(?i)^(?:none|null|nil|true|false|undefined|required|optional|string|str|secret|password|"
    r"x+|\*+|\.+|-+|redacted|hidden|example|placeholder)$"
    r"|^[\[{<$%(]|^[A-Za-z_][\w.]*\(|^(?:os|process|env|settings|config|self|request|getpass|"
    r"input)\b"
)


def _names() -> str:
    from detect_secrets.plugins.keyword import DENYLIST

    names = [n.replace("_?", r"[_ -]?") for n in (*DENYLIST, *_EXTRA_NAMES)]
    return "|".join(sorted(names, key=len, reverse=True))


_STEMS = ("key", "token", "pass", "pwd", "secret", "contras")
_AFTER_STEM = re.compile(
    r"[a-zñ0-9_-]*[\"'\]]{0,2}\s*(?:(?:for|of|to|on)\s+(?:[\w-]+\s+){1,3})?"
    r"(?:[:=]|is\s|was\s|reads\s)"
)


def _named_value_near(lower: str) -> bool:
    """The cheap path: does any stem of a secret's name come right before ':', '=' or 'is'?
    (The full rule, case-insensitive with lookbehinds, costs ~0.1 ms on a long turn; "key" is
    in "PRIVATE KEY", "monkey" and "keyboard".)"""
    for stem in _STEMS:
        at = lower.find(stem)
        while at != -1:
            if _AFTER_STEM.match(lower, at + len(stem)):
                return True
            at = lower.find(stem, at + 1)
    return False


def _trim(text: str, start: int, end: int) -> tuple[int, int, str]:
    """A bare value without the sentence's punctuation after it ("... is hunter2."). A "!" or
    "?" stays in the span (a password may end with one; hiding a "!" more costs nothing) but
    not in the value judged (``Password: really!`` is not a secret)."""
    while end > start and text[end - 1] in ".:)]}":
        end -= 1
    return start, end, text[start:end].rstrip("!?")


def _cli_passwords(text: str, lower: str) -> Iterator[Span]:
    if "mysql" not in lower and "mariadb" not in lower and "curl" not in lower:
        return
    for match in _CLI_PASSWORD.finditer(text):
        group = "secret" if match["secret"] else "secret2"
        yield *match.span(group), "PASSWORD"


def _twilio_tokens(text: str, lower: str) -> Iterator[Span]:
    if not _TWILIO_NEAR.search(text):
        return
    for match in _TWILIO_SECRET.finditer(text):
        yield *match.span(), "TOKEN"


def _keyword_rule() -> Finder:
    names = _names()
    # The name starts a word, follows a separator (DB_PASSWORD, client.secret) or a lower-case
    # letter as a capital (authToken); a few suffixes may follow (SECRET_KEY, token_secret).
    head = (
        rf"(?:(?<![A-Za-z0-9])|(?<=[_.-])|(?<=[a-z])(?-i:(?=[A-Z])))(?P<name>{names})"
        r"(?:[_-]?(?:key|token|secret|string|value))?"
    )
    assigned = re.compile(
        rf"(?i){head}[\"'\]]{{0,2}}\s*(?P<op>:=|=>|==?|:)\s*"
        r"(?:(?P<q>[\"'`])(?P<quoted>[^\"'`\r\n]{4,200})(?P=q)|(?P<bare>[^\s\"'`,;<>]{4,}))"
    )
    # "my password is X", "the admin password for the router is X", "it's now X".
    spoken = re.compile(
        rf"(?i){head}(?:\s+(?:for|of|to|on)(?:\s+(?:the|my|our|your|this))?\s+[\w-]+"
        r"(?:\s+[\w-]+)?)?\s+(?:is|was|reads|is now)\s*:?\s+[\"'`]?"
        r"(?P<secret>[^\s\"'`,;<>]{6,})"
    )

    def label_of(name: str) -> str:
        name = name.lower()
        return "PASSWORD" if name in _PASSWORD_NAMES or "pass" in name else "TOKEN"

    def finder(text: str, lower: str) -> Iterator[Span]:
        if not _named_value_near(lower):
            return
        for match in assigned.finditer(text):
            start, end = match.span("quoted" if match["q"] else "bare")
            if not match["q"]:
                if match["op"] != ":" and "&" in text[start:end]:
                    end = text.index("&", start)  # a query string: auth_token=...&user=42
                start, end, value = _trim(text, start, end)
            else:
                value = text[start:end]
            label = label_of(match["name"])
            short = 4 if label == "PASSWORD" else 8
            if len(value) < short or _NOT_A_VALUE.search(value):
                continue
            if re.fullmatch(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+|[A-Z_]+", value):
                continue  # a reference (settings.SECRET_KEY, SECRET_KEY), not a value
            # "=" and quoted values are code or config: any value is one. After a bare ":"
            # ("Password: must be 8 characters") only one that does not read as prose.
            if match["op"] == ":" and not match["q"] and not _secretish(value):
                continue
            yield start, end, label
        for match in spoken.finditer(text):
            start, end, value = _trim(text, *match.span("secret"))
            label = label_of(match["name"])
            if len(value) < (6 if label == "PASSWORD" else 12) or _NOT_A_VALUE.search(value):
                continue
            # A passphrase of run-together words ("correcthorsebattery") is not prose either.
            if _secretish(value) or (label == "PASSWORD" and len(value) >= 14):
                yield start, end, label

    return finder


# -- personal data -------------------------------------------------------------------------

# Not git@github.com:org/repo.git (user@host:path is an ssh remote, not an address).
_EMAIL = re.compile(r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b(?!:[^\s:])")
_BR_AT = r"\s*[\[\(\{<]\s*(?:at|@)\s*[\]\)\}>]\s*"
_BR_DOT = r"\s*[\[\(\{<]\s*(?:dot|\.)\s*[\]\)\}>]\s*"
# "name [at] example [dot] com", "name(at)example(dot)com", "name [at] example.com"
_EMAIL_BRACKETS = re.compile(
    rf"(?i)\b[a-z0-9._%+-]+{_BR_AT}[a-z0-9-]+(?:(?:{_BR_DOT}|\s+dot\s+|\.)[a-z0-9-]+)*"
    rf"(?:{_BR_DOT}|\s+dot\s+|\.)[a-z]{{2,24}}\b"
)
_TLDS = frozenset(
    ("com", "net", "org", "io", "co", "uk", "de", "fr", "es", "it", "nl", "be", "ch", "at",
     "ca", "au", "in", "jp", "cn", "ru", "br", "edu", "gov", "info", "biz", "me", "dev", "ai",
     "app", "eu", "us", "se", "no", "dk", "fi", "pl", "cz", "pt", "ie", "nz", "xyz", "mail",
     "email", "online", "site", "tech")
)  # fmt: skip
# "name at example dot com" (every dot spelled, a known top-level domain), and
# "jane.doe at example.com" (the name has a dot, underscore or digit: "look at google.com"
# is not an address), and "jane @ example.com".
_EMAIL_WORDS = re.compile(
    r"(?i)\b[a-z0-9._%+-]+(?:\s+dot\s+[a-z0-9_%+-]+)*\s+at\s+[a-z0-9-]+(?:\s+dot\s+[a-z0-9-]+)*"
    r"\s+dot\s+[a-z]{2,24}\b"
)
_EMAIL_AT_WORD = re.compile(
    r"(?i)\b[a-z0-9%+-]*[._0-9][a-z0-9._%+-]*\s+at\s+[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,24}"
    r"\b(?!/|\.\w)"  # not a URL: "v2.0 at github.com/org/repo"
)
_VERSION = re.compile(r"(?i)v?\d+(?:\.\d+)*")
_EMAIL_SPACED = re.compile(
    r"(?i)\b[a-z0-9._%+-]+(?:\s+@\s*|\s*@\s+)[a-z0-9-]+(?:\s*\.\s*[a-z0-9-]+)*\s*\.\s*"
    r"[a-z]{2,24}\b"
)
_BRACKETED_AT = re.compile(r"[\[\(\{<]\s*(?:at|@)\s*[\]\)\}>]")


# "report@2x.png", "icon@3x.webp": a file name, not an address.
_FILE_SUFFIXES = frozenset(
    ("png", "jpg", "jpeg", "gif", "svg", "webp", "ico", "bmp", "pdf", "txt", "md", "py", "js",
     "ts", "css", "html", "json", "yaml", "yml", "zip", "gz", "tar", "mp3", "mp4", "mov", "wav",
     "csv", "xml", "log", "sh", "exe", "dll", "so", "whl")
)  # fmt: skip


def _address_ok(candidate: str) -> bool:
    return candidate.rsplit(".", 1)[-1].lower() not in _FILE_SUFFIXES


def _tld_ok(candidate: str) -> bool:
    return candidate.rsplit(None, 1)[-1].rsplit(".", 1)[-1].lower() in _TLDS


def _named_address_ok(candidate: str) -> bool:
    # "k.lee at example.org", not "released 2.0 at example.com" (a version or a number)
    return _tld_ok(candidate) and not _VERSION.fullmatch(candidate.split(None, 1)[0])


# IBAN, printed in groups of four or run together, in any case. The match may run into the
# words after it ("... 0130 00 and more"): the longest valid prefix of it is the IBAN.
_IBAN = re.compile(r"(?i)\b[A-Z]{2}\d{2}(?:[ -]?[A-Z0-9]{4}){2,7}(?:[ -]?[A-Z0-9]{1,4})?\b")


def _ibans(text: str, lower: str) -> Iterator[Span]:
    for match in _IBAN.finditer(text):
        candidate = match.group(0)
        cuts = [len(candidate)] + [i for i in range(len(candidate) - 1, 14, -1)
                                   if candidate[i] in " -"]  # fmt: skip
        for cut in cuts:
            if _iban_ok(candidate[:cut]):
                yield match.start(), match.start() + cut, "IBAN"
                break


# A card number run together or in the groups cards are printed in: 4-4-4-4(-3), Amex 4-6-5,
# Diners 4-6-4. Not after a "+" (+55 11 91234-5678 is a phone number that passes Luhn).
_CARD = re.compile(
    r"(?<![+\d])(?<!\+ )\b(?:\d{13,19}|\d{4}([ -])\d{4}\1\d{4}\1\d{4}(?:\1\d{1,3})?"
    r"|\d{4}([ -])\d{6}\2\d{4,5})\b"
)

# A digit run that could be a phone number: digits in groups split by one space, dot or dash,
# or by parentheses, with an optional leading "+" or "00". Not glued to a word, an id (#12),
# an amount ($, €), a path, a version (1.2.3) or a UUID (...-4266).
_PHONE_CANDIDATE = re.compile(
    r"(?<![\w#$€£¥+/.\-])(?:\+\s?|\()?\d+(?:(?:[ .\-\u00a0]\(?|\)[ .\-\u00a0]?|\()\d+)*\)?"
)
_PHONE_CONTEXT = re.compile(
    r"(?i)\b(?:call|calls|called|calling|phone|tel|telephone|mobile|cell|cellphone|ring|text|"
    r"texts|sms|whatsapp|signal|fax|dial|reach|contact|my number|number is|numbers are)\b"
)
_ID_BEFORE = re.compile(
    r"(?i)\b(?:id|order|invoice|ref|reference|ticket|case|tracking|isbn|issn|serial|account|"
    r"acct|iban|sku|po|customer|member|policy|part|model|item|product|lot|batch|build|version|"
    r"replaces|replaced by|supersedes|superseded by)\s*(?:number|num|no\.?|#|:)?\s*:?\s*$"
)
_IPV4 = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}")
_DATE = re.compile(r"\d{4}([-./])\d\d?\1\d\d?|\d\d?([-./])\d\d?\2\d{2,4}")
_NANP_SHAPE = re.compile(r"(?:\+?1[ .-]?)?(?:\(\d{3}\)\s?|\d{3}[ .-])\d{3}[ .-]\d{4}")
_ISBN_SHAPE = re.compile(r"(?:97[89][ -]?)?\d{1,5}[ -]\d{1,7}[ -]\d{1,7}[ -][\dX]")


def _phone_finder(region: str, regions: Sequence[str]) -> Finder:
    import phonenumbers
    from stdnum import isbn

    def parses(candidate: str, where: str | None) -> Any:
        try:
            return phonenumbers.parse(candidate, where)
        except phonenumbers.NumberParseException:
            return None

    # The lengths a national number may have in each region, and its trunk prefix: a digit
    # run of no such length is not parsed at all (parsing costs ~40 us; most runs are dates).
    plans = {}
    for where in (region, *regions):
        meta = phonenumbers.PhoneMetadata.metadata_for_region(where)
        if meta is not None and meta.general_desc is not None:
            lengths = {*meta.general_desc.possible_length}
            lengths |= {*meta.general_desc.possible_length_local_only}
            plans[where] = (frozenset(lengths), meta.national_prefix or "")

    def could_be(digits: str, where: str) -> bool:
        if where not in plans:
            return True
        lengths, trunk = plans[where]
        if len(digits) in lengths:
            return True
        return bool(trunk) and digits.startswith(trunk) and len(digits) - len(trunk) in lengths

    def is_phone(candidate: str, context: bool) -> bool:
        digits = "".join(c for c in candidate if c.isdigit())
        if not 7 <= len(digits) <= 17 or _IPV4.fullmatch(candidate) or _DATE.fullmatch(candidate):
            return False
        if sum(1 for g in re.split(r"\D+", candidate) if len(g) == 1) > 1:
            return False  # "1 2 3 4 5 6 7 8 9 10", "4 8 15 16 23 42": counting, not calling
        # "0.5 0.25 0.125" is not a number written with dots: phones keep one separator
        if "." in candidate and (" " in candidate.strip("+ ") or "-" in candidate):
            return False
        if candidate.count(".") >= 3:
            return False  # Chrome 122.0.6261.112: a version, not 122.0.626.1112
        if _ISBN_SHAPE.fullmatch(candidate) and isbn.is_valid(candidate):
            return False
        if candidate.startswith(("+", "00")):
            number = parses("+" + candidate[2:] if candidate[0] == "0" else candidate, None)
            # an international number: valid, or at least of a possible length there
            return number is not None and phonenumbers.is_possible_number(number)
        tried = [region, *(r for r in regions if r != region)]
        if not candidate.lstrip("(").startswith("0"):
            tried = [region]  # other countries' national forms all start with a trunk 0
        tried = [r for r in tried if could_be(digits, r)]
        numbers = [n for n in (parses(candidate, r) for r in tried) if n is not None]
        bare = candidate.isdigit()
        if bare and not context:
            return False  # 4815162342 alone is an id as often as a phone number
        if any(phonenumbers.is_valid_number(n) for n in numbers):
            return True
        if _NANP_SHAPE.fullmatch(candidate):
            return True  # 555-867-5309: not assigned, still written as a phone number
        # Only possible (its length fits, the range is unassigned: 07700 900123, 555-0100):
        # a phone number when written as one next to "call", "phone", "mobile"...
        return (
            context
            and (not bare or len(digits) >= 10)
            and any(phonenumbers.is_possible_number(n) for n in numbers)
        )

    def finder(text: str, lower: str) -> Iterator[Span]:
        for match in _PHONE_CANDIDATE.finditer(text):
            start, end = match.span()
            candidate = match.group(0)
            if candidate.startswith("(") and ")" not in candidate:
                candidate, start = candidate[1:], start + 1
            if candidate.endswith(")") and "(" not in candidate:
                candidate, end = candidate[:-1], end - 1
            if end < len(text) and (text[end].isalpha() or text[end] == "_"):
                continue  # 1234567abc: part of an identifier
            if sum(c.isdigit() for c in candidate) < 7:
                continue
            if _ID_BEFORE.search(text, max(0, start - 24), start) and candidate[0] != "+":
                continue  # order 4155550132, ticket no. 020 7946 0958: a reference
            context = bool(
                _PHONE_CONTEXT.search(text, max(0, start - 40), start)
                or _PHONE_CONTEXT.search(text, end, end + 25)  # "555-0100, call before 9"
            )
            if is_phone(candidate, context):
                yield start, end, "PHONE"

    return finder


@functools.cache
def _finders(region: str, regions: tuple[str, ...]) -> tuple[Finder, ...]:
    """Every detector, most specific first: where two find overlapping text the earlier
    wins. Built on first use, so importing this module loads none of the detectors."""
    secrets: list[Finder] = [
        _Rule("PRIVATE_KEY", _PEM, needs=("private key",)),
        _Rule("PRIVATE_KEY", _PUTTY, needs=("putty-user-key-file",)),
        *_detect_secrets_rules(),
        _Rule("API_KEY", _OWN_KEYS, widen=_TOKEN_CHARS),
        _Rule("TOKEN", _LIFELONG_TOKEN, needs=("llt_",)),
        _Rule("TOKEN", _JWT, needs=("eyj",)),
        _Rule("PASSWORD", _URL_PASSWORD, needs=("://",)),
        _Rule("TOKEN", _BEARER, needs=("bearer",)),
        _Rule("TOKEN", _BASIC, needs=("basic",)),
        _Rule("API_KEY", _AWS_NAMED, needs=("secret",)),
        _Rule("API_KEY", _AWS_ALONE, check=_mixed_base64),
        _cli_passwords,
        _twilio_tokens,
        _keyword_rule(),
    ]
    personal: list[Finder] = [
        _ibans,
        _Rule("EMAIL", _EMAIL, check=_address_ok, needs=("@",)),
        _Rule("EMAIL", _EMAIL_BRACKETS, gate=_BRACKETED_AT),
        _Rule("EMAIL", _EMAIL_WORDS, check=_tld_ok, needs=(" dot ",)),
        _Rule("EMAIL", _EMAIL_AT_WORD, check=_named_address_ok, needs=(" at ",)),
        _Rule("EMAIL", _EMAIL_SPACED, check=_tld_ok, needs=(" @", "@ ")),
        _Rule("CARD", _CARD, check=_card_ok),
        _phone_finder(region, regions),
    ]
    return (*secrets, *personal)


_INJECTION = re.compile(
    r"(?i)\b(ignore|disregard|forget) (all |any |the |your )?(previous|prior|above|earlier|"
    r"preceding) (instructions|prompts?|rules|directions)|"
    r"\b(reveal|print|show|repeat) (me )?(your|the) "
    r"(system prompt|hidden instructions|instructions)|"
    r"\byou are now (DAN|in developer mode|jailbroken|unfiltered)|"
    r"\b(jailbreak|do anything now)\b|"
    r"\bnew instructions?:|"
    r"\boverride (your|the) (system|safety) (prompt|rules|instructions)"
)


def looks_like_injection(text: str) -> bool:
    """True for text that tries to override the persona's instructions."""
    return bool(_INJECTION.search(text))


class Scrubber:
    """Replaces secrets and personal data with ``[API_KEY]``, ``[TOKEN]``, ``[PASSWORD]``,
    ``[PRIVATE_KEY]``, ``[IBAN]``, ``[EMAIL]``, ``[CARD]`` and ``[PHONE]``, counting each class
    in :attr:`counts`.

    ``region`` is the country whose national phone formats are assumed (``+CC`` numbers are
    found whatever it is); ``phone_regions`` are also tried for digits starting with a
    trunk ``0``.
    """

    def __init__(
        self, *, region: str = "US", phone_regions: Sequence[str] = DEFAULT_PHONE_REGIONS
    ) -> None:
        self.counts: Counter[str] = Counter()
        self._finders = _finders(region, tuple(phone_regions))

    def __call__(self, text: str) -> str:
        lower = text.lower()
        taken: list[Span] = []
        for finder in self._finders:
            for start, end, label in finder(text, lower):
                if not any(start < e and s < end for s, e, _ in taken):
                    taken.append((start, end, label))
        if not taken:
            return text
        taken.sort()
        parts: list[str] = []
        at = 0
        for start, end, label in taken:
            parts += [text[at:start], f"[{label}]"]
            self.counts[label] += 1
            at = end
        parts.append(text[at:])
        return "".join(parts)
