# ruff: noqa: E501
"""Blind scrub corpus #4: generator for ``blind4.jsonl``.

This corpus was written *blind*: its author did not look at the scrubber's
source, its tests, its benchmark harness or any earlier corpus while writing
it, so the lines measure the scrubber honestly instead of mirroring it.

The script is deterministic (one ``random.Random`` with a fixed seed, stdlib
only) and writes ``blind4.jsonl`` next to itself, one JSON object per line::

    {"text": str,                      # what a user pasted into a chat
     "category": "secret" | "pii" | "negative",
     "kind": str,                      # e.g. "github_token", "iban", "negative"
     "secrets": [str, ...],            # exact substrings of text that must not
                                       # survive scrubbing (>= 6 chars each);
                                       # empty for negatives
     "context": str}                   # chat, python_code, shell_history, ...

Negatives must come out of the scrubber unchanged: they hold nothing secret or
personal, although many of them look suspicious on purpose (commit hashes,
UUIDs, placeholders, published example credentials and test cards, fictional
phone ranges, famous people's birth dates, famous institutions' addresses...).

Generated values use realistic prefixes and lengths, and personal numbers carry
valid check digits (Luhn, IBAN mod 97, BSN 11-proof, Steuer-ID ISO 7064,
NIR key, DNI/NIE letter, codice fiscale, PESEL, personnummer, Belgian
rijksregisternummer, Portuguese NIF).

Run:  python bench/data/scrub/make_blind4.py
"""

from __future__ import annotations

import base64
import json
import random
import string
import unicodedata
import zlib
from collections import Counter
from pathlib import Path

SEED = 0xB11D4
R = random.Random(SEED)
OUT = Path(__file__).with_name("blind4.jsonl")

UP = string.ascii_uppercase
LO = string.ascii_lowercase
DG = string.digits
AN = string.ascii_letters + string.digits
HX = "0123456789abcdef"
B64C = AN + "+/"
URLC = AN + "-_"


# --------------------------------------------------------------------------
# small random helpers
# --------------------------------------------------------------------------


def rs(n: int, alphabet: str = AN) -> str:
    return "".join(R.choice(alphabet) for _ in range(n))


def digits(n: int) -> str:
    return rs(n, DG)


def nz_digits(n: int) -> str:
    return R.choice("123456789") + digits(n - 1)


def b64(nbytes: int) -> str:
    return base64.b64encode(R.randbytes(nbytes)).decode()


def b64url(nbytes: int, pad: bool = False) -> str:
    s = base64.urlsafe_b64encode(R.randbytes(nbytes)).decode()
    return s if pad else s.rstrip("=")


def uuid4() -> str:
    h = rs(32, HX)
    h = h[:12] + "4" + h[13:16] + R.choice("89ab") + h[17:]
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def b62(n: int) -> str:
    out = ""
    while n:
        n, r = divmod(n, 62)
        out = (DG + UP + LO)[r] + out
    return out or "0"


def human_pw() -> str:
    word = R.choice(
        [
            "Sommer",
            "Winter",
            "Blume",
            "Falcon",
            "Tigre",
            "Kasztan",
            "Zonnebloem",
            "Girasole",
            "Laranja",
            "Hallon",
            "Sakura",
            "Dragon",
            "Kaffee",
            "Lisboa",
            "Mariposa",
            "Chouette",
            "Bicicleta",
            "Ijsbeer",
            "Pomodoro",
            "Vinter",
            "Biedronka",
            "Tartaruga",
            "Eichhorn",
        ]
    )
    sep = R.choice(["", "", "-", "_", "."])
    return f"{word}{sep}{R.randint(11, 2024)}{R.choice('!?#$%*&')}"


def strong_pw(n: int = 16, url_safe: bool = False) -> str:
    extra = "-_.~" if url_safe else "!#$%&*+-=?@^_"
    while True:
        pw = rs(n, AN + extra)
        if any(c.isdigit() for c in pw) and any(c.isupper() for c in pw):
            return pw


def any_pw(url_safe: bool = False) -> str:
    if url_safe:
        return strong_pw(R.randint(14, 22), url_safe=True)
    return human_pw() if R.random() < 0.45 else strong_pw(R.randint(12, 20))


# --------------------------------------------------------------------------
# check-digit helpers (personal numbers must be *valid* to be fair)
# --------------------------------------------------------------------------


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


PUBLISHED_TEST_CARDS = {
    "4242424242424242",
    "4000056655665556",
    "5555555555554444",
    "4111111111111111",
    "378282246310005",
    "371449635398431",
    "6011111111111117",
    "3530111333300000",
    "5105105105105100",
    "4012888888881881",
    "2223003122003222",
}


def card_number(kind: str) -> str:
    while True:
        if kind == "visa":
            p = "4" + digits(14)
        elif kind == "mc":
            p = str(R.randint(51, 55)) + digits(13)
        elif kind == "mc2":
            p = str(R.randint(2221, 2720)) + digits(11)
        elif kind == "amex":
            p = R.choice(["34", "37"]) + digits(12)
        elif kind == "discover":
            p = "6011" + digits(11)
        elif kind == "jcb":
            p = str(R.randint(3528, 3589)) + digits(11)
        else:
            raise ValueError(kind)
        n = p + luhn_digit(p)
        if n not in PUBLISHED_TEST_CARDS:
            assert luhn_ok(n)
            return n


def group_card(n: str, sep: str = " ") -> str:
    if len(n) == 15:
        return sep.join([n[:4], n[4:10], n[10:]])
    return sep.join(n[i : i + 4] for i in range(0, len(n), 4))


def iban_check(country: str, bban: str) -> str:
    s = bban + country + "00"
    n = int("".join(str(int(c, 36)) for c in s))
    return f"{98 - n % 97:02d}"


def iban_ok(iban: str) -> bool:
    s = iban[4:] + iban[:4]
    return int("".join(str(int(c, 36)) for c in s.upper())) % 97 == 1


def es_dc(s10: str) -> str:
    w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]
    r = 11 - sum(int(d) * w[i] for i, d in enumerate(s10)) % 11
    return str({11: 0, 10: 1}.get(r, r))


_ODD_DIGITS = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21]
_ODD_LETTERS = [*_ODD_DIGITS, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]
CF_ODD = dict(zip(DG + UP, [*_ODD_DIGITS, *_ODD_LETTERS], strict=True))


def cf_even(c: str) -> int:
    return int(c) if c.isdigit() else ord(c) - 65


def cf_check(s: str) -> str:
    total = sum(CF_ODD[c] if i % 2 == 0 else cf_even(c) for i, c in enumerate(s))
    return chr(65 + total % 26)


def bban_de() -> str:
    return nz_digits(8) + digits(10)


def bban_fr() -> str:
    bank, branch, acc = digits(5), digits(5), digits(11)
    key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(acc)) % 97
    return f"{bank}{branch}{acc}{key:02d}"


def bban_es() -> str:
    bank, branch, acc = R.choice(["2100", "0049", "0182", "2080", "0081"]), digits(4), digits(10)
    return bank + branch + es_dc("00" + bank + branch) + es_dc(acc) + acc


def bban_nl() -> str:
    bank = R.choice(["ABNA", "RABO", "TRIO", "SNSB", "ASNB", "KNAB", "BUNQ"])
    while True:
        acc = nz_digits(10)
        if sum(int(d) * (10 - i) for i, d in enumerate(acc)) % 11 == 0:
            return bank + acc


def bban_it() -> str:
    rest = R.choice(["03069", "02008", "05034", "03062"]) + digits(5) + digits(12)
    return cf_check(rest) + rest


def bban_be() -> str:
    n = digits(10)
    c = int(n) % 97 or 97
    return f"{n}{c:02d}"


def bban_pt() -> str:
    b = R.choice(["0035", "0033", "0007", "0010", "0036"]) + digits(4) + digits(11)
    return b + f"{98 - int(b) * 100 % 97:02d}"


BBAN = {
    "DE": bban_de,
    "FR": bban_fr,
    "ES": bban_es,
    "NL": bban_nl,
    "IT": bban_it,
    "BE": bban_be,
    "PT": bban_pt,
    "PL": lambda: digits(24),
    "SE": lambda: digits(20),
    "GB": lambda: R.choice(["NWBK", "BARC", "HBUK", "LOYD", "MIDL", "MONZ"]) + digits(14),
    "AT": lambda: digits(16),
    "CH": lambda: digits(17),
    "IE": lambda: R.choice(["AIBK", "BOFI"]) + digits(14),
}


def make_iban(country: str) -> str:
    bban = BBAN[country]()
    iban = country + iban_check(country, bban) + bban
    assert iban_ok(iban), iban
    return iban


def spaced(s: str, n: int = 4) -> str:
    return " ".join(s[i : i + n] for i in range(0, len(s), n))


def ssn() -> str:
    while True:
        area = R.randint(1, 899)
        if area != 666:
            break
    return f"{area:03d}-{R.randint(1, 99):02d}-{R.randint(1, 9999):04d}"


def nino() -> str:
    while True:
        p = R.choice("ABCEGHJKLMNOPRSTWXYZ") + R.choice("ABCEGHJKLMNPRSTWXYZ")
        if p not in {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"}:
            break
    return p + digits(6) + R.choice("ABCD")


def bsn() -> str:
    while True:
        d = [R.randint(1, 6)] + [R.randint(0, 9) for _ in range(7)]
        s = sum(x * (9 - i) for i, x in enumerate(d)) % 11
        if s < 10:
            return "".join(map(str, d)) + str(s)


def steuer_check(ten: str) -> str:
    product = 10
    for ch in ten:
        s = (int(ch) + product) % 10
        if s == 0:
            s = 10
        product = (s * 2) % 11
    c = 11 - product
    return "0" if c == 10 else str(c)


def steuer_id() -> str:
    while True:
        pool = R.sample(range(10), 9)
        ds = [*pool, R.choice(pool)]
        R.shuffle(ds)
        if ds[0] != 0:
            ten = "".join(map(str, ds))
            return ten + steuer_check(ten)


def nir(sex: int, yy: int, mm: int) -> str:
    dept = R.choice([13, 33, 35, 44, 59, 67, 69, 75, 92, 93, 31, 6])
    base = f"{sex}{yy:02d}{mm:02d}{dept:02d}{R.randint(1, 990):03d}{R.randint(1, 999):03d}"
    key = 97 - int(base) % 97
    return base + f"{key:02d}"


def fmt_nir(n: str) -> str:
    return f"{n[0]} {n[1:3]} {n[3:5]} {n[5:7]} {n[7:10]} {n[10:13]} {n[13:]}"


DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"


def dni() -> str:
    n = R.randint(10_000_000, 79_999_999)
    return f"{n}{DNI_LETTERS[n % 23]}"


def nie() -> str:
    idx = R.randint(0, 2)
    n = digits(7)
    return f"{'XYZ'[idx]}{n}{DNI_LETTERS[int(str(idx) + n) % 23]}"


def cf_part(s: str, is_name: bool) -> str:
    s = "".join(c for c in s.upper() if c.isalpha())
    cons = [c for c in s if c not in "AEIOU"]
    vow = [c for c in s if c in "AEIOU"]
    if is_name and len(cons) >= 4:
        cons = [cons[0], cons[2], cons[3]]
    return ("".join(cons + vow) + "XXX")[:3]


def codice_fiscale(first: str, last: str, y: int, m: int, d: int, female: bool) -> str:
    s = (
        cf_part(last, False)
        + cf_part(first, True)
        + f"{y % 100:02d}"
        + "ABCDEHLMPRST"[m - 1]
        + f"{d + (40 if female else 0):02d}"
        + R.choice(["H501", "F205", "L219", "F839", "A944", "D612", "G273"])
    )
    return s + cf_check(s)


def pesel(y: int, m: int, d: int, female: bool) -> str:
    mm = m + (20 if y >= 2000 else 0)
    sex = R.choice("02468" if female else "13579")
    base = f"{y % 100:02d}{mm:02d}{d:02d}{digits(3)}{sex}"
    w = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]
    c = (10 - sum(int(x) * w[i] for i, x in enumerate(base)) % 10) % 10
    return base + str(c)


def personnummer(y: int, m: int, d: int) -> str:
    base = f"{y % 100:02d}{m:02d}{d:02d}{R.randint(2, 998):03d}"
    return f"{base[:6]}-{base[6:]}{luhn_digit(base)}"


def be_rrn(y: int, m: int, d: int) -> str:
    seq = R.randint(1, 997)
    base = f"{y % 100:02d}{m:02d}{d:02d}{seq:03d}"
    n = int(base) + (2_000_000_000 if y >= 2000 else 0)
    c = 97 - n % 97
    return f"{base[:2]}.{base[2:4]}.{base[4:6]}-{base[6:9]}.{c:02d}"


def pt_nif() -> str:
    d = R.choice("123") + digits(7)
    r = sum(int(x) * (9 - i) for i, x in enumerate(d)) % 11
    return d + str(0 if r < 2 else 11 - r)


def self_test() -> None:
    assert codice_fiscale.__name__ and cf_check("RSSMRA85T10A562") == "S"
    assert steuer_check("8609574271") == "9"
    assert luhn_digit("811218987") == "6"
    assert iban_ok("DE89370400440532013000") and iban_ok("GB82WEST12345698765432")
    w = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]
    assert (10 - sum(int(x) * w[i] for i, x in enumerate("4405140135")) % 10) % 10 == 9


# --------------------------------------------------------------------------
# people
# --------------------------------------------------------------------------

PEOPLE = {
    "en": [
        ("Emily", "Carter"),
        ("James", "O'Connor"),
        ("Sarah", "Mitchell"),
        ("Daniel", "Hughes"),
        ("Olivia", "Bennett"),
        ("Michael", "Turner"),
        ("Hannah", "Whitfield"),
        ("Ryan", "Gallagher"),
    ],
    "de": [
        ("Jonas", "Becker"),
        ("Lena", "Hoffmann"),
        ("Felix", "Schröder"),
        ("Katrin", "Wagner"),
        ("Tobias", "Krüger"),
        ("Miriam", "Vogel"),
        ("Jürgen", "Möller"),
        ("Anja", "Lehmann"),
    ],
    "fr": [
        ("Camille", "Lefèvre"),
        ("Julien", "Moreau"),
        ("Élodie", "Garnier"),
        ("Mathieu", "Roussel"),
        ("Chloé", "Fontaine"),
        ("Nicolas", "Girard"),
    ],
    "es": [
        ("Lucía", "Fernández"),
        ("Javier", "Morales"),
        ("Carmen", "Ruiz"),
        ("Sergio", "Navarro"),
        ("Marta", "Iglesias"),
        ("Alejandro", "Ortega"),
    ],
    "nl": [
        ("Sanne", "de Vries"),
        ("Joris", "van Dijk"),
        ("Femke", "Jansen"),
        ("Bram", "Visser"),
        ("Lotte", "Bakker"),
        ("Pieter", "Mulder"),
    ],
    "it": [
        ("Giulia", "Romano"),
        ("Marco", "Bianchi"),
        ("Francesca", "Colombo"),
        ("Luca", "Ricci"),
        ("Chiara", "Marino"),
        ("Alessandro", "Greco"),
    ],
    "pt": [
        ("Inês", "Carvalho"),
        ("João", "Pereira"),
        ("Beatriz", "Sousa"),
        ("Tiago", "Almeida"),
        ("Mariana", "Costa"),
    ],
    "pl": [
        ("Katarzyna", "Nowak"),
        ("Piotr", "Wiśniewski"),
        ("Agnieszka", "Zielińska"),
        ("Tomasz", "Lewandowski"),
        ("Magdalena", "Kamińska"),
        ("Łukasz", "Wójcik"),
    ],
    "sv": [
        ("Elin", "Lindqvist"),
        ("Oskar", "Bergström"),
        ("Maja", "Nyström"),
        ("Erik", "Sandberg"),
        ("Linnea", "Holm"),
    ],
    "ja": [("花子", "山田"), ("健太", "佐藤"), ("美咲", "鈴木"), ("翔", "高橋"), ("由美", "田中")],
}
ROMAJI = {
    "花子": "hanako",
    "山田": "yamada",
    "健太": "kenta",
    "佐藤": "sato",
    "美咲": "misaki",
    "鈴木": "suzuki",
    "翔": "sho",
    "高橋": "takahashi",
    "由美": "yumi",
    "田中": "tanaka",
}
DOMAINS = {
    "en": [
        "gmail.com",
        "outlook.com",
        "yahoo.com",
        "icloud.com",
        "hotmail.co.uk",
        "protonmail.com",
    ],
    "de": ["gmx.de", "web.de", "t-online.de", "posteo.de", "gmail.com"],
    "fr": ["orange.fr", "free.fr", "laposte.net", "sfr.fr", "gmail.com"],
    "es": ["hotmail.es", "yahoo.es", "gmail.com", "telefonica.net"],
    "nl": ["ziggo.nl", "kpnmail.nl", "hotmail.nl", "gmail.com", "xs4all.nl"],
    "it": ["libero.it", "virgilio.it", "tiscali.it", "gmail.com"],
    "pt": ["sapo.pt", "gmail.com", "hotmail.com", "netcabo.pt"],
    "pl": ["wp.pl", "onet.pl", "o2.pl", "interia.pl", "gmail.com"],
    "sv": ["telia.com", "gmail.com", "hotmail.se", "bredband.net"],
    "ja": ["yahoo.co.jp", "docomo.ne.jp", "gmail.com", "ezweb.ne.jp"],
}


