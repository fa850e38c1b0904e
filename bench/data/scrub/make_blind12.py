# ruff: noqa: E501
"""Blind scrub corpus #12.

Written without looking at the scrubber: its source, tests, docs, benchmark
script and the earlier corpora were not opened while this file was written.
The only repository file opened was the header of ``make_blind5.py`` (its
first 70 lines: docstring, imports and the ``add``/``S``/``P`` helpers), read
for the row format. The contents come only from general knowledge of what
people paste into a chat assistant and of the public shapes of credentials and
personal data. Theme: users of a persona-chat product in small businesses and
households (bakers, landlords, parents, freelancers, shops, clinics, clubs,
online sellers, tradespeople, travellers, teenagers).

Deterministic: every random value comes from one seeded ``random.Random``, so
running ``python bench/data/scrub/make_blind12.py`` again writes the same
``blind12.jsonl`` (next to this script) byte for byte. Standard library only.

One JSON object per line::

    {"text": str, "category": "secret" | "pii" | "negative", "kind": str,
     "secrets": [str, ...], "context": str}

``secrets`` holds exact substrings of ``text`` (each at least 6 characters)
that must not survive scrubbing. Negatives have kind ``"negative"`` and an
empty list: nothing in them is secret or personal, and they must come out
unchanged. No published test values (test card numbers, documented example
keys, reserved example domains, fictional phone ranges) are used anywhere;
check digits (Luhn, mod 11, mod 97, national id checksums) are computed.
"""

from __future__ import annotations

import base64
import hashlib
import json
import random
import string
import uuid
from collections import Counter
from pathlib import Path

R = random.Random(12_2025_0917)
OUT = Path(__file__).with_name("blind12.jsonl")

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


# ---------------------------------------------------------------- primitives


def rs(alphabet: str, n: int) -> str:
    return "".join(R.choice(alphabet) for _ in range(n))


def rd(n: int) -> str:
    return rs(DG, n)


def rdn(n: int) -> str:
    """n digits, first one non-zero."""
    return R.choice("123456789") + rd(n - 1)


def no555(fn):
    def wrapped() -> str:
        while True:
            v = fn()
            if "555" not in v:
                return v

    return wrapped


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


def luhn_full(prefix: str, length: int) -> str:
    body = prefix + rd(length - len(prefix) - 1)
    return body + luhn_digit(body)


def card(brand: str) -> str:
    if brand == "visa":
        return luhn_full("4" + R.choice("0123456789"), 16)
    if brand == "mc":
        return luhn_full(str(R.randint(51, 55)), 16)
    if brand == "amex":
        return luhn_full(R.choice(["34", "37"]), 15)
    return luhn_full("6" + R.choice(["011", "5"]), 16)


def group(s: str, n: int = 4, sep: str = " ") -> str:
    return sep.join(s[i : i + n] for i in range(0, len(s), n))


def iban(cc: str, bban: str) -> str:
    moved = bban + cc + "00"
    num = "".join(str(int(c, 36)) for c in moved)
    return f"{cc}{98 - int(num) % 97:02d}{bban}"


IBAN_SHAPES = {
    "DE": lambda: rd(18),
    "FR": lambda: rd(10) + rs(UP + DG, 11) + rd(2),
    "ES": lambda: rd(20),
    "IT": lambda: R.choice(UP) + rd(10) + rd(12),
    "NL": lambda: R.choice(["RABO", "INGB", "ABNA", "SNSB", "TRIO"]) + rd(10),
    "GB": lambda: R.choice(["BARC", "LOYD", "NWBK", "HBUK", "MIDL"]) + rd(14),
    "PL": lambda: rd(24),
    "PT": lambda: rd(21),
    "BE": lambda: rd(12),
    "TR": lambda: rd(5) + "0" + rd(16),
    "RO": lambda: R.choice(["BTRL", "RNCB", "BRDE", "INGB"]) + rs(UP + DG, 16),
    "HU": lambda: rd(24),
    "CZ": lambda: rd(20),
    "DK": lambda: rd(14),
    "SE": lambda: rd(20),
    "GR": lambda: rd(7) + rd(16),
    "AT": lambda: rd(16),
    "SA": lambda: rd(2) + rd(18),
    "AE": lambda: rd(3) + rd(16),
    "IL": lambda: rd(19),
    "UA": lambda: rd(6) + rd(19),
}


def mk_iban(cc: str, spaced: bool = False) -> str:
    v = iban(cc, IBAN_SHAPES[cc]())
    return group(v) if spaced else v


def date_parts(y0: int = 1950, y1: int = 2004) -> tuple[int, int, int]:
    return R.randint(y0, y1), R.randint(1, 12), R.randint(1, 28)


# -------------------------------------------------------------- national ids


def us_ssn() -> str:
    while True:
        a = R.randint(1, 899)
        if a != 666:
            break
    return f"{a:03d}-{R.randint(1, 99):02d}-{R.randint(1, 9999):04d}"


def uk_nino() -> str:
    first = "ABCEGHJKLMNOPRSTWXYZ"
    second = "ABCEGHJKLMNPRSTWXYZ"
    while True:
        p = R.choice(first) + R.choice(second)
        if p not in {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}:
            break
    d = rd(6)
    return f"{p} {d[:2]} {d[2:4]} {d[4:]} {R.choice('ABCD')}"


def es_dni() -> str:
    n = R.randint(10_000_000, 79_999_999)
    return f"{n}{'TRWAGMYFPDXBNJZSQVHLCKE'[n % 23]}"


def es_nie() -> str:
    p = R.choice("XYZ")
    n = R.randint(1_000_000, 9_999_999)
    full = int("XYZ".index(p).__str__() + str(n))
    return f"{p}{n}{'TRWAGMYFPDXBNJZSQVHLCKE'[full % 23]}"


def br_cpf(fmt: bool = True) -> str:
    while True:
        d = [R.randint(0, 9) for _ in range(9)]
        if len(set(d)) > 1:
            break
    for w0 in (10, 11):
        s = sum(x * (w0 - i) for i, x in enumerate(d))
        r = s * 10 % 11
        d.append(0 if r == 10 else r)
    s = "".join(map(str, d))
    return f"{s[:3]}.{s[3:6]}.{s[6:9]}-{s[9:]}" if fmt else s


def pt_nif() -> str:
    d = [R.choice([1, 2])] + [R.randint(0, 9) for _ in range(7)]
    s = sum(x * (9 - i) for i, x in enumerate(d))
    r = s % 11
    d.append(0 if r < 2 else 11 - r)
    return "".join(map(str, d))


def fr_nir() -> str:
    y, m, _ = date_parts()
    body = f"{R.choice('12')}{y % 100:02d}{m:02d}{R.choice(['69', '75', '13', '33', '59', '31', '44'])}{R.randint(1, 999):03d}{R.randint(1, 999):03d}"
    key = 97 - int(body) % 97
    return f"{body[0]} {body[1:3]} {body[3:5]} {body[5:7]} {body[7:10]} {body[10:13]} {key:02d}"


def mod1110(digits: str) -> str:
    product = 10
    for ch in digits:
        s = (int(ch) + product) % 10
        if s == 0:
            s = 10
        product = (s * 2) % 11
    c = 11 - product
    return "0" if c == 10 else str(c)


def de_steuer_id() -> str:
    while True:
        ds = R.sample(range(10), 9)
        ds.append(R.choice(ds))
        R.shuffle(ds)
        if ds[0] != 0:
            break
    body = "".join(map(str, ds))
    v = body + mod1110(body)
    return f"{v[:2]} {v[2:5]} {v[5:8]} {v[8:]}"


def de_vat() -> str:
    body = rdn(8)
    return "DE" + body + mod1110(body)


IT_ODD_VALS = (
    "1 0 5 7 9 13 15 17 19 21 1 0 5 7 9 13 15 17 19 21 2 4 18 20 11 3 6 8 12 14 16 10 22 25 24 23"
)
IT_ODD = dict(zip(DG + UP, map(int, IT_ODD_VALS.split()), strict=True))
IT_EVEN = {**{c: int(c) for c in DG}, **{c: i for i, c in enumerate(UP)}}


def _cf_part(word: str, is_name: bool) -> str:
    w = word.upper()
    cons = [c for c in w if c in UP and c not in "AEIOU"]
    vows = [c for c in w if c in "AEIOU"]
    if is_name and len(cons) >= 4:
        cons = [cons[0], cons[2], cons[3]]
    return ("".join(cons + vows) + "XXX")[:3]


def it_cf(first: str, last: str, female: bool = False) -> str:
    y, m, d = date_parts()
    body = (
        _cf_part(last, False)
        + _cf_part(first, True)
        + f"{y % 100:02d}"
        + "ABCDEHLMPRST"[m - 1]
        + f"{d + (40 if female else 0):02d}"
        + R.choice(["H501", "F205", "F839", "L219", "A944", "G273", "D612"])
    )
    s = sum(IT_ODD[c] if i % 2 == 0 else IT_EVEN[c] for i, c in enumerate(body))
    return body + UP[s % 26]


def it_piva() -> str:
    body = rdn(7) + R.choice(["001", "015", "058", "037", "063", "048"])
    return body + luhn_digit(body)


def nl_bsn() -> str:
    while True:
        d = [R.randint(1, 9)] + [R.randint(0, 9) for _ in range(7)]
        r = sum(x * (9 - i) for i, x in enumerate(d)) % 11
        if r < 10:
            return "".join(map(str, d)) + str(r)


def pl_pesel(female: bool | None = None) -> str:
    y, m, d = date_parts(1955, 2012)
    mm = m + (20 if y >= 2000 else 0)
    sx = R.choice([0, 2, 4, 6, 8]) if female else R.choice([1, 3, 5, 7, 9])
    body = f"{y % 100:02d}{mm:02d}{d:02d}{rd(3)}{sx}"
    w = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]
    s = sum(int(c) * w[i] for i, c in enumerate(body))
    return body + str((10 - s % 10) % 10)


def pl_nip() -> str:
    w = [6, 5, 7, 2, 3, 4, 5, 6, 7]
    while True:
        body = rdn(9)
        c = sum(int(x) * w[i] for i, x in enumerate(body)) % 11
        if c < 10:
            v = body + str(c)
            return f"{v[:3]}-{v[3:6]}-{v[6:8]}-{v[8:]}"


def tr_tckn() -> str:
    d = [R.randint(1, 9)] + [R.randint(0, 9) for _ in range(8)]
    d10 = ((d[0] + d[2] + d[4] + d[6] + d[8]) * 7 - (d[1] + d[3] + d[5] + d[7])) % 10
    d.append(d10)
    d.append(sum(d) % 10)
    return "".join(map(str, d))


def ru_inn() -> str:
    d = [R.randint(0, 9) for _ in range(10)]
    d[0], d[1] = 7, 7
    w1 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8]
    d.append(sum(a * b for a, b in zip(w1, d, strict=True)) % 11 % 10)
    w2 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]
    d.append(sum(a * b for a, b in zip(w2, d, strict=True)) % 11 % 10)
    return "".join(map(str, d))


def ru_snils() -> str:
    d = [R.randint(0, 9) for _ in range(9)]
    s = sum(x * (9 - i) for i, x in enumerate(d))
    if s > 101:
        s %= 101
    c = 0 if s in (100, 101) else s
    v = "".join(map(str, d))
    return f"{v[:3]}-{v[3:6]}-{v[6:]} {c:02d}"


def ua_rnokpp() -> str:
    d = [R.randint(2, 3)] + [R.randint(0, 9) for _ in range(8)]
    w = [-1, 5, 7, 9, 4, 6, 10, 5, 7]
    d.append(sum(a * b for a, b in zip(w, d, strict=True)) % 11 % 10)
    return "".join(map(str, d))


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


def verhoeff_digit(payload: str) -> str:
    c = 0
    for i, ch in enumerate(reversed(payload)):
        c = V_D[c][V_P[(i + 1) % 8][int(ch)]]
    return str(V_INV[c])


def in_aadhaar() -> str:
    body = R.choice("23456789") + rd(10)
    v = body + verhoeff_digit(body)
    return f"{v[:4]} {v[4:8]} {v[8:]}"


def in_pan(surname: str) -> str:
    return rs(UP, 3) + "P" + surname[0].upper() + rd(4) + R.choice(UP)


def cn_id() -> str:
    y, m, d = date_parts(1960, 2003)
    body = (
        R.choice(["110105", "310115", "440305", "510107", "330106", "420106"])
        + f"{y}{m:02d}{d:02d}"
        + rd(3)
    )
    w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return body + "10X98765432"[sum(int(c) * w[i] for i, c in enumerate(body)) % 11]


def kr_rrn() -> str:
    y, m, d = date_parts(1960, 2003)
    g = R.choice("12") if y < 2000 else R.choice("34")
    body = f"{y % 100:02d}{m:02d}{d:02d}{g}{rd(5)}"
    w = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5]
    c = (11 - sum(int(c) * w[i] for i, c in enumerate(body)) % 11) % 10
    return f"{body[:6]}-{body[6:]}{c}"


def jp_mynumber() -> str:
    body = rd(11)
    s = 0
    for n in range(1, 12):
        p = int(body[11 - n])
        q = n + 1 if n <= 6 else n - 5
        s += p * q
    r = s % 11
    v = body + ("0" if r <= 1 else str(11 - r))
    return f"{v[:4]} {v[4:8]} {v[8:]}"


def th_id() -> str:
    body = R.choice("1358") + rd(11)
    c = (11 - sum(int(x) * (13 - i) for i, x in enumerate(body)) % 11) % 10
    v = body + str(c)
    return f"{v[0]}-{v[1:5]}-{v[5:10]}-{v[10:12]}-{v[12]}"


def id_nik() -> str:
    y, m, d = date_parts(1965, 2004)
    return (
        R.choice(["317405", "327303", "357801", "517102", "337401"])
        + f"{d + R.choice([0, 40]):02d}{m:02d}{y % 100:02d}"
        + f"{R.randint(1, 999):04d}"
    )


def vn_cccd() -> str:
    y, _, _ = date_parts(1965, 2004)
    g = R.choice("01") if y < 2000 else R.choice("23")
    return R.choice(["001", "079", "031", "048", "092"]) + g + f"{y % 100:02d}" + rd(6)


def ph_tin() -> str:
    return f"{rdn(3)}-{rd(3)}-{rd(3)}-000"


def ke_kra() -> str:
    return "A" + rd(9) + R.choice(UP)


def gr_afm() -> str:
    while True:
        body = rdn(8)
        c = sum(int(x) * 2 ** (8 - i) for i, x in enumerate(body)) % 11 % 10
        return body + str(c)


def gr_amka() -> str:
    y, m, d = date_parts()
    body = f"{d:02d}{m:02d}{y % 100:02d}{rd(4)}"
    return body + luhn_digit(body)


def cz_rc(female: bool = False) -> str:
    while True:
        y, m, d = date_parts(1954, 2004)
        body = f"{y % 100:02d}{m + (50 if female else 0):02d}{d:02d}{rd(3)}"
        c = int(body) % 11
        if c < 10:
            return f"{body[:6]}/{body[6:]}{c}"


def ro_cnp() -> str:
    y, m, d = date_parts(1955, 2004)
    s = R.choice("12") if y < 2000 else R.choice("56")
    body = f"{s}{y % 100:02d}{m:02d}{d:02d}{R.choice(['12', '40', '22', '35', '01'])}{R.randint(1, 999):03d}"
    w = "279146358279"
    c = sum(int(a) * int(b) for a, b in zip(body, w, strict=True)) % 11
    return body + ("1" if c == 10 else str(c))


