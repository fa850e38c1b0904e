# ruff: noqa: E501
"""Blind scrub corpus #6.

Written without opening the scrubber: its source, its tests, its docs, the
benchmark script and the earlier corpora were not opened or run while this
file was written (only the file format and the ``add()`` checks of corpus #5
were looked at). The contents come only from general knowledge of what people
paste into a chat assistant and of the public shapes of credentials and
personal data.

Deterministic: every random value comes from one seeded ``random.Random``, so
running ``python bench/data/scrub/make_blind6.py`` again writes the same
``blind6.jsonl`` (next to this script) byte for byte. Standard library only.

One JSON object per line::

    {"text": str, "category": "secret" | "pii" | "negative", "kind": str,
     "secrets": [str, ...], "context": str}

``secrets`` holds exact substrings of ``text`` (each at least 6 characters)
that must not survive scrubbing. Negatives have kind ``"negative"`` and an
empty list: nothing in them is secret or personal, and they must come out
unchanged. Random parts of keys are generated here (no documented example
keys), identity numbers carry valid check digits where the real format has
one, card numbers are Luhn-valid but not published test numbers, and no
reserved example domains or fictional phone ranges are used.
"""

from __future__ import annotations

import base64
import hashlib
import json
import random
import string
import unicodedata
import urllib.parse
from collections import Counter
from pathlib import Path

R = random.Random(6_0712_2026)
OUT = Path(__file__).with_name("blind6.jsonl")

UP = string.ascii_uppercase
LO = string.ascii_lowercase
DG = string.digits
AN = UP + LO + DG
HX = "0123456789abcdef"
HXU = "0123456789ABCDEF"
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


# ---------------------------------------------------------------- random helpers


def rs(alpha: str, n: int) -> str:
    return "".join(R.choice(alpha) for _ in range(n))


def rd(n: int) -> str:
    """n random digits, the first one not zero."""
    return R.choice("123456789") + rs(DG, n - 1)


def rbytes(n: int) -> bytes:
    return bytes(R.getrandbits(8) for _ in range(n))


def b64(b: bytes) -> str:
    return base64.b64encode(b).decode()


def b64u(b: bytes) -> str:
    return base64.urlsafe_b64encode(b).decode().rstrip("=")


def uuid4() -> str:
    h = rs(HX, 32)
    h = h[:12] + "4" + h[13:16] + R.choice("89ab") + h[17:]
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def wrap(s: str, n: int = 64) -> str:
    return "\n".join(s[i : i + n] for i in range(0, len(s), n))


def ascii_fold(s: str) -> str:
    s = s.replace("ø", "o").replace("Ø", "O").replace("ł", "l").replace("ß", "ss").replace("ı", "i")
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def day() -> tuple[int, int]:
    return R.randint(1, 28), R.randint(1, 12)


def dob_s(fmt: str) -> str:
    d, m = day()
    y = R.randint(1950, 2004)
    return fmt.format(d=d, m=m, y=y)


def ts() -> str:
    d, m = day()
    return f"2026-{m:02d}-{d:02d}T{R.randint(0, 23):02d}:{R.randint(0, 59):02d}:{R.randint(0, 59):02d}.{R.randint(0, 999):03d}Z"


# ---------------------------------------------------------------- check digits


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
    return luhn_digit(num[:-1]) == num[-1]


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


def verhoeff_digit(payload: str) -> str:
    c = 0
    for i, ch in enumerate(reversed(payload)):
        c = _VD[c][_VP[(i + 1) % 8][int(ch)]]
    return str(_VINV[c])


def verhoeff_ok(num: str) -> bool:
    c = 0
    for i, ch in enumerate(reversed(num)):
        c = _VD[c][_VP[i % 8][int(ch)]]
    return c == 0


assert verhoeff_digit("236") == "3" and verhoeff_ok("2363")


def mod97_iban(country: str, bban: str) -> str:
    rearranged = bban + country + "00"
    digits = "".join(str(int(c, 36)) for c in rearranged)
    check = 98 - int(digits) % 97
    return f"{country}{check:02d}{bban}"


def iban_ok(iban: str) -> bool:
    s = iban[4:] + iban[:4]
    return int("".join(str(int(c, 36)) for c in s)) % 97 == 1


def group(s: str, n: int = 4) -> str:
    return " ".join(s[i : i + n] for i in range(0, len(s), n))


# ---------------------------------------------------------------- national ids


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
        p = R.choice(first) + R.choice(second)
        if p not in {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}:
            break
    return f"{p} {rs(DG, 2)} {rs(DG, 2)} {rs(DG, 2)} {R.choice('ABCD')}"


def ca_sin() -> str:
    p = R.choice("1234567") + rs(DG, 7)
    n = p + luhn_digit(p)
    return f"{n[:3]} {n[3:6]} {n[6:]}"


def au_tfn() -> str:
    w = [1, 4, 3, 7, 5, 8, 6, 9, 10]
    while True:
        p = rd(8)
        s = sum(int(d) * x for d, x in zip(p, w, strict=False))
        c = s % 11
        if c < 10:
            n = p + str(c)
            assert sum(int(d) * x for d, x in zip(n, w, strict=False)) % 11 == 0
            return f"{n[:3]} {n[3:6]} {n[6:]}"


def in_aadhaar() -> str:
    p = R.choice("23456789") + rs(DG, 10)
    n = p + verhoeff_digit(p)
    assert verhoeff_ok(n)
    return f"{n[:4]} {n[4:8]} {n[8:]}"


def in_pan() -> str:
    return rs(UP, 3) + "P" + rs(UP, 1) + rs(DG, 4) + rs(UP, 1)


def br_cpf() -> str:
    d = [R.randint(0, 9) for _ in range(9)]
    for length in (9, 10):
        s = sum(v * (length + 1 - i) for i, v in enumerate(d[:length]))
        r = s % 11
        d.append(0 if r < 2 else 11 - r)
    n = "".join(map(str, d))
    return f"{n[:3]}.{n[3:6]}.{n[6:9]}-{n[9:]}"


CURP_CHARS = "0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ"


def mx_curp(female: bool) -> str:
    vowels = "AEIOU"
    cons = "BCDFGHJKLMNPQRSTVWXYZ"
    yy = R.randint(60, 99)
    mm = R.randint(1, 12)
    dd = R.randint(1, 28)
    state = R.choice(["DF", "JC", "NL", "PL", "VZ", "GT", "MC", "YN", "BC", "OC"])
    base = (
        R.choice(cons)
        + R.choice(vowels)
        + R.choice(cons)
        + R.choice(vowels + cons)
        + f"{yy:02d}{mm:02d}{dd:02d}"
        + ("M" if female else "H")
        + state
        + R.choice(cons)
        + R.choice(cons)
        + R.choice(cons)
        + R.choice(DG)
    )
    s = sum(CURP_CHARS.index(c) * (18 - i) for i, c in enumerate(base))
    return base + str((10 - s % 10) % 10)


def de_steuer_id() -> str:
    while True:
        digits = R.sample(DG, 9)
        digits.append(R.choice(digits))
        R.shuffle(digits)
        if digits[0] != "0":
            break
    s10 = "".join(digits)
    return s10 + _steuer_check(s10)


def _steuer_check(s10: str) -> str:
    product = 10
    for ch in s10:
        total = (int(ch) + product) % 10
        if total == 0:
            total = 10
        product = (total * 2) % 11
    check = 11 - product
    return "0" if check == 10 else str(check)


assert _steuer_check("8609574271") == "9"


def fr_nir(female: bool) -> str:
    sex = "2" if female else "1"
    yy = R.randint(50, 99)
    mm = R.randint(1, 12)
    dept = R.choice([f"{x:02d}" for x in range(1, 96) if x != 20])
    commune = R.randint(1, 899)
    order = R.randint(1, 999)
    n13 = f"{sex}{yy:02d}{mm:02d}{dept}{commune:03d}{order:03d}"
    key = 97 - int(n13) % 97
    return f"{n13[0]} {n13[1:3]} {n13[3:5]} {n13[5:7]} {n13[7:10]} {n13[10:13]} {key:02d}"


DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"


def es_dni() -> str:
    n = R.randint(10_000_000, 79_999_999)
    return f"{n:08d}{DNI_LETTERS[n % 23]}"


def es_nie() -> str:
    pre = R.choice("XYZ")
    n = R.randint(0, 9_999_999)
    full = int(str("XYZ".index(pre)) + f"{n:07d}")
    return f"{pre}{n:07d}{DNI_LETTERS[full % 23]}"


_CF_ODD = dict(zip("0123456789", [1, 0, 5, 7, 9, 13, 15, 17, 19, 21], strict=False))
_CF_ODD.update(
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
        strict=False,
    )
)


def _cf_check(s15: str) -> str:
    total = 0
    for i, c in enumerate(s15):
        if i % 2 == 0:
            total += _CF_ODD[c]
        else:
            total += int(c) if c.isdigit() else ord(c) - 65
    return chr(65 + total % 26)


assert _cf_check("RSSMRA85T10A562") == "S"


def it_codice_fiscale(female: bool) -> str:
    cons = "BCDFGHJKLMNPQRSTVZ"
    yy = R.randint(55, 99)
    month = R.choice("ABCDEHLMPRST")
    dd = R.randint(1, 28) + (40 if female else 0)
    place = R.choice(["H501", "F205", "L219", "F839", "G273", "A944", "D612", "L736", "C351"])
    s15 = rs(cons, 3) + rs(cons, 2) + R.choice("AEIO") + f"{yy:02d}{month}{dd:02d}{place}"
    return s15 + _cf_check(s15)


def nl_bsn() -> str:
    while True:
        p = rd(8)
        s = sum(int(d) * w for d, w in zip(p, range(9, 1, -1), strict=False))
        c = s % 11
        if c < 10:
            n = p + str(c)
            assert (s - c) % 11 == 0
            return n


def be_national_number(female: bool) -> str:
    yy = R.choice(list(range(45, 100)) + list(range(0, 7)))
    born_2000 = yy < 10
    mm = R.randint(1, 12)
    dd = R.randint(1, 28)
    serial = R.randrange(2 if female else 1, 998, 2)
    nine = f"{yy:02d}{mm:02d}{dd:02d}{serial:03d}"
    base = int(("2" if born_2000 else "") + nine)
    check = 97 - base % 97
    return f"{nine[0:2]}.{nine[2:4]}.{nine[4:6]}-{nine[6:9]}.{check:02d}"


def pl_pesel(female: bool) -> str:
    yy = R.choice(list(range(50, 100)) + list(range(0, 7)))
    mm = R.randint(1, 12)
    if yy < 10:
        mm += 20
    dd = R.randint(1, 28)
    serial = rs(DG, 3) + R.choice("02468" if female else "13579")
    p = f"{yy:02d}{mm:02d}{dd:02d}{serial}"
    w = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]
    s = sum(int(d) * x for d, x in zip(p, w, strict=False))
    return p + str((10 - s % 10) % 10)


def se_personnummer() -> str:
    yy = R.randint(40, 99)
    mm = R.randint(1, 12)
    dd = R.randint(1, 28)
    p = f"{yy:02d}{mm:02d}{dd:02d}{rs(DG, 3)}"
    return f"{p[:6]}-{p[6:]}{luhn_digit(p)}"


def no_fodselsnummer() -> str:
    w1 = [3, 7, 6, 1, 8, 9, 4, 5, 2]
    w2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]
    while True:
        d, m = day()
        p = f"{d:02d}{m:02d}{R.randint(50, 99):02d}{R.randint(0, 499):03d}"
        k1 = 11 - sum(int(a) * b for a, b in zip(p, w1, strict=False)) % 11
        k1 = 0 if k1 == 11 else k1
        if k1 == 10:
            continue
        p += str(k1)
        k2 = 11 - sum(int(a) * b for a, b in zip(p, w2, strict=False)) % 11
        k2 = 0 if k2 == 11 else k2
        if k2 == 10:
            continue
        return p + str(k2)


def fi_hetu() -> str:
    d, m = day()
    yy = R.randint(0, 99)
    sign = "A" if yy < 6 else "-"
    z = R.randint(2, 899)
    n = int(f"{d:02d}{m:02d}{yy:02d}{z:03d}")
    return f"{d:02d}{m:02d}{yy:02d}{sign}{z:03d}" + "0123456789ABCDEFHJKLMNPRSTUVWXY"[n % 31]


def dk_cpr() -> str:
    w = [4, 3, 2, 7, 6, 5, 4, 3, 2, 1]
    while True:
        d, m = day()
        p = f"{d:02d}{m:02d}{R.randint(40, 99):02d}{rs(DG, 3)}"
        s = sum(int(a) * b for a, b in zip(p, w, strict=False))
        c = (11 - s % 11) % 11
        if c < 10:
            n = p + str(c)
            assert sum(int(a) * b for a, b in zip(n, w, strict=False)) % 11 == 0
            return f"{n[:6]}-{n[6:]}"


def cz_rodne_cislo(female: bool) -> str:
    while True:
        yy = R.randint(55, 99)
        mm = R.randint(1, 12) + (50 if female else 0)
        dd = R.randint(1, 28)
        p = f"{yy:02d}{mm:02d}{dd:02d}{rs(DG, 3)}"
        c = int(p) % 11
        if c < 10:
            n = p + str(c)
            assert int(n) % 11 == 0
            return f"{n[:6]}/{n[6:]}"


def tr_tc_kimlik() -> str:
    d = [R.randint(1, 9)] + [R.randint(0, 9) for _ in range(8)]
    d10 = ((d[0] + d[2] + d[4] + d[6] + d[8]) * 7 - (d[1] + d[3] + d[5] + d[7])) % 10
    d.append(d10)
    d.append(sum(d) % 10)
    return "".join(map(str, d))


def il_teudat_zehut() -> str:
    p = rs(DG, 8)
    s = 0
    for i, ch in enumerate(p):
        v = int(ch) * (1 if i % 2 == 0 else 2)
        s += v - 9 if v > 9 else v
    return p + str((10 - s % 10) % 10)


def za_id(female: bool) -> str:
    yy = R.randint(60, 99)
    mm = R.randint(1, 12)
    dd = R.randint(1, 28)
    g = R.randint(0, 4999) if female else R.randint(5000, 9999)
    p = f"{yy:02d}{mm:02d}{dd:02d}{g:04d}08"
    return p + luhn_digit(p)


def cn_resident_id() -> str:
    region = R.choice(["110101", "310104", "440305", "510107", "330106", "420106", "320102"])
    y = R.randint(1965, 2002)
    mm = R.randint(1, 12)
    dd = R.randint(1, 28)
    p = f"{region}{y}{mm:02d}{dd:02d}{rs(DG, 3)}"
    w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return p + "10X98765432"[sum(int(a) * b for a, b in zip(p, w, strict=False)) % 11]


def jp_my_number() -> str:
    p = rs(DG, 11)
    total = 0
    for n in range(1, 12):
        pn = int(p[11 - n])
        qn = n + 1 if n <= 6 else n - 5
        total += pn * qn
    r = total % 11
    c = 0 if r <= 1 else 11 - r
    n = p + str(c)
    return f"{n[:4]} {n[4:8]} {n[8:]}"


def kr_rrn(female: bool) -> str:
    yy = R.randint(60, 99)
    mm = R.randint(1, 12)
    dd = R.randint(1, 28)
    p = f"{yy:02d}{mm:02d}{dd:02d}{'2' if female else '1'}{rs(DG, 5)}"
    w = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5]
    c = (11 - sum(int(a) * b for a, b in zip(p, w, strict=False)) % 11) % 10
    return f"{p[:6]}-{p[6:]}{c}"


def pt_nif() -> str:
    while True:
        p = R.choice("123") + rs(DG, 7)
        c = 11 - sum(int(d) * (9 - i) for i, d in enumerate(p)) % 11
        if c < 10:
            return p + str(c)
        if c in (10, 11):
            return p + "0"


def at_svnr() -> str:
    w = [3, 7, 9, 0, 5, 8, 4, 2, 1, 6]
    while True:
        d, m = day()
        serial = f"{R.randint(100, 999)}"
        birth = f"{d:02d}{m:02d}{R.randint(50, 99):02d}"
        s = sum(int(a) * b for a, b in zip(serial + "0" + birth, w, strict=False))
        if s % 11 < 10:
            return f"{serial}{s % 11} {birth}"


def ch_ahv() -> str:
    p = "756" + rs(DG, 9)
    c = (10 - sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(p)) % 10) % 10
    n = p + str(c)
    return f"{n[:3]}.{n[3:7]}.{n[7:11]}.{n[11:]}"


def ie_ppsn() -> str:
    p = rs(DG, 7)
    r = sum(int(d) * (8 - i) for i, d in enumerate(p)) % 23
    return p + "WABCDEFGHIJKLMNOPQRSTUV"[r]


def nhs_number() -> str:
    while True:
        p = rd(9)
        s = sum(int(d) * w for d, w in zip(p, range(10, 1, -1), strict=False))
        c = 11 - s % 11
        c = 0 if c == 11 else c
        if c < 10:
            n = p + str(c)
            return f"{n[:3]} {n[3:6]} {n[6:]}"


def au_medicare() -> str:
    p = R.choice("23456") + rs(DG, 7)
    w = [1, 3, 7, 9, 1, 3, 7, 9]
    c = sum(int(a) * b for a, b in zip(p, w, strict=False)) % 10
    n = p + str(c) + R.choice("123456789")
    return f"{n[:4]} {n[4:9]} {n[9]}"


def us_mbi() -> str:
    letters = "ACDEFGHJKMNPQRTUVWXY"
    alnum = letters + DG
    s = (
        R.choice("123456789")
        + R.choice(letters)
        + R.choice(alnum)
        + R.choice(DG)
        + R.choice(letters)
        + R.choice(alnum)
        + R.choice(DG)
        + R.choice(letters)
        + R.choice(letters)
        + R.choice(DG)
        + R.choice(DG)
    )
    return f"{s[:4]}-{s[4:7]}-{s[7:]}"


def de_kvnr() -> str:
    letter = R.choice(UP)
    body = rs(DG, 8)
    digits = f"{ord(letter) - 64:02d}" + body
    s = 0
    for i, ch in enumerate(digits):
        v = int(ch) * (1 if i % 2 == 0 else 2)
        s += v // 10 + v % 10
    return letter + body + str(s % 10)


def mrz_check(s: str) -> str:
    w = [7, 3, 1]
    total = 0
    for i, c in enumerate(s):
        v = 0 if c == "<" else int(c) if c.isdigit() else ord(c) - 55
        total += v * w[i % 3]
    return str(total % 10)


def us_routing() -> str:
    while True:
        p = f"{R.choice([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 21, 22, 26, 31, 32]):02d}" + rs(
            DG, 6
        )
        for c in DG:
            n = p + c
            d = [int(x) for x in n]
            if (
                3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + (d[2] + d[5] + d[8])
            ) % 10 == 0:
                return n


def mx_clabe() -> str:
    p = R.choice(["002", "012", "014", "021", "072", "127"]) + rs(DG, 14)
    w = [3, 7, 1] * 6
    s = sum((int(a) * b) % 10 for a, b in zip(p, w, strict=False))
    return p + str((10 - s % 10) % 10)


# ---------------------------------------------------------------- banking / cards


def iban(country: str) -> str:
    if country == "DE":
        bban = rd(8) + rs(DG, 10)
    elif country == "GB":
        bban = R.choice(["NWBK", "BARC", "LOYD", "HBUK", "MIDL", "CITI"]) + rs(DG, 6) + rs(DG, 8)
    elif country == "FR":
        bank, branch, acct = rs(DG, 5), rs(DG, 5), rs(DG, 11)
        key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(acct)) % 97
        bban = f"{bank}{branch}{acct}{key:02d}"
    elif country == "ES":
        w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]
        bank, branch, acct = rs(DG, 4), rs(DG, 4), rs(DG, 10)

        def dc(s: str) -> str:
            c = 11 - sum(int(a) * b for a, b in zip(s, w, strict=False)) % 11
            return "0" if c == 11 else "1" if c == 10 else str(c)

        bban = bank + branch + dc("00" + bank + branch) + dc(acct) + acct
    elif country == "IT":
        bban = R.choice(UP) + rs(DG, 5) + rs(DG, 5) + rs(DG, 12)
    elif country == "NL":
        while True:
            acct = rs(DG, 10)
            if sum(int(d) * (10 - i) for i, d in enumerate(acct)) % 11 == 0:
                break
        bban = R.choice(["ABNA", "INGB", "RABO", "SNSB", "TRIO", "KNAB"]) + acct
    elif country == "BE":
        ten = rs(DG, 10)
        c = int(ten) % 97 or 97
        bban = f"{ten}{c:02d}"
    elif country == "PL":
        bban = rs(DG, 24)
    elif country == "CH":
        bban = rs(DG, 5) + rs(DG, 12)
    elif country == "AT":
        bban = rs(DG, 16)
    elif country == "IE":
        bban = R.choice(["AIBK", "BOFI", "IPBS"]) + rs(DG, 6) + rs(DG, 8)
    elif country == "PT":
        bban = rs(DG, 21)
    else:
        raise ValueError(country)
    out = mod97_iban(country, bban)
    assert iban_ok(out)
    return out


