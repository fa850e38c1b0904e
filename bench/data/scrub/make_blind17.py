# ruff: noqa: E501
"""Blind scrub corpus #17: small businesses, freelancers and support agents.

Written without looking at the scrubber: its source, tests, docs, benchmark
script and the earlier corpora were not opened while this file was written
(only the opening lines of make_blind5.py were read, for the row format and
the add()/S()/P() helpers). The contents come only from general knowledge of
what shop owners, freelancers and customer-support agents paste into a chat
assistant, and of the public shapes of credentials and personal data.

Theme: orders, invoices, CRM and helpdesk exports, marketplace seller
dashboards, POS and payment-terminal settings, payment-provider keys and
webhooks, booking systems, accounting exports, tax IDs of customers and
suppliers, staff rosters, shop Wi-Fi, alarm and safe codes, shared supplier
logins, newsletter SMTP/API credentials, WhatsApp Business exports, OCR of
handwritten notes and dictated notes, in over thirty languages and fifteen
scripts, with code-switching and typos.

Deterministic: every random value comes from one seeded ``random.Random``, so
running ``python bench/data/scrub/make_blind17.py`` again writes the same
``blind17.jsonl`` (next to this script) byte for byte. Standard library only.

One JSON object per line::

    {"text": str, "category": "secret" | "pii" | "negative", "kind": str,
     "secrets": [str, ...], "context": str}

``secrets`` holds exact substrings of ``text`` (each at least 6 characters)
that must not survive scrubbing. Negatives have kind ``"negative"`` and an
empty list: nothing in them is secret or personal, and they must come out
unchanged. Check digits are computed wherever the format has one (Luhn,
mod-97, Verhoeff, mod-11 and the national variants). No published test values
(test card numbers, documented example keys, reserved example domains,
fictional phone ranges) are used anywhere.
"""

from __future__ import annotations

import base64
import json
import random
import string
from collections import Counter
from pathlib import Path

R = random.Random(17_0712_2026)
OUT = Path(__file__).with_name("blind17.jsonl")

UP = string.ascii_uppercase
LO = string.ascii_lowercase
DG = string.digits
AN = UP + LO + DG
LAN = LO + DG
HX = "0123456789abcdef"
HXU = HX.upper()
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


# ---------------------------------------------------------------------------
# random building blocks
# ---------------------------------------------------------------------------


def rs(alpha: str, n: int) -> str:
    return "".join(R.choice(alpha) for _ in range(n))


def dg(n: int) -> str:
    return rs(DG, n)


def nd(n: int) -> str:
    """n digits, the first one not zero."""
    return R.choice("123456789") + dg(n - 1)


def pick(seq):
    return R.choice(seq)


def grp(s: str, n: int = 4, sep: str = " ") -> str:
    return sep.join(s[i : i + n] for i in range(0, len(s), n))


def birth(lo: int = 1955, hi: int = 2003) -> tuple[int, int, int]:
    return R.randint(lo, hi), R.randint(1, 12), R.randint(1, 28)


def b64u(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def rbytes(n: int) -> bytes:
    return bytes(R.getrandbits(8) for _ in range(n))


def jwt(payload: dict, alg: str = "HS256") -> str:
    head = b64u(json.dumps({"alg": alg, "typ": "JWT"}, separators=(",", ":")).encode())
    body = b64u(json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode())
    sig = b64u(rbytes(32 if alg.startswith("HS") else 256))
    return f"{head}.{body}.{sig}"


def uuid4() -> str:
    h = rs(HX, 32)
    h = h[:12] + "4" + h[13:16] + R.choice("89ab") + h[17:]
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def pw(n: int = 12) -> str:
    """A password that a person would plausibly pick from a generator."""
    while True:
        p = rs(AN + "!#$%&*+-=?@", n)
        if any(c in DG for c in p) and any(c in UP for c in p) and any(c in LO for c in p):
            return p


def to_digits(s: str, zero: str) -> str:
    """Rewrite ASCII digits in another numeral system (zero = its digit 0)."""
    return "".join(chr(ord(zero) + int(c)) if c in DG else c for c in s)


EN_NUM = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


def spoken(digits: str, oh: bool = False) -> str:
    return " ".join(("oh" if oh and c == "0" else EN_NUM[int(c)]) for c in digits)


# ---------------------------------------------------------------------------
# check digits
# ---------------------------------------------------------------------------


def luhn(body: str) -> str:
    t = 0
    for i, c in enumerate(reversed(body)):
        d = int(c)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        t += d
    return str((10 - t % 10) % 10)


def luhn_ok(num: str) -> bool:
    return luhn(num[:-1]) == num[-1]


TEST_CARDS = [
    "4242424242424242",
    "4111111111111111",
    "4000056655665556",
    "5555555555554444",
    "5105105105105100",
    "2223003122003222",
    "378282246310005",
    "371449635398431",
    "6011111111111117",
    "3566002020360505",
    "6200000000000005",
    "4012888888881881",
]

CARD_BIN = {
    "visa": ["4"],
    "mc": ["51", "53", "54", "55", "2223", "2487", "2720"],
    "amex": ["34", "37"],
    "discover": ["6011", "644", "65"],
    "jcb": ["3528", "3541", "3566", "3589"],
    "unionpay": ["6210", "6222", "6228", "6259"],
    "rupay": ["6521", "6522", "6080", "8172"],
    "troy": ["9792"],
    "mir": ["2200", "2202", "2204"],
    "elo": ["636368", "504175", "438935"],
    "mada": ["446404", "588845", "968208"],
}


def card(brand: str) -> str:
    p = pick(CARD_BIN[brand])
    n = 15 if brand == "amex" else 16
    body = p + dg(n - 1 - len(p))
    num = body + luhn(body)
    assert num not in TEST_CARDS and luhn_ok(num)
    return num


def cfmt(num: str, sep: str = " ") -> str:
    if len(num) == 15:
        return sep.join([num[:4], num[4:10], num[10:]])
    return grp(num, 4, sep)


def ean13(prefix: str) -> str:
    body = prefix + dg(12 - len(prefix))
    s = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(body))
    return body + str((10 - s % 10) % 10)


def iban_of(cc: str, bban: str) -> str:
    num = "".join(str(int(c, 36)) for c in bban + cc + "00")
    return f"{cc}{98 - int(num) % 97:02d}{bban}"


def iban_ok(s: str) -> bool:
    s = s.replace(" ", "")
    return int("".join(str(int(c, 36)) for c in s[4:] + s[:4])) % 97 == 1


def es_dc(entity: str, office: str, account: str) -> str:
    w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]

    def d(s: str) -> int:
        r = 11 - sum(int(a) * b for a, b in zip(s, w, strict=False)) % 11
        return 0 if r == 11 else 1 if r == 10 else r

    return f"{d('00' + entity + office)}{d(account)}"


def fr_rib_key(bank: str, branch: str, acct: str) -> str:
    return f"{97 - (89 * int(bank) + 15 * int(branch) + 3 * int(acct)) % 97:02d}"


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
    t = 0
    for i, c in enumerate(s):
        v = int(c) if c in DG else ord(c) - 65
        t += CF_ODD[v] if i % 2 == 0 else v
    return chr(65 + t % 26)


IBAN_LEN = {
    "DE": 22,
    "FR": 27,
    "ES": 24,
    "IT": 27,
    "NL": 18,
    "PL": 28,
    "TR": 26,
    "GB": 22,
    "PT": 25,
    "BE": 16,
    "GR": 27,
    "SA": 24,
    "AE": 23,
    "IL": 23,
    "GE": 22,
    "UA": 29,
    "RO": 24,
    "SE": 24,
    "EG": 29,
    "BR": 29,
    "AT": 20,
    "CH": 21,
}


def bban(cc: str) -> str:
    if cc == "DE":
        return pick("12345678") + dg(7) + dg(10)
    if cc == "FR":
        bank, br, ac = pick(["30004", "30003", "20041", "30002", "10278", "16706"]), dg(5), dg(11)
        return bank + br + ac + fr_rib_key(bank, br, ac)
    if cc == "ES":
        e, o, a = pick(["2100", "0049", "0182", "0081", "2085", "0128"]), dg(4), dg(10)
        return e + o + es_dc(e, o, a) + a
    if cc == "IT":
        abi, cab, c = pick(["03069", "02008", "05034", "03062", "01030"]), dg(5), dg(12)
        return cf_check(abi + cab + c) + abi + cab + c
    if cc == "NL":
        return pick(["INGB", "ABNA", "RABO", "SNSB", "TRIO", "BUNQ", "KNAB"]) + "0" + nd(9)
    if cc == "PL":
        return pick(["1020", "1140", "1090", "1050", "2490"]) + dg(20)
    if cc == "TR":
        return pick(["00010", "00062", "00064", "00046", "00012", "00067"]) + "0" + dg(16)
    if cc == "GB":
        return pick(["NWBK", "BARC", "LOYD", "HBUK", "MIDL", "MONZ"]) + dg(6) + dg(8)
    if cc == "PT":
        return pick(["0035", "0033", "0007", "0010", "0036"]) + dg(17)
    if cc == "BE":
        f = pick(["001", "068", "310", "363", "735"]) + dg(7)
        return f + f"{int(f) % 97 or 97:02d}"
    if cc == "GR":
        return pick(["011", "014", "017", "026"]) + dg(4) + dg(16)
    if cc == "SA":
        return pick(["80", "10", "20", "45"]) + dg(18)
    if cc == "AE":
        return pick(["033", "026", "035", "030"]) + dg(16)
    if cc == "IL":
        return pick(["010", "012", "020", "011"]) + dg(3) + dg(13)
    if cc == "GE":
        return pick(["TB", "BG"]) + dg(16)
    if cc == "UA":
        return pick(["305299", "322001", "300335", "320649"]) + dg(19)
    if cc == "RO":
        return pick(["BTRL", "RNCB", "BRDE", "INGB", "BACX"]) + "RONC" + dg(12)
    if cc == "SE":
        return pick(["500", "800", "600", "300"]) + dg(17)
    if cc == "EG":
        return pick(["0019", "0003", "0002", "0057"]) + dg(21)
    if cc == "BR":
        return dg(8) + dg(5) + dg(10) + "C1"
    if cc == "AT":
        return pick(["20111", "12000", "32000", "14000"]) + dg(11)
    if cc == "CH":
        return pick(["00762", "00235", "08390"]) + rs(DG, 12)
    raise KeyError(cc)


def iban(cc: str) -> str:
    v = iban_of(cc, bban(cc))
    assert len(v) == IBAN_LEN[cc] and iban_ok(v), v
    return v


def ig(v: str) -> str:
    return grp(v, 4, " ")


# --- national and tax identifiers -------------------------------------------

DNI_L = "TRWAGMYFPDXBNJZSQVHLCKE"


def dni() -> str:
    n = R.randint(10_000_000, 79_999_999)
    return f"{n}{DNI_L[n % 23]}"


def nie() -> str:
    p, n = pick("XYZ"), dg(7)
    return f"{p}{n}{DNI_L[int(str('XYZ'.index(p)) + n) % 23]}"


def nif_pt(first: str = "2") -> str:
    b = first + dg(7)
    c = 11 - sum(int(d) * (9 - i) for i, d in enumerate(b)) % 11
    return b + str(0 if c >= 10 else c)


def _cf_part(s: str, first_name: bool) -> str:
    cons = [c for c in s.upper() if c in UP and c not in "AEIOU"]
    vows = [c for c in s.upper() if c in "AEIOU"]
    if first_name and len(cons) > 3:
        cons = [cons[0], cons[2], cons[3]]
    return ("".join(cons + vows) + "XXX")[:3]


def codice_fiscale(
    surname: str, name: str, y: int, m: int, d: int, female: bool, comune: str
) -> str:
    s = (
        _cf_part(surname, False)
        + _cf_part(name, True)
        + f"{y % 100:02d}"
        + "ABCDEHLMPRST"[m - 1]
        + f"{d + (40 if female else 0):02d}"
        + comune
    )
    return s + cf_check(s)


def nir(female: bool, y: int, m: int) -> str:
    body = f"{2 if female else 1}{y % 100:02d}{m:02d}{pick(['75', '69', '13', '33', '59', '31', '44', '67'])}{dg(3)}{R.randint(1, 999):03d}"
    key = 97 - int(body) % 97
    return f"{body[0]} {body[1:3]} {body[3:5]} {body[5:7]} {body[7:10]} {body[10:13]} {key:02d}"


def siren() -> str:
    b = nd(8)
    return b + luhn(b)


def tva_fr(sn: str) -> str:
    return f"FR{(12 + 3 * (int(sn) % 97)) % 97:02d}{sn}"


def pesel(y: int, m: int, d: int, female: bool) -> str:
    mm = m + (20 if y >= 2000 else 0)
    b = f"{y % 100:02d}{mm:02d}{d:02d}{dg(3)}{pick('02468' if female else '13579')}"
    w = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]
    return b + str((10 - sum(int(a) * x for a, x in zip(b, w, strict=False)) % 10) % 10)


def nip_pl() -> str:
    w = [6, 5, 7, 2, 3, 4, 5, 6, 7]
    while True:
        b = nd(9)
        c = sum(int(a) * x for a, x in zip(b, w, strict=False)) % 11
        if c != 10:
            n = b + str(c)
            return f"{n[:3]}-{n[3:6]}-{n[6:8]}-{n[8:]}"


def cpf() -> str:
    while True:
        b = [R.randint(0, 9) for _ in range(9)]
        if len(set(b)) > 1:
            break
    d1 = sum(b[i] * (10 - i) for i in range(9)) % 11
    b.append(0 if d1 < 2 else 11 - d1)
    d2 = sum(b[i] * (11 - i) for i in range(10)) % 11
    b.append(0 if d2 < 2 else 11 - d2)
    s = "".join(map(str, b))
    return f"{s[:3]}.{s[3:6]}.{s[6:9]}-{s[9:]}"


def cnpj() -> str:
    b = [int(c) for c in nd(8) + "0001"]
    w1 = [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]
    r = sum(a * x for a, x in zip(b, w1, strict=False)) % 11
    b.append(0 if r < 2 else 11 - r)
    r = sum(a * x for a, x in zip(b, [6, *w1], strict=False)) % 11
    b.append(0 if r < 2 else 11 - r)
    s = "".join(map(str, b))
    return f"{s[:2]}.{s[2:5]}.{s[5:8]}/{s[8:12]}-{s[12:]}"


def rut() -> str:
    n = R.randint(8_000_000, 24_999_999)
    s, m = 0, 2
    for c in reversed(str(n)):
        s += int(c) * m
        m = 2 if m == 7 else m + 1
    r = 11 - s % 11
    dv = "0" if r == 11 else "K" if r == 10 else str(r)
    return f"{n:,}".replace(",", ".") + "-" + dv


def cuit(prefix: str = "20") -> str:
    w = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]
    while True:
        b = prefix + nd(8)
        r = 11 - sum(int(a) * x for a, x in zip(b, w, strict=False)) % 11
        if r == 10:
            continue
        return f"{b[:2]}-{b[2:]}-{0 if r == 11 else r}"


RFC_CH = "0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ Ñ"


def rfc(l4: str, y: int, m: int, d: int) -> str:
    b = f"{l4}{y % 100:02d}{m:02d}{d:02d}" + rs("ABCDEFGHJKLMNPRSTUVWXYZ123456789", 2)
    r = 11 - sum(RFC_CH.index(c) * (13 - i) for i, c in enumerate(b)) % 11
    return b + ("0" if r == 11 else "A" if r == 10 else str(r))


CURP_CH = "0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ"


def curp(l4: str, y: int, m: int, d: int, sex: str, state: str, cons3: str) -> str:
    b = f"{l4}{y % 100:02d}{m:02d}{d:02d}{sex}{state}{cons3}{pick(DG) if y < 2000 else pick(UP)}"
    return b + str((10 - sum(CURP_CH.index(c) * (18 - i) for i, c in enumerate(b)) % 10) % 10)


def tckn() -> str:
    d = [R.randint(1, 9)] + [R.randint(0, 9) for _ in range(8)]
    d.append(((d[0] + d[2] + d[4] + d[6] + d[8]) * 7 - (d[1] + d[3] + d[5] + d[7])) % 10)
    d.append(sum(d) % 10)
    return "".join(map(str, d))


def vkn() -> str:
    b, s = dg(9), 0
    for i, ch in enumerate(b):
        t = (int(ch) + 9 - i) % 10
        v = (t * 2 ** (9 - i)) % 9
        if t != 0 and v == 0:
            v = 9
        s += v
    return b + str((10 - s % 10) % 10)


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
VINV = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9]


def aadhaar() -> str:
    b = pick("23456789") + dg(10)
    c = 0
    for i, ch in enumerate(reversed(b)):
        c = VD[c][VP[(i + 1) % 8][int(ch)]]
    n = b + str(VINV[c])
    c = 0
    for i, ch in enumerate(reversed(n)):
        c = VD[c][VP[i % 8][int(ch)]]
    assert c == 0
    return f"{n[:4]} {n[4:8]} {n[8:]}"


def pan(kind: str = "P", initial: str | None = None) -> str:
    return rs("ABCDEFGHJKLMNPQRSTUVWXYZ", 3) + kind + (initial or pick(UP)) + dg(4) + pick(UP)


GST_CH = DG + UP


def gstin(state: str, pan_no: str) -> str:
    b = f"{state}{pan_no}{pick('123')}Z"
    s = 0
    for i, c in enumerate(b):
        p = GST_CH.index(c) * (2 if i % 2 else 1)
        s += p // 36 + p % 36
    return b + GST_CH[(36 - s % 36) % 36]


def cn_id(area: str, y: int, m: int, d: int, female: bool) -> str:
    b = f"{area}{y:04d}{m:02d}{d:02d}{dg(2)}{pick('02468' if female else '13579')}"
    w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return b + "10X98765432"[sum(int(c) * x for c, x in zip(b, w, strict=False)) % 11]


USCC_CH = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def uscc(area: str) -> str:
    org8 = dg(8)
    oc = 11 - sum(int(c) * w for c, w in zip(org8, [3, 7, 9, 10, 5, 8, 4, 2], strict=False)) % 11
    b = "91" + area + org8 + ("X" if oc == 10 else "0" if oc == 11 else str(oc))
    w = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    c = 31 - sum(USCC_CH.index(ch) * x for ch, x in zip(b, w, strict=False)) % 31
    return b + USCC_CH[0 if c == 31 else c]


def rrn(y: int, m: int, d: int, female: bool) -> str:
    g = (3 if y >= 2000 else 1) + (1 if female else 0)
    b = f"{y % 100:02d}{m:02d}{d:02d}{g}{dg(5)}"
    w = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5]
    c = (11 - sum(int(a) * x for a, x in zip(b, w, strict=False)) % 11) % 10
    return f"{b[:6]}-{b[6:]}{c}"


def kr_brn() -> str:
    b = nd(9)
    s = (
        sum(int(a) * x for a, x in zip(b, [1, 3, 7, 1, 3, 7, 1, 3, 5], strict=False))
        + (int(b[8]) * 5) // 10
    )
    n = b + str((10 - s % 10) % 10)
    return f"{n[:3]}-{n[3:5]}-{n[5:]}"


def my_number() -> str:
    b = dg(11)
    s = sum(int(b[11 - n]) * (n + 1 if n <= 6 else n - 5) for n in range(1, 12))
    r = s % 11
    n = b + str(0 if r <= 1 else 11 - r)
    return f"{n[:4]} {n[4:8]} {n[8:]}"


TW_L = {
    "A": 10,
    "B": 11,
    "C": 12,
    "D": 13,
    "E": 14,
    "F": 15,
    "G": 16,
    "H": 17,
    "J": 18,
    "K": 19,
    "L": 20,
    "M": 21,
    "N": 22,
    "P": 23,
    "Q": 24,
    "R": 25,
    "S": 26,
    "T": 27,
    "U": 28,
    "V": 29,
    "X": 30,
    "Y": 31,
    "W": 32,
    "Z": 33,
    "I": 34,
    "O": 35,
}


def tw_id(letter: str, female: bool) -> str:
    b = ("2" if female else "1") + dg(7)
    v = TW_L[letter]
    s = (
        v // 10
        + (v % 10) * 9
        + sum(int(c) * w for c, w in zip(b, [8, 7, 6, 5, 4, 3, 2, 1], strict=False))
    )
    return f"{letter}{b}{(10 - s % 10) % 10}"


def tw_ubn() -> str:
    """Taiwan unified business number (統一編號), 8 digits."""
    w = [1, 2, 1, 2, 1, 2, 4, 1]
    while True:
        b = nd(8)
        s = sum(sum(divmod(int(c) * x, 10)) for c, x in zip(b, w, strict=False))
        if s % 10 == 0 or (b[6] == "7" and (s + 1) % 10 == 0):
            return b


def hkid() -> str:
    letter, b = pick("ACDEGHKMPRVYZ"), dg(6)
    s = (
        36 * 9
        + (ord(letter) - 55) * 8
        + sum(int(c) * w for c, w in zip(b, [7, 6, 5, 4, 3, 2], strict=False))
    )
    c = 11 - s % 11
    return f"{letter}{b}({'0' if c == 11 else 'A' if c == 10 else c})"


def nric(prefix: str = "S") -> str:
    b = dg(7)
    s = sum(int(c) * w for c, w in zip(b, [2, 7, 6, 5, 4, 3, 2], strict=False)) + (
        4 if prefix in "TG" else 0
    )
    table = "JZIHGFEDCBA" if prefix in "ST" else "XWUTRQPNMLK"
    return f"{prefix}{b}{table[s % 11]}"


def thai_id() -> str:
    b = pick("1358") + dg(11)
    n = b + str((11 - sum(int(d) * (13 - i) for i, d in enumerate(b)) % 11) % 10)
    return f"{n[0]}-{n[1:5]}-{n[5:10]}-{n[10:12]}-{n[12]}"


def il_id() -> str:
    b = pick("023") + dg(7)
    s = 0
    for i, ch in enumerate(b):
        v = int(ch) * (1 if i % 2 == 0 else 2)
        s += v - 9 if v > 9 else v
    return b + str((10 - s % 10) % 10)


def sa_id(first: str = "1") -> str:
    b = first + dg(8)
    return b + luhn(b)


def emirates_id(y: int) -> str:
    b = f"784{y}{dg(7)}"
    n = b + luhn(b)
    return f"{n[:3]}-{n[3:7]}-{n[7:14]}-{n[14]}"


def za_id(y: int, m: int, d: int, female: bool) -> str:
    g = R.randint(0, 4999) if female else R.randint(5000, 9999)
    b = f"{y % 100:02d}{m:02d}{d:02d}{g:04d}08"
    return b + luhn(b)


def _mod11_10(body: str) -> str:
    p = 10
    for ch in body:
        s = (int(ch) + p) % 10
        p = ((s or 10) * 2) % 11
    c = 11 - p
    return "0" if c == 10 else str(c)


def steuer_id() -> str:
    while True:
        digs = R.sample(range(10), 9)
        lst = [*digs, pick(digs)]
        R.shuffle(lst)
        if lst[0] != 0:
            b = "".join(map(str, lst))
            return b + _mod11_10(b)


def ust_de() -> str:
    b = nd(8)
    return "DE" + b + _mod11_10(b)


def bsn() -> str:
    while True:
        b = nd(8)
        c = sum(int(ch) * (9 - i) for i, ch in enumerate(b)) % 11
        if c != 10:
            return b + str(c)


def be_nn(y: int, m: int, d: int) -> str:
    b = f"{y % 100:02d}{m:02d}{d:02d}{R.randint(1, 997):03d}"
    c = 97 - int(("2" if y >= 2000 else "") + b) % 97
    return f"{b[:2]}.{b[2:4]}.{b[4:6]}-{b[6:9]}.{c:02d}"


def se_pn(y: int, m: int, d: int) -> str:
    b = f"{y % 100:02d}{m:02d}{d:02d}{dg(3)}"
    return f"{y}{m:02d}{d:02d}-{b[6:]}{luhn(b)}"


def no_fnr(y: int, m: int, d: int) -> str:
    while True:
        b = f"{d:02d}{m:02d}{y % 100:02d}{R.randint(0, 499) if y < 2000 else R.randint(500, 999):03d}"
        k1 = 11 - sum(int(a) * w for a, w in zip(b, [3, 7, 6, 1, 8, 9, 4, 5, 2], strict=False)) % 11
        k1 = 0 if k1 == 11 else k1
        if k1 == 10:
            continue
        b2 = b + str(k1)
        k2 = (
            11
            - sum(int(a) * w for a, w in zip(b2, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2], strict=False)) % 11
        )
        k2 = 0 if k2 == 11 else k2
        if k2 != 10:
            return b2 + str(k2)


def hetu(y: int, m: int, d: int) -> str:
    n = f"{R.randint(2, 899):03d}"
    ch = "0123456789ABCDEFHJKLMNPRSTUVWXY"[int(f"{d:02d}{m:02d}{y % 100:02d}{n}") % 31]
    return f"{d:02d}{m:02d}{y % 100:02d}{'-' if y < 2000 else 'A'}{n}{ch}"


def afm() -> str:
    b = pick("01789") + dg(7)
    return b + str(sum(int(x) * 2 ** (8 - i) for i, x in enumerate(b)) % 11 % 10)


