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
- Passwords on command lines (``mysql -p'...'``, ``sshpass -p``, ``docker login -p``,
  ``--password``), secrets kept as name / value pairs (XML ``key="ApiSecret" value=``,
  Postman's ``{"key": "token", "value": ...}``), ``Authorization: Token ...``.
- Templates are left alone: ``USER:PASSWORD@``, ``${DB_PASSWORD}``, ``<password>``,
  ``ghp_xxxx...``, ``xoxb-your-bot-token``, a PEM block holding ``...``.
- Values named like secrets (``api_key=``, ``password: ...``, ``my password is ...``, and in
  German, French, Spanish, Dutch, Polish and Portuguese: ``das Passwort ist ...``,
  ``mot de passe : ...``, ``la contraseña ...``): the
  names are ``detect-secrets``' keyword list; its value pattern is written for source files
  (a value runs to the closing quote) and would take whole sentences of chat, so the value
  rule here is our own, with its entropy measure for the loose natural-language form.
- IBANs in any case and spacing (``python-stdnum``: mod 97 and each country's format), card
  numbers (Luhn from ``python-stdnum`` and an issuer prefix), e-mails in any script, written
  plainly or obfuscated (``name at example dot com``, ``name [at] example [dot] com``,
  ``arroba ... punto``, ``(ät)``, ``%40``, ``&#64;``, a full-width at sign, ``name#host.tld``
  with "replace # with @").
- Phone numbers: ``phonenumbers`` (libphonenumber's metadata) judges each digit run that could
  be one; national forms of a few other countries are tried when the run starts with a trunk
  ``0``. A number that is only *possible* (right length, unassigned range: 555 numbers)
  counts when written ``+CC ...``, in the North American 3-3-4 shape, or after a word like
  "call" or "phone" (the context words presidio's recognizer uses for the same purpose).
  Not a date's hour (``2025-03-14 09:26``), nor digits after a code (``1Z 999 AA1 ...``).
  ``PhoneNumberMatcher`` over a whole turn costs about half a millisecond even when it finds
  nothing, so candidates are found by a regex first and only they are parsed.

- Tokens known by their service's prefix alone (DigitalOcean ``dop_v1_``, Bitbucket ``ATBB``,
  New Relic ``NRAK-``, Notion ``ntn_``, age ``AGE-SECRET-KEY-1``... about 75 services:
  CredSweeper's list, :mod:`~lifelong.learning.scrub.services`), and secrets of no service:
  wallet seed phrases (12+ BIP-39 words in a row), recovery codes, BitLocker and 1Password
  keys, authenticator seeds, password hashes (bcrypt, argon2, crypt), Wi-Fi keys (QR text,
  ``psk=``), WireGuard keys, Discord / Teams webhook URLs (the whole URL), Okta ``SSWS``
  tokens, signed URLs' signatures, tokens handed to CLIs, ``.netrc`` passwords, random
  strings under ``"key"`` / ``"token"`` / ``"auth"`` in JSON; a key wrapped over several
  lines goes whole.
- Secrets said in a sentence, as chat users type them (:mod:`~lifelong.learning.scrub.spoken`):
  a password near its word in ~40 languages ("la clave del wifi de casa es ...", "rate my
  password: ..."), or with none when it has every kind of character; one-time codes near the
  words for a code and a login; PINs; a key or token after its name with words between
  ("client secret ...", "klucz Steam Web API to ..."); "login: user / password"; session
  cookies; recovery codes listed without their name. The farther a value stands from its
  words, the stronger the shape it must have; famous passwords and product names stay.
- Personal identifiers (:mod:`~lifelong.learning.scrub.identifiers`): national id numbers of
  about 40 countries (python-stdnum's checks; named in their own language, a number of 8 to
  18 digits without a known check), passports, driving licence and health insurance numbers
  after their names, dates of birth of the living (a form's field, or said of oneself),
  street addresses of about 30 countries with their flat, district, town, state, postal code
  and country (:mod:`~lifelong.learning.scrub.addresses`), a person's own or a client's IP
  address, MAC addresses, plates (after their word, or in a country's format beside a car),
  bank and routing numbers, LinkedIn / Xing profiles, one's own social handle, a table's
  personal columns; a login made from the name of a person the turn names ("Erik Lindqvist
  (elindqvist)": :mod:`~lifelong.learning.scrub.usernames`).
  A company's hotline ("Apple Support ... is 1-800-...") and a public place stay.
- Values handed over to be kept or said back ("remember X for me", "noted — X"), by shape
  (:mod:`~lifelong.learning.scrub.kept`); handles after a network's name, Steam profiles and
  one's wallet address (:mod:`~lifelong.learning.scrub.accounts`).
- Numbers said as words in ~20 languages ("oh seven nine double two...", "ocho dos cero"),
  digits of other scripts, and what a scan misreads ("44O6", "ll3.908", "D N I :"): the turn
  is read once more with them as digits (:mod:`~lifelong.learning.scrub.numerals`,
  :mod:`~lifelong.learning.scrub.ocr`, :mod:`~lifelong.learning.scrub.dictated`); a card's
  number said as words; e-mails said aloud in more languages ("собака", "アットマーク",
  "at the rate": :mod:`~lifelong.learning.scrub.spelled`); passwords said as a few words and
  a number (:mod:`~lifelong.learning.scrub.phrases`).
- The codes of doors, gates, key boxes, alarms and safes, a card's PIN said in lower case, a
  card's security code (:mod:`~lifelong.learning.scrub.codes`); secrets where programs and
  labels keep them: a connect call's password, KeePass XML, Postman's ``"key"``, a router's
  sticker, a mail's login link and access code, Google app passwords
  (:mod:`~lifelong.learning.scrub.records`).
- A sole trader's VAT number (python-stdnum's ``eu.vat``, ``gb.vat``), a Canadian SIN and an
  Australian TFN by name (:mod:`~lifelong.learning.scrub.taxes`); record numbers (student,
  employee, patient, insurance, passport, national id) named on the line before, after a
  label, or asked for in the chat message before (:mod:`~lifelong.learning.scrub.answers`);
  the numbered fields of an EU driving licence and registration certificate
  (:mod:`~lifelong.learning.scrub.fields`); the fields of an HL7 ``PID`` segment, a DICOM
  header's patient tags, a FHIR identifier, a person's record id in YAML or JSON
  (:mod:`~lifelong.learning.scrub.clinical`); an immigration or benefit office's receipt, claim,
  grant and file numbers in a turn about such an office (:mod:`~lifelong.learning.scrub.cases`).
- The token of a reset, magic-login or activation link, an authenticator's key typed in by
  hand, a recovery key after its name (:mod:`~lifelong.learning.scrub.enrolment`).

- What a community's chats hold: gift cards' and vouchers' codes
  (:mod:`~lifelong.learning.scrub.vouchers`), a Wi-Fi key said beside its network
  (:mod:`~lifelong.learning.scrub.wifi`), payment handles, links, UPI addresses, Pix keys and
  the phone numbers Vipps or Swish pay to (:mod:`~lifelong.learning.scrub.payments`), an
  IBAN cut across messages and joined by its check (:mod:`~lifelong.learning.scrub.splits`),
  a chat export's senders that are numbers (:mod:`~lifelong.learning.scrub.chats`), contacts
  masked only in part (:mod:`~lifelong.learning.scrub.masked`).

- Last, a second opinion learned from the labelled corpora
  (:mod:`~lifelong.learning.scrub.learned`): a linear model over the shape of each
  value-shaped stretch the rules left and the words around it (the field label of its line,
  its column's header in a pasted table), in every language of the corpora; over its
  threshold it becomes ``[SECRET]`` or ``[PERSONAL]``.

``presidio-analyzer`` was weighed and not used: it needs spaCy (compiled, with a language
model downloaded at run time), and its recognizers for these kinds are the same
phonenumbers / regex-and-checksum detectors used here directly.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterator, Sequence

from lifelong.learning.scrub.accounts import account_finders
from lifelong.learning.scrub.answers import answer_finders
from lifelong.learning.scrub.cases import case_finders
from lifelong.learning.scrub.chats import chat_finders
from lifelong.learning.scrub.clinical import clinical_finders
from lifelong.learning.scrub.codes import code_finders
from lifelong.learning.scrub.credentials import secret_finders
from lifelong.learning.scrub.customers import customer_finders
from lifelong.learning.scrub.dictated import dictated_spans
from lifelong.learning.scrub.enrolment import enrolment_finders
from lifelong.learning.scrub.fields import field_finders
from lifelong.learning.scrub.identifiers import identifier_finders
from lifelong.learning.scrub.kept import kept_finders
from lifelong.learning.scrub.learned import learned_finders
from lifelong.learning.scrub.logins import login_finders
from lifelong.learning.scrub.masked import masked_finders
from lifelong.learning.scrub.numerals import numeral_finders
from lifelong.learning.scrub.payments import payment_finders
from lifelong.learning.scrub.personal import personal_finders
from lifelong.learning.scrub.phrases import phrase_finders
from lifelong.learning.scrub.records import record_finders
from lifelong.learning.scrub.rules import Finder, Span
from lifelong.learning.scrub.services import prefixed_finders, service_finders
from lifelong.learning.scrub.spelled import spelled_finders
from lifelong.learning.scrub.splits import split_finders
from lifelong.learning.scrub.spoken import spoken_finders
from lifelong.learning.scrub.taxes import tax_finders
from lifelong.learning.scrub.usernames import username_finders
from lifelong.learning.scrub.vendors import named_secret_finders, vendor_finders
from lifelong.learning.scrub.vouchers import voucher_finders
from lifelong.learning.scrub.wifi import wifi_finders

__all__ = ["DEFAULT_PHONE_REGIONS", "Scrubber", "looks_like_injection"]

# The national numbering plans tried for a digit run that starts with a trunk "0" and is not
# a valid number of the default region (every one of them prefixes national calls with 0).
DEFAULT_PHONE_REGIONS = ("GB", "DE", "FR", "NL", "AU", "IN", "JP", "KR", "TR")


@functools.cache
def _finders(region: str, regions: tuple[str, ...]) -> tuple[Finder, ...]:
    """Every detector, most specific first: where two find overlapping text the earlier
    wins. Built on first use, so importing this module loads none of the detectors."""
    return (
        *numeral_finders(), *vendor_finders(), *prefixed_finders(), *secret_finders(),
        *service_finders(),
        *record_finders(), *enrolment_finders(), *spoken_finders(), *phrase_finders(),
        *code_finders(), *wifi_finders(), *voucher_finders(), *spelled_finders(),
        *tax_finders(), *field_finders(), *case_finders(),
        *clinical_finders(), *identifier_finders(), *answer_finders(), *login_finders(),
        *masked_finders(), *personal_finders(region, regions), *split_finders(),
        *chat_finders(), *payment_finders(), *account_finders(), *kept_finders(),
        *username_finders(), *customer_finders(), *named_secret_finders(),
    )  # fmt: skip


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


_FULL_WIDTH = {0xFF10 + d: ord("0") + d for d in range(10)} | {
    ord("－"): ord("-"), ord("（"): ord("("), ord("）"): ord(")"), ord("＋"): ord("+"),
}  # fmt: skip


# A key or token wrapped by a terminal or a mail client: the lines after it that are nothing
# but token characters are the rest of it.
_WRAPPED_LABELS = frozenset({"API_KEY", "TOKEN", "PRIVATE_KEY"})
_CONTINUATION = re.compile(r"=*\r?\n(?P<line>[A-Za-z0-9_+/=.-]{8,})(?=\r?\n|$)")


def _wrapped(text: str, span: Span) -> Span:
    start, end, label = span
    if label not in _WRAPPED_LABELS or end - start < 32:
        return span  # a wrapped line is long: a short token on its own line is one token
    while (more := _CONTINUATION.match(text, end)) is not None:
        line = more["line"]
        if not (any(c.isdigit() for c in line) and any(c.isalpha() for c in line)):
            break  # "========" or a word: the paste went on with something else
        end = more.end()
    return start, end, label


def looks_like_injection(text: str) -> bool:
    """True for text that tries to override the persona's instructions."""
    return bool(_INJECTION.search(text))


class Scrubber:
    """Replaces secrets and personal data with ``[API_KEY]``, ``[TOKEN]``, ``[PASSWORD]``,
    ``[PRIVATE_KEY]``, ``[IBAN]``, ``[EMAIL]``, ``[CARD]``, ``[PHONE]``, ``[ID]`` (national id,
    passport, driving licence and insurance numbers), ``[BIRTHDATE]``, ``[ADDRESS]``, ``[IP]``,
    ``[MAC]``, ``[PLATE]``, ``[ACCOUNT]``, ``[PROFILE]`` and ``[USERNAME]`` (a login name
    typed with its password), counting each class in
    :attr:`counts`.

    ``region`` is the country whose national phone formats are assumed (``+CC`` numbers are
    found whatever it is); ``phone_regions`` are also tried for digits starting with a
    trunk ``0``. ``learned=False`` leaves out the learned second opinion
    (:mod:`~lifelong.learning.scrub.learned`, whose placeholders are ``[SECRET]`` and
    ``[PERSONAL]``): the rules alone.
    """

    def __init__(
        self,
        *,
        region: str = "US",
        phone_regions: Sequence[str] = DEFAULT_PHONE_REGIONS,
        learned: bool = True,
    ) -> None:
        self.counts: Counter[str] = Counter()
        self._finders = _finders(region, tuple(phone_regions))
        if learned:  # the model's second opinion, last: only on what the rules left
            self._finders += learned_finders()

    def _found(self, seen: str) -> list[Span]:
        """Every finder's spans, the earlier finder's where two overlap."""
        lower = seen.lower()
        taken: list[Span] = []
        for finder in self._finders:
            for start, end, label in finder(seen, lower):
                if not any(start < e and s < end for s, e, _ in taken):
                    taken.append((start, end, label))
        return taken

    def _found_iter(self, seen: str) -> Iterator[Span]:
        return iter(self._found(seen))

    def __call__(self, text: str) -> str:
        # The finders read full-width digits and signs (U+FF10..U+FF19, U+FF0D) as ASCII: one
        # character for one, so every span found holds in the text as written.
        seen = text.translate(_FULL_WIDTH)
        taken = self._found(seen)
        # Then digits dictated one by one ("9 9 2 4 7 9"), read closed up.
        for start, end, label in dictated_spans(seen, self._found_iter):
            if not any(start < e and s < end for s, e, _ in taken):
                taken.append((start, end, label))
        if not taken:
            return text
        taken = sorted(_wrapped(seen, span) for span in taken)
        parts: list[str] = []
        at = 0
        for start, end, label in taken:
            if start < at:  # inside a wrapped key's lines, already replaced
                continue
            parts += [text[at:start], f"[{label}]"]
            self.counts[label] += 1
            at = end
        parts.append(text[at:])
        return "".join(parts)