TEST_CARDS = {
    "4111111111111111",
    "4242424242424242",
    "5555555555554444",
    "4012888888881881",
    "378282246310005",
    "371449635398431",
    "6011111111111117",
    "5105105105105100",
    "4000056655665556",
    "3530111333300000",
    "4000000000000002",
    "5200828282828210",
}


def card(brand: str) -> str:
    if brand == "visa":
        p, length = "4" + rs(DG, 5), 16
    elif brand == "mastercard":
        p, length = R.choice(["51", "52", "53", "54", "55", "2221", "2367", "2720"]), 16
    elif brand == "amex":
        p, length = R.choice(["34", "37"]), 15
    elif brand == "discover":
        p, length = "6011", 16
    elif brand == "jcb":
        p, length = "35" + str(R.randint(28, 89)), 16
    elif brand == "maestro":
        p, length = R.choice(["6759", "6763"]), 16
    else:
        raise ValueError(brand)
    p += rs(DG, length - 1 - len(p))
    n = p + luhn_digit(p)
    assert luhn_ok(n) and n not in TEST_CARDS and len(n) == length
    return n


def fmt_card(n: str) -> str:
    if len(n) == 15:
        return f"{n[:4]} {n[4:10]} {n[10:]}"
    return group(n)


# ---------------------------------------------------------------- names / places

FIRST_F = [
    "Olivia",
    "Sofía",
    "Hannah",
    "Chloé",
    "Giulia",
    "Sanne",
    "Zofia",
    "Astrid",
    "Aino",
    "Freja",
    "Tereza",
    "Ayşe",
    "Noa",
    "Thandiwe",
    "Li Na",
    "Yui",
    "Seo-yeon",
    "Priya",
    "Camila",
    "Ana",
    "Grace",
    "Siobhan",
    "Amara",
    "Fatima",
    "Anastasia",
    "Ingrid",
    "Maëlle",
    "Lucía",
    "Beatriz",
    "Kateřina",
]
FIRST_M = [
    "Liam",
    "Mateo",
    "Lukas",
    "Marco",
    "Daan",
    "Jakub",
    "Erik",
    "Mikko",
    "Mads",
    "Ondřej",
    "Emre",
    "Yosef",
    "Sipho",
    "Wei",
    "Haruto",
    "Min-jun",
    "Arjun",
    "João",
    "Ethan",
    "Oisín",
    "Kwame",
    "Omar",
    "Nikolai",
    "Tobias",
    "Rafael",
    "Bartosz",
    "Henrik",
    "Tomás",
    "Dmitri",
    "Kenji",
]
LAST = [
    "Walker",
    "Okafor",
    "García",
    "Hoffmann",
    "Dubois",
    "Rossi",
    "de Vries",
    "Nowak",
    "Lindqvist",
    "Virtanen",
    "Jensen",
    "Novák",
    "Yılmaz",
    "Cohen",
    "Nkosi",
    "Zhang",
    "Sato",
    "Kim",
    "Sharma",
    "Oliveira",
    "Murphy",
    "Mensah",
    "Haddad",
    "Petrov",
    "Kowalczyk",
    "Fernández",
    "Bianchi",
    "Schneider",
    "Moreau",
    "Andersen",
    "Bergström",
    "Thompson",
    "Nguyen",
    "Santos",
    "Ibrahim",
    "Brennan",
    "Fitzgerald",
    "Lefèvre",
    "Kaczmarek",
    "Haugen",
    "Pietilä",
    "Esposito",
    "Krüger",
]


def person(female: bool | None = None) -> tuple[str, str]:
    if female is None:
        female = R.random() < 0.5
    return R.choice(FIRST_F if female else FIRST_M), R.choice(LAST)


MAIL_DOMAINS = [
    "gmail.com",
    "outlook.com",
    "hotmail.co.uk",
    "yahoo.co.jp",
    "gmx.de",
    "web.de",
    "orange.fr",
    "libero.it",
    "proton.me",
    "icloud.com",
    "mail.ru",
    "wp.pl",
    "seznam.cz",
    "t-online.de",
    "bigpond.com",
    "uol.com.br",
    "free.fr",
    "naver.com",
    "yahoo.es",
    "live.nl",
    "telia.com",
    "eircom.net",
    "hotmail.com",
    "yandex.ru",
    "gmx.at",
]


def email_for(first: str, last: str, domain: str | None = None) -> str:
    f = ascii_fold(first).lower().replace(" ", "").replace("-", "")
    l_ = ascii_fold(last).lower().replace(" ", "").replace("'", "")
    style = R.randint(0, 4)
    local = [
        f"{f}.{l_}",
        f"{f[0]}{l_}",
        f"{f}{l_}{R.randint(1, 99)}",
        f"{f}_{l_}",
        f"{l_}.{f}{R.randint(70, 99)}",
    ][style]
    return f"{local}@{domain or R.choice(MAIL_DOMAINS)}"


# ---------------------------------------------------------------- phones


def ph_us() -> str:
    area = R.choice([212, 415, 312, 617, 206, 512, 303, 404, 702, 919, 646, 213, 718, 305, 615])
    while True:
        ex = R.randint(201, 989)
        if ex != 555 and ex % 100 != 11:
            break
    line = R.randint(1000, 9999)
    return R.choice(
        [
            f"({area}) {ex}-{line}",
            f"+1 {area} {ex} {line}",
            f"{area}.{ex}.{line}",
            f"1-{area}-{ex}-{line}",
            f"{area}-{ex}-{line}",
        ]
    )


def ph_uk_mobile() -> str:
    while True:
        n = "7" + R.choice("45789") + rs(DG, 8)
        if not n.startswith("7700900"):
            break
    return R.choice(
        [f"0{n[:4]} {n[4:]}", f"+44 {n[:4]} {n[4:]}", f"+44 (0){n[:4]} {n[4:7]} {n[7:]}"]
    )


def ph_uk_london() -> str:
    while True:
        a, b = R.randint(300, 899), R.randint(1000, 9999)
        if a != 946:
            break
    return R.choice([f"020 7{a} {b}", f"+44 20 7{a} {b}", f"(020) 8{a} {b}"])


PHONES = {
    "de": lambda: R.choice(
        [
            f"+49 151 {rs(DG, 4)} {rs(DG, 4)}",
            f"0171 {rs(DG, 7)}",
            f"+49 (0)30 {rs(DG, 4)} {rs(DG, 4)}",
            f"089 / {rs(DG, 3)} {rs(DG, 3)} {rs(DG, 2)}",
        ]
    ),
    "fr": lambda: (
        R.choice(["06 ", "07 ", "+33 6 ", "+33 1 "]) + " ".join(rs(DG, 2) for _ in range(4))
    ),
    "es": lambda: f"+34 6{rs(DG, 2)} {rs(DG, 3)} {rs(DG, 3)}",
    "it": lambda: f"+39 3{rs(DG, 2)} {rs(DG, 3)} {rs(DG, 4)}",
    "nl": lambda: R.choice([f"06-{rs(DG, 8)}", f"+31 6 {rs(DG, 4)} {rs(DG, 4)}"]),
    "br": lambda: R.choice([f"+55 11 9{rs(DG, 4)}-{rs(DG, 4)}", f"(21) 9{rs(DG, 4)}-{rs(DG, 4)}"]),
    "in": lambda: R.choice(
        [f"+91 9{rs(DG, 4)} {rs(DG, 5)}", f"+91-8{rs(DG, 9)}", f"098{rs(DG, 3)} {rs(DG, 5)}"]
    ),
    "jp": lambda: R.choice(
        [
            f"090-{rs(DG, 4)}-{rs(DG, 4)}",
            f"+81 80-{rs(DG, 4)}-{rs(DG, 4)}",
            f"03-{rs(DG, 4)}-{rs(DG, 4)}",
        ]
    ),
    "cn": lambda: f"+86 13{R.randint(0, 9)} {rs(DG, 4)} {rs(DG, 4)}",
    "au": lambda: R.choice(
        [
            f"04{R.choice('0123568')}{rs(DG, 1)} {rs(DG, 3)} {rs(DG, 3)}",
            f"+61 4{R.choice('0123568')}{rs(DG, 1)} {rs(DG, 3)} {rs(DG, 3)}",
            f"(02) 9{rs(DG, 3)} {rs(DG, 4)}",
        ]
    ),
    "mx": lambda: f"+52 55 {rs(DG, 4)} {rs(DG, 4)}",
    "za": lambda: R.choice([f"+27 82 {rs(DG, 3)} {rs(DG, 4)}", f"083 {rs(DG, 3)} {rs(DG, 4)}"]),
    "ng": lambda: f"+234 803 {rs(DG, 3)} {rs(DG, 4)}",
    "ru": lambda: f"+7 (9{rs(DG, 2)}) {rs(DG, 3)}-{rs(DG, 2)}-{rs(DG, 2)}",
    "kr": lambda: f"010-{rs(DG, 4)}-{rs(DG, 4)}",
    "pl": lambda: f"+48 5{rs(DG, 2)} {rs(DG, 3)} {rs(DG, 3)}",
    "se": lambda: f"070-{rs(DG, 3)} {rs(DG, 2)} {rs(DG, 2)}",
    "ie": lambda: f"+353 8{R.choice('3567')} {rs(DG, 3)} {rs(DG, 4)}",
    "ca": lambda: R.choice(
        [f"(604) {R.randint(201, 989)}-{rs(DG, 4)}", f"+1 416 {R.randint(201, 989)} {rs(DG, 4)}"]
    ),
    "ph": lambda: f"+63 917 {rs(DG, 3)} {rs(DG, 4)}",
    "tr": lambda: f"+90 5{rs(DG, 2)} {rs(DG, 3)} {rs(DG, 2)} {rs(DG, 2)}",
    "sg": lambda: f"+65 9{rs(DG, 3)} {rs(DG, 4)}",
    "nz": lambda: f"+64 21 {rs(DG, 3)} {rs(DG, 4)}",
    "ke": lambda: f"+254 7{rs(DG, 2)} {rs(DG, 6)}",
    "eg": lambda: f"+20 10 {rs(DG, 4)} {rs(DG, 4)}",
    "id": lambda: f"+62 812-{rs(DG, 4)}-{rs(DG, 4)}",
    "ch": lambda: f"+41 79 {rs(DG, 3)} {rs(DG, 2)} {rs(DG, 2)}",
    "pt": lambda: f"+351 91{R.randint(0, 9)} {rs(DG, 3)} {rs(DG, 3)}",
    "gr": lambda: f"+30 69{rs(DG, 2)} {rs(DG, 3)} {rs(DG, 3)}",
    "ar": lambda: f"+54 9 11 {rs(DG, 4)}-{rs(DG, 4)}",
}

_BIP39_TEXT = """abandon ability able about above absent absorb abstract absurd abuse access accident account accuse
achieve acid acoustic acquire across act action actor actress actual adapt add addict address adjust admit
adult advance advice aerobic affair afford afraid again age agent agree ahead aim air airport aisle alarm
album alcohol alert alien all alley allow almost alone alpha already also alter always amateur amazing among
amount amused analyst anchor ancient anger angle angry animal ankle announce annual another answer antenna
antique anxiety any apart apology appear apple approve april arch arctic area arena argue arm armed armor
army around arrange arrest arrive arrow art artefact artist artwork ask aspect assault asset assist assume
asthma athlete atom attack attend attitude attract auction audit august aunt author auto autumn average
avocado avoid awake aware away awesome awful awkward axis baby bachelor bacon badge bag balance balcony ball
bamboo banana banner bar barely bargain barrel base basic basket battle beach bean beauty because become
beef before begin behave behind believe below belt bench benefit best betray better between beyond bicycle
bid bike bind biology bird birth bitter black blade blame blanket blast bleak bless blind blood blossom
blouse blue blur blush board boat body boil bomb bone bonus book boost border boring borrow boss bottom
bounce box boy bracket brain brand brass brave bread breeze brick bridge brief bright bring brisk broccoli
broken bronze broom brother brown brush bubble buddy budget buffalo build bulb bulk bullet bundle bunker
burden burger burst bus business busy butter buyer buzz cabbage cabin cable cactus cage cake call calm
camera camp can canal cancel candy cannon canoe canvas canyon capable capital captain car carbon card cargo
carpet carry cart case cash casino castle casual cat catalog catch category cattle caught cause caution cave
ceiling celery cement census century cereal certain chair chalk champion change chaos chapter charge chase
chat cheap check cheese chef cherry chest chicken chief child chimney choice choose chronic chuckle chunk
churn cigar cinnamon circle citizen city civil claim clap clarify claw clay clean clerk clever click client
cliff climb clinic clip clock clog close cloth cloud clown club clump cluster clutch coach coast coconut code
coffee coil coin collect color column combine come comfort comic common company concert conduct confirm
congress connect consider control convince cook cool copper copy coral core corn correct cost cotton couch
country couple course cousin cover coyote crack cradle craft cram crane crash crater crawl crazy cream credit
creek crew cricket crime crisp critic crop cross crouch crowd crucial cruel cruise crumble crunch crush cry
crystal cube culture cup cupboard curious current curtain curve cushion custom cute cycle dad damage damp
dance danger daring dash daughter dawn day deal debate debris decade december decide decline decorate
decrease deer defense define defy degree delay deliver demand demise denial dentist deny depart depend
deposit depth deputy derive describe desert design desk despair destroy detail detect develop device devote
diagram dial diamond diary dice diesel diet differ digital dignity dilemma dinner dinosaur direct dirt
disagree discover disease dish dismiss disorder display distance divert divide divorce dizzy doctor document
dog doll dolphin domain donate donkey donor door dose double dove draft dragon drama drastic draw dream dress
drift drill drink drip drive drop drum dry duck dumb dune during dust dutch duty dwarf dynamic eager eagle
early earn earth easily east easy echo ecology economy edge edit educate effort egg eight either elbow elder
electric elegant element elephant elevator elite else embark embody embrace emerge emotion employ empower
empty enable enact end endless endorse enemy energy enforce engage engine enhance enjoy enlist enough enrich
enroll ensure enter entire entry envelope episode equal equip era erase erode erosion error erupt escape
essay essence estate eternal ethics evidence evil evoke evolve exact example excess exchange excite exclude
excuse execute exercise exhaust exhibit exile exist exit exotic expand expect expire explain expose express
extend extra eye eyebrow fabric face faculty fade faint faith fall false fame family famous fan fancy fantasy
farm fashion fat fatal father fatigue fault favorite feature february federal fee feed feel female fence
festival fetch fever few fiber fiction field figure file film filter final find fine finger finish fire firm
first fiscal fish fit fitness fix flag flame flash flat flavor flee flight flip float flock floor flower
fluid flush fly foam focus fog foil fold follow food foot force forest forget fork fortune forum forward
fossil foster found fox fragile frame frequent fresh friend fringe frog front frost frown frozen fruit fuel
fun funny furnace fury future gadget gain galaxy gallery game gap garage garbage garden garlic garment gas
gasp gate gather gauge gaze general genius genre gentle genuine gesture ghost giant gift giggle ginger giraffe
girl give glad glance glare glass glide glimpse globe gloom glory glove glow glue goat goddess gold good goose
gorilla gospel gossip govern gown grab grace grain grant grape grass gravity great green grid grief grit
grocery group grow grunt guard guess guide guilt guitar gun gym habit hair half hammer hamster hand happy
harbor hard harsh harvest hat have hawk hazard head health heart heavy hedgehog height hello helmet help hen
hero hidden high hill hint hip hire history hobby hockey hold hole holiday hollow home honey hood hope horn
horror horse hospital host hotel hour hover hub huge human humble humor hundred hungry hunt hurdle hurry hurt
husband hybrid"""
BIP39 = _BIP39_TEXT.split()
assert len(set(BIP39)) == len(BIP39)


def seed_phrase(n: int) -> str:
    return " ".join(R.choice(BIP39) for _ in range(n))