def amka(y: int, m: int, d: int) -> str:
    b = f"{d:02d}{m:02d}{y % 100:02d}{dg(4)}"
    return b + luhn(b)


def inn12() -> str:
    b = [int(c) for c in pick(["77", "78", "50", "16", "66", "54"]) + dg(8)]
    b.append(sum(a * x for a, x in zip(b, [7, 2, 4, 10, 3, 5, 9, 4, 6, 8], strict=False)) % 11 % 10)
    b.append(
        sum(a * x for a, x in zip(b, [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8], strict=False)) % 11 % 10
    )
    return "".join(map(str, b))


def inn10() -> str:
    b = [int(c) for c in pick(["77", "78", "50", "16", "66"]) + dg(7)]
    b.append(sum(a * x for a, x in zip(b, [2, 4, 10, 3, 5, 9, 4, 6, 8], strict=False)) % 11 % 10)
    return "".join(map(str, b))


def snils() -> str:
    b = f"{R.randint(2_000_000, 199_999_999):09d}"
    s = sum(int(c) * (9 - i) for i, c in enumerate(b))
    c = s if s < 100 else 0 if s in (100, 101) else s % 101 % 100
    return f"{b[:3]}-{b[3:6]}-{b[6:]} {c:02d}"


def rnokpp() -> str:
    b = pick("23") + dg(8)
    return b + str(
        sum(int(a) * x for a, x in zip(b, [-1, 5, 7, 9, 4, 6, 10, 5, 7], strict=False)) % 11 % 10
    )


def cz_rc(y: int, m: int, d: int, female: bool) -> str:
    while True:
        b = f"{y % 100:02d}{m + (50 if female else 0):02d}{d:02d}{dg(3)}"
        c = int(b) % 11
        if c != 10:
            return f"{b[:6]}/{b[6:]}{c}"


def cnp(y: int, m: int, d: int, female: bool) -> str:
    sx = (2 if female else 1) if y < 2000 else (6 if female else 5)
    b = f"{sx}{y % 100:02d}{m:02d}{d:02d}{pick(['40', '12', '22', '35', '01', '13'])}{R.randint(1, 999):03d}"
    c = sum(int(a) * x for a, x in zip(b, [2, 7, 9, 1, 4, 6, 3, 5, 8, 2, 7, 9], strict=False)) % 11
    return b + str(1 if c == 10 else c)


def piva() -> str:
    b = dg(7) + pick(["015", "058", "063", "001", "037"])
    return b + luhn(b)


def nino() -> str:
    while True:
        a, b = pick("ABCEGHJKLMNOPRSTWXYZ"), pick("ABCEGHJKLMNPRSTWXYZ")
        if a + b not in ("BG", "GB", "NK", "KN", "TN", "NT", "ZZ"):
            return f"{a}{b} {dg(2)} {dg(2)} {dg(2)} {pick('ABCD')}"


def nhs() -> str:
    while True:
        b = pick("4679") + dg(8)
        c = 11 - sum(int(ch) * (10 - i) for i, ch in enumerate(b)) % 11
        if c != 10:
            n = b + str(0 if c == 11 else c)
            return f"{n[:3]} {n[3:6]} {n[6:]}"


def ssn() -> str:
    while True:
        a, g, s = R.randint(1, 899), R.randint(1, 99), R.randint(1, 9999)
        v = f"{a:03d}-{g:02d}-{s:04d}"
        if a != 666 and v not in ("078-05-1120", "123-45-6789", "219-09-9999"):
            return v


def ein() -> str:
    return (
        pick(
            [
                "12",
                "20",
                "27",
                "33",
                "46",
                "47",
                "81",
                "82",
                "84",
                "85",
                "86",
                "88",
                "91",
                "93",
                "94",
            ]
        )
        + "-"
        + dg(7)
    )


def sin() -> str:
    b = pick("1234567") + dg(7)
    n = b + luhn(b)
    return f"{n[:3]} {n[3:6]} {n[6:]}"


def tfn() -> str:
    w = [1, 4, 3, 7, 5, 8, 6, 9]
    while True:
        b = dg(8)
        s = sum(int(c) * x for c, x in zip(b, w, strict=False)) % 11
        if s != 10:
            n = b + str(s)
            return f"{n[:3]} {n[3:6]} {n[6:]}"


def abn() -> str:
    w = [10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19]
    while True:
        n = nd(11)
        d = [int(c) for c in n]
        d[0] -= 1
        if sum(a * x for a, x in zip(d, w, strict=False)) % 89 == 0:
            return f"{n[:2]} {n[2:5]} {n[5:8]} {n[8:]}"


def medicare_au() -> str:
    b = pick("23456") + dg(7)
    n = (
        b
        + str(sum(int(a) * x for a, x in zip(b, [1, 3, 7, 9, 1, 3, 7, 9], strict=False)) % 10)
        + pick("123456789")
    )
    return f"{n[:4]} {n[4:9]} {n[9]}"


def ir_code() -> str:
    b = dg(9)
    r = sum(int(c) * (10 - i) for i, c in enumerate(b)) % 11
    return b + str(r if r < 2 else 11 - r)


def kvnr() -> str:
    letter, b = pick(UP), nd(8)
    s = 0
    for i, c in enumerate(f"{ord(letter) - 64:02d}" + b):
        v = int(c) * (1 if i % 2 == 0 else 2)
        s += v // 10 + v % 10
    return f"{letter}{b}{s % 10}"


def nz_ird() -> str:
    w = [3, 2, 7, 6, 5, 4, 3, 2]
    while True:
        b = f"{R.randint(10_000_000, 149_999_999) // 10:08d}"
        r = sum(int(c) * x for c, x in zip(b, w, strict=False)) % 11
        c = 0 if r == 0 else 11 - r
        if c != 10:
            n = f"{b}{c}"
            return f"{n[:3]}-{n[3:6]}-{n[6:]}"


def aba() -> str:
    while True:
        b = pick(
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
        ) + dg(6)
        for c in DG:
            n = b + c
            d = [int(x) for x in n]
            if (3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + d[2] + d[5] + d[8]) % 10 == 0:
                return n


def clabe() -> str:
    b = (
        pick(["002", "012", "014", "021", "072", "127"])
        + pick(["180", "320", "010", "580"])
        + dg(11)
    )
    s = sum((int(c) * w) % 10 for c, w in zip(b, [3, 7, 1] * 6, strict=False))
    return b + str((10 - s % 10) % 10)


def mrz_cd(s: str) -> str:
    def v(c: str) -> int:
        return int(c) if c in DG else 0 if c == "<" else ord(c) - 55

    return str(sum(v(c) * (7, 3, 1)[i % 3] for i, c in enumerate(s)) % 10)


def dd(n: int) -> str:
    return f"{n:02d}"


# Small BIP-39 word sample, for seed phrases.
BIP = "abandon ability absorb abstract access accident acid acoustic action actress adapt adjust admit adult advice afford agent album alcohol alert alley almost alpha amateur amazing anchor ancient angle animal ankle announce antique anxiety apart april arctic arena armor arrow artist aspect assist athlete atom auction august autumn avocado awake axis bacon badge balcony bamboo banana barrel basket beach believe bench betray bicycle biology blanket blossom blouse board bonus border bounce bracket brave bread breeze bridge brisk broccoli bronze bubble budget buffalo bundle burger butter cabbage cactus camera canal candy canoe canvas canyon capital carbon cargo carpet castle casual catalog cattle cement cereal chalk chaos cherry chimney cinnamon citizen clarify clever cliff clinic clutch coconut coffee comfort copper coral cotton couch coyote cradle crater cricket crisp crystal cupboard curtain cushion".split()  # noqa: SIM905


# ===========================================================================
# SECRETS
# ===========================================================================

# --- payment providers -----------------------------------------------------

k, w = "sk_live_51" + rs(AN, 97), "whsec_" + rs(AN, 32)
S(
    "stripe_secret_key",
    "candle shop owner pasting .env after a host move, en-GB",
    f'checkout broke after I moved the shop to a new host, this is the .env the old dev left, anything wrong?\n\nAPP_ENV=production\nAPP_URL=https://www.hollowoakcandles.co.uk\nSTRIPE_SECRET_KEY={k}\nSTRIPE_WEBHOOK_SECRET={w}\nMAIL_FROM_NAME="Hollow Oak Candles"\nQUEUE_CONNECTION=database',
    k,
    w,
)

k = "rk_live_51" + rs(AN, 97)
S(
    "stripe_restricted_key",
    "garden centre owner, es",
    f"Hola! El programador que nos hizo la web del vivero me dejó esta clave, dice que es 'restringida':\n{k}\n¿Con esta puedo hacer devoluciones desde el panel o tengo que pedirle otra?",
    k,
)

w = "whsec_" + rs(AN, 32)
S(
    "webhook_secret",
    "coffee roaster, Stripe webhook signature failing, de",
    f"Stripe meldet bei jedem Webhook 'No signatures found matching the expected signature for payload'. Endpoint ist https://shop.kaffeeroesterei-lindner.de/stripe/webhook, Signaturgeheimnis laut Dashboard: {w} — muss ich das in der .htaccess irgendwie escapen?",
    w,
)

k = "sk_live_" + rs(AN, 24)
S(
    "stripe_secret_key",
    "freelance dev refunding for a client, curl, en",
    f"curl https://api.stripe.com/v1/refunds \\\n  -u {k}: \\\n  -d payment_intent=pi_3P{rs(AN, 22)} \\\n  -d amount=1850\n\nreturns 'No such payment_intent' but I can see it in the dashboard. the client's shop is on a connected account, does that matter?",
    k,
)

cid, sec = "A" + rs(B64U, 79), "E" + rs(B64U, 79)
S(
    "oauth_client_secret",
    "Nuvemshop owner configuring PayPal, pt-BR",
    f"Configurei o PayPal na loja da Nuvemshop mas dá erro 401 quando o cliente finaliza.\nClient ID: {cid}\nSecret: {sec}\nTô no modo Live, já conferi duas vezes 😩",
    sec,
)

tok = "A21AA" + rs(B64U, 92)
S(
    "bearer_token",
    "PrestaShop PayPal module log, it",
    f"Nei log del modulo PayPal vedo questa riga, è normale che il token sia in chiaro?\n\n2024-05-13 09:41:07 [DEBUG] POST /v2/checkout/orders Authorization: Bearer {tok}\n2024-05-13 09:41:08 [ERROR] 422 UNPROCESSABLE_ENTITY",
    tok,
)

tok = "EAAA" + rs(B64U, 60)
S(
    "square_access_token",
    "food truck owner, Square sync script, en-US",
    f"My little python script that pulls yesterday's Square sales into Google Sheets started failing with 401.\n\nSQUARE_ACCESS_TOKEN={tok}\nSQUARE_LOCATION_ID=L{rs(UP + DG, 12)}\nSHEET_NAME=Daily Sales\n\ndid Square change something?",
    tok,
)

sec = "sq0csp-" + rs(B64U, 43)
S(
    "oauth_client_secret",
    "café loyalty app, Square OAuth, fr-CA",
    f"Pour l'appli de fidélité du café : ID d'application sq0idp-{rs(B64U, 22)}, secret d'application {sec}. Je le colle dans quel champ de Zapier, « Client Secret » ou « API Key »?",
    sec,
)

k, h = "AQE" + rs(AN, 6) + "K4" + rs(AN + "+/", 118), rs(HXU, 64)
S(
    "adyen_api_key",
    "bike shop, Adyen Customer Area export, nl",
    f"Adyen Customer Area → Developers → API credentials\nws@Company.FietsenVanDam\nAPI-sleutel: {k}\nHMAC-sleutel webhook: {h}\n\nWaarom krijg ik 'HMAC signature validation failed' op de notificaties?",
    k,
    h,
)

p = "Mohn!Brezel" + dg(4)
S(
    "password",
    "bakery, Adyen terminal local integration, de",
    f"Für die lokale Terminal-API am V400m brauche ich laut Doku Key Identifier, Passphrase und Version. Eingetragen habe ich: Key Identifier kasse1, Passphrase {p}, Key Version 1. Die Kasse sagt trotzdem 'Decryption failed'.",
    p,
)

kid, ks = "rzp_live_" + rs(AN, 14), rs(AN, 24)
S(
    "razorpay_key_secret",
    "saree shop owner, Razorpay, hi code-switched",
    f"भाई Razorpay का key secret डाल दिया फिर भी payment fail हो रहा है।\nkey_id = {kid}\nkey_secret = {ks}\nWooCommerce में 'Authentication failed' आ रहा है, क्या गलत है?",
    ks,
)

w = rs(AN, 20)
S(
    "webhook_secret",
    "textile shop, Razorpay webhook, ta code-switched",
    f"வணக்கம், எங்க கடையோட Razorpay webhook secret இது: {w}\nஆனா 'signature mismatch' error வருது. Node.js-ல எப்படி verify பண்ணணும்?",
    w,
)

k = "live_" + rs(AN, 30)
S(
    "mollie_api_key",
    "flower shop WooCommerce, nl",
    f"We hebben de Mollie live key in WooCommerce gezet: {k} — maar betalingen komen nog steeds als testbetaling binnen. Moet ik ergens anders nog iets omzetten?",
    k,
)

k = "live_" + rs(AN, 30)
S(
    "mollie_api_key",
    "webshop YAML config, de",
    f"Kannst du mir sagen, warum das Mollie-Plugin die Config nicht liest?\n\n```yaml\nmollie:\n  api_key: {k}\n  profile_id: pfl_{rs(AN, 10)}\n  webhook_url: https://www.teeladen-am-markt.de/mollie/webhook\n  locale: de_DE\n```",
    k,
)

a, b = rs(AN, 32), rs(AN, 32)
S(
    "iyzico_api_key",
    "cosmetics shop, iyzico integration, tr",
    f"iyzico entegrasyonunda sürekli 'Geçersiz imza' hatası alıyorum.\nAPI Anahtarı: {a}\nGüvenlik Anahtarı: {b}\nBase URL: https://api.iyzipay.com\nPHP 8.1 kullanıyorum, ne yapmalıyım?",
    a,
    b,
)

t = f"APP_USR-{dg(16)}-{dg(6)}-{rs(HX, 32)}-{nd(9)}"
S(
    "mercadopago_access_token",
    "Tiendanube shop, es-AR",
    f"Che, te paso el access token de Mercado Pago de la tienda: {t}\nLo pego en Tiendanube y me tira 'invalid credentials'. ¿Es porque es de la cuenta vieja?",
    t,
)

h = rs(HX, 64)
S(
    "webhook_secret",
    "Mercado Pago x-signature validation, pt-BR",
    f"Assinatura secreta dos webhooks do Mercado Pago (copiei de Suas integrações > Webhooks): {h}\nComo eu valido o header x-signature no Express? Tá dando diferente sempre.",
    h,
)

k = "sk_live_" + rs(HX, 40)
S(
    "paystack_secret_key",
    "Lagos fashion store, Laravel config, en-NG",
    f"Abeg check my Laravel config, Paystack keeps saying 'Invalid key':\n\nPAYSTACK_PUBLIC_KEY=pk_live_{rs(HX, 40)}\nPAYSTACK_SECRET_KEY={k}\nPAYSTACK_PAYMENT_URL=https://api.paystack.co\n\nI don cache:clear already",
    k,
)

k = f"FLWSECK-{rs(HX, 32)}-X"
S(
    "flutterwave_secret_key",
    "Nairobi shop owner, sw",
    f"Habari, nimeweka funguo ya siri ya Flutterwave kwenye duka langu la mtandaoni: {k}\nLakini malipo ya M-Pesa hayapiti, wateja wanaona 'transaction failed'. Nifanyeje?",
    k,
)

k = "Mid-server-" + rs(B64U, 24)
S(
    "midtrans_server_key",
    "batik shop, Midtrans notification, id",
    f"Server key Midtrans produksi: {k}\nclient key-nya Mid-client-{rs(B64U, 16)}\nKok notifikasi pembayaran nggak masuk ke website ya? Padahal di dashboard statusnya settlement.",
    k,
)

k = "xnd_production_" + rs(AN, 50)
S(
    "xendit_secret_key",
    "Manila online store, tl",
    f"Ate, yung Xendit secret key namin: {k}\nPwede ba itong ilagay na lang sa Shopify app o delikado? Nag-error kasi yung GCash checkout kahapon.",
    k,
)

mk = rs(AN + "#@&!", 16)
S(
    "paytm_merchant_key",
    "sweet shop, Paytm gateway, hi/en",
    f"Paytm gateway setup for our mithai shop:\nMID: {rs(UP, 8)}{dg(12)}\nMerchant Key: {mk}\nWebsite: DEFAULT\nचेकसम गलत आ रहा है, help please",
    mk,
)

pk = rs(HX, 32)
S(
    "braintree_private_key",
    "bookshop Rails app, en",
    f"config/braintree.yml:\n\nproduction:\n  environment: production\n  merchant_id: {rs(LAN, 16)}\n  public_key: {rs(LAN, 16)}\n  private_key: {pk}\n\nwhy does Braintree say 'AuthenticationError' only in production?",
    pk,
)

k = "live_sk_" + rs(AN, 26)
S(
    "toss_secret_key",
    "Korean online shop, Toss Payments, ko",
    f"토스페이먼츠 시크릿 키가 {k} 인데요, 결제 승인 API 호출하면 401 UNAUTHORIZED_KEY가 떠요. Basic 인증 헤더는 어떻게 만들어야 하나요?",
    k,
)

k = "sk_live_" + rs(HX, 48)
S(
    "payjp_secret_key",
    "subscription box, PAY.JP, ja",
    f"PAY.JPの本番用秘密鍵です：{k}\n定期課金プランを作るとエラー（invalid_request_error）になります。どこがおかしいでしょうか？",
    k,
)

k = rs(AN, 32)
S(
    "wechatpay_api_key",
    "tea shop, WeChat Pay callback, zh-Hans",
    f"微信支付商户号 16{dg(8)}，APIv3密钥：{k}\n回调通知验签一直失败，帮我看看是不是密钥填错了？",
    k,
)

k = "skey_" + pick("56") + rs(LAN, 18)
S(
    "omise_secret_key",
    "Bangkok clothes shop, Omise PromptPay, th",
    f"คีย์ลับ Omise ของร้านค่ะ: {k}\nใส่ใน WooCommerce แล้วแต่ลูกค้าจ่ายด้วย PromptPay ไม่ได้ ขึ้น error 'authentication failure' ต้องแก้ยังไงคะ",
    k,
)

k = "live_" + rs(B64U, 43)
S(
    "yookassa_secret_key",
    "online flower shop, YooKassa, ru",
    f"ЮKassa: shopId 9{dg(5)}, секретный ключ {k}\nПосле переезда на новый хостинг платежи висят в статусе pending. Куда смотреть?",
    k,
)

k = rs(AN, 40)
S(
    "liqpay_private_key",
    "coffee shop, LiqPay callback, uk",
    f"LiqPay для нашої кав'ярні: public_key i{dg(11)}, private_key {k}. Чому callback не приходить на сайт? Статус у кабінеті — success.",
    k,
)

k = "sk_live_" + rs(AN, 24)
S(
    "tap_secret_key",
    "Salla store, Tap payments, ar",
    f"مرحبا، هذا المفتاح السري لبوابة Tap في متجري على سلة: {k}\nالعملاء يشتكون أن الدفع بمدى يفشل دائماً. هل المشكلة في المفتاح؟",
    k,
)

p, t = pw(10), rs(AN, 32)
S(
    "password",
    "Tel Aviv shop, Tranzila terminal, he",
    f"הסיסמה למסוף של טרנזילה (מסוף: shoshboutique) היא {p}, והטוקן ל-API הוא {t}. הלקוחות מקבלים שגיאה 006 בכל עסקה, מה לעשות?",
    p,
    t,
)

cs = rs(AN, 32)
S(
    "oauth_client_secret",
    "Athens e-shop, Viva Wallet, el",
    f"Viva Wallet για το κατάστημα: Client ID {rs(LAN, 34)}.apps.vivapayments.com, Client Secret {cs}. Το plugin του WooCommerce δεν συνδέεται, τι κάνω λάθος;",
    cs,
)

k = "sup_sk_" + rs(AN, 32)
S(
    "sumup_api_key",
    "ice cream parlour cash register, de",
    f"Unser Kassensystem will für die SumUp-Anbindung einen API-Schlüssel. Ich habe diesen erzeugt: {k}\nReicht das, oder braucht es zusätzlich die Händler-ID?",
    k,
)

t = uuid4()
S(
    "api_token",
    "Wise token for bookkeeping, pl",
    f"Token API Wise do automatycznego księgowania przelewów w iFirmie: {t}\nCzy mogę go po prostu dać biuru rachunkowemu, czy lepiej zrobić osobny z uprawnieniami tylko do odczytu?",
    t,
)

ck, cs, pk = rs(AN, 48), rs(AN, 16), rs(HX, 64)
S(
    "mpesa_daraja_credentials",
    "Mombasa shop going live on Daraja, sw/en",
    f"Tumepata go-live ya Daraja! Credentials:\nConsumer Key: {ck}\nConsumer Secret: {cs}\nPasskey: {pk}\nTill: 5{dg(6)}\nSTK push inarudisha 'Invalid Access Token', tatizo ni nini?",
    ck,
    cs,
    pk,
)

ak, asec = rs(HX, 32), rs(AN, 32)
S(
    "api_key",
    "Addis Ababa shop, telebirr integration, am",
    f"የቴሌብር H5 ክፍያ ውህደት፦\nApp Key: {ak}\nApp Secret: {asec}\nShort Code: {dg(6)}\nክፍያ ሲጠናቀቅ ማሳወቂያ (notify_url) አይደርሰንም። ምን ላድርግ?",
    ak,
    asec,
)

ak, asec, p = rs(AN, 25), rs(AN, 50), pw(11)
S(
    "bkash_credentials",
    "Dhaka clothing page, bKash tokenized checkout, bn",
    f"bKash Tokenized Checkout এর credentials দিলাম, grant token এ error আসছে:\napp_key: {ak}\napp_secret: {asec}\nusername: {pick(['shoppers', 'deshi', 'rong'])}_merchant_api\npassword: {p}",
    asec,
    p,
)

# --- e-commerce platforms and marketplaces --------------------------------

t = "shpat_" + rs(HX, 32)
S(
    "shopify_access_token",
    "stock sync custom app, en",
    f"I made a custom app in Shopify to sync stock with our warehouse spreadsheet. Admin API access token: {t}\nThe script gets 403 on /admin/api/2024-04/inventory_levels.json — which scope am I missing?",
    t,
)

t = "shpss_" + rs(HX, 32)
S(
    "shopify_api_secret",
    "Shopify private app, fr",
    f"Clé API de l'app : {rs(HX, 32)}\nClé secrète de l'API : {t}\nLe développeur me demande ça pour brancher Sendcloud, je peux lui envoyer par mail?",
    t,
)

ck, cs = "ck_" + rs(HX, 40), "cs_" + rs(HX, 40)
S(
    "woocommerce_api_key",
    "WooCommerce to Holded, es",
    f"Claves REST de WooCommerce para conectar con Holded:\nClave de cliente: {ck}\nClave secreta de cliente: {cs}\n¿Qué permisos les doy, lectura o lectura/escritura?",
    ck,
    cs,
)

ks, ss = rs(LAN, 24), rs(LAN, 10)
S(
    "api_key",
    "Etsy seller writing a script, en",
    f"Etsy Open API v3 app approved!! keystring {ks}, shared secret {ss}. How do I do the PKCE thing to get an access token for my own shop?",
    ks,
    ss,
)

cs, rt = "amzn1.oa2-cs.v1." + rs(HX, 64), "Atzr|IwEB" + rs(B64U, 300)
S(
    "oauth_client_secret",
    "Amazon SP-API repricer tool, de",
    f"LWA-Zugangsdaten für unser SP-API-Tool (Repricer):\nClient-ID: amzn1.application-oa2-client.{rs(HX, 32)}\nClient-Geheimnis: {cs}\nRefresh-Token: {rt}\nFehler: 'The request signature we calculated does not match'.",
    cs,
    rt,
)

cert = f"PRD-{rs(HX, 12)}-{rs(HX, 8)}-{rs(HX, 4)}-{rs(HX, 4)}-{rs(HX, 4)}"
S(
    "oauth_client_secret",
    "eBay production keyset, it",
    f"Chiavi di produzione eBay per il gestionale:\nApp ID (Client ID): NegozioR-gestiona-PRD-{rs(HX, 9)}-{rs(HX, 8)}\nCert ID (Client Secret): {cert}\nDev ID: {uuid4()}\nDove metto il Cert ID nel file di configurazione?",
    cert,
)

t = f"APP_USR-{dg(16)}-{dg(6)}-{rs(HX, 32)}-{nd(9)}"
S(
    "mercadolibre_access_token",
    "baby clothes seller, invoicing app, es-MX",
    f"Este es el token de Mercado Libre que me dio la app de facturación: {t}\n¿Caduca? Porque cada 6 horas deja de sincronizar las ventas de ropa de bebé.",
    t,
)

