"""The scrubber's finders of personal identifiers beyond contact details: national id
numbers (checked with python-stdnum where it has the country), passport numbers, dates of
birth, street addresses, a person's own IP and MAC addresses, licence plates and bank account
numbers. See :mod:`lifelong.learning.scrub.scrubber` for what is found and why.

Numbers with a strong check (a Spanish DNI's letter, a codice fiscale's, a UK National
Insurance number's letter rules, the dashes of a US SSN) are found anywhere; numbers that any
digit run of their length passes often (a Dutch BSN's 11-test: one in eleven) only after the
words that name them, in the languages people write them in, or as a field of that name.
"""

from __future__ import annotations

import functools
import importlib
import re
from collections.abc import Callable, Iterator
from typing import Any

from lifelong.learning.scrub.rules import Finder, Span

__all__ = ["identifier_finders"]


def _validator(module: str) -> Callable[[str], bool]:
    """``stdnum.<module>.is_valid`` on the value without its dots, dashes and spaces (the
    module imported on first use, once)."""

    @functools.cache
    def checker() -> Any:
        return importlib.import_module(f"stdnum.{module}")

    def valid(value: str) -> bool:
        return bool(checker().is_valid(re.sub(r"[\s.\-/]", "", value)))

    return valid


def _line_around(text: str, start: int, end: int, before: int = 0) -> str:
    """The line holding ``text[start:end]``, with up to ``before`` characters ahead of it."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return text[max(0, line_start - before) : line_end if line_end != -1 else len(text)]


def _specimen(value: str) -> bool:
    """123-45-6789, 12-34-56, 000000000: what forms and documentation print, nobody's."""
    digits = "".join(c for c in value if c.isdigit())
    return len(set(digits)) <= 2 or digits in "0123456789" or digits in "9876543210"


# (what names it, the shape of the value, its check, whether the name must come before it)
_Named = tuple[str, str, Callable[[str], bool], bool]

_GROUPED_DIGITS = r"\d(?:[ .\-]?\d){%d}"


def _nino_ok(value: str) -> bool:
    compact = re.sub(r"\s", "", value).upper()
    return compact[:2] not in {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}


_IDS: list[_Named] = [
    # US Social Security number: 123-45-6789 anywhere, nine digits after its name.
    (r"ssn|social security(?: number| no\.?)?", _GROUPED_DIGITS % 8, _validator("us.ssn"), True),
    ("", r"\d{3}-\d{2}-\d{4}", _validator("us.ssn"), False),
    # UK National Insurance number: two letters (not D F I Q U V first, nor O second), six
    # digits, A-D.
    ("", r"[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]", _nino_ok, False),
    # Dutch BSN (the 11-test).
    (r"bsn|burgerservicenummer|sofinummer|sofi-nummer", _GROUPED_DIGITS % 8,
     _validator("nl.bsn"), True),
    # German tax id (Steuer-ID).
    (r"steuer[- _]?id|steueridentifikationsnummer|identifikationsnummer|idnr|tax id",
     _GROUPED_DIGITS % 10, _validator("de.idnr"), True),
    # French social security number (NIR / INSEE): its spaced form anywhere, else named.
    ("", r"[12] \d{2} \d{2} (?:\d{2}|2[AB]) \d{3} \d{3}(?: \d{2})?", _validator("fr.nir"), False),
    (r"nir|insee|s[ée]cu(?:rit[ée] sociale)?|num[ée]ro de s[ée]curit[ée] sociale",
     r"[12]\d{12}(?:\d{2})?", _validator("fr.nir"), True),
    # Spanish DNI and NIE: the check letter.
    ("", r"\d{2}\.?\d{3}\.?\d{3}[- ]?[A-Za-z]", _validator("es.dni"), False),
    ("", r"[XYZxyz][- ]?\d{7}[- ]?[A-Za-z]", _validator("es.nie"), False),
    # Italian codice fiscale: 16 characters in a fixed pattern with a check character.
    ("", r"[A-Za-z]{6}\d{2}[A-Za-z]\d{2}[A-Za-z]\d{3}[A-Za-z]", _validator("it.codicefiscale"),
     False),
    # Polish PESEL.
    (r"pesel", r"\d{11}", _validator("pl.pesel"), True),
    # Swedish personnummer: YYMMDD-NNNN anywhere, else named.
    ("", r"(?:19|20)?\d{6}[-+]\d{4}", _validator("se.personnummer"), False),
    (r"personnummer|personnr", r"(?:19|20)?\d{10}", _validator("se.personnummer"), True),
    # Belgian national register number: YY.MM.DD-NNN.NN.
    ("", r"\d{2}\.\d{2}\.\d{2}-\d{3}\.\d{2}", _validator("be.nn"), False),
    (r"rijksregisternummer|rijksregister|numéro national|national number", _GROUPED_DIGITS % 10,
     _validator("be.nn"), True),
    # Portuguese NIF.
    (r"nif|contribuinte|número fiscal", _GROUPED_DIGITS % 8, _validator("pt.nif"), True),
]  # fmt: skip

