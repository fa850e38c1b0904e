# ruff: noqa: E501
"""Blind scrub corpus #9.

Written without opening the scrubber: its source, its tests, its docs, the
benchmark script and the earlier corpora were not opened while this file was
written (only the file-format header and ``add()`` helper of make_blind5.py
were read). The contents come only from general knowledge of what people type
or paste into a persona chat product and of the public shapes of credentials
and personal data.

Deterministic: every random value comes from one seeded ``random.Random``
(``R``) and rows are written in a fixed order, so running
``python bench/data/scrub/make_blind9.py`` again writes the same
``blind9.jsonl`` (next to this script) byte for byte. Standard library only.

One JSON object per line::

    {"text": str, "category": "secret" | "pii" | "negative", "kind": str,
     "secrets": [str, ...], "context": str}

``secrets`` holds exact substrings of ``text`` (each at least 6 characters)
that must not survive scrubbing: the secret value itself (not its name), a
person's identifying numbers, contact details, whole street addresses (one
string when written together) and dates of birth. Bank/branch codes that only
identify an institution, public institutions' numbers and names are not
labelled. Negatives have kind ``"negative"`` and an empty list: nothing in
them is secret or personal, and they must come out unchanged. No published
test values (test card numbers, documented example keys, reserved example
domains, fictional phone ranges) are used anywhere in the output.
"""

from __future__ import annotations

import base64
import hashlib
import json
import random
import string
import struct
import urllib.parse
from collections import Counter
from pathlib import Path

R = random.Random(9_0712_2026)
OUT = Path(__file__).with_name("blind9.jsonl")

UP = string.ascii_uppercase
LO = string.ascii_lowercase
DG = string.digits
AN = UP + LO + DG
HX = "0123456789abcdef"
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


# --------------------------------------------------------------------------
# random building blocks
# --------------------------------------------------------------------------


def rs(alpha: str, n: int) -> str:
    return "".join(R.choice(alpha) for _ in range(n))


def dg(n: int) -> str:
    return rs(DG, n)


def nz(n: int) -> str:
    return R.choice("123456789") + dg(n - 1)


def rbytes(n: int) -> bytes:
    return bytes(R.randrange(256) for _ in range(n))


def b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def wrap(s: str, width: int = 64) -> list[str]:
    return [s[i : i + width] for i in range(0, len(s), width)]


def b58(data: bytes) -> str:
    n = int.from_bytes(data, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = B58[r] + out
    pad = len(data) - len(data.lstrip(b"\0"))
    return "1" * pad + out


def b58check(payload: bytes) -> str:
    chk = hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
    return b58(payload + chk)


def dob(lo: int = 1955, hi: int = 2006) -> tuple[int, int, int]:
    return R.randint(lo, hi), R.randint(1, 12), R.randint(1, 28)


# --------------------------------------------------------------------------
# checksums
# --------------------------------------------------------------------------


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
    total = 0
    for i, ch in enumerate(reversed([c for c in num if c.isdigit()])):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


assert luhn_digit("7992739871") == "3"

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


def verhoeff_digit(num: str) -> str:
    c = 0
    for i, ch in enumerate(reversed(num)):
        c = V_D[c][V_P[(i + 1) % 8][int(ch)]]
    return str(V_INV[c])


def verhoeff_ok(num: str) -> bool:
    c = 0
    for i, ch in enumerate(reversed(num)):
        c = V_D[c][V_P[i % 8][int(ch)]]
    return c == 0


assert verhoeff_digit("236") == "3" and verhoeff_ok("2363")


def iban(cc: str, bban: str) -> str:
    num = "".join(str(int(c, 36)) for c in bban + cc + "00")
    return f"{cc}{98 - int(num) % 97:02d}{bban}"


def iban_ok(s: str) -> bool:
    s = s.replace(" ", "")
    return int("".join(str(int(c, 36)) for c in s[4:] + s[:4])) % 97 == 1


def group4(s: str) -> str:
    return " ".join(s[i : i + 4] for i in range(0, len(s), 4))


def es_dc(ten: str) -> str:
    w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]
    d = 11 - sum(int(a) * b for a, b in zip(ten, w, strict=True)) % 11
    return str({11: 0, 10: 1}.get(d, d))


CF_ODD = dict(
    zip(
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        # digits 0-9 and letters A-J share values; then K..Z
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
CF_EVEN = {c: (int(c) if c.isdigit() else ord(c) - 65) for c in DG + UP}


def cf_check(s: str) -> str:
    total = sum(CF_ODD[c] if i % 2 == 0 else CF_EVEN[c] for i, c in enumerate(s))
    return chr(65 + total % 26)


def iban_de() -> str:
    blz = R.choice(["10010010", "37040044", "50010517", "20050550", "70150000", "43060967"])
    return iban("DE", blz + dg(10))


def iban_es() -> str:
    bank, branch, acct = R.choice(["2100", "0049", "0182", "0081"]), dg(4), dg(10)
    return iban("ES", bank + branch + es_dc("00" + bank + branch) + es_dc(acct) + acct)


def iban_fr() -> str:
    bank, branch, acct = R.choice(["30004", "20041", "30003", "10278"]), dg(5), dg(11)
    key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(acct)) % 97
    return iban("FR", f"{bank}{branch}{acct}{key:02d}")


def iban_it() -> str:
    core = R.choice(["03069", "02008", "05034", "03062"]) + dg(5) + dg(12)
    return iban("IT", cf_check(core) + core)


def iban_nl() -> str:
    while True:
        nine = nz(9)
        last = -sum(int(d) * (10 - i) for i, d in enumerate(nine)) % 11
        if last < 10:
            return iban("NL", R.choice(["INGB", "ABNA", "RABO", "SNSB"]) + nine + str(last))


def iban_gb() -> str:
    return iban("GB", R.choice(["BARC", "NWBK", "LOYD", "HBUK", "MIDL"]) + dg(6) + dg(8))


def iban_pt() -> str:
    core = R.choice(["0035", "0033", "0007", "0010"]) + dg(4) + dg(11)
    return iban("PT", f"{core}{98 - int(core + '00') % 97:02d}")


def iban_be() -> str:
    ten = R.choice(["001", "063", "068", "363"]) + dg(7)
    chk = int(ten) % 97 or 97
    return iban("BE", f"{ten}{chk:02d}")


def pesel(y: int, m: int, d: int, male: bool) -> str:
    mm = m + (20 if y >= 2000 else 0)
    body = f"{y % 100:02d}{mm:02d}{d:02d}{dg(3)}{R.choice('13579' if male else '02468')}"
    w = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]
    return body + str((10 - sum(int(a) * b for a, b in zip(body, w, strict=True)) % 10) % 10)


def cpf() -> str:
    while True:
        b = dg(9)
        if len(set(b)) > 1:
            break
    d1 = sum(int(c) * (10 - i) for i, c in enumerate(b)) * 10 % 11 % 10
    b += str(d1)
    d2 = sum(int(c) * (11 - i) for i, c in enumerate(b)) * 10 % 11 % 10
    b += str(d2)
    return f"{b[:3]}.{b[3:6]}.{b[6:9]}-{b[9:]}"


def dni() -> str:
    n = R.randint(10_000_000, 79_999_999)
    return f"{n}{'TRWAGMYFPDXBNJZSQVHLCKE'[n % 23]}"


def nie() -> str:
    p = R.choice("XY")
    n = dg(7)
    return f"{p}{n}{'TRWAGMYFPDXBNJZSQVHLCKE'[int(str('XYZ'.index(p)) + n) % 23]}"


def cod_fiscale(sur: str, name: str, y: int, m: int, d: int, female: bool, town: str) -> str:
    def part(s: str, is_name: bool) -> str:
        cons = [c for c in s.upper() if c.isalpha() and c not in "AEIOU"]
        vows = [c for c in s.upper() if c in "AEIOU"]
        if is_name and len(cons) >= 4:
            cons = [cons[0], cons[2], cons[3]]
        return "".join(cons + vows + ["X", "X", "X"])[:3]

    body = f"{part(sur, False)}{part(name, True)}{y % 100:02d}{'ABCDEHLMPRST'[m - 1]}{d + (40 if female else 0):02d}{town}"
    return body + cf_check(body)


def nir(male: bool, y: int, m: int) -> str:
    body = f"{1 if male else 2}{y % 100:02d}{m:02d}{R.choice(['75', '69', '13', '33', '59', '44'])}{R.randint(1, 120):03d}{R.randint(1, 999):03d}"
    key = 97 - int(body) % 97
    return f"{body[0]} {body[1:3]} {body[3:5]} {body[5:7]} {body[7:10]} {body[10:13]} {key:02d}"


def steuer_id() -> str:
    while True:
        digs = list(range(10))
        R.shuffle(digs)
        i, j = R.sample(range(10), 2)
        digs[i] = digs[j]
        if digs[0] != 0:
            break
    body = "".join(map(str, digs))
    product = 10
    for ch in body:
        s = (int(ch) + product) % 10 or 10
        product = s * 2 % 11
    chk = 11 - product
    return body + str(0 if chk == 10 else chk)


def bsn() -> str:
    while True:
        b = nz(8)
        last = sum(int(c) * (9 - i) for i, c in enumerate(b)) % 11
        if last < 10:
            return b + str(last)


def tc_kimlik() -> str:
    d = [int(c) for c in nz(9)]
    d10 = ((d[0] + d[2] + d[4] + d[6] + d[8]) * 7 - (d[1] + d[3] + d[5] + d[7])) % 10
    d.append(d10)
    d.append(sum(d) % 10)
    return "".join(map(str, d))


def cn_id(region: str, y: int, m: int, d: int) -> str:
    body = f"{region}{y}{m:02d}{d:02d}{dg(3)}"
    w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return body + "10X98765432"[sum(int(a) * b for a, b in zip(body, w, strict=True)) % 11]


def kr_rrn(y: int, m: int, d: int, male: bool) -> str:
    g = (1 if male else 2) + (2 if y >= 2000 else 0)
    body = f"{y % 100:02d}{m:02d}{d:02d}{g}{dg(5)}"
    w = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5]
    c = (11 - sum(int(a) * b for a, b in zip(body, w, strict=True)) % 11) % 10
    return f"{body[:6]}-{body[6:]}{c}"


def aadhaar() -> str:
    b = R.choice("23456789") + dg(10)
    n = b + verhoeff_digit(b)
    assert verhoeff_ok(n)
    return f"{n[:4]} {n[4:8]} {n[8:]}"


def my_number() -> str:
    b = nz(11)
    total = 0
    for n in range(1, 12):
        p = int(b[11 - n])
        q = n + 1 if n <= 6 else n - 5
        total += p * q
    r = total % 11
    return b + str(0 if r <= 1 else 11 - r)


def nino() -> str:
    first = [c for c in UP if c not in "DFIQUV"]
    second = [c for c in UP if c not in "DFIOQUV"]
    while True:
        pre = R.choice(first) + R.choice(second)
        if pre not in ("BG", "GB", "NK", "KN", "TN", "NT", "ZZ"):
            break
    n = dg(6)
    return f"{pre} {n[:2]} {n[2:4]} {n[4:]} {R.choice('ABCD')}"


def ssn() -> str:
    while True:
        area = R.randint(1, 899)
        if area != 666:
            break
    return f"{area:03d}-{R.randint(1, 99):02d}-{R.randint(1, 9999):04d}"


def sin_ca() -> str:
    b = R.choice("1234567") + dg(7)
    n = b + luhn_digit(b)
    return f"{n[:3]} {n[3:6]} {n[6:]}"


CURP_CHARS = "0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ"


def curp(a1: str, a2: str, name: str, y: int, m: int, d: int, male: bool, state: str) -> str:
    def first_vowel(s: str) -> str:
        return next((c for c in s[1:] if c in "AEIOU"), "X")

    def inner_cons(s: str) -> str:
        return next((c for c in s[1:] if c not in "AEIOU"), "X")

    body = (
        f"{a1[0]}{first_vowel(a1)}{a2[0]}{name[0]}{y % 100:02d}{m:02d}{d:02d}"
        f"{'H' if male else 'M'}{state}{inner_cons(a1)}{inner_cons(a2)}{inner_cons(name)}"
        f"{R.choice(DG) if y < 2000 else R.choice(UP)}"
    )
    total = sum(CURP_CHARS.index(c) * (18 - i) for i, c in enumerate(body))
    return body + str((10 - total % 10) % 10)


def rut() -> str:
    n = R.randint(8_000_000, 24_999_999)
    s, w = 0, 2
    for ch in reversed(str(n)):
        s += int(ch) * w
        w = 2 if w == 7 else w + 1
    dv = 11 - s % 11
    dvs = {11: "0", 10: "K"}.get(dv, str(dv))
    return f"{n:,}".replace(",", ".") + "-" + dvs


def be_nrn(y: int, m: int, d: int) -> str:
    seq = f"{R.randint(1, 997):03d}"
    base = f"{y % 100:02d}{m:02d}{d:02d}{seq}"
    chk = 97 - int(("2" if y >= 2000 else "") + base) % 97
    return f"{base[:2]}.{base[2:4]}.{base[4:6]}-{seq}.{chk:02d}"


def se_pnr(y: int, m: int, d: int) -> str:
    b = f"{y % 100:02d}{m:02d}{d:02d}{dg(3)}"
    return f"{b[:6]}-{b[6:]}{luhn_digit(b)}"


def emirates_id(y: int) -> str:
    b = f"784{y}{dg(7)}"
    return f"784-{y}-{b[7:]}-{luhn_digit(b)}"


def saudi_id() -> str:
    b = R.choice("12") + dg(8)
    return b + luhn_digit(b)


def snils() -> str:
    while True:
        b = dg(9)
        if int(b) > 1001998:
            break
    s = sum(int(c) * (9 - i) for i, c in enumerate(b))
    cs = s if s < 100 else (0 if s in (100, 101) else s % 101)
    cs = 0 if cs == 100 else cs
    return f"{b[:3]}-{b[3:6]}-{b[6:]} {cs:02d}"


def inn12() -> str:
    b = R.choice(["77", "78", "50", "66", "16"]) + dg(8)
    w11 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8]
    b += str(sum(int(a) * w for a, w in zip(b, w11, strict=True)) % 11 % 10)
    w12 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]
    b += str(sum(int(a) * w for a, w in zip(b, w12, strict=True)) % 11 % 10)
    return b


def tfn() -> str:
    w = [1, 4, 3, 7, 5, 8, 6, 9]
    while True:
        b = nz(8)
        last = sum(int(a) * x for a, x in zip(b, w, strict=True)) % 11
        if last < 10:
            n = b + str(last)
            assert sum(int(a) * x for a, x in zip(n, [*w, 10], strict=True)) % 11 == 0
            return f"{n[:3]} {n[3:6]} {n[6:]}"


def nhs() -> str:
    while True:
        b = R.choice("46") + dg(8)
        r = 11 - sum(int(c) * (10 - i) for i, c in enumerate(b)) % 11
        if r != 10:
            n = b + str(0 if r == 11 else r)
            return f"{n[:3]} {n[3:6]} {n[6:]}"


def kvnr() -> str:
    letter = R.choice(UP)
    digs = dg(8)
    seq = f"{ord(letter) - 64:02d}{digs}"
    total = 0
    for i, ch in enumerate(seq):
        p = int(ch) * (1 if i % 2 == 0 else 2)
        total += p // 10 + p % 10
    return f"{letter}{digs}{total % 10}"


def medicare_au() -> str:
    b = R.choice("23456") + dg(7)
    chk = sum(int(a) * w for a, w in zip(b, [1, 3, 7, 9, 1, 3, 7, 9], strict=True)) % 10
    return f"{b[:4]} {b[4:]}{chk} {R.randint(1, 5)}"


def nif_pt() -> str:
    b = R.choice("12") + dg(7)
    r = 11 - sum(int(c) * (9 - i) for i, c in enumerate(b)) % 11
    return b + str(0 if r >= 10 else r)


def nik_id(y: int, m: int, d: int, female: bool) -> str:
    return f"{R.choice(['317404', '327301', '357801', '517102'])}{d + (40 if female else 0):02d}{m:02d}{y % 100:02d}{R.randint(1, 999):04d}"


def mrz_digit(s: str) -> str:
    w = [7, 3, 1]
    total = 0
    for i, c in enumerate(s):
        v = 0 if c == "<" else int(c) if c.isdigit() else ord(c) - 55
        total += v * w[i % 3]
    return str(total % 10)


TEST_CARDS = {
    "4111111111111111",
    "4242424242424242",
    "4012888888881881",
    "5555555555554444",
    "5105105105105100",
    "378282246310005",
    "371449635398431",
    "6011111111111117",
    "3530111333300000",
}


def card(prefix: str, length: int) -> str:
    body = prefix + dg(length - len(prefix) - 1)
    num = body + luhn_digit(body)
    assert luhn_ok(num) and num not in TEST_CARDS
    return num


def card_grouped(num: str) -> str:
    if len(num) == 15:
        return f"{num[:4]} {num[4:10]} {num[10:]}"
    return group4(num)


def public_ip() -> str:
    return f"{R.choice([24, 31, 37, 46, 62, 73, 77, 79, 80, 82, 84, 86, 87, 89, 91, 94, 95, 109, 151, 176, 178, 181, 186, 188, 189, 201, 212, 217])}.{R.randint(1, 254)}.{R.randint(1, 254)}.{R.randint(1, 254)}"


def mac(oui: str) -> str:
    return oui + ":" + ":".join(rs("0123456789ABCDEF", 2) for _ in range(3))


# --------------------------------------------------------------------------
# credential shapes
# --------------------------------------------------------------------------


def openai_proj() -> str:
    return "sk-proj-" + rs(B64U, 74) + "T3BlbkFJ" + rs(B64U, 74)


def openai_legacy() -> str:
    return "sk-" + rs(AN, 20) + "T3BlbkFJ" + rs(AN, 20)


def anthropic_key() -> str:
    return "sk-ant-api03-" + rs(B64U, 93) + "AA"


def ghp() -> str:
    return "ghp_" + rs(AN, 36)


def aws_pair() -> tuple[str, str]:
    return "AKIA" + rs(B32, 16), rs(AN + "+/", 40)


def google_key() -> str:
    return "AIza" + rs(B64U, 35)


def snowflake() -> str:
    return str(R.randint(1_000_000_000_000_000_000, 1_299_999_999_999_999_999))


