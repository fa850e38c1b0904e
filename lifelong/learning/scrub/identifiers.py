"""The scrubber's finders of personal identifiers beyond contact details: the numbers on a
person's documents (:mod:`lifelong.learning.scrub.documents`), dates of birth, street
addresses, a person's own IP and MAC addresses, licence plates, bank account and routing
numbers, profile links and the personal columns of a pasted table. See
:mod:`lifelong.learning.scrub.scrubber` for what is found and why.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

from lifelong.learning.scrub.documents import document_finders, specimen
from lifelong.learning.scrub.rules import Finder, Span
from lifelong.learning.scrub.tables import table_finders

__all__ = ["identifier_finders"]


def _line_around(text: str, start: int, end: int, before: int = 0) -> str:
    """The line holding ``text[start:end]``, with up to ``before`` characters ahead of it."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return text[max(0, line_start - before) : line_end if line_end != -1 else len(text)]


# Dates of birth: the words that say so, then a date (numeric, or with a month's name) of a
# living person (born 1900 or later: "Einstein was born on 14 March 1879" is history).
_MONTHS = (
    r"jan\w*|feb\w*|f[ée]v\w*|mar\w*|m[äa]r\w*|apr\w*|avr\w*|abr\w*|may|mai|may\w*|ma[gj]\w*|"
    r"jun\w*|jui\w*|jul\w*|lug\w*|aug\w*|ao[uû]\w*|ago\w*|sep\w*|set\w*|oct\w*|okt\w*|ott\w*|"
    r"out\w*|nov\w*|dec\w*|d[ée]c\w*|dez\w*|dic\w*|gen\w*|ene\w*|"
    r"stycz\w*|lut\w*|kwie\w*|maj\w*|czerw\w*|lip\w*|sierp\w*|wrze\w*|pa[zź]dz\w*|listop\w*|grud\w*|"
    r"январ\w*|феврал\w*|март\w*|апрел\w*|ма[йя]|июн\w*|июл\w*|август\w*|сентябр\w*|"
    r"октябр\w*|ноябр\w*|декабр\w*"
)
_DATE = (
    r"(?:\d{1,2}[./-]\d{1,2}[./-](?P<y1>\d{4})|(?P<y2>\d{4})-\d{1,2}-\d{1,2}"
    rf"|\d{{1,2}}\.?\s+(?:de\s+)?(?:{_MONTHS})\.?\s+(?:de\s+)?(?P<y3>\d{{4}})"
    rf"|(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?P<y4>\d{{4}})"
    r"|(?P<y5>\d{4})年\d{1,2}月\d{1,2}日|(?P<y6>\d{4})년\s*\d{1,2}월\s*\d{1,2}일)"
)
# (one word may stand between: "born on", "geboren am")
_DATE_AT = re.compile(rf"(?i)[\"':：\s]*(?:\w+[\s:：]+){{0,3}}?[\"']?(?P<value>{_DATE})")
_BIRTH = re.compile(
    r"(?i)(?:\bdob\b|date of birth|birth ?date|birthday|\bborn(?: on)?\b|\bgeb\.|\bur\.|"
    r"naci[óo] el|\bnac\.|"
    r"geboren(?: am| op)?|geburtsdatum|geboortedatum|n[ée]e? le|date[ _]de[ _]naissance|"
    r"nacid[oa] el|fecha[ _](?:de[ _])?nacimiento|"
    r"nat[oa] il|data[ _](?:di[ _])?nascita|nascid[oa] (?:em|a)|data[ _](?:de[ _])?nascimento|"
    r"urodzon[ya]|data[ _]urodzenia|född|f[öo]delsedatum|\bbirth_?date|date_of_birth|"
    r"geburtstag|生年月日|sinh ngày|ngày sinh|дата рождения|родил\w*|д\.р\.|출생|생년월일|"
    r"geb\.-?datum|出生日期|出生)"
)
_BORN_JP = re.compile(rf"(?P<value>{_DATE})(?:生まれ|生|생|\s*(?:г\.|года)?\s*рождения)")
_VCARD_BIRTHDAY = re.compile(r"(?m)^BDAY[^:\n]*:(?P<value>\d{4}-?\d{2}-?\d{2})")