# A name, then (within a few words, a ":" or "is") the value; or the name as a field's key
# ("bsn": "...", bsn = '...', <bsn>...).
_GAP = (
    r"[\"'\]]?\s*(?:[:=]|\bis\b|\bist\b|\best\b|\bes\b|\bè\b|\bto\b|\bé\b|\blautet\b)?\s*[\"'(]?\s*"
)
_WORDS_BETWEEN = r"(?:[^\W\d_][\w.º]*[:\s]+){0,4}?"


def _id_rule(name: str, shape: str, check: Callable[[str], bool], named: bool) -> Finder:
    value = rf"(?<![\w.\-])(?P<value>{shape})(?![\w\-]|\.\d)"
    if named:
        pattern = re.compile(rf"(?i)(?<![a-z])(?:{name})\w*\b\.?{_GAP}{_WORDS_BETWEEN}{value}")
    else:
        pattern = re.compile(value)

    def finder(text: str, lower: str) -> Iterator[Span]:
        for match in pattern.finditer(text):
            if check(match["value"]) and not _specimen(match["value"]):
                yield *match.span("value"), "ID"

    return finder


# Passport numbers: after the word, 6-12 letters and digits with a digit among them.
_PASSPORT = re.compile(
    r"(?i)(?:passport|reisepass|passeport|pasaporte|paspoort|passaporto|passaporte|paszport)"
    r"(?:nummer|nr\.?|number|no\.?|numero|número|numer)?\b[^\n\d]{0,30}?"
    r"(?<![\w])(?P<value>(?=[A-Z0-9]*\d)[A-Z0-9]{6,12})(?![\w])"
    r"|(?:パスポート|旅券)番号は?\s*(?P<jp>[A-Z0-9]{6,12})"
)


def _passports(text: str, lower: str) -> Iterator[Span]:
    if not any(w in lower for w in ("pass", "pasa", "pasz", "pasp", "パスポート", "旅券")):
        return
    for match in _PASSPORT.finditer(text):
        group = "value" if match["value"] else "jp"
        value = match[group]
        if value.isdigit() and (len(value) < 8 or _specimen(value)):
            continue  # "passport photo 2x 35" ... a count, not a number
        yield *match.span(group), "ID"


