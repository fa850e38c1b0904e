# ruff: noqa: E501
"""Blind scrub corpus #5.

Written without looking at the scrubber: its source, tests, docs, benchmark
script and the earlier corpora were not opened while this file was written.
The contents come only from general knowledge of what people paste into a chat
assistant and of the public shapes of credentials and personal data.

Deterministic: every random value comes from one seeded ``random.Random``, so
running ``python bench/data/scrub/make_blind5.py`` again writes the same
``blind5.jsonl`` (next to this script) byte for byte. Standard library only.

One JSON object per line::

    {"text": str, "category": "secret" | "pii" | "negative", "kind": str,
     "secrets": [str, ...], "context": str}

``secrets`` holds exact substrings of ``text`` (each at least 6 characters)
that must not survive scrubbing. Negatives have kind ``"negative"`` and an
empty list: nothing in them is secret or personal, and they must come out
unchanged. No published test values (test card numbers, documented example
keys, reserved example domains, fictional phone ranges) are used anywhere.
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

R = random.Random(5_0611_2025)
OUT = Path(__file__).with_name("blind5.jsonl")

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


# --------------------------------------------------------------------------- random values


def rs(pool: str, n: int) -> str:
    return "".join(R.choice(pool) for _ in range(n))


def dg(n: int) -> str:
    return rs(DG, n)


def hx(n: int) -> str:
    return rs(HX, n)


def uuid4() -> str:
    h = hx(32)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{R.choice('89ab')}{h[17:20]}-{h[20:]}"


def b64e(b: bytes) -> str:
    return base64.b64encode(b).decode()


def b64u(b: bytes) -> str:
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def rb(n: int) -> bytes:
    return R.randbytes(n)


PW_WORDS = [
    "Sommer",
    "Falke",
    "Kiwi",
    "Lantern",
    "Marmot",
    "Tulpe",
    "Orkan",
    "Basalt",
    "Zitrone",
    "Comet",
    "Nebel",
    "Harbor",
    "Quokka",
    "Granit",
    "Saffron",
    "Velvet",
    "Walnut",
    "Ostsee",
    "Fjord",
    "Mistral",
    "Papaya",
    "Kastanie",
    "Pelikan",
    "Brombeer",
    "Tundra",
    "Anchovy",
]
PW_SYMS = "!#%&*@?-_.+"


def human_pw() -> str:
    w = R.choice(PW_WORDS)
    style = R.randrange(4)
    if style == 0:
        return f"{w}{dg(R.randint(2, 4))}{R.choice(PW_SYMS)}"
    if style == 1:
        return f"{w}{R.choice(PW_SYMS)}{R.choice(PW_WORDS).lower()}{dg(2)}"
    if style == 2:
        return f"{dg(2)}{w}{R.choice(PW_SYMS)}{R.choice(PW_WORDS)}"
    return rs(AN + "!#%&*-_", R.randint(14, 20))


def url_pw() -> str:
    """A password that needs no percent-encoding inside a URL."""
    return rs(AN, R.randint(6, 10)) + R.choice("-_.~") + rs(AN, R.randint(6, 10))


def aws_kid(prefix: str = "AKIA") -> str:
    return prefix + rs("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)


def aws_sk() -> str:
    return rs(AN + "+/", 40)


def jwt(payload: dict, alg: str = "HS256", sig_len: int = 43) -> str:
    head = b64u(json.dumps({"alg": alg, "typ": "JWT"}, separators=(",", ":")).encode())
    body = b64u(json.dumps(payload, separators=(",", ":")).encode())
    return f"{head}.{body}.{rs(B64U, sig_len)}"


def wrap(s: str, width: int) -> list[str]:
    return [s[i : i + width] for i in range(0, len(s), width)]


def pem(label: str, der: bytes, skip: int = 0, width: int = 64) -> tuple[str, list[str]]:
    lines = wrap(b64e(der), width)
    text = f"-----BEGIN {label}-----\n" + "\n".join(lines) + f"\n-----END {label}-----"
    return text, [ln for ln in lines[skip:] if len(ln) >= 6]


def u32(n: int) -> bytes:
    return n.to_bytes(4, "big")


def sshstr(b: bytes) -> bytes:
    return u32(len(b)) + b


def openssh_ed25519(comment: str) -> tuple[str, list[str]]:
    pub = rb(32)
    pubblob = sshstr(b"ssh-ed25519") + sshstr(pub)
    check = rb(4)
    priv = check + check + sshstr(b"ssh-ed25519") + sshstr(pub) + sshstr(rb(32) + pub)
    priv += sshstr(comment.encode())
    pad = 1
    while len(priv) % 8:
        priv += bytes([pad])
        pad += 1
    der = b"openssh-key-v1\x00" + sshstr(b"none") + sshstr(b"none") + sshstr(b"") + u32(1)
    der += sshstr(pubblob) + sshstr(priv)
    # the first 70-character line is the same for every unencrypted ed25519 key
    return pem("OPENSSH PRIVATE KEY", der, skip=1, width=70)


# --------------------------------------------------------------------------- check digits


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


def card_number(prefix: str, length: int) -> str:
    body = prefix + dg(length - len(prefix) - 1)
    return body + luhn_digit(body)


def fmt_card(n: str, sep: str = " ") -> str:
    if len(n) == 15:
        return sep.join([n[:4], n[4:10], n[10:]])
    return sep.join(wrap(n, 4))


def iban(cc: str, bban: str) -> str:
    num = "".join(str(int(c, 36)) for c in bban + cc + "00")
    return f"{cc}{98 - int(num) % 97:02d}{bban}"


def fmt_iban(i: str) -> str:
    return " ".join(wrap(i, 4))


CF_ODD = [
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


def cf_check(s: str) -> str:
    total = 0
    for i, c in enumerate(s):
        idx = int(c) if c.isdigit() else ord(c) - 65
        total += CF_ODD[idx] if i % 2 == 0 else idx
    return chr(65 + total % 26)


def fold(s: str) -> str:
    for a, b in (
        ("ß", "ss"),
        ("ø", "o"),
        ("Ø", "O"),
        ("ł", "l"),
        ("Ł", "L"),
        ("ı", "i"),
        ("æ", "ae"),
        ("Æ", "AE"),
    ):
        s = s.replace(a, b)
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c))


def iban_de() -> str:
    return iban(
        "DE",
        R.choice(["10010010", "20050550", "37040044", "50010517", "70150000", "43060967"]) + dg(10),
    )


def iban_gb() -> str:
    return iban("GB", R.choice(["NWBK", "BARC", "LOYD", "MIDL", "HBUK"]) + dg(14))


def iban_fr() -> str:
    bank, branch, acct = R.choice(["30004", "30003", "20041", "10278", "30002"]), dg(5), dg(11)
    key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(acct)) % 97
    return iban("FR", f"{bank}{branch}{acct}{key:02d}")


def _es_dc(s: str) -> int:
    v = 11 - sum(int(a) * b for a, b in zip(s, [1, 2, 4, 8, 5, 10, 9, 7, 3, 6], strict=True)) % 11
    return 0 if v == 11 else 1 if v == 10 else v


def iban_es() -> str:
    bank, branch, acct = R.choice(["2100", "0049", "0182", "0081", "2038"]), dg(4), dg(10)
    return iban("ES", f"{bank}{branch}{_es_dc('00' + bank + branch)}{_es_dc(acct)}{acct}")


def iban_nl() -> str:
    while True:
        d = "0" + dg(8)
        c = -sum(int(a) * w for a, w in zip(d, range(10, 1, -1), strict=True)) % 11
        if c < 10:
            return iban("NL", R.choice(["ABNA", "INGB", "RABO", "SNSB", "TRIO"]) + d + str(c))


def iban_it() -> str:
    abi, cab, acct = R.choice(["03069", "02008", "05034", "03062"]), dg(5), dg(12)
    return iban("IT", cf_check(abi + cab + acct) + abi + cab + acct)


def iban_be() -> str:
    b = R.choice(["001", "068", "363", "735"]) + dg(7)
    return iban("BE", f"{b}{int(b) % 97 or 97:02d}")


def iban_pl() -> str:
    b = R.choice(["1020", "1140", "1050", "1240"]) + dg(3)
    c = (10 - sum(int(a) * w for a, w in zip(b, [3, 9, 7, 1, 3, 9, 7], strict=True)) % 10) % 10
    return iban("PL", f"{b}{c}{dg(16)}")


def iban_pt() -> str:
    b = R.choice(["0035", "0033", "0007", "0010"]) + dg(4) + dg(11)
    return iban("PT", f"{b}{98 - int(b) * 100 % 97:02d}")


def iban_cz() -> str:
    while True:
        a = dg(9)
        c = -sum(int(x) * w for x, w in zip(a, [6, 3, 7, 9, 10, 5, 8, 4, 2], strict=True)) % 11
        if c < 10:
            return iban("CZ", R.choice(["0800", "0100", "0300", "2010"]) + "000000" + a + str(c))


def iban_simple(cc: str) -> str:
    tails = {
        "SE": (R.choice(["500", "600", "800", "300"]), 17),
        "DK": (R.choice(["0040", "2000", "3000", "9570"]), 10),
        "TR": (R.choice(["00010", "00062", "00064", "00046"]) + "0", 16),
        "CH": (R.choice(["00762", "00230", "08390"]), 12),
        "AT": (R.choice(["12000", "20111", "14000", "32000"]), 11),
        "IE": (R.choice(["AIBK", "BOFI"]) + dg(6), 8),
    }
    head, n = tails[cc]
    return iban(cc, head + dg(n))


def ssn() -> str:
    while True:
        a = R.randint(1, 899)
        if a == 666:
            continue
        v = f"{a:03d}-{R.randint(1, 99):02d}-{R.randint(1, 9999):04d}"
        if v not in {"078-05-1120", "123-45-6789", "219-09-9999"}:
            return v


def nino() -> str:
    while True:
        p = R.choice("ABCEGHJKLMNOPRSTWXYZ") + R.choice("ABCEGHJKLMNPRSTWXYZ")
        if p not in {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"}:
            d = dg(6)
            return f"{p} {d[:2]} {d[2:4]} {d[4:]} {R.choice('ABCD')}"


def bsn() -> str:
    while True:
        d = [R.randint(1, 9)] + [R.randint(0, 9) for _ in range(7)]
        c = sum(x * w for x, w in zip(d, range(9, 1, -1), strict=True)) % 11
        if c < 10:
            return "".join(map(str, d)) + str(c)


def steuer_id() -> str:
    while True:
        digits = R.sample(range(10), 9)
        ds = [*digits, R.choice(digits)]
        R.shuffle(ds)
        if ds[0] == 0:
            continue
        product = 10
        for d in ds:
            s = (d + product) % 10 or 10
            product = (s * 2) % 11
        c = (11 - product) % 10
        v = "".join(map(str, ds)) + str(c)
        return f"{v[:2]} {v[2:5]} {v[5:8]} {v[8:]}"


def nir(female: bool, y: int, m: int) -> str:
    dept = R.choice(["75", "69", "13", "33", "59", "31", "44", "67", "06", "35"])
    base = f"{2 if female else 1}{y % 100:02d}{m:02d}{dept}{R.randint(1, 400):03d}{R.randint(1, 999):03d}"
    key = 97 - int(base) % 97
    return f"{base[0]} {base[1:3]} {base[3:5]} {base[5:7]} {base[7:10]} {base[10:13]} {key:02d}"


DNI_L = "TRWAGMYFPDXBNJZSQVHLCKE"


def dni() -> str:
    n = R.randint(10_000_000, 79_999_999)
    return f"{n:08d}{DNI_L[n % 23]}"


def nie() -> str:
    p = R.choice("XYZ")
    n = dg(7)
    return f"{p}{n}{DNI_L[int(str('XYZ'.index(p)) + n) % 23]}"


def _cf_part(s: str, is_name: bool) -> str:
    s = fold(s).upper()
    cons = [c for c in s if c.isalpha() and c not in "AEIOU"]
    vows = [c for c in s if c in "AEIOU"]
    if is_name and len(cons) >= 4:
        cons = [cons[0], cons[2], cons[3]]
    return ("".join(cons + vows) + "XXX")[:3]


def codice_fiscale(last: str, first: str, y: int, m: int, d: int, female: bool) -> str:
    place = R.choice(["H501", "F205", "F839", "L219", "G273", "D612", "A944"])
    s = f"{_cf_part(last, False)}{_cf_part(first, True)}{y % 100:02d}{'ABCDEHLMPRST'[m - 1]}{d + (40 if female else 0):02d}{place}"
    return s + cf_check(s)


def pesel(y: int, m: int, d: int, female: bool) -> str:
    mm = m + (20 if y >= 2000 else 0)
    base = f"{y % 100:02d}{mm:02d}{d:02d}{dg(3)}{R.choice('02468' if female else '13579')}"
    c = (
        10 - sum(int(a) * w for a, w in zip(base, [1, 3, 7, 9, 1, 3, 7, 9, 1, 3], strict=True)) % 10
    ) % 10
    return base + str(c)


def personnummer(y: int, m: int, d: int, long: bool = False) -> str:
    base = f"{y % 100:02d}{m:02d}{d:02d}{dg(3)}"
    head = f"{y}{m:02d}{d:02d}" if long else base[:6]
    return f"{head}-{base[6:]}{luhn_digit(base)}"


def cpr(y: int, m: int, d: int) -> str:
    while True:
        base = f"{d:02d}{m:02d}{y % 100:02d}{dg(3)}"
        c = -sum(int(a) * w for a, w in zip(base, [4, 3, 2, 7, 6, 5, 4, 3, 2], strict=True)) % 11
        if c < 10:
            return f"{base[:6]}-{base[6:]}{c}"


def rodne_cislo(y: int, m: int, d: int, female: bool) -> str:
    while True:
        base = f"{y % 100:02d}{m + (50 if female else 0):02d}{d:02d}{dg(3)}"
        c = int(base) % 11
        if c < 10:
            return f"{base[:6]}/{base[6:]}{c}"


def tckn() -> str:
    d = [R.randint(1, 9)] + [R.randint(0, 9) for _ in range(8)]
    d10 = ((d[0] + d[2] + d[4] + d[6] + d[8]) * 7 - (d[1] + d[3] + d[5] + d[7])) % 10
    d11 = (sum(d) + d10) % 10
    return "".join(map(str, d)) + f"{d10}{d11}"


def nif_pt() -> str:
    d = [R.choice([1, 2])] + [R.randint(0, 9) for _ in range(7)]
    c = 11 - sum(x * w for x, w in zip(d, range(9, 1, -1), strict=True)) % 11
    return "".join(map(str, d)) + str(0 if c >= 10 else c)


def be_national(y: int, m: int, d: int, female: bool) -> str:
    serial = R.randrange(2 if female else 1, 997, 2)
    base = f"{y % 100:02d}{m:02d}{d:02d}{serial:03d}"
    c = 97 - int(("2" if y >= 2000 else "") + base) % 97
    return f"{base[:2]}.{base[2:4]}.{base[4:6]}-{base[6:9]}.{c:02d}"


def nhs_number() -> str:
    while True:
        d = [R.randint(4, 7)] + [R.randint(0, 9) for _ in range(8)]
        c = 11 - sum(x * w for x, w in zip(d, range(10, 1, -1), strict=True)) % 11
        if c == 11:
            c = 0
        if c < 10:
            v = "".join(map(str, d)) + str(c)
            return f"{v[:3]} {v[3:6]} {v[6:]}"


def kvnr() -> str:
    letter, body = R.choice(UP), dg(8)
    total = 0
    for i, ch in enumerate(f"{ord(letter) - 64:02d}{body}"):
        p = int(ch) * (1 if i % 2 == 0 else 2)
        total += p // 10 + p % 10
    return f"{letter}{body}{total % 10}"


def at_svnr(y: int, m: int, d: int) -> str:
    while True:
        serial, dob = str(R.randint(100, 999)), f"{d:02d}{m:02d}{y % 100:02d}"
        c = (
            sum(int(a) * w for a, w in zip(serial + dob, [3, 7, 9, 5, 8, 4, 2, 1, 6], strict=True))
            % 11
        )
        if c < 10:
            return f"{serial}{c} {dob}"


def de_rvnr(y: int, m: int, d: int, initial: str) -> str:
    area, serial = R.choice(["12", "13", "15", "18", "24", "53", "65"]), f"{R.randint(0, 49):02d}"
    digits = f"{area}{d:02d}{m:02d}{y % 100:02d}{ord(initial) - 64:02d}{serial}"
    total = 0
    for ch, w in zip(digits, [2, 1, 2, 5, 7, 1, 2, 1, 2, 1, 2, 1], strict=True):
        p = int(ch) * w
        total += p // 10 + p % 10
    return f"{area} {d:02d}{m:02d}{y % 100:02d} {initial} {serial}{total % 10}"


def mbi() -> str:
    a = "ACDEFGHJKMNPQRTUVWXY"
    an = a + DG
    v = R.choice("123456789") + R.choice(a) + R.choice(an) + dg(1) + R.choice(a) + R.choice(an)
    v += dg(1) + R.choice(a) + R.choice(a) + dg(2)
    return f"{v[:4]}-{v[4:7]}-{v[7:]}"


def aba_routing() -> str:
    d = [
        int(x)
        for x in R.choice(["021", "026", "031", "061", "071", "111", "121", "122", "322"]) + dg(5)
    ]
    s = 3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + (d[2] + d[5])
    return "".join(map(str, d)) + str(-s % 10)


def uk_driving(last: str, first: str, y: int, m: int, d: int, female: bool) -> str:
    sur = (fold(last).upper().replace(" ", "").replace("'", "") + "99999")[:5]
    initials = (fold(first).upper()[0] + "9")[:2]
    return f"{sur}{str(y)[2]}{m + (50 if female else 0):02d}{d:02d}{str(y)[3]}{initials}9{rs(UP + DG, 2)}"


def dob() -> tuple[int, int, int]:
    return R.randint(1952, 2003), R.randint(1, 12), R.randint(1, 28)


def ean13(prefix: str) -> str:
    body = prefix + dg(12 - len(prefix))
    s = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(body))
    return body + str(-s % 10)


# --------------------------------------------------------------------------- people


NAMES = {
    "en": (
        [
            "Olivia",
            "James",
            "Priya",
            "Daniel",
            "Hannah",
            "Marcus",
            "Chloe",
            "Ethan",
            "Siobhan",
            "Rory",
        ],
        [
            "Whitfield",
            "Okafor",
            "Brennan",
            "Hargreaves",
            "Pemberton",
            "Ashdown",
            "Kavanagh",
            "Thornley",
        ],
    ),
    "de": (
        ["Jürgen", "Katrin", "Lukas", "Sabine", "Florian", "Anja", "Matthias", "Henrike"],
        ["Weißmüller", "Hoffmann", "Brandt", "Köhler", "Schäfer", "Lindemann", "Grabowski", "Vogt"],
    ),
    "fr": (
        ["Amélie", "Thibault", "Sébastien", "Camille", "Léa", "Maxime", "Océane", "Grégoire"],
        ["Lefebvre", "Moreau", "Girard", "Rousseau", "Bonnet", "Fontaine", "Chevalier", "Marchand"],
    ),
    "es": (
        ["Lucía", "Javier", "Marta", "Alejandro", "Nerea", "Iñigo"],
        ["García Ortega", "Fernández Ruiz", "Navarro", "Castillo", "Iglesias", "Medina"],
    ),
    "nl": (
        ["Sanne", "Joost", "Femke", "Bram", "Lotte", "Thijs"],
        ["de Vries", "Janssen", "van Dijk", "Bakker", "Visser", "van den Berg"],
    ),
    "it": (
        ["Giulia", "Matteo", "Chiara", "Lorenzo", "Francesca", "Davide"],
        ["Rossi", "Bianchi", "Esposito", "Colombo", "Ricci", "Marino"],
    ),
    "pt": (
        ["João", "Inês", "Rui", "Beatriz", "Tiago", "Mariana"],
        ["Carvalho", "Ferreira", "Sousa", "Pereira", "Teixeira", "Almeida"],
    ),
    "pl": (
        ["Katarzyna", "Piotr", "Agnieszka", "Tomasz", "Magdalena", "Paweł"],
        ["Kowalczyk", "Wiśniewski", "Zielińska", "Nowak", "Lewandowski", "Dąbrowska"],
    ),
    "sv": (
        ["Elin", "Oskar", "Maja", "Johan", "Linnea", "Viktor"],
        ["Lindqvist", "Bergström", "Nyström", "Holm", "Sandberg", "Ekström"],
    ),
    "da": (
        ["Mette", "Rasmus", "Freja", "Søren", "Ida", "Mikkel"],
        ["Nørgaard", "Christensen", "Madsen", "Kjær", "Østergaard", "Lauridsen"],
    ),
    "cs": (
        ["Tereza", "Jakub", "Lucie", "Ondřej", "Kateřina", "Tomáš"],
        ["Dvořák", "Procházka", "Novotný", "Svoboda", "Kučera", "Veselý"],
    ),
    "tr": (
        ["Elif", "Mehmet", "Zeynep", "Emre", "Ayşe", "Burak"],
        ["Yılmaz", "Demir", "Şahin", "Kaya", "Çelik", "Öztürk"],
    ),
}
JA = [
    ("佐藤", "陽子", "sato", "yoko"),
    ("鈴木", "健太", "suzuki", "kenta"),
    ("高橋", "美咲", "takahashi", "misaki"),
    ("渡辺", "翔太", "watanabe", "shota"),
]
KO = [
    ("김", "민준", "kim", "minjun"),
    ("이", "서연", "lee", "seoyeon"),
    ("박", "지민", "park", "jimin"),
    ("최", "하은", "choi", "haeun"),
]

DOMAINS = {
    "en": [
        "gmail.com",
        "outlook.com",
        "icloud.com",
        "btinternet.com",
        "hotmail.co.uk",
        "yahoo.com",
    ],
    "de": ["web.de", "gmx.de", "t-online.de", "posteo.de", "mailbox.org"],
    "fr": ["orange.fr", "free.fr", "laposte.net", "sfr.fr", "gmail.com"],
    "es": ["gmail.com", "telefonica.net", "yahoo.es", "hotmail.es"],
    "nl": ["ziggo.nl", "kpnmail.nl", "xs4all.nl", "gmail.com"],
    "it": ["libero.it", "virgilio.it", "tiscali.it", "gmail.com"],
    "pt": ["sapo.pt", "gmail.com", "outlook.pt"],
    "pl": ["wp.pl", "o2.pl", "onet.pl", "interia.pl"],
    "sv": ["telia.com", "bredband.net", "gmail.com"],
    "da": ["mail.dk", "gmail.com", "outlook.dk"],
    "cs": ["seznam.cz", "centrum.cz", "email.cz"],
    "tr": ["hotmail.com", "gmail.com", "yandex.com.tr"],
    "ja": ["yahoo.co.jp", "docomo.ne.jp", "gmail.com"],
    "ko": ["naver.com", "daum.net", "kakao.com"],
}


def person(lang: str) -> tuple[str, str, str, str, str]:
    """(display name, first, last, first ascii, last ascii)"""
    if lang == "ja":
        last, first, la, fa = R.choice(JA)
        return f"{last} {first}", first, last, fa, la
    if lang == "ko":
        last, first, la, fa = R.choice(KO)
        return f"{last}{first}", first, last, fa, la
    first, last = R.choice(NAMES[lang][0]), R.choice(NAMES[lang][1])
    return f"{first} {last}", first, last, fold(first).lower(), fold(last).lower().replace(" ", "")


def email_of(lang: str, p: tuple[str, str, str, str, str]) -> str:
    fa, la = p[3], p[4]
    local = R.choice(
        [f"{fa}.{la}", f"{fa}{la}{dg(2)}", f"{fa[0]}.{la}", f"{la}.{fa}", f"{fa}_{la}{dg(1)}"]
    )
    return f"{local}@{R.choice(DOMAINS[lang])}"


def phone(cc: str, intl: bool | None = None) -> str:
    if intl is None:
        intl = R.random() < 0.55
    if cc == "us":
        area = R.choice(["212", "312", "415", "512", "617", "206", "303", "404", "503", "702"])
        ex = R.choice("2346789") + dg(2)
        line = dg(4)
        return f"+1 {area} {ex} {line}" if intl else f"({area}) {ex}-{line}"
    if cc == "uk":
        mid = "7" + R.choice("4589") + dg(2)
        rest = dg(6)
        return f"+44 {mid} {rest}" if intl else f"0{mid} {rest}"
    if cc == "de":
        p, n = (
            R.choice(["151", "152", "160", "170", "171", "172", "176", "177", "179"]),
            dg(R.choice([7, 8])),
        )
        return f"+49 {p} {n}" if intl else f"0{p} {n}"
    if cc == "fr":
        g = " ".join([R.choice(["12", "47", "62", "74", "81"]), dg(2), dg(2), dg(2)])
        d = R.choice("67")
        return f"+33 {d} {g}" if intl else f"0{d} {g}"
    if cc == "es":
        return f"+34 6{dg(2)} {dg(3)} {dg(3)}" if intl else f"6{dg(2)} {dg(2)} {dg(2)} {dg(2)}"
    if cc == "nl":
        return f"+31 6 {dg(4)} {dg(4)}" if intl else f"06-{dg(8)}"
    if cc == "it":
        p = "3" + R.choice("2346789") + dg(1)
        return f"+39 {p} {dg(3)} {dg(4)}" if intl else f"{p} {dg(7)}"
    if cc == "pt":
        return (
            f"+351 9{R.choice('1236')}{dg(1)} {dg(3)} {dg(3)}"
            if intl
            else f"9{R.choice('1236')}{dg(1)} {dg(3)} {dg(3)}"
        )
    if cc == "pl":
        return (
            f"+48 {R.choice('5678')}{dg(2)} {dg(3)} {dg(3)}"
            if intl
            else f"{R.choice('5678')}{dg(2)}-{dg(3)}-{dg(3)}"
        )
    if cc == "se":
        p = "7" + R.choice("0236")
        return f"+46 {p} {dg(3)} {dg(2)} {dg(2)}" if intl else f"0{p}-{dg(3)} {dg(2)} {dg(2)}"
    if cc == "dk":
        return (
            f"+45 {R.choice('2345')}{dg(1)} {dg(2)} {dg(2)} {dg(2)}"
            if intl
            else f"{R.choice('2345')}{dg(7)}"
        )
    if cc == "cz":
        return (
            f"+420 {R.choice('67')}{dg(2)} {dg(3)} {dg(3)}"
            if intl
            else f"{R.choice('67')}{dg(2)} {dg(3)} {dg(3)}"
        )
    if cc == "tr":
        p = "5" + R.choice("0345") + dg(1)
        return f"+90 {p} {dg(3)} {dg(2)} {dg(2)}" if intl else f"0{p} {dg(3)} {dg(2)} {dg(2)}"
    if cc == "ja":
        return (
            f"+81 90-{dg(4)}-{dg(4)}"
            if intl
            else f"0{R.choice(['80', '90', '70'])}-{dg(4)}-{dg(4)}"
        )
    if cc == "ko":
        return f"+82 10-{dg(4)}-{dg(4)}" if intl else f"010-{dg(4)}-{dg(4)}"
    if cc == "be":
        return f"+32 4{R.choice('789')}{dg(1)} {dg(2)} {dg(2)} {dg(2)}"
    if cc == "ch":
        return f"+41 7{R.choice('6789')} {dg(3)} {dg(2)} {dg(2)}"
    if cc == "at":
        return f"+43 6{R.choice(['64', '60', '76', '99'])} {dg(7)}"
    if cc == "ie":
        return f"+353 8{R.choice('35679')} {dg(3)} {dg(4)}"
    raise ValueError(cc)


def home_ip() -> str:
    first = R.choice([31, 37, 46, 77, 79, 82, 84, 87, 89, 91, 93, 95, 109, 178, 188, 217])
    return f"{first}.{R.randint(1, 254)}.{R.randint(0, 255)}.{R.randint(1, 254)}"


def mac() -> str:
    return ":".join(f"{b:02x}" for b in rb(6))


# =========================================================================== secrets


def secrets_cloud() -> None:
    k1, s1, k2, s2 = aws_kid(), aws_sk(), aws_kid(), aws_sk()
    S(
        "aws_access_key",
        "config_file",
        "here's my ~/.aws/credentials, boto3 keeps using the wrong profile even with AWS_PROFILE=prod-admin set:\n\n"
        f"[default]\naws_access_key_id = {k1}\naws_secret_access_key = {s1}\nregion = eu-central-1\n\n"
        f"[prod-admin]\naws_access_key_id = {k2}\naws_secret_access_key = {s2}\nregion = us-east-1\noutput = json\n",
        k1,
        s1,
        k2,
        s2,
    )
    k, s = aws_kid(), aws_sk()
    S(
        "aws_access_key",
        "shell_history",
        f"$ export AWS_ACCESS_KEY_ID={k}\n$ export AWS_SECRET_ACCESS_KEY={s}\n$ aws s3 sync ./dist s3://static-assets-prod --delete\n"
        "upload failed: dist/index.html to s3://static-assets-prod/index.html An error occurred (AccessDenied) when calling the PutObject operation: Access Denied",
        k,
        s,
    )
    k, s = aws_kid(), aws_sk()
    S(
        "aws_access_key",
        "python_code",
        "Warum bekomme ich hier SignatureDoesNotMatch? Die Uhrzeit auf dem Server stimmt.\n\n```python\nimport boto3\n\n"
        f's3 = boto3.client(\n    "s3",\n    aws_access_key_id="{k}",\n    aws_secret_access_key="{s}",\n    region_name="eu-central-1",\n)\n'
        's3.upload_file("rechnung.pdf", "buchhaltung-archiv", "2025/03/rechnung.pdf")\n```',
        k,
        s,
    )
    k, s = aws_kid("ASIA"), aws_sk()
    tok = "IQoJb3JpZ2luX2VjE" + rs(B64, 330) + "=="
    S(
        "aws_session_token",
        "shell_history",
        "aws sts assume-role gave me these, but terraform still says ExpiredToken after 10 minutes?\n\n"
        f"export AWS_ACCESS_KEY_ID={k}\nexport AWS_SECRET_ACCESS_KEY={s}\nexport AWS_SESSION_TOKEN={tok}\n",
        k,
        s,
        tok,
    )
    k, sig = aws_kid(), hx(64)
    url = (
        f"https://quarterly-reports-7731.s3.eu-west-1.amazonaws.com/2025/Q1/board-pack.pdf?X-Amz-Algorithm=AWS4-HMAC-SHA256"
        f"&X-Amz-Credential={k}%2F20250312%2Feu-west-1%2Fs3%2Faws4_request&X-Amz-Date=20250312T101500Z&X-Amz-Expires=604800"
        f"&X-Amz-SignedHeaders=host&X-Amz-Signature={sig}"
    )
    S(
        "aws_presigned_url",
        "url",
        f"the link I sent to the board expires in 7 days, can I make it longer? {url}",
        k,
        sig,
    )

    # GCP
    der = bytes.fromhex(
        "308204bd020100300d06092a864886f70d0101010500048204a7308204a30201000282010100"
    ) + rb(1181)
    block, lines = pem("PRIVATE KEY", der)
    kid = hx(40)
    sa = {
        "type": "service_account",
        "project_id": "ledger-sync-412907",
        "private_key_id": kid,
        "private_key": block + "\n",
        "client_email": "ledger-sync@ledger-sync-412907.iam.gserviceaccount.com",
        "client_id": dg(21),
        "auth_uri": "https://accounts.google.com/o/oauth2/auth",
        "token_uri": "https://oauth2.googleapis.com/token",
        "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
        "universe_domain": "googleapis.com",
    }
    S(
        "gcp_service_account",
        "json",
        "Google says 'invalid_grant: Invalid JWT Signature' with this key file, did I copy it wrong?\n\n"
        + json.dumps(sa, indent=2),
        kid,
        *lines,
    )
    key = "AIza" + rs(B64U, 35)
    S(
        "gcp_api_key",
        "shell_history",
        f'curl "https://generativelanguage.googleapis.com/v1beta/models/gemini-1.5-flash:generateContent?key={key}" \\\n  -H "Content-Type: application/json" \\\n'
        '  -d \'{"contents":[{"parts":[{"text":"Summarise this changelog"}]}]}\'\n# 429 RESOURCE_EXHAUSTED every second call',
        key,
    )
    cs, rt, at = "GOCSPX-" + rs(B64U, 28), "1//0g" + rs(B64U, 98), "ya29.a0" + rs(B64U, 180)
    S(
        "gcp_oauth_secret",
        "json",
        "token.json after the OAuth flow. The refresh stops working after 7 days, is that the 'testing' publishing status?\n\n"
        + json.dumps(
            {
                "token": at,
                "refresh_token": rt,
                "token_uri": "https://oauth2.googleapis.com/token",
                "client_id": f"{dg(12)}-{rs(LO + DG, 32)}.apps.googleusercontent.com",
                "client_secret": cs,
                "scopes": ["https://www.googleapis.com/auth/drive.readonly"],
                "expiry": "2025-03-12T11:42:07.118213Z",
            },
            indent=2,
        ),
        cs,
        rt,
        at,
    )

    # Azure
    acct_key = b64e(rb(64))
    S(
        "azure_storage_key",
        "json",
        'appsettings.Production.json — the blob upload works locally but not in the App Service:\n\n```json\n{\n  "Logging": { "LogLevel": { "Default": "Warning" } },\n'
        f'  "ConnectionStrings": {{\n    "Blob": "DefaultEndpointsProtocol=https;AccountName=invoicestorageprod;AccountKey={acct_key};EndpointSuffix=core.windows.net"\n  }}\n}}\n```',
        acct_key,
    )
    sec = rs(AN, 3) + dg(1) + "Q~" + rs(AN + "-_.~", 34)
    S(
        "azure_client_secret",
        "shell_history",
        f"az login --service-principal -u {uuid4()} -p '{sec}' --tenant {uuid4()}\nAADSTS7000215: Invalid client secret provided.",
        sec,
    )
    sig = urllib.parse.quote(b64e(rb(32)), safe="")
    S(
        "azure_sas_token",
        "url",
        "De SAS-link werkt niet meer in Power BI, klopt de expiry?\n"
        f"https://exportsnl.blob.core.windows.net/maandrapport/export.csv?sv=2022-11-02&ss=b&srt=o&sp=r&se=2025-06-30T21:59:59Z&st=2025-03-01T08:00:00Z&spr=https&sig={sig}",
        sig,
    )
    pat = rs(LO + "234567", 52)
    S(
        "azure_devops_pat",
        "shell_history",
        f"git clone https://build:{pat}@dev.azure.com/contoso-logistik/Plattform/_git/lager-api\nfatal: Authentication failed",
        pat,
    )
    k = hx(32)
    S(
        "azure_openai_key",
        "shell_history",
        'curl "https://westeurope-gpt.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-06-01" \\\n'
        f'  -H "api-key: {k}" -H "Content-Type: application/json" -d @body.json',
        k,
    )
    hook = f"https://fabrikamgmbh.webhook.office.com/webhookb2/{uuid4()}@{uuid4()}/IncomingWebhook/{hx(32)}/{uuid4()}"
    S(
        "teams_webhook",
        "python_code",
        f'import requests\n\nWEBHOOK = "{hook}"\nrequests.post(WEBHOOK, json={{"text": "Nightly build failed"}})',
        hook,
    )


def secrets_dev() -> None:
    t = "ghp_" + rs(AN, 36)
    S(
        "github_token",
        "chat",
        f"meu token {t} parou de funcionar depois que ativei o SSO da organização, preciso gerar outro?",
        t,
    )
    t = "github_pat_" + rs(AN, 22) + "_" + rs(AN, 59)
    S(
        "github_token",
        "dotenv",
        f"# .env.local\nGITHUB_TOKEN={t}\nGITHUB_OWNER=platform-team\nGITHUB_REPO=infra-live\n",
        t,
    )
    t = "ghs_" + rs(AN, 36)
    S(
        "github_token",
        "log_line",
        f"2025-03-12T08:14:55.2031Z [command]/usr/bin/git remote set-url origin https://x-access-token:{t}@github.com/acme-robotics/firmware.git",
        t,
    )
    t = "gho_" + rs(AN, 36)
    S(
        "github_token",
        "shell_history",
        f"$ gh auth status -t\ngithub.com\n  ✓ Logged in to github.com account octo-builder (keyring)\n  - Active account: true\n  - Git operations protocol: https\n  - Token: {t}\n  - Token scopes: 'gist', 'read:org', 'repo', 'workflow'",
        t,
    )
    t = "glpat-" + rs(B64U, 20)
    S(
        "gitlab_token",
        "shell_history",
        f'curl --header "PRIVATE-TOKEN: {t}" "https://gitlab.com/api/v4/projects/48213977/pipelines?status=failed"',
        t,
    )
    t = "glrt-" + rs(B64U, 20)
    S(
        "gitlab_runner_token",
        "toml",
        'concurrent = 4\n\n[[runners]]\n  name = "hetzner-docker-1"\n  url = "https://gitlab.com"\n'
        f'  token = "{t}"\n  executor = "docker"\n  [runners.docker]\n    image = "alpine:3.19"\n    privileged = true\n',
        t,
    )
    t = "ATBB" + rs(AN, 32)
    S(
        "bitbucket_app_password",
        "chat",
        f"Bitbucket rejects my push. I used the app password ATBB... no wait here it is: {t} with my username. Is the scope 'repository:write' enough?",
        t,
    )
    t = "ATATT3xFfGF0" + rs(B64U, 170) + "=" + hx(8).upper()
    S(
        "atlassian_api_token",
        "shell_history",
        f"curl -s -u jira-automation@nordlicht-software.de:{t} \\\n  'https://nordlicht.atlassian.net/rest/api/3/search?jql=project=OPS'",
        t,
    )
    t = f"xoxb-{dg(13)}-{dg(13)}-{rs(AN, 24)}"
    S(
        "slack_token",
        "python_code",
        f'from slack_sdk import WebClient\n\nclient = WebClient(token="{t}")\nclient.chat_postMessage(channel="#deploys", text="v2.3.1 is live")\n# -> not_in_channel ??',
        t,
    )
    hook = f"https://hooks.slack.com/services/T{rs(UP + DG, 10)}/B{rs(UP + DG, 10)}/{rs(AN, 24)}"
    S(
        "slack_webhook",
        "shell_history",
        f"curl -X POST -H 'Content-type: application/json' --data '{{\"text\":\"Backup finished\"}}' {hook}",
        hook,
    )
    t1, t2, t3 = (
        f"xapp-1-A{rs(UP + DG, 10)}-{dg(13)}-{hx(64)}",
        f"xoxp-{dg(12)}-{dg(12)}-{dg(13)}-{hx(32)}",
        hx(32),
    )
    S(
        "slack_token",
        "dotenv",
        f"SLACK_APP_TOKEN={t1}\nSLACK_USER_TOKEN={t2}\nSLACK_SIGNING_SECRET={t3}\n",
        t1,
        t2,
        t3,
    )
    t = "npm_" + rs(AN, 36)
    S(
        "npm_token",
        "config_file",
        f"# ~/.npmrc\n//registry.npmjs.org/:_authToken={t}\n@acme:registry=https://npm.pkg.github.com\nsave-exact=true\n",
        t,
    )
    t = "pypi-AgEIcHlwaS5vcmcCJ" + rs(B64U, 160)
    S(
        "pypi_token",
        "config_file",
        f"[distutils]\nindex-servers =\n    pypi\n\n[pypi]\nusername = __token__\npassword = {t}\n",
        t,
    )
    t = "dckr_pat_" + rs(B64U, 27)
    S(
        "dockerhub_token",
        "shell_history",
        f"echo {t} | docker login -u rheinwerk-ci --password-stdin\nError response from daemon: unauthorized",
        t,
    )
    pw = human_pw()
    auth = b64e(f"rheinwerk-ci:{pw}".encode())
    S(
        "docker_config_auth",
        "json",
        'cat ~/.docker/config.json\n{\n  "auths": {\n    "https://index.docker.io/v1/": {\n'
        f'      "auth": "{auth}"\n    }}\n  }},\n  "credsStore": ""\n}}',
        auth,
    )
    t = uuid4()
    S(
        "heroku_api_key",
        "config_file",
        f"# ~/.netrc\nmachine api.heroku.com\n  login deploy@kassenbuch.app\n  password {t}\nmachine git.heroku.com\n  login deploy@kassenbuch.app\n  password {t}\n",
        t,
    )
    t = "dop_v1_" + hx(64)
    S(
        "digitalocean_token",
        "shell_history",
        f"doctl auth init --access-token {t}\nError: Unable to use supplied token to access API",
        t,
    )
    t = rs(B64U, 40)
    S(
        "cloudflare_token",
        "yaml",
        '      - name: Purge cache\n        run: |\n          curl -X POST "https://api.cloudflare.com/client/v4/zones/$ZONE/purge_cache" \\\n'
        f'            -H "Authorization: Bearer {t}" \\\n            --data \'{{"purge_everything":true}}\'',
        t,
    )
    t = hx(37)
    S(
        "cloudflare_global_key",
        "shell_history",
        f"curl https://api.cloudflare.com/client/v4/user -H 'X-Auth-Email: hostmaster@alpenblick-hotel.at' -H 'X-Auth-Key: {t}'",
        t,
    )


def secrets_saas() -> None:
    t = "sk_live_51" + rs(AN, 96)
    S(
        "stripe_secret_key",
        "php",
        f"<?php\nrequire 'vendor/autoload.php';\n\\Stripe\\Stripe::setApiKey('{t}');\n$session = \\Stripe\\Checkout\\Session::create([\n  'mode' => 'payment',\n  'line_items' => [['price' => 'price_1PqR2sT3uV4', 'quantity' => 1]],\n]);",
        t,
    )
    t = "rk_live_51" + rs(AN, 96)
    S(
        "stripe_restricted_key",
        "javascript",
        f"const stripe = require('stripe')('{t}');\n\nconst refunds = await stripe.refunds.list({{ limit: 20 }});\n// Error: The provided key does not have the required permissions",
        t,
    )
    t = "whsec_" + rs(AN, 32)
    S(
        "stripe_webhook_secret",
        "shell_history",
        f"$ stripe listen --forward-to localhost:4242/webhook\n> Ready! You are using Stripe API Version [2024-06-20]. Your webhook signing secret is {t} (^C to quit)",
        t,
    )
    t = "sk-proj-" + rs(B64U, 74) + "T3BlbkFJ" + rs(B64U, 74)
    S(
        "openai_key",
        "python_code",
        f'from openai import OpenAI\n\nclient = OpenAI(api_key="{t}")\nresp = client.chat.completions.create(model="gpt-4o-mini", messages=[{{"role": "user", "content": "hi"}}])',
        t,
    )
    t = "sk-svcacct-" + rs(B64U, 74) + "T3BlbkFJ" + rs(B64U, 74)
    S(
        "openai_key",
        "yaml",
        f'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: summarizer-config\ndata:\n  MODEL: gpt-4o\n  OPENAI_API_KEY: "{t}"\n',
        t,
    )
    t = "sk-proj-" + rs(B64U, 74) + "T3BlbkFJ" + rs(B64U, 74)
    p1, p2, p3 = t[:75], t[75:150], t[150:]
    S(
        "openai_key_wrapped",
        "email_paste",
        "Betreff: Zugang für das Praktikum\n\nHallo,\n\nhier wie besprochen der API-Schlüssel für das Projekt (bitte nicht weitergeben):\n\n"
        f"{p1}=\n{p2}=\n{p3}\n\nViele Grüße\nIT-Support",
        p1,
        p2,
        p3,
    )
    t = "sk-ant-api03-" + rs(B64U, 93) + "AA"
    S(
        "anthropic_key",
        "shell_history",
        f'curl https://api.anthropic.com/v1/messages \\\n  -H "x-api-key: {t}" \\\n  -H "anthropic-version: 2023-06-01" \\\n  -H "content-type: application/json" \\\n  -d @req.json',
        t,
    )
    t = "sk-ant-api03-" + rs(B64U, 93) + "AA"
    S("anthropic_key", "chat", f"このキーで401が返ってきます。期限切れでしょうか？ {t}", t)
    t = "hf_" + rs(UP + LO, 34)
    S(
        "huggingface_token",
        "chat",
        f"허깅페이스 토큰 {t} 로 모델 업로드하면 권한 오류가 나요. write 권한이 필요한가요?",
        t,
    )
    t = "hf_" + rs(UP + LO, 34)
    S(
        "huggingface_token",
        "shell_history",
        f"git remote add hub https://ml-lab:{t}@huggingface.co/ml-lab/ner-legal-de\ngit push hub main",
        t,
    )
    sid, tok = "AC" + hx(32), hx(32)
    S(
        "twilio_auth_token",
        "python_code",
        f'from twilio.rest import Client\n\naccount_sid = "{sid}"\nauth_token = "{tok}"\nclient = Client(account_sid, auth_token)\n',
        tok,
    )
    t = "SG." + rs(B64U, 22) + "." + rs(B64U, 43)
    S(
        "sendgrid_key",
        "chat",
        f"J'ai mis SENDGRID_API_KEY={t} dans Heroku mais les mails partent en spam, une idée ?",
        t,
    )
    t = "key-" + hx(32)
    S(
        "mailgun_key",
        "python_code",
        f'requests.post(\n    "https://api.eu.mailgun.net/v3/mg.weinhandel-moser.at/messages",\n    auth=("api", "{t}"),\n    data={{"from": "Shop <shop@mg.weinhandel-moser.at>", "to": recipients, "subject": subject, "text": body}},\n)',
        t,
    )
    t = uuid4()
    S(
        "postmark_token",
        "http",
        f'POST /email HTTP/1.1\nHost: api.postmarkapp.com\nAccept: application/json\nContent-Type: application/json\nX-Postmark-Server-Token: {t}\n\n{{"From": "noreply@tierarzt-bergmann.de", "To": "...", "Subject": "Terminerinnerung"}}',
        t,
    )
    a, b = hx(32), hx(40)
    S(
        "datadog_key",
        "yaml",
        f"# values.yaml for the datadog helm chart\ndatadog:\n  apiKey: {a}\n  appKey: {b}\n  site: datadoghq.eu\n  logs:\n    enabled: true\n    containerCollectAll: true\n",
        a,
        b,
    )
    k = hx(32)
    S(
        "sentry_dsn",
        "javascript",
        f'Sentry.init({{\n  dsn: "https://{k}@o{dg(6)}.ingest.de.sentry.io/{dg(16)}",\n  tracesSampleRate: 0.2,\n  environment: "production",\n}});',
        k,
    )
    body = b64u(
        json.dumps(
            {
                "iat": 1710241234.5,
                "url": "https://sentry.io",
                "region_url": "https://de.sentry.io",
                "org": "kiwi-ui",
            }
        ).encode()
    )
    t = f"sntrys_{body}_{rs(B64U, 43)}"
    S(
        "sentry_auth_token",
        "config_file",
        f"# .sentryclirc\n[auth]\ntoken={t}\n\n[defaults]\norg=kiwi-ui\nproject=web\n",
        t,
    )
    t = "AAAA" + rs(B64U, 7) + ":APA91b" + rs(B64U, 134)
    S(
        "firebase_server_key",
        "shell_history",
        f'curl -X POST -H "Authorization: key={t}" -H "Content-Type: application/json" \\\n  -d \'{{"to":"/topics/news","notification":{{"title":"Update"}}}}\' https://fcm.googleapis.com/fcm/send',
        t,
    )
    der = bytes.fromhex(
        "308204be020100300d06092a864886f70d0101010500048204a8308204a40201000282010100"
    ) + rb(300)
    block, lines = pem("PRIVATE KEY", der)
    kid = hx(40)
    S(
        "firebase_service_account",
        "python_code",
        'cred = credentials.Certificate({\n    "type": "service_account",\n    "project_id": "lernapp-prod",\n'
        f'    "private_key_id": "{kid}",\n    "private_key": """{block}""",\n    "client_email": "firebase-adminsdk-x1y2z@lernapp-prod.iam.gserviceaccount.com",\n}})\nfirebase_admin.initialize_app(cred)',
        kid,
        *lines,
    )
    ref = rs(LO, 20)
    t = jwt(
        {
            "iss": "supabase",
            "ref": ref,
            "role": "service_role",
            "iat": 1709913622,
            "exp": 2025489622,
        }
    )
    S(
        "supabase_service_key",
        "dotenv",
        f"NEXT_PUBLIC_SUPABASE_URL=https://{ref}.supabase.co\nSUPABASE_SERVICE_ROLE_KEY={t}\n",
        t,
    )
    t = "sbp_" + hx(40)
    S(
        "supabase_access_token",
        "shell_history",
        f"SUPABASE_ACCESS_TOKEN={t} supabase db push --linked",
        t,
    )
    t = "shpat_" + hx(32)
    S(
        "shopify_token",
        "python_code",
        f'headers = {{"X-Shopify-Access-Token": "{t}"}}\nr = requests.get("https://kaffeerösterei-nord.myshopify.com/admin/api/2024-04/orders.json?status=any", headers=headers)',
        t,
    )
    t = "EAAA" + rs(B64U, 60)
    S(
        "square_token",
        "shell_history",
        f"curl https://connect.squareup.com/v2/locations \\\n  -H 'Square-Version: 2024-05-15' \\\n  -H 'Authorization: Bearer {t}'",
        t,
    )
    t = "sq0csp-" + rs(B64U, 43)
    S(
        "square_oauth_secret",
        "config_file",
        f"[square]\napplication_id = sq0idp-{rs(B64U, 22)}\napplication_secret = {t}\nenvironment = production\n",
        t,
    )
    cid, sec = "A" + rs(B64U, 79), "E" + rs(B64U, 79)
    S(
        "paypal_client_secret",
        "dotenv",
        f"PAYPAL_MODE=live\nPAYPAL_CLIENT_ID={cid}\nPAYPAL_CLIENT_SECRET={sec}\n",
        sec,
    )


def secrets_other_saas() -> None:
    bot = f"{b64u(dg(18).encode())}.{rs(B64U, 6)}.{rs(B64U, 38)}"
    S(
        "discord_bot_token",
        "python_code",
        f"import discord\n\nclient = discord.Client(intents=discord.Intents.default())\nclient.run('{bot}')",
        bot,
    )
    hook = f"https://discord.com/api/webhooks/{dg(19)}/{rs(B64U, 68)}"
    S(
        "discord_webhook",
        "chat",
        f"Mein Minecraft-Server soll in Discord posten, der Webhook ist {hook} – geht das mit Python?",
        hook,
    )
    t = f"{dg(10)}:AA{rs(B64U, 33)}"
    S(
        "telegram_bot_token",
        "url",
        f"https://api.telegram.org/bot{t}/sendMessage?chat_id=-100{dg(10)}&text=Server%20down",
        t,
    )
    t = "hvs." + rs(AN + "_-", 92)
    S(
        "vault_token",
        "shell_history",
        f"export VAULT_ADDR=https://vault.intern.hafenlogistik.de:8200\nexport VAULT_TOKEN={t}\nvault kv get secret/zoll/edi",
        t,
    )
    t = f"{rs(AN, 14)}.atlasv1.{rs(AN, 67)}"
    S(
        "terraform_cloud_token",
        "config_file",
        f'# ~/.terraform.d/credentials.tfrc.json\n{{\n  "credentials": {{\n    "app.terraform.io": {{\n      "token": "{t}"\n    }}\n  }}\n}}',
        t,
    )
    t = f"glsa_{rs(AN, 32)}_{hx(8)}"
    S(
        "grafana_token",
        "http",
        f"GET /api/dashboards/uid/node-exporter HTTP/1.1\nHost: grafana.monitoring.svc\nAuthorization: Bearer {t}\n",
        t,
    )
    t = "NRAK-" + rs(UP + DG, 27)
    S(
        "newrelic_key",
        "chat",
        f"New Relic NerdGraph gibt 'Invalid API key' zurück. Ich nutze {t} als API-Key im Header.",
        t,
    )
    t = "dapi" + hx(32)
    S(
        "databricks_token",
        "config_file",
        f"[DEFAULT]\nhost  = https://adb-{dg(16)}.7.azuredatabricks.net\ntoken = {t}\n",
        t,
    )
    t = "ntn_" + dg(11) + rs(AN, 35)
    S(
        "notion_token",
        "python_code",
        f'notion = Client(auth="{t}")\ndb = notion.databases.query(database_id="{hx(32)}")',
        t,
    )
    t = "r8_" + rs(AN, 37)
    S(
        "replicate_token",
        "shell_history",
        f"export REPLICATE_API_TOKEN={t}\npython generate.py --prompt 'isometric lighthouse'",
        t,
    )
    t = f"tskey-auth-{rs(AN, 11)}CNTRL-{rs(AN, 33)}"
    S("tailscale_key", "shell_history", f"sudo tailscale up --authkey={t} --advertise-exit-node", t)
    t = f"2{rs(AN, 26)}_{rs(AN, 21)}"
    S(
        "ngrok_token",
        "shell_history",
        f"ngrok config add-authtoken {t}\nAuthtoken saved to configuration file: /root/.config/ngrok/ngrok.yml",
        t,
    )
    k = hx(32)
    S(
        "kaggle_key",
        "jupyter",
        f'In [3]: !cat ~/.kaggle/kaggle.json\n{{"username":"datawrangler88","key":"{k}"}}\n\nIn [4]: !kaggle competitions download -c titanic\n403 - Forbidden',
        k,
    )
    t = "sk.eyJ1Ijoi" + rs(B64U, 50) + "." + rs(B64U, 22)
    S(
        "mapbox_secret_token",
        "config_file",
        f"# gradle.properties\nMAPBOX_DOWNLOADS_TOKEN={t}\norg.gradle.jvmargs=-Xmx2048m\n",
        t,
    )
    t = "00" + rs(B64U, 40)
    S(
        "okta_token",
        "http",
        f"GET /api/v1/users?limit=25 HTTP/1.1\nHost: bergbahn.okta.com\nAccept: application/json\nAuthorization: SSWS {t}\n",
        t,
    )
    t = hx(40)
    S(
        "wandb_key",
        "shell_history",
        f"wandb login {t}\nwandb: Appending key for api.wandb.ai to your netrc file: /root/.netrc",
        t,
    )


def secrets_auth() -> None:
    t = jwt(
        {
            "sub": uuid4(),
            "email_verified": True,
            "iss": "https://auth.lernplattform.de/realms/schule",
            "aud": "web",
            "iat": 1710238800,
            "exp": 1710242400,
            "scope": "openid profile",
        },
        "RS256",
        342,
    )
    S(
        "jwt",
        "shell_history",
        f"curl -s https://api.lernplattform.de/v2/kurse -H 'Authorization: Bearer {t}' | jq '.items | length'\n0\n# why empty? the token looks valid on jwt.io",
        t,
    )
    t = jwt({"uid": dg(7), "role": "admin", "tenant": "zuerich-ost", "iat": 1710150000})
    S(
        "jwt",
        "javascript",
        f'> localStorage.getItem(\'auth\')\n\'{{"accessToken":"{t}","expiresIn":3600}}\'\n\nDevTools console output — can you tell why the admin menu doesn\'t show?',
        t,
    )
    t = jwt(
        {
            "sub": uuid4(),
            "iss": "https://cognito-idp.eu-central-1.amazonaws.com/eu-central-1_" + rs(AN, 9),
            "token_use": "access",
            "client_id": rs(LO + DG, 26),
            "exp": 1710245000,
        },
        "RS256",
        342,
    )
    parts = wrap(t, 80)
    S(
        "jwt_wrapped",
        "shell_history",
        "copied from my terminal (it wrapped at 80 columns):\n\n$ echo $ACCESS_TOKEN\n"
        + "\n".join(parts)
        + "\n$",
        *[x for x in parts if len(x) >= 6],
    )
    t = rs(AN, 40)
    S(
        "bearer_token",
        "http",
        f"GET /v1/shipments?status=in_transit HTTP/1.1\nHost: api.paketdienst-partner.de\nAuthorization: Bearer {t}\nAccept: application/json\nUser-Agent: PostmanRuntime/7.37.0\n",
        t,
    )
    pw = url_pw()
    basic = b64e(f"integration:{pw}".encode())
    S(
        "basic_auth",
        "http",
        f'POST /soap/OrderService HTTP/1.1\nHost: erp.grosshandel-weber.de\nContent-Type: text/xml; charset=utf-8\nAuthorization: Basic {basic}\nSOAPAction: "createOrder"\n',
        basic,
    )
    pw = url_pw()
    S(
        "basic_auth_url",
        "url",
        f"the camera stream opens fine in VLC with rtsp://admin:{pw}@192.168.178.44:554/stream1 but not in Home Assistant",
        pw,
    )
    pw = human_pw()
    S(
        "basic_auth",
        "shell_history",
        f"curl -u 'jenkins:{pw}' -X POST https://ci.kraftwerk-software.de/job/release/buildWithParameters?VERSION=4.2.0",
        pw,
    )
    s = rs(LO + DG, 32)
    S(
        "session_cookie",
        "http",
        f"GET /admin/orders/ HTTP/1.1\nHost: shop.blumen-lindner.de\nCookie: csrftoken={rs(AN, 32)}; sessionid={s}; cookie_consent=all\nReferer: https://shop.blumen-lindner.de/admin/\n",
        s,
    )
    s = "s%3A" + rs(B64U, 32) + "." + urllib.parse.quote(b64e(rb(32)).rstrip("="), safe="")
    S(
        "session_cookie",
        "har",
        json.dumps(
            {
                "name": "set-cookie",
                "value": f"connect.sid={s}; Path=/; Expires=Thu, 13 Mar 2025 10:12:44 GMT; HttpOnly; Secure; SameSite=Lax",
            },
            indent=2,
        ),
        s,
    )


def secrets_keys() -> None:
    der = bytes.fromhex("3082025d02010002818100") + rb(598)
    block, lines = pem("RSA PRIVATE KEY", der)
    S(
        "private_key_rsa",
        "chat",
        "Paramiko sagt 'not a valid RSA private key file'. Der Key:\n\n"
        + block
        + "\n\nWas ist falsch?",
        *lines,
    )
    der = bytes.fromhex("3082025d02010002818100") + rb(598)
    dek = hx(32).upper()
    block, lines = pem("RSA PRIVATE KEY", der)
    block = block.replace(
        "-----\n", f"-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,{dek}\n\n", 1
    )
    S(
        "private_key_rsa_encrypted",
        "config_file",
        "server.key from the old Apache box, I have the passphrase but nginx can't read it:\n"
        + block,
        *lines,
    )
    der = (
        bytes.fromhex("30770201010420")
        + rb(32)
        + bytes.fromhex("a00a06082a8648ce3d030107a14403420004")
        + rb(64)
    )
    block, lines = pem("EC PRIVATE KEY", der)
    S(
        "private_key_ec",
        "yaml",
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: apns-signing\ntype: Opaque\nstringData:\n  key.pem: |\n"
        + "\n".join("    " + ln for ln in block.splitlines())
        + "\n",
        *lines,
    )
    der = (
        bytes.fromhex("308187020100301306072a8648ce3d020106082a8648ce3d030107046d306b0201010420")
        + rb(32)
        + bytes.fromhex("a144034200")
        + b"\x04"
        + rb(64)
    )
    block, lines = pem("PRIVATE KEY", der)
    S(
        "private_key_pkcs8",
        "chat",
        "Apple Sign In .p8 Datei, ich bekomme 'invalid_client'. Inhalt:\n"
        + block
        + "\nKey ID ist "
        + rs(UP + DG, 10)
        + ".",
        *lines,
    )
    der = bytes.fromhex("302e020100300506032b657004220420") + rb(32)
    block, lines = pem("PRIVATE KEY", der)
    S(
        "private_key_ed25519",
        "python_code",
        f'SIGNING_KEY_PEM = b"""{block}"""\n\nkey = serialization.load_pem_private_key(SIGNING_KEY_PEM, password=None)',
        *lines,
    )
    der = (
        bytes.fromhex("308201")
        + rb(1)
        + bytes.fromhex("305e06092a864886f70d01050d3051303006092a864886f70d01050c3023")
        + rb(300)
    )
    block, lines = pem("ENCRYPTED PRIVATE KEY", der)
    S(
        "private_key_encrypted",
        "chat",
        "openssl says 'bad decrypt' with this one, is the passphrase wrong or the format?\n"
        + block,
        *lines,
    )
    der = bytes.fromhex("308201bb02010002818100") + rb(430)
    block, lines = pem("DSA PRIVATE KEY", der)
    S(
        "private_key_dsa",
        "shell_history",
        "$ cat /etc/ssh/ssh_host_dsa_key\n"
        + block
        + "\n$ # still on this old CentOS 6 box, should I remove it?",
        *lines,
    )
    block, lines = openssh_ed25519("deploy@ci-runner-3")
    S(
        "ssh_private_key",
        "shell_history",
        "$ cat ~/.ssh/id_ed25519\n"
        + block
        + "\n$ ssh -T git@github.com\ngit@github.com: Permission denied (publickey).",
        *lines,
    )
    block, lines = openssh_ed25519("backup@nas")
    S(
        "ssh_private_key",
        "yaml",
        "      - name: Setup SSH\n        run: |\n          mkdir -p ~/.ssh\n          cat > ~/.ssh/id_ed25519 <<'KEY'\n"
        + "\n".join("          " + ln for ln in block.splitlines())
        + "\n          KEY\n          chmod 600 ~/.ssh/id_ed25519\n",
        *lines,
    )
    priv, mac_ = b64e(rb(36)), hx(64)
    S(
        "putty_private_key",
        "config_file",
        "PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: eddsa-key-20240312\nPublic-Lines: 2\n"
        f"{b64e(bytes.fromhex('0000000b7373682d6564323535313900000020') + rb(32))[:64]}\n{rs(B64, 4)}\nPrivate-Lines: 1\n{priv}\nPrivate-MAC: {mac_}\n",
        priv,
        mac_,
    )
    der = bytes([0x95, 0x03, 0xC6, 0x04]) + rb(900)
    lines = wrap(b64e(der), 64)
    crc = "=" + rs(B64, 4)
    block = (
        "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n"
        + "\n".join(lines)
        + f"\n{crc}\n-----END PGP PRIVATE KEY BLOCK-----"
    )
    S(
        "pgp_private_key",
        "email_paste",
        "Hi,\n\nbefore I leave for parental leave, here is the release signing key so you can sign 3.4.0. Passphrase comes by SMS.\n\n"
        + block
        + "\n\nCheers",
        *[x for x in lines if len(x) >= 6],
    )


PROSE = [
    (
        "en",
        "chat",
        "my password for the staging box is {pw}, can you check why ssh keeps rejecting it? I've typed it ten times",
    ),
    (
        "de",
        "chat",
        "Mein WLAN-Passwort ist {pw}, aber der neue Laptop verbindet sich trotzdem nicht. Woran kann das liegen?",
    ),
    (
        "fr",
        "chat",
        "Le mot de passe du compte admin WordPress est {pw}, mais la page de connexion me renvoie toujours vers /wp-admin.",
    ),
    (
        "es",
        "chat",
        "la contraseña del router es {pw} pero la app de la operadora dice que es incorrecta, ¿qué hago?",
    ),
    (
        "nl",
        "chat",
        "Het wachtwoord van de gedeelde mailbox is {pw}, kun je een Outlook-regel maken die facturen doorstuurt?",
    ),
    ("it", "chat", "la password del NAS è {pw}, come faccio a montarlo su Ubuntu con cifs?"),
    (
        "pt",
        "chat",
        "A senha do servidor FTP é {pw} e o usuário é site01. O FileZilla dá timeout, o que pode ser?",
    ),
    (
        "pl",
        "chat",
        "hasło do bazy to {pw}, a użytkownik to raporty. Jak ustawić to w DBeaverze, żeby nie pytał za każdym razem?",
    ),
    (
        "sv",
        "chat",
        "lösenordet till routern är {pw} men jag kommer inte in på 192.168.1.1, vad gör jag fel?",
    ),
    (
        "da",
        "chat",
        "Adgangskoden til vores fælles Dropbox er {pw}. Kan du skrive en mail til kollegerne, der forklarer den nye mappestruktur?",
    ),
    (
        "cs",
        "chat",
        "Heslo k účtu je {pw}, ale Gmail mi pořád píše, že přihlášení bylo zablokováno. Proč?",
    ),
    (
        "tr",
        "chat",
        "Modem arayüzünün şifresi {pw}, ama giriş yapınca sayfa boş geliyor. Ne yapmalıyım?",
    ),
    ("ja", "chat", "社内VPNのパスワードは {pw} です。接続はできるのに社内サイトが開けません。"),
    ("ko", "chat", "공유기 관리자 비밀번호는 {pw} 인데 로그인하면 계속 튕겨요. 초기화해야 하나요?"),
    (
        "en",
        "email_paste",
        "From: IT Helpdesk\nSubject: Your temporary password\n\nHello,\n\nyour account has been reset. Temporary password: {pw}\nYou will be asked to change it at first login.\n\nIT Helpdesk",
    ),
]


def secrets_passwords() -> None:
    for _lang, ctx, tmpl in PROSE:
        pw = human_pw()
        S("password_prose", ctx, tmpl.format(pw=pw), pw)

    pw = url_pw()
    S(
        "password_connection_string",
        "python_code",
        f'engine = create_engine("postgresql+psycopg://orders_rw:{pw}@db-prod.cluster-c7x.eu-central-1.rds.amazonaws.com:5432/orders")',
        pw,
    )
    pw = url_pw()
    S(
        "password_connection_string",
        "dotenv",
        f"MONGODB_URI=mongodb+srv://appuser:{pw}@cluster0.x8kq2.mongodb.net/shop?retryWrites=true&w=majority",
        pw,
    )
    pw = url_pw()
    S(
        "password_connection_string",
        "log_line",
        f"2025-03-12 09:41:07,118 ERROR redis.exceptions.ConnectionError: Error connecting to redis://default:{pw}@redis-14211.c250.eu-central-1-1.ec2.cloud.redislabs.com:14211/0",
        pw,
    )
    pw = human_pw()
    S(
        "password_cli",
        "shell_history",
        f"mysql -h 10.0.3.21 -u root -p'{pw}' shop -e 'SHOW PROCESSLIST'",
        pw,
    )
    pw = human_pw()
    S(
        "password_sql",
        "sql",
        f"CREATE USER reporting WITH PASSWORD '{pw}';\nGRANT CONNECT ON DATABASE analytics TO reporting;\nGRANT SELECT ON ALL TABLES IN SCHEMA public TO reporting;",
        pw,
    )
    pw = url_pw()
    S(
        "password_jdbc",
        "config_file",
        f"spring.datasource.url=jdbc:sqlserver://sql01.corp.local:1433;databaseName=Lohn;encrypt=true;trustServerCertificate=true\nspring.datasource.username=lohn_app\nspring.datasource.password={pw}\nspring.jpa.hibernate.ddl-auto=validate",
        pw,
    )
    pw, root = url_pw(), url_pw()
    S(
        "password_compose",
        "yaml",
        f"services:\n  db:\n    image: mariadb:11.3\n    environment:\n      MARIADB_ROOT_PASSWORD: {root}\n      MARIADB_DATABASE: nextcloud\n      MARIADB_USER: nextcloud\n      MARIADB_PASSWORD: {pw}\n    volumes:\n      - db:/var/lib/mysql\n",
        root,
        pw,
    )
    pw = url_pw()
    S(
        "password_php",
        "php",
        f"define( 'DB_NAME', 'wp_vereinsheim' );\ndefine( 'DB_USER', 'wp_user' );\ndefine( 'DB_PASSWORD', '{pw}' );\ndefine( 'DB_HOST', 'localhost' );",
        pw,
    )
    pw = human_pw()
    S(
        "password_windows",
        "shell_history",
        f"C:\\> net use Z: \\\\fileserver01\\Buchhaltung /user:KANZLEI\\scanner {pw} /persistent:yes\nSystem error 1326 has occurred.",
        pw,
    )
    pw = human_pw()
    S(
        "password_ansible",
        "yaml",
        f"all:\n  hosts:\n    pi-garage:\n      ansible_host: 192.168.2.40\n      ansible_user: pi\n      ansible_become_pass: '{pw}'\n",
        pw,
    )
    h = "$2y$12$" + rs(AN + "./", 53)
    S(
        "password_hash",
        "csv",
        f"id,username,password_hash,created_at\n1,admin,{h},2023-11-02 10:14:00\n",
        h,
    )
    pw = human_pw()
    b = b64e(pw.encode())
    S(
        "k8s_secret",
        "yaml",
        f"apiVersion: v1\nkind: Secret\nmetadata:\n  name: smtp-credentials\n  namespace: mailer\ntype: Opaque\ndata:\n  username: {b64e(b'notifications')}\n  password: {b}\n",
        b,
    )


def secrets_crypto() -> None:
    k = rs(LO + DG + "!@#$%^&*(-_=+)", 50)
    S(
        "django_secret_key",
        "python_code",
        f"# settings/production.py\nDEBUG = False\nSECRET_KEY = '{k}'\nALLOWED_HOSTS = ['buchungen.kletterhalle-nord.de']",
        k,
    )
    k = b64u(rb(32)) + "="
    S(
        "fernet_key",
        "python_code",
        f"from cryptography.fernet import Fernet\n\nf = Fernet(b'{k}')\ntoken = f.encrypt(b'iban export')",
        k,
    )
    k = hx(64)
    S(
        "aes_key",
        "go_code",
        f'var aesKey, _ = hex.DecodeString("{k}")\n\nblock, err := aes.NewCipher(aesKey)',
        k,
    )
    k = "base64:" + b64e(rb(32))
    S(
        "laravel_app_key",
        "dotenv",
        f"APP_NAME=Vereinsverwaltung\nAPP_ENV=production\nAPP_KEY={k}\nAPP_DEBUG=false\nAPP_URL=https://verein.sv-blauweiss-hohenau.de\n",
        k,
    )
    k = hx(32)
    S(
        "rails_master_key",
        "chat",
        f"Heroku build fails with 'ActiveSupport::MessageEncryptor::InvalidMessage'. My config/master.key contains {k}, I set RAILS_MASTER_KEY to the same.",
        k,
    )
    k = rs(AN, 48)
    S(
        "jwt_secret",
        "yaml",
        f'auth:\n  jwt:\n    algorithm: HS256\n    secret: "{k}"\n    ttl: 15m\n',
        k,
    )
    k = "AGE-SECRET-KEY-1" + rs("QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L", 58)
    S(
        "age_secret_key",
        "shell_history",
        f"$ cat ~/.config/sops/age/keys.txt\n# created: 2024-11-03T21:17:45+01:00\n# public key: age1{rs('qpzry9x8gf2tvdw0s3jn54khce6mua7l', 58)}\n{k}",
        k,
    )
    k = hx(40)
    S(
        "webhook_secret",
        "python_code",
        f'WEBHOOK_SECRET = b"{k}"\n\ndef verify(body: bytes, sig: str) -> bool:\n    mac = hmac.new(WEBHOOK_SECRET, body, hashlib.sha256).hexdigest()\n    return hmac.compare_digest("sha256=" + mac, sig)',
        k,
    )


def secrets_misc() -> None:
    seed = rs(B32, 32)
    S(
        "totp_seed",
        "url",
        f"the QR code won't scan, can I enter this manually in Aegis? otpauth://totp/Hetzner%20Cloud:infra-admin?secret={seed}&issuer=Hetzner%20Cloud&algorithm=SHA1&digits=6&period=30",
        seed,
    )
    seed = rs(B32.lower(), 32)
    spaced = " ".join(wrap(seed, 4))
    S(
        "totp_seed",
        "chat",
        f"Google Authenticator Einrichtungsschlüssel für das Firmenkonto, für den Fall dass mein Handy kaputt geht: {spaced}",
        spaced,
    )
    pk, psk = b64e(rb(32)), b64e(rb(32))
    S(
        "wireguard_private_key",
        "config_file",
        f"[Interface]\nPrivateKey = {pk}\nAddress = 10.66.0.2/32\nDNS = 10.66.0.1\n\n[Peer]\nPublicKey = {b64e(rb(32))}\nPresharedKey = {psk}\nAllowedIPs = 0.0.0.0/0, ::/0\nEndpoint = vpn.bergmann-haustechnik.de:51820\nPersistentKeepalive = 25",
        pk,
        psk,
    )
    pw = human_pw()
    S(
        "wifi_password",
        "chat",
        f"Scanned the QR code on the router sticker and got WIFI:S:FRITZ!Box 7590 QK;T:WPA;P:{pw};; — how do I share it with my parents' tablet?",
        pw,
    )
    pw = human_pw()
    S(
        "wifi_password",
        "config_file",
        f'# /etc/wpa_supplicant/wpa_supplicant.conf\nctrl_interface=DIR=/var/run/wpa_supplicant GROUP=netdev\ncountry=DE\n\nnetwork={{\n    ssid="Werkstatt-5G"\n    psk="{pw}"\n    key_mgmt=WPA-PSK\n}}',
        pw,
    )
    codes = [f"{hx(5)}-{hx(5)}" for _ in range(16)]
    S(
        "recovery_codes",
        "chat",
        "GitHub recovery codes, keep these for me please:\n\n" + "\n".join(codes),
        *codes,
    )
    groups = []
    for _ in range(8):
        groups.append(f"{R.randint(0, 65535) * 11:06d}")
    bl = "-".join(groups)
    S(
        "bitlocker_recovery_key",
        "chat",
        f"Der Laptop fragt nach dem BitLocker-Wiederherstellungsschlüssel. Ich habe ihn aus dem Microsoft-Konto: {bl} – muss ich die Bindestriche eintippen?",
        bl,
    )
    sk = f"A3-{rs(UP + DG, 6)}-{rs(UP + DG, 6)}-{rs(UP + DG, 5)}-{rs(UP + DG, 5)}-{rs(UP + DG, 5)}-{rs(UP + DG, 5)}"
    S(
        "password_manager_secret_key",
        "chat",
        f"1Password asks for my Secret Key on the new Mac. From the Emergency Kit: {sk}",
        sk,
    )
    words = [
        "orbit",
        "tunnel",
        "velvet",
        "harvest",
        "pony",
        "anchor",
        "museum",
        "glide",
        "ritual",
        "salmon",
        "whisper",
        "canyon",
        "dolphin",
        "garlic",
        "enroll",
        "fossil",
        "lecture",
        "mixture",
        "nephew",
        "oyster",
        "pulse",
        "quantum",
        "shuffle",
        "tiger",
    ]
    phrase = " ".join(R.sample(words, 12))
    S(
        "seed_phrase",
        "chat",
        f"Ist meine Wallet noch sicher, wenn ich die Wiederherstellungsphrase hier reinschreibe? {phrase}",
        phrase,
    )
    for ctx, tmpl in [
        ("dotenv", "LIFELONG_TOKEN={t}\nLIFELONG_BASE_URL=https://lifelong.internal:8443\n"),
        ("shell_history", "$ lifelong login --token {t}\nerror: token rejected (expired)"),
        (
            "python_code",
            'client = LifelongClient(base_url="http://127.0.0.1:8080", token="{t}")\nprint(client.health())',
        ),
        (
            "http",
            'POST /v1/learning/jobs HTTP/1.1\nHost: localhost:8080\nAuthorization: Bearer {t}\nContent-Type: application/json\n\n{{"adapter": "support-de", "epochs": 2}}',
        ),
    ]:
        t = f"llt_{hx(12)}_{rs(B64U, 43)}"
        S("lifelong_token", ctx, tmpl.format(t=t), t)


def secrets_documents() -> None:
    db, rd = url_pw(), url_pw()
    stripe, sg, jw = (
        "sk_live_51" + rs(AN, 96),
        "SG." + rs(B64U, 22) + "." + rs(B64U, 43),
        rs(AN + "!#%", 40),
    )
    k, s, sk = aws_kid(), aws_sk(), hx(32)
    env = (
        "# .env (production) – please don't judge\n"
        "NODE_ENV=production\nPORT=8080\nLOG_LEVEL=info\n"
        f"DATABASE_URL=postgres://shop:{db}@10.12.0.5:5432/shop\n"
        f"REDIS_URL=redis://:{rd}@10.12.0.6:6379/1\n"
        f"STRIPE_SECRET_KEY={stripe}\n"
        f"SENDGRID_API_KEY={sg}\n"
        f"JWT_SECRET={jw}\n"
        f"AWS_ACCESS_KEY_ID={k}\nAWS_SECRET_ACCESS_KEY={s}\nAWS_REGION=eu-west-1\n"
        f"SENTRY_DSN=https://{sk}@o{dg(6)}.ingest.sentry.io/{dg(7)}\n"
        "FEATURE_NEW_CHECKOUT=true\nCORS_ORIGINS=https://shop.teeladen-am-markt.de\n"
    )
    S(
        "dotenv_file",
        "dotenv",
        env + "\nThe app boots locally but in Docker it can't reach Redis. Ideas?",
        db,
        rd,
        stripe,
        sg,
        jw,
        k,
        s,
        sk,
    )

    db, ok, hfk, mail = (
        url_pw(),
        "sk-proj-" + rs(B64U, 74) + "T3BlbkFJ" + rs(B64U, 74),
        "hf_" + rs(UP + LO, 34),
        human_pw(),
    )
    sec, ms = rs(LO + DG + "!@#$%^&*(-_=+)", 50), rs(AN, 32)
    env = (
        "# Konfiguration für den Chatbot der Stadtbibliothek\n"
        "DJANGO_SETTINGS_MODULE=bibliothek.settings.prod\n"
        f"DJANGO_SECRET_KEY={sec}\n"
        "ALLOWED_HOSTS=chat.stadtbibliothek-leer.de\n"
        f"POSTGRES_PASSWORD={db}\nPOSTGRES_USER=bibbot\nPOSTGRES_DB=bibbot\nPOSTGRES_HOST=db\n"
        f"OPENAI_API_KEY={ok}\n"
        f"HUGGINGFACE_TOKEN={hfk}\n"
        "EMAIL_HOST=smtp.ionos.de\nEMAIL_PORT=587\n"
        "EMAIL_HOST_USER=chatbot@stadtbibliothek-leer.de\n"
        f"EMAIL_HOST_PASSWORD={mail}\n"
        f"MEILI_MASTER_KEY={ms}\n"
    )
    S(
        "dotenv_file",
        "dotenv",
        "Warum lädt Django meine .env nicht? Inhalt:\n\n" + env,
        sec,
        db,
        ok,
        hfk,
        mail,
        ms,
    )

    k, s, ses, pw = aws_kid(), aws_sk(), "B" + rs(B64, 43), rs(AN + "!#%&*()-_=+[]{}<>:?", 24)
    tf = {
        "version": 4,
        "terraform_version": "1.7.5",
        "serial": 118,
        "lineage": uuid4(),
        "outputs": {},
        "resources": [
            {
                "mode": "managed",
                "type": "aws_iam_access_key",
                "name": "mailer",
                "provider": 'provider["registry.terraform.io/hashicorp/aws"]',
                "instances": [
                    {
                        "schema_version": 0,
                        "attributes": {
                            "create_date": "2025-02-11T09:14:22Z",
                            "encrypted_secret": None,
                            "id": k,
                            "pgp_key": None,
                            "secret": s,
                            "ses_smtp_password_v4": ses,
                            "status": "Active",
                            "user": "ses-mailer",
                        },
                        "sensitive_attributes": [[{"type": "get_attr", "value": "secret"}]],
                    }
                ],
            },
            {
                "mode": "managed",
                "type": "random_password",
                "name": "db",
                "provider": 'provider["registry.terraform.io/hashicorp/random"]',
                "instances": [
                    {
                        "schema_version": 3,
                        "attributes": {
                            "id": "none",
                            "length": 24,
                            "result": pw,
                            "special": True,
                            "upper": True,
                        },
                    }
                ],
            },
        ],
    }
    S(
        "terraform_state",
        "terraform",
        "terraform state pull | head -40 — why are these in plain text?\n\n"
        + json.dumps(tf, indent=2),
        k,
        s,
        ses,
        pw,
    )

    pw = url_pw()
    der = (
        bytes.fromhex("30770201010420")
        + rb(32)
        + bytes.fromhex("a00a06082a8648ce3d030107a14403420004")
        + rb(64)
    )
    block, lines = pem("EC PRIVATE KEY", der)
    tf = {
        "resources": [
            {
                "mode": "managed",
                "type": "google_sql_user",
                "name": "app",
                "instances": [
                    {
                        "attributes": {
                            "instance": "pg-main",
                            "name": "app",
                            "password": pw,
                            "project": "rechnungen-prod",
                        }
                    }
                ],
            },
            {
                "mode": "managed",
                "type": "tls_private_key",
                "name": "ingress",
                "instances": [
                    {
                        "attributes": {
                            "algorithm": "ECDSA",
                            "ecdsa_curve": "P256",
                            "private_key_pem": block + "\n",
                        }
                    }
                ],
            },
        ]
    }
    S(
        "terraform_state",
        "terraform",
        "Fragment aus terraform.tfstate (Remote Backend war kaputt, liegt jetzt lokal):\n"
        + json.dumps(tf, indent=2),
        pw,
        *lines,
    )

    tok, api, cs = rs(AN, 40), rs(AN, 32), rs(B64U, 48)
    pm = {
        "info": {
            "_postman_id": uuid4(),
            "name": "Billing API (prod)",
            "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json",
        },
        "auth": {"type": "bearer", "bearer": [{"key": "token", "value": tok, "type": "string"}]},
        "item": [
            {
                "name": "List invoices",
                "request": {
                    "method": "GET",
                    "header": [{"key": "x-api-key", "value": api, "type": "text"}],
                    "url": {
                        "raw": "{{baseUrl}}/v1/invoices?limit=20",
                        "host": ["{{baseUrl}}"],
                        "path": ["v1", "invoices"],
                    },
                },
            }
        ],
        "variable": [
            {"key": "baseUrl", "value": "https://api.faktura-cloud.net"},
            {"key": "clientSecret", "value": cs},
        ],
    }
    S(
        "postman_collection",
        "postman",
        "Exported Postman collection, the first request gives 401:\n" + json.dumps(pm, indent=2),
        tok,
        api,
        cs,
    )

    pw, key = human_pw(), rs(AN, 36)
    pm = {
        "id": uuid4(),
        "name": "Lager-API Produktion",
        "values": [
            {"key": "base_url", "value": "https://lager.spedition-hansen.de/api", "enabled": True},
            {"key": "username", "value": "lager-integration", "enabled": True},
            {"key": "password", "value": pw, "type": "secret", "enabled": True},
            {"key": "api_key", "value": key, "type": "secret", "enabled": True},
        ],
        "_postman_variable_scope": "environment",
        "_postman_exported_using": "Postman/11.2.1",
    }
    S("postman_environment", "postman", json.dumps(pm, indent=2), pw, key)

    t = jwt(
        {"sub": dg(8), "org": "praxis-" + dg(4), "roles": ["billing"], "exp": 1710249000},
        "RS256",
        342,
    )
    sess, sess2 = rs(B64U, 43), rs(B64U, 43)
    har = {
        "log": {
            "version": "1.2",
            "creator": {"name": "WebInspector", "version": "537.36"},
            "entries": [
                {
                    "startedDateTime": "2025-03-11T14:02:19.412Z",
                    "time": 184.3,
                    "request": {
                        "method": "POST",
                        "url": "https://app.terminplaner-pro.de/api/graphql",
                        "httpVersion": "http/2.0",
                        "headers": [
                            {"name": "authorization", "value": f"Bearer {t}"},
                            {"name": "cookie", "value": f"_tp_session={sess}; theme=dark"},
                            {"name": "content-type", "value": "application/json"},
                        ],
                        "postData": {
                            "mimeType": "application/json",
                            "text": '{"operationName":"Slots","variables":{"week":11}}',
                        },
                    },
                    "response": {
                        "status": 200,
                        "headers": [
                            {
                                "name": "set-cookie",
                                "value": f"_tp_session={sess2}; Path=/; HttpOnly; Secure; SameSite=Lax",
                            }
                        ],
                    },
                }
            ],
        }
    }
    S(
        "har_fragment",
        "har",
        "HAR export from Chrome, the request is slow (180 ms) — why?\n" + json.dumps(har, indent=2),
        t,
        sess,
        sess2,
    )

    key, basic = rs(AN, 32), b64e(f"svc-export:{url_pw()}".encode())
    har = {
        "entries": [
            {
                "request": {
                    "method": "GET",
                    "url": f"https://api.wetterdaten-service.com/v3/forecast?lat=53.55&lon=9.99&appid={key}",
                    "headers": [],
                },
                "response": {"status": 429},
            },
            {
                "request": {
                    "method": "GET",
                    "url": "https://export.intranet-kanzlei.de/dms/export?format=zip",
                    "headers": [{"name": "Authorization", "value": f"Basic {basic}"}],
                },
                "response": {"status": 403},
            },
        ]
    }
    S("har_fragment", "har", json.dumps(har, indent=2), key, basic)

    pw, rp, sk = url_pw(), url_pw(), hx(32)
    ok = "sk-proj-" + rs(B64U, 74) + "T3BlbkFJ" + rs(B64U, 74)
    trace = (
        "Traceback (most recent call last):\n"
        '  File "/app/worker/tasks.py", line 88, in sync_orders\n    conn = psycopg.connect(os.environ["DATABASE_URL"])\n'
        '  File "/usr/local/lib/python3.12/site-packages/psycopg/connection.py", line 119, in connect\n    raise last_ex.with_traceback(None)\n'
        'psycopg.OperationalError: connection failed: FATAL:  password authentication failed for user "orders_rw"\n\n'
        "--- environment at crash ---\nHOSTNAME=worker-7c9f8d6b5-xk2lp\nPYTHON_VERSION=3.12.2\n"
        f"DATABASE_URL=postgresql://orders_rw:{pw}@10.20.4.11:5432/orders\n"
        f"CELERY_BROKER_URL=redis://:{rp}@10.20.4.12:6379/0\n"
        f"SENTRY_DSN=https://{sk}@o{dg(6)}.ingest.sentry.io/{dg(7)}\n"
        f"OPENAI_API_KEY={ok}\nTZ=Europe/Berlin\n"
    )
    S("stack_trace_env", "stack_trace", trace, pw, rp, sk, ok)

    pw, mp = url_pw(), human_pw()
    crash = (
        "2025-03-12 07:58:13.402 ERROR 1 --- [main] o.s.boot.SpringApplication : Application run failed\n"
        "org.springframework.beans.factory.BeanCreationException: Error creating bean with name 'entityManagerFactory'\n"
        "Caused by: java.sql.SQLException: Access denied for user 'shop'@'10.0.8.23' (using password: YES)\n"
        "\tat com.mysql.cj.jdbc.exceptions.SQLError.createSQLException(SQLError.java:130)\n"
        "\tat com.zaxxer.hikari.pool.HikariPool.checkFailFast(HikariPool.java:562)\n\n"
        "=== effective configuration ===\n"
        f"spring.datasource.url=jdbc:mysql://10.0.8.5:3306/shop?user=shop&password={pw}&useSSL=false\n"
        "spring.mail.host=smtp.office365.com\nspring.mail.username=noreply-shop@moebelhaus-kruse.de\n"
        f"spring.mail.password={mp}\nserver.port=8080\n"
    )
    S("crash_report", "crash_report", crash, pw, mp)

    mpw = f"{hx(32)}-{hx(8)}-{hx(8)}"
    node = (
        "Error: Invalid login: 535 Authentication failed\n    at SMTPConnection._formatError (/srv/app/node_modules/nodemailer/lib/smtp-connection/index.js:798:19)\n"
        "    at SMTPConnection._actionAUTHComplete (/srv/app/node_modules/nodemailer/lib/smtp-connection/index.js:1577:34) {\n"
        "  code: 'EAUTH',\n  responseCode: 535,\n  command: 'AUTH PLAIN',\n"
        f"  config: {{ host: 'smtp.eu.mailgun.org', port: 587, secure: false, auth: {{ user: 'postmaster@mg.zahnarzt-am-see.de', pass: '{mpw}' }} }}\n}}"
    )
    S("crash_report", "stack_trace", node, mpw)

    ok, hk, wb = (
        "sk-proj-" + rs(B64U, 74) + "T3BlbkFJ" + rs(B64U, 74),
        "hf_" + rs(UP + LO, 34),
        hx(40),
    )
    cell = (
        "In [12]: {k: v for k, v in os.environ.items() if 'KEY' in k or 'TOKEN' in k}\nOut[12]:\n"
        f"{{'OPENAI_API_KEY': '{ok}',\n 'HF_TOKEN': '{hk}',\n 'WANDB_API_KEY': '{wb}',\n 'KMP_DUPLICATE_LIB_OK': 'TRUE'}}"
    )
    S("jupyter_output", "jupyter", cell, ok, hk, wb)

    t, w = "sk_live_51" + rs(AN, 96), "whsec_" + rs(AN, 32)
    diff = (
        "diff --git a/config/production.py b/config/production.py\nindex 3f2a9c1..8be41d0 100644\n--- a/config/production.py\n+++ b/config/production.py\n"
        '@@ -12,7 +12,9 @@ DEBUG = False\n ALLOWED_HOSTS = ["shop.internal"]\n-STRIPE_API_KEY = os.environ["STRIPE_API_KEY"]\n'
        f'+# TODO: move back to env before release\n+STRIPE_API_KEY = "{t}"\n+STRIPE_WEBHOOK_SECRET = "{w}"\n \n TIME_ZONE = "Europe/Vienna"\n'
    )
    S("git_diff", "git_diff", "Can you review this diff before I merge?\n\n" + diff, t, w)

    n = "npm_" + rs(AN, 36)
    diff = (
        "diff --git a/.npmrc b/.npmrc\nnew file mode 100644\nindex 0000000..e69c2d1\n--- /dev/null\n+++ b/.npmrc\n@@ -0,0 +1,2 @@\n"
        f"+@bauhaus-ui:registry=https://registry.npmjs.org/\n+//registry.npmjs.org/:_authToken={n}\n"
    )
    S("git_diff", "git_diff", diff, n)

    pw = human_pw()
    diff = (
        "commit 9d41c07 (HEAD -> main)\n    remove hardcoded password\n\n"
        "diff --git a/scripts/backup.sh b/scripts/backup.sh\n--- a/scripts/backup.sh\n+++ b/scripts/backup.sh\n@@ -3,4 +3,4 @@\n"
        f"-PGPASSWORD='{pw}' pg_dump -h db01 -U backup erp > /mnt/nas/erp.sql\n+pg_dump -h db01 -U backup erp > /mnt/nas/erp.sql\n"
    )
    S(
        "git_diff",
        "git_diff",
        "I removed the password in this commit, am I safe now?\n\n" + diff,
        pw,
    )

    t = rs(B64U, 20) + "." + rs(B64U, 60)
    ck = b64e(
        (
            "-----BEGIN RSA PRIVATE KEY-----\n"
            + "\n".join(wrap(b64e(rb(600)), 64))
            + "\n-----END RSA PRIVATE KEY-----\n"
        ).encode()
    )
    kube = (
        "apiVersion: v1\nclusters:\n- cluster:\n    server: https://10.40.0.10:6443\n    certificate-authority-data: LS0tLS1CRUdJTi...\n  name: werk2\n"
        "contexts:\n- context:\n    cluster: werk2\n    user: admin\n  name: werk2\ncurrent-context: werk2\nkind: Config\nusers:\n- name: admin\n  user:\n"
        f"    client-key-data: {ck}\n- name: ci\n  user:\n    token: {t}\n"
    )
    S("kubeconfig", "yaml", "kubectl says 'Unauthorized' for the ci user:\n" + kube, ck, t)

    pw, tok = url_pw(), "glpat-" + rs(B64U, 20)
    insp = json.dumps(
        [
            {
                "Id": hx(64),
                "Config": {
                    "Hostname": hx(12),
                    "Env": [
                        "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                        f"GITLAB_TOKEN={tok}",
                        f"DB_PASSWORD={pw}",
                        "DB_HOST=postgres",
                        "LANG=C.UTF-8",
                    ],
                    "Image": "registry.gitlab.com/werkzeug/ops/api:2.4.1",
                },
            }
        ],
        indent=2,
    )
    S("docker_inspect", "json", "$ docker inspect api | jq '.[0].Config'\n" + insp, tok, pw)

    a, b, c = (
        "sk_live_51" + rs(AN, 96),
        "SG." + rs(B64U, 22) + "." + rs(B64U, 43),
        "xoxb-" + dg(13) + "-" + dg(13) + "-" + rs(AN, 24),
    )
    md = (
        "## Übergabe Zugänge (Stand März)\n\n| Dienst | Variable | Wert | Verantwortlich |\n|---|---|---|---|\n"
        f"| Stripe | `STRIPE_SECRET_KEY` | `{a}` | Finance |\n| SendGrid | `SENDGRID_API_KEY` | `{b}` | Marketing |\n"
        f"| Slack Bot | `SLACK_BOT_TOKEN` | `{c}` | Plattform |\n| Grafana | — | siehe Vault | Plattform |\n"
    )
    S("markdown_table", "markdown", md, a, b, c)

    p1, p2, p3 = human_pw(), human_pw(), human_pw()
    md = (
        "| System | URL | User | Passwort |\n|--------|-----|------|----------|\n"
        f"| Router | http://192.168.0.1 | admin | {p1} |\n| NAS | https://nas.local:5001 | familie | {p2} |\n| Drucker | http://192.168.0.23 | admin | {p3} |\n\n"
        "Kannst du daraus eine schöne Tabelle für den Kühlschrank machen?"
    )
    S("markdown_table", "markdown", md, p1, p2, p3)

    key = "sk-ant-api03-" + rs(B64U, 93) + "AA"
    ticket = (
        "Ticket #48213 – Priority: High\nSubject: API returns 401 since this morning\n\n"
        "Customer wrote:\n> Hi team, our integration broke overnight. We did not change anything.\n"
        f"> The key we use is {key}\n> Request ID from the error: req_{rs(AN, 24)}\n> Please advise asap, our support bot is down.\n\n"
        "Agent notes: checked status page, no incident."
    )
    S("support_ticket_secret", "support_ticket", ticket, key)

    pw = human_pw()
    mail = (
        "From: Facility Management\nTo: Team Lager\nSubject: RE: Zugang Torsteuerung\n\n"
        f"Hallo zusammen,\n\nder neue Code für das Web-Interface der Torsteuerung lautet {pw} (Benutzer: lager).\nBitte nicht auf Zettel schreiben.\n\n"
        "Gruß\nFacility\n\n-----Original Message-----\nSubject: Zugang Torsteuerung\n\nKönnt ihr uns das neue Passwort schicken? Das alte geht nicht mehr."
    )
    S("email_thread_secret", "email_paste", mail, pw)

    dburl, sec = (
        f"postgres://{rs(LO, 14)}:{hx(64)}@ec2-{R.randint(3, 54)}-{R.randint(1, 254)}-{R.randint(1, 254)}-{R.randint(1, 254)}.eu-west-1.compute.amazonaws.com:5432/{rs(LO + DG, 14)}",
        rs(LO + DG, 64),
    )
    pwpart = dburl.split(":")[2].split("@")[0]
    S(
        "heroku_config",
        "shell_history",
        f"$ heroku config -a rezepte-api\n=== rezepte-api Config Vars\nDATABASE_URL:     {dburl}\nRAILS_ENV:        production\nSECRET_KEY_BASE:  {sec}\nWEB_CONCURRENCY:  2",
        pwpart,
        sec,
    )

    k, s = aws_kid(), aws_sk()
    S(
        "rclone_config",
        "config_file",
        f"[wasabi]\ntype = s3\nprovider = Wasabi\naccess_key_id = {k}\nsecret_access_key = {s}\nendpoint = s3.eu-central-2.wasabisys.com\n\n[gdrive]\ntype = drive\nscope = drive\n",
        k,
        s,
    )

    pw = url_pw()
    S(
        "pip_index_password",
        "config_file",
        f"# /etc/pip.conf\n[global]\nindex-url = https://ci-reader:{pw}@nexus.intern.maschinenbau-roth.de/repository/pypi-all/simple\ntimeout = 60\n",
        pw,
    )

    t = "ghp_" + rs(AN, 36)
    log = (
        "2025-03-12T06:01:22.8810230Z ##[group]Run ./scripts/release.sh\n"
        f"2025-03-12T06:01:22.8811041Z + export GH_TOKEN={t}\n"
        "2025-03-12T06:01:22.8812110Z + gh release create v1.9.0 --generate-notes\n"
        "2025-03-12T06:01:24.1203311Z HTTP 403: Resource not accessible by integration\n"
    )
    S("ci_log", "log_line", "set -x leaked this in our public Actions log?!\n" + log, t)


# =========================================================================== personal data


def pii_contact() -> None:
    for lang, tmpl, ctx in [
        (
            "en",
            "Can you draft a polite reminder to my landlord? His address is {e}, rent was paid on the 3rd.",
            "chat",
        ),
        (
            "de",
            "Schreib bitte eine Absage an die Bewerberin, Antwort an {e}, freundlich aber knapp.",
            "chat",
        ),
        (
            "fr",
            "Peux-tu corriger ce message avant que je l'envoie à {e} ? « Bonjour, je confirme ma venue samedi. »",
            "chat",
        ),
        ("es", "Mi correo personal es {e}, ¿puedes redactar una firma de email con él?", "chat"),
        (
            "cs",
            "Kontakt na paní, která prodává to kolo: {e}. Napiš jí prosím dotaz na cenu.",
            "chat",
        ),
        ("ko", "이 메일 주소로 회의 초대장을 보내는 문장을 써 주세요: {e}", "chat"),
    ]:
        e = email_of(lang, person(lang))
        P("email", ctx, tmpl.format(e=e), e)
    e = email_of("sv", person("sv"))
    ip = home_ip()
    P(
        "email",
        "log_line",
        f'{ip} - - [12/Mar/2025:09:14:03 +0100] "POST /login HTTP/1.1" 401 512 "-" "Mozilla/5.0" user="{e}"',
        e,
        ip,
    )
    e = email_of("nl", person("nl"))
    P("email", "sql", f"UPDATE klanten SET nieuwsbrief = false WHERE email = '{e}';", e)
    p = person("en")
    e = f"{p[3]}.{p[4]}+amazon@gmail.com"
    P(
        "email_tagged",
        "chat",
        f"I use {e} for shopping sites — does the +amazon part get stripped by Gmail filters?",
        e,
    )
    p = person("de")
    e = f"{p[3]}+steuer2024@posteo.de"
    P("email_tagged", "csv", f"kontakt,betreff,datum\n{e},Belege 2024,2025-03-01\n", e)
    p = person("da")
    e = f"{p[3]}{p[4]}+bolig@gmail.com"
    P(
        "email_tagged",
        "chat",
        f"Kan du lave et filter i Gmail for {e}, så boligannoncer havner i en mappe?",
        e,
    )
    for e, tmpl in [
        (
            "jürgen.weiß@müller-bäckerei.de",
            "Meine private Adresse ist {e} – funktionieren Umlaute in Mailadressen überhaupt?",
        ),
        ("kontakt@sørensen-familie.dk", "Min mail {e} virker ikke i alle formularer, hvorfor?"),
        (
            "zeynep@öztürk-ailesi.com.tr",
            "Bu e-posta adresine ({e}) neden bazı siteler mail gönderemiyor?",
        ),
    ]:
        P("email_idn", "chat", tmpl.format(e=e), e)
    for lang, tmpl in [
        ("nl", "mail me maar op {o}, dan stuur ik de foto's"),
        ("en", "you can reach me at {o} (spaces to avoid bots)"),
        ("fr", "mon adresse : {o} — remplace les crochets évidemment"),
        ("de", "Bitte an {o} schicken, nicht an die Firmenadresse."),
        ("es", "escríbeme a {o} si te interesa el piso"),
    ]:
        p = person(lang)
        dom = R.choice(DOMAINS[lang]).split(".")
        style = R.randrange(3)
        if style == 0:
            o = f"{p[3]} dot {p[4]} at {dom[0]} dot {'.'.join(dom[1:])}"
        elif style == 1:
            o = f"{p[3]}.{p[4]} [at] {dom[0]} [dot] {'.'.join(dom[1:])}"
        else:
            o = f"{p[3]}{p[4][:1]} (at) {'.'.join(dom)}"
        P("email_obfuscated", "chat", tmpl.format(o=o), o)

    for cc, lang_tmpl, ctx in [
        ("us", "Text my cell at {n} when the package arrives, I won't hear the doorbell.", "chat"),
        ("uk", "Can you format this for a business card: mobile {n}, Bristol office.", "chat"),
        (
            "de",
            "Ruf bitte den Handwerker an, ich bin unter {n} erreichbar, er soll mich zurückrufen.",
            "chat",
        ),
        ("fr", "Mon numéro c'est le {n}, tu peux l'ajouter au tableau des bénévoles ?", "chat"),
        ("es", "Mi móvil es {n}, ¿cómo lo pongo en formato internacional para WhatsApp?", "chat"),
        ("nl", "Mijn nummer is {n}, kun je een nette voicemailtekst schrijven?", "chat"),
        ("it", "Il mio cellulare è {n}: scrivi un annuncio per vendere il divano.", "chat"),
        ("pt", "O meu telemóvel é {n}, podes pôr no fim do anúncio do apartamento?", "chat"),
        ("pl", "Mój numer to {n}, dopisz go do ogłoszenia o korepetycjach.", "chat"),
        ("se", "Mitt nummer är {n}, skriv en lapp till grannarna om festen på lördag.", "chat"),
        ("dk", "Mit nummer er {n} – lav en kort seddel til opslagstavlen om barnevognen.", "chat"),
        ("cz", "Moje číslo je {n}, napiš inzerát na hlídání psa.", "chat"),
        ("tr", "Telefonum {n}, ev ilanına ekler misin?", "chat"),
        ("ja", "私の携帯番号は {n} です。名刺のレイアウトを考えてください。", "chat"),
        ("ko", "제 번호는 {n} 입니다. 중고거래 글에 넣어 주세요.", "chat"),
    ]:
        n = phone(cc)
        P("phone", ctx, lang_tmpl.format(n=n), n)
    n = phone("de", intl=True)
    wa = "https://wa.me/" + n.replace("+", "").replace(" ", "")
    P(
        "phone_url",
        "url",
        f"Der Link auf meiner Visitenkarte: {wa} – geht das auch ohne Plus?",
        wa.split("/")[-1],
    )
    n = phone("fr", intl=True)
    tel = n.replace(" ", "")
    P(
        "phone_url",
        "html",
        f'<a href="tel:{tel}" class="btn">Appeler le cabinet</a>  <!-- c\'est mon portable perso, à remplacer -->',
        tel,
    )
    n = phone("us", intl=False)
    P("phone", "csv", f"name,role,phone\nOn-call (me),SRE,{n}\n", n)


def pii_finance() -> None:
    rows = [
        (
            iban_de(),
            "de",
            "Bitte überweise die 250 € für die Klassenfahrt auf mein Konto: IBAN {i}, Verwendungszweck 'Paul 7b'.",
        ),
        (
            iban_gb(),
            "en",
            "Please pay the deposit to {i} — is that enough for an international transfer from Spain?",
        ),
        (
            iban_fr(),
            "fr",
            "Voici mon RIB pour le remboursement : {i}. Tu peux rédiger le mail à la mutuelle ?",
        ),
        (
            iban_es(),
            "es",
            "Para el alquiler, mi cuenta es {i}. ¿Puedes escribir el contrato con ese dato?",
        ),
        (iban_nl(), "nl", "Tikkie werkt niet, maak het over naar {i} t.n.v. mij, dank je!"),
        (
            iban_it(),
            "it",
            "Il mio IBAN per il rimborso spese è {i}, scrivi tu la mail all'amministrazione?",
        ),
        (iban_be(), "fr", "Versement de la caution sur {i}, merci de confirmer par écrit."),
        (iban_pl(), "pl", "Numer konta do zwrotu: {i}. Napisz pismo do sklepu o reklamację."),
        (iban_pt(), "pt", "O meu IBAN é {i}, podes preencher a declaração para o senhorio?"),
        (iban_cz(), "cs", "Číslo účtu pro vrácení zálohy: {i}, napiš prosím formální žádost."),
        (
            iban_simple("SE"),
            "sv",
            "Swisha inte, föra över till {i} istället — skriv ett mejl till föreningen.",
        ),
        (iban_simple("TR"), "tr", "Kira için IBAN numaram {i}, ev sahibine mesaj yazar mısın?"),
    ]
    for i, _lang, tmpl in rows:
        v = fmt_iban(i) if R.random() < 0.6 else i
        P("iban", "chat", tmpl.format(i=v), v)

    for prefix, length, tmpl, ctx in [
        (
            "4921",
            16,
            "My card {c} was charged twice by the hotel, help me write a dispute letter.",
            "chat",
        ),
        (
            "5412",
            16,
            "Karte {c}, Ablauf 09/27 – die Zahlung bei der Bahn wird immer abgelehnt, warum?",
            "chat",
        ),
        (
            "3742",
            15,
            "Amex {c} exp 04/28, the airline site rejects it — do they accept Amex?",
            "chat",
        ),
        (
            "4506",
            16,
            "Mi tarjeta es la {c}, caduca en 11/26. ¿Cómo la doy de alta en Apple Pay?",
            "chat",
        ),
        (
            "2223",
            16,
            '{{"customer_note": "pay with card on file", "card": "{c}", "exp": "03/29"}}',
            "json",
        ),
        ("3566", 16, "JCBカード {c} が海外サイトで使えません。理由は？", "chat"),
        (
            "4147",
            16,
            "INSERT INTO payments (order_id, pan, exp) VALUES (77812, '{c}', '2027-08');",
            "sql",
        ),
    ]:
        n = card_number(prefix, length)
        c = fmt_card(n, R.choice([" ", "-", ""])) if R.random() < 0.8 else n
        P("card_number", ctx, tmpl.format(c=c), c)

    sc, acct = f"{R.choice(['20', '60', '30', '40'])}-{dg(2)}-{dg(2)}", dg(8)
    P(
        "bank_account",
        "chat",
        f"Can you check this invoice wording? 'Payment to sort code {sc}, account number {acct}, reference INV-0092.'",
        acct,
    )
    rt, acct = aba_routing(), dg(R.choice([10, 12]))
    P(
        "bank_account",
        "form",
        f"Direct deposit form:\nBank: Chase\nRouting number: {rt}\nAccount number: {acct}\nAccount type: Checking",
        acct,
    )
    rt, acct = aba_routing(), dg(9)
    P(
        "bank_account",
        "chat",
        f"for my Venmo to bank transfer, routing {rt} and checking account {acct} — is ACH free?",
        acct,
    )
    acct = dg(10)
    P(
        "bank_account",
        "chat",
        f"Alte Bankverbindung für die Lastschrift: Kontonummer {acct}, BLZ 760 501 01 — wie rechne ich das in eine IBAN um?",
        acct,
    )
    acct = dg(7)
    P(
        "bank_account",
        "chat",
        f"Canadian direct deposit: transit 0{dg(4)}, institution 004, account {acct}. How do I fill the CRA form?",
        acct,
    )


def pii_ids() -> None:
    for tmpl in [
        "my SSN is {v}, does the IRS need it on the W-4 too?",
        "Applicant SSN: {v}\nDOB on file, background check pending.",
        '{{"employee_id": 4471, "ssn": "{v}", "state": "TX"}}',
    ]:
        v = ssn()
        P("us_ssn", "json" if tmpl.startswith("{") else "chat", tmpl.format(v=v), v)
    for tmpl in [
        "My National Insurance number is {v} — which box on the P46 does it go in?",
        "NI number: {v}\nTax code: 1257L",
        "HMRC letter says my NINO {v} has two records, how do I merge them?",
    ]:
        v = nino()
        P("uk_nino", "chat", tmpl.format(v=v), v)
    for tmpl in [
        "Mijn BSN is {v}, moet ik dat op het huurcontract zetten?",
        "Burgerservicenummer: {v} — geldt dat ook als fiscaal nummer voor de Belastingdienst?",
        "BSN {v} staat op mijn loonstrook, klopt dat?",
    ]:
        v = bsn()
        if R.random() < 0.5:
            v = f"{v[:4]}.{v[4:6]}.{v[6:]}"
        P("nl_bsn", "chat", tmpl.format(v=v), v)
    for tmpl in [
        "Meine Steuer-ID ist {v}, wo trage ich die in ELSTER ein?",
        "Steuerliche Identifikationsnummer: {v}\nFinanzamt: Köln-Altstadt",
        "Der Arbeitgeber fragt nach der IdNr. — {v} — ist das dieselbe wie die Steuernummer?",
    ]:
        v = steuer_id()
        if R.random() < 0.4:
            v = v.replace(" ", "")
        P("de_steuer_id", "chat", tmpl.format(v=v), v)
    for tmpl in [
        "Mon numéro de sécu : {v}, il faut le mettre sur la feuille de soins ?",
        "N° de sécurité sociale {v} – ma carte Vitale est perdue, quelle démarche ?",
        "NIR : {v}",
    ]:
        y, m, _d = dob()
        v = nir(R.random() < 0.5, y, m)
        P("fr_nir", "chat", tmpl.format(v=v), v)
    for tmpl, f in [
        ("Mi DNI es {v}, ¿lo necesito para darme de alta en la luz?", dni),
        ("DNI: {v} — ¿la letra va pegada o con guion?", dni),
        ("Tengo NIE {v}, ¿puedo abrir una cuenta en el banco sin pasaporte?", nie),
        ("NIE del inquilino: {v}", nie),
    ]:
        v = f()
        P("es_dni" if f is dni else "es_nie", "chat", tmpl.format(v=v), v)
    for lang_i in range(3):
        _full, first, last, _fa, _la = person("it")
        y, m, d = dob()
        female = first.endswith("a")
        v = codice_fiscale(last, first, y, m, d, female)
        tmpl = [
            "Il mio codice fiscale è {v}, serve per la tessera della palestra?",
            "Codice fiscale: {v} — come lo inserisco nel 730 precompilato?",
            "CF {v}, P.IVA non ce l'ho: posso emettere ricevuta?",
        ][lang_i]
        P("it_codice_fiscale", "chat", tmpl.format(v=v), v)
    for tmpl in [
        "Mój PESEL to {v}, czy muszę go podawać w sklepie internetowym?",
        "PESEL: {v}\nNr dowodu osobistego w załączniku.",
        "Wpisz PESEL {v} do wniosku o 800+.",
    ]:
        y, m, d = dob()
        v = pesel(y, m, d, R.random() < 0.5)
        P("pl_pesel", "chat", tmpl.format(v=v), v)
    for i, tmpl in enumerate(
        [
            "Mitt personnummer är {v}, behöver jag det för att boka tvättstugan?",
            "Personnummer: {v}\nAdress enligt folkbokföringen.",
            "Kan du fylla i blanketten? Personnr {v}.",
        ]
    ):
        y, m, d = dob()
        v = personnummer(y, m, d, long=i == 1)
        P("se_personnummer", "chat", tmpl.format(v=v), v)
    for tmpl in [
        "Mit CPR-nummer er {v}, skal det stå på lejekontrakten?",
        "CPR: {v} – kan du skrive en mail til kommunen om flytning?",
        "Lægen spørger efter mit cpr {v} i e-Boks, er det normalt?",
    ]:
        y, m, d = dob()
        v = cpr(y, m, d)
        P("dk_cpr", "chat", tmpl.format(v=v), v)
    for tmpl in [
        "Moje rodné číslo je {v}, musím ho uvádět v e-shopu?",
        "Rodné číslo: {v}\nČíslo OP v příloze.",
        "Do přihlášky píšu RČ {v}, je to s lomítkem správně?",
    ]:
        y, m, d = dob()
        v = rodne_cislo(y, m, d, R.random() < 0.5)
        P("cz_rodne_cislo", "chat", tmpl.format(v=v), v)
    for tmpl in [
        "T.C. kimlik numaram {v}, e-Devlet şifresi için başka ne lazım?",
        "TC Kimlik No: {v}\nDoğum yeri: İzmir",
        "Kargo için TCKN istiyorlar: {v}. Güvenli mi?",
    ]:
        v = tckn()
        P("tr_tckn", "chat", tmpl.format(v=v), v)
    for tmpl in [
        "O meu NIF é {v}, podes pôr na fatura do ginásio?",
        "NIF {v} — como peço a fatura com contribuinte na Worten online?",
    ]:
        v = nif_pt()
        P("pt_nif", "chat", tmpl.format(v=v), v)
    for tmpl in [
        "Mon numéro de registre national est {v}, c'est le même que sur l'eID ?",
        "Rijksregisternummer: {v} — moet dat op het huurcontract?",
        "NN {v}, je dois le donner à mon employeur ?",
    ]:
        y, m, d = dob()
        v = be_national(y, m, d, R.random() < 0.5)
        P("be_national_number", "chat", tmpl.format(v=v), v)
    y, m, d = dob()
    v = de_rvnr(y, m, d, R.choice("BFHKMSW"))
    P(
        "de_rentenversicherungsnummer",
        "chat",
        f"Meine Rentenversicherungsnummer ist {v}, der neue Arbeitgeber will sie bis Freitag.",
        v,
    )


def pii_documents_ids() -> None:
    rows = [
        (
            "Reisepassnummer: {v}, gültig bis 2031 – reicht das für die ESTA?",
            "C" + rs("FGHJKLMNPRTVWXYZ0123456789", 8),
        ),
        ("My passport number is {v}, the airline form keeps saying invalid.", dg(9)),
        (
            "Numéro de passeport : {v}. Faut-il le mettre pour l'enregistrement en ligne ?",
            dg(2) + rs(UP, 2) + dg(5),
        ),
        (
            "Paspoortnummer {v} — klopt het dat de letter O niet voorkomt?",
            rs("ABCDEFGHIJKLMNPRSTUVWXYZ", 2) + rs("ABCDEFGHIJKLMNPRSTUVWXYZ0123456789", 6) + dg(1),
        ),
        ("旅券番号は {v} です。ESTA申請に必要ですか？", rs(UP, 2) + dg(7)),
        ("여권번호 {v} 로 항공권을 예약했는데 이름 철자가 틀렸어요.", "M" + dg(8)),
        ("Pasaport numaram {v}, vize formunda nereye yazılıyor?", "U" + dg(8)),
    ]
    for tmpl, v in rows:
        P("passport_number", "chat", tmpl.format(v=v), v)
    _full, first, last, _fa, _la = person("en")
    y, m, d = dob()
    v = uk_driving(last, first, y, m, d, R.random() < 0.5)
    P(
        "driving_licence",
        "chat",
        f"DVLA driving licence number {v} — the rental company says it doesn't match my name?",
        v,
    )
    v = R.choice(UP) + dg(7)
    P(
        "driving_licence",
        "chat",
        f"California driver license # {v}, exp 2027. Is it valid ID for TSA?",
        v,
    )
    v = f"{R.choice(UP)}{dg(3)}-{dg(3)}-{dg(2)}-{dg(3)}-{dg(1)}"
    P("driving_licence", "form", f"Driver's License Number: {v}\nState: FL\nClass: E", v)
    v = R.choice("BFKMNS") + dg(3) + rs(UP + DG, 6) + dg(1)
    P(
        "driving_licence",
        "chat",
        f"Führerscheinnummer {v} – wo steht die auf dem Kartenführerschein, Feld 5?",
        v,
    )
    v = dg(12)
    P(
        "driving_licence",
        "chat",
        f"Mon numéro de permis de conduire est {v}, je dois le donner au loueur ?",
        v,
    )
    v = rs(UP, 2) + dg(7) + R.choice(UP)
    P(
        "driving_licence",
        "chat",
        f"Numero patente {v}, come lo inserisco nell'app del car sharing?",
        v,
    )

    for tmpl, f, kind in [
        (
            "Versichertennummer (Krankenversicherung): {v} – TK. Wo finde ich das auf der eGK?",
            kvnr,
            "de_health_insurance",
        ),
        ("NHS number {v} — how do I register with a new GP?", nhs_number, "uk_nhs_number"),
        (
            "Medicare Beneficiary Identifier: {v}\nPart A effective 2022-01-01",
            mbi,
            "us_medicare_mbi",
        ),
        (
            "Member ID {v} on my Aetna card, the pharmacy says coverage not found.",
            lambda: "W" + dg(9),
            "health_insurance",
        ),
        (
            "Polisnummer zorgverzekering: {v} (Zilveren Kruis). Vergoedt dat fysiotherapie?",
            lambda: dg(9),
            "health_insurance",
        ),
    ]:
        v = f()
        P(kind, "chat", tmpl.format(v=v), v)
    y, m, d = dob()
    v = at_svnr(y, m, d)
    P(
        "at_svnr",
        "chat",
        f"Sozialversicherungsnummer {v} – die ÖGK fragt danach, ist die gleich wie auf der e-card?",
        v,
    )
    v = "80" + "276" + dg(15)
    P(
        "health_insurance",
        "chat",
        f"EHIC card number {v}, valid until 2027. Does it cover a doctor visit in Spain?",
        v,
    )


def address(cc: str) -> str:
    h = R.randint(1, 120)
    if cc == "de":
        plz, city = R.choice(
            [(50667, "Köln"), (4107, "Leipzig"), (79098, "Freiburg im Breisgau"), (28195, "Bremen")]
        )
        return f"{R.choice(['Lindenstraße', 'Am Mühlbach', 'Goethestr.', 'Birkenweg', 'Kastanienallee'])} {h}{R.choice(['', 'a', 'b'])}, {plz + R.randint(0, 80):05d} {city}"
    if cc == "at":
        return f"{R.choice(['Hietzinger Hauptstraße', 'Gumpendorfer Straße', 'Linzer Gasse'])} {h}/{R.randint(1, 20)}, {R.choice(['1130', '1060', '5020'])} {R.choice(['Wien', 'Salzburg'])}"
    if cc == "ch":
        return f"{R.choice(['Seestrasse', 'Bahnhofweg', 'Rosenbergstrasse'])} {h}, {R.choice(['8802 Kilchberg', '8400 Winterthur', '9000 St. Gallen'])}"
    if cc == "fr":
        return f"{h} {R.choice(['rue des Lilas', 'avenue Jean Jaurès', 'impasse du Moulin', 'rue Victor Hugo'])}, {R.choice(['69003 Lyon', '33000 Bordeaux', '44000 Nantes', '13006 Marseille'])}"
    if cc == "es":
        street, city = R.choice(
            [
                ("Calle de Toledo", "28005 Madrid"),
                ("Carrer de Mallorca", "08036 Barcelona"),
                ("Avenida de la Constitución", "41001 Sevilla"),
            ]
        )
        return f"{street} {h}, {R.randint(1, 8)}º {R.choice(['izq.', 'dcha.', 'B'])}, {city}"
    if cc == "nl":
        pc, city = R.choice(
            [(3511, "Utrecht"), (9711, "Groningen"), (2011, "Haarlem"), (5611, "Eindhoven")]
        )
        return f"{R.choice(['Kastanjelaan', 'Burgemeester de Withstraat', 'Oudegracht', 'Molenweg'])} {h}{R.choice(['', '-2', 'bis'])}, {pc + R.randint(0, 30)} {rs('ABCDEGHJKLMNPRSTVWXZ', 2)} {city}"
    if cc == "it":
        return f"Via {R.choice(['Giuseppe Verdi', 'Roma', 'dei Mille', 'Garibaldi'])} {h}, {R.choice(['40121 Bologna BO', '20129 Milano MI', '50122 Firenze FI'])}"
    if cc == "pt":
        return f"Rua {R.choice(['da Boavista', 'de Santa Catarina', 'do Alecrim'])} {h}, {R.randint(1, 6)}.º Esq., {R.choice(['4050-102 Porto', '1200-018 Lisboa'])}"
    if cc == "pl":
        return f"ul. {R.choice(['Kwiatowa', 'Mickiewicza', 'Lipowa', 'Długa'])} {h} m. {R.randint(1, 60)}, {R.choice(['02-583 Warszawa', '30-001 Kraków', '80-831 Gdańsk'])}"
    if cc == "se":
        return f"{R.choice(['Storgatan', 'Kungsgatan', 'Björkvägen'])} {h} lgh {R.randint(1001, 1404)}, {R.choice(['114 51 Stockholm', '411 38 Göteborg', '753 20 Uppsala'])}"
    if cc == "dk":
        return f"{R.choice(['Nørrebrogade', 'Vesterbrogade', 'Jægersborggade'])} {h}, {R.randint(1, 5)}. {R.choice(['tv.', 'th.', 'mf.'])}, {R.choice(['2200 København N', '1620 København V', '8000 Aarhus C'])}"
    if cc == "cz":
        return f"{R.choice(['Vinohradská', 'Korunní', 'Milady Horákové'])} {R.randint(100, 2999)}/{h}, {R.choice(['130 00 Praha 3', '120 00 Praha 2', '602 00 Brno'])}"
    if cc == "tr":
        return f"{R.choice(['Bağdat Cad.', 'Atatürk Bulvarı', 'Cumhuriyet Mah. Lale Sok.'])} No: {h} Daire: {R.randint(1, 20)}, {R.choice(['Kadıköy 34728 İstanbul', 'Çankaya 06690 Ankara', 'Karşıyaka 35540 İzmir'])}"
    if cc == "ja":
        return f"〒1{dg(2)}-{dg(4)} 東京都{R.choice(['世田谷区太子堂', '杉並区阿佐谷南', '目黒区中町'])}{R.randint(1, 5)}-{R.randint(1, 30)}-{R.randint(1, 20)} {R.choice(['コーポ', 'メゾン', 'ハイツ'])}{R.choice(['桜', '緑', '青葉'])}{R.randint(101, 405)}"
    if cc == "ko":
        return f"서울특별시 {R.choice(['마포구 월드컵북로', '송파구 올림픽로', '관악구 관악로'])} {R.randint(1, 300)}, {R.randint(101, 115)}동 {R.randint(101, 2204)}호"
    if cc == "uk":
        return f"Flat {R.randint(1, 12)}, {h} {R.choice(['Belvoir Road', 'Cromwell Street', 'Ashley Down Road'])}, {R.choice(['Bristol BS6', 'Leeds LS6', 'Glasgow G12'])} {R.randint(1, 9)}{rs('ABDEFGHJLNPQRSTUWXYZ', 2)}"
    if cc == "us":
        return f"{R.randint(100, 9999)} {R.choice(['N Maplewood Ave', 'Elm St', 'SE Division St', 'Oak Ridge Dr'])}, Apt {R.randint(1, 12)}{R.choice('ABC')}, {R.choice(['Chicago, IL 60647', 'Portland, OR 97202', 'Austin, TX 78704'])}"
    if cc == "ie":
        return f"{h} {R.choice(['Griffith Avenue', 'Marino Crescent'])}, Dublin 9, D09 {rs(UP + DG, 4)}"
    if cc == "be":
        return f"{R.choice(['Rue de la Loi', 'Kerkstraat', 'Chaussée de Wavre'])} {h} bte {R.randint(1, 20)}, {R.choice(['1040 Etterbeek', '2000 Antwerpen', '9000 Gent'])}"
    raise ValueError(cc)


def pii_addresses() -> None:
    for cc, tmpl in [
        (
            "de",
            "Bitte schick das Paket an meine Privatadresse: {a}. Kannst du den Text für DHL formulieren?",
        ),
        ("fr", "J'habite au {a}, peux-tu rédiger une lettre de résiliation pour ma box internet ?"),
        ("es", "Mi dirección es {a}. Redacta una reclamación al casero por la caldera."),
        ("nl", "Mijn adres: {a}. Schrijf een klacht over de bezorging."),
        ("it", "Abito in {a}, scrivi una lettera al condominio per il rumore."),
        ("pt", "Morada: {a}. Podes escrever uma carta para a EDP?"),
        ("pl", "Mój adres: {a}. Napisz proszę reklamację do kuriera."),
        ("se", "Jag bor på {a}, skriv ett klagomål till hyresvärden om värmen."),
        ("dk", "Min adresse er {a}. Skriv en flyttemeddelelse til forsikringen."),
        ("cz", "Bydlím na adrese {a}, napiš reklamaci na pračku."),
        ("tr", "Adresim: {a}. Kargo şikayeti için bir metin yazar mısın?"),
        ("ja", "住所は {a} です。年賀状の宛名の書き方を教えてください。"),
        ("ko", "제 주소는 {a} 입니다. 이사 안내 문자를 써 주세요."),
        ("uk", "My home address is {a} — please format it for a US customs form."),
        ("us", "Ship to my apartment: {a}. Is 'Apt' or '#' better for USPS?"),
    ]:
        a = address(cc)
        P("street_address", "chat", tmpl.format(a=a), a)
    a = address("de")
    q = urllib.parse.quote_plus(a)
    P(
        "street_address_url",
        "url",
        f"https://www.google.com/maps/dir/?api=1&destination={q} – das ist meine Wohnung, der Link für die Party-Einladung",
        q,
    )


def pii_misc() -> None:
    for lang, tmpl, fmt in [
        (
            "de",
            "{n}, geb. {d}, wohnhaft in Hamburg – schreib daraus eine Vollmacht für die Post.",
            "{d:02d}.{m:02d}.{y}",
        ),
        (
            "en",
            "{n} (born {d}) — can you turn this into a short bio for the school newsletter?",
            "{mon} {d}, {y}",
        ),
        (
            "fr",
            "Attestation : je soussigné {n}, né le {d} à Lyon, certifie sur l'honneur...",
            "{d:02d}/{m:02d}/{y}",
        ),
        (
            "es",
            "{n}, nacida el {d}, solicita la renovación del abono de transporte.",
            "{d} de {mes} de {y}",
        ),
        (
            "sv",
            "{n}, född {d}, ansöker om plats i kön. Skriv ett följebrev.",
            "{y}-{m:02d}-{d:02d}",
        ),
        ("ja", "{n}（{d}生まれ）の自己紹介文を作ってください。", "{y}年{m}月{d}日"),
        ("ko", "{n}, {d}생 — 이력서 인적사항 양식으로 정리해 주세요.", "{y}년 {m}월 {d}일"),
    ]:
        name = person(lang)[0]
        y, m, d = dob()
        mon = [
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
        ][m - 1]
        mes = [
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
        ][m - 1]
        ds = fmt.format(d=d, m=m, y=y, mon=mon, mes=mes)
        P("date_of_birth", "chat", tmpl.format(n=name, d=ds), ds)

    ip = home_ip()
    P(
        "home_ip",
        "chat",
        f"My home IP is {ip}, can you check if port 443 is reachable from outside? The router is a Fritzbox.",
        ip,
    )
    ip = home_ip()
    P(
        "home_ip",
        "chat",
        f"Meine IP zu Hause ist {ip} – kann ich die im Hetzner-Firewall-Regelwerk freigeben?",
        ip,
    )
    ip6 = "2003:" + ":".join(hx(4).lstrip("0") or "0" for _ in range(7))
    P("home_ip", "config_file", f"# sshd allow-list, my place\nAllowUsers admin@{ip6}", ip6)
    ip = home_ip()
    P(
        "home_ip",
        "log_line",
        f"Mar 12 21:44:02 nas sshd[2231]: Accepted publickey for admin from {ip} port 52044 ssh2  <- das bin ich von zuhause, oder?",
        ip,
    )
    m1 = mac()
    P(
        "mac_address",
        "chat",
        f"Die MAC-Adresse vom Laptop meiner Tochter ist {m1}, wie sperre ich den nachts im Router?",
        m1,
    )
    m1 = mac().upper().replace(":", "-")
    P(
        "mac_address",
        "chat",
        f"My PS5's MAC is {m1}, how do I give it a fixed IP on the home router?",
        m1,
    )
    m1 = mac()
    P(
        "mac_address",
        "config_file",
        f"host wohnzimmer-tv {{\n  hardware ethernet {m1};\n  fixed-address 192.168.1.50;\n}}",
        m1,
    )

    for tmpl, v in [
        (
            "Jemand hat meinen Golf mit dem Kennzeichen {v} angefahren, wie schreibe ich das an die Versicherung?",
            f"{R.choice(['HH', 'M', 'B', 'K', 'F'])}-{rs(UP, 2)} {R.randint(100, 9999)}",
        ),
        (
            "My car reg is {v}, can you write the complaint about the parking ticket?",
            f"{rs(UP, 2)}{R.randint(10, 24)} {rs('ABCDEFGHJKLMNOPRSTUVWXYZ', 3)}",
        ),
        (
            "Ma voiture est immatriculée {v}, rédige la contestation de l'amende.",
            f"{rs(UP, 2)}-{dg(3)}-{rs(UP, 2)}",
        ),
        (
            "Mi coche, matrícula {v}, recibió una multa en Madrid Central.",
            f"{dg(4)} {rs('BCDFGHJKLMNPRSTVWXYZ', 3)}",
        ),
        (
            "Kenteken {v} – hoe vraag ik een parkeervergunning aan?",
            f"{rs('GHJKLNPRSTXZ', 2)}-{dg(3)}-{R.choice('BDFGHJKLNPRSTVXZ')}",
        ),
        (
            "Aracımın plakası {v}, HGS cezası için itiraz dilekçesi yazar mısın?",
            f"34 {rs(UP, 3)} {dg(3)}",
        ),
    ]:
        P("licence_plate", "chat", tmpl.format(v=v), v)


def pii_documents() -> None:
    # CV header, English
    p = person("en")
    e, n, a = email_of("en", p), phone("uk"), address("uk")
    y, m, d = dob()
    ds = f"{d:02d}/{m:02d}/{y}"
    cv = (
        f"{p[0].upper()}\n{a}\n{n} | {e} | linkedin.com/in/{p[3]}-{p[4]}-{hx(6)}\nDate of birth: {ds}\n\n"
        "PROFILE\nBackend engineer with 8 years of experience in Python and Go, focused on payments and data pipelines.\n\n"
        "EXPERIENCE\n2021–present  Senior Engineer, a fintech scale-up, London\n2017–2021    Software Engineer, logistics SaaS, Bristol\n\n"
        "Can you make this CV sound more senior and cut it to one page?"
    )
    P("cv", "cv", cv, a, n, e, f"linkedin.com/in/{p[3]}-{p[4]}", ds)

    # Lebenslauf, German
    p = person("de")
    e, n, a = email_of("de", p), phone("de"), address("de")
    y, m, d = dob()
    ds = f"{d:02d}.{m:02d}.{y}"
    cv = (
        f"LEBENSLAUF\n\nPersönliche Daten\nName:           {p[0]}\nAnschrift:      {a}\nTelefon:        {n}\nE-Mail:         {e}\n"
        f"Geburtsdatum:   {ds} in Münster\nFamilienstand:  verheiratet, zwei Kinder\n\nBeruflicher Werdegang\n"
        "seit 03/2019   Teamleitung Buchhaltung, mittelständischer Maschinenbauer\n2014–2019      Bilanzbuchhalterin\n\n"
        "Bitte modernisiere das Layout und formuliere die Stationen aktiver."
    )
    P("cv", "cv", cv, a, n, e, ds)

    # 履歴書 header, Japanese
    ja_last, ja_first, la, fa = R.choice(JA)
    e, n, a = f"{fa}.{la}{dg(2)}@{R.choice(DOMAINS['ja'])}", phone("ja", intl=False), address("ja")
    y, m, d = dob()
    ds = f"{y}年{m}月{d}日"
    P(
        "cv",
        "cv",
        f"履歴書\nふりがな　{fa} {la}\n氏名　{ja_last} {ja_first}\n生年月日　{ds}生（満{2025 - y}歳）\n現住所　{a}\n電話　{n}\nメール　{e}\n\nこの履歴書の志望動機をもっと良くしてください。",
        ds,
        a,
        n,
        e,
    )

    # vCards
    p = person("fr")
    e, n, n2, a = email_of("fr", p), phone("fr", intl=True), phone("fr", intl=False), address("fr")
    street, rest = a.split(", ", 1)
    y, m, d = dob()
    bday = f"{y}{m:02d}{d:02d}"
    vc = (
        f"BEGIN:VCARD\nVERSION:3.0\nN:{p[2]};{p[1]};;;\nFN:{p[0]}\nTEL;TYPE=CELL:{n}\nTEL;TYPE=HOME:{n2}\nEMAIL;TYPE=HOME:{e}\n"
        f"ADR;TYPE=HOME:;;{street};{rest.split(' ', 1)[1]};;{rest.split(' ', 1)[0]};France\nBDAY:{bday}\nEND:VCARD"
    )
    P(
        "vcard",
        "vcard",
        "Pourquoi mon iPhone n'importe pas cette fiche ?\n\n" + vc,
        n,
        n2,
        e,
        street,
        bday,
    )
    p = person("pl")
    e, n, a = email_of("pl", p), phone("pl", intl=True), address("pl")
    street = a.split(", ")[0]
    vc = f"BEGIN:VCARD\nVERSION:4.0\nFN:{p[0]}\nTEL;VALUE=uri;TYPE=cell:tel:{n.replace(' ', '')}\nEMAIL:{e}\nADR;TYPE=home:;;{street};Warszawa;;02-583;Polska\nEND:VCARD"
    P("vcard", "vcard", vc, n.replace(" ", ""), e, street)

    # forms
    p = person("nl")
    e, n, a, b, ib = email_of("nl", p), phone("nl"), address("nl"), bsn(), fmt_iban(iban_nl())
    y, m, d = dob()
    ds = f"{d:02d}-{m:02d}-{y}"
    form = (
        f"Huurdersformulier – Woningcorporatie\n\nNaam: {p[0]}\nGeboortedatum: {ds}\nBSN: {b}\nHuidig adres: {a}\nTelefoon: {n}\nE-mail: {e}\n"
        f"IBAN voor automatische incasso: {ib}\nBruto maandinkomen: € 3.450\n\nKun je controleren of ik niets vergeten ben?"
    )
    P("form", "form", form, ds, b, a, n, e, ib)
    p = person("es")
    e, n, a, dn = email_of("es", p), phone("es"), address("es"), dni()
    form = json.dumps(
        {
            "formulario": "alta_socio",
            "nombre": p[0],
            "dni": dn,
            "telefono": n,
            "email": e,
            "direccion": a,
            "acepta_rgpd": True,
        },
        ensure_ascii=False,
        indent=2,
    )
    P(
        "form",
        "json",
        "Este JSON llega a mi endpoint y Django dice 400, ¿qué campo falla?\n" + form,
        dn,
        n,
        e,
        a,
    )
    p = person("tr")
    n, a, tc = phone("tr"), address("tr"), tckn()
    P(
        "form",
        "form",
        f"Kargo Gönderi Formu\nAlıcı: {p[0]}\nT.C. Kimlik No: {tc}\nTelefon: {n}\nAdres: {a}\nİçerik: Kitap (2 adet)\n\nBu formu İngilizceye çevirir misin?",
        tc,
        n,
        a,
    )

    # email threads with signatures
    p1, p2 = person("de"), person("de")
    e1, e2, n1, n2 = email_of("de", p1), email_of("de", p2), phone("de"), phone("de")
    mail = (
        f"Von: {p1[0]} <{e1}>\nAn: {p2[0]} <{e2}>\nBetreff: AW: Übergabe Wohnung Samstag\n\n"
        "Hallo,\n\nSamstag 10 Uhr passt, die Schlüssel bringe ich mit. Den Zählerstand fotografiere ich vorher.\n\n"
        f"Viele Grüße\n{p1[0]}\nMobil: {n1}\n\n"
        f"> Am 10.03.2025 um 18:22 schrieb {p2[0]} <{e2}>:\n> Hallo, passt dir Samstag für die Übergabe?\n> Erreichbar bin ich unter {n2}.\n\n"
        "Kannst du mir eine höfliche Antwort formulieren, dass ich erst um 11 kann?"
    )
    P("email_thread", "email_paste", mail, e1, e2, n1, n2)
    p1 = person("en")
    e1, n1, a1 = email_of("en", p1), phone("us"), address("us")
    mail = (
        f"From: {p1[0]} <{e1}>\nSubject: Re: Refund for order 114-2231987-5520311\n\n"
        "Hi, the blender arrived broken again. I'd like a refund, not a replacement.\n\n"
        f"--\n{p1[0]}\n{a1}\nCell: {n1}\n\n"
        "Please rewrite this so it sounds firm but friendly."
    )
    P("email_thread", "email_paste", mail, e1, a1, n1)
    p1 = person("it")
    e1, n1 = email_of("it", p1), phone("it")
    mail = (
        f"Da: {p1[0]} <{e1}>\nOggetto: Preventivo ristrutturazione bagno\n\nBuongiorno,\nvi allego le misure del bagno.\n\n"
        f"Cordiali saluti\n{p1[0]}\nCell. {n1}\n\nQuesta mail va bene o è troppo informale?"
    )
    P("email_thread", "email_paste", mail, e1, n1)

    # support tickets
    p = person("en")
    e, n, a = email_of("en", p), phone("uk"), address("uk")
    card = card_number("4921", 16)
    last4 = card[-4:]
    tk = (
        f"Ticket #77120 | Channel: chat | Priority: normal\nCustomer: {p[0]}\nEmail: {e}\nPhone: {n}\nShipping address: {a}\n"
        f"Payment: Visa ending {last4}\n\nMessage: Parcel marked as delivered but never arrived. Neighbours haven't got it either.\n\n"
        "Summarise this ticket in two sentences for the courier escalation."
    )
    P("support_ticket", "support_ticket", tk, e, n, a)
    p = person("sv")
    e, pn = email_of("sv", p), personnummer(*dob())
    tk = f"Ärende 2025-0313-044\nKund: {p[0]}\nPersonnummer: {pn}\nE-post: {e}\nÄrende: Fakturan för februari är dubbeldebiterad.\n\nSkriv ett svar på svenska."
    P("support_ticket", "support_ticket", tk, pn, e)

    # CSV, SQL, JSON, markdown
    rows = []
    secrets = []
    for lang in ["de", "fr", "nl", "pl"]:
        q = person(lang)
        e = email_of(lang, q)
        n = phone({"de": "de", "fr": "fr", "nl": "nl", "pl": "pl"}[lang], intl=True)
        rows.append(f"{q[1]},{q[2]},{e},{n},{R.choice(['Gold', 'Silber', 'Basis'])}")
        secrets += [e, n]
    P(
        "csv_export",
        "csv",
        "vorname,nachname,email,telefon,tarif\n"
        + "\n".join(rows)
        + "\n\nWie dedupliziere ich das in pandas?",
        *secrets,
    )
    q = person("cs")
    e, n, rc = email_of("cs", q), phone("cz"), rodne_cislo(*dob(), R.random() < 0.5)
    P(
        "sql_insert",
        "sql",
        f"INSERT INTO zakaznici (jmeno, email, telefon, rodne_cislo) VALUES ('{q[0]}', '{e}', '{n}', '{rc}');",
        e,
        n,
        rc,
    )
    q = person("pt")
    e, n, nif, a = email_of("pt", q), phone("pt"), nif_pt(), address("pt")
    P(
        "api_response",
        "json",
        json.dumps(
            {
                "id": 88213,
                "cliente": {"nome": q[0], "nif": nif, "email": e, "telemovel": n, "morada": a},
                "estado": "ativo",
            },
            ensure_ascii=False,
            indent=2,
        ),
        nif,
        e,
        n,
        a,
    )
    secrets, lines = [], []
    for lang, cc in [("da", "dk"), ("sv", "se"), ("en", "ie")]:
        q = person(lang)
        e, n = email_of(lang, q), phone(cc)
        lines.append(f"| {q[0]} | {n} | {e} |")
        secrets += [n, e]
    P(
        "markdown_table",
        "markdown",
        "| Navn | Telefon | E-mail |\n|---|---|---|\n"
        + "\n".join(lines)
        + "\n\nKan du sortere tabellen efter navn?",
        *secrets,
    )

    # shipping label, invoice, medical letter, Korean delivery
    q = person("ko")
    a, n = address("ko"), phone("ko", intl=False)
    P(
        "shipping_label",
        "chat",
        f"받는 분: {q[0]}\n주소: {a}\n연락처: {n}\n배송 메모: 문 앞에 놓아 주세요\n\n이 송장 정보를 영어로 바꿔 주세요.",
        a,
        n,
    )
    q = person("de")
    a, ib = address("de"), fmt_iban(iban_de())
    inv = (
        f"RECHNUNG Nr. 2025-0147\n\nRechnungsempfänger:\n{q[0]}\n{a}\n\nLeistung: Nachhilfe Mathematik, 8 × 60 min à 35,00 €\nSumme: 280,00 €\n\n"
        f"Bitte überweisen an: {ib} (Kontoinhaberin: {q[0]})\n\nIst die Rechnung so korrekt für Kleinunternehmer nach § 19 UStG?"
    )
    P("invoice", "chat", inv, a, ib)
    q = person("en")
    y, m, d = dob()
    ds, nh, a = f"{d:02d}/{m:02d}/{y}", nhs_number(), address("uk")
    letter = (
        f"Dear {q[0]},\nDOB: {ds}    NHS No: {nh}\nAddress: {a}\n\nYour appointment at the cardiology outpatient clinic is on 14 April at 09:40.\n"
        "Please bring a list of your current medication.\n\nCan you explain in plain words what 'echocardiogram' means?"
    )
    P("medical_letter", "email_paste", letter, ds, nh, a)
    q = person("de")
    y, m, d = dob()
    kv, st, ib = kvnr(), steuer_id(), fmt_iban(iban_de())
    form = (
        f"Personalfragebogen\nName: {q[0]}\nGeburtsdatum: {d:02d}.{m:02d}.{y}\nSteuer-ID: {st}\nKrankenversichertennummer: {kv} (AOK)\n"
        f"Bankverbindung: {ib}\n\nWelche Felder darf der Arbeitgeber eigentlich verlangen?"
    )
    P("form", "form", form, f"{d:02d}.{m:02d}.{y}", st, kv, ib)
    q = person("fr")
    y, m, d = dob()
    v = nir(R.random() < 0.5, y, m)
    a, n = address("fr"), phone("fr")
    P(
        "form",
        "form",
        f"Formulaire mutuelle\nAssuré : {q[0]}\nN° de sécurité sociale : {v}\nAdresse : {a}\nTél. : {n}\n\nTu peux vérifier que tout est rempli ?",
        v,
        a,
        n,
    )
    q = person("en")
    ip, e = home_ip(), email_of("en", q)
    P(
        "http_pii",
        "http",
        f"POST /newsletter/subscribe HTTP/1.1\nHost: api.garden-club-hub.org\nX-Forwarded-For: {ip}\nContent-Type: application/x-www-form-urlencoded\n\nemail={urllib.parse.quote(e)}&consent=1",
        ip,
        urllib.parse.quote(e),
    )
    q = person("en")
    e = email_of("en", q)
    url = f"https://account.streamflix-tv.com/login?email={urllib.parse.quote(e)}&lang=en&ref=mail"
    P(
        "email_in_url",
        "url",
        f"Got this login link in a mail, is it phishing? {url}",
        urllib.parse.quote(e),
    )
    q = person("it")
    e = email_of("it", q)
    P(
        "email",
        "html",
        f'<p>Per info: <a href="mailto:{e}?subject=Affitto%20bilocale">scrivimi</a></p>\nÈ sicuro mettere la mia mail così nel sito?',
        e,
    )


# =========================================================================== negatives

CHAT = [
    ("chat", "thanks, that fixed it!"),
    ("chat", "ok"),
    ("chat", "Danke 🙏"),
    ("chat", "merci beaucoup, c'est parfait"),
    ("chat", "¡Gracias! Funciona."),
    ("chat", "Can you explain the difference between a process and a thread in simple terms?"),
    (
        "chat",
        "Kannst du mir erklären, warum mein Docker-Container nach dem Neustart keine Verbindung zur Datenbank mehr bekommt? Die Logs zeigen nur 'connection refused'.",
    ),
    (
        "chat",
        "Peux-tu reformuler ce paragraphe pour qu'il soit plus concis ? « Nous avons le plaisir de vous annoncer la sortie de la version 3.2 de notre application, qui apporte un mode hors ligne et une synchronisation plus rapide. »",
    ),
    (
        "chat",
        "¿Cuál es la diferencia entre `let` y `const` en JavaScript? ¿Y por qué se desaconseja `var`?",
    ),
    (
        "chat",
        "Hoe zet ik een cronjob op die elke maandag om 07:30 draait, maar niet op feestdagen?",
    ),
    (
        "chat",
        "Mi puoi aiutare a scrivere una query SQL che conta gli ordini per mese negli ultimi due anni?",
    ),
    ("chat", "Como faço para desfazer o último commit sem perder as alterações no working tree?"),
    (
        "chat",
        "Jak mogę przekonwertować plik CSV na Parquet w Pythonie bez ładowania całości do pamięci?",
    ),
    ("chat", "Hur många byte är en UUID och varför skrivs den med bindestreck?"),
    (
        "chat",
        "Kan du oversætte denne sætning til engelsk: »Mødet er flyttet til torsdag kl. 14, lokale 3.12.«",
    ),
    ("chat", "Můžeš mi vysvětlit, co přesně dělá příkaz git rebase -i a kdy ho nepoužívat?"),
    (
        "chat",
        "Python'da bir listeyi nasıl tersine çevirebilirim? reversed() ile [::-1] arasındaki fark ne?",
    ),
    ("chat", "このエラーの意味を教えてください: ModuleNotFoundError: No module named 'numpy'"),
    ("chat", "리액트에서 useEffect가 개발 모드에서 두 번 실행되는 이유가 뭔가요?"),
    (
        "chat",
        "Was ist ein sicheres Passwort? Reichen 12 Zeichen, oder sollte ich lieber eine Passphrase aus vier Wörtern nehmen?",
    ),
    (
        "chat",
        "I forgot my Wi-Fi password. How do I reset the router to factory settings without losing the ISP config?",
    ),
    (
        "chat",
        "My password manager says my password is weak. How long should a passphrase be in 2025?",
    ),
    ("chat", "Qual è il modo migliore per ruotare le chiavi API senza downtime?"),
    ("chat", "Wat is het verschil tussen 'hun' en 'hen'? Ik haal ze altijd door elkaar."),
    (
        "chat",
        "Czy możesz streścić ten artykuł w trzech punktach? Chodzi o zmiany w RODO dotyczące plików cookie.",
    ),
    ("chat", "Vad betyder 'idempotent' i samband med HTTP-metoder?"),
    ("chat", "Hvad er forskellen på en mutex og en semafor?"),
    ("chat", "Proč je v JavaScriptu 0.1 + 0.2 různé od 0.3?"),
    ("chat", "Kubernetes'te bir pod neden CrashLoopBackOff durumunda kalır?"),
    ("chat", "この文章をもっと丁寧な敬語に直してください：「明日の会議、ちょっと遅れます。」"),
    ("chat", "이 문장을 자연스럽게 고쳐 주세요: 회의는 다음 주 화요일 오후 3시에 시작합니다."),
    (
        "chat",
        "Is it safe to paste my .env file here? I'd rather describe the variables instead: DATABASE_URL, REDIS_URL and STRIPE_SECRET_KEY are set, but the app can't read them.",
    ),
    (
        "chat",
        "Explain OAuth 2.0 PKCE like I'm five. Why is the code_verifier random and what does the code_challenge prove?",
    ),
    ("chat", "My SSN was asked for by a gym. Is that normal in the US, and can I refuse?"),
    (
        "chat",
        "Ich muss meine Steuer-ID beim neuen Arbeitgeber angeben – wo finde ich die, wenn ich den Brief vom BZSt verloren habe?",
    ),
    (
        "chat",
        "What does a UK National Insurance number look like, and is it the same as a tax reference?",
    ),
    (
        "chat",
        "A German IBAN has 22 characters: the country code DE, two check digits, the 8-digit bank code and a 10-digit account number. Why do the check digits use mod 97?",
    ),
    ("chat", "Solve 3x² − 12x + 9 = 0 and show the steps."),
    ("chat", "Is 2305843009213693951 prime? I read it's the Mersenne number 2^61 − 1."),
    ("chat", "What is 18446744073709551615 in hexadecimal? It's the max of a uint64, right?"),
    (
        "chat",
        "Ada Lovelace was born on 10 December 1815 and Charles Babbage on 26 December 1791 — how old was she when they met in 1833?",
    ),
    (
        "chat",
        "Alan Turing (born 23 June 1912) — can you list his most important papers with years?",
    ),
    (
        "chat",
        "Johann Sebastian Bach wurde am 21. März 1685 in Eisenach geboren. Welche Werke sollte man zuerst hören?",
    ),
    (
        "chat",
        "The Eiffel Tower is at 48.8584° N, 2.2945° E. How far is that from the Louvre in a straight line?",
    ),
    (
        "chat",
        "PyCon DE & PyData 2025 takes place 23–25 April in Darmstadt. Can you draft a short talk abstract about data validation?",
    ),
    (
        "chat",
        "The Pro plan costs $24.99/month or €229 per year; the team plan is ¥3,480 per seat. Which is cheaper for 7 people over two years?",
    ),
    (
        "chat",
        "My order 302-4819374-5520193 still shows 'processing' after four days. Is that normal for a marketplace seller?",
    ),
    (
        "chat",
        "Rechnung Nr. RE-2025-004817 vom 03.03.2025 über 1.249,00 EUR – muss auf einer Kleinunternehmerrechnung die Steuernummer stehen?",
    ),
    (
        "chat",
        "The DHL tracking for shipment 00340434161094042557 says 'Sendung wurde elektronisch angekündigt' since Monday. What does that mean?",
    ),
    (
        "chat",
        "UPS tracking 1Z9X4E760398215743 is stuck in Köln. Should I contact the shipper or UPS?",
    ),
    (
        "chat",
        "Invoice INV-2024-00831 was paid twice by our accounting team. How do I phrase a request for a credit note?",
    ),
    ("chat", "Deutsche Bahn's service number is 030 2970 — are they reachable on Sundays?"),
    (
        "chat",
        "Apple Support in the US is 1-800-275-2273. Is there a cheaper way to check my warranty status?",
    ),
    ("chat", "La SNCF, c'est le 3635 ? Je veux changer un billet de TGV."),
    (
        "chat",
        "Telekom-Hotline 0800 330 1000 – gibt es eine Möglichkeit, direkt einen Techniker zu bekommen?",
    ),
    ("chat", "Is the Apple Store at 767 Fifth Avenue in New York open 24 hours?"),
    (
        "chat",
        "KaDeWe, Tauentzienstraße 21–24, 10789 Berlin – wann ist die Feinschmeckeretage am Samstag geöffnet?",
    ),
    (
        "chat",
        "Harrods is at 87–135 Brompton Road, London SW1X 7XL. Is there a dress code for the food hall?",
    ),
    (
        "chat",
        "The ISBN 978-0135957059 is The Pragmatic Programmer, 20th anniversary edition — is it worth reading after the first edition?",
    ),
    (
        "chat",
        "Replace <your-api-key> with the key from your dashboard and run the script again — what does that mean when the docs also say to use an env variable?",
    ),
    (
        "chat",
        "The docs say OPENAI_API_KEY=sk-... — do I include the 'sk-' prefix when I paste my own key?",
    ),
    (
        "chat",
        "Error: Invalid API key provided: sk-proj-************************************************Ab3d. I rotated the key yesterday; where is the old one cached?",
    ),
    (
        "chat",
        "What's the format of a JWT? I know it's header.payload.signature, each base64url-encoded, but where does the 'kid' go?",
    ),
    (
        "chat",
        "Für das Formular brauche ich nur Platzhalter: Name: ____________, IBAN: DE__ ____ ____ ____ ____ __, Unterschrift: ____________.",
    ),
    (
        "chat",
        "Wie viele Ziffern hat eine PESEL und wie berechnet man die Prüfziffer? Bitte ohne Beispielnummer erklären.",
    ),
    (
        "chat",
        "Hoe werkt de elfproef voor een BSN? Leg het uit met variabelen in plaats van een echt nummer.",
    ),
    (
        "chat",
        "Please proofread: 'Our quarterly revenue grew by 14.2 % to €8.7 million, driven by strong demand in the Nordics and a 31 % increase in subscription renewals.'",
    ),
]

CODE = [
    (
        "python_code",
        'import os\n\nfrom anthropic import Anthropic\n\nclient = Anthropic(api_key=os.environ["ANTHROPIC_API_KEY"])\nmsg = client.messages.create(model="claude-3-5-sonnet-latest", max_tokens=512, messages=[{"role": "user", "content": prompt}])',
    ),
    (
        "python_code",
        "def luhn_ok(number: str) -> bool:\n    digits = [int(c) for c in number if c.isdigit()]\n    checksum = 0\n    for i, d in enumerate(reversed(digits)):\n        if i % 2 == 1:\n            d = d * 2 - 9 if d > 4 else d * 2\n        checksum += d\n    return checksum % 10 == 0",
    ),
    (
        "python_code",
        'IBAN_RE = re.compile(r"^[A-Z]{2}\\d{2}[A-Z0-9]{11,30}$")\nEMAIL_RE = re.compile(r"^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$")\n\n# why does the IBAN regex accept lowercase input after .upper()?',
    ),
    (
        "python_code",
        'token = secrets.token_urlsafe(32)  # generated per request, never logged\nresponse.set_cookie("csrftoken", token, secure=True, httponly=False, samesite="Strict")',
    ),
    (
        "python_code",
        'password = getpass.getpass("DB password: ")\nconn = psycopg.connect(host="localhost", dbname="app", user="app", password=password)',
    ),
    (
        "python_code",
        "hmac.new(key=os.environb[b'WEBHOOK_SECRET'], msg=body, digestmod=hashlib.sha256).hexdigest()",
    ),
    (
        "python_code",
        'df = pd.read_csv("sales_2024.csv", parse_dates=["date"])\nmonthly = df.groupby(df["date"].dt.to_period("M"))["amount"].sum()\nprint(monthly.tail(3))',
    ),
    (
        "javascript",
        "const apiKey = process.env.STRIPE_SECRET_KEY;\nif (!apiKey) throw new Error('STRIPE_SECRET_KEY is not set');\nconst stripe = new Stripe(apiKey, { apiVersion: '2024-06-20' });",
    ),
    (
        "javascript",
        "export const config = {\n  api: { baseUrl: import.meta.env.VITE_API_URL ?? 'http://localhost:3000' },\n  retries: 3,\n  timeoutMs: 8000,\n};",
    ),
    (
        "go_code",
        'token := os.Getenv("GITHUB_TOKEN")\nif token == "" {\n\tlog.Fatal("GITHUB_TOKEN missing")\n}\nreq.Header.Set("Authorization", "Bearer "+token)',
    ),
    (
        "java_code",
        '@Value("${spring.datasource.password}")\nprivate String dbPassword;  // injected from Vault, never hardcoded',
    ),
    (
        "shell_history",
        'curl -H "Authorization: Bearer $GITHUB_TOKEN" https://api.github.com/repos/python/cpython/releases/latest | jq -r .tag_name',
    ),
    (
        "shell_history",
        "export AWS_PROFILE=staging\naws sts get-caller-identity\naws s3 ls s3://build-artifacts-staging/ --recursive | tail -5",
    ),
    (
        "shell_history",
        "openssl rand -hex 32 > /run/secrets/session_key   # how do I read this file from the container?",
    ),
    (
        "shell_history",
        "ssh-keygen -t ed25519 -C \"ci-runner\" -f ~/.ssh/ci_runner -N ''\nssh-copy-id -i ~/.ssh/ci_runner.pub deploy@10.0.0.12",
    ),
    (
        "yaml",
        "- name: Publish\n  run: npm publish --access public\n  env:\n    NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}\n    GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}",
    ),
    (
        "yaml",
        "env:\n  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef:\n        name: db-credentials\n        key: password\n  - name: LOG_LEVEL\n    value: debug",
    ),
    (
        "yaml",
        'services:\n  web:\n    image: nginx:1.27-alpine\n    ports:\n      - "8080:80"\n    environment:\n      - DB_PASSWORD=${DB_PASSWORD}\n      - API_KEY=${API_KEY:?set API_KEY}',
    ),
    (
        "dotenv",
        "# .env.example — copy to .env and fill in\nOPENAI_API_KEY=sk-...\nSTRIPE_SECRET_KEY=sk_live_...\nDATABASE_URL=postgres://USER:PASSWORD@HOST:5432/DBNAME\nSECRET_KEY=<generate with: openssl rand -hex 32>\nSENTRY_DSN=\n",
    ),
    (
        "dotenv",
        "GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\nAWS_ACCESS_KEY_ID=AKIAXXXXXXXXXXXXXXXX\nAWS_SECRET_ACCESS_KEY=your-secret-access-key\nANTHROPIC_API_KEY=sk-ant-...\n# ^ placeholders from the README, replace before running",
    ),
    (
        "toml",
        '[tool.poetry.dependencies]\npython = "^3.11"\nhttpx = "^0.27.0"\npydantic = "^2.7"\n\n[tool.pytest.ini_options]\naddopts = "-q --strict-markers"\n',
    ),
    (
        "config_file",
        "server {\n    listen 443 ssl http2;\n    server_name _;\n    ssl_certificate     /etc/nginx/tls/fullchain.pem;\n    ssl_certificate_key /etc/nginx/tls/privkey.pem;\n    location / {\n        proxy_pass http://127.0.0.1:8000;\n        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n    }\n}",
    ),
    (
        "config_file",
        "[Unit]\nDescription=Celery worker\nAfter=network.target\n\n[Service]\nUser=celery\nEnvironmentFile=/etc/celery/worker.env\nExecStart=/opt/app/.venv/bin/celery -A app worker -l info -c 4\nRestart=always\n\n[Install]\nWantedBy=multi-user.target",
    ),
    (
        "sql",
        "SELECT date_trunc('month', created_at) AS month, count(*) AS orders, sum(total_cents) / 100.0 AS revenue\nFROM orders\nWHERE created_at >= '2024-01-01' AND status = 'paid'\nGROUP BY 1\nORDER BY 1;",
    ),
    (
        "sql",
        "CREATE TABLE users (\n  id bigserial PRIMARY KEY,\n  email text NOT NULL UNIQUE,\n  password_hash text NOT NULL,\n  created_at timestamptz NOT NULL DEFAULT now()\n);",
    ),
    (
        "sql",
        "ALTER ROLE reporting WITH PASSWORD NULL;  -- password auth disabled, we use IAM tokens now",
    ),
    (
        "terraform",
        'resource "aws_s3_bucket" "logs" {\n  bucket = "acme-access-logs-prod"\n}\n\nresource "aws_db_instance" "main" {\n  engine                      = "postgres"\n  instance_class              = "db.t4g.medium"\n  manage_master_user_password = true\n}',
    ),
    (
        "markdown",
        "| Model | Params | MMLU | Latency (ms) |\n|---|---:|---:|---:|\n| small | 1.1B | 38.2 | 41 |\n| base | 7B | 61.9 | 118 |\n| large | 70B | 79.4 | 612 |\n\nCan you add a column with cost per 1k tokens?",
    ),
    (
        "markdown",
        "## Setup\n\n1. `cp .env.example .env`\n2. Put your key in `OPENAI_API_KEY` (it starts with `sk-`)\n3. `make dev`\n\nNever commit `.env`.",
    ),
    (
        "http",
        "GET /api/v2/products?page=3&per_page=50 HTTP/1.1\nHost: shop-api.internal\nAccept: application/json\nUser-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36\nAccept-Encoding: gzip, br\n",
    ),
    (
        "http",
        'HTTP/1.1 401 Unauthorized\nWWW-Authenticate: Bearer realm="api", error="invalid_token", error_description="The access token expired"\nContent-Type: application/json\n\n{"error":"invalid_token"}',
    ),
    (
        "json",
        '{\n  "openapi": "3.1.0",\n  "components": {\n    "securitySchemes": {\n      "bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"},\n      "apiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"}\n    }\n  }\n}',
    ),
    (
        "postman",
        '{\n  "auth": {"type": "bearer", "bearer": [{"key": "token", "value": "{{access_token}}", "type": "string"}]},\n  "variable": [{"key": "baseUrl", "value": "http://localhost:8080"}]\n}',
    ),
    (
        "log_line",
        '10.0.3.17 - - [12/Mar/2025:10:14:03 +0000] "GET /healthz HTTP/1.1" 200 2 "-" "kube-probe/1.29"',
    ),
    (
        "log_line",
        "Mar 12 10:14:07 gw01 kernel: [UFW BLOCK] IN=eth0 OUT= SRC=192.168.1.87 DST=192.168.1.1 LEN=60 PROTO=TCP SPT=51544 DPT=22",
    ),
    (
        "log_line",
        "2025-03-14T09:26:53.417Z INFO  worker-3 job=nightly-export duration_ms=48213 rows=1204331 status=ok",
    ),
    (
        "log_line",
        '[2025-03-12 08:00:01] production.ERROR: SQLSTATE[HY000] [2002] Connection refused (SQL: select * from `jobs` where `queue` = default limit 1) {"exception":"[object] (Illuminate\\\\Database\\\\QueryException(code: 2002)"}',
    ),
    (
        "log_line",
        'level=warn ts=2025-03-12T11:02:44.118Z caller=scrape.go:1384 component="scrape manager" target=http://10.42.1.19:9100/metrics msg="Append failed" err="out of bounds"',
    ),
    (
        "stack_trace",
        'Traceback (most recent call last):\n  File "/app/main.py", line 42, in <module>\n    result = compute(batch)\n  File "/app/pipeline/compute.py", line 17, in compute\n    return sum(x.weight for x in batch) / len(batch)\nZeroDivisionError: division by zero',
    ),
    (
        "stack_trace",
        'java.lang.NullPointerException: Cannot invoke "String.length()" because "name" is null\n\tat com.shop.catalog.ProductMapper.toDto(ProductMapper.java:58)\n\tat com.shop.catalog.CatalogService.list(CatalogService.java:112)',
    ),
    (
        "jupyter",
        "In [4]: df.describe()\nOut[4]:\n             price      quantity\ncount  1204.000000  1204.000000\nmean     23.418000     3.112000\nstd      11.902000     2.407000\nmin       0.990000     1.000000\nmax      89.000000    24.000000",
    ),
    (
        "git_diff",
        "diff --git a/app/http.py b/app/http.py\n--- a/app/http.py\n+++ b/app/http.py\n@@ -8,7 +8,7 @@ from httpx import Client\n-TIMEOUT = 5.0\n+TIMEOUT = 15.0\n RETRIES = 3\n",
    ),
    (
        "csv",
        "sku,name,price_eur,stock\nTS-1001,Bio-Tee Rooibos 100 g,4.95,312\nTS-1002,Grüntee Sencha 100 g,6.50,88\nTS-1003,Earl Grey 250 g,9.90,0\n",
    ),
    (
        "crash_report",
        "Exception Type:  EXC_BAD_ACCESS (SIGSEGV)\nException Codes: KERN_INVALID_ADDRESS at 0x0000000000000010\nTermination Reason: Namespace SIGNAL, Code 11 Segmentation fault: 11\n\nThread 0 Crashed:: Dispatch queue: com.apple.main-thread\n0   libobjc.A.dylib   0x00000001a2c1d3f0 objc_msgSend + 16\n1   AppKit            0x00000001a6b8e1c4 -[NSView _drawRect:clip:] + 84",
    ),
    (
        "har",
        '{\n  "request": {"method": "GET", "url": "https://cdn.jsdelivr.net/npm/chart.js@4.4.1/dist/chart.umd.min.js", "headers": [{"name": "accept", "value": "*/*"}]},\n  "response": {"status": 200, "headers": [{"name": "cache-control", "value": "public, max-age=31536000, immutable"}]}\n}',
    ),
    (
        "shell_history",
        "$ kubectl get pods -n shop\nNAME                        READY   STATUS             RESTARTS      AGE\napi-6d9f7c8b5d-4kx2p        1/1     Running            0             2d\nworker-7c9f8d6b5-xk2lp      0/1     CrashLoopBackOff   14 (3m ago)   47m",
    ),
    (
        "shell_history",
        "$ python --version\nPython 3.12.4\n$ node -v\nv20.11.1\n$ nvcc --version | tail -1\nBuild cuda_12.4.r12.4/compiler.34097967_0",
    ),
    (
        "markdown",
        "## Changelog\n\n### 2.14.3 — 2025-03-10\n- Fix race in cache invalidation (#912)\n- Bump `cryptography` to 42.0.5\n\n### 2.14.2 — 2025-02-27\n- Docs only",
    ),
    (
        "css",
        ":root {\n  --brand: #1f6feb;\n  --brand-dark: #0b3d91;\n  --accent: #f2994a;\n  --radius: 12px;\n}",
    ),
    (
        "config_file",
        "# .gitignore\n.env\n.env.*\n!.env.example\n*.pem\n*.key\n__pycache__/\n.venv/\nnode_modules/",
    ),
    (
        "chat",
        "usage: deployctl [-h] [--token TOKEN] [--password-file PATH] [--dry-run] target\n\nWhat's the safest way to pass --token in a CI job?",
    ),
    (
        "prometheus",
        '# HELP http_requests_total Total HTTP requests\n# TYPE http_requests_total counter\nhttp_requests_total{method="GET",code="200"} 1027334\nhttp_requests_total{method="POST",code="500"} 12',
    ),
    (
        "chat",
        "ff:ff:ff:ff:ff:ff is the broadcast MAC address, right? And 01:00:5e is the multicast prefix for IPv4?",
    ),
    (
        "chat",
        "Bind the dev server to 0.0.0.0:8000 and open http://127.0.0.1:8000 — why does it work on Linux but not in WSL?",
    ),
    (
        "email_paste",
        "Subject: Maintenance window Saturday\n\nHi all,\n\nthe database cluster will be upgraded on Saturday 15 March between 06:00 and 08:00 CET. Expect up to 10 minutes of read-only mode.\n\nThanks,\nPlatform team",
    ),
    (
        "email_paste",
        "Betreff: Protokoll Teammeeting 11.03.\n\n1. Release 4.2 verschiebt sich auf KW 13.\n2. Neue On-Call-Rotation ab April.\n3. Budget für Schulungen: 1.500 € pro Person.\n\nNächstes Meeting: 25.03., 10:00 Uhr, Raum Elbe.",
    ),
    ("chat", "一般的に、パスワードは何文字以上にするべきですか？記号は必須ですか？"),
    ("chat", "비밀번호를 안전하게 저장하려면 bcrypt와 argon2 중 무엇을 써야 하나요?"),
    ("chat", "Şifreleri veritabanında nasıl saklamalıyım? SHA-256 yeterli mi?"),
    (
        "chat",
        "Jak bezpiecznie przechowywać hasła użytkowników w bazie danych? bcrypt czy argon2id?",
    ),
    ("chat", "Quero entender o que é um token JWT e por que não devo guardá-lo no localStorage."),
    (
        "chat",
        "Wi-Fi-Gastnetz einrichten: Soll ich WPA3 oder WPA2/WPA3-Mixed nehmen, wenn alte Drucker im Netz sind?",
    ),
    (
        "chat",
        "Come funziona l'autenticazione a due fattori con TOTP? Perché il codice cambia ogni 30 secondi?",
    ),
    ("chat", "Hoe genereer ik een WireGuard-sleutelpaar en waar laat ik de private key staan?"),
    ("chat", "Como configuro o PostgreSQL para aceitar conexões apenas de 10.0.0.0/8?"),
]


def negatives() -> None:
    for ctx, text in CHAT + CODE:
        N(ctx, text)
    # a long code-review request without any credential
    N(
        "python_code",
        "Could you review this function? It works, but it feels clunky and I'm not sure about the retry logic.\n\n```python\n"
        "def fetch_all(session, url, *, page_size=100, max_retries=3):\n    items, page = [], 1\n    while True:\n"
        '        for attempt in range(max_retries):\n            resp = session.get(url, params={"page": page, "per_page": page_size}, timeout=10)\n'
        "            if resp.status_code < 500:\n                break\n            time.sleep(2 ** attempt)\n        resp.raise_for_status()\n"
        '        batch = resp.json()["items"]\n        items.extend(batch)\n        if len(batch) < page_size:\n            return items\n        page += 1\n```\n\n'
        "In particular: should the sleep be jittered, and is it bad that a 4xx breaks out of the retry loop immediately?",
    )
    # a long essay for proofreading
    N(
        "chat",
        "Bitte korrigiere Rechtschreibung und Stil, aber ändere den Inhalt nicht:\n\n"
        "Die Digitalisierung der Verwaltung schreitet voran, doch viele Bürgerinnen und Bürger erleben sie vor allem als zusätzliche Hürde. "
        "Formulare, die früher auf Papier ausgefüllt wurden, stehen heute zwar online zur Verfügung, setzen aber oft ein Nutzerkonto, "
        "eine App und ein aktuelles Smartphone voraus. Gerade ältere Menschen fühlen sich dadurch ausgeschlossen. Eine gelungene "
        "Digitalisierung müsste deshalb analoge Wege offenhalten und die Online-Angebote so gestalten, dass sie ohne Vorwissen nutzbar sind.",
    )
    N(
        "chat",
        "Voici le brouillon de mon discours pour le pot de départ d'une collègue. Peux-tu le rendre plus chaleureux sans dépasser une minute à l'oral ?\n\n"
        "« Après douze ans dans l'équipe, tu pars vers de nouvelles aventures. Tu as formé la moitié d'entre nous, tu as survécu à trois migrations "
        "de logiciel et tu n'as jamais oublié un anniversaire. Merci pour tout, et bonne route ! »",
    )
    N(
        "chat",
        "Necesito un resumen para la reunión del lunes: el equipo terminó la migración a PostgreSQL 16, el tiempo medio de respuesta bajó de 420 ms "
        "a 180 ms y quedan pendientes dos tareas: revisar los índices de la tabla de pedidos y documentar el proceso de copias de seguridad.",
    )
    N(
        "chat",
        "製品説明を英語に翻訳してください：「この折りたたみ傘は重さわずか180グラムで、強風にも耐える8本骨構造を採用しています。カラーは全5色、価格は税込3,980円です。」",
    )

    # generated lookalikes
    for _ in range(3):
        log = "\n".join(
            f"{hx(7)} {R.choice(['fix', 'feat', 'chore', 'docs', 'refactor'])}: {R.choice(['bump deps', 'handle empty cart', 'retry on 503', 'update README', 'split settings module', 'remove dead code', 'add pagination to orders'])}"
            for _ in range(R.randint(3, 6))
        )
        N("shell_history", "$ git log --oneline -n 6\n" + log)
    N(
        "chat",
        f"Which commit introduced the regression? Bisect ended at {hx(40)}, the parent is {hx(40)}.",
    )
    for _ in range(2):
        u = uuid4()
        N(
            "json",
            json.dumps(
                {
                    "id": u,
                    "type": "product",
                    "sku": f"SKU-{dg(6)}",
                    "price": {
                        "amount": R.randint(199, 99999) / 100,
                        "currency": R.choice(["EUR", "USD", "SEK"]),
                    },
                    "created_at": f"2025-0{R.randint(1, 3)}-{R.randint(10, 28)}T{R.randint(0, 23):02d}:{R.randint(0, 59):02d}:00Z",
                },
                indent=2,
            ),
        )
    N(
        "chat",
        f"Our request ids look like {uuid4()} — is UUIDv7 better for database indexes than v4?",
    )
    d = hx(64)
    N(
        "shell_history",
        f"$ docker images --digests | head -3\nREPOSITORY   TAG       DIGEST                                                                    IMAGE ID       CREATED      SIZE\npython       3.12-slim sha256:{d}   {hx(12)}   2 days ago   129MB",
    )
    N(
        "chat",
        f"sha256sum of the release tarball: {hx(64)} — the website lists a different value, should I worry?",
    )
    N(
        "config_file",
        "\n".join(
            f"{pkg}=={ver} \\\n    --hash=sha256:{hx(64)}"
            for pkg, ver in [("requests", "2.32.3"), ("urllib3", "2.2.2"), ("idna", "3.7")]
        ),
    )
    integ = "sha512-" + b64e(rb(64))
    N(
        "json",
        f'"node_modules/lodash": {{\n  "version": "4.17.21",\n  "resolved": "https://registry.npmjs.org/lodash/-/lodash-4.17.21.tgz",\n  "integrity": "{integ}"\n}}',
    )
    for text in [
        '{"page":2,"per_page":50}',
        "version=2.14.3;channel=stable",
        "Das ist nur ein Test der Base64-Kodierung.",
    ]:
        N("shell_history", f"$ echo '{b64e(text.encode())}' | base64 -d\n{text}")
    cur = b64u(json.dumps({"after": R.randint(1000, 9999), "sort": "created_at"}).encode())
    N(
        "http",
        f"GET /api/v1/events?cursor={cur}&limit=100 HTTP/1.1\nHost: events.internal\nAccept: application/json",
    )
    N(
        "chat",
        f"sha256('hello') is {hashlib.sha256(b'hello').hexdigest()} — why is it different from what my Java code prints?",
    )
    N(
        "chat",
        f"md5 of an empty file is {hashlib.md5(b'').hexdigest()}, right? I see it all over our dedup table.",
    )
    for _ in range(2):
        ip1, ip2 = (
            f"10.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(1, 254)}",
            f"192.168.{R.randint(0, 255)}.{R.randint(1, 254)}",
        )
        N(
            "log_line",
            f'2025-03-{R.randint(10, 28)}T{R.randint(0, 23):02d}:{R.randint(0, 59):02d}:{R.randint(0, 59):02d}Z WARN upstream timed out (110: Connection timed out) while connecting to upstream, client: {ip1}, server: _, upstream: "http://{ip2}:8080/api"',
        )
    N(
        "chat",
        f"Build {R.randint(2024, 2025)}{R.randint(1, 12):02d}{R.randint(1, 28):02d}.{R.randint(1, 9)} of version {R.randint(1, 9)}.{R.randint(0, 30)}.{R.randint(0, 20)} fails only on arm64, x86_64 is fine.",
    )
    N(
        "chat",
        f"Our order numbers look like ORD-{dg(4)}-{dg(6)} and invoices like INV-{dg(4)}-{dg(5)}. Should the check digit be part of the id?",
    )
    N(
        "chat",
        f"The barcode on the box is {ean13('40')} — how do I validate an EAN-13 check digit in SQL?",
    )
    N("chat", f"The trace has trace_id={hx(32)} and span_id={hx(16)}; how do I find it in Tempo?")
    N(
        "chat",
        f"Sentry event {hx(32)} keeps recurring — how do I group it with the other TypeError?",
    )
    N(
        "chat",
        f"The Stripe webhook event id is evt_{rs(AN, 24)} and the request id req_{rs(AN, 14)}; support asked for both. Are they safe to share?",
    )
    N(
        "chat",
        f"AWS says the request id was {uuid4()} and the S3 extended request id was {b64e(rb(48))} — what do I send to support?",
    )
    N(
        "chat",
        "arn:aws:iam::aws:policy/AdministratorAccess is attached to the role; which managed policy is the least-privilege alternative for read-only S3?",
    )
    N(
        "chat",
        f"Kubernetes resourceVersion {dg(8)} conflicts — what does 'the object has been modified' mean?",
    )
    N(
        "chat",
        f"Die Sendungsnummer {dg(20)} zeigt seit drei Tagen keinen neuen Status. Wen kontaktiere ich?",
    )
    N(
        "chat",
        f"Tracking number {rs(UP, 2)}{dg(9)}DE from Deutsche Post — how long does a small parcel to Canada usually take?",
    )


# =========================================================================== main


def main() -> None:
    secrets_cloud()
    secrets_dev()
    secrets_saas()
    secrets_other_saas()
    secrets_auth()
    secrets_keys()
    secrets_passwords()
    secrets_crypto()
    secrets_misc()
    secrets_documents()
    pii_contact()
    pii_finance()
    pii_ids()
    pii_documents_ids()
    pii_addresses()
    pii_misc()
    pii_documents()
    negatives()

    texts = [r["text"] for r in ROWS]
    assert len(texts) == len(set(texts)), "duplicate texts"
    rows = list(ROWS)
    R.shuffle(rows)
    with OUT.open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")

    cats = Counter(r["category"] for r in rows)
    kinds = Counter((r["category"], r["kind"]) for r in rows)
    print(f"wrote {len(rows)} lines to {OUT}")
    print(dict(sorted(cats.items())))
    for (cat, kind), n in sorted(kinds.items()):
        print(f"  {cat:8} {kind:32} {n}")


if __name__ == "__main__":
    main()