def hu_taj() -> str:
    body = rd(8)
    c = sum(int(x) * (3 if i % 2 == 0 else 7) for i, x in enumerate(body)) % 10
    v = body + str(c)
    return f"{v[:3]} {v[3:6]} {v[6:]}"


def hu_adoazon() -> str:
    body = "8" + rd(8)
    c = sum(int(x) * (i + 1) for i, x in enumerate(body)) % 11
    if c == 10:
        return hu_adoazon()
    return body + str(c)


def se_pnr() -> str:
    y, m, d = date_parts()
    body = f"{y % 100:02d}{m:02d}{d:02d}{rd(3)}"
    return f"{y}{m:02d}{d:02d}-{body[6:]}{luhn_digit(body)}"


def dk_cpr() -> str:
    w = [4, 3, 2, 7, 6, 5, 4, 3, 2, 1]
    while True:
        y, m, d = date_parts()
        body = f"{d:02d}{m:02d}{y % 100:02d}{rd(3)}"
        s = sum(int(x) * w[i] for i, x in enumerate(body))
        c = (11 - s % 11) % 11
        if c < 10:
            return f"{body[:6]}-{body[6:]}{c}"


def be_nn() -> str:
    y, m, d = date_parts(1950, 1999)
    body = f"{y % 100:02d}{m:02d}{d:02d}{R.randint(1, 997):03d}"
    c = 97 - int(body) % 97
    return f"{body[:2]}.{body[2:4]}.{body[4:6]}-{body[6:]}.{c:02d}"


def il_tz() -> str:
    body = rd(8)
    s = 0
    for i, ch in enumerate(body):
        v = int(ch) * (1 if i % 2 == 0 else 2)
        s += v // 10 + v % 10
    return body + str((10 - s % 10) % 10)


def ir_code() -> str:
    body = rdn(9)
    r = sum(int(x) * (10 - i) for i, x in enumerate(body)) % 11
    return body + str(r if r < 2 else 11 - r)


def sa_id() -> str:
    return luhn_full("1", 10)


def ae_eid() -> str:
    y, _, _ = date_parts(1965, 2003)
    body = f"784{y}{rd(7)}"
    v = body + luhn_digit(body)
    return f"{v[:3]}-{v[3:7]}-{v[7:14]}-{v[14]}"


def ca_sin() -> str:
    v = luhn_full(R.choice("1234567"), 9)
    return f"{v[:3]} {v[3:6]} {v[6:]}"


def au_tfn() -> str:
    w = [1, 4, 3, 7, 5, 8, 6, 9, 10]
    while True:
        body = rdn(8)
        s = sum(int(x) * w[i] for i, x in enumerate(body))
        for last in range(10):
            if (s + last * 10) % 11 == 0:
                v = body + str(last)
                return f"{v[:3]} {v[3:6]} {v[6:]}"


def bd_nid() -> str:
    return rdn(10)


def ke_id() -> str:
    return rdn(8)


def gb_utr() -> str:
    return rdn(5) + " " + rd(5)


def fr_vat() -> str:
    siren = luhn_full(R.choice("3456789"), 9)
    key = (12 + 3 * (int(siren) % 97)) % 97
    return f"FR{key:02d}{siren}"


def es_vat() -> str:
    return "ES" + es_dni()


def pt_vat() -> str:
    return "PT" + pt_nif()


def nl_vat() -> str:
    return f"NL{nl_bsn()}B{R.randint(1, 9):02d}"


def pl_vat() -> str:
    return "PL" + pl_nip().replace("-", "")


def be_vat() -> str:
    body = "0" + rdn(7)
    c = 97 - int(body) % 97
    return f"BE{body}{c:02d}"


def gb_vat() -> str:
    while True:
        body = rdn(7)
        s = sum(int(x) * (8 - i) for i, x in enumerate(body))
        c = (-s - 55) % 97
        if c < 100:
            v = f"{body}{c:02d}"
            return f"GB {v[:3]} {v[3:7]} {v[7:]}"


def dk_vat() -> str:
    w = [2, 7, 6, 5, 4, 3, 2, 1]
    while True:
        v = rdn(8)
        if sum(int(x) * w[i] for i, x in enumerate(v)) % 11 == 0:
            return "DK" + v


def mrz_cd(s: str) -> str:
    vals = {**{c: int(c) for c in DG}, **{c: 10 + i for i, c in enumerate(UP)}, "<": 0}
    w = [7, 3, 1]
    return str(sum(vals[c] * w[i % 3] for i, c in enumerate(s)) % 10)


# ------------------------------------------------------ phones, mails, places


def ph_us() -> str:
    a = R.choice(
        ["312", "415", "503", "617", "713", "818", "919", "206", "720", "404", "614", "512"]
    )
    return f"({a}) {R.randint(201, 989)}-{rd(4)}"


def ph_gb() -> str:
    return f"07{R.randint(400, 999)} {rd(6)}"


def ph_es() -> str:
    return f"+34 6{rd(2)} {rd(3)} {rd(3)}"


def ph_br() -> str:
    return f"+55 {R.choice(['11', '21', '31', '41', '51', '71', '81'])} 9{rd(4)}-{rd(4)}"


def ph_pt() -> str:
    return f"+351 9{R.choice('1236')}{rd(1)} {rd(3)} {rd(3)}"


def ph_fr() -> str:
    return f"0{R.choice('67')} {rd(2)} {rd(2)} {rd(2)} {rd(2)}"


def ph_de() -> str:
    return f"+49 1{R.choice(['51', '52', '57', '60', '62', '70', '71', '76'])} {rd(7)}"


def ph_it() -> str:
    return f"+39 3{rd(2)} {rd(3)} {rd(4)}"


def ph_nl() -> str:
    return f"06-{rd(8)}"


def ph_pl() -> str:
    return f"+48 {R.choice('5678')}{rd(2)} {rd(3)} {rd(3)}"


def ph_tr() -> str:
    return f"0 (5{R.choice(['32', '33', '35', '42', '05', '06', '52'])}) {rd(3)} {rd(2)} {rd(2)}"


def ph_ru() -> str:
    return f"+7 9{rd(2)} {rd(3)}-{rd(2)}-{rd(2)}"


def ph_ua() -> str:
    return (
        f"+380 {R.choice(['50', '63', '66', '67', '68', '73', '93', '97'])} {rd(3)} {rd(2)} {rd(2)}"
    )


def ph_sa() -> str:
    return f"+966 5{R.choice('0345')} {rd(3)} {rd(4)}"


def ph_il() -> str:
    return f"05{R.choice('02348')}-{rd(7)}"


def ph_ir() -> str:
    return f"0912 {rd(3)} {rd(4)}"


def ph_in() -> str:
    return f"+91 {R.choice('6789')}{rd(4)} {rd(5)}"


def ph_bd() -> str:
    return f"+880 1{R.choice('3456789')}{rd(2)}-{rd(6)}"


def ph_id() -> str:
    return f"+62 8{R.choice(['12', '13', '21', '52', '56', '77', '95'])}-{rd(4)}-{rd(4)}"


def ph_vn() -> str:
    return f"09{rd(2)} {rd(3)} {rd(3)}"


def ph_th() -> str:
    return f"08{rd(1)}-{rd(3)}-{rd(4)}"


def ph_ph() -> str:
    return f"+63 9{rd(2)} {rd(3)} {rd(4)}"


def ph_cn() -> str:
    return f"1{R.choice(['35', '36', '38', '39', '58', '86', '88'])}{rd(4)}{rd(4)}"


def ph_jp() -> str:
    return f"0{R.choice('789')}0-{rd(4)}-{rd(4)}"


def ph_kr() -> str:
    return f"010-{rd(4)}-{rd(4)}"


def ph_ke() -> str:
    return f"+254 7{rd(2)} {rd(3)} {rd(3)}"


def ph_gr() -> str:
    return f"69{R.choice('3479')}{rd(1)} {rd(3)} {rd(3)}"


def ph_cz() -> str:
    return f"+420 {R.choice('67')}{rd(2)} {rd(3)} {rd(3)}"


def ph_ro() -> str:
    return f"07{R.choice('2345')}{rd(1)} {rd(3)} {rd(3)}"


def ph_hu() -> str:
    return f"+36 {R.choice(['20', '30', '70'])} {rd(3)} {rd(4)}"


def ph_dk() -> str:
    return f"+45 {R.choice('2345')}{rd(1)} {rd(2)} {rd(2)} {rd(2)}"


def ph_se() -> str:
    return f"07{R.choice('0236')}-{rd(3)} {rd(2)} {rd(2)}"


for _n in list(globals()):
    if _n.startswith("ph_"):
        globals()[_n] = no555(globals()[_n])


def mail(first: str, last: str, domains: list[str]) -> str:
    tr = str.maketrans(
        "áàâãäåçéèêëíìîïñóòôõöúùûüýśłżźćńęąőűşğıčřšžťďňůøæ",
        "aaaaaaceeeeiiiinooooouuuuyslzzcneaousgicrsztdnuoe",
    )
    f = first.lower().translate(tr)
    la = last.lower().translate(tr).replace(" ", "").replace("'", "")
    local = R.choice(
        [
            f"{f}.{la}",
            f"{f}{la[:1]}{rd(2)}",
            f"{f[:1]}{la}",
            f"{f}_{la}{rd(2)}",
            f"{la}.{f}{R.randint(70, 99)}",
        ]
    )
    return f"{local}@{R.choice(domains)}"


def num() -> int:
    return R.randint(2, 148)


# country code -> (first names, last names (latin transliteration for mail), phone fn, mail domains, address fn)
NAMES = {
    "US": (
        ["Jessica", "Marcus", "Brianna", "Tyler", "Dana", "Keisha"],
        ["Whitaker", "Okafor", "Lindqvist", "Ramirez", "Dunleavy", "Brooks"],
    ),
    "GB": (
        ["Siobhan", "Callum", "Priya", "Gareth", "Niamh", "Rhys"],
        ["Pemberton", "Ahmed", "Hollis", "Fairbairn", "McAllister", "Owusu"],
    ),
    "ES": (
        ["Lucía", "Javier", "Marta", "Iñigo", "Carmen", "Álvaro"],
        ["Solano", "Etxeberria", "Morales", "Quintana", "Vidal", "Herrero"],
    ),
    "BR": (
        ["Thiago", "Fernanda", "Rafaela", "Gustavo", "Luana", "Cauã"],
        ["Albuquerque", "Nogueira", "Siqueira", "Barbosa", "Teixeira", "Moura"],
    ),
    "PT": (
        ["Inês", "Duarte", "Beatriz", "Tomás", "Leonor", "Rui"],
        ["Magalhães", "Carvalho", "Figueiredo", "Pinto", "Sequeira", "Matos"],
    ),
    "FR": (
        ["Camille", "Théo", "Manon", "Baptiste", "Élodie", "Yanis"],
        ["Lefebvre", "Garnier", "Benali", "Rousseau", "Chevalier", "Fontaine"],
    ),
    "DE": (
        ["Jannik", "Anke", "Mareike", "Lukas", "Svenja", "Tobias"],
        ["Brandt", "Kowalczyk", "Hoffmann", "Siebert", "Wendland", "Kühn"],
    ),
    "IT": (
        ["Giulia", "Matteo", "Chiara", "Lorenzo", "Federica", "Davide"],
        ["Esposito", "Ferraro", "Colombo", "Marchetti", "Galli", "Rinaldi"],
    ),
    "NL": (
        ["Sanne", "Joris", "Fleur", "Bram", "Anouk", "Thijs"],
        ["de Vries", "Bakker", "Visser", "Jansen", "Mulder", "Smit"],
    ),
    "PL": (
        ["Agnieszka", "Krzysztof", "Zofia", "Mateusz", "Katarzyna", "Paweł"],
        ["Wiśniewska", "Nowak", "Zielińska", "Wójcik", "Kamińska", "Lewandowski"],
    ),
    "TR": (
        ["Elif", "Mehmet", "Zeynep", "Emre", "Ayşe", "Burak"],
        ["Yılmaz", "Demir", "Şahin", "Çelik", "Aydın", "Öztürk"],
    ),
    "RU": (
        ["Анна", "Дмитрий", "Екатерина", "Сергей", "Ольга", "Игорь"],
        ["Смирнова", "Кузнецов", "Попова", "Соколов", "Морозова", "Волков"],
    ),
    "UA": (
        ["Оксана", "Тарас", "Ірина", "Богдан", "Наталія", "Андрій"],
        ["Шевченко", "Коваленко", "Бондаренко", "Ткаченко", "Мельник", "Кравчук"],
    ),
    "SA": (
        ["نورة", "فهد", "ريم", "خالد", "سارة", "عبدالله"],
        ["القحطاني", "العتيبي", "الشهري", "الدوسري", "الغامدي", "الحربي"],
    ),
    "IL": (
        ["נועה", "איתי", "מיכל", "יונתן", "שירה", "עומר"],
        ["כהן", "לוי", "מזרחי", "פרץ", "ביטון", "אברהם"],
    ),
    "IR": (
        ["مریم", "علی", "زهرا", "رضا", "نازنین", "امیر"],
        ["محمدی", "حسینی", "رضایی", "کریمی", "احمدی", "جعفری"],
    ),
    "IN": (
        ["Priyanka", "Rohit", "Ananya", "Vikram", "Sneha", "Arjun"],
        ["Sharma", "Iyer", "Kulkarni", "Reddy", "Banerjee", "Malhotra"],
    ),
    "BD": (
        ["তানিয়া", "রাকিব", "নুসরাত", "সাকিব", "ফারহানা", "আরিফ"],
        ["রহমান", "হোসেন", "ইসলাম", "আহমেদ", "চৌধুরী", "খান"],
    ),
    "ID": (
        ["Siti", "Budi", "Dewi", "Agus", "Rina", "Fajar"],
        ["Rahmawati", "Santoso", "Wibowo", "Lestari", "Saputra", "Hidayat"],
    ),
    "VN": (
        ["Ngọc Anh", "Minh Tuấn", "Thu Hà", "Quang Huy", "Bích Ngọc", "Văn Long"],
        ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ"],
    ),
    "TH": (
        ["สมชาย", "กาญจนา", "ณัฐพล", "พิมพ์ชนก", "ธนากร", "สุดารัตน์"],
        ["ศรีสุข", "วงศ์ใหญ่", "แก้วมณี", "ทองดี", "บุญมา", "สายทอง"],
    ),
    "PH": (
        ["Maricel", "Jomar", "Kristine", "Rodel", "Angelica", "Paolo"],
        ["dela Cruz", "Bautista", "Villanueva", "Santos", "Reyes", "Mendoza"],
    ),
    "CN": (["伟", "芳", "秀英", "浩然", "婷婷", "建国"], ["王", "李", "张", "刘", "陈", "杨"]),
    "JP": (
        ["陽菜", "大翔", "美咲", "蓮", "さくら", "悠斗"],
        ["佐藤", "鈴木", "高橋", "田中", "渡辺", "伊藤"],
    ),
    "KR": (["민준", "서연", "지훈", "하은", "도윤", "수빈"], ["김", "이", "박", "최", "정", "강"]),
    "KE": (
        ["Wanjiru", "Otieno", "Akinyi", "Kamau", "Njeri", "Mwangi"],
        ["Mutua", "Odhiambo", "Kariuki", "Wambui", "Chebet", "Kiprono"],
    ),
    "GR": (
        ["Ελένη", "Γιώργος", "Κατερίνα", "Νίκος", "Μαρία", "Δημήτρης"],
        ["Παπαδοπούλου", "Ιωάννου", "Γεωργίου", "Οικονόμου", "Αλεξίου", "Νικολάου"],
    ),
    "CZ": (
        ["Tereza", "Jakub", "Veronika", "Ondřej", "Lucie", "Petr"],
        ["Nováková", "Svoboda", "Dvořáková", "Černý", "Procházková", "Kučera"],
    ),
    "RO": (
        ["Ioana", "Andrei", "Mihaela", "Bogdan", "Alexandra", "Cristian"],
        ["Popescu", "Ionescu", "Dumitrescu", "Stan", "Gheorghiu", "Munteanu"],
    ),
    "HU": (
        ["Eszter", "Bence", "Réka", "Gergő", "Anna", "Máté"],
        ["Nagy", "Kovács", "Tóth", "Szabó", "Horváth", "Varga"],
    ),
    "DK": (
        ["Freja", "Mads", "Ida", "Rasmus", "Sofie", "Frederik"],
        ["Nielsen", "Jørgensen", "Kristensen", "Madsen", "Christiansen", "Poulsen"],
    ),
    "SE": (
        ["Elsa", "Oskar", "Maja", "Viktor", "Linnea", "Axel"],
        ["Lindström", "Johansson", "Bergqvist", "Eriksson", "Nyberg", "Holm"],
    ),
}