# Whose birth it is: a name (two capitalised words) or a field for one. "born 15/03/1987, how
# old am I in days?" alone says nothing about who.
_NAMED = re.compile(
    r"[A-ZÀ-ÝĀ-ŽА-ЯЁ][^\W\d_]+(?:\s+(?:van der|van|de|da|del|di|von|le|la)\b)?\s+"
    r"[A-ZÀ-ÝĀ-ŽА-ЯЁ][^\W\d_]+|(?i:\b(?:name|naam|nom|nombre|nome|imi[eę]|nazwisko|patient)\b)"
    r"|氏名|이름|성명|姓名|我|(?i:\b(?:my|mein\w*|mon|ma|mi|mio|mia|meu|minha|mój|moja)\b)"
)


def _birth_dates(text: str, lower: str) -> Iterator[Span]:
    found = [m for w in _BIRTH.finditer(text) if (m := _DATE_AT.match(text, w.end()))]
    if found and not _NAMED.search(text):
        found = []
    if "生" in text or "생" in text or "рожд" in lower:
        found += list(_BORN_JP.finditer(text))
    # A living person's: born in the last 110 years ("Alan Turing (born 23 June 1912)" is
    # history, and data protection is about the living).
    oldest = time.gmtime().tm_year - 110
    for match in found:
        year = next(int(match[y]) for y in ("y1", "y2", "y3", "y4", "y5", "y6") if match[y])
        if oldest <= year <= 2100:
            yield *match.span("value"), "BIRTHDATE"
    if "BDAY" in text:
        for match in _VCARD_BIRTHDAY.finditer(text):
            yield *match.span("value"), "BIRTHDATE"


