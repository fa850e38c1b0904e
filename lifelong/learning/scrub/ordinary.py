"""Ordinary numbers a turn about running a shop is full of, which the learned second opinion
(:mod:`lifelong.learning.scrub.learned`) is never asked about: opening hours ("09:00-21:00"),
dates written with CJK units ("2月8日至2月14日"), error codes ("Fehler 0x1001"), product
barcodes and ISBNs whose check digit holds beside a word for them, a device's model number
after its brand ("Epson TM-m30III"), version and build numbers ("ビルド 4471"), and the two
ends of a range of document numbers ("000.001.245 até 000.001.310").

Each is judged by the value's shape together with what stands right around it, so that the
same shape elsewhere (a number after "PIN", a date of birth) is still the model's to judge.
"""

from __future__ import annotations

import re

from lifelong.learning.scrub.rules import Folded, stdnum

__all__ = ["ordinary"]

# A time of day (09:00, 9.30, 9h, 18h30, 9am, 21:00:00, 9時30分) and times joined as a range.
_TIME = (
    r"(?:[01]?\d|2[0-3])(?:[:.h時][0-5]\d(?:[:.][0-5]\d)?(?:分)?|h|時)?"
    r"(?:\s?(?:[ap]\.?m\.?|uhr|hs?|godz\.?|ч))?"
)
_TIMES = re.compile(
    rf"(?i){_TIME}(?:\s*(?:-|–|—|~|〜|～|/|to|bis|a|à|au|al|do|até|ile|до)\s*{_TIME})*"
)
# The units a CJK date or time is written with: every number in "2月8日至2月14日" is one.
# ("号" is left out: it is also a house's number in an address.)
_CJK_DATE_UNIT = frozenset("年月日時时分秒点點")
_DIGIT_RUN = re.compile(r"\d+")
_CLOCK = re.compile(r"(?<!\d)(?:[01]?\d|2[0-3])[:：][0-5]\d(?:[:：][0-5]\d)?(?!\d)")
# An error's code: a short hexadecimal number ("0x80070005"), or a code after the word for
# an error in the languages people report them in ("Fehler 4012", "エラーコード E201").
_HEX = re.compile(r"0x[0-9a-f]{1,8}", re.IGNORECASE)
_ERROR_BEFORE = Folded(
    r"(?:(?<![a-z])(?:error|err|fehler\w*|erreur|errore|fout\w*|b[łl][ąa]d\w*|hata\w*|"
    r"chyba|hiba\w*|virhe\w*|fel|feil|ошибк\w*|помилк\w*|lỗi|kesalahan|galat|stop|"
    r"c[óo]digo de error|code d'erreur|codice (?:di )?errore|c[óo]digo de erro)|"
    r"エラー|错误|錯誤|오류|에러|خطأ|שגיאה|त्रुटि)"
    r"(?:\s*(?:code|kode|c[óo]digo|codice|kod|код|コード|代码|代碼|코드|番号|no\.?|nr\.?|"
    r"number|nummer|num[ée]ro|n[úu]mero))?[\s:：#(（'\"=-]{0,3}$"
)
# A barcode's or a book's number is named nearby, in the languages shops are run in.
_BARCODE_NEAR = Folded(
    r"(?<![a-z])(?:ean|upc|gtin|jan|sku|barcode|bar code|code[- ]barres?|c[óo]digo de barras|"
    r"codice a barre|strichcode|barcode|streepjescode|kod kreskowy|barkod|čárov\w* kód|"
    r"штрих-?код\w*|product\w*|produkt\w*|produit\w*|producto\w*|produto\w*|prodotto\w*|"
    r"artikel\w*|article\w*|art[íi]culo\w*|artigo\w*|articolo\w*|item|ürün\w*|товар\w*|"
    r"sản phẩm|produk)(?![a-z])|バーコード|janコード|商品|条码|條碼|条形码|바코드|상품|제품"
)
_ISBN_NEAR = Folded(
    r"(?<![a-z])(?:isbn|book|buch|livre|libro|livro|książk\w*|kitap|книг\w*)(?![a-z])|本|书|書|책"
)
_BARCODE_LENGTHS = frozenset({8, 12, 13, 14})
# A device's maker, as written before its model ("Epson TM-m30III", "Star TSP143IV",
# "Brother QL-820NWB", "HP LaserJet Pro M404dn": up to two series words between).
_BRAND_BEFORE = re.compile(
    r"(?<![\w-])(?:Epson|EPSON|Star(?: Micronics)?|Brother|Zebra|Canon|HP|Samsung|Apple|"
    r"Sunmi|SUNMI|Ingenico|Verifone|PAX|SumUp|Zettle|Bixolon|Citizen|Dymo|DYMO|Rollo|Munbyn|"
    r"Xprinter|Lenovo|Dell|Asus|ASUS|Acer|Xiaomi|Huawei|Sony|LG|Panasonic|Lexmark|Kyocera|"
    r"Ricoh|Xerox|Honeywell|Datalogic|Netgear|TP-Link|AVM|FRITZ!Box|Fritz!Box|Synology|QNAP|"
    r"Ubiquiti|Cisco|Logitech|Nikon|Fujifilm|Fujitsu|Toshiba|Sharp|Casio|CASIO|Olivetti|"
    r"Posiflex|Elo|Clover|Worldline|Nexgo|Castles|Newland|Hikvision|Dahua|Philips|Garmin|"
    r"Motorola|Nokia|OnePlus|Oppo|OPPO|Realme|Intel|AMD|Nvidia|NVIDIA|GoPro|DJI|Anker|Belkin|"
    r"Seagate|Kingston|SanDisk|Crucial|Zyxel|Teltonika|Brady|TSC|Godex|Sato|SATO)"
    r"(?:\s+[A-Z][\w!+-]*){0,2}\s+$"
)
_MODEL = re.compile(r"[A-Za-z0-9][A-Za-z0-9+/.-]{1,15}")
# A version or build number after its word ("version 3.12.0", "Build 4471", "ビルド 4471",
# "iPadOS 17.5.1", "firmware v2.4.11").
_VERSION_BEFORE = Folded(
    r"(?:(?<![a-z])(?:version|versions?nummer|ver\.?|versi[óo]n|vers[ãa]o|versione|versie|"
    r"versio|wersj\w*|sürüm\w*|s[üu]r[üu]m|верси\w*|build|release|firmware|fw|patch|"
    r"ios|ipados|android|macos|windows|update (?:to|auf|naar|vers|a|para)|"
    r"aktualisierung auf)|バージョン|ビルド|版本|버전|빌드)[\s:：#（(]{0,3}v?$"
)
_VERSION = re.compile(r"v?\d+(?:[._-]\d+){0,3}(?:[.+-]?[A-Za-z]+\d*)?", re.IGNORECASE)
# Two values of one shape joined as a range ("000.001.245 até 000.001.310", "RE-1001 bis
# RE-1050"): a run of documents, numbered, not anybody's number.
_RANGE_WORD = (
    r"(?:\s*[-–—~〜～]\s*|\s+(?:to|through|thru|till|until|bis|à|au|a|al|hasta|até|ate|tot|t/m|"
    r"do|až|ile|до|по)\s+|\s*(?:至|到|から|부터)\s*)"
)
_RANGE_AFTER = re.compile(rf"(?i){_RANGE_WORD}(?P<other>[^\s,;]+)")
_RANGE_BEFORE = re.compile(rf"(?i)(?P<other>[^\s,;]+){_RANGE_WORD}$")


