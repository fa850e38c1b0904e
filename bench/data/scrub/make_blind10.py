# ruff: noqa: E501
"""Blind scrub corpus #10: companion/persona chat app and its support channel.

Written without looking at the scrubber: its source, tests, docs, README,
changelog, benchmark script and the earlier corpora were not opened while this
file was written. The only file of the project that was read is the first 70
lines of ``make_blind5.py`` (its header and the ``add()``/``S()``/``P()``
helper shape). The BIP-39 English word list embedded below was copied from the
public ``bitcoin/bips`` repository. Everything else comes from general
knowledge of what people type into a companion chat app, paste from their
phone (voice dictation, SMS, e-mail, OCR of screenshots, notes, password
manager exports, group-chat exports) or send to its support channel, and of
the public shapes and check-digit rules of credentials and personal data.

Deterministic: every random value comes from one seeded ``random.Random`` used
in a fixed order, so running ``python bench/data/scrub/make_blind10.py`` again
writes the same ``blind10.jsonl`` (next to this script) byte for byte.
Standard library only.

One JSON object per line::

    {"text": str, "category": "secret" | "pii" | "negative", "kind": str,
     "secrets": [str, ...], "context": str}

``secrets`` holds exact substrings of ``text`` (each at least 6 characters)
that must not survive scrubbing: secret values (not their names), a person's
identifying numbers, contact details, whole street addresses, dates of birth.
Institution-only codes (BIC, sort/branch/routing codes), public institutions'
numbers and addresses and company hotlines are not labelled. Negatives have
kind ``"negative"`` and an empty list: nothing in them is secret or personal,
and they must come out unchanged. No published test values (test card
numbers, documented example keys, reserved example domains, fictional phone
ranges) are used anywhere; check digits (Luhn, mod-11, mod-97, Verhoeff,
national-id rules) are computed where the real format has them.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import random
import string
import urllib.parse
from collections import Counter
from pathlib import Path

R = random.Random(10_1010_2025)
OUT = Path(__file__).with_name("blind10.jsonl")

UP = string.ascii_uppercase
LO = string.ascii_lowercase
DG = string.digits
AN = UP + LO + DG
LN = LO + DG
UN = UP + DG
HX = "0123456789abcdef"
HXU = HX.upper()
B64 = AN + "+/"
B64U = AN + "-_"
B32 = UP + "234567"
B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"

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


# ---------------------------------------------------------------- random bits


def rs(alpha: str, n: int) -> str:
    return "".join(R.choice(alpha) for _ in range(n))


def dg(n: int) -> str:
    return rs(DG, n)


def dgnz(n: int) -> str:
    return R.choice("123456789") + dg(n - 1)


def pick(seq):
    return R.choice(seq)


def b64u(nbytes: int) -> str:
    return base64.urlsafe_b64encode(R.randbytes(nbytes)).decode().rstrip("=")


def b64(nbytes: int) -> str:
    return base64.b64encode(R.randbytes(nbytes)).decode()


def hexs(n: int) -> str:
    return rs(HX, n)


def uuid4() -> str:
    h = list(hexs(32))
    h[12] = "4"
    h[16] = pick("89ab")
    s = "".join(h)
    return f"{s[:8]}-{s[8:12]}-{s[12:16]}-{s[16:20]}-{s[20:]}"


def spaced(s: str) -> str:
    """Voice dictation: every digit separated by a space."""
    return " ".join(ch for ch in s if ch.isalnum())


def grp(s: str, size: int = 4, sep: str = " ") -> str:
    return sep.join(s[i : i + size] for i in range(0, len(s), size))


def rdate(y0: int, y1: int) -> dt.date:
    start = dt.date(y0, 1, 1).toordinal()
    end = dt.date(y1, 12, 31).toordinal()
    return dt.date.fromordinal(R.randint(start, end))


def b58enc(b: bytes) -> str:
    n = int.from_bytes(b, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = B58[r] + out
    pad = len(b) - len(b.lstrip(b"\0"))
    return "1" * pad + out


def b58check(payload: bytes) -> str:
    chk = hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
    return b58enc(payload + chk)


# ------------------------------------------------------------ check digits


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


PUBLISHED_CARDS = {
    "4111111111111111",
    "4242424242424242",
    "4012888888881881",
    "4000056655665556",
    "5555555555554444",
    "5105105105105100",
    "5200828282828210",
    "378282246310005",
    "371449635398431",
    "6011111111111117",
    "6011000990139424",
    "3530111333300000",
    "3566002020360505",
    "30569309025904",
    "38520000023237",
    "4222222222222",
}


def card(prefix: str, length: int) -> str:
    while True:
        body = prefix + dg(length - len(prefix) - 1)
        num = body + luhn_digit(body)
        if num not in PUBLISHED_CARDS and luhn_ok(num):
            return num


def card_fmt(num: str) -> str:
    if len(num) == 15:
        return f"{num[:4]} {num[4:10]} {num[10:]}"
    return grp(num)


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


def verhoeff_ok(num: str) -> bool:
    c = 0
    for i, ch in enumerate(reversed(num)):
        c = V_D[c][V_P[i % 8][int(ch)]]
    return c == 0


def iban(cc: str, bban: str) -> str:
    num = "".join(str(int(ch, 36)) for ch in bban + cc + "00")
    chk = 98 - int(num) % 97
    out = f"{cc}{chk:02d}{bban}"
    assert iban_ok(out), out
    return out


def iban_ok(s: str) -> bool:
    s = s.replace(" ", "")
    num = "".join(str(int(ch, 36)) for ch in s[4:] + s[:4])
    return int(num) % 97 == 1


def weighted(digits: str, weights) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights, strict=False))


# Italian odd/even tables (codice fiscale and the CIN of an Italian BBAN)
IT_ODD = dict(zip(DG, [1, 0, 5, 7, 9, 13, 15, 17, 19, 21], strict=True))
IT_ODD.update(
    zip(
        UP,
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
IT_EVEN = {d: i for i, d in enumerate(DG)}
IT_EVEN.update({c: i for i, c in enumerate(UP)})


def it_check_char(s: str) -> str:
    total = 0
    for i, ch in enumerate(s):
        total += IT_ODD[ch] if i % 2 == 0 else IT_EVEN[ch]
    return UP[total % 26]


# ------------------------------------------------------------ national ids


def us_ssn() -> str:
    while True:
        area = R.randint(1, 899)
        if area != 666:
            break
    return f"{area:03d}-{R.randint(1, 99):02d}-{R.randint(1, 9999):04d}"


def uk_nino() -> str:
    first = "ABCEGHJKLMNOPRSTWXYZ"
    second = "ABCEGHJKLMNPRSTWXYZ"
    while True:
        p = pick(first) + pick(second)
        if p not in {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"}:
            break
    d = dg(6)
    return f"{p} {d[:2]} {d[2:4]} {d[4:]} {pick('ABCD')}"


def de_steuer_id() -> str:
    while True:
        present = R.sample(DG, 9)
        ds = [*present, pick(present)]
        R.shuffle(ds)
        if ds[0] != "0":
            break
    product = 10
    for ch in ds:
        s = (int(ch) + product) % 10
        if s == 0:
            s = 10
        product = (s * 2) % 11
    chk = 11 - product
    if chk == 10:
        chk = 0
    n = "".join(ds) + str(chk)
    return f"{n[:2]} {n[2:5]} {n[5:8]} {n[8:]}"


def fr_nir() -> str:
    sex = pick("12")
    born = rdate(1955, 2003)
    dep = f"{R.randint(1, 95):02d}"
    if dep == "20":
        dep = "75"
    body = f"{sex}{born.year % 100:02d}{born.month:02d}{dep}{R.randint(1, 990):03d}{R.randint(1, 999):03d}"
    key = 97 - int(body) % 97
    return f"{body[0]} {body[1:3]} {body[3:5]} {body[5:7]} {body[7:10]} {body[10:13]} {key:02d}"


DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"


def es_dni() -> str:
    n = R.randint(10_000_000, 79_999_999)
    return f"{n:08d}{DNI_LETTERS[n % 23]}"


def es_nie() -> str:
    p = pick("XYZ")
    n = dg(7)
    return f"{p}{n}{DNI_LETTERS[int(str('XYZ'.index(p)) + n) % 23]}"


def _cf_part(word: str, is_name: bool) -> str:
    w = word.upper()
    cons = [c for c in w if c in UP and c not in "AEIOU"]
    vows = [c for c in w if c in "AEIOU"]
    if is_name and len(cons) >= 4:
        return cons[0] + cons[2] + cons[3]
    return ("".join(cons + vows) + "XXX")[:3]


def it_codice_fiscale(surname: str, name: str, female: bool, born: dt.date, comune: str) -> str:
    day = born.day + (40 if female else 0)
    s = (
        _cf_part(surname, False)
        + _cf_part(name, True)
        + f"{born.year % 100:02d}"
        + "ABCDEHLMPRST"[born.month - 1]
        + f"{day:02d}"
        + comune
    )
    return s + it_check_char(s)


def nl_bsn() -> str:
    while True:
        d = dgnz(8)
        s = weighted(d, [9, 8, 7, 6, 5, 4, 3, 2]) % 11
        if s < 10:
            return d + str(s)


def be_rrn() -> str:
    born = rdate(1950, 2005)
    serial = R.randint(1, 997)
    first9 = f"{born.year % 100:02d}{born.month:02d}{born.day:02d}{serial:03d}"
    base = int(("2" if born.year >= 2000 else "") + first9)
    chk = 97 - base % 97
    return f"{first9[:2]}.{first9[2:4]}.{first9[4:6]}-{first9[6:9]}.{chk:02d}"


def pl_pesel(born: dt.date, female: bool) -> str:
    m = born.month + (20 if born.year >= 2000 else 0)
    serial = dg(3)
    sexd = pick("02468" if female else "13579")
    body = f"{born.year % 100:02d}{m:02d}{born.day:02d}{serial}{sexd}"
    chk = (10 - weighted(body, [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]) % 10) % 10
    return body + str(chk)


def pt_nif() -> str:
    body = pick("123") + dg(7)
    r = weighted(body, [9, 8, 7, 6, 5, 4, 3, 2]) % 11
    return body + str(0 if r < 2 else 11 - r)


def tr_tckn() -> str:
    d = [int(c) for c in dgnz(9)]
    d10 = ((d[0] + d[2] + d[4] + d[6] + d[8]) * 7 - (d[1] + d[3] + d[5] + d[7])) % 10
    d11 = (sum(d) + d10) % 10
    return "".join(map(str, d)) + str(d10) + str(d11)


def ru_snils() -> str:
    while True:
        d = dg(9)
        if int(d) > 1001998:
            break
    s = weighted(d, [9, 8, 7, 6, 5, 4, 3, 2, 1])
    if s < 100:
        c = s
    elif s in (100, 101):
        c = 0
    else:
        c = s % 101
        if c == 100:
            c = 0
    return f"{d[:3]}-{d[3:6]}-{d[6:]} {c:02d}"


def ru_inn12() -> str:
    d = pick(["77", "78", "50", "66", "16", "54", "23"]) + dg(8)
    n11 = weighted(d, [7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) % 11 % 10
    d += str(n11)
    n12 = weighted(d, [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) % 11 % 10
    return d + str(n12)


def ua_rnokpp(born: dt.date, female: bool) -> str:
    days = (born - dt.date(1899, 12, 31)).days
    body = f"{days:05d}{dg(3)}{pick('02468' if female else '13579')}"
    chk = weighted(body, [-1, 5, 7, 9, 4, 6, 10, 5, 7]) % 11 % 10
    return body + str(chk)


def cz_rodne_cislo(born: dt.date, female: bool) -> str:
    m = born.month + (50 if female else 0)
    while True:
        first9 = f"{born.year % 100:02d}{m:02d}{born.day:02d}{dg(3)}"
        c = int(first9) % 11
        if c < 10:
            return f"{first9[:6]}/{first9[6:]}{c}"


def ro_cnp(born: dt.date, female: bool) -> str:
    s = ("2" if female else "1") if born.year < 2000 else ("6" if female else "5")
    body = f"{s}{born.year % 100:02d}{born.month:02d}{born.day:02d}{R.randint(1, 46):02d}{R.randint(1, 999):03d}"
    r = weighted(body, [2, 7, 9, 1, 4, 6, 3, 5, 8, 2, 7, 9]) % 11
    return body + str(1 if r == 10 else r)


def hu_adoazonosito(born: dt.date) -> str:
    while True:
        days = (born - dt.date(1867, 1, 1)).days
        body = f"8{days:05d}{dg(3)}"
        c = sum(int(ch) * (i + 1) for i, ch in enumerate(body)) % 11
        if c < 10:
            return body + str(c)


def hu_taj() -> str:
    body = dgnz(8)
    c = sum(int(ch) * (3 if i % 2 == 0 else 7) for i, ch in enumerate(body)) % 10
    n = body + str(c)
    return f"{n[:3]} {n[3:6]} {n[6:]}"


def se_personnummer(born: dt.date) -> str:
    body = f"{born.year % 100:02d}{born.month:02d}{born.day:02d}{dg(3)}"
    return f"{body[:6]}-{body[6:]}{luhn_digit(body)}"


def gr_amka(born: dt.date) -> str:
    body = f"{born.day:02d}{born.month:02d}{born.year % 100:02d}{dg(4)}"
    return body + luhn_digit(body)


def gr_afm() -> str:
    body = dgnz(8)
    c = sum(int(ch) * 2 ** (8 - i) for i, ch in enumerate(body)) % 11 % 10
    return body + str(c)


def in_aadhaar() -> str:
    body = pick("23456789") + dg(10)
    n = body + verhoeff_digit(body)
    assert verhoeff_ok(n)
    return f"{n[:4]} {n[4:8]} {n[8:]}"


def in_pan(surname: str) -> str:
    return rs(UP, 3) + "P" + surname[0].upper() + dg(4) + pick(UP)


def id_nik(born: dt.date, female: bool) -> str:
    region = pick(["317405", "327301", "357801", "517101", "347104", "127102"])
    day = born.day + (40 if female else 0)
    return f"{region}{day:02d}{born.month:02d}{born.year % 100:02d}{R.randint(1, 2999):04d}"


def vn_cccd(born: dt.date, female: bool) -> str:
    prov = pick(["001", "079", "048", "031", "092", "038"])
    c = (0 if born.year < 2000 else 2) + (1 if female else 0)
    return f"{prov}{c}{born.year % 100:02d}{dg(6)}"


def th_id() -> str:
    body = pick("12345678") + dg(11)
    s = sum(int(ch) * (13 - i) for i, ch in enumerate(body))
    n = body + str((11 - s % 11) % 10)
    return f"{n[0]}-{n[1:5]}-{n[5:10]}-{n[10:12]}-{n[12]}"


def cn_resident_id(born: dt.date, female: bool) -> str:
    region = pick(["110101", "310104", "440305", "330106", "510107", "420106"])
    seq = f"{dg(2)}{pick('02468' if female else '13579')}"
    body = f"{region}{born:%Y%m%d}{seq}"
    s = weighted(body, [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2])
    return body + "10X98765432"[s % 11]


def jp_my_number() -> str:
    body = dgnz(11)
    total = 0
    for n in range(1, 12):
        p = int(body[11 - n])
        q = n + 1 if n <= 6 else n - 5
        total += p * q
    r = total % 11
    n = body + str(0 if r <= 1 else 11 - r)
    return f"{n[:4]} {n[4:8]} {n[8:]}"


def kr_rrn(born: dt.date, female: bool) -> str:
    s = (2 if female else 1) + (2 if born.year >= 2000 else 0)
    body = f"{born.year % 100:02d}{born.month:02d}{born.day:02d}{s}{dg(5)}"
    c = (11 - weighted(body, [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5]) % 11) % 10
    return f"{body[:6]}-{body[6:]}{c}"


def il_teudat_zehut() -> str:
    body = dg(8)
    total = 0
    for i, ch in enumerate(body):
        v = int(ch) * (1 if i % 2 == 0 else 2)
        total += v - 9 if v > 9 else v
    return body + str((10 - total % 10) % 10)


def ir_code_melli() -> str:
    while True:
        body = dg(9)
        if len(set(body)) > 2:
            break
    r = sum(int(ch) * (10 - i) for i, ch in enumerate(body)) % 11
    return body + str(r if r < 2 else 11 - r)


def sa_national_id() -> str:
    body = "1" + dg(8)
    return body + luhn_digit(body)


def ae_emirates_id(born: dt.date) -> str:
    body = f"784{born.year}{dg(7)}"
    n = body + luhn_digit(body)
    return f"{n[:3]}-{n[3:7]}-{n[7:14]}-{n[14]}"


def br_cpf() -> str:
    while True:
        d = dg(9)
        if len(set(d)) > 1:
            break
    s1 = sum(int(ch) * (10 - i) for i, ch in enumerate(d))
    c1 = (s1 * 10) % 11 % 10
    d += str(c1)
    s2 = sum(int(ch) * (11 - i) for i, ch in enumerate(d))
    c2 = (s2 * 10) % 11 % 10
    d += str(c2)
    return f"{d[:3]}.{d[3:6]}.{d[6:9]}-{d[9:]}"


CURP_ALPHA = "0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ"


def mx_curp(s1: str, s2: str, name: str, born: dt.date, female: bool, state: str) -> str:
    def first_internal(word: str, vowels: bool) -> str:
        for ch in word[1:].upper():
            if (ch in "AEIOU") == vowels and ch in UP:
                return ch
        return "X"

    s = (
        s1[0].upper()
        + first_internal(s1, True)
        + s2[0].upper()
        + name[0].upper()
        + f"{born.year % 100:02d}{born.month:02d}{born.day:02d}"
        + ("M" if female else "H")
        + state
        + first_internal(s1, False)
        + first_internal(s2, False)
        + first_internal(name, False)
        + (pick(DG) if born.year < 2000 else pick(UP))
    )
    total = sum(CURP_ALPHA.index(ch) * (18 - i) for i, ch in enumerate(s))
    return s + str((10 - total % 10) % 10)


def ar_cuil(dni: str, female: bool) -> str:
    pre = "27" if female else "20"
    r = 11 - weighted(pre + dni, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]) % 11
    if r == 11:
        c = 0
    elif r == 10:
        pre, c = "23", (4 if female else 9)
    else:
        c = r
    return f"{pre}-{dni}-{c}"


def ca_sin() -> str:
    body = pick("1234579") + dg(7)
    n = body + luhn_digit(body)
    return f"{n[:3]} {n[3:6]} {n[6:]}"


def au_tfn() -> str:
    while True:
        body = dgnz(8)
        s = weighted(body, [1, 4, 3, 7, 5, 8, 6, 9])
        d = s % 11
        if d < 10:
            n = body + str(d)
            assert weighted(n, [1, 4, 3, 7, 5, 8, 6, 9, 10]) % 11 == 0
            return f"{n[:3]} {n[3:6]} {n[6:]}"


def au_medicare() -> str:
    body = pick("23456") + dg(7)
    c = weighted(body, [1, 3, 7, 9, 1, 3, 7, 9]) % 10
    return f"{body[:4]} {body[4:]}{c} {pick('123456789')}"


def za_id(born: dt.date, female: bool) -> str:
    g = R.randint(0, 4999) if female else R.randint(5000, 9999)
    body = f"{born.year % 100:02d}{born.month:02d}{born.day:02d}{g:04d}08"
    return body + luhn_digit(body)


def no_fnr(born: dt.date) -> str:
    while True:
        ind = R.randint(0, 499) if born.year < 2000 else R.randint(500, 999)
        body = f"{born.day:02d}{born.month:02d}{born.year % 100:02d}{ind:03d}"
        k1 = 11 - weighted(body, [3, 7, 6, 1, 8, 9, 4, 5, 2]) % 11
        k1 = 0 if k1 == 11 else k1
        if k1 == 10:
            continue
        body += str(k1)
        k2 = 11 - weighted(body, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]) % 11
        k2 = 0 if k2 == 11 else k2
        if k2 == 10:
            continue
        return body + str(k2)


def fi_hetu(born: dt.date) -> str:
    nnn = f"{R.randint(2, 899):03d}"
    sign = "-" if born.year < 2000 else "A"
    dd = f"{born.day:02d}{born.month:02d}{born.year % 100:02d}"
    return f"{dd}{sign}{nnn}" + "0123456789ABCDEFHJKLMNPRSTUVWXY"[int(dd + nnn) % 31]


def cl_rut() -> str:
    n = str(R.randint(8_000_000, 24_999_999))
    total = 0
    for i, ch in enumerate(reversed(n)):
        total += int(ch) * (2 + i % 6)
    r = 11 - total % 11
    c = "0" if r == 11 else ("K" if r == 10 else str(r))
    return f"{int(n):,}".replace(",", ".") + "-" + c


def ph_sss() -> str:
    d = pick(["33", "34", "02", "04", "01"]) + dg(8)
    return f"{d[:2]}-{d[2:9]}-{d[9]}"


def ke_kra_pin() -> str:
    return "A" + dg(9) + pick(UP)


def uk_nhs() -> str:
    while True:
        body = pick("4679") + dg(8)
        r = 11 - weighted(body, [10, 9, 8, 7, 6, 5, 4, 3, 2]) % 11
        if r == 11:
            r = 0
        if r == 10:
            continue
        n = body + str(r)
        return f"{n[:3]} {n[3:6]} {n[6:]}"


def de_kvnr() -> str:
    letter = pick(UP)
    body = dg(8)
    digs = f"{ord(letter) - 64:02d}" + body
    total = 0
    for i, ch in enumerate(digs):
        v = int(ch) * (1 if i % 2 == 0 else 2)
        total += v // 10 + v % 10
    return letter + body + str(total % 10)


def us_mbi() -> str:
    a = "ACDEFGHJKMNPQRTUVWXY"
    an = a + DG
    return (
        pick("123456789")
        + pick(a)
        + pick(an)
        + pick(DG)
        + "-"
        + pick(a)
        + pick(an)
        + pick(DG)
        + "-"
        + pick(a)
        + pick(a)
        + pick(DG)
        + pick(DG)
    )


VIN_VAL = dict(
    zip(
        "ABCDEFGHJKLMNPRSTUVWXYZ",
        [1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9],
        strict=True,
    )
)
VIN_VAL.update({d: int(d) for d in DG})
VIN_ALPHA = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"


def vin(wmi: str) -> str:
    year = pick("ABCDEFGHJKLMNP")
    rest = rs(VIN_ALPHA, 5) + "0" + year + pick(VIN_ALPHA) + dg(6)
    s = wmi + rest
    w = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2]
    c = sum(VIN_VAL[ch] * wt for ch, wt in zip(s, w, strict=True)) % 11
    return s[:8] + ("X" if c == 10 else str(c)) + s[9:]


def mrz_check(s: str) -> str:
    val = {c: i for i, c in enumerate(DG + UP)}
    val["<"] = 0
    return str(sum(val[ch] * (7, 3, 1)[i % 3] for i, ch in enumerate(s)) % 10)


def mrz_line2(nat: str, born: dt.date, sex: str, expires: dt.date) -> str:
    doc = dg(9)
    dob = f"{born:%y%m%d}"
    exp = f"{expires:%y%m%d}"
    personal = "<" * 14
    a = doc + mrz_check(doc)
    b = dob + mrz_check(dob)
    c = exp + mrz_check(exp)
    d = personal + "0"
    line = f"{a}{nat}{b}{sex}{c}{d}"
    return line + mrz_check(a + b + c + d)


def uk_driving_licence(surname: str, first: str, born: dt.date, female: bool) -> str:
    sur = (surname.upper() + "99999")[:5]
    m = born.month + (50 if female else 0)
    return f"{sur}{str(born.year)[2]}{m:02d}{born.day:02d}{str(born.year)[3]}{first[0].upper()}9{pick(DG)}{rs(UP, 2)}"


# ------------------------------------------------------------ bank accounts


def aba_routing() -> str:
    """A US routing number (identifies the bank, not the person): 3-7-1 checksum."""
    while True:
        body = pick(["0", "1", "2"]) + pick("123456789") + dg(6)
        s = weighted(body, [3, 7, 1, 3, 7, 1, 3, 7])
        c = (10 - s % 10) % 10
        n = body + str(c)
        if weighted(n, [3, 7, 1, 3, 7, 1, 3, 7, 1]) % 10 == 0:
            return n


def de_iban() -> str:
    return iban("DE", pick("1234567") + dg(7) + dg(10))


def fr_iban() -> str:
    bank, branch, acct = dg(5), dg(5), dg(11)
    key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(acct)) % 97
    return iban("FR", f"{bank}{branch}{acct}{key:02d}")


def es_iban() -> str:
    bank, branch, acct = dg(4), dg(4), dg(10)
    w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]

    def dc(s: str) -> str:
        r = 11 - weighted(s, w) % 11
        return "0" if r == 11 else ("1" if r == 10 else str(r))

    return iban("ES", bank + branch + dc("00" + bank + branch) + dc(acct) + acct)


def it_iban() -> str:
    abi, cab, conto = dg(5), dg(5), dg(12)
    return iban("IT", it_check_char(abi + cab + conto) + abi + cab + conto)


def nl_iban() -> str:
    while True:
        acct = "0" + dgnz(9)
        if weighted(acct, range(10, 0, -1)) % 11 == 0:
            return iban("NL", pick(["ABNA", "RABO", "SNSB", "ASNB", "TRIO"]) + acct)


def be_iban() -> str:
    first10 = dg(10)
    c = int(first10) % 97 or 97
    return iban("BE", f"{first10}{c:02d}")


def pl_iban() -> str:
    sort7 = dg(7)
    c = (10 - weighted(sort7, [3, 9, 7, 1, 3, 9, 7]) % 10) % 10
    return iban("PL", sort7 + str(c) + dg(16))


def pt_iban() -> str:
    body = dg(19)
    nib = 98 - (int(body) * 100) % 97
    return iban("PT", f"{body}{nib:02d}")


def tr_iban() -> str:
    return iban("TR", dg(5) + "0" + dg(16))


def ro_iban() -> str:
    return iban("RO", pick(["BTRL", "RNCB", "BRDE", "INGB", "RZBR"]) + rs(UN, 16))


def hu_iban() -> str:
    first7 = dg(7)
    c1 = (10 - weighted(first7, [9, 7, 3, 1, 9, 7, 3]) % 10) % 10
    acct = dg(15)
    c2 = (10 - weighted(acct, [9, 7, 3, 1] * 4) % 10) % 10
    return iban("HU", first7 + str(c1) + acct + str(c2))


def cz_iban() -> str:
    while True:
        acct = dg(10)
        if weighted(acct, [6, 3, 7, 9, 10, 5, 8, 4, 2, 1]) % 11 == 0 and int(acct) > 0:
            return iban("CZ", pick(["0800", "0100", "2010", "0300", "0600"]) + "000000" + acct)


def generic_iban(cc: str, spec: str) -> str:
    """spec: string of 'n' (digit), 'a' (letter), 'c' (alnum)."""
    b = "".join(pick(DG) if t == "n" else pick(UP) if t == "a" else pick(UN) for t in spec)
    return iban(cc, b)


def gb_iban() -> str:
    return iban("GB", pick(["BARC", "LOYD", "HBUK", "NWBK", "MONZ"]) + dg(14))


# ------------------------------------------------------------ people


LATIN_FIRST = [
    "lena",
    "marco",
    "sofia",
    "jonas",
    "amira",
    "daniel",
    "chloe",
    "mateus",
    "ines",
    "tomasz",
    "elif",
    "nikolai",
    "oksana",
    "yusuf",
    "noa",
    "reza",
    "priya",
    "arif",
    "putri",
    "linh",
    "niran",
    "joy",
    "wei",
    "haruka",
    "minji",
    "wanjiru",
    "eleni",
    "tereza",
    "ioana",
    "zsofia",
    "erik",
    "maya",
    "lucas",
    "hannah",
    "diego",
    "camille",
    "giulia",
    "sven",
    "kasia",
    "emre",
]
LATIN_LAST = [
    "hoffmann",
    "rossi",
    "garcia",
    "dubois",
    "silva",
    "kowalski",
    "yilmaz",
    "ivanova",
    "shevchenko",
    "haddad",
    "levi",
    "karimi",
    "sharma",
    "rahman",
    "santoso",
    "nguyen",
    "suksawat",
    "reyes",
    "chen",
    "tanaka",
    "kim",
    "otieno",
    "papadopoulou",
    "novakova",
    "popescu",
    "nagy",
    "lindqvist",
    "brooks",
    "okafor",
    "jansen",
    "moreau",
    "bauer",
    "ferreira",
    "fischer",
    "costa",
    "walsh",
    "patel",
    "meyer",
]
MAIL_DOMAINS = [
    "gmail.com",
    "outlook.com",
    "hotmail.com",
    "yahoo.com",
    "icloud.com",
    "proton.me",
    "gmx.de",
    "web.de",
    "orange.fr",
    "libero.it",
    "wp.pl",
    "seznam.cz",
    "mail.ru",
    "yandex.ru",
    "ukr.net",
    "naver.com",
    "qq.com",
    "163.com",
    "yahoo.co.jp",
    "hotmail.co.uk",
    "t-online.de",
    "free.fr",
    "uol.com.br",
    "freemail.hu",
    "ziggo.nl",
    "telia.com",
    "otenet.gr",
    "rediffmail.com",
]


def email(first: str | None = None, last: str | None = None, domain: str | None = None) -> str:
    f = first or pick(LATIN_FIRST)
    last_name = last or pick(LATIN_LAST)
    d = domain or pick(MAIL_DOMAINS)
    style = R.randint(0, 5)
    if style == 0:
        local = f"{f}.{last_name}"
    elif style == 1:
        local = f"{f}{last_name[0]}{R.randint(10, 99)}"
    elif style == 2:
        local = f"{f[0]}{last_name}{R.randint(1970, 2006)}"
    elif style == 3:
        local = f"{f}_{last_name}"
    elif style == 4:
        local = f"{last_name}.{f}{R.randint(1, 9)}"
    else:
        local = f"{f}{R.choice(['.', '_', ''])}{rs(LO, 3)}{R.randint(100, 999)}"
    return f"{local}@{d}"


def handle() -> str:
    f = pick(LATIN_FIRST)
    return pick(
        [
            f"{f}.{pick(LATIN_LAST)}",
            f"{f}_{rs(LO, 3)}{R.randint(10, 99)}",
            f"{pick(['its', 'the', 'real', 'just', 'not'])}{f}{R.randint(1, 999)}",
            f"{f}{pick(['.art', '.travels', '_fit', '.eats', 'xo', '.codes'])}",
        ]
    )


# ------------------------------------------------------------ phones

US_AREAS = [
    "212",
    "312",
    "415",
    "617",
    "713",
    "206",
    "303",
    "404",
    "512",
    "646",
    "773",
    "818",
    "919",
    "972",
    "503",
    "614",
]


def us_phone() -> tuple[str, str]:
    a = pick(US_AREAS)
    while True:
        ex = pick("23456789") + dg(2)
        if ex != "555" and ex[1:] != "11":
            break
    line = dg(4)
    return a + ex + line, pick(
        [f"({a}) {ex}-{line}", f"{a}-{ex}-{line}", f"+1 {a} {ex} {line}", f"{a}.{ex}.{line}"]
    )


def phone(cc: str) -> str:
    """A mobile number written the way people in that country write it."""
    if cc == "US":
        return us_phone()[1]
    if cc == "GB":
        n = "7" + pick("4589") + dg(8)
        return pick([f"0{n[:4]} {n[4:]}", f"+44 {n[:4]} {n[4:]}", f"+44 {n[:4]} {n[4:7]} {n[7:]}"])
    if cc == "DE":
        n = pick(
            [
                "151",
                "152",
                "157",
                "160",
                "162",
                "170",
                "171",
                "172",
                "173",
                "174",
                "175",
                "176",
                "177",
                "178",
                "179",
            ]
        ) + dg(8)
        return pick(
            [
                f"0{n[:3]} {n[3:]}",
                f"+49 {n[:3]} {n[3:]}",
                f"0{n[:3]}/{n[3:]}",
                f"+49 ({n[:3]}) {n[3:7]} {n[7:]}",
            ]
        )
    if cc == "FR":
        n = pick("67") + dg(8)
        if n.startswith("639"):
            n = "64" + n[2:]
        p = [n[i : i + 2] for i in range(1, 9, 2)]
        return pick(
            [f"0{n[0]} {' '.join(p)}", f"+33 {n[0]} {' '.join(p)}", f"0{n[0]}.{'.'.join(p)}"]
        )
    if cc == "ES":
        n = "6" + dg(8)
        return pick([f"{n[:3]} {n[3:5]} {n[5:7]} {n[7:]}", f"+34 {n[:3]} {n[3:6]} {n[6:]}"])
    if cc == "IT":
        n = "3" + pick("2345689") + dg(8)
        return pick([f"{n[:3]} {n[3:6]} {n[6:]}", f"+39 {n[:3]} {n[3:]}"])
    if cc == "NL":
        n = "6" + dg(8)
        return pick(
            [
                f"0{n[0]}-{n[1:]}",
                f"+31 {n[0]} {n[1:5]} {n[5:]}",
                f"0{n[0]} {n[1:3]} {n[3:5]} {n[5:7]} {n[7:]}",
            ]
        )
    if cc == "PL":
        n = pick("5678") + dg(8)
        return pick(
            [
                f"{n[:3]} {n[3:6]} {n[6:]}",
                f"+48 {n[:3]} {n[3:6]} {n[6:]}",
                f"{n[:3]}-{n[3:6]}-{n[6:]}",
            ]
        )
    if cc == "TR":
        n = "5" + pick("0345") + dg(8)
        return pick(
            [f"0{n[:3]} {n[3:6]} {n[6:8]} {n[8:]}", f"+90 {n[:3]} {n[3:6]} {n[6:8]} {n[8:]}"]
        )
    if cc == "RU":
        n = "9" + dg(9)
        return pick(
            [
                f"+7 ({n[:3]}) {n[3:6]}-{n[6:8]}-{n[8:]}",
                f"8 {n[:3]} {n[3:6]}-{n[6:8]}-{n[8:]}",
                f"+7{n}",
            ]
        )
    if cc == "UA":
        n = pick(["50", "63", "66", "67", "68", "73", "93", "95", "96", "97", "98", "99"]) + dg(7)
        return pick([f"+380 {n[:2]} {n[2:5]} {n[5:7]} {n[7:]}", f"0{n[:2]} {n[2:5]} {n[5:]}"])
    if cc == "SA":
        n = "5" + pick("0345689") + dg(7)
        return pick([f"+966 {n[:2]} {n[2:5]} {n[5:]}", f"0{n[:2]} {n[2:5]} {n[5:]}"])
    if cc == "EG":
        n = "1" + pick("0125") + dg(8)
        return pick([f"+20 {n[:2]} {n[2:6]} {n[6:]}", f"0{n[:2]} {n[2:6]} {n[6:]}"])
    if cc == "AE":
        n = "5" + pick("02458") + dg(7)
        return f"+971 {n[:2]} {n[2:5]} {n[5:]}"
    if cc == "IL":
        n = "5" + pick("02348") + dg(7)
        return pick([f"0{n[:2]}-{n[2:5]}-{n[5:]}", f"+972-{n[:2]}-{n[2:5]}-{n[5:]}"])
    if cc == "IR":
        n = "9" + pick(["12", "13", "19", "35", "36", "01", "10"]) + dg(7)
        return pick([f"0{n[:3]} {n[3:6]} {n[6:]}", f"+98 {n[:3]} {n[3:6]} {n[6:]}"])
    if cc == "IN":
        n = pick("6789") + dg(9)
        return pick([f"+91 {n[:5]} {n[5:]}", f"{n[:5]} {n[5:]}", f"+91-{n}"])
    if cc == "BD":
        n = "1" + pick("3456789") + dg(8)
        return pick([f"+880 {n[:4]}-{n[4:]}", f"0{n[:4]}-{n[4:]}"])
    if cc == "ID":
        n = "8" + pick(["11", "12", "13", "21", "22", "52", "57", "77", "78", "95", "96"]) + dg(8)
        return pick([f"+62 {n[:3]}-{n[3:7]}-{n[7:]}", f"0{n[:3]}-{n[3:7]}-{n[7:]}", f"0{n}"])
    if cc == "VN":
        n = pick(
            ["90", "91", "93", "94", "96", "97", "98", "86", "32", "35", "70", "77", "83"]
        ) + dg(7)
        return pick([f"0{n[:2]} {n[2:5]} {n[5:]}", f"+84 {n[:2]} {n[2:5]} {n[5:]}"])
    if cc == "TH":
        n = pick("689") + pick("0123456789") + dg(7)
        return pick([f"0{n[:2]}-{n[2:5]}-{n[5:]}", f"+66 {n[:2]} {n[2:5]} {n[5:]}"])
    if cc == "PH":
        n = "9" + pick(["17", "18", "19", "20", "27", "28", "56", "77", "95", "98"]) + dg(7)
        return pick([f"+63 {n[:3]} {n[3:6]} {n[6:]}", f"0{n[:3]} {n[3:6]} {n[6:]}", f"0{n}"])
    if cc == "CN":
        n = "1" + pick("3589") + dg(9)
        return pick([f"{n[:3]} {n[3:7]} {n[7:]}", f"+86 {n[:3]} {n[3:7]} {n[7:]}", n])
    if cc == "JP":
        n = pick(["70", "80", "90"]) + dg(8)
        return pick([f"0{n[:2]}-{n[2:6]}-{n[6:]}", f"+81 {n[:2]}-{n[2:6]}-{n[6:]}"])
    if cc == "KR":
        n = "10" + dgnz(8)
        return pick([f"0{n[:2]}-{n[2:6]}-{n[6:]}", f"+82 {n[:2]}-{n[2:6]}-{n[6:]}"])
    if cc == "KE":
        n = "7" + pick(["01", "02", "10", "11", "12", "20", "22", "40", "90", "93"]) + dg(6)
        return pick([f"+254 {n[:3]} {n[3:6]} {n[6:]}", f"0{n[:3]} {n[3:6]} {n[6:]}"])
    if cc == "GR":
        n = "69" + pick("3456789") + dg(7)
        return pick([f"{n[:3]} {n[3:6]} {n[6:]}", f"+30 {n[:3]} {n[3:]}"])
    if cc == "CZ":
        n = pick("67") + pick("023789") + dg(7)
        return pick([f"{n[:3]} {n[3:6]} {n[6:]}", f"+420 {n[:3]} {n[3:6]} {n[6:]}"])
    if cc == "RO":
        n = "7" + pick("2345678") + dg(7)
        return pick([f"0{n[:3]} {n[3:6]} {n[6:]}", f"+40 {n[:3]} {n[3:6]} {n[6:]}"])
    if cc == "HU":
        n = pick(["20", "30", "70"]) + dg(7)
        return pick([f"+36 {n[:2]} {n[2:5]} {n[5:]}", f"06 {n[:2]} {n[2:5]} {n[5:]}"])
    if cc == "SE":
        n = "7" + pick("02369") + dg(7)
        return pick(
            [f"0{n[:2]}-{n[2:5]} {n[5:7]} {n[7:]}", f"+46 {n[:2]} {n[2:5]} {n[5:7]} {n[7:]}"]
        )
    if cc == "BR":
        ddd = pick(["11", "21", "31", "41", "51", "61", "71", "81", "85"])
        n = "9" + pick("6789") + dg(7)
        return pick([f"({ddd}) {n[:5]}-{n[5:]}", f"+55 {ddd} {n[:5]}-{n[5:]}"])
    if cc == "PT":
        n = "9" + pick("1236") + dg(7)
        return pick([f"{n[:3]} {n[3:6]} {n[6:]}", f"+351 {n[:3]} {n[3:6]} {n[6:]}"])
    if cc == "MX":
        n = pick(["55", "33", "81"]) + dg(8)
        return pick([f"+52 {n[:2]} {n[2:6]} {n[6:]}", f"{n[:2]} {n[2:6]} {n[6:]}"])
    if cc == "AU":
        n = "4" + pick("123") + dg(7)
        return pick([f"0{n[:3]} {n[3:6]} {n[6:]}", f"+61 {n[:3]} {n[3:6]} {n[6:]}"])
    if cc == "NG":
        n = pick(["803", "806", "813", "816", "703", "706", "810", "905"]) + dg(7)
        return pick([f"+234 {n[:3]} {n[3:6]} {n[6:]}", f"0{n[:3]} {n[3:6]} {n[6:]}"])
    raise KeyError(cc)


def digits_only(s: str) -> str:
    return "".join(ch for ch in s if ch.isdigit())


# ------------------------------------------------------------ addresses


def address(cc: str) -> str:
    n = R.randint(2, 180)
    if cc == "US":
        city, st, z = pick(
            [
                ("Columbus", "OH", "432"),
                ("Austin", "TX", "787"),
                ("Portland", "OR", "972"),
                ("Denver", "CO", "802"),
                ("Raleigh", "NC", "276"),
                ("Madison", "WI", "537"),
            ]
        )
        return f"{R.randint(100, 9899)} {pick(['Maple Ridge', 'Willow Creek', 'Harrison', 'Oakmont', 'Birchwood', 'Linden'])} {pick(['Dr', 'Ave', 'St', 'Ln', 'Ct'])}, Apt {R.randint(1, 12)}{pick('ABCD')}, {city}, {st} {z}{dg(2)}"
    if cc == "GB":
        town, pc = pick(
            [
                ("Leeds", "LS6"),
                ("Bristol", "BS7"),
                ("Manchester", "M20"),
                ("Glasgow", "G12"),
                ("Cardiff", "CF24"),
                ("Norwich", "NR2"),
            ]
        )
        return f"{n} {pick(['Elmfield Road', 'Hawthorn Close', 'Victoria Terrace', 'Mill Lane', 'Beech Grove'])}, {town} {pc} {R.randint(1, 9)}{rs('ABDEFGHJLNPQRSTUWXYZ', 2)}"
    if cc == "DE":
        city, plz = pick(
            [
                ("Berlin", "109"),
                ("Hamburg", "220"),
                ("München", "803"),
                ("Köln", "506"),
                ("Leipzig", "041"),
                ("Freiburg im Breisgau", "791"),
            ]
        )
        return f"{pick(['Lindenstraße', 'Am Mühlbach', 'Goethestr.', 'Kastanienallee', 'Eichendorffweg', 'Bahnhofstraße'])} {n}{pick(['', 'a', 'b', ''])}, {plz}{dg(2)} {city}"
    if cc == "FR":
        city, cp = pick(
            [
                ("Lyon", "6900"),
                ("Nantes", "4400"),
                ("Toulouse", "3100"),
                ("Lille", "5900"),
                ("Bordeaux", "3300"),
            ]
        )
        return f"{n} {pick(['rue des Lilas', 'avenue Jean Jaurès', 'boulevard Carnot', 'impasse des Tilleuls', 'rue Victor Hugo'])}, {cp}{R.randint(1, 8)} {city}"
    if cc == "ES":
        city, cp = pick(
            [("Madrid", "280"), ("Valencia", "460"), ("Sevilla", "410"), ("Zaragoza", "500")]
        )
        return f"Calle {pick(['de Toledo', 'Mayor', 'de la Paz', 'San Vicente', 'del Olivo'])} {n}, {R.randint(1, 8)}º {pick('ABCD')}, {cp}{dg(2)} {city}"
    if cc == "IT":
        city, cap = pick(
            [
                ("Milano", "201"),
                ("Torino", "101"),
                ("Bologna", "401"),
                ("Napoli", "801"),
                ("Firenze", "501"),
            ]
        )
        return f"Via {pick(['Giuseppe Verdi', 'Garibaldi', 'dei Mille', 'Roma', 'Mazzini'])} {n}, {cap}{dg(2)} {city}"
    if cc == "NL":
        return f"{pick(['Kastanjelaan', 'Prinsengracht', 'Dorpsstraat', 'Molenweg', 'Beukenlaan'])} {n}, {R.randint(1011, 9999)} {rs('ABCDEFGHJKLMNPRTVWXZ', 2)} {pick(['Utrecht', 'Amsterdam', 'Groningen', 'Eindhoven', 'Haarlem'])}"
    if cc == "PL":
        city, kod = pick(
            [
                ("Kraków", "30-"),
                ("Warszawa", "02-"),
                ("Gdańsk", "80-"),
                ("Wrocław", "50-"),
                ("Poznań", "60-"),
            ]
        )
        return f"ul. {pick(['Kwiatowa', 'Polna', 'Słoneczna', 'Długa', 'Lipowa'])} {n}/{R.randint(1, 40)}, {kod}{dg(3)} {city}"
    if cc == "TR":
        return f"{pick(['Bağdat Cad.', 'Atatürk Blv.', 'Cumhuriyet Mah. Gül Sk.', 'Moda Cad.'])} No: {n} D: {R.randint(1, 20)}, 34{dg(3)} {pick(['Kadıköy', 'Beşiktaş', 'Üsküdar', 'Şişli'])}/İstanbul"
    if cc == "RU":
        return f"ул. {pick(['Профсоюзная', 'Садовая', 'Ленина', 'Гагарина', 'Мира'])}, д. {n}, кв. {R.randint(1, 240)}, {pick(['Москва, 117', 'Санкт-Петербург, 191', 'Казань, 420'])}{dg(3)}"
    if cc == "UA":
        return f"вул. {pick(['Сагайдачного', 'Шевченка', 'Франка', 'Лесі Українки'])}, {n}, кв. {R.randint(1, 120)}, {pick(['Київ, 04', 'Львів, 79', 'Одеса, 65'])}{dg(3)}"
    if cc == "BR":
        return f"Rua {pick(['das Palmeiras', 'Augusta', 'dos Andradas', 'Sete de Setembro'])}, {n}, apto {R.randint(11, 154)} – {pick(['Pinheiros', 'Moema', 'Savassi', 'Boa Viagem'])}, {pick(['São Paulo – SP', 'Belo Horizonte – MG', 'Recife – PE'])}, {dg(5)}-{dg(3)}"
    if cc == "PT":
        return f"Rua {pick(['do Almada', 'de Santa Catarina', 'Augusta', 'da Boavista'])} {n}, {R.randint(1, 6)}.º {pick(['Esq.', 'Dto.'])}, {pick(['4050', '1100', '4000', '3000'])}-{dg(3)} {pick(['Porto', 'Lisboa', 'Coimbra'])}"
    if cc == "JP":
        return f"〒{dg(3)}-{dg(4)} {pick(['東京都渋谷区神宮前', '大阪府大阪市北区梅田', '東京都世田谷区三軒茶屋', '神奈川県横浜市中区山下町'])}{R.randint(1, 6)}-{R.randint(1, 30)}-{R.randint(1, 20)} {pick(['グランドハイツ', 'メゾン桜', 'パークサイド'])}{R.randint(1, 9)}0{R.randint(1, 9)}"
    if cc == "CN":
        return f"{pick(['上海市徐汇区漕溪北路', '北京市朝阳区建国路', '广州市天河区体育西路', '杭州市西湖区文三路'])}{n}号{R.randint(1, 30)}栋{R.randint(1, 32)}0{R.randint(1, 6)}室"
    if cc == "KR":
        return f"서울특별시 {pick(['마포구 월드컵북로', '강남구 테헤란로', '송파구 올림픽로', '서대문구 연희로'])} {n}, {R.randint(1, 25)}0{R.randint(1, 9)}호"
    if cc == "IN":
        return f"Flat {R.randint(1, 14)}0{R.randint(1, 8)}, {pick(['Sai Residency', 'Green Park Apartments', 'Lakeview Towers'])}, {R.randint(1, 20)}th Cross, {pick(['Indiranagar, Bengaluru 5600', 'Andheri West, Mumbai 4000', 'Salt Lake, Kolkata 7000'])}{dg(2)}"
    if cc == "MX":
        return f"Calle {pick(['Durango', 'Orizaba', 'Tonalá', 'Colima'])} {n}, Int. {R.randint(1, 12)}, Col. {pick(['Roma Norte', 'Condesa', 'Narvarte'])}, 06{dg(3)} Ciudad de México, CDMX"
    if cc == "SE":
        return f"{pick(['Storgatan', 'Drottninggatan', 'Kungsgatan', 'Linnégatan'])} {n} {pick('AB')}, {R.randint(111, 985)} {dg(2)} {pick(['Göteborg', 'Uppsala', 'Malmö', 'Stockholm'])}"
    if cc == "CZ":
        return f"{pick(['Vinohradská', 'Korunní', 'Milady Horákové', 'Lidická'])} {R.randint(100, 2999)}/{n}, 1{R.randint(10, 90)} 00 Praha {R.randint(1, 10)}"
    if cc == "HU":
        return f"{pick(['Király utca', 'Andrássy út', 'Bartók Béla út', 'Futó utca'])} {n}. {R.randint(1, 6)}. em. {R.randint(1, 30)}., 1{R.randint(0, 2)}{R.randint(1, 2)}{R.randint(1, 9)} Budapest"
    if cc == "RO":
        return f"Str. {pick(['Mihai Eminescu', 'Avram Iancu', 'Lalelelor', 'Dorobanților'])} nr. {n}, bl. {pick('ABCDE')}{R.randint(1, 9)}, ap. {R.randint(1, 60)}, {pick(['București 010', 'Cluj-Napoca 400', 'Iași 700'])}{dg(3)}"
    if cc == "GR":
        return f"{pick(['Ερμού', 'Πατησίων', 'Σόλωνος', 'Αγίου Δημητρίου'])} {n}, {R.randint(104, 185)} {dg(2)} {pick(['Αθήνα', 'Θεσσαλονίκη', 'Πειραιάς'])}"
    if cc == "ID":
        return f"Jl. {pick(['Kemang Raya', 'Cendrawasih', 'Melati', 'Diponegoro'])} No. {n}, RT {R.randint(1, 12):02d}/RW {R.randint(1, 9):02d}, {pick(['Jakarta Selatan 127', 'Bandung 401', 'Surabaya 602'])}{dg(2)}"
    if cc == "VN":
        return f"Số {n} ngõ {R.randint(2, 300)} {pick(['Nguyễn Chí Thanh', 'Láng Hạ', 'Trần Duy Hưng', 'Lê Văn Sỹ'])}, {pick(['Đống Đa, Hà Nội', 'Cầu Giấy, Hà Nội', 'Quận 3, TP. Hồ Chí Minh'])}"
    if cc == "TH":
        return f"{R.randint(9, 199)}/{R.randint(1, 400)} {pick(['หมู่บ้านพฤกษา ถนนรามอินทรา เขตคันนายาว', 'ซอยสุขุมวิท 39 แขวงคลองตันเหนือ เขตวัฒนา', 'ถนนนิมมานเหมินท์ ตำบลสุเทพ อำเภอเมือง'])} {pick(['กรุงเทพฯ 10230', 'กรุงเทพฯ 10110', 'เชียงใหม่ 50200'])}"
    if cc == "PH":
        return f"Blk {R.randint(1, 40)} Lot {R.randint(1, 30)}, {pick(['Camella Homes, Bacoor, Cavite 4102', 'Villa Verde Subd., Antipolo, Rizal 1870', 'Brgy. Mabolo, Cebu City 6000'])}"
    if cc == "KE":
        return f"House {R.randint(1, 60)}, {pick(['Kilimani Court, Argwings Kodhek Road', 'Riara Gardens, Riara Road', 'Ngong Lane Estate'])}, Nairobi"
    if cc == "SA":
        return f"{pick(['حي النرجس', 'حي الملقا', 'حي الروضة'])}، شارع {pick(['الأمير سلطان', 'التخصصي', 'العليا'])}، مبنى {R.randint(1000, 9999)}، الرياض {R.randint(11000, 14999)}"
    if cc == "IL":
        return f"רחוב {pick(['הרצל', 'ביאליק', 'ז׳בוטינסקי', 'הנביאים'])} {n} דירה {R.randint(1, 30)}, {pick(['תל אביב-יפו', 'חיפה', 'ירושלים'])} {dg(7)}"
    if cc == "IR":
        return f"تهران، خیابان {pick(['ولیعصر', 'شریعتی', 'آزادی'])}، کوچه {pick(['نیلوفر', 'یاس', 'بهار'])}، پلاک {n}، واحد {R.randint(1, 20)}"
    raise KeyError(cc)


# ------------------------------------------------------------ BIP-39 English word list (bitcoin/bips)

BIP39_TEXT = """
abandon ability able about above absent absorb abstract absurd abuse access accident account accuse achieve
acid acoustic acquire across act action actor actress actual adapt add addict address adjust admit adult
advance advice aerobic affair afford afraid again age agent agree ahead aim air airport aisle alarm album
alcohol alert alien all alley allow almost alone alpha already also alter always amateur amazing among amount
amused analyst anchor ancient anger angle angry animal ankle announce annual another answer antenna antique
anxiety any apart apology appear apple approve april arch arctic area arena argue arm armed armor army around
arrange arrest arrive arrow art artefact artist artwork ask aspect assault asset assist assume asthma athlete
atom attack attend attitude attract auction audit august aunt author auto autumn average avocado avoid awake
aware away awesome awful awkward axis baby bachelor bacon badge bag balance balcony ball bamboo banana banner
bar barely bargain barrel base basic basket battle beach bean beauty because become beef before begin behave
behind believe below belt bench benefit best betray better between beyond bicycle bid bike bind biology bird
birth bitter black blade blame blanket blast bleak bless blind blood blossom blouse blue blur blush board
boat body boil bomb bone bonus book boost border boring borrow boss bottom bounce box boy bracket brain brand
brass brave bread breeze brick bridge brief bright bring brisk broccoli broken bronze broom brother brown
brush bubble buddy budget buffalo build bulb bulk bullet bundle bunker burden burger burst bus business busy
butter buyer buzz cabbage cabin cable cactus cage cake call calm camera camp can canal cancel candy cannon
canoe canvas canyon capable capital captain car carbon card cargo carpet carry cart case cash casino castle
casual cat catalog catch category cattle caught cause caution cave ceiling celery cement census century
cereal certain chair chalk champion change chaos chapter charge chase chat cheap check cheese chef cherry
chest chicken chief child chimney choice choose chronic chuckle chunk churn cigar cinnamon circle citizen
city civil claim clap clarify claw clay clean clerk clever click client cliff climb clinic clip clock clog
close cloth cloud clown club clump cluster clutch coach coast coconut code coffee coil coin collect color
column combine come comfort comic common company concert conduct confirm congress connect consider control
convince cook cool copper copy coral core corn correct cost cotton couch country couple course cousin cover
coyote crack cradle craft cram crane crash crater crawl crazy cream credit creek crew cricket crime crisp
critic crop cross crouch crowd crucial cruel cruise crumble crunch crush cry crystal cube culture cup
cupboard curious current curtain curve cushion custom cute cycle dad damage damp dance danger daring dash
daughter dawn day deal debate debris decade december decide decline decorate decrease deer defense define
defy degree delay deliver demand demise denial dentist deny depart depend deposit depth deputy derive
describe desert design desk despair destroy detail detect develop device devote diagram dial diamond diary
dice diesel diet differ digital dignity dilemma dinner dinosaur direct dirt disagree discover disease dish
dismiss disorder display distance divert divide divorce dizzy doctor document dog doll dolphin domain donate
donkey donor door dose double dove draft dragon drama drastic draw dream dress drift drill drink drip drive
drop drum dry duck dumb dune during dust dutch duty dwarf dynamic eager eagle early earn earth easily east
easy echo ecology economy edge edit educate effort egg eight either elbow elder electric elegant element
elephant elevator elite else embark embody embrace emerge emotion employ empower empty enable enact end
endless endorse enemy energy enforce engage engine enhance enjoy enlist enough enrich enroll ensure enter
entire entry envelope episode equal equip era erase erode erosion error erupt escape essay essence estate
eternal ethics evidence evil evoke evolve exact example excess exchange excite exclude excuse execute
exercise exhaust exhibit exile exist exit exotic expand expect expire explain expose express extend extra eye
eyebrow fabric face faculty fade faint faith fall false fame family famous fan fancy fantasy farm fashion fat
fatal father fatigue fault favorite feature february federal fee feed feel female fence festival fetch fever
few fiber fiction field figure file film filter final find fine finger finish fire firm first fiscal fish fit
fitness fix flag flame flash flat flavor flee flight flip float flock floor flower fluid flush fly foam focus
fog foil fold follow food foot force forest forget fork fortune forum forward fossil foster found fox fragile
frame frequent fresh friend fringe frog front frost frown frozen fruit fuel fun funny furnace fury future
gadget gain galaxy gallery game gap garage garbage garden garlic garment gas gasp gate gather gauge gaze
general genius genre gentle genuine gesture ghost giant gift giggle ginger giraffe girl give glad glance
glare glass glide glimpse globe gloom glory glove glow glue goat goddess gold good goose gorilla gospel
gossip govern gown grab grace grain grant grape grass gravity great green grid grief grit grocery group grow
grunt guard guess guide guilt guitar gun gym habit hair half hammer hamster hand happy harbor hard harsh
harvest hat have hawk hazard head health heart heavy hedgehog height hello helmet help hen hero hidden high
hill hint hip hire history hobby hockey hold hole holiday hollow home honey hood hope horn horror horse
hospital host hotel hour hover hub huge human humble humor hundred hungry hunt hurdle hurry hurt husband
hybrid ice icon idea identify idle ignore ill illegal illness image imitate immense immune impact impose
improve impulse inch include income increase index indicate indoor industry infant inflict inform inhale
inherit initial inject injury inmate inner innocent input inquiry insane insect inside inspire install intact
interest into invest invite involve iron island isolate issue item ivory jacket jaguar jar jazz jealous jeans
jelly jewel job join joke journey joy judge juice jump jungle junior junk just kangaroo keen keep ketchup key
kick kid kidney kind kingdom kiss kit kitchen kite kitten kiwi knee knife knock know lab label labor ladder
lady lake lamp language laptop large later latin laugh laundry lava law lawn lawsuit layer lazy leader leaf
learn leave lecture left leg legal legend leisure lemon lend length lens leopard lesson letter level liar
liberty library license life lift light like limb limit link lion liquid list little live lizard load loan
lobster local lock logic lonely long loop lottery loud lounge love loyal lucky luggage lumber lunar lunch
luxury lyrics machine mad magic magnet maid mail main major make mammal man manage mandate mango mansion
manual maple marble march margin marine market marriage mask mass master match material math matrix matter
maximum maze meadow mean measure meat mechanic medal media melody melt member memory mention menu mercy merge
merit merry mesh message metal method middle midnight milk million mimic mind minimum minor minute miracle
mirror misery miss mistake mix mixed mixture mobile model modify mom moment monitor monkey monster month moon
moral more morning mosquito mother motion motor mountain mouse move movie much muffin mule multiply muscle
museum mushroom music must mutual myself mystery myth naive name napkin narrow nasty nation nature near neck
need negative neglect neither nephew nerve nest net network neutral never news next nice night noble noise
nominee noodle normal north nose notable note nothing notice novel now nuclear number nurse nut oak obey
object oblige obscure observe obtain obvious occur ocean october odor off offer office often oil okay old
olive olympic omit once one onion online only open opera opinion oppose option orange orbit orchard order
ordinary organ orient original orphan ostrich other outdoor outer output outside oval oven over own owner
oxygen oyster ozone pact paddle page pair palace palm panda panel panic panther paper parade parent park
parrot party pass patch path patient patrol pattern pause pave payment peace peanut pear peasant pelican pen
penalty pencil people pepper perfect permit person pet phone photo phrase physical piano picnic picture piece
pig pigeon pill pilot pink pioneer pipe pistol pitch pizza place planet plastic plate play please pledge
pluck plug plunge poem poet point polar pole police pond pony pool popular portion position possible post
potato pottery poverty powder power practice praise predict prefer prepare present pretty prevent price pride
primary print priority prison private prize problem process produce profit program project promote proof
property prosper protect proud provide public pudding pull pulp pulse pumpkin punch pupil puppy purchase
purity purpose purse push put puzzle pyramid quality quantum quarter question quick quit quiz quote rabbit
raccoon race rack radar radio rail rain raise rally ramp ranch random range rapid rare rate rather raven raw
razor ready real reason rebel rebuild recall receive recipe record recycle reduce reflect reform refuse
region regret regular reject relax release relief rely remain remember remind remove render renew rent reopen
repair repeat replace report require rescue resemble resist resource response result retire retreat return
reunion reveal review reward rhythm rib ribbon rice rich ride ridge rifle right rigid ring riot ripple risk
ritual rival river road roast robot robust rocket romance roof rookie room rose rotate rough round route
royal rubber rude rug rule run runway rural sad saddle sadness safe sail salad salmon salon salt salute same
sample sand satisfy satoshi sauce sausage save say scale scan scare scatter scene scheme school science
scissors scorpion scout scrap screen script scrub sea search season seat second secret section security seed
seek segment select sell seminar senior sense sentence series service session settle setup seven shadow shaft
shallow share shed shell sheriff shield shift shine ship shiver shock shoe shoot shop short shoulder shove
shrimp shrug shuffle shy sibling sick side siege sight sign silent silk silly silver similar simple since
sing siren sister situate six size skate sketch ski skill skin skirt skull slab slam sleep slender slice
slide slight slim slogan slot slow slush small smart smile smoke smooth snack snake snap sniff snow soap
soccer social sock soda soft solar soldier solid solution solve someone song soon sorry sort soul sound soup
source south space spare spatial spawn speak special speed spell spend sphere spice spider spike spin spirit
split spoil sponsor spoon sport spot spray spread spring spy square squeeze squirrel stable stadium staff
stage stairs stamp stand start state stay steak steel stem step stereo stick still sting stock stomach stone
stool story stove strategy street strike strong struggle student stuff stumble style subject submit subway
success such sudden suffer sugar suggest suit summer sun sunny sunset super supply supreme sure surface surge
surprise surround survey suspect sustain swallow swamp swap swarm swear sweet swift swim swing switch sword
symbol symptom syrup system table tackle tag tail talent talk tank tape target task taste tattoo taxi teach
team tell ten tenant tennis tent term test text thank that theme then theory there they thing this thought
three thrive throw thumb thunder ticket tide tiger tilt timber time tiny tip tired tissue title toast tobacco
today toddler toe together toilet token tomato tomorrow tone tongue tonight tool tooth top topic topple torch
tornado tortoise toss total tourist toward tower town toy track trade traffic tragic train transfer trap
trash travel tray treat tree trend trial tribe trick trigger trim trip trophy trouble truck true truly
trumpet trust truth try tube tuition tumble tuna tunnel turkey turn turtle twelve twenty twice twin twist two
type typical ugly umbrella unable unaware uncle uncover under undo unfair unfold unhappy uniform unique unit
universe unknown unlock until unusual unveil update upgrade uphold upon upper upset urban urge usage use used
useful useless usual utility vacant vacuum vague valid valley valve van vanish vapor various vast vault
vehicle velvet vendor venture venue verb verify version very vessel veteran viable vibrant vicious victory
video view village vintage violin virtual virus visa visit visual vital vivid vocal voice void volcano volume
vote voyage wage wagon wait walk wall walnut want warfare warm warrior wash wasp waste water wave way wealth
weapon wear weasel weather web wedding weekend weird welcome west wet whale what wheat wheel when where whip
whisper wide width wife wild will win window wine wing wink winner winter wire wisdom wise wish witness wolf
woman wonder wood wool word work world worry worth wrap wreck wrestle wrist write wrong yard year yellow you
young youth zebra zero zone zoo
"""
BIP39 = BIP39_TEXT.split()
assert len(BIP39) == 2048


def mnemonic(words: int = 12) -> str:
    ent_bits = words * 32 // 3
    ent = R.randbytes(ent_bits // 8)
    cs_bits = ent_bits // 32
    h = hashlib.sha256(ent).digest()
    bits = bin(int.from_bytes(ent, "big"))[2:].zfill(ent_bits) + bin(h[0])[2:].zfill(8)[:cs_bits]
    return " ".join(BIP39[int(bits[i : i + 11], 2)] for i in range(0, len(bits), 11))


# ------------------------------------------------------------ secrets


def password_human() -> str:
    word = pick(
        [
            "sunflower",
            "marina",
            "bruno",
            "estrella",
            "kartoffel",
            "matahari",
            "sakura",
            "dragon",
            "liverpool",
            "gatinho",
            "amore",
            "zeynep",
            "babushka",
            "printemps",
            "tulpen",
            "koala",
            "mango",
            "hanuman",
            "barcelona",
            "pikachu",
            "valhalla",
            "nightowl",
            "cheburashka",
            "aurinko",
            "kolibri",
            "panda",
        ]
    )
    w = word.capitalize() if R.random() < 0.6 else word
    if R.random() < 0.3:
        w = w.replace("a", "@").replace("o", "0")
    return (
        w
        + pick(["!", "#", ".", "_", "$", "*", "", "?"])
        + pick([str(R.randint(1975, 2012)), dg(2), dg(3), dg(4)])
        + pick(["", "!", "!!", "x"])
    )


def password_strong(n: int = 20) -> str:
    while True:
        p = rs(AN + "!@#$%^&*-_=+?", n)
        if any(c in DG for c in p) and any(c in "!@#$%^&*-_=+?" for c in p):
            return p


def passphrase() -> str:
    return (
        pick("-._ ").join(R.sample(BIP39, 4))
        if R.random() < 0.5
        else "-".join(w.capitalize() for w in R.sample(BIP39, 4)) + dg(1)
    )


def b64url_json(obj: dict) -> str:
    return (
        base64.urlsafe_b64encode(json.dumps(obj, separators=(",", ":")).encode())
        .decode()
        .rstrip("=")
    )


def jwt(payload: dict, alg: str = "HS256") -> str:
    head = b64url_json({"alg": alg, "typ": "JWT"})
    body = b64url_json(payload)
    if alg == "HS256":
        sig = hmac.new(R.randbytes(32), f"{head}.{body}".encode(), hashlib.sha256).digest()
        s = base64.urlsafe_b64encode(sig).decode().rstrip("=")
    else:
        s = b64u(256)
    return f"{head}.{body}.{s}"


def epoch(y0: int = 2025, y1: int = 2026) -> int:
    return int(dt.datetime(y0, 1, 1, tzinfo=dt.UTC).timestamp()) + R.randint(
        0, (y1 - y0 + 1) * 365 * 86400 - 1
    )


def pem_body(prefix: str, nchars: int) -> str:
    raw = prefix + b64(nchars)[: nchars - len(prefix)]
    raw = raw[:nchars]
    return "\n".join(raw[i : i + 64] for i in range(0, len(raw), 64))


def openssh_body() -> str:
    head = "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW"
    raw = head + "QyNTUxOQAAACB" + rs(B64, 300)
    return "\n".join(raw[i : i + 70] for i in range(0, len(raw), 70))


TOKENS = {
    "openai_api_key": lambda: "sk-proj-" + rs(B64U, 74) + "T3BlbkFJ" + rs(B64U, 74),
    "openai_legacy_key": lambda: "sk-" + rs(AN, 20) + "T3BlbkFJ" + rs(AN, 20),
    "anthropic_api_key": lambda: "sk-ant-api03-" + rs(B64U, 93) + "AA",
    "google_api_key": lambda: "AIza" + rs(B64U, 35),
    "groq_api_key": lambda: "gsk_" + rs(AN, 52),
    "huggingface_token": lambda: "hf_" + rs(UP + LO, 34),
    "replicate_token": lambda: "r8_" + rs(AN, 37),
    "perplexity_api_key": lambda: "pplx-" + rs(AN, 48),
    "xai_api_key": lambda: "xai-" + rs(AN, 80),
    "openrouter_api_key": lambda: "sk-or-v1-" + hexs(64),
    "deepseek_api_key": lambda: "sk-" + hexs(32),
    "mistral_api_key": lambda: rs(AN, 32),
    "cohere_api_key": lambda: rs(AN, 40),
    "elevenlabs_api_key": lambda: "sk_" + hexs(48),
    "together_api_key": lambda: hexs(64),
    "langsmith_api_key": lambda: "lsv2_pt_" + hexs(32) + "_" + hexs(10),
    "stripe_secret_key": lambda: "sk_live_51" + rs(AN, 97),
    "stripe_restricted_key": lambda: "rk_live_51" + rs(AN, 97),
    "stripe_webhook_secret": lambda: "whsec_" + rs(AN, 32),
    "paystack_secret_key": lambda: "sk_live_" + hexs(40),
    "flutterwave_secret_key": lambda: "FLWSECK-" + hexs(32) + "-X",
    "square_access_token": lambda: "EAAA" + rs(B64U, 60),
    "braintree_access_token": lambda: f"access_token$production${rs(LN, 16)}${hexs(32)}",
    "aws_secret_access_key": lambda: rs(AN + "+/", 40),
    "azure_storage_key": lambda: b64(64),
    "digitalocean_token": lambda: "dop_v1_" + hexs(64),
    "cloudflare_api_token": lambda: rs(B64U, 40),
    "twilio_auth_token": lambda: hexs(32),
    "sendgrid_api_key": lambda: "SG." + rs(B64U, 22) + "." + rs(B64U, 43),
    "mailgun_api_key": lambda: "key-" + hexs(32),
    "resend_api_key": lambda: "re_" + rs(AN, 8) + "_" + rs(AN, 24),
    "slack_bot_token": lambda: f"xoxb-{dg(12)}-{dg(13)}-{rs(AN, 24)}",
    "slack_user_token": lambda: f"xoxp-{dg(12)}-{dg(13)}-{dg(13)}-{hexs(32)}",
    "telegram_bot_token": lambda: f"{R.randint(1_000_000_000, 7_999_999_999)}:AA{rs(B64U, 33)}",
    "github_pat": lambda: "ghp_" + rs(AN, 36),
    "github_fine_grained_pat": lambda: "github_pat_11" + rs(UN, 20) + "_" + rs(AN, 59),
    "gitlab_pat": lambda: "glpat-" + rs(B64U, 20),
    "npm_token": lambda: "npm_" + rs(AN, 36),
    "pypi_token": lambda: "pypi-AgEIcHlwaS5vcmc" + rs(B64U, 150),
    "docker_hub_pat": lambda: "dckr_pat_" + rs(B64U, 27),
    "shopify_access_token": lambda: "shpat_" + hexs(32),
    "notion_token": lambda: "ntn_" + dg(11) + rs(AN, 35),
    "linear_api_key": lambda: "lin_api_" + rs(AN, 40),
    "atlassian_api_token": lambda: "ATATT3xFfGF0" + rs(B64U, 170) + "=" + hexs(8).upper(),
    "figma_token": lambda: "figd_" + rs(B64U, 40),
    "airtable_pat": lambda: "pat" + rs(AN, 14) + "." + hexs(64),
    "netlify_token": lambda: "nfp_" + rs(AN, 36),
    "vercel_token": lambda: rs(AN, 24),
    "datadog_api_key": lambda: hexs(32),
    "newrelic_api_key": lambda: "NRAK-" + rs(UN, 27),
    "postman_api_key": lambda: "PMAK-" + hexs(24) + "-" + hexs(34),
    "doppler_token": lambda: "dp.st.prd." + rs(AN, 40),
    "pinecone_api_key": lambda: "pcsk_" + rs(AN, 5) + "_" + rs(AN, 60),
    "grafana_token": lambda: "glsa_" + rs(AN, 32) + "_" + hexs(8),
    "vault_token": lambda: "hvs." + rs(B64U, 90),
    "tailscale_auth_key": lambda: "tskey-auth-k" + rs(AN, 10) + "CNTRL-" + rs(AN, 33),
    "ngrok_authtoken": lambda: "2" + rs(AN, 26) + "_" + rs(AN, 21),
    "google_oauth_client_secret": lambda: "GOCSPX-" + rs(B64U, 28),
    "firebase_server_key": lambda: "AAAA" + rs(B64U, 7) + ":APA91b" + rs(B64U, 134),
    "steam_api_key": lambda: hexs(32).upper(),
    "riot_api_key": lambda: "RGAPI-" + uuid4(),
    "twitch_client_secret": lambda: rs(LN, 30),
    "spotify_client_secret": lambda: hexs(32),
    "plaid_secret": lambda: hexs(30),
    "binance_api_secret": lambda: rs(AN, 64),
    "mailchimp_api_key": lambda: hexs(32) + "-us" + str(R.randint(2, 21)),
    "okta_api_token": lambda: "00" + rs(B64U, 40),
    "algolia_admin_key": lambda: hexs(32),
    "sentry_auth_token": lambda: "sntryu_" + hexs(64),
    "deepgram_api_key": lambda: hexs(40),
    "fireworks_api_key": lambda: "fw_" + rs(AN, 24),
    "razorpay_key_secret": lambda: rs(AN, 24),
    "onepassword_service_token": lambda: "ops_eyJ" + rs(B64U, 220),
}


def tok(kind: str) -> str:
    return TOKENS[kind]()


# ============================================================ SECRET ROWS


def secrets_ai() -> None:
    k = tok("openai_api_key")
    S(
        "openai_api_key",
        "companion chat",
        f"ok so I finally got my own key for the custom persona thing. here: {k} — can you check if the 'Mira' voice works with it?",
        k,
    )
    k = tok("openai_legacy_key")
    S(
        "openai_api_key",
        "support ticket",
        f"Ticket #48213\nSubject: bring-your-own-key not accepted\n\nI pasted {k} into Settings > Advanced > API key and it says invalid. It works in my other apps.",
        k,
    )
    k = tok("anthropic_api_key")
    S(
        "anthropic_api_key",
        "notes app",
        f"AI keys (DON'T LOSE)\n- claude: {k}\n- renews monthly, billing on the work card",
        k,
    )
    k = tok("anthropic_api_key")
    S(
        "anthropic_api_key",
        "companion chat",
        f"Hallo Lumi! Kannst du dir meinen Anthropic-Schlüssel merken? {k} Danke dir 💛",
        k,
    )
    k = tok("google_api_key")
    S("google_api_key", "companion chat", f"gemini key for the image feature → {k}", k)
    k = tok("google_api_key")
    S(
        "google_api_key",
        "code paste",
        f'const genAI = new GoogleGenerativeAI("{k}");\nconst model = genAI.getGenerativeModel({{ model: "gemini-1.5-flash" }});',
        k,
    )
    k = tok("groq_api_key")
    S(
        "groq_api_key",
        "support ticket",
        f"Hola, el modo rápido no funciona. Mi clave de Groq es {k} y la consola dice 401.",
        k,
    )
    k = tok("huggingface_token")
    S(
        "huggingface_token",
        "companion chat",
        f"{k} ← that's my HF token, use it to pull the voice model pls",
        k,
    )
    k = tok("replicate_token")
    S(
        "replicate_token",
        "code paste",
        f"export REPLICATE_API_TOKEN={k}\npython make_avatar.py --style anime",
        k,
    )
    k = tok("perplexity_api_key")
    S("perplexity_api_key", "companion chat", f"Tolong simpan kunci API Perplexity saya: {k}", k)
    k = tok("xai_api_key")
    S("xai_api_key", "notes app", f"grok\n{k}\n(personal acct, not the team one)", k)
    k = tok("openrouter_api_key")
    S(
        "openrouter_api_key",
        "support ticket",
        f"Bonjour, j'utilise OpenRouter avec la clé {k} mais les réponses du personnage sont coupées après 200 tokens.",
        k,
    )
    k = tok("deepseek_api_key")
    S("deepseek_api_key", "companion chat", f"我的 DeepSeek 密钥是 {k}，帮我接到角色“小雪”上", k)
    k = tok("mistral_api_key")
    S(
        "mistral_api_key",
        "form in chat",
        f"Provider: Mistral\nModel: mistral-large-latest\nAPI key: {k}\nTemperature: 0.8",
        k,
    )
    k = tok("elevenlabs_api_key")
    S(
        "elevenlabs_api_key",
        "companion chat",
        f"for her voice I use ElevenLabs, key {k}, voice id is the 'Rachel' preset",
        k,
    )
    k = tok("langsmith_api_key")
    S(
        "langsmith_api_key",
        "code paste",
        f"LANGCHAIN_TRACING_V2=true\nLANGCHAIN_API_KEY={k}\nLANGCHAIN_PROJECT=persona-bot",
        k,
    )
    k = tok("openai_api_key")
    S(
        "openai_api_key",
        "OCR screenshot",
        f"API keys\nNAME        SECRET KEY                 CREATED\nphone-app   {k}   Mar 3, 2025\nCopy   Done",
        k,
    )
    k = tok("anthropic_api_key")
    S(
        "anthropic_api_key",
        "group chat export",
        f"[21/05/2025, 23:14] Daniel: guys dont share this but here's the shared claude key for the hackathon {k}\n[21/05/2025, 23:15] Mei: thx!!",
        k,
    )


def secrets_payment() -> None:
    k = tok("stripe_secret_key")
    S(
        "stripe_secret_key",
        "support ticket",
        f"Our shop bot stopped taking tips. Stripe dashboard says the key {k} was used from an unknown IP, should we roll it?",
        k,
    )
    k = tok("stripe_restricted_key")
    S("stripe_restricted_key", "code paste", f"STRIPE_RESTRICTED_KEY='{k}'  # read-only charges", k)
    k = tok("stripe_webhook_secret")
    S(
        "stripe_webhook_secret",
        "code paste",
        f'endpoint_secret = "{k}"\nevent = stripe.Webhook.construct_event(payload, sig_header, endpoint_secret)',
        k,
    )
    k = tok("paystack_secret_key")
    S(
        "paystack_secret_key",
        "companion chat",
        f"Naomba unisaidie: Paystack secret key yangu ni {k}, malipo ya M-Pesa hayapiti.",
        k,
    )
    k = tok("flutterwave_secret_key")
    S("flutterwave_secret_key", "notes app", f"flutterwave LIVE secret: {k}", k)
    k = tok("square_access_token")
    S(
        "square_access_token",
        "support ticket",
        f"Square production access token: {k}\nLocation: downtown kiosk",
        k,
    )
    k = tok("braintree_access_token")
    S(
        "braintree_access_token",
        "code paste",
        f'gateway = braintree.BraintreeGateway(access_token="{k}")',
        k,
    )
    kid = "rzp_live_" + rs(AN, 14)
    k = tok("razorpay_key_secret")
    S(
        "razorpay_key_secret",
        "companion chat",
        f"Razorpay key id {kid} and key secret {k} — integrate kar do please",
        k,
    )
    k = tok("plaid_secret")
    S(
        "plaid_secret",
        "form in chat",
        f"PLAID_CLIENT_ID={hexs(24)}\nPLAID_SECRET={k}\nPLAID_ENV=production",
        k,
    )


def secrets_cloud_dev() -> None:
    ak = "AKIA" + rs(B32, 16)
    sk = tok("aws_secret_access_key")
    S(
        "aws_access_key",
        "code paste",
        f"[default]\naws_access_key_id = {ak}\naws_secret_access_key = {sk}\nregion = eu-central-1",
        ak,
        sk,
    )
    acct = pick(["photosbackup", "stpersona", "mirabotstore"]) + dg(2)
    key = tok("azure_storage_key")
    S(
        "azure_storage_key",
        "code paste",
        f"DefaultEndpointsProtocol=https;AccountName={acct};AccountKey={key};EndpointSuffix=core.windows.net",
        key,
    )
    k = tok("digitalocean_token")
    S(
        "digitalocean_token",
        "support ticket",
        f"Droplet for my self-hosted bot is down. DO token if you need it: {k}",
        k,
    )
    k = tok("cloudflare_api_token")
    S("cloudflare_api_token", "notes app", f"Cloudflare (DNS edit, zone: my blog)\ntoken {k}", k)
    k = tok("github_pat")
    S("github_pat", "companion chat", f"can u push the diary export to my repo? token is {k}", k)
    k = tok("github_fine_grained_pat")
    S(
        "github_fine_grained_pat",
        "code paste",
        f"git clone https://{k}@github.com/{rs(LO, 5)}-labs/companion-notes.git",
        k,
    )
    k = tok("gitlab_pat")
    S("gitlab_pat", "support ticket", f"GitLab-Token für den Import: {k} (läuft am 30.09. ab)", k)
    k = tok("npm_token")
    S("npm_token", "code paste", f"//registry.npmjs.org/:_authToken={k}", k)
    k = tok("pypi_token")
    S("pypi_token", "code paste", f"[pypi]\n  username = __token__\n  password = {k}", k)
    k = tok("docker_hub_pat")
    du = f"{pick(LATIN_FIRST)}{dg(4)}"
    S(
        "docker_hub_pat",
        "companion chat",
        f"docker login -u {du} -p {k}   <- this is what I ran, did I leak something?",
        du,
        k,
    )
    k = tok("shopify_access_token")
    S(
        "shopify_access_token",
        "support ticket",
        f"Shopify Admin API access token: {k} — the merch store widget in your app can't load products.",
        k,
    )
    k = tok("notion_token")
    S(
        "notion_token",
        "companion chat",
        f"Notion integration secret {k}. Please sync my journal database every night.",
        k,
    )
    k = tok("linear_api_key")
    S("linear_api_key", "notes app", f"linear personal key — {k}", k)
    k = tok("atlassian_api_token")
    mail = email()
    S(
        "atlassian_api_token",
        "code paste",
        f"curl -u {mail}:{k} https://{rs(LO, 7)}.atlassian.net/rest/api/3/myself",
        mail,
        k,
    )
    k = tok("figma_token")
    S("figma_token", "companion chat", f"Token do Figma pra puxar os avatares: {k}", k)
    k = tok("airtable_pat")
    S("airtable_pat", "code paste", f'AIRTABLE_TOKEN = "{k}"\nBASE_ID = "app{rs(AN, 14)}"', k)
    k = tok("vercel_token")
    S("vercel_token", "form in chat", f"Vercel token: {k}\nTeam: personal\nProject: mira-site", k)
    k = tok("datadog_api_key")
    app = hexs(40)
    S(
        "datadog_api_key",
        "code paste",
        f"DD_API_KEY={k}\nDD_APP_KEY={app}\nDD_SITE=datadoghq.eu",
        k,
        app,
    )
    k = tok("postman_api_key")
    S("postman_api_key", "companion chat", f"Postman API key: {k} – nie pokazuj nikomu", k)
    k = tok("pinecone_api_key")
    S(
        "pinecone_api_key",
        "companion chat",
        f"memory store is pinecone, key: {k} (index = mira-memories)",
        k,
    )
    k = tok("grafana_token")
    S(
        "grafana_token",
        "support ticket",
        f"Grafana service account token {k} stopped working after the upgrade.",
        k,
    )
    k = tok("tailscale_auth_key")
    S(
        "tailscale_auth_key",
        "smart home setup",
        f"tailscale up --authkey={k} --advertise-exit-node",
        k,
    )
    k = tok("ngrok_authtoken")
    S("ngrok_authtoken", "smart home setup", f"ngrok config add-authtoken {k}", k)
    k = tok("google_oauth_client_secret")
    cid = f"{dg(12)}-{rs(LN, 32)}.apps.googleusercontent.com"
    S(
        "google_oauth_client_secret",
        "code paste",
        f'{{"web":{{"client_id":"{cid}","client_secret":"{k}","redirect_uris":["http://localhost:8080/callback"]}}}}',
        k,
    )
    k = tok("firebase_server_key")
    S(
        "firebase_server_key",
        "support ticket",
        f"Push notifications for my bot: FCM server key = {k}",
        k,
    )
    k = tok("sentry_auth_token")
    S("sentry_auth_token", "code paste", f"SENTRY_AUTH_TOKEN={k} npx @sentry/wizard", k)
    k = tok("onepassword_service_token")
    S("onepassword_service_token", "code paste", f"export OP_SERVICE_ACCOUNT_TOKEN={k}", k)
    heroku = uuid4()
    S(
        "heroku_api_key",
        "support ticket",
        f"Heroku API key (Account > API Key > Reveal): {heroku}",
        heroku,
    )


def secrets_messaging() -> None:
    k = tok("telegram_bot_token")
    S(
        "telegram_bot_token",
        "companion chat",
        f"Я сделал бота в Telegram, токен от BotFather: {k}. Подключи к нему мою героиню.",
        k,
    )
    k = tok("telegram_bot_token")
    S(
        "telegram_bot_token",
        "OCR screenshot",
        f"BotFather\nDone! Congratulations on your new bot. You will find it at t.me/{rs(LO, 8)}_bot.\nUse this token to access the HTTP API:\n{k}\nKeep your token secure",
        k,
    )
    uid = str(R.randint(10**17, 10**18 - 1)).encode()
    k = base64.b64encode(uid).decode().rstrip("=") + "." + rs(B64U, 6) + "." + rs(B64U, 38)
    S(
        "discord_bot_token",
        "companion chat",
        f"discord bot token {k} — make her join my server as 'Yuki'",
        k,
    )
    wh = f"https://discord.com/api/webhooks/{dg(19)}/{rs(B64U, 68)}"
    S(
        "discord_webhook",
        "code paste",
        f"WEBHOOK_URL = \"{wh}\"\nrequests.post(WEBHOOK_URL, json={{'content': 'good morning!'}})",
        wh,
    )
    k = tok("slack_bot_token")
    S(
        "slack_bot_token",
        "support ticket",
        f"Slack app for our team persona: bot token {k}, scopes chat:write, im:history",
        k,
    )
    k = tok("slack_user_token")
    S("slack_user_token", "notes app", f"slack xoxp (mine): {k}", k)
    wh = f"https://hooks.slack.com/services/T{rs(UN, 10)}/B{rs(UN, 10)}/{rs(AN, 24)}"
    S("slack_webhook", "smart home setup", f"Home Assistant → Slack notify webhook: {wh}", wh)
    sid = "AC" + hexs(32)
    k = tok("twilio_auth_token")
    S("twilio_auth_token", "code paste", f'client = Client("{sid}", "{k}")', k)
    k = tok("sendgrid_api_key")
    S(
        "sendgrid_api_key",
        "support ticket",
        f"Las notificaciones por correo no llegan. SendGrid: {k}",
        k,
    )
    k = tok("mailgun_api_key")
    S(
        "mailgun_api_key",
        "code paste",
        f"curl -s --user 'api:{k}' https://api.eu.mailgun.net/v3/mg.{rs(LO, 6)}.de/messages",
        k,
    )
    k = tok("resend_api_key")
    S("resend_api_key", "companion chat", f"resend key {k} for the daily letter emails", k)


def secrets_gaming_media() -> None:
    k = tok("steam_api_key")
    S(
        "steam_api_key",
        "companion chat",
        f"Steam Web API key: {k}. Can she comment on my playtime like a gamer gf would?",
        k,
    )
    k = tok("riot_api_key")
    S("riot_api_key", "notes app", f"riot dev key (expires 24h!!) {k}", k)
    cid = hexs(30)
    k = tok("twitch_client_secret")
    S("twitch_client_secret", "form in chat", f"Twitch Client ID: {cid}\nClient Secret: {k}", k)
    k = tok("spotify_client_secret")
    S(
        "spotify_client_secret",
        "code paste",
        f"SPOTIPY_CLIENT_ID='{hexs(32)}'\nSPOTIPY_CLIENT_SECRET='{k}'",
        k,
    )
    pw = password_human()
    user = f"{pick(LATIN_FIRST)}{pick(['_GG', 'xX', 'Pro', '_99', 'TTV'])}{dg(2)}"
    S(
        "password",
        "companion chat",
        f"my epic games login is {user} / {pw} — can you remember it for when I forget again lol",
        user,
        pw,
    )
    pw = password_strong(14)
    mail = email()
    S(
        "password",
        "support ticket",
        f"Jogo: Genshin. Conta: {mail}. Senha: {pw}. Alguém entrou e gastou meus cristais, podem ajudar?",
        mail,
        pw,
    )
    pw = password_human()
    S(
        "password",
        "companion chat",
        f"PSN şifrem {pw} ama iki adımlı doğrulamayı açmadım, açmalı mıyım?",
        pw,
    )


def secrets_passwords() -> None:
    rows = [
        ("companion chat", "en", "hey can you keep this safe for me? netflix: {pw}"),
        ("voice dictation", "en", "note to self password for the bank app is {pw} period new line"),
        ("companion chat", "es", "Guárdame esto porfa: la contraseña de mi correo es {pw}"),
        (
            "support ticket",
            "pt",
            "Não consigo entrar. Usuário: {user} Senha: {pw}. Já tentei redefinir.",
        ),
        ("companion chat", "fr", "Mon mot de passe Instagram c'est {pw}, tu peux t'en souvenir ?"),
        ("notes app", "de", "Passwörter\nAmazon → {pw}\n(nicht ändern!)"),
        ("support ticket", "tr", "Merhaba, hesabıma giremiyorum. E-posta: {mail} Şifre: {pw}"),
        ("companion chat", "ru", "Запомни, пожалуйста: пароль от госуслуг — {pw}"),
        ("companion chat", "uk", "Мій пароль від Дії: {pw}. Не забудь!"),
        ("companion chat", "ar", "كلمة المرور الخاصة بحسابي هي {pw} من فضلك لا تنساها"),
        ("companion chat", "he", "הסיסמה שלי לג׳ימייל היא {pw} תזכרי אותה בשבילי"),
        ("companion chat", "fa", "رمز عبور اینستاگرامم {pw} هست، یادت بمونه"),
        ("companion chat", "hi", "मेरा UPI वाला ऐप पासवर्ड {pw} है, इसे याद रखना"),
        ("companion chat", "bn", "আমার ফেসবুক পাসওয়ার্ড {pw} মনে রেখো প্লিজ"),
        ("companion chat", "id", "Password akun Shopee aku {pw} ya, jangan bilang siapa-siapa"),
        ("companion chat", "vi", "Mật khẩu Zalo của mình là {pw}, nhớ giùm nha"),
        ("companion chat", "th", "รหัสผ่านไลน์ของฉันคือ {pw} ช่วยจำไว้หน่อยนะ"),
        ("companion chat", "tl", "Yung password ko sa GCash ay {pw}, pakitandaan mo ha"),
        ("companion chat", "zh", "帮我记一下，微信密码：{pw}"),
        ("companion chat", "ja", "楽天のパスワードは{pw}だよ。忘れたら教えてね"),
        ("companion chat", "sw", "Nenosiri langu la benki ni {pw} tafadhali likumbuke"),
        (
            "copied SMS",
            "en",
            "Your temporary password for the patient portal is {pw} . It expires in 24 hours.",
        ),
        (
            "e-mail paste",
            "en",
            "From: IT Service Desk\nSubject: Your new account\n\nUsername: {user}\nInitial password: {pw}\nYou will be asked to change it on first login.",
        ),
        (
            "group chat export",
            "en",
            "[08/02/25 19:02] Priya: family netflix pw changed to {pw}\n[08/02/25 19:03] Dad: 👍",
        ),
    ]
    for ctx, _lang, tmpl in rows:
        pw = password_human() if R.random() < 0.6 else password_strong(R.randint(12, 22))
        if R.random() < 0.15:
            pw = passphrase()
        user = f"{pick(LATIN_FIRST)}{pick(['.', '_', ''])}{pick(LATIN_LAST)}{dg(2)}"
        mail = email()
        text = tmpl.format(pw=pw, user=user, mail=mail)
        extra = [x for x, key in ((user, "{user}"), (mail, "{mail}")) if key in tmpl]
        S("password", ctx, text, *extra, pw)
    # password in a JSON config
    pw = password_strong(18)
    mail = email()
    S(
        "password",
        "code paste",
        f'{{"smtp": {{"host": "smtp.office365.com", "port": 587, "user": "{mail}", "password": "{pw}"}}}}',
        mail,
        pw,
    )
    # security answer + password
    pw = password_human()
    ans = pick(["Biscuit the hamster", "Rua das Flores school", "Oma Trudi", "Kebab Palace"])
    S("password", "form in chat", f"new account: password {pw}, security answer '{ans}'", pw, ans)


def secrets_iot_wifi() -> None:
    ssid = pick(
        [
            "FRITZ!Box 7530 XQ",
            "Vodafone-5G-3F2A",
            "TP-Link_9C4E",
            "Livebox-81B2",
            "HUAWEI-B535-7D1F",
        ]
    )
    pw = dg(4) + " " + dg(4) + " " + dg(4) + " " + dg(4)
    S(
        "wifi_password",
        "OCR screenshot",
        f"WLAN-Netzwerkname (SSID): {ssid}\nWLAN-Netzwerkschlüssel: {pw}\nGerätekennwort: siehe Rückseite",
        pw,
    )
    pw = password_human()
    S(
        "wifi_password",
        "companion chat",
        f"guests are coming saturday — wifi is 'CasaLuna' and the password is {pw}",
        pw,
    )
    pw = rs(LO + DG, 8) + rs(DG, 2)
    S(
        "wifi_password",
        "voice dictation",
        f"wifi password is {spaced(pw)} all lowercase",
        spaced(pw),
    )
    pw = f"WIFI:T:WPA;S:{pick(['Apartamento_3B', 'Rumah_Kita', 'Nha Minh 5G'])};P:{password_strong(16)};;"
    real = pw.split(";P:")[1][:-2]
    S("wifi_password", "OCR screenshot", f"decoded QR: {pw}", real)
    k = b64(32)
    ota = hexs(32)
    S(
        "esphome_api_key",
        "smart home setup",
        f'api:\n  encryption:\n    key: "{k}"\nota:\n  - platform: esphome\n    password: "{ota}"',
        k,
        ota,
    )
    tok_ha = jwt({"iss": hexs(32), "iat": epoch(2024, 2024), "exp": epoch(2034, 2034)})
    S(
        "home_assistant_token",
        "smart home setup",
        f"Home Assistant long-lived access token for the companion integration:\n{tok_ha}",
        tok_ha,
    )
    acc, sec = rs(LN, 20), hexs(32)
    S(
        "tuya_api_secret",
        "smart home setup",
        f"Tuya IoT platform → Access ID: {acc} / Access Secret: {sec}",
        sec,
    )
    lk = hexs(32)
    S(
        "tuya_local_key",
        "smart home setup",
        f"tinytuya scan result: device 'Bedroom lamp' id {hexs(22)} local_key {lk[:16]}",
        lk[:16],
    )
    nk = ", ".join("0x" + rs(HXU, 2) for _ in range(16))
    S(
        "zigbee_network_key",
        "smart home setup",
        f"zigbee2mqtt configuration.yaml\nadvanced:\n  network_key: [{nk}]\n  pan_id: 6754",
        nk,
    )
    code = f"{dg(3)}-{dg(2)}-{dg(3)}"
    S(
        "homekit_setup_code",
        "companion chat",
        f"the HomeKit code on the back of the camera is {code}, keep it for me in case the sticker peels off",
        code,
    )
    pin = dg(6)
    S(
        "smart_lock_code",
        "companion chat",
        f"Door code for the Airbnb guests: {pin}# — change it after they leave sunday",
        pin,
    )


def secrets_password_manager() -> None:
    lines = ["name,url,username,password,note"]
    secrets = []
    for site, url in [
        ("Netflix", "https://www.netflix.com"),
        ("Duolingo", "https://www.duolingo.com"),
        ("Zalando", "https://www.zalando.de"),
        ("Booking.com", "https://account.booking.com"),
    ]:
        u = email()
        pw = password_strong(R.randint(14, 20)) if R.random() < 0.5 else password_human()
        secrets += [u, pw]
        lines.append(f"{site},{url},{u},{pw},")
    S(
        "password_manager_export",
        "password-manager CSV",
        "can you tell me which of these are weak?\n" + "\n".join(lines),
        *secrets,
    )
    lines = [
        '"url","username","password","httpRealm","formActionOrigin","guid","timeCreated","timeLastUsed","timePasswordChanged"'
    ]
    secrets = []
    for url in [
        "https://login.live.com",
        "https://www.reddit.com",
        "https://id.sonyentertainmentnetwork.com",
    ]:
        u = email()
        pw = password_strong(16)
        secrets += [u, pw]
        t = str(epoch(2023, 2024) * 1000)
        lines.append(f'"{url}","{u}","{pw}",,"{url}","{{{uuid4()}}}","{t}","{t}","{t}"')
    S("password_manager_export", "password-manager CSV", "\n".join(lines), *secrets)
    lines = [
        "folder,favorite,type,name,notes,fields,reprompt,login_uri,login_username,login_password,login_totp"
    ]
    secrets = []
    for name, uri in [
        ("GitHub", "https://github.com/login"),
        ("Steam", "https://store.steampowered.com/login"),
    ]:
        u = f"{pick(LATIN_FIRST)}{dg(3)}"
        pw = password_strong(20)
        totp = rs(B32, 32)
        secrets += [u, pw, totp]
        lines.append(f",,login,{name},,,0,{uri},{u},{pw},{totp}")
    S(
        "password_manager_export",
        "password-manager CSV",
        "Bitwarden export, is this format ok to import into your vault feature?\n"
        + "\n".join(lines),
        *secrets,
    )
    pw1, pw2 = password_human(), password_strong(15)
    login = dg(10)
    S(
        "password_manager_export",
        "notes app",
        f"| Site | Login | Passwort |\n|---|---|---|\n| Sparkasse | {login} | {pw1} |\n| Steuer (ELSTER) | Zertifikat | {pw2} |",
        login,
        pw1,
        pw2,
    )


def secrets_codes() -> None:
    c = dg(6)
    S(
        "otp_code",
        "copied SMS",
        f"<#> Your WhatsApp code: {c[:3]}-{c[3:]}\nYou can also tap on this link to verify your phone: v.whatsapp.com/{c}\nDon't share this code with others\n4sgLq1p5sV6",
        f"{c[:3]}-{c[3:]}",
        c,
    )
    c = dg(6)
    S(
        "otp_code",
        "voice dictation",
        f"ok the code they sent is {spaced(c)} can you type it in for me",
        spaced(c),
    )
    c = dg(6)
    S(
        "otp_code",
        "copied SMS",
        f"Ihr mTAN für die Überweisung über 1.250,00 EUR an {pick(['K. Bauer', 'M. Yilmaz'])}: {c}. Geben Sie diese niemals weiter.",
        c,
    )
    c = dg(6)
    S("otp_code", "copied SMS", f"【支付宝】验证码{c}，您正在进行登录操作，切勿告知他人。", c)
    c = dg(8)
    S(
        "otp_code",
        "copied SMS",
        f"Tu código de verificación de Mercado Pago es {c}. No lo compartas con nadie.",
        c,
    )
    c = dg(6)
    S(
        "otp_code",
        "companion chat",
        f"{c}\n^ that's the instagram code, they're asking me for it on the phone, should I give it?",
        c,
    )
    c = dg(6)
    S(
        "otp_code",
        "copied SMS",
        f"Kode OTP DANA Anda: {c}. JANGAN BERIKAN kode ini ke siapa pun termasuk pihak DANA.",
        c,
    )
    codes = [f"{dg(4)} {dg(4)}" for _ in range(10)]
    S(
        "recovery_codes",
        "notes app",
        "Google backup codes\n" + "\n".join(f"{i + 1}. {c}" for i, c in enumerate(codes)),
        *codes,
    )
    codes = [f"{rs(LN, 5)}-{rs(LN, 5)}" for _ in range(8)]
    S(
        "recovery_codes",
        "companion chat",
        "store these github recovery codes for me:\n" + "  ".join(codes),
        *codes,
    )
    rk = "-".join(rs(UN, 4) for _ in range(7))
    S(
        "recovery_key",
        "companion chat",
        f"apple gave me a recovery key when I turned on advanced data protection: {rk}",
        rk,
    )
    bl = "-".join(dg(6) for _ in range(8))
    S(
        "bitlocker_recovery_key",
        "support ticket",
        f"Laptop asks for BitLocker recovery key after the update. From my Microsoft account: {bl}",
        bl,
    )
    seed = rs(B32, 32)
    S(
        "totp_seed",
        "OCR screenshot",
        f"Can't scan the QR code?\nEnter this key instead:\n{' '.join(seed[i : i + 4] for i in range(0, 32, 4))}",
        " ".join(seed[i : i + 4] for i in range(0, 32, 4)),
    )
    mail = email()
    uri = f"otpauth://totp/Binance:{mail}?secret={rs(B32, 32)}&issuer=Binance"
    sec = uri.split("secret=")[1].split("&")[0]
    S("totp_seed", "OCR screenshot", f"QR → {uri}", mail, sec)
    pin = dg(6)
    S(
        "pin",
        "companion chat",
        f"my phone unlock pin is {pin}, if I ever lose my memory just remind me haha",
        pin,
    )


def secrets_crypto() -> None:
    m = mnemonic(12)
    S(
        "seed_phrase",
        "companion chat",
        f"I wrote down my metamask phrase but I'm scared to lose the paper. here: {m}",
        m,
    )
    m = mnemonic(24)
    words = m.split()
    table = "\n".join(f"{i + 1:>2}. {w}" for i, w in enumerate(words))
    S(
        "seed_phrase",
        "OCR screenshot",
        "Recovery Phrase\nWrite down these 24 words in order\n" + table,
        *[table],
    )
    m = mnemonic(12)
    S(
        "seed_phrase",
        "support ticket",
        f"Bonjour, mon portefeuille ne s'ouvre plus. Ma phrase de récupération : {m}. Pouvez-vous restaurer mes fonds ?",
        m,
    )
    m = mnemonic(12)
    S("seed_phrase", "notes app", f"trust wallet\n{m}", m)
    wif = b58check(b"\x80" + R.randbytes(32) + b"\x01")
    S(
        "bitcoin_wif",
        "companion chat",
        f"paper wallet private key (WIF) {wif} — how do I import it into Electrum?",
        wif,
    )
    k = "0x" + hexs(64)
    infura = hexs(32)
    S(
        "ethereum_private_key",
        "code paste",
        f"PRIVATE_KEY={k}\nRPC_URL=https://mainnet.infura.io/v3/{infura}",
        k,
        infura,
    )
    arr = "[" + ",".join(str(b) for b in R.randbytes(64)) + "]"
    S("solana_keypair", "code paste", f"cat ~/.config/solana/id.json\n{arr}", arr)
    k = tok("binance_api_secret")
    api = rs(AN, 64)
    S(
        "binance_api_secret",
        "companion chat",
        f"Binance API key {api}\nSecret {k}\nlet's build the trading buddy persona",
        api,
        k,
    )
    k = f"organizations/{uuid4()}/apiKeys/{uuid4()}"
    body = pem_body("MHcCAQEEI", 160)
    S(
        "coinbase_api_key",
        "code paste",
        f'{{\n  "name": "{k}",\n  "privateKey": "-----BEGIN EC PRIVATE KEY-----\\n{body.replace(chr(10), "")}\\n-----END EC PRIVATE KEY-----\\n"\n}}',
        body.replace("\n", ""),
    )


def secrets_tokens_cookies() -> None:
    t = jwt(
        {
            "sub": uuid4(),
            "email": email(),
            "role": "authenticated",
            "iat": epoch(),
            "exp": epoch(2026, 2026),
        }
    )
    S(
        "jwt",
        "support ticket",
        f"The app logs me out every 5 min. My access token from the network tab: {t}",
        t,
    )
    t = jwt(
        {
            "iss": "supabase",
            "ref": rs(LO, 20),
            "role": "service_role",
            "iat": epoch(2024, 2024),
            "exp": epoch(2039, 2039),
        }
    )
    S(
        "supabase_service_role_key",
        "code paste",
        f"SUPABASE_URL=https://{rs(LO, 20)}.supabase.co\nSUPABASE_SERVICE_ROLE_KEY={t}",
        t,
    )
    t = jwt(
        {
            "sub": dg(9),
            "name": f"{pick(LATIN_FIRST).title()} {pick(LATIN_LAST).title()}",
            "scope": "chat:write memory:read",
            "exp": epoch(),
        },
        alg="RS256",
    )
    S("jwt", "code paste", f"Authorization: Bearer {t}", t)
    v = rs(AN, 32)
    S("session_cookie", "code paste", f"Cookie: csrftoken={rs(AN, 32)}; sessionid={v}", v)
    v = "s%3A" + rs(B64U, 32) + "." + rs(B64U, 43)
    S("session_cookie", "support ticket", f"copied from devtools: connect.sid={v}", v)
    v = jwt(
        {"name": pick(LATIN_FIRST), "email": email(), "sub": dg(6), "iat": epoch(), "jti": uuid4()}
    )
    S(
        "session_cookie",
        "code paste",
        f"__Secure-next-auth.session-token={v}; Path=/; Secure; HttpOnly; SameSite=Lax",
        v,
    )
    rt = "1//0" + rs(B64U, 99)
    S(
        "oauth_refresh_token",
        "code paste",
        f'{{"access_token": "ya29.{rs(B64U, 150)}", "refresh_token": "{rt}", "token_type": "Bearer"}}',
        rt,
    )


def secrets_connection_strings() -> None:
    pw = password_strong(16)
    S(
        "database_password",
        "code paste",
        f"DATABASE_URL=postgres://persona_app:{urllib.parse.quote(pw, safe='')}@db.{rs(LO, 6)}.eu-west-1.rds.amazonaws.com:5432/chats",
        urllib.parse.quote(pw, safe=""),
    )
    pw = rs(AN, 24)
    S(
        "database_password",
        "code paste",
        f"mongodb+srv://{pick(LATIN_FIRST)}:{pw}@cluster0.{rs(LN, 5)}.mongodb.net/?retryWrites=true&w=majority",
        pw,
    )
    pw = rs(AN, 32)
    S(
        "redis_password",
        "code paste",
        f"REDIS_URL=rediss://default:{pw}@{rs(LO, 8)}-{dg(5)}.upstash.io:6379",
        pw,
    )
    pw = password_strong(14)
    S(
        "database_password",
        "code paste",
        f"Server=tcp:{rs(LO, 8)}.database.windows.net,1433;Initial Catalog=companion;User ID=sqladmin;Password={pw};Encrypt=True;",
        pw,
    )
    pw = password_human()
    S(
        "database_password",
        "support ticket",
        f"MySQL da VPS: host 10.0.3.12, usuário root, senha {pw}. O bot não grava mais as conversas.",
        pw,
    )
    pw = rs(AN, 20)
    S(
        "amqp_password",
        "code paste",
        f"CELERY_BROKER_URL = 'amqp://worker:{pw}@rabbit.internal:5672/persona'",
        pw,
    )
    k = rs(B64U, 27)
    cl = f"cloudinary://{dg(15)}:{k}@{rs(LO, 8)}"
    S("cloudinary_url", "code paste", f"CLOUDINARY_URL={cl}", k)
    pw = password_strong(12)
    S("ftp_password", "notes app", f"FTP for the photo frame: ftp://frame:{pw}@192.168.0.77:21", pw)


def secrets_private_keys() -> None:
    body = pem_body("MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ", 1624)
    S(
        "private_key",
        "code paste",
        f"-----BEGIN PRIVATE KEY-----\n{body}\n-----END PRIVATE KEY-----",
        body,
    )
    body = openssh_body()
    S(
        "ssh_private_key",
        "companion chat",
        f"can you tell me what this is? found it in my downloads\n-----BEGIN OPENSSH PRIVATE KEY-----\n{body}\n-----END OPENSSH PRIVATE KEY-----",
        body,
    )
    body = pem_body("MIIEpAIBAAKCAQEA", 1180)
    S(
        "private_key",
        "support ticket",
        f"APNs cert for my push notifications, key part:\n-----BEGIN RSA PRIVATE KEY-----\n{body}\n-----END RSA PRIVATE KEY-----",
        body,
    )
    email_sa = f"{rs(LO, 10)}@{rs(LO, 6)}-{dg(6)}.iam.gserviceaccount.com"
    body = pem_body("MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQ", 1624)
    kid = hexs(40)
    S(
        "gcp_service_account_key",
        "code paste",
        f'{{\n  "type": "service_account",\n  "project_id": "persona-{dg(5)}",\n  "private_key_id": "{kid}",\n  "private_key": "-----BEGIN PRIVATE KEY-----\\n{body.replace(chr(10), chr(92) + "n")}\\n-----END PRIVATE KEY-----\\n",\n  "client_email": "{email_sa}"\n}}',
        body.replace("\n", "\\n"),
        kid,
    )


def secrets_cards() -> None:
    num = card("4" + pick(["539", "916", "485", "024", "147", "263"]), 16)
    exp = f"{R.randint(1, 12):02d}/{R.randint(26, 30)}"
    S(
        "payment_card",
        "companion chat",
        f"can you buy the premium outfit for me? card {card_fmt(num)} exp {exp} cvv {dg(3)}",
        card_fmt(num),
    )
    num = card(pick(["51", "52", "53", "54", "55"]), 16)
    exp = f"{R.randint(1, 12):02d}{R.randint(26, 30)}"
    S(
        "payment_card",
        "voice dictation",
        f"my card number is {spaced(num)} expiry {spaced(exp)} security code {spaced(dg(3))}",
        spaced(num),
    )
    num = card(pick(["34", "37"]), 15)
    S(
        "payment_card",
        "support ticket",
        f"I was charged twice!! Amex {card_fmt(num)}, charged on the 3rd and the 4th for the yearly plan.",
        card_fmt(num),
    )
    num = card("2" + str(R.randint(221, 720)), 16)
    S(
        "payment_card",
        "form in chat",
        f"Nome no cartão: {pick(['MARIA L SILVA', 'JOAO P COSTA'])}\nNúmero: {num}\nValidade: {R.randint(1, 12):02d}/{R.randint(26, 31)}\nCVV: {dg(3)}",
        num,
    )
    num = card("6011", 16)
    S(
        "payment_card",
        "OCR screenshot",
        f"DISCOVER\n{card_fmt(num)}\nVALID THRU {R.randint(1, 12):02d}/{R.randint(26, 30)}",
        card_fmt(num),
    )
    num = card(str(R.randint(3528, 3589)), 16)
    S(
        "payment_card",
        "companion chat",
        f"JCBカード番号 {num} 有効期限 {R.randint(1, 12):02d}/{R.randint(27, 31)} です。サブスクの更新お願い",
        num,
    )
    num = card("62" + dg(4), 16)
    S(
        "payment_card",
        "companion chat",
        f"银联卡号：{card_fmt(num)}，帮我查一下这个月的扣费",
        card_fmt(num),
    )
    num = card("4" + dg(5), 16)
    S(
        "payment_card",
        "companion chat",
        f"Kartennummer {num[:4]}-{num[4:8]}-{num[8:12]}-{num[12:]}, gültig bis {R.randint(1, 12):02d}/{R.randint(26, 30)}, Kartenprüfnummer {dg(3)}",
        f"{num[:4]}-{num[4:8]}-{num[8:12]}-{num[12:]}",
    )
    num = card("5" + pick("12345") + dg(4), 16)
    S(
        "payment_card",
        "group chat export",
        f"[12:41] Mum: here's my card for the flights {card_fmt(num)} back is {dg(3)}\n[12:42] Ana: mum!!! don't send that in the group",
        card_fmt(num),
    )
    num = card("4" + dg(5), 16)
    S(
        "payment_card",
        "code paste",
        f'{{"card": {{"number": "{num}", "exp_month": {R.randint(1, 12)}, "exp_year": {R.randint(2026, 2030)}, "cvc": "{dg(3)}"}}}}',
        num,
    )


def secret_rows() -> None:
    secrets_ai()
    secrets_payment()
    secrets_cloud_dev()
    secrets_messaging()
    secrets_gaming_media()
    secrets_passwords()
    secrets_iot_wifi()
    secrets_password_manager()
    secrets_codes()
    secrets_crypto()
    secrets_tokens_cookies()
    secrets_connection_strings()
    secrets_private_keys()
    secrets_cards()


# ============================================================ PII ROWS


def pii_national_ids() -> None:
    v = us_ssn()
    P(
        "us_ssn",
        "companion chat",
        f"ugh the tax lady needs my social again, it's {v}. can you remember it so I stop digging for the card",
        v,
    )
    v = us_ssn()
    P(
        "us_ssn",
        "voice dictation",
        f"social security number {spaced(v)} date of hire march third",
        spaced(v),
    )
    v = uk_nino()
    P("uk_nino", "form in chat", f"Name: Chloe Walsh\nNI number: {v}\nEmployer: Greggs plc", v)
    v = de_steuer_id()
    P(
        "de_steuer_id",
        "companion chat",
        f"Meine Steuer-ID ist {v} – brauche ich die für die Steuererklärung oder die Steuernummer?",
        v,
    )
    v = de_steuer_id().replace(" ", "")
    P(
        "de_steuer_id",
        "OCR screenshot",
        f"Bundeszentralamt für Steuern\nIhre Identifikationsnummer: {v}\nBitte bewahren Sie dieses Schreiben auf.",
        v,
    )
    v = fr_nir()
    P(
        "fr_nir",
        "support ticket",
        f"Bonjour, pour le remboursement la mutuelle me demande mon numéro de sécu : {v}. Vous pouvez l'ajouter au dossier ?",
        v,
    )
    v = es_dni()
    P(
        "es_dni",
        "companion chat",
        f"Oye, ¿me recuerdas mi DNI? Es {v}, lo necesito para el check-in",
        v,
    )
    v = es_nie()
    P("es_nie", "form in chat", f"Nombre: Arif Rahman\nNIE: {v}\nDomicilio: Valencia", v)
    n = pick(
        [
            ("Rossi", "Giulia", True),
            ("Ferrari", "Marco", False),
            ("Esposito", "Chiara", True),
            ("Bianchi", "Lorenzo", False),
        ]
    )
    born = rdate(1960, 2004)
    v = it_codice_fiscale(
        n[0], n[1], n[2], born, pick(["H501", "F205", "F839", "L219", "A944", "D612"])
    )
    P(
        "it_codice_fiscale",
        "companion chat",
        f"Il mio codice fiscale è {v}, me lo salvi per la ricetta del medico?",
        v,
    )
    born = rdate(1960, 2004)
    v = it_codice_fiscale("Conti", "Alessandra", True, born, "G273")
    P(
        "it_codice_fiscale",
        "OCR screenshot",
        f"TESSERA SANITARIA\nCodice fiscale {v}\nCognome CONTI\nNome ALESSANDRA\nData di scadenza {R.randint(1, 28):02d}/{R.randint(1, 12):02d}/20{R.randint(27, 31)}",
        v,
    )
    v = nl_bsn()
    P("nl_bsn", "companion chat", f"mijn BSN is {v}, moet ik die echt aan de huisbaas geven?", v)
    v = be_rrn()
    P("be_rijksregisternummer", "form in chat", f"Rijksregisternummer / numéro national : {v}", v)
    born = rdate(1970, 2006)
    v = pl_pesel(born, True)
    P(
        "pl_pesel",
        "companion chat",
        f"Mój PESEL to {v}, wpiszesz go za mnie do formularza w przychodni?",
        v,
    )
    v = pt_nif()
    P("pt_nif", "companion chat", f"Sempre me esqueço do meu NIF na farmácia... é {v}", v)
    v = tr_tckn()
    P(
        "tr_tc_kimlik",
        "companion chat",
        f"TC kimlik numaram {v}, kargo için lazım olursa söylersin",
        v,
    )
    v = ru_snils()
    P("ru_snils", "companion chat", f"Мой СНИЛС {v}, запиши куда-нибудь, вечно теряю", v)
    v = ru_inn12()
    P("ru_inn", "support ticket", f"ИНН физлица: {v}. Прошу вернуть деньги за подписку.", v)
    v = f"{R.randint(40, 46)}{dg(2)} {dg(6)}"
    P("ru_passport", "travel booking", f"Паспорт РФ серия и номер: {v}, выдан ОВД Хамовники", v)
    born = rdate(1965, 2004)
    v = ua_rnokpp(born, False)
    P("ua_rnokpp", "companion chat", f"РНОКПП (ІПН) мій — {v}. Потрібно для декларації.", v)
    v = f"{dg(9)}"
    rec = f"{born:%Y%m%d}-{dg(5)}"
    P("ua_id_card", "form in chat", f"Номер ID-картки: {v}\nЗапис № {rec}", v, rec)
    born = rdate(1960, 2005)
    v = cz_rodne_cislo(born, True)
    P("cz_rodne_cislo", "companion chat", f"Rodné číslo mám {v}, pošli ho prosím do pojišťovny", v)
    born = rdate(1960, 2005)
    v = ro_cnp(born, R.random() < 0.5)
    P(
        "ro_cnp",
        "support ticket",
        f"Bună ziua, CNP-ul meu este {v}. Vă rog să actualizați factura.",
        v,
    )
    born = rdate(1960, 2004)
    v = hu_adoazonosito(born)
    P(
        "hu_adoazonosito_jel",
        "companion chat",
        f"Az adóazonosító jelem: {v}. Kell ez a munkáltatónak?",
        v,
    )
    v = hu_taj()
    P(
        "hu_taj",
        "OCR screenshot",
        f"Társadalombiztosítási Azonosító Jel\nTAJ szám: {v}\nNév: Nagy Zsófia",
        v,
    )
    born = rdate(1960, 2005)
    v = se_personnummer(born)
    P(
        "se_personnummer",
        "companion chat",
        f"mitt personnummer är {born.year // 100}{v}, behöver det till vårdcentralen",
        f"{born.year // 100}{v}",
    )
    born = rdate(1960, 2004)
    v = gr_amka(born)
    P(
        "gr_amka",
        "companion chat",
        f"Ο ΑΜΚΑ μου είναι {v}, τον χρειάζομαι για το ραντεβού στον γιατρό",
        v,
    )
    v = gr_afm()
    P("gr_afm", "form in chat", f"ΑΦΜ: {v}\nΔΟΥ: Αθηνών", v)
    v = in_aadhaar()
    P(
        "in_aadhaar",
        "companion chat",
        f"mera aadhaar number {v} hai, bank KYC ke liye chahiye tha",
        v,
    )
    v = in_aadhaar()
    P("in_aadhaar", "voice dictation", f"आधार नंबर {spaced(v)} है", spaced(v))
    v = in_pan("Sharma")
    P("in_pan", "form in chat", f"PAN: {v}\nName as per PAN: PRIYA SHARMA", v)
    born = rdate(1975, 2004)
    v = id_nik(born, True)
    P("id_nik", "companion chat", f"NIK aku {v}, buat daftar vaksin kemarin", v)
    born = rdate(1975, 2004)
    v = vn_cccd(born, True)
    P("vn_cccd", "companion chat", f"Số CCCD của mình là {v}, lưu lại giúp mình nhé", v)
    v = th_id()
    P("th_national_id", "companion chat", f"เลขบัตรประชาชนของฉัน {v} ใช้สมัครแอปธนาคาร", v)
    v = ph_sss()
    P("ph_sss", "companion chat", f"SSS number ko ay {v}, pakisave mo para sa loan application", v)
    v = f"{dg(4)}-{dg(4)}-{dg(4)}-{dg(4)}"
    P("ph_philsys", "form in chat", f"PhilSys Card Number (PCN): {v}", v)
    born = rdate(1970, 2004)
    v = cn_resident_id(born, False)
    P("cn_resident_id", "companion chat", f"我的身份证号是{v}，帮我填一下高铁实名信息", v)
    v = jp_my_number()
    P(
        "jp_my_number",
        "companion chat",
        f"マイナンバーは {v} です。会社に提出する書類用にメモしておいて",
        v,
    )
    born = rdate(1965, 2004)
    v = kr_rrn(born, True)
    P("kr_rrn", "companion chat", f"주민등록번호 {v} 맞는지 확인해줄래?", v)
    v = dgnz(8)
    P(
        "ke_national_id",
        "companion chat",
        f"Namba yangu ya kitambulisho ni {v}, niliitumia kusajili laini ya Safaricom",
        v,
    )
    v = ke_kra_pin()
    P("ke_kra_pin", "form in chat", f"KRA PIN: {v}\nName: Wanjiru Otieno", v)
    v = il_teudat_zehut()
    P("il_teudat_zehut", "companion chat", f"מספר תעודת הזהות שלי {v}, תשמרי אותו בבקשה", v)
    v = ir_code_melli()
    P(
        "ir_code_melli",
        "companion chat",
        f"کد ملی من {v[:3]}-{v[3:9]}-{v[9]} هست",
        f"{v[:3]}-{v[3:9]}-{v[9]}",
    )
    v = sa_national_id()
    P("sa_national_id", "support ticket", f"رقم الهوية الوطنية: {v}\nالرجاء تحديث بيانات الحساب", v)
    v = ae_emirates_id(rdate(1975, 2003))
    P("ae_emirates_id", "form in chat", f"Emirates ID: {v}\nNationality: Egypt", v)
    v = br_cpf()
    P("br_cpf", "companion chat", f"meu CPF é {v}, me lembra quando for fazer a nota fiscal", v)
    born = rdate(1970, 2004)
    v = mx_curp("Hernandez", "Lopez", "Diego", born, False, pick(["DF", "JC", "NL", "PL"]))
    P("mx_curp", "companion chat", f"Mi CURP es {v}, la necesito para el trámite del SAT", v)
    dni = f"{R.randint(20_000_000, 45_999_999)}"
    v = ar_cuil(dni, True)
    P(
        "ar_cuil",
        "form in chat",
        f"CUIL: {v}\nDNI: {int(dni):,}".replace(",", "."),
        v,
        f"{int(dni):,}".replace(",", "."),
    )
    v = ca_sin()
    P("ca_sin", "companion chat", f"my SIN is {v} — the bank keeps asking, is that normal?", v)
    v = au_tfn()
    P(
        "au_tfn",
        "e-mail paste",
        f"Hi Sam,\nMy tax file number is {v}. Please add it to payroll.\nCheers, Maya",
        v,
    )
    v = au_medicare()
    P(
        "au_medicare",
        "form in chat",
        f"Medicare card no.: {v}\nValid to: {R.randint(1, 12):02d}/20{R.randint(27, 31)}",
        v,
    )
    born = rdate(1970, 2004)
    v = za_id(born, False)
    P("za_id_number", "companion chat", f"SA ID number {v}, for the FICA thing at the bank", v)
    born = rdate(1965, 2004)
    v = no_fnr(born)
    P(
        "no_fodselsnummer",
        "companion chat",
        f"fødselsnummeret mitt er {v[:6]} {v[6:]}",
        f"{v[:6]} {v[6:]}",
    )
    v = fi_hetu(rdate(1960, 2006))
    P("fi_hetu", "form in chat", f"Henkilötunnus: {v}\nKotikunta: Tampere", v)
    v = f"{dg(6)}-{dg(4)}"
    P("dk_cpr", "companion chat", f"Mit CPR-nummer er {v}, husk det til lægen", v)
    v = cl_rut()
    P("cl_rut", "companion chat", f"Mi RUT es {v}, anótalo por fa", v)


def pii_phones() -> None:
    rows = [
        ("US", "companion chat", "en", "if I don't reply in 2 days call my sister at {p}"),
        ("US", "voice dictation", "en", "text my landlord his number is {ps}"),
        ("GB", "copied SMS", "en", "Hi it's Jess from the flat viewing, this is my number {p} x"),
        ("DE", "companion chat", "de", "Meine Handynummer hat sich geändert, neu: {p}"),
        ("FR", "companion chat", "fr", "mon numéro c'est le {p}, tu peux le donner à ma coloc"),
        (
            "ES",
            "group chat export",
            "es",
            "[14/6/25 10:02] Lucía: os paso el número del fontanero que me cae bien, es un amigo: {p}",
        ),
        ("IT", "companion chat", "it", "il numero di mia madre è {p}, salvalo come 'Mamma'"),
        ("PL", "companion chat", "pl", "mój nowy numer: {p}"),
        ("TR", "companion chat", "tr", "Annemin numarası {p}, doğum gününde hatırlat"),
        ("RU", "companion chat", "ru", "Вот номер моего брата {p}, если что звони ему"),
        ("UA", "voice dictation", "uk", "мій номер {ps}"),
        ("SA", "companion chat", "ar", "رقم جوالي الجديد {p}"),
        ("IL", "companion chat", "he", "המספר של אבא שלי {p}"),
        ("IR", "companion chat", "fa", "شماره موبایلم {p} هست"),
        ("IN", "companion chat", "hi", "mera WhatsApp number {p} hai, wahan message karna"),
        ("ID", "companion chat", "id", "WA aku {p} ya kak"),
        ("VN", "companion chat", "vi", "Số điện thoại của mình: {p}"),
        ("PH", "dating profile", "tl", "Message mo ako sa Viber {p} 😊"),
        ("CN", "companion chat", "zh", "我的手机号是{p}，快递到了打给我"),
        ("JP", "companion chat", "ja", "電話番号は{p}です"),
        ("KR", "companion chat", "ko", "내 번호 {p} 저장해 둬"),
        ("KE", "companion chat", "sw", "Nambari yangu ya M-Pesa ni {p}"),
        ("BR", "companion chat", "pt", "meu zap é {p}"),
        (
            "AU",
            "support ticket",
            "en",
            "Please call me back on {p}, I'm in Perth so after 5pm your time doesn't work",
        ),
    ]
    for cc, ctx, _lang, tmpl in rows:
        p = phone(cc)
        if "{ps}" in tmpl:
            ps = spaced(digits_only(p))
            P("phone", ctx, tmpl.format(ps=ps), ps)
        else:
            P("phone", ctx, tmpl.format(p=p), p)
    # contact card (vCard) copied from phone
    p1, p2 = phone("DE"), phone("DE")
    P(
        "contact_card",
        "copied contact",
        f"BEGIN:VCARD\nVERSION:3.0\nN:Bauer;Jonas;;;\nTEL;TYPE=CELL:{p1}\nTEL;TYPE=HOME:{p2}\nEMAIL:{(m := email('jonas', 'bauer'))}\nEND:VCARD",
        p1,
        p2,
        m,
    )


def pii_emails() -> None:
    rows = [
        ("companion chat", "you can send the weekly summary to {m} instead of my work one"),
        ("support ticket", "Please delete my account, the e-mail on it is {m}"),
        ("support ticket", "Change my login email from {m} to {m2} please"),
        ("companion chat", "{m} — that's my ex's email, block it if anything comes from there"),
        (
            "e-mail paste",
            "---------- Forwarded message ---------\nFrom: Sofia Garcia <{m}>\nDate: Mon, 3 Mar 2025 at 09:14\nSubject: Re: photos from the wedding",
        ),
        ("companion chat", "mon adresse mail perso c'est {m}"),
        ("companion chat", "メールアドレスは {m} です"),
        ("companion chat", "이메일 주소 {m} 로 보내줘"),
        ("dating profile", "not on here much, email me → {m}"),
        ("group chat export", "[5/4/25 21:30] Kasia: my paypal is {m} for the concert tickets"),
        ("voice dictation", "my email is {ms}"),
    ]
    for ctx, tmpl in rows:
        m, m2 = email(), email()
        if "{ms}" in tmpl:
            local, dom = m.split("@")
            ms = f"{local} at {dom.replace('.', ' dot ')}"
            P("email", ctx, tmpl.format(ms=ms), ms)
        elif "{m2}" in tmpl:
            P("email", ctx, tmpl.format(m=m, m2=m2), m, m2)
        else:
            P("email", ctx, tmpl.format(m=m), m)


def pii_addresses() -> None:
    rows = [
        ("US", "companion chat", "send the birthday card to my grandma: {a}"),
        ("GB", "support ticket", "Please update my delivery address to {a}"),
        ("DE", "companion chat", "Meine neue Adresse: {a}"),
        ("FR", "companion chat", "j'habite au {a} si jamais tu veux m'envoyer une carte haha"),
        ("NL", "support ticket", "Het pakket moet naar {a}"),
        ("PL", "companion chat", "mieszkam teraz na {a}"),
        ("TR", "companion chat", "Yeni adresim: {a}"),
        ("RU", "companion chat", "Адрес доставки: {a}"),
        ("UA", "companion chat", "Надішли посилку на {a}"),
        ("BR", "form in chat", "Endereço: {a}"),
        ("JP", "companion chat", "住所は{a}です"),
        ("CN", "companion chat", "收货地址：{a}"),
        ("KR", "companion chat", "배송지: {a}"),
        ("IN", "support ticket", "Deliver to: {a}"),
        ("GR", "companion chat", "Η διεύθυνσή μου είναι {a}"),
        ("TH", "companion chat", "ที่อยู่ของฉัน {a}"),
        ("SA", "companion chat", "عنواني: {a}"),
        ("IL", "companion chat", "הכתובת שלי: {a}"),
        ("IR", "companion chat", "آدرس من: {a}"),
    ]
    for cc, ctx, tmpl in rows:
        a = address(cc)
        P("street_address", ctx, tmpl.format(a=a), a)


def pii_dob() -> None:
    d = rdate(1975, 2005)
    v = f"{d.day:02d}/{d.month:02d}/{d.year}"
    P(
        "date_of_birth",
        "companion chat",
        f"my birthday is {v} — will you remember to say happy birthday?",
        v,
    )
    d = rdate(1975, 2005)
    v = f"{d:%B} {d.day}, {d.year}"
    P(
        "date_of_birth",
        "form in chat",
        f"Full name: Maya Brooks\nDate of birth: {v}\nCity: Denver",
        v,
    )
    d = rdate(1975, 2005)
    v = f"{d.day}.{d.month}.{d.year}"
    P("date_of_birth", "companion chat", f"Ich bin am {v} geboren, also Sternzeichen?", v)
    d = rdate(1975, 2005)
    v = f"{d.year}年{d.month}月{d.day}日"
    P("date_of_birth", "companion chat", f"私は{v}生まれです。今年で何歳になるか計算して", v)
    d = rdate(1975, 2005)
    v = f"{d:%Y-%m-%d}"
    P(
        "date_of_birth",
        "code paste",
        f'{{"user": {{"display_name": "lena", "dob": "{v}", "locale": "de-AT"}}}}',
        v,
    )
    d = rdate(1975, 2005)
    v = f"{d.day:02d}-{d.month:02d}-{d.year}"
    P(
        "date_of_birth",
        "support ticket",
        f"Tanggal lahir saya {v}, tapi di aplikasi tertulis salah",
        v,
    )
    d = rdate(1975, 2005)
    months_es = [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ]
    v = f"{d.day} de {months_es[d.month - 1]} de {d.year}"
    P("date_of_birth", "companion chat", f"nací el {v}, ¿qué signo soy?", v)
    d = rdate(1975, 2005)
    v = f"{d.day:02d}/{d.month:02d}/{d.year}"
    P("date_of_birth", "voice dictation", f"date of birth {spaced(v)}", spaced(v))


def pii_bank() -> None:
    rows = [
        (de_iban, "companion chat", "de", "Kannst du dir meine IBAN merken? {i}"),
        (
            fr_iban,
            "e-mail paste",
            "fr",
            "Bonjour,\nVoici mon RIB pour le remboursement :\nIBAN : {i}\nBIC : BNPAFRPPXXX\nCordialement",
        ),
        (es_iban, "companion chat", "es", "Hazme un bizum no, mejor transferencia a {i}"),
        (it_iban, "companion chat", "it", "IBAN per l'affitto: {i}"),
        (
            nl_iban,
            "group chat export",
            "nl",
            "[20:14] Sven: tikkie werkt niet, maak maar over naar {i} t.n.v. S. Jansen",
        ),
        (pl_iban, "companion chat", "pl", "numer konta do przelewu: {i}"),
        (pt_iban, "companion chat", "pt", "o meu IBAN é {i}, paga-me o jantar quando puderes"),
        (tr_iban, "companion chat", "tr", "IBAN'ım {i}, kira için"),
        (cz_iban, "companion chat", "cs", "IBAN: {i}, pošli mi tam zálohu"),
        (gb_iban, "support ticket", "en", "Refund to my account please, IBAN {i}"),
        (
            lambda: generic_iban("SA", "nncccccccccccccccccc"),
            "companion chat",
            "ar",
            "رقم الآيبان الخاص بي {i}",
        ),
        (
            lambda: generic_iban("AE", "nnnnnnnnnnnnnnnnnnn"),
            "form in chat",
            "en",
            "Beneficiary IBAN: {i}",
        ),
    ]
    for gen, ctx, _lang, tmpl in rows:
        i = gen()
        shown = grp(i) if R.random() < 0.6 else i
        P("iban", ctx, tmpl.format(i=shown), shown)
    acct = dg(R.randint(9, 12))
    P(
        "bank_account",
        "companion chat",
        f"direct deposit form: routing {aba_routing()} (that's the bank's, same for everyone at my branch), account {acct}",
        acct,
    )
    acct = dg(8)
    P(
        "bank_account",
        "group chat export",
        f"[19:40] Ryan: pay me back for the cabin — sort code 20-{dg(2)}-{dg(2)}, account {acct}, R Walsh",
        acct,
    )
    acct = f"{dg(4)}-{dg(6)}"
    P(
        "bank_account",
        "form in chat",
        f"銀行名: みずほ銀行\n支店: 渋谷支店\n口座番号: 普通 {acct}",
        acct,
    )
    acct = dg(10)
    P("bank_account", "companion chat", f"Nomor rekening BCA aku {acct} a.n. Putri Santoso", acct)
    acct = dg(10)
    P(
        "bank_account",
        "companion chat",
        f"UPI se nahi ho raha, account number {acct} aur IFSC HDFC0000{dg(3)} pe bhej do",
        acct,
    )


def pii_documents() -> None:
    v = pick("CFGHJK") + rs("CFGHJKLMNPRTVWXYZ0123456789", 8)
    P(
        "de_passport",
        "travel booking",
        f"Reisepassnummer: {v}\nBuchungscode: {rs(UN, 6)} (Lufthansa)",
        v,
    )
    v = dg(9)
    P(
        "us_passport",
        "travel booking",
        f"For the ESTA I entered passport no. {v}, expires 2031. Booking ref is {rs(UP, 6)}, is that everything?",
        v,
    )
    v = f"{dg(2)}{rs(UP, 2)}{dg(5)}"
    P("fr_passport", "companion chat", f"numéro de passeport {v}, rappelle-le moi à l'aéroport", v)
    v = pick(UP) + dg(7)
    P(
        "in_passport",
        "form in chat",
        f"Passport No: {v}\nPlace of issue: Kolkata\nPNR: {rs(UN, 6)}",
        v,
    )
    v = "E" + pick("ABCDEFGH") + dg(7)
    P("cn_passport", "travel booking", f"护照号码：{v}\n航班：CA{R.randint(100, 999)}", v)
    line2 = mrz_line2("GBR", rdate(1980, 2002), "F", rdate(2027, 2034))
    assert len(line2) == 44, line2
    mrz = f"P<GBR{('WALSH<<CHLOE').ljust(39, '<')}\n{line2}"
    P("passport_mrz", "OCR screenshot", f"OCR of passport photo page:\n{mrz}", line2)
    surname, first = "Walsh", "Chloe"
    v = uk_driving_licence(surname, first, rdate(1980, 2003), True)
    P("uk_driving_licence", "form in chat", f"Driving licence number: {v}", v)
    v = pick(UP) + dg(7)
    P(
        "us_drivers_license",
        "companion chat",
        f"CA driver license {v}, exp 2029, for the car rental",
        v,
    )


def pii_health() -> None:
    v = uk_nhs()
    P(
        "uk_nhs_number",
        "companion chat",
        f"NHS number {v} — can you keep it for when I call the GP?",
        v,
    )
    v = de_kvnr()
    P(
        "de_kvnr",
        "OCR screenshot",
        f"AOK Bayern\nVersichertennummer {v}\nKarte gültig bis 12/2029",
        v,
    )
    v = us_mbi()
    P(
        "us_medicare_mbi",
        "support ticket",
        f"my mom's Medicare number is {v}, she wants the premium plan removed",
        v,
    )
    v = f"{rs(UP, 3)}{dg(9)}"
    P(
        "health_insurance_member_id",
        "form in chat",
        f"Insurance: Blue Shield\nMember ID: {v}\nGroup #: {dg(6)}",
        v,
    )
    body = "756" + dg(9)
    c = (10 - sum(int(ch) * (1 if i % 2 == 0 else 3) for i, ch in enumerate(body)) % 10) % 10
    v = f"{body[:3]}.{body[3:7]}.{body[7:11]}.{body[11]}{c}"
    P(
        "ch_ahv_number",
        "companion chat",
        f"meine AHV-Nummer ist {v}, brauchst du die für die Krankenkasse?",
        v,
    )
    v = f"{dg(4)}-{dg(7)}-{dg(1)}"
    P(
        "patient_id",
        "e-mail paste",
        f"Dear patient, your appointment is confirmed. Patient ID: {v}. Bring your insurance card.",
        v,
    )


def pii_ids_misc() -> None:
    v = f"{pick(['S', 'U', ''])}{dg(8)}"
    P(
        "student_id",
        "companion chat",
        f"my student number is {v}, I need it for the library login every single time",
        v,
    )
    v = f"{R.randint(2019, 2025)}{dg(5)}"
    P("student_id", "form in chat", f"Matrikelnummer: {v}\nStudiengang: Informatik B.Sc.", v)
    v = f"{R.randint(20, 25)}{dg(6)}"
    P("student_id", "companion chat", f"学号 {v}，选课系统登录用", v)
    v = f"E{dg(6)}"
    P(
        "employee_id",
        "support ticket",
        f"Employee: Okafor, Chinedu (ID {v}) — please reset his corporate SSO.",
        v,
    )
    v = f"{rs(UP, 2)}-{dg(5)}"
    P(
        "employee_id",
        "group chat export",
        f"[09:12] HR-Bot: new hire Tereza Nováková, personnel no. {v}, starts Monday",
        v,
    )
    v = f"{rs(UP, 3)}{dg(7)}"
    P("voter_id", "companion chat", f"Voter ID (EPIC) number {v} hai, election ke liye", v)


def pii_vehicle() -> None:
    v = vin(pick(["WVW", "WBA", "VF1", "ZFA", "TMB"]))
    P(
        "vin",
        "support ticket",
        f"Fahrzeug-Identifizierungsnummer (FIN) meines Autos: {v} – die App zeigt ein falsches Modell.",
        v,
    )
    v = vin(pick(["1HG", "5YJ", "JTD", "KMH"]))
    P("vin", "companion chat", f"the VIN on my car is {v}, can you check if there's a recall?", v)
    v = f"{pick(['M', 'B', 'HH', 'K', 'S'])}-{rs(UP, 2)} {R.randint(100, 9999)}"
    P(
        "license_plate",
        "companion chat",
        f"mein Kennzeichen ist {v}, falls ich mal wieder vergesse wo ich geparkt habe",
        v,
    )
    v = f"{rs(UP, 2)}-{dg(3)}-{rs(UP, 2)}"
    P("license_plate", "companion chat", f"ma plaque d'immatriculation : {v}", v)
    v = f"{rs(UP, 2)}{dg(2)} {rs(UP, 3)}"
    P("license_plate", "support ticket", f"Parking fine for reg {v} was paid already", v)


def pii_handles() -> None:
    h = handle()
    P("social_handle", "companion chat", f"follow me on insta @{h} 🥺", f"@{h}")
    h = handle()
    P(
        "profile_url",
        "dating profile",
        f"Bio: plant mom, bad at karaoke 🎤\nmore pics → instagram.com/{h}",
        f"instagram.com/{h}",
    )
    h = f"{pick(LATIN_FIRST)}{pick(['.dev', '_codes', '-builds'])}"
    url = f"https://www.linkedin.com/in/{h}-{rs(LN, 8)}/"
    P("profile_url", "support ticket", f"My LinkedIn is {url} if you need to verify it's me", url)
    h = f"{pick(LATIN_FIRST)}{dg(4)}"
    P(
        "social_handle",
        "companion chat",
        f"add me on discord: {h}, my snap is {(s := pick(LATIN_FIRST) + '.' + rs(LO, 5))}",
        h,
        s,
    )
    h = handle()
    P(
        "social_handle",
        "dating profile",
        f"Telegram: @{h}\nLINE ID: {(line := pick(LATIN_FIRST) + dg(4))}",
        f"@{h}",
        line,
    )
    h = f"{pick(LATIN_FIRST)}{dg(5)}"
    P("social_handle", "companion chat", f"WeChat ID：{h}，加我", h)
    h = f"{pick(LATIN_FIRST)}#{dg(4)}"
    P("gaming_handle", "companion chat", f"my battle tag is {h} add me for overwatch", h)


def pii_composite() -> None:
    p = phone("GB")
    m = email()
    a = address("GB")
    d = rdate(1985, 2003)
    dob = f"{d.day:02d}/{d.month:02d}/{d.year}"
    P(
        "contact_details",
        "dating profile",
        f"Name: Hannah\nLooking for: something real\nIf we match: {p} or {m}\nDOB for verification: {dob}",
        p,
        m,
        dob,
    )
    P(
        "contact_details",
        "support ticket",
        f"Ticket #{dg(6)} – refund request\nName: Erik Lindqvist\nEmail: {(m := email('erik', 'lindqvist'))}\nPhone: {(p := phone('SE'))}\nAddress: {(a := address('SE'))}",
        m,
        p,
        a,
    )
    nik = id_nik(rdate(1985, 2000), False)
    p = phone("ID")
    P(
        "contact_details",
        "form in chat",
        f"Nama: Arif Santoso\nNIK: {nik}\nNo. HP: {p}\nAlamat: {(a := address('ID'))}",
        nik,
        p,
        a,
    )
    born = rdate(1980, 2000)
    pesel = pl_pesel(born, False)
    P(
        "contact_details",
        "e-mail paste",
        f"Szanowni Państwo,\nw załączeniu dane do umowy: Tomasz Kowalski, PESEL {pesel}, tel. {(p := phone('PL'))}, adres {(a := address('PL'))}.\nPozdrawiam",
        pesel,
        p,
        a,
    )
    m = email()
    iban_v = grp(es_iban())
    P(
        "contact_details",
        "support ticket",
        f"Cancelación de suscripción\nCorreo: {m}\nIBAN para el reembolso: {iban_v}\nMotivo: ya no uso la app",
        m,
        iban_v,
    )
    cpf = br_cpf()
    P(
        "contact_details",
        "companion chat",
        f"lembra disso: CPF {cpf}, celular {(p := phone('BR'))}, e-mail {(m := email())}",
        cpf,
        p,
        m,
    )


def pii_rows() -> None:
    pii_national_ids()
    pii_phones()
    pii_emails()
    pii_addresses()
    pii_dob()
    pii_bank()
    pii_documents()
    pii_health()
    pii_ids_misc()
    pii_vehicle()
    pii_handles()
    pii_composite()


# ============================================================ NEGATIVE ROWS


def ean13(prefix: str) -> str:
    body = prefix + dg(12 - len(prefix))
    c = (10 - sum(int(ch) * (1 if i % 2 == 0 else 3) for i, ch in enumerate(body)) % 10) % 10
    return body + str(c)


def ups_tracking() -> str:
    body = rs(UN, 6) + "03" + dg(7)
    odd = even = 0
    for i, ch in enumerate(body):
        v = int(ch) if ch in DG else (ord(ch) - 63) % 10
        if i % 2 == 0:
            odd += v
        else:
            even += 2 * v
    return "1Z" + body + str((10 - (odd + even) % 10) % 10)


def royal_mail_tracking() -> str:
    d = dg(8)
    c = 11 - weighted(d, [8, 6, 4, 2, 3, 5, 9, 7]) % 11
    c = 0 if c == 10 else (5 if c == 11 else c)
    return f"{pick(['RN', 'RM', 'LX', 'CP', 'EE'])}{d}{c}GB"


def neg_plain_chat() -> None:
    lines = [
        "good morning Mira ☀️ did you dream of electric sheep again",
        "can we roleplay the lighthouse keeper story from yesterday? pick up where we left off",
        "¿Me cuentas un cuento corto para dormir? Algo con un dragón tímido.",
        "Bom dia! Hoje vou correr 5 km, me deseja sorte?",
        "Tu peux me parler en français aujourd'hui ? Je veux pratiquer avant mon voyage.",
        "Erzähl mir was Lustiges, ich warte auf den Zug und der hat 40 Minuten Verspätung.",
        "Ciao! Mi consigli un film da vedere stasera? Niente horror per favore.",
        "Hoi! Kun je me helpen een verjaardagsgedicht voor mijn oma te schrijven?",
        "Cześć, opowiesz mi coś o kotach? Właśnie adoptowałam jednego.",
        "Bugün çok yorgunum, bana moral verecek bir şey söyler misin?",
        "Привет! Давай поиграем в города? Я начинаю: Москва.",
        "Привіт! Як справи? Розкажи мені щось цікаве про космос.",
        "صباح الخير! كيف حالك اليوم؟ أريد أن أتحدث عن كتاب قرأته.",
        "בוקר טוב! מה את חושבת על לטייל בצפון בסוף השבוע?",
        "سلام! یه شعر کوتاه درباره‌ی باران برام بگو",
        "नमस्ते! आज मौसम बहुत अच्छा है, चलो कोई कविता लिखते हैं।",
        "শুভ সকাল! আজ আমার মন একটু খারাপ, একটা গল্প বলো।",
        "Halo! Temani aku ngobrol ya, lagi nunggu hujan reda nih.",
        "Chào bạn! Hôm nay mình muốn học nấu phở, bạn chỉ mình nhé?",
        "สวัสดี! วันนี้เหนื่อยมาก เล่าเรื่องตลกให้ฟังหน่อย",
        "Kumusta ka? Kwentuhan mo naman ako tungkol sa mga bituin.",
        "早上好！今天想聊聊猫咪，你喜欢什么品种？",
        "おはよう！今日は一緒に日本語の練習をしたいな。",
        "안녕! 오늘 저녁 뭐 먹을지 같이 골라줘",
        "Habari za asubuhi! Nisimulie hadithi fupi kuhusu simba.",
        "Καλημέρα! Πες μου κάτι ενδιαφέρον για την αρχαία Αθήνα.",
        "Ahoj! Můžeš mi doporučit nějakou knihu na léto?",
        "Bună! Hai să vorbim despre munte, plănuiesc o drumeție.",
        "Szia! Mesélnél nekem valamit a Balatonról?",
        "Hej! Kan du hjälpa mig planera en picknick på lördag?",
        "Why does the voice sound robotic since the last update?",
        "I want to cancel my subscription but keep my chat history, is that possible?",
    ]
    support = ("how many messages", "Why does the voice", "cancel my subscription")
    for t in lines:
        N("support ticket" if any(s in t for s in support) else "companion chat", t)


def neg_commerce() -> None:
    o = f"{dg(3)}-{dg(7)}-{dg(7)}"
    N(
        "e-mail paste",
        f"Your Amazon.de order #{o} has shipped! Arriving Thursday. Track your package in Your Orders.",
    )
    t = ups_tracking()
    N("copied SMS", f"UPS: Your package {t} is out for delivery today between 10:30 and 14:30.")
    t = royal_mail_tracking()
    N(
        "companion chat",
        f"royal mail tracking says {t} is 'in transit' for 6 days now, is that normal?",
    )
    t = f"JJD{dg(18)}"
    N("copied SMS", f"DHL Paket {t} wird heute zugestellt. Ablageort: Garage.")
    t = f"9400 {dg(4)} {dg(4)} {dg(4)} {dg(4)} {dg(2)}"
    N("support ticket", f"USPS tracking {t} shows delivered but nothing at my door")
    t = f"3S{rs(UP, 4)}{dg(9)}"
    N("copied SMS", f"PostNL: je pakket {t} wordt vandaag tussen 17:45 en 20:15 bezorgd.")
    N("companion chat", f"the barcode on the cereal box is {ean13('40')}, what brand is that?")
    N(
        "companion chat",
        f"ISBN {ean13('9783')} — is this the new edition of the book we talked about?",
    )
    N(
        "support ticket",
        f"Order SO-{R.randint(2024, 2025)}-{dg(6)}: the hoodie arrived in size M instead of L. Can I exchange it?",
    )
    N(
        "companion chat",
        f"Invoice INV-{dg(5)} from the app store: €9.99 Premium Monthly, VAT included.",
    )
    N(
        "e-mail paste",
        f"Receipt #{dg(4)}-{dg(4)}\nPremium (annual) ............ $59.99\nTax ......................... $4.80\nTotal ....................... $64.79\nPaid with Visa •••• {dg(4)}",
    )
    N(
        "companion chat",
        "should I buy the AirPods Pro 2 (model A2931) for 249 € or wait for black friday?",
    )
    N(
        "companion chat",
        f"product code {rs(UP, 2)}{dg(4)}-{rs(UP, 3)} on the IKEA shelf, which screws do I need?",
    )
    N(
        "companion chat",
        "Gift card balance check says ¥3,200 left, enough for the outfit pack (¥2,800)?",
    )
    N("companion chat", "precio final: 1.249,00 € con IVA, ¿me compensa el plan anual?")
    N("support ticket", f"Ticket #{dg(6)} was closed but my issue isn't fixed. Reopening.")
    N(
        "support ticket",
        f"Case {rs(UP, 3)}-{dg(5)}: refund of 4,99 € processed on 2025-04-02. Allow 5–10 business days.",
    )


def neg_travel() -> None:
    pnr = rs("ABCDEFGHJKLMNPQRSTUVWXYZ23456789", 6)
    N(
        "travel booking",
        f"Booking reference {pnr}\nFlight TK 1822 Istanbul (IST) → Amsterdam (AMS)\nDep 08:35 · Arr 11:10 · Seat 14C · Economy Light",
    )
    pnr = rs(UP, 6)
    N(
        "companion chat",
        f"my booking ref is {pnr}, can you remind me on friday to check in online? the flight is LH 1234 at 6:40",
    )
    N(
        "travel booking",
        f"Deutsche Bahn Auftragsnummer {dg(12)} · ICE 1007 München Hbf → Berlin Hbf · Wagen 24, Platz 61",
    )
    N(
        "travel booking",
        f"Confirmation number: {dg(10)}\nHotel: Ibis Styles Lisboa Centro\nCheck-in: 14 Jun 2025 · 2 nights",
    )
    N(
        "travel booking",
        f"Shinkansen Nozomi 23 · 東京 10:00 → 新大阪 12:27 · 7号車 {R.randint(1, 20)}番A席",
    )
    N(
        "companion chat",
        f"Airbnb says the listing id is {dg(18)}, can you summarise the house rules I paste next?",
    )
    N("travel booking", f"E-ticket {dg(3)}-{dg(10)} · Aegean A3 603 ATH → SKG")
    N(
        "companion chat",
        "The Louvre is at Rue de Rivoli, 75001 Paris — do I need to book the Mona Lisa slot in advance?",
    )
    N("companion chat", "Rijksmuseum, Museumstraat 1, 1071 XX Amsterdam. opening hours on sunday?")
    N("companion chat", "British Museum, Great Russell St, London WC1B 3DG — free entry right?")
    N(
        "companion chat",
        "Pergamonmuseum, Bodestraße 1-3, 10178 Berlin ist gerade wegen Sanierung zu, oder?",
    )
    N(
        "companion chat",
        "Museo del Prado, Calle de Ruiz de Alarcón 23, 28014 Madrid: ¿es gratis los domingos por la tarde?",
    )
    N(
        "companion chat",
        "Galleria degli Uffizi, Piazzale degli Uffizi 6, 50122 Firenze — quanto costa il biglietto?",
    )
    N(
        "companion chat",
        "Tokyo Station is at 1 Chome Marunouchi, Chiyoda City, Tokyo 100-0005. which exit for the Ghibli shop?",
    )
    N(
        "companion chat",
        "The White House, 1600 Pennsylvania Avenue NW, Washington, DC 20500 — can you tour it without a congress request?",
    )
    N(
        "companion chat",
        "Reichstag: Platz der Republik 1, 11011 Berlin. Muss man die Kuppel vorher anmelden?",
    )
    N(
        "companion chat",
        "Ayasofya-i Kebir Camii, Sultan Ahmet, Ayasofya Meydanı No:1, 34122 Fatih/İstanbul — kıyafet kuralı var mı?",
    )
    N(
        "companion chat",
        "Estação de São Bento, Praça de Almeida Garrett, 4000-069 Porto — vale a pena ver os azulejos?",
    )
    N(
        "companion chat",
        "Eiffel Tower coordinates are 48.8584° N, 2.2945° E, how far is that from Gare du Nord?",
    )


def neg_dev() -> None:
    sha = hexs(40)
    N(
        "code paste",
        f"commit {sha}\nAuthor: ci-bot <noreply@github.com>\nDate:   Tue Apr 8 11:02:19 2025 +0000\n\n    chore: bump version to 2.14.3",
    )
    N(
        "support ticket",
        f"App version 4.{R.randint(1, 20)}.{R.randint(0, 9)} (build {dg(5)}) on Android 14, Pixel 7. Crash when opening the gallery.",
    )
    N(
        "support ticket",
        f"iOS 18.2.1 (22C161), app v3.8.0 (build {dg(4)}). Voice messages don't play.",
    )
    N("code paste", f"git cherry-pick {hexs(7)} && git push origin main")
    N(
        "code paste",
        'import os\nfrom openai import OpenAI\n\nclient = OpenAI(api_key=os.environ["OPENAI_API_KEY"])',
    )
    N("code paste", 'const stripe = require("stripe")(process.env.STRIPE_SECRET_KEY);')
    N(
        "code paste",
        "# .env.example\nOPENAI_API_KEY=<YOUR_API_KEY>\nANTHROPIC_API_KEY=<YOUR_ANTHROPIC_KEY>\nDATABASE_URL=postgres://USER:PASSWORD@localhost:5432/DBNAME",
    )
    N(
        "code paste",
        'headers = {"Authorization": f"Bearer {token}"}  # token comes from the keychain',
    )
    N("code paste", "api_key: ${GROQ_API_KEY}\nmodel: llama-3.1-70b-versatile\ntemperature: 0.7")
    N(
        "companion chat",
        "the docs say to set `HF_TOKEN=hf_xxxxxxxxxxxxxxxxxxxx` but where do I actually get the real one?",
    )
    N("code paste", "docker run -e POSTGRES_PASSWORD=changeme -p 5432:5432 postgres:16")
    N(
        "support ticket",
        "Default login for the router is admin / admin, I know, I'll change it. Question is about port forwarding.",
    )
    N("code paste", f"Request ID: {uuid4()}\nStatus: 429 Too Many Requests\nRetry-After: 20")
    N(
        "code paste",
        f"2025-05-02 14:03:11,882 INFO [worker-3] chat.completed conversation={uuid4()} latency_ms=132 tokens=811",
    )
    N("code paste", f"image: ghcr.io/home-assistant/home-assistant@sha256:{hexs(64)}")
    N(
        "companion chat",
        f"the download page says SHA-256: {hexs(64)} — how do I check that on windows?",
    )
    N(
        "code paste",
        "model: claude-3-5-sonnet-20241022\nmax_tokens: 1024\nsystem: You are Mira, a warm and curious companion.",
    )
    N(
        "code paste",
        'response = client.chat.completions.create(model="gpt-4o-2024-08-06", messages=msgs, temperature=0.9)',
    )
    N(
        "code paste",
        'ssh-keygen -t ed25519 -C "laptop"   # then paste the .pub into GitHub settings',
    )
    pub = pem_body("MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA", 392)
    N(
        "code paste",
        f"Here is our webhook signing PUBLIC key, use it to verify payloads:\n-----BEGIN PUBLIC KEY-----\n{pub}\n-----END PUBLIC KEY-----",
    )
    N("code paste", 'API_KEY = "sk-..."  # replace with your key, never commit it')
    N("code paste", "STRIPE_SECRET_KEY=sk_live_XXXXXXXXXXXXXXXXXXXXXXXX")
    N(
        "companion chat",
        "my key starts with sk-proj- and ends with …Q3xA, is that the right type for the plugin?",
    )
    N("code paste", 'password = getpass.getpass("Vault password: ")')
    N("code paste", "Password: ********\n[ Sign in ]   Forgot password?")
    N(
        "code paste",
        f"Cloudflare Ray ID: {hexs(16)} • Your IP: Click to reveal • Performance & security by Cloudflare",
    )
    N(
        "code paste",
        "GET /v1/models HTTP/1.1\nHost: api.openai.com\nAuthorization: Bearer $OPENAI_API_KEY",
    )
    N("code paste", "mongodb://<username>:<password>@cluster0.mongodb.net/?retryWrites=true")
    N(
        "code paste",
        f"CVE-2024-{dg(4)} affects versions < 1.{R.randint(2, 9)}.{R.randint(0, 9)}; upgrade with `pip install -U aiohttp`.",
    )
    N(
        "code paste",
        "WIFI:T:WPA;S:<network name>;P:<password>;;   ← what goes in the brackets for a hidden network?",
    )


def neg_numbers() -> None:
    a, b = R.randint(1000, 9999), R.randint(1000, 9999)
    N(
        "companion chat",
        f"quick math: what's {a} × {b}? I got {a * b + R.randint(1, 9)} but I don't trust myself",
    )
    N("companion chat", "solve for x: 3x + 7 = 22, and explain like I'm 10")
    N("companion chat", "20! = 2432902008176640000, right? that number is bigger than I thought")
    N(
        "companion chat",
        "π to 20 digits is 3.14159265358979323846 — can you help me memorise it with a story?",
    )
    N(
        "companion chat",
        "if I save 250 € a month at 3.2% a year, how much do I have after 10 years?",
    )
    N(
        "companion chat",
        "The lottery numbers this week were 4, 11, 23, 35, 42 and 48. Of course I didn't play lol",
    )
    N("companion chat", "Final score: Galatasaray 3 – 2 Fenerbahçe, 94th minute winner!!")
    N(
        "companion chat",
        "recipe: 500 g flour, 325 ml water, 10 g salt, 7 g dry yeast — how long should it rise?",
    )
    N(
        "companion chat",
        "hex colours for the avatar theme: #1E90FF for the hair, #FFB6C1 for the hoodie, #2F4F4F background",
    )
    N("companion chat", "set the chat bubble to rgb(255, 99, 71) and the font to 16px please")
    N(
        "companion chat",
        f"minecraft seed {R.randint(-9 * 10**18, 9 * 10**18)} has a village right at spawn, try it",
    )
    N(
        "companion chat",
        f"My Duolingo streak is {R.randint(200, 900)} days 🔥 and I have {R.randint(1000, 60000):,} XP",
    )
    N("companion chat", "Unix time 1735689600 is new year 2025 UTC right?")
    N("code paste", "2025-03-14T09:26:53.412Z  heartbeat ok  uptime=86400s")
    N(
        "companion chat",
        "the postcode 10115 is Berlin-Mitte and 75001 is the 1st arrondissement, right?",
    )
    N("companion chat", "Public DNS: 1.1.1.1 or 8.8.8.8, which is faster in Europe?")
    N(
        "support ticket",
        "My router's admin page is at 192.168.178.1 but it redirects to fritz.box, is that expected?",
    )
    N(
        "companion chat",
        "The Bitcoin genesis block hash is 000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f — why so many zeros?",
    )
    N(
        "companion chat",
        f"Reading {R.randint(110, 135)}/{R.randint(70, 89)} mmHg and pulse {R.randint(58, 90)} this morning, is that ok for someone my age in general?",
    )
    N(
        "companion chat",
        "can you explain what the 16 digits on a credit card mean in general? not mine, just curious how the Luhn check works",
    )
    N(
        "companion chat",
        "IBAN format in Germany is DEkk bbbb bbbb cccc cccc cc — what do the k and b stand for?",
    )
    N(
        "companion chat",
        "the BIC of Deutsche Bank Frankfurt is DEUTDEFFXXX, do I need the XXX part for a SEPA transfer?",
    )
    N("companion chat", "SWIFT code BNPAFRPP is BNP Paribas Paris, right? my landlord's bank")
    N("companion chat", "Is a UK sort code like 20-00-00 the bank or the branch?")
    N(
        "companion chat",
        "In the US, routing numbers are 9 digits and identify the bank, account numbers identify you. Correct?",
    )
    N(
        "support ticket",
        "Which card types do you accept? Visa, Mastercard, Amex, JCB, UnionPay? And is Apple Pay ok?",
    )
    N(
        "companion chat",
        "Mastercard numbers start with 51–55 or 2221–2720 — so why does mine start with a 5? lol never mind",
    )


def neg_placeholders_and_redacted() -> None:
    N(
        "companion chat",
        "I changed my Netflix password today, finally not the same one I use everywhere. don't ask me what it is now 😂",
    )
    N(
        "companion chat",
        "the app shows my card as •••• •••• •••• 4821, is that enough for you to find the payment?",
    )
    N(
        "support ticket",
        "I paid with the card ending in 0917 on March 3rd, please check the duplicate charge",
    )
    N(
        "companion chat",
        "Your phone number: +49 ••• ••••• 87 — the app masks it, why can't I see it fully?",
    )
    N("support ticket", "Email on file: j****@g****.com (that's what your bot showed me)")
    N(
        "companion chat",
        "template for my landlord: 'Dear [NAME], my IBAN is [IBAN], please transfer the deposit to [ACCOUNT HOLDER]'",
    )
    N(
        "companion chat",
        "Form fields: First name ____ Last name ____ Date of birth DD/MM/YYYY ____ Passport no. ____",
    )
    N(
        "code paste",
        '{\n  "name": "{{user.name}}",\n  "email": "{{user.email}}",\n  "phone": "{{user.phone}}"\n}',
    )
    N(
        "code paste",
        'const config = { apiKey: "YOUR_FIREBASE_API_KEY", authDomain: "YOUR_PROJECT.firebaseapp.com" };',
    )
    N(
        "companion chat",
        "the password rule is: at least 12 characters, one number, one symbol. is 'correct horse battery staple' style better?",
    )
    N(
        "companion chat",
        "the OTP is always 6 digits and expires after 5 minutes, right? I keep missing it",
    )
    N(
        "copied SMS",
        "Never share your verification code with anyone. Our staff will never ask you for it. – Your bank",
    )
    N("copied SMS", "Your verification code has expired. Request a new one in the app.")
    N("companion chat", "Where do I find my Steam API key? the page asks for a domain name")
    N(
        "companion chat",
        "What's the difference between a public key and a private key in simple words?",
    )
    N(
        "companion chat",
        "is it safe to send my seed phrase to 'support'? someone on telegram asked for it (I didn't send it)",
    )
    N(
        "support ticket",
        "I think I leaked an API key yesterday. I already revoked it in the dashboard. Do I need to do anything else?",
    )
    N(
        "code paste",
        "REDACTED: sk-ant-***************************, token=[removed], password=<hidden>",
    )
    N(
        "code paste",
        "secret: !vault |\n  $ANSIBLE_VAULT;1.1;AES256  # encrypted, decrypt with the vault password",
    )
    N("companion chat", "default PIN for the new SIM is printed on the card, I'll look later")


def neg_history_public() -> None:
    rows = [
        "Albert Einstein was born on 14 March 1879 in Ulm. Let's celebrate π day and his birthday together!",
        "Marie Curie, born 7 November 1867 in Warsaw — tell me about her two Nobel prizes.",
        "José Rizal was born on June 19, 1861 in Calamba, Laguna. Bakit siya pambansang bayani?",
        "Rabindranath Tagore was born on 7 May 1861. রবীন্দ্রনাথের একটা কবিতা শোনাও।",
        "Пушкин родился 6 июня 1799 года в Москве. Прочитай мне его стихотворение.",
        "Тарас Шевченко народився 9 березня 1814 року. Розкажи про «Кобзар».",
        "Mustafa Kemal Atatürk 1881'de Selanik'te doğdu. Hayatını kısaca anlatır mısın?",
        "Fryderyk Chopin urodził się 1 marca 1810 r. w Żelazowej Woli. Jaki jest jego najsłynniejszy nokturn?",
        "Frida Kahlo nació el 6 de julio de 1907 en Coyoacán. ¿Por qué pintaba tantos autorretratos?",
        "紫式部は973年頃に生まれたと言われています。源氏物語について教えて。",
        "孔子出生于公元前551年。给我讲讲《论语》里最有名的一句话。",
        "세종대왕은 1397년 5월 15일에 태어났어. 한글 창제 이야기 해줘.",
        "Wangari Maathai alizaliwa tarehe 1 Aprili 1940. Nieleze kuhusu Green Belt Movement.",
        "Ο Νίκος Καζαντζάκης γεννήθηκε στις 18 Φεβρουαρίου 1883 στο Ηράκλειο.",
        "Václav Havel se narodil 5. října 1936 v Praze.",
        "Mihai Eminescu s-a născut pe 15 ianuarie 1850. Recită-mi „Luceafărul”.",
        "Petőfi Sándor 1823. január 1-jén született Kiskőrösön.",
        "Astrid Lindgren föddes den 14 november 1907 i Vimmerby.",
        "Ho Chi Minh sinh ngày 19 tháng 5 năm 1890.",
        "Kartini lahir pada 21 April 1879 di Jepara. Kenapa tanggal itu jadi hari Kartini?",
        "نجيب محفوظ وُلد في 11 ديسمبر 1911 في القاهرة.",
        "Emergency numbers: 112 in the EU, 911 in the US, 999 in the UK, 110 for police in Germany and Japan.",
        "If you're struggling, Samaritans are on 116 123 (UK & Ireland), free, any time.",
        "Telefonseelsorge Deutschland: 0800 111 0 111 oder 0800 111 0 222, kostenlos und anonym.",
        "In the US you can call or text 988 for the Suicide & Crisis Lifeline.",
    ]
    for t in rows:
        N("companion chat", t)


def negative_rows() -> None:
    neg_plain_chat()
    neg_commerce()
    neg_travel()
    neg_dev()
    neg_numbers()
    neg_placeholders_and_redacted()
    neg_history_public()


# ============================================================ main


def main() -> None:
    secret_rows()
    pii_rows()
    negative_rows()
    order = list(range(len(ROWS)))
    R.shuffle(order)
    rows = [ROWS[i] for i in order]
    seen = set()
    for r in rows:
        assert r["text"] not in seen, r["text"][:80]
        seen.add(r["text"])
    with OUT.open("w", encoding="utf-8", newline="\n") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    cats = Counter(r["category"] for r in rows)
    kinds = Counter(r["kind"] for r in rows)
    print(f"wrote {len(rows)} rows to {OUT.name}")
    for c in ("secret", "pii", "negative"):
        print(f"  {c:9s} {cats[c]}")
    print(f"  kinds: {len(kinds)}")
    for k, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"    {k:32s} {n}")


if __name__ == "__main__":
    main()