ss, lk = f"SP{dg(6)}_{rs(AN, 16)}", f"SL{dg(6)}_{rs(AN, 16)}"
S(
    "rakuten_rms_key",
    "Rakuten shop stock sync, ja",
    f"楽天RMS WEB SERVICEの認証情報を在庫連携ツールに入れたら認証エラーになりました。\nserviceSecret：{ss}\nlicenseKey：{lk}\nライセンスキーの有効期限は3ヶ月で合ってますか？",
    ss,
    lk,
)

sec = rs(HX, 32)
S(
    "oauth_client_secret",
    "Flipkart seller API, hi",
    f"Flipkart Seller API के लिए application बनाई है:\nApplication ID: {rs(HX, 15)}\nApplication Secret: {sec}\nToken लेने पर 'invalid_client' आ रहा है। क्या करूँ?",
    sec,
)

sec = rs(HX, 32)
S(
    "oauth_client_secret",
    "Tokopedia fulfillment integration, id",
    f"Kredensial Tokopedia Open API dari tim integrasi:\nclient_id: {rs(HX, 32)}\nclient_secret: {sec}\nfs_id: {dg(5)}\nKenapa setiap request ke /v2/order/list balik 401?",
    sec,
)

em, k = f"boutique.awa{dg(2)}@gmail.com", rs(HX, 40)
S(
    "api_key",
    "Abidjan Jumia seller, fr",
    f"Jumia Seller Center > Paramètres > Intégrations : UserID {em}, clé API {k}. Le logiciel de stock dit « E009: Access Denied », c'est la clé qui est mauvaise ?",
    em,
    k,
)

k = rs(HX, 64)
S(
    "shopee_partner_key",
    "Shopee API signing, vi",
    f"Partner ID: 2{dg(6)}\nPartner Key: {k}\nShop ID: {nd(9)}\nMình gọi API get_order_list bị lỗi 'error_sign', bạn xem giúp mình cách tạo sign với.",
    k,
)

sec = rs(AN, 32)
S(
    "oauth_client_secret",
    "Lazada Open Platform, ms",
    f"App Key Lazada: 1{dg(5)}, App Secret: {sec}. Kenapa access token saya tamat tempoh setiap hari? Saya guna untuk kedai tudung online.",
    sec,
)

t = rs(LAN, 31)
S(
    "api_token",
    "BigCommerce store API, en",
    f"BigCommerce API account for our print shop: store hash {rs(LAN, 10)}, X-Auth-Token {t}. Getting 403 on /v3/catalog/products even though I ticked 'modify' for products.",
    t,
)

k = rs(UP + DG, 32)
S(
    "api_key",
    "PrestaShop webservice, it",
    f"Ho attivato il webservice di PrestaShop per il corriere, chiave: {k}\nSe apro /api/orders nel browser mi chiede utente e password, cosa devo mettere?",
    k,
)

t = rs(LAN, 32)
S(
    "api_token",
    "Magento integration token, nl",
    f"Magento 2 integratie voor de boekhouding: Access Token {t}. Sinds de update naar 2.4.7 krijg ik 'The consumer isn't authorized to access %resources'.",
    t,
)

t = "secret_" + rs(AN, 32)
S(
    "api_token",
    "Ecwid store API, ru",
    f"Ecwid, магазин {dg(8)}. Секретный токен: {t}\nХочу выгружать заказы в Google Таблицу скриптом — какой endpoint нужен?",
    t,
)

t = "IST." + jwt(
    {
        "data": json.dumps(
            {
                "id": uuid4(),
                "identity": {"type": "person", "id": uuid4()},
                "tenant": {"type": "account", "id": uuid4()},
            }
        ),
        "iat": 1712131415,
    }
)
S(
    "api_key",
    "Wix store API key, he",
    f"מפתח API של Wix בשביל חיבור למערכת המלאי:\n{t}\nמזהה חשבון: {uuid4()}\nזה מספיק או שצריך עוד משהו?",
    t,
)

# --- newsletters, messaging, helpdesk, CRM ---------------------------------

k = f"{rs(HX, 32)}-us{R.randint(2, 21)}"
S(
    "mailchimp_api_key",
    "pottery shop newsletter, pt-PT",
    f"A chave API do Mailchimp da loja é {k} e a lista de clientes tem o ID {rs(HX, 10)}. Porque é que os contactos novos do checkout não entram na lista?",
    k,
)

k = f"SG.{rs(B64U, 22)}.{rs(B64U, 43)}"
S(
    "sendgrid_api_key",
    "booking confirmations via SendGrid, en",
    f"import sendgrid\nsg = sendgrid.SendGridAPIClient('{k}')\n# sends the booking confirmation for the salon\nresp = sg.send(msg)\n\nI get HTTP Error 403: Forbidden. The sender is verified.",
    k,
)

k = f"xkeysib-{rs(HX, 64)}-{rs(AN, 16)}"
S(
    "brevo_api_key",
    "Brevo newsletter PHP snippet, fr",
    f"$config = Brevo\\Client\\Configuration::getDefaultConfiguration()->setApiKey('api-key', '{k}');\n\nÇa marche en local mais pas chez OVH, une idée ?",
    k,
)

k = f"{rs(HX, 32)}-{rs(HX, 8)}-{rs(HX, 8)}"
S(
    "mailgun_api_key",
    "order emails through Mailgun, es",
    f"Los correos de pedido salen por Mailgun: dominio mg.zapateriaolmo.es, región EU, clave privada {k}. Desde ayer todos dan 'Forbidden'. ¿Caducó?",
    k,
)

k = "pk_" + rs(LAN, 34)
S(
    "klaviyo_private_key",
    "Klaviyo flows, en",
    f"Our Klaviyo private API key is {k} (full access). The agency wants it to set up abandoned cart flows — safe to send over Slack?",
    k,
)

t = jwt(
    {
        "aud": "1",
        "jti": rs(HX, 80),
        "iat": 1709251200,
        "nbf": 1709251200,
        "sub": nd(6),
        "scopes": [],
    },
    "RS256",
)
S(
    "jwt",
    "MailerLite token, de",
    f"MailerLite API-Token für die Anmeldung im Shop-Footer:\n{t}\nDer Formular-Post gibt 401 zurück. Muss 'Bearer ' davor?",
    t,
)

p = pw(14)
S(
    "smtp_password",
    "newsletter via Aruba SMTP, it",
    f"Per la newsletter uso l'SMTP di Aruba: server smtps.aruba.it, porta 465, SSL, utente info@ferramentagalli.it, password {p}. Thunderbird invia, il plugin di WordPress no. Perché?",
    p,
)

p = pw(16)
S(
    "smtp_password",
    "Zoho SMTP in Laravel .env, hi/en",
    f"ये हमारी .env है, order confirmation mail नहीं जा रहा:\nMAIL_MAILER=smtp\nMAIL_HOST=smtppro.zoho.in\nMAIL_PORT=465\nMAIL_USERNAME=orders@chaiwala-store.in\nMAIL_PASSWORD={p}\nMAIL_ENCRYPTION=ssl",
    p,
)

t = rs(HX, 32)
S(
    "twilio_auth_token",
    "salon SMS reminders, en",
    f"Twilio SMS reminders for the salon stopped. Account SID AC{rs(HX, 32)}, Auth Token {t}. Error 20003 'Authenticate'. Did they rotate something?",
    t,
)

t = rs(HX, 32)
S(
    "twilio_auth_token",
    "clinic reminders JSON config, es",
    "Config del recordatorio de citas de la clínica dental, ¿por qué no envía?\n"
    + json.dumps(
        {
            "twilio": {
                "account_sid": "AC" + rs(HX, 32),
                "auth_token": t,
                "messaging_service": "MG" + rs(HX, 32),
            },
            "hora_envio": "18:00",
            "idioma": "es",
        },
        indent=2,
        ensure_ascii=False,
    ),
    t,
)

t = "EAA" + rs(AN, 200)
S(
    "meta_access_token",
    "WhatsApp Cloud API order bot, pt-BR",
    f"Token permanente da API do WhatsApp Business (usuário do sistema):\n{t}\nO número de teste funciona, mas o número oficial da loja dá erro 131005. O que falta?",
    t,
)

s = rs(HX, 32)
S(
    "oauth_client_secret",
    "Facebook app secret for Instagram shop, ar",
    f"هذا App Secret لتطبيق فيسبوك الخاص بالمتجر: {s}\nأحتاجه لربط كتالوج إنستغرام مع المتجر، هل يمكن أن أرسله للمبرمج على واتساب؟",
    s,
)

t = f"7{dg(9)}:AA{rs(B64U, 33)}"
S(
    "telegram_bot_token",
    "order notification bot, ru",
    f"Сделал бота, чтобы новые заказы падали в чат магазина. Токен от BotFather: {t}\nchat_id группы -100{dg(10)}. Бот молчит, что не так?",
    t,
)

t = f"6{dg(9)}:AA{rs(B64U, 33)}"
S(
    "telegram_bot_token",
    "bakery preorder bot, python, uk",
    f'Пекарня, бот для передзамовлень. Код:\n\nfrom telegram.ext import ApplicationBuilder\napp = ApplicationBuilder().token("{t}").build()\n\nЧому бот не відповідає в групі, а в особистих працює?',
    t,
)

u = f"https://hooks.slack.com/services/T{rs(UP + DG, 10)}/B{rs(UP + DG, 10)}/{rs(AN, 24)}"
S(
    "slack_webhook",
    "new-order alert to Slack, en",
    f"I want every Shopify order over $200 to ping our #orders channel. I have the webhook: {u} — can you write the Shopify Flow HTTP request body?",
    u,
)

u = f"https://discord.com/api/webhooks/{nd(19)}/{rs(B64U, 68)}"
S(
    "discord_webhook",
    "game shop Discord alerts, pl",
    f"Chcę, żeby nowe zamówienia ze sklepu z grami planszowymi szły na nasz kanał Discord. Webhook: {u}\nJak to podpiąć w BaseLinkerze?",
    u,
)

t, cs = rs(B64, 171) + "=", rs(HX, 32)
S(
    "line_channel_token",
    "LINE official account for a salon, ja",
    f"美容室のLINE公式アカウントで予約リマインドを送りたいです。\nチャネルアクセストークン（長期）：{t}\nチャネルシークレット：{cs}\nWebhookの検証が失敗します。",
    t,
    cs,
)

k = rs(HX, 32)
S(
    "api_key",
    "Kakao address search for delivery, ko",
    f"배달 주소 검색에 카카오 API 쓰려고 해요. REST API 키: {k}\n주문서에서 호출하면 401 'wrong appKey' 에러가 나요. 도메인 등록 말고 또 뭐가 필요해요?",
    k,
)

t = rs(AN, 40)
S(
    "zendesk_api_token",
    "support lead pulling tickets, curl, en",
    f"curl https://bluepinecraft.zendesk.com/api/v2/tickets.json?status=open \\\n  -u support@bluepinecraft.com/token:{t}\n\ngives me 401 since this morning, nothing changed on our side",
    t,
)

t = base64.b64encode(f"tok:{uuid4()}:1:0".encode()).decode().rstrip("=")
S(
    "api_token",
    "Intercom access token, de",
    f"Intercom-Zugriffstoken für unsere Support-Automation: {t}\nWir wollen Konversationen älter als 90 Tage automatisch schließen. Welchen Endpoint nehme ich?",
    t,
)

t = f"pat-{pick(['na1', 'eu1'])}-{uuid4()}"
S(
    "hubspot_token",
    "HubSpot private app, es",
    f"Token de la app privada de HubSpot para pasar los clientes de la tienda al CRM: {t}\n¿Qué scopes necesito para crear contactos y negocios?",
    t,
)

t = rs(HX, 40)
S(
    "api_token",
    "Pipedrive deals export, pl",
    f"https://firmaremontowa.pipedrive.com/api/v1/deals?status=open&api_token={t}\nTo zwraca tylko 100 wyników, jak zrobić paginację?",
    t,
)

k = "AIza" + rs(B64U, 35)
S(
    "google_api_key",
    "store locator map, tr",
    f"Mağaza bulucu haritası için Google Maps anahtarı: {k}\nSitede 'This page can't load Google Maps correctly' yazıyor. Faturalandırma açık, ne eksik?",
    k,
)

cs = "GOCSPX-" + rs(B64U, 28)
S(
    "oauth_client_secret",
    "Google Sign-in for a booking site, en",
    f"Google sign-in for the yoga studio booking site: client id {nd(12)}-{rs(LAN, 32)}.apps.googleusercontent.com, client secret {cs}. redirect_uri_mismatch every time, what exact URI do I add?",
    cs,
)

ak, sk = "AKIA" + rs(UP + "234567", 16), rs(B64, 40)
S(
    "aws_access_key",
    "product images on S3, en",
    f"product images upload fine from my laptop but not from the server. config:\n\n[default]\naws_access_key_id = {ak}\naws_secret_access_key = {sk}\nregion = eu-west-2",
    ak,
    sk,
)

sec = rs(B64U, 27)
S(
    "cloudinary_url",
    "product photos on Cloudinary, it",
    f"Nel .env del negozio di ceramiche ho CLOUDINARY_URL=cloudinary://{dg(15)}:{sec}@ceramichevietri, ma le foto non si caricano. È giusto il formato?",
    sec,
)

t = "ghp_" + rs(AN, 36)
S(
    "github_token",
    "freelancer deploying a client theme, en",
    f"my deploy action for a client's Shopify theme fails at checkout step. I put the token straight in the yml for now:\n\n- uses: actions/checkout@v4\n  with:\n    token: {t}\n\nis that why?",
    t,
)

k = "sk-proj-" + rs(B64U, 74) + "T3BlbkFJ" + rs(B64U, 74)
S(
    "openai_api_key",
    "product descriptions generator, es",
    f"Tengo un script que genera las descripciones de producto de la tienda con la API. Me da 429 todo el rato:\nOPENAI_API_KEY={k}\n¿Es el límite de la cuenta o del script?",
    k,
)

k = "sk-ant-api03-" + rs(B64U, 93) + "AA"
S(
    "anthropic_api_key",
    "ticket triage script, de",
    f"Für die automatische Vorsortierung der Support-Tickets nutze ich diesen Schlüssel: {k}\nGeht das DSGVO-konform, wenn Kundendaten in den Tickets stehen?",
    k,
)

cs = rs(B64U, 48)
S(
    "oauth_client_secret",
    "Xero integration for a cafe, en-AU",
    f"Connecting our POS to Xero. Client id {rs(HXU, 32)}, client secret {cs}. It says 'unauthorized_client' when I click Connect. Do I need a Xero partner account?",
    cs,
)

t = jwt({"sub": f"staff_{dg(3)}", "role": "admin", "shop": "gangnam-nail", "exp": 1767225600})
S(
    "jwt",
    "nail salon booking admin token, ko",
    f"예약 관리 시스템 관리자 토큰이에요. 직원이 바뀌어서 폐기하고 싶은데 어떻게 해요?\nAuthorization: Bearer {t}",
    t,
)

t = jwt({"uid": nd(8), "shop_id": nd(6), "iat": 1718000000, "exp": 1718604800})
S(
    "jwt",
    "ordering mini-program API, zh-Hans",
    f'小程序下单接口一直返回 401，我的请求是这样的：\ncurl -X POST https://api.chayinshop.cn/v1/orders \\\n  -H "Authorization: Bearer {t}" \\\n  -d \'{{"sku":"MT-500","qty":2}}\'\n是 token 过期了吗？',
    t,
)

t = jwt({"agent": "support-07", "tenant": "souq-albait", "perm": ["tickets:rw"], "exp": 1735689600})
S(
    "jwt",
    "helpdesk log with token, ar",
    f"هذا سطر من سجل نظام الدعم، لماذا يظهر الرمز كاملاً؟\n[2024-08-02 11:04:55] GET /api/tickets?status=open token={t} 200 312ms",
    t,
)

t = jwt(
    {"sub": nd(7), "scope": "bookings:read bookings:write", "iss": "https://auth.tablebookr.app"},
    "RS256",
)
a, b, c = t[:60], t[60:200], t[200:]
S(
    "jwt",
    "token wrapped across lines in a terminal paste, en",
    f"the booking widget token got wrapped when I copied it from the terminal, is it still valid?\n\n{a}\n{b}\n{c}\n",
    a,
    b,
    c,
)

p = pw(14)
S(
    "database_url",
    "shop DB connection string, pt-PT",
    f"A loja não arranca depois da atualização. Log:\nError: connect ECONNREFUSED\nDATABASE_URL=postgres://loja_admin:{p}@db.sapatariaminhota.pt:5432/loja_producao\nO servidor da base de dados está ligado.",
    p,
)

p = pw(12)
S(
    "password",
    "supplier SFTP price list, cs",
    f"Dodavatel nám posílá ceníky přes SFTP: host sftp.velkoobchod-novak.cz, uživatel eshop_kvetinarstvi, heslo {p}. WinSCP hlásí 'Access denied'. Nemám tam překlep?",
    p,
)

p = pw(10)
S(
    "password",
    "B2B stock CSV with basic auth in URL, ro",
    f"Furnizorul ne-a dat linkul ăsta pentru stocuri, îl pun în pluginul de import:\nhttps://magazin_floare:{p}@b2b.distribuitorul-verde.ro/export/stoc.csv\nDar importul dă eroare 401.",
    p,
)

lines = [rs(B64, 70) for _ in range(5)]
S(
    "private_key",
    "freelancer sharing deploy key, en",
    "here's the deploy key for the client's VPS, can you tell me why ssh says 'invalid format'?\n\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n"
    + "\n".join(lines)
    + "\n"
    + rs(B64, 24)
    + "==\n-----END OPENSSH PRIVATE KEY-----",
    *lines,
)

s = rs(B32, 32)
S(
    "totp_secret",
    "shared Fortnox 2FA at an accounting firm, sv",
    f"Vi är tre på byrån som delar Fortnox-inloggningen för kundens butik. Kan vi lägga in samma 2FA i allas telefoner? Länken från QR-koden:\notpauth://totp/Fortnox:ekonomi%40blomsterhornet.se?secret={s}&issuer=Fortnox",
    s,
)

# --- passwords, PINs, codes -------------------------------------------------

p = (
    pick(["Mayorista", "Pedidos", "Almacen"])
    + dg(2)
    + pick("!$%#")
    + pick(["olmo", "roble", "pino"])
)
S(
    "password",
    "shared wholesaler portal login, es",
    f"Para pedir al mayorista entráis en pedidos.drogueriasureste.es con el usuario tienda_cartagena y la contraseña {p}\nNo la cambiéis que la usa también la gestoría para bajar las facturas.",
    p,
)

p = pw(11)
S(
    "password",
    "weekend staff till account, fr",
    f"Pour les extras du week-end : le compte caisse Zelty c'est « extra.samedi », mot de passe {p} — à changer lundi. Tu peux me rédiger un petit mémo pour le classeur ?",
    p,
)

p = "Kasse" + pick(["Chef", "Admin", "Boss"]) + dg(4) + "!"
S(
    "password",
    "POS admin password, de",
    f"Das Admin-Passwort für die Kasse (orderbird) lautet {p} – bitte nicht an die Aushilfen weitergeben. Wie kann ich einen eigenen Benutzer nur für Stornos anlegen?",
    p,
)

p = pw(12)
S(
    "password",
    "certified email (PEC) login, it",
    f"La commercialista mi chiede le credenziali della PEC per scaricare le fatture elettroniche: indirizzo pasticceriarossi@pec.it, password {p}. È normale che le chieda?",
    p,
)

words = (
    " ".join(
        R.sample(
            ["purple", "elephant", "harbour", "biscuit", "lantern", "meadow", "copper", "thistle"],
            2,
        )
    )
    + " "
    + pick(["seventy three", "forty one", "ninety two"])
    + " bakery"
)
S(
    "password",
    "voice-dictated note, en",
    f"note to self, dictated while driving: the flour supplier portal, login is our shop email, password is {words}, all one word with capital first letter. remind me to write it in the book",
    words,
)

p = "V1la#2O" + dg(2) + pick(["rosa", "azul", "flor"])
S(
    "password",
    "OCR of a sticky note at the till, pt-BR",
    f"Transcreve esse bilhete que tava colado no caixa pra mim? (foto tirada pelo celular)\n\n'Wi-fi clientes: LojaDaVila_5G (sem senha)\nsenha do sistema (Bling): {p}\ncofre: ver com a Dona Cida'\n\nquero passar pro caderno de procedimentos",
    p,
)

p = pw(10)
S(
    "password",
    "1C accountant login, ru",
    f"Бухгалтер уходит в отпуск, оставила доступ к 1С:\nлогин — Администратор\nпароль — {p}\nКак мне выгрузить продажи за квартал в Excel?",
    p,
)

p = pw(11)
S(
    "password",
    "supplier e-shop login, el",
    f"Ο κωδικός για το e-shop του προμηθευτή (χονδρική καλλυντικών) είναι {p}, όνομα χρήστη το ΑΦΜ μας. Μπορείς να μου γράψεις οδηγίες για τη νέα υπάλληλο;",
    p,
)

uid, p = f"shop{dg(6)}", pw(10)
S(
    "password",
    "supplier ordering portal, ja",
    f"仕入れ先の発注ポータルのログイン情報です。\nID：{uid}\nパスワード：{p}\n新人スタッフ向けのマニュアルを作りたいので、手順を整理してください。",
    uid,
    p,
)

p = pw(10)
S(
    "password",
    "Shopee seller centre shared with helper, zh-Hant",
    f"蝦皮賣家中心的密碼是 {p}，小幫手排班時會用。可以幫我寫一份交接說明嗎？記得提醒她不要改密碼。",
    p,
)

p = "Baan" + pick(["Som", "Fah", "Nam"]) + dg(4) + "@"
S(
    "password",
    "back-office login, th",
    f"รหัสผ่านเข้าระบบหลังร้าน (Page365): {p} ชื่อผู้ใช้เป็นเบอร์ร้าน ช่วยเขียนขั้นตอนให้พนักงานใหม่หน่อยค่ะ",
    p,
)

p = pw(11)
S(
    "password",
    "shop admin panel, ka",
    f"მაღაზიის საიტის ადმინ პანელის პაროლი: {p}\nახალ თანამშრომელს როგორ მივცე წვდომა ისე, რომ პაროლი არ გავუზიარო?",
    p,
)

p = pw(10)
S(
    "password",
    "shop website admin, hy",
    f"Խանութի կայքի ադմինի գաղտնաբառը՝ {p}։ Ինչպե՞ս ավելացնեմ նոր ապրանքներ առանց ծրագրավորողի։",
    p,
)

p = pw(10)
S(
    "password",
    "shop email account, am",
    f"የሱቁ የኢሜይል አካውንት የይለፍ ቃል፦ {p}\nደንበኞች የሚልኩት ትዕዛዝ ወደ አይፈለጌ መልዕክት (spam) ይገባል። ምን ላድርግ?",
    p,
)

p = pw(9)
S(
    "password",
    "Facebook page login, bn",
    f"দোকানের ফেসবুক পেজের পাসওয়ার্ড: {p}\nনতুন মডারেটরকে কিভাবে অ্যাক্সেস দেব যাতে পাসওয়ার্ড দিতে না হয়?",
    p,
)

p = pw(12)
S(
    "password",
    "GST portal login, ta",
    f"கடையின் GST portal கடவுச்சொல்: {p}\nGSTR-3B file பண்ணும்போது 'session expired' வருது, என்ன காரணம்?",
    p,
)

p = pw(10)
S(
    "password",
    "courier company portal, he",
    f"הסיסמה לממשק של חברת המשלוחים: {p}, שם המשתמש הוא מספר הלקוח שלנו. איך מדפיסים תוויות בכמות?",
    p,
)

p = pw(12)
S(
    "password",
    "booking system .env, nl",
    f"Onze online agenda voor de kapsalon draait op een kleine VPS. .env:\nDB_HOST=127.0.0.1\nDB_DATABASE=afspraken\nDB_USERNAME=salon\nDB_PASSWORD={p}\nNa een reboot geeft hij 'SQLSTATE[HY000] [2002]'.",
    p,
)

pin = dg(6)
S(
    "pin",
    "card terminal merchant menu, de",
    f"Das Händlermenü am Terminal (Ingenico Move/5000) fragt nach dem Servicepasswort, es ist {pin}. Wie starte ich den Kassenschnitt manuell?",
    pin,
)

pin = dg(6)
S(
    "pin",
    "SumUp terminal PIN, pl",
    f"PIN do terminala SumUp w kawiarni to {pin}. Kelnerka go zapomniała, czy mogę go zmienić z aplikacji?",
    pin,
)

pin = dg(8)
S(
    "pin",
    "M-Pesa org portal, sw",
    f"Nambari ya siri ya kuingia kwenye M-Pesa Org Portal ni {pin}, lakini sasa inasema 'operator locked'. Nitafunguaje?",
    pin,
)

puk = dg(8)
S(
    "pin",
    "shop phone SIM PUK, es-MX",
    f"El celular de la tienda se bloqueó. Según la tarjetita del chip el PUK es {puk}. ¿Lo meto así nomás o pierdo los WhatsApp del negocio?",
    puk,
)