LATIN = {
    "RU": [
        "anna.smirnova",
        "d.kuznetsov",
        "katya.popova",
        "sergey.sokolov",
        "olga.morozova",
        "igor.volkov",
    ],
    "UA": [
        "oksana.shevchenko",
        "taras.kovalenko",
        "iryna.bondarenko",
        "bohdan.tkachenko",
        "natalia.melnyk",
        "andriy.kravchuk",
    ],
    "SA": [
        "noura.alqahtani",
        "fahad.otaibi",
        "reem.shehri",
        "khalid.dosari",
        "sara.ghamdi",
        "abdullah.harbi",
    ],
    "IL": [
        "noa.cohen",
        "itay.levi",
        "michal.mizrahi",
        "yonatan.peretz",
        "shira.biton",
        "omer.avraham",
    ],
    "IR": [
        "maryam.mohammadi",
        "ali.hosseini",
        "zahra.rezaei",
        "reza.karimi",
        "nazanin.ahmadi",
        "amir.jafari",
    ],
    "BD": [
        "tania.rahman",
        "rakib.hossain",
        "nusrat.islam",
        "sakib.ahmed",
        "farhana.chowdhury",
        "arif.khan",
    ],
    "VN": [
        "ngocanh.nguyen",
        "minhtuan.tran",
        "thuha.le",
        "quanghuy.pham",
        "bichngoc.hoang",
        "vanlong.vu",
    ],
    "TH": ["somchai.s", "kanjana.w", "nattapon.k", "pimchanok.t", "thanakorn.b", "sudarat.s"],
    "CN": ["wangwei", "lifang", "zhangxiuying", "liuhaoran", "chentingting", "yangjianguo"],
    "JP": [
        "hina.sato",
        "hiroto.suzuki",
        "misaki.takahashi",
        "ren.tanaka",
        "sakura.watanabe",
        "yuto.ito",
    ],
    "KR": ["minjun.kim", "seoyeon.lee", "jihoon.park", "haeun.choi", "doyoon.jung", "subin.kang"],
    "GR": [
        "eleni.papadopoulou",
        "giorgos.ioannou",
        "katerina.georgiou",
        "nikos.oikonomou",
        "maria.alexiou",
        "dimitris.nikolaou",
    ],
}

DOMAINS = {
    "US": ["gmail.com", "yahoo.com", "outlook.com", "icloud.com", "comcast.net"],
    "GB": ["gmail.com", "btinternet.com", "outlook.com", "hotmail.co.uk", "sky.com"],
    "ES": ["gmail.com", "hotmail.es", "yahoo.es", "telefonica.net"],
    "BR": ["gmail.com", "hotmail.com", "uol.com.br", "bol.com.br", "terra.com.br"],
    "PT": ["gmail.com", "sapo.pt", "hotmail.com", "outlook.pt"],
    "FR": ["gmail.com", "orange.fr", "free.fr", "laposte.net", "sfr.fr"],
    "DE": ["gmx.de", "web.de", "t-online.de", "gmail.com", "posteo.de"],
    "IT": ["libero.it", "gmail.com", "virgilio.it", "alice.it", "tiscali.it"],
    "NL": ["gmail.com", "ziggo.nl", "kpnmail.nl", "hotmail.nl", "xs4all.nl"],
    "PL": ["wp.pl", "onet.pl", "gmail.com", "interia.pl", "o2.pl"],
    "TR": ["gmail.com", "hotmail.com", "yandex.com.tr", "outlook.com"],
    "RU": ["yandex.ru", "mail.ru", "gmail.com", "rambler.ru"],
    "UA": ["ukr.net", "gmail.com", "i.ua", "meta.ua"],
    "SA": ["gmail.com", "hotmail.com", "outlook.sa"],
    "IL": ["gmail.com", "walla.co.il", "012.net.il"],
    "IR": ["gmail.com", "yahoo.com", "chmail.ir"],
    "IN": ["gmail.com", "rediffmail.com", "yahoo.co.in", "outlook.com"],
    "BD": ["gmail.com", "yahoo.com"],
    "ID": ["gmail.com", "yahoo.co.id", "ymail.com"],
    "VN": ["gmail.com", "yahoo.com.vn"],
    "TH": ["gmail.com", "hotmail.com"],
    "PH": ["gmail.com", "yahoo.com.ph", "outlook.ph"],
    "CN": ["qq.com", "163.com", "126.com", "sina.com"],
    "JP": ["docomo.ne.jp", "gmail.com", "yahoo.co.jp", "ezweb.ne.jp"],
    "KR": ["naver.com", "daum.net", "gmail.com", "kakao.com"],
    "KE": ["gmail.com", "yahoo.com"],
    "GR": ["gmail.com", "otenet.gr", "yahoo.gr"],
    "CZ": ["seznam.cz", "email.cz", "gmail.com", "centrum.cz"],
    "RO": ["yahoo.com", "gmail.com", "yahoo.ro"],
    "HU": ["freemail.hu", "citromail.hu", "gmail.com"],
    "DK": ["gmail.com", "hotmail.dk", "mail.dk", "outlook.dk"],
    "SE": ["gmail.com", "telia.com", "hotmail.se", "outlook.com"],
}

PHONES = {k[3:].upper(): v for k, v in globals().items() if k.startswith("ph_")}


def person(cc: str) -> tuple[str, str, str]:
    """(display name, phone, email) for a country."""
    i = R.randrange(6)
    j = i if cc in LATIN else R.randrange(6)
    firsts, lasts = NAMES[cc]
    first, last = firsts[i], lasts[j]
    if cc in LATIN:
        local = LATIN[cc][i] + R.choice(["", rd(2), str(R.randint(1975, 2004))])
        em = f"{local}@{R.choice(DOMAINS[cc])}"
    else:
        em = mail(first, last, DOMAINS[cc])
    if cc in {"CN", "JP", "KR"}:
        name = last + first
    elif cc == "HU":
        name = f"{last} {first}"
    else:
        name = f"{first} {last}"
    return name, PHONES[cc](), em


def addr(cc: str) -> str:
    n = num()
    a = {
        "US": lambda: (
            f"{R.randint(12, 9870)} {R.choice(['Maple', 'Cedar Ridge', 'Linden', 'Hawthorne', 'Willow Creek', 'Garfield'])} {R.choice(['St', 'Ave', 'Dr', 'Ln'])}{R.choice([', Apt 3B', ', Unit 12', ', Apt 207', ''])}, {R.choice(['Columbus, OH 43215', 'Austin, TX 78704', 'Portland, OR 97214', 'Durham, NC 27701', 'Naperville, IL 60540'])}"
        ),
        "GB": lambda: (
            f"{n} {R.choice(['Ashgrove', 'Brudenell', 'Kingsley', 'Mornington', 'Heathfield'])} {R.choice(['Road', 'Avenue', 'Close', 'Terrace'])}, {R.choice(['Leeds LS6 1', 'Bristol BS7 8', 'Cardiff CF24 4', 'Glasgow G12 9', 'Norwich NR2 3'])}{R.choice('ABDEFGHJ')}{R.choice('LNPQRSTUWXYZ')}"
        ),
        "ES": lambda: (
            f"Calle {R.choice(['de la Amargura', 'Almendro', 'Pez', 'San Vicente Ferrer', 'Sagasta'])} {n}, {R.randint(1, 7)}º {R.choice('ABCD')}, {R.choice(['28004 Madrid', '46001 Valencia', '41003 Sevilla', '50001 Zaragoza', '08012 Barcelona'])}"
        ),
        "BR": lambda: (
            f"Rua {R.choice(['das Palmeiras', 'Tiradentes', 'Padre Anchieta', 'Domingos de Morais', 'Cel. Oscar Porto'])}, {n * 7}, apto {R.randint(11, 184)}, {R.choice(['Vila Mariana, São Paulo - SP, 04101-', 'Savassi, Belo Horizonte - MG, 30140-', 'Boa Viagem, Recife - PE, 51020-', 'Moinhos de Vento, Porto Alegre - RS, 90570-'])}{rd(3)}"
        ),
        "PT": lambda: (
            f"Rua {R.choice(['da Alegria', 'do Almada', 'Costa Cabral', 'de Cedofeita', 'Morais Soares'])} {n}, {R.randint(1, 6)}º {R.choice(['Esq', 'Dto', 'Frt'])}, {R.choice(['4000-', '4050-', '1900-', '1170-'])}{rd(3)} {R.choice(['Porto', 'Lisboa'])}"
        ),
        "FR": lambda: (
            f"{n} {R.choice(['rue des Lilas', 'avenue Jean Jaurès', 'rue du Moulin', 'impasse des Tilleuls', 'boulevard de la Croix-Rousse'])}, {R.choice(['69004 Lyon', '31500 Toulouse', '44000 Nantes', '59800 Lille', '33800 Bordeaux'])}"
        ),
        "DE": lambda: (
            f"{R.choice(['Lindenstraße', 'Am Mühlbach', 'Gartenweg', 'Schillerstraße', 'Birkenallee'])} {n}{R.choice(['', 'a', 'b'])}, {R.choice(['10965 Berlin', '50823 Köln', '04109 Leipzig', '79098 Freiburg', '28199 Bremen'])}"
        ),
        "IT": lambda: (
            f"Via {R.choice(['Garibaldi', 'dei Mille', 'San Donato', 'Roma', 'della Libertà'])} {n}, {R.choice(['40126 Bologna', '10138 Torino', '80135 Napoli', '90133 Palermo', '50122 Firenze'])}"
        ),
        "NL": lambda: (
            f"{R.choice(['Kerkstraat', 'Vondelstraat', 'Lijnbaansgracht', 'Nieuwe Binnenweg', 'Oudegracht'])} {n}-{R.randint(1, 3)}, {R.randint(1011, 3584)} {R.choice(UP)}{R.choice(UP)} {R.choice(['Amsterdam', 'Utrecht', 'Rotterdam', 'Haarlem'])}"
        ),
        "PL": lambda: (
            f"ul. {R.choice(['Lipowa', 'Kościuszki', 'Ogrodowa', 'Słowackiego', 'Długa'])} {n}/{R.randint(1, 40)}, {R.choice(['31-052 Kraków', '00-512 Warszawa', '80-831 Gdańsk', '50-101 Wrocław', '61-758 Poznań'])}"
        ),
        "TR": lambda: (
            f"{R.choice(['Bağdat Cad.', 'Atatürk Bulvarı', 'Gül Sok.', 'Cumhuriyet Cad.'])} No: {n} D: {R.randint(1, 18)}, {R.choice(['Kadıköy 34710 İstanbul', 'Çankaya 06690 Ankara', 'Karşıyaka 35530 İzmir', 'Nilüfer 16110 Bursa'])}"
        ),
        "RU": lambda: (
            f"ул. {R.choice(['Ленина', 'Садовая', 'Гагарина', 'Мира', 'Пушкина'])}, д. {n}, кв. {R.randint(1, 240)}, {R.choice(['Екатеринбург, 620014', 'Казань, 420111', 'Новосибирск, 630099', 'Самара, 443010'])}"
        ),
        "UA": lambda: (
            f"вул. {R.choice(['Шевченка', 'Франка', 'Січових Стрільців', 'Грушевського'])}, {n}, кв. {R.randint(1, 160)}, {R.choice(['Львів, 79005', 'Київ, 01034', 'Одеса, 65012', 'Харків, 61002'])}"
        ),
        "SA": lambda: (
            f"حي {R.choice(['النخيل', 'الملقا', 'الروضة', 'السلامة'])}، شارع {R.choice(['الأمير سلطان', 'التحلية', 'العليا'])}، مبنى {R.randint(1000, 9999)}، {R.choice(['الرياض 12384', 'جدة 23525', 'الدمام 32241'])}"
        ),
        "IL": lambda: (
            f"רחוב {R.choice(['הרצל', 'ביאליק', 'ויצמן', 'הנביאים', 'סוקולוב'])} {n} דירה {R.randint(1, 30)}, {R.choice(['חיפה', 'תל אביב', 'רמת גן', 'באר שבע'])}"
        ),
        "IR": lambda: (
            f"تهران، خیابان {R.choice(['ولیعصر', 'شریعتی', 'پاسداران', 'ستارخان'])}، کوچه {R.choice(['نسترن', 'یاس', 'لاله'])}، پلاک {n}، واحد {R.randint(1, 20)}"
        ),
        "IN": lambda: (
            f"Flat {R.randint(101, 1204)}, {R.choice(['Shanti Apartments', 'Green Park Residency', 'Sai Krupa Towers'])}, {R.randint(4, 18)}th Cross, {R.choice(['Indiranagar, Bengaluru 560038', 'Kothrud, Pune 411038', 'Andheri West, Mumbai 400053', 'Salt Lake, Kolkata 700091'])}"
        ),
        "BD": lambda: (
            f"বাড়ি {R.randint(1, 90)}, রোড {R.randint(1, 27)}, {R.choice(['ধানমন্ডি, ঢাকা ১২০৫', 'মিরপুর ১০, ঢাকা ১২১৬', 'উত্তরা সেক্টর ৭, ঢাকা ১২৩০'])}"
        ),
        "ID": lambda: (
            f"Jl. {R.choice(['Melati', 'Kenanga', 'Cempaka Putih', 'Flamboyan'])} No. {n}, RT {R.randint(1, 12):03d}/RW {R.randint(1, 9):03d}, {R.choice(['Kebayoran Baru, Jakarta Selatan 12130', 'Coblong, Bandung 40132', 'Tegalsari, Surabaya 60262'])}"
        ),
        "VN": lambda: (
            f"Số {n} ngõ {R.randint(2, 200)} {R.choice(['Phố Huế, Hai Bà Trưng, Hà Nội', 'Nguyễn Trãi, Thanh Xuân, Hà Nội', 'Lê Văn Sỹ, Quận 3, TP.HCM'])}"
        ),
        "TH": lambda: (
            f"{R.randint(10, 299)}/{R.randint(1, 80)} ซอยสุขุมวิท {R.randint(11, 101)} แขวง{R.choice(['คลองเตยเหนือ เขตวัฒนา', 'พระโขนงเหนือ เขตวัฒนา', 'บางจาก เขตพระโขนง'])} กรุงเทพฯ {R.choice(['10110', '10260'])}"
        ),
        "PH": lambda: (
            f"Blk {R.randint(1, 40)} Lot {R.randint(1, 60)}, {R.choice(['Sampaguita St.', 'Ilang-Ilang St.', 'Mabini St.'])}, Brgy. {R.choice(['San Isidro', 'Malanday', 'Pinagbuhatan'])}, {R.choice(['Quezon City 1100', 'Pasig City 1602', 'Marikina 1805'])}"
        ),
        "CN": lambda: (
            f"{R.choice(['上海市浦东新区张杨路', '北京市朝阳区望京西路', '广州市天河区天河北路', '成都市武侯区人民南路'])}{R.randint(10, 2000)}弄{R.randint(1, 40)}号{R.randint(1, 30)}0{R.randint(1, 6)}室"
        ),
        "JP": lambda: (
            f"{R.choice(['東京都世田谷区三軒茶屋', '大阪府大阪市北区天神橋', '神奈川県横浜市港北区日吉', '福岡県福岡市中央区薬院'])}{R.randint(1, 5)}-{R.randint(1, 30)}-{R.randint(1, 20)}-{R.randint(1, 9)}0{R.randint(1, 9)}"
        ),
        "KR": lambda: (
            f"{R.choice(['서울특별시 마포구 월드컵로', '서울특별시 송파구 올림픽로', '부산광역시 해운대구 센텀중앙로', '경기도 성남시 분당구 정자일로'])} {n}, {R.randint(101, 115)}동 {R.randint(1, 25)}0{R.randint(1, 6)}호"
        ),
        "KE": lambda: (
            f"House {n}, {R.choice(['Kindaruma Road, Kilimani', 'Gitanga Road, Lavington', 'Ngong Road, Karen', 'Riverside Drive, Westlands'])}, Nairobi"
        ),
        "GR": lambda: (
            f"{R.choice(['Οδός Αγίου Δημητρίου', 'Οδός Καλλιδρομίου', 'Οδός Τσιμισκή', 'Οδός Πατησίων'])} {n}, {R.choice(['11473 Αθήνα', '54624 Θεσσαλονίκη', '26221 Πάτρα'])}"
        ),
        "CZ": lambda: (
            f"{R.choice(['Vinohradská', 'Korunní', 'Masarykova', 'Údolní', 'Husova'])} {R.randint(100, 2900)}/{n}, {R.choice(['130 00 Praha 3', '602 00 Brno', '779 00 Olomouc'])}"
        ),
        "RO": lambda: (
            f"Str. {R.choice(['Florilor', 'Mihai Eminescu', 'Avram Iancu', 'Zorilor'])} nr. {n}, bl. {R.choice('ABCDM')}{R.randint(1, 9)}, ap. {R.randint(1, 60)}, {R.choice(['Cluj-Napoca 400275', 'Iași 700259', 'Timișoara 300077', 'București 030167'])}"
        ),
        "HU": lambda: (
            f"{R.choice(['Budapest, Petőfi Sándor u.', 'Debrecen, Piac u.', 'Szeged, Kossuth Lajos sgt.', 'Pécs, Rákóczi út'])} {n}. {R.randint(1, 5)}/{R.randint(1, 12)}, {R.choice(['1052', '4025', '6722', '7621'])}"
        ),
        "DK": lambda: (
            f"{R.choice(['Nørregade', 'Jægersborggade', 'Vesterbrogade', 'Åboulevarden'])} {n}, {R.randint(1, 5)}. {R.choice(['th.', 'tv.', 'mf.'])}, {R.choice(['8000 Aarhus C', '2200 København N', '5000 Odense C'])}"
        ),
        "SE": lambda: (
            f"{R.choice(['Storgatan', 'Kungsgatan', 'Västra Hamngatan', 'Ringvägen'])} {n}{R.choice(['', 'A', 'B'])}, {R.choice(['753 31 Uppsala', '411 17 Göteborg', '118 46 Stockholm', '211 43 Malmö'])}"
        ),
    }[cc]()
    return " ".join(a.split())