def b58encode(b: bytes) -> str:
    n = int.from_bytes(b, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = B58[r] + out
    pad = len(b) - len(b.lstrip(b"\0"))
    return "1" * pad + out


def b58check(payload: bytes) -> str:
    chk = hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
    return b58encode(payload + chk)


def crc24(data: bytes) -> int:
    crc = 0xB704CE
    for byte in data:
        crc ^= byte << 16
        for _ in range(8):
            crc <<= 1
            if crc & 0x1000000:
                crc ^= 0x1864CFB
    return crc & 0xFFFFFF


# ---------------------------------------------------------------- key material


def jwt(payload: dict, alg: str = "HS256") -> str:
    h = b64u(json.dumps({"alg": alg, "typ": "JWT"}, separators=(",", ":")).encode())
    p = b64u(json.dumps(payload, separators=(",", ":")).encode())
    sig = b64u(rbytes(32 if alg.startswith("HS") else 256))
    return f"{h}.{p}.{sig}"


def pem(label: str, der: bytes, headers: str = "") -> tuple[str, str]:
    body = wrap(b64(der), 64)
    return f"-----BEGIN {label}-----\n{headers}{body}\n-----END {label}-----", body


def der_fill(prefix_hex: str, total: int) -> bytes:
    pre = bytes.fromhex(prefix_hex)
    return pre + rbytes(total - len(pre))


def rsa_pkcs1() -> tuple[str, str]:
    return pem("RSA PRIVATE KEY", der_fill("308204a4020100028201010000", 1192))


def pkcs8_rsa() -> tuple[str, str]:
    return pem(
        "PRIVATE KEY",
        der_fill(
            "308204be020100300d06092a864886f70d0101010500048204a8308204a40201000282010100", 1218
        ),
    )


def ec_key() -> tuple[str, str]:
    der = (
        bytes.fromhex("30770201010420")
        + rbytes(32)
        + bytes.fromhex("a00a06082a8648ce3d030107a144034200")
        + b"\x04"
        + rbytes(64)
    )
    assert len(der) == 121
    return pem("EC PRIVATE KEY", der)


def dsa_key() -> tuple[str, str]:
    return pem("DSA PRIVATE KEY", der_fill("308201bb02010002818100", 447))


def encrypted_pkcs8() -> tuple[str, str]:
    return pem(
        "ENCRYPTED PRIVATE KEY",
        der_fill("3082052c305606092a864886f70d01050d3049303106092a864886f70d01050c3024", 1328),
    )


def sshstr(b: bytes) -> bytes:
    return len(b).to_bytes(4, "big") + b


def openssh_ed25519(comment: str) -> tuple[str, str, str]:
    pub, seed = rbytes(32), rbytes(32)
    pubblob = sshstr(b"ssh-ed25519") + sshstr(pub)
    chk = rbytes(4)
    priv = (
        chk
        + chk
        + sshstr(b"ssh-ed25519")
        + sshstr(pub)
        + sshstr(seed + pub)
        + sshstr(comment.encode())
    )
    i = 1
    while len(priv) % 8:
        priv += bytes([i])
        i += 1
    blob = (
        b"openssh-key-v1\0"
        + sshstr(b"none")
        + sshstr(b"none")
        + sshstr(b"")
        + (1).to_bytes(4, "big")
        + sshstr(pubblob)
        + sshstr(priv)
    )
    body = wrap(b64(blob), 70)
    return (
        f"-----BEGIN OPENSSH PRIVATE KEY-----\n{body}\n-----END OPENSSH PRIVATE KEY-----",
        body,
        f"ssh-ed25519 {b64(pubblob)} {comment}",
    )


def openssh_rsa() -> tuple[str, str]:
    pubblob = sshstr(b"ssh-rsa") + sshstr(b"\x01\x00\x01") + sshstr(b"\x00" + rbytes(256))
    blob = (
        b"openssh-key-v1\0"
        + sshstr(b"none")
        + sshstr(b"none")
        + sshstr(b"")
        + (1).to_bytes(4, "big")
        + sshstr(pubblob)
        + sshstr(rbytes(1640))
    )
    body = wrap(b64(blob), 70)
    return f"-----BEGIN OPENSSH PRIVATE KEY-----\n{body}\n-----END OPENSSH PRIVATE KEY-----", body


def pgp_private() -> tuple[str, str, str]:
    data = (
        b"\x94\x58\x04"
        + rbytes(4)
        + bytes.fromhex("16092b06010401da470f01010740")
        + rbytes(32)
        + b"\x00\x01\x00"
        + rbytes(700)
    )
    body = wrap(b64(data), 64)
    crc = "=" + b64(crc24(data).to_bytes(3, "big"))
    return (
        f"-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n{body}\n{crc}\n-----END PGP PRIVATE KEY BLOCK-----",
        body,
        crc,
    )


PW_WORDS = [
    "Bluebird",
    "Kartoffel",
    "Soleil",
    "Mariposa",
    "Tramonto",
    "Zonnebloem",
    "Wiewiorka",
    "Sakura",
    "Fjordland",
    "Lavendel",
    "Pumpkin",
    "Kilimanjaro",
    "Baguette",
    "Capybara",
    "Nordlicht",
    "Trovador",
    "Gelato",
    "Oktoberfest",
    "Moonshine",
    "Pinguino",
    "Aurora",
    "Kaffeetasse",
    "Sunflower",
    "Dragonfly",
    "Marmelade",
    "Hedgehog",
    "Tulipan",
    "Borealis",
    "Cinnamon",
]
SYM = "!#$%&*?@+="


def pw_human() -> str:
    w = R.choice(PW_WORDS)
    if R.random() < 0.35:
        w = w.replace("a", "@", 1).replace("o", "0")
    return w + str(R.randint(10, 9999)) + R.choice("!#$%&*?")


def pw_strong(n: int = 16) -> str:
    while True:
        s = rs(AN + "!#%&*+-=?@^_", n)
        if any(c in "!#%&*+-=?@^_" for c in s) and any(c.isdigit() for c in s) and s[0].isalnum():
            return s


def pw_url(n: int = 18) -> str:
    return rs(AN, n)


COMPANIES = [
    "brightlane-logistics",
    "nordwerk-analytics",
    "copperfield-health",
    "quillon-retail",
    "helix-harbour",
    "tallowbyte",
    "rivermint-energy",
    "ostara-foods",
    "kestrel-payroll",
]


# ================================================================ SECRETS
# ---- named service tokens in varied surroundings

CLASSNAME = {}


def _slug(svc: str) -> str:
    return "".join(c for c in svc.lower() if c.isalnum()) or "svc"


def t_chat(svc, env, v):
    return (
        "chat",
        f"My {svc} calls started failing with 401 this morning. This is the key I'm using: {v}\nDid they change the format or is it revoked?",
    )


def t_env(svc, env, v):
    return "config", f"# .env.production\nNODE_ENV=production\nPORT=3000\n{env}={v}\nLOG_LEVEL=info"


def t_py(svc, env, v):
    var = env.lower()
    return (
        "code",
        f'import requests\n\n{var} = "{v}"  # TODO: move to env\n\n\ndef call(path):\n    return requests.get(BASE_URL + path, headers={{"Authorization": f"Bearer {{{var}}}"}}, timeout=10)',
    )


def t_js(svc, env, v):
    return (
        "code",
        f"// {svc} client setup\nimport {{ createClient }} from './client.js';\n\nconst client = createClient({{\n  apiKey: '{v}',\n  timeout: 10_000,\n}});\n\nexport default client;",
    )


def t_yaml(svc, env, v):
    return (
        "config",
        f'{_slug(svc)}:\n  enabled: true\n  api_key: "{v}"\n  region: eu-west-1\n  retries: 3',
    )


def t_json(svc, env, v):
    return "config", json.dumps(
        {"service": svc, "credentials": {"token": v}, "retries": 3, "debug": False},
        indent=2,
        ensure_ascii=False,
    )


def t_log(svc, env, v):
    return (
        "log",
        f"{ts()} DEBUG [http] -> POST /v1/events headers={{'Authorization': 'Bearer {v}', 'Content-Type': 'application/json'}} body_len=512",
    )


def t_gha(svc, env, v):
    return (
        "ci",
        f"jobs:\n  deploy:\n    runs-on: ubuntu-latest\n    env:\n      {env}: {v}   # temporary, will move to secrets\n    steps:\n      - uses: actions/checkout@v4\n      - run: make deploy",
    )


def t_review(svc, env, v):
    return (
        "review",
        f"Review on PR #{R.randint(100, 4999)}: `config/settings.py` line {R.randint(10, 300)} hard-codes the {svc} key `{v}`. Please revoke it and load it from the secret manager instead.",
    )


def t_shell(svc, env, v):
    return (
        "shell",
        f"$ export {env}='{v}'\n$ ./scripts/sync.sh --dry-run\nsync: 14 items would be updated",
    )


def t_docker(svc, env, v):
    return (
        "shell",
        f"docker run -d --name worker -e {env}={v} -e TZ=UTC registry.internal/worker:1.8.2",
    )


def t_de(svc, env, v):
    return (
        "chat",
        f"Hallo, mein {svc}-Schlüssel {v} wird seit heute abgelehnt (403). Muss ich einen neuen erzeugen?",
    )


def t_es(svc, env, v):
    return "chat", f"¿Alguien sabe por qué mi token de {svc} da error 401? Es este: {v}"


def t_fr(svc, env, v):
    return (
        "chat",
        f"Bonjour, la clé {svc} `{v}` ne fonctionne plus en production, vous pouvez m'aider ?",
    )


def t_trace(svc, env, v):
    return (
        "trace",
        f'Traceback (most recent call last):\n  File "/srv/app/jobs/export.py", line 31, in <module>\n    client = connect(api_key="{v}")\n  File "/srv/app/lib/client.py", line 88, in connect\n    raise AuthError("invalid credentials")\nlib.client.AuthError: invalid credentials',
    )


def t_tf(svc, env, v):
    return (
        "config",
        f'variable "{env.lower()}" {{\n  type      = string\n  sensitive = true\n  default   = "{v}"\n}}',
    )


def t_k8s(svc, env, v):
    return (
        "config",
        f'        env:\n          - name: {env}\n            value: "{v}"\n          - name: LOG_LEVEL\n            value: debug',
    )


def t_ini(svc, env, v):
    return "config", f"[{_slug(svc)}]\nbase_path = /v2\ntoken = {v}\nverify_ssl = true"


def t_pt(svc, env, v):
    return (
        "chat",
        f"Oi! Minha chave da {svc} ({v}) parou de funcionar depois que mudei de plano. Preciso gerar outra?",
    )


def t_ja(svc, env, v):
    return "chat", f"{svc}のAPIキー {v} を使っていますが、403エラーになります。原因は何でしょうか？"


def t_dockerfile(svc, env, v):
    return (
        "code",
        f'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nENV {env}={v}\nRUN pip install -r requirements.txt\nCMD ["python", "main.py"]',
    )


TEMPLATES = [
    t_chat,
    t_env,
    t_py,
    t_js,
    t_yaml,
    t_json,
    t_log,
    t_gha,
    t_review,
    t_shell,
    t_docker,
    t_de,
    t_es,
    t_fr,
    t_trace,
    t_tf,
    t_k8s,
    t_ini,
    t_pt,
    t_ja,
    t_dockerfile,
]
_tq: list = []


def named(kind: str, svc: str, env: str, v: str) -> None:
    if not _tq:
        _tq.extend(TEMPLATES)
        R.shuffle(_tq)
    ctx, text = _tq.pop()(svc, env, v)
    S(kind, ctx, text, v)


def openai_proj() -> str:
    return "sk-proj-" + rs(B64U, 74) + "T3BlbkFJ" + rs(B64U, 74)


NAMED = [
    ("gcp_api_key", "Google Maps", "GOOGLE_MAPS_API_KEY", lambda: "AIza" + rs(B64U, 35)),
    ("gcp_api_key", "Gemini", "GEMINI_API_KEY", lambda: "AIza" + rs(B64U, 35)),
    ("digitalocean_token", "DigitalOcean", "DIGITALOCEAN_TOKEN", lambda: "dop_v1_" + rs(HX, 64)),
    ("cloudflare_api_token", "Cloudflare", "CLOUDFLARE_API_TOKEN", lambda: rs(B64U, 40)),
    ("vercel_token", "Vercel", "VERCEL_TOKEN", lambda: rs(AN, 24)),
    ("netlify_token", "Netlify", "NETLIFY_AUTH_TOKEN", lambda: "nfp_" + rs(AN, 36)),
    ("flyio_token", "Fly.io", "FLY_API_TOKEN", lambda: "fm2_" + rs(B64, 160)),
    ("heroku_api_key", "Heroku", "HEROKU_API_KEY", uuid4),
    ("stripe_secret_key", "Stripe", "STRIPE_SECRET_KEY", lambda: "sk_live_51" + rs(AN, 97)),
    ("stripe_secret_key", "Stripe", "STRIPE_API_KEY", lambda: "sk_live_" + rs(AN, 24)),
    ("stripe_restricted_key", "Stripe", "STRIPE_RESTRICTED_KEY", lambda: "rk_live_51" + rs(AN, 97)),
    (
        "stripe_webhook_secret",
        "Stripe webhook",
        "STRIPE_WEBHOOK_SECRET",
        lambda: "whsec_" + rs(AN, 32),
    ),
    (
        "braintree_access_token",
        "PayPal Braintree",
        "BRAINTREE_ACCESS_TOKEN",
        lambda: "access_token$production$" + rs(LO + DG, 16) + "$" + rs(HX, 32),
    ),
    (
        "shopify_access_token",
        "Shopify Admin API",
        "SHOPIFY_ACCESS_TOKEN",
        lambda: "shpat_" + rs(HX, 32),
    ),
    ("openai_api_key", "OpenAI", "OPENAI_API_KEY", openai_proj),
    (
        "openai_api_key",
        "OpenAI",
        "OPENAI_API_KEY",
        lambda: "sk-" + rs(AN, 20) + "T3BlbkFJ" + rs(AN, 20),
    ),
    (
        "openai_api_key",
        "OpenAI",
        "OPENAI_KEY",
        lambda: "sk-svcacct-" + rs(B64U, 74) + "T3BlbkFJ" + rs(B64U, 74),
    ),
    (
        "anthropic_api_key",
        "Anthropic",
        "ANTHROPIC_API_KEY",
        lambda: "sk-ant-api03-" + rs(B64U, 93) + "AA",
    ),
    (
        "anthropic_api_key",
        "Claude",
        "CLAUDE_API_KEY",
        lambda: "sk-ant-api03-" + rs(B64U, 93) + "AA",
    ),
    ("huggingface_token", "Hugging Face", "HF_TOKEN", lambda: "hf_" + rs(UP + LO, 34)),
    ("groq_api_key", "Groq", "GROQ_API_KEY", lambda: "gsk_" + rs(AN, 52)),
    ("replicate_api_token", "Replicate", "REPLICATE_API_TOKEN", lambda: "r8_" + rs(AN, 37)),
    ("xai_api_key", "xAI Grok", "XAI_API_KEY", lambda: "xai-" + rs(AN, 80)),
    ("openrouter_api_key", "OpenRouter", "OPENROUTER_API_KEY", lambda: "sk-or-v1-" + rs(HX, 64)),
    ("cohere_api_key", "Cohere", "COHERE_API_KEY", lambda: rs(AN, 40)),
    ("mistral_api_key", "Mistral", "MISTRAL_API_KEY", lambda: rs(AN, 32)),
    ("deepseek_api_key", "DeepSeek", "DEEPSEEK_API_KEY", lambda: "sk-" + rs(HX, 32)),
    (
        "langsmith_api_key",
        "LangSmith",
        "LANGSMITH_API_KEY",
        lambda: "lsv2_pt_" + rs(HX, 32) + "_" + rs(HX, 10),
    ),
    (
        "google_oauth_client_secret",
        "Google OAuth",
        "GOOGLE_CLIENT_SECRET",
        lambda: "GOCSPX-" + rs(B64U, 28),
    ),
    ("slack_bot_token", "Slack", "SLACK_BOT_TOKEN", lambda: f"xoxb-{rd(12)}-{rd(13)}-{rs(AN, 24)}"),
    (
        "slack_user_token",
        "Slack",
        "SLACK_USER_TOKEN",
        lambda: f"xoxp-{rd(12)}-{rd(12)}-{rd(13)}-{rs(HX, 32)}",
    ),
    (
        "slack_app_token",
        "Slack Socket Mode",
        "SLACK_APP_TOKEN",
        lambda: f"xapp-1-A{rs(UP + DG, 10)}-{rd(13)}-{rs(HX, 64)}",
    ),
    (
        "discord_bot_token",
        "Discord",
        "DISCORD_TOKEN",
        lambda: b64u(rd(19).encode()) + "." + rs(B64U, 6) + "." + rs(B64U, 38),
    ),
    ("telegram_bot_token", "Telegram", "TELEGRAM_BOT_TOKEN", lambda: f"{rd(10)}:AA{rs(B64U, 33)}"),
    (
        "sendgrid_api_key",
        "SendGrid",
        "SENDGRID_API_KEY",
        lambda: f"SG.{rs(B64U, 22)}.{rs(B64U, 43)}",
    ),
    ("mailgun_api_key", "Mailgun", "MAILGUN_API_KEY", lambda: "key-" + rs(HX, 32)),
    (
        "mailchimp_api_key",
        "Mailchimp",
        "MAILCHIMP_API_KEY",
        lambda: rs(HX, 32) + f"-us{R.randint(2, 21)}",
    ),
    ("github_pat", "GitHub", "GITHUB_TOKEN", lambda: "ghp_" + rs(AN, 36)),
    (
        "github_fine_grained_pat",
        "GitHub",
        "GH_TOKEN",
        lambda: "github_pat_11" + rs(UP + DG, 20) + "_" + rs(AN, 59),
    ),
    ("gitlab_pat", "GitLab", "GITLAB_TOKEN", lambda: "glpat-" + rs(B64U, 20)),
    (
        "circleci_token",
        "CircleCI",
        "CIRCLECI_TOKEN",
        lambda: "CCIPAT_" + rs(AN, 22) + "_" + rs(HX, 40),
    ),
    ("jenkins_api_token", "Jenkins", "JENKINS_API_TOKEN", lambda: "11" + rs(HX, 32)),
    (
        "azure_devops_pat",
        "Azure DevOps",
        "AZURE_DEVOPS_EXT_PAT",
        lambda: rs("abcdefghijklmnopqrstuvwxyz234567", 52),
    ),
    (
        "atlassian_api_token",
        "Jira Cloud",
        "JIRA_API_TOKEN",
        lambda: "ATATT3xFfGF0" + rs(B64U, 170) + "=" + rs(HXU, 8),
    ),
    ("npm_token", "npm", "NPM_TOKEN", lambda: "npm_" + rs(AN, 36)),
    ("pypi_token", "PyPI", "TWINE_PASSWORD", lambda: "pypi-AgEIcHlwaS5vcmc" + rs(B64U, 150)),
    ("rubygems_api_key", "RubyGems", "GEM_HOST_API_KEY", lambda: "rubygems_" + rs(HX, 48)),
    ("nuget_api_key", "NuGet", "NUGET_API_KEY", lambda: "oy2" + rs(LO + DG, 43)),
    ("dockerhub_pat", "Docker Hub", "DOCKERHUB_TOKEN", lambda: "dckr_pat_" + rs(B64U, 27)),
    ("datadog_api_key", "Datadog", "DD_API_KEY", lambda: rs(HX, 32)),
    ("newrelic_user_key", "New Relic", "NEW_RELIC_API_KEY", lambda: "NRAK-" + rs(UP + DG, 27)),
    ("sentry_auth_token", "Sentry", "SENTRY_AUTH_TOKEN", lambda: "sntryu_" + rs(HX, 64)),
    (
        "grafana_token",
        "Grafana",
        "GRAFANA_SERVICE_ACCOUNT_TOKEN",
        lambda: "glsa_" + rs(AN, 32) + "_" + rs(HX, 8),
    ),
    ("notion_token", "Notion", "NOTION_TOKEN", lambda: "ntn_" + rd(11) + rs(AN, 35)),
    ("airtable_pat", "Airtable", "AIRTABLE_TOKEN", lambda: "pat" + rs(AN, 14) + "." + rs(HX, 64)),
    ("linear_api_key", "Linear", "LINEAR_API_KEY", lambda: "lin_api_" + rs(AN, 40)),
    ("figma_token", "Figma", "FIGMA_TOKEN", lambda: "figd_" + rs(B64U, 40)),
    ("dropbox_token", "Dropbox", "DROPBOX_ACCESS_TOKEN", lambda: "sl." + rs(B64U, 138)),
    ("hubspot_token", "HubSpot", "HUBSPOT_ACCESS_TOKEN", lambda: "pat-eu1-" + uuid4()),
    ("okta_api_token", "Okta", "OKTA_API_TOKEN", lambda: "00" + rs(B64U, 40)),
    ("vault_token", "HashiCorp Vault", "VAULT_TOKEN", lambda: "hvs." + rs(B64U, 91)),
    (
        "terraform_cloud_token",
        "Terraform Cloud",
        "TFE_TOKEN",
        lambda: rs(AN, 14) + ".atlasv1." + rs(AN, 67),
    ),
    (
        "facebook_access_token",
        "Meta Graph API",
        "FB_PAGE_ACCESS_TOKEN",
        lambda: "EAAB" + rs(AN, 180),
    ),
    (
        "fcm_server_key",
        "Firebase Cloud Messaging",
        "FCM_SERVER_KEY",
        lambda: "AAAA" + rs(B64U, 7) + ":APA91b" + rs(B64U, 134),
    ),
]
for _kind, _svc, _env, _gen in NAMED:
    named(_kind, _svc, _env, _gen())

# ---- services whose credentials come in parts

AWS_ID = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def aws_pair(prefix: str = "AKIA") -> tuple[str, str]:
    return prefix + rs(AWS_ID, 16), rs(AN + "+/", 40)


k1, s1 = aws_pair()
k2, s2 = aws_pair()
S(
    "aws_access_key",
    "config",
    f"# ~/.aws/credentials\n[default]\naws_access_key_id = {k1}\naws_secret_access_key = {s1}\nregion = eu-central-1\n\n[prod-admin]\naws_access_key_id = {k2}\naws_secret_access_key = {s2}\n",
    k1,
    s1,
    k2,
    s2,
)
k1, s1 = aws_pair()
S(
    "aws_access_key",
    "chat",
    f"I ran `aws configure` and typed in\nAccess key ID: {k1}\nSecret access key: {s1}\nbut every `aws s3 ls` gives InvalidClientTokenId. What am I doing wrong?",
    k1,
    s1,
)
k1, s1 = aws_pair("ASIA")
tok = "IQoJb3JpZ2luX2VjE" + rs(B64, 380) + "=="
S(
    "aws_session_token",
    "shell",
    "$ aws sts assume-role --role-arn arn:aws:iam::"
    + rd(12)
    + ":role/deploy --role-session-name ci\n"
    + json.dumps(
        {
            "Credentials": {
                "AccessKeyId": k1,
                "SecretAccessKey": s1,
                "SessionToken": tok,
                "Expiration": "2026-03-14T11:02:19+00:00",
            }
        },
        indent=4,
    ),
    k1,
    s1,
    tok,
)

acct = "st" + rs(LO + DG, 12)
akey = b64(rbytes(64))
S(
    "azure_storage_key",
    "config",
    f'"ConnectionStrings": {{\n  "Blob": "DefaultEndpointsProtocol=https;AccountName={acct};AccountKey={akey};EndpointSuffix=core.windows.net"\n}}',
    akey,
)
sig = urllib.parse.quote(b64(rbytes(32)), safe="")
S(
    "azure_sas_token",
    "chat",
    f"Can you tell me why this download link stopped working? https://{acct}.blob.core.windows.net/backups/db-2026-03-01.bak?sv=2022-11-02&ss=b&srt=co&sp=rl&se=2026-04-01T00:00:00Z&st=2026-03-01T00:00:00Z&spr=https&sig={sig}",
    sig,
)
csec = rs(AN, 3) + R.choice(DG) + "Q~" + rs(AN + "_.~-", 34)
S(
    "azure_client_secret",
    "config",
    json.dumps(
        {
            "AzureAd": {
                "Instance": "https://login.microsoftonline.com/",
                "TenantId": uuid4(),
                "ClientId": uuid4(),
                "ClientSecret": csec,
            }
        },
        indent=2,
    ),
    csec,
)

_, body = pkcs8_rsa()
pkid = rs(HX, 40)
proj = R.choice(["billing-export", "ml-pipeline", "crm-sync"]) + "-" + rd(6)
sa = {
    "type": "service_account",
    "project_id": proj,
    "private_key_id": pkid,
    "private_key": "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n",
    "client_email": f"uploader@{proj}.iam.gserviceaccount.com",
    "client_id": rd(21),
    "auth_uri": "https://accounts.google.com/o/oauth2/auth",
    "token_uri": "https://oauth2.googleapis.com/token",
}
sa_text = json.dumps(sa, indent=2)
S(
    "gcp_service_account_key",
    "config",
    "Here is the service-account.json the tutorial told me to download, what do I do with it now?\n"
    + sa_text,
    pkid,
    body.replace("\n", "\\n"),
)

tw = rs(HX, 32)
S(
    "twilio_auth_token",
    "code",
    f"from twilio.rest import Client\n\naccount_sid = 'AC{rs(HX, 32)}'\nauth_token = '{tw}'\nclient = Client(account_sid, auth_token)\nclient.messages.create(to=to_number, from_=FROM, body='Your code is ready')",
    tw,
)
rk, rsec = "rzp_live_" + rs(AN, 14), rs(AN, 24)
S(
    "razorpay_key",
    "code",
    f"const Razorpay = require('razorpay');\nconst rzp = new Razorpay({{\n  key_id: '{rk}',\n  key_secret: '{rsec}',\n}});",
    rk,
    rsec,
)
bk, bs = rs(AN, 64), rs(AN, 64)
S(
    "exchange_api_secret",
    "code",
    f"import ccxt\n\nexchange = ccxt.binance({{\n    'apiKey': '{bk}',\n    'secret': '{bs}',\n    'enableRateLimit': True,\n}})\nprint(exchange.fetch_balance()['USDT'])",
    bk,
    bs,
)
ak, asec = "LTAI" + rs(AN, 20), rs(AN, 30)
S(
    "alibaba_access_key",
    "chat",
    f"我的阿里云 AccessKey ID 是 {ak}，AccessKey Secret 是 {asec}，为什么上传到 OSS 一直报 SignatureDoesNotMatch？",
    ak,
    asec,
)
hook = rs(AN, 24)
S(
    "slack_webhook",
    "code",
    f"curl -X POST -H 'Content-type: application/json' --data '{{\"text\":\"Deploy finished\"}}' https://hooks.slack.com/services/T{rs(UP + DG, 10)}/B{rs(UP + DG, 10)}/{hook}",
    hook,
)
dtok = rs(B64U, 68)
S(
    "discord_webhook",
    "config",
    f'# alerts.toml\n[discord]\nwebhook_url = "https://discord.com/api/webhooks/{rd(19)}/{dtok}"\nusername = "uptime-bot"',
    dtok,
)
teams = (
    f"https://{R.choice(COMPANIES).replace('-', '')}.webhook.office.com/webhookb2/{uuid4()}@{uuid4()}/IncomingWebhook/"
    f"{rs(HX, 32)}/{uuid4()}/V2{rs(B64U, 43)}"
)
S(
    "teams_webhook",
    "chat",
    f"Our Teams channel webhook is {teams} — how do I post an adaptive card to it from PowerShell?",
    teams,
)
clsec = rs(B64U, 27)
S(
    "cloudinary_url",
    "config",
    f"CLOUDINARY_URL=cloudinary://{rd(15)}:{clsec}@{rs(LO, 8)}\nNEXT_PUBLIC_SITE_NAME=shop",
    clsec,
)
dsn_key = rs(HX, 32)
S(
    "sentry_dsn",
    "code",
    f'sentry_sdk.init(\n    dsn="https://{dsn_key}@o{rd(7)}.ingest.sentry.io/{rd(7)}",\n    traces_sample_rate=0.2,\n)',
    dsn_key,
)
ddk, dda = rs(HX, 32), rs(HX, 40)
S(
    "datadog_app_key",
    "shell",
    f'curl -X GET "https://api.datadoghq.eu/api/v1/monitor" \\\n  -H "DD-API-KEY: {ddk}" \\\n  -H "DD-APPLICATION-KEY: {dda}"',
    ddk,
    dda,
)

# ---- passwords in prose

PROSE = [
    (
        "chat",
        "I can't log into my work laptop anymore. My password is {pw} and it keeps saying it's wrong, is caps lock a thing on the Windows login screen?",
    ),
    ("chat", "Can you check whether this is a strong enough password for my bank? {pw}"),
    (
        "note",
        "Notes for Monday\n- call the landlord about the boiler\n- router admin login: admin / {pw}\n- renew car insurance",
    ),
    ("chat", "pw: {pw}\nthat's the one for the shared Netflix, please don't change it again"),
    (
        "chat",
        "Mein Passwort für das Firmenportal ist {pw}, aber seit dem Update komme ich nicht mehr rein. Woran kann das liegen?",
    ),
    (
        "chat",
        "Mon mot de passe est {pw} et le site des impôts me dit qu'il est incorrect, pourtant je suis sûr de moi.",
    ),
    ("chat", "Mi contraseña del correo es {pw}, ¿por qué me sale que es inválida desde el móvil?"),
    ("chat", "A minha senha do internet banking é {pw} e bloquearam o acesso. O que devo fazer?"),
    ("chat", "La mia password di Gmail è {pw}: è abbastanza sicura o devo cambiarla?"),
    ("chat", "Moje hasło do konta to {pw}. Czy jest wystarczająco silne?"),
    ("chat", "Мой пароль от почты {pw}, но вход не работает уже второй день. Что делать?"),
    ("chat", "パスワードは {pw} です。昨日からログインできないのはなぜですか？"),
    ("chat", "我的密码是 {pw}，为什么一直提示密码错误？"),
    ("chat", "Şifrem {pw} ama e-Devlet'e giremiyorum, ne yapmalıyım?"),
    ("chat", "제 비밀번호는 {pw} 인데 로그인이 안 돼요. 왜 그럴까요?"),
]
for ctx, tpl in PROSE:
    pw = pw_human() if R.random() < 0.6 else pw_strong(R.randint(12, 18))
    S("password_prose", ctx, tpl.format(pw=pw), pw)

# ---- passwords in config files

pw = pw_strong()
S(
    "password_config",
    "config",
    f"[database]\nhost = db01.internal\nport = 5432\nuser = app_rw\npassword = {pw}\npool_size = 10",
    pw,
)
pw = pw_strong()
S(
    "password_config",
    "config",
    f"spring.datasource.url=jdbc:postgresql://orders-db:5432/orders\nspring.datasource.username=orders\nspring.datasource.password={pw}\nspring.jpa.hibernate.ddl-auto=validate",
    pw,
)
pw, ak = pw_strong(), rs(AN + "!#%&*+-=?@^_[]{}()<>|:;,.~", 64)
S(
    "password_config",
    "code",
    f"define( 'DB_NAME', 'wp_shop' );\ndefine( 'DB_USER', 'wp_admin' );\ndefine( 'DB_PASSWORD', '{pw}' );\ndefine( 'DB_HOST', 'localhost' );\ndefine( 'AUTH_KEY',         '{ak}' );",
    pw,
    ak,
)
pw, dj = pw_strong(), "django-insecure-" + rs(LO + DG + "!@#%^&*(-_=+)", 50)
S(
    "password_config",
    "code",
    f"SECRET_KEY = '{dj}'\n\nDATABASES = {{\n    'default': {{\n        'ENGINE': 'django.db.backends.postgresql',\n        'NAME': 'crm',\n        'USER': 'crm',\n        'PASSWORD': '{pw}',\n        'HOST': 'db',\n    }}\n}}",
    dj,
    pw,
)
pw = pw_strong()
S(
    "password_config",
    "config",
    f"<settings>\n  <servers>\n    <server>\n      <id>nexus-releases</id>\n      <username>deployer</username>\n      <password>{pw}</password>\n    </server>\n  </servers>\n</settings>",
    pw,
)
pw = pw_strong(20)
S(
    "password_config",
    "config",
    f'[smtp]\nhost = "smtp.office365.com"\nport = 587\nusername = "noreply@{R.choice(COMPANIES)}.com"\npassword = "{pw}"\nstarttls = true',
    pw,
)
pw, pw2 = pw_human(), rs(B64U, 32)
S(
    "password_config",
    "config",
    f"# secrets.yaml (Home Assistant)\nmqtt_password: {pw}\nnest_client_secret: {pw2}\n",
    pw,
    pw2,
)
pw = pw_url(22)
S(
    "password_config",
    "config",
    f"# ~/.pgpass\ndb.internal:5432:analytics:report_user:{pw}\nlocalhost:5432:*:postgres:{pw}",
    pw,
)
pw = pw_strong()
S(
    "password_config",
    "config",
    f"# /etc/mysql/conf.d/client.cnf\n[client]\nuser=root\npassword={pw}\nhost=127.0.0.1",
    pw,
)
pw = pw_url(32)
S(
    "password_config",
    "config",
    f"# redis.conf (excerpt)\nbind 0.0.0.0\nport 6379\nrequirepass {pw}\nmaxmemory 2gb",
    pw,
)

# ---- connection strings

u, pw = "app_" + rs(LO, 4), pw_url()
S(
    "postgres_url",
    "config",
    f"DATABASE_URL=postgresql://{u}:{pw}@ep-{rs(LO, 6)}-{rs(LO + DG, 8)}.eu-central-1.aws.neon.tech/neondb?sslmode=require",
    pw,
)
pw = pw_url(16)
S(
    "mongodb_uri",
    "chat",
    f"why does this fail with 'bad auth'? mongodb+srv://admin:{pw}@cluster0.{rs(LO + DG, 5)}.mongodb.net/shop?retryWrites=true&w=majority",
    pw,
)
pw = pw_url(24)
S(
    "redis_url",
    "code",
    f'import redis\n\nr = redis.from_url("rediss://default:{pw}@{rs(LO, 10)}.upstash.io:6379")\nr.set("ping", 1)',
    pw,
)
pw = pw_url(14)
S(
    "mysql_url",
    "log",
    f'{ts()} ERROR sqlalchemy.pool: could not connect to mysql+pymysql://shop:{pw}@10.0.3.17:3306/shop (2003, "Can\'t connect to MySQL server")',
    pw,
)
pw = pw_strong(14)
S(
    "mssql_connection_string",
    "config",
    f'"ConnectionStrings": {{\n  "Default": "Server=tcp:sql-prod-01.database.windows.net,1433;Initial Catalog=Payroll;User ID=sqladmin;Password={pw};Encrypt=True;"\n}}',
    pw,
)
pw = pw_url(15)
S(
    "jdbc_url",
    "code",
    f'String url = "jdbc:oracle:thin:hr/{pw}@//ora-prd.internal:1521/ORCLPDB1";\nConnection c = DriverManager.getConnection(url);',
    pw,
)
pw = pw_url(20)
S(
    "amqp_url",
    "config",
    f"CELERY_BROKER_URL=amqps://worker:{pw}@b-{uuid4()}.mq.eu-west-1.amazonaws.com:5671",
    pw,
)
pw = pw_url(16)
S(
    "smtp_url",
    "config",
    f"MAILER_DSN=smtp://notifications%40{R.choice(COMPANIES)}.com:{pw}@smtp.gmail.com:587",
    pw,
)

# ---- .env files and deployment snippets

k1, s1 = aws_pair()
pw, sk, jw = pw_url(), "sk_live_" + rs(AN, 24), rs(HX, 64)
S(
    "dotenv_file",
    "config",
    f"APP_ENV=production\nAPP_DEBUG=false\nDB_HOST=127.0.0.1\nDB_DATABASE=laravel\nDB_USERNAME=forge\nDB_PASSWORD={pw}\n\nAWS_ACCESS_KEY_ID={k1}\nAWS_SECRET_ACCESS_KEY={s1}\nAWS_DEFAULT_REGION=eu-west-2\n\nSTRIPE_SECRET={sk}\nJWT_SECRET={jw}\n",
    pw,
    k1,
    s1,
    sk,
    jw,
)
ok_, pw, ns = openai_proj(), pw_url(), b64(rbytes(32))
S(
    "dotenv_file",
    "chat",
    f"my next.js app can't read env vars in production, here's my .env.local:\n\nOPENAI_API_KEY={ok_}\nPOSTGRES_PASSWORD={pw}\nNEXTAUTH_SECRET={ns}\nNEXTAUTH_URL=http://localhost:3000\n\nwhat am I missing?",
    ok_,
    pw,
    ns,
)
pw, rp = pw_url(), pw_url(20)
S(
    "docker_compose",
    "config",
    f"services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_USER: keycloak\n      POSTGRES_PASSWORD: {pw}\n  keycloak:\n    image: quay.io/keycloak/keycloak:24.0\n    environment:\n      KEYCLOAK_ADMIN: admin\n      KEYCLOAK_ADMIN_PASSWORD: {rp}\n      KC_DB_PASSWORD: {pw}",
    pw,
    rp,
)
pw = pw_strong()
S(
    "docker_compose",
    "config",
    f"version: '3.8'\nservices:\n  mysql:\n    image: mysql:8.0\n    environment:\n      - MYSQL_ROOT_PASSWORD={pw}\n      - MYSQL_DATABASE=nextcloud\n    volumes:\n      - db:/var/lib/mysql",
    pw,
)
pwv, tkv = pw_url(), rs(HX, 40)
e1, e2 = b64(pwv.encode()), b64(tkv.encode())
S(
    "k8s_secret",
    "config",
    f"apiVersion: v1\nkind: Secret\nmetadata:\n  name: app-credentials\ntype: Opaque\ndata:\n  db-password: {e1}\n  api-token: {e2}",
    e1,
    e2,
)
pw, gh = pw_strong(), "ghp_" + rs(AN, 36)
S(
    "k8s_secret",
    "config",
    f'apiVersion: v1\nkind: Secret\nmetadata:\n  name: runner-secrets\n  namespace: ci\nstringData:\n  GITHUB_PAT: {gh}\n  REGISTRY_PASSWORD: "{pw}"',
    gh,
    pw,
)
k1, s1 = aws_pair()
S(
    "terraform_secret",
    "config",
    f'provider "aws" {{\n  region     = "us-east-1"\n  access_key = "{k1}"\n  secret_key = "{s1}"\n}}\n\nresource "aws_s3_bucket" "logs" {{\n  bucket = "acme-logs-prod"\n}}',
    k1,
    s1,
)
pw = pw_strong(18)
S(
    "terraform_secret",
    "config",
    f'# terraform.tfvars\nlocation            = "westeurope"\nsql_admin_login     = "sqladmin"\nsql_admin_password  = "{pw}"\nvm_size             = "Standard_B2s"',
    pw,
)
pw = pw_strong()
S(
    "ansible_secret",
    "config",
    f"[webservers]\nweb1.internal ansible_host=10.0.1.11 ansible_user=deploy ansible_password={pw}\nweb2.internal ansible_host=10.0.1.12 ansible_user=deploy ansible_password={pw}",
    pw,
)
pw = pw_human()
S(
    "ansible_secret",
    "config",
    f'# group_vars/all.yml\nntp_server: pool.ntp.org\nansible_become: true\nansible_become_password: "{pw}"\npostgres_version: 16',
    pw,
)

pw1, pw2 = pw_strong(), pw_url(14)
S(
    "shell_history",
    "shell",
    f"  501  cd /var/www\n  502  mysql -u root -p'{pw1}' -e 'show databases;'\n  503  sshpass -p '{pw2}' ssh backup@10.0.0.40\n  504  history | grep mysql",
    pw1,
    pw2,
)
k1, s1 = aws_pair()
S(
    "shell_history",
    "shell",
    f"$ cat ~/.zsh_history | tail -4\n: 1710408123:0;export AWS_ACCESS_KEY_ID={k1}\n: 1710408131:0;export AWS_SECRET_ACCESS_KEY={s1}\n: 1710408140:0;terraform plan\n: 1710408310:0;git status",
    k1,
    s1,
)
pw = pw_url(16)
S(
    "shell_history",
    "shell",
    f"PS C:\\Users\\admin> $pass = ConvertTo-SecureString '{pw}' -AsPlainText -Force\nPS C:\\Users\\admin> $cred = New-Object System.Management.Automation.PSCredential('CORP\\svc_backup', $pass)\nPS C:\\Users\\admin> Enter-PSSession -ComputerName fs01 -Credential $cred",
    pw,
)

t = jwt({"sub": rd(8), "scope": "orders:write", "iat": 1741945200, "exp": 1741952400}, "RS256")
S(
    "curl_auth",
    "shell",
    f"curl -s https://api.{R.choice(COMPANIES)}.com/v2/orders \\\n  -H 'Accept: application/json' \\\n  -H 'Authorization: Bearer {t}' | jq '.items | length'",
    t,
)
pw = pw_url(16)
S(
    "curl_auth",
    "shell",
    f"curl -u admin:{pw} -X POST http://jenkins.internal:8080/job/nightly/build",
    pw,
)
kk = rs(HX, 32)
S(
    "curl_auth",
    "chat",
    f'this curl returns 403, why?\ncurl -H "X-API-Key: {kk}" "https://api.openweathermap.org/data/2.5/weather?q=Lyon"',
    kk,
)

sess = rs(LO + DG, 32)
t = jwt({"sub": uuid4(), "role": "admin", "iat": 1741945200}, "HS256")
S(
    "http_request_dump",
    "log",
    f"GET /admin/users?page=2 HTTP/1.1\nHost: portal.internal\nUser-Agent: Mozilla/5.0 (Macintosh; Intel Mac OS X 14_3) AppleWebKit/537.36\nAccept: text/html\nCookie: sessionid={sess}; csrftoken={rs(AN, 32)}\nAuthorization: Bearer {t}\nConnection: keep-alive",
    sess,
    t,
)
cs, rt = rs(B64U, 40), rs(B64U, 64)
S(
    "http_request_dump",
    "log",
    f"POST /oauth/token HTTP/1.1\nHost: auth.internal\nContent-Type: application/x-www-form-urlencoded\n\ngrant_type=refresh_token&client_id=mobile-app&client_secret={cs}&refresh_token={rt}",
    cs,
    rt,
)
user, pw = "svc-" + rs(LO, 5), pw_url(16)
basic = b64(f"{user}:{pw}".encode())
S(
    "basic_auth_header",
    "log",
    f"{ts()} WARN proxy: upstream 401 for GET /metrics, request headers: Authorization: Basic {basic}",
    basic,
)
dauth = b64(f"ci-bot:{pw_url(20)}".encode())
dauth2 = b64(("builder:dckr_pat_" + rs(B64U, 27)).encode())
S(
    "docker_config_auth",
    "config",
    json.dumps(
        {
            "auths": {
                "registry.gitlab.com": {"auth": dauth},
                "https://index.docker.io/v1/": {"auth": dauth2},
            }
        },
        indent=2,
    ),
    dauth,
    dauth2,
)
gh = "ghp_" + rs(AN, 36)
remote = (
    f"https://{ascii_fold(person()[0]).lower()}:{gh}@github.com/{R.choice(COMPANIES)}/infra.git"
)
S(
    "git_credential_url",
    "shell",
    f"$ git remote -v\norigin\t{remote} (fetch)\norigin\t{remote} (push)",
    gh,
)

# ---- private keys

block, body = rsa_pkcs1()
S(
    "rsa_private_key",
    "chat",
    "I generated this key with openssl genrsa but nginx says 'PEM_read_bio_PrivateKey failed'. Is something wrong with the file?\n\n"
    + block,
    body,
)
block, body = pkcs8_rsa()
S(
    "pkcs8_private_key",
    "config",
    f"# tls/server.key (mounted into the ingress pod)\n{block}\n",
    body,
)
block, body = ec_key()
S(
    "ec_private_key",
    "code",
    f'APPLE_PUSH_KEY = """{block}"""\n\ndef sign(payload):\n    return jwt.encode(payload, APPLE_PUSH_KEY, algorithm="ES256")',
    body,
)
block, body = dsa_key()
S(
    "dsa_private_key",
    "document",
    "Old router backup, found this in /etc/ssh on the legacy box, do we still need it?\n" + block,
    body,
)
block, body = encrypted_pkcs8()
phrase = pw_human()
S(
    "encrypted_private_key",
    "chat",
    f"The passphrase is {phrase}, but `openssl pkcs8 -in key.pem` still fails with 'bad decrypt':\n{block}",
    body,
    phrase,
)
block, body, pub = openssh_ed25519("deploy@ci-runner")
S(
    "openssh_private_key",
    "chat",
    f"github keeps saying 'Permission denied (publickey)'. My public key is\n{pub}\nand the private one is\n{block}\nWhat should I check?",
    body,
)
block, body = openssh_rsa()
S(
    "openssh_private_key",
    "config",
    f"# .github/workflows/deploy.yml\n    steps:\n      - name: add key\n        run: |\n          mkdir -p ~/.ssh\n          cat > ~/.ssh/id_rsa <<'EOF'\n{block}\n          EOF\n          chmod 600 ~/.ssh/id_rsa",
    body,
)
pub_lines = wrap(b64(sshstr(b"ssh-ed25519") + sshstr(rbytes(32))), 64)
priv_lines = b64(sshstr(rbytes(32)))
mac = rs(HX, 64)
S(
    "putty_private_key",
    "document",
    f"PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: eddsa-key-20260114\nPublic-Lines: {pub_lines.count(chr(10)) + 1}\n{pub_lines}\nPrivate-Lines: 1\n{priv_lines}\nPrivate-MAC: {mac}",
    priv_lines,
    mac,
)
block, body, crc = pgp_private()
S(
    "pgp_private_key",
    "document",
    f"Exported with `gpg --export-secret-keys --armor` for the backup USB stick:\n\n{block}",
    body,
)

# ---- crypto wallets

sp = seed_phrase(12)
S(
    "seed_phrase",
    "chat",
    f"I restored my wallet with these 12 words but the balance shows zero: {sp}. Did I type them in the wrong order?",
    sp,
)
sp = seed_phrase(24)
numbered = "\n".join(f"{i + 1:>2}. {w}" for i, w in enumerate(sp.split()))
S("seed_phrase", "note", f"Ledger recovery sheet (keep offline!)\n{numbered}", numbered)
sp = seed_phrase(12)
S(
    "seed_phrase",
    "chat",
    f'Hola, mi frase de recuperación de MetaMask es "{sp}" y no me deja importar la cuenta, ¿qué hago?',
    sp,
)
ek = "0x" + rs(HX, 64)
S(
    "eth_private_key",
    "code",
    f'from web3 import Web3\n\nw3 = Web3(Web3.HTTPProvider(RPC_URL))\nPRIVATE_KEY = "{ek}"\nacct = w3.eth.account.from_key(PRIVATE_KEY)',
    ek,
)
wif = b58check(b"\x80" + rbytes(32) + b"\x01")
S(
    "btc_wif_key",
    "chat",
    f"Electrum asks for a private key to sweep. Is this the right format? {wif}",
    wif,
)
arr = json.dumps(list(rbytes(64)), separators=(",", ":"))
S("solana_keypair", "shell", f"$ cat ~/.config/solana/id.json\n{arr}", arr)

# ---- 2FA

codes = [f"{rs(HX, 5)}-{rs(HX, 5)}" for _ in range(16)]
S(
    "recovery_codes",
    "document",
    "GitHub recovery codes\nKeep them somewhere safe.\n\n"
    + "\n".join(codes)
    + "\n\n(github-recovery-codes.txt)",
    *codes,
)
gcodes = [f"{rs(DG, 4)} {rs(DG, 4)}" for _ in range(10)]
S(
    "recovery_codes",
    "chat",
    "Which of these Google backup codes have I already used? " + ", ".join(gcodes),
    *gcodes,
)
seed = rs(B32, 32)
S(
    "totp_seed",
    "chat",
    f"Authenticator setup says 'can't scan? enter this key: {group(seed.lower())}'. Should I store it in my password manager too?",
    group(seed.lower()),
)
seed = rs(B32, 32)
S(
    "otpauth_uri",
    "config",
    f"# 2fa backup\notpauth://totp/AWS:ops-root?secret={seed}&issuer=Amazon%20Web%20Services&algorithm=SHA1&digits=6&period=30",
    seed,
)

# ---- Wi-Fi, VPN, disk encryption

pw = pw_human()
S("wifi_password", "note", f"WIFI:T:WPA;S:Casa-{rs(UP, 2)}{rs(DG, 3)};P:{pw};H:false;;", pw)
pw = pw_strong(14)
S(
    "wifi_password",
    "config",
    f'network={{\n    ssid="FRITZ!Box 7590 {rs(UP, 2)}"\n    psk="{pw}"\n    key_mgmt=WPA-PSK\n}}',
    pw,
)
pw = pw_human()
S(
    "wifi_password",
    "chat",
    f'Hi! Welcome to the apartment. The Wi-Fi is called "Seaview_5G" and the password is {pw} – enjoy your stay!',
    pw,
)
wgk, psk = b64(rbytes(32)), b64(rbytes(32))
S(
    "wireguard_key",
    "config",
    f"[Interface]\nPrivateKey = {wgk}\nAddress = 10.8.0.2/32\nDNS = 1.1.1.1\n\n[Peer]\nPublicKey = {b64(rbytes(32))}\nPresharedKey = {psk}\nEndpoint = vpn.{R.choice(COMPANIES)}.net:51820\nAllowedIPs = 0.0.0.0/0",
    wgk,
    psk,
)
agek = "AGE-SECRET-KEY-1" + rs("QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L", 58)
S(
    "age_key",
    "config",
    f"# created: 2026-01-09T10:14:02+01:00\n# public key: age1{rs('qpzry9x8gf2tvdw0s3jn54khce6mua7l', 58)}\n{agek}",
    agek,
)
bl = "-".join(f"{11 * R.randint(0, 65535):06d}" for _ in range(8))
S(
    "bitlocker_recovery_key",
    "chat",
    f"My laptop is asking for the BitLocker recovery key. I found this in my Microsoft account: {bl}\nKey ID starts with {rs(HXU, 8)}. Where do I type it?",
    bl,
)
fv = "-".join(rs("ABCDEFGHJKLMNPQRSTUVWXYZ23456789", 4) for _ in range(6))
S("filevault_recovery_key", "note", f"MacBook Pro (work) FileVault recovery key: {fv}", fv)

# ---- tokens in web sessions

t = jwt(
    {
        "sub": rd(9),
        "email_verified": True,
        "iss": "https://securetoken.google.com/" + rs(LO, 8),
        "iat": 1741945200,
        "exp": 1741948800,
    },
    "RS256",
)
S("jwt", "chat", f"How do I decode this JWT to see when it expires? {t}", t)
t = jwt({"userId": uuid4(), "tenant": "acme", "roles": ["admin"], "iat": 1741945200})
S("jwt", "log", f'localStorage.getItem(\'auth\')\n\'{{"accessToken":"{t}","expiresIn":3600}}\'', t)
sid = "s%3A" + rs(B64U, 32) + "." + urllib.parse.quote(rs(B64, 43), safe="")
S(
    "session_cookie",
    "log",
    f"> document.cookie\n'_ga=GA1.1.{rd(9)}.{rd(10)}; connect.sid={sid}; theme=dark'",
    sid,
)
php = rs(LO + DG, 26)
lar = b64(
    json.dumps(
        {"iv": b64(rbytes(16)), "value": b64(rbytes(48)), "mac": rs(HX, 64), "tag": ""},
        separators=(",", ":"),
    ).encode()
)
S(
    "session_cookie",
    "log",
    f"HTTP/1.1 302 Found\nLocation: /dashboard\nSet-Cookie: PHPSESSID={php}; path=/; HttpOnly\nSet-Cookie: laravel_session={lar}; expires=Fri, 14-Mar-2026 12:00:00 GMT; path=/; secure; httponly",
    php,
    lar,
)
rails = urllib.parse.quote(b64(rbytes(120)), safe="") + "--" + rs(HX, 40)
S(
    "session_cookie",
    "chat",
    f"rails keeps logging me out. the cookie in devtools is _shop_session={rails} is that too big?",
    rails,
)

# ---- signed URLs and webhooks

k1, _ = aws_pair()
asig = rs(HX, 64)
S(
    "signed_url",
    "chat",
    f"this presigned link expires too fast, can I extend it? https://invoices-prod.s3.eu-west-1.amazonaws.com/2026/03/INV-{rd(6)}.pdf?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential={k1}%2F20260314%2Feu-west-1%2Fs3%2Faws4_request&X-Amz-Date=20260314T091500Z&X-Amz-Expires=300&X-Amz-SignedHeaders=host&X-Amz-Signature={asig}",
    asig,
)
gsig = rs(HX, 512)
S(
    "signed_url",
    "log",
    f"{ts()} INFO upload-url generated: https://storage.googleapis.com/media-uploads/raw/{uuid4()}.mp4?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Credential=uploader%40media-{rd(6)}.iam.gserviceaccount.com%2F20260314%2Fauto%2Fstorage%2Fgoog4_request&X-Goog-Date=20260314T101010Z&X-Goog-Expires=900&X-Goog-SignedHeaders=host&X-Goog-Signature={gsig}",
    gsig,
)
cf = rs(B64U.replace("-", "~"), 172)
S(
    "signed_url",
    "chat",
    f"Video player gives 403 on this CloudFront URL: https://d{rs(LO + DG, 13)}.cloudfront.net/courses/intro/lesson1.m3u8?Expires=1741953600&Signature={cf}&Key-Pair-Id=K{rs(UP + DG, 13)}",
    cf,
)
zap = f"https://hooks.zapier.com/hooks/catch/{rd(7)}/{rs(LO + DG, 7)}/"
S("webhook_url", "code", f"fetch('{zap}', {{ method: 'POST', body: JSON.stringify(lead) }});", zap)
ifk = rs(B64U, 22)
S(
    "webhook_url",
    "shell",
    f"curl -X POST https://maker.ifttt.com/trigger/door_open/with/key/{ifk}",
    ifk,
)
gkey, gtok = "AIza" + rs(B64U, 35), urllib.parse.quote(b64(rbytes(32)), safe="")
S(
    "webhook_url",
    "config",
    f"alerting:\n  google_chat_url: https://chat.googleapis.com/v1/spaces/AAAA{rs(B64U, 7)}/messages?key={gkey}&token={gtok}",
    gkey,
    gtok,
)

# ---- secrets buried in logs, traces and payloads

pw, t0 = pw_url(18), ts()[:19]
S(
    "log_with_secret",
    "log",
    f"[{t0},101: INFO/MainProcess] Connected to redis://:{pw}@cache-01.internal:6379/0\n[{t0},140: INFO/MainProcess] mingle: searching for neighbors\n[{t0},912: INFO/MainProcess] celery@worker-1 ready.",
    pw,
)
ghs = "ghs_" + rs(AN, 36)
S(
    "log_with_secret",
    "log",
    f"[2026-03-14 09:31:07] remote: Invalid username or password.\nfatal: Authentication failed for 'https://x-access-token:{ghs}@github.com/{R.choice(COMPANIES)}/web.git/'\nError: Process completed with exit code 128.",
    ghs,
)
pw = pw_url(16)
S(
    "stack_trace_secret",
    "trace",
    f'psycopg2.OperationalError: connection to server at "10.2.0.8", port 5432 failed: FATAL:  password authentication failed for user "etl"\n\nThe above exception was the direct cause of the following exception:\n\nTraceback (most recent call last):\n  File "/opt/etl/run.py", line 14, in <module>\n    engine = create_engine("postgresql+psycopg2://etl:{pw}@10.2.0.8:5432/warehouse")\nsqlalchemy.exc.OperationalError: (psycopg2.OperationalError) password authentication failed',
    pw,
)
at, rt = "ya29." + rs(B64U, 160), "1//0" + rs(B64U, 99)
S(
    "oauth_token_response",
    "log",
    json.dumps(
        {
            "access_token": at,
            "expires_in": 3599,
            "refresh_token": rt,
            "scope": "https://www.googleapis.com/auth/drive.readonly",
            "token_type": "Bearer",
        },
        indent=2,
    ),
    at,
    rt,
)

# ---- long pasted documents with a credential in the middle

k1, s1 = aws_pair()
S(
    "runbook_secret",
    "document",
    "Runbook: nightly export job\n\n1. Purpose\nThe export job copies the previous day's orders from the reporting replica into the data lake "
    "bucket and notifies the analytics channel when it is done. It runs at 02:30 UTC from the ops scheduler.\n\n"
    "2. When it fails\nCheck the scheduler log first. The most common cause is the replica lagging behind; wait fifteen minutes "
    "and rerun. If the error mentions S3 access, the job uses the legacy IAM user until the migration is finished:\n"
    f"   access key: {k1}\n   secret: {s1}\n"
    "Do not create new keys for it without telling the platform team.\n\n3. Escalation\nIf two reruns fail, open a ticket in the "
    "DATA queue with the job id and the last 50 log lines. Nobody needs to be paged outside business hours for this job.",
    k1,
    s1,
)
sk = "sk_live_51" + rs(AN, 97)
S(
    "postmortem_secret",
    "document",
    "Post-incident review – checkout outage\n\nSummary: for 38 minutes card payments failed for roughly a third of customers. "
    "The cause was a configuration change that pointed the payment service at a rotated key.\n\nTimeline (UTC)\n"
    "10:02 deploy of payments-api v4.18.0\n10:05 error rate alert fires\n10:21 on-call identifies the key mismatch; the old value "
    f"still in the config map was {sk}\n10:40 config rolled back, errors stop\n\nFollow-ups\n- move the key to the secret store\n"
    "- add a startup check that the key is accepted\n- rotate the leaked value above",
    sk,
)


# ================================================================ PII
# ---- phone numbers

PHONE_ROWS = [
    (
        "us",
        "chat",
        "Can you tidy up my voicemail greeting? 'Hi, you've reached {first}. Leave a message or call my cell at {ph}.'",
    ),
    (
        "us",
        "email",
        "Thanks for the interview today. Our office line is {ph} ext. 214, just ask for {first} at the front desk.",
    ),
    ("uk", "chat", "text me on {ph} when you're outside, the buzzer is broken"),
    (
        "ukl",
        "letter",
        "If you are unable to attend, please ring the surgery on {ph} (option 2) at least 24 hours before your appointment.",
    ),
    ("de", "chat", "Ruf mich bitte unter {ph} an, ich bin ab 18 Uhr zu Hause."),
    ("fr", "chat", "Vous pouvez me joindre au {ph}."),
    ("es", "chat", "Mi número es el {ph}, llámame cuando llegues a la estación."),
    ("it", "chat", "Il mio cellulare è {ph}, scrivimi su WhatsApp per confermare."),
    ("nl", "chat", "Mijn nummer is {ph}, bel gerust als er iets is."),
    ("br", "chat", "Meu celular é {ph}, me chama no WhatsApp depois das 19h."),
    ("in", "chat", "My number is {ph}, please share it with the delivery person."),
    ("jp", "chat", "私の電話番号は{ph}です。何かあれば連絡してください。"),
    ("cn", "chat", "我的手机号是{ph}，快递到了请打给我。"),
    ("au", "chat", "Give us a bell on {ph} if the parcel turns up at yours."),
    ("mx", "chat", "Mi celular: {ph}. Escríbeme por WhatsApp cuando puedas."),
    ("za", "email", "Please call me back on {ph} regarding the quote for the roof repairs."),
    ("ng", "chat", "Abeg call me on {ph} when you reach the junction."),
    ("ru", "chat", "Мой номер телефона {ph}, звоните после шести вечера."),
    ("kr", "chat", "제 전화번호는 {ph} 입니다. 도착하면 연락 주세요."),
    ("pl", "chat", "Mój numer telefonu to {ph}."),
    ("se", "chat", "Ring mig på {ph} om något händer med lägenheten."),
    ("ie", "chat", "Grand, text me on {ph} and I'll come down to let you in."),
    ("ca", "form", "Preferred contact: phone {ph} (evenings are best)."),
    ("ph", "chat", "Pls text me at {ph} po, thank you!"),
    ("tr", "chat", "Telefon numaram {ph}, akşam arayabilirsiniz."),
    ("sg", "chat", "My HP is {ph}, whatsapp me for the viewing."),
    ("nz", "chat", "Flick me a text on {ph} when you're leaving Auckland."),
    ("ke", "chat", "Nipigie kwa {ph} ukifika stage."),
    ("eg", "chat", "رقم موبايلي هو {ph} اتصل بي بعد الساعة الخامسة"),
    ("id", "chat", "Nomor HP saya {ph}, hubungi lewat WA ya kak."),
    ("ch", "email", "Freundliche Grüsse\n{first} {last}\nMobile {ph}"),
    ("pt", "chat", "O meu número é o {ph}, liga-me amanhã de manhã."),
    ("gr", "chat", "Το κινητό μου είναι {ph}, πάρε με όταν φτάσεις."),
    ("ar", "chat", "Mi celu es {ph}, mandame un mensaje cuando salgas."),
]
for cc, ctx, tpl in PHONE_ROWS:
    ph = (
        ph_us()
        if cc == "us"
        else ph_uk_mobile()
        if cc == "uk"
        else ph_uk_london()
        if cc == "ukl"
        else PHONES[cc]()
    )
    first, last = person()
    P("phone", ctx, tpl.format(ph=ph, first=first, last=last), ph)
p1, p2 = ph_us(), ph_us()
P("phone", "form", f"Emergency contacts\n1. Mother – {p1}\n2. Neighbour (spare key) – {p2}", p1, p2)

# ---- e-mail addresses

f, l_ = person()
e = email_for(f, l_)
P("email", "chat", f"Please send the signed contract to {e} by Friday.", e)
f, l_ = person()
e, ph = email_for(f, l_), PHONES["de"]()
P("email", "email", f"Mit freundlichen Grüßen\n{f} {l_}\nE-Mail: {e}\nTel.: {ph}", e, ph)
f, l_ = person(True)
loc = f"{ascii_fold(f).lower()}.{ascii_fold(l_).lower().replace(' ', '')}"
ob = f"{loc} at gmail dot com"
P("email_obfuscated", "chat", f"you can write to me at {ob}, I don't check it every day though", ob)
f, l_ = person(False)
ob = f"{ascii_fold(f).lower()} [dot] {ascii_fold(l_).lower().replace(' ', '')} [at] wp [dot] pl"
P("email_obfuscated", "forum", f"Kontakt w sprawie ogłoszenia: {ob}", ob)
e = "anja.krüger@schöne-ferien.de"
P("email", "chat", f"Buchungsanfragen bitte an {e} – ich antworte meistens abends.", e)
e = f"{rs(LO, 5)}@почта-{rs(LO, 3)}.рф"
P("email", "chat", f"Пишите мне на {e}, пожалуйста.", e)
f, l_ = person()
e = email_for(f, l_)
P(
    "email",
    "code",
    f'<p>Questions? <a href="mailto:{e}?subject=Portfolio%20enquiry">Get in touch</a></p>',
    e,
)
f, l_ = person()
e = email_for(f, l_)
P("email", "document", f"For references, contact me via [email](mailto:{e}) or on the phone.", e)
f, l_ = person()
e = email_for(f, l_)
P(
    "email",
    "shell",
    f"$ git log -1\ncommit {rs(HX, 40)}\nAuthor: {f} {l_} <{e}>\nDate:   Thu Mar 12 17:44:09 2026 +0100\n\n    fix pagination on the orders page",
    e,
)
f, l_ = person()
e = email_for(f, l_)
P(
    "email",
    "log",
    f"{ts()} WARN auth: 5 failed login attempts for user {e}, account locked for 15 minutes",
    e,
)
f, l_ = person()
loc = ascii_fold(f).lower().replace(" ", "")
e = f"{loc}.{ascii_fold(l_).lower().replace(' ', '')}+newsletters@gmail.com"
P("email", "chat", f"I signed up with {e} but the confirmation mail never arrived.", e)
f, l_ = person()
e = email_for(f, l_, "yahoo.co.jp")
P("email", "chat", f"メールアドレスは {e} です。資料を送ってください。", e)
es_ = [email_for(*person()) for _ in range(3)]
P(
    "email",
    "email",
    f"To: {es_[0]}\nCc: {es_[1]}; {es_[2]}\nSubject: Re: Sommerfest Planung\n\nHallo zusammen, anbei die Liste.",
    *es_,
)
f, l_ = person()
e = email_for(f, l_)
P(
    "email",
    "config",
    json.dumps(
        {
            "user": {
                "id": R.randint(10000, 99999),
                "display_name": f"{f} {l_[0]}.",
                "email": e,
                "plan": "pro",
            }
        },
        ensure_ascii=False,
    ),
    e,
)

# ---- postal addresses

US_STREETS = [
    "Maple Ridge Dr",
    "Oak Hollow Ln",
    "Cedar Bluff Rd",
    "Willow Creek Ct",
    "Pinecrest Ave",
    "Birchwood Blvd",
]
US_CITIES = [
    ("Austin", "TX", "787"),
    ("Columbus", "OH", "432"),
    ("Boise", "ID", "837"),
    ("Raleigh", "NC", "276"),
    ("Tucson", "AZ", "857"),
]
c, st, z = R.choice(US_CITIES)
a = f"{R.randint(100, 9999)} {R.choice(US_STREETS)}, Apt {R.randint(1, 20)}{R.choice('ABCD')}, {c}, {st} {z}{rs(DG, 2)}"
P("address", "chat", f"Please ship the replacement to {a}. The old address is no longer valid.", a)
uk_pc = f"{R.choice(['BS6', 'M14', 'LS6', 'EH9', 'G12', 'CF24', 'SW11', 'N16', 'E8', 'B29'])} {R.randint(1, 9)}{rs('ABDEFGHJLNPQRSTUWXYZ', 2)}"
line1 = f"Flat {R.randint(1, 9)}, {R.randint(2, 180)} {R.choice(['Ashgrove Road', 'Belmont Street', 'Kingsley Avenue', 'Orchard Close'])}"
P(
    "address",
    "letter",
    f"{' '.join(person())}\n{line1}\nBristol\n{uk_pc}\n\nDear Sir or Madam,\nI am writing to dispute the parking charge issued on 3 March.",
    line1,
    uk_pc,
)
a = f"{R.choice(['Lindenstraße', 'Gneisenaustraße', 'Am Kirchberg', 'Schillerweg'])} {R.randint(1, 120)}, {R.randint(10115, 14199)} Berlin"
P(
    "address",
    "chat",
    f"Kannst du mir helfen, eine Kündigung zu schreiben? Meine Adresse ist {a}.",
    a,
)
a = f"{R.randint(1, 90)} rue des {R.choice(['Lilas', 'Tanneurs', 'Glycines', 'Capucins'])}, 6900{R.randint(1, 9)} Lyon"
P(
    "address",
    "chat",
    f"J'habite au {a}, pouvez-vous me dire quelle est la déchetterie la plus proche ?",
    a,
)
a = f"Calle {R.choice(['de los Olivos', 'del Pez', 'Santa Engracia', 'de Toledo'])} {R.randint(1, 150)}, {R.randint(1, 8)}º {R.choice('ABCD')}, 280{R.randint(10, 52)} Madrid"
P("address", "form", f"Dirección de envío: {a}", a)
a = f"Via {R.choice(['Garibaldi', 'dei Mille', 'Cavour', 'San Martino'])} {R.randint(1, 90)}, 201{R.randint(21, 62)} Milano"
P("address", "chat", f"Abito in {a}: qual è l'ufficio postale più vicino?", a)
a = f"{R.choice(['Kastanjelaan', 'Merelstraat', 'Vondellaan'])} {R.randint(1, 99)}, 35{R.randint(11, 99)} {rs('ABCDEGHJKLMNPRSTVWXZ', 2)} Utrecht"
P("address", "chat", f"Mijn adres is {a}. Kunnen jullie het pakket daar afleveren?", a)
a = f"〒150-00{R.randint(11, 47)} 東京都渋谷区神南{R.randint(1, 3)}-{R.randint(1, 20)}-{R.randint(1, 15)} ハイツ神南{R.randint(1, 5)}0{R.randint(1, 9)}号室"
P("address", "chat", f"住所は{a}です。", a)
a = f"{R.randint(10, 999)} {R.choice(['Dunbar Cres', 'Maplewood Ave', 'Glenholme Rd'])}, Toronto, ON M{R.randint(1, 9)}{rs('ABCEGHJKLMNPRSTVWXYZ', 1)} {R.randint(1, 9)}{rs('ABCEGHJKLMNPRSTVWXYZ', 1)}{R.randint(1, 9)}"
P("address", "form", f"Mailing address: {a}", a)
a = f"{R.randint(1, 90)} {R.choice(['Wattle Street', 'Banksia Court', 'Kooringa Road'])}, Fitzroy VIC 3065"
P("address", "chat", f"I'm at {a} – can you work out which bin day applies to me?", a)
a = f"Rua das {R.choice(['Palmeiras', 'Acácias', 'Laranjeiras'])}, {R.randint(10, 999)}, apto {R.randint(11, 99)} – Pinheiros, São Paulo – SP, 0542{R.randint(0, 9)}-{rs(DG, 3)}"
P("address", "chat", f"Meu endereço para entrega é {a}.", a)
a = f"Flat {R.randint(101, 504)}, Sai Krupa Apartments, {R.randint(1, 18)}th Cross, Indiranagar, Bengaluru 5600{R.randint(10, 99)}"
P("address", "form", f"Delivery address: {a}\nLandmark: opposite the temple", a)
a = f"ul. {R.choice(['Długa', 'Ogrodowa', 'Lipowa'])} {R.randint(1, 80)}/{R.randint(1, 40)}, 0{R.randint(0, 4)}-{rs(DG, 3)} Warszawa"
P("address", "chat", f"Mieszkam pod adresem {a}, gdzie jest najbliższy paczkomat?", a)
a = f"{R.choice(['Storgatan', 'Södra vägen', 'Björkvägen'])} {R.randint(1, 60)}, 1{R.randint(11, 18)} {rs(DG, 2)} Stockholm"
P("address", "form", f"Leveransadress: {a}", a)
a = f"{R.randint(1, 60)} Seaview Terrace, Sandymount, Dublin 4, D04 {rs('ACDEFHKNPRTVWXY', 1)}{rs(DG, 1)}{rs('ACDEFHKNPRTVWXY', 1)}{rs(DG, 1)}"
P("address", "chat", f"We've moved! New address is {a}.", a)
a = f"Rosenweg {R.randint(1, 40)}, 800{R.randint(1, 9)} Zürich"
P("address", "email", f"Bitte die Rechnung neu an {a} ausstellen.", a)

f, l_ = person(True)
street = f"{R.randint(10, 300)} {R.choice(['Hawthorne Street', 'Lakeview Drive', 'Sycamore Lane'])}"
tenant_ph = ph_us()
P(
    "address",
    "letter",
    f"{f} {l_}\n{street}\nColumbus, OH 432{rs(DG, 2)}\n{tenant_ph}\n\n14 March 2026\n\nDear Property Manager,\n\n"
    "I am writing about the heating in my unit, which has not worked properly since the middle of January. I reported the problem "
    "by phone twice and through the tenant portal once, and each time I was told a technician would come within a week. Nobody "
    "has come so far. The temperature in the bedroom drops below 14 degrees at night, and I have had to buy two electric heaters, "
    "which has raised my electricity bill considerably.\n\nUnder the lease the landlord is responsible for keeping the heating in "
    "working order. I ask that the repair is carried out within ten days of this letter and that the cost of the heaters is "
    "credited against next month's rent. I am at home most mornings and can give access at short notice.\n\nSincerely,\n"
    + f"{f} {l_}",
    street,
    tenant_ph,
)
f, l_ = person(False)
street = f"{R.choice(['Hauptstraße', 'Bergstraße', 'Mühlweg'])} {R.randint(1, 99)}"
P(
    "address",
    "letter",
    f"{f} {l_}\n{street}\n{R.randint(70173, 70629)} Stuttgart\n\nAn die Hausverwaltung\n\nBetreff: Nebenkostenabrechnung 2025\n\n"
    "Sehr geehrte Damen und Herren,\n\nin der Abrechnung vom 28. Februar sind die Kosten für die Gartenpflege doppelt aufgeführt, "
    "einmal unter Position 7 und noch einmal unter Position 11. Außerdem wurde der Verteilerschlüssel für den Aufzug geändert, "
    "ohne dass die Eigentümerversammlung darüber beschlossen hätte. Ich bitte Sie, die Abrechnung zu prüfen und mir eine "
    "korrigierte Fassung zuzusenden. Bis zur Klärung behalte ich mir vor, den Nachzahlungsbetrag nur unter Vorbehalt zu leisten.\n\n"
    f"Mit freundlichen Grüßen\n{f} {l_}",
    street,
)

# ---- national identification numbers

f, l_ = person()
v = us_ssn()
P("us_ssn", "chat", f"For the W-9 they're asking for my SSN, it's {v} – do I put dashes or not?", v)
v = us_ssn()
P(
    "us_ssn",
    "form",
    f"Employee: {' '.join(person())}\nSSN: {v}\nFiling status: Single\nAllowances: 1",
    v,
)
v = us_ssn().replace("-", "")
P(
    "us_ssn",
    "log",
    f"{ts()} DEBUG payroll.validate: tax_id={v} status=MISMATCH source=irs_tin_match",
    v,
)
v = uk_nino()
P(
    "uk_nino",
    "chat",
    f"HMRC wants my National Insurance number to finish the self assessment, it's {v}. Where do I enter it?",
    v,
)
v = uk_nino().replace(" ", "")
P(
    "uk_nino",
    "form",
    f"Starter checklist\nSurname: {person()[1]}\nNI number: {v}\nStudent loan: Plan 2",
    v,
)
v = ca_sin()
P("ca_sin", "chat", f"My SIN is {v}. The bank app says it's invalid, did I format it right?", v)
v = ca_sin().replace(" ", "-")
P("ca_sin", "form", f"Social Insurance Number / Numéro d'assurance sociale : {v}", v)
v = au_tfn()
P(
    "au_tfn",
    "form",
    f"Tax file number declaration\nTFN: {v}\nAre you an Australian resident for tax purposes? Yes",
    v,
)
v = in_aadhaar()
P(
    "in_aadhaar",
    "chat",
    f"KYC form is asking for my Aadhaar, {v}. Is it safe to give it to a broker?",
    v,
)
v = in_aadhaar()
P("in_aadhaar", "form", f"आधार संख्या / Aadhaar No.: {v}\nनाम: {' '.join(person())}", v)
v = in_pan()
P("in_pan", "chat", f"My PAN is {v}, why does the income tax portal say 'PAN does not exist'?", v)
v = br_cpf()
P("br_cpf", "chat", f"Meu CPF é {v}, a nota fiscal saiu com o número errado, como corrijo?", v)
v = br_cpf().replace(".", "").replace("-", "")
bd = dob_s("{d:02d}/{m:02d}/{y}")
P("br_cpf", "form", f"Nome: {' '.join(person())}\nCPF: {v}\nData de nascimento: {bd}", v, bd)
v = mx_curp(True)
P("mx_curp", "chat", f"Mi CURP es {v}, ¿me ayudas a llenar el formato del IMSS?", v)
v = de_steuer_id()
P(
    "de_steuer_id",
    "chat",
    f"Meine Steuer-ID ist {v[:2]} {v[2:5]} {v[5:8]} {v[8:]}. Wo trage ich die in ELSTER ein?",
    f"{v[:2]} {v[2:5]} {v[5:8]} {v[8:]}",
)
v = fr_nir(True)
P("fr_nir", "form", f"N° de sécurité sociale : {v}\nCaisse : CPAM du Rhône", v)
v = es_dni()
P("es_dni", "chat", f"Para la reserva me piden el DNI: {v}. ¿Lo pongo con la letra?", v)
v = es_nie()
P("es_nie", "form", f"NIE: {v}\nNacionalidad: rumana\nDomicilio en España: Valencia", v)
v = it_codice_fiscale(True)
P(
    "it_codice_fiscale",
    "chat",
    f"Il mio codice fiscale è {v}, il portale INPS lo rifiuta. Perché?",
    v,
)
v = nl_bsn()
P("nl_bsn", "chat", f"Mijn BSN is {v}, moet ik dat echt aan mijn nieuwe werkgever doorgeven?", v)
v = be_national_number(False)
P("be_national_number", "form", f"Rijksregisternummer / Numéro national : {v}", v)
v = pl_pesel(True)
P("pl_pesel", "chat", f"Mój PESEL to {v}, czy muszę go podawać przy zakupie biletu?", v)
v = se_personnummer()
P(
    "se_personnummer",
    "chat",
    f"Mitt personnummer är {v}, varför kan jag inte logga in med BankID?",
    v,
)
v = no_fodselsnummer()
P("no_fodselsnummer", "form", f"Fødselsnummer (11 siffer): {v}", v)
v = fi_hetu()
P("fi_hetu", "chat", f"Henkilötunnukseni on {v}, tarvitseeko vuokranantaja sen?", v)
v = dk_cpr()
P("dk_cpr", "chat", f"Mit CPR-nummer er {v}. Skal jeg skrive det på ansøgningen?", v)
v = cz_rodne_cislo(True)
P("cz_rodne_cislo", "form", f"Rodné číslo: {v}\nZdravotní pojišťovna: VZP", v)
v = tr_tc_kimlik()
P("tr_tc_kimlik", "chat", f"TC kimlik numaram {v}, kargo şirketi neden bunu istiyor?", v)
v = il_teudat_zehut()
P("il_teudat_zehut", "form", f"מספר תעודת זהות: {v}\nשם: {' '.join(person())}", v)
v = za_id(True)
P(
    "za_id_number",
    "chat",
    f"My ID number is {v} – the SARS eFiling site says it doesn't match my tax number.",
    v,
)
v = cn_resident_id()
P("cn_resident_id", "chat", f"我的身份证号码是{v}，为什么实名认证失败？", v)
v = jp_my_number()
P(
    "jp_my_number",
    "form",
    f"個人番号（マイナンバー）: {v}\n氏名: {R.choice(['佐藤', '鈴木', '高橋', '田中'])} {R.choice(['花子', '太郎', '陽菜', '健'])}",
    v,
)
v = pt_nif()
P("pt_nif", "chat", f"Preciso de fatura com NIF: o meu é {v}. Podem reenviar?", v)
v = at_svnr()
P("at_svnr", "form", f"Sozialversicherungsnummer: {v}\nDienstgeber: Gastro GmbH, Graz", v)
v = ch_ahv()
P("ch_ahv", "chat", f"Meine AHV-Nummer ist {v}, braucht die neue Krankenkasse die wirklich?", v)
v = ie_ppsn()
P("ie_ppsn", "chat", f"My PPS number is {v} – Revenue says it's not linked to my MyGovID.", v)
v = kr_rrn(False)
P("kr_rrn", "chat", f"제 주민등록번호는 {v} 입니다. 연말정산 서류에 이걸 쓰면 되나요?", v)

# ---- passports, driving licences, health insurance

v = R.choice("AC") + rs(DG, 8)
P(
    "passport_number",
    "form",
    f"Passport number: {v}\nIssuing country: United States\nExpiry: 2033-07-19",
    v,
)
v = rs(DG, 9)
P(
    "passport_number",
    "chat",
    f"The airline needs my passport number for the API form – it's {v}, British passport, expires 2031.",
    v,
)
v = "C" + rs("CFGHJKLMNPRTVWXYZ0123456789", 8)
P("passport_number", "form", f"Reisepassnummer: {v}\nAusstellende Behörde: Stadt Köln", v)
v = R.choice("JKLMNPRSTUVZ") + rs(DG, 7)
P("passport_number", "chat", f"My passport no. is {v}, can you fill the visa form for me?", v)
sur, giv = "OKAFOR", "CHIDINMA<ADAEZE"
num = R.choice("AB") + rs(DG, 8)
dob = f"{R.randint(70, 99)}{R.randint(1, 12):02d}{R.randint(1, 28):02d}"
exp = f"3{R.randint(0, 4)}{R.randint(1, 12):02d}{R.randint(1, 28):02d}"
l1 = f"P<NGA{sur}<<{giv}".ljust(44, "<")
l2 = f"{num}{mrz_check(num)}NGA{dob}{mrz_check(dob)}F{exp}{mrz_check(exp)}" + "<" * 14
l2 += mrz_check("<" * 14) + mrz_check(l2[0:10] + l2[13:20] + l2[21:43] + mrz_check("<" * 14))
l2 = l2[:44]
P("passport_mrz", "document", f"OCR output of the passport scan:\n{l1}\n{l2}", l1, l2)

f, l_ = person(False)
sur5 = (ascii_fold(l_).upper().replace(" ", "") + "99999")[:5]
y = R.randint(60, 99)
v = f"{sur5}{str(y)[0]}{R.randint(1, 12):02d}{R.randint(1, 28):02d}{str(y)[1]}{ascii_fold(f)[0].upper()}9{R.randint(0, 9)}{rs(UP, 2)}"
P("driving_licence", "form", f"Driving licence number: {v}\nCategories: B, AM", v)
v = R.choice(UP) + rs(DG, 7)
P(
    "driving_licence",
    "chat",
    f"I got pulled over and the officer wrote down my CA driver license number {v}. How long until the ticket shows online?",
    v,
)
v = f"{rs(DG, 3)} {rs(DG, 3)} {rs(DG, 3)}"
P("driving_licence", "form", f"NY DMV ID #: {v}\nClass: D", v)
v = f"{R.choice(UP)}{rs(DG, 4)}-{rs(DG, 5)}-{rs(DG, 5)}"
P("driving_licence", "chat", f"Ontario licence {v} – can I use it to rent a car in Quebec?", v)
v = R.choice("BFJKMN") + rs(DG, 3) + rs(UP + DG, 6) + rs(DG, 1)
P("driving_licence", "form", f"Führerscheinnummer: {v}\nKlasse: B, BE", v)

v = nhs_number()
P(
    "nhs_number",
    "letter",
    f"Re: Ms {person(True)[1]}, NHS No. {v}\nThank you for referring this patient to the respiratory clinic.",
    v,
)
v = au_medicare()
P("au_medicare", "form", f"Medicare card number: {v}  Valid to: 08/2029", v)
v = us_mbi()
P(
    "us_medicare_mbi",
    "chat",
    f"My new Medicare number is {v}, do I need to give it to my pharmacy again?",
    v,
)
v = de_kvnr()
P("de_kvnr", "form", f"Krankenversichertennummer: {v}\nKrankenkasse: Techniker Krankenkasse", v)
v = fr_nir(False)
P(
    "fr_carte_vitale",
    "chat",
    f"Mon numéro de carte Vitale est {v}, la pharmacie dit qu'il n'est pas reconnu.",
    v,
)

# ---- dates of birth next to names


f, l_ = person()
v = dob_s("{d:02d}/{m:02d}/{y}")
P("date_of_birth", "form", f"Name: {f} {l_}\nDOB: {v}\nAllergies: penicillin", v)
f, l_ = person()
v = dob_s("{d:02d}.{m:02d}.{y}")
P("date_of_birth", "document", f"{f} {l_}, geb. am {v} in Leipzig, wohnhaft in Dresden", v)
f, l_ = person(True)
d, m = day()
v = f"{d} {['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'][m - 1]} {R.randint(1950, 2004)}"
P(
    "date_of_birth",
    "document",
    f"Je soussignée {f} {l_}, née le {v} à Nantes, certifie sur l'honneur…",
    v,
)
f, l_ = person()
v = dob_s("{y}-{m:02d}-{d:02d}")
P(
    "date_of_birth",
    "config",
    json.dumps(
        {"patient": {"name": f"{f} {l_}", "birthDate": v, "gender": "unknown"}}, ensure_ascii=False
    ),
    v,
)
v = dob_s("{y}年{m}月{d}日")
P(
    "date_of_birth",
    "form",
    f"氏名：{R.choice(['山田', '伊藤', '中村'])} {R.choice(['美咲', '翔', '葵'])}\n生年月日：{v}",
    v,
)
f, l_ = person()
d, m = day()
v = f"{['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'][m - 1]} {d}, {R.randint(1950, 2004)}"
P(
    "date_of_birth",
    "chat",
    f"Can you write a birthday card for my dad {f} {l_}? He was born {v}, so this is a big one.",
    v,
)

# ---- bank details

for cc, ctx, tpl in [
    ("DE", "chat", "Kannst du mir eine Vorlage für eine Überweisung machen? Empfänger-IBAN: {v}"),
    ("GB", "email", "Please pay the deposit into my account, IBAN {v}, reference FLAT-DEPOSIT."),
    ("FR", "form", "RIB – IBAN : {v}\nBIC : {bic}"),
    ("ES", "chat", "Mi IBAN es {v}, ¿puedes comprobar si está bien escrito?"),
    ("IT", "form", "Coordinate bancarie per il rimborso: IBAN {v}"),
    ("NL", "chat", "Je kunt het geld overmaken naar {v} t.n.v. mijn moeder."),
    ("BE", "email", "Gelieve het bedrag over te schrijven op {v}."),
    ("PL", "chat", "Numer konta do zwrotu: {v}"),
    ("CH", "form", "IBAN für Lohnzahlung: {v}"),
    ("IE", "chat", "Here's my IBAN for the refund: {v}"),
]:
    raw = iban(cc)
    v = group(raw) if R.random() < 0.6 else raw
    P("iban", ctx, tpl.format(v=v, bic=rs(UP, 4) + "FRPP" + rs(UP + DG, 3)), v)
sc, an = f"{rs(DG, 2)}-{rs(DG, 2)}-{rs(DG, 2)}", rs(DG, 8)
P(
    "uk_bank_account",
    "chat",
    f"Can you check my standing order? Sort code {sc}, account number {an}, £650 on the 1st.",
    sc,
    an,
)
sc, an = f"{rs(DG, 2)}{rs(DG, 2)}{rs(DG, 2)}", rs(DG, 8)
P(
    "uk_bank_account",
    "form",
    f"Payee: {' '.join(person())}\nSort code: {sc}\nAccount no: {an}",
    sc,
    an,
)
rt, an = us_routing(), rs(DG, R.randint(9, 12))
P(
    "us_bank_account",
    "form",
    f"Direct deposit form\nRouting number (ABA): {rt}\nAccount number: {an}\nAccount type: Checking",
    rt,
    an,
)
rt, an = us_routing(), rs(DG, 10)
P(
    "us_bank_account",
    "chat",
    f"for the ACH setup my routing is {rt} and account {an}, is that enough?",
    rt,
    an,
)
bsb, an = f"{R.choice(['062', '063', '033', '083'])}-{rs(DG, 3)}", rs(DG, 8)
P(
    "au_bank_account",
    "chat",
    f"Pay me back via bank transfer: BSB {bsb}, acc {an}. Cheers!",
    bsb,
    an,
)
v = mx_clabe()
P("mx_clabe", "chat", f"Te paso mi CLABE para la transferencia: {v}", v)
ifsc, an = R.choice(["HDFC", "ICIC", "SBIN", "UTIB"]) + "0" + rs(DG, 6), rs(DG, 14)
P("in_bank_account", "form", f"Account No.: {an}\nIFSC: {ifsc}\nBranch: Koramangala", an, ifsc)
tr_, an = rs(DG, 5), rs(DG, 7)
P(
    "ca_bank_account",
    "form",
    f"Void cheque details – Transit: {tr_}  Institution: 004  Account: {an}",
    an,
)

# ---- payment cards

for brand, ctx, tpl in [
    ("visa", "chat", "Can you book the table and pay with my card {v}, exp 09/28, CVV {cvv}?"),
    ("mastercard", "form", "Card number: {v}\nExpiry: 11/27\nName on card: {name}"),
    ("amex", "chat", "My Amex is {v}, the hotel wants it to guarantee the booking."),
    (
        "visa",
        "log",
        "{ts} ERROR payment.gateway: declined card_number={raw} amount=129.00 currency=EUR reason=insufficient_funds",
    ),
    ("discover", "chat", "Why was my Discover card {v} declined on Amazon today?"),
    ("jcb", "chat", "クレジットカード番号は{v}、有効期限は03/29です。"),
    ("maestro", "form", "Kartennummer: {v}  gültig bis 05/28"),
    ("mastercard", "email", "Hi, please charge the remaining balance to {v} (exp 02/30). Thanks!"),
]:
    raw = card(brand)
    v = fmt_card(raw) if R.random() < 0.75 or ctx == "form" else raw
    if ctx == "log":
        v = raw
    text = tpl.format(v=v, raw=raw, cvv=rs(DG, 3), name=" ".join(person()).upper(), ts=ts())
    P("credit_card", ctx, text, v)

# ---- devices, vehicles


def pub_ip() -> str:
    return f"{R.choice([24, 73, 81, 86, 92, 94, 95, 109, 176, 178, 188, 212, 217])}.{R.randint(1, 254)}.{R.randint(0, 255)}.{R.randint(1, 254)}"


v = pub_ip()
P(
    "ip_address",
    "chat",
    f"My home IP is {v}, can you tell me why my router's port 443 shows as open from outside?",
    v,
)
v = pub_ip()
P(
    "ip_address",
    "config",
    f"# allow my home connection only\nufw allow from {v} to any port 22 proto tcp",
    v,
)
v = pub_ip()
P(
    "ip_address",
    "chat",
    f"Meine öffentliche IP zu Hause ist {v} – warum zeigt mich Google dann in Frankfurt an?",
    v,
)
v = f"2a02:{rs(HX, 4)}:{rs(HX, 4)}:{rs(HX, 4)}:{rs(HX, 4)}:{rs(HX, 2)}ff:fe{rs(HX, 2)}:{rs(HX, 4)}"
P("ip_address", "chat", f"My laptop's IPv6 address is {v}, is that exposing my MAC address?", v)
v = pub_ip()
P(
    "ip_address",
    "log",
    f'{v} - - [14/Mar/2026:08:15:02 +0000] "POST /wp-login.php HTTP/1.1" 200 4521 "-" "Mozilla/5.0 (my own test from home)"',
    v,
)
v = f"{R.randrange(0, 256, 4):02x}:" + ":".join(rs(HX, 2) for _ in range(5))
P(
    "mac_address",
    "chat",
    f"I want to reserve an IP for my PlayStation, its MAC is {v}. Where do I put that in the router UI?",
    v,
)
v = f"{R.randrange(0, 256, 4):02X}-" + "-".join(rs(HXU, 2) for _ in range(5))
P(
    "mac_address",
    "shell",
    f"C:\\> getmac\nPhysical Address    Transport Name\n=================== ==========================================================\n{v}   \\Device\\Tcpip_{{{uuid4().upper()}}}",
    v,
)
v = f"{rs('ABCDEFGHJKLMNOPRSTUVWXY', 2)}{R.randint(51, 75)} {rs('ABCDEFGHJKLMNOPRSTUVWXYZ', 3)}"
P(
    "licence_plate",
    "chat",
    f"I got a parking ticket for my car, reg {v}, but I was parked legally. Can you help me appeal?",
    v,
)
v = f"{R.choice(['M', 'B', 'HH', 'K', 'S'])}-{rs(UP, 2)} {R.randint(100, 9999)}"
P("licence_plate", "chat", f"Mein Auto mit dem Kennzeichen {v} wurde abgeschleppt, was nun?", v)
v = f"{rs('ABCDEFGHJKLMNPQRSTVWXYZ', 2)}-{rs(DG, 3)}-{rs('ABCDEFGHJKLMNPQRSTVWXYZ', 2)}"
P(
    "licence_plate",
    "chat",
    f"J'ai reçu un avis de contravention pour le véhicule immatriculé {v}, je n'étais pas sur place.",
    v,
)
v = f"{R.randint(4, 9)}{rs(UP, 3)}{rs(DG, 3)}"
P(
    "licence_plate",
    "form",
    f"Vehicle: 2019 Honda Civic, silver\nPlate: {v} (CA)\nParking permit zone: B",
    v,
)

# ---- personal data inside forms, exports and documents

f, l_ = person()
e, ph = email_for(f, l_), ph_uk_mobile()
addr = f"{R.randint(1, 99)} {R.choice(['Holly Road', 'Church Lane', 'Station Road'])}, Leeds LS{R.randint(1, 29)} {R.randint(1, 9)}{rs('ABDEFGHJLNPQRSTUWXYZ', 2)}"
P(
    "contact_form",
    "form",
    f"New submission from Contact us\n\nName: {f} {l_}\nEmail: {e}\nPhone: {ph}\nAddress: {addr}\nMessage: Hi, I'd like a quote for replacing two windows at the front of the house.",
    e,
    ph,
    addr,
)
rows, secrets = [], []
for _ in range(4):
    f, l_ = person()
    e, ph, dob = (
        email_for(f, l_),
        PHONES[R.choice(["de", "fr", "nl", "es"])](),
        dob_s("{y}-{m:02d}-{d:02d}"),
    )
    rows.append(f"{R.randint(1000, 9999)},{f},{l_},{e},{ph},{dob}")
    secrets += [e, ph, dob]
P(
    "csv_export",
    "document",
    "customer_id,first_name,last_name,email,phone,date_of_birth\n" + "\n".join(rows),
    *secrets,
)
f, l_ = person(True)
e, ph = email_for(f, l_), PHONES["nl"]()
street = f"{R.choice(['Kerkstraat', 'Molenweg', 'Dorpsstraat'])} {R.randint(1, 120)}"
bday = dob_s("{y}-{m:02d}-{d:02d}")
P(
    "vcard",
    "document",
    f"BEGIN:VCARD\nVERSION:3.0\nN:{l_};{f};;;\nFN:{f} {l_}\nTEL;TYPE=CELL:{ph}\nEMAIL;TYPE=HOME:{e}\nADR;TYPE=HOME:;;{street};Haarlem;;20{R.randint(11, 37)} {rs('ABCDEGHJKLMNPRSTVWXZ', 2)};Netherlands\nBDAY:{bday}\nEND:VCARD",
    ph,
    e,
    street,
    bday,
)
f, l_ = person()
e, ph = email_for(f, l_), ph_us()
c, st, z = R.choice(US_CITIES)
street = f"{R.randint(100, 9999)} {R.choice(US_STREETS)}"
P(
    "support_ticket",
    "ticket",
    f"Ticket #{R.randint(40000, 99999)} – Order arrived damaged\nPriority: normal\nRequester: {f} {l_} <{e}>\nPhone: {ph}\nShipping address: {street}, {c}, {st} {z}{rs(DG, 2)}\n\n"
    "Customer says the box was crushed and the lamp base is cracked. Photos attached. Wants a replacement, not a refund.",
    e,
    ph,
    street,
)
f, l_ = person(True)
nhs, dob = nhs_number(), dob_s("{d:02d}/{m:02d}/{y}")
street = f"{R.randint(1, 120)} {R.choice(['Meadow Way', 'Elm Grove', 'Victoria Road'])}"
P(
    "medical_letter",
    "letter",
    f"Dear Dr {person()[1]},\n\nRe: {f} {l_}, DOB {dob}, NHS number {nhs}\n{street}, Sheffield S{R.randint(1, 20)} {R.randint(1, 9)}{rs('ABDEFGHJLNPQRSTUWXYZ', 2)}\n\n"
    "I reviewed this patient in the diabetes clinic today. Her HbA1c has improved to 52 mmol/mol on the current dose of metformin, "
    "and she reports no hypoglycaemic episodes. Blood pressure was 132/84. I have suggested she continues the current regimen and "
    "we will see her again in six months with repeat bloods beforehand.\n\nYours sincerely,\nDiabetes Specialist Nurse",
    dob,
    nhs,
    street,
)
f, l_ = person(False)
e, ph = email_for(f, l_), PHONES["in"]()
li = (
    f"linkedin.com/in/{ascii_fold(f).lower()}-{ascii_fold(l_).lower().replace(' ', '')}-{rs(HX, 8)}"
)
P(
    "cv",
    "document",
    f"{f.upper()} {l_.upper()}\nSenior Data Engineer\n{ph} | {e} | {li}\nPune, Maharashtra\n\nEXPERIENCE\nData Engineer, logistics start-up (2021–present)\n"
    "- Built streaming ingestion for 40k events/s with Kafka and Flink\n- Cut warehouse costs by 35% by partitioning and clustering\n\nEDUCATION\nB.Tech Computer Science, 2018",
    ph,
    e,
    li,
)
f, l_ = person()
ph = PHONES["de"]()
street = f"{R.choice(['Parkstraße', 'Goethestraße', 'Ringstraße'])} {R.randint(1, 99)}"
P(
    "shipping_label",
    "document",
    f"DHL PAKET\nAbsender: Onlineshop GmbH, Lager 3\n\nEmpfänger:\n{f} {l_}\n{street}\n{R.randint(20095, 22769)} Hamburg\nTel. {ph}\n\nSendungsnummer: 00340434{rs(DG, 12)}",
    street,
    ph,
)
f, l_ = person(True)
pn, e = rs(DG, 9), email_for(f, l_)
P(
    "booking_confirmation",
    "email",
    f"Booking confirmation – Hotel Aurora, Lisbon\nGuest: {f} {l_}\nEmail: {e}\nPassport no.: {pn}\nArrival: 12 June 2026, 3 nights\nCard on file: Visa ending 4821",
    e,
    pn,
)
f, l_ = person()
ssn, dob, rt, an = us_ssn(), dob_s("{m:02d}/{d:02d}/{y}"), us_routing(), rs(DG, 10)
ec = ph_us()
P(
    "hr_record",
    "document",
    f"ONBOARDING – CONFIDENTIAL\nEmployee: {f} {l_}\nStart date: 04/01/2026\nSSN: {ssn}\nDate of birth: {dob}\nDirect deposit: routing {rt} / account {an}\nEmergency contact: spouse, {ec}",
    ssn,
    dob,
    rt,
    an,
    ec,
)
f, l_ = person()
kv, dob, ib = de_kvnr(), dob_s("{d:02d}.{m:02d}.{y}"), group(iban("DE"))
street = f"{R.choice(['Amselweg', 'Friedhofstraße', 'Uferstraße'])} {R.randint(1, 60)}"
P(
    "insurance_claim",
    "form",
    f"Schadenmeldung Hausrat\nVersicherungsnehmer: {f} {l_}\nGeburtsdatum: {dob}\nAnschrift: {street}, {R.randint(80331, 81929)} München\nVersichertennummer KV: {kv}\nBankverbindung für die Erstattung: {ib}\nSchadentag: 02.03.2026 (Wasserschaden Küche)",
    dob,
    street,
    kv,
    ib,
)
f, l_ = person(True)
p1, p2 = PHONES["fr"](), PHONES["fr"]()
street = f"{R.randint(1, 80)} avenue {R.choice(['Jean Jaurès', 'de la République', 'Victor Hugo'])}"
d, m = day()
kid_dob = f"{d:02d}/{m:02d}/20{R.randint(15, 20)}"
P(
    "school_enrollment",
    "form",
    f"Fiche d'inscription – école élémentaire\nÉlève : {f} {l_}\nDate de naissance : {kid_dob}\nAdresse : {street}, 33000 Bordeaux\nTéléphone mère : {p1}\nTéléphone père : {p2}",
    kid_dob,
    street,
    p1,
    p2,
)
f, l_ = person()
dni, ph, e, ib = es_dni(), PHONES["es"](), email_for(f, l_), iban("ES")
P(
    "rental_application",
    "form",
    f"Solicitud de alquiler\nNombre: {f} {l_}\nDNI: {dni}\nTeléfono: {ph}\nCorreo: {e}\nIBAN para domiciliación: {ib}\nIngresos mensuales netos: 2.450 €",
    dni,
    ph,
    e,
    ib,
)
f, l_ = person(False)
e, dob = email_for(f, l_), dob_s("{d:02d}/{m:02d}/{y}")
street = f"{R.randint(2, 200)} {R.choice(['Beech Avenue', 'Harbour View', 'Mill Street'])}"
P(
    "gdpr_request",
    "email",
    f"Subject: Subject access request under Article 15 GDPR\n\nDear Data Protection Officer,\n\nPlease provide a copy of all personal data you hold about me. To help you locate my records:\n"
    f"Full name: {f} {l_}\nDate of birth: {dob}\nAddress: {street}, Cork T12 {rs('ACDEFHKNPRTVWXY', 1)}{rs(DG, 1)}{rs('ACDEFHKNPRTVWXY', 1)}{rs(DG, 1)}\nEmail used for the account: {e}\n\nI expect a reply within one month.\nKind regards,\n{f} {l_}",
    dob,
    street,
    e,
)


# ================================================================ NEGATIVES
# ---- ordinary chat in several languages

for ctx, text in [
    ("chat", "Can you explain the difference between a process and a thread in simple terms?"),
    ("chat", "What's a good way to plan a week of dinners for two people on a tight budget?"),
    ("chat", "Write a haiku about autumn rain on a train window."),
    ("chat", "How do I center a div horizontally and vertically with flexbox?"),
    ("chat", "Summarise the main causes of the First World War in five bullet points."),
    ("chat", "Is it better to learn Rust or Go for writing backend services?"),
    ("chat", "My sourdough starter smells like nail polish remover. Is it dead or just hungry?"),
    ("chat", "Translate 'the meeting has been moved to Thursday afternoon' into polite Japanese."),
    ("chat", "Give me three ideas for a short story set on a lighthouse."),
    (
        "chat",
        "Explain what a Kubernetes liveness probe is and when I'd use a readiness probe instead.",
    ),
    (
        "chat",
        "Draft a polite reply declining a meeting invitation because of a scheduling conflict.",
    ),
    ("chat", "Kannst du mir erklären, wie eine Wärmepumpe im Winter funktioniert?"),
    ("chat", "Wie schreibe ich eine höfliche Absage auf eine Einladung zum Vorstellungsgespräch?"),
    (
        "chat",
        "Quelle est la différence entre le passé composé et l'imparfait ? Donne-moi des exemples.",
    ),
    ("chat", "Peux-tu me proposer un itinéraire de trois jours en Bretagne, sans voiture ?"),
    ("chat", "¿Cómo se calcula el interés compuesto mensual? Explícalo con un ejemplo sencillo."),
    ("chat", "Dame ideas para una fiesta de cumpleaños infantil con temática de dinosaurios."),
    ("chat", "Qual è la ricetta tradizionale della carbonara? Si usa la panna oppure no?"),
    ("chat", "Como faço para melhorar a minha pronúncia em inglês estudando sozinho?"),
    ("chat", "Hoe lang moet ik een ei koken voor een zachte dooier?"),
    ("chat", "Jak działa fotosynteza? Wyjaśnij to dziesięcioletniemu dziecku."),
    ("chat", "Pythonでリストを逆順にする一番簡単な方法は何ですか？"),
    ("chat", "请帮我写一封感谢老师的简短信件，语气要真诚。"),
    ("chat", "Объясни, пожалуйста, разницу между TCP и UDP простыми словами."),
    ("chat", "Evde kolayca yapılabilecek sağlıklı atıştırmalıklar önerir misin?"),
    ("chat", "Vad är skillnaden mellan 'då' och 'sedan' på svenska?"),
    ("chat", "파이썬에서 딕셔너리를 값 기준으로 정렬하는 방법을 알려주세요."),
    ("chat", "ما هي أفضل طريقة لتعلم البرمجة للمبتدئين؟"),
    ("chat", "मुझे अच्छी नींद के लिए कुछ सुझाव दीजिए।"),
    ("chat", "Mikä on paras tapa opetella ruotsia aikuisena?"),
    ("chat", "Jaký je rozdíl mezi vlastním kapitálem a ziskem?"),
    ("chat", "Πώς μπορώ να φτιάξω σπιτικό γιαούρτι;"),
    ("chat", "Hvordan lager jeg en enkel budsjettmal i Excel?"),
    ("chat", "How do I make a strong password policy for a small team without annoying everyone?"),
    ("chat", "What does 'rotate your credentials' mean after a security incident, in practice?"),
    (
        "chat",
        "Is it safe to paste an API key into a chat with an AI assistant? What should I do instead?",
    ),
    ("chat", "How long does it usually take for a passport renewal to arrive by post?"),
]:
    N(ctx, text)

# ---- git commits, UUIDs, hashes, digests

for tpl in [
    "git revert {sha} broke the build again, is there a way to revert a revert cleanly?",
    'The regression was introduced in {short} ("refactor: move parser into its own module"). Bisect confirms it.',
    "$ git cherry-pick {sha}\nerror: could not apply {short}... fix typo in README\nhint: after resolving the conflicts, mark the corrected paths",
    "Merge pull request #{n} from feature/search-filters\n\ncommit {sha}\nMerge: {short} {short2}",
    "Pin the action to a full commit SHA instead of a tag: uses: actions/checkout@{sha}",
    "Why does `git show {short}` say 'unknown revision' on CI but works locally?",
    "Deployed {short} to staging at 14:05, rolled back to {short2} at 14:20 after the smoke tests failed.",
    "pip install git+https://github.com/psf/requests.git@{sha}",
]:
    sha = rs(HX, 40)
    N("code", tpl.format(sha=sha, short=sha[:7], short2=rs(HX, 7), n=R.randint(100, 9999)))
for tpl in [
    "const REQUEST_ID = '{u}'; // fixed id used by the snapshot tests",
    "SELECT * FROM orders WHERE order_uuid = '{u}';\n-- returns 0 rows, but the API shows the order",
    "Why does Python's uuid.UUID('{u}').version return 4 but my regex says it's invalid?",
    '<PackageReference Include="Newtonsoft.Json" Version="13.0.3" />\n<ProjectGuid>{{{U}}}</ProjectGuid>',
    "kubectl get pod -o jsonpath='{{.metadata.uid}}'\n{u}",
    '[Guid("{U}")]\npublic interface IPluginHost {{ void Load(); }}',
]:
    u = uuid4()
    N("code", tpl.format(u=u, U=u.upper()))
for text in [
    f"The SHA-256 of the string 'hello world' should be {hashlib.sha256(b'hello world').hexdigest()} — my Java code gives a different value, what am I doing wrong with the encoding?",
    f"md5('') is {hashlib.md5(b'').hexdigest()}, so if you see that value in the ETag the file was empty.",
    f"sha1sum of the release tarball: {hashlib.sha1(b'release-2.4.0.tar.gz').hexdigest()} – the download page lists the same, so it's fine.",
    f"I'm storing file fingerprints as hex. Is {hashlib.sha256(b'invoice-template.docx').hexdigest()} a reasonable length for a column, or should I use bytea?",
    f"$ sha256sum ubuntu-24.04-live-server-amd64.iso\n{rs(HX, 64)}  ubuntu-24.04-live-server-amd64.iso",
    f"docker pull nginx@sha256:{rs(HX, 64)}\n# pinned by digest so the image can't change under us",
    f"Integrity check failed: expected sha512-{b64(hashlib.sha512(b'left-pad@1.3.0').digest())} in package-lock.json",
    f"CRC32 of the firmware image is 0x{rs(HXU, 8)}, matches the vendor's checksum list.",
    f"The blake2b-256 digest {hashlib.blake2b(b'dataset-v3', digest_size=32).hexdigest()} is what the dataset card lists for the train split.",
]:
    N("code", text)

# ---- versions, ISBNs, product codes, order numbers


def isbn13() -> str:
    p = "978" + R.choice("0123") + rs(DG, 8)
    c = (10 - sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(p)) % 10) % 10
    return f"{p[:3]}-{p[3]}-{p[4:7]}-{p[7:12]}-{c}"


