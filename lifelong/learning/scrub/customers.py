"""A shop's customer, client, member and loyalty-card numbers after their label, in the
languages shops are run in ("Kundennummer KD08780588", "carte fidélité n° 5795...",
"Müşteri no ...", "会员号 VIP..."): each is one person's, as an account number is.
See :mod:`lifelong.learning.scrub.scrubber`.

The value must hold four digits in a row or more, in capitals, digits and dashes: a label
followed by words ("customer service", "client number format") finds nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lifelong.learning.scrub.documents import specimen
from lifelong.learning.scrub.rules import Finder, Folded, Span

__all__ = ["customer_finders"]

_NUMBER = r"(?:\s?(?:number|no\.?|nr\.?|n[°º]|#|id|num[ée]ro|n[úu]mero|numer|nummer))?"
_CUSTOMER_LABEL = Folded(
    r"(?:(?<![a-zà-ÿ])(?:customer|client|buyer|member(?:ship)?|loyalty(?: card)?|"
    rf"rewards?(?: card)?|club card){_NUMBER}|"
    r"(?<![a-zà-ÿ])(?:kunden-?(?:nummer|nr\.?|karte|konto)|kd\.?-?nr\.?|mitgliedsnummer|"
    r"bonuskarte|num[ée]ro (?:de )?client|n[°º] (?:de )?client|carte (?:de )?fid[ée]lit[ée]"
    r"(?: n[°º])?|n[úu]mero de (?:cliente|socio)|n[ºo°] de (?:cliente|socio)|"
    r"tarjeta de fidelidad|cart[ãa]o (?:de )?fidelidade|codice cliente|numero cliente|"
    r"tessera (?:fedelt[àa]|punti)|klantnummer|klantnr\.?|klantenkaart|lidnummer|"
    r"numer klienta|klient(?:a|ki)? nr\.?|nr klienta|karta lojalno\w*|"
    r"m[üu][şs]teri (?:numaras[ıi]|no\.?)|[üu]ye (?:numaras[ıi]|no\.?)|sadakat kart\w*|"
    r"номер клиента|номер карты лояльности|клиент №|"
    r"m[ãa] kh[áa]ch h[àa]ng|nomor pelanggan|nomor member)(?![a-zà-ÿ])|"
    r"会员号|会员卡号|會員號|會員卡號|客户编号|客戶編號|顾客编号|顧客編號|会員番号|"
    r"お客様番号|顧客番号|회원\s?번호|고객\s?번호|멤버십\s?번호)"
)
_VALUE = re.compile(
    r"[\s:：#№=-]{0,4}(?:(?:is|ist|est|es|é|jest|:)\s+)?"
    r"(?P<value>(?=[A-Z0-9-]*\d{4})[A-Z0-9][A-Z0-9-]{3,19}[A-Z0-9])(?![\w-])"
)


# An invoice named before the label: the turn pastes a supplier's invoice, whose customer
# number is the shop's own account there, no person's.
_INVOICE_BEFORE = Folded(
    r"(?<![a-z])(?:invoice|rechnung|facture|factura|fattura|fatura|faktura|factuur|счет|"
    r"счёт)(?![a-z])|請求書|发票|發票|청구서"
)


def _customer_numbers(text: str, lower: str) -> Iterator[Span]:
    for label in _CUSTOMER_LABEL.finditer(text, lower):
        if _INVOICE_BEFORE.search(text, lower, max(0, label.start() - 80), label.start()):
            continue
        match = _VALUE.match(text, label.end())
        if match is None or specimen(match["value"]):
            continue
        yield *match.span("value"), "ID"


def customer_finders() -> list[Finder]:
    """Every finder of this module."""
    return [_customer_numbers]
