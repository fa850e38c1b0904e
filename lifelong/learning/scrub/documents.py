"""The scrubber's finders of the numbers on a person's documents: national id numbers
(checked with python-stdnum where it has the country), passport, driving licence and health
insurance numbers. See :mod:`lifelong.learning.scrub.scrubber` for what is found and why.

Numbers with a strong check (a Spanish DNI's letter, a codice fiscale's, a UK National
Insurance number's letter rules, the dashes of a US SSN) are found anywhere; numbers that any
digit run of their length passes often (a Dutch BSN's 11-test: one in eleven) only after the
words that name them, in the languages people write them in, or as a field of that name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from lifelong.learning.scrub.rules import Finder, Folded, Span, stdnum

__all__ = ["document_finders", "specimen"]


def _validator(module: str, compact: bool = True) -> Callable[[str], bool]:
    """``stdnum.<module>.is_valid`` on the value without its dots, dashes and spaces (as
    written, without ``compact``: a Finnish id's "-" or "A" says its century); the module
    imported on first use, once."""

    def valid(value: str) -> bool:
        return bool(stdnum(module).is_valid(re.sub(r"[\s.\-/]", "", value) if compact else value))

    return valid


def specimen(value: str) -> bool:
    """123-45-6789, 12-34-56, 000000000: what forms and documentation print, nobody's."""
    digits = "".join(c for c in value if c.isdigit())
    return len(set(digits)) <= 2 or digits in "0123456789" or digits in "9876543210"


# (what names it, the shape of the value, its check, whether the name must come before it)
_Named = tuple[str, str, Callable[[str], bool], bool]

_GROUPED_DIGITS = r"\d(?:[ .\-]?\d){%d}"


def _snils_ok(value: str) -> bool:
    """A Russian SNILS's two check digits."""
    digits = [int(c) for c in value if c.isdigit()]
    total = sum(d * (9 - i) for i, d in enumerate(digits[:9]))
    check = total if total < 100 else 0 if total in (100, 101) else total % 101 % 100
    return check == digits[9] * 10 + digits[10]


def _sg_nric_ok(value: str) -> bool:
    """Singapore's NRIC / FIN check letter."""
    weights = (2, 7, 6, 5, 4, 3, 2)
    total = sum(int(d) * w for d, w in zip(value[1:8], weights, strict=True))
    total += {"T": 4, "G": 4, "M": 3}.get(value[0], 0)
    letters = {"S": "JZIHGFEDCBA", "T": "JZIHGFEDCBA", "F": "XWUTRQPNMLK", "G": "XWUTRQPNMLK",
               "M": "KLJNPQRTUWX"}[value[0]]  # fmt: skip
    return letters[total % 11] == value[8]


def _au_medicare_ok(value: str) -> bool:
    """An Australian Medicare card number's check digit (the 9th of its 10 or 11)."""
    digits = [int(c) for c in value if c.isdigit()]
    if len(digits) < 10 or digits[0] not in (2, 3, 4, 5, 6):
        return False
    weights = (1, 3, 7, 9, 1, 3, 7, 9)
    return sum(d * w for d, w in zip(digits, weights, strict=False)) % 10 == digits[8]


def _tw_id_ok(value: str) -> bool:
    """A Taiwanese national id's check digit (its letter counts as two digits)."""
    code = "ABCDEFGHJKLMNPQRSTUVXYWZIO".index(value[0]) + 10
    digits = [code // 10, code % 10, *(int(c) for c in value[1:])]
    weights = (1, 9, 8, 7, 6, 5, 4, 3, 2, 1, 1)
    return sum(d * w for d, w in zip(digits, weights, strict=True)) % 10 == 0


def _weighted_ok(weights: tuple[int, ...], modulus: int, first: str = "") -> Callable[[str], bool]:
    """A check digit that is the weighted sum of the digits before it (mod ``modulus``, then
    mod 10), as Hungary's tax id and TAJ and Ukraine's RNOKPP have it; ``first``: the digits
    the number may start with."""

    def valid(value: str) -> bool:
        digits = [int(c) for c in value if c.isdigit()]
        if len(digits) != len(weights) + 1 or (first and str(digits[0]) not in first):
            return False
        total = sum(d * w for d, w in zip(digits, weights, strict=False))
        return total % modulus % 10 == digits[-1]

    return valid


def _vin_ok(value: str) -> bool:
    """A vehicle identification number: 17 characters without I, O, Q, letters and digits
    both, and its last six a serial of digits in every maker's scheme but the smallest."""
    return (
        sum(c.isdigit() for c in value) >= 5
        and sum(c.isalpha() for c in value) >= 2
        and value[-4:].isdigit()
    )


def _nino_ok(value: str) -> bool:
    compact = re.sub(r"\s", "", value).upper()
    return compact[:2] not in {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}


_IDS: list[_Named] = [
    # US Social Security number: 123-45-6789 anywhere, nine digits after its name.
    (r"ssn|social security(?: number| no\.?)?|tax_?id|\btin\b|taxpayer id", _GROUPED_DIGITS % 8,
     _validator("us.ssn"), True),
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
    # ... and whole (its sex, birth year and month, and the key of mod 97: strong enough)
    ("", r"[12]\d{2}(?:0[1-9]|1[0-2])\d{8}\d{2}", _validator("fr.nir"), False),
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
    # Turkish TC Kimlik number.
    (r"t\.?\s?c\.?\s*kimlik|tckn|kimlik|t\.\s?c\.|\btc\s*no|\btc'(?:si|sı|m|ni|nin)", r"\d{11}",
     _validator("tr.tckimlik"), True),
    # Danish CPR, Norwegian fødselsnummer, Finnish henkilötunnus (its check character:
    # anywhere), Czech and Slovak rodné číslo (with its slash: anywhere).
    (r"cpr|personnummer", r"\d{6}-?\d{4}", _validator("dk.cpr"), True),
    (r"f[øo]dselsnummer|personnummer|fnr", r"\d{6} ?\d{5}", _validator("no.fodselsnummer"), True),
    ("", r"\d{6}[-+A]\d{3}[0-9A-Y]", _validator("fi.hetu", compact=False), False),
    ("", r"\d{6}/\d{3,4}", _validator("cz.rc"), False),
    (r"rodn[ée] [čc][íi]slo|rodne_?cislo|r\.\s?[čc]\.", r"\d{9,10}", _validator("cz.rc"), True),
    # Austrian social insurance number, Swiss AHV number (756.xxxx.xxxx.xx: anywhere).
    (r"sozialversicherungsnummer|svnr|sv-nummer|versicherungsnummer", r"\d{4} ?\d{6}",
     _validator("at.vnr"), True),
    ("", r"756\.\d{4}\.\d{4}\.\d{2}", _validator("ch.ssn"), False),
    # German pension insurance number: area, birth date, initial, serial (its shape).
    (r"rentenversicherungsnummer|sozialversicherungsnummer|rvnr|rv-nummer|sv-nr|sv-nummer",
     r"\d{2} ?\d{6} ?[A-Z] ?\d{2,3}", lambda v: True, True),
    # Irish PPS, Romanian CNP, Canadian SIN, Australian TFN, Indian Aadhaar and PAN, Israeli
    # and South African id numbers, Japan's My Number, the UK's NHS number: after their names.
    (r"ppsn?|pps number|personal public service", r"\d{7}[A-W][A-IW]?", _validator("ie.pps"),
     True),
    (r"cnp|cod numeric personal", r"\d{13}", _validator("ro.cnp"), True),
    (r"(?-i:SIN|NAS)|social insurance|assurance sociale", r"\d{3}[ -]?\d{3}[ -]?\d{3}",
     _validator("ca.sin"), True),
    (r"tfn|tax file number", r"\d{3} ?\d{3} ?\d{2,3}", _validator("au.tfn"), True),
    (r"aadhaa?r|uidai|आधार|ஆதார்|আধার|ఆధార్|ಆಧಾರ್|ആധാർ|આધાર|ਆਧਾਰ", r"\d{4} ?\d{4} ?\d{4}",
     _validator("in_.aadhaar"), True),
    (r"pan(?: card| number| no)?|permanent account", r"[A-Z]{5}\d{4}[A-Z]", _validator("in_.pan"),
     True),
    (r"teudat zehut|israeli id|תעודת זהות|תעודת הזהות|ת\.ז|ת\"ז", r"\d{9}", _validator("il.idnr"),
     True),
    # Greek AMKA, Russian INN and SNILS and passport, Mexican RFC.
    (r"αμκα|amka", r"\d{11}", _validator("gr.amka"), True),
    (r"инн|\binn\b", r"\d{12}|\d{10}", _validator("ru.inn"), True),
    (r"снилс|snils", r"\d{3}-?\d{3}-?\d{3}[ -]?\d{2}", _snils_ok, True),
    (r"паспорт", r"\d{2} ?\d{2} ?\d{6}", lambda v: True, True),
    (r"rfc", r"[A-ZÑ&]{4}\d{6}[A-Z0-9]{3}", _validator("mx.rfc"), True),
    # Chilean RUT (its dots and check digit: anywhere), Singapore NRIC / FIN, Hong Kong id,
    # Australian Medicare card.
    ("", r"\d{1,2}\.\d{3}\.\d{3}-[\dkK]", _validator("cl.rut"), False),
    ("", r"[STFGM]\d{7}[A-Z]", _sg_nric_ok, False),
    ("", r"[A-Z]{1,2}\d{6}\([0-9A]\)", lambda v: True, False),
    (r"medicare", r"\d{4} ?\d{5} ?\d(?:[ /-]?\d)?", _au_medicare_ok, True),
    (r"id number|identity number|sa id|south african id", r"\d{13}", _validator("za.idnr"), True),
    (r"マイナンバー|個人番号|my ?number", r"\d{4} ?\d{4} ?\d{4}", _validator("jp.in_"), True),
    (r"nhs(?: no\.?| number)?", r"\d{3} ?\d{3} ?\d{4}", _validator("gb.nhs"), True),
    # Scotland's CHI number: a birth date and the NHS number's mod 11 check
    (r"(?-i:CHI)(?: no\.?| number)?", r"\d{10}", _validator("gb.nhs"), True),
    # Brazilian CPF, Mexican CURP, Chinese resident id, Korean resident registration number,
    # US ITIN: shapes with checks strong enough to find anywhere.
    ("", r"\d{3}\.\d{3}\.\d{3}-\d{2}", _validator("br.cpf"), False),
    (r"cpf", r"\d{11}", _validator("br.cpf"), True),
    ("", r"[A-Z]{4}\d{6}[HM][A-Z]{5}[A-Z0-9]\d", _validator("mx.curp"), False),
    ("", r"\d{17}[\dXx]", _validator("cn.ric"), False),
    ("", r"\d{6}-\d{7}", _validator("kr.rrn"), False),
    ("", r"9\d{2}-[5-9]\d-\d{4}", _validator("us.itin"), False),
    # US Medicare Beneficiary Identifier.
    (r"medicare|mbi|beneficiary identifier",
     r"[1-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]\d-?[AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]\d-?"
     r"[AC-HJKMNP-RT-Y]{2}\d{2}", lambda v: True, True),
    # Indonesian NIK (its birth date and region), Malaysian MyKad (YYMMDD-PB-####: anywhere),
    # Thai citizen id (1-2345-67890-12-3: anywhere), Emirates ID (784-YYYY-NNNNNNN-N: Luhn,
    # anywhere), Saudi national id / iqama (Luhn), Bulgarian EGN, Croatian OIB, UK driving
    # licence (DVLA: surname, birth date and initials in a fixed pattern: anywhere).
    (r"nik|nomor induk kependudukan|ktp", r"\d{16}", _validator("id.nik"), True),
    ("", r"\d{6}-\d{2}-\d{4}", _validator("my.nric"), False),
    (r"mykad|nric|ic (?:no|number)", r"\d{12}", _validator("my.nric"), True),
    ("", r"\d-\d{4}-\d{5}-\d{2}-\d", _validator("th.pin"), False),
    (r"บัตรประชาชน|เลขประจำตัว|thai id", r"\d{13}", _validator("th.pin"), True),
    ("", r"784-\d{4}-\d{7}-\d", _validator("luhn"), False),
    (r"emirates id|eid|هوية|الهوية|هويتي", r"784 ?\d{4} ?\d{7} ?\d", _validator("luhn"), True),
    (r"هوي|الهوية|الإقامة|اقامة|إقامة|iqama|saudi id|national id|السجل المدني", r"[12]\d{9}",
     _validator("luhn"), True),
    (r"егн|egn", r"\d{10}", _validator("bg.egn"), True),
    (r"oib", r"\d{11}", _validator("hr.oib"), True),
    ("", r"[A-Z9]{5}\d[0156]\d[0-3]\d\d[A-Z9]{2}\d[A-Z]{2}", lambda v: True, False),
    # Pakistani CNIC (12345-1234567-1: anywhere), Taiwanese national id (its check digit).
    ("", r"\d{5}-\d{7}-\d", _validator("pk.cnic"), False),
    (r"身分證|身份證|身分证|taiwan(?:ese)? id|居留證", r"[A-Z][12]\d{8}", _tw_id_ok, True),
    # Greek tax number (ΑΦΜ), Hungarian tax id (adóazonosító jel) and social insurance number
    # (TAJ), Argentine CUIT / CUIL, Ukrainian taxpayer number (РНОКПП, formerly ІПН), Kenyan
    # KRA PIN, Indian voter id (EPIC): after their names, with their checks where they have one.
    (r"α\.?φ\.?μ|afm", r"\d{9}", _validator("gr.vat"), True),
    (r"ad[óo]azonos[íi]t[óo]|ad[óo]sz[áa]m", _GROUPED_DIGITS % 9,
     _weighted_ok((1, 2, 3, 4, 5, 6, 7, 8, 9), 11, "8"), True),
    (r"taj|t[áa]rsadalombiztos[íi]t[áa]si", r"\d{3}[ -]?\d{3}[ -]?\d{3}",
     _weighted_ok((3, 7, 3, 7, 3, 7, 3, 7), 10), True),
    (r"cuil|cuit", r"\d{2}-?\d{8}-?\d", _validator("ar.cuit"), True),
    (r"рнокпп|іпн|ипн|ідентифікаційн\w* (?:код|номер)", r"\d{10}",
     _weighted_ok((-1, 5, 7, 9, 4, 6, 10, 5, 7), 11), True),
    (r"kra(?: pin)?", r"[APap]\d{9}[A-Za-z]", lambda v: True, True),
    (r"voter(?: id| card)|epic|मतदाता", r"[A-Z]{3}\d{7}", lambda v: True, True),
]  # fmt: skip

# Numbers that only their name says are personal: driving licences and health insurance
# cards (every country shapes them its own way: letters and digits, six or more, with
# digits among them). A driving licence's own name says enough for one digit among letters
# (a German licence: "B072RRE2I55"); "licence" alone (software's too) asks for four.
_LICENCE_NAMES = (
    r"driv(?:er'?s?|ing)[ -]licen[cs]e(?: number| no\.?| id)?|(?-i:\bDL\b)(?: number| no\.?| #)?|"
    r"\bdl(?: number| no\.?)|dvla|dmv(?: id)?|f[üu]hrerschein(?:nummer|nr\.?)?|"
    r"permis(?: de conduire| de conducere)?|(?:carnet|permiso|licencia) de conduc(?:ir|ción)|"
    r"patente(?: di guida)?|rijbewijs(?:nummer)?|prawo jazdy|carta de condu[çc][ãa]o|"
    r"carteira de motorista|cnh|k[öo]rkort|kørekort|førerkort|ajokortti|jogos[íi]tv[áa]ny|"
    r"řidičsk\w* průkaz\w*|ehliyet|водительск\w+(?: удостоверени\w+| прав\w*)?|"
    r"운전면허(?:증)?(?:번호)?|運転免許(?:証)?(?:番号)?|驾驶证|驾照|駕照|ใบขับขี่|"
    r"giấy phép lái xe|bằng lái|رخصة (?:ال)?(?:قيادة|سياقة)|רישיון נהיגה|ड्राइविंग लाइसेंस"
)
_DOCUMENT_NAMES = (
    r"licen[cs]e(?: number| no\.?| #)?|carnet|licencia|"
    r"member id|member number|subscriber id|policy (?:number|no\.?)|insurance (?:number|no\.?|id)|"
    r"(?:numero di |n[úu]mero de |num[ée]ro de |numer )?(?:polizza|p[óo]liza|ap[óo]lice|polisy)|"
    r"versicherungsschein(?:nummer)?|police(?:n)?nummer|poli[çc]e numaras[ıi]|номер полиса|"
    r"(?:kranken)?versichertennummer|versicherungsnummer|polisnummer|ehic|"
    r"tessera sanitaria|num[ée]ro d'assur[ée]|health (?:card|insurance)(?: number)?|"
    r"medicare(?: card| number| no\.?)?|"
    r"carte vitale|tarjeta sanitaria|zorgverzekering|krankenkasse|personalausweis\w*|"
    r"ausweisnummer|id card number|carte d'identit[ée]|documento de identidad|"
    # a student's, an employee's or a patient's number at their institution
    r"student (?:id|number|no\.?)|matrikel(?:nummer|nr\.?)|num[ée]ro d'[ée]tudiant|"
    r"matr[íi]cula|学号|学籍番号|학번|(?:employee|staff|personnel) (?:id|number|no\.?)|"
    r"personal(?:nummer|nr\.?)|mitarbeiter(?:nummer|nr\.?|-id)|patient (?:id|number|no\.?)|"
    r"\bmrn\b|medical record (?:number|no\.?)|patientennummer|"
    # a foreigner's residence permit and its card, in the host country's language
    r"verblijfs(?:vergunning|document|pas)|residence (?:permit|card)|permanent resident card|"
    r"aufenthalts(?:titel|erlaubnis|karte)|titre de s[ée]jour|carte de s[ée]jour|"
    r"permiso de residencia|tarjeta de residencia|permesso di soggiorno|"
    r"autoriza[çc][ãa]o de resid[êe]ncia|karta pobytu|uppeh[åa]llstillst[åa]nd|"
    r"oleskelulupa|opholdstilladelse|oppholdstillatelse|ikamet izni|вид на жительство|"
    r"посвідк\w* на проживання|在留カード|居留证|居留許可|체류 ?카드|외국인등록"
)
_DOCUMENT = re.compile(
    # (a particle glued after the name: "運転免許証番号は640...")
    rf"(?i)(?:(?P<licence>{_LICENCE_NAMES})|{_DOCUMENT_NAMES})(?:\b|(?=[はがの是为為은는]))"
    r"(?:[はがの是为為은는]|です)?[^\n\w]{0,3}(?:\([^)\n]{0,12}\)[ \t:]*)?"
    r"(?:[^\W\d_][^\s\d,:;]*[),:;.\s]+){0,4}?[#:\s—–-]*"
    r"(?<![0-9A-Za-z_-])(?P<value>(?-i:(?=[A-Z0-9\- ]*\d)"
    r"[A-Z0-9](?:[A-Z0-9]|[- /.](?=[A-Z0-9])){5,24}))"
    r"(?![0-9A-Za-z_-])"
)


_DOCUMENT_WORDS = ("licen", "dl ", "dvla", "dmv", "führer", "fuhrer", "permis", "conduc",
                   "patente", "rijbewijs", "prawo", "condu", "motorista", "cnh", "körkort",
                   "korkort", "kørekort", "førerkort", "ajokortti", "jogos", "řidič", "ehliyet",
                   "водительск", "운전", "運転", "驾", "駕", "ใบขับขี่", "lái", "رخصة", "רישיון",
                   "ड्राइविंग", "carnet", "member", "subscriber", "policy", "insurance",
                   "versicher", "polis", "ehic", "sanitaria", "assur", "health", "vitale", "zorg",
                   "medicare",
                   "krankenkasse", "ausweis", "id card", "identit", "student", "matri",
                   "étudiant", "学号", "学籍", "학번", "employee", "staff", "personnel",
                   "personal", "mitarbeiter", "patient", "mrn", "medical record", "verblijf",
                   "residen", "aufenthalt", "séjour", "sejour", "soggiorno", "pobytu",
                   "uppehåll", "oleskelu", "opholds", "opphold", "ikamet", "жительств",
                   "посвідк", "在留", "居留", "체류", "외국인", "poliz", "póliz", "apólice",
                   "police", "poliçe", "полиса")  # fmt: skip


# A release's version after "licence" ("the 4.6 licence? We're on Java 17.0.12"): short
# groups of digits joined by dots, no document's number.
_VERSION = re.compile(r"\d{1,3}(?:\.\d{1,3}){1,3}")


def _documents(text: str, lower: str) -> Iterator[Span]:
    if not any(w in lower for w in _DOCUMENT_WORDS):
        return
    for match in _DOCUMENT.finditer(text):
        value = match["value"].strip()
        digits = sum(c.isdigit() for c in value)
        shaped = digits >= 4 or (match["licence"] and len(value) >= 8 and " " not in value)
        if shaped and not (digits >= 4 and specimen(value)) and not _VERSION.fullmatch(value):
            yield match.start("value"), match.start("value") + len(value), "ID"


# A name, then (within a few words, a ":" or "is") the value; or the name as a field's key
# ("bsn": "...", bsn = '...', <bsn>...).
_GAP = (
    r"[\"'\]]?\s*(?:[:=#—–,-]|№|n[º°]|no\.|\bis\b|\bist\b|\best\b|\bes\b|\bè\b|\bto\b|\bé\b|"
    r"\blautet\b|\ber\b|是|为|為|は|는|은)?\s*[\"'(]?\s*"
)
# (words of any script: "नंबर" holds a vowel sign, no \w; and a sentence's commas, "it's")
_WORDS_BETWEEN = r"(?:[(\"']?[^\W_][^\s:,;()\"]*[)\"']?[:,.;!?\s]+){0,6}?"


def _id_rule(name: str, shape: str, check: Callable[[str], bool], named: bool) -> Finder:
    value = rf"(?<![0-9A-Za-z_.\-])(?P<value>{shape})(?![0-9A-Za-z_\-]|\.\d)"
    if named:
        pattern = re.compile(
            rf"(?i)(?<![a-z])(?:{name})\w*(?:\b|(?<=\.)|(?=\s))\.?{_GAP}{_WORDS_BETWEEN}[\"'(]?{value}"
        )
    else:
        pattern = re.compile(value)

    def finder(text: str, lower: str) -> Iterator[Span]:
        for match in pattern.finditer(text):
            if check(match["value"]) and not specimen(match["value"]):
                yield *match.span("value"), "ID"

    return finder


def _national_ids() -> Finder:
    """Every number of :data:`_IDS`; a named one only where one of the names occurs (one
    scan for all ~40 names instead of one per number: most turns name none of them)."""
    finders = [(entry, _id_rule(*entry)) for entry in _IDS]
    named = [(re.compile(rf"(?i)(?:{entry[0]})"), rule) for entry, rule in finders if entry[3]]
    anywhere = [rule for entry, rule in finders if not entry[3]]
    # (on the lower-cased turn: the names' own case, SIN's, is the rules' to check)
    names = "|".join(f"(?:{entry[0]})" for entry in _IDS if entry[3])
    gate = Folded(
        "(?<![a-z])(?:"
        + names.replace("(?-i:SIN|NAS)", "sin|nas").replace("(?-i:CHI)", "chi")
        + ")"
    )
    # ... and one scan for the ~20 shapes found anywhere: most turns hold none of them, and
    # only a turn that holds one runs them one by one (each its own matches, as before).
    shapes = re.compile("|".join(f"(?:{entry[1]})" for entry in _IDS if not entry[3]))

    def finder(text: str, lower: str) -> Iterator[Span]:
        if shapes.search(text):
            for rule in anywhere:
                yield from rule(text, lower)
        words = {text[m.start() : m.end()] for m in gate.finditer(text, lower)}
        for name, rule in named:
            if any(name.match(word) for word in words):
                yield from rule(text, lower)

    return finder


# Passport numbers: after the word, 6-12 letters and digits with a digit among them.
_PASSPORT = re.compile(
    r"(?i)(?:passport|reisepass|passeport|pasaporte|paspoort|passaporto|passaporte|paszport|"
    r"pasaport|passnummer|passi)"
    r"(?:nummer|nr\.?|number|no\.?|numero|número|numer)?\b[^\n\d]{0,40}?"
    r"(?<![\w])(?P<value>(?=[A-Z0-9]*\d)[A-Z0-9]{6,12})(?![\w])"
    r"|(?:パスポート|旅券|여권|护照|護照|(?-i:\bPPT\b))(?:번호|番号|号码|號碼|号)?"
    r"(?:[はがをの是为為写寫填는은]|です|는|이)?[:：\s]*"
    r"(?P<jp>[A-Z0-9]{6,12})"
)


def _passports(text: str, lower: str) -> Iterator[Span]:
    if not any(w in lower for w in ("pass", "pasa", "pasz", "pasp", "パスポート", "旅券", "여권",
                                    "护照", "護照", "ppt")):  # fmt: skip
        return
    for match in _PASSPORT.finditer(text):
        group = "value" if match["value"] else "jp"
        value = match[group]
        if value.isdigit() and (len(value) < 8 or specimen(value)):
            continue  # "passport photo 2x 35" ... a count, not a number
        yield *match.span(group), "ID"


# A passport's machine-readable zone: two lines of 44 (the country may be "D<<"), or an id
# card's three of 30; or a line of either that holds digits (the name line may be cut off).
_MRZ = re.compile(
    r"(?m)^(?:P[A-Z<][A-Z<]{3}[A-Z<]{39}\r?\n)?(?=[A-Z0-9<]*\d{6})(?=[A-Z0-9<]*<<)[A-Z0-9<]{44}$"
    r"|^[IAC][A-Z<][A-Z<]{3}(?=[A-Z0-9<]*\d{6})[A-Z0-9<]{25}(?:\r?\n[A-Z0-9<]{30}){1,2}$"
    r"|^(?=[A-Z0-9<]*\d{6})(?=[A-Z0-9<]*<<)[A-Z0-9<]{30}$"
)


def _mrz(text: str, lower: str) -> Iterator[Span]:
    if "<<" in text:
        for match in _MRZ.finditer(text):
            yield *match.span(), "ID"


# A national id by its own name where no check of it is known here (or the number fails the
# one known: a typo'd id is still somebody's): the name, a few words, then 8 to 18 digits.
_ID_NAMES = Folded(
    r"(?<![a-z])(?:national id(?:entity)?|identity (?:card|number)|c[ée]dula|"
    r"carte d'identit[ée]|num[ée]ro d'identit[ée]|documento (?:de identidad|nacional)|"
    r"personalausweis\w*|ausweisnummer|dow[óo]d osobist\w*|numer dowodu|kimlik\w*|nik|ktp|"
    r"cccd|cmnd|c[ăa]n c[ưu][ớo]c|s[ốo] định danh|nomor induk|mykad|nric|iqama|emirates id|"
    r"pesel|aadhaa?r|dni|curp|cpf|ssn|bsn|tfn|egn|oib|jmbg|emšo|amka|nin|nida|cnic|nicop|nid|"
    r"philsys|psn|umid|national insurance|nino)(?![a-z])|рнокпп|ипн|инн|"
    r"身份证(?:号码?)?|身分證(?:字號)?|주민(?:등록)?번호|マイナンバー|個人番号|رقم (?:ال)?هوي\w*|"
    r"هويتي|بطاقة (?:ال)?هوية|आधार|पहचान संख्या|ת\.?ז|תעודת זהות|удостоверени\w* личности|"
    r"иин|егн|ембг|оиб|id-?картк\w*|id-?карт\w*|kitambulisho|namba ya (?:utambulisho|kitambulisho)|"
    # Bangladesh's NID, Georgia's personal number, Armenia's social card and public service
    # number, Iran's national code, Egypt's national number, Pakistan's CNIC in Urdu, Nepal's
    # citizenship, Kazakhstan's IIN, Uzbekistan's PINFL, Azerbaijan's FIN, Mongolia's register
    r"এনআইডি|জাতীয় পরিচয়\S*|পরিচয়পত্র|პირადი ნომ\w*|პ/ნ|սոցիալական քարտ\w*|սոցքարտ\w*|"
    r"հծհ|հանրային ծառայությունների համար\w*|کد ملی|شماره ملی|الرقم القومي|الرقم الوطني|"
    r"شناختی کارڈ|नागरिकता|жсн|пинфл|jshshir|(?<![a-z])fin kod|регистрийн дугаар|"
    r"персональн\w* номер|личн\w* номер|особов\w* номер|унз[рp]"
)
# (a Chinese id ends in X; CJK text glues a number to the word before it: "号码是4201...")
_EIGHT_DIGITS = re.compile(r"(?<![0-9A-Za-z_.+-])\d(?:[ .\-]?\d){7,17}[Xx]?(?![0-9A-Za-z_-]|\.\d)")
# (on the name's line, over words without digits: "DNI: 4829...Z\nTeléfono: 612..." is a
# phone number after the id, not the id)
_ID_NUMBER = re.compile(
    r"[\"'\]]?[ \t]*(?:[:=#—–,-]|№|n[º°]|no\.|is|ist|est|es|è|é|to|er|lautet|是|为|為|は|는|은)?"
    r"[ \t]*(?:[(\"']?[^\W\d_][^\s\d:,;()\"]*[)\"']?[:,.;!?\t ]+){0,6}?(?:[—–-][ \t]*)?[\"'(]?"
    rf"(?P<value>{_EIGHT_DIGITS.pattern})"
)


def _named_id_numbers(text: str, lower: str) -> Iterator[Span]:
    names: list[re.Match[str]] | None = None
    # The numbers first (most turns hold none), then a name before each.
    for number in _EIGHT_DIGITS.finditer(text):
        if specimen(number[0]):
            continue
        if names is None:
            names = list(_ID_NAMES.finditer(text, lower))
        if any(
            (match := _ID_NUMBER.match(text, name.end())) and match.start("value") == number.start()
            for name in names
            if name.end() <= number.start()
        ):
            yield *number.span(), "ID"


# A vehicle identification number (FIN in German) after its name, of somebody's own car: a
# VIN alone is as often a manual's or a decoder's example ("decode VIN 1HGCM82633A004352").
_VIN = re.compile(
    r"(?i)(?<![a-z])(?:vin|fin|fahrzeug-?identifi\w*|fahrgestellnummer|chassis(?: number| no)?|"
    r"n[uú]mero de bastidor|num[ée]ro de s[ée]rie|telaio|vin-?код|номер кузова)(?![a-z])"
    rf"\W{{0,3}}(?:\([^)\n]{{0,12}}\)\W{{0,3}})?{_WORDS_BETWEEN}[:#\s-]*"
    r"(?<![\w-])(?P<value>(?-i:[A-HJ-NPR-Z0-9]{17}))(?![\w-])"
)
_OWNER = re.compile(
    r"(?i)(?<![a-z])(?:my|our|mein\w*|unser\w*|mon|ma|mes|mi|mis|meu|minha|mijn|mio|mia|"
    r"mój|moje?j?|мо[йяеё]\w*|мі[йя]|moj\w*|benim|aracım\w*)(?![a-z])"
)


_FIELD = re.compile(r"(?i)[ \t]*(?:vin|fin|chassis(?: no\.?| number)?)[ \t]*[:#][ \t]*")


def _vins(text: str, lower: str) -> Iterator[Span]:
    if not any(w in lower for w in ("vin", "fin", "fahr", "chassis", "bastidor", "rie", "telaio",
                                    "кузов")):  # fmt: skip
        return
    for match in _VIN.finditer(text):
        sentence = text[max(0, match.start() - 60) : match.end() + 40]
        # (or a record's field: "VIN: ..." opening its line, in a letter or a form)
        field = _FIELD.fullmatch(text, text.rfind("\n", 0, match.start()) + 1, match.start("value"))
        if _vin_ok(match["value"]) and (_OWNER.search(sentence) or field):
            yield *match.span("value"), "ID"


def document_finders() -> list[Finder]:
    """Every finder of this module, most specific first."""
    return [_mrz, _national_ids(), _passports, _documents, _named_id_numbers, _vins]