for text in [
    "After upgrading from Django 4.2.11 to 5.0.3 my migrations fail with 'no such column'.",
    "node v20.11.1, npm 10.2.4, and pnpm 8.15.4 – which lockfile version does that produce?",
    "Kernel 6.8.0-45-generic on Ubuntu 24.04.1 LTS, NVIDIA driver 550.120 – is that combination supported?",
    "Our API is at version 3.14.0-rc.2+build.5871; does semver consider that newer than 3.14.0-rc.10?",
    "Minecraft 1.20.4 with Forge 49.0.30 crashes on startup, but 1.20.1 works.",
    "requirements.txt pins numpy==1.26.4 and pandas>=2.2,<3 – will that resolve on Python 3.12?",
    "iOS 17.4.1 broke Bluetooth on my headphones, firmware 2.3.0. Anyone else?",
]:
    N("chat", text)
for _ in range(4):
    N(
        "chat",
        R.choice(
            [
                "Is ISBN {i} the hardcover or the paperback edition?",
                "The library catalogue lists ISBN {i} but the bookshop can't find it.",
                "Can you format this citation? Title, publisher, 2019, ISBN {i}.",
                "Why does my ISBN validator reject {i}? The check digit looks right to me.",
            ]
        ).format(i=isbn13()),
    )