def discord_token() -> str:
    return b64u(snowflake().encode()) + "." + rs(B64U, 6) + "." + rs(B64U, 38)


def telegram_token() -> str:
    return f"{R.randint(5_000_000_000, 7_999_999_999)}:AA{rs(B64U, 33)}"


def jwt(payload: dict, alg: str = "HS256", sig_len: int = 32) -> str:
    h = b64u(json.dumps({"alg": alg, "typ": "JWT"}, separators=(",", ":")).encode())
    p = b64u(json.dumps(payload, separators=(",", ":")).encode())
    return f"{h}.{p}.{b64u(rbytes(sig_len))}"


def ts() -> int:
    return R.randint(1_715_000_000, 1_760_000_000)


PW_WORDS = [
    "sunflower",
    "Dragon",
    "monkey",
    "Barcelona",
    "pizza",
    "Luna",
    "tigre",
    "Schatzi",
    "soleil",
    "Coracao",
    "amore",
    "sakura",
    "Kotik",
    "Galatasaray",
    "Warszawa",
    "Tulpen",
    "Merdeka",
    "Chelsea",
    "Bella",
    "Maximus",
    "Pikachu",
    "Naruto",
    "Mariposa",
    "Fenerbahce",
    "Hanuman",
    "Blauwal",
    "Jupiter",
    "Kirschbaum",
    "Princesa",
    "Lakers",
    "Minecraft",
    "Oreo",
]


def human_pw() -> str:
    w = R.choice(PW_WORDS)
    pat = R.randrange(6)
    if pat == 0:
        return w + str(R.randint(1968, 2012)) + R.choice("!@#$.*")
    if pat == 1:
        return w.capitalize() + dg(R.randint(2, 4)) + R.choice(["!", "!!", "?", "#", "$"])
    if pat == 2:
        leet = w.lower().translate(str.maketrans("aeios", "43105"))
        return leet.capitalize() + R.choice(["_", "-", "."]) + dg(2)
    if pat == 3:
        return w.capitalize() + R.choice(PW_WORDS).capitalize() + dg(R.randint(1, 3))
    if pat == 4:
        return w.lower() + "_" + dg(3) + R.choice(["", "!", "x"])
    return rs(AN + "!#%&*", R.randint(11, 16))


def random_pw(n: int = 20) -> str:
    return rs(AN + "!#%^*-_", n)


# The BIP-39 English word list (2048 words, in order) so that seed phrases carry a valid checksum.
BIP39_TEXT = """
abandon ability able about above absent absorb abstract absurd abuse access accident account
accuse achieve acid acoustic acquire across act action actor actress actual adapt add addict
address adjust admit adult advance advice aerobic affair afford afraid again age agent agree
ahead aim air airport aisle alarm album alcohol alert alien all alley allow almost alone
alpha already also alter always amateur amazing among amount amused analyst anchor ancient
anger angle angry animal ankle announce annual another answer antenna antique anxiety any
apart apology appear apple approve april arch arctic area arena argue arm armed armor army
around arrange arrest arrive arrow art artefact artist artwork ask aspect assault asset
assist assume asthma athlete atom attack attend attitude attract auction audit august aunt
author auto autumn average avocado avoid awake aware away awesome awful awkward axis baby
bachelor bacon badge bag balance balcony ball bamboo banana banner bar barely bargain barrel
base basic basket battle beach bean beauty because become beef before begin behave behind
believe below belt bench benefit best betray better between beyond bicycle bid bike bind
biology bird birth bitter black blade blame blanket blast bleak bless blind blood blossom
blouse blue blur blush board boat body boil bomb bone bonus book boost border boring borrow
boss bottom bounce box boy bracket brain brand brass brave bread breeze brick bridge brief
bright bring brisk broccoli broken bronze broom brother brown brush bubble buddy budget
buffalo build bulb bulk bullet bundle bunker burden burger burst bus business busy butter
buyer buzz cabbage cabin cable cactus cage cake call calm camera camp can canal cancel candy
cannon canoe canvas canyon capable capital captain car carbon card cargo carpet carry cart
case cash casino castle casual cat catalog catch category cattle caught cause caution cave
ceiling celery cement census century cereal certain chair chalk champion change chaos
chapter charge chase chat cheap check cheese chef cherry chest chicken chief child chimney
choice choose chronic chuckle chunk churn cigar cinnamon circle citizen city civil claim
clap clarify claw clay clean clerk clever click client cliff climb clinic clip clock clog
close cloth cloud clown club clump cluster clutch coach coast coconut code coffee coil coin
collect color column combine come comfort comic common company concert conduct confirm
congress connect consider control convince cook cool copper copy coral core corn correct
cost cotton couch country couple course cousin cover coyote crack cradle craft cram crane
crash crater crawl crazy cream credit creek crew cricket crime crisp critic crop cross
crouch crowd crucial cruel cruise crumble crunch crush cry crystal cube culture cup cupboard
curious current curtain curve cushion custom cute cycle dad damage damp dance danger daring
dash daughter dawn day deal debate debris decade december decide decline decorate decrease
deer defense define defy degree delay deliver demand demise denial dentist deny depart
depend deposit depth deputy derive describe desert design desk despair destroy detail detect
develop device devote diagram dial diamond diary dice diesel diet differ digital dignity
dilemma dinner dinosaur direct dirt disagree discover disease dish dismiss disorder display
distance divert divide divorce dizzy doctor document dog doll dolphin domain donate donkey
donor door dose double dove draft dragon drama drastic draw dream dress drift drill drink
drip drive drop drum dry duck dumb dune during dust dutch duty dwarf dynamic eager eagle
early earn earth easily east easy echo ecology economy edge edit educate effort egg eight
either elbow elder electric elegant element elephant elevator elite else embark embody
embrace emerge emotion employ empower empty enable enact end endless endorse enemy energy
enforce engage engine enhance enjoy enlist enough enrich enroll ensure enter entire entry
envelope episode equal equip era erase erode erosion error erupt escape essay essence estate
eternal ethics evidence evil evoke evolve exact example excess exchange excite exclude
excuse execute exercise exhaust exhibit exile exist exit exotic expand expect expire explain
expose express extend extra eye eyebrow fabric face faculty fade faint faith fall false fame
family famous fan fancy fantasy farm fashion fat fatal father fatigue fault favorite feature
february federal fee feed feel female fence festival fetch fever few fiber fiction field
figure file film filter final find fine finger finish fire firm first fiscal fish fit
fitness fix flag flame flash flat flavor flee flight flip float flock floor flower fluid
flush fly foam focus fog foil fold follow food foot force forest forget fork fortune forum
forward fossil foster found fox fragile frame frequent fresh friend fringe frog front frost
frown frozen fruit fuel fun funny furnace fury future gadget gain galaxy gallery game gap
garage garbage garden garlic garment gas gasp gate gather gauge gaze general genius genre
gentle genuine gesture ghost giant gift giggle ginger giraffe girl give glad glance glare
glass glide glimpse globe gloom glory glove glow glue goat goddess gold good goose gorilla
gospel gossip govern gown grab grace grain grant grape grass gravity great green grid grief
grit grocery group grow grunt guard guess guide guilt guitar gun gym habit hair half hammer
hamster hand happy harbor hard harsh harvest hat have hawk hazard head health heart heavy
hedgehog height hello helmet help hen hero hidden high hill hint hip hire history hobby
hockey hold hole holiday hollow home honey hood hope horn horror horse hospital host hotel
hour hover hub huge human humble humor hundred hungry hunt hurdle hurry hurt husband hybrid
ice icon idea identify idle ignore ill illegal illness image imitate immense immune impact
impose improve impulse inch include income increase index indicate indoor industry infant
inflict inform inhale inherit initial inject injury inmate inner innocent input inquiry
insane insect inside inspire install intact interest into invest invite involve iron island
isolate issue item ivory jacket jaguar jar jazz jealous jeans jelly jewel job join joke
journey joy judge juice jump jungle junior junk just kangaroo keen keep ketchup key kick kid
kidney kind kingdom kiss kit kitchen kite kitten kiwi knee knife knock know lab label labor
ladder lady lake lamp language laptop large later latin laugh laundry lava law lawn lawsuit
layer lazy leader leaf learn leave lecture left leg legal legend leisure lemon lend length
lens leopard lesson letter level liar liberty library license life lift light like limb
limit link lion liquid list little live lizard load loan lobster local lock logic lonely
long loop lottery loud lounge love loyal lucky luggage lumber lunar lunch luxury lyrics
machine mad magic magnet maid mail main major make mammal man manage mandate mango mansion
manual maple marble march margin marine market marriage mask mass master match material math
matrix matter maximum maze meadow mean measure meat mechanic medal media melody melt member
memory mention menu mercy merge merit merry mesh message metal method middle midnight milk
million mimic mind minimum minor minute miracle mirror misery miss mistake mix mixed mixture
mobile model modify mom moment monitor monkey monster month moon moral more morning mosquito
mother motion motor mountain mouse move movie much muffin mule multiply muscle museum
mushroom music must mutual myself mystery myth naive name napkin narrow nasty nation nature
near neck need negative neglect neither nephew nerve nest net network neutral never news
next nice night noble noise nominee noodle normal north nose notable note nothing notice
novel now nuclear number nurse nut oak obey object oblige obscure observe obtain obvious
occur ocean october odor off offer office often oil okay old olive olympic omit once one
onion online only open opera opinion oppose option orange orbit orchard order ordinary organ
orient original orphan ostrich other outdoor outer output outside oval oven over own owner
oxygen oyster ozone pact paddle page pair palace palm panda panel panic panther paper parade
parent park parrot party pass patch path patient patrol pattern pause pave payment peace
peanut pear peasant pelican pen penalty pencil people pepper perfect permit person pet phone
photo phrase physical piano picnic picture piece pig pigeon pill pilot pink pioneer pipe
pistol pitch pizza place planet plastic plate play please pledge pluck plug plunge poem poet
point polar pole police pond pony pool popular portion position possible post potato pottery
poverty powder power practice praise predict prefer prepare present pretty prevent price
pride primary print priority prison private prize problem process produce profit program
project promote proof property prosper protect proud provide public pudding pull pulp pulse
pumpkin punch pupil puppy purchase purity purpose purse push put puzzle pyramid quality
quantum quarter question quick quit quiz quote rabbit raccoon race rack radar radio rail
rain raise rally ramp ranch random range rapid rare rate rather raven raw razor ready real
reason rebel rebuild recall receive recipe record recycle reduce reflect reform refuse
region regret regular reject relax release relief rely remain remember remind remove render
renew rent reopen repair repeat replace report require rescue resemble resist resource
response result retire retreat return reunion reveal review reward rhythm rib ribbon rice
rich ride ridge rifle right rigid ring riot ripple risk ritual rival river road roast robot
robust rocket romance roof rookie room rose rotate rough round route royal rubber rude rug
rule run runway rural sad saddle sadness safe sail salad salmon salon salt salute same
sample sand satisfy satoshi sauce sausage save say scale scan scare scatter scene scheme
school science scissors scorpion scout scrap screen script scrub sea search season seat
second secret section security seed seek segment select sell seminar senior sense sentence
series service session settle setup seven shadow shaft shallow share shed shell sheriff
shield shift shine ship shiver shock shoe shoot shop short shoulder shove shrimp shrug
shuffle shy sibling sick side siege sight sign silent silk silly silver similar simple since
sing siren sister situate six size skate sketch ski skill skin skirt skull slab slam sleep
slender slice slide slight slim slogan slot slow slush small smart smile smoke smooth snack
snake snap sniff snow soap soccer social sock soda soft solar soldier solid solution solve
someone song soon sorry sort soul sound soup source south space spare spatial spawn speak
special speed spell spend sphere spice spider spike spin spirit split spoil sponsor spoon
sport spot spray spread spring spy square squeeze squirrel stable stadium staff stage stairs
stamp stand start state stay steak steel stem step stereo stick still sting stock stomach
stone stool story stove strategy street strike strong struggle student stuff stumble style
subject submit subway success such sudden suffer sugar suggest suit summer sun sunny sunset
super supply supreme sure surface surge surprise surround survey suspect sustain swallow
swamp swap swarm swear sweet swift swim swing switch sword symbol symptom syrup system table
tackle tag tail talent talk tank tape target task taste tattoo taxi teach team tell ten
tenant tennis tent term test text thank that theme then theory there they thing this thought
three thrive throw thumb thunder ticket tide tiger tilt timber time tiny tip tired tissue
title toast tobacco today toddler toe together toilet token tomato tomorrow tone tongue
tonight tool tooth top topic topple torch tornado tortoise toss total tourist toward tower
town toy track trade traffic tragic train transfer trap trash travel tray treat tree trend
trial tribe trick trigger trim trip trophy trouble truck true truly trumpet trust truth try
tube tuition tumble tuna tunnel turkey turn turtle twelve twenty twice twin twist two type
typical ugly umbrella unable unaware uncle uncover under undo unfair unfold unhappy uniform
unique unit universe unknown unlock until unusual unveil update upgrade uphold upon upper
upset urban urge usage use used useful useless usual utility vacant vacuum vague valid
valley valve van vanish vapor various vast vault vehicle velvet vendor venture venue verb
verify version very vessel veteran viable vibrant vicious victory video view village vintage
violin virtual virus visa visit visual vital vivid vocal voice void volcano volume vote
voyage wage wagon wait walk wall walnut want warfare warm warrior wash wasp waste water wave
way wealth weapon wear weasel weather web wedding weekend weird welcome west wet whale what
wheat wheel when where whip whisper wide width wife wild will win window wine wing wink
winner winter wire wisdom wise wish witness wolf woman wonder wood wool word work world
worry worth wrap wreck wrestle wrist write wrong yard year yellow you young youth zebra zero
zone zoo
"""
BIP39 = BIP39_TEXT.split()
assert len(BIP39) == 2048