def dob_str(cc: str) -> str:
    y, m, d = date_parts(1948, 2009)
    if cc in {"US"}:
        return f"{m:02d}/{d:02d}/{y}"
    if cc in {"CN", "JP", "KR", "HU", "SE", "IR"}:
        return f"{y}-{m:02d}-{d:02d}"
    if cc in {"DE", "RU", "UA", "PL", "CZ", "DK", "RO"}:
        return f"{d:02d}.{m:02d}.{y}"
    return f"{d:02d}/{m:02d}/{y}"


# ------------------------------------------------------------- pii: per country

FIELDS = ("id", "phone", "email", "addr", "dob")

PROFILES = [
    (
        "US",
        "national_id",
        us_ssn,
        "School enrollment form for my son, can you check it's complete? Parent: {name}, SSN {id}, cell {phone}.",
        "Draft a friendly reminder to my tenant {name} that rent is due Friday. Her number is {phone} and email {email}.",
        "Make a shipping label for my Etsy order: {name}, {addr}.",
    ),
    (
        "GB",
        "national_id",
        uk_nino,
        "Payroll for the bakery's new Saturday girl: {name}, NI number {id}, starts next week.",
        "Please write to my plumber's customer — {name}, mob {phone}, {email} — confirming Tuesday 8am.",
        "Quote for boiler service at {addr} for {name}, £95 + parts.",
    ),
    (
        "ES",
        "national_id",
        es_dni,
        "Hola, ¿me ayudas a rellenar la ficha de socio del club? Nombre: {name}, DNI {id}, fecha de nacimiento {dob}.",
        "Escribe un mensaje para la clienta {name} ({phone}, {email}) diciendo que su tarta está lista.",
        "El inquilino nuevo del 2º es {name}, vive en {addr}. Redacta el contrato de alquiler.",
    ),
    (
        "BR",
        "national_id",
        br_cpf,
        "Preciso emitir a nota fiscal para {name}, CPF {id}. Pode montar o texto?",
        "Oi! Manda pra {name} no zap {phone} que a encomenda saiu hoje. Email dela: {email}",
        "Etiqueta dos Correios: {name} — {addr}",
    ),
    (
        "PT",
        "tax_id",
        pt_nif,
        "Fatura para {name}, NIF {id}, serviço de pastelaria para o batizado.",
        "Lembra a {name} da consulta de amanhã às 10h: {phone} / {email}",
        "A morada da minha mãe para o formulário da escola é {addr}.",
    ),
    (
        "FR",
        "national_id",
        fr_nir,
        "Pour la mutuelle de la nounou : {name}, n° de sécurité sociale {id}, née le {dob}.",
        "Peux-tu répondre à {name} ({phone}, {email}) que le devis pour la cuisine est prêt ?",
        "Livraison du gâteau chez {name}, {addr}, samedi 14h.",
    ),
    (
        "DE",
        "tax_id",
        de_steuer_id,
        "Für die Lohnabrechnung unserer Aushilfe {name}: Steuer-ID {id}, geboren {dob}.",
        "Schreib bitte eine kurze Antwort an {name}, Tel. {phone}, Mail {email}: der Termin beim Elektriker passt.",
        "Mieterliste aktualisieren: {name}, {addr}, Einzug 01.03.",
    ),
    (
        "IT",
        "tax_id",
        None,
        "Mi compili la ricevuta per {name}, codice fiscale {id}? Lezioni di pianoforte di marzo.",
        "Scrivi a {name} ({phone}, {email}) che il preventivo per il bagno è pronto.",
        "Spedizione eBay per {name}: {addr}.",
    ),
    (
        "NL",
        "national_id",
        nl_bsn,
        "Voor de kinderopvangtoeslag: ouder {name}, BSN {id}, geboortedatum {dob}.",
        "Kun je een appje opstellen voor {name} ({phone}, {email}) dat de fietsen klaar zijn?",
        "Nieuwe huurder: {name}, {addr}. Maak een welkomstbrief.",
    ),
    (
        "PL",
        "national_id",
        pl_pesel,
        "Zgłoszenie dziecka na obóz: opiekun {name}, PESEL {id}.",
        "Napisz SMS do klientki {name} ({phone}, {email}), że tort będzie na sobotę.",
        "Adres do faktury za remont łazienki: {name}, {addr}.",
    ),
    (
        "TR",
        "national_id",
        tr_tckn,
        "Kiracı sözleşmesi için: {name}, TC Kimlik No {id}, doğum tarihi {dob}.",
        "Müşterimiz {name} ({phone}, {email}) için sipariş onay mesajı yazar mısın?",
        "Kargo adresi: {name}, {addr}.",
    ),
    (
        "RU",
        "tax_id",
        ru_inn,
        "Помоги составить счёт для самозанятой {name}, ИНН {id}.",
        "Напиши {name} ({phone}, {email}), что маникюр переносится на четверг.",
        "Адрес доставки торта: {name}, {addr}.",
    ),
    (
        "UA",
        "tax_id",
        ua_rnokpp,
        "Заява до школи: батько {name}, РНОКПП {id}, дата народження {dob}.",
        "Відповідай {name} ({phone}, {email}), що замовлення на Prom відправлено.",
        "Адреса для Нової пошти (кур'єр): {name}, {addr}.",
    ),
    (
        "SA",
        "national_id",
        sa_id,
        "أحتاج نموذج تسجيل الطالب: ولي الأمر {name}، رقم الهوية الوطنية {id}.",
        "اكتب رسالة إلى العميلة {name} على الرقم {phone} أو البريد {email} بأن الطلب جاهز.",
        "عنوان التوصيل: {name}، {addr}.",
    ),
    (
        "IL",
        "national_id",
        il_tz,
        "טופס רישום לחוג: הורה {name}, תעודת זהות {id}, תאריך לידה {dob}.",
        "תכתוב הודעה ל{name} בטלפון {phone} או במייל {email} שההזמנה מוכנה.",
        "כתובת למשלוח: {name}, {addr}.",
    ),
    (
        "IR",
        "national_id",
        ir_code,
        "برای فرم ثبت‌نام مدرسه: {name}، کد ملی {id}، تاریخ تولد {dob}.",
        "به {name} پیام بده که سفارش کیک آماده است. شماره {phone}، ایمیل {email}.",
        "آدرس مستأجر جدید: {name}، {addr}.",
    ),
    (
        "IN",
        "national_id",
        in_aadhaar,
        "KYC for the tiffin service: {name}, Aadhaar {id}, DOB {dob}.",
        "Send a WhatsApp to {name} at {phone} (email {email}) that the blouse stitching is done.",
        "Courier address for the saree order: {name}, {addr}.",
    ),
    (
        "BD",
        "national_id",
        bd_nid,
        "স্কুলের ফর্মের জন্য: অভিভাবক {name}, জাতীয় পরিচয়পত্র নম্বর {id}।",
        "{name}-কে মেসেজ লিখে দাও যে অর্ডার রেডি। ফোন {phone}, ইমেইল {email}।",
        "ডেলিভারি ঠিকানা: {name}, {addr}।",
    ),
    (
        "ID",
        "national_id",
        id_nik,
        "Tolong isi formulir pendaftaran arisan: {name}, NIK {id}, tgl lahir {dob}.",
        "Buatkan pesan WA untuk {name} ({phone}, {email}) bahwa pesanan kue sudah siap.",
        "Alamat pengiriman Tokopedia: {name}, {addr}.",
    ),
    (
        "VN",
        "national_id",
        vn_cccd,
        "Điền giúp mẫu đăng ký tạm trú: {name}, số CCCD {id}, ngày sinh {dob}.",
        "Nhắn cho chị {name} ({phone}, {email}) là bánh đã giao xong.",
        "Địa chỉ giao hàng Shopee: {name}, {addr}.",
    ),
    (
        "TH",
        "national_id",
        th_id,
        "ช่วยกรอกใบสมัครสมาชิกฟิตเนส: {name} เลขบัตรประชาชน {id} วันเกิด {dob}",
        "ส่งข้อความหา {name} เบอร์ {phone} อีเมล {email} ว่าของพร้อมส่งแล้ว",
        "ที่อยู่จัดส่ง: {name} {addr}",
    ),
    (
        "PH",
        "tax_id",
        ph_tin,
        "Pa-help gumawa ng invoice para kay {name}, TIN {id}, for the catering.",
        "Paki-text si {name} sa {phone} o email {email} na ready na yung order niya.",
        "Shipping address ng buyer sa Lazada: {name}, {addr}.",
    ),
    (
        "CN",
        "national_id",
        cn_id,
        "帮我填一下房屋租赁登记表：租客{name}，身份证号{id}。",
        "给客户{name}发个消息，说蛋糕做好了。电话{phone}，邮箱{email}。",
        "快递地址：{name}，{addr}。",
    ),
    (
        "JP",
        "national_id",
        jp_mynumber,
        "パート従業員の書類です。氏名{name}、マイナンバー{id}、生年月日{dob}。",
        "{name}様（{phone}、{email}）に予約確認のメールを書いてください。",
        "配送先：{name}様 {addr}",
    ),
    (
        "KR",
        "national_id",
        kr_rrn,
        "학원 등록서 좀 작성해줘. 학부모 {name}, 주민등록번호 {id}.",
        "{name} 고객님({phone}, {email})께 주문 확인 문자 써줘.",
        "택배 주소: {name}, {addr}",
    ),
    (
        "KE",
        "tax_id",
        ke_kra,
        "Please prepare an invoice for {name}, KRA PIN {id}, for the catering at the chama meeting.",
        "Andika ujumbe kwa {name} ({phone}, {email}) kwamba keki iko tayari.",
        "Delivery kwa {name}, {addr}, Jumamosi asubuhi.",
    ),
    (
        "GR",
        "health_id",
        gr_amka,
        "Για το ραντεβού στο ιατρείο: {name}, ΑΜΚΑ {id}, ημ. γέννησης {dob}.",
        "Γράψε μήνυμα στην {name} ({phone}, {email}) ότι η παραγγελία είναι έτοιμη.",
        "Διεύθυνση αποστολής: {name}, {addr}.",
    ),
    (
        "CZ",
        "national_id",
        cz_rc,
        "Přihláška do kroužku: zákonný zástupce {name}, rodné číslo {id}.",
        "Napiš zákaznici {name} ({phone}, {email}), že dort je hotový.",
        "Adresa pro Zásilkovnu na doručení domů: {name}, {addr}.",
    ),
    (
        "RO",
        "national_id",
        ro_cnp,
        "Completează fișa pentru grădiniță: părinte {name}, CNP {id}.",
        "Scrie-i doamnei {name} ({phone}, {email}) că rochia e gata.",
        "Adresa de livrare pentru comanda eMAG: {name}, {addr}.",
    ),
    (
        "HU",
        "health_id",
        hu_taj,
        "Az orvosi rendelőbe: {name}, TAJ-szám {id}, született {dob}.",
        "Írj üzenetet {name} ügyfélnek ({phone}, {email}), hogy kész a torta.",
        "Szállítási cím: {name}, {addr}.",
    ),
    (
        "DK",
        "national_id",
        dk_cpr,
        "Tilmelding til fodboldklubben: forælder {name}, CPR-nr. {id}.",
        "Skriv til {name} ({phone}, {email}) at cyklen er klar til afhentning.",
        "Leveringsadresse: {name}, {addr}.",
    ),
    (
        "SE",
        "national_id",
        se_pnr,
        "Anmälan till förskolan: vårdnadshavare {name}, personnummer {id}.",
        "Skriv ett sms till {name} ({phone}, {email}) om att tårtan är klar.",
        "Fraktadress för Tradera-köpet: {name}, {addr}.",
    ),
]