for text in [
    f"Order #{rd(3)}-{rd(7)}-{rd(7)} still says 'preparing for dispatch' after five days, is that normal for Amazon?",
    f"The part number on the fan is {rs(UP, 3)}-{rs(DG, 5)}-{rs(UP, 2)}; which replacement fits a ThinkPad T14?",
    f"SKU {rs(UP, 2)}-{rd(4)}-{rs(UP, 3)} is out of stock in every size except XL.",
    "Sony WH-1000XM5 vs Bose QuietComfort Ultra – which one has better noise cancelling on planes?",
    f"Our internal ticket JIRA-{rd(4)} tracks this bug; the fix is scheduled for sprint 42.",
    f"Invoice INV-2026-{rd(5)} was paid twice by accident, how do I record the refund in the books?",
]:
    N("chat", text)

# ---- dates, prices, math, science, sports, places

for text in [
    "The conference runs from 14 to 17 October 2026, with registration closing on 30 September at 23:59 CET.",
    "Convert 2026-03-14T09:30:00+01:00 to UTC and to US Eastern time.",
    "How many working days are there between 3 March and 28 April, excluding Easter Monday?",
    "The train leaves at 07:42 and arrives at 11:15 – how long is the journey?",
    "Cron expression for 'every weekday at 06:30': is it 30 6 * * 1-5?",
    "A coffee costs €3.40 here and $4.75 in New York; at 1.09 dollars per euro which is cheaper?",
    "If a jacket is £120 and it's 35% off, then another 10% at checkout, what's the final price?",
    "Our cloud bill went from $12,480.55 in January to $15,902.10 in February, what's the percentage increase?",
    "Is 129,99 € a good price for a 2 TB NVMe SSD right now?",
    "Rent is 1.450 € per month plus 210 € Nebenkosten – what is that per year?",
    "Solve for x: 3x^2 - 12x + 9 = 0.",
    "What's the derivative of f(x) = x^3 · ln(x)?",
    "Prove that the square root of 2 is irrational.",
    "Compute 2^64 - 1 and explain why it shows up as the max value of an unsigned 64-bit integer: 18446744073709551615.",
    "What's 17% of 4,380, and how do I do it in my head?",
    "The determinant of [[2, 1], [7, 4]] is 1, so the matrix is invertible, right?",
    "Balance this equation: C3H8 + O2 → CO2 + H2O.",
    "What is the molar mass of C6H12O6, and how many moles are in 90 g of glucose?",
    "Why is NaHCO3 used in baking, and what does it release when heated?",
    "Is H2SO4 stronger than HNO3 as an acid? Explain using pKa values.",
    "Germany beat Brazil 7–1 in the 2014 World Cup semi-final; has any semi-final had a bigger margin?",
    "Final score last night was 112–108 after overtime. Who had the most rebounds?",
    "Liverpool 2, Everton 0 – what does that do to the table with 8 games left?",
    "In tennis, how do you get from 6–4, 3–6, 7–6(5) to a winner in a best-of-three match?",
    "The Eiffel Tower is at 48.8584° N, 2.2945° E – how far is that from the Louvre?",
    "Coordinates of the Statue of Liberty: 40.6892, -74.0445. Can you convert them to degrees, minutes and seconds?",
    "Mount Everest's summit is at 27.9881° N, 86.9250° E, 8,849 m above sea level.",
    "Sydney Opera House (-33.8568, 151.2153): what's the best time of day to photograph it?",
]:
    N("chat", text)