otp = dg(3) + " " + dg(3)
S(
    "otp",
    "customer pasted OTP into support chat, hi",
    f"ग्राहक ने सपोर्ट चैट में OTP भेज दिया: {otp} — इसे चैट हिस्ट्री से कैसे हटाऊं? और ग्राहक को क्या बोलूं?",
    otp,
)

otp = dg(6)
S(
    "otp",
    "GoBiz login code forwarded, id",
    f"[SMS diteruskan] Kode OTP GoBiz kamu: {otp}. JANGAN berikan kode ini ke siapa pun termasuk pihak Gojek.\n\nIni dari HP kasir, tolong masukin ke laptop ya",
    otp,
)

otp = dg(6)
S(
    "otp",
    "Naver smart store verification code, ko",
    f"[Web발신]\n[네이버] 인증번호 [{otp}]를 입력해주세요.\n\n사장님이 보낸 건데 스마트스토어 로그인할 때 쓰면 되나요?",
    otp,
)

otp = dg(3) + " " + dg(3)
S(
    "otp",
    "Shopify login code forwarded by owner, en",
    f"fwd from my phone: 'Your Shopify login code is {otp}. Don't share it with anyone.' — can you log in and fix the shipping zones?",
    otp,
)

dc, ac = dg(6) + "#", dg(4) + "-" + dg(2)
S(
    "door_code",
    "back door and alarm codes for new staff, nl",
    f"Info voor de nieuwe kracht in de bakkerij: de deurcode van de achteringang is {dc} en de alarmcode {ac}. Alarm eerst uit, dan pas het licht. Kun je dit in een nette werkinstructie zetten?",
    dc,
    ac,
)

ac = " ".join(dg(6))
S(
    "alarm_code",
    "alarm code for the florist, fr",
    f"Code alarme Verisure de la boutique : {ac}, puis touche OFF. Si ça sonne quand même, appeler le centre. Tu peux faire une fiche plastifiée pour l'arrière-boutique ?",
    ac,
)

sc = f"{dg(2)}-{dg(2)}-{dg(2)}"
S(
    "safe_code",
    "jeweller's safe combination, it",
    f"Combinazione della cassaforte in laboratorio: {sc} (giro a destra, sinistra, destra). Come scrivo una procedura di chiusura serale senza mettere la combinazione nel foglio?",
    sc,
)

code = spoken(dg(6))
S(
    "alarm_code",
    "dictated opening checklist, en",
    f"voice memo transcript: ok opening checklist for saturday, unlock front, alarm code is {code} then press off, turn on the espresso machine, float is two hundred in the drawer",
    code,
)

gc = f"*{dg(6)}#"
S(
    "door_code",
    "gate code for delivery drivers, es-MX",
    f"Para los repartidores de la bodega: el código del portón es {gc}. ¿Cómo lo pongo en las instrucciones de entrega de Rappi sin que lo vea todo mundo?",
    gc,
)

# --- Wi-Fi ------------------------------------------------------------------

k = pick(["cafeconleche", "churros", "magdalena"]) + dg(4)
S(
    "wifi_password",
    "café guest Wi-Fi sign, es",
    f"Hazme un cartelito bonito para el mostrador:\nWiFi clientes\nRed: CafeteriaLuz_Invitados\nClave: {k}\nConsumición mínima 2 €",
    k,
)

k = "kuafor" + pick(["Ayse", "Gul", "Nur"]) + dg(4)
S(
    "wifi_password",
    "hair salon Wi-Fi, tr",
    f"Müşteriler sürekli soruyor, aynanın yanına koyacağım bir kart hazırlar mısın? Ağ: SalonGulizar, Wi-Fi şifresi: {k}",
    k,
)

k = "cafe" + dg(8)
S(
    "wifi_password",
    "café Wi-Fi sticker, vi",
    f"Pass wifi quán: {k} (mạng: CaPheMuoi_5G). Bạn viết giúp mình cái biển nhỏ dán trên bàn, có cả tiếng Anh cho khách Tây.",
    k,
)

k = pw(12)
S(
    "wifi_password",
    "shop Wi-Fi for staff, ar",
    f"كلمة سر الواي فاي للموظفين في المحل: {k} واسم الشبكة Matjar_Staff. هل من الأفضل أن أفصل شبكة الزبائن عن شبكة الكاشير؟",
    k,
)

k = pick(["bbang", "coffee", "dessert"]) + dg(4) + "!!"
S(
    "wifi_password",
    "bakery Wi-Fi, ko",
    f"손님용 와이파이 이름은 Bakery_Guest, 비번은 {k} 이에요. 계산대 옆에 붙일 안내문 영어/한국어로 만들어 주세요.",
    k,
)

k = pw(10)
S(
    "wifi_password",
    "beauty salon Wi-Fi, pl",
    f"hasło do wifi w salonie: {k} (sieć Salon_Kosmetyczny). Klientki narzekają, że się rozłącza, router to TP-Link Archer C6. Co ustawić?",
    k,
)

k = pw(14)
S(
    "wifi_password",
    "Wi-Fi QR code string, en",
    f"can you make a printable QR card from this for the staff room?\nWIFI:T:WPA;S:TheCrumbBakery_Staff;P:{k};;",
    k,
)

k = pick(["chaguan", "naicha", "mantou"]) + dg(6)
S(
    "wifi_password",
    "tea shop Wi-Fi, zh-Hans",
    f'店里WiFi名称：茶馆-5G，WiFi密码：{k}。帮我写一个桌卡，中英文都要，再加一句"请勿长时间占座"。',
    k,
)

# --- recovery codes, seed phrases ---------------------------------------------

codes = [f"{rs(LAN, 5)}-{rs(LAN, 5)}" for _ in range(10)]
S(
    "recovery_codes",
    "Shopify 2FA recovery codes pasted for safekeeping, en",
    "keep these somewhere for me? they're the recovery codes for the shop owner account:\n\n"
    + "\n".join(codes)
    + "\n\neach can be used once",
    *codes,
)

codes = [f"{dg(4)} {dg(4)}" for _ in range(8)]
S(
    "recovery_codes",
    "Google backup codes of the shop account, de",
    "Backup-Codes für das Google-Konto vom Laden (Google Business Profil hängt daran):\n"
    + "\n".join(f"{i + 1}. {c}" for i, c in enumerate(codes))
    + "\nWo bewahre ich die am besten auf?",
    *codes,
)

seed = " ".join(R.sample(BIP, 12))
S(
    "seed_phrase",
    "crypto payments wallet of a shop, en",
    f"We started accepting USDT on the site. The wallet app showed me this recovery phrase and I wrote it down, can you check it's 12 words and tell me how to store it?\n\n{seed}",
    seed,
)

seed = " ".join(R.sample(BIP, 12))
S(
    "seed_phrase",
    "seed phrase of the shop wallet, es",
    f"Mi sobrino me configuró la billetera para cobrar en cripto en la tienda y me dijo que guarde estas palabras: {seed}. ¿Las puedo guardar en una nota del móvil?",
    seed,
)

hmac_key = rs(HXU, 64)
S(
    "webhook_secret",
    "booking platform webhook signing key, en",
    f"Fresha → our own site webhook. Signing key from their settings page: {hmac_key}\nhow do I verify the X-Signature header in PHP? they say HMAC-SHA256 of the raw body",
    hmac_key,
)

gc = rs(UP + DG, 4) + "-" + rs(UP + DG, 4) + "-" + rs(UP + DG, 4) + "-" + rs(UP + DG, 4)
S(
    "gift_card_code",
    "unredeemed gift card code in a ticket, en",
    f"Ticket #88213: customer says her gift card isn't working at checkout. Code she sent: {gc}, balance should be $75. Can you draft a reply asking for a screenshot?",
    gc,
)


# ===========================================================================
# PII
# ===========================================================================

# --- phone numbers ------------------------------------------------------------


def us_phone() -> str:
    ex = pick("23456789") + dg(2)
    while ex == "555":
        ex = pick("23456789") + dg(2)
    return f"({pick(['212', '312', '415', '512', '602', '614', '646', '702', '713', '404', '305', '206', '503', '720'])}) {ex}-{dg(4)}"


ph = us_phone()
P(
    "phone",
    "helpdesk callback note, en-US",
    f"Customer called about order #{R.randint(1000, 9999)} (wrong size hoodie). Wants a callback at {ph} after 5pm Eastern, prefers text.",
    ph,
)

ph = f"07{pick('3459')}{dg(2)} {dg(6)}"
P(
    "phone",
    "courier note, en-GB",
    f"Driver couldn't find the flat, left a card. Customer's mobile is {ph} if you want to ring her before the redelivery tomorrow.",
    ph,
)

ph = f"+34 6{dg(2)} {dg(2)} {dg(2)} {dg(2)}"
P(
    "phone",
    "WhatsApp Business export, es",
    f"[14/03/24, 10:42:17] {ph}: Hola, ¿tenéis la talla 38 en negro?\n[14/03/24, 10:45:03] Zapatería Olmo: ¡Hola! Sí, nos queda un par. ¿Te lo reservamos?\n[14/03/24, 10:46:51] {ph}: Sí porfa, paso a las 6",
    ph,
)

ph = f"55 {dg(4)} {dg(4)}"
P(
    "phone",
    "order note, es-MX",
    f"Cliente: Rosa Elena Cárdenas — Tel. {ph} — quiere el pastel de tres leches para el sábado, recoge 11 am. Anticipo $200.",
    ph,
)

ph = f"(11) 9{dg(4)}-{dg(4)}"
P(
    "phone",
    "delivery note, pt-BR",
    f"Cliente pediu pra ligar no {ph} antes de entregar, é o zap dela também. Portão azul, interfone quebrado.",
    ph,
)

ph = f"06 {dg(2)} {dg(2)} {dg(2)} {dg(2)}"
P(
    "phone",
    "boutique callback, fr",
    f"Mme Lefèvre a rappelé pour la retouche de la robe, son portable : {ph}. Elle passe jeudi après 17 h.",
    ph,
)

ph = f"0151 {dg(8)}"
P(
    "phone",
    "callback request note, de",
    f"Rückrufbitte: Herr Yıldız wegen der Reklamation (Kaffeemühle, Mahlwerk klemmt), Tel. {ph}, am besten vormittags.",
    ph,
)

ph = f"+48 5{dg(2)} {dg(3)} {dg(3)}"
P(
    "phone",
    "salon booking, pl",
    f"Rezerwacja: koloryzacja + strzyżenie, piątek 15:30, pani Agnieszka, tel. {ph}. Prosi o przypomnienie SMS dzień wcześniej.",
    ph,
)

ph = f"0 (5{dg(2)}) {dg(3)} {dg(2)} {dg(2)}"
P(
    "phone",
    "furniture delivery, tr",
    f"Koltuk takımı teslimatı salı günü. Müşteri Emine Hanım, cep: {ph}, 4. kat asansör yok, montaj dahil.",
    ph,
)

ph = f"+7 (9{dg(2)}) {dg(3)}-{dg(2)}-{dg(2)}"
P(
    "phone",
    "online shop order comment, ru",
    f"Комментарий к заказу №{dg(5)}: позвонить за час до доставки по номеру {ph}, домофон не работает, 3 подъезд.",
    ph,
)

ph = f"69{pick('3479')} {dg(3)} {dg(3)}"
P(
    "phone",
    "tavern reservation, el",
    f"Κράτηση για 8 άτομα το Σάββατο στις 21:00, όνομα Παπαδόπουλος, κινητό {ph}. Θέλουν τραπέζι στην αυλή.",
    ph,
)

ph = f"05{pick('03456')}{dg(7)}"
P(
    "phone",
    "abaya shop delivery, ar",
    f"طلب رقم {dg(5)}: التوصيل إلى حي النرجس، جوال العميلة {ph}، الرجاء الاتصال قبل الوصول.",
    ph,
)

raw = f"010{dg(8)}"
ph = to_digits(raw, "٠")
P(
    "phone",
    "Arabic-Indic digits, ar-EG",
    f"العميل طلب ٣ قطع من الطقم الأزرق، رقم الموبايل {ph} والدفع عند الاستلام.",
    ph,
)

ph = f"05{pick('02348')}-{dg(3)}-{dg(4)}"
P(
    "phone",
    "bakery order, he",
    f"הזמנה לחלה מתוקה ועוגת גבינה ליום שישי, לאסוף ב-12:00. טלפון של הלקוחה: {ph}",
    ph,
)

ph = f"+91 9{dg(4)} {dg(5)}"
P(
    "phone",
    "tailoring order, hi",
    f"ब्लाउज़ की सिलाई का ऑर्डर, डिलीवरी शुक्रवार। ग्राहक का मोबाइल नंबर {ph} है, WhatsApp पर फोटो भेजनी है।",
    ph,
)

ph = to_digits(f"01{pick('3456789')}{dg(2)}-{dg(6)}", "০")
P(
    "phone",
    "Bengali digits, bn",
    f"কাস্টমারের অর্ডার: ২টা সুতির শাড়ি, ক্যাশ অন ডেলিভারি। কাস্টমারের নম্বর: {ph}",
    ph,
)

ph = f"9{dg(4)} {dg(5)}"
P(
    "phone",
    "sweet shop order, ta",
    f"தீபாவளி ஸ்வீட் பாக்ஸ் ஆர்டர் 5 கிலோ. வாடிக்கையாளர் எண்: {ph}, டெலிவரி சனிக்கிழமை காலை.",
    ph,
)

ph = f"08{pick('1234569')}-{dg(3)}-{dg(4)}"
P("phone", "Thai shop delivery, th", f"ส่งของพรุ่งนี้ก่อนเที่ยง เบอร์ลูกค้า {ph} ให้โทรก่อนส่ง บ้านอยู่ในซอยลึก", ph)

ph = f"010-{dg(4)}-{dg(4)}"
P(
    "phone",
    "flower shop order, ko",
    f"꽃바구니 주문: 금요일 오후 3시 배송, 받는 분 연락처 {ph}, 리본 문구 '개업을 축하합니다'.",
    ph,
)

ph = f"090-{dg(4)}-{dg(4)}"
P(
    "phone",
    "reservation note, ja",
    f"ご予約メモ：土曜 18:30、4名様、お名前 佐藤様、お電話番号 {ph}、アレルギー：えび。",
    ph,
)

ph = f"1{pick('35789')}{dg(1)} {dg(4)} {dg(4)}"
P(
    "phone",
    "Taobao shipping address, zh-Hans",
    f"收货人：王女士\n电话 {ph}\n备注：放门口快递柜，别打电话，发短信就行",
    ph,
)

ph = f"09{dg(2)}-{dg(3)}-{dg(3)}"
P(
    "phone",
    "pickup note, zh-Hant",
    f"客人要自取：蛋黃酥 2 盒，週六下午 3 點，聯絡電話：{ph}（林小姐）。",
    ph,
)

ph = f"+995 5{dg(2)} {dg(2)} {dg(2)} {dg(2)}"
P(
    "phone",
    "wine shop order, ka",
    f"შეკვეთა: 6 ბოთლი საფერავი, მიტანა ვაკეში, ტელ: {ph}, გადახდა ადგილზე.",
    ph,
)

ph = f"+374 9{pick('13469')} {dg(3)} {dg(3)}"
P(
    "phone",
    "carpet cleaning booking, hy",
    f"Գորգերի լվացման պատվեր՝ ուրբաթ, հասցեն կճշտենք, հեռախոս՝ {ph}։",
    ph,
)

ph = f"09{dg(2)} {dg(3)} {dg(3)}"
P("phone", "coffee order, am", f"ለቅዳሜ 5 ኪሎ ቡና ትዕዛዝ። ደንበኛው ስልክ፦ {ph} ፣ ክፍያ በቴሌብር።", ph)

ph = f"0812-{dg(4)}-{dg(4)}"
P(
    "phone",
    "WhatsApp order, id",
    f"Pesanan kue lapis 2 loyang untuk Jumat, atas nama Bu Sari, WA: {ph}. DP sudah transfer 100rb.",
    ph,
)

ph = f"09{pick('0134678')} {dg(3)} {dg(3)}"
P(
    "phone",
    "COD order, vi",
    f"Đơn COD: 2 áo dài size M, giao Quận 3, SĐT người nhận {ph}, gọi trước khi giao nhé.",
    ph,
)

ph = to_digits(f"09{pick('1239')}{dg(8)}", "۰")
P(
    "phone",
    "Persian digits, fa",
    f"سفارش کیک تولد برای پنجشنبه، شماره موبایل مشتری {ph} ، روی کیک بنویسید «تولدت مبارک».",
    ph,
)

d = nd(10)
ph = spoken("0" + d, oh=True)
P(
    "phone",
    "dictated voicemail transcript, en-GB",
    f"voicemail transcript: hi it's about the curtains I ordered, can you call me back on {ph}, thanks, bye",
    ph,
)

ph = f"+49 176 {dg(8)}"
P(
    "phone",
    "label on the previous line, de",
    f"Kundendaten aus dem Ticket:\nName\nKöhler, Sabine\nTelefon\n{ph}\nAnliegen\nLieferung beschädigt, Foto folgt",
    ph,
)

vis = f"0532 {dg(3)} {dg(2)}"
P(
    "phone",
    "partially masked phone, tr",
    f"Kargo firması SMS'te numarayı böyle gösteriyor: {vis} ** — müşteriye bu numaradan ulaşamıyoruz, ne yapalım?",
    vis,
)

ph = f"+1 {us_phone()}"
P(
    "phone",
    "phone inside a JSON payload, en",
    "Zapier sends this to our SMS tool, but texts never arrive:\n"
    + json.dumps(
        {
            "event": "booking.created",
            "service": "Deep tissue 60min",
            "start": "2024-09-14T10:00:00-07:00",
            "client": {"first_name": "Dana", "phone": ph},
        },
        indent=2,
    ),
    ph,
)

# --- e-mail -------------------------------------------------------------------

em = f"kayla.brooks{dg(2)}@gmail.com"
P(
    "email",
    "refund request, en",
    f"Refund request from {em} — says the candle arrived cracked, order #{R.randint(1000, 9999)}. Photos attached in the original email.",
    em,
)

em = f"lauramtz_{dg(2)}@hotmail.es"
P(
    "email",
    "invoice request, es",
    f"Una clienta pide factura a nombre de su empresa, dice que se la mandemos a {em}. ¿Cómo la hago en Holded?",
    em,
)

em = "marie.dupont (at) orange (point) fr"
P(
    "email",
    "obfuscated email, fr",
    f"Une cliente m'a laissé son adresse comme ça sur Instagram : {em} — je peux l'ajouter à la newsletter sans son accord écrit ?",
    em,
)

em = f"jana.hoffmann{dg(2)}@web.de"
P(
    "email",
    "forwarded email header, de",
    f"---------- Weitergeleitete Nachricht ---------\nVon: Jana Hoffmann <{em}>\nDatum: Mo., 8. Apr. 2024 um 21:14\nBetreff: Widerruf Bestellung 40217\nAn: <info@teeladen-am-markt.de>\n\nHallo, ich möchte meine Bestellung widerrufen...",
    em,
)

em = f"g.bianchi{dg(2)}@libero.it"
P(
    "email",
    "CSV line, it",
    f"nome;email;ordini;totale\nGiulia Bianchi;{em};4;312,40\n\nCome faccio a importare questo CSV in Mailchimp mantenendo i totali?",
    em,
)

em = f"carol.souza{dg(3)}@uol.com.br"
P(
    "email",
    "mailto link in page, pt-BR",
    f'Coloquei esse botão no site e ele abre o e-mail errado: <a href="mailto:{em}?subject=Orçamento">Peça seu orçamento</a>',
    em,
)

em = f"olga.{pick(['smirnova', 'kuznetsova', 'popova'])}{dg(2)}@mail.ru"
P(
    "email",
    "customer complaint, ru",
    f"Покупательница пишет с {em}, что курьер не приехал. Помоги составить вежливый ответ с извинениями и промокодом.",
    em,
)

em = f"{pick(['iryna', 'natalia', 'maryna'])}.{pick(['koval', 'bondar', 'shevchuk'])}@ukr.net"
P(
    "email",
    "wholesale inquiry, uk",
    f"Оптова покупчиня хоче прайс, її пошта {em}. Напиши відповідь з умовами: мінімальне замовлення 5000 грн.",
    em,
)

em = f"k.{pick(['nowak', 'wisniewska', 'kaminska'])}{dg(2)}@wp.pl"
P(
    "email",
    "return request, pl",
    f"Klientka ({em}) chce zwrócić sukienkę po 20 dniach. Regulamin mówi 14 dni. Co jej odpisać?",
    em,
)

em = f"{pick(['elif', 'zeynep', 'merve'])}.{pick(['yilmaz', 'kaya', 'demir'])}{dg(2)}@gmail.com"
P(
    "email",
    "preorder list, tr",
    f"Ön sipariş listesine eklenecek: {em} — 2 adet el yapımı seramik kupa, kargo İzmir.",
    em,
)

em = f"{rs(LO, 5)}{dg(3)}@docomo.ne.jp"
P(
    "email",
    "inquiry from a customer, ja",
    f"お客様（{em}）から、ギフト包装は可能かとのお問い合わせがありました。丁寧な返信文を作ってください。",
    em,
)

em = f"{rs(LO, 6)}{dg(2)}@naver.com"
P(
    "email",
    "review reply, ko",
    f"리뷰 남기신 고객님 이메일이 {em} 인데, 사과 쿠폰 보내는 문구 좀 써 주세요.",
    em,
)

em = f"{nd(9)}@qq.com"
P(
    "email",
    "distributor contact, zh-Hans",
    f"经销商的邮箱是 {em}，帮我写一封催款邮件，货款 12,800 元已经逾期 15 天。",
    em,
)

em = f"{rs(LO, 4)}{dg(4)}@yahoo.com.tw"
P(
    "email",
    "order change request, zh-Hant",
    f"客人來信（{em}）說要把收件地址改成公司，請幫我回覆需要的資料。",
    em,
)

em = f"noura.{pick(['alharbi', 'alotaibi', 'alqahtani'])}{dg(2)}@hotmail.com"
P(
    "email",
    "customer email, ar",
    f"أرسلت العميلة من بريدها {em} تطلب استبدال المقاس، اكتب لي رداً مهذباً.",
    em,
)

em = f"{pick(['noa', 'tamar', 'shira'])}.{pick(['levi', 'cohen', 'mizrahi'])}{dg(2)}@walla.co.il"
P(
    "email",
    "class booking, he",
    f"לקוחה שנרשמה לסדנת קרמיקה השאירה את המייל {em}, תכתוב לה אישור הרשמה עם פרטי התשלום.",
    em,
)

em = f"{pick(['rahul', 'amit', 'vikas'])}{dg(4)}@rediffmail.com"
P(
    "email",
    "B2B buyer, hi",
    f"थोक खरीदार का ईमेल {em} है, उसे 200 पीस का कोटेशन भेजना है। एक प्रोफेशनल ईमेल लिख दो।",
    em,
)

em = f"{pick(['sanne', 'femke', 'lotte'])}.{pick(['jansen', 'devries', 'bakker'])}@ziggo.nl"
P(
    "email",
    "complaint reply, nl",
    f"Klant {em} klaagt dat de taart te laat was voor het verjaardagsfeest. Schrijf een excuusmail met 20% korting.",
    em,
)

vis = f"j.okafor{dg(2)}"
P(
    "email",
    "partially masked email, en",
    f"The account page shows the customer email as {vis}****@gmail.com — is that enough for me to confirm it's the same person on the phone?",
    vis,
)

em = f"ana_belen{dg(2)} arroba gmail punto com"
P(
    "email",
    "email spelled out in a voice note, es",
    f"nota de voz transcrita: apúntame a la clienta del vestido de novia, el correo es {em}, que le mandemos fotos de la prueba",
    em,
)

# --- street addresses -----------------------------------------------------------

a = f"{R.randint(100, 9899)} {pick(['Maple Ridge Dr', 'Oakwood Ave', 'Linden St', 'Harbor View Rd'])}, Apt {R.randint(1, 9)}{pick('ABCD')}"
P(
    "address",
    "shipping label, en-US",
    f"Ship to:\nMegan Turner\n{a}\nColumbus, OH 43215\n\nshe says the first parcel went to the wrong building, can you reword the label?",
    a,
)

a, pc = (
    f"Flat {R.randint(1, 12)}, {R.randint(2, 140)} {pick(['Wellington Road', 'Cardigan Lane', 'Moor Street'])}",
    f"LS{R.randint(2, 9)} {R.randint(1, 9)}{rs('ABDEFGHJLNPQRSTUWXYZ', 2)}",
)
P(
    "address",
    "returns address, en-GB",
    f"Customer wants the replacement sent to {a}, Leeds {pc} instead of her work address.",
    a,
    pc,
)

a = f"C/ de Sagasta {R.randint(2, 60)}, {R.randint(1, 6)}º {pick(['izq.', 'dcha.', 'B'])}"
P(
    "address",
    "delivery change, es",
    f"Cambio de dirección para el pedido {dg(5)}: {a}, 28010 Madrid. Portero hasta las 14 h.",
    a,
)

a = f"{R.randint(2, 80)} rue des Tanneurs, bât. {pick('ABC')}"
P(
    "address",
    "bakery delivery, fr",
    f"Livraison des viennoiseries tous les mardis au {a}, 67000 Strasbourg, code d'accès à demander à la cliente.",
    a,
)