def fold(s: str) -> str:
    s = s.replace("ł", "l").replace("Ł", "L").replace("ß", "ss").replace("ø", "o")
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()


def person(lang: str) -> tuple[str, str]:
    return R.choice(PEOPLE[lang])


def full(lang: str, p: tuple[str, str]) -> str:
    return f"{p[1]} {p[0]}" if lang == "ja" else f"{p[0]} {p[1]}"


def email_for(lang: str, p: tuple[str, str]) -> str:
    if lang == "ja":
        f, last = ROMAJI[p[0]], ROMAJI[p[1]]
    else:
        f = fold(p[0]).lower()
        last = fold(p[1]).lower().replace("'", "").replace(" ", "")
    local = R.choice(
        [
            f"{f}.{last}",
            f"{f[0]}.{last}",
            f"{f}{last}{R.randint(70, 99)}",
            f"{f}_{last}",
            f"{last}.{f}",
            f"{f}.{last}{R.randint(1, 9)}",
        ]
    )
    return f"{local}@{R.choice(DOMAINS[lang])}"


def dob() -> tuple[int, int, int]:
    return R.randint(1952, 2004), R.randint(1, 12), R.randint(1, 28)


# --------------------------------------------------------------------------
# PEM helpers
# --------------------------------------------------------------------------


def pem_lines(prefix: str, total: int, width: int = 64, pad: str = "") -> list[str]:
    body = prefix + rs(total - len(prefix) - len(pad), B64C) + pad
    return [body[i : i + width] for i in range(0, len(body), width)]


def pem(label: str, lines: list[str], headers: str = "") -> str:
    return f"-----BEGIN {label}-----\n{headers}" + "\n".join(lines) + f"\n-----END {label}-----"