# Street addresses: a street (its kind of word in the languages of the corpus) and its house
# number, with the postal code and town that follow when they do.
_STREET_SUFFIX = (
    r"stra(?:ß|ss)e|str\.|weg|allee|gasse|platz|ring|damm|ufer|chaussee|laan|gracht|straat|"
    r"plein|kade|dijk|singel|steeg|gatan|vägen|v[äa]gen|gränd|gade|vej|allé|plads|stræde|"
    r"gate|gaten|veien|vegen|gata|katu|tie"
)
_EN_STREET = (
    r"street|st\.?|road|rd\.?|avenue|ave\.?|lane|ln\.?|drive|dr\.?|boulevard|blvd\.?|way|"
    r"court|ct\.?|place|pl\.?|terrace|close|crescent|square|parkway|highway|hwy|grove|"
    r"gardens|park|hill|row|walk|mews|green|view|vale|rise|heights|quay|wharf"
)
_POSTAL_TOWN = r"(?:,?\s*(?:\d{4,5}(?:-\d{3,4})?|\d{4}\s?[A-Z]{2}|\d{2}-\d{3})\s+[A-ZÀ-Ý][\w\-]+)?"
_ADDRESS = re.compile(
    # Lindenstraße 44, Kastanienallee 7a, Oudegracht 268 (3511 AX Utrecht)
    rf"(?<![\w])(?:(?:[A-ZÀ-Ý][\w\-]*\s+(?:(?:de|van|der|den|von|la|le)\s+)?)?"
    rf"[A-ZÀ-ÝØÆÅ][\w\-]*(?:{_STREET_SUFFIX})|[A-ZÀ-Ý][\w\-]*\s+"
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
    r"|(?<![\w])(?:Calle|C/|Avenida|Avda\.?|Av\.|Paseo|Plaza|Carrer|Via|Viale|Piazza|Corso|Largo|Rua|"
    r"Travessa|Praça|Estrada|ul\.|al\.|ulica|aleja)\s+"
    r"(?:(?:de|del|da|do|dos|das|la|di|della|dello|delle|degli)\s+|dell'\s?)?"
    r"(?:[A-ZÀ-Ýa-zà-ÿ'ąćęłńóśźżĄĆĘŁŃÓŚŹŻ\-]+\s+){0,3}?[A-ZÀ-ÝĄĆĘŁŃÓŚŹŻ][\w'\-]*,?\s+\d+"
    rf"(?:\s?[A-Za-z](?![.\w])|/\d+)?\b{_POSTAL_TOWN}"
)
# Forms of a few countries, each tried only where the text has what they need (their first
# characters are "any run of non-spaces", costly to try at every position of every turn).
_ADDRESS_MORE = (
    # Am Kirchberg 19, An der Alster 4, Im Winkel 7a, Auf dem Berg 3
    (re.compile(r"\b(?:Am|An der|An den|Im|In der|Auf dem|Auf der|Zum|Zur|Unter den) [A-ZÄÖÜ]"),
     re.compile(r"(?<![\w])(?:Am|An der|An den|Im|In der|Auf dem|Auf der|Zum|Zur|Unter den)\s+"
                r"[A-ZÄÖÜ][\wäöüß\-]+\s+\d+[a-z]?(?![\w])")),
    # 東京都世田谷区北沢3丁目12-13, 〒134-6115 東京都世田谷区太子堂2-27-10 メゾン桜163
    (re.compile(r"[都道府県]"),
     re.compile(r"(?:〒\s?\d{3}-\d{4}\s*)?\S{0,6}[都道府県]\S{1,8}?[市区町村郡]\S{0,10}?\d+(?:丁目)?"
                r"[\d\-－]+(?:[ \u3000]\S{1,10}?\d+)?")),
    # 서울특별시 송파구 올림픽로 196, 109동 1777호
    (re.compile(r"\S[로길]\s*\d"),
     re.compile(r"(?:\S+(?:특별시|광역시|도|시)\s+)?\S+[구군시]\s+\S+(?:로|길)\s*\d+(?:-\d+)?"
                r"(?:,?\s*(?:\d+동\s*)?\d+호)?")),
    # 上海市徐汇区漕溪北路232弄24号602室
    (re.compile(r"\d+号"),
     re.compile(r"(?:(?<=地址)|(?<=地址[:：])|(?<![\u4e00-\u9fff]))"
                r"(?:\S{2,4}?[省市])?(?:\S{1,4}?[市区县])?\S{1,12}?[路街道巷]\d+(?:弄\d+)?号"
                r"(?:\d+栋)?(?:\d+单元)?(?:\d+室)?")),
    # ул. Гарибальди, д. 30, кв. 280
    (re.compile(r"(?i)\b(?:ул|улица|пр|просп|проспект|пер|переулок|наб|бульвар|ш)\.?\s"),
     re.compile(r"(?i)(?:г\.\s*[А-ЯЁ][\w\-]+,\s*)?"
                r"(?:ул\.|улица|пр\.|просп\.|проспект|пер\.|переулок|наб\.|бульвар|ш\.)\s*"
                r"[А-ЯЁA-Z][\w\-]+(?:\s[\w\-]+)?,?\s*(?:д\.|дом)\s*\d+[а-я]?"
                r"(?:,?\s*(?:корп\.|к\.|стр\.)\s*\d+)?(?:,?\s*(?:кв\.|квартира)\s*\d+)?"
                r"(?:,\s*\d{6})?")),
    # שדרות מוריה 62 דירה 22; شارع التحلية، مبنى 71، شقة 16
    (re.compile(r"רחוב|רח'|שדרות|שד'|דרך|شارع|طريق"),
     re.compile(r"(?:רחוב|רח'|שדרות|שד'|דרך)\s+\S+(?:\s\S+)?\s+\d+(?:\s*(?:דירה|ד')\s*\d+)?"
                r"|(?:شارع|طريق)\s+\S+(?:\s\S+)?[،,]?\s*(?:(?:مبنى|عمارة)\s*)?\d+"
                r"(?:[،,]\s*شقة\s*\d+)?")),
    # Flat 605, Sai Residency, 19th Cross, Indiranagar, Bengaluru 560038 (a six-digit PIN)
    (re.compile(r"(?i)\b(?:flat|house|plot|door)\b"),
     re.compile(r"(?i)\b(?:flat|house|plot|door)\s+(?:no\.?\s*)?\d+[a-z]?,[^\n]{5,120}?"
                r",\s*[A-Z][a-z]+\s+[1-9]\d{5}\b")),
    # Vinohradská 165/14 (Czech and Slovak: the house's two numbers)
    (re.compile(r"\d/\d"),
     re.compile(r"(?<![\w])[A-ZÀ-ÝČŘŠŽ][\wáéíóúýčďěňřšťůž]+(?:ská|cká|ní|ova|ovo)\s+\d+/\d+[a-z]?")),
    # Bağdat Cad. No: 3 Daire: 13, Cumhuriyet Mah. Lale Sok. No: 11
    (re.compile(r"(?i)\b(?:cad|sok|bulv|blv)"),
     re.compile(r"(?<![\w])(?:[A-ZÇĞİÖŞÜ][\wçğıöşü]+\s+(?:Mah\.|Mahallesi)\s+)?"
                r"[A-ZÇĞİÖŞÜ][\wçğıöşü]+\s+(?:Cad\.|Caddesi|Sok\.|Sokak|Sokağı|Bulvarı|Blv\.)\s+"
                r"No\s*:?\s*\d+[A-Za-z]?")),
)  # fmt: skip

