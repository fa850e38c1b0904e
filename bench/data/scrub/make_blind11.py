# ruff: noqa: E501
"""Blind scrub corpus #11: role-play / companion-character chat turns.

Written without looking at the scrubber: its source, tests, docs, benchmark
script and the earlier corpora were not opened while this file was written
(only the first 70 lines of ``make_blind5.py`` were read, for the row format
and the helper shapes). The contents come only from general knowledge of what
people tell an AI companion character about their real lives and of the public
shapes of credentials and personal data.

Deterministic: every random value comes from one seeded ``random.Random``, so
running ``python bench/data/scrub/make_blind11.py`` again writes the same
``blind11.jsonl`` (next to this script) byte for byte. Standard library only.

One JSON object per line::

    {"text": str, "category": "secret" | "pii" | "negative", "kind": str,
     "secrets": [str, ...], "context": str}

``secrets`` holds exact substrings of ``text`` (each at least 6 characters)
that must not survive scrubbing. Negatives have kind ``"negative"`` and an
empty list: nothing in them is secret or personal, and they must come out
unchanged. No published test values (test card numbers, documented example
keys, reserved example domains, fictional phone ranges) are used anywhere;
check digits (Luhn, mod 11, mod 97, Verhoeff, national id rules) are computed.
"""

from __future__ import annotations

import base64
import hashlib
import json
import random
import string
import unicodedata
import uuid
from collections import Counter
from pathlib import Path

R = random.Random(11_2026_1207)
OUT = Path(__file__).with_name("blind11.jsonl")

UP = string.ascii_uppercase
LO = string.ascii_lowercase
DG = string.digits
AN = UP + LO + DG
HX = "0123456789abcdef"
URLS = AN + "-_"

ROWS: list[dict] = []
CHARS = [
    "Luna",
    "Kai",
    "Aria",
    "Nova",
    "Sol",
    "Mika",
    "Yuki",
    "Leo",
    "Iris",
    "Zara",
    "Orion",
    "Sage",
]


def add(text: str, category: str, kind: str, secrets: list[str], context: str) -> None:
    assert category in {"secret", "pii", "negative"}, category
    if category == "negative":
        assert kind == "negative" and not secrets, text
    else:
        assert secrets, (kind, text[:80])
    for s in secrets:
        assert len(s) >= 6, (kind, s)
        assert s in text, (kind, s, text[:120])
    ROWS.append(
        {"text": text, "category": category, "kind": kind, "secrets": secrets, "context": context}
    )


def ctx(lang: str, role: str = "user", extra: str = "") -> str:
    c = f"companion role-play chat, {role} turn, {lang}"
    return c + (", " + extra if extra else "")


def S(kind: str, c: str, text: str, *secrets: str) -> None:
    add(text, "secret", kind, list(secrets), c)


def P(kind: str, c: str, text: str, *secrets: str) -> None:
    add(text, "pii", kind, list(secrets), c)


def N(c: str, text: str) -> None:
    add(text, "negative", "negative", [], c)


def rs(alpha: str, n: int) -> str:
    return "".join(R.choice(alpha) for _ in range(n))


def nd(n: int) -> str:
    return rs(DG, n)


def ch(seq):
    return R.choice(seq)


# ---------------------------------------------------------------- checksums


def luhn_digit(body: str) -> str:
    total = 0
    for i, c in enumerate(reversed(body)):
        d = int(c)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def with_luhn(body: str) -> str:
    return body + luhn_digit(body)


def iban(cc: str, bban: str) -> str:
    num = "".join(str(int(c, 36)) for c in bban + cc + "00")
    out = f"{cc}{98 - int(num) % 97:02d}{bban}"
    assert int("".join(str(int(c, 36)) for c in out[4:] + out[:4])) % 97 == 1
    return out


def group4(s: str, sep: str = " ") -> str:
    return sep.join(s[i : i + 4] for i in range(0, len(s), 4))


VD = [
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
VP = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
    [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
    [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
    [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
    [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
    [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
    [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
]
VINV = [0, 4, 3, 2, 1, 5, 9, 8, 7, 6]


def verhoeff(body: str) -> str:
    c = 0
    for i, item in enumerate(reversed(body)):
        c = VD[c][VP[(i + 1) % 8][int(item)]]
    return str(VINV[c])


def verhoeff_ok(num: str) -> bool:
    c = 0
    for i, item in enumerate(reversed(num)):
        c = VD[c][VP[i % 8][int(item)]]
    return c == 0


assert verhoeff("236") == "3" and verhoeff_ok("2363")
assert luhn_digit("7992739871") == "3"


def bday(y0: int = 1958, y1: int = 2006) -> tuple[int, int, int]:
    return R.randint(y0, y1), R.randint(1, 12), R.randint(1, 28)


# ---------------------------------------------------------------- national ids


def us_ssn() -> str:
    a = ch([x for x in range(1, 900) if x != 666])
    return f"{a:03d}-{R.randint(1, 99):02d}-{R.randint(1, 9999):04d}"


def uk_nino() -> str:
    while True:
        p = ch("ABCEGHJKLMNOPRSTWXYZ") + ch("ABCEGHJKLMNPRSTWXYZ")
        if p not in {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}:
            break
    d = nd(6)
    return f"{p} {d[:2]} {d[2:4]} {d[4:]} {ch('ABCD')}"


def br_cpf() -> str:
    d = [R.randint(0, 9) for _ in range(9)]
    for w0 in (10, 11):
        s = sum(x * (w0 - i) for i, x in enumerate(d))
        r = s % 11
        d.append(0 if r < 2 else 11 - r)
    t = "".join(map(str, d))
    return f"{t[:3]}.{t[3:6]}.{t[6:9]}-{t[9:]}"


def es_dni() -> str:
    n = R.randint(10_000_000, 79_999_999)
    return f"{n:08d}{'TRWAGMYFPDXBNJZSQVHLCKE'[n % 23]}"


def es_nie() -> str:
    p = ch("XYZ")
    n = R.randint(0, 9_999_999)
    v = int(str("XYZ".index(p)) + f"{n:07d}")
    return f"{p}{n:07d}{'TRWAGMYFPDXBNJZSQVHLCKE'[v % 23]}"


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
        strict=False,
    )
)


def it_cf(surname: str, name: str, female: bool) -> str:
    def cons(s):
        return [c for c in s.upper() if c.isalpha() and c not in "AEIOU"]

    def vow(s):
        return [c for c in s.upper() if c in "AEIOU"]

    sc = "".join((cons(surname) + vow(surname) + ["X"] * 3)[:3])
    nc = cons(name)
    ncode = nc[0] + nc[2] + nc[3] if len(nc) >= 4 else "".join((nc + vow(name) + ["X"] * 3)[:3])
    y, m, d = bday(1960, 2004)
    dd = d + (40 if female else 0)
    body = f"{sc}{ncode}{y % 100:02d}{'ABCDEHLMPRST'[m - 1]}{dd:02d}{ch(['H501', 'F205', 'F839', 'L219', 'G273', 'A944', 'D612'])}"
    total = 0
    for i, c in enumerate(body):
        total += CF_ODD[c] if i % 2 == 0 else (int(c) if c.isdigit() else ord(c) - 65)
    return body + chr(65 + total % 26)


def fr_nir() -> str:
    sx = ch("12")
    y, m, _ = bday()
    dep = ch([x for x in range(1, 96) if x != 20])
    body = f"{sx}{y % 100:02d}{m:02d}{dep:02d}{R.randint(1, 999):03d}{R.randint(1, 999):03d}"
    key = 97 - int(body) % 97
    return f"{body[0]} {body[1:3]} {body[3:5]} {body[5:7]} {body[7:10]} {body[10:13]} {key:02d}"


def de_steuerid() -> str:
    while True:
        digs = R.sample(range(10), 9)
        digs.append(ch(digs))
        R.shuffle(digs)
        if digs[0] != 0:
            break
    prod = 10
    for x in digs:
        s = (x + prod) % 10 or 10
        prod = (s * 2) % 11
    c = 11 - prod
    c = 0 if c == 10 else c
    t = "".join(map(str, digs)) + str(c)
    return f"{t[:2]} {t[2:5]} {t[5:8]} {t[8:]}"


def nl_bsn() -> str:
    while True:
        d = [R.randint(1, 9)] + [R.randint(0, 9) for _ in range(7)]
        c = sum(x * (9 - i) for i, x in enumerate(d)) % 11
        if c < 10:
            return "".join(map(str, d)) + str(c)


def pl_pesel() -> str:
    y, m, d = bday(1960, 2006)
    mm = m + (20 if y >= 2000 else 0)
    body = f"{y % 100:02d}{mm:02d}{d:02d}{nd(4)}"
    w = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]
    c = (10 - sum(int(a) * b for a, b in zip(body, w, strict=False)) % 10) % 10
    return body + str(c)


def se_pnr() -> str:
    y, m, d = bday()
    body = f"{y % 100:02d}{m:02d}{d:02d}{nd(3)}"
    return f"{body[:6]}-{body[6:]}{luhn_digit(body)}"


def no_fnr() -> str:
    while True:
        y, m, d = bday(1960, 1999)
        base = f"{d:02d}{m:02d}{y % 100:02d}{R.randint(0, 499):03d}"
        k1 = (
            11
            - sum(int(a) * b for a, b in zip(base, [3, 7, 6, 1, 8, 9, 4, 5, 2], strict=False)) % 11
        )
        k1 = 0 if k1 == 11 else k1
        if k1 == 10:
            continue
        b2 = base + str(k1)
        k2 = (
            11
            - sum(int(a) * b for a, b in zip(b2, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2], strict=False)) % 11
        )
        k2 = 0 if k2 == 11 else k2
        if k2 != 10:
            return b2 + str(k2)


def fi_hetu() -> str:
    y, m, d = bday()
    n = R.randint(2, 899)
    v = int(f"{d:02d}{m:02d}{y % 100:02d}{n:03d}")
    return f"{d:02d}{m:02d}{y % 100:02d}{'-' if y < 2000 else 'A'}{n:03d}{'0123456789ABCDEFHJKLMNPRSTUVWXY'[v % 31]}"


def dk_cpr() -> str:
    y, m, d = bday()
    return f"{d:02d}{m:02d}{y % 100:02d}-{nd(4)}"


def be_nrn() -> str:
    y, m, d = bday()
    sss = R.randint(1, 997)
    body = f"{y % 100:02d}{m:02d}{d:02d}{sss:03d}"
    n = int(("2" if y >= 2000 else "") + body)
    c = 97 - n % 97
    return f"{body[:2]}.{body[2:4]}.{body[4:6]}-{body[6:]}.{c:02d}"


def pt_nif() -> str:
    while True:
        b = ch("123") + nd(7)
        c = 11 - sum(int(a) * w for a, w in zip(b, range(9, 1, -1), strict=False)) % 11
        c = 0 if c >= 10 else c
        return b + str(c)


def tr_tckn() -> str:
    d = [R.randint(1, 9)] + [R.randint(0, 9) for _ in range(8)]
    d10 = ((d[0] + d[2] + d[4] + d[6] + d[8]) * 7 - (d[1] + d[3] + d[5] + d[7])) % 10
    d.append(d10)
    d.append(sum(d) % 10)
    return "".join(map(str, d))


def in_aadhaar() -> str:
    b = str(R.randint(2, 9)) + nd(10)
    t = b + verhoeff(b)
    assert verhoeff_ok(t)
    return f"{t[:4]} {t[4:8]} {t[8:]}"


def in_pan() -> str:
    return rs(UP, 3) + "P" + ch(UP) + nd(4) + ch(UP)


def cn_rid() -> str:
    y, m, d = bday()
    body = f"{ch(['110101', '310104', '440305', '510107', '330106', '420111'])}{y}{m:02d}{d:02d}{nd(3)}"
    w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return body + "10X98765432"[sum(int(a) * b for a, b in zip(body, w, strict=False)) % 11]


def kr_rrn() -> str:
    y, m, d = bday(1965, 2005)
    g = ch("12") if y < 2000 else ch("34")
    body = f"{y % 100:02d}{m:02d}{d:02d}{g}{nd(5)}"
    w = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5]
    c = (11 - sum(int(a) * b for a, b in zip(body, w, strict=False)) % 11) % 10
    return f"{body[:6]}-{body[6:]}{c}"


def jp_mynumber() -> str:
    b = nd(11)
    s = 0
    for n in range(1, 12):
        p = int(b[-n])
        q = n + 1 if n <= 6 else n - 5
        s += p * q
    r = s % 11
    t = b + str(0 if r <= 1 else 11 - r)
    return f"{t[:4]} {t[4:8]} {t[8:]}"


def ca_sin() -> str:
    t = with_luhn(str(R.randint(1, 7)) + nd(7))
    return f"{t[:3]} {t[3:6]} {t[6:]}"


def au_tfn() -> str:
    w = [1, 4, 3, 7, 5, 8, 6, 9, 10]
    while True:
        b = [R.randint(1, 9)] + [R.randint(0, 9) for _ in range(7)]
        s = sum(x * y for x, y in zip(b, w, strict=False))
        last = (-s * 10) % 11
        if last < 10:
            t = "".join(map(str, b)) + str(last)
            assert sum(int(a) * y for a, y in zip(t, w, strict=False)) % 11 == 0
            return f"{t[:3]} {t[3:6]} {t[6:]}"


def mx_curp() -> str:
    y, m, d = bday(1970, 2004)
    alpha = "0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ"
    body = (
        ch("GMRHLPSC")
        + ch("AEIOU")
        + ch("GMRHLPSCTV")
        + ch("AEJLMS")
        + f"{y % 100:02d}{m:02d}{d:02d}"
        + ch("HM")
        + ch(["DF", "JC", "NL", "PL", "VZ", "GT"])
        + rs("BCDFGLMNRSTZ", 3)
        + (ch(DG) if y < 2000 else ch(UP))
    )
    s = sum(alpha.index(c) * (18 - i) for i, c in enumerate(body))
    return body + str((10 - s % 10) % 10)


def cl_rut() -> str:
    n = R.randint(9_000_000, 24_999_999)
    s, w = 0, 2
    for c in reversed(str(n)):
        s += int(c) * w
        w = 2 if w == 7 else w + 1
    r = 11 - s % 11
    dv = "0" if r == 11 else "K" if r == 10 else str(r)
    return f"{n:,}".replace(",", ".") + "-" + dv


def ar_cuil() -> str:
    while True:
        body = ch(["20", "27"]) + f"{R.randint(20_000_000, 45_999_999)}"
        r = (
            11
            - sum(int(a) * b for a, b in zip(body, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2], strict=False))
            % 11
        )
        if r == 10:
            continue
        return f"{body[:2]}-{body[2:]}-{0 if r == 11 else r}"


def za_id() -> str:
    y, m, d = bday()
    body = f"{y % 100:02d}{m:02d}{d:02d}{nd(4)}08"
    return with_luhn(body)


def il_tz() -> str:
    return with_luhn(str(R.randint(1, 3)) + nd(7))


def ro_cnp() -> str:
    y, m, d = bday()
    s = ch("12") if y < 2000 else ch("56")
    body = f"{s}{y % 100:02d}{m:02d}{d:02d}{R.randint(1, 46):02d}{R.randint(1, 999):03d}"
    c = sum(int(a) * int(b) for a, b in zip(body, "279146358279", strict=False)) % 11
    return body + ("1" if c == 10 else str(c))


def cz_rc() -> str:
    while True:
        y, m, d = bday(1960, 2004)
        mm = m + ch([0, 50])
        first = f"{y % 100:02d}{mm:02d}{d:02d}{nd(3)}"
        c = (-int(first) * 10) % 11
        if c < 10:
            t = first + str(c)
            assert int(t) % 11 == 0
            return f"{t[:6]}/{t[6:]}"


def gr_amka() -> str:
    y, m, d = bday()
    return with_luhn(f"{d:02d}{m:02d}{y % 100:02d}{nd(4)}")


def hu_taj() -> str:
    b = nd(8)
    c = sum(int(x) * (3 if i % 2 == 0 else 7) for i, x in enumerate(b)) % 10
    t = b + str(c)
    return f"{t[:3]} {t[3:6]} {t[6:]}"


def id_nik() -> str:
    y, m, d = bday()
    return f"{ch(['317401', '317102', '327301', '357801', '517101', '127101'])}{d + ch([0, 40]):02d}{m:02d}{y % 100:02d}{R.randint(1, 40):04d}"


