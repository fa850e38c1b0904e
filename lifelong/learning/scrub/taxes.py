"""Tax numbers: a sole trader's or a freelancer's VAT number (in an invoice's signature, on a
quote: "USt-IdNr.: DE...", "P.IVA IT...", "btw-id NL...B01", "VAT reg GB 123 4567 89"), and
the checksummed numbers of a person's tax and social insurance said by name (a Canadian SIN,
an Australian TFN, an Indian PAN). A sole trader's VAT number is their personal tax number
(Italy's and Spain's are the person's own codice fiscale / NIF), so it goes like any id.

A VAT number is a member state's prefix and its national number, which python-stdnum checks
(``stdnum.eu.vat``, ``stdnum.gb.vat``), in a turn that names a tax number in any of the
languages of the EU; a SIN or TFN, nine digits that pass its check, after its name.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

from lifelong.learning.scrub.documents import specimen
from lifelong.learning.scrub.rules import Finder, Folded, Span, stdnum

__all__ = ["tax_finders"]

_VAT = re.compile(
    r"(?<![A-Za-z0-9])(?P<value>(?:AT|BE|BG|CY|CZ|DE|DK|EE|EL|ES|FI|FR|HR|HU|IE|IT|LT|LU|LV|"
    r"MT|NL|PL|PT|RO|SE|SI|SK|XI|GB)[ .-]?[0-9A-Z](?:[ .-]?[0-9A-Z]){7,13})(?![A-Za-z0-9])"
)
# The words for a VAT or tax number in the EU's languages (and their abbreviations).
_TAX_WORDS = Folded(
    r"(?<![a-z])(?:vat|tva|iva|p\.? ?iva|partita iva|ust|ust-?id\w*|umsatzsteuer\w*|mwst|"
    r"uid|btw|btw-?(?:id|nummer|nr)|moms|cvr|se-?nr|nif|cif|nipc|nie|nip|dic|dič|ičo|"
    r"afm|αφμ|φπα|áfa|adószám|pvm|pvn|ddv|dds|käibemaks|kmkr|alv|y-tunnus|tax|vat reg|"
    r"steuer\w*|numéro de tva|intracom\w*|n° tva|identificación fiscal|codice fiscale)(?![a-z])"
)
_TAX_STEMS = ("vat", "tva", "iva", "ust", "mwst", "uid", "btw", "moms", "cvr", "nif", "cif",
              "nip", "dic", "dič", "afm", "αφμ", "φπα", "áfa", "adószám", "pvm", "pvn", "ddv",
              "dds", "kmkr", "alv", "tax", "steuer", "intracom", "fiscal", "se-nr",
              "nie")  # fmt: skip


@functools.cache
def _stdnum() -> tuple[Any, Any]:
    from stdnum.eu import vat
    from stdnum.gb import vat as gb_vat

    return vat, gb_vat


def _vat_ok(value: str) -> bool:
    compact = re.sub(r"[\s.-]", "", value)
    if sum(c.isdigit() for c in compact) < 7 or specimen(compact):
        return False
    vat, gb_vat = _stdnum()
    return bool(gb_vat.is_valid(compact) if compact.startswith("GB") else vat.is_valid(compact))


def _vat_numbers(text: str, lower: str) -> Iterator[Span]:
    if not any(stem in lower for stem in _TAX_STEMS) or not _TAX_WORDS.search(text, lower):
        return
    for match in _VAT.finditer(text):
        value = match["value"]
        # the longest prefix that passes: "DE310720676 IBAN" is not run into the next word
        for end in range(len(value), 8, -1):
            if value[end - 1].isalnum() and _vat_ok(value[:end]):
                yield match.start("value"), match.start("value") + end, "ID"
                break


# A Canadian SIN (NAS in French), an Australian TFN: nine digits in threes, after the name.
_NINE = r"(?P<value>\d{3}[ -]?\d{3}[ -]?\d{3})(?![\d])"
_SIN = re.compile(
    r"(?:\bSIN\b|(?i:social insurance(?: number| no\.?)?|num[ée]ro d'assurance sociale|\bNAS\b))"
    rf"\D{{0,60}}?(?<!\d){_NINE}"
)
_TFN = re.compile(r"(?:\bTFN\b|(?i:tax file(?: number| no\.?)?))" rf"\D{{0,60}}?(?<!\d){_NINE}")


@functools.cache
def _checks() -> tuple[Any, Any]:
    from stdnum.au import tfn
    from stdnum.ca import sin

    return sin, tfn


def _sin_tfn(text: str, lower: str) -> Iterator[Span]:
    if not any(w in lower for w in ("sin", "social insurance", "assurance sociale", "nas",
                                    "tfn", "tax file")):  # fmt: skip
        return
    sin, tfn = _checks()
    for pattern, module in ((_SIN, sin), (_TFN, tfn)):
        for match in pattern.finditer(text):
            value = match["value"]
            if not specimen(value) and module.is_valid(re.sub(r"\D", "", value)):
                yield *match.span("value"), "ID"


# An Indian PAN: five letters (the fourth says whose: P a person's, C a company's...), four
# digits and a letter, in a turn that names it.
_PAN = re.compile(r"(?<![A-Za-z0-9])[A-Z]{3}[PCHFATBLJG][A-Z]\d{4}[A-Z](?![A-Za-z0-9])")
_PAN_NAME = re.compile(r"\bPAN\b|(?i:permanent account number)")


def _pans(text: str, lower: str) -> Iterator[Span]:
    if "pan" in lower and _PAN_NAME.search(text):
        for match in _PAN.finditer(text):
            if len(set(match[0][5:9])) > 1 and len(set(match[0][:5])) > 1:  # not "AAAAA9999A"
                yield *match.span(), "ID"


# A business's or a person's tax number in the name its own country gives it, checked by
# python-stdnum: (the names, lower case, the stdnum module). A sole trader's is their own;
# a supplier's or a client's is still kept out of what is learned from.
_NATIONAL_TAX = (
    (r"vergi (?:kimlik )?(?:numaras[ıi]\w*|no\.?)|vkn", "tr.vkn"),
    (r"abn|australian business number", "au.abn"),
    (r"acn", "au.acn"),
    (r"cnpj", "br.cnpj"),
    (r"cpf", "br.cpf"),
    (r"partita iva|p\.? ?iva", "it.iva"),
    (r"gstin|gst (?:no\.?|number|in)", "in_.gstin"),
    (r"統編|統一編號|统一编号", "tw.ubn"),
    (r"统一社会信用代码|統一社會信用代碼|纳税人识别号|納稅人識別號|uscc", "cn.uscc"),
    (r"rfc", "mx.rfc"),
    (r"cuit|cuil", "ar.cuit"),
    (r"rut", "cl.rut"),
    (r"nit", "co.nit"),
    (r"ruc", "pe.ruc"),
    (r"ird(?: number| no\.?)?", "nz.ird"),
    (r"사업자\s?(?:등록\s?)?번호", "kr.brn"),
    (r"เลขประจำตัวผู้เสียภาษี", "th.tin"),
    (r"mã số thuế|mst", "vn.mst"),
    (r"npwp", "id.npwp"),
    (r"инн", "ru.inn"),
    (r"єдрпоу|едрпоу", "ua.edrpou"),
    (r"nip", "pl.nip"),
    (r"uid|mwst", "ch.uid"),
    (r"org\.? ?nr\.?|organisasjonsnummer", "no.orgnr"),
    (r"uen", "sg.uen"),
    (r"法人番号", "jp.cn"),
)  # fmt: skip
_NATIONAL_TAX_NAMED = [
    Folded(rf"(?<![a-zа-яё])(?:{names})(?![a-zа-яё])") for names, _ in _NATIONAL_TAX
]
# The number after its name: a few words between at most ("ABN of the cleaner is ...").
_TAX_VALUE = re.compile(
    r"[^\d\n]{0,30}?(?<![A-Za-z0-9])(?P<value>[0-9A-Z](?:[ .\-/]?[0-9A-Z]){6,19})"
)

# A capitalised word between the name and the number names whose it is: an organisation's.
_COMPANY_NAMED = re.compile(r"(?<!\w)[A-Z][\w&.-]+")


def _national_tax_numbers(text: str, lower: str) -> Iterator[Span]:
    for named, (_, module) in zip(_NATIONAL_TAX_NAMED, _NATIONAL_TAX, strict=True):
        for name in named.finditer(text, lower):
            match = _TAX_VALUE.match(text, name.end())
            if match is None:
                continue
            value, start = match["value"], match.start("value")
            if _COMPANY_NAMED.search(text, name.end(), start):
                continue  # "O CNPJ da Petrobras é ...": a named company's public record
            # the longest prefix that passes: "70 631 563 010 Do" is not run into the word
            for end in range(len(value), 6, -1):
                head = value[:end]
                compact = re.sub(r"[\s.\-/]", "", head)
                if head[-1].isalnum() and not specimen(compact) and _valid(module, compact):
                    yield start, start + end, "ID"
                    break


def _valid(module: str, compact: str) -> bool:
    try:
        return bool(stdnum(module).is_valid(compact))
    except Exception:  # a checker that cannot read the value (stdnum raises on odd input)
        return False


def tax_finders() -> list[Finder]:
    """Every finder of this module."""
    return [_vat_numbers, _sin_tfn, _pans, _national_tax_numbers]