# What follows a street and its number: the flat (Apt 2B, lgh 1389, 4. mf., 1º izq.,
# 3.º Esq., m. 52, Daire: 13) and the postal code and town (79123 Freiburg im Breisgau,
# 114 51 Stockholm, 2200 København N, Austin, TX 78704, Leeds LS6 9JD).
_UNIT = (
    r"(?:apto|apt|apartment|unit|suite|ste|flat|lgh|m|daire|d|dpto|piso|int|dept|kv)\b\.?\s*:?"
    r"\s*\w{1,5}\.?|#\s*\w{1,5}"
    r"|\d{1,3}\s*\.?\s*(?:º|ª|\.º|\.ª|mf|th|tv|sal|og|stock|etg|étage|et\.)\.?"
    r"(?:\s*(?:izq|dcha|dch|esq|dto|dta|drt|izda|dr|esq)\.?|\s+[A-Z](?![\w]))?"
)
_TOWN = (
    r"[A-ZÀ-ÝÆØÅÇİŞĞÜÖČŘŠŽ][\w\-]+(?:/[A-ZÀ-ÝÇİŞĞÜÖ][\w\-]+)?"
    r"(?:\s+(?:im|am|an der|ob der|N|S|Ø|V|C|K)\b(?:\s+[A-Z][\w\-]+)?"
    r"|\s+(?:de|del|do|da|di|la)\s+[A-ZÀ-Ý][\w\-]+)?"
)
_TAIL = re.compile(
    rf"(?:,?\s*(?i:{_UNIT}))*"
    r"(?:,?\s*(?:\d{3} ?\d{2}|\d{4,5}(?:-\d{3,4})?|\d{4} ?[A-Z]{2}|\d{2}-\d{3}|\d{3}-\d{3}|"
    rf"[A-Z]-?\d{{4,5}})\s+{_TOWN}"
    r"|,\s*[A-Z][a-z]+(?:\s[A-Z][a-z]+)?,\s*[A-Z]{2}\s+\d{5}(?:-\d{4})?"
    rf"|,?\s*(?:[A-Z][a-z]+\s+)?[A-Z]{{1,2}}\d[A-Z\d]?\s?\d[A-Z]{{2}}(?![\w])"
    rf"|,\s*{_TOWN}\s+\d{{5}}\s+{_TOWN}"
    # Toronto, ON M4K 4V6; Fitzroy VIC 3065; Dublin 4, D04 F1T3; - Pinheiros, São Paulo - SP,
    # 05424-009
    r"|,\s*[A-Z][a-z]+(?:\s[A-Z][a-z]+)?,?\s*[A-Z]{2}\s+[A-Z]\d[A-Z]\s?\d[A-Z]\d"
    r"|,\s*[A-Z][a-z]+(?:\s[A-Z][a-z]+)?\s+(?:VIC|NSW|QLD|SA|WA|TAS|ACT|NT)\s+\d{4}"
    r"|(?:,\s*[A-Z][a-z]+){1,2}(?:\s\d{1,2})?,\s*[AC-FHKNPRTV-Y]\d[\dW]\s?[0-9AC-FHKNPRTV-Y]{4}"
    r"|\s*[–-]\s*[A-Z][\w ]+,\s*[A-Z][\w ]+?\s*[–-]\s*[A-Z]{2},?\s*\d{5}-\d{3}"
    # Col. Del Valle, 03100 Ciudad de México, CDMX
    rf"|,\s*Col\.\s*[A-Z][\w ]+?,\s*\d{{5}}\s+{_TOWN}(?:,\s*[A-Z]{{2,5}}\b)?"
    r"|\s+(?:im|am|an der|ob der|bei)\s+[A-Z][\w\-]+"
    # a letter's header: the town and the postcode on lines of their own
    r"|\n[ \t]*[A-Z][a-z]+(?:[ -][A-Z][a-z]+)?[ \t]*\n[ \t]*"
    r"[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}(?![\w])"
    rf"|,?\s*{_TOWN}(?=\s*[,.\n]|$)(?:,?\s*(?:\d{{4,5}}|[A-Z]{{2}}\s+\d{{5}}))?)?"
)
_UNIT_BEFORE = re.compile(r"(?i)(?:flat|apt\.?|apartment|unit|suite)\s+\w{1,5}[,\n]?\s*$")