# Dates of birth: the words that say so, then a date (numeric, or with a month's name) of a
# living person (born 1900 or later: "Einstein was born on 14 March 1879" is history).
_MONTHS = (
    r"jan\w*|feb\w*|f[ée]v\w*|mar\w*|m[äa]r\w*|apr\w*|avr\w*|abr\w*|may|mai|may\w*|ma[gj]\w*|"
    r"jun\w*|jui\w*|jul\w*|lug\w*|aug\w*|ao[uû]\w*|ago\w*|sep\w*|set\w*|oct\w*|okt\w*|ott\w*|"
    r"out\w*|nov\w*|dec\w*|d[ée]c\w*|dez\w*|dic\w*|gen\w*|ene\w*|"
    r"stycz\w*|lut\w*|kwie\w*|maj\w*|czerw\w*|lip\w*|sierp\w*|wrze\w*|pa[zź]dz\w*|listop\w*|grud\w*"
)
_DATE = (
    r"(?:\d{1,2}[./-]\d{1,2}[./-](?P<y1>\d{4})|(?P<y2>\d{4})-\d{1,2}-\d{1,2}"
    rf"|\d{{1,2}}\.?\s+(?:de\s+)?(?:{_MONTHS})\.?\s+(?:de\s+)?(?P<y3>\d{{4}})"
    rf"|(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?P<y4>\d{{4}})"
    r"|(?P<y5>\d{4})年\d{1,2}月\d{1,2}日)"
)
# (one word may stand between: "born on", "geboren am")
_DATE_AT = re.compile(rf"(?i)[\"':\s]*(?:\w+[\s:]+){{0,3}}?[\"']?(?P<value>{_DATE})")
_BIRTH = re.compile(
    r"(?i)(?:\bdob\b|date of birth|birth ?date|birthday|\bborn(?: on)?\b|\bgeb\.|\bur\.|"
    r"naci[óo] el|\bnac\.|"
    r"geboren(?: am| op)?|geburtsdatum|geboortedatum|n[ée]e? le|date[ _]de[ _]naissance|"
    r"nacid[oa] el|fecha[ _](?:de[ _])?nacimiento|"
    r"nat[oa] il|data[ _](?:di[ _])?nascita|nascid[oa] (?:em|a)|data[ _](?:de[ _])?nascimento|"
    r"urodzon[ya]|data[ _]urodzenia|född|f[öo]delsedatum|\bbirth_?date|date_of_birth|"
    r"geburtstag|生年月日)"
)
_BORN_JP = re.compile(rf"(?P<value>{_DATE})生まれ")


# Whose birth it is: a name (two capitalised words) or a field for one. "born 15/03/1987, how
# old am I in days?" alone says nothing about who.
_NAMED = re.compile(
    r"[A-ZÀ-ÝŁŚŻ][a-zà-ÿąćęłńóśźż]+(?:\s+(?:van der|van|de|da|del|di|von|le|la)\b)?\s+"
    r"[A-ZÀ-ÝŁŚŻ][a-zà-ÿąćęłńóśźż]+|(?i:\b(?:name|naam|nom|nombre|nome|imi[eę]|nazwisko|patient)\b)"
)


def _birth_dates(text: str, lower: str) -> Iterator[Span]:
    found = [m for w in _BIRTH.finditer(text) if (m := _DATE_AT.match(text, w.end()))]
    if found and not _NAMED.search(text):
        found = []
    if "生まれ" in text:
        found += list(_BORN_JP.finditer(text))
    for match in found:
        year = next(int(match[y]) for y in ("y1", "y2", "y3", "y4", "y5") if match[y])
        if 1900 <= year <= 2100:
            yield *match.span("value"), "BIRTHDATE"


