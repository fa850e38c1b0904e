"""The scrubber's finders of personal data: IBANs, e-mail addresses (plain and obfuscated),
card numbers and phone numbers. See :mod:`lifelong.learning.scrub.scrubber` for what is found
and why.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

from lifelong.learning.scrub.rules import Finder, Rule, Span, named_as_reference

__all__ = ["card_ok", "personal_finders"]


def card_ok(candidate: str) -> bool:
    from stdnum import luhn

    digits = "".join(c for c in candidate if c.isdigit())
    if not 13 <= len(digits) <= 19 or not luhn.is_valid(digits):
        return False
    # An issuer's prefix (Visa 4, Mastercard 51-55 and 2221-2720, Mir 2200-2204, Amex 34/37,
    # Diners and JCB 30/35/36/38/39, Discover/UnionPay/Maestro 6, Maestro 50/56-58): an
    # ISBN-13 (978...) or an order number passes Luhn one time in ten, but starts with none.
    if digits[0] in "456":
        return True
    if digits[0] == "3":
        return digits[1] in "0456789"
    # (and Turkey's Troy, 9792)
    return (
        2221 <= int(digits[:4]) <= 2720 or 2200 <= int(digits[:4]) <= 2204 or digits[:4] == "9792"
    )


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


# Not git@github.com:org/repo.git (user@host:path is an ssh remote, not an address). Letters
# of any script (jürgen@müller-bau.de), and the "@" written as %40 (in a URL), &#64; (HTML)
# or full width.
_AT = r"(?:@|%40|&#0*64;|&#x0*40;|＠|﹫)"
# A dot may be defanged, as threat reports write addresses: name@example[.]com.
_DOMAIN_DOT = r"(?:\.|\[\.\]|\(\.\))"
_EMAIL = re.compile(
    rf"(?<![\w.%+-])[\w.%+-]+{_AT}[\w-]+(?:{_DOMAIN_DOT}[\w-]+)*{_DOMAIN_DOT}[^\W\d_]{{2,}}\b"
    r"(?!:(?:[^\s:]*/|\d))"  # user@host:path/ and user@host:22 are ssh, not an address
)
_BR_AT = r"\s*[\[\(\{<]\s*(?:at|@|ät|arroba|arobase)\s*[\]\)\}>]\s*"
_BR_DOT = r"\s*[\[\(\{<]\s*(?:dot|punto|point|punkt|ponto|kropka|punt|\.)\s*[\]\)\}>]\s*"
# "name [at] example [dot] com", "name(at)example(dot)com", "name [at] example.com"
_EMAIL_BRACKETS = re.compile(
    rf"(?i)\b[a-z0-9._%+-]+(?:{_BR_DOT}[a-z0-9_%+-]+)*{_BR_AT}[a-z0-9-]+"
    rf"(?:(?:{_BR_DOT}|\s+dot\s+|\.)[a-z0-9-]+)*"
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
# "at" and "dot" in the languages people write them in: arroba / punto, arobase / point,
# ät / punkt, ponto, kropka, punt.
_AT_WORD = r"(?:at|arroba|arobase|ät|apenstaartje|chiocciola|klammeraffe|małpa|malpa)"
_DOT_WORD = r"(?:dot|punto|point|punkt|ponto|kropka|punt)"
_EMAIL_WORDS = re.compile(
    rf"(?i)\b[a-z0-9._%+-]+(?:\s+{_DOT_WORD}\s+[a-z0-9_%+-]+)*\s+{_AT_WORD}\s+[a-z0-9-]+"
    rf"(?:\s+{_DOT_WORD}\s+[a-z0-9-]+)*\s+{_DOT_WORD}\s+[a-z]{{2,24}}\b"
)
_EMAIL_AT_WORD = re.compile(
    rf"(?i)\b[a-z0-9%+-]*[._0-9-][a-z0-9._%+-]*\s+{_AT_WORD}\s+[a-z0-9-]+(?:\.[a-z0-9-]+)*"
    r"\.[a-z]{2,24}\b(?!/|\.\w)"  # not a URL: "v2.0 at github.com/org/repo"
)
# "drop a line to daan at acme.com": a name without a dot, when the words before it are about
# writing to someone ("look at google.com" is not).
_EMAIL_AT_PLAIN = re.compile(
    rf"(?i)\b[a-z0-9%+-]{{2,}}\s+{_AT_WORD}\s+[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{{2,24}}\b(?!/|\.\w)"
)
_WRITE_TO = re.compile(
    r"(?i)\b(?:e-?mail|mail|write|drop (?:me |us )?a line|reach|contact|ping|message|send|"
    r"schreib|écri|escrib|scriv|schrijf|mail)\w*\b[^.!?\n]{0,30}\s+\S+\s+at\s"
)
# "marta.nowak#wp.pl (replace # with @)": another character standing for the "@", said so.
_EMAIL_SWAPPED = re.compile(r"(?i)\b[a-z0-9._%+-]+[#*$!][a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,24}\b")
_SWAP_SAID = re.compile(r"(?i)(?:replace|swap|ersetze|remplace|reemplaza|sostituisci)\w*\b.{0,30}@")
_VERSION = re.compile(r"(?i)v?\d+(?:\.\d+)*")
_EMAIL_SPACED = re.compile(
    r"(?i)\b[a-z0-9_%+-]+(?:\s*\.\s*[a-z0-9_%+-]+)*(?:\s+@\s*|\s*@\s+)[a-z0-9-]+"
    r"(?:\s*\.\s*[a-z0-9-]+)*\s*\.\s*[a-z]{2,24}\b"
)
_BRACKETED_AT = re.compile(r"[\[\(\{<]\s*(?:at|@|ät|arroba|arobase)\s*[\]\)\}>]")
_DOT_SPOKEN = re.compile(rf" {_DOT_WORD} ")


# "report@2x.png", "icon@3x.webp": a file name, not an address.
_FILE_SUFFIXES = frozenset(
    ("png", "jpg", "jpeg", "gif", "svg", "webp", "ico", "bmp", "pdf", "txt", "md", "py", "js",
     "ts", "css", "html", "json", "yaml", "yml", "zip", "gz", "tar", "mp3", "mp4", "mov", "wav",
     "csv", "xml", "log", "sh", "exe", "dll", "so", "whl")
)  # fmt: skip


def _address_ok(candidate: str) -> bool:
    # git@github.com: the ssh user of a code host, nobody's address
    return candidate.rsplit(".", 1)[-1].lower() not in _FILE_SUFFIXES and not candidate.startswith(
        "git@"
    )


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
# Diners 4-6-4, and 4-4-4-3 as an Amex is often written. Not after a "+" (+55 11 91234-5678
# is a phone number that passes Luhn).
_CARD = re.compile(
    r"(?<![+\d])(?<!\+ )(?<![A-Za-z_])(?:\d{13,19}|\d{4}([ -])\d{4}\1\d{4}\1\d{4}(?:\1\d{1,3})?"
    r"|\d{4}([ -])\d{6}\2\d{4,5}|\d{4}([ -])\d{4}\3\d{4}\3\d{3})"
    r"(?![A-Za-z0-9_])"
)


def _cards(text: str, lower: str) -> Iterator[Span]:
    # An order's, a parcel's or a booking's number passes Luhn one time in ten: after the
    # words for one it is that ("我的订单号 4838...", "Bestellnummer 5031...").
    for match in _CARD.finditer(text):
        if card_ok(match[0]) and not named_as_reference(text, match.start()):
            yield *match.span(), "CARD"


# A digit run that could be a phone number: digits in groups split by one space, dot or dash,
# or by parentheses, with an optional leading "+" or "00". Not glued to a word, an id (#12),
# an amount ($, €), a path, a version (1.2.3) or a UUID (...-4266).
# (Japanese and Chinese write a number right after a word: 電話番号は+81 80-...)
_CJK = "\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3\uff00-\uffef"
_PHONE_CANDIDATE = re.compile(
    rf"(?<![#$€£¥+/.\-])(?<!(?![{_CJK}])\w)"
    r"(?:\+\s?|\()?\d+(?:(?:[ .\-/\u00a0]\(?|\)[ .\-\u00a0]?|\()\d+)*\)?"
)
# After a date, "09:26:53" is a time: "2025-03-14 09" is no phone number.
_TIME_AFTER = re.compile(r":\d\d")
# A price: "7.990.000 ₫", "1 299 000 VND", "Rp 1.250.000" (a phone's word may be near: the
# phone for sale).
_CURRENCY_AFTER = re.compile(
    r"(?i)\s?(?:[₫€$£¥₹₽₩₺฿]|(?:đ|đồng|vn[dđ]|usd|eur|gbp|jpy|inr|idr|rub|руб|zł|pln|kr|sek|"
    r"nok|dkk|chf|huf|baht|thb|rp|brl|mxn)(?![\w'])|円|元|원)"
)
_CURRENCY_BEFORE = re.compile(r"(?i)(?:[₫€$£¥₹₽₩₺฿]|rp\.?|rs\.?|r\$|inr|idr|vnd|usd|eur)\s?$")
# ... and after a token of letters and digits ("1Z 999 AA1 01 2345 6784": a tracking number).
_CODE_BEFORE = re.compile(r"(?=[A-Za-z]*\d)(?=\d*[A-Za-z])[A-Za-z0-9]{2,}[ -]$")
_PHONE_CONTEXT = re.compile(
    r"(?i)(?<![a-z])(?:call|calls|called|calling|phone|tel|telephone|mobile|cell|cellphone|ring|text|"
    r"texts|sms|whatsapp|signal|fax|dial|reach|contact|my number|number is|numbers are|"
    r"m[óo]vil|celular|cellulare|telem[óo]vel|telefone|tel[ée]fono|telefono|telefon|handy|"
    r"portable|n[úu]mero|nummer|numer|anrufen|ruf|appel\w*|ll[aá]m\w*|chiam\w*|ligar|liga|"
    r"chama|bel|joindre|wa\.me|tel:|falar|fale|contato|contacto|wa|wsp|zap|hp|nomor|telp|tlp|"
    r"hubungi|kontak|cel|sđt|gọi|liên hệ|escr[ií]b\w*(?: al)?|"
    # one's own number ("mon nouveau numéro", "yeni numaram"), not an order's ("numéro de
    # commande")
    r"(?:mon|ton|son|notre|votre|nouveau)(?: nouveau)? num[ée]ro|numaram\w*|"
    # "Vikas bhai ka number ...": whose number it is, said before it
    r"(?:'s|का|की|ka|ki) number)\b|"
    r"τηλ[εέ]φων\w*|τηλ\.|κινητ\w*|ទូរស័ព្ទ|ტელეფონ\w*|ტელ\.|ໂທລະສັບ|ስልክ|հեռախոս\w*|"
    r"電話|携帯|番号|电话|手机|手機|联系|聯絡|연락처|"
    r"전화|핸드폰|휴대폰|điện thoại|โทร|เบอร์|اتصل|هاتف|جوال|واتس|טלפון|פלאפון|फोन|मोबाइल|"
    r"номер|телефон|звон|тел\.|नंबर|नम्बर|फ़ोन|फोन|संपर्क|ఫోన్|ఫోను|మొబైల్|கைபேசி|"
    r"தொலைபேசி|மொபைல்|ফোন|মোবাইল|ಫೋನ್|ഫോൺ|ફોન|ਫ਼ੋਨ|ওটিপি|ओटीपी|otp"
)
# Countries whose national numbers have no trunk 0 (or, like Brazil's, are written without
# it): tried only when the words around call it a phone number.
_CONTEXT_REGIONS = ("ES", "IT", "PT", "BR", "PL", "SE", "CH", "AT", "BE", "DK", "NO", "CN", "IN",
                    "TR", "RU", "MX", "GR", "GE", "FI")  # fmt: skip
# ... and more countries whose national numbers start with a trunk 0 (Indonesia's
# "0812-3456-7890", Thailand's, Nigeria's...): tried where the words say it is a phone number.
_TRUNK_CONTEXT_REGIONS = (
    "ID", "TH", "VN", "PH", "MY", "ZA", "NG", "EG", "PK", "BD", "NZ", "IE", "IL", "UA", "IR",
    "KE", "GH", "LK", "TW", "AR", "PE", "TZ", "UG", "KH", "LA", "ET", "AM",
)  # fmt: skip

_ID_BEFORE = re.compile(
    r"(?i)\b(?:id|order|invoice|ref|reference|ticket|case|tracking|isbn|issn|serial|account|"
    r"acct|iban|sku|po|customer|member|policy|part|model|item|product|lot|batch|build|version|"
    r"replaces|replaced by|supersedes|superseded by|"
    # an order's number in the languages people shop in
    r"commande|pedido|bestell\w*|zam[óo]wieni\w*|sipari[şs](?: numara\w*)?|заказ\w*|"
    # a company's registration, an air waybill: public or a shipment's, nobody's line
    r"company|registration|registered|crn|kvk|siren|siret|hrb|regon|krs|awb|waybill|"
    r"consignment|"
    # a drug's, a test's, a chemical's or a paper's public code: NDC 0378-1085-52
    r"ndc|loinc|snomed(?: ct)?|atc|cas(?: rn)?|doi|pmid|gtin|ean|upc|pzn|cpt|icd-?1[01])"
    r"\s*(?:number|num|no\.?|#|:)?\s*:?\s*$"
)
# What a company's number is called ("the service number is", "Telekom-Hotline"): its
# customers' line, not a person's.
_COMPANY_BEFORE = re.compile(
    r"(?i)(?:hotline|helpline|service ?(?:number|line)|servicenummer|servicetelefon|"
    r"customer (?:service|support|care)|kundenservice|kundendienst|support (?:line|number)|"
    r"\bsupport\b(?: in [\w ]{2,20})?|service client|atenci[óo]n al cliente|servizio clienti|"
    r"klantenservice|seelsorge|samaritans|crisis line|helpdesk|poison control|"
    r"emergency line)(?:'s)?(?:\W+[\w-]+){0,4}?\W{0,3}"
    r"(?:(?:number|nummer|is|ist|est|es|at|unter|:)\W{0,3}){0,3}$"
)
_COMPANY_AFTER = re.compile(
    r"(?i)\W{0,3}(?:really\s+)?(?:[A-Z][\w&.-]*\s+){1,3}(?:support|hotline|helpline|"
    r"customer service|service line)(?:'s)?\b"
)
# "... 4567 ext. 46", "x12", "Durchwahl 45": the extension is part of the number.
_EXTENSION = re.compile(r"(?i),?\s*(?:ext\.?|extension|x|poste|durchwahl|int\.?)\s*\d{1,6}\b")
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
    for where in (region, *regions, *_CONTEXT_REGIONS, *_TRUNK_CONTEXT_REGIONS):
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
        if len(set(digits.removeprefix("1"))) <= 2:
            return False  # (555) 555-5555, 000-0000: a form's placeholder
        groups = re.split(
            r"\D+", candidate.replace("(0)", "") if candidate[0] == "+" else candidate
        )
        if sum(1 for g in groups if len(g) == 1) > 1:
            return False  # "1 2 3 4 5 6 7 8 9 10", "4 8 15 16 23 42": counting, not calling
        # "0.5 0.25 0.125" is not a number written with dots: phones keep one separator
        if "." in candidate and (" " in candidate.strip("+ ") or "-" in candidate):
            return False
        if re.search(r"\.\d{5,}", candidate):
            return False  # 6.02214076: a decimal number
        if candidate.count(".") >= 3 and not re.fullmatch(r"0\d(?:\.\d\d){4}", candidate):
            return False  # Chrome 122.0.6261.112: a version (06.89.75.93.97 is French)
        if _ISBN_SHAPE.fullmatch(candidate) and isbn.is_valid(candidate):
            return False
        if candidate.startswith(("+", "00")):
            number = parses("+" + candidate[2:] if candidate[0] == "0" else candidate, None)
            # an international number: valid, or at least of a possible length there
            return number is not None and phonenumbers.is_possible_number(number)
        tried = [region, *(r for r in regions if r != region)]
        if not candidate.lstrip("(").startswith("0"):
            # other countries' national forms all start with a trunk 0, but for the few
            # without one, tried where the words say it is a phone number
            # (written in groups: "4815162342, call me" is an answer as often as a number)
            grouped = not candidate.isdigit()
            tried = [region, *(_CONTEXT_REGIONS if context and grouped else ())]
        tried = [r for r in tried if could_be(digits, r)]
        numbers = [n for n in (parses(candidate, r) for r in tried) if n is not None]
        bare = candidate.isdigit()
        if bare and not context:
            return False  # 4815162342 alone is an id as often as a phone number
        if any(phonenumbers.is_valid_number(n) for n in numbers):
            return True
        if bare and len(digits) >= 10 and _mobile_elsewhere(candidate, digits):
            return True  # "τηλέφωνο 6924171635": a mobile of a country without a trunk 0
        if context and len(digits) >= 11 and candidate[0] in "123456789":
            # the country code without its "+": "мій номер 380 93 846 13 87"
            number = parses("+" + digits, None)
            if number is not None and phonenumbers.is_valid_number(number):
                return True
        if context and candidate.lstrip("(").startswith("0"):
            # the other trunk-0 countries, only now (parsing costs ~40 us a region)
            more = [r for r in _TRUNK_CONTEXT_REGIONS if r not in tried and could_be(digits, r)]
            if any(
                n is not None and phonenumbers.is_valid_number(n)
                for n in (parses(candidate, r) for r in more)
            ):
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

    def _mobile_elsewhere(candidate: str, digits: str) -> bool:
        """A bare run named a phone number: a mobile number of one of the countries whose
        numbers have no trunk 0 (mobiles only: their ranges are narrow, an id's digits
        seldom fall in one)."""
        mobile = phonenumbers.PhoneNumberType.MOBILE
        return any(
            n is not None
            and phonenumbers.is_valid_number(n)
            and phonenumbers.number_type(n) == mobile
            for n in (parses(candidate, r) for r in _CONTEXT_REGIONS if could_be(digits, r))
        )

    def finder(text: str, lower: str) -> Iterator[Span]:
        for match in _PHONE_CANDIDATE.finditer(text):
            start, end = match.span()
            candidate = match.group(0)
            if candidate.startswith("(") and ")" not in candidate:
                candidate, start = candidate[1:], start + 1
            if candidate.endswith(")") and "(" not in candidate:
                candidate, end = candidate[:-1], end - 1
            after = text[end] if end < len(text) else ""
            if after and (after.isalpha() or after == "_") and not re.match(f"[{_CJK}]", after):
                continue  # 1234567abc: part of an identifier
            if sum(c.isdigit() for c in candidate) < 7:
                continue
            if _TIME_AFTER.match(text, end) or _CODE_BEFORE.search(text, max(0, start - 12), start):
                continue
            if _CURRENCY_AFTER.match(text, end) or _CURRENCY_BEFORE.search(text, 0, start):
                continue  # a price
            if _ID_BEFORE.search(text, max(0, start - 24), start) and candidate[0] != "+":
                continue  # order 4155550132, ticket no. 020 7946 0958: a reference
            if _COMPANY_BEFORE.search(text, max(0, start - 40), start):
                continue  # "Apple Support in the US is ...", "Telekom-Hotline ...": a company's
            if _COMPANY_AFTER.match(text, end):
                continue  # "Is 1-800-275-2273 really Apple Support's number?"
            context = bool(
                re.fullmatch(r"\(\d{2,3}\)\s?\d{4,5}[-\s]\d{4}", candidate)  # (11) 92850-1634
                or _PHONE_CONTEXT.search(text, max(0, start - 40), start)
                or _PHONE_CONTEXT.search(text, end, end + 25)  # "555-0100, call before 9"
            )
            if is_phone(candidate, context):
                extension = _EXTENSION.match(text, end)
                yield start, extension.end() if extension else end, "PHONE"

    return finder


# A number in a chat link: https://wa.me/4915..., tel:+4930...
_PHONE_LINK = re.compile(r"(?i)(?:wa\.me/|tel:)(?P<secret>\+?\d[\d\-.]{6,18}\d)")


def personal_finders(region: str, regions: Sequence[str]) -> list[Finder]:
    """Every finder of personal data, most specific first (an earlier one wins an overlap);
    phone numbers in ``region``'s national formats, and ``regions``' after a trunk ``0``."""
    return [
        _ibans,
        Rule("EMAIL", _EMAIL, check=_address_ok, needs=("@", "%40", "&#", "＠", "﹫")),
        Rule("EMAIL", _EMAIL_BRACKETS, gate=_BRACKETED_AT),
        Rule("EMAIL", _EMAIL_WORDS, check=_tld_ok, gate=_DOT_SPOKEN),
        Rule("EMAIL", _EMAIL_AT_WORD, check=_named_address_ok, needs=(" at ",)),
        Rule("EMAIL", _EMAIL_AT_PLAIN, check=_named_address_ok, gate=_WRITE_TO),
        Rule("EMAIL", _EMAIL_SPACED, check=_tld_ok, needs=(" @", "@ ")),
        Rule("EMAIL", _EMAIL_SWAPPED, check=_tld_ok, gate=_SWAP_SAID),
        _cards,
        Rule("PHONE", _PHONE_LINK, needs=("wa.me/", "tel:")),
        _phone_finder(region, regions),
    ]