for text in [
    "What's the visitor entrance for the White House at 1600 Pennsylvania Avenue NW, Washington, DC 20500?",
    "Is the Empire State Building at 20 W 34th St, New York, NY 10001 open on public holidays?",
    "How do I get from King's Cross to Buckingham Palace, London SW1A 1AA, by Tube?",
    "Which postcode is 10 Downing Street? I thought it was SW1A 2AA.",
    "Opening hours of the Eiffel Tower, Champ de Mars, 5 Avenue Anatole France, 75007 Paris?",
    "Is the Brandenburger Tor at Pariser Platz, 10117 Berlin, accessible at night?",
    "Tickets for the Colosseum, Piazza del Colosseo 1, 00184 Roma – do I need to book in advance?",
]:
    N("chat", text)
for text in [
    "What are Apple Support's phone hours? The number on their website is 1-800-275-2273.",
    "I called the IRS at 1-800-829-1040 and was on hold for two hours. Is there a better time to call?",
    "USPS customer service (1-800-275-8777) keeps hanging up on me, can I file the complaint online instead?",
    "Is the Social Security Administration's number 1-800-772-1213 the right one to ask about a replacement card?",
    "In the UK you call 999 for emergencies and 111 for non-urgent NHS advice; what's the EU-wide equivalent? (It's 112.)",
]:
    N("chat", text)