# Street addresses: a street (its kind of word in the languages of the corpus) and its house
# number, with the postal code and town that follow when they do.
_STREET_SUFFIX = (
    r"stra(?:ß|ss)e|str\.|weg|allee|gasse|platz|ring|damm|ufer|chaussee|laan|gracht|straat|"
    r"plein|kade|dijk|singel|steeg|gatan|vägen|v[äa]gen|gränd"
)
_EN_STREET = (
    r"street|st\.?|road|rd\.?|avenue|ave\.?|lane|ln\.?|drive|dr\.?|boulevard|blvd\.?|way|"
    r"court|ct\.?|place|pl\.?|terrace|close|crescent|square|parkway|highway|hwy|grove|"
    r"gardens|park|hill|row|walk|mews|green"
)
_POSTAL_TOWN = r"(?:,?\s*(?:\d{4,5}(?:-\d{3,4})?|\d{4}\s?[A-Z]{2}|\d{2}-\d{3})\s+[A-ZÀ-Ý][\w\-]+)?"
_ADDRESS = re.compile(
    # Lindenstraße 44, Kastanienallee 7a, Oudegracht 268 (3511 AX Utrecht)
    rf"(?<![\w])(?:(?:[A-ZÀ-Ý][\w\-]*\s+)?[A-ZÀ-Ý][\w\-]*(?:{_STREET_SUFFIX})|[A-ZÀ-Ý][\w\-]*\s+"
    r"(?:Stra(?:ß|ss)e|Weg|Allee|Gasse|Platz|Ring|Damm))"
    rf"(?:\s+\d+\s?[a-zA-Z]?(?:[-/]\d+)?)\b{_POSTAL_TOWN}"
    # 6318 W Armitage Ave, 76 Whitfield Road
    rf"|(?<![\w.])\d{{1,5}}[A-Za-z]?\s+(?:[NSEW]\.?\s+)?(?:[A-Z][\w'\-]*\s+){{1,3}}"
    rf"(?i:{_EN_STREET})(?![\w])"
    # 53 rue des Lilas, 12 bis avenue ...
    r"|(?<![\w])\d{1,4}(?:\s?(?:bis|ter))?,?\s+(?i:rue|avenue|boulevard|bd|chemin|place|all[ée]e|"
    r"impasse|quai|cours)\s+(?:(?:de|des|du|la|le|l'|d')\s*)?[A-ZÀ-Ý][\w'\-]*(?:\s+[A-ZÀ-Ý][\w'\-]*)?"
    rf"{_POSTAL_TOWN}"
    # Calle de Alcalá 344, Via Giuseppe Garibaldi, 27, Rua de Santa Catarina, 220, ul. Długa 62/9
    r"|(?<![\w])(?:Calle|C/|Avenida|Avda\.?|Paseo|Plaza|Carrer|Via|Viale|Piazza|Corso|Largo|Rua|"
    r"Travessa|Praça|Estrada|ul\.|al\.|ulica|aleja)\s+"
    r"(?:(?:de|del|da|do|dos|das|la|di|della|dello|delle|degli)\s+|dell'\s?)?"
    r"(?:[A-ZÀ-Ýa-zà-ÿ'ąćęłńóśźżĄĆĘŁŃÓŚŹŻ\-]+\s+){0,3}?[A-ZÀ-ÝĄĆĘŁŃÓŚŹŻ][\w'\-]*,?\s+\d+"
    rf"(?:\s?[A-Za-z]|/\d+)?\b{_POSTAL_TOWN}"
    # 東京都世田谷区北沢3丁目12-13
    r"|\S{0,6}[都道府県]\S{1,8}?[市区町村郡]\S{0,10}?\d+丁目[\d\-－]+"
)


# Whose address: said to be one's own or someone's ("I live at", "ship to: Name, ..."). A
# number-first address alone is as often a company's or a landmark's ("the White House is at
# 1600 Pennsylvania Avenue"); the other forms name a street the way people write their own.
_OWN_ADDRESS = re.compile(
    r"(?i)\b(?:i live|we live|my (?:home |new |old )?address|our address|home address|"
    r"ship(?:ping)? to:|deliver(?:y)? to:|mail(?:ing)? address|billing address|"
    r"shipping address|address:|\badr[;:]|"
    r"\b(?:shipping|billing|street|addr\w*)[\"']?\s*[:=]\s*[\"']?$)|[A-Z][a-z]+ [A-Z][a-z'\-]+,\s*$"
)


def _addresses(text: str, lower: str) -> Iterator[Span]:
    for match in _ADDRESS.finditer(text):
        if match[0][0].isdigit() and not match[0].split()[1][:1].islower():
            before = text[max(0, match.start() - 60) : match.start()]
            if not _OWN_ADDRESS.search(before):
                continue
        yield *match.span(), "ADDRESS"