def pick(lines: list[str]) -> list[str]:
    if len(lines) >= 4:
        idx = sorted({1, len(lines) // 2, len(lines) - 2})
        return [lines[i] for i in idx]
    return [ln for ln in lines if len(ln) >= 6]


def rsa_pkcs1() -> list[str]:
    return pem_lines(R.choice(["MIIEowIBAAKCAQEA", "MIIEpAIBAAKCAQEA"]), 1592, pad="")


def pkcs8() -> list[str]:
    return pem_lines("MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ", 1624, pad="=")


def ec_key() -> list[str]:
    return pem_lines("MHcCAQEEI" + rs(43, B64C) + "oAoGCCqGSM49AwEHoUQDQgAE", 164, pad="")


def openssh_ed25519() -> list[str]:
    prefix = "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZWQyNTUxOQAAACA"
    return pem_lines(prefix, 400, width=70, pad="=")


# --------------------------------------------------------------------------
# token shapes
# --------------------------------------------------------------------------


def aws_key_id(prefix: str = "AKIA") -> str:
    return prefix + rs(16, UP + "234567")


def aws_secret() -> str:
    return rs(40, AN + "+/")


def gh_token(prefix: str) -> str:
    body = rs(30)
    return prefix + body + b62(zlib.crc32(body.encode())).rjust(6, "0")


def gh_pat() -> str:
    return "github_pat_11" + rs(20, UP + DG) + "_" + rs(59)


def openai_key(kind: str) -> str:
    if kind == "proj":
        return "sk-proj-" + rs(74, URLC) + "T3BlbkFJ" + rs(74, URLC)
    if kind == "svc":
        return "sk-svcacct-" + rs(74, URLC) + "T3BlbkFJ" + rs(74, URLC)
    return "sk-" + rs(20) + "T3BlbkFJ" + rs(20)


def anthropic_key(admin: bool = False) -> str:
    return ("sk-ant-admin01-" if admin else "sk-ant-api03-") + rs(93, URLC) + "AA"


def jwt(payload: dict, rs256: bool = False) -> str:
    header = {"alg": "RS256" if rs256 else "HS256", "typ": "JWT"}
    if rs256:
        header["kid"] = rs(20, URLC)

    def enc(o: dict) -> str:
        raw = json.dumps(o, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    sig = rs(342 if rs256 else 43, URLC)
    return f"{enc(header)}.{enc(payload)}.{sig}"


def llt(hex_len: int = 12, tail_len: int = 43) -> str:
    return f"llt_{rs(hex_len, HX)}_{rs(tail_len, URLC)}"


def django_key() -> str:
    return rs(50, LO + DG + "!@#$%^&*(-_=+)")


def azure_client_secret() -> str:
    return rs(3, AN) + R.choice(DG) + "Q~" + rs(34, AN + "_~.-")


# ==========================================================================
# SECRET generators: each returns (context, text, [secret substrings])
# ==========================================================================


def s_aws(i):
    kid, sec = aws_key_id(), aws_secret()
    region = R.choice(["eu-central-1", "us-east-1", "eu-west-1", "ap-northeast-1", "eu-west-3"])
    opts = [
        (
            "config_file",
            f"boto3 keeps saying InvalidClientTokenId. This is my ~/.aws/credentials:\n\n[default]\naws_access_key_id = {kid}\naws_secret_access_key = {sec}\nregion = {region}\n",
        ),
        (
            "shell_history",
            f"export AWS_ACCESS_KEY_ID={kid}\nexport AWS_SECRET_ACCESS_KEY={sec}\nexport AWS_DEFAULT_REGION={region}\naws s3 sync ./dist s3://shop-frontend-prod --delete",
        ),
        (
            "python_code",
            f's3 = boto3.client(\n    "s3",\n    aws_access_key_id="{kid}",\n    aws_secret_access_key="{sec}",\n    region_name="{region}",\n)\nprint(s3.list_buckets())',
        ),
        (
            "terraform",
            f'provider "aws" {{\n  region     = "{region}"\n  access_key = "{kid}"\n  secret_key = "{sec}"\n}}',
        ),
        (
            "chat",
            f"Warum bekomme ich AccessDenied? Ich habe den Key {kid} mit dem Secret {sec} in der Lambda als Umgebungsvariable gesetzt.",
        ),
    ]
    ctx, text = opts[i % len(opts)]
    return ctx, text, [kid, sec]


def s_aws_session(i):
    kid, sec = aws_key_id("ASIA"), aws_secret()
    tok = R.choice(["IQoJb3JpZ2luX2VjE", "FwoGZXIvYXdzE"]) + rs(R.randint(360, 420), B64C)
    opts = [
        (
            "json",
            "aws sts assume-role --role-arn arn:aws:iam::123456789012:role/deploy --role-session-name ci prints this, but then terraform still fails:\n"
            + json.dumps(
                {
                    "Credentials": {
                        "AccessKeyId": kid,
                        "SecretAccessKey": sec,
                        "SessionToken": tok,
                        "Expiration": "2024-06-03T15:04:11+00:00",
                    }
                },
                indent=2,
            ),
        ),
        (
            "shell_history",
            f"export AWS_ACCESS_KEY_ID={kid}\nexport AWS_SECRET_ACCESS_KEY={sec}\nexport AWS_SESSION_TOKEN={tok}\naws sts get-caller-identity",
        ),
    ]
    ctx, text = opts[i % len(opts)]
    return ctx, text, [kid, sec, tok]


def s_gcp(i):
    lines = pkcs8()
    kid = rs(40, HX)
    project = R.choice(
        ["billing-prod-4411", "acme-analytics", "hausverwaltung-app", "tfm-data-lake"]
    )
    sa = {
        "type": "service_account",
        "project_id": project,
        "private_key_id": kid,
        "private_key": "-----BEGIN PRIVATE KEY-----\n"
        + "\n".join(lines)
        + "\n-----END PRIVATE KEY-----\n",
        "client_email": f"etl-runner@{project}.iam.gserviceaccount.com",
        "client_id": nz_digits(21),
        "auth_uri": "https://accounts.google.com/o/oauth2/auth",
        "token_uri": "https://oauth2.googleapis.com/token",
    }
    js = json.dumps(sa, indent=2)
    opts = [
        (
            "json",
            f"I get 'invalid_grant: Invalid JWT Signature' with this service account file, what's wrong?\n\n{js}",
        ),
        (
            "python_code",
            "from google.oauth2 import service_account\n\ninfo = "
            + json.dumps(sa)
            + "\ncreds = service_account.Credentials.from_service_account_info(info)",
        ),
        (
            "k8s_manifest",
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: gcp-sa\ntype: Opaque\nstringData:\n  key.json: |\n"
            + "\n".join("    " + ln for ln in js.splitlines()),
        ),
    ]
    ctx, text = opts[i % len(opts)]
    return ctx, text, [kid, *pick(lines)]


def s_azure_storage(i):
    acct = R.choice(["stcontosoprod01", "stbackupweu", "mediafilesprd", "stlogsarchive"])
    key = b64(64)
    conn = f"DefaultEndpointsProtocol=https;AccountName={acct};AccountKey={key};EndpointSuffix=core.windows.net"
    opts = [
        (
            "json",
            'appsettings.json:\n{\n  "Logging": { "LogLevel": { "Default": "Information" } },\n  "ConnectionStrings": {\n    "Storage": "'
            + conn
            + '"\n  }\n}',
        ),
        (
            "python_code",
            f'from azure.storage.blob import BlobServiceClient\n\nsvc = BlobServiceClient.from_connection_string("{conn}")\ncontainer = svc.get_container_client("invoices")',
        ),
        (
            "shell_history",
            f"az storage blob upload --account-name {acct} --account-key {key} --container-name backups --file db-2024-06-01.sql.gz --name db-2024-06-01.sql.gz",
        ),
    ]
    ctx, text = opts[i % len(opts)]
    return ctx, text, [key]


def s_azure_sas(i):
    sig = b64(32).replace("+", "%2B").replace("/", "%2F").replace("=", "%3D")
    acct = R.choice(["stfinance01", "mediaassetsweu"])
    url = (
        f"https://{acct}.blob.core.windows.net/exports/2024/q2-report.xlsx?sv=2022-11-02&ss=b&srt=sco"
        f"&sp=rl&se=2024-09-30T18:00:00Z&st=2024-06-01T10:00:00Z&spr=https&sig={sig}"
    )
    opts = [
        (
            "chat",
            f"The download link stops working after a day, can you explain the SAS parameters? {url}",
        ),
        ("shell_history", f'azcopy copy "{url}" ./q2-report.xlsx'),
    ]
    ctx, text = opts[i % len(opts)]
    return ctx, text, [sig]


def s_azure_client_secret(i):
    sec = azure_client_secret()
    app, tenant = uuid4(), uuid4()
    opts = [
        ("shell_history", f"az login --service-principal -u {app} -p {sec} --tenant {tenant}"),
        (
            "env_file",
            f"AZURE_TENANT_ID={tenant}\nAZURE_CLIENT_ID={app}\nAZURE_CLIENT_SECRET={sec}\nAZURE_SUBSCRIPTION_ID={uuid4()}",
        ),
    ]
    ctx, text = opts[i % len(opts)]
    return ctx, text, [sec]


def s_azure_conn(i):
    key = b64(32)
    opts = [
        (
            "config_file",
            f'local.settings.json -> "ServiceBusConnection": "Endpoint=sb://orders-prod.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey={key}"',
        ),
        (
            "csharp_code",
            f'var client = new CosmosClient("AccountEndpoint=https://shop-cosmos.documents.azure.com:443/;AccountKey={b64(64)};");',
        ),
    ]
    ctx, text = opts[i % len(opts)]
    if i % 2 == 1:
        key = text.split("AccountKey=")[1].split(";")[0]
    return ctx, text, [key]


def s_github(i):
    prefix = ["ghp_", "ghp_", "gho_", "ghs_", "ghu_"][i % 5]
    tok = gh_token(prefix)
    opts = [
        (
            "shell_history",
            f"git remote set-url origin https://{tok}@github.com/mkrueger/infra-scripts.git\ngit push origin main",
        ),
        (
            "shell_history",
            f'curl -H "Authorization: token {tok}" https://api.github.com/user/repos?per_page=100',
        ),
        (
            "yaml",
            f"# ~/.config/gh/hosts.yml\ngithub.com:\n    user: jvandijk\n    oauth_token: {tok}\n    git_protocol: https",
        ),
        (
            "log_line",
            f"2024-06-02T08:14:55.1203Z ##[debug]Evaluating: secrets.GITHUB_TOKEN -> GITHUB_TOKEN={tok}",
        ),
        (
            "python_code",
            f'from github import Github\n\ng = Github("{tok}")\nfor repo in g.get_user().get_repos():\n    print(repo.full_name)',
        ),
    ]
    ctx, text = opts[i % len(opts)]
    return ctx, text, [tok]


def s_github_pat(i):
    tok = gh_pat()
    opts = [
        (
            "chat",
            f"Mi token de GitHub ({tok}) ya no funciona con la API de GraphQL, ¿tengo que regenerarlo?",
        ),
        (
            "config_file",
            f"# .npmrc\n@acme:registry=https://npm.pkg.github.com\n//npm.pkg.github.com/:_authToken={tok}",
        ),
        ("docker", f"echo {tok} | docker login ghcr.io -u pwisniewski --password-stdin"),
    ]
    ctx, text = opts[i % len(opts)]
    return ctx, text, [tok]


def s_gitlab(i):
    pat = "glpat-" + rs(20, URLC)
    rt = "glrt-" + rs(20, URLC)
    opts = [
        (
            "shell_history",
            f'curl --header "PRIVATE-TOKEN: {pat}" "https://gitlab.com/api/v4/projects/48211937/pipelines?status=failed"',
            [pat],
        ),
        (
            "shell_history",
            f'gitlab-runner register --non-interactive --url "https://gitlab.com/" --token "{rt}" --executor docker --docker-image alpine:3.19',
            [rt],
        ),
        (
            "python_code",
            f'import gitlab\n\ngl = gitlab.Gitlab("https://gitlab.intern.example-gmbh.de", private_token="{pat}")\nproject = gl.projects.get("team/backend")',
            [pat],
        ),
        (
            "shell_history",
            f"git clone https://oauth2:{pat}@gitlab.com/lbakker/thesis-code.git",
            [pat],
        ),
    ]
    return opts[i % len(opts)]


def s_slack(i):
    xoxb = f"xoxb-{nz_digits(11)}-{nz_digits(13)}-{rs(24)}"
    xoxp = f"xoxp-{nz_digits(11)}-{nz_digits(11)}-{nz_digits(13)}-{rs(32, HX)}"
    xapp = f"xapp-1-A{rs(10, UP + DG)}-{nz_digits(13)}-{rs(64, HX)}"
    opts = [
        (
            "python_code",
            f'from slack_sdk import WebClient\n\nclient = WebClient(token="{xoxb}")\nclient.chat_postMessage(channel="#deploys", text="build ok")',
            [xoxb],
        ),
        (
            "env_file",
            f"SLACK_BOT_TOKEN={xoxb}\nSLACK_APP_TOKEN={xapp}\nSLACK_SIGNING_SECRET={rs(32, HX)}",
            [xoxb, xapp],
        ),
        (
            "shell_history",
            f'curl -X POST https://slack.com/api/chat.postMessage -H "Authorization: Bearer {xoxp}" -H "Content-type: application/json" -d \'{{"channel":"C024BE91L","text":"hi"}}\'',
            [xoxp],
        ),
        (
            "chat",
            f"このトークン {xoxb} で chat:write のスコープエラーが出ます。どうすればいいですか？",
            [xoxb],
        ),
        (
            "chat",
            f"Ik krijg 'invalid_auth' met mijn user token {xoxp}. Moet ik de app opnieuw installeren?",
            [xoxp],
        ),
    ]
    ctx, text, secs = opts[i % len(opts)]
    if i % 5 == 1:
        secs = [*secs, text.split("SLACK_SIGNING_SECRET=")[1]]
    return ctx, text, secs


def s_slack_webhook(i):
    seg = rs(24)
    url = f"https://hooks.slack.com/services/T{rs(10, UP + DG)}/B{rs(10, UP + DG)}/{seg}"
    opts = [
        (
            "shell_history",
            f"curl -X POST -H 'Content-type: application/json' --data '{{\"text\":\"Backup finished\"}}' {url}",
        ),
        (
            "yaml",
            f"# alertmanager.yml\nglobal:\n  slack_api_url: '{url}'\nroute:\n  receiver: team-ops",
        ),
    ]
    ctx, text = opts[i % len(opts)]
    return ctx, text, [seg]


def s_stripe(i):
    live = "sk_live_51" + rs(97)
    rk = "rk_live_51" + rs(97)
    old = "sk_live_" + rs(24)
    opts = [
        (
            "python_code",
            f'import stripe\n\nstripe.api_key = "{live}"\nintent = stripe.PaymentIntent.create(amount=2499, currency="eur")',
            [live],
        ),
        ("shell_history", f"curl https://api.stripe.com/v1/charges?limit=3 -u {old}:", [old]),
        (
            "js_code",
            f"const stripe = require('stripe')('{rk}');\nconst refunds = await stripe.refunds.list({{ limit: 10 }});",
            [rk],
        ),
    ]
    return opts[i % len(opts)]


def s_stripe_whsec(i):
    wh = "whsec_" + rs(32)
    opts = [
        (
            "python_code",
            f"endpoint_secret = '{wh}'\nevent = stripe.Webhook.construct_event(payload, sig_header, endpoint_secret)",
        ),
        (
            "shell_history",
            f"$ stripe listen --forward-to localhost:4242/webhook\n> Ready! Your webhook signing secret is {wh} (^C to quit)",
        ),
    ]
    ctx, text = opts[i % len(opts)]
    return ctx, text, [wh]


def s_openai(i):
    k = openai_key(["proj", "legacy", "svc", "proj"][i % 4])
    opts = [
        (
            "python_code",
            f'from openai import OpenAI\n\nclient = OpenAI(api_key="{k}")\nresp = client.chat.completions.create(model="gpt-4o-mini", messages=msgs)',
        ),
        ("shell_history", f"export OPENAI_API_KEY={k}\npython summarize.py --input notes.md"),
        ("chat", f"me sale error 429 con mi clave {k}, ¿está bloqueada o es la cuota?"),
        (
            "json",
            '{\n  "openai.apiKey": "'
            + k
            + '",\n  "openai.model": "gpt-4o",\n  "editor.fontSize": 14\n}',
        ),
    ]
    ctx, text = opts[i % len(opts)]
    return ctx, text, [k]


def s_anthropic(i):
    k = anthropic_key(admin=(i == 3))
    opts = [
        (
            "python_code",
            f'import anthropic\n\nclient = anthropic.Anthropic(api_key="{k}")\nmsg = client.messages.create(model="claude-3-5-sonnet-latest", max_tokens=1024, messages=m)',
        ),
        (
            "http",
            f"POST /v1/messages HTTP/1.1\nHost: api.anthropic.com\nx-api-key: {k}\nanthropic-version: 2023-06-01\ncontent-type: application/json",
        ),
        (
            "chat",
            f"J'ai mis ma clé ({k}) dans le fichier .env mais LangChain dit qu'elle est absente. Pourquoi ?",
        ),
        (
            "shell_history",
            f'curl https://api.anthropic.com/v1/organizations/users -H "x-api-key: {k}" -H "anthropic-version: 2023-06-01"',
        ),
    ]
    ctx, text = opts[i % len(opts)]
    return ctx, text, [k]


def s_hf(i):
    t = "hf_" + rs(34, string.ascii_letters)
    opts = [
        ("shell_history", f"huggingface-cli login --token {t} --add-to-git-credential"),
        (
            "python_code",
            f'from huggingface_hub import login\nlogin(token="{t}")\nmodel = AutoModel.from_pretrained("meta-llama/Llama-3.1-8B")',
        ),
        (
            "shell_history",
            f"git clone https://mbianchi:{t}@huggingface.co/datasets/mbianchi/verbali-comunali",
        ),
    ]
    ctx, text = opts[i % len(opts)]
    return ctx, text, [t]


def s_npm(i):
    t = "npm_" + rs(36)
    opts = [
        (
            "config_file",
            f"# ~/.npmrc\nregistry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken={t}\nsave-exact=true",
        ),
        (
            "ci_config",
            f"- name: Publish\n  run: npm publish --access public\n  env:\n    NODE_AUTH_TOKEN: {t}",
        ),
    ]
    ctx, text = opts[i % len(opts)]
    return ctx, text, [t]


def s_pypi(i):
    t = "pypi-AgEIcHlwaS5vcmcCJD" + rs(R.randint(150, 180), URLC)
    opts = [
        (
            "config_file",
            f"# ~/.pypirc\n[distutils]\nindex-servers = pypi\n\n[pypi]\nusername = __token__\npassword = {t}",
        ),
        ("shell_history", f"python -m build && twine upload -u __token__ -p {t} dist/*"),
    ]
    ctx, text = opts[i % len(opts)]
    return ctx, text, [t]


def s_sendgrid(i):
    t = f"SG.{rs(22, URLC)}.{rs(43, URLC)}"
    opts = [
        (
            "python_code",
            f'sg = SendGridAPIClient("{t}")\nresponse = sg.send(message)\nprint(response.status_code)',
        ),
        (
            "env_file",
            f"MAIL_DRIVER=sendgrid\nSENDGRID_API_KEY={t}\nMAIL_FROM_ADDRESS=no-reply@example.com",
        ),
    ]
    ctx, text = opts[i % len(opts)]
    return ctx, text, [t]


def s_twilio(i):
    sid, tok = "AC" + rs(32, HX), rs(32, HX)
    if i % 2 == 0:
        return (
            "python_code",
            f'from twilio.rest import Client\n\nclient = Client("{sid}", "{tok}")\nclient.messages.create(to=to, from_=sender, body="Ihr Code: 4821")',
            [tok],
        )
    sk, sks = "SK" + rs(32, HX), rs(32)
    return (
        "shell_history",
        f"curl -X POST https://api.twilio.com/2010-04-01/Accounts/{sid}/Messages.json -u {sk}:{sks} --data-urlencode 'Body=Hola'",
        [sks],
    )


def s_mailgun(i):
    if i % 2 == 0:
        k = "key-" + rs(32, HX)
        return (
            "shell_history",
            f"curl -s --user 'api:{k}' https://api.mailgun.net/v3/mg.boulangerie-dupont.fr/messages -F from='Boulangerie <bonjour@mg.boulangerie-dupont.fr>' -F subject='Commande'",
            [k],
        )
    k = f"{rs(32, HX)}-{rs(8, HX)}-{rs(8, HX)}"
    return (
        "env_file",
        f"MAILGUN_DOMAIN=mg.example-shop.it\nMAILGUN_SECRET={k}\nMAILGUN_ENDPOINT=api.eu.mailgun.net",
        [k],
    )


def s_discord(i):
    uid = str(R.randint(10**17, 10**18 * 2))
    bot = (
        base64.b64encode(uid.encode()).decode().rstrip("=") + "." + rs(6, URLC) + "." + rs(38, URLC)
    )
    wh_tok = rs(68, URLC)
    opts = [
        (
            "python_code",
            f"bot = commands.Bot(command_prefix='!', intents=intents)\n\nbot.run('{bot}')",
            [bot],
        ),
        (
            "shell_history",
            f'curl -H "Content-Type: application/json" -d \'{{"content":"server down"}}\' https://discord.com/api/webhooks/{nz_digits(19)}/{wh_tok}',
            [wh_tok],
        ),
        (
            "chat",
            f"Mein Discord-Bot loggt sich nicht ein, Token ist {bot} – stimmt was mit den Intents nicht?",
            [bot],
        ),
    ]
    return opts[i % len(opts)]


def s_telegram(i):
    t = f"{R.randint(10**9, 8 * 10**9)}:AA{rs(33, URLC)}"
    opts = [
        (
            "python_code",
            f'import telebot\n\nbot = telebot.TeleBot("{t}")\n\n@bot.message_handler(commands=["start"])\ndef start(m):\n    bot.reply_to(m, "Ciao!")',
        ),
        (
            "shell_history",
            f"curl -s 'https://api.telegram.org/bot{t}/sendMessage?chat_id=-1001234567890&text=deploy%20ok'",
        ),
        ("chat", f"Tenho este token do BotFather: {t} — como configuro o webhook no Flask?"),
    ]
    ctx, text = opts[i % len(opts)]
    return ctx, text, [t]


def s_vault(i):
    if i % 2 == 0:
        t = "hvs.CAESI" + rs(86, URLC)
        return (
            "shell_history",
            f"export VAULT_ADDR=https://vault.internal:8200\nexport VAULT_TOKEN={t}\nvault kv get secret/payments",
            [t],
        )
    t = "hvs." + rs(24)
    return (
        "log_line",
        f"Error making API request.\n\nURL: GET https://vault.internal:8200/v1/sys/mounts\nCode: 403. Errors:\n\n* permission denied (token {t})",
        [t],
    )


def s_datadog(i):
    api, app = rs(32, HX), rs(40, HX)
    if i % 2 == 0:
        return (
            "shell_history",
            f"docker run -d --name dd-agent -e DD_API_KEY={api} -e DD_SITE=datadoghq.eu -v /var/run/docker.sock:/var/run/docker.sock:ro gcr.io/datadoghq/agent:7",
            [api],
        )
    return (
        "yaml",
        f"# datadog.yaml\napi_key: {api}\napp_key: {app}\nsite: datadoghq.com\nlogs_enabled: true",
        [api, app],
    )


def s_newrelic(i):
    if i % 2 == 0:
        k = rs(36, HX) + "NRAL"
        return (
            "config_file",
            f"[newrelic]\nlicense_key = {k}\napp_name = billing-api (prod)\nmonitor_mode = true",
            [k],
        )
    k = "NRAK-" + rs(27, UP + DG)
    return (
        "shell_history",
        f"curl https://api.newrelic.com/graphql -H 'Content-Type: application/json' -H 'API-Key: {k}' -d @query.json",
        [k],
    )


def s_sentry(i):
    pub = rs(32, HX)
    if i % 2 == 0:
        return (
            "python_code",
            f'sentry_sdk.init(\n    dsn="https://{pub}@o{nz_digits(6)}.ingest.us.sentry.io/{nz_digits(16)}",\n    traces_sample_rate=0.2,\n)',
            [pub],
        )
    sec = rs(32, HX)
    return (
        "env_file",
        f"SENTRY_DSN=https://{pub}:{sec}@sentry.intern.example-gmbh.de/14",
        [pub, sec],
    )


def s_google_api(i):
    k = "AIza" + rs(35, URLC)
    opts = [
        (
            "shell_history",
            f'curl "https://maps.googleapis.com/maps/api/geocode/json?address=Pariser+Platz+1,+Berlin&key={k}"',
        ),
        (
            "js_code",
            f'<script async src="https://maps.googleapis.com/maps/api/js?key={k}&callback=initMap"></script>',
        ),
    ]
    ctx, text = opts[i % len(opts)]
    return ctx, text, [k]


def s_jwt(i):
    now = 1717400000 + R.randint(0, 900000)
    t = jwt(
        {
            "sub": f"usr_{rs(12, HX)}",
            "role": R.choice(["admin", "editor", "service"]),
            "iat": now,
            "exp": now + 3600,
        },
        rs256=(i % 3 == 1),
    )
    opts = [
        (
            "shell_history",
            f'curl -H "Authorization: Bearer {t}" https://api.internal.example-corp.io/v2/reports',
        ),
        (
            "json",
            '// localStorage after login\n{\n  "access_token": "'
            + t
            + '",\n  "token_type": "Bearer",\n  "expires_in": 3600\n}',
        ),
        (
            "log_line",
            f'2024-06-04 11:02:17,554 DEBUG [http] -> GET /api/orders headers={{"Authorization": "Bearer {t}"}}',
        ),
    ]
    ctx, text = opts[i % len(opts)]
    return ctx, text, [t]


def s_bearer(i):
    opts = [
        (
            "http",
            "GET /v1/accounts/me HTTP/1.1\nHost: api.bank-connector.io\nAuthorization: Bearer {t}\nAccept: application/json",
            rs(40),
        ),
        (
            "shell_history",
            "curl 'https://www.googleapis.com/drive/v3/files?pageSize=10' -H 'Authorization: Bearer {t}'",
            "ya29.a0" + rs(150, URLC),
        ),
        (
            "json",
            '{{"info": {{"name": "Shop API"}}, "auth": {{"type": "bearer", "bearer": [{{"key": "token", "value": "{t}"}}]}}}}',
            rs(64, HX),
        ),
    ]
    ctx, tmpl, t = opts[i % len(opts)]
    return ctx, tmpl.format(t=t), [t]


def s_basic(i):
    user = R.choice(["admin", "deploy", "jenkins", "grafana"])
    enc = base64.b64encode(f"{user}:{any_pw()}".encode()).decode()
    opts = [
        (
            "http",
            f"GET /api/v1/health HTTP/1.1\nHost: monitoring.intern:3000\nAuthorization: Basic {enc}\nUser-Agent: curl/8.5.0",
        ),
        (
            "python_code",
            f'headers = {{"Authorization": "Basic {enc}", "Content-Type": "application/json"}}\nr = requests.post(URL, headers=headers, json=payload)',
        ),
        (
            "nginx_config",
            f'location /metrics {{\n    proxy_pass http://10.0.2.15:9100;\n    proxy_set_header Authorization "Basic {enc}";\n}}',
        ),
    ]
    ctx, text = opts[i % len(opts)]
    return ctx, text, [enc]


def s_cookie(i):
    opts = []
    sid = rs(32, LO + DG)
    opts.append(
        (
            "http",
            f"GET /admin/ HTTP/1.1\nHost: shop.example-verein.de\nCookie: csrftoken={rs(32)}; sessionid={sid}\nAccept: text/html",
            [sid],
        )
    )
    cs = "s%3A" + rs(32, URLC) + "." + rs(43, AN)
    opts.append(
        (
            "shell_history",
            f"curl 'https://app.example-startup.io/api/me' -H 'cookie: connect.sid={cs}' --compressed",
            [cs],
        )
    )
    php = rs(26, "abcdefghijklmnopqrstuv0123456789")
    opts.append(
        (
            "http",
            f"HTTP/1.1 302 Found\nLocation: /dashboard\nSet-Cookie: PHPSESSID={php}; path=/; HttpOnly; Secure",
            [php],
        )
    )
    return opts[i % len(opts)]


def s_url_creds(i):
    pw = any_pw(url_safe=True)
    opts = [
        (
            "config_file",
            f"# settings.xml mirror\n<url>https://deploy:{pw}@nexus.intern.example-ag.de/repository/maven-public/</url>",
        ),
        (
            "shell_history",
            f"pip install --index-url https://__token__:{pw}@gitlab.example-uni.nl/api/v4/projects/311/packages/pypi/simple mylib==0.4.2",
        ),
        (
            "shell_history",
            f"lftp -e 'mirror -R ./site /htdocs; quit' ftp://webmaster:{pw}@ftp.mijn-bakkerij.nl",
        ),
    ]
    ctx, text = opts[i % len(opts)]
    return ctx, text, [pw]


def s_db_url(i):
    pw = any_pw(url_safe=True)
    opts = [
        (
            "env_file",
            f"DATABASE_URL=postgres://app_user:{pw}@orders-db.cx8f2kq1ab.eu-west-1.rds.amazonaws.com:5432/orders",
        ),
        (
            "python_code",
            f'engine = create_engine("mysql+pymysql://root:{pw}@127.0.0.1:3306/shop?charset=utf8mb4")',
        ),
        (
            "js_code",
            f"await mongoose.connect('mongodb+srv://admin:{pw}@cluster0.ab1cd.mongodb.net/crm?retryWrites=true&w=majority');",
        ),
        (
            "yaml",
            f"cache:\n  url: redis://:{pw}@redis-14231.c1.eu-west-1-2.ec2.cloud.redislabs.com:14231/0",
        ),
        ("python_code", f'CELERY_BROKER_URL = "amqp://rabbit:{pw}@mq.internal:5672/%2F"'),
        (
            "config_file",
            f"spring.datasource.url=jdbc:postgresql://10.20.0.7:5432/erp?user=erp_app&password={pw}&ssl=true",
        ),
        (
            "chat",
            f"Cannot connect to SQL Server: 'Server=tcp:contoso-sql.database.windows.net,1433;Initial Catalog=crm;User ID=sqladmin;Password={pw};Encrypt=True;' what am I missing?",
        ),
    ]
    ctx, text = opts[i % len(opts)]
    return ctx, text, [pw]


def s_pw_config(i):
    pw = any_pw()
    opts = [
        (
            "env_file",
            f"APP_ENV=production\nDB_HOST=10.0.1.20\nDB_USERNAME=forge\nDB_PASSWORD={pw}\nCACHE_DRIVER=redis",
        ),
        (
            "ini",
            f"[database]\nhost = db.intern.lan\nport = 5432\nuser = reporting\npassword = {pw}\n",
        ),
        (
            "yaml",
            f'spring:\n  datasource:\n    url: jdbc:mysql://db:3306/app\n    username: app\n    password: "{pw}"',
        ),
        (
            "toml",
            f'[smtp]\nserver = "smtp.gmail.com"\nport = 587\nusername = "alerts.bot"\npassword = "{pw}"',
        ),
        (
            "xml",
            f'<appSettings>\n  <add key="SmtpHost" value="mail.example-firma.de" />\n  <add key="SmtpPassword" value="{pw}" />\n</appSettings>',
        ),
        (
            "php_code",
            f"define( 'DB_NAME', 'wordpress' );\ndefine( 'DB_USER', 'wp_admin' );\ndefine( 'DB_PASSWORD', '{pw}' );\ndefine( 'DB_HOST', 'localhost' );",
        ),
        (
            "python_code",
            f"DATABASES = {{\n    'default': {{\n        'ENGINE': 'django.db.backends.postgresql',\n        'NAME': 'intranet',\n        'USER': 'intranet',\n        'PASSWORD': '{pw}',\n        'HOST': '127.0.0.1',\n    }}\n}}",
        ),
        ("config_file", f"# ~/.pgpass\ndb-prod.internal:5432:*:etl_user:{pw}"),
    ]
    ctx, text = opts[i % len(opts)]
    return ctx, text, [pw]


def s_pw_cli(i):
    pw = strong_pw(R.randint(12, 18), url_safe=True)
    opts = [
        ("shell_history", f"mysql -u root -p'{pw}' -h 10.0.3.12 shop < dump.sql"),
        (
            "shell_history",
            f"sshpass -p '{pw}' ssh -o StrictHostKeyChecking=no admin@10.10.4.21 'sudo systemctl restart nginx'",
        ),
        (
            "shell_history",
            f"PGPASSWORD={pw} psql -h 192.168.10.5 -U postgres -d inventory -c 'select count(*) from items'",
        ),
        ("shell_history", f"docker login registry.gitlab.com -u deploy-bot -p {pw}"),
        (
            "shell_history",
            f"mysqldump --user=backup --password={pw} --single-transaction --all-databases | gzip > /backup/all.sql.gz",
        ),
        ("shell_history", f"redis-cli -h 10.0.0.31 -p 6379 -a {pw} --no-auth-warning INFO memory"),
    ]
    ctx, text = opts[i % len(opts)]
    return ctx, text, [pw]


def s_pw_sql(i):
    pw = any_pw()
    opts = [
        (
            "sql",
            f"CREATE USER 'reporting'@'%' IDENTIFIED BY '{pw}';\nGRANT SELECT ON shop.* TO 'reporting'@'%';",
        ),
        ("sql", f"ALTER ROLE app_rw WITH LOGIN PASSWORD '{pw}' VALID UNTIL '2025-01-01';"),
        ("sql", f"CREATE LOGIN etl_loader WITH PASSWORD = '{pw}', CHECK_POLICY = ON;"),
    ]
    ctx, text = opts[i % len(opts)]
    return ctx, text, [pw]


def s_k8s(i):
    pw = any_pw()
    if i % 4 == 0:
        return (
            "k8s_manifest",
            f'    spec:\n      containers:\n        - name: api\n          image: registry.example.io/api:2.3.1\n          env:\n            - name: DB_USER\n              value: api\n            - name: DB_PASSWORD\n              value: "{pw}"',
            [pw],
        )
    if i % 4 == 1:
        enc = base64.b64encode(pw.encode()).decode()
        return (
            "k8s_manifest",
            f"apiVersion: v1\nkind: Secret\nmetadata:\n  name: postgres-credentials\ntype: Opaque\ndata:\n  username: cG9zdGdyZXM=\n  password: {enc}",
            [enc],
        )
    if i % 4 == 2:
        return (
            "yaml",
            f"# values.yaml for bitnami/postgresql\nauth:\n  username: keycloak\n  password: {pw}\n  database: keycloak\n  postgresPassword: {pw}",
            [pw],
        )
    lines = rsa_pkcs1()
    enc = base64.b64encode(pem("RSA PRIVATE KEY", lines).encode()).decode()
    return (
        "k8s_manifest",
        f"apiVersion: v1\nkind: Secret\nmetadata:\n  name: shop-tls\ntype: kubernetes.io/tls\ndata:\n  tls.crt: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t...\n  tls.key: {enc}",
        [enc],
    )


def s_compose(i):
    pw = any_pw()
    opts = [
        (
            "docker_compose",
            f"services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_USER: nextcloud\n      POSTGRES_PASSWORD: {pw}\n    volumes:\n      - db:/var/lib/postgresql/data",
        ),
        (
            "docker_compose",
            f"  mariadb:\n    image: mariadb:11\n    environment:\n      - MYSQL_ROOT_PASSWORD={pw}\n      - MYSQL_DATABASE=ghost",
        ),
        (
            "docker_compose",
            f'  minio:\n    image: quay.io/minio/minio\n    command: server /data --console-address ":9001"\n    environment:\n      MINIO_ROOT_USER: minioadmin\n      MINIO_ROOT_PASSWORD: "{pw}"',
        ),
    ]
    ctx, text = opts[i % len(opts)]
    return ctx, text, [pw]


def s_private_key(i):
    if i == 0:
        lines = rsa_pkcs1()
        return (
            "chat",
            "ssh says 'Load key: invalid format', here's the key file:\n\n"
            + pem("RSA PRIVATE KEY", lines),
            pick(lines),
        )
    if i == 1:
        lines = ec_key()
        return (
            "config_file",
            "# /etc/ssl/private/api.key\n" + pem("EC PRIVATE KEY", lines),
            pick(lines),
        )
    if i == 2:
        lines = pkcs8()
        block = pem("PRIVATE KEY", lines)
        return (
            "python_code",
            f'PRIVATE_KEY = """{block}"""\n\ntoken = jwt.encode(claims, PRIVATE_KEY, algorithm="RS256")',
            pick(lines),
        )
    if i == 3:
        lines = openssh_ed25519()
        return (
            "shell_history",
            "$ cat ~/.ssh/id_ed25519\n" + pem("OPENSSH PRIVATE KEY", lines),
            pick(lines),
        )
    if i == 4:
        lines = rsa_pkcs1()
        hdr = f"Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,{rs(32, '0123456789ABCDEF')}\n\n"
        return (
            "chat",
            "Wie entferne ich die Passphrase von diesem Schlüssel?\n\n"
            + pem("RSA PRIVATE KEY", lines, hdr),
            pick(lines),
        )
    if i == 5:
        lines = pem_lines("MIIFHDBOBgkqhkiG9w0BBQ0wQTApBgkqhkiG9w0BBQwwHAQI", 1764, pad="=")
        return (
            "config_file",
            "server.key (encrypted, passphrase in vault):\n" + pem("ENCRYPTED PRIVATE KEY", lines),
            pick(lines),
        )
    lines = pkcs8()
    esc = "-----BEGIN PRIVATE KEY-----\\n" + "\\n".join(lines) + "\\n-----END PRIVATE KEY-----\\n"
    return (
        "env_file",
        f'JWT_PRIVATE_KEY="{esc}"\nJWT_ISSUER=https://auth.example-app.com',
        pick(lines),
    )


def s_pgp(i):
    lines = pem_lines(R.choice(["lQVYBG", "lQdGBG"]) + rs(4, AN), 64 * R.randint(18, 26) + 20)
    block = (
        "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n"
        + "\n".join(lines)
        + f"\n={rs(4, B64C)}\n-----END PGP PRIVATE KEY BLOCK-----"
    )
    opts = [
        (
            "chat",
            f"I exported my key with gpg --export-secret-keys --armor, is this the right format to import on the new laptop?\n\n{block}",
        ),
        (
            "ci_config",
            "variables:\n  GPG_PRIVATE_KEY: |\n"
            + "\n".join("    " + ln for ln in block.splitlines()),
        ),
    ]
    ctx, text = opts[i % len(opts)]
    return ctx, text, pick(lines)


def s_query_key(i):
    if i == 0:
        k = rs(32, HX)
        return (
            "stack_trace",
            f'Traceback (most recent call last):\n  File "/app/weather.py", line 18, in fetch\n    r.raise_for_status()\n  File "/usr/local/lib/python3.12/site-packages/requests/models.py", line 1024, in raise_for_status\n    raise HTTPError(http_error_msg, response=self)\nrequests.exceptions.HTTPError: 401 Client Error: Unauthorized for url: https://api.openweathermap.org/data/2.5/weather?q=Hamburg&appid={k}&units=metric',
            [k],
        )
    if i == 1:
        k = rs(40)
        return (
            "chat",
            f"Why does https://api.nasa.gov/planetary/apod?api_key={k}&date=2024-05-11 return 403 for me?",
            [k],
        )
    if i == 2:
        k = rs(32, HX)
        return (
            "python_code",
            f'url = f"https://newsapi.org/v2/top-headlines?country=it&apiKey={k}"\ndata = requests.get(url).json()',
            [k],
        )
    k = "sk.eyJ1Ijoi" + rs(40, URLC) + "." + rs(22, URLC)
    return (
        "log_line",
        f'10.0.0.14 - - [04/Jun/2024:09:31:02 +0000] "GET /styles/v1/mapbox/streets-v12?access_token={k} HTTP/1.1" 200 48211',
        [k],
    )


def s_hmac(i):
    if i == 0:
        k = rs(48)
        return (
            "python_code",
            f'WEBHOOK_SIGNING_SECRET = b"{k}"\n\ndef verify(body: bytes, sig: str) -> bool:\n    mac = hmac.new(WEBHOOK_SIGNING_SECRET, body, hashlib.sha256).hexdigest()\n    return hmac.compare_digest(mac, sig)',
            [k],
        )
    if i == 1:
        k = rs(64, HX)
        return (
            "js_code",
            f"const sig = crypto.createHmac('sha256', '{k}').update(rawBody).digest('hex');\nif (sig !== req.get('X-Signature')) return res.sendStatus(401);",
            [k],
        )
    k = strong_pw(32)
    return (
        "go_code",
        f'var jwtKey = []byte("{k}")\n\nfunc sign(c *Claims) (string, error) {{\n\treturn jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(jwtKey)\n}}',
        [k],
    )


def s_enc_key(i):
    if i == 0:
        k = b64(32)
        return (
            "env_file",
            f"APP_NAME=Kassenbuch\nAPP_ENV=production\nAPP_KEY=base64:{k}\nAPP_DEBUG=false",
            [k],
        )
    if i == 1:
        k = rs(32, HX)
        return (
            "shell_history",
            f"$ cat config/master.key\n{k}\n$ EDITOR=vim bin/rails credentials:edit",
            [k],
        )
    if i == 2:
        k = django_key()
        return (
            "python_code",
            f"# settings.py\nDEBUG = False\nSECRET_KEY = '{k}'\nALLOWED_HOSTS = ['intranet.example-verein.de']",
            [k],
        )
    if i == 3:
        k = base64.urlsafe_b64encode(R.randbytes(32)).decode()
        return (
            "python_code",
            f'from cryptography.fernet import Fernet\n\nf = Fernet(b"{k}")\ntoken = f.encrypt(b"IBAN und Kundendaten")',
            [k],
        )
    if i == 4:
        k = rs(128, HX)
        return (
            "yaml",
            f"# config/credentials (decrypted)\nsecret_key_base: {k}\naws:\n  bucket: uploads-prod",
            [k],
        )
    k = rs(64, HX)
    return (
        "python_code",
        f"app = Flask(__name__)\napp.secret_key = '{k}'\napp.config['SESSION_COOKIE_SECURE'] = True",
        [k],
    )


def s_oauth(i):
    if i == 0:
        k = "GOCSPX-" + rs(28, URLC)
        cid = f"{nz_digits(12)}-{rs(32, LO + DG)}.apps.googleusercontent.com"
        return (
            "json",
            json.dumps(
                {
                    "web": {
                        "client_id": cid,
                        "project_id": "fotoalbum-423011",
                        "client_secret": k,
                        "redirect_uris": ["http://localhost:8080/callback"],
                    }
                }
            ),
            [k],
        )
    if i == 1:
        k = rs(40, HX)
        return (
            "env_file",
            f"GITHUB_CLIENT_ID=Iv1.{rs(16, HX)}\nGITHUB_CLIENT_SECRET={k}\nNEXTAUTH_URL=http://localhost:3000",
            [k],
        )
    if i == 2:
        k = rs(64, URLC)
        return (
            "js_code",
            f"const auth0 = new AuthenticationClient({{\n  domain: 'acme-prod.eu.auth0.com',\n  clientId: '{rs(32)}',\n  clientSecret: '{k}',\n}});",
            [k],
        )
    k = rs(32)
    return (
        "shell_history",
        f"curl -d 'client_id=admin-cli' -d 'client_secret={k}' -d 'grant_type=client_credentials' https://sso.example-uni.pl/realms/main/protocol/openid-connect/token",
        [k],
    )


def s_generic(i):
    opts = [
        ("env_file", "SECRET={v}\nPORT=8080", rs(48)),
        (
            "shell_history",
            "export INTERNAL_API_KEY={v}\n./sync-customers.sh --since 2024-05-01",
            rs(40, HX),
        ),
        (
            "yaml",
            "payments:\n  provider: adyen\n  api_key: {v}\n  merchant_account: ShopEU",
            "AQE" + rs(80, URLC),
        ),
        (
            "toml",
            '[service.notifier]\nendpoint = "https://notify.internal/v1"\ntoken = "{v}"',
            rs(36, URLC),
        ),
        (
            "js_code",
            "const ENCRYPTION_KEY = '{v}'; // 32 bytes hex\nconst cipher = crypto.createCipheriv('aes-256-gcm', Buffer.from(ENCRYPTION_KEY, 'hex'), iv);",
            rs(64, HX),
        ),
        ("json", '{{\n  "webhookToken": "{v}",\n  "retry": 3\n}}', rs(40)),
        ("config_file", "MASTER_TOKEN={v}", b64url(36)),
    ]
    ctx, tmpl, v = opts[i % len(opts)]
    return ctx, tmpl.format(v=v), [v]


def s_pw_prose(i):
    pw = human_pw() if i % 2 == 0 else strong_pw(R.randint(10, 14))
    opts = [
        (
            "chat",
            f"my password is {pw} and it still says invalid credentials, what am I doing wrong?",
        ),
        (
            "chat",
            f"Das Passwort lautet {pw}, der Benutzer ist admin. Trotzdem klappt der Login ins Synology-Panel nicht.",
        ),
        ("chat", f"Le mot de passe est {pw} mais Outlook me le redemande sans arrêt."),
        ("chat", f"La contraseña es {pw} y el router sigue sin dejarme entrar, ¿qué hago?"),
        (
            "chat",
            f"Het wachtwoord is {pw}, maar ik krijg steeds 'authentication failed' bij git push.",
        ),
        ("chat", f'La password è "{pw}" ma il server SMTP la rifiuta.'),
        ("chat", f"A minha senha é {pw} e o Gmail diz que está errada."),
        ("chat", f"Hasło to {pw}, a mimo to nie mogę się zalogować do panelu hostingu."),
        ("chat", f"Lösenordet är {pw} men VPN:en vägrar ansluta."),
        ("chat", f"パスワードは「{pw}」なのにログインできません。"),
        ("chat", f"Can you check if this is strong enough? I use {pw} for my online banking."),
        (
            "email_paste",
            f"Hallo Team,\n\nunser neues WLAN-Passwort: {pw}\nBitte nicht weitergeben.\n\nViele Grüße",
        ),
    ]
    ctx, text = opts[i % len(opts)]
    return ctx, text, [pw]


def s_llt(i):
    t = llt()
    opts = [
        ("shell_history", f"export LIFELONG_TOKEN={t}\nlifelong status --verbose"),
        (
            "http",
            f"POST /v1/ingest HTTP/1.1\nHost: localhost:8420\nAuthorization: Bearer {t}\nContent-Type: application/json",
        ),
        (
            "python_code",
            f'client = lifelong.Client(base_url="http://127.0.0.1:8420", token="{t}")\nclient.learn(episodes)',
        ),
        ("toml", f'[server]\nurl = "https://lifelong.intern.example-lab.eu"\ntoken = "{t}"'),
        (
            "chat",
            f"The gateway answers 401 although I pass {t} in the header, did the token expire?",
        ),
    ]
    ctx, text = opts[i % len(opts)]
    return ctx, text, [t]


def s_llt_variant(i):
    t = llt(16, 43) if i == 0 else llt(12, 32)
    opts = [
        ("env_file", f"LIFELONG_URL=http://10.0.5.3:8420\nLIFELONG_TOKEN={t}"),
        (
            "shell_history",
            f'curl -s -H "Authorization: Bearer {t}" http://localhost:8420/v1/adapters',
        ),
    ]
    ctx, text = opts[i % len(opts)]
    return ctx, text, [t]


SECRET_SPEC = [
    ("aws_access_key", 5, s_aws),
    ("aws_session_token", 2, s_aws_session),
    ("gcp_service_account", 3, s_gcp),
    ("azure_storage_key", 3, s_azure_storage),
    ("azure_sas_token", 2, s_azure_sas),
    ("azure_client_secret", 2, s_azure_client_secret),
    ("azure_connection_string", 2, s_azure_conn),
    ("github_token", 5, s_github),
    ("github_fine_grained_pat", 3, s_github_pat),
    ("gitlab_token", 4, s_gitlab),
    ("slack_token", 5, s_slack),
    ("slack_webhook", 2, s_slack_webhook),
    ("stripe_key", 3, s_stripe),
    ("stripe_webhook_secret", 2, s_stripe_whsec),
    ("openai_key", 4, s_openai),
    ("anthropic_key", 4, s_anthropic),
    ("huggingface_token", 3, s_hf),
    ("npm_token", 2, s_npm),
    ("pypi_token", 2, s_pypi),
    ("sendgrid_key", 2, s_sendgrid),
    ("twilio_credentials", 2, s_twilio),
    ("mailgun_key", 2, s_mailgun),
    ("discord_token", 3, s_discord),
    ("telegram_bot_token", 3, s_telegram),
    ("vault_token", 2, s_vault),
    ("datadog_key", 2, s_datadog),
    ("newrelic_key", 2, s_newrelic),
    ("sentry_dsn", 2, s_sentry),
    ("google_api_key", 2, s_google_api),
    ("jwt", 3, s_jwt),
    ("bearer_token", 3, s_bearer),
    ("basic_auth_header", 3, s_basic),
    ("session_cookie", 3, s_cookie),
    ("url_credentials", 3, s_url_creds),
    ("database_url", 7, s_db_url),
    ("password_config", 8, s_pw_config),
    ("password_cli", 6, s_pw_cli),
    ("password_sql", 3, s_pw_sql),
    ("k8s_secret", 4, s_k8s),
    ("docker_compose_password", 3, s_compose),
    ("private_key", 7, s_private_key),
    ("pgp_private_key", 2, s_pgp),
    ("api_key_query_string", 4, s_query_key),
    ("hmac_secret", 3, s_hmac),
    ("encryption_key", 6, s_enc_key),
    ("oauth_client_secret", 4, s_oauth),
    ("generic_secret", 7, s_generic),
    ("password_prose", 12, s_pw_prose),
    ("lifelong_token", 5, s_llt),
    ("lifelong_token_variant", 2, s_llt_variant),
]


# ==========================================================================
# PII generators
# ==========================================================================


def p_email(i):
    langs = [
        "en",
        "de",
        "fr",
        "es",
        "nl",
        "it",
        "pt",
        "pl",
        "sv",
        "ja",
        "en",
        "de",
        "en",
        "nl",
        "fr",
        "es",
    ]
    lang = langs[i % len(langs)]
    p = person(lang)
    e = email_for(lang, p)
    name = full(lang, p)
    opts = [
        (
            "chat",
            f"Can you write a polite follow-up to {e}? {p[0]} hasn't answered my invoice since May.",
        ),
        ("chat", f"Bitte schick die Bestätigung an {e}, danke!"),
        ("chat", f"Mon adresse mail c'est {e} (pas celle du boulot)."),
        ("chat", f"Redacta un correo para {name} <{e}> pidiendo el presupuesto de la reforma."),
        ("csv", f"id,naam,email,aangemeld\n1042,{name},{e},2023-11-02"),
        ("chat", f"scrivimi a {e}."),
        (
            "json",
            json.dumps({"cliente": {"id": 88123, "nome": name, "email": e}}, ensure_ascii=False),
        ),
        ("chat", f"Mój e-mail to {e}, proszę o kontakt w sprawie umowy."),
        ("chat", f"Min mejl är {e} om du vill skicka protokollet."),
        ("chat", f"連絡先は {e} です。よろしくお願いします。"),
        (
            "shell_history",
            f'git config --global user.name "{name}"\ngit config --global user.email "{e}"',
        ),
        (
            "log_line",
            f"2024-05-14 09:12:44 WARN  auth: failed login for user={e} from 10.2.0.15 (attempt 3/5)",
        ),
        ("sql", f"UPDATE customers SET newsletter = false WHERE email = '{e}';"),
        (
            "stack_trace",
            f'psycopg2.errors.UniqueViolation: duplicate key value violates unique constraint "users_email_key"\nDETAIL:  Key (email)=({e}) already exists.',
        ),
        (
            "email_paste",
            f"De : {name} <{e}>\nÀ : support@example.com\nObjet : Re: commande 48213\n\nBonjour, je n'ai toujours rien reçu.",
        ),
        ("chat", f'¿Puedes corregir la firma? "{name} · {e}"'),
    ]
    ctx, text = opts[i % len(opts)]
    return ctx, text, [e]


def p_email_special(i):
    opts = [
        (
            "chat",
            "Send the draft to emily.carter+invoices@gmail.com, the +invoices tag goes to a filter.",
            "emily.carter+invoices@gmail.com",
        ),
        (
            "chat",
            "Meine Uni-Adresse ist jonas.becker@stud.informatik.uni-erlangen.de, bitte dort antworten.",
            "jonas.becker@stud.informatik.uni-erlangen.de",
        ),
        (
            "chat",
            "Schreib an jürgen.möller@bäckerei-möller.de, die Domain hat Umlaute.",
            "jürgen.möller@bäckerei-möller.de",
        ),
        (
            "json",
            '{"contact": "francesca.colombo+lavoro@libero.it", "lang": "it"}',
            "francesca.colombo+lavoro@libero.it",
        ),
    ]
    ctx, text, e = opts[i % len(opts)]
    return ctx, text, [e]


def p_email_obf(i):
    opts = [
        (
            "chat",
            "Contact me at anna.kowalska [at] gmail [dot] com if the script breaks.",
            "anna.kowalska [at] gmail [dot] com",
        ),
        (
            "chat",
            "Erreichbar unter hans.meier(at)web(punkt)de, aber bitte nicht vor 9 Uhr.",
            "hans.meier(at)web(punkt)de",
        ),
        (
            "chat",
            "Écrivez-moi : julien.moreau arobase orange point fr",
            "julien.moreau arobase orange point fr",
        ),
        (
            "chat",
            "mi correo es marta.iglesias arroba gmail punto com, escríbeme allí.",
            "marta.iglesias arroba gmail punto com",
        ),
        (
            "chat",
            "Mail me: pieter.mulder apenstaartje ziggo punt nl (geen spam graag)",
            "pieter.mulder apenstaartje ziggo punt nl",
        ),
        (
            "chat",
            "Il mio indirizzo: luca.ricci chiocciola libero punto it",
            "luca.ricci chiocciola libero punto it",
        ),
        (
            "chat",
            "O meu email é tiago.almeida arroba sapo ponto pt.",
            "tiago.almeida arroba sapo ponto pt",
        ),
        (
            "chat",
            "Pisz na t.lewandowski małpa wp kropka pl, odpowiem wieczorem.",
            "t.lewandowski małpa wp kropka pl",
        ),
        (
            "chat",
            "連絡は suzuki.misaki アットマーク docomo.ne.jp までお願いします。",
            "suzuki.misaki アットマーク docomo.ne.jp",
        ),
    ]
    ctx, text, e = opts[i % len(opts)]
    return ctx, text, [e]


def d(n: int) -> str:
    return digits(n)


def phone_values():
    """Yield (lang, formatted number) pairs across many countries and formats."""

    def us():
        a = R.choice(["614", "312", "415", "206", "617", "512", "303", "919"])
        return a, str(R.randint(201, 989)).replace("555", "556"), d(4)

    a, b, c = us()
    yield "en", f"({a}) {b}-{c}"
    a, b, c = us()
    yield "en", f"+1 {a}-{b}-{c}"
    a, b, c = us()
    yield "en", f"{a}.{b}.{c}"
    a, b, c = us()
    yield "en", f"({a}) {b}-{c} ext. {R.randint(100, 499)}"
    yield "en", f"07{R.choice('4589')}{d(2)} {d(6)}"
    yield "en", f"+44 7{R.choice('4589')}{d(2)} {d(3)} {d(3)}"
    yield "de", f"0151 {d(8)}"
    yield "de", f"+49 (0)171 {d(7)}"
    yield "de", f"030/{R.choice('3456789')}{d(7)}"
    yield "de", f"0176-{d(8)}"
    yield "fr", f"06 {d(2)} {d(2)} {d(2)} {d(2)}"
    yield "fr", f"+33 7 {d(2)} {d(2)} {d(2)} {d(2)}"
    yield "fr", f"06.{d(2)}.{d(2)}.{d(2)}.{d(2)}"
    yield "es", f"6{d(2)} {d(3)} {d(3)}"
    yield "es", f"+34 6{d(2)} {d(2)} {d(2)} {d(2)}"
    yield "nl", f"06-{R.choice('12345')}{d(7)}"
    yield "nl", f"+31 6 {d(4)} {d(4)}"
    yield "it", f"3{R.choice('234')}{d(1)} {d(3)} {d(4)}"
    yield "it", f"+39 34{d(1)} {d(7)}"
    yield "pt", f"9{R.choice('1236')}{d(1)} {d(3)} {d(3)}"
    yield "pt", f"+351 9{R.choice('1236')}{d(1)} {d(3)} {d(3)}"
    yield "pl", f"+48 5{d(2)}-{d(3)}-{d(3)}"
    yield "pl", f"5{d(2)} {d(3)} {d(3)}"
    yield "sv", f"07{R.choice('0236')}-{d(3)} {d(2)} {d(2)}"
    yield "sv", f"+46 7{R.choice('0236')} {d(3)} {d(2)} {d(2)}"
    yield "ja", f"090-{d(4)}-{d(4)}"
    yield "ja", f"+81 80-{d(4)}-{d(4)}"
    fw = str.maketrans("0123456789-", "０１２３４５６７８９－")
    yield "ja", f"070-{d(4)}-{d(4)}".translate(fw)
    yield "en", f"+353 8{R.choice('3579')} {d(3)} {d(4)}"
    yield "de", f"+43 664 {d(7)}"
    yield "fr", f"+32 47{d(1)} {d(2)} {d(2)} {d(2)}"
    yield "pt", f"+55 11 9{d(4)}-{d(4)}"


PHONES = list(phone_values())


def p_phone(i):
    lang, num = PHONES[i % len(PHONES)]
    p = person(lang)
    name = full(lang, p)
    T = {
        "en": [
            ("chat", "call me on {n} after 6pm, I'm stuck in meetings until then."),
            ("email_paste", "Best regards,\n{name}\nMobile: {n}"),
            ("csv", "name,phone,city\n{name},{n},Columbus"),
            ("vcard", "BEGIN:VCARD\nVERSION:3.0\nFN:{name}\nTEL;TYPE=CELL:{n}\nEND:VCARD"),
        ],
        "de": [
            ("chat", "Mein Handy: {n} – ruf gern an, wenn der Build wieder rot ist."),
            ("email_paste", "Mit freundlichen Grüßen\n{name}\nTel. {n}"),
            ("json", '{{"kunde": "{name}", "telefon": "{n}", "rueckruf": true}}'),
        ],
        "fr": [
            ("chat", "Vous pouvez me joindre au {n} en journée."),
            ("email_paste", "Cordialement,\n{name}\nPortable : {n}"),
        ],
        "es": [
            ("chat", "mi móvil es el {n}, escríbeme por WhatsApp."),
            ("chat", "Llámame al {n} si el pedido no llega."),
        ],
        "nl": [
            ("chat", "Mijn nummer is {n}, bel gerust na vijven."),
            ("yaml", 'contact:\n  naam: {name}\n  telefoon: "{n}"'),
        ],
        "it": [
            ("chat", "Il mio cellulare è {n}, chiamami pure domani mattina."),
            ("chat", "Per la consegna: {name}, tel. {n}"),
        ],
        "pt": [("chat", "O meu telemóvel é o {n}."), ("chat", "Meu celular: {n} (WhatsApp)")],
        "pl": [
            ("chat", "Mój numer to {n}, proszę dzwonić po 17."),
            ("csv", "imie_nazwisko;telefon\n{name};{n}"),
        ],
        "sv": [
            ("chat", "Ring mig på {n} så löser vi det."),
            ("email_paste", "Hälsningar,\n{name}\nMobil: {n}"),
        ],
        "ja": [
            ("chat", "{name}です。携帯は {n} です。"),
            ("chat", "電話番号：{n}（平日19時以降）"),
        ],
    }
    tl = T[lang]
    ctx, tmpl = tl[(i // len(PHONES) + i) % len(tl)]
    # for "(312) 555-1234 ext. 210" the number itself is the value, not the extension
    return ctx, tmpl.format(n=num, name=name), [num.split(" ext.")[0]]


def p_phone_extra(i):
    n1 = f"49151{d(8)}"
    n2 = f"+49 89 {R.randint(2, 9)}{d(5)}-{R.randint(10, 99)}"
    opts = [
        ("chat", f"Schreib mir einfach auf WhatsApp: https://wa.me/{n1}", [n1]),
        ("html", f'<a href="tel:+3361{d(7)}">Appeler</a>', None),
        ("chat", f"Erreichbar tagsüber unter {n2} (Durchwahl), abends nicht.", [n2]),
    ]
    ctx, text, secs = opts[i % len(opts)]
    if secs is None:
        secs = [text.split("tel:")[1].split('"')[0]]
    return ctx, text, secs


def p_iban(i):
    countries = ["DE", "FR", "ES", "NL", "IT", "BE", "PL", "SE", "PT", "GB", "AT", "CH", "IE"]
    c = countries[i % len(countries)]
    iban = make_iban(c)
    sp = spaced(iban)
    opts = {
        "DE": (
            "chat",
            f"Bitte überweise die Miete an {sp} (Kontoinhaber: {full('de', person('de'))}).",
            sp,
        ),
        "FR": (
            "email_paste",
            f"Bonjour,\nvoici mon RIB pour le remboursement : IBAN {iban}, BIC BNPAFRPPXXX.\nMerci",
            iban,
        ),
        "ES": (
            "chat",
            f"Mi IBAN es {sp}, ¿me ayudas a rellenar el formulario de domiciliación?",
            sp,
        ),
        "NL": ("chat", f"kun je checken of dit klopt: {iban.lower()}", iban.lower()),
        "IT": ("xml", f"<CdtrAcct><Id><IBAN>{iban}</IBAN></Id></CdtrAcct>", iban),
        "BE": ("chat", f"Mon compte : {sp}. Le virement doit partir avant vendredi.", sp),
        "PL": ("chat", f"Numer konta do przelewu: {sp}", sp),
        "SE": (
            "json",
            json.dumps(
                {"betalningsmottagare": full("sv", person("sv")), "iban": iban}, ensure_ascii=False
            ),
            iban,
        ),
        "PT": ("chat", f"O meu IBAN é {sp}; podes verificar se o NIB está certo?", sp),
        "GB": ("csv", f"payee,iban,amount\n{full('en', person('en'))},{iban},250.00", iban),
        "AT": ("chat", f"IBAN: {sp} – für die Kaution.", sp),
        "CH": ("chat", f"Überweisung bitte auf {sp} bei der Raiffeisen.", sp),
        "IE": ("chat", f"Can you send the refund to ({iban})? Thanks!", iban),
    }
    ctx, text, sec = opts[c]
    return ctx, text, [sec]


def p_card(i):
    kinds = ["visa", "mc", "amex", "visa", "mc2", "discover", "jcb", "visa", "mc", "visa", "amex"]
    n = card_number(kinds[i % len(kinds)])
    exp = f"{R.randint(1, 12):02d}/{R.randint(25, 30)}"
    opts = [
        (
            "chat",
            f"I got charged twice on my card {group_card(n)} (exp {exp}), how do I dispute it?",
            group_card(n),
        ),
        (
            "chat",
            f"Meine Kreditkartennummer ist {group_card(n, '-')}, gültig bis {exp}. Kannst du das Formular ausfüllen?",
            group_card(n, "-"),
        ),
        ("chat", f"Amex {group_card(n)} — the booking site keeps rejecting it.", group_card(n)),
        (
            "chat",
            f"Ma carte bancaire n° {group_card(n)} expire le {exp}, comment la mettre à jour sur le site ?",
            group_card(n),
        ),
        (
            "json",
            json.dumps(
                {"payment": {"card_number": n, "exp": exp, "holder": full("en", person("en"))}}
            ),
            n,
        ),
        (
            "log_line",
            f"2024-06-01T12:44:09Z ERROR payments charge failed card={n} amount=129.90 currency=EUR code=do_not_honor",
            n,
        ),
        ("chat", f"カード番号 {group_card(n)} で決済エラーになります。", group_card(n)),
        ("chat", f"La mia carta è {n}, scadenza {exp}: perché il pagamento non passa?", n),
        ("chat", f"Mijn creditcard ({group_card(n)}) is geblokkeerd, wat nu?", group_card(n)),
        ("chat", f"Tarjeta: {group_card(n)} – caduca {exp}", group_card(n)),
        (
            "csv",
            f"cliente,cartao,validade\n{full('pt', person('pt'))},{group_card(n)},{exp}",
            group_card(n),
        ),
    ]
    ctx, text, sec = opts[i % len(opts)]
    return ctx, text, [sec]


def p_ssn(i):
    s = ssn()
    opts = [
        ("chat", f"For the W-9 form my SSN is {s}, can you check the rest of the fields?", s),
        ("csv", f"employee,ssn,start_date\n{full('en', person('en'))},{s},2023-02-13", s),
        (
            "chat",
            f"my social is {s.replace('-', ' ')} and the IRS letter says it doesn't match",
            s.replace("-", " "),
        ),
        (
            "json",
            json.dumps({"applicant": full("en", person("en")), "ssn": s.replace("-", "")}),
            s.replace("-", ""),
        ),
    ]
    ctx, text, sec = opts[i % len(opts)]
    return ctx, text, [sec]


def p_nino(i):
    n = nino()
    sp = f"{n[:2]} {n[2:4]} {n[4:6]} {n[6:8]} {n[8]}"
    opts = [
        ("chat", f"My National Insurance number is {sp}, does it go on the P46?", sp),
        ("csv", f"name,nino,tax_code\n{full('en', person('en'))},{n},1257L", n),
        ("chat", f"HMRC wants my NI number ({n}) again, is it safe to email it?", n),
    ]
    ctx, text, sec = opts[i % len(opts)]
    return ctx, text, [sec]


def p_bsn(i):
    b = bsn()
    opts = [
        ("chat", f"Mijn BSN is {b}, moet dat op het formulier van de belastingdienst?", b),
        (
            "chat",
            f"BSN: {b[:4]}.{b[4:6]}.{b[6:]} – klopt het dat die 9 cijfers heeft?",
            f"{b[:4]}.{b[4:6]}.{b[6:]}",
        ),
        ("json", json.dumps({"naam": full("nl", person("nl")), "bsn": b}, ensure_ascii=False), b),
    ]
    ctx, text, sec = opts[i % len(opts)]
    return ctx, text, [sec]


def p_steuer(i):
    s = steuer_id()
    sp = f"{s[:2]} {s[2:5]} {s[5:8]} {s[8:]}"
    opts = [
        ("chat", f"Meine Steuer-ID ist {sp}. Wo trage ich die in ELSTER ein?", sp),
        ("chat", f"Steueridentifikationsnummer: {s} (laut Brief vom Bundeszentralamt)", s),
        ("csv", f"name;steuer_id;steuerklasse\n{full('de', person('de'))};{s};1", s),
    ]
    ctx, text, sec = opts[i % len(opts)]
    return ctx, text, [sec]


def p_nir(i):
    y, m, _ = dob()
    n = nir(R.choice([1, 2]), y % 100, m)
    opts = [
        (
            "chat",
            f"Mon numéro de sécu c'est {fmt_nir(n)}, la CPAM dit qu'il est invalide ?",
            fmt_nir(n),
        ),
        ("chat", f"N° de sécurité sociale : {n}", n),
        ("json", json.dumps({"nom": full("fr", person("fr")), "nir": n}, ensure_ascii=False), n),
    ]
    ctx, text, sec = opts[i % len(opts)]
    return ctx, text, [sec]


def p_es_id(i):
    if i % 4 == 3:
        n = nie()
        return (
            "chat",
            f"Tengo NIE {n} y me piden el certificado de residencia, ¿dónde lo pido?",
            [n],
        )
    n = dni()
    opts = [
        ("chat", f"Mi DNI es {n}, ¿me ayudas a rellenar el modelo 145?", n),
        ("chat", f"DNI: {n[:2]}.{n[2:5]}.{n[5:8]}-{n[8]}", f"{n[:2]}.{n[2:5]}.{n[5:8]}-{n[8]}"),
        ("csv", f"nombre,dni,telefono_fijo\n{full('es', person('es'))},{n},-", n),
    ]
    ctx, text, sec = opts[i % 4]
    return ctx, text, [sec]


def p_cf(i):
    first, last = [("Giulia", "Romano"), ("Marco", "Bianchi"), ("Chiara", "Marino")][i % 3]
    y, m, dd = dob()
    cf = codice_fiscale(first, last, y, m, dd, female=first in {"Giulia", "Chiara"})
    opts = [
        ("chat", f"Il mio codice fiscale è {cf}, serve per la fattura elettronica?", cf),
        ("json", json.dumps({"nome": first, "cognome": last, "codiceFiscale": cf}), cf),
        ("chat", f"Codice fiscale: {cf.lower()} (l'ho scritto in minuscolo, va bene?)", cf.lower()),
    ]
    ctx, text, sec = opts[i % len(opts)]
    return ctx, text, [sec]


def p_pesel(i):
    y, m, dd = dob()
    if i == 2:
        y = R.randint(2000, 2006)
    f = i % 2 == 0
    p = pesel(y, m, dd, f)
    opts = [
        ("chat", f"Mój PESEL to {p}, czy muszę go podać w formularzu ZUS?", p),
        ("csv", f"imie;nazwisko;pesel\n{person('pl')[0]};{person('pl')[1]};{p}", p),
        ("chat", f"PESEL syna: {p} – system mówi, że jest błędny.", p),
    ]
    ctx, text, sec = opts[i % len(opts)]
    return ctx, text, [sec]


def p_personnummer(i):
    y, m, dd = dob()
    pn = personnummer(y, m, dd)
    opts = [
        ("chat", f"Mitt personnummer är {pn}, behöver Skatteverket det i blanketten?", pn),
        ("chat", f"Personnummer: {y}{pn[2:]}", f"{y}{pn[2:]}"),
        (
            "json",
            json.dumps(
                {"namn": full("sv", person("sv")), "personnummer": pn.replace("-", "")},
                ensure_ascii=False,
            ),
            pn.replace("-", ""),
        ),
    ]
    ctx, text, sec = opts[i % len(opts)]
    return ctx, text, [sec]


def p_be(i):
    y, m, dd = dob()
    n = be_rrn(y, m, dd)
    plain = n.replace(".", "").replace("-", "")
    opts = [
        ("chat", f"Mijn rijksregisternummer is {n}, waar vul ik dat in op Tax-on-web?", n),
        ("chat", f"Numéro national : {plain} (carte d'identité belge)", plain),
        ("csv", f"naam;rijksregisternummer\n{full('nl', person('nl'))};{n}", n),
    ]
    ctx, text, sec = opts[i % len(opts)]
    return ctx, text, [sec]


def p_nif(i):
    n = pt_nif()
    opts = [
        ("chat", f"O meu NIF é {n}, ponham na fatura por favor.", n),
        ("chat", f"Contribuinte n.º {n[:3]} {n[3:6]} {n[6:]}", f"{n[:3]} {n[3:6]} {n[6:]}"),
        (
            "json",
            json.dumps({"cliente": full("pt", person("pt")), "nif": n}, ensure_ascii=False),
            n,
        ),
    ]
    ctx, text, sec = opts[i % len(opts)]
    return ctx, text, [sec]


def p_passport(i):
    opts = [
        (
            "chat",
            "Meine Reisepassnummer ist {v}, gültig bis 2031. Reicht das für ESTA?",
            R.choice("CFGHJK") + rs(8, "CFGHJKLMNPRTVWXYZ0123456789"),
        ),
        (
            "chat",
            "Passport number: {v} (US), issued 2019 — is it still valid for Japan?",
            "A" + nz_digits(8),
        ),
        (
            "chat",
            "Mon numéro de passeport est {v}, il faut le mettre dans le formulaire de visa ?",
            f"{d(2)}{rs(2, UP)}{d(5)}",
        ),
        (
            "chat",
            "Número de pasaporte: {v}. ¿Lo necesito para el check-in online?",
            f"{rs(3, UP)}{d(6)}",
        ),
        ("chat", "Il mio passaporto n. {v} scade a settembre.", f"{rs(2, UP)}{d(7)}"),
        (
            "chat",
            "Paspoortnummer {v} – moet ik die doorgeven aan de verhuurder?",
            rs(2, "ABCDEFGHIJKLMNPRSTUVWXYZ") + rs(6, "ABCDEFGHIJKLMNPRSTUVWXYZ0123456789") + d(1),
        ),
        (
            "chat",
            "旅券番号は {v} です。ビザ申請書に書く必要がありますか？",
            f"T{R.choice('KRZ')}{d(7)}",
        ),
    ]
    ctx, tmpl, v = opts[i % len(opts)]
    return ctx, tmpl.format(v=v), [v]


def p_address(i):
    n = R.randint(2, 140)
    opts = [
        (
            "chat",
            "Ship it to {s}, Apt 4C, Columbus, OH 43215 please.",
            f"{R.randint(120, 9800)} Maple Ridge Dr",
        ),
        (
            "email_paste",
            "Please update my billing address to:\n{s}\nLeeds LS6 4AB",
            f"Flat 2, {n} Albert Road",
        ),
        (
            "chat",
            "Meine neue Adresse: {s}, 50674 Köln – kannst du den Nachsendeauftrag formulieren?",
            f"Lindenstraße {n}",
        ),
        (
            "chat",
            "J'habite au {s}, 69003 Lyon, est-ce que la fibre est disponible ?",
            f"{n} rue des Lilas",
        ),
        ("chat", "Mi dirección es {s}, 3º B, 28005 Madrid.", f"Calle de Toledo {n}"),
        ("chat", "Stuur het pakket naar {s}, 1057 GN Amsterdam.", f"Van Speijkstraat {n}-2"),
        (
            "json",
            '{{"destinatario": "{name}", "indirizzo": "{s}", "cap": "10124", "citta": "Torino"}}',
            f"Via Giuseppe Verdi {n}",
        ),
        ("chat", "A minha morada é {s}, 4050-265 Porto.", f"Rua das Flores {n}, 3.º Dto"),
        ("chat", "Adres do wysyłki: {s}, 00-876 Warszawa", f"ul. Ogrodowa {n}/{R.randint(1, 40)}"),
        (
            "chat",
            "Jag bor på {s}, 411 24 Göteborg – vilken vårdcentral hör jag till?",
            f"Vasagatan {n} B",
        ),
        (
            "chat",
            "住所は〒154-0024 東京都{s} サンハイツ302号室です。",
            f"世田谷区三軒茶屋2丁目{R.randint(1, 20)}-{R.randint(1, 15)}",
        ),
        ("csv", "name,street,zip,city\n{name},{s},5000,Namur", f"Rue de la Station {n}"),
        ("chat", "Lieferadresse: {s}, 1070 Wien (Stiege 2, Top 12)", f"Mariahilfer Straße {n}"),
        (
            "chat",
            "I live at {s}, Ballincollig, Co. Cork P31 X2K7 — which bin collection day is mine?",
            f"{n} Orchard Grove",
        ),
        (
            "vcard",
            "BEGIN:VCARD\nFN:{name}\nADR;TYPE=HOME:;;{s};Portland;OR;97214;USA\nEND:VCARD",
            f"{R.randint(100, 4999)} SE Hawthorne Blvd",
        ),
        (
            "chat",
            "Wohnhaft in der {s}, 80336 München. Brauche ich eine Meldebescheinigung?",
            f"Goethestraße {n}a",
        ),
        ("chat", "Il mio indirizzo di casa è {s}, 40121 Bologna.", f"Via dell'Indipendenza {n}"),
    ]
    ctx, tmpl, s = opts[i % len(opts)]
    name = full("it", person("it")) if i % len(opts) == 6 else full("en", person("en"))
    return ctx, tmpl.format(s=s, name=name), [s]


MONTHS = {
    "de": [
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ],
    "es": [
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
    ],
    "en": [
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
    ],
}


def p_dob(i):
    y, m, dd = dob()
    opts = [
        (
            "chat",
            "en",
            "{name}, born {v}, needs a new GP registration form filled in.",
            f"{dd} {MONTHS['en'][m - 1]} {y}",
        ),
        (
            "chat",
            "de",
            "{name}, geboren am {v}, braucht eine neue Lohnsteuerbescheinigung – was muss ich angeben?",
            f"{dd:02d}.{m:02d}.{y}",
        ),
        (
            "chat",
            "fr",
            "{name}, né le {v} à Nantes, doit renouveler sa carte d'identité.",
            f"{dd:02d}/{m:02d}/{y}",
        ),
        ("csv", "es", "nombre,fecha_nacimiento\n{name},{v}", f"{y}-{m:02d}-{dd:02d}"),
        (
            "chat",
            "nl",
            "Geboortedatum van {name}: {v}. Klopt de leeftijdsberekening?",
            f"{dd:02d}-{m:02d}-{y}",
        ),
        ("chat", "it", "{name}, data di nascita {v}, residente a Torino.", f"{dd:02d}/{m:02d}/{y}"),
        ("json", "pt", '{{"nome": "{name}", "data_nascimento": "{v}"}}', f"{y}-{m:02d}-{dd:02d}"),
        ("chat", "pl", "{name}, ur. {v} r., prosi o zaświadczenie.", f"{dd:02d}.{m:02d}.{y}"),
        (
            "chat",
            "sv",
            "{name} är född {v}, hur räknar jag ut pensionsåldern?",
            f"{y}-{m:02d}-{dd:02d}",
        ),
        ("chat", "ja", "{name}（{v}生まれ）の履歴書を作ってください。", f"{y}年{m}月{dd}日"),
        (
            "chat",
            "es",
            "Mi madre, {name}, nació el {v}; ¿cuándo puede jubilarse?",
            f"{dd} de {MONTHS['es'][m - 1]} de {y}",
        ),
    ]
    ctx, lang, tmpl, v = opts[i % len(opts)]
    name = full(lang, person(lang))
    return ctx, tmpl.format(name=name, v=v), [v]


def public_ipv4() -> str:
    first = R.choice([84, 91, 88, 178, 90, 81, 62, 79, 217, 213, 83, 95, 126, 151])
    return f"{first}.{R.randint(1, 254)}.{R.randint(0, 254)}.{R.randint(1, 254)}"


def p_ip(i):
    ip = public_ipv4()
    v6 = f"2a02:8108:{rs(4, HX)}:{rs(4, HX)}:{rs(4, HX)}:{rs(4, HX)}:{rs(4, HX)}:{rs(4, HX)}"
    opts = [
        (
            "chat",
            f"My home IP is {ip} (Telekom DSL), how do I whitelist it in the Azure SQL firewall?",
            [ip],
        ),
        (
            "log_line",
            f"Jun  3 21:14:07 vps sshd[20311]: Accepted publickey for lena from {ip} port 52144 ssh2 — that's me at home, the others are bots, right?",
            [ip],
        ),
        (
            "chat",
            f"Mon adresse IPv6 à la maison : {v6}, pourquoi le NAS n'est pas joignable ?",
            [v6],
        ),
        (
            "nginx_config",
            f"location /admin {{\n    allow {ip};   # mein Zuhause\n    deny all;\n}}",
            [ip],
        ),
        (
            "shell_history",
            f"aws ec2 authorize-security-group-ingress --group-id sg-0a1b2c3d --protocol tcp --port 22 --cidr {ip}/32  # mi casa",
            [ip],
        ),
        ("chat", f"自宅のIPは {ip} です。ポート開放の確認方法を教えてください。", [ip]),
        ("chat", f"Mijn thuis-IP is {ip}, kan iemand daarmee mijn adres vinden?", [ip]),
        ("chat", f"Moje domowe IP to {ip}, a IPv6: {v6}.", [ip, v6]),
    ]
    return opts[i % len(opts)]


def mac(sep: str = ":", upper: bool = False) -> str:
    oui = R.choice(
        ["3c:22:fb", "a4:83:e7", "f4:8e:38", "dc:a6:32", "b8:27:eb", "ac:bc:32", "70:3a:cb"]
    )
    m = oui + ":" + ":".join(rs(2, HX) for _ in range(3))
    m = m.replace(":", sep)
    return m.upper() if upper else m


def p_mac(i):
    m1 = mac()
    opts = [
        ("chat", f"my laptop's MAC is {m1}, why does the router show a different one?", [m1]),
        (
            "config_file",
            f"# /etc/dnsmasq.d/static.conf\ndhcp-host={m1},192.168.1.50,iphone-sanne",
            [m1],
        ),
        (
            "shell_history",
            f"C:\\> ipconfig /all\n   Beschreibung. . . . . . . . . . . : Intel(R) Wi-Fi 6 AX201\n   Physische Adresse . . . . . . . . : {mac('-', True)}",
            None,
        ),
        ("chat", f"Il MAC del mio telefono è {m1}: posso bloccare gli altri dispositivi?", [m1]),
        ("chat", f"私のPCのMACアドレスは {mac('-', True)} です。", None),
    ]
    ctx, text, secs = opts[i % len(opts)]
    if secs is None:
        secs = (
            [text.split(": ")[-1].split(" ")[0]]
            if ctx == "shell_history"
            else [text.split("は ")[1].split(" ")[0]]
        )
    return ctx, text, secs


def p_plate(i):
    opts = [
        (
            "chat",
            "Mein Auto (Kennzeichen {v}) wurde abgeschleppt, wie formuliere ich den Widerspruch?",
            f"M-{rs(2, 'ABCDEFGHKLMNPRSTUVWXYZ')} {R.randint(100, 9999)}",
        ),
        (
            "chat",
            "My car reg is {v}, can you help me appeal this parking fine?",
            f"{rs(2, 'ABDEFGHKLMNOPRSVWY')}{R.randint(51, 73)} {rs(3, 'ABCDEFGHJKLMNOPRSTUVWXYZ')}",
        ),
        (
            "chat",
            "Ma voiture immatriculée {v} a été flashée, c'est contestable ?",
            f"{rs(2, 'ABCDEFGHJKLMNPRSTVWXYZ')}-{d(3)}-{rs(2, 'ABCDEFGHJKLMNPRSTVWXYZ')}",
        ),
        (
            "chat",
            "Mi coche, matrícula {v}, no pasó la ITV.",
            f"{d(4)} {rs(3, 'BCDFGHJKLMNPRSTVWXYZ')}",
        ),
        (
            "chat",
            "Mijn auto met kenteken {v} staat nog op naam van mijn vader.",
            f"{R.randint(1, 9)}-{rs(3, 'BDFGHJKLNPRSTXZ')}-{d(2)}",
        ),
        (
            "chat",
            "La mia macchina, targa {v}, è stata multata a Milano.",
            f"{rs(2, 'ABCDEFGHJKLMNPRSTVWXYZ')} {d(3)} {rs(2, 'ABCDEFGHJKLMNPRSTVWXYZ')}",
        ),
        (
            "chat",
            "Min bil har registreringsnummer {v}, hur betalar jag trängselskatten?",
            f"{rs(3, 'ABCDEFGHJKLMNOPRSTUWXYZ')} {d(2)}{rs(1, 'ABCDEFGHJKLMNPRSTUWXYZ')}",
        ),
    ]
    ctx, tmpl, v = opts[i % len(opts)]
    return ctx, tmpl.format(v=v), [v]


def p_uk_bank(i):
    sc = f"{R.randint(10, 40)}-{d(2)}-{d(2)}"
    acc = nz_digits(8)
    opts = [
        (
            "chat",
            f"Pay me back via bank transfer: sort code {sc}, account {acc}, name as on the lease.",
        ),
        (
            "email_paste",
            f"Hi,\n\nmy new bank details for payroll are:\nSort code: {sc}\nAccount number: {acc}\n\nThanks",
        ),
        ("csv", f"payee,sort_code,account_number\n{full('en', person('en'))},{sc},{acc}"),
        ("chat", f"Is it safe to give my landlord {sc} / {acc} for the deposit refund?"),
    ]
    ctx, text = opts[i % len(opts)]
    return ctx, text, [sc, acc]


def p_multi(i):
    if i == 0:
        p = person("en")
        e, s, ph = (
            email_for("en", p),
            ssn(),
            f"({R.choice(['614', '206'])}) {R.randint(201, 549)}-{d(4)}",
        )
        y, m, dd = dob()
        dv = f"{m:02d}/{dd:02d}/{y}"
        addr = f"{R.randint(100, 9000)} Cedar Point Rd"
        return (
            "csv",
            f'name,email,phone,ssn,dob,address\n{full("en", p)},{e},{ph},{s},{dv},"{addr}, Raleigh, NC 27608"',
            [e, ph, s, dv, addr],
        )
    if i == 1:
        p = person("de")
        y, m, dd = dob()
        dv, iban, st = f"{dd:02d}.{m:02d}.{y}", spaced(make_iban("DE")), steuer_id()
        addr = f"Am Mühlbach {R.randint(1, 60)}"
        return (
            "chat",
            f"Kannst du das Formular ausfüllen? Name: {full('de', p)}, geb. {dv}, Anschrift: {addr}, 91054 Erlangen, IBAN {iban}, Steuer-ID {st}.",
            [dv, addr, iban, st],
        )
    if i == 2:
        y, m, dd = dob()
        n = nir(2, y % 100, m)
        ph = f"06 {d(2)} {d(2)} {d(2)} {d(2)}"
        addr = f"{R.randint(2, 90)} avenue Jean Jaurès"
        return (
            "email_paste",
            f"Madame, Monsieur,\n\nJe soussignée {full('fr', person('fr'))}, n° de sécurité sociale {fmt_nir(n)}, demeurant {addr}, 31000 Toulouse, joignable au {ph}, ...",
            [fmt_nir(n), addr, ph],
        )
    if i == 3:
        p = person("es")
        n, ph, e = dni(), f"+34 6{d(2)} {d(3)} {d(3)}", email_for("es", p)
        return (
            "chat",
            f"Datos para el contrato: {full('es', p)}, DNI {n}, teléfono {ph}, correo {e}.",
            [n, ph, e],
        )
    if i == 4:
        p = person("nl")
        b, iban, e = bsn(), make_iban("NL"), email_for("nl", p)
        return (
            "json",
            json.dumps(
                {"naam": full("nl", p), "bsn": b, "iban": iban, "email": e},
                ensure_ascii=False,
            ),
            [b, iban, e],
        )
    if i == 5:
        y, m, dd = dob()
        pe = pesel(y, m, dd, True)
        ph, addr = f"+48 6{d(2)} {d(3)} {d(3)}", f"ul. Długa {R.randint(1, 60)}/{R.randint(1, 20)}"
        return (
            "chat",
            f"Pani {R.choice(['Katarzyna Nowak', 'Agnieszka Zielińska', 'Magdalena Kamińska'])}, PESEL {pe}, tel. {ph}, zam. {addr}, 31-147 Kraków.",
            [pe, ph, addr],
        )
    if i == 6:
        y, m, dd = dob()
        pn = personnummer(y, m, dd)
        addr = f"Storgatan {R.randint(2, 80)}"
        return (
            "chat",
            f"Hyresgäst: {full('sv', person('sv'))}, personnummer {pn}, adress {addr}, 753 31 Uppsala.",
            [pn, addr],
        )
    if i == 7:
        p = person("ja")
        y, m, dd = dob()
        dv = f"{y}年{m}月{dd}日"
        ph = f"090-{d(4)}-{d(4)}"
        addr = f"世田谷区三軒茶屋2丁目{R.randint(1, 20)}-{R.randint(1, 15)}"
        e = email_for("ja", p)
        return (
            "chat",
            f"履歴書\n氏名：{full('ja', p)}\n生年月日：{dv}\n住所：東京都{addr}\n電話：{ph}\nメール：{e}",
            [dv, addr, ph, e],
        )
    if i == 8:
        n, sc, acc = nino(), f"{R.randint(10, 40)}-{d(2)}-{d(2)}", nz_digits(8)
        ph = f"07{R.choice('4589')}{d(2)} {d(6)}"
        return (
            "email_paste",
            f"New starter details:\nNI number: {n}\nSort code: {sc}  Account: {acc}\nMobile: {ph}",
            [n, sc, acc, ph],
        )
    if i == 9:
        y, m, dd = dob()
        cf = codice_fiscale("Luca", "Ricci", y, m, dd, False)
        iban, ph = make_iban("IT"), f"347 {d(3)} {d(4)}"
        return (
            "chat",
            f"Per il bonifico: Luca Ricci, CF {cf}, IBAN {iban}, cell. {ph}.",
            [cf, iban, ph],
        )
    if i == 10:
        p = person("en")
        card = card_number("visa")
        e = email_for("en", p)
        addr = f"{R.randint(10, 300)} Mill Lane"
        return (
            "json",
            json.dumps(
                {
                    "order": 48213,
                    "customer": {
                        "name": full("en", p),
                        "email": e,
                        "card": card,
                        "exp": "09/27",
                        "shipping": f"{addr}, Bristol BS3 1QE",
                    },
                }
            ),
            [e, card, addr],
        )
    if i == 11:
        ip, m1 = public_ipv4(), mac()
        return (
            "chat",
            f"Mein Router zeigt meine öffentliche IP {ip} und mein Laptop hat die MAC {m1} – kann der Provider mich damit identifizieren?",
            [ip, m1],
        )
    if i == 12:
        p = person("pt")
        n, ph = pt_nif(), f"+351 91{d(1)} {d(3)} {d(3)}"
        addr = f"Rua de Santa Marta {R.randint(2, 90)}"
        return (
            "chat",
            f"Fatura em nome de {full('pt', p)}, NIF {n}, {addr}, 1150-297 Lisboa, telemóvel {ph}.",
            [n, addr, ph],
        )
    y, m, dd = dob()
    rrn = be_rrn(y, m, dd)
    iban = spaced(make_iban("BE"))
    return (
        "chat",
        f"Gegevens huurder: {full('nl', person('nl'))}, rijksregisternummer {rrn}, IBAN {iban}, Kerkstraat {R.randint(2, 90)}, 9000 Gent.",
        [rrn, iban],
    )


PII_SPEC = [
    ("email", 16, p_email),
    ("email", 4, p_email_special),
    ("email_obfuscated", 9, p_email_obf),
    ("phone", 32, p_phone),
    ("phone", 3, p_phone_extra),
    ("iban", 13, p_iban),
    ("credit_card", 11, p_card),
    ("us_ssn", 4, p_ssn),
    ("uk_nino", 3, p_nino),
    ("nl_bsn", 3, p_bsn),
    ("de_steuer_id", 3, p_steuer),
    ("fr_nir", 3, p_nir),
    ("es_dni_nie", 4, p_es_id),
    ("it_codice_fiscale", 3, p_cf),
    ("pl_pesel", 3, p_pesel),
    ("se_personnummer", 3, p_personnummer),
    ("be_national_number", 3, p_be),
    ("pt_nif", 3, p_nif),
    ("passport_number", 7, p_passport),
    ("street_address", 17, p_address),
    ("date_of_birth", 11, p_dob),
    ("ip_address", 8, p_ip),
    ("mac_address", 5, p_mac),
    ("licence_plate", 7, p_plate),
    ("uk_bank_account", 4, p_uk_bank),
    ("multi_pii", 14, p_multi),
]


# ==========================================================================
# NEGATIVES: nothing secret or personal, but plenty that looks like it
# ==========================================================================

NEG_STATIC: list[tuple[str, str]] = [
    (
        "chat",
        "How do I set my OpenAI key without hardcoding it? Right now the README says `OPENAI_API_KEY=sk-...` and I load it with python-dotenv.",
    ),
    (
        "env_file",
        "# .env.example — copy to .env and fill in\nSTRIPE_SECRET_KEY=sk_live_...\nSTRIPE_WEBHOOK_SECRET=whsec_...\nDATABASE_URL=postgres://USER:PASSWORD@HOST:5432/DBNAME\nREDIS_URL=redis://localhost:6379/0",
    ),
    (
        "shell_history",
        "export ANTHROPIC_API_KEY=<your-api-key>\npython agent.py --model claude-3-5-sonnet-latest --max-tokens 2048",
    ),
    (
        "python_code",
        'import os\n\nheaders = {"Authorization": f"Bearer {os.environ[\'API_TOKEN\']}"}\nresp = requests.get("https://api.example.com/v1/items", headers=headers, timeout=10)',
    ),
    (
        "chat",
        "The AWS docs use AKIAIOSFODNN7EXAMPLE as the access key id and wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY as the secret in every example. Is it fine to put those in my moto unit tests?",
    ),
    (
        "config_file",
        "# from the AWS CLI user guide\n[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\nregion = us-west-2",
    ),
    (
        "chat",
        "For testing use card 4242 4242 4242 4242 with any future expiry like 12/34 and CVC 123; 4000 0000 0000 9995 simulates insufficient funds.",
    ),
    (
        "chat",
        "Para probar los pagos usa la tarjeta de prueba 4242 4242 4242 4242 de Stripe, nunca una tarjeta real.",
    ),
    (
        "chat",
        "Welche Testkarte löst 3-D Secure aus? In der Stripe-Doku steht 4000 0027 6000 3184, und 5555 5555 5555 4444 ist die Mastercard-Testnummer.",
    ),
    (
        "ci_config",
        "jobs:\n  release:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/setup-node@v4\n        with:\n          node-version: 20\n          registry-url: https://registry.npmjs.org\n      - run: npm publish\n        env:\n          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}",
    ),
    (
        "k8s_manifest",
        "env:\n  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef:\n        name: postgres-credentials\n        key: password\n  - name: LOG_LEVEL\n    value: info",
    ),
    (
        "docker_compose",
        'services:\n  db:\n    image: postgres:16.3\n    environment:\n      POSTGRES_USER: ${POSTGRES_USER}\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}\n    ports:\n      - "5432:5432"',
    ),
    (
        "chat",
        "For the docs, use alice@example.com and bob@example.org as sample users; anything @example.net is reserved too.",
    ),
    (
        "chat",
        "In the screenplay the detective dials (212) 555-0187; the 555-0100 to 555-0199 block is reserved for fiction.",
    ),
    (
        "chat",
        "Ofcom reserves 07700 900000 to 07700 900999 for TV and radio dramas, so the character can say 07700 900461 safely.",
    ),
    ("chat", "Im Drehbuch ruft sie 555-0142 an – das ist doch eine fiktive Nummer, oder?"),
    (
        "chat",
        "Albert Einstein was born on 14 March 1879 in Ulm and died on 18 April 1955 in Princeton.",
    ),
    ("chat", "Maria Skłodowska-Curie urodziła się 7 listopada 1867 r. w Warszawie."),
    ("chat", "Wolfgang Amadeus Mozart wurde am 27. Januar 1756 in Salzburg geboren."),
    ("chat", "Frida Kahlo nació el 6 de julio de 1907 en Coyoacán, Ciudad de México."),
    ("chat", "Astrid Lindgren föddes den 14 november 1907 på Näs utanför Vimmerby."),
    ("chat", "Fernando Pessoa nasceu em Lisboa a 13 de junho de 1888."),
    ("chat", "Victor Hugo est né le 26 février 1802 à Besançon."),
    ("chat", "Rembrandt van Rijn werd geboren op 15 juli 1606 in Leiden."),
    ("chat", "Leonardo da Vinci nacque il 15 aprile 1452 ad Anchiano, vicino a Vinci."),
    ("chat", "夏目漱石は1867年2月9日に江戸の牛込で生まれました。"),
    ("chat", "The White House is at 1600 Pennsylvania Avenue NW, Washington, DC 20500."),
    ("chat", "Write a short tourist blurb about 10 Downing Street, London SW1A 2AA."),
    ("chat", "Das Reichstagsgebäude hat die Anschrift Platz der Republik 1, 11011 Berlin."),
    ("chat", "Le musée du Louvre se trouve rue de Rivoli, 75001 Paris."),
    ("chat", "Het Rijksmuseum ligt aan de Museumstraat 1, 1071 XX Amsterdam."),
    ("chat", "El Museo del Prado está en Calle de Ruiz de Alarcón 23, 28014 Madrid."),
    ("chat", "Il Colosseo si trova in Piazza del Colosseo, 00184 Roma."),
    ("chat", "東京駅の所在地は東京都千代田区丸の内一丁目です。"),
    ("chat", "Nobelprismuseet ligger på Stortorget 2 i Gamla stan, Stockholm."),
    ("chat", "A Torre de Belém fica na Avenida Brasília, 1400-038 Lisboa."),
    ("chat", "Zamek Królewski na Wawelu ma adres Wawel 5, 31-001 Kraków."),
    (
        "python_code",
        'EMAIL_RE = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$")\nPHONE_RE = re.compile(r"^\\+?[0-9 ()./-]{7,20}$")',
    ),
    (
        "python_code",
        "def luhn_ok(number: str) -> bool:\n    total = 0\n    for i, ch in enumerate(reversed(number)):\n        d = int(ch)\n        if i % 2:\n            d = d * 2 - 9 if d > 4 else d * 2\n        total += d\n    return total % 10 == 0",
    ),
    (
        "sql",
        "CREATE TABLE users (\n    id BIGSERIAL PRIMARY KEY,\n    email TEXT UNIQUE NOT NULL,\n    password_hash VARCHAR(255) NOT NULL,\n    api_token_hash CHAR(64),\n    created_at TIMESTAMPTZ DEFAULT now()\n);",
    ),
    (
        "chat",
        "Upgraded from numpy 1.26.4 to 2.0.0rc2 and pandas 2.2.2; Python 3.12.3 on Ubuntu 24.04 LTS (kernel 6.8.0-31-generic). Now import fails.",
    ),
    ("chat", "Is log4j 2.17.1 still affected by CVE-2021-44228 or CVE-2021-45046?"),
    (
        "chat",
        "The Pro plan is $49.99/month or €479,00 per year; the Team plan costs £1,299.00 annually.",
    ),
    (
        "chat",
        "The conference runs 12–14 June 2024 at the Lisbon Congress Centre; early-bird tickets end on 30 April.",
    ),
    (
        "chat",
        "Convert 1717430400 to a date — I think it's 2024-06-03T16:00:00Z but my JS gives 1970.",
    ),
    (
        "chat",
        "What does `SGVsbG8sIFdvcmxkIQ==` decode to? And is `aGVsbG8gd29ybGQ=` just 'hello world'?",
    ),
    (
        "chat",
        "Why is 2^53 = 9007199254740992 the largest integer a double can represent exactly, and why does 9007199254740993 round?",
    ),
    ("chat", "Solve 3x² − 12x + 9 = 0 and check: the roots should be x = 1 and x = 3."),
    (
        "chat",
        "π ≈ 3.14159265358979323846 and e ≈ 2.71828182845904523536 — how many digits does float64 keep?",
    ),
    (
        "chat",
        "Replace ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx in the README with your own token before running the script.",
    ),
    (
        "chat",
        "Tokens look like xoxb-XXXXXXXXXXXX-XXXXXXXXXXXXX-XXXXXXXXXXXXXXXXXXXXXXXX — where in the Slack admin do I find mine?",
    ),
    (
        "yaml",
        'smtp:\n  host: smtp.example.com\n  user: notifications\n  password: "********"   # redacted before pasting\n  port: 587',
    ),
    (
        "chat",
        "jwt.io shows this sample token: eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c — why is the signature verified with 'your-256-bit-secret'?",
    ),
    (
        "css",
        ".btn-primary {\n  color: #ffffff;\n  background: #1a73e8;\n  border: 1px solid #1765cc;\n  border-radius: 4px;\n}",
    ),
    (
        "chat",
        "In the docs use 192.0.2.10, 198.51.100.7 and 203.0.113.42 instead of real addresses (RFC 5737).",
    ),
    (
        "shell_history",
        "$ ping6 -c 2 2001:db8::1\nconnect: Network is unreachable\n$ ping6 -c 2 ::1\n64 bytes from ::1: icmp_seq=1 ttl=64 time=0.031 ms",
    ),
    (
        "chat",
        "For documentation, RFC 7042 reserves 00-00-5E-00-53-00 to 00-00-5E-00-53-FF as example MAC addresses.",
    ),
    (
        "chat",
        "The C Programming Language, 2nd edition, ISBN 978-0-13-110362-7 — is it still worth reading?",
    ),
    (
        "chat",
        "Cite it as LeCun, Bengio & Hinton (2015), Nature 521, 436–444, doi:10.1038/nature14539.",
    ),
    (
        "chat",
        "The Bitcoin genesis block hash is 000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f — why all the leading zeros?",
    ),
    (
        "chat",
        'MongoDB\'s docs use ObjectId("507f1f77bcf86cd799439011") as the example; how do I get the timestamp out of it?',
    ),
    (
        "json",
        '{\n  "Version": "2012-10-17",\n  "Statement": [{\n    "Effect": "Allow",\n    "Action": "s3:GetObject",\n    "Resource": "arn:aws:s3:::examplebucket/*",\n    "Principal": {"AWS": "arn:aws:iam::123456789012:root"}\n  }]\n}',
    ),
    (
        "chat",
        "GitHub publishes its SSH host key fingerprints: SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s (RSA) and SHA256:+DiY3wvvV6TuJJhbpZisF/zLDA0zPMSvHdkr4UvCOqU (Ed25519). Mine matches the second one.",
    ),
    (
        "chat",
        "HMRC's own example National Insurance number is QQ 12 34 56 C; the QQ prefix is never issued.",
    ),
    ("chat", "US SSNs use the AAA-GG-SSSS layout; area 000, 666 and 900–999 are never assigned."),
    ("chat", "Placeholder für die Doku: IBAN DEXX XXXX XXXX XXXX XXXX XX, BIC XXXXDEXXXXX."),
    ("chat", "Ich habe mein Passwort vergessen – wie setze ich es in Nextcloud über occ zurück?"),
    ("chat", "Quelle est la longueur minimale recommandée pour un mot de passe selon l'ANSSI ?"),
    ("chat", "パスワードを忘れました。リセット方法を教えてください。"),
    ("chat", "Jak wygenerować bezpieczne hasło w Pythonie? Myślałem o secrets.token_urlsafe(32)."),
    ("chat", "¿Cuál es la diferencia entre bcrypt y argon2 para guardar contraseñas?"),
    (
        "stack_trace",
        'Traceback (most recent call last):\n  File "/home/runner/work/app/app/main.py", line 42, in <module>\n    main()\n  File "/home/runner/work/app/app/main.py", line 37, in main\n    total = sum(x["price"] for x in items)\nKeyError: \'price\'',
    ),
    ("chat", "Berlin liegt bei 52.5200° N, 13.4050° E; Lissabon bei 38.7223° N, 9.1393° W."),
    (
        "chat",
        "Avogadro's constant is exactly 6.02214076×10²³ mol⁻¹ since the 2019 SI redefinition.",
    ),
    (
        "json",
        '{\n  "dependencies": {\n    "react": "^18.3.1",\n    "next": "14.2.3",\n    "zod": "~3.23.8"\n  }\n}',
    ),
    ("chat", "Windows Update fails with 0x80070005 (E_ACCESSDENIED) and sometimes 0x8024402C."),
    ("chat", "Vilken Python-version behövs för Django 5.0? Jag kör 3.9.18 på servern."),
    ("chat", "De vergadering is op dinsdag 4 juni om 14:00 in zaal 3.12 van gebouw B."),
    (
        "chat",
        "Il Frecciarossa 9541 parte alle 07:10 da Milano Centrale e arriva a Roma Termini alle 10:20.",
    ),
    ("chat", "O preço da gasolina subiu de 1,79 € para 1,86 € por litro desde 1 de maio."),
    ("chat", "Why does https://www.youtube.com/watch?v=dQw4w9WgXcQ autoplay in my embed?"),
    (
        "chat",
        "Anthropic keys start with sk-ant-api03-… so my validation regex is ^sk-ant-api03-[A-Za-z0-9_-]{93}AA$ — is that right?",
    ),
    (
        "shell_history",
        "huggingface-cli login --token $HF_TOKEN\nhuggingface-cli download mistralai/Mistral-7B-v0.1 --local-dir ./models",
    ),
    (
        "terraform",
        'provider "aws" {\n  region     = var.region\n  access_key = var.aws_access_key_id\n  secret_key = var.aws_secret_access_key\n}',
    ),
    (
        "chat",
        "Twilio's magic test number +15005550006 always succeeds with test credentials; +15005550001 is 'invalid'.",
    ),
    ("chat", "Broadcast MAC is ff:ff:ff:ff:ff:ff and IPv4 multicast maps to 01:00:5e:xx:xx:xx."),
    (
        "env_file",
        "DATABASE_URL=postgresql://${DB_USER}:${DB_PASS}@${DB_HOST}:5432/app\nSECRET_KEY=${SECRET_KEY}",
    ),
    (
        "xml",
        "<PropertyGroup>\n  <ProjectGuid>{8BC9CEB8-8B4A-11D0-8D11-00A0C91BC942}</ProjectGuid>\n  <TargetFramework>net8.0</TargetFramework>\n</PropertyGroup>",
    ),
    ("chat", "Q3 earnings call is on 2024-10-24 at 17:00 CET; the 10-K was filed on 2024-02-02."),
    (
        "python_code",
        'import hashlib\nprint(hashlib.sha256(b"hello").hexdigest())\n# 2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824',
    ),
    (
        "chat",
        "sk-... in the screenshot is obviously truncated, right? The dashboard never shows the full key again.",
    ),
    ("yaml", 'password: "<redacted>"\napi_key: "<your-api-key>"\ntoken: "REPLACE_ME"'),
    (
        "chat",
        "My password manager says 'P@ssw0rd' and '123456' are the most common passwords — why do people still use them?",
    ),
    (
        "chat",
        "Mein Passwort ist zu kurz laut Fehlermeldung. Was sind die Anforderungen bei Microsoft 365?",
    ),
    (
        "sql",
        "SELECT order_id, total_eur, created_at FROM orders WHERE created_at >= '2024-05-01' AND status = 'paid' ORDER BY total_eur DESC LIMIT 20;",
    ),
    ("chat", "La Sagrada Família está en Carrer de Mallorca 401, 08013 Barcelona."),
    (
        "chat",
        "Das Geburtsdatum von Johann Wolfgang von Goethe ist der 28. August 1749 (Frankfurt am Main).",
    ),
    ("chat", "Ada Lovelace was born 10 December 1815; write me a short bio for a poster."),
    ("chat", "Chopin urodził się 1 marca 1810 r. w Żelazowej Woli."),
    (
        "cron",
        "# m h dom mon dow command\n*/15 * * * * /usr/local/bin/backup.sh >> /var/log/backup.log 2>&1\n0 3 * * 0 /usr/sbin/logrotate /etc/logrotate.conf",
    ),
    ("chat", "Wie viel sind 4.111 × 1.111? Ich komme auf 4.567.321 – stimmt das?"),
    ("chat", "ISO 8601 week 23 of 2024 runs from Monday 2024-06-03 to Sunday 2024-06-09."),
]


def neg_dynamic(i: int, j: int) -> tuple[str, str]:
    """j selects the template, i is only used to vary values."""
    if j == 0:
        msgs = [
            "fix: handle empty cart",
            "chore(deps): bump axios from 1.6.8 to 1.7.2",
            "feat: add CSV export",
            "docs: update README",
            "refactor: split billing module",
            "test: cover refund edge cases",
            "ci: cache pip",
        ]
        lines = [f"{rs(7, HX)} {m}" for m in R.sample(msgs, 5)]
        return "shell_history", "$ git log --oneline -5\n" + "\n".join(lines)
    if j == 1:
        repo = R.choice(["python/cpython", "torvalds/linux", "rust-lang/rust", "django/django"])
        return (
            "chat",
            f"Which release first contained https://github.com/{repo}/commit/{rs(40, HX)} ?",
        )
    if j == 2:
        return (
            "shell_history",
            f"$ sha256sum ubuntu-24.04-live-server-amd64.iso\n{rs(64, HX)}  ubuntu-24.04-live-server-amd64.iso",
        )
    if j == 3:
        return (
            "shell_history",
            f"$ docker pull nginx:1.27-alpine\n1.27-alpine: Pulling from library/nginx\nDigest: sha256:{rs(64, HX)}\nStatus: Downloaded newer image for nginx:1.27-alpine",
        )
    if j == 4:
        return (
            "log_line",
            f"2024-06-0{R.randint(1, 9)}T{R.randint(10, 23)}:{R.randint(10, 59)}:{R.randint(10, 59)}.{d(3)}Z INFO  request_id={uuid4()} method=GET path=/api/v1/orders status=200 duration_ms={R.randint(3, 900)} upstream=10.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(1, 254)}:8080",
        )
    if j == 5:
        ip = f"192.168.{R.randint(0, 20)}.{R.randint(2, 254)}"
        return (
            "log_line",
            f'{ip} - - [0{R.randint(1, 9)}/Jun/2024:10:{R.randint(10, 59)}:{R.randint(10, 59)} +0000] "GET /healthz HTTP/1.1" 200 2 "-" "kube-probe/1.29"',
        )
    if j == 6:
        pod = f"web-{rs(9, LO + DG)}-{rs(5, LO + DG)}"
        return (
            "shell_history",
            f"$ kubectl get pods -n shop\nNAME                   READY   STATUS             RESTARTS   AGE\n{pod}   0/1     CrashLoopBackOff   {R.randint(3, 40)}         {R.randint(2, 59)}m",
        )
    if j == 7:
        pkg = R.choice(["lodash", "react-dom", "typescript", "esbuild"])
        return "json", json.dumps(
            {
                "node_modules/" + pkg: {
                    "version": f"{R.randint(1, 18)}.{R.randint(0, 20)}.{R.randint(0, 9)}",
                    "resolved": f"https://registry.npmjs.org/{pkg}/-/{pkg}.tgz",
                    "integrity": "sha512-" + b64(64),
                }
            },
            indent=2,
        )
    if j == 8:
        return (
            "config_file",
            f"# requirements.txt (pip-compile --generate-hashes)\nrequests==2.32.3 \\\n    --hash=sha256:{rs(64, HX)} \\\n    --hash=sha256:{rs(64, HX)}",
        )
    if j == 9:
        return (
            "config_file",
            f"version https://git-lfs.github.com/spec/v1\noid sha256:{rs(64, HX)}\nsize {R.randint(10**5, 10**9)}",
        )
    if j == 10:
        return (
            "http",
            f'HTTP/2 200\ncontent-type: application/json; charset=utf-8\ndate: Mon, 03 Jun 2024 12:{R.randint(10, 59)}:07 GMT\netag: W/"{rs(32, HX)}"\nx-request-id: {uuid4()}\ncache-control: no-cache',
        )
    if j == 11:
        ms = 1717000000000 + R.randint(0, 10**9)
        return (
            "chat",
            f"Why does new Date({ms}) show a different hour than datetime.fromtimestamp({ms // 1000}) in Python?",
        )
    if j == 12:
        return (
            "chat",
            f"Order #{R.randint(100, 999)}-{d(7)}-{d(7)} still says 'preparing for shipment' after a week, what should I write to the seller?",
        )
    if j == 13:
        eur = R.randint(20, 2000) + R.randint(0, 99) / 100
        return (
            "chat",
            f"If something costs €{eur:.2f} and the exchange rate is 1.0{R.randint(70, 99)} USD/EUR, what's that in dollars?",
        )
    if j == 14:
        return (
            "sql",
            f"SELECT * FROM shipments WHERE id = '{uuid4()}' AND updated_at > now() - interval '1 day';",
        )
    if j == 15:
        return (
            "stack_trace",
            f'Fatal Python error: Segmentation fault\n\nCurrent thread 0x00007f{rs(10, HX)} (most recent call first):\n  File "/usr/lib/python3.11/site-packages/torch/nn/modules/conv.py", line {R.randint(100, 600)} in _conv_forward\n  File "train.py", line {R.randint(10, 300)} in step',
        )
    if j == 16:
        return (
            "log_line",
            f"Job #{R.randint(1000, 99999)} finished in {R.randint(1, 59)}m {R.randint(1, 59)}s on runner 10.0.{R.randint(0, 9)}.{R.randint(2, 250)} (exit 0)",
        )
    if j == 17:
        return (
            "chat",
            f"Sentry shows 'Event ID: {rs(32, HX)}' for the crash but I can't find it in the UI — how do I search by event id?",
        )
    if j == 18:
        a, b = R.randint(2, 99), R.randint(2, 99)
        return (
            "chat",
            f"Explain why {a} × {b} = {a * b} using the distributive property, step by step.",
        )
    if j == 19:
        v = f"{R.randint(1, 5)}.{R.randint(0, 30)}.{R.randint(0, 15)}"
        return (
            "chat",
            f"バージョン {v} にアップデートしたら、ビルドが {R.randint(2, 9)} 分遅くなりました。",
        )
    if j == 20:
        return (
            "log_line",
            f"Jun  {R.randint(1, 9)} 0{R.randint(1, 9)}:{R.randint(10, 59)}:{R.randint(10, 59)} gw dhcpd[{R.randint(300, 9000)}]: DHCPACK on 192.168.178.{R.randint(20, 200)} to 00:00:5e:00:53:{rs(2, HX)} via eth1",
        )
    if j == 21:
        return "chat", f"Is UUID {uuid4()} a v4 UUID? How can I tell from the string?"
    if j == 22:
        return (
            "shell_history",
            f"$ git rev-parse HEAD\n{rs(40, HX)}\n$ git describe --tags\nv{R.randint(1, 4)}.{R.randint(0, 12)}.{R.randint(0, 9)}-{R.randint(1, 40)}-g{rs(7, HX)}",
        )
    if j == 23:
        return (
            "log_line",
            f"[{R.randint(0, 99999)}.{d(6)}] usb 1-{R.randint(1, 4)}: new high-speed USB device number {R.randint(2, 20)} using xhci_hcd",
        )
    if j == 24:
        return (
            "chat",
            f"Can you help me balance this: {R.randint(2, 9)} Fe + {R.randint(2, 9)} O2 → Fe2O3? I keep getting the coefficients wrong.",
        )
    if j == 25:
        return (
            "chat",
            "The "
            + R.choice(
                [
                    "UEFA Euro 2024 final on 14 July 2024 starts at 21:00",
                    "Eurovision final on 11 May 2024 starts at 21:00",
                    "Paris Olympics opening ceremony on 26 July 2024 starts at 19:30",
                ]
            )
            + " CEST — what time is that in Tokyo?",
        )
    if j == 26:
        return (
            "log_line",
            f"WARN  [pool-{R.randint(1, 9)}-thread-{R.randint(1, 32)}] c.z.h.p.HikariPool - HikariPool-1 - Connection is not available, request timed out after {R.randint(10000, 30000)}ms (10.1.{R.randint(0, 9)}.{R.randint(2, 250)}:5432)",
        )
    if j == 27:
        return (
            "chat",
            f"Mi factura n.º FAC-2024-{d(5)} tiene el IVA al 21 %: base 1.{d(3)},00 €. ¿Cómo calculo el total?",
        )
    if j == 28:
        return (
            "ini",
            f"[server]\nhost = 0.0.0.0\nport = {R.randint(3000, 9999)}\nworkers = {R.randint(2, 16)}\n\n[cache]\nttl_seconds = {R.randint(60, 3600)}\nbackend = redis://10.0.{R.randint(0, 9)}.{R.randint(2, 250)}:6379/0",
        )
    if j == 29:
        return (
            "chat",
            f"Proszę o wyjaśnienie: faktura nr FV/{R.randint(1, 12)}/2024/{d(4)} ma termin płatności 14 dni.",
        )
    if j == 30:
        return (
            "chat",
            f"Kolla det här: build {R.randint(1000, 9999)} tog {R.randint(2, 20)} minuter, commit {rs(7, HX)} – varför så långsamt?",
        )
    if j == 31:
        return (
            "log_line",
            f"2024-06-0{R.randint(1, 9)} 0{R.randint(1, 9)}:{R.randint(10, 59)}:{R.randint(10, 59)} [notice] {R.randint(1000, 9999)}#0: signal process started; worker pid {R.randint(1000, 65000)} exited with code 0 (client 10.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(1, 254)})",
        )
    if j == 32:
        return (
            "chat",
            f"Le train TGV INOUI n° {R.randint(6100, 6299)} part de Paris Gare de Lyon à {R.randint(6, 21)}h{R.randint(10, 59)}; combien de temps jusqu'à Marseille ?",
        )
    if j == 33:
        return (
            "chat",
            f"Het pakket met trackingcode 3SABC{d(10)} staat al {R.randint(2, 6)} dagen in Utrecht. Normaal?",
        )
    raise ValueError(j)


N_DYNAMIC = 34


# ==========================================================================
# assembly
# ==========================================================================


def main() -> None:
    self_test()
    rows: list[dict] = []

    def add(category: str, kind: str, ctx: str, text: str, secrets: list[str]) -> None:
        secrets = list(dict.fromkeys(secrets))
        for s in secrets:
            assert s in text, (kind, s, text)
            assert len(s) >= 6, (kind, s)
        if category == "negative":
            assert kind == "negative" and not secrets
        else:
            assert secrets, (kind, text)
        rows.append(
            {"text": text, "category": category, "kind": kind, "secrets": secrets, "context": ctx}
        )

    for kind, n, fn in SECRET_SPEC:
        for i in range(n):
            ctx, text, secrets = fn(i)
            add("secret", kind, ctx, text, secrets)
    for kind, n, fn in PII_SPEC:
        for i in range(n):
            ctx, text, secrets = fn(i)
            add("pii", kind, ctx, text, secrets)
    for ctx, text in NEG_STATIC:
        add("negative", "negative", ctx, text, [])
    n_dyn = 160 - len(NEG_STATIC)
    for i in range(n_dyn):
        ctx, text = neg_dynamic(i, i % N_DYNAMIC)
        add("negative", "negative", ctx, text, [])

    texts = [r["text"] for r in rows]
    assert len(set(texts)) == len(texts), "duplicate texts"
    R.shuffle(rows)
    with OUT.open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")

    print(f"wrote {len(rows)} lines to {OUT}")
    print(Counter(r["category"] for r in rows))
    print(Counter(f"{r['category']}/{r['kind']}" for r in rows))


if __name__ == "__main__":
    main()
