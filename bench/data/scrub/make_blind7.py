# ruff: noqa: E501
"""Blind scrub corpus #7.

Written blind: the scrubber's source, its tests, its docs, the benchmark script
and the earlier corpora were not opened while this file was written (only the
first lines of make_blind5.py, for the row format and the ``add()`` checks).
Everything here comes from general knowledge of what people paste into a chat
assistant and of the public shapes of credentials and personal data.

This corpus leans on chat: most rows are a user asking for help, with the
secret or personal value sitting somewhere natural in the turn, in many
languages and inside pasted code, logs, configs, mails, forms and tables.

Deterministic: every random value comes from one seeded ``random.Random`` and
the rows are written in a fixed order, so running
``python bench/data/scrub/make_blind7.py`` again writes the same
``blind7.jsonl`` (next to this script) byte for byte. Standard library only.

One JSON object per line::

    {"text": str, "category": "secret" | "pii" | "negative", "kind": str,
     "secrets": [str, ...], "context": str}

``secrets`` holds exact substrings of ``text`` (each at least 6 characters)
that must not survive scrubbing; for multi-line key blocks the whole key body
is listed. Negatives have kind ``"negative"`` and an empty list: nothing in
them is secret or personal, and they must come out unchanged. Checksummed
identifiers (cards, IBANs, national ids, routing numbers ...) are generated
with valid check digits. No published test values (test card numbers,
documented example keys, reserved example domains, fictional phone ranges)
are used anywhere.
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

R = random.Random(7_0712_2026)
OUT = Path(__file__).with_name("blind7.jsonl")

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


# --------------------------------------------------------------------------
# random helpers
# --------------------------------------------------------------------------


def rs(alpha: str, n: int) -> str:
    return "".join(R.choice(alpha) for _ in range(n))


def rd(n: int) -> str:
    return rs(DG, n)


def rh(n: int) -> str:
    return rs(HX, n)


def nz(n: int) -> str:
    """n digits, the first one not zero."""
    return R.choice("123456789") + rd(n - 1)


def pick(seq):
    return R.choice(seq)


def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def b64u(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def rbytes(n: int) -> bytes:
    return bytes(R.randrange(256) for _ in range(n))


def uuid4() -> str:
    h = list(rh(32))
    h[12] = "4"
    h[16] = pick("89ab")
    s = "".join(h)
    return f"{s[:8]}-{s[8:12]}-{s[12:16]}-{s[16:20]}-{s[20:]}"


def wrap(s: str, n: int) -> str:
    return "\n".join(s[i : i + n] for i in range(0, len(s), n))


def fill(tpl: str, **kw: str) -> str:
    for k, v in kw.items():
        tpl = tpl.replace("<<" + k + ">>", v)
    assert "<<" not in tpl, tpl
    return tpl


# --------------------------------------------------------------------------
# passwords
# --------------------------------------------------------------------------

PW_WORDS = [
    "Sonnenblume",
    "Schneeflocke",
    "Kartoffel",
    "Bayern",
    "Soleil",
    "Chocolat",
    "Papillon",
    "Mariposa",
    "Girasol",
    "Tesoro",
    "Estrela",
    "Saudade",
    "Zonnebloem",
    "Kotek",
    "Sloneczko",
    "Lavanda",
    "Fenerbahce",
    "Sakura",
    "Kangaroo",
    "Pumpkin",
    "Liverpool",
    "Mustang",
    "Dolphin",
    "Brooklyn",
    "Pinguin",
    "Tigrou",
    "Limone",
    "Flamingo",
    "Bruxelles",
    "Valhalla",
    "Marmelade",
    "Hummingbird",
    "Avalanche",
    "Nordlicht",
    "Galaxia",
    "Kiwi",
    "Cappuccino",
]
SYMS = "!#%*-_+=?@.&$"


def human_pw() -> str:
    w = pick(PW_WORDS)
    style = R.randrange(5)
    if style == 0:
        return f"{w}{R.randint(1960, 2024)}{pick(SYMS)}"
    if style == 1:
        return f"{w.lower()}{pick(SYMS)}{rd(3)}"
    if style == 2:
        leet = w.replace("a", "4").replace("e", "3").replace("o", "0").replace("i", "1")
        return f"{leet}{pick(SYMS)}{rd(2)}"
    if style == 3:
        return f"{pick(SYMS)}{w}{rd(4)}"
    w2 = pick(PW_WORDS)
    return f"{w}{pick('-_.')}{w2.lower()}{rd(2)}"


def strong_pw(n: int = 20) -> str:
    while True:
        s = rs(AN + "!#%*-_+=?@", n)
        if (
            any(c in UP for c in s)
            and any(c in LO for c in s)
            and any(c in DG for c in s)
            and any(c in "!#%*-_+=?@" for c in s)
        ):
            return s


def alnum_pw(n: int = 24) -> str:
    while True:
        s = rs(AN, n)
        if any(c in UP for c in s) and any(c in LO for c in s) and any(c in DG for c in s):
            return s


PASSPHRASE_WORDS = [
    "otter",
    "granite",
    "lantern",
    "pickle",
    "violet",
    "harbor",
    "cobalt",
    "thimble",
    "walrus",
    "saffron",
    "meadow",
    "quartz",
    "tundra",
    "biscuit",
    "falcon",
    "juniper",
    "marble",
    "nectar",
    "pepper",
    "rocket",
    "sprocket",
    "tulip",
    "umber",
    "velvet",
    "willow",
    "zephyr",
    "anvil",
]


def passphrase(n: int = 4, sep: str = "-") -> str:
    return sep.join(pick(PASSPHRASE_WORDS) for _ in range(n)) + sep + rd(2)


# --------------------------------------------------------------------------
# checksums
# --------------------------------------------------------------------------


def luhn_digit(partial: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(partial)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def luhn_ok(s: str) -> bool:
    digits = [int(c) for c in s if c.isdigit()]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


TEST_CARDS = {
    "4242424242424242",
    "4111111111111111",
    "4012888888881881",
    "4000056655665556",
    "5555555555554444",
    "5105105105105100",
    "2223003122003222",
    "378282246310005",
    "371449635398431",
    "6011111111111117",
    "6011000990139424",
    "3056930009020004",
    "36227206271667",
    "3566002020360505",
    "6200000000000005",
    "4000002500003155",
    "4000000000003220",
    "5200828282828210",
    "4917610000000000",
    "5425233430109903",
}


def card(prefix: str, length: int) -> str:
    while True:
        body = prefix + rd(length - len(prefix) - 1)
        num = body + luhn_digit(body)
        if num not in TEST_CARDS and len(set(num[6:])) > 3:
            assert luhn_ok(num)
            return num


def group(num: str, sizes: list[int], sep: str = " ") -> str:
    out, i = [], 0
    for n in sizes:
        out.append(num[i : i + n])
        i += n
    return sep.join(out)


def iban(cc: str, bban: str) -> str:
    rearr = bban + cc + "00"
    num = "".join(str(int(c, 36)) for c in rearr)
    check = 98 - int(num) % 97
    out = f"{cc}{check:02d}{bban}"
    num2 = "".join(str(int(c, 36)) for c in out[4:] + out[:4])
    assert int(num2) % 97 == 1
    return out


def iban_spaced(s: str) -> str:
    return " ".join(s[i : i + 4] for i in range(0, len(s), 4))


def iban_de() -> str:
    return iban(
        "DE",
        pick(["10010010", "20041111", "37040044", "50010517", "70020270", "43060967", "12030000"])
        + rd(10),
    )


def iban_fr() -> str:
    bank, branch, acct = pick(["30004", "30003", "20041", "10278", "30002"]), rd(5), rd(11)
    key = 97 - ((89 * int(bank) + 15 * int(branch) + 3 * int(acct)) % 97)
    return iban("FR", f"{bank}{branch}{acct}{key:02d}")


def iban_es() -> str:
    ent, off, acct = pick(["2100", "0049", "0182", "2085", "0081"]), rd(4), rd(10)

    def dc(digits: str) -> int:
        w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]
        v = 11 - sum(int(a) * b for a, b in zip(digits, w, strict=True)) % 11
        return {10: 1, 11: 0}.get(v, v)

    return iban("ES", f"{ent}{off}{dc('00' + ent + off)}{dc(acct)}{acct}")


def iban_gb() -> str:
    return iban("GB", pick(["NWBK", "BARC", "LOYD", "HBUK", "MIDL", "NAIA"]) + rd(6) + rd(8))


def iban_it() -> str:
    return iban("IT", pick(UP) + pick(["03069", "02008", "05034", "03062"]) + rd(5) + rd(12))


def iban_nl() -> str:
    return iban("NL", pick(["ABNA", "INGB", "RABO", "TRIO", "SNSB", "KNAB"]) + nz(10))


def iban_be() -> str:
    first = nz(10)
    chk = int(first) % 97 or 97
    return iban("BE", f"{first}{chk:02d}")


def iban_generic(cc: str, n_digits: int, letters: str = "") -> str:
    return iban(cc, letters + nz(n_digits))


def aba_routing() -> str:
    while True:
        pre = pick(
            [
                "01",
                "02",
                "03",
                "04",
                "05",
                "06",
                "07",
                "08",
                "09",
                "10",
                "11",
                "12",
                "21",
                "22",
                "26",
                "31",
            ]
        )
        body = pre + rd(6)
        w = [3, 7, 1, 3, 7, 1, 3, 7]
        s = sum(int(a) * b for a, b in zip(body, w, strict=True))
        num = body + str((10 - s % 10) % 10)
        chk = sum(int(a) * b for a, b in zip(num, [3, 7, 1] * 3, strict=True))
        assert chk % 10 == 0
        return num


def clabe() -> str:
    body = pick(["002", "012", "014", "021", "072"]) + pick(["180", "320", "650", "010"]) + rd(11)
    w = [3, 7, 1] * 6
    s = sum((int(a) * b) % 10 for a, b in zip(body, w, strict=False))
    return body + str((10 - s % 10) % 10)


def us_ssn() -> str:
    while True:
        area = R.randint(1, 899)
        if area == 666:
            continue
        grp, ser = R.randint(1, 99), R.randint(1, 9999)
        s = f"{area:03d}-{grp:02d}-{ser:04d}"
        if s not in {"078-05-1120", "123-45-6789", "219-09-9999"}:
            return s


def ca_sin() -> str:
    while True:
        body = pick("1234567") + rd(7)
        s = body + luhn_digit(body)
        if s != "046454286":
            return f"{s[:3]} {s[3:6]} {s[6:]}"


def uk_nino() -> str:
    first = "ABCEGHJKLMNOPRSTWXYZ"
    second = "ABCEGHJKLMNPRSTWXYZ"
    while True:
        pre = pick(first) + pick(second)
        if pre in {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ", "QQ", "AB"}:
            continue
        d = rd(6)
        return f"{pre} {d[:2]} {d[2:4]} {d[4:]} {pick('ABCD')}"


def nhs_number() -> str:
    while True:
        body = pick("46") + rd(8)
        s = sum(int(a) * b for a, b in zip(body, range(10, 1, -1), strict=True))
        c = 11 - s % 11
        if c == 11:
            c = 0
        if c == 10:
            continue
        n = body + str(c)
        return f"{n[:3]} {n[3:6]} {n[6:]}"


def fr_nir(female: bool, yy: int, mm: int) -> str:
    dept = pick(["75", "69", "13", "33", "59", "31", "44", "67", "06", "92", "93", "94"])
    body = (
        f"{2 if female else 1}{yy:02d}{mm:02d}{dept}{R.randint(1, 999):03d}{R.randint(1, 999):03d}"
    )
    key = 97 - int(body) % 97
    return f"{body[0]} {body[1:3]} {body[3:5]} {body[5:7]} {body[7:10]} {body[10:13]} {key:02d}"


def de_steuer_id() -> str:
    while True:
        digits = R.sample(range(10), 9)
        if digits[0] == 0:
            continue
        dup = R.choice(digits)
        pos = R.randrange(1, 10)
        ten = [*digits[:pos], dup, *digits[pos:]]
        ten = ten[:10]
        if ten[0] == 0 or max(Counter(ten).values()) != 2:
            continue
        product = 10
        for d in ten:
            s = (d + product) % 10 or 10
            product = (s * 2) % 11
        check = (11 - product) % 10
        return "".join(map(str, ten)) + str(check)


def de_ausweis() -> str:
    alpha = "0123456789CFGHJKLMNPRTVWXYZ"
    num = pick("LMNPRTVWXY") + rs(alpha, 8)
    vals = [int(c) if c.isdigit() else ord(c) - 55 for c in num]
    chk = sum(v * w for v, w in zip(vals, [7, 3, 1] * 3, strict=True)) % 10
    return num + str(chk)


def es_dni() -> str:
    n = R.randint(10_000_000, 79_999_999)
    return f"{n:08d}{'TRWAGMYFPDXBNJZSQVHLCKE'[n % 23]}"


def es_nie() -> str:
    p = R.randrange(3)
    n = R.randint(0, 9_999_999)
    return f"{'XYZ'[p]}{n:07d}{'TRWAGMYFPDXBNJZSQVHLCKE'[int(str(p) + f'{n:07d}') % 23]}"


CF_ODD = {
    **dict(zip("0123456789", [1, 0, 5, 7, 9, 13, 15, 17, 19, 21], strict=True)),
    **dict(
        zip(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
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
    ),
}


def it_cf(surname: str, name: str, yy: int, mm: int, dd: int, female: bool, town: str) -> str:
    def cons(s: str) -> str:
        return "".join(c for c in s.upper() if c.isalpha() and c not in "AEIOU")

    def vow(s: str) -> str:
        return "".join(c for c in s.upper() if c in "AEIOU")

    sur = (cons(surname) + vow(surname) + "XXX")[:3]
    cn = cons(name)
    nm = cn[0] + cn[2] + cn[3] if len(cn) >= 4 else (cn + vow(name) + "XXX")[:3]
    body = f"{sur}{nm}{yy:02d}{'ABCDEHLMPRST'[mm - 1]}{dd + (40 if female else 0):02d}{town}"
    total = 0
    for i, c in enumerate(body):
        if i % 2 == 0:
            total += CF_ODD[c]
        else:
            total += int(c) if c.isdigit() else ord(c) - 65
    return body + chr(65 + total % 26)


def nl_bsn() -> str:
    while True:
        body = nz(8)
        s = sum(int(a) * b for a, b in zip(body, range(9, 1, -1), strict=True))
        c = s % 11
        if c < 10:
            return body + str(c)


def be_nrn(yy: int, mm: int, dd: int, female: bool, after2000: bool = False) -> str:
    seq = R.randrange(2 if female else 1, 998, 2)
    base = f"{yy:02d}{mm:02d}{dd:02d}{seq:03d}"
    chk = 97 - int(("2" if after2000 else "") + base) % 97
    return f"{base[:2]}.{base[2:4]}.{base[4:6]}-{base[6:9]}.{chk:02d}"


def se_pnr(yy: int, mm: int, dd: int) -> str:
    base = f"{yy:02d}{mm:02d}{dd:02d}{rd(3)}"
    return f"{base[:6]}-{base[6:]}{luhn_digit(base)}"


def no_fnr(dd: int, mm: int, yy: int) -> str:
    while True:
        base = f"{dd:02d}{mm:02d}{yy:02d}{R.randint(0, 499):03d}"
        k1 = (
            11
            - sum(int(a) * b for a, b in zip(base, [3, 7, 6, 1, 8, 9, 4, 5, 2], strict=True)) % 11
        )
        k1 = 0 if k1 == 11 else k1
        if k1 == 10:
            continue
        b2 = base + str(k1)
        k2 = (
            11
            - sum(int(a) * b for a, b in zip(b2, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2], strict=True)) % 11
        )
        k2 = 0 if k2 == 11 else k2
        if k2 == 10:
            continue
        return b2 + str(k2)


def dk_cpr(dd: int, mm: int, yy: int) -> str:
    while True:
        base = f"{dd:02d}{mm:02d}{yy:02d}{R.randint(0, 3)}{rd(2)}"
        w = [4, 3, 2, 7, 6, 5, 4, 3, 2]
        s = sum(int(a) * b for a, b in zip(base, w, strict=True))
        c = (11 - s % 11) % 11
        if c < 10:
            return f"{base[:6]}-{base[6:]}{c}"


def fi_hetu(dd: int, mm: int, yy: int, century: str = "-") -> str:
    n = R.randint(2, 899)
    base = f"{dd:02d}{mm:02d}{yy:02d}"
    c = "0123456789ABCDEFHJKLMNPRSTUVWXY"[int(f"{base}{n:03d}") % 31]
    return f"{base}{century}{n:03d}{c}"


def pl_pesel(yy: int, mm: int, dd: int, female: bool, after2000: bool = False) -> str:
    m = mm + (20 if after2000 else 0)
    ser = rd(3) + str(R.randrange(0 if female else 1, 10, 2))
    base = f"{yy:02d}{m:02d}{dd:02d}{ser}"
    s = sum(int(a) * b for a, b in zip(base, [1, 3, 7, 9] * 3, strict=False))
    return base + str((10 - s % 10) % 10)


def br_cpf() -> str:
    while True:
        d = [R.randrange(10) for _ in range(9)]
        if len(set(d)) == 1:
            continue
        r = sum(a * b for a, b in zip(d, range(10, 1, -1), strict=True)) % 11
        d.append(0 if r < 2 else 11 - r)
        r = sum(a * b for a, b in zip(d, range(11, 1, -1), strict=True)) % 11
        d.append(0 if r < 2 else 11 - r)
        s = "".join(map(str, d))
        return f"{s[:3]}.{s[3:6]}.{s[6:9]}-{s[9:]}"


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
    body = pick("23456789") + rd(10)
    c = 0
    for i, ch in enumerate(reversed(body)):
        c = V_D[c][V_P[(i + 1) % 8][int(ch)]]
    n = body + str(V_INV[c])
    assert verhoeff_ok(n)
    return f"{n[:4]} {n[4:8]} {n[8:]}"


def in_pan(surname: str) -> str:
    return rs(UP, 3) + "P" + surname[0].upper() + rd(4) + pick(UP)


def cn_id(region: str, y: int, m: int, d: int) -> str:
    body = f"{region}{y:04d}{m:02d}{d:02d}{rd(3)}"
    w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    s = sum(int(a) * b for a, b in zip(body, w, strict=True))
    return body + "10X98765432"[s % 11]


def jp_mynumber() -> str:
    body = nz(11)
    s = 0
    for n in range(1, 12):
        p = int(body[11 - n])
        q = n + 1 if n <= 6 else n - 5
        s += p * q
    r = s % 11
    c = 0 if r <= 1 else 11 - r
    n12 = body + str(c)
    return f"{n12[:4]} {n12[4:8]} {n12[8:]}"


def kr_rrn(yy: int, mm: int, dd: int, female: bool, after2000: bool = False) -> str:
    g = (3 if after2000 else 1) + (1 if female else 0)
    body = f"{yy:02d}{mm:02d}{dd:02d}{g}{rd(5)}"
    w = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5]
    s = sum(int(a) * b for a, b in zip(body, w, strict=True))
    c = (11 - s % 11) % 10
    return f"{body[:6]}-{body[6:]}{c}"


def au_tfn() -> str:
    while True:
        body = nz(8)
        s = sum(int(a) * b for a, b in zip(body, [1, 4, 3, 7, 5, 8, 6, 9], strict=True))
        d = s % 11
        if d < 10:
            n = body + str(d)
            assert (
                sum(int(a) * b for a, b in zip(n, [1, 4, 3, 7, 5, 8, 6, 9, 10], strict=True)) % 11
                == 0
            )
            return f"{n[:3]} {n[3:6]} {n[6:]}"


def au_medicare() -> str:
    body = pick("23456") + rd(7)
    c = sum(int(a) * b for a, b in zip(body, [1, 3, 7, 9, 1, 3, 7, 9], strict=True)) % 10
    n = body + str(c) + pick("123")
    return f"{n[:4]} {n[4:9]} {n[9]}"


CURP_ALPHA = "0123456789ABCDEFGHIJKLMN\u00d1OPQRSTUVWXYZ"


def mx_curp(first4: str, yy: int, mm: int, dd: int, female: bool, state: str, cons3: str) -> str:
    body = (
        f"{first4}{yy:02d}{mm:02d}{dd:02d}{'M' if female else 'H'}{state}{cons3}{R.randrange(10)}"
    )
    s = sum(CURP_ALPHA.index(c) * (18 - i) for i, c in enumerate(body))
    return body + str((10 - s % 10) % 10)


def za_id(yy: int, mm: int, dd: int, female: bool) -> str:
    g = R.randint(0, 4999) if female else R.randint(5000, 9999)
    body = f"{yy:02d}{mm:02d}{dd:02d}{g:04d}08"
    return body + luhn_digit(body)


def il_tz() -> str:
    body = nz(8)
    return body + luhn_digit(body)


def tr_tckn() -> str:
    d = [R.randint(1, 9)] + [R.randrange(10) for _ in range(8)]
    d10 = ((d[0] + d[2] + d[4] + d[6] + d[8]) * 7 - (d[1] + d[3] + d[5] + d[7])) % 10
    d.append(d10)
    d.append(sum(d) % 10)
    return "".join(map(str, d))


def cl_rut() -> str:
    n = R.randint(8_000_000, 24_999_999)
    s, w = 0, 2
    for ch in reversed(str(n)):
        s += int(ch) * w
        w = 2 if w == 7 else w + 1
    v = 11 - s % 11
    dv = {11: "0", 10: "K"}.get(v, str(v))
    return f"{n:,}".replace(",", ".") + f"-{dv}"


def sg_nric() -> str:
    pre = pick("ST")
    body = rd(7)
    s = sum(int(a) * b for a, b in zip(body, [2, 7, 6, 5, 4, 3, 2], strict=True)) + (
        4 if pre == "T" else 0
    )
    return pre + body + "JZIHGFEDCBA"[s % 11]


def hk_id() -> str:
    letter = pick("ACDEGHKPRVYZ")
    body = rd(6)
    s = (
        36 * 9
        + (ord(letter) - 55) * 8
        + sum(int(a) * b for a, b in zip(body, range(7, 1, -1), strict=True))
    )
    c = (11 - s % 11) % 11
    return f"{letter}{body}({'A' if c == 10 else c})"


def pt_nif() -> str:
    body = pick("123") + rd(7)
    s = sum(int(a) * b for a, b in zip(body, range(9, 1, -1), strict=True))
    c = 11 - s % 11
    return body + str(0 if c >= 10 else c)


def ie_ppsn() -> str:
    body = rd(7)
    s = sum(int(a) * b for a, b in zip(body, range(8, 1, -1), strict=True))
    return body + "WABCDEFGHIJKLMNOPQRSTUV"[s % 23]


def ch_ahv() -> str:
    body = "756" + rd(9)
    s = sum(int(a) * (3 if i % 2 else 1) for i, a in enumerate(body))
    n = body + str((10 - s % 10) % 10)
    return f"{n[:3]}.{n[3:7]}.{n[7:11]}.{n[11:]}"


def at_svnr(dd: int, mm: int, yy: int) -> str:
    while True:
        ser = nz(3)
        date = f"{dd:02d}{mm:02d}{yy:02d}"
        w1, w2 = [3, 7, 9], [5, 8, 4, 2, 1, 6]
        c = (
            sum(int(a) * b for a, b in zip(ser, w1, strict=True))
            + sum(int(a) * b for a, b in zip(date, w2, strict=True))
        ) % 11
        if c < 10:
            return f"{ser}{c} {date}"


def de_kvnr() -> str:
    letter = pick(UP)
    digits8 = rd(8)
    seq = f"{ord(letter) - 64:02d}{digits8}"
    total = 0
    for i, ch in enumerate(seq):
        v = int(ch) * (1 if i % 2 == 0 else 2)
        total += v // 10 + v % 10
    return f"{letter}{digits8}{total % 10}"


def uk_dl(surname: str, initials: str, yy: int, mm: int, dd: int, female: bool) -> str:
    sur = (surname.upper() + "99999")[:5]
    month = mm + (50 if female else 0)
    ini = (initials.upper() + "9")[:2]
    return f"{sur}{str(yy)[0]}{month:02d}{dd:02d}{str(yy)[1]}{ini}9{rs(UP, 2)}"


def us_mbi() -> str:
    letters = "ACDEFGHJKMNPQRTUVWXY"
    an = letters + DG
    return (
        pick("123456789")
        + pick(letters)
        + pick(an)
        + pick(DG)
        + "-"
        + pick(letters)
        + pick(an)
        + pick(DG)
        + "-"
        + pick(letters)
        + pick(letters)
        + pick(DG)
        + pick(DG)
    )


# --------------------------------------------------------------------------
# phones
# --------------------------------------------------------------------------


def us_phone(style: int = 0) -> str:
    area = pick(
        [
            "212",
            "312",
            "415",
            "617",
            "713",
            "206",
            "305",
            "404",
            "512",
            "602",
            "720",
            "857",
            "646",
            "929",
            "773",
            "510",
        ]
    )
    while True:
        ex = pick("23456789") + rd(2)
        if ex != "555" and ex[1:] != "11":
            break
    line = rd(4)
    return [
        f"({area}) {ex}-{line}",
        f"{area}-{ex}-{line}",
        f"+1 {area} {ex} {line}",
        f"{area}.{ex}.{line}",
    ][style]


def uk_mobile(intl: bool = False) -> str:
    while True:
        p = "7" + pick("1234589") + rd(2)
        rest = rd(6)
        if not (p == "7700" and rest.startswith("900")):
            break
    return f"+44 {p} {rest[:3]} {rest[3:]}" if intl else f"0{p} {rest}"


def de_mobile(intl: bool = True) -> str:
    p = pick(["151", "152", "157", "160", "162", "170", "171", "172", "176", "177", "179"])
    rest = rd(8)
    return f"+49 {p} {rest}" if intl else f"0{p} {rest[:4]} {rest[4:]}"


def fr_mobile(intl: bool = False) -> str:
    d = pick("67") + rd(8)
    if intl:
        return "+33 " + d[0] + " " + " ".join(d[i : i + 2] for i in range(1, 9, 2))
    return "0" + d[0] + " " + " ".join(d[i : i + 2] for i in range(1, 9, 2))


# --------------------------------------------------------------------------
# structural builders for keys
# --------------------------------------------------------------------------


def der_len(n: int) -> bytes:
    if n < 128:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def der(tag: int, body: bytes) -> bytes:
    return bytes([tag]) + der_len(len(body)) + body


def der_int_rand(nbytes: int) -> bytes:
    raw = bytes([R.randrange(128, 256)]) + rbytes(nbytes - 1)
    return der(0x02, b"\x00" + raw)


def rsa_pkcs1_der(bits: int = 2048) -> bytes:
    k = bits // 8
    parts = [
        der(0x02, b"\x00"),
        der_int_rand(k),
        der(0x02, b"\x01\x00\x01"),
        der_int_rand(k),
        der_int_rand(k // 2),
        der_int_rand(k // 2),
        der_int_rand(k // 2),
        der_int_rand(k // 2),
        der_int_rand(k // 2),
    ]
    return der(0x30, b"".join(parts))


def pem(label: str, raw: bytes) -> tuple[str, str]:
    body = wrap(b64(raw), 64)
    return f"-----BEGIN {label}-----\n{body}\n-----END {label}-----", body


def rsa_pem() -> tuple[str, str]:
    return pem("RSA PRIVATE KEY", rsa_pkcs1_der(2048))


def pkcs8_pem() -> tuple[str, str]:
    alg = der(0x30, der(0x06, bytes.fromhex("2a864886f70d010101")) + b"\x05\x00")
    inner = rsa_pkcs1_der(2048)
    raw = der(0x30, der(0x02, b"\x00") + alg + der(0x04, inner))
    return pem("PRIVATE KEY", raw)


def ec_pem() -> tuple[str, str]:
    oid = der(0x06, bytes.fromhex("2a8648ce3d030107"))
    pub = der(0x03, b"\x00\x04" + rbytes(64))
    raw = der(0x30, der(0x02, b"\x01") + der(0x04, rbytes(32)) + der(0xA0, oid) + der(0xA1, pub))
    return pem("EC PRIVATE KEY", raw)


def ssh_str(b: bytes) -> bytes:
    return struct.pack(">I", len(b)) + b


def openssh_ed25519(comment: str) -> tuple[str, str, str]:
    pub = rbytes(32)
    seed = rbytes(32)
    pub_blob = ssh_str(b"ssh-ed25519") + ssh_str(pub)
    chk = rbytes(4)
    priv = (
        chk
        + chk
        + ssh_str(b"ssh-ed25519")
        + ssh_str(pub)
        + ssh_str(seed + pub)
        + ssh_str(comment.encode())
    )
    pad = 1
    while len(priv) % 8:
        priv += bytes([pad])
        pad += 1
    raw = (
        b"openssh-key-v1\x00"
        + ssh_str(b"none")
        + ssh_str(b"none")
        + ssh_str(b"")
        + struct.pack(">I", 1)
        + ssh_str(pub_blob)
        + ssh_str(priv)
    )
    body = wrap(b64(raw), 70)
    block = f"-----BEGIN OPENSSH PRIVATE KEY-----\n{body}\n-----END OPENSSH PRIVATE KEY-----"
    publine = f"ssh-ed25519 {b64(pub_blob)} {comment}"
    return block, body, publine


def crc24(data: bytes) -> int:
    crc = 0xB704CE
    for byte in data:
        crc ^= byte << 16
        for _ in range(8):
            crc <<= 1
            if crc & 0x1000000:
                crc ^= 0x1864CFB
    return crc & 0xFFFFFF


def pgp_private() -> tuple[str, str]:
    raw = (
        b"\x95\x03\x98\x04"
        + struct.pack(">I", R.randint(1_600_000_000, 1_720_000_000))
        + rbytes(900)
    )
    body = wrap(b64(raw), 64)
    cs = b64(crc24(raw).to_bytes(3, "big"))
    text = f"-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n{body}\n={cs}\n-----END PGP PRIVATE KEY BLOCK-----"
    return text, body


def ppk_ed25519(comment: str) -> tuple[str, str]:
    pub = ssh_str(b"ssh-ed25519") + ssh_str(rbytes(32))
    priv = ssh_str(rbytes(32))
    priv_b64 = b64(priv)
    text = (
        "PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\n"
        f"Comment: {comment}\nPublic-Lines: 2\n{wrap(b64(pub), 64)}\n"
        f"Private-Lines: 1\n{priv_b64}\nPrivate-MAC: {rh(64)}"
    )
    return text, priv_b64


def jwt(payload: dict, alg: str = "HS256", sig_len: int = 43) -> str:
    h = b64u(json.dumps({"alg": alg, "typ": "JWT"}, separators=(",", ":")).encode())
    p = b64u(json.dumps(payload, separators=(",", ":")).encode())
    return f"{h}.{p}.{rs(B64U, sig_len)}"


def b58encode(raw: bytes) -> str:
    n = int.from_bytes(raw, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = B58[r] + out
    pad = len(raw) - len(raw.lstrip(b"\x00"))
    return "1" * pad + out


def btc_wif() -> str:
    raw = b"\x80" + rbytes(32) + b"\x01"
    chk = hashlib.sha256(hashlib.sha256(raw).digest()).digest()[:4]
    return b58encode(raw + chk)


BIP39 = [
    "ability",
    "absorb",
    "abstract",
    "access",
    "accident",
    "acoustic",
    "across",
    "action",
    "actress",
    "adapt",
    "addict",
    "adjust",
    "advance",
    "aerobic",
    "afford",
    "agent",
    "airport",
    "alarm",
    "album",
    "alley",
    "almost",
    "alpha",
    "amateur",
    "amazing",
    "anchor",
    "ancient",
    "angle",
    "animal",
    "ankle",
    "announce",
    "antenna",
    "antique",
    "anxiety",
    "apology",
    "april",
    "arctic",
    "arena",
    "armor",
    "arrow",
    "artwork",
    "aspect",
    "asthma",
    "athlete",
    "auction",
    "august",
    "autumn",
    "avocado",
    "awkward",
    "bacon",
    "badge",
    "balcony",
    "bamboo",
    "banner",
    "barrel",
    "basket",
    "battle",
    "beach",
    "believe",
    "bicycle",
    "biology",
    "blanket",
    "blossom",
    "bonus",
    "bracket",
    "brisk",
    "broccoli",
    "bubble",
    "buffalo",
    "cabbage",
    "cactus",
    "camera",
    "canyon",
    "captain",
    "carbon",
    "casino",
    "castle",
    "catalog",
    "ceiling",
    "cherry",
    "chimney",
    "cinnamon",
    "clarify",
    "clog",
    "coconut",
    "coffee",
    "comic",
    "coral",
    "cotton",
    "cousin",
    "crater",
    "cricket",
    "crystal",
    "cupboard",
    "dolphin",
    "donkey",
    "dragon",
    "drastic",
    "eagle",
    "echo",
    "elephant",
    "embark",
    "engine",
    "enrich",
    "episode",
    "erosion",
    "essay",
    "exotic",
    "fabric",
    "falcon",
    "festival",
    "fiction",
    "flamingo",
    "fossil",
    "galaxy",
    "garlic",
    "giraffe",
    "glimpse",
    "gorilla",
    "gravity",
    "hamster",
    "harbor",
    "hazard",
    "hedgehog",
    "hockey",
    "horizon",
    "hurdle",
    "icon",
    "igloo",
    "impulse",
    "inhale",
    "jaguar",
    "jelly",
    "jungle",
    "kangaroo",
    "kettle",
    "kiwi",
    "ladder",
    "lantern",
    "lemon",
    "lobster",
    "lottery",
    "lunar",
    "magnet",
    "mango",
    "marble",
    "meadow",
    "mirror",
    "monkey",
    "mosquito",
    "mushroom",
    "napkin",
    "nephew",
    "noodle",
    "oblige",
    "ocean",
    "olive",
    "orbit",
    "orchard",
    "ostrich",
    "oyster",
    "paddle",
    "panda",
    "parrot",
    "peanut",
    "pelican",
    "pepper",
    "piano",
    "pigeon",
    "planet",
    "plastic",
    "pudding",
    "pumpkin",
    "puzzle",
    "pyramid",
    "rabbit",
    "raccoon",
    "ranch",
    "rhythm",
    "ribbon",
    "rocket",
    "saddle",
    "salmon",
    "sausage",
    "scorpion",
    "shrimp",
    "siren",
    "skull",
    "sphere",
    "spider",
    "squirrel",
    "stadium",
    "strategy",
    "sugar",
    "sunset",
    "swallow",
    "symbol",
    "tattoo",
    "theory",
    "thunder",
    "toddler",
    "tomato",
    "tornado",
    "trumpet",
    "tunnel",
    "turtle",
    "umbrella",
    "unicorn",
    "universe",
    "vacuum",
    "velvet",
    "violin",
    "volcano",
    "walnut",
    "wasp",
    "whale",
    "wisdom",
    "wrist",
    "yellow",
    "zebra",
]


def seed_phrase(n: int) -> str:
    return " ".join(R.sample(BIP39, n))


def bitlocker_key() -> str:
    return "-".join(f"{R.randrange(0, 65536) * 11:06d}" for _ in range(8))


def filevault_key() -> str:
    return "-".join(rs(UP + DG, 4) for _ in range(6))


def snowflake() -> str:
    return str(R.randint(700_000_000_000_000_000, 1_290_000_000_000_000_000))


# ==========================================================================
# SECRETS
# ==========================================================================

# ---- cloud: AWS ------------------------------------------------------------
ak, sk = "AKIA" + rs("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16), rs(AN + "+/", 40)
S(
    "aws_access_key",
    "chat",
    f"why does boto3 keep saying InvalidClientTokenId?? I set aws_access_key_id={ak} and aws_secret_access_key={sk} in the client constructor and region eu-central-1, the bucket definitely exists",
    ak,
    sk,
)
ak, sk = "AKIA" + rs("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16), rs(AN + "+/", 40)
S(
    "aws_access_key",
    "config",
    f'Das ist meine ~/.aws/credentials, trotzdem sagt die CLI "Unable to locate credentials". Was stimmt da nicht?\n\n[default]\naws_access_key_id = {ak}\naws_secret_access_key = {sk}\n\n[staging]\nregion=eu-west-1\nsource_profile=default',
    ak,
    sk,
)
ak, sk = "AKIA" + rs("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16), rs(AN + "+/", 40)
S(
    "aws_access_key",
    "terraform",
    f'terraform plan fails with "no valid credential sources". provider block:\n\n```hcl\nprovider "aws" {{\n  region     = "ap-southeast-2"\n  access_key = "{ak}"\n  secret_key = "{sk}"\n}}\n```',
    ak,
    sk,
)
ak, sk, tok = (
    "ASIA" + rs("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16),
    rs(AN + "+/", 40),
    "IQoJb3JpZ2luX2VjE" + rs(B64, 300),
)
S(
    "aws_session_token",
    "shell",
    f"after `aws sts assume-role` I exported these but kubectl still gets Unauthorized:\nexport AWS_ACCESS_KEY_ID={ak}\nexport AWS_SECRET_ACCESS_KEY={sk}\nexport AWS_SESSION_TOKEN={tok}",
    ak,
    sk,
    tok,
)

# ---- cloud: Google ---------------------------------------------------------
gk = "AIzaSy" + rs(B64U, 33)
S(
    "google_api_key",
    "code",
    f'Firebase の初期化でエラーになります。設定はこれです:\n\nconst firebaseConfig = {{\n  apiKey: "{gk}",\n  authDomain: "kakeibo-app-7d21f.firebaseapp.com",\n  projectId: "kakeibo-app-7d21f",\n}};\n\n何が間違っていますか?',
    gk,
)
pk_body = wrap(b64(rbytes(1190)), 64).replace("\n", "\\n")
pid = "mlops-" + rs(LO + DG, 6)
S(
    "gcp_service_account",
    "config",
    "My Cloud Run job can't read this service account file, it says invalid_grant. Here's the file (trimmed):\n"
    + json.dumps(
        {
            "type": "service_account",
            "project_id": pid,
            "private_key_id": rh(40),
            "private_key": "-----BEGIN PRIVATE KEY-----\\n"
            + pk_body
            + "\\n-----END PRIVATE KEY-----\\n",
            "client_email": f"trainer@{pid}.iam.gserviceaccount.com",
            "client_id": rd(21),
        },
        indent=2,
    ).replace("\\\\n", "\\n"),
    pk_body,
)
cs, rt = "GOCSPX-" + rs(B64U, 28), "1//0" + rs(B64U, 99)
S(
    "google_oauth_secret",
    "chat",
    f"Estoy usando la API de Gmail con Python. client_secret: {cs} y el refresh token que guardé es {rt} pero da invalid_grant después de 7 días, ¿por qué?",
    cs,
    rt,
)
at = "ya29.a0" + rs(B64U, 160)
S(
    "google_oauth_token",
    "http",
    f"GET /drive/v3/files?pageSize=10 HTTP/1.1\nHost: www.googleapis.com\nAuthorization: Bearer {at}\nAccept: application/json\n\n→ 403 insufficientPermissions. which scope am I missing?",
    at,
)

# ---- cloud: Azure / others -------------------------------------------------
akey = b64(rbytes(64))
acct = "stdatalake" + rs(LO + DG, 5)
S(
    "azure_storage_key",
    "config",
    f'appsettings.json:\n{{\n  "Storage": {{\n    "ConnectionString": "DefaultEndpointsProtocol=https;AccountName={acct};AccountKey={akey};EndpointSuffix=core.windows.net"\n  }}\n}}\nBlobServiceClient throws AuthorizationPermissionMismatch on upload',
    akey,
)
csec = rs(AN, 3) + pick(DG) + "Q~" + rs(AN + "_-.~", 34)
S(
    "azure_client_secret",
    "chat",
    f"Ik krijg AADSTS7000215 (invalid client secret). Tenant id en client id kloppen, het secret is {csec} — heb ik misschien het secret-ID gekopieerd in plaats van de waarde?",
    csec,
)
sig = urllib.parse.quote(b64(rbytes(32)), safe="")
S(
    "azure_sas",
    "url",
    f"this SAS link stopped working yesterday, did it expire? https://{acct}.blob.core.windows.net/exports/report-q3.parquet?sv=2022-11-02&ss=b&srt=o&sp=r&se=2025-11-30T18:00:00Z&st=2025-11-01T10:00:00Z&spr=https&sig={sig}",
    sig,
)
ali_id, ali_sec = "LTAI5t" + rs(AN, 18), rs(AN, 30)
S(
    "alibaba_access_key",
    "code",
    f"阿里云 OSS 上传一直报 SignatureDoesNotMatch,代码如下:\n\nauth = oss2.Auth('{ali_id}', '{ali_sec}')\nbucket = oss2.Bucket(auth, 'https://oss-cn-hangzhou.aliyuncs.com', 'my-photos')\n\n请帮我看看",
    ali_id,
    ali_sec,
)
tc_id, tc_key = "AKID" + rs(AN, 32), rs(AN, 32)
S(
    "tencent_secret",
    "config",
    f"腾讯云 COS 配置:\nsecret_id: {tc_id}\nsecret_key: {tc_key}\nregion: ap-guangzhou\n为什么报 403 AccessDenied?",
    tc_id,
    tc_key,
)
ya = "y0_AgAAAAA" + rs(B64U, 48)
S(
    "yandex_oauth_token",
    "chat",
    f"Яндекс.Диск API отвечает 401 UnauthorizedError. Токен беру из OAuth: {ya}. Может он уже протух?",
    ya,
)
do = "dop_v1_" + rh(64)
S(
    "digitalocean_token",
    "shell",
    f"doctl auth init --access-token {do}\nError: unable to initialize DigitalOcean API client: token invalid\nhelp",
    do,
)
cf = rs(B64U, 40)
S(
    "cloudflare_api_token",
    "chat",
    f"wrangler deploy gives 'Authentication error [code: 10000]'. I set CLOUDFLARE_API_TOKEN={cf} and the token has Workers Scripts:Edit. what else does it need?",
    cf,
)

# ---- source control / CI ---------------------------------------------------
gh = "ghp_" + rs(AN, 36)
S(
    "github_pat",
    "shell",
    f"git push keeps asking for a password so I did this:\n\n$ git remote set-url origin https://{gh}@github.com/lenaweber/thesis-notes.git\n$ git push\nremote: Permission to lenaweber/thesis-notes.git denied\n\nwhat am I doing wrong",
    gh,
)
gh = "github_pat_" + rs(AN, 22) + "_" + rs(AN, 59)
S(
    "github_fine_grained_pat",
    "chat",
    f"Le token fine-grained « {gh} » ne peut pas créer de release alors que j'ai coché Contents: Read and write. Il faut une autre permission ?",
    gh,
)
gh = "ghp_" + rs(AN, 36)
S(
    "github_pat",
    "ci",
    f'my workflow step:\n\n```yaml\n- name: Publish\n  run: |\n    echo "//npm.pkg.github.com/:_authToken={gh}" > ~/.npmrc\n    npm publish\n```\nworks locally but 403 in Actions',
    gh,
)
gho = "gho_" + rs(AN, 36)
S(
    "github_oauth_token",
    "log",
    f"[2025-10-02 14:03:11] DEBUG octokit request GET /user/repos headers={{'authorization': 'token {gho}', 'user-agent': 'octokit-rest.js/20.0.2'}}\n[2025-10-02 14:03:12] ERROR 401 Bad credentials\nwhy does this token expire so fast?",
    gho,
)
ghs = "ghs_" + rs(AN, 36)
S(
    "github_app_token",
    "chat",
    f"Installation token {ghs} works for cloning but `gh pr create` says 'Resource not accessible by integration'. Pull requests permission is write.",
    ghs,
)
gl = "glpat-" + rs(B64U, 20)
S(
    "gitlab_pat",
    "shell",
    f'docker login registry.gitlab.com -u deploy-bot -p {gl}\nWARNING! Using --password via the CLI is insecure.\nError response from daemon: Get "https://registry.gitlab.com/v2/": denied: access forbidden',
    gl,
)
gl = "glrt-" + rs(B64U, 20)
S(
    "gitlab_runner_token",
    "config",
    f'config.toml for my runner:\n\nconcurrent = 2\n[[runners]]\n  name = "hetzner-runner-01"\n  url = "https://gitlab.com"\n  token = "{gl}"\n  executor = "docker"\n  [runners.docker]\n    image = "alpine:3.20"\n\njobs stay pending forever',
    gl,
)
tfc = rs(AN, 14) + ".atlasv1." + rs(AN, 67)
S(
    "terraform_cloud_token",
    "config",
    f'~/.terraformrc\n\ncredentials "app.terraform.io" {{\n  token = "{tfc}"\n}}\n\nterraform init still says "Required token could not be found"',
    tfc,
)
vault = "hvs." + rs(B64U, 91)
S(
    "vault_token",
    "shell",
    f"$ export VAULT_ADDR=https://vault.internal.corp:8200\n$ export VAULT_TOKEN={vault}\n$ vault kv get secret/payments\nError making API request... Code: 403. Errors: * permission denied",
    vault,
)
jf = "cmVmdGtuOjAxOjE3" + rs(AN, 48)
S(
    "jfrog_token",
    "config",
    f"pip.conf na CI:\n[global]\nindex-url = https://ci-bot:{jf}@artifacts.firma.cz/artifactory/api/pypi/pypi-virtual/simple\nProč pip hlásí 401?",
    jf,
)

# ---- chat bots / messaging -------------------------------------------------
xb = f"xoxb-{nz(12)}-{nz(13)}-{rs(AN, 24)}"
S(
    "slack_bot_token",
    "code",
    f'from slack_sdk import WebClient\nclient = WebClient(token="{xb}")\nclient.chat_postMessage(channel="#deploys", text="done")\n\n# -> not_in_channel. how do I add the bot?',
    xb,
)
xp = f"xoxp-{nz(12)}-{nz(12)}-{nz(13)}-{rh(32)}"
S(
    "slack_user_token",
    "chat",
    f"Slack user token ({xp}) ile conversations.history çağırıyorum ama missing_scope hatası alıyorum. Hangi scope lazım?",
    xp,
)
hook = f"https://hooks.slack.com/services/T{rs(UP + DG, 8)}/B{rs(UP + DG, 10)}/{rs(AN, 24)}"
S(
    "slack_webhook",
    "config",
    f"alertmanager.yml\n\nreceivers:\n  - name: oncall\n    slack_configs:\n      - api_url: '{hook}'\n        channel: '#alerts'\n        send_resolved: true",
    hook,
)
sf = snowflake()
dtok = b64u(sf.encode()) + "." + rs(B64U, 6) + "." + rs(B64U, 38)
S(
    "discord_bot_token",
    "code",
    f'мой бот на discord.py не запускается, пишет LoginFailure: Improper token has been passed.\n\n```python\nbot.run("{dtok}")\n```',
    dtok,
)
dwh = f"https://discord.com/api/webhooks/{snowflake()}/{rs(B64U, 68)}"
S(
    "discord_webhook",
    "chat",
    f"Minecraft sunucum için bir webhook yaptım: {dwh} — sunucu kapanınca mesaj atmasını istiyorum, bash ile nasıl yaparım?",
    dwh,
)
tg = f"{R.randint(5_000_000_000, 7_999_999_999)}:AA{rs(B64U, 33)}"
S(
    "telegram_bot_token",
    "code",
    f"Помогите, бот не отвечает.\n\nimport telebot\nbot = telebot.TeleBot('{tg}')\n\n@bot.message_handler(commands=['start'])\ndef start(m):\n    bot.reply_to(m, 'Привет')\n\nbot.polling()",
    tg,
)
tg = f"{R.randint(5_000_000_000, 7_999_999_999)}:AA{rs(B64U, 33)}"
S(
    "telegram_bot_token",
    "chat",
    f"My Telegram bot token is {tg} — can you write me a Node script that forwards every message from the group to my private chat?",
    tg,
)
teams = f"https://{rs(LO, 8)}.webhook.office.com/webhookb2/{uuid4()}@{uuid4()}/IncomingWebhook/{rh(32)}/{uuid4()}/V2{rs(B64U, 45)}"
S(
    "teams_webhook",
    "config",
    f"Power Automate replacement for our Teams connector — the old URL was\n{teams}\nand it now returns 'connector deprecated'. what's the migration path?",
    teams,
)
line = rs(B64, 172) + "="
S(
    "line_channel_token",
    "chat",
    f"LINE Messaging API で push message を送ると 401 になります。チャネルアクセストークン(長期)は {line} です。",
    line,
)
fb = "EAAG" + rs(AN, 180)
S(
    "facebook_access_token",
    "shell",
    f"curl -G https://graph.facebook.com/v19.0/me/accounts -d access_token={fb}\n(#200) Requires pages_show_list permission. ok but I granted it?",
    fb,
)

# ---- payments --------------------------------------------------------------
st = "sk_live_51" + rs(AN, 97)
S(
    "stripe_secret_key",
    "code",
    f"// server.js\nconst stripe = require('stripe')('{st}');\napp.post('/checkout', async (req, res) => {{ ... }})\n\nWhy does checkout create the session twice when users double-click?",
    st,
)
st = "sk_live_" + rs(AN, 24)
S(
    "stripe_secret_key",
    "chat",
    f'Mi chiave Stripe ({st}) funziona in locale ma su Vercel ricevo "Invalid API Key provided". Devo metterla tra virgolette nelle environment variables?',
    st,
)
wh = "whsec_" + rs(AN, 32)
S(
    "stripe_webhook_secret",
    "log",
    f"stripe.error.SignatureVerificationError: No signatures found matching the expected signature for payload\n  endpoint_secret = '{wh}'\n  sig_header = request.headers['Stripe-Signature']\nI'm using Flask, is request.data already decoded?",
    wh,
)
sqk = "EAAA" + rs(B64U, 60)
S(
    "square_access_token",
    "chat",
    f"Square API production token: {sqk}. El endpoint /v2/payments me devuelve UNAUTHORIZED, ¿necesito activar algo en el dashboard?",
    sqk,
)
rz_id, rz_sec = "rzp_live_" + rs(AN, 14), rs(AN, 24)
S(
    "razorpay_key",
    "code",
    f'Razorpay integration mein error aa raha hai \'Authentication failed\'. Code:\n\nclient = razorpay.Client(auth=("{rz_id}", "{rz_sec}"))\norder = client.order.create({{"amount": 49900, "currency": "INR"}})\n\nकृपया मदद करें',
    rz_id,
    rz_sec,
)
ps = "sk_live_" + rh(40)
S(
    "paystack_secret_key",
    "http",
    f'POST https://api.paystack.co/transaction/initialize\nAuthorization: Bearer {ps}\nContent-Type: application/json\n{{"email": "customer-email-here", "amount": "500000"}}\n\nresponse: Invalid key. I copied it from Settings > API Keys',
    ps,
)
mol = "live_" + rs(AN, 30)
S(
    "mollie_api_key",
    "chat",
    f"Mollie geeft 'The live API key is not allowed in test mode'? Mijn key is {mol} en ik roep gewoon payments.create aan.",
    mol,
)

# ---- AI providers ----------------------------------------------------------
oa = "sk-proj-" + rs(B64U, 74) + "T3BlbkFJ" + rs(B64U, 74)
S(
    "openai_api_key",
    "code",
    f'```python\nfrom openai import OpenAI\nclient = OpenAI(api_key="{oa}")\nresp = client.chat.completions.create(model="gpt-4o-mini", messages=[{{"role": "user", "content": "hi"}}])\n```\nRateLimitError: insufficient_quota — but I just topped up $10?',
    oa,
)
oa = "sk-proj-" + rs(B64U, 74) + "T3BlbkFJ" + rs(B64U, 74)
S(
    "openai_api_key",
    "chat",
    f"请帮我检查一下为什么 LangChain 报 AuthenticationError,我的 OPENAI_API_KEY 设置成了 {oa},在终端里 echo 是对的。",
    oa,
)
an = "sk-ant-api03-" + rs(B64U, 93) + "AA"
S(
    "anthropic_api_key",
    "shell",
    f'curl https://api.anthropic.com/v1/messages \\\n  -H "x-api-key: {an}" \\\n  -H "anthropic-version: 2023-06-01" \\\n  -H "content-type: application/json" \\\n  -d \'{{"model": "claude-3-5-haiku-latest", "max_tokens": 64, "messages": [{{"role": "user", "content": "ping"}}]}}\'\n\ngives overloaded_error every time, is it me?',
    an,
)
an = "sk-ant-api03-" + rs(B64U, 93) + "AA"
S(
    "anthropic_api_key",
    "chat",
    f"제 API 키가 유출된 것 같아요. {an} 이 키를 어떻게 폐기하고 새로 발급받나요?",
    an,
)
hf = "hf_" + rs(UP + LO, 34)
S(
    "huggingface_token",
    "chat",
    f"Mój token HF to {hf}, mam dostęp do gated modelu, ale from_pretrained wciąż zwraca 401. Co robię źle?",
    hf,
)
gq = "gsk_" + rs(AN, 52)
S(
    "groq_api_key",
    "config",
    f"GROQ_API_KEY={gq}\nMODEL=llama-3.3-70b-versatile\nMAX_TOKENS=1024\n\n^ my .env. the SDK ignores it unless I pass it explicitly",
    gq,
)
orr = "sk-or-v1-" + rh(64)
S(
    "openrouter_api_key",
    "code",
    f"const res = await fetch('https://openrouter.ai/api/v1/chat/completions', {{\n  method: 'POST',\n  headers: {{ Authorization: 'Bearer {orr}', 'Content-Type': 'application/json' }},\n  body: JSON.stringify({{ model: 'mistralai/mixtral-8x7b-instruct', messages }})\n}});",
    orr,
)
px = "pplx-" + rs(AN, 48)
S(
    "perplexity_api_key",
    "chat",
    f"Perplexity API'ye {px} anahtarıyla istek atıyorum, sonar-pro modeli 'model not found' diyor. Model adı değişti mi?",
    px,
)
ds = "sk-" + rh(32)
S(
    "deepseek_api_key",
    "code",
    f'client = OpenAI(api_key="{ds}", base_url="https://api.deepseek.com")\n# 这样调用 deepseek-reasoner 可以吗?为什么返回 402 Insufficient Balance',
    ds,
)
mi = rs(AN, 32)
S(
    "mistral_api_key",
    "chat",
    f"J'utilise l'API Mistral avec la clé {mi} et le modèle mistral-large-latest, mais j'obtiens 401 Unauthorized depuis hier. La clé a-t-elle été révoquée ?",
    mi,
)
ls = f"lsv2_pt_{rh(32)}_{rh(10)}"
S(
    "langsmith_api_key",
    "config",
    f"LANGCHAIN_TRACING_V2=true\nLANGCHAIN_ENDPOINT=https://api.smith.langchain.com\nLANGCHAIN_API_KEY={ls}\nLANGCHAIN_PROJECT=rag-eval\n\ntraces don't show up",
    ls,
)
wb = rh(40)
S(
    "wandb_api_key",
    "shell",
    f"wandb login {wb}\nwandb: ERROR API key must be 40 characters long, yours was 41\n\nbut it is 40?? I copied it from wandb.ai/authorize",
    wb,
)

# ---- communication SaaS ----------------------------------------------------
tw_sid, tw_tok = "AC" + rh(32), rh(32)
S(
    "twilio_auth_token",
    "code",
    f'Twilio SMS ne part pas:\n\nclient = Client("{tw_sid}", "{tw_tok}")\nclient.messages.create(to=numero_client, from_=TWILIO_FROM, body="Votre code")\n\nerreur 20003 Authenticate',
    tw_tok,
)
sg = f"SG.{rs(B64U, 22)}.{rs(B64U, 43)}"
S(
    "sendgrid_api_key",
    "config",
    f"[mail]\nbackend = smtp\nhost = smtp.sendgrid.net\nport = 587\nuser = apikey\npassword = {sg}\n\nGrafana alert e-mails are not delivered, is the user really 'apikey'?",
    sg,
)
sg = f"SG.{rs(B64U, 22)}.{rs(B64U, 43)}"
S(
    "sendgrid_api_key",
    "chat",
    f"Η SendGrid επιστρέφει 403 Forbidden όταν στέλνω με το κλειδί {sg}. Έχω επαληθεύσει τον αποστολέα. Τι άλλο να ελέγξω;",
    sg,
)
mg = f"{rh(32)}-{rh(8)}-{rh(8)}"
S(
    "mailgun_api_key",
    "shell",
    f"curl -s --user 'api:{mg}' https://api.eu.mailgun.net/v3/mg.kochschule-berlin.de/messages -F from='Kochschule <noreply@mg.kochschule-berlin.de>' -F to=... -F subject='Kurs' -F text='...'\nForbidden",
    mg,
)

# ---- package registries ----------------------------------------------------
npm = "npm_" + rs(AN, 36)
S(
    "npm_token",
    "config",
    f".npmrc im Projekt:\n\n//registry.npmjs.org/:_authToken={npm}\n@meinefirma:registry=https://registry.npmjs.org/\n\nnpm publish → 404 Not Found - PUT https://registry.npmjs.org/@meinefirma%2fui-kit",
    npm,
)
pypi = "pypi-AgEIcHlwaS5vcmcCJ" + rs(B64U, 158)
S(
    "pypi_token",
    "config",
    f"~/.pypirc\n[distutils]\nindex-servers = pypi\n\n[pypi]\nusername = __token__\npassword = {pypi}\n\ntwine upload dist/* → 403 Invalid or non-existent authentication information",
    pypi,
)
ng = "oy2" + rs(LO + DG, 43)
S(
    "nuget_api_key",
    "shell",
    f"dotnet nuget push bin/Release/Kestrel.Utils.2.1.0.nupkg --api-key {ng} --source https://api.nuget.org/v3/index.json\nerror: Response status code does not indicate success: 403 (The specified API key is invalid...)",
    ng,
)
dh = "dckr_pat_" + rs(B64U, 27)
S(
    "dockerhub_token",
    "ci",
    f"GitHub Actions step:\n  - uses: docker/login-action@v3\n    with:\n      username: kasiadev\n      password: {dh}\nI know I should use secrets, just testing. Error: unauthorized: incorrect username or password",
    dh,
)
dcfg = b64(f"mbauer:{alnum_pw(20)}".encode())
S(
    "docker_config_auth",
    "config",
    f'~/.docker/config.json ve kterém je tohle:\n{{\n  "auths": {{\n    "https://index.docker.io/v1/": {{\n      "auth": "{dcfg}"\n    }}\n  }}\n}}\nJe bezpečné ten soubor commitnout do repa?',
    dcfg,
)

# ---- observability ---------------------------------------------------------
dd_api, dd_app = rh(32), rh(40)
S(
    "datadog_api_key",
    "config",
    f'datadog.yaml on the VM:\n\napi_key: {dd_api}\nsite: datadoghq.eu\nlogs_enabled: true\n\nplus for the Terraform provider I use app_key = "{dd_app}". agent status says API Key invalid',
    dd_api,
    dd_app,
)
gf = f"glsa_{rs(AN, 32)}_{rh(8)}"
S(
    "grafana_service_account_token",
    "code",
    f"import requests\nr = requests.get('https://grafana.kantoor.nl/api/dashboards/uid/node-exporter', headers={{'Authorization': 'Bearer {gf}'}})\nprint(r.status_code)  # 403",
    gf,
)
hec = uuid4()
S(
    "splunk_hec_token",
    "shell",
    f'curl -k https://splunk.prod.local:8088/services/collector/event -H "Authorization: Splunk {hec}" -d \'{{"event": "hello"}}\'\n{{"text":"Invalid token","code":4}}',
    hec,
)
sentry_key = rh(32)
S(
    "sentry_dsn",
    "code",
    f'Sentry.init({{\n  dsn: "https://{sentry_key}@o{R.randint(100000, 4500000)}.ingest.de.sentry.io/{R.randint(1000000, 9999999)}",\n  tracesSampleRate: 0.2,\n}});\n// nothing appears in the dashboard from the Electron main process',
    sentry_key,
)

# ---- SaaS & platforms ------------------------------------------------------
sh = "shpat_" + rh(32)
S(
    "shopify_access_token",
    "chat",
    f"Shopify Admin API: X-Shopify-Access-Token: {sh} → 'Invalid API key or access token (unrecognized login or wrong password)'. The app is installed on the store.",
    sh,
)
atl = "ATATT3xFfGF0" + rs(B64U, 170) + "=" + rh(8).upper()
S(
    "atlassian_api_token",
    "shell",
    f'curl -u ops-automation@nordvik-as.no:{atl} -X GET -H "Accept: application/json" https://nordvik.atlassian.net/rest/api/3/search?jql=project=OPS\nreturns 401',
    atl,
)
nt = "ntn_" + rs(AN, 46)
S(
    "notion_token",
    "code",
    f'const notion = new Client({{ auth: "{nt}" }})\nawait notion.databases.query({{ database_id: "{rh(32)}" }})\n// object_not_found — the database is shared with the integration!',
    nt,
)
dbx = "sl.B" + rs(B64U, 135)
S(
    "dropbox_token",
    "code",
    f'dbx = dropbox.Dropbox("{dbx}")\ndbx.files_upload(data, "/Backups/db.sql.gz")\n# AuthError(\'expired_access_token\') after 4 hours??',
    dbx,
)
ver = rs(AN, 24)
S(
    "vercel_token",
    "ci",
    f"- run: npx vercel deploy --prod --token={ver} --yes\n\nError: The specified token is not valid. Use `vercel login` to generate a new token.",
    ver,
)
sb_role = jwt(
    {
        "iss": "supabase",
        "ref": rs(LO, 20),
        "role": "service_role",
        "iat": 1712000000,
        "exp": 2027576000,
    }
)
S(
    "supabase_service_key",
    "code",
    f"// lib/supabase.ts\nexport const supabase = createClient(\n  'https://{rs(LO, 20)}.supabase.co',\n  '{sb_role}'\n)\n\n// is it ok to use the service_role key in a Next.js client component?",
    sb_role,
)
psc = "pscale_pw_" + rs(B64U, 43)
S(
    "planetscale_password",
    "config",
    f'DATABASE_URL="mysql://{rs(LO + DG, 12)}:{psc}@aws.connect.psdb.cloud/inventory?sslaccept=strict"\n\nPrisma: Error querying the database: Server error: target: inventory.-.primary: vttablet: rpc error',
    psc,
)
okta = "00" + rs(B64U, 40)
S(
    "okta_api_token",
    "http",
    f"GET /api/v1/users?limit=200 HTTP/1.1\nHost: dev-{nz(8)}.okta.com\nAuthorization: SSWS {okta}\nAccept: application/json\n\n=> E0000011 Invalid token provided",
    okta,
)
fcm = "AAAA" + rs(B64U, 7) + ":APA91b" + rs(B64U, 134)
S(
    "fcm_server_key",
    "http",
    f'POST https://fcm.googleapis.com/fcm/send\nAuthorization: key={fcm}\nContent-Type: application/json\n\n{{"to": "/topics/news", "notification": {{"title": "Hi"}}}}\n\n→ 401. Legacy API shut down?',
    fcm,
)
age = "AGE-SECRET-KEY-1" + rs("QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L".upper(), 58)
S(
    "age_secret_key",
    "config",
    f"# created: 2025-09-14T21:13:02+02:00\n# public key: age1{rs('qpzry9x8gf2tvdw0s3jn54khce6mua7l', 58)}\n{age}\n\nsops can't decrypt with this key file, I set SOPS_AGE_KEY_FILE",
    age,
)
ts = f"tskey-auth-k{rs(AN, 10)}CNTRL-{rs(AN, 33)}"
S(
    "tailscale_auth_key",
    "shell",
    f"sudo tailscale up --authkey={ts} --advertise-exit-node\nbackend error: invalid key: API key does not exist",
    ts,
)
ng_tok = "2" + rs(AN, 26) + "_" + rs(AN, 21)
S(
    "ngrok_authtoken",
    "shell",
    f"ngrok config add-authtoken {ng_tok}\nngrok http 3000\nERROR: authentication failed: Your account is limited to 1 simultaneous ngrok agent session.",
    ng_tok,
)

# ---- passwords in prose, many languages ------------------------------------
PROSE_PW = [
    (
        "en",
        "chat",
        "I keep getting locked out of my work laptop. The password is <<pw>> and caps lock is off, could the keyboard layout be the problem?",
    ),
    (
        "en",
        "chat",
        "can you make this stronger but still easy to remember? my current one for everything is <<pw>>",
    ),
    (
        "de",
        "chat",
        'Mein WLAN-Router (FritzBox 7590) lässt mich nicht mehr rein, obwohl das Passwort "<<pw>>" stimmt. Wie setze ich ihn zurück, ohne die Einstellungen zu verlieren?',
    ),
    (
        "fr",
        "chat",
        "Bonjour, mon mot de passe Outlook est <<pw>> et il me dit qu'il est incorrect depuis la mise à jour. Que faire ?",
    ),
    (
        "es",
        "chat",
        "Olvidé si cambié la contraseña del NAS. La última que recuerdo es <<pw>>. ¿Cómo entro por SSH si no funciona?",
    ),
    (
        "it",
        "chat",
        "Ciao! Per il gestionale uso utente admin e password <<pw>>, posso scriverla in un file .bat per fare il login automatico?",
    ),
    (
        "pt",
        "chat",
        "Minha senha do banco de dados de teste é <<pw>> — tem problema deixar ela no docker-compose se o repositório for privado?",
    ),
    (
        "nl",
        "chat",
        "Kun je een e-mail schrijven naar de nieuwe collega met zijn inloggegevens? Gebruikersnaam: j.devries, wachtwoord: <<pw>> (moet hij bij eerste login wijzigen).",
    ),
    (
        "pl",
        "chat",
        "Hasło do panelu administracyjnego sklepu to <<pw>>. Jak wymusić jego zmianę dla wszystkich pracowników w WooCommerce?",
    ),
    (
        "ru",
        "chat",
        "Подскажите, почему 1С не принимает пароль <<pw>> для пользователя Бухгалтер? Раньше работало.",
    ),
    (
        "uk",
        "chat",
        "Мій пароль від поштової скриньки — <<pw>>. Чи достатньо він надійний, чи краще згенерувати новий?",
    ),
    (
        "tr",
        "chat",
        "Modem arayüzüne girmek için şifre olarak <<pw>> yazıyorum ama 'geçersiz' diyor. Fabrika ayarlarına dönmeden nasıl girerim?",
    ),
    (
        "ja",
        "chat",
        "会社のVPNのパスワードは「<<pw>>」なのですが、接続時に認証エラーになります。原因として何が考えられますか?",
    ),
    ("zh", "chat", "我的路由器管理员密码是 <<pw>>,现在登录页面一直转圈,怎么办?"),
    (
        "ko",
        "chat",
        "공유기 관리자 비밀번호를 <<pw>> 로 바꿨는데 다시 로그인이 안 돼요. 초기화 말고 방법이 있을까요?",
    ),
    (
        "ar",
        "chat",
        "نسيت هل غيرت كلمة المرور أم لا. كلمة المرور القديمة كانت <<pw>> ، كيف أستعيد الحساب؟",
    ),
    (
        "he",
        "chat",
        "הסיסמה שלי למערכת השכר היא <<pw>> והיא פגה. איך מחליפים אותה בלי לפנות לתמיכה?",
    ),
    ("hi", "chat", "मेरे ईमेल का पासवर्ड <<pw>> है, क्या यह सुरक्षित है या मुझे इसे बदल देना चाहिए?"),
    ("el", "chat", "Ο κωδικός μου για το e-banking είναι <<pw>>, είναι αρκετά ισχυρός;"),
    (
        "sv",
        "chat",
        "Jag har glömt vilket konto det här lösenordet gäller: <<pw>>. Kan man söka i Nyckelringen på Mac efter lösenordet?",
    ),
    (
        "vi",
        "chat",
        "Mật khẩu wifi quán mình đang là <<pw>>, mình muốn đổi sang cái mới dễ đọc hơn cho khách, gợi ý giúp mình với.",
    ),
    (
        "id",
        "chat",
        "Tolong bantu, saya lupa apakah kata sandi email kantor saya <<pw>> atau yang lama. Bagaimana cara reset lewat admin?",
    ),
    (
        "cs",
        "chat",
        "Heslo k účtu správce je <<pw>>, ale po aktualizaci Windows se nemůžu přihlásit. Co s tím?",
    ),
    ("th", "chat", "รหัสผ่านบัญชีแอดมินของร้านคือ <<pw>> อยากให้พนักงานใหม่ใช้ได้แต่ไม่เห็นรหัส ทำยังไงดีคะ"),
]
for i, (_lang, ctx, tpl) in enumerate(PROSE_PW):
    pw = human_pw() if i % 3 else strong_pw(R.randint(12, 18))
    S("password_prose", ctx, fill(tpl, pw=pw), pw)

pw1, pw2 = human_pw(), human_pw()
S(
    "password_prose",
    "chat",
    f"old password: {pw1}\nnew password: {pw2}\n\nthe site says the new one is 'too similar to a previous password', how similar is too similar?",
    pw1,
    pw2,
)
pw = passphrase(4, " ")
S(
    "password_prose",
    "chat",
    f'For my Bitwarden master password I picked "{pw}". Is a lowercase passphrase like that enough or do I need symbols?',
    pw,
)
pw = "Schäferhund" + rd(4) + "!"
S(
    "password_prose",
    "chat",
    f"Kann ein Passwort mit Umlaut wie {pw} auf manchen Systemen Probleme machen? Beim Login am Mac geht es, am Linux-Server nicht.",
    pw,
)

# ---- passwords in config files ---------------------------------------------
pw = strong_pw(22)
S(
    "password_config",
    "docker",
    f'```yaml\nservices:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_USER: app\n      POSTGRES_PASSWORD: {pw}\n      POSTGRES_DB: shop\n    volumes:\n      - pgdata:/var/lib/postgresql/data\n```\nthe app container says password authentication failed for user "app"',
    pw,
)
raw = alnum_pw(24)
enc = b64(raw.encode())
S(
    "password_k8s_secret",
    "k8s",
    f"apiVersion: v1\nkind: Secret\nmetadata:\n  name: redis-auth\ntype: Opaque\ndata:\n  password: {enc}\n---\nmy pod gets NOAUTH, is base64 -w0 the right way to encode it?",
    enc,
)
pw = strong_pw(18)
S(
    "password_config",
    "terraform",
    f'terraform.tfvars\n\nproject      = "ledger"\nenvironment  = "prod"\ndb_username  = "ledger_admin"\ndb_password  = "{pw}"\ninstance_class = "db.t4g.medium"\n\nhow do I keep db_password out of the state file?',
    pw,
)
pw = human_pw()
S(
    "password_config",
    "ansible",
    f'group_vars/webservers.yml:\n\nnginx_worker_processes: auto\nmysql_root_password: "{pw}"\ndeploy_user: deploy\n\nansible-vault encrypt_string ile bunu nasıl şifrelerim?',
    pw,
)
pw = strong_pw(20)
S(
    "password_config",
    "helm",
    f"helm upgrade --install grafana grafana/grafana -f values.yaml\n\nvalues.yaml:\nadminUser: admin\nadminPassword: {pw}\npersistence:\n  enabled: true\n\nlogin says invalid username or password",
    pw,
)
pw = human_pw()
S(
    "password_config",
    "config",
    f"spring.datasource.url=jdbc:mysql://10.0.4.12:3306/erp?useSSL=false\nspring.datasource.username=erp_app\nspring.datasource.password={pw}\nspring.jpa.hibernate.ddl-auto=validate\n\nHikariPool-1 - Exception during pool initialization: Access denied for user 'erp_app'",
    pw,
)
sk_dj, pw = rs(LO + DG + "!@#%^&*(-_=+)", 50), strong_pw(16)
S(
    "password_config",
    "code",
    f"settings.py\n\nSECRET_KEY = '{sk_dj}'\nDATABASES = {{\n    'default': {{\n        'ENGINE': 'django.db.backends.postgresql',\n        'NAME': 'blog',\n        'USER': 'blog',\n        'PASSWORD': '{pw}',\n        'HOST': 'localhost',\n    }}\n}}\n\nWhy does collectstatic need the database?",
    sk_dj,
    pw,
)
pw = strong_pw(16)
S(
    "password_config",
    "code",
    f"wp-config.php da mi hosting:\n\ndefine( 'DB_NAME', 'wp_tienda' );\ndefine( 'DB_USER', 'wp_tienda_u' );\ndefine( 'DB_PASSWORD', '{pw}' );\ndefine( 'DB_HOST', 'localhost' );\n\n\"Error establishing a database connection\" después de migrar",
    pw,
)
pw = alnum_pw(20)
S(
    "password_config",
    "config",
    f"~/.pgpass has `db.internal:5432:analytics:reporter:{pw}` with chmod 600 but psql still prompts, why?",
    pw,
)
pw = human_pw()
S(
    "password_config",
    "config",
    f"~/.netrc\nmachine ftp.stadtwerke-landshut.de\nlogin messdaten\npassword {pw}\n\nwget --netrc nimmt es nicht",
    pw,
)
pw = strong_pw(16)
S(
    "password_config",
    "config",
    f'<connectionStrings>\n  <add name="Default" connectionString="Server=sql01.corp.local;Database=Lager;User Id=lager_app;Password={pw};TrustServerCertificate=True" providerName="System.Data.SqlClient" />\n</connectionStrings>\n\nweb.config transform doesn\'t replace it in Release',
    pw,
)
pw = human_pw()
S(
    "password_config",
    "config",
    f"[smtp]\nserver = smtp.office365.com\nport = 587\nusername = rechnungen@malerbetrieb-huber.at\npassword = {pw}\nstarttls = true\n\nSmtpAuthenticationError 535 5.7.139",
    pw,
)

# ---- connection strings ----------------------------------------------------
pw = alnum_pw(20)
S(
    "connection_string",
    "config",
    f"DATABASE_URL=postgresql://api_user:{pw}@pg-prod-1.c9xk2.eu-central-1.rds.amazonaws.com:5432/orders?sslmode=require\n\nalembic says SSL SYSCALL error: EOF detected",
    pw,
)
pw = alnum_pw(16)
S(
    "connection_string",
    "code",
    f'client = MongoClient("mongodb+srv://reportingapp:{pw}@cluster0.{rs(LO + DG, 5)}.mongodb.net/?retryWrites=true&w=majority")\n# ServerSelectionTimeoutError. IP whitelist is 0.0.0.0/0',
    pw,
)
pw = rs(AN, 32)
S(
    "connection_string",
    "config",
    f"REDIS_URL=rediss://default:{pw}@redis-{nz(5)}.c{R.randint(1, 300)}.eu-west-1-2.ec2.redns.redis-cloud.com:{R.randint(10000, 19999)}\nCelery: Error 111 connecting. Is rediss:// right?",
    pw,
)
pw = human_pw()
S(
    "connection_string",
    "chat",
    f"Как правильно экранировать пароль в строке подключения? mysql://shop:{pw}@127.0.0.1:3306/shop — SQLAlchemy ругается на символы.",
    pw,
)
pw = alnum_pw(18)
S(
    "connection_string",
    "config",
    f"CELERY_BROKER_URL=amqp://worker:{pw}@rabbitmq.infra.svc.cluster.local:5672/jobs",
    pw,
)
pw = strong_pw(16)
S(
    "connection_string",
    "code",
    f"String url = \"jdbc:sqlserver://sql02.finanz.local:1433;databaseName=Buchhaltung;user=bh_app;password={pw};encrypt=true\";\nConnection c = DriverManager.getConnection(url);\n// Login failed for user 'bh_app'. Kennwort abgelaufen?",
    pw,
)

# ---- shell history / CLI ---------------------------------------------------
pw = human_pw()
S(
    "password_cli",
    "shell",
    f"  501  cd /var/www\n  502  mysql -u root -p'{pw}' wordpress < backup.sql\n  503  systemctl restart php8.2-fpm\n  504  history | grep mysql\n\nsomeone told me this is bad, why?",
    pw,
)
pw = strong_pw(14)
S(
    "password_cli",
    "shell",
    f"sshpass -p '{pw}' ssh -o StrictHostKeyChecking=no pi@192.168.178.40 'sudo reboot'\nWie mache ich das sicherer mit Schlüsseln?",
    pw,
)
pw = alnum_pw(16)
S(
    "password_cli",
    "shell",
    f"PGPASSWORD={pw} pg_dump -h 10.20.0.5 -U backup -Fc erp > erp_$(date +%F).dump\n# cron läuft, aber Datei ist 0 Byte",
    pw,
)
pw = strong_pw(16)
S(
    "password_cli",
    "shell",
    f"curl -u admin:{pw} -X POST http://192.168.1.20:8080/job/nightly/build\n<title>Error 403 No valid crumb was included in the request</title>",
    pw,
)
pw = alnum_pw(20)
S(
    "password_cli",
    "shell",
    f'PS C:\\> $pass = ConvertTo-SecureString "{pw}" -AsPlainText -Force\nPS C:\\> $cred = New-Object System.Management.Automation.PSCredential ("CORP\\svc_backup", $pass)\nPS C:\\> Enter-PSSession -ComputerName fs01 -Credential $cred\nAccess is denied.',
    pw,
)

# ---- HTTP / curl dumps -----------------------------------------------------
basic = b64(f"integration:{alnum_pw(18)}".encode())
S(
    "basic_auth_header",
    "http",
    f'> GET /api/v2/invoices?status=open HTTP/1.1\n> Host: erp.brandt-logistik.de\n> Authorization: Basic {basic}\n> User-Agent: curl/8.5.0\n>\n< HTTP/1.1 401 Unauthorized\n< WWW-Authenticate: Basic realm="ERP"',
    basic,
)
key = rh(32)
S(
    "api_key_header",
    "http",
    f'curl -v -H "X-API-Key: {key}" https://api.openweathermap.org/data/2.5/weather?q=Porto\n{{"cod":401, "message": "Invalid API key."}}\nJust created the key 10 minutes ago',
    key,
)
bearer = rs(B64U, 64)
S(
    "bearer_token",
    "http",
    f"Request headers copied from devtools:\n\n:authority: api.nordbank-app.se\nauthorization: Bearer {bearer}\naccept: application/json\nx-client-version: 5.12.0\n\ncan I reuse this token in Postman to test my own account's API?",
    bearer,
)

# ---- private keys ----------------------------------------------------------
block, body = rsa_pem()
S(
    "private_key_pem",
    "chat",
    f'Nginx says "PEM_read_bio_X509_AUX() failed". I think I put the wrong file in ssl_certificate. This is what\'s in /etc/nginx/ssl/site.key:\n\n{block}',
    body,
)
block, body = pkcs8_pem()
S(
    "private_key_pem",
    "config",
    "jwt:\n  algorithm: RS256\n  private_key: |\n    "
    + block.replace("\n", "\n    ")
    + "\n\nthe YAML multi-line string breaks the key, how do I indent it?",
    body.replace("\n", "\n    "),
)
block, body = ec_pem()
S(
    "private_key_pem",
    "chat",
    f"Apple Push Notification Auth Key? no, this is my ES256 key for signing tokens:\n{block}\nhow do I get the public key from it with openssl?",
    body,
)
block, body, publine = openssh_ed25519("deploy@ci-runner")
S(
    "private_key_openssh",
    "chat",
    f"Bitbucket keeps rejecting my deploy key. Public part:\n{publine}\n\nand the private key I put into the pipeline variable:\n{block}",
    body,
)
block, body = pgp_private()
S(
    "private_key_pgp",
    "chat",
    f"gpg --import sagt 'keine gültigen OpenPGP-Daten gefunden'. Der Export sieht so aus:\n\n{block}",
    body,
)
text, privb = ppk_ed25519("eddsa-key-20250311")
S(
    "private_key_putty",
    "chat",
    f"WinSCP gibt mir beim Verbinden 'Server refused our key'. Das ist meine .ppk Datei:\n\n{text}\n\nMuss ich sie in OpenSSH-Format konvertieren?",
    privb,
)

# ---- crypto wallets --------------------------------------------------------
sp = seed_phrase(12)
S(
    "seed_phrase",
    "chat",
    f"I restored my MetaMask with these 12 words: {sp} — but the balance shows 0 ETH. Did I restore the wrong account index?",
    sp,
)
sp = seed_phrase(24)
S(
    "seed_phrase",
    "chat",
    f"Hola, mi Ledger se rompió. Tengo la frase de recuperación de 24 palabras:\n\n{sp}\n\n¿Puedo importarla en Electrum sin peligro?",
    sp,
)
sp = seed_phrase(12)
numbered = "\n".join(f"{i + 1}. {w}" for i, w in enumerate(sp.split()))
S(
    "seed_phrase",
    "chat",
    f"Мой кошелёк Trust Wallet, сид-фраза записана так:\n{numbered}\nПочему при импорте пишет «недействительная фраза»?",
    numbered,
)
eth = "0x" + rh(64)
S(
    "eth_private_key",
    "code",
    f'const wallet = new ethers.Wallet("{eth}", provider);\nconst tx = await wallet.sendTransaction({{ to: recipient, value: ethers.parseEther("0.05") }});\n// insufficient funds for intrinsic transaction cost',
    eth,
)
wif = btc_wif()
S(
    "btc_private_key",
    "chat",
    f'bitcoin-cli importprivkey "{wif}" "paper-wallet" false\nerror code: -4  Only legacy wallets are supported by this command\n\nhow do I sweep an old paper wallet into a descriptor wallet?',
    wif,
)

# ---- 2FA / TOTP ------------------------------------------------------------
codes = [f"{rh(5)}-{rh(5)}" for _ in range(8)]
S(
    "recovery_codes",
    "chat",
    "Kann ich diese GitHub-Recovery-Codes einfach in einer Textdatei auf dem Desktop speichern?\n\n"
    + "\n".join(codes),
    *codes,
)
gcodes = [f"{rd(4)} {rd(4)}" for _ in range(6)]
S(
    "recovery_codes",
    "chat",
    "Google backup codes, which ones are still valid? I think I used two:\n" + "  ".join(gcodes),
    *gcodes,
)
seed = rs(B32, 32)
S(
    "totp_seed",
    "chat",
    f"Authy is gone on my new phone. When I set up 2FA for Binance I saved the setup key {seed}. Can I add it manually to Google Authenticator?",
    seed,
)
seed = rs(B32, 32)
S(
    "totp_seed",
    "url",
    f"QR code decoded to otpauth://totp/AWS:root-account?secret={seed}&issuer=Amazon%20Web%20Services\nhow do I generate the 6-digit code in Python?",
    seed,
)
seed = rs(B32, 16)
S(
    "totp_seed",
    "code",
    f'import pyotp\ntotp = pyotp.TOTP("{seed}")\nprint(totp.now())  # 코드가 사이트와 안 맞아요. 시간 동기화 문제인가요?',
    seed,
)

# ---- Wi-Fi -----------------------------------------------------------------
pw = human_pw()
S(
    "wifi_password",
    "chat",
    f'Schreib mir bitte einen Zettel für die Gäste im Ferienhaus: WLAN "Haus am See", Passwort {pw}, Check-out bis 10 Uhr.',
    pw,
)
pw = passphrase(3, "")
S(
    "wifi_password",
    "config",
    f"WIFI:T:WPA;S:Cafe_Lumiere_5G;P:{pw};H:false;;\n\nthis string should become a QR code for the tables, which python lib?",
    pw,
)
pw = strong_pw(16)
S(
    "wifi_password",
    "config",
    f'/etc/wpa_supplicant/wpa_supplicant.conf\n\nnetwork={{\n    ssid="FRITZ!Box 7530 QX"\n    psk="{pw}"\n    key_mgmt=WPA-PSK\n}}\n\nRaspberry Pi verbindet sich nicht',
    pw,
)
pw = human_pw()
S(
    "wifi_password",
    "shell",
    f'nmcli dev wifi connect "Livebox-8F2A" password "{pw}"\nError: Connection activation failed: Secrets were required, but not provided.',
    pw,
)

# ---- VPN -------------------------------------------------------------------
wg_priv, wg_psk = b64(rbytes(32)), b64(rbytes(32))
S(
    "wireguard_key",
    "config",
    f"wg0.conf auf dem Client:\n\n[Interface]\nPrivateKey = {wg_priv}\nAddress = 10.8.0.3/24\nDNS = 1.1.1.1\n\n[Peer]\nPublicKey = {b64(rbytes(32))}\nPresharedKey = {wg_psk}\nEndpoint = vpn.familie-krause.de:51820\nAllowedIPs = 0.0.0.0/0\n\nHandshake klappt, aber kein Internet.",
    wg_priv,
    wg_psk,
)
ovpn = "\n".join(rh(32) for _ in range(16))
S(
    "openvpn_static_key",
    "config",
    f"ta.key from our server, clients fail with 'TLS Error: cannot locate HMAC in incoming packet':\n\n-----BEGIN OpenVPN Static key V1-----\n{ovpn}\n-----END OpenVPN Static key V1-----",
    ovpn,
)
psk = strong_pw(24)
S(
    "ipsec_psk",
    "config",
    f"/etc/ipsec.secrets\n\n%any %any : PSK \"{psk}\"\n\nStrongSwan: no shared key found for 'office-gw'",
    psk,
)

# ---- disk encryption -------------------------------------------------------
bl = bitlocker_key()
S(
    "bitlocker_recovery_key",
    "chat",
    f"Windows fragt nach dem BitLocker-Wiederherstellungsschlüssel. Ich habe ihn aus meinem Microsoft-Konto: {bl} — aber er wird nicht akzeptiert. Key-ID passt.",
    bl,
)
bl = bitlocker_key()
S(
    "bitlocker_recovery_key",
    "chat",
    f"My Dell is stuck at the BitLocker screen after a BIOS update. Recovery key: {bl}. What's the safest way to suspend BitLocker before the next update?",
    bl,
)
fv = filevault_key()
S(
    "filevault_recovery_key",
    "chat",
    f"Mac redemarre sur l'ecran FileVault. Ma cle de secours est {fv}, ou dois-je la taper exactement ?",
    fv,
)
pw = passphrase(5, " ")
S(
    "luks_passphrase",
    "shell",
    f'cryptsetup luksOpen /dev/nvme0n1p3 cryptroot\nEnter passphrase for /dev/nvme0n1p3: (I type "{pw}")\nNo key available with this passphrase.',
    pw,
)

# ---- JWT / cookies / signed URLs -------------------------------------------
tok = jwt({"sub": nz(7), "role": "admin", "iat": 1727000000, "exp": 1727086400})
S(
    "jwt",
    "http",
    f"fetch fails with 401 even though I attach the token:\nAuthorization: Bearer {tok}\nCan you decode it and tell me if it's expired?",
    tok,
)
tok = jwt(
    {
        "sub": uuid4(),
        "scope": "read write",
        "iss": "https://auth.kassensystem.de",
        "iat": 1730000000,
    },
    "RS256",
    342,
)
S(
    "jwt",
    "log",
    f"2025-11-02T08:41:22.113Z WARN  [gateway] rejected token access_token={tok} reason=kid_not_found\nwhy would the kid not be found if JWKS loaded fine?",
    tok,
)
tok = jwt({"user_id": R.randint(1000, 99999), "exp": 1760000000})
S(
    "jwt",
    "chat",
    f"localStorage'da şu token var: {tok} — bunu cookie'ye taşımak daha mı güvenli?",
    tok,
)
sid = rs(LO + DG, 32)
S(
    "session_cookie",
    "http",
    f"Cookie: csrftoken={rs(AN, 32)}; sessionid={sid}; django_language=de\n\nthe session expires every 5 minutes in production only",
    sid,
)
conn = "s%3A" + rs(B64U, 32) + "." + urllib.parse.quote(rs(B64, 43), safe="")
S(
    "session_cookie",
    "http",
    f"Set-Cookie: connect.sid={conn}; Path=/; Expires=Fri, 21 Nov 2025 10:00:00 GMT; HttpOnly; SameSite=Lax\nexpress-session drops the cookie behind nginx",
    conn,
)
amz_ak = "AKIA" + rs("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)
amz_sig = rh(64)
S(
    "presigned_url",
    "url",
    f"presigned URL works in the browser but not from the Android app, why?\nhttps://invoices-prod.s3.eu-west-1.amazonaws.com/2025/10/INV-20931.pdf?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential={amz_ak}%2F20251030%2Feu-west-1%2Fs3%2Faws4_request&X-Amz-Date=20251030T101500Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Signature={amz_sig}",
    amz_ak,
    amz_sig,
)
gsig = rh(512)
S(
    "presigned_url",
    "url",
    f"https://storage.googleapis.com/media-uploads-prd/videos/intro.mp4?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Credential=uploader%40media-{rs(LO, 6)}.iam.gserviceaccount.com%2F20251104%2Fauto%2Fstorage%2Fgoog4_request&X-Goog-Date=20251104T120000Z&X-Goog-Expires=3600&X-Goog-SignedHeaders=host&X-Goog-Signature={gsig}\n\nSignatureDoesNotMatch on PUT",
    gsig,
)
zap = f"https://hooks.zapier.com/hooks/catch/{nz(8)}/{rs(LO + DG, 7)}/"
S(
    "webhook_url",
    "chat",
    f"Mi webhook de Zapier es {zap} — ¿cómo le mando los datos del formulario de contacto desde PHP?",
    zap,
)
gchat = f"https://chat.googleapis.com/v1/spaces/AAAA{rs(B64U, 7)}/messages?key=AIzaSy{rs(B64U, 33)}&token={rs(B64U, 43)}%3D"
S(
    "webhook_url",
    "config",
    f'alerting:\n  google_chat:\n    url: "{gchat}"\n    template: default',
    gchat,
)

# ---- secrets inside logs and stack traces ----------------------------------
pw = alnum_pw(18)
S(
    "password_in_traceback",
    "log",
    f'Traceback (most recent call last):\n  File "/srv/app/db.py", line 14, in connect\n    conn = psycopg2.connect("host=db port=5432 dbname=crm user=crm password={pw}")\n  File "/usr/lib/python3/dist-packages/psycopg2/__init__.py", line 122, in connect\n    conn = _connect(dsn, connection_factory=connection_factory, **kwasync)\npsycopg2.OperationalError: could not translate host name "db" to address: Name or service not known',
    pw,
)
tok = "ghp_" + rs(AN, 36)
S(
    "token_in_log",
    "log",
    f"Run actions/checkout@v4\n  with:\n    repository: kraken-labs/firmware\n    token: {tok}\n    ssh-strict: true\nError: fatal: could not read Username for 'https://github.com': terminal prompts disabled",
    tok,
)
pw = strong_pw(14)
S(
    "password_in_log",
    "log",
    f"2025-10-30 02:00:01,442 ERROR [BackupJob] rsync failed: cmd='rsync -az -e \"sshpass -p {pw} ssh\" /data backup@nas:/volume1/backup' exit=255\n2025-10-30 02:00:01,443 INFO  [BackupJob] retry in 300s",
    pw,
)
sk_live = "sk_live_" + rs(AN, 24)
S(
    "token_in_log",
    "log",
    f"java.lang.IllegalStateException: Stripe request failed\n\tat com.shop.pay.StripeClient.charge(StripeClient.java:88)\nCaused by: com.stripe.exception.AuthenticationException: Invalid API Key provided: {sk_live}\n\tat com.stripe.net.LiveStripeResponseGetter.handleApiError(LiveStripeResponseGetter.java:212)",
    sk_live,
)
pw = human_pw()
S(
    "password_in_log",
    "log",
    f"Oct 29 22:14:07 mail postfix/smtp[19331]: warning: SASL authentication failure: user=newsletter, password={pw}, mechanism=PLAIN\nwarum steht das Passwort im Log??",
    pw,
)

# ---- base64-encoded credentials --------------------------------------------
raw = f"svc-reporting:{alnum_pw(20)}"
enc = b64(raw.encode())
S(
    "base64_credentials",
    "chat",
    f'I found this in our old cron script: `AUTH="{enc}"` and then `curl -H "Authorization: Basic $AUTH"`. What does it contain and is it a problem?',
    enc,
)
raw = json.dumps({"username": "etl", "password": strong_pw(18), "host": "warehouse.internal"})
enc = b64(raw.encode())
S(
    "base64_credentials",
    "config",
    f"Airflow connection exported as env var:\nAIRFLOW_CONN_WAREHOUSE_B64={enc}\nhow do I decode this in the DAG?",
    enc,
)


# ==========================================================================
# PII
# ==========================================================================

# ---- phone numbers ---------------------------------------------------------
ph = us_phone(0)
P(
    "phone",
    "chat",
    f'Can you write a polite voicemail greeting for my cell? Something like "You\'ve reached Dana, leave a message or text me at {ph}."',
    ph,
)
ph = us_phone(2)
P(
    "phone",
    "chat",
    f"my landlord keeps calling from {ph} at 11pm about the rent, how do I block a number on a Pixel?",
    ph,
)
ph = uk_mobile()
P(
    "phone",
    "chat",
    f'Could you reword this for a Gumtree ad? "Selling my son\'s bike, barely used, £80 ono, ring {ph} after 6"',
    ph,
)
ph = uk_mobile(True)
P(
    "phone",
    "form",
    f"Emergency contact\nName: Priya Raman (sister)\nRelationship: sibling\nPhone: {ph}",
    ph,
)
ph = de_mobile(False)
P(
    "phone",
    "chat",
    f"Schreib bitte eine kurze Nachricht an meine Nachbarin, dass das Paket bei mir liegt und sie mich unter {ph} erreichen kann.",
    ph,
)
ph = fr_mobile()
P(
    "phone",
    "chat",
    f"Peux-tu corriger ce SMS : « Bonjour, c'est Julien, le plombier m'a dit de vous rappeler au {ph}, je suis dispo demain matin. »",
    ph,
)
ph = f"+34 6{rd(2)} {rd(3)} {rd(3)}"
P(
    "phone",
    "chat",
    f"¿Me ayudas a redactar un anuncio para alquilar mi piso en Valencia? Contacto: Lucía, {ph} (WhatsApp).",
    ph,
)
ph = f"3{pick('2456789')}{rd(1)} {rd(3)} {rd(4)}"
P(
    "phone",
    "chat",
    f"Scrivi un messaggio per il gruppo del condominio: per la perdita d'acqua chiamatemi al {ph}, sono l'interno 5.",
    ph,
)
ph = f"+48 {pick(['50', '51', '60', '66', '69', '72', '78', '88'])}{rd(1)} {rd(3)} {rd(3)}"
P(
    "phone",
    "chat",
    f"Napisz ogłoszenie o zgubionym kocie, rudy, odpowiada na imię Filip. Kontakt: {ph}.",
    ph,
)
ph = f"+7 (9{rd(2)}) {rd(3)}-{rd(2)}-{rd(2)}"
P(
    "phone",
    "chat",
    f"Помоги составить объявление: сдаю гараж в Казани, звонить по номеру {ph}, Андрей.",
    ph,
)
ph = f"+380 {pick(['50', '63', '66', '67', '68', '73', '93', '95', '97', '98'])} {rd(3)} {rd(2)} {rd(2)}"
P(
    "phone",
    "chat",
    f"Перекладіть англійською: «Мене звати Оксана, мій номер {ph}, я шукаю роботу бухгалтера у Варшаві».",
    ph,
)
ph = f"05{pick(['30', '32', '33', '35', '36', '38', '42', '44', '45', '52', '55'])} {rd(3)} {rd(2)} {rd(2)}"
P(
    "phone",
    "chat",
    f"Kargo firması beni {ph} numaramdan aramış ama açamadım, geri dönüş mesajı yazar mısın?",
    ph,
)
ph = f"0{pick(['80', '90', '70'])}-{rd(4)}-{rd(4)}"
P(
    "phone",
    "chat",
    f"この文章を丁寧な敬語に直してください:「明日の打ち合わせ、遅れそうなら {ph} に電話して」",
    ph,
)
ph = f"1{pick(['38', '39', '36', '59', '86', '88', '77', '99'])} {rd(4)} {rd(4)}"
P("phone", "chat", f"帮我写一条闲鱼的商品描述:九成新的婴儿车,自提,联系电话 {ph},非诚勿扰。", ph)
ph = f"010-{rd(4)}-{rd(4)}"
P(
    "phone",
    "chat",
    f"중고나라에 올릴 글 좀 다듬어 주세요. '아이폰 14 팝니다, 직거래 선호, 연락처 {ph}'",
    ph,
)
ph = f"+91 {pick('6789')}{rd(4)} {rd(5)}"
P(
    "phone",
    "chat",
    f"Please draft a WhatsApp message to my tenant in Pune reminding her that rent is due on the 5th; she can reach me on {ph} if there's a delay.",
    ph,
)
ph = f"(11) 9{rd(4)}-{rd(4)}"
P(
    "phone",
    "chat",
    f"Faz uma mensagem para o grupo da escola avisando que eu levo as crianças na sexta. Quem quiser falar comigo: {ph}.",
    ph,
)
ph = f"+52 55 {rd(4)} {rd(4)}"
P("phone", "form", f"Nombre: Alejandra Ruiz\nTeléfono celular: {ph}\nHorario preferido: tardes", ph)
while True:
    ph = f"04{rd(2)} {rd(3)} {rd(3)}"
    if not ph.startswith("0491 57"):
        break
P(
    "phone",
    "chat",
    f"How do I set up call forwarding on Telstra so my work calls go to my personal mobile {ph} while I'm on leave?",
    ph,
)
ph = f"+234 {pick(['803', '806', '813', '816', '703', '706', '810', '905'])} {rd(3)} {rd(4)}"
P(
    "phone",
    "chat",
    f"Please rewrite my CV header: Chinedu Okafor | Lagos, Nigeria | {ph} | open to remote roles",
    ph,
)
ph = f"+966 5{pick('0345')} {rd(3)} {rd(4)}"
P(
    "phone",
    "chat",
    f"ساعدني في كتابة رسالة لصاحب العمل: سأتأخر اليوم بسبب الزحام، ويمكنه الاتصال بي على الرقم {ph}",
    ph,
)
ph = f"05{pick('02348')}-{rd(3)}-{rd(4)}"
P("phone", "chat", f"תנסח לי הודעה לוועד הבית: מי שמצא מפתחות ליד החניה, אני בטלפון {ph}", ph)
ph = f"07{pick('0236')}-{rd(3)} {rd(2)} {rd(2)}"
P(
    "phone",
    "chat",
    f"Skriv en annons till Blocket: säljer barnvagn, hämtas i Uppsala, ring {ph} efter 17.",
    ph,
)
ph = f"09{rd(2)} {rd(3)} {rd(3)}"
P(
    "phone",
    "chat",
    f"Viết giúp mình tin nhắn gửi chủ nhà: vòi nước bị rò, anh gọi lại cho em số {ph} nhé.",
    ph,
)
ph = f"08{rd(1)}-{rd(3)}-{rd(4)}"
P("phone", "chat", f"ช่วยเขียนประกาศหาแมวหายให้หน่อย แมวสีส้ม ชื่อส้มโอ ติดต่อ {ph}", ph)
ph = f"0812-{rd(4)}-{rd(4)}"
P(
    "phone",
    "chat",
    f"Tolong rapikan caption jualan ini: 'Jual kue kering lebaran, pesan via WA {ph}, bisa COD area Bekasi'",
    ph,
)
ph = f"69{rd(1)} {rd(3)} {rd(4)}"
P(
    "phone",
    "chat",
    f"Μπορείς να γράψεις μια αγγελία για ενοικίαση δωματίου στη Θεσσαλονίκη; Τηλέφωνο επικοινωνίας {ph}.",
    ph,
)
ph = f"+41 7{pick('6789')} {rd(3)} {rd(2)} {rd(2)}"
P(
    "phone",
    "signature",
    f"Freundliche Grüsse\n\nReto Ammann\nSchreinerei Ammann GmbH\nMobile {ph}",
    ph,
)

# ---- e-mail addresses ------------------------------------------------------
em = f"sofia.marchetti{rd(2)}@gmail.com"
P(
    "email",
    "chat",
    f"Please write a LinkedIn connection note. End with: feel free to email me at {em}.",
    em,
)
em = f"k.nowak{rd(3)}@wp.pl"
P(
    "email",
    "chat",
    f"Jak ustawić przekierowanie poczty z {em} na Gmaila? Stary adres nadal dostaje faktury.",
    em,
)
em = f"marie.lefebvre{rd(2)}@orange.fr"
P(
    "email",
    "chat",
    f"Mon adresse {em} est bloquée parce que trop de mails envoyés, combien de temps ça dure ?",
    em,
)
ob = f"lena{R.choice(['.', '_'])}fischer{rd(2)} [at] gmx [dot] de"
P(
    "email_obfuscated",
    "chat",
    f"Ist es sinnvoll, meine Adresse auf der Vereinswebseite als {ob} zu schreiben, um Spam zu vermeiden?",
    ob,
)
ob = f"mario.rossi{rd(2)} AT libero DOT it"
P(
    "email_obfuscated",
    "chat",
    f'Nel mio CV ho scritto l\'email come "{ob}", è poco professionale?',
    ob,
)
ob = f"jdoherty{rd(2)}(at)eircom(dot)net"
P(
    "email_obfuscated",
    "forum",
    f"anyone else get scam calls after posting on boards.ie? I put my email {ob} in a post years ago",
    ob,
)
em = f"jürgen.müller{rd(2)}@web.de"
P(
    "email_unicode",
    "chat",
    f"Outlook lehnt meine Adresse {em} als ungültig ab. Sind Umlaute im lokalen Teil erlaubt?",
    em,
)
em = "иван.петров" + rd(2) + "@почта.рф"
P(
    "email_unicode",
    "chat",
    f"Можно ли зарегистрироваться на Госуслугах с адресом {em}? Сайт пишет, что адрес некорректен.",
    em,
)
em = f"priyanka.sharma{rd(2)}@outlook.com"
P(
    "email",
    "code",
    f'git config --global user.name "Priyanka Sharma"\ngit config --global user.email "{em}"\n\nhow do I hide my email in public commits now?',
    em,
)
em = f"t.okonkwo{rd(2)}@proton.me"
P(
    "email",
    "json",
    f'Why does this fail JSON schema validation?\n{{"id": 4812, "name": "Tobi Okonkwo", "email": "{em}", "newsletter": "yes"}}',
    em,
)
em = f"ana.souza{rd(2)}@bol.com.br"
P(
    "email",
    "html",
    f'<a href="mailto:{em}?subject=Orçamento">Fale comigo</a>\n\nComo faço para o assunto aparecer com acento no Gmail?',
    em,
)
em = f"minjun.kim{rd(2)}@naver.com"
P(
    "email",
    "chat",
    f"네이버 메일 {em} 으로 온 메일을 Gmail에서 받아보고 싶은데 POP3 설정 어떻게 하나요?",
    em,
)
em = f"ahmet.yilmaz{rd(2)}@hotmail.com"
P(
    "email",
    "chat",
    f"e-Devlet şifremi sıfırlamak istiyorum ama kayıtlı e-posta {em} artık açılmıyor. Ne yapmalıyım?",
    em,
)

# ---- street addresses ------------------------------------------------------
ad = f"{R.randint(100, 9899)} {pick(['Maplewood', 'Cedar Ridge', 'Willow Bend', 'Hawthorne'])} {pick(['Drive', 'Lane', 'Court'])}"
P(
    "address",
    "chat",
    f"Can you write a note for the delivery driver? Please leave packages at the side door of {ad}, Columbus, OH 43214 — the front porch floods.",
    ad,
)
ad = f"{R.randint(2, 140)} {pick(['Ashcombe', 'Cotham', 'Redland', 'Elmgrove'])} Road"
pc = f"BS{R.randint(1, 9)} {R.randint(1, 9)}{rs('ABDEFGHJLNPQRSTUWXYZ', 2)}"
P(
    "address",
    "letter",
    f"Flat 2\n{ad}\nBristol\n{pc}\n\nDear Sir or Madam,\nI am writing to dispute the parking charge notice issued on 3 October...\n\n(can you make this letter firmer?)",
    ad,
    pc,
)
ad = f"{pick(['Lindenstraße', 'Goethestraße', 'Am Mühlbach', 'Schillerweg'])} {R.randint(1, 88)}"
P(
    "address",
    "chat",
    f"Bitte formuliere eine Kündigung meines Fitnessstudio-Vertrags. Absender: Katharina Vogel, {ad}, 80331 München.",
    ad,
)
ad = f"{R.randint(1, 120)} rue des {pick(['Lilas', 'Tanneurs', 'Acacias', 'Capucins'])}"
P(
    "address",
    "chat",
    f"Je déménage au {ad}, 69003 Lyon. Peux-tu m'écrire la lettre pour le changement d'adresse à la CAF ?",
    ad,
)
ad = f"Calle de {pick(['Ercilla', 'Toledo', 'Embajadores', 'Bravo Murillo'])} {R.randint(1, 220)}, {R.randint(1, 8)}º {pick(['A', 'B', 'izq.', 'dcha.'])}"
P(
    "address",
    "chat",
    f"Redacta una reclamación a la compañía de la luz. Mi dirección de suministro es {ad}, 28005 Madrid.",
    ad,
)
ad = f"Via {pick(['Giuseppe Garibaldi', 'Nizza', 'Madama Cristina', 'San Secondo'])} {R.randint(1, 150)}"
P(
    "address",
    "chat",
    f"Devo spedire un reso ad Amazon, l'etichetta deve avere il mio indirizzo: {ad}, 10125 Torino. Come lo scrivo correttamente?",
    ad,
)
ad = f"{pick(['Van Speijkstraat', 'Bilderdijkstraat', 'Kinkerstraat'])} {R.randint(1, 200)}-{R.randint(1, 3)}"
P(
    "address",
    "chat",
    f"Help me schrijven aan de VvE: sinds de storm lekt het dak boven ons appartement op {ad}, 1053 Amsterdam.",
    ad,
)
ad = f"ul. {pick(['Wiśniowa', 'Puławska', 'Grochowska', 'Ogrodowa'])} {R.randint(1, 90)}/{R.randint(1, 40)}"
P(
    "address",
    "form",
    f"Formularz zwrotu\nImię i nazwisko: Tomasz Zieliński\nAdres: {ad}, 02-520 Warszawa\nNumer zamówienia: 38201-PL",
    ad,
)
ad = f"東京都渋谷区道玄坂{R.randint(1, 2)}丁目{R.randint(1, 25)}-{R.randint(1, 20)}"
P(
    "address",
    "chat",
    f"引っ越しの挨拶状を作りたいです。新住所は〒150-0043 {ad} グリーンハイツ{R.randint(1, 5)}0{R.randint(1, 9)}号です。",
    ad,
)
ad = f"漕溪北路{R.randint(10, 600)}弄{R.randint(1, 30)}号{R.randint(1, 30)}0{R.randint(1, 9)}室"
P("address", "chat", f"快递老是送错,帮我写个备注:收货地址上海市徐汇区{ad},放门口即可。", ad)
ad = f"월드컵북로{R.randint(1, 40)}길 {R.randint(1, 99)}, {R.randint(1, 15)}0{R.randint(1, 9)}호"
P(
    "address",
    "chat",
    f"택배 기사님께 남길 메모 좀 써주세요. 주소는 서울특별시 마포구 {ad}이고 경비실에 맡겨 주시면 돼요.",
    ad,
)
ad = f"ул. {pick(['Профсоюзная', 'Гарибальди', 'Вавилова'])}, д. {R.randint(1, 150)}, кв. {R.randint(1, 300)}"
P(
    "address",
    "chat",
    f"Напиши заявление в управляющую компанию о протечке. Я проживаю по адресу: г. Москва, {ad}.",
    ad,
)
ad = f"Rua {pick(['Augusta', 'Haddock Lobo', 'Bela Cintra'])}, {R.randint(100, 2999)}, apto {R.randint(1, 20)}{R.randint(1, 4)}"
P(
    "address",
    "chat",
    f"Preciso de um modelo de carta para o síndico. Meu endereço: {ad}, São Paulo - SP, 01304-001.",
    ad,
)
ad = f"Flat {R.randint(1, 9)}0{R.randint(1, 9)}, {pick(['Sai Residency', 'Lakshmi Enclave', 'Green Glen Apartments'])}, {R.randint(1, 20)}th Cross"
P(
    "address",
    "chat",
    f"Please write a complaint to BESCOM about frequent power cuts at {ad}, Indiranagar, Bengaluru 560038.",
    ad,
)
ad = f"Av. {pick(['Insurgentes Sur', 'Universidad', 'Cuauhtémoc'])} {R.randint(100, 3000)}, Int. {R.randint(1, 20)}"
P(
    "address",
    "form",
    f"Datos de facturación\nRFC: pendiente\nDomicilio: {ad}, Col. Del Valle, 03100 Ciudad de México",
    ad,
)
ad = f"Bağdat Caddesi No: {R.randint(1, 400)} D: {R.randint(1, 20)}"
P("address", "chat", f"Kargo için adres etiketimi düzenler misin: {ad}, Kadıköy/İstanbul", ad)
ad = f"שדרות {pick(['הנשיא', 'מוריה', 'הציונות'])} {R.randint(1, 150)} דירה {R.randint(1, 30)}"
P("address", "chat", f"תכתוב לי מכתב לעירייה לגבי הפחת ארנונה. הכתובת שלי היא {ad}, חיפה.", ad)
ad = f"شارع {pick(['التحلية', 'الأمير سلطان', 'فلسطين'])}، مبنى {R.randint(1, 90)}، شقة {R.randint(1, 20)}"
P("address", "chat", f"ساعدني في كتابة طلب نقل خدمة الإنترنت إلى عنواني الجديد: {ad}، جدة.", ad)

# ---- national identity numbers (valid checksums) ---------------------------
v = us_ssn()
P(
    "us_ssn",
    "chat",
    f"The IRS letter says my SSN ({v}) doesn't match their records for the 2024 return. What should I send them?",
    v,
)
v = us_ssn()
P(
    "us_ssn",
    "form",
    f"EMPLOYEE INFORMATION\nFull name: Derek Whitfield\nSocial Security No.: {v}\nFiling status: Single\n\n(how do I fill box 4 on the W-4?)",
    v,
)
v = ca_sin()
P(
    "ca_sin",
    "chat",
    f"Mon employeur me demande mon NAS par courriel ({v}). Est-ce sécuritaire de l'envoyer comme ça ?",
    v,
)
v = uk_nino()
P(
    "uk_nino",
    "chat",
    f"HMRC app says my National Insurance number {v} is not recognised when I try to check my state pension. Any ideas?",
    v,
)
v = nhs_number()
P(
    "nhs_number",
    "chat",
    f"The GP surgery asked for my NHS number to register, it's {v}. Where can I see my vaccination records online?",
    v,
)
v = fr_nir(True, R.randint(70, 99), R.randint(1, 12))
P(
    "fr_nir",
    "chat",
    f"La CPAM me réclame un document alors que mon numéro de sécurité sociale ({v}) est bien sur ma carte Vitale. Que répondre ?",
    v,
)
v = de_steuer_id()
P(
    "de_steuer_id",
    "chat",
    f"Meine Steuer-ID ist {v} — muss ich die dem neuen Arbeitgeber geben, oder reicht die Steuerklasse?",
    v,
)
v = de_ausweis()
P(
    "de_id_card",
    "form",
    f"Bitte prüfen, ob die Angaben vollständig sind:\nName: Jonas Hartmann\nPersonalausweisnummer: {v}\nGültig bis: 11.2031\nAusstellende Behörde: Stadt Köln",
    v,
)
v = es_dni()
P(
    "es_dni",
    "chat",
    f"Para darme de alta en la luz me piden el DNI: {v}. ¿Lo pongo con guion o sin guion en el formulario?",
    v,
)
v = es_nie()
P(
    "es_nie",
    "chat",
    f"Tengo el NIE {v} pero la Seguridad Social dice que no existe. ¿Cómo consigo el número de afiliación?",
    v,
)
v = it_cf(
    "Bianchi",
    "Giulia",
    R.randint(75, 99),
    R.randint(1, 12),
    R.randint(1, 28),
    True,
    pick(["H501", "F205", "L219", "D612"]),
)
P(
    "it_codice_fiscale",
    "chat",
    f"Il mio codice fiscale è {v}, il sito dell'INPS dice che non è valido. Può dipendere da un errore nel comune di nascita?",
    v,
)
v = nl_bsn()
P(
    "nl_bsn",
    "chat",
    f"Mijn BSN is {v}. Moet ik dat aan de nieuwe tandarts geven of is dat niet verplicht?",
    v,
)
v = be_nrn(R.randint(70, 99), R.randint(1, 12), R.randint(1, 28), False)
P(
    "be_national_number",
    "chat",
    f"Mon numéro de registre national est {v}. Itsme me dit qu'il ne correspond pas à ma carte d'identité.",
    v,
)
v = se_pnr(R.randint(60, 99), R.randint(1, 12), R.randint(1, 28))
P(
    "se_personnummer",
    "chat",
    f"Skatteverket vill ha mitt personnummer, {v}, i mejlet. Är det säkert att skicka det så?",
    v,
)
v = no_fnr(R.randint(1, 28), R.randint(1, 12), R.randint(60, 99))
P(
    "no_fodselsnummer",
    "chat",
    f"NAV-skjemaet godtar ikke fødselsnummeret mitt {v}. Har jeg skrevet feil?",
    v,
)
v = dk_cpr(R.randint(1, 28), R.randint(1, 12), R.randint(60, 99))
P(
    "dk_cpr",
    "chat",
    f"Kan du hjælpe mig med en mail til kommunen? Jeg skal oplyse mit CPR-nummer {v} i forbindelse med flytning.",
    v,
)
v = fi_hetu(R.randint(1, 28), R.randint(1, 12), R.randint(60, 99))
P(
    "fi_hetu",
    "chat",
    f"Kela pyytää henkilötunnukseni, joka on {v}. Voinko lähettää sen tavallisella sähköpostilla?",
    v,
)
v = pl_pesel(R.randint(70, 99), R.randint(1, 12), R.randint(1, 28), True)
P(
    "pl_pesel",
    "chat",
    f"Przychodnia prosi o PESEL ({v}) w mailu do rejestracji. Czy to bezpieczne?",
    v,
)
v = br_cpf()
P(
    "br_cpf",
    "chat",
    f"Meu CPF é {v} e a Receita diz que está pendente de regularização. Como resolvo isso pela internet?",
    v,
)
v = aadhaar()
P(
    "in_aadhaar",
    "chat",
    f"My Aadhaar number is {v}. The bank KYC portal keeps saying OTP not sent, what can I do?",
    v,
)
v = in_pan("Sharma")
P(
    "in_pan",
    "form",
    f"KYC details\nName: Rohit Sharma\nPAN: {v}\nOccupation: Salaried\n\nis PAN mandatory for opening a mutual fund folio?",
    v,
)
v = cn_id(
    pick(["110105", "310115", "440305", "510107", "330106"]),
    R.randint(1975, 2000),
    R.randint(1, 12),
    R.randint(1, 28),
)
P("cn_resident_id", "chat", f"我的身份证号是 {v},12306 上提示身份信息核验未通过,该怎么处理?", v)
v = jp_mynumber()
P(
    "jp_my_number",
    "chat",
    f"会社にマイナンバー({v})を提出するとき、通知カードのコピーも必要ですか?",
    v,
)
v = kr_rrn(R.randint(70, 99), R.randint(1, 12), R.randint(1, 28), True)
P("kr_rrn", "chat", f"회원가입할 때 주민등록번호 {v} 입력했는데 실명인증이 계속 실패해요.", v)
v = au_tfn()
P(
    "au_tfn",
    "chat",
    f"New employer asked me to put my TFN ({v}) on a paper form. Is that normal or should I use the ATO online declaration?",
    v,
)
v = mx_curp(
    "RUGA",
    R.randint(80, 99),
    R.randint(1, 12),
    R.randint(1, 28),
    True,
    pick(["DF", "JC", "NL", "PL"]),
    "ZRL",
)
P("mx_curp", "chat", f"El SAT me rechaza la CURP {v} al generar la e.firma. ¿Qué puedo revisar?", v)
v = za_id(R.randint(70, 99), R.randint(1, 12), R.randint(1, 28), False)
P(
    "za_id",
    "chat",
    f"Home Affairs says my ID number {v} is flagged. How do I book an appointment to sort it out?",
    v,
)
v = il_tz()
P(
    "il_teudat_zehut",
    "chat",
    f"מספר תעודת הזהות שלי הוא {v}, והאתר של ביטוח לאומי אומר שהוא לא תקין. מה עושים?",
    v,
)
v = tr_tckn()
P("tr_tckn", "chat", f"TC kimlik numaram {v}, e-Nabız'a giriş yapamıyorum. Şifre nasıl alınır?", v)
v = cl_rut()
P("cl_rut", "chat", f"Mi RUT es {v}. ¿Cómo obtengo la Clave Única si no tengo cédula vigente?", v)
v = sg_nric()
P(
    "sg_nric",
    "chat",
    f"Singpass keeps rejecting my NRIC {v} on the new phone, do I need to re-register?",
    v,
)
v = hk_id()
P("hk_id", "chat", f"我嘅身份證號碼係 {v},喺網上預約換證時顯示錯誤,點算?", v)
v = pt_nif()
P(
    "pt_nif",
    "chat",
    f"O meu NIF é {v}. Posso pedir fatura com NIF em nome da empresa se for trabalhador independente?",
    v,
)
v = ie_ppsn()
P(
    "ie_ppsn",
    "chat",
    f"Revenue says my PPS number {v} isn't linked to MyAccount. How do I link it?",
    v,
)
v = ch_ahv()
P(
    "ch_ahv",
    "chat",
    f"Die Krankenkasse will meine AHV-Nummer {v}. Ist das die gleiche wie die auf der Versichertenkarte?",
    v,
)
v = at_svnr(R.randint(1, 28), R.randint(1, 12), R.randint(60, 99))
P(
    "at_svnr",
    "chat",
    f"Für die Anmeldung beim AMS brauche ich meine Sozialversicherungsnummer: {v}. Wo finde ich die auf der e-card?",
    v,
)

# ---- passports, driving licences, health insurance -------------------------
v = rd(9)
P(
    "us_passport",
    "form",
    f"DS-82 renewal\nMost recent passport number: {v}\nIssue date: 06/14/2016\n\ndo I send the old passport with the form?",
    v,
)
v = pick(UP) + rd(7)
P(
    "in_passport",
    "chat",
    f"My passport number is {v}, expiring next March. Can I still apply for a Schengen visa or do I need to renew first?",
    v,
)
v = "C" + rs("CFGHJKLMNPRTVWXYZ0123456789", 8)
P(
    "de_passport",
    "chat",
    f"Für die Einreise in die USA: ESTA verlangt die Reisepassnummer. Meine ist {v} — gehört das C am Anfang dazu?",
    v,
)
v = f"{rd(2)}{rs(UP, 2)}{rd(5)}"
P(
    "fr_passport",
    "form",
    f"Fiche voyageur\nNom : Moreau\nPrénom : Camille\nN° de passeport : {v}\nNationalité : française",
    v,
)
v = uk_dl("Thompson", "GR", R.randint(70, 99), R.randint(1, 12), R.randint(1, 28), False)
P(
    "uk_driving_licence",
    "chat",
    f"Hire car company wants a DVLA check code. My licence number is {v}, how do I generate the code?",
    v,
)
v = pick(UP) + rd(7)
P(
    "us_driver_license",
    "chat",
    f"California DMV appointment: they asked for my DL number ({v}) and now the site says no record found. Typo?",
    v,
)
v = f"{pick(UP)}{rd(3)}-{rd(3)}-{rd(2)}-{rd(3)}-{rd(1)}"
P(
    "us_driver_license",
    "form",
    f"Rental agreement\nDriver: Kevin Morales\nFL Driver License #: {v}\nExp: 09/2029",
    v,
)
v = de_kvnr()
P(
    "de_health_insurance",
    "chat",
    f"Meine Krankenversichertennummer ist {v}. Die Praxis sagt, die eGK ist gesperrt. Was kann ich tun?",
    v,
)
v = au_medicare()
P(
    "au_medicare",
    "chat",
    f"Medicare card number {v} — the pharmacy says it's expired. How do I get a new card quickly?",
    v,
)
v = us_mbi()
P(
    "us_medicare_mbi",
    "form",
    f"Patient intake\nName: Barbara Kowalski\nMedicare Beneficiary ID: {v}\nSecondary insurance: none",
    v,
)
v = f"80380{rd(15)}"
P(
    "eu_health_card",
    "chat",
    f"La mia tessera sanitaria europea ha il numero {v}. All'estero basta mostrarla o devo registrarmi?",
    v,
)

# ---- dates of birth next to names ------------------------------------------
d = f"{R.randint(1, 28):02d}.{R.randint(1, 12):02d}.{R.randint(1958, 2002)}"
P(
    "date_of_birth",
    "chat",
    f"Bitte formuliere eine Vollmacht: Ich, Sabine Krüger, geboren am {d}, bevollmächtige meinen Sohn, mein Paket abzuholen.",
    d,
)
d = f"{pick(['March', 'July', 'October', 'February'])} {R.randint(1, 28)}, {R.randint(1950, 2001)}"
P(
    "date_of_birth",
    "chat",
    f"I need a cover letter for a background check. Full name Aaron Mitchell, date of birth {d}, previously lived in Denver.",
    d,
)
d = f"{R.randint(1, 28)} de {pick(['enero', 'mayo', 'agosto', 'noviembre'])} de {R.randint(2011, 2019)}"
P(
    "date_of_birth",
    "chat",
    f"Redacta una autorización para que mi hija viaje con su abuela. Menor: Valentina Castro Gómez, nacida el {d}.",
    d,
)
d = f"{R.randint(1960, 2000)}年{R.randint(1, 12)}月{R.randint(1, 28)}日"
P(
    "date_of_birth",
    "chat",
    f"履歴書の生年月日欄の書き方を教えてください。私は山本さくら、{d}生まれです。",
    d,
)
d = f"{R.randint(1, 28):02d}/{R.randint(1, 12):02d}/{R.randint(1950, 2004)}"
P(
    "date_of_birth",
    "form",
    f"Ficha de inscrição\nNome completo: Rafael Nunes Barbosa\nData de nascimento: {d}\nNaturalidade: Recife",
    d,
)
d = f"{R.randint(1, 28)} {pick(['января', 'марта', 'июня', 'сентября'])} {R.randint(1955, 2000)} г."
P(
    "date_of_birth",
    "chat",
    f"Составь характеристику на сотрудника: Смирнова Елена Викторовна, {d} рождения, работает у нас с 2016 года.",
    d,
)
d = f"{R.randint(1965, 2002)}-{R.randint(1, 12):02d}-{R.randint(1, 28):02d}"
P(
    "date_of_birth",
    "json",
    f'{{"patient": {{"name": "Olumide Adeyemi", "dob": "{d}", "blood_type": "O+"}}}}\n\nhow do I validate the dob field with pydantic?',
    d,
)
d = f"{R.randint(1, 28)}/{R.randint(1, 12)}/{R.randint(1960, 2000)}"
P(
    "date_of_birth",
    "chat",
    f"Mình tên Nguyễn Thị Mai, sinh ngày {d}, cần viết đơn xin nghỉ phép, bạn giúp mình nhé.",
    d,
)

# ---- bank accounts ---------------------------------------------------------
v = iban_de()
P(
    "iban",
    "chat",
    f"Kannst du eine Rechnung für meinen Nachhilfeunterricht schreiben? Bitte überweisen auf IBAN {iban_spaced(v)}, Verwendungszweck: Mathe Oktober.",
    iban_spaced(v),
)
v = iban_fr()
P(
    "iban",
    "chat",
    f"Pour le remboursement de la caution, voici mon IBAN : {iban_spaced(v)}. Peux-tu rédiger le message au propriétaire ?",
    iban_spaced(v),
)
v = iban_es()
P("iban", "form", f"Domiciliación bancaria\nTitular: Marta Ibáñez Soler\nIBAN: {v}\nFirma: ____", v)
v = iban_gb()
P(
    "iban",
    "chat",
    f"My Polish client needs my IBAN for a transfer to the UK, is it {iban_spaced(v)} or do I need something else like a SWIFT code?",
    iban_spaced(v),
)
v = iban_it()
P(
    "iban",
    "chat",
    f"Come faccio a dividere la spesa della vacanza? Ognuno mi manda 240 € sull'IBAN {v}, intestato a Chiara Ferri.",
    v,
)
v = iban_nl()
P(
    "iban",
    "chat",
    f"Tikkie werkt niet voor mijn oma. Kun je een nette mail schrijven met mijn rekeningnummer {iban_spaced(v)} erin?",
    iban_spaced(v),
)
v = iban_be()
P(
    "iban",
    "chat",
    f"Mijn loon komt niet binnen. De werkgever heeft rekening {iban_spaced(v)} — klopt dat formaat voor België?",
    iban_spaced(v),
)
v = iban_generic("PL", 24)
P(
    "iban",
    "chat",
    f"Numer konta do przelewu za mieszkanie: {v[2:4]} {' '.join(v[4 + i : 8 + i] for i in range(0, 24, 4))}. Jak dodać go jako zaufanego odbiorcę?",
    f"{v[2:4]} {' '.join(v[4 + i : 8 + i] for i in range(0, 24, 4))}",
)
v = iban_generic("CH", 17)
P(
    "iban",
    "signature",
    f"Zahlbar innert 30 Tagen auf\nIBAN {iban_spaced(v)}\nRaiffeisenbank Zürich, lautend auf Reto Ammann",
    iban_spaced(v),
)
v = iban("TR", f"{R.randint(10, 99):05d}0" + rd(16))
P(
    "iban",
    "chat",
    f"Kira ödemesi için ev sahibime IBAN'ımı yollayacağım: {iban_spaced(v)} — mesajı nazikçe yazar mısın?",
    iban_spaced(v),
)
v = iban("UA", rd(6) + rd(19))
P(
    "iban",
    "chat",
    f"Допоможіть написати оголошення про збір на лікування, реквізити: IBAN {v}, отримувач Коваленко Ірина.",
    v,
)
sc, acc = f"{rd(2)}-{rd(2)}-{rd(2)}", rd(8)
P(
    "uk_sort_code_account",
    "chat",
    f"Please write an invoice template for my dog-walking business. Payment by bank transfer: sort code {sc}, account {acc}, name G. Hughes.",
    acc,
)
sc, acc = f"{rd(2)}-{rd(2)}-{rd(2)}", rd(8)
P(
    "uk_sort_code_account",
    "chat",
    f"Is it safe to give my sort code and account number ({sc} / {acc}) to a buyer on Facebook Marketplace?",
    acc,
)
rt, acc = aba_routing(), rd(R.randint(9, 12))
P(
    "us_routing_account",
    "form",
    f"Direct Deposit Authorization\nEmployee: Latisha Greene\nBank routing number (ABA): {rt}\nAccount number: {acc}\nAccount type: Checking",
    acc,
)
rt, acc = aba_routing(), rd(10)
P(
    "us_routing_account",
    "chat",
    f"My payroll deposit bounced. I gave HR routing {rt} and account {acc}, could I have swapped them?",
    acc,
)
ifsc, acc = f"{pick(['HDFC', 'ICIC', 'SBIN', 'UTIB'])}0{rd(6)}", rd(14)
P(
    "in_bank_account",
    "chat",
    f"Freelance client from Germany wants my bank details: A/c no. {acc}, IFSC {ifsc}. Do they also need a SWIFT code?",
    acc,
)
bsb, acc = f"{rd(3)}-{rd(3)}", rd(9)
P(
    "au_bsb_account",
    "chat",
    f"Write a text to my housemates: bills are $142 each, pay to BSB {bsb} acc {acc} by Friday please.",
    acc,
)
v = clabe()
P(
    "mx_clabe",
    "chat",
    f"Para que me paguen la renta, mi CLABE interbancaria es {v}. ¿Cómo se la paso a mi inquilino por WhatsApp de forma segura?",
    v,
)
tr_num, inst, acc = rd(5), pick(["001", "002", "003", "004", "006", "815"]), rd(7)
P(
    "ca_bank_account",
    "form",
    f"Formulaire de dépôt direct\nNuméro de transit : {tr_num}\nNuméro d'institution : {inst}\nNuméro de compte : {acc}",
    acc,
)
ag, cc = rd(4), f"{rd(5)}-{rd(1)}"
P(
    "br_bank_account",
    "chat",
    f"Manda um texto cobrando meu primo: o Pix não funcionou, então transfere pra agência {ag}, conta corrente {cc}, Banco do Brasil.",
    cc,
)
acc = rd(7)
P(
    "jp_bank_account",
    "chat",
    f"家賃の振込先を大家さんに伝えるメールを書いて。三井住友銀行 渋谷支店 普通 {acc} ヤマダ タロウ",
    acc,
)

# ---- payment cards (Luhn valid, not published test numbers) ----------------
v = card(pick(["4539", "4916", "4024", "4485"]), 16)
P(
    "credit_card",
    "chat",
    f"My card {group(v, [4, 4, 4, 4])} got declined at the hotel in Lisbon even though I have enough balance. Why would that happen?",
    group(v, [4, 4, 4, 4]),
)
v = card(pick(["51", "52", "53", "54", "55"]), 16)
P(
    "credit_card",
    "chat",
    f"Ich habe meine Kreditkartennummer {group(v, [4, 4, 4, 4])} (gültig bis 08/27) versehentlich in ein Fake-Formular eingegeben. Was jetzt?",
    group(v, [4, 4, 4, 4]),
)
v = card(pick(["34", "37"]), 15)
P(
    "credit_card",
    "chat",
    f"Amex {group(v, [4, 6, 5])}, exp 11/28 — can you help me dispute a charge from a merchant that never shipped?",
    group(v, [4, 6, 5]),
)
v = card("6011", 16)
P(
    "credit_card",
    "form",
    f"Payment details\nCardholder: R. Delgado\nCard number: {v}\nExpiry: 04/29",
    v,
)
v = card(pick(["3528", "3540", "3566"]), 16)
P(
    "credit_card",
    "chat",
    f"JCBカード {group(v, [4, 4, 4, 4], '-')} の不正利用の連絡が来ました。本物かどうか見分ける方法は?",
    group(v, [4, 4, 4, 4], "-"),
)
v = card("62", 16)
P(
    "credit_card",
    "chat",
    f"我的银联卡号是 {group(v, [4, 4, 4, 4])},在国外ATM取不了钱,是什么原因?",
    group(v, [4, 4, 4, 4]),
)
v = card(pick(["2200", "2202", "2204"]), 16)
P(
    "credit_card",
    "chat",
    f"Карта Мир {group(v, [4, 4, 4, 4])} не проходит в приложении такси. Что можно сделать?",
    group(v, [4, 4, 4, 4]),
)
v = card(pick(["2221", "2300", "2540", "2710"]), 16)
P(
    "credit_card",
    "log",
    f"2025-10-11 18:22:04 INFO checkout: payment attempt order=88213 pan={v} amount=59.90 EUR result=DECLINED code=51\nwhy are full card numbers in our logs, how do I mask them in logback?",
    v,
)

# ---- IP and MAC addresses --------------------------------------------------
ip = f"{pick([84, 91, 93, 178, 185, 46, 79, 88, 109, 176, 212, 217])}.{R.randint(1, 254)}.{R.randint(0, 254)}.{R.randint(1, 254)}"
P(
    "ip_address",
    "chat",
    f"My home IP is {ip} and my Minecraft server is on port 25565. Friends can't connect, which router settings should I check?",
    ip,
)
ip = f"{pick([31, 37, 77, 89, 95, 151, 188])}.{R.randint(1, 254)}.{R.randint(0, 254)}.{R.randint(1, 254)}"
P(
    "ip_address",
    "chat",
    f"Mi hanno bannato da un forum, dicono che il mio IP {ip} è in una blacklist. Come faccio a toglierlo?",
    ip,
)
ip6 = (
    f"2a02:{pick(['8108', '8070', '810d', '908'])}:{rh(4)}:{rh(4)}:{rh(4)}:{rh(4)}:{rh(4)}:{rh(4)}"
)
P(
    "ip_address",
    "chat",
    f"Meine öffentliche IPv6 ist {ip6}. Ist es gefährlich, dass jedes Gerät im Heimnetz so eine Adresse hat?",
    ip6,
)
mac = ":".join(
    pick(["a4:83:e7", "f0:18:98", "3c:22:fb", "b8:27:eb"]).split(":") + [rh(2) for _ in range(3)]
)
P(
    "mac_address",
    "chat",
    f"Der Router zeigt ein unbekanntes Gerät. Mein Laptop hat die MAC {mac}, wie sperre ich alles andere?",
    mac,
)
mac = "-".join([f"{R.randrange(0, 256, 4):02X}"] + [rh(2).upper() for _ in range(5)])
P(
    "mac_address",
    "shell",
    f"C:\\> getmac\nPhysische Adresse    Transportname\n{mac}   \\Device\\Tcpip_{{{uuid4().upper()}}}\n\nthis is my PC; the university Wi-Fi registration asks for it. Which one do I give them?",
    mac,
)
ip = f"{pick([73, 98, 24, 67, 71, 108, 174])}.{R.randint(1, 254)}.{R.randint(0, 254)}.{R.randint(1, 254)}"
P(
    "ip_address",
    "log",
    f"Someone keeps logging into my Netflix. Account activity shows my own sessions from {ip} (Comcast, that's me) and another from Romania. How do I kick them out?",
    ip,
)

# ---- licence plates --------------------------------------------------------
pl = f"{pick(['M', 'B', 'HH', 'K', 'S'])}-{rs('ABCDEFGHJKLMNPRSTUVWXYZ', 2)} {R.randint(10, 9999)}"
P(
    "license_plate",
    "chat",
    f"Mein Auto mit dem Kennzeichen {pl} wurde abgeschleppt. Wie finde ich heraus, wohin?",
    pl,
)
pl = f"{rs('ABCDEFGHJKLMNOPRSTUVWXY', 2)}{R.randint(51, 74)} {rs('ABCDEFGHJKLMNOPRSTUVWXYZ', 3)}"
P(
    "license_plate",
    "chat",
    f"Got a PCN for a car I sold last year, reg {pl}. How do I prove to the council it's not mine anymore?",
    pl,
)
pl = f"{rs('ABCDEFGHJKLMNPQRSTVWXYZ', 2)}-{rd(3)}-{rs('ABCDEFGHJKLMNPQRSTVWXYZ', 2)}"
P(
    "license_plate",
    "chat",
    f"J'ai reçu un avis de contravention pour ma voiture immatriculée {pl} alors que j'étais à l'étranger. Comment contester ?",
    pl,
)
pl = f"{rd(4)} {rs('BCDFGHJKLMNPRSTVWXYZ', 3)}"
P(
    "license_plate",
    "chat",
    f"¿Cómo consulto si mi coche, matrícula {pl}, tiene alguna multa pendiente en la DGT?",
    pl,
)
pl = f"{R.randint(1, 9)}{rs('ABCDEFGHJKLMNPRSTUVWXYZ', 3)}{rd(3)}"
P(
    "license_plate",
    "chat",
    f"Someone dinged my car in the Target parking lot and left. My plate is {pl} (California); do I need a police report for insurance?",
    pl,
)

# ---- profile URLs ----------------------------------------------------------
u = f"https://www.linkedin.com/in/marta-kowalczyk-{rh(8)}/"
P("profile_url", "chat", f"Can you review my LinkedIn headline? Profile: {u}", u)
u = f"https://www.facebook.com/profile.php?id=1000{rd(11)}"
P(
    "profile_url",
    "chat",
    f"Someone made a fake account copying my photos. My real profile is {u} — how do I report the impersonator?",
    u,
)
u = f"https://www.instagram.com/{pick(['luna', 'mati', 'jojo', 'nika'])}.{pick(['bakes', 'runs', 'draws'])}{rd(2)}/"
P(
    "profile_url",
    "chat",
    f"Escreve uma bio para o meu Instagram ({u}) — faço bolos caseiros por encomenda em Braga.",
    u,
)
u = f"https://vk.com/id{nz(9)}"
P("profile_url", "chat", f"Как закрыть профиль ВКонтакте от посторонних? Моя страница: {u}", u)
u = f"https://github.com/{pick(['kenji', 'aylin', 'thabo', 'ines'])}-{pick(['dev', 'codes', 'hacks'])}{rd(2)}"
P(
    "profile_url",
    "chat",
    f"Rate my GitHub profile for job hunting: {u} — I'm a junior frontend dev in Cape Town.",
    u,
)

# ---- composite records -----------------------------------------------------
em, ph = f"nadia.haddad{rd(2)}@gmail.com", us_phone(1)
ad = f"{R.randint(10, 999)} {pick(['Beacon', 'Tremont', 'Commonwealth'])} St, Apt {R.randint(1, 9)}{pick('ABC')}"
li = f"linkedin.com/in/nadia-haddad-{rh(6)}"
P(
    "cv",
    "document",
    f"Can you tighten up my resume header and summary?\n\nNADIA HADDAD\n{ad}, Boston, MA 02116 · {ph} · {em} · {li}\n\nSUMMARY\nData analyst with 5 years of experience in healthcare claims, SQL, Tableau and Python. Looking for a senior analyst role.",
    ad,
    ph,
    em,
    li,
)
d = f"{R.randint(1, 28):02d}.{R.randint(1, 12):02d}.{R.randint(1985, 1999)}"
ad = f"{pick(['Bergmannstraße', 'Wilhelmstraße', 'Kastanienallee'])} {R.randint(1, 120)}"
ph, em = de_mobile(False), f"felix.brandt{rd(2)}@posteo.de"
P(
    "cv",
    "document",
    f"Lebenslauf – bitte auf eine Seite kürzen:\n\nPersönliche Daten\nName: Felix Brandt\nGeburtsdatum: {d} in Leipzig\nAnschrift: {ad}, 10961 Berlin\nTelefon: {ph}\nE-Mail: {em}\n\nBerufserfahrung\n2019–heute  Werkstudent, später Junior Entwickler, Zalando SE",
    d,
    ad,
    ph,
    em,
)
em, ph = f"g.papadopoulos{rd(2)}@yahoo.gr", f"+30 69{rd(1)} {rd(3)} {rd(4)}"
P(
    "support_ticket",
    "ticket",
    f"Ticket #48213 – Refund not received\nCustomer: Georgios Papadopoulos\nEmail: {em}\nPhone: {ph}\nOrder: 1129-5532-8810\nMessage: I returned the headphones on 2 Oct, tracking says delivered, still no refund.\n\n→ please draft a reply apologising and promising the refund within 5 days",
    em,
    ph,
)
ph, em = fr_mobile(True), f"claire.dubois{rd(2)}@free.fr"
ad = f"{R.randint(1, 99)} avenue {pick(['Jean Jaurès', 'de la République', 'Victor Hugo'])}"
P(
    "vcard",
    "vcard",
    f"pourquoi mon iPhone n'importe pas cette vCard ?\n\nBEGIN:VCARD\nVERSION:3.0\nN:Dubois;Claire;;;\nFN:Claire Dubois\nTEL;TYPE=CELL:{ph}\nEMAIL;TYPE=HOME:{em}\nADR;TYPE=HOME:;;{ad};Nantes;;44000;France\nEND:VCARD",
    ph,
    em,
    ad,
)
nhs, d = nhs_number(), f"{R.randint(1, 28):02d}/{R.randint(1, 12):02d}/{R.randint(1940, 1965)}"
ad = f"{R.randint(1, 99)} {pick(['Ferndale', 'Chestnut', 'Moorland'])} Avenue"
P(
    "medical_letter",
    "letter",
    f"Can you explain this letter from the hospital in plain English for my dad?\n\nRe: Mr Albert Kettering, DOB {d}, NHS No. {nhs}\n{ad}, Leeds LS8 2QT\n\nDear Dr Shah,\nI reviewed Mr Kettering in the cardiology clinic today. Echo shows moderate aortic stenosis with preserved LV function. I have started bisoprolol 2.5 mg once daily and will review in 3 months.",
    d,
    nhs,
    ad,
)
ph = f"0{pick(['90', '80'])}-{rd(4)}-{rd(4)}"
ad = f"大阪府大阪市北区天神橋{R.randint(1, 8)}丁目{R.randint(1, 20)}-{R.randint(1, 15)}"
P(
    "shipping_label",
    "form",
    f"この送り状の書き方で合っていますか?\n\nお届け先\n〒530-0041\n{ad} サンハイツ{R.randint(1, 9)}0{R.randint(1, 9)}\n佐藤 健一 様\n電話 {ph}\n品名: 書籍",
    ad,
    ph,
)
rows = []
secrets = []
for first, last, dom, ph in [
    ("Emma", "Larsen", "outlook.dk", f"+45 {pick('2345678')}{rd(1)} {rd(2)} {rd(2)} {rd(2)}"),
    ("Mateo", "Vargas", "gmail.com", f"+34 6{rd(2)} {rd(3)} {rd(3)}"),
    ("Aiko", "Mori", "icloud.com", f"+81 90-{rd(4)}-{rd(4)}"),
    ("Kwame", "Mensah", "yahoo.com", f"+233 24 {rd(3)} {rd(4)}"),
]:
    em = f"{first.lower()}.{last.lower()}{rd(2)}@{dom}"
    rows.append(
        f"{R.randint(1000, 9999)},{first},{last},{em},{ph},2025-0{R.randint(1, 9)}-1{R.randint(0, 9)}"
    )
    secrets += [em, ph]
P(
    "csv_export",
    "csv",
    "Why does Excel mangle the phone column in this export? (first rows)\n\ncustomer_id,first_name,last_name,email,phone,signup_date\n"
    + "\n".join(rows),
    *secrets,
)
vals, secrets = [], []
for name in ["Oğuz Demir", "Selin Aksoy", "Burak Çelik"]:
    em = (
        name.split()[0].lower().replace("ğ", "g").replace("ç", "c").replace("ş", "s")
        + f".{rd(3)}@gmail.com"
    )
    tc = tr_tckn()
    vals.append(f"  ('{name}', '{em}', '{tc}')")
    secrets += [em, tc]
P(
    "sql_dump",
    "sql",
    "Bu INSERT neden duplicate key hatası veriyor?\n\nINSERT INTO musteriler (ad_soyad, eposta, tc_kimlik) VALUES\n"
    + ",\n".join(vals)
    + ";",
    *secrets,
)
em, ph, pw_d = (
    f"lukas.novak{rd(2)}@seznam.cz",
    f"+420 {pick('67')}{rd(2)} {rd(3)} {rd(3)}",
    f"{R.randint(1970, 2000)}-{R.randint(1, 12):02d}-{R.randint(1, 28):02d}",
)
P(
    "yaml_record",
    "yaml",
    f'Test fixture z produkce, můžu ho takhle nechat v repu?\n\nusers:\n  - id: 17\n    name: Lukáš Novák\n    email: {em}\n    phone: "{ph}"\n    birthdate: {pw_d}\n    role: customer',
    em,
    ph,
    pw_d,
)
ib = iban_de()
P(
    "sepa_xml",
    "xml",
    f'Die Bank lehnt meine SEPA-Datei ab (pain.001). Auszug:\n\n<CdtTrfTxInf>\n  <PmtId><EndToEndId>RE-2025-0412</EndToEndId></PmtId>\n  <Amt><InstdAmt Ccy="EUR">1250.00</InstdAmt></Amt>\n  <Cdtr><Nm>Miriam Albrecht</Nm></Cdtr>\n  <CdtrAcct><Id><IBAN>{ib}</IBAN></Id></CdtrAcct>\n  <RmtInf><Ustrd>Miete November</Ustrd></RmtInf>\n</CdtTrfTxInf>',
    ib,
)
tbl, secrets = [], []
for name, ph in [
    ("Ingrid Solberg", f"+47 {pick('49')}{rd(2)} {rd(2)} {rd(3)}"),
    ("Tomás Ferreira", f"+351 9{pick('1236')}{rd(1)} {rd(3)} {rd(3)}"),
    ("Yuki Watanabe", f"+81 80-{rd(4)}-{rd(4)}"),
]:
    em = (
        name.split()[0].lower().replace("á", "a")
        + "."
        + name.split()[1].lower()
        + f"{rd(2)}@gmail.com"
    )
    tbl.append(f"| {name} | {em} | {ph} |")
    secrets += [em, ph]
P(
    "markdown_table",
    "markdown",
    "Turn this into a nicer Notion page for our running club:\n\n| Name | Personal email | Mobile |\n|---|---|---|\n"
    + "\n".join(tbl),
    *secrets,
)
dni, ph, em = es_dni(), f"6{rd(2)} {rd(2)} {rd(2)} {rd(2)}", f"pablo.herrero{rd(2)}@hotmail.es"
P(
    "job_application",
    "form",
    f"Revisa mi solicitud antes de enviarla:\n\nNombre y apellidos: Pablo Herrero Campos\nDNI: {dni}\nTeléfono: {ph}\nCorreo: {em}\nPuesto: Técnico de mantenimiento\nDisponibilidad: inmediata",
    dni,
    ph,
    em,
)
cf = it_cf(
    "Esposito", "Marco", R.randint(80, 95), R.randint(1, 12), R.randint(1, 28), False, "F839"
)
ib = iban_it()
P(
    "rental_application",
    "form",
    f"Domanda di locazione – la controlli per favore:\n\nConduttore: Marco Esposito\nCodice fiscale: {cf}\nIBAN per addebito canone: {ib}\nReddito annuo: 34.000 €\nGarante: sì",
    cf,
    ib,
)
bsn, ib = nl_bsn(), iban_nl()
kenteken = f"{rs('GHJKLNPRSTVXZ', 1)}-{rd(3)}-{rs('BDFGHJKLNPRSTVXZ', 2)}"
P(
    "insurance_claim",
    "form",
    f"Schadeformulier, klopt dit zo?\n\nNaam: Sanne de Groot\nBSN: {bsn}\nKenteken: {kenteken}\nIBAN voor uitkering: {ib}\nOmschrijving: aanrijding op de A12, achterbumper beschadigd",
    bsn,
    kenteken,
    ib,
)
cid, ph = (
    cn_id("440305", R.randint(1988, 1999), R.randint(1, 12), R.randint(1, 28)),
    f"1{pick(['37', '58', '86', '89', '99'])}{rd(4)}{rd(4)}",
)
em = f"{rd(9)}@qq.com"
P(
    "cv",
    "document",
    f"帮我把这份简历翻译成英文:\n\n姓名:陈晓雯\n身份证号:{cid}\n手机:{ph}\n邮箱:{em}\n求职意向:UI设计师\n工作经历:2019-2024 深圳某科技公司 视觉设计",
    cid,
    ph,
    em,
)
ph, ad = (
    f"010-{rd(4)}-{rd(4)}",
    f"부산광역시 해운대구 센텀중앙로 {R.randint(10, 99)}, {R.randint(1, 30)}0{R.randint(1, 9)}호",
)
P(
    "delivery_form",
    "form",
    f"이 주문서 양식이 맞는지 봐주세요.\n\n받는 분: 이서연\n연락처: {ph}\n주소: {ad}\n배송 메모: 부재 시 문 앞에 놓아주세요",
    ph,
    ad,
)
em, ph = f"r.okoye{rd(2)}@gmail.com", uk_mobile(True)
ad = f"{R.randint(1, 200)} {pick(['Kingsland', 'Holloway', 'Brixton'])} Road"
P(
    "booking_email",
    "email",
    f"Can you translate this confirmation into Portuguese for my mum?\n\nDear Ms Okoye,\nThank you for booking with Seaview Guest House. Your stay: 14–17 Nov, Double Room, 3 nights, total £342.\nGuest contact on file: {em}, {ph}\nBilling address: {ad}, London N1\nCheck-in from 3pm.",
    em,
    ph,
    ad,
)
ad = f"{pick(['Rua', 'Avenida'])} {pick(['da Liberdade', 'de Roma', 'Almirante Reis'])} {R.randint(1, 250)}, {R.randint(1, 8)}º {pick(['Esq', 'Dto'])}"
nif, ph = pt_nif(), f"9{pick('1236')}{rd(1)} {rd(3)} {rd(3)}"
P(
    "invoice_request",
    "email",
    f"Bom dia,\n\nPreciso de uma fatura com os meus dados:\nNome: Inês Carvalho\nNIF: {nif}\nMorada: {ad}, 1000-001 Lisboa\nTelemóvel: {ph}\n\nObrigada!\n\n(isto está correto para enviar à contabilidade?)",
    nif,
    ad,
    ph,
)


# ==========================================================================
# NEGATIVES
# ==========================================================================

# ---- ordinary questions in many languages ----------------------------------
PLAIN = [
    "How do I make my sourdough starter more active? It's been sluggish since the kitchen got colder.",
    "What's the difference between a Roth IRA and a traditional IRA, in simple terms?",
    "Can you explain how attention works in transformers like I'm a first-year student?",
    "Write a haiku about a cat sleeping on a warm laptop.",
    "Give me a 3-day itinerary for Lisbon on a budget, I like museums and tiled buildings.",
    "Wie lange muss ein Ei kochen, damit das Eigelb noch flüssig ist?",
    "Kannst du mir den Unterschied zwischen „seit“ und „seid“ mit Beispielen erklären?",
    "Quelle est la différence entre le passé composé et l'imparfait ? Donne-moi des exemples simples.",
    "Peux-tu me proposer un menu végétarien pour un dîner de six personnes ?",
    "¿Cuál es la mejor forma de aprender a programar en Python si trabajo a tiempo completo?",
    "Explícame por qué el cielo es azul pero los atardeceres son rojos.",
    "Qual è la differenza tra un mutuo a tasso fisso e uno a tasso variabile?",
    "Come si prepara il ragù alla bolognese tradizionale?",
    "Quais são os sintomas mais comuns de falta de vitamina D?",
    "Me ajuda a montar um treino de corrida para fazer 10 km em 8 semanas?",
    "Wat is het verschil tussen een eenmanszaak en een bv?",
    "Jak nauczyć się podstaw gry na gitarze w miesiąc?",
    "Объясни, как работает сложный процент, на простом примере.",
    "Какие книги Достоевского лучше читать сначала?",
    "Як правильно доглядати за орхідеєю взимку?",
    "Türkiye'de yaz tatili için en güzel koylar hangileri?",
    "日本語の「は」と「が」の違いを分かりやすく説明してください。",
    "おすすめの京都の紅葉スポットを教えてください。",
    "请解释一下什么是区块链,用通俗的话。",
    "如何提高英语口语?有什么每天可以坚持的方法?",
    "한국어로 자기소개서를 쓸 때 자주 하는 실수는 뭐가 있나요?",
    "김치찌개를 맛있게 끓이는 비법을 알려주세요.",
    "ما هي أفضل طريقة لتعلم اللغة الإنجليزية في المنزل؟",
    "اشرح لي الفرق بين الطاقة الشمسية وطاقة الرياح.",
    "מה ההבדל בין משכנתא צמודה למדד למשכנתא לא צמודה?",
    "मुझे दाल मखनी बनाने की आसान विधि बताइए।",
    "Ποια είναι τα καλύτερα νησιά για διακοπές τον Σεπτέμβριο;",
    "Vad är skillnaden mellan ett ISK och en kapitalförsäkring?",
    "Làm sao để con tôi tập trung học bài hơn vào buổi tối?",
    "ช่วยอธิบายการทำงานของ AI แบบง่าย ๆ ได้ไหม",
    "Apa perbedaan antara reksa dana saham dan reksa dana pasar uang?",
    "Jaký je rozdíl mezi hypotékou s fixací na 3 a na 5 let?",
    "Mikä on paras tapa oppia ruotsia aikuisena?",
    "Hvordan laver jeg en god kanelsnegl?",
    "Hvordan fungerer varmepumpe om vinteren?",
    "Hogyan lehet gyorsan megtanulni a magyar nyelvtan alapjait?",
    "Care sunt cele mai frumoase trasee montane din Carpați?",
    "چطور می‌توانم مهارت نوشتن انگلیسی خود را بهتر کنم؟",
    "আমি কীভাবে প্রতিদিন আরও বেশি পানি পান করার অভ্যাস গড়ে তুলতে পারি?",
    "Nipe vidokezo vya kujifunza Kiingereza haraka.",
    "Paano magluto ng adobong manok na malambot?",
]
for t in PLAIN:
    N("chat", t)

# ---- code that reads secrets from the environment / placeholders -----------
N(
    "code",
    'Is this the right way to load the key?\n\n```python\nimport os\nfrom openai import OpenAI\n\nclient = OpenAI(api_key=os.environ["OPENAI_API_KEY"])\n```\nit raises KeyError when I run it from cron',
)
N(
    "code",
    "const stripe = require('stripe')(process.env.STRIPE_SECRET_KEY);\n\n// on Vercel this is undefined during build, how do I fix it?",
)
N(
    "code",
    'String password = System.getenv("DB_PASSWORD");\nif (password == null) throw new IllegalStateException("DB_PASSWORD not set");\n\nIs there a cleaner way in Spring Boot 3?',
)
N(
    "code",
    'let token = std::env::var("GITHUB_TOKEN").expect("GITHUB_TOKEN must be set");\n\nhow do I make this optional and fall back to anonymous requests?',
)
N(
    "code",
    'apiKey := os.Getenv("SENDGRID_API_KEY")\nif apiKey == "" {\n    log.Fatal("missing SENDGRID_API_KEY")\n}\n\nwhy does go test not see the variable from my .env?',
)
N(
    "ci",
    "- name: Deploy\n  env:\n    AWS_ACCESS_KEY_ID: ${{ secrets.AWS_ACCESS_KEY_ID }}\n    AWS_SECRET_ACCESS_KEY: ${{ secrets.AWS_SECRET_ACCESS_KEY }}\n  run: aws s3 sync ./dist s3://my-site-bucket --delete\n\nDoes this leak the secrets in logs?",
)
N(
    "k8s",
    'env:\n  - name: POSTGRES_PASSWORD\n    valueFrom:\n      secretKeyRef:\n        name: postgres-credentials\n        key: password\n\nthe pod says secret "postgres-credentials" not found, but kubectl get secrets shows it in another namespace',
)
N(
    "terraform",
    'variable "db_password" {\n  type      = string\n  sensitive = true\n}\n\nresource "aws_db_instance" "main" {\n  password = var.db_password\n}\n\nHow do I pass this from CI without writing it to terraform.tfvars?',
)
N(
    "config",
    "# .env.example\nDATABASE_URL=postgres://user:password@localhost:5432/dbname\nREDIS_URL=redis://localhost:6379\nOPENAI_API_KEY=your-api-key-here\nSTRIPE_SECRET_KEY=sk_test_...\n\nShould .env.example be committed?",
)
N(
    "chat",
    'The docs say to run `curl -H "Authorization: Bearer <token>" https://api.github.com/user`. What exactly goes in <token>?',
)
N(
    "config",
    "docker-compose.yml:\n\n  db:\n    image: mysql:8\n    environment:\n      MYSQL_ROOT_PASSWORD: ${MYSQL_ROOT_PASSWORD}\n    env_file: .env\n\nvariable is not set. Defaulting to a blank string — why?",
)
N(
    "chat",
    "In the tutorial the config has `api_key: YOUR_API_KEY` and `secret: xxxx`. Do I keep the quotes when I replace them?",
)
N(
    "config",
    "default admin login for the demo container is admin / changeme — how do I force a password change on first start in my Dockerfile?",
)
N(
    "chat",
    "Why does my password field show ******** even when I click the eye icon? React, using type={show ? 'text' : 'password'}.",
)
N(
    "code",
    'headers = {"Authorization": f"Bearer {get_token()}"}\n\ndef get_token():\n    return keyring.get_password("myapp", "api")\n\nIs keyring a good idea on a headless server?',
)
N(
    "config",
    "[database]\nhost = localhost\nport = 5432\nname = inventory\nuser = inventory\npassword = REPLACE_ME\n\nHow can I make configparser read the password from an environment variable instead?",
)
N(
    "chat",
    "What's the regex to detect strings like sk-XXXXXXXX in our logs so we can mask them before shipping to Elasticsearch?",
)
N(
    "code",
    "vault kv get -field=password secret/data/prod/db\n\nhow do I use this output in a systemd unit without it showing up in `ps`?",
)
N(
    "chat",
    "How should I store API keys in a mobile app? Everyone says 'never hardcode', but the app needs to call the backend somehow.",
)
N(
    "code",
    'ssh-keygen -t ed25519 -C "work laptop"\n\nDo I need a passphrase if the disk is already encrypted?',
)

# ---- logs and stack traces without credentials -----------------------------
N(
    "log",
    'Traceback (most recent call last):\n  File "train.py", line 88, in <module>\n    loss.backward()\n  File "/opt/conda/lib/python3.11/site-packages/torch/_tensor.py", line 522, in backward\n    torch.autograd.backward(\nRuntimeError: CUDA out of memory. Tried to allocate 2.00 GiB (GPU 0; 23.65 GiB total capacity; 20.12 GiB already allocated)\n\nbatch size is already 8',
)
N(
    "log",
    'Exception in thread "main" java.lang.NullPointerException: Cannot invoke "String.length()" because "name" is null\n\tat com.shop.util.Slugify.apply(Slugify.java:17)\n\tat com.shop.catalog.ProductService.create(ProductService.java:54)\n\tat com.shop.Main.main(Main.java:12)',
)
N(
    "log",
    "Error: connect ECONNREFUSED 127.0.0.1:5432\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1595:16) {\n  errno: -111,\n  code: 'ECONNREFUSED',\n  syscall: 'connect',\n  address: '127.0.0.1',\n  port: 5432\n}\npostgres runs in docker, why can't node reach it?",
)
N(
    "log",
    'npm ERR! code ERESOLVE\nnpm ERR! ERESOLVE unable to resolve dependency tree\nnpm ERR! Found: react@18.3.1\nnpm ERR! Could not resolve dependency:\nnpm ERR! peer react@"^17.0.0" from react-beautiful-dnd@13.1.1',
)
N(
    "log",
    'Events:\n  Type     Reason     Age                 From     Message\n  ----     ------     ----                ----     -------\n  Warning  BackOff    2m (x41 over 12m)   kubelet  Back-off restarting failed container api in pod api-7c9d8f6b5-xk2lp\n  Normal   Pulled     12m                 kubelet  Container image "ghcr.io/acme/api:1.14.2" already present on machine',
)
N(
    "log",
    "error[E0502]: cannot borrow `v` as mutable because it is also borrowed as immutable\n  --> src/main.rs:7:5\n   |\n 6 |     let first = &v[0];\n   |                  - immutable borrow occurs here\n 7 |     v.push(6);\n   |     ^^^^^^^^^ mutable borrow occurs here",
)
N(
    "log",
    "panic: runtime error: index out of range [3] with length 3\n\ngoroutine 1 [running]:\nmain.parse(...)\n\t/home/runner/work/app/main.go:42\nmain.main()\n\t/home/runner/work/app/main.go:17 +0x1d",
)
N(
    "log",
    '2025-11-04 09:12:44.871 UTC [1] LOG:  database system is ready to accept connections\n2025-11-04 09:13:02.118 UTC [57] ERROR:  duplicate key value violates unique constraint "orders_pkey"\n2025-11-04 09:13:02.118 UTC [57] DETAIL:  Key (id)=(10482) already exists.',
)
N(
    "log",
    '127.0.0.1 - - [04/Nov/2025:10:22:31 +0000] "GET /healthz HTTP/1.1" 200 2 "-" "kube-probe/1.29"\n127.0.0.1 - - [04/Nov/2025:10:22:41 +0000] "GET /healthz HTTP/1.1" 503 19 "-" "kube-probe/1.29"\nwhy does the health check flap every few minutes?',
)
N(
    "log",
    "WARNING: The requested image's platform (linux/amd64) does not match the detected host platform (linux/arm64/v8) and no specific platform was requested\nexec /usr/local/bin/docker-entrypoint.sh: exec format error",
)

# ---- hard negatives: hashes, ids, versions ---------------------------------
N(
    "shell",
    f"I need to undo a bad merge. `git log --oneline` shows:\n\n{rh(7)} Merge branch 'feature/search'\n{rh(7)} Add fuzzy matching\n{rh(7)} Bump version to 2.4.0\n\nShould I use git revert -m 1 on the merge commit?",
)
N(
    "chat",
    f"git bisect says the first bad commit is {rh(40)}. How do I see what changed in it, only for files under src/?",
)
N(
    "chat",
    f"Can I cherry-pick {rh(40)} from main onto release/1.8 if the file was renamed in between?",
)
N(
    "chat",
    f"Postgres: is it bad to use UUIDs like {uuid4()} as primary keys instead of bigint? Table will have ~200M rows.",
)
N(
    "code",
    f"SELECT * FROM events WHERE session_id = '{uuid4()}' ORDER BY created_at;\n\nthis takes 4s, there's an index on session_id. EXPLAIN shows a seq scan",
)
N(
    "chat",
    f"Jira keeps showing the correlation id {uuid4()} in error toasts. Is that something I can search in the server logs?",
)
txt = "ubuntu-24.04.1-desktop-amd64.iso"
N(
    "chat",
    f"The download page lists SHA256 {hashlib.sha256(txt.encode()).hexdigest()} for {txt}, but mine differs. Does that mean the ISO is corrupted?",
)
N(
    "shell",
    f"$ md5sum backup.tar.gz\n{hashlib.md5(b'backup-2025-11-01').hexdigest()}  backup.tar.gz\n\nis md5 still OK for checking that a copy isn't corrupted (not security)?",
)
N(
    "chat",
    f"docker pull nginx@sha256:{hashlib.sha256(b'nginx-1.27.2').hexdigest()} — why pin by digest instead of the tag?",
)
N(
    "config",
    f'package-lock.json has "integrity": "sha512-{b64(hashlib.sha512(b"lodash-4.17.21").digest())}" — what happens if I delete the lockfile?',
)
N(
    "chat",
    f"Git LFS pointer file:\nversion https://git-lfs.github.com/spec/v1\noid sha256:{hashlib.sha256(b'model.bin').hexdigest()}\nsize 4294967296\n\nwhy did I get this instead of the actual file?",
)
N(
    "chat",
    "After upgrading from Python 3.11.9 to 3.12.4 numpy 1.26.4 fails to build. Should I jump to numpy 2.0.1?",
)
N(
    "chat",
    "torch==2.3.1+cu121 and torchvision==0.18.1+cu121 install fine but torchaudio 2.4.0 pulls a CPU build. How do I pin the matching version?",
)
N("chat", "kubectl is v1.30.2 and the cluster is 1.27.9 — is that skew supported?")
N(
    "chat",
    "Ubuntu says libssl3 3.0.13-0ubuntu3.4 is available. Is that the fix for the recent OpenSSL CVE?",
)
N(
    "config",
    '"dependencies": {\n  "react": "^18.2.0",\n  "next": "14.2.15",\n  "zod": "~3.23.8"\n}\nwhat\'s the difference between ^ and ~ here?',
)
N("chat", "Is ISBN 978-0-13-110362-7 the second edition of Kernighan and Ritchie's C book?")
N(
    "chat",
    "Compare CLRS (ISBN 978-0-262-03384-8) and Sedgewick for self-study. Which is more readable?",
)
N(
    "chat",
    'Ich suche "Entwurfsmuster" von Gamma et al., im Original ISBN 978-0-201-63361-0. Gibt es eine gute deutsche Übersetzung?',
)
N(
    "chat",
    "SICP 2nd edition, ISBN 0-262-51087-1: is it worth reading in 2025 or should I start with the JavaScript edition?",
)

# ---- hard negatives: orders, tracking, products ----------------------------
N(
    "chat",
    f"My Amazon order #{R.randint(111, 114)}-{rd(7)}-{rd(7)} says delivered but nothing arrived. What are my options?",
)
N("chat", f"UPS tracking 1Z{rs(UP + DG, 6)}{rd(10)} has been 'In Transit' for 9 days. Is it lost?")
N(
    "chat",
    f"La referencia del producto es SKU-{R.randint(10000, 99999)}-NEG-XL, ¿cómo la busco en el almacén con el lector de códigos?",
)
N(
    "chat",
    f'DHL-Sendungsnummer {rd(12)} zeigt seit Montag "Sendung wird zugestellt". Wie lange kann das dauern?',
)
N("chat", f"Invoice INV-2025-{rd(5)} has VAT 19% on a net of €1.840,00 — is the gross €2.189,60?")
N(
    "chat",
    f"The part number on my dishwasher pump is 00{rd(6)}. Is the pump from a newer model compatible?",
)
body = "40" + rd(10)
ean = body + str((10 - sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(body)) % 10) % 10)
N(
    "code",
    f"How do I validate an EAN-13 like {ean} in JavaScript? I keep getting the check digit wrong.",
)
N("chat", f"订单号 {rd(19)} 的退款一直显示处理中,一般需要多久?")
N(
    "chat",
    f"Il mio ticket di assistenza è il n. {R.randint(100000, 999999)}, ma nessuno risponde da una settimana. Come posso sollecitare?",
)
N(
    "chat",
    f"The error code on the washing machine is F{R.randint(10, 99)}, model WM{R.randint(1000, 9999)}XB. What does it usually mean?",
)

# ---- hard negatives: dates, times, prices, maths, science, sports ----------
N("chat", "Convert 2025-11-03T14:30:00+01:00 to UTC and to Pacific time.")
N(
    "chat",
    "How many working days are between 15/08/2025 and 31/12/2025 in Bavaria, counting public holidays?",
)
N(
    "code",
    "cron expression `0 3 * * 1-5` — does this run at 03:00 server time or UTC on GitHub Actions?",
)
N("chat", "What date is unix timestamp 1730000000?")
N("chat", "会議は毎週火曜日14:00〜15:30(日本時間)です。ニューヨークでは何時になりますか?")
N(
    "chat",
    "Is €1.299,00 for a 14-inch laptop with 32 GB RAM a fair price, or should I wait for Black Friday?",
)
N(
    "chat",
    "A subscription is $12.99/month or $129.00/year. How much do I save per year, in percent?",
)
N(
    "chat",
    "Tenho R$ 2.499,90 para gastar num celular. Vale mais um intermediário novo ou um topo de linha usado?",
)
N(
    "chat",
    "Cái điện thoại này giá 7.990.000 ₫, trả góp 12 tháng lãi 0% thì mỗi tháng trả bao nhiêu?",
)
N("chat", "₹74,999 for a refurbished MacBook Air M2 — good deal?")
N("math", "Solve for x: 3x + 7 = 22, and show the steps.")
N("math", "What is 2^64? I think it's 18446744073709551616 but want to double-check.")
N("math", "Is 2147483647 prime? And why does it show up as the max int in so many languages?")
N("math", "Compute the determinant of [[2, -1, 0], [-1, 2, -1], [0, -1, 2]].")
N("math", "Calcula la integral de x^2·e^x dx por partes.")
N("math", "What are the first 20 digits of pi after 3.14159265358979323846?")
N("math", "Докажи, что сумма первых n нечётных чисел равна n².")
N("chemistry", "Balance this: C6H12O6 + O2 → CO2 + H2O. Is it 1, 6, 6, 6?")
N("chemistry", "Caffeine is C8H10N4O2, CAS 58-08-2. What's its molar mass, roughly 194.19 g/mol?")
N("chemistry", "How many molecules are in 18 g of water if Avogadro's number is 6.02214076×10^23?")
N("chemistry", "Was passiert bei der Elektrolyse von NaCl-Lösung an Anode und Kathode?")
N(
    "sports",
    "Germany beat Brazil 7–1 in the 2014 World Cup semi-final. Has any semi-final ever had a bigger margin?",
)
N(
    "sports",
    "In the 2022 final Argentina and France drew 3–3 and Argentina won 4–2 on penalties. Who scored France's goals?",
)
N(
    "sports",
    "India were 240 all out and Australia chased it down at 241/4 in the 2023 World Cup final. Who was player of the match?",
)
N(
    "sports",
    "¿Cuántos puntos necesita el Real Madrid para asegurar la liga si le quedan 5 partidos y saca 8 de ventaja?",
)

# ---- hard negatives: public places, famous people, hotlines ----------------
N(
    "chat",
    "What are the coordinates of the Eiffel Tower? I have 48.8584° N, 2.2945° E, is that the centre of the base?",
)
N(
    "chat",
    "Plot these on a map: Statue of Liberty (40.6892, -74.0445) and Christ the Redeemer (-22.9519, -43.2105).",
)
N(
    "chat",
    "Mount Everest is at 27.9881° N, 86.9250° E. How far is that from Kathmandu in a straight line?",
)
N(
    "chat",
    "Ada Lovelace was born on 10 December 1815. Write a short paragraph about her notes on the Analytical Engine.",
)
N("chat", "Albert Einstein, born 14 March 1879 in Ulm — what was he working on in 1905?")
N("chat", "Marie Curie est née le 7 novembre 1867 à Varsovie. Résume sa carrière en cinq phrases.")
N("chat", "Никола Тесла родился 10 июля 1856 года. Какие его изобретения используются до сих пор?")
N("chat", "夏目漱石(1867年2月9日生まれ)の代表作を三つ教えてください。")
N(
    "chat",
    "How do I get from Union Station to the White House, 1600 Pennsylvania Avenue NW, Washington, DC 20500, on foot?",
)
N("chat", "Is the Empire State Building at 350 Fifth Avenue open for the observatory after 10pm?")
N(
    "chat",
    "I have a job interview at 1600 Amphitheatre Parkway, Mountain View, CA 94043. Is there visitor parking?",
)
N(
    "chat",
    "Wie komme ich vom Hauptbahnhof zum Reichstagsgebäude, Platz der Republik 1, 11011 Berlin?",
)
N(
    "chat",
    "¿A qué hora abre la Sagrada Família (C/ de Mallorca, 401, 08013 Barcelona) los domingos?",
)
N("chat", "故宫博物院的地址是北京市东城区景山前街4号吗?周一开放吗?")
N("chat", "Is the Sherlock Holmes Museum at 221B Baker Street worth it, or is it a tourist trap?")
N(
    "chat",
    "Il Colosseo è in Piazza del Colosseo 1, 00184 Roma: conviene comprare il biglietto online?",
)
N(
    "chat",
    "Is 1-800-275-2273 really Apple Support's number? I got a text telling me to call another number about my iCloud.",
)
N(
    "chat",
    "Microsoft's official support line is 1-800-642-7676, right? Someone called claiming to be from Microsoft and I want to verify.",
)
N(
    "chat",
    "In the UK you can call the Samaritans on 116 123 for free. Is that line open at night too?",
)
N(
    "chat",
    "Die Telefonseelsorge ist unter 0800 111 0 111 erreichbar – ist der Anruf wirklich kostenlos und anonym?",
)
N(
    "chat",
    "What's the difference between calling 911 and the 988 Suicide & Crisis Lifeline in the US?",
)

# ---- hard negatives: base64 of harmless text, encodings --------------------
N("chat", f"What does this base64 decode to? {b64(b'Hello, World!')}")
N(
    "code",
    f"localStorage.setItem('prefs', '{b64(json.dumps({'theme': 'dark', 'lang': 'de', 'fontSize': 14}).encode())}')\n\nwhy not just store the JSON directly?",
)
svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16"><circle cx="8" cy="8" r="7" fill="#2a9d8f"/></svg>'
N(
    "html",
    f'<img src="data:image/svg+xml;base64,{b64(svg)}">\n\nis inline SVG better than base64 here?',
)
N(
    "chat",
    "Decode this URL for me: https://www.google.com/search?q=caf%C3%A9+near+Gare+du+Nord&hl=fr",
)
N(
    "chat",
    f"Why is the hex string {''.join(f'{b:02x}' for b in 'Grüße'.encode())} seven bytes for a five-letter word?",
)

# ---- hard negatives: configs without secrets -------------------------------
N(
    "config",
    "server {\n    listen 80;\n    server_name _;\n    location / {\n        proxy_pass http://127.0.0.1:3000;\n        proxy_set_header Host $host;\n    }\n}\n\nwebsockets disconnect after 60 seconds, what header am I missing?",
)
N(
    "config",
    '[tool.ruff]\nline-length = 100\n\n[tool.ruff.lint]\nselect = ["E", "F", "I"]\n\nhow do I ignore E501 only in the tests folder?',
)
N(
    "config",
    'version: 2\nupdates:\n  - package-ecosystem: "npm"\n    directory: "/"\n    schedule:\n      interval: "weekly"\n\ncan dependabot group all minor updates into one PR?',
)
N(
    "config",
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  template:\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27-alpine\n          resources:\n            limits:\n              memory: "256Mi"\n              cpu: "500m"\n\nwhat\'s a sensible CPU request here?',
)
N(
    "config",
    'FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nCMD ["gunicorn", "-w", "4", "-b", "0.0.0.0:8000", "app:app"]\n\nimage is 1.2 GB, how do I make it smaller?',
)
N(
    "sql",
    "SELECT customer_id, COUNT(*) AS orders, SUM(total) AS revenue\nFROM orders\nWHERE created_at >= DATE '2025-01-01'\nGROUP BY customer_id\nHAVING COUNT(*) > 5\nORDER BY revenue DESC\nLIMIT 20;\n\nhow would I add the previous year's revenue as a column?",
)
N(
    "csv",
    "product,price,stock\nespresso beans 1kg,24.90,120\noat milk 1l,2.49,340\npaper cups 12oz,0.12,5000\n\nhow can I chart stock vs price in pandas?",
)
N(
    "xml",
    "<dependency>\n  <groupId>org.postgresql</groupId>\n  <artifactId>postgresql</artifactId>\n  <version>42.7.4</version>\n</dependency>\n\nis this the version that fixed the SQL injection CVE?",
)
N(
    "markdown",
    "| Plan | Price | Storage |\n|---|---|---|\n| Basic | $4/mo | 50 GB |\n| Pro | $12/mo | 1 TB |\n| Team | $30/mo | 5 TB |\n\nrewrite this as a comparison paragraph for a landing page",
)
N(
    "json",
    '{\n  "name": "weather-widget",\n  "version": "0.4.2",\n  "private": true,\n  "scripts": { "dev": "vite", "build": "vite build" }\n}\n\nhow do I add a lint script with eslint 9?',
)

# ---- long documents without secrets ----------------------------------------
N(
    "document",
    "Please summarise this for a newsletter:\n\nThe history of the bicycle begins in the early nineteenth century with the draisine, a two-wheeled running machine without pedals. "
    "In the 1860s, French makers attached pedals directly to the front wheel, producing the velocipede, nicknamed the 'boneshaker' because of its iron tyres on cobbled streets. "
    "The high-wheeler of the 1870s increased speed by enlarging the front wheel, but it was dangerous: a sudden stop could throw the rider over the handlebars. "
    "The safety bicycle of the 1880s, with two wheels of similar size and a chain drive to the rear wheel, solved this problem, and the pneumatic tyre soon made riding comfortable. "
    "By the 1890s cycling had become a craze across Europe and North America, giving many people, and women in particular, a new kind of independence. "
    "Today bicycles are again central to urban transport planning, as cities build protected lanes and electric assistance makes longer commutes practical.",
)
N(
    "document",
    "Can you turn these meeting notes into action items?\n\nWeekly product sync\n- Onboarding funnel: step 3 (connect calendar) still loses about 30% of users. Design will test a 'skip for now' button.\n"
    "- Mobile release 5.2 slips one week because of the App Store review of the new subscription screen.\n- Support backlog is down from 410 to 260 tickets after the FAQ update.\n"
    "- Infra: the database upgrade to Postgres 16 is scheduled for the Sunday maintenance window; rollback plan is documented in the wiki.\n"
    "- Marketing wants a changelog page; engineering to check whether we can generate it from release notes.\nNext sync: Thursday 10:00.",
)
N(
    "document",
    "Traduce al inglés esta receta:\n\nTortilla de patatas (4 personas)\nIngredientes: 5 patatas medianas, 1 cebolla, 6 huevos, aceite de oliva, sal.\n"
    "1. Pela y corta las patatas en láminas finas y la cebolla en juliana.\n2. Fríelas a fuego medio en abundante aceite durante unos 20 minutos, sin que se doren demasiado.\n"
    "3. Escúrrelas y mézclalas con los huevos batidos y una pizca de sal. Deja reposar 10 minutos.\n"
    "4. Cuaja la mezcla en una sartén con un poco de aceite, dale la vuelta con ayuda de un plato y termina de cuajar por el otro lado.\nSe puede servir caliente o a temperatura ambiente.",
)
N(
    "document",
    "Proofread this section of our open-source README:\n\n## Installation\n\nThe package requires Python 3.10 or newer. Install it from PyPI with `pip install tinyqueue`, or from source with `pip install -e .` after cloning the repository.\n\n"
    "## Configuration\n\nAll settings are read from environment variables prefixed with `TINYQUEUE_`. For example, `TINYQUEUE_WORKERS` sets the number of worker processes (default: the number of CPU cores) "
    "and `TINYQUEUE_BACKEND` selects the storage backend (`memory`, `sqlite` or `redis`). Credentials for the Redis backend are never stored in the config file; set `TINYQUEUE_REDIS_URL` in your environment or secret manager instead.\n\n"
    "## License\n\nMIT. Contributions are welcome; please open an issue before starting work on a large change.",
)
N(
    "document",
    "Zusammenfassung bitte, drei Sätze:\n\nDie Energiewende in Deutschland beschreibt den Umstieg von fossilen und nuklearen Energieträgern auf erneuerbare Energien. "
    "Seit dem Erneuerbare-Energien-Gesetz von 2000 ist der Anteil von Wind- und Solarstrom am Bruttostromverbrauch stark gestiegen und lag zuletzt bei über der Hälfte. "
    "Herausforderungen bleiben der Netzausbau zwischen dem windreichen Norden und den Industriezentren im Süden, die Speicherung von Strom für windarme Zeiten sowie die Dekarbonisierung von Wärme und Verkehr. "
    "Kritiker verweisen auf hohe Strompreise, Befürworter auf sinkende Kosten neuer Anlagen und die geringere Abhängigkeit von Importen.",
)


# ==========================================================================
# write
# ==========================================================================


def main() -> None:
    texts = [r["text"] for r in ROWS]
    assert len(texts) == len(set(texts)), "duplicate rows"
    banned = [
        "example.com",
        "example.org",
        "example.net",
        ".invalid",
        "AKIAIOSFODNN7EXAMPLE",
        "wJalrXUtnFEMI",
        "555-01",
    ]
    for r in ROWS:
        for b in banned:
            assert b not in r["text"], (b, r["text"][:80])
    with OUT.open("w", encoding="utf-8", newline="\n") as fh:
        for r in ROWS:
            fh.write(json.dumps(r, ensure_ascii=False, sort_keys=False) + "\n")
    cats = Counter(r["category"] for r in ROWS)
    kinds = Counter((r["category"], r["kind"]) for r in ROWS)
    print(f"wrote {len(ROWS)} rows to {OUT}")
    for c in ("secret", "pii", "negative"):
        print(f"{c}: {cats[c]}")
    for (c, k), n in sorted(kinds.items()):
        print(f"  {c:8s} {k:32s} {n}")


if __name__ == "__main__":
    main()