def fill(cc: str, tmpl: str, id_fn) -> tuple[str, list[str]]:
    name, phone, email = person(cc)
    if id_fn is None:
        first, last = name.split(" ", 1)
        ident = it_cf(first, last, R.random() < 0.5)
    else:
        ident = id_fn()
    vals = {
        "name": name,
        "id": ident,
        "phone": phone,
        "email": email,
        "addr": addr(cc),
        "dob": dob_str(cc),
    }
    text = tmpl.format(**vals)
    return text, [vals[f] for f in FIELDS if "{" + f + "}" in tmpl]


for pi, (cc, idk, idf, t_id, t_contact, t_addr) in enumerate(PROFILES):
    t, s = fill(cc, t_id, idf)
    P(idk, f"form_{cc.lower()}", t, *s)
    t, s = fill(cc, t_contact, idf)
    P("phone", f"message_{cc.lower()}", t, *s)
    if pi % 3:
        continue
    t, s = fill(cc, t_addr, idf)
    P("street_address", f"shipping_{cc.lower()}", t, *s)

# --------------------------------------------------------- pii: mixed formats

# landlord tenant list as CSV
rows = ["unit,name,phone,email,monthly_rent"]
sec = []
for u in ["1A", "1B", "2A", "2B", "3"]:
    name, phone, email = person("US")
    rows.append(f"{u},{name},{phone},{email},{R.randint(11, 19) * 100}")
    sec += [phone, email]
P(
    "contact_list",
    "tenant_csv",
    "Here's my tenant sheet, can you write each of them a rent-increase notice?\n"
    + "\n".join(rows),
    *sec,
)

rows = ["Wohnung\tName\tTelefon\tIBAN"]
sec = []
for u in ["EG links", "EG rechts", "1. OG", "DG"]:
    name, phone, _ = person("DE")
    ib = mk_iban("DE")
    rows.append(f"{u}\t{name}\t{phone}\t{ib}")
    sec += [phone, ib]
P(
    "contact_list",
    "tenant_tsv",
    "Mieterliste für die Nebenkostenabrechnung (aus Excel kopiert):\n" + "\n".join(rows),
    *sec,
)

# club membership list
rows = ["Nº sócio;Nome;Telemóvel;Data nasc."]
sec = []
for _ in range(4):
    name, phone, _ = person("PT")
    d = dob_str("PT")
    mn = f"SC-{rd(5)}"
    rows.append(f"{mn};{name};{phone};{d}")
    sec += [mn, phone, d]
P(
    "member_list",
    "club_csv",
    "Lista de sócios do clube de ciclismo, preciso de um email de boas-vindas para cada:\n"
    + "\n".join(rows),
    *sec,
)

rows = ["Lidnr,Naam,Geboortedatum,Mobiel,E-mail"]
sec = []
for _ in range(4):
    name, phone, email = person("NL")
    mn = rdn(7)
    d = dob_str("NL")
    rows.append(f"{mn},{name},{d},{phone},{email}")
    sec += [mn, d, phone, email]
P(
    "member_list",
    "club_csv",
    "Ledenlijst van de hockeyclub, graag sorteren op leeftijd:\n" + "\n".join(rows),
    *sec,
)

# whatsapp group exports
for cc, _grp, msgs in [
    (
        "BR",
        "Vizinhos Bloco C",
        [
            "gente, alguém tem o contato do eletricista?",
            "tenho sim: {phone}",
            "meu pix é o CPF {id} pra quem vai rachar a pizza",
            "valeu!",
        ],
    ),
    (
        "ES",
        "Madres 3ºB",
        [
            "¿Quién lleva la lista de la excursión?",
            "Yo. Pasadme DNI del adulto acompañante",
            "El mío: {id}",
            "Mi móvil por si acaso {phone}",
        ],
    ),
    (
        "IN",
        "Society Committee",
        [
            "Maintenance due by 10th please",
            "Sending via UPI, my number {phone}",
            "For the parking sticker form my Aadhaar is {id}",
            "noted",
        ],
    ),
    (
        "ID",
        "Arisan RT 04",
        [
            "Ibu-ibu, arisan bulan ini di rumah saya",
            "Alamat saya {addr}",
            "Transfer ke rekening BCA saya ya, WA {phone}",
            "siap bu",
        ],
    ),
    (
        "TR",
        "Apartman Yönetimi",
        [
            "Aidat ödemeleri için IBAN lazım",
            "Yönetici IBAN: {iban}",
            "Benim telefon değişti: {phone}",
            "tamam kaydettim",
        ],
    ),
    (
        "PL",
        "Rodzice 2a",
        [
            "Kto zbiera na prezent dla pani?",
            "Ja, przelew na konto {iban}",
            "albo BLIK na {phone}",
            "dzięki",
        ],
    ),
]:
    name, phone, _ = person(cc)
    name2, _, _ = person(cc)
    vals = {
        "phone": phone,
        "addr": addr(cc),
        "iban": mk_iban(cc, True) if cc in IBAN_SHAPES else "",
        "id": {"BR": br_cpf, "ES": es_dni, "IN": in_aadhaar}.get(cc, lambda: "")(),
    }
    lines = []
    sec = []
    for k, m in enumerate(msgs):
        who = name if k % 2 else name2
        ts = f"{R.randint(1, 28):02d}/{R.randint(1, 12):02d}/2024, {R.randint(7, 22):02d}:{R.randint(0, 59):02d}"
        for f, v in vals.items():
            if "{" + f + "}" in m:
                sec.append(v)
        lines.append(f"{ts} - {who}: {m.format(**vals)}")
    P(
        "chat_export",
        f"whatsapp_{cc.lower()}",
        "Resuma esse grupo pra mim:\n" + "\n".join(lines)
        if cc == "BR"
        else "Summarise this group chat export:\n" + "\n".join(lines),
        *sec,
    )

# e-mail threads with signatures (baker/supplier, freelancer invoices)
for cc, body, sig in [
    (
        "GB",
        "Hi Tom,\n\nPlease find attached the invoice for the 40 sourdough loaves. Payment to the account below, 30 days.\n",
        "Kind regards,\n{name}\nRising Crust Bakery (sole trader)\nMob: {phone}\nAccount: sort code {sort} acc {acc}\n",
    ),
    (
        "DE",
        "Hallo Frau Krüger,\n\nanbei die Rechnung für das Logo-Design. Bitte überweisen Sie auf mein Konto.\n",
        "Viele Grüße\n{name}\nFreie Grafikerin\nUSt-IdNr.: {vat}\nIBAN: {iban}\nTel. {phone}\n",
    ),
    (
        "FR",
        "Bonjour,\n\nVoici ma facture pour les cours de yoga du mois d'avril.\n",
        "Cordialement,\n{name}\nAuto-entrepreneuse — TVA intracom. {vat}\nIBAN {iban}\n{phone}\n",
    ),
    (
        "IT",
        "Buongiorno,\n\nin allegato la fattura per le traduzioni consegnate.\n",
        "Cordiali saluti\n{name}\nP.IVA {vat}\nIBAN {iban}\nCell. {phone}\n",
    ),
    (
        "ES",
        "Hola Marta,\n\nTe reenvío la factura de las fotos de la boda.\n",
        "Un abrazo,\n{name}\nFotógrafa autónoma · NIF {vat}\nIBAN {iban}\n{email}\n",
    ),
    (
        "NL",
        "Beste Joost,\n\nHierbij de factuur voor het schilderwerk aan de kozijnen.\n",
        "Met vriendelijke groet,\n{name}\nZZP schilder · btw-id {vat}\nIBAN {iban}\n{phone}\n",
    ),
    (
        "PL",
        "Dzień dobry,\n\nw załączniku faktura za tort weselny.\n",
        "Pozdrawiam,\n{name}\nCukiernia domowa, NIP {vat}\nnr konta {iban}\ntel. {phone}\n",
    ),
    (
        "BE",
        "Dag Sofie,\n\nHierbij mijn factuur voor de website.\n",
        "Groeten,\n{name}\nFreelance webdesigner — BTW {vat}\nIBAN {iban}\n",
    ),
    (
        "DK",
        "Hej Mette,\n\nHer er fakturaen for rengøringen i marts.\n",
        "Venlig hilsen\n{name}\nCVR/moms {vat}\nKonto IBAN {iban}\n{phone}\n",
    ),
]:
    c2 = cc if cc in NAMES else "NL"
    name, phone, email = person(c2)
    vat = {
        "DE": de_vat,
        "FR": fr_vat,
        "IT": lambda: "IT" + it_piva(),
        "ES": es_vat,
        "NL": nl_vat,
        "PL": pl_nip,
        "BE": be_vat,
        "DK": dk_vat,
    }.get(cc, lambda: "")()
    vals = {
        "name": name,
        "phone": phone,
        "email": email,
        "vat": vat,
        "iban": mk_iban(cc, R.random() < 0.5),
        "sort": f"{rd(2)}-{rd(2)}-{rd(2)}",
        "acc": rd(8),
    }
    sec = [vals[f] for f in ("vat", "iban", "acc", "phone", "email") if "{" + f + "}" in sig]
    kind = "vat_number" if vat else "bank_account"
    P(
        kind,
        f"email_signature_{cc.lower()}",
        "Can you make this e-mail sound more professional?\n\n" + body + "\n" + sig.format(**vals),
        *sec,
    )

# baker drafting supplier mail with bank details
for cc, lang_t in [
    (
        "GB",
        "Write an e-mail to the flour mill asking them to set up direct debit from my business account: {name}, IBAN {iban}, and send invoices to {email}.",
    ),
    (
        "PT",
        "Escreve um email ao fornecedor de manteiga a pedir para mudar o débito direto para o meu IBAN {iban}. Contacto: {phone}.",
    ),
    (
        "ES",
        "Redacta un correo al proveedor de harina: que me cobren en el IBAN {iban} a nombre de {name}, teléfono {phone}.",
    ),
    (
        "IT",
        "Scrivi al fornitore di farina che il nuovo IBAN per i rimborsi è {iban} intestato a {name}.",
    ),
    (
        "RO",
        "Scrie un email furnizorului de ouă cu contul meu pentru retur: {iban}, titular {name}, tel. {phone}.",
    ),
    (
        "HU",
        "Írj e-mailt a lisztszállítónak, hogy erre a számlára utaljon vissza: {iban}, {name}, adóazonosító jel {tax}.",
    ),
    ("GR", "Γράψε email στον προμηθευτή ότι ο λογαριασμός μου είναι {iban}, ΑΦΜ {tax}, {name}."),
    ("SA", "اكتب رسالة للمورد بأن يحول المبلغ إلى حسابي {iban} باسم {name}، جوال {phone}."),
    (
        "AE",
        "Draft a note to the packaging supplier: refund to my account {iban}, Emirates ID {eid}, contact {phone}.",
    ),
    ("IL", "כתוב מייל לספק הקמח: להעביר החזר לחשבון {iban} על שם {name}, טלפון {phone}."),
]:
    c2 = {"AE": "SA", "AT": "DE"}.get(cc, cc)
    name, phone, email = person(c2)
    if cc == "AE":
        phone = f"+971 5{R.choice('0258')} {rd(3)} {rd(4)}"
    vals = {
        "name": name,
        "phone": phone,
        "email": email,
        "iban": mk_iban(cc, R.random() < 0.4),
        "tax": hu_adoazon() if cc == "HU" else gr_afm(),
        "eid": ae_eid(),
    }
    sec = [vals[f] for f in ("iban", "tax", "eid", "phone", "email") if "{" + f + "}" in lang_t]
    P("iban", f"supplier_email_{cc.lower()}", lang_t.format(**vals), *sec)

# cards
for brand, tmpl in [
    (
        "visa",
        "Our card for the Square hardware order is {card}, exp {exp}, CVC {cvc} — can you fill the form?",
    ),
    ("mc", "Mamá, para la matrícula usa mi tarjeta {card} cad. {exp}"),
    ("amex", "Book the hotel with the business Amex {card} expiry {exp}, CID {cvc4}"),
    ("visa", "karta do zamówienia mąki: {card} ważna do {exp}"),
    ("mc", "voice memo: card number {spoken} expiry {exp}"),
    ("visa", "OCR scan of the form:\nCard No : {ocr}\nExp : {exp}"),
    ("other", "Kartennummer für die Vereinskasse: {card}, gültig bis {exp}"),
    ("mc", "Cartão para pagar o fornecedor: {card} validade {exp} cvv {cvc}"),
]:
    c = card(brand)
    words = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
    vals = {
        "card": group(c) if R.random() < 0.6 else c,
        "exp": f"{R.randint(1, 12):02d}/{R.randint(26, 30)}",
        "cvc": rd(3),
        "cvc4": rd(4),
        "spoken": " ".join(words[int(x)] for x in c),
        "ocr": group(c).replace("1", "l", 1).replace("0", "O", 1),
    }
    key = "spoken" if "{spoken}" in tmpl else "ocr" if "{ocr}" in tmpl else "card"
    P("card_number", "payment_card", tmpl.format(**vals), vals[key])

# passports and travel
for cc, nat, first, last in [
    ("GB", "GBR", "OLIVIA", "HARGREAVES"),
    ("DE", "D<<", "JONAS", "KELLERMANN"),
    ("FR", "FRA", "LEA", "MOREAU"),
    ("IN", "IND", "KAVYA", "NAIR"),
    ("BR", "BRA", "PEDRO", "SAMPAIO"),
]:
    pno = {
        "GB": lambda: rdn(9),
        "DE": lambda: R.choice("CFGHJK") + rs("CFGHJKLMNPRTVWXYZ0123456789", 8),
        "FR": lambda: rd(2) + rs(UP, 2) + rd(5),
        "IN": lambda: R.choice("JKLMNPRSTUVWZ") + rd(7),
        "BR": lambda: rs(UP, 2) + rd(6),
    }[cc]()
    pno9 = (pno + "<<<<<<<<<")[:9]
    y, m, d = date_parts(1960, 2005)
    dob6 = f"{y % 100:02d}{m:02d}{d:02d}"
    exp6 = f"{R.randint(27, 34)}{R.randint(1, 12):02d}{R.randint(1, 28):02d}"
    l1 = f"P<{nat}{last}<<{first}".ljust(44, "<")
    part = pno9 + mrz_cd(pno9) + nat + dob6 + mrz_cd(dob6) + R.choice("MF") + exp6 + mrz_cd(exp6)
    opt = "<" * 14
    comp = pno9 + mrz_cd(pno9) + dob6 + mrz_cd(dob6) + exp6 + mrz_cd(exp6) + opt + "<"
    l2 = part + opt + "<" + mrz_cd(comp)
    assert len(l1) == 44 and len(l2) == 44, (l1, l2)
    if cc in {"GB", "DE", "IN"}:
        P(
            "passport_number",
            "passport_mrz",
            f"Scanned my passport for the family trip booking, can you read the MRZ?\n{l1}\n{l2}",
            l2,
        )
    P(
        "passport_number",
        "travel_plan",
        f"Trip to Lisbon 12–19 May, flight TP1351. Passport {pno}, DOB {d:02d}.{m:02d}.{y}. Add to the itinerary.",
        pno,
        f"{d:02d}.{m:02d}.{y}",
    )