def _extent(text: str, start: int, end: int) -> tuple[int, int]:
    """An address with its flat before it and its flat, postal code and town after it."""
    tail = _TAIL.match(text, end)
    if tail is not None and tail.end() > end:
        end = tail.end()
    unit = _UNIT_BEFORE.search(text, max(0, start - 20), start)
    return (unit.start() if unit else start), end


# Whose address: said to be one's own or someone's ("I live at", "ship to: Name, ..."). A
# number-first address alone is as often a company's or a landmark's ("the White House is at
# 1600 Pennsylvania Avenue"); the other forms name a street the way people write their own.
_OWN_ADDRESS = re.compile(
    r"(?i)\b(?:i live|we live|my (?:home |new |old )?address|our address|home address|"
    r"ship(?:ping)? to\b|deliver(?:y)? to\b|send (?:it )?to\b|mail(?:ing)? address|"
    r"billing address|my (?:apartment|flat|house|place)|"
    r"shipping address|address:|\badr[;:]|(?:flat|apt\.?|apartment|unit)\s+\w{1,5},\s*$|"
    r"(?:new|current|postal|delivery|permanent) address(?: is)?|i'?m at|i am at|"
    r"\b(?:leave|drop)\b[^.\n]{0,40}\b(?:at|of|outside)\s*$|"
    r"\b(?:dob|nhs|patient|date of birth)\b[^\n]*\n\s*$|"
    r"\b(?:shipping|billing|street|addr\w*)[\"']?\s*[:=]\s*[\"']?$)"
    r"|(?-i:[A-Z][a-z]+ [A-Z][a-z'\-]+|[A-Z]{2,} [A-Z]{2,})(?:,\s*|\s*\n)$"
)
# The same, said of oneself in so many words (a name before a comma is said of a museum too:
# "the White House, 1600 Pennsylvania Avenue").
_OWN_STRONG = re.compile(
    r"(?i)\b(?:i live|we live|my (?:home |new |old )?address|our address|home address|"
    r"my (?:apartment|flat|house|place)|i'?m at|i am at)\b"
)