a = f"Lindenstraße {R.randint(2, 90)}{pick(['a', 'b', ''])}, {R.randint(1, 5)}. OG links"
P(
    "address",
    "address on separate line, de",
    f"Lieferadresse (neu):\n{a}\n50674 Köln\nBitte beim Nachbarn abgeben, falls niemand da.",
    a,
)

a, pc = (
    f"Van Woustraat {R.randint(10, 250)}-{pick(['I', 'II', 'III', 'H'])}",
    f"107{R.randint(1, 9)} {rs('ABCEGHJKLNPRSTVWXZ', 2)}",
)
P(
    "address",
    "bike courier note, nl",
    f"Ophalen reparatie: {a}, {pc} Amsterdam, bel 2x aanbellen.",
    a,
    pc,
)

a, cep = (
    f"Rua Augusta, {R.randint(100, 2900)}, apto {R.randint(11, 150)}",
    f"0130{R.randint(1, 9)}-{dg(3)}",
)
P(
    "address",
    "delivery address, pt-BR",
    f"Endereço de entrega: {a} — Consolação, São Paulo/SP, CEP {cep}. Deixar na portaria.",
    a,
    cep,
)

a = f"ул. Баумана, д. {R.randint(1, 80)}, кв. {R.randint(1, 120)}"
P(
    "address",
    "delivery address, ru",
    f"Адрес доставки: г. Казань, {a}, подъезд 2, этаж 5. Оплата картой курьеру.",
    a,
)

a = f"神宮前{R.randint(1, 6)}丁目{R.randint(1, 30)}-{R.randint(1, 20)} ハイツ青山{R.randint(1, 5)}0{R.randint(1, 9)}号室"
P(
    "address",
    "shipping address, ja",
    f"お届け先：〒150-0001 東京都渋谷区{a}\n不在時は宅配ボックスへ。",
    a,
)

a = f"월드컵북로 {R.randint(1, 40)}길 {R.randint(1, 90)}, {R.randint(1, 12)}0{R.randint(1, 9)}호"
P(
    "address",
    "delivery address, ko",
    f"배송지: 서울특별시 마포구 {a}\n부재 시 문 앞에 놔 주세요.",
    a,
)

a = f"漕溪北路 {R.randint(10, 400)} 号 {R.randint(1, 12)} 栋 {R.randint(1, 30)}0{R.randint(1, 9)} 室"
P("address", "receiving address, zh-Hans", f"收货地址：上海市徐汇区{a}，请工作日送达。", a)

a = f"復興南路一段 {R.randint(10, 390)} 號 {R.randint(2, 15)} 樓"
P(
    "address",
    "delivery address, zh-Hant",
    f"外送地址：台北市大安區{a}，到了請打電話，管理員會代收。",
    a,
)

a = f"شارع أنس بن مالك، مبنى {R.randint(1000, 9999)}"
P(
    "address",
    "national address, ar",
    f"العنوان الوطني للعميل: الرياض، حي الملقا، {a}، الرمز البريدي 13521. التوصيل مساءً.",
    a,
)

a = f"רחוב הרצל {R.randint(2, 120)} דירה {R.randint(1, 30)}"
P("address", "delivery address, he", f"כתובת למשלוח: {a}, רמת גן. קומה 3 בלי מעלית.", a)

a = f"फ्लैट {R.randint(101, 904)}, साई कृपा अपार्टमेंट"
P("address", "delivery address, hi", f"डिलीवरी पता: {a}, एमजी रोड, पुणे 411001। शाम 6 बजे के बाद।", a)

a = f"Ερμού {R.randint(2, 120)}, {R.randint(1, 6)}ος όροφος"
P(
    "address",
    "delivery address, el",
    f"Διεύθυνση παράδοσης: {a}, 105 63 Αθήνα. Κουδούνι «Κ. Αλεξίου».",
    a,
)

a = f"ჭავჭავაძის გამზ. {R.randint(1, 80)}, ბ. {R.randint(1, 60)}"
P("address", "delivery address, ka", f"მიწოდების მისამართი: თბილისი, {a}. დარეკეთ მისვლამდე.", a)

a = f"Տիգրան Մեծի {R.randint(1, 70)}, բն. {R.randint(1, 90)}"
P("address", "delivery address, hy", f"Առաքման հասցե՝ Երևան, {a}։ Զանգահարել մուտքից առաջ։", a)

a = f"ወረዳ 0{R.randint(1, 9)}፣ የቤት ቁጥር {R.randint(100, 2999)}"
P("address", "delivery address, am", f"የማድረሻ አድራሻ፦ አዲስ አበባ፣ ቦሌ ክ/ከ፣ {a}። ከመድረሳችሁ በፊት ደውሉ።", a)

a = f"{R.randint(1, 200)}/{R.randint(1, 99)} หมู่ {R.randint(1, 9)} ซอยสุขุมวิท {R.randint(10, 99)}"
P("address", "delivery address, th", f"ที่อยู่จัดส่ง: {a} แขวงพระโขนง กรุงเทพฯ 10260 ฝากไว้กับ รปภ. ได้", a)

a = to_digits(f"বাড়ি {R.randint(1, 99)}, রোড {R.randint(1, 30)}", "০")
P(
    "address",
    "delivery address with Bengali digits, bn",
    f"ডেলিভারি ঠিকানা: {a}, ধানমন্ডি, ঢাকা। বিকেলে দিবেন।",
    a,
)

a = f"Số {R.randint(1, 99)} ngõ {R.randint(1, 300)} Trần Duy Hưng"
P(
    "address",
    "delivery address, vi",
    f"Địa chỉ giao: {a}, Cầu Giấy, Hà Nội. Giao giờ hành chính.",
    a,
)

# --- payment cards ----------------------------------------------------------------

c = cfmt(card("visa"))
P(
    "card_number",
    "customer pasted card into support chat, en",
    f"can u just charge this instead, the other one got declined: {c} exp 09/27 cvv {dg(3)}. thanks!!",
    c,
)

c = cfmt(card("visa"), "")
P(
    "card_number",
    "phone order note, es",
    f"Pedido telefónico: 2 jamones ibéricos, pago con Visa {c} cad. 11/26, titular Andrés Molina. Cobrar al enviar.",
    c,
)

c = cfmt(card("amex"))
P(
    "card_number",
    "email from a corporate client, fr",
    f"Bonjour, pour le traiteur du séminaire vous pouvez débiter notre carte American Express {c}, expiration 04/27. Merci de nous envoyer la facture.",
    c,
)

c = cfmt(card("mc"))
P(
    "card_number",
    "OCR of a card photo, de",
    f"OCR-Ergebnis vom Kartenfoto, das der Kunde per WhatsApp geschickt hat:\n\nSPARKASSE\n{c}\nGÜLTIG BIS 08/28\nMASTERCARD\n\nDarf ich das überhaupt speichern?",
    c,
)

c = cfmt(card("mc"))
c_sp = " ".join(c.replace(" ", ""))
P(
    "card_number",
    "voice note with digits one by one, pt-BR",
    f"áudio transcrito: o cartão é {c_sp}, validade doze barra vinte e seis, pode passar no crédito em 3 vezes",
    c_sp,
)

c = cfmt(card("troy"))
P(
    "card_number",
    "phone order, tr",
    f"Telefonla sipariş: 2 kg lokum, Troy kart {c}, son kullanma 10/27. Çekim yapıp faturayı e-postayla gönder.",
    c,
)

c = cfmt(card("mir"))
P(
    "card_number",
    "prepayment, ru",
    f"Клиент просит списать предоплату с карты Мир {c}, срок 07/29. Как это сделать через терминал без присутствия карты?",
    c,
)

c = cfmt(card("jcb"), "-")
P(
    "card_number",
    "mail-order form, ja",
    f"通販の注文書（FAX）より：カード番号 {c}、有効期限 03/28、JCB。代引きから変更希望とのこと。",
    c,
)

c = cfmt(card("unionpay"))
P(
    "card_number",
    "wholesale deposit, zh-Hans",
    f"批发客户说订金用这张银联卡付：{c}，户名张伟。我们可以手动输入收款吗？",
    c,
)

c = cfmt(card("rupay"))
P(
    "card_number",
    "customer shares card on chat, hi",
    f"ग्राहक ने WhatsApp पर अपना RuPay कार्ड नंबर भेज दिया: {c}। क्या मैं इसे सेव कर सकता हूँ? नहीं, तो उसे क्या बोलूँ?",
    c,
)

c = card("visa")
c1, c2 = f"{c[:4]} {c[4:8]}", f"{c[8:12]} {c[12:]}"
P(
    "card_number",
    "card split across two lines, en",
    f"customer typed it in two messages lol:\n\n> card: {c1}\n> {c2} exp 02/28\n\nhow do I tell them to use the payment link instead",
    c1,
    c2,
)

c = card("mc")
masked = f"{c[:4]} {c[4:6]}** **** {c[12:]}"
P(
    "card_number",
    "partially masked card with BIN and last four, nl",
    f"Op de bon van de pin-automaat staat {masked}. De klant zegt dat ze twee keer betaald heeft, kan ik dat terugzoeken?",
    masked,
)

c = card("visa")
P(
    "card_number",
    "failed payment log line, en",
    "why does our custom checkout log this?\n"
    + json.dumps(
        {
            "level": "error",
            "msg": "charge failed",
            "card_number": c,
            "amount": 4299,
            "currency": "usd",
            "decline_code": "insufficient_funds",
        }
    ),
    c,
)

# --- IBAN -------------------------------------------------------------------------

v = ig(iban("DE"))
P(
    "iban",
    "freelancer invoice footer, de",
    f"Rechnungs-Fußzeile für meine Grafikdesign-Rechnungen, bitte hübsch formatieren:\nLena Krüger · Grafikdesign · Steuernummer folgt\nIBAN: {v} · BIC: {pick(['COBADEFFXXX', 'GENODEM1GLS', 'SSKMDEMMXXX'])}",
    v,
)

v = ig(iban("FR"))
P(
    "iban",
    "refund by transfer, fr",
    f"La cliente préfère un remboursement par virement, voici son RIB : {v}, titulaire Mme Camille Garnier. Montant 64,90 €.",
    v,
)

v = iban("ES")
P(
    "iban",
    "direct debit mandate, es",
    f"Domiciliación para la cuota mensual del gimnasio: titular Pablo Ruiz, IBAN {v}. ¿Me redactas el mandato SEPA?",
    v,
)

v = ig(iban("IT"))
P(
    "iban",
    "supplier bank details, it",
    f"Il fornitore di vasi ha cambiato banca, nuovo IBAN: {v}. Prima di pagare la fattura di 2.340 € come verifico che non sia una truffa?",
    v,
)

v = ig(iban("NL"))
P(
    "iban",
    "refund request, nl",
    f"Terugbetaling van de workshop graag naar {v} t.n.v. M. de Groot. Kun je een bevestigingsmail schrijven?",
    v,
)

v = iban("PL")
nrb = v[2:4] + " " + grp(v[4:], 4)
P(
    "iban",
    "Polish NRB without country code, pl",
    f"Numer konta do zwrotu za kurtkę: {nrb} (mBank), właściciel Tomasz Zieliński.",
    nrb,
)

v = ig(iban("TR"))
P(
    "iban",
    "payment to supplier, tr",
    f"Tedarikçiye havale yapılacak: alıcı Kaya Tekstil Ltd. Şti., IBAN {v}, açıklama fatura no 2024-118.",
    v,
)

v = ig(iban("BE"))
P(
    "iban",
    "chocolate shop supplier, nl-BE",
    f"Nieuwe leverancier cacaoboter, rekeningnummer {v}. Betalingstermijn 30 dagen. Kun je dit in onze boekhouding zetten?",
    v,
)

v = ig(iban("GR"))
P(
    "iban",
    "payment details, el",
    f"Στοιχεία για την προκαταβολή: IBAN {v}, δικαιούχος Ιωάννης Κωνσταντίνου, αιτιολογία «τούρτα γάμου».",
    v,
)

v = ig(iban("SA"))
P(
    "iban",
    "bank transfer details, ar",
    f"بيانات التحويل للعميل لاسترجاع المبلغ: الآيبان {v} باسم فهد العتيبي، المبلغ 450 ريال.",
    v,
)

v = iban("AE")
P(
    "iban",
    "supplier IBAN, ar/en",
    f"Perfume supplier in Dubai sent their bank details: IBAN {v}, beneficiary Al Noor Trading LLC. الرجاء التأكد قبل التحويل.",
    v,
)

v = ig(iban("IL"))
P("iban", "wire to customer, he", f"להחזר כספי ללקוחה: מספר IBAN {v}, על שם מיכל אברהם.", v)

v = ig(iban("GE"))
P(
    "iban",
    "transfer details, ka",
    f"თანხის დაბრუნება მოითხოვა კლიენტმა, ანგარიში: {v}, მიმღები ნინო ბერიძე.",
    v,
)

v = iban("UA")
P(
    "iban",
    "refund, uk",
    f"Повернення коштів за пальто: IBAN {v}, отримувач Олена Ткаченко, РНОКПП додам пізніше.",
    v,
)

v = ig(iban("EG"))
P(
    "iban",
    "refund details, ar-EG",
    f"العميل عايز يرجع فلوس الأوردر على الحساب ده: {v} باسم محمود عبد الله.",
    v,
)

v = iban("AT")
P(
    "iban",
    "SEPA XML payment file, de-AT",
    f'Warum lehnt die Bank meine Sammelüberweisung ab?\n<CdtTrfTxInf>\n  <Amt><InstdAmt Ccy="EUR">312.00</InstdAmt></Amt>\n  <Cdtr><Nm>Huber Markus</Nm></Cdtr>\n  <CdtrAcct><Id><IBAN>{v}</IBAN></Id></CdtrAcct>\n</CdtTrfTxInf>',
    v,
)

v = iban("ES")
masked = f"{v[:4]} {v[4:8]} {v[8:12]} {v[12:14]}** **** ****"
P(
    "iban",
    "partially masked IBAN, es",
    f"En el extracto sale la devolución como {masked} — ¿es la cuenta de la clienta o la nuestra?",
    masked,
)

v = iban("CH")
P(
    "iban",
    "Swiss QR-bill, de-CH",
    f"QR-Rechnung vom Schreiner für die Ladeneinrichtung, Konto {ig(v)}, Betrag CHF 4'860.00. Kann ich die mit Twint zahlen?",
    ig(v),
)

# --- other bank accounts --------------------------------------------------------

rt, acct = aba(), nd(10)
P(
    "bank_account",
    "ACH payout setup, en-US",
    f"Setting up ACH payouts for my bakery on the new POS. Routing number {rt}, account number {acct}, checking. It says 'invalid routing' — is the number wrong?",
    rt,
    acct,
)

sc, acct = f"{dg(2)}-{dg(2)}-{dg(2)}", nd(8)
P(
    "bank_account",
    "refund by bank transfer, en-GB",
    f"Please refund to my account: sort code {sc}, account number {acct}, name Mrs J. Whitfield. Thank you!",
    sc,
    acct,
)

ifsc, acct = f"{pick(['HDFC', 'ICIC', 'SBIN', 'UTIB'])}0{dg(6)}", nd(14)
P(
    "bank_account",
    "vendor payment details, hi/en",
    f"वेंडर का बैंक डिटेल: A/c No. {acct}, IFSC {ifsc}, नाम Sharma Handicrafts. NEFT से पेमेंट कर दो।",
    acct,
)

cl = clabe()
P(
    "bank_account",
    "CLABE for a refund, es-MX",
    f"Para la devolución del anticipo mi CLABE interbancaria es {cl} (BBVA), a nombre de Jorge Hernández.",
    cl,
)

bsb, acct = f"{pick(['062', '063', '083', '033'])}-{dg(3)}", nd(9)
P(
    "bank_account",
    "staff pay details, en-AU",
    f"New barista starting Monday, pay details: BSB {bsb}, account {acct}. Can you make an onboarding checklist and tell me what else I need?",
    acct,
)

acct = nd(7)
P(
    "bank_account",
    "Japanese bank account for a refund, ja",
    f"返金先：みずほ銀行 渋谷支店（店番 {dg(3)}）普通 {acct} 名義 ヤマダ ハナコ。振込手数料はこちら負担でお願いします。",
    acct,
)

acct = f"{dg(3)}-{dg(6)}-{dg(5)}"
P(
    "bank_account",
    "Korean refund account, ko",
    f"환불 계좌: 국민은행 {acct} 예금주 김지은. 반품 확인되면 입금 부탁드려요.",
    acct,
)

acct = nd(10)
P(
    "bank_account",
    "NUBAN for a refund, en-NG",
    f"Customer asked for refund to GTBank, account number {acct}, account name Chiamaka Obi. How do I do it from the Paystack dashboard?",
    acct,
)

pix = uuid4()
cp = cpf()
P(
    "bank_account",
    "PIX keys of a customer, pt-BR",
    f"Estorno via PIX: chave aleatória {pix}, ou se preferir a chave CPF {cp}. Nome: Juliana Ferreira.",
    pix,
    cp,
)

c = card("unionpay")
P(
    "bank_account",
    "bank card number for refund, zh-Hans",
    f"退款请打到我的银行卡：{grp(c, 4)}，开户行 招商银行 深圳南山支行，户名 李娜。",
    grp(c, 4),
)

# --- national identity numbers ------------------------------------------------

v = dni()
P(
    "national_id",
    "invoice to a private customer, es",
    f"Factura simplificada → completa: la clienta pide que ponga su DNI {v} y nombre Marta Gil Navarro. ¿Tengo que rehacer la factura o vale una rectificativa?",
    v,
)

v = nie()
P(
    "national_id",
    "staff contract, es",
    f"Contrato del nuevo camarero: NIE {v}, nacionalidad venezolana, jornada de 30 horas. ¿Qué necesito para darle de alta en la Seguridad Social?",
    v,
)

y, m, d = birth(1960, 2000)
v = codice_fiscale(
    pick(["Esposito", "Romano", "Colombo"]),
    pick(["Francesca", "Alessandro", "Chiara"]),
    y,
    m,
    d,
    R.random() < 0.5,
    pick(["F205", "H501", "F839", "L219"]),
)
P(
    "national_id",
    "electronic invoice to a private client, it",
    f"Per la fattura elettronica al privato mi serve il codice fiscale: il cliente ha scritto {v}. Il campo Codice Destinatario lo lascio 0000000?",
    v,
)

y, m, d = birth()
v = nir(True, y, m)
P(
    "national_id",
    "NIR in an employee file, fr",
    f"Fiche salariée pour le comptable : Mme Aurélie Bernard, n° de sécurité sociale {v}, embauche le 2 septembre, CDI 24 h. Il manque quoi pour la DPAE ?",
    v,
)

y, m, d = birth(1970, 2004)
v = pesel(y, m, d, True)
P(
    "national_id",
    "PESEL for an invoice, pl",
    f"Klientka chce fakturę na osobę prywatną i podała PESEL {v}. Czy PESEL w ogóle powinien być na fakturze?",
    v,
)

v = cpf()
P(
    "national_id",
    "CPF on the nota fiscal, pt-BR",
    f"Cliente pediu nota fiscal com CPF na nota: {v}. Como emito pelo Bling sem erro de 'CPF inválido'?",
    v,
)

v = rut()
P(
    "national_id",
    "RUT for a boleta, es-CL",
    f"El cliente quiere factura en vez de boleta, su RUT es {v}, giro 'asesorías'. ¿Cómo la emito en el SII?",
    v,
)

y, m, d = birth(1975, 2002)
v = curp("GOMA", y, m, d, "M", pick(["DF", "JC", "NL", "PL"]), "NRL")
P(
    "national_id",
    "CURP for payroll, es-MX",
    f"Alta en el IMSS de la nueva cajera, me pasó su CURP: {v}. ¿También necesito su RFC con homoclave?",
    v,
)

v = tckn()
P(
    "national_id",
    "TC kimlik on e-invoice, tr",
    f"Bireysel müşteriye e-Arşiv fatura keseceğim, TC kimlik no: {v}. 5000 TL altı olduğu için yazmak zorunda mıyım?",
    v,
)

v = aadhaar()
P(
    "national_id",
    "Aadhaar for KYC, hi",
    f"नए स्टाफ का KYC करना है, उसका आधार नंबर {v} है। क्या इसकी फोटोकॉपी रखना ठीक है?",
    v,
)

y, m, d = birth(1975, 2000)
v = cn_id(pick(["110105", "310115", "440305", "330106", "510107"]), y, m, d, R.random() < 0.5)
P(
    "national_id",
    "real-name delivery registration, zh-Hans",
    f"寄酒类快递需要实名，客户给的身份证号是 {v}，这样发给快递员安全吗？",
    v,
)

y, m, d = birth(1970, 2002)
v = rrn(y, m, d, True)
P(
    "national_id",
    "staff payroll, ko",
    f"알바생 급여 신고하려고 하는데 주민등록번호 {v} 이렇게 받았어요. 4대보험 가입해야 하나요?",
    v,
)

v = my_number()
P(
    "national_id",
    "My Number for part-timer, ja",
    f"アルバイトの源泉徴収のためにマイナンバーを提出してもらいました：{v}。保管方法の注意点を教えてください。",
    v,
)

v = tw_id(pick("ABFHR"), True)
P(
    "national_id",
    "e-invoice carrier, zh-Hant",
    f"客人要開三聯式發票以外還給了身分證字號 {v}，這個需要登記嗎？我們是小吃店。",
    v,
)

v = nric(pick("ST"))
P(
    "national_id",
    "NRIC in staff onboarding, en-SG",
    f"New part-timer for the hawker stall, NRIC {v}. For CPF contributions do I need anything else from her?",
    v,
)

v = thai_id()
P(
    "national_id",
    "Thai ID for tax invoice, th",
    f"ลูกค้าขอใบกำกับภาษีเต็มรูป เลขประจำตัวประชาชน {v} ชื่อ นางสาวพิมพ์ชนก ใจดี ต้องใส่ที่อยู่ด้วยไหมคะ",
    v,
)

v = il_id()
P(
    "national_id",
    "Israeli ID for receipt, he",
    f'לקוח ביקש חשבונית מס על שמו, תעודת זהות {v}. האם חובה לרשום ת"ז בחשבונית לעוסק פטור?',
    v,
)

v = sa_id("2")
P(
    "national_id",
    "iqama of a worker, ar",
    f"رقم إقامة العامل الجديد في المحل: {v}، نحتاجه لتسجيله في التأمينات. هل يكفي هذا؟",
    v,
)

y = R.randint(1975, 2000)
v = emirates_id(y)
P(
    "national_id",
    "Emirates ID in staff file, en-AE",
    f"Staff file for the salon: Emirates ID {v}, visa under the salon trade licence. What else do I need for WPS payroll?",
    v,
)

y, m, d = birth(1975, 2002)
v = za_id(y, m, d, False)
P(
    "national_id",
    "ID number for lay-by, en-ZA",
    f"Customer wants a lay-by on the fridge, gave ID number {v}. Can I do a credit check with that or do I need consent in writing?",
    v,
)

v = bsn()
P(
    "national_id",
    "BSN of new employee, nl",
    f"Nieuwe medewerker in de snackbar, BSN {v}, start maandag. Wat moet ik allemaal bij de loonadministratie aanleveren?",
    v,
)

y, m, d = birth(1965, 2003)
v = be_nn(y, m, d)
P(
    "national_id",
    "Belgian national number, fr-BE",
    f"Pour le contrat d'étudiant de la boulangerie : numéro de registre national {v}. Il peut travailler combien d'heures par an ?",
    v,
)

y, m, d = birth(1965, 2003)
v = se_pn(y, m, d)
P(
    "national_id",
    "personnummer for payroll, sv",
    f"Ny timanställd i caféet, personnummer {v}. Hur registrerar jag henne hos Skatteverket?",
    v,
)

y, m, d = birth(1965, 2003)
v = hetu(y, m, d)
P(
    "national_id",
    "henkilötunnus, fi",
    f"Uusi kesätyöntekijä kioskille, henkilötunnus {v}. Mitä tietoja tarvitsen vielä palkanmaksua varten?",
    v,
)

y, m, d = birth(1965, 2003)
v = no_fnr(y, m, d)
P(
    "national_id",
    "fødselsnummer, no",
    f"Ny deltidsansatt i blomsterbutikken, fødselsnummer {v}. Hva trenger regnskapsføreren ellers?",
    v,
)

y, m, d = birth(1965, 2000)
v = amka(y, m, d)
P(
    "national_id",
    "AMKA of employee, el",
    f"Νέα υπάλληλος στο κατάστημα, ΑΜΚΑ {v}. Τι χρειάζομαι για την αναγγελία πρόσληψης στο ΕΡΓΑΝΗ;",
    v,
)

v = snils()
P(
    "national_id",
    "SNILS of employee, ru",
    f"Оформляю продавца в магазин, СНИЛС {v}. Что ещё нужно для трудового договора?",
    v,
)

y, m, d = birth(1965, 2003)
v = cnp(y, m, d, True)
P(
    "national_id",
    "CNP on invoice, ro",
    f"Clienta vrea factură pe persoană fizică și mi-a dat CNP-ul {v}. E obligatoriu să-l trec pe factură?",
    v,
)

