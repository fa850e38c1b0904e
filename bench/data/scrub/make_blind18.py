# ruff: noqa: E501
"""Blind scrub corpus #18: health, care and education.

Written without looking at the scrubber: its source, tests, docs, benchmark
script and the earlier corpora were not opened while this file was written
(only the opening lines of ``make_blind5.py`` were read, for the row format and
the ``add``/``S``/``P`` helpers). The contents come only from general knowledge
of what patients, carers, clinicians, pharmacists, teachers, students and
parents paste into a chat assistant, and of the public shapes of credentials,
health and school identifiers and personal data.

Theme: appointments, lab results, prescriptions, insurance claims, hospital
portals, telehealth apps, school portals, exam registrations, LMS tokens,
patient lists, HL7/FHIR/DICOM snippets, lab-system configs, nurses' rosters,
carers handling an elderly parent's bank and pension. National identifiers are
generated with their real check digits where the format has one.

Deterministic: every random value comes from one seeded ``random.Random``, so
running ``python bench/data/scrub/make_blind18.py`` again writes the same
``blind18.jsonl`` (next to this script) byte for byte. Standard library only.

One JSON object per line::

    {"text": str, "category": "secret" | "pii" | "negative", "kind": str,
     "secrets": [str, ...], "context": str}

``secrets`` holds exact substrings of ``text`` (each at least 6 characters)
that must not survive scrubbing. Negatives have kind ``"negative"`` and an
empty list: nothing in them is secret or personal (prices, dates, codes of
products, standards and statutes, versions, public hashes, fully masked
values), and they must come out unchanged. No published test values (test card
numbers, documented example keys, reserved example domains, fictional phone
ranges) are used anywhere.
"""

from __future__ import annotations

import base64
import hashlib
import json
import random
import string
import unicodedata
from collections import Counter
from pathlib import Path

R = random.Random(18_0712_2026)
OUT = Path(__file__).with_name("blind18.jsonl")

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
    secrets = list(dict.fromkeys(secrets))
    # drop a value only when every occurrence of it sits inside a longer listed value
    secrets = [
        s
        for s in secrets
        if not any(
            s != o and s in o and text.count(s) <= text.count(o) * o.count(s) for o in secrets
        )
    ]
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


_STATE = {"i": 0, "off": 0}


def times(n: int):
    """Run the decorated template ``n`` times, right where it is defined."""

    def deco(fn):
        _STATE["off"] = R.randrange(1000)
        for i in range(n):
            _STATE["i"] = i
            fn()
        return fn

    return deco


def alt(options: list):
    """Rotate through a template's wordings, one per repetition."""
    return options[(_STATE["i"] + _STATE["off"]) % len(options)]


# ---------------------------------------------------------------- random bits


def rs(alphabet: str, n: int) -> str:
    return "".join(R.choice(alphabet) for _ in range(n))


def dg(n: int) -> str:
    return rs(DG, n)


def nz(n: int) -> str:
    """n digits, the first one not zero."""
    return R.choice("123456789") + dg(n - 1)


def pick(seq):
    return R.choice(seq)


_SEEN: set[str] = set()


def fresh(seq):
    """Like pick, but prefers options whose text has not been used yet."""

    def key(x):
        return x[1] if isinstance(x, tuple) else x

    cands = [x for x in seq if key(x) not in _SEEN]
    x = R.choice(cands or seq)
    _SEEN.add(key(x))
    return x


def dob(y0: int = 1935, y1: int = 2004) -> tuple[int, int, int]:
    return R.randint(y0, y1), R.randint(1, 12), R.randint(1, 28)


def group(s: str, sizes: list[int], sep: str = " ") -> str:
    out, i = [], 0
    for n in sizes:
        out.append(s[i : i + n])
        i += n
    if i < len(s):
        out.append(s[i:])
    return sep.join(out)


# ---------------------------------------------------------------- check digits


def luhn_digit(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def luhn_ok(num: str) -> bool:
    return luhn_digit(num[:-1]) == num[-1]


def card(brand: str = "") -> str:
    brand = brand or pick(["visa", "visa", "mc", "mc2", "amex"])
    if brand == "visa":
        body = "4" + dg(14)
    elif brand == "mc":
        body = "5" + pick("12345") + dg(13)
    elif brand == "mc2":
        body = str(R.randint(2221, 2720)) + dg(11)
    else:
        body = "3" + pick("47") + dg(12)
    return body + luhn_digit(body)


def card_fmt(num: str, sep: str = " ") -> str:
    if len(num) == 15:
        return group(num, [4, 6, 5], sep)
    return group(num, [4, 4, 4, 4], sep)


def nhs() -> str:
    while True:
        d = [R.randint(0, 9) for _ in range(9)]
        d[0] = R.randint(4, 7)
        s = sum(x * w for x, w in zip(d, range(10, 1, -1), strict=True))
        c = 11 - s % 11
        if c == 11:
            c = 0
        if c == 10:
            continue
        return "".join(map(str, d)) + str(c)


def chi() -> str:
    while True:
        y, m, dd = dob()
        base = f"{dd:02d}{m:02d}{y % 100:02d}" + dg(3)
        s = sum(int(x) * w for x, w in zip(base, range(10, 1, -1), strict=True))
        c = 11 - s % 11
        if c == 11:
            c = 0
        if c == 10:
            continue
        return base + str(c)


def nir(sex: int | None = None) -> str:
    sex = sex or R.randint(1, 2)
    y, m, _ = dob()
    dept = pick(["75", "69", "13", "33", "59", "31", "44", "67", "06", "35", "2A"])
    body = f"{sex}{y % 100:02d}{m:02d}{dept}{R.randint(1, 990):03d}{R.randint(1, 999):03d}"
    num = body.replace("2A", "19").replace("2B", "18")
    key = 97 - int(num) % 97
    return f"{body}{key:02d}"


def nir_fmt(v: str) -> str:
    return group(v, [1, 2, 2, 2, 3, 3, 2])


def kvnr() -> str:
    letter = pick(UP)
    digits = dg(8)
    s = f"{ord(letter) - 64:02d}" + digits
    total = 0
    for i, ch in enumerate(s):
        p = int(ch) * (1 if i % 2 == 0 else 2)
        total += p // 10 + p % 10
    return letter + digits + str(total % 10)


def bsn() -> str:
    while True:
        d = [R.randint(0, 9) for _ in range(8)]
        d[0] = R.randint(1, 6)
        s = sum(x * w for x, w in zip(d, range(9, 1, -1), strict=True))
        last = s % 11
        if last <= 9:
            return "".join(map(str, d)) + str(last)


_CF_DIGITS_ODD = (1, 0, 5, 7, 9, 13, 15, 17, 19, 21)
_CF_LETTERS_ODD = (
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
)
_CF_ODD = dict(zip(DG + UP, (*_CF_DIGITS_ODD, *_CF_LETTERS_ODD), strict=True))


def _cf_part(word: str, is_name: bool) -> str:
    w = word.upper()
    cons = [c for c in w if c in UP and c not in "AEIOU"]
    vow = [c for c in w if c in "AEIOU"]
    if is_name and len(cons) >= 4:
        return cons[0] + cons[2] + cons[3]
    return ("".join(cons + vow) + "XXX")[:3]


def codice_fiscale(surname: str, name: str, female: bool) -> str:
    y, m, dd = dob()
    day = dd + (40 if female else 0)
    town = pick(["H501", "F205", "F839", "L219", "A944", "D612", "G273", "C351", "L736"])
    body = (
        _cf_part(surname, False)
        + _cf_part(name, True)
        + f"{y % 100:02d}"
        + "ABCDEHLMPRST"[m - 1]
        + f"{day:02d}"
        + town
    )
    total = 0
    for i, ch in enumerate(body):
        if i % 2 == 0:
            total += _CF_ODD[ch]
        else:
            total += int(ch) if ch.isdigit() else ord(ch) - 65
    return body + chr(65 + total % 26)


def dni() -> str:
    n = R.randint(10_000_000, 79_999_999)
    return f"{n}{'TRWAGMYFPDXBNJZSQVHLCKE'[n % 23]}"


def nie() -> str:
    p = pick("XYZ")
    n = R.randint(1_000_000, 9_999_999)
    v = int(str("XYZ".index(p)) + f"{n:07d}")
    return f"{p}{n:07d}{'TRWAGMYFPDXBNJZSQVHLCKE'[v % 23]}"


def pesel(female: bool | None = None) -> str:
    y, m, dd = dob(1940, 2008)
    mm = m + (20 if y >= 2000 else 0)
    ser = dg(3)
    sx = R.choice("02468" if female else "13579") if female is not None else dg(1)
    body = f"{y % 100:02d}{mm:02d}{dd:02d}{ser}{sx}"
    s = sum(int(a) * w for a, w in zip(body, [1, 3, 7, 9, 1, 3, 7, 9, 1, 3], strict=True))
    return body + str((10 - s % 10) % 10)


def cpf() -> str:
    d = [R.randint(0, 9) for _ in range(9)]
    for n in (10, 11):
        s = sum(x * w for x, w in zip(d, range(n, 1, -1), strict=False))
        r = (s * 10) % 11
        d.append(0 if r == 10 else r)
    return "".join(map(str, d))


def cpf_fmt(v: str) -> str:
    return f"{v[:3]}.{v[3:6]}.{v[6:9]}-{v[9:]}"


def cns() -> str:
    while True:
        body = pick("789") + dg(13)
        s = sum(int(x) * (15 - i) for i, x in enumerate(body))
        c = (11 - s % 11) % 11
        if c <= 9:
            return body + str(c)


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


def verhoeff_digit(body: str) -> str:
    c = 0
    for i, ch in enumerate(reversed(body)):
        c = _VD[c][_VP[(i + 1) % 8][int(ch)]]
    return str(_VINV[c])


def aadhaar() -> str:
    body = pick("23456789") + dg(10)
    return body + verhoeff_digit(body)


def aadhaar_fmt(v: str, sep: str = " ") -> str:
    return group(v, [4, 4, 4], sep)


def rrn(female: bool | None = None) -> str:
    y, m, dd = dob(1940, 1999)
    g = ("2" if female else "1") if female is not None else pick("12")
    body = f"{y % 100:02d}{m:02d}{dd:02d}{g}{dg(5)}"
    s = sum(int(a) * w for a, w in zip(body, [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5], strict=True))
    return f"{body[:6]}-{body[6:]}{(11 - s % 11) % 10}"


def cn_id() -> str:
    area = pick(["110105", "310104", "440106", "510107", "330106", "420106", "320102", "610113"])
    y, m, dd = dob(1950, 2005)
    body = f"{area}{y}{m:02d}{dd:02d}{dg(3)}"
    w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    s = sum(int(a) * b for a, b in zip(body, w, strict=True))
    return body + "10X98765432"[s % 11]


_TW = dict(zip("ABCDEFGHJKLMNPQRSTUVXYWZIO", range(10, 36), strict=True))


def tw_id() -> str:
    letter = pick("ABCDEFHKLPQRS")
    digits = pick("12") + dg(7)
    code = _TW[letter]
    s = (
        code // 10
        + (code % 10) * 9
        + sum(int(x) * w for x, w in zip(digits, [8, 7, 6, 5, 4, 3, 2, 1], strict=True))
    )
    return letter + digits + str((10 - s % 10) % 10)


def my_number() -> str:
    body = nz(11)
    s = 0
    for n in range(1, 12):
        p = int(body[11 - n])
        q = n + 1 if n <= 6 else n - 5
        s += p * q
    r = s % 11
    return body + ("0" if r <= 1 else str(11 - r))


def tc_kimlik() -> str:
    d = [R.randint(1, 9)] + [R.randint(0, 9) for _ in range(8)]
    d10 = ((d[0] + d[2] + d[4] + d[6] + d[8]) * 7 - (d[1] + d[3] + d[5] + d[7])) % 10
    d.append(d10)
    d.append(sum(d) % 10)
    return "".join(map(str, d))


def il_id() -> str:
    body = dg(8)
    for c in range(10):
        s = 0
        for i, ch in enumerate(body + str(c)):
            p = int(ch) * (1 if i % 2 == 0 else 2)
            s += p // 10 + p % 10
        if s % 10 == 0:
            return body + str(c)
    raise AssertionError


def personnummer() -> str:
    y, m, dd = dob(1940, 2005)
    body = f"{y % 100:02d}{m:02d}{dd:02d}{dg(3)}"
    sep = "-" if y >= 1925 else "+"
    return f"{y // 100 if R.random() < 0.4 else ''}{body[:6]}{sep}{body[6:]}{luhn_digit(body)}"


def hetu() -> str:
    y, m, dd = dob(1940, 2010)
    ind = R.randint(2, 899)
    n = int(f"{dd:02d}{m:02d}{y % 100:02d}{ind:03d}")
    sign = "-" if y < 2000 else "A"
    return f"{dd:02d}{m:02d}{y % 100:02d}{sign}{ind:03d}{'0123456789ABCDEFHJKLMNPRSTUVWXY'[n % 31]}"


def ssn() -> str:
    while True:
        a = R.randint(1, 899)
        if a != 666:
            break
    return f"{a:03d}-{R.randint(1, 99):02d}-{R.randint(1, 9999):04d}"


def mbi() -> str:
    L = "ACDEFGHJKMNPQRTUVWXY"
    return (
        pick("123456789")
        + pick(L)
        + pick(L + DG)
        + pick(DG)
        + pick(L)
        + pick(L + DG)
        + pick(DG)
        + pick(L)
        + pick(L)
        + pick(DG)
        + pick(DG)
    )


def mbi_fmt(v: str) -> str:
    return f"{v[:4]}-{v[4:7]}-{v[7:]}"


def amka() -> str:
    y, m, dd = dob()
    body = f"{dd:02d}{m:02d}{y % 100:02d}{dg(4)}"
    return body + luhn_digit(body)


def cnp() -> str:
    y, m, dd = dob(1940, 1999)
    body = f"{pick('12')}{y % 100:02d}{m:02d}{dd:02d}{R.randint(1, 46):02d}{R.randint(1, 999):03d}"
    s = sum(int(a) * w for a, w in zip(body, [2, 7, 9, 1, 4, 6, 3, 5, 8, 2, 7, 9], strict=True))
    r = s % 11
    return body + ("1" if r == 10 else str(r))


def rodne_cislo(female: bool) -> str:
    while True:
        y, m, dd = dob(1954, 2004)
        mm = m + (50 if female else 0)
        base = int(f"{y % 100:02d}{mm:02d}{dd:02d}{dg(3)}")
        c = base * 10
        r = c % 11
        if r == 0:
            s = f"{c:010d}"
            return f"{s[:6]}/{s[6:]}"
        cand = c + (11 - r)
        if cand // 10 == base:
            s = f"{cand:010d}"
            return f"{s[:6]}/{s[6:]}"


def taj() -> str:
    body = nz(8)
    s = sum(int(x) * (3 if i % 2 == 0 else 7) for i, x in enumerate(body))
    return body + str(s % 10)


def snils() -> str:
    while True:
        body = nz(9)
        s = sum(int(x) * (9 - i) for i, x in enumerate(body))
        if s < 100:
            c = s
        elif s in (100, 101):
            c = 0
        else:
            c = s % 101
            if c in (100, 101):
                c = 0
        return f"{body[:3]}-{body[3:6]}-{body[6:]} {c:02d}"


def rnokpp() -> str:
    body = nz(9)
    s = sum(int(x) * w for x, w in zip(body, [-1, 5, 7, 9, 4, 6, 10, 5, 7], strict=True))
    return body + str(s % 11 % 10)


def saudi_id() -> str:
    body = pick("12") + dg(8)
    return body + luhn_digit(body)


def emirates_id() -> str:
    y = R.randint(1950, 2000)
    body = f"784{y}{dg(7)}"
    c = luhn_digit(body)
    return f"784-{y}-{body[7:]}-{c}"


def iran_code() -> str:
    body = nz(9)
    s = sum(int(x) * (10 - i) for i, x in enumerate(body))
    r = s % 11
    return body + str(r if r < 2 else 11 - r)


def thai_id() -> str:
    body = pick("1358") + dg(11)
    s = sum(int(x) * (13 - i) for i, x in enumerate(body))
    c = (11 - s % 11) % 10
    v = body + str(c)
    return f"{v[0]}-{v[1:5]}-{v[5:10]}-{v[10:12]}-{v[12]}"


def nik() -> str:
    y, m, dd = dob(1950, 2004)
    dd += 40 if R.random() < 0.5 else 0
    return (
        pick(["3171", "3273", "3578", "5171", "3374", "1271"])
        + dg(2)
        + f"{dd:02d}{m:02d}{y % 100:02d}"
        + f"{R.randint(1, 2999):04d}"
    )


def au_medicare() -> str:
    body = pick("23456") + dg(7)
    s = sum(int(x) * w for x, w in zip(body, [1, 3, 7, 9, 1, 3, 7, 9], strict=True))
    return f"{body[:4]} {body[4:]}{s % 10} {R.randint(1, 9)}"


def ohip() -> str:
    body = nz(9)
    v = body + luhn_digit(body)
    return f"{v[:4]}-{v[4:7]}-{v[7:]}-{rs(UP, 2)}"


def be_niss() -> str:
    y, m, dd = dob(1940, 1999)
    body = f"{y % 100:02d}{m:02d}{dd:02d}{R.randint(1, 997):03d}"
    c = 97 - int(body) % 97
    return f"{body[:2]}.{body[2:4]}.{body[4:6]}-{body[6:]}.{c:02d}"


def at_svnr() -> str:
    while True:
        y, m, dd = dob()
        ser = f"{R.randint(100, 999)}"
        tail = f"{dd:02d}{m:02d}{y % 100:02d}"
        d = [int(x) for x in ser + "0" + tail]
        w = [3, 7, 9, 0, 5, 8, 4, 2, 1, 6]
        c = sum(a * b for a, b in zip(d, w, strict=True)) % 11
        if c < 10:
            return f"{ser}{c} {tail}"


def ean_digit(body: str) -> str:
    s = sum(int(x) * (3 if i % 2 else 1) for i, x in enumerate(body))
    return str((10 - s % 10) % 10)


def ahv() -> str:
    body = "756" + dg(9)
    v = body + ean_digit(body)
    return f"{v[:3]}.{v[3:7]}.{v[7:11]}.{v[11:]}"


def pt_nif() -> str:
    while True:
        body = pick("123") + dg(7)
        s = sum(int(x) * (9 - i) for i, x in enumerate(body))
        c = 11 - s % 11
        if c >= 10:
            c = 0
        return body + str(c)


def pzn() -> str:
    while True:
        body = dg(7)
        c = sum(int(x) * (i + 1) for i, x in enumerate(body)) % 11
        if c < 10:
            return body + str(c)


def isbn13(prefix: str = "978") -> str:
    body = prefix + dg(9)
    return body + ean_digit(body)


def ean13(prefix: str) -> str:
    body = prefix + dg(12 - len(prefix))
    return body + ean_digit(body)


# ---------------------------------------------------------------- IBAN


def _iban_check(cc: str, bban: str) -> str:
    s = bban + cc + "00"
    num = "".join(str(int(ch, 36)) for ch in s)
    return f"{98 - int(num) % 97:02d}"


def _es_dc(digits: str, weights: list[int]) -> str:
    r = 11 - sum(int(a) * b for a, b in zip(digits, weights, strict=True)) % 11
    return "0" if r == 11 else "1" if r == 10 else str(r)


def iban(cc: str) -> str:
    if cc == "DE":
        bban = pick(
            ["10010010", "20050550", "37040044", "50010517", "70150000", "43060967", "60050101"]
        ) + dg(10)
    elif cc == "GB":
        bban = pick(["NWBK", "BARC", "LOYD", "HBUK", "MIDL"]) + dg(6) + dg(8)
    elif cc == "NL":
        bban = pick(["INGB", "RABO", "ABNA", "SNSB", "TRIO"]) + dg(10)
    elif cc == "FR":
        bank, branch, acct = dg(5), dg(5), dg(11)
        key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(acct)) % 97
        bban = f"{bank}{branch}{acct}{key:02d}"
    elif cc == "ES":
        bank, branch, acct = dg(4), dg(4), dg(10)
        dc = _es_dc("00" + bank + branch, [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]) + _es_dc(
            acct, [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]
        )
        bban = bank + branch + dc + acct
    elif cc == "BE":
        body = dg(10)
        c = int(body) % 97 or 97
        bban = f"{body}{c:02d}"
    elif cc == "PT":
        body = dg(19)
        c = 98 - (int(body) * 100) % 97
        bban = f"{body}{c:02d}"
    elif cc == "PL":
        bban = dg(24)
    elif cc == "IT":
        bban = pick(UP) + dg(5) + dg(5) + dg(12)
    elif cc == "GR":
        bban = dg(3) + dg(4) + dg(16)
    elif cc == "TR":
        bban = dg(5) + "0" + dg(16)
    elif cc == "SA":
        bban = dg(2) + dg(18)
    elif cc == "AE":
        bban = dg(3) + dg(16)
    elif cc == "IL":
        bban = dg(3) + dg(3) + dg(13)
    elif cc == "CH":
        bban = dg(5) + dg(12)
    elif cc == "AT":
        bban = dg(5) + dg(11)
    elif cc == "UA":
        bban = dg(6) + dg(19)
    elif cc == "GE":
        bban = pick(["BG", "TB", "LB"]) + dg(16)
    elif cc == "SE":
        bban = dg(3) + dg(17)
    elif cc == "FI":
        bban = dg(14)
    elif cc == "RO":
        bban = pick(["BTRL", "RNCB", "BRDE", "INGB"]) + rs(UP + DG, 16)
    elif cc == "HU":
        bban = dg(24)
    elif cc == "CZ":
        bban = dg(20)
    else:
        raise ValueError(cc)
    return cc + _iban_check(cc, bban) + bban


def iban_ok(v: str) -> bool:
    v = v.replace(" ", "")
    s = v[4:] + v[:4]
    return int("".join(str(int(ch, 36)) for ch in s)) % 97 == 1


def iban_fmt(v: str) -> str:
    return " ".join(v[i : i + 4] for i in range(0, len(v), 4))


# ---------------------------------------------------------------- tokens


def hx(n: int) -> str:
    return rs(HX, n)


def b64_body(nbytes: int) -> str:
    return base64.b64encode(R.randbytes(nbytes)).decode()


def b64u(n: int) -> str:
    return rs(B64U, n)