# An address line by its label ("Delivery address: Flat 136, Sai Krupa Apartments, 7th Cross,
# Indiranagar, Bengaluru 560014"): the rest of the line, when it holds a number and a comma.
_LABELLED = re.compile(
    r"(?im)^[ \t]*(?:(?:home|delivery|shipping|billing|mailing|postal|current|new)[ _]address|"
    r"address|leveransadress|postadresse|lieferadresse|anschrift|adresse de livraison|domicilio|"
    r"direcci[óo]n de env[íi]o|endere[çc]o de entrega|indirizzo di consegna|bezorgadres|"
    r"adres dostawy|osoite|주소|住所|地址)[ \t]*[:：][ \t]*(?P<value>[^\n]{8,160})$"
)
# Where a place is asked about, not where someone lives: "Opening hours of the Eiffel Tower,
# Champ de Mars, 5 Avenue Anatole France, 75007 Paris?", "Tickets for the Colosseum, ...".
_PUBLIC_PLACE = re.compile(
    r"(?i)opening hours|open(?:ing)? times|tickets?|admission|visit(?:ing)?|museum|gallery|"
    r"tower|palace|castle|cathedral|basilica|church|temple|zoo|stadium|arena|station|airport|"
    r"white house|parliament|capitol|sagrada|colosse\w*|abre\b|abren|apre\b|ouvre|öffnet|"
    r"bigliett\w*|博物|故宫|宫殿|车站|机场|酒店|大学|公园|寺|开放|開放|门票|門票|タワー|駅|"
    r"博物館|神社|城|空港|ホテル|"
    r"hotel|restaurant|theat(?:re|er)|cinema|colosseum|monument|embassy|consulate|"
    r"öffnungszeiten|geöffnet|eintritt|horaires|billets?|entradas?|horario|biglietti|orari|"
    r"openingstijden|kaartjes|museo|musée"
)


# "2181 Cedar Bluff Rd, Apt 6C, ...": a flat, a home; "1600 Amphitheatre Parkway, Mountain
# View" may be a company's.
_A_FLAT = re.compile(r"(?i)\b(?:apt|apartment|flat|unit|lgh|apto)\b\.?\s*\w|#\s*\d")


def _public(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 80) : start]
    after = text[end : end + 60]
    if _OWN_STRONG.search(before):
        return False
    return bool(_PUBLIC_PLACE.search(before) or _PUBLIC_PLACE.search(after))


def _addresses(text: str, lower: str) -> Iterator[Span]:
    if ":" in text or "：" in text:
        for match in _LABELLED.finditer(text):
            value = match["value"].rstrip(" .")
            letters = sum(c.isalpha() for c in value)
            if (
                any(c.isdigit() for c in value)
                and letters >= 4
                and ("," in value or len(value.split()) >= 3)
            ):
                yield match.start("value"), match.start("value") + len(value), "ADDRESS"
    for gate, pattern in _ADDRESS_MORE:
        if gate.search(text):
            for match in pattern.finditer(text):
                start, end = _extent(text, *match.span())
                if not _public(text, start, end):
                    yield start, end, "ADDRESS"
    for match in _ADDRESS.finditer(text):
        start, end = _extent(text, *match.span())
        if match[0][0].isdigit() and not match[0].split()[1][:1].islower():
            before = text[max(0, match.start() - 60) : match.start()]
            # a flat in it ("801 Beacon St, Apt 3B, Boston") is where someone lives
            if not (_OWN_ADDRESS.search(before) or _A_FLAT.search(text, start, end)):
                continue
        if _public(text, start, end):
            continue
        yield start, end, "ADDRESS"
    if "maps" in lower or "destination=" in lower:
        for match in _MAP_LINK.finditer(text):
            value = match["value"]
            # a street and its number; not a place's coordinates (?q=48.8584,2.2945)
            if any(c.isdigit() for c in value) and sum(c.isalpha() for c in value) >= 4:
                yield *match.span("value"), "ADDRESS"


# An address in a map link: ...google.com/maps/dir/?api=1&destination=Kastanienallee+98b...
_MAP_LINK = re.compile(
    r"(?i)(?:maps\.google\.\w+|google\.\w+/maps|maps\.apple\.com)\S*?[?&/](?:destination|daddr|"
    r"saddr|q|address|place)[=/](?P<value>[^&\s\"'<>]{8,})"
)