y, m, d = birth(1965, 2003)
v = cz_rc(y, m, d, True)
P(
    "national_id",
    "rodné číslo, cs",
    f"Brigádnice do cukrárny, rodné číslo {v}. Musím ji hlásit na ČSSZ, když má DPP?",
    v,
)

y, m, d = birth(1970, 2002)
v = f"{dd(y % 100)}{dd(m)}{dd(d)}-{pick(['14', '10', '07', '01'])}-{dg(3)}{pick('02468')}"
P(
    "national_id",
    "MyKad number, ms",
    f"Pekerja baru kedai makan, nombor IC {v}. Nak daftar PERKESO, apa lagi yang diperlukan?",
    v,
)

v = grp(nd(12), 4)
P(
    "national_id",
    "Fayda ID for staff, am",
    f"የአዲሱ ሰራተኛ የፋይዳ መለያ ቁጥር (FIN)፦ {v}። ለደመወዝ ምዝገባ ሌላ ምን ያስፈልጋል?",
    v,
)

v = ir_code()
P(
    "national_id",
    "Iranian national code, fa",
    f"کد ملی مشتری برای صدور فاکتور رسمی: {v}. آیا باید آدرس کامل هم بنویسم؟",
    v,
)

v = f"{pick(['35202', '42101', '61101', '37405'])}-{nd(7)}-{R.randint(1, 9)}"
P(
    "national_id",
    "CNIC of rider, ur",
    f"نئے ڈیلیوری رائیڈر کا شناختی کارڈ نمبر {v} ہے۔ کیا اس کی تصدیق آن لائن ہو سکتی ہے؟",
    v,
)

v = ssn()
P(
    "national_id",
    "SSN in W-9 for a contractor, en-US",
    f"The freelance photographer sent her W-9 as a photo, SSN {v}. Do I need to file a 1099-NEC if I paid her $1,450?",
    v,
)

v = sin()
P(
    "national_id",
    "SIN for new hire, en-CA",
    f"New hire at the café, SIN {v}, starting Tuesday. What do I need for the TD1 and ROE later?",
    v,
)

v = nino()
P(
    "national_id",
    "NI number for payroll, en-GB",
    f"New weekend staff member's NI number is {v}. Do I need to do anything on the payroll software before her first shift?",
    v,
)

v = rnokpp()
P(
    "national_id",
    "RNOKPP of FOP, uk",
    f"Фізособа-підприємець надіслала рахунок, РНОКПП {v}. Як перевірити, що вона платник єдиного податку?",
    v,
)

v = steuer_id()
P(
    "national_id",
    "German tax ID of minijobber, de",
    f"Minijobberin im Café, steuerliche Identifikationsnummer {v}. Brauche ich die für die Anmeldung bei der Minijob-Zentrale?",
    v,
)

# --- tax identifiers -----------------------------------------------------------

v = nif_pt("2")
P(
    "tax_id",
    "NIF on invoice, pt-PT",
    f"Cliente pediu fatura com contribuinte {v}, nome Rui Tavares. Já emiti sem NIF, posso anular e emitir outra?",
    v,
)

v = nip_pl()
P(
    "tax_id",
    "supplier NIP, pl",
    f"Dostawca opakowań podał NIP {v}. Jak sprawdzić w białej liście, czy rachunek jest zgłoszony?",
    v,
)

v = cnpj()
P(
    "tax_id",
    "supplier CNPJ, pt-BR",
    f"Fornecedor novo de embalagens, CNPJ {v}. Como consulto se a empresa está ativa antes de pagar o boleto?",
    v,
)

v = cuit("27")
P(
    "tax_id",
    "CUIT of a customer, es-AR",
    f"La clienta es monotributista y quiere factura A? Me pasó su CUIT: {v}. ¿Le corresponde A o B?",
    v,
)

y, m, d = birth(1970, 2000)
v = rfc("MARL", y, m, d)
P(
    "tax_id",
    "RFC for CFDI, es-MX",
    f"Me piden factura CFDI 4.0: RFC {v}, régimen 612, uso G03, código postal 06700. ¿Me ayudas a revisar que coincida con la constancia?",
    v,
)

v = vkn()
P(
    "tax_id",
    "supplier tax number, tr",
    f"Toptancının vergi numarası {v}, vergi dairesi Kadıköy. e-Fatura mükellefi mi nasıl kontrol ederim?",
    v,
)

pn = pan("P", "S")
P(
    "tax_id",
    "PAN of a customer for high-value sale, hi",
    f"2 लाख से ऊपर की ज्वेलरी बिक्री है, ग्राहक का PAN {pn} लिया है। बिल में लिखना ज़रूरी है क्या?",
    pn,
)

g = gstin(pick(["27", "29", "33", "07"]), pan("C"))
P(
    "tax_id",
    "buyer GSTIN for B2B invoice, en-IN/ta",
    f"B2B invoice-க்கு buyer GSTIN {g}. E-invoice generate பண்ண வேண்டுமா, எங்க turnover 3 கோடி.",
    g,
)

u = uscc(pick(["110105", "310115", "440305"]))
P(
    "tax_id",
    "company tax code on fapiao, zh-Hans",
    f"客户要开增值税专用发票，纳税人识别号：{u}，开户行和账号稍后发。这个号码格式对吗？",
    u,
)

b = kr_brn()
P(
    "tax_id",
    "business registration number, ko",
    f"거래처 사업자등록번호 {b} 로 세금계산서 발행하려는데 휴업 상태인지 확인하는 방법 있나요?",
    b,
)

v = tw_ubn()
P(
    "tax_id",
    "Taiwan business number, zh-Hant",
    f"公司客戶要打統編：{v}，抬頭寫「晴光咖啡有限公司」。電子發票要怎麼開？",
    v,
)

v = ust_de()
P(
    "tax_id",
    "VAT ID of EU customer, de",
    f"B2B-Kunde aus Österreich? Nein, aus Hamburg – USt-IdNr. {v}. Muss ich bei innerdeutscher Lieferung trotzdem 19 % berechnen?",
    v,
)

sn = siren()
v = tva_fr(sn)
P(
    "tax_id",
    "intra-EU VAT number, fr",
    f"Mon client professionnel m'a donné son numéro de TVA intracommunautaire : {v}. Je peux facturer en autoliquidation ?",
    v,
)

v = afm()
P(
    "tax_id",
    "AFM of a customer, el",
    f"Ο πελάτης θέλει τιμολόγιο, ΑΦΜ {v}, ΔΟΥ Καλαμαριάς. Πώς το περνάω στο myDATA;",
    v,
)

v = inn10()
P(
    "tax_id",
    "company INN, ru",
    f"Поставщик упаковки прислал счёт: ООО «Коробка», ИНН {v}. Как проверить, что фирма не однодневка?",
    v,
)

v = piva()
P(
    "tax_id",
    "partita IVA of supplier, it",
    f"Il nuovo fornitore di farina ha partita IVA {v}. Come verifico sul VIES che sia attiva?",
    v,
)

v = abn()
P(
    "tax_id",
    "ABN of contractor, en-AU",
    f"The cleaner invoicing us has ABN {v}. Do I still need to withhold tax or is the ABN enough?",
    v,
)

v = nz_ird()
P(
    "tax_id",
    "IRD number of employee, en-NZ",
    f"New barista's IRD number is {v}, tax code M. Anything else for her first payday filing?",
    v,
)

# --- passports ---------------------------------------------------------------------

pno = pick("CFGHJK") + rs("CFGHJKLMNPRTVWXYZ0123456789", 8)
y, m, d = birth(1965, 1999)
sur, giv = "BRANDT", "KATHARINA"
l1 = f"P<D<<{sur}<<{giv}".ljust(44, "<")
dob6 = f"{y % 100:02d}{m:02d}{d:02d}"
exp6 = f"{R.randint(27, 34)}{dd(R.randint(1, 12))}{dd(R.randint(1, 28))}"
pers = "<" * 14
part = pno + mrz_cd(pno) + "D<<" + dob6 + mrz_cd(dob6) + "F" + exp6 + mrz_cd(exp6) + pers + "<"
final = mrz_cd(pno + mrz_cd(pno) + dob6 + mrz_cd(dob6) + exp6 + mrz_cd(exp6) + pers + "<")
l2 = part + final
assert len(l1) == 44 and len(l2) == 44, (len(l1), len(l2))
P(
    "passport",
    "guesthouse check-in, MRZ OCR, de",
    f"Gast-Check-in in der Pension, OCR vom Pass:\n{l1}\n{l2}\nWelche Daten muss ich für den Meldeschein wirklich speichern?",
    l2,
    pno,
)

pno = f"{dg(2)}{rs(UP, 2)}{dg(5)}"
P(
    "passport",
    "passport for hotel package, fr",
    f"Pour le forfait séjour + atelier cuisine, le client a donné son passeport n° {pno}, expiration 2031. Je dois le garder combien de temps ?",
    pno,
)

pno = f"{pick('JKLMNPRSTUVWZ')}{nd(7)}"
P(
    "passport",
    "tour booking, hi/en",
    f"Tour booking ke liye customer ka passport number {pno} hai, Indian passport, expiry 2029. Visa ke liye aur kya chahiye?",
    pno,
)

pno = f"E{dg(8)}"
P(
    "passport",
    "cross-border shipping form, zh-Hans",
    f"跨境包裹申报要填收件人护照号：{pno}。这个可以直接发给物流公司吗？",
    pno,
)

pno = f"T{pick('KRSZ')}{dg(7)}"
P(
    "passport",
    "tax-free sale, ja",
    f"免税販売の記録：旅券番号 {pno}、国籍 日本（海外在住）。購入記録情報の送信はどうすればいいですか？",
    pno,
)

pno = f"U{dg(8)}"
P(
    "passport",
    "travel agency booking, tr",
    f"Umre turu kaydı için müşterinin pasaport numarası {pno}, geçerlilik 2030. Vize başvurusu için başka ne lazım?",
    pno,
)

pno = f"M{dg(3)}{pick(UP)}{dg(4)}"
P(
    "passport",
    "duty-free purchase, ko",
    f"면세 판매 기록용 여권번호 {pno} 입니다. 구매 기록을 어디에 저장해야 하나요?",
    pno,
)

pno = f"{rs(UP, 2)}{dg(6)}"
P(
    "passport",
    "dive shop booking, pt-BR",
    f"Reserva do mergulho: passaporte {pno}, validade 08/2032, certificação Open Water. Precisa de seguro?",
    pno,
)

# --- dates of birth ----------------------------------------------------------------

y, m, d = birth(1950, 1990)
v = f"{d:02d}/{m:02d}/{y}"
P(
    "date_of_birth",
    "pharmacy loyalty signup, es",
    f"Alta en la tarjeta de puntos de la farmacia: Carmen Ortega, fecha de nacimiento {v}, quiere recibir ofertas por SMS.",
    v,
)

y, m, d = birth(1985, 2006)
v = f"{y}-{m:02d}-{d:02d}"
P(
    "date_of_birth",
    "age verification export, en",
    f"Age check log from the vape shop till: customer Tyler Grant, DOB {v}, ID scanned, sale approved. Is keeping this log legal?",
    v,
)

y, m, d = birth(1955, 1995)
months_de = [
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
]
v = f"{d}. {months_de[m - 1]} {y}"
P(
    "date_of_birth",
    "clinic booking, de",
    f"Neupatientin für die Physiotherapie: Frau Renate Vogel, geboren am {v}, privat versichert, Termin Dienstag 9:30.",
    v,
)

y, m, d = birth(1960, 2000)
v = f"{y}年{m}月{d}日"
P(
    "date_of_birth",
    "salon membership card, ja",
    f"会員カード作成：山本 美咲様、生年月日 {v}、誕生月クーポン希望。",
    v,
)

y, m, d = birth(1960, 2000)
v = f"{y}.{m:02d}.{d:02d}"
P(
    "date_of_birth",
    "gym member, ko",
    f"회원 등록: 이서연, 생년월일 {v}, 3개월 PT 등록. 생일 쿠폰 자동 발송 설정해 주세요.",
    v,
)

y, m, d = birth(1960, 2000)
v = f"{d:02d}.{m:02d}.{y}"
P(
    "date_of_birth",
    "optician customer record, ru",
    f"Карточка клиента оптики: Морозова Анна Сергеевна, дата рождения {v}, рецепт OD -2.5 OS -2.75.",
    v,
)

y, m, d = birth(1960, 2000)
v = f"{d:02d}/{m:02d}/{y}"
P(
    "date_of_birth",
    "birthday discount list, ar",
    f"قائمة أعياد الميلاد للخصم: العميلة ريم الشمري، تاريخ الميلاد {v}، ترغب في رسائل واتساب.",
    v,
)

y, m, d = birth(1960, 2000)
v = f"{d:02d}/{m:02d}/{y}"
P(
    "date_of_birth",
    "clinic booking, pt-BR",
    f"Agendamento da estética: Patrícia Lima, nascida em {v}, primeira sessão de limpeza de pele sexta às 14h.",
    v,
)

# --- customer, loyalty and membership numbers ---------------------------------------

v = f"CUST-{nd(7)}"
P(
    "customer_id",
    "CRM customer ID with complaint, en",
    f"Customer {v} (Hannah) wants her loyalty points restored after the refund. How many points should she get for a $120 order at 5 pts/$?",
    v,
)

v = f"KD{dg(8)}"
P(
    "customer_id",
    "customer number in email, de",
    f"Kundennummer {v} hat dreimal dieselbe Bestellung storniert. Wie formuliere ich höflich, dass wir künftig Vorkasse verlangen?",
    v,
)

v = nd(12)
P(
    "loyalty_number",
    "supermarket loyalty card, fr",
    f"La cliente n'a pas eu ses points : carte fidélité n° {v}, achat du 14/06 de 86,20 €. Comment je les recrédite ?",
    v,
)

v = f"{dg(4)} {dg(4)} {dg(4)} {dg(4)}"
P(
    "loyalty_number",
    "coffee chain app member number, ja",
    f"会員番号 {v} のお客様から、アプリのポイントが消えたとお問い合わせがありました。返信文をお願いします。",
    v,
)

v = f"M{nd(8)}"
P(
    "customer_id",
    "gym membership number, es",
    f"El socio {v} quiere congelar la cuota dos meses por lesión. ¿Cómo lo redacto en el reglamento?",
    v,
)

v = f"{nd(6)}-{dg(2)}"
P(
    "customer_id",
    "utility-style client number in ticket, pl",
    f"Zgłoszenie od klienta nr {v}: reklamacja pralki, kurier ma odebrać w czwartek. Napisz potwierdzenie.",
    v,
)

v = f"VIP{dg(7)}"
P(
    "loyalty_number",
    "loyalty tier upgrade, zh-Hans",
    f"会员号 {v} 的顾客消费满 5000 元了，帮我写一条升级金卡的短信。",
    v,
)

v = f"{nd(10)}"
P(
    "customer_id",
    "marketplace buyer ID, tr",
    f"Alıcı müşteri numarası {v} iade talebi açtı, ürün kullanılmış görünüyor. Nasıl reddederim?",
    v,
)

v = f"ACC-{rs(UP, 2)}{dg(6)}"
P(
    "customer_id",
    "helpdesk export row, en",
    f"ticket_id,account,subject,status\n88412,{v},Cannot log in to wholesale portal,open\n\nsummarise this for the morning standup",
    v,
)

v = f"{dg(3)}-{dg(3)}-{dg(3)}"
P(
    "loyalty_number",
    "airline-style frequent buyer number, ar",
    f"رقم عضوية برنامج الولاء للعميل {v}، يطلب إضافة نقاط مشترياته في الفرع الثاني.",
    v,
)

# --- licence plates --------------------------------------------------------------

v = f"{pick(['M', 'B', 'HH', 'K'])}-{rs(UP, 2)} {R.randint(100, 9999)}"
P(
    "license_plate",
    "customer parking ticket, de",
    f"Kundin mit Kennzeichen {v} hat auf dem Personalparkplatz geparkt und einen Strafzettel bekommen. Wie antworte ich auf ihre Beschwerde?",
    v,
)

v = f"{rs('ABCDEFGHJKLMNPQRSTVWXYZ', 2)}-{dg(3)}-{rs('ABCDEFGHJKLMNPQRSTVWXYZ', 2)}"
P(
    "license_plate",
    "click-and-collect car, fr",
    f"Drive : la cliente arrive dans une Clio grise immatriculée {v}, commande 10482, à apporter au coffre.",
    v,
)

v = f"{dg(4)} {rs('BCDFGHJKLMNPRSTVWXYZ', 3)}"
P(
    "license_plate",
    "workshop booking, es",
    f"Cita en el taller: cambio de aceite y pastillas, matrícula {v}, el cliente espera en el local.",
    v,
)

v = f"{rs(UP, 3)}{dg(1)}{pick(UP)}{dg(2)}"
P(
    "license_plate",
    "Mercosur plate, pt-BR",
    f"Entrega no drive-thru: carro placa {v}, pedido 3 marmitas fitness, cliente já pagou no Pix.",
    v,
)

v = f"{R.randint(10, 399)}{pick(['가', '나', '다', '라', '마', '거', '너'])} {dg(4)}"
P(
    "license_plate",
    "car wash booking, ko",
    f"세차 예약: 토요일 10시, 차량번호 {v}, 실내 크리닝 추가.",
    v,
)

v = f"{pick('АВЕКМНОРСТУХ')}{dg(3)}{rs('АВЕКМНОРСТУХ', 2)} {pick(['77', '177', '199', '50', '78'])}"
P(
    "license_plate",
    "car parts order, ru",
    f"Клиент заберёт шины сам, машина {v}, белая Киа. Пропустить на склад.",
    v,
)

# --- health and insurance numbers --------------------------------------------------

v = kvnr()
P(
    "health_insurance",
    "physio invoice, de",
    f"Heilmittelverordnung für Herrn Schulte, Versichertennummer {v}, Kasse AOK Bayern. Warum lehnt die Abrechnungssoftware das ab?",
    v,
)

v = nhs()
P(
    "health_insurance",
    "pharmacy delivery, en-GB",
    f"Repeat prescription delivery for Mr Patel, NHS number {v}. Can you write a text reminding him to be in between 2 and 4?",
    v,
)

v = medicare_au()
P(
    "health_insurance",
    "podiatry booking, en-AU",
    f"New client for the podiatry clinic, Medicare card {v}, expiry 11/2027. Can we bulk bill an initial consult?",
    v,
)

v = f"{dg(8)}"
P(
    "health_insurance",
    "Japanese health insurance card, ja",
    f"整骨院の受付メモ：保険者番号 {dg(8)}、記号 {dg(3)} 番号 {v}。窓口負担は3割で合っていますか？",
    v,
)

v = f"{rs(UP, 3)}{dg(9)}"
P(
    "health_insurance",
    "US insurance member ID for dental office, en-US",
    f"Patient's insurance member ID is {v}, group {dg(6)}, Delta Dental PPO. How do I verify eligibility before her cleaning Thursday?",
    v,
)

v = f"{dg(11)}"
P(
    "health_insurance",
    "Dutch care insurance number, nl",
    f"Nieuwe cliënt voor de pedicure, zorgverzekering Zilveren Kruis, polisnummer {v}. Wordt diabetische voetzorg vergoed?",
    v,
)

# --- IP addresses ----------------------------------------------------------------------

ip1 = f"{pick(['82', '85', '91', '176', '188'])}.{R.randint(1, 254)}.{R.randint(1, 254)}.{R.randint(1, 254)}"
ip2 = (
    f"{pick(['37', '46', '92', '151'])}.{R.randint(1, 254)}.{R.randint(1, 254)}.{R.randint(1, 254)}"
)
P(
    "ip_address",
    "nginx access log of a shop, en",
    f'is this a card-testing attack?\n{ip1} - - [12/Jun/2024:03:14:07 +0000] "POST /checkout HTTP/1.1" 402 112 "-" "Mozilla/5.0"\n{ip1} - - [12/Jun/2024:03:14:09 +0000] "POST /checkout HTTP/1.1" 402 112 "-" "Mozilla/5.0"\n{ip2} - - [12/Jun/2024:03:14:11 +0000] "POST /checkout HTTP/1.1" 200 834 "-" "Mozilla/5.0"',
    ip1,
    ip2,
)

ip = f"2a02:{rs(HX, 4)}:{rs(HX, 4)}:{rs(HX, 4)}:{rs(HX, 4)}:{rs(HX, 4)}:{rs(HX, 4)}:{rs(HX, 4)}"
P(
    "ip_address",
    "Shopify fraud analysis, IPv6, de",
    f"Shopify markiert Bestellung #1288 als hohes Risiko. Browser-IP: {ip}, Rechnungsadresse in München, Versand nach Polen. Soll ich stornieren?",
    ip,
)

ip = f"{pick(['185', '95', '78'])}.{R.randint(1, 254)}.{R.randint(1, 254)}.{R.randint(1, 254)}"
P(
    "ip_address",
    "WooCommerce order meta, es",
    f"En los datos del pedido sale 'IP del cliente: {ip}' y la tarjeta es de otro país. ¿Lo envío?",
    ip,
)

ip = f"{pick(['103', '117', '49'])}.{R.randint(1, 254)}.{R.randint(1, 254)}.{R.randint(1, 254)}"
P(
    "ip_address",
    "login attempts on admin, hi",
    f"एडमिन पैनल पर रात भर लॉगिन की कोशिश हुई, IP {ip} से 300 बार। इसे कैसे ब्लॉक करूँ?",
    ip,
)

ip = f"{pick(['201', '177', '189'])}.{R.randint(1, 254)}.{R.randint(1, 254)}.{R.randint(1, 254)}"
P(
    "ip_address",
    "chargeback evidence, pt-BR",
    f"Pra contestar o chargeback, tenho o IP do comprador no momento da compra: {ip}, mesmo IP de outros 3 pedidos dele. Isso serve de prova?",
    ip,
)

# --- usernames -----------------------------------------------------------------------

u = f"{pick(['lucy', 'maddie', 'sophie'])}_bakes{dg(2)}"
P(
    "username",
    "Instagram customer handle, en",
    f"An Instagram customer @{u} says we never shipped her order and is posting about it in stories. How do I reply publicly?",
    u,
)

u = f"{pick(['kerem', 'mert', 'emre'])}.{pick(['aydin', 'celik', 'sahin'])}{dg(2)}"
P(
    "username",
    "marketplace buyer username, tr",
    f"Hepsiburada'da {u} kullanıcı adlı alıcı sürekli iade açıyor. Kara listeye alabilir miyim?",
    u,
)

u = f"{pick(['tanaka', 'suzuki', 'kato'])}_{rs(LO, 3)}{dg(3)}"
P(
    "username",
    "Mercari buyer account, ja",
    f"メルカリの購入者「{u}」さんから、受取評価がされません。どう連絡すればいいですか？",
    u,
)

u = f"{pick(['sweetmama', 'ladybird', 'kittycat'])}{dg(4)}"
P(
    "username",
    "forum username in complaint, pl",
    f"Użytkowniczka {u} na grupie mamowej pisze, że nasze body dla niemowląt się farbuje. Jak odpowiedzieć?",
    u,
)

u = f"{pick(['ahmed', 'omar', 'yousef'])}_{dg(4)}"
P(
    "username",
    "customer account login, ar",
    f"العميل اسم المستخدم {u} لا يستطيع تسجيل الدخول في تطبيق المتجر، كيف أعيد تعيين كلمة المرور له؟",
    u,
)

# --- multi-field customer records ---------------------------------------------------

em, ph = f"priya.nair{dg(2)}@gmail.com", f"+44 7{pick('3459')}{dg(2)} {dg(6)}"
a = f"{R.randint(2, 200)} {pick(['Kingsley Road', 'Elm Grove', 'Station Lane'])}"
P(
    "customer_record",
    "Shopify order webhook JSON, en",
    "our fulfilment app chokes on this webhook, can you see what field is wrong?\n"
    + json.dumps(
        {
            "id": int(nd(13)),
            "email": em,
            "total_price": "64.90",
            "currency": "GBP",
            "shipping_address": {
                "first_name": "Priya",
                "last_name": "Nair",
                "address1": a,
                "city": "Leicester",
                "zip": f"LE{R.randint(1, 9)} {R.randint(1, 9)}{rs('ABDEFGHJLNPQRSTUWXYZ', 2)}",
                "phone": ph,
            },
            "line_items": [{"sku": "TEA-ASSAM-250", "quantity": 2}],
        },
        indent=2,
    ),
    em,
    ph,
    a,
)

rows = []
secrets_ = []
for first, last, dom in [
    ("Sofía", "Herrera", "gmail.com"),
    ("Diego", "Paredes", "hotmail.com"),
    ("Valentina", "Rojas", "yahoo.es"),
]:
    em = f"{first.lower().replace('í', 'i')}.{last.lower()}{dg(2)}@{dom}"
    ph = f"+34 6{dg(2)} {dg(3)} {dg(3)}"
    rows.append(f"{first} {last};{em};{ph};{R.randint(1, 9)}")
    secrets_ += [em, ph]
P(
    "customer_record",
    "CRM CSV export, es",
    "Exporté los clientes del CRM, ¿me ayudas a quitar duplicados?\nnombre;email;telefono;pedidos\n"
    + "\n".join(rows),
    *secrets_,
)