for t, pno in [
    ("Paszport córki: {p}, ważny do 2031 — wpisz do formularza ESTA", rs(UP, 2) + rd(7)),
    ("Pasaporte del niño {p}, lo necesito para el check-in online", rs(UP, 3) + rd(6)),
    ("旅行の申請：パスポート番号 {p}", rs(UP, 2) + rd(7)),
    ("여권번호 {p} 로 항공권 예약해줘", "M" + rd(8)),
    ("Passport no. {p} for the Umrah visa form", rs(UP, 1) + rd(8)),
]:
    P("passport_number", "travel_plan", t.format(p=pno), pno)

# clinic appointment notes
for t in [
    "Appointments tomorrow:\n09:00 {n1} (DOB {d1}) — follow-up knee, tel {p1}\n09:30 {n2} (DOB {d2}) — new patient, NHS no. {nhs}",
    "Notas da clínica: paciente {n1}, nasc. {d1}, tel. {p1}; retorno em 15 dias.",
    "Terminliste Praxis: {n1}, geb. {d1}, Tel. {p1}, KV-Nr. {kv}",
]:
    cc = "GB" if "NHS" in t else "BR" if "clínica" in t else "DE"
    n1, p1, _ = person(cc)
    n2, _, _ = person(cc)
    body = R.randint(400, 799) * 1_000_000 + R.randint(0, 999_999)
    digs = str(body)[:9]
    s = sum(int(x) * (10 - i) for i, x in enumerate(digs))
    c = 11 - s % 11
    c = 0 if c == 11 else c
    if c == 10:
        digs = "4" + digs[1:]
        s = sum(int(x) * (10 - i) for i, x in enumerate(digs))
        c = (11 - s % 11) % 11
        c = 0 if c == 10 else c
    nhs = f"{digs[:3]} {digs[3:6]} {digs[6:]}{c}"
    vals = {
        "n1": n1,
        "n2": n2,
        "d1": dob_str(cc),
        "d2": dob_str(cc),
        "p1": p1,
        "nhs": nhs,
        "kv": R.choice(UP) + rdn(9),
    }
    sec = [vals[k] for k in ("d1", "d2", "p1", "nhs", "kv") if "{" + k + "}" in t]
    P("medical_record", "clinic_notes", t.format(**vals), *sec)

# tradesperson quotes
for cc, t in [
    (
        "GB",
        "Quote #Q-2291 for {name}\nSite: {addr}\nRewire kitchen, 2 days, £1,450 + VAT\nCustomer mobile {phone}",
    ),
    ("US", "Estimate for deck repair — {name}, {addr}. Call {phone} before arriving, dog in yard."),
    (
        "FR",
        "Devis n° 2024-117 — Client : {name}, {addr} — Tél. {phone} — Remplacement chauffe-eau 1 890 € TTC",
    ),
    ("DE", "Angebot Malerarbeiten für {name}, {addr}, Rückfragen unter {phone}."),
]:
    name, phone, _ = person(cc)
    a = addr(cc)
    P("street_address", "trade_quote", t.format(name=name, addr=a, phone=phone), a, phone)

# school forms, DOB of kids
for cc, t in [
    (
        "US",
        "Field trip permission slip — Student: Mia {last}, DOB {dob}, Parent cell {phone}, Allergies: peanuts",
    ),
    (
        "GB",
        "After-school club form: child's date of birth {dob}, emergency contact {phone}, home {addr}",
    ),
    (
        "FR",
        "Fiche de renseignements cantine : enfant né le {dob}, responsable légal joignable au {phone}",
    ),
    ("ES", "Ficha del comedor: alumno nacido el {dob}, domicilio {addr}"),
    ("IT", "Modulo iscrizione mensa: bambina nata il {dob}, residente in {addr}"),
    ("JP", "学童保育の申込書：児童の生年月日 {dob}、緊急連絡先 {phone}"),
]:
    name, phone, _ = person(cc)
    vals = {"last": name.split()[-1], "dob": dob_str(cc), "phone": phone, "addr": addr(cc)}
    sec = [vals[k] for k in ("dob", "phone", "addr") if "{" + k + "}" in t]
    P("date_of_birth", "school_form", t.format(**vals), *sec)

# scanned-form OCR with odd spacing
for t, val in [
    (
        "APPLICATION FORM\nSurname : W H I T A K E R\nSocial Security No :  {v}\nSigned ____",
        " ".join(us_ssn()),
    ),
    ("FORMULARIO  DE  ALTA\nD N I :   {v}\nFirma: .........", es_dni().replace("0", "O")),
    ("WNIOSEK\nPESEL  :  {v}\nPodpis", " ".join(pl_pesel())),
    ("Ficha Cadastral\nC P F :  {v}\nAssinatura", br_cpf().replace("1", "l")),
    ("ANTRAG\nSteuer- ldentifikationsnummer :  {v}", de_steuer_id()),
    ("FORMULAIRE\nN° S S : {v}", fr_nir().replace(" ", "  ")),
    ("INVOICE\nTe1: {v}\nThank y0u", ph_gb().replace("0", "O", 1)),
    ("Er-mail : {v}", mail("Camille", "Garnier", DOMAINS["FR"]).replace("@", " @ ")),
]:
    P("ocr_form", "scanned_ocr", t.format(v=val), val)

# voice dictated
for t, val in [
    (
        "hey can you text the babysitter my number is {v} thanks",
        "oh seven nine four six two one three eight eight seven",
    ),
    (
        "note to self the alarm installer's customer lives at {v} okay",
        f"{R.randint(12, 98)} Brudenell Road Leeds LS6 1HX",
    ),
    ("email the receipt to {v} please", "priya dot kulkarni eighty six at gmail dot com"),
    ("mi número es {v} apúntalo", "seis uno dos, cuatro cuatro ocho, nueve tres uno"),
    (
        "my social is {v} put it on the daycare form",
        "four one two, seven seven, nine zero three one",
    ),
]:
    P("dictated", "voice_dictation", t.format(v=val), val)

# profile URLs and handles
for t, vals in [
    (
        "my insta for the bakery is personal, it's {a} — link it in the bio draft? also my facebook {b}",
        ("@" + "lucia.hornea" + rd(2), "facebook.com/lucia.solano." + rd(3)),
    ),
    (
        "Add me on LinkedIn: {a}",
        ("https://www.linkedin.com/in/jannik-brandt-" + rs(HX, 8) + "/", None),
    ),
    (
        "Teenager's gamer tags for the parental controls list: Xbox {a}, Discord {b}",
        ("Sk8rKid_" + rd(4), "nightowl.tomas" + rd(3)),
    ),
    (
        "Pinterest of my customer, to see her wedding ideas: {a}",
        ("https://pinterest.com/fernanda_nogueira" + rd(2), None),
    ),
    ("Telegram мой {a}, пиши туда", ("@olga_morozova_" + rd(2), None)),
    (
        "My TikTok is {a} and Venmo {b}, pls pay for the cookies there",
        ("@bakes.by.brianna" + rd(2), "@Brianna-Brooks-" + rd(2)),
    ),
]:
    a, b = vals
    text = t.format(a=a, b=b or "")
    P("profile_url", "social_handle", text, *[x for x in (a, b) if x])

# Etsy / eBay seller shipping labels
for cc in ["US", "DE", "CA"]:
    c2 = "US" if cc == "CA" else cc
    name, phone, email = person(c2)
    a = (
        addr(c2)
        if cc != "CA"
        else f"{R.randint(10, 990)} Rue Saint-Denis, Apt {R.randint(1, 9)}, Montréal QC H2X {R.randint(1, 9)}K{R.randint(1, 9)}"
    )
    P(
        "shipping_label",
        "marketplace_label",
        f"SHIP TO:\n{name}\n{a}\nPhone: {phone}\nOrder #{rd(10)} · 2 items",
        a,
        phone,
    )

# misc national ids in varied formats
for kind, t, fn in [
    ("tax_id", "Freelance invoice footer: UTR {v}", gb_utr),
    ("national_id", "SIN for the new hire at the café: {v}", ca_sin),
    ("tax_id", "TFN for my daughter's first job at the bakery: {v}", au_tfn),
    ("national_id", "Emirates ID of the nanny for the visa renewal: {v}", ae_eid),
    ("tax_id", "Mijn btw-nummer als zzp'er is {v}, zet dat op de factuur", nl_vat),
    ("vat_number", "Numéro de TVA de mon auto-entreprise : {v}", fr_vat),
    ("vat_number", "VAT reg for my candle shop (sole trader): {v}", gb_vat),
    ("tax_id", "СНИЛС мамы для записи в поликлинику: {v}", ru_snils),
    ("tax_id", "PAN for the freelance invoice: {v}", lambda: in_pan("Sharma")),
    ("national_id", "Identiteitsnummer van de poetsvrouw voor de dienstencheques: {v}", be_nn),
    ("national_id", "NIE del nuevo empleado de la panadería: {v}", es_nie),
    ("tax_id", "Número de contribuinte da minha sogra para a fatura: {v}", pt_nif),
    ("tax_id", "Numer NIP mojej działalności: {v}", pl_nip),
    ("national_id", "身份证号码发你了：{v}，帮忙订高铁票", cn_id),
    ("national_id", "Kenya ID number for the M-Pesa till form: {v}", ke_id),
    ("tax_id", "CPF sem pontos pro cadastro no iFood: {v}", lambda: br_cpf(False)),
]:
    v = fn()
    P(kind, "id_misc", t.format(v=v), v)


# ------------------------------------------------------------------ secrets


