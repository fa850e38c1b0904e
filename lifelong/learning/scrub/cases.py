"""The numbers an agency gives a person's own case: an immigration office's receipt, file,
grant and transaction reference numbers ("USCIS receipt number IOE0912345678", "VEVO grant
number 28160636", "I-94 admission record number"), a benefit office's claim and client
numbers ("EI claim number", "numéro d'allocataire CAF", "Aktenzeichen" at the Jobcenter), in
a turn that names such an agency or benefit.

A "case number" or a "reference" alone is as often a shop's or a help desk's (a reference, see
:func:`~lifelong.learning.scrub.rules.named_as_reference`); at a visa office or a benefit
office it is the person's file, and whoever holds it can read or act on that file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lifelong.learning.scrub.documents import specimen
from lifelong.learning.scrub.rules import Finder, Folded, Span

__all__ = ["case_finders"]

# Immigration, benefit and pension offices and what they grant, in the languages people deal
# with them in.
_AGENCY = Folded(
    r"uscis|ircc|vevo|immi ?account|home office|ukvi|bamf|ausl[äa]nderbeh[öo]rde|"
    r"pr[ée]fecture|ofii|extranjer[íi]a|questura|migrationsverket|"
    # (a visa, not the card: "Paid with Visa")
    r"visa (?:application|grant|status|number|appointment|interview|subclass)|"
    r"(?:student|work|tourist|spouse|partner|holiday|schengen|business|h-1b|f-1|j-1|my) visa|"
    r"visum|vize|виз[аыу]|签证|簽證|ビザ|비자|green card|(?<![a-z])i-\d{2,3}(?![\d])|"
    r"asylum|asiel|asyl|citizenship|naturali[sz]|einb[üu]rgerung|immigra|inmigra|"
    r"employment insurance|service canada|centrelink|universal credit|jobcentre|jobcenter|"
    r"social security|unemployment|arbeitsagentur|arbeitslosengeld|b[üu]rgergeld|kindergeld|"
    r"elterngeld|wohngeld|allocataire|allocation|p[ôo]le emploi|france travail|"
    r"(?<![a-z])(?:sepe|inps|naspi|uwv|zus|dwp|hmrc)(?![a-z])|pension|benefit|subsid|"
    r"субсиди|пособи|пенси|年金|生活保護|补贴|低保"
)
# Agencies known by capitals that are words in lower case ("IND", "EI", "CAF").
_AGENCY_CAPITALS = re.compile(r"\b(?:IND|EI|CAF|SSA|CRA|CBP|OFII|DHS|CPF|MSD|WINZ)\b")
# The number's name: "receipt number", "claim no.", "numéro d'allocataire", "Aktenzeichen".
_CASE_NUMBER = Folded(
    r"(?<![a-z])(?:(?:number|nummer|num[ée]ro|n[úu]mero|numer|номер)\s+(?:d[e']\s*|of\s+|di\s+|"
    r"do\s+|da\s+)?)?"
    r"(?:receipt|case|claim|file|application|grant|client|customer reference|reference|"
    r"transaction reference|trn|uci|admission record|a-number|alien (?:registration )?number|"
    r"allocataire|dossier|aktenzeichen|gesch[äa]ftszeichen|kundennummer|bg-nummer|"
    r"expediente|solicitud|pratica|domanda|zaak|v-nummer|sprawy|wniosku|ba[şs]vuru|дела|"
    r"заявлени\w*|справи)(?![a-z])"
    r"(?:\s*(?:number|nummer|num[ée]ro|n[úu]mero|numer|numaras[ıi]|no\.?|nr\.?|n[º°]|#|номер))?"
    # (the agency's name may stand between: "numéro d'allocataire CAF est 1947266")
    r"(?:(?:\s+[^\s\d]{1,12}){0,2}?\s*(?:is|est|es|ist|é|è|was|lautet|:|=)|\s*[#:—–-])?\s*"
)
_VALUE = re.compile(
    r"(?<![0-9A-Za-z_-])(?P<value>[A-Z0-9][A-Z0-9./-]{4,22}[A-Z0-9])(?![0-9A-Za-z_-]|[./]\w)"
)
_STEMS = ("receipt", "case", "claim", "file", "application", "grant", "client", "reference",
          "trn", "uci", "admission", "a-number", "alien", "allocataire", "dossier",
          "aktenzeichen", "zeichen", "kundennummer", "bg-nummer", "expediente", "solicitud",
          "pratica", "domanda", "zaak", "v-nummer", "sprawy", "wniosku", "vuru", "дела",
          "заявлени", "справи")  # fmt: skip


def _numbered(value: str) -> bool:
    """A file's number: five digits or more, or letters with three digits or more; not a
    year, a date or a specimen."""
    digits = sum(c.isdigit() for c in value)
    letters = sum(c.isalpha() for c in value)
    if re.fullmatch(r"\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|(?:19|20)\d\d", value):
        return False
    return (digits >= 5 or (digits >= 3 and letters >= 2)) and not specimen(value)


def _case_numbers(text: str, lower: str) -> Iterator[Span]:
    if not any(stem in lower for stem in _STEMS):
        return
    if not (_AGENCY.search(text, lower) or _AGENCY_CAPITALS.search(text)):
        return
    for name in _CASE_NUMBER.finditer(text, lower):
        match = _VALUE.match(text, name.end())
        if match is not None and _numbered(match["value"]):
            yield *match.span("value"), "ID"


def case_finders() -> list[Finder]:
    """Every finder of this module."""
    return [_case_numbers]
