"""Gift cards' and vouchers' codes: whoever reads one can spend it, so it is a secret like a
password. People paste them to split a present, run a raffle or ask how to redeem one ("the
Google Play code is NDDMY-NY9MX-8S7V2", "Amazonギフト券のコード XYBRGFJ7QXK4L5TB", "كارت هدية
كود ...", a numbered list of codes under "Steam codes:").

A value is a redemption code's shape (groups of capitals and digits joined by hyphens or
spaces, or one run of 12 to 20 of them, letters and digits mixed) with a word for a gift card
or a voucher, or the name of a store that sells them, before it in the turn. A shop's promo
code ("SUMMER20") is short and public: it is not this shape.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lifelong.learning.scrub.rules import Finder, Folded, Span

__all__ = ["voucher_finders"]

# A gift card or a voucher, in the languages people chat in.
_GIFT_WORDS = (
    r"gift ?cards?|gift ?codes?|gift ?vouchers?|e-?gift|voucher|redeem\w*|redemption|prepaid|"
    r"geschenk(?:karte|gutschein|code)\w*|gutschein\w*|carte[s]? cadeau|code cadeau|bon d'achat|"
    r"tarjeta (?:de )?regalo|c[óo]digo de regalo|cart[ãa]o[- ]presente|vale[- ]presente|"
    r"buono regalo|carta regalo|karta podarunkowa|kod podarunkowy|bon podarunkowy|"
    r"cadeaukaart|cadeaubon|presentkort|gavekort|lahjakortti|hediye (?:kart\w*|çeki)|"
    r"подарочн\w+ (?:карт\w*|сертификат\w*)|th[ẻe] qu[àa] t[ặa]ng|kode voucher|"
    r"ギフト券|ギフトカード|ギフトコード|礼品卡|禮品卡|兑换码|兌換碼|기프트\s?카드|상품권|"
    r"كارت هدية|بطاقة هدية|قسيمة|גיפט ?קארד|שובר|गिफ्ट कार्ड|บัตรของขวัญ"
)
# Stores and platforms whose cards are sold with such codes: their name says what the code is.
_STORES = (
    r"google play|itunes|app store|apple gift|steam|psn|playstation|xbox|nintendo|eshop|"
    r"amazon|walmart|best buy|zalando|spotify|netflix|roblox|robux|v-bucks|fortnite|"
    r"razer gold|paysafecard|starbucks|ikea|sephora|liverpool|fnac|mediamarkt|bol\.com|"
    r"douglas|riot|valorant|blizzard|battle\.net|ea play|twitch|discord nitro|"
    r"アマゾン|楽天|쿠팡"
)
_NEAR = Folded(rf"(?<![a-z])(?:{_GIFT_WORDS}|{_STORES})(?![a-z])")
_NEEDS = (
    "gift", "voucher", "redeem", "prepaid", "geschenk", "gutschein", "cadeau", "regalo",
    "presente", "podarunk", "present", "gave", "lahja", "hediye", "подароч", "quà", "ギフト",
    "礼品", "禮品", "兑换", "兌換", "기프트", "상품권", "هدية", "قسيمة", "גיפט", "שובר", "गिफ्ट",
    "ของขวัญ", "google play", "itunes", "app store", "steam", "psn", "playstation", "xbox",
    "nintendo", "eshop", "amazon", "walmart", "zalando", "spotify", "netflix",
    "roblox", "fortnite", "razer", "paysafecard", "starbucks", "liverpool", "アマゾン", "楽天",
)  # fmt: skip
# Groups of capitals and digits (SHRH-9R4B-J4XX, 2BE3 PXDJ D3MQ X2Z3 HZLH), or one run.
_CODE = re.compile(
    r"(?<![\w-])(?P<value>[A-Z0-9]{3,6}(?:(?P<sep>[- ])[A-Z0-9]{3,7})(?:(?P=sep)[A-Z0-9]{3,7}){1,4}"
    r"|[A-Z0-9]{12,20})(?![\w-])"
)


def _code_shaped(value: str) -> bool:
    """Letters and digits mixed over the whole, as a store's generator makes them; in groups
    parted by spaces, digits in two of them at least (not "THE BEST 2 DAYS IN 2024")."""
    compact = re.sub(r"[- ]", "", value)
    digits = sum(c.isdigit() for c in compact)
    letters = len(compact) - digits
    if not 12 <= len(compact) <= 25 or digits < 2 or letters < 3:
        return False
    groups = value.split(" ")
    return len(groups) == 1 or sum(any(c.isdigit() for c in g) for g in groups) >= 2


def _voucher_codes(text: str, lower: str) -> Iterator[Span]:
    if not any(word in lower for word in _NEEDS):
        return
    for match in _CODE.finditer(text):
        if not _code_shaped(match["value"]):
            continue
        # The card's words stand before its code: on its line, or over a list of codes.
        window = max(0, match.start() - 200)
        if _NEAR.search(text, lower, window, match.start()) is not None:
            yield *match.span("value"), "PASSWORD"


def voucher_finders() -> list[Finder]:
    """Every finder of this module."""
    return [_voucher_codes]