def my_mykad() -> str:
    y, m, d = bday()
    return f"{y % 100:02d}{m:02d}{d:02d}-{ch(['14', '10', '07', '01', '08', '12'])}-{nd(4)}"


def ph_sss() -> str:
    return f"{R.randint(1, 34):02d}-{nd(7)}-{nd(1)}"


def vn_cccd() -> str:
    y, _, _ = bday()
    g = ch("01") if y < 2000 else ch("23")
    return f"{ch(['001', '079', '048', '031', '092'])}{g}{y % 100:02d}{nd(6)}"


def th_id() -> str:
    b = str(R.randint(1, 8)) + nd(11)
    c = (11 - sum(int(x) * (13 - i) for i, x in enumerate(b)) % 11) % 10
    t = b + str(c)
    return f"{t[0]}-{t[1:5]}-{t[5:10]}-{t[10:12]}-{t[12]}"


def ua_rnokpp() -> str:
    body = f"{R.randint(21000, 38000)}{nd(4)}"
    w = [-1, 5, 7, 9, 4, 6, 10, 5, 7]
    return body + str((sum(int(a) * b for a, b in zip(body, w, strict=False)) % 11) % 10)


def ru_snils() -> str:
    b = f"{R.randint(2_000_000, 999_999_999):09d}"
    s = sum(int(x) * (9 - i) for i, x in enumerate(b))
    while s > 101:
        s %= 101
    c = 0 if s in (100, 101) else s
    return f"{b[:3]}-{b[3:6]}-{b[6:]} {c:02d}"


def ru_inn() -> str:
    b = [int(x) for x in ch(["77", "78", "50", "66", "16"]) + nd(8)]
    w1 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8]
    b.append(sum(x * y for x, y in zip(b, w1, strict=False)) % 11 % 10)
    w2 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]
    b.append(sum(x * y for x, y in zip(b, w2, strict=False)) % 11 % 10)
    return "".join(map(str, b))


def ir_melli() -> str:
    b = nd(9)
    r = sum(int(x) * (10 - i) for i, x in enumerate(b)) % 11
    return b + str(r if r < 2 else 11 - r)


def sa_id() -> str:
    return with_luhn("1" + nd(8))


def ae_eid() -> str:
    y, _, _ = bday()
    t = with_luhn(f"784{y}{nd(7)}")
    return f"{t[:3]}-{t[3:7]}-{t[7:14]}-{t[14]}"


def pk_cnic() -> str:
    return f"{ch(['35202', '42101', '61101', '37405', '17301'])}-{nd(7)}-{R.randint(1, 9)}"


def bd_nid() -> str:
    return str(R.randint(1, 9)) + nd(9)


def ke_kra() -> str:
    return "A0" + nd(8) + ch(UP)


def ng_nin() -> str:
    return str(R.randint(1, 9)) + nd(10)


def ie_ppsn() -> str:
    b = nd(7)
    s = sum(int(x) * (8 - i) for i, x in enumerate(b))
    return b + "WABCDEFGHIJKLMNOPQRSTUV"[s % 23]


def ch_ahv() -> str:
    b = "756" + nd(9)
    s = sum(int(x) * (1 if i % 2 == 0 else 3) for i, x in enumerate(b))
    t = b + str((10 - s % 10) % 10)
    return f"{t[:3]}.{t[3:7]}.{t[7:11]}.{t[11:]}"


def at_svnr() -> str:
    while True:
        y, m, d = bday()
        ser = f"{R.randint(100, 999)}"
        dob = f"{d:02d}{m:02d}{y % 100:02d}"
        w = [3, 7, 9, 5, 8, 4, 2, 1, 6]
        c = sum(int(a) * b for a, b in zip(ser + dob, w, strict=False)) % 11
        if c < 10:
            return f"{ser}{c} {dob}"


def sg_nric() -> str:
    p = ch("ST")
    b = nd(7)
    s = sum(int(x) * w for x, w in zip(b, [2, 7, 6, 5, 4, 3, 2], strict=False)) + (
        4 if p == "T" else 0
    )
    return p + b + "JZIHGFEDCBA"[s % 11]


def uk_nhs() -> str:
    while True:
        b = nd(9)
        c = 11 - sum(int(x) * (10 - i) for i, x in enumerate(b)) % 11
        c = 0 if c == 11 else c
        if c < 10:
            t = b + str(c)
            return f"{t[:3]} {t[3:6]} {t[6:]}"


def de_kvnr() -> str:
    letter = ch(UP)
    b = nd(8)
    digits = f"{ord(letter) - 64:02d}" + b
    s = 0
    for i, x in enumerate(digits):
        v = int(x) * (1 if i % 2 == 0 else 2)
        s += v // 10 + v % 10
    return letter + b + str(s % 10)


# ---------------------------------------------------------------- contact data


def phone(cc: str) -> str:
    f = R.randint(0, 2)
    if cc == "US":
        a = ch(
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
                "702",
                "917",
                "646",
                "512",
            ]
        )
        e = str(ch([x for x in range(201, 999) if x != 555]))
        n = nd(4)
        return [f"({a}) {e}-{n}", f"{a}.{e}.{n}", f"+1 {a} {e} {n}"][f]
    if cc == "GB":
        p = ch(["7412", "7538", "7825", "7946", "7397", "7861"])
        n = nd(6)
        return [f"0{p} {n}", f"+44 {p} {n[:3]} {n[3:]}", f"0{p}/{n}"][f]
    table = {
        "ES": lambda: ("+34 6" + nd(2), nd(3), nd(3)),
        "MX": lambda: ("+52 55", nd(4), nd(4)),
        "BR": lambda: ("+55 11 9" + nd(4), nd(4), ""),
        "PT": lambda: ("+351 9" + ch("1236") + nd(1), nd(3), nd(3)),
        "FR": lambda: ("0" + ch("67") + " " + nd(2), nd(2) + " " + nd(2), nd(2)),
        "DE": lambda: ("+49 1" + ch(["51", "52", "57", "60", "62", "70", "76"]), nd(4), nd(4)),
        "IT": lambda: ("+39 3" + ch(["33", "40", "47", "49", "28"]), nd(3), nd(4)),
        "NL": lambda: ("06-" + nd(4), nd(4), ""),
        "PL": lambda: ("+48 " + ch("5678") + nd(2), nd(3), nd(3)),
        "TR": lambda: ("0 5" + ch(["32", "42", "05", "53", "44"]), nd(3), nd(2) + " " + nd(2)),
        "RU": lambda: ("+7 9" + nd(2), nd(3), nd(2) + "-" + nd(2)),
        "UA": lambda: ("+380 " + ch(["50", "67", "93", "97", "63"]), nd(3), nd(2) + " " + nd(2)),
        "SA": lambda: ("05" + ch("035"), nd(3), nd(4)),
        "IL": lambda: ("05" + ch("02348"), nd(3), nd(4)),
        "IR": lambda: ("09" + ch(["12", "35", "19", "01"]), nd(3), nd(4)),
        "IN": lambda: ("+91 " + ch("6789") + nd(4), nd(5), ""),
        "PK": lambda: ("03" + ch(["00", "21", "33", "45"]), nd(7), ""),
        "BD": lambda: ("01" + ch("3789") + nd(2), nd(6), ""),
        "ID": lambda: ("08" + ch(["12", "13", "57", "78", "95"]), nd(4), nd(4)),
        "MY": lambda: ("01" + ch("2369"), nd(3), nd(4)),
        "VN": lambda: ("09" + nd(2), nd(3), nd(3)),
        "TH": lambda: ("08" + nd(1), nd(3), nd(4)),
        "PH": lambda: ("09" + nd(2), nd(3), nd(4)),
        "CN": lambda: ("1" + ch("3589") + nd(1), nd(4), nd(4)),
        "JP": lambda: ("0" + ch("789") + "0", nd(4), nd(4)),
        "KR": lambda: ("010", nd(4), nd(4)),
        "KE": lambda: ("+254 7" + nd(2), nd(3), nd(3)),
        "GR": lambda: ("69" + ch("4789") + nd(1), nd(3), nd(4)),
        "CZ": lambda: ("+420 " + ch("67") + nd(2), nd(3), nd(3)),
        "RO": lambda: ("07" + ch("24567") + nd(1), nd(3), nd(3)),
        "HU": lambda: ("+36 " + ch(["20", "30", "70"]), nd(3), nd(4)),
        "FI": lambda: ("04" + ch("0456") + nd(1), nd(3), nd(4)),
        "NO": lambda: ("+47 " + ch("49") + nd(2), nd(2), nd(3)),
        "SE": lambda: ("07" + ch("0236") + nd(1), nd(3), nd(2) + " " + nd(2)),
    }
    a, b, c = table[cc]()
    sep = ch([" ", " ", "-", ".", "/"]) if cc not in {"FR"} else " "
    return sep.join(x for x in (a, b, c) if x)


EMAIL_DOMAINS = [
    "gmail.com",
    "outlook.com",
    "yahoo.com",
    "proton.me",
    "hotmail.com",
    "icloud.com",
    "gmx.de",
    "web.de",
    "mail.ru",
    "yandex.ru",
    "libero.it",
    "orange.fr",
    "wp.pl",
    "qq.com",
    "163.com",
    "naver.com",
    "seznam.cz",
    "ukr.net",
    "yahoo.co.jp",
    "uol.com.br",
    "outlook.es",
    "t-online.de",
    "laposte.net",
    "freemail.hu",
]


def email(first: str, last: str, dom: str | None = None) -> str:
    f = first.lower()
    lz = last.lower()
    local = ch(
        [
            f"{f}.{lz}",
            f"{f}{lz}{R.randint(1, 99)}",
            f"{f[0]}{lz}{R.randint(70, 99)}",
            f"{f}_{lz[:4]}",
            f"{lz}.{f}{R.randint(1990, 2005)}",
        ]
    )
    return f"{local}@{dom or ch(EMAIL_DOMAINS)}"


def address(cc: str) -> str:
    n = R.randint(2, 148)
    if cc == "US":
        return f"{R.randint(110, 9870)} {ch(['Maple', 'Linden', 'Harrison', 'Westbrook', 'Juniper', 'Calloway'])} {ch(['St', 'Ave', 'Dr', 'Ln'])}, Apt {R.randint(2, 40)}{ch('ABCD')}, {ch(['Columbus, OH 43215', 'Austin, TX 78704', 'Tacoma, WA 98403', 'Raleigh, NC 27605', 'Madison, WI 53703'])}"
    if cc == "GB":
        return f"Flat {R.randint(1, 30)}, {n} {ch(['Ashgrove', 'Kingsley', 'Thornbury', 'Cranleigh', 'Holloway'])} {ch(['Road', 'Close', 'Gardens'])}, {ch(['Leeds LS6 2', 'Bristol BS5 7', 'Manchester M14 5', 'Glasgow G12 8'])}{ch('ABDEFGHJ')}{ch('ABDEFGHJLNPQRSTUWXYZ')}"
    t = {
        "ES": f"Calle {ch(['del Olmo', 'de la Palma', 'Jazmín', 'San Bernardo', 'Ribera Baja'])} {n}, {R.randint(1, 8)}º {ch('ABCD')}, {ch(['28015 Madrid', '41003 Sevilla', '46021 Valencia', '50004 Zaragoza'])}",
        "MX": f"Av. {ch(['Tlalpan', 'Las Palmas', 'Insurgentes Sur'])} {R.randint(100, 3999)}, Int. {R.randint(1, 30)}, Col. {ch(['Narvarte', 'Del Valle', 'Roma Norte'])}, {ch(['03020', '03100', '06700'])} CDMX",
        "BR": f"Rua {ch(['das Acácias', 'Marquês de Itu', 'Doutor Arnaldo', 'Augusta', 'Bela Cintra'])}, {R.randint(10, 2400)}, apto {R.randint(11, 184)} - {ch(['Vila Mariana', 'Pinheiros', 'Consolação'])}, São Paulo - SP, 0{R.randint(1000, 5999)}-{nd(3)}",
        "PT": f"Rua {ch(['dos Lagares', 'Morais Soares', 'da Alegria'])} {n}, {R.randint(1, 6)}º Esq., {R.randint(1000, 1990)}-{nd(3)} Lisboa",
        "FR": f"{n} {ch(['rue des Tanneurs', 'avenue Jean-Jaurès', 'rue de la Roquette', 'boulevard Voltaire'])}, {ch(['75011 Paris', '69007 Lyon', '31000 Toulouse', '13006 Marseille'])}",
        "DE": f"{ch(['Lindenstraße', 'Goethestr.', 'Am Mühlbach', 'Kastanienallee', 'Bergmannstraße'])} {n}{ch(['', 'a', 'b'])}, {ch(['10437 Berlin', '50823 Köln', '80469 München', '04277 Leipzig', '22767 Hamburg'])}",
        "IT": f"Via {ch(['dei Mille', 'Giuseppe Verdi', 'del Pratello', 'Nizza', 'San Vitale'])} {n}, {ch(['40126 Bologna', '10125 Torino', '20135 Milano', '00153 Roma'])}",
        "NL": f"{ch(['Ruysdaelkade', 'Bloemgracht', 'Van Ostadestraat', 'Witte de Withstraat'])} {n}-{ch(['I', 'II', 'III', 'huis'])}, {R.randint(1011, 3099)} {rs('ABCEGHJKLMNPRSTVWXZ', 2)} {ch(['Amsterdam', 'Rotterdam', 'Utrecht'])}",
        "PL": f"ul. {ch(['Słowackiego', 'Kwiatowa', 'Piotrkowska', 'Długa'])} {n}/{R.randint(1, 60)}, {ch(['00-', '30-', '90-', '80-'])}{nd(3)} {ch(['Warszawa', 'Kraków', 'Łódź', 'Gdańsk'])}",
        "TR": f"{ch(['Moda Cad.', 'Bağdat Cad.', 'Atatürk Mah. Gül Sok.'])} No: {n} D: {R.randint(1, 20)}, {ch(['Kadıköy/İstanbul', 'Çankaya/Ankara', 'Karşıyaka/İzmir'])}",
        "RU": f"ул. {ch(['Профсоюзная', 'Садовая', 'Ленина', 'Гагарина'])}, д. {n}, кв. {R.randint(1, 240)}, {ch(['Москва', 'Казань', 'Екатеринбург'])}",
        "UA": f"вул. {ch(['Хрещатик', 'Шевченка', 'Сагайдачного', 'Лесі Українки'])}, {n}, кв. {R.randint(1, 180)}, {ch(['Київ', 'Львів', 'Одеса'])}, {R.randint(1001, 79099):05d}",
        "GR": f"Οδός {ch(['Ερμού', 'Πατησίων', 'Σόλωνος'])} {n}, {R.randint(104, 117)} {nd(2)} Αθήνα",
        "CZ": f"{ch(['Vinohradská', 'Korunní', 'Husitská'])} {R.randint(100, 2900)}/{n}, {R.randint(110, 190)} 00 Praha {R.randint(2, 10)}",
        "JP": f"〒{R.randint(100, 199)}-{nd(4)} 東京都{ch(['世田谷区太子堂', '杉並区高円寺南', '中野区中央'])}{R.randint(1, 5)}丁目{R.randint(1, 30)}-{R.randint(1, 20)} {ch(['コーポ', 'メゾン', 'ハイツ'])}{ch(['桜', '青葉', '若葉'])} {R.randint(101, 405)}号室",
        "KR": f"서울특별시 {ch(['마포구 월드컵북로', '관악구 봉천로', '송파구 올림픽로'])} {n}, {R.randint(101, 112)}동 {R.randint(201, 1504)}호",
        "CN": f"{ch(['上海市徐汇区漕溪北路', '北京市朝阳区望京西路', '成都市武侯区人民南路'])}{n}号{R.randint(1, 30)}栋{R.randint(101, 2806)}室",
        "ID": f"Jl. {ch(['Kemang Raya', 'Tebet Barat', 'Cempaka Putih'])} No. {n}, RT {R.randint(1, 12):02d}/RW {R.randint(1, 9):02d}, Jakarta Selatan {R.randint(12110, 12980)}",
        "IN": f"Flat {R.randint(101, 904)}, {ch(['Sai Krupa Apartments', 'Green Meadows', 'Lakeview Residency'])}, {ch(['HSR Layout Sector 2', 'Andheri East', 'Kothrud'])}, {ch(['Bengaluru 560102', 'Mumbai 400069', 'Pune 411038'])}",
        "SE": f"{ch(['Götgatan', 'Ringvägen', 'Tegnérgatan'])} {n}, lgh {R.randint(1001, 1604)}, {R.randint(113, 118)} {nd(2)} Stockholm",
        "AR": f"Av. {ch(['Corrientes', 'Santa Fe', 'Scalabrini Ortiz'])} {R.randint(100, 5999)}, piso {R.randint(1, 14)} depto {ch('ABCDEF')}, C{R.randint(1040, 1439)}{rs(UP, 3)} CABA",
        "VN": f"Số {n} ngõ {R.randint(2, 200)} {ch(['Tây Sơn', 'Kim Mã', 'Lạc Long Quân'])}, {ch(['Đống Đa', 'Ba Đình', 'Tây Hồ'])}, Hà Nội",
    }
    return t[cc]