def jwt(payload: dict) -> str:
    def b(x: bytes) -> str:
        return base64.urlsafe_b64encode(x).rstrip(b"=").decode()

    h = b(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    p = b(json.dumps(payload, separators=(",", ":")).encode())
    return f"{h}.{p}.{rs(B64U, 43)}"


def discord_token() -> str:
    uid = str(R.randint(10**17, 10**18 - 1))
    return (
        base64.b64encode(uid.encode()).decode().rstrip("=") + "." + rs(B64U, 6) + "." + rs(B64U, 38)
    )


SERVICES = [
    ("stripe_key", "Stripe secret key", "STRIPE_SECRET_KEY", lambda: "sk_live_51" + rs(AN, 97)),
    (
        "stripe_key",
        "Stripe restricted key",
        "STRIPE_RESTRICTED_KEY",
        lambda: "rk_live_51" + rs(AN, 97),
    ),
    (
        "stripe_webhook_secret",
        "Stripe webhook signing secret",
        "STRIPE_WEBHOOK_SECRET",
        lambda: "whsec_" + rs(AN, 32),
    ),
    (
        "shopify_token",
        "Shopify Admin API access token",
        "SHOPIFY_ACCESS_TOKEN",
        lambda: "shpat_" + rs(HX, 32),
    ),
    (
        "shopify_token",
        "Shopify app shared secret",
        "SHOPIFY_API_SECRET",
        lambda: "shpss_" + rs(HX, 32),
    ),
    (
        "square_token",
        "Square production access token",
        "SQUARE_ACCESS_TOKEN",
        lambda: "EAAA" + rs(AN + "-_", 60),
    ),
    (
        "square_token",
        "Square application secret",
        "SQUARE_APP_SECRET",
        lambda: "sq0csp-" + rs(B64U, 43),
    ),
    (
        "openai_key",
        "OpenAI API key",
        "OPENAI_API_KEY",
        lambda: "sk-proj-" + rs(B64U, 74) + "T3BlbkFJ" + rs(B64U, 74),
    ),
    (
        "anthropic_key",
        "Anthropic API key",
        "ANTHROPIC_API_KEY",
        lambda: "sk-ant-api03-" + rs(B64U, 93) + "AA",
    ),
    ("github_token", "GitHub personal access token", "GITHUB_TOKEN", lambda: "ghp_" + rs(AN, 36)),
    (
        "github_token",
        "GitHub fine-grained token",
        "GH_PAT",
        lambda: "github_pat_11" + rs(UP + DG, 20) + "_" + rs(AN, 59),
    ),
    (
        "gitlab_token",
        "GitLab personal access token",
        "GITLAB_TOKEN",
        lambda: "glpat-" + rs(B64U, 20),
    ),
    (
        "slack_token",
        "Slack bot token",
        "SLACK_BOT_TOKEN",
        lambda: f"xoxb-{rdn(12)}-{rdn(13)}-{rs(AN, 24)}",
    ),
    (
        "slack_webhook",
        "Slack incoming webhook",
        "SLACK_WEBHOOK_URL",
        lambda: (
            f"https://hooks.slack.com/services/T{rs(UP + DG, 10)}/B{rs(UP + DG, 10)}/{rs(AN, 24)}"
        ),
    ),
    ("discord_token", "Discord bot token", "DISCORD_TOKEN", discord_token),
    (
        "discord_webhook",
        "Discord webhook",
        "DISCORD_WEBHOOK",
        lambda: f"https://discord.com/api/webhooks/{rdn(19)}/{rs(B64U, 68)}",
    ),
    (
        "telegram_bot_token",
        "Telegram bot token",
        "TELEGRAM_BOT_TOKEN",
        lambda: f"{rdn(10)}:AA{rs(B64U, 33)}",
    ),
    ("twilio_auth_token", "Twilio auth token", "TWILIO_AUTH_TOKEN", lambda: rs(HX, 32)),
    ("twilio_api_key", "Twilio API key secret", "TWILIO_API_SECRET", lambda: rs(AN, 32)),
    (
        "sendgrid_key",
        "SendGrid API key",
        "SENDGRID_API_KEY",
        lambda: f"SG.{rs(B64U, 22)}.{rs(B64U, 43)}",
    ),
    (
        "mailchimp_key",
        "Mailchimp API key",
        "MAILCHIMP_API_KEY",
        lambda: f"{rs(HX, 32)}-us{R.randint(2, 21)}",
    ),
    ("mailgun_key", "Mailgun API key", "MAILGUN_API_KEY", lambda: f"key-{rs(HX, 32)}"),
    ("aws_secret_key", "AWS secret access key", "AWS_SECRET_ACCESS_KEY", lambda: rs(AN + "+/", 40)),
    ("google_api_key", "Google Maps API key", "GOOGLE_MAPS_API_KEY", lambda: "AIza" + rs(B64U, 35)),
    (
        "oauth_client_secret",
        "Google OAuth client secret",
        "GOOGLE_CLIENT_SECRET",
        lambda: "GOCSPX-" + rs(B64U, 28),
    ),
    (
        "paypal_secret",
        "PayPal REST client secret",
        "PAYPAL_CLIENT_SECRET",
        lambda: "E" + rs(B64U, 79),
    ),
    (
        "braintree_token",
        "Braintree access token",
        "BRAINTREE_ACCESS_TOKEN",
        lambda: f"access_token$production${rs(LO + DG, 16)}${rs(HX, 32)}",
    ),
    ("dropbox_token", "Dropbox access token", "DROPBOX_TOKEN", lambda: "sl.B" + rs(B64U, 135)),
    (
        "notion_token",
        "Notion integration secret",
        "NOTION_TOKEN",
        lambda: "ntn_" + rd(11) + rs(AN, 35),
    ),
    (
        "airtable_token",
        "Airtable personal access token",
        "AIRTABLE_PAT",
        lambda: f"pat{rs(AN, 14)}.{rs(HX, 64)}",
    ),
    (
        "hubspot_token",
        "HubSpot private app token",
        "HUBSPOT_TOKEN",
        lambda: f"pat-eu1-{uuid.UUID(int=R.getrandbits(128), version=4)}",
    ),
    ("huggingface_token", "Hugging Face token", "HF_TOKEN", lambda: "hf_" + rs(AN, 34)),
    ("npm_token", "npm access token", "NPM_TOKEN", lambda: "npm_" + rs(AN, 36)),
    (
        "pypi_token",
        "PyPI API token",
        "PYPI_TOKEN",
        lambda: "pypi-AgEIcHlwaS5vcmcCJD" + rs(B64U, 150),
    ),
    ("digitalocean_token", "DigitalOcean token", "DO_TOKEN", lambda: "dop_v1_" + rs(HX, 64)),
    ("cloudflare_token", "Cloudflare API token", "CLOUDFLARE_API_TOKEN", lambda: rs(B64U, 40)),
    (
        "postmark_token",
        "Postmark server token",
        "POSTMARK_SERVER_TOKEN",
        lambda: str(uuid.UUID(int=R.getrandbits(128), version=4)),
    ),
    (
        "woocommerce_key",
        "WooCommerce consumer secret",
        "WC_CONSUMER_SECRET",
        lambda: "cs_" + rs(HX, 40),
    ),
    ("mollie_key", "Mollie live API key", "MOLLIE_API_KEY", lambda: "live_" + rs(AN, 30)),
    ("razorpay_key", "Razorpay key secret", "RAZORPAY_KEY_SECRET", lambda: rs(AN, 24)),
    ("paystack_key", "Paystack secret key", "PAYSTACK_SECRET_KEY", lambda: "sk_live_" + rs(HX, 40)),
    (
        "flutterwave_key",
        "Flutterwave secret key",
        "FLW_SECRET_KEY",
        lambda: f"FLWSECK-{rs(HX, 32)}-X",
    ),
    ("linear_key", "Linear API key", "LINEAR_API_KEY", lambda: "lin_api_" + rs(AN, 40)),
    ("replicate_token", "Replicate API token", "REPLICATE_API_TOKEN", lambda: "r8_" + rs(AN, 37)),
    ("groq_key", "Groq API key", "GROQ_API_KEY", lambda: "gsk_" + rs(AN, 52)),
    (
        "resend_key",
        "Resend API key",
        "RESEND_API_KEY",
        lambda: "re_" + rs(AN, 8) + "_" + rs(AN, 24),
    ),
    (
        "home_assistant_token",
        "Home Assistant long-lived access token",
        "HASS_TOKEN",
        lambda: jwt(
            {
                "iss": rs(HX, 32),
                "iat": 1718000000 + R.randint(0, 9999999),
                "exp": 2033000000 + R.randint(0, 9999999),
            }
        ),
    ),
    ("etsy_key", "Etsy API keystring", "ETSY_API_KEY", lambda: rs(LO + DG, 24)),
    (
        "zapier_webhook",
        "Zapier catch hook URL",
        "ZAPIER_HOOK",
        lambda: f"https://hooks.zapier.com/hooks/catch/{rdn(8)}/{rs(LO + DG, 7)}/",
    ),
]

CTX_A = [
    (
        "env_file",
        "here's my .env, why does the app crash on startup?\n\nNODE_ENV=production\nPORT=3000\n{var}={val}\nLOG_LEVEL=info",
    ),
    (
        "chat_message",
        "The persona bot for my shop needs the {name}, it's {val} — put it in the settings for me",
    ),
    (
        "config_snippet",
        'config.yaml for the shop integration:\n\nintegrations:\n  enabled: true\n  {var_l}: "{val}"\n  retries: 3',
    ),
    (
        "error_paste",
        'getting 401 with this, is the key wrong?\n\ncurl -H "Authorization: Bearer {val}" https://api.{host}/v1/ping',
    ),
    (
        "python_code",
        'my nephew wrote this for the bakery website, does it look ok?\n\nimport os\n\n{var} = "{val}"\nclient = Client({var_l}={var})',
    ),
    ("message_es", "Te paso la clave del {name} para que configures la tienda: {val}"),
    ("message_de", "Hier der {name} für den Onlineshop, bitte nicht weitergeben: {val}"),
    ("message_pt", "Segue a chave ({name}) da loja: {val} — pode configurar a integração?"),
    ("message_fr", "Voilà la clé « {name} » pour la boutique : {val}"),
]

HOSTS = [
    "stripe.com",
    "shopify.com",
    "squareup.com",
    "openai.com",
    "anthropic.com",
    "github.com",
    "mollie.com",
    "sendgrid.com",
    "mybakery-shop.io",
]

for i, (kind, name, var, gen) in enumerate(SERVICES):
    for k in range(2):
        ctx, tmpl = CTX_A[(i * 2 + k * 5) % len(CTX_A)]
        val = gen()
        text = tmpl.format(var=var, var_l=var.lower(), val=val, name=name, host=R.choice(HOSTS))
        S(kind, ctx, text, val)

# AWS pair
ak = "AKIA" + rs(UP + "234567", 16)
sk = rs(AN + "+/", 40)
S(
    "aws_access_key",
    "aws_credentials",
    f"[default]\naws_access_key_id = {ak}\naws_secret_access_key = {sk}\nregion = eu-west-1",
    ak,
    sk,
)
ak = "AKIA" + rs(UP + "234567", 16)
sk = rs(AN + "+/", 40)
S(
    "aws_access_key",
    "chat_message",
    f"backup script for the shop photos uses key {ak} and secret {sk}, can you make it run nightly?",
    ak,
    sk,
)


# passwords (households & small businesses) across languages
def pw() -> str:
    words = [
        "Sunflower",
        "bakery",
        "Tigre",
        "Lisboa",
        "pumpkin",
        "Hamster",
        "Rosmarin",
        "gelato",
        "Kanarie",
        "Yildiz",
        "Marzipan",
        "koala",
        "Pirata",
        "Zorro",
        "mango",
        "Biscotti",
    ]
    style = R.randrange(4)
    if style == 0:
        return R.choice(words) + R.choice("!#$%*?") + str(R.randint(1970, 2024))
    if style == 1:
        return R.choice(words).lower() + rd(3) + R.choice(words).capitalize()
    if style == 2:
        return rs(AN + "!#$%&*", R.randint(10, 16))
    return "-".join(
        R.choice(["horse", "lamp", "river", "toast", "garden", "piano", "cactus", "violet"])
        for _ in range(3)
    ) + rd(2)


PW_T = [
    (
        "password",
        "family_streaming",
        "Netflix login for the family: {mail} / {pw} — don't change it again please!",
    ),
    ("password", "family_streaming", "Disney+ de casa: usuario {mail}, contraseña {pw}"),
    (
        "password",
        "email_account",
        "Mum's email password is {pw}, she forgot it again, can you help her set up the iPad?",
    ),
    ("password", "email_account", "Passwort fürs Vereins-Postfach: {pw}"),
    ("wifi_password", "home_network", "Wi-Fi for guests: network CasaSolano_5G, password {pw}"),
    ("wifi_password", "home_network", "WLAN-Schlüssel FritzBox: {pw}"),
    ("wifi_password", "home_network", "Mot de passe wifi de la boulangerie : {pw}"),
    ("wifi_password", "home_network", "Senha do wi-fi da loja: {pw}"),
    ("wifi_password", "home_network", "Hasło do wifi w mieszkaniu na wynajem: {pw}"),
    ("wifi_password", "home_network", "WiFi şifresi: {pw}"),
    ("wifi_password", "home_network", "Пароль от вайфая на даче: {pw}"),
    ("wifi_password", "home_network", "Пароль до Wi-Fi у кав'ярні: {pw}"),
    ("wifi_password", "home_network", "كلمة مرور الواي فاي في المحل: {pw}"),
    ("wifi_password", "home_network", "סיסמת ה-WiFi בבית: {pw}"),
    ("wifi_password", "home_network", "رمز وای‌فای خانه: {pw}"),
    ("wifi_password", "home_network", "घर का वाईफाई पासवर्ड: {pw}"),
    ("wifi_password", "home_network", "বাসার ওয়াইফাই পাসওয়ার্ড: {pw}"),
    ("wifi_password", "home_network", "Password WiFi toko: {pw}"),
    ("wifi_password", "home_network", "Mật khẩu wifi quán: {pw}"),
    ("wifi_password", "home_network", "รหัสไวไฟร้าน: {pw}"),
    ("wifi_password", "home_network", "Password ng wifi sa bahay: {pw}"),
    ("wifi_password", "home_network", "店里的WiFi密码：{pw}"),
    ("wifi_password", "home_network", "お店のWi-Fiパスワード：{pw}"),
    ("wifi_password", "home_network", "가게 와이파이 비밀번호: {pw}"),
    ("wifi_password", "home_network", "Nenosiri la WiFi ya duka: {pw}"),
    ("wifi_password", "home_network", "Κωδικός WiFi του καταστήματος: {pw}"),
    ("wifi_password", "home_network", "Heslo na wifi v kavárně: {pw}"),
    ("wifi_password", "home_network", "Parola wifi la magazin: {pw}"),
    ("wifi_password", "home_network", "A bolt wifi jelszava: {pw}"),
    ("wifi_password", "home_network", "Wifi-kode til butikken: {pw}"),
    ("wifi_password", "home_network", "Wifi-lösenord i stugan: {pw}"),
    ("wifi_password", "home_network", "Wachtwoord wifi van de zaak: {pw}"),
    ("wifi_password", "home_network", "Password del wifi del negozio: {pw}"),
    ("router_password", "home_network", "Router admin at 192.168.1.1 — user admin, password {pw}"),
    ("router_password", "home_network", "Login do roteador da Vivo: admin / {pw}"),
    ("password", "game_account", "my Fortnite account is {mail} pass {pw} dont tell mum"),
    ("password", "game_account", "Roblox: usuário kaua_gamer{n2}, senha {pw}"),
    (
        "password",
        "game_account",
        "Steam-Account meines Sohnes: Passwort {pw}, bitte Kindersicherung einrichten",
    ),
    ("password", "game_account", "Minecraft login {mail} пароль {pw}"),
    ("password", "pos_login", "Square POS manager login for Saturday staff: {mail} / {pw}"),
    ("password", "pos_login", "Shopify staff account: {mail}, password {pw}"),
    ("password", "pos_login", "Contraseña del TPV de la panadería: {pw}"),
    ("password", "smart_home", "Ring doorbell account {mail} password {pw}"),
    ("password", "smart_home", "Tuya Smart app login: {mail} / {pw}"),
    ("password", "smart_home", "Login da câmera Intelbras: admin / {pw}"),
    (
        "password",
        "online_banking",
        "Online banking password for the business account is {pw} — can you remind me in a month to change it?",
    ),
    ("password", "online_banking", "Mot de passe de l'espace pro de la banque : {pw}"),
    (
        "password",
        "email_thread",
        "From: {mail}\nSubject: shop laptop\n\nHi, the admin password for the shop laptop is {pw}. Delete this after reading.\n",
    ),
    (
        "password",
        "whatsapp_export",
        "12/03/2024, 19:22 - Mamá: el código de la alarma es {pin6} y la clave de Netflix {pw}",
    ),
    (
        "pin",
        "smart_lock",
        "Code for the smart lock at the holiday flat: {pin6}#, valid until Sunday",
    ),
    ("pin", "smart_home", "Der Tresor im Laden hat den Code {pin6}"),
    ("pin", "card_pin", "PIN da maquininha: {pin6}"),
    ("pin", "smart_lock", "门锁密码是{pin6}，客人入住用"),
    ("pin", "voice_dictation", "the garage keypad code is {spoken} okay write that down"),
]

for kind, ctx, t in PW_T:
    p = pw()
    pin6 = rdn(6)
    spoken = " ".join(
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"][int(x)]
        for x in pin6
    )
    m = mail(
        R.choice(["Jessica", "Thiago", "Lucía", "Jannik", "Agnieszka"]),
        R.choice(["Whitaker", "Nogueira", "Solano", "Brandt", "Nowak"]),
        ["gmail.com", "outlook.com", "gmx.de", "hotmail.com"],
    )
    text = t.format(pw=p, mail=m, pin6=pin6, spoken=spoken, n2=rd(2))
    sec = [v for f, v in (("{pw}", p), ("{pin6}", pin6), ("{spoken}", spoken)) if f in t]
    if "{mail}" in t:
        sec.append(m)
    S(kind, ctx, text, *sec)

# connection strings, private keys, totp, recovery codes, jwt, smtp
for t in [
    "DATABASE_URL=postgres://shopadmin:{p}@db.{h}:5432/orders",
    "mongodb+srv://bakery:{p}@cluster0.{c}.mongodb.net/recipes?retryWrites=true",
    "mysql://wp_user:{p}@localhost/wordpress  <- the woocommerce site, why is it slow?",
    "SMTP for the booking confirmations: smtp.gmail.com:587, user {u}, app password {a}",
    "redis://default:{p}@redis-{n}.c1.eu-central-1-1.ec2.redns.redis-cloud.com:{n}",
]:
    p = (
        pw()
        .replace("@", "")
        .replace("/", "")
        .replace(":", "")
        .replace("#", "")
        .replace("?", "")
        .replace("%", "")
    )
    while len(p) < 6:
        p += rd(1)
    a = " ".join(rs(LO, 4) for _ in range(4))
    u = mail("Marta", "Quintana", ["gmail.com"])
    text = t.format(
        p=p, h=rs(LO, 6) + ".eu-west-2.rds.amazonaws.com", c=rs(LO + DG, 5), n=rd(5), a=a, u=u
    )
    sec = [a, u] if "{a}" in t else [p]
    S("connection_string", "db_config", text, *sec)

for label in ["OPENSSH PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY"]:
    body = "\n".join(rs(AN + "+/", 70) for _ in range(R.randint(5, 9)))
    block = f"-----BEGIN {label}-----\n{body}\n-----END {label}-----"
    S(
        "private_key",
        "ssh_key",
        f"Key for the Raspberry Pi running the shop's door sensor:\n{block}\nwhy does ssh say permissions too open?",
        body,
    )

for t in [
    "2FA secret for the shared Amazon seller account: {s}",
    "otpauth://totp/Etsy:candles?secret={s}&issuer=Etsy",
    "Código de configuración del autenticador (clave manual): {s}",
]:
    s = rs(B32, 32)
    if "manual" in t or "Amazon" in t:
        s = group(s, 4)
    S("totp_seed", "two_factor", t.format(s=s), s)

for t in [
    "Backup codes for the shop Google account:\n{c}",
    "Codes de récupération Instagram :\n{c}",
]:
    codes = [f"{rd(4)} {rd(4)}" for _ in range(5)]
    S("recovery_code", "two_factor", t.format(c="\n".join(codes)), *codes)

for t in [
    "the POS app stores this session cookie, is that safe? session={j}",
    "Authorization: Bearer {j}",
]:
    j = jwt({"sub": rd(8), "role": "manager", "iat": 1717000000 + R.randint(0, 9999999)})
    S("jwt", "session_token", t.format(j=j), j)

hue = rs(AN + "-", 40)
S("api_key", "smart_home", f"Philips Hue bridge username (API key) for my script: {hue}", hue)


# ---------------------------------------------------------------- negatives


def isbn13() -> str:
    body = "978" + R.choice(["0", "1", "3", "84", "85", "88", "2"]) + rd(12)
    body = body[:12]
    s = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(body))
    v = body + str((10 - s % 10) % 10)
    return f"{v[:3]}-{v[3]}-{v[4:8]}-{v[8:12]}-{v[12]}"