# A person's own IP address: a public one, on a line that says it is theirs.
_IPV4 = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?:/\d{1,2})?(?![\w.])")
_IPV6 = re.compile(r"(?<![\w:])(?:[0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}(?![\w:])")
_MINE = re.compile(
    r"(?i)\b(?:my|mine|home|our|meine?|zuhause|zu hause|mon|ma|chez moi|mi|mis|casa|mijn|"
    r"thuis|meu|minha|moja|moje|mój|domow\w*|mio|mia)\b|私の|自宅"
)


def _own_ips(text: str, lower: str) -> Iterator[Span]:
    import ipaddress

    for pattern in (_IPV4, _IPV6):
        for match in pattern.finditer(text):
            try:
                address = ipaddress.ip_address(match[0].split("/")[0])
            except ValueError:
                continue
            if not address.is_global:
                continue  # 10.x, 192.168.x, documentation ranges: nobody's home
            if _MINE.search(_line_around(text, *match.span())):
                yield *match.span(), "IP"


# MAC addresses of someone's device: colons, dashes or Cisco's dotted form.
_MAC = re.compile(
    r"(?<![\w:.-])(?:[0-9A-Fa-f]{2}([:-])(?:[0-9A-Fa-f]{2}\1){4}[0-9A-Fa-f]{2}"
    r"|[0-9a-fA-F]{4}\.[0-9a-fA-F]{4}\.[0-9a-fA-F]{4})(?![\w.-]|:\w)"
)


_DEVICE = re.compile(
    r"(?i)laptop|phone|téléphone|telefon|handy|móvil|celular|printer|drucker|imprimante|"
    r"tablet|console|\btv\b|router|hardware ethernet|macbook|iphone|android"
)


def _macs(text: str, lower: str) -> Iterator[Span]:
    """A device's MAC address where the line says whose device it is (``ifconfig`` output
    and documentation print machines' addresses, nobody's)."""
    for match in _MAC.finditer(text):
        digits = re.sub(r"[^0-9a-fA-F]", "", match[0]).lower()
        if len(set(digits)) <= 2 or digits[:6] == "00005e":  # ff:ff..., 00:00..., VRRP
            continue
        line = _line_around(text, *match.span(), before=200)
        if _MINE.search(line) or _DEVICE.search(line):
            yield *match.span(), "MAC"


# Licence plates: after the word for one, a plate's letters and digits.
_PLATE = re.compile(
    r"(?i)(?:kennzeichen|number plate|licen[cs]e plate|plate|\breg(?:istration)?\b|"
    r"immatricul\w*|plaque|matr[íi]cula|targa|kenteken|placa|rejestracyjn\w*|registreringsnummer)"
    r"[\s:.,()\"']*(?:\w+\s+){0,1}?"
    r"(?P<value>(?=[A-Z0-9 \-]*\d)(?=[A-Z0-9 \-]*[A-Z])[A-Z0-9]{1,4}(?:[ \-][A-Z0-9]{1,4}){1,3})"
    r"(?![\w\-])"
)


def _plates(text: str, lower: str) -> Iterator[Span]:
    if not any(w in lower for w in ("kennzeichen", "plate", "reg", "immatric", "plaque",
                                    "matr", "targa", "kenteken", "placa", "rejestr")):  # fmt: skip
        return
    for match in _PLATE.finditer(text):
        if len(re.sub(r"\W", "", match["value"])) >= 5:
            yield *match.span("value"), "PLATE"


# Bank accounts without an IBAN: a UK sort code, and the account number named as such.
_SORT_CODE = re.compile(r"(?i)sort[ -]?code\D{0,12}(?P<value>\d{2}-\d{2}-\d{2})\b")
_ACCOUNT = re.compile(
    r"(?i)(?:account (?:number|no\.?)|acct(?: no\.?)?|kontonummer|numer konta|rekeningnummer|"
    r"num[ée]ro de compte|n[úu]mero de cuenta|numero di conto|n[úu]mero da conta)"
    r"\D{0,25}?(?P<value>\d(?:[ \-]?\d){5,29})(?![\d])"
)