def jwt(payload: dict, alg: str = "HS256") -> str:
    def enc(obj: dict) -> str:
        raw = json.dumps(obj, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    sig_len = 43 if alg.startswith("HS") else 342
    return f"{enc({'alg': alg, 'typ': 'JWT'})}.{enc(payload)}.{b64u(sig_len)}"


def uuid4() -> str:
    h = hx(32)
    h = h[:12] + "4" + h[13:16] + pick("89ab") + h[17:]
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def pem_lines(nbytes: int, width: int = 64) -> list[str]:
    body = b64_body(nbytes)
    return [body[i : i + width] for i in range(0, len(body), width)]


def openssh_key() -> tuple[str, list[str]]:
    raw = b"openssh-key-v1\x00" + R.randbytes(380)
    body = base64.b64encode(raw).decode()
    lines = [body[i : i + 70] for i in range(0, len(body), 70)]
    block = (
        "-----BEGIN OPENSSH PRIVATE KEY-----\n"
        + "\n".join(lines)
        + "\n-----END OPENSSH PRIVATE KEY-----"
    )
    return block, [ln for ln in lines if len(ln) >= 6]


def rsa_key(label: str = "RSA PRIVATE KEY", nbytes: int = 600) -> tuple[str, list[str]]:
    lines = pem_lines(nbytes)
    block = f"-----BEGIN {label}-----\n" + "\n".join(lines) + f"\n-----END {label}-----"
    return block, [ln for ln in lines if len(ln) >= 6]


def aws_id() -> str:
    return "AKIA" + rs(B32, 16)


def aws_secret() -> str:
    return rs(AN + "/+", 40)


def twilio_sid() -> str:
    return "AC" + hx(32)


def twilio_token() -> str:
    return hx(32)


def sendgrid() -> str:
    return "SG." + b64u(22) + "." + b64u(43)


def google_key() -> str:
    return "AIza" + rs(AN + "-_", 35)


def gocspx() -> str:
    return "GOCSPX-" + b64u(28)


def azure_secret() -> str:
    return rs(AN, 3) + pick(DG) + "Q~" + rs(AN + "~._-", 34)


def azure_storage_key() -> str:
    return b64_body(64)


def openai_key() -> str:
    return "sk-proj-" + b64u(74) + "T3BlbkFJ" + b64u(74)


def stripe_live() -> str:
    return "sk_live_51" + rs(AN, 97)


def slack_hook() -> str:
    return f"https://hooks.slack.com/services/T{rs(UP + DG, 8)}/B{rs(UP + DG, 10)}/{rs(AN, 24)}"


def mailgun() -> str:
    return "key-" + hx(32)


def moodle_token() -> str:
    return hx(32)


def canvas_token() -> str:
    return f"{R.randint(1000, 24999)}~{rs(AN, 64)}"


def ya29() -> str:
    return "ya29.a0" + b64u(150)


def g_refresh() -> str:
    return "1//0" + pick("34569cdeg") + b64u(99)


def ghp() -> str:
    return "ghp_" + rs(AN, 36)


def hf_token() -> str:
    return "hf_" + rs(AN, 34)


def firebase_key() -> str:
    return "AAAA" + rs(AN, 7) + ":APA91b" + b64u(134)


def okta_token() -> str:
    return "00" + b64u(40)


def totp_seed(n: int = 32) -> str:
    return rs(B32, n)


def recovery_codes(n: int, style: str = "dash") -> list[str]:
    out = []
    for _ in range(n):
        if style == "dash":
            out.append(f"{rs(LO + DG, 4)}-{rs(LO + DG, 4)}")
        elif style == "digits":
            out.append(f"{dg(4)} {dg(4)}")
        else:
            out.append(rs(UP + DG, 10))
    return out


def human_pw() -> str:
    words = [
        "Sonnenblume",
        "Mariposa",
        "Girasol",
        "Tulipe",
        "Kaktus",
        "Bluebell",
        "Ostsee",
        "Rosmarin",
        "Kanarek",
        "Bambu",
        "Hortensia",
        "Lavande",
        "Tigerlily",
        "Pinguin",
        "Oceano",
        "Palmera",
        "Zeytin",
        "Yildiz",
        "Papillon",
        "Kirschbaum",
        "Gazelle",
        "Sakura",
        "Morwenna",
        "Ciocolata",
    ]
    w = pick(words)
    return pick(
        [
            f"{w}{R.randint(1950, 2024)}{pick('!?#$*')}",
            f"{w}_{dg(2)}{pick('!#&')}",
            f"{pick('!#$')}{w.lower()}{dg(3)}",
            f"{w[:4]}{dg(2)}{pick(['Mama', 'Papa', 'Oma', 'Nona'])}{pick('!$%')}",
        ]
    )


def url_pw(n: int = 16) -> str:
    """A strong password that can sit in a URL without escaping."""
    while True:
        p = rs(AN + "-_.~!*", n)
        if any(c in DG for c in p) and any(c in UP for c in p) and any(c in LO for c in p):
            return p


def strong_pw(n: int = 14) -> str:
    while True:
        p = rs(AN + "!#$%&*+-=?^_", n)
        if any(c in DG for c in p) and any(c in UP for c in p) and any(c in LO for c in p):
            return p


def otp() -> str:
    return nz(6)


def pin6() -> str:
    while True:
        p = dg(6)
        if len(set(p)) >= 4 and p not in "0123456789" and p not in "9876543210":
            return p


# ---------------------------------------------------------------- phones


def phone(cc: str, intl: bool | None = None) -> str:
    intl = R.random() < 0.4 if intl is None else intl
    if cc == "GB":
        while True:
            n = "7" + pick("4589") + dg(8)
            if not n.startswith("7700"):
                break
        return f"+44 {n[:4]} {n[4:]}" if intl else f"0{n[:4]} {n[4:]}"
    if cc == "US":
        area = pick(
            [
                "212",
                "312",
                "415",
                "617",
                "713",
                "206",
                "303",
                "404",
                "503",
                "646",
                "718",
                "773",
                "469",
                "602",
            ]
        )
        while True:
            ex = pick("23456789") + dg(2)
            if ex != "555":
                break
        line = dg(4)
        return (
            pick([f"+1 {area} {ex} {line}", f"+1-{area}-{ex}-{line}"])
            if intl
            else pick([f"({area}) {ex}-{line}", f"{area}-{ex}-{line}", f"{area}.{ex}.{line}"])
        )
    if cc == "FR":
        n = pick("67") + dg(8)
        return (
            f"+33 {n[0]} {group(n[1:], [2, 2, 2, 2])}"
            if intl
            else "0" + n[0] + " " + group(n[1:], [2, 2, 2, 2])
        )
    if cc == "DE":
        pre = pick(
            [
                "151",
                "152",
                "157",
                "160",
                "162",
                "163",
                "170",
                "171",
                "172",
                "173",
                "175",
                "176",
                "177",
                "178",
                "179",
            ]
        )
        n = dg(pick([7, 8]))
        return f"+49 {pre} {n}" if intl else pick([f"0{pre} {n}", f"0{pre}/{n}", f"0{pre}-{n}"])
    if cc == "AT":
        return (
            f"+43 6{pick(['64', '60', '76', '99', '50'])} {dg(7)}"
            if intl
            else f"06{pick(['64', '60', '76', '99', '50'])} {dg(7)}"
        )
    if cc == "CH":
        return (
            f"+41 7{pick('6789')} {dg(3)} {dg(2)} {dg(2)}"
            if intl
            else f"07{pick('6789')} {dg(3)} {dg(2)} {dg(2)}"
        )
    if cc == "ES":
        n = pick("67") + dg(8)
        return f"+34 {group(n, [3, 3, 3])}" if intl else group(n, [3, 3, 3])
    if cc == "IT":
        n = "3" + pick("234579") + dg(8)
        return (
            f"+39 {n[:3]} {n[3:]}"
            if intl
            else pick([f"{n[:3]} {n[3:]}", f"{n[:3]}/{n[3:]}", f"{n[:3]} {n[3:6]} {n[6:]}"])
        )
    if cc == "NL":
        n = dg(8)
        return f"+31 6 {n}" if intl else pick([f"06-{n}", f"06 {n[:2]} {n[2:5]} {n[5:]}"])
    if cc == "BE":
        n = "4" + pick("6789") + dg(7)
        return (
            f"+32 {n[:3]} {group(n[3:], [2, 2, 2])}"
            if intl
            else f"0{n[:3]} {group(n[3:], [2, 2, 2])}"
        )
    if cc == "PL":
        n = pick("5678") + dg(8)
        return f"+48 {group(n, [3, 3, 3])}" if intl else group(n, [3, 3, 3], pick([" ", "-"]))
    if cc == "PT":
        n = "9" + pick("1236") + dg(7)
        return f"+351 {group(n, [3, 3, 3])}" if intl else group(n, [3, 3, 3])
    if cc == "BR":
        ddd = pick(["11", "21", "31", "41", "51", "61", "71", "81", "85", "92"])
        n = "9" + dg(8)
        return f"+55 {ddd} {n[:5]}-{n[5:]}" if intl else f"({ddd}) {n[:5]}-{n[5:]}"
    if cc == "IN":
        n = pick("6789") + dg(9)
        return f"+91 {n[:5]} {n[5:]}" if intl else pick([f"{n[:5]} {n[5:]}", n, f"0{n}"])
    if cc == "BD":
        n = "1" + pick("3456789") + dg(8)
        return f"+880 {n[:4]}-{n[4:]}" if intl else f"0{n[:4]}-{n[4:]}"
    if cc == "LK":
        n = "7" + pick("0125678") + dg(7)
        return f"+94 {n[:2]} {n[2:5]} {n[5:]}" if intl else f"0{n[:2]} {n[2:5]} {n[5:]}"
    if cc == "KR":
        return f"+82 10-{dg(4)}-{dg(4)}" if intl else f"010-{dg(4)}-{dg(4)}"
    if cc == "JP":
        p = pick(["90", "80", "70"])
        return f"+81 {p}-{dg(4)}-{dg(4)}" if intl else f"0{p}-{dg(4)}-{dg(4)}"
    if cc == "CN":
        n = "1" + pick("35789") + dg(9)
        return (
            f"+86 {n[:3]} {n[3:7]} {n[7:]}"
            if intl
            else pick([n, f"{n[:3]} {n[3:7]} {n[7:]}", f"{n[:3]}-{n[3:7]}-{n[7:]}"])
        )
    if cc == "TW":
        n = "9" + dg(8)
        return f"+886 {n[:3]} {n[3:6]} {n[6:]}" if intl else f"0{n[:3]}-{n[3:6]}-{n[6:]}"
    if cc == "RU":
        n = "9" + dg(9)
        return (
            f"+7 {n[:3]} {n[3:6]}-{n[6:8]}-{n[8:]}"
            if intl
            else f"8 ({n[:3]}) {n[3:6]}-{n[6:8]}-{n[8:]}"
        )
    if cc == "UA":
        n = pick(["50", "66", "67", "68", "63", "73", "93", "95", "96", "97", "98", "99"]) + dg(7)
        return (
            f"+380 {n[:2]} {n[2:5]} {n[5:7]} {n[7:]}"
            if intl
            else f"0{n[:2]} {n[2:5]} {n[5:7]} {n[7:]}"
        )
    if cc == "TR":
        n = "5" + pick("0345") + dg(8)
        return (
            f"+90 {n[:3]} {n[3:6]} {n[6:8]} {n[8:]}"
            if intl
            else f"0{n[:3]} {n[3:6]} {n[6:8]} {n[8:]}"
        )
    if cc == "IL":
        n = "5" + pick("02348") + dg(7)
        return f"+972 {n[:2]}-{n[2:5]}-{n[5:]}" if intl else f"0{n[:2]}-{n[2:5]}-{n[5:]}"
    if cc == "GR":
        n = "69" + pick("3479") + dg(7)
        return f"+30 {n[:3]} {n[3:6]} {n[6:]}" if intl else f"{n[:3]} {n[3:6]} {n[6:]}"
    if cc == "SA":
        n = "5" + pick("0345693") + dg(7)
        return f"+966 {n[:2]} {n[2:5]} {n[5:]}" if intl else f"0{n[:2]} {n[2:5]} {n[5:]}"
    if cc == "AE":
        n = "5" + pick("02568") + dg(7)
        return f"+971 {n[:2]} {n[2:5]} {n[5:]}" if intl else f"0{n[:2]} {n[2:5]} {n[5:]}"
    if cc == "EG":
        n = "1" + pick("0125") + dg(8)
        return f"+20 {n[:2]} {n[2:6]} {n[6:]}" if intl else f"0{n[:2]} {n[2:6]} {n[6:]}"
    if cc == "IR":
        n = "9" + pick("1239") + dg(8)
        return f"+98 {n[:3]} {n[3:6]} {n[6:]}" if intl else f"0{n[:3]} {n[3:6]} {n[6:]}"
    if cc == "TH":
        n = pick("689") + dg(8)
        return f"+66 {n[:2]} {n[2:5]} {n[5:]}" if intl else f"0{n[:2]}-{n[2:5]}-{n[5:]}"
    if cc == "VN":
        n = pick("39") + dg(8)
        return f"+84 {n[:2]} {n[2:5]} {n[5:]}" if intl else f"0{n[:2]} {n[2:5]} {n[5:]}"
    if cc == "ID":
        n = "8" + pick("1257") + dg(pick([8, 9]))
        return f"+62 {n[:3]}-{n[3:7]}-{n[7:]}" if intl else f"0{n[:3]}-{n[3:7]}-{n[7:]}"
    if cc == "SE":
        n = "7" + pick("0236") + dg(7)
        return (
            f"+46 {n[:2]} {n[2:5]} {n[5:7]} {n[7:]}"
            if intl
            else f"0{n[:2]}-{n[2:5]} {n[5:7]} {n[7:]}"
        )
    if cc == "FI":
        n = "4" + pick("0145") + dg(7)
        return f"+358 {n[:2]} {n[2:5]} {n[5:]}" if intl else f"0{n[:2]} {n[2:5]} {n[5:]}"
    if cc == "GE":
        n = "5" + pick("5789") + dg(7)
        return (
            f"+995 {n[:3]} {n[3:5]} {n[5:7]} {n[7:]}"
            if intl
            else f"{n[:3]} {n[3:5]} {n[5:7]} {n[7:]}"
        )
    if cc == "AM":
        n = pick(["91", "93", "94", "77", "98", "99", "55"]) + dg(6)
        return f"+374 {n[:2]} {n[2:5]} {n[5:]}" if intl else f"0{n[:2]} {n[2:5]} {n[5:]}"
    if cc == "ET":
        n = "9" + dg(8)
        return f"+251 {n[:2]} {n[2:5]} {n[5:]}" if intl else f"0{n[:2]} {n[2:5]} {n[5:]}"
    if cc == "KE":
        n = "7" + pick("0129") + dg(7)
        return f"+254 {n[:3]} {n[3:6]} {n[6:]}" if intl else f"0{n[:3]} {n[3:6]} {n[6:]}"
    if cc == "RO":
        n = "7" + pick("2345") + dg(7)
        return f"+40 {n[:3]} {n[3:6]} {n[6:]}" if intl else f"0{n[:3]} {n[3:6]} {n[6:]}"
    if cc == "CZ":
        n = pick("67") + dg(8)
        return f"+420 {group(n, [3, 3, 3])}" if intl else group(n, [3, 3, 3])
    if cc == "HU":
        n = pick(["20", "30", "70"]) + dg(7)
        return f"+36 {n[:2]} {n[2:5]} {n[5:]}" if intl else f"06 {n[:2]} {n[2:5]} {n[5:]}"
    if cc == "AU":
        n = "4" + dg(8)
        return f"+61 {n[:3]} {n[3:6]} {n[6:]}" if intl else f"0{n[:3]} {n[3:6]} {n[6:]}"
    if cc == "CA":
        area = pick(["416", "647", "613", "514", "604", "403", "905"])
        while True:
            ex = pick("23456789") + dg(2)
            if ex != "555":
                break
        return f"+1 {area}-{ex}-{dg(4)}" if intl else f"({area}) {ex}-{dg(4)}"
    raise ValueError(cc)


DIGIT_WORDS = {
    "en": ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"],
    "de": ["null", "eins", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun"],
    "fr": ["zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf"],
    "es": ["cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve"],
    "it": ["zero", "uno", "due", "tre", "quattro", "cinque", "sei", "sette", "otto", "nove"],
    "pt": ["zero", "um", "dois", "três", "quatro", "cinco", "seis", "sete", "oito", "nove"],
    "nl": ["nul", "een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen"],
    "pl": [
        "zero",
        "jeden",
        "dwa",
        "trzy",
        "cztery",
        "pięć",
        "sześć",
        "siedem",
        "osiem",
        "dziewięć",
    ],
    "ru": ["ноль", "один", "два", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять"],
    "tr": ["sıfır", "bir", "iki", "üç", "dört", "beş", "altı", "yedi", "sekiz", "dokuz"],
    "el": ["μηδέν", "ένα", "δύο", "τρία", "τέσσερα", "πέντε", "έξι", "επτά", "οκτώ", "εννέα"],
    "hi": ["शून्य", "एक", "दो", "तीन", "चार", "पाँच", "छह", "सात", "आठ", "नौ"],
    "ko": ["공", "일", "이", "삼", "사", "오", "육", "칠", "팔", "구"],
    "ja": ["ゼロ", "いち", "に", "さん", "よん", "ご", "ろく", "なな", "はち", "きゅう"],
    "he": ["אפס", "אחת", "שתיים", "שלוש", "ארבע", "חמש", "שש", "שבע", "שמונה", "תשע"],
}


def say_digits(s: str, lang: str, sep: str = " ") -> str:
    w = DIGIT_WORDS[lang]
    return sep.join(w[int(c)] for c in s if c.isdigit())


# ---------------------------------------------------------------- people

NAMES = {
    "en": (
        [
            "Margaret",
            "Oliver",
            "Priya",
            "Declan",
            "Shirley",
            "Tom",
            "Aisha",
            "Gareth",
            "Eleanor",
            "Kwame",
            "Bethan",
            "Harriet",
        ],
        [
            "Pemberton",
            "Okafor",
            "Whitfield",
            "Gallagher",
            "Thornbury",
            "Nwosu",
            "Ashworth",
            "Llewellyn",
            "Rahman",
            "Doherty",
            "Kowalczyk",
            "Fairbairn",
        ],
    ),
    "us": (
        [
            "Dolores",
            "Marcus",
            "Keisha",
            "Brandon",
            "Lupe",
            "Raymond",
            "Tamika",
            "Walter",
            "Jenna",
            "Hector",
        ],
        [
            "Castellanos",
            "Whitaker",
            "Oyelaran",
            "McAllister",
            "Brzezinski",
            "Delgado",
            "Hargrove",
            "Nakamura",
            "Villanueva",
            "Sorensen",
        ],
    ),
    "de": (
        [
            "Ingrid",
            "Jürgen",
            "Hannelore",
            "Lukas",
            "Renate",
            "Mehmet",
            "Sabine",
            "Klaus",
            "Friederike",
            "Jonas",
        ],
        [
            "Schwarzkopf",
            "Brandstätter",
            "Kühnel",
            "Wedekind",
            "Oberländer",
            "Yıldırım",
            "Hoffmeister",
            "Lindqvist",
            "Zimmerle",
            "Ebersbach",
        ],
    ),
    "fr": (
        [
            "Geneviève",
            "Thibault",
            "Mireille",
            "Yannick",
            "Fatoumata",
            "Gaëlle",
            "Bernard",
            "Ludivine",
            "Karim",
            "Solène",
        ],
        [
            "Delacroix-Vernet",
            "Lemaire",
            "Bouchard",
            "N'Diaye",
            "Fontanel",
            "Rouquette",
            "Benhamou",
            "Marchetti",
            "Le Goff",
            "Chauvin",
        ],
    ),
    "es": (
        [
            "Remedios",
            "Joaquín",
            "Itziar",
            "Fernando",
            "Maite",
            "Dolores",
            "Iker",
            "Rocío",
            "Alejandro",
            "Nuria",
        ],
        [
            "Etxeberria",
            "Villalobos",
            "Montesinos",
            "Garrido",
            "Quintana",
            "Ferrándiz",
            "Olmedo",
            "Carrasco",
            "Sáez",
            "Arrieta",
        ],
    ),
    "it": (
        [
            "Giuseppina",
            "Lorenzo",
            "Carmela",
            "Matteo",
            "Annunziata",
            "Davide",
            "Rosaria",
            "Filippo",
            "Chiara",
            "Salvatore",
        ],
        [
            "Esposito",
            "Bernardini",
            "Colombo",
            "Ferraresi",
            "Lombardo",
            "Russo",
            "Galli",
            "Mancuso",
            "Pellegrino",
            "Santoro",
        ],
    ),
    "nl": (
        ["Geertje", "Bram", "Annelies", "Joost", "Marieke", "Sander", "Femke", "Wouter"],
        [
            "van der Heijden",
            "Bakker",
            "de Vries",
            "Verhoeven",
            "Smit",
            "van Dijk",
            "Kuipers",
            "Janssen",
        ],
    ),
    "pl": (
        ["Bożena", "Grzegorz", "Agnieszka", "Wojciech", "Halina", "Marek", "Zofia", "Paweł"],
        [
            "Wiśniewska",
            "Kowalczyk",
            "Zielińska",
            "Wróblewski",
            "Dąbrowska",
            "Mazur",
            "Krawczyk",
            "Szymański",
        ],
    ),
    "pt": (
        ["Conceição", "João Pedro", "Luana", "Raimundo", "Francisca", "Thiago", "Graça", "Rafaela"],
        [
            "Nascimento",
            "Figueiredo",
            "Albuquerque",
            "Rodrigues",
            "Carvalho",
            "Siqueira",
            "Magalhães",
            "Teixeira",
        ],
    ),
}


def person(loc: str) -> tuple[str, str]:
    firsts, lasts = NAMES[loc]
    return pick(firsts), pick(lasts)


def ascii_fold(s: str) -> str:
    s = s.lower()
    for a, b in (("ß", "ss"), ("ı", "i"), ("ł", "l"), ("œ", "oe"), ("æ", "ae"), ("ø", "o")):
        s = s.replace(a, b)
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if c in LO + DG)


def email_for(first: str, last: str, domain: str | None = None) -> str:
    f, l_ = ascii_fold(first), ascii_fold(last)
    domain = domain or pick(
        ["gmail.com", "outlook.com", "yahoo.com", "hotmail.com", "icloud.com", "proton.me"]
    )
    style = R.randint(0, 5)
    if style == 0:
        local = f"{f}.{l_}"
    elif style == 1:
        local = f"{f[0]}{l_}{dg(2)}"
    elif style == 2:
        local = f"{f}_{l_}{R.randint(1950, 2005)}"
    elif style == 3:
        local = f"{l_}.{f}{dg(1)}"
    elif style == 4:
        local = f"{f}{l_[:3]}{dg(3)}"
    else:
        local = f"{f[:3]}.{l_}"
    return f"{local}@{domain}"


def ip4() -> str:
    a = pick(
        [31, 46, 62, 77, 80, 84, 86, 91, 94, 109, 151, 176, 178, 185, 188, 212, 217, 81, 95, 37]
    )
    return f"{a}.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(1, 254)}"


def ip6() -> str:
    pre = pick(["2a02:810d", "2a01:cb00", "2003:e7", "2a00:23c5", "2601:18c", "2405:201"])
    return f"{pre}:{hx(4).lstrip('0') or '0'}:{hx(4).lstrip('0') or '0'}:{hx(4)}:{hx(4)}:{hx(4)}:{hx(4)}"


def mrn(prefix: str = "") -> str:
    return prefix + dg(pick([7, 8, 9]))


def when(y0: int = 2025, y1: int = 2026) -> tuple[int, int, int]:
    return R.randint(y0, y1), R.randint(1, 12), R.randint(1, 28)


def hhmm() -> str:
    return f"{R.randint(7, 18):02d}:{pick(['00', '15', '20', '30', '40', '45'])}"


# ================================================================ PII
# ---- national health / social identifiers, one country at a time


@times(4)
def _():
    v = nhs()
    shown = pick([group(v, [3, 3, 4]), v, group(v, [3, 3, 4], "-")])
    y, m, d = dob(1938, 1960)
    ds = alt([f"{d:02d}/{m:02d}/{y}", f"{d}/{m}/{y}", f"{d:02d}.{m:02d}.{y}"])
    f, l_ = person("en")
    text = alt(
        [
            f"My mum's GP surgery keeps saying they can't find her on the system. Her NHS number is {shown}, DOB {ds}. Can you help me word an email to the practice manager?",
            f"hi, the repeat prescription form wants 'NHS No.' - is it this one on the letter: {shown}? it's for {f} {l_}, born {ds}",
            f"Quick one: does the NHS App show the number anywhere? I copied {shown} off my old hospital letter but the pharmacy said it didn't match.",
        ]
    )
    secrets = [shown] + ([ds] if ds in text else [])
    P("nhs_number", "en-GB carer/patient asking about GP records", text, *secrets)


@times(1)
def _():
    v = chi()
    f, l_ = person("en")
    P(
        "chi_number",
        "en-GB Scottish ward handover note",
        f"Handover 19:30 - bay 3 bed 2: {f} {l_}, CHI {v}, post-op day 1 lap chole, obs stable, NEWS 1. Family asking about discharge letter going to the wrong GP.",
        v,
    )


@times(2)
def _():
    v = nhs()
    ocr = v[:3] + " " + v[3:6].replace("0", "O").replace("1", "l") + " " + v[6:].replace("8", "B")
    if ocr.replace(" ", "") == v:
        ocr = v[:3] + " " + v[3:6] + " " + v[6:8] + " " + v[8:]
    y, m, d = dob(1940, 1975)
    pc = f"{pick(['LS6', 'M14', 'B29', 'NE6', 'BS7', 'CF24', 'S11'])} {R.randint(1, 9)}{rs('ABDEFGHJLNPQRSTUWXYZ', 2)}"
    street = f"{R.randint(2, 180)} {pick(['Cardigan Road', 'Victoria Park Avenue', 'Stanmore Crescent', 'Heaton Grove', 'Gloucester Road', 'Ecclesall Road'])}"
    P(
        "nhs_number",
        "en-GB OCR of a scanned outpatient letter with misreads",
        f"I scanned the clinic letter with my phone, the text came out like this, can you tidy it up?\n\n"
        f"Dept of Rheumato1ogy  -  Outpatient C1inic\nRe: Mrs  D. H. {pick(['Whitfield', 'Ashworth', 'Llewellyn'])}\nNHS No: {ocr}     D0B: {d:02d}.{m:02d}.{y}\nAddress: {street}, {pc}\n\nDear Dr Sharma, I rev1ewed this pleasant lady in cl1nic today...",
        ocr,
        f"{d:02d}.{m:02d}.{y}",
        street,
        pc,
    )


@times(4)
def _():
    v = kvnr()
    f, l_ = person("de")
    text = alt(
        [
            f"Meine Mutter ist bei der AOK versichert, Versichertennummer {v}. Die Kasse will jetzt einen neuen Pflegegrad-Antrag, wie formuliere ich den Widerspruch?",
            f"Auf der eGK steht oben rechts {v} - ist das die Krankenversichertennummer oder die Kartennummer? Brauch das für die ePA-App.",
            f"Antrag Kostenübernahme Physiotherapie\nName: {f} {l_}\nKVNR: {v}\nKasse: Techniker Krankenkasse\nbitte einmal auf Rechtschreibung prüfen",
        ]
    )
    P("kvnr", "de patient/carer with statutory health insurance", text, v)


@times(4)
def _():
    v = nir()
    shown = pick([nir_fmt(v), v])
    text = alt(
        [
            f"Bonjour, la CPAM me demande mon numéro de sécu pour le remboursement de l'ostéo. C'est bien le {shown} ? Il est sur ma carte Vitale.",
            f"formulaire cerfa 12541 : n° d'immatriculation {shown}, je mets quoi dans la case 'ayant droit' pour ma fille ?",
            f"Mon ameli dit 'numéro de sécurité sociale invalide' alors que je tape {shown}... vous pouvez vérifier la clé ?",
        ]
    )
    P("nir", "fr patient with Assurance Maladie", text, shown)


@times(2)
def _():
    f, l_ = person("fr")
    ib = iban("FR")
    tel = phone("FR")
    mail = email_for(f, l_, pick(["orange.fr", "free.fr", "laposte.net", "sfr.fr", "gmail.com"]))
    P(
        "iban",
        "fr carer filling in a mutuelle reimbursement form",
        f"Je remplis la demande de remboursement de la mutuelle pour mon père ({f} {l_}).\n"
        f"- IBAN : {iban_fmt(ib)}\n- Tél. : {tel}\n- Courriel : {mail}\n"
        f"Est-ce que je dois joindre un RIB en plus ou l'IBAN suffit ?",
        iban_fmt(ib),
        tel,
        mail,
    )


@times(2)
def _():
    v = bsn()
    f, l_ = person("nl")
    text = alt(
        [
            f"Hoi! De huisartsenpost vroeg om mijn BSN maar ik weet niet of ik dat zomaar mag geven via de telefoon. Het is {v}. Is dat normaal?",
            f"Voor de aanvraag bij het zorgkantoor (Wlz) van mijn vader, {f} {l_}: burgerservicenummer {v[:4]}.{v[4:6]}.{v[6:]}, indicatie via CIZ. Kun je de brief controleren?",
        ]
    )
    shown = v if v in text else f"{v[:4]}.{v[4:6]}.{v[6:]}"
    P("bsn", "nl patient / carer, Dutch citizen service number", text, shown)


@times(4)
def _():
    female = R.random() < 0.5
    f, l_ = person("it")
    if female:
        f = pick(["Giuseppina", "Carmela", "Annunziata", "Rosaria", "Chiara"])
    else:
        f = pick(["Lorenzo", "Matteo", "Davide", "Filippo", "Salvatore"])
    cf = codice_fiscale(l_, f, female)
    nre = f"{R.randint(1000, 1999)}A{dg(10)}"
    text = alt(
        [
            f"Il medico mi ha mandato la ricetta dematerializzata per mia madre: NRE {nre}, codice fiscale {cf}. In farmacia basta dire questi due codici?",
            f"devo prenotare la visita al CUP ma il sito mi chiede il CF del paziente, è {cf} ({f} {l_}), e poi 'numero impegnativa'... dove lo trovo?",
            f"Tessera sanitaria scaduta. Dati: {l_.upper()} {f.upper()} - C.F. {cf}. Come si chiede il duplicato all'Agenzia delle Entrate?",
        ]
    )
    secrets = [cf] + ([nre] if nre in text else [])
    P("codice_fiscale", "it patient/carer with Servizio Sanitario Nazionale", text, *secrets)


@times(2)
def _():
    v = dni()
    cip = f"{rs(UP, 4)}{dg(12)}"
    text = alt(
        [
            f"Hola, para pedir cita en el centro de salud me piden DNI y número de tarjeta sanitaria. Mi DNI es {v} y la tarjeta pone {cip}. ¿Cuál va en 'CIP'?",
            f"Buenas!! la app de Mi Salud no me deja entrar con el dni {v[:-1]}-{v[-1]}, dice 'usuario no encontrado', q hago",
        ]
    )
    secrets = [v] if v in text else [f"{v[:-1]}-{v[-1]}"]
    if cip in text:
        secrets.append(cip)
    P("dni", "es patient booking at a centro de salud", text, *secrets)


@times(1)
def _():
    v = nie()
    tel = phone("ES")
    P(
        "nie",
        "es foreign resident registering with the public health service",
        f"Soy extranjera y quiero darme de alta en el SAS. Tengo NIE {v}, empadronada en Sevilla, mi móvil {tel}. ¿Qué papeles llevo al centro de salud?",
        v,
        tel,
    )


@times(3)
def _():
    female = R.random() < 0.5
    v = pesel(female)
    kod = dg(4)
    album = nz(6)
    text = alt(
        [
            f"Dostałam e-receptę SMS-em: kod {kod}, a w aptece chcą jeszcze PESEL. Mój to {v}. Czy mogę podać PESEL mamy zamiast swojego, jak odbieram dla niej?",
            f"Pomóż napisać podanie do dziekanatu o urlop zdrowotny. Dane: PESEL {v}, nr albumu {album}, kierunek pielęgniarstwo, II rok.",
            f"Mama jest w szpitalu, pielęgniarka pytała o pesel: {v[:6]} {v[6:]} - czy na IKP da się to sprawdzić?",
        ]
    )
    shown = v if v in text else f"{v[:6]} {v[6:]}"
    P(
        "pesel",
        "pl patient / student with e-recepta or university",
        text,
        shown,
        *([album] if album in text else []),
    )


@times(4)
def _():
    c = cpf()
    s = cns()
    bd = f"{R.randint(1, 28):02d}/{R.randint(1, 12):02d}/{R.randint(1935, 1955)}"
    cart = dg(17)
    text = alt(
        [
            f"Oi! Fui no postinho e pediram o Cartão SUS. O número é {s[:3]} {s[3:7]} {s[7:11]} {s[11:]} e meu CPF {cpf_fmt(c)}. Dá pra agendar pelo Meu SUS Digital?",
            f"preciso preencher o reembolso do plano de saúde, CPF do titular: {c}, carteirinha {cart}. o campo pede só números né?",
            f"Minha vó precisa tirar a 2ª via do cartão do SUS. CNS {s}, CPF {cpf_fmt(c)}, nascida em {bd}.",
        ]
    )
    secrets = []
    for cand in (f"{s[:3]} {s[3:7]} {s[7:11]} {s[11:]}", s, cpf_fmt(c), c, bd, cart):
        if cand in text and not any(cand in x for x in secrets):
            secrets.append(cand)
    P("cpf_cns", "pt-BR patient with SUS / private health plan", text, *secrets)


@times(2)
def _():
    utente = nz(9)
    nif = pt_nif()
    tel = phone("PT")
    text = alt(
        [
            f"Bom dia. No SNS 24 pedem o número de utente: {utente}. O NIF é {nif}. Liguei do {tel} mas ninguém atendeu, posso marcar a consulta online?",
            f"Para a declaração de IRS das despesas de saúde: NIF {nif}, nº utente {utente}. As faturas da farmácia aparecem no e-fatura automaticamente?",
        ]
    )
    P("pt_utente", "pt-PT patient with SNS24", text, *[x for x in (utente, nif, tel) if x in text])


@times(4)
def _():
    a = aadhaar()
    abha = f"91-{dg(4)}-{dg(4)}-{dg(4)}"
    tel = phone("IN")
    shown = pick([aadhaar_fmt(a), a, aadhaar_fmt(a, "-")])
    text = alt(
        [
            f"नमस्ते, मेरी माँ का आधार नंबर {shown} है और ABHA नंबर {abha}। अस्पताल के पोर्टल पर रजिस्ट्रेशन नहीं हो रहा, OTP {tel} पर नहीं आ रहा। क्या करूँ?",
            f"bhai mera aadhaar {shown} hai, CoWIN certificate me naam ki spelling galat aa rahi hai. correction ke liye kya karna padega?",
            f"Ayushman card apply karna hai papa ke liye. Aadhaar: {shown}, mobile {tel}. PM-JAY list mein naam check kaise karein?",
        ]
    )
    P(
        "aadhaar",
        "hi / Hinglish patient registering on a hospital portal",
        text,
        *[x for x in (shown, abha, tel) if x in text],
    )


@times(1)
def _():
    a = aadhaar()
    tel = phone("IN")
    addr = (
        f"{R.randint(3, 48)}, {pick(['Gandhi Street', 'Kamarajar Salai', 'Nehru Nagar 2nd Cross'])}"
    )
    P(
        "aadhaar",
        "ta carer applying for the state health insurance card",
        f"வணக்கம், என் அப்பாவுக்கு முதலமைச்சர் காப்பீட்டு திட்ட அட்டை வாங்க வேண்டும். ஆதார் எண் {aadhaar_fmt(a)}, கைபேசி {tel}, முகவரி {addr}, T. Nagar, சென்னை 600017. என்ன ஆவணங்கள் தேவை?",
        aadhaar_fmt(a),
        tel,
        addr,
    )


@times(1)
def _():
    a = aadhaar()
    tel = phone("IN", False)
    P(
        "aadhaar",
        "te patient asking about Aarogyasri",
        f"నమస్కారం, ఆరోగ్యశ్రీ కార్డు కోసం దరఖాస్తు చేయాలి. నా ఆధార్ నంబర్ {aadhaar_fmt(a)}, ఫోన్ {tel}. హాస్పిటల్‌లో ఏ పత్రాలు తీసుకెళ్లాలి?",
        aadhaar_fmt(a),
        tel,
    )


@times(2)
def _():
    nid = pick([nz(10), f"{R.randint(1955, 1999)}{dg(13)}"])
    tel = phone("BD")
    P(
        "bd_nid",
        "bn patient booking at a Dhaka hospital",
        alt(
            [
                f"আমার জাতীয় পরিচয়পত্র নম্বর {nid}, মোবাইল {tel}। ঢাকা মেডিকেলে অনলাইনে টিকিট কাটতে গেলে 'NID mismatch' দেখায়, কী করব?",
                f"আব্বার চোখের অপারেশনের জন্য ফর্ম পূরণ করছি: এনআইডি {nid}, যোগাযোগ {tel}। বানানগুলো ঠিক আছে কিনা দেখে দিন।",
            ]
        ),
        nid,
        tel,
    )


@times(4)
def _():
    v = rrn()
    tel = phone("KR")
    text = alt(
        [
            f"건강보험공단에 제출할 서류인데요, 주민등록번호 {v}, 연락처 {tel} 이렇게 쓰면 되나요? 맞춤법 좀 봐주세요.",
            f"어머니 주민번호 앞자리 {v[:6]} 뒷자리 {v[7:]} 이에요. 병원 앱에서 보호자 등록이 안 돼요 ㅠㅠ",
            f"실손보험 청구하려는데 양식에 '피보험자 주민번호'란이 있어요: {v}. 진료비 영수증이랑 같이 보내면 되죠?",
        ]
    )
    secrets = [v] if v in text else [v[7:]]
    if v[:6] in text and v not in text:
        secrets.append(v[:6])
    if tel in text:
        secrets.append(tel)
    P("rrn", "ko patient / carer, resident registration number", text, *secrets)


@times(2)
def _():
    mn = my_number()
    shown = f"{mn[:4]} {mn[4:8]} {mn[8:]}"
    kigo = f"{dg(4)}{pick(['', '-'])}{dg(3)}"
    bango = dg(pick([3, 5, 6]))
    tel = phone("JP")
    text = alt(
        [
            f"マイナンバーカードを保険証として登録したいです。マイナンバーは {shown} で、今の保険証の記号 {kigo} 番号 {bango} です。マイナポータルで何を選べばいいですか？",
            f"母の介護保険の申請書を書いています。個人番号：{shown}、電話：{tel}。「被保険者番号」はどこに書いてありますか？",
        ]
    )
    P(
        "my_number",
        "ja patient / carer, individual number",
        text,
        *[x for x in (shown, kigo, tel) if x in text and len(x) >= 6],
    )


@times(4)
def _():
    v = cn_id()
    tel = phone("CN")
    name = pick(["王秀英", "李建国", "张桂兰", "刘志强", "陈淑珍", "杨国华"])
    text = alt(
        [
            f"帮我填一下医保报销单：姓名 {name}，身份证号 {v}，手机 {tel}，住院日期 2025年3月。发票抬头怎么写？",
            f"我爸在社区医院建档，护士要身份证号 {v[:6]} {v[6:14]} {v[14:]}，我报给她对吗？另外家庭医生签约要不要本人到场？",
            f"挂号app一直提示“证件号码有误”，我输的是{v}，是不是最后一位X要大写？",
        ]
    )
    shown = v if v in text else f"{v[:6]} {v[6:14]} {v[14:]}"
    P(
        "cn_resident_id",
        "zh-CN patient / carer with medical insurance",
        text,
        *[x for x in (shown, tel) if x in text],
    )


@times(2)
def _():
    v = tw_id()
    card_no = dg(12)
    tel = phone("TW")
    text = alt(
        [
            f"我媽媽的健保卡號 {card_no}，身分證字號 {v}，電話 {tel}。想在健保快易通App綁定家人，要怎麼操作？",
            f"幫我看一下這封給醫院的信：病人 林美玲，身分證 {v}，聯絡電話 {tel}，申請病歷複本。",
        ]
    )
    P(
        "tw_id",
        "zh-TW carer binding a parent in the NHI app",
        text,
        *[x for x in (card_no, v, tel) if x in text],
    )


@times(2)
def _():
    v = tc_kimlik()
    tel = phone("TR")
    text = alt(
        [
            f"Annemin TC kimlik numarası {v}, e-Nabız'a giriş yapamıyoruz. MHRS'den randevu almak için telefonu {tel}, şifre gelmiyor.",
            f"Hocam merhaba, burs başvurusu için formda T.C. No: {v} yazdım, öğrenci belgesi de ekledim. Dilekçeyi düzeltir misiniz?",
        ]
    )
    P("tc_kimlik", "tr patient / student", text, *[x for x in (v, tel) if x in text])


@times(2)
def _():
    v = il_id()
    tel = phone("IL")
    text = alt(
        [
            f"שלום, אני צריכה לשלוח לקופת חולים מכבי בקשה להחזר על טיפול פיזיותרפיה. מספר תעודת זהות {v}, טלפון {tel}. איך מנסחים את זה?",
            f"תעזור לי לכתוב מייל למזכירות בית הספר: הבת שלי, ת.ז. {v}, לא תגיע מחר בגלל בדיקת דם. הטלפון שלי {tel}",
        ]
    )
    P("il_id", "he patient / parent", text, v, tel)


@times(2)
def _():
    v = personnummer()
    text = alt(
        [
            f"Hej! 1177 vill ha personnumret ({v}) för att boka vaccination åt min pappa. Hur loggar jag in åt honom utan BankID?",
            f"Ansökan om högkostnadsskydd: pers.nr {v}, jag har redan betalat 1 450 kr i år. Vad skriver jag under 'övrigt'?",
        ]
    )
    P("personnummer", "sv patient / carer with 1177", text, v)


@times(2)
def _():
    v = hetu()
    tel = phone("FI")
    text = alt(
        [
            f"Moi, OmaKanta ei näytä reseptejä. Henkilötunnus {v}. Pitääkö soittaa terveysasemalle numeroon {tel} vai voinko hoitaa netissä?",
            f"Kela-korvaushakemus: hetu {v}, lääkärikäynti yksityisellä 12.3. Mitä liitteitä tarvitaan?",
        ]
    )
    P("hetu", "fi patient with Kanta / Kela", text, *[x for x in (v, tel) if x in text])


@times(4)
def _():
    s = ssn()
    m = mbi()
    f, l_ = person("us")
    y, mo, d = dob(1935, 1958)
    text = alt(
        [
            f"Mom's Medicare card says MBI {mbi_fmt(m)}. Her SSN {s} was on the old red-white-blue card. Which one goes on the Part B premium form? She was born {mo:02d}/{d:02d}/{y}.",
            f"Medicare Beneficiary Identifier: {m}\nName: {f} {l_}\nDOB: {mo}/{d}/{y}\nCan you help me fill out CMS-1490S for a claim the doctor never filed?",
            f"I need to appeal a denied claim for my dad. His social is {s.replace('-', ' ')}, date of birth {mo:02d}-{d:02d}-{y}. What should the letter say?",
        ]
    )
    secrets = [
        x
        for x in (
            mbi_fmt(m),
            m,
            s,
            s.replace("-", " "),
            f"{mo:02d}/{d:02d}/{y}",
            f"{mo}/{d}/{y}",
            f"{mo:02d}-{d:02d}-{y}",
        )
        if x in text
    ]
    P("ssn_mbi", "en-US carer dealing with Medicare", text, *secrets)


@times(2)
def _():
    member = pick(["W", "XJH", "U", "H"]) + dg(9)
    grp = dg(6)
    claim = f"{dg(4)}{rs(UP, 2)}{dg(6)}"
    y, mo, d = dob(1960, 1995)
    f, l_ = person("us")
    P(
        "insurance_member_id",
        "en-US patient writing an insurance appeal",
        f"Can you make this sound more professional?\n\nTo whom it may concern, I am appealing claim #{claim} for my MRI on 2/11. Member ID {member}, Group {grp}, patient {f} {l_}, DOB {mo}/{d}/{y}. The MRI was ordered by my neurologist and pre-authorized!!",
        claim,
        member,
        f"{mo}/{d}/{y}",
    )


@times(2)
def _():
    v = amka()
    tel = phone("GR")
    P(
        "amka",
        "el patient booking through the Greek health system",
        alt(
            [
                f"Καλησπέρα, για το ραντεβού στο νοσοκομείο μου ζητάνε ΑΜΚΑ: {v}. Το κινητό μου είναι {tel}. Πώς κλείνω ραντεβού μέσω της πλατφόρμας;",
                f"Γεια σας, ο ΑΜΚΑ της γιαγιάς μου είναι {v} και η ηλεκτρονική συνταγή δεν εμφανίζεται στο φαρμακείο. Τηλέφωνο επικοινωνίας {tel}.",
            ]
        ),
        v,
        tel,
    )


@times(1)
def _():
    v = cnp()
    P(
        "cnp",
        "ro patient asking their GP for a referral",
        f"Bună ziua, medicul de familie îmi cere CNP-ul pentru trimiterea la cardiologie: {v}. Trebuie să am și cardul de sănătate la mine?",
        v,
    )


@times(1)
def _():
    v = rodne_cislo(True)
    P(
        "rodne_cislo",
        "cs parent with health insurance for a daughter",
        f"Dobrý den, rodné číslo mé dcery je {v}, pojišťovna VZP. Číslo pojištěnce je stejné? Potřebuji zažádat o nový průkaz pojištěnce.",
        v,
    )


@times(1)
def _():
    v = taj()
    shown = f"{v[:3]} {v[3:6]} {v[6:]}"
    P(
        "taj",
        "hu patient with EESZT prescriptions",
        f"Jó napot! A TAJ számom {shown}, de az EESZT-ben nem látom a receptet, amit a háziorvos felírt. Mit tegyek?",
        shown,
    )


@times(2)
def _():
    v = snils()
    oms = dg(16)
    tel = phone("RU")
    text = alt(
        [
            f"Помогите заполнить заявление на прикрепление к поликлинике: СНИЛС {v}, полис ОМС {oms}, телефон {tel}. Паспорт нужно прикладывать?",
            f"Маме нужна справка для МСЭ. Данные: снилс {v}, тел. {tel}. Как записаться через Госуслуги?",
        ]
    )
    P("snils", "ru patient / carer with OMS", text, *[x for x in (v, oms, tel) if x in text])


@times(2)
def _():
    v = rnokpp()
    tel = phone("UA")
    text = alt(
        [
            f"Підписую декларацію з сімейним лікарем через Helsi. РНОКПП {v}, телефон {tel}. Чи потрібен ще паспорт?",
            f"Допоможіть скласти заяву до школи: дитина хворіла, довідку видала лікарка. Мій ІПН {v}, номер {tel}.",
        ]
    )
    P("rnokpp", "uk patient / parent", text, v, tel)


@times(2)
def _():
    if alt([True, False]):
        v = saudi_id()
        tel = phone("SA")
        text = f"السلام عليكم، أبغى أحجز موعد في تطبيق صحتي لأمي، رقم الهوية {v}، وجوالها {tel}. التطبيق يقول الرقم غير صحيح، وش الحل؟"
        kind = "saudi_id"
    else:
        v = emirates_id()
        tel = phone("AE")
        text = f"مرحبا، أحتاج أكتب إيميل للمستشفى بخصوص تقرير طبي. رقم الهوية الإماراتية {v} ورقم الموبايل {tel}. ساعدني بصياغة رسمية."
        kind = "emirates_id"
    P(kind, "ar patient booking through a health app", text, v, tel)


@times(1)
def _():
    v = iran_code()
    tel = phone("IR")
    P(
        "iran_national_code",
        "fa carer registering a parent for hospital appointments",
        f"سلام، کد ملی پدرم {v} است و شماره موبایل {tel}. برای نوبت‌دهی اینترنتی بیمارستان چطور ثبت‌نام کنم؟",
        v,
        tel,
    )


@times(2)
def _():
    v = thai_id()
    tel = phone("TH")
    text = alt(
        [
            f"สวัสดีค่ะ จะลงทะเบียนสิทธิบัตรทองให้แม่ เลขบัตรประชาชน {v} เบอร์โทร {tel} ต้องใช้เอกสารอะไรบ้างคะ",
            f"ช่วยเขียนอีเมลถึงโรงพยาบาลขอใบรับรองแพทย์ให้หน่อยครับ ผม เลขประจำตัวประชาชน {v.replace('-', '')} โทร {tel}",
        ]
    )
    shown = v if v in text else v.replace("-", "")
    P("thai_id", "th patient with universal coverage", text, shown, tel)


@times(2)
def _():
    cccd = "0" + pick(["01", "79", "48", "31"]) + dg(9)
    bhyt = (
        pick(["GD", "DN", "HC", "HS", "TE"])
        + pick("1234")
        + pick(["79", "01", "48", "31"])
        + dg(10)
    )
    tel = phone("VN")
    P(
        "vn_bhyt",
        "vi patient filing a health-insurance refund",
        f"Mình cần điền đơn đề nghị thanh toán BHYT: số CCCD {cccd}, mã thẻ BHYT {bhyt}, SĐT {tel}. Cần kèm hóa đơn gốc không ạ?",
        cccd,
        bhyt,
        tel,
    )


@times(2)
def _():
    v = nik()
    bpjs = "000" + dg(10)
    tel = phone("ID")
    text = alt(
        [
            f"Kak, mau daftar BPJS Kesehatan buat ibu. NIK {v}, HP {tel}. Bisa lewat aplikasi Mobile JKN aja?",
            f"Kartu BPJS saya nomornya {bpjs}, NIK {v}. Faskes 1 mau dipindah ke puskesmas dekat kantor, caranya gmn?",
        ]
    )
    P("nik", "id patient with BPJS Kesehatan", text, *[x for x in (v, bpjs, tel) if x in text])


@times(1)
def _():
    v = nz(11)
    tel = phone("GE")
    P(
        "ge_personal_number",
        "ka patient registering with a family doctor",
        f"გამარჯობა, ჩემი პირადი ნომერია {v}, ტელეფონი {tel}. როგორ დავრეგისტრირდე ოჯახის ექიმთან ონლაინ?",
        v,
        tel,
    )


@times(1)
def _():
    v = nz(10)
    tel = phone("AM")
    P(
        "am_social_card",
        "hy patient registering at a polyclinic",
        f"Բարև Ձեզ, իմ սոցիալական քարտի համարը {v} է, հեռախոսս՝ {tel}։ Ինչպե՞ս գրանցվել պոլիկլինիկայում առցանց։",
        v,
        tel,
    )


@times(1)
def _():
    card_no = f"{pick(['BL', 'TK', 'SP'])}-{dg(6)}"
    tel = phone("ET")
    P(
        "mrn",
        "am patient asking how to book a hospital appointment",
        f"ሰላም፣ የእናቴ የሆስፒታል ካርድ ቁጥር {card_no} ነው፣ ስልክ ቁጥሯ {tel}። ለዓይን ሐኪም ቀጠሮ እንዴት ማስያዝ እችላለሁ?",
        card_no,
        tel,
    )


@times(2)
def _():
    nic = pick(
        [
            f"{R.randint(55, 99)}{R.randint(1, 366) + pick([0, 500]):03d}{dg(4)}V",
            f"{R.randint(1955, 2004)}{R.randint(1, 366) + pick([0, 500]):03d}0{dg(4)}",
        ]
    )
    tel = phone("LK")
    P(
        "lk_nic",
        "si patient registering at a hospital clinic",
        alt(
            [
                f"ආයුබෝවන්, මගේ ජාතික හැඳුනුම්පත් අංකය {nic}, දුරකථන අංකය {tel}. රෝහලේ සායනයට ලියාපදිංචි වෙන්නේ කොහොමද?",
                f"අම්මගේ NIC එක {nic}. ඇයගේ බෙහෙත් වට්ටෝරුව නැති වුණා, අලුත් එකක් ගන්න මොනවද ඕනේ? call කරන්න {tel}",
            ]
        ),
        nic,
        tel,
    )


@times(1)
def _():
    nhif = nz(9)
    tel = phone("KE")
    P(
        "ke_nhif",
        "sw patient paying health insurance via mobile money",
        f"Habari, namba yangu ya bima ya afya (NHIF/SHA) ni {nhif} na simu yangu ni {tel}. Nawezaje kulipa mchango kwa M-Pesa?",
        nhif,
        tel,
    )


@times(1)
def _():
    v = au_medicare()
    P(
        "au_medicare",
        "en-AU patient confused by the card layout",
        f"On my Medicare card it says {v} and valid to 08/2028. Is the last digit the IRN? The bulk-billing clinic's online form keeps rejecting it.",
        v,
    )


@times(1)
def _():
    v = ohip()
    P(
        "ohip",
        "en-CA patient after a card renewal",
        f"I renewed my health card and the walk-in clinic says the version code is wrong. Number is {v}. Is the version code the two letters at the end?",
        v,
    )


@times(1)
def _():
    v = be_niss()
    P(
        "be_niss",
        "fr-BE patient with a mutuelle",
        f"Bonjour, ma mutualité me demande mon numéro de registre national pour le remboursement des lunettes : {v}. C'est le même que sur la carte d'identité ?",
        v,
    )


@times(1)
def _():
    v = at_svnr()
    P(
        "at_svnr",
        "de-AT patient with ÖGK",
        f"Servus, auf meiner e-card steht die Sozialversicherungsnummer {v}. Die ÖGK will für die Wahlarzt-Rückerstattung noch was, weiß wer was?",
        v,
    )


@times(1)
def _():
    v = ahv()
    P(
        "ch_ahv",
        "de-CH patient with a Krankenkasse",
        f"Grüezi, d'Helsana will für d'Rückerstattig vo de Physio mini AHV-Nummer: {v}. Isch das nöd en Datenschutz-Problem?",
        v,
    )


# ---- education: students, parents, teachers


@times(1)
def _():
    f, l_ = person("en")
    sid = "2" + dg(8)
    mail = f"{ascii_fold(f)[0]}{ascii_fold(l_)[:6]}{dg(1)}@{pick(['student.le.ac.uk', 'leeds.ac.uk', 'student.manchester.ac.uk'])}"
    P(
        "student_id",
        "en-GB nursing student writing about a placement",
        f"Hi, can you help me email my placement coordinator? I'm a 2nd year adult nursing student, student number {sid}, uni email {mail}. I've been off sick for 3 shifts and need to make up the hours before 14 May.",
        sid,
        mail,
    )


@times(1)
def _():
    f, l_ = person("de")
    mat = nz(7)
    mail = f"{ascii_fold(f)}.{ascii_fold(l_)}@stud.{pick(['uni-heidelberg.de', 'tu-dresden.de', 'uni-muenster.de', 'fau.de'])}"
    P(
        "student_id",
        "de medical student asking the exam office",
        f"Hallo, ich (Medizin, 6. Semester, Matrikelnr. {mat}) bin beim Physikum krankgeschrieben. Kannst du mir eine kurze Mail ans Prüfungsamt formulieren? Absender wäre {mail}.",
        mat,
        mail,
    )


@times(1)
def _():
    ine = pick([nz(10) + pick(UP), nz(9) + rs(UP, 2)])
    num = "2" + dg(7)
    P(
        "student_id",
        "fr student registering for exams",
        f"Bonjour, je dois m'inscrire aux rattrapages de L2 psycho. Numéro étudiant {num}, INE {ine}. Le secrétariat dit que mon dossier est 'bloqué', ça veut dire quoi ?",
        num,
        ine,
    )


@times(1)
def _():
    niu = "1" + dg(6)
    f, l_ = person("es")
    mail = (
        f"{ascii_fold(f)}.{ascii_fold(l_)}@alumnos.{pick(['upm.es', 'uam.es', 'uv.es', 'ugr.es'])}"
    )
    P(
        "student_id",
        "es student writing to a professor",
        f"¿Me corriges este correo? 'Estimada profesora: soy {f} {l_}, NIU {niu}, del grupo de tarde de Fisiología. No pude asistir al examen parcial por una gastroenteritis, adjunto justificante.' Lo envío desde {mail}",
        niu,
        mail,
    )


@times(1)
def _():
    hakbun = f"20{R.randint(19, 24)}{dg(6)}"
    tel = phone("KR")
    P(
        "student_id",
        "ko student asking the academic office",
        f"교수님께 보낼 메일 좀 다듬어 주세요. '안녕하세요 교수님, 간호학과 {hakbun} 학번 김서연입니다. 실습 중 독감으로 결석하여 진단서를 제출드립니다. 연락처는 {tel}입니다.'",
        hakbun,
        tel,
    )


@times(1)
def _():
    gakuseki = f"{pick('ABMD')}{R.randint(20, 24)}{pick(['M', 'P', 'N', 'L'])}{dg(4)}"
    mail = f"{pick(['s', 'u', 'b'])}{dg(7)}@{pick(['ed.tus.ac.jp', 's.kyushu-u.ac.jp', 'stu.kobe-u.ac.jp'])}"
    P(
        "student_id",
        "ja student with the university LMS",
        f"学籍番号 {gakuseki} です。大学のメール（{mail}）にログインできず、Moodle の課題が提出できません。教務課への問い合わせ文を作ってください。",
        gakuseki,
        mail,
    )


@times(1)
def _():
    xh = f"20{R.randint(20, 24)}{dg(8)}"
    qq = f"{nz(9)}@qq.com"
    P(
        "student_id",
        "zh-CN student asking for a sick-leave note",
        f"帮我写个请假条：我是临床医学专业学生，学号{xh}，因急性肠胃炎需请假三天（3月12日-3月14日），附校医院证明。辅导员让发到邮箱，我的邮箱是{qq}。",
        xh,
        qq,
    )


@times(1)
def _():
    uid = f"4{R.randint(38, 45)}{dg(6)}"
    tel = phone("SA")
    P(
        "student_id",
        "ar student writing to the dean's office",
        f"ساعدني أكتب خطاب اعتذار عن الاختبار النهائي: الاسم نورة، الرقم الجامعي {uid}، كلية التمريض، رقم الجوال {tel}. عندي تقرير طبي من المستشفى.",
        uid,
        tel,
    )


@times(1)
def _():
    st = f"{R.randint(19, 24)}-{dg(5)}"
    mail = f"{pick(['smirnova', 'kuznetsov', 'popova', 'volkov'])}.{pick(['ann', 'dima', 'kat', 'ilya'])}{dg(2)}@{pick(['yandex.ru', 'mail.ru'])}"
    P(
        "student_id",
        "ru student asking about a medical certificate",
        f"Нужна помощь с объяснительной в деканат: я студентка лечфака, номер студенческого {st}, пропустила коллоквиум по болезни, справка 095/у есть. Ответ пусть придёт на {mail}",
        st,
        mail,
    )


@times(1)
def _():
    mat = nz(6)
    mail = f"{pick(['g.russo', 'm.colombo', 'f.galli', 'c.santoro'])}{dg(1)}@studenti.{pick(['unipd.it', 'unimi.it', 'unibo.it', 'uniroma1.it'])}"
    P(
        "student_id",
        "it student with the exam registration system",
        f"Non riesco a iscrivermi all'appello di Anatomia su Esse3, matricola {mat}, mail istituzionale {mail}. Mi dice 'prerequisiti non soddisfatti' ma ho passato Istologia!",
        mat,
        mail,
    )


@times(1)
def _():
    s = f"s{nz(7)}"
    P(
        "student_id",
        "nl student asking about a resit",
        f"Ik (studentnummer {s}) heb het tentamen Farmacologie gemist door een ziekenhuisopname. Hoe vraag ik een herkansing aan bij de examencommissie? Mijn mentor is al op de hoogte.",
        s,
    )


@times(1)
def _():
    no = f"2{R.randint(10, 24)}{dg(6)}"
    tel = phone("TR")
    P(
        "student_id",
        "tr student asking for an excuse letter",
        f"Hocam ben hemşirelik 2. sınıf öğrencisiyim, öğrenci no {no}. Ameliyat nedeniyle vize sınavına giremedim, mazeret dilekçesi yazar mısınız? Telefonum {tel}.",
        no,
        tel,
    )


@times(2)
def _():
    kind = pick(["jee", "gaokao", "suneung", "ielts", "yks", "sat"])
    if kind == "jee":
        v = f"25{dg(10)}"
        text = f"JEE Main 2025 ka admit card download nahi ho raha. Application No. {v}, DOB {R.randint(1, 28):02d}/{R.randint(1, 12):02d}/2007. Site pe 'invalid credentials' aa raha hai. kya karun?"
        sec = [v, text.split("DOB ")[1][:10]]
    elif kind == "gaokao":
        v = f"25{R.randint(11, 65)}{dg(10)}"
        text = f"孩子的高考准考证号是{v}，身份证后六位{dg(5)}X，查分网站一直进不去，请问还有别的查询渠道吗？"
        sec = [v, text.split("后六位")[1][:6]]
    elif kind == "suneung":
        v = dg(8)
        text = f"수능 성적표 온라인 발급하려는데 수험번호 {v} 넣으니까 '일치하는 정보가 없습니다' 떠요. 생년월일은 0{R.randint(5, 7)}{R.randint(1, 12):02d}{R.randint(10, 28)}이에요."
        sec = [v, text.split("생년월일은 ")[1][:6]]
    elif kind == "ielts":
        f, l_ = person("en")
        v = f"24{pick(['GB', 'IN', 'NG', 'PK'])}{dg(6)}{ascii_fold(l_)[:3].upper()}{ascii_fold(f)[0].upper()}{dg(3)}A"
        cand = dg(6)
        text = f"My IELTS TRF number is {v} (candidate no. {cand}). The NMC says they can't verify it for my nursing registration. Who do I contact?"
        sec = [v, cand]
    elif kind == "yks":
        v = dg(10)
        text = f"YKS sonuç belgesinde aday numaram {v} yazıyor ama ÖSYM'de 'aday bulunamadı' diyor. TC'mle giriş yapsam olur mu?"
        sec = [v]
    else:
        v = dg(8)
        text = f"College Board says my SAT registration number is {v} but my scores never got sent to the nursing program. Should I call or email?"
        sec = [v]
    P("exam_registration", f"{kind} candidate asking about an exam registration", text, *sec)


@times(2)
def _():
    _first, _last = person("en")
    sid = dg(pick([6, 7]))
    tel = phone("GB")
    street = f"{R.randint(3, 120)} {pick(['Mill Lane', 'Orchard Close', 'Beech Avenue', 'Church Road', 'Meadow View'])}"
    P(
        "student_id",
        "en-GB parent writing to a form tutor",
        f"Can you help me write to my son's form tutor? He's in Year 9, pupil ID {sid}. He's had tonsillitis since Monday and won't make the maths mock on Thursday. We've moved - new address {street}, and my mobile is {tel}.",
        sid,
        street,
        tel,
    )


@times(1)
def _():
    rows = []
    sec = []
    for _i in range(4):
        f, l_ = person(pick(["de", "en", "pl", "it"]))
        sid = f"{R.randint(2014, 2018)}{dg(4)}"
        y, m, d = dob(2010, 2013)
        pm = email_for(
            pick(["Anna", "Mehmet", "Kasia", "Sven", "Luca"]),
            l_,
            pick(["gmx.de", "web.de", "t-online.de", "gmail.com"]),
        )
        rows.append(
            f'  - id: "{sid}"\n    name: {f} {l_}\n    geburtsdatum: {y}-{m:02d}-{d:02d}\n    eltern_mail: {pm}\n    nachteilsausgleich: {pick(["true", "false"])}'
        )
        sec += [sid, f"{y}-{m:02d}-{d:02d}", pm]
    body = "\n".join(rows)
    P(
        "student_records",
        "de teacher pasting a school-portal YAML export",
        f"Warum lädt das Schulportal meine Datei nicht? Fehlermeldung: 'mapping values are not allowed here'.\n\nklasse: 7b\nschueler:\n{body}",
        *sec,
    )


@times(2)
def _():
    f, l_ = person(pick(["es", "pt", "it"]))
    ib = iban(pick(["ES", "PT", "IT"]))
    y, m, d = dob(2002, 2006)
    if ib.startswith("ES"):
        nid = dni()
        lab = "DNI"
    elif ib.startswith("PT"):
        nid = pt_nif()
        lab = "NIF"
    else:
        nid = codice_fiscale("Ferraresi", "Chiara", True)
        lab = "Codice fiscale"
    P(
        "scholarship_form",
        "southern-European student filling a scholarship form",
        f"Revisa mi solicitud de beca por favor:\n\nNombre: {f} {l_}\nFecha de nacimiento: {d:02d}/{m:02d}/{y}\n{lab}: {nid}\nIBAN para el ingreso: {iban_fmt(ib)}\nEstudios: Grado en Enfermería, 2º curso\n\n¿Falta algo?",
        f"{d:02d}/{m:02d}/{y}",
        nid,
        iban_fmt(ib),
    )


@times(1)
def _():
    lines = ["Nachname;Vorname;Schüler-ID;Mail Eltern;Tel. Eltern"]
    sec = []
    for _i in range(5):
        f, l_ = person("de")
        sid = f"S{dg(6)}"
        pm = email_for(
            pick(["Petra", "Uwe", "Ayşe", "Dirk", "Nadine"]),
            l_,
            pick(["gmx.de", "web.de", "posteo.de", "gmail.com"]),
        )
        tel = phone("DE", False)
        lines.append(f"{l_};{f};{sid};{pm};{tel}")
        sec += [sid, pm, tel]
    body = "\n".join(lines)
    P(
        "student_records",
        "de teacher cleaning up a class list CSV before a trip",
        f"Kannst du die Liste nach Nachnamen sortieren und die doppelten rauswerfen? Klassenfahrt 6a:\n\n{body}",
        *sec,
    )


@times(1)
def _():
    rows = []
    sec = []
    for _i in range(4):
        f, l_ = person("us")
        sid = f"{dg(9)}"
        mail = f"{ascii_fold(f)[0]}{ascii_fold(l_)}{dg(2)}@{pick(['students.cps.edu', 'stu.nisd.net', 'my.lausd.net'])}"
        rows.append(f"| {f} {l_} | {sid} | {mail} | {pick(['A-', 'B+', 'C', 'B', 'A'])} |")
        sec += [sid, mail]
    body = "\n".join(rows)
    P(
        "student_records",
        "en-US teacher pasting a gradebook table",
        f"Turn this into a nice email to each student telling them their quarter grade (don't change the grades):\n\n| Student | ID | Email | Q3 |\n|---|---|---|---|\n{body}",
        *sec,
    )


# ---- passports, DOBs


@times(3)
def _():
    c = pick(["IN", "NG", "DE", "FR", "PL", "BR", "KR", "UA", "TR"])
    if c == "IN":
        v = pick(UP) + dg(7)
        text = f"Dad's bypass surgery is booked in Singapore. For the hospital's visa invitation letter they need his passport number {v}, expiry 2031. Can you draft the request to the international patient desk?"
    elif c == "NG":
        v = "A" + dg(8)
        text = f"I got my UK nursing CBT pass. For the OSCE booking the form wants passport no. {v} and NMC application ID {dg(7)}. Does the passport have to be valid for 6 months?"
    elif c == "DE":
        v = rs("CFGHJKLMNPRTVWXYZ", 1) + rs("CFGHJKLMNPRTVWXYZ0123456789", 8)
        text = f"Für die Auslandskrankenversicherung (Auslandssemester in Kanada) wollen die meine Reisepassnummer: {v}. Reicht die Kopie vom Pass?"
    elif c == "FR":
        v = f"{dg(2)}{rs(UP, 2)}{dg(5)}"
        text = f"Pour l'échange Erasmus en Suède, l'université demande le numéro de passeport ({v}) et une attestation CEAM. Je fais la demande où ?"
    elif c == "PL":
        v = rs(UP, 2) + dg(7)
        text = f"Wyjazd na praktyki pielęgniarskie do Norwegii - w formularzu wpisałam nr paszportu {v}. Czy potrzebuję jeszcze EKUZ?"
    elif c == "BR":
        v = rs(UP, 2) + dg(6)
        text = f"Vou fazer intercâmbio de medicina em Portugal. No formulário do visto coloquei passaporte {v}. Preciso do PB4 pro SNS?"
    elif c == "KR":
        v = "M" + dg(8)
        text = f"어학연수 비자 서류 작성 중인데 여권번호 {v} 맞게 들어갔는지 확인해 주세요. 유학생 보험도 같이 가입해야 하나요?"
    elif c == "UA":
        v = rs("ABEFGHKMOPTX", 2) + dg(6)
        text = f"Для вступу до медичного університету в Польщі потрібен номер закордонного паспорта: {v}. Що ще треба для nostryfikacji атестата?"
    else:
        v = "U" + dg(8)
        text = f"Almanya'da hemşirelik denkliği için başvuru formunda pasaport no: {v} yazdım. Apostil gerekli mi?"
    sec = [v]
    if c == "NG":
        sec.append(text.split("NMC application ID ")[1][:7])
    P("passport", f"{c} student/patient travelling for care or study", text, *sec)


@times(3)
def _():
    lang = pick(["de", "fr", "es", "it", "pl", "nl", "sv", "en"])
    y, m, d = dob(
        *{"es": (2019, 2022), "sv": (2012, 2016), "de": (1930, 2014), "en": (1960, 2004)}.get(
            lang, (1928, 1960)
        )
    )
    f, l_ = person(lang if lang in NAMES else "en")
    if lang == "de":
        v = f"{d:02d}.{m:02d}.{y}"
        text = (
            f"Geburtsdatum {v} - ist meine Tochter damit schon berechtigt für die U-Untersuchung U11 oder zu alt?"
            if y > 2010
            else f"Pflegegrad-Gutachten für Vater, geb. am {v}, wohnt allein. Was soll ich beim MD-Termin sagen?"
        )
    elif lang == "fr":
        v = f"{d} {['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'][m - 1]} {y}"
        text = f"Ma grand-mère {f} {l_}, née le {v}, doit refaire sa carte Vitale. Elle peut faire la photo en pharmacie ?"
    elif lang == "es":
        v = f"{d:02d}-{m:02d}-{y}"
        text = f"Para la cita del pediatra me piden fecha de nacimiento del niño: {v}. ¿Le toca ya la vacuna de los 4 años?"
    elif lang == "it":
        v = f"{d:02d}/{m:02d}/{y}"
        text = f"Mio padre {f} {l_} (nato il {v}) deve rinnovare l'esenzione ticket per reddito. Si fa dal medico o al distretto ASL?"
    elif lang == "pl":
        v = f"{d:02d}.{m:02d}.{y} r."
        text = f"Skierowanie do sanatorium dla taty: data urodzenia {v}, NFZ odrzucił wniosek. Jak się odwołać?"
    elif lang == "nl":
        v = f"{d}-{m}-{y}"
        text = f"Geboortedatum van mijn moeder is {v} en de apotheek zegt dat het niet klopt met hun systeem. Hoe laat ik dat aanpassen bij de huisarts?"
    elif lang == "sv":
        v = f"{y}-{m:02d}-{d:02d}"
        text = f"Min son är född {v}. Ska han ha MPR-sprutan i skolan eller på BVC?"
    else:
        v = f"{['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'][m - 1]} {d}, {y}"
        text = f"Patient portal keeps locking me out at 'verify identity'. I enter my DOB as {v} but maybe it wants a different format?"
    P("dob", f"{lang} date of birth in a health/school request", text, v)


# ---- clinic data: exports, HL7, FHIR, DICOM, rosters


@times(1)
def _():
    lines = ["mrn,last_name,first_name,dob,mobile,appt,clinician"]
    sec = []
    for _i in range(5):
        f, l_ = person("en")
        m_ = mrn("RX" if R.random() < 0.3 else "")
        y, mo, d = dob()
        tel = phone("GB", False)
        lines.append(
            f"{m_},{l_},{f},{d:02d}/{mo:02d}/{y},{tel},{hhmm()},{pick(['Dr Patel', 'Dr Okoye', 'ANP Reid'])}"
        )
        sec += [m_, f"{d:02d}/{mo:02d}/{y}", tel]
    body = "\n".join(lines)
    P(
        "patient_list",
        "en-GB receptionist pasting an appointment export",
        f"Can you sort this by appointment time and tell me which clinician has the most patients tomorrow?\n\n{body}",
        *sec,
    )


@times(1)
def _():
    lines = ["N° dossier\tNom\tPrénom\tDate naiss.\tTéléphone\tRDV"]
    sec = []
    for _i in range(4):
        f, l_ = person("fr")
        m_ = dg(8)
        y, mo, d = dob()
        tel = phone("FR", False)
        lines.append(f"{m_}\t{l_.upper()}\t{f}\t{d:02d}/{mo:02d}/{y}\t{tel}\t{hhmm()}")
        sec += [m_, f"{d:02d}/{mo:02d}/{y}", tel]
    body = "\n".join(lines)
    P(
        "patient_list",
        "fr medical secretary pasting a TSV export from the practice software",
        f"Peux-tu me faire un SMS de rappel type pour chacun (sans changer les heures) ?\n\n{body}",
        *sec,
    )


@times(1)
def _():
    rows = []
    sec = []
    for _i in range(4):
        f, l_ = person("es")
        hc = f"{pick(['HC', 'NHC'])}-{dg(6)}"
        tel = phone("ES", False)
        v = dni()
        rows.append(
            f"| {f} {l_} | {hc} | {v} | {tel} | {pick(['Trauma', 'Cardio', 'Derma', 'Digestivo'])} |"
        )
        sec += [hc, v, tel]
    body = "\n".join(rows)
    P(
        "patient_list",
        "es receptionist pasting a markdown table of the day's list",
        f"Agrúpame estos pacientes por especialidad, porfa:\n\n| Paciente | Nº historia | DNI | Teléfono | Servicio |\n|---|---|---|---|---|\n{body}",
        *sec,
    )


@times(2)
def _():
    f, l_ = person("us")
    m_ = dg(8)
    y, mo, d = dob()
    s = ssn()
    area = pick(["617", "312", "713"])
    ph7 = pick("23456789") + dg(6)
    acct = dg(10)
    street = f"{R.randint(12, 9800)} {pick(['Maple Ave', 'W Addison St', 'Bissonnet St', 'Commonwealth Ave', 'N Lamar Blvd'])}"
    ts = f"2025{R.randint(1, 12):02d}{R.randint(1, 28):02d}{R.randint(7, 18):02d}{R.randint(0, 59):02d}{R.randint(0, 59):02d}"
    msg = (
        f"MSH|^~\\&|ADT1|MERCYGEN|LABADT|MERCYLAB|{ts}||ADT^A04^ADT_A01|MSG{dg(8)}|P|2.5.1\r"
        f"EVN|A04|{ts}\r"
        f"PID|1||{m_}^^^MERCY^MR||{l_.upper()}^{f.upper()}^^^^^L||{y}{mo:02d}{d:02d}|{pick('MF')}|||{street}^^{pick(['BOSTON^MA^02115', 'CHICAGO^IL^60613', 'HOUSTON^TX^77005'])}^USA||^PRN^PH^^1^{area}^{ph7}|||||{acct}|{s}\r"
        f"PV1|1|O|CARD^201^01||||{dg(10)}^{pick(['NGUYEN', 'SHAPIRO', 'ADEBAYO'])}^{pick(['LINH', 'DAVID', 'TOLU'])}^^^DR"
    )
    P(
        "hl7_pid",
        "en-US interface analyst debugging an HL7 v2 ADT message",
        f"Our lab system rejects this ADT with 'PID-7 invalid'. What's wrong with the message?\n\n{msg}",
        m_,
        f"{y}{mo:02d}{d:02d}",
        street,
        ph7,
        acct,
        s,
    )


@times(2)
def _():
    loc = pick(["en", "de", "nl"])
    f, l_ = person(loc)
    y, mo, d = dob()
    if loc == "en":
        ident = {"system": "https://fhir.nhs.uk/Id/nhs-number", "value": nhs()}
        tel = phone("GB")
        line = f"{R.randint(2, 90)} {pick(['Albert Road', 'Hill Street', 'Priory Lane'])}"
        city, pc = pick([("Bristol", "BS6 7QL"), ("Leeds", "LS8 2RT"), ("Norwich", "NR2 3HJ")])
    elif loc == "de":
        ident = {"system": "http://fhir.de/sid/gkv/kvid-10", "value": kvnr()}
        tel = phone("DE")
        line = f"{pick(['Lindenstraße', 'Am Mühlbach', 'Hauptstraße', 'Goethestr.'])} {R.randint(1, 88)}"
        city, pc = pick([("Leipzig", "04109"), ("Freiburg", "79098"), ("Bremen", "28203")])
    else:
        ident = {"system": "http://fhir.nl/fhir/NamingSystem/bsn", "value": bsn()}
        tel = phone("NL")
        line = f"{pick(['Kerkstraat', 'Molenweg', 'Lindenlaan'])} {R.randint(1, 140)}"
        city, pc = pick([("Utrecht", "3581 KP"), ("Zwolle", "8011 CW"), ("Breda", "4811 XJ")])
    mail = email_for(f, l_)
    res = {
        "resourceType": "Patient",
        "id": uuid4(),
        "identifier": [ident],
        "name": [{"family": l_, "given": [f]}],
        "telecom": [
            {"system": "phone", "value": tel, "use": "mobile"},
            {"system": "email", "value": mail},
        ],
        "gender": pick(["female", "male"]),
        "birthDate": f"{y}-{mo:02d}-{d:02d}",
        "address": [{"line": [line], "city": city, "postalCode": pc}],
    }
    body = json.dumps(res, indent=2, ensure_ascii=False)
    P(
        "fhir_patient",
        f"{loc} developer posting a FHIR Patient resource that fails validation",
        f"The FHIR server returns 422 for this Patient, any idea which element is wrong?\n\n```json\n{body}\n```",
        ident["value"],
        tel,
        mail,
        f"{y}-{mo:02d}-{d:02d}",
        line,
    )


@times(2)
def _():
    f, l_ = person(pick(["en", "de", "it"]))
    pid = pick(["", "PAT", "H"]) + dg(8)
    y, mo, d = dob()
    acc = dg(10)
    dump = (
        f"(0008,0020) DA [2025{R.randint(1, 12):02d}{R.randint(1, 28):02d}]                          #   8, 1 StudyDate\n"
        f"(0008,0050) SH [{acc}]                        #  10, 1 AccessionNumber\n"
        f"(0008,0060) CS [{pick(['CT', 'MR', 'CR', 'US'])}]                                #   2, 1 Modality\n"
        f"(0010,0010) PN [{ascii_fold(l_).upper()}^{ascii_fold(f).upper()}]              #  20, 1 PatientName\n"
        f"(0010,0020) LO [{pid}]                          #  10, 1 PatientID\n"
        f"(0010,0030) DA [{y}{mo:02d}{d:02d}]                          #   8, 1 PatientBirthDate\n"
        f"(0010,0040) CS [{pick('MF')}]                                 #   2, 1 PatientSex\n"
        f"(0018,0050) DS [1.25]                              #   4, 1 SliceThickness"
    )
    P(
        "dicom_header",
        "radiographer pasting a dcmdump output",
        f"PACS won't match this study to the worklist entry. Here's the header:\n\n{dump}\n\nIs the birth date format the problem?",
        pid,
        f"{y}{mo:02d}{d:02d}",
        acc,
    )


@times(2)
def _():
    lang = pick(["de", "en"])
    lines = []
    sec = []
    for _i in range(5):
        f, l_ = person(lang)
        staff = pick(["", "P", "MA-"]) + dg(pick([6, 7]))
        tel = phone("DE" if lang == "de" else "GB", False)
        shift = (
            pick(["F", "S", "N", "frei"])
            if lang == "de"
            else pick(["Early", "Late", "Night", "Off"])
        )
        lines.append(f"{l_}, {f} | {staff} | {tel} | {shift}")
        sec += [staff, tel]
    body = "\n".join(lines)
    if lang == "de":
        text = f"Dienstplan Station 4B, KW 14 - kannst du mir zählen wie viele Nachtdienste wir haben und wer zweimal hintereinander N hat?\n\nName | Personalnr. | Handy | Di\n{body}"
    else:
        text = f"Ward 12 rota for Tuesday - can you check nobody is on a Late followed by an Early?\n\nName | Staff no. | Mobile | Tue\n{body}"
    P("staff_roster", f"{lang} nurse pasting a ward roster", text, *sec)


@times(1)
def _():
    lines = []
    sec = []
    for _i in range(4):
        name = pick(["田中 美咲", "佐藤 健一", "鈴木 由美", "高橋 翔", "伊藤 真理子", "渡辺 大輔"])
        staff = f"N{dg(5)}"
        tel = phone("JP", False)
        lines.append(f"{name}\t{staff}\t{tel}\t{pick(['日勤', '夜勤', '準夜', '休'])}")
        sec += [staff, tel]
    body = "\n".join(lines)
    P(
        "staff_roster",
        "ja nurse manager pasting a shift table",
        f"来週の勤務表です。夜勤が連続している人をチェックしてください。\n\n氏名\t職員番号\t携帯\t月\n{body}",
        *sec,
    )


# ---- prescriptions


@times(3)
def _():
    c = pick(["GB", "US", "DE", "CA"])
    if c == "GB":
        v = f"{hx(6).upper()}-{rs(UP + DG, 6)}-{hx(5).upper()}{pick(UP + DG + '+')}"
        text = f"The pharmacy says my prescription hasn't come through. The token from the GP text says {v}. Is that something they can scan?"
        sec = [v]
    elif c == "US":
        v = f"{pick('67')}{dg(6)}"
        y, mo, d = dob(1940, 1990)
        text = f"Refill request for the pharmacy voicemail: Rx number {v}-{dg(5)}, patient DOB {mo:02d}/{d:02d}/{y}, lisinopril 10mg. Can you write what I should say?"
        sec = [text.split("Rx number ")[1][:13], f"{mo:02d}/{d:02d}/{y}"]
    elif c == "DE":
        v = f"160.{dg(3)}.{dg(3)}.{dg(3)}.{dg(3)}.{dg(2)}"
        code = hx(64)
        text = f"E-Rezept Ausdruck, der QR-Code geht nicht. Darunter steht:\nTask-ID: {v}\nAccessCode: {code}\nKann die Apotheke das auch manuell eingeben?"
        sec = [v, code]
    else:
        v = f"{dg(7)}"
        hc = ohip()
        text = f"Shoppers says my Rx #{v} for amoxicillin was transferred but the other pharmacy can't find it. My health card is {hc}. Who do I call?"
        sec = [v, hc]
    P("prescription_number", f"{c} patient with a prescription that went missing", text, *sec)


# ---- therapy, e-mails, contact details


@times(2)
def _():
    lang = pick(["en", "de"])
    f, l_ = person("en" if lang == "en" else "de")
    tel = phone("GB" if lang == "en" else "DE")
    mail = email_for(f, l_)
    y, mo, d = dob(1975, 2003)
    if lang == "en":
        text = (
            f"Can you turn my rough session notes into a SOAP note?\n\nclient {f[0]}.{l_[0]}. ({d:02d}/{mo:02d}/{y}), session 6, CBT for panic. "
            f"reports 2 attacks this wk, used grounding. homework: thought record. contact if cancels: {tel} / {mail}. "
            f"emergency contact sister {phone('GB')}."
        )
    else:
        text = (
            f"Bitte aus meinen Stichpunkten einen Verlaufsbericht machen:\n\nKlient geb. {d:02d}.{mo:02d}.{y}, 9. Sitzung VT, depressive Episode mittelgradig (F32.1). "
            f"Schlaf besser, Antrieb weiter reduziert. Erreichbar unter {tel}, Mail {mail}. Nächster Termin Di 16:00."
        )
    ds = f"{d:02d}/{mo:02d}/{y}" if lang == "en" else f"{d:02d}.{mo:02d}.{y}"
    sec = [ds, tel, mail]
    if lang == "en":
        sec.append(text.split("sister ")[1].rstrip("."))
    P("therapy_note", f"{lang} therapist with client contact details", text, *sec)


@times(3)
def _():
    lang = pick(["de", "en", "fr", "it"])
    f, l_ = person(lang)
    me = email_for(f, l_)
    tel = phone({"de": "DE", "en": "GB", "fr": "FR", "it": "IT"}[lang])
    if lang == "de":
        text = (
            f"Kannst du mir erklären was der Befund bedeutet?\n\n---------- Weitergeleitete Nachricht ---------\nVon: Praxis Dr. med. Hanke <befund@praxis-hanke-online.de>\nAn: {me}\nBetreff: Ihr Laborbefund vom 11.03.\n\n"
            f"Sehr geehrte/r Patient/in, anbei Ihr Befund. TSH 4,8 mU/l (Ref. 0,27-4,2). Bitte vereinbaren Sie einen Kontrolltermin.\nRückruf erbeten unter Ihrer Nummer {tel}."
        )
    elif lang == "en":
        text = (
            f"what does this mean?? forwarded from my email:\n\nFrom: Results Team <noreply@results.{pick(['myhealthlab.co.uk', 'quickpath.co.uk'])}>\nTo: {me}\nSubject: Your blood test results\n\n"
            f"Ferritin 9 ug/L (L). Please book a GP appointment. We tried to call you on {tel}."
        )
    elif lang == "fr":
        text = (
            f"Je ne comprends pas ce mail du labo :\n\n-------- Message transféré --------\nDe : Laboratoire Cerballiance <resultats@notifications-labo.fr>\nÀ : {me}\nObjet : Vos résultats sont disponibles\n\n"
            f"Glycémie à jeun 1,32 g/L. Le biologiste a tenté de vous joindre au {tel}."
        )
    else:
        text = (
            f"Mi spieghi questa mail dell'ospedale?\n\n---------- Messaggio inoltrato ---------\nDa: CUP Ospedale <cup.prenotazioni@asl-notifiche.it>\nA: {me}\nOggetto: Conferma prenotazione\n\n"
            f"Gentile utente, la visita cardiologica è confermata per il 14/05 alle 10:40. Per disdire chiamare o rispondere. Recapito registrato: {tel}."
        )
    P("email_address", f"{lang} patient forwarding a clinic e-mail", text, me, tel)


@times(3)
def _():
    lang = alt(["en", "es", "pl", "fr", "it", "de"])
    f, l_ = person({"en": "us", "es": "es", "pl": "pl", "fr": "fr", "it": "it", "de": "de"}[lang])
    a, b = ascii_fold(f), ascii_fold(l_)
    if lang == "en":
        ob = pick([f"{a} dot {b} at gmail dot com", f"{a[0]}{b}{dg(2)} (at) outlook (dot) com"])
        text = f"The patient group forum hides emails so people write them like {ob}. Can you reply to her that the carers' meeting moved to Thursday?"
    elif lang == "es":
        ob = f"{a}_{b} arroba {pick(['gmail', 'hotmail', 'yahoo'])} punto {pick(['com', 'es'])}"
        text = f"Para la asociación de familiares de alzhéimer: mi correo es {ob}, mándenme el acta de la reunión."
    elif lang == "pl":
        ob = f"{a}.{b} małpa {pick(['wp', 'onet', 'o2', 'interia'])} kropka pl"
        text = f"Rodzice z grupy wsparcia (cukrzyca typu 1 u dzieci) - mój mail {ob}, wyślijcie harmonogram zjazdu."
    elif lang == "fr":
        ob = f"{a}.{b}{dg(2)} [at] {pick(['orange', 'free', 'laposte'])} [point] {pick(['fr', 'net'])}"
        text = f"Pour le groupe de parents d'enfants dys : écrivez-moi à {ob} (je l'écris comme ça à cause des robots)."
    elif lang == "it":
        ob = f"{a[0]}{b}(chiocciola){pick(['libero', 'alice', 'tiscali'])}(punto)it"
        text = (
            f"Associazione pazienti celiaci: per le iscrizioni al corso scrivetemi a {ob}, grazie!"
        )
    else:
        ob = f"{a} punkt {b} (ät) {pick(['gmx', 'web', 'posteo'])} punkt de"
        text = f"Selbsthilfegruppe pflegende Angehörige: Anmeldung zum Treffen am Donnerstag bitte an {ob}"
    P("email_obfuscated", "obfuscated e-mail in a patient/parent support group", text, ob)


@times(4)
def _():
    lang = pick(["en", "de", "fr", "es", "it", "pl", "tr", "ko", "ru"])
    cc = {
        "en": "GB",
        "de": "DE",
        "fr": "FR",
        "es": "ES",
        "it": "IT",
        "pl": "PL",
        "tr": "TR",
        "ko": "KR",
        "ru": "RU",
    }[lang]
    num = phone(cc, False)
    digits = "".join(ch for ch in num if ch.isdigit())
    spoken = say_digits(digits, lang)
    if lang == "en":
        spoken = spoken.replace("zero", "oh")
        text = f"[voice note transcript] hi it's about my mum's district nurse visit, can they call me back on {spoken}, that's my mobile, thanks"
    elif lang == "de":
        text = f"[Sprachnachricht, automatisch transkribiert] Hallo, hier ist die Tochter von Frau K., bitte Rückruf wegen Pflegedienst unter {spoken}, danke"
    elif lang == "fr":
        text = f"[transcription message vocal] bonjour c'est pour le rendez-vous de kiné de mon fils, rappelez-moi au {spoken} merci"
    elif lang == "es":
        text = f"[nota de voz] hola, soy la madre de Lucía, de 3ºB, que me llamen al {spoken} por lo de la beca de comedor"
    elif lang == "it":
        text = f"[messaggio vocale trascritto] buongiorno, chiamo per l'esito della biopsia di mio marito, il mio numero è {spoken}, grazie"
    elif lang == "pl":
        text = f"[transkrypcja notatki głosowej] dzień dobry, proszę o telefon w sprawie wizyty domowej, mój numer {spoken}"
    elif lang == "tr":
        text = f"[sesli mesaj dökümü] merhaba, annemin fizik tedavi randevusu için arıyorum, numaram {spoken}, teşekkürler"
    elif lang == "ko":
        text = (
            f"[음성메모 받아쓰기] 안녕하세요 방문간호 일정 때문에 연락드려요 번호는 {spoken} 입니다"
        )
    else:
        text = f"[расшифровка голосового] здравствуйте, по поводу записи дочки к ЛОРу, перезвоните мне {spoken}, спасибо"
    P("phone_dictated", f"{lang} phone number dictated as words", text, spoken)


@times(4)
def _():
    c = pick(["DE", "FR", "ES", "US", "JP", "KR", "RU", "PL", "IT", "BR", "SA", "GB"])
    if c == "DE":
        a = f"{pick(['Lindenstraße', 'Kastanienallee', 'Am Anger', 'Bergstraße'])} {R.randint(1, 120)}"
        text = f"Hausbesuch für meine Oma bitte: {a}, 2. OG links, {pick(['04109 Leipzig', '99084 Erfurt', '24103 Kiel'])}. Klingel geht nicht, bitte anrufen."
    elif c == "FR":
        a = f"{R.randint(1, 90)}{pick(['', ' bis'])} rue {pick(['des Acacias', 'Victor Hugo', 'du Moulin', 'Paul Bert'])}"
        text = f"Pour le passage de l'infirmière à domicile : {a}, {pick(['31400 Toulouse', '69007 Lyon', '35000 Rennes'])}, code portail 4B17."
    elif c == "ES":
        a = f"C/ {pick(['Mayor', 'San Bernardo', 'Alcalá', 'de la Paz'])} {R.randint(1, 200)}, {R.randint(1, 8)}º {pick('ABCD')}"
        text = f"Necesito que la ambulancia de rehabilitación recoja a mi padre en {a}, {pick(['28013 Madrid', '46001 Valencia', '41003 Sevilla'])}. ¿Cómo lo pido?"
    elif c == "US":
        a = f"{R.randint(100, 9999)} {pick(['Maple Ave', 'Oak St', 'Sheridan Rd', 'Elm Ct'])} Apt {R.randint(1, 9)}{pick('ABC')}"
        text = f"Home health agency needs the address for the first visit: {a}, {pick(['Oak Park, IL 60302', 'Austin, TX 78704', 'Tacoma, WA 98403'])}. Gate code is on the referral."
    elif c == "JP":
        a = f"{pick(['東京都世田谷区三軒茶屋', '大阪府大阪市北区天満', '神奈川県横浜市青葉区美しが丘'])}{R.randint(1, 5)}丁目{R.randint(1, 30)}-{R.randint(1, 20)}"
        text = f"訪問看護の申込書に住所を書きます：{a}、{pick(['ハイツ青葉', 'メゾン桜', 'コーポ松本'])}{R.randint(1, 4)}0{R.randint(1, 9)}号室。これで合っていますか？"
    elif c == "KR":
        a = f"서울특별시 {pick(['마포구 월드컵로', '송파구 올림픽로', '관악구 봉천로'])} {R.randint(10, 400)}, {R.randint(101, 115)}동 {R.randint(1, 25)}0{R.randint(1, 4)}호"
        text = f"방문요양 신청서 주소란에 '{a}' 이렇게 쓰면 되나요?"
    elif c == "RU":
        a = f"ул. {pick(['Ленина', 'Садовая', 'Гагарина', 'Мира'])}, д. {R.randint(1, 90)}, кв. {R.randint(1, 200)}"
        text = f"Вызов врача на дом для бабушки: {a}, {pick(['Казань', 'Самара', 'Пермь'])}, подъезд 3, домофон не работает."
    elif c == "PL":
        a = f"ul. {pick(['Długa', 'Polna', 'Ogrodowa', 'Kwiatowa'])} {R.randint(1, 60)}/{R.randint(1, 30)}"
        text = f"Zlecenie na transport sanitarny dla mamy: adres {a}, {pick(['80-831 Gdańsk', '31-042 Kraków', '60-101 Poznań'])}, parter."
    elif c == "IT":
        a = f"Via {pick(['Roma', 'Garibaldi', 'dei Mille', 'San Martino'])} {R.randint(1, 150)}, int. {R.randint(1, 20)}"
        text = f"Per l'assistenza domiciliare integrata l'indirizzo è {a}, {pick(['40126 Bologna', '10121 Torino', '90133 Palermo'])}. Scala B, terzo piano senza ascensore."
    elif c == "BR":
        a = f"Rua {pick(['das Flores', 'Augusta', 'Padre Anchieta', 'Sete de Setembro'])}, {R.randint(10, 2000)}, apto {R.randint(11, 150)}"
        text = f"Endereço pra visita do agente comunitário de saúde: {a}, {pick(['Vila Mariana, São Paulo - SP, 04117-030', 'Boa Viagem, Recife - PE, 51020-000'])}."
    elif c == "SA":
        a = f"{pick(['شارع الأمير سلطان', 'شارع التحلية', 'طريق الملك عبدالعزيز'])}، مبنى {R.randint(1000, 9999)}"
        text = f"عنوان الزيارة المنزلية لوالدي: {a}، {pick(['حي الروضة، جدة', 'حي العليا، الرياض'])}. الرمز البريدي {dg(5)}."
    else:
        a = f"Flat {R.randint(1, 40)}, {R.randint(2, 200)} {pick(['Pershore Road', 'Dalry Road', 'Kingsland Road'])}"
        text = f"Can you write a letter to the hospital transport team - pickup from {a}, {pick(['Birmingham B5 7RJ', 'Edinburgh EH11 2BA', 'London E8 4AA'])}, wheelchair user, needs 2 crew."
    sec = [a]
    P("street_address", f"{c} home-visit / transport address", text, *sec)


# ---- money: carers, pensions, bills


def aba() -> str:
    while True:
        body = pick(["0", "1", "2", "3"]) + dg(7)
        for c in range(10):
            d = [int(x) for x in body + str(c)]
            if (
                3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + (d[2] + d[5] + d[8])
            ) % 10 == 0:
                return body + str(c)


@times(1)
def _():
    sc = f"{R.randint(10, 40)}-{dg(2)}-{dg(2)}"
    acct = dg(8)
    ni = f"{pick('ABCEGHJKLMNPRSTWXYZ')}{pick('ABCEGHJKLMNPRSTWXYZ')} {dg(2)} {dg(2)} {dg(2)} {pick('ABCD')}"
    P(
        "bank_account",
        "en-GB carer applying for Carer's Allowance",
        f"Filling in the Carer's Allowance claim for looking after Dad. It asks for my NI number ({ni}) and where to pay it: sort code {sc}, account {acct}. Do I put Dad's details anywhere?",
        ni,
        sc,
        acct,
    )


@times(1)
def _():
    r = aba()
    acct = dg(pick([9, 10, 12]))
    P(
        "bank_account",
        "en-US adult child handling a parent's pension direct deposit",
        f"Dad's pension is switching to direct deposit. Form SF-1199A: routing {r}, checking account {acct}. Do I sign as POA or does he have to sign?",
        r,
        acct,
    )


@times(2)
def _():
    cc = pick(["DE", "DE", "NL", "AT"])
    ib = iban(cc)
    f = iban_fmt(ib)
    cut = pick([14, 19]) if cc == "DE" else 14
    a, b = f[:cut].rstrip(), f[cut:].lstrip()
    text = alt(
        [
            f"Die Rentenversicherung braucht die neue Kontoverbindung meiner Mutter (ich habe Vorsorgevollmacht).\nIBAN:\n{a}\n{b}\nBIC kommt gleich. Reicht das formlos?",
            f"Pflegekasse will für die Erstattung der Verhinderungspflege die Bankverbindung, ich hab sie aus dem Online-Banking kopiert, ist zerstückelt:\n{a}\n{b}\nist die gültig?",
        ]
    )
    P("iban", "de carer with a power of attorney", text, a, b)


@times(3)
def _():
    cc = pick(
        [
            "ES",
            "IT",
            "PL",
            "PT",
            "GR",
            "TR",
            "RO",
            "CZ",
            "HU",
            "SE",
            "FI",
            "UA",
            "GE",
            "SA",
            "AE",
            "IL",
            "CH",
            "FR",
            "GB",
        ]
    )
    ib = iban(cc)
    shown = pick([iban_fmt(ib), ib])
    msg = {
        "ES": f"Para domiciliar la cuota de la residencia de mi madre: IBAN {shown}. ¿Hace falta firmar la orden SEPA?",
        "IT": f"La RSA chiede l'IBAN per l'addebito della retta di papà: {shown}. Devo fare un mandato SDD?",
        "PL": f"ZUS prosi o numer rachunku do przelewu renty mamy: {shown}. Czy trzeba iść osobiście?",
        "PT": f"A Segurança Social quer o IBAN para o complemento solidário para idosos do meu pai: {shown}.",
        "GR": f"Για τη σύνταξη της μητέρας μου, το ΙΒΑΝ είναι {shown}. Χρειάζεται να το δηλώσω και στον ΕΦΚΑ;",
        "TR": f"Babamın emekli maaşı için SGK'ya IBAN bildirmem gerekiyor: {shown}. e-Devlet'ten yapılabilir mi?",
        "RO": f"Casa de pensii vrea IBAN-ul mamei pentru virarea pensiei: {shown}. Trimit cererea prin poștă?",
        "CZ": f"Důchod babičky chceme posílat na účet, IBAN {shown}. Stačí formulář ČSSZ?",
        "HU": f"Anyukám nyugdíját számlára kérjük: IBAN {shown}. Elég a Kormányablakban bejelenteni?",
        "SE": f"Pensionsmyndigheten vill ha mammas kontonummer, jag har bara IBAN {shown}. Funkar det?",
        "FI": f"Kela tarvitsee isän tilinumeron eläkettä varten: {shown}. Voinko ilmoittaa sen valtakirjalla?",
        "UA": f"Для перерахунку пенсії мами в ПФУ потрібен IBAN: {shown}. Чи можна подати онлайн?",
        "GE": f"დედაჩემის პენსიისთვის საჭიროა ანგარიშის ნომერი: {shown}. სად უნდა მივიტანო განცხადება?",
        "SA": f"أبغى أحول مصاريف دار الرعاية لوالدتي، الآيبان {shown}. هل يكفي أرسل صورة منه؟",
        "AE": f"المستشفى يطلب رقم الآيبان لاسترداد المبلغ: {shown}. هل أرسله بالإيميل؟",
        "IL": f"ביטוח לאומי מבקשים את מספר החשבון של אבא שלי לקצבת זקנה: {shown}. זה מספיק?",
        "CH": f"D'Spitex will für d'Rechnig vo mim Vater es LSV, IBAN {shown}. Isch das sicher?",
        "FR": f"L'EHPAD de ma mère demande un IBAN pour le prélèvement : {shown}. Je mets celui de son compte ou du mien ?",
        "GB": f"Mum's care home wants to set up a direct debit from her account, IBAN {shown} (it's a UK account, do they need the sort code instead?)",
    }[cc]
    assert iban_ok(ib)
    P("iban", f"{cc} carer paying for an elderly parent's care", msg, shown)


@times(1)
def _():
    _first, l_ = person("de")
    rv = f"{R.randint(10, 89)} {R.randint(1, 28):02d}{R.randint(1, 12):02d}{R.randint(35, 60)} {ascii_fold(l_)[0].upper()} {dg(3)}"
    ib = iban("DE")
    P(
        "pension_number",
        "de carer with the pension insurance",
        f"Antrag auf Witwenrente für meine Mutter. Versicherungsnummer (Rentenversicherung) von Papa war {rv}, ihre Bankverbindung {iban_fmt(ib)}. Welche Formulare brauche ich noch außer R0500?",
        rv,
        iban_fmt(ib),
    )


@times(3)
def _():
    n = card()
    fmt = card_fmt(n, pick([" ", "-", ""])) if len(n) == 16 else card_fmt(n)
    exp = f"{R.randint(1, 12):02d}/{R.randint(26, 31)}"
    lang = pick(["en", "de", "es", "fr", "ja"])
    text = {
        "en": f"Paying the dental bill online and it keeps declining. Card {fmt}, exp {exp}. Is it because the billing address is my mum's?",
        "de": f"Die Zahnarztrechnung will ich mit Karte zahlen, Nummer {fmt}, gültig bis {exp}. Warum sagt das Portal 'Zahlung abgelehnt'?",
        "es": f"No me deja pagar la matrícula de la universidad, tarjeta {fmt} caduca {exp}. ¿Puede ser el límite?",
        "fr": f"Paiement de la cantine scolaire refusé, j'ai mis la carte {fmt} exp. {exp}. C'est le 3D Secure ?",
        "ja": f"オンライン診療の支払いでカード番号 {fmt}（有効期限 {exp}）を入れるとエラーになります。",
    }[lang]
    P("card_number", f"{lang} patient/parent paying a health or school bill", text, fmt)


# ---- accounts, devices


@times(2)
def _():
    f, l_ = person(pick(["us", "en", "de"]))
    u = pick(
        [
            f"{ascii_fold(f)}.{ascii_fold(l_)}{R.randint(40, 99)}",
            f"{ascii_fold(f)[0]}{ascii_fold(l_)}_{R.randint(1950, 1999)}",
            f"{ascii_fold(l_)}{ascii_fold(f)[:2]}{dg(3)}",
        ]
    )
    text = alt(
        [
            f"MyChart locked me out. Username is {u} - I did the 'forgot password' thing but the email never arrives. Can you draft a message to the help desk?",
            f"Bei der Patientenportal-App ist mein Benutzername {u}, aber ich bekomme 'Konto gesperrt'. Was schreibe ich dem Support?",
            f"The school's parent app (ParentMail) account is {u}; how do I add my ex-husband as a second contact without giving him my login?",
        ]
    )
    P("username", "patient/parent with a portal username", text, u)


@times(2)
def _():
    lines = []
    sec = []
    for _i in range(4):
        ipx = ip4() if R.random() < 0.75 else ip6()
        sid = uuid4()
        ts = f"2025-0{R.randint(1, 9)}-{R.randint(10, 28)}T{R.randint(7, 20):02d}:{R.randint(0, 59):02d}:{R.randint(0, 59):02d}Z"
        pt = f"pt-{dg(7)}"
        lines.append(
            f'{ts} INFO  video.join session={sid} patient_ref={pt} client_ip={ipx} ua="{pick(["Android 14; SM-A546B", "iPhone; iOS 17.4", "Windows NT 10.0; Chrome/123"])}"'
        )
        sec += [pt, ipx]
    body = "\n".join(lines)
    P(
        "ip_address",
        "telehealth support engineer pasting join logs",
        f"Patients say the video freezes after ~40s. Here are the join logs, do you see a pattern (same ISP? same OS?)\n\n{body}",
        *sec,
    )


# ---- partially masked, still identifying


@times(3)
def _():
    kind = pick(["nhs", "card", "email", "iban", "phone"])
    if kind == "nhs":
        v = nhs()
        m = f"{v[:3]} {v[3:6]} ****"
        text = f"The pharmacy label shows NHS {m} - is that enough for them to find me if I lose the bag?"
    elif kind == "card":
        n = card("visa")
        m = f"{n[:4]} {n[4:6]}** **** {n[12:]}"
        text = f"Hospital parking refund came back to a card {m}. I don't recognise it, is that maybe my husband's?"
    elif kind == "email":
        f, l_ = person("es")
        e = email_for(f, l_)
        local, dom = e.split("@")
        m = f"{local[0]}***{local[4:]}@{dom}" if len(local) > 7 else f"{local}@{dom[0]}****.com"
        text = f"La app de la farmacia dice que envió el código a {m} pero no me llega nada."
    elif kind == "iban":
        ib = iban("DE")
        m = f"{ib[:4]} **** **** {ib[12:16]} {ib[16:20]} {ib[20:]}"
        text = (
            f"Auf der Beihilfe-Abrechnung steht Zahlung an {m} - das ist noch das alte Konto, oder?"
        )
    else:
        t = phone("FR", False)
        m = t[:-2] + "**"
        text = f"Le centre de santé m'a envoyé un SMS au {m}, c'est bien mon ancien numéro ?"
    P("masked_partial", f"partially masked {kind}, still identifying", text, m)


# ---- lab results, claims, handovers


@times(2)
def _():
    lang = pick(["de", "en", "it"])
    f, l_ = person(lang)
    y, mo, d = dob()
    pid = dg(8)
    order = f"{R.randint(25, 26)}{dg(8)}"
    if lang == "de":
        ds = f"{d:02d}.{mo:02d}.{y}"
        text = (
            f"Was heißen die Werte? (vom Befund abgetippt)\n\nPatient: {l_}, {f}   geb. {ds}   Pat.-ID {pid}\nAuftrags-Nr. {order}\n"
            f"Kreatinin 1,4 mg/dl (0,5-0,9) H\neGFR 41 ml/min/1,73m2\nHbA1c 7,9 % (<5,7)\nKalium 5,3 mmol/l"
        )
    elif lang == "en":
        ds = f"{mo:02d}/{d:02d}/{y}"
        text = (
            f"can you explain these? copied from the portal\n\nPt: {l_.upper()}, {f.upper()}  DOB {ds}  MRN {pid}\nAccession {order}\n"
            f"TSH 0.08 uIU/mL (0.45-4.5) L\nFree T4 2.9 ng/dL H\nCBC within normal limits"
        )
    else:
        ds = f"{d:02d}/{mo:02d}/{y}"
        text = (
            f"Mi aiuti a capire il referto?\n\nPaziente {l_} {f} nato/a il {ds} - ID {pid}\nN. accettazione {order}\n"
            f"PCR 48 mg/L (<5)\nVES 62 mm/h\nGlobuli bianchi 13,2 x10^3/uL"
        )
    P("lab_report", f"{lang} patient pasting lab results with identifiers", text, ds, pid, order)


@times(2)
def _():
    lang = pick(["de", "ja", "fr"])
    if lang == "de":
        vn = f"{dg(9)}-{dg(2)}"
        bel = f"BE-{dg(8)}"
        text = f"Private Krankenversicherung hat die Erstattung abgelehnt. Versicherungsnummer {vn}, Belegnummer {bel}, Rechnung GOÄ Ziffer 5 und 1. Wie schreibe ich den Widerspruch?"
        sec = [vn, bel]
    elif lang == "ja":
        hk = f"{dg(8)}"
        text = f"高額療養費の申請書を書いています。被保険者証の記号 {dg(2)}番号 {dg(3)}、保険者番号 {dg(8)}、被保険者番号 {hk}。どこに何を書けばいいですか？"
        sec = [hk]
    else:
        dossier = f"{rs(UP, 2)}{dg(9)}"
        adh = dg(10)
        text = f"Ma mutuelle a refusé le remboursement de l'implant dentaire. Dossier n° {dossier}, adhérent {adh}. Aide-moi à écrire une réclamation."
        sec = [dossier, adh]
    P("insurance_claim", f"{lang} patient disputing an insurance claim", text, *sec)


@times(2)
def _():
    lines = []
    sec = []
    for bed in range(1, 5):
        m_ = mrn(pick(["", "00", "M"]))
        age = R.randint(34, 96)
        lines.append(
            f"Bed {bed} - MRN {m_} - {age}{pick('MF')} - {pick(['CAP on IV abx', 'NSTEMI, for angio', '#NOF post-op d2', 'DKA resolving', 'falls, delirium screen'])}"
        )
        sec.append(m_)
    body = "\n".join(lines)
    P(
        "mrn",
        "en nurse writing an SBAR handover",
        f"Turn these into SBAR format for night handover please:\n\n{body}",
        *sec,
    )


@times(2)
def _():
    f, l_ = person("en")
    a, b = ascii_fold(f), ascii_fold(l_)
    nato = {
        "a": "alpha",
        "b": "bravo",
        "c": "charlie",
        "d": "delta",
        "e": "echo",
        "f": "foxtrot",
        "g": "golf",
        "h": "hotel",
        "i": "india",
        "j": "juliet",
        "k": "kilo",
        "l": "lima",
        "m": "mike",
        "n": "november",
        "o": "oscar",
        "p": "papa",
        "q": "quebec",
        "r": "romeo",
        "s": "sierra",
        "t": "tango",
        "u": "uniform",
        "v": "victor",
        "w": "whiskey",
        "x": "x-ray",
        "y": "yankee",
        "z": "zulu",
    }
    num = dg(2)
    spelled = (
        " ".join(nato[c] for c in b[:6]) + " " + " ".join(DIGIT_WORDS["en"][int(x)] for x in num)
    )
    text = alt(
        [
            f"[dictated] my email for the results is {a[0]} dot then {spelled} at gmail dot com, that's {a[0]}.{b[:6]}{num}",
            f"[transcript] patient spells her school-portal login: {spelled}. I typed it as {b[:6]}{num}, is that right?",
        ]
    )
    sec = [spelled, f"{b[:6]}{num}"]
    P("spelled_identifier", "en identifier spelled out in a dictated note", text, *sec)


# ---- more PII: carers' notes, scanned letters, students around the world


@times(2)
def _():
    f, l_ = person("en")
    v = nhs()
    y, mo, d = dob(1930, 1950)
    tel = phone("GB")
    street = f"{R.randint(1, 99)} {pick(['Laburnum Grove', 'St Helens Road', 'Fernbank Drive', 'Coronation Street West'])}"
    P(
        "carer_summary",
        "en-GB adult child writing a one-page summary for a care agency",
        f"Can you tidy this into a one-page 'about Mum' sheet for the new carers?\n\n{f} {l_}, born {d} {['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][mo - 1]} {y}\nNHS no {group(v, [3, 3, 4])}\nlives at {street}\nme (daughter) {tel}\nmeds: donepezil 10mg nocte, amlodipine 5mg mane\nlikes: Radio 2, custard creams",
        f"{d} {['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][mo - 1]} {y}",
        group(v, [3, 3, 4]),
        street,
        tel,
    )


@times(1)
def _():
    v = nir()
    shown = nir_fmt(v).replace("0", "O", 1)
    a = f"{R.randint(2, 80)} av. {pick(['Jean Jaurès', 'de la République', 'Gambetta'])}"
    P(
        "nir",
        "fr OCR of a scanned discharge letter with a misread",
        f"Voici le compte-rendu scanné (OCR un peu raté), tu peux le remettre au propre ?\n\nCENTRE HOSPITAL1ER - Service de Cardio1ogie\nPatient : Mme R. {pick(['Fontanel', 'Rouquette', 'Chauvin'])}\nN° SS : {shown}\nDomicile : {a}, 13005 Marsei1le\nMotif : FA rapide, CHA2DS2-VASc 4...",
        shown,
        a,
    )


@times(1)
def _():
    nhc = dg(7)
    v = dni()
    P(
        "dni",
        "es OCR of an informe de alta",
        f"Lo escaneé con el móvil y salió así, ¿me lo pasas a limpio?\n\nINFORME DE ALTA - Servicio de Neumo1ogía\nNHC: {nhc}   DNI: {v}\nFecha ingreso: 03/02   Fecha alta: 09/02\nJuicio clínico: Neumonía adquirida en la comunidad (CURB-65: 2)",
        nhc,
        v,
    )


@times(1)
def _():
    lines = ["Name | geb. | Tel. | Blister"]
    sec = []
    for _i in range(4):
        f, l_ = person("de")
        y, mo, d = dob(1930, 1955)
        tel = phone("DE", False)
        lines.append(f"{l_}, {f} | {d:02d}.{mo:02d}.{y} | {tel} | {pick(['Mo', 'Di', 'Do'])}")
        sec += [f"{d:02d}.{mo:02d}.{y}", tel]
    body = "\n".join(lines)
    P(
        "patient_list",
        "de pharmacist with a weekly blister-pack list",
        f"Verblisterung diese Woche - bitte nach Liefertag sortieren:\n\n{body}",
        *sec,
    )


@times(1)
def _():
    c = cpf()
    f, l_ = person("pt")
    mail = email_for(f, l_, pick(["gmail.com", "hotmail.com", "uol.com.br", "bol.com.br"]))
    tel = phone("BR")
    payload = json.dumps(
        {"nome": f"{f} {l_}", "cpf": cpf_fmt(c), "email": mail, "celular": tel, "plano": "basico"},
        ensure_ascii=False,
    )
    P(
        "cpf",
        "pt-BR developer with a telehealth signup payload in an error log",
        f'O cadastro do app de telemedicina dá erro 422. Log:\n\n[2025-04-02 10:14:07] POST /api/pacientes body={payload} -> 422 {{"erro": "celular invalido"}}\n\nO formato do celular está errado?',
        cpf_fmt(c),
        mail,
        tel,
    )


@times(1)
def _():
    cf = codice_fiscale("Mancuso", "Rosaria", True)
    y = R.randint(1940, 1960)
    P(
        "codice_fiscale",
        "it developer with a CDA document header",
        f'Il validatore del Fascicolo rifiuta il documento. Header CDA:\n\n<recordTarget>\n  <patientRole>\n    <id root="2.16.840.1.113883.2.9.4.3.2" extension="{cf}" assigningAuthorityName="MEF"/>\n    <patient>\n      <birthTime value="{y}{R.randint(1, 12):02d}{R.randint(1, 28):02d}"/>\n    </patient>\n  </patientRole>\n</recordTarget>',
        cf,
    )


@times(1)
def _():
    uvci = f"URN:UVCI:01:DE:{rs(UP + DG, 18)}#{pick(UP)}"
    y, mo, d = dob(1950, 2000)
    P(
        "vaccination_certificate",
        "de traveller with a vaccination certificate QR decode",
        f"Die App zeigt beim Impfzertifikat 'ungültige Signatur'. Inhalt laut Decoder:\n\nci: {uvci}\ndob: {y}-{mo:02d}-{d:02d}\nmp: EU/1/20/1528\ndt: 2021-06-14\n\nWas bedeutet mp?",
        uvci,
        f"{y}-{mo:02d}-{d:02d}",
    )


@times(1)
def _():
    roll = nz(8)
    P(
        "exam_registration",
        "hi student with a board-exam roll number",
        f"CBSE 12वीं का रिज़ल्ट देखना है। रोल नंबर {roll}, स्कूल नंबर {dg(5)}, एडमिट कार्ड आईडी {rs(UP, 2)}{dg(6)}. वेबसाइट पर 'Invalid Roll No' आ रहा है, क्या करूँ?",
        roll,
    )


@times(1)
def _():
    roll = nz(6)
    reg = f"{R.randint(18, 23)}{dg(8)}"
    P(
        "exam_registration",
        "bn student checking HSC results",
        f"এইচএসসি রেজাল্ট দেখতে পারছি না। রোল {roll}, রেজিস্ট্রেশন নম্বর {reg}, বোর্ড ঢাকা। ওয়েবসাইটে 'Result not found' দেখায়।",
        roll,
        reg,
    )


@times(1)
def _():
    sid = f"{R.randint(2019, 2024)}{dg(5)}"
    tel = phone("KR")
    P(
        "student_id",
        "ko parent writing in the school notice app",
        f"담임선생님께 보낼 메시지 좀 다듬어 주세요: '안녕하세요, 2학년 3반 {sid}번 학생 어머니입니다. 아이가 장염으로 오늘 결석합니다. 진료확인서는 내일 제출하겠습니다. 연락처 {tel}'",
        sid,
        tel,
    )


@times(1)
def _():
    sid = f"20{R.randint(20, 24)}{dg(5)}"
    tel = phone("AE")
    P(
        "student_id",
        "ar student applying for a scholarship",
        f"أكتب لي رسالة لمكتب المنح: أنا طالبة في كلية الطب، رقمي الجامعي {sid}، وأحتاج تمديد موعد تقديم الأوراق بسبب عملية جراحية. جوالي {tel}.",
        sid,
        tel,
    )


@times(1)
def _():
    sid = f"6{R.randint(3, 7)}{dg(8)}"
    mail = f"{sid}@student.{pick(['chula.ac.th', 'mahidol.ac.th', 'cmu.ac.th'])}"
    P(
        "student_id",
        "th student emailing a lecturer",
        f"ช่วยเขียนอีเมลถึงอาจารย์ให้หน่อยค่ะ รหัสนักศึกษา {sid} ขาดสอบย่อยเพราะป่วยเป็นไข้เลือดออก มีใบรับรองแพทย์ ส่งจาก {mail}",
        sid,
        mail,
    )


@times(1)
def _():
    mssv = f"{R.randint(20, 24)}{dg(6)}"
    mail = f"{pick(['nguyenthu', 'tranminh', 'lehoang'])}.{mssv}@{pick(['sv.ump.edu.vn', 'st.hcmuaf.edu.vn', 'student.hust.edu.vn'])}"
    P(
        "student_id",
        "vi student asking for an exam deferral",
        f"Em là sinh viên Y khoa, MSSV {mssv}, email {mail}. Em bị sốt xuất huyết nên không thi được môn Sinh lý, nhờ viết giúp đơn xin hoãn thi ạ.",
        mssv,
        mail,
    )


@times(1)
def _():
    nim = f"{R.randint(19, 24)}{dg(2)}{dg(6)}"
    mail = f"{pick(['putri', 'rizky', 'dewi', 'agus'])}.{nim}@{pick(['mail.ugm.ac.id', 'ui.ac.id', 'student.unair.ac.id'])}"
    P(
        "student_id",
        "id student asking for a leave letter",
        f"Tolong buatkan surat izin sakit untuk dosen wali. NIM saya {nim}, prodi Keperawatan, email kampus {mail}. Saya dirawat di RS 3 hari.",
        nim,
        mail,
    )


@times(1)
def _():
    am = f"{R.randint(2019, 2024)}{dg(5)}"
    mail = f"{pick(['med', 'nurs', 'pharm'])}{dg(5)}@{pick(['uoa.gr', 'auth.gr', 'upatras.gr'])}"
    P(
        "student_id",
        "el student writing to the secretariat",
        f"Καλησπέρα, μπορείς να μου γράψεις ένα email για τη γραμματεία; Αριθμός μητρώου {am}, ιδρυματικό email {mail}. Έχασα την εξεταστική λόγω νοσηλείας.",
        am,
        mail,
    )


@times(1)
def _():
    tel = phone("UA")
    a = f"вул. {pick(['Шевченка', 'Франка', 'Хрещатик', 'Сагайдачного'])}, {R.randint(1, 80)}, кв. {R.randint(1, 150)}"
    P(
        "street_address",
        "uk parent writing to the class teacher",
        f"Допоможіть написати класній керівничці: ми переїхали, нова адреса {a}, Львів, мій телефон {tel}. Дитина ще на лікарняному до п'ятниці.",
        a,
        tel,
    )


@times(1)
def _():
    sid = f"{R.randint(20, 24)}{dg(7)}"
    tel = phone("GE")
    P(
        "student_id",
        "ka medical student contacting the faculty",
        f"სამედიცინო ფაკულტეტის სტუდენტი ვარ, სტუდენტური ID {sid}. ავად ვიყავი და შუალედური გამოცდა გამოვტოვე. ტელეფონი {tel}. როგორ დავწერო განცხადება?",
        sid,
        tel,
    )


@times(1)
def _():
    sid = f"UGR/{dg(4)}/{R.randint(13, 17)}"
    tel = phone("ET")
    P(
        "student_id",
        "am nursing student asking for a make-up exam",
        f"እኔ የነርሲንግ ተማሪ ነኝ፣ መታወቂያ ቁጥሬ {sid} ነው። በህመም ምክንያት ፈተና አምልጦኛል። ስልኬ {tel}። ደብዳቤ እንዴት ልጻፍ?",
        sid,
        tel,
    )


@times(1)
def _():
    idx = nz(8)
    P(
        "exam_registration",
        "si student with an O/L index number",
        f"සා.පෙළ ප්‍රතිඵල බලන්න විභාග අංකය {idx} ගැහුවම 'Invalid index number' කියනවා. ජාතික හැඳුනුම්පත් අංකය ඕනෙද?",
        idx,
    )


@times(1)
def _():
    v = tc_kimlik()
    a = f"{pick(['Atatürk Cad.', 'Cumhuriyet Mah. 1203. Sk.', 'Bağdat Cad.'])} No: {R.randint(1, 150)} D: {R.randint(1, 20)}"
    P(
        "tc_kimlik",
        "tr patient asking for a home-care application",
        f"Evde bakım maaşı başvurusu için dilekçe: hasta yakını olarak annemin TC'si {v}, adres {a}, Kadıköy/İstanbul. Dilekçeyi resmi dile çevirir misin?",
        v,
        a,
    )


@times(1)
def _():
    v = bsn()
    ib = iban("NL")
    P(
        "bsn",
        "nl patient declaring costs with their insurer",
        f"Ik wil de rekening van de tandarts declareren bij mijn zorgverzekeraar. BSN {v}, uitbetalen op {iban_fmt(ib)}. Moet de factuur in pdf?",
        v,
        iban_fmt(ib),
    )


@times(1)
def _():
    v = personnummer()
    P(
        "personnummer",
        "sv parent filling a school health form",
        f"Elevhälsan vill ha barnets personnummer ({v}) och vilka vaccinationer hen fått. Räcker det med ett utdrag från BVC-journalen?",
        v,
    )


@times(1)
def _():
    card_no = f"{dg(3)}-{dg(4)}"
    v = f"{dg(8)}"
    tel = phone("JP")
    P(
        "mrn",
        "ja patient with a hospital card number",
        f"病院の診察券番号は {v} です（旧番号 {card_no}）。予約変更の電話番号が分からないので、Webから変更する方法を教えてください。私の連絡先は {tel} です。",
        v,
        card_no,
        tel,
    )


@times(1)
def _():
    v = f"{dg(10)}"
    tel = phone("CN")
    P(
        "mrn",
        "zh patient with a hospital visit card",
        f"我的就诊卡号是{v}，预约的是周三上午的消化内科，手机{tel}收不到提醒短信，怎么回事？",
        v,
        tel,
    )


@times(1)
def _():
    tel = phone("PL")
    a = f"os. {pick(['Tysiąclecia', 'Piastów', 'Słoneczne'])} {R.randint(1, 40)}/{R.randint(1, 60)}"
    P(
        "street_address",
        "pl carer requesting a home visit by a community nurse",
        f"Proszę o pomoc w napisaniu prośby do POZ o wizytę pielęgniarki środowiskowej u taty. Adres: {a}, Kraków, telefon do mnie {tel}. Tata jest po udarze, leżący.",
        a,
        tel,
    )


@times(2)
def _():
    lang = pick(["de", "ko"])
    if lang == "de":
        f, l_ = person("de")
        mail = email_for(f, l_, pick(["gmx.de", "web.de", "t-online.de"]))
        text = f"Antwort an die Klassenlehrerin formulieren, bitte freundlich: 'Ihre Mail an {mail} kam an, unser Sohn war wegen Scharlach nicht in der Schule, Attest folgt.'"
    else:
        mail = f"{pick(['minji', 'jiho', 'seoyeon', 'hyunwoo'])}{pick(['_', '.', ''])}{pick(['mom', 'park', 'kim', 'lee'])}{dg(2)}@{pick(['naver.com', 'daum.net', 'kakao.com'])}"
        text = f"선생님께 답장 쓰려고 하는데, 제 이메일 {mail} 로 가정통신문 보내달라고 하면 될까요? 아이가 수두라서 일주일 결석해요."
    P("email_address", f"{lang} parent giving a personal e-mail to a teacher", text, mail)


@times(1)
def _():
    ipx = ip4()
    mac = ":".join(hx(2) for _ in range(6))
    P(
        "ip_address",
        "home-care technician with a CPAP modem log",
        f"The patient's CPAP stopped uploading to the sleep clinic portal. Modem log: 'registered, public IP {ipx}, MAC {mac}, last upload 9 days ago'. Is the SIM or the router the problem?",
        ipx,
        mac,
    )


# ================================================================ SECRETS
# ---- passwords in prose, many languages

PW_LINES = [
    (
        "en",
        "Can you write to the MyChart help desk for me? I can't log in even though I'm typing the password {pw} exactly. Username is fine.",
    ),
    (
        "en",
        "my mum's Patient Access login - password is {pw} - she keeps forgetting so I'm putting it here, can you remind me later?",
    ),
    (
        "de",
        "Mein Passwort für die ePA-App der Krankenkasse ist {pw}, trotzdem kommt 'Anmeldung fehlgeschlagen'. Liegt das am Sonderzeichen?",
    ),
    (
        "de",
        "Für Mamas Doctolib-Konto: E-Mail ist meine, Passwort {pw}. Kannst du mir erklären wie ich da einen Termin beim Orthopäden buche?",
    ),
    (
        "fr",
        "J'ai changé le mot de passe de mon compte ameli pour {pw} mais l'appli me dit toujours 'identifiants incorrects'. Je fais quoi ?",
    ),
    (
        "es",
        "La contraseña de la Carpeta de Salud de mi padre es {pw}, ¿cómo descargo el informe de alta desde ahí?",
    ),
    (
        "it",
        "Per il Fascicolo Sanitario di mia madre la password è {pw} (non ha SPID). Come scarico il referto della TAC?",
    ),
    (
        "pt",
        "A senha do app do plano de saúde é {pw}, mas ele pede token também. Onde acho esse token?",
    ),
    (
        "nl",
        "Wachtwoord van het patiëntenportaal (MijnGezondheid) is {pw}. Mijn moeder kan niet inloggen, wat doe ik fout?",
    ),
    ("pl", "Hasło do Internetowego Konta Pacjenta taty: {pw}. Jak przez IKP pobrać skierowanie?"),
    (
        "ru",
        "Пароль от личного кабинета в клинике: {pw}. Не могу найти там результаты МРТ, где они?",
    ),
    ("uk", "Пароль до кабінету пацієнта в Helsi: {pw}. Як звідти завантажити направлення?"),
    (
        "tr",
        "e-Nabız şifrem {pw} ama giriş yapamıyorum, 'hatalı şifre' diyor. Yeni şifre nasıl alınır?",
    ),
    ("ar", "كلمة المرور لحساب المستشفى هي {pw}، بس ما قدرت أشوف نتائج التحاليل. وين ألقاها؟"),
    ("he", "הסיסמה לאזור האישי בקופת חולים היא {pw}. איך מורידים משם את סיכום הביקור?"),
    ("hi", "अस्पताल के पोर्टल का पासवर्ड {pw} है, फिर भी लॉगिन नहीं हो रहा। क्या करूँ?"),
    ("bn", "হাসপাতালের অ্যাপের পাসওয়ার্ড {pw}, কিন্তু রিপোর্ট দেখা যাচ্ছে না। কী করব?"),
    ("ko", "병원 앱 비밀번호가 {pw} 인데 로그인하면 자꾸 '계정 잠김'이 떠요. 어떻게 풀어요?"),
    (
        "ja",
        "病院の予約サイトのパスワードは {pw} です。ログインできないので、問い合わせ文を作ってください。",
    ),
    ("zh", "医院公众号的登录密码是{pw}，但是查不到检查报告，是不是要重新绑定就诊卡？"),
    ("zh-TW", "健保快易通的密碼我設成 {pw}，可是一直顯示密碼錯誤，要怎麼重設？"),
    ("th", "รหัสผ่านแอปโรงพยาบาลคือ {pw} แต่เข้าไม่ได้ค่ะ ต้องทำยังไง"),
    ("vi", "Mật khẩu app VNeID của mẹ mình là {pw}, sao vẫn không xem được sổ sức khỏe điện tử?"),
    ("id", "Password Mobile JKN ibu saya {pw}, tapi selalu gagal login. Gimana resetnya?"),
    (
        "el",
        "Ο κωδικός για την πλατφόρμα των ραντεβού είναι {pw} αλλά δεν με αφήνει να μπω. Τι να κάνω;",
    ),
    ("sv", "Lösenordet till vårdappen är {pw}, men den vill ha BankID ändå. Hur loggar jag in?"),
    ("fi", "Terveyspalvelun salasana on {pw}, mutta kirjautuminen ei onnistu. Mitä teen?"),
    ("ka", "კლინიკის პორტალის პაროლია {pw}, მაგრამ შესვლა ვერ ხერხდება. რა ვქნა?"),
    ("hy", "Կլինիկայի կայքի գաղտնաբառն է {pw}, բայց չեմ կարողանում մուտք գործել։ Ի՞նչ անեմ։"),
    ("am", "የሆስፒታሉ መተግበሪያ የይለፍ ቃል {pw} ነው፣ ግን መግባት አልቻልኩም። ምን ላድርግ?"),
    ("si", "රෝහල් ඇප් එකේ මුරපදය {pw}, ඒත් ලොග් වෙන්න බැහැ. මොකද කරන්නේ?"),
    ("ta", "மருத்துவமனை செயலியின் கடவுச்சொல் {pw}, ஆனால் உள்நுழைய முடியவில்லை. என்ன செய்வது?"),
    ("te", "ఆసుపత్రి యాప్ పాస్‌వర్డ్ {pw}, కానీ లాగిన్ కావడం లేదు. ఏం చేయాలి?"),
    ("sw", "Nenosiri la programu ya hospitali ni {pw}, lakini siwezi kuingia. Nifanye nini?"),
    ("fa", "رمز عبور سامانه نوبت‌دهی بیمارستان {pw} است ولی وارد نمی‌شود. چه کار کنم؟"),
    (
        "ro",
        "Parola pentru contul de pacient la clinică e {pw}, dar nu pot vedea analizele. Ce fac?",
    ),
]
_pw_order = R.sample(range(len(PW_LINES)), len(PW_LINES))


@times(16)
def _():
    lang, tmpl = PW_LINES[_pw_order.pop()]
    pw = pick([human_pw, strong_pw, human_pw])()
    S(
        "password",
        f"{lang} patient/carer with a health-portal password in prose",
        tmpl.format(pw=pw),
        pw,
    )


@times(2)
def _():
    word = alt(["Mariposa", "Sunflower", "Bluebell", "Penguin"])
    n = dg(2)
    _sym, sym_w = pick([("_", "underscore"), ("!", "exclamation mark"), ("#", "hash")])
    said = f"{word.lower()} with a capital {word[0]}, then {sym_w}, then {' '.join(DIGIT_WORDS['en'][int(x)] for x in n)}"
    S(
        "password_dictated",
        "en voice note spelling out a password",
        f"[voice-to-text] ok so for Nan's tablet the hospital video app password is {said}, all one word, don't tell her I wrote it down",
        said,
    )


@times(1)
def _():
    pw = human_pw()
    said = " ".join(pw)
    S(
        "password_dictated",
        "de dictated password, one character at a time",
        f"[Diktat] Zugang zum Pflegeportal für Papa, Passwort buchstabiert: {said} - bitte in eine Notiz übernehmen",
        said,
    )


@times(2)
def _():
    pw = strong_pw(12)
    user = pick(["k.wedekind", "ebersbach.s", "praxis.empfang2", "mfa-hoffmeister"])
    S(
        "password",
        "de practice staff, label on the previous line",
        alt(
            [
                f"Zugang Laborportal (für die Vertretung nächste Woche):\nBenutzer\n{user}\nKennwort\n{pw}\nBitte nicht ausdrucken.",
                f"KIM-Postfach Praxis\nLogin: {user}\nPasswort (neu seit 01.04.):\n{pw}",
            ]
        ),
        pw,
    )


# ---- PINs, OTPs, door codes, Wi-Fi


@times(5)
def _():
    p = pin6()
    lang, text = alt(
        [
            (
                "en",
                f"NHS App asks for a 6-digit PIN every time, mine is {p}. Can I switch to Face ID instead?",
            ),
            (
                "de",
                f"Die PIN für die Gesundheitskarte (eGK) ist {p}, die hat mir die Kasse per Brief geschickt. Wozu brauche ich die?",
            ),
            ("fr", f"Code secret de l'appli carte Vitale : {p}. Je peux le changer ?"),
            ("ko", f"병원 앱 간편비밀번호 6자리 {p} 로 설정했는데 자꾸 틀렸다고 나와요."),
            ("es", f"El PIN de la app de Mi Salud es {p}, ¿puedo poner la huella en vez del PIN?"),
            (
                "it",
                f"Il PIN della CIE di mia madre è {p}, serve per entrare nel Fascicolo Sanitario?",
            ),
            (
                "tr",
                f"e-Devlet şifresi değil, hastane kiosku için verdikleri PIN: {p}. Bunu nerede kullanıyorum?",
            ),
            (
                "ja",
                f"マイナンバーカードの暗証番号（6桁）は {p} です。保険証の利用登録で何回間違えるとロックされますか？",
            ),
        ]
    )
    S("pin", f"{lang} health-app or card PIN", text, p)


@times(7)
def _():
    o = otp()
    lang, text = alt(
        [
            (
                "en",
                f"Got this text: 'Your Doctolib verification code is {o}. Do not share it.' but the app says expired, what now?",
            ),
            (
                "ko",
                f"[Web발신]\n[OO병원] 본인확인 인증번호는 [{o}] 입니다. 타인에게 절대 알려주지 마세요.\n이거 입력해도 계속 오류 나요",
            ),
            (
                "fr",
                f"Je reçois 'Votre code de connexion ameli : {o}' mais la page a déjà expiré. Normal ?",
            ),
            ("hi", f"CoWIN ka OTP aaya {o}, lekin 'invalid OTP' bol raha hai. kya karun?"),
            (
                "de",
                f"SMS von der TK: 'Ihr Bestätigungscode lautet {o}'. Muss ich den in der App oder im Browser eingeben?",
            ),
            (
                "es",
                f"Me llegó el código {o} por SMS para firmar el consentimiento de la teleconsulta, ¿dónde lo pongo?",
            ),
            ("zh", f"收到短信：【健康160】您的验证码为{o}，5分钟内有效。可是页面一直转圈"),
            (
                "ar",
                f"وصلتني رسالة: رمز التحقق الخاص بك في صحتي هو {o}. بس التطبيق يقول الرمز منتهي",
            ),
            ("pt", f"Chegou o código {o} do Meu SUS Digital mas não aceita, o que eu faço?"),
        ]
    )
    S("otp", f"{lang} one-time code pasted from an SMS", text, o)


@times(6)
def _():
    code = pick(
        [
            f"{dg(4)}#{dg(2)}",
            f"{pick(UP)}{dg(4)}{pick(UP)}",
            f"{dg(3)}-{dg(3)}",
            f"*{dg(6)}",
            f"{dg(6)}",
        ]
    )
    lang, text = alt(
        [
            (
                "en",
                f"Note for the agency nurse tonight: ward door code is {code}, CD cupboard keys are with the NIC.",
            ),
            (
                "de",
                f"Für die neue Kollegin: Medikamentenschrank Station 3 hat jetzt den Code {code}, Tür zum Schmutzraum wie gehabt.",
            ),
            (
                "fr",
                f"Transmission pour l'intérimaire : code porte du service de pédiatrie {code}, ne pas le donner aux familles.",
            ),
            (
                "ja",
                f"新人さんへ：薬品庫の暗証番号は {code} に変わりました。夜勤帯は師長に確認してください。",
            ),
            (
                "nl",
                f"Code van de medicijnkast op de afdeling is nu {code}. Niet op het whiteboard zetten aub.",
            ),
            ("es", f"Para la suplente: el código del almacén de farmacia de planta es {code}."),
            ("he", f"קוד לדלת של המחלקה השתנה ל-{code}, לא לשתף עם מבקרים"),
        ]
    )
    S("door_code", f"{lang} ward or medicine-cabinet access code", text, code)


@times(6)
def _():
    lang, text = alt(
        [
            (
                "de",
                "WLAN in der Praxis für die Tablets im Wartezimmer: SSID Praxis-Gast, Schlüssel {key}. Wie stelle ich das im MDM ein?",
            ),
            (
                "en",
                "New school staff wifi: network StaffRoom-5G, password {key} - can you make a little poster text for the staffroom?",
            ),
            (
                "fr",
                "Le wifi de l'infirmerie : Wifi-Infirmerie / clé {key}. Comment le partager avec le pédiatre sans donner le mot de passe ?",
            ),
            (
                "pt",
                "A senha do wi-fi da sala dos professores é {key} (rede SALA-PROFESSORES). Posso colocar no grupo dos pais? kkk",
            ),
            (
                "el",
                "Ο κωδικός του wifi στο ιατρείο είναι {key}, δίκτυο IATREIO_2.4G. Πώς τον αλλάζω στο ρούτερ;",
            ),
            ("th", "รหัส wifi ของคลินิกคือ {key} ชื่อเครือข่าย Clinic_Staff จะเปลี่ยนยังไงคะ"),
        ]
    )
    word = {
        "de": "Praxis",
        "en": "Staff",
        "fr": "Ecole",
        "pt": "Escola",
        "el": "Iatreio",
        "th": "Clinic",
    }[lang]
    key = pick([strong_pw(12), f"{word}{dg(4)}{pick('!#*')}{rs(LO, 3)}", rs(AN, 16)])
    text = text.format(key=key)
    S("wifi_key", f"{lang} clinic or school Wi-Fi key", text, key)


@times(1)
def _():
    key = strong_pw(16)
    S(
        "wifi_key",
        "en school IT pasting a Wi-Fi QR payload",
        f"The QR code on the library wall decodes to this, can I regenerate it with a new password?\n\nWIFI:T:WPA;S:StAidans-Library;P:{key};H:false;;",
        key,
    )


# ---- vendor credentials in configs


@times(3)
def _():
    tok = twilio_token()
    sg = sendgrid()
    dbpw = url_pw(16)
    user = pick(["reminders", "appt_app", "clinic_rw"])
    env = (
        f"# appointment reminder service\nTWILIO_ACCOUNT_SID={twilio_sid()}\nTWILIO_AUTH_TOKEN={tok}\nTWILIO_FROM=+4915{dg(9)}\n"
        f"SENDGRID_API_KEY={sg}\nDATABASE_URL=postgresql://{user}:{dbpw}@10.{R.randint(0, 40)}.{R.randint(0, 255)}.{R.randint(2, 250)}:5432/praxis\n"
        f"REMINDER_HOURS_BEFORE=24\nTZ=Europe/Berlin"
    )
    S(
        "env_file",
        "developer of a clinic's SMS reminder service pasting .env",
        f"{pick(['Reminders stopped going out yesterday. Here is the .env from the server:', 'Warum schickt der Reminder-Dienst keine SMS mehr? .env:', 'Twilio says 20003 Authenticate, config below'])}\n\n{env}",
        tok,
        sg,
        dbpw,
    )


@times(2)
def _():
    sec_ = b64u(pick([48, 64]))
    S(
        "oauth_client_secret",
        "EHR integration engineer pasting a backend-services config",
        f'SMART backend services token request returns invalid_client. Config:\n\n```yaml\nehr:\n  fhir_base: https://fhir.{pick(["northvalleyhealth.org", "stlukes-mc.net", "riverbend-hs.org"])}/api/FHIR/R4\n  token_url: https://fhir.{pick(["northvalleyhealth.org", "stlukes-mc.net"])}/oauth2/token\n  client_id: {uuid4()}\n  client_secret: "{sec_}"\n  scope: system/Patient.read system/Observation.read\n```',
        sec_,
    )


@times(2)
def _():
    if alt([True, False]):
        cs = rs(AN, 32)
        S(
            "zoom_credentials",
            "telehealth developer with Zoom server-to-server OAuth",
            f"Getting 'Invalid client_id or client_secret' from Zoom for our telehealth scheduler:\n\nZOOM_ACCOUNT_ID={rs(AN + '-_', 22)}\nZOOM_CLIENT_ID={rs(AN, 22)}\nZOOM_CLIENT_SECRET={cs}",
            cs,
        )
    else:
        t = jwt(
            {
                "aud": None,
                "iss": rs(AN, 22),
                "exp": R.randint(1760000000, 1790000000),
                "iat": R.randint(1700000000, 1750000000),
            }
        )
        S(
            "zoom_credentials",
            "school IT with an old Zoom JWT integration",
            f"Our timetable system still creates class Zoom meetings with this JWT, does it still work after the JWT app deprecation?\n\nAuthorization: Bearer {t}",
            t,
        )


@times(2)
def _():
    t = moodle_token()
    host = pick(
        [
            "moodle.gymnasium-am-park.de",
            "elearning.colegio-sanjose.es",
            "moodle.lycee-jean-moulin.fr",
            "lms.st-brigids.ie",
        ]
    )
    S(
        "moodle_token",
        "teacher/admin calling the Moodle web service API",
        f"Why does this return 'invalidtoken'?\n\ncurl \"https://{host}/webservice/rest/server.php?wstoken={t}&wsfunction=core_enrol_get_enrolled_users&courseid={R.randint(2, 400)}&moodlewsrestformat=json\"",
        t,
    )


@times(2)
def _():
    t = canvas_token()
    S(
        "canvas_token",
        "instructor scripting Canvas gradebook exports",
        f"This script should download all submissions for my course but gets 401:\n\n```python\nimport requests\nAPI = 'https://{pick(['canvas.lakeshore-state.edu', 'canvas.northbridge.ac.nz', 'learn.kingsbury.edu'])}/api/v1'\nTOKEN = '{t}'\nr = requests.get(f'{{API}}/courses/{R.randint(1000, 99999)}/assignments', headers={{'Authorization': f'Bearer {{TOKEN}}'}})\nprint(r.status_code)\n```",
        t,
    )


@times(2)
def _():
    at, rt, cs = ya29(), g_refresh(), gocspx()
    blob = json.dumps(
        {
            "token": at,
            "refresh_token": rt,
            "token_uri": "https://oauth2.googleapis.com/token",
            "client_id": f"{dg(12)}-{rs(LO + DG, 32)}.apps.googleusercontent.com",
            "client_secret": cs,
            "scopes": ["https://www.googleapis.com/auth/classroom.coursework.students"],
        },
        indent=2,
    )
    S(
        "google_oauth",
        "teacher automating Google Classroom with a saved token.json",
        f"My Classroom script worked last week, now 'invalid_grant'. token.json:\n\n{blob}",
        at,
        rt,
        cs,
    )


@times(1)
def _():
    k = google_key()
    S(
        "google_api_key",
        "school developer with a Maps key in a bus-route page",
        f"Warum zeigt die Schulbus-Karte 'This page can't load Google Maps correctly'?\n\n<script src=\"https://maps.googleapis.com/maps/api/js?key={k}&callback=initMap\" async></script>",
        k,
    )


@times(2)
def _():
    ak, sk = aws_id(), aws_secret()
    S(
        "aws_keys",
        "imaging engineer syncing DICOM studies to S3",
        alt(
            [
                f"aws s3 sync fails with SignatureDoesNotMatch. ~/.aws/credentials:\n\n[pacs-archive]\naws_access_key_id = {ak}\naws_secret_access_key = {sk}\nregion = eu-central-1",
                f'Orthanc S3 plugin config, studies aren\'t uploaded:\n\n"AwsS3Storage": {{\n  "BucketName": "radiology-archive-{dg(4)}",\n  "Region": "eu-west-1",\n  "AccessKey": "{ak}",\n  "SecretKey": "{sk}"\n}}',
            ]
        ),
        ak,
        sk,
    )


@times(2)
def _():
    acc = pick(["pacsbackupst", "labarchivenorth", "ehrexportsprod", "schoolrecordsbk"]) + dg(2)
    key = azure_storage_key()
    S(
        "azure_storage",
        "hospital IT with an Azure storage connection string",
        f"Backup job error 403 AuthenticationFailed. Connection string from appsettings.json:\n\nDefaultEndpointsProtocol=https;AccountName={acc};AccountKey={key};EndpointSuffix=core.windows.net",
        key,
    )


@times(1)
def _():
    s_ = azure_secret()
    S(
        "azure_client_secret",
        "integration developer with an Entra ID app secret",
        f"AADSTS7000215 invalid client secret for our lab-results app. We use:\n\nTenantId: {uuid4()}\nClientId: {uuid4()}\nClientSecret: {s_}\n\nDid it expire?",
        s_,
    )


@times(2)
def _():
    k = openai_key()
    lang, text = alt(
        [
            (
                "en",
                f'My essay-feedback script for Year 11 stopped working:\n\n```python\nfrom openai import OpenAI\nclient = OpenAI(api_key="{k}")\n```\nError 429 insufficient_quota.',
            ),
            (
                "de",
                f"Korrekturhilfe-Skript für die Oberstufe, Schlüssel steht direkt drin: OPENAI_API_KEY={k} - ist das ein Problem wenn ich das auf GitHub lade?",
            ),
            (
                "es",
                f"Mi script para generar preguntas de repaso da error 401. Tengo puesto openai.api_key = '{k}'",
            ),
        ]
    )
    S("openai_key", f"{lang} teacher with an LLM grading script", text, k)


@times(6)
def _():
    pw = url_pw(pick([12, 16, 20]))
    kind, text = alt(
        [
            (
                "postgres",
                f"LIS can't connect after the upgrade:\n\nLIS_DB=postgresql://lis_app:{pw}@lab-db01.internal:5432/lis?sslmode=require",
            ),
            (
                "mysql",
                f"Schulverwaltung (SchILD) Migration, Verbindung schlägt fehl:\nmysql://schild_admin:{pw}@192.168.{R.randint(0, 20)}.{R.randint(2, 250)}:3306/schild_nrw",
            ),
            (
                "mongodb",
                f"Telehealth chat backend crashes on start:\n\nMONGO_URI=mongodb+srv://tele_svc:{pw}@cluster0.{rs(LO + DG, 5)}.mongodb.net/consults?retryWrites=true&w=majority",
            ),
            (
                "mssql",
                f"EHR report builder error 18456:\n\nServer=ehr-sql02;Database=ClinicalReporting;User Id=report_ro;Password={pw};TrustServerCertificate=True",
            ),
            (
                "redis",
                f"Session store for the patient portal: REDIS_URL=redis://:{pw}@cache.portal.internal:6379/0 - timeouts every morning",
            ),
        ]
    )
    S("db_url", f"{kind} connection string of a health/school system", text, pw)


@times(2)
def _():
    if alt([True, False]):
        block, lines = openssh_key()
        text = f"Can't ssh to the PACS gateway anymore, 'invalid format'. Key file (id_ed25519 from the old radiology PC):\n\n{block}"
    else:
        block, lines = rsa_key()
        text = f"Mirth TLS listener for HL7 won't start, 'unable to load private key'. Here's server.key:\n\n{block}"
    S("private_key", "hospital integration engineer pasting a private key", text, *lines)


@times(2)
def _():
    codes = recovery_codes(8, pick(["dash", "digits"]))
    body = "\n".join(codes)
    lang, text = alt(
        [
            (
                "en",
                f"Saving my uni SSO backup codes here in case I lose my phone during placement:\n{body}",
            ),
            (
                "de",
                f"Backup-Codes für das Uni-Konto (2FA), falls Handy weg:\n{body}\nWo bewahre ich die am besten auf?",
            ),
            (
                "fr",
                f"Codes de secours de l'ENT de la fac :\n{body}\nJe peux les mettre dans mes notes ?",
            ),
        ]
    )
    S("recovery_codes", f"{lang} student storing 2FA recovery codes", text, *codes)


@times(2)
def _():
    seed = totp_seed(pick([16, 32]))
    issuer = pick(["KlinikumNord", "StudentPortal", "Doctena", "LabWeb", "MyHealthPortal"])
    user = pick(["m.kuehnel", "nurse.ahmed", "s.lindqvist", "dr.benhamou"])
    spaced = " ".join(seed[i : i + 4] for i in range(0, len(seed), 4))
    text = alt(
        [
            f"New phone, the QR for the clinic portal 2FA decoded to:\notpauth://totp/{issuer}:{user}?secret={seed}&issuer={issuer}&digits=6\nCan I import that into another authenticator app?",
            f"Setup key for the portal authenticator (manual entry): {spaced}",
        ]
    )
    S("totp_seed", "staff member moving 2FA to a new phone", text, seed if seed in text else spaced)


@times(1)
def _():
    pw = url_pw(14)
    S(
        "hl7_interface_password",
        "interface analyst pasting a Mirth Connect channel snippet",
        f"Channel 'ADT_to_LIS' fails at the database writer. Exported XML:\n\n<destinationConnector>\n  <properties class=\"com.mirth.connect.connectors.jdbc.DatabaseDispatcherProperties\">\n    <driver>org.postgresql.Driver</driver>\n    <url>jdbc:postgresql://lis-db:5432/lis</url>\n    <username>mirth_writer</username>\n    <password>{pw}</password>\n  </properties>\n</destinationConnector>",
        pw,
    )


@times(1)
def _():
    pw1, pw2 = strong_pw(12), human_pw()
    S(
        "pacs_password",
        "radiology IT with an Orthanc configuration",
        f'Orthanc asks for a login in the browser even though I set the users. orthanc.json:\n\n{{\n  "Name": "RAD-ORTHANC-2",\n  "AuthenticationEnabled": true,\n  "RegisteredUsers": {{\n    "radiologe": "{pw1}",\n    "mtra": "{pw2}"\n  }},\n  "DicomAet": "RADPACS2",\n  "DicomPort": 4242\n}}',
        pw1,
        pw2,
    )


UNI_LOGINS = [
    (
        "de",
        "Mein Uni-Account (Kennung {u}) hat das Passwort {pw} - Moodle sagt trotzdem 'Ungültige Anmeldedaten'. Muss ich das beim Rechenzentrum zurücksetzen?",
    ),
    (
        "en",
        "uni email login is {u} / {pw} and Outlook keeps asking for it again and again on my laptop. any fix?",
    ),
    (
        "fr",
        "Identifiant ENT : {u}, mot de passe : {pw}. Je n'arrive pas à accéder à Moodle pour rendre mon mémoire !!",
    ),
    (
        "es",
        "Usuario del campus virtual: {u} y la contraseña {pw}. Me dice 'cuenta bloqueada', ¿a quién escribo?",
    ),
    (
        "it",
        "Credenziali di ateneo: matricola {u}, password {pw}. Non riesco a entrare nella webmail, è scaduta?",
    ),
    ("pl", "Login do USOS: {u}, hasło {pw}. Nie mogę się zapisać na zajęcia z anatomii, pomocy"),
    ("ko", "학교 포털 아이디 {u} 비번 {pw} 인데 수강신청 페이지에서 튕겨요"),
    ("ja", "大学のポータル ID は {u}、パスワードは {pw} です。履修登録ができません。"),
    ("zh", "学校统一身份认证账号{u}，密码{pw}，登不上教务系统怎么办"),
    ("tr", "Üniversite e-posta kullanıcı adım {u}, şifrem {pw}. Yine de giriş yapamıyorum"),
    ("pt", "Login do SIGAA: {u} senha {pw}. Não consigo ver minhas notas de farmacologia"),
    ("ru", "Логин от личного кабинета студента {u}, пароль {pw} - пишет 'неверные данные'"),
]
_uni_order = R.sample(range(len(UNI_LOGINS)), len(UNI_LOGINS))


@times(7)
def _():
    lang, tmpl = UNI_LOGINS[_uni_order.pop()]
    u = pick([f"{rs(LO, 2)}{dg(2)}{rs(LO, 3)}", f"s{dg(7)}", f"{rs(LO, 5)}{dg(2)}", f"{dg(6)}"])
    pw = pick([human_pw, strong_pw])()
    S(
        "university_login",
        f"{lang} student pasting university credentials",
        tmpl.format(u=u, pw=pw),
        pw,
    )


@times(3)
def _():
    pw = human_pw()
    pin = pin6()
    lang, text = alt(
        [
            (
                "en",
                f"Looking after Dad's finances now (LPA registered). His online banking: customer number {dg(10)}, password {pw}, and the card reader PIN... no wait the app passcode is {pin}. How do I add myself as a third party?",
            ),
            (
                "de",
                f"Ich kümmere mich um Mamas Bankgeschäfte. Online-Banking: Anmeldename {rs(LO, 6)}{dg(3)}, PIN {pin}, und für die App hat sie das Passwort {pw}. Wie richte ich eine Kontovollmacht ein?",
            ),
            (
                "es",
                f"Llevo las cuentas de mi madre: banca online, clave {pw}, y el PIN de firma {pin}. ¿Cómo pido que me autoricen en la cuenta?",
            ),
            (
                "it",
                f"Gestisco io il conto di papà: password home banking {pw}, PIN dispositivo {pin}. Come faccio a diventare delegato?",
            ),
        ]
    )
    S(
        "banking_credentials",
        f"{lang} carer holding an elderly parent's banking credentials",
        text,
        pw,
        pin,
    )


@times(1)
def _():
    k = f"dctl_live_{rs(AN, 40)}"
    S(
        "booking_api_key",
        "practice developer connecting an online-booking provider",
        f"Der Kalender-Sync mit dem Buchungsanbieter liefert 401. Header:\n\nX-Api-Key: {k}\nX-Practice-Id: {dg(6)}",
        k,
    )


@times(1)
def _():
    k = stripe_live()
    S(
        "stripe_key",
        "school bursar's developer taking fee payments online",
        f"School trip payments page throws 'No such customer'. config.php has:\n\ndefine('STRIPE_SECRET', '{k}');\ndefine('STRIPE_CURRENCY', 'gbp');",
        k,
    )


@times(1)
def _():
    h = slack_hook()
    tail = h.rsplit("/", 1)[1]
    S(
        "webhook_url",
        "ward manager with a Slack bed-board webhook",
        f"The bed board posts to Slack via this webhook but messages stopped today:\n\n{h}\n\nDid Slack revoke it?",
        tail,
    )


@times(1)
def _():
    k = mailgun()
    S(
        "mailgun_key",
        "dental practice with appointment reminder e-mails",
        f"Reminder mails bounce since Monday. Mailgun settings in the practice software:\nDomain: mg.{pick(['zahnarzt-am-markt.de', 'smile-dental-care.co.uk'])}\nAPI key: {k}",
        k,
    )


@times(1)
def _():
    k = firebase_key()
    S(
        "firebase_key",
        "telehealth app developer with legacy FCM push",
        f'Push notifications for \'your doctor is ready\' stopped. We still send with:\n\ncurl -X POST https://fcm.googleapis.com/fcm/send -H "Authorization: key={k}" -H "Content-Type: application/json" -d @msg.json',
        k,
    )


@times(2)
def _():
    if alt([True, False]):
        t = ghp()
        text = f"Cloning our clinical-trials analysis repo on the HPC fails:\n\ngit clone https://{t}@github.com/{pick(['neuro-epi-lab', 'peds-onc-stats', 'uni-med-biostat'])}/cohort-analysis.git"
    else:
        t = hf_token()
        text = f"Trying to download the radiology report model for my thesis, 401 error. I did `huggingface-cli login --token {t}` before."
    S("code_host_token", "researcher with a repository or model-hub token", text, t)


@times(1)
def _():
    pw = url_pw(12)
    S(
        "basic_auth_url",
        "developer hitting a FHIR test server with credentials in the URL",
        f"Why does this return 403 on the staging FHIR server?\n\ncurl 'https://integration:{pw}@fhir-staging.{pick(['kreisklinik-nord.de', 'hopital-saint-roch.fr'])}/fhir/Patient?_count=10'",
        pw,
    )


@times(2)
def _():
    t = jwt(
        {
            "sub": uuid4(),
            "iss": "https://auth.ehr-vendor-cloud.net",
            "scope": "patient/*.read launch/patient",
            "exp": R.randint(1760000000, 1790000000),
        },
        pick(["RS256", "RS384"]),
    )
    S(
        "bearer_token",
        "SMART-on-FHIR app developer pasting a request with a bearer token",
        f"Observation search returns 401 with this request:\n\nGET /fhir/R4/Observation?patient={uuid4()}&category=laboratory HTTP/1.1\nHost: fhir.{pick(['ehr-vendor-cloud.net', 'health-connect-eu.net'])}\nAuthorization: Bearer {t}\nAccept: application/fhir+json",
        t,
    )


@times(2)
def _():
    pw = url_pw(12)
    if alt([True, False]):
        cfg = json.dumps(
            {
                "analyzer": "cobas-c311",
                "lis": {
                    "host": "10.12.4.20",
                    "port": 5001,
                    "protocol": "ASTM",
                    "user": "analyzer01",
                    "password": pw,
                },
                "qc_autorelease": False,
            },
            indent=2,
        )
        text = f"Analyzer middleware doesn't send results to the LIS. config.json:\n\n{cfg}"
    else:
        text = f"Die Schnittstelle vom Blutgasgerät zum LIS:\n\n<lisConnection>\n  <host>lis-srv</host>\n  <port>2575</port>\n  <user>bga_station3</user>\n  <pass>{pw}</pass>\n</lisConnection>\n\nWarum kommt 'login refused'?"
    S("lab_system_password", "lab IT with analyzer-to-LIS credentials", text, pw)


@times(1)
def _():
    pw = strong_pw(16)
    a, b = pw[:8], pw[8:]
    S(
        "password_split",
        "en password split across two lines in a copied chat",
        f"IT sent the temp password for the theatre booking system in two messages because it was 'too long for SMS':\n\n1/2: {a}\n2/2: {b}\n\nDo I type them together?",
        a,
        b,
    )


@times(1)
def _():
    pw = strong_pw(14)
    S(
        "vpn_credentials",
        "doctor connecting from home to the hospital VPN",
        f"FortiClient says 'credential or SSLVPN configuration is wrong'. I use username {rs(LO, 6)}{dg(2)} and password {pw}, gateway vpn.{pick(['klinikum-suedstadt.de', 'hospital-do-norte.pt'])}:10443.",
        pw,
    )


@times(3)
def _():
    pw = pick([human_pw, strong_pw])()
    lang, text = alt(
        [
            (
                "en",
                f"For the NCLEX registration (Pearson VUE account) I set the password {pw}. Can you remind me what ID I need on test day?",
            ),
            (
                "fr",
                f"Compte Parcoursup de ma fille : mot de passe {pw}. Comment on confirme les vœux en IFSI ?",
            ),
            (
                "hi",
                f"NEET ke portal ka password {pw} rakha hai, lekin form submit nahi ho raha, fees payment page pe atak gaya",
            ),
            ("ko", f"국가고시 원서접수 사이트 비밀번호를 {pw} 로 했는데 사진 업로드가 안 돼요"),
            (
                "de",
                f"Mein Passwort fürs Anmeldeportal der Approbationsprüfung (IMPP) ist {pw}. Wann wird die Ladung verschickt?",
            ),
        ]
    )
    S(
        "exam_portal_password",
        f"{lang} candidate with an exam-registration portal password",
        text,
        pw,
    )


@times(1)
def _():
    key_sid = "SK" + hx(32)
    sec_ = rs(AN, 32)
    S(
        "twilio_api_key",
        "developer of a school absence-alert SMS service",
        f"Absence text alerts fail with 20003. We authenticate with an API key:\n\nTWILIO_API_KEY={key_sid}\nTWILIO_API_SECRET={sec_}",
        sec_,
    )


@times(1)
def _():
    k = sendgrid()
    S(
        "sendgrid_key",
        "school newsletter mailer in PHP",
        f"Der Elternbrief-Versand bricht ab mit 'The provided authorization grant is invalid'. Code:\n\n$sendgrid = new \\SendGrid('{k}');\n$sendgrid->send($email);",
        k,
    )


@times(1)
def _():
    t = okta_token()
    S(
        "okta_token",
        "hospital identity team provisioning staff accounts",
        f"Provisioning script for new residents fails with E0000011:\n\ncurl -H 'Authorization: SSWS {t}' https://{pick(['stvincents', 'mercyhealth-sso', 'unimed-login'])}.okta.com/api/v1/users?activate=true",
        t,
    )


@times(1)
def _():
    k = "sk-ant-api03-" + b64u(93) + "AA"
    S(
        "anthropic_key",
        "teacher with a quiz-generator script",
        f"ANTHROPIC_API_KEY={k}\n^ that's in my .bashrc, the quiz generator for the biology class says authentication_error. Did I paste it wrong?",
        k,
    )


@times(2)
def _():
    pw = human_pw()
    lang, text = alt(
        [
            (
                "en",
                f"Shared Google Classroom account for the Year 4 class iPads: y4ipads@{pick(['stmarysprimary.org.uk', 'oakfieldjunior.sch.uk'])} / {pw}. How do I stop the kids changing it?",
            ),
            (
                "de",
                f"Die iPads der 3b sind mit dem Klassen-Apple-ID angemeldet, Passwort {pw}. Wie sperre ich das in Jamf?",
            ),
            (
                "nl",
                f"Het wachtwoord van het klassenaccount voor de Chromebooks is {pw}. Kan ik dat centraal resetten?",
            ),
        ]
    )
    S("shared_account_password", f"{lang} teacher with a shared class device account", text, pw)


@times(1)
def _():
    pw = strong_pw(12)
    S(
        "pgpass",
        "research data manager with a .pgpass line",
        f"psql still prompts for a password even though ~/.pgpass has:\n\nresearch-db.med.internal:5432:cohort_study:analyst_ro:{pw}\n\nPermissions are 0600.",
        pw,
    )


@times(1)
def _():
    pw = strong_pw(18)
    enc = base64.b64encode(pw.encode()).decode()
    S(
        "k8s_secret",
        "platform engineer with a Kubernetes secret for a patient portal",
        f"Portal pods crash with 'password authentication failed'. Secret:\n\napiVersion: v1\nkind: Secret\nmetadata:\n  name: portal-db\ntype: Opaque\ndata:\n  username: {base64.b64encode(b'portal').decode()}\n  password: {enc}",
        enc,
    )


@times(1)
def _():
    root, app = pick(AN) + url_pw(15), pick(AN) + url_pw(13)
    S(
        "docker_compose_secret",
        "volunteer IT setting up OpenEMR for a free clinic",
        f"OpenEMR container restarts in a loop. docker-compose.yml:\n\nservices:\n  mysql:\n    image: mariadb:10.11\n    environment:\n      MYSQL_ROOT_PASSWORD: {root}\n  openemr:\n    image: openemr/openemr:7.0.2\n    environment:\n      MYSQL_HOST: mysql\n      MYSQL_ROOT_PASS: {root}\n      MYSQL_USER: openemr\n      MYSQL_PASS: {app}\n      OE_USER: admin",
        root,
        app,
    )


@times(1)
def _():
    pw = human_pw()
    S(
        "password",
        "de pharmacist with the till system admin password",
        f"Apotheke: Das Warenwirtschaftssystem will nach dem Update das Admin-Passwort, das war {pw}. Jetzt heißt es 'Kennwort abgelaufen'. Wie lege ich ein neues fest ohne den Support?",
        pw,
    )


@times(3)
def _():
    pw = f"{pick(['Welcome', 'Start', 'Temp', 'Bienvenue', 'Inicio'])}{dg(4)}{pick('!#$')}{rs(LO, 2)}"
    lang, text = alt(
        [
            (
                "en",
                f"IT sent me this for my first day on the ward: 'Your temporary password is {pw} - you will be asked to change it at first login.' Do I use it for the EPR and the rostering app?",
            ),
            (
                "fr",
                f"Mail de la DSI : « Votre mot de passe provisoire est {pw} ». C'est valable pour le DPI et la messagerie ?",
            ),
            (
                "es",
                f"Me dieron la contraseña provisional {pw} para la historia clínica electrónica, ¿la tengo que cambiar yo?",
            ),
            (
                "de",
                f"Vom IT-Service: 'Ihr Initialkennwort lautet {pw}'. Gilt das auch für SAP und das KIS?",
            ),
        ]
    )
    S("temporary_password", f"{lang} new staff member with a temporary password", text, pw)


@times(2)
def _():
    pw = human_pw()
    lang, text = alt(
        [
            (
                "en",
                f"There's a sticky note on the ward PC: 'bay 2 obs laptop login: nurses / {pw}'. Should I report it or is that normal?",
            ),
            (
                "pl",
                f"Na komputerze w dyżurce wisi karteczka 'login: pielegniarki hasło: {pw}'. Czy to zgodne z RODO?",
            ),
        ]
    )
    S("password", f"{lang} shared ward-computer password on a sticky note", text, pw)


@times(3)
def _():
    pw = human_pw()
    lang, text = alt(
        [
            (
                "en",
                f"Grandma wants to see the school newsletters. Our ParentPay login is {pw} - is it OK to give her that or should I make her her own account?",
            ),
            (
                "fr",
                f"Mot de passe Pronote de mon fils : {pw}. Je peux le donner à sa grand-mère pour qu'elle voie les devoirs ?",
            ),
            (
                "es",
                f"La contraseña de la app del cole (Raíces) es {pw}. ¿Puede entrar también el abuelo con esa?",
            ),
            (
                "it",
                f"Password del registro elettronico di mia figlia: {pw}. La nonna può usarla per vedere i voti?",
            ),
            (
                "pt",
                f"A senha do portal da escola é {pw}. Posso passar pra minha mãe acompanhar as notas?",
            ),
        ]
    )
    S("parent_portal_password", f"{lang} parent sharing a school-portal password", text, pw)


@times(1)
def _():
    pw = strong_pw(12)
    S(
        "eap_credentials",
        "resident connecting to hospital staff Wi-Fi (802.1X)",
        f"eduroam works but the hospital staff wifi (PEAP/MSCHAPv2) won't: identity {rs(LO, 1)}.{rs(LO, 7)}, password {pw}. Do I need the CA certificate?",
        pw,
    )


@times(1)
def _():
    pw = human_pw()
    code = pin6()
    S(
        "smart_home_credentials",
        "carer setting up a video doorbell and pill dispenser for an elderly parent",
        f"Setting up Mum's pill dispenser app and video doorbell so I can check on her. Dispenser account password {pw}, doorbell keypad code {code}. Can you tell me how to share access with my brother safely?",
        pw,
        code,
    )


@times(1)
def _():
    pin = pin6()
    S(
        "kiosk_admin_pin",
        "practice manager with a check-in kiosk admin PIN",
        f"The self check-in kiosk in reception is stuck on 'Out of order'. Admin menu PIN is {pin}, what do I reset first?",
        pin,
    )


@times(1)
def _():
    sa = {
        "type": "service_account",
        "project_id": f"school-timetable-{dg(6)}",
        "private_key_id": hx(40),
        "private_key": "-----BEGIN PRIVATE KEY-----\n"
        + "\n".join(pem_lines(630))
        + "\n-----END PRIVATE KEY-----\n",
        "client_email": f"sheets-sync@school-timetable-{dg(6)}.iam.gserviceaccount.com",
        "client_id": dg(21),
    }
    lines = [ln for ln in sa["private_key"].split("\n") if len(ln) >= 6 and "PRIVATE KEY" not in ln]
    body = json.dumps(sa, indent=2)
    S(
        "service_account_key",
        "school IT with a Google service-account JSON",
        f"Timetable sync to Google Sheets fails with invalid_grant. The key file:\n\n{body}",
        sa["private_key_id"],
        *lines,
    )


# ================================================================ NEGATIVES
# nothing below is secret or personal; every row must come out unchanged


def money(lo: float, hi: float, dec: bool = True) -> float:
    return round(R.uniform(lo, hi), 2 if dec else 0)


def comma(x: float) -> str:
    return f"{x:.2f}".replace(".", ",")


@times(2)
def _():
    a1c = round(R.uniform(5.4, 9.8), 1)
    glu = R.randint(88, 210)
    N(
        "en patient asking about HbA1c with LOINC codes",
        f"My results say HbA1c {a1c}% (LOINC 4548-4) and fasting glucose {glu} mg/dL (LOINC 1558-6). The range printed is 4.0-5.6%. Is {a1c} considered prediabetes or diabetes? Doctor appointment isn't until the 28th.",
    )


@times(2)
def _():
    leu = str(round(R.uniform(3.1, 13.9), 1)).replace(".", ",")
    hb = str(round(R.uniform(9.5, 16.8), 1)).replace(".", ",")
    thr = R.randint(98, 460)
    crp = str(round(R.uniform(0.2, 48.0), 1)).replace(".", ",")
    N(
        "de lab values with reference ranges",
        f"Kannst du mir das Blutbild erklären?\nLeukozyten {leu} /nl (3,9-10,2)\nHämoglobin {hb} g/dl (12,0-15,4)\nThrombozyten {thr} /nl (150-370)\nCRP {crp} mg/l (<5,0)\nMuss ich mir Sorgen machen?",
    )


@times(2)
def _():
    ldl = str(round(R.uniform(0.9, 2.4), 2)).replace(".", ",")
    hdl = str(round(R.uniform(0.35, 0.9), 2)).replace(".", ",")
    tg = str(round(R.uniform(0.6, 3.1), 2)).replace(".", ",")
    N(
        "fr bilan lipidique",
        f"Mon bilan lipidique : LDL {ldl} g/L, HDL {hdl} g/L, triglycérides {tg} g/L. Le labo met une étoile à côté du LDL. Objectif < 1,00 g/L d'après le cardiologue, c'est atteignable sans statine ?",
    )


@times(2)
def _():
    tsh = str(round(R.uniform(0.1, 9.5), 2)).replace(".", ",")
    t4 = str(round(R.uniform(0.6, 2.1), 2)).replace(".", ",")
    N(
        "es thyroid results",
        f"En la analítica me sale TSH {tsh} µUI/mL (0,35-4,94) y T4 libre {t4} ng/dL (0,70-1,48). El endocrino me ha dado cita para el 12 de junio a las 9:20, ¿es normal esperar tanto?",
    )


@times(1)
def _():
    N(
        "it blood test results",
        f"Esami del sangue: ferritina {R.randint(6, 300)} ng/mL (30-400), vitamina D {R.randint(8, 60)} ng/mL, B12 {R.randint(150, 900)} pg/mL. Il medico dice di prendere 25.000 UI a settimana per 8 settimane. Ha senso?",
    )


@times(1)
def _():
    N(
        "ja health check results",
        f"健康診断の結果です。γ-GTP {R.randint(20, 180)} U/L、AST {R.randint(14, 70)}、ALT {R.randint(10, 90)}、LDL {R.randint(90, 190)} mg/dL。判定は「C: 要経過観察」でした。再検査は必要ですか？",
    )


@times(1)
def _():
    N(
        "ko checkup numbers",
        f"건강검진 결과 공복혈당 {R.randint(95, 130)}mg/dL, 총콜레스테롤 {R.randint(180, 260)}, 혈압 {R.randint(118, 150)}/{R.randint(72, 96)}mmHg 나왔어요. '질환의심' 판정인데 재검 꼭 받아야 하나요?",
    )


@times(1)
def _():
    N(
        "zh annual physical numbers",
        f"体检报告：尿酸 {R.randint(360, 560)} μmol/L（参考 208-428），甘油三酯 {round(R.uniform(1.2, 4.5), 2)} mmol/L，BMI {round(R.uniform(22, 31), 1)}。需要吃药吗还是先控制饮食？",
    )


@times(1)
def _():
    N(
        "ar HbA1c question",
        f"تحليل السكر التراكمي طلع {round(R.uniform(5.6, 9.5), 1)}٪ والسكر الصائم {R.randint(95, 200)} ملغ/دسل. هل هذا يعتبر سكري؟ الموعد مع الطبيب بعد أسبوعين.",
    )


@times(1)
def _():
    N(
        "hi sugar report",
        f"मेरी रिपोर्ट में फास्टिंग शुगर {R.randint(100, 180)} mg/dL और खाने के बाद {R.randint(140, 280)} mg/dL आया है। HbA1c {round(R.uniform(5.8, 9.0), 1)}% है। क्या मुझे दवा शुरू करनी चाहिए?",
    )


@times(2)
def _():
    p = pzn()
    N(
        "de pharmacy product number and dosage",
        alt(
            [
                f"Die Apotheke hat statt Ramipril 5 mg (PZN {p}) ein anderes Präparat mitgegeben, gleicher Wirkstoff, N3 mit 100 Tabletten. Ist das in Ordnung? Einnahme 1-0-0.",
                f"Ibuprofen 400 mg, PZN {p}, wie viele darf ich maximal am Tag nehmen? Auf dem Beipackzettel steht 1200 mg/24 h ohne Rezept.",
            ]
        ),
    )


@times(2)
def _():
    ndc = f"{pick(['0093', '0378', '50090', '68180', '0781'])}-{dg(4)}-{dg(2)}"
    N(
        "en-US pharmacy NDC and insurance tier question",
        f"My plan moved atorvastatin 40 mg (NDC {ndc}) from tier 1 to tier 2, so the 90-day supply went from $0 to ${R.randint(10, 45)}.{R.choice(['00', '50', '99'])}. Is there a generic on tier 1 I can ask for?",
    )


@times(2)
def _():
    N(
        "en coder asking about ICD-10-CM codes",
        alt(
            [
                "Coding question: type 2 diabetes with hyperglycemia - E11.65 or E11.9 plus R73.9? And does Z79.4 go on as well when the patient is on insulin?",
                "For an asthma exacerbation in a 7-year-old, is J45.901 right, or J45.21 if it's mild intermittent? Payer denied with CO-11.",
                "We keep getting CO-97 denials when we bill 99214 with 96372 on the same day. Do we need modifier 25 on the E/M?",
            ]
        ),
    )


@times(2)
def _():
    N(
        "de hospital billing codes",
        alt(
            [
                "Im Entlassbrief steht ICD-10-GM M16.1 und OPS 5-820.00 - heißt das, die Hüfte wurde zementfrei ersetzt? Und was bedeutet DRG I47B?",
                f"Die Rechnung der Privatpraxis: GOÄ Ziffer 1 (10,72 €) mit Faktor 2,3, Ziffer 5 ({comma(money(10, 11))} €), Ziffer 250 Blutentnahme. Gesamt {comma(money(40, 180))} €. Ist der Faktor 3,5 bei Ziffer 5 begründet?",
            ]
        ),
    )


@times(1)
def _():
    N(
        "fr CCAM act codes on a dental quote",
        f"Le devis du dentiste mentionne HBLD036 (couronne céramo-métallique) à {comma(money(500, 800))} € dont {comma(money(80, 120))} € remboursés par la Sécu, et HBQK002 pour la panoramique. C'est cher pour Lyon ?",
    )


@times(2)
def _():
    ded = R.choice([1500, 1650, 2000, 3200, 4500])
    oop = R.choice([6000, 7500, 8050, 9200])
    N(
        "en-US plan comparison during open enrollment",
        f"Open enrollment: Plan A has a ${ded:,} deductible, ${oop:,} out-of-pocket max, $35 PCP copay, 20% coinsurance; Plan B is ${ded + 1000:,} / ${oop + 1000:,} but HSA-eligible with a ${R.choice([500, 750, 1000])} employer contribution. Premiums ${money(80, 150):.2f} vs ${money(30, 90):.2f} per paycheck. Which is better if I expect a baby in March?",
    )


@times(2)
def _():
    lang, text = alt(
        [
            (
                "de",
                "Darf die Klinik mir die Einsicht in meine Patientenakte verweigern? Ich dachte § 630g BGB gibt mir das Recht auf Kopien, und Art. 15 Abs. 3 DSGVO sogar kostenlos für die erste Kopie.",
            ),
            (
                "en",
                "Is a school nurse record covered by FERPA (20 U.S.C. § 1232g) or HIPAA? The district says 34 CFR Part 99 applies, not 45 CFR Part 164.",
            ),
            (
                "fr",
                "Selon l'article L1111-7 du Code de la santé publique (loi n° 2002-303 du 4 mars 2002), l'hôpital a 8 jours pour me transmettre mon dossier, ou 2 mois s'il a plus de 5 ans. C'est bien ça ?",
            ),
            (
                "es",
                "¿La Ley 41/2002, artículo 18, me permite pedir una copia de la historia clínica de mi padre fallecido? ¿Y el RGPD art. 9 aplica a datos de salud de fallecidos?",
            ),
            (
                "it",
                "Il D.Lgs. 196/2003 e l'art. 9 GDPR permettono alla scuola di chiedere il certificato medico per la riammissione dopo 5 giorni di assenza?",
            ),
            (
                "pl",
                "Czy szpital może pobrać opłatę za kopię dokumentacji medycznej? Art. 28 ustawy o prawach pacjenta mówi o 0,002 przeciętnego wynagrodzenia za stronę.",
            ),
        ]
    )
    N(f"{lang} legal question citing statutes about health/school records", text)


@times(2)
def _():
    lang, text = alt(
        [
            (
                "de",
                "Stundenplan 8c, Montag: 1. Std 07:55-08:40 Mathe (R 214), 2. Std 08:45-09:30 Deutsch, große Pause 09:30-09:50, 3./4. Std Sport in Halle 2. Kannst du daraus eine Tabelle machen?",
            ),
            (
                "fr",
                "Emploi du temps 4e B : lundi 8h-9h maths (salle C12), 9h-10h SVT, récré 10h-10h15, 10h15-12h15 EPS au gymnase. Le mercredi on finit à 12h05.",
            ),
            (
                "en",
                "Year 10 timetable: P1 08:50-09:50 Chemistry (Lab 3), P2 09:50-10:50 English, break 10:50-11:10, P3-P4 PE, lunch 13:10-13:55. Can you colour-code it?",
            ),
            (
                "es",
                "Horario de 2º de ESO: lunes 8:30-9:25 Lengua (aula 21), 9:25-10:20 Matemáticas, recreo 11:15-11:45, y los jueves Educación Física de 12:40 a 13:35.",
            ),
        ]
    )
    N(f"{lang} school timetable", text)


@times(2)
def _():
    g = [round(R.uniform(1.0, 4.0), 1) for _ in range(5)]
    lang, text = alt(
        [
            (
                "de",
                f"Meine Noten im Abi-Halbjahr: {', '.join(str(x).replace('.', ',') for x in g)} bei 2-, 2-, 4-, 3- und 2-stündigen Kursen. Wie rechne ich den gewichteten Schnitt aus? Ich brauche 2,3 für Medizin über die Wartezeitquote.",
            ),
            (
                "en",
                f"I have 96 credits with a 3.{R.randint(10, 95)} GPA. If I get A, A-, B+ in three 4-credit nursing courses this term, what's my new GPA? A-=3.67, B+=3.33.",
            ),
            (
                "fr",
                f"J'ai {R.randint(8, 15)},5 de moyenne au 1er semestre, coefficient 3 pour l'anatomie et 2 pour la biochimie. Combien je dois avoir à l'examen final pour valider l'UE avec 10/20 ?",
            ),
            (
                "es",
                f"Tengo un 7,{R.randint(0, 9)} de media en Bachillerato y la nota de corte de Enfermería el año pasado fue 11,{R.randint(200, 999)}. ¿Con la EBAU específica puedo llegar?",
            ),
        ]
    )
    N(f"{lang} grade average calculation", text)


@times(2)
def _():
    lang, text = alt(
        [
            (
                "de",
                "Abiturprüfungen 2026 in NRW: Deutsch am 16.04., Mathe am 22.04., Englisch am 27.04., mündliche Prüfungen ab 18.05. Wie viele Lerntage habe ich, wenn ich sonntags frei nehme?",
            ),
            (
                "fr",
                "Bac 2026 : philo le lundi 15 juin à 8h, grand oral entre le 22 juin et le 1er juillet. Résultats le 7 juillet. Je fais comment pour réviser 4 semaines avant ?",
            ),
            (
                "ko",
                "2026학년도 수능은 11월 19일 목요일이고 1교시 국어 08:40~10:00, 2교시 수학 10:30~12:10이에요. 마지막 100일 계획 세워주세요.",
            ),
            (
                "zh",
                "2026年高考6月7日上午9:00-11:30语文，下午15:00-17:00数学。距今还有多少天？帮我排一个倒计时复习计划。",
            ),
            (
                "en",
                "USMLE Step 1 is on the 14th, NBME 30 score 68%, NBME 31 73%, free 120 at 71%. Is that enough to pass on a pass/fail exam?",
            ),
            (
                "hi",
                "NEET UG 2026 ka exam 3 May ko hai, 2:00 PM se 5:00 PM. 180 questions, 720 marks. Roz kitne ghante padhna chahiye agar abhi 120 din bache hain?",
            ),
        ]
    )
    N(f"{lang} exam schedule planning", text)


@times(2)
def _():
    i1, i2 = isbn13(), isbn13()
    N(
        "textbook ISBNs for a course",
        alt(
            [
                f"For NURS 2045 we need the 11th edition (ISBN {i1}) but the bookshop only has the 10th (ISBN {i2}). Are the pharmacology chapters very different?",
                f"Für Anatomie I empfiehlt der Lehrstuhl den Prometheus (ISBN {i1}) oder den Sobotta (ISBN {i2}). Welcher ist für das Physikum besser?",
            ]
        ),
    )


@times(2)
def _():
    N(
        "Moodle admin with a version and an error code",
        alt(
            [
                f"After upgrading to Moodle 4.5.{R.randint(1, 4)}+ (Build: 2025{R.randint(1, 6):02d}{R.randint(10, 28)}) quizzes show 'error/moodle/invalidsesskey' for some students. PHP 8.3.{R.randint(2, 12)}, MariaDB 10.11. Cron runs every minute.",
                f"Nach dem Update auf Moodle 4.4.{R.randint(3, 7)} zeigt das Gradebook 'Coding error detected, it must be fixed by a programmer: Invalid grade item id'. Plugin mod_hvp Version 2024{R.randint(1, 12):02d}{R.randint(10, 28)}00.",
            ]
        ),
    )


@times(2)
def _():
    N(
        "Canvas/LMS API question with placeholders only",
        alt(
            [
                "How do I list all submissions for an assignment in Canvas? I'm calling GET /api/v1/courses/:course_id/assignments/:assignment_id/submissions?per_page=100 with the header Authorization: Bearer <ACCESS_TOKEN> but only get 10 results.",
                "In Google Classroom API, is it courses.courseWork.studentSubmissions.list with courseId and courseWorkId = '-' to get all? The docs say pageSize max is 1000?",
            ]
        ),
    )


@times(2)
def _():
    N(
        "config template with placeholders only",
        alt(
            [
                "Is this .env.example fine to commit?\n\nTWILIO_ACCOUNT_SID=\nTWILIO_AUTH_TOKEN=your_auth_token_here\nSENDGRID_API_KEY=<paste key>\nDATABASE_URL=postgresql://${DB_USER}:${DB_PASSWORD}@${DB_HOST}:5432/appointments\nREMINDER_HOURS_BEFORE=24",
                "docker-compose.yml for the school LMS:\n\nservices:\n  db:\n    image: postgres:16.4\n    environment:\n      POSTGRES_PASSWORD_FILE: /run/secrets/db_password\n  moodle:\n    image: bitnami/moodle:4.5\n    environment:\n      MOODLE_DATABASE_PASSWORD: ${MOODLE_DB_PASSWORD:?set in .env}\n\nIs using _FILE with Docker secrets better than the env var?",
            ]
        ),
    )


@times(2)
def _():
    lang, text = alt(
        [
            (
                "en",
                "My Omron M3 Comfort (HEM-7155-E) shows error E2 every third reading. Cuff is 22-42 cm. Readings today: 138/88, 131/84, 127/82, pulse 72.",
            ),
            (
                "de",
                f"Der Dexcom G7 zeigt seit dem Update auf App-Version 2.{R.randint(3, 9)}.{R.randint(0, 4)} 'Signalverlust'. Sensor Tag 6 von 10, Werte schwanken zwischen 74 und 212 mg/dl.",
            ),
            (
                "fr",
                "Mon lecteur FreeStyle Libre 3 affiche 'Erreur capteur 365'. Le capteur a 9 jours sur 14. Abbott remplace ou pas ?",
            ),
            (
                "es",
                "El glucómetro Accu-Chek Guide da error E-3 con las tiras nuevas, lote con caducidad 2026-11. ¿Es la temperatura? La farmacia está a 28 °C.",
            ),
            (
                "it",
                "Il saturimetro dà 93% a riposo e 89% dopo le scale. Modello CMS50D, batterie nuove. È affidabile?",
            ),
        ]
    )
    N(f"{lang} medical device model, error code and readings", text)


@times(2)
def _():
    ts = f"2025{R.randint(1, 12):02d}{R.randint(1, 28):02d}{R.randint(0, 23):02d}{R.randint(0, 59):02d}"
    N(
        "HL7 structure question without patient segments",
        alt(
            [
                f"In HL7 v2.5.1, is MSH-9 for lab results ORU^R01^ORU_R01? Our header is:\nMSH|^~\\&|LIS|CENTRAL_LAB|EHR|MAINHOSP|{ts}||ORU^R01^ORU_R01|{dg(6)}|P|2.5.1|||AL|NE\nand the receiver replies with MSA|AE and ERR|^^^207.",
                "What's the difference between ADT^A08 and ADT^A31? Our interface engine maps both to the same FHIR Patient update, but the vendor spec (section 4.3.2) says A31 is person-level.",
            ]
        ),
    )


@times(2)
def _():
    N(
        "FHIR / C-CDA standards question",
        alt(
            [
                "Our CapabilityStatement says fhirVersion 4.0.1 but the client expects 4.3.0. Which resources changed between R4 and R4B that matter for Observation and MedicationRequest?",
                "The C-CDA validator complains about templateId 2.16.840.1.113883.10.20.22.1.1 extension 2015-08-01 - is that the US Realm Header? We're sending CCD 2.16.840.1.113883.10.20.22.1.2.",
                "Is the LOINC code for a discharge summary 18842-5 and for a progress note 11506-3? Building DocumentReference.type bindings.",
            ]
        ),
    )


@times(2)
def _():
    N(
        "DICOM transfer syntax and SOP class UIDs",
        alt(
            [
                "Our ultrasound sends 1.2.840.10008.1.2.4.50 (JPEG Baseline) but the PACS only accepts 1.2.840.10008.1.2.1 (Explicit VR Little Endian). Can Orthanc transcode on C-STORE?",
                "Why does the modality worklist C-FIND return nothing? We query with (0008,0060) Modality = CT and (0040,0002) ScheduledProcedureStepStartDate = 20250314-20250315. SOP class 1.2.840.10008.5.1.4.31.",
                "Which SOP Class UID is Enhanced MR Image Storage - 1.2.840.10008.5.1.4.1.1.4.1? Our viewer supports 1.2.840.10008.5.1.4.1.1.4 only.",
            ]
        ),
    )


@times(2)
def _():
    c = hx(40)
    d = hx(64)
    N(
        "public commit hash and image digest of open-source health software",
        alt(
            [
                f"The bug with the appointment calendar is fixed upstream in OpenEMR commit {c} (merged into rel-702). Should we cherry-pick it or wait for 7.0.3?",
                f"We pin the public image orthancteam/orthanc:24.12.1 by digest sha256:{d}. Is there a newer one with the DICOMweb plugin 1.18?",
                f"Moodle's MDL-{R.randint(70000, 84000)} was backported in commit {c[:12]}. Does 4.4.5 include it?",
            ]
        ),
    )


@times(2)
def _():
    last4 = dg(4)
    lang, text = alt(
        [
            (
                "en",
                f"The pharmacy receipt says 'VISA ****{last4}' and 'approved'. But my bank doesn't show the charge. How long do refunds for a cancelled prescription take?",
            ),
            (
                "de",
                f"Auf dem Kontoauszug steht 'SEPA-Lastschrift an IBAN DE** **** **** **** **{last4[:2]} {last4[2:]}' von der Krankenkasse. Kann ich die zurückbuchen?",
            ),
            (
                "fr",
                f"Le relevé du CHU indique 'Carte **** **** **** {last4}' pour le forfait hospitalier de 20 €. C'est normal qu'ils prélèvent avant la sortie ?",
            ),
            (
                "en",
                f"The insurance letter only shows 'SSN: XXX-XX-{last4}'. Is that enough to prove it's my policy when I call?",
            ),
            (
                "es",
                f"En la factura del dentista aparece 'Tarjeta terminada en {last4}'. ¿Me pueden hacer la devolución a otra tarjeta?",
            ),
        ]
    )
    N(f"{lang} fully masked account/card values", text)


@times(2)
def _():
    lot = f"{pick(UP)}{pick(UP)}{dg(4)}"
    N(
        "vaccine and medicine batch numbers (product, not person)",
        alt(
            [
                f"Is the flu vaccine lot {lot} part of the recall? The leaflet says expiry 05/2026. Our practice gave about 40 doses from that batch.",
                f"Die Charge {lot} von dem Antibiotikasaft für Kinder ist laut AMK-Mitteilung zurückgerufen - muss ich die angebrochene Flasche zurück in die Apotheke bringen?",
            ]
        ),
    )


@times(2)
def _():
    rs_ = [f"{R.randint(112, 158)}/{R.randint(68, 98)}" for _ in range(5)]
    N(
        "blood-pressure log and measurements",
        alt(
            [
                f"BP log this week: {', '.join(rs_)}. Height 172 cm, weight {round(R.uniform(58, 110), 1)} kg, waist 94 cm. Is my average over 135/85?",
                f"Blutdruckprotokoll: morgens {rs_[0]}, {rs_[1]}, abends {rs_[2]}, {rs_[3]}. Puls {R.randint(58, 96)}. Amlodipin 5 mg seit 3 Wochen - wirkt das?",
            ]
        ),
    )


@times(2)
def _():
    lang, text = alt(
        [
            (
                "en",
                f"Sports day results: Year 6 relay 4x100m won in 58.{R.randint(10, 99)} s, Year 5 tug of war 2-1, and the staff vs parents football ended 3:3 (4-5 on penalties). Write a fun newsletter paragraph?",
            ),
            (
                "de",
                f"Bundesjugendspiele: 50 m in {R.randint(7, 9)},{R.randint(1, 9)} s, Weitsprung {R.randint(3, 4)},{R.randint(10, 95)} m, Ballwurf {R.randint(20, 45)} m. Reicht das für eine Siegerurkunde bei einem 11-jährigen Jungen?",
            ),
            (
                "pt",
                "O time de futsal da escola ganhou de 5 a 2 na semifinal e a final é sábado às 14h30, quadra 3. Faz um post pro Instagram da escola?",
            ),
        ]
    )
    N(f"{lang} school sports results", text)


@times(2)
def _():
    lang, text = alt(
        [
            (
                "de",
                "Wie komme ich vom Hauptbahnhof zum Uniklinikum? Mit der U6 Richtung Klinikum Großhadern bis Endhaltestelle, oder Bus 56 ab Haltestelle 3? Die Station ist in Gebäude C, Ebene 2.",
            ),
            (
                "en",
                "Which bus gets me to St Thomas' from Waterloo? The 77 or the C10? My appointment is in Gassiot House, 2nd floor, at 10:40.",
            ),
            (
                "fr",
                "Pour aller à la Pitié-Salpêtrière : ligne 5 jusqu'à Saint-Marcel ou RER C Gare d'Austerlitz ? Le service est au bâtiment Gaston Cordier, porte 4.",
            ),
            (
                "ja",
                "病院へは都営バス「都05」か、地下鉄大江戸線で築地市場駅A2出口から徒歩5分ですか？外来は3階のCブロックです。",
            ),
            (
                "es",
                "Para ir al Hospital La Paz desde Atocha, ¿cojo la línea 1 hasta Begoña o el Cercanías C-4? La consulta es en el edificio de Maternidad, planta 3.",
            ),
        ]
    )
    N(f"{lang} public transport directions to a hospital", text)


@times(2)
def _():
    e1, e2 = ean13(pick(["400", "401", "76", "80", "84"])), ean13(pick(["400", "590", "871"]))
    N(
        "product barcodes (EAN-13) of baby food and pharmacy products",
        alt(
            [
                f"Is the baby formula with barcode {e1} the same as {e2}? One says 'Pre' and one '1', both 800 g, and the price differs by €3.",
                f"Scanner in der Apotheke liest {e1} nicht, aber {e2} geht. Gleiche Packungsgröße. Liegt das am Etikett?",
            ]
        ),
    )


@times(2)
def _():
    tot = money(120, 3500)
    N(
        "invoice totals and fees without identifiers",
        alt(
            [
                f"Die Rechnung vom Krankenhaus: Wahlleistung Einbettzimmer 4 Nächte à {comma(money(80, 140))} €, Eigenanteil 40 €, gesamt {comma(tot)} €. Zahlt die Zusatzversicherung das komplett?",
                f"The ER bill is $3,736.50: level 4 visit $1,240, CT head $2,110, labs $386.50. Insurance adjusted it to ${tot:,.2f}. Should I ask for an itemized bill?",
                f"Frais de scolarité : {comma(money(170, 300))} € de droits d'inscription + 103 € de CVEC. La bourse échelon 5 couvre quoi ?",
            ]
        ),
    )


@times(2)
def _():
    N(
        "math and science homework with long numbers",
        alt(
            [
                "My son's homework: is 2^61 - 1 = 2305843009213693951 prime? The teacher says it's a Mersenne prime but how do you check that by hand?",
                "Hausaufgabe: Avogadro-Konstante 6,02214076·10^23 mol^-1. Wie viele Moleküle sind in 18 g Wasser? Ergebnis soll ca. 6,022·10^23 sein.",
                "Devoir de maths : calculer 17! = 355687428096000 et vérifier que 13 divise ce nombre. Comment le justifier sans calculatrice ?",
                "Exercise: the speed of light is 299 792 458 m/s. How many km does light travel in 1 year (365.25 days)? Answer should be about 9.4607 x 10^12 km.",
            ]
        ),
    )


@times(2)
def _():
    N(
        "chemistry / pharmacology reference numbers",
        alt(
            [
                "For the pharmacology essay: paracetamol CAS 103-90-2, ibuprofen CAS 15687-27-1, caffeine CAS 58-08-2. Are their ATC codes N02BE01, M01AE01 and N06BC01?",
                "Metformin ATC A10BA02, SNOMED CT 109081006 for the substance? And type 2 diabetes is SNOMED 44054006 - building a value set for class.",
                "Ramipril (C09AA05) vs lisinopril (C09AA03): which has the longer half-life? Our lecture slide 14 says 13-17 h for ramiprilat.",
            ]
        ),
    )


@times(2)
def _():
    N(
        "research statistics",
        alt(
            [
                f"In the trial, n = {R.randint(300, 4000)}, hazard ratio 0.{R.randint(60, 95)} (95% CI 0.{R.randint(50, 70)}-0.{R.randint(85, 99)}), p = 0.0{R.randint(1, 4)}. NNT over 3 years was {R.randint(20, 90)}. Is that clinically meaningful?",
                f"Für die Masterarbeit: Cohens d = 0,{R.randint(20, 80)}, Power 0,80, alpha 0,05 - wie viele Probanden pro Gruppe brauche ich? G*Power sagt {R.randint(26, 120)}.",
                f"Mi TFG: sensibilidad 87,3 %, especificidad 91,6 %, prevalencia 12 %. ¿Cómo calculo el VPP? ¿Sale {R.randint(55, 60)},{R.randint(1, 9)} %?",
            ]
        ),
    )


@times(2)
def _():
    N(
        "public article identifiers",
        alt(
            [
                "Can you summarise the BNT162b2 trial (N Engl J Med 2020;383:2603-15, doi:10.1056/NEJMoa2034577)? I need it for a journal club on Thursday.",
                f"Our librarian says to cite PMID {R.randint(30000000, 39999999)} and the Cochrane review CD{dg(6)} in Vancouver style. What's the format?",
                f"Is arXiv:{R.randint(2301, 2512)}.{dg(5)} peer reviewed yet? It's the radiology report summarisation paper our lecturer mentioned.",
            ]
        ),
    )


@times(2)
def _():
    lang, text = alt(
        [
            (
                "de",
                f"Station 4B hat 32 Betten, heute {R.randint(24, 32)} belegt, 3 Entlassungen bis 11:00, 2 Aufnahmen aus der ZNA. Zimmer 412 wird desinfiziert. Wie viele Pflegekräfte brauche ich bei 1:8 im Frühdienst?",
            ),
            (
                "en",
                f"Ward 7 occupancy {R.randint(80, 100)}%, 4 side rooms, bay C closed for norovirus until Friday. Staffing 1:6 days, 1:8 nights. How many HCAs for 28 patients?",
            ),
            (
                "fr",
                f"Le service de gériatrie a {R.randint(20, 30)} lits, taux d'occupation {R.randint(85, 99)} %, DMS 11,4 jours. Chambre 12 fermée pour travaux. Combien d'aides-soignants la nuit ?",
            ),
        ]
    )
    N(f"{lang} ward capacity and staffing numbers", text)


@times(2)
def _():
    N(
        "course codes and class section numbers",
        alt(
            [
                f"Can I take NURS 3120 (CRN {R.randint(10000, 49999)}) and BIOL 2401 lab section {R.randint(100, 199)} together? They both meet Tue/Thu, one 9:30-10:45 and one 10:00-12:50 in room HSB 214.",
                f"Modul MED-B-{R.randint(10, 40)} hat 6 ECTS, das Seminar PSY-{R.randint(100, 400)} 3 ECTS. Komme ich mit 27 ECTS im Semester auf die Regelstudienzeit?",
            ]
        ),
    )


@times(2)
def _():
    N(
        "code for validating identifiers, no real values",
        alt(
            [
                "Review my check-digit function?\n\ndef nhs_ok(n: str) -> bool:\n    d = [int(c) for c in n if c.isdigit()]\n    if len(d) != 10:\n        return False\n    s = sum(x * w for x, w in zip(d[:9], range(10, 1, -1)))\n    c = 11 - s % 11\n    return (0 if c == 11 else c) == d[9] and c != 10",
                "CREATE TABLE patients (\n  id BIGSERIAL PRIMARY KEY,\n  mrn VARCHAR(12) UNIQUE NOT NULL,\n  nhs_number CHAR(10),\n  date_of_birth DATE,\n  created_at TIMESTAMPTZ DEFAULT now()\n);\n-- should nhs_number have a CHECK constraint or validate in the app?",
                "Regex for a German KVNR: ^[A-Z][0-9]{9}$ - does that also need the check digit, or is the format enough for the form validation?",
            ]
        ),
    )


@times(2)
def _():
    N(
        "BMI / dosing calculations",
        alt(
            [
                "def bmi(kg, m):\n    return round(kg / m ** 2, 1)\n\nprint(bmi(82.5, 1.78))  # 26.0\n\nWhy does it print 26.0 and not 26.04?",
                f"Paracetamol-Saft 40 mg/ml, Kind wiegt {R.randint(10, 25)} kg, 15 mg/kg pro Dosis, max. 60 mg/kg/Tag. Wie viele ml pro Gabe?",
                "Infusion: 1000 mL NaCl 0.9% über 8 h, Tropfsystem 20 gtt/mL. Das sind 125 mL/h und ca. 42 gtt/min, oder?",
                f"Amoxicillin suspension 250 mg/5 mL, child {R.randint(12, 30)} kg, dose 40 mg/kg/day divided every 8 hours. How many mL per dose?",
            ]
        ),
    )


@times(2)
def _():
    N(
        "error codes from health and school IT",
        alt(
            [
                "Windows update on the reception PC fails with 0x80070005, and the e-prescribing module shows 'HTTP 502 Bad Gateway' after 30 s. Related?",
                "Der Konnektor meldet 'Fehlercode 4192 - Karte nicht freigeschaltet' beim Einlesen der eGK, und das KIM-Modul 'SMTP 535 5.7.8'. Liegt das am Kartenterminal ORGA 6141?",
                "Chromebook says ERR_SSL_PROTOCOL_ERROR on the school's gradebook site, but only on the student VLAN 120, not on staff VLAN 30.",
                "Zoom error 5003 on the telehealth room PC, and Teams gives CAA20002. Firewall ports 8801-8810 UDP are open.",
            ]
        ),
    )


@times(2)
def _():
    temps = [str(round(R.uniform(2.1, 8.4), 1)) for _ in range(6)]
    N(
        "vaccine fridge temperature log",
        alt(
            [
                f"Vaccine fridge log Mon-Sat: {', '.join(temps)} °C (range 2-8). Saturday min/max showed 1.6 / 9.2 after the power cut. Do we quarantine the stock?",
                f"Kühlschrank-Protokoll Impfstoffe: {'; '.join(t.replace('.', ',') for t in temps)} °C. Ein Ausreißer auf 8,9 °C für 20 Minuten - müssen wir die Charge melden?",
            ]
        ),
    )


@times(2)
def _():
    N(
        "diet plan with numbers",
        alt(
            [
                f"Dietitian says 1800 kcal/day, 45 g carbs per meal, 15 g per snack, protein 1.2 g/kg. I'm {R.randint(60, 100)} kg. Can you draft a 3-day menu?",
                "Plan alimentaire pour diabète gestationnel : 30 g de glucides au petit-déjeuner, 45 g au déjeuner, glycémie 1 h après le repas < 1,40 g/L. Des idées de repas ?",
                "Dieta per la celiachia di mio figlio: max 20 ppm di glutine, merenda da 150 kcal. Cosa posso mettere nello zaino per la gita del 12 maggio?",
            ]
        ),
    )


@times(2)
def _():
    N(
        "website CSS colours and version strings",
        alt(
            [
                "The school website's accessibility check fails: text #6b7280 on #f3f4f6 has contrast 4.2:1, needs 4.5:1. Which grey should I use? Theme is Boost 4.5, Bootstrap 4.6.2.",
                "Praxis-Website: Button-Farbe #0a7ea4, Hover #086682, Schrift 16px/1.5. WordPress 6.7.1, Theme Astra 4.8.10. Ist das barrierefrei genug?",
            ]
        ),
    )


@times(2)
def _():
    lang, text = alt(
        [
            (
                "de",
                "Notrufnummern für den Aushang im Klassenzimmer: Feuerwehr/Rettungsdienst 112, Polizei 110, ärztlicher Bereitschaftsdienst 116117. Kannst du ein schönes A4-Plakat entwerfen?",
            ),
            (
                "fr",
                "Affiche pour la salle des profs : SAMU 15, pompiers 18, police 17, numéro d'urgence européen 112, et le 3114 pour la prévention du suicide. Tu peux la mettre en page ?",
            ),
            (
                "en",
                "Poster for the care home staff room: emergency 999, NHS non-emergency 111, and the 'Think 111 first' line. Keep it big and simple.",
            ),
            (
                "es",
                "Cartel para la residencia: emergencias 112, y en Madrid el SUMMA también por el 112. ¿El 061 sigue funcionando en Andalucía?",
            ),
        ]
    )
    N(f"{lang} public emergency numbers", text)


@times(2)
def _():
    N(
        "opening hours and appointment slot logistics",
        alt(
            [
                f"Die Praxis hat Mo-Fr 08:00-12:30, Mo/Di/Do 15:00-18:00 geöffnet, Akutsprechstunde 11:30-12:30. Termin ist am {R.randint(1, 28)}.0{R.randint(1, 9)}. um {hhmm()} - lohnt sich Zuwarten oder lieber Bereitschaftsdienst?",
                "The blood clinic is walk-in 07:30-11:00 weekdays, appointments only on Saturday 08:00-10:00. My fasting test - can I go at 10:45 if I stop eating at 22:00?",
                f"Le cabinet de radiologie est ouvert du lundi au vendredi de 7h45 à 19h, le samedi de 8h à 12h. Mon IRM est prévue le {R.randint(1, 28)}/0{R.randint(1, 9)} à {hhmm()}, je dois être à jeun ?",
            ]
        ),
    )


@times(2)
def _():
    gtin = ean13(pick(["0403", "0590", "0800"]))
    N(
        "GS1 DataMatrix content of a medicine pack",
        f"The pharmacy scanner shows this for the insulin pen box: (01)0{gtin}(17)2{R.randint(6, 8)}{R.randint(1, 12):02d}31(10){rs(UP, 2)}{dg(4)}. Which part is the expiry date and which is the batch?",
    )


@times(1)
def _():
    N(
        "zh drug approval number on a package insert",
        f"说明书上写着 国药准字H{R.randint(1990, 2023)}{dg(4)}，阿莫西林胶囊 0.25g×24粒，成人一次0.5g，每6~8小时一次。孩子15公斤怎么换算剂量？",
    )


@times(1)
def _():
    N(
        "zh-TW NHI copayment amounts",
        f"去醫學中心看門診，部分負擔是 NT${R.choice([420, 550, 750])}，掛號費 NT$150，藥品部分負擔上限 NT$300。轉診的話可以少多少？",
    )


@times(1)
def _():
    N(
        "th hospital fees and appointment time",
        f"ค่าตรวจสุขภาพประจำปีแพ็กเกจ B ราคา {R.choice([2900, 3500, 4900])} บาท นัดวันที่ 14 เวลา 07:30 ต้องงดน้ำงดอาหาร 8 ชั่วโมงไหมคะ",
    )


@times(1)
def _():
    N(
        "vi medicine prices",
        f"Thuốc Augmentin 625mg giá {R.choice([185, 210, 245])}.000đ một hộp 14 viên, còn loại generic chỉ 95.000đ. Uống 2 lần/ngày trong 7 ngày thì mua hộp nào?",
    )


@times(1)
def _():
    N(
        "id BPJS contribution classes",
        "Iuran BPJS Kesehatan mandiri kelas 1 Rp150.000, kelas 2 Rp100.000, kelas 3 Rp42.000 per orang per bulan, kan? Kalau sekeluarga 4 orang pindah ke kelas 2 jadi berapa?",
    )


@times(1)
def _():
    N(
        "tr prescription colours and prices",
        f"Kırmızı reçete ile yeşil reçete arasındaki fark ne? Eczanede ilaç fiyatı {R.randint(120, 480)},{R.randint(10, 90)} TL, katılım payı 10 TL. MHRS'de randevu saati 09:40.",
    )


@times(1)
def _():
    N(
        "ru lab values and a public ministry order",
        f"По приказу Минздрава № 404н диспансеризация раз в 3 года до 39 лет? У меня холестерин {str(round(R.uniform(4.5, 7.9), 1)).replace('.', ',')} ммоль/л, глюкоза {str(round(R.uniform(4.2, 7.1), 1)).replace('.', ',')} ммоль/л, давление 135/85. Направят на второй этап?",
    )


@times(1)
def _():
    N(
        "uk public-health package prices",
        f"Скільки коштує МРТ колінного суглоба без направлення? У клініці кажуть {R.randint(18, 35)}00 грн, а за програмою медичних гарантій безкоштовно. Черга 3 тижні.",
    )


@times(1)
def _():
    N(
        "el pharmacy co-payment",
        f"Η συμμετοχή μου στα φάρμακα είναι 25%, το σκεύασμα κοστίζει {R.randint(12, 60)},{R.randint(10, 99)} €. Αν πάρω το γενόσημο πόσα θα πληρώσω; Η συνταγή ισχύει 30 ημέρες.",
    )


@times(1)
def _():
    N(
        "he clinic hours and medicine basket",
        f"המרפאה פתוחה א'-ה' 08:00-13:00 ו-16:00-19:00. התרופה נכנסה לסל 2025 והמחיר ירד ל-{R.randint(15, 40)} ש\"ח למרשם. צריך טופס 17 חדש?",
    )


@times(1)
def _():
    N(
        "ar-EG consultation prices",
        f"سعر الكشف عند استشاري الباطنة {R.choice([400, 500, 700])} جنيه والإعادة خلال 14 يوم مجانًا. التحاليل صورة دم كاملة 180 جنيه. هل الأسعار دي معقولة في القاهرة؟",
    )


@times(1)
def _():
    N(
        "fa medicine price in toman",
        f"قیمت انسولین قلمی {R.randint(350, 900)} هزار تومان شده و بیمه ۷۰ درصد پوشش می‌ده. برای یک ماه چند قلم لازمه اگر روزی ۲۴ واحد تزریق کنم؟",
    )


@times(1)
def _():
    N(
        "hi public scheme coverage amount",
        f"आयुष्मान भारत में ₹5 लाख प्रति परिवार प्रति वर्ष कवर है। घुटने के ऑपरेशन का पैकेज रेट ₹{R.randint(80, 150)},000 है। क्या 70 साल से ऊपर वालों के लिए अलग कवर है?",
    )


@times(1)
def _():
    N(
        "bn dosage and price",
        f"প্যারাসিটামল ৫০০ মি.গ্রা. দিনে ৩ বার, ৫ দিন। এক পাতা ১০টা ট্যাবলেট ১২ টাকা। বাচ্চার ওজন {R.randint(12, 25)} কেজি হলে সিরাপ কত মি.লি. দেব?",
    )


@times(1)
def _():
    N(
        "ta medicine timing",
        "மெட்ஃபார்மின் 500 mg காலை 8 மணி, இரவு 8 மணி சாப்பிட்ட பிறகு. சர்க்கரை அளவு 140 mg/dL வந்தால் டோஸ் மாற்ற வேண்டுமா?",
    )


@times(1)
def _():
    N(
        "te vaccination schedule",
        "పిల్లలకు 6, 10, 14 వారాలకు పెంటావాలెంట్ టీకాలు, 9 నెలలకు MR టీకా. మా బాబు 11 వారాల వాడు, ఇప్పుడు ఏ టీకా ఇవ్వాలి?",
    )


@times(1)
def _():
    N(
        "ka school schedule",
        "სკოლაში გაკვეთილები იწყება 09:00-ზე, დიდი შესვენება 11:25-11:45. მათემატიკის გამოცდა 14 ივნისს, 10:00 საათზე. რამდენი დღე დამრჩა?",
    )


@times(1)
def _():
    N(
        "hy medicine dosage",
        "Իբուպրոֆեն 200 մգ, օրական 3 անգամ, ուտելուց հետո։ Երեխան 18 կգ է, որքա՞ն օշարակ տամ 100 մգ/5 մլ դեղից։",
    )


@times(1)
def _():
    N(
        "am clinic schedule",
        "ክሊኒኩ ከሰኞ እስከ አርብ ከ2:30 እስከ 11:00 ሰዓት ክፍት ነው። የደም ምርመራ ውጤት በ3 ቀን ውስጥ ይደርሳል። ክፍያው 350 ብር ነው?",
    )


@times(1)
def _():
    N(
        "si exam timetable",
        "අ.පො.ස. සාමාන්‍ය පෙළ විභාගය මාර්තු 17 ආරම්භ වෙනවා. ගණිතය පෙ.ව. 8.30 සිට 11.40 දක්වා. දවසකට පැය කීයක් පාඩම් කරන්න ඕනද?",
    )


@times(1)
def _():
    N(
        "sw dosage question",
        "Daktari ameandika Amoxicillin 250mg mara 3 kwa siku kwa siku 5. Mtoto ana kilo 14. Chupa ya 100ml inatosha?",
    )


@times(1)
def _():
    N(
        "nl deductible and premium numbers",
        f"Het eigen risico is in 2025 € 385, en ik zit al op € {R.randint(120, 380)}. De fysiotherapie kost € {comma(money(38, 45))} per behandeling. Valt dat onder het eigen risico als het uit de aanvullende verzekering komt?",
    )


@times(1)
def _():
    N(
        "sv high-cost protection numbers",
        f"Högkostnadsskyddet för läkemedel är 3 050 kr och för vårdbesök 1 450 kr per år. Jag har betalat {R.randint(800, 1400)} kr hittills. När får jag frikort?",
    )


@times(1)
def _():
    N(
        "fi client fees",
        f"Terveysaseman käyntimaksu on {comma(money(20, 30))} € ja maksukatto {R.choice([683, 692, 762])} € vuodessa. Lasketaanko hammashoito mukaan?",
    )


@times(1)
def _():
    N(
        "pl drug reimbursement levels",
        f"Lek na receptę z odpłatnością 30%: pełna cena {comma(money(40, 120))} zł, dopłata pacjenta ok. {comma(money(10, 35))} zł. Dla seniorów 65+ bezpłatne leki z listy S - czy ten lek tam jest?",
    )


@times(1)
def _():
    N(
        "it ticket amounts",
        "Il ticket per la specialistica in Lombardia è 36,15 € più il superticket? E per la risonanza magnetica con contrasto quanto si paga se non ho esenzioni? Codice prestazione 88.91.2.",
    )


@times(1)
def _():
    N(
        "cs / hu / ro fee questions",
        alt(
            [
                "Kolik stojí pohotovost o víkendu? Myslím, že poplatek je 90 Kč, ale četla jsem, že ho zrušili. Ordinační hodiny jsou 7:00-13:00.",
                "Mennyibe kerül egy magánrendelés? Ortopéd szakorvos 25 000 Ft, kontroll 15 000 Ft. Megéri az 5 hónapos várólista helyett?",
                "Cât costă o consultație la medicul specialist fără trimitere? Clinica spune 250 lei, iar analizele 180 lei. Programarea e la ora 10:30.",
            ]
        ),
    )


@times(1)
def _():
    N(
        "ko medication timetable",
        "약 봉투에 '아침 식후 30분 1정, 저녁 식후 30분 1정, 취침 전 0.5정'이라고 써 있어요. 하루 총 2.5정 맞죠? 3일분 7.5정이면 충분한가요?",
    )


@times(1)
def _():
    N(
        "ja entrance exam schedule and deviation scores",
        "看護学校の入試は1月24日（土）9:30集合、数学I・A 60分、国語 60分、面接。偏差値52の学校で、過去問の正答率は68%でした。合格できそうですか？",
    )


@times(1)
def _():
    N(
        "zh gaokao cut-off lines",
        f"今年本科一批分数线理科{R.randint(480, 530)}分、文科{R.randint(500, 550)}分，我估分{R.randint(560, 640)}，想报医学院五年制临床，去年最低录取位次是{R.randint(8000, 30000)}名，有希望吗？",
    )


@times(1)
def _():
    N(
        "ko suneung grade cut",
        f"올해 수능 국어 1등급 컷이 {R.randint(84, 92)}점, 수학 {R.randint(84, 90)}점이라는데 저는 국어 {R.randint(80, 95)}, 수학 {R.randint(78, 96)}이에요. 간호학과 정시 가능할까요?",
    )


@times(2)
def _():
    N(
        "log lines with redacted credentials",
        alt(
            [
                "Mirth log:\n[2025-03-14 09:12:44] ERROR DatabaseDispatcher - connect failed: user=mirth_writer password=****** url=jdbc:postgresql://lis-db:5432/lis\nIs the password redaction hiding a problem?",
                "Auth middleware prints `Authorization: Bearer [REDACTED]` and `client_secret=***` in the logs, which is good, but the request still 401s. How do I debug without exposing the token?",
                "The sync job logs `TWILIO_AUTH_TOKEN=<redacted>` and `SENDGRID_API_KEY=SG.***`, then 'HTTP 401'. Could the env var be empty in cron?",
            ]
        ),
    )


@times(2)
def _():
    N(
        "blank form fields and placeholders",
        alt(
            [
                "The referral template has 'NHS number: ___ ___ ____', 'DOB: __/__/____' and 'Consultant: __________'. Can you make it a fillable PDF with those fields?",
                "Formular-Vorlage: 'KVNR: __________', 'IBAN: DE__ ____ ____ ____ ____ __', 'Unterschrift: ________'. Wie mache ich daraus ein Word-Formular mit Inhaltssteuerelementen?",
                "Plantilla de consentimiento: 'DNI: ________-_', 'Teléfono: ___ ___ ___', 'Fecha: __/__/____'. ¿Cómo pongo campos rellenables en Google Docs?",
            ]
        ),
    )


@times(2)
def _():
    N(
        "IT helpdesk ticket and asset numbers",
        alt(
            [
                f"Our ticket INC{dg(7)} about the ward printers was closed without a fix. Printer asset tag HOSP-PR-{dg(4)}, model Lexmark MS621dn, firmware MSNGM.081.234.",
                f"Ticket #{R.randint(100000, 999999)} for the classroom projector (Epson EB-992F, lamp hours 3,412) has been open 3 weeks. How do I escalate?",
            ]
        ),
    )


@times(1)
def _():
    N(
        "open-data document identifier of a public form",
        f"The ministry's public school-enrolment form template is on the open data portal with dataset id {uuid4()} (version 3, CC BY 4.0). Can I adapt it for our parents' evening sign-up?",
    )


@times(2)
def _():
    N(
        "time zones and ISO weeks for scheduling",
        alt(
            [
                "Teleconsult with the specialist in Seoul at 09:00 KST - what time is that in CET? And if it moves to KW 14 (31.03.-06.04.2025), does daylight saving change it?",
                "Our online tutoring runs 16:00-17:30 Europe/Lisbon. The student is in UTC+5:30. When does the summer time switch on 30 March affect that?",
            ]
        ),
    )


@times(2)
def _():
    N(
        "sleep and fitness tracker numbers",
        alt(
            [
                f"Watch says resting HR {R.randint(48, 72)}, HRV {R.randint(20, 80)} ms, SpO2 avg 95%, sleep 6 h 42 min with 1 h 05 min deep. Steps {R.randint(3000, 14000):,}. Is the low HRV a concern before my marathon?",
                f"Schlaftracker: 23:48-06:12, Tiefschlaf 14 %, REM 21 %, 4 Wachphasen. Ruhepuls {R.randint(52, 70)}. Soll ich das der Schlafambulanz zeigen?",
            ]
        ),
    )


@times(2)
def _():
    N(
        "school lunch menu with allergen codes and prices",
        alt(
            [
                "Mensa-Plan KW 12: Mo Linsencurry (A, G) 3,90 €, Di Fischstäbchen (A, C, D) 3,90 €, Mi Pasta (A, C, G) 3,50 €. Welche Tage sind für ein Kind mit Laktoseintoleranz ok?",
                "Menu de la cantine : lundi poulet basquaise, mardi poisson pané (allergènes 1, 3, 4), tarif 3,25 € le repas, quotient familial tranche C. Le PAI de ma fille interdit l'arachide.",
            ]
        ),
    )


@times(2)
def _():
    N(
        "mobility and hearing aid model numbers",
        alt(
            [
                "Wheelchair for Mum: Invacare Action 3 NG, seat width 43 cm, max user weight 125 kg, vs Küschall Compact 2.0 at 10.5 kg. Which folds smaller for a Corsa boot?",
                "Hörgeräte: Phonak Audéo Lumity L90-R oder Signia Pure Charge&Go 7IX? Die Kasse zahlt den Festbetrag von 733,59 € pro Ohr, Eigenanteil 1.890 €.",
                "Pflegebett Burmeier Dali II, Liegefläche 90 x 200 cm, Hubhöhe 40-80 cm. Hilfsmittelnummer 19.40.01.1 - bekommt man das über die Pflegekasse?",
            ]
        ),
    )


@times(2)
def _():
    N(
        "insulin and pen technical numbers",
        alt(
            [
                "Lantus 100 IU/ml, pen holds 300 units. I inject 22 units at night plus 2 units priming. How many pens per month? Box of 5.",
                "NovoPen Echo does 0.5-unit steps up to 30 units; NovoPen 6 does 1-unit steps up to 60. For a 6-year-old on 4.5 units, which is better?",
            ]
        ),
    )


@times(2)
def _():
    N(
        "growth percentiles and glasses prescription without identifiers",
        alt(
            [
                f"Baby is 4 months, {round(R.uniform(5.8, 7.9), 2)} kg, 63 cm, head 41 cm. The health visitor said 50th centile for weight and 75th for length. Is that proportional?",
                "Brillenrezept: R sph -2,25 cyl -0,75 Achse 180, L sph -2,50 cyl -0,50 Achse 5, Add +1,50, PD 63 mm. Lohnen sich Gleitsichtgläser?",
            ]
        ),
    )


@times(2)
def _():
    N(
        "public-health statistics",
        alt(
            [
                f"The 7-day incidence was {round(R.uniform(30, 400), 1)} per 100,000, hospitalisations {R.randint(3, 12)}.{R.randint(0, 9)} per 100,000, ICU occupancy {R.randint(5, 25)}%. Is that enough to bring back masks on the ward?",
                f"La couverture vaccinale contre la grippe chez les soignants était de {R.randint(20, 40)},{R.randint(0, 9)} % en 2024, objectif 75 %. Des idées de campagne pour notre CHU ?",
            ]
        ),
    )


@times(2)
def _():
    N(
        "scholarship amounts and deadlines",
        alt(
            [
                "BAföG-Höchstsatz ist 992 €, davon Wohnpauschale 380 €. Antrag bis 31.10. für das Wintersemester? Meine Eltern verdienen zusammen ca. 58.000 € brutto.",
                "Bourse sur critères sociaux : échelon 7 = 6 335 € sur 10 mois, échelon 0 bis = 1 454 €. Date limite du DSE le 31 mai ?",
                "Chevening covers tuition plus a monthly stipend of £1,347 outside London. Deadline 7 November, 12:00 GMT. Do I need IELTS 6.5 overall?",
            ]
        ),
    )


@times(2)
def _():
    N(
        "release versions of health and school software",
        alt(
            [
                "Is Mirth Connect 4.5.2 still open source or do we need the 4.6 commercial licence? We're on Java 17.0.12, PostgreSQL 15.8.",
                f"Our Orthanc is 1.12.{R.randint(1, 5)} with DICOMweb 1.{R.randint(13, 17)} and OHIF 3.9.{R.randint(0, 3)}. The viewer says 'Study not found' for studies over 2 GB.",
                "GNU Health 4.4 or 5.0 for a small rural clinic? Tryton 7.0 is the dependency, Python 3.11.",
                f"Canvas LMS is on release 2025-0{R.randint(1, 9)}-{R.randint(10, 28)}, and the LTI 1.3 tool says 'invalid deployment_id'. The tool version is 3.{R.randint(1, 9)}.{R.randint(0, 20)}.",
            ]
        ),
    )


@times(2)
def _():
    N(
        "appointment dates and times without identifiers",
        alt(
            [
                f"I have three appointments next month: physio on the {pick(['4th', '5th', '6th', '7th'])} at {hhmm()}, dermatology on the {pick(['11th', '12th', '14th', '15th'])} at {hhmm()} and a scan on the {pick(['21st', '22nd', '23rd', '25th'])} at {hhmm()}. Can you make calendar text for them?",
                f"Termine: Zahnarzt 0{R.randint(1, 9)}.05. {hhmm()} Uhr, Kinderarzt U9 am {R.randint(10, 28)}.05. um {hhmm()}, Elternabend 22.05. 19:30 in Raum A 1.12. Kannst du das als Liste formatieren?",
                f"RDV : ophtalmo le {R.randint(1, 28)} juin à {hhmm()}, orthodontiste le {R.randint(1, 28)} juillet, réunion parents-profs le 3 octobre à 18h. Fais-moi un rappel.",
            ]
        ),
    )


@times(2)
def _():
    N(
        "drug interaction question with doses",
        alt(
            [
                "Can I take ibuprofen 400 mg with my sertraline 50 mg? And what about the 75 mg aspirin the cardiologist prescribed? Bleeding risk?",
                "Darf ich zu Marcumar (Phenprocoumon 3 mg, INR Ziel 2,0-3,0) Paracetamol 500 mg nehmen? Letzter INR 2,7.",
                "¿Puedo tomar omeprazol 20 mg con clopidogrel 75 mg? Leí que el esomeprazol 40 mg interactúa también.",
            ]
        ),
    )


@times(2)
def _():
    N(
        "nursing and teaching workload numbers",
        alt(
            [
                "I teach 26 periods a week of 45 minutes, plus 4 hours of supervision. The contract says 1,804 hours a year. Is that over?",
                "Pflegepersonaluntergrenzen Intensiv: Tag 1:2, Nacht 1:3. Wir haben 14 Betten und 5 Pflegekräfte in der Nacht. Passt das?",
                "We have 31 children in Year 3 and the adult:child ratio for the museum trip is 1:6. How many adults do we need, including the 2 teachers?",
            ]
        ),
    )


@times(2)
def _():
    N(
        "git and package version chatter in a research project",
        alt(
            [
                "After `pip install pydicom==3.0.1 highdicom==0.23.0` my anonymisation script fails with AttributeError: 'FileDataset' object has no attribute 'is_little_endian'. Downgrade to 2.4.4?",
                "git log shows the fix at tag v2.3.0 of the public fhir.resources package; `pip show fhir.resources` says 7.1.0. Which one has R4B support?",
                "R 4.4.1 and survival 3.7-0: my Cox model gives HR 1.38 (95% CI 1.12-1.71). Same data in Stata 18 gives 1.37. Rounding?",
            ]
        ),
    )


@times(2)
def _():
    N(
        "unit conversions in diabetes care",
        alt(
            [
                f"Glucose {R.randint(4, 15)}.{R.randint(0, 9)} mmol/L is how many mg/dL? I always multiply by 18 but the app shows a slightly different number.",
                "Umrechnung HbA1c: 53 mmol/mol entspricht ungefähr 7,0 %, oder? Formel (IFCC / 10,929) + 2,15?",
                "Cholestérol total 2,10 g/L, ça fait combien en mmol/L ? Le facteur c'est 2,586 ?",
            ]
        ),
    )


@times(2)
def _():
    N(
        "ECG and ventilator numbers",
        alt(
            [
                f"ECG report: sinus rhythm {R.randint(55, 95)} bpm, PR 182 ms, QRS 96 ms, QTc {R.randint(420, 480)} ms. Is QTc {R.randint(440, 470)} a problem with citalopram 20 mg?",
                "Beatmung: PC-AC, Pinsp 18 cmH2O, PEEP 8, FiO2 0,45, AF 16/min, Vt ca. 420 ml bei 70 kg Idealgewicht. Ist das lungenprotektiv (6 ml/kg)?",
            ]
        ),
    )


@times(2)
def _():
    N(
        "radiation dose and imaging numbers",
        alt(
            [
                f"CT thorax: CTDIvol {R.randint(5, 12)}.{R.randint(0, 9)} mGy, DLP {R.randint(250, 600)} mGy·cm. With k = 0.014 that's about {R.randint(3, 8)} mSv, right? My son is worried.",
                "Mammographie : dose glandulaire moyenne 1,3 mGy par cliché, 4 clichés. C'est comparable à combien de jours d'irradiation naturelle (2,9 mSv/an) ?",
            ]
        ),
    )


@times(2)
def _():
    N(
        "microbiology MIC values and breakpoints",
        alt(
            [
                "E. coli MIC: ciprofloxacin 0.5 mg/L, ceftriaxone ≤1, meropenem ≤0.25. EUCAST v15.0 breakpoint for cipro is S ≤0.25, R >0.5 - so it's R?",
                "Staph aureus, Oxacillin MHK 0,5 mg/l, Vancomycin 1 mg/l. Ist das MSSA? Laut EUCAST-Tabelle 2025 ja?",
            ]
        ),
    )


@times(2)
def _():
    N(
        "pregnancy date arithmetic",
        alt(
            [
                "If the first day of my last period was 3 March, when is the due date by Naegele's rule, and what week will I be on 14 July?",
                "Letzte Periode am 11.01., Zyklus 30 Tage. Wann ist der errechnete Termin, und in welcher SSW bin ich am 1. Juni?",
                "Última regla el 20 de febrero, ciclo de 28 días. ¿Fecha probable de parto? ¿Y cuándo toca la ecografía de la semana 20?",
            ]
        ),
    )


@times(2)
def _():
    N(
        "school trip budget",
        alt(
            [
                f"Class trip: coach £{R.randint(600, 900)}, museum £4.50 per child x 58, 8 adults free, lunch packs £3.20 each. What do we charge per child to break even?",
                "Klassenfahrt nach Hamburg: Jugendherberge 3 Nächte à 38,50 €, Bahn 49 € pro Kind, Programm 22 €. 27 Kinder, 3 Begleitpersonen frei. Wie viel pro Kind?",
                "Voyage scolaire à Barcelone : 412 € par élève, 3 versements de 137,33 €. La commune aide à hauteur de 15 %. Ça fait combien par famille ?",
            ]
        ),
    )


@times(2)
def _():
    N(
        "hospital parking and canteen prices",
        alt(
            [
                "Hospital parking is £3.10 for up to 2 hours, £19.50 for a weekly pass, free for blue badge holders. Visiting hours 11:00-20:00. Worth the weekly pass for 4 visits?",
                "Parkhaus am Klinikum: erste Stunde 2,00 €, jede weitere 1,50 €, Tageshöchstsatz 12 €. Bei 5 Besuchen à 3 Stunden - lohnt die Wochenkarte für 25 €?",
            ]
        ),
    )


@times(2)
def _():
    N(
        "oral rehydration and first aid amounts",
        alt(
            [
                "WHO oral rehydration: 1 litre of clean water, 6 level teaspoons of sugar, half a teaspoon of salt. For a 10 kg toddler, about 50-100 ml/kg over 4 hours?",
                "Erste-Hilfe-Kurs: 30 Kompressionen, 2 Beatmungen, Frequenz 100-120/min, Drucktiefe 5-6 cm. Bei Kindern 15:2?",
            ]
        ),
    )


@times(2)
def _():
    N(
        "language certificate levels and scores",
        alt(
            [
                "For nursing registration I need IELTS 7.0 in reading, listening, speaking and 6.5 in writing, or OET grade B. My last OET was 350 in listening, 340 reading, 300 writing. Close?",
                "Für die Approbation brauche ich Deutsch B2 plus Fachsprachprüfung C1. Der telc Deutsch B2-C1 Medizin hat 4 Teile à 60 Minuten?",
                "Le DELF B2 demande 50/100 avec au moins 5/25 par épreuve. J'ai eu 14, 12,5, 9 et 17. C'est validé ?",
            ]
        ),
    )


@times(2)
def _():
    N(
        "school statistics",
        alt(
            [
                f"Our school's pass rate went from {R.randint(70, 85)}.{R.randint(0, 9)}% to {R.randint(86, 95)}.{R.randint(0, 9)}%, 212 pupils sat 9 subjects each, 1,908 entries. Average Attainment 8 score 48.6. Draft a paragraph for the governors?",
                "Die Schule hat 684 Schüler in 27 Klassen, Durchschnitt 25,3 pro Klasse, 52 Lehrkräfte mit 1.312 Wochenstunden. Stimmt die Schüler-Lehrer-Relation von 13,2?",
            ]
        ),
    )


@times(1)
def _():
    N(
        "pt-PT SNS fees and schedule",
        "As taxas moderadoras nos centros de saúde acabaram em 2020, mas na urgência hospitalar sem referenciação ainda se paga 18 €? A consulta está marcada para dia 14 às 09h30.",
    )


# ================================================================ write


def main() -> None:
    texts = [r["text"] for r in ROWS]
    assert len(texts) == len(set(texts)), "duplicate rows"
    for r in ROWS:
        if r["category"] == "negative":
            continue
        for s in r["secrets"]:
            assert s.strip() == s, (r["kind"], s)
    with OUT.open("w", encoding="utf-8", newline="\n") as fh:
        for r in ROWS:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    digest = hashlib.sha256(OUT.read_bytes()).hexdigest()
    print(f"{len(ROWS)} rows -> {OUT.name} sha256 {digest}")
    print(Counter(r["category"] for r in ROWS))
    print(Counter(r["kind"] for r in ROWS))


if __name__ == "__main__":
    main()