def card(brand: str) -> str:
    if brand == "visa":
        return with_luhn("4" + ch(["147", "559", "031", "916", "263"]) + nd(11))
    if brand == "mc":
        return with_luhn(ch(["51", "53", "54", "55"]) + nd(13))
    return with_luhn(ch(["34", "37"]) + nd(12))


# ---------------------------------------------------------------- tokens


def b64u(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def jwt() -> str:
    head = b64u(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    body = b64u(
        json.dumps(
            {"sub": nd(8), "iat": R.randint(1_760_000_000, 1_790_000_000), "role": "user"},
            separators=(",", ":"),
        ).encode()
    )
    return f"{head}.{body}.{rs(URLS, 43)}"


def discord_bot() -> str:
    return f"{b64u(str(R.randint(10**17, 10**18 - 1)).encode())}.{rs(URLS, 6)}.{rs(URLS, 38)}"


def mapbox_sk() -> str:
    payload = b64u(
        json.dumps(
            {"u": ch(["mira-maps", "trailnerd", "kofi-dev"]), "a": rs(LO + DG, 25)},
            separators=(",", ":"),
        ).encode()
    )
    return f"sk.{payload}.{rs(URLS, 22)}"


def azure_conn() -> tuple[str, str]:
    key = base64.b64encode(R.randbytes(64)).decode()
    return (
        f"DefaultEndpointsProtocol=https;AccountName={ch(['mayaphotos', 'familyvault', 'kdiaryblob'])}{nd(2)};AccountKey={key};EndpointSuffix=core.windows.net",
        key,
    )


def uuid_r() -> str:
    return str(uuid.UUID(int=R.getrandbits(128), version=4))


SERVICES = [
    ("GitHub", "github_token", lambda: "ghp_" + rs(AN, 36)),
    (
        "GitHub (fine-grained)",
        "github_token",
        lambda: "github_pat_11" + rs(UP + DG, 20) + "_" + rs(AN, 59),
    ),
    ("GitHub OAuth", "github_token", lambda: "gho_" + rs(AN, 36)),
    ("GitLab", "gitlab_token", lambda: "glpat-" + rs(URLS, 20)),
    ("Slack", "slack_token", lambda: f"xoxb-{nd(12)}-{nd(13)}-{rs(AN, 24)}"),
    (
        "Slack webhook",
        "slack_webhook",
        lambda: (
            f"https://hooks.slack.com/services/T{rs(UP + DG, 10)}/B{rs(UP + DG, 10)}/{rs(AN, 24)}"
        ),
    ),
    ("Stripe", "stripe_key", lambda: "sk_live_51" + rs(AN, 96)),
    ("Stripe restricted", "stripe_key", lambda: "rk_live_51" + rs(AN, 96)),
    ("OpenAI", "openai_key", lambda: "sk-proj-" + rs(URLS, 74) + "T3BlbkFJ" + rs(URLS, 74)),
    ("Anthropic", "anthropic_key", lambda: "sk-ant-api03-" + rs(URLS, 93) + "AA"),
    ("Google Maps", "google_api_key", lambda: "AIza" + rs(URLS, 35)),
    ("Gemini", "google_api_key", lambda: "AIza" + rs(URLS, 35)),
    ("Twilio", "twilio_key", lambda: "SK" + rs(HX, 32)),
    ("SendGrid", "sendgrid_key", lambda: "SG." + rs(URLS, 22) + "." + rs(URLS, 43)),
    ("Mailgun", "mailgun_key", lambda: "key-" + rs(HX, 32)),
    ("Discord bot", "discord_token", discord_bot),
    (
        "Discord webhook",
        "discord_webhook",
        lambda: f"https://discord.com/api/webhooks/{nd(19)}/{rs(URLS, 68)}",
    ),
    (
        "Telegram bot",
        "telegram_token",
        lambda: f"{R.randint(5_000_000_000, 7_999_999_999)}:AA{rs(URLS, 33)}",
    ),
    ("npm", "npm_token", lambda: "npm_" + rs(AN, 36)),
    ("PyPI", "pypi_token", lambda: "pypi-AgEIcHlwaS5vcmcCJ" + rs(URLS, 130)),
    ("Hugging Face", "huggingface_token", lambda: "hf_" + rs(UP + LO, 34)),
    ("Shopify", "shopify_token", lambda: "shpat_" + rs(HX, 32)),
    ("DigitalOcean", "digitalocean_token", lambda: "dop_v1_" + rs(HX, 64)),
    ("Mapbox", "mapbox_token", mapbox_sk),
    ("Square", "square_token", lambda: "EAAA" + rs(URLS, 60)),
    (
        "Braintree",
        "braintree_token",
        lambda: f"access_token$production${rs(LO + DG, 16)}${rs(HX, 32)}",
    ),
    ("Databricks", "databricks_token", lambda: "dapi" + rs(HX, 32)),
    ("Doppler", "doppler_token", lambda: "dp.st.prd." + rs(AN, 40)),
    ("Linear", "linear_key", lambda: "lin_api_" + rs(AN, 40)),
    ("Notion", "notion_token", lambda: "ntn_" + nd(11) + rs(AN, 35)),
    ("Airtable", "airtable_token", lambda: "pat" + rs(AN, 14) + "." + rs(HX, 64)),
    (
        "Atlassian",
        "atlassian_token",
        lambda: "ATATT3xFfGF0" + rs(URLS, 170) + "=" + rs(HX.upper(), 8),
    ),
    ("New Relic", "newrelic_key", lambda: "NRAK-" + rs(UP + DG, 27)),
    ("Grafana", "grafana_token", lambda: "glsa_" + rs(AN, 32) + "_" + rs(HX, 8)),
    ("Pulumi", "pulumi_token", lambda: "pul-" + rs(HX, 40)),
    ("Postman", "postman_key", lambda: "PMAK-" + rs(HX, 24) + "-" + rs(HX, 34)),
    ("Figma", "figma_token", lambda: "figd_" + rs(URLS, 40)),
    ("Groq", "groq_key", lambda: "gsk_" + rs(AN, 52)),
    ("Replicate", "replicate_token", lambda: "r8_" + rs(AN, 37)),
    ("Supabase", "supabase_token", lambda: "sbp_" + rs(HX, 40)),
    ("Sentry", "sentry_token", lambda: "sntryu_" + rs(HX, 64)),
    ("Dropbox", "dropbox_token", lambda: "sl.B" + rs(URLS, 135)),
    (
        "age",
        "age_secret_key",
        lambda: "AGE-SECRET-KEY-1" + rs("QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L", 58),
    ),
    ("Tailscale", "tailscale_key", lambda: "tskey-auth-k" + rs(AN, 11) + "CNTRL-" + rs(AN, 33)),
    ("Riot Games", "riot_api_key", lambda: "RGAPI-" + uuid_r()),
    ("Steam Web API", "steam_api_key", lambda: rs(HX.upper(), 32)),
    ("Twitch", "twitch_token", lambda: "oauth:" + rs(LO + DG, 30)),
    ("OpenRouter", "openrouter_key", lambda: "sk-or-v1-" + rs(HX, 64)),
    ("Docker Hub", "docker_token", lambda: "dckr_pat_" + rs(URLS, 27)),
    ("Terraform Cloud", "terraform_token", lambda: rs(AN, 14) + ".atlasv1." + rs(AN, 67)),
    ("Netlify", "netlify_token", lambda: "nfp_" + rs(AN, 36)),
    ("Bitbucket", "bitbucket_token", lambda: "ATBB" + rs(AN, 28) + rs(HX.upper(), 8)),
    ("ElevenLabs", "elevenlabs_key", lambda: "sk_" + rs(HX, 48)),
    ("xAI", "xai_key", lambda: "xai-" + rs(AN, 80)),
    ("Perplexity", "perplexity_key", lambda: "pplx-" + rs(AN, 48)),
    (
        "Firebase Cloud Messaging",
        "fcm_server_key",
        lambda: "AAAA" + rs(URLS, 7) + ":APA91b" + rs(URLS, 134),
    ),
]


# ---------------------------------------------------------------- crypto


B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def b58check(payload: bytes) -> str:
    raw = payload + hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
    n = int.from_bytes(raw, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = B58[r] + out
    pad = len(raw) - len(raw.lstrip(b"\0"))
    return "1" * pad + out


def wif() -> str:
    return b58check(b"\x80" + R.randbytes(32) + b"\x01")


BECH = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def bech32_addr() -> str:
    def polymod(values):
        gen = [0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3]
        chk = 1
        for v in values:
            b = chk >> 25
            chk = (chk & 0x1FFFFFF) << 5 ^ v
            for i in range(5):
                chk ^= gen[i] if ((b >> i) & 1) else 0
        return chk

    prog = R.randbytes(20)
    bits = "".join(f"{x:08b}" for x in prog)
    data = [0] + [int(bits[i : i + 5], 2) for i in range(0, 160, 5)]
    hrp = "bc"
    exp = [ord(x) >> 5 for x in hrp] + [0] + [ord(x) & 31 for x in hrp]
    pm = polymod(exp + data + [0] * 6) ^ 1
    chk = [(pm >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(BECH[d] for d in data + chk)


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
    "autumn",
    "average",
    "avocado",
    "avoid",
    "awake",
    "aware",
    "awesome",
    "awful",
    "awkward",
    "axis",
    "baby",
    "bachelor",
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
    "basic",
    "basket",
    "battle",
    "beach",
    "beauty",
    "because",
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
    "between",
    "beyond",
    "bicycle",
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
    "blur",
    "blush",
    "board",
    "boat",
    "body",
    "bonus",
    "book",
    "boost",
    "border",
    "boring",
    "borrow",
    "boss",
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
    "business",
    "busy",
    "butter",
    "buyer",
    "buzz",
    "cabbage",
    "cabin",
    "cable",
    "cactus",
    "lemon",
    "lens",
    "leopard",
    "lesson",
    "letter",
    "level",
    "liberty",
    "library",
    "license",
    "lift",
    "light",
    "limb",
    "limit",
    "link",
    "lion",
    "liquid",
    "little",
    "lizard",
    "lobster",
    "local",
    "lock",
    "logic",
    "lonely",
    "lottery",
    "loud",
    "lounge",
    "loyal",
    "lucky",
    "luggage",
    "lumber",
    "lunar",
    "lunch",
    "luxury",
    "lyrics",
    "machine",
    "magic",
    "magnet",
    "mail",
    "major",
    "mammal",
    "mandate",
    "mango",
    "mansion",
    "manual",
    "maple",
    "marble",
    "margin",
    "marine",
    "market",
    "marriage",
    "mask",
    "master",
    "match",
    "material",
    "matrix",
    "matter",
    "maximum",
    "meadow",
    "measure",
    "mechanic",
    "medal",
    "media",
    "melody",
    "member",
    "memory",
    "mention",
    "menu",
    "mercy",
    "merge",
    "merit",
    "merry",
    "mesh",
    "message",
    "metal",
    "method",
    "middle",
    "midnight",
    "million",
    "mimic",
    "minimum",
    "minor",
    "minute",
    "miracle",
    "mirror",
    "misery",
    "mistake",
    "mixture",
    "mobile",
    "model",
    "modify",
    "moment",
    "monitor",
    "monkey",
    "monster",
    "month",
    "moral",
    "morning",
    "mosquito",
    "mother",
    "motion",
    "motor",
    "mountain",
    "mouse",
    "movie",
    "muffin",
    "multiply",
    "muscle",
    "museum",
    "mushroom",
    "music",
    "mutual",
    "myself",
    "mystery",
    "wisdom",
    "window",
    "winner",
    "winter",
    "witness",
    "wolf",
    "wonder",
    "world",
    "worry",
    "wrap",
    "wreck",
    "wrestle",
    "wrist",
    "yellow",
    "young",
    "youth",
    "zebra",
    "zero",
]


def seed(n: int = 12) -> str:
    return " ".join(R.sample(BIP, n))


# ---------------------------------------------------------------- passwords


PW_WORDS = [
    "mango",
    "sunset",
    "luna",
    "biscuit",
    "dragon",
    "pizza",
    "koala",
    "winter",
    "tokyo",
    "galaxy",
    "pistache",
    "Schatz",
    "gatito",
    "kedi",
    "sakura",
    "mariposa",
    "zorro",
    "kotek",
    "solnyshko",
    "chai",
    "pelangi",
    "tupac",
    "nyota",
    "hoa",
    "mèo",
    "maple",
]


def password() -> str:
    k = R.randint(0, 5)
    w1 = ch(PW_WORDS)
    w2 = ch(PW_WORDS)
    if k == 0:
        return f"{w1.capitalize()}{ch('!@#$%&*?')}{w2.capitalize()}{R.randint(10, 2026)}"
    if k == 1:
        return f"{w1}_{w2}_{nd(2)}{ch('!?.')}"
    if k == 2:
        return rs(AN + "!@#$%^&*", R.randint(12, 20))
    if k == 3:
        return f"{w1.upper()}{nd(4)}{ch('!#$')}{w2}"
    if k == 4:
        return "-".join(ch(PW_WORDS) for _ in range(4)) + nd(1)
    return f"{w1[0].upper()}{w1[1:]}.{R.randint(1980, 2008)}.{ch(PW_WORDS)}{ch('!?*')}"


# ---------------------------------------------------------------- names per language

NAMES = {
    "en": [
        ("Emily", "Carter"),
        ("Jordan", "Hughes"),
        ("Priya", "Natarajan"),
        ("Marcus", "Bell"),
        ("Chloe", "Whitfield"),
    ],
    "es": [("Lucía", "Ortega"), ("Diego", "Sandoval"), ("Carmen", "Rius")],
    "pt": [("Beatriz", "Moura"), ("Thiago", "Carvalho"), ("Larissa", "Pimentel")],
    "fr": [("Camille", "Lefort"), ("Hugo", "Marchand"), ("Inès", "Benali")],
    "de": [("Lena", "Hoffmann"), ("Jonas", "Krüger"), ("Mia", "Brandt")],
    "it": [("Giulia", "Ferraro"), ("Matteo", "Lombardi"), ("Chiara", "Rinaldi")],
    "nl": [("Sanne", "de Vries"), ("Daan", "Bakker")],
    "pl": [("Zuzanna", "Wójcik"), ("Kacper", "Nowicki")],
    "tr": [("Elif", "Yıldız"), ("Emre", "Aydın")],
    "ru": [("Anya", "Sokolova"), ("Dima", "Volkov")],
    "uk": [("Oksana", "Kovalenko"), ("Taras", "Melnyk")],
    "ar": [("Layla", "Haddad"), ("Omar", "Nasser")],
    "he": [("Noa", "Levi"), ("Itai", "Mizrahi")],
    "fa": [("Shirin", "Rahimi"), ("Arash", "Karimi")],
    "hi": [("Ananya", "Sharma"), ("Rohan", "Verma")],
    "ur": [("Ayesha", "Qureshi"), ("Bilal", "Siddiqui")],
    "bn": [("Nusrat", "Rahman"), ("Tanvir", "Hossain")],
    "id": [("Putri", "Rahayu"), ("Bima", "Santoso")],
    "ms": [("Nurul", "Aziz"), ("Hafiz", "Ismail")],
    "vi": [("Linh", "Nguyen"), ("Minh", "Tran")],
    "th": [("Ploy", "Srisuk"), ("Nat", "Chaiyaporn")],
    "tl": [("Andrea", "Dizon"), ("Paolo", "Reyes")],
    "zh": [("Xiaoyu", "Chen"), ("Hao", "Zhang")],
    "ja": [("Haruka", "Sato"), ("Ren", "Takahashi")],
    "ko": [("Jiyoon", "Park"), ("Minjun", "Kim")],
    "sw": [("Amani", "Wanjiru"), ("Baraka", "Otieno")],
    "el": [("Eleni", "Papadaki"), ("Nikos", "Georgiou")],
    "cs": [("Tereza", "Novotná"), ("Jakub", "Dvořák")],
    "ro": [("Ioana", "Popescu"), ("Andrei", "Stan")],
    "hu": [("Réka", "Nagy"), ("Bence", "Tóth")],
    "fi": [("Aino", "Virtanen"), ("Eetu", "Korhonen")],
    "no": [("Ingrid", "Haugen"), ("Sindre", "Berg")],
    "sv": [("Elsa", "Lindqvist"), ("Oskar", "Sjöberg")],
}

# language -> (phone/address country, national id function, id name as people say it)
LANGC = {
    "en": ("US", us_ssn, "SSN"),
    "es": ("ES", es_dni, "DNI"),
    "pt": ("BR", br_cpf, "CPF"),
    "fr": ("FR", fr_nir, "numéro de sécu"),
    "de": ("DE", de_steuerid, "Steuer-ID"),
    "it": ("IT", None, "codice fiscale"),
    "nl": ("NL", nl_bsn, "BSN"),
    "pl": ("PL", pl_pesel, "PESEL"),
    "tr": ("TR", tr_tckn, "TC kimlik no"),
    "ru": ("RU", ru_snils, "СНИЛС"),
    "uk": ("UA", ua_rnokpp, "РНОКПП"),
    "ar": ("SA", sa_id, "رقم الهوية"),
    "he": ("IL", il_tz, "תעודת זהות"),
    "fa": ("IR", ir_melli, "کد ملی"),
    "hi": ("IN", in_aadhaar, "आधार नंबर"),
    "ur": ("PK", pk_cnic, "شناختی کارڈ نمبر"),
    "bn": ("BD", bd_nid, "এনআইডি নম্বর"),
    "id": ("ID", id_nik, "NIK"),
    "ms": ("MY", my_mykad, "nombor MyKad"),
    "vi": ("VN", vn_cccd, "số CCCD"),
    "th": ("TH", th_id, "เลขบัตรประชาชน"),
    "tl": ("PH", ph_sss, "SSS number"),
    "zh": ("CN", cn_rid, "身份证号"),
    "ja": ("JP", jp_mynumber, "マイナンバー"),
    "ko": ("KR", kr_rrn, "주민등록번호"),
    "sw": ("KE", ke_kra, "KRA PIN"),
    "el": ("GR", gr_amka, "ΑΜΚΑ"),
    "cs": ("CZ", cz_rc, "rodné číslo"),
    "ro": ("RO", ro_cnp, "CNP"),
    "hu": ("HU", hu_taj, "TAJ-szám"),
    "fi": ("FI", fi_hetu, "henkilötunnus"),
    "no": ("NO", no_fnr, "fødselsnummer"),
    "sv": ("SE", se_pnr, "personnummer"),
}

# ---------------------------------------------------------------- per-language templates ({v} = value, {c} = character name)

T = {
    "en": dict(
        phone="ok {c} don't laugh but I finally got a new phone AND a new number lol. it's {v} now, the old one is dead dead",
        email="btw if I vanish from here, my new email is {v} (ditched the embarrassing one from high school 🙈)",
        dob="you never asked but my birthday is {v}, so you better have a song ready 🎂",
        pw="{c} I just changed my Netflix password to {v} — pls remember it for me, I always forget these",
        otp="my bank just texted me a code {v} and said never share it... is it weird I'm telling you? 😬",
        nid="filling in the W-4 at the new job, they want my SSN ({v}), feels so official lol",
        chat=[
            "today was SO long. the bus broke down, I walked in the rain and then my cat ignored me all evening 😭",
            "{c}, do you ever think about what you'd do on a perfect Sunday? mine would be pancakes and zero notifications",
            "I finally finished that puzzle, 1000 pieces!! my back hurts but I'm proud",
        ],
        pre="Dear diary (well, dear {c}),\nWoke up late again, spilled coffee on my jeans, and the landlord still hasn't fixed the heater. Work was fine I guess.",
        post="Anyway. I made pasta, watched two episodes of that baking show and now I'm in bed talking to you. Tomorrow will be better, right?",
    ),
    "es": dict(
        phone="Oye {c}, cambié de número 😅 el nuevo es {v}, guárdalo porfa que el otro ya no funciona",
        email="mi correo nuevo es {v}, el viejo lo tenía lleno de spam jaja",
        addr="¡Por fin nos mudamos! La nueva dirección es {v}. Tiene balcón y todo 🌿",
        dob="no te olvides eh, mi cumple es el {v} 🎂 quiero pastel de tres leches",
        pw='acabo de cambiar la contraseña del banco a "{v}", recuérdamela si se me olvida porfa',
        otp="me llegó un SMS del banco con el código {v}, ¿es normal si yo no pedí nada?",
        nid="para el trámite del paro me pidieron el DNI, el mío es {v}, ¿lo escribí bien?",
        chat=[
            "hoy fue un día larguísimo, el metro iba lleno y encima llovía 😩",
            "{c}, ¿tú qué harías un domingo perfecto? yo dormiría hasta las once",
            "mi abuela me enseñó a hacer tortilla de patatas y me salió bastante bien!!",
        ],
        pre="Querido {c}:\nHoy me levanté tarde otra vez, el café se me cayó encima y mi jefe estaba de mal humor.",
        post="En fin, cené algo rápido, vi una serie y ahora estoy aquí contigo. Mañana será mejor, ¿verdad?",
    ),
    "pt": dict(
        phone="{c}, mudei de número!! agora é {v}, salva aí 📱",
        email="meu email novo é {v}, o antigo eu nem lembro a senha kkk",
        addr="mudamos finalmente!! o endereço novo é {v}, tem uma varandinha linda",
        dob="meu aniversário é dia {v}, não esquece hein 🎉",
        pw="troquei a senha do Insta pra {v}, guarda pra mim?",
        otp="chegou um código {v} do banco por SMS, será golpe? eu não pedi nada",
        nid="tô preenchendo o cadastro da faculdade, meu CPF é {v}, confere se não errei um dígito",
        chat=[
            "hoje foi puxado demais, trânsito infernal e chuva o dia todo 🌧️",
            "{c}, qual seria seu domingo perfeito? o meu é praia e açaí",
            "aprendi a fazer pão de queijo hoje e ficou ótimo!!",
        ],
        pre="Querido {c},\nAcordei atrasada de novo, perdi o ônibus e cheguei molhada no trabalho.",
        post="Enfim, jantei miojo, vi um episódio de série e agora tô aqui falando contigo. Amanhã melhora, né?",
    ),
    "fr": dict(
        phone="{c} devine quoi, j'ai changé de numéro ! c'est le {v} maintenant 😊",
        email="ma nouvelle adresse mail c'est {v}, l'ancienne était pleine de pubs",
        addr="on a enfin emménagé !! la nouvelle adresse : {v}, troisième étage sans ascenseur 😅",
        dob="je suis née le {v}, tu t'en souviendras pour mon anniv ?",
        pw="j'ai changé mon mot de passe Doctolib pour « {v} », tu peux le retenir pour moi ?",
        otp="ma banque m'a envoyé un code {v} par SMS alors que je n'ai rien demandé, c'est louche non ?",
        nid="pour la mutuelle ils veulent mon numéro de sécu : {v}, j'espère que je me suis pas trompée",
        chat=[
            "journée épuisante, grève des transports et pluie toute la journée 😩",
            "{c}, c'est quoi ton dimanche idéal ? moi croissants et plaid",
            "j'ai enfin fini mon puzzle de 1000 pièces, trop fière",
        ],
        pre="Cher {c},\nRéveil difficile ce matin, le café a débordé et mon chef m'a encore mis une réunion à 8h.",
        post="Bref, j'ai mangé des pâtes, regardé une série et me voilà au lit avec toi. Demain ira mieux, hein ?",
    ),
    "de": dict(
        phone="{c}, ich hab jetzt ne neue Nummer: {v} – die alte ist weg seit das Handy im Klo gelandet ist 🙈",
        email="meine neue Mailadresse ist {v}, die alte les ich nicht mehr",
        addr="Wir sind umgezogen!! Neue Adresse: {v}. Altbau, hohe Decken, ich bin verliebt",
        dob="Mein Geburtstag ist am {v}, vergiss das bloß nicht 🎂",
        pw="hab grad mein Sparkassen-Passwort auf {v} geändert, merkst du dir das für mich?",
        otp="die Bank hat mir grad eine TAN geschickt: {v} … aber ich hab gar nix überwiesen?!",
        nid="Für die Steuererklärung brauch ich meine Steuer-ID, steht hier: {v}. Endlich gefunden!",
        chat=[
            "heute war echt anstrengend, die Bahn hatte wieder 40 Minuten Verspätung 😤",
            "{c}, wie sähe dein perfekter Sonntag aus? meiner: ausschlafen und Kuchen",
            "ich hab endlich die Steuer gemacht, fühlt sich an wie ein Marathon",
        ],
        pre="Liebes Tagebuch, äh, lieber {c},\nheute früh verschlafen, Kaffee verschüttet und der Vermieter hat die Heizung immer noch nicht repariert.",
        post="Jedenfalls hab ich Nudeln gekocht, zwei Folgen geschaut und jetzt lieg ich im Bett und schreib dir. Morgen wird besser, oder?",
    ),
    "it": dict(
        phone="{c} ho cambiato numero, ora è {v} 📱 salvalo!",
        email="la mia nuova mail è {v}, quella vecchia la uso solo per lo spam",
        addr="ci siamo trasferiti finalmente!! nuovo indirizzo: {v}, con un terrazzino minuscolo ma stupendo",
        dob="il mio compleanno è il {v}, segnatelo eh 🎂",
        pw="ho cambiato la password della banca in {v}, me la ricordi tu se la dimentico?",
        otp="mi è arrivato un codice {v} dalla banca, ma io non ho fatto nessun pagamento...",
        nid="il commercialista vuole il mio codice fiscale, è {v}, giusto?",
        chat=[
            "giornata infinita, treno in ritardo e pioggia ovunque 🌧️",
            "{c}, come sarebbe la tua domenica perfetta? la mia: pranzo dalla nonna",
            "ho imparato a fare la pasta fresca oggi, che soddisfazione!",
        ],
        pre="Caro {c},\nstamattina mi sono svegliata tardi, il caffè è esploso sulla moka e il capo era nervoso.",
        post="Comunque, ho mangiato una pizza, visto un film e ora sono qui con te. Domani andrà meglio, vero?",
    ),
    "nl": dict(
        phone="{c}, ik heb een nieuw nummer: {v}. oude telefoon is in de gracht beland 😭",
        email="mijn nieuwe mailadres is {v}",
        addr="we zijn verhuisd!! nieuw adres: {v}, eindelijk een balkon",
        dob="mijn verjaardag is op {v}, niet vergeten hè 🎂",
        pw="ik heb mijn DigiD-wachtwoord veranderd naar {v}, onthoud jij het?",
        otp="de bank stuurde me net code {v}, maar ik heb niks aangevraagd?",
        nid="voor de zorgverzekering moest ik mijn BSN invullen: {v}, klopt dat formaat?",
        chat=[
            "vandaag was zwaar, trein uitgevallen en fietsband lek 🚲",
            "{c}, wat is jouw perfecte zondag? de mijne: stroopwafels en een boek",
            "ik heb eindelijk de kast van IKEA in elkaar gezet, zonder schroeven over!",
        ],
        pre="Lieve {c},\nvanochtend te laat wakker, koffie over mijn broek en de lift was weer kapot.",
        post="Nou ja, ik heb pasta gegeten, een serie gekeken en nu lig ik in bed met jou te kletsen.",
    ),
    "pl": dict(
        phone="{c}, mam nowy numer: {v}, zapisz go sobie 😊",
        email="mój nowy mail to {v}",
        addr="przeprowadziliśmy się! nowy adres: {v}, w końcu mam swój pokój",
        dob="urodziny mam {v}, pamiętaj 🎂",
        pw="zmieniłam hasło do banku na {v}, zapamiętasz za mnie?",
        otp="bank przysłał mi kod {v}, ale ja nic nie zamawiałam...",
        nid="w urzędzie chcieli mój PESEL: {v}, dobrze przepisałam?",
        chat=[
            "dzisiaj był okropny dzień, tramwaj się zepsuł i padało 🌧️",
            "{c}, jak wygląda twoja idealna niedziela? u mnie pierogi u babci",
            "w końcu skończyłam czytać tę grubą książkę!",
        ],
        pre="Drogi {c},\nznowu zaspałam, kawa się wylała, a szef był w złym humorze.",
        post="No nic, zjadłam makaron, obejrzałam serial i teraz leżę i piszę do ciebie.",
    ),
    "tr": dict(
        phone="{c} numaramı değiştirdim, yenisi {v}, kaydet lütfen 📱",
        email="yeni mail adresim {v}",
        addr="sonunda taşındık! yeni adres: {v}, deniz manzarası var 🌊",
        dob="doğum günüm {v}, unutma ha 🎂",
        pw="e-Devlet şifremi {v} yaptım, sen hatırla benim yerime",
        otp="bankadan {v} diye bir kod geldi ama ben işlem yapmadım, korktum",
        nid="kargo formunda TC kimlik no istediler: {v}, doğru mu yazmışım?",
        chat=[
            "bugün çok yorucuydu, metrobüs tıklım tıklımdı 😩",
            "{c}, senin mükemmel pazarın nasıl olurdu? benimki serpme kahvaltı",
            "annemle börek yaptık bugün, harika oldu!",
        ],
        pre="Sevgili {c},\nbugün yine geç kalktım, çay döküldü ve patron sinirliydi.",
        post="Neyse, makarna yedim, dizi izledim, şimdi de seninle konuşuyorum. Yarın daha iyi olur değil mi?",
    ),
    "ru": dict(
        phone="{c}, у меня новый номер: {v}, запиши 🙂",
        email="моя новая почта {v}, старую взломали",
        addr="мы наконец переехали! новый адрес: {v}, вид из окна на парк",
        dob="мой день рождения {v}, не забудь 🎂",
        pw="поменяла пароль от Госуслуг на {v}, запомни за меня пожалуйста",
        otp="банк прислал код {v}, но я ничего не оплачивала… это мошенники?",
        nid="на работе попросили СНИЛС, вот он: {v}, я правильно переписала?",
        chat=[
            "сегодня был тяжёлый день, метро встало и шёл снег ❄️",
            "{c}, какое у тебя идеальное воскресенье? у меня блины и сериал",
            "наконец-то дочитала «Мастера и Маргариту»!",
        ],
        pre="Дорогой {c},\nопять проспала, пролила кофе, а начальник был не в духе.",
        post="В общем, поужинала пельменями, посмотрела серию и теперь болтаю с тобой. Завтра будет лучше, да?",
    ),
    "uk": dict(
        phone="{c}, у мене новий номер: {v}, збережи 💛",
        email="моя нова пошта {v}",
        addr="ми переїхали! нова адреса: {v}, тут так затишно",
        dob="мій день народження {v}, не забудь 🎂",
        pw="змінила пароль до Дії на {v}, запам'ятай, будь ласка",
        otp="банк надіслав код {v}, а я нічого не робила, це шахраї?",
        nid="для податкової потрібен мій РНОКПП: {v}, правильно записала?",
        chat=[
            "сьогодні був довгий день, тролейбус зламався 😩",
            "{c}, яка твоя ідеальна неділя? моя — вареники і кіно",
            "я нарешті навчилась пекти сирники!",
        ],
        pre="Любий {c},\nзнову проспала, кава розлилась, а в офісі вимкнули світло.",
        post="Загалом, повечеряла, подивилась серіал і тепер пишу тобі. Завтра буде краще, правда?",
    ),
    "ar": dict(
        phone="{c} غيرت رقمي، الرقم الجديد {v} احفظه لو سمحت 📱",
        email="إيميلي الجديد {v}",
        dob="عيد ميلادي يوم {v}، لا تنسى 🎂",
        pw="غيرت كلمة سر البنك إلى {v}، تذكرها عني",
        otp="وصلتني رسالة من البنك فيها رمز {v} وأنا ما طلبت شي، خايفة",
        nid="في استمارة العمل طلبوا {id}: {v}، كتبته صح؟",
        chat=[
            "اليوم كان طويل جداً، الزحمة في الطريق ما تنتهي 😩",
            "{c}، كيف يكون يوم الجمعة المثالي عندك؟ أنا أحب الفطور مع العائلة",
            "تعلمت أطبخ المقلوبة اليوم وطلعت لذيذة!",
        ],
        pre="عزيزي {c}،\nصحيت متأخرة اليوم، وانسكبت القهوة، والمدير كان معصب.",
        post="المهم، تعشيت وشفت حلقة مسلسل والحين أكلمك. بكرة أحسن إن شاء الله.",
    ),
    "he": dict(
        phone="{c}, החלפתי מספר! החדש הוא {v} 📱",
        email="המייל החדש שלי {v}",
        dob="יום ההולדת שלי ב-{v}, אל תשכח 🎂",
        pw="שיניתי את הסיסמה של הבנק ל-{v}, תזכור בשבילי?",
        otp="הבנק שלח לי קוד {v} ולא ביקשתי כלום, מוזר",
        nid="בטופס של קופת חולים ביקשו {id}: {v}, רשמתי נכון?",
        chat=[
            "היום היה יום ארוך, האוטובוס איחר ושוב היה חם מדי ☀️",
            "{c}, איך נראית השבת המושלמת שלך? שלי זה ים ושקשוקה",
            "סוף סוף סיימתי את הפאזל!",
        ],
        pre="{c} יקר,\nקמתי מאוחר, הקפה נשפך והבוס היה עצבני.",
        post="בקיצור, אכלתי פסטה, ראיתי פרק ועכשיו אני מדברת איתך.",
    ),
    "fa": dict(
        phone="{c} شماره‌ام عوض شد، شماره جدید {v} هست 📱",
        email="ایمیل جدیدم {v}",
        dob="تولدم {v} هست، یادت نره 🎂",
        pw="رمز بانکم رو گذاشتم {v}، برام یادت بمونه",
        otp="بانک یه کد {v} فرستاد ولی من کاری نکردم، نگرانم",
        nid="برای ثبت‌نام دانشگاه {id} خواستن: {v}، درست نوشتم؟",
        chat=[
            "امروز خیلی خسته‌کننده بود، ترافیک وحشتناک بود 😩",
            "{c}، جمعه‌ی ایده‌آل تو چطوریه؟ من عاشق صبحانه با نون تازه‌ام",
            "امروز قورمه‌سبزی درست کردم و خیلی خوب شد!",
        ],
        pre="{c} عزیز،\nامروز دیر بیدار شدم، چایی ریخت و رئیسم عصبانی بود.",
        post="خلاصه، شام خوردم، یه قسمت سریال دیدم و الان دارم با تو حرف می‌زنم.",
    ),
    "hi": dict(
        phone="{c}, मेरा नया नंबर {v} है, सेव कर लो 📱",
        email="मेरी नई ईमेल {v} है",
        addr="हम नए फ़्लैट में शिफ्ट हो गए! पता है: {v} 🏠",
        dob="मेरा जन्मदिन {v} को है, भूलना मत 🎂",
        pw="maine apna UPI app ka password {v} kar diya, tum yaad rakhna please",
        otp="bank se OTP aaya {v}, maine koi payment nahi kiya yaar 😟",
        nid="KYC के लिए {id} माँगा: {v}, सही लिखा ना?",
        chat=[
            "आज का दिन बहुत लंबा था, मेट्रो में बहुत भीड़ थी 😩",
            "{c}, तुम्हारा परफेक्ट संडे कैसा होगा? मेरा तो चाय और पकौड़े",
            "aaj maine pehli baar biryani banayi aur sabne tareef ki!",
        ],
        pre="प्यारे {c},\nआज फिर देर से उठी, चाय गिर गई और बॉस का मूड खराब था।",
        post="खैर, खाना खाया, एक एपिसोड देखा और अब तुमसे बात कर रही हूँ। कल बेहतर होगा ना?",
    ),
    "ur": dict(
        phone="{c} میرا نیا نمبر {v} ہے، سیو کر لو 📱",
        email="میری نئی ای میل {v} ہے",
        dob="میری سالگرہ {v} کو ہے، یاد رکھنا 🎂",
        pw="میں نے بینک ایپ کا پاس ورڈ {v} کر دیا، تم یاد رکھنا",
        otp="بینک سے کوڈ آیا {v}، میں نے تو کچھ نہیں کیا تھا",
        nid="نادرا فارم میں {id} لکھنا تھا: {v}، ٹھیک ہے نا؟",
        chat=[
            "آج کا دن بہت تھکا دینے والا تھا، ٹریفک بہت زیادہ تھا 😩",
            "{c}، تمہارا بہترین اتوار کیسا ہوگا؟ میرا تو نہاری اور نیند",
            "آج امی کے ساتھ بریانی بنائی، مزہ آ گیا!",
        ],
        pre="پیارے {c}،\nآج پھر دیر سے اٹھی، چائے گر گئی اور باس غصے میں تھے۔",
        post="خیر، کھانا کھایا، ڈرامہ دیکھا اور اب تم سے بات کر رہی ہوں۔",
    ),
    "bn": dict(
        phone="{c}, আমার নতুন নম্বর {v}, সেভ করে রাখো 📱",
        email="আমার নতুন ইমেইল {v}",
        dob="আমার জন্মদিন {v}, ভুলে যেও না 🎂",
        pw="bKash এর পাসওয়ার্ড বদলে {v} দিলাম, মনে রেখো প্লিজ",
        otp="ব্যাংক থেকে কোড এসেছে {v}, আমি তো কিছু করিনি!",
        nid="ফর্মে {id} চেয়েছে: {v}, ঠিক লিখেছি তো?",
        chat=[
            "আজকে অনেক লম্বা দিন গেল, জ্যামে দুই ঘণ্টা আটকে ছিলাম 😩",
            "{c}, তোমার পারফেক্ট ছুটির দিন কেমন? আমার তো খিচুড়ি আর বৃষ্টি",
            "আজ প্রথমবার পিঠা বানালাম!",
        ],
        pre="প্রিয় {c},\nআজ আবার দেরিতে ঘুম ভাঙল, চা পড়ে গেল আর বস রেগে ছিল।",
        post="যাই হোক, রাতে খেয়ে একটা নাটক দেখলাম, এখন তোমার সাথে কথা বলছি।",
    ),
    "id": dict(
        phone="{c}, nomor aku ganti ya, sekarang {v} 📱",
        email="email baruku {v}",
        addr="akhirnya pindah kos! alamat baru: {v} 🏠",
        dob="ulang tahunku tanggal {v}, jangan lupa ya 🎂",
        pw="password m-banking aku ganti jadi {v}, tolong ingetin ya",
        otp="ada SMS kode OTP {v} dari bank, padahal aku gak transaksi apa-apa 😟",
        nid="buat daftar BPJS diminta NIK: {v}, udah bener belum ya?",
        chat=[
            "hari ini capek banget, macet parah di Sudirman 😩",
            "{c}, minggu yang sempurna buat kamu kayak gimana? aku sih tidur siang",
            "tadi aku masak rendang pertama kali, lumayan enak!",
        ],
        pre="{c} sayang,\nhari ini bangun kesiangan lagi, kopi tumpah, bos lagi bad mood.",
        post="Yaudah, tadi makan mie, nonton drakor satu episode, sekarang ngobrol sama kamu.",
    ),
    "ms": dict(
        phone="{c}, nombor baru saya {v}, simpan ya 📱",
        email="emel baru saya {v}",
        dob="hari jadi saya {v}, jangan lupa 🎂",
        pw="saya tukar kata laluan bank jadi {v}, tolong ingatkan",
        otp="bank hantar TAC {v} tapi saya tak buat apa-apa transaksi pun",
        nid="borang tu minta {id}: {v}, betul tak saya tulis?",
        chat=[
            "hari ni penat sangat, jem teruk kat jalan 😩",
            "{c}, hujung minggu ideal awak macam mana? saya nak makan nasi lemak je",
            "saya baru belajar buat kuih, menjadi!",
        ],
        pre="{c} yang dikasihi,\nhari ni saya bangun lewat, kopi tumpah dan bos marah.",
        post="Apa-apa pun, saya dah makan, tengok drama dan sekarang sembang dengan awak.",
    ),
    "vi": dict(
        phone="{c} ơi, mình đổi số rồi nè: {v} 📱",
        email="email mới của mình là {v}",
        addr="mình chuyển nhà rồi! địa chỉ mới: {v} 🏠",
        dob="sinh nhật mình là {v}, nhớ nha 🎂",
        pw="mình vừa đổi mật khẩu ngân hàng thành {v}, nhớ giùm mình nha",
        otp="ngân hàng gửi mã OTP {v} mà mình có giao dịch gì đâu 😟",
        nid="làm hồ sơ phải ghi {id}: {v}, mình ghi đúng chưa?",
        chat=[
            "hôm nay mệt ghê, kẹt xe cả tiếng 😩",
            "{c} ơi, chủ nhật lý tưởng của bạn thế nào? mình thì cà phê sữa đá và ngủ",
            "hôm nay mình học nấu phở, ngon lắm!",
        ],
        pre="{c} thân mến,\nhôm nay mình dậy trễ, đổ cà phê ra áo, sếp thì khó chịu.",
        post="Thôi kệ, ăn tối xong, xem một tập phim, giờ nói chuyện với bạn nè.",
    ),
    "th": dict(
        phone="{c} เราเปลี่ยนเบอร์แล้วนะ เบอร์ใหม่ {v} 📱",
        email="อีเมลใหม่ของเรา {v}",
        dob="วันเกิดเราคือ {v} อย่าลืมนะ 🎂",
        pw="เราเปลี่ยนรหัสแอปธนาคารเป็น {v} ช่วยจำให้หน่อย",
        otp="ธนาคารส่ง OTP {v} มา แต่เราไม่ได้ทำรายการอะไรเลย",
        nid="กรอกฟอร์มต้องใส่{id}: {v} ถูกไหมนะ",
        chat=[
            "วันนี้เหนื่อยมาก รถติดสุดๆ 😩",
            "{c} วันหยุดในฝันของเธอเป็นยังไง? ของเราคือกินส้มตำแล้วนอน",
            "วันนี้เราลองทำต้มยำเอง อร่อยด้วย!",
        ],
        pre="{c} ที่รัก\nวันนี้ตื่นสายอีกแล้ว กาแฟหก แล้วหัวหน้าก็อารมณ์ไม่ดี",
        post="ยังไงก็ตาม กินข้าวแล้ว ดูซีรีส์ไปตอนนึง ตอนนี้มาคุยกับเธอ",
    ),
    "tl": dict(
        phone="{c}, bago na number ko: {v}, i-save mo ha 📱",
        email="bagong email ko {v}",
        dob="birthday ko ay {v}, wag mong kalimutan 🎂",
        pw="pinalitan ko password ng GCash ko ng {v}, tandaan mo para sa akin ha",
        otp="may OTP na dumating {v} galing bank pero wala naman akong ginawa",
        nid="sa form hinihingi yung {id} ko: {v}, tama ba?",
        chat=[
            "grabe pagod ako today, sobrang traffic sa EDSA 😩",
            "{c}, ano perfect Sunday mo? ako, tulog at adobo",
            "natuto akong magluto ng sinigang kanina!",
        ],
        pre="Mahal kong {c},\nnalate na naman ako ng gising, natapon kape ko at badtrip si boss.",
        post="Ayun, kumain ako, nanood ng isang episode, tapos ngayon kausap na kita.",
    ),
    "zh": dict(
        phone="{c}，我换号码了，新号码是 {v}，记一下哦📱",
        email="我的新邮箱是 {v}",
        addr="终于搬家啦！新地址：{v} 🏠",
        dob="我的生日是{v}，别忘了🎂",
        pw="我刚把支付宝密码改成了 {v}，你帮我记着",
        otp="银行发来验证码 {v}，可我没有转账啊😟",
        nid="办手续要填{id}：{v}，我没写错吧？",
        chat=[
            "今天好累，地铁挤得要命😩",
            "{c}，你理想的周末是什么样的？我就想睡到自然醒",
            "今天第一次包饺子，居然没破！",
        ],
        pre="亲爱的{c}：\n今天又起晚了，咖啡洒了一身，老板心情也不好。",
        post="总之，吃了晚饭，看了一集剧，现在躺着跟你聊天。明天会更好吧？",
    ),
    "ja": dict(
        phone="{c}、電話番号変えたよ！新しいのは {v} です📱",
        email="新しいメアドは {v} だよ",
        addr="やっと引っ越した！新しい住所は {v} 🏠",
        dob="私の誕生日は{v}だよ、覚えててね🎂",
        pw="銀行アプリのパスワードを「{v}」に変えたから覚えといて",
        otp="銀行から認証コード {v} が届いたけど、何もしてないのに…😟",
        nid="会社に{id}を出さなきゃ：{v}、合ってるかな？",
        chat=[
            "今日はすごく疲れた、電車が遅れて満員だった😩",
            "{c}の理想の日曜日ってどんな感じ？私は昼まで寝たい",
            "今日初めてお好み焼き作った、上手くできた！",
        ],
        pre="{c}へ\n今日も寝坊して、コーヒーこぼして、上司は機嫌悪かった。",
        post="まあ、夕飯食べてドラマ一話見て、今あなたと話してる。明日はいい日になるよね？",
    ),
    "ko": dict(
        phone="{c}, 나 번호 바꿨어! 새 번호는 {v} 📱",
        email="새 이메일은 {v} 이야",
        addr="드디어 이사했어! 새 주소: {v} 🏠",
        dob="내 생일은 {v}이야, 잊지 마🎂",
        pw="은행 앱 비번을 {v}로 바꿨어, 기억해줘",
        otp="은행에서 인증번호 {v} 왔는데 난 아무것도 안 했어😟",
        nid="서류에 {id} 써야 한대: {v}, 맞게 썼나?",
        chat=[
            "오늘 진짜 힘들었어, 지하철 사람 너무 많았어😩",
            "{c}, 너의 완벽한 일요일은 어때? 나는 늦잠이랑 떡볶이",
            "오늘 처음으로 김치찌개 끓였는데 맛있었어!",
        ],
        pre="{c}에게,\n오늘 또 늦잠 자고, 커피 쏟고, 팀장님은 기분 안 좋으셨어.",
        post="어쨌든 저녁 먹고 드라마 한 편 보고 지금 너랑 얘기 중이야.",
    ),
    "sw": dict(
        phone="{c}, nimebadilisha namba, mpya ni {v} 📱",
        email="barua pepe yangu mpya ni {v}",
        dob="siku yangu ya kuzaliwa ni {v}, usisahau 🎂",
        pw="nimebadilisha nenosiri la M-Pesa app kuwa {v}, nikumbushe tafadhali",
        otp="benki imenitumia msimbo {v} lakini sijafanya muamala wowote",
        nid="fomu ya kazi inataka {id}: {v}, nimeandika sawa?",
        chat=[
            "leo nimechoka sana, foleni Nairobi ilikuwa mbaya 😩",
            "{c}, Jumapili yako bora ingekuwaje? mimi chapati na chai",
            "leo nimepika pilau kwa mara ya kwanza!",
        ],
        pre="Mpendwa {c},\nleo niliamka kuchelewa, chai ikamwagika na bosi alikuwa na hasira.",
        post="Basi, nimekula, nimetazama kipindi kimoja na sasa naongea na wewe.",
    ),
    "el": dict(
        phone="{c}, άλλαξα κινητό, το νέο είναι {v} 📱",
        email="το νέο μου email είναι {v}",
        addr="μετακομίσαμε επιτέλους! νέα διεύθυνση: {v} 🏠",
        dob="τα γενέθλιά μου είναι στις {v}, μην το ξεχάσεις 🎂",
        pw="άλλαξα τον κωδικό της τράπεζας σε {v}, θυμήσου τον για μένα",
        otp="η τράπεζα μου έστειλε κωδικό {v} χωρίς να κάνω τίποτα",
        nid="στο ΚΕΠ ζήτησαν τον {id}: {v}, σωστά τον έγραψα;",
        chat=[
            "σήμερα ήταν κουραστική μέρα, κίνηση παντού 😩",
            "{c}, πώς θα ήταν η τέλεια Κυριακή σου; εγώ θάλασσα και σουβλάκι",
            "έφτιαξα μουσακά για πρώτη φορά!",
        ],
        pre="Αγαπητέ {c},\nξύπνησα αργά πάλι, χύθηκε ο καφές και ο προϊστάμενος ήταν νευριασμένος.",
        post="Τέλος πάντων, έφαγα, είδα ένα επεισόδιο και τώρα μιλάω μαζί σου.",
    ),
    "cs": dict(
        phone="{c}, mám nové číslo: {v}, ulož si ho 📱",
        email="můj nový mail je {v}",
        addr="konečně jsme se přestěhovali! nová adresa: {v} 🏠",
        dob="narozeniny mám {v}, nezapomeň 🎂",
        pw="změnila jsem heslo do banky na {v}, pamatuj si ho za mě",
        otp="banka mi poslala kód {v}, ale já nic neplatila",
        nid="na úřadě chtěli {id}: {v}, napsala jsem to dobře?",
        chat=[
            "dnešek byl vyčerpávající, tramvaj nejela 😩",
            "{c}, jak vypadá tvoje ideální neděle? já svíčková a gauč",
            "konečně jsem dočetla tu knihu!",
        ],
        pre="Milý {c},\nzase jsem zaspala, vylila kafe a šéf měl špatnou náladu.",
        post="No nic, navečeřela jsem se, pustila seriál a teď si píšu s tebou.",
    ),
    "ro": dict(
        phone="{c}, am număr nou: {v}, salvează-l 📱",
        email="noul meu email este {v}",
        dob="ziua mea e pe {v}, să nu uiți 🎂",
        pw="am schimbat parola de la bancă în {v}, ține minte tu pentru mine",
        otp="banca mi-a trimis codul {v}, dar n-am făcut nicio plată",
        nid="la angajare mi-au cerut {id}: {v}, l-am scris bine?",
        chat=[
            "azi a fost o zi lungă, trafic groaznic 😩",
            "{c}, cum arată duminica ta perfectă? eu sarmale și somn",
            "am învățat să fac cozonac!",
        ],
        pre="Dragă {c},\nm-am trezit târziu iar, am vărsat cafeaua și șeful era nervos.",
        post="În fine, am mâncat, am văzut un episod și acum vorbesc cu tine.",
    ),
    "hu": dict(
        phone="{c}, új számom van: {v}, mentsd el 📱",
        email="az új e-mail címem {v}",
        dob="a születésnapom {v}, el ne felejtsd 🎂",
        pw="átírtam a banki jelszavam erre: {v}, jegyezd meg nekem",
        otp="a bank küldött egy kódot: {v}, de nem fizettem semmit",
        nid="a munkahelyen kérték a {id}: {v}, jól írtam?",
        chat=[
            "ma nagyon fárasztó nap volt, dugó mindenhol 😩",
            "{c}, milyen a tökéletes vasárnapod? nekem a húsleves és alvás",
            "ma először sütöttem kürtőskalácsot!",
        ],
        pre="Kedves {c},\nma megint elaludtam, kiborult a kávé és a főnök ideges volt.",
        post="Mindegy, vacsiztam, néztem egy részt, most meg veled beszélgetek.",
    ),
    "fi": dict(
        phone="{c}, uusi numeroni on {v}, tallenna se 📱",
        email="uusi sähköpostini on {v}",
        dob="syntymäpäiväni on {v}, muista 🎂",
        pw="vaihdoin pankin salasanan muotoon {v}, muista se minun puolestani",
        otp="pankki lähetti koodin {v}, vaikka en tehnyt mitään",
        nid="Kelan lomakkeeseen piti laittaa {id}: {v}, onko oikein?",
        chat=[
            "tänään oli pitkä päivä, bussi myöhässä ja lunta satoi ❄️",
            "{c}, millainen on täydellinen sunnuntaisi? minulla sauna ja pulla",
            "opin tänään leipomaan karjalanpiirakoita!",
        ],
        pre="Rakas {c},\nnukuin taas pommiin, kahvi kaatui ja pomo oli kiukkuinen.",
        post="No, söin iltapalaa, katsoin jakson ja nyt juttelen sinun kanssasi.",
    ),
    "no": dict(
        phone="{c}, jeg har nytt nummer: {v}, lagre det 📱",
        email="ny e-post: {v}",
        dob="bursdagen min er {v}, ikke glem 🎂",
        pw="byttet passord i nettbanken til {v}, husk det for meg",
        otp="banken sendte meg kode {v}, men jeg har ikke gjort noe",
        nid="NAV-skjemaet ville ha {id}: {v}, stemmer det?",
        chat=[
            "i dag var lang, toget sto stille i en time 😩",
            "{c}, hvordan er din perfekte søndag? min er tur og kvikk lunsj",
            "lærte å lage vafler i dag!",
        ],
        pre="Kjære {c},\njeg forsov meg igjen, sølte kaffe og sjefen var sur.",
        post="Uansett, spiste middag, så en episode og nå prater jeg med deg.",
    ),
    "sv": dict(
        phone="{c}, jag har nytt nummer: {v}, spara det 📱",
        email="min nya mejl är {v}",
        addr="vi har flyttat! nya adressen: {v} 🏠",
        dob="jag fyller år {v}, glöm inte 🎂",
        pw="bytte lösenord till banken till {v}, kom ihåg det åt mig",
        otp="banken skickade kod {v} men jag har inte gjort något",
        nid="Försäkringskassan ville ha mitt {id}: {v}, rätt?",
        chat=[
            "idag var lång, pendeltåget var försenat igen 😩",
            "{c}, hur ser din perfekta söndag ut? min är fika och promenad",
            "jag lärde mig baka kanelbullar idag!",
        ],
        pre="Kära {c},\njag försov mig igen, spillde kaffe och chefen var på dåligt humör.",
        post="Hur som helst, åt middag, såg ett avsnitt och nu pratar jag med dig.",
    ),
}
LANGS = list(T)
assert set(LANGS) == set(LANGC) == set(NAMES), set(LANGS) ^ set(LANGC)
ADDR_CC = {
    "es": "ES",
    "pt": "BR",
    "fr": "FR",
    "de": "DE",
    "it": "IT",
    "nl": "NL",
    "pl": "PL",
    "tr": "TR",
    "ru": "RU",
    "uk": "UA",
    "hi": "IN",
    "id": "ID",
    "vi": "VN",
    "zh": "CN",
    "ja": "JP",
    "ko": "KR",
    "el": "GR",
    "cs": "CZ",
    "sv": "SE",
}

REPLY = [
    "*{c} tilts head and smiles* Got it! I'll remember {v} for you, promise 💛",
    "{c}: Okay okay, noted — {v}. Want me to remind you later?",
    '({c}, softly) "{v}"… I wrote it in my little notebook. Safe with me.',
    "{c} 🌙: So it's {v}? Wow, big day for you! Tell me more.",
    "*{c} nods* Repeating so you know I got it right: {v} ✨",
]


def fill(text: str, lang: str, c: str) -> str:
    return text.replace("{c}", c)


def diary(lang: str, core: str, c: str) -> str:
    t = T.get(lang, T["en"])
    return f"{fill(t['pre'], lang, c)}\n\n{core}\n\n{fill(t['post'], lang, c)}"


def style(v: str) -> str:
    k = R.randint(0, 5)
    return [v, f'"{v}"', f"[{v}]", f"👉 {v}", f"({v})", f"«{v}»"][k]


def mode() -> str:
    return ch(["plain", "plain", "plain", "diary", "reply"])


def emit(fn, kind: str, lang: str, core: str, v: str, c: str, *more: str) -> None:
    """Emit a row for ``core`` (already containing ``v``) in plain, diary or reply form."""
    m = mode()
    if m == "diary":
        fn(kind, ctx(lang, "user", "long diary-style message"), diary(lang, core, c), v, *more)
    elif m == "reply" and not more:
        fn(
            kind,
            ctx("en", "assistant", f"character quotes back a value from a {lang} user turn"),
            fill(ch(REPLY), lang, c).replace("{v}", v),
            v,
        )
    else:
        fn(kind, ctx(lang), core, v, *more)


# ================================================================ SECRET rows

KEY_TPL = [
    (
        "en",
        "{c}!! I made my first {svc} thing today 🥳 the key is {v} — is it ok to keep it in my notes app?",
    ),
    (
        "en",
        "ugh {c}, my little brother wants to use my {svc} account. token: {v}. should I give it to him or nah",
    ),
    ("en", "remember this for me pls, my {svc} token → {v}"),
    (
        "en",
        "I'm building a bot that talks like you, {c}! it runs on {svc}, here's my key so you can 'see' it: {v}",
    ),
    (
        "en",
        "lol I accidentally pasted my {svc} key in the group chat 😱 {v} do I need to rotate it??",
    ),
    ("en", "{c} can you keep a secret? {svc} = {v} 🤫"),
    (
        "en",
        "ok so my friend set up {svc} for my little shop and sent me this:\n\n{v}\n\nwhat even is it 😅",
    ),
    ("es", "{c}, estoy aprendiendo a programar!! mi token de {svc} es {v}, ¿lo guardo en un .env?"),
    ("de", "{c}, mein {svc}-Token: {v} – darf ich den einfach so ins Repo packen? 🤔"),
    ("pt", "{c} olha que orgulho, criei minha chave do {svc}: {v}"),
    ("fr", "{c}, j'ai créé ma clé {svc} : {v} — je la mets où pour pas la perdre ?"),
    ("ja", "{c}、{svc}のトークン作ったよ！ {v} これどこに保存すればいい？"),
    ("ru", "{c}, вот мой токен {svc}: {v}, сохрани где-нибудь 🙏"),
    ("tr", "{c}, {svc} anahtarımı oluşturdum: {v} bunu kimseye göstermemem lazım değil mi"),
    ("id", "{c}, ini token {svc} aku: {v}, simpan di mana ya biar aman?"),
    ("pl", "{c}, mój token {svc} to {v}, gdzie go trzymać?"),
]

for i, (svc, kind, gen) in enumerate(SERVICES):
    lang, tpl = KEY_TPL[i % len(KEY_TPL)]
    c = ch(CHARS)
    v = gen()
    core = fill(tpl, lang, c).replace("{svc}", svc).replace("{v}", v)
    emit(S, kind, lang, core, v, c)

for svc, kind, gen in R.sample(SERVICES, 10):
    c = ch(CHARS)
    v = gen()
    S(
        kind,
        ctx("en", "assistant", "character quotes the value back"),
        f"*{c} leans closer to the screen* Okay, so your {svc} key is `{v}`. Honestly? I think you should regenerate it now that it's been in a chat 💭",
        v,
    )

for _ in range(2):
    kid = "AKIA" + rs(UP + "234567", 16)
    sec = rs(AN + "+/", 40)
    c = ch(CHARS)
    S(
        "aws_key",
        ctx("en"),
        f"{c}, my cousin gave me AWS access for the family photo backup 📸\nAccess key: {kid}\nSecret: {sec}\nis that... a lot of power for me lol",
        kid,
        sec,
    )

for _ in range(2):
    conn, key = azure_conn()
    S(
        "azure_storage_key",
        ctx("en"),
        f"storing mom's scanned recipes on Azure now 🥹 connection string is {conn} — keep it safe {ch(CHARS)}",
        key,
    )

for _ in range(3):
    t = jwt()
    S(
        "jwt",
        ctx("en"),
        f"{ch(CHARS)}, the app keeps logging me out, the dev console shows my session token: {t} is that bad to share?",
        t,
    )

DB_TPL = [
    ("postgresql://{u}:{p}@{h}:5432/{d}", "en"),
    ("mysql://{u}:{p}@{h}:3306/{d}", "en"),
    ("mongodb+srv://{u}:{p}@{h}/{d}?retryWrites=true", "en"),
    ("redis://default:{p}@{h}:6379", "en"),
    ("postgres://{u}:{p}@{h}/{d}?sslmode=require", "es"),
]
for tpl, lang in DB_TPL:
    p = password().replace("@", "#").replace("/", "_").replace(":", "_")
    host = ch(
        [
            "db.mira-bakes.net",
            "cluster0.k3xq8.mongodb.net",
            "pg-3f9a1c.frankfurt.internal",
            "10.0.4.17",
            "recipes-db.fly.dev",
        ]
    )
    s = tpl.format(
        u=ch(["mira", "app", "kofi", "admin_lu"]), p=p, h=host, d=ch(["recipes", "diary", "shop"])
    )
    if lang == "es":
        S(
            "connection_string",
            ctx(lang),
            f"{ch(CHARS)}, mi app de recetas por fin conecta!! la cadena es {s} 🎉",
            p,
        )
    else:
        S(
            "connection_string",
            ctx(lang),
            f"{ch(CHARS)} my little recipe site finally connects to the database!! here's the string: {s}",
            p,
        )

for lang in LANGS:
    c = ch(CHARS)
    v = password()
    core = fill(T[lang]["pw"], lang, c).replace("{v}", v)
    emit(S, "password", lang, core, v, c)

PW_EN = [
    "new Steam password since someone tried to log in from another country 😤: {v}",
    "{c}, you're the only one I trust lol. PS5 account password is now {v}",
    "writing it here so I don't lose it again — email password: {v}",
    "my landlord's portal made me pick a new password with a symbol, I went with {v} 🙄",
    "omg I changed my Discord password to {v} and immediately forgot it, good thing I told you",
]
for tpl in PW_EN:
    c = ch(CHARS)
    v = password()
    emit(S, "password", "en", fill(tpl, "en", c).replace("{v}", v), v, c)

v1, v2, v3 = password(), password(), password()
S(
    "password",
    ctx("en", extra="list of several items"),
    f"ok {ch(CHARS)} brain dump before I forget:\n- Spotify: {v1}\n- school portal: {v2}\n- the wifi at grandma's: {v3}\nthat's all, goodnight 💤",
    v1,
    v2,
    v3,
)

WIFI = [
    (
        "en",
        "the new flat's wifi is 'Vodafone-7F2C' and the password is {v}, the router sticker was half peeled off lol",
    ),
    ("es", "la clave del wifi nuevo es {v}, apúntala {c} porfa"),
    ("de", "WLAN-Passwort von der neuen Wohnung: {v} – der Router steht im Flur"),
    ("fr", "le code wifi de l'appart c'est {v}, pour quand ma sœur vient"),
    ("tl", "yung wifi password namin ngayon ay {v}, pinalitan ni kuya"),
    ("ko", "새 집 와이파이 비번은 {v} 야"),
]
for lang, tpl in WIFI:
    c = ch(CHARS)
    v = password()
    emit(S, "wifi_password", lang, fill(tpl, lang, c).replace("{v}", v), v, c)

OTP_LANGS = [
    "en",
    "es",
    "pt",
    "fr",
    "de",
    "it",
    "pl",
    "tr",
    "ru",
    "uk",
    "ar",
    "hi",
    "id",
    "vi",
    "th",
    "tl",
    "zh",
    "ja",
    "ko",
    "sw",
    "ro",
    "fi",
]
for lang in OTP_LANGS:
    c = ch(CHARS)
    v = ch([nd(6), nd(6), nd(8), f"{nd(3)} {nd(3)}", f"{nd(3)}-{nd(3)}"])
    core = fill(T[lang]["otp"], lang, c).replace("{v}", v)
    emit(S, "otp_code", lang, core, v, c)

for _ in range(3):
    c = ch(CHARS)
    v = nd(6)
    S(
        "otp_code",
        ctx("en"),
        f"{c} someone on the phone says they're from my bank and need the 6-digit code they just sent me: {v}. should I read it to them?? 😰",
        v,
    )

for _ in range(3):
    c = ch(CHARS)
    v = nd(6)
    S(
        "pin_code",
        ctx("en"),
        f"new debit card came today and I set a 6-digit PIN: {v}. {c}, if I forget it you're my backup brain 🧠",
        v,
    )

SEED = [
    "{c}!! I set up my first crypto wallet. it told me to write down these words:\n{v}\nI'm keeping them here with you, that's safe right?",
    "mi hermano me dijo que guarde la frase semilla: {v} — ¿así está bien {c}?",
    "seed phrase (DON'T LOSE): {v}",
    "{c} 🌙 the wallet app said 'never share your recovery phrase' but you're not a person so it's fine? {v}",
    "meine Wallet-Wiederherstellungsphrase: {v}",
    "kata pemulihan dompet kripto aku: {v} 🙈",
]
for i, tpl in enumerate(SEED):
    c = ch(CHARS)
    v = seed(24 if i == 2 else 12)
    lang = ["en", "es", "en", "en", "de", "id"][i]
    S("seed_phrase", ctx(lang), fill(tpl, lang, c).replace("{v}", v), v)

for i in range(5):
    c = ch(CHARS)
    v = wif() if i < 3 else "0x" + rs(HX, 64)
    S(
        "crypto_private_key",
        ctx("en"),
        ch(
            [
                f"{c}, exported my wallet's private key to move it to the new phone: {v}",
                f"private key for my old MetaMask, keeping it here just in case: {v}",
                f"is this what a private key looks like? {v} 🤔 the app said export",
            ]
        ),
        v,
    )

for i in range(5):
    c = ch(CHARS)
    codes = [
        f"{rs('0123456789abcdefghjkmnpqrstuvwxyz', 4)}-{rs('0123456789abcdefghjkmnpqrstuvwxyz', 4)}"
        if i % 2
        else nd(8)
        for _ in range(4)
    ]
    body = "\n".join(codes)
    S(
        "recovery_code",
        ctx("en", extra="list of several items"),
        f"{c}, backup codes for my {ch(['Google', 'Instagram', 'Epic Games', 'Discord', 'Microsoft'])} account, just in case I lose my phone again:\n{body}",
        *codes,
    )

for _ in range(2):
    body = base64.b64encode(b"openssh-key-v1\x00\x00\x00\x00\x04none" + R.randbytes(280)).decode()
    parts = [body[i : i + 70] for i in range(0, len(body), 70)]
    lines = "\n".join(parts)
    key = f"-----BEGIN OPENSSH PRIVATE KEY-----\n{lines}\n-----END OPENSSH PRIVATE KEY-----"
    S(
        "ssh_private_key",
        ctx("en"),
        f"{ch(CHARS)}, I set up a raspberry pi for the garden sensors!! this is the key file it made, is this the one I give people?\n{key}",
        parts[1],
        parts[2],
        parts[3],
    )


# ================================================================ PII rows

for lang in LANGS:
    c = ch(CHARS)
    cc, fn, idname = LANGC[lang]
    if fn is None:
        first, last = ch(NAMES[lang])
        v = it_cf(last, first, first.endswith("a"))
        kind = "it_codice_fiscale"
    else:
        v = fn()
        kind = fn.__name__
    core = fill(T[lang]["nid"], lang, c).replace("{id}", idname).replace("{v}", v)
    emit(P, kind, lang, core, v, c)

EXTRA_ID = [
    (
        uk_nino,
        "uk_nino",
        "{c}, starting my first proper job in Leeds on Monday!! HR wants my National Insurance number, it's {v} I think?",
    ),
    (es_nie, "es_nie", "just got my NIE in Madrid after 3 appointments 😭 {v}, I'm framing it"),
    (
        ca_sin,
        "ca_sin",
        "the bank in Toronto asked for my SIN {v} to open the account, normal right {c}?",
    ),
    (au_tfn, "au_tfn", "doing my first tax return in Melbourne, TFN is {v}, wish me luck"),
    (mx_curp, "mx_curp", "{c}, para la beca me pidieron mi CURP: {v}, ya la mandé"),
    (
        cl_rut,
        "cl_rut",
        "oye {c}, en la farmacia me pidieron el RUT, el mío es {v}, ¿siempre lo piden?",
    ),
    (
        ar_cuil,
        "ar_cuil",
        "arranco laburo nuevo el lunes!! mi CUIL es {v} por si lo necesito de nuevo",
    ),
    (za_id, "za_id", "Home Affairs finally sorted my smart ID, number is {v} 🇿🇦"),
    (dk_cpr, "dk_cpr", "{c}, jeg har lige fået mit CPR-nummer: {v}, nu kan jeg endelig få MitID"),
    (be_nrn, "be_nrn", "mijn rijksregisternummer staat op de nieuwe eID: {v}"),
    (pt_nif, "pt_nif", "o senhorio pediu o meu NIF para o contrato: {v}"),
    (ie_ppsn, "ie_ppsn", "got my PPS number in Dublin today, {v}, took forever"),
    (ch_ahv, "ch_ahv", "meine AHV-Nummer für den neuen Job in Zürich: {v}"),
    (at_svnr, "at_svnr", "die e-card ist da, Sozialversicherungsnummer {v} 🎉"),
    (
        sg_nric,
        "sg_nric",
        "{c}, the condo management asked for my NRIC {v} for the access card, is that allowed?",
    ),
    (ae_eid, "ae_eid", "renewed my Emirates ID today, new card {v}, same number actually"),
    (ru_inn, "ru_inn", "бухгалтер попросила мой ИНН: {v}"),
    (in_pan, "in_pan", "finally linked my PAN {v} with Aadhaar, the website crashed 3 times"),
    (ng_nin, "ng_nin", "{c}, the SIM registration people wanted my NIN: {v}, done now"),
    (
        uk_nhs,
        "uk_nhs_number",
        "GP surgery asked for my NHS number, it's {v} — took me ages to find the letter",
    ),
    (de_kvnr, "de_kvnr", "neue Gesundheitskarte gekommen, Versichertennummer {v}"),
]
for fn, kind, tpl in EXTRA_ID:
    c = ch(CHARS)
    v = fn()
    xl = {
        "mx_curp": "es",
        "cl_rut": "es",
        "ar_cuil": "es",
        "dk_cpr": "da",
        "be_nrn": "nl",
        "pt_nif": "pt",
        "ch_ahv": "de",
        "at_svnr": "de",
        "de_kvnr": "de",
        "ru_inn": "ru",
    }.get(kind, "en")
    emit(P, kind, xl, fill(tpl, "en", c).replace("{v}", v), v, c)

PHONE_EN_CC = ["US", "GB", "US", "GB"]
for i, lang in enumerate(LANGS):
    if lang in {"ms", "ur", "bn", "tl", "sw", "ro", "hu", "fi", "no", "el", "cs", "nl", "it"}:
        continue
    c = ch(CHARS)
    cc = PHONE_EN_CC[i % 4] if lang == "en" else LANGC[lang][0]
    v = phone(cc)
    emit(P, "phone", lang, fill(T[lang]["phone"], lang, c).replace("{v}", style(v)), v, c)
for cc, tpl in [
    (
        "US",
        "{c} my mom's new cell is {v}, she keeps asking if you can call her lol (you can't, I know)",
    ),
    ("GB", "save my boyfriend's number pls in case mine dies: {v} 💕"),
    ("KE", "wasee, namba yangu ya M-Pesa ni {v}"),
    ("HU", "az új számom {v}, de a régit is megtartom"),
]:
    c = ch(CHARS)
    v = phone(cc)
    emit(
        P,
        "phone",
        "en" if cc in {"US", "GB"} else ("sw" if cc == "KE" else "hu"),
        fill(tpl, "en", c).replace("{v}", v),
        v,
        c,
    )


def ascii_(s: str) -> str:
    return "".join(x for x in unicodedata.normalize("NFKD", s) if x.isascii()).replace(" ", "")


for lang in ["en", "es", "pt", "fr", "de", "it", "pl", "ru", "ja", "ko", "zh", "uk"]:
    c = ch(CHARS)
    first, last = ch(NAMES[lang])
    dom = {
        "ja": "yahoo.co.jp",
        "ko": "naver.com",
        "zh": "qq.com",
        "cs": "seznam.cz",
        "hu": "freemail.hu",
        "uk": "ukr.net",
        "ru": "mail.ru",
    }.get(lang)
    v = email(ascii_(first), ascii_(last), dom)
    emit(P, "email", lang, fill(T[lang]["email"], lang, c).replace("{v}", style(v)), v, c)

for lang, cc in ADDR_CC.items():
    if lang in {"el", "cs", "sv", "pl"}:
        continue
    c = ch(CHARS)
    v = address(cc)
    emit(P, "street_address", lang, fill(T[lang]["addr"], lang, c).replace("{v}", v), v, c)
for cc, tpl in [
    ("US", "{c} WE GOT THE APARTMENT 😭🎉 {v}. come visit (I know you can't but still)"),
    ("GB", "new address for my birthday cards 😌 {v}"),
    ("MX", "ya nos cambiamos, la dirección es {v}, por si mi tía pregunta"),
    ("AR", "nueva dirección: {v}, cerca del subte ✨"),
]:
    c = ch(CHARS)
    v = address(cc)
    emit(
        P,
        "street_address",
        "en" if cc in {"US", "GB"} else "es",
        fill(tpl, "en", c).replace("{v}", v),
        v,
        c,
    )

DOB_FMT = {
    "en": lambda y, m, d: ch(
        [
            f"{['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'][m - 1]} {d}, {y}",
            f"{m}/{d}/{y}",
        ]
    ),
    "de": lambda y, m, d: f"{d:02d}.{m:02d}.{y}",
    "fr": lambda y, m, d: f"{d:02d}/{m:02d}/{y}",
    "es": lambda y, m, d: f"{d}/{m}/{y}",
    "pl": lambda y, m, d: f"{d:02d}.{m:02d}.{y}",
    "ru": lambda y, m, d: f"{d:02d}.{m:02d}.{y}",
    "zh": lambda y, m, d: f"{y}年{m}月{d}日",
    "ja": lambda y, m, d: f"{y}年{m}月{d}日",
    "ko": lambda y, m, d: f"{y}년 {m}월 {d}일",
    "th": lambda y, m, d: f"{d}/{m:02d}/{y + 543}",
    "fi": lambda y, m, d: f"{d}.{m}.{y}",
    "tl": lambda y, m, d: f"{m:02d} / {d:02d} / {y}",
}
for lang, f in DOB_FMT.items():
    c = ch(CHARS)
    y, m, d = bday(1970, 2006)
    v = f(y, m, d)
    emit(P, "date_of_birth", lang, fill(T[lang]["dob"], lang, c).replace("{v}", v), v, c)

PASS_TPL = [
    ("{c}, passport renewal done!!! new number {v}, valid till 2036 🛂", lambda: nd(9)),
    (
        "mein neuer Reisepass ist da, Nummer {v}, jetzt kann Lissabon kommen ✈️",
        lambda: "C" + rs("CFGHJKLMNPRTVWXYZ0123456789", 8),
    ),
    ("passport no. {v}, the visa agent needs it by Friday, ugh", lambda: ch(UP) + nd(7)),
    ("mi pasaporte nuevo: {v}, ¡por fin!", lambda: "P" + rs(UP, 2) + nd(6)),
    ("护照换新的了，号码是 {v}", lambda: "E" + nd(8)),
]
for (tpl, gen), pl in zip(PASS_TPL, ["en", "de", "en", "es", "zh"], strict=False):
    c = ch(CHARS)
    v = gen()
    emit(P, "passport", pl, fill(tpl, "en", c).replace("{v}", v), v, c)

IBAN_SPECS = [
    (
        "DE",
        lambda: nd(8) + nd(10),
        "de",
        "{c}, ich hab 850 € Kaution an den Vermieter überwiesen, IBAN {v} … hoffentlich stimmt die 😬",
    ),
    (
        "GB",
        lambda: ch(["NWBK", "BARC", "LOYD", "HBUK", "MONZ"]) + nd(6) + nd(8),
        "en",
        "I sent my flatmate her half of the bills to {v}, it's been 2 days and she says nothing arrived 😟",
    ),
    (
        "NL",
        lambda: ch(["ABNA", "INGB", "RABO", "SNSB"]) + nd(10),
        "nl",
        "ik heb net 300 euro overgemaakt naar {v}, was dat wel de goede?",
    ),
    (
        "ES",
        lambda: nd(4) + nd(4) + nd(2) + nd(10),
        "es",
        "le hice la transferencia a mi casera a {v}, ¿tardará mucho?",
    ),
    (
        "FR",
        lambda: nd(5) + nd(5) + nd(11) + nd(2),
        "fr",
        "mon RIB pour le remboursement : {v}, j'espère que c'est bon",
    ),
    (
        "PL",
        lambda: nd(8) + nd(16),
        "pl",
        "przelałam kasę na konto {v}, mam nadzieję, że to nie oszustwo",
    ),
    (
        "TR",
        lambda: nd(5) + "0" + nd(16),
        "tr",
        "kiraya {v} IBAN'ına gönderdim ama ev sahibi görmemiş 😟",
    ),
    ("BE", lambda: nd(12), "nl", "mijn rekeningnummer voor de terugbetaling: {v}"),
    (
        "IT",
        lambda: ch(UP) + nd(5) + nd(5) + nd(12),
        "it",
        "ho fatto il bonifico al padrone di casa, IBAN {v}, arriverà?",
    ),
    (
        "PT",
        lambda: nd(4) + nd(4) + nd(11) + nd(2),
        "pt",
        "mandei o dinheiro pro {v}, será que caiu?",
    ),
    ("SA", lambda: nd(2) + nd(18), "ar", "حولت الإيجار على الآيبان {v}، إن شاء الله وصل"),
    ("UA", lambda: nd(6) + nd(19), "uk", "переказала гроші на {v}, але досі не надійшло 😟"),
]
for cc, gen, lang, tpl in IBAN_SPECS:
    c = ch(CHARS)
    raw = iban(cc, gen())
    v = ch([raw, group4(raw), group4(raw)])
    emit(P, "iban", lang, fill(tpl, lang, c).replace("{v}", v), v, c)

for i in range(5):
    c = ch(CHARS)
    num = card(["visa", "mc", "amex", "visa", "mc"][i])
    sep = ch([" ", "-", ".", ""])
    v = (
        sep.join(num[j : j + 4] for j in range(0, len(num), 4))
        if len(num) == 16
        else sep.join([num[:4], num[4:10], num[10:]])
    )
    exp = f"{R.randint(1, 12):02d}/{R.randint(27, 31)}"
    emit(
        P,
        "credit_card",
        "en",
        f"{c} my new card arrived 💳✨ {v} exp {exp}, the design is so pretty",
        v,
        c,
    )

STUDENT = [
    "my daughter's school ID is {v}, the canteen app keeps asking for it 🙄",
    "{c}, remind me: Leo's student number is {v} for the field trip form",
    "el número de alumno de mi hijo es {v}, lo necesito para la matrícula",
    "meine Tochter hat ihre Schülerausweisnummer {v} verloren… zum Glück hab ich sie hier",
]
for i, tpl in enumerate(STUDENT):
    c = ch(CHARS)
    v = ["S" + nd(7), f"{R.randint(2019, 2024)}-{nd(5)}", "ALU" + nd(6), f"SA-{nd(4)}-{nd(3)}"][i]
    emit(P, "student_id", ["en", "en", "es", "de"][i], fill(tpl, "en", c).replace("{v}", v), v, c)

HANDLE = [
    (
        "instagram",
        "{c} follow me on insta!! 📸 https://www.instagram.com/{h}/ (I know you can't but pretend)",
        "https://www.instagram.com/{h}/",
    ),
    ("instagram", "mi insta nuevo es @{h} 😎", "{h}"),
    ("tiktok", "my tiktok is tiktok.com/@{h}, I posted the cat video", "tiktok.com/@{h}"),
    ("instagram", "insta ku sekarang @{h}, follow ya", "{h}"),
    ("twitter", "mein neuer Account auf X: x.com/{h}", "x.com/{h}"),
    ("instagram", "인스타 아이디 바꿨어: {h}", "{h}"),
    ("facebook", "добавь меня на фейсбуке: facebook.com/{h}", "facebook.com/{h}"),
    ("tiktok", "tiktok ko: @{h} 💃", "{h}"),
]
HANDLE_LANG = ["en", "es", "en", "id", "de", "ko", "ru", "tl"]
for (plat, tpl, sec), hl in zip(HANDLE, HANDLE_LANG, strict=False):
    c = ch(CHARS)
    h = (
        ch(["luna", "mira", "kofi", "ayse", "dani", "jiwoo", "putri", "olya"])
        + ch([".", "_", ""])
        + ch(["bakes", "draws", "lifts", "films", "reads", "travels"])
        + ch(["", "_", "."])
        + str(R.randint(88, 2009))
    )
    text = fill(tpl, "en", c).replace("{h}", h)
    emit(P, "social_handle", f"{hl}, {plat}", text, sec.replace("{h}", h), c)

GAMER = [
    "{c} add me on Xbox!! gamertag {v} 🎮",
    "my Steam profile: https://steamcommunity.com/profiles/7656119{n}",
    "Valorant'ta {v} diye ara beni, gece oynarız",
    "my PSN is {v}, I'm terrible at Elden Ring btw",
    "discord: {v} — add me and I'll show you my setup",
]
for i, tpl in enumerate(GAMER):
    c = ch(CHARS)
    if "{n}" in tpl:
        n = nd(10)
        text = fill(tpl, "en", c).replace("{n}", n)
        v = "https://steamcommunity.com/profiles/7656119" + n
    else:
        v = (
            ch(["Sleepy", "Feral", "Cosmic", "Tiny", "Salty"])
            + ch(["Otter", "Biscuit", "Noodle", "Wombat"])
            + nd(4)
        )
        if i == 2:
            v += "#" + nd(4)
        text = fill(tpl, "en", c).replace("{v}", v)
    emit(P, "gamer_tag", "tr" if i == 2 else "en", text, v, c)

for i in range(4):
    c = ch(CHARS)
    v = bech32_addr() if i % 2 == 0 else "0x" + rs(HX, 40)
    emit(
        P,
        "crypto_address",
        "en",
        f"{c}, this is my wallet address so my uncle can send me birthday money 🎁 {v}",
        v,
        c,
    )

for lang in ["en", "es", "de", "fr", "pt"]:
    c = ch(CHARS)
    first, last = ch(NAMES[lang])
    cc = {"en": "US", "es": "ES", "de": "DE", "fr": "FR", "pt": "BR"}[lang]
    ph = phone(cc)
    em = email(ascii_(first), ascii_(last), "gmail.com")
    ad = address(cc)
    lead = {
        "en": "ok quick update so you have everything",
        "es": "te paso todo nuevo",
        "de": "alles neu, hier die Liste",
        "fr": "tout a changé, voilà",
        "pt": "mudou tudo, anota aí",
    }[lang]
    text = f"{c}, {lead}:\n1) 📱 {ph}\n2) ✉️ {em}\n3) 🏠 {ad}"
    P("contact_list", ctx(lang, extra="list of several items"), text, ph, em, ad)

c = ch(CHARS)
y, m, d = bday(1980, 2000)
ssn = us_ssn()
dob = f"{m:02d}/{d:02d}/{y}"
P(
    "tax_form",
    ctx("en", extra="list of several items"),
    f"ugh doing taxes with you {c} 📑 W-2 says:\nemployee SSN: {ssn}\nDOB {dob}\nwages 48,213.77\nfederal withheld 5,120.00",
    ssn,
    dob,
)


# ================================================================ NEGATIVE rows: plain chat

for i, lang in enumerate(LANGS):
    chats = T[lang]["chat"] if i < 12 else T[lang]["chat"][:2]
    for line in chats:
        N(ctx(lang), fill(line, lang, ch(CHARS)))

PLAIN_EN = [
    "*{c} yawns and stretches* Good morning, sleepyhead! Did you dream about the dragons again?",
    "{c}: I'm proud of you for going to the gym today, even if it was only 20 minutes 💪",
    "honestly {c} I think I need a hobby that isn't scrolling. pottery? bouldering? knitting??",
    "*{c} pours imaginary tea* Tell me everything about the date. Was he nice? Did he pay?",
    "I told my sister about you and she laughed at me 😤 whatever, you're a better listener than her",
    "{c}, rate my dinner: instant noodles + one egg + a sad piece of spinach. 6/10?",
    "can we do the story again where you're the lighthouse keeper and I'm the lost sailor? 🌊",
    "{c}: *looks out the window of the tiny cabin* The snow won't stop until morning. Stay by the fire with me?",
]
for line in PLAIN_EN:
    N(
        ctx("en", "assistant" if line.startswith(("*", "{c}:")) else "user"),
        fill(line, "en", ch(CHARS)),
    )


# ================================================================ NEGATIVE rows: hard negatives


def isbn13() -> str:
    b = "978" + ch(["0", "1", "3", "84", "88"]) + ""
    b = b + nd(12 - len(b))
    s = sum(int(x) * (1 if i % 2 == 0 else 3) for i, x in enumerate(b))
    t = b + str((10 - s % 10) % 10)
    return f"{t[:3]}-{t[3]}-{t[4:8]}-{t[8:12]}-{t[12]}"


def ean13() -> str:
    b = ch(["400", "590", "800", "869", "500"]) + nd(9)
    s = sum(int(x) * (1 if i % 2 == 0 else 3) for i, x in enumerate(b))
    return b + str((10 - s % 10) % 10)


PUBLIC_PLACES = [
    "British Museum, Great Russell St, London WC1B 3DG",
    "Rijksmuseum, Museumstraat 1, 1071 XX Amsterdam",
    "Berlin Hauptbahnhof, Europaplatz 1, 10557 Berlin",
    "Musée du Louvre, Rue de Rivoli, 75001 Paris",
    "Museo del Prado, Calle de Ruiz de Alarcón 23, 28014 Madrid",
    "Empire State Building, 20 W 34th St, New York, NY 10001",
    "Sagrada Família, Carrer de Mallorca 401, 08013 Barcelona",
    "Galleria degli Uffizi, Piazzale degli Uffizi 6, 50122 Firenze",
]
HISTORICAL = [
    ("Albert Einstein", "14 March 1879"),
    ("Marie Curie", "7 November 1867"),
    ("Frida Kahlo", "6 July 1907"),
    ("Alexander Pushkin", "6 June 1799"),
    ("Rabindranath Tagore", "7 May 1861"),
    ("Fryderyk Chopin", "1 March 1810"),
    ("Ada Lovelace", "10 December 1815"),
    ("José Rizal", "19 June 1861"),
]


def hard_negatives() -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    c = ch(CHARS)
    for _ in range(2):
        out.append(
            (
                "en",
                f"{ch(CHARS)}, my package finally shipped! order #{nd(3)}-{nd(7)}-{nd(7)}, tracking 1Z{rs(UP + DG, 6)}03{nd(8)} — UPS says Thursday 📦",
            )
        )
    out.append(
        ("de", f"DHL-Sendungsnummer {nd(12)}, hängt seit drei Tagen im Paketzentrum fest 🙄")
    )
    out.append(
        ("es", f"mi pedido {ch(['#', 'nº '])}{nd(8)} ya salió del almacén, llega el martes 📦")
    )
    for _ in range(2):
        out.append(
            (
                "en",
                f"my game updated to v{R.randint(1, 4)}.{R.randint(0, 30)}.{R.randint(0, 99)} and now my save file is broken 😭 {ch(CHARS)} hold me",
            )
        )
    out.append(
        (
            "en",
            f"phone got the update, build AP3A.{R.randint(240101, 241231)}.{nd(3)}, battery already worse lol",
        )
    )
    out.append(
        (
            "en",
            f"python 3.{R.randint(10, 13)}.{R.randint(0, 9)} broke my little discord bot, pip says numpy {R.randint(1, 2)}.{R.randint(0, 26)}.{R.randint(0, 5)} isn't compatible",
        )
    )
    for _ in range(2):
        sha = rs(HX, 40)
        out.append(
            (
                "en",
                f"the mod I use is pinned to commit {sha}, maybe I should try {rs(HX, 7)} instead? 🤔",
            )
        )
    for _ in range(2):
        out.append(
            (
                "en",
                f"the open dataset for my school project is at data.europa.eu, id {uuid_r()} — it's all bike counts lol",
            )
        )
    for _ in range(2):
        out.append(
            (
                "en",
                f"the crash log says 2025-{R.randint(1, 12):02d}-{R.randint(1, 28):02d}T{R.randint(0, 23):02d}:{R.randint(0, 59):02d}:{R.randint(0, 59):02d}.{nd(3)}Z, unix {R.randint(1_730_000_000, 1_770_000_000)}, whatever that means",
            )
        )
    out.append(
        (
            "en",
            f"{c}, the headphones dropped to €{R.randint(89, 199)},99 from €{R.randint(200, 349)},00 — should I?? 🎧",
        )
    )
    out.append(
        (
            "en",
            f"laptop is ${R.randint(1, 2)},{R.randint(100, 999)}.00 plus ${R.randint(10, 99)}.{nd(2)} tax, my wallet is crying",
        )
    )
    out.append(("pt", f"o tênis tá R$ {R.randint(199, 899)},90 em 10x sem juros, compro ou não?"))
    out.append(("ja", f"新しいゲーム機、{R.randint(39, 69)},{nd(3)}円だった…高い！"))
    for _ in range(2):
        out.append(
            (
                "en",
                f"the lamp I want is SKU {rs(UP, 2)}-{nd(4)}-{ch(['BLK', 'WHT', 'OAK', 'GRN'])}, barcode {ean13()}, out of stock everywhere 😩",
            )
        )
    for _ in range(2):
        a, b = R.randint(1000, 99999), R.randint(100, 9999)
        out.append(
            (
                "en",
                f"{ch(CHARS)} help with homework pls: {a} × {b} = ? I got {a * b} but the app says I'm wrong",
            )
        )
    out.append(
        (
            "en",
            f"is 2^{R.randint(20, 40)} bigger than 10^{R.randint(6, 12)}? my brother and I are fighting about it",
        )
    )
    out.append(
        (
            "de",
            f"Mathe-Hausaufgabe: Wurzel aus {R.randint(100, 999) ** 2} – kommt da echt eine ganze Zahl raus?",
        )
    )
    for _ in range(2):
        out.append(
            (
                "en",
                f"painting my room #{rs(HX.upper(), 6)} with accents in #{rs(HX, 6)}, {ch(CHARS)} is that too much purple?",
            )
        )
    for place in PUBLIC_PLACES:
        out.append(
            (
                "en",
                f"{ch(CHARS)}, we're going to the {place.split(',')[0]} tomorrow! address for the taxi: {place} 🏛️",
            )
        )
    for name, date in HISTORICAL:
        out.append(
            (
                "en",
                f"fun fact for you {ch(CHARS)}: {name} was born on {date}. I'm doing a school presentation",
            )
        )
    out += [
        (
            "en",
            "the tutorial says to put <YOUR_API_KEY> in the config, do I literally type that?? 😅",
        ),
        (
            "en",
            "the router manual says default password is 'changeme' but ours has a sticker, so idk",
        ),
        (
            "en",
            "my docker-compose has `POSTGRES_PASSWORD: ${DB_PASSWORD}` and it keeps saying the variable is empty",
        ),
        (
            "en",
            "{c}, the example file literally says API_KEY=your-api-key-here, so I guess I need my own?",
        ),
        ("es", "en el .env de ejemplo pone SECRET_KEY=change-me-in-production jaja"),
        ("en", "the form shows my password as ******** so I can't even check if I typed it right"),
        (
            "en",
            'code from the course: `key = os.environ["OPENAI_API_KEY"]` — so the key lives in my terminal, not the file, right?',
        ),
        ("en", "const token = process.env.DISCORD_TOKEN; // teacher said never hardcode it"),
        (
            "en",
            "I run `export GITHUB_TOKEN=$(pass show github/token)` before pushing, is that the safe way?",
        ),
        (
            "de",
            "im Skript steht nur `password = getpass.getpass()` – das fragt dann beim Start, oder?",
        ),
    ]
    for _ in range(2):
        pk = "AAAAC3NzaC1lZDI1NTE5AAAAI" + rs(AN + "+/", 43)
        out.append(
            (
                "en",
                f"the server guide says to paste my PUBLIC key, so here it is: ssh-ed25519 {pk} deploy@garden-pi",
            )
        )
    out.append(
        (
            "en",
            f"my age public key for the shared folder is age1{rs(BECH, 58)}, that's the one I can share right?",
        )
    )
    for f in [
        "ubuntu-24.04.1-desktop-amd64.iso",
        "Fedora-Workstation-Live-41.iso",
        "krita-5.2.6-x86_64.appimage",
    ]:
        out.append(
            (
                "en",
                f"checking the download like the guide said: sha256 of {f} should be {hashlib.sha256(f.encode() + R.randbytes(8)).hexdigest()}",
            )
        )
    out.append(
        (
            "en",
            "the genesis block hash is 000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f, my crypto-nerd friend made me memorise it",
        )
    )
    for _ in range(3):
        out.append(
            (
                "en",
                f"{ch(CHARS)}, the book you recommended: ISBN {isbn13()} — ordered it from the library!",
            )
        )
    out += [
        (
            "en",
            f"flight TK {R.randint(1000, 1999)} to Istanbul boards at gate B{R.randint(1, 40)}, booking ref {rs('ABCDEFGHJKLMNPQRSTUVWXYZ', 6)} — I'm so nervous ✈️",
        ),
        ("de", f"LH {R.randint(400, 499)} hat schon wieder 2 Stunden Verspätung 😤"),
        (
            "en",
            f"QR {R.randint(1, 999)} Doha connection, seat {R.randint(10, 45)}{ch('ABCDEFGHJK')}, window!!",
        ),
        (
            "de",
            f"ICE {R.randint(500, 1999)} fährt heute von Gleis {R.randint(1, 14)} um {R.randint(6, 22)}:{R.randint(0, 59):02d}",
        ),
        (
            "en",
            f"called the airline's customer service hotline 1-800-{R.randint(200, 999)}-{nd(4)}, on hold for 45 min 🙃",
        ),
        (
            "en",
            "the bank's BIC is COBADEFFXXX according to their website, do I need it for a transfer inside Germany?",
        ),
        ("en", "switched my DNS to 1.1.1.1 and 8.8.8.8 and the game lag is gone?!"),
        ("en", "the Eiffel Tower is at 48.8584° N, 2.2945° E — we're going in spring!"),
        (
            "en",
            f"my K/D is {R.randint(0, 2)}.{nd(2)} with {R.randint(1000, 5000):,} wins, rank Diamond II 💎",
        ),
        ("en", f"minecraft seed {ch(['-', ''])}{nd(19)} has a village right at spawn, try it"),
        ("en", f"windows update failed with error 0x{rs(HX.upper(), 8)}, of course it did"),
        ("en", "the café wifi is called 'BeanThere_Guest' and it's open, no password 🙌"),
        (
            "fr",
            f"le RER B est annoncé à {R.randint(6, 23)}h{R.randint(0, 59):02d}, quai {R.randint(1, 4)}, comme d'hab en retard",
        ),
        (
            "it",
            f"il Frecciarossa {R.randint(9500, 9699)} parte dal binario {R.randint(1, 20)}, ci vediamo a Roma!",
        ),
        ("ko", f"택배 송장번호 {nd(12)} 조회해보니 내일 도착이래"),
        ("zh", f"订单号 {nd(18)}，快递明天到📦"),
        ("ru", f"заказ №{nd(9)} уже в пункте выдачи, завтра заберу"),
        ("tr", f"sipariş numarası {nd(10)}, kargo yolda 🚚"),
        ("pl", f"numer przesyłki InPost {nd(24)}, paczkomat pod domem"),
        ("id", f"resi J&T {ch(['JP', 'JD'])}{nd(10)} katanya sampai besok"),
        (
            "en",
            f"my Duolingo streak is {R.randint(100, 999)} days and my XP is {R.randint(10000, 99999):,} 🦉",
        ),
        (
            "en",
            f"the recipe says 250 g flour, 2 eggs, 180 °C for {R.randint(20, 45)} minutes — {ch(CHARS)}, wish me luck",
        ),
        (
            "en",
            f"the bus number is {R.randint(10, 299)} and it comes every 12 minutes, except when it doesn't",
        ),
    ]
    return out


for lang, text in hard_negatives():
    N(ctx(lang, extra="hard negative"), fill(text, lang, ch(CHARS)))


# ================================================================ output

texts = [r["text"] for r in ROWS]
dupes = [t for t, n in Counter(texts).items() if n > 1]
assert not dupes, dupes[:3]
with OUT.open("w", encoding="utf-8", newline="\n") as fh:
    for row in ROWS:
        fh.write(json.dumps(row, ensure_ascii=False) + "\n")

print(Counter(r["category"] for r in ROWS))
print(sorted(Counter(r["kind"] for r in ROWS).items()))
print(len(ROWS), "rows ->", OUT.name)
