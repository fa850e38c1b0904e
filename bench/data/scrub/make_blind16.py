# ruff: noqa: E501
"""Blind scrub corpus #16: life admin and paperwork with a persona assistant.

Written blind: the scrubber's source (``lifelong/``), its tests (``tests/``),
``docs/``, ``bench/scrub.py``, README/CHANGELOG files, any ``/tmp/probe*`` and
the other corpora in ``bench/data/scrub/`` were NOT opened, listed, grepped,
imported or run. The only file consulted was lines 1-70 of
``bench/data/scrub/make_blind5.py``, for the row format and the ``add`` helper.
Everything else comes from general knowledge of what people type or paste into
a chat assistant and of the public shapes of credentials and personal data.

Theme: people asking an assistant for help with their own life admin: travel
(bookings, visas, boarding passes, hotels), health (appointments,
prescriptions, insurance claims, lab results), money (transfers, loans, taxes,
crypto exchanges, payment apps), housing (rentals, utilities, moving),
government services (benefits, permits, vehicles, voting), family (school,
childcare, elderly parents) and devices/accounts (recovery, 2FA, routers,
smart home, app passwords), in about 30 languages and locales.

Deterministic: every random value comes from one seeded ``random.Random``, so
running ``python bench/data/scrub/make_blind16.py`` again writes the same
``blind16.jsonl`` (next to this script) byte for byte. Standard library only.
Check digits (Luhn, mod 97, mod 11, national schemes, MRZ, VIN) are computed
in code; no published test values, documented example keys, reserved example
domains or fictional phone ranges are used.

One JSON object per line::

    {"text": str, "category": "secret" | "pii" | "negative", "kind": str,
     "secrets": [str, ...], "context": str}

``secrets`` holds exact substrings of ``text`` (each at least 6 characters)
that must not survive scrubbing. Negatives have kind ``"negative"`` and an
empty list: nothing in them is secret or personal and they must come out
unchanged. Names of people may appear but are not listed; only identifiers are.
"""

from __future__ import annotations

import base64
import json
import random
import string
from collections import Counter
from pathlib import Path

R = random.Random(16_2026_1207)
OUT = Path(__file__).with_name("blind16.jsonl")

UP = string.ascii_uppercase
LO = string.ascii_lowercase
DG = string.digits
AN = UP + LO + DG
HX = "0123456789abcdef"
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


# ---------------------------------------------------------------- generators


def rs(n: int, alpha: str = AN) -> str:
    return "".join(R.choice(alpha) for _ in range(n))


def dg(n: int, first_nonzero: bool = True) -> str:
    s = "".join(R.choice(DG) for _ in range(n))
    if first_nonzero and s[0] == "0":
        s = R.choice("123456789") + s[1:]
    return s


def luhn_check(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def luhn_ok(s: str) -> bool:
    return luhn_check(s[:-1]) == s[-1]


def card(brand: str) -> str:
    if brand == "visa":
        body = "4" + dg(14, False)
        while body.startswith("4111") or body.startswith("4242") or body.startswith("4000"):
            body = "4" + dg(14, False)
        return body + luhn_check(body)
    if brand == "mc":
        body = "5" + R.choice("12345") + dg(13, False)
        return body + luhn_check(body)
    body = "3" + R.choice("47") + dg(12, False)
    return body + luhn_check(body)


def group(s: str, n: int = 4, sep: str = " ") -> str:
    return sep.join(s[i : i + n] for i in range(0, len(s), n))


def card_fmt(num: str) -> str:
    if len(num) == 15:
        return f"{num[:4]} {num[4:10]} {num[10:]}"
    return group(num)


def _iban_num(s: str) -> int:
    return int("".join(str(int(c, 36)) for c in s))


IBAN_SPEC = {
    "DE": lambda: dg(8) + dg(10, False),
    "FR": lambda: dg(5) + dg(5, False) + dg(11, False) + dg(2, False),
    "ES": lambda: dg(20),
    "IT": lambda: R.choice(UP) + dg(10) + dg(12, False),
    "NL": lambda: R.choice(["ABNA", "RABO", "INGB", "SNSB", "TRIO", "BUNQ"]) + dg(10, False),
    "PL": lambda: dg(24),
    "TR": lambda: dg(5) + "0" + dg(16, False),
    "RO": lambda: R.choice(["BTRL", "RNCB", "BRDE", "INGB"]) + rs(16, UP + DG),
    "CZ": lambda: R.choice(["0800", "0100", "0300", "2010", "5500"]) + dg(16, False),
    "GB": lambda: R.choice(["BARC", "LOYD", "HBUK", "NWBK", "MONZ"]) + dg(14),
    "PT": lambda: "00" + dg(19, False),
    "GR": lambda: "0" + dg(22, False),
    "UA": lambda: dg(6) + dg(19, False),
    "GE": lambda: R.choice(["TB", "BG"]) + dg(16, False),
    "IL": lambda: dg(19),
    "SA": lambda: dg(2) + dg(18, False),
    "AE": lambda: "0" + dg(18, False),
}


def iban(cc: str) -> str:
    bban = IBAN_SPEC[cc]()
    chk = 98 - _iban_num(bban + cc + "00") % 97
    out = f"{cc}{chk:02d}{bban}"
    assert _iban_num(out[4:] + out[:4]) % 97 == 1
    return out


def iban_fmt(cc: str) -> str:
    return group(iban(cc))


def dni_es() -> str:
    n = R.randint(10_000_000, 99_999_999)
    return f"{n}{'TRWAGMYFPDXBNJZSQVHLCKE'[n % 23]}"


def nie_es() -> str:
    p = R.choice("XYZ")
    n = R.randint(1_000_000, 9_999_999)
    return f"{p}{n}{'TRWAGMYFPDXBNJZSQVHLCKE'[int(str('XYZ'.index(p)) + str(n)) % 23]}"


def nir_fr() -> str:
    s = R.choice("12")
    yy = f"{R.randint(50, 99):02d}"
    mm = f"{R.randint(1, 12):02d}"
    dep = f"{R.choice([75, 69, 13, 33, 59, 31, 44, 67, 92, 93, 94]):02d}"
    com = f"{R.randint(1, 400):03d}"
    order = f"{R.randint(1, 999):03d}"
    base = s + yy + mm + dep + com + order
    key = 97 - int(base) % 97
    return f"{s} {yy} {mm} {dep} {com} {order} {key:02d}"


def bsn_nl() -> str:
    while True:
        d = [R.randint(0, 9) for _ in range(8)]
        if d[0] == 0:
            continue
        t = sum(x * w for x, w in zip(d, range(9, 1, -1), strict=False))
        c = t % 11
        if c < 10:
            return "".join(map(str, d)) + str(c)


def pesel() -> str:
    y = R.randint(1950, 2012)
    m = R.randint(1, 12) + (20 if y >= 2000 else 0)
    dd = R.randint(1, 28)
    body = f"{y % 100:02d}{m:02d}{dd:02d}{R.randint(0, 9999):04d}"
    w = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]
    c = (10 - sum(int(a) * b for a, b in zip(body, w, strict=False)) % 10) % 10
    return body + str(c)


def tckn() -> str:
    d = [R.randint(1, 9)] + [R.randint(0, 9) for _ in range(8)]
    d10 = ((d[0] + d[2] + d[4] + d[6] + d[8]) * 7 - (d[1] + d[3] + d[5] + d[7])) % 10
    d.append(d10)
    d.append(sum(d) % 10)
    return "".join(map(str, d))


