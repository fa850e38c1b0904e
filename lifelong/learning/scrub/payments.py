"""Where a person is paid: the handles, links and keys of payment apps, pasted to split a bill
or collect for a present ("send to @Liv-Brooks via Venmo", "paypal.me/lenaufdy45",
"Revolut: revolut.me/soph", "UPI: priya465@okaxis", "Pix: <random key>", "Vipps 919 60 791").
Each names one person's account, as a phone number or an e-mail does.

A payment link is one wherever it stands. A handle, a UPI address, a Pix key or a phone
number is one when a payment app is named near it (before or after: "... via Venmo pls"); a
UPI address with a bank's handle ("@okaxis", "@ybl") is one anywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lifelong.learning.scrub.rules import Finder, Folded, Span

__all__ = ["payment_finders"]

# Links that open a person's payment page: the last part is the person.
_PAYMENT_LINK = re.compile(
    r"(?i)(?<![\w.])(?:https?://)?(?:www\.)?(?:paypal\.me|paypal\.com/paypalme|revolut\.me|"
    r"venmo\.com(?:/u)?|account\.venmo\.com/u|cash\.app|monzo\.me|wise\.com/pay/me|"
    r"bunq\.me|lydia-app\.com/collect|paylib\.fr|qr\.swish\.nu|buymeacoffee\.com|ko-fi\.com)"
    r"/\$?[\w.-]{2,40}(?<![.-])"
)
# The apps people are paid through, in the countries that use them.
_APPS = (
    r"venmo|paypal|revolut|cash ?app|cashapp|zelle|monzo|bunq|paylib|bizum|twint|"
    r"swish|vipps|mobilepay|mobile pay|blik|upi|vpa|gpay|google pay|phonepe|paytm|bhim|"
    # ("pix" is also slang for pictures: the payment's only as a key or a way to pay)
    r"pix(?=\s*[:(])|chave pix|(?:via|no|pelo|por|meu|minha) pix|pix key|"
    r"gcash|paymaya|m-?pesa|mb way|mbway|satispay|"
    r"promptpay|พร้อมเพย์|微信支付|支付宝|支付寶|kakaopay|카카오페이|토스|paypay|line pay"
)
_APP = Folded(rf"(?<![a-z0-9])(?:{_APPS})(?![a-z0-9])")
_APP_STEMS = (
    "venmo", "paypal", "revolut", "cash", "zelle", "monzo", "bunq", "paylib", "bizum",
    "twint", "swish", "vipps", "mobilepay", "mobile pay", "blik", "upi", "vpa", "pay",
    "phonepe", "paytm", "bhim", "pix", "gcash", "pesa", "mb way", "mbway", "พร้อมเพย์", "支付",
    "카카오페이", "토스",
)  # fmt: skip
# A handle (@Liv-Brooks, $cashtag), a UPI address (name@bank, no dot after the "@"), a Pix
# random key (a UUID), or a phone number (Vipps, Swish, Bizum, MobilePay and M-Pesa pay to one).
_HANDLE = re.compile(
    r"(?<![\w@$])(?:@|\$)(?=[\w.-]*[A-Za-z])[A-Za-z0-9][\w.-]{1,30}(?<![.-])(?![\w@])"
)
_VPA = re.compile(r"(?<![\w.@-])[A-Za-z0-9][\w.-]{1,40}@[a-z]{2,20}(?![\w@.-]|\.\w)")
_UUID = re.compile(
    r"(?i)(?<![\w-])[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![\w-])"
)
_PHONE = re.compile(r"(?<![\w+])\+?\d[\d ]{6,15}\d(?![\d,.]?\d)")
# The handles of India's banks in a UPI address: the address is one wherever it stands.
_UPI_BANKS = frozenset((
    "okaxis", "okhdfcbank", "okicici", "oksbi", "ybl", "ibl", "axl", "paytm", "upi", "apl",
    "yapl", "fbl", "kotak", "icici", "sbi", "hdfcbank", "axisbank", "barodampay", "aubank",
    "indus", "pnb", "boi", "cnrb", "freecharge", "jupiteraxis", "slice", "waaxis", "wahdfcbank",
    "wasbi", "naviaxis", "ikwik", "idfcbank", "rbl", "federal", "airtel", "jio", "postbank",
    "unionbank", "mahb", "kbl", "yesbank", "axisb", "abfspay", "ptyes", "ptsbi", "pthdfc",
    "ptaxis", "superyes",
))  # fmt: skip
# How far from the app's name a value may stand ("split 355 ..., half goes to Imogen
# (Revolut: @soph) and half to ...").
_REACH = 90


def _payment_links(text: str, lower: str) -> Iterator[Span]:
    if any(d in lower for d in (".me/", "venmo.com", "cash.app", "/pay/me", "collect/",
                                "paylib.fr", "swish.nu", "coffee.com/", "ko-fi.com/")):  # fmt: skip
        for match in _PAYMENT_LINK.finditer(text):
            yield *match.span(), "PROFILE"


def _near_app(text: str, lower: str, start: int, end: int) -> bool:
    return (
        _APP.search(text, lower, max(0, start - _REACH), min(len(text), end + _REACH)) is not None
    )


# An amount, not a number: a currency right before or after it ("12 500 000 kr").
_CURRENCY_AFTER = re.compile(
    r"(?i)\s*(?:kr|sek|nok|dkk|eur|brl|chf|inr|rs\.?|r\$|reais|€|\$|₹|£|,-)"
)


def _phone_shaped(text: str, start: int, end: int) -> bool:
    digits = text[start:end].replace(" ", "").lstrip("+")
    if _CURRENCY_AFTER.match(text, end) or text[max(0, start - 2) : start].strip() in (
        "$", "€", "£", "₹", "R$", "kr",
    ):  # fmt: skip
        return False
    # (a Swedish "123 ..." number is a business's or a club's Swish, printed for anyone)
    return 8 <= len(digits) <= 13 and not digits.startswith("123")


def _paid_values(text: str, lower: str) -> Iterator[Span]:
    if not any(stem in lower for stem in _APP_STEMS):
        return
    for pattern, label in ((_HANDLE, "PROFILE"), (_VPA, "ACCOUNT"), (_UUID, "ACCOUNT"),
                           (_PHONE, "PHONE")):  # fmt: skip
        for match in pattern.finditer(text):
            if label == "PHONE" and not _phone_shaped(text, *match.span()):
                continue
            if _near_app(text, lower, *match.span()):
                yield *match.span(), label


def _upi_addresses(text: str, lower: str) -> Iterator[Span]:
    if "@" not in text:
        return
    for match in _VPA.finditer(text):
        if match[0].rsplit("@", 1)[1].lower() in _UPI_BANKS:
            yield *match.span(), "ACCOUNT"


def payment_finders() -> list[Finder]:
    """Every finder of this module."""
    return [_payment_links, _upi_addresses, _paid_values]