def _accounts(text: str, lower: str) -> Iterator[Span]:
    if "sort" in lower:
        for match in _SORT_CODE.finditer(text):
            if not _specimen(match["value"]):
                yield *match.span("value"), "ACCOUNT"
    if not any(w in lower for w in ("account", "acct", "kont", "rekening", "compte", "cuenta",
                                    "conto", "conta")):  # fmt: skip
        return
    for match in _ACCOUNT.finditer(text):
        if not _specimen(match["value"]):
            yield *match.span("value"), "ACCOUNT"


# A pasted table (CSV, semicolons, tabs, pipes) whose header names a column of personal data:
# every value below it in that column, whatever its shape ("name;steuer_id\nJonas;8942...").
_COLUMNS = {
    "EMAIL": r"e-?mail|mail|correo|courriel",
    "PHONE": r"phone|tel|telephone|telefon|tel[ée]fono|telefone|telefoon|mobile|cell|handy|"
    r"m[óo]vil|celular",
    "ID": r"ssn|social_?security\w*|nino|ni_?number|bsn|pesel|steuer_?id|steuerid|idnr|nir|"
    r"insee|dni|nie|"
    r"codice_?fiscale|cf|personnummer|nif|tax_?id|national_?id|passport\w*|pasaporte|reisepass\w*",
    "BIRTHDATE": r"dob|birth\w*|date_?of_?birth|fecha_?(?:de_?)?nacimiento|geburtsdatum|"
    r"geboortedatum|"
    r"data_?(?:di_?)?nascita|data_?(?:de_?)?nascimento|date_?de_?naissance|data_?urodzenia",
    "IBAN": r"iban",
    "ACCOUNT": r"sort_?code|account(?:_?(?:number|no))?|acct|kontonummer|rekeningnummer",
    "ADDRESS": r"address|addr|street|adresse|anschrift|strasse|stra(?:ss|ß)e|direcci[óo]n|"
    r"indirizzo|"
    r"adres|morada|endere[çc]o|shipping|billing",
}  # fmt: skip
_COLUMN = re.compile(
    "|".join(f"(?P<{label}>^(?:{names})$)" for label, names in _COLUMNS.items()), re.IGNORECASE
)


def _cells(line: str, delimiter: str) -> list[tuple[int, int]]:
    """The (start, end) of each field of a delimited line, quotes honoured (and left out)."""
    spans, start, quoted = [], 0, False
    for at, char in enumerate(line + delimiter):
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            a, b = start, at
            if b - a >= 2 and line[a] == '"' and line[b - 1] == '"':
                a, b = a + 1, b - 1
            spans.append((a, b))
            start = at + 1
    return spans


def _table_columns(text: str, lower: str) -> Iterator[Span]:
    if "\n" not in text:
        return
    lines = text.split("\n")
    offsets = [0]
    for line in lines[:-1]:
        offsets.append(offsets[-1] + len(line) + 1)
    for row, header in enumerate(lines[:-1]):
        delimiter = max(",;\t|", key=header.count)
        names = [header[a:b].strip().strip("\"'") for a, b in _cells(header, delimiter)]
        if len(names) < 2 or header.count(delimiter) == 0:
            continue
        labels = {}
        for column, name in enumerate(names):
            match = _COLUMN.match(name.replace(" ", "_").replace("-", "_"))
            if match and match.lastgroup:
                labels[column] = match.lastgroup
        if not labels:
            continue
        for below in range(row + 1, len(lines)):
            cells = _cells(lines[below], delimiter)
            if len(cells) < len(names):
                break  # the table ended
            for column, label in labels.items():
                a, b = cells[column]
                while a < b and lines[below][a] == " ":
                    a += 1
                if b - a >= 4:
                    yield offsets[below] + a, offsets[below] + b, label
        return


def identifier_finders() -> list[Finder]:
    """Every finder of personal identifiers, most specific first."""
    return [
        _table_columns,
        *(_id_rule(*entry) for entry in _IDS),
        _passports,
        _birth_dates,
        _accounts,
        _own_ips,
        _macs,
        _plates,
        _addresses,
    ]
