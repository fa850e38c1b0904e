"""The scrubber's finders of personal data by where it stands: the columns of a pasted table
(CSV, semicolons, tabs, pipes, Markdown) and of an SQL ``INSERT`` whose names say what they
hold ("email", "steuer_id", "tc_kimlik", "password"): every value below the header, or in that
position of each row, whatever its shape. See :mod:`lifelong.learning.scrub.scrubber`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lifelong.learning.scrub.rules import Finder, Span

__all__ = ["table_finders"]


# A pasted table (CSV, semicolons, tabs, pipes) whose header names a column of personal data:
# every value below it in that column, whatever its shape ("name;steuer_id\nJonas;8942...").
_COLUMNS = {
    "EMAIL": r"e-?mail|mail|correo|courriel",
    "PHONE": r"phone|tel|telephone|telefon|tel[ée]fono|telefone|telefoon|mobile|cell|handy|"
    r"m[óo]vil|celular|cel|cellulare|mobil|mobiel|puhelin|matkapuhelin|telefonnummer|"
    r"portable|natel|"
    r"tlf|mobilnummer|gsm|cep|telefono|電話番号|携帯|전화번호|휴대폰|电话|手机|"
    r"телефон|мобильный|τηλέφωνο|κινητό|טלפון|هاتف|جوال|फ़ोन|điện_?thoại|nomor_?hp|"
    r"nomor_?telepon",
    "ID": r"ssn|social_?security\w*|nino|ni_?number|bsn|pesel|steuer_?id|steuerid|idnr|nir|"
    r"insee|dni|nie|"
    r"codice_?fiscale|cf|personnummer|nif|tax_?id|national_?id|passport\w*|pasaporte|reisepass\w*|"
    r"tc_?kimlik\w*|tckn|kimlik\w*|rodne_?cislo|cpr|ssn_?number|id_?number|dni_?number|"
    # a vehicle's, a member's, a student's, an employee's or a patient's number
    r"vin|fin|member(?:ship)?_?(?:id|no|number)?|lidnr\.?|lidnummer|mitgliedsnummer|"
    r"n[º°o]?\.?_?(?:de_?)?s[óo]cio|n[úu]mero_?(?:de_?)?s[óo]cio|socio|s[óo]cio|"
    r"student_?(?:id|no|number)|employee_?(?:id|no|number)|patient_?(?:id|no|number)|mrn|"
    r"emp_?(?:id|no)|staff_?(?:id|no)|personnel_?(?:id|no)|"
    r"nhs_?(?:no|number)|"
    # a roster's, a class list's and a clinic's list: staff, pupils, patients and their files
    r"(?:staff|employee|personal|personnel|mitarbeiter|sch[üu]ler|student|pupil|patient|pat|"
    r"member|player|mitglied|spieler)_?(?:id|no|nr|number|nummer|num)\.?|personalnr\.?|"
    r"職員番号|社員番号|学籍番号|学生番号|患者番号|診察券番号|会員番号|"
    r"n[º°o]?\.?_?(?:de_?)?(?:dossier|historia|expediente)|nhc",
    "PLATE": r"plate|licen[cs]e_?plate|kenteken|kennzeichen|matr[íi]cula|targa|placa|"
    r"reg_?(?:no|number)?",
    "BIRTHDATE": r"dob|birth\w*|date_?of_?birth|fecha_?(?:de_?)?nacimiento|geburtsdatum|"
    r"geboortedatum|"
    r"data_?(?:di_?)?nascita|data_?(?:de_?)?nascimento|date_?de_?naissance|data_?urodzenia|"
    r"data_?nasc\.?|geb\.?(?:_?datum)?|geboren|f\.?_?nac\.?|n[ée]e?_?le|"
    r"date_?(?:de_?)?naiss\.?|生年月日|"
    # the Nordic, Baltic, eastern and Asian languages' headers of a sign-up sheet
    r"fecha_?(?:de_?)?nac\.?|f[öo]delsedatum|f[øo]dselsdato|f[øo]dselsdag|syntym[äa]aika|"
    r"syntym[äa]p[äa]iv[äa]|s[üu]nnikuup[äa]ev|gimimo_?data|dzim[šs]anas_?datums|"
    r"do[ğg]um_?tarihi|дата_?рождения|дата_?народження|datum_?narozen[íi]|"
    r"d[áa]tum_?narodenia|sz[üu]let[ée]si_?d[áa]tum|data_?na[șs]terii|datum_?ro[đd]enja|"
    r"ημερομηνία_?γέννησης|出生日期|生日|생년월일|생일|tanggal_?lahir|tgl_?lahir|ng[àa]y_?sinh|"
    r"תאריך_?לידה|تاريخ_?الميلاد|जन्म_?तिथि|วันเกิด",
    "IBAN": r"iban",
    "PASSWORD": r"(?:\w+_)?(?:passw(?:or)?[dt]|pwd|pass|secret|token|api_?key)"
    r"(?:_(?:hash|digest|value))?|kennwort|wachtwoord|"
    r"contrase[ñn]a|mot_de_passe|senha|has[łl]o|l[öo]senord|passord|adgangskode|heslo|şifre|sifre",
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


# INSERT INTO t (name, email, tc_kimlik) VALUES ('...', '...', '...'), (...): the values of
# the columns named as personal data.
_INSERT = re.compile(r"(?is)insert\s+into\s+[\w.\"`]+\s*\((?P<cols>[^)]*)\)\s*values\s*")
_TUPLE = re.compile(r"\((?P<row>(?:'[^']*'|\"[^\"]*\"|[^()'\"])*)\)")


def _insert_columns(text: str, lower: str) -> Iterator[Span]:
    if "insert" not in lower:
        return
    for insert in _INSERT.finditer(text):
        names = [c.strip().strip('"`[]') for c in insert["cols"].split(",")]
        labels = {}
        for column, name in enumerate(names):
            match = _COLUMN.match(name.replace(" ", "_").replace("-", "_"))
            if match and match.lastgroup:
                labels[column] = match.lastgroup
        if not labels:
            continue
        at = insert.end()
        while (row := _TUPLE.match(text, at)) is not None:
            base = row.start("row")
            cells = _cells(row["row"].replace("'", '"'), ",")
            for column, label in labels.items():
                if column < len(cells):
                    a, b = cells[column]
                    cell = row["row"]
                    while a < b and cell[a] in " \t\n":
                        a += 1
                    while b > a and cell[b - 1] in " \t\n":
                        b -= 1
                    if b - a >= 2 and cell[a] in "'\"" and cell[b - 1] == cell[a]:
                        a, b = a + 1, b - 1
                    if b - a >= 4:
                        yield base + a, base + b, label
            separator = re.match(r"\s*,\s*", text[row.end() :])
            if separator is None:
                break
            at = row.end() + separator.end()


# A column named only "ID" (or "No.") is a row's key as often as a person's number: it is
# one beside a column of a person's e-mail, phone or birth date (a gradebook, a class list),
# and then only where its values are a record's code, five digits or more.
_BARE_ID = re.compile(r"(?i)id|nr\.?|no\.?|n[º°]\.?|番号|번호")
_PERSONAL = frozenset({"EMAIL", "PHONE", "BIRTHDATE", "ADDRESS"})
_RECORD = "RECORD"


def _bare_ids(names: list[str], labels: dict[int, str]) -> None:
    if not _PERSONAL.intersection(labels.values()):
        return
    for column, name in enumerate(names):
        if column not in labels and _BARE_ID.fullmatch(name):
            labels[column] = _RECORD


def _record_number(cell: str) -> bool:
    return sum(c.isdigit() for c in cell) >= 5 and not any(c.isspace() for c in cell)


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
        if sum(1 for n in names if n) < 2 or header.count(delimiter) == 0:
            continue
        labels = {}
        for column, name in enumerate(names):
            match = _COLUMN.match(name.replace(" ", "_").replace("-", "_"))
            if match and match.lastgroup:
                labels[column] = match.lastgroup
        if not labels:
            continue
        _bare_ids(names, labels)
        for below in range(row + 1, len(lines)):
            if re.fullmatch(r"[\s|:+\-=]+", lines[below]):
                continue  # a Markdown table's rule under its header
            cells = _cells(lines[below], delimiter)
            if len(cells) < len(names):
                break  # the table ended
            for column, label in labels.items():
                a, b = cells[column]
                while a < b and lines[below][a] == " ":
                    a += 1
                while b > a and lines[below][b - 1] == " ":
                    b -= 1
                if b - a >= 4 and (label != _RECORD or _record_number(lines[below][a:b])):
                    yield (
                        offsets[below] + a,
                        offsets[below] + b,
                        "ID" if label == _RECORD else label,
                    )
        return


def table_finders() -> list[Finder]:
    """Both finders: a table's columns, an INSERT's columns."""
    return [_table_columns, _insert_columns]
