"""The numbered fields of the EU's harmonised documents, as a scan of one prints them: a
driving licence's "3." (date and place of birth) and "5." (the licence's number), a vehicle
registration certificate's "A" (the plate) and "E" (the VIN). Every member state's (and the
UK's) photocard licence and registration certificate number their fields the same way, in
whatever language the labels are; so the field's number says what the value is, in a turn
that names the document.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lifelong.learning.scrub.rules import Finder, Folded, Span

__all__ = ["field_finders"]

_LICENCE = Folded(
    r"driving licen[cs]e|driver'?s licen[cs]e|führerschein|permis de conduire|patente di guida|"
    r"carnet de conducir|permiso de conducir|rijbewijs|prawo jazdy|carta de condu[çc][ãa]o|"
    r"körkort|kørekort|førerkort|ajokortti|řidičský průkaz|vezetői engedély|ehliyet|"
    r"водительское удостоверение"
)
_REGISTRATION = Folded(
    r"zulassungsbescheinigung|fahrzeugschein|registration certificate|v5c|"
    r"certificat d'immatriculation|carte grise|carta di circolazione|permiso de circulaci[óo]n|"
    r"kentekenbewijs|dowód rejestracyjny|certificado de matr[íi]cula|registreringsbevis|"
    r"osvědčení o registraci|forgalmi engedély|ruhsat"
)
_STEMS = ("licen", "führer", "permis", "patente", "carnet", "rijbewijs", "prawo", "carta",
          "körkort", "kørekort", "førerkort", "ajokortti", "řidičský", "vezetői", "ehliyet",
          "водительск", "zulassung", "fahrzeugschein", "registration", "v5c", "certifica",
          "carte grise", "kenteken", "dowód", "registrerings", "osvědčení", "forgalmi",
          "ruhsat")  # fmt: skip
# A licence's field 3 (its date first) and field 5; a registration's field A and E.
_LICENCE_FIELD = re.compile(
    r"(?m)^[ \t]*(?:3\.[ \t]+(?P<birth>\d{2}[./-]\d{2}[./-]\d{2,4})"
    r"|5\.[ \t]+(?P<number>(?=[A-Z0-9 ]*\d)[A-Z0-9]{2,}(?: [A-Z0-9]+){0,3})(?![\w]))"
)
_REGISTRATION_FIELD = re.compile(
    r"(?m)^[ \t]*(?:A[ \t]+(?P<plate>(?=[A-Z0-9 -]*\d)[A-ZÄÖÜ][A-ZÄÖÜ0-9 -]{2,10}[A-Z0-9])"
    r"|E[ \t]+(?P<vin>[A-HJ-NPR-Z0-9]{17}))[ \t]*$"
)


def _document_fields(text: str, lower: str) -> Iterator[Span]:
    if "\n" not in text or not any(stem in lower for stem in _STEMS):
        return
    if _LICENCE.search(text, lower):
        for match in _LICENCE_FIELD.finditer(text):
            if match["birth"]:
                yield *match.span("birth"), "BIRTHDATE"
            else:
                yield *match.span("number"), "ID"
    if _REGISTRATION.search(text, lower):
        for match in _REGISTRATION_FIELD.finditer(text):
            if match["plate"]:
                yield *match.span("plate"), "PLATE"
            else:
                yield *match.span("vin"), "ID"


def field_finders() -> list[Finder]:
    """Every finder of this module."""
    return [_document_fields]
