"""What every finder of the scrubber is: a callable from a text (and its lower-cased copy) to
the spans it finds, each with the placeholder label it becomes; and :class:`Rule`, the finder
made of one regex with its checks.
"""

from __future__ import annotations

import functools
import importlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

__all__ = ["TOKEN_CHARS", "Finder", "Folded", "Rule", "Span", "named_as_reference", "stdnum"]

Span = tuple[int, int, str]  # start, end, placeholder label
Finder = Callable[[str, str], Iterator[Span]]  # (text, text.lower()) -> spans

TOKEN_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


@functools.cache
def stdnum(module: str) -> Any:
    """python-stdnum's ``stdnum.<module>`` (its checks of national numbers), imported on first
    use and once: importing the scrubber does not load the modules it may never need."""
    return importlib.import_module(f"stdnum.{module}")


_NEXT_WORD = re.compile(r"\s+")

# What a value named right before it as a reference is: an order's, a parcel's, a booking's,
# a flight's, a seat's, a network's number or name is nobody's secret ("Bestellnummer 5031...",
# "flight BA2490", "your order SO-48213", "运单号 ...", "my wifi network Vodafone-A3B7").
_REFERENCE_BEFORE = re.compile(
    r"(?i)(?<![a-z])(?:order|invoice|tracking|reference|ref|ticket|transaction|booking|"
    r"confirmation|shipment|parcel|bestell\w*|rechnung\w*|sendung\w*|commande|facture|colis|"
    r"pedido|factura|env[íi]o|ordine|fattura|spedizione|bestelling|zam[óo]wieni\w*|sipari[şs]|"
    r"заказ\w*|订单|訂單|运单|快递单|注文|伝票|주문|송장|운송장|đơn hàng|pesanan|resi|طلب|הזמנה|"
    r"ऑर्डर|flight|flug|vuelo|vol|voo|volo|buchung|reserva|réservation|billet|seat|sitz|"
    r"asiento|gate|room|zimmer|chambre|pnr|sku|item|article|artikel|model|modell|bus|train|zug|"
    r"tren|route|platform|gleis|paket|case|network|netzwerk|netwerk|réseau|rede|rete|wlan|ssid|"
    r"waybill|awb|consignment|gu[íi]a|frachtbrief|lettre de voiture|list przewozowy)"
    r"[\s:：#№.-]{0,4}(?:(?:number|nummer|num[ée]ro|n[úu]mero|numer|no\.?|nr\.?|n[º°o]\.?|id|"
    r"name|号码?|番号|번호|mã|nomor|رقم|מספר)[\s:：#№.]{0,3}"
    # "my order number is ...": a verb only after the word for a number, not "the order is"
    r"(?:(?:is|was|es|ist|est|é|è|je|jest|är|er|on)[\s:]{1,3})?)?[\s:：#№.]{0,3}$"
)


def named_as_reference(text: str, start: int, reach: int = 30) -> bool:
    """Whether the words right before ``text[start:]`` name what follows as a reference (an
    order, a parcel, a flight, a seat, a network ...) rather than as somebody's data."""
    return _REFERENCE_BEFORE.search(text, max(0, start - reach), start) is not None


@dataclass(frozen=True, slots=True)
class Rule:
    """One regex: its match (or the named group ``secret``) becomes ``[label]`` when ``check``
    accepts the matched text. ``widen`` extends a match over adjacent characters of a set
    (a token's tail past a fixed-length pattern); ``needs``: substrings of the lower-cased
    text of which one must occur for the regex to run at all (the cheap path)."""

    label: str
    pattern: re.Pattern[str]
    check: Callable[[str], bool] | None = None
    widen: frozenset[str] | None = None
    needs: tuple[str, ...] = ()
    gate: re.Pattern[str] | None = None  # or a regex that must find something in it

    def __call__(self, text: str, lower: str) -> Iterator[Span]:
        if self.needs and not any(n in lower for n in self.needs):
            return
        if self.gate is not None and not self.gate.search(lower):
            return
        group = "secret" if "secret" in self.pattern.groupindex else 0
        at = 0
        while (match := self.pattern.search(text, at)) is not None:
            start, end = match.span(group)
            at = match.end() if match.end() > match.start() else match.start() + 1
            if start == end or (self.check is not None and not self.check(match.group(group))):
                # Refused: the text it spanned may still hold a match that starts at a later
                # word ("me at john dot smith at gmail dot com": the address is the rest).
                space = _NEXT_WORD.search(text, match.start())
                at = space.end() if space is not None else len(text)
                continue
            if self.widen is not None:
                while start > 0 and text[start - 1] in self.widen:
                    start -= 1
                while end < len(text) and text[end] in self.widen:
                    end += 1
            yield start, end, self.label


class Folded:
    """A regex of words written in lower case, matched without regard to case: on the turn's
    lower-cased copy, which is about twice as fast as IGNORECASE on the turn (the cost of the
    long word lists of many languages); on the turn with IGNORECASE where lower-casing changed
    its length ("İ" becomes two characters), so that every span found holds in the turn."""

    __slots__ = ("_folded", "_ignoring")

    def __init__(self, pattern: str) -> None:
        self._folded = re.compile(pattern)
        self._ignoring = re.compile(pattern, re.IGNORECASE)

    def _for(self, text: str, lower: str) -> tuple[re.Pattern[str], str]:
        return (self._folded, lower) if len(lower) == len(text) else (self._ignoring, text)

    def finditer(
        self, text: str, lower: str, pos: int = 0, endpos: int | None = None
    ) -> Iterator[re.Match[str]]:
        pattern, subject = self._for(text, lower)
        return pattern.finditer(subject, pos, len(subject) if endpos is None else endpos)

    def search(
        self, text: str, lower: str, pos: int = 0, endpos: int | None = None
    ) -> re.Match[str] | None:
        pattern, subject = self._for(text, lower)
        return pattern.search(subject, pos, len(subject) if endpos is None else endpos)

    def fullmatch(self, text: str) -> bool:
        return self._ignoring.fullmatch(text) is not None