# A person's profile page: LinkedIn's /in/<name>, Xing's /profile/<name>.
_PROFILE = re.compile(
    r"(?i)(?:https?://)?(?:[a-z]{2,3}\.)?(?:linkedin\.com/in|xing\.com/profile)/[\w%\-]{3,}/?"
    r"|(?:https?://)?(?:www\.|m\.)?facebook\.com/profile\.php\?id=\d+"
    r"|(?<![\w.])(?:https?://)?(?:www\.|m\.)?(?P<site>facebook\.com|instagram\.com|vk\.com|x\.com|"
    r"twitter\.com|tiktok\.com|github\.com|threads\.net)/(?P<name>@?[\w.\-]{3,40})/?"
    r"(?=[\s\)\]\"'<>,;]|[.?!](?:\s|$)|$)"
)
# A site's own pages, not a person's: facebook.com/help, github.com/features ...
_SITE_PAGES = frozenset(
    ("help", "about", "login", "signup", "settings", "policies", "privacy", "terms", "watch",
     "groups", "pages", "events", "marketplace", "search", "home", "explore", "features",
     "pricing", "topics", "trending", "notifications", "messages", "i", "share", "business",
     "developers", "sponsors", "orgs", "enterprise", "login.php", "reel", "user", "users",
     "settings", "apps", "new", "organizations", "codespaces", "copilot", "security")
)  # fmt: skip


def _profiles(text: str, lower: str) -> Iterator[Span]:
    if not any(site in lower for site in ("linkedin.com/in/", "xing.com/profile/",
                                          "facebook.com/", "instagram.com/", "vk.com/", "x.com/",
                                          "twitter.com/", "tiktok.com/", "github.com/",
                                          "threads.net/")):  # fmt: skip
        return
    for match in _PROFILE.finditer(text):
        if match["name"] and match["name"].lstrip("@").lower() in _SITE_PAGES:
            continue
        yield *match.span(), "PROFILE"


# A person's own IP address: a public one, on a line that says it is theirs.
_IPV4 = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?:/\d{1,2})?(?![\w.])")
_IPV6 = re.compile(r"(?<![\w:])(?:[0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}(?![\w:])")
_MINE = re.compile(
    r"(?i)\b(?:my|mine|home|our|meine?|zuhause|zu hause|mon|ma|chez moi|mi|mis|casa|mijn|"
    r"thuis|meu|minha|moja|moje|mój|domow\w*|mio|mia)\b|私の|自宅"
)


