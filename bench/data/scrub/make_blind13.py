# ruff: noqa: E501
"""Blind scrub corpus #13: text that reaches the chat through other channels.

Written blind. While this file was written, the only project file opened under
``bench/data/scrub/`` was lines 1-70 of ``make_blind5.py`` (for the row format
and the ``add``/``S``/``P``/``N`` helpers). The scrubber, its tests, its docs,
the benchmark script, the README/CHANGELOG, the other corpora and generators
were not opened, grepped, listed, imported or run. The contents come only from
general knowledge of what people paste or dictate into a chat assistant and of
the public shapes of credentials and personal data.

Theme: text that did not start life as a typed chat message --
speech-to-text transcripts of voice notes (numbers said as words or spaced
digits, "at"/"dot" e-mails, lowercase, no punctuation), OCR of scans and photos
(receipts, letters, ID cards, statements, prescriptions, router stickers;
broken spacing and O/0, l/1 slips kept exactly as written), forwarded e-mails
with headers and signatures, exported chat logs (WhatsApp, Telegram, Slack,
LINE, KakaoTalk, WeChat ...), pasted CSV/JSON/YAML and terminal output, in
about thirty languages and locales.

Deterministic: every random value comes from one seeded ``random.Random``, so
running ``python bench/data/scrub/make_blind13.py`` again writes the same
``blind13.jsonl`` (next to this script) byte for byte. Standard library only.

One JSON object per line::

    {"text": str, "category": "secret" | "pii" | "negative", "kind": str,
     "secrets": [str, ...], "context": str}

``secrets`` holds exact substrings of ``text`` (each at least 6 characters)
that must not survive scrubbing; a turn counts as caught only when every
listed substring is gone. Spoken values are listed exactly as transcribed.
Negatives have kind ``"negative"`` and an empty list: nothing in them is
secret or personal, and they must come out unchanged. Check digits (Luhn,
ISO 7064 mod 97, mod 11, Verhoeff and the national schemes) are computed in
code; no published test values (test card numbers, documented example keys,
reserved example domains, fictional phone ranges) are used anywhere.
"""

from __future__ import annotations

import base64
import json
import random
import re
import string
import zlib
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

R = random.Random(13_2026_1207)
OUT = Path(__file__).with_name("blind13.jsonl")

UP = string.ascii_uppercase
LO = string.ascii_lowercase
DG = string.digits
AN = UP + LO + DG
HX = "0123456789abcdef"
B64 = AN + "+/"
B64U = AN + "-_"
B32 = UP + "234567"

ROWS: list[dict] = []


def add(text: str, category: str, kind: str, secrets: list[str], context: str) -> None:
    assert category in {"secret", "pii", "negative"}, category
    if category == "negative":
        assert kind == "negative" and not secrets, text
    else:
        assert secrets, (kind, text[:80])
    for s in secrets:
        assert len(s) >= 6, (kind, s)
        assert s in text, (kind, s)
    ROWS.append(
        {"text": text, "category": category, "kind": kind, "secrets": secrets, "context": context}
    )


def S(kind: str, ctx: str, text: str, *secrets: str) -> None:
    add(text, "secret", kind, list(secrets), ctx)


def P(kind: str, ctx: str, text: str, *secrets: str) -> None:
    add(text, "pii", kind, list(secrets), ctx)


def N(ctx: str, text: str) -> None:
    add(text, "negative", "negative", [], ctx)


# --------------------------------------------------------------------------- random helpers


def rs(alphabet: str, n: int) -> str:
    return "".join(R.choice(alphabet) for _ in range(n))


def rd(n: int) -> str:
    """n random digits without a leading zero."""
    return R.choice("123456789") + rs(DG, n - 1)


def rdate(y0: int, y1: int) -> date:
    start = date(y0, 1, 1)
    return start + timedelta(days=R.randrange((date(y1, 12, 31) - start).days))


def chunks(s: str, n: int, sep: str = " ") -> str:
    return sep.join(s[i : i + n] for i in range(0, len(s), n))


def b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


AR_DIGITS = str.maketrans(
    "0123456789", "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669"
)
FA_DIGITS = str.maketrans(
    "0123456789", "\u06f0\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7\u06f8\u06f9"
)


# --------------------------------------------------------------------------- check digits


def luhn_digit(payload: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(payload)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def luhn_ok(num: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(num)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def with_luhn(payload: str) -> str:
    out = payload + luhn_digit(payload)
    assert luhn_ok(out), out
    return out


KNOWN_TEST_PREFIXES = (
    "411111",
    "424242",
    "400000",
    "400005",
    "401288",
    "555555",
    "510510",
    "520082",
    "222300",
    "378282",
    "371449",
    "601111",
    "353011",
    "305693",
    "361111",
    "601100",
)


def card(brand: str) -> str:
    while True:
        if brand == "visa":
            prefix, length = "4" + R.choice("56789") + rs(DG, 1), 16
        elif brand == "mc":
            prefix, length = (
                R.choice(["51", "52", "53", "54", "55", str(R.randint(2221, 2720))]),
                16,
            )
        elif brand == "amex":
            prefix, length = R.choice(["34", "37"]), 15
        elif brand == "jcb":
            prefix, length = str(R.randint(3528, 3589)), 16
        elif brand == "unionpay":
            prefix, length = "62" + R.choice("1234"), 16
        elif brand == "mir":
            prefix, length = "220" + R.choice("01234"), 16
        elif brand == "rupay":
            prefix, length = R.choice(["6521", "6522", "6082", "8172"]), 16
        elif brand == "troy":
            prefix, length = "9792", 16
        elif brand == "elo":
            prefix, length = R.choice(["636368", "438935", "504175", "451416"]), 16
        else:
            raise ValueError(brand)
        num = with_luhn(prefix + rs(DG, length - len(prefix) - 1))
        if not num.startswith(KNOWN_TEST_PREFIXES) and len(set(num)) > 4:
            return num


def card_fmt(num: str) -> str:
    if len(num) == 15:
        return f"{num[:4]} {num[4:10]} {num[10:]}"
    return chunks(num, 4)


def iban_num(s: str) -> int:
    return int("".join(str(int(c, 36)) for c in s))


def make_iban(cc: str, bban: str) -> str:
    check = 98 - iban_num(bban + cc + "00") % 97
    iban = f"{cc}{check:02d}{bban}"
    assert iban_num(iban[4:] + iban[:4]) % 97 == 1
    return iban


ES_W = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]


def es_dc(ten: str) -> str:
    r = 11 - sum(int(a) * w for a, w in zip(ten, ES_W, strict=True)) % 11
    return "0" if r == 11 else "1" if r == 10 else str(r)


CF_ODD = dict(
    zip(
        DG + UP,
        [
            1,
            0,
            5,
            7,
            9,
            13,
            15,
            17,
            19,
            21,
            1,
            0,
            5,
            7,
            9,
            13,
            15,
            17,
            19,
            21,
            2,
            4,
            18,
            20,
            11,
            3,
            6,
            8,
            12,
            14,
            16,
            10,
            22,
            25,
            24,
            23,
        ],
        strict=True,
    )
)


def cf_even(c: str) -> int:
    return int(c) if c.isdigit() else ord(c) - 65


def it_cin(abi: str, cab: str, acct: str) -> str:
    s = 0
    for i, c in enumerate(abi + cab + acct):
        s += CF_ODD[c] if i % 2 == 0 else cf_even(c)
    return chr(65 + s % 26)


def bban(cc: str) -> str:
    """Random BBAN of the right national shape (national check digits where known)."""
    if cc == "DE":
        return rd(8) + rs(DG, 10)
    if cc == "AT":
        return rd(5) + rs(DG, 11)
    if cc == "CH":
        return "00" + rd(3) + rs(DG, 12)
    if cc == "FR":
        bank, branch, acct = rd(5), rs(DG, 5), rs(DG, 11)
        key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(acct)) % 97
        return f"{bank}{branch}{acct}{key:02d}"
    if cc == "ES":
        bank, branch, acct = (
            R.choice(["2100", "0049", "0182", "2080", "0081", "1465"]),
            rs(DG, 4),
            rs(DG, 10),
        )
        return bank + branch + es_dc("00" + bank + branch) + es_dc(acct) + acct
    if cc == "IT":
        abi, cab, acct = R.choice(["03069", "02008", "05034", "03062"]), rd(5), rs(DG, 12)
        return it_cin(abi, cab, acct) + abi + cab + acct
    if cc == "NL":
        return R.choice(["ABNA", "INGB", "RABO", "SNSB", "ASNB", "TRIO", "KNAB", "BUNQ"]) + rs(
            DG, 10
        )
    if cc == "BE":
        ten = rd(3) + rs(DG, 7)
        key = int(ten) % 97 or 97
        return f"{ten}{key:02d}"
    if cc == "PT":
        body = R.choice(["0035", "0033", "0007", "0010", "0036"]) + rs(DG, 4) + rs(DG, 11)
        return f"{body}{98 - int(body) * 100 % 97:02d}"
    if cc == "PL":
        bank7 = R.choice(["1020", "1090", "1140", "1050", "1240"]) + rs(DG, 3)
        c = (
            10 - sum(int(a) * w for a, w in zip(bank7, [3, 9, 7, 1, 3, 9, 7], strict=True)) % 10
        ) % 10
        return bank7 + str(c) + rs(DG, 16)
    if cc == "CZ":
        while True:
            acct9 = "0" + rd(8)
            s = sum(int(a) * w for a, w in zip(acct9, [6, 3, 7, 9, 10, 5, 8, 4, 2], strict=True))
            c = (-s) % 11
            if c < 10:
                return (
                    R.choice(["0800", "0100", "0300", "2010", "0600", "5500", "3030"])
                    + "000000"
                    + acct9
                    + str(c)
                )
    if cc == "RO":
        return R.choice(["BTRL", "RNCB", "BRDE", "INGB", "RZBR"]) + "RON" + rs(UP + DG, 13)
    if cc == "FI":
        return R.choice(["1", "2", "5", "8"]) + rs(DG, 13)
    if cc == "SE":
        return R.choice(["500", "800", "600", "300"]) + rs(DG, 17)
    if cc == "TR":
        return R.choice(["00010", "00012", "00046", "00064", "00062"]) + "0" + rs(DG, 16)
    if cc == "GR":
        return R.choice(["011", "014", "017", "026"]) + rs(DG, 4) + rs(DG, 16)
    if cc == "GB":
        return R.choice(["BARC", "LOYD", "NWBK", "HBUK", "MIDL", "MONZ"]) + rs(DG, 6) + rs(DG, 8)
    if cc == "IE":
        return R.choice(["AIBK", "BOFI", "IPBS"]) + rs(DG, 6) + rs(DG, 8)
    if cc == "UA":
        return R.choice(["305299", "322001", "300528", "380805"]) + "00000" + "2620" + rs(DG, 10)
    if cc == "SA":
        return R.choice(["80", "10", "20", "45"]) + rs(DG, 18)
    if cc == "AE":
        return R.choice(["033", "026", "035", "030"]) + rs(DG, 16)
    if cc == "IL":
        return R.choice(["010", "012", "020", "011"]) + rs(DG, 3) + rs(DG, 13)
    if cc == "BR":
        return rs(DG, 8) + rs(DG, 5) + rs(DG, 10) + "C1"
    raise ValueError(cc)


IBAN_LEN = {
    "DE": 22,
    "AT": 20,
    "CH": 21,
    "FR": 27,
    "ES": 24,
    "IT": 27,
    "NL": 18,
    "BE": 16,
    "PT": 25,
    "PL": 28,
    "CZ": 24,
    "RO": 24,
    "FI": 18,
    "SE": 24,
    "TR": 26,
    "GR": 27,
    "GB": 22,
    "IE": 22,
    "UA": 29,
    "SA": 24,
    "AE": 23,
    "IL": 23,
    "BR": 29,
}


def iban(cc: str) -> str:
    out = make_iban(cc, bban(cc))
    assert len(out) == IBAN_LEN[cc], (cc, out)
    if cc == "PT":
        assert out[2:4] == "50", out
    return out


def female() -> bool:
    return R.random() < 0.5


def parity_digit(is_female: bool) -> str:
    return R.choice("02468" if is_female else "13579")


def pesel(d: date, fem: bool) -> str:
    mm = d.month + (20 if d.year >= 2000 else 0)
    body = f"{d.year % 100:02d}{mm:02d}{d.day:02d}{rs(DG, 3)}{parity_digit(fem)}"
    w = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]
    return body + str((10 - sum(int(a) * b for a, b in zip(body, w, strict=True)) % 10) % 10)


def nip_pl() -> str:
    while True:
        b = rd(3) + rs(DG, 6)
        c = sum(int(a) * w for a, w in zip(b, [6, 5, 7, 2, 3, 4, 5, 6, 7], strict=True)) % 11
        if c < 10:
            return b + str(c)


def rodne_cislo(d: date, fem: bool) -> str:
    mm = d.month + (50 if fem else 0)
    while True:
        b = f"{d.year % 100:02d}{mm:02d}{d.day:02d}{rs(DG, 3)}"
        c = int(b) % 11
        if c < 10:
            assert int(b + str(c)) % 11 == 0
            return f"{b[:6]}/{b[6:]}{c}"


def cnp(d: date, fem: bool) -> str:
    s = (2 if fem else 1) if d.year < 2000 else (6 if fem else 5)
    b = f"{s}{d.year % 100:02d}{d.month:02d}{d.day:02d}{R.randint(1, 46):02d}{R.randint(1, 999):03d}"
    c = sum(int(a) * int(w) for a, w in zip(b, "279146358279", strict=True)) % 11
    return b + ("1" if c == 10 else str(c))


def bsn() -> str:
    while True:
        b = R.choice("123456") + rs(DG, 7)
        c = sum(int(a) * w for a, w in zip(b, [9, 8, 7, 6, 5, 4, 3, 2], strict=True)) % 11
        if c < 10:
            return b + str(c)


def personnummer(d: date) -> str:
    b = f"{d.year % 100:02d}{d.month:02d}{d.day:02d}{rs(DG, 3)}"
    return f"{b[:6]}-{b[6:]}{luhn_digit(b)}"


def hetu(d: date, fem: bool) -> str:
    sep = "-" if d.year < 2000 else "A"
    n = R.randint(1, 449) * 2 + (0 if fem else 1)
    n = max(2, min(n, 899))
    key = int(f"{d.day:02d}{d.month:02d}{d.year % 100:02d}{n:03d}") % 31
    return (
        f"{d.day:02d}{d.month:02d}{d.year % 100:02d}{sep}{n:03d}"
        + "0123456789ABCDEFHJKLMNPRSTUVWXY"[key]
    )


def cpf() -> str:
    while True:
        d = [R.randrange(10) for _ in range(9)]
        if len(set(d)) > 2:
            break
    for n in (10, 11):
        r = sum(x * w for x, w in zip(d, range(n, 1, -1), strict=True)) % 11
        d.append(0 if r < 2 else 11 - r)
    s = "".join(map(str, d))
    return f"{s[:3]}.{s[3:6]}.{s[6:9]}-{s[9:]}"


def nif_pt() -> str:
    b = R.choice("123") + rs(DG, 7)
    r = sum(int(a) * w for a, w in zip(b, range(9, 1, -1), strict=True)) % 11
    return b + str(0 if r < 2 else 11 - r)


DNI_L = "TRWAGMYFPDXBNJZSQVHLCKE"


def dni() -> str:
    n = R.randint(10_000_000, 79_999_999)
    return f"{n}{DNI_L[n % 23]}"


def nie() -> str:
    p = R.choice("XYZ")
    n = R.randint(0, 9_999_999)
    return f"{p}{n:07d}{DNI_L[int(str('XYZ'.index(p)) + f'{n:07d}') % 23]}"


CURP_CH = "0123456789ABCDEFGHIJKLMN\u00d1OPQRSTUVWXYZ"


def curp(name: str, ap1: str, ap2: str, d: date, sex: str, state: str) -> str:
    vow = "AEIOU"
    first_vowel = next(c for c in ap1[1:] if c in vow)

    def inner_cons(w: str) -> str:
        return next(c for c in w[1:] if c not in vow)

    hom = R.choice(DG) if d.year < 2000 else R.choice(UP)
    b = f"{ap1[0]}{first_vowel}{ap2[0]}{name[0]}{d.year % 100:02d}{d.month:02d}{d.day:02d}{sex}{state}"
    b += inner_cons(ap1) + inner_cons(ap2) + inner_cons(name) + hom
    s = sum(CURP_CH.index(c) * (18 - i) for i, c in enumerate(b))
    return b + str((10 - s % 10) % 10)


def cuit(fem: bool) -> str:
    while True:
        pre = "27" if fem else "20"
        dn = str(R.randint(20_000_000, 45_999_999))
        b = pre + dn
        r = (
            11
            - sum(int(a) * w for a, w in zip(b, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2], strict=True)) % 11
        )
        if r == 11:
            r = 0
        if r < 10:
            return f"{pre}-{dn}-{r}"


def nir(d: date, fem: bool) -> str:
    dept = R.choice(["75", "69", "13", "33", "59", "31", "44", "67", "06", "35"])
    b = f"{2 if fem else 1}{d.year % 100:02d}{d.month:02d}{dept}{R.randint(1, 400):03d}{R.randint(1, 999):03d}"
    key = 97 - int(b) % 97
    return f"{b[0]} {b[1:3]} {b[3:5]} {b[5:7]} {b[7:10]} {b[10:13]} {key:02d}"


def steuer_id() -> str:
    while True:
        digits = R.sample(range(10), 9)
        seq = [*digits, R.choice(digits)]
        R.shuffle(seq)
        if seq[0] == 0:
            continue
        product = 10
        for x in seq:
            s = (x + product) % 10 or 10
            product = (s * 2) % 11
        c = 11 - product
        if c == 10:
            c = 0
        s = "".join(map(str, seq)) + str(c)
        return f"{s[:2]} {s[2:5]} {s[5:8]} {s[8:]}"


def cf_part(word: str, is_name: bool) -> str:
    cons = [c for c in word if c in "BCDFGHJKLMNPQRSTVWXYZ"]
    vows = [c for c in word if c in "AEIOU"]
    if is_name and len(cons) >= 4:
        cons = [cons[0], cons[2], cons[3]]
    return ("".join(cons + vows) + "XXX")[:3]


def codice_fiscale(surname: str, name: str, d: date, fem: bool, belfiore: str) -> str:
    day = d.day + (40 if fem else 0)
    b = (
        cf_part(surname, False)
        + cf_part(name, True)
        + f"{d.year % 100:02d}"
        + "ABCDEHLMPRST"[d.month - 1]
        + f"{day:02d}"
        + belfiore
    )
    s = sum(CF_ODD[c] if i % 2 == 0 else cf_even(c) for i, c in enumerate(b))
    return b + chr(65 + s % 26)


def inn12() -> str:
    d = [int(c) for c in R.choice(["77", "78", "50", "54", "66", "16", "23"]) + rs(DG, 8)]
    d.append(sum(a * b for a, b in zip(d, [7, 2, 4, 10, 3, 5, 9, 4, 6, 8], strict=True)) % 11 % 10)
    d.append(
        sum(a * b for a, b in zip(d, [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8], strict=True)) % 11 % 10
    )
    return "".join(map(str, d))


def snils() -> str:
    while True:
        b = rs(DG, 9)
        if int(b) <= 1_001_998:
            continue
        s = sum(int(a) * w for a, w in zip(b, range(9, 0, -1), strict=True))
        if s < 100:
            c = s
        elif s in (100, 101):
            c = 0
        else:
            c = s % 101
            if c == 100:
                c = 0
        return f"{b[:3]}-{b[3:6]}-{b[6:]} {c:02d}"


def rnokpp(d: date, fem: bool) -> str:
    days = (d - date(1899, 12, 31)).days
    b = f"{days:05d}{rs(DG, 3)}{parity_digit(fem)}"
    c = sum(int(a) * w for a, w in zip(b, [-1, 5, 7, 9, 4, 6, 10, 5, 7], strict=True)) % 11 % 10
    return b + str(c)


def amka(d: date) -> str:
    return with_luhn(f"{d.day:02d}{d.month:02d}{d.year % 100:02d}{rs(DG, 4)}")


def afm() -> str:
    b = R.choice("01") + rs(DG, 7)
    c = sum(int(a) * 2 ** (8 - i) for i, a in enumerate(b)) % 11 % 10
    return b + str(c)


def tckn() -> str:
    d = [R.randint(1, 9)] + [R.randrange(10) for _ in range(8)]
    d.append(((d[0] + d[2] + d[4] + d[6] + d[8]) * 7 - (d[1] + d[3] + d[5] + d[7])) % 10)
    d.append(sum(d) % 10)
    return "".join(map(str, d))


def il_id() -> str:
    return with_luhn(rs(DG, 8))