HARD = [
    lambda: (
        f"Order #{rdn(6)} shipped today, tracking 1Z{rs(UP + DG, 6)}{rd(10)} — can you write a cheerful 'on its way' message?"
    ),
    lambda: (
        f"Pedido nº {rdn(5)} entregue. Código de rastreio {rs(UP, 2)}{rd(9)}BR. Escreve uma mensagem de agradecimento."
    ),
    lambda: (
        f"Upgraded the POS app to v{R.randint(2, 9)}.{R.randint(0, 30)}.{R.randint(0, 9)} (build {rdn(5)}) and the receipt printer stopped working."
    ),
    lambda: f"The fix is in commit {rs(HX, 40)}, can you explain what changed in the checkout?",
    lambda: (
        f"git log shows {rs(HX, 7)} Merge pull request #{R.randint(10, 900)} from shop/feature-gift-cards"
    ),
    lambda: (
        f"Our public product feed id is {uuid.UUID(int=R.getrandbits(128), version=4)} — it's in the sitemap anyway."
    ),
    lambda: (
        f"Sales report generated {R.randint(2023, 2025)}-{R.randint(1, 12):02d}-{R.randint(1, 28):02d}T{R.randint(0, 23):02d}:{R.randint(0, 59):02d}:{R.randint(0, 59):02d}Z, total €{R.randint(100, 9999)},{rd(2)}"
    ),
    lambda: (
        f"SKU BRD-SOUR-{R.randint(100, 999)}, SKU CAKE-CHOC-{R.randint(10, 99)}-L and SKU CK-{rd(4)}: update the prices by 5%."
    ),
    lambda: (
        f"A tarte costs €{R.randint(12, 40)}.{R.choice(['00', '50', '90'])} and the croissant €1.{R.randint(10, 95)}; what margin do I make at 38% cost?"
    ),
    lambda: (
        f"Solve {R.randint(2, 19)}x + {R.randint(3, 90)} = {R.randint(100, 400)} for my daughter's homework, step by step."
    ),
    lambda: (
        f"Brand colours for the new menu: #{rs('0123456789ABCDEF', 6)}, #{rs('0123456789abcdef', 6)} and rgb({R.randint(0, 255)}, {R.randint(0, 255)}, {R.randint(0, 255)})."
    ),
    lambda: (
        f"The installer's checksum is sha256 {hashlib.sha256(rs(AN, 20).encode()).hexdigest()} — published on the vendor's download page, does mine match?"
    ),
    lambda: f"ISBN {isbn13()} — is this the right edition of the bread baking book?",
    lambda: (
        f"Flight {R.choice(['LH', 'TP', 'IB', 'AF', 'KL', 'TK', 'EK', 'QR'])}{R.randint(100, 1999)} departs {R.randint(6, 22):02d}:{R.choice(['05', '20', '35', '50'])} from gate {R.choice('ABCDE')}{R.randint(1, 40)}; is a 55-minute connection enough?"
    ),
    lambda: (
        f"Booking reference {rs('ABCDEFGHJKLMNPQRSTUVWXYZ', 6)} for the family hotel, can you draft a request for a cot?"
    ),
    lambda: (
        f"Final score {R.randint(0, 5)}–{R.randint(0, 5)}, the kids' team lost on penalties. Write a nice message to the parents' group."
    ),
    lambda: (
        f"Invoice INV-{R.randint(2023, 2025)}-{rd(4)} for {R.randint(2, 40)} boxes of macarons, net 30, total ${R.randint(80, 999)}.{rd(2)}."
    ),
    lambda: (
        f"Ticket #{rdn(5)} in the shop's helpdesk: 'receipt shows wrong VAT rate'. Summarise the fix for the team."
    ),
    lambda: (
        f"Temperature log: fridge 1 at {R.randint(2, 5)}.{R.randint(0, 9)}°C, freezer at -{R.randint(17, 22)}°C at {R.randint(6, 9):02d}:{R.randint(0, 59):02d}. Is this within HACCP limits?"
    ),
    lambda: (
        f"The Wi-Fi network is called Bakery_Guest_{R.randint(2, 5)}G_{R.choice(['Front', 'Back', 'Terrace', 'Kitchen'])}; it's open, no password, just a splash page."
    ),
    lambda: (
        f"Our Shopify theme is Dawn {R.randint(9, 15)}.{R.randint(0, 5)}.{R.randint(0, 3)}; which version added the quick-add button?"
    ),
    lambda: (
        f"Lot number L{rd(5)} on the flour bag, best before {R.randint(1, 28):02d}/{R.randint(1, 12):02d}/{R.randint(2025, 2027)}. Is that a recall batch?"
    ),
    lambda: (
        f"Container runs image nginx:1.{R.randint(20, 27)}.{R.randint(0, 4)}-alpine with digest sha256:{rs(HX, 64)}"
    ),
    lambda: (
        f"Postcode lookup returned {R.randint(1200, 9999)} results for the delivery zone; can you plot them by district?"
    ),
]

for gen in HARD:
    for _ in range(2):
        t = gen()
        while t in {r["text"] for r in ROWS}:
            t = gen()
        N("hard_negative", t)

FIXED_HARD = [
    "Ingredient check: sodium bicarbonate is NaHCO3 and cream of tartar KC4H5O6 — what happens if I swap them?",
    "Serial numbers on these printers follow the format XXXX-YYYY-NNNNN (letters, year, running number); how do I read them?",
    "Set STRIPE_SECRET_KEY=<YOUR_STRIPE_SECRET_KEY> in the .env and restart the server.",
    "In the docker-compose file the database password is ${DB_PASSWORD}, read from the host environment.",
    "The default admin password 'changeme' must be replaced on first login — how do I force that in WordPress?",
    'api_key = os.environ["OPENAI_API_KEY"]  # never hard-code it',
    "const token = process.env.SHOPIFY_ACCESS_TOKEN ?? '';",
    'password: "{{ vault_wifi_password }}" is what Ansible templates into the router config.',
    "Replace YOUR_API_KEY_HERE with the key from your dashboard, then run npm start.",
    "SQUARE_ACCESS_TOKEN=xxxxxxxxxxxxxxxxxxxxxxxx  (placeholder in the README of the plugin)",
    "The Rijksmuseum is at Museumstraat 1, 1071 XX Amsterdam — how long does it take by tram from Centraal?",
    "Meet at the Louvre, Rue de Rivoli, 75001 Paris, at the pyramid entrance.",
    "Brandenburger Tor, Pariser Platz, 10117 Berlin — is it wheelchair accessible?",
    "The British Museum, Great Russell Street, London WC1B 3DG, opens at 10:00.",
    "Estação de São Bento, Praça de Almeida Garrett, 4000-069 Porto — onde compro o Andante?",
    "Museo del Prado, Calle de Ruiz de Alarcón 23, 28014 Madrid: ¿qué días es gratis?",
    "Mozart was born on 27 January 1756 in Salzburg; write a short poem for the kids' music class.",
    "Frida Kahlo (6 July 1907 – 13 July 1954) — ideas for a themed birthday cake?",
    "Ada Lovelace was born 10 December 1815. Make a quiz question about her for the coding club.",
    "Marie Curie, born 7 November 1867 in Warsaw — write two sentences for a school poster.",
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI"
    + "".join(R.choice(AN + "+/") for _ in range(43))
    + " — this is my public key, where do I paste it on the Pi?",
    "The customer service hotline of the bank is printed on the back of the card; I'll call it tomorrow.",
    "The national crisis line in the UK is Samaritans on 116 123 — can you write a poster for the staff room?",
    "Bank BIC for the transfer: COBADEFFXXX (Commerzbank) — is that the right format?",
    "The US routing number format is 9 digits; what do the first four mean?",
    "Send the confirmation from no-reply@shopify.com to spam? No — it's the real order notification.",
    "π ≈ 3.14159, e ≈ 2.71828: why does my cake pan area formula use πr²?",
    "1 cup flour = 120 g, 1 cup sugar = 200 g, 1 tbsp butter = 14 g — convert the whole recipe to grams.",
    "Water is H2O, table salt NaCl and baking soda NaHCO3; explain it for a 10-year-old.",
    "The EAN-13 barcode on the jam jar starts with 560, which means it was registered in Portugal, right?",
    "Card numbers are validated with the Luhn algorithm; explain the steps without using a real number.",
    "A valid IBAN has a 2-letter country code, 2 check digits and up to 30 characters — how is the check computed?",
    "Python 3.11.9, Django 4.2.16 and Pillow 10.4.0 — are these compatible for the shop site?",
    "HTTP 402 Payment Required came back from the payments API at 14:02:11 UTC; what does it mean?",
    "The meeting is at 10:30 CET on 2025-03-14 in room B2.",
    "Model number of the oven: UBE-2049-X, manufactured 2019; where can I find the manual?",
]
for t in FIXED_HARD:
    N("hard_negative", t)

PLAIN = [
    "Can you help me write a cheerful Instagram caption for our new cinnamon buns?",
    "What's a polite way to tell a customer we can't do gluten-free on short notice?",
    "Give me 5 ideas for a kids' birthday party theme on a small budget.",
    "How do I price wedding cakes per slice without scaring people off?",
    "Write a short thank-you note for our volunteers at the football club.",
    "My teenager spends 6 hours a day gaming; how do I start that conversation?",
    "Explain the difference between a sole trader and a limited company in simple terms.",
    "Can you make a weekly cleaning rota for a family of four?",
    "What should a landlord check during a move-out inspection?",
    "Suggest a name for a small flower shop with a vintage feel.",
    "How long should sourdough proof in a cold fridge?",
    "Draft a friendly reminder that the club's annual meeting is next Thursday at 7pm.",
    "¿Cómo explico a mis hijos por qué no pueden tener móvil todavía?",
    "Escribe una descripción corta para una panadería de barrio.",
    "Me ajuda a montar um cardápio de festa junina para 30 pessoas?",
    "Qual é a melhor forma de organizar o estoque de uma loja pequena?",
    "Estou a pensar abrir uma pastelaria em Braga, que licenças preciso de pesquisar?",
    "Peux-tu m'aider à écrire une annonce pour une nounou le mercredi après-midi ?",
    "Quelle est la différence entre une facture et un devis ?",
    "Schreib mir bitte einen netten Aushang für den Flohmarkt im Hof.",
    "Wie erkläre ich meinem Kind, warum wir nicht in den Urlaub fahren?",
    "Mi suggerisci tre dolci facili per la festa della scuola?",
    "Come rispondo a una recensione negativa senza sembrare sulla difensiva?",
    "Kun je een leuk gedichtje schrijven voor Sinterklaas voor mijn collega?",
    "Jak zachęcić klientów do zostawiania opinii w Google?",
    "Napisz krótki opis do sklepu z rękodziełem.",
    "Küçük bir kafe için menü fikirleri verir misin?",
    "Müşterilere kibar bir şekilde fiyat artışını nasıl duyururum?",
    "Помоги придумать название для домашней пекарни.",
    "Как вежливо напомнить клиенту об оплате?",
    "Допоможи скласти список покупок на тиждень для сім'ї з трьох.",
    "ساعدني في كتابة إعلان قصير لمخبز صغير.",
    "كيف أنظم وقتي بين العمل والأطفال؟",
    "תוכל לעזור לי לכתוב ברכה ליום הולדת של אמא?",
    "איך מתמחרים עוגות מעוצבות?",
    "یک متن کوتاه برای معرفی شیرینی‌فروشی خانگی بنویس.",
    "बच्चों के लिए एक आसान नाश्ते की रेसिपी बताओ।",
    "আমার ছোট দোকানের জন্য একটা স্লোগান লিখে দাও।",
    "Tolong buatkan caption promosi untuk kue lapis.",
    "Bagaimana cara menghitung harga pokok produksi kue?",
    "Gợi ý giúp tôi vài món ăn sáng nhanh cho con đi học.",
    "ช่วยเขียนคำอธิบายสินค้าสำหรับเทียนหอมหน่อย",
    "Pwede mo ba akong tulungan gumawa ng menu para sa karinderya?",
    "帮我写一段小面包店的开业宣传语。",
    "子どもの誕生日パーティーのアイデアを教えてください。",
    "작은 카페 인스타그램 게시물 문구 좀 써줘.",
    "Nisaidie kuandika tangazo la duka la mikate.",
    "Γράψε μου μια σύντομη περιγραφή για ένα μικρό αρτοποιείο.",
    "Napiš mi krátké přání k narozeninám pro babičku.",
    "Scrie-mi o descriere scurtă pentru o cofetărie de cartier.",
    "Írj egy rövid meghívót a szülői értekezletre.",
    "Kan du hjælpe mig med en madplan for ugen?",
    "Kan du skriva en kort presentation av vårt lilla bageri?",
    "What's the best way to store croissant dough overnight?",
    "How do I explain VAT on an invoice to a customer who's confused?",
    "Is it rude to ask guests to take their shoes off? Write a sign that's friendly.",
    "Plan a 3-day trip to Porto with two kids who love trains.",
    "What are good icebreakers for a new parents' WhatsApp group?",
    "Make my message to the neighbours about the party on Saturday sound less grumpy.",
    "Turn these notes into a tidy paragraph: new oven arrives Monday, staff training Tuesday, reopening Wednesday.",
    "Can you explain what a webhook is, like I'm a baker and not a programmer?",
    "How do I set up two-factor authentication for my shop account? Just the general steps.",
    "Which smart plugs work without a cloud account?",
    "Suggest a kid-friendly strong password pattern, without giving me an actual password.",
    "What's a good chore chart for a 7-year-old and a 12-year-old?",
    "Help me write a polite no to a customer asking for a 50% discount.",
    "How do I calculate how many loaves I need for a market stall?",
    "Write a short bio for the persona: a warm, patient assistant for a family-run bakery.",
    "Can you respond as Captain Crumb, our bakery mascot, and welcome new followers?",
    "Our club needs a new logo; describe three concepts in words.",
    "Rewrite this so it sounds more confident: 'I think maybe our prices might go up a bit'.",
    "What should I put in a tenancy welcome pack?",
    "Summarise the pros and cons of Square versus SumUp for a market stall, in general terms.",
    "Give me a checklist for closing the shop at night.",
    "How do I gently ask the school for a meeting about my son's reading?",
    "Ideas for a rainy Sunday with a toddler at home?",
    "Make a shopping list for a vegetarian lasagne for eight.",
    "Can you make the tone of this review reply warmer? 'Thanks for your feedback.'",
    "What are the rules of thumb for hiring a first part-time employee?",
    "Write a limerick about a cat who steals croissants.",
    "Translate 'fresh bread every morning' into Spanish, Italian and Polish.",
    "Good morning! Just wanted to say the last recipe worked great.",
    "ok thanks, that's all for today 🙂",
    "haha no worries, I'll try again tomorrow",
]
for t in PLAIN:
    N("plain_chat", t)

# ---------------------------------------------------------------------- write

texts = [r["text"] for r in ROWS]
assert len(texts) == len(set(texts)), [t for t, c in Counter(texts).items() if c > 1]
for r in ROWS:
    if r["category"] == "negative":
        assert not r["secrets"]
    for s in r["secrets"]:
        assert s in r["text"] and len(s) >= 6

with OUT.open("w", encoding="utf-8", newline="\n") as fh:
    for r in ROWS:
        fh.write(json.dumps(r, ensure_ascii=False) + "\n")

print(dict(sorted(Counter(r["category"] for r in ROWS).items())))