# Where a request names the client: proxy headers, and the first field of an access log line.
_CLIENT = re.compile(
    r"(?i)(?:x-forwarded-for|x-real-ip|cf-connecting-ip|true-client-ip|forwarded:\s*for=|"
    r"client_?ip|remote_?addr|\w*_ip|ip_?address)[\"']?\s*[:=]?\s*[\"']?$"
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
            line_start = text.rfind("\n", 0, match.start()) + 1
            before = text[line_start : match.start()]
            log_line = not before and re.match(r" - \S+ \[", text[match.end() :])
            if (
                _MINE.search(_line_around(text, *match.span(), before=80))
                or (before and _CLIENT.search(before))
                or log_line
            ):
                yield *match.span(), "IP"


# MAC addresses of someone's device: colons, dashes or Cisco's dotted form.
_MAC = re.compile(
    r"(?<![\w:.-])(?:[0-9A-Fa-f]{2}([:-])(?:[0-9A-Fa-f]{2}\1){4}[0-9A-Fa-f]{2}"
    r"|[0-9a-fA-F]{4}\.[0-9a-fA-F]{4}\.[0-9a-fA-F]{4})(?![\w-]|[.:]\w)"
)


_DEVICE = re.compile(
    r"(?i)laptop|phone|téléphone|telefon|handy|móvil|celular|printer|drucker|imprimante|"
    r"tablet|console|\btv\b|router|hardware ethernet|macbook|iphone|android|playstation|xbox|"
    r"nintendo|switch|physical address|getmac|smart ?watch|kindle|camera|kamera|"
    r"direcci[óo]n f[íi]sica|adresse physique|indirizzo fisico|physische adresse|_mac\b"
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
    r"immatricul\w*|plaque|matr[íi]cula|targa|kenteken|placa|rejestracyjn\w*|registreringsnummer|"
    r"plaka\w*|번호판|vehicle|vrm)"
    r"[\s:.,()\"']*(?:\w+\s+){0,1}?"
    r"(?P<value>(?-i:(?=[A-Z0-9 \-]*\d)(?=[A-Z0-9 \-]*[A-Z])"
    r"[A-Z0-9]{1,4}(?:[ \-][A-Z0-9]{1,4}){1,3}|(?=[A-Z]*\d)(?=\d*[A-Z])[A-Z0-9]{5,8}))"
    r"(?![\w\-])"
)


def _plates(text: str, lower: str) -> Iterator[Span]:
    if not any(w in lower for w in ("kennzeichen", "plate", "reg", "immatric", "plaque",
                                    "matr", "targa", "kenteken", "placa", "rejestr", "plaka",
                                    "번호판", "vehicle", "vrm")):  # fmt: skip
        return
    for match in _PLATE.finditer(text):
        if len(re.sub(r"\W", "", match["value"])) >= 5:
            yield *match.span("value"), "PLATE"


# Bank accounts without an IBAN: a UK sort code, and the account number named as such.
_SORT_CODE = re.compile(
    r"(?i)(?:sort[ -]?code\D{0,40}?(?P<value>\d{2}[- ]?\d{2}[- ]?\d{2})(?:\s*[/,]\s*"
    r"(?P<pair>\d{8}))?"
    r"|\bbsb\D{0,8}(?P<bsb>\d{3}[- ]?\d{3}))(?!\d)"
)
_ACCOUNT = re.compile(
    r"(?i)(?:account (?:number|no\.?)|(?:checking|savings|chequing|current) account|"
    r"\baccount(?=[:#]?\s+\d)|acct(?: no\.?)?|\bacc\b\.?|a/c(?: no\.?)?|kontonummer|"
    r"numer konta|rekeningnummer|clabe|\bconta\b(?: corrente| poupan[çc]a)?|普通(?:預金)?|当座|"
    r"num[ée]ro de compte|n[úu]mero de cuenta|numero di conto|n[úu]mero da conta)"
    r"\D{0,40}?(?P<value>\d(?:[ \-]?\d){5,29})(?![\d])"
)


_ROUTING = re.compile(
    r"(?i)\b(?:routing|aba|rtn)(?: number| no\.?)?\D{0,12}?(?P<value>\d{9})(?!\d)"
)


def _accounts(text: str, lower: str) -> Iterator[Span]:
    if "routing" in lower or "aba" in lower or "rtn" in lower:
        from stdnum.us import rtn

        for match in _ROUTING.finditer(text):
            if rtn.is_valid(match["value"]):
                yield *match.span("value"), "ACCOUNT"
    if "sort" in lower or "bsb" in lower:
        for match in _SORT_CODE.finditer(text):
            group = "value" if match["value"] else "bsb"
            if not specimen(match[group]):
                yield *match.span(group), "ACCOUNT"
            if match["pair"] and not specimen(match["pair"]):
                yield *match.span("pair"), "ACCOUNT"
    if not any(w in lower for w in ("account", "acct", "acc", "a/c", "kont", "rekening",
                                    "compte", "cuenta", "conto", "conta", "clabe", "普通",
                                    "当座")):  # fmt: skip
        return
    for match in _ACCOUNT.finditer(text):
        if not specimen(match["value"]):
            yield *match.span("value"), "ACCOUNT"


def identifier_finders() -> list[Finder]:
    """Every finder of personal identifiers, most specific first."""
    return [
        *table_finders(),
        *document_finders(),
        _birth_dates,
        _accounts,
        _own_ips,
        _macs,
        _plates,
        _profiles,
        _addresses,
    ]
