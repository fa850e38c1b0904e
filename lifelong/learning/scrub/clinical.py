"""Personal data by its place in a record's structure: the fields of an HL7 v2 ``PID`` segment,
the patient's tags of a DICOM header (``dcmdump`` and ``pydicom`` print them), a FHIR
resource's identifier, and the ``id`` of a person's record in a YAML or JSON list whose other
keys say it is a person's (a name, a birth date, an e-mail). The values have no shape of their
own (``20785526``, ``PAT08494166``): only where they stand says whose they are.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lifelong.learning.scrub.rules import Finder, Span

__all__ = ["clinical_finders"]

# PID-2..4 identifiers, PID-7 birth date, PID-11 address, PID-13 / 14 phones, PID-18 account,
# PID-19 SSN, PID-20 driving licence; the name (PID-5) is a name, not a number, and stays.
_PID_FIELDS = {2: "ID", 3: "ID", 4: "ID", 7: "BIRTHDATE", 11: "ADDRESS", 13: "PHONE",
               14: "PHONE", 18: "ID", 19: "ID", 20: "ID"}  # fmt: skip
_PID = re.compile(r"(?<![A-Za-z0-9])PID\|")
# Where a segment ends: a line break, or the next segment's name glued on by a paste that lost
# the carriage returns ("...|4914847189|PV1|1|O|").
_SEGMENT_END = re.compile(
    r"[\r\n]|(?:MSH|EVN|PD1|PV1|PV2|NK1|OBR|OBX|ORC|AL1|DG1|IN1|IN2|GT1|NTE|ROL|MRG|SPM|TQ1|"
    r"Z[A-Z0-9]{2})\|"
)


def _components(text: str, start: int, end: int) -> Iterator[tuple[int, int, int]]:
    """(index, start, end) of each ``^``-separated component of a field, repeats included."""
    at = start
    for index, part in enumerate(re.split(r"[\^~]", text[start:end])):
        yield index, at, at + len(part)
        at += len(part) + 1


def _pid_value(label: str, index: int, value: str) -> bool:
    digits = sum(c.isdigit() for c in value)
    if label == "PHONE":
        return digits >= 5
    if label == "ADDRESS":
        return index == 0 and digits >= 1 and len(value) >= 4
    if label == "BIRTHDATE":
        return index == 0 and digits >= 8
    return index == 0 and digits >= 4


def _hl7(text: str, lower: str) -> Iterator[Span]:
    if "PID|" not in text:
        return
    for match in _PID.finditer(text):
        end = _SEGMENT_END.search(text, match.end())
        stop = end.start() if end is not None else len(text)
        field, at = 1, match.end()
        for part in text[match.end() : stop].split("|"):
            label = _PID_FIELDS.get(field)
            if label is not None:
                for index, a, b in _components(text, at, at + len(part)):
                    if _pid_value(label, index, text[a:b]):
                        yield a, b, label
            at += len(part) + 1
            field += 1


# The patient's tags: PatientID, BirthDate, OtherPatientIDs, Address, Telephones, and the
# study's AccessionNumber (the order of that patient's exam at that hospital).
_DICOM_TAGS = {"0010,0020": "ID", "0010,0030": "BIRTHDATE", "0010,1000": "ID",
               "0010,1040": "ADDRESS", "0010,2154": "PHONE", "0008,0050": "ID",
               "0010,1002": "ID"}  # fmt: skip
# "(0010,0020) LO [PAT08494166]" (dcmdump) or "(0010, 0020) Patient ID   LO: 'PAT08494166'".
_DICOM = re.compile(
    r"\((?P<group>[0-9A-Fa-f]{4}),\s?(?P<element>[0-9A-Fa-f]{4})\)[^\n\[':]{0,60}?"
    r"(?:\[(?P<bracketed>[^\]\n]+)\]|[A-Z]{2}:\s*'(?P<quoted>[^'\n]+)')"
)


def _dicom(text: str, lower: str) -> Iterator[Span]:
    if "(0010," not in text and "(0008," not in text:
        return
    for match in _DICOM.finditer(text):
        label = _DICOM_TAGS.get(f"{match['group']},{match['element']}".upper())
        group = "bracketed" if match["bracketed"] is not None else "quoted"
        if label is not None and any(c.isdigit() for c in match[group]):
            yield *match.span(group), label


# A FHIR resource's identifier: its "value" a few keys after "identifier" (the "system" and
# "use" keys stand between them).
_FHIR_IDENTIFIER = re.compile(
    r'"identifier"\s*:\s*\[?\s*\{[^{}\]]{0,300}?"value"\s*:\s*"(?P<value>[^"\n]{4,40})"'
)


def _fhir(text: str, lower: str) -> Iterator[Span]:
    if '"identifier"' not in text:
        return
    for match in _FHIR_IDENTIFIER.finditer(text):
        if any(c.isdigit() for c in match["value"]):
            yield *match.span("value"), "ID"


# A record's key in a YAML or JSON list ("- id: "20171783"", ""id": 20171783,"), and the keys
# beside it that say the record is a person's.
_RECORD_ID = re.compile(
    r"(?im)^[ \t]*(?:-[ \t]+)?[\"']?(?:id|nr|no|number|nummer|numero)[\"']?[ \t]*:[ \t]*"
    r"[\"']?(?P<value>[A-Za-z]{0,3}-?\d{5,12})[\"']?[ \t]*,?[ \t]*$"
)
_PERSON_KEY = re.compile(
    r"(?im)^[ \t]*(?:-[ \t]+)?[\"']?\w*(?:name|birth|geburt|naiss|nacim|nascit|dob|e?mail|"
    r"phone|telefon|handy|mobile|address|adresse|anschrift)\w*[\"']?[ \t]*:"
)


def _records(text: str, lower: str) -> Iterator[Span]:
    if ":" not in text or "\n" not in text:
        return
    for match in _RECORD_ID.finditer(text):
        # the record's other keys: the few lines after its id (and before it, in JSON)
        window = text[max(0, match.start() - 200) : match.end() + 300]
        if len(_PERSON_KEY.findall(window)) >= 2:
            yield *match.span("value"), "ID"


def clinical_finders() -> list[Finder]:
    """Every finder of this module."""
    return [_hl7, _dicom, _fhir, _records]
