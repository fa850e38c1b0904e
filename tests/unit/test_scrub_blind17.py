"""Families of the scrubber found missing or over-eager on a corpus of small business owners
and support agents: the ordinary numbers of running a shop, which the learned second opinion
is not asked about (opening hours, error codes, barcodes, model and version numbers, ranges
of document numbers, CJK dates), and what the rules missed (vendors' key shapes, secrets
after their names, customer and loyalty numbers, tax numbers with their check digits). The
values are made up."""

from __future__ import annotations

import pytest

from lifelong.learning.scrub import Scrubber
from lifelong.learning.scrub.learned import candidates


def _judged(text: str) -> list[str]:
    return [text[start:end] for start, end in candidates(text)]


@pytest.fixture(scope="module")
def scrub() -> Scrubber:
    return Scrubber(learned=False)


@pytest.mark.parametrize(
    "text",
    [
        "Ab 2. Mai haben wir 08:30-19:30 offen, samstags 9h-14h.",
        "El TPV da 'error 0x2F0A' y luego código de error E-40912 al cobrar.",
        "Barcode on the jar is 5901234123457, can I print it on the label?",
        "Reicht ein Epson TM-T88VII oder ein Brother QL-820NWB für Etiketten?",
        "Nach dem Update auf Version 7.14.2 (Build 88213) stürzt die App ab.",
        "Notas de 001.204.001 até 001.204.090 foram canceladas.",
        "セール期間：3月1日10:00から3月8日23:59まで、送料無料にします。",
        "アプリ（バージョン 2.8.1）を更新したら、iPad（iPadOS 17.4）で落ちます。",
    ],
)
def test_ordinary_numbers_of_a_shop_are_not_offered_to_the_model(text: str) -> None:
    assert _judged(text) == []


@pytest.mark.parametrize(
    ("text", "judged"),
    [
        # a long value after an error word is no code: a key quoted in the message
        ("error: invalid key Zq81mPx0Lw9Tr55KaaP3", ["Zq81mPx0Lw9Tr55KaaP3"]),
        # a barcode's shape without a word for one: a number, still judged
        ("ring me back on 5901234123457 please", ["5901234123457"]),
        # a value after a password's word in CJK text is its own token
        ("WiFi密码：lanmao77821。谢谢", ["lanmao77821"]),
        # two accounts of one shape "from ... to ..." are no run of documents
        ("moved it from 30418822 to 71200934 yesterday", ["30418822", "71200934"]),
    ],
)
def test_real_values_beside_those_families_are_still_judged(text: str, judged: list[str]) -> None:
    assert _judged(text) == judged


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("Omise secret key: skey_test_61ab0cd9ef2gh3ij4kl", "skey_test_61ab0cd9ef2gh3ij4kl"),
        (
            "LWA client secret amzn1.oa2-cs.v1." + "3f9a0c" * 10 + "d1e2",
            "amzn1.oa2-cs.v1." + "3f9a0c" * 10 + "d1e2",
        ),
        (
            "チャネルシークレット：4e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b",
            "4e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b",
        ),
        ("keystring abc9xk2mq7, shared secret tq8zw3pl5v", "tq8zw3pl5v"),
        (
            "Chave secreta do webhook (copiei do painel): " + "9c" * 20 + "a1b2c3d4",
            "9c" * 20 + "a1b2c3d4",
        ),
        ("Kundennummer KD55120937 hat wieder storniert.", "KD55120937"),
        ("会员号 VIP5520813 的顾客要升级。", "VIP5520813"),
        ("carte fidélité n° 880214457731, achat du 02/03", "880214457731"),
        ("Toptancının vergi numarası 1234567890, vergi dairesi Şişli.", "1234567890"),
        ("The plumber's ABN 18 123 456 789, do I withhold?", "18 123 456 789"),
        ("Fornecedor novo, CNPJ 11.222.333/0001-81. Como consulto?", "11.222.333/0001-81"),
        ("店里WiFi密码：lanmao77821。帮我写桌卡", "lanmao77821"),
        ("ログイン情報\nID：kaede20931\nパスワード：Rk83#mvq", "kaede20931"),
    ],
)
def test_missed_families_are_found(scrub: Scrubber, text: str, gone: str) -> None:
    assert gone not in scrub(text)


@pytest.mark.parametrize(
    "text",
    [
        "Our customer service number format changed, see the client portal.",
        "Rechnung RE-2024-5512 vom 02.03.2024, Kundennummer 7723310, fällig am 16.03.",
        "O CNPJ da Natura é 11.222.333/0001-81, certo?",
        "The secret of a good croissant is cold butter, 27 layers.",
        "Order ID: AB12345 — the password reset mail never came.",
        "mollie:\n    api_key: '%env(MOLLIE_API_KEY)%'\n    locale: de_DE",
        "Handle,Title,SKU\nlinen-apron,Linen Apron,APR-01\n",
    ],
)
def test_nearby_ordinary_turns_stay(scrub: Scrubber, text: str) -> None:
    assert scrub(text) == text
