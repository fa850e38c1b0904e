"""Record numbers by their field's name: a student's, an employee's, a patient's, an insured
person's, a passport's or a national id's number, where the name and the value are not in
one sentence. A scanned card or letter prints the name on one line and the number on the
next ("NUMER PESEL / PERSONAL NUMBER" / "67050129406"), or after a label that holds letters
("Hospital Number: RTH1750864", "Versicherten-Nr. Q327099376", "N.º empleado: E-702978");
an exported chat asks for it in one message and is answered with it alone in the next ("...
heb ik je BSN nodig" / "[10:16] Sanne: 527432829").

A value is digits (in groups, with dots, dashes or slashes), or a few letters and five or
more digits, or a document number of letters and digits; it is taken after the name on the
name's line, or alone (with a word or two: a name, "ạ") on the line after it, or on the line
before a name that ends a card ("7384 5628 8708" / "Mera Aadhaar").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lifelong.learning.scrub.documents import specimen
from lifelong.learning.scrub.rules import Finder, Folded, Span

__all__ = ["answer_finders"]

_NAMES = Folded(
    r"(?<![a-z])(?:passport(?: no\.?| number)?|passnummer|pass-?nr|reisepass|passaporte|"
    r"pasaporte|passeport|paszport\w*|pasaport\w*|hộ chiếu|paspor|"
    r"student(?: id| number| no\.?)|u ?id|matrikel\w*|num[ée]ro [ée]tudiant|nim|"
    r"employee(?: id| number| no\.?)|staff (?:id|number)|personalnummer|n\.?[º°] ?empleado|"
    r"matricola|num[ée]ro d'employ[ée]|hospital (?:number|no\.?)|patient (?:id|number)|"
    r"nhs (?:number|no\.?)|mrn|medical record(?: number)?|patientennummer|prontu[áa]rio|"
    r"versicherten-?(?:nr|nummer)\.?|kv-?nr\.?|krankenversichertennummer|"
    r"insurance (?:number|no\.?|id)|member(?:ship)? (?:id|number|no\.?)|nss|cart[ãa]o (?:do )?sus|"
    r"cns|n\.?[º°] ?afiliaci[óo]n(?: ss)?|n[úu]mero de afiliaci[óo]n|seguro social|"
    r"n[º°] ?s\.? ?s\.?|num[ée]ro de s[ée]cu\w*|national id(?: card| number)?|"
    r"id(?:entity)? (?:number|no\.?|card number)|personal (?:number|id)|document (?:number|no\.?)|"
    r"numer dowodu|numer pesel|pesel|serie ci|seria|bsn|burgerservicenummer|tc kimlik\w*|"
    r"kimlik no|t\.c\.|căn cước|cccd|nik|ktp|bvn|nin|sss|tin|ssn|"
    r"social security(?: number| no\.?)?|"
    r"my social|aadhaa?r|tfn|curp|rfc|cpf|rg|dni|nie|cnp|amka|egn|oib|"
    r"licen[cs]e (?:number|no\.?)|vin|fin|fahrgestellnummer|chassis|smart id|"
    r"(?:n[úu]mero|n[º°]) de (?:alumno|estudiante|empleado|socio|afiliado|paciente)|"
    # a payroll's and a clinic's forms: social insurance, tax, health and bank numbers
    r"npwp|bpjs(?: kesehatan| ketenagakerjaan)?|philhealth(?: no\.?| number)?|"
    r"pag-?ibig(?: mid| no\.?)?|umid|pis(?:/pasep)?|pasep|nit|ctps|niss|"
    r"cart[ãa]o de cidad[ãa]o|n\.?[º°] ?sns|sns|utente|nip|dow[óo]d(?: osobisty)?|"
    r"kwsp|epf|socso|perkeso|cnss|cin|rib|taj|ad[óo]azonos[íi]t[óo](?: jel)?|"
    r"banksz[áa]mla\w*|kontonummer|kontonr\.?|reg\.?/?kontonr\.?|account (?:number|no\.?)|"
    r"n[úu]mero de cuenta|rekeningnummer|numer konta|ohip|health card(?: number)?|ramq|phn|"
    r"brp(?: number)?|upn|share code|carta d'identit[àa](?: n\.?)?|codice fiscale|"
    r"matr[íi]cula|pati[ëe]ntnummer|pati[ëe]nt-?id|medewerkersnummer|personeelsnummer|"
    r"mitarbeiternummer|numer pracownika|sicil no|"
    # a school's and a university's numbers, and an exam board's: the student's, the pupil's,
    # a roll, index, registration or candidate number
    r"pupil (?:id|number|no\.?)|studentnummer|studentennummer|nr\.? albumu|numer albumu|"
    r"ine|niu|mssv|m[ãa] s[ốo] sinh vi[êe]n|[öo][ğg]renci (?:no|numaras[ıi])|okul no|"
    r"roll (?:no\.?|number)|index (?:no\.?|number)|admit card(?: id| no\.?)?|"
    r"registration (?:no\.?|number)|candidate (?:no\.?|number)|aday numara\w*|"
    # a clinic's: a patient's file, a prescription, a lab's accession, an insurer's card
    r"pat\.?-?id|nhc|n[º°]\.? (?:de )?historia|historia cl[íi]nica|n[º°] dossier|"
    r"num[ée]ro de dossier|n\.? accettazione|rx(?: number| no\.?)?|task-?id|nre|"
    r"belegnummer|application id|claim(?: number| no\.?)?|carteirinha|nhif|bhyt|"
    r"m[ãa] th[ẻe](?: bhyt)?|"
    r"(?:his|her|their|dad's|mom's|mum's) social)(?![a-z])|"
    r"полис(?: омс)?|омс|αριθμός μητρώου|รหัสนักศึกษา|სტუდენტური(?: id)?|"
    r"الرقم الجامعي|رقمي الجامعي|الرقم الأكاديمي|रोल नंबर|रोल नं\.?|রোল|"
    r"রেজিস্ট্রেশন নম্বর|විභාග අංකය|수험번호|診察券(?:番号)?|患者番号|カルテ番号|"
    r"ካርድ ቁጥር|"
    r"унзр|рнокпп|снилс|инн|健保卡號|健保卡号|身分證字號|"
    r"חשבון|البطاقة الوطنية|"
    r"학번|사번|주민(?:등록)?번호|学籍番号|学号|社員番号|被保険者|保険者番号|マイナンバー|"
    r"身份证(?:号码?)?|کد ملی|کدملی|شماره ملی|الرقم القومي|رقم (?:ال)?هوية|জাতীয় পরিচয়পত্র|"
    r"เลขประจำตัวประชาชน|เลขบัตรประชาชน|número do passaporte|номер паспорта|паспорт\w*|护照|護照|"
    # a passport in more scripts: Hebrew, Arabic, Greek, Korean, Japanese, Hindi, Georgian
    r"דרכון|جواز(?: السفر)?|διαβατήρι\w*|여권|旅券|パスポート|पासपोर्ट|პასპორტ\w*|pasipoti|"
    r"pasaporti|passi(?:numero)?|passnummer"
)
_STEMS = ("pass", "paspor", "paszport", "pasaport", "hộ chiếu", "דרכון", "جواز", "διαβατ",
          "여권", "旅券", "パスポート", "पासपोर्ट", "პასპორტ", "student", "id", "matrikel",
          "tudiant", "nim", "employ", "staff", "personal", "empleado", "matricola", "hospital",
          "patient", "nhs", "mrn", "medical", "prontu", "versicherten", "kv", "insurance",
          "member", "nss", "sus", "cns", "afiliaci", "seguro", "s.s", "s s", "ss", "sécu",
          "secu", "number", "document", "dowodu", "pesel", "serie", "seria", "bsn",
          "burgerservice", "kimlik", "t.c.", "căn cước", "cccd", "nik", "ktp", "bvn", "nin",
          "sss", "tin", "ssn", "social", "aadha", "tfn", "curp", "rfc", "cpf",
          "rg", "dni", "nie", "cnp", "amka", "egn", "oib", "licen", "vin", "fin", "fahrgestell",
          "smart id", "alumno", "estudiante", "empleado", "socio", "afiliado", "paciente", "护照",
          "護照",
          "chassis", "학번", "사번", "주민",
          "学籍", "学号", "社員", "保険", "マイナンバー", "身份证", "کد", "شماره", "الرقم",
          "رقم", "জাতীয়", "เลข", "número", "номер", "паспорт", "npwp", "bpjs", "philhealth",
          "pag", "umid", "pis", "pasep", "nit", "ctps", "niss", "cidad", "sns", "utente", "nip",
          "dow", "kwsp", "epf", "socso", "perkeso", "cnss", "cin", "rib", "taj", "azonos",
          "bankszám", "bankszam", "konto", "account", "cuenta", "rekening", "ohip", "health",
          "ramq", "phn", "brp", "upn", "share code", "identit", "fiscale", "matr", "patiënt",
          "medewerker", "personeel", "mitarbeiter", "pracownika", "sicil", "унзр", "рнокпп",
          "снилс", "инн", "健保", "身分證", "חשבון", "البطاقة", "pupil", "album", "ine",
          "niu", "mssv", "sinh vi", "renci", "okul", "roll", "index", "admit", "registration",
          "candidate", "aday", "pat", "nhc", "historia", "dossier", "accettazione", "rx",
          "task", "nre", "beleg", "claim", "application", "carteirinha", "nhif", "bhyt", "mã th",
          "ma th", "полис", "омс", "μητρώου", "นักศึกษา", "სტუდენტ", "الجامعي", "الأكاديمي",
          "रोल", "রোল", "রেজিস্ট্রেশন", "විභාග", "수험", "診察券", "患者", "カルテ", "ቁጥር")  # fmt: skip
# A record number: digits in groups; letters then five or more digits; or a document
# number of capitals and digits (two of each at least).
_VALUE = (
    # (a bank account's run of 24; a card's letters after it: "5471-193-580-TJ", "... 2 ZX5")
    r"(?P<value>\d(?:[ .\-/]?\d){5,25}(?:[ -](?=[A-Z0-9]*[A-Z])[A-Z0-9]{2,3}(?![\w-]))?"
    r"|[A-Z]{1,4}[ -]?\d{5,13}[A-Z]?|[a-z]\d{6,10}|\d{2,6}[A-Z]\d{6,12}"
    r"|(?=[A-Z ]*\d)[A-Z0-9]{3} [A-Z0-9]{3} [A-Z0-9]{3}"  # a share code: "SVC ERF L68"
    r"|(?=[A-Z0-9]*\d[A-Z0-9]*\d)(?=[A-Z0-9]*[A-Z][A-Z0-9]*[A-Z])[A-Z0-9]{8,16}"
    r"|(?=[A-Z0-9]*\d)(?=[A-Z0-9]*[A-Z])[A-HJ-NPR-Z0-9]{17})"  # a vehicle's (VIN)
)
# After the name on its line: a label's punctuation, a few words at most.
# (a word of a script with vowel signs, "নম্বর", is no run of \w: any run of non-digits)
_AFTER_NAME = re.compile(
    rf"[\s:：.#№°º/-]*(?:[^\s\d]+[\s:：.,-]+){{0,5}}?{_VALUE}(?![\w/-]|[.,]\d)"
)
# Alone on its line (in a chat, the message's text): a word or two around it.
_ALONE = re.compile(
    rf"(?:[^\W\d_]+[ \t]+){{0,2}}?{_VALUE}(?![\w/-]|[.,]\d)(?:[ \t]*[,;]?[ \t]*[^\n]{{0,30}})?$"
)
# An exported chat's header of a message: a time stamp, the sender, then ":".
_CHAT_HEADER = re.compile(
    r"(?:\[[^\]\n]{4,32}\][ \t]*[^:\n]{1,40}:[ \t]*"
    r"|\d{1,4}[./-]\d{1,2}[./-]\d{2,4},?[ \t]+\d{1,2}:\d{2}(?::\d{2})?(?:[ \t]?[APap]\.?[Mm]\.?)?"
    r"[ \t]*[-–][ \t]*[^:\n]{1,40}:[ \t]*"
    r"|[^\n:]{0,40}\d{1,2}:\d{2}[^\n:]{0,10},[ \t]*[^:\n]{1,40}[ \t]:[ \t]*"
    r"|\d{1,2}:\d{2}\t[^\t\n]{1,40}\t)"
)


_VIN = re.compile(r"(?=\d*[A-Z])[A-Z0-9]{17}")
# An amount, not a number of a record: "Bankszámla 250 000 Ft", "Konto 120.000 €".
_MONEY_AFTER = re.compile(
    r"\s?(?:ft|huf|€|eur|\$|usd|zł|pln|kr|kč|czk|лв|₽|руб|грн|₴|£|gbp|r\$|rp|rm|₱|php|₹|rs|"
    r"mad|dh|tl|₺|%)(?![a-z])",
    re.IGNORECASE,
)
# A person named by what they are, then their record's code right after: "patient PT-1621005",
# "employee EMP46128715", "Schüler S-2291047" (letters and digits: a bare number after
# "patient" may be a count or a room).
_HOLDER = re.compile(
    r"(?i)(?<![a-z])(?:patients?|pati[ëe]nt(?:e|in)?|paciente|patiente?|paziente|pacjent\w*|"
    r"hasta|employees?|empleado|empleada|colaborador\w*|funcion[áa]ri[oa]|mitarbeiter\w*|"
    r"salari[ée]e?|dipendente|medewerker|pracownik\w*|[çc]al[ıi][şs]an|students?|"
    r"alumn[oa]|alun[oa]|[ée]l[èe]ve|sch[üu]ler\w*|leerling|studente|studentessa|pupil|"
    r"member|socio|afiliad[oa]|insured|versicherte\w*|assur[ée]e?)"
    r"(?:\s+(?:id|no\.?|nr\.?|#|n[º°]))?[\s:#]{1,3}"
    r"(?P<value>(?-i:[A-Z]{1,4})-?\d{5,12})(?![\w-])"
)
_HOLDER_STEMS = ("patient", "patiënt", "pacient", "pazient", "pacjent", "hasta", "employ",
                 "emplead", "colaborador", "funcion", "mitarbeiter", "salari", "dipendente",
                 "medewerker", "pracownik", "alışan", "calisan", "student", "alumn", "alun",
                 "lève", "leve", "schüler", "schuler", "leerling", "pupil", "member", "socio",
                 "afiliad", "insured", "versichert", "assur")  # fmt: skip


def _holders(text: str, lower: str) -> Iterator[Span]:
    if not any(stem in lower for stem in _HOLDER_STEMS):
        return
    for match in _HOLDER.finditer(text):
        if not specimen(match["value"]):
            yield *match.span("value"), "ID"


_DATE = re.compile(r"\d{1,4}([./-])\d{1,2}\1\d{1,4}")


# A share code is mostly letters: its few digits say nothing of a specimen.
_SHARE_CODE = re.compile(r"[A-Z0-9]{3} [A-Z0-9]{3} [A-Z0-9]{3}")


def _record(value: str) -> bool:
    return (_SHARE_CODE.fullmatch(value) is not None or not specimen(value)) and not (
        _DATE.fullmatch(value)
    )


def _lines(text: str) -> list[tuple[int, int]]:
    spans = []
    at = 0
    for line in text.split("\n"):
        spans.append((at, at + len(line)))
        at += len(line) + 1
    return spans


def _body(text: str, start: int, end: int) -> int:
    """Where a line's own text starts: after a chat message's header."""
    header = _CHAT_HEADER.match(text, start, end)
    return header.end() if header is not None else start


def _record_numbers(text: str, lower: str) -> Iterator[Span]:
    if not any(c.isdigit() for c in text) or not any(s in lower for s in _STEMS):
        return
    names = list(_NAMES.finditer(text, lower))
    if not names:
        return
    lines = _lines(text)
    named = set()
    for name in names:
        row = next(i for i, (s, e) in enumerate(lines) if s <= name.start() <= e)
        named.add(row)
        line_end = lines[row][1]
        after = _AFTER_NAME.match(text, name.end(), line_end)
        # (a VIN beside its name is the VIN finder's: "VIN ... - can you decode it?")
        if (
            after is not None
            and _record(after["value"])
            and not _VIN.fullmatch(after["value"])
            and not _MONEY_AFTER.match(text, after.end())
        ):
            yield *after.span("value"), "ID"
    for row in sorted(named):
        for other in (row + 1, row - 1):
            if not 0 <= other < len(lines) or other in named:
                continue
            start, end = lines[other]
            alone = _ALONE.match(text, _body(text, start, end), end)
            if alone is not None and _record(alone["value"]):
                yield *alone.span("value"), "ID"


def answer_finders() -> list[Finder]:
    """Every finder of this module."""
    return [_record_numbers, _holders]
