"""The codes that open things: a door's, a gate's, an intercom's, a key box's, an alarm's, a
safe's, a garage keypad's, and a card's PIN said in lower case as speech-to-text writes it
("die pin für die neue karte ist 2745"), and the security code on a card's back. Guests,
cleaners and family are sent them in every language ("le digicode c'est 38B14", "kod do
domofonu to 4434", "门锁密码是...", "玄関のキーボックスは 9027 だよ"); said as words, they are
read as digits first (:mod:`~lifelong.learning.scrub.dictated`).

A value is four to eight digits (a letter, "#" or "*" may be among them) after the word for a
code and the thing it opens, or after a thing that opens only with one (a keypad, a key box,
a digicode), within a few words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lifelong.learning.scrub.documents import specimen
from lifelong.learning.scrub.rules import Finder, Folded, Span

__all__ = ["code_finders"]

# What a code opens, in the languages people chat in.
_OPENS = (
    r"door|front door|gate|garage|alarm|safe|intercom|buzzer|building|entry|entrance|padlock|"
    r"lock|porte|portail|alarme|coffre|interphone|immeuble|t[üu]r|haust[üu]r|tor|alarmanlage|"
    r"tresor|schloss|puerta|port[óo]n|portal|alarma|caja fuerte|candado|edificio|cancello|"
    r"porta|portone|allarme|cassaforte|lucchetto|citofono|port[ãa]o|cofre|fechadura|pr[ée]dio|"
    r"deur|poort|kluis|drzwi|bram\w*|domofon\w*|sejf\w*|alarm\w*|k[łl][óo]dk\w*|klatk\w*|"
    # (a door of a compound: "Haupttür", "Wohnungstür"; Romanian, Hungarian, Greek, Turkish)
    r"[a-zäöüß]+tür\w*|interfon\w*|u[șş][aăi]\w*|poart\w*|seif\w*|kapu\w*|riaszt\w*|"
    r"θυροτηλ\w*|diafon\w*|εξώπορτ\w*|"
    # the Nordic doors, gates and yards ("koden til gården", "porttikoodi", "grinden")
    r"g[åa]rd(?:en)?|d[øö]r(?:en)?|porten|grind(?:en)?|opgang(?:en)?|oppgang(?:en)?|"
    r"ovi|portti|rappu\w*|"
    # cabinets and lockers ("BtM-Schrank", "Medikamentenschrank")
    r"[a-zäöü]*schrank|[a-zäöü]*spind|[a-zäöü]*schlie(?:ß|ss)fach|cabinet|locker|armoire|"
    r"casier|taquilla|armadio|[a-z]*kast|szafk\w*|dolap\w*|шкаф\w*|"
    # a ward's and a school's store rooms ("el código del almacén de farmacia")
    r"almac[ée]n|store ?room|stock ?room|supply room|med(?:ication)? room|magazijn|"
    r"magazzino|r[ée]serve|lagerraum|sala de medicaci[óo]n|לדלת|"
    r"kap[ıi](?:s[ıi]\w*|n[ıi]n\w*|y[ıi])?|kasa|kilit|dve[řr]\w*|trezor\w*|ajt[óo]|card|karte|"
    r"tarjeta|carte|cart[ãa]o|"
    r"kaart|karta|kart[ıi]?|m-?pesa|двер\w*|домофон\w*|сигнализаци\w*|сейф\w*|калитк\w*|"
    r"ворот\w*|подъезд\w*|карт\w*|συναγερμ\w*|πόρτα\w*|χρηματοκιβ\w*|κάρτα\w*|אזעקה|האזעקה|"
    r"דלת|הדלת|כספת|הכספת|שער|לשער|השער|门|門|保险箱|保险柜|金庫|玄関|オートロック|현관|금고|"
    r"cửa|két sắt|"
    r"báo động|thẻ|pintu|brankas|gerbang|kartu|ประตู|ตู้เซฟ|บัตร|باب|الباب|خزنة|الخزنة|إنذار|"
    r"بطاقة|در|گاوصندوق|دزدگیر|کارت\w*|mlango|kengele|dirisha"
)
# Things that open only with a code: their name alone says what the digits after it are.
_CODED = (
    r"keypad|key ?box|lock ?box|key ?safe|digicode|schl[üu]sselkasten|schl[üu]sselbox|"
    r"schl[üu]sselsafe|schl[üu]sseltresor|zahlenschloss|sleutelkastje|sleutelkluis(?:je)?|"
    r"bo[îi]te [àa] cl[ée]s?|"
    r"cadenas [àa] code|caja de llaves|cassetta (?:di sicurezza|delle chiavi)|"
    r"cofre de chaves|sejf na klucze|skrytk\w* (?:na|z) klucz\w*|anahtar kutusu|ключниц\w*|"
    r"キーボックス|暗証番号|도어락|비밀번호|密码锁|门锁密码|門鎖密碼|namba ya siri|"
    r"nambari ya siri|รหัสประตู|mã cửa|kode pintu|(?:unlock|phone|sim|atm|bank|card) pin|"
    r"pin (?:code|number)|"
    # Nordic compounds of a door's or a gate's code ("Portkod", "dørkode", "Ovikoodi")
    r"(?:port|d[øö]r+|ovi|portti|rappu|gate|trappe|trapp|oppgang|hus)(?:kod|kode|koodi)\w*|"
    r"n[øo]kkelboks\w*|nyckel(?:box|sk[åa]p)\w*|avain(?:boksi|s[äa]il[öo]|kaappi)\w*|"
    r"n[øo]glebox\w*|"
    # German compounds that say the code opens something ("Zugangscode", "Entschärfcode")
    r"(?:zugangs|zutritts|t[üu]r|tor|haust[üu]r|alarm|entsch[äa]rf|scharfschalt|tresor|"
    r"schlie(?:ß|ss)|garagen|öffnungs)(?:code|kode|nummer)"
)
# The words for a code.
_CODE = (
    r"codes?|combo|combination|passcode|c[óo]digo|codice|k[oó]d\w*|şifre\w*|sifre\w*|"
    r"cod(?:ul|ului|uri|urile)?|"
    r"код\w*|κωδικ\w*|קוד|הקוד|密码|密碼|暗証|番号|코드|번호|mã|kode|sandi|รหัส|رمز|کد|"
    r"namba|nambari|(?<![a-z])pin(?![a-z])|(?<![a-z])clave|"
    # "the safe opens with 4821": the verb names the digits a code
    r"opens? with|gaat open met|opent met|öffnet (?:sich )?mit|s'ouvre avec|se abre con|"
    r"si apre con|abre com|otwiera si[ęe] (?:kodem)?|açılır"
)
# A code of something else: an error's, a postcode, a product's.
_NOT_A_DOOR = re.compile(
    r"(?i)(?:error|fehler|erreur|status|postal|zip|post|area|promo|coupon|discount|tracking|"
    r"product|item|article|qr|bar|source|country|exit|http|postleitzahl|rabatt|gutschein|"
    r"cup[óo]n|descuento)\W{0,3}(?:code|c[óo]digo|codice|kod|код)"
)
# (a word of a script written without spaces stands glued to the next: "玄関のキーボックスは")
_LETTER = r"a-zà-ž\u0370-\u03ff\u0400-\u04ff"
_WORDS = Folded(rf"(?<![{_LETTER}])(?:(?P<coded>{_CODED})|{_OPENS}|{_CODE})(?![{_LETTER}])")
_CODE_WORDS = Folded(rf"(?:{_CODE})")
_OPENS_WORDS = Folded(rf"(?:{_OPENS})")
_VALUE = re.compile(
    # (Hebrew glues its "to" on with a hyphen: "ל-3611#59")
    r"(?:(?<![0-9A-Za-z_.,/:+#-])|(?<=[\u05d0-\u05ea]-))"
    # (a star first, as some key safes want it: "*933083")
    r"(?P<value>\*?(?=[0-9A-Za-z]{0,7}\d[0-9A-Za-z#*]{0,7}\d)"
    # (a letter first, "C37288"; a star between, "569*678", as keypads take them)
    # (or two groups of three, as a key safe's wheels read: "168 023")
    r"(?:\d{4,8}|\d{3} \d{3}(?! ?\d)|(?=\d*[A-Za-z]\d*(?![A-Za-z]))\d[0-9A-Za-z]{3,7}|"
    r"[A-Z]\d{4,7}|[A-Z]\d{3,6}[A-Z]|\d{3,4}[*#]\d{2,4})"
    r"[#*]?)(?![\w/:-]|[.,]\d)"
)
_YEAR = re.compile(r"(?:19|20)\d\d")
_STEMS = ("code", "codi", "códi", "kod", "kód", "şifre", "sifre", "код", "κωδικ", "קוד", "密码",
          "密碼", "暗証", "番号", "코드", "번호", "mã", "kode", "sandi", "รหัส", "رمز", "کد",
          "namba", "pin", "combo", "combination", "keypad", "box", "キーボックス", "도어락",
          "clave", "비밀번호", "sleutel", "schlüssel", "ключниц", "cadenas", "caja de llaves",
          "cassetta", "skrytk", "kutusu", "open", "öffnet", "ouvre", "abre", "apre",
          "otwiera", "açılır", "cod", "safe", "tresor", "koodi", "boks", "nyckel", "avain",
          "שער")  # fmt: skip


def _door_codes(text: str, lower: str) -> Iterator[Span]:
    if not any(stem in lower for stem in _STEMS):
        return
    for match in _VALUE.finditer(text):
        value = match["value"]
        digits = "".join(c for c in value if c.isdigit())
        if _YEAR.fullmatch(value) or len(set(digits)) == 1 or digits in "0123456789":
            continue
        start = max(0, match.start() - 70)
        window = text[start : match.start()]
        if "\n" in window:  # a line of its own: the words are on the line before it
            cut = window.rfind("\n", 0, len(window) - 1)
            start += cut + 1 if cut != -1 else 0
        if _NOT_A_DOOR.search(text, start, match.start()):
            continue
        coded = opens = code = False
        for word in _WORDS.finditer(text, lower, start, match.start()):
            coded |= word["coded"] is not None
            code |= _CODE_WORDS.fullmatch(word[0])
            opens |= _OPENS_WORDS.fullmatch(word[0])
        if coded or (code and opens):
            yield *match.span("value"), "PASSWORD"


# A card's security code: three or four digits after its name ("CVV 921", "the code on the
# back is 638", "CID 2386").
_SECURITY_CODE = re.compile(
    r"(?i)(?:\bcvv2?|\bcvc2?|\bcid\b|\bcsc\b|security code|code on the back|c[óo]digo de "
    r"seguridad|kartenprüfnummer|cryptogramme)\W{0,3}(?:(?:is|es|ist|est|:)\s*)?"
    r"(?P<value>\d{3,4})(?!\d)"
)


def _security_codes(text: str, lower: str) -> Iterator[Span]:
    if not any(w in lower for w in ("cv", "cid", "csc", "security code", "code on the back",
                                    "seguridad", "kartenprüf", "cryptogramme")):  # fmt: skip
        return
    for match in _SECURITY_CODE.finditer(text):
        if not specimen(match["value"]):
            yield *match.span("value"), "PASSWORD"


# A HomeKit accessory's setup code, printed on it: eight digits as 123-45-678.
_SETUP_CODE = re.compile(
    r"(?i)(?:homekit|setup code|pairing code|matter)\D{0,60}?(?<!\d)(?P<value>\d{3}-\d{2}-\d{3}|"
    r"\d{4}-\d{3}-\d{4})(?![\d-])"
)


def _setup_codes(text: str, lower: str) -> Iterator[Span]:
    if any(w in lower for w in ("homekit", "setup code", "pairing code", "matter")):
        for match in _SETUP_CODE.finditer(text):
            yield *match.span("value"), "PASSWORD"


def code_finders() -> list[Finder]:
    """Every finder of this module."""
    return [_door_codes, _security_codes, _setup_codes]