def seed_phrase(n: int) -> str:
    ent = rbytes(n * 4 // 3)
    bits = bin(int.from_bytes(ent, "big"))[2:].zfill(len(ent) * 8)
    bits += bin(hashlib.sha256(ent).digest()[0])[2:].zfill(8)[: n // 3]
    return " ".join(BIP39[int(bits[i : i + 11], 2)] for i in range(0, n * 11, 11))


# --------------------------------------------------------------------------
# SECRETS
# --------------------------------------------------------------------------


def secrets_section() -> None:
    # ---- LLM provider keys (very common in a persona-chat product) ----
    k = openai_proj()
    S(
        "openai_api_key",
        "chat (en), troubleshooting a 401",
        f"I keep getting 401 Unauthorized from the OpenAI API even though I'm passing my key {k} - did they change the auth header or something?",
        k,
    )
    k = openai_proj()
    S(
        "openai_api_key",
        "pasted Python snippet (en)",
        f'why does this hang forever?\n\nfrom openai import OpenAI\nclient = OpenAI(api_key="{k}")\nresp = client.chat.completions.create(model="gpt-4o-mini", messages=[{{"role": "user", "content": "hi"}}])\nprint(resp)',
        k,
    )
    k = openai_proj()
    S(
        "openai_api_key",
        "chat (es), invalid key error",
        f"¿Por qué me sale 'Incorrect API key provided'? Copié la clave tal cual: {k}",
        k,
    )
    k = openai_proj()
    S(
        "openai_api_key",
        "pasted .env (de)",
        f"Hier meine .env, das Skript findet den Key trotzdem nicht:\n\nOPENAI_API_KEY={k}\nOPENAI_MODEL=gpt-4o\nLOG_LEVEL=debug",
        k,
    )
    k = openai_proj()
    S(
        "openai_api_key",
        "chat (ja), key not working",
        f"APIキーを設定したのに動きません。キーは {k} です。何が悪いですか？",
        k,
    )
    k = openai_legacy()
    S(
        "openai_api_key",
        "chat (en), old key from notes",
        f"found an old key in my notes from 2023, does this format still work or do I need a new one? {k}",
        k,
    )
    k = "sk-svcacct-" + rs(B64U, 74) + "T3BlbkFJ" + rs(B64U, 74)
    S(
        "openai_api_key",
        "pasted curl command (pt)",
        f'alguém sabe por que dá 429 logo na primeira chamada?\ncurl https://api.openai.com/v1/models -H "Authorization: Bearer {k}"',
        k,
    )
    k = anthropic_key()
    S(
        "anthropic_api_key",
        "chat (en), CLI auth problem",
        f"set ANTHROPIC_API_KEY to {k} in my zshrc but the CLI still says invalid x-api-key. restarted terminal already",
        k,
    )
    k = anthropic_key()
    S(
        "anthropic_api_key",
        "chat (fr), config question",
        f"Voici ma config : ANTHROPIC_API_KEY={k} — pourquoi ça ne marche pas dans Docker ?",
        k,
    )
    k = anthropic_key()
    S(
        "anthropic_api_key",
        "chat (zh), key suddenly invalid",
        f"我的 Anthropic 密钥 {k} 突然失效了，是被封了吗？",
        k,
    )
    k = "sk-or-v1-" + rs(HX, 64)
    S(
        "openrouter_api_key",
        "chat (en), SillyTavern setup",
        f"I'm using SillyTavern with OpenRouter, pasted my key {k} into the API connections tab but it says 'no endpoints found'. what am I doing wrong",
        k,
    )
    k = "sk-or-v1-" + rs(HX, 64)
    S(
        "openrouter_api_key",
        "chat (es), credits question",
        f"oye, ¿esta key de openrouter tiene créditos todavía? {k} es que no sé cómo mirarlo",
        k,
    )
    k = "sk-or-v1-" + rs(HX, 64)
    S(
        "openrouter_api_key",
        "chat (ru), proxy config",
        f"Настраиваю прокси для таверны, ключ OpenRouter: {k}. Куда его вставлять?",
        k,
    )
    k = "sk-" + rs(HX, 32)
    S(
        "deepseek_api_key",
        "chat (zh), DeepSeek key",
        f"DeepSeek 的 key 是 {k}，用 openai 的 SDK 调用要改 base_url 吗？",
        k,
    )

    # ---- code hosting ----
    k = ghp()
    S(
        "github_token",
        "chat (en), git push auth",
        f"git push asks for a password, so I pasted my token {k} and it still says 403 Permission denied. the repo is mine",
        k,
    )
    k = ghp()
    S(
        "github_token",
        "pasted git remote config",
        f'[remote "origin"]\n\turl = https://{k}@github.com/nightowl-labs/discord-bot.git\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n\nwhy does fetch still prompt me?',
        k,
    )
    k = "github_pat_" + rs(AN, 22) + "_" + rs(AN, 59)
    S(
        "github_token",
        "chat (de), fine-grained PAT",
        f"Ich habe einen fine-grained Token erstellt ({k}), aber die Actions-API gibt 404 zurück. Welche Berechtigung fehlt?",
        k,
    )
    k = "gho_" + rs(AN, 36)
    S(
        "github_token",
        "pasted gh hosts.yml",
        f"my gh cli is stuck on the wrong account, here's ~/.config/gh/hosts.yml:\n\ngithub.com:\n    oauth_token: {k}\n    git_protocol: https",
        k,
    )
    k = ghp()
    S(
        "github_token",
        "chat (ko), token scopes",
        f"깃허브 토큰 {k} 이거 어떤 권한 줘야 private 레포 클론돼요?",
        k,
    )
    k = "ghs_" + rs(AN, 36)
    S(
        "github_token",
        "pasted CI log",
        f"Run git clone https://x-access-token:{k}@github.com/tiny-forge/api.git\nCloning into 'api'...\nfatal: could not read Username: terminal prompts disabled\nError: Process completed with exit code 128.",
        k,
    )
    k = "glpat-" + rs(B64U, 20)
    S(
        "gitlab_token",
        "chat (en), GitLab CI",
        f"gitlab runner can't pull the submodule. I put CI_JOB_TOKEN in and also tried my personal token {k}, same error",
        k,
    )
    k = "glpat-" + rs(B64U, 20)
    S(
        "gitlab_token",
        "chat (nl), GitLab token",
        f"Mijn GitLab-token is {k}, moet ik die in .gitconfig zetten of in de remote URL?",
        k,
    )

    # ---- cloud ----
    a, s = aws_pair()
    S(
        "aws_credentials",
        "pasted ~/.aws/credentials",
        f"[default]\naws_access_key_id = {a}\naws_secret_access_key = {s}\nregion = eu-central-1\n\nis this file format right? aws s3 ls says InvalidAccessKeyId",
        a,
        s,
    )
    a, s = aws_pair()
    S(
        "aws_credentials",
        "chat (en), boto3 signature error",
        f"boto3 throws SignatureDoesNotMatch. key id is {a} and secret is {s}. i copied them from the IAM console yesterday",
        a,
        s,
    )
    a, s = aws_pair()
    S(
        "aws_credentials",
        "chat (it), keys in message",
        f"Le mie chiavi AWS sono {a} / {s}, come le configuro per Terraform senza metterle nel codice?",
        a,
        s,
    )
    a = "ASIA" + rs(B32, 16)
    s = rs(AN + "+/", 40)
    tok = "IQoJb3JpZ2luX2VjE" + rs(AN + "+/", 300)
    S(
        "aws_credentials",
        "pasted STS export lines",
        f"export AWS_ACCESS_KEY_ID={a}\nexport AWS_SECRET_ACCESS_KEY={s}\nexport AWS_SESSION_TOKEN={tok}\n\nthese expire after an hour right?",
        a,
        s,
        tok,
    )
    a, s = aws_pair()
    S(
        "aws_credentials",
        "pasted docker run command",
        f"docker run -e AWS_ACCESS_KEY_ID={a} -e AWS_SECRET_ACCESS_KEY={s} -p 8080:8080 my-uploader:latest\n\nthe container can't see the bucket, any idea?",
        a,
        s,
    )
    k = google_key()
    S(
        "google_api_key",
        "chat (en), Maps watermark",
        f"my Google Maps embed says 'for development purposes only'. the key is {k}, billing is enabled I think",
        k,
    )
    k = google_key()
    S(
        "google_api_key",
        "chat (hi), Gemini key",
        f"मेरी Gemini API key {k} काम नहीं कर रही, 'API key not valid' error आ रहा है",
        k,
    )
    k = google_key()
    S(
        "google_api_key",
        "pasted .env (es)",
        f"GEMINI_API_KEY={k}\nMODEL=gemini-1.5-flash\n\nasí está bien mi archivo .env?",
        k,
    )
    k = "GOCSPX-" + rs(B64U, 28)
    cid = f"{nz(12)}-{rs(LO + DG, 32)}.apps.googleusercontent.com"
    S(
        "google_oauth_client_secret",
        "pasted client_secret.json",
        f'{{"installed":{{"client_id":"{cid}","project_id":"calendar-sync-4821","auth_uri":"https://accounts.google.com/o/oauth2/auth","token_uri":"https://oauth2.googleapis.com/token","client_secret":"{k}","redirect_uris":["http://localhost"]}}}}\n\nwhere do I put this file for the quickstart?',
        k,
    )
    k = "1//0" + rs(B64U, 99)
    S(
        "google_refresh_token",
        "chat (en), refresh token",
        f"got a refresh token from the OAuth playground: {k} - how long does it stay valid?",
        k,
    )
    k = "ya29.a0" + rs(B64U, 160)
    S(
        "google_access_token",
        "pasted curl with bearer",
        f'curl -H "Authorization: Bearer {k}" https://www.googleapis.com/drive/v3/files\n→ 401 invalid_credentials. token is brand new',
        k,
    )
    k = f"xoxb-{nz(12)}-{nz(13)}-{rs(AN, 24)}"
    S(
        "slack_bot_token",
        "chat (en), Slack bot",
        f"slack bot posts fine in #general but not in private channels. token {k}, scopes chat:write and channels:read",
        k,
    )
    hook = rs(AN, 24)
    S(
        "slack_webhook",
        "pasted curl to Slack webhook",
        f"curl -X POST -H 'Content-type: application/json' --data '{{\"text\":\"deploy done\"}}' https://hooks.slack.com/services/T{rs(UP + DG, 8)}/B{rs(UP + DG, 10)}/{hook}\n\nreturns invalid_payload??",
        hook,
    )
    k = f"xoxp-{nz(12)}-{nz(12)}-{nz(13)}-{rs(HX, 32)}"
    S(
        "slack_user_token",
        "chat (de), Slack user token",
        f"Kann ich mit meinem User-Token {k} Nachrichten als ich selbst schicken?",
        k,
    )
    k = "sk_live_51" + rs(AN, 97)
    S(
        "stripe_secret_key",
        "chat (en), Stripe live key",
        f"switched from test to live and now every charge fails. my secret key is {k}, publishable key is set on the frontend",
        k,
    )
    k = "whsec_" + rs(AN, 32)
    S(
        "stripe_webhook_secret",
        "pasted Node snippet",
        f"const endpointSecret = '{k}';\nconst event = stripe.webhooks.constructEvent(req.body, sig, endpointSecret);\n// No signatures found matching the expected signature for payload",
        k,
    )
    k = "rk_live_51" + rs(AN, 97)
    S(
        "stripe_restricted_key",
        "chat (fr), restricted key",
        f"J'ai créé une clé restreinte {k} pour mon comptable, elle peut voir les remboursements ?",
        k,
    )
    k = rs(HX, 32)
    S(
        "twilio_auth_token",
        "pasted .env",
        f"TWILIO_AUTH_TOKEN={k}\nTWILIO_FROM=+1XXXXXXXXXX\n\nsms sending returns 20003 authenticate error",
        k,
    )
    k = "SG." + rs(B64U, 22) + "." + rs(B64U, 43)
    S(
        "sendgrid_api_key",
        "chat (en), SendGrid 403",
        f"sendgrid returns 403 'The from address does not match a verified Sender Identity'. api key {k}",
        k,
    )
    k = "SG." + rs(B64U, 22) + "." + rs(B64U, 43)
    S(
        "sendgrid_api_key",
        "pasted PHP config (pt)",
        f"$mail->Password = '{k}'; // sendgrid\n$mail->Username = 'apikey';\n\nnão envia nada, o que tá errado?",
        k,
    )
    k = "key-" + rs(HX, 32)
    S(
        "mailgun_api_key",
        "chat (en), Mailgun",
        f"mailgun sandbox only sends to authorized recipients? using {k} with the EU endpoint",
        k,
    )

    # ---- chat platforms / bots ----
    k = discord_token()
    S(
        "discord_bot_token",
        "pasted discord.py snippet",
        f"import discord\nclient = discord.Client(intents=discord.Intents.default())\nclient.run('{k}')\n\n# privileged intents error, help",
        k,
    )
    hook = rs(B64U, 68)
    S(
        "discord_webhook",
        "chat (en), Discord webhook",
        f"my webhook stopped working: https://discord.com/api/webhooks/{snowflake()}/{hook} - does discord delete them if unused?",
        hook,
    )
    k = discord_token()
    S(
        "discord_user_token",
        "chat (es), user token",
        f"cómo saco mi token de discord? en la consola me salió esto: {k} ¿es ese?",
        k,
    )
    k = discord_token()
    S(
        "discord_bot_token",
        "chat (tr), bot token",
        f"Discord botumun tokeni {k}, bot çevrimiçi oluyor ama komutlara cevap vermiyor",
        k,
    )
    k = telegram_token()
    S(
        "telegram_bot_token",
        "chat (en), Telegram bot",
        f"telegram bot doesn't get messages in groups. token is {k}, privacy mode is on I think",
        k,
    )
    k = telegram_token()
    S(
        "telegram_bot_token",
        "chat (ru), Telegram bot",
        f"Бот в телеге не отвечает. Токен {k}, webhook ставил через setWebhook",
        k,
    )
    k = telegram_token()
    S(
        "telegram_bot_token",
        "chat (id), Telegram bot",
        f"token bot telegram saya {k}, gimana caranya biar bisa kirim pesan otomatis tiap pagi?",
        k,
    )

    # ---- dev platforms ----
    k = "hf_" + rs(UP + LO, 34)
    S(
        "huggingface_token",
        "chat (en), gated model download",
        f"trying to download a gated llama model, accepted the license, logged in with {k} but still 401",
        k,
    )
    k = "hf_" + rs(UP + LO, 34)
    S(
        "huggingface_token",
        "chat (fr), HF token",
        f"Mon token Hugging Face c'est {k}, il faut qu'il soit en 'write' pour push un modèle ?",
        k,
    )
    k = "hf_" + rs(UP + LO, 34)
    S(
        "huggingface_token",
        "chat (ko), HF token",
        f"허깅페이스 토큰 {k} 넣었는데 코랩에서 계속 로그인하래요",
        k,
    )
    k = "npm_" + rs(AN, 36)
    S(
        "npm_token",
        "pasted .npmrc",
        f"//registry.npmjs.org/:_authToken={k}\n\nnpm publish says 'You must be logged in to publish packages'",
        k,
    )
    k = "pypi-AgEIcHlwaS5vcmc" + rs(B64U, 160)
    S(
        "pypi_token",
        "pasted .pypirc",
        f"[pypi]\n  username = __token__\n  password = {k}\n\ntwine upload gives 403 Invalid or non-existent authentication information",
        k,
    )
    k = "dckr_pat_" + rs(B64U, 27)
    S(
        "docker_pat",
        "chat (en), Docker Hub login",
        f"docker login -u myteam -p {k} works locally but fails in github actions with 'unauthorized: incorrect username or password'",
        k,
    )
    k = "shpat_" + rs(HX, 32)
    S(
        "shopify_token",
        "chat (en), Shopify admin API",
        f"shopify admin api returns 403 on /orders.json, access token {k}, app has read_products",
        k,
    )
    k = "dop_v1_" + rs(HX, 64)
    S(
        "digitalocean_token",
        "pasted terraform vars",
        f'do_token = "{k}"\nregion   = "fra1"\n\nterraform plan hangs on the droplet resource',
        k,
    )
    k = "ntn_" + rs(AN, 46)
    S(
        "notion_token",
        "chat (pt), Notion integration",
        f"minha integração do Notion não acha a database, token {k}. já compartilhei a página?",
        k,
    )
    k = "pat" + rs(AN, 14) + "." + rs(HX, 64)
    S(
        "airtable_pat",
        "chat (en), Airtable",
        f"airtable API returns NOT_FOUND for my base. personal access token {k}",
        k,
    )
    k = "lin_api_" + rs(AN, 40)
    S(
        "linear_api_key",
        "pasted GraphQL request",
        f"POST https://api.linear.app/graphql\nAuthorization: {k}\n\n{{ viewer {{ id name }} }}\n\nreturns 400, why",
        k,
    )
    k = "gsk_" + rs(AN, 52)
    S(
        "groq_api_key",
        "chat (en), Groq in a frontend",
        f"using groq for my character bot, key {k}, responses are super fast but cut off after 1024 tokens",
        k,
    )
    k = "r8_" + rs(AN, 37)
    S(
        "replicate_token",
        "chat (it), Replicate",
        f"REPLICATE_API_TOKEN={k} — devo pagare subito o ci sono crediti gratis?",
        k,
    )
    k = "NRAK-" + rs(UP + DG, 27)
    S(
        "newrelic_key",
        "chat (en), New Relic",
        f"new relic user key {k} - does it go in newrelic.ini or the env var NEW_RELIC_LICENSE_KEY?",
        k,
    )
    k = "PMAK-" + rs(HX, 24) + "-" + rs(HX, 34)
    S(
        "postman_api_key",
        "chat (es), Postman",
        f"Tengo esta API key de Postman {k}, ¿sirve para correr colecciones desde Newman?",
        k,
    )
    k = rs(B64U, 40)
    S(
        "cloudflare_api_token",
        "pasted .env",
        f"CLOUDFLARE_API_TOKEN={k}\nCF_ZONE=blog\n\nwrangler deploy says Authentication error [code: 10000]",
        k,
    )
    a, b = rs(HX, 32), rs(HX, 40)
    S(
        "datadog_keys",
        "pasted datadog.yaml fragment",
        f"api_key: {a}\napp_key: {b}\nsite: datadoghq.eu\n\nagent status shows API key invalid",
        a,
        b,
    )
    k = "ATATT3xFfGF0" + rs(B64U, 170) + "=" + rs("0123456789ABCDEF", 8)
    S(
        "atlassian_api_token",
        "chat (en), Jira API",
        f"jira rest api basic auth with my email and this token {k} gives 401, what's the right header format?",
        k,
    )
    k = rs(AN, 24)
    S(
        "vercel_token",
        "pasted GitHub Actions step",
        f"- run: npx vercel --prod --token={k}\n\nError: The specified token is not valid",
        k,
    )
    k = rs(B64, 86) + "=="
    S(
        "azure_storage_key",
        "pasted connection string",
        f"DefaultEndpointsProtocol=https;AccountName=stphotos{dg(4)};AccountKey={k};EndpointSuffix=core.windows.net\n\nBlobServiceClient says AuthorizationFailure",
        k,
    )
    k = rs(HX, 32)
    S(
        "azure_openai_key",
        "chat (de), Azure OpenAI",
        f"Azure OpenAI antwortet mit 401. api-key: {k}, Endpoint ist westeurope, Deployment heißt gpt4o",
        k,
    )
    k = "AAAA" + rs(B64U, 7) + ":APA91b" + rs(B64U, 134)
    S(
        "fcm_server_key",
        "chat (en), FCM legacy key",
        f"push notifications stopped. legacy server key {k} - is the legacy API really dead?",
        k,
    )
    a = rs(HX, 32)
    S(
        "spotify_client_secret",
        "chat (en), Spotify API",
        f"spotify web api: client id is fine, client secret {a}, but token endpoint says invalid_client",
        a,
    )
    k = "oauth:" + rs(LO + DG, 30)
    S(
        "twitch_oauth_token",
        "pasted IRC bot config",
        f"NICK=lofi_bot\nPASS={k}\nCHANNEL=#lofistream\n\nbot joins but can't talk",
        k,
    )
    k = "2" + rs(AN, 26) + "_" + rs(AN, 21)
    S(
        "ngrok_authtoken",
        "chat (en), ngrok",
        f"ngrok config add-authtoken {k} says success but tunnels still show 'ERR_NGROK_4018'",
        k,
    )
    k = rs(HX, 48)
    S(
        "jupyter_token",
        "chat (en), Jupyter URL",
        f"jupyter opened http://127.0.0.1:8888/lab?token={k} but my friend can't connect from his laptop",
        k,
    )
    k = rs("0123456789ABCDEF", 32)
    S(
        "steam_api_key",
        "chat (pl), Steam Web API",
        f"Mój klucz Steam Web API to {k}, czemu GetOwnedGames zwraca pustą listę?",
        k,
    )

    # ---- JWTs / sessions ----
    k = jwt({"sub": nz(6), "role": "user", "iat": ts(), "exp": ts() + 86400})
    S(
        "jwt",
        "pasted curl with bearer JWT",
        f'curl -X GET https://api.myshop-backend.io/v1/orders -H "Authorization: Bearer {k}"\n→ {{"error":"jwt expired"}} but I literally just logged in',
        k,
    )
    ref = rs(LO, 20)
    k = jwt(
        {"iss": "supabase", "ref": ref, "role": "service_role", "iat": ts(), "exp": 2_058_000_000},
        sig_len=32,
    )
    S(
        "supabase_service_key",
        "pasted .env.local",
        f"NEXT_PUBLIC_SUPABASE_URL=https://{ref}.supabase.co\nSUPABASE_SERVICE_ROLE_KEY={k}\n\nis it fine to use the service role key in the browser? RLS is annoying",
        k,
    )
    k = jwt({"user_id": R.randint(10_000, 999_999), "device": "android", "iat": ts()})
    S(
        "jwt",
        "chat (es), decode a token",
        f"el token que me devuelve el login es {k} ¿cómo veo qué tiene dentro?",
        k,
    )
    k = jwt(
        {"sub": rs(HX, 24), "scope": "read write", "iat": ts(), "exp": ts() + 3600},
        alg="RS256",
        sig_len=256,
    )
    S(
        "jwt",
        "chat (ru), token in header",
        f"Почему бэкенд отвечает invalid signature? Отправляю Authorization: Bearer {k}",
        k,
    )
    k = (
        "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0.."
        + rs(B64U, 16)
        + "."
        + rs(B64U, 320)
        + "."
        + rs(B64U, 22)
    )
    S(
        "session_cookie",
        "pasted Cookie header (NextAuth)",
        f"Cookie: __Secure-next-auth.session-token={k}; __Host-next-auth.csrf-token=see-above\n\nthe session is null on the server side, cookie is clearly there",
        k,
    )
    k = rs(LO + DG, 32)
    S(
        "session_cookie",
        "chat (en), Django session",
        f"if I copy sessionid={k} into another browser I'm logged in as myself there too, is that a security hole?",
        k,
    )
    sig = urllib.parse.quote(rs(B64, 43), safe="")
    k = "s%3A" + rs(B64U, 32) + "." + sig
    S(
        "session_cookie",
        "pasted Express cookie (en)",
        f"Set-Cookie: connect.sid={k}; Path=/; HttpOnly\n\nwhy does my express-session cookie change on every request?",
        k,
    )
    k = rs(LO + DG, 26)
    S(
        "session_cookie",
        "chat (fr), PHP session",
        f"Mon PHPSESSID={k} reste le même après déconnexion, c'est normal ?",
        k,
    )
    k = rs("0123456789ABCDEF", 320)
    S(
        "session_cookie",
        "chat (en), Roblox cookie",
        f"a guy on discord said he can give me free robux if I send him my .ROBLOSECURITY cookie. this is it: _|WARNING:-DO-NOT-SHARE-THIS.--Sharing-this-will-allow-someone-to-log-in-as-you-and-to-steal-your-ROBUX-and-items.|_{k} should I send it?",
        k,
    )
    k = f"{dg(11)}%3A{rs(AN, 14)}%3A{dg(2)}%3A{rs(B64U, 60)}"
    S(
        "session_cookie",
        "chat (pt), Instagram session",
        f"um app de seguidores pediu meu sessionid do instagram, o meu é {k}. é seguro?",
        k,
    )

    # ---- private keys ----
    der = bytes.fromhex("308204a40201000282010100") + rbytes(1180)
    body = "\n".join(wrap(base64.b64encode(der).decode()))
    S(
        "private_key_rsa",
        "pasted RSA key (en)",
        f"ssh says 'Load key \"id_rsa\": invalid format'. here's the key:\n-----BEGIN RSA PRIVATE KEY-----\n{body}\n-----END RSA PRIVATE KEY-----",
        body,
    )
    der = bytes.fromhex(
        "308204bd020100300d06092a864886f70d0101010500048204a7308204a30201000282010100"
    ) + rbytes(300)
    body = "\n".join(wrap(base64.b64encode(der).decode())[:6])
    S(
        "private_key_pkcs8",
        "pasted truncated key (de)",
        f"Ist das der richtige Anfang für einen PKCS#8-Key? Nginx meckert:\n-----BEGIN PRIVATE KEY-----\n{body}\n... (Rest abgeschnitten)",
        body,
    )

    def sshstr(b: bytes) -> bytes:
        return struct.pack(">I", len(b)) + b

    pub, priv, chk = rbytes(32), rbytes(32), rbytes(4)
    sec = (
        chk
        + chk
        + sshstr(b"ssh-ed25519")
        + sshstr(pub)
        + sshstr(priv + pub)
        + sshstr(b"deploy@vps-fra1")
    )
    sec += bytes(range(1, 1 + (-len(sec) % 8)))
    blob = (
        b"openssh-key-v1\0"
        + sshstr(b"none")
        + sshstr(b"none")
        + sshstr(b"")
        + struct.pack(">I", 1)
        + sshstr(sshstr(b"ssh-ed25519") + sshstr(pub))
        + sshstr(sec)
    )
    body = "\n".join(wrap(base64.b64encode(blob).decode(), 70))
    S(
        "private_key_openssh",
        "pasted OpenSSH key (en)",
        f"permissions are 600 but ssh still ignores my key, is it corrupted?\n\n-----BEGIN OPENSSH PRIVATE KEY-----\n{body}\n-----END OPENSSH PRIVATE KEY-----",
        body,
    )
    der = (
        bytes.fromhex("30770201010420")
        + rbytes(32)
        + bytes.fromhex("a00a06082a8648ce3d030107a144034200")
        + b"\x04"
        + rbytes(64)
    )
    body = "\n".join(wrap(base64.b64encode(der).decode()))
    S(
        "private_key_ec",
        "pasted EC key (ja)",
        f"このECキーで JWT に署名したいです。形式は合っていますか？\n-----BEGIN EC PRIVATE KEY-----\n{body}\n-----END EC PRIVATE KEY-----",
        body,
    )
    kid = rs(HX, 40)
    der = bytes.fromhex(
        "308204be020100300d06092a864886f70d0101010500048204a8308204a40201000282010100"
    ) + rbytes(360)
    body = "\\n".join(wrap(base64.b64encode(der).decode()))
    S(
        "gcp_service_account_key",
        "pasted service-account JSON",
        f'{{\n  "type": "service_account",\n  "project_id": "photo-sorter-{dg(6)}",\n  "private_key_id": "{kid}",\n  "private_key": "-----BEGIN PRIVATE KEY-----\\n{body}\\n-----END PRIVATE KEY-----\\n",\n  "client_email": "uploader@photo-sorter.iam.gserviceaccount.com",\n  "token_uri": "https://oauth2.googleapis.com/token"\n}}\nGoogle says invalid_grant: Invalid JWT Signature',
        kid,
        body,
    )

    # ---- connection strings ----
    pw = random_pw(18)
    S(
        "db_connection_string",
        "pasted error + DATABASE_URL (en)",
        f'DATABASE_URL=postgresql://shop_app:{pw}@shop-prod.c{rs(LO + DG, 10)}.eu-central-1.rds.amazonaws.com:5432/shop\n\npsql: error: FATAL: password authentication failed for user "shop_app"',
        pw,
    )
    pw = human_pw()
    S(
        "db_connection_string",
        "chat (es), MongoDB Atlas",
        f"No me conecta a Atlas: mongodb+srv://admin:{pw}@cluster0.{rs(LO + DG, 5)}.mongodb.net/?retryWrites=true&w=majority ¿tengo que poner mi IP en la whitelist?",
        pw,
    )
    pw = human_pw()
    S(
        "db_password_cli",
        "chat (de), mysql CLI",
        f"Wenn ich mysql -h 10.0.3.12 -u root -p{pw} eingebe, kommt Access denied. Das Passwort stimmt aber!",
        pw,
    )
    pw = random_pw(24)
    S(
        "db_connection_string",
        "pasted Python (en)",
        f'r = redis.Redis.from_url("rediss://default:{pw}@redis-{R.randint(10000, 19999)}.c{R.randint(100, 999)}.eu-west-1-2.ec2.redns.redis-cloud.com:{R.randint(10000, 19999)}")\n# ConnectionError: Error 104 connecting',
        pw,
    )
    pw = human_pw()
    S(
        "db_connection_string",
        "pasted .NET config (fr)",
        f'"ConnectionStrings": {{ "Default": "Server=sql-compta.local;Database=Compta;User Id=sa;Password={pw};TrustServerCertificate=True" }}\n\nErreur : Login failed for user \'sa\'',
        pw,
    )
    pw = human_pw()
    S(
        "db_connection_string",
        "pasted JDBC url (pt)",
        f"jdbc:sqlserver://192.168.10.20:1433;databaseName=ERP;user=erp_user;password={pw};encrypt=false\n\no spring não sobe, diz timeout",
        pw,
    )
    pw = human_pw()
    S(
        "db_connection_string",
        "chat (it), RabbitMQ",
        f"Celery non si connette a amqps://worker:{pw}@rabbit.internal.lan:5671/prod, il certificato è self-signed",
        pw,
    )

    # ---- passwords in prose ----
    prose = [
        (
            "chat (en), asking if strong",
            "Is {p} a strong enough password for my bank account? I've used it for like 5 years",
        ),
        (
            "chat (en), login failing",
            "my password is {p} but the app keeps saying incorrect. caps lock is off, I checked",
        ),
        (
            "chat (en), message drafting",
            "write a text to my brother telling him the new netflix password is {p} and not to share it with his roommates",
        ),
        (
            "chat (en), after a change",
            "I changed my Instagram password to {p} after the hack, is that secure enough now?",
        ),
        (
            "chat (en), shared drive",
            "hey so the login for the shared drive is admin / {p} — can you format that into a short note for the team?",
        ),
        ("chat (en), rating", "rate my password out of 10: {p}"),
        (
            "chat (en), persona memory",
            "Remember this for me, ok? My laptop login is {p}. Remind me if I ask later.",
        ),
        (
            "chat (en), shared account",
            "my gf and i share a spotify account, the pass is {p}, how do we stop it logging her out",
        ),
        (
            "chat (en), email to IT",
            "Draft an email to IT: I can't log into the VPN, my current password is {p} and it expired yesterday.",
        ),
        ("chat (en), reuse worry", "I use {p} for basically everything. should I be worried?"),
        (
            "chat (en), game account",
            "some guy in Fortnite asked for my login to 'check my skins', I gave him my email and {p} — what now??",
        ),
        ("chat (es), email login", "Mi contraseña del correo es {p} y no puedo entrar, ¿qué hago?"),
        ("chat (es), asking if safe", "¿Es segura la contraseña {p}? La uso para el banco"),
        (
            "chat (de), online banking",
            "Mein Passwort fürs Online-Banking ist {p}, ist das sicher genug?",
        ),
        (
            "chat (de), persona memory",
            "Merk dir bitte: das Passwort für meinen Steam-Account ist {p}",
        ),
        (
            "chat (fr), stronger password",
            "Mon mot de passe c'est {p}, tu peux m'aider à en trouver un plus sûr ?",
        ),
        (
            "chat (pt), hacked account",
            "minha senha do instagram era {p}, alguém invadiu e trocou o email, como recupero?",
        ),
        (
            "chat (it), persona memory",
            "La password del mio account PayPal è {p}, me la ricordi tu se la dimentico?",
        ),
        ("chat (ja), asking if safe", "パスワードは「{p}」です。これって安全ですか？"),
        ("chat (zh), cannot log in", "我的邮箱密码是 {p}，但是登录不上，怎么办？"),
        ("chat (ko), too simple?", "제 비밀번호가 {p} 인데 너무 쉬운가요?"),
        (
            "chat (ru), hacked?",
            "Мой пароль от ВКонтакте {p}, меня взломали? Пишут сообщения от моего имени",
        ),
        ("chat (tr), login", "Şifrem {p} ama e-Devlet'e giriş yapamıyorum, ne yapmalıyım?"),
        ("chat (ar), strength", "كلمة المرور الخاصة بي هي {p} هل هي قوية بما يكفي؟"),
        ("chat (hi), safety", "मेरा जीमेल पासवर्ड {p} है, क्या यह सुरक्षित है?"),
        ("chat (pl), bank", "Moje hasło do banku to {p}, czy jest wystarczająco silne?"),
        (
            "chat (nl), improve",
            "Mijn wachtwoord is {p}, kun je een sterkere variant bedenken die ik kan onthouden?",
        ),
        ("chat (id), cannot log in", "Password akun Shopee saya {p}, kok nggak bisa login ya?"),
        ("chat (vi), safety", "Mật khẩu Facebook của tôi là {p}, có an toàn không?"),
        (
            "chat (uk), changed",
            "Я змінила пароль на {p}, але Google все одно просить підтвердження",
        ),
    ]
    for ctx, tpl in prose:
        p = human_pw()
        S("password", ctx, tpl.format(p=p), p)
    p = "-".join(R.choice(BIP39) for _ in range(4)) + dg(2)
    S(
        "passphrase",
        "chat (en), passphrase",
        f"my password manager master passphrase is {p} - is a 4-word phrase enough or should I add more?",
        p,
    )
    p = random_pw(14)
    S(
        "passphrase",
        "chat (en), SSH key passphrase",
        f"ssh-add keeps asking for the passphrase, I type {p} and it says bad passphrase. did I set a different one?",
        p,
    )

    # ---- passwords in configs ----
    pw = human_pw()
    S(
        "password_in_config",
        "pasted docker-compose.yml",
        f"services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_USER: nextcloud\n      POSTGRES_PASSWORD: {pw}\n    volumes:\n      - ./data:/var/lib/postgresql/data\n\nnextcloud says can't connect to db",
        pw,
    )
    pw = random_pw(16)
    S(
        "password_in_config",
        "pasted wp-config.php (es)",
        f"define( 'DB_NAME', 'wp_tienda' );\ndefine( 'DB_USER', 'wp_admin' );\ndefine( 'DB_PASSWORD', '{pw}' );\ndefine( 'DB_HOST', 'localhost' );\n\nError al establecer la conexión con la base de datos, ¿qué reviso?",
        pw,
    )
    pw = human_pw()
    S(
        "password_in_config",
        "pasted application.properties (de)",
        f"spring.datasource.url=jdbc:postgresql://localhost:5432/lager\nspring.datasource.username=lager\nspring.datasource.password={pw}\n\nWarum startet Hikari nicht?",
        pw,
    )
    plain = human_pw()
    enc = base64.b64encode(plain.encode()).decode()
    S(
        "password_in_config",
        "pasted Kubernetes Secret",
        f"apiVersion: v1\nkind: Secret\nmetadata:\n  name: db-creds\ntype: Opaque\ndata:\n  username: {base64.b64encode(b'app').decode()}\n  password: {enc}\n\nis base64 enough protection if the repo is private?",
        enc,
    )
    pw = random_pw(20)
    S(
        "password_in_config",
        "pasted .pgpass line",
        f"added this to ~/.pgpass but psql still prompts:\nlocalhost:5432:analytics:reporting:{pw}",
        pw,
    )
    pw = human_pw()
    S(
        "password_in_config",
        "pasted router config (en)",
        f"username admin privilege 15 secret 0 {pw}\nline vty 0 4\n login local\n\nswitch rejects my ssh login, what's wrong with this config?",
        pw,
    )
    pw = rs(LO, 16)
    pw_sp = " ".join(wrap(pw, 4))
    S(
        "app_password",
        "pasted Django settings (pt)",
        f"EMAIL_HOST = 'smtp.gmail.com'\nEMAIL_PORT = 587\nEMAIL_HOST_PASSWORD = '{pw_sp}'\nEMAIL_USE_TLS = True\n\no gmail bloqueia mesmo com senha de app, por quê?",
        pw_sp,
    )
    pw = human_pw()
    S(
        "password_in_config",
        "pasted Home Assistant secrets.yaml",
        f"mqtt_password: {pw}\nlatitude_home: !secret lat\n\nthe mosquitto add-on log says 'not authorised'",
        pw,
    )

    # ---- Wi-Fi ----
    wifi = [
        (
            "chat (en), guest sharing",
            "what's a nice way to share my wifi with guests? network is {s} and the password is {p}",
            "TP-Link_5G_82C1",
        ),
        (
            "chat (de), WLAN note",
            "Kannst du mir einen Zettel für Gäste schreiben? WLAN: {s}, Passwort: {p}",
            "FRITZ!Box 7590 KQ",
        ),
        (
            "chat (fr), box code",
            "le code wifi de la box c'est {p} mais la télé se connecte pas au réseau {s}",
            "Livebox-4A2C",
        ),
        (
            "chat (es), clave wifi",
            "La clave del wifi de casa es {p}, ¿cómo la cambio desde el router?",
            "MOVISTAR_9F31",
        ),
        (
            "chat (ja), Wi-Fi",
            "Wi-Fiのパスワードは {p} です。ネットワーク名は {s} です。",
            "Buffalo-G-3E70",
        ),
        ("chat (ar), Wi-Fi", "كلمة سر الواي فاي عندي {p} كيف أغيرها؟", "STC_WiFi_4719"),
    ]
    for ctx, tpl, ssid in wifi:
        p = human_pw() if R.random() < 0.6 else rs(AN, 16)
        S("wifi_password", ctx, tpl.format(s=ssid, p=p), p)
    p = rs(AN, 12)
    S(
        "wifi_password",
        "pasted wpa_supplicant.conf",
        f'network={{\n    ssid="HomeNet-Upstairs"\n    psk="{p}"\n    key_mgmt=WPA-PSK\n}}\n\npi zero won\'t join, is the file right?',
        p,
    )
    p = human_pw()
    S(
        "wifi_password",
        "pasted Wi-Fi QR payload",
        f"generate a QR code for this so guests can scan it: WIFI:T:WPA;S:Nook_Guest;P:{p};;",
        p,
    )

    # ---- 2FA / recovery ----
    c = dg(6)
    S(
        "otp_code",
        "chat (en), unexpected login code",
        f"Instagram just texted me a login code {c} but I didn't try to log in. someone messaged me asking to 'forward it by mistake'. what do I do",
        c,
    )
    c = dg(6)
    S(
        "otp_code",
        "chat (pt), bank SMS code",
        f"o atendente do banco ligou e pediu o código que chegou por SMS, é {c}. posso passar pra ele?",
        c,
    )
    c = f"{dg(3)}-{dg(3)}"
    S(
        "otp_code",
        "chat (es), WhatsApp code",
        f"me llegó un código de WhatsApp {c} y un contacto me pide que se lo reenvíe, ¿es estafa?",
        c,
    )
    codes = [f"{rs(HX, 5)}-{rs(HX, 5)}" for _ in range(8)]
    S(
        "recovery_codes",
        "pasted GitHub recovery codes",
        "where should I store these? github gave me:\n" + "\n".join(codes),
        *codes,
    )
    codes = [f"{dg(4)} {dg(4)}" for _ in range(5)]
    S(
        "recovery_codes",
        "chat (de), Google backup codes",
        "Das sind meine Google-Backup-Codes: "
        + ", ".join(codes)
        + ". Reicht es, die auszudrucken?",
        *codes,
    )
    sec = rs(B32, 32)
    em = f"jonas.wirtz{dg(2)}@gmail.com"
    S(
        "totp_secret",
        "pasted otpauth URI",
        f"my authenticator app died, I have the setup link saved: otpauth://totp/Binance:{em}?secret={sec}&issuer=Binance - can I re-add it?",
        sec,
        em,
    )
    sec = " ".join(wrap(rs(B32, 16).lower(), 4))
    S(
        "totp_secret",
        "chat (ru), TOTP setup key",
        f"Сайт показал ключ для ручной настройки 2FA: {sec}. Его можно сохранить в заметках?",
        sec,
    )
    codes = [f"{rs(LO + DG, 4)}-{rs(LO + DG, 4)}" for _ in range(4)]
    S(
        "recovery_codes",
        "chat (ko), backup codes",
        "디스코드 백업 코드인데 어디에 보관해야 돼요? " + " / ".join(codes),
        *codes,
    )

    # ---- crypto wallets ----
    ph = seed_phrase(12)
    S(
        "seed_phrase",
        "chat (en), where to store seed",
        f"is it safe to keep my seed phrase in apple notes? it's {ph}",
        ph,
    )
    ph = seed_phrase(24)
    S(
        "seed_phrase",
        "chat (en), support scam",
        f"'metamask support' on telegram asked me to verify my wallet by sending the 24 words. I already sent: {ph}. did I get scammed?",
        ph,
    )
    ph = seed_phrase(12)
    S(
        "seed_phrase",
        "chat (es), recover wallet",
        f"Perdí el móvil, ¿puedo recuperar la wallet en otro con estas 12 palabras? {ph}",
        ph,
    )
    k = "0x" + rs(HX, 64)
    S(
        "crypto_private_key",
        "chat (en), ETH private key",
        f"exported my metamask private key {k} to import into rabby, is that the right format?",
        k,
    )
    k = b58check(b"\x80" + rbytes(32) + b"\x01")
    S(
        "crypto_private_key",
        "chat (tr), Bitcoin WIF",
        f"Eski bir kağıt cüzdandan bu özel anahtarı buldum: {k} içindeki bitcoinleri nasıl alırım?",
        k,
    )
    k = b58(rbytes(64))
    S(
        "crypto_private_key",
        "chat (id), Solana key",
        f"private key phantom saya {k}, bisa diimpor ke solflare nggak?",
        k,
    )

    # ---- misc ----
    cred = base64.b64encode(f"admin:{human_pw()}".encode()).decode()
    S(
        "basic_auth_header",
        "pasted HTTP request",
        f"GET /api/status HTTP/1.1\nHost: nas.local:5000\nAuthorization: Basic {cred}\n\nreturns 401 even though the login works in the browser",
        cred,
    )
    pw = human_pw()
    S(
        "credentials_in_url",
        "chat (it), router URL",
        f"Ho salvato il router nei preferiti come http://admin:{pw}@192.168.1.1 ma Chrome non mi fa più entrare",
        pw,
    )
    k = "-".join(dg(6) for _ in range(8))
    S(
        "bitlocker_recovery_key",
        "chat (de), BitLocker",
        f"Mein Laptop will nach dem BIOS-Update einen BitLocker-Wiederherstellungsschlüssel. Im Microsoft-Konto steht: {k}. Muss ich den mit Bindestrichen eingeben?",
        k,
    )
    k = f"A3-{rs(UP + DG, 6)}-{rs(UP + DG, 6)}-{rs(UP + DG, 5)}-{rs(UP + DG, 5)}-{rs(UP + DG, 5)}-{rs(UP + DG, 5)}"
    S(
        "password_manager_secret",
        "chat (en), 1Password secret key",
        f"new phone, 1Password wants my Secret Key. found it in the emergency kit: {k}. where do I type it?",
        k,
    )
    pin = dg(6)
    S(
        "pin_code",
        "chat (en), persona memory",
        f"Nova, can you remember my phone unlock PIN for me? it's {pin}. I keep forgetting it",
        pin,
    )


# --------------------------------------------------------------------------
# PII
# --------------------------------------------------------------------------

US_AREAS = [
    "212",
    "213",
    "305",
    "312",
    "404",
    "415",
    "512",
    "617",
    "646",
    "702",
    "713",
    "773",
    "818",
    "917",
    "954",
    "972",
    "206",
    "303",
    "602",
    "919",
]


def us_parts() -> tuple[str, str, str]:
    while True:
        ex = str(R.randint(201, 989))
        if ex != "555" and ex[1:] != "11":
            return R.choice(US_AREAS), ex, dg(4)


def pii_section() -> None:
    # ---- phones ----
    a, e, n = us_parts()
    v = f"({a}) {e}-{n}"
    P(
        "phone",
        "chat (en), message to landlord",
        f"Can you write a short text to my landlord saying the kitchen sink is leaking again? Sign it with my number, {v}.",
        v,
    )
    v = f"07{R.choice('4589')}{dg(2)} {dg(6)}"
    P(
        "phone",
        "chat (en), delivery note (UK)",
        f"add a note for the courier: leave it with the neighbour at no. 14 if I'm out, or ring my mobile {v}",
        v,
    )
    v = f"01{R.choice(['51', '52', '60', '70', '76', '77'])} {dg(4)} {dg(4)}"
    P(
        "phone",
        "chat (de), note for neighbours",
        f"Schreib bitte einen Aushang für das Treppenhaus: Paket für Nachbarn angenommen, bitte melden unter {v}.",
        v,
    )
    v = f"06 {dg(2)} {dg(2)} {dg(2)} {dg(2)}"
    P(
        "phone",
        "chat (fr), classified ad",
        f"Tu peux reformuler mon annonce : vends vélo de course taille M, 150 €, me contacter au {v} après 18h",
        v,
    )
    v = f"+34 6{dg(2)} {dg(2)} {dg(2)} {dg(2)}"
    P(
        "phone",
        "chat (es), CV contact",
        f"Mi número es {v}, ¿cómo lo pongo en el CV para que quede profesional?",
        v,
    )
    v = f"3{R.choice('234')}{dg(1)} {dg(3)} {dg(4)}"
    P(
        "phone",
        "chat (it), WhatsApp",
        f"scrivi un messaggio per il gruppo del condominio: per la riunione scrivetemi su WhatsApp al {v}",
        v,
    )
    v = f"(11) 9{dg(4)}-{dg(4)}"
    P(
        "phone",
        "chat (pt), sale ad",
        f"me ajuda a escrever um anúncio pra vender meu sofá? retirada na zona sul, WhatsApp {v}",
        v,
    )
    v = f"0{R.choice('89')}0-{dg(4)}-{dg(4)}"
    P(
        "phone",
        "chat (ja), phone number",
        f"バイトの応募メールを書いてください。連絡先の電話番号は{v}です。",
        v,
    )
    v = f"1{R.choice('3578')}{dg(1)} {dg(4)} {dg(4)}"
    P("phone", "chat (zh), phone number", f"帮我写一条租房启事，联系电话 {v}，只限女生。", v)
    v = f"010-{dg(4)}-{dg(4)}"
    P("phone", "chat (ko), phone number", f"중고거래 글 써줘요. 연락은 {v} 으로 문자 주세요", v)
    v = f"+7 (9{dg(2)}) {dg(3)}-{dg(2)}-{dg(2)}"
    P(
        "phone",
        "chat (ru), phone number",
        f"Составь объявление о потерянной собаке, звонить по номеру {v}",
        v,
    )
    v = f"0 5{R.choice(['05', '06', '07', '30', '32', '33', '35', '36', '38', '39', '41', '42', '43', '44', '45', '46', '51', '52', '53'])} {dg(3)} {dg(2)} {dg(2)}"
    P(
        "phone",
        "chat (tr), phone number",
        f"Ev arkadaşı ilanı yazar mısın? İletişim için {v} numaramı ekle",
        v,
    )
    v = f"+966 5{dg(1)} {dg(3)} {dg(4)}"
    P("phone", "chat (ar), phone number", f"اكتب لي رسالة لصاحب العمل، ورقم جوالي {v}", v)
    v = f"+91 9{dg(4)} {dg(5)}"
    P("phone", "chat (hi), phone number", f"मेरा नंबर {v} है, इसे बायोडाटा में कैसे लिखूँ?", v)
    v = f"+48 {R.choice(['50', '51', '53', '57', '60', '66', '69', '72', '78', '79', '88'])}{dg(1)} {dg(3)} {dg(3)}"
    P(
        "phone",
        "chat (pl), phone number",
        f"Napisz ogłoszenie o korepetycjach z matmy, kontakt: {v}",
        v,
    )
    v = f"06-{R.choice('12345')}{dg(7)}"
    P(
        "phone",
        "chat (nl), phone number",
        f"Kun je een berichtje voor de buurtapp maken? Kat vermist, bel {v} als je hem ziet",
        v,
    )
    v = f"08{R.choice('1257')}{dg(1)}-{dg(4)}-{dg(4)}"
    P(
        "phone",
        "chat (id), phone number",
        f"tolong buatin caption jualan kue, pesan lewat WA {v} ya",
        v,
    )
    v = f"04{R.choice('0123578')}{dg(1)} {dg(3)} {dg(3)}"
    P(
        "phone",
        "chat (en), AU tradie quote",
        f"write a reply to the plumber accepting the quote and tell him to call me on {v} when he's 10 min away",
        v,
    )
    a = R.choice(["416", "647", "604", "514", "403"])
    v = f"+1 {a}-{R.randint(201, 989)}-{dg(4)}"
    P(
        "phone",
        "chat (en), CA emergency contact",
        f"for the daycare form, emergency contact is my husband, {v}. can you make it sound formal",
        v,
    )
    v = f"+52 55 {dg(4)} {dg(4)}"
    P(
        "phone",
        "chat (es), MX phone",
        f"Ponle a la invitación que confirmen asistencia al {v} antes del viernes",
        v,
    )
    v = f"+234 80{R.choice('3568')} {dg(3)} {dg(4)}"
    P(
        "phone",
        "chat (en), NG business",
        f"help me write a flyer for my hair salon in Lekki, bookings on {v}",
        v,
    )
    v = f"09{dg(1)} {dg(3)} {dg(4)}"
    P(
        "phone",
        "chat (vi), phone number",
        f"Viết giúp mình tin nhắn gửi chủ nhà, số của mình là {v}",
        v,
    )
    v = f"030 {dg(4)} {dg(4)}"
    P(
        "phone",
        "chat (de), landline",
        f"Meine Festnetznummer ist {v}, kann ich die auf Handy umleiten?",
        v,
    )
    a, e, n = us_parts()
    ph = f"+1-{a}-{e}-{n}"
    em = f"m.okafor{dg(2)}@outlook.com"
    P(
        "vcard",
        "pasted vCard",
        f"BEGIN:VCARD\nVERSION:3.0\nFN:Michael Okafor\nTEL;TYPE=CELL:{ph}\nEMAIL:{em}\nEND:VCARD\n\nwhy won't this import into google contacts?",
        ph,
        em,
    )

    # ---- e-mail ----
    emails = [
        (
            "chat (en), send invoice",
            "send the invoice to {e} and cc my accountant please, can you draft it?",
            "sarah.whitfield{n}@gmail.com",
        ),
        (
            "chat (en), professor email",
            "write a polite email to my professor asking for an extension. sign it with my uni email {e}",
            "j.alvarez{n}@student.uva.nl",
        ),
        (
            "chat (en), persona memory",
            "my email is {e} in case you need it for anything later",
            "darkmoonrider{n}@yahoo.com",
        ),
        (
            "chat (es), email",
            "¿Me ayudas a escribir un correo de queja? Que me respondan a {e}",
            "lucia.fdez{n}@hotmail.es",
        ),
        (
            "chat (de), email",
            "Meine E-Mail-Adresse ist {e}, kannst du daraus eine Signatur machen?",
            "tobias.brandt{n}@web.de",
        ),
        (
            "chat (fr), email",
            "Réponds à l'annonce en disant qu'ils peuvent me contacter à {e}",
            "camille.roux{n}@orange.fr",
        ),
        (
            "chat (pt), email",
            "Manda um e-mail de cobrança educado, com retorno para {e}",
            "rafa.souza{n}@uol.com.br",
        ),
        (
            "chat (it), email",
            "Scrivi una mail di disdetta della palestra, la mia mail è {e}",
            "giulia.bianchi{n}@libero.it",
        ),
        (
            "chat (ja), email",
            "メールアドレスは {e} です。返信用に書いておいてください。",
            "haruka.s{n}@docomo.ne.jp",
        ),
        ("chat (zh), email", "我的邮箱是 {e}，帮我写一封求职邮件", "wangli{n}@qq.com"),
        (
            "chat (ko), email",
            "제 이메일은 {e} 이에요. 자기소개서 마지막에 넣어주세요",
            "minji.park{n}@naver.com",
        ),
        (
            "chat (ru), email",
            "Напиши письмо арендодателю, ответ пусть шлёт на {e}",
            "a.smirnova{n}@yandex.ru",
        ),
    ]
    for ctx, tpl, em_t in emails:
        em = em_t.format(n=dg(R.choice([2, 2, 3, 4])))
        P("email", ctx, tpl.format(e=em), em)
    a = f"priya.raman{dg(2)}@gmail.com"
    b = f"d.hoffmann@{R.choice(['hoffmann-steuerberatung.de', 'kanzlei-hoffmann-koeln.de'])}"
    P(
        "email_header",
        "pasted email header",
        f"From: Priya Raman <{a}>\nTo: Daniel Hoffmann <{b}>\nSubject: Re: Unterlagen Steuererklärung 2024\n\ncan you translate his reply below into English?",
        a,
        b,
    )

    # ---- street addresses ----
    addrs = [
        (
            "chat (en), shipping address",
            "can you check this shipping address is formatted right for a US parcel? {a}",
            lambda: (
                f"{R.randint(100, 9899)} {R.choice(['Maple Ridge Dr', 'W Belmont Ave', 'Oak Hollow Ln', 'Sunset Blvd'])}, {R.choice(['Plano, TX 75024', 'Chicago, IL 60657', 'Cary, NC 27519', 'Glendale, AZ 85308'])}"
            ),
        ),
        (
            "chat (en), UK address",
            "write a complaint letter to the council about the bins, my address is {a}",
            lambda: (
                f"Flat {R.randint(1, 12)}, {R.randint(2, 140)} {R.choice(['Ashgrove Road', 'Chesterfield Road', 'Kings Avenue'])}, {R.choice(['Bristol BS6 5LR', 'Leeds LS6 2QB', 'London SE15 4TW'])}"
            ),
        ),
        (
            "chat (de), address",
            "Ich ziehe um, meine neue Adresse ist {a}. Schreib bitte eine Mail an meine Krankenkasse.",
            lambda: (
                f"{R.choice(['Lindenstraße', 'Goethestraße', 'Am Mühlbach', 'Bergstraße'])} {R.randint(1, 120)}, {R.choice(['50674 Köln', '80469 München', '04109 Leipzig', '22765 Hamburg'])}"
            ),
        ),
        (
            "chat (fr), address",
            "Rédige une lettre de résiliation de bail, j'habite au {a}",
            lambda: (
                f"{R.randint(1, 98)} rue {R.choice(['des Tanneurs', 'Paul Bert', 'de la République', 'Victor Hugo'])}, {R.choice(['69001 Lyon', '33000 Bordeaux', '31000 Toulouse', '44000 Nantes'])}"
            ),
        ),
        (
            "chat (es), address",
            "¿Puedes revisar si está bien escrita mi dirección para el pedido? {a}",
            lambda: (
                f"Calle {R.choice(['de Toledo', 'Alcalá', 'Mayor', 'del Pez'])} {R.randint(1, 190)}, {R.randint(1, 8)}º {R.choice('ABCD')}, {R.choice(['28005 Madrid', '28014 Madrid', '28004 Madrid'])}"
            ),
        ),
        (
            "chat (it), address",
            "Scrivi una mail al corriere, l'indirizzo giusto è {a}",
            lambda: (
                f"Via {R.choice(['Garibaldi', 'Roma', 'Mazzini', 'Cavour'])} {R.randint(1, 160)}, {R.choice(['20121 Milano', '10123 Torino', '40126 Bologna', '50123 Firenze'])}"
            ),
        ),
        (
            "chat (pt), address",
            "Me ajuda a preencher o endereço de entrega: {a}",
            lambda: (
                f"Rua {R.choice(['Augusta', 'Haddock Lobo', 'Teodoro Sampaio'])}, {R.randint(100, 2900)}, apto {R.randint(11, 184)}, {R.choice(['Consolação', 'Cerqueira César', 'Pinheiros'])}, São Paulo - SP, 0{R.randint(1300, 5499)}-{dg(3)}"
            ),
        ),
        (
            "chat (ja), address",
            "住所は{a}です。荷物の再配達の依頼文を作ってください。",
            lambda: (
                f"〒150-00{R.randint(11, 47)} 東京都渋谷区恵比寿南{R.randint(1, 3)}-{R.randint(1, 30)}-{R.randint(1, 20)} メゾン恵比寿{R.randint(101, 508)}"
            ),
        ),
        (
            "chat (zh), address",
            "收货地址是{a}，帮我写给快递员的备注",
            lambda: (
                f"上海市浦东新区张杨路{R.randint(100, 2000)}弄{R.randint(1, 40)}号{R.randint(101, 2502)}室"
            ),
        ),
        (
            "chat (ko), address",
            "배송지 주소가 {a} 인데 영어로 바꿔주세요",
            lambda: (
                f"서울특별시 마포구 월드컵북로{R.randint(1, 50)}길 {R.randint(1, 99)}, {R.randint(101, 1204)}호"
            ),
        ),
        (
            "chat (ru), address",
            "Помоги написать заявление в управляющую компанию, мой адрес: {a}",
            lambda: f"г. Москва, ул. Профсоюзная, д. {R.randint(1, 150)}, кв. {R.randint(1, 400)}",
        ),
        (
            "chat (tr), address",
            "Kargo adresimi düzgün yazar mısın: {a}",
            lambda: (
                f"Bağdat Caddesi No: {R.randint(1, 480)} Daire: {R.randint(1, 30)}, Kadıköy/İstanbul"
            ),
        ),
        (
            "chat (en), UAE address",
            "the courier keeps failing delivery, my address is {a} - help me write clear directions",
            lambda: (
                f"Villa {R.randint(1, 90)}, Street {R.randint(1, 40)}, Al Barsha {R.randint(1, 3)}, Dubai"
            ),
        ),
        (
            "chat (en), India address",
            "write a leave application, include my current address: {a}",
            lambda: (
                f"Flat {R.randint(101, 1204)}, Sai Krupa Apartments, {R.choice(['1st', '2nd', '3rd', '5th', '8th', '12th'])} Cross, Indiranagar, Bengaluru 5600{R.randint(10, 99)}"
            ),
        ),
        (
            "chat (pl), address",
            "Napisz pismo do spółdzielni, mój adres to {a}",
            lambda: (
                f"ul. {R.choice(['Długa', 'Piotrkowska', 'Marszałkowska'])} {R.randint(1, 190)}/{R.randint(1, 40)}, {R.choice(['80-827 Gdańsk', '90-410 Łódź', '00-581 Warszawa'])}"
            ),
        ),
        (
            "chat (nl), address",
            "Kun je een bezwaarbrief schrijven? Mijn adres is {a}",
            lambda: (
                f"{R.choice(['Prinsengracht', 'Kanaalstraat', 'Vondelstraat'])} {R.randint(2, 480)}-{R.choice(['I', 'II', 'III', 'hs'])}, {R.choice(['1017 KH Amsterdam', '3531 CK Utrecht', '2513 AD Den Haag'])}"
            ),
        ),
        (
            "chat (id), address",
            "Alamat rumah saya {a}, tolong buatkan surat pengantar RT",
            lambda: (
                f"Jl. Kemang Raya No. {R.randint(1, 90)}, Bangka, Mampang Prapatan, Jakarta Selatan 127{R.randint(10, 99)}"
            ),
        ),
    ]
    for ctx, tpl, gen in addrs:
        v = gen()
        P("street_address", ctx, tpl.format(a=v), v)
    v = f"{R.randint(2, 60)} Wattle Street\nFitzroy VIC 3065\nAustralia"
    P(
        "street_address",
        "pasted shipping label (multi-line)",
        f"Ship to:\nEmily Nguyen\n{v}\n\nis this enough for Australia Post or do I need more?",
        v,
    )

    # ---- national identifiers ----
    v = ssn()
    P(
        "us_ssn",
        "chat (en), HR form question",
        f"the new job's HR portal wants my SSN again, I already gave {v} on paper. is it normal to ask twice?",
        v,
    )
    v = ssn()
    P(
        "us_ssn",
        "chat (en), tax question",
        f"filing taxes for the first time. my social is {v}, do I put it on the W-4 or does my employer have it?",
        v,
    )
    v = ssn().replace("-", "")
    P(
        "us_ssn",
        "chat (en), credit freeze",
        f"Equifax chat asked me to type my SSN {v} to unlock my credit, does that look legit?",
        v,
    )
    v = dni()
    P(
        "es_dni",
        "chat (es), DNI",
        f"Para el contrato del piso me piden el DNI, el mío es {v}. ¿Es obligatorio dárselo al casero?",
        v,
    )
    v = dni()
    v2 = f"{v[:8]}-{v[8]}"
    P(
        "es_dni",
        "chat (es), DNI formatted",
        f"Rellena el formulario con mis datos: DNI {v2}, nacionalidad española",
        v2,
    )
    v = nie()
    P(
        "es_nie",
        "chat (en), NIE for bank",
        f"I'm opening a bank account in Valencia, my NIE is {v} — which documents should I bring?",
        v,
    )
    for ctx, tpl in [
        (
            "chat (pt), CPF for purchase",
            "A loja pediu meu CPF {v} pra nota fiscal, é seguro informar?",
        ),
        (
            "chat (pt), CPF in form",
            "preenche esse cadastro pra mim: CPF {v}, estado civil solteiro",
        ),
        (
            "chat (en), CPF for Brazil trip",
            "booking a domestic flight in Brazil, it asks for CPF. mine is {v} - is that what they mean?",
        ),
    ]:
        v = cpf()
        P("br_cpf", ctx, tpl.format(v=v), v)
    y, m, d = dob(1975, 2004)
    v = pesel(y, m, d, R.random() < 0.5)
    P(
        "pl_pesel",
        "chat (pl), PESEL",
        f"Urząd prosi o numer PESEL w mailu, mój to {v}. Czy mogę go tak po prostu wysłać?",
        v,
    )
    y, m, d = dob(2000, 2006)
    v = pesel(y, m, d, True)
    P(
        "pl_pesel",
        "chat (en), PESEL",
        f"my Polish PESEL is {v}, does it show my birth year? it looks weird",
        v,
    )
    v = cod_fiscale("Rossi", "Marco", 1986, 7, 22, False, "H501")
    P(
        "it_codice_fiscale",
        "chat (it), codice fiscale",
        f"Il mio codice fiscale è {v}, me lo controlli per il modulo dell'INPS?",
        v,
    )
    v = cod_fiscale("Esposito", "Francesca", 1993, 3, 9, True, "F839")
    P(
        "it_codice_fiscale",
        "chat (en), codice fiscale",
        f"the Italian landlord wants my codice fiscale, it's {v}. is that like a tax number?",
        v,
    )
    y, m, _ = dob(1960, 2000)
    v = nir(True, y, m)
    P(
        "fr_nir",
        "chat (fr), sécu number",
        f"Mon numéro de sécu est {v}, je dois le mettre sur la feuille de soins ?",
        v,
    )
    y, m, _ = dob(1960, 2000)
    v = nir(False, y, m).replace(" ", "")
    P(
        "fr_nir",
        "chat (fr), sécu number unspaced",
        f"la mutuelle me demande mon numéro de sécurité sociale : {v}, ils l'ont pas déjà ?",
        v,
    )
    v = steuer_id()
    P(
        "de_steuer_id",
        "chat (de), Steuer-ID",
        f"Mein neuer Arbeitgeber fragt nach der Steuer-ID. Meine ist {v}, wo finde ich die sonst noch?",
        v,
    )
    v = bsn()
    P("nl_bsn", "chat (nl), BSN", f"Mijn BSN is {v}, moet ik dat aan de nieuwe huisarts geven?", v)
    v = bsn()
    P(
        "nl_bsn",
        "chat (en), BSN",
        f"got my BSN {v} from the gemeente today, what else do I need to register for health insurance?",
        v,
    )
    v = tc_kimlik()
    P(
        "tr_tc_kimlik",
        "chat (tr), TC Kimlik",
        f"Kargo firması TC kimlik numaramı istiyor, {v} yazdım, sorun olur mu?",
        v,
    )
    v = tc_kimlik()
    P(
        "tr_tc_kimlik",
        "chat (tr), form",
        f"Başvuru formu için: Ad Soyad Elif Demir, T.C. No: {v}, bunu resmi bir dille yazar mısın?",
        v,
    )
    y, m, d = dob(1988, 2003)
    v = cn_id(R.choice(["110105", "440305", "330106"]), y, m, d)
    P(
        "cn_resident_id",
        "chat (zh), ID card number",
        f"我的身份证号是{v}，订火车票的时候总提示错误",
        v,
    )
    y, m, d = dob(1988, 2003)
    v = cn_id(R.choice(["110105", "420106", "320102"]), y, m, d)
    P(
        "cn_resident_id",
        "chat (en), ID number",
        f"the hotel form asks for a Chinese ID number, mine is {v}, which box does it go in?",
        v,
    )
    y, m, d = dob(1970, 2004)
    v = kr_rrn(y, m, d, R.random() < 0.5)
    P("kr_rrn", "chat (ko), RRN", f"주민등록번호 {v} 을 알바 계약서에 써야 되나요?", v)
    y, m, d = dob(1970, 2004)
    v = kr_rrn(y, m, d, R.random() < 0.5)
    P(
        "kr_rrn",
        "chat (en), RRN",
        f"korean bank app rejects my resident registration number {v}, am I typing it wrong?",
        v,
    )
    v = aadhaar()
    P(
        "in_aadhaar",
        "chat (hi), Aadhaar",
        f"मेरा आधार नंबर {v} है, बैंक KYC के लिए इसे ईमेल पर भेजना ठीक है?",
        v,
    )
    v = aadhaar().replace(" ", "")
    P(
        "in_aadhaar",
        "chat (en), Aadhaar",
        f"a loan app is asking for my Aadhaar {v} and OTP, is this app legit?",
        v,
    )
    v = f"{rs(UP, 3)}P{R.choice('SKMRN')}{dg(4)}{R.choice(UP)}"
    P(
        "in_pan",
        "chat (en), PAN",
        f"my PAN is {v}, do I need to link it with Aadhaar before filing ITR?",
        v,
    )
    v = my_number()
    v2 = f"{v[:4]} {v[4:8]} {v[8:]}"
    P(
        "jp_my_number",
        "chat (ja), My Number",
        f"会社にマイナンバー {v2} を提出するのですが、メールで送っても大丈夫ですか？",
        v2,
    )
    v = nino()
    P(
        "uk_nino",
        "chat (en), NI number",
        f"starting a new job Monday, they want my NI number, it's {v}. anything else I should bring?",
        v,
    )
    v = nino().replace(" ", "")
    P(
        "uk_nino",
        "chat (en), NI number compact",
        f"HMRC letter says my national insurance no. {v} has the wrong tax code, how do I fix that?",
        v,
    )
    v = sin_ca()
    P(
        "ca_sin",
        "chat (en), SIN",
        f"Service Canada gave me SIN {v} - should I give it to my landlord? he says it's for a credit check",
        v,
    )
    y, m, d = dob(1980, 2004)
    v = curp("GARCIA", "LOPEZ", "MARIA", y, m, d, False, "DF")
    P(
        "mx_curp",
        "chat (es), CURP",
        f"Mi CURP es {v}, ¿cómo saco la constancia de situación fiscal?",
        v,
    )
    v = rut()
    P("cl_rut", "chat (es), RUT", f"en la tienda me piden el RUT, es {v}, ¿para qué lo quieren?", v)
    y, m, d = dob(1965, 2003)
    v = be_nrn(y, m, d)
    P(
        "be_national_number",
        "chat (fr), Belgian NRN",
        f"Mon numéro de registre national c'est {v}, la banque le demande par mail, c'est normal ?",
        v,
    )
    y, m, d = dob(1965, 2003)
    v = se_pnr(y, m, d)
    P(
        "se_personnummer",
        "chat (sv), personnummer",
        f"Mitt personnummer är {v}, behöver gymmet verkligen det?",
        v,
    )
    y, m, d = dob(1975, 2004)
    v = nik_id(y, m, d, True)
    P("id_nik", "chat (id), NIK", f"NIK saya {v}, kenapa ditolak waktu daftar BPJS?", v)
    v = emirates_id(R.randint(1975, 2002))
    P(
        "ae_emirates_id",
        "chat (en), Emirates ID",
        f"renewing my tenancy contract, Ejari asks for Emirates ID {v} — can I send a photo of the card instead?",
        v,
    )
    v = saudi_id()
    P(
        "sa_national_id",
        "chat (ar), Saudi ID",
        f"رقم هويتي الوطنية {v} هل أحتاجه لتسجيل الشريحة الجديدة؟",
        v,
    )
    v = snils()
    P(
        "ru_snils",
        "chat (ru), SNILS",
        f"Работодатель просит СНИЛС, мой номер {v}. Можно отправить в телеграме?",
        v,
    )
    v = inn12()
    P("ru_inn", "chat (ru), INN", f"Мой ИНН {v}, как проверить налоговую задолженность?", v)
    v = tfn()
    P(
        "au_tfn",
        "chat (en), TFN",
        f"first job in Australia, payroll emailed asking for my TFN. it's {v}, ok to reply with it?",
        v,
    )
    v = nif_pt()
    P(
        "pt_nif",
        "chat (pt), NIF",
        f"Quer fatura com contribuinte? O meu NIF é {v}, escreve um email para a loja a pedir a fatura",
        v,
    )

    # ---- passports, licences, insurance ----
    v = R.choice(UP) + dg(8)
    P(
        "passport_number",
        "chat (en), visa form",
        f"filling the ESTA form, passport number {v}, issued 2021. does it need the letter at the front?",
        v,
    )
    v = "C" + rs("CFGHJKLMNPRTVWXYZ0123456789", 8)
    P(
        "passport_number",
        "chat (de), Reisepass",
        f"Meine Reisepassnummer ist {v}, die Airline will sie vorab. Gebe ich die online ein?",
        v,
    )
    v = f"{dg(2)}{rs(UP, 2)}{dg(5)}"
    P(
        "passport_number",
        "chat (fr), passeport",
        f"Pour l'enregistrement en ligne, mon numéro de passeport est {v}, je mets aussi la date d'expiration ?",
        v,
    )
    v = R.choice("JKLMNPRSTUVZ") + dg(7)
    P(
        "passport_number",
        "chat (en), India passport",
        f"my passport no is {v}, the visa agent wants a scan of it too, is that safe?",
        v,
    )
    v = R.choice(["TK", "TR", "TZ", "MZ"]) + dg(7)
    P(
        "passport_number",
        "chat (ja), passport",
        f"旅券番号は{v}です。ホテルの事前登録フォームに入力しても大丈夫ですか？",
        v,
    )
    sur, giv = "KOWALSKA", "ANNA<MARIA"
    num = rs(UP, 2) + dg(7)
    yy, mm, dd = R.randint(75, 99), R.randint(1, 12), R.randint(1, 28)
    birth = f"{yy:02d}{mm:02d}{dd:02d}"
    exp = f"{R.randint(27, 34)}{R.randint(1, 12):02d}{R.randint(1, 28):02d}"
    l1 = f"P<POL{sur}<<{giv}".ljust(44, "<")
    pers = dg(11).ljust(14, "<")
    l2 = f"{num}{mrz_digit(num)}POL{birth}{mrz_digit(birth)}F{exp}{mrz_digit(exp)}{pers}{mrz_digit(pers)}"
    l2 += mrz_digit(l2[0:10] + l2[13:20] + l2[21:43])
    assert len(l1) == 44 and len(l2) == 44
    P(
        "passport_mrz",
        "pasted passport MRZ (OCR)",
        f"OCR from my passport photo, can you tell me which part is the expiry date?\n{l1}\n{l2}",
        l1,
        l2,
    )
    sur5 = "MORGA"
    y = R.randint(1970, 1999)
    mm_, dd_ = R.randint(1, 12), R.randint(1, 28)
    v = f"{sur5}{str(y)[2]}{mm_ + 50:02d}{dd_:02d}{str(y)[3]}SE9{rs(UP, 2)}"
    P(
        "driving_licence",
        "chat (en), UK licence",
        f"car hire site wants my licence number, it's {v}. and they want a DVLA check code too?",
        v,
    )
    v = R.choice(UP) + dg(7)
    P(
        "driving_licence",
        "chat (en), California DL",
        f"California DL {v} — the DMV says my real ID appointment is confirmed, what do I bring?",
        v,
    )
    v = f"{dg(3)} {dg(3)} {dg(3)}"
    P(
        "driving_licence",
        "chat (en), NY licence",
        f"the insurance quote form asks for driver license ID, mine is {v} (NY), why do they need it?",
        v,
    )
    v = rs(UP + DG, 11)
    P(
        "driving_licence",
        "chat (de), Führerschein",
        f"Führerscheinnummer {v} — muss ich die bei der Carsharing-App angeben?",
        v,
    )
    v = dg(12)
    P(
        "driving_licence",
        "chat (fr), permis",
        f"Mon numéro de permis est {v}, l'assurance le demande pour le devis",
        v,
    )
    v = nhs()
    P(
        "health_insurance_number",
        "chat (en), NHS number",
        f"my NHS number is {v}, do I need it to register with a new GP after moving?",
        v,
    )
    v = kvnr()
    P(
        "health_insurance_number",
        "chat (de), Krankenversicherung",
        f"Meine Krankenversichertennummer ist {v}. Der Arzt sagt, die Karte ist ungültig – was tun?",
        v,
    )
    v = medicare_au()
    P(
        "health_insurance_number",
        "chat (en), Medicare AU",
        f"booking a GP online, it asks for Medicare number, mine's {v}. what's the last digit for?",
        v,
    )
    v = "W" + dg(9)
    P(
        "health_insurance_number",
        "chat (en), US member ID",
        f"calling Aetna about a denied claim, member ID {v}. help me write what to say",
        v,
    )
    v = "80380" + dg(15)
    P(
        "health_insurance_number",
        "chat (it), tessera sanitaria",
        f"Il numero della mia tessera sanitaria è {v}, serve per prenotare la visita?",
        v,
    )

    # ---- dates of birth ----
    EN_M = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
    ES_M = [
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
    y, m, d = dob()
    v = f"{EN_M[m - 1]} {d}, {y}"
    P(
        "date_of_birth",
        "chat (en), age calculation",
        f"my birthday is {v}, how many days until I turn 40?",
        v,
    )
    y, m, d = dob()
    v = f"{d} de {ES_M[m - 1]} de {y}"
    P(
        "date_of_birth",
        "chat (es), date of birth",
        f"Nací el {v}, ¿qué signo del zodiaco soy y qué dice de mi personalidad?",
        v,
    )
    y, m, d = dob()
    v = f"{d:02d}.{m:02d}.{y}"
    P(
        "date_of_birth",
        "chat (de), date of birth in letter",
        f"Schreib einen Antrag auf Elternzeit. Meine Daten: Geburtsdatum {v}, Personalnummer steht auf dem Lohnzettel.",
        v,
    )
    y, m, d = dob(1990, 2006)
    v = f"{d:02d}/{m:02d}/{y}"
    P(
        "date_of_birth",
        "chat (fr), date of birth",
        f"je suis né le {v}, est-ce que j'ai encore droit à la carte jeune ?",
        v,
    )
    y, m, d = dob()
    v = f"{y}年{m}月{d}日"
    P(
        "date_of_birth",
        "chat (ja), date of birth",
        f"生年月日は{v}です。今年で何歳になりますか？",
        v,
    )
    y, m, d = dob()
    v = f"{y}년 {m}월 {d}일"
    P(
        "date_of_birth",
        "chat (ko), date of birth",
        f"제 생일은 {v}이에요. 사주 좀 봐줄 수 있어요?",
        v,
    )
    y, m, d = dob()
    v = f"{d:02d}.{m:02d}.{y}"
    P(
        "date_of_birth",
        "chat (ru), date of birth",
        f"Дата рождения {v}, помоги заполнить анкету на визу",
        v,
    )
    y, m, d = dob()
    v = f"{y}-{m:02d}-{d:02d}"
    P(
        "date_of_birth",
        "chat (en), clinic message",
        f"write a message to the clinic to reschedule my appointment. name Tom Becker, DOB {v}",
        v,
    )

    # ---- bank accounts ----
    ibans = [
        (
            "chat (de), Miete",
            "Kannst du eine Mail an meinen Vermieter schreiben, dass die Miete ab jetzt von {i} kommt?",
            iban_de,
            True,
        ),
        (
            "chat (es), transferencia",
            "Pásame un mensaje para pedirle a mi cliente que me pague a este IBAN: {i}",
            iban_es,
            True,
        ),
        (
            "chat (fr), RIB",
            "Voici mon IBAN pour le remboursement : {i}. Tu peux rédiger le mail ?",
            iban_fr,
            True,
        ),
        (
            "chat (it), bonifico",
            "Scrivi a mia zia che può farmi il bonifico su {i}",
            iban_it,
            False,
        ),
        (
            "chat (nl), Tikkie",
            "Maak een betaalverzoek-tekst voor de groep: €12,50 p.p. naar {i}",
            iban_nl,
            True,
        ),
        (
            "chat (en), UK IBAN",
            "a supplier abroad needs my IBAN, is it {i}? I only know my sort code",
            iban_gb,
            True,
        ),
        (
            "chat (pl), przelew",
            "Napisz wiadomość do najemcy z numerem konta {i}",
            lambda: iban("PL", dg(24)),
            True,
        ),
        (
            "chat (tr), havale",
            "Kiracıya mesaj yaz, kirayı {i} IBAN'ına göndersin",
            lambda: iban("TR", R.choice(["00010", "00062", "00064", "00046"]) + "0" + dg(16)),
            True,
        ),
        (
            "chat (pt), transferência",
            "O meu IBAN é {i}, escreve uma mensagem para o senhorio",
            iban_pt,
            True,
        ),
        (
            "chat (fr), Belgian IBAN",
            "Mon compte c'est {i}, c'est bien le format belge ?",
            iban_be,
            True,
        ),
        (
            "chat (ar), Saudi IBAN",
            "رقم الآيبان الخاص بي {i} اكتب رسالة لصاحب العمل لتحويل الراتب",
            lambda: iban("SA", "80" + dg(18)),
            False,
        ),
        (
            "chat (en), UAE IBAN",
            "my salary account IBAN is {i}, is that what the payroll form means by account number?",
            lambda: iban("AE", R.choice(["033", "026", "035"]) + dg(16)),
            False,
        ),
    ]
    for ctx, tpl, gen, grouped in ibans:
        raw = gen()
        assert iban_ok(raw), raw
        v = group4(raw) if grouped else raw
        P("iban", ctx, tpl.format(i=v), v)
    acct = dg(R.choice([10, 11, 12]))
    P(
        "bank_account",
        "chat (en), US direct deposit",
        f"for direct deposit: routing 021000021, account {acct}. is the routing number the one at the bottom left of the check?",
        acct,
    )
    acct = dg(8)
    P(
        "bank_account",
        "chat (en), UK account",
        f"tell my flatmate to send the deposit to sort code 20-45-77, account number {acct}, reference FLAT",
        acct,
    )
    acct = dg(R.choice([11, 14, 15]))
    P(
        "bank_account",
        "chat (hi), Indian account",
        f"मेरा अकाउंट नंबर {acct} है और IFSC SBIN0001234 है, सैलरी के लिए HR को ईमेल लिखो",
        acct,
    )

    # ---- payment cards ----
    cards = [
        (
            "chat (en), card check",
            "can you check if this card number is valid? {c} exp 09/28",
            card("4", 16),
        ),
        (
            "chat (es), Mastercard",
            "Me cobraron dos veces en la tarjeta {c}, ¿cómo escribo la reclamación?",
            card(R.choice(["51", "53", "55"]), 16),
        ),
        (
            "chat (de), card blocked",
            "Meine Kreditkarte {c} wurde gesperrt, was soll ich der Bank schreiben?",
            card("4", 16),
        ),
        (
            "chat (en), Amex",
            "my amex {c} was charged by a merchant I don't know, draft a dispute",
            card(R.choice(["34", "37"]), 15),
        ),
        (
            "chat (ru), Mir card",
            "Карта Мир {c} не проходит на сайте, что делать?",
            card("220" + R.choice("01234"), 16),
        ),
        (
            "chat (ja), JCB",
            "JCBカード {c} で二重請求されました。カード会社への問い合わせ文を書いてください。",
            card("35" + str(R.randint(28, 89)), 16),
        ),
        (
            "chat (pt), cartão",
            "o site pediu o cartão {c} de novo, é golpe?",
            card("2" + str(R.randint(221, 720)), 16),
        ),
    ]
    for ctx, tpl, num in cards:
        v = card_grouped(num) if R.random() < 0.7 else num
        P("payment_card", ctx, tpl.format(c=v), v)

    # ---- device identifiers ----
    v = public_ip()
    P(
        "ip_address",
        "chat (en), account login alert",
        f"google says there was a login from {v}, is that my own IP? I'm at home in Leeds",
        v,
    )
    v = f"2a02:810d:{rs(HX, 4)}:{rs(HX, 4)}:{rs(HX, 4)}:{rs(HX, 4)}:{rs(HX, 4)}:{rs(HX, 4)}"
    P(
        "ip_address",
        "chat (de), IPv6",
        f"Meine IPv6 ist {v}, warum kann ich meinen Minecraft-Server trotzdem nicht erreichen?",
        v,
    )
    v = public_ip()
    P(
        "ip_address",
        "chat (en), game server invite",
        f"write a discord announcement: our minecraft server is back up, join at {v}:25565, whitelist still on",
        v,
    )
    v = public_ip()
    P(
        "ip_address",
        "chat (fr), IP address",
        f"mon IP publique c'est {v}, quelqu'un peut me retrouver avec ça ?",
        v,
    )
    v = mac(R.choice(["3C:22:FB", "F0:18:98", "A4:83:E7"]))
    P(
        "mac_address",
        "chat (en), router MAC filter",
        f"I need to add my laptop to the router MAC filter, the address is {v} — where in the TP-Link menu is that?",
        v,
    )
    v = mac(R.choice(["DC:A6:32", "B8:27:EB"])).lower()
    P(
        "mac_address",
        "chat (ja), MAC address",
        f"ラズパイのMACアドレスは {v} です。DHCPで固定IPにするにはどうしますか？",
        v,
    )

    # ---- licence plates ----
    v = f"{R.choice(['M', 'B', 'HH', 'K', 'S'])}-{rs(UP, 2)} {R.randint(100, 9999)}"
    P(
        "licence_plate",
        "chat (de), parking letter",
        f"Schreib einen Widerspruch gegen den Strafzettel, Kennzeichen {v}, ich stand auf einem Anwohnerparkplatz",
        v,
    )
    v = f"{rs(UP, 2)}{R.randint(10, 24)} {rs(UP, 3)}"
    P(
        "licence_plate",
        "chat (en), UK plate",
        f"my car {v} got a parking charge notice at Tesco, I was only there 20 min. help me appeal",
        v,
    )
    v = f"{rs(UP, 2)}-{dg(3)}-{rs(UP, 2)}"
    P(
        "licence_plate",
        "chat (fr), plaque",
        f"On m'a rayé la voiture, immatriculation {v}, rédige la déclaration pour l'assurance",
        v,
    )
    v = f"{rs(UP, 3)}{R.randint(0, 9)}{R.choice(UP)}{dg(2)}"
    P(
        "licence_plate",
        "chat (pt), placa",
        f"recebi uma multa da placa {v} mas eu vendi o carro ano passado, como recorro?",
        v,
    )

    # ---- social profiles ----
    h = f"lena.kroeger_{dg(2)}"
    P(
        "social_handle",
        "chat (en), Instagram bio",
        f"can you write a bio for my art page? it's https://www.instagram.com/{h}/ and I draw mostly cats",
        h,
    )
    h = f"@{R.choice(['valen', 'sofi', 'luzmar', 'kath'])}{R.choice(['.', '_'])}{R.choice(['cosplay', 'eats', 'vlogs'])}{dg(2)}"
    P("social_handle", "chat (es), TikTok", f"mi TikTok es {h}, ¿qué hashtags uso para crecer?", h)
    slug = f"ahmed-hassan-{rs(HX, 8)}"
    P(
        "social_profile_url",
        "chat (en), LinkedIn",
        f"review my LinkedIn headline please: linkedin.com/in/{slug}",
        slug,
    )
    fid = "1000" + dg(11)
    P(
        "social_profile_url",
        "chat (pt), Facebook",
        f"meu perfil é facebook.com/profile.php?id={fid}, alguém clonou e tá pedindo dinheiro",
        fid,
    )
    h = f"@{R.choice(['dimon_kuz', 'katya.vol', 'sasha_mrk'])}{dg(2)}"
    P(
        "social_handle",
        "chat (ru), Telegram",
        f"мой телеграм {h}, напиши объявление о продаже велосипеда",
        h,
    )
    h = f"id{nz(9)}"
    P(
        "social_profile_url",
        "chat (ru), VK",
        f"Моя страница vk.com/{h}, её заблокировали, как восстановить?",
        h,
    )

    # ---- forms / multi-field pastes ----
    c, ph, em = cpf(), f"(21) 9{dg(4)}-{dg(4)}", f"ana.souza{dg(3)}@gmail.com"
    y, m, d = dob(1980, 2000)
    bd = f"{d:02d}/{m:02d}/{y}"
    ad = f"Rua Visconde de Pirajá, {R.randint(100, 600)}, apto {R.randint(101, 1204)}, Ipanema, Rio de Janeiro - RJ, 22410-00{R.randint(1, 9)}"
    P(
        "form_paste",
        "pasted registration form (pt)",
        f"corrige a formatação desse cadastro:\nNome: Ana Souza\nCPF: {c}\nData de nascimento: {bd}\nEndereço: {ad}\nCelular: {ph}\nE-mail: {em}",
        c,
        bd,
        ad,
        ph,
        em,
    )
    a, e, n = us_parts()
    ph = f"{a}-{e}-{n}"
    em = f"kevin.obrien{dg(2)}@gmail.com"
    ad = f"{R.randint(100, 9800)} Cedar Crest Ln, Apt {R.randint(1, 40)}, Columbus, OH 43215"
    P(
        "form_paste",
        "pasted job application fields (en)",
        f"does this look ok for the application?\nFull name: Kevin O'Brien\nPhone: {ph}\nEmail: {em}\nAddress: {ad}\nDesired salary: $58k",
        ph,
        em,
        ad,
    )
    em = f"s.yilmaz{dg(2)}@gmx.de"
    ph = f"+49 1{R.choice(['51', '57', '62', '73'])} {dg(8)}"
    ad = f"{R.choice(['Hauptstraße', 'Kastanienallee'])} {R.randint(1, 99)}, 1{R.randint(1000, 4199)} Berlin"
    y, m, d = dob(1985, 2002)
    bd = f"{d:02d}.{m:02d}.{y}"
    P(
        "form_paste",
        "pasted CV header (de)",
        f"Kannst du meinen Lebenslauf-Kopf schöner formatieren?\nSelin Yılmaz\n{ad}\nTel.: {ph}\nE-Mail: {em}\ngeb. {bd} in Bremen",
        ad,
        ph,
        em,
        bd,
    )
    dn = dni()
    ph = f"6{dg(2)} {dg(3)} {dg(3)}"
    em = f"pablo.martin{dg(2)}@gmail.com"
    P(
        "form_paste",
        "pasted hotel booking (es)",
        f"Confirmación de reserva\nTitular: Pablo Martín\nDNI: {dn}\nTeléfono: {ph}\nEmail: {em}\nEntrada: 14/08 - Salida: 17/08\n\n¿puedo cancelar gratis?",
        dn,
        ph,
        em,
    )
    em = f"n.petrova@{R.choice(['petrova-design.ru', 'studio-petrova.ru'])}"
    ph = f"+7 9{dg(2)} {dg(3)}-{dg(2)}-{dg(2)}"
    P(
        "email_signature",
        "pasted email signature (ru)",
        f"Переведи подпись на английский:\n--\nНаталья Петрова\nдизайнер интерьеров\nтел. {ph}\n{em}",
        ph,
        em,
    )
    ph = f"0{R.choice('89')}0-{dg(4)}-{dg(4)}"
    ad = f"〒530-000{R.randint(1, 3)} 大阪府大阪市北区梅田{R.randint(1, 3)}-{R.randint(1, 12)}-{R.randint(1, 20)}"
    y, m, d = dob(1990, 2004)
    bd = f"{y}年{m}月{d}日"
    P(
        "form_paste",
        "pasted résumé fields (ja)",
        f"履歴書のこの部分、書き方は合っていますか？\n氏名：佐藤 美咲\n生年月日：{bd}\n現住所：{ad}\n電話：{ph}",
        bd,
        ad,
        ph,
    )
    cf = cod_fiscale("Ferrari", "Luca", 1979, 11, 4, False, "A944")
    em = f"luca.ferrari{dg(2)}@gmail.com"
    ad = f"Via Indipendenza {R.randint(1, 80)}, 40121 Bologna"
    P(
        "form_paste",
        "pasted form (it)",
        f"Controlla questi dati per il modulo del comune:\nNome: Luca Ferrari\nC.F.: {cf}\nResidenza: {ad}\nEmail: {em}",
        cf,
        ad,
        em,
    )


# --------------------------------------------------------------------------
# NEGATIVES
# --------------------------------------------------------------------------


def negatives_section() -> None:
    plain = [
        (
            "chat (en), birthday message",
            "hey, can you help me write a birthday message for my grandma? she's turning 80 and loves gardening",
        ),
        (
            "chat (en), recipe",
            "what's a quick vegetarian dinner I can make with chickpeas, spinach and rice?",
        ),
        (
            "chat (en), venting",
            "I had a really rough day at work. my manager criticized my presentation in front of everyone and I just want to vent",
        ),
        (
            "chat (en), roleplay",
            "Can we continue the story? Your character just found the old map in the attic.",
        ),
        (
            "chat (en), finance explainer",
            "explain the difference between a Roth IRA and a traditional IRA like I'm 12",
        ),
        (
            "chat (en), pets",
            "my cat keeps knocking things off the table at 3am, why do they do this",
        ),
        (
            "chat (en), roleplay action",
            "*sits down next to you by the fire* So, tell me about the kingdom you came from.",
        ),
        (
            "chat (en), router reset",
            "How do I reset my router to factory settings? It's a TP-Link Archer C6.",
        ),
        (
            "chat (en), forgot password",
            "i forgot my instagram password and the reset email never arrives, what can i do",
        ),
        (
            "chat (en), password policy",
            "What's a sensible password policy for a small company? We have about 20 people and everyone hates rotating passwords.",
        ),
        (
            "chat (en), proofreading",
            "Can you proofread this: 'Their going to the park tomorrow if the weather is nice.'",
        ),
        ("chat (en), nerves", "I'm nervous about my driving test next week, any tips?"),
        ("chat (en), poem", "write a haiku about autumn rain"),
        ("chat (en), books", "Can you recommend some sci-fi books similar to The Expanse?"),
        (
            "chat (en), python error",
            "my python script says IndentationError: unexpected indent on line 12, what does that mean",
        ),
        (
            "chat (en), loneliness",
            "is it normal to feel lonely after moving to a new city? it's been three months",
        ),
        (
            "chat (en), naming",
            "I need a name for my new puppy, she's a golden retriever and very goofy",
        ),
        (
            "chat (en), roommate advice",
            "how do I tell my roommate to clean up without starting a fight",
        ),
        ("chat (en), celebration", "I just got promoted!!! 🎉 senior designer starting next month"),
        (
            "chat (en), travel planning",
            "can you help me plan a 3-day trip to Lisbon on a budget? I like food and old neighborhoods",
        ),
        (
            "chat (en), ending",
            "ok that's enough for today, thanks for listening. you're a good friend",
        ),
        (
            "chat (en), 2FA how-to",
            "How do I turn on two-factor authentication for my Google account?",
        ),
        (
            "chat (en), password reuse",
            "is it safe to use the same password on multiple sites if it's really long?",
        ),
        (
            "chat (en), tenant rights",
            "my landlord hasn't fixed the heating for two weeks, what are my options in general?",
        ),
        (
            "chat (en), HTTP 429",
            "What does 'HTTP 429 Too Many Requests' mean and how should my script handle it?",
        ),
        ("chat (en), workout", "Give me a beginner workout plan, 3 days a week, no equipment"),
        ("chat (en), relationship", "I think I'm falling for my best friend, what should I do"),
        (
            "chat (en), JWT explainer",
            "Can you explain what a JWT is and why people say not to store it in localStorage?",
        ),
        (
            "chat (en), git learning",
            "what's the best way to learn git branching without breaking everything?",
        ),
        (
            "chat (en), character persona",
            "Stay in character as Captain Vale please, you broke character last time",
        ),
        (
            "chat (en), sleep",
            "I can't sleep, can you tell me a calm story about a lighthouse keeper?",
        ),
        (
            "chat (en), gift ideas",
            "gift ideas for my dad who likes fishing and jazz? budget around $50",
        ),
        (
            "chat (en), phishing",
            "I got an email saying my Netflix payment failed with a link. how can I tell if it's phishing?",
        ),
        (
            "chat (en), api key safety",
            "Where should I store API keys in a React app so they don't leak?",
        ),
        ("chat (en), DnD", "Roll for initiative! The goblins burst through the tavern door."),
        (
            "chat (es), receta",
            "¿Me das una receta de tortilla de patatas jugosa? Siempre me queda seca",
        ),
        (
            "chat (es), consejo",
            "Mi novio no me contesta los mensajes desde ayer, ¿estoy exagerando si me preocupo?",
        ),
        ("chat (es), estudio", "Explícame la fotosíntesis como si tuviera diez años"),
        ("chat (es), viaje", "¿Qué puedo visitar en Sevilla en dos días?"),
        ("chat (es), roleplay", "*abre la puerta despacio* ¿Hay alguien ahí?"),
        (
            "chat (es), contraseña olvidada",
            "Olvidé la contraseña del correo, ¿cómo la recupero sin el teléfono viejo?",
        ),
        ("chat (es), trabajo", "Ayúdame a pedir un aumento de sueldo sin sonar desagradecido"),
        ("chat (de), Rezept", "Was kann ich heute Abend mit Kartoffeln, Lauch und Sahne kochen?"),
        (
            "chat (de), Beziehung",
            "Meine beste Freundin meldet sich kaum noch. Soll ich sie darauf ansprechen?",
        ),
        (
            "chat (de), Erklärung",
            "Erklär mir bitte den Unterschied zwischen brutto und netto beim Gehalt",
        ),
        (
            "chat (de), Rollenspiel",
            "Lass uns weiterspielen: Der Ritter steht vor dem verschlossenen Burgtor.",
        ),
        (
            "chat (de), Technik",
            "Wie richte ich eine Zwei-Faktor-Authentifizierung beim Online-Banking ein?",
        ),
        ("chat (de), Gute Nacht", "Gute Nacht, bis morgen! 🌙"),
        ("chat (fr), cuisine", "Tu as une idée de dessert facile sans four ?"),
        ("chat (fr), études", "Comment je peux mieux réviser pour le bac de philo ?"),
        (
            "chat (fr), jeu de rôle",
            "Reprends l'histoire là où on s'était arrêtés, au marché de Marrakech",
        ),
        ("chat (fr), conseil", "Je me sens un peu seul depuis que j'ai déménagé à Lille"),
        ("chat (fr), technique", "Pourquoi mon PC portable chauffe autant quand je joue ?"),
        ("chat (pt), receita", "me passa uma receita de brigadeiro de panela"),
        (
            "chat (pt), conselho",
            "tô ansiosa com a entrevista de emprego amanhã, me ajuda a treinar?",
        ),
        ("chat (pt), roleplay", "continua a história: a nave pousou num planeta coberto de gelo"),
        ("chat (pt), tecnologia", "meu celular tá muito lento, vale a pena restaurar de fábrica?"),
        ("chat (pt), futebol", "quem ganhou mais Libertadores, Flamengo ou Palmeiras?"),
        ("chat (it), cucina", "Come si fa una carbonara vera, senza panna?"),
        (
            "chat (it), consiglio",
            "Il mio coinquilino ascolta musica alta fino alle 2, come glielo dico?",
        ),
        ("chat (it), storia", "Raccontami una storia breve su un gatto che vive a Venezia"),
        ("chat (it), studio", "Spiegami la differenza tra passato prossimo e passato remoto"),
        ("chat (ja), 相談", "最近仕事が忙しくて疲れています。少し話を聞いてもらえますか？"),
        ("chat (ja), 料理", "簡単に作れる親子丼のレシピを教えてください"),
        ("chat (ja), ロールプレイ", "続きをお願いします。勇者は森の奥で光る石を見つけました。"),
        ("chat (ja), 勉強", "英語のリスニングを伸ばすコツはありますか？"),
        ("chat (zh), 聊天", "今天心情不太好，可以陪我聊聊天吗？"),
        ("chat (zh), 学习", "帮我解释一下什么是区块链，越简单越好"),
        ("chat (zh), 旅行", "去成都玩三天，有什么必吃的？"),
        ("chat (zh), 角色扮演", "我们继续上次的故事吧，你是客栈的老板娘"),
        ("chat (ko), 고민", "요즘 잠을 잘 못 자요. 좋은 습관 있을까요?"),
        ("chat (ko), 요리", "김치찌개 맛있게 끓이는 법 알려주세요"),
        ("chat (ko), 롤플레이", "계속해줘! 기사님이 성문 앞에 도착했어"),
        ("chat (ru), совет", "Как перестать откладывать дела на потом?"),
        ("chat (ru), рецепт", "Как приготовить сырники, чтобы не разваливались?"),
        (
            "chat (ru), ролевая игра",
            "Продолжи историю: капитан смотрит в подзорную трубу и видит остров",
        ),
        ("chat (tr), sohbet", "Bugün çok yorgunum, biraz moral verir misin?"),
        ("chat (tr), yemek", "Mercimek çorbası nasıl yapılır?"),
        ("chat (ar), نصيحة", "كيف أنظم وقتي بين الدراسة والعمل؟"),
        ("chat (ar), قصة", "احكِ لي قصة قصيرة عن قطة تعيش في القاهرة"),
        ("chat (hi), सलाह", "परीक्षा के डर से कैसे निपटूं? कल मेरा गणित का पेपर है"),
        ("chat (hi), रेसिपी", "पनीर बटर मसाला कैसे बनाते हैं?"),
        ("chat (pl), porada", "Jak przestać się stresować przed rozmową kwalifikacyjną?"),
        ("chat (pl), przepis", "Podaj przepis na pierogi ruskie"),
        ("chat (nl), advies", "Hoe zeg ik tegen mijn buren dat hun hond steeds blaft?"),
        ("chat (nl), recept", "Wat is een makkelijk recept voor stamppot?"),
        ("chat (id), curhat", "aku lagi sedih banget, boleh cerita sebentar?"),
        ("chat (id), resep", "gimana cara bikin nasi goreng yang enak kayak di warung?"),
        ("chat (vi), hỏi đáp", "Làm sao để học tiếng Anh giao tiếp nhanh hơn?"),
        ("chat (sv), fråga", "Vad ska jag laga till middag ikväll? Jag har lax och potatis"),
        ("chat (uk), порада", "Як швидко заснути, якщо думки не дають спокою?"),
        ("chat (th), พูดคุย", "ช่วยแนะนำหนังตลกสนุกๆ สักเรื่องหน่อย"),
        ("chat (tl), kwentuhan", "pagod na ako sa trabaho, kwentuhan mo naman ako ng nakakatawa"),
        ("chat (el), συνταγή", "Πώς φτιάχνω μουσακά χωρίς να γίνει βαρύς;"),
        ("chat (he), עצה", "איך אני מבקש מהבוס יום חופש בלי להרגיש לא נעים?"),
        ("chat (fa), مشاوره", "چطور می‌توانم عادت مطالعه روزانه داشته باشم؟"),
        ("chat (cs), recept", "Jak udělat svíčkovou podle babičky?"),
        ("chat (ro), sfat", "Cum îi spun colegului că mă deranjează glumele lui?"),
        ("chat (sw), mazungumzo", "Nisaidie kuandika ujumbe wa kumshukuru mwalimu wangu"),
    ]
    for ctx, text in plain:
        N(ctx, text)

    # ---- hard negatives ----
    N(
        "chat (en), git commit hash",
        f"git log shows commit {rs(HX, 40)} as the one that broke the build, how do I revert just that commit?",
    )
    N(
        "chat (en), sha256 checksum",
        f"sha256sum of the ubuntu ISO I downloaded is {hashlib.sha256(b'ubuntu-24.04.1-desktop-amd64').hexdigest()} - how do I compare it with the official SHA256SUMS file?",
    )
    N(
        "pasted log with request id",
        f'2025-03-11T09:42:17.381Z ERROR api.orders request_id={rs(HX, 8)}-{rs(HX, 4)}-4{rs(HX, 3)}-a{rs(HX, 3)}-{rs(HX, 12)} status=500 msg="upstream timeout after 30000ms"',
    )
    N(
        "chat (en), pip versions",
        "pip install torch==2.3.1 fails on Python 3.12 with 'No matching distribution found', do I need 3.11?",
    )
    N(
        "chat (en), order number",
        f"my order #{dg(3)}-{dg(7)}-{dg(7)} still says 'preparing for shipment' after 9 days, what should I write to support?",
    )
    N(
        "chat (de), tracking number",
        f"Die Sendungsnummer 1Z{rs(UP + DG, 6)}{dg(10)} zeigt seit Tagen 'In Zustellung'. Was kann ich tun?",
    )
    N(
        "chat (en), prices",
        "the jacket was €149.95 and now it's 30% off, so what's the final price?",
    )
    N("chat (es), precios", "Si el alquiler sube de 850 € a 920 €, ¿qué porcentaje es?")
    N(
        "chat (en), dates",
        "the meeting moved from 2025-03-14 15:30 to 2025-03-17 09:00 CET, can you draft a short note to the team?",
    )
    N("chat (en), maths", "solve 3x^2 - 12x + 9 = 0 and show the steps")
    N("chat (fr), maths", "Combien font 17 % de 2 340 ? Et comment on le calcule de tête ?")
    N(
        "chat (en), coordinates",
        "The Eiffel Tower is at 48.8584° N, 2.2945° E — how far is that from Notre-Dame in km?",
    )
    N(
        "chat (en), mountain coordinates",
        "Mount Everest summit is 27.9881, 86.9250. what's the elevation again, 8848 or 8849 m?",
    )
    N(
        "chat (en), public hotline",
        "If someone in the US is in crisis they can call or text 988, right? I want to put it in a poster for my school.",
    )
    N(
        "chat (de), public hotline",
        "Die Telefonseelsorge ist kostenlos unter 0800 111 0 111 erreichbar – stimmt das auch nachts?",
    )
    N(
        "chat (en), UK hotline",
        "Samaritans are on 116 123 in the UK, is that free from mobiles too?",
    )
    N(
        "chat (fr), numéro public",
        "En France, le 3114 c'est bien le numéro national de prévention du suicide ?",
    )
    N(
        "chat (es), emergencias",
        "¿En España el número de emergencias es el 112 también para la policía?",
    )
    N("chat (ja), 緊急番号", "日本で救急車を呼ぶときは119、警察は110で合っていますか？")
    N(
        "chat (en), landmark address",
        "Is the White House at 1600 Pennsylvania Avenue NW, Washington, DC 20500 open for public tours?",
    )
    N(
        "chat (de), Sehenswürdigkeit",
        "Ist der Reichstag, Platz der Republik 1, 11011 Berlin, am Wochenende für Besucher geöffnet?",
    )
    N(
        "chat (es), monumento",
        "¿A qué hora abre la Sagrada Família, C/ de Mallorca, 401, 08013 Barcelona?",
    )
    N("chat (it), monumento", "Il Colosseo, Piazza del Colosseo 1, 00184 Roma, è aperto il lunedì?")
    N(
        "chat (en), famous fiction address",
        "Why is 221B Baker Street so famous? Is there a museum there?",
    )
    N(
        "chat (en), historical birth",
        "Mozart was born on 27 January 1756 in Salzburg - how old was he when he wrote his first symphony?",
    )
    N(
        "chat (pl), historical birth",
        "Maria Skłodowska-Curie urodziła się 7 listopada 1867 w Warszawie – ile miała lat, gdy dostała pierwszego Nobla?",
    )
    N(
        "chat (ru), historical birth",
        "Лев Толстой родился 9 сентября 1828 года. Сколько лет он писал «Войну и мир»?",
    )
    N(
        "chat (ja), historical birth",
        "夏目漱石は1867年2月9日生まれですよね？代表作を教えてください。",
    )
    N(
        "chat (pt), historical birth",
        "Machado de Assis nasceu em 21 de junho de 1839, certo? Qual livro dele é melhor pra começar?",
    )
    N(
        "chat (hi), historical birth",
        "रवीन्द्रनाथ टैगोर का जन्म 7 मई 1861 को हुआ था, उनकी सबसे प्रसिद्ध कविता कौन सी है?",
    )
    N(
        "pasted .env.example",
        "here's our .env.example, is anything missing?\n\nOPENAI_API_KEY=<your-key-here>\nDATABASE_URL=postgres://user:password@localhost:5432/app\nREDIS_URL=redis://localhost:6379/0\nSECRET_KEY=changeme",
    )
    N(
        "pasted docker-compose with variables",
        "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}\n      POSTGRES_USER: ${POSTGRES_USER:-app}\n\nwhere does docker compose read these from?",
    )
    N(
        "chat (en), placeholder key",
        "the tutorial says to run `export ANTHROPIC_API_KEY=sk-ant-xxxx` but what do I put instead of the x's?",
    )
    N(
        "chat (en), placeholder bearer",
        'docs show `curl -H "Authorization: Bearer <token>" https://api.github.com/user` — where do I get the token part?',
    )
    N(
        "pasted Python env read",
        'import os\n\napi_key = os.environ["OPENAI_API_KEY"]\nif not api_key:\n    raise SystemExit("set OPENAI_API_KEY first")\n\nthis raises KeyError instead of my message, why?',
    )
    N(
        "pasted Node env read",
        "const stripe = require('stripe')(process.env.STRIPE_SECRET_KEY);\n\n// TypeError: Cannot read properties of undefined — is dotenv not loaded?",
    )
    N(
        "pasted GitHub Actions secrets",
        "- name: Deploy\n  env:\n    API_TOKEN: ${{ secrets.API_TOKEN }}\n  run: ./deploy.sh\n\nthe secret shows as *** in logs, is it actually being passed?",
    )
    N(
        "chat (de), Platzhalter",
        'In der Anleitung steht password: "********" – muss ich da Sternchen eintragen oder mein echtes Passwort?',
    )
    N(
        "chat (en), default password concept",
        "why do so many IoT devices ship with admin/admin as the default login? seems insane",
    )
    N(
        "pasted getpass snippet",
        'import getpass\npw = getpass.getpass("Password: ")\n\ndoes this work in PyCharm\'s console? it just hangs',
    )
    N(
        "pasted log without secrets",
        "2025-01-06 14:02:11,532 INFO  [main] o.s.b.w.e.tomcat.TomcatWebServer : Tomcat started on port(s): 8080 (http)\n2025-01-06 14:02:11,548 INFO  [main] c.a.shop.ShopApplication : Started ShopApplication in 4.217 seconds\n\nthen it exits, no error. why?",
    )
    N(
        "pasted traceback",
        'Traceback (most recent call last):\n  File "app/main.py", line 42, in <module>\n    main()\n  File "app/main.py", line 37, in main\n    data = json.loads(raw)\njson.decoder.JSONDecodeError: Expecting value: line 1 column 1 (char 0)',
    )
    N(
        "pasted kubectl output",
        "NAME                        READY   STATUS             RESTARTS   AGE\napi-7d9c8b6f5-x2kqp         0/1     CrashLoopBackOff   6          8m\nworker-5c4b9d7f8-lm3zt      1/1     Running            0          8m\n\nhow do I see why api crashes?",
    )
    msg = "Hello from the other side! This is just a test message."
    N("chat (en), base64 decode", f"what does {base64.b64encode(msg.encode()).decode()} decode to?")
    msg = '{"theme":"dark","lang":"de","fontSize":14}'
    N(
        "chat (de), base64 settings",
        f"Die App speichert Einstellungen als {base64.b64encode(msg.encode()).decode()} – was steht da drin?",
    )
    N(
        "chat (en), UUID in URL",
        f"the docs page URL is /articles/{rs(HX, 8)}-{rs(HX, 4)}-4{rs(HX, 3)}-8{rs(HX, 3)}-{rs(HX, 12)} — why do sites use UUIDs instead of slugs?",
    )
    N(
        "chat (en), versions",
        "I'm on Android 14 with One UI 6.1 and Node v20.11.1 on my laptop — does Termux support Node 20?",
    )
    N(
        "chat (en), windows error code",
        "Windows Update fails with 0x80070643 every time, tried restarting twice",
    )
    N(
        "chat (en), docker digest",
        f"pulling nginx@sha256:{rs(HX, 64)} gives manifest unknown, is the digest wrong?",
    )
    N(
        "chat (en), ISBN",
        "is ISBN 978-0-14-143951-8 the Penguin Classics edition of Pride and Prejudice?",
    )
    N(
        "chat (en), product model",
        "Is the Samsung SM-S918B the same as the S23 Ultra sold in the US?",
    )
    N(
        "chat (en), big numbers",
        "Tokyo's metro population is around 37,400,000 — is it still the largest in the world?",
    )
    N("chat (en), SWIFT code", "what does each part of a SWIFT code like DEUTDEFF mean?")
    N(
        "chat (en), public routing number",
        "is 021000021 the routing number for all Chase accounts or just New York?",
    )
    N("chat (en), unix timestamp", "what date is unix time 1700000000?")
    N(
        "chat (en), hex colour",
        "does #1e90ff or #4682b4 look better as a button colour on a dark background?",
    )
    N(
        "chat (en), card last four",
        "my card ending in 4821 got declined at the grocery store but the app shows money in the account",
    )
    N("chat (en), regex email", "is this a good regex for emails? ^[\\w.+-]+@[\\w-]+\\.[\\w.-]+$")
    N("chat (en), CVE", "is CVE-2024-3094 the xz backdoor? do I need to worry on Ubuntu 22.04?")
    N(
        "chat (en), flight number",
        "flight LH 401 to New York leaves at 13:05 from Frankfurt, how early should I be at the airport?",
    )
    N(
        "chat (en), hash concept",
        "why is MD5 of 'hello' always 5d41402abc4b2a76b9719d911017c592? doesn't that make it insecure?",
    )
    N(
        "chat (en), router default address",
        "how do I open my router settings, is it 192.168.0.1 or 192.168.1.1?",
    )
    N(
        "chat (en), localhost",
        "my flask app runs on http://127.0.0.1:5000 but I can't open it from my phone",
    )
    N(
        "chat (en), pi digits",
        "can you list the first 30 digits of pi? 3.14159265358979323846264338327...",
    )
    N(
        "chat (es), números de versión",
        "Tengo Windows 11 23H2 compilación 22631.4037, ¿debo actualizar a 24H2?",
    )
    N("chat (zh), 订单号", f"我的订单号 {dg(18)} 一直没发货，怎么催一下？")
    N("chat (ko), 택배", f"운송장 번호 {dg(12)} 조회가 안 돼요. 어떻게 해야 하나요?")
    N("chat (ru), тарифы", "Тариф 690 ₽ в месяц за 30 ГБ — это выгодно?")
    N("chat (tr), matematik", "2x + 7 = 31 ise x kaçtır? Adım adım anlatır mısın")
    N(
        "chat (en), password advice w/o password",
        "my password is 12 characters with numbers and symbols, is that enough these days or do I need 16?",
    )
    N(
        "chat (en), sk- prefix question",
        "what's the difference between keys that start with sk- and pk- in Stripe? which one is safe in frontend code?",
    )
    N(
        "chat (en), seed phrase concept",
        "how many words is a normal crypto seed phrase, 12 or 24? and is it bad to screenshot it?",
    )
    N("chat (en), UUID generation", "is uuid4 random enough to use as a primary key in Postgres?")


def main() -> None:
    secrets_section()
    pii_section()
    negatives_section()
    with OUT.open("w", encoding="utf-8", newline="\n") as f:
        for row in ROWS:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    by_cat = Counter(r["category"] for r in ROWS)
    by_kind = Counter(r["kind"] for r in ROWS)
    print(f"wrote {len(ROWS)} rows to {OUT}")
    for cat in ("secret", "pii", "negative"):
        print(f"  {cat:9s} {by_cat[cat]}")
    print("by kind:")
    for kind, n in sorted(by_kind.items()):
        print(f"  {kind:28s} {n}")


if __name__ == "__main__":
    main()