em, ph, a = (
    f"a.moreau{dg(2)}@free.fr",
    f"07 {dg(2)} {dg(2)} {dg(2)} {dg(2)}",
    f"{R.randint(2, 90)} avenue Jean-Jaurès",
)
P(
    "customer_record",
    "helpdesk ticket, fr",
    f"Ticket #5521 — Mme Anne Moreau\nE-mail : {em}\nTél. : {ph}\nAdresse : {a}, 69007 Lyon\nObjet : colis marqué livré mais jamais reçu. Que dois-je répondre ?",
    em,
    ph,
    a,
)

tsv_rows, sec_ = [], []
for name in ["Schmidt, Jonas", "Wagner, Lea", "Becker, Tim"]:
    v, iv = steuer_id(), ig(iban("DE"))
    tsv_rows.append(f"{name}\t{v}\t{iv}\t{pick(['Minijob', 'Teilzeit'])}")
    sec_ += [v, iv]
P(
    "customer_record",
    "staff roster TSV for payroll, de",
    "Personalliste fürs Lohnbüro (TSV aus Excel), kannst du die Spalten sauber ausrichten?\nName\tSteuer-ID\tIBAN\tVertrag\n"
    + "\n".join(tsv_rows),
    *sec_,
)

ph, em = (
    f"+7 9{dg(2)} {dg(3)}-{dg(2)}-{dg(2)}",
    f"{pick(['irina', 'svetlana'])}.{pick(['volkova', 'sokolova'])}@yandex.ru",
)
a = f"ул. {pick(['Ленина', 'Садовая', 'Мира'])}, д. {R.randint(1, 90)}, кв. {R.randint(1, 200)}"
P(
    "customer_record",
    "amoCRM card, ru",
    f"Карточка клиента из amoCRM:\nФИО: Волкова Ирина Петровна\nТелефон: {ph}\nE-mail: {em}\nАдрес: г. Екатеринбург, {a}\nКомментарий: просит скидку постоянного покупателя",
    ph,
    em,
    a,
)

ph, cpf_ = f"(21) 9{dg(4)}-{dg(4)}", cpf()
P(
    "customer_record",
    "WhatsApp Business order with CPF, pt-BR",
    f"[09/05/2024 16:20] Cliente: boa tarde! quero 2 kits de maquiagem\n[09/05/2024 16:21] Cliente: meu nome é Larissa Costa, CPF {cpf_}, telefone {ph}\n[09/05/2024 16:22] Loja: perfeito! vou gerar o link de pagamento",
    ph,
    cpf_,
)

rows, sec_ = [], []
for nm in ["佐藤 健", "鈴木 花子", "高橋 翔"]:
    ph, em = (
        f"080-{dg(4)}-{dg(4)}",
        f"{rs(LO, 6)}{dg(2)}@{pick(['gmail.com', 'icloud.com', 'ezweb.ne.jp'])}",
    )
    rows.append(f"{nm},{ph},{em}")
    sec_ += [ph, em]
P(
    "customer_record",
    "reservation system CSV, ja",
    "予約システムから書き出した顧客リストです。重複をまとめてください。\n氏名,電話番号,メール\n"
    + "\n".join(rows),
    *sec_,
)

ph, nid = f"01{pick('0125')}{dg(8)}", f"{pick('23')}{dg(13)}"
P(
    "customer_record",
    "installment sale record, ar-EG",
    f"بيانات عميل التقسيط:\nالاسم: مصطفى إبراهيم حسن\nالرقم القومي: {nid}\nالموبايل: {ph}\nالقسط الشهري: 1,250 جنيه لمدة 12 شهر",
    nid,
    ph,
)

ph, aad = f"+91 {pick('6789')}{dg(4)} {dg(5)}", aadhaar()
P(
    "customer_record",
    "loan-against-gold customer form, en-IN",
    f"Form filled at the counter, please type it neatly:\nName: Lakshmi Venkatesh\nMobile: {ph}\nAadhaar: {aad}\nGold weight: 42.5 g (22K)",
    ph,
    aad,
)

# ===========================================================================
# NEGATIVES: value-shaped things that are neither secret nor personal
# ===========================================================================

e1, e2, e3 = ean13("506041"), ean13("506041"), ean13("506041")
isbn = ean13("978184")
ean_es, ean_jp, ean_tr = ean13("841234"), ean13("4901"), ean13("869")
sha7a, sha7b, sha7c = rs(HX, 7), rs(HX, 7), rs(HX, 7)

