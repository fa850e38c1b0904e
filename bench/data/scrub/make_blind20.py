# ruff: noqa: E501
"""Blind scrub corpus #20: money, property, work and the law.

Written without looking at the scrubber: its source, tests, docs, benchmark
script and the earlier corpora were not opened while this file was written
(only the first lines of make_blind5.py, for the row format and helpers).
The contents come only from general knowledge of what people paste into a chat
assistant and of the public shapes of credentials and personal data: tenants
and landlords, job seekers and employees, freelancers, small investors and
crypto holders, people dealing with lawyers, courts, insurers and collectors.

Deterministic: every random value comes from one seeded ``random.Random``, so
running ``python bench/data/scrub/make_blind20.py`` again writes the same
``blind20.jsonl`` (next to this script) byte for byte. Standard library only.

One JSON object per line::

    {"text": str, "category": "secret" | "pii" | "negative", "kind": str,
     "secrets": [str, ...], "context": str}

``secrets`` holds exact substrings of ``text`` (each at least 6 characters)
that must not survive scrubbing. Negatives have kind ``"negative"`` and an
empty list: nothing in them is secret or personal, and they must come out
unchanged. Check digits are computed wherever a format has one (Luhn, IBAN
mod 97, VIN, national and tax identifiers, bech32, base58check, token CRCs).
BIP-39 seed phrases are drawn from real list words but their checksum word is
not computed. No published test values are used anywhere.
"""

from __future__ import annotations

import base64
import hashlib
import json
import random
import string
import zlib
from collections import Counter
from pathlib import Path

R = random.Random(20_0712_2026)
OUT = Path(__file__).with_name("blind20.jsonl")

UP = string.ascii_uppercase
LO = string.ascii_lowercase
DG = string.digits
AN = UP + LO + DG
HX = "0123456789abcdef"
B64 = AN + "+/"
B64U = AN + "-_"
B32 = UP + "234567"
B62 = DG + UP + LO

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


def rs(alpha: str, n: int) -> str:
    return "".join(R.choice(alpha) for _ in range(n))


def dg(n: int) -> str:
    return str(R.randint(1, 9)) + rs(DG, n - 1)


def grp(s: str, n: int = 4, sep: str = " ") -> str:
    return sep.join(s[i : i + n] for i in range(0, len(s), n))


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


def card(prefix: str | None = None, length: int = 16) -> str:
    prefix = prefix or R.choice(["4", "51", "52", "53", "54", "55", "2221", "4", "4"])
    body = prefix + rs(DG, length - len(prefix) - 1)
    return body + luhn_digit(body)


IBAN_SHAPES = {
    "DE": [(DG, 18)],
    "FR": [(DG, 23)],
    "ES": [(DG, 20)],
    "IT": [(UP, 1), (DG, 10), (DG, 12)],
    "NL": [("ABNRINGKNABRABO", 0)],
    "PL": [(DG, 24)],
    "GR": [(DG, 23)],
    "TR": [(DG, 5), ("0", 1), (DG, 16)],
    "SA": [(DG, 2), (DG, 18)],
    "IL": [(DG, 19)],
    "GE": [("TBBG", 0), (DG, 16)],
    "UA": [(DG, 6), (DG, 19)],
    "AE": [(DG, 19)],
    "PT": [(DG, 21)],
    "RO": [("BTRL", 0), (DG, 16)],
    "CZ": [(DG, 20)],
    "BE": [(DG, 12)],
    "SE": [(DG, 20)],
    "FI": [(DG, 14)],
}


def iban(cc: str, spaced: bool = True) -> str:
    bban = ""
    for alpha, n in IBAN_SHAPES[cc]:
        if n == 0:
            if cc == "NL":
                bban += R.choice(["ABNA", "INGB", "RABO", "KNAB", "SNSB"]) + rs(DG, 10)
            else:
                bban += alpha
        else:
            bban += rs(alpha, n)
    conv = "".join(str(int(c, 36)) for c in bban + cc + "00")
    chk = 98 - int(conv) % 97
    out = f"{cc}{chk:02d}{bban}"
    conv2 = "".join(str(int(c, 36)) for c in out[4:] + out[:4])
    assert int(conv2) % 97 == 1
    return grp(out) if spaced else out


VINCH = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
VINV = dict(
    zip(
        "ABCDEFGHJKLMNPRSTUVWXYZ",
        [1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9],
        strict=True,
    )
)
VINV.update({str(i): i for i in range(10)})
VINW = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2]


def vin(wmi: str | None = None) -> str:
    wmi = wmi or R.choice(
        [
            "WVW",
            "WBA",
            "VF1",
            "ZFA",
            "JTD",
            "KMH",
            "TMB",
            "SAL",
            "YV1",
            "VSS",
            "XTA",
            "WAU",
            "VF3",
            "NMT",
        ]
    )
    body = (
        wmi
        + rs(VINCH, 5)
        + "0"
        + R.choice("HJKLMNPRS")
        + rs(UP.replace("I", "").replace("O", "").replace("Q", "") + DG, 1)
        + rs(DG, 6)
    )
    s = sum(VINV[c] * w for c, w in zip(body, VINW, strict=True))
    c = s % 11
    return body[:8] + ("X" if c == 10 else str(c)) + body[9:]


def pesel() -> str:
    y = R.randint(1950, 2004)
    m = R.randint(1, 12) + (20 if y >= 2000 else 0)
    d = R.randint(1, 28)
    b = f"{y % 100:02d}{m:02d}{d:02d}{rs(DG, 4)}"
    w = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]
    return b + str((10 - sum(int(x) * k for x, k in zip(b, w, strict=True)) % 10) % 10)


def dni() -> str:
    n = R.randint(10_000_000, 79_999_999)
    return f"{n}{'TRWAGMYFPDXBNJZSQVHLCKE'[n % 23]}"


def nie() -> str:
    p = R.choice("XYZ")
    n = int(str("XYZ".index(p)) + rs(DG, 7))
    return f"{p}{n % 10_000_000:07d}{'TRWAGMYFPDXBNJZSQVHLCKE'[n % 23]}"


def nir() -> str:
    b = f"{R.choice('12')}{R.randint(60, 99):02d}{R.randint(1, 12):02d}{R.choice(['75', '69', '13', '33', '59', '31', '44'])}{R.randint(1, 399):03d}{R.randint(1, 899):03d}"
    return f"{b[0]} {b[1:3]} {b[3:5]} {b[5:7]} {b[7:10]} {b[10:13]} {97 - int(b) % 97:02d}"


def bsn() -> str:
    while True:
        b = dg(8)
        s = sum(int(x) * k for x, k in zip(b, range(9, 1, -1), strict=True))
        for last in range(10):
            if (s - last) % 11 == 0:
                return b + str(last)


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
VINVT = [0, 4, 3, 2, 1, 5, 9, 8, 7, 6]


def aadhaar() -> str:
    b = str(R.randint(2, 9)) + rs(DG, 10)
    c = 0
    for i, ch in enumerate(reversed(b)):
        c = VD[c][VP[(i + 1) % 8][int(ch)]]
    full = b + str(VINVT[c])
    c = 0
    for i, ch in enumerate(reversed(full)):
        c = VD[c][VP[i % 8][int(ch)]]
    assert c == 0
    return f"{full[:4]} {full[4:8]} {full[8:]}"


def cpf() -> str:
    d = [int(x) for x in rs(DG, 9)]
    r = sum(x * k for x, k in zip(d, range(10, 1, -1), strict=True)) * 10 % 11
    d.append(0 if r == 10 else r)
    r = sum(x * k for x, k in zip(d, range(11, 1, -1), strict=True)) * 10 % 11
    d.append(0 if r == 10 else r)
    s = "".join(map(str, d))
    return f"{s[:3]}.{s[3:6]}.{s[6:9]}-{s[9:]}"


def tckn() -> str:
    d = [int(x) for x in dg(9)]
    d.append(((d[0] + d[2] + d[4] + d[6] + d[8]) * 7 - (d[1] + d[3] + d[5] + d[7])) % 10)
    d.append(sum(d) % 10)
    return "".join(map(str, d))


def il_id() -> str:
    b = rs(DG, 8)
    for last in range(10):
        t = 0
        for i, ch in enumerate(b + str(last)):
            v = int(ch) * (1 if i % 2 == 0 else 2)
            t += v - 9 if v > 9 else v
        if t % 10 == 0:
            return b + str(last)
    raise AssertionError


def rrn() -> str:
    y = R.randint(60, 99)
    b = f"{y:02d}{R.randint(1, 12):02d}{R.randint(1, 28):02d}{R.choice('12')}{rs(DG, 5)}"
    w = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5]
    c = (11 - sum(int(x) * k for x, k in zip(b, w, strict=True)) % 11) % 10
    return f"{b[:6]}-{b[6:]}{c}"


def cn_id() -> str:
    b = (
        R.choice(["110105", "310104", "440305", "510107", "330106", "420111"])
        + f"{R.randint(1965, 2001)}{R.randint(1, 12):02d}{R.randint(1, 28):02d}"
        + rs(DG, 3)
    )
    w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return b + "10X98765432"[sum(int(x) * k for x, k in zip(b, w, strict=True)) % 11]


TWL = {"A": 10, "B": 11, "C": 12, "D": 13, "E": 14, "F": 15, "H": 17, "K": 19, "T": 27}


def tw_id() -> str:
    L = R.choice(list(TWL))
    v = TWL[L]
    b = R.choice("12") + rs(DG, 7)
    s = v // 10 + (v % 10) * 9 + sum(int(x) * k for x, k in zip(b, range(8, 0, -1), strict=True))
    return L + b + str((10 - s % 10) % 10)


def th_id() -> str:
    b = R.choice("1358") + rs(DG, 11)
    c = (11 - sum(int(x) * (13 - i) for i, x in enumerate(b)) % 11) % 10
    s = b + str(c)
    return f"{s[0]}-{s[1:5]}-{s[5:10]}-{s[10:12]}-{s[12]}"


def se_pnr() -> str:
    b = f"{R.randint(55, 99):02d}{R.randint(1, 12):02d}{R.randint(1, 28):02d}{rs(DG, 3)}"
    return f"19{b[:6]}-{b[6:]}{luhn_digit(b)}"


def hetu() -> str:
    dd, mm, yy = R.randint(1, 28), R.randint(1, 12), R.randint(60, 99)
    n = R.randint(2, 899)
    num = int(f"{dd:02d}{mm:02d}{yy:02d}{n:03d}")
    return f"{dd:02d}{mm:02d}{yy:02d}-{n:03d}{'0123456789ABCDEFHJKLMNPRSTUVWXY'[num % 31]}"


def my_number() -> str:
    b = dg(11)
    s = 0
    for n in range(1, 12):
        p = int(b[11 - n])
        q = n + 1 if n <= 6 else n - 5
        s += p * q
    r = s % 11
    c = 0 if r <= 1 else 11 - r
    s2 = b + str(c)
    return f"{s2[:4]} {s2[4:8]} {s2[8:]}"


def snils() -> str:
    b = rs(DG, 9)
    s = sum(int(x) * (9 - i) for i, x in enumerate(b))
    c = s if s < 100 else (0 if s in (100, 101) else s % 101)
    if c == 100:
        c = 0
    return f"{b[:3]}-{b[3:6]}-{b[6:]} {c:02d}"


def inn12() -> str:
    b = [int(x) for x in R.choice(["77", "78", "50", "66", "54"]) + rs(DG, 8)]
    w1 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8]
    b.append(sum(x * k for x, k in zip(b, w1, strict=True)) % 11 % 10)
    w2 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]
    b.append(sum(x * k for x, k in zip(b, w2, strict=True)) % 11 % 10)
    return "".join(map(str, b))


def rnokpp() -> str:
    b = [int(x) for x in f"{R.randint(22000, 38000):05d}" + rs(DG, 4)]
    w = [-1, 5, 7, 9, 4, 6, 10, 5, 7]
    b.append(sum(x * k for x, k in zip(b, w, strict=True)) % 11 % 10)
    return "".join(map(str, b))


def afm() -> str:
    b = "1" + rs(DG, 7)
    b = str(R.choice([0, 1])) + b
    c = sum(int(x) * 2 ** (8 - i) for i, x in enumerate(b)) % 11 % 10
    return b + str(c)


def nip() -> str:
    w = [6, 5, 7, 2, 3, 4, 5, 6, 7]
    while True:
        b = dg(9)
        c = sum(int(x) * k for x, k in zip(b, w, strict=True)) % 11
        if c < 10:
            s = b + str(c)
            return f"{s[:3]}-{s[3:6]}-{s[6:8]}-{s[8:]}"


def nif_pt() -> str:
    b = R.choice("123") + rs(DG, 7)
    c = 11 - sum(int(x) * (9 - i) for i, x in enumerate(b)) % 11
    return b + str(0 if c >= 10 else c)


def cnp() -> str:
    b = f"{R.choice('12')}{R.randint(60, 99):02d}{R.randint(1, 12):02d}{R.randint(1, 28):02d}{R.randint(1, 40):02d}{rs(DG, 3)}"
    c = sum(int(x) * int(k) for x, k in zip(b, "279146358279", strict=True)) % 11
    return b + str(1 if c == 10 else c)


def rodne() -> str:
    while True:
        b = f"{R.randint(60, 99):02d}{R.randint(1, 12) + R.choice([0, 50]):02d}{R.randint(1, 28):02d}{rs(DG, 3)}"
        for last in range(10):
            if int(b + str(last)) % 11 == 0:
                return f"{b[:6]}/{b[6:]}{last}"


def be_nn() -> str:
    b = f"{R.randint(60, 99):02d}{R.randint(1, 12):02d}{R.randint(1, 28):02d}{R.randint(1, 997):03d}"
    c = 97 - int(b) % 97
    return f"{b[:2]}.{b[2:4]}.{b[4:6]}-{b[6:]}.{c:02d}"


def steuer_id() -> str:
    while True:
        digits = R.sample(range(10), 9)
        digits.append(R.choice(digits))
        R.shuffle(digits)
        if digits[0] != 0:
            break
    prod = 10
    for d in digits:
        s = (d + prod) % 10
        if s == 0:
            s = 10
        prod = s * 2 % 11
    c = 11 - prod
    s = "".join(map(str, digits)) + str(0 if c == 10 else c)
    return f"{s[:2]} {s[2:5]} {s[5:8]} {s[8:]}"