_VD = [
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
_VP = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
    [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
    [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
    [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
    [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
    [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
    [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
]
_VINV = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9]


def aadhaar() -> str:
    body = R.choice("23456789") + dg(10, False)
    c = 0
    for i, ch in enumerate(reversed(body)):
        c = _VD[c][_VP[(i + 1) % 8][int(ch)]]
    full = body + str(_VINV[c])
    c = 0
    for i, ch in enumerate(reversed(full)):
        c = _VD[c][_VP[i % 8][int(ch)]]
    assert c == 0
    return f"{full[:4]} {full[4:8]} {full[8:]}"


def cpf() -> str:
    d = [R.randint(0, 9) for _ in range(9)]
    if len(set(d)) == 1:
        d[0] = (d[0] + 1) % 10
    for n in (10, 11):
        s = sum(x * w for x, w in zip(d, range(n, 1, -1), strict=False))
        r = (s * 10) % 11
        d.append(0 if r == 10 else r)
    s = "".join(map(str, d))
    return f"{s[:3]}.{s[3:6]}.{s[6:9]}-{s[9:]}"


def cnp_ro() -> str:
    s = R.choice("1256")
    yy = R.randint(50, 99) if s in "12" else R.randint(0, 6)
    body = f"{s}{yy:02d}{R.randint(1, 12):02d}{R.randint(1, 28):02d}{R.randint(1, 46):02d}{R.randint(1, 999):03d}"
    c = sum(int(a) * int(b) for a, b in zip(body, "279146358279", strict=False)) % 11
    return body + ("1" if c == 10 else str(c))


def rc_cz() -> str:
    while True:
        yy = R.randint(54, 99)
        mm = R.randint(1, 12) + R.choice([0, 50])
        base = f"{yy:02d}{mm:02d}{R.randint(1, 28):02d}{R.randint(0, 999):03d}"
        c = int(base) % 11
        if c < 10:
            return f"{base[:6]}/{base[6:]}{c}"


def rrn_kr() -> str:
    yy = R.randint(60, 99)
    body = f"{yy:02d}{R.randint(1, 12):02d}{R.randint(1, 28):02d}{R.choice('12')}{dg(5, False)}"
    w = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5]
    c = (11 - sum(int(a) * b for a, b in zip(body, w, strict=False)) % 11) % 10
    return f"{body[:6]}-{body[6:]}{c}"


def cn_id() -> str:
    area = R.choice(["110105", "310104", "440305", "510107", "330106", "420111", "320102"])
    body = f"{area}{R.randint(1965, 2004)}{R.randint(1, 12):02d}{R.randint(1, 28):02d}{R.randint(0, 999):03d}"
    w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return body + "10X98765432"[sum(int(a) * b for a, b in zip(body, w, strict=False)) % 11]


def my_number() -> str:
    body = dg(11, False)
    t = 0
    for n in range(1, 12):
        p = int(body[11 - n])
        q = n + 1 if n <= 6 else n - 5
        t += p * q
    r = t % 11
    c = 0 if r <= 1 else 11 - r
    s = body + str(c)
    return f"{s[:4]} {s[4:8]} {s[8:]}"


def il_id() -> str:
    body = dg(8)
    t = 0
    for i, ch in enumerate(body):
        v = int(ch) * (1 if i % 2 == 0 else 2)
        t += v - 9 if v > 9 else v
    return body + str((10 - t % 10) % 10)


def amka_gr() -> str:
    body = f"{R.randint(1, 28):02d}{R.randint(1, 12):02d}{R.randint(50, 99):02d}{dg(4, False)}"
    return body + luhn_check(body)


def rnokpp_ua() -> str:
    body = dg(9)
    w = [-1, 5, 7, 9, 4, 6, 10, 5, 7]
    return body + str((sum(int(a) * b for a, b in zip(body, w, strict=False)) % 11) % 10)


def inn_ru() -> str:
    d = [int(c) for c in dg(10)]
    w1 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8]
    d.append(sum(a * b for a, b in zip(d, w1, strict=False)) % 11 % 10)
    w2 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]
    d.append(sum(a * b for a, b in zip(d, w2, strict=False)) % 11 % 10)
    return "".join(map(str, d))


def snils_ru() -> str:
    body = dg(9)
    t = sum(int(c) * (9 - i) for i, c in enumerate(body))
    if t < 100:
        c = t
    elif t in (100, 101):
        c = 0
    else:
        c = t % 101
        if c == 100:
            c = 0
    return f"{body[:3]}-{body[3:6]}-{body[6:]} {c:02d}"


def thai_id() -> str:
    body = R.choice("12345") + dg(11, False)
    c = (11 - sum(int(x) * (13 - i) for i, x in enumerate(body)) % 11) % 10
    s = body + str(c)
    return f"{s[0]}-{s[1:5]}-{s[5:10]}-{s[10:12]}-{s[12]}"


def sin_ca() -> str:
    body = R.choice("1234567") + dg(7, False)
    s = body + luhn_check(body)
    return f"{s[:3]} {s[3:6]} {s[6:]}"


def tfn_au() -> str:
    w = [1, 4, 3, 7, 5, 8, 6, 9, 10]
    while True:
        s = dg(9)
        if sum(int(a) * b for a, b in zip(s, w, strict=False)) % 11 == 0:
            return f"{s[:3]} {s[3:6]} {s[6:]}"


def medicare_au() -> str:
    body = R.choice("23456") + dg(7, False)
    c = sum(int(a) * b for a, b in zip(body, [1, 3, 7, 9, 1, 3, 7, 9], strict=False)) % 10
    s = body + str(c) + str(R.randint(1, 5))
    return f"{s[:4]} {s[4:9]} {s[9]}"


def nhs_uk() -> str:
    while True:
        body = dg(9)
        c = 11 - sum(int(a) * b for a, b in zip(body, range(10, 1, -1), strict=False)) % 11
        if c == 11:
            c = 0
        if c != 10:
            s = body + str(c)
            return f"{s[:3]} {s[3:6]} {s[6:]}"


def ppsn_ie() -> str:
    body = dg(7, False)
    r = sum(int(a) * b for a, b in zip(body, range(8, 1, -1), strict=False)) % 23
    return body + "WABCDEFGHIJKLMNOPQRSTUV"[r]


def za_id() -> str:
    body = f"{R.randint(60, 99):02d}{R.randint(1, 12):02d}{R.randint(1, 28):02d}{R.randint(0, 9999):04d}08"
    return body + luhn_check(body)


def ssn_us() -> str:
    while True:
        a = R.randint(1, 899)
        if a != 666 and a not in (78, 219):
            break
    return f"{a:03d}-{R.randint(1, 99):02d}-{R.randint(1, 9999):04d}"


def nino_uk() -> str:
    first = "ABCEGHJKLMNOPRSTWXYZ"
    second = "ABCEGHJKLMNPRSTWXYZ"
    while True:
        p = R.choice(first) + R.choice(second)
        if p not in {"GB", "NK", "TN", "ZZ", "BG", "KN"}:
            break
    d = dg(6, False)
    return f"{p} {d[:2]} {d[2:4]} {d[4:]} {R.choice('ABCD')}"


def steuer_id_de() -> str:
    digits = list(range(10))
    R.shuffle(digits)
    ten = digits[:9]
    ten.insert(R.randint(1, 9), R.choice(ten))
    if ten[0] == 0:
        ten[0], ten[3] = ten[3], ten[0]
        if ten[0] == 0:
            ten[0] = 7
    prod = 10
    for d in ten:
        s = (d + prod) % 10 or 10
        prod = (s * 2) % 11
    c = 11 - prod
    if c == 10:
        c = 0
    s = "".join(map(str, ten)) + str(c)
    return f"{s[:2]} {s[2:5]} {s[5:8]} {s[8:]}"


def kvnr_de() -> str:
    letter = R.choice(UP)
    body = dg(8, False)
    digits = f"{ord(letter) - 64:02d}" + body
    t = 0
    for i, ch in enumerate(digits):
        v = int(ch) * (1 if i % 2 == 0 else 2)
        t += v // 10 + v % 10
    return letter + body + str(t % 10)


_CF_ODD = [
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
]


def cf_it() -> str:
    cons = "BCDFGLMNPRSTVZ"
    s = rs(3, cons) + rs(3, cons) + f"{R.randint(50, 99)}" + R.choice("ABCDEHLMPRST")
    day = R.randint(1, 28) + R.choice([0, 40])
    s += f"{day:02d}" + R.choice("ABCDEFGHLMF") + f"{R.randint(100, 999)}"
    t = 0
    for i, ch in enumerate(s):
        idx = int(ch) if ch.isdigit() else ord(ch) - 65
        t += _CF_ODD[idx] if i % 2 == 0 else idx
    return s + chr(65 + t % 26)


def nif_pt() -> str:
    body = R.choice("123") + dg(7, False)
    c = 11 - sum(int(a) * b for a, b in zip(body, range(9, 1, -1), strict=False)) % 11
    return body + str(0 if c >= 10 else c)


def melli_ir() -> str:
    while True:
        body = dg(9, False)
        if len(set(body)) > 1:
            break
    r = sum(int(c) * (10 - i) for i, c in enumerate(body)) % 11
    return body + str(r if r < 2 else 11 - r)


def emirates_id() -> str:
    body = f"784{R.randint(1970, 2003)}{dg(7, False)}"
    s = body + luhn_check(body)
    return f"{s[:3]}-{s[3:7]}-{s[7:14]}-{s[14]}"


def saudi_id() -> str:
    body = R.choice("12") + dg(8, False)
    return body + luhn_check(body)


def mrz_check(s: str) -> str:
    w = [7, 3, 1]
    t = 0
    for i, ch in enumerate(s):
        if ch.isdigit():
            v = int(ch)
        elif ch == "<":
            v = 0
        else:
            v = ord(ch) - 55
        t += v * w[i % 3]
    return str(t % 10)


def mrz(country: str, surname: str, given: str, sex: str) -> tuple[str, str, str]:
    num = R.choice(UP) + R.choice(UP) + dg(7, False)
    dob = f"{R.randint(60, 99):02d}{R.randint(1, 12):02d}{R.randint(1, 28):02d}"
    exp = f"{R.randint(27, 35):02d}{R.randint(1, 12):02d}{R.randint(1, 28):02d}"
    l1 = f"P<{country}{surname.upper()}<<{given.upper()}"
    l1 = (l1 + "<" * 44)[:44]
    pers = "<" * 14
    l2 = (
        num
        + mrz_check(num)
        + country
        + dob
        + mrz_check(dob)
        + sex
        + exp
        + mrz_check(exp)
        + pers
        + mrz_check(pers)
    )
    comp = l2[0:10] + l2[13:20] + l2[21:43]
    l2 = l2 + mrz_check(comp)
    assert len(l2) == 44
    return num, l1, l2


_VIN_T = {
    **{str(i): i for i in range(10)},
    **dict(zip("ABCDEFGH", range(1, 9), strict=False)),
    **dict(zip("JKLMN", range(1, 6), strict=False)),
    "P": 7,
    "R": 9,
    **dict(zip("STUVWXYZ", range(2, 10), strict=False)),
}
_VIN_W = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2]


def vin() -> str:
    al = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
    s = (
        R.choice(["1HG", "1FT", "2T1", "3VW", "5YJ", "JHM", "WVW", "WBA", "KMH", "VF1", "ZFA"])
        + rs(5, al)
        + "0"
        + R.choice("LMNPRS")
        + rs(1, al)
        + dg(6, False)
    )
    t = sum(_VIN_T[c] * w for c, w in zip(s, _VIN_W, strict=False))
    c = t % 11
    return s[:8] + ("X" if c == 10 else str(c)) + s[9:]


def pan_in() -> str:
    return rs(3, UP) + "P" + R.choice(UP) + dg(4, False) + R.choice(UP)


# ---------------------------------------------------------------- pools

FIRST = [
    "Mara",
    "Tomasz",
    "Aylin",
    "Joaquín",
    "Priya",
    "Kwame",
    "Ilse",
    "Dmytro",
    "Nikos",
    "Siosaia",
    "Leilani",
    "Farid",
    "Noa",
    "Yuki",
    "Minji",
    "Hoang",
    "Ayu",
    "Wanjiru",
    "Rosalinda",
    "Ioana",
    "Ondřej",
    "Beatriz",
    "Luca",
    "Sanne",
    "Ewa",
    "Fatma",
    "Oluwaseun",
    "Declan",
    "Harriet",
    "Brodie",
]
LAST = [
    "Okafor",
    "Lindqvist",
    "Brennan",
    "Castellanos",
    "Wiśniewska",
    "Demir",
    "Nguyen",
    "Hartmann",
    "Moreau",
    "Ferrante",
    "de Vries",
    "Papadopoulos",
    "Kovalenko",
    "Sato",
    "Park",
    "Santoso",
    "Mwangi",
    "dela Cruz",
    "Popescu",
    "Dvořák",
    "Carvalho",
    "Iyer",
    "Haddad",
    "Shapiro",
    "Tehrani",
    "Beridze",
    "Hakobyan",
    "Chowdhury",
    "Srisuk",
    "MacLeod",
]
MAIL_DOM = [
    "gmail.com",
    "outlook.com",
    "yahoo.com",
    "hotmail.co.uk",
    "icloud.com",
    "proton.me",
    "gmx.de",
    "web.de",
    "orange.fr",
    "libero.it",
    "wp.pl",
    "yandex.ru",
    "ukr.net",
    "naver.com",
    "qq.com",
    "163.com",
    "yahoo.co.jp",
    "seznam.cz",
    "ziggo.nl",
    "bigpond.com",
    "rediffmail.com",
    "terra.com.br",
    "mail.ru",
    "walla.co.il",
]


def email() -> str:
    f = (
        R.choice(FIRST)
        .lower()
        .replace("ř", "r")
        .replace("í", "i")
        .replace("ś", "s")
        .replace("ê", "e")
    )
    last = (
        R.choice(LAST)
        .lower()
        .replace(" ", "")
        .replace("ř", "r")
        .replace("á", "a")
        .replace("ś", "s")
        .replace("ń", "n")
    )
    f = f.encode("ascii", "ignore").decode()
    last = last.encode("ascii", "ignore").decode()
    style = R.randint(0, 4)
    if style == 0:
        local = f"{f}.{last}"
    elif style == 1:
        local = f"{f}{last[:3]}{R.randint(70, 99)}"
    elif style == 2:
        local = f"{f[0]}{last}{R.randint(1, 999)}"
    elif style == 3:
        local = f"{last}_{f}{R.randint(10, 99)}"
    else:
        local = f"{f}.{rs(4, LO)}{R.randint(1, 9)}"
    return f"{local}@{R.choice(MAIL_DOM)}"


def ph_us() -> str:
    while True:
        a, b = R.randint(201, 989), R.randint(201, 989)
        if (
            a % 100 != 11
            and b % 100 != 11
            and 555 not in (a, b)
            and a not in (800, 888, 877, 866, 855, 844, 833, 900)
        ):
            return f"({a}) {b}-{dg(4, False)}"


def ph_uk() -> str:
    while True:
        s = "7" + R.choice("45789") + dg(8, False)
        if not s.startswith("7700"):
            return f"07{s[1:4]} {s[4:]}" if R.random() < 0.5 else f"+44 {s[:4]} {s[4:]}"


def ph_au() -> str:
    while True:
        s = "4" + dg(8, False)
        if not s.startswith("491"):
            return f"04{s[1:3]} {s[3:6]} {s[6:]}"


def ph_in() -> str:
    s = R.choice("6789") + dg(9, False)
    return f"+91 {s[:5]} {s[5:]}"


def ph_de() -> str:
    return f"01{R.choice(['51', '52', '57', '60', '62', '70', '72', '76'])} {dg(7)}{R.choice(['', str(R.randint(0, 9))])}"


def ph_fr() -> str:
    while True:
        d = R.choice("67") + dg(8, False)
        if not d.startswith("639"):
            return "0" + d[0] + " " + " ".join(d[i : i + 2] for i in range(1, 9, 2))


def ph_es() -> str:
    s = R.choice("67") + dg(8, False)
    return f"{s[:3]} {s[3:6]} {s[6:]}"


def ph_it() -> str:
    return f"3{R.randint(20, 93)} {dg(3, False)} {dg(4, False)}"


def ph_nl() -> str:
    return f"06-{R.randint(1, 6)}{dg(7, False)}"


def ph_pl() -> str:
    return f"+48 {R.choice('5678')}{dg(2, False)} {dg(3, False)} {dg(3, False)}"


def ph_tr() -> str:
    return f"05{R.randint(30, 59)} {dg(3)} {dg(2, False)} {dg(2, False)}"


def ph_ru() -> str:
    return f"+7 9{dg(2, False)} {dg(3)}-{dg(2, False)}-{dg(2, False)}"


def ph_ua() -> str:
    return f"+380 {R.choice(['50', '63', '66', '67', '68', '73', '93', '95', '96', '97', '98', '99'])} {dg(3)} {dg(2, False)} {dg(2, False)}"


def ph_br() -> str:
    return f"({R.choice(['11', '21', '31', '41', '51', '61', '71', '81'])}) 9{dg(4)}-{dg(4, False)}"


def ph_mx() -> str:
    return f"+52 {R.choice(['55', '33', '81'])} {dg(4)} {dg(4, False)}"


def ph_jp() -> str:
    return f"0{R.choice('789')}0-{dg(4)}-{dg(4, False)}"


def ph_kr() -> str:
    return f"010-{dg(4)}-{dg(4, False)}"


def ph_cn() -> str:
    return f"1{R.choice('35789')}{dg(1, False)} {dg(4)} {dg(4, False)}"


def ph_il() -> str:
    return f"05{R.choice('023458')}-{dg(3)}-{dg(4, False)}"


def ph_gen(cc: str, nat: int) -> str:
    return f"+{cc} {dg(nat)}"


BIP = [
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
    "act",
    "action",
    "actor",
    "actress",
    "actual",
    "adapt",
    "add",
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
    "age",
    "agent",
    "agree",
    "ahead",
    "aim",
    "air",
    "airport",
    "aisle",
    "alarm",
    "album",
    "alcohol",
    "alert",
    "alien",
    "all",
    "alley",
    "allow",
    "almost",
    "alone",
    "alpha",
    "already",
    "also",
    "alter",
    "always",
    "amateur",
    "amazing",
    "among",
    "amount",
    "amused",
    "analyst",
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
    "any",
    "apart",
    "apology",
    "appear",
    "apple",
    "approve",
    "april",
    "arch",
    "arctic",
    "area",
    "arena",
    "argue",
    "arm",
    "armed",
    "armor",
    "army",
    "around",
    "arrange",
    "arrest",
    "arrive",
    "arrow",
    "art",
    "artefact",
    "artist",
    "artwork",
    "ask",
    "aspect",
    "assault",
    "asset",
    "assist",
    "assume",
    "asthma",
    "athlete",
    "atom",
    "attack",
    "attend",
    "attitude",
    "attract",
    "auction",
    "audit",
    "august",
    "aunt",
    "author",
    "auto",
    "autumn",
    "average",
    "avocado",
    "avoid",
    "awake",
    "aware",
    "away",
    "awesome",
    "awful",
    "awkward",
    "axis",
    "baby",
    "bachelor",
    "bacon",
    "badge",
    "bag",
    "balance",
    "balcony",
    "ball",
    "bamboo",
    "banana",
    "banner",
    "bar",
    "barely",
    "bargain",
    "barrel",
    "base",
    "basic",
    "basket",
    "battle",
    "beach",
    "bean",
    "beauty",
    "because",
    "become",
    "beef",
    "before",
    "begin",
    "behave",
    "behind",
    "believe",
    "below",
    "belt",
    "bench",
    "benefit",
    "best",
    "betray",
    "better",
    "between",
    "beyond",
    "bicycle",
    "bid",
    "bike",
    "bind",
    "biology",
    "bird",
    "birth",
    "bitter",
    "black",
    "blade",
    "blame",
    "blanket",
    "blast",
    "bleak",
    "bless",
    "blind",
    "blood",
    "blossom",
    "blouse",
    "blue",
    "blur",
    "blush",
    "board",
    "boat",
    "body",
    "boil",
    "bomb",
    "bone",
    "bonus",
    "book",
    "boost",
    "border",
    "boring",
    "borrow",
    "boss",
    "bottom",
    "bounce",
    "box",
    "boy",
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
    "brown",
    "brush",
    "bubble",
    "buddy",
    "budget",
    "buffalo",
    "build",
    "bulb",
    "bulk",
    "bullet",
    "bundle",
    "bunker",
    "burden",
    "burger",
    "burst",
    "bus",
    "business",
    "busy",
    "butter",
    "buyer",
    "buzz",
    "cabbage",
    "cabin",
    "cable",
    "cactus",
    "cage",
    "cake",
    "call",
    "calm",
    "camera",
    "camp",
    "can",
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
    "car",
    "carbon",
    "card",
    "cargo",
    "carpet",
    "carry",
    "cart",
    "case",
    "cash",
    "casino",
    "castle",
    "casual",
    "cat",
    "catalog",
    "catch",
    "category",
    "cattle",
    "caught",
    "cause",
    "caution",
    "cave",
    "ceiling",
    "celery",
    "cement",
    "census",
    "century",
    "cereal",
    "certain",
    "chair",
    "chalk",
    "champion",
    "change",
    "chaos",
    "chapter",
    "charge",
    "chase",
    "chat",
    "cheap",
    "check",
    "cheese",
    "chef",
    "cherry",
    "chest",
    "chicken",
    "chief",
    "child",
    "chimney",
    "choice",
    "choose",
    "chronic",
    "chuckle",
    "chunk",
    "churn",
    "cigar",
    "cinnamon",
    "circle",
    "citizen",
    "city",
    "civil",
    "claim",
    "clap",
    "clarify",
    "claw",
    "clay",
    "clean",
    "clerk",
    "clever",
    "click",
    "client",
    "cliff",
    "climb",
    "clinic",
    "clip",
    "clock",
    "clog",
    "close",
    "cloth",
    "cloud",
    "clown",
    "club",
    "clump",
    "cluster",
    "clutch",
    "coach",
    "coast",
    "coconut",
    "code",
    "coffee",
    "coil",
    "coin",
    "collect",
    "color",
    "column",
    "combine",
    "come",
    "comfort",
    "comic",
    "common",
    "company",
    "concert",
    "conduct",
    "confirm",
    "congress",
    "connect",
    "consider",
    "control",
    "convince",
    "cook",
    "cool",
    "copper",
    "copy",
    "coral",
    "core",
    "corn",
    "correct",
    "cost",
    "cotton",
    "couch",
    "country",
    "couple",
    "course",
    "cousin",
    "cover",
    "coyote",
    "crack",
    "cradle",
    "craft",
    "cram",
    "crane",
    "crash",
    "crater",
    "crawl",
    "crazy",
    "cream",
    "credit",
    "creek",
    "crew",
    "cricket",
    "crime",
    "crisp",
    "critic",
    "crop",
    "cross",
    "crouch",
    "crowd",
    "crucial",
    "cruel",
    "cruise",
    "crumble",
    "crunch",
    "crush",
    "cry",
    "crystal",
    "cube",
    "culture",
    "cup",
    "cupboard",
    "curious",
    "current",
    "curtain",
    "curve",
    "cushion",
    "custom",
    "cute",
    "cycle",
]

WORDS = [
    "Sunflower",
    "Kestrel",
    "Marmalade",
    "Tornado",
    "Lighthouse",
    "Pistachio",
    "Quokka",
    "Juniper",
    "Velvet",
    "Cobalt",
    "Harbour",
    "Mango",
    "Falcon",
    "Tulpe",
    "Girasol",
    "Papagei",
    "Oceano",
    "Zefiro",
    "Wombat",
    "Nebula",
]


def password() -> str:
    style = R.randint(0, 5)
    if style == 0:
        return R.choice(WORDS) + str(R.randint(1960, 2024)) + R.choice("!?#$%&*")
    if style == 1:
        return rs(R.randint(12, 18), AN + "!@#%^&*-_")
    if style == 2:
        return "-".join(R.choice(BIP) for _ in range(4)) + str(R.randint(1, 99))
    if style == 3:
        return R.choice(WORDS).lower() + R.choice(["_", ".", "@"]) + R.choice(WORDS) + dg(3)
    if style == 4:
        return rs(1, UP) + rs(6, LO) + R.choice("!@#$") + dg(4, False)
    return (
        R.choice(FIRST).encode("ascii", "ignore").decode()
        + R.choice(["@", "#", "_"])
        + dg(4, False)
        + rs(2, UP)
    )


def wifi_pw() -> str:
    if R.random() < 0.5:
        return rs(R.randint(10, 16), AN)
    return R.choice(WORDS) + R.choice(["-", "_", ""]) + R.choice(WORDS).lower() + dg(2, False)


def otp() -> str:
    return dg(6, False)


def b32secret() -> str:
    return rs(32, B32)


def recovery_codes(n: int = 6, style: int = 0) -> list[str]:
    if style == 0:
        return [f"{dg(4, False)} {dg(4, False)}" for _ in range(n)]
    if style == 1:
        return [f"{rs(5, LO + DG)}-{rs(5, LO + DG)}" for _ in range(n)]
    return [rs(10, UP + DG) for _ in range(n)]


def seed(n: int = 12) -> str:
    return " ".join(R.choice(BIP) for _ in range(n))


def jwt() -> str:
    head = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
    body = json.dumps(
        {"sub": dg(9), "sid": rs(16, HX), "iat": R.randint(1_760_000_000, 1_790_000_000)},
        separators=(",", ":"),
    )
    pb = base64.urlsafe_b64encode(body.encode()).decode().rstrip("=")
    return f"{head}.{pb}.{rs(43, B64U)}"


def app_pw_google() -> str:
    return " ".join(rs(4, LO) for _ in range(4))


def app_pw_apple() -> str:
    return "-".join(rs(4, LO) for _ in range(4))


def aws_key() -> tuple[str, str]:
    return "AKIA" + rs(16, UP + "234567"), rs(40, AN + "+/")


def gh_pat() -> str:
    return "ghp_" + rs(36)


def stripe_live() -> str:
    return "sk_live_" + rs(24) + rs(75 if R.random() < 0.5 else 0)


def openai_key() -> str:
    return "sk-proj-" + rs(48, AN + "-_") + rs(20)


def google_api() -> str:
    return "AIza" + rs(35, B64U)


def slack_bot() -> str:
    return f"xoxb-{dg(12)}-{dg(13)}-{rs(24)}"


def telegram_bot() -> str:
    return f"{dg(10)}:AA{rs(33, B64U)}"


def sendgrid() -> str:
    return f"SG.{rs(22, B64U)}.{rs(43, B64U)}"


def twilio() -> tuple[str, str]:
    return "AC" + rs(32, HX), rs(32, HX)


def binance() -> tuple[str, str]:
    return rs(64), rs(64)


def gitlab_pat() -> str:
    return "glpat-" + rs(20, B64U)


def npm_tok() -> str:
    return "npm_" + rs(36)


def ha_token() -> str:
    return jwt()


def uuid4() -> str:
    h = rs(32, HX)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{R.choice('89ab')}{h[17:20]}-{h[20:]}"


def reset_token() -> str:
    return rs(R.randint(32, 48), B64U)


def dob(young: bool = False) -> tuple[str, str, str, int, int, int]:
    y = R.randint(2011, 2024) if young else R.randint(1938, 2006)
    m, d = R.randint(1, 12), R.randint(1, 28)
    return f"{d:02d}/{m:02d}/{y}", f"{d:02d}.{m:02d}.{y}", f"{y}-{m:02d}-{d:02d}", y, m, d


def ip4() -> str:
    while True:
        a = R.choice(
            [
                31,
                37,
                46,
                62,
                77,
                78,
                81,
                82,
                83,
                84,
                85,
                86,
                87,
                88,
                89,
                91,
                92,
                93,
                94,
                95,
                109,
                151,
                176,
                178,
                185,
                188,
                212,
                213,
                217,
            ]
        )
        ip = f"{a}.{R.randint(1, 254)}.{R.randint(0, 255)}.{R.randint(1, 254)}"
        return ip


def ip6() -> str:
    return (
        "2a02:"
        + ":".join(rs(4, HX) for _ in range(3))
        + ":"
        + ":".join(rs(4, HX) for _ in range(4))
    )


def name() -> str:
    return f"{R.choice(FIRST)} {R.choice(LAST)}"


# ---------------------------------------------------------------- secrets


def secrets_pass() -> None:
    # passwords
    pw = password()
    S(
        "password",
        "accounts, en-US, one-liner",
        f"can you help me remember this — my new Chase login password is {pw} and I keep typing it wrong on my phone",
        pw,
    )
    pw = password()
    S(
        "password",
        "utilities, de-DE, paste",
        f"Hallo! Mein Stadtwerke-Kundenportal sperrt mich dauernd. Benutzer: Kundennummer, Passwort: {pw} – ist das zu lang für deren System?",
        pw,
    )
    pw = password()
    S(
        "password",
        "school, fr-FR, parent",
        f"Pour Pronote de ma fille, l'identifiant est donné par l'école et le mot de passe que j'ai choisi c'est {pw}. Comment je l'ajoute sur l'appli ?",
        pw,
    )
    pw = password()
    S(
        "password",
        "health, es-ES, portal",
        f"No puedo entrar en la app de Sanitas. He puesto la contraseña {pw} y me dice 'credenciales incorrectas'. ¿Qué hago?",
        pw,
    )
    pw = password()
    S(
        "password",
        "elderly parent, en-GB, note",
        f"Writing this down for Mum's tablet so I don't forget:\nGmail pw: {pw}\nShe uses the same for the GP surgery app (I know, I know)",
        pw,
    )
    pw = password()
    S(
        "password",
        "taxes, it-IT, SPID",
        f"Ho attivato lo SPID con Poste, la password è {pw}. Devo cambiarla ogni 180 giorni? Mi scade a marzo.",
        pw,
    )
    pw = password()
    S(
        "password",
        "travel, pt-BR, airline",
        f"Meu login da LATAM Pass não funciona, a senha {pw} foi aceita ontem e hoje não. Alguém sabe se eles bloqueiam depois de 3 tentativas?",
        pw,
    )
    pw = password()
    S(
        "password",
        "housing, nl-NL, portal",
        f"Mijn inlog voor Woningnet: e-mail is van mijn werk, wachtwoord {pw}. Kun je me helpen een reactie te sturen op die woning in Utrecht?",
        pw,
    )
    pw = password()
    S(
        "password",
        "government, ru-RU, Gosuslugi",
        f"Не могу войти в Госуслуги. Пароль {pw}, а пишет «неверный логин или пароль». Может, раскладка?",
        pw,
    )
    pw = password()
    S(
        "password",
        "benefits, uk-UA, portal",
        f"Допоможіть з Дією: пароль від кабінету {pw}, але просить ще якийсь код. Що робити?",
        pw,
    )
    pw = password()
    S(
        "password",
        "bank, tr-TR, internet banking",
        f"İnternet bankacılığı şifrem {pw} ama 'şifreniz geçersiz' diyor. Şubeye mi gitmem lazım?",
        pw,
    )
    pw = password()
    S(
        "password",
        "crypto, ja-JP, exchange",
        f"bitFlyerのログインパスワードは {pw} です。二段階認証を設定したいので手順を教えてください。",
        pw,
    )
    pw = password()
    S(
        "password",
        "family, ko-KR, school app",
        f"아이 학교 e알리미 앱 비밀번호를 {pw}로 바꿨는데 남편 폰에서는 로그인이 안 돼요.",
        pw,
    )
    pw = password()
    S(
        "password",
        "accounts, zh-CN, email",
        f"我的163邮箱密码是{pw}，收不到验证码，能帮我看看是不是被盗了吗？",
        pw,
    )
    pw = password()
    S(
        "password",
        "housing, ar-EG, utility",
        f"عايز أدفع فاتورة الكهرباء أونلاين. اسم المستخدم رقم العداد والباسورد {pw} بس الموقع بيقول خطأ",
        pw,
    )
    pw = password()
    S(
        "password",
        "health, he-IL, kupat holim",
        f"הסיסמה שלי לאתר של מכבי היא {pw} ואני לא מצליחה להיכנס כדי לראות תוצאות בדיקות",
        pw,
    )
    pw = password()
    S(
        "password",
        "taxes, fa-IR, portal",
        f"رمز عبور سامانه مالیاتی من {pw} است ولی پیغام خطا می‌دهد. چطور بازیابی کنم؟",
        pw,
    )
    pw = password()
    S(
        "password",
        "government, hi-IN, DigiLocker",
        f"DigiLocker का पासवर्ड {pw} रखा था, अब लॉगिन नहीं हो रहा। OTP भी नहीं आ रहा।",
        pw,
    )
    pw = password()
    S(
        "password",
        "travel, vi-VN, airline",
        f"Mật khẩu tài khoản Lotusmiles của mình là {pw}, mình muốn đổi sang mật khẩu mạnh hơn, gợi ý giúp mình nhé",
        pw,
    )
    pw = password()
    S(
        "password",
        "payment app, id-ID, e-wallet",
        f"Min, akun DANA saya kok ke-logout terus ya. Password email saya {pw}, apa ada yang bisa masuk?",
        pw,
    )
    pw = password()
    S(
        "password",
        "payment app, tl-PH, GCash",
        f"Pa-help naman, yung email ng GCash ko na-hack yata. Password ko dati {pw}, papalitan ko ba lahat?",
        pw,
    )
    pw = password()
    S(
        "password",
        "school, pl-PL, Librus",
        f"Hasło do Librusa synka: {pw} — jak dodać drugiego rodzica, żeby też widział oceny?",
        pw,
    )
    pw = password()
    S(
        "password",
        "accounts, cs-CZ, datová schránka",
        f"Do datové schránky se přihlašuju jménem a heslem {pw}. Dá se tam zapnout přihlášení přes bankovní identitu?",
        pw,
    )
    pw = password()
    S(
        "password",
        "bank, ro-RO, app",
        f"Parola mea de la George (BCR) este {pw}. Am primit un SMS ciudat, e phishing?",
        pw,
    )
    pw = password()
    S(
        "password",
        "accounts, el-GR, taxisnet",
        f"Οι κωδικοί μου στο Taxisnet: χρήστης ο ΑΦΜ, κωδικός {pw}. Γιατί δεν μπορώ να δω το Ε1;",
        pw,
    )
    pw = password()
    S(
        "password",
        "multi-turn, en-AU, myGov",
        f"User: myGov locked me out again\nAssistant: Did you try the reset?\nUser: yes, set it to {pw} and now Centrelink says my linking code is wrong",
        pw,
    )

    # PINs (6 digits or longer)
    pin = dg(6)
    S(
        "pin",
        "bank, en-IN, UPI",
        f"My UPI PIN is {pin}, I think someone saw me typing it at the petrol pump. How do I change it in PhonePe?",
        pin,
    )
    pin = dg(6)
    S(
        "pin",
        "payment app, sw-KE, M-Pesa",
        f"Nimesahau kama nilibadilisha PIN ya M-Pesa. Ya zamani ilikuwa {pin}. Nifanye nini?",
        pin,
    )
    pin = dg(6)
    S(
        "pin",
        "device, en-CA, phone unlock",
        f"Dad's phone passcode is {pin} — write me a step-by-step for turning on Find My so we can locate it if he loses it",
        pin,
    )
    pin = dg(6)
    S(
        "pin",
        "bank, th-TH, app",
        f"รหัส PIN แอปธนาคารของแม่คือ {pin} แม่จำไม่ได้ ช่วยเขียนวิธีเปลี่ยนให้หน่อย",
        pin,
    )
    pin = dg(8)
    S(
        "pin",
        "smart home, de-AT, alarm",
        f"Die Alarmanlage (Ajax) hat den Entschärfcode {pin}. Wie gebe ich der Putzfrau einen eigenen Code?",
        pin,
    )
    pin = dg(6)
    S(
        "pin",
        "bank, ko-KR, 간편비밀번호",
        f"토스 간편 비밀번호 {pin} 이거 너무 쉬운가요? 생일이랑 비슷해서요",
        pin,
    )

    # one-time codes
    code = otp()
    S(
        "otp",
        "bank, en-US, SMS paste",
        f'got this text, is it legit? "Wells Fargo: Your one-time passcode is {code}. We\'ll NEVER call you to ask for this code." the guy on the phone is asking me to read it out',
        code,
    )
    code = otp()
    S(
        "otp",
        "government, pt-PT, SMS",
        f"Recebi: 'Autenticacao.gov: o seu codigo de seguranca e {code}. Valido por 5 minutos.' Onde coloco isto?",
        code,
    )
    code = otp()
    S(
        "otp",
        "health, hi-IN, CoWIN style",
        f"Mummy के फोन पर यह SMS आया: '{code} is your OTP to login to ABHA. Do not share.' क्या ये डालना है?",
        code,
    )
    code = otp()
    S(
        "otp",
        "payment, es-MX, bank",
        f"Me llegó esto: BBVA: Tu codigo de verificacion es {code}. No lo compartas. ¿Lo tengo que poner en la app o en la web?",
        code,
    )
    code = otp()
    S(
        "otp",
        "account recovery, fr-FR, email",
        f"Objet : Votre code de vérification\n\nBonjour,\nSaisissez le code {code} pour confirmer votre identité sur Doctolib.\n\n→ c'est normal qu'il me le redemande à chaque fois ?",
        code,
    )
    code = otp()
    S(
        "otp",
        "travel, zh-TW, SMS",
        f"收到簡訊「【長榮航空】您的驗證碼為{code}，請於10分鐘內輸入」，可是我沒有要登入耶",
        code,
    )
    code = otp()
    S(
        "otp",
        "crypto, tr-TR, exchange",
        f"BtcTurk'ten SMS geldi: Doğrulama kodunuz: {code}. Ben çekim talebi yapmadım, hesabım mı çalındı?",
        code,
    )
    code = otp()
    S(
        "otp",
        "benefits, en-GB, GOV.UK",
        f"GOV.UK One Login said 'We've sent a code to your phone'. The code is {code} but it says it's expired already?",
        code,
    )
    code = otp()
    S(
        "otp",
        "housing, ar-SA, Absher",
        f"وصلتني رسالة من أبشر: رمز التحقق {code} ولا أعرف ليش، ما طلبت شيء",
        code,
    )
    code = f"{dg(3)}-{dg(3, False)}"
    S(
        "otp",
        "accounts, ru-RU, SMS",
        f"Пришла смс: «Код для входа в Сбербанк Онлайн: {code}. Никому не сообщайте». Звонят из «службы безопасности», просят продиктовать",
        code,
    )
    code = otp()
    S(
        "otp",
        "accounts, en-NG, WhatsApp",
        f"Someone messaged saying they sent a WhatsApp code to my number by mistake and asked me to forward it. The code is {code}. Should I?",
        code,
    )
    code = f"G-{dg(6, False)}"
    S(
        "otp",
        "accounts, id-ID, Google",
        f"Saya dapat SMS '{code} adalah kode verifikasi Google Anda'. Tapi saya tidak sedang login",
        code,
    )

    # TOTP secrets and recovery codes
    sec = b32secret()
    S(
        "totp_secret",
        "2FA setup, en-US",
        f"my authenticator app won't scan the QR so it gave me this setup key: {group(sec.lower())}. where do I type it in Authy?",
        group(sec.lower()),
    )
    sec = b32secret()
    uri = f"otpauth://totp/Binance:{email()}?secret={sec}&issuer=Binance"
    S(
        "totp_secret",
        "crypto, de-DE, QR decoded",
        f"Ich hab den QR-Code mit dem Handy gescannt und das kam raus:\n{uri}\nKann ich das in 1Password speichern?",
        sec,
    )
    sec = rs(16, B32)
    S(
        "totp_secret",
        "accounts, pl-PL, 2FA",
        f"Klucz do aplikacji uwierzytelniającej z ePUAP: {sec} — czy mogę go dodać jednocześnie na dwóch telefonach?",
        sec,
    )
    codes = recovery_codes(8, 0)
    S(
        "recovery_codes",
        "accounts, en-GB, Google backup codes",
        "Google gave me these backup codes, is it safe to keep them in my Notes app?\n"
        + "\n".join(f"{i + 1}. {c}" for i, c in enumerate(codes)),
        *codes,
    )
    codes = recovery_codes(6, 1)
    S(
        "recovery_codes",
        "accounts, es-AR, GitHub",
        "Estos son mis códigos de recuperación, ¿dónde los guardo?\n" + "\n".join(codes),
        *codes,
    )
    codes = recovery_codes(5, 2)
    S(
        "recovery_codes",
        "gaming/family, nl-BE, account",
        "Codes voor het Microsoft-account van mijn zoon (voor de Xbox):\n"
        + "  ".join(codes)
        + "\nMoet ik die printen?",
        *codes,
    )
    rk = "-".join(rs(4, UP + DG) for _ in range(7))
    S(
        "recovery_key",
        "device, en-AU, Apple",
        f"Apple recovery key is {rk} — I wrote it on a sticky note. Is it bad that it's stuck to the fridge?",
        rk,
    )
    bl = "-".join(dg(6, False) for _ in range(8))
    S(
        "recovery_key",
        "device, de-CH, BitLocker",
        f"Laptop von der Arbeit fragt nach BitLocker-Wiederherstellungsschlüssel. Im Microsoft-Konto steht: {bl}. Wo gebe ich den ein?",
        bl,
    )
    rk = rs(4, UP + DG) + "-" + rs(4, UP + DG) + "-" + rs(4, UP + DG) + "-" + rs(4, UP + DG)
    S(
        "recovery_key",
        "accounts, fr-CA, password manager",
        f"Ma clé de secours Bitwarden (code de récupération 2FA) : {rk}. Je l'ai mise dans un courriel à moi-même, c'est ok?",
        rk,
    )

    # seed phrases
    sp = seed(12)
    S(
        "seed_phrase",
        "crypto, en-US, wallet",
        f"I'm moving my MetaMask to a new phone. The 12 words are: {sp}. Do I import or restore?",
        sp,
    )
    sp = seed(24)
    S(
        "seed_phrase",
        "crypto, pt-BR, Ledger",
        f"Minha frase de recuperação da Ledger (24 palavras): {sp}\nSe eu perder o aparelho consigo recuperar com isso?",
        sp,
    )
    words = seed(12).split()
    numbered = "\n".join(f"{i + 1}) {w}" for i, w in enumerate(words))
    S(
        "seed_phrase",
        "crypto, vi-VN, Trust Wallet",
        f"Mình chụp màn hình cụm từ khôi phục ví Trust Wallet đây, giúp mình kiểm tra thứ tự đúng chưa:\n{numbered}",
        numbered,
    )
    sp = seed(12)
    S(
        "seed_phrase",
        "crypto, sw-KE, scam check",
        f"Kuna mtu kwenye Telegram anasema ni support ya Binance, ameniomba maneno yangu ya siri: {sp}. Nimeshampa, nifanye nini sasa?",
        sp,
    )

    # Wi-Fi passwords
    wp = wifi_pw()
    S(
        "wifi_password",
        "router setup, en-GB, BT Hub",
        f"The card on the back of the new BT hub says Wireless key: {wp}. How do I change it to something the kids can type?",
        wp,
    )
    wp = wifi_pw()
    S(
        "wifi_password",
        "hotel check-in, it-IT, paste",
        f"Alla reception mi hanno dato:\nRete: HotelMiramare_Guest\nPassword: {wp}\nIl portatile si connette ma non carica nulla, perché?",
        wp,
    )
    wp = wifi_pw()
    S(
        "wifi_password",
        "rental, es-ES, Airbnb message",
        f"Mensaje del anfitrión: «Bienvenidos! El wifi es MOVISTAR_{rs(4, UP + DG)} y la clave {wp}». ¿Cómo lo conecto a la tele?",
        wp,
    )
    wp = wifi_pw()
    S(
        "wifi_password",
        "smart home, de-DE, config",
        f"Für die Shelly-Steckdosen brauche ich SSID und Passwort. SSID: FRITZ!Box 7590 QX, Passwort: {wp}. Muss ich 2,4 GHz erzwingen?",
        wp,
    )
    wp = wifi_pw()
    S(
        "wifi_password",
        "elderly parent, ja-JP, note",
        f"実家のWi-Fiの暗号化キーは{wp}です。父のスマホをつなぐ手順を大きな字で書いてください。",
        wp,
    )
    wp = wifi_pw()
    S(
        "wifi_password",
        "home, ka-GE, router",
        f"როუტერის Wi-Fi პაროლია {wp}. როგორ შევცვალო ისე, რომ მეზობლებმა ვეღარ გამოიყენონ?",
        wp,
    )
    wp = wifi_pw()
    S(
        "wifi_password",
        "home, hy-AM, router",
        f"Wi-Fi-ի գաղտնաբառը {wp} է, ինչպե՞ս միացնեմ նոր հեռուստացույցը",
        wp,
    )
    wp = wifi_pw()
    S(
        "wifi_password",
        "home, bn-BD, router",
        f"আমাদের বাসার ওয়াইফাই পাসওয়ার্ড {wp}, রাউটারের অ্যাডমিন পেজে কীভাবে পরিবর্তন করব?",
        wp,
    )

    # door / lockbox codes
    dc = f"{dg(4)}#{dg(2, False)}"
    S(
        "door_code",
        "rental, en-US, check-in",
        f"Airbnb host sent: Lockbox on the left of the gate, code {dc}. Parking spot 14. Can you translate this for my parents in Spanish?",
        dc,
    )
    dc = dg(6)
    S(
        "door_code",
        "housing, fr-FR, digicode",
        f"Pour les déménageurs samedi : digicode {dc}, 3e étage gauche. Tu peux rédiger un message clair pour eux ?",
        dc,
    )
    dc = f"{dg(3)}*{dg(3, False)}"
    S(
        "door_code",
        "hotel, pl-PL, self check-in",
        f"Hotel przysłał SMS: 'Kod do skrytki z kluczem: {dc}'. Przyjeżdżam po 23, czy to zadziała?",
        dc,
    )
    dc = dg(7)
    S(
        "door_code",
        "family, en-AU, childcare",
        f"Note for grandma picking up Ollie: childcare front door keypad is {dc}, then sign him out on the iPad. Make it sound friendly",
        dc,
    )
    dc = f"C{dg(5)}"
    S(
        "door_code",
        "elderly parent, nl-NL, key safe",
        f"Sleutelkluisje bij mijn moeder heeft code {dc}. Ik moet dit doorgeven aan de thuiszorg, hoe formuleer ik dat veilig?",
        dc,
    )

    # app passwords
    ap = app_pw_google()
    S(
        "app_password",
        "devices, en-IE, mail app",
        f"Outlook on the old laptop wants a Gmail app password. Google made me this one: {ap}. Do I type the spaces?",
        ap,
    )
    ap = app_pw_apple()
    S(
        "app_password",
        "devices, de-DE, Thunderbird",
        f"App-spezifisches Passwort für iCloud-Mail in Thunderbird: {ap}. IMAP-Server ist imap.mail.me.com, oder?",
        ap,
    )
    ap = rs(16, LO)
    S(
        "app_password",
        "devices, it-IT, printer scan-to-email",
        f"La stampante Brother deve mandare le scansioni via mail. Ho creato la password per le app {ap}, porta 587 o 465?",
        ap,
    )

    # API keys / tokens of real services
    ak, sk = aws_key()
    S(
        "api_key",
        "home server, en-US, backups",
        f"I set up my family photo backup to S3 using these, is that safe?\naws_access_key_id = {ak}\naws_secret_access_key = {sk}",
        ak,
        sk,
    )
    tok = telegram_bot()
    S(
        "api_key",
        "smart home, ru-RU, bot",
        f"Сделал телеграм-бота, чтобы он присылал показания счётчиков. Токен {tok}. Почему бот не отвечает?",
        tok,
    )
    tok = google_api()
    S(
        "api_key",
        "family, es-CO, maps",
        f"Para el mapa de la fiesta de cumple de mi hija usé la Google Maps API key {tok}. ¿Me van a cobrar?",
        tok,
    )
    tok = openai_key()
    S(
        "api_key",
        "personal budgeting, en-GB, script",
        f"my budgeting spreadsheet script calls OpenAI with OPENAI_API_KEY={tok} — can you make it categorise my bank CSV?",
        tok,
    )
    tok = gh_pat()
    S(
        "api_key",
        "personal site, pl-PL, git",
        f"Git na Macu pyta o hasło do GitHuba, wkleiłem token {tok}, czy to bezpieczne zapisać w keychain?",
        tok,
    )
    tok = stripe_live()
    S(
        "api_key",
        "small side business, fr-BE, payments",
        f"Pour la boutique de bougies de ma mère, la clé secrète Stripe est {tok}. Je peux la mettre dans le plugin WooCommerce ?",
        tok,
    )
    tok = slack_bot()
    S(
        "api_key",
        "family chat, en-CA, reminders bot",
        f"Made a Slack bot for chore reminders in our family workspace, token is {tok}, it posts nothing. Help?",
        tok,
    )
    sid, at = twilio()
    S(
        "api_key",
        "elderly parent, en-US, SMS reminders",
        f"For Dad's medication SMS reminders I'm using Twilio.\nAccount SID: {sid}\nAuth Token: {at}\nWhy do texts say 'unverified'?",
        sid,
        at,
    )
    tok = sendgrid()
    S(
        "api_key",
        "wedding RSVP site, it-IT",
        f"Per il sito RSVP del matrimonio uso SendGrid, chiave API {tok}. Le mail finiscono nello spam, perché?",
        tok,
    )
    tok = ha_token()
    S(
        "api_token",
        "smart home, nl-NL, Home Assistant",
        f"Long-lived access token van Home Assistant: {tok}\nIk wil hiermee vanaf mijn telefoon de verwarming aanzetten via Shortcuts",
        tok,
    )
    tok = gitlab_pat()
    S(
        "api_token",
        "personal notes, de-DE, sync",
        f"Obsidian-Sync über GitLab: Personal Access Token {tok}. Muss ich 'write_repository' anhaken?",
        tok,
    )
    tok = npm_tok()
    S(
        "api_token",
        "hobby, ja-JP, npm",
        f"趣味で作った家計簿アプリを公開したいです。npmのトークンは{tok}です。.npmrcに書けばいいですか？",
        tok,
    )

    # exchange API secrets
    k, s = binance()
    S(
        "exchange_api_secret",
        "crypto, tr-TR, tax report",
        f"Vergi beyanı için Koinly'ye Binance bağlamam lazım. API Key: {k}\nSecret Key: {s}\nSadece okuma izni verdim, yeterli mi?",
        k,
        s,
    )
    k, s = rs(36, AN), rs(88, B64U.replace("-", "+").replace("_", "/"))
    S(
        "exchange_api_secret",
        "crypto, en-AU, Kraken",
        f"kraken api for my tax software:\nkey {k}\nprivate key {s}\nwhich permissions do I tick?",
        k,
        s,
    )
    k, s = uuid4(), rs(32, HX).upper()
    S(
        "exchange_api_secret",
        "crypto, ko-KR, 업비트",
        f"업비트 Open API 발급받았어요. Access key: {k} / Secret: {s} 이걸로 자동 매매 봇 만들 수 있나요?",
        k,
        s,
    )

    # session cookies / auth headers
    c = rs(32, LO + DG)
    S(
        "session_cookie",
        "government portal, en-IN, debug",
        f"the passport seva site keeps logging me out. in devtools I see Cookie: JSESSIONID={c.upper()}; lang=en — is that the problem?",
        c.upper(),
    )
    c = rs(40, B64U)
    S(
        "session_cookie",
        "shopping, de-DE, cookie",
        f"Ich hab aus dem Browser kopiert: session_id={c}; Path=/; HttpOnly. Kann ich damit auf dem Tablet eingeloggt bleiben?",
        c,
    )
    tok = jwt()
    S(
        "session_cookie",
        "bank, es-ES, headers",
        f"La web del banco falla, en la pestaña Red aparece:\nAuthorization: Bearer {tok}\n¿Le mando esto al soporte?",
        tok,
    )

    # password reset / magic links
    t = reset_token()
    link = f"https://accounts.booking.com/reset-password?token={t}"
    S(
        "reset_link",
        "travel, en-GB, email paste",
        f"Got this email: 'Reset your password: {link} (valid 24h)'. It looks real but I didn't ask for it?",
        t,
    )
    t = reset_token()
    link = f"https://www.idealista.com/es/usuario/nueva-contrasena/{t}"
    S(
        "reset_link",
        "housing, es-ES, email",
        f"Me llegó un correo de Idealista con este enlace para la contraseña: {link} — ¿es phishing?",
        t,
    )
    t = rs(64, HX)
    link = f"https://login.mijnoverheid.nl/activeren?code={t}"
    S(
        "reset_link",
        "government, nl-NL, activation",
        f"Activatielink ontvangen: {link}\nKan ik die ook op mijn laptop openen of alleen op de telefoon?",
        t,
    )
    t = reset_token()
    link = f"https://my.kaspi.kz/auth/magic/{t}"
    S(
        "reset_link",
        "bank, ru-KZ, magic link",
        f"Прислали ссылку для входа {link} — её можно переслать маме, чтобы она зашла?",
        t,
    )


def secrets_extra() -> None:
    pw = password()
    S(
        "password",
        "router, en-US, admin",
        f"router admin page is 192.168.1.1, user admin, and I changed the admin password to {pw}. Now the Netgear app can't find it",
        pw,
    )
    pw = password()
    S(
        "password",
        "smart home, fr-FR, camera",
        f"Caméra Tapo : compte caméra (RTSP) utilisateur maison, mot de passe {pw}. Comment l'ajouter dans VLC ?",
        pw,
    )
    pw = password()
    S(
        "password",
        "travel, de-DE, DB Navigator",
        f"Mein DB-Konto will ein neues Passwort, alt war {pw}. Darf ich das alte mit einer 1 hinten wiederverwenden?",
        pw,
    )
    pw = password()
    S(
        "password",
        "form paste, en-ZA, SARS eFiling",
        f"eFiling registration:\nLogin name: taxpayer_{R.randint(100, 999)}\nPassword: {pw}\nConfirm password: {pw}\nIt keeps saying 'password does not meet requirements'",
        pw,
    )
    pw = password()
    S(
        "password",
        "elderly parent, el-GR, notes",
        f"Σημειώσεις για τη μαμά: κωδικός e-banking Πειραιώς {pw}. Πώς το γράφω ώστε να μην το καταλαβαίνει κάποιος άλλος;",
        pw,
    )
    pw = password()
    S(
        "password",
        "childcare, ta-IN, app",
        f"குழந்தை பள்ளி ஆப் கடவுச்சொல் {pw} — இதை மனைவி போனிலும் எப்படி லாகின் செய்வது?",
        pw,
    )
    pw = password()
    S(
        "password",
        "student loan, en-US, multi-turn",
        f"> what's the issue with StudentAid.gov?\nI reset it twice. Current FSA ID password is {pw} and it says account locked for 30 min",
        pw,
    )
    pw = password()
    S(
        "password",
        "housing, he-IL, building app",
        f"סיסמה לאפליקציית ועד הבית: {pw}. איך משנים את מספר הטלפון שמקבל התראות?",
        pw,
    )
    pw = password()
    S(
        "password",
        "government, th-TH, tax",
        f"รหัสผ่านเว็บกรมสรรพากรของผมคือ {pw} ยื่นภาษีไม่ได้ครับ ขึ้นว่ารหัสผิด",
        pw,
    )
    pw = password()
    S(
        "password",
        "accounts, uk-UA, email",
        f"Пароль від пошти ukr.net: {pw}. Хочу ввімкнути двофакторну — як?",
        pw,
    )
    pin = dg(6)
    S(
        "pin",
        "bank, de-DE, TAN-Generator",
        f"Die Sparkasse push-TAN App fragt nach dem Freigabecode, meiner ist {pin}. Kann ich stattdessen Face ID nehmen?",
        pin,
    )
    pin = dg(6)
    S(
        "pin",
        "vehicle, en-GB, radio code",
        f"Car battery died and the radio wants the security code. The card in the glovebox says {pin}. Where do I enter it on a Ford?",
        pin,
    )
    pin = f"{dg(4)}-{dg(4)}"
    S(
        "pin",
        "utilities, es-MX, CFE",
        f"Mi NIP de la tarjeta de CFE para pagos en línea es {pin}. ¿Lo puedo cambiar en Oxxo?",
        pin,
    )
    code = otp()
    S(
        "otp",
        "travel, ar-AE, airline",
        f"رسالة من طيران الإمارات: رمز التحقق لمرة واحدة هو {code} لتسجيل الدخول إلى Skywards. هل أعطيه لموظف خدمة العملاء على الهاتف؟",
        code,
    )
    code = otp()
    S(
        "otp",
        "health, ko-KR, 본인인증",
        f"[Web발신] 본인확인 인증번호[{code}]입니다. 타인 노출 금지 — 이거 병원 예약 사이트에 넣으면 되나요?",
        code,
    )
    code = otp()
    S(
        "otp",
        "payment app, tl-PH, Maya",
        f"May nag-text: 'Your Maya OTP is {code}. Never share.' tapos may tumawag na taga-Maya daw. Scam ba?",
        code,
    )
    code = otp()
    S(
        "otp",
        "crypto, fa-IR, exchange",
        f"نوبیتکس برام پیامک فرستاده: کد تایید شما {code}. من درخواست برداشت نداده بودم",
        code,
    )
    code = otp()
    S(
        "otp",
        "bank, bn-BD, bKash",
        f"bKash থেকে মেসেজ: আপনার bKash ভেরিফিকেশন কোড {code}. কেউ ফোন করে কোডটা চাইছে, দেব?",
        code,
    )
    sec = b32secret()
    S(
        "totp_secret",
        "2FA, ja-JP, manual key",
        f"Googleの2段階認証、QRが読めないので「キーを入力」にしました: {sec} これ別の端末にも入れていいですか",
        sec,
    )
    codes = recovery_codes(10, 1)
    S(
        "recovery_codes",
        "accounts, cs-CZ, Dropbox",
        "Záložní kódy pro Dropbox (rodinné fotky):\n" + ", ".join(codes),
        *codes,
    )
    sp = seed(12)
    S(
        "seed_phrase",
        "crypto, id-ID, wallet",
        f"Saya tulis frasa pemulihan Tokocrypto wallet saya di kertas: {sp}. Apakah aman difoto dan disimpan di Google Drive?",
        sp,
    )
    sp = seed(12)
    S(
        "seed_phrase",
        "crypto, uk-UA, inheritance",
        f"Для заповіту хочу залишити дружині доступ до гаманця. Фраза: {sp}. Як це правильно оформити у нотаріуса?",
        sp,
    )
    wp = wifi_pw()
    S(
        "wifi_password",
        "moving, pl-PL, new flat",
        f"W nowym mieszkaniu router od Orange, na naklejce: Hasło do sieci (WPA2): {wp}. Jak zmienić nazwę sieci?",
        wp,
    )
    wp = wifi_pw()
    S(
        "wifi_password",
        "rental, tr-TR, message",
        f"Ev sahibi yazdı: 'Wi-Fi adı SUPERONLINE_{rs(4, UP + DG)}, şifre {wp}'. Laptop bağlanmıyor, neden olabilir?",
        wp,
    )
    wp = wifi_pw()
    S(
        "wifi_password",
        "school, sw-TZ, parent",
        f"Shule imetuma ujumbe: mtandao wa wazazi ni PARENTS-NET na nenosiri ni {wp}. Nitaunganishaje simu yangu?",
        wp,
    )
    dc = f"{dg(5)}#"
    S(
        "door_code",
        "hotel, de-DE, late check-in",
        f"Late Check-in Mail vom Hotel: 'Der Zugangscode für Haupttür und Zimmer 214 lautet {dc}'. Gilt der auch für die Garage?",
        dc,
    )
    dc = dg(6)
    S(
        "door_code",
        "housing, ro-RO, interfon",
        f"Codul de la interfon pentru curier: {dc}, apartament 12. Cum îl pun în aplicația eMAG să-l vadă livratorul?",
        dc,
    )
    ap = app_pw_apple()
    S(
        "app_password",
        "devices, en-AU, calendar sync",
        f"Apple app-specific password for the Android calendar sync app: {ap} — is it okay to reuse for the mail app too?",
        ap,
    )
    k, s = rs(64), rs(64)
    S(
        "exchange_api_secret",
        "crypto, es-AR, bot",
        f"Para el bot de DCA en Binance puse:\nBINANCE_API_KEY={k}\nBINANCE_API_SECRET={s}\n¿Tengo que habilitar retiros? (espero que no)",
        k,
        s,
    )
    tok = "M" + R.choice("TzjD") + rs(24, AN) + "." + rs(6, B64U) + "." + rs(38, B64U)
    S(
        "api_token",
        "family, en-US, Discord bot",
        f"Made a Discord bot for the family server to remind about birthdays. DISCORD_TOKEN={tok} and it says 'improper token'",
        tok,
    )
    c = rs(26, LO + DG)
    S(
        "session_cookie",
        "benefits, fr-FR, CAF",
        f"Le site de la CAF plante. Cookie PHPSESSID={c} — je peux l'envoyer au support ?",
        c,
    )
    t = reset_token()
    S(
        "reset_link",
        "utilities, en-AU, email",
        f"Origin Energy sent: Click to set your new password https://www.originenergy.com.au/my-account/reset?t={t} — link expires in 1 hour",
        t,
    )
    t = rs(40, B64U)
    S(
        "reset_link",
        "health, it-IT, FSE",
        f"Mi è arrivato il link di attivazione del Fascicolo Sanitario: https://fse.regione.lombardia.it/attiva?k={t} — lo apro dal telefono?",
        t,
    )
    wp = wifi_pw()
    S(
        "wifi_password",
        "smart home, zh-CN, 扫地机器人",
        f"扫地机器人配网要输入WiFi密码，我家的是{wp}，但是一直提示连接失败，是不是5G频段的问题？",
        wp,
    )
    pw = password()
    S(
        "password",
        "accounts, ka-GE, bank",
        f"ბანკის აპლიკაციის პაროლი არის {pw}. როგორ ჩავრთო ორსაფეხურიანი ავტორიზაცია?",
        pw,
    )
    pw = password()
    S(
        "password",
        "accounts, hy-AM, email",
        f"Իմ էլ. փոստի գաղտնաբառն է {pw}, բայց չեմ կարողանում մուտք գործել",
        pw,
    )


# ---------------------------------------------------------------- PII


def pii_pass() -> None:
    # phones
    p = ph_us()
    P(
        "phone",
        "health, en-US, pharmacy",
        f"CVS keeps calling the wrong number for my refill. Can you write a message asking them to update it to {p}?",
        p,
    )
    p = ph_uk()
    P(
        "phone",
        "childcare, en-GB, form",
        f"Emergency contact for nursery form: Gran (Margaret), mobile {p}, available weekday afternoons. Does that look right?",
        p,
    )
    p = ph_au()
    P(
        "phone",
        "moving, en-AU, removalist",
        f"Removalist quote request — pick up from Brunswick on the 14th, call me on {p} after 4pm. Can you tidy this up?",
        p,
    )
    p = ph_in()
    P(
        "phone",
        "elderly parent, en-IN, hospital",
        f"Please draft a WhatsApp to Apollo hospital asking to send Papa's discharge summary to {p}",
        p,
    )
    p = ph_de()
    P(
        "phone",
        "housing, de-DE, Vermieter",
        f"Können Sie eine kurze Nachricht an die Hausverwaltung schreiben: Heizung im Bad ausgefallen, bitte Rückruf unter {p}.",
        p,
    )
    p = ph_fr()
    P(
        "phone",
        "childcare, fr-FR, nounou",
        f"Annonce pour trouver une nounou le mercredi, à Lyon 7e. Mettez mon numéro {p} à la fin.",
        p,
    )
    p = ph_es()
    P(
        "phone",
        "vehicle, es-ES, ITV",
        f"¿Me ayudas a escribir un correo al taller para la ITV? Que me llamen al {p} para confirmar la cita.",
        p,
    )
    p = ph_it()
    P(
        "phone",
        "health, it-IT, CUP",
        f"Devo spostare la visita cardiologica prenotata al CUP. Il numero associato alla prenotazione è il mio cellulare {p}.",
        p,
    )
    p = ph_nl()
    P(
        "phone",
        "utilities, nl-NL, energie",
        f"Vattenfall wil mijn meterstanden, terugbelnummer {p}. Kun je een nette mail maken?",
        p,
    )
    p = ph_pl()
    P(
        "phone",
        "moving, pl-PL, przeprowadzka",
        f"Napisz ogłoszenie: sprzedam pralkę Bosch przed przeprowadzką, odbiór Kraków Podgórze, tel. {p}",
        p,
    )
    p = ph_tr()
    P(
        "phone",
        "health, tr-TR, MHRS",
        f"MHRS randevusunda telefon numaram eski kalmış, yenisi {p}. Nasıl güncellerim?",
        p,
    )
    p = ph_ru()
    P(
        "phone",
        "elderly parent, ru-RU, соцзащита",
        f"Напиши заявление в соцзащиту для мамы, контактный телефон {p}, просим оформить сиделку.",
        p,
    )
    p = ph_ua()
    P(
        "phone",
        "benefits, uk-UA, ВПО",
        f"Допоможіть заповнити заяву на допомогу ВПО. Мій номер {p}, адреса фактичного проживання — Львів.",
        p,
    )
    p = ph_br()
    P(
        "phone",
        "travel, pt-BR, hotel",
        f"Escreve um e-mail pro hotel em Gramado pedindo early check-in, meu WhatsApp é {p}",
        p,
    )
    p = ph_mx()
    P(
        "phone",
        "school, es-MX, inscripción",
        f"Para la inscripción de mi hijo piden teléfono del tutor: {p}. ¿Pongo lada internacional o no?",
        p,
    )
    p = ph_jp()
    P(
        "phone",
        "housing, ja-JP, 引っ越し",
        f"引っ越し業者への見積もり依頼文を作ってください。連絡先は{p}です。",
        p,
    )
    p = ph_kr()
    P(
        "phone",
        "delivery, ko-KR, 택배",
        f"택배 기사님께 보낼 문자 좀 써주세요. 부재 시 연락처 {p}로 전화 부탁드린다고요.",
        p,
    )
    p = ph_cn()
    P(
        "phone",
        "school, zh-CN, 家长群",
        f"帮我写一段家长群自我介绍：我是三年二班王小雨的妈妈，电话{p}，周末可以帮忙组织活动。",
        p,
    )
    p = ph_il()
    P(
        "phone",
        "housing, he-IL, שכירות",
        f"תכתוב לי הודעה לבעל הדירה שהמזגן לא עובד ושיחזור אליי ל-{p}",
        p,
    )
    p = "+971 5" + R.choice("02568") + " " + dg(3) + " " + dg(4, False)
    P(
        "phone",
        "visa, ar-AE, sponsor",
        f"أحتاج أكتب إيميل لشركة الكفيل عشان يجددون الإقامة، رقمي {p}",
        p,
    )
    p = "+98 91" + dg(1) + " " + dg(3) + " " + dg(4, False)
    P(
        "phone",
        "family, fa-IR, school",
        f"یه پیام برای معلم دخترم بنویس که فردا زودتر میام دنبالش، شماره‌ام {p} هست",
        p,
    )
    p = "+880 17" + dg(2) + "-" + dg(6, False)
    P(
        "phone",
        "benefits, bn-BD, allowance",
        f"বয়স্ক ভাতার আবেদনে বাবার মোবাইল নম্বর দিতে হবে: {p} — ঠিক ফরম্যাট কি?",
        p,
    )
    p = "+66 8" + dg(1) + " " + dg(3) + " " + dg(4, False)
    P(
        "phone",
        "travel, th-TH, hotel",
        f"ช่วยเขียนอีเมลถึงโรงแรมที่เชียงใหม่ ขอเปลี่ยนวันเข้าพัก ติดต่อกลับที่ {p}",
        p,
    )
    p = "+84 9" + dg(1) + " " + dg(3) + " " + dg(4, False)
    P(
        "phone",
        "health, vi-VN, clinic",
        f"Viết giúp tin nhắn đặt lịch khám nhi cho bé, số điện thoại của mình là {p}",
        p,
    )
    p = "0812-" + dg(4) + "-" + dg(4, False)
    P(
        "phone",
        "housing, id-ID, kos",
        f"Tolong buatkan pesan ke pemilik kos, saya mau survei kamar hari Sabtu. Nomor WA saya {p}",
        p,
    )
    p = "+254 7" + dg(2) + " " + dg(3) + " " + dg(3, False)
    P(
        "phone",
        "benefits, sw-KE, NHIF",
        f"Niandikie barua kwa SHA kuomba kubadilisha namba ya simu kwenye akaunti yangu iwe {p}",
        p,
    )
    p = "0917 " + dg(3) + " " + dg(4, False)
    P(
        "phone",
        "government, tl-PH, PhilSys",
        f"Pakigawa ng sulat sa barangay hall para sa certificate of residency, contact number ko {p}",
        p,
    )
    p = "+40 7" + dg(2) + " " + dg(3) + " " + dg(3, False)
    P(
        "phone",
        "vehicle, ro-RO, RAR",
        f"Scrie-mi un mesaj pentru service, să mă sune la {p} când e gata mașina de la ITP",
        p,
    )
    p = "+420 " + R.choice("67") + dg(2) + " " + dg(3) + " " + dg(3, False)
    P(
        "phone",
        "childcare, cs-CZ, školka",
        f"Do přihlášky do školky: kontakt na otce {p}, na matku stejný e-mail. Je to dost?",
        p,
    )
    p = "69" + dg(1) + " " + dg(3) + " " + dg(4, False)
    P(
        "phone",
        "health, el-GR, γιατρός",
        f"Γράψε μήνυμα στον παιδίατρο για ραντεβού, το κινητό μου είναι {p}",
        p,
    )
    p = "+995 5" + dg(2) + " " + dg(2) + " " + dg(2) + " " + dg(2, False)
    P(
        "phone",
        "travel, ka-GE, guesthouse",
        f"დაწერე წერილი სასტუმროსთვის ყაზბეგში, ჩემი ნომერია {p}",
        p,
    )
    p = "+374 9" + dg(1) + " " + dg(3) + " " + dg(3, False)
    P(
        "phone",
        "housing, hy-AM, rent",
        f"Գրիր հայտարարություն բնակարանի վարձակալության մասին, հեռախոս՝ {p}",
        p,
    )
    p = "+1 " + ph_us()[1:4] + "-" + dg(3) + "-" + dg(4, False)
    P(
        "phone",
        "taxes, en-CA, CRA",
        f"CRA needs me to confirm my phone for My Account, it's {p}. Can you draft the secure message?",
        p,
    )
    p = "+234 80" + dg(1) + " " + dg(3) + " " + dg(4, False)
    P(
        "phone",
        "bank, en-NG, complaint",
        f"Write a complaint to GTBank about a failed transfer, reach me on {p}",
        p,
    )

    # emails
    for ctx, tpl in [
        (
            "travel, en-US, visa appointment",
            "Can you check my DS-160 contact section? Primary email: {e}, secondary none.",
        ),
        (
            "health, de-DE, Befund",
            "Bitte schreiben Sie an die Praxis, dass sie die Laborwerte an {e} schicken können.",
        ),
        (
            "school, fr-FR, cantine",
            "Je dois changer l'adresse mail pour les factures de cantine : {e}. Tu m'écris le mail à la mairie ?",
        ),
        (
            "housing, es-ES, alquiler",
            "Redacta un correo a la inmobiliaria: estoy interesado en el piso de Lavapiés, contacto {e}",
        ),
        (
            "bank, it-IT, bonifico",
            "Per la ricevuta del bonifico la banca deve scrivere a {e}, come lo chiedo in modo formale?",
        ),
        (
            "government, nl-NL, gemeente",
            "Verhuisaangifte: nieuw e-mailadres voor berichtenbox is {e}. Klopt dat zo?",
        ),
        (
            "benefits, pl-PL, 800+",
            "Wniosek 800+ — adres e-mail do korespondencji: {e}. Czy muszę mieć profil zaufany?",
        ),
        ("family, tr-TR, okul", "Okul müdürlüğüne dilekçe yaz: velinin e-posta adresi {e}"),
        (
            "travel, ru-RU, визa",
            "Анкета на шенгенскую визу, раздел контакты: {e}. Проверь, пожалуйста, английский.",
        ),
        (
            "health, uk-UA, лікар",
            "Напиши лист сімейному лікарю, щоб результати аналізів надіслали на {e}",
        ),
        (
            "crypto, ja-JP, 取引所",
            "取引所のアカウントのメールアドレスを{e}に変更したいです。手順は？",
        ),
        ("moving, ko-KR, 전입신고", "이사 후 관리사무소에 보낼 메일 좀 써줘. 내 이메일은 {e}"),
        ("school, zh-CN, 留学", "帮我给学校国际处写邮件，问签证材料，回信请发到{e}"),
        (
            "taxes, pt-BR, IR",
            "Escreve pro contador que meus informes de rendimento devem ir para {e}",
        ),
        ("government, ar-EG, passport", "اكتب لي طلب لمصلحة الجوازات وبريدي الإلكتروني {e}"),
        ("health, he-IL, insurance", "אני צריכה לשלוח תביעה לביטוח הבריאות, כתובת המייל שלי {e}"),
        ("utilities, hi-IN, bijli", "बिजली विभाग को ईमेल लिखो, बिल {e} पर भेजें"),
        ("family, vi-VN, trường", "Viết email gửi cô giáo chủ nhiệm, phản hồi qua {e} giúp mình"),
        (
            "travel, id-ID, visa",
            "Formulir e-VOA minta email, saya isi {e}. Apakah harus sama dengan email tiket?",
        ),
        ("bank, sw-KE, loan", "Niandikie barua ya kuomba mkopo, barua pepe yangu ni {e}"),
        (
            "accounts, tl-PH, recovery",
            "Paano ko ilalagay ang recovery email na {e} sa Facebook ko?",
        ),
        (
            "housing, ro-RO, chirie",
            "Scrie un e-mail proprietarului: contractul să-l trimită la {e}",
        ),
        ("government, cs-CZ, úřad", "Napiš žádost na úřad práce, odpověď na {e}"),
        (
            "elderly parent, el-GR, ΚΕΠ",
            "Γράψε αίτηση για το ΚΕΠ για τη σύνταξη του πατέρα μου, email επικοινωνίας {e}",
        ),
        (
            "accounts, en-IE, Revenue",
            "ROS wants a new contact email, I'll use {e} — draft the note for my accountant",
        ),
        ("family, ta-IN, school", "பள்ளிக்கு விடுப்பு கடிதம் எழுதவும், பதில் {e} க்கு அனுப்பவும்"),
    ]:
        e = email()
        P("email", ctx, tpl.replace("{e}", e), e)

    # addresses
    addrs = [
        (
            "address",
            "moving, en-US, USPS",
            lambda: (
                f"{R.randint(100, 9899)} {R.choice(['Maple', 'Linden', 'Hawthorne', 'Sycamore', 'Prospect'])} {R.choice(['Ave', 'St', 'Dr', 'Ct'])} Apt {R.randint(2, 40)}{R.choice('ABCD')}, {R.choice(['Columbus, OH 432', 'Tucson, AZ 857', 'Raleigh, NC 276', 'Spokane, WA 992'])}{R.randint(10, 99)}"
            ),
            "Can you fill my USPS change of address? New address: {a}, starting the 1st.",
        ),
        (
            "address",
            "rental, en-GB, referencing",
            lambda: (
                f"Flat {R.randint(1, 30)}, {R.randint(2, 180)} {R.choice(['Mill Lane', 'Cranbrook Road', 'Albert Terrace', 'Kingsley Avenue'])}, {R.choice(['Leeds LS6', 'Bristol BS5', 'Glasgow G12', 'Norwich NR2'])} {R.randint(1, 9)}{rs(2, 'ABDEFGHJLNPQRSTUWXYZ')}"
            ),
            "Tenant referencing asks for 3 years of addresses. Current: {a} since 2021.",
        ),
        (
            "address",
            "childcare, en-AU, enrolment",
            lambda: (
                f"{R.randint(1, 99)}/{R.randint(2, 300)} {R.choice(['Bayview', 'Wattle', 'Banksia', 'Grevillea'])} {R.choice(['Street', 'Crescent', 'Parade'])}, {R.choice(['Brunswick VIC 3056', 'Fremantle WA 6160', 'Newtown NSW 2042', 'Paddington QLD 4064'])}"
            ),
            "Kinder enrolment form, home address {a} — should I put Unit before the number?",
        ),
        (
            "address",
            "benefits, de-DE, Wohngeld",
            lambda: (
                f"{R.choice(['Lindenstraße', 'Am Mühlbach', 'Goethestr.', 'Kastanienallee'])} {R.randint(1, 140)}{R.choice(['', 'a', 'b'])}, {R.randint(10, 99)}{dg(3, False)} {R.choice(['Leipzig', 'Bochum', 'Freiburg', 'Kassel'])}"
            ),
            "Für den Wohngeldantrag: Meldeadresse {a}, seit 2019, Mietvertrag liegt bei.",
        ),
        (
            "address",
            "moving, fr-FR, La Poste",
            lambda: (
                f"{R.randint(1, 120)} {R.choice(['rue des Tanneurs', 'avenue Jean-Jaurès', 'impasse des Lilas', 'boulevard Voltaire'])}, {R.choice(['69007 Lyon', '31000 Toulouse', '35000 Rennes', '13005 Marseille'])}"
            ),
            "Réexpédition du courrier : ma nouvelle adresse est {a}, bâtiment B.",
        ),
        (
            "address",
            "housing, es-ES, empadronamiento",
            lambda: (
                f"C/ {R.choice(['Embajadores', 'Sant Antoni Maria Claret', 'Sierpes', 'Alcalá'])} {R.randint(1, 200)}, {R.randint(1, 8)}º {R.choice('ABCD')}, {R.choice(['28012 Madrid', '08025 Barcelona', '41004 Sevilla', '46001 València'])}"
            ),
            "Para empadronarme necesito poner la dirección exacta: {a}. ¿Se escribe así?",
        ),
        (
            "address",
            "vehicle, it-IT, passaggio",
            lambda: (
                f"Via {R.choice(['Garibaldi', 'dei Mille', 'Mazzini', 'San Donato'])} {R.randint(1, 150)}, {R.choice(['20136 Milano', '40126 Bologna', '80134 Napoli', '10125 Torino'])}"
            ),
            "Nel passaggio di proprietà la residenza del compratore è {a}. Va messa anche la scala?",
        ),
        (
            "address",
            "housing, nl-NL, huurtoeslag",
            lambda: (
                f"{R.choice(['Zeeburgerdijk', 'Oudegracht', 'Vondelstraat', 'Hoogstraat'])} {R.randint(1, 400)}-{R.choice(['I', 'II', 'III', 'hs'])}, {dg(4)} {rs(2, 'ABCEGHJKLMNPRTVWXZ')} {R.choice(['Amsterdam', 'Utrecht', 'Rotterdam'])}"
            ),
            "Mijn huurtoeslag-aanvraag: woonadres {a}. Moet ik de huisbaas zijn adres ook geven?",
        ),
        (
            "address",
            "parcel, pl-PL, adres",
            lambda: (
                f"ul. {R.choice(['Długa', 'Mickiewicza', 'Kwiatowa', 'Piotrkowska'])} {R.randint(1, 90)}/{R.randint(1, 60)}, {R.randint(0, 9)}{R.randint(0, 9)}-{dg(3)} {R.choice(['Gdańsk', 'Łódź', 'Wrocław', 'Poznań'])}"
            ),
            "Zmiana adresu w banku: nowy adres zamieszkania {a}. Napisz krótką wiadomość.",
        ),
        (
            "address",
            "government, tr-TR, e-Devlet",
            lambda: (
                f"{R.choice(['Moda Cad.', 'Atatürk Mah. Gül Sk.', 'Bağdat Cad.'])} No:{R.randint(1, 99)} D:{R.randint(1, 20)}, {R.choice(['Kadıköy/İstanbul', 'Çankaya/Ankara', 'Bornova/İzmir'])}"
            ),
            "e-Devlet adres beyanı için: {a}. Kira kontratı şart mı?",
        ),
        (
            "address",
            "benefits, ru-RU, субсидия",
            lambda: (
                f"г. {R.choice(['Казань', 'Новосибирск', 'Самара'])}, ул. {R.choice(['Ленина', 'Садовая', 'Гагарина'])}, д. {R.randint(1, 120)}, кв. {R.randint(1, 250)}"
            ),
            "Для субсидии на ЖКУ укажи адрес: {a}. Правильно оформлено?",
        ),
        (
            "address",
            "delivery, ja-JP, 住所",
            lambda: (
                f"〒{dg(3)}-{dg(4)} 東京都{R.choice(['世田谷区', '杉並区', '練馬区'])}{R.choice(['松原', '高円寺南', '石神井町'])}{R.randint(1, 6)}-{R.randint(1, 30)}-{R.randint(1, 20)}"
            ),
            "実家の住所を英語表記にしてください：{a}",
        ),
        (
            "address",
            "moving, ko-KR, 주소",
            lambda: (
                f"서울특별시 {R.choice(['마포구', '송파구', '관악구'])} {R.choice(['월드컵로', '올림픽로', '관악로'])} {R.randint(10, 300)}, {R.randint(101, 120)}동 {R.randint(101, 1504)}호"
            ),
            "전입신고할 새 주소: {a}. 영문 주소로도 바꿔줘",
        ),
        (
            "address",
            "school, zh-CN, 地址",
            lambda: (
                f"{R.choice(['北京市海淀区', '上海市徐汇区', '广州市天河区'])}{R.choice(['学院路', '漕溪北路', '天河北路'])}{R.randint(1, 300)}号{R.randint(1, 30)}栋{R.randint(101, 2408)}室"
            ),
            "孩子转学要填家庭住址：{a}，帮我翻译成英文。",
        ),
        (
            "address",
            "housing, pt-BR, aluguel",
            lambda: (
                f"Rua {R.choice(['Augusta', 'das Laranjeiras', 'Padre Chagas'])}, {R.randint(10, 2000)}, apto {R.randint(11, 1204)}, {R.choice(['São Paulo - SP', 'Rio de Janeiro - RJ', 'Porto Alegre - RS'])}, {dg(5)}-{dg(3)}"
            ),
            "Contrato de aluguel, endereço do locatário: {a}. Está completo?",
        ),
        (
            "address",
            "visa, en-IN, address proof",
            lambda: (
                f"Flat {R.randint(101, 1204)}, {R.choice(['Sai Krupa', 'Green Meadows', 'Shanti Niwas'])} Apartments, {R.choice(['Koramangala, Bengaluru 5600', 'Andheri West, Mumbai 4000', 'Salt Lake, Kolkata 7000'])}{R.randint(10, 99)}"
            ),
            "For the visa address proof letter, my residential address is {a}.",
        ),
        (
            "address",
            "health, ar-JO, hospital",
            lambda: (
                f"عمّان، {R.choice(['جبل عمّان', 'الشميساني', 'خلدا'])}، شارع {R.choice(['الأمير محمد', 'عبد الحميد شرف', 'وادي صقرة'])}، عمارة {R.randint(1, 80)}، شقة {R.randint(1, 20)}"
            ),
            "اكتب رسالة للمستشفى لتوصيل الدواء لوالدتي على العنوان: {a}",
        ),
        (
            "address",
            "moving, he-IL, ארנונה",
            lambda: (
                f"רחוב {R.choice(['הרצל', 'ביאליק', 'אבן גבירול'])} {R.randint(1, 150)} דירה {R.randint(1, 40)}, {R.choice(['תל אביב', 'חיפה', 'רמת גן'])}"
            ),
            "צריך להעביר ארנונה על שמי בכתובת {a} — מה כותבים בטופס?",
        ),
        (
            "address",
            "utilities, fa-IR, address",
            lambda: (
                f"تهران، {R.choice(['خیابان ولیعصر', 'خیابان شریعتی', 'سعادت‌آباد'])}، کوچه {R.choice(['لاله', 'نسترن', 'یاس'])}، پلاک {R.randint(1, 90)}، واحد {R.randint(1, 20)}"
            ),
            "برای انتقال کنتور گاز آدرس جدید: {a}",
        ),
        (
            "address",
            "elderly parent, hi-IN, pension",
            lambda: (
                f"मकान नं. {R.randint(1, 500)}, {R.choice(['गली नं. 4, शास्त्री नगर', 'सेक्टर 15, रोहिणी', 'गोमती नगर'])}, {R.choice(['दिल्ली 1100', 'लखनऊ 2260', 'जयपुर 3020'])}{R.randint(10, 85)}"
            ),
            "पापा की पेंशन के लिए पता बदलना है: {a}। आवेदन लिख दो।",
        ),
        (
            "address",
            "moving, th-TH, ทะเบียนบ้าน",
            lambda: (
                f"{R.randint(1, 999)}/{R.randint(1, 99)} ซอย{R.choice(['สุขุมวิท 71', 'ลาดพร้าว 101', 'รามคำแหง 24'])} แขวง{R.choice(['พระโขนง', 'คลองจั่น', 'หัวหมาก'])} กรุงเทพฯ 10{dg(3)}"
            ),
            "ช่วยแปลที่อยู่นี้เป็นภาษาอังกฤษสำหรับธนาคาร: {a}",
        ),
        (
            "address",
            "benefits, uk-UA, адреса",
            lambda: (
                f"м. {R.choice(['Київ', 'Дніпро', 'Одеса'])}, вул. {R.choice(['Січових Стрільців', 'Хрещатик', 'Шевченка'])}, буд. {R.randint(1, 150)}, кв. {R.randint(1, 200)}"
            ),
            "Для субсидії: зареєстрована адреса {a}. Як її правильно вказати?",
        ),
        (
            "address",
            "parcel, vi-VN, địa chỉ",
            lambda: (
                f"Số {R.randint(1, 300)} ngõ {R.randint(1, 200)} {R.choice(['Nguyễn Trãi', 'Kim Mã', 'Lê Văn Sỹ'])}, {R.choice(['Thanh Xuân, Hà Nội', 'Ba Đình, Hà Nội', 'Quận 3, TP.HCM'])}"
            ),
            "Viết địa chỉ nhận hàng bằng tiếng Anh: {a}",
        ),
        (
            "address",
            "housing, cs-CZ, nájem",
            lambda: (
                f"{R.choice(['Vinohradská', 'Koněvova', 'Masarykova'])} {R.randint(1, 2500)}/{R.randint(1, 90)}, {dg(3)} 00 {R.choice(['Praha 3', 'Brno', 'Olomouc'])}"
            ),
            "V nájemní smlouvě mám adresu {a} — je to správně pro trvalý pobyt?",
        ),
        (
            "address",
            "school, ro-RO, înscriere",
            lambda: (
                f"Str. {R.choice(['Zorilor', 'Republicii', 'Mihai Eminescu'])} nr. {R.randint(1, 120)}, bl. {R.choice('ABCD')}{R.randint(1, 9)}, ap. {R.randint(1, 80)}, {R.choice(['Cluj-Napoca', 'Iași', 'Timișoara'])}"
            ),
            "La înscrierea la școală am pus domiciliul: {a}. Trebuie și codul poștal?",
        ),
        (
            "address",
            "visa, en-ZA, proof",
            lambda: (
                f"{R.randint(1, 99)} {R.choice(['Jacaranda', 'Protea', 'Acacia'])} {R.choice(['Road', 'Close'])}, {R.choice(['Rondebosch, Cape Town 7700', 'Parkhurst, Johannesburg 2193', 'Morningside, Durban 4001'])}"
            ),
            "Draft the proof-of-residence affidavit — I live at {a} with my sister.",
        ),
    ]
    for kind, ctx, gen, tpl in addrs:
        a = gen()
        P(kind, ctx, tpl.replace("{a}", a), a)


def pii_ids() -> None:
    # national / tax ids with check digits
    v = ssn_us()
    P(
        "national_id",
        "taxes, en-US, W-4",
        f"Filling the W-4 for my new job: name as on card, SSN {v}, single, no dependents. Which box for the extra withholding?",
        v,
    )
    v = ssn_us()
    P(
        "national_id",
        "benefits, en-US, SSA letter",
        f"Pasted from the SSA letter:\nBeneficiary: {name()}\nSSN: {v}\nYour monthly benefit will increase in January.\nWhat does COLA mean here?",
        v,
    )
    v = nino_uk()
    P(
        "national_id",
        "benefits, en-GB, Universal Credit",
        f"Universal Credit is asking for my National Insurance number again, it's {v}. Why would they need it twice?",
        v,
    )
    v = nhs_uk()
    P(
        "health_id",
        "health, en-GB, GP registration",
        f"GP registration form (GMS1): NHS number {v}, previous practice in Manchester. Do I need proof of address?",
        v,
    )
    v = sin_ca()
    P(
        "national_id",
        "taxes, en-CA, T4",
        f"My employer put the wrong SIN on my T4. The correct one is {v}. How do I ask HR to reissue?",
        v,
    )
    v = tfn_au()
    P(
        "tax_id",
        "taxes, en-AU, TFN declaration",
        f"TFN declaration for the new café job — my tax file number is {v}, Australian resident, claim tax-free threshold yes?",
        v,
    )
    v = medicare_au()
    P(
        "health_id",
        "health, en-AU, Medicare",
        f"Physio wants my Medicare number to claim the rebate: {v}. Is the last digit the IRN?",
        v,
    )
    v = ppsn_ie()
    P(
        "national_id",
        "benefits, en-IE, PPSN",
        f"For the Child Benefit form I need my PPSN — {v}. And my partner's goes in section 3?",
        v,
    )
    v = za_id()
    P(
        "national_id",
        "bank, en-ZA, FICA",
        f"Bank FICA update asks for ID number. Mine is {v}. Do they also need a utility bill?",
        v,
    )
    v = aadhaar()
    P(
        "national_id",
        "government, en-IN, Aadhaar",
        f"Trying to link Aadhaar {v} to my PAN on the income tax site, it says name mismatch. Help?",
        v,
    )
    v = pan_in()
    P(
        "tax_id",
        "taxes, hi-IN, ITR",
        f"ITR भरते समय PAN {v} डाला पर 'PAN not registered' आ रहा है, क्या करें?",
        v,
    )
    v = aadhaar()
    P(
        "national_id",
        "elderly parent, ta-IN, pension",
        f"அம்மாவின் ஆதார் எண் {v} — ஓய்வூதிய விண்ணப்பத்தில் எங்கு எழுத வேண்டும்?",
        v,
    )
    v = steuer_id_de()
    P(
        "tax_id",
        "taxes, de-DE, Elster",
        f"In ELSTER muss ich die Steuer-ID eintragen: {v}. Mit oder ohne Leerzeichen?",
        v,
    )
    v = kvnr_de()
    P(
        "health_id",
        "health, de-DE, Krankenkasse",
        f"Für die Zahnarzt-Rechnung brauche ich meine Versichertennummer von der TK: {v}. Wo steht die auf der Karte?",
        v,
    )
    v = nir_fr()
    P(
        "national_id",
        "health, fr-FR, Ameli",
        f"Je n'arrive pas à créer mon compte Ameli avec mon numéro de sécu {v}. Ça vient de la clé ?",
        v,
    )
    v = dni_es()
    P(
        "national_id",
        "government, es-ES, cita previa",
        f"Para pedir cita previa me piden el DNI: {v}. ¿Lo pongo con la letra o sin ella?",
        v,
    )
    v = nie_es()
    P(
        "residence_permit",
        "government, es-ES, NIE",
        f"Mi NIE es {v} y la TIE me caduca en febrero. ¿Cómo pido la renovación online?",
        v,
    )
    v = cf_it()
    P(
        "tax_id",
        "health, it-IT, tessera sanitaria",
        f"Il medico di base chiede il codice fiscale di mio figlio: {v}. È lo stesso sulla tessera sanitaria?",
        v,
    )
    v = bsn_nl()
    P(
        "national_id",
        "government, nl-NL, DigiD",
        f"Bij de DigiD-aanvraag moet ik mijn BSN invullen: {v}. Ik heb een nieuwe verblijfsvergunning, maakt dat uit?",
        v,
    )
    v = pesel()
    P(
        "national_id",
        "health, pl-PL, e-recepta",
        f"Farmaceutka potrzebuje PESEL do e-recepty: {v} i kod z SMS-a. Mogę podać to przez telefon za mamę?",
        v,
    )
    v = tckn()
    P(
        "national_id",
        "health, tr-TR, e-Nabız",
        f"e-Nabız'a girmek için TC kimlik no {v} yazıyorum ama 'geçersiz' diyor. Neden?",
        v,
    )
    v = snils_ru()
    P(
        "national_id",
        "benefits, ru-RU, СНИЛС",
        f"Для пособия нужен СНИЛС ребёнка: {v}. Где его найти в Госуслугах?",
        v,
    )
    v = inn_ru()
    P(
        "tax_id",
        "taxes, ru-RU, налоговый вычет",
        f"Заполняю 3-НДФЛ на вычет за лечение, мой ИНН {v}. Какие документы приложить?",
        v,
    )
    v = rnokpp_ua()
    P(
        "tax_id",
        "taxes, uk-UA, РНОКПП",
        f"Бухгалтерія просить РНОКПП для договору: {v}. Це те саме, що ідентифікаційний код?",
        v,
    )
    v = cpf()
    P(
        "tax_id",
        "taxes, pt-BR, IRPF",
        f"Declaração do IRPF, dependente minha filha, CPF {v}. Posso incluir as despesas da escola?",
        v,
    )
    v = nif_pt()
    P(
        "tax_id",
        "housing, pt-PT, arrendamento",
        f"O senhorio pede o meu NIF para o recibo de renda eletrónico: {v}. É seguro enviar por WhatsApp?",
        v,
    )
    v = cnp_ro()
    P(
        "national_id",
        "benefits, ro-RO, alocație",
        f"Pentru alocația copilului trebuie CNP-ul meu: {v}. Se completează la primărie sau online?",
        v,
    )
    v = rc_cz()
    P(
        "national_id",
        "health, cs-CZ, pojišťovna",
        f"Pojišťovna chce rodné číslo: {v}. Lomítko tam patří, nebo ne?",
        v,
    )
    v = amka_gr()
    P(
        "health_id",
        "health, el-GR, ΑΜΚΑ",
        f"Για το ραντεβού στο νοσοκομείο μου ζητούν ΑΜΚΑ: {v}. Πού το βάζω στην πλατφόρμα;",
        v,
    )
    v = il_id()
    P(
        "national_id",
        "health, he-IL, טופס",
        f"בטופס ההתחייבות לקופת חולים צריך תעודת זהות: {v}. מה עוד צריך לצרף?",
        v,
    )
    v = melli_ir()
    P(
        "national_id",
        "bank, fa-IR, کد ملی",
        f"برای افتتاح حساب آنلاین کد ملی {v} را وارد کردم ولی خطای نامعتبر می‌دهد",
        v,
    )
    v = emirates_id()
    P(
        "residence_permit",
        "visa, ar-AE, هوية",
        f"رقم الهوية الإماراتية {v} — كيف أجدد الإقامة من تطبيق ICP؟",
        v,
    )
    v = saudi_id()
    P(
        "residence_permit",
        "government, ar-SA, إقامة",
        f"رقم الإقامة حقي {v} ، أبي أطلع تأشيرة خروج وعودة لزوجتي من أبشر، وش الخطوات؟",
        v,
    )
    v = cn_id()
    P(
        "national_id",
        "travel, zh-CN, 12306",
        f"12306买票要填乘车人身份证号：{v}，为什么提示核验失败？",
        v,
    )
    v = my_number()
    P(
        "national_id",
        "taxes, ja-JP, マイナンバー",
        f"会社にマイナンバー{v}を提出するように言われました。メールで送っても大丈夫ですか？",
        v,
    )
    v = rrn_kr()
    P(
        "national_id",
        "bank, ko-KR, 주민번호",
        f"연말정산 부양가족 등록하려는데 어머니 주민등록번호 {v} 넣으니까 오류가 나요",
        v,
    )
    v = thai_id()
    P(
        "national_id",
        "bank, th-TH, บัตรประชาชน",
        f"ธนาคารขอเลขบัตรประชาชน {v} เพื่อยืนยันตัวตน ส่งทางไลน์ได้ไหม",
        v,
    )
    v = dg(12)
    P(
        "national_id",
        "government, vi-VN, CCCD",
        f"Mình điền số CCCD {v} trên VNeID mà báo không hợp lệ, phải làm sao?",
        v,
    )
    v = f"{R.choice(['3171', '3273', '3578'])}{R.randint(1, 28):02d}{R.randint(1, 12):02d}{R.randint(70, 99)}{dg(4)}"
    P(
        "national_id",
        "benefits, id-ID, BPJS",
        f"Daftar BPJS Kesehatan online, NIK saya {v}. Kok muncul 'NIK tidak ditemukan'?",
        v,
    )
    v = dg(8)
    P(
        "national_id",
        "government, sw-KE, eCitizen",
        f"Ninajaza fomu ya eCitizen, namba ya kitambulisho ni {v}. Je, nahitaji KRA PIN pia?",
        v,
    )
    v = f"A{dg(9)}{R.choice(UP)}"
    P(
        "tax_id",
        "taxes, sw-KE, KRA",
        f"KRA PIN yangu ni {v}, nimesahau password ya iTax, ninairudishaje?",
        v,
    )
    v = f"{dg(2)}-{dg(7)}-{dg(1)}"
    P(
        "benefit_number",
        "benefits, tl-PH, SSS",
        f"Mag-a-apply ako ng maternity benefit sa SSS, ang SS number ko ay {v}. Ano pa ang kailangan?",
        v,
    )
    v = f"{dg(2)}-{dg(9)}-{dg(1)}"
    P(
        "health_id",
        "health, tl-PH, PhilHealth",
        f"PhilHealth number ni Nanay: {v}. Paano i-update ang beneficiary?",
        v,
    )
    v = f"{R.choice(['01', '10', '38'])}{dg(9)}"
    P(
        "national_id",
        "government, ka-GE, პირადი ნომერი",
        f"პირადი ნომერი {v} — როგორ შევიტანო მონაცემები იუსტიციის სახლის საიტზე?",
        v,
    )
    v = dg(10)
    P(
        "national_id",
        "benefits, hy-AM, սոցքարտ",
        f"Սոցիալական քարտի համարը {v} է, ինչպե՞ս դիմել նպաստի համար",
        v,
    )
    v = dg(10) if R.random() < 0.5 else dg(17)
    P("national_id", "government, bn-BD, NID", f"আমার এনআইডি নম্বর {v} — পাসপোর্ট আবেদনে কোথায় লিখব?", v)

    # passports, visas, MRZ
    sur, giv = R.choice(
        [("OKAFOR", "CHIDI"), ("LINDQVIST", "EMMA"), ("NGUYEN", "THI LAN"), ("DEMIR", "AYLIN")]
    )
    num, l1, l2 = mrz(
        R.choice(["NGA", "SWE", "VNM", "TUR"]),
        sur.replace(" ", "<"),
        giv.replace(" ", "<"),
        R.choice("MF"),
    )
    P(
        "passport",
        "travel, en-GB, MRZ paste",
        f"Online check-in says passport details don't match. I typed the bottom lines:\n{l1}\n{l2}\nWhich field is the passport number?",
        num,
        l2,
    )
    sur, giv = R.choice([("HARTMANN", "JONAS"), ("FERRANTE", "GIULIA"), ("MOREAU", "CLEMENT")])
    num, l1, l2 = mrz(R.choice(["D<<", "ITA", "FRA"]), sur, giv, R.choice("MF"))
    P(
        "passport",
        "travel, de-DE, MRZ OCR",
        f"Die App hat die maschinenlesbare Zone so erkannt:\n{l1}\n{l2}\nStimmen die Prüfziffern?",
        num,
        l2,
    )
    v = R.choice(UP) + dg(8, False)
    P(
        "passport",
        "visa, en-IN, VFS",
        f"Booking a VFS slot for the UK visa — passport no. {v}, issued at Hyderabad, expiry 2031. Do I need the old passport too?",
        v,
    )
    v = rs(2, UP) + dg(7, False)
    P(
        "passport",
        "travel, ru-RU, загранпаспорт",
        f"Для брони отеля в Турции спрашивают номер загранпаспорта: {v}. Это нормально, или они просто хотят данные?",
        v,
    )
    v = "C" + rs(8, "CFGHJKLMNPRTVWXYZ0123456789")
    P(
        "passport",
        "travel, de-DE, Reisepass",
        f"Passnummer für den ESTA-Antrag: {v}. Ist das der Buchstabe C oder die Null am Anfang?",
        v,
    )
    v = rs(2, UP) + dg(7, False)
    P(
        "passport",
        "travel, fr-FR, passeport",
        f"Pour l'ETA au Royaume-Uni : passeport n° {v}, délivré en 2022. Je mets aussi ma carte d'identité ?",
        v,
    )
    v = "E" + dg(8, False)
    P(
        "passport",
        "travel, zh-CN, 护照",
        f"日本签证申请表里护照号码写{v}，签发机关写公安部出入境管理局对吗？",
        v,
    )
    v = "M" + dg(8, False)
    P(
        "passport",
        "travel, ko-KR, 여권",
        f"ESTA 신청하는데 여권번호 {v} 넣었더니 이미 신청된 번호라고 나와요",
        v,
    )
    v = "T" + dg(7, False)
    P(
        "passport",
        "travel, ja-JP, 旅券",
        f"ETIASの申請フォームに旅券番号{v}を入れました。有効期限はあと8ヶ月ですが大丈夫？",
        v,
    )
    v = "U" + dg(8, False)
    P(
        "passport",
        "travel, tr-TR, pasaport",
        f"Schengen vize formunda pasaport numaram {v}, veriliş yeri Ankara. Eski vizeleri de yazmalı mıyım?",
        v,
    )
    v = R.choice(["P", "B"]) + dg(7, False)
    P(
        "passport",
        "travel, tl-PH, DFA",
        f"Yung passport number ko ay {v}, paano ko ilalagay sa eTravel registration?",
        v,
    )
    v = dg(9)
    P(
        "visa",
        "visa, en-US, I-94",
        f"My I-94 admission record number is {v}{R.choice(UP)}{dg(1, False)}. How do I check if CBP recorded my exit?",
        v,
    )
    v = f"{rs(3, UP)}{dg(10)}"
    P(
        "visa",
        "immigration, en-US, USCIS",
        f"USCIS receipt number {v} — case status says 'Case Was Received' for 5 months. Should I call?",
        v,
    )
    v = f"{R.randint(1, 9)}{dg(7, False)}"
    trn = f"{R.choice(['EGO', 'EGP'])}{rs(8, UP + DG)}"
    P(
        "visa",
        "visa, en-AU, VEVO",
        f"Checking my visa on VEVO — transaction reference {trn}, grant number {v}. What's the difference?",
        trn,
        v,
    )
    v = f"{R.choice(UP)}{dg(8)}"
    P(
        "residence_permit",
        "immigration, de-DE, eAT",
        f"Meine Aufenthaltserlaubnis (eAT) hat die Kartennummer {v}. Die Ausländerbehörde will sie für die Verlängerung per Mail.",
        v,
    )
    v = f"{R.choice(UP)}{R.choice(UP)}{dg(7)}"
    P(
        "residence_permit",
        "immigration, nl-NL, verblijfsdocument",
        f"Verblijfsvergunning nummer {v}, geldig tot 2027. Moet de IND dat weten bij verhuizing?",
        v,
    )
    v = rs(3, UP) + dg(6, False) + rs(1, UP)
    P(
        "residence_permit",
        "immigration, en-GB, BRP",
        f"Right to work share code request — my BRP number is {v}. Where on the gov site do I put it?",
        v,
    )

    # driving licences
    v = f"{R.choice(['SMITH', 'BRENN', 'MACLE', 'OKAFO'])}{R.randint(6, 9)}{R.randint(0, 9)}{R.choice(['0', '5', '1', '6'])}{R.randint(1, 2)}{R.randint(1, 28):02d}{R.randint(5, 9)}{rs(2, UP)}{R.randint(9, 9)}{rs(2, UP)}"
    P(
        "driving_licence",
        "vehicle, en-GB, DVLA",
        f"Car hire wants a DVLA check code. My licence number is {v}. How do I generate the code?",
        v,
    )
    v = f"{R.choice(UP)}{dg(3)}-{dg(3)}-{dg(2)}-{dg(3)}-{dg(1)}"
    P(
        "driving_licence",
        "vehicle, en-US, DMV",
        f"Renewing my license online, the DMV wants the DL# {v} and last 4 of SSN. Is REAL ID extra?",
        v,
    )
    v = f"{dg(4, False)}{rs(2, UP)}{dg(4)}"
    P(
        "driving_licence",
        "vehicle, fr-FR, permis",
        f"Mon numéro de permis est {v} — comment vérifier mes points sur le site ?",
        v,
    )
    v = f"{R.choice(['B', 'J', 'N'])}{dg(3)}{rs(6, UP + DG)}"
    P(
        "driving_licence",
        "vehicle, de-DE, Führerschein",
        f"Die Autovermietung fragt nach der Führerscheinnummer (Feld 5): {v}. Reicht das oder brauche ich den internationalen?",
        v,
    )
    v = f"U1{rs(1, UP)}{dg(6)}{rs(1, UP)}"
    P(
        "driving_licence",
        "vehicle, it-IT, patente",
        f"Numero patente {v} — scade ad aprile, come prenoto la visita per il rinnovo?",
        v,
    )
    v = dg(12)
    P(
        "driving_licence",
        "vehicle, ja-JP, 免許証",
        f"運転免許証番号は{v}です。国際免許の申請に何が必要ですか？",
        v,
    )

    # IBAN / cards
    for cc, ctx, tpl in [
        (
            "DE",
            "money, de-DE, Überweisung",
            "Kannst du mir eine Mail an den Vermieter schreiben, dass die Kaution auf mein Konto {v} zurück soll?",
        ),
        (
            "FR",
            "money, fr-FR, RIB",
            "Mon RIB pour le remboursement de la mutuelle : IBAN {v}, BIC au dos. C'est bon comme ça ?",
        ),
        (
            "ES",
            "money, es-ES, domiciliación",
            "Quiero domiciliar el recibo de la luz en mi cuenta {v}. ¿Cómo redacto la orden SEPA?",
        ),
        (
            "IT",
            "money, it-IT, rimborso",
            "Per il rimborso dell'Agenzia delle Entrate ho indicato l'IBAN {v}. Quanto ci mette?",
        ),
        (
            "NL",
            "benefits, nl-NL, toeslag",
            "Toeslagen moet naar mijn nieuwe rekening {v}. Kun je de wijziging voor me formuleren?",
        ),
        (
            "PL",
            "money, pl-PL, przelew",
            "Zwrot kaucji za mieszkanie proszę na konto {v}. Napisz to uprzejmie do właściciela.",
        ),
        ("TR", "money, tr-TR, EFT", "Kirayı şu hesaba yatırmam lazım: {v}. Açıklamaya ne yazayım?"),
        (
            "RO",
            "money, ro-RO, transfer",
            "Contul meu pentru salariu este {v}. Cum îl comunic la HR?",
        ),
        (
            "CZ",
            "money, cs-CZ, platba",
            "Školné platím na účet, ale přeplatek mají vrátit na {v}. Napiš mi žádost.",
        ),
        (
            "GB",
            "money, en-GB, refund",
            "Airline refund form asks for IBAN — mine is {v}. Do they need the sort code separately?",
        ),
        (
            "PT",
            "money, pt-PT, Segurança Social",
            "Para o abono de família indiquei o IBAN {v}. Já devia ter recebido?",
        ),
        ("GR", "money, el-GR, επίδομα", "Για το επίδομα ενοικίου δήλωσα IBAN {v}. Πότε πληρώνει;"),
        (
            "UA",
            "money, uk-UA, переказ",
            "Батьки надсилають гроші на мій рахунок {v}. Чи потрібно декларувати?",
        ),
        ("GE", "money, ka-GE, გადარიცხვა", "ხელფასის ანგარიში: {v}. როგორ მივწერო დამსაქმებელს?"),
        ("IL", "money, he-IL, החזר", "מספר ה-IBAN שלי להחזר מס: {v}. זה מספיק?"),
        ("SA", "money, ar-SA, تحويل", "رقم الآيبان حقي {v} ، أبغى أكتب طلب تحويل الراتب"),
        (
            "AE",
            "money, ar-AE, salary",
            "Salary transfer letter: my IBAN is {v}, please draft it formally",
        ),
    ]:
        v = iban_fmt(cc) if R.random() < 0.6 else iban(cc)
        P("iban", ctx, tpl.replace("{v}", v), v)
    for brand, ctx, tpl in [
        (
            "visa",
            "travel, en-US, hotel hold",
            "The hotel in Lisbon says my card was declined for the deposit. Card {v}, exp 08/28. Can you write them an email asking to retry?",
        ),
        (
            "mc",
            "money, de-DE, Reklamation",
            "Doppelt abgebucht! Meine Kreditkarte {v} wurde zweimal mit 89,90 € belastet. Schreib eine Beschwerde an den Händler.",
        ),
        (
            "amex",
            "travel, en-GB, chargeback",
            "Amex {v} — the airline never refunded the cancelled flight. How do I raise a dispute?",
        ),
        (
            "visa",
            "money, es-MX, aclaración",
            "Me hicieron un cargo que no reconozco en mi tarjeta {v}. Redacta la aclaración para el banco.",
        ),
        (
            "mc",
            "money, ja-JP, 不正利用",
            "クレジットカード{v}に身に覚えのない請求があります。カード会社への連絡文を作ってください。",
        ),
        (
            "visa",
            "subscriptions, pt-BR, cancelamento",
            "Quero cancelar a academia, eles continuam cobrando no cartão {v}. Me ajuda com a carta?",
        ),
        ("mc", "money, ar-EG, بطاقة", "البنك خصم مبلغ مرتين من كارت {v} ، اكتب لي شكوى"),
        ("visa", "money, tr-TR, kart", "Kartım {v} yurt dışında bloke oldu, bankaya ne yazayım?"),
    ]:
        raw = card(brand)
        assert luhn_ok(raw)
        v = card_fmt(raw) if R.random() < 0.7 else raw
        P("card_number", ctx, tpl.replace("{v}", v), v)

    # dates of birth
    for ctx, tpl, form in [
        (
            "health, en-GB, GP",
            "Booking a GP appointment online for my son, DOB {v}, it says no matching patient. What now?",
            0,
        ),
        (
            "travel, de-DE, Visum",
            "Visumantrag für meine Mutter: geboren am {v} in Izmir. Wie schreibe ich den Geburtsort?",
            1,
        ),
        (
            "benefits, en-US, Medicare",
            "Dad turns 65 soon — DOB {v}. When's his initial enrollment period for Medicare?",
            0,
        ),
        (
            "school, nl-NL, inschrijving",
            "Inschrijving basisschool: geboortedatum dochter {v}. Mag ze na de zomer al starten?",
            1,
        ),
        (
            "insurance, pl-PL, polisa",
            "W polisie mam datę urodzenia {v}, a powinno być inaczej. Jak zgłosić korektę?",
            1,
        ),
        (
            "passport, ru-RU, анкета",
            "В анкете на загранпаспорт дата рождения {v}, место рождения — Омск. Правильно?",
            1,
        ),
        ("health, ja-JP, 問診票", "問診票の生年月日は{v}で合っていますか？英語でどう書きますか", 2),
        ("government, ko-KR, 민원", "민원 신청서에 생년월일 {v} 형식으로 쓰면 되나요?", 2),
        (
            "visa, es-ES, formulario",
            "En el formulario del visado puse fecha de nacimiento {v}. ¿Está en el formato correcto?",
            0,
        ),
        (
            "childcare, fr-FR, crèche",
            "Dossier crèche : ma fille est née le {v}. On peut l'inscrire pour septembre ?",
            0,
        ),
    ]:
        young = "school" in ctx or "childcare" in ctx or " son" in tpl
        d = dob(young)
        v = d[form]
        if "Medicare" in ctx:
            v = f"{d[4]:02d}/{d[5]:02d}/1961"
        P("dob", ctx, tpl.replace("{v}", v), v)

    # licence plates and VINs
    for ctx, tpl, gen in [
        (
            "vehicle, de-DE, Parkausweis",
            "Anwohnerparkausweis beantragen für Kennzeichen {v}. Welche Unterlagen?",
            lambda: (
                f"{R.choice(['M', 'HH', 'K', 'B', 'F'])}-{rs(2, 'ABCDEFGHJKLMNPRSTUVWXYZ')} {R.randint(100, 9999)}"
            ),
        ),
        (
            "vehicle, en-GB, PCN appeal",
            "I got a parking ticket but I had a permit. Car reg {v}. Write me an appeal.",
            lambda: (
                f"{rs(2, 'ABCDEFGHKLMNOPRSVWY')}{R.randint(10, 74)} {rs(3, 'ABCDEFGHJKLMNOPRSTUVWXYZ')}"
            ),
        ),
        (
            "vehicle, fr-FR, ANTS",
            "Carte grise : immatriculation {v}, je déménage, comment changer l'adresse sur ANTS ?",
            lambda: (
                f"{rs(2, 'ABCDEFGHJKLMNPQRSTVWXYZ')}-{dg(3, False)}-{rs(2, 'ABCDEFGHJKLMNPQRSTVWXYZ')}"
            ),
        ),
        (
            "vehicle, it-IT, multa",
            "Mi è arrivata una multa per la targa {v} ma quel giorno ero all'estero. Come faccio ricorso?",
            lambda: (
                f"{rs(2, 'ABCDEFGHJKLMNPRSTVWXYZ')} {dg(3, False)}{rs(2, 'ABCDEFGHJKLMNPRSTVWXYZ')}"
            ),
        ),
        (
            "vehicle, pl-PL, OC",
            "Polisa OC na auto o numerze rejestracyjnym {v} kończy się w marcu, jak porównać oferty?",
            lambda: f"{R.choice(['WA', 'KR', 'PO', 'GD'])} {dg(5, False)}",
        ),
        (
            "vehicle, es-ES, ZBE",
            "¿Mi coche con matrícula {v} puede entrar en la ZBE de Madrid? Es gasolina de 2008.",
            lambda: f"{dg(4)} {rs(3, 'BCDFGHJKLMNPRSTVWXYZ')}",
        ),
        (
            "vehicle, tr-TR, HGS",
            "HGS etiketi {v} plakalı araca tanımlı değil diyor, ne yapmalıyım?",
            lambda: (
                f"{R.choice(['34', '06', '35'])} {rs(3, 'ABCDEFGHJKLMNPRSTUVYZ')} {dg(2, False)}"
            ),
        ),
        (
            "vehicle, uk-UA, штраф",
            "Прийшов штраф на авто {v}. Як оскаржити через Дію?",
            lambda: f"{R.choice(['АА', 'ВС', 'КА'])}{dg(4)}{R.choice(['ВК', 'ІН', 'ОР'])}",
        ),
    ]:
        v = gen()
        P("licence_plate", ctx, tpl.replace("{v}", v), v)
    v = vin()
    P(
        "vin",
        "vehicle, en-US, title transfer",
        f"Buying a used car privately. Title shows VIN {v}. How do I check for liens and do the transfer in Ohio?",
        v,
    )
    v = vin()
    P(
        "vin",
        "vehicle, de-DE, Zulassung",
        f"In der Zulassungsbescheinigung Teil I steht die FIN {v}. Ist das für die Versicherung dasselbe?",
        v,
    )

    # benefit / claim / member numbers
    for ctx, tpl, gen in [
        (
            "health insurance, en-US, claim",
            "Aetna denied my claim. Member ID {v}, claim for an MRI in March. Write an appeal letter.",
            lambda: f"W{dg(9)}",
        ),
        (
            "health insurance, de-DE, PKV",
            "Erstattungsantrag an die Allianz PKV, Versicherungsnummer {v}. Rechnungen liegen als PDF bei.",
            lambda: f"{dg(3)}/{dg(6)}-{dg(1)}",
        ),
        (
            "benefits, en-GB, PIP",
            "My PIP claim reference is {v}. The assessment letter came with the wrong date.",
            lambda: f"{rs(2, UP)}{dg(6)}{rs(1, 'ABCD')}",
        ),
        (
            "benefits, fr-FR, CAF",
            "Mon numéro d'allocataire CAF est {v}. Comment déclarer mon changement de situation ?",
            lambda: dg(7),
        ),
        (
            "health insurance, nl-NL, zorgverzekering",
            "Mijn zorgverzekering (Zilveren Kruis) polisnummer is {v}. Wordt fysiotherapie vergoed?",
            lambda: dg(9),
        ),
        (
            "insurance, it-IT, sinistro",
            "Numero di polizza {v} per il sinistro della lavatrice che ha allagato il vicino. Cosa scrivo?",
            lambda: f"{dg(3)}.{dg(3)}.{dg(9)}",
        ),
        (
            "benefits, es-ES, SEPE",
            "El SEPE me dice que mi solicitud de paro {v} está en trámite. ¿Cuánto tarda?",
            lambda: f"{dg(2)}/{dg(8)}",
        ),
        (
            "health, en-AU, private health",
            "Bupa member number {v} — can I claim the dentist on the spot with the app?",
            lambda: dg(8),
        ),
        (
            "benefits, en-CA, EI",
            "My EI access code letter... wait, the claim number is {v}. How do I fill biweekly reports?",
            lambda: dg(9),
        ),
    ]:
        v = gen()
        P("benefit_number", ctx, tpl.replace("{v}", v), v)

    # personal IPs and usernames
    v = ip4()
    P(
        "ip_address",
        "router, en-US, port forward",
        f"My public IP is {v} and I want to reach my home camera from work. Is port forwarding safe?",
        v,
    )
    v = ip4()
    P(
        "ip_address",
        "accounts, de-DE, Login-Warnung",
        f"Google meldet einen Login von {v} — ist das meine eigene IP vom Telekom-Anschluss?",
        v,
    )
    v = ip6()
    P(
        "ip_address",
        "smart home, fr-FR, IPv6",
        f"Ma Freebox me donne l'adresse IPv6 {v} pour le NAS, je la mets où dans l'appli ?",
        v,
    )
    v = ip4()
    P(
        "ip_address",
        "gaming/family, pl-PL, ban",
        f"Syn dostał bana na serwerze, a admin mówi, że z IP {v}. To nasz domowy adres?",
        v,
    )
    for ctx, tpl, gen in [
        (
            "accounts, en-US, Instagram",
            "My daughter's Instagram @{v} got hacked and the email changed. How do I report it?",
            lambda: (
                f"{R.choice(['lily', 'maya', 'zoe'])}.{R.choice(['sunflower', 'dances', 'paints'])}_{R.randint(2008, 2013)}"
            ),
        ),
        (
            "accounts, es-AR, Mercado Libre",
            "Mi usuario de Mercado Libre es {v} y me suspendieron la cuenta. ¿Cómo apelo?",
            lambda: (
                f"{R.choice(['JUANMA', 'SOFI', 'LUCHO'])}{R.randint(100, 999)}{R.choice(['ARG', 'BA', ''])}"
            ),
        ),
        (
            "accounts, ja-JP, LINE",
            "母のLINE IDは{v}です。乗っ取られたかもしれません。どうすれば？",
            lambda: f"{R.choice(['hanako', 'keiko', 'michiko'])}_{R.randint(1950, 1965)}",
        ),
        (
            "accounts, tr-TR, e-Devlet",
            "Twitter'da kullanıcı adım @{v}, biri taklit hesap açmış. Şikayet metni yazar mısın?",
            lambda: (
                f"{R.choice(['aylin', 'mert', 'deniz'])}{R.choice(['_', '.'])}{R.choice(['yilmaz', 'kaya', 'sahin'])}{R.randint(80, 99)}"
            ),
        ),
        (
            "accounts, ru-RU, Telegram",
            "Мой ник в телеграме @{v}, кто-то пишет от моего имени родственникам. Что делать?",
            lambda: (
                f"{R.choice(['olga', 'dima', 'sveta'])}_{R.choice(['spb', 'msk', 'nsk'])}{R.randint(10, 99)}"
            ),
        ),
    ]:
        v = gen()
        P("username", ctx, tpl.replace("{v}", v), v)


# ---------------------------------------------------------------- negatives

NEG_FIXED = [
    (
        "travel, en-US, flight",
        "My flight is UA 1472 from Denver, departs 06:45 and lands 11:20. Is a 55-minute connection in Chicago enough?",
    ),
    (
        "travel, en-GB, baggage",
        "Ryanair says one small bag 40 x 20 x 25 cm is free and a 10 kg cabin bag costs extra. Does a laptop bag count?",
    ),
    (
        "travel, de-DE, Bahn",
        "Mein ICE 577 hat 95 Minuten Verspätung. Bekomme ich 25 % oder 50 % vom Fahrpreis zurück?",
    ),
    (
        "travel, fr-FR, TGV",
        "Le TGV INOUI 6613 part de Paris Gare de Lyon à 14h07, voiture 12. Combien de temps avant faut-il arriver ?",
    ),
    (
        "travel, es-ES, Renfe",
        "¿El AVE 03071 Madrid–Barcelona para en Zaragoza? Sale a las 9:30 según la web.",
    ),
    (
        "travel, it-IT, Frecciarossa",
        "Il Frecciarossa 9547 delle 10:10 è in ritardo di 30 minuti: posso prendere quello dopo con lo stesso biglietto?",
    ),
    (
        "visa, en-IN, fees",
        "The UK Standard Visitor visa fee is £127 for 6 months. Is the priority service worth ₹50,000 extra?",
    ),
    (
        "visa, en-US, ESTA",
        "ESTA costs $21 now and is valid for 2 years. Does it expire if my passport expires first?",
    ),
    (
        "visa, zh-CN, 申根",
        "申根签证最多可以停留90天（180天内），如果我在法国待60天，还能去德国30天吗？",
    ),
    (
        "visa, ja-JP, 短期滞在",
        "日本のパスポートでアメリカに行くならESTAでいいですか？滞在は最長90日ですよね。",
    ),
    ("visa, ko-KR, K-ETA", "K-ETA는 유효기간이 3년인가요? 수수료는 10,000원이라고 봤어요."),
    (
        "visa, tr-TR, vize",
        "Schengen vizesi için seyahat sağlık sigortası en az 30.000 € teminatlı olmalı, doğru mu?",
    ),
    (
        "visa, ar-EG, تأشيرة",
        "هل تأشيرة الدخول إلى الإمارات للمصريين تستغرق ٣ أيام عمل؟ وكم رسومها تقريباً؟",
    ),
    ("travel, th-TH, ตม.", "ผู้ถือพาสปอร์ตไทยไปญี่ปุ่นไม่ต้องขอวีซ่าถ้าอยู่ไม่เกิน 15 วันใช่ไหม"),
    (
        "travel, vi-VN, hành lý",
        "Vietnam Airlines cho mang hành lý xách tay 12 kg hạng phổ thông phải không?",
    ),
    (
        "travel, id-ID, bandara",
        "Penerbangan GA 404 Jakarta–Denpasar berangkat 07.15 dari Terminal 3. Check-in tutup jam berapa?",
    ),
    (
        "hotel, pt-BR, check-in",
        "Check-in a partir das 14h e check-out até 12h. Dá para pedir late check-out de graça?",
    ),
    (
        "hotel, nl-NL, toeristenbelasting",
        "Amsterdam rekent 12,5% toeristenbelasting op de kamerprijs. Zit dat al in de prijs van Booking?",
    ),
    (
        "health, en-US, dosage",
        "Doctor said ibuprofen 400 mg every 6–8 hours, max 1,200 mg a day without advice. Can I alternate with acetaminophen 500 mg?",
    ),
    (
        "health, en-GB, lab ranges",
        "My results say HbA1c 41 mmol/mol, range 20–41. Is that borderline prediabetes?",
    ),
    (
        "health, de-DE, Laborwerte",
        "Ferritin 18 ng/ml (Referenzbereich 15–150). Ist das zu niedrig für Haarausfall?",
    ),
    (
        "health, fr-FR, ordonnance",
        "Amoxicilline 1 g matin et soir pendant 7 jours : je peux la prendre avec du paracétamol 1000 mg ?",
    ),
    (
        "health, es-ES, análisis",
        "Colesterol LDL 162 mg/dL, el valor deseable es menos de 130. ¿Es para preocuparse?",
    ),
    (
        "health, it-IT, vaccino",
        "Il richiamo del tetano va fatto ogni 10 anni? L'ultimo l'ho fatto nel 2014.",
    ),
    (
        "health, pl-PL, wyniki",
        "TSH 4,8 mIU/l przy normie 0,27–4,2. Czy to już niedoczynność tarczycy?",
    ),
    ("health, ru-RU, анализы", "Гемоглобин 118 г/л при норме 120–140 для женщин. Это анемия?"),
    (
        "health, uk-UA, ліки",
        "Дитині 4 роки, 17 кг. Скільки мл сиропу парацетамолу 120 мг/5 мл можна дати?",
    ),
    (
        "health, ja-JP, 健康診断",
        "健康診断でLDLコレステロールが142 mg/dLでした。基準値は60〜139だそうです。再検査は必要？",
    ),
    ("health, ko-KR, 검사", "공복혈당이 108 mg/dL 나왔는데 정상 범위가 70~99라서 걱정돼요"),
    ("health, zh-CN, 体检", "体检报告说尿酸 450 μmol/L，参考范围 208–428，需要吃药吗？"),
    (
        "health, ar-SA, دواء",
        "الطبيب وصف لي ميتفورمين ٥٠٠ ملغ مرتين يومياً، هل آخذه قبل الأكل أو بعده؟",
    ),
    ("health, he-IL, תרופות", 'האם מותר לקחת אקמול 500 מ"ג ביחד עם נורופן 200 מ"ג?'),
    (
        "health, hi-IN, दवा",
        "डॉक्टर ने विटामिन D 60,000 IU हफ्ते में एक बार 8 हफ्ते के लिए लिखा है, क्या ये ज्यादा है?",
    ),
    ("health, bn-BD, ওষুধ", "প্যারাসিটামল ৫০০ মিলিগ্রাম দিনে কতবার খাওয়া নিরাপদ?"),
    ("health, ta-IN, மருந்து", "சர்க்கரை அளவு உணவுக்கு முன் 126 mg/dL வந்தால் நீரிழிவு நோயா?"),
    (
        "health, fa-IR, آزمایش",
        "ویتامین D من ۱۸ نانوگرم بر میلی‌لیتر است، محدوده نرمال ۳۰ تا ۱۰۰ است. چقدر مکمل بخورم؟",
    ),
    ("health, el-GR, εξετάσεις", "Ο σίδηρος μου είναι 45 μg/dL, φυσιολογικό 60–170. Τι να τρώω;"),
    (
        "health insurance, en-US, deductible",
        "My plan has a $1,500 deductible and 20% coinsurance after that, out-of-pocket max $6,000. If an MRI costs $2,400, what do I pay?",
    ),
    (
        "health insurance, de-DE, Zuzahlung",
        "Zuzahlung bei Medikamenten: 10 %, mindestens 5 €, höchstens 10 €. Gilt das auch für Kinder?",
    ),
    (
        "money, en-US, taxes",
        "For 2025, is the standard deduction $15,000 for single filers? And the 22% bracket starts where?",
    ),
    (
        "money, en-GB, tax",
        "Personal allowance is £12,570 and the basic rate is 20% up to £50,270. If I earn £38,000, roughly how much tax?",
    ),
    (
        "money, de-DE, Steuer",
        "Der Grundfreibetrag liegt bei etwa 12.000 €. Muss ich als Student mit Minijob (556 € im Monat) eine Steuererklärung machen?",
    ),
    (
        "money, fr-FR, impôts",
        "Si mon revenu fiscal de référence est 24 000 €, je suis dans la tranche à 11 % ou 30 % ?",
    ),
    (
        "money, es-ES, IRPF",
        "¿Hasta cuánto se puede ganar sin hacer la declaración de la renta? ¿Sigue siendo 22.000 € con un pagador?",
    ),
    (
        "money, it-IT, ISEE",
        "Con un ISEE sotto i 15.000 € si ha diritto al bonus asilo nido più alto?",
    ),
    (
        "money, pt-BR, IR",
        "O limite de isenção do IR é R$ 2.824 por mês? Ganho R$ 3.100, preciso declarar?",
    ),
    (
        "money, nl-NL, box 3",
        "Hoe werkt box 3 nu precies? Het heffingsvrij vermogen is toch rond de € 57.000?",
    ),
    (
        "money, pl-PL, PIT",
        "Próg podatkowy to 120 000 zł, a stawka 12% poniżej. Czy ulga na dziecko to 1112,04 zł rocznie?",
    ),
    (
        "money, tr-TR, faiz",
        "Bankada 100.000 TL'yi %45 yıllık faizle 32 gün tutarsam stopajdan sonra ne kadar kazanırım?",
    ),
    (
        "money, ru-RU, вклад",
        "Если положить 500 000 ₽ на вклад под 18% годовых на 6 месяцев, сколько будет с капитализацией?",
    ),
    (
        "money, ja-JP, NISA",
        "新NISAのつみたて投資枠は年120万円、成長投資枠は240万円で合ってますか？",
    ),
    ("money, ko-KR, 적금", "월 50만원씩 연 4.5% 적금 12개월이면 세후 이자가 얼마인가요?"),
    ("money, zh-CN, 房贷", "房贷100万，30年，利率3.1%，等额本息每个月还多少？"),
    (
        "money, ar-EG, قرض",
        "لو أخذت قرض ٢٠٠ ألف جنيه بفائدة ٢٧٪ على ٥ سنوات، القسط الشهري كم تقريباً؟",
    ),
    ("money, hi-IN, EMI", "5 लाख का पर्सनल लोन 11.5% ब्याज पर 3 साल के लिए लिया तो EMI कितनी होगी?"),
    (
        "money, vi-VN, lãi suất",
        "Gửi tiết kiệm 100 triệu kỳ hạn 6 tháng lãi 4,7%/năm thì được bao nhiêu tiền lãi?",
    ),
    (
        "money, id-ID, cicilan",
        "KPR 500 juta tenor 15 tahun bunga fix 7,5% cicilannya sekitar berapa?",
    ),
    (
        "money, sw-KE, mkopo",
        "Nikichukua mkopo wa shilingi 50,000 kwa riba ya 14% kwa mwaka, nitalipa kiasi gani kwa miezi 12?",
    ),
    (
        "crypto, en-AU, tax",
        "If I bought 0.5 BTC at $40k and sold at $95k after 14 months, does the 50% CGT discount apply?",
    ),
    (
        "crypto, de-DE, Haltefrist",
        "Gilt in Deutschland immer noch die Haltefrist von einem Jahr für Krypto-Gewinne, und wie hoch ist die Freigrenze (1.000 €)?",
    ),
    (
        "crypto, es-AR, comisiones",
        "¿Conviene comprar USDT en un exchange con comisión del 0,1% o por P2P con spread del 2%?",
    ),
    (
        "payments, en-GB, fees",
        "PayPal charges 2.9% + 30p for goods and services. If I sell a sofa for £250, what do I get?",
    ),
    (
        "payments, pt-BR, Pix",
        "O Pix noturno tem limite de R$ 1.000 entre 20h e 6h? Dá pra aumentar?",
    ),
    (
        "payments, tl-PH, GCash fees",
        "Magkano ang fee sa GCash cash-in sa 7-Eleven? 2% ba talaga pag lagpas ng ₱8,000?",
    ),
    (
        "housing, en-US, rent",
        "Landlord wants first month, last month and a security deposit equal to 1.5 months. Rent is $2,150. Is that legal in Massachusetts?",
    ),
    (
        "housing, en-AU, bond",
        "Is 4 weeks rent the max bond in Victoria? The flat is $620 per week.",
    ),
    (
        "housing, de-DE, Nebenkosten",
        "Die Nebenkostenabrechnung sagt 1.240 € Nachzahlung für 68 m². Ist das normal für Fernwärme?",
    ),
    (
        "housing, fr-FR, préavis",
        "En zone tendue, le préavis pour quitter un appartement vide est d'un mois, c'est bien ça ?",
    ),
    (
        "housing, es-ES, fianza",
        "¿La fianza de un alquiler de vivienda es de una mensualidad por ley? Me piden tres.",
    ),
    (
        "housing, it-IT, affitto",
        "Contratto 4+4 o 3+2 a canone concordato: quale conviene per la cedolare secca al 10%?",
    ),
    ("housing, nl-NL, huur", "Mag mijn huur in 2025 met meer dan 5,5% omhoog in de vrije sector?"),
    (
        "housing, pl-PL, czynsz",
        "Czynsz administracyjny 780 zł plus media. Ile realnie zapłacę zimą za ogrzewanie?",
    ),
    (
        "housing, cs-CZ, nájem",
        "Kolik může být maximálně kauce na byt? Slyšela jsem, že trojnásobek nájmu.",
    ),
    (
        "housing, ro-RO, utilități",
        "Cât consumă o centrală pe gaz pentru un apartament de 2 camere, cam 60 mp, iarna?",
    ),
    (
        "utilities, en-GB, energy",
        "Price cap unit rate is 24.86p per kWh and standing charge 60.97p a day. Is a fixed deal at 23p better?",
    ),
    (
        "utilities, de-DE, Strom",
        "Wir verbrauchen 2.800 kWh im Jahr. Lohnt sich ein dynamischer Stromtarif?",
    ),
    (
        "moving, en-CA, checklist",
        "Moving from Ontario to BC next month. What's the order: driver's licence, health card (MSP), address change with CRA?",
    ),
    ("moving, ko-KR, 전입신고", "전입신고는 이사 후 14일 이내에 해야 하죠? 온라인으로도 되나요?"),
    ("moving, ja-JP, 転出届", "引っ越しの転出届は引っ越し日の14日前から出せますか？"),
    (
        "government, en-US, voting",
        "When is the voter registration deadline in Pennsylvania for the November election — 15 days before?",
    ),
    (
        "government, en-GB, voter ID",
        "Which photo IDs are accepted at polling stations in England? Does an expired passport count?",
    ),
    (
        "government, de-DE, Briefwahl",
        "Bis wann muss ich die Briefwahl beantragen, und reicht der Poststempel am Freitag vor der Wahl?",
    ),
    (
        "government, fr-FR, procuration",
        "Comment faire une procuration pour voter le 15 mars ? Il faut aller au commissariat ?",
    ),
    (
        "government, pl-PL, wybory",
        "Czy mogę głosować poza miejscem zameldowania, jeśli dopiszę się do spisu wyborców?",
    ),
    (
        "government, es-MX, INE",
        "¿La credencial del INE que venció en 2024 todavía sirve para votar?",
    ),
    (
        "government, tr-TR, ehliyet",
        "B sınıfı ehliyet yenileme ücreti 2025'te ne kadar? Sağlık raporu gerekiyor mu?",
    ),
    ("government, uk-UA, Дія", "Чи можна через Дію змінити місце реєстрації, якщо я ВПО?"),
    (
        "government, ka-GE, ID",
        "რამდენი ღირს პირადობის მოწმობის აღდგენა იუსტიციის სახლში და რამდენ დღეში მზადდება?",
    ),
    (
        "government, hy-AM, անձնագիր",
        "Որքա՞ն ժամանակ է պահանջվում նոր անձնագիր ստանալու համար և ինչ արժե։",
    ),
    (
        "vehicle, en-US, registration",
        "California registration renewal fee went up — is it normal to pay around $300 for a 2019 Camry?",
    ),
    (
        "vehicle, de-DE, TÜV",
        "Wie lange darf ich den TÜV überziehen, bevor es Bußgeld gibt? Zwei Monate sind noch ok, oder?",
    ),
    (
        "vehicle, it-IT, bollo",
        "Il bollo auto per una Panda 1.2 del 2015, 51 kW, in Lombardia quanto costa?",
    ),
    ("vehicle, en-AU, rego", "Is rego in NSW cheaper for 6 months or 12 months overall?"),
    (
        "family, en-US, childcare",
        "Daycare is $1,850/month. Can I use the Dependent Care FSA ($5,000 limit) and also the child care tax credit?",
    ),
    (
        "family, en-GB, tax-free childcare",
        "Tax-Free Childcare tops up £2 for every £8 — max £500 every 3 months per child. Right?",
    ),
    (
        "family, de-DE, Elterngeld",
        "Elterngeld ist 65 % vom Netto, max 1.800 € im Monat. Wie viele Monate kriegt man mit Partnermonaten?",
    ),
    (
        "family, fr-FR, école",
        "La rentrée est le 1er septembre ; à partir de quel âge l'école est obligatoire en France, 3 ans ?",
    ),
    (
        "family, nl-NL, kinderopvangtoeslag",
        "Hoeveel uur kinderopvangtoeslag krijg je maximaal per maand? 230 uur?",
    ),
    (
        "family, it-IT, assegno unico",
        "L'assegno unico per un figlio sotto i 21 anni con ISEE 20.000 € a quanto ammonta più o meno?",
    ),
    ("family, ja-JP, 保育園", "保育園の申し込みは4月入園だと何月までに出せばいいですか？"),
    ("family, zh-TW, 托育", "台北市公托一個月大概多少錢？聽說是 9,000 元左右"),
    (
        "family, tl-PH, eskwela",
        "Ilang taon dapat ang bata para makapasok sa Kindergarten sa DepEd? 5 years old by August 31 ba?",
    ),
    (
        "elderly parent, en-AU, aged care",
        "What's the basic daily fee for residential aged care now, about $63 a day?",
    ),
    (
        "elderly parent, ko-KR, 장기요양",
        "노인장기요양보험 등급 신청하면 결과 나오는 데 보통 30일 걸리나요?",
    ),
    (
        "elderly parent, es-ES, dependencia",
        "¿Cuánto tarda la ley de dependencia en resolver? En mi comunidad dicen 18 meses.",
    ),
    (
        "devices, en-US, router",
        "What's the difference between WPA2 and WPA3, and should I turn off WPS on my router?",
    ),
    (
        "devices, de-DE, FRITZ!Box",
        "FRITZ!OS 8.00 ist raus. Soll ich das Update sofort machen oder warten?",
    ),
    (
        "devices, fr-FR, box",
        "Mon débit fibre est annoncé à 2 Gbit/s mais j'ai 940 Mbit/s en Ethernet. C'est la carte réseau ?",
    ),
    (
        "devices, es-ES, móvil",
        "¿iOS 18.2 ya tiene la función de llamadas de emergencia por satélite en España?",
    ),
    ("devices, ru-RU, роутер", "Какой канал Wi-Fi лучше выбрать на 2,4 ГГц — 1, 6 или 11?"),
    (
        "devices, ja-JP, スマート家電",
        "スマートリモコンは2.4GHz帯しか対応していないことが多いって本当ですか？",
    ),
    ("devices, zh-CN, 路由器", "路由器的管理地址一般是 192.168.0.1 还是 192.168.1.1？怎么判断？"),
    ("devices, hi-IN, फोन", "Android 15 में ऐप का पासवर्ड ऑटोफिल कैसे बंद करें?"),
    (
        "devices, sw-KE, simu",
        "Ninawezaje kuwasha uthibitishaji wa hatua mbili (2FA) kwenye WhatsApp?",
    ),
    (
        "accounts, en-GB, 2FA",
        "Which is safer for my bank: SMS codes, an authenticator app, or a passkey?",
    ),
    (
        "accounts, pt-PT, passkey",
        "O que é uma chave de acesso (passkey) e funciona no portal das Finanças?",
    ),
    (
        "accounts, it-IT, password manager",
        "Conviene usare il portachiavi di iCloud o Bitwarden per tutta la famiglia?",
    ),
    ("accounts, th-TH, 2FA", "แอป Authenticator ของ Google กับ Microsoft ต่างกันยังไง ใช้อันไหนดี"),
    (
        "form template, en-US, blank",
        "Here's the form I need to fill, what goes in each box?\nFull name: ____________\nDate of birth: MM/DD/YYYY\nSSN: XXX-XX-XXXX\nPhone: (___) ___-____",
    ),
    (
        "form template, de-DE, Vorlage",
        "Vorlage für die Kündigung:\nName: [Ihr Name]\nKundennummer: [bitte eintragen]\nIBAN: DE__ ____ ____ ____ ____ __\nKannst du den Text formeller machen?",
    ),
    (
        "form template, fr-FR, modèle",
        "Modèle de lettre : « Je soussigné(e) [Nom Prénom], né(e) le [JJ/MM/AAAA], demeurant [adresse]… » — il manque quoi pour une attestation d'hébergement ?",
    ),
    (
        "form template, es-ES, plantilla",
        "En la plantilla pone: DNI/NIE: ________, Teléfono: ________, Correo: ________. ¿Qué pongo si soy extranjero sin NIE?",
    ),
    (
        "form template, ja-JP, 書式",
        "申込書の「フリガナ」「生年月日（西暦）」「電話番号（ハイフンなし）」はどう書けばいいですか",
    ),
    (
        "form template, ar-AE, نموذج",
        "في نموذج الطلب مكتوب: الاسم ______ رقم الهوية ______ تاريخ الانتهاء ______. هل أكتب بالعربي أو الإنجليزي؟",
    ),
    (
        "public office, en-GB, NHS 111",
        "If it's not an emergency should I call 111 or my GP? And 999 is only for life-threatening stuff, right?",
    ),
    (
        "public office, de-DE, 116117",
        "Der ärztliche Bereitschaftsdienst ist doch die 116 117, oder? Und 112 nur bei Notfällen?",
    ),
    (
        "public office, fr-FR, 15",
        "En France, on appelle le 15 pour le SAMU ou le 112 ? C'est pareil ?",
    ),
    ("public office, en-US, 988", "Is 988 the number for the crisis lifeline in all states now?"),
    (
        "public office, en-AU, 000",
        "Is 000 or 112 the better number to call from a mobile in Australia?",
    ),
    (
        "public office, it-IT, 1500",
        "Il numero di pubblica utilità del Ministero della Salute è ancora il 1500?",
    ),
    (
        "postal, en-US, public place",
        "Is the passport acceptance facility at the post office on 8th Ave, New York, NY 10001 open on Saturdays?",
    ),
    (
        "postal, fr-FR, préfecture",
        "La préfecture de police est au 1 bis rue de Lutèce, 75004 Paris. Il faut prendre rendez-vous pour le titre de séjour ?",
    ),
    (
        "postal, de-DE, Bürgeramt",
        "Ist das Bürgeramt Rathaus Schöneberg (John-F.-Kennedy-Platz, 10825 Berlin) auch samstags offen?",
    ),
    (
        "general, en-NG, planning",
        "What documents do I need to renew an international passport in Nigeria, and how many weeks does it take?",
    ),
    (
        "general, en-IE, planning",
        "How long does a first-time adult passport take in Ireland if I apply online — 15 working days?",
    ),
    (
        "general, en-ZA, smart ID",
        "Can I apply for a smart ID card at a bank branch instead of Home Affairs?",
    ),
    ("general, ro-RO, pașaport", "Cât costă un pașaport simplu electronic în 2025 și cât durează?"),
    ("general, cs-CZ, pas", "Kolik stojí cestovní pas ve zkrácené lhůtě a za kolik dní je hotový?"),
    ("general, el-GR, διαβατήριο", "Πόσο κοστίζει η έκδοση διαβατηρίου 10ετούς ισχύος;"),
    ("general, fa-IR, گذرنامه", "هزینه صدور گذرنامه در سال جدید چقدر است و چند روز طول می‌کشد؟"),
    ("general, bn-BD, ই-পাসপোর্ট", "৪৮ পৃষ্ঠার ১০ বছর মেয়াদি ই-পাসপোর্টের ফি কত?"),
    ("general, ta-IN, tatkal", "தட்கல் பாஸ்போர்ட் கட்டணம் எவ்வளவு? சாதாரண விண்ணப்பத்தை விட எவ்வளவு அதிகம்?"),
    ("general, he-IL, דרכון", "כמה זמן לוקח לקבל דרכון ביומטרי חדש ומה המחיר?"),
    (
        "general, ka-GE, travel",
        "საქართველოს მოქალაქეებს ევროკავშირში 90 დღით უვიზოდ შეუძლიათ მოგზაურობა?",
    ),
    (
        "general, hy-AM, travel",
        "Հայաստանի քաղաքացիներին ո՞ր երկրներ են առանց վիզայի թույլ տալիս մուտք գործել",
    ),
    (
        "general, id-ID, paspor",
        "Biaya paspor elektronik 10 tahun sekarang Rp 650.000 ya? Bisa bayar lewat aplikasi?",
    ),
    (
        "general, vi-VN, hộ chiếu",
        "Làm hộ chiếu online trên Cổng dịch vụ công mất bao lâu và lệ phí bao nhiêu?",
    ),
    (
        "general, ru-RU, налоги",
        "Какая ставка НДФЛ в 2025 году при доходе выше 2,4 млн рублей в год?",
    ),
    (
        "multi-turn, en-US, budgeting",
        "User: I make $4,200 a month after tax.\nAssistant: Want to try 50/30/20?\nUser: yes — so $2,100 needs, $1,260 wants, $840 savings?",
    ),
    (
        "multi-turn, de-DE, Umzug",
        "Nutzer: Wann muss ich mich ummelden?\nAssistent: Innerhalb von 2 Wochen nach dem Einzug.\nNutzer: Und brauche ich dafür die Wohnungsgeberbestätigung?",
    ),
    (
        "multi-turn, es-MX, trámites",
        "Usuario: ¿Cuánto cuesta el pasaporte de 6 años?\nAsistente: Depende del año, revisa la SRE.\nUsuario: Vale, y ¿cuántas fotos piden? Creo que ninguna ahora.",
    ),
]


def negatives() -> None:
    for ctx, text in NEG_FIXED:
        N(ctx, text)
    airlines = [
        ("LH", "Frankfurt"),
        ("AF", "Paris-CDG"),
        ("TK", "Istanbul"),
        ("QF", "Sydney"),
        ("EK", "Dubai"),
        ("BA", "London Heathrow"),
        ("NH", "Tokyo Haneda"),
        ("KE", "Seoul Incheon"),
        ("VN", "Hanoi"),
        ("SQ", "Singapore"),
    ]
    tpls = [
        "Flight {f} to {c} shows 'gate closes 20 min before departure' — boarding starts at {t}. How early should I be at security?",
        "Is {f} to {c} usually on time? Mine is scheduled at {t} and I have a train after.",
        "My connection is {f} ({c}), departs {t}. Can I get through transfer in time if the first leg lands 50 minutes late?",
    ]
    for i in range(10):
        al, city = airlines[i]
        f = f"{al} {R.randint(10, 2999)}"
        t = f"{R.randint(5, 22):02d}:{R.choice(['05', '15', '30', '40', '55'])}"
        N(
            "travel, flight status",
            tpls[i % 3].replace("{f}", f).replace("{c}", city).replace("{t}", t),
        )
    carriers = [
        ("DHL", "JJD"),
        ("UPS", "1Z"),
        ("PostNL", "3S"),
        ("Royal Mail", ""),
        ("Correos", "PQ"),
    ]
    for i in range(6):
        name_, pre = carriers[i % len(carriers)]
        if name_ == "UPS":
            trk = "1Z" + rs(6, UP + DG) + dg(10)
        elif name_ == "Royal Mail":
            trk = rs(2, UP) + dg(9) + "GB"
        else:
            trk = pre + dg(18 if pre == "JJD" else 13)
        N(
            "moving, parcel tracking",
            f"My {name_} parcel {trk} with the new passport photos has said 'in transit' for 6 days. Normal before a holiday?",
        )
    for _ in range(6):
        order = R.choice(
            ["#", "Order ", "Bestellnr. ", "Pedido nº ", "Commande n° ", "注文番号 "]
        ) + dg(R.randint(7, 10))
        price = R.choice(["€89.99", "$149.00", "£34.50", "R$ 219,90", "¥12,800", "1.299 zł"])
        N(
            "shopping, order number",
            f"{order}: baby car seat, total {price}. Return window is 30 days from delivery — does the clock start today?",
        )
    events = [
        "Coldplay at Wembley",
        "Taylor Swift in Lisbon",
        "the Ghibli exhibition in Osaka",
        "a Champions League match in Milan",
        "Hamilton on Broadway",
        "the Ed Sheeran show in Mumbai",
    ]
    for ev in events:
        tk = f"{rs(2, UP)}-{dg(6)}"
        N(
            "events, public ticket listing",
            f"Resale site lists tickets for {ev}, listing {tk}, block 112, row G, face value plus 10% fee. Is that site legit?",
        )
    for _ in range(4):
        v = f"{R.randint(1, 19)}.{R.randint(0, 9)}.{R.randint(0, 30)}"
        N(
            "devices, version",
            f"The bank app wants version {v} or later and my phone is on Android 11. Will it still work next year?",
        )


# ---------------------------------------------------------------- main


def main() -> None:
    secrets_pass()
    secrets_extra()
    pii_pass()
    pii_ids()
    negatives()
    seen: set[str] = set()
    for row in ROWS:
        assert row["text"] not in seen, row["text"][:80]
        seen.add(row["text"])
    R.shuffle(ROWS)
    with OUT.open("w", encoding="utf-8", newline="\n") as fh:
        for row in ROWS:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {len(ROWS)} rows to {OUT}")
    print(Counter(r["category"] for r in ROWS))
    print(Counter(f"{r['category']}/{r['kind']}" for r in ROWS))


if __name__ == "__main__":
    main()