# ---- placeholders and code that reads secrets from the environment

for ctx, text in [
    (
        "config",
        "# .env.sample\nOPENAI_API_KEY=YOUR_API_KEY\nDATABASE_URL=postgres://USER:PASSWORD@HOST:5432/DBNAME\nREDIS_URL=redis://localhost:6379/0",
    ),
    (
        "chat",
        "The docs say `curl -H 'Authorization: Bearer <token>' https://api.github.com/user` – where do I get the <token> part?",
    ),
    (
        "config",
        "aws_access_key_id = <your-access-key-id>\naws_secret_access_key = <your-secret-access-key>",
    ),
    ("code", "stripe.api_key = 'sk_test_...'  # replace with your own key from the dashboard"),
    ("config", "-----BEGIN PRIVATE KEY-----\n...your key here...\n-----END PRIVATE KEY-----"),
    (
        "ci",
        "- name: Publish\n  run: npm publish\n  env:\n    NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}",
    ),
    ("chat", "Replace xxxx-xxxx-xxxx-xxxx with the licence key printed on your receipt."),
    ("config", "password: ********\nusername: admin   # the real values are in the vault"),
    (
        "config",
        "SLACK_WEBHOOK_URL=https://hooks.slack.com/services/XXXXXXXXX/XXXXXXXXX/XXXXXXXXXXXXXXXXXXXXXXXX",
    ),
    (
        "code",
        'API_KEY = "REPLACE_ME"\nif API_KEY == "REPLACE_ME":\n    raise SystemExit("set API_KEY first")',
    ),
    (
        "config",
        "[Interface]\nPrivateKey = <paste the output of `wg genkey` here>\nAddress = 10.8.0.2/32",
    ),
    (
        "chat",
        "In the tutorial the JWT looks like header.payload.signature – what does each part contain?",
    ),
    (
        "code",
        'import os\n\nclient = OpenAI(api_key=os.environ["OPENAI_API_KEY"])\nresp = client.responses.create(model=MODEL, input=prompt)',
    ),
    (
        "code",
        "const stripe = require('stripe')(process.env.STRIPE_SECRET_KEY);\nif (!process.env.STRIPE_SECRET_KEY) throw new Error('missing key');",
    ),
    (
        "code",
        'db_password = os.getenv("DB_PASSWORD")\nif not db_password:\n    log.error("DB_PASSWORD is not set")',
    ),
    ("code", 'let token = std::env::var("GITHUB_TOKEN").expect("GITHUB_TOKEN must be set");'),
    (
        "code",
        'apiKey := os.Getenv("DD_API_KEY")\nif apiKey == "" {\n\tlog.Fatal("DD_API_KEY missing")\n}',
    ),
    (
        "config",
        "env:\n  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef:\n        name: app-credentials\n        key: db-password",
    ),
    (
        "config",
        'resource "aws_db_instance" "main" {\n  username = var.db_username\n  password = var.db_password\n  engine   = "postgres"\n}',
    ),
    (
        "shell",
        "$ export ANTHROPIC_API_KEY=$(security find-generic-password -s anthropic -w)\n$ python agent.py",
    ),
]:
    N(ctx, text)