CFO = dict(
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


def codice_fiscale() -> str:
    b = (
        rs("BCDFGLMNPRSTVZ", 3)
        + rs("BCDFGLMNPRSTVZ", 3)
        + f"{R.randint(60, 99)}"
        + R.choice("ABCDEHLMPRST")
        + f"{R.randint(1, 28) + R.choice([0, 40]):02d}"
        + R.choice(["H501", "F205", "L219", "F839", "G273", "A944"])
    )
    s = 0
    for i, ch in enumerate(b):
        if i % 2 == 0:
            s += CFO[ch]
        else:
            s += int(ch) if ch.isdigit() else ord(ch) - 65
    return b + chr(65 + s % 26)


def nino() -> str:
    return (
        R.choice(["JT", "NR", "PB", "SH", "WK", "ZE", "AB", "CE", "HL", "MP"])
        + rs(DG, 6)
        + R.choice("ABCD")
    )


def ssn() -> str:
    a = R.choice([x for x in range(1, 900) if x != 666])
    return f"{a:03d}-{R.randint(1, 99):02d}-{R.randint(1, 9999):04d}"


def saudi_id() -> str:
    b = "1" + rs(DG, 8)
    return b + luhn_digit(b)


def pan_in() -> str:
    return rs(UP, 3) + "P" + rs(UP, 1) + rs(DG, 4) + rs(UP, 1)


def isbn13(core: str) -> str:
    s = sum(int(x) * (1 if i % 2 == 0 else 3) for i, x in enumerate(core))
    return core + str((10 - s % 10) % 10)


# crypto ---------------------------------------------------------------------

BC = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def _polymod(values: list[int]) -> int:
    gen = [0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3]
    chk = 1
    for v in values:
        b = chk >> 25
        chk = ((chk & 0x1FFFFFF) << 5) ^ v
        for i in range(5):
            if (b >> i) & 1:
                chk ^= gen[i]
    return chk


def _bits(data: bytes) -> list[int]:
    acc = bits = 0
    out = []
    for v in data:
        acc = (acc << 8) | v
        bits += 8
        while bits >= 5:
            bits -= 5
            out.append((acc >> bits) & 31)
    if bits:
        out.append((acc << (5 - bits)) & 31)
    return out


def bech32_addr() -> str:
    hrp = "bc"
    data = [0, *_bits(R.randbytes(20))]
    exp = [ord(x) >> 5 for x in hrp] + [0] + [ord(x) & 31 for x in hrp]
    pm = _polymod(exp + data + [0] * 6) ^ 1
    chk = [(pm >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(BC[d] for d in data + chk)


B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def b58(b: bytes) -> str:
    n = int.from_bytes(b, "big")
    s = ""
    while n:
        n, r = divmod(n, 58)
        s = B58[r] + s
    return "1" * (len(b) - len(b.lstrip(b"\0"))) + s


def b58check(payload: bytes) -> str:
    return b58(payload + hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4])


def wif() -> str:
    return b58check(b"\x80" + R.randbytes(32) + b"\x01")


def legacy_addr() -> str:
    return b58check(R.choice([b"\x00", b"\x05"]) + R.randbytes(20))


def xprv() -> str:
    return b58check(
        bytes.fromhex("0488ade4")
        + b"\x03"
        + R.randbytes(8)
        + R.randbytes(32)
        + b"\x00"
        + R.randbytes(32)
    )


def eth() -> str:
    return "0x" + rs(HX, 40)


def sol_addr() -> str:
    return b58(R.randbytes(32))


def sol_key() -> str:
    return b58(R.randbytes(64))


BIP = [
    "abandon",
    "ability",
    "absorb",
    "abstract",
    "acid",
    "acoustic",
    "actor",
    "adapt",
    "admit",
    "adult",
    "advice",
    "afraid",
    "again",
    "agent",
    "album",
    "alcohol",
    "alley",
    "almost",
    "alpha",
    "already",
    "amazing",
    "among",
    "anchor",
    "ancient",
    "angle",
    "animal",
    "ankle",
    "answer",
    "antique",
    "anxiety",
    "apart",
    "apple",
    "april",
    "arctic",
    "arena",
    "argue",
    "armor",
    "army",
    "arrow",
    "artist",
    "asset",
    "atom",
    "auction",
    "august",
    "autumn",
    "avocado",
    "awake",
    "axis",
    "baby",
    "bacon",
    "badge",
    "balcony",
    "bamboo",
    "banana",
    "banner",
    "barrel",
    "basket",
    "battle",
    "beach",
    "bean",
    "beauty",
    "become",
    "beef",
    "before",
    "begin",
    "behave",
    "bench",
    "benefit",
    "bicycle",
    "bird",
    "bitter",
    "blanket",
    "blossom",
    "blue",
    "board",
    "boat",
    "bonus",
    "border",
    "bottom",
    "brave",
    "bread",
    "brick",
    "bridge",
    "brother",
    "budget",
    "buffalo",
    "butter",
    "cabin",
    "cactus",
    "camera",
    "canal",
    "candy",
    "canvas",
    "carbon",
    "cargo",
    "carpet",
    "castle",
    "catalog",
    "cattle",
    "ceiling",
    "cement",
    "census",
    "cereal",
    "chalk",
    "cherry",
    "chimney",
    "choice",
    "cinnamon",
    "circle",
    "citizen",
    "civil",
    "clerk",
    "cliff",
    "clock",
    "cloud",
    "coconut",
    "coffee",
    "column",
    "comfort",
    "copper",
    "coral",
    "cotton",
    "cousin",
    "cradle",
    "crane",
    "crater",
    "cricket",
    "crystal",
    "cupboard",
    "curtain",
    "cushion",
    "dance",
    "daughter",
    "december",
    "dentist",
    "desert",
    "diamond",
    "dinosaur",
    "dolphin",
    "donkey",
    "dragon",
    "drama",
    "eagle",
    "early",
    "earth",
    "echo",
    "eight",
    "elbow",
    "elephant",
    "empty",
    "engine",
    "enrich",
    "episode",
    "escape",
    "estate",
    "evidence",
    "exile",
    "fabric",
    "faculty",
    "falcon",
    "family",
    "fashion",
    "february",
    "fence",
    "festival",
    "fiber",
    "filter",
    "finger",
    "flamingo",
    "flavor",
    "forest",
    "fossil",
    "fragile",
    "frozen",
    "gadget",
    "galaxy",
    "garden",
    "garlic",
    "gasp",
    "giraffe",
    "ginger",
    "glacier",
    "glove",
    "gospel",
    "gravity",
    "guitar",
    "hammer",
    "harbor",
    "harvest",
    "hedgehog",
    "helmet",
    "hockey",
    "hollow",
    "honey",
    "horizon",
    "hospital",
    "island",
    "ivory",
    "jaguar",
    "jelly",
    "jungle",
    "kangaroo",
    "kitchen",
    "ladder",
    "lantern",
    "laundry",
    "lemon",
    "leopard",
    "liberty",
    "library",
    "lizard",
    "lobster",
    "lottery",
    "lumber",
    "machine",
    "magnet",
    "mammal",
    "mango",
    "marble",
    "meadow",
    "melody",
    "mercy",
    "midnight",
    "mirror",
    "monkey",
    "mosquito",
    "muffin",
    "museum",
    "napkin",
    "nephew",
    "noodle",
    "oblige",
    "ocean",
    "olive",
    "orange",
    "orbit",
    "orchard",
    "ostrich",
    "oyster",
    "paddle",
    "panda",
    "panther",
    "parade",
    "parrot",
    "peanut",
    "pelican",
    "penguin",
    "pepper",
    "pigeon",
    "planet",
    "pledge",
    "pluck",
    "pottery",
    "pumpkin",
    "puzzle",
    "pyramid",
    "rabbit",
    "raccoon",
    "radar",
    "rhythm",
    "ribbon",
    "rocket",
    "saddle",
    "salmon",
    "satoshi",
    "scissors",
    "scorpion",
    "sheriff",
    "shrimp",
    "silver",
    "slogan",
    "soccer",
    "spider",
    "squirrel",
    "stadium",
    "sunset",
    "swallow",
    "symbol",
    "tennis",
    "thunder",
    "timber",
    "tobacco",
    "tomato",
    "tornado",
    "tortoise",
    "tunnel",
    "turtle",
    "umbrella",
    "unicorn",
    "velvet",
    "violin",
    "volcano",
    "walnut",
    "weasel",
    "whale",
    "window",
    "winter",
    "wizard",
    "yellow",
    "zebra",
]


def seed(n: int = 12) -> str:
    return " ".join(R.sample(BIP, n))


def gh_token() -> str:
    body = rs(B62, 30)
    c = zlib.crc32(body.encode())
    enc = ""
    while c:
        c, r = divmod(c, 62)
        enc = B62[r] + enc
    return "ghp_" + body + enc.rjust(6, "0")


def b64u(b: bytes) -> str:
    return base64.urlsafe_b64encode(b).decode().rstrip("=")


def jwt(payload: dict) -> str:
    h = b64u(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    p = b64u(json.dumps(payload, separators=(",", ":")).encode())
    return f"{h}.{p}.{b64u(R.randbytes(32))}"


def uuid4() -> str:
    h = rs(HX, 32)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{R.choice('89ab')}{h[17:20]}-{h[20:]}"


def pem(kind: str = "EC PRIVATE KEY", nbytes: int = 121) -> str:
    body = base64.b64encode(R.randbytes(nbytes)).decode()
    lines = "\n".join(body[i : i + 64] for i in range(0, len(body), 64))
    return f"-----BEGIN {kind}-----\n{lines}\n-----END {kind}-----"


def pw(n: int = 14) -> str:
    core = rs(AN, n - 3)
    return core[:4] + R.choice("!#%&*?@$-_.") + core[4:] + rs(DG, 2)


def app_pw() -> str:
    return " ".join(rs(LO, 4) for _ in range(4))


# contact details -------------------------------------------------------------


def phone(cc: str) -> str:
    f = {
        "de": lambda: f"+49 1{R.choice(['51', '52', '57', '60', '62', '76'])} {rs(DG, 8)}",
        "fr": lambda: f"0{R.choice('67')} {grp(rs(DG, 8), 2)}",
        "es": lambda: f"+34 6{rs(DG, 2)} {rs(DG, 3)} {rs(DG, 3)}",
        "it": lambda: (
            f"3{R.choice(['20', '28', '33', '38', '40', '47', '49'])} {rs(DG, 3)} {rs(DG, 4)}"
        ),
        "pl": lambda: f"+48 {R.choice('5678')}{rs(DG, 2)} {rs(DG, 3)} {rs(DG, 3)}",
        "ru": lambda: f"+7 (9{rs(DG, 2)}) {rs(DG, 3)}-{rs(DG, 2)}-{rs(DG, 2)}",
        "ua": lambda: (
            f"+380 {R.choice(['50', '67', '68', '93', '97'])} {rs(DG, 3)} {rs(DG, 2)} {rs(DG, 2)}"
        ),
        "tr": lambda: (
            f"0 (5{R.choice(['32', '33', '35', '42', '44', '55'])}) {rs(DG, 3)} {rs(DG, 2)} {rs(DG, 2)}"
        ),
        "gr": lambda: f"69{R.choice('4789')} {rs(DG, 3)} {rs(DG, 4)}",
        "il": lambda: f"05{R.choice('02348')}-{rs(DG, 3)}-{rs(DG, 4)}",
        "in": lambda: f"+91 {R.choice('6789')}{rs(DG, 4)} {rs(DG, 5)}",
        "bd": lambda: f"01{R.choice('3456789')}{rs(DG, 2)}-{rs(DG, 6)}",
        "th": lambda: f"0{R.choice('689')}{rs(DG, 1)}-{rs(DG, 3)}-{rs(DG, 4)}",
        "mm": lambda: f"09-{rs(DG, 9)}",
        "kr": lambda: f"010-{rs(DG, 4)}-{rs(DG, 4)}",
        "jp": lambda: f"0{R.choice('789')}0-{rs(DG, 4)}-{rs(DG, 4)}",
        "cn": lambda: f"1{R.choice(['38', '39', '58', '59', '86', '88'])} {rs(DG, 4)} {rs(DG, 4)}",
        "tw": lambda: f"09{rs(DG, 2)}-{rs(DG, 3)}-{rs(DG, 3)}",
        "ge": lambda: f"+995 5{rs(DG, 2)} {rs(DG, 2)} {rs(DG, 2)} {rs(DG, 2)}",
        "am": lambda: f"+374 {R.choice(['77', '91', '93', '94', '98', '99'])} {rs(DG, 6)}",
        "et": lambda: f"+251 9{rs(DG, 2)} {rs(DG, 3)} {rs(DG, 3)}",
        "mn": lambda: f"+976 {R.choice('89')}{rs(DG, 3)} {rs(DG, 4)}",
        "vn": lambda: f"0{R.choice(['90', '91', '98', '97', '38'])} {rs(DG, 3)} {rs(DG, 4)}",
        "id": lambda: f"+62 8{R.choice(['12', '13', '21', '52', '57'])}-{rs(DG, 4)}-{rs(DG, 4)}",
        "br": lambda: f"(11) 9{rs(DG, 4)}-{rs(DG, 4)}",
        "us": lambda: (
            f"({R.choice(['312', '415', '646', '617', '213', '713'])}) {R.randint(201, 549)}-{rs(DG, 4)}"
        ),
        "nl": lambda: f"06-{rs(DG, 8)}",
        "se": lambda: f"07{R.choice('0236')}-{rs(DG, 3)} {rs(DG, 2)} {rs(DG, 2)}",
        "cz": lambda: f"+420 {R.choice('67')}{rs(DG, 2)} {rs(DG, 3)} {rs(DG, 3)}",
        "ro": lambda: f"07{R.choice('2345')}{rs(DG, 1)} {rs(DG, 3)} {rs(DG, 3)}",
        "sa": lambda: f"05{rs(DG, 1)} {rs(DG, 3)} {rs(DG, 4)}",
        "eg": lambda: f"01{R.choice('0125')} {rs(DG, 4)} {rs(DG, 4)}",
        "ir": lambda: f"09{R.choice(['12', '19', '35', '36'])} {rs(DG, 3)} {rs(DG, 4)}",
        "fi": lambda: f"04{R.choice('0145')} {rs(DG, 3)} {rs(DG, 4)}",
        "pt": lambda: f"9{R.choice('1236')}{rs(DG, 1)} {rs(DG, 3)} {rs(DG, 3)}",
    }
    return f[cc]()


MAILDOM = {
    "de": ["web.de", "gmx.de", "t-online.de", "posteo.de"],
    "fr": ["orange.fr", "free.fr", "laposte.net"],
    "es": ["hotmail.es", "gmail.com", "telefonica.net"],
    "it": ["libero.it", "virgilio.it", "gmail.com"],
    "pl": ["wp.pl", "onet.pl", "o2.pl"],
    "ru": ["yandex.ru", "mail.ru", "rambler.ru"],
    "ua": ["ukr.net", "i.ua", "gmail.com"],
    "tr": ["hotmail.com.tr", "gmail.com", "yandex.com.tr"],
    "jp": ["docomo.ne.jp", "yahoo.co.jp", "gmail.com"],
    "kr": ["naver.com", "daum.net", "kakao.com"],
    "cn": ["qq.com", "163.com", "126.com"],
    "in": ["gmail.com", "rediffmail.com", "yahoo.co.in"],
    "any": ["gmail.com", "outlook.com", "proton.me", "icloud.com", "yahoo.com"],
}


def email(user: str, cc: str = "any") -> str:
    sep = R.choice([".", "_", "", "."])
    return f"{user.replace(' ', sep).lower()}{R.choice(['', str(R.randint(1, 99)), str(R.randint(1970, 2003))])}@{R.choice(MAILDOM.get(cc, MAILDOM['any']))}"


# --------------------------------------------------------------- secret rows

CTX_CHAT = "user message to assistant"


def sec_rows() -> None:
    k, s = rs(AN, 64), rs(AN, 64)
    S(
        "exchange_api_key",
        "personal .env for a crypto tax script",
        f"# binance -> koinly export\nBINANCE_API_KEY={k}\nBINANCE_API_SECRET={s}\nEXPORT_FROM=2023-01-01\n",
        k,
        s,
    )
    k, s = rs(B64, 56), base64.b64encode(R.randbytes(64)).decode()
    S(
        "exchange_api_key",
        "German user asks about Kraken ledger export",
        f"Hab den Kraken-Key nur mit 'Query Funds' Rechten erstellt, passt das so?\nAPI-Schlüssel: {k}\nPrivater Schlüssel: {s}\nNonce-Fenster steht auf 0.",
        k,
        s,
    )
    org, kid = uuid4(), uuid4()
    pk = pem()
    S(
        "exchange_api_key",
        "Coinbase Advanced Trade key JSON pasted",
        json.dumps(
            {"name": f"organizations/{org}/apiKeys/{kid}", "privateKey": pk + "\n"}, indent=2
        ),
        kid,
        pk.split("\n")[1],
    )
    k, s = rs(AN, 18), rs(AN, 36)
    S(
        "exchange_api_key",
        "Bybit key in a Russian message",
        f"Бот для DCA не видит баланс. ключ {k}, секрет {s} — права только на спот. Что не так?",
        k,
        s,
    )
    k, s, p = uuid4(), rs(HX, 32).upper(), pw(12)
    S(
        "exchange_api_key",
        "OKX credentials in Turkish",
        f"OKX API bilgilerim (sadece okuma):\napiKey: {k}\nsecretKey: {s}\npassphrase: {p}\nPython'da imza hatası alıyorum 50113",
        k,
        s,
        p,
    )
    k, s, p = rs(HX, 24), uuid4(), pw(10)
    S(
        "exchange_api_key",
        "KuCoin keys in Vietnamese",
        f'Mình tạo API KuCoin để theo dõi lãi lỗ, key là {k} còn secret {s}, passphrase "{p}". Sao gọi /api/v1/accounts bị 400005?',
        k,
        s,
        p,
    )
    k, s = rs(HX, 64), rs(HX, 128)
    S(
        "exchange_api_key",
        "Bitvavo key in Dutch",
        f"Bitvavo API\nKey:\n{k}\nSecret:\n{s}\nIk wil alleen mijn trades naar een spreadsheet halen voor box 3.",
        k,
        s,
    )
    ph = seed(12)
    S(
        "crypto_seed",
        "seed phrase in English, worried user",
        f"ok so my ledger died and i wrote the 12 words on paper: {ph}. can i import these into electrum or will that be unsafe?",
        ph,
    )
    ph = seed(24)
    words = ph.split()
    numbered = "\n".join(f"{i + 1}-{i + 4}: " + " ".join(words[i : i + 4]) for i in range(0, 24, 4))
    S(
        "crypto_seed",
        "OCR of a recovery sheet, numbered words",
        f"Recovery sheet (scanned)\n{numbered}\nPassphrase: none",
        *[" ".join(words[i : i + 4]) for i in range(0, 24, 4)],
    )
    ph = seed(12)
    S(
        "crypto_seed",
        "seed phrase in Japanese message",
        f"父の遺品のメモに英単語が12個書いてありました。「{ph}」これはウォレットの復元フレーズでしょうか？相続の手続きで必要ですか。",
        ph,
    )
    ph = seed(12)
    S(
        "crypto_seed",
        "seed phrase in Hindi",
        f"मेरे भाई ने मरने से पहले ये शब्द लिखे थे: {ph} — क्या इससे उसका बिटकॉइन वापस मिल सकता है? वसीयत में इसका ज़िक्र नहीं है।",
        ph,
    )
    ph = seed(12)
    S(
        "crypto_seed",
        "seed phrase in Spanish divorce context",
        f"Mi ex dice que la cartera de MetaMask era de los dos. Tengo la frase semilla ({ph}), ¿puedo usarla sin que sea delito mientras dura el divorcio?",
        ph,
    )
    w = wif()
    S(
        "crypto_private_key",
        "WIF key in Polish",
        f"Znalazłem w starym pliku wallet.txt coś takiego: {w}\nCzy to klucz prywatny? Jak sprawdzić saldo nie wysyłając go nigdzie?",
        w,
    )
    x = xprv()
    S(
        "crypto_private_key",
        "xprv in Portuguese",
        f"Meu contador pediu a chave para auditar as transações. Mandei isso: {x}\nFiz besteira?",
        x,
    )
    k = sol_key()
    S(
        "crypto_private_key",
        "Solana key in Phantom export, Indonesian",
        f"Ini private key Phantom saya: {k}\nBagaimana cara pindah ke Solflare tanpa kehilangan NFT?",
        k,
    )
    k = "0x" + rs(HX, 64)
    S(
        "crypto_private_key",
        "ETH key in .env of hardhat script",
        f"PRIVATE_KEY={k}\nRPC_URL=https://eth-mainnet.g.alchemy.com/v2/{(a := rs(AN, 32))}\nWALLET_LABEL=salary-usdc",
        k,
        a,
    )
    k = rs(HX, 64)
    S(
        "crypto_private_key",
        "hex private key in Korean",
        f"메타마스크에서 개인키 내보내기 했는데 이거 맞나요? {k} 세금 신고용으로 거래내역만 보고 싶어요",
        k,
    )
    k = "sk_live_" + rs(AN, 99)
    S(
        "api_key",
        "Stripe key of a freelancer's invoicing",
        f'My invoice script stopped charging clients after I rotated... here\'s the config:\nSTRIPE_SECRET_KEY = "{k}"\nCURRENCY = "eur"',
        k,
    )
    k = "rk_live_" + rs(AN, 99)
    S(
        "api_key",
        "Stripe restricted key, French",
        f"Clé restreinte pour ma compta auto-entrepreneur (lecture des paiements) : {k} — est-ce suffisant pour exporter le CA trimestriel URSSAF ?",
        k,
    )
    c, s = rs(HX, 24), rs(HX, 30)
    S(
        "api_key",
        "Plaid credentials in a budgeting app",
        f"PLAID_CLIENT_ID={c}\nPLAID_SECRET={s}\nPLAID_ENV=production\nPLAID_PRODUCTS=transactions,investments",
        c,
        s,
    )
    c, s = uuid4(), rs(HX, 128)
    S(
        "api_key",
        "GoCardless bank data keys, German",
        f"Für mein Haushaltsbuch mit der GoCardless Bank Account Data API:\nsecret_id: {c}\nsecret_key: {s}\nDer Zugriff auf die Sparkasse läuft nach 90 Tagen ab, wie erneuere ich das?",
        c,
        s,
    )
    t = uuid4()
    S(
        "token",
        "Wise personal API token, Spanish",
        f"token de Wise (solo lectura) {t} para sacar el extracto en CSV y pasárselo a mi gestor. ¿Cómo filtro por fechas?",
        t,
    )
    t = "up:yeah:" + rs(AN, 128)
    S(
        "token",
        "Up bank personal access token",
        f"Authorization: Bearer {t}\nGET /api/v1/transactions?page[size]=100 returns 401 for me",
        t,
    )
    t = jwt({"sub": "acc_" + rs(AN, 22), "exp": 1767225600, "scope": "read"})
    S(
        "token",
        "Monzo access token in Welsh/English",
        f"Dw i'n trio cysylltu fy nghyfrif Monzo i'r sgript. access_token: {t}",
        t,
    )
    c, s = "A" + rs(B64U, 79), "E" + rs(B64U, 79)
    S(
        "api_key",
        "PayPal REST credentials, Italian",
        f"Credenziali PayPal Live per le fatture della partita IVA:\nClient ID {c}\nSecret {s}\nPerché il webhook non arriva?",
        c,
        s,
    )
    k = "live_" + rs(AN, 30)
    S(
        "api_key",
        "Mollie live key, Dutch",
        f"Mollie live sleutel: {k} — facturen voor mijn eenmanszaak komen dubbel binnen",
        k,
    )
    k = "AKIA" + rs(UP + DG, 16)
    s = rs(B64, 40)
    S(
        "api_key",
        "AWS keys for receipt OCR in Czech",
        f"Používám Textract na účtenky pro daňové přiznání.\naws_access_key_id = {k}\naws_secret_access_key = {s}\nregion = eu-central-1",
        k,
        s,
    )
    k = "sk-proj-" + rs(B64U, 120)
    S(
        "api_key",
        "OpenAI key in a payslip parser, Greek",
        f'Έφτιαξα script που διαβάζει τις μισθοδοσίες μου. OPENAI_API_KEY="{k}" — γιατί μου βγάζει 429;',
        k,
    )
    g = gh_token()
    S(
        "token",
        "GitHub PAT in a budget repo",
        f"git remote set-url origin https://{g}@github.com/{rs(LO, 7)}/household-budget.git\n^ i pasted this in the wrong terminal, is my token now leaked?",
        g,
    )
    b = f"{R.randint(5000000000, 7999999999)}:AA{rs(B64U, 33)}"
    S(
        "token",
        "Telegram bot for rent reminders, Ukrainian",
        f"Бот нагадує орендарям про оплату 5-го числа. TOKEN = '{b}'. Чому він мовчить після оновлення?",
        b,
    )
    t = jwt({"iss": rs(HX, 32), "iat": 1719878400, "exp": 2035238400})
    S(
        "token",
        "Home Assistant long-lived token for smart lock",
        f"Nuki lock integration in Home Assistant keeps failing. Long-lived token: {t}\nhost: homeassistant.local:8123",
        t,
    )
    t = rs(HX, 40)
    S(
        "token",
        "Nuki Web API token, German landlord",
        f"Ich vermiete eine Ferienwohnung und will die Nuki-Codes automatisch setzen. Web-API-Token: {t} — geht das pro Buchung?",
        t,
    )
    c = rs(DG, 6)
    S(
        "lock_code",
        "keypad code for tenant, French",
        f"Bonjour, le code du boîtier à clés pour l'état des lieux de sortie est {c}# puis tourner la molette. Merci de le changer après.",
        c,
    )
    c = rs(DG, 8)
    S(
        "lock_code",
        "smart lock code in Hebrew",
        f"הקוד למנעול החכם בדירה ברחוב הרצל: {c}. תחליף אותו אחרי שהשוכר הקודם מחזיר מפתחות",
        c,
    )
    c = rs(DG, 6)
    S(
        "lock_code",
        "lockbox code in Georgian",
        f"გასაღები ყუთშია კარის გვერდით, კოდი — {c}. ბინის ჩაბარებისას მრიცხველის ჩვენება გადაიღეთ.",
        c,
    )
    p = pw(12)
    S(
        "wifi_password",
        "house rules for a rental, Thai",
        f"กฎบ้านเช่า: ห้ามสูบบุหรี่ ทิ้งขยะวันอังคาร\nWi-Fi: BaanSuk_5G\nรหัสผ่าน: {p}\nค่าน้ำค่าไฟจ่ายภายในวันที่ 5",
        p,
    )
    p = pw(13)
    S(
        "wifi_password",
        "WiFi in Amharic rental message",
        f"የቤቱ ዋይፋይ ስም Habesha_Home ነው፣ የይለፍ ቃሉ {p} ነው። ኪራዩን በወሩ መጀመሪያ ይክፈሉ።",
        p,
    )
    p = pw(11)
    S(
        "password",
        "HR portal credentials, Armenian",
        f"Բարև, ահա իմ HR պորտալի մուտքը, խնդրում եմ ստուգեք աշխատավարձի թերթիկը․ login: a.{rs(LO, 6)} գաղտնաբառ՝ {p}",
        p,
    )
    p = pw(14)
    S(
        "password",
        "online banking password in Bengali",
        f"আমার ব্যাংকের অ্যাপে ঢুকতে পারছি না। পাসওয়ার্ড দিয়েছি {p} কিন্তু বলছে ভুল। লোনের কিস্তি কাল দিতে হবে।",
        p,
    )
    p = pw(10)
    S(
        "password",
        "ELSTER certificate password, German",
        f"Mein ELSTER-Zertifikat (.pfx) will nicht mehr. Das Passwort dafür ist {p}, ich muss die Umsatzsteuer-Voranmeldung bis zum 10. abgeben.",
        p,
    )
    p = pw(12)
    S(
        "password",
        "impots.gouv password, French",
        f"mot de passe impots.gouv: {p} (je sais, pas prudent) — pourquoi ma déclaration 2042-C-PRO reste en brouillon ?",
        p,
    )
    p = pw(9)
    S(
        "password",
        "Cl@ve PIN and password, Spanish",
        f"Para la renta uso Cl@ve permanente, contraseña «{p}». Me bloquearon tras 3 intentos, ¿cuánto tarda?",
        p,
    )
    p = pw(12)
    S(
        "password",
        "broker login in Italian",
        f"Directa SIM: utente {rs(DG, 6)}, password {p}. Devo scaricare il rendiconto per il 730 ma dice sessione scaduta.",
        p,
    )
    p = app_pw()
    S(
        "password",
        "Gmail app password for invoice mailer",
        f'SMTP_HOST=smtp.gmail.com\nSMTP_USER=invoices.{rs(LO, 5)}@gmail.com\nSMTP_PASS="{p}"\n# sends PDF invoices on the 1st',
        p,
    )
    p = pw(13)
    S(
        "password",
        "DEGIRO credentials in Swedish",
        f"Jag loggar in på DEGIRO med {rs(LO, 5)}{rs(DG, 3)} / {p} och vill exportera till K4-blanketten. Vilken rapport ska jag ta?",
        p,
    )
    p = pw(12)
    S(
        "password",
        "landlord portal in Korean",
        f"임대인 관리 사이트 비밀번호가 {p} 인데 보증금 반환 내역이 안 보여요. 전세 계약 만료가 다음 달이에요.",
        p,
    )
    p = pw(11)
    S(
        "password",
        "payroll system in Chinese simplified",
        f"公司的工资系统账号是工号，密码 {p}，我想下载去年的个税扣缴明细，找不到入口。",
        p,
    )
    p = pw(12)
    S(
        "password",
        "tax portal in Chinese traditional",
        f"自然人憑證密碼是 {p}，報綜所稅時一直顯示讀卡錯誤，怎麼辦？",
        p,
    )
    s = rs(B32, 32)
    S(
        "totp_secret",
        "otpauth URI of an exchange 2FA",
        f"I'm moving phones; backup of my Kraken 2FA: otpauth://totp/Kraken:{rs(LO, 6)}?secret={s}&issuer=Kraken — can I add it to Aegis by hand?",
        s,
    )
    s = " ".join(rs(B32.lower(), 4) for _ in range(8))
    S(
        "totp_secret",
        "2FA setup key in Russian",
        f"Ключ настройки для Госуслуг/банка (ввести вручную): {s}\nЕсли потеряю телефон, смогу восстановить?",
        s,
    )
    s = rs(B32, 16)
    S(
        "totp_secret",
        "2FA secret in Tamil",
        f"என் brokerage கணக்கின் 2FA ரகசிய விசை {s} — புதிய போனில் எப்படி சேர்ப்பது?",
        s,
    )
    pk = pem("RSA PRIVATE KEY", 600)
    S(
        "private_key",
        "service account key for Google Sheets budget",
        json.dumps(
            {
                "type": "service_account",
                "project_id": f"budget-{rs(LO, 6)}",
                "private_key_id": (kid := rs(HX, 40)),
                "private_key": pk + "\n",
                "client_email": f"sheets@budget-{rs(LO, 4)}.iam.gserviceaccount.com",
            },
            indent=1,
        ),
        kid,
        pk.split("\n")[3],
    )
    pk = pem("OPENSSH PRIVATE KEY", 300)
    S(
        "private_key",
        "SSH key for a server hosting invoices, Romanian",
        f"Cheia mea pentru serverul cu facturi, nu merge conexiunea:\n{pk}",
        pk.split("\n")[2],
    )
    u, p = rs(LO, 6), pw(14)
    S(
        "connection_string",
        "database URL of a rent tracker",
        f"DATABASE_URL=postgresql://{u}:{p}@db.{rs(LO, 8)}.eu-central-1.rds.amazonaws.com:5432/rents",
        p,
    )
    p = pw(12)
    S(
        "connection_string",
        "Mongo URI in Mongolian",
        f"Түрээсийн төлбөрийн бүртгэл хадгалдаг сервер: mongodb+srv://admin:{p}@cluster0.{rs(LO, 5)}.mongodb.net/rent — холбогдохгүй байна",
        p,
    )
    k = "AIza" + rs(B64U, 35)
    S(
        "api_key",
        "Google Maps key for property listing site, Gujarati",
        f"મારી ભાડાની મિલકતની વેબસાઇટ પર નકશો બતાવવો છે. API key: {k} — બિલ કેટલું આવશે?",
        k,
    )
    k, s = "PK" + rs(UP + DG, 18), rs(AN, 40)
    S(
        "api_key",
        "Alpaca live trading keys, Kannada",
        f"ನನ್ನ Alpaca ಲೈವ್ ಖಾತೆ ಕೀಗಳು: APCA-API-KEY-ID {k} ಮತ್ತು ಸೀಕ್ರೆಟ್ {s}. ಆರ್ಡರ್ ರಿಜೆಕ್ಟ್ ಆಗುತ್ತಿದೆ.",
        k,
        s,
    )
    k = "SG." + rs(B64U, 22) + "." + rs(B64U, 43)
    S(
        "api_key",
        "SendGrid key of a landlord's reminder mail",
        f"Mahnungen an Mieter gehen per SendGrid raus: {k}\nWarum landen sie im Spam?",
        k,
    )
    k = "sk-ant-api03-" + rs(B64U, 93) + "AA"
    S(
        "api_key",
        "Anthropic key in contract-review script, Hebrew",
        f"הסקריפט שלי לבדיקת חוזה שכירות משתמש במפתח {k} ומחזיר שגיאה 401",
        k,
    )
    t = rs(AN, 20) + "." + rs(AN, 40)
    S(
        "token",
        "Trading 212 style key, Burmese",
        f"ကျွန်တော့် broker API key က {t} ပါ။ dividend စာရင်းထုတ်ချင်လို့ပါ။",
        t,
    )
    t = "EAAA" + rs(B64U, 60)
    S(
        "token",
        "Square access token of a food stall",
        f"Square prod token {t} — need monthly totals for my quarterly estimated tax",
        t,
    )
    p = rs(DG, 6)
    S(
        "pin",
        "card PIN dictated to assistant, Arabic",
        f"ذكّرني: رقم البطاقة الجديدة وصل بالبريد والرقم السري {p}، لا تنسَ تغيير الحد اليومي",
        p,
    )
    p = pw(10)
    S(
        "password",
        "Excel password for salary sheet, Persian",
        f"فایل اکسل حقوق کارمندان رو با رمز {p} قفل کردم، حالا باز نمیشه. راهی هست؟",
        p,
    )


def sec_extra() -> None:
    k = rs(AN, 64)
    S(
        "exchange_api_key",
        "key split across lines in a chat",
        f"binance key is long so i split it:\n{k[:32]}\n{k[32:]}\nsecret comes next msg",
        k[:32],
        k[32:],
    )
    p = "".join(R.sample(["blau", "Katze", "Tisch", "Sonne", "Wolke"], 3)) + rs(DG, 4)
    S(
        "password",
        "dictated password, German voice note",
        f"Notiz per Sprache: Passwort fürs Mieterportal ist {p} großes K bei Katze, nicht vergessen",
        p,
    )
    d = rs(DG, 6)
    words = " ".join(
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"][int(c)]
        for c in d
    )
    S(
        "lock_code",
        "dictated door code",
        f"voice memo: the new smart lock code for the flat is {words}, tell the cleaner on friday",
        words,
    )
    k = "sk_live_" + rs(AN, 24)
    S(
        "api_key",
        "partially masked key still long",
        f"support asked me to confirm the key, I sent {k[:20]}•••••••• is that ok?",
        k[:20],
    )
    p = pw(12)
    S(
        "password",
        "password quoted in a pasted email, Czech",
        f"Od: správa nemovitostí\nPředmět: přístup do portálu\n\nDobrý den, vaše dočasné heslo je „{p}“. Po přihlášení si ho změňte.\nS pozdravem",
        p,
    )
    s = rs(B32, 32)
    S(
        "totp_secret",
        "2FA secret in a markdown table",
        f"| service | 2FA secret |\n|---|---|\n| broker | {s} |\n| bank | (sms) |",
        s,
    )
    k = rs(AN, 40)
    S(
        "token",
        "YNAB token in a shell history",
        f'$ curl -H \'Authorization: Bearer {k}\' https://api.ynab.com/v1/budgets\n{{"error":{{"id":"401"}}}}',
        k,
    )
    ph = seed(12)
    w = ph.split()
    S(
        "crypto_seed",
        "seed phrase across lines in Greek",
        f"Βρήκα σε σημείωμα του πατέρα μου:\n{' '.join(w[:6])}\n{' '.join(w[6:])}\nΤι κάνω για την κληρονομιά;",
        " ".join(w[:6]),
        " ".join(w[6:]),
    )
    p = rs(DG, 8)
    S(
        "pin",
        "bank card PIN code in Bengali script digits context",
        f"ATM পিন বদলেছি, নতুনটা {p} — লিখে রাখলাম যাতে ভুলে না যাই",
        p,
    )
    t = rs(HX, 64)
    S(
        "token",
        "Starling personal access token, Welsh English",
        f"STARLING_PAT={t}\n# only read:transactions scope",
        t,
    )
    p = pw(15)
    S(
        "password",
        "keystore password in Ethiopic-language note",
        f"የኪስ ቦርሳ (wallet) ፋይሉ ይለፍ ቃል፦ {p} — ለጠበቃው ስጠው",
        p,
    )
    c = rs(DG, 7)
    S(
        "lock_code",
        "garage code, Finnish",
        f"Autotallin ovikoodi on {c}, avaimet luovutetaan notaarin luona kaupantekopäivänä.",
        c,
    )


def pii_rows() -> None:
    nm = R.choice(["Jonas Weber", "Lena Schmitt", "Murat Yılmaz"])
    e, p = email(nm, "de"), phone("de")
    P(
        "contact",
        "tenant application, German",
        f"Bewerbung um die 3-Zimmer-Wohnung\nName: {nm}\nE-Mail: {e}\nMobil: {p}\nNettoeinkommen: 3.150 €",
        e,
        p,
    )
    ib = iban("DE")
    P(
        "iban",
        "deposit refund request, German",
        f"Sehr geehrte Frau Krüger, bitte überweisen Sie die Kaution (2.400 €) auf mein Konto {ib}, Kontoinhaber {R.choice(['F. Brandt', 'S. Öztürk'])}.",
        ib,
    )
    st = f"{R.choice(['Lindenstraße', 'Am Hang', 'Goethestr.', 'Bahnhofweg'])} {R.randint(2, 88)}{R.choice(['', 'a', 'b'])}, {R.randint(10115, 99998)} {R.choice(['Leipzig', 'Köln', 'Kassel', 'Freiburg'])}"
    P(
        "address",
        "termination letter, German",
        f"Kündigung des Mietverhältnisses\nMieter: Paul Hoffmann, {st}\nhiermit kündige ich fristgerecht zum 31.08.",
        st,
    )
    t = steuer_id()
    P(
        "tax_id",
        "payslip OCR, German",
        f"Entgeltabrechnung Mai\nPers.-Nr. {(pn := rs(DG, 6))}   Steuer-ID {t}   StKl 1\nBrutto 4.210,00  Netto 2.701,33",
        t,
        pn,
    )
    sv = f"{R.randint(10, 65)} {R.randint(1, 28):02d}{R.randint(1, 12):02d}{R.randint(60, 99)} {R.choice(UP)} {rs(DG, 3)}"
    P(
        "pension_number",
        "pension insurance number, German",
        f"Meine Rentenversicherungsnummer lautet {sv}, der neue Arbeitgeber braucht sie für die Anmeldung.",
        sv,
    )
    n = nir()
    P(
        "national_id",
        "French social security number",
        f"Pour la mutuelle de l'entreprise, il me faut mon numéro de sécu : {n}. C'est bien le bon format ?",
        n,
    )
    ib = iban("FR")
    P(
        "iban",
        "French RIB in pasted PDF text",
        f"RELEVÉ D'IDENTITÉ BANCAIRE\nTitulaire : M. Julien Moreau\nIBAN : {ib}\nBIC : {R.choice(['BNPAFRPP', 'SOGEFRPP', 'CRLYFRPP', 'AGRIFRPP'])}XXX",
        ib,
    )
    ad = f"{R.randint(1, 140)} {R.choice(['rue des Lilas', 'avenue Jean Jaurès', 'boulevard Voltaire', 'impasse du Moulin'])}, {R.choice(['69003 Lyon', '13005 Marseille', '31400 Toulouse', '44000 Nantes'])}"
    P(
        "address",
        "lease in French",
        f"Le bailleur loue au preneur, Mme Camille Girard, le logement situé {ad}, pour un loyer de 780 € charges comprises.",
        ad,
    )
    d = dni()
    P(
        "national_id",
        "Spanish DNI in rental contract",
        f"De otra parte, D. Alejandro Ruiz, mayor de edad, con DNI {d}, en calidad de ARRENDATARIO.",
        d,
    )
    x = nie()
    P(
        "national_id",
        "Spanish NIE for work permit",
        f"hola! ya tengo el NIE ({x}) pero la empresa dice que sin la TIE no me pueden dar de alta en la seguridad social?? es así?",
        x,
    )
    ss = f"{R.randint(1, 52):02d}/{rs(DG, 8)}/{rs(DG, 2)}"
    P(
        "pension_number",
        "Spanish social security affiliation",
        f"Nº afiliación SS: {ss}\nGrupo cotización 5, contrato indefinido",
        ss,
    )
    cf = codice_fiscale()
    cf = codice_fiscale()
    P(
        "tax_id",
        "Italian codice fiscale in 730",
        f"Devo fare il 730 per mia madre, il suo codice fiscale è {cf}. Posso delegare con lo SPID mio?",
        cf,
    )
    ib = iban("IT")
    P(
        "iban",
        "Italian landlord bonifico",
        f"Affitto di luglio: bonifico a Rossi Giuseppe, IBAN {ib.replace(' ', '')}, causale «canone luglio int. 4»",
        ib.replace(" ", ""),
    )
    pe = pesel()
    P(
        "national_id",
        "Polish PESEL in a loan application",
        f"Wniosek kredytowy – dane wnioskodawcy:\nImię i nazwisko: Katarzyna Nowak\nPESEL: {pe}\nZatrudnienie: umowa o pracę na czas nieokreślony",
        pe,
    )
    ni = nip()
    P(
        "tax_id",
        "Polish NIP of a sole trader (JDG)",
        f"Faktura wystawiona przez: Tomasz Wiśniewski Usługi IT, NIP {ni}, zwolniony z VAT na podst. art. 113",
        ni,
    )
    ib = iban("PL")
    P(
        "iban",
        "Polish account in a debt collector's letter",
        f"Wezwanie do zapłaty. Kwotę 1 284,50 zł należy wpłacić na rachunek dłużnika nr {ib[4:]} w terminie 7 dni.",
        ib[4:],
    )
    sn, inn = snils(), inn12()
    P(
        "national_id",
        "Russian HR onboarding",
        f"Для оформления на работу прислал в отдел кадров: СНИЛС {sn}, ИНН {inn}, трудовая книжка электронная.",
        sn,
        inn,
    )
    ph = phone("ru")
    P(
        "phone",
        "Russian debt collector call",
        f"Мне звонят коллекторы по чужому долгу, номер {ph}. Как им запретить звонить по 230-ФЗ?",
        ph,
    )
    r = rnokpp()
    P(
        "tax_id",
        "Ukrainian tax number for FOP",
        f"Я ФОП 3 групи, РНОКПП {r}. Чи треба подавати декларацію, якщо дохід був лише з Upwork?",
        r,
    )
    ib = iban("UA")
    P(
        "iban",
        "Ukrainian rent payment details",
        f"Реквізити для оплати оренди:\nОтримувач: Коваленко Олена\nIBAN: {ib.replace(' ', '')}\nПризначення: оплата за оренду квартири",
        ib.replace(" ", ""),
    )
    tc = tckn()
    P(
        "national_id",
        "Turkish ID in a rental deposit dispute",
        f"Ev sahibi depozitoyu iade etmiyor. Kira sözleşmesinde benim TC kimlik no {tc} yazıyor, icra takibi başlatabilir miyim?",
        tc,
    )
    ib = iban("TR")
    P(
        "iban",
        "Turkish IBAN in divorce alimony",
        f"Nafaka ödemeleri için IBAN: {ib}\nAlıcı: Elif Demir",
        ib,
    )
    a = afm()
    P(
        "tax_id",
        "Greek AFM for rental income",
        f"Ο ΑΦΜ μου είναι {a} και θέλω να δηλώσω το ενοίκιο από το διαμέρισμα στο Ε2. Τι κωδικό βάζω;",
        a,
    )
    ib = iban("GR")
    P(
        "iban",
        "Greek IBAN in inheritance",
        f"Για την αποδοχή κληρονομιάς ο συμβολαιογράφος ζήτησε IBAN: {ib}",
        ib,
    )
    i = il_id()
    P(
        "national_id",
        "Israeli ID in a police complaint",
        f"הגשתי תלונה במשטרה על הונאה, מספר ת.ז. שלי {i}, איך אני עוקב אחרי התיק?",
        i,
    )
    ph = phone("il")
    P(
        "phone",
        "Israeli landlord number",
        f"בעל הדירה לא עונה, הטלפון שלו {ph}, האם מותר לי לקזז את התיקון מהשכירות?",
        ph,
    )
    sid = saudi_id()
    P(
        "national_id",
        "Saudi national ID for a work contract",
        f"السلام عليكم، هذا رقم الهوية الوطنية {sid} لإكمال عقد العمل في نظام قوى، وشكراً",
        sid,
    )
    ib = iban("SA")
    P("iban", "Saudi IBAN salary transfer", f"رقم الآيبان لتحويل الراتب: {ib}\nالبنك: الراجحي", ib)
    ib = iban("AE")
    P(
        "iban",
        "UAE IBAN in end-of-service claim",
        f"Gratuity claim — please transfer to {ib.replace(' ', '')} (Emirates NBD). Labour complaint ref pending.",
        ib.replace(" ", ""),
    )
    ad = f"{R.choice(['Flat', 'Apt'])} {R.randint(101, 1804)}, {R.choice(['Al Nahda', 'Jumeirah Village Circle', 'Al Barsha 1'])}, Dubai"
    P(
        "address",
        "UAE Ejari tenant address",
        f"Ejari registration: tenant address {ad}, annual rent AED 68,000 in 4 cheques",
        ad,
    )
    aa = aadhaar()
    P(
        "national_id",
        "Aadhaar in Hindi rent agreement",
        f"किरायानामा: किरायेदार श्री राहुल वर्मा, आधार संख्या {aa}, मासिक किराया ₹18,000, सुरक्षा जमा ₹36,000",
        aa,
    )
    pn = pan_in()
    P(
        "tax_id",
        "Indian PAN for freelance invoice",
        f"Client is deducting TDS, they asked for my PAN: {pn}. Should I charge GST too? I'm under 20 lakh.",
        pn,
    )
    u = f"{rs(LO, R.randint(5, 8))}@{R.choice(['okaxis', 'okhdfcbank', 'ybl', 'paytm', 'oksbi'])}"
    P(
        "upi_id",
        "UPI ID for rent in Hinglish",
        f"bhai rent is UPI pe bhej dena: {u} — landlord uncle ko cash nahi chahiye",
        u,
    )
    ph = phone("bd")
    P(
        "phone",
        "Bangladeshi bKash number",
        f"ভাড়ার টাকা বিকাশে পাঠান: {ph} (পার্সোনাল), রেফারেন্সে ফ্ল্যাট নম্বর লিখবেন",
        ph,
    )
    nid = dg(10)
    P(
        "national_id",
        "Bangladesh NID for job",
        f"চাকরির আবেদনে জাতীয় পরিচয়পত্র নম্বর {nid} দিয়েছি, জন্ম তারিখ {(dob := f'{R.randint(1, 28):02d}/{R.randint(1, 12):02d}/{R.randint(1975, 2001)}')}",
        nid,
        dob,
    )
    ph = phone("in")
    P(
        "phone",
        "Gujarati broker contact",
        f"મારા શેર બ્રોકરનો નંબર {ph} છે, તેણે ડીમેટ ખાતામાંથી મંજૂરી વગર વેચાણ કર્યું",
        ph,
    )
    dm = f"{R.choice(['1201', '1208', '1203'])}{rs(DG, 12)}"
    P(
        "broker_account",
        "Indian demat account in Gujarati",
        f"ડીમેટ BO ID: {dm} — ટેક્સ માટે કેપિટલ ગેઇન સ્ટેટમેન્ટ કેવી રીતે કાઢવું?",
        dm,
    )
    e = email(R.choice(["karthik raman", "priya s"]), "in")
    P(
        "email",
        "Tamil job application email",
        f"வணக்கம், என் CV-ஐ HR-க்கு அனுப்ப வேண்டும். என் மின்னஞ்சல் {e}, போன் {(ph := phone('in'))}",
        e,
        ph,
    )
    ac = rs(DG, R.choice([11, 12, 14]))
    P(
        "bank_account",
        "Kannada salary account",
        f"ನನ್ನ ಸಂಬಳ ಖಾತೆ ಸಂಖ್ಯೆ {ac}, IFSC {R.choice(['SBIN', 'HDFC', 'ICIC', 'CNRB'])}0{rs(DG, 6)}. ಪಿಎಫ್ ಹಣ ಯಾಕೆ ಬಂದಿಲ್ಲ?",
        ac,
    )
    uan = "10" + rs(DG, 10)
    P(
        "pension_number",
        "Indian UAN (EPF)",
        f"My UAN is {uan} and the old employer hasn't approved the transfer claim on the EPFO portal for 2 months.",
        uan,
    )
    t = th_id()
    P(
        "national_id",
        "Thai ID in rental contract",
        f"สัญญาเช่าห้อง ผู้เช่า นายสมชาย ใจดี เลขประจำตัวประชาชน {t} ค่าเช่าเดือนละ 8,500 บาท เงินประกัน 2 เดือน",
        t,
    )
    ph = phone("th")
    P("phone", "Thai landlord phone", f"ติดต่อเจ้าของหอ {ph} เรื่องคืนเงินมัดจำ เขาบอกจะหักค่าทาสี", ph)
    ph = phone("mm")
    P("phone", "Burmese KBZPay number", f"အိမ်လခကို KBZPay နဲ့ ပို့ပေးပါ၊ ဖုန်းနံပါတ် {ph} ပါ။", ph)
    nrc = f"{R.randint(1, 14)}/{R.choice(['MaYaKa', 'KaMaYa', 'OuKaMa', 'LaMaNa'])}(N){rs(DG, 6)}"
    P("national_id", "Myanmar NRC number", f"NRC {nrc} နဲ့ ဘဏ်အကောင့်ဖွင့်ဖို့ ဘာစာရွက်တွေလိုလဲ", nrc)
    r = rrn()
    P(
        "national_id",
        "Korean RRN for jeonse contract",
        f"전세 계약서에 임차인 주민등록번호 {r} 적어야 하나요? 확정일자 받으려고요.",
        r,
    )
    ph = phone("kr")
    P(
        "phone",
        "Korean realtor phone",
        f"공인중개사 연락처 {ph} — 보증금 반환 소송 전에 내용증명 먼저 보내야 할까요?",
        ph,
    )
    mn = my_number()
    P(
        "national_id",
        "Japanese My Number for employer",
        f"会社からマイナンバーの提出を求められました。{mn} をメールで送っても大丈夫ですか？",
        mn,
    )
    zp = f"〒{R.randint(100, 989)}-{rs(DG, 4)}"
    ad = f"{zp} {R.choice(['東京都世田谷区太子堂', '大阪府大阪市北区梅田', '神奈川県横浜市港北区日吉'])}{R.randint(1, 5)}-{R.randint(1, 30)}-{R.randint(1, 20)}"
    P(
        "address",
        "Japanese address on moving-out notice",
        f"退去届\n現住所：{ad}\n退去予定日：3月31日\n敷金の返還をお願いします。",
        ad,
    )
    c = cn_id()
    P(
        "national_id",
        "Chinese resident ID in labor arbitration",
        f"劳动仲裁申请书\n申请人：王芳，女，身份证号 {c}\n请求：支付拖欠工资 23,400 元",
        c,
    )
    ph = phone("cn")
    P("phone", "Chinese landlord WeChat/phone", f"房东电话 {ph}，押金一直不退，能去哪里投诉？", ph)
    t = tw_id()
    P(
        "national_id",
        "Taiwanese ID in inheritance paperwork",
        f"辦理繼承登記，繼承人身分證字號 {t}，需要準備哪些文件？",
        t,
    )
    ph = phone("tw")
    P(
        "phone",
        "Taiwan phone of a notary office contact",
        f"代書的手機 {ph}，她說遺產稅申報要三個月內",
        ph,
    )
    gid = dg(11)
    P(
        "national_id",
        "Georgian personal number",
        f"ქირავნობის ხელშეკრულება: დამქირავებელი, პირადი ნომერი {gid}, ყოველთვიური ქირა 1200 ლარი",
        gid,
    )
    ib = iban("GE")
    P(
        "iban",
        "Georgian IBAN",
        f"ქირა გადმორიცხეთ ანგარიშზე {ib.replace(' ', '')}, დანიშნულება: ქირა",
        ib.replace(" ", ""),
    )
    ph = phone("am")
    P(
        "phone",
        "Armenian employer contact",
        f"Գործատուն չի վճարում վերջին աշխատավարձը, նրա հեռախոսը {ph} է։ Որտե՞ղ բողոքել։",
        ph,
    )
    ssc = dg(10)
    P(
        "national_id",
        "Armenian social card number",
        f"Սոցիալական քարտի համարը՝ {ssc}, պետք է հարկային հաշվարկի համար",
        ssc,
    )
    fan = grp(dg(16))
    P("national_id", "Ethiopian Fayda ID", f"የፋይዳ መታወቂያ ቁጥሬ {fan} ነው፤ ለባንክ ብድር ማመልከቻ ያስፈልጋል", fan)
    ph = phone("et")
    P("phone", "Ethiopian telebirr number", f"ኪራዩን በቴሌብር ይላኩ፦ {ph}", ph)
    rd = f"{R.choice(['УБ', 'ЧЕ', 'ФА', 'ДЮ'])}{R.randint(60, 99)}{R.randint(1, 12):02d}{R.randint(1, 28):02d}{rs(DG, 2)}"
    P(
        "national_id",
        "Mongolian register number",
        f"Зээлийн өргөдөл: овог нэр Батболд, регистрийн дугаар {rd}, сарын орлого 2.4 сая төгрөг",
        rd,
    )
    ph = phone("mn")
    P(
        "phone",
        "Mongolian landlord phone",
        f"Байрны эзэн {ph} утсаар холбогдоно уу, барьцааны мөнгө буцаагаагүй",
        ph,
    )
    cc = dg(12)
    P(
        "national_id",
        "Vietnamese CCCD in labor contract",
        f"Hợp đồng lao động: Người lao động Nguyễn Thị Lan, số CCCD {cc}, lương cơ bản 12.000.000 đồng",
        cc,
    )
    nik = f"{R.choice(['3174', '3273', '3578'])}{rs(DG, 2)}{R.randint(1, 28) + R.choice([0, 40]):02d}{R.randint(1, 12):02d}{R.randint(70, 99)}{rs(DG, 4)}"
    P(
        "national_id",
        "Indonesian NIK for BPJS",
        f"NIK saya {nik}, tapi BPJS Ketenagakerjaan bilang data tidak cocok dengan perusahaan",
        nik,
    )
    c = cpf()
    P(
        "tax_id",
        "Brazilian CPF in MEI invoice",
        f"Emiti a nota como MEI, mas o cliente pediu meu CPF ({c}) em vez do CNPJ. Tem problema?",
        c,
    )
    ph = phone("br")
    P(
        "phone",
        "Brazilian lawyer WhatsApp",
        f"o advogado do inventário me passou o zap dele {ph}, ele cobra 6% do espólio, é normal?",
        ph,
    )
    n = nino()
    P(
        "national_id",
        "UK NI number for new job",
        f"Starting a new job Monday and payroll wants my NI number — it's {n[:2]} {n[2:4]} {n[4:6]} {n[6:8]} {n[8]}. Do I also need a P45?",
        f"{n[:2]} {n[2:4]} {n[4:6]} {n[6:8]} {n[8]}",
    )
    s = ssn()
    P(
        "national_id",
        "US SSN in a mortgage pre-approval email",
        f"Hi Dana, for the pre-approval: SSN {s}, gross income $94,500, 2 years at current employer. Thanks, Mike",
        s,
    )
    b = bsn()
    P(
        "national_id",
        "Dutch BSN for huurtoeslag",
        f"Voor huurtoeslag vraagt de Belastingdienst mijn BSN: {b}. Mijn huur is €742, kom ik in aanmerking?",
        b,
    )
    ib = iban("NL")
    P(
        "iban",
        "Dutch IBAN in Tikkie-like message",
        f"Kun je je deel van de borg overmaken naar {ib}? t.n.v. S. de Vries",
        ib,
    )
    p = se_pnr()
    P(
        "national_id",
        "Swedish personnummer for rental contract",
        f"Hyresavtal andrahand: hyresgäst Erik Lindqvist, personnummer {p}, hyra 9 800 kr/mån",
        p,
    )
    h = hetu()
    P(
        "national_id",
        "Finnish HETU in a payroll form",
        f"Palkanlaskentaan: henkilötunnus {h}, verokortti liitteenä, tilinumero tulee erikseen",
        h,
    )
    ib = iban("FI")
    P("iban", "Finnish account for salary", f"Tilinumero palkanmaksua varten: {ib}", ib)
    rc = rodne()
    P(
        "national_id",
        "Czech birth number in car sale contract",
        f"Kupní smlouva na vozidlo\nProdávající: Petr Novák, r.č. {rc}\nKupní cena: 185 000 Kč",
        rc,
    )
    v = vin()
    P(
        "vehicle_vin",
        "Czech car sale VIN",
        f"VIN vozidla {v}, najeto 142 300 km — chci ověřit, zda není na leasing.",
        v,
    )
    c = cnp()
    P(
        "national_id",
        "Romanian CNP in court filing",
        f"Cerere de chemare în judecată\nReclamant: Ionescu Maria, CNP {c}\nObiect: restituire garanție locativă 3.000 lei",
        c,
    )
    ib = iban("RO")
    P(
        "iban",
        "Romanian IBAN",
        f"contul meu pt chirie e {ib.replace(' ', '')} la Banca Transilvania",
        ib.replace(" ", ""),
    )
    nf = nif_pt()
    P(
        "tax_id",
        "Portuguese NIF for recibo verde",
        f"Passei o recibo verde com o NIF {nf} mas o cliente diz que não aparece no e-fatura",
        nf,
    )
    ib = iban("PT")
    P("iban", "Portuguese IBAN in rental", f"IBAN do senhorio: {ib}\nRenda: 950€ até dia 8", ib)
    bn = be_nn()
    P(
        "national_id",
        "Belgian national number",
        f"Rijksregisternummer {bn} — voor de huurwaarborg bij de bank heb ik dit nodig toch?",
        bn,
    )
    ir = f"{R.randint(100, 999)}-{rs(DG, 6)}-{R.randint(1, 9)}"
    P(
        "national_id",
        "Iranian national code, Persian",
        f"کد ملی من {ir} هست، برای قرارداد اجاره در سامانه املاک لازمه؟",
        ir,
    )
    eg = f"{R.choice('23')}{R.randint(60, 99):02d}{R.randint(1, 12):02d}{R.randint(1, 28):02d}{R.choice(['01', '02', '21', '88'])}{rs(DG, 5)}"
    P(
        "national_id",
        "Egyptian national ID",
        f"الرقم القومي: {eg}\nمطلوب لعقد الإيجار الجديد في مدينة نصر",
        eg,
    )


def pii_extra() -> None:
    c = card()
    P(
        "card_number",
        "card in a chargeback dispute",
        f"I was charged twice for the storage unit. Card {grp(c)}, exp {R.randint(1, 12):02d}/{R.randint(26, 30)}. How do I file a chargeback?",
        grp(c),
    )
    c = card("37", 15)
    P(
        "card_number",
        "Amex in German complaint",
        f"Abbuchung vom Inkassobüro auf meine Amex {c[:4]} {c[4:10]} {c[10:]} ohne Zustimmung!",
        f"{c[:4]} {c[4:10]} {c[10:]}",
    )
    c = card()
    P(
        "card_number",
        "partially masked card with 10 visible digits",
        f"el banco me mandó: tarjeta {c[:6]}******{c[-4:]} bloqueada por seguridad",
        c[:6] + "******" + c[-4:],
    )
    c = card()
    P(
        "card_number",
        "OCR misread card on a receipt",
        f"KARTE: {c[:4]} {c[4:8].replace('0', 'O').replace('1', 'l')} {c[8:12]} {c[12:]}  VISA  Betrag 49,90",
        f"{c[:4]} {c[4:8].replace('0', 'O').replace('1', 'l')} {c[8:12]} {c[12:]}",
    )
    v = vin()
    P(
        "vehicle_vin",
        "used car purchase, English",
        f"Seller sent the VIN {v} — the carfax shows a salvage title in 2019, can I back out of the deposit?",
        v,
    )
    v = vin("WBA")
    P(
        "vehicle_vin",
        "insurance claim VIN, German",
        f"Schadenmeldung\nFahrzeug-Ident-Nr.: {v}\namtl. Kennzeichen: {(pl := R.choice(['B', 'M', 'HH', 'K', 'F']) + '-' + rs(UP, 2) + ' ' + str(R.randint(10, 9999)))}\nSchadentag 14.03.",
        v,
        pl,
    )
    v = vin("VF1")
    P(
        "vehicle_vin",
        "VIN in French car sale (cession)",
        f"certificat de cession : n° VIN {v}, immatriculation {(pl := f'{rs(UP, 2)}-{rs(DG, 3)}-{rs(UP, 2)}')}, kilométrage 98 500",
        v,
        pl,
    )
    pl = f"{R.choice(['34', '06', '35'])} {rs(UP, 3)} {R.randint(100, 999)}"
    P(
        "license_plate",
        "Turkish traffic fine plate",
        f"Plakam {pl} için trafik cezası geldi ama o gün araç serviste idi, itiraz nasıl yapılır?",
        pl,
    )
    pl = f"{R.randint(10, 99)}{R.choice('가나다라마거너더러머')} {rs(DG, 4)}"
    P(
        "license_plate",
        "Korean plate in accident",
        f"접촉사고 상대 차량 번호 {pl} 인데 보험사 연락이 없어요",
        pl,
    )
    pl = f"{rs(UP, 2)}{R.randint(10, 99)}{rs(UP, 3)}"
    P(
        "license_plate",
        "UK plate in parking charge notice",
        f"Got a parking charge notice for {pl[:4]} {pl[4:]} from a private car park, PCN says £100. Do I have to pay?",
        f"{pl[:4]} {pl[4:]}",
    )
    po = f"{R.choice(['HR', 'KFZ', 'LV'])}-{rs(DG, 3)}.{rs(DG, 3)}.{rs(DG, 3)}"
    P(
        "policy_number",
        "liability insurance policy, German",
        f"Versicherungsschein-Nr. {po}\nDer Wasserschaden beim Nachbarn – zahlt das meine Haftpflicht?",
        po,
    )
    cl = f"CLM-{R.randint(2024, 2026)}-{rs(DG, 7)}"
    P(
        "claim_number",
        "claim number in English",
        f"my claim {cl} for the stolen bike was denied because 'no proof of lock'. the policy number is {(po := rs(UP, 3) + rs(DG, 9))}",
        cl,
        po,
    )
    cl = f"SIN{rs(DG, 10)}"
    P(
        "claim_number",
        "French sinistre number",
        f"Mon numéro de sinistre est le {cl}, l'expert n'est toujours pas passé pour le dégât des eaux.",
        cl,
    )
    case = f"{R.randint(1, 40)} C {R.randint(100, 4999)}/{R.randint(23, 26)}"
    P(
        "case_number",
        "German court case of a private tenant",
        f"Aktenzeichen {case} beim Amtsgericht – Räumungsklage gegen mich, Termin am 12.11. Was muss ich mitbringen?",
        case,
    )
    case = f"RG n° {R.randint(23, 26)}/{rs(DG, 5)}"
    P(
        "case_number",
        "French case number",
        f"Convocation au tribunal judiciaire, {case}, pour la pension alimentaire. Mon avocat ne répond plus.",
        case,
    )
    cr = f"{R.choice(['ТО', 'КУСП'])} № {rs(DG, 5)}"
    P(
        "case_number",
        "Russian police report number",
        f"Заявление о мошенничестве зарегистрировано в {cr} от 03.06, деньги ушли на карту {(c := grp(card('2202')))}",
        cr,
        c,
    )
    wp = f"{rs(UP, 2)}{rs(DG, 7)}"
    P(
        "work_permit",
        "work permit number in Polish",
        f"Zezwolenie na pracę nr {wp} wygasa za miesiąc, pracodawca nie złożył wniosku o przedłużenie. Co robić?",
        wp,
    )
    brp = f"{rs(UP, 2)}{R.choice('X')}{rs(DG, 6)}"
    P(
        "work_permit",
        "UK BRP number",
        f"My BRP number is {brp} and the right-to-work share code is {(sc := rs(UP + DG, 3) + ' ' + rs(UP + DG, 3) + ' ' + rs(UP + DG, 3))}",
        brp,
        sc,
    )
    pp = f"{rs(UP, 2)}{rs(DG, 7)}"
    P(
        "passport",
        "passport number for a notary",
        f"The notary needs my passport no. {pp} (expires 2031) for the power of attorney for the house sale.",
        pp,
    )
    pp = f"{R.choice(['C', 'F', 'G', 'H', 'J', 'K'])}{rs('CFGHJKLMNPRTVWXYZ' + DG, 8)}"
    P(
        "passport",
        "German passport number OCR",
        f"REISEPASS / PASSPORT\nPassnummer: {pp}\nGültig bis: 2030",
        pp,
    )
    ib = iban("BE")
    P(
        "broker_account",
        "IBKR account and statement",
        f"IBKR account {(u := 'U' + rs(DG, 7))} — dividend withholding from the statement, and my settlement IBAN {ib}",
        u,
        ib,
    )
    ba = rs(DG, 8)
    P(
        "broker_account",
        "broker account number in Swedish",
        f"ISK-konto hos Avanza, kontonummer {ba}, hur räknar jag schablonskatten?",
        ba,
    )
    a = bech32_addr()
    P(
        "crypto_address",
        "bitcoin address in divorce asset list",
        f"Vermögensaufstellung Scheidung: BTC-Adresse {a}, Saldo ca. 0,41 BTC zum Stichtag",
        a,
    )
    a = legacy_addr()
    P(
        "crypto_address",
        "legacy BTC address from an old exchange",
        f"old mtgox withdrawal address was {a} — can i prove ownership for the claim?",
        a,
    )
    a = eth()
    P(
        "crypto_address",
        "ETH address in tax question, Dutch",
        f"Mijn wallet {a} heeft staking rewards, moet ik dat in box 3 opgeven?",
        a,
    )
    a = sol_addr()
    P(
        "crypto_address",
        "Solana address, Indonesian",
        f"Tolong kirim gaji freelance ke alamat Solana saya: {a}",
        a,
    )
    mt = f"{R.choice(['1ESY', '1EMH', '1ITF', '1LOG'])}{rs(DG, 10)}"
    P(
        "meter_number",
        "electricity meter number at move-in",
        f"Übergabeprotokoll: Zählernummer {mt}, Zählerstand 18.342,7 kWh, 3 Schlüssel übergeben",
        mt,
    )
    pdl = rs(DG, 14)
    P(
        "meter_number",
        "French PDL (Linky)",
        f"Pour l'ouverture du compteur, mon numéro PDL est {pdl}, relevé 23 105 kWh.",
        pdl,
    )
    dob = f"{R.randint(1, 28):02d}.{R.randint(1, 12):02d}.{R.randint(1960, 2001)}"
    P(
        "dob",
        "birth date in a CV",
        f"Lebenslauf\nAnna Schulz\ngeb. {dob} in Dresden\nBerufserfahrung: 2019–heute Buchhalterin",
        dob,
    )
    dob = f"{R.randint(1960, 2001)}年{R.randint(1, 12)}月{R.randint(1, 28)}日"
    P(
        "dob",
        "birth date in a Japanese resume",
        f"履歴書\n氏名 佐藤 健\n生年月日 {dob}生\n現住所は別紙",
        dob,
    )
    cols = ["name", "email", "phone", "iban", "rent"]
    rows = []
    sec: list[str] = []
    for nm in ["Mia Koch", "Ali Şahin", "Nina Berg"]:
        e, ph, ib = email(nm, "de"), phone("de"), iban("DE", spaced=False)
        rows.append(f"{nm},{e},{ph},{ib},{R.randint(600, 1400)}")
        sec += [e, ph, ib]
    P(
        "contact",
        "tenant list CSV of a small landlord",
        ",".join(cols) + "\n" + "\n".join(rows),
        *sec,
    )
    rows = []
    sec = []
    for nm in ["Ravi Patel", "Sofia Conti"]:
        e, pn = email(nm), rs(DG, 6)
        rows.append(f"| {nm} | {pn} | {e} | 3.400 |")
        sec += [pn, e]
    P(
        "payroll_number",
        "markdown payroll table",
        "| Employee | Payroll no. | Email | Gross |\n|---|---|---|---|\n" + "\n".join(rows),
        *sec,
    )
    acct = rs(DG, 10)
    ib = iban("DE", spaced=False)
    P(
        "bank_account",
        "JSON from a banking API",
        json.dumps(
            {
                "accounts": [
                    {
                        "iban": ib,
                        "ownerName": "Thomas Keller",
                        "product": "Girokonto",
                        "balance": {"amount": "1834.22", "currency": "EUR"},
                    }
                ],
                "customerId": acct,
            },
            indent=2,
        ),
        ib,
        acct,
    )
    words = ["null", "eins", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun"]
    digits = "01" + R.choice(["51", "52", "57", "76"]) + rs(DG, 8)
    said = " ".join(words[int(c)] for c in digits)
    P(
        "phone",
        "dictated phone number, German",
        f"Sprachnachricht: ruf bitte den Vermieter zurück, seine Nummer ist {said}, wegen der Nebenkostenabrechnung",
        said,
    )
    ib = iban("ES", spaced=False)
    P(
        "iban",
        "IBAN split across two lines",
        f"para la fianza:\n{ib[:12]}\n{ib[12:]}\ngracias!",
        ib[:12],
        ib[12:],
    )
    ib = iban("DE")
    P(
        "iban",
        "partially masked IBAN still identifying",
        f"Der Anwalt schrieb: Konto {ib[:14]}** **** 99 – ist das wirklich meins?",
        ib[:14],
    )
    h = f"@{rs(LO, 6)}_{R.choice(['invest', 'finanz', 'money', 'crypto'])}{R.randint(1, 99)}"
    P(
        "handle",
        "social handle of a scammer contact",
        f"Someone on Telegram {h} promised 30% per month if I sent USDT. I sent 2,000. Police said file online.",
        h,
    )
    ad = f"{R.randint(12, 990)} {R.choice(['Maple Ave', 'Oak St', 'W 34th St', 'Cedar Ln'])}, Apt {R.randint(1, 30)}{R.choice('ABCD')}, {R.choice(['Chicago, IL 606', 'Austin, TX 787', 'Boston, MA 021'])}{rs(DG, 2)}"
    P(
        "address",
        "US address in a security deposit demand letter",
        f"RE: Demand for return of security deposit\nTenant forwarding address: {ad}\nAmount withheld: $1,850",
        ad,
    )
    ln = f"{R.randint(10, 99)}{rs(DG, 8)}"
    P(
        "loan_number",
        "mortgage loan number, English",
        f"Our mortgage loan #{ln} is being transferred to a new servicer; the escrow shortage is $2,311. Is that normal?",
        ln,
    )
    db = f"{rs(UP, 2)}{rs(DG, 8)}"
    P(
        "debt_reference",
        "debt collector reference number",
        f"Received a letter from a collection agency, reference {db}, claiming I owe £612 to an old phone contract from 2017. Statute-barred?",
        db,
    )
    sv = f"{R.randint(1000, 9999)} {R.randint(1, 28):02d}{R.randint(1, 12):02d}{R.randint(60, 99)}"
    P(
        "pension_number",
        "Austrian SV number",
        f"Sozialversicherungsnummer {sv}, brauche ich die für die Arbeitnehmerveranlagung?",
        sv,
    )


# --------------------------------------------------------------- negatives


def m(a: int, b: int) -> str:
    return f"{R.randint(a, b):,}"


NEG = [
    lambda: (
        "tenant rights question, German",
        f"Darf der Vermieter die Kaltmiete von {m(700, 990)} € auf einmal um 20 % erhöhen? Laut § 558 BGB gilt doch die Kappungsgrenze von 15 % in Städten wie München.",
    ),
    lambda: (
        "deposit law, German",
        f"Die Kaution darf höchstens drei Nettokaltmieten betragen (§ 551 BGB). Bei {m(800, 1200)} € Miete also maximal {R.choice(['2.400', '2.850', '3.300'])} €, zahlbar in 3 Raten.",
    ),
    lambda: (
        "meter reading, anonymous",
        f"Zählerstand Strom beim Auszug: {R.randint(10000, 40000)},{R.randint(0, 9)} kWh, Wasser kalt {R.randint(100, 900)},{R.randint(100, 999)} m³. Wie rechne ich den Abschlag von {R.randint(60, 140)} € pro Monat nach?",
    ),
    lambda: (
        "French lease law",
        f"La loi n° 89-462 du 6 juillet 1989 prévoit un préavis d'un mois en zone tendue. Mon loyer passe de {R.randint(600, 950)} € à {R.randint(960, 1100)} € avec l'IRL du T{R.randint(1, 4)} {R.randint(2023, 2025)}, c'est légal ?",
    ),
    lambda: (
        "French tax forms",
        f"Micro-BNC : abattement de 34 %, plafond {R.choice(['77 700', '83 600'])} €. Je déclare {m(12000, 60000)} € de recettes case 5HQ de la 2042-C-PRO, c'est ça ?",
    ),
    lambda: (
        "Spanish IRPF",
        f"En la renta {R.randint(2023, 2025)}, ¿la deducción por alquiler de vivienda habitual del 10,05 % sigue existiendo para contratos anteriores al 1 de enero de 2015? Pago {R.randint(550, 1100)} €/mes.",
    ),
    lambda: (
        "Spanish labour law",
        f"Según el artículo 56 del Estatuto de los Trabajadores, el despido improcedente se indemniza con 33 días por año hasta 24 mensualidades. Con {R.randint(2, 15)} años y {m(1500, 3000)} € brutos, ¿cuánto sale aprox.?",
    ),
    lambda: (
        "Italian payslip terms",
        f"In busta paga vedo 'Trattamento integrativo 100,00' e 'Add. reg. {R.choice(['1,23', '1,73', '2,03'])}%'. Su una RAL di {m(24000, 42000)} euro quanto dovrei prendere netto al mese, con 14 mensilità?",
    ),
    lambda: (
        "Polish tax brackets",
        f"Skala podatkowa: 12% do 120 000 zł, powyżej 32%. Kwota wolna 30 000 zł. Zarobiłem {m(60000, 180000)} zł brutto w {R.randint(2023, 2025)}, ile wyjdzie podatku?",
    ),
    lambda: (
        "Russian tax deduction",
        f"Налоговый вычет за квартиру: максимум 2 000 000 ₽ по расходам, т.е. вернуть можно до 260 000 ₽. Я купил за {m(4000000, 9000000)} ₽ в {R.randint(2019, 2024)} году, подавать 3-НДФЛ в этом году?",
    ),
    lambda: (
        "Ukrainian FOP taxes",
        f"ФОП 3 група: єдиний податок 5% або 3% + ПДВ, ЄСВ мінімальний {R.choice(['1 760,00', '1 902,34'])} грн на місяць. Ліміт доходу на {R.randint(2024, 2025)} рік — {R.choice(['8 285 700', '9 336 700'])} грн?",
    ),
    lambda: (
        "Turkish rent increase cap",
        f"Kira artış sınırı TÜFE 12 aylık ortalaması, {R.randint(2024, 2025)} için %{R.choice(['58,51', '62,62', '65,93'])}. Kiram {m(12000, 30000)} TL, ev sahibi %100 istiyor, yasal mı?",
    ),
    lambda: (
        "Greek ENFIA",
        f"Ο ΕΝΦΙΑ για διαμέρισμα {R.randint(50, 120)} τ.μ. με τιμή ζώνης {m(1000, 2500)} €/τ.μ. πόσο περίπου βγαίνει; Η έκπτωση 20% ισχύει αν είναι ασφαλισμένο;",
    ),
    lambda: (
        "Hebrew rent law",
        f"לפי חוק השכירות ההוגנת (תיקון 2017), ערבות לא תעלה על שליש משכר הדירה כפול 12 או שלושה חודשי שכירות. אני משלם {m(4000, 9000)} ₪ — מה המקסימום?",
    ),
    lambda: (
        "Arabic labour law",
        f"حسب نظام العمل السعودي المادة 84، مكافأة نهاية الخدمة نصف راتب شهر عن كل سنة من السنوات الخمس الأولى. راتبي {m(6000, 20000)} ريال وخدمتي {R.randint(2, 9)} سنوات، كم تقريباً؟",
    ),
    lambda: (
        "Hindi income tax slabs",
        f"नई कर व्यवस्था में ₹{R.choice(['3,00,000', '4,00,000'])} तक कोई टैक्स नहीं, और धारा 87A के तहत छूट। मेरी सालाना आय ₹{m(600000, 1400000)} है, कितना टैक्स लगेगा?",
    ),
    lambda: (
        "Bengali rent question",
        f"ঢাকায় ২ বেডরুমের ফ্ল্যাটের ভাড়া {R.randint(18, 45)},০০০ টাকা, অগ্রিম তিন মাস চাইছে। বাড়ি ভাড়া নিয়ন্ত্রণ আইন ১৯৯১ অনুযায়ী এটা কি বৈধ?",
    ),
    lambda: (
        "Thai deposit",
        f"ตามประกาศ สคบ. ปี 2561 ผู้ให้เช่าเรียกเงินประกันได้ไม่เกิน 1 เดือน และต้องคืนภายใน 7 วัน ค่าเช่าผม {m(6000, 15000)} บาท",
    ),
    lambda: (
        "Korean jeonse math",
        f"전세 {R.randint(2, 6)}억 {R.randint(0, 9)}천만 원, 전월세 전환율 {R.choice(['4.5', '5.5'])}% 적용하면 월세로 얼마예요? 2년 계약, 갱신청구권 쓰면 5% 상한이죠?",
    ),
    lambda: (
        "Japanese resignation",
        f"退職金は勤続{R.randint(3, 20)}年で基本給{R.randint(20, 45)}万円×支給率{R.choice(['1.5', '2.0', '3.2'])}と規程にあります。所得税の退職所得控除は40万円×勤続年数で合っていますか？",
    ),
    lambda: (
        "Chinese social insurance",
        f"社保缴费基数上下限是多少？我月薪 {m(8000, 30000)} 元，养老 8%、医疗 2%、失业 0.5%、公积金 {R.choice(['7', '12'])}%，到手大概多少？",
    ),
    lambda: (
        "Traditional Chinese labor",
        f"勞基法第38條特休：滿{R.randint(1, 5)}年給{R.choice(['7', '10', '14'])}日。月薪 {m(30000, 80000)} 元，未休特休折算工資怎麼算？",
    ),
    lambda: (
        "Georgian tax",
        f"მცირე ბიზნესის სტატუსით გადასახადი 1%-ია, ლიმიტი 500 000 ლარი წელიწადში. შარშან შემოსავალი {m(40000, 200000)} ლარი მქონდა.",
    ),
    lambda: (
        "Armenian income tax",
        f"Եկամտային հարկը {R.randint(2024, 2025)}-ին 20% է։ Աշխատավարձս {m(300000, 900000)} դրամ է, կուտակային կենսաթոշակը 5% է, ձեռքիս ինչքան կմնա։",
    ),
    lambda: (
        "Amharic income tax",
        f"የኢትዮጵያ የገቢ ግብር ከ{m(10000, 14000)} ብር በላይ ለሆነ ወርሃዊ ደሞዝ 35% ነው? ደሞዜ {m(15000, 40000)} ብር ነው።",
    ),
    lambda: (
        "Mongolian loan rates",
        f"Орон сууцны 6%-ийн зээлийн урьдчилгаа 30%, хугацаа 30 жил. {R.randint(80, 250)} сая төгрөгийн байранд сарын төлбөр хэд вэ?",
    ),
    lambda: (
        "Vietnamese personal income tax",
        f"Giảm trừ gia cảnh bản thân 11 triệu, người phụ thuộc 4,4 triệu/tháng. Lương gross {R.randint(15, 60)} triệu thì thuế TNCN bao nhiêu?",
    ),
    lambda: (
        "Indonesian tax",
        f"PTKP TK/0 Rp54.000.000 per tahun, tarif PPh 21 5% sampai Rp60 juta. Gaji saya Rp{m(6000000, 20000000)} sebulan, berapa potongannya?",
    ),
    lambda: (
        "Brazilian FGTS",
        f"Na demissão sem justa causa recebo a multa de 40% do FGTS. Tenho R$ {m(8000, 60000)},{R.randint(10, 99)} de saldo, quanto dá? E o seguro-desemprego são {R.randint(3, 5)} parcelas?",
    ),
    lambda: (
        "Portuguese IRS",
        f"O IRS Jovem isenta {R.choice(['100%', '75%', '50%'])} no ano {R.randint(1, 5)}. Com rendimento de {m(15000, 40000)} € pago quanto de retenção na fonte, escalão {R.randint(3, 7)}?",
    ),
    lambda: (
        "Dutch box 3",
        f"Box 3 forfaitair rendement {R.choice(['2024', '2025'])}: spaargeld {R.choice(['1,03', '1,44'])}%, overige bezittingen {R.choice(['6,04', '5,88'])}%, heffingvrij vermogen €57.000. Ik heb €{m(60000, 200000)} in ETF's.",
    ),
    lambda: (
        "Swedish ISK tax",
        f"Schablonintäkt på ISK {R.randint(2024, 2025)} blir statslåneräntan + 1 procentenhet, minst 1,25 %. Med {m(100000, 900000)} kr i kapitalunderlag, vad blir skatten?",
    ),
    lambda: (
        "Finnish tax card",
        f"Verokortin tuloraja {m(20000, 50000)} € ja prosentti {R.randint(10, 30)},{R.randint(0, 9)} %. Lisäprosentti on {R.randint(30, 50)} %, miksi niin iso?",
    ),
    lambda: (
        "Czech car tax",
        f"Koupil jsem ojetinu za {m(150000, 450000)} Kč, převod na úřadě stál 800 Kč a ekologická daň 0 Kč pro Euro 4. Je STK platná {R.randint(1, 2)} roky?",
    ),
    lambda: (
        "Romanian tax",
        f"Impozitul pe venit e 10%, CASS 10%, CAS 25%. Ca PFA cu venit net de {m(40000, 200000)} lei, cât plătesc plafonat la {R.choice(['12', '24'])} salarii minime?",
    ),
    lambda: (
        "Persian rent",
        f"اجاره خانه {R.randint(15, 60)} میلیون تومان رهن و {R.randint(5, 25)} میلیون ماهانه است. سقف افزایش اجاره امسال ۲۵ درصد است؟",
    ),
    lambda: (
        "Burmese salary",
        f"လစာ {m(300000, 900000)} ကျပ် ရပါတယ်။ ဝင်ငွေခွန် ၁၀% ဖြတ်ရမလား။ နှစ်စဉ် ၄၈ သိန်းအထိ ကင်းလွတ်ခွင့်ရှိလား။",
    ),
    lambda: (
        "Tamil gold loan",
        f"தங்க நகைக் கடன் வட்டி {R.choice(['8.5', '9.25', '11'])}% ஆண்டுக்கு, {R.randint(20, 100)} கிராம் நகைக்கு எவ்வளவு கிடைக்கும்? LTV 75% என்கிறார்கள்.",
    ),
    lambda: (
        "Kannada home loan",
        f"₹{R.randint(30, 90)} ಲಕ್ಷ ಗೃಹ ಸಾಲ, {R.randint(15, 30)} ವರ್ಷ, ಬಡ್ಡಿ {R.choice(['8.40', '8.75', '9.10'])}% ಆದರೆ EMI ಎಷ್ಟು? ಸೆಕ್ಷನ್ 24(b) ಅಡಿ ₹2 ಲಕ್ಷ ಕಡಿತ ಸಿಗುತ್ತಾ?",
    ),
    lambda: (
        "Gujarati GST",
        f"GST નોંધણી માટે ટર્નઓવર મર્યાદા ₹40 લાખ (માલ) અને ₹20 લાખ (સેવા). મારી ફ્રીલાન્સ આવક ₹{m(800000, 1900000)} છે.",
    ),
    lambda: (
        "mortgage math, English",
        f"30-year fixed at {R.choice(['6.125', '6.875', '7.25'])}% on ${m(250000, 600000)} with 20% down — monthly P&I? And is PMI dropped at 78% LTV automatically under the Homeowners Protection Act of 1998?",
    ),
    lambda: (
        "US tax brackets",
        f"For {R.randint(2024, 2025)}, the 401(k) elective deferral limit is ${R.choice(['23,000', '23,500'])} and the catch-up for 50+ is $7,500. I make ${m(70000, 180000)} — how much to hit the 22% bracket ceiling?",
    ),
    lambda: (
        "UK tenancy deposit",
        f"Tenant Fees Act 2019 caps deposits at 5 weeks' rent where annual rent is under £50,000. Rent is £{m(900, 2400)} pcm, so the cap is about £{m(1000, 2800)}?",
    ),
    lambda: (
        "UK payslip codes",
        f"My tax code changed from 1257L to {R.choice(['1100L', 'K475', 'BR', '0T'])} on my April payslip. Gross £{m(2200, 4800)}.{R.randint(10, 99)}, NI £{R.randint(100, 300)}.{R.randint(10, 99)}. Why?",
    ),
    lambda: (
        "ETF ISINs public",
        f"Is it better to hold IE00B4L5Y983 (iShares Core MSCI World, TER 0.20%) or IE00BK5BQT80 (Vanguard FTSE All-World, TER 0.22%)? I invest €{R.randint(100, 900)} a month.",
    ),
    lambda: (
        "stock ISINs and tickers",
        f"Apple (ISIN US0378331005, ticker AAPL) pays ${R.choice(['0.25', '0.26'])} per share quarterly. With {R.randint(10, 300)} shares and 15% US withholding under the treaty, what lands in my account?",
    ),
    lambda: (
        "SEC CIK public",
        f"Where do I find Apple's 10-K? EDGAR CIK 0000320193, fiscal year ends in late September, revenue was about ${R.randint(380, 400)} billion.",
    ),
    lambda: (
        "public DNS resolvers",
        f"My trading app times out on the home router; I switched DNS to 1.1.1.1 and 8.8.8.8 and latency dropped to {R.randint(8, 30)} ms. Should I also add 9.9.9.9 as a fallback?",
    ),
    lambda: (
        "public DNS in German",
        f"Router-DNS auf 208.67.222.222 / 208.67.220.220 gestellt, seitdem lädt das Banking-Portal schneller ({R.randint(200, 900)} ms statt {R.randint(1, 4)} s).",
    ),
    lambda: (
        "bitcoin genesis hash",
        "The genesis block hash is 000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f — block 0, mined 3 January 2009, reward 50 BTC. Why can't those coins be spent?",
    ),
    lambda: (
        "release checksum",
        f"Downloaded the Electrum {R.choice(['4.5.5', '4.5.8'])} AppImage; SHA256SUMS says {hashlib.sha256(b'electrum-release-notes').hexdigest()} — how do I verify the GPG signature too?",
    ),
    lambda: (
        "software versions",
        f"Ledger Live {R.randint(2, 2)}.{R.randint(80, 99)}.{R.randint(0, 3)} asks me to update firmware to {R.choice(['2.2.3', '2.4.1'])} on my Nano S Plus. Is it safe with 0.{R.randint(1, 9)} BTC on it?",
    ),
    lambda: (
        "ISBN of a book",
        f"Is 'The Intelligent Investor' (ISBN {isbn13('978006055566')}) still worth reading, or 'A Random Walk Down Wall Street' first? Budget {R.randint(15, 40)} €.",
    ),
    lambda: (
        "ISBN German law book",
        f"Für Mietrecht empfiehlt mein Anwalt den Schmidt-Futterer, {R.randint(15, 16)}. Auflage, ISBN {isbn13('978340673' + rs(DG, 3))}, Preis {R.randint(250, 330)} €.",
    ),
    lambda: (
        "landmark coordinates",
        f"The flat is {R.randint(300, 900)} m from the Eiffel Tower (48.8584, 2.2945); agents ask €{m(38, 52)} per m² per month there. Is that normal for the 7th arrondissement?",
    ),
    lambda: (
        "landmark coordinates, Spanish",
        f"El piso está a {R.randint(5, 20)} minutos de la Sagrada Família (41.4036, 2.1744). Precio medio del barrio: {m(4500, 6500)} €/m².",
    ),
    lambda: (
        "EU regulation numbers",
        f"Under GDPR (Regulation (EU) 2016/679) Art. 15, can I demand my former employer's HR file within one month? They have {R.randint(2, 9)} years of my appraisals.",
    ),
    lambda: (
        "EU directive",
        f"MiCA (Regulation (EU) 2023/1114) applies to CASPs from 30 December 2024. Does that change how my {R.randint(1, 8)} exchange accounts report to the tax office under DAC8?",
    ),
    lambda: (
        "court public identifiers",
        f"The BGH ruling VIII ZR {R.randint(100, 399)}/{R.randint(18, 23)} on Schönheitsreparaturen — does it apply if my lease is from {R.randint(2005, 2015)}?",
    ),
    lambda: (
        "public ECLI",
        "Ist ECLI:DE:BVerfG:2021:rs20210325.2bvf000120 das Urteil zum Berliner Mietendeckel? Der wurde ja für nichtig erklärt.",
    ),
    lambda: (
        "public company register",
        f"Our employer is Siemens AG (HRB 6684, Amtsgericht München). Is the employee share plan matching 1:{R.randint(2, 3)} taxed as benefit in kind?",
    ),
    lambda: (
        "product and part numbers",
        f"The smart lock model is Nuki Smart Lock {R.choice(['3.0 Pro', '4th gen'])}, part no. {R.choice(['220553', '221010'])}, battery 4×AA, firmware {R.randint(3, 4)}.{R.randint(0, 9)}.{R.randint(1, 20)}. Landlord says I can't install it without permission.",
    ),
    lambda: (
        "appliance model numbers",
        f"Der Vermieter will die Waschmaschine (Bosch WAN28{R.randint(100, 299)}, {R.randint(6, 9)} kg, Baujahr {R.randint(2012, 2019)}) nicht ersetzen. Wer zahlt die Reparatur von {R.randint(180, 420)} €?",
    ),
    lambda: (
        "car model data",
        f"Golf VIII 1.5 eTSI, {R.randint(2020, 2023)}, {m(30000, 90000)} km, Listenpreis {m(29000, 36000)} €, Restwert laut DAT ca. {m(15000, 22000)} €. Fairer Preis?",
    ),
    lambda: (
        "fully masked card",
        f"Statement shows 'VISA ****{rs(DG, 4)}' charged £{R.randint(10, 99)}.{R.randint(10, 99)} by 'AMZN Mktp'. Is that a subscription?",
    ),
    lambda: (
        "fully masked IBAN",
        f"Die Bank zeigt nur DE** **** **** **** **{rs(DG, 2)} {rs(DG, 2)} an, Betrag −{R.randint(50, 900)},00 €, Verwendungszweck 'SEPA-Lastschrift'.",
    ),
    lambda: (
        "fully masked phone",
        f"Le SMS vient du +33 6 ** ** ** {rs(DG, 2)} et dit que mon colis est bloqué contre {R.randint(1, 3)},99 €. Arnaque ?",
    ),
    lambda: (
        "masked account in Japanese",
        f"通帳には「普通 ****{rs(DG, 3)}」とだけ表示され、{m(20000, 150000)}円の出金があります。",
    ),
    lambda: (
        "statistics",
        f"Median rent in Berlin rose {R.randint(5, 14)}.{R.randint(0, 9)}% year on year to €{R.randint(13, 17)}.{R.randint(10, 99)}/m²; vacancy is below 1%. Good time to buy?",
    ),
    lambda: (
        "inflation stats, Turkish",
        f"TÜİK'e göre yıllık enflasyon %{R.randint(30, 70)},{R.randint(10, 99)}, aylık %{R.randint(1, 4)},{R.randint(10, 99)}. Maaşım {m(20000, 60000)} TL, zam ne kadar olmalı?",
    ),
    lambda: (
        "exchange rates",
        f"EUR/USD {R.choice(['1.0842', '1.0915', '1.1021'])}, USD/JPY {R.randint(140, 158)}.{R.randint(10, 99)}. Should I convert my ¥{m(200000, 900000)} bonus now?",
    ),
    lambda: (
        "crypto prices",
        f"BTC at ${m(60000, 110000)}, ETH ${m(2000, 4500)}, gas {R.randint(5, 40)} gwei. If I bought 0.{R.randint(10, 99)} BTC at ${m(20000, 40000)} how much capital gains tax in Germany after the 1-year holding period? (none, right?)",
    ),
    lambda: (
        "dates and deadlines",
        f"The Steuererklärung {R.randint(2023, 2024)} deadline with a Steuerberater is {R.choice(['30.04.2026', '31.07.2026', '02.03.2026'])}; without one it was 31 July. Late fee is 0.25% per month, min 25 €.",
    ),
    lambda: (
        "appointment times",
        f"Wohnungsbesichtigung am {R.randint(1, 28)}.{R.randint(1, 12)}. um {R.randint(9, 18)}:{R.choice(['00', '15', '30', '45'])} Uhr, Schlüsselübergabe am 1. des Folgemonats um 10:00. Reicht ein Termin für beides?",
    ),
    lambda: (
        "invoice math",
        f"Net {m(1200, 9000)}.00 + 19% VAT = ? And if the client is in Austria with a valid UID, reverse charge under § 13b UStG means I invoice 0% VAT?",
    ),
    lambda: (
        "hourly rates",
        f"I charge €{R.randint(45, 120)}/h, billed {R.randint(60, 160)} h last month. After 30% set aside for taxes and €{R.randint(200, 600)} health insurance, what's left?",
    ),
    lambda: (
        "salary bands",
        f"Job ad says 'TV-L E{R.randint(9, 14)} Stufe {R.randint(1, 6)}, 39,8 Std./Woche'. What's that in gross per month as of {R.randint(2024, 2025)}?",
    ),
    lambda: (
        "pension percentages",
        f"Rentenniveau {R.choice(['48', '48,2'])} %, Beitragssatz {R.choice(['18,6', '18,8'])} % — mit {R.randint(20, 45)} Beitragsjahren und {R.randint(0, 1)},{R.randint(5, 9)} Entgeltpunkten im Schnitt, was bekomme ich?",
    ),
    lambda: (
        "loan comparison table",
        "| Bank | APR | Term | Monthly |\n|---|---|---|---|\n"
        + "\n".join(
            f"| {b} | {R.randint(3, 6)}.{R.randint(10, 99)}% | {R.choice([10, 15, 20])}y | €{m(900, 2200)} |"
            for b in ["Bank A", "Bank B", "Bank C"]
        )
        + "\nWhich is cheapest overall?",
    ),
    lambda: (
        "budget CSV without personal data",
        "month,rent,utilities,groceries,savings\n"
        + "\n".join(
            f"{mo},{R.randint(700, 1100)},{R.randint(80, 220)},{R.randint(250, 500)},{R.randint(100, 800)}"
            for mo in ["2025-01", "2025-02", "2025-03", "2025-04"]
        )
        + "\nwhy is my savings rate dropping?",
    ),
    lambda: (
        "portfolio TSV tickers",
        "ticker\tshares\tavg_cost\tlast\n"
        + "\n".join(
            f"{t}\t{R.randint(1, 80)}\t{R.randint(50, 400)}.{R.randint(10, 99)}\t{R.randint(50, 450)}.{R.randint(10, 99)}"
            for t in ["VWCE", "MSFT", "NOVO-B", "ASML"]
        )
        + "\nunrealised gain?",
    ),
    lambda: (
        "API JSON with only public fields",
        json.dumps(
            {
                "symbol": "BTCUSDT",
                "price": f"{R.randint(60000, 110000)}.{R.randint(10, 99)}",
                "time": 1735689600000 + R.randint(0, 10**8),
                "status": "TRADING",
                "baseAssetPrecision": 8,
            },
            indent=2,
        )
        + "\nWhat does baseAssetPrecision mean?",
    ),
    lambda: (
        "error codes",
        f'Binance returns {{"code":-{R.choice(["1021", "2015", "1013"])},"msg":"Timestamp for this request is outside of the recvWindow."}} with recvWindow=5000. My clock drift is {R.randint(1, 9)} s.',
    ),
    lambda: (
        "HTTP and versions",
        f"Using python-binance {R.choice(['1.0.19', '1.0.21'])} with Python 3.{R.randint(10, 12)}.{R.randint(1, 9)}; pip install ccxt=={R.randint(4, 4)}.{R.randint(2, 4)}.{R.randint(10, 90)} fails on Windows with error 0x80070005.",
    ),
    lambda: (
        "dictated amounts, voice note German",
        f"Sprachnotiz: Nebenkosten waren dreihundert{R.choice(['zwölf', 'vierzig', 'achtundfünfzig'])} Euro im Quartal, Heizung davon ungefähr hundertzwanzig, zweitausendvierundzwanzig war es weniger.",
    ),
    lambda: (
        "dictated amounts, voice note English",
        f"note to self: rent goes up to {R.choice(['fourteen fifty', 'twelve hundred', 'nine seventy-five'])} in march, deposit stays at two thousand four hundred, lease ends october thirty-first.",
    ),
    lambda: (
        "dictated amounts, Spanish",
        f"nota de voz: el alquiler sube a {R.choice(['ochocientos cincuenta', 'mil cien', 'novecientos veinte'])} euros en enero, la fianza son dos mensualidades, revisión por IPC.",
    ),
    lambda: (
        "OCR of a generic lease clause",
        f"§ 4 Miete und Neben-\nkosten\n(1) Die Grund­miete beträgt monatlich EUR {R.randint(600, 1200)},OO (in Worten: ...)\n(2) Vorauszahlung Betriebskosten EUR {R.randint(100, 300)},OO",
    ),
    lambda: (
        "OCR of a payslip header without identities",
        f"Abrechnungsmonat O{R.randint(1, 9)}/{R.randint(2024, 2025)}\nGesamtbrutto {m(2500, 6000)},OO\nLohnsteuer {R.randint(200, 900)},{R.randint(10, 99)}\nSoli O,OO\nKiSt O,OO",
    ),
    lambda: (
        "police statistics",
        f"According to the annual report, {m(100000, 300000)} cases of online fraud were recorded, up {R.randint(3, 15)}%; clearance rate {R.randint(20, 40)}.{R.randint(0, 9)}%. What are the odds they catch who scammed me?",
    ),
    lambda: (
        "court fees table",
        f"Gerichtskosten bei Streitwert {m(2000, 10000)} €: 3,0 Gebühren nach GKG, Anwalt 1,3 Verfahrens- + 1,2 Terminsgebühr nach RVG. Ungefähr wie viel?",
    ),
    lambda: (
        "notary fee Spanish",
        f"Los gastos de notaría para una compraventa de {m(150000, 400000)} € suelen ser entre 600 y 1.000 €, más el ITP del {R.choice(['6', '8', '10'])} % según la comunidad.",
    ),
    lambda: (
        "inheritance tax allowances, French",
        f"Abattement en ligne directe : 100 000 € par enfant, puis barème de 5 % à 45 %. Pour une succession de {m(200000, 900000)} € et {R.randint(1, 4)} enfants, combien ?",
    ),
    lambda: (
        "divorce percentages Italian",
        f"Nel divorzio l'assegno di mantenimento per un figlio è di solito tra il 15 e il 25% del reddito. Con {m(1800, 3500)} € netti al mese, quanto potrebbe decidere il giudice di Milano?",
    ),
    lambda: (
        "car tax Korean",
        f"중고차 취득세는 차량가액의 {R.choice(['7', '4'])}%, 공채 매입도 있다고요? {R.randint(1000, 4000)}만원짜리 차 사면 총 얼마 들어요?",
    ),
    lambda: (
        "fine amounts Russian",
        f"Штраф за превышение на 20–40 км/ч — 500 ₽, со скидкой 50% если оплатить за 20 дней. Пришло постановление на {R.choice(['750', '1 500', '500'])} ₽, обжаловать?",
    ),
    lambda: (
        "work visa thresholds, Dutch",
        f"De IND-norm voor kennismigranten boven 30 is €{m(5600, 5900)} bruto per maand in {R.randint(2024, 2025)}. Telt vakantiegeld van 8% mee?",
    ),
    lambda: (
        "blue card threshold German",
        f"Blaue Karte EU {R.randint(2024, 2025)}: Mindestgehalt {R.choice(['45.300', '48.300'])} € brutto/Jahr, für Engpassberufe {R.choice(['41.041,80', '43.759,80'])} €. Zählt das 13. Gehalt?",
    ),
    lambda: (
        "hashrate and mining numbers",
        f"My S19 does {R.randint(90, 110)} TH/s at {R.randint(3000, 3300)} W; electricity is €0.{R.randint(20, 35)}/kWh. At difficulty {R.randint(80, 120)}T is it still profitable?",
    ),
    lambda: (
        "room dimensions",
        f"Die Wohnung hat laut Mietvertrag {R.randint(55, 95)} m², gemessen sind es {R.randint(50, 90)},{R.randint(10, 99)} m². Ab 10 % Abweichung darf ich mindern (BGH VIII ZR 295/03)?",
    ),
]


def main() -> None:
    sec_rows()
    sec_rows()
    sec_extra()
    pii_rows()
    pii_rows()
    pii_extra()
    order = list(range(len(NEG))) * 2
    R.shuffle(order)
    for i in order[:180]:
        ctx, text = NEG[i]()
        N(ctx, text)
    R.shuffle(ROWS)
    with OUT.open("w", encoding="utf-8", newline="\n") as fh:
        for row in ROWS:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(Counter(r["category"] for r in ROWS))
    print(Counter(r["kind"] for r in ROWS))


if __name__ == "__main__":
    main()