def ordinary(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is one of this module's ordinary numbers where it stands."""
    value = text[start:end]
    return (
        _times(value)
        or _cjk_date(value)
        or _error_code(text, start, value)
        or _barcode(text, start, end, value)
        or _model_number(text, start, value)
        or _version(text, start, value)
        or _numbered_range(text, start, end, value)
        or _public_code(text, start, value)
        or _result(text, start, value)
        or _game_record(text, start, value)
        or _chess_position(value)
    )


# A public code named right before it: a drug's (NDC, ATC, a Chinese approval number
# "国药准字H20238448"), a test's (LOINC), a concept's (SNOMED CT, ICD), a chemical's (CAS), a
# paper's (DOI, PMID), a trial's (NCT): the same for everyone, nobody's record.
_PUBLIC_CODE_BEFORE = Folded(
    r"(?:(?<![a-z])(?:ndc|atc|loinc|snomed(?: ct)?|sctid|icd-?(?:9|10|11)(?:-cm)?|"
    r"cas(?: rn| no\.?)?|doi|pmid|nct|cpt|hcpcs|pzn|cip|rxcui|rxnorm)[\s:：#]{0,3}|"
    r"国药准字|國藥准字)$"
)


# (Chinese writes the name glued to the code: one token)
_PUBLIC_CODE_GLUED = re.compile(r"(?:国药准字|國藥准字|国械注准|國械注准)[A-Z]?\d{8,}")


def _public_code(text: str, start: int, value: str) -> bool:
    if _PUBLIC_CODE_GLUED.fullmatch(value):
        return True
    return _PUBLIC_CODE_BEFORE.search(text, text.lower(), max(0, start - 14), start) is not None


# A calculation's result: digits alone right after "=" ("17! = 355687428096000").
_EQUALS_BEFORE = re.compile(r"[\d!)\]²³]\s*=\s*$")


def _result(text: str, start: int, value: str) -> bool:
    return value.isdigit() and _EQUALS_BEFORE.search(text, max(0, start - 6), start) is not None


# A played game's public record: a match's, a replay's or a lobby's number after its word
# ("Dota 2 match 7655195370", "replay ID 3312", "Match-ID: 88120"), shown on public stat
# sites to anyone; a "game PIN" is not one of them (it joins a game: kept for the model).
_GAME_RECORD_BEFORE = Folded(
    r"(?<![a-z])(?:match|replay|lobby|partida|partie|spiel|match-?history)"
    r"(?:[ -]?(?:id|no\.?|nr\.?|number|nummer|#))?[\s:：#]{0,3}$"
)


def _game_record(text: str, start: int, value: str) -> bool:
    if not (value.isdigit() and 5 <= len(value) <= 20):
        return False
    return _GAME_RECORD_BEFORE.search(text, text.lower(), max(0, start - 20), start) is not None


# A chess position in Forsyth-Edwards notation: eight ranks of pieces and empty squares
# ("r1bqkb1r/pppp1ppp/2n2n2/..."), each of eight squares: a puzzle, not a key.
_FEN_RANK = re.compile(r"[pnbrqkPNBRQK1-8]{1,8}")


def _chess_position(value: str) -> bool:
    ranks = value.split("/")
    return len(ranks) == 8 and all(
        _FEN_RANK.fullmatch(rank) and sum(int(c) if c.isdigit() else 1 for c in rank) == 8
        for rank in ranks
    )


def _times(value: str) -> bool:
    return any(c.isdigit() for c in value) and _TIMES.fullmatch(value) is not None


def _cjk_date(value: str) -> bool:
    """Dates and times in CJK writing ("6月4日20:00から6月11日1:59まで"): every number is a
    clock's time or stands before a unit of a date."""
    if not any(c in _CJK_DATE_UNIT for c in value):
        return False
    rest = _CLOCK.sub("", value)
    return all(rest[m.end() : m.end() + 1] in _CJK_DATE_UNIT for m in _DIGIT_RUN.finditer(rest))


def _error_code(text: str, start: int, value: str) -> bool:
    if _HEX.fullmatch(value):
        return True
    if len(value) > 14:
        return False  # a code is short: a long value after "error" may be a key quoted in it
    before = text[max(0, start - 40) : start]
    return _ERROR_BEFORE.search(before, before.lower()) is not None


def _near(pattern: Folded, text: str, start: int, end: int) -> bool:
    """Whether ``pattern`` occurs around the value (its line and the line before), or in
    the turn's first line where the value is in a pasted table under it (the header)."""
    window = text[max(0, start - 120) : end + 60]
    header = text[: text.find("\n")] if "\n" in text[:start] else ""
    return any(pattern.search(part, part.lower()) for part in (window, header) if part)


def _barcode(text: str, start: int, end: int, value: str) -> bool:
    """A GS1 number (EAN-8, UPC-A, EAN-13, GTIN-14) or an ISBN whose check digit holds, with
    a word for a barcode, a product or a book near it."""
    compact = re.sub(r"[\s-]", "", value)
    gs1 = compact.isdigit() and len(compact) in _BARCODE_LENGTHS
    if gs1 and stdnum("ean").is_valid(compact) and _near(_BARCODE_NEAR, text, start, end):
        return True
    if re.fullmatch(r"\d{9}[\dXx]|\d{13}", compact) and stdnum("isbn").is_valid(compact):
        return _near(_ISBN_NEAR, text, start, end)
    return False


def _model_number(text: str, start: int, value: str) -> bool:
    if not _MODEL.fullmatch(value):
        return False
    return _BRAND_BEFORE.search(text, max(0, start - 60), start) is not None


def _version(text: str, start: int, value: str) -> bool:
    if len(value) > 24 or not _VERSION.fullmatch(value):
        return False
    before = text[max(0, start - 30) : start]
    return _VERSION_BEFORE.search(before, before.lower()) is not None


def _run_of(first: str, last: str) -> bool:
    """Whether ``first`` and ``last`` open and close one run of numbered documents: the same
    shape (digits where the other has digits, the same letters and signs), the numbers going
    up, and their leading half alike (two accounts "from 30418822 to 71200934" are not)."""
    last = last.strip(".,;:!?)（）")
    if len(last) != len(first) or any(
        a.isdigit() != b.isdigit() or (not a.isdigit() and a != b)
        for a, b in zip(first, last, strict=True)
    ):
        return False
    low = "".join(c for c in first if c.isdigit())
    high = "".join(c for c in last if c.isdigit())
    half = len(low) // 2
    return int(high) > int(low) and low[:half] == high[:half]


def _numbered_range(text: str, start: int, end: int, value: str) -> bool:
    if not any(c.isdigit() for c in value):
        return False
    after = _RANGE_AFTER.match(text, end)
    if after is not None and _run_of(value, after["other"]):
        return True
    before = _RANGE_BEFORE.search(text, max(0, start - 40), start)
    return before is not None and _run_of(before["other"], value)