NEG: list[tuple[str, str]] = [
    # --- English ---
    (
        "returns policy draft, en",
        "Can you help me write a returns policy? We sell handmade soy candles: 30-day returns, buyer pays return shipping unless the jar arrived broken, refunds within 5 working days. Orders over £40 ship free within the UK.",
    ),
    (
        "Etsy stats question, en",
        "Etsy dashboard this month: 1,284 visits, 41 orders, conversion 3.2%, revenue $2,317.45, average order $56.52. Is that conversion rate normal for handmade jewelry?",
    ),
    (
        "Stripe payout timing, en",
        "Stripe payout schedule changed from daily to weekly (every Monday). Payout of $4,812.30 initiated Nov 4, expected to arrive Nov 6. Why the two-day delay?",
    ),
    (
        "plugin versions, en",
        "WooCommerce 8.9.3 with PHP 8.2.18 on shared hosting, memory_limit 256M, max_execution_time 120. After updating WooPayments to 7.6.0 the checkout spinner never stops. Any idea?",
    ),
    (
        "terminal decline code, en",
        "Our Square Terminal shows CARD_DECLINED_VERIFICATION_REQUIRED on about 1 in 20 tap payments since firmware 6.52. Should I ask customers to insert the card instead?",
    ),
    (
        "review reply, en",
        "Write a polite reply to this 2-star review: 'Coffee was great but we waited 25 minutes for a flat white on a Saturday at 11am.' Keep it under 60 words.",
    ),
    (
        "product CSV, en",
        "Handle,Title,Variant SKU,Price,Inventory\nlinen-apron,Linen Apron,APR-LIN-NAT,34.00,18\nlinen-apron,Linen Apron,APR-LIN-OLV,34.00,6\ntea-towel-set,Tea Towel Set (3),TT-SET-3,22.50,41\n\nHow do I raise every price by 8% and round to .50 in Excel?",
    ),
    (
        "label printer, en",
        "Royal Mail wants 6x4 inch labels and my Zebra ZD421 prints at 203 dpi. Should I order 102 x 152 mm direct thermal rolls with a 25 mm core, or 76 mm?",
    ),
    (
        "Amazon account health, en",
        "Seller Central says account health rating 212, Order Defect Rate 0.41% (target under 1%), late shipment rate 2.9%, pre-fulfilment cancel rate 0.8%. What should I fix first?",
    ),
    (
        "promo codes, en",
        "Our Black Friday codes (Nov 29 - Dec 2) are BLACKFRIDAY25 for 25% off and FREESHIP50 for free shipping over $50. Can you write three Instagram captions?",
    ),
    (
        "fully masked card in order notes, en",
        "Order notes show the card as •••• •••• •••• 4417 and the customer says they were charged twice for $38.90. Where in Stripe do I check for a duplicate charge?",
    ),
    (
        "webhook event names, en",
        "Webhook events I subscribed to: payment_intent.succeeded, payment_intent.payment_failed, charge.refunded, charge.dispute.created. Do I also need checkout.session.completed for Payment Links?",
    ),
    (
        "env var references only, en",
        "In my .env I now pull secrets from the hosting panel instead of hardcoding them:\nSTRIPE_SECRET_KEY=${STRIPE_SECRET_KEY}\nMAILCHIMP_API_KEY=${MAILCHIMP_API_KEY}\nIs that enough for Laravel to read them?",
    ),
    (
        "brand colours, en",
        "Brand colours for the new storefront: primary #1F4E79, accent #F2A541, background #FAF7F2, text #222222. Font Inter 400/600. Does the accent pass WCAG AA on white?",
    ),
    (
        "restaurant stats, en",
        "Bookings last week: 312 covers, 47 no-shows (15%), average party size 2.8, busiest slot Friday 19:30. Would a £10 per head deposit hurt bookings?",
    ),
    (
        "pricing maths, en",
        "Help me price this: materials $7.40, Etsy listing fee $0.20, transaction fee 6.5%, payment processing 3% + $0.25, shipping $4.95 charged to buyer. I want a 45% margin.",
    ),
    (
        "helpdesk weekly stats, en",
        "Zendesk this week: 148 tickets, median first reply 1h 52m, median full resolution 19h, CSAT 91%, 12 tickets reopened. Write a four-line summary for Monday's meeting.",
    ),
    (
        "holiday opening hours, en",
        "Holiday hours: Dec 24 9am-2pm, Dec 25-26 closed, Dec 31 9am-4pm, Jan 1 closed, back to normal Jan 2. Please format this for a Google Business Profile post.",
    ),
    (
        "theme release notes, en",
        f"Git log for the shop theme since v2.3.0: 'fix: cart drawer z-index ({sha7a})', 'feat: sticky add-to-cart ({sha7b})', 'chore: bump Dawn to 15.0.0 ({sha7c})'. Write customer-facing release notes.",
    ),
    (
        "print-on-demand margin, en",
        "Printful: Bella+Canvas 3001 tee, size L, $12.95 + $4.75 shipping. I sell it for $29. What's left after Shopify Payments 2.9% + 30¢?",
    ),
    (
        "terminal error, en",
        "The Verifone V400m shows 'ERR 1011 Host unreachable' every morning until I reboot the router. 2.4 GHz network, terminal software 3.4.12. What should I check?",
    ),
    (
        "unit conversion, en",
        "Convert 250 g, 500 g, 1 kg and 2.5 kg into ounces and pounds (one decimal) for the US version of our spice shop.",
    ),
    (
        "invoice numbering, en",
        "Invoices this year run from INV-2024-0001 to INV-2024-0387. Q1 ended at 0094, Q2 at 0201, Q3 at 0305. How many invoices in Q4 so far?",
    ),
    (
        "ASIN suppressed, en",
        "ASIN B0CX7Q2LMN keeps getting suppressed for 'missing item_weight' even though the flat file has item_weight 0.35 and unit kilograms. What's wrong?",
    ),
    (
        "decline code, en",
        "A card ending in 8830 was declined with response code 05 (do not honor). What should I tell the customer, politely?",
    ),
    (
        "Wi-Fi security choice, en",
        "Should the shop guest network use WPA2 or WPA3 on a Ubiquiti U6 Lite? Our older Android POS tablets (Android 8.1) also need to connect.",
    ),
    (
        "empty key field, en",
        "The API key field in the plugin settings is empty and greyed out with placeholder text 'Paste your live secret key here'. Why can't I click into it?",
    ),
    (
        "Slack message template, en",
        "Turn this into a Shopify Flow message with Liquid variables: '[ORDER] #10482 paid - 3 items - $87.20 - ships from Warehouse B'.",
    ),
    (
        "VAT threshold, en-GB",
        "The UK VAT registration threshold has been £90,000 since 1 April 2024. Our rolling 12-month turnover is £71,300. Do I need to register yet, and what if December is huge?",
    ),
    (
        "GS1 barcodes, en",
        f"Our new jam range has these EANs: {e1}, {e2}, {e3}. Do I need GS1 membership to list them on Amazon, or can I use the GTIN exemption?",
    ),
    (
        "bakery rota hours, en",
        "Rota: Mon 06:00-14:00, Tue 06:00-14:00, Wed off, Thu 05:30-13:30, Fri 05:30-15:00, Sat 07:00-12:00. Total hours and how many at time-and-a-half after 40?",
    ),
    (
        "Shopify CLI error, en",
        "shopify theme push fails: 'Error: 422 Unprocessable Entity - sections/header.liquid: Liquid syntax error (line 84): Unknown tag endschema'. Which tag did I break?",
    ),
    (
        "parcel sizes, en",
        "Box sizes: small 20x15x10 cm (0.6 kg), medium 35x25x15 cm (1.4 kg), large 50x40x30 cm (3.2 kg). DHL volumetric divisor 5000. Which boxes get billed by volume?",
    ),
    (
        "fully masked IBAN, en",
        "Refund of €54.00 sent by SEPA to the IBAN on file (**** **** **** **** 2231), reference RMA-7731. How long do SEPA transfers usually take?",
    ),
    (
        "bookshop ISBN, en",
        f"Our bookshop POS shows ISBN {isbn} as 'unknown item'. The book is a 2023 paperback from a UK publisher. How do I add it manually with price £9.99?",
    ),
    (
        "card-testing rules, en",
        "Radar rule ideas for card testing: block if :card_count_for_ip_address_daily: > 5, review if amount < $2. Are these reasonable for a shop with ~60 orders a day?",
    ),
    (
        "public docs link, en",
        "I'm following https://docs.stripe.com/webhooks#verify-events and https://help.shopify.com/en/manual/payments/chargebacks. Can you summarise what evidence to upload for a 'product not received' dispute?",
    ),
    (
        "Windows error code, en",
        "The receipt printer driver install fails with 0x80070005 on Windows 10 build 19045.4291. I'm an admin on the PC. Epson TM-T20III, driver 6.0.2.",
    ),
    (
        "cron for daily export, en",
        "I want the daily stock export to run at 03:15 server time. Is the cron line 15 3 * * * right, and how do I make it skip Sundays?",
    ),
    # --- Spanish ---
    (
        "returns policy, es",
        "¿Me ayudas a redactar la política de devoluciones? Plazo de 14 días naturales, el cliente paga el envío de vuelta (4,95 €) salvo defecto de fábrica. Reembolso en 7 días.",
    ),
    (
        "weekly till totals, es",
        "Ventas del TPV: lunes 612,40 €, martes 587,10 €, miércoles 701,85 €, jueves 644,00 €, viernes 1.102,30 €, sábado 1.540,75 €. ¿Cuál es la media diaria y el total?",
    ),
    (
        "Redsys error code, es",
        "El TPV virtual de Redsys da el error SIS0051 con pagos Bizum en PrestaShop 8.1.5. ¿Es cosa del banco o del módulo (versión 3.0.4)?",
    ),
    (
        "VAT classes, es",
        "Vendemos libros (IVA 4 %), papelería (21 %) y talleres presenciales exentos. ¿Cómo configuro las clases de impuesto en WooCommerce para que el ticket salga bien?",
    ),
    (
        "Mercado Libre reputation, es-AR",
        "En Mercado Libre: 38 ventas en octubre, reputación verde, 2 reclamos cerrados a favor, despacho promedio 1,4 días. ¿Qué me falta para ser MercadoLíder?",
    ),
    (
        "Easter hours, es",
        "Horario de Semana Santa: Jueves Santo 28/03 de 10 a 14 h, Viernes Santo cerrado, Sábado 30/03 de 10 a 20 h. Tradúcelo al inglés y al alemán para los turistas.",
    ),
    (
        "SKU list, es",
        f"ref;descripcion;talla;pvp;ean\nCAM-001;Camiseta algodón;M;19,90;{ean_es}\nCAM-002;Camiseta algodón;L;19,90;{ean13('841234')}\n¿Cómo subo esto a Shopify sin que me cambie los EAN a notación científica?",
    ),
    (
        "Mercado Pago hold, es-MX",
        "Mercado Pago me retuvo $3,450.00 MXN por 'revisión de seguridad', con liberación estimada en 14 días. ¿Es normal en cuentas nuevas?",
    ),
    (
        "monotributo limit, es-AR",
        "Estoy en la categoría D del monotributo y llevo facturado $ 11.402.300 en los últimos 12 meses. ¿Cómo calculo cuánto me queda antes de recategorizar?",
    ),
    (
        "courier comparison, es-CO",
        "Para envíos nacionales me cotizan: Servientrega $14.500 por kilo, Coordinadora $12.900, Interrapidísimo $11.700, todos a 3 días. ¿Cuál me conviene para paquetes de 2 kg?",
    ),
    # --- Portuguese ---
    (
        "Nuvemshop shipping table, pt-BR",
        "Tabela de frete da loja: até 1 kg R$ 18,90; 1 a 3 kg R$ 24,50; acima de 3 kg R$ 32,00. Frete grátis acima de R$ 199. Isso vale pra Sudeste e Sul, certo?",
    ),
    (
        "Pix fee comparison, pt-BR",
        "A maquininha cobra 0,99% no Pix, 1,99% no débito e 4,49% no crédito à vista. Vendi R$ 18.400 no mês, 40% Pix, 35% débito. Quanto paguei de taxa?",
    ),
    (
        "NF-e series, pt-BR",
        "Minhas notas estão na série 1, numeração 000.001.245 até 000.001.310. Posso começar a série 2 em janeiro sem problema com a SEFAZ?",
    ),
    (
        "Shopee metrics, pt-BR",
        "Na Shopee: taxa de não cumprimento 0,8%, envio atrasado 2,1%, nota 4,9 com 1.203 avaliações. Ainda dá pra virar Loja Indicada?",
    ),
    (
        "VAT in Portugal, pt-PT",
        "Vendo bolos (IVA 13%? 23%?) e cafés ao balcão. A minha contabilista diz taxa intermédia para a restauração. Qual é a taxa para take-away em 2024?",
    ),
    (
        "SAF-T export, pt-PT",
        "O programa de faturação gera o SAF-T de março com 1.482 documentos, versão 1.04_01. O Portal das Finanças rejeita com 'erro de estrutura'. Por onde começo?",
    ),
    (
        "Black Friday plan, pt-BR",
        "Plano da Black Friday: 29/11 às 00h cupom BF30, 30/11 frete grátis, 01/12 compre 2 leve 3. Monta um cronograma de posts e e-mails?",
    ),
    # --- French ---
    (
        "Sumup fees, fr",
        "Avec SumUp je paie 1,75 % par transaction. J'ai encaissé 9 420 € en mai sur 612 transactions. Ça me fait combien de frais, et est-ce que SumUp One vaut le coup ?",
    ),
    (
        "opening hours, fr",
        "Horaires d'été de la boutique : du mardi au samedi 10 h – 19 h, fermeture annuelle du 5 au 19 août. Tu peux me faire une affichette sympa ?",
    ),
    (
        "VAT rates, fr",
        "Je vends des fleurs (TVA 10 %), des vases (20 %) et des livres de jardinage (5,5 %). Comment paramétrer ça sur ma caisse Zettle ?",
    ),
    (
        "marketplace commission, fr",
        "Sur Vinted Pro / Etsy / mon site, les commissions sont de 0 %, 6,5 % et 1,4 % + 0,25 €. Sur un sac à 85 €, combien je touche à chaque fois ?",
    ),
    (
        "product dimensions, fr",
        "Fiche produit : table basse en chêne 110 × 60 × 42 cm, 18 kg, livrée montée, délai 3 à 4 semaines, garantie 2 ans. Rédige une description de 80 mots.",
    ),
    (
        "Colissimo error, fr",
        "L'étiquette Colissimo ne se génère pas, message « 30220 : le poids du colis est incorrect » alors que j'ai mis 1,2 kg. Une idée ?",
    ),
    (
        "masked phone, fr",
        "Dans le back-office la cliente apparaît avec « 06 ** ** ** 21 », c'est normal que je ne voie pas son numéro complet ? C'est une option RGPD du module ?",
    ),
    (
        "accounting export, fr",
        "Export comptable du mois : 412 ventes, CA HT 12 845,20 €, TVA collectée 2 569,04 €, frais Stripe 298,33 €. Tu peux me faire l'écriture de synthèse ?",
    ),
    # --- German ---
    (
        "price list, de",
        "Preisliste Kaffee: Espresso 2,40 €, Cappuccino 3,60 €, Flat White 3,90 €, Hafermilch +0,50 €. Ab 1. März alles +5 %. Wie sieht die neue Liste gerundet aus?",
    ),
    (
        "Kleinunternehmer limit, de",
        "Als Kleinunternehmer darf ich 2024 höchstens 22.000 € Umsatz im Vorjahr haben. Ich lag 2023 bei 19.870 €. Muss ich ab Januar Umsatzsteuer ausweisen?",
    ),
    (
        "TSE error, de",
        "Die Kasse meldet 'TSE nicht erreichbar (Fehler 0x1001)' seit dem Update auf Version 5.12. Ich darf doch ohne TSE nicht kassieren, oder?",
    ),
    (
        "DHL rates, de",
        "DHL Geschäftskunden: Päckchen bis 2 kg 4,19 €, Paket bis 5 kg 5,49 €, bis 10 kg 7,99 € netto. Wie viel Versand sollte ich im Shop für 3 kg verlangen?",
    ),
    (
        "Amazon fees, de",
        "Amazon.de Verkaufsgebühr 15 % bei Küchenartikeln, FBA-Gebühr 3,66 € für Standardpaket klein. Artikel kostet 24,99 €, Einkauf 7,20 €. Was bleibt übrig?",
    ),
    (
        "public holidays, de",
        "Feiertage 2024, an denen der Laden in Bayern zu hat: 1.1., 6.1., 29.3., 1.4., 1.5., 9.5., 20.5., 30.5., 15.8., 3.10., 1.11., 25./26.12. Hab ich einen vergessen?",
    ),
    (
        "fully masked IBAN in bank statement, de",
        "Auf dem Kontoauszug steht bei der Rücklastschrift nur 'DE** **** **** **** **34 12', Betrag 49,90 €, Grund MD06. Was bedeutet MD06?",
    ),
    (
        "model numbers, de",
        "Welcher Bondrucker passt zur Kasse ready2order: Epson TM-m30III oder Star TSP143IV? Die Kasse ist ein iPad 10. Generation mit iPadOS 17.5.",
    ),
    # --- Italian ---
    (
        "daily takings, it",
        "Incassi della settimana: lunedì 480 €, martedì 512 €, mercoledì 398 €, giovedì 605 €, venerdì 890 €, sabato 1.240 €. Fammi un grafico a barre in testo?",
    ),
    (
        "SDI rejection code, it",
        "La fattura elettronica è stata scartata dallo SDI con codice 00305. Cosa significa e come la reinvio?",
    ),
    (
        "menu prices, it",
        "Nuovo menù pranzo: primo 9 €, secondo 12 €, menù completo con acqua e caffè 16 €. Scrivimi un post per Instagram con orari 12:30-14:30.",
    ),
    (
        "shipping rates, it",
        "Con BRT spedire 1-3 kg costa 7,90 €, con Poste Delivery 8,50 €, con GLS 7,40 €. Quale offro come standard nel negozio online?",
    ),
    (
        "coupon stacking, it",
        "Ho due coupon attivi: BENVENUTO10 (10%) e ESTATE24 (5 € sopra 40 €). WooCommerce li applica insieme. Come impedisco la somma?",
    ),
    # --- Dutch ---
    (
        "Bol.com fees, nl",
        "Bol.com rekent 12,5% commissie plus € 0,99 per artikel in de categorie speelgoed. Ik verkoop een puzzel voor € 19,95, inkoop € 6,40. Wat hou ik over?",
    ),
    (
        "opening hours Koningsdag, nl",
        "Op Koningsdag (27 april) zijn we open van 10:00 tot 16:00, op 5 mei gesloten. Maak je een bordje voor de deur?",
    ),
    (
        "PostNL rates, nl",
        "PostNL brievenbuspakje € 4,35, pakket tot 10 kg € 7,25. Mijn sokken wegen 180 gram per paar. Hoeveel paar passen er in een brievenbuspakje van 3 cm?",
    ),
    (
        "iDEAL failure rate, nl",
        "Vorige maand 1.102 iDEAL-betalingen, 37 mislukt (3,4%), vooral tussen 00:00 en 01:00. Is dat onderhoud bij de banken?",
    ),
    # --- Polish ---
    (
        "Allegro fees, pl",
        "Allegro pobiera 10,5% prowizji w kategorii Dom i Ogród plus 1 zł za wystawienie. Sprzedaję doniczkę za 49,99 zł. Ile mi zostaje przy zakupie za 18 zł?",
    ),
    (
        "InPost sizes, pl",
        "Paczkomaty InPost: gabaryt A 8 × 38 × 64 cm, B 19 × 38 × 64 cm, C 41 × 38 × 64 cm. Moje pudełko ma 12 × 30 × 40 cm, jaki gabaryt wybrać?",
    ),
    (
        "KSeF deadline, pl",
        "Od kiedy obowiązkowy KSeF dla małych firm? Wystawiam ok. 60 faktur miesięcznie w programie wFirma, wersja z marca 2024.",
    ),
    (
        "shop hours, pl",
        "Godziny otwarcia w Wigilię: 9:00-13:00, 25-26 grudnia zamknięte, 31 grudnia 9:00-15:00. Przygotuj post na Facebooka.",
    ),
    # --- Turkish ---
    (
        "Trendyol commission, tr",
        "Trendyol'da giyim kategorisinde komisyon %21,5, kargo 54,90 TL. 399 TL'lik elbiseden ne kalır, maliyet 150 TL?",
    ),
    (
        "e-invoice limit, tr",
        "e-Arşiv fatura sınırı 2024 için 5.000 TL mi? Günlük 40-50 satış yapıyorum, ortalama sepet 320 TL.",
    ),
    (
        "working hours, tr",
        "Ramazan Bayramı'nda 10-12 Nisan kapalıyız, 13 Nisan'dan itibaren 09:00-21:00 açığız. Müşterilere SMS metni yazar mısın?",
    ),
    (
        "barcode, tr",
        f"Yeni ürünün barkodu {ean_tr}, ama kasa programı 'ürün bulunamadı' diyor. Barkodu elle nasıl eklerim?",
    ),
    # --- Russian / Ukrainian ---
    (
        "Ozon metrics, ru",
        "На Ozon за неделю: 1 940 показов карточки, 212 переходов, 31 заказ, выкуп 87 %. Рейтинг 4,8. Что улучшить в карточке в первую очередь?",
    ),
    (
        "54-FZ receipt, ru",
        "Онлайн-касса Эвотор выдаёт ошибку «ФН переполнен» (код 235). Фискальный накопитель на 15 месяцев, стоит с марта 2023. Что делать?",
    ),
    (
        "delivery pricing, ru",
        "СДЭК: до 1 кг 390 ₽, до 3 кг 520 ₽, до 5 кг 690 ₽. Почта: 320 ₽, 450 ₽, 610 ₽. Какую доставку сделать по умолчанию?",
    ),
    (
        "holiday schedule, ru",
        "График работы на майские: 1 мая и 9 мая выходной, 2-8 мая с 10:00 до 18:00. Сделай объявление для группы ВКонтакте.",
    ),
    (
        "Prom.ua fees, uk",
        "Prom.ua бере 7 % комісії за замовлення, Rozetka — 12 %. Светр коштує 1 200 грн, собівартість 540 грн. Де вигідніше продавати?",
    ),
    (
        "power outage schedule, uk",
        "Графік відключень світла: 08:00–12:00 і 18:00–22:00. Кавʼярня має генератор на 5 кВт. Які прилади можна тримати увімкненими?",
    ),
    (
        "Nova Poshta tariffs, uk",
        "Нова Пошта: посилка до 2 кг — 70 грн, до 10 кг — 105 грн, плюс 20 грн + 2 % за післяплату. Скільки вийде за 3 кг з післяплатою 900 грн?",
    ),
    # --- Greek ---
    (
        "menu translation, el",
        "Μετάφρασε στα αγγλικά: «Μουσακάς 12,50 €, Γεμιστά 10,00 €, Χωριάτικη 9,50 €, Κρασί χύμα 1/2 λ. 6,00 €». Για τον κατάλογο του καλοκαιριού.",
    ),
    (
        "VAT islands, el",
        "Ο ΦΠΑ στα νησιά με μειωμένο συντελεστή είναι 17% αντί 24%; Έχουμε κατάστημα στη Λέρο. Τι ισχύει για το 2024;",
    ),
    (
        "myDATA error, el",
        "Το myDATA επιστρέφει σφάλμα 101 «Invalid XML» όταν στέλνω τα τιμολόγια του μήνα (84 παραστατικά). Τι να ελέγξω;",
    ),
    # --- Arabic ---
    (
        "Salla store stats, ar",
        "إحصائيات متجري على سلة هذا الشهر: 2,430 زيارة، 96 طلب، متوسط السلة 185 ريال، نسبة التحويل 3.9٪. هل هذه نسبة جيدة لمتجر عطور؟",
    ),
    (
        "VAT invoice fields, ar",
        "ما الحقول المطلوبة في الفاتورة الضريبية المبسطة حسب المرحلة الثانية من الفوترة الإلكترونية؟ ضريبة القيمة المضافة 15٪ ومبيعاتي اليومية حوالي 60 فاتورة.",
    ),
    (
        "Ramadan hours, ar",
        "مواعيد العمل في رمضان: من 8 مساءً حتى 2 فجراً، والجمعة من 9 مساءً. اكتب لي إعلاناً قصيراً للإنستغرام.",
    ),
    (
        "shipping prices, ar-EG",
        "سعر الشحن لبوسطة: القاهرة والجيزة 55 جنيه، الإسكندرية 65 جنيه، الصعيد 80 جنيه. الطلب أقل من 500 جنيه. أعمل جدول للأسعار؟",
    ),
    (
        "dimensions, ar",
        "مقاسات الطاولة: 120 × 80 × 75 سم، الوزن 22 كغ، الخشب زان، مدة التصنيع 10 أيام عمل. اكتب وصف منتج قصير.",
    ),
    # --- Hebrew ---
    (
        "VAT rate change, he",
        'המע"מ עולה מ-17% ל-18% בינואר 2025. איך מעדכנים את המחירים בקופה בלי לעגל את כל המחירים ל-x.90?',
    ),
    (
        "shop hours, he",
        "שעות פתיחה לחגים: ערב ראש השנה 08:00–13:00, ראש השנה סגור, חול המועד 09:00–19:00. תנסח הודעה ללקוחות.",
    ),
    (
        "delivery company rates, he",
        'חברת השליחויות גובה 32 ₪ למשלוח עד 5 ק"ג ו-45 ₪ עד 10 ק"ג. משלוח חינם מעל 250 ₪ משתלם לי אם הרווח הממוצע 60 ₪?',
    ),
    # --- Hindi / Bengali / Tamil ---
    (
        "GST rates, hi",
        "कपड़ों पर GST 1000 रुपये तक 5% और उससे ऊपर 12% है। मेरा कुर्ता 1,099 रुपये का है, डिस्काउंट के बाद 989 रुपये में बिकता है। कौन सा रेट लगेगा?",
    ),
    (
        "Flipkart fees, hi",
        "Flipkart पर commission 9%, fixed fee ₹20, shipping ₹65 लगता है। ₹799 की साड़ी पर मुझे कितना मिलेगा अगर लागत ₹410 है?",
    ),
    (
        "Diwali sale plan, hi",
        "दिवाली सेल 28 अक्टूबर से 3 नवंबर तक: 20% छूट, ₹1,499 से ऊपर फ्री डिलीवरी, कोड DIWALI20. WhatsApp ब्रॉडकास्ट का मैसेज लिख दो।",
    ),
    (
        "size chart, hi/en",
        'Size chart: S – chest 36", M – 38", L – 40", XL – 42", XXL – 44". Isko Hindi aur English dono mein product page ke liye bana do.',
    ),
    (
        "Eid sale, bn",
        "ঈদ অফার: সব পাঞ্জাবিতে ১৫% ছাড়, ২০০০ টাকার উপরে ফ্রি ডেলিভারি, অফার চলবে ৫ থেকে ১০ এপ্রিল পর্যন্ত। ফেসবুক পোস্ট লিখে দাও।",
    ),
    (
        "delivery charges, bn",
        "ডেলিভারি চার্জ: ঢাকার ভিতরে ৬০ টাকা, ঢাকার বাইরে ১২০ টাকা, ১ কেজির বেশি হলে প্রতি কেজি ২০ টাকা বেশি। এটা টেবিল করে দাও।",
    ),
    (
        "Pongal offer, ta",
        "பொங்கல் சிறப்பு தள்ளுபடி: ஜனவரி 13 முதல் 16 வரை எல்லா பட்டுப் புடவைகளுக்கும் 10% தள்ளுபடி. Instagram-க்கு ஒரு caption எழுதுங்கள்.",
    ),
    (
        "price list, ta",
        "விலை பட்டியல்: இட்லி ₹10, தோசை ₹40, பொங்கல் ₹50, காபி ₹20. நவம்பர் 1 முதல் ₹5 அதிகரிக்கும். புதிய பட்டியல் தயார் செய்யுங்கள்.",
    ),
    # --- Thai ---
    (
        "Shopee fees, th",
        "Shopee เก็บค่าธรรมเนียมการขาย 5.35% + ค่าธุรกรรม 3.21% เสื้อราคา 390 บาท ทุน 150 บาท จะได้กำไรเท่าไหร่คะ",
    ),
    (
        "Songkran closing, th",
        "ร้านปิดช่วงสงกรานต์ 13-15 เมษายน เปิดอีกครั้ง 16 เมษายน เวลา 10:00-20:00 ช่วยเขียนประกาศในเพจให้หน่อย",
    ),
    (
        "menu prices, th",
        "เมนูใหม่: ชาไทย 45 บาท กาแฟเย็น 55 บาท โกโก้ 50 บาท เพิ่มไข่มุก 10 บาท ช่วยแปลเป็นภาษาอังกฤษสำหรับนักท่องเที่ยว",
    ),
    # --- Korean ---
    (
        "smart store metrics, ko",
        "스마트스토어 지난달: 방문 3,812명, 구매 142건, 전환율 3.7%, 객단가 28,400원. 상세페이지 개선 포인트 알려 주세요.",
    ),
    (
        "Chuseok shipping cutoff, ko",
        "추석 택배 마감: 9월 11일(수) 오후 2시 주문까지 연휴 전 출고, 9월 14일~18일 휴무, 19일부터 순차 발송. 공지문 써 주세요.",
    ),
    (
        "card fee rates, ko",
        "영세 가맹점 카드 수수료가 0.5%라던데, 연 매출 2억 8천만 원이면 영세에 해당하나요?",
    ),
    (
        "menu board, ko",
        "메뉴판: 아메리카노 4,000원, 카페라떼 4,500원, 바닐라라떼 5,000원, 샷 추가 500원. 영어 메뉴도 같이 만들어 주세요.",
    ),
    # --- Japanese ---
    (
        "Rakuten sale, ja",
        "楽天スーパーセールは6月4日20:00から6月11日1:59まで。ポイント5倍と10%OFFクーポン、どちらが効果的ですか？",
    ),
    (
        "invoice system, ja",
        "インボイス制度で、3万円未満の公共交通機関の領収書は不要と聞きました。うちのカフェの仕入れ（税込8,640円）の場合は？",
    ),
    (
        "shipping sizes, ja",
        "ヤマト運輸の60サイズは3辺合計60cm・2kgまで、80サイズは80cm・5kgまで。うちの箱は30×20×15cmで1.8kgです。何サイズ？",
    ),
    (
        "Golden Week hours, ja",
        "ゴールデンウィークの営業：4月27日〜29日は通常営業、5月3日〜6日は休業。お知らせ文を作ってください。",
    ),
    (
        "JAN code, ja",
        f"新商品のJANコードは {ean_jp} です。レジに登録したら「重複コード」と出ました。どう確認すればいいですか？",
    ),
    (
        "tax rates, ja",
        "テイクアウトは消費税8%、イートインは10%。税込価格を統一して540円にしたいのですが、本体価格はそれぞれいくら？",
    ),
    # --- Chinese simplified ---
    (
        "Taobao metrics, zh-Hans",
        "上个月淘宝店：访客 8,920，支付买家 356，转化率 3.99%，客单价 128 元，退款率 4.2%。帮我分析一下问题在哪。",
    ),
    (
        "Double 11 plan, zh-Hans",
        "双十一活动：10月31日20:00开始预售，定金 50 元抵 100 元，11月11日0点付尾款。帮我写一个活动说明。",
    ),
    (
        "WeChat Pay fees, zh-Hans",
        "微信支付费率 0.6%，上个月流水 86,400 元，手续费多少？能申请 0.38% 吗？",
    ),
    (
        "product spec, zh-Hans",
        "产品参数：304 不锈钢保温杯，容量 500 ml，重量 320 g，保温 12 小时，尺寸 7.2×24 cm。帮我写一段详情页文案。",
    ),
    (
        "Spring Festival schedule, zh-Hans",
        "春节放假安排：2月8日至2月17日停止发货，2月18日起恢复，期间订单按付款顺序发出。帮我写个店铺公告。",
    ),
    (
        "1688 wholesale tiers, zh-Hans",
        "1688 上的批发价：1-99 件 12.5 元，100-499 件 10.8 元，500 件以上 9.6 元。我要 300 件加运费 85 元，单价是多少？",
    ),
    # --- Chinese traditional ---
    (
        "Shopee Taiwan fees, zh-Hant",
        "蝦皮成交手續費 5.5%、金流服務費 2%，一件 680 元的洋裝，成本 290 元，我能賺多少？",
    ),
    (
        "Lunar New Year closing, zh-Hant",
        "農曆年公休：2月8日至2月14日，2月15日起正常出貨。幫我寫一則粉專公告，語氣親切一點。",
    ),
    (
        "menu, zh-Hant",
        "菜單：滷肉飯 小 35 元／大 50 元、貢丸湯 30 元、燙青菜 40 元。幫我翻成英文給觀光客看。",
    ),
    (
        "e-invoice QR size, zh-Hant",
        "電子發票證明聯的 QR Code 要多大？我們用 58mm 感熱紙，印表機是 XPrinter XP-58IIH。",
    ),
    # --- Georgian, Armenian, Amharic ---
    (
        "wine shop prices, ka",
        "ღვინის ფასები: საფერავი 2021 — 28 ლარი, რქაწითელი 2022 — 22 ლარი, ქინძმარაული — 35 ლარი. ინგლისურად მთარგმნე ტურისტებისთვის.",
    ),
    (
        "holiday hours, ka",
        "საახალწლო გრაფიკი: 31 დეკემბერს ვმუშაობთ 10:00-დან 16:00-მდე, 1-2 იანვარს დაკეტილია. დამიწერე განცხადება.",
    ),
    (
        "VAT threshold, ka",
        "დღგ-ს რეგისტრაციის ზღვარი 100 000 ლარია. ჩვენი ბრუნვა 12 თვეში 86 400 ლარია. როდის უნდა დავრეგისტრირდეთ?",
    ),
    (
        "price list, hy",
        "Գնացուցակ՝ սուրճ 800 դրամ, թեյ 600 դրամ, գաթա 1 200 դրամ։ Թարգմանիր անգլերեն և ռուսերեն։",
    ),
    (
        "delivery zones, hy",
        "Առաքում՝ Կենտրոն 500 դրամ, Արաբկիր և Դավթաշեն 800 դրամ, այլ վարչական շրջաններ 1 000 դրամ։ 15 000 դրամից ավել պատվերների դեպքում՝ անվճար։",
    ),
    (
        "opening hours, hy",
        "Խանութի աշխատանքային ժամերը՝ երկուշաբթիից շաբաթ 10:00–20:00, կիրակի 11:00–18:00։ Գրիր հայտարարություն Ֆեյսբուքի համար։",
    ),
    (
        "coffee prices, am",
        "የቡና ዋጋ፦ ማኪያቶ 40 ብር፣ ቡና 30 ብር፣ ሻይ 20 ብር። ከመስከረም 1 ጀምሮ 10% ጭማሪ ይኖራል። ማስታወቂያ ጻፍልኝ።",
    ),
    (
        "Ethiopian holiday closing, am",
        "በመስቀል በዓል (መስከረም 17) ሱቃችን ዝግ ነው፣ በማግስቱ ከጠዋቱ 2:00 ጀምሮ ክፍት ነን። ለቴሌግራም ቻናላችን መልዕክት ጻፍልኝ።",
    ),
    (
        "fabric sizes, am",
        "የጨርቅ መጠን፦ ነጠላ 2.5 ሜትር፣ ጋቢ 3 ሜትር፣ ቀሚስ 4 ሜትር። ዋጋው በሜትር 350 ብር ነው። ጠቅላላ ዋጋ አስላልኝ።",
    ),
    # --- Indonesian, Malay, Vietnamese, Tagalog, Swahili ---
    (
        "Tokopedia fees, id",
        "Biaya layanan Tokopedia 4% maks Rp40.000 per produk, ongkir subsidi Rp10.000. Kalau jual tas Rp250.000 modal Rp120.000, untung berapa?",
    ),
    (
        "Lebaran closing, id",
        "Toko libur Lebaran tanggal 8-15 April, pesanan setelah 5 April dikirim mulai 16 April. Tolong buatkan pengumuman di Instagram.",
    ),
    (
        "QRIS MDR, id",
        "MDR QRIS untuk usaha mikro 0,3% untuk transaksi di atas Rp100.000. Sebulan saya dapat Rp24.500.000 dari QRIS, potongannya berapa?",
    ),
    (
        "Shopee Malaysia sale, ms",
        "Jualan 11.11 di Shopee: baucar RM5 untuk belian melebihi RM50, penghantaran percuma Semenanjung. Tolong tulis kapsyen ringkas.",
    ),
    (
        "Shopee Vietnam fees, vi",
        "Phí cố định Shopee 4%, phí thanh toán 4%, phí dịch vụ Freeship Xtra 6%. Áo giá 199.000đ, vốn 85.000đ thì lời bao nhiêu?",
    ),
    (
        "Tet closing, vi",
        "Shop nghỉ Tết từ 28 tháng Chạp đến mùng 6, đơn đặt sau ngày 25/1 sẽ giao từ 15/2. Viết giúp mình thông báo trên fanpage.",
    ),
    (
        "menu translation, vi",
        "Menu: phở bò 55.000đ, bún chả 50.000đ, cà phê sữa đá 25.000đ, trà đá 5.000đ. Dịch sang tiếng Anh cho khách du lịch.",
    ),
    (
        "Lazada fees, tl",
        "Sa Lazada, commission 4% plus payment fee 2%. Kung ang damit ay ₱450 at puhunan ay ₱180, magkano ang kita ko bawat order?",
    ),
    (
        "Christmas sale, tl",
        "Christmas sale namin Dec 15-24: 20% off lahat ng bag, free shipping Metro Manila pag ₱1,500 pataas. Gawa ka ng FB post.",
    ),
    (
        "M-Pesa tariffs, sw",
        "Ada za Lipa na M-Pesa Till kwa mfanyabiashara ni 0.55%. Mauzo yangu ya mwezi ni KSh 420,000. Nitalipa ada kiasi gani?",
    ),
    (
        "market day prices, sw",
        "Bei za leo sokoni: nyanya KSh 80 kwa kilo, vitunguu KSh 120, sukuma wiki KSh 20 kwa fungu. Niandikie tangazo la WhatsApp.",
    ),
    # --- Swedish, Czech, Romanian, Finnish, Danish, Norwegian ---
    (
        "Swish fees, sv",
        "Swish Företag kostar 1,50–3 kr per betalning beroende på bank. Vi har ca 900 Swish-betalningar i månaden i caféet. Vad blir det per år?",
    ),
    (
        "Midsommar hours, sv",
        "Midsommarafton 21 juni stängt, midsommardagen 11–16, sedan vanliga tider 10–18. Skriv en skylt till dörren.",
    ),
    (
        "Shoptet fees, cs",
        "Shoptet Business stojí 1 590 Kč měsíčně, platební brána 1,2 % + 2 Kč. Při obratu 180 000 Kč měsíčně, kolik zaplatím celkem?",
    ),
    (
        "EET/VAT, cs",
        "Jsme v Česku neplátci DPH, obrat 1,6 mil. Kč za rok. Limit pro registraci k DPH je od roku 2025 2 mil. Kč? Kdy se musíme registrovat?",
    ),
    (
        "eMAG commission, ro",
        "eMAG Marketplace are comision de 16% la electrocasnice mici. Un blender la 299 lei, cost 165 lei — cât îmi rămâne?",
    ),
    (
        "Easter schedule, ro",
        "Programul de Paște: Vinerea Mare 10:00–15:00, duminică și luni închis, marți program normal 09:00–19:00. Scrie-mi un anunț.",
    ),
    (
        "MobilePay fees, da",
        "MobilePay koster 0,75 % + 0,25 kr per transaktion for vores lille kaffebar. Vi har 2.300 transaktioner om måneden à gennemsnitligt 48 kr. Hvad bliver gebyret?",
    ),
    (
        "Finnish VAT change, fi",
        "Arvonlisävero nousee 24 prosentista 25,5 prosenttiin 1.9.2024. Miten päivitän hinnat kassajärjestelmään niin, että hinnat pysyvät tasalukuina?",
    ),
    (
        "Vipps fees, no",
        "Vipps tar 1,75 % + 0,50 kr per betaling i nettbutikken. Med 640 ordre i måneden à snitt 410 kr, hva blir det totalt?",
    ),
    # --- Persian, Urdu ---
    (
        "Nowruz closing, fa",
        "فروشگاه از ۲۸ اسفند تا ۵ فروردین تعطیل است و سفارش‌ها از ۶ فروردین ارسال می‌شوند. یک اطلاعیه کوتاه برای اینستاگرام بنویس.",
    ),
    (
        "price update, fa",
        "قیمت‌های جدید: دفتر ۱۰۰ برگ ۸۵ هزار تومان، خودکار ۱۲ هزار تومان، مداد رنگی ۱۲ رنگ ۱۴۰ هزار تومان. جدول مرتب کن.",
    ),
    (
        "Eid sale, ur",
        "عید سیل: تمام سوٹس پر 25٪ رعایت، 3000 روپے سے زیادہ کی خریداری پر مفت ڈیلیوری، 8 سے 12 اپریل تک۔ فیس بک پوسٹ لکھ دیں۔",
    ),
    (
        "delivery charges, ur",
        "ڈیلیوری چارجز: لاہور کے اندر 150 روپے، دوسرے شہروں میں 250 روپے، 2 کلو سے زیادہ پر 100 روپے اضافی۔ ٹیبل بنا دیں۔",
    ),
    # --- config, logs and tables without secrets ---
    (
        "POS JSON config without secrets, en",
        "Which of these settings makes the receipt print twice?\n"
        + json.dumps(
            {
                "currency": "EUR",
                "tax_inclusive": True,
                "rounding": 0.05,
                "receipt_copies": 1,
                "print_kitchen_ticket": True,
                "printer_model": "TM-m30III",
                "timeout_ms": 15000,
                "footer": "Thank you, see you soon!",
            },
            indent=2,
        ),
    ),
    (
        "Symfony YAML with env placeholders, de",
        "Reicht das so, oder muss der Schlüssel doch in die Datei?\n\nmollie:\n    api_key: '%env(MOLLIE_API_KEY)%'\n    locale: de_DE\n    methods: [ideal, creditcard, paypal]\n    webhook_path: /payment/mollie/notify",
    ),
    (
        "curl to a public FX API, en",
        'curl -s "https://api.frankfurter.app/latest?from=EUR&to=USD,GBP,CHF"\n\nreturns {"amount":1.0,"base":"EUR","date":"2024-06-14","rates":{"USD":1.0721,"GBP":0.8443,"CHF":0.9571}}. How do I use this to show prices in three currencies?',
    ),
    (
        "worker log without personal data, en",
        "2024-06-12T03:14:07Z INFO worker=3 job=sync_inventory items=1842 duration_ms=9312 status=ok\n2024-06-12T03:29:07Z WARN worker=3 job=sync_inventory items=0 duration_ms=30000 status=timeout\nwhy would the second run time out with zero items?",
    ),
    (
        "shipping zones by postcode range, es",
        "Zonas de envío de la tienda: zona 1 códigos 28001–28080 (2,95 €), zona 2 de 28100 a 28999 (4,50 €), resto de península 6,90 €, Baleares 12,00 €. ¿Cómo lo configuro en Shopify?",
    ),
    (
        "stock table, en",
        "| SKU | On hand | Reorder at | Lead time |\n|---|---|---|---|\n| MUG-STN-12 | 34 | 20 | 14 days |\n| MUG-STN-16 | 8 | 20 | 14 days |\n| BWL-RND-6 | 51 | 25 | 21 days |\nWhich items should I reorder this week?",
    ),
    (
        "public holidays India, en-IN",
        "Shop closed on national holidays this year: Republic Day 26 Jan, Holi 25 Mar, Independence Day 15 Aug, Gandhi Jayanti 2 Oct, Diwali 1 Nov. Can you make a notice for the counter?",
    ),
    (
        "event ticket sales, en",
        "Pottery night tickets: 38 of 45 sold at £32, doors 18:30, class 19:00-21:30, clay and glaze included. Write a 'last 7 spots' post.",
    ),
    (
        "shipping container ETA, en",
        "Our pallet of ceramics is in container MSCU 482915 1 on the MSC Aurora, ETA Felixstowe 14 Oct, then 3-5 days by road. When should I open pre-orders?",
    ),
    (
        "fully masked email in back office, fr",
        "Le module RGPD affiche l'adresse comme c*******@g****.com et le téléphone comme +33 6 ** ** ** **. Comment je fais pour exporter quand même la liste des commandes sans ces infos ?",
    ),
    (
        "tax rate TSV, de",
        "Steuersätze für die Kasse als TSV, stimmt das so?\nWarengruppe\tSatz\tKassentaste\nSpeisen außer Haus\t7 %\tF1\nGetränke\t19 %\tF2\nZeitschriften\t7 %\tF3\nPfand\t0 %\tF4",
    ),
    (
        "POS app version, ja",
        "レジアプリのバージョン 3.12.0（ビルド 4471）に更新したら、iPad（iPadOS 17.5.1）でレシートプリンター TM-m30III が認識されません。",
    ),
]

for ctx, text in NEG:
    N(ctx, text)


# ===========================================================================
# write
# ===========================================================================

R.shuffle(ROWS)
texts = [r["text"] for r in ROWS]
assert len(texts) == len(set(texts)), "duplicate text"

with OUT.open("w", encoding="utf-8", newline="\n") as fh:
    for r in ROWS:
        fh.write(json.dumps(r, ensure_ascii=False) + "\n")

print(f"wrote {len(ROWS)} rows to {OUT.name}")
print(Counter(r["category"] for r in ROWS))
print(Counter(r["kind"] for r in ROWS))