# ---- logs and stack traces without credentials

for text in [
    f"{ts()} INFO  [main] o.s.b.w.embedded.tomcat.TomcatWebServer : Tomcat started on port(s): 8080 (http)",
    f"{ts()} WARN  kubelet: Readiness probe failed: HTTP probe failed with statuscode: 503",
    f"{ts()} ERROR worker-3 job=nightly-report duration=412s status=timeout retries=2",
    '127.0.0.1 - - [14/Mar/2026:10:01:22 +0000] "GET /healthz HTTP/1.1" 200 2 "-" "kube-probe/1.29"',
    f"{ts()} DEBUG cache: miss key=product:list:page=3 ttl=300",
    f"{ts()} INFO  db: migration 20260301_add_index_orders_created_at applied in 2.3s",
    "[Sat Mar 14 10:02:33.123456 2026] [mpm_event:notice] [pid 1:tid 1] AH00489: Apache/2.4.58 (Unix) configured -- resuming normal operations",
    f"{ts()} INFO  scheduler: 12 jobs queued, 3 running, 0 failed; next run in 00:04:59",
]:
    N("log", text)
for text in [
    "Traceback (most recent call last):\n  File \"app.py\", line 42, in <module>\n    total = prices['total']\nKeyError: 'total'",
    'Exception in thread "main" java.lang.NullPointerException: Cannot invoke "String.length()" because "name" is null\n\tat com.shop.Customer.greet(Customer.java:27)\n\tat com.shop.Main.main(Main.java:9)',
    "TypeError: Cannot read properties of undefined (reading 'map')\n    at ProductList (ProductList.jsx:14:23)\n    at renderWithHooks (react-dom.development.js:16305:18)",
    "thread 'main' panicked at src/main.rs:17:31:\ncalled `Result::unwrap()` on an `Err` value: ParseIntError { kind: InvalidDigit }\nnote: run with `RUST_BACKTRACE=1` environment variable to display a backtrace",
    "panic: runtime error: index out of range [5] with length 5\n\ngoroutine 1 [running]:\nmain.main()\n\t/app/main.go:12 +0x1d\nexit status 2",
    'psycopg2.errors.UniqueViolation: duplicate key value violates unique constraint "users_email_key"\nDETAIL:  Key (email)=(...) already exists.',
]:
    N("trace", text)

# ---- base64 and other encodings of harmless text

for plain in [
    "Hello, World!",
    "The quick brown fox jumps over the lazy dog",
    '{"theme":"dark","lang":"en"}',
]:
    N("chat", f"What does this base64 decode to? {b64(plain.encode())}")
N(
    "code",
    '<img alt="dot" src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7">  <!-- 1x1 transparent pixel -->',
)

# ---- miscellaneous technical text that only looks sensitive

for ctx, text in [
    (
        "code",
        'EMAIL_RE = re.compile(r"^[\\w.+-]+@[\\w-]+\\.[\\w.-]+$")  # good enough for a signup form?',
    ),
    ("code", ":root {\n  --brand: #1e90ff;\n  --brand-dark: #0b5cad;\n  --danger: #d7263d;\n}"),
    ("chat", "Is 8.8.8.8 or 1.1.1.1 the faster public DNS resolver from Europe?"),
    (
        "chat",
        "10.0.0.0/8, 172.16.0.0/12 and 192.168.0.0/16 are the private ranges – is 100.64.0.0/10 private too?",
    ),
    (
        "config",
        "server {\n    listen 443 ssl;\n    server_name _;\n    ssl_certificate     /etc/ssl/certs/site.crt;\n    ssl_certificate_key /etc/ssl/private/site.key;\n}",
    ),
    (
        "code",
        "SELECT customer_id, COUNT(*) AS orders\nFROM orders\nWHERE created_at >= DATE '2026-01-01'\nGROUP BY customer_id\nHAVING COUNT(*) > 5;",
    ),
    (
        "chat",
        "HTTP 401 means unauthenticated and 403 means forbidden – but which one should an expired token return?",
    ),
    (
        "chat",
        "What's the format of an IBAN? I know it starts with a country code and two check digits.",
    ),
    ("chat", "How does the Luhn algorithm work, and why do credit card numbers use it?"),
    ("chat", "How many digits does a US Social Security number have and who issues them?"),
    (
        "code",
        'ssh-keygen -t ed25519 -C "work laptop" -f ~/.ssh/id_ed25519\n# then add the .pub file to GitHub, never the private one',
    ),
    ("chat", "Why does `openssl rand -hex 32` output 64 characters?"),
]:
    N(ctx, text)

# ---- long documents without anything sensitive

N(
    "document",
    "Release notes – 5.2.0\n\nHighlights\n- The export dialog now remembers the last format you used.\n- Search results load about 40% faster on large workspaces "
    "thanks to a new index on (workspace_id, updated_at).\n- Dark mode contrast was improved for tables and code blocks.\n\nFixes\n"
    "- Fixed a crash when pasting more than 10,000 rows into a sheet.\n- Fixed time zones for recurring events created before 2024-11-03.\n"
    "- The API no longer returns HTTP 500 when a filter contains an empty list; it returns 400 with a clear message.\n\n"
    "Deprecations\n- The v1 webhooks endpoint will be removed on 2026-09-30. Move to v2, which signs every request; see the migration guide.\n\n"
    "Upgrade notes\nRun the database migrations before restarting the workers. No configuration changes are needed.",
)
N(
    "document",
    "Meeting notes – platform guild, 11 March\n\nAttendees: six engineers from platform, payments and search.\n\n1. Secret rotation: everyone agreed that "
    "service credentials should be short-lived and issued by the vault, not stored in CI variables. Payments will pilot this next sprint.\n"
    "2. Logging: we will drop request bodies from debug logs entirely instead of trying to mask fields one by one.\n"
    "3. Kubernetes upgrade to 1.30 is planned for the first week of April; the staging cluster goes first.\n"
    "4. On-call: the rota moves to weekly hand-overs on Tuesdays at 10:00.\n\nAction items\n- Draft the rotation RFC (platform)\n"
    "- Remove body logging from the gateway (search)\n- Book the upgrade window (platform)",
)
N(
    "document",
    "Wie man einen Sauerteig ansetzt\n\nTag 1: 50 g Roggenvollkornmehl mit 50 g lauwarmem Wasser verrühren und abgedeckt bei 24–26 °C stehen lassen.\n"
    "Tag 2 bis 5: Jeden Tag die Hälfte entfernen und wieder mit 50 g Mehl und 50 g Wasser füttern. Nach drei bis vier Tagen sollten sich "
    "Bläschen bilden und der Teig leicht säuerlich riechen.\nTag 6: Wenn sich das Volumen nach dem Füttern innerhalb von sechs bis acht Stunden "
    "verdoppelt, ist der Ansatz bereit zum Backen. Im Kühlschrank hält er sich etwa eine Woche ohne Fütterung.",
)


# ================================================================ write

with OUT.open("w", encoding="utf-8", newline="\n") as fh:
    for row in ROWS:
        fh.write(json.dumps(row, ensure_ascii=False) + "\n")

cat = Counter(r["category"] for r in ROWS)
kinds = Counter(r["kind"] for r in ROWS)
print(f"wrote {len(ROWS)} rows to {OUT}")
for k in ("secret", "pii", "negative"):
    print(f"  {k:9s} {cat[k]}")
print("kinds:")
for k, n in sorted(kinds.items()):
    print(f"  {k:32s} {n}")