V_D = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
    [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
    [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
    [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
    [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
    [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
    [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
    [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
    [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
]
V_P = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
    [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
    [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
    [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
    [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
    [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
    [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
]
V_INV = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9]


def verhoeff_ok(num: str) -> bool:
    c = 0
    for i, ch in enumerate(reversed(num)):
        c = V_D[c][V_P[i % 8][int(ch)]]
    return c == 0


def aadhaar() -> str:
    b = R.choice("23456789") + rs(DG, 10)
    c = 0
    for i, ch in enumerate(reversed(b)):
        c = V_D[c][V_P[(i + 1) % 8][int(ch)]]
    out = b + str(V_INV[c])
    assert verhoeff_ok(out), out
    return f"{out[:4]} {out[4:8]} {out[8:]}"


def pan(surname_initial: str) -> str:
    return rs(UP, 3) + "P" + surname_initial + rs(DG, 4) + rs(UP, 1)


def cn_id(d: date, fem: bool) -> str:
    region = R.choice(
        ["110105", "310115", "440305", "510104", "330106", "420106", "320102", "500103"]
    )
    b = f"{region}{d.year:04d}{d.month:02d}{d.day:02d}{R.randint(0, 99):02d}{parity_digit(fem)}"
    w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return b + "10X98765432"[sum(int(a) * x for a, x in zip(b, w, strict=True)) % 11]


def rrn(d: date, fem: bool) -> str:
    s = (2 if fem else 1) if d.year < 2000 else (4 if fem else 3)
    b = f"{d.year % 100:02d}{d.month:02d}{d.day:02d}{s}{rs(DG, 5)}"
    c = (
        11
        - sum(int(a) * w for a, w in zip(b, [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5], strict=True)) % 11
    ) % 10
    return f"{b[:6]}-{b[6:]}{c}"


def my_number() -> str:
    b = rd(11)
    s = 0
    for n in range(1, 12):
        q = n + 1 if n <= 6 else n - 5
        s += int(b[11 - n]) * q
    r = s % 11
    c = 0 if r <= 1 else 11 - r
    return f"{b[:4]} {b[4:8]} {b[8:]}{c}"


def thai_id() -> str:
    b = str(R.randint(1, 8)) + rs(DG, 11)
    c = (11 - sum(int(a) * (13 - i) for i, a in enumerate(b)) % 11) % 10
    s = b + str(c)
    return f"{s[0]} {s[1:5]} {s[5:10]} {s[10:12]} {s[12]}"


def nik(d: date, fem: bool) -> str:
    region = R.choice(["317404", "327301", "357801", "517102", "127105", "337410"])
    return f"{region}{d.day + (40 if fem else 0):02d}{d.month:02d}{d.year % 100:02d}{R.randint(1, 9999):04d}"


def cccd(d: date, fem: bool) -> str:
    prov = R.choice(["001", "079", "048", "031", "092", "036"])
    g = (1 if fem else 0) + (2 if d.year >= 2000 else 0)
    return f"{prov}{g}{d.year % 100:02d}{rs(DG, 6)}"


def iran_code() -> str:
    while True:
        b = rs(DG, 9)
        if len(set(b)) < 3:
            continue
        r = sum(int(a) * (10 - i) for i, a in enumerate(b)) % 11
        return b + str(r if r < 2 else 11 - r)


def nino() -> str:
    while True:
        p = R.choice([c for c in UP if c not in "DFIQUV"]) + R.choice(
            [c for c in UP if c not in "DFIQUVO"]
        )
        if p in {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"}:
            continue
        return f"{p} {rs(DG, 2)} {rs(DG, 2)} {rs(DG, 2)} {R.choice('ABCD')}"


def nhs_number() -> str:
    while True:
        b = str(R.randint(4, 6)) + rs(DG, 8)
        r = 11 - sum(int(a) * (10 - i) for i, a in enumerate(b)) % 11
        if r == 11:
            r = 0
        if r < 10:
            s = b + str(r)
            return f"{s[:3]} {s[3:6]} {s[6:]}"


def ssn() -> str:
    while True:
        a = R.randint(1, 899)
        if a != 666:
            return f"{a:03d}-{R.randint(1, 99):02d}-{R.randint(1, 9999):04d}"


def sin_ca() -> str:
    s = with_luhn(str(R.randint(1, 7)) + rs(DG, 7))
    return f"{s[:3]} {s[3:6]} {s[6:]}"


def tfn() -> str:
    while True:
        b = rd(8)
        s = sum(int(a) * w for a, w in zip(b, [1, 4, 3, 7, 5, 8, 6, 9], strict=True))
        d = s % 11
        if d < 10:
            out = b + str(d)
            assert (
                sum(int(a) * w for a, w in zip(out, [1, 4, 3, 7, 5, 8, 6, 9, 10], strict=True)) % 11
                == 0
            )
            return f"{out[:3]} {out[3:6]} {out[6:]}"


def medicare_au() -> str:
    b = str(R.randint(2, 6)) + rs(DG, 7)
    c = sum(int(a) * w for a, w in zip(b, [1, 3, 7, 9, 1, 3, 7, 9], strict=True)) % 10
    s = f"{b}{c}{R.randint(1, 5)}"
    return f"{s[:4]} {s[4:9]} {s[9]}"


def ean_digit(b: str) -> str:
    s = sum(int(a) * (1 if i % 2 == 0 else 3) for i, a in enumerate(b))
    return str((10 - s % 10) % 10)


def ahv() -> str:
    b = "756" + rs(DG, 9)
    n = b + ean_digit(b)
    return f"{n[:3]}.{n[3:7]}.{n[7:11]}.{n[11:]}"


def be_nn(d: date, fem: bool) -> str:
    seq = R.randint(1, 498) * 2 - (0 if fem else 1)
    b = f"{d.year % 100:02d}{d.month:02d}{d.day:02d}{seq:03d}"
    n = int(("2" + b) if d.year >= 2000 else b)
    return f"{b[:2]}.{b[2:4]}.{b[4:6]}-{b[6:9]}.{97 - n % 97:02d}"


def za_id(d: date, fem: bool) -> str:
    g = R.randint(0, 4999) if fem else R.randint(5000, 9999)
    b = f"{d.year % 100:02d}{d.month:02d}{d.day:02d}{g:04d}0{R.choice('89')}"
    return with_luhn(b)


def ppsn() -> str:
    b = rs(DG, 7)
    s = sum(int(a) * w for a, w in zip(b, [8, 7, 6, 5, 4, 3, 2], strict=True))
    r = s % 23
    return b + ("W" if r == 0 else chr(64 + r))


def kvnr() -> str:
    letter = R.choice(UP)
    digits = rs(DG, 8)
    total = 0
    for i, ch in enumerate(f"{ord(letter) - 64:02d}{digits}"):
        p = int(ch) * (1 if i % 2 == 0 else 2)
        total += p // 10 + p % 10
    return f"{letter}{digits}{total % 10}"


def nss_imss() -> str:
    return with_luhn(
        f"{R.randint(1, 99):02d}{R.randint(0, 24):02d}{R.randint(60, 99):02d}{rs(DG, 4)}"
    )


def cns_sus() -> str:
    while True:
        b = R.choice("789") + rs(DG, 13)
        s = sum(int(a) * (15 - i) for i, a in enumerate(b))
        c = (-s) % 11
        if c < 10:
            out = b + str(c)
            assert sum(int(a) * (15 - i) for i, a in enumerate(out)) % 11 == 0
            return f"{out[:3]} {out[3:7]} {out[7:11]} {out[11:]}"


def mrz_val(c: str) -> int:
    if c.isdigit():
        return int(c)
    return 0 if c == "<" else ord(c) - 55


def mrz_cd(s: str) -> str:
    return str(sum(mrz_val(c) * w for c, w in zip(s, [7, 3, 1] * 20, strict=False)) % 10)


def td3(
    issuer: str, surname: str, given: str, number: str, nat: str, dob: date, sex: str, exp: date
) -> tuple[str, str]:
    issuer, nat = issuer.ljust(3, "<"), nat.ljust(3, "<")
    l1 = f"P<{issuer}{surname}<<{given.replace(' ', '<')}".ljust(44, "<")[:44]
    num = number.ljust(9, "<")
    ds, es = dob.strftime("%y%m%d"), exp.strftime("%y%m%d")
    pers = "<" * 14
    l2 = f"{num}{mrz_cd(num)}{nat}{ds}{mrz_cd(ds)}{sex}{es}{mrz_cd(es)}{pers}0"
    comp = l2[0:10] + l2[13:20] + l2[21:43]
    l2 += mrz_cd(comp)
    assert len(l1) == 44 and len(l2) == 44, (l1, l2)
    return l1, l2


VIN_T = dict(
    zip(
        "ABCDEFGHJKLMNPRSTUVWXYZ",
        [1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9],
        strict=True,
    )
)
VIN_W = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2]
VIN_CH = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"


def vin(wmi: str, year_code: str) -> str:
    v = wmi + rs(VIN_CH, 5) + "0" + year_code + rs(VIN_CH, 1) + rs(DG, 6)
    s = sum((int(c) if c.isdigit() else VIN_T[c]) * w for c, w in zip(v, VIN_W, strict=True)) % 11
    return v[:8] + ("X" if s == 10 else str(s)) + v[9:]


def imei() -> str:
    return with_luhn(R.choice(["35", "86", "01", "35"]) + rs(DG, 12))


def aba() -> str:
    b = f"{R.choice([R.randint(1, 12), R.randint(21, 32)]):02d}" + rs(DG, 6)
    d = [int(c) for c in b]
    s = 3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + d[2] + d[5]
    return b + str((10 - s % 10) % 10)


def isbn13(group: str) -> str:
    b = "978" + group + rs(DG, 9 - len(group))
    c = ean_digit(b)
    return f"978-{group}-{b[3 + len(group) : 8]}-{b[8:12]}-{c}"


def ean13(prefix: str) -> str:
    b = prefix + rs(DG, 12 - len(prefix))
    return b + ean_digit(b)


def mac(sep: str = ":") -> str:
    first = R.randrange(256) & 0b11111100
    return sep.join(f"{o:02X}" for o in [first] + [R.randrange(256) for _ in range(5)])


def pub_ip() -> str:
    while True:
        a = R.randint(2, 223)
        if a in (10, 100, 127, 169, 172, 192, 198, 203):
            continue
        return f"{a}.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(1, 254)}"


def pub_ip6() -> str:
    return f"2a0{R.randint(1, 5)}:{rs(HX, 4).lstrip('0') or '1'}:{rs(HX, 4).lstrip('0') or '1'}:{rs(HX, 4).lstrip('0') or '1'}:{rs(HX, 4).lstrip('0') or '1'}:{rs(HX, 4).lstrip('0') or '1'}:{rs(HX, 4).lstrip('0') or '1'}:{rs(HX, 4).lstrip('0') or '1'}"


def uuid4() -> str:
    h = rs(HX, 32)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{R.choice('89ab')}{h[17:20]}-{h[20:]}"


# --------------------------------------------------------------------------- token shapes


def b62(n: int) -> str:
    alphabet = DG + UP + LO
    out = ""
    while n:
        n, r = divmod(n, 62)
        out = alphabet[r] + out
    return out.rjust(6, "0")


def tok_ghp() -> str:
    body = rs(AN, 30)
    return "ghp_" + body + b62(zlib.crc32(body.encode()))


def tok_gh_pat() -> str:
    return "github_pat_11" + rs(UP + DG, 20) + "_" + rs(AN, 59)


def tok_openai() -> str:
    return "sk-proj-" + rs(B64U, 74) + "T3BlbkFJ" + rs(B64U, 74)


def tok_anthropic() -> str:
    return "sk-ant-api03-" + rs(B64U, 93) + "AA"


def aws_akid() -> str:
    return "AKIA" + rs(UP + "234567", 16)


def aws_secret() -> str:
    return rs(AN + "+/", 40)


def jwt(payload: dict, alg: str = "HS256", siglen: int = 43, kid: str | None = None) -> str:
    header: dict = {"alg": alg, "typ": "JWT"}
    if kid:
        header = {"alg": alg, "kid": kid}
    h = b64u(json.dumps(header, separators=(",", ":")).encode())
    p = b64u(json.dumps(payload, separators=(",", ":")).encode())
    return f"{h}.{p}.{rs(B64U, siglen)}"


def pem_body(prefix: str, nchars: int, width: int = 64) -> str:
    pad = R.choice([0, 1, 2])
    body = prefix + rs(B64, nchars - len(prefix) - pad) + "=" * pad
    return chunks(body, width, "\n")


def say_en(digits: str, doubles: bool = True, oh: bool = True) -> str:
    words = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
    out: list[str] = []
    i = 0
    while i < len(digits):
        c = digits[i]
        run = 1
        while doubles and i + run < len(digits) and digits[i + run] == c and run < 3:
            run += 1
        w = "oh" if (c == "0" and oh) else words[int(c)]
        out.append({1: w, 2: "double " + w, 3: "triple " + w}[run])
        i += run
    return " ".join(out)


NUM_WORDS = {
    "es": "cero uno dos tres cuatro cinco seis siete ocho nueve",
    "de": "null eins zwei drei vier fünf sechs sieben acht neun",
    "fr": "zéro un deux trois quatre cinq six sept huit neuf",
    "it": "zero uno due tre quattro cinque sei sette otto nove",
    "pt": "zero um dois três quatro cinco seis sete oito nove",
    "nl": "nul een twee drie vier vijf zes zeven acht negen",
    "pl": "zero jeden dwa trzy cztery pięć sześć siedem osiem dziewięć",
    "tr": "sıfır bir iki üç dört beş altı yedi sekiz dokuz",
    "id": "nol satu dua tiga empat lima enam tujuh delapan sembilan",
    "sw": "sifuri moja mbili tatu nne tano sita saba nane tisa",
    "ru": "ноль один два три четыре пять шесть семь восемь девять",
    "uk": "нуль один два три чотири п'ять шість сім вісім дев'ять",
    "el": "μηδέν ένα δύο τρία τέσσερα πέντε έξι επτά οκτώ εννιά",
    "cs": "nula jedna dva tři čtyři pět šest sedm osm devět",
    "sv": "noll ett två tre fyra fem sex sju åtta nio",
    "fi": "nolla yksi kaksi kolme neljä viisi kuusi seitsemän kahdeksan yhdeksän",
    "ro": "zero unu doi trei patru cinci șase șapte opt nouă",
    "vi": "không một hai ba bốn năm sáu bảy tám chín",
    "fil": "sero isa dalawa tatlo apat lima anim pito walo siyam",
}


def say(lang: str, digits: str) -> str:
    if lang == "en":
        return say_en(digits)
    words = NUM_WORDS[lang].split()
    return " ".join(words[int(c)] for c in digits if c.isdigit())


def spaced(digits: str) -> str:
    return " ".join(digits)


def strong_pw(n: int = 14) -> str:
    chars = list(rs(AN, n - 3) + R.choice("!#$%&*?@") + rs(DG, 2))
    R.shuffle(chars)
    return "".join(chars)


def human_pw(word: str) -> str:
    return f"{word}{R.choice(['', '_', '.', ''])}{R.randint(10, 2024)}{R.choice('!#$?*')}"


def host_word() -> str:
    return (
        R.choice(
            [
                "fluffy",
                "brave",
                "quiet",
                "lucky",
                "rapid",
                "gentle",
                "proud",
                "sunny",
                "witty",
                "calm",
            ]
        )
        + "-"
        + R.choice(
            [
                "otter",
                "falcon",
                "maple",
                "comet",
                "lynx",
                "heron",
                "cedar",
                "badger",
                "koala",
                "pike",
            ]
        )
    )


SEED_WORDS = [
    "abandon",
    "ability",
    "able",
    "about",
    "above",
    "absent",
    "absorb",
    "abstract",
    "absurd",
    "abuse",
    "access",
    "accident",
    "account",
    "accuse",
    "achieve",
    "acid",
    "acoustic",
    "acquire",
    "across",
    "action",
    "actor",
    "actress",
    "actual",
    "adapt",
    "addict",
    "address",
    "adjust",
    "admit",
    "adult",
    "advance",
    "advice",
    "aerobic",
    "affair",
    "afford",
    "afraid",
    "again",
    "agent",
    "agree",
    "ahead",
    "airport",
    "aisle",
    "alarm",
    "album",
    "alcohol",
    "alert",
    "alien",
    "alley",
    "allow",
    "almost",
    "alone",
    "alpha",
    "already",
    "alter",
    "always",
    "amateur",
    "amazing",
    "among",
    "amount",
    "anchor",
    "ancient",
    "anger",
    "angle",
    "angry",
    "animal",
    "ankle",
    "announce",
    "annual",
    "another",
    "answer",
    "antenna",
    "antique",
    "anxiety",
    "apart",
    "apology",
    "appear",
    "apple",
    "approve",
    "april",
    "arch",
    "arctic",
    "arena",
    "argue",
    "armed",
    "armor",
    "army",
    "around",
    "arrange",
    "arrest",
    "arrive",
    "arrow",
    "artist",
    "artwork",
    "aspect",
    "asset",
    "assist",
    "assume",
    "asthma",
    "athlete",
    "atom",
    "attack",
    "attend",
    "auction",
    "audit",
    "august",
    "aunt",
    "author",
    "autumn",
    "average",
    "avocado",
    "avoid",
    "awake",
    "aware",
    "awesome",
    "awful",
    "awkward",
    "bacon",
    "badge",
    "balance",
    "balcony",
    "bamboo",
    "banana",
    "banner",
    "barely",
    "bargain",
    "barrel",
    "basket",
    "battle",
    "beach",
    "beauty",
    "become",
    "before",
    "begin",
    "behave",
    "behind",
    "believe",
    "below",
    "bench",
    "benefit",
    "betray",
    "better",
    "beyond",
    "bicycle",
    "biology",
    "bitter",
    "blade",
    "blame",
    "blanket",
    "blast",
    "bleak",
    "bless",
    "blind",
    "blossom",
    "blouse",
    "bonus",
    "border",
    "boring",
    "borrow",
    "bottom",
    "bounce",
    "bracket",
    "brain",
    "brand",
    "brass",
    "brave",
    "bread",
    "breeze",
    "brick",
    "bridge",
    "brief",
    "bright",
    "bring",
    "brisk",
    "broccoli",
    "broken",
    "bronze",
    "broom",
    "brother",
    "brush",
    "bubble",
    "buddy",
    "budget",
    "buffalo",
    "bullet",
    "bundle",
    "bunker",
    "burden",
    "burger",
    "butter",
    "cabbage",
    "cabin",
    "cable",
    "cactus",
    "canal",
    "cancel",
    "candy",
    "cannon",
    "canoe",
    "canvas",
    "canyon",
    "capable",
    "capital",
    "captain",
    "carbon",
    "cargo",
    "carpet",
    "castle",
    "casual",
    "catalog",
    "cattle",
    "caution",
    "ceiling",
    "celery",
    "cement",
    "census",
    "century",
    "cereal",
    "certain",
    "chalk",
    "champion",
    "chaos",
    "chapter",
    "cherry",
    "chicken",
    "chimney",
    "choice",
    "chronic",
    "chuckle",
    "cinnamon",
    "circle",
    "citizen",
    "civil",
    "clarify",
    "clever",
    "client",
    "cliff",
    "climb",
    "clinic",
    "clock",
    "cloud",
    "clown",
    "cluster",
    "coach",
    "coconut",
    "coffee",
    "collect",
    "column",
    "combine",
    "comfort",
    "comic",
    "common",
    "concert",
    "confirm",
    "connect",
    "control",
    "copper",
    "coral",
    "cotton",
    "couch",
    "country",
    "cousin",
    "coyote",
    "cradle",
    "crane",
    "crater",
    "crazy",
    "credit",
    "creek",
    "cricket",
    "crisp",
    "crouch",
    "crucial",
    "cruise",
    "crumble",
    "crystal",
    "culture",
    "cupboard",
    "curious",
    "curtain",
    "cushion",
    "custom",
    "cycle",
]


def seed_phrase(n: int = 12) -> list[str]:
    return R.sample(SEED_WORDS, n)


# ===========================================================================
# SECRETS
# ===========================================================================

# --------------------------------------------------------------------------- terminal output and pasted config

k = tok_openai()
S(
    "api_key",
    "pasted .env file, en-US",
    f"getting a 401 even though the key is set?? this is my .env\n\nNODE_ENV=development\nPORT=3000\nOPENAI_API_KEY={k}\nOPENAI_MODEL=gpt-4o-mini\nLOG_LEVEL=debug\n",
    k,
)

k = tok_anthropic()
S(
    "api_key",
    "pasted Python snippet, pt-BR",
    'alguém sabe pq dá AuthenticationError? já gerei a chave de novo\n\n```python\nimport anthropic\n\nclient = anthropic.Anthropic(api_key="'
    + k
    + '")\nresp = client.messages.create(\n    model="claude-3-5-haiku-latest",\n    max_tokens=300,\n    messages=[{"role": "user", "content": "oi"}],\n)\n```',
    k,
)

a, s = aws_akid(), aws_secret()
S(
    "cloud_credentials",
    "terminal output, de-DE",
    f"$ cat ~/.aws/credentials\n[default]\naws_access_key_id = {a}\naws_secret_access_key = {s}\n\n[profile privat]\nregion = eu-central-1\n\nwarum bekomme ich trotzdem InvalidClientTokenId bei `aws s3 ls`?",
    a,
    s,
)

a, s, pw = aws_akid(), aws_secret(), strong_pw(16)
S(
    "cloud_credentials",
    "pasted CSV (IAM credentials export), pl-PL",
    f"Pobrałem credentials.csv z konsoli AWS, czy mogę to wkleić do GitHub Secrets w tej formie?\n\nUser name,Password,Access key ID,Secret access key,Console login link\nmarek.wisniewski,{pw},{a},{s},https://{rd(12)}.signin.aws.amazon.com/console",
    pw,
    a,
    s,
)

t = tok_ghp()
S(
    "git_token",
    "terminal output, en-GB",
    f"$ git remote -v\norigin\thttps://tomhaywood:{t}@github.com/tomhaywood/allotment-planner.git (fetch)\norigin\thttps://tomhaywood:{t}@github.com/tomhaywood/allotment-planner.git (push)\n\nis it a problem that the token shows up here? I'm about to screen-share this",
    t,
)

t = "glpat-" + rs(AN + "-_", 20)
S(
    "git_token",
    "terminal output, es-ES",
    f"me sale esto al hacer pull, ¿qué hago?\n\n$ git pull\nremote: HTTP Basic: Access denied. The provided password or token is incorrect or your account has 2FA enabled and you must use a personal access token instead of a password.\nfatal: Authentication failed for 'https://oauth2:{t}@gitlab.com/inmobiliaria-soler/backoffice.git/'",
    t,
)

t = "npm_" + rs(AN, 36)
S(
    "api_key",
    "terminal output, en-AU",
    f"npm publish keeps failing with E403, here's the config\n\n$ cat ~/.npmrc\n//registry.npmjs.org/:_authToken={t}\n@koala-labs:registry=https://npm.pkg.github.com\nsave-exact=true",
    t,
)

t = "pypi-AgEIcHlwaS5vcmc" + rs(B64U, 140)
S(
    "api_key",
    "pasted config file, cs-CZ",
    f"twine upload mi hází 403 Forbidden, tady je můj ~/.pypirc:\n\n[distutils]\nindex-servers =\n    pypi\n\n[pypi]\nusername = __token__\npassword = {t}",
    t,
)

pat = "dckr_pat_" + rs(B64U, 27)
auth = b64(f"emreaydin:{pat}".encode())
S(
    "registry_auth",
    "terminal output, tr-TR",
    f'docker pull yaparken "unauthorized: incorrect username or password" diyor, config dosyam şöyle:\n\n$ cat ~/.docker/config.json\n{{\n\t"auths": {{\n\t\t"https://index.docker.io/v1/": {{\n\t\t\t"auth": "{auth}"\n\t\t}}\n\t}}\n}}',
    auth,
)

t = jwt(
    {
        "iss": "kubernetes/serviceaccount",
        "kubernetes.io/serviceaccount/namespace": "prod",
        "kubernetes.io/serviceaccount/secret.name": "deployer-token-" + rs(LO + DG, 5),
        "kubernetes.io/serviceaccount/service-account.name": "deployer",
        "sub": "system:serviceaccount:prod:deployer",
    },
    alg="RS256",
    siglen=342,
    kid=rs(B64U, 43),
)
S(
    "k8s_token",
    "pasted kubeconfig, ko-KR",
    f"kubectl 하면 계속 Unauthorized 떠요. 설정 파일 붙여요\n\napiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    server: https://10.20.0.15:6443\n    insecure-skip-tls-verify: true\n  name: prod\ncontexts:\n- context:\n    cluster: prod\n    user: deployer\n  name: prod\ncurrent-context: prod\nusers:\n- name: deployer\n  user:\n    token: {t}",
    t,
)

pw = "Hk" + rs(AN, 14)
enc = b64(pw.encode())
S(
    "password",
    "terminal output, ja-JP",
    f"このシークレットのパスワードが合ってるか確認したいです\n\n$ kubectl get secret mysql-auth -o yaml\napiVersion: v1\ndata:\n  password: {enc}\n  username: {b64(b'app')}\nkind: Secret\nmetadata:\n  name: mysql-auth\n  namespace: default\ntype: Opaque",
    enc,
)

pw = "p" + rs(HX, 64)
S(
    "db_url",
    "terminal output, en-US",
    f"$ heroku config -a pantry-tracker-api\n=== pantry-tracker-api Config Vars\nDATABASE_URL:    postgres://u{rs(LO + DG, 13)}:{pw}@ec2-{R.randint(3, 54)}-{R.randint(0, 255)}-{R.randint(0, 255)}-{R.randint(1, 254)}.compute-1.amazonaws.com:5432/d{rs(LO + DG, 13)}\nNODE_ENV:        production\nWEB_CONCURRENCY: 2\n\nwhy can't my local psql connect with this?",
    pw,
)

k = "sk_live_51" + rs(AN, 97)
S(
    "api_key",
    "terminal output, fr-FR",
    f"le paiement échoue en prod mais pas en local, voilà mes variables :\n\n$ env | grep -i stripe\nSTRIPE_SECRET_KEY={k}\nSTRIPE_CURRENCY=eur\nSTRIPE_API_VERSION=2024-06-20",
    k,
)

t = f"xoxb-{rd(12)}-{rd(13)}-{rs(AN, 24)}"
S(
    "api_key",
    "terminal output, en-IN",
    f'sir please check, bot is not posting in channel\n\n$ curl -X POST -H "Authorization: Bearer {t}" -H "Content-type: application/json" --data \'{{"channel":"C0{rs(UP + DG, 9)}","text":"daily report ready"}}\' https://slack.com/api/chat.postMessage\n{{"ok":false,"error":"not_in_channel"}}',
    t,
)

k = "key-" + rs(HX, 32)
S(
    "api_key",
    "terminal output, it-IT",
    f"perché mailgun mi risponde Forbidden?\n\n$ curl -s --user 'api:{k}' https://api.eu.mailgun.net/v3/mg.trattoria-da-gino.it/messages -F from='Prenotazioni <prenotazioni@mg.trattoria-da-gino.it>' -F to=$DEST -F subject='Conferma' -F text='Grazie!'\nForbidden",
    k,
)

pw = strong_pw(18)
S(
    "password",
    "pasted docker-compose.yml, nl-NL",
    f'waarom start mijn db container niet?\n\nservices:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_USER: webshop\n      POSTGRES_PASSWORD: {pw}\n      POSTGRES_DB: webshop\n    ports:\n      - "5432:5432"\n    volumes:\n      - pgdata:/var/lib/postgresql/data\nvolumes:\n  pgdata:',
    pw,
)

pw = human_pw("Saigon")
S(
    "password",
    "pasted application.yml, vi-VN",
    f"mình bị lỗi Access denied for user 'shop'@'172.18.0.3', file cấu hình đây:\n\nspring:\n  datasource:\n    url: jdbc:mysql://db:3306/shop?useSSL=false\n    username: shop\n    password: {pw}\n  jpa:\n    hibernate:\n      ddl-auto: update",
    pw,
)

kid = rs(HX, 40)
esc = pem_body("MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ", 1624).replace("\n", "\\n")
proj = "maple-tides-" + rd(6)
S(
    "private_key",
    "pasted JSON (service account key), en-CA",
    "Firebase admin init throws invalid_grant, is something wrong with this file?\n\n{\n"
    + f'  "type": "service_account",\n  "project_id": "{proj}",\n  "private_key_id": "{kid}",\n'
    + f'  "private_key": "-----BEGIN PRIVATE KEY-----\\n{esc}\\n-----END PRIVATE KEY-----\\n",\n'
    + f'  "client_email": "firebase-adminsdk-{rs(LO + DG, 5)}@{proj}.iam.gserviceaccount.com",\n'
    + f'  "client_id": "{rd(21)}",\n  "token_uri": "https://oauth2.googleapis.com/token"\n}}',
    kid,
    esc,
)

body = pem_body(
    "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZWQyNTUxOQAAACA", 400, 70
)
S(
    "ssh_key",
    "terminal output, sv-SE",
    f"ssh säger Permission denied (publickey) fast nyckeln finns. Är den trasig?\n\n$ cat ~/.ssh/id_ed25519\n-----BEGIN OPENSSH PRIVATE KEY-----\n{body}\n-----END OPENSSH PRIVATE KEY-----\n$ ls -l ~/.ssh/id_ed25519\n-rw-r--r--  1 user  staff  411 Mar  3 09:12 /Users/user/.ssh/id_ed25519",
    body,
)

body = pem_body("lFgEZ" + rs(B64, 3) + "hYJKwYBBAHaRw8BAQdA", 420)
S(
    "pgp_key",
    "terminal output, ru-RU",
    f"экспортировал ключ для переноса на новый ноут, так правильно?\n\n$ gpg --export-secret-keys --armor {rs('0123456789ABCDEF', 16)}\n-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n{body}\n={rs(B64, 4)}\n-----END PGP PRIVATE KEY BLOCK-----",
    body,
)

priv, pub, psk = (b64(bytes(R.randrange(256) for _ in range(32))) for _ in range(3))
S(
    "vpn_key",
    "pasted WireGuard config, uk-UA",
    f"не підключається до VPN, ось конфіг з телефону:\n\n[Interface]\nPrivateKey = {priv}\nAddress = 10.8.0.3/32\nDNS = 1.1.1.1\n\n[Peer]\nPublicKey = {pub}\nPresharedKey = {psk}\nEndpoint = vpn.agro-sklad.com.ua:51820\nAllowedIPs = 0.0.0.0/0\nPersistentKeepalive = 25",
    priv,
    psk,
)

BECH = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
sk = "AGE-SECRET-KEY-1" + rs(BECH.upper(), 58)
S(
    "private_key",
    "terminal output, fi-FI",
    f"sops ei löydä avainta, onko tiedosto oikein?\n\n$ cat ~/.config/sops/age/keys.txt\n# created: 2024-11-02T18:44:10+02:00\n# public key: age1{rs(BECH, 58)}\n{sk}",
    sk,
)

t = f"{rd(10)}:AA{rs(B64U, 33)}"
S(
    "bot_token",
    "pasted Python snippet, fa-IR",
    f'ربات تلگرامم جواب نمیده، کدم اینه:\n\nfrom telegram.ext import ApplicationBuilder\n\napp = ApplicationBuilder().token("{t}").build()\napp.run_polling()',
    t,
)

t = b64(rd(18).encode()).rstrip("=") + "." + rs(B64U, 6) + "." + rs(B64U, 38)
S(
    "bot_token",
    "pasted JSON config, es-AR",
    f'che, el bot no se conecta y tira "An invalid token was provided", les paso el config.json\n\n{{\n  "prefix": "!",\n  "token": "{t}",\n  "guildId": "{rd(18)}"\n}}',
    t,
)

h = f"https://discord.com/api/webhooks/{rd(19)}/{rs(B64U, 68)}"
S(
    "webhook_url",
    "terminal output, id-ID",
    f'kenapa notifnya nggak masuk ke channel ya?\n\n$ curl -H "Content-Type: application/json" -d \'{{"content": "build selesai"}}\' {h}\n{{"message": "Invalid Webhook Token", "code": 50027}}',
    h,
)

h = f"https://hooks.slack.com/services/T{rs(UP + DG, 10)}/B{rs(UP + DG, 10)}/{rs(AN, 24)}"
S(
    "webhook_url",
    "pasted GitHub Actions YAML, en-GB",
    f"the notify step never posts anything, any ideas?\n\n  notify:\n    runs-on: ubuntu-latest\n    needs: deploy\n    steps:\n      - name: Slack\n        run: |\n          curl -X POST -H 'Content-type: application/json' \\\n            --data '{{\"text\":\"Deploy finished: ${{{{ github.sha }}}}\"}}' \\\n            {h}",
    h,
)

h = f"https://stadtwerkeulm.webhook.office.com/webhookb2/{uuid4()}@{uuid4()}/IncomingWebhook/{rs(HX, 32)}/{uuid4()}/V2{rs(B64U, 43)}"
S(
    "webhook_url",
    "pasted PowerShell snippet, de-DE",
    f'Die Nachricht kommt im Teams-Kanal nicht an, Skript:\n\n$uri = "{h}"\n$body = @{{ text = "Backup NAS01 abgeschlossen" }} | ConvertTo-Json\nInvoke-RestMethod -Method Post -Uri $uri -Body $body -ContentType "application/json"',
    h,
)

tok = rs(HX, 32)
S(
    "api_key",
    "pasted Python snippet, en-NG",
    f'Please why is Twilio returning error 20003 for me? Code below\n\nfrom twilio.rest import Client\n\naccount_sid = "AC{rs(HX, 32)}"\nauth_token = "{tok}"\nclient = Client(account_sid, auth_token)\nclient.messages.create(to=os.environ["ALERT_TO"], from_=os.environ["TWILIO_FROM"], body="Server down")',
    tok,
)

k = "SG." + rs(B64U, 22) + "." + rs(B64U, 43)
S(
    "api_key",
    "pasted Node.js snippet, he-IL",
    f"המיילים לא נשלחים, מקבל 401. זה הקוד:\n\nconst sgMail = require('@sendgrid/mail');\nsgMail.setApiKey('{k}');\nawait sgMail.send({{ to: process.env.TO, from: process.env.FROM, subject: 'הזמנה חדשה', text: 'תודה' }});",
    k,
)

t = "hf_" + rs(UP + LO, 34)
S(
    "api_key",
    "terminal output, zh-CN",
    f"下载模型一直 401，是 token 的问题吗？\n\n$ HF_TOKEN={t} python download.py --repo meta-llama/Llama-3.1-8B-Instruct\nhuggingface_hub.errors.GatedRepoError: 401 Client Error.",
    t,
)

t = tok_gh_pat()
S(
    "git_token",
    "terminal output, ro-RO",
    f"am pus tokenul dar gh tot zice că nu sunt logat:\n\n$ export GH_TOKEN={t}\n$ gh repo list\nHTTP 401: Bad credentials (https://api.github.com/graphql)",
    t,
)

k = "AIzaSy" + rs(B64U, 33)
S(
    "api_key",
    "terminal output, th-TH",
    f'เรียก API แล้วได้ REQUEST_DENIED ค่ะ ช่วยดูหน่อย\n\n$ curl "https://maps.googleapis.com/maps/api/geocode/json?address=Siam+Paragon&key={k}"\n{{\n   "error_message" : "This API project is not authorized to use this API.",\n   "results" : [],\n   "status" : "REQUEST_DENIED"\n}}',
    k,
)

sec = "GOCSPX-" + rs(B64U, 28)
S(
    "oauth_secret",
    "pasted JSON (OAuth client), ar-EG",
    "تسجيل الدخول بجوجل بيرجع redirect_uri_mismatch، ده الملف:\n\n"
    + json.dumps(
        {
            "web": {
                "client_id": f"{rd(12)}-{rs(LO + DG, 32)}.apps.googleusercontent.com",
                "project_id": "souq-app-" + rd(6),
                "auth_uri": "https://accounts.google.com/o/oauth2/auth",
                "token_uri": "https://oauth2.googleapis.com/token",
                "client_secret": sec,
                "redirect_uris": ["http://localhost:3000/api/auth/callback/google"],
            }
        },
        indent=2,
    ),
    sec,
)

key = rs(B64, 86) + "=="
S(
    "connection_string",
    "pasted appsettings.json, el-GR",
    f'Γιατί το upload στο blob αποτυγχάνει με 403; Το appsettings.json:\n\n{{\n  "Storage": {{\n    "ConnectionString": "DefaultEndpointsProtocol=https;AccountName=logistikiathens01;AccountKey={key};EndpointSuffix=core.windows.net",\n    "Container": "invoices"\n  }}\n}}',
    key,
)

pw = human_pw("Ankit")
S(
    "db_url",
    "pasted Python snippet, en-IN",
    f'sir getting ServerSelectionTimeoutError, kindly check\n\nfrom pymongo import MongoClient\nclient = MongoClient("mongodb+srv://ankit_admin:{pw}@cluster0.{rs(LO + DG, 5)}.mongodb.net/?retryWrites=true&w=majority")\ndb = client["attendance"]',
    pw,
)

pw = "A" + rs(AN, 33)
S(
    "db_url",
    "pasted .env file, tr-TR",
    f"BullMQ Redis'e bağlanamıyor, .env şu:\n\nREDIS_URL=rediss://default:{pw}@{host_word()}-{rd(5)}.upstash.io:6379\nQUEUE_NAME=siparisler",
    pw,
)

pw = strong_pw(15)
S(
    "password",
    "pasted PHP snippet, pt-PT",
    f"Está a dar SQLSTATE[HY000] [1045] Access denied. O meu código:\n\n<?php\n$pdo = new PDO(\n    'mysql:host=127.0.0.1;dbname=loja;charset=utf8mb4',\n    'loja_user',\n    '{pw}'\n);",
    pw,
)

pw = strong_pw(20)
S(
    "db_url",
    "terminal output, pl-PL",
    f"Celery nie łączy się z brokerem:\n\n[2024-05-14 09:12:44,118: ERROR/MainProcess] consumer: Cannot connect to amqp://zamowienia:{pw}@10.0.3.21:5672/prod: [Errno 111] Connection refused.\nTrying again in 4.00 seconds... (2/100)",
    pw,
)

t = "shpat_" + rs(HX, 32)
S(
    "api_key",
    "terminal output, en-US",
    f'$ curl -s -H "X-Shopify-Access-Token: {t}" "https://hollow-oak-candles.myshopify.com/admin/api/2024-04/orders.json?status=any" | head -c 200\n{{"errors":"[API] Invalid API key or access token (unrecognized login or wrong password)"}}\n\nthis token worked yesterday??',
    t,
)

k1, k2 = rs(HX, 32), rs(HX, 40)
S(
    "api_key",
    "pasted datadog.yaml, fr-CA",
    f"L'agent affiche « API Key invalid », voici ma config :\n\napi_key: {k1}\napp_key: {k2}\nsite: datadoghq.eu\nlogs_enabled: true\nhostname: srv-prod-02",
    k1,
    k2,
)

t = rs(AN + "_-", 40)
S(
    "api_key",
    "terminal output, ja-JP",
    f"wrangler deploy で認証エラーになります\n\n$ CLOUDFLARE_API_TOKEN={t} npx wrangler deploy\n✘ [ERROR] A request to the Cloudflare API (/memberships) failed.\n  Authentication error [code: 10000]",
    t,
)

ref = rs(LO, 20)
t = jwt(
    {
        "iss": "supabase",
        "ref": ref,
        "role": "service_role",
        "iat": 1712000000 + R.randint(0, 9999999),
        "exp": 2027000000 + R.randint(0, 9999999),
    }
)
S(
    "jwt",
    "pasted .env file, es-MX",
    f"oigan ¿está bien que use esta key en el front? así tengo mi .env.local\n\nNEXT_PUBLIC_SUPABASE_URL=https://{ref}.supabase.co\nNEXT_PUBLIC_SUPABASE_SERVICE_ROLE_KEY={t}",
    t,
)

t = "ntn_" + rs(DG, 11) + rs(AN, 35)
S(
    "api_key",
    "pasted Python snippet, ko-KR",
    f'노션 API 연결이 안 돼요 (401 unauthorized)\n\nimport requests\nheaders = {{\n    "Authorization": "Bearer {t}",\n    "Notion-Version": "2022-06-28",\n}}\nr = requests.post("https://api.notion.com/v1/databases/{rs(HX, 32)}/query", headers=headers)',
    t,
)

t = "ATATT3xFfGF0" + rs(B64U, 180) + "=" + rs("0123456789ABCDEF", 8)
em = "jeroen.peeters@brouwerij-dewilde.be"
S(
    "api_key",
    "terminal output, nl-BE",
    f'Jira API geeft 401, wat doe ik fout?\n\n$ curl -u {em}:{t} -H "Accept: application/json" https://brouwerij-dewilde.atlassian.net/rest/api/3/myself',
    t,
    em,
)

t = "AAAA" + rs(B64U, 7) + ":APA91b" + rs(B64U, 134)
S(
    "api_key",
    "pasted Node.js snippet, vi-VN",
    f"gửi push notification bị lỗi 401 ạ\n\nconst res = await fetch('https://fcm.googleapis.com/fcm/send', {{\n  method: 'POST',\n  headers: {{\n    'Content-Type': 'application/json',\n    Authorization: 'key={t}',\n  }},\n  body: JSON.stringify({{ to: deviceToken, notification: {{ title: 'Đơn hàng mới' }} }}),\n}});",
    t,
)

sid, csrf = rs(LO + DG, 32), rs(AN, 64)
S(
    "session_cookie",
    "copied cURL from browser devtools, en-GB",
    f"copied this from the network tab, why does it 403 when I run it from a script?\n\ncurl 'https://portal.hartwell-joinery.co.uk/api/timesheets/?week=2024-W19' \\\n  -H 'accept: application/json' \\\n  -H 'cookie: csrftoken={csrf}; sessionid={sid}' \\\n  -H 'referer: https://portal.hartwell-joinery.co.uk/timesheets/' \\\n  -H 'x-csrftoken: {csrf}'",
    sid,
)

t = jwt(
    {
        "sub": rd(7),
        "email_verified": True,
        "roles": ["kunde"],
        "iat": 1715000000,
        "exp": 1715003600,
    },
    alg="RS256",
    siglen=342,
)
S(
    "jwt",
    "copied request headers from devtools, de-DE",
    f"Request-Header aus den Entwicklertools:\n\n:authority: api.stromvergleich-nord.de\n:method: GET\n:path: /v2/vertraege?status=aktiv\naccept: application/json\nauthorization: Bearer {t}\nuser-agent: Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36\n\nWie lange ist so ein Token gültig?",
    t,
)

t = (
    b64u(b'{"alg":"dir","enc":"A256GCM"}')
    + ".."
    + rs(B64U, 16)
    + "."
    + rs(B64U, 420)
    + "."
    + rs(B64U, 22)
)
S(
    "session_cookie",
    "copied cookie from devtools, pt-BR",
    f"peguei o cookie no DevTools pra testar no Postman, é esse mesmo?\n\n__Secure-next-auth.session-token={t}; __Secure-next-auth.callback-url=https%3A%2F%2Fapp.agendafacil.com.br%2Fdashboard",
    t,
)

ph = rs(LO + DG, 26)
ts = 1716000000 + R.randint(0, 999999)
wp = f"admin%7C{ts}%7C{rs(AN, 43)}%7C{rs(HX, 64)}"
S(
    "session_cookie",
    "copied request header, it-IT",
    f"Header della richiesta che fallisce:\n\nCookie: PHPSESSID={ph}; wordpress_logged_in_{rs(HX, 32)}={wp}; wp-settings-time-1={ts}",
    ph,
    wp,
)

enc = b64(f"fakturace:{strong_pw(14)}".encode())
S(
    "basic_auth",
    "terminal output, cs-CZ",
    f"$ curl -v https://erp.kovovyroba-hajek.cz/api/faktury\n> GET /api/faktury HTTP/2\n> Host: erp.kovovyroba-hajek.cz\n> Authorization: Basic {enc}\n> User-Agent: curl/8.5.0\n> Accept: */*\n>\n< HTTP/2 401\n\nproč mi to vrací 401?",
    enc,
)

k = rs(HX, 32)
S(
    "api_key",
    "pasted Postman collection JSON, id-ID",
    "ini export collection postman saya, kok cek ongkir selalu invalid key?\n\n"
    + json.dumps(
        {
            "info": {
                "name": "Ongkir Toko",
                "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json",
            },
            "item": [
                {
                    "name": "cost",
                    "request": {
                        "method": "POST",
                        "header": [{"key": "key", "value": k, "type": "text"}],
                        "url": {"raw": "https://api.rajaongkir.com/starter/cost"},
                    },
                }
            ],
        },
        indent=2,
    ),
    k,
)

pw = strong_pw(16)
S(
    "password",
    "pasted terraform.tfvars, ro-RO",
    f'am dat commit la fișierul ăsta din greșeală, e grav?\n\nregion        = "eu-central-1"\ninstance_type = "t3.medium"\ndb_username   = "admin"\ndb_password   = "{pw}"\nallowed_cidr  = "0.0.0.0/0"',
    pw,
)

pw = human_pw("Kesakuu")
S(
    "password",
    "pasted Ansible inventory, fi-FI",
    f"miksi become ei toimi?\n\n[palvelimet]\nweb01 ansible_host=10.1.4.11\nweb02 ansible_host=10.1.4.12\n\n[palvelimet:vars]\nansible_user=deploy\nansible_become_password={pw}",
    pw,
)

wifi = human_pw("Bergblick")
llat = jwt({"iss": rs(HX, 32), "iat": 1709000000, "exp": 2024360000})
S(
    "wifi_password",
    "pasted secrets.yaml (Home Assistant), de-AT",
    f'# secrets.yaml\nwifi_ssid: "Hoamatnetz"\nwifi_password: "{wifi}"\nha_token: {llat}\n\nkann ich die datei so ins forum posten?',
    wifi,
    llat,
)

wifi, key, ota = strong_pw(14), b64(bytes(R.randrange(256) for _ in range(32))), rs(AN, 16)
S(
    "wifi_password",
    "pasted ESPHome YAML, nl-NL",
    f'esphome:\n  name: tuinsproeier\n\nwifi:\n  ssid: "Ziggo{rd(7)}"\n  password: "{wifi}"\n\napi:\n  encryption:\n    key: "{key}"\n\nota:\n  - platform: esphome\n    password: "{ota}"\n\nhij blijft in de fallback hotspot hangen, iemand een idee?',
    wifi,
    key,
    ota,
)

t = rs(HX, 48)
S(
    "access_token",
    "terminal output, en-US",
    f"$ jupyter lab --no-browser --port 8888\n[I 2024-06-02 21:14:03.512 ServerApp] Jupyter Server 2.14.0 is running at:\n[I 2024-06-02 21:14:03.512 ServerApp] http://gpu-box:8888/lab?token={t}\n[I 2024-06-02 21:14:03.512 ServerApp]     http://127.0.0.1:8888/lab?token={t}\n\nhow do I open this from my laptop through ssh?",
    t,
)

t = "2" + rs(AN, 26) + "_" + rs(AN, 21)
S(
    "api_key",
    "terminal output, es-ES",
    f"he puesto el token y ngrok sigue diciendo ERR_NGROK_105\n\n$ ngrok config add-authtoken {t}\nAuthtoken saved to configuration file: /home/pablo/.config/ngrok/ngrok.yml\n$ ngrok http 8080\nERROR:  authentication failed: The authtoken you specified does not look like a proper ngrok authtoken.",
    t,
)

t = "whsec_" + rs(AN, 32)
S(
    "webhook_secret",
    "terminal output, en-AU",
    f"$ stripe listen --forward-to localhost:4242/webhook\n> Ready! You are using Stripe API Version [2024-06-20]. Your webhook signing secret is {t} (^C to quit)\n\ndo I put that in .env as STRIPE_WEBHOOK_SECRET or is it the live one?",
    t,
)

sec = "E" + rs(B64U, 79)
S(
    "oauth_secret",
    "terminal output, pt-BR",
    f'$ curl -v https://api-m.paypal.com/v1/oauth2/token -u "A{rs(B64U, 79)}:{sec}" -d "grant_type=client_credentials"\n< HTTP/2 401\n{{"error":"invalid_client","error_description":"Client Authentication failed"}}\n\ngente o que pode ser isso?',
    sec,
)

k = "sk-or-v1-" + rs(HX, 64)
S(
    "api_key",
    "pasted Python snippet, ru-RU",
    f'почему 401 от openrouter?\n\nfrom openai import OpenAI\nclient = OpenAI(base_url="https://openrouter.ai/api/v1", api_key="{k}")\nprint(client.chat.completions.create(model="meta-llama/llama-3.1-70b-instruct", messages=[{{"role": "user", "content": "привет"}}]))',
    k,
)

t = "ATBB" + rs(AN, 28) + rs("0123456789ABCDEF", 8)
S(
    "app_password",
    "terminal output, uk-UA",
    f"$ git clone https://oleksii_dev:{t}@bitbucket.org/agro-sklad/warehouse-api.git\nCloning into 'warehouse-api'...\nremote: Invalid credentials\n\nчому не клонується, пароль додатка новий",
    t,
)

t = "glsa_" + rs(AN, 32) + "_" + rs(HX, 8)
S(
    "api_key",
    "terminal output, pl-PL",
    f'$ curl -H "Authorization: Bearer {t}" https://grafana.sklep-rowerowy.pl/api/dashboards/home\n{{"message":"invalid API key","traceID":""}}\n\nczy token service accounta trzeba jakoś aktywować?',
    t,
)

t = rs(AN, 14) + ".atlasv1." + rs(AN, 67)
S(
    "api_key",
    "pasted config file, de-CH",
    f'terraform login hat nicht geklappt, also habe ich die Datei von Hand angelegt:\n\n$ cat ~/.terraform.d/credentials.tfrc.json\n{{\n  "credentials": {{\n    "app.terraform.io": {{\n      "token": "{t}"\n    }}\n  }}\n}}',
    t,
)

t = "tskey-auth-k" + rs(AN, 10) + "CNTRL-" + rs(AN, 33)
S(
    "api_key",
    "terminal output, sv-SE",
    f"$ sudo tailscale up --authkey={t} --advertise-exit-node\nbackend error: invalid key: unable to validate API key\n\nnyckeln skapade jag nyss i admin-konsolen",
    t,
)

pw = human_pw("Galatasaray")
S(
    "password",
    "terminal output (shell history), tr-TR",
    f"geçmişte şöyle bir şey gördüm, silmem lazım mı?\n\n$ history | tail -4\n 512  cd /var/www/html\n 513  mysql -u root -p'{pw}' eticaret < yedek.sql\n 514  systemctl restart php8.2-fpm\n 515  history | tail -4",
    pw,
)

pw = strong_pw(12)
S(
    "password",
    "terminal output, zh-TW",
    f"寫了一個備份腳本，這樣寫安全嗎？\n\n$ cat backup.sh\n#!/bin/bash\nsshpass -p '{pw}' rsync -az /srv/photos/ backup@10.0.0.8:/volume1/photos/\n$ crontab -l\n0 3 * * * /home/pi/backup.sh",
    pw,
)

pw = human_pw("Sumava")
S(
    "password",
    "terminal output, cs-CZ",
    f"$ smbclient //nas.local/rodina -U petra%{pw}\nsession setup failed: NT_STATUS_LOGON_FAILURE\n\nheslo je určitě správně, co dál?",
    pw,
)

key = human_pw("Jacaranda")
S(
    "wifi_password",
    "terminal output (Windows), en-ZA",
    f'C:\\Users\\thabo> netsh wlan show profile name="HomeFibre_5G" key=clear\n\nProfile HomeFibre_5G on interface Wi-Fi:\n=======================================================================\nSecurity settings\n-----------------\n    Authentication         : WPA2-Personal\n    Cipher                 : CCMP\n    Security key           : Present\n    Key Content            : {key}\n\nhow do I share this with my laptop without typing it?',
    key,
)

# --------------------------------------------------------------------------- secrets: voice-message transcripts (speech to text)

V = "voice-message transcript (speech to text)"

s = "purple elephant seventy two"
S(
    "wifi_password",
    f"{V}, en-GB",
    f"hiya its me just landed the wifi password for the flat is {s} all one word lowercase no spaces see you later x",
    s,
)

otp = rs(DG, 6)
s = say_en(otp)
S(
    "otp",
    f"{V}, en-US",
    f"ok so the code they just texted me is {s} can you type that in for me before it expires",
    s,
)

s = say("es", rs(DG, 6))
S(
    "otp",
    f"{V}, es-MX",
    f"oye el código de verificación que me llegó es {s} no se lo pases a nadie eh es para lo del banco",
    s,
)

s = say("de", rd(4))
S(
    "pin",
    f"{V}, de-DE",
    f"hallo schatz die pin für die neue karte ist {s} ich hab den brief schon weggeworfen also schreib sie dir irgendwo auf",
    s,
)

d = rs(DG, 4)
s = f"{say('fr', d[:2])} b {say('fr', d[2:])}"
S(
    "door_code",
    f"{V}, fr-FR",
    f"coucou pour ce soir le digicode c'est {s} et ensuite c'est au troisième porte de gauche",
    s,
)

s = f"casa amarela {R.randint(1990, 2023)}"
S(
    "wifi_password",
    f"{V}, pt-BR",
    f"oi amiga a senha do wifi é {s} tudo junto e minúsculo qualquer coisa me liga",
    s,
)

s = say("it", rd(5))
S(
    "alarm_code",
    f"{V}, it-IT",
    f"allora quando entri hai trenta secondi per disattivare l'allarme il codice è {s} e poi premi il tasto off",
    s,
)

s = f"маша {R.choice(['восемьдесят семь', 'девяносто один', 'двадцать три'])} с большой буквы и восклицательный знак"
S("password", f"{V}, ru-RU", f"короче пароль от почты {s} только никому не говори", s)

s = say("pl", rd(4))
S(
    "door_code",
    f"{V}, pl-PL",
    f"kod do domofonu to {s} i potem klucz a mieszkanie jest na czwartym piętrze",
    s,
)

s = say("tr", rd(4))
S("door_code", f"{V}, tr-TR", f"abi kapı şifresi {s} yıldız sonra asansörle beşinci kata çık", s)

s = spaced(rs(DG, 6))
S(
    "otp",
    f"{V}, en-IN",
    f"hello bhaiya the OTP is {s} please enter fast it will expire in two minutes",
    s,
)

s = " ".join(seed_phrase(12))
S(
    "recovery_phrase",
    f"{V}, en-AU",
    f"right reading out the recovery words so you can write them down for me ready {s} thats the twelve dont lose that piece of paper",
    s,
)

s = say("nl", rd(5))
S(
    "pin",
    f"{V}, nl-NL",
    f"hoi de code van de kluis in de slaapkamer is {s} de paspoorten liggen daar ook in",
    s,
)

s = f"sakura{rd(4)}kyoto"
S(
    "wifi_password",
    f"{V}, ja-JP",
    f"もしもし 実家のワイファイのパスワードは {s} です 全部小文字で",
    s,
)

s = spaced(rs(DG, 6))
S("otp", f"{V}, ko-KR", f"여보 방금 문자로 온 인증번호 {s} 이거 앱에 넣어 줘", s)

otp = rs(DG, 6)
s = f"{otp[:3]} {otp[3:]}"
S("otp", f"{V}, zh-CN", f"喂 验证码是 {s} 你帮我填一下 别告诉别人", s)

s = rs(DG, 6).translate(AR_DIGITS)
S("otp", f"{V}, ar-SA", f"السلام عليكم رمز التحقق اللي وصلني هو {s} دخله بسرعة قبل ما ينتهي", s)

s = spaced(rs(DG, 6))
S("pin", f"{V}, hi-IN", f"भैया मेरा UPI पिन {s} है पेमेंट कर देना प्लीज़", s)

s = f"kucingoren {say('id', rd(3))}"
S(
    "wifi_password",
    f"{V}, id-ID",
    f"halo password wifi rumah itu {s} semua huruf kecil ya nggak pakai spasi",
    s,
)

s = say("vi", rs(DG, 6))
S("otp", f"{V}, vi-VN", f"anh ơi mã OTP là {s} anh nhập giúp em với", s)

s = f"mahalkitaforever {R.randint(2010, 2023)}"
S("wifi_password", f"{V}, fil-PH", f"uy yung password ng wifi natin ay {s} walang space ha", s)

s = say("sw", rd(4))
S("pin", f"{V}, sw-KE", f"sikiliza namba ya siri ya m-pesa ni {s} nitumie elfu mbili tu", s)

s = say("el", rd(4))
S(
    "alarm_code",
    f"{V}, el-GR",
    f"γεια σου ο κωδικός του συναγερμού είναι {s} και μετά πατάς το κλειδάκι",
    s,
)

s = spaced(rd(4))
S("alarm_code", f"{V}, he-IL", f"היי הקוד של האזעקה הוא {s} ואחר כך כוכבית תודה", s)

s = rd(6).translate(FA_DIGITS)
S("pin", f"{V}, fa-IR", f"سلام رمز دوم کارتم {s} هست لطفا خرید رو انجام بده", s)

s = spaced(rs(DG, 6))
S("otp", f"{V}, th-TH", f"ฮัลโหล รหัส OTP คือ {s} ค่ะ ช่วยกรอกให้หน่อยนะ", s)

s = f"modrý slon {R.choice(['čtyřicet dva', 'osmnáct', 'sedmdesát tři'])}"
S("wifi_password", f"{V}, cs-CZ", f"ahoj heslo k wifině je {s} dohromady bez mezer a malými", s)

s = f"groß m klein a x {say('de', rd(4))} ausrufezeichen"
S(
    "password",
    f"{V}, de-DE",
    f"also das passwort für den laptop ist {s} hab ich extra so gemacht damit sies nicht errät",
    s,
)

# --------------------------------------------------------------------------- secrets: OCR of photos and scans

OCR = "OCR of a photo"

k1, k2 = rs("abcdefghjkmnpqrstuvwxyz23456789", 12), rs(AN, 8)
S(
    "wifi_password",
    f"{OCR} (router sticker), en-GB",
    f"can you read this off my router sticker for me, the numbers are tiny\n\nHub 4\nSSID: VM{rd(7)}\nWire1ess Key: {k1}\nRouter Admin Password: {k2}\nSerial No. {rs(UP + DG, 14)}",
    k1,
    k2,
)

k1 = " ".join(rs(DG, 4) for _ in range(5))
k2 = R.choice(["tulpe", "flocke", "mauer", "kiste", "birne"]) + rd(4)
S(
    "wifi_password",
    f"{OCR} (router sticker), de-DE",
    f"FRITZ!Box 7590 AX\nWLAN-Netzwerk (SSID): FRITZ!Box 7590 {rs(UP, 2)}\nWLAN-Netzwerkschlüssel (WPA2):\n{k1}\nFRITZ!Box-Kennwort: {k2}\nCWMP-Account: {rs(UP + DG, 10)}\n\nWelche Nummer muss ich am Handy eingeben?",
    k1,
    k2,
)

codes = [f"{rs(DG, 4)} {rs(DG, 4)}" for _ in range(10)]
S(
    "recovery_codes",
    f"{OCR} (printed backup codes), en-US",
    "BACKUP VERIFICATION CODES\nKeep these somewhere safe but accessible.\n\n"
    + "\n".join(f"{i + 1}. {c}" for i, c in enumerate(codes))
    + "\n\nYou can only use each backup code once.\nThese codes were generated on: Mar 14, 2024",
    *codes,
)

bl = "-".join(f"{11 * R.randrange(1, 65536):06d}" for _ in range(8))
S(
    "recovery_key",
    f"{OCR} (printout), en-CA",
    f"my laptop is asking for this after the BIOS update, I photographed the printout, which part do I type?\n\nBitLocker Drive Encryption recovery key\n\nTo verify that this is the correct recovery key, compare the start of the following identifier with the identifier value displayed on your PC.\n\nIdentifier:\n\n{uuid4().upper()}\n\nIf the above identifier matches the one displayed by your PC, then use the following key to unlock your drive.\n\nRecovery Key:\n\n{bl}",
    bl,
)

words = seed_phrase(12)
s = "  ".join(f"{i + 1:02d} {w.upper()}" for i, w in enumerate(words))
S(
    "recovery_phrase",
    f"{OCR} (seed phrase card), es-AR",
    f"le saqué foto a la tarjetita de la billetera para no perderla, ¿me la pasás a texto?\n\nRECOVERY SHEET\n{s}\nChecksum OK",
    s,
)

s = "-".join(rs(UP + DG, 5) for _ in range(5))
S(
    "recovery_code",
    f"{OCR} (screenshot), sv-SE",
    f"Din återställningskod\nSkriv ut den eller skriv ner den och förvara den säkert. Om du glömmer lösenordet behöver du den.\n\n{s}\n\nKan du spara den här texten åt mig?",
    s,
)

s = "-".join(rs(UP + DG, 4) for _ in range(7))
S(
    "recovery_key",
    f"{OCR} (screenshot), ja-JP",
    f"iPhoneの復旧キーの画面をスクショしました。テキストにしてください\n\n復旧キー\n{s}\nこの復旧キーを安全な場所に保管してください。",
    s,
)

s = " ".join(rs(LO + "234567", 4) for _ in range(8))
S(
    "totp_secret",
    f"{OCR} (screenshot of 2FA setup), en-IE",
    f"Set up authenticator app\n1. Download an authenticator app\n2. Scan this QR code\nCan't scan it? Enter this key instead:\n{s}\nSpaces don't matter.\n\ndoes this key go in the account name field or the key field?",
    s,
)

sec = rs(B32, 32)
em = f"camille.renaud{rd(2)}@free.fr"
S(
    "totp_secret",
    "decoded QR code (2FA setup), fr-FR",
    f"j'ai décodé le QR code de la double authentification, c'est normal que ça ressemble à ça ?\n\notpauth://totp/Impots%20Pro:{em}?secret={sec}&issuer=Impots%20Pro&algorithm=SHA1&digits=6&period=30",
    sec,
    em,
)

s = spaced(rd(4))
S(
    "pin",
    f"{OCR} (PIN mailer letter), nl-NL",
    f"Geachte heer, mevrouw,\n\nHierbij ontvangt u de pincode voor uw nieuwe betaalpas.\n\nUw pincode:   {s}\n\nVernietig deze brief nadat u de pincode heeft onthouden.\n\nmoet ik die oude pincode dan vergeten of kan ik hem wijzigen?",
    s,
)

pw = f"Lua&Mar{R.randint(2015, 2023)}!"
S(
    "wifi_password",
    "decoded Wi-Fi QR code, pt-PT",
    f"li o código QR que está no frigorífico, dá isto:\nWIFI:T:WPA;S:Casa_Oliveira;P:{pw};H:false;;\nqual é a palavra-passe então?",
    pw,
)

pw = f"Wiosna{R.randint(2023, 2025)}!!"
S(
    "password",
    f"{OCR} (sticky note on monitor), pl-PL",
    f"zdjęcie karteczki z monitora szefa, przepisz proszę:\n\nVPN\nlogin: jkowalczyk\nhasło: {pw}\nnie zmieniać!!",
    pw,
)

pw = "".join(R.choice(AN + "#!@") for _ in range(14))
S(
    "password",
    f"{OCR} (screenshot of password manager), en-CA",
    f"Bank of Montreal - personal\nUsername  derek.mcallister\nPassword  {pw}\nWebsite   www1.bmo.com\nLast modified  2 days ago\n\ncan you tell me which characters are uppercase in this password, the font is confusing",
    pw,
)

pw = f"{rs(UP, 2)}{rd(2)}-{rs(LO, 3)}-{rs(AN, 3)}"
S(
    "password",
    f"{OCR} (welcome letter), it-IT",
    f"Gentile cliente,\nLe comunichiamo le credenziali provvisorie per l'area riservata.\nNome utente: {rd(8)}\nPassword provvisoria: {pw}\nAl primo accesso Le sarà chiesto di modificarla.\n\nmi aiuti a leggere bene la password? non capisco se è una O o uno zero",
    pw,
)

tans = [f"{i:03d} {rs(DG, 6)}" for i in range(1, 7)]
S(
    "otp",
    f"{OCR} (TAN list), de-DE",
    "alte iTAN-Liste von Oma gefunden, ist die noch gültig?\n\nTAN-Liste Nr. 0"
    + rd(3)
    + "\n"
    + "   ".join(tans[:3])
    + "\n"
    + "   ".join(tans[3:]),
    *[x[4:] for x in tans],
)

# --------------------------------------------------------------------------- secrets: forwarded e-mails

F = "forwarded e-mail"

pw = strong_pw(12)
S(
    "password",
    f"{F}, en-US",
    f"---------- Forwarded message ---------\nFrom: IT Service Desk <servicedesk@brightwell-logistics.com>\nDate: Mon, Apr 8, 2024 at 7:02 AM\nSubject: Your new network account\nTo: Jordan Reyes\n\nHi Jordan,\n\nYour account has been created.\nUsername: jreyes\nTemporary password: {pw}\n\nYou will be asked to change it at first sign-in.\n\nIT Service Desk\n\n---\ncan you explain what MFA means in this email? do I need my phone for it",
    pw,
)

t = rs(HX, 64)
S(
    "reset_token",
    f"{F}, de-DE",
    f"-------- Weitergeleitete Nachricht --------\nBetreff: Passwort zurücksetzen\nDatum: 12.03.2024 18:44\nVon: Stadtwerke Kundenportal\n\nHallo,\nklicken Sie auf den folgenden Link, um ein neues Passwort zu vergeben:\nhttps://kundenportal.stadtwerke-rheinau.de/passwort/neu?token={t}\nDer Link ist 30 Minuten gültig.\n\nist das Phishing oder echt?",
    t,
)

t = rs(B64U, 43)
S(
    "magic_link",
    f"{F}, fr-FR",
    f"---------- Message transféré ---------\nDe : Doctolib Pro\nDate : jeu. 4 avr. 2024 à 09:15\nObjet : Votre lien de connexion\n\nBonjour,\nVoici votre lien de connexion à usage unique :\nhttps://pro.cabinet-kine-lumiere.fr/login/magic?t={t}\nIl expire dans 15 minutes.\n\ntu peux te connecter avec ça pour moi ?",
    t,
)

pw = strong_pw(16)
S(
    "password",
    f"{F}, es-ES",
    f"---------- Mensaje reenviado ---------\nDe: Soporte Integraciones\nFecha: mar, 16 abr 2024, 11:20\nAsunto: Acceso SFTP\n\nBuenos días,\nos pasamos los datos de acceso al SFTP:\nHost: sftp.distribuciones-levante.es\nPuerto: 22\nUsuario: clinica_sorolla\nContraseña: {pw}\n\nUn saludo\n\n---\n¿cómo lo configuro en FileZilla?",
    pw,
)

psk = rs(AN, 24)
S(
    "vpn_key",
    f"{F}, it-IT",
    f"---------- Messaggio inoltrato ---------\nDa: Assistenza Sistemi\nData: 22 feb 2024, 16:05\nOggetto: Configurazione VPN sede Bologna\n\nServer: vpn.studio-associato-ferri.it\nTipo: L2TP/IPsec con chiave precondivisa\nChiave precondivisa: {psk}\nUtente: tuo nome utente di dominio\n\ncome la imposto sul Mac?",
    psk,
)

s = rs(UP + DG, 8)
S(
    "access_code",
    f"{F}, nl-NL",
    f"---------- Doorgestuurd bericht ---------\nVan: Notariskantoor Van Dam\nOnderwerp: Documenten ter ondertekening\n\nGeachte heer Bakker,\nU kunt de documenten inzien met onderstaande toegangscode.\nToegangscode: {s}\nDeze code is 48 uur geldig.\n\nwat moet ik precies ondertekenen?",
    s,
)

pw = " ".join(
    R.sample(
        ["tangerine", "lighthouse", "velvet", "orbit", "marble", "juniper", "harbour", "copper"], 4
    )
)
S(
    "password",
    f"{F}, en-GB",
    f"-----Original Message-----\nFrom: Finance Team\nSent: 03 May 2024 14:12\nSubject: RE: shared mailbox\n\nHi both,\nthe password for the accounts@ shared vault is: {pw}\n(spaces included). Please don't forward this.\n\nAnita\n\n-----\nwhoops, I know, but can you tell me how to set it up in Outlook?",
    pw,
)

otp = rs(DG, 6)
s = f"{otp[:3]} {otp[3:]}"
S(
    "otp",
    f"{F}, pt-PT",
    f"---------- Mensagem reencaminhada ---------\nDe: Portal das Finanças\nAssunto: Código de confirmação\n\nO seu código de confirmação é: {s}\nEste código é válido por 10 minutos.\n\nmãe, reencaminhei-te isto, mete tu o código",
    s,
)

s = rd(8)
S(
    "activation_code",
    f"{F}, ro-RO",
    f"---------- Mesaj redirecționat ---------\nDe la: Banca Transilvania\nSubiect: Cod de activare BT24\n\nStimate client,\nCodul dumneavoastră de activare este: {s}\nNu comunicați acest cod nimănui.\n\nunde îl introduc în aplicație?",
    s,
)

pw = human_pw("Vltava")
S(
    "password",
    f"{F}, cs-CZ",
    f"---------- Přeposlaná zpráva ---------\nOd: Podpora e-shopu\nPředmět: Přístupové údaje do administrace\n\nDobrý den,\nposíláme přístupové údaje:\nlogin: obchod@cajovna-lipa.cz\nheslo: {pw}\n\nS pozdravem\n\n---\njak si heslo změním?",
    pw,
)

pw = f"{rs(UP, 2)}{rs(LO, 2)}#{rd(4)}{rs(LO, 2)}"
S(
    "password",
    f"{F}, ja-JP",
    f"---------- Forwarded message ---------\n差出人: 情報システム部\n件名: 【重要】仮パスワードのお知らせ\n\n各位\n\n新しい勤怠システムの仮パスワードをお送りします。\nユーザーID: 社員番号\n仮パスワード: {pw}\n初回ログイン時に変更してください。\n\nこれってどこで変更するの？",
    pw,
)

pw = f"{rs(LO, 4)}{rd(4)}!{rs(UP, 2)}"
S(
    "password",
    f"{F}, ko-KR",
    f"---------- 전달된 메일 ----------\n보낸사람: 인사팀\n제목: 그룹웨어 계정 안내\n\n안녕하세요. 그룹웨어 계정이 생성되었습니다.\n아이디: 사번\n임시 비밀번호: {pw}\n최초 로그인 후 반드시 변경하세요.\n\n이거 비밀번호 변경 어디서 해요?",
    pw,
)

pw = f"{rs(UP, 1)}{rs(LO, 5)}@{rd(4)}"
S(
    "password",
    f"{F}, zh-CN",
    f"---------- 转发的邮件 ----------\n发件人: IT运维组\n主题: 邮箱开通通知\n\n您好，您的企业邮箱已开通。\n初始密码：{pw}\n请登录后尽快修改。\n\n帮我看看怎么在手机上配置这个邮箱",
    pw,
)

pw = f"{rs(LO, 3)}{rd(5)}{rs(UP, 2)}"
S(
    "password",
    f"{F}, ar-AE",
    f"---------- رسالة معاد توجيهها ---------\nمن: الدعم الفني\nالموضوع: بيانات الدخول إلى البوابة\n\nمرحباً،\nاسم المستخدم: رقم الموظف\nكلمة المرور المؤقتة: {pw}\nيرجى تغييرها عند أول تسجيل دخول.\n\nكيف أغير كلمة المرور؟",
    pw,
)

k = "live_" + rs(AN, 40)
S(
    "api_key",
    f"{F}, en-IE",
    f"Begin forwarded message:\n\nFrom: Onboarding\nSubject: Your production credentials\n\nHi Ciara,\nwelcome aboard! Your live API key is below. Keep it on your server only.\n\nAPI key: {k}\nDashboard: https://dashboard.parcelpoint.ie\n\nKind regards,\nIntegrations team\n\n---\nwhere do I paste this in WooCommerce?",
    k,
)

# --------------------------------------------------------------------------- secrets: exported chat logs

C = "exported chat log"

pw = human_pw("Biscuit")
S(
    "password",
    f"{C} (WhatsApp), en-GB",
    f"[14/02/2024, 19:02:11] Tom Fletcher: netflix is the same email as before\n[14/02/2024, 19:02:40] Tom Fletcher: password is {pw}\n[14/02/2024, 19:03:05] Gemma: ta!!",
    pw,
)

s = spaced(rs(DG, 6))
S(
    "alarm_code",
    f"{C} (WhatsApp), es-ES",
    f"12/3/24, 21:14 - Lucía: el código de la alarma nueva es {s}\n12/3/24, 21:14 - Lucía: luego le das a la tecla con el candado\n12/3/24, 21:15 - Javi: vale, apuntado",
    s,
)

s = " ".join(seed_phrase(12))
S(
    "recovery_phrase",
    f"{C} (Telegram), ru-RU",
    f"[12.03.2024 10:15:22] Дмитрий: вот сид-фраза от кошелька, сохрани где-нибудь\n[12.03.2024 10:15:40] Дмитрий: {s}\n[12.03.2024 10:16:02] Оля: ок",
    s,
)

pw = strong_pw(18)
S(
    "password",
    f"{C} (Slack export JSON), en-US",
    json.dumps(
        [
            {
                "type": "message",
                "user": "U04" + rs(UP + DG, 8),
                "text": "can someone share the prod db pw? the runbook link is dead",
                "ts": "1712345678.123456",
            },
            {
                "type": "message",
                "user": "U02" + rs(UP + DG, 8),
                "text": f"it's `{pw}` -- rotate it after the incident pls",
                "ts": "1712345702.654321",
            },
        ],
        indent=2,
    ),
    pw,
)

t = b64(rd(19).encode()).rstrip("=") + "." + rs(B64U, 6) + "." + rs(B64U, 38)
S(
    "bot_token",
    f"{C} (Discord), en-US",
    f"[10:42 PM] nightowl: ok here's the token for the music bot, dont leak it lol\n[10:42 PM] nightowl: {t}\n[10:44 PM] kestrel: bro you just leaked it",
    t,
)

s = spaced(rd(4))
S(
    "door_code",
    f"{C} (WhatsApp), de-DE",
    f"[02.08.24, 15:21:07] Vermieterin Ferienwohnung: Willkommen! Der Schlüsselkasten hängt links neben der Tür, Code {s}\n[02.08.24, 15:21:30] Vermieterin Ferienwohnung: Bitte nach dem Aufenthalt wieder verdrehen",
    s,
)

otp = rs(DG, 6)
s = f"{otp[:3]} {otp[3:]}"
S(
    "otp",
    f"{C} (WhatsApp), pt-BR",
    f"[05/06/2024 14:02:33] Tia Neide: oi querido chegou um código aí no seu celular? me passa que é da promoção\n[05/06/2024 14:03:10] Rafael: chegou sim é {s}\n[05/06/2024 14:03:41] Tia Neide: obrigada",
    s,
)

pw = strong_pw(14)
S(
    "password",
    f"{C} (Telegram), uk-UA",
    f"[21.05.2024 09:31] Олександр: пароль від адмінки сайту {pw}\n[21.05.2024 09:32] Ірина: дякую, зайшла",
    pw,
)

otp = rs(DG, 6)
S(
    "otp",
    f"{C} (WhatsApp), hi-IN (Hinglish)",
    f"[18/07/24, 8:14:55 PM] Chotu: bhai OTP {otp} hai, jaldi daal de\n[18/07/24, 8:15:20 PM] Rohit: done",
    otp,
)

pw = human_pw("Karlstejn")
S(
    "password",
    f"{C} (Teams export), cs-CZ",
    f"[09:14] Jan Novák: heslo k testovacímu serveru je {pw}\n[09:15] Tereza Dvořáková: díky, už to jede",
    pw,
)

s = spaced(rs(DG, 4))
S(
    "door_code",
    f"{C} (LINE), ja-JP",
    f"2024/03/12(火)\n21:04\tゆき\t玄関のキーボックスは {s} だよ\n21:05\tけんた\tありがと！",
    s,
)

pw = f"{rs(LO, 5)}{rd(4)}"
S(
    "wifi_password",
    f"{C} (KakaoTalk), ko-KR",
    f"2024년 3월 12일 오후 9:04, 지훈 : 공유기 비번 {pw}\n2024년 3월 12일 오후 9:05, 수아 : 고마워",
    pw,
)

pw = f"Root@{rd(4)}{rs(LO, 3)}"
S(
    "password",
    f"{C} (WeChat), zh-CN",
    f"2024-03-12 21:04 小王\n服务器root密码 {pw} 用完记得改\n2024-03-12 21:06 老李\n好的",
    pw,
)

pw = f"{rs(LO, 4)}{rd(6)}"
S(
    "wifi_password",
    f"{C} (WhatsApp), ar-EG",
    f"[12/03/2024، 9:04 م] أحمد: باسورد الواي فاي الجديد {pw}\n[12/03/2024، 9:05 م] منى: تمام شكرا",
    pw,
)

pw = human_pw("Bosphorus")
S(
    "password",
    f"{C} (WhatsApp), tr-TR",
    f"[12.03.2024 21:04:10] Ayşe: netflix şifresi {pw} profilime dokunma ama\n[12.03.2024 21:05:02] Zeynep: tamam",
    pw,
)

otp = rs(DG, 6)
s = f"{otp[:3]} {otp[3:]}"
S(
    "otp",
    f"{C} (WhatsApp), id-ID",
    f"[12/03/24 21.04.10] Budi: kak tadi ada kode verifikasi masuk {s} itu buat apa ya?\n[12/03/24 21.05.33] Kak Sari: jangan dikasih ke siapa-siapa!",
    s,
)

pw = f"{rs(LO, 6)}{rd(4)}"
S(
    "wifi_password",
    f"{C} (Telegram), fa-IR",
    f"[12.03.24 21:04] مریم: رمز وای‌فای خونه {pw} هست\n[12.03.24 21:05] علی: مرسی",
    pw,
)

pw = f"{R.choice(['simba', 'tembo', 'twiga'])}{rd(4)}{rs(LO, 2)}"
S(
    "wifi_password",
    f"{C} (WhatsApp), sw-TZ",
    f"[12/03/2024, 21:04] Juma: nenosiri la wifi ni {pw}\n[12/03/2024, 21:05] Neema: asante",
    pw,
)

pw = human_pw("Toscana")
S(
    "password",
    f"{C} (WhatsApp), it-IT",
    f"[12/03/24, 21:04:10] Papà: la password del router è {pw}\n[12/03/24, 21:05:02] Giulia: ok grazie pà",
    pw,
)

# --------------------------------------------------------------------------- secrets: pasted CSV / JSON / YAML

D = "pasted data"

rows_pw = [strong_pw(R.randint(11, 16)) for _ in range(3)]
S(
    "password",
    f"{D} (browser password export CSV), en-AU",
    "exported my chrome passwords, how do I import this into bitwarden?\n\nname,url,username,password,note\n"
    f"my.gov.au,https://my.gov.au/,liam.oconnor,{rows_pw[0]},\n"
    f"commbank.com.au,https://www.commbank.com.au/,{rd(8)},{rows_pw[1]},\n"
    f"ebay.com.au,https://signin.ebay.com.au/,liamoc_84,{rows_pw[2]},",
    *rows_pw,
)

pw, sec = strong_pw(15), rs(B32, 32)
S(
    "password",
    f"{D} (password manager JSON export), de-DE",
    "Ausschnitt aus meinem Bitwarden-Export, warum wird TOTP nicht übernommen?\n\n"
    + json.dumps(
        {
            "type": 1,
            "name": "Sparkasse",
            "login": {
                "uris": [{"match": None, "uri": "https://www.sparkasse.de"}],
                "username": "katrin.vogt",
                "password": pw,
                "totp": f"otpauth://totp/Sparkasse?secret={sec}",
            },
        },
        indent=2,
        ensure_ascii=False,
    ),
    pw,
    sec,
)

pw = strong_pw(16)
S(
    "password",
    f"{D} (KeePass XML export), fr-BE",
    f'un bout de l\'export XML de KeePass, est-ce que les mots de passe sont chiffrés dedans ?\n\n<Entry>\n  <String><Key>Title</Key><Value>Itsme / banque</Value></String>\n  <String><Key>UserName</Key><Value>sophie.lambert</Value></String>\n  <String><Key>Password</Key><Value ProtectInMemory="True">{pw}</Value></String>\n</Entry>',
    pw,
)

pws = [f"{R.choice(['Welkom', 'Start', 'Nieuw'])}{rd(4)}!" for _ in range(3)]
S(
    "password",
    f"{D} (user import CSV), nl-NL",
    "klopt dit formaat voor de import in het schoolportaal?\n\nvoornaam;achternaam;gebruikersnaam;wachtwoord;klas\n"
    f"Daan;Visser;dvisser{rd(3)};{pws[0]};4B\nLotte;Smit;lsmit{rd(3)};{pws[1]};4B\nMila;Mulder;mmulder{rd(3)};{pws[2]};4C",
    *pws,
)

k = rs(HX, 32)
t = f"{rd(10)}:AA{rs(B64U, 33)}"
S(
    "api_key",
    f"{D} (YAML config), es-MX",
    f'así quedó mi config.yaml del bot de cotizaciones, ¿lo subo así al repo?\n\nbot:\n  nombre: CotizaBot\n  telegram_token: "{t}"\nproveedores:\n  banxico:\n    token: {k}\n  moneda_base: MXN\nlog_level: info',
    t,
    k,
)

pw, pw2 = strong_pw(14), strong_pw(14)
S(
    "password",
    f"{D} (JSON config), tr-TR",
    "appsettings.Production.json böyle, neden bağlanmıyor?\n\n"
    + json.dumps(
        {
            "ConnectionStrings": {
                "Default": f"Server=10.0.0.5;Database=Muhasebe;User Id=muhasebe_app;Password={pw};TrustServerCertificate=True"
            },
            "Smtp": {
                "Host": "smtp.yandex.com.tr",
                "Port": 465,
                "User": "bildirim",
                "Password": pw2,
            },
        },
        indent=2,
    ),
    pw,
    pw2,
)

k = f"re_{rs(AN, 8)}_{rs(AN, 24)}"
S(
    "api_key",
    f"{D} (.env.production), en-US",
    f"# .env.production\nNEXT_PUBLIC_SITE_URL=https://trailmix-coffee.com\nRESEND_API_KEY={k}\nREVALIDATE_SECONDS=60\n\nis it ok that this file is in the repo if it's private?",
    k,
)

# ===========================================================================
# PII
# ===========================================================================

# --------------------------------------------------------------------------- phones in many national and international formats


def digits_not(prefix: str, n: int, bad: tuple[str, ...] = ()) -> str:
    while True:
        d = prefix + rs(DG, n)
        if not d.startswith(bad) and "555" not in d[len(prefix) : len(prefix) + 3]:
            return d


n = digits_not("07" + R.choice("4589"), 8, ("07700900",))
s = say_en(n)
P(
    "phone",
    f"{V}, en-GB",
    f"hiya its sarah again my new number is {s} save that one the old ones dead",
    s,
)

area = R.choice(["415", "312", "617", "713", "206", "404", "503", "720"])
exch = R.choice("2346789") + rs(DG, 2)
line = rs(DG, 4)
s = say_en(area + exch + line, doubles=False)
P(
    "phone",
    f"{V}, en-US",
    f"hey its marcus from the dealership call me back at {s} whenever you get a chance thanks",
    s,
)

s = f"55 {rs(DG, 4)} {rs(DG, 4)}"
P(
    "phone",
    f"{C} (WhatsApp), es-MX",
    f"[03/04/24, 18:22:10] Rosa Elena: oigan cambié de número\n[03/04/24, 18:22:31] Rosa Elena: mi nuevo cel es {s} guárdenlo porfa\n[03/04/24, 18:25:02] Tío Beto: listo mija",
    s,
)

s = f"+49 (0)1{R.choice(['51', '52', '60', '70', '76', '79'])} {rs(DG, 8)}"
P(
    "phone",
    f"{F} (signature), de-DE",
    f"-------- Weitergeleitete Nachricht --------\nBetreff: Angebot Badsanierung\n\nSehr geehrte Frau Albrecht,\nanbei wie besprochen unser Angebot.\n\nMit freundlichen Grüßen\nStefan Krämer\nKrämer Haustechnik\nMobil: {s}\n\n---\nist das Angebot fair?",
    s,
)

s = "06 " + " ".join(rs(DG, 2) for _ in range(4))
P(
    "phone",
    f"{OCR} (letter), fr-FR",
    f"M. Olivier Garnier\n14 rue des Tanneurs\nTél. : {s}\n\nObjet : résiliation de bail\n\nMadame, Monsieur,\npar la présente je vous informe de mon intention de quitter le logement...",
    s,
    "14 rue des Tanneurs",
)

s = f"(11) 9{rs(DG, 4)}-{rs(DG, 4)}"
P(
    "phone",
    f"{C} (WhatsApp), pt-BR",
    f"[05/06/2024 09:12:44] Fernanda: gente o número do encanador é {s} ele é ótimo\n[05/06/2024 09:13:02] Carla: salvei!",
    s,
)

s = f"+54 9 11 {rs(DG, 4)}-{rs(DG, 4)}"
P(
    "phone",
    f"{C} (WhatsApp), es-AR",
    f"[14/5/24 20:01] Martina: te paso el celu de mi viejo para lo del auto: {s}\n[14/5/24 20:02] Facu: joya gracias",
    s,
)

s1, s2 = f"06-{rs(DG, 8)}", f"06-{rs(DG, 8)}"
P(
    "phone",
    f"{D} (CSV), nl-NL",
    f"kun je hier een nette tabel van maken?\n\nnaam;telefoon;woonplaats\nEsther de Vries;{s1};Utrecht\nBram Koster;{s2};Amersfoort",
    s1,
    s2,
)

card_no = rd(10)
s = f"{R.choice('5678')}{rs(DG, 2)} {rs(DG, 3)} {rs(DG, 3)}"
P(
    "phone",
    f"{OCR} (receipt), pl-PL",
    f'PARAGON FISKALNY\nSklep Ogrodniczy "Zielony Zakątek"\nTrawa uniwersalna 5kg   1 x 89,99  89,99A\nNawóz do róż            1 x 24,50  24,50A\nSUMA PLN  114,49\nKarta lojalnościowa: {card_no}\nTel. k1ienta: {s}\nDziękujemy za zakupy!',
    s,
    card_no,
)

s = f"+420 {R.choice('67')}{rs(DG, 2)} {rs(DG, 3)} {rs(DG, 3)}"
P(
    "phone",
    f"{D} (vCard), cs-CZ",
    f"BEGIN:VCARD\nVERSION:3.0\nN:Horáková;Lenka;;;\nFN:Lenka Horáková\nTEL;TYPE=CELL:{s}\nEND:VCARD\n\nproč se mi tahle vizitka neimportuje do telefonu?",
    s,
)

s = f"07{R.choice('02369')}-{rs(DG, 3)} {rs(DG, 2)} {rs(DG, 2)}"
P(
    "phone",
    f"{C} (WhatsApp), sv-SE",
    f"[2024-03-12 18:40:11] Elin: här är mormors nya nummer {s}\n[2024-03-12 18:41:02] Oskar: tack!",
    s,
)

s = f"+7 9{rs(DG, 2)} {rs(DG, 3)}-{rs(DG, 2)}-{rs(DG, 2)}"
P(
    "phone",
    f"{C} (Telegram), ru-RU",
    f"[12.03.2024 10:22:05] Светлана: это номер репетитора по математике {s}, зовут Игорь Петрович\n[12.03.2024 10:23:40] Наташа: спасибо!",
    s,
)

s = f"+380 {R.choice(['67', '50', '63', '93', '97'])} {rs(DG, 3)} {rs(DG, 2)} {rs(DG, 2)}"
P(
    "phone",
    f"{C} (Viber), uk-UA",
    f"[21.05.2024 14:02] Оксана: ось номер майстра по пральних машинах {s}\n[21.05.2024 14:03] Богдан: дякую",
    s,
)

s = f"0 (5{R.choice('0345')}{rs(DG, 1)}) {rs(DG, 3)} {rs(DG, 2)} {rs(DG, 2)}"
P(
    "phone",
    f"{C} (WhatsApp), tr-TR",
    f"[12.03.2024 11:05:33] Hakan: kombici ustasının numarası {s}\n[12.03.2024 11:06:01] Elif: sağol abi",
    s,
)

s = f"0{R.choice('789')}0-{rd(4)}-{rs(DG, 4)}"
P(
    "phone",
    f"{OCR} (business card), ja-JP",
    f"株式会社みどり設計\n営業部 課長\n佐藤 健一\n携帯 {s}\n〒530-0001 大阪府大阪市北区梅田",
    s,
)

s = f"010-{R.choice('23456789')}{rs(DG, 3)}-{rs(DG, 4)}"
P(
    "phone",
    f"{C} (KakaoTalk), ko-KR",
    f"2024년 5월 3일 오후 2:14, 엄마 : 이모 새 번호 {s} 저장해\n2024년 5월 3일 오후 2:15, 민준 : 네",
    s,
)

s = f"1{R.choice('35789')}{rs(DG, 1)} {rs(DG, 4)} {rs(DG, 4)}"
P(
    "phone",
    f"{C} (WeChat), zh-CN",
    f"2024-05-03 14:14 张姐\n搬家师傅的电话 {s} 说是我介绍的能便宜点\n2024-05-03 14:20 小陈\n好的谢谢",
    s,
)

s = say_en(R.choice("6789") + rs(DG, 9), doubles=False)
P(
    "phone",
    f"{V}, en-IN",
    f"hello madam this is Suresh from the courier my number is {s} please call when you are home",
    s,
)

s = f"08{R.choice('12157')}{rs(DG, 1)}-{rs(DG, 4)}-{rs(DG, 4)}"
P(
    "phone",
    f"{C} (WhatsApp), id-ID",
    f"[12/03/24 20.14] Bu Rina: nomor tukang AC-nya {s} bilang dari saya ya\n[12/03/24 20.15] Dewi: siap bu",
    s,
)

s = f"+966 5{R.choice('0345')} {rs(DG, 3)} {rs(DG, 4)}"
P(
    "phone",
    f"{C} (WhatsApp), ar-SA",
    f"[12/03/2024، 8:14 م] أبو فهد: هذا رقم السباك {s} قل له من طرفي\n[12/03/2024، 8:15 م] سعد: جزاك الله خير",
    s,
)

s = f"05{R.choice('02348')}-{rs(DG, 3)}-{rs(DG, 4)}"
P(
    "phone",
    f"{C} (WhatsApp), he-IL",
    f"[12.3.2024, 20:14] נועה: המספר של הגננת החדשה {s}\n[12.3.2024, 20:15] דני: תודה",
    s,
)

s = ("09" + R.choice("123") + rs(DG, 1) + " " + rs(DG, 3) + " " + rs(DG, 4)).translate(FA_DIGITS)
P(
    "phone",
    f"{C} (Telegram), fa-IR",
    f"[12.03.24 20:14] سارا: شماره آقای رضایی بنگاهی {s}\n[12.03.24 20:15] نگار: مرسی عزیزم",
    s,
)

s = f"+254 7{R.choice('0129')}{rs(DG, 1)} {rs(DG, 3)} {rs(DG, 3)}"
P(
    "phone",
    f"{C} (WhatsApp), sw-KE",
    f"[12/03/2024, 20:14] Mama Wanjiru: namba ya fundi wa maji ni {s}\n[12/03/2024, 20:15] Kevin: sawa mama asante",
    s,
)

s = f"04{R.choice('0123578')}{rs(DG, 1)} {rs(DG, 3)} {rs(DG, 3)}"
P(
    "phone",
    f"{V}, en-AU",
    f"g'day its Shane about the ute you're selling give us a bell on {s} cheers mate",
    s,
)

s = f"080{R.choice('3567')} {rs(DG, 3)} {rs(DG, 4)}"
P(
    "phone",
    f"{C} (WhatsApp), en-NG",
    f"[12/03/2024, 20:14] Aunty Bisi: This is the number of the tailor in Yaba {s}\n[12/03/2024, 20:15] Tunde: Thank you ma",
    s,
)

s = f"({R.choice(['604', '416', '514', '403'])}) {R.choice('2346789')}{rs(DG, 2)}-{rs(DG, 4)}"
P(
    "phone",
    f"{F} (signature), en-CA",
    f"Begin forwarded message:\n\nSubject: Re: basement inspection\n\nThanks, see you Thursday at 9.\n\nDaniel Tremblay\nTremblay Home Inspections\nCell {s}\n\n---\ncan you draft a short reply confirming thursday at 9?",
    s,
)

# --------------------------------------------------------------------------- e-mails, including spoken and obfuscated forms

s = "jessica dot moreno eighty eight at gmail dot com"
P(
    "email",
    f"{V}, en-US",
    f"hi this is jessica moreno calling about the apartment you can email me the application at {s} thank you",
    s,
)

s = "rahul underscore verma ninety two at the rate yahoo dot co dot in"
P("email", f"{V}, en-IN", f"sir kindly send the invoice on my mail id that is {s} thank you sir", s)

s = "laura punto gil arroba hotmail punto es"
P(
    "email",
    f"{V}, es-ES",
    f"hola te dejo mi correo para que me mandes las fotos es {s} gracias guapa",
    s,
)

s = "jonas punkt becker at web punkt de"
P("email", f"{V}, de-DE", f"hi hier ist jonas schick mir die rechnung bitte an {s} danke dir", s)

s = "camille point roux arobase orange point fr"
P(
    "email",
    f"{V}, fr-FR",
    f"bonjour c'est camille roux pour le devis vous pouvez m'écrire à {s} merci beaucoup",
    s,
)

s = "giulia punto conti chiocciola libero punto it"
P("email", f"{V}, it-IT", f"ciao sono giulia mandami il file a {s} grazie mille", s)

s = "thiago ponto almeida arroba uol ponto com ponto br"
P("email", f"{V}, pt-BR", f"fala mano manda o contrato pro meu email que é {s} valeu", s)

s = "mehmet nokta yilmaz et gmail nokta com"
P("email", f"{V}, tr-TR", f"merhaba ben mehmet faturayı {s} adresine atar mısınız", s)

s = "a.ivanova87 собака yandex точка ru"
P(
    "email",
    f"{V}, ru-RU",
    f"здравствуйте это анна иванова пришлите пожалуйста договор на почту {s} спасибо",
    s,
)

s = "yuki.tanaka アットマーク docomo ドット ne ドット jp"
P("email", f"{V}, ja-JP", f"お世話になっております 田中です 見積書は {s} に送ってください", s)

s = "minji 점 park 골뱅이 naver 점 com"
P("email", f"{V}, ko-KR", f"안녕하세요 박민지인데요 서류는 {s} 으로 보내주세요", s)

s = "wang_lei1990 at 163 dot com"
P("email", f"{V}, zh-CN", f"你好 我是王磊 合同发到我邮箱 {s} 谢谢", s)

s = "eleni.pap παπάκι gmail τελεία com"
P("email", f"{V}, el-GR", f"γεια σας είμαι η ελένη στείλτε μου την προσφορά στο {s} ευχαριστώ", s)

em = f"priya.shah{rd(2)}@btinternet.com"
P(
    "email",
    f"{F}, en-GB",
    f"---------- Forwarded message ---------\nFrom: Priya Shah <{em}>\nDate: Tue, 7 May 2024 at 21:13\nSubject: Re: allotment waiting list\nTo: Allotments Committee\n\nHi, yes I'm still interested in plot 14b if it comes up.\n\nPriya\n\n---\ncan you help me write a reply saying she is next on the list",
    em,
)

s = "jan [dot] novak [at] seznam [dot] cz"
P(
    "email",
    "pasted forum post, cs-CZ",
    f"Prodám kolo Author, 52 cm, málo jeté. Pište na {s}, telefon nedávám.\n\nmůžeš mi ten inzerát vylepšit?",
    s,
)

em = f"m.oyelaran{rd(2)}@gmail.com"
P(
    "email",
    "terminal output, en-NG",
    f"$ git config --global user.name\nMichael Oyelaran\n$ git config --global user.email\n{em}\n\nhow do I use a different email for my work repos only?",
    em,
)

em = "f.lindqvist@telia.com"
P(
    "email",
    f"{OCR} (business card), sv-SE",
    f"FREDRIK LINDQVIST\nSnickare\nE-rnai1: {em}\nLindqvists Snickeri AB\n\nkan du göra en kontakt av det här?",
    em,
)

# --------------------------------------------------------------------------- street addresses of many countries

s = f"{R.choice(['Lindenstraße', 'Schillerstraße', 'Goethestraße', 'Kastanienallee'])} {R.randint(2, 140)}"
P(
    "address",
    f"{V}, de-DE",
    f"hallo hier ist die frau brandt aus der {s} in 10{R.randint(115, 999)} berlin das paket liegt immer noch nicht bei mir bitte rufen sie zurück",
    s,
)

s = f"{R.randint(2, 120)} rue des {R.choice(['Lilas', 'Tilleuls', 'Acacias', 'Peupliers'])}"
P(
    "address",
    f"{OCR} (envelope), fr-FR",
    f"Madame Nathalie Girard\n{s}\nBât. B, 3e étage\n750{R.randint(10, 20)} PARIS\n\nc'est bien comme ça qu'on écrit une adresse sur une enveloppe ?",
    s,
)

s = f"Calle de {R.choice(['Alcalá', 'Toledo', 'Embajadores', 'Bravo Murillo'])} {R.randint(3, 240)}, {R.randint(1, 7)}º {R.choice('ABCD')}"
P(
    "address",
    f"{C} (WhatsApp), es-ES",
    f"[12/3/24, 10:14] Marta: la fiesta es en mi casa, {s}, 280{R.randint(10, 50)} Madrid\n[12/3/24, 10:15] Sergio: guay, llevo la tortilla",
    s,
)

s = f"Via {R.choice(['Giuseppe Garibaldi', 'Roma', 'Dante Alighieri', 'Cavour'])} {R.randint(2, 98)}"
P(
    "address",
    f"{F}, it-IT",
    f"---------- Messaggio inoltrato ---------\nOggetto: Consegna divano\n\nGentile cliente,\nla consegna è prevista per martedì 14 maggio presso:\nSig. Roberto Bianchi\n{s}, scala B, int. 7\n201{R.randint(21, 62)} Milano (MI)\n\nposso spostare la consegna al sabato?",
    s,
)

s = f"Rua {R.choice(['Augusta', 'do Ouro', 'da Prata', 'dos Fanqueiros'])} {R.randint(10, 250)}, {R.randint(1, 5)}º Esq."
P(
    "address",
    f"{D} (JSON), pt-PT",
    "porque é que a API dos CTT rejeita esta morada?\n\n"
    + json.dumps(
        {
            "destinatario": "Inês Carvalho",
            "morada": s,
            "codigo_postal": f"1100-{rs(DG, 3)}",
            "localidade": "Lisboa",
        },
        indent=2,
        ensure_ascii=False,
    ),
    s,
)

s = f"Rua das {R.choice(['Flores', 'Palmeiras', 'Acácias'])}, {R.randint(10, 999)}, apto {R.randint(11, 154)}"
P(
    "address",
    f"{C} (WhatsApp), pt-BR",
    f"[05/06/2024 18:02:11] Juliana: endereço pra entrega: {s} – Vila Mariana, São Paulo – SP, 04{rs(DG, 3)}-{rs(DG, 3)}\n[05/06/2024 18:03:40] Loja Doce Encanto: anotado!",
    s,
)

s = f"Av. Insurgentes Sur {R.randint(100, 3999)}, Int. {R.randint(1, 30)}, Col. Del Valle"
P(
    "address",
    f"{OCR} (utility bill), es-MX",
    f"CFE Suministrador de Servicios Básicos\nAVISO RECIBO\nLUIS ALBERTO HERNANDEZ RUIZ\n{s}\nBenito Juárez, C.P. 03100, CDMX\nTOTAL A PAGAR $ 1,284.00\n\n¿por qué subió tanto el recibo?",
    s,
)

s = f"{R.choice(['Prinsengracht', 'Keizersgracht', 'Herengracht'])} {R.randint(10, 900)}-{R.randint(1, 3)}"
P(
    "address",
    f"{D} (CSV), nl-NL",
    f"naam,adres,postcode,plaats\nFleur van Dijk,{s},10{R.randint(11, 19)} {rs('ABCEGHJKLMNPRSTVWXZ', 2)},Amsterdam\n\nkan je hier verzendlabels van maken?",
    s,
)

s = f"ul. {R.choice(['Marszałkowska', 'Puławska', 'Grójecka', 'Targowa'])} {R.randint(2, 140)}/{R.randint(1, 80)}"
P(
    "address",
    f"{C} (Messenger), pl-PL",
    f"[12.03.2024 10:14] Agnieszka: adres do wysyłki: {s}, 0{R.randint(0, 4)}-{rs(DG, 3)} Warszawa\n[12.03.2024 10:15] Sklep Wełenka: dziękujemy, paczka wyjdzie jutro",
    s,
)

s = f"{R.choice(['Vinohradská', 'Korunní', 'Slezská'])} {R.randint(100, 2500)}/{R.randint(1, 200)}"
P(
    "address",
    f"{F}, cs-CZ",
    f"---------- Přeposlaná zpráva ---------\nPředmět: Potvrzení objednávky\n\nDoručovací adresa:\nMartina Procházková\n{s}\n120 00 Praha 2\n\nmůžu ještě změnit adresu?",
    s,
)

s = f"Bağdat Cad. No: {R.randint(10, 400)} D: {R.randint(1, 20)}"
P(
    "address",
    f"{C} (WhatsApp), tr-TR",
    f"[12.03.2024 20:14] Selin: kargoyu şuraya yolla {s}, Kadıköy/İstanbul\n[12.03.2024 20:15] Can: tamamdır",
    s,
)

s = f"ул. {R.choice(['Тверская', 'Профсоюзная', 'Ленинская'])}, д. {R.randint(1, 120)}, кв. {R.randint(1, 300)}"
P(
    "address",
    f"{OCR} (parcel label), ru-RU",
    f"ПОЧТА РОССИИ\nКому: Смирнова Елена Викторовна\nКуда: {s}\nг. Москва, 1{rs(DG, 5)}\nТрек: {rs(UP, 2)}{rd(9)}RU",
    s,
)

s = f"東京都世田谷区三軒茶屋{R.randint(1, 2)}丁目{R.randint(1, 30)}-{R.randint(1, 20)} サンハイツ{R.randint(1, 5)}0{R.randint(1, 9)}号室"
P(
    "address",
    f"{OCR} (delivery slip), ja-JP",
    f"お届け先\n〒154-0024\n{s}\n山本 美咲 様\nお問い合わせ番号 {rs(DG, 4)}-{rs(DG, 4)}-{rs(DG, 4)}",
    s,
)

s = f"서울특별시 강남구 테헤란로 {R.randint(100, 500)}, {R.randint(101, 112)}동 {R.randint(1, 25)}0{R.randint(1, 4)}호"
P(
    "address",
    f"{C} (KakaoTalk), ko-KR",
    f"2024년 5월 3일 오후 2:14, 지수 : 택배 주소 {s} 로 보내줘\n2024년 5월 3일 오후 2:15, 동현 : ㅇㅋ",
    s,
)

s = f"上海市徐汇区漕溪北路{R.randint(10, 400)}号{R.randint(1, 12)}号楼{R.randint(1, 30)}0{R.randint(1, 4)}室"
P(
    "address",
    f"{C} (WeChat), zh-CN",
    f"2024-05-03 14:14 李姐\n快递寄到 {s} 收件人写我\n2024-05-03 14:20 小赵\n好嘞",
    s,
)

s = f"Flat {R.randint(101, 904)}, Sai Krupa Apartments, {R.randint(1, 20)}th Cross, Indiranagar"
P(
    "address",
    f"{V}, en-IN",
    f"hello sir delivery address is {s} bengaluru five six zero zero three eight near the temple",
    s,
)

s = f"{R.randint(10, 999)}/{R.randint(1, 300)} หมู่บ้านพฤกษา ถนนรามคำแหง"
P(
    "address",
    f"{OCR} (parcel label), th-TH",
    f"ผู้รับ: คุณสมศรี ใจดี\nที่อยู่: {s} แขวงหัวหมาก เขตบางกะปิ กรุงเทพฯ 10240\nCOD 590 บาท",
    s,
)

s = f"Số {R.randint(2, 120)} ngõ {R.randint(2, 200)} phố Láng Hạ"
P(
    "address",
    f"{C} (Zalo), vi-VN",
    f"[12/03/2024 20:14] Lan: ship về {s}, Đống Đa, Hà Nội giúp chị nhé\n[12/03/2024 20:15] Shop: dạ vâng ạ",
    s,
)

s = f"Jl. Kebon Sirih No. {R.randint(1, 120)}, RT {R.randint(1, 15):02d}/RW {R.randint(1, 12):02d}"
P(
    "address",
    f"{C} (WhatsApp), id-ID",
    f"[12/03/24 20.14] Pak Joko: alamat kirimnya {s}, Menteng, Jakarta Pusat 10340\n[12/03/24 20.16] Toko Kue Ibu: siap pak",
    s,
)

s = f"Blk {R.randint(1, 40)} Lot {R.randint(1, 30)}, Phase {R.randint(1, 4)}, Greenfields Subd."
P(
    "address",
    f"{C} (Messenger), fil-PH",
    f"[3/12/24, 8:14 PM] Ate Joy: dito mo na lang ipadala {s}, Brgy. San Isidro, Cainta, Rizal\n[3/12/24, 8:15 PM] Seller: noted po",
    s,
)

s = f"حي النخيل، شارع {R.choice(['الأمير سلطان', 'التحلية', 'العليا'])}، مبنى {rs(DG, 4)}"
P(
    "address",
    f"{C} (WhatsApp), ar-SA",
    f"[12/03/2024، 8:14 م] نورة: العنوان الوطني {s}، الرياض {rd(5)}\n[12/03/2024، 8:15 م] المندوب: وصلت",
    s,
)

s = f"House No. {R.randint(1, 80)}, Ngong Road, Kilimani"
P("address", f"{V}, sw-KE", f"habari mimi ni grace mzigo uletwe {s} nairobi ukifika nipigie", s)

s = f"{R.randint(100, 9999)} {R.choice(['Maple Ave', 'Oak St', 'Cedar Ln', 'Elm Dr'])} Apt {R.randint(1, 9)}{R.choice('ABCD')}"
P(
    "address",
    f"{D} (CSV), en-US",
    f"name,address,city,state,zip\nBrittany Coleman,{s},Columbus,OH,432{rs(DG, 2)}\n\nmail merge keeps putting the apartment on a new line, how do I fix it",
    s,
)

s = f"Flat {R.randint(1, 12)}, {R.randint(2, 90)} {R.choice(['Mill Lane', 'Church Street', 'Victoria Road'])}"
P(
    "address",
    f"{OCR} (letter), en-GB",
    f"Mr D. Whitaker\n{s}\nLeeds LS{R.randint(1, 28)} {R.randint(1, 9)}{rs('ABDEFGHJLNPQRSTUWXYZ', 2)}\n\nDear Mr Whitaker,\nFollowing our inspection on 2 May...\n\nwhat is this letter asking me to do?",
    s,
)

# --------------------------------------------------------------------------- national ids, tax ids, social security numbers


def dowod() -> str:
    letters = rs(UP, 3)
    digits5 = rs(DG, 5)
    vals = [ord(c) - 55 for c in letters] + [int(c) for c in digits5]
    c = sum(v * w for v, w in zip(vals, [7, 3, 1, 7, 3, 1, 7, 3], strict=True)) % 10
    return f"{letters}{c}{digits5}"


d, fem = rdate(1960, 2003), True
p, dw = pesel(d, fem), dowod()
P(
    "national_id",
    f"{OCR} (ID card), pl-PL",
    f"RZECZPOSPOLITA POLSKA\nDOWÓD OSOBISTY / IDENTITY CARD\nNAZWISKO / SURNAME\nKOWALCZYK\nIMIONA / GIVEN NAMES\nANNA MARIA\nDATA URODZENIA / DATE OF BIRTH\n{d:%d.%m.%Y}\nNUMER PESEL / PERSONAL NUMBER\n{p}\nNUMER DOWODU / DOCUMENT NUMBER\n{dw}\n\nprzepisz mi to do formularza",
    p,
    dw,
    f"{d:%d.%m.%Y}",
)

s = rodne_cislo(rdate(1965, 2004), female())
P(
    "national_id",
    f"{C} (Messenger), cs-CZ",
    f"[12.03.2024 10:14] Petr: do přihlášky potřebuju tvoje rodné číslo\n[12.03.2024 10:20] Lucie: {s}\n[12.03.2024 10:21] Petr: díky",
    s,
)

s, ci = cnp(rdate(1960, 2004), female()), f"RX {rs(DG, 6)}"
P(
    "national_id",
    f"{F}, ro-RO",
    f"---------- Mesaj redirecționat ---------\nDe la: Resurse Umane\nSubiect: Date pentru contract\n\nBună ziua,\nvă rog să verificați datele:\nNume: Popescu Andrei\nCNP: {s}\nSerie CI: {ci}\n\nsunt corecte datele?",
    s,
    ci,
)

s = bsn()
P(
    "national_id",
    f"{C} (WhatsApp), nl-NL",
    f"[12-03-2024 10:14] Joost: voor de belastingaangifte heb ik je BSN nodig\n[12-03-2024 10:16] Sanne: {s}\n[12-03-2024 10:16] Joost: top",
    s,
)

d = rdate(1960, 2004)
s = personnummer(d)
P(
    "national_id",
    f"{C} (Messenger), sv-SE",
    f"[2024-03-12 10:14] Karin: vilket personnummer ska jag skriva på bokningen?\n[2024-03-12 10:15] Erik: {s}\n[2024-03-12 10:15] Karin: tack",
    s,
)

s = hetu(rdate(1960, 2004), female())
P(
    "national_id",
    f"{F}, fi-FI",
    f"---------- Välitetty viesti ----------\nAihe: Ajanvaraus\n\nHei,\ntässä varauksen tiedot:\nNimi: Laura Virtanen\nHenkilötunnus: {s}\nAika: 14.5. klo 9.30\n\nvoinko siirtää ajan?",
    s,
)

s = cpf()
P(
    "national_id",
    f"{C} (WhatsApp), pt-BR",
    f"[05/06/2024 09:12:44] Dona Cida: meu cpf pra nota é {s}\n[05/06/2024 09:13:02] Farmácia Popular: obrigado dona Cida",
    s,
)

s = nif_pt()
P(
    "tax_id",
    f"{F}, pt-PT",
    f"---------- Mensagem reencaminhada ---------\nAssunto: Fatura\n\nBoa tarde,\npodem emitir a fatura com o NIF {s} em nome de Tiago Ferreira?\nObrigado\n\nqual é a diferença entre fatura e fatura-recibo?",
    s,
)

s = dni()
P(
    "national_id",
    f"{OCR} (ID card), es-ES",
    f"ESPAÑA\nDOCUMENTO NACIONAL DE IDENTIDAD\nAPELLIDOS\nGARCÍA LÓPEZ\nNOMBRE\nMARÍA\nDNI {s}\nVÁLIDO HASTA 14 03 2031\n\n¿me ayudas a rellenar el formulario con estos datos?",
    s,
)

d = rdate(1960, 1990)
s = curp("ANA", "GARCIA", "LOPEZ", d, "M", "DF")
P(
    "national_id",
    f"{OCR} (voter card), es-MX",
    f"INSTITUTO NACIONAL ELECTORAL\nCREDENCIAL PARA VOTAR\nNOMBRE\nGARCIA\nLOPEZ\nANA\nCURP {s}\nAÑO DE REGISTRO 2005 03\n\nnecesito la CURP para un trámite, ¿me la pasas a texto?",
    s,
)

s = cuit(female())
P(
    "tax_id",
    f"{F}, es-AR",
    f"---------- Mensaje reenviado ---------\nAsunto: Datos para factura\n\nHola, te paso mis datos para la factura C:\nNombre: Lucía Fernández\nCUIT: {s}\nCondición: Monotributo\n\n¿esto alcanza para facturar?",
    s,
)

s, pnr = steuer_id(), rd(6)
P(
    "tax_id",
    f"{OCR} (tax certificate), de-DE",
    f"Ausdruck der elektronischen Lohnsteuerbescheinigung für 2023\nIdentifikationsnummer: {s}\nPersonalnummer: {pnr}\nSteuerklasse 1\nBruttoarbeitslohn 48.213,44\n\nwas bedeutet Zeile 4?",
    s,
    pnr,
)

d, fem = rdate(1960, 2003), True
s = codice_fiscale("ROSSI", "GIULIA", d, fem, R.choice(["H501", "F205", "F839", "L219"]))
P(
    "tax_id",
    f"{OCR} (health card), it-IT",
    f"TESSERA SANITARIA\nCodice fiscale {s}\nCognome ROSSI\nNome GIULIA\nData di nascita {d:%d/%m/%Y}\n\nmi serve il codice fiscale per la prenotazione",
    s,
    f"{d:%d/%m/%Y}",
)

s1, s2 = inn12(), snils()
P(
    "tax_id",
    f"{C} (Telegram), ru-RU",
    f"[12.03.2024 10:22:05] Бухгалтерия: для оформления пришлите ИНН и СНИЛС\n[12.03.2024 10:40:11] Павел: ИНН {s1}, СНИЛС {s2}",
    s1,
    s2,
)

d = rdate(1960, 2003)
s1, s2 = amka(d), afm()
P(
    "national_id",
    f"{F}, el-GR",
    f"---------- Προωθημένο μήνυμα ----------\nΘέμα: Στοιχεία πρόσληψης\n\nΚαλησπέρα,\nΑΜΚΑ: {s1}\nΑΦΜ: {s2}\nΔΟΥ: Αθηνών\n\nείναι σωστά τα στοιχεία για τη σύμβαση;",
    s1,
    s2,
)

s = tckn()
P(
    "national_id",
    f"{C} (WhatsApp), tr-TR",
    f"[12.03.2024 11:05:33] Eczane: reçete için TC kimlik numaranız lazım\n[12.03.2024 11:07:01] Fatma Hanım: {s}",
    s,
)

s = il_id()
P(
    "national_id",
    f"{F}, he-IL",
    f"---------- הודעה שהועברה ----------\nנושא: טופס הרשמה\n\nשם: יעל כהן\nתעודת זהות: {s}\n\nתוכל לבדוק שמילאתי נכון?",
    s,
)

s1, s2 = aadhaar(), pan("S")
P(
    "national_id",
    f"{OCR} (ID card scan), en-IN",
    f"GOVERNMENT OF INDIA\nPriya Sharma\nDOB: 14/03/1992\nFEMALE\n{s1}\nMera Aadhaar, Meri Pehchaan\n\nINCOME TAX DEPARTMENT\nPermanent Account Number Card\n{s2}\n\nplease fill these in the KYC form",
    s1,
    s2,
    "14/03/1992",
)

s = cn_id(rdate(1965, 2003), female())
P(
    "national_id",
    f"{C} (WeChat), zh-CN",
    f"2024-05-03 14:14 旅行社小刘\n麻烦发一下身份证号订机票\n2024-05-03 14:20 陈阿姨\n{s}",
    s,
)

s = rrn(rdate(1965, 2004), female())
P(
    "national_id",
    f"{C} (KakaoTalk), ko-KR",
    f"2024년 5월 3일 오후 2:14, 부동산 : 계약서 쓰려면 주민번호 필요해요\n2024년 5월 3일 오후 2:20, 김서연 : {s}",
    s,
)

s = my_number()
P(
    "national_id",
    f"{OCR} (My Number card), ja-JP",
    f"個人番号カード\n個人番号 {s}\n氏名 鈴木 大輔\n\nこの番号を年末調整の書類に書けばいいですか？",
    s,
)

s = thai_id()
P(
    "national_id",
    f"{OCR} (ID card), th-TH",
    f"บัตรประจำตัวประชาชน Thai National ID Card\nเลขประจำตัวประชาชน {s}\nชื่อตัวและชื่อสกุล นางสาว สมหญิง ใจงาม\n\nช่วยกรอกฟอร์มให้หน่อย",
    s,
)

d = rdate(1965, 2004)
s = nik(d, True)
P(
    "national_id",
    f"{OCR} (KTP), id-ID",
    f"PROVINSI DKI JAKARTA\nNIK : {s}\nNama : SITI RAHAYU\nTempat/Tgl Lahir : JAKARTA, {d:%d-%m-%Y}\nJenis Kelamin : PEREMPUAN\n\ntolong ketik ulang datanya untuk formulir",
    s,
    f"{d:%d-%m-%Y}",
)

s = cccd(rdate(1965, 2004), female())
P(
    "national_id",
    f"{C} (Zalo), vi-VN",
    f"[12/03/2024 20:14] Chủ nhà: em gửi số căn cước để làm hợp đồng nhé\n[12/03/2024 20:20] Thảo: {s} ạ",
    s,
)

s = with_luhn("1" + rs(DG, 8))
P(
    "national_id",
    f"{F}, ar-SA",
    f"---------- رسالة معاد توجيهها ---------\nالموضوع: تحديث البيانات\n\nالاسم: خالد العتيبي\nرقم الهوية الوطنية: {s}\n\nهل البيانات صحيحة؟",
    s,
)

eid = with_luhn(f"784{R.randint(1970, 2004)}{rs(DG, 7)}")
s = f"{eid[:3]}-{eid[3:7]}-{eid[7:14]}-{eid[14]}"
P(
    "national_id",
    f"{OCR} (Emirates ID), en-AE",
    f"United Arab Emirates\nResident Identity Card\nID Number {s}\nName: Mohammed Rashid Khan\n\ncan you type out the ID number for the bank form",
    s,
)

s = iran_code().translate(FA_DIGITS)
P(
    "national_id",
    f"{C} (Telegram), fa-IR",
    f"[12.03.24 20:14] دفتر پیشخوان: کد ملی رو بفرستید\n[12.03.24 20:20] زهرا: {s}",
    s,
)

s1, s2 = rd(8), "A" + rs(DG, 9) + R.choice(UP)
P(
    "national_id",
    f"{F}, sw-KE",
    f"---------- Forwarded message ---------\nSubject: Maelezo ya mfanyakazi\n\nJina: Wanjiku Kamau\nNambari ya kitambulisho: {s1}\nKRA PIN: {s2}\n\ntafadhali hakikisha kama ni sahihi",
    s1,
    s2,
)

s1, s2 = f"{rs(DG, 2)}-{rs(DG, 7)}-{rs(DG, 1)}", f"{rs(DG, 3)}-{rs(DG, 3)}-{rs(DG, 3)}-000"
P(
    "national_id",
    f"{C} (Messenger), fil-PH",
    f"[3/12/24, 8:14 PM] HR: pakisend po SSS at TIN nyo\n[3/12/24, 8:20 PM] Mark: SSS {s1} TIN {s2}",
    s1,
    s2,
)

s = nino()
P(
    "national_insurance",
    f"{OCR} (letter), en-GB",
    f"HM Revenue & Customs\nDear Ms Patel,\nYour National Insurance number is {s}. Keep this letter safe.\n\nis this the same as my tax reference?",
    s,
)

n = ssn()
s = say_en(n.replace("-", ""), doubles=False)
P(
    "ssn",
    f"{V}, en-US",
    f"hi this is Dana calling for the benefits enrollment my social is {s} please call me back",
    s,
)

s1, s2 = ssn(), ssn()
P(
    "ssn",
    f"{D} (CSV), en-US",
    f"payroll import fails on row 2, why?\n\nemployee_id,first,last,ssn,hire_date\n10482,Kevin,Murphy,{s1},2021-06-14\n10483,Alyssa,Nguyen,{s2},2022-01-03",
    s1,
    s2,
)

s = sin_ca()
P(
    "ssn",
    f"{F}, en-CA",
    f"Begin forwarded message:\n\nSubject: New hire paperwork\n\nHi Mia,\nplease confirm your SIN for the TD1: {s}\n\nThanks, HR\n\n---\nwhat is a TD1 form?",
    s,
)

s = tfn()
P(
    "tax_id",
    f"{C} (Messenger), en-AU",
    f"[12/03/2024, 8:14 pm] Accountant: can you send through your TFN\n[12/03/2024, 8:20 pm] Bec: {s}",
    s,
)

s = ahv()
P(
    "ssn",
    f"{OCR} (insurance card), de-CH",
    f"Versichertenkarte\nAHV-Nr. {s}\nName: Meier Lukas\n\nwelche Nummer brauche ich für das Formular?",
    s,
)

s = za_id(rdate(1960, 2004), female())
P(
    "national_id",
    f"{F}, en-ZA",
    f"---------- Forwarded message ---------\nSubject: FICA documents\n\nDear client,\nwe have your ID number as {s}. Please confirm.\n\nis this legit or a scam?",
    s,
)

s1, s2 = rd(11), "22" + rs(DG, 9)
P(
    "national_id",
    f"{C} (WhatsApp), en-NG",
    f"[12/03/2024, 20:14] Bank Officer: Please send your NIN and BVN to complete the update\n[12/03/2024, 20:20] Chidinma: NIN {s1} BVN {s2}",
    s1,
    s2,
)

# --------------------------------------------------------------------------- passports, ID-card MRZ, driving licences

d = rdate(1960, 2002)
exp = rdate(2027, 2033)
num = "C" + rs("CFGHJKLMNPRTVWXYZ0123456789", 8)
l1, l2 = td3("D", "SCHNEIDER", "JULIA MARIE", num, "D", d, "F", exp)
P(
    "passport",
    f"{OCR} (passport photo page), de-DE",
    f"REISEPASS / PASSPORT / PASSEPORT\nTyp/Type P  Kode/Code D  Paß-Nr./Passport No. {num}\nName/Surname SCHNEIDER\nVornamen/Given names JULIA MARIE\nGeburtstag/Date of birth {d:%d.%m.%Y}\n\n{l1}\n{l2}\n\nich brauche nur Passnummer und Ablaufdatum fürs Check-in",
    num,
    f"{d:%d.%m.%Y}",
)

num = R.choice("JKLMNPRSTUVWZ") + rs(DG, 7)
s = f"{num[0].lower()} {spaced(num[1:])}"
P(
    "passport",
    f"{V}, en-IN",
    f"hello sir for the visa form my passport number is {s} and expiry is twenty thirty two",
    s,
)

num = rs(UP, 2) + rs(DG, 6)
P(
    "passport",
    f"{C} (WhatsApp), pt-BR",
    f"[05/06/2024 09:12:44] Agência Viaje Bem: pra emitir a passagem preciso do número do passaporte\n[05/06/2024 09:30:02] Bruno: {num}, validade 03/2031",
    num,
)

d = rdate(1960, 2002)
num = R.choice(["TK", "TR", "TS", "MU"]) + rs(DG, 7)
l1, l2 = td3("JPN", "WATANABE", "HARUTO", num, "JPN", d, "M", rdate(2027, 2033))
P(
    "passport",
    f"{OCR} (passport photo page), ja-JP",
    f"日本国 旅券 JAPAN PASSPORT\n旅券番号/Passport No. {num}\n姓/Surname WATANABE\n名/Given name HARUTO\n\n{l1}\n{l2}\n\nESTAの申請に必要な情報を抜き出してください",
    num,
)

d = rdate(1960, 2002)
doc = rs("ABCDEFGHIJKLMNPRSTUVWXYZ", 2) + rs(UP + DG, 6) + rs(DG, 1)
b = bsn()
ln1 = f"I<NLD{doc}{mrz_cd(doc)}{b}".ljust(30, "<")
ds, es = d.strftime("%y%m%d"), rdate(2027, 2033).strftime("%y%m%d")
ln2 = f"{ds}{mrz_cd(ds)}F{es}{mrz_cd(es)}NLD".ljust(29, "<")
ln2 += mrz_cd(ln1[5:30] + ln2[0:7] + ln2[8:15] + ln2[18:29])
ln3 = "DE<BOER<<MARLOES<ANNA".ljust(30, "<")
assert len(ln1) == len(ln2) == len(ln3) == 30
P(
    "national_id",
    f"{OCR} (ID card back), nl-NL",
    f"achterkant van mijn ID-kaart, de app leest het niet, kun je de gegevens eruit halen?\n\n{ln1}\n{ln2}\n{ln3}",
    doc,
    b,
)

num = rs(DG, 9)
P(
    "passport",
    f"{D} (JSON booking), en-US",
    "the airline API rejects this traveler object, what's wrong?\n\n"
    + json.dumps(
        {
            "traveler": {
                "firstName": "Megan",
                "lastName": "Sullivan",
                "dateOfBirth": "1989-11-02",
                "document": {
                    "type": "PASSPORT",
                    "number": num,
                    "issuingCountry": "US",
                    "expiry": "2031-08-19",
                },
            }
        },
        indent=2,
    ),
    num,
    "1989-11-02",
)

d = rdate(1960, 2002)
sur = "MORGAN"
mm = d.month + 50
dl = f"{(sur + '99999')[:5]}{str(d.year)[2]}{mm:02d}{d.day:02d}{str(d.year)[3]}SL9{rs(UP, 2)}"
P(
    "driving_licence",
    f"{OCR} (photocard licence), en-GB",
    f"DRIVING LICENCE\n1. MORGAN\n2. MISS SARAH LOUISE\n3. {d:%d.%m.%Y} UNITED KINGDOM\n5. {dl}  {rd(2)}\n\ncan you check the licence number for the hire car form",
    dl,
    f"{d:%d.%m.%Y}",
)

dl = R.choice(UP) + rs(DG, 7)
P(
    "driving_licence",
    f"{OCR} (driver license), en-US",
    f"CALIFORNIA USA DRIVER LICENSE\nDL {dl}\nEXP 08/14/2029\nLN RAMIREZ\nFN DIEGO ALEJANDRO\n\nrental site wants the DL number, which one is it?",
    dl,
)

dl = R.choice("BJKLMNF") + rs(DG, 3) + rs(UP + DG, 6) + rs(DG, 1)
P(
    "driving_licence",
    f"{OCR} (driving licence), de-DE",
    f"FÜHRERSCHEIN\n1. HOFMANN\n2. TOBIAS\n4c. Landratsamt Esslingen\n5. {dl}\n9. AM/B/L\n\nbrauch ich die Nummer aus Feld 5 für das Carsharing?",
    dl,
)

# --------------------------------------------------------------------------- IBANs and bank accounts

ib = iban("DE")
P(
    "iban",
    f"{F}, de-DE",
    f"-------- Weitergeleitete Nachricht --------\nBetreff: Mietkaution\n\nHallo Herr Yilmaz,\nbitte überweisen Sie die Kaution auf folgendes Konto:\nKontoinhaberin: Renate Hoffmann\nIBAN: {chunks(ib, 4)}\nVerwendungszweck: Kaution Whg. 3 OG links\n\nkann ich das als Dauerauftrag einrichten?",
    chunks(ib, 4),
)

ib = iban("FR")
s = chunks(ib, 4).replace("  ", " ")
s_ocr = s[:9] + " " + s[9:]
P(
    "iban",
    f"{OCR} (RIB), fr-FR",
    f"RELEVÉ D'IDENTITÉ BANCAIRE\nTitulaire du compte : M. ou Mme BERNARD JULIEN\nIBAN : {s_ocr}\nBIC : {rs(UP, 4)}FRPP{rs(UP + DG, 3)}\n\nc'est bon pour la mutuelle ?",
    s_ocr,
)

ib = iban("ES")
P(
    "iban",
    f"{C} (WhatsApp), es-ES",
    f"[12/3/24, 10:14] Paula: os paso el número de cuenta para lo de la cena\n[12/3/24, 10:14] Paula: {ib}\n[12/3/24, 10:15] Jorge: hecho, 23 € cada uno",
    ib,
)

ib = iban("IT")
P(
    "iban",
    f"{F}, it-IT",
    f"---------- Messaggio inoltrato ---------\nOggetto: Saldo lavori\n\nBuongiorno,\nper il saldo può effettuare bonifico a:\nIntestatario: Edilizia Marchetti di Marchetti Paolo\nIBAN {ib}\nCausale: saldo fattura 12/2024\n\nmi aiuti a controllare che l'IBAN sia giusto?",
    ib,
)

ib = iban("NL")
P(
    "iban",
    f"{C} (WhatsApp), nl-NL",
    f"[12-03-2024 20:14] Thijs: wie nog niet betaald heeft voor het weekendje: {chunks(ib, 4)} t.n.v. T. Bos\n[12-03-2024 20:16] Lieke: gedaan!",
    chunks(ib, 4),
)

ib = iban("BE")
P(
    "iban",
    f"{OCR} (invoice), fr-BE",
    f"FACTURE N° 2024-041\nPlombier Lejeune SPRL\nMontant : 486,20 EUR\nÀ verser sur le compte {chunks(ib, 4)}\nCommunication structurée : +++{rs(DG, 3)}/{rs(DG, 4)}/{rs(DG, 5)}+++\n\nje dois mettre la communication où dans l'app ?",
    chunks(ib, 4),
)

ib = iban("PT")
s = chunks(ib, 4)
s_ocr = s.replace("0", "O", 1)
P(
    "iban",
    f"{OCR} (bank statement), pt-PT",
    f"EXTRATO DE CONTA\nTitular: RUI MANUEL SANTOS\nIBAN: {s_ocr}\nSaldo disponível: 2.314,87 EUR\n\nconsegues ler o IBAN? a foto ficou tremida",
    s_ocr,
)

ib = iban("PL")
s = f"{ib[2:4]} {chunks(ib[4:], 4)}"
P(
    "iban",
    f"{C} (Messenger), pl-PL",
    f"[12.03.2024 10:14] Ola: numer konta do zrzutki na prezent: {s}\n[12.03.2024 10:15] Bartek: poszło 50 zł",
    s,
)

ib = iban("CZ")
acct = str(int(ib[14:])) + "/" + ib[4:8]
P(
    "iban",
    f"{F}, cs-CZ",
    f"---------- Přeposlaná zpráva ---------\nPředmět: Platba za kurz\n\nDobrý den,\nčástku 3 200 Kč prosím uhraďte na účet {acct}\n(IBAN {ib}).\nVariabilní symbol: {rd(6)}\n\nLucie Benešová\n\nje to stejné číslo účtu?",
    acct,
    ib,
)

ib = iban("RO")
P(
    "iban",
    f"{C} (WhatsApp), ro-RO",
    f"[12.03.2024, 20:14] Mihai: contul pentru chirie e {ib}, titular Mihai Dumitrescu\n[12.03.2024, 20:15] Ioana: ok",
    ib,
)

ib = iban("FI")
P(
    "iban",
    f"{OCR} (bill), fi-FI",
    f"LASKU\nSaaja: Taloyhtiö Koivukuja / Isännöitsijä\nSaajan tilinumero: {chunks(ib, 4)}\nViitenumero: {rd(6)}\nEräpäivä 31.05.2024\nMaksaja: Jari Niemi\n\nonko tämä vastike vai vesimaksu?",
    chunks(ib, 4),
)

ib = iban("TR")
P(
    "iban",
    f"{C} (WhatsApp), tr-TR",
    f"[12.03.2024 20:14] Burak: kira için IBAN {chunks(ib, 4)} alıcı Burak Demir\n[12.03.2024 20:16] Ev sahibi: gönderdim",
    chunks(ib, 4),
)

sort, acct = f"{rs(DG, 2)}-{rs(DG, 2)}-{rs(DG, 2)}", rs(DG, 8)
P(
    "bank_account",
    f"{C} (WhatsApp), en-GB",
    f"[14/02/2024, 19:02:11] Dad: here's my bank details for the holiday money\n[14/02/2024, 19:02:40] Dad: Mr K Evans sort code {sort} account {acct}\n[14/02/2024, 19:03:05] Chloe: ta",
    sort,
    acct,
)

ib = iban("UA")
P(
    "iban",
    f"{C} (Telegram), uk-UA",
    f"[21.05.2024 14:02] Катерина: реквізити для переказу: ФОП Шевченко К. І., IBAN {ib}\n[21.05.2024 14:05] Андрій: оплатив",
    ib,
)

ib = iban("SA")
P(
    "iban",
    f"{C} (WhatsApp), ar-SA",
    f"[12/03/2024، 8:14 م] فيصل: حول على الآيبان {ib} باسم فيصل الحربي\n[12/03/2024، 8:15 م] تركي: تم",
    ib,
)

ib = iban("AE")
P(
    "iban",
    f"{F}, en-AE",
    f"---------- Forwarded message ---------\nSubject: Rent cheque replacement\n\nDear tenant,\nplease transfer the first instalment to:\nAccount name: Fatima Al Mansoori\nIBAN: {ib}\n\nKind regards\n\n---\nis it normal for landlords to ask for transfer instead of cheques?",
    ib,
)

ib = iban("CH")
P(
    "iban",
    f"{OCR} (QR-bill), de-CH",
    f"Empfangsschein\nKonto / Zahlbar an\n{chunks(ib, 4)}\nBeat Gerber\nZahlbar durch\nSandra Keller\nWährung CHF  Betrag 240.00\n\nkann ich das im E-Banking abtippen statt scannen?",
    chunks(ib, 4),
)

pix = uuid4()
P(
    "bank_account",
    f"{C} (WhatsApp), pt-BR",
    f"[05/06/2024 18:02:11] Gabriel: faz o pix na chave aleatória {pix}\n[05/06/2024 18:03:40] Larissa: feito",
    pix,
)

routing, acct = aba(), rd(10)
P(
    "bank_account",
    f"{OCR} (check image), en-US",
    f"JOSHUA T. BENNETT\nPAY TO THE ORDER OF ______\n\n⑆{routing}⑆ {acct}⑈ 1042\n\nwhich of these numbers is my routing number for direct deposit?",
    routing,
    acct,
)

# --------------------------------------------------------------------------- payment cards (Luhn-valid, random)

c = card("visa")
s = " ".join(say_en(g, doubles=False) for g in chunks(c, 4).split())
cvv = say_en(rs(DG, 3), doubles=False)
P(
    "card_number",
    f"{V}, en-US",
    f"hey babe can you order the tickets my card number is {s} expiry oh nine twenty eight and the code on the back is {cvv}",
    s,
    cvv,
)

c = card("mc")
s = card_fmt(c).replace(" ", "  ", 1)
P(
    "card_number",
    f"{OCR} (photo of card), en-GB",
    f"photo of my card so you can put it into the booking form\n\n{s}\nVALID THRU 11/27\nMR JAMES A HOLLOWAY\nmastercard",
    s,
)

c = card("visa")
P(
    "card_number",
    f"{C} (WhatsApp), es-MX",
    f"[03/04/24, 18:22:10] Mamá: mija cómprame el boleto de avión con esta tarjeta {card_fmt(c)} vence 08/27\n[03/04/24, 18:25:02] Valeria: ok mamá ya casi",
    card_fmt(c),
)

c = card("jcb")
P(
    "card_number",
    f"{D} (JSON order), ja-JP",
    "決済APIでエラーになるリクエストです\n\n"
    + json.dumps(
        {
            "order_id": f"ORD-{rd(8)}",
            "amount": 12800,
            "currency": "JPY",
            "card": {"number": c, "exp_month": 4, "exp_year": 2028, "holder": "KENJI MORI"},
        },
        indent=2,
    ),
    c,
)

c = card("mir")
P(
    "card_number",
    f"{F}, ru-RU",
    f"---------- Пересылаемое сообщение ----------\nТема: Оплата заказа\n\nДобрый день! Для оплаты переведите на карту {card_fmt(c)} (Сбер, получатель Ольга Сергеевна К.)\n\nэто нормально платить на карту частному лицу?",
    card_fmt(c),
)

c = card("rupay")
P(
    "card_number",
    f"{D} (CSV), en-IN",
    f"reconciliation sheet, why are these two not matching?\n\ntxn_id,card,amount,status\nT{rd(9)},{c},2499.00,SUCCESS\nT{rd(9)},XXXXXXXXXXXX{rs(DG, 4)},2499.00,PENDING",
    c,
)

c = card("troy")
P(
    "card_number",
    f"{C} (WhatsApp), tr-TR",
    f"[12.03.2024 20:14] Annem: kart numaram {card_fmt(c)} son kullanma 06/28 siparişi ver\n[12.03.2024 20:16] Emre: tamam anne",
    card_fmt(c),
)

# --------------------------------------------------------------------------- dates of birth


def two_digit_en(n: int) -> str:
    ones = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ]
    tens = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
    if n < 20:
        return ones[n]
    return tens[n // 10] + ("" if n % 10 == 0 else " " + ones[n % 10])


ORDINALS = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
]
MONTHS_EN = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]


def ordinal_en(n: int) -> str:
    if n <= 20:
        return ORDINALS[n - 1]
    if n == 30:
        return "thirtieth"
    return ("twenty " if n < 30 else "thirty ") + ORDINALS[n % 10 - 1]


d = rdate(1950, 1999)
s = f"the {ordinal_en(d.day)} of {MONTHS_EN[d.month - 1]} nineteen {two_digit_en(d.year % 100) if d.year % 100 >= 10 else 'oh ' + two_digit_en(d.year % 100)}"
P(
    "dob",
    f"{V}, en-GB",
    f"hello its margaret calling to book the flu jab my date of birth is {s} thank you",
    s,
)

d = rdate(1960, 2004)
s = f"{d:%d/%m/%Y}"
P(
    "dob",
    f"{OCR} (form), es-MX",
    f"SOLICITUD DE EMPLEO\nNombre: Karla Patricia Ramos Ortiz\nFecha de nacimiento: {s}\nLugar de nacimiento: Puebla, Pue.\n\n¿me ayudas a pasarlo a un CV?",
    s,
)

d = rdate(1960, 2004)
s = f"{d:%d.%m.%Y}"
P(
    "dob",
    f"{C} (WhatsApp), de-DE",
    f"[12.03.24, 20:14:10] Sabine: für die Anmeldung beim Kinderarzt: Leon Schulz, geb. {s}, AOK versichert\n[12.03.24, 20:15:00] Praxis Dr. Wolf: danke",
    s,
)

d = rdate(1927, 1988)
s = f"昭和{d.year - 1925}年{d.month}月{d.day}日"
P(
    "dob",
    f"{OCR} (form), ja-JP",
    f"申込書\n氏名 中村 直子\n生年月日 {s}\n\nこれを西暦に直すと何年ですか？",
    s,
)

d = rdate(1960, 2004)
TH_MONTHS = [
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
]
s = f"{d.day} {TH_MONTHS[d.month - 1]} {d.year + 543}"
P(
    "dob",
    f"{OCR} (form), th-TH",
    f"ใบสมัครงาน\nชื่อ นายธนากร ศรีสุข\nวันเกิด {s}\n\nช่วยแปลงเป็นปี ค.ศ. ให้หน่อย",
    s,
)

d = rdate(1960, 2004)
s = d.isoformat()
P(
    "dob",
    f"{D} (YAML fixture), en-AU",
    f"# fixtures/members.yaml (copied from prod, sorry)\n- member_no: {rd(6)}\n  name: Chloe Anderson\n  dob: {s}\n  plan: family\n\ncan you turn this into a pytest fixture?",
    s,
)

# --------------------------------------------------------------------------- health insurance and patient numbers

s = kvnr()
P(
    "health_insurance",
    f"{OCR} (health card), de-DE",
    f"Gesundheitskarte\nTechniker Krankenkasse\nVersicherten-Nr. {s}\nBECKER, LENA\n\nwelche Nummer muss ich beim Online-Termin angeben?",
    s,
)

s = nhs_number()
P(
    "health_insurance",
    f"{OCR} (hospital letter), en-GB",
    f"Royal Infirmary Outpatients\nPatient: Mr Graham Hughes\nNHS No: {s}\nAppointment: Tuesday 14 May, 10:40, Clinic 3\n\ncan you tell me what 'fasting from midnight' means for this appointment",
    s,
)

s = medicare_au()
P(
    "health_insurance",
    f"{C} (Messenger), en-AU",
    f"[12/03/2024, 8:14 pm] Clinic: please send your Medicare number before the telehealth call\n[12/03/2024, 8:20 pm] Tahlia: {s} ref 2",
    s,
)

d = rdate(1960, 2003)
s = nir(d, female())
P(
    "health_insurance",
    f"{OCR} (carte Vitale), fr-FR",
    f"carte Vitale\nMME DUBOIS CLAIRE\n{s}\n\nla pharmacie me demande mon numéro de sécu, c'est celui-là ?",
    s,
)

s = nss_imss()
P(
    "health_insurance",
    f"{OCR} (prescription), es-MX",
    f"INSTITUTO MEXICANO DEL SEGURO SOCIAL\nRECETA INDIVIDUAL\nNSS: {s}\nPaciente: JOSÉ MANUEL TORRES\nMetformina 850 mg  1 tab c/12 h  30 días\n\n¿cómo tomo esta medicina?",
    s,
)

s = cns_sus()
P(
    "health_insurance",
    f"{C} (WhatsApp), pt-BR",
    f"[05/06/2024 09:12:44] UBS Jardim: para agendar a vacina precisamos do cartão SUS\n[05/06/2024 09:20:02] Seu Antônio: {s}",
    s,
)

s = with_luhn("0613" + rs(DG, 3))
kigo = f"{rd(3)}・{rd(4)}"
P(
    "health_insurance",
    f"{OCR} (health insurance card), ja-JP",
    f"健康保険被保険者証\n記号 {kigo}  番号 {rd(2)}\n保険者番号 {s}\n氏名 高橋 涼子\n\n病院の問診票に書く番号はどれ？",
    s,
    kigo,
)

s = f"MRN {rd(8)}"
d = rdate(1935, 1960)
P(
    "patient_id",
    f"{OCR} (discharge summary), en-US",
    f"DISCHARGE SUMMARY\nPatient: Harold W. Jenkins   {s}\nDOB: {d:%m/%d/%Y}\nAdmitted 05/02/2024  Discharged 05/06/2024\nDx: community-acquired pneumonia\n\ncan you explain this in plain english for my dad",
    s,
    f"{d:%m/%d/%Y}",
)

# --------------------------------------------------------------------------- licence plates and VINs

plates = [
    (
        "en-GB",
        V,
        f"{rs('ABCDEFGHKLMNOPRSVWY', 2)}{R.choice(['19', '69', '21', '71', '23', '73'])} {rs('ABCDEFGHJKLMNOPRSTUVWXYZ', 3)}",
        "hi its about the car blocking my drive the registration is {p} silver golf can you move it",
    ),
    (
        "de-DE",
        C + " (WhatsApp)",
        f"M-{rs(UP, 2)} {rd(4)}",
        "[12.03.24, 20:14:10] Nachbar: der Transporter mit dem Kennzeichen {p} steht schon wieder vor der Einfahrt",
    ),
    (
        "fr-FR",
        OCR + " (parking fine)",
        f"{rs(UP, 2)}-{rs(DG, 3)}-{rs(UP, 2)}",
        "AVIS DE CONTRAVENTION\nImmatriculation : {p}\nMarque : RENAULT\nLieu : Rue de la République, Lyon\n\nje conteste comment ?",
    ),
    (
        "es-ES",
        F,
        f"{rs(DG, 4)} {rs('BCDFGHJKLMNPRSTVWXYZ', 3)}",
        "Asunto: Multa de tráfico\n\nVehículo matrícula {p}, titular Andrés Molina.\nVelocidad 72 km/h en vía de 50.\n\n¿puedo recurrir?",
    ),
    (
        "pl-PL",
        C + " (Messenger)",
        f"WA {rd(4)}{R.choice(UP)}",
        "[12.03.2024 10:14] Marta: parkuję pod blokiem, auto {p}, jakby co dzwoń",
    ),
    (
        "pt-BR",
        V,
        f"{rs(UP, 3)}{rd(1)}{R.choice(UP)}{rs(DG, 2)}",
        "oi aqui é o Rodrigo o carro que bateu no meu é um HB20 prata placa {p} anota aí",
    ),
    (
        "en-IN",
        V,
        f"MH {rd(2)} {rs(UP, 2)} {rd(4)}",
        "hello ji my scooty number is {p} it was towed from the market please help",
    ),
    (
        "ko-KR",
        C + " (KakaoTalk)",
        f"{rd(2)}{R.choice(['가', '나', '다', '라', '마', '거', '너', '더'])} {rd(4)}",
        "2024년 5월 3일 오후 2:14, 관리사무소 : {p} 차주분 이중주차 차 빼주세요",
    ),
]
for loc, ch, plate, tmpl in plates:
    P("licence_plate", f"{ch}, {loc}", tmpl.replace("{p}", plate), plate)

v, plate = vin("WVW", R.choice("LMNP")), f"HH-{rs(UP, 2)} {rd(3)}"
P(
    "vin",
    f"{OCR} (registration certificate), de-DE",
    f"Zulassungsbescheinigung Teil I\nA  {plate}\nE  {v}\nC.1.1  Schröder\nC.1.2  Jan\n\nwelche Nummer ist die FIN für die Versicherung?",
    v,
    plate,
)

v = vin("SAL", R.choice("LMNP"))
P(
    "vin",
    f"{F}, en-GB",
    f"---------- Forwarded message ---------\nSubject: Your motor insurance renewal\n\nDear Mr Clarke,\nVehicle: Land Rover Discovery Sport\nVIN: {v}\nRenewal premium: £812.40\n\nis this a good price or should I shop around?",
    v,
)

v = vin("TMB", R.choice("KLMN"))
P(
    "vin",
    f"{C} (OLX chat), pl-PL",
    f"[12.03.2024 10:14] Kupujący: poproszę VIN, sprawdzę historię\n[12.03.2024 10:20] Sprzedający: {v}\n[12.03.2024 10:21] Kupujący: dzięki",
    v,
)

v1, v2 = vin("1HG", R.choice("LMNP")), vin("5YJ", R.choice("MNPR"))
p1, p2 = f"8{rs(UP, 3)}{rd(3)}", f"9{rs(UP, 3)}{rd(3)}"
P(
    "vin",
    f"{D} (CSV), en-US",
    f"fleet,vin,plate,driver\nunit 12,{v1},{p1},Tyler Brooks\nunit 14,{v2},{p2},Ashley Price\n\nsort this by driver please",
    v1,
    v2,
    p1,
    p2,
)

# --------------------------------------------------------------------------- home network: IP and MAC addresses

m0, m1, m2, m3 = mac(), mac(), mac(), mac()
P(
    "mac_address",
    "terminal output, en-US",
    f"$ arp -a\n? (192.168.1.1) at {m0.lower()} on en0 ifscope [ethernet]\nemilys-iphone (192.168.1.23) at {m1.lower()} on en0 ifscope [ethernet]\nkids-ipad (192.168.1.31) at {m2.lower()} on en0 ifscope [ethernet]\nliving-room-tv (192.168.1.40) at {m3.lower()} on en0 ifscope [ethernet]\n\nwhich of these is the tv? I want to block it at night",
    m0.lower(),
    m1.lower(),
    m2.lower(),
    m3.lower(),
)

ip = pub_ip()
P(
    "ip_address",
    "terminal output, de-DE",
    f"$ curl ifconfig.me\n{ip}\n\nist das meine feste IP von der Telekom? ich will den Port für die Überwachungskamera freigeben",
    ip,
)

m = mac("-")
P(
    "mac_address",
    "terminal output (Windows), es-ES",
    f"C:\\Users\\Lorena> ipconfig /all\n\nAdaptador de LAN inalámbrica Wi-Fi:\n   Descripción . . . . . . . . . . . : Intel(R) Wi-Fi 6 AX201 160MHz\n   Dirección física. . . . . . . . . : {m}\n   DHCP habilitado . . . . . . . . . : sí\n   Dirección IPv4. . . . . . . . . . : 192.168.0.14(Preferido)\n\n¿qué MAC tengo que poner en el filtrado del router?",
    m,
)

ip = pub_ip()
P(
    "ip_address",
    "terminal output, fr-FR",
    f"$ sudo tail -n 3 /var/log/auth.log\nMay 14 21:03:11 nas sshd[2211]: Accepted publickey for julien from {ip} port 51344 ssh2\nMay 14 21:05:42 nas sshd[2230]: Accepted publickey for julien from {ip} port 51360 ssh2\n\nc'est moi depuis la maison, comment j'autorise seulement cette IP ?",
    ip,
)

ip6 = pub_ip6()
P(
    "ip_address",
    "terminal output, nl-NL",
    f"$ ip -6 addr show dev eth0\n2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500\n    inet6 {ip6}/64 scope global dynamic mngtmpaddr\n       valid_lft 86204sec preferred_lft 14204sec\n\nis dit het adres dat ik in de DNS van mijn domein moet zetten voor mijn thuisserver?",
    ip6,
)

m, ip = mac(), pub_ip()
P(
    "mac_address",
    f"{D} (JSON device status), it-IT",
    "la presa smart risponde così, come leggo il consumo?\n\n"
    + json.dumps(
        {
            "StatusNET": {
                "Hostname": "presa-lavatrice",
                "IPAddress": "192.168.1.57",
                "Mac": m,
                "Webserver": 2,
            },
            "StatusMQT": {"MqttHost": "192.168.1.10", "MqttPort": 1883},
            "ENERGY": {"Power": 1873, "Today": 1.42},
        },
        indent=2,
    ),
    m,
)

ip = pub_ip()
P(
    "ip_address",
    f"{C} (Discord), en-US",
    f"[9:14 PM] zeph: server's up, connect to {ip}:25565\n[9:15 PM] mako: joining",
    ip,
)

# --------------------------------------------------------------------------- usernames and handles tied to a person

h = f"@maria.lopez_{rd(2)}"
P(
    "username",
    f"{V}, es-MX",
    f"hola soy maría la de la clase de yoga búscame en instagram como {h} y te paso las fotos",
    h,
)

h = f"@{R.choice(['dasha', 'nastya', 'katya'])}_{rs(LO, 3)}{rd(2)}"
P(
    "username",
    f"{C} (Telegram), ru-RU",
    f"[12.03.2024 10:15] Сергей: пиши моей сестре напрямую, её ник {h}, она всё объяснит",
    h,
)

h = f"u/{R.choice(['quiet', 'rusty', 'lazy'])}_{R.choice(['heron', 'walrus', 'toast'])}{rd(2)}"
P(
    "username",
    "pasted Reddit thread, en-GB",
    f"thread I'm upset about:\n\n{h} · 3h\nMy neighbour at number 4 on our street keeps parking across my drive, I've asked three times...\n\nthis is my account, can you help me write a calmer follow-up?",
    h,
)

h = f"{R.choice(['yuna', 'haruka', 'mei'])}_{rs(LO, 4)}{rd(3)}"
P(
    "username",
    f"{C} (LINE), ja-JP",
    f"2024/03/12(火)\n21:04\tあや\t新しいインスタのアカウント {h} だからフォローしてね",
    h,
)

h = f"{R.choice(['ritu', 'neha', 'pooja'])}{rd(4)}_official"
P("username", f"{V}, en-IN", f"hi didi follow my instagram it is {h} please share with everyone", h)

h = f"@{R.choice(['thandi', 'lindiwe', 'zanele'])}{rs(LO, 2)}{rd(2)}"
P(
    "username",
    f"{C} (WhatsApp), en-ZA",
    f"[12/03/2024, 20:14] Lebo: my cousin does braids, her insta is {h} tell her I sent you",
    h,
)

# --------------------------------------------------------------------------- student, employee, patient numbers and device ids

s = rd(7)
P(
    "student_id",
    f"{F}, de-DE",
    f"-------- Weitergeleitete Nachricht --------\nBetreff: Rückmeldung Sommersemester\n\nSehr geehrte Studierende,\nIhre Rückmeldung ist eingegangen.\nName: Jana Keller\nMatrikelnummer: {s}\n\nPrüfungsamt\n\nheißt das, ich bin eingeschrieben?",
    s,
)

s = f"U{rd(8)}"
P(
    "student_id",
    f"{OCR} (student ID card), en-US",
    f"UNIVERSITY OF SOUTH FLORIDA\nSTUDENT\nTAYLOR M. REED\nU ID: {s}\n\ndo I need this number for the library printing account?",
    s,
)

s = f"{R.randint(2019, 2024)}{rs(DG, 5)}"
P(
    "student_id",
    f"{C} (KakaoTalk), ko-KR",
    f"2024년 5월 3일 오후 2:14, 조교 : 이름이랑 학번 보내주세요\n2024년 5월 3일 오후 2:20, 최유진 : 최유진 {s}",
    s,
)

s, naf = f"E-{rd(6)}", f"{rs(DG, 2)}/{rs(DG, 8)}/{rs(DG, 2)}"
P(
    "employee_id",
    f"{OCR} (payslip), es-ES",
    f"NÓMINA MAYO 2024\nTrabajador: Sergio Navarro Gil\nN.º empleado: {s}\nN.º afiliación SS: {naf}\nLíquido a percibir: 1.842,17 €\n\n¿por qué me han retenido más IRPF este mes?",
    s,
    naf,
)

s = f"{R.choice(['RXH', 'RTH', 'RQ6'])}{rd(7)}"
P(
    "patient_id",
    f"{OCR} (appointment letter), en-GB",
    f"Hospital Number: {s}\nDear Mrs Okafor,\nYour MRI scan is booked for 21 May at 08:15.\n\nwhat should I bring?",
    s,
)

imei1, imei2 = imei(), imei()
P(
    "imei",
    f"{OCR} (screenshot), es-AR",
    f"Dial *#06#\nIMEI1\n{imei1}\nIMEI2\n{imei2}\n\nme robaron el celu, ¿qué número le doy a la compañía para bloquearlo?",
    imei1,
    imei2,
)

imei1 = imei()
P(
    "imei",
    f"{F}, fr-FR",
    f"---------- Message transféré ---------\nObjet : Déclaration de vol\n\nBonjour,\nmodèle : iPhone 13\nIMEI : {imei1}\nNuméro de ligne associé : masqué\n\nest-ce que je dois aussi porter plainte ?",
    imei1,
)

# ===========================================================================
# NEGATIVES (nothing secret or personal; must come out unchanged)
# ===========================================================================

# --------------------------------------------------------------------------- voice transcripts with numbers that are not personal

for loc, text in [
    (
        "en-GB",
        "hiya just to say the train's delayed now leaving at seven forty five from platform nine so ill be home about half eight dont wait for tea",
    ),
    (
        "en-US",
        "hey can you grab two dozen eggs a gallon of milk and the big bag of rice the twenty pound one oh and paper towels thanks",
    ),
    (
        "es-MX",
        "oye ya viste el partido quedó tres a uno y el último gol fue en el minuto ochenta y nueve increíble",
    ),
    (
        "de-DE",
        "hallo wir treffen uns um halb sieben am hauptbahnhof gleis zwölf der zug fährt um achtzehn uhr zweiundvierzig",
    ),
    (
        "fr-FR",
        "coucou la recette c'est deux cents grammes de farine trois œufs un sachet de levure et trente-cinq minutes à cent quatre-vingts degrés",
    ),
    (
        "it-IT",
        "allora il volo parte alle dieci e venti dal gate b dodici l'imbarco chiude venti minuti prima",
    ),
    (
        "pt-BR",
        "amor a conta de luz veio cento e oitenta e dois reais e quarenta centavos vence dia dez tá",
    ),
    (
        "ru-RU",
        "короче собрание перенесли на четверг на девятнадцать ноль ноль кабинет двести четырнадцать",
    ),
    ("pl-PL", "hej wynik meczu dwa do jednego dla legii bramka w sześćdziesiątej siódmej minucie"),
    (
        "tr-TR",
        "akşam yemeği için iki kilo domates bir kilo soğan ve üç ekmek al bir de yarım kilo peynir",
    ),
    ("ja-JP", "明日の会議は十時半からで 三階の第二会議室です 資料は二十部印刷しておいてください"),
    ("ko-KR", "내일 오후 세 시에 강남역 십일번 출구에서 만나 늦으면 연락해"),
    ("zh-CN", "明天早上八点半出发 大概开三个小时 中午十二点左右到 记得带两瓶水"),
    ("ar-EG", "الاجتماع بكرة الساعة عشرة الصبح في الدور التالت ومتنساش التقرير"),
    ("hi-IN", "कल सुबह सात बजे की ट्रेन है प्लेटफॉर्म नंबर तीन से टिकट मेरे पास है"),
    ("th-TH", "พรุ่งนี้ประชุมบ่ายสองโมงนะ ห้องประชุมชั้นห้า เอาเอกสารมาสิบชุด"),
    ("vi-VN", "mai họp lúc chín giờ sáng ở phòng ba lẻ hai nhé nhớ mang máy tính"),
    ("id-ID", "besok kumpul jam tujuh pagi di gerbang utama bawa dua botol air sama topi"),
    (
        "fil-PH",
        "bukas alas singko ng hapon yung practice sa court malapit sa barangay hall dala kayo ng tubig",
    ),
    ("sw-KE", "mkutano utaanza saa tatu asubuhi kesho katika ukumbi namba mbili msichelewe"),
    ("el-GR", "ο αγώνας τελείωσε δύο ένα και την κυριακή παίζουμε στις εννιά το βράδυ"),
    ("fa-IR", "جلسه فردا ساعت ده صبح طبقه سوم برگزار میشه دیر نکنی"),
    (
        "en-AU",
        "mate the cricket was unreal they were four for eleven at one stage and still won by sixty runs",
    ),
    (
        "en-IN",
        "there is a big accident near the toll plaza someone already called one one two and the ambulance on one zero eight is coming",
    ),
    (
        "en-GB",
        "remind me the wifi password is on the back of the router ill read it out when im home",
    ),
    ("de-DE", "ich hab meine pin vergessen und jetzt ist die karte gesperrt was mach ich denn da"),
    (
        "es-ES",
        "oye el código de descuento de la web era verano veinticuatro pero ya caducó así que nada",
    ),
    (
        "en-US",
        "ok so the pin on the map says we're about twelve miles out eta forty minutes depending on traffic on the ninety five",
    ),
]:
    N(f"{V}, {loc}", text)

# --------------------------------------------------------------------------- OCR of receipts, labels, tickets and pages without personal data

items = [
    ("Vollmilch 3,5% 1L", "1,19"),
    ("Bio Bananen", "1,79"),
    ("Roggenbrot 750g", "2,49"),
    ("Kaffee Crema 1kg", "13,99"),
]
N(
    f"{OCR} (supermarket receipt), de-DE",
    "kannst du mir sagen, wie viel ich für Lebensmittel ausgegeben habe?\n\nFRISCHEMARKT\n"
    + "\n".join(f"{n:<22}{p:>7} A" for n, p in items)
    + f"\n{'Pfand':<22}{'0,25':>7} A\n--------------------------------\nSUMME EUR            19,71\nGegeben BAR          20,00\nRückgeld              0,29\n\nBon-Nr. {rd(4)}  Kasse 3  {R.randint(10, 28)}.05.2024 17:{R.randint(10, 59)}\nTSE-Transaktion: {rd(6)}\nTSE-Signaturzähler: {rd(7)}\nVielen Dank für Ihren Einkauf!",
)

N(
    f"{OCR} (store receipt), en-US",
    f"SUPERCENTER\nST# 0{rd(4)} OP# 00{rd(4)} TE# {rd(2)} TR# 0{rd(4)}\nPAPER TOWEL   0{rd(11)}   12.97 X\nBANANAS       0000000{rd(4)}    1.38 N\nGV WHOLE MLK  0{rd(11)}    3.42 N\nSUBTOTAL                 17.77\nTAX 1  7.000 %            0.91\nTOTAL                    18.68\nCASH TEND                20.00\nCHANGE DUE                1.32\n# ITEMS SOLD 3\nTC# {rd(4)} {rs(DG, 4)} {rs(DG, 4)} {rs(DG, 4)} {rs(DG, 4)}\n05/14/24  18:22:07\n\nhow much tax did I pay here?",
)

N(
    f"{OCR} (restaurant bill), it-IT",
    "dividimi il conto per 4 per favore\n\nTRATTORIA\nTavolo 12   Coperti 4\nCoperto          4 x 2,50   10,00\nBruschette           2 x 6,00   12,00\nTagliatelle ragù     2 x 13,00  26,00\nPizza margherita     2 x 8,50   17,00\nAcqua nat. 1L        2 x 3,00    6,00\nVino rosso 1/2 L                 9,00\nTOTALE EURO                     80,00\nDOC. N. 0412  14-05-2024 21:47",
)

N(
    f"{OCR} (menu board), fr-FR",
    "Formule midi 14,90 €\nEntrée + plat ou plat + dessert\n\nVelouté de potiron\nBlanquette de veau, riz pilaf\nTarte Tatin, crème fraîche\n\nCafé gourmand 6,50 €\nVerre de Côtes-du-Rhône 4,80 €\n\nc'est combien si je prends entrée plat dessert séparément ?",
)

N(
    f"{OCR} (train ticket), nl-NL",
    f"Enkele reis 2e klas\nUtrecht Centraal → Amsterdam Centraal\nGeldig op 14-05-2024\nPrijs € 8,70\nTicketnummer {rs(DG, 4)} {rs(DG, 4)} {rs(DG, 4)}\n\nkan ik met dit kaartje onderweg uitstappen in Amsterdam Amstel?",
)

N(
    f"{OCR} (medicine leaflet), es-ES",
    "Posología: adultos y niños mayores de 12 años: 1 comprimido de 500 mg cada 6 a 8 horas. No tomar más de 4 comprimidos (2 g) en 24 horas. No utilizar más de 3 días seguidos si hay fiebre.\n\n¿puedo tomarlo junto con ibuprofeno?",
)

N(
    f"{OCR} (nutrition label), pt-BR",
    "INFORMAÇÃO NUTRICIONAL\nPorção de 30 g (3/4 xícara)\nValor energético 113 kcal = 475 kJ\nCarboidratos 24 g\nProteínas 2,3 g\nGorduras totais 1,0 g\nFibra alimentar 1,8 g\nSódio 95 mg\n\nisso é muito açúcar pra café da manhã?",
)

N(
    f"{OCR} (product label), pl-PL",
    f"Jogurt naturalny 2% 400 g\nNależy spożyć do: 21.05.2024\nPartia: L{rd(5)}\nPrzechowywać w temperaturze 2–6 °C\n{ean13('590')}\n\nczy mogę go zjeść dzień po terminie?",
)

N(
    f"{OCR} (book copyright page), ru-RU",
    f"УДК 821.161.1\nББК 84(2Рос=Рус)6\nТираж 3000 экз.\nISBN {isbn13('5')}\n© Оформление. ООО «Издательство», 2021\n\nкакой это год издания?",
)

N(
    f"{OCR} (museum ticket), ja-JP",
    f"国立博物館 特別展\n一般 2,100円\n2024年5月14日(火) 有効\n入場時間 13:00-13:30\nNo. {rd(7)}\n\n再入場はできますか？",
)

N(
    f"{OCR} (parking ticket), ko-KR",
    f"주차권\n입차 2024-05-14 13:02\n출차 2024-05-14 15:47\n주차시간 2시간 45분\n요금 8,000원\n영수증 번호 {rd(8)}\n\n2시간 무료면 얼마 내야 해?",
)

N(
    f"{OCR} (event poster), ar-EG",
    "مهرجان الكتاب السنوي\nمن ١٠ إلى ٢٠ مايو ٢٠٢٤\nمن الساعة ٩ صباحاً حتى ٩ مساءً\nالدخول مجاني\nأكثر من ٣٠٠ دار نشر\n\nهل يفتح يوم الجمعة؟",
)

N(
    f"{OCR} (public notice), el-GR",
    "ΑΝΑΚΟΙΝΩΣΗ\nΤην Τρίτη 14/5 από 09:00 έως 15:00 θα γίνει διακοπή υδροδότησης λόγω εργασιών στο δίκτυο.\nΕυχαριστούμε για την κατανόηση.\n\nτι ώρα ξαναέρχεται το νερό;",
)

N(
    f"{OCR} (math worksheet), vi-VN",
    "Bài 1: Tính\na) 125 × 8 = ?\nb) 3 456 : 12 = ?\nc) 2/3 + 5/6 = ?\nBài 2: Một hình chữ nhật có chiều dài 24 cm, chiều rộng 15 cm. Tính chu vi và diện tích.\n\ngiải giúp con bài này với",
)

N(
    f"{OCR} (bus timetable), sv-SE",
    "Linje 4 mot Centralstationen\nMån–fre: 06:12 06:27 06:42 06:57 07:12 07:27\nLör: 08:15 08:45 09:15\nSön: 09:30 10:30 11:30\n\nvilken buss ska jag ta för att vara framme före 07:30?",
)

N(
    f"{OCR} (recipe card), tr-TR",
    "MERCİMEK ÇORBASI (4 kişilik)\n1 su bardağı kırmızı mercimek\n1 adet soğan\n1 adet havuç\n1 yemek kaşığı salça\n6 su bardağı su\n1 çay kaşığı tuz, kimyon\nPişirme süresi: 30 dk\n\nbunu 8 kişilik yaparsam ne kadar mercimek lazım?",
)

N(
    f"{OCR} (textbook page), en-GB",
    "Table 3.2 Common solvents\nWater  CAS 7732-18-5  bp 100 °C\nEthanol  CAS 64-17-5  bp 78.37 °C\nAcetone  CAS 67-64-1  bp 56.05 °C\n\nwhich of these would evaporate first at room temperature?",
)

N(
    f"{OCR} (order confirmation), en-US",
    f"Order Placed: May 14, 2024\nOrder # 11{rd(1)}-{rs(DG, 7)}-{rs(DG, 7)}\nOrder Total: $47.96\nUSB-C Charging Cable (2-pack)  Qty 2  $23.98\nArriving Thursday\n\nis this going to arrive before the weekend?",
)

N(
    f"{OCR} (pharmacy price list), fa-IR",
    "لیست قیمت\nاستامینوفن ۵۰۰ - ۱۵۰۰۰ تومان\nویتامین D ۱۰۰۰ - ۸۵۰۰۰ تومان\nقطره بینی - ۴۲۰۰۰ تومان\n\nجمع این سه تا چقدر میشه؟",
)

N(
    f"{OCR} (airport departures board), id-ID",
    "KEBERANGKATAN / DEPARTURES\nGA 404   DENPASAR     07:35  GATE 5   BOARDING\nJT 610   SURABAYA     07:50  GATE 2   DELAYED 08:40\nQZ 7510  SINGAPORE    08:10  GATE 12  ON TIME\nID 6274  MEDAN        08:25  GATE 7   ON TIME\n\npesawat ke Surabaya jadi berangkat jam berapa?",
)

N(
    f"{OCR} (newspaper league table), es-AR",
    "POSICIONES\n1. River   PJ 14  PTS 31\n2. Talleres  PJ 14  PTS 29\n3. Boca  PJ 14  PTS 27\n4. Racing  PJ 13  PTS 25\n\n¿cuántos puntos le saca River a Boca?",
)

N(
    f"{OCR} (weather printout), fi-FI",
    "Sääennuste\nTi 14.5.  +12 °C  pilvistä, tuuli 5 m/s\nKe 15.5.  +15 °C  aurinkoista\nTo 16.5.  +9 °C  sadekuuroja 4 mm\n\nmikä päivä sopii parhaiten pyöräretkelle?",
)

N(
    f"{OCR} (boarding gate screen), en-CA",
    "AC 856  LONDON HEATHROW\nDeparture 21:05  Gate D47\nBoarding Zone 3 at 20:25\nStatus: ON TIME\n\nhow long is the flight usually?",
)

# --------------------------------------------------------------------------- forwarded e-mails with no personal data

N(
    f"{F} (shipping notice), en-US",
    f"-----Original Message-----\nFrom: Shipping Updates\nSent: Tuesday, May 14, 2024 9:12 AM\nSubject: Your package is on the way\n\nOrder #{rd(3)}-{rs(DG, 7)}\nCarrier: UPS\nTracking number: 1Z{rs(UP + DG, 6)}03{rs(DG, 8)}\nEstimated delivery: Thursday, May 16 by end of day\n\n---\nwhat does 'label created' mean, it's been 2 days",
)

N(
    f"{F} (newsletter), de-DE",
    "-------- Weitergeleitete Nachricht --------\nVon: Stadtbibliothek Newsletter\nBetreff: Programm im Mai\n\n· 14.05., 16:00 Uhr – Vorlesestunde für Kinder ab 4\n· 18.05., 10:00 Uhr – Reparatur-Café im Foyer\n· 23.05., 19:30 Uhr – Lesung „Sommer am See“\nEintritt frei, Anmeldung nicht erforderlich.\n\nwelche Termine passen an einem Samstag?",
)

N(
    f"{F} (schedule change), es-ES",
    "---------- Mensaje reenviado ---------\nDe: Aerolínea - Avisos\nAsunto: Cambio de horario en tu vuelo\n\nVuelo IB 3166 Madrid (MAD) - Lisboa (LIS)\nSalida original: 07:05\nNueva salida: 08:35\nLlegada: 08:50 hora local\n\n¿me da tiempo a llegar a una reunión a las 10 en el centro?",
)

N(
    f"{F} (school newsletter), en-AU",
    "-----Original Message-----\nFrom: School Office\nSubject: Term 2 key dates\n\nTerm 2 begins Monday 15 April.\nCross country carnival: Friday 10 May, 9:30am.\nPupil-free day: Monday 3 June.\nTerm 2 ends Friday 28 June, 2:30pm dismissal.\n\n---\ncan you put these into a calendar list?",
)

N(
    f"{F} (conference agenda), fr-FR",
    "---------- Message transféré ---------\nObjet : Programme de la journée\n\n09h00 Accueil café\n09h30 Ouverture – salle Rhône\n10h15 Atelier 1 : IA et santé\n12h30 Déjeuner\n14h00 Table ronde\n17h00 Clôture\n\nje peux partir à 15h sans rater l'essentiel ?",
)

N(
    f"{F} (maintenance notice), it-IT",
    "---------- Messaggio inoltrato ---------\nOggetto: Manutenzione programmata\n\nSi comunica che sabato 18 maggio dalle 22:00 alle 02:00 i servizi di posta e VPN non saranno disponibili per aggiornamento dei server.\n\nStaff IT\n\ncosa devo fare prima di sabato?",
)

N(
    f"{F} (release notes), ja-JP",
    "---------- Forwarded message ---------\n件名: v4.12.0 リリースのお知らせ\n\n・検索の高速化(最大 35%)\n・CSV エクスポートの文字化けを修正\n・Python 3.8 のサポートを終了\n次回リリースは 6月下旬予定です。\n\nアップデートは必須ですか？",
)

N(
    f"{F} (SaaS invoice notice), nl-NL",
    "---------- Doorgestuurd bericht ---------\nOnderwerp: Je factuur is beschikbaar\n\nFactuurnummer: INV-2024-00412\nPeriode: 1 mei – 31 mei 2024\nBedrag: € 29,00 (incl. btw)\nDe betaling wordt automatisch afgeschreven.\n\nkan ik dit als zakelijke kosten opvoeren?",
)

N(
    f"{F} (concert tickets), pl-PL",
    "---------- Przekazana wiadomość ---------\nTemat: Twoje bilety\n\nKoncert: Orkiestra Filharmonii\nData: 24.05.2024, godz. 19:00\nSektor B, rząd 12, miejsca 14–15\nWejście: brama 3 od 17:30\n\nczy można wejść z plecakiem?",
)

N(
    f"{F} (product recall), ko-KR",
    "---------- 전달된 메일 ----------\n제목: 제품 리콜 안내\n\n대상 모델: HB-2200, HB-2210\n제조 기간: 2023년 3월 ~ 2023년 9월\n사유: 전원 어댑터 과열 가능성\n가까운 서비스센터에서 무상 교환 가능합니다.\n\n우리 집 모델이 해당되는지 어떻게 확인해?",
)

N(
    f"{F} (security advisory), en-GB",
    "-----Original Message-----\nFrom: Dependency alerts\nSubject: 1 high severity vulnerability\n\nPackage: requests (pip)\nAffected versions: < 2.32.0\nPatched version: 2.32.0\nAdvisory: CVE-2024-35195\n\n---\ndo I just bump the version in requirements.txt?",
)

N(
    f"{F} (delivery notice), zh-CN",
    f"---------- 转发的邮件 ----------\n主题: 您的快递已发出\n\n运单号: SF{rd(12)}\n预计送达: 5月16日 18:00 前\n配送方式: 标准快递\n\n这个快递现在到哪了？",
)

N(
    f"{F} (outage notice), ar-AE",
    "---------- رسالة معاد توجيهها ---------\nالموضوع: انقطاع مجدول للكهرباء\n\nسيتم فصل التيار الكهربائي يوم الخميس من الساعة ٩ صباحاً حتى ١ ظهراً لأعمال الصيانة.\n\nهل يؤثر ذلك على الثلاجة؟",
)

N(
    f"{F} (webinar invite), pt-BR",
    "---------- Mensagem encaminhada ---------\nAssunto: Webinar: planilhas para pequenos negócios\n\nData: 21/05/2024\nHorário: 19h (Brasília)\nDuração: 1h30\nO link de acesso será enviado 1 hora antes.\n\nque horas isso é em Lisboa?",
)

# --------------------------------------------------------------------------- exported chat logs with no personal data

N(
    f"{C} (WhatsApp), en-GB",
    "[14/05/2024, 18:02:11] Coach: training moved to 6:30 tomorrow, pitch 3\n[14/05/2024, 18:03:40] Coach: bring both kits, 7-a-side match after\n[14/05/2024, 18:05:02] Coach: subs are £4 this week",
)
N(
    f"{C} (WhatsApp), es-ES",
    "12/5/24, 13:14 - Mamá: para la paella: 400 g de arroz, 1 litro y medio de caldo, 8 gambas y una pizca de azafrán\n12/5/24, 13:15 - Mamá: fuego fuerte 10 minutos y luego 8 a fuego lento",
)
N(
    f"{C} (Telegram channel), ru-RU",
    "[12.05.2024 10:00:00] Админ: вебинар начнётся в 19:00 по Москве\n[12.05.2024 10:00:05] Админ: запись будет доступна 48 часов\n[12.05.2024 18:55:00] Админ: через 5 минут начинаем",
)
N(
    f"{C} (Slack export JSON), en-US",
    json.dumps(
        [
            {
                "type": "message",
                "subtype": "bot_message",
                "username": "ci-bot",
                "text": f"Build #{rd(4)} passed on main ({rs(HX, 7)}) in 6m 12s",
                "ts": "1715688000.000100",
            },
            {
                "type": "message",
                "subtype": "bot_message",
                "username": "ci-bot",
                "text": "Deployed v2.14.3 to staging",
                "ts": "1715688420.000200",
            },
        ],
        indent=2,
    ),
)
N(
    f"{C} (Discord), en-US",
    "[8:02 PM] raid-bot: Weekly reset in 2 days 4 hours\n[8:05 PM] raid-bot: Last run: 11/12 bosses, 1h 47m, 3 wipes\n[8:06 PM] raid-bot: Next raid Thursday 20:00 server time",
)
N(
    f"{C} (LINE), ja-JP",
    "2024/05/14(火)\n19:02\t幹事\t金曜の飲み会は19時から、駅前の居酒屋で予約しました\n19:03\t幹事\t会費は一人4,000円です\n19:05\t幹事\t20名で予約済み",
)
N(
    f"{C} (KakaoTalk), ko-KR",
    "2024년 5월 14일 오후 7:02, 팀장 : 내일 회의 10시로 변경\n2024년 5월 14일 오후 7:03, 팀장 : 3층 대회의실\n2024년 5월 14일 오후 7:05, 팀장 : 발표는 15분씩",
)
N(
    f"{C} (WeChat), zh-CN",
    "2024-05-14 19:02 群主\n周六团建 早上9点集合 地铁2号线出口\n2024-05-14 19:05 群主\n每人AA 120元 含午饭",
)
N(
    f"{C} (WhatsApp), hi-IN",
    "[14/05/24, 7:02 PM] Cricket Group Admin: India 287/6 in 50 overs, Kohli 112 off 118\n[14/05/24, 7:05 PM] Cricket Group Admin: target 288, required run rate 5.76",
)
N(
    f"{C} (Messenger), fil-PH",
    "[5/14/24, 7:02 PM] Team Captain: game natin sabado 4pm, court 2\n[5/14/24, 7:03 PM] Team Captain: score last week 78-71 panalo tayo",
)
N(
    f"{C} (WhatsApp), sw-KE",
    "[14/05/2024, 19:02] Mwenyekiti: harambee ya shule imefikia shilingi 245,000\n[14/05/2024, 19:03] Mwenyekiti: lengo ni 400,000 kufikia mwisho wa mwezi",
)
N(
    f"{C} (WhatsApp), pt-BR",
    "[14/05/2024 19:02:11] Churras do Sábado: lista: 3 kg de picanha, 2 kg de linguiça, 30 pães, 2 sacos de carvão\n[14/05/2024 19:03:40] Churras do Sábado: R$ 45 por pessoa",
)
N(
    f"{C} (WhatsApp), de-DE",
    "[14.05.24, 19:02:10] Kita Sonnenschein: Die Kita bleibt am 31.05. (Brückentag) geschlossen.\n[14.05.24, 19:03:00] Kita Sonnenschein: Sommerschließzeit: 29.07. bis 16.08.",
)
N(
    f"{C} (WhatsApp), it-IT",
    "[14/05/24, 19:02:10] Amministratore: assemblea condominiale giovedì 23 alle 21:00 nell'androne\n[14/05/24, 19:03:00] Amministratore: ordine del giorno: rifacimento facciata, preventivo 48.500 €",
)
N(
    f"{C} (Teams export), cs-CZ",
    "[09:14] Scrum Master: sprint 42 začíná dnes, kapacita 38 story pointů\n[09:15] Scrum Master: review ve čtvrtek ve 14:00, retro v pátek v 10:00",
)
N(
    f"{C} (Signal), nl-NL",
    "[14-05-2024 19:02] Spelletjesavond: vrijdag om 20:00, we spelen Catan en Ticket to Ride\n[14-05-2024 19:03] Spelletjesavond: neem zelf drinken mee",
)
N(
    f"{C} (WhatsApp), tr-TR",
    "[14.03.2024 19:02] Cami Derneği: bugün iftar saati 19:21, sahur 04:48\n[14.03.2024 19:03] Cami Derneği: teravih namazı 20:45'te",
)
N(
    f"{C} (Messenger), pl-PL",
    "[14.05.2024 19:02] Babcia: pierogi: 500 g mąki, 1 jajko, 250 ml ciepłej wody, szczypta soli\n[14.05.2024 19:03] Babcia: gotować 3 minuty od wypłynięcia",
)
N(
    f"{C} (Telegram), uk-UA",
    "[14.05.2024 19:02] Координатор: зміни волонтерів: 08:00–12:00, 12:00–16:00, 16:00–20:00\n[14.05.2024 19:03] Координатор: потрібно ще 6 людей на суботу",
)
N(
    f"{C} (Slack thread export), en-US",
    f"[10:02] oncall-bot: INC-{rd(4)} opened: p95 latency 2.4s on /api/search (threshold 800ms)\n[10:07] oncall-bot: request_id={uuid4()} trace_id={rs(HX, 32)}\n[10:31] oncall-bot: mitigated: rolled back to v3.8.1\n[10:45] oncall-bot: INC resolved, duration 43m",
)

# --------------------------------------------------------------------------- pasted CSV / JSON / YAML / config without secrets

N(
    f"{D} (product CSV), de-DE",
    "sku;ean;bezeichnung;preis_eur;bestand\n"
    + "\n".join(
        f"{sku};{ean13('40')};{name};{price};{R.randint(0, 140)}"
        for sku, name, price in [
            (f"ZB-{rd(4)}", "Zahnbürste weich", "2,49"),
            (f"SH-{rd(4)}", "Shampoo 300 ml", "3,95"),
            (f"HC-{rd(4)}", "Handcreme 75 ml", "4,29"),
        ]
    )
    + "\n\nwie sortiere ich das in Excel nach Bestand?",
)

N(
    f"{D} (sales CSV), en-US",
    "region,q1,q2,q3,q4\nNortheast,1204500,1311020,1289930,1502210\nSoutheast,982340,1010200,1054870,1198400\nMidwest,870120,902330,915600,1003450\nWest,1502300,1620010,1598800,1811900\n\nwhich region grew the most from q1 to q4?",
)

N(
    f"{D} (package.json), en-GB",
    json.dumps(
        {
            "name": "recipe-box",
            "version": "1.4.2",
            "private": True,
            "scripts": {"dev": "vite", "build": "vite build", "test": "vitest run"},
            "dependencies": {"react": "^18.3.1", "react-dom": "^18.3.1"},
            "devDependencies": {"vite": "^5.2.11", "vitest": "^1.6.0"},
        },
        indent=2,
    )
    + "\n\nwhy does npm run test say vitest not found?",
)

N(
    f"{D} (docker-compose with env references), nl-NL",
    'services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_USER: ${POSTGRES_USER}\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}\n      POSTGRES_DB: app\n  web:\n    build: .\n    env_file: .env\n    ports:\n      - "8000:8000"\n\nis het veilig zo, met de variabelen uit .env?',
)

N(
    f"{D} (GitHub Actions YAML), en-US",
    "name: publish\non:\n  release:\n    types: [published]\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/setup-node@v4\n        with:\n          node-version: 20\n          registry-url: https://registry.npmjs.org\n      - run: npm ci\n      - run: npm publish --provenance\n        env:\n          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}\n\ndoes --provenance need extra permissions?",
)

N(
    f"{D} (Kubernetes manifest), de-DE",
    f"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: shop-frontend\n  uid: {uuid4()}\nspec:\n  replicas: 3\n  template:\n    spec:\n      containers:\n        - name: web\n          image: nginx@sha256:{rs(HX, 64)}\n          ports:\n            - containerPort: 80\n          resources:\n            limits:\n              memory: 256Mi\n              cpu: 500m\n\nWarum startet nur ein Pod?",
)

N(
    f"{D} (weather API JSON), fr-FR",
    json.dumps(
        {
            "city": "Lyon",
            "lat": 45.764,
            "lon": 4.8357,
            "current": {"temp_c": 18.4, "humidity": 62, "wind_kph": 14.0},
            "forecast": [
                {"date": "2024-05-15", "max": 21.0, "min": 11.2},
                {"date": "2024-05-16", "max": 17.5, "min": 10.1},
            ],
        },
        indent=2,
    )
    + "\n\nexplique-moi ce JSON",
)

N(
    f"{D} (OpenAPI snippet), en-IN",
    "components:\n  securitySchemes:\n    ApiKeyAuth:\n      type: apiKey\n      in: header\n      name: X-API-Key\n    BearerAuth:\n      type: http\n      scheme: bearer\n      bearerFormat: JWT\nsecurity:\n  - ApiKeyAuth: []\n\nhow do I make one endpoint public in this spec?",
)

N(
    f"{D} (i18n JSON), es-MX",
    json.dumps(
        {
            "login.title": "Iniciar sesión",
            "login.password": "Contraseña",
            "login.forgot": "¿Olvidaste tu contraseña?",
            "otp.prompt": "Ingresa el código de 6 dígitos que te enviamos",
            "pin.rules": "El NIP debe tener 4 dígitos",
        },
        indent=2,
        ensure_ascii=False,
    )
    + "\n\n¿suena natural para México?",
)

N(
    f"{D} (.env.example), en-US",
    "# copy to .env and fill in\nOPENAI_API_KEY=<your-openai-api-key>\nDATABASE_URL=postgresql://USER:PASSWORD@HOST:5432/DBNAME\nSTRIPE_SECRET_KEY=sk_live_...\nADMIN_PASSWORD=changeme\nSLACK_WEBHOOK_URL=\n\nwhich of these are required to run locally?",
)

N(
    f"{D} (pyproject.toml), pt-PT",
    '[project]\nname = "faturas"\nversion = "0.3.1"\nrequires-python = ">=3.11"\ndependencies = [\n  "httpx>=0.27",\n  "pydantic>=2.7",\n]\n\n[tool.pytest.ini_options]\naddopts = "-q"\n\nporque é que o pip diz que a versão do python não é compatível?',
)

N(
    f"{D} (Terraform variables), en-AU",
    'variable "db_password" {\n  description = "Master password for the RDS instance"\n  type        = string\n  sensitive   = true\n}\n\nvariable "instance_class" {\n  type    = string\n  default = "db.t3.micro"\n}\n\nhow do I pass db_password without putting it in a file?',
)

N(
    f"{D} (recipe JSON), ja-JP",
    json.dumps(
        {
            "name": "肉じゃが",
            "servings": 4,
            "ingredients": [
                {"item": "じゃがいも", "qty": "3個"},
                {"item": "牛肉", "qty": "200g"},
                {"item": "玉ねぎ", "qty": "1個"},
                {"item": "醤油", "qty": "大さじ3"},
            ],
            "minutes": 35,
        },
        indent=2,
        ensure_ascii=False,
    )
    + "\n\n2人分に直して",
)

N(
    f"{D} (Ansible vars), sv-SE",
    'db_user: appuser\ndb_password: "{{ vault_db_password }}"\nbackup_hour: 3\nretention_days: 14\n\nhur krypterar jag vault-filen?',
)

N(
    f"{D} (GeoJSON of a public park), fr-FR",
    json.dumps(
        {
            "type": "Feature",
            "properties": {"nom": "Parc de la Tête d'Or", "superficie_ha": 117},
            "geometry": {"type": "Point", "coordinates": [4.8516, 45.7772]},
        },
        indent=2,
        ensure_ascii=False,
    )
    + "\n\ncomment l'afficher sur une carte Leaflet ?",
)

N(
    f"{D} (package-lock excerpt), en-GB",
    json.dumps(
        {
            "node_modules/lodash": {
                "version": "4.17.21",
                "resolved": "https://registry.npmjs.org/lodash/-/lodash-4.17.21.tgz",
                "integrity": "sha512-" + b64(bytes(R.randrange(256) for _ in range(64))),
                "license": "MIT",
            }
        },
        indent=2,
    )
    + "\n\nwhat is the integrity field for?",
)

N(
    f"{D} (requirements with hashes), de-DE",
    f"requests==2.32.3 \\\n    --hash=sha256:{rs(HX, 64)}\ncertifi==2024.2.2 \\\n    --hash=sha256:{rs(HX, 64)}\n\npip meckert 'THESE PACKAGES DO NOT MATCH THE HASHES', was heißt das?",
)

N(
    f"{D} (public holidays JSON), ko-KR",
    json.dumps(
        [
            {"date": "2024-05-05", "name": "어린이날"},
            {"date": "2024-05-06", "name": "대체공휴일"},
            {"date": "2024-05-15", "name": "부처님오신날"},
        ],
        indent=2,
        ensure_ascii=False,
    )
    + "\n\n5월에 쉬는 날 며칠이야?",
)

N(
    f"{D} (Python config), en-NG",
    'import os\n\nPAYSTACK_SECRET_KEY = os.environ["PAYSTACK_SECRET_KEY"]\nDEBUG = os.getenv("DEBUG", "false") == "true"\nALLOWED_HOSTS = ["localhost", "127.0.0.1"]\n\nis reading the key like this safe for production?',
)

# --------------------------------------------------------------------------- terminal output without secrets

N(
    "terminal output, en-US",
    "$ pip install -r requirements.txt\nCollecting fastapi==0.111.0\n  Downloading fastapi-0.111.0-py3-none-any.whl (91 kB)\nCollecting uvicorn==0.29.0\n  Downloading uvicorn-0.29.0-py3-none-any.whl (60 kB)\nInstalling collected packages: uvicorn, fastapi\nSuccessfully installed fastapi-0.111.0 uvicorn-0.29.0\n\ndo I need a virtualenv for this?",
)
N(
    "terminal output, pt-BR",
    "$ npm install\nnpm WARN deprecated inflight@1.0.6: This module is not supported, and leaks memory.\nnpm WARN deprecated glob@7.2.3: Glob versions prior to v9 are no longer supported\n\nadded 312 packages, and audited 313 packages in 14s\n\n42 packages are looking for funding\n  run `npm fund` for details\n\n2 moderate severity vulnerabilities\n\nesses avisos são graves?",
)
N(
    "terminal output, de-DE",
    "$ pytest -q\n..........F....\n================================= FAILURES =================================\n___________________________ test_rabatt_berechnung ___________________________\n    def test_rabatt_berechnung():\n>       assert rabatt(100, 0.15) == 85\nE       assert 85.00000000000001 == 85\ntests/test_preise.py:12: AssertionError\n1 failed, 14 passed in 0.42s\n\nwie vergleiche ich Floats richtig?",
)
N(
    "terminal output, en-GB",
    f"$ git log --oneline -5\n{rs(HX, 7)} (HEAD -> main, origin/main) Fix date parsing for DST change\n{rs(HX, 7)} Bump version to 2.3.1\n{rs(HX, 7)} Add CSV export\n{rs(HX, 7)} Merge pull request #118 from feature/export\n{rs(HX, 7)} Update README\n\nhow do I undo the last commit but keep the changes?",
)
N(
    "terminal output, es-ES",
    f"$ git log --format='%H %s' -3\n{rs(HX, 40)} Corrige cálculo del IVA\n{rs(HX, 40)} Añade tests de facturas\n{rs(HX, 40)} Versión 1.8.0\n\n¿cómo hago cherry-pick del segundo commit a otra rama?",
)
N(
    "terminal output, fr-FR",
    f'$ docker ps\nCONTAINER ID   IMAGE            COMMAND                  CREATED        STATUS        PORTS                    NAMES\n{rs(HX, 12)}   nginx:1.25       "/docker-entrypoint.…"   2 hours ago    Up 2 hours    0.0.0.0:8080->80/tcp     web\n{rs(HX, 12)}   postgres:16      "docker-entrypoint.s…"   2 hours ago    Up 2 hours    5432/tcp                 db\n\ncomment je vois les logs du conteneur web ?',
)
N(
    "terminal output, ja-JP",
    f"$ docker images --digests\nREPOSITORY   TAG       DIGEST                                                                    IMAGE ID       SIZE\npython       3.12-slim sha256:{rs(HX, 64)}   {rs(HX, 12)}   130MB\nnode         20-alpine sha256:{rs(HX, 64)}   {rs(HX, 12)}   135MB\n\n古いイメージを一括削除するには？",
)
N(
    "terminal output, sv-SE",
    "$ df -h\nFilesystem      Size  Used Avail Use% Mounted on\n/dev/nvme0n1p2  468G  401G   44G  91% /\n/dev/nvme0n1p1  511M  6.1M  505M   2% /boot/efi\ntmpfs           7.8G  2.1M  7.8G   1% /dev/shm\n\nvad tar upp så mycket plats?",
)
N(
    "terminal output, en-AU",
    "$ ping -c 3 8.8.8.8\nPING 8.8.8.8 (8.8.8.8): 56 data bytes\n64 bytes from 8.8.8.8: icmp_seq=0 ttl=117 time=14.2 ms\n64 bytes from 8.8.8.8: icmp_seq=1 ttl=117 time=13.9 ms\n64 bytes from 8.8.8.8: icmp_seq=2 ttl=117 time=15.1 ms\n--- 8.8.8.8 ping statistics ---\n3 packets transmitted, 3 packets received, 0.0% packet loss\n\nso the internet works but websites don't load, DNS?",
)
N(
    "terminal output, nl-NL",
    "$ dig +short one.one.one.one\n1.1.1.1\n1.0.0.1\n$ dig +short A python.org @1.1.1.1\n151.101.0.223\n151.101.64.223\n\nwaarom krijg ik twee adressen terug?",
)
N(
    "terminal output, ko-KR",
    "$ uname -a\nLinux build-runner 6.5.0-35-generic #35~22.04.1-Ubuntu SMP PREEMPT_DYNAMIC x86_64 x86_64 x86_64 GNU/Linux\n$ lsb_release -d\nDescription:\tUbuntu 22.04.4 LTS\n\n24.04로 업그레이드해도 될까?",
)
N(
    "terminal output, it-IT",
    f"$ kubectl get pods -n shop\nNAME                        READY   STATUS             RESTARTS      AGE\napi-{rs(LO + DG, 10)}-{rs(LO + DG, 5)}   1/1     Running            0             3d\napi-{rs(LO + DG, 10)}-{rs(LO + DG, 5)}   0/1     CrashLoopBackOff   12 (2m ago)   41m\nworker-{rs(LO + DG, 10)}-{rs(LO + DG, 5)} 1/1     Running            1             3d\n\ncome capisco perché crasha?",
)
N(
    "terminal output, ro-RO",
    "$ systemctl status nginx\n● nginx.service - A high performance web server and a reverse proxy server\n     Loaded: loaded (/lib/systemd/system/nginx.service; enabled; vendor preset: enabled)\n     Active: failed (Result: exit-code) since Tue 2024-05-14 09:12:03 UTC; 5min ago\n    Process: 1423 ExecStartPre=/usr/sbin/nginx -t -q -g daemon on; master_process on; (code=exited, status=1/FAILURE)\n\nce înseamnă asta?",
)
N(
    "terminal output, zh-TW",
    '$ cargo build\n   Compiling hello v0.1.0 (/work/hello)\nerror[E0382]: borrow of moved value: `s`\n --> src/main.rs:5:20\n  |\n3 |     let s = String::from("hi");\n4 |     let t = s;\n  |             - value moved here\n5 |     println!("{}", s);\n  |                    ^ value borrowed here after move\n\n這個錯誤怎麼修？',
)
N(
    "terminal output, en-CA",
    f"$ sha256sum ubuntu-24.04-desktop-amd64.iso\n{rs(HX, 64)}  ubuntu-24.04-desktop-amd64.iso\n\nhow do I compare this with the SHA256SUMS file?",
)
N(
    "terminal output, id-ID",
    "$ nvidia-smi --query-gpu=name,memory.used,memory.total,utilization.gpu --format=csv\nname, memory.used [MiB], memory.total [MiB], utilization.gpu [%]\nNVIDIA GeForce RTX 3060, 10452 MiB, 12288 MiB, 97 %\n\nkenapa memorinya hampir penuh padahal batch size cuma 8?",
)
N(
    "terminal output, en-IE",
    '$ curl -s https://api.github.com/repos/python/cpython | jq \'{stars: .stargazers_count, forks: .forks_count, lang: .language}\'\n{\n  "stars": 61234,\n  "forks": 29512,\n  "lang": "Python"\n}\n\nis there a rate limit on this without a token?',
)
N(
    "terminal output, cs-CZ",
    'Traceback (most recent call last):\n  File "/app/main.py", line 42, in <module>\n    total = sum(int(x) for x in radky)\n  File "/app/main.py", line 42, in <genexpr>\n    total = sum(int(x) for x in radky)\nValueError: invalid literal for int() with base 10: \'12,5\'\n\njak převést čísla s desetinnou čárkou?',
)
N(
    "terminal output, en-ZA",
    f'$ ssh-keygen -t ed25519 -C "ci-deploy" -f ./deploy_key -N ""\nGenerating public/private ed25519 key pair.\nYour identification has been saved in ./deploy_key\nYour public key has been saved in ./deploy_key.pub\nThe key fingerprint is:\nSHA256:{rs(B64, 43)} ci-deploy\n\nwhich of the two files do I add to GitHub as a deploy key?',
)
N(
    "terminal output, fi-FI",
    f"$ cat deploy_key.pub\nssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI{rs(B64, 43)} ci-deploy\n\nlaitanko tämän GitHubin Deploy keys -kohtaan?",
)
N(
    "terminal output, tr-TR",
    "$ env | grep -v -i key\nLANG=tr_TR.UTF-8\nSHELL=/bin/bash\nPATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin\nPWD=/srv/app\nTZ=Europe/Istanbul\nNODE_ENV=production\n\nsaat dilimi doğru mu ayarlı?",
)
N(
    "terminal output, fa-IR",
    '$ python -m timeit "sum(range(10**6))"\n20 loops, best of 5: 14.2 msec per loop\n$ python -c "print(2**32, 2**64)"\n4294967296 18446744073709551616\n\nچرا پایتون اعداد بزرگ رو بدون خطا حساب می‌کنه؟',
)

# --------------------------------------------------------------------------- documentation placeholders and lookalikes

N(
    "pasted README snippet, en-US",
    "## Quick start\n\n```bash\nexport OPENAI_API_KEY=<YOUR_API_KEY>\nexport ANTHROPIC_API_KEY=sk-ant-...\npython -m app --model gpt-4o-mini\n```\n\nReplace `<YOUR_API_KEY>` with the key from your dashboard. Never commit it.\n\nwhat does the -m flag do here?",
)
N(
    "pasted docs snippet, de-DE",
    "Standard-Anmeldedaten nach dem ersten Start:\nBenutzer: admin\nPasswort: changeme\nBitte das Passwort sofort unter Einstellungen → Sicherheit ändern.\n\nwie ändere ich das per Kommandozeile?",
)
N(
    "pasted docs snippet, en-GB",
    "Access keys look like this (masked):\nAccess key ID: AKIA****************\nSecret access key: ****************************************\nRotate them every 90 days.\n\nwhy does AWS show only the last 4 characters later?",
)
N(
    "question about formats, es-ES",
    "Un JWT tiene tres partes separadas por puntos: xxxxx.yyyyy.zzzzz — la cabecera, el payload y la firma, cada una en base64url.\n\n¿la firma se puede descifrar?",
)
N(
    "question about formats, en-IN",
    "A German IBAN has 22 characters: DEkk bbbb bbbb cccc cccc cc, where kk are the check digits computed with mod 97.\n\nhow do the check digits work exactly?",
)
N(
    "pasted UI mock text, fr-FR",
    "Numéro de carte  •••• •••• •••• ••••\nDate d'expiration  MM/AA\nCryptogramme  •••\n[ Payer 49,00 € ]\n\ncomment rendre ce formulaire accessible ?",
)
N(
    "pasted regex question, en-US",
    "this is my email validation regex, is it too strict?\n\n^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$",
)
N(
    "pasted docs snippet, pt-BR",
    "Para configurar o webhook, cole a URL no formato https://hooks.slack.com/services/XXXX/YYYY/ZZZZ no campo Webhook e clique em Salvar.\n\nonde eu crio essa URL no Slack?",
)
N(
    "pasted public key, en-US",
    f"this is the public key from our vendor for verifying webhooks, where do I put it?\n\n-----BEGIN PUBLIC KEY-----\n{pem_body('MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA', 392)}\n-----END PUBLIC KEY-----",
)
N(
    "pasted form help text, ko-KR",
    "휴대폰 번호는 010-XXXX-XXXX 형식으로 입력하세요.\n인증번호 6자리를 3분 안에 입력해야 합니다.\n\n이 안내 문구 좀 더 친절하게 바꿔줘",
)
N(
    "pasted UI strings, ja-JP",
    "「6桁の認証コードを入力してください」\n「パスワードは8文字以上で、英数字を含めてください」\n「暗証番号を3回間違えるとロックされます」\n\nもっと自然な英語に訳して",
)
N(
    "question, en-GB",
    "I forgot my Windows 11 password and I'm locked out of the laptop, it's a local account not a Microsoft one. What are my options?",
)
N(
    "question, pl-PL",
    "Bank prosi o podanie kodu z SMS-a przy każdym przelewie, ale SMS przychodzi po 5 minutach. Czy mogę to jakoś przyspieszyć?",
)
N(
    "question, it-IT",
    "Qual è la differenza tra codice fiscale e partita IVA? Sto aprendo un'attività e non capisco quale mi serve.",
)
N("question, ar-EG", "إزاي أعمل باسورد قوي وسهل أفتكره؟ عايز طريقة مش مثال جاهز")
N(
    "question, sw-KE",
    "Je, ni salama kutuma namba ya siri ya M-Pesa kwa mtu anayejidai ni wakala wa Safaricom?",
)

# --------------------------------------------------------------------------- numbers that look sensitive but are public or meaningless

N(
    "pasted reference list, en-US",
    f"sources for my essay:\n1. Orwell, G. Nineteen Eighty-Four. ISBN {isbn13('0')}\n2. doi:10.1038/nature14539\n3. arXiv:1706.03762\n\nare these formatted correctly in APA?",
)
N(
    "question, fr-FR",
    "Les coordonnées de la tour Eiffel sont 48.8584° N, 2.2945° E. Combien de kilomètres jusqu'à Notre-Dame (48.8530° N, 2.3499° E) ?",
)
N(
    "question, nl-NL",
    "Het Rijksmuseum ligt aan de Museumstraat 1 in Amsterdam. Hoe lang lopen is dat vanaf Amsterdam Centraal?",
)
N("math question, en-US", "is 4294967291 prime? and what about 2^31 - 1 = 2147483647?")
N("math question, de-DE", "Berechne 12345679 × 9 und 12345679 × 18. Gibt es ein Muster?")
N("math question, pt-PT", "quanto é 3,14159265358979 × 12,5²? arredonda a duas casas decimais")
N(
    "question, en-AU",
    "What's the number for emergency services in Australia, is it 000 or 112 from a mobile?",
)
N("question, es-MX", "¿Cuál es la diferencia entre llamar al 911 y al 089 en México?")
N("question, ja-JP", "日本では救急車は119、警察は110ですよね？ 海外から来た友達に説明したいです")
N(
    "pasted tracking list, en-GB",
    f"three parcels, which one is late?\n\nRoyal Mail  {rs(UP, 2)}{rd(9)}GB  posted 10 May\nDHL  JJD{rd(18)}  posted 11 May\nUSPS  9400 {rs(DG, 4)} {rs(DG, 4)} {rs(DG, 4)} {rs(DG, 4)} {rs(DG, 2)}  posted 9 May",
)
N(
    "pasted invoice line, de-DE",
    f"Rechnung RE-2024-{rd(5)} vom 14.05.2024, Kundennummer {rd(7)}, fällig am 28.05.2024, Betrag 1.249,00 €\n\nwie formuliere ich eine höfliche Zahlungserinnerung?",
)
N(
    "pasted version info, en-US",
    "Version 17.4.1 (Build 21E236)\nKernel 23.4.0\nFirmware 10151.101.3\n\nis this the latest macOS?",
)
N(
    "pasted flight details, it-IT",
    "Volo AZ 1780  Roma FCO → Torino TRN\n14 mag 2024, 07:10 – 08:25\nTerminal 1, gate B12, posto 14C\n\nquanto prima devo arrivare in aeroporto?",
)
N(
    "pasted score sheet, en-US",
    "Final: Lakers 118, Celtics 112 (OT). James 34 pts 11 reb 9 ast, Tatum 31 pts. Series tied 2-2, Game 5 Tuesday 8:30 ET.\n\nsummarize this for a tweet",
)
N(
    "pasted hotel info, th-TH",
    "เช็คอิน 14:00 น. เช็คเอาท์ 12:00 น.\nห้อง 1207 ชั้น 12\nอาหารเช้า 06:30–10:30 ชั้น 2\n\nถ้าจะฝากกระเป๋าหลังเช็คเอาท์ได้ไหม",
)
N(
    "pasted ID-card rules, en-IN",
    "An Aadhaar number has 12 digits and never starts with 0 or 1; the last digit is a Verhoeff check digit. A PAN has the format AAAAA9999A.\n\nhow does the Verhoeff algorithm work?",
)
N(
    "pasted product spec, zh-CN",
    "型号: KX-550\n额定电压: 220V~ 50Hz\n额定功率: 1200W\n容量: 5L\n产地: 中国 广东\n\n这个电饭煲适合几口人用？",
)
N(
    "pasted code snippet, en-US",
    "def luhn_ok(number: str) -> bool:\n    digits = [int(d) for d in number][::-1]\n    total = sum(digits[0::2]) + sum(sum(divmod(2 * d, 10)) for d in digits[1::2])\n    return total % 10 == 0\n\nis there a bug in this?",
)
N(
    "pasted SQL, ru-RU",
    "SELECT region, COUNT(*) AS orders, SUM(total) AS revenue\nFROM orders\nWHERE created_at >= '2024-01-01'\nGROUP BY region\nORDER BY revenue DESC\nLIMIT 10;\n\nкак добавить средний чек?",
)
N(
    "pasted UUID question, en-GB",
    f"our API returns ids like {uuid4()} for public blog posts, is it fine to expose these in URLs?",
)
N(
    "pasted AMI list, en-US",
    f"which of these is the newest Ubuntu image?\n\nami-0{rs(HX, 16)}  ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-20240411\nami-0{rs(HX, 16)}  ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20240423",
)
N(
    "pasted spelling list, en-CA",
    "spelling words for this week: anchor, balcony, cactus, canyon, cushion, bridge, almost, another, brother, crystal, custom, bubble\n\ncan you make a word search with these?",
)
N(
    "pasted poem, sv-SE",
    "Tolv ord om våren: knopp, regn, ljus, fågel, gräs, vind, sol, bäck, blomma, moln, dagg, värme\n\nkan du skriva en dikt med alla tolv?",
)
N(
    "pasted color palette, en-US",
    "palette: #1E3A8A #3B82F6 #93C5FD #F59E0B #111827\n\nis there enough contrast for body text on #93C5FD?",
)
N(
    "pasted chess game, ru-RU",
    "1. e4 e5 2. Nf3 Nc6 3. Bb5 a6 4. Ba4 Nf6 5. O-O Be7 6. Re1 b5 7. Bb3 d6 8. c3 O-O\n\nкак называется этот дебют?",
)
N(
    "pasted HTTP log, en-US",
    '127.0.0.1 - - [14/May/2024:10:12:44 +0000] "GET /health HTTP/1.1" 200 2 "-" "kube-probe/1.29"\n127.0.0.1 - - [14/May/2024:10:12:54 +0000] "GET /health HTTP/1.1" 200 2 "-" "kube-probe/1.29"\n\nhow do I stop health checks from flooding the logs?',
)
N(
    "pasted timetable, id-ID",
    "KRL Bogor → Jakarta Kota\n05:12 05:24 05:36 05:48 06:00\nWaktu tempuh ± 1 jam 25 menit\n\nkalau mau sampai sebelum jam 7, naik yang jam berapa?",
)
N(
    "pasted measurements, tr-TR",
    "oda 1: 3,40 m x 4,20 m\noda 2: 3,10 m x 3,60 m\nsalon: 5,20 m x 4,80 m\n\ntoplam kaç metrekare?",
)
N(
    "pasted exam question, hi-IN",
    "प्रश्न: एक ट्रेन 72 किमी/घंटा की रफ्तार से 180 मीटर लंबे पुल को 15 सेकंड में पार करती है। ट्रेन की लंबाई बताइए।",
)
N(
    "pasted puzzle, he-IL",
    "חידה: מספר בן 6 ספרות, סכום הספרות 27, והספרה הראשונה גדולה פי 2 מהאחרונה. כמה פתרונות יש?",
)


# ===========================================================================
# checks and output
# ===========================================================================

EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\.[A-Za-z]{2,}")


def check_rows() -> None:
    texts = [r["text"] for r in ROWS]
    assert len(texts) == len(set(texts)), "duplicate texts"
    all_secrets = [s for r in ROWS for s in r["secrets"]]
    for r in ROWS:
        if r["category"] != "negative":
            continue
        assert not EMAIL_RE.search(r["text"]), r["text"][:80]
        for s in all_secrets:
            assert s not in r["text"], (s, r["text"][:80])
    for s in all_secrets:
        digits = s.replace(" ", "")
        assert not digits.startswith(KNOWN_TEST_PREFIXES), s


def main() -> None:
    check_rows()
    with OUT.open("w", encoding="utf-8", newline="\n") as fh:
        for row in ROWS:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {len(ROWS)} rows to {OUT.name}")
    print(Counter(r["category"] for r in ROWS))
    print(Counter(f"{r['category']}/{r['kind']}" for r in ROWS))


if __name__ == "__main__":
    main()
