# ruff: noqa: E501
"""Blind scrub corpus #14: people at work talking to a persona chat assistant.

Written blind. While writing this file nothing of the scrubber was opened:
not its source (the ``lifelong/`` package), not ``tests/``, ``docs/``,
``bench/scrub.py``, any README or CHANGELOG, and no other file of
``bench/data/scrub/`` except lines 1-70 of ``make_blind5.py`` (read only for
the row format and the ``add``/``S``/``P``/``N`` helpers). The scrubber was
never run while this corpus was made. Everything here comes from general
knowledge of what people type or paste into a chat assistant at work and of
the public shapes of credentials and personal data.

Theme: HR and payroll staff, IT helpdesk, clinic and pharmacy front desks,
school offices, estate agents and landlords, lawyers' assistants,
accountants, logistics dispatchers, call-centre agents, on-call developers
and shop managers, in about thirty languages and locales. They paste
tickets, spreadsheet rows, form fields, e-mails, log lines, config files,
meeting notes, onboarding checklists and customer records.

Deterministic: every random value comes from one seeded ``random.Random``,
so running ``python bench/data/scrub/make_blind14.py`` again writes the same
``blind14.jsonl`` (next to this script) byte for byte. Standard library only.

One JSON object per line::

    {"text": str, "category": "secret" | "pii" | "negative", "kind": str,
     "secrets": [str, ...], "context": str}

``secrets`` holds exact substrings of ``text`` (each at least 6 characters)
that must not survive scrubbing; a turn counts as caught only when every
listed substring is gone. Negatives have kind ``"negative"`` and an empty
list: nothing in them is secret or personal, and they must come out
unchanged. Names of people may appear in secret and pii rows but are never
listed; only identifiers are. No published test values (test card numbers,
documented example keys, reserved example domains, fictional phone ranges)
are used: values are random in the right shape, and check digits (Luhn,
mod 97, mod 11, Verhoeff, national schemes) are computed here.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import random
import string
import unicodedata
from collections import Counter
from pathlib import Path

R = random.Random(14_2026_1207)
OUT = Path(__file__).with_name("blind14.jsonl")

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


# ---------------------------------------------------------------------------
# random helpers
# ---------------------------------------------------------------------------


def rs(alpha: str, n: int) -> str:
    return "".join(R.choice(alpha) for _ in range(n))


def rd(n: int) -> str:
    return rs(DG, n)


def rdn(n: int) -> str:
    return R.choice("123456789") + rd(n - 1)


def rhex(n: int) -> str:
    return rs(HX, n)


def pick(seq):
    return R.choice(seq)


def rbytes(n: int) -> bytes:
    return bytes(R.getrandbits(8) for _ in range(n))


def b64(n: int) -> str:
    return base64.b64encode(rbytes(n)).decode()


def b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def grp(s: str, sizes: list[int], sep: str = " ") -> str:
    out, i = [], 0
    for k in sizes:
        out.append(s[i : i + k])
        i += k
    assert i == len(s), (s, sizes)
    return sep.join(out)


def chunks(s: str, k: int, sep: str = " ") -> str:
    return sep.join(s[i : i + k] for i in range(0, len(s), k))


def ruuid() -> str:
    h = rhex(32)
    h = h[:12] + "4" + h[13:16] + pick("89ab") + h[17:]
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def money(x: float, dec: str = ".", thou: str = ",") -> str:
    s = f"{x:,.2f}"
    return s.replace(",", "\0").replace(".", dec).replace("\0", thou)


def rdate(y0: int = 1958, y1: int = 2004) -> tuple[int, int, int]:
    return R.randint(y0, y1), R.randint(1, 12), R.randint(1, 28)


def dmy(t: tuple[int, int, int], sep: str = "/") -> str:
    y, m, d = t
    return f"{d:02d}{sep}{m:02d}{sep}{y}"


def mdy(t: tuple[int, int, int]) -> str:
    y, m, d = t
    return f"{m:02d}/{d:02d}/{y}"


def ymd(t: tuple[int, int, int], sep: str = "-") -> str:
    y, m, d = t
    return f"{y}{sep}{m:02d}{sep}{d:02d}"


def fold(s: str) -> str:
    s = s.replace("ł", "l").replace("Ł", "L").replace("ø", "o").replace("Ø", "O")
    s = s.replace("æ", "ae").replace("ß", "ss").replace("đ", "d").replace("ı", "i")
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c))


# ---------------------------------------------------------------------------
# check digits
# ---------------------------------------------------------------------------


def luhn_sum(num: str) -> int:
    total = 0
    for i, ch in enumerate(reversed(num)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10


def luhn_ok(num: str) -> bool:
    return luhn_sum(num) == 0


def luhn_digit(payload: str) -> str:
    return str((10 - luhn_sum(payload + "0")) % 10)


def not_luhn(n: int) -> str:
    """A random digit string of length n that fails Luhn (for negatives)."""
    while True:
        v = rdn(n)
        if not luhn_ok(v):
            return v


def card(prefix: str, length: int) -> str:
    while True:
        body = prefix + rd(length - len(prefix) - 1)
        num = body + luhn_digit(body)
        if len(set(num[len(prefix) :])) > 4:
            assert luhn_ok(num)
            return num


def card_fmt(num: str) -> str:
    if len(num) == 15:
        return grp(num, [4, 6, 5])
    return chunks(num, 4)


def ean_digit(payload: str) -> str:
    s = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(payload))
    return str((10 - s % 10) % 10)


def icao_digit(s: str) -> str:
    vals = []
    for c in s:
        if c.isdigit():
            vals.append(int(c))
        elif c == "<":
            vals.append(0)
        else:
            vals.append(ord(c) - 55)
    return str(sum(v * (7, 3, 1)[i % 3] for i, v in enumerate(vals)) % 10)


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
    [9, 4, 5, 3, 1, 2, 7, 8, 6, 0],
    [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
    [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
    [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
]
VINV = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9]


def verhoeff_digit(num: str) -> str:
    c = 0
    for i, ch in enumerate(reversed(num)):
        c = VD[c][VP[(i + 1) % 8][int(ch)]]
    return str(VINV[c])


def verhoeff_ok(num: str) -> bool:
    c = 0
    for i, ch in enumerate(reversed(num)):
        c = VD[c][VP[i % 8][int(ch)]]
    return c == 0


def b36num(s: str) -> int:
    return int("".join(str(int(c, 36)) for c in s))


def mk_iban(cc: str, bban: str) -> str:
    chk = 98 - b36num(bban + cc + "00") % 97
    iban = f"{cc}{chk:02d}{bban}"
    assert b36num(iban[4:] + iban[:4]) % 97 == 1
    return iban


def iban_print(iban: str) -> str:
    return chunks(iban, 4)


# Italian odd-position table shared by the codice fiscale and the CIN of an IBAN.
CF_ODD = {
    **dict(zip("0123456789", [1, 0, 5, 7, 9, 13, 15, 17, 19, 21], strict=True)),
    **dict(
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
    ),
}


def cf_even(c: str) -> int:
    return int(c) if c.isdigit() else ord(c) - 65


def it_check(s: str) -> str:
    total = sum(CF_ODD[c] if i % 2 == 0 else cf_even(c) for i, c in enumerate(s))
    return chr(65 + total % 26)


# ---------------------------------------------------------------------------
# bank accounts
# ---------------------------------------------------------------------------


def bban_de() -> str:
    return pick("12345678") + rd(7) + rd(10)


def bban_gb() -> str:
    return pick(["BARC", "LOYD", "NWBK", "HBUK", "MIDL", "NAIA", "MONZ", "SRLG"]) + rd(6) + rd(8)


def bban_fr() -> str:
    bank = pick(["30004", "30003", "30002", "10278", "20041", "30066", "11306"])
    branch = rd(5)
    acct = rd(11)
    key = 97 - ((89 * int(bank) + 15 * int(branch) + 3 * int(acct)) % 97)
    return f"{bank}{branch}{acct}{key:02d}"


ES_W = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]


def es_dc(ten: str) -> int:
    r = 11 - sum(int(d) * w for d, w in zip(ten, ES_W, strict=True)) % 11
    return 0 if r == 11 else 1 if r == 10 else r


def bban_es() -> str:
    bank = pick(["2100", "0049", "0182", "0081", "2085", "0128", "1465"])
    branch = rd(4)
    acct = rd(10)
    return f"{bank}{branch}{es_dc('00' + bank + branch)}{es_dc(acct)}{acct}"


def bban_it() -> str:
    abi = pick(["03069", "02008", "05034", "07601", "03062", "01030"])
    cab = rd(5)
    conto = rd(12)
    rest = abi + cab + conto
    return it_check(rest) + rest


def bban_nl() -> str:
    while True:
        acct = "0" + rdn(9)
        if sum(int(d) * w for d, w in zip(acct, range(10, 0, -1), strict=True)) % 11 == 0:
            return pick(["ABNA", "RABO", "INGB", "SNSB", "ASNB", "TRIO", "BUNQ", "KNAB"]) + acct


def bban_be() -> str:
    first = pick(["001", "063", "068", "310", "363", "735", "751", "973", "096"]) + rd(7)
    chk = int(first) % 97 or 97
    return f"{first}{chk:02d}"


def bban_pl() -> str:
    bank = pick(["1020", "1050", "1140", "1240", "1090", "1160", "2490"]) + rd(3)
    chk = (10 - sum(int(d) * w for d, w in zip(bank, [3, 9, 7, 1, 3, 9, 7], strict=True)) % 10) % 10
    return f"{bank}{chk}{rd(16)}"


def cz_acct() -> tuple[str, str]:
    w = [6, 3, 7, 9, 10, 5, 8, 4, 2, 1]
    while True:
        a = "0" + rdn(9)
        if sum(int(d) * x for d, x in zip(a, w, strict=True)) % 11 == 0:
            bank = pick(["0800", "0100", "0300", "2010", "0600", "5500", "3030"])
            return bank, a


def bban_cz() -> str:
    bank, acct = cz_acct()
    return bank + "000000" + acct


def hu_group(digits: str) -> str:
    w = [9, 7, 3, 1]
    s = sum(int(d) * w[i % 4] for i, d in enumerate(digits))
    return digits + str((10 - s % 10) % 10)


def bban_hu() -> str:
    g1 = hu_group(pick(["117", "104", "120", "116", "109", "107"]) + rd(4))
    g2 = hu_group(rd(15))
    return g1 + g2


def bban_no() -> str:
    w = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]
    while True:
        ten = rdn(10)
        r = 11 - sum(int(d) * x for d, x in zip(ten, w, strict=True)) % 11
        if r == 10:
            continue
        return ten + str(0 if r == 11 else r)


def bban_pt() -> str:
    body = pick(["0035", "0033", "0007", "0010", "0036", "0018"]) + rd(4) + rd(11)
    chk = 98 - (int(body) * 100) % 97
    return f"{body}{chk:02d}"


BBAN = {
    "DE": bban_de,
    "GB": bban_gb,
    "FR": bban_fr,
    "ES": bban_es,
    "IT": bban_it,
    "NL": bban_nl,
    "BE": bban_be,
    "PL": bban_pl,
    "CZ": bban_cz,
    "HU": bban_hu,
    "RO": lambda: pick(["BTRL", "RNCB", "BRDE", "INGB", "RZBR", "BACX"]) + rs(UP + DG, 16),
    "SE": lambda: pick(["500", "800", "300", "600"]) + rd(17),
    "NO": bban_no,
    "DK": lambda: rdn(4) + rd(10),
    "FI": lambda: pick(["1", "2", "5", "8"]) + rd(13),
    "GR": lambda: pick(["011", "017", "026", "014"]) + rd(4) + rd(16),
    "TR": lambda: pick(["00010", "00012", "00046", "00062", "00064"]) + "0" + rd(16),
    "PT": bban_pt,
    "AT": lambda: pick(["12000", "20111", "14000", "32000", "19043"]) + rd(11),
    "CH": lambda: pick(["00762", "00235", "00700", "80808", "09000"]) + rd(12),
    "SA": lambda: pick(["80", "10", "20", "45", "05"]) + rd(18),
    "IL": lambda: pick(["010", "012", "020", "011"]) + rd(3) + rd(13),
    "EG": lambda: pick(["0019", "0002", "0003", "0037"]) + rd(4) + rd(17),
    "UA": lambda: pick(["305299", "322001", "300335", "380805"]) + rd(19),
    "BR": lambda: rd(8) + rd(5) + rd(10) + "C1",
    "AE": lambda: pick(["033", "026", "035", "030"]) + rd(16),
    "PK": lambda: pick(["HABB", "MUCB", "UNIL", "ALFH", "MEZN"]) + rd(16),
}


def iban(cc: str) -> str:
    return mk_iban(cc, BBAN[cc]())


def aba() -> str:
    while True:
        eight = pick(["0", "1", "2", "3"]) + rd(7)
        if not ("01" <= eight[:2] <= "12" or "21" <= eight[:2] <= "32"):
            continue
        for last in DG:
            n = eight + last
            s = (
                3 * (int(n[0]) + int(n[3]) + int(n[6]))
                + 7 * (int(n[1]) + int(n[4]) + int(n[7]))
                + (int(n[2]) + int(n[5]) + int(n[8]))
            )
            if s % 10 == 0:
                return n


def nuban() -> tuple[str, str]:
    bank = pick(["058", "044", "057", "011", "033", "232", "214"])
    serial = rd(9)
    w = [3, 7, 3, 3, 7, 3, 3, 7, 3, 3, 7, 3]
    s = sum(int(d) * x for d, x in zip(bank + serial, w, strict=True))
    return bank, serial + str((10 - s % 10) % 10)


def clabe() -> str:
    body = pick(["002", "012", "014", "072", "021", "127"]) + rd(3) + rd(11)
    w = [3, 7, 1]
    s = sum((int(d) * w[i % 3]) % 10 for i, d in enumerate(body))
    return body + str((10 - s % 10) % 10)


def ma_rib() -> str:
    body = pick(["007", "011", "145", "230", "190"]) + rd(3) + rd(16)
    key = 97 - (int(body) * 100) % 97
    return f"{body}{key:02d}"


# ---------------------------------------------------------------------------
# national identifiers (check digits computed here)
# ---------------------------------------------------------------------------


def us_ssn() -> str:
    while True:
        a = R.randint(1, 899)
        if a == 666:
            continue
        v = f"{a:03d}-{R.randint(1, 99):02d}-{R.randint(1, 9999):04d}"
        if v not in ("078-05-1120", "219-09-9999", "123-45-6789"):
            return v


def us_itin() -> str:
    return f"9{rd(2)}-{pick(['70', '71', '78', '83', '88', '90', '92', '94', '97'])}-{rd(4)}"


def us_mbi() -> str:
    a = "ACDEFGHJKMNPQRTUVWXY"
    an = a + DG
    s = (
        pick("123456789")
        + pick(a)
        + pick(an)
        + pick(DG)
        + pick(a)
        + pick(an)
        + pick(DG)
        + pick(a)
        + pick(a)
        + pick(DG)
        + pick(DG)
    )
    return f"{s[:4]}-{s[4:7]}-{s[7:]}"


def uk_nino() -> str:
    while True:
        p = pick("ABCEGHJKLMNOPRSTWXYZ") + pick("ABCEGHJKLMNPRSTWXYZ")
        if p not in ("BG", "GB", "NK", "KN", "TN", "NT", "ZZ"):
            break
    d = rd(6)
    return f"{p} {d[:2]} {d[2:4]} {d[4:]} {pick('ABCD')}"


def nhs_no() -> str:
    while True:
        d = pick("467") + rd(8)
        c = 11 - sum(int(x) * w for x, w in zip(d, range(10, 1, -1), strict=True)) % 11
        if c == 10:
            continue
        n = d + str(0 if c == 11 else c)
        return f"{n[:3]} {n[3:6]} {n[6:]}"


def uk_dl(first: str, last: str, t: tuple[int, int, int], male: bool) -> str:
    y, m, d = t
    sur = (fold(last).upper().replace(" ", "").replace("'", "").replace("-", "") + "99999")[:5]
    mm = m if male else m + 50
    return f"{sur}{str(y)[2]}{mm:02d}{d:02d}{str(y)[3]}{fold(first)[0].upper()}99{rs(UP, 2)}"


def aadhaar() -> str:
    d = pick("23456789") + rd(10)
    n = d + verhoeff_digit(d)
    assert verhoeff_ok(n)
    return f"{n[:4]} {n[4:8]} {n[8:]}"


def pan(last: str) -> str:
    return rs(UP, 3) + "P" + fold(last)[0].upper() + rd(4) + pick(UP)


def au_tfn() -> str:
    w = [1, 4, 3, 7, 5, 8, 6, 9, 10]
    while True:
        e = rdn(8)
        s = sum(int(c) * x for c, x in zip(e, w, strict=False))
        last = s % 11
        if last <= 9:
            n = e + str(last)
            assert sum(int(c) * x for c, x in zip(n, w, strict=True)) % 11 == 0
            return f"{n[:3]} {n[3:6]} {n[6:]}"


def au_medicare() -> str:
    e = pick("23456") + rd(7)
    c = sum(int(x) * w for x, w in zip(e, [1, 3, 7, 9, 1, 3, 7, 9], strict=True)) % 10
    n = e + str(c) + pick("123")
    return f"{n[:4]} {n[4:9]} {n[9]}"


def ca_sin() -> str:
    e = pick("1234567") + rd(7)
    n = e + luhn_digit(e)
    return f"{n[:3]} {n[3:6]} {n[6:]}"


def ca_ohip() -> str:
    e = pick("123456789") + rd(8)
    n = e + luhn_digit(e)
    return f"{n[:4]}-{n[4:7]}-{n[7:]}-{rs('ABCDEFGHJKLMNPRSTVWXYZ', 2)}"


def za_id(t: tuple[int, int, int], male: bool) -> str:
    y, m, d = t
    g = R.randint(5000, 9999) if male else R.randint(0, 4999)
    body = f"{y % 100:02d}{m:02d}{d:02d}{g:04d}08"
    return body + luhn_digit(body)


DNI_L = "TRWAGMYFPDXBNJZSQVHLCKE"


def es_dni() -> str:
    n = R.randint(10_000_000, 79_999_999)
    return f"{n:08d}{DNI_L[n % 23]}"


def es_nie() -> str:
    p = pick("XYZ")
    n = rd(7)
    return f"{p}{n}{DNI_L[int(str('XYZ'.index(p)) + n) % 23]}"


def es_nss() -> str:
    prov = pick(["28", "08", "46", "41", "48", "29"])
    num = rdn(8)
    return f"{prov}/{num}/{int(prov + num) % 97:02d}"


CURP_CH = "0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ"
RFC_CH = "0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ Ñ"


def _first_vowel(w: str) -> str:
    return next((c for c in w[1:] if c in "AEIOU"), "X")


def _inner_cons(w: str) -> str:
    return next((c for c in w[1:] if c.isalpha() and c not in "AEIOU"), "X")


def mx_curp(ap1: str, ap2: str, nombre: str, t: tuple[int, int, int], male: bool) -> str:
    a1, a2, n = (fold(x).upper().replace(" ", "") for x in (ap1, ap2, nombre.split()[0]))
    y, m, d = t
    state = pick(["DF", "JC", "NL", "PL", "GT", "MC", "VZ", "YN"])
    homo = pick(DG) if y < 2000 else pick(UP)
    body = f"{a1[0]}{_first_vowel(a1)}{a2[0]}{n[0]}{y % 100:02d}{m:02d}{d:02d}{'H' if male else 'M'}{state}{_inner_cons(a1)}{_inner_cons(a2)}{_inner_cons(n)}{homo}"
    s = sum(CURP_CH.index(c) * (18 - i) for i, c in enumerate(body))
    return body + str((10 - s % 10) % 10)


def mx_rfc(curp: str) -> str:
    body = curp[:10] + rs("ABCDEFGHJKLMNPRSTUVWXYZ123456789", 2)
    r = 11 - sum(RFC_CH.index(c) * (13 - i) for i, c in enumerate(body)) % 11
    return body + ("0" if r == 11 else "A" if r == 10 else str(r))


def cl_rut() -> str:
    body = str(R.randint(8_000_000, 24_999_999))
    s, m = 0, 2
    for ch in reversed(body):
        s += int(ch) * m
        m = 2 if m == 7 else m + 1
    r = 11 - s % 11
    dv = "0" if r == 11 else "K" if r == 10 else str(r)
    return f"{int(body):,}".replace(",", ".") + "-" + dv


def co_cedula() -> str:
    return f"{R.randint(1_000_000_000, 1_110_000_000):,}".replace(",", ".")


def br_cpf() -> str:
    while True:
        d = [R.randint(0, 9) for _ in range(9)]
        if len(set(d)) > 2:
            break
    for n in (10, 11):
        r = sum(x * w for x, w in zip(d, range(n, 1, -1), strict=True)) * 10 % 11
        d.append(0 if r == 10 else r)
    s = "".join(map(str, d))
    return f"{s[:3]}.{s[3:6]}.{s[6:9]}-{s[9:]}"


def br_pis() -> str:
    b = pick("12") + rd(9)
    c = 11 - sum(int(x) * w for x, w in zip(b, [3, 2, 9, 8, 7, 6, 5, 4, 3, 2], strict=True)) % 11
    n = b + str(0 if c >= 10 else c)
    return f"{n[:3]}.{n[3:8]}.{n[8:10]}-{n[10]}"


def br_cns() -> str:
    while True:
        b = pick("789") + rd(13)
        s = sum(int(x) * (15 - i) for i, x in enumerate(b))
        last = (-s) % 11
        if last <= 9:
            n = b + str(last)
            assert sum(int(x) * (15 - i) for i, x in enumerate(n)) % 11 == 0
            return f"{n[:3]} {n[3:7]} {n[7:11]} {n[11:]}"


def pt_nif() -> str:
    b = pick("123") + rd(7)
    r = sum(int(c) * w for c, w in zip(b, range(9, 1, -1), strict=True)) % 11
    return b + str(0 if r < 2 else 11 - r)


def pt_niss() -> str:
    b = pick("12") + rd(9)
    w = [29, 23, 19, 17, 13, 11, 7, 5, 3, 2]
    return b + str(9 - sum(int(x) * y for x, y in zip(b, w, strict=True)) % 10)


def pt_cc() -> str:
    n = rd(8)
    r = sum(int(c) * w for c, w in zip(n, range(9, 1, -1), strict=True)) % 11
    c1 = 0 if r < 2 else 11 - r
    ver = pick(["ZZ", "ZY", "ZX", "ZW"])
    body = f"{n}{c1}{ver}"
    for c2 in DG:
        s = 0
        for i, ch in enumerate(reversed(body + c2)):
            v = int(ch, 36)
            if i % 2 == 1:
                v *= 2
                if v > 9:
                    v -= 9
            s += v
        if s % 10 == 0:
            return f"{n} {c1} {ver}{c2}"
    raise AssertionError


def fr_nir(t: tuple[int, int, int], male: bool) -> str:
    y, m, _ = t
    dep = pick(["75", "69", "13", "59", "33", "31", "44", "67", "92", "93", "38"])
    body = (
        f"{1 if male else 2}{y % 100:02d}{m:02d}{dep}{R.randint(1, 999):03d}{R.randint(1, 999):03d}"
    )
    key = 97 - int(body) % 97
    return f"{body[0]} {body[1:3]} {body[3:5]} {body[5:7]} {body[7:10]} {body[10:13]} {key:02d}"


def be_rrn(t: tuple[int, int, int], male: bool) -> str:
    y, m, d = t
    seq = 2 * R.randint(0, 497) + (1 if male else 2)
    base = f"{y % 100:02d}{m:02d}{d:02d}{seq:03d}"
    n = int(("2" + base) if y >= 2000 else base)
    return f"{base[:2]}.{base[2:4]}.{base[4:6]}-{base[6:9]}.{97 - n % 97:02d}"


def mod11_10(digits: str) -> int:
    p = 10
    for ch in digits:
        s = (int(ch) + p) % 10
        if s == 0:
            s = 10
        p = (s * 2) % 11
    c = 11 - p
    return 0 if c == 10 else c


def de_steuer_id() -> str:
    while True:
        vals = R.sample(range(10), 9)
        ds = [*vals, pick(vals)]
        R.shuffle(ds)
        if ds[0] != 0:
            s = "".join(map(str, ds))
            return s + str(mod11_10(s))


AUSWEIS = "0123456789CFGHJKLMNPRTVWXYZ"


def de_ausweis() -> str:
    n = pick("CFGHJKLMNPRTVWXYZ") + rs(AUSWEIS, 8)
    return n + icao_digit(n)


def de_rvnr(t: tuple[int, int, int], last: str, male: bool) -> str:
    y, m, d = t
    area = pick(["12", "13", "15", "18", "23", "24", "28", "38", "42", "53", "65"])
    serial = f"{R.randint(0, 49) if male else R.randint(50, 99):02d}"
    letter = fold(last).upper()[0]
    digits = f"{area}{d:02d}{m:02d}{y % 100:02d}{ord(letter) - 64:02d}{serial}"
    w = [2, 1, 2, 5, 7, 1, 2, 1, 2, 1, 2, 1]
    s = sum(sum(divmod(int(c) * x, 10)) for c, x in zip(digits, w, strict=True))
    return f"{area} {d:02d}{m:02d}{y % 100:02d} {letter} {serial}{s % 10}"


def de_kvnr() -> str:
    letter = pick(UP)
    n8 = rd(8)
    digits = f"{ord(letter) - 64:02d}{n8}"
    s = sum(sum(divmod(int(c) * (1 if i % 2 == 0 else 2), 10)) for i, c in enumerate(digits))
    return f"{letter}{n8}{s % 10}"


def at_svnr(t: tuple[int, int, int]) -> str:
    y, m, d = t
    dob = f"{d:02d}{m:02d}{y % 100:02d}"
    while True:
        ser = str(R.randint(100, 999))
        c = (
            sum(int(x) * w for x, w in zip(ser + dob, [3, 7, 9, 5, 8, 4, 2, 1, 6], strict=True))
            % 11
        )
        if c != 10:
            return f"{ser}{c} {dob}"


def ch_ahv() -> str:
    body = "756" + rd(9)
    n = body + ean_digit(body)
    return f"{n[:3]}.{n[3:7]}.{n[7:11]}.{n[11:]}"


def _cf_part(word: str, is_name: bool) -> str:
    w = fold(word).upper()
    cons = [c for c in w if c.isalpha() and c not in "AEIOU"]
    vows = [c for c in w if c in "AEIOU"]
    if is_name and len(cons) >= 4:
        cons = [cons[0], cons[2], cons[3]]
    return "".join([*cons, *vows, "X", "X", "X"])[:3]


def it_cf(first: str, last: str, t: tuple[int, int, int], male: bool) -> str:
    y, m, d = t
    body = (
        _cf_part(last, False)
        + _cf_part(first, True)
        + f"{y % 100:02d}"
        + "ABCDEHLMPRST"[m - 1]
        + f"{d if male else d + 40:02d}"
        + pick(["H501", "F205", "F839", "L219", "G273", "A944", "D612", "D969", "L736", "A662"])
    )
    return body + it_check(body)


def nl_bsn() -> str:
    while True:
        b = pick("1236") + rd(7)
        last = sum(int(c) * w for c, w in zip(b, range(9, 1, -1), strict=True)) % 11
        if last < 10:
            return b + str(last)


def pl_pesel(t: tuple[int, int, int], male: bool) -> str:
    y, m, d = t
    mm = m + (20 if y >= 2000 else 0)
    ser = rd(3) + str(pick([1, 3, 5, 7, 9]) if male else pick([0, 2, 4, 6, 8]))
    b = f"{y % 100:02d}{mm:02d}{d:02d}{ser}"
    s = sum(int(c) * w for c, w in zip(b, [1, 3, 7, 9, 1, 3, 7, 9, 1, 3], strict=True))
    return b + str((10 - s % 10) % 10)


def pl_nip() -> str:
    while True:
        b = rdn(9)
        c = sum(int(x) * w for x, w in zip(b, [6, 5, 7, 2, 3, 4, 5, 6, 7], strict=True)) % 11
        if c != 10:
            return f"{b[:3]}-{b[3:6]}-{b[6:8]}-{b[8]}{c}"


def pl_dowod() -> str:
    letters = rs(UP, 3)
    dgs = rd(5)
    s = sum((ord(c) - 55) * w for c, w in zip(letters, [7, 3, 1], strict=True))
    s += sum(int(c) * w for c, w in zip(dgs, [7, 3, 1, 7, 3], strict=True))
    return f"{letters}{s % 10}{dgs}"


def cz_rc(t: tuple[int, int, int], male: bool) -> str:
    y, m, d = t
    while True:
        b = f"{y % 100:02d}{m + (0 if male else 50):02d}{d:02d}{rd(3)}"
        c = int(b) % 11
        if c != 10:
            assert int(b + str(c)) % 11 == 0
            return f"{b[:6]}/{b[6:]}{c}"


def hu_taj() -> str:
    b = rdn(8)
    s = sum(int(c) * (3 if i % 2 == 0 else 7) for i, c in enumerate(b))
    n = b + str(s % 10)
    return f"{n[:3]} {n[3:6]} {n[6:]}"


def days_since(t: tuple[int, int, int], epoch: tuple[int, int, int]) -> int:
    from datetime import date

    return (date(*t) - date(*epoch)).days


def hu_adoazonosito(t: tuple[int, int, int]) -> str:
    days = days_since(t, (1867, 1, 1))
    while True:
        b = f"8{days:05d}{rd(3)}"
        c = sum(int(x) * (i + 1) for i, x in enumerate(b)) % 11
        if c != 10:
            return b + str(c)


def ro_cnp(t: tuple[int, int, int], male: bool) -> str:
    y, m, d = t
    s = (1 if male else 2) if y < 2000 else (5 if male else 6)
    b = f"{s}{y % 100:02d}{m:02d}{d:02d}{pick(['40', '41', '42', '12', '22', '35', '32', '04'])}{R.randint(1, 999):03d}"
    c = sum(int(x) * int(w) for x, w in zip(b, "279146358279", strict=True)) % 11
    return b + ("1" if c == 10 else str(c))


def se_pnr(t: tuple[int, int, int]) -> str:
    y, m, d = t
    base = f"{y % 100:02d}{m:02d}{d:02d}{rd(3)}"
    return f"{base[:6]}-{base[6:]}{luhn_digit(base)}"


def no_fnr(t: tuple[int, int, int]) -> str:
    y, m, d = t
    while True:
        ind = R.randint(0, 499) if y < 2000 else R.randint(500, 999)
        ds = [int(c) for c in f"{d:02d}{m:02d}{y % 100:02d}{ind:03d}"]
        k1 = 11 - sum(a * b for a, b in zip(ds, [3, 7, 6, 1, 8, 9, 4, 5, 2], strict=True)) % 11
        k1 = 0 if k1 == 11 else k1
        if k1 == 10:
            continue
        ds.append(k1)
        k2 = 11 - sum(a * b for a, b in zip(ds, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2], strict=True)) % 11
        k2 = 0 if k2 == 11 else k2
        if k2 == 10:
            continue
        return "".join(map(str, ds)) + str(k2)


def dk_cpr(t: tuple[int, int, int]) -> str:
    y, m, d = t
    w = [4, 3, 2, 7, 6, 5, 4, 3, 2]
    while True:
        nine = f"{d:02d}{m:02d}{y % 100:02d}{pick('0123') if y < 2000 else '4'}{rd(2)}"
        last = (-sum(int(c) * x for c, x in zip(nine, w, strict=True))) % 11
        if last <= 9:
            return f"{nine[:6]}-{nine[6:]}{last}"


def fi_hetu(t: tuple[int, int, int]) -> str:
    y, m, d = t
    ind = f"{R.randint(2, 899):03d}"
    n = int(f"{d:02d}{m:02d}{y % 100:02d}{ind}")
    return f"{d:02d}{m:02d}{y % 100:02d}{'-' if y < 2000 else 'A'}{ind}{'0123456789ABCDEFHJKLMNPRSTUVWXY'[n % 31]}"


def gr_amka(t: tuple[int, int, int]) -> str:
    y, m, d = t
    b = f"{d:02d}{m:02d}{y % 100:02d}{rd(4)}"
    return b + luhn_digit(b)


def gr_afm() -> str:
    e = pick("01") + rd(7)
    s = sum(int(c) * 2 ** (8 - i) for i, c in enumerate(e))
    return e + str(s % 11 % 10)


def tr_tckn() -> str:
    d = [R.randint(1, 9)] + [R.randint(0, 9) for _ in range(8)]
    d.append(((d[0] + d[2] + d[4] + d[6] + d[8]) * 7 - (d[1] + d[3] + d[5] + d[7])) % 10)
    d.append(sum(d) % 10)
    return "".join(map(str, d))


def ru_snils() -> str:
    while True:
        n = rd(9)
        if int(n) <= 1_001_998:
            continue
        s = sum(int(c) * (9 - i) for i, c in enumerate(n))
        if s > 101:
            s %= 101
        c = 0 if s in (100, 101) else s
        return f"{n[:3]}-{n[3:6]}-{n[6:]} {c:02d}"


def ru_inn12() -> str:
    d = [int(c) for c in pick(["77", "78", "50", "54", "66", "16", "23"]) + rd(8)]
    d.append(sum(a * b for a, b in zip(d, [7, 2, 4, 10, 3, 5, 9, 4, 6, 8], strict=True)) % 11 % 10)
    d.append(
        sum(a * b for a, b in zip(d, [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8], strict=True)) % 11 % 10
    )
    return "".join(map(str, d))


def ua_rnokpp(t: tuple[int, int, int], male: bool) -> str:
    days = days_since(t, (1899, 12, 31))
    base = f"{days:05d}{rd(3)}{pick('13579') if male else pick('02468')}"
    c = sum(int(a) * b for a, b in zip(base, [-1, 5, 7, 9, 4, 6, 10, 5, 7], strict=True)) % 11 % 10
    return base + str(c)


def ua_unzr(t: tuple[int, int, int]) -> str:
    y, m, d = t
    b = f"{y}{m:02d}{d:02d}{rd(4)}"
    c = sum(int(x) * (7, 3, 1)[i % 3] for i, x in enumerate(b)) % 10
    return f"{b[:8]}-{b[8:]}{c}"


def eg_nid(t: tuple[int, int, int], male: bool) -> str:
    y, m, d = t
    gov = pick(["01", "02", "21", "12", "13", "16", "88"])
    return f"{2 if y < 2000 else 3}{y % 100:02d}{m:02d}{d:02d}{gov}{rd(3)}{pick('13579') if male else pick('02468')}{rd(1)}"


def sa_id(resident: bool = False) -> str:
    b = ("2" if resident else "1") + rd(8)
    return b + luhn_digit(b)


def il_tz() -> str:
    b = rd(8)
    return b + luhn_digit(b)


CN_W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def cn_id(t: tuple[int, int, int], male: bool) -> str:
    y, m, d = t
    seq = f"{R.randint(0, 99):02d}{pick('13579') if male else pick('02468')}"
    body = (
        pick(["110105", "310104", "440305", "330106", "510107", "420106", "320102"])
        + f"{y}{m:02d}{d:02d}{seq}"
    )
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, CN_W, strict=True)) % 11]


TW_L = dict(
    A=10,
    B=11,
    C=12,
    D=13,
    E=14,
    F=15,
    G=16,
    H=17,
    J=18,
    K=19,
    L=20,
    M=21,
    N=22,
    P=23,
    Q=24,
    R=25,
    S=26,
    T=27,
    U=28,
    V=29,
    X=30,
    Y=31,
    W=32,
    Z=33,
    I=34,
    O=35,
)


def tw_id(male: bool) -> str:
    letter = pick("ABEFHJ")
    body = ("1" if male else "2") + rd(7)
    v = TW_L[letter]
    s = (
        v // 10
        + (v % 10) * 9
        + sum(int(c) * w for c, w in zip(body, [8, 7, 6, 5, 4, 3, 2, 1], strict=True))
    )
    return letter + body + str((10 - s % 10) % 10)


def jp_my_number() -> str:
    d = rdn(11)
    s = 0
    for n in range(1, 12):
        s += int(d[11 - n]) * (n + 1 if n <= 6 else n - 5)
    r = s % 11
    n = d + str(0 if r <= 1 else 11 - r)
    return f"{n[:4]} {n[4:8]} {n[8:]}"


def kr_rrn(t: tuple[int, int, int], male: bool) -> str:
    y, m, d = t
    g = (1 if male else 2) if y < 2000 else (3 if male else 4)
    body = f"{y % 100:02d}{m:02d}{d:02d}{g}{rd(5)}"
    s = sum(int(c) * w for c, w in zip(body, [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5], strict=True))
    return f"{body[:6]}-{body[6:]}{(11 - s % 11) % 10}"


def th_id() -> str:
    body = pick("1358") + rd(11)
    s = sum(int(c) * (13 - i) for i, c in enumerate(body))
    n = body + str((11 - s % 11) % 10)
    return f"{n[0]}-{n[1:5]}-{n[5:10]}-{n[10:12]}-{n[12]}"


def id_nik(t: tuple[int, int, int], male: bool) -> str:
    y, m, d = t
    region = pick(["317401", "327302", "357808", "337410", "517102", "327506"])
    return f"{region}{d if male else d + 40:02d}{m:02d}{y % 100:02d}{R.randint(1, 999):04d}"


def my_mykad(t: tuple[int, int, int], male: bool) -> str:
    y, m, d = t
    return f"{y % 100:02d}{m:02d}{d:02d}-{pick(['14', '10', '01', '07', '08', '12', '13'])}-{rd(3)}{pick('13579') if male else pick('02468')}"


def pk_cnic(male: bool) -> str:
    return f"{pick(['35202', '42101', '61101', '37405', '17301'])}-{rd(7)}-{pick('13579') if male else pick('2468')}"


def vn_cccd(t: tuple[int, int, int], male: bool) -> str:
    y, _, _ = t
    g = (0 if male else 1) if y < 2000 else (2 if male else 3)
    return f"{pick(['001', '079', '048', '031', '092'])}{g}{y % 100:02d}{rd(6)}"


def mrz(
    country: str,
    surname: str,
    given: str,
    number: str,
    t_dob: tuple[int, int, int],
    male: bool,
    t_exp: tuple[int, int, int],
) -> tuple[str, str]:
    country = (country + "<<")[:3]
    l1 = f"P<{country}{fold(surname).upper().replace(' ', '<')}<<{fold(given).upper().replace(' ', '<')}"
    l1 = (l1 + "<" * 44)[:44]
    dob = f"{t_dob[0] % 100:02d}{t_dob[1]:02d}{t_dob[2]:02d}"
    exp = f"{t_exp[0] % 100:02d}{t_exp[1]:02d}{t_exp[2]:02d}"
    num = (number + "<" * 9)[:9]
    opt = "<" * 14
    a = num + icao_digit(num)
    b = dob + icao_digit(dob)
    c = exp + icao_digit(exp)
    o = opt + icao_digit(opt)
    l2 = a + country + b + ("M" if male else "F") + c + o + icao_digit(a + b + c + o)
    assert len(l1) == 44 and len(l2) == 44, (l1, l2)
    return l1, l2


# ---------------------------------------------------------------------------
# people
# ---------------------------------------------------------------------------

# locale: (male first names, female first names, surnames[, female surnames]);
# "native=ascii" where the script is not Latin.
NAMES: dict[str, tuple[str, ...]] = {
    "en-US": (
        "James|Tyler|Brandon|Luis|Dwayne|Kevin|Marcus",
        "Maria|Keisha|Ashley|Megan|Courtney|Brittany",
        "Johnson|Ramirez|Walsh|Okafor|Patterson|Nguyen|Brooks|Kowalski|Henderson",
    ),
    "en-GB": (
        "Oliver|Callum|Jack|Harpreet|Rhys|Owen",
        "Amelia|Siobhan|Fiona|Chloe|Bethany|Nadia",
        "Thompson|Evans|MacLeod|Begum|Hughes|Clarke|Ashworth|Pritchard",
    ),
    "en-IN": (
        "Rahul|Vikram|Arjun|Karthik|Sandeep",
        "Priya|Ananya|Sneha|Deepika|Lakshmi",
        "Sharma|Iyer|Reddy|Nair|Gupta|Kulkarni|Banerjee",
    ),
    "en-AU": (
        "Liam|Mitchell|Brodie|Jayden|Hamish",
        "Chloe|Sienna|Matilda|Tahlia|Grace",
        "Kelly|Harris|O'Brien|Papadopoulos|Nguyen|McKenzie|Tran",
    ),
    "en-CA": (
        "Ethan|Mathieu|Gurpreet|Noah|Connor",
        "Emma|Chantal|Jasleen|Olivia|Avery",
        "Tremblay|Campbell|Singh|MacDonald|Leblanc|Wong|Fraser",
    ),
    "en-NG": (
        "Chinedu|Tunde|Emeka|Ibrahim|Segun",
        "Aisha|Ngozi|Funmilayo|Chiamaka|Halima",
        "Okonkwo|Adeyemi|Bello|Eze|Balogun|Okafor|Abubakar",
    ),
    "en-ZA": (
        "Thabo|Pieter|Sipho|Johan|Kagiso",
        "Lerato|Zanele|Annelie|Nomvula|Chantelle",
        "Nkosi|van der Merwe|Dlamini|Botha|Mokoena|Naidoo|Pillay",
    ),
    "es-ES": (
        "Javier|Alejandro|Sergio|Jordi|Iker",
        "Lucía|Carmen|Nerea|Marta|Aitana",
        "García|Fernández|López|Martínez|Sánchez|Iglesias|Navarro|Rubio",
    ),
    "es-MX": (
        "José Luis|Alejandro|Eduardo|Ricardo|Juan Carlos",
        "Guadalupe|Fernanda|Ximena|Mariana|Daniela",
        "Hernández|González|Ramírez|Flores|Morales|Cruz|Vázquez|Castillo",
    ),
    "es-CO": (
        "Andrés|Juan Pablo|Santiago|Camilo|Felipe",
        "Valentina|Paula|Natalia|Catalina|Daniela",
        "Rodríguez|Gómez|Ospina|Restrepo|Cárdenas|Muñoz|Quintero",
    ),
    "es-CL": (
        "Matías|Benjamín|Cristóbal|Ignacio|Rodrigo",
        "Constanza|Javiera|Francisca|Camila|Catalina",
        "Muñoz|Rojas|Soto|Contreras|Silva|Araya|Valenzuela|Pizarro",
    ),
    "pt-BR": (
        "João Pedro|Lucas|Rafael|Thiago|Gustavo",
        "Ana Beatriz|Juliana|Larissa|Fernanda|Camila",
        "Silva|Santos|Oliveira|Souza|Pereira|Carvalho|Almeida|Ribeiro",
    ),
    "pt-PT": (
        "Tiago|Rui|Duarte|Gonçalo|Nuno",
        "Inês|Beatriz|Mariana|Joana|Catarina",
        "Ferreira|Costa|Rodrigues|Martins|Sousa|Gomes|Lopes|Marques",
    ),
    "fr-FR": (
        "Julien|Mathieu|Kevin|Nicolas|Thomas",
        "Camille|Léa|Sophie|Manon|Chloé|Aurélie",
        "Martin|Bernard|Dubois|Lefèvre|Moreau|Girard|Fontaine|Roux",
    ),
    "fr-BE": (
        "Maxime|Arnaud|Quentin|Olivier",
        "Élise|Justine|Charlotte|Marie",
        "Peeters|Dupont|Lambert|Dubois|Jacobs|Leclercq|Renard",
    ),
    "fr-CA": (
        "Étienne|Jean-François|Samuel|Félix",
        "Geneviève|Marie-Ève|Chloé|Audrey",
        "Tremblay|Gagnon|Roy|Bouchard|Gauthier|Lavoie|Pelletier",
    ),
    "de-DE": (
        "Jonas|Lukas|Tobias|Mehmet|Florian|Stefan",
        "Lena|Anna|Katharina|Julia|Sabine|Leonie",
        "Müller|Schmidt|Schneider|Fischer|Weber|Becker|Wagner|Hoffmann|Yılmaz",
    ),
    "de-AT": (
        "Maximilian|Florian|Lukas|Dominik",
        "Sarah|Lea|Johanna|Verena",
        "Gruber|Huber|Bauer|Wagner|Pichler|Steiner|Moser|Hofer",
    ),
    "de-CH": (
        "Luca|Noah|Reto|Urs",
        "Mia|Nina|Andrea|Seraina",
        "Meier|Keller|Brunner|Baumann|Frei|Zimmermann|Gerber",
    ),
    "it-IT": (
        "Luca|Marco|Alessandro|Giuseppe|Matteo",
        "Giulia|Chiara|Francesca|Sara|Martina",
        "Rossi|Russo|Ferrari|Esposito|Bianchi|Romano|Colombo|Ricci|Greco",
    ),
    "nl-NL": (
        "Daan|Sem|Thijs|Bram|Jeroen",
        "Emma|Sanne|Fleur|Lotte|Anouk",
        "de Jong|Jansen|de Vries|van den Berg|Bakker|Visser|Smit|Meijer",
    ),
    "pl-PL": (
        "Piotr|Krzysztof|Tomasz|Łukasz|Michał",
        "Anna|Katarzyna|Magdalena|Agnieszka|Zofia",
        "Nowak|Kowalski|Wiśniewski|Wójcik|Kamiński|Lewandowski|Zieliński",
        "Nowak|Kowalska|Wiśniewska|Wójcik|Kamińska|Lewandowska|Zielińska",
    ),
    "cs-CZ": (
        "Jan|Petr|Tomáš|Jakub|Martin",
        "Tereza|Eva|Lucie|Kateřina|Veronika",
        "Novák|Svoboda|Dvořák|Černý|Procházka|Kučera",
        "Nováková|Svobodová|Dvořáková|Černá|Procházková|Kučerová",
    ),
    "hu-HU": (
        "László|Bence|Gábor|Zoltán|Balázs",
        "Eszter|Anna|Réka|Zsófia|Katalin",
        "Nagy|Kovács|Tóth|Szabó|Horváth|Varga|Kiss|Molnár",
    ),
    "ro-RO": (
        "Andrei|Mihai|Alexandru|Ionuț|Bogdan",
        "Ioana|Elena|Andreea|Maria|Alexandra",
        "Popescu|Ionescu|Popa|Dumitru|Stan|Stoica|Gheorghe|Munteanu",
    ),
    "sv-SE": (
        "Erik|Oskar|Johan|Anders|Mohammed",
        "Elin|Maja|Linnea|Sara|Karin",
        "Andersson|Johansson|Karlsson|Nilsson|Eriksson|Lindqvist|Berg",
    ),
    "nb-NO": (
        "Ole|Magnus|Henrik|Sindre|Jonas",
        "Ingrid|Nora|Kari|Silje|Ida",
        "Hansen|Johansen|Olsen|Larsen|Berg|Haugen|Bakken|Solberg",
    ),
    "da-DK": (
        "Mads|Rasmus|Frederik|Søren|Mikkel",
        "Mette|Sofie|Ida|Freja|Camilla",
        "Nielsen|Jensen|Hansen|Pedersen|Andersen|Kristensen|Møller",
    ),
    "fi-FI": (
        "Mikko|Juha|Antti|Eero|Ville",
        "Aino|Laura|Emilia|Johanna|Sanna",
        "Korhonen|Virtanen|Mäkinen|Nieminen|Heikkinen|Laine|Lehtonen",
    ),
    "el-GR": (
        "Γιώργος=Giorgos|Νίκος=Nikos|Κώστας=Kostas|Δημήτρης=Dimitris",
        "Μαρία=Maria|Ελένη=Eleni|Κατερίνα=Katerina|Σοφία=Sofia",
        "Παπαδόπουλος=Papadopoulos|Οικονόμου=Oikonomou|Γεωργίου=Georgiou|Νικολάου=Nikolaou|Καραγιάννης=Karagiannis",
        "Παπαδοπούλου=Papadopoulou|Οικονόμου=Oikonomou|Γεωργίου=Georgiou|Νικολάου=Nikolaou|Καραγιάννη=Karagianni",
    ),
    "tr-TR": (
        "Mehmet|Emre|Burak|Mustafa|Can",
        "Ayşe|Zeynep|Elif|Fatma|Merve",
        "Yılmaz|Kaya|Demir|Şahin|Çelik|Yıldız|Aydın|Öztürk",
    ),
    "ru-RU": (
        "Дмитрий=Dmitry|Алексей=Aleksey|Сергей=Sergey|Иван=Ivan|Андрей=Andrey",
        "Анна=Anna|Екатерина=Ekaterina|Ольга=Olga|Мария=Maria|Наталья=Natalya",
        "Смирнов=Smirnov|Иванов=Ivanov|Кузнецов=Kuznetsov|Попов=Popov|Соколов=Sokolov|Волков=Volkov",
        "Смирнова=Smirnova|Иванова=Ivanova|Кузнецова=Kuznetsova|Попова=Popova|Соколова=Sokolova|Волкова=Volkova",
    ),
    "uk-UA": (
        "Олександр=Oleksandr|Андрій=Andrii|Тарас=Taras|Богдан=Bohdan",
        "Олена=Olena|Оксана=Oksana|Ірина=Iryna|Наталія=Nataliia",
        "Шевченко=Shevchenko|Коваленко=Kovalenko|Бондаренко=Bondarenko|Ткаченко=Tkachenko|Мельник=Melnyk|Кравчук=Kravchuk",
    ),
    "ar-EG": (
        "محمد=Mohamed|أحمد=Ahmed|مصطفى=Mostafa|كريم=Karim",
        "فاطمة=Fatma|نورهان=Nourhan|ياسمين=Yasmin|منى=Mona",
        "عبد الرحمن=Abdelrahman|السيد=Elsayed|حسن=Hassan|إبراهيم=Ibrahim|سليمان=Soliman",
    ),
    "ar-SA": (
        "عبدالله=Abdullah|فهد=Fahad|خالد=Khalid|سعود=Saud",
        "نورة=Noura|ريم=Reem|سارة=Sara|هيفاء=Haifa",
        "القحطاني=Alqahtani|العتيبي=Alotaibi|الشمري=Alshammari|الغامدي=Alghamdi|الدوسري=Aldosari",
    ),
    "ar-MA": (
        "يوسف=Youssef|حمزة=Hamza|عمر=Omar|مهدي=Mehdi",
        "خديجة=Khadija|سلمى=Salma|إيمان=Imane|هند=Hind",
        "بناني=Bennani|العلوي=Alaoui|التازي=Tazi|الإدريسي=Idrissi|برادة=Berrada",
    ),
    "he-IL": (
        "יוסי=Yossi|דניאל=Daniel|איתי=Itai|אבי=Avi",
        "נועה=Noa|מיכל=Michal|שירה=Shira|רותם=Rotem",
        "כהן=Cohen|לוי=Levi|מזרחי=Mizrahi|פרץ=Peretz|ביטון=Biton|אברהם=Avraham",
    ),
    "hi-IN": (
        "राहुल=Rahul|अमित=Amit|सुरेश=Suresh|विकास=Vikas",
        "पूजा=Pooja|नेहा=Neha|सुनीता=Sunita|कविता=Kavita",
        "शर्मा=Sharma|वर्मा=Verma|सिंह=Singh|यादव=Yadav|मिश्रा=Mishra|गुप्ता=Gupta",
    ),
    "bn-BD": (
        "রফিক=Rafiq|তানভীর=Tanvir|আরিফ=Arif|সাকিব=Sakib",
        "নুসরাত=Nusrat|ফারহানা=Farhana|তাসলিমা=Taslima|সুমাইয়া=Sumaiya",
        "রহমান=Rahman|হোসেন=Hossain|ইসলাম=Islam|আহমেদ=Ahmed|চৌধুরী=Chowdhury",
    ),
    "ur-PK": (
        "عمران=Imran|بلال=Bilal|عثمان=Usman|فیصل=Faisal",
        "عائشہ=Ayesha|صبا=Saba|ماہین=Maheen|حرا=Hira",
        "خان=Khan|قریشی=Qureshi|چوہدری=Chaudhry|ملک=Malik|شیخ=Sheikh",
    ),
    "zh-CN": (
        "建国=Jianguo|伟=Wei|浩然=Haoran|志强=Zhiqiang",
        "丽娜=Lina|婷婷=Tingting|晓燕=Xiaoyan|欣怡=Xinyi",
        "王=Wang|李=Li|张=Zhang|刘=Liu|陈=Chen|杨=Yang|黄=Huang",
    ),
    "zh-TW": (
        "冠宇=Kuan-Yu|家豪=Chia-Hao|承恩=Cheng-En",
        "怡君=Yi-Chun|雅婷=Ya-Ting|佩珊=Pei-Shan",
        "陳=Chen|林=Lin|黃=Huang|張=Chang|李=Lee|吳=Wu",
    ),
    "ja-JP": (
        "翔太=Shota|大輔=Daisuke|健一=Kenichi|拓也=Takuya",
        "美咲=Misaki|陽子=Yoko|結衣=Yui|さくら=Sakura",
        "佐藤=Sato|鈴木=Suzuki|高橋=Takahashi|田中=Tanaka|伊藤=Ito|渡辺=Watanabe|山本=Yamamoto",
    ),
    "ko-KR": (
        "민준=Minjun|지훈=Jihoon|성민=Sungmin|도윤=Doyun",
        "서연=Seoyeon|지은=Jieun|수빈=Subin|하은=Haeun",
        "김=Kim|이=Lee|박=Park|최=Choi|정=Jung|강=Kang",
    ),
    "vi-VN": (
        "Văn An|Minh Tuấn|Quốc Huy|Đức Anh",
        "Thị Lan|Ngọc Anh|Thu Trang|Phương Linh",
        "Nguyễn|Trần|Lê|Phạm|Hoàng|Vũ|Đặng",
    ),
    "th-TH": (
        "สมชาย=Somchai|ธนพล=Thanaphon|กิตติ=Kitti|อนุชา=Anucha",
        "สุดารัตน์=Sudarat|ปิยะนุช=Piyanuch|กาญจนา=Kanchana|วราภรณ์=Waraporn",
        "ศรีสุข=Srisuk|วงศ์สวัสดิ์=Wongsawat|แสงทอง=Saengthong|บุญมา=Boonma|รัตนพันธ์=Rattanaphan",
    ),
    "id-ID": (
        "Budi|Agus|Rizky|Dimas|Andi",
        "Siti|Dewi|Putri|Rina|Ayu",
        "Santoso|Wijaya|Saputra|Hidayat|Kusuma|Pratama|Nugroho",
    ),
    "ms-MY": (
        "Muhammad Hafiz|Ahmad Faiz|Wei Jie|Arun",
        "Nur Aisyah|Siti Nurhaliza|Mei Ling|Kavitha",
        "Rahman|Ismail|Tan|Lim|Subramaniam|Yusof|Hassan",
    ),
    "tl-PH": (
        "Juan Miguel|Mark Anthony|Jose|Carlo|Paolo",
        "Maria Clara|Kristine|Angelica|Joy|Patricia",
        "Santos|Reyes|Cruz|Bautista|Dela Cruz|Garcia|Mendoza|Villanueva",
    ),
}

FAMILY_FIRST = {"hu-HU", "zh-CN", "zh-TW", "ja-JP", "ko-KR", "vi-VN"}
NO_SPACE = {"zh-CN", "zh-TW", "ko-KR"}


def _split(entry: str) -> tuple[str, str]:
    native, _, asc = entry.partition("=")
    return native, asc or fold(native)


class Person:
    def __init__(self, loc: str, male: bool | None = None) -> None:
        spec = NAMES[loc]
        self.loc = loc
        self.male = R.random() < 0.5 if male is None else male
        firsts = spec[0] if self.male else spec[1]
        lasts = spec[3] if (not self.male and len(spec) > 3) else spec[2]
        self.first, self.first_a = _split(pick(firsts.split("|")))
        li = R.randrange(len(lasts.split("|")))
        self.last, self.last_a = _split(lasts.split("|")[li])
        if loc in FAMILY_FIRST:
            sep = "" if loc in NO_SPACE else " "
            self.name = f"{self.last}{sep}{self.first}"
        else:
            self.name = f"{self.first} {self.last}"
        self.dob = rdate()

    def handle(self, style: int | None = None) -> str:
        f = self.first_a.lower().replace(" ", "").replace("'", "").replace("-", "")
        la = self.last_a.lower().replace(" ", "").replace("'", "").replace("-", "")
        style = R.randrange(5) if style is None else style
        return [
            f"{f}.{la}",
            f"{f}{la}{rd(2)}",
            f"{f[0]}{la}",
            f"{f}_{la}{R.randint(70, 99)}",
            f"{la}.{f}{rd(1)}",
        ][style]

    def login(self) -> str:
        f = self.first_a.lower().replace(" ", "").replace("'", "").replace("-", "")
        la = self.last_a.lower().replace(" ", "").replace("'", "").replace("-", "")
        return pick([f"{f[0]}{la}", f"{f}.{la}", f"{la}{f[0]}{rd(1)}", f"{f[:3]}{la[:3]}"])


MAIL = {
    "en-US": "gmail.com|yahoo.com|outlook.com|icloud.com|aol.com",
    "en-GB": "gmail.com|hotmail.co.uk|btinternet.com|outlook.com|yahoo.co.uk",
    "en-IN": "gmail.com|yahoo.co.in|rediffmail.com|outlook.com",
    "en-AU": "gmail.com|bigpond.com|outlook.com.au|hotmail.com",
    "en-CA": "gmail.com|outlook.com|yahoo.ca|sympatico.ca",
    "en-NG": "gmail.com|yahoo.com|outlook.com",
    "en-ZA": "gmail.com|webmail.co.za|mweb.co.za",
    "es-ES": "gmail.com|hotmail.es|yahoo.es|outlook.es|telefonica.net",
    "es-MX": "gmail.com|hotmail.com|prodigy.net.mx|outlook.com",
    "es-CO": "gmail.com|hotmail.com|outlook.com",
    "es-CL": "gmail.com|vtr.net|hotmail.com",
    "pt-BR": "gmail.com|hotmail.com|uol.com.br|bol.com.br|terra.com.br",
    "pt-PT": "gmail.com|sapo.pt|hotmail.com",
    "fr-FR": "gmail.com|orange.fr|free.fr|laposte.net|sfr.fr",
    "fr-BE": "gmail.com|skynet.be|telenet.be",
    "fr-CA": "gmail.com|videotron.ca|hotmail.com",
    "de-DE": "gmail.com|web.de|gmx.de|t-online.de",
    "de-AT": "gmx.at|aon.at|gmail.com",
    "de-CH": "bluewin.ch|gmx.ch|gmail.com",
    "it-IT": "gmail.com|libero.it|virgilio.it|hotmail.it",
    "nl-NL": "gmail.com|ziggo.nl|kpnmail.nl|hotmail.com",
    "pl-PL": "gmail.com|wp.pl|o2.pl|onet.pl|interia.pl",
    "cs-CZ": "seznam.cz|email.cz|gmail.com|centrum.cz",
    "hu-HU": "gmail.com|freemail.hu|citromail.hu",
    "ro-RO": "gmail.com|yahoo.com",
    "sv-SE": "gmail.com|hotmail.se|telia.com",
    "nb-NO": "gmail.com|online.no|hotmail.no",
    "da-DK": "gmail.com|hotmail.dk|mail.dk",
    "fi-FI": "gmail.com|luukku.com",
    "el-GR": "gmail.com|yahoo.gr|otenet.gr",
    "tr-TR": "gmail.com|hotmail.com|yandex.com.tr",
    "ru-RU": "mail.ru|yandex.ru|gmail.com|bk.ru",
    "uk-UA": "ukr.net|gmail.com|i.ua",
    "ar-EG": "gmail.com|hotmail.com|yahoo.com",
    "ar-SA": "gmail.com|hotmail.com|outlook.sa",
    "ar-MA": "gmail.com|hotmail.fr|menara.ma",
    "he-IL": "gmail.com|walla.co.il",
    "hi-IN": "gmail.com|yahoo.co.in|rediffmail.com",
    "bn-BD": "gmail.com|yahoo.com",
    "ur-PK": "gmail.com|yahoo.com|hotmail.com",
    "zh-CN": "qq.com|163.com|126.com",
    "zh-TW": "gmail.com|yahoo.com.tw",
    "ja-JP": "gmail.com|yahoo.co.jp|docomo.ne.jp",
    "ko-KR": "naver.com|daum.net|gmail.com",
    "vi-VN": "gmail.com|yahoo.com.vn",
    "th-TH": "gmail.com|hotmail.com",
    "id-ID": "gmail.com|yahoo.co.id",
    "ms-MY": "gmail.com|yahoo.com",
    "tl-PH": "gmail.com|yahoo.com",
}


def email(p: Person, domain: str | None = None) -> str:
    d = domain or pick(MAIL[p.loc].split("|"))
    if d == "qq.com":
        return f"{rdn(R.randint(8, 10))}@qq.com"
    return f"{p.handle(0 if domain else None)}@{d}"


# ---------------------------------------------------------------------------
# phones (national or international format; no fictional ranges)
# ---------------------------------------------------------------------------


def _nanp(areas: list[str], intl: bool) -> str:
    a = pick(areas)
    while True:
        ex = pick("23456789") + rd(2)
        if ex != "555" and ex[1:] != "11":
            break
    ln = rd(4)
    return (
        f"+1 {a} {ex} {ln}"
        if intl
        else pick([f"({a}) {ex}-{ln}", f"{a}-{ex}-{ln}", f"{a}.{ex}.{ln}"])
    )


def phone(loc: str, intl: bool | None = None) -> str:
    i = R.random() < 0.45 if intl is None else intl
    if loc == "en-US":
        return _nanp(["212", "312", "415", "617", "713", "404", "206", "614", "512", "702"], i)
    if loc in ("en-CA", "fr-CA"):
        return _nanp(["416", "604", "514", "613", "403", "780", "438", "902"], i)
    if loc == "en-GB":
        while True:
            n = pick("12345789") + rd(8)
            if not n.startswith("700900"):
                break
        return f"+44 7{n[:3]} {n[3:]}" if i else f"07{n[:3]} {n[3:]}"
    if loc in ("en-IN", "hi-IN"):
        n = pick("6789") + rd(9)
        return f"+91 {n[:5]} {n[5:]}" if i else pick([f"{n[:5]} {n[5:]}", n])
    if loc == "en-AU":
        while True:
            n = rd(8)
            if not n.startswith("91"):
                break
        return f"+61 4{n[:2]} {n[2:5]} {n[5:]}" if i else f"04{n[:2]} {n[2:5]} {n[5:]}"
    if loc == "en-NG":
        p = pick(
            [
                "803",
                "806",
                "813",
                "816",
                "703",
                "706",
                "805",
                "807",
                "809",
                "817",
                "818",
                "909",
                "908",
            ]
        )
        n = rd(7)
        return f"+234 {p} {n[:3]} {n[3:]}" if i else f"0{p} {n[:3]} {n[3:]}"
    if loc == "en-ZA":
        p = pick(["82", "83", "84", "72", "73", "76", "79", "81", "60", "61"])
        n = rd(7)
        return f"+27 {p} {n[:3]} {n[3:]}" if i else f"0{p} {n[:3]} {n[3:]}"
    if loc == "es-ES":
        n = pick("67") + rd(8)
        return f"+34 {n[:3]} {n[3:6]} {n[6:]}" if i else f"{n[:3]} {n[3:5]} {n[5:7]} {n[7:]}"
    if loc == "es-MX":
        a = pick(["55", "33", "81", "222", "442"])
        n = rd(10 - len(a))
        h = len(n) // 2
        return f"+52 {a} {n[:h]} {n[h:]}" if i else f"{a} {n[:h]} {n[h:]}"
    if loc == "es-CO":
        n = "3" + pick(["00", "01", "04", "10", "12", "15", "20", "22"]) + rd(7)
        return f"+57 {n[:3]} {n[3:6]} {n[6:]}" if i else f"{n[:3]} {n[3:6]} {n[6:]}"
    if loc == "es-CL":
        n = rd(8)
        return f"+56 9 {n[:4]} {n[4:]}" if i else f"9 {n[:4]} {n[4:]}"
    if loc == "pt-BR":
        ddd = pick(["11", "21", "31", "41", "51", "61", "71", "81", "85", "19"])
        n = "9" + rd(8)
        return f"+55 {ddd} {n[:5]}-{n[5:]}" if i else f"({ddd}) {n[:5]}-{n[5:]}"
    if loc == "pt-PT":
        n = "9" + pick("1236") + rd(7)
        return f"+351 {n[:3]} {n[3:6]} {n[6:]}" if i else f"{n[:3]} {n[3:6]} {n[6:]}"
    if loc in ("fr-FR",):
        while True:
            n = pick("67") + rd(8)
            if not n.startswith("639"):
                break
        return f"+33 {n[0]} {chunks(n[1:], 2)}" if i else f"0{n[0]} {chunks(n[1:], 2)}"
    if loc in ("fr-BE",):
        n = pick(["47", "48", "49"]) + rd(7)
        return f"+32 {n[:3]} {chunks(n[3:], 2)}" if i else f"0{n[:3]} {chunks(n[3:], 2)}"
    if loc == "de-DE":
        p = pick(["151", "152", "160", "162", "170", "171", "172", "176", "177", "157"])
        n = rd(8 if p[:2] in ("15", "17") else 7)
        return f"+49 {p} {n}" if i else f"0{p} {n}"
    if loc == "de-AT":
        p = pick(["664", "660", "676", "699", "650"])
        n = rd(7)
        return f"+43 {p} {n}" if i else f"0{p} {n}"
    if loc == "de-CH":
        p = pick(["76", "77", "78", "79"])
        n = rd(7)
        return f"+41 {p} {n[:3]} {n[3:5]} {n[5:]}" if i else f"0{p} {n[:3]} {n[3:5]} {n[5:]}"
    if loc == "it-IT":
        n = "3" + pick(["33", "35", "38", "39", "40", "47", "49", "28"]) + rd(7)
        return f"+39 {n[:3]} {n[3:6]} {n[6:]}" if i else f"{n[:3]} {n[3:6]} {n[6:]}"
    if loc == "nl-NL":
        n = rd(8)
        return f"+31 6 {n}" if i else f"06-{n}"
    if loc == "pl-PL":
        n = pick("5678") + rd(8)
        return f"+48 {n[:3]} {n[3:6]} {n[6:]}" if i else f"{n[:3]} {n[3:6]} {n[6:]}"
    if loc == "cs-CZ":
        n = pick(["60", "72", "73", "77", "77", "60"]) + rd(7)
        return f"+420 {n[:3]} {n[3:6]} {n[6:]}" if i else f"{n[:3]} {n[3:6]} {n[6:]}"
    if loc == "hu-HU":
        p = pick(["20", "30", "70"])
        n = rd(7)
        return f"+36 {p} {n[:3]} {n[3:]}" if i else f"06 {p} {n[:3]} {n[3:]}"
    if loc == "ro-RO":
        n = "7" + pick(["2", "3", "4", "5", "6"]) + rd(7)
        return f"+40 {n[:3]} {n[3:6]} {n[6:]}" if i else f"0{n[:3]} {n[3:6]} {n[6:]}"
    if loc == "sv-SE":
        while True:
            n = pick(["70", "72", "73", "76", "79"]) + rd(7)
            if not n.startswith("7017406"):
                break
        return (
            f"+46 {n[:2]} {n[2:5]} {n[5:7]} {n[7:]}" if i else f"0{n[:2]}-{n[2:5]} {n[5:7]} {n[7:]}"
        )
    if loc == "nb-NO":
        n = pick("49") + rd(7)
        return f"+47 {n[:3]} {n[3:5]} {n[5:]}" if i else f"{n[:3]} {n[3:5]} {n[5:]}"
    if loc == "da-DK":
        n = pick(["2", "3", "4", "5", "6", "7", "8"]) + rd(7)
        return f"+45 {chunks(n, 2)}" if i else chunks(n, 2)
    if loc == "fi-FI":
        p = pick(["40", "41", "44", "45", "50"])
        n = rd(7)
        return f"+358 {p} {n[:3]} {n[3:]}" if i else f"0{p} {n[:3]} {n[3:]}"
    if loc == "el-GR":
        n = "69" + pick("3479") + rd(7)
        return f"+30 {n[:3]} {n[3:6]} {n[6:]}" if i else f"{n[:3]} {n[3:6]} {n[6:]}"
    if loc == "tr-TR":
        p = pick(["532", "533", "535", "542", "544", "505", "555", "551"])
        n = rd(7)
        return f"+90 {p} {n[:3]} {n[3:5]} {n[5:]}" if i else f"0{p} {n[:3]} {n[3:5]} {n[5:]}"
    if loc == "ru-RU":
        p = "9" + pick(["03", "05", "09", "15", "16", "26", "85", "99"])
        n = rd(7)
        return f"+7 {p} {n[:3]}-{n[3:5]}-{n[5:]}" if i else f"8 ({p}) {n[:3]}-{n[3:5]}-{n[5:]}"
    if loc == "uk-UA":
        p = pick(["50", "66", "67", "68", "97", "98", "99", "63", "73", "93"])
        n = rd(7)
        return f"+380 {p} {n[:3]} {n[3:5]} {n[5:]}" if i else f"0{p} {n[:3]} {n[3:5]} {n[5:]}"
    if loc == "ar-EG":
        p = "1" + pick("0125")
        n = rd(8)
        return f"+20 {p} {n[:4]} {n[4:]}" if i else f"0{p} {n[:4]} {n[4:]}"
    if loc == "ar-SA":
        p = "5" + pick("03456789")
        n = rd(7)
        return f"+966 {p} {n[:3]} {n[3:]}" if i else f"0{p} {n[:3]} {n[3:]}"
    if loc == "ar-MA":
        n = pick("67") + rd(8)
        return f"+212 {n[0]} {chunks(n[1:], 2)}" if i else f"0{n[0]} {chunks(n[1:], 2)}"
    if loc == "he-IL":
        p = "5" + pick("0234")
        n = rd(7)
        return f"+972 {p}-{n[:3]}-{n[3:]}" if i else f"0{p}-{n[:3]}-{n[3:]}"
    if loc == "bn-BD":
        p = "1" + pick("3456789")
        n = rd(8)
        return f"+880 {p}{n[:2]}-{n[2:]}" if i else f"0{p}{n[:2]}-{n[2:]}"
    if loc == "ur-PK":
        p = "3" + pick(["00", "01", "03", "11", "21", "33", "45"])
        n = rd(7)
        return f"+92 {p} {n}" if i else f"0{p}-{n}"
    if loc == "zh-CN":
        n = "1" + pick("3456789") + rd(9)
        return f"+86 {n[:3]} {n[3:7]} {n[7:]}" if i else f"{n[:3]} {n[3:7]} {n[7:]}"
    if loc == "zh-TW":
        n = "9" + rd(8)
        return f"+886 {n[:3]} {n[3:6]} {n[6:]}" if i else f"0{n[:3]}-{n[3:6]}-{n[6:]}"
    if loc == "ja-JP":
        p = pick(["90", "80", "70"])
        n = rdn(8)
        return f"+81 {p}-{n[:4]}-{n[4:]}" if i else f"0{p}-{n[:4]}-{n[4:]}"
    if loc == "ko-KR":
        n = rdn(8)
        return f"+82 10-{n[:4]}-{n[4:]}" if i else f"010-{n[:4]}-{n[4:]}"
    if loc == "vi-VN":
        n = pick(["90", "91", "98", "97", "86", "35", "38", "70", "77"]) + rd(7)
        return f"+84 {n[:2]} {n[2:5]} {n[5:]}" if i else f"0{n[:2]} {n[2:5]} {n[5:]}"
    if loc == "th-TH":
        n = pick("689") + rd(8)
        return f"+66 {n[:2]} {n[2:5]} {n[5:]}" if i else f"0{n[:2]}-{n[2:5]}-{n[5:]}"
    if loc == "id-ID":
        n = "8" + pick(["11", "12", "13", "21", "22", "52", "56", "57", "77", "95"]) + rd(8)
        return f"+62 {n[:3]}-{n[3:7]}-{n[7:]}" if i else f"0{n[:3]}-{n[3:7]}-{n[7:]}"
    if loc == "ms-MY":
        p = "1" + pick("0234679")
        n = rd(7)
        return f"+60 {p}-{n[:3]} {n[3:]}" if i else f"0{p}-{n[:3]} {n[3:]}"
    if loc == "tl-PH":
        n = "9" + pick(["17", "15", "27", "05", "98", "28", "66"]) + rd(7)
        return f"+63 {n[:3]} {n[3:6]} {n[6:]}" if i else f"0{n[:3]} {n[3:6]} {n[6:]}"
    raise KeyError(loc)


# ---------------------------------------------------------------------------
# secret shapes
# ---------------------------------------------------------------------------

WORDS = [
    "Marmalade",
    "Kestrel",
    "Lantern",
    "Copper",
    "Thistle",
    "Harbour",
    "Juniper",
    "Falcon",
    "Saffron",
    "Orchid",
    "Pebble",
    "Cobalt",
    "Tundra",
    "Velvet",
    "Quartz",
    "Bramble",
    "Walnut",
    "Meadow",
    "Granite",
    "Pistachio",
    "Sparrow",
    "Ember",
    "Willow",
    "Sonnenblume",
    "Mariposa",
    "Girassol",
    "Papillon",
    "Tulipan",
    "Zmrzlina",
    "Lumikki",
    "Ananas",
    "Kaktus",
    "Hafenkran",
    "Tortuga",
    "Pinguim",
]
SYM = "!#$%&*?@"


def pw_human() -> str:
    w1, w2 = pick(WORDS), pick(WORDS)
    return pick(
        [
            f"{w1}{pick(SYM)}{rd(R.randint(2, 4))}",
            f"{w1}-{w2.lower()}-{rd(2)}",
            f"{w1[0].lower()}{w1[1:]}{rd(3)}{pick('!?#')}{w2}",
            f"{w1}{w2}{rd(2)}{pick('!.$')}",
            f"{rd(2)}{w1.lower()}{pick(SYM)}{w2}",
        ]
    )


def pw_strong(n: int | None = None, alpha: str = AN + "!#$%&*+-=?@^_~") -> str:
    n = n or R.randint(14, 22)
    while True:
        p = rs(alpha, n)
        if (
            any(c.isdigit() for c in p)
            and any(c.isupper() for c in p)
            and any(c.islower() for c in p)
            and (alpha == AN or any(not c.isalnum() for c in p))
        ):
            return p


def pw_url(n: int | None = None) -> str:
    return pw_strong(n or R.randint(16, 28), AN + "-_.~")


def pw_temp(word: str = "Welcome") -> str:
    return pick(
        [
            f"{word}{rd(4)}{pick('!#$?*')}",
            f"{word}-{rs(UP, 2)}{rd(3)}!",
            f"{word}{pick('@#')}{rd(2)}{rs(LO, 3)}",
        ]
    )


def code6() -> str:
    while True:
        c = rd(6)
        if len(set(c)) >= 4 and c not in "0123456789" and c not in "9876543210":
            return c


def ghp() -> str:
    return "ghp_" + rs(AN, 36)


def gh_fine() -> str:
    return "github_pat_11" + rs(UP + DG, 20) + "_" + rs(AN, 59)


def glpat() -> str:
    return "glpat-" + rs(B64U, 20)


def aws_pair() -> tuple[str, str]:
    return "AKIA" + rs(UP + "234567", 16), rs(AN + "+/", 40)


def google_key() -> str:
    return "AIza" + rs(B64U, 35)


def slack_bot() -> str:
    return f"xoxb-{rdn(12)}-{rdn(13)}-{rs(AN, 24)}"


def slack_hook() -> str:
    return f"https://hooks.slack.com/services/T{rs(UP + DG, 8)}/B{rs(UP + DG, 10)}/{rs(AN, 24)}"


def discord_hook() -> str:
    return f"https://discord.com/api/webhooks/{rdn(19)}/{rs(B64U, 68)}"


def teams_hook() -> str:
    tenant = pick(["contosa", "brightlanegroup", "kliniekwest", "haugen-eiendom"])
    return f"https://{tenant}.webhook.office.com/webhookb2/{ruuid()}@{ruuid()}/IncomingWebhook/{rhex(32)}/{ruuid()}/V2{rs(B64U, 43)}"


def stripe_sk() -> str:
    return "sk_live_51" + rs(AN, 97)


def openai_key() -> str:
    return "sk-proj-" + rs(B64U, 74) + "T3BlbkFJ" + rs(B64U, 74)


def anthropic_key() -> str:
    return "sk-ant-api03-" + rs(B64U, 93) + "AA"


def jwt(payload: dict) -> str:
    head = b64u(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    body = b64u(json.dumps(payload, separators=(",", ":")).encode())
    sig = hmac.new(rbytes(32), f"{head}.{body}".encode(), hashlib.sha256).digest()
    return f"{head}.{body}.{b64u(sig)}"


def pem(kind: str) -> tuple[str, list[str]]:
    if kind == "RSA":
        body = "MIIEpAIBAAKCAQEA" + b64(1260)[:1572]
        head, width = "RSA PRIVATE KEY", 64
    elif kind == "EC":
        body = "MHcCAQEEI" + b64(120)[:147] + "=="
        head, width = "EC PRIVATE KEY", 64
    elif kind == "PKCS8":
        body = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC" + b64(1240)[:1592]
        head, width = "PRIVATE KEY", 64
    else:
        body = (
            "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW"
            + "QyNTUxOQAAACB"
            + b64(300)[:327]
        )
        head, width = "OPENSSH PRIVATE KEY", 70
    lines = [body[i : i + width] for i in range(0, len(body), width)]
    return f"-----BEGIN {head}-----\n" + "\n".join(lines) + f"\n-----END {head}-----", lines


def inner_line(lines: list[str]) -> str:
    return pick(lines[2:-1]) if len(lines) > 3 else lines[1]


def bitlocker() -> str:
    return "-".join(f"{R.randint(1, 65535) * 11:06d}" for _ in range(8))


def ms_recovery() -> str:
    return "-".join(rs("BCDFGHJKMPQRTVWXY2346789", 5) for _ in range(5))


def session_django() -> str:
    return rs(LO + DG, 32)


def uid_token(n: int = 43) -> str:
    return rs(B64U, n)


# ---------------------------------------------------------------------------
# SECRET rows
# ---------------------------------------------------------------------------


def secrets_block() -> None:
    # --- connection strings -------------------------------------------------
    a, b = pw_url(), pw_url()
    S(
        "db_connection",
        "on-call developer pastes a production .env, en-US",
        f"prod api is throwing 500s since 02:10, this is the env on the box, anything obviously wrong?\n\nNODE_ENV=production\nPORT=8080\nDATABASE_URL=postgres://orders_rw:{a}@pg-prod-02.internal:5432/orders?sslmode=require\nREDIS_URL=redis://default:{b}@cache-prod-01.internal:6379/0\nLOG_LEVEL=info\nFEATURE_BULK_EXPORT=false",
        a,
        b,
    )
    a = pw_strong(18)
    S(
        "db_connection",
        "payroll developer asks about Spring config, de-DE",
        f"Warum bekomme ich beim Start 'FATAL: password authentication failed for user \"lohn_app\"'? Das steht in application.properties:\n\nspring.datasource.url=jdbc:postgresql://db-lohn.intern:5432/lohnabrechnung\nspring.datasource.username=lohn_app\nspring.datasource.password={a}\nspring.jpa.hibernate.ddl-auto=validate",
        a,
    )
    a = pw_url(20)
    S(
        "db_connection",
        "stock system developer, MongoDB Atlas URI, pt-BR",
        f"Alguém sabe por que o Atlas recusa a conexão? Tô usando essa string no serviço de estoque:\nmongodb+srv://app_estoque:{a}@cluster0.{rs(LO + DG, 5)}.mongodb.net/estoque?retryWrites=true&w=majority",
        a,
    )
    a = pw_strong(14, AN + "#%+=")
    S(
        "db_connection",
        "payroll analyst runs mysql from the shell, es-MX",
        f"¿por qué me marca Access denied si ayer sí funcionaba?\n\n$ mysql -h 10.20.3.14 -u nomina -p'{a}' nomina_prod -e 'SELECT COUNT(*) FROM empleados;'\nERROR 1045 (28000): Access denied for user 'nomina'@'10.20.3.77' (using password: YES)",
        a,
    )
    a = pw_strong(20, AN + "!#%&*+-=?")
    S(
        "db_connection",
        "accounting app appsettings.json, fr-FR",
        f'Bonjour, l\'appli de compta ne démarre plus depuis la migration Azure. Voici appsettings.json :\n{{\n  "ConnectionStrings": {{\n    "Compta": "Server=tcp:sql-compta-prod.database.windows.net,1433;Initial Catalog=compta;User ID=compta_admin;Password={a};Encrypt=True;TrustServerCertificate=False;Connection Timeout=30;"\n  }},\n  "Logging": {{ "LogLevel": {{ "Default": "Warning" }} }}\n}}',
        a,
    )
    a = pw_url(18)
    S(
        "db_connection",
        "dispatch system queue URL, ja-JP",
        f"配車システムがキューにつながりません。設定はこれです。\nBROKER_URL=amqp://dispatch:{a}@mq01.haisou.local:5672/prod\nタイムアウトは 30 秒です。何が原因でしょうか？",
        a,
    )
    a = pw_strong(16, AN + "#$_")
    S(
        "db_connection",
        "warehouse Oracle login in a script, pl-PL",
        f"Skrypt nocny do raportu magazynowego wywala ORA-01017. Wywołanie wygląda tak:\nsqlplus -s magazyn/{a}@//ora-prod.wms.lokal:1521/WMS @raport_stany.sql\nCo jest nie tak?",
        a,
    )
    k = b64(64)
    S(
        "db_connection",
        "Azure storage connection string in a scanner config, it-IT",
        f"Il programma che carica le scansioni delle fatture usa questa stringa, va bene così o devo metterla altrove?\nDefaultEndpointsProtocol=https;AccountName=fattureprod{rd(2)};AccountKey={k};EndpointSuffix=core.windows.net",
        k,
    )
    a = pw_human()
    S(
        "password",
        "payroll SFTP details in an e-mail to forward, nl-NL",
        f"Kun je dit netjes herschrijven voor de nieuwe salarisadministrateur?\n\n'Hoi, de loonstroken gaan voortaan via SFTP.\nHost: sftp.loonservice-noord.nl\nPoort: 22\nGebruiker: lsn_export07\nWachtwoord: {a}\nMap: /uit/2025'",
        a,
    )

    # --- platform tokens ----------------------------------------------------
    t = ghp()
    S(
        "api_key",
        "developer asks about GitHub Actions, en-GB",
        f"The release workflow fails on the checkout step with 'Bad credentials'. I've set GH_TOKEN={t} as a repository variable, is that the wrong place?",
        t,
    )
    t = gh_fine()
    S(
        "api_key",
        "fine-grained GitHub token in a script, en-CA",
        f"#!/bin/bash\n# nightly backup of the ticket repo\nexport GITHUB_TOKEN=\"{t}\"\ngh repo clone helpdesk/kb-articles /srv/backup/kb --depth 1\n\nwhy does this say 'resource not accessible by personal access token'?",
        t,
    )
    u = slack_hook()
    S(
        "webhook",
        "Slack incoming webhook for alerts, ko-KR",
        f"재고 부족 알림을 슬랙으로 보내려고 해요. 웹훅 주소는 {u} 인데 curl 로 보내면 invalid_payload 가 나와요. JSON 형식 좀 봐주세요.",
        u,
    )
    ak, sk = aws_pair()
    S(
        "api_key",
        "AWS credentials file pasted by a support engineer, en-IN",
        f"sir the s3 upload from the billing server is failing, this is ~/.aws/credentials on that machine:\n\n[default]\naws_access_key_id = {ak}\naws_secret_access_key = {sk}\nregion = ap-south-1\n\nplease tell what to change",
        ak,
        sk,
    )
    t = stripe_sk()
    S(
        "api_key",
        "shop manager pastes Stripe key, es-ES",
        f"El chico que nos hizo la web dice que pegue esto en el plugin de pagos: {t}\n¿Es seguro ponerlo en el campo 'clave publicable'?",
        t,
    )
    tok = rhex(32)
    S(
        "api_key",
        "call-centre SMS integration, sv-SE",
        f"Vi skickar sms-påminnelser via Twilio. Kontot: AC{rhex(32)}, auth token: {tok}. Varför får vi fel 20003 sedan i morse?",
        tok,
    )
    t = "SG." + rs(B64U, 22) + "." + rs(B64U, 43)
    S(
        "api_key",
        "SendGrid key in a PHP mailer, tr-TR",
        f"Bu kodla fatura e-postaları gitmiyor, nerede hata var?\n\n$mail = new \\SendGrid\\Mail\\Mail();\n$mail->setFrom('fatura@ornekmagaza.com.tr');\n$sendgrid = new \\SendGrid('{t}');\n$response = $sendgrid->send($mail);",
        t,
    )
    t = openai_key()
    S(
        "api_key",
        "OpenAI key in a rostering script, en-AU",
        f'G\'day, my script for summarising the shift handover notes keeps failing:\n\nfrom openai import OpenAI\nclient = OpenAI(api_key="{t}")\nresp = client.responses.create(model="gpt-4o-mini", input=notes)\n\nerror is 429 insufficient_quota',
        t,
    )
    t = anthropic_key()
    S(
        "api_key",
        "Anthropic key in a .env, de-CH",
        f"Grüezi, unser Ticket-Bot antwortet nicht mehr. In der .env steht:\nANTHROPIC_API_KEY={t}\nMODEL=claude-3-5-haiku-latest\nMuss ich den Schlüssel erneuern?",
        t,
    )
    t = f"{rdn(10)}:AA{rs(B64U, 33)}"
    S(
        "api_key",
        "Telegram bot token for delivery notifications, vi-VN",
        f"Em đang làm bot Telegram báo đơn giao hàng cho tài xế. Token bot là {t}, gọi getUpdates thì bị 401 Unauthorized, anh xem giúp em với.",
        t,
    )
    t = "hf_" + rs(UP + LO, 34)
    S(
        "api_key",
        "Hugging Face token in a notebook, fi-FI",
        f'Miksi mallin lataus kaatuu? Solussa on:\nfrom huggingface_hub import login\nlogin(token="{t}")\nVirhe: 403 Forbidden',
        t,
    )
    t = "npm_" + rs(AN, 36)
    S(
        "api_key",
        ".npmrc with a publish token, cs-CZ",
        f"Build na CI padá na 'npm ERR! code E401'. Obsah .npmrc v repu:\n//registry.npmjs.org/:_authToken={t}\n@skladovka:registry=https://registry.npmjs.org/\nalways-auth=true",
        t,
    )
    t = "pypi-AgEIcHlwaS5vcmc" + rs(B64U, 160)
    S(
        "api_key",
        ".pypirc with an upload token, ro-RO",
        f"Nu reușesc să public pachetul intern. Fișierul ~/.pypirc:\n[distutils]\nindex-servers = pypi\n\n[pypi]\nusername = __token__\npassword = {t}",
        t,
    )
    t = glpat()
    S(
        "api_key",
        "GitLab token inside a git remote URL, uk-UA",
        f"Чому git push каже 'HTTP Basic: Access denied'? Ось remote:\norigin  https://oauth2:{t}@gitlab.com/logistyka-ua/route-planner.git (push)",
        t,
    )
    a = pw_strong(20)
    S(
        "password",
        "container registry login in CI, he-IL",
        f"ה-pipeline נופל בשלב ההתחברות ל-registry. זו השורה:\ndocker login registry.mishloach.co.il -u ci-deployer -p '{a}'\nמה עדיף, --password-stdin?",
        a,
    )
    cred = base64.b64encode(f"svc-szamlazo:{pw_strong(16)}".encode()).decode()
    S(
        "basic_auth",
        "Basic auth header in an invoicing API call, hu-HU",
        f"A számlázó API 401-et ad vissza. Ezt küldöm:\nPOST /api/v1/invoices HTTP/1.1\nHost: szamlazo.belso.hu\nAuthorization: Basic {cred}\nContent-Type: application/json",
        cred,
    )
    t = "shpat_" + rhex(32)
    S(
        "api_key",
        "Shopify admin token, en-ZA",
        f"Howzit, the stock sync app needs 'the admin API access token'. Is this the right one? {t} — I copied it from Settings > Apps > Develop apps.",
        t,
    )
    t = rhex(32)
    S(
        "api_key",
        "Datadog key in docker-compose, da-DK",
        f"Agenten sender ingen metrics. docker-compose.yml:\n  datadog:\n    image: gcr.io/datadoghq/agent:7\n    environment:\n      - DD_API_KEY={t}\n      - DD_SITE=datadoghq.eu\n      - DD_LOGS_ENABLED=true",
        t,
    )
    t = "NRAK-" + rs(UP + DG, 27)
    S(
        "api_key",
        "New Relic user key in a curl call, nb-NO",
        f"Hvorfor får jeg tom respons fra NerdGraph?\ncurl -X POST https://api.eu.newrelic.com/graphql -H 'API-Key: {t}' -H 'Content-Type: application/json' -d '{{\"query\":\"{{ actor {{ user {{ name }} }} }}\"}}'",
        t,
    )
    t = "dop_v1_" + rhex(64)
    S(
        "api_key",
        "DigitalOcean token in Terraform vars, el-GR",
        f'Το terraform plan βγάζει \'Unable to authenticate you\'. Στο terraform.tfvars έχω:\ndo_token = "{t}"\nregion   = "fra1"',
        t,
    )
    t = ruuid()
    S(
        "api_key",
        "Heroku API key in CI settings, en-CA",
        f"Deploys to the booking app stopped working. In the CI variables we have HEROKU_APP=clinic-booking-prod and HEROKU_API_KEY={t}. Does that key expire?",
        t,
    )
    t = rs(B64U, 40)
    S(
        "api_key",
        "Cloudflare API token in a DNS script, fr-BE",
        f'Le script qui met à jour le DNS du cabinet renvoie \'Invalid request headers\'. Extrait :\ncurl -X PUT "https://api.cloudflare.com/client/v4/zones/{rhex(32)}/dns_records/{rhex(32)}" \\\n  -H "Authorization: Bearer {t}" \\\n  -H "Content-Type: application/json"',
        t,
    )
    t = "00" + rs(B64U, 40)
    S(
        "api_key",
        "Okta SSWS token in a provisioning call, ar-SA",
        f'أحاول إنشاء مستخدم جديد في Okta من سكربت الموارد البشرية لكن يرجع الخطأ E0000011. هذا الطلب:\ncurl -X POST https://hr-portal.okta.com/api/v1/users -H "Authorization: SSWS {t}" -H "Accept: application/json"',
        t,
    )
    t = "ATATT3xFfGF0" + rs(B64U, 170) + "=" + rhex(8).upper()
    S(
        "api_key",
        "Atlassian API token for a Jira automation, en-NG",
        f"Please help, my python script to auto-close resolved helpdesk tickets gets 401. I'm using auth=('it-automation@kanoagrohub.ng', '{t}') with the Jira Cloud REST API.",
        t,
    )
    t = "ntn_" + rd(11) + rs(AN, 35)
    S(
        "api_key",
        "Notion integration secret, id-ID",
        f"Saya mau sinkron daftar karyawan baru dari Notion ke spreadsheet. Integration secret-nya {t}, tapi API balikin 'object_not_found'. Kenapa ya?",
        t,
    )
    t = "pat" + rs(AN, 14) + "." + rhex(64)
    S(
        "api_key",
        "Airtable personal access token, ms-MY",
        f'Boleh tolong semak kod ni? Rekod penghantaran tak masuk Airtable.\nheaders = {{"Authorization": "Bearer {t}"}}\nrequests.post(url, json=data, headers=headers)',
        t,
    )
    t = google_key()
    S(
        "api_key",
        "Google Maps key in a store locator page, es-CO",
        f'La página de sucursales no carga el mapa. Tengo esto en el HTML:\n<script src="https://maps.googleapis.com/maps/api/js?key={t}&callback=initMap" async defer></script>\nEl error de consola dice RefererNotAllowedMapError.',
        t,
    )
    t = "AAAA" + rs(B64U, 7) + ":APA91b" + rs(B64U, 134)
    S(
        "api_key",
        "Firebase server key for push notifications, th-TH",
        f"แอปร้านค้าส่งแจ้งเตือนไม่ได้ครับ ใช้ server key นี้อยู่: {t}\nตอนนี้ได้ error 401 ต้องย้ายไป FCM v1 ใช่ไหมครับ",
        t,
    )
    t = "EAAA" + rs(B64U, 60)
    S(
        "api_key",
        "Square access token for the POS, es-CL",
        f"Configuramos el POS de la tienda con Square. Access token de producción: {t}\n¿Por qué los pagos aparecen como pendientes?",
        t,
    )
    t = f"access_token$production${rs(LO + DG, 16)}${rhex(32)}"
    S(
        "api_key",
        "Braintree access token, pt-PT",
        f"O módulo de pagamentos da loja online pede o 'access token' do PayPal/Braintree. Pus este: {t}. Está no formato certo?",
        t,
    )
    t = "hvs." + rs(B64U, 91)
    S(
        "api_key",
        "Vault token in a shell history, zh-TW",
        f"同事離職前留下這段指令，我們要輪換哪些東西？\nexport VAULT_ADDR=https://vault.shop.internal:8200\nexport VAULT_TOKEN={t}\nvault kv get secret/pos/prod",
        t,
    )
    t = "glsa_" + rs(AN, 32) + "_" + rhex(8)
    S(
        "api_key",
        "Grafana service account token, bn-BD",
        f"ড্যাশবোর্ড থেকে ডেটা টানতে এই টোকেন ব্যবহার করছি: {t} — কিন্তু 'invalid API key' দেখাচ্ছে। কী করব?",
        t,
    )
    t = "lin_api_" + rs(AN, 40)
    S(
        "api_key",
        "Linear API key in a webhook handler, ur-PK",
        f'ہمارا سپورٹ بوٹ Linear میں ٹکٹ نہیں بنا رہا۔ کوڈ میں یہ key ہے: LINEAR_KEY = "{t}" کیا مسئلہ ہو سکتا ہے؟',
        t,
    )
    t = f"PMAK-{rhex(24)}-{rhex(34)}"
    S(
        "api_key",
        "Postman API key in a collection runner, tl-PH",
        f"Pa-check naman kung bakit ayaw tumakbo ng newman sa Jenkins. Gamit ko: newman run https://api.getpostman.com/collections/{rd(8)}-{ruuid()}?apikey={t}",
        t,
    )
    t = "EAAG" + rs(AN, 170)
    S(
        "api_key",
        "WhatsApp Cloud API token for a call centre, ar-EG",
        f"بنبعت رسايل تأكيد المواعيد للعملاء على واتساب. الـ access token اللي معانا: {t}\nبس الرسايل بترجع بخطأ 190، هل التوكن انتهى؟",
        t,
    )
    t = rhex(32) + "-us" + str(R.randint(2, 21))
    S(
        "api_key",
        "Mailchimp key for a newsletter, ar-MA",
        f"Bonjour, j'essaie d'ajouter les clients de l'agence à la liste Mailchimp. Clé API : {t}. Erreur 'API Key Invalid'. شنو المشكل؟",
        t,
    )
    kid, ksec = "rzp_live_" + rs(AN, 14), rs(AN, 24)
    S(
        "api_key",
        "Razorpay keys in a checkout config, hi-IN",
        f"भाई, पेमेंट गेटवे लाइव करना है। config में ये डाला है:\nRAZORPAY_KEY_ID={kid}\nRAZORPAY_KEY_SECRET={ksec}\nक्या secret को frontend में भी डालना पड़ेगा?",
        ksec,
    )
    aid, asec = "LTAI" + rs(AN, 20), rs(AN, 30)
    S(
        "api_key",
        "Alibaba Cloud AccessKey in an OSS upload script, zh-CN",
        f'上传发票扫描件到 OSS 一直报 InvalidAccessKeyId，配置如下：\naccess_key_id = "{aid}"\naccess_key_secret = "{asec}"\nendpoint = "oss-cn-hangzhou.aliyuncs.com"',
        aid,
        asec,
    )
    t = rs(B64, 171) + "="
    S(
        "api_key",
        "LINE channel access token, ja-JP",
        f"予約リマインドを LINE で送っています。チャネルアクセストークン（長期）は\n{t}\nです。送信すると 401 が返ってきます。再発行が必要ですか？",
        t,
    )
    t = rhex(32)
    S(
        "api_key",
        "Kakao REST API key, ko-KR",
        f"카카오 알림톡 연동 중인데 REST API 키 {t} 로 호출하면 -401 에러가 나요. 앱 설정에서 뭘 확인해야 하나요?",
        t,
    )
    t = "y0_AgAAAAA" + rs(B64U, 48)
    S(
        "api_key",
        "Yandex OAuth token in a courier script, ru-RU",
        f"Скрипт выгрузки маршрутов курьеров перестал работать. Токен в заголовке: Authorization: OAuth {t}\nОтвет 401. Что проверить?",
        t,
    )
    u = discord_hook()
    S(
        "webhook",
        "Discord webhook for shop alerts, en-US",
        f"I want the register to post low-stock alerts to our staff Discord. Webhook: {u}\nCan you write the curl command?",
        u,
    )
    u = teams_hook()
    S(
        "webhook",
        "Teams incoming webhook in a monitoring job, de-AT",
        f"Unser Monitoring soll Alarme in den Teams-Kanal 'IT-Störungen' schicken. Der Webhook lautet:\n{u}\nWie formatiere ich eine Adaptive Card dafür?",
        u,
    )
    t = "sntryu_" + rhex(64)
    S(
        "api_key",
        "Sentry auth token in a release script, nl-NL",
        f"sentry-cli geeft 'Invalid token' bij het uploaden van sourcemaps. In de pipeline staat SENTRY_AUTH_TOKEN={t} en SENTRY_ORG=kassasysteem. Klopt dat?",
        t,
    )
    t = "11" + rhex(32)
    S(
        "api_key",
        "Jenkins API token in a trigger URL, pl-PL",
        f"Wyzwalam build z innego serwera tak:\ncurl -X POST -u deploy:{t} https://jenkins.firma.lokal/job/wms-release/build\ndostaję 403 No valid crumb. Jak to obejść?",
        t,
    )
    t = rs(LO + "234567", 52)
    S(
        "api_key",
        "Azure DevOps PAT in a pipeline variable, sv-SE",
        f"Pipelinen kan inte klona repot från det andra projektet. Jag har lagt in en PAT: {t} som variabel AZDO_PAT. Vilka scopes behövs?",
        t,
    )
    t = "sk.eyJ1Ijoi" + rs(AN, 60) + "." + rs(B64U, 22)
    S(
        "api_key",
        "Mapbox secret token for delivery maps, fr-CA",
        f"Le planificateur de tournées utilise Mapbox. J'ai mis le jeton secret {t} dans le code du site web public, est-ce un problème?",
        t,
    )

    # --- bearer tokens, JWTs, cookies ---------------------------------------
    t = jwt(
        {
            "sub": f"usr_{rd(6)}",
            "role": "dispatcher",
            "tenant": "north-depot",
            "iat": 1736930000 + R.randint(0, 99999),
            "exp": 1736933600 + R.randint(0, 99999),
        }
    )
    S(
        "jwt",
        "developer debugging an API call with a bearer JWT, en-US",
        f"why does this return 403?\n\ncurl -s https://api.fleetdesk.io/v2/routes?date=2025-01-15 \\\n  -H 'Authorization: Bearer {t}' \\\n  -H 'Accept: application/json'",
        t,
    )
    t = jwt(
        {
            "sub": rd(8),
            "scope": "nominas:read nominas:write",
            "iss": "https://auth.rrhh-interno.es",
            "exp": 1740000000 + R.randint(0, 9999999),
        }
    )
    S(
        "jwt",
        "HR integration token in a Postman export, es-ES",
        f"Me pasaron este token para probar la API de nóminas, ¿me explicas qué permisos tiene?\n{t}",
        t,
    )
    t = jwt(
        {
            "uid": rd(7),
            "name": "store-admin",
            "shop": f"SH{rd(3)}",
            "exp": 1750000000 + R.randint(0, 9999999),
        }
    )
    S(
        "jwt",
        "JWT from browser localStorage, zh-CN",
        f"后台登录后 localStorage 里有这个 token：{t}\n它多久过期？能不能直接改 exp？",
        t,
    )
    sid, csrf = session_django(), rs(AN, 64)
    S(
        "session_cookie",
        "HR portal cookies in a bug report, en-GB",
        f"Bug report for the leave-booking portal: after login I get bounced back to /login. Request headers from DevTools:\n\nGET /leave/calendar/ HTTP/2\nHost: people.harrowgate-care.co.uk\nCookie: csrftoken={csrf}; sessionid={sid}\nUser-Agent: Mozilla/5.0",
        sid,
        csrf,
    )
    sid = rs(LO + DG, 26)
    S(
        "session_cookie",
        "PHP session cookie from a school portal, fr-FR",
        f"Le portail des parents déconnecte tout le monde au bout de 2 minutes. Dans le navigateur je vois PHPSESSID={sid} avec une expiration « Session ». Pourquoi ?",
        sid,
    )
    sid = rhex(32).upper()
    S(
        "session_cookie",
        "Java session id in a clinic booking log, it-IT",
        f"Nel log del gestionale prenotazioni vedo questa riga ripetuta:\n2025-02-11 09:14:07 WARN  SessionManager - invalid session JSESSIONID={sid}.node2 for /agenda/conferma\nCosa significa?",
        sid,
    )
    sid = "s%3A" + rs(B64U, 32) + "." + rs(B64U, 43)
    S(
        "session_cookie",
        "Express session cookie copied from the browser, ko-KR",
        f"로그인 유지가 안 돼서 쿠키를 복사해 봤어요: connect.sid={sid}\n세션 스토어가 Redis 인데 뭐가 문제일까요?",
        sid,
    )
    t = rs(B64U, 43)
    S(
        "password_reset_link",
        "password reset link forwarded to the helpdesk, en-GB",
        f"Hi, a user forwarded me this to ask if it's phishing: 'Reset your password: https://login.northfield-academy.org.uk/account/reset?uid=Mjc0&token={t}' — it looks legit to me, can you confirm what to check?",
        t,
    )
    t = rs(B64U, 48)
    S(
        "password_reset_link",
        "magic login link pasted in chat, de-DE",
        f"Kannst du mir sagen, ob dieser Anmeldelink noch gültig ist? https://portal.hausverwaltung-kessler.de/auth/magic?token={t}&redirect=%2Fmieter",
        t,
    )

    # --- keys and key material ----------------------------------------------
    text, lines = pem("RSA")
    s1 = inner_line(lines)
    S(
        "private_key",
        "RSA key pasted into a helpdesk ticket, en-US",
        f"Ticket INC0{rd(6)} — vendor sent us this key to install on the SFTP box, which folder does it go in?\n\n{text}",
        s1,
    )
    text, lines = pem("OPENSSH")
    s1 = inner_line(lines)
    S(
        "private_key",
        "OpenSSH key from a deploy server, de-DE",
        f"Ich kann mich mit diesem Schlüssel nicht mehr auf dem Kassenserver anmelden ('invalid format'). Ist die Datei kaputt?\n\n{text}\n",
        s1,
    )
    text, lines = pem("EC")
    s1 = lines[1]
    S(
        "private_key",
        "EC private key for an API client, ja-JP",
        f"決済APIのクライアント証明書用の秘密鍵です。この形式で合っていますか？\n{text}",
        s1,
    )
    text, lines = pem("PKCS8")
    pkid = rhex(40)
    s1 = inner_line(lines)
    sa = json.dumps(
        {
            "type": "service_account",
            "project_id": f"payroll-sync-{rd(6)}",
            "private_key_id": pkid,
            "private_key": text + "\n",
            "client_email": f"sheets-writer@payroll-sync-{rd(6)}.iam.gserviceaccount.com",
            "client_id": rdn(21),
            "auth_uri": "https://accounts.google.com/o/oauth2/auth",
            "token_uri": "https://oauth2.googleapis.com/token",
        },
        indent=2,
    )
    S(
        "service_account",
        "GCP service account JSON pasted by an HR analyst, en-IN",
        f"I downloaded this file to let the attendance script write to Google Sheets. Where do I put it?\n\n{sa}",
        pkid,
        s1,
    )
    text, lines = pem("RSA")
    s1 = inner_line(lines)
    S(
        "private_key",
        "TLS key for the client portal, pt-BR",
        f"O certificado do portal do cliente venceu. O fornecedor mandou o .key assim, dá pra gerar o CSR a partir dele?\n{text}",
        s1,
    )
    a = pw_strong(16, AN + "#%+=")
    S(
        "ssh",
        "sshpass in a backup cron, hi-IN",
        f"यह cron job रात को backup नहीं ले रहा:\n0 2 * * * sshpass -p '{a}' rsync -az /var/lib/tally/ backup@192.168.10.5:/mnt/tally/\nकोई सुरक्षित तरीका बताइए।",
        a,
    )
    a = pw_human()
    S(
        "ssh",
        "SSH key passphrase shared in a handover note, en-AU",
        f"Handover for the weekend on-call: jump host is bastion-syd.internal, key is in the shared vault under 'oncall-ed25519', passphrase is {a}. Ping me if the VPN drops.",
        a,
    )
    priv, psk = b64(32), b64(32)
    S(
        "vpn_psk",
        "WireGuard config of a remote warehouse, ru-RU",
        f"Не поднимается туннель со склада в Подольске. Конфиг:\n[Interface]\nPrivateKey = {priv}\nAddress = 10.66.0.14/32\nDNS = 10.66.0.1\n\n[Peer]\nPublicKey = {b64(32)}\nPresharedKey = {psk}\nEndpoint = vpn.sklad-logistika.ru:51820\nAllowedIPs = 10.66.0.0/16",
        priv,
        psk,
    )
    psk = pw_strong(24, AN + "!#%+")
    S(
        "vpn_psk",
        "IPsec pre-shared key for a branch router, tr-TR",
        f"Şube router'ında IPsec tüneli kuruluyor ama faz 1 geçmiyor. Ayarlar: IKEv2, AES-256, SHA-256, DH 14, pre-shared key: {psk}. Karşı taraf FortiGate.",
        psk,
    )
    a = pw_human()
    S(
        "vpn_psk",
        "OpenVPN auth file, pl-PL",
        f"Plik auth.txt dla VPN biura rachunkowego wygląda tak:\nbiuro-krakow\n{a}\nCzy mogę go trzymać w tym samym folderze co .ovpn?",
        a,
    )
    a = pw_strong(20, AN)
    S(
        "vpn_psk",
        "L2TP shared secret given to a new accountant, en-ZA",
        f"Please draft a short welcome note for our new bookkeeper with the VPN steps: server vpn.karoo-accounting.co.za, type L2TP/IPsec, shared secret {a}, then her own username and password.",
        a,
    )

    # --- wifi / door / alarm codes -------------------------------------------
    w = pw_human()
    S(
        "wifi",
        "Wi-Fi for a GP practice, de-DE",
        f"Kannst du ein Schild für das Wartezimmer formulieren? WLAN: Praxis-Gast, Schlüssel: {w}. Bitte freundlich, mit Hinweis, dass kein Streaming erlaubt ist.",
        w,
    )
    w = pw_human()
    S(
        "wifi",
        "staff Wi-Fi in a shop, es-ES",
        f"Para el cartel del office: red 'Tienda-Staff', contraseña {w}. Que quede claro que los clientes no la pueden usar.",
        w,
    )
    w = pw_human()
    S(
        "wifi",
        "Wi-Fi QR payload for a school staff room, fr-FR",
        f"Je veux imprimer un QR code pour la salle des profs, c'est bien ce texte ? WIFI:T:WPA;S:College-Personnel;P:{w};;",
        w,
    )
    w = pw_strong(12, AN)
    S(
        "wifi",
        "office Wi-Fi in a chat to a new hire, th-TH",
        f"น้องใหม่ถามรหัส Wi-Fi ออฟฟิศ ช่วยเขียนข้อความตอบให้หน่อย: ชื่อเครือข่าย Office-5G รหัส {w} ห้ามบอกลูกค้านะ",
        w,
    )
    w = pw_human()
    S(
        "wifi",
        "Wi-Fi in an estate agent's office, en-GB",
        f"New negotiator starts Monday. Add to the welcome email: Wi-Fi is 'Lettings-Office' and the password is {w}. Printer is the big Ricoh by the kitchen.",
        w,
    )
    w = pw_strong(10, AN)
    S(
        "wifi",
        "pharmacy Wi-Fi, ar-EG",
        f"اكتبلي رسالة للموظفين الجداد في الصيدلية: شبكة الواي فاي Pharmacy-Staff والباسورد {w} وممنوع إعطاؤه للزبائن.",
        w,
    )
    c = code6()
    S(
        "door_code",
        "school gate code change, fr-FR",
        f"Peux-tu rédiger un mot pour les enseignants : le code du portail côté parking change lundi, le nouveau code est {c}. Merci de ne pas le communiquer aux parents.",
        c,
    )
    c = code6()
    S(
        "door_code",
        "alarm code for a store, es-MX",
        f"Redacta un mensaje para el encargado del turno de noche: el código de la alarma de la tienda es {c}, se activa al salir y tiene 30 segundos.",
        c,
    )
    c = code6()
    S(
        "door_code",
        "warehouse door code, tr-TR",
        f"Gece vardiyası için not hazırla: depo kapısının şifresi {c}, kimseyle paylaşmayın, çıkarken alarmı kurun.",
        c,
    )
    c = rd(4) + "#" + rd(2)
    S(
        "door_code",
        "key safe at a rental property, en-AU",
        f"Tenant is locked out at the Brunswick unit. The key safe by the meter box opens with {c}. Can you write a text to send her with the steps?",
        c,
    )
    c = code6()
    S(
        "door_code",
        "controlled-drugs cabinet code in a pharmacy, de-AT",
        f"Übergabe Nachtdienst Apotheke: BtM-Schrank Code {c}, Kühlschrank 2 zeigt 9 Grad, Techniker kommt morgen. Bitte als kurze Notiz formulieren.",
        c,
    )
    c = code6()
    S(
        "door_code",
        "server room door code, it-IT",
        f"Scrivi un promemoria per i tecnici esterni: sala server al piano -1, codice porta {c}, firmare il registro all'ingresso.",
        c,
    )

    # --- one-time codes -----------------------------------------------------
    c = code6()
    S(
        "otp",
        "call-centre agent pastes a customer's SMS, tl-PH",
        f"Ano ang isasagot ko sa customer? Sabi niya natanggap niya ito: 'Your one-time PIN is {c}. Valid for 5 minutes. Never share this code.' Gusto niyang ibigay sa akin.",
        c,
    )
    c = code6()
    S(
        "otp",
        "colleague asks for a 2FA code, en-IN",
        f"quick pls — the GST portal sent the OTP to my phone, it's {c}, can you enter it on your side before it expires",
        c,
    )
    c = code6()
    S(
        "otp",
        "verification code read aloud, pt-BR",
        f"Cliente ligou dizendo que recebeu o código de verificação {c} do banco e perguntou se pode passar pra gente. Como respondo?",
        c,
    )
    c = code6()
    S(
        "otp",
        "verification code from an e-commerce site, id-ID",
        f"Mbak, kode OTP buat login akun toko di marketplace: {c}. Tolong masukin sekarang ya, saya lagi di jalan.",
        c,
    )
    c = code6()
    S(
        "otp",
        "government portal code to a colleague, ar-SA",
        f"وصلني رمز التحقق من منصة قوى: {c} أرسله للزميل عشان يكمل تسجيل الموظف الجديد؟",
        c,
    )
    c = code6()
    S(
        "otp",
        "SMS code in a chat, zh-CN",
        f"财务那边要我把验证码给他们登录网银：{c}，这样安全吗？",
        c,
    )
    c = code6()
    S(
        "otp",
        "SMS code, ru-RU",
        f"Помогите ответить клиенту: ему пришло СМС «Код подтверждения {c}. Никому не сообщайте», а оператор попросил его назвать.",
        c,
    )
    c = rd(8)
    S(
        "otp",
        "bank token code for payroll approval, vi-VN",
        f"Chị ơi, mã xác thực Smart OTP để duyệt bảng lương tháng này là {c}, chị nhập giúp em nhé.",
        c,
    )

    # --- PINs ---------------------------------------------------------------
    c = rd(8)
    S(
        "pin",
        "SIM PUK for a company phone, de-AT",
        f"Das Diensthandy vom Lagerleiter ist gesperrt. PUK laut Karte: {c}. Wie oft darf man den eingeben?",
        c,
    )
    c = code6()
    S(
        "pin",
        "voicemail PIN for a shared line, en-CA",
        f"Reset the front desk voicemail: new PIN is {c}. Can you write a sticky-note style reminder for the receptionists?",
        c,
    )
    c = code6()
    S(
        "pin",
        "card terminal supervisor PIN, en-ZA",
        f"The card machine asks for a supervisor PIN to do refunds. Ours is {c}. Write a quick how-to for the till staff.",
        c,
    )
    c = code6()
    S(
        "pin",
        "safe combination, nl-NL",
        f"Overdracht kassa: de kluis in het magazijn gaat open met {c}, wisselgeld ligt in de bovenste la.",
        c,
    )
    c = rd(6)
    S(
        "pin",
        "ELSTER certificate PIN, de-DE",
        f"Für die Lohnsteueranmeldung fragt ELSTER nach dem Passwort zur Zertifikatsdatei. Es ist {c}. Wo lege ich die .pfx am besten ab?",
        c,
    )

    # --- recovery codes / seeds ---------------------------------------------
    codes = [f"{rhex(5)}-{rhex(5)}" for _ in range(16)]
    S(
        "recovery_code",
        "GitHub recovery codes pasted by a developer, en-US",
        "github-recovery-codes.txt — where should I store these?\n\n" + "\n".join(codes),
        *codes,
    )
    codes = [f"{rd(4)} {rd(4)}" for _ in range(10)]
    S(
        "recovery_code",
        "Google backup codes, es-ES",
        "Códigos de seguridad de la cuenta de la clínica (guardar en lugar seguro):\n"
        + "\n".join(f"{i + 1}. {c}" for i, c in enumerate(codes)),
        *codes,
    )
    k = bitlocker()
    S(
        "recovery_code",
        "BitLocker recovery key read over the phone, de-DE",
        f"Ticket: Laptop von der Buchhaltung fragt nach dem BitLocker-Wiederherstellungsschlüssel. Schlüssel-ID 5B2F…, Schlüssel: {k}. Bitte Antwort an den Nutzer formulieren.",
        k,
    )
    k = bitlocker()
    S(
        "recovery_code",
        "BitLocker key in a helpdesk ticket, en-GB",
        f"INC0{rd(6)} resolved: recovery key {k} provided to user over Teams after ID check. Can you rewrite this as a closure note?",
        k,
    )
    k = ms_recovery()
    S(
        "recovery_code",
        "Microsoft account recovery code, fr-CA",
        f"Code de récupération du compte Microsoft de la réception : {k}. Où devrais-je le conserver?",
        k,
    )
    sec = rs(B32, 32)
    S(
        "totp_secret",
        "TOTP secret from an otpauth URI, nl-NL",
        f"Ik moet 2FA overzetten naar de nieuwe telefoon van de praktijk. De QR-code bevat: otpauth://totp/Zorgportaal:receptie?secret={sec}&issuer=Zorgportaal&digits=6",
        sec,
    )
    sec = rs(B32, 16)
    S(
        "totp_secret",
        "2FA setup key copied by an accountant, pl-PL",
        f"Klucz konfiguracji 2FA do e-Urzędu Skarbowego dla biura: {sec} — czy mogę go dopisać do wspólnego menedżera haseł?",
        sec,
    )

    # --- framework secrets ---------------------------------------------------
    k = "base64:" + b64(32)
    S(
        "app_secret",
        "Laravel APP_KEY in a ticket, pt-BR",
        f"Depois do deploy o sistema da imobiliária dá 'The MAC is invalid'. No .env está APP_KEY={k}. Preciso gerar outra?",
        k,
    )
    k = rs(LO + DG + "!@#$%^&*(-_=+)", 50)
    S(
        "app_secret",
        "Django SECRET_KEY in settings.py, en-IN",
        f"is this settings.py ok for production?\n\nDEBUG = False\nALLOWED_HOSTS = ['attendance.corp.local']\nSECRET_KEY = '{k}'\nTIME_ZONE = 'Asia/Kolkata'",
        k,
    )
    k = rhex(32)
    S(
        "app_secret",
        "Rails master key in a chat, ja-JP",
        f"本番サーバーで credentials が読めません。config/master.key の中身は {k} です。環境変数 RAILS_MASTER_KEY に入れればいいですか？",
        k,
    )
    v1, v2 = base64.b64encode(b"hr_app").decode(), base64.b64encode(pw_strong(18).encode()).decode()
    S(
        "k8s_secret",
        "Kubernetes secret manifest, en-US",
        f"kubectl apply fails with 'illegal base64 data'. manifest:\n\napiVersion: v1\nkind: Secret\nmetadata:\n  name: hr-db\n  namespace: people\ntype: Opaque\ndata:\n  username: {v1}\n  password: {v2}",
        v2,
    )
    k = " ".join(rs(LO, 4) for _ in range(4))
    S(
        "password",
        "Google app password for a scanner, en-US",
        f"The copier's scan-to-email stopped working. I created an app password for scans@ our Workspace: {k} — which SMTP port do I use?",
        k,
    )

    # --- passwords typed to colleagues or into tickets ----------------------
    rows = [
        (
            "en-US",
            "shared mailbox password in chat",
            "hey can you cover the billing inbox while I'm out? login is billing@ and the password is {p}",
        ),
        (
            "en-GB",
            "HR system password in a ticket",
            "Ticket for Access team: please reset my Cascade HR login, current one ({p}) stopped working after the update.",
        ),
        (
            "en-NG",
            "payroll portal password sent on WhatsApp",
            "Abeg help me log in to the payroll portal from your side, the password na {p}, username is the staff email",
        ),
        (
            "es-CO",
            "CRM password to a colleague",
            "Te dejo la clave del CRM de cartera para que llames a los morosos hoy: {p}. Cámbiala cuando termines.",
        ),
        (
            "es-CL",
            "school management system password",
            "Para subir las notas al sistema del colegio usa mi cuenta mientras te crean la tuya, la contraseña es {p}",
        ),
        (
            "pt-PT",
            "accounting software password",
            "Deixo-te a palavra-passe do Primavera para lançares as faturas de março: {p}",
        ),
        (
            "fr-CA",
            "dental clinic software password",
            "Le mot de passe de Dentitek pour la réception cette semaine est {p}, je le change vendredi.",
        ),
        (
            "de-AT",
            "practice software password",
            "Für die Vertretung morgen: Login in die Ordinationssoftware mit Benutzer 'vertretung2', Passwort {p}.",
        ),
        (
            "it-IT",
            "NAS password for an office",
            "La password dell'utente admin del NAS dello studio è {p}, serve per recuperare i backup.",
        ),
        (
            "cs-CZ",
            "warehouse app password",
            "Heslo do skladové aplikace pro brigádníky je {p}, po směně se odhlaste.",
        ),
        (
            "hu-HU",
            "router admin password",
            "A bolt routerének admin jelszava {p}, ha újra kell indítani a hálózatot.",
        ),
        (
            "ro-RO",
            "ERP password for a temp",
            "Parola contului temporar din ERP pentru colega de la facturare este {p}, valabilă o săptămână.",
        ),
        (
            "sv-SE",
            "booking system password",
            "Lösenordet till bokningssystemet på vårdcentralen: {p}. Byt det efter första inloggningen.",
        ),
        (
            "nb-NO",
            "property portal password",
            "Passordet til Finn-kontoen for utleieboligene er {p}, ikke del det med vaktmester.",
        ),
        (
            "da-DK",
            "e-Boks admin password",
            "Kan du logge ind på firmaets e-Boks med {p} og hente lønsedlerne til revisoren?",
        ),
        (
            "fi-FI",
            "point-of-sale admin password",
            "Kassajärjestelmän pääkäyttäjän salasana on {p}, tarvitset sen hinnanmuutoksiin.",
        ),
        (
            "el-GR",
            "pharmacy software password",
            "Ο κωδικός για το πρόγραμμα του φαρμακείου είναι {p}, άλλαξέ τον μετά την πρώτη είσοδο.",
        ),
        (
            "ru-RU",
            "1C password for an accountant",
            "Пароль от 1С для новой бухгалтерши: {p}, логин такой же, как в почте.",
        ),
        (
            "uk-UA",
            "courier app password",
            "Пароль до кабінету кур'єрської служби: {p}. Не пересилай нікому.",
        ),
        (
            "he-IL",
            "clinic system password",
            "הסיסמה למערכת זימון התורים של המרפאה היא {p}, תחליפי אחרי הכניסה הראשונה.",
        ),
        ("bn-BD", "garment factory ERP password", "স্টোরের ERP তে লগইন করতে এই পাসওয়ার্ড দাও: {p}"),
        (
            "zh-TW",
            "POS backend password",
            "門市 POS 後台密碼是 {p}，晚班結帳要用，不要貼在收銀機上。",
        ),
        (
            "ko-KR",
            "groupware password",
            "그룹웨어 임시 비밀번호는 {p} 입니다. 로그인 후 바로 변경해 주세요.",
        ),
        (
            "ms-MY",
            "HR system password",
            "Kata laluan sistem HR untuk akaun sementara awak: {p}. Tukar selepas log masuk.",
        ),
        (
            "ar-MA",
            "property management password",
            "Le mot de passe du logiciel de gestion locative est {p}, ne le partage pas avec les stagiaires.",
        ),
        (
            "ur-PK",
            "billing system password",
            "بلنگ سسٹم کا پاس ورڈ {p} ہے، شام کی شفٹ والے اسے استعمال کریں۔",
        ),
    ]
    for loc, what, tpl in rows:
        p = pick([pw_human, pw_strong, pw_human])()
        S("password", f"{what}, {loc}", tpl.format(p=p), p)

    # temporary passwords of new hires in onboarding material
    p1, p2 = pw_temp("Welcome"), pw_temp("Welcome")
    S(
        "password",
        "onboarding checklist with temp passwords, en-US",
        f"Onboarding checklist — week of 3/10\n[x] laptop imaged (asset IT-{rd(5)})\n[x] AD account created, temp pw {p1}\n[ ] badge photo\n[x] Workday login created, temp pw {p2}\n[ ] payroll direct deposit form",
        p1,
        p2,
    )
    p1 = pw_temp("Bienvenido")
    S(
        "password",
        "new hire credentials e-mail draft, es-ES",
        f"Redáctame un correo de bienvenida para la nueva administrativa. Incluye: usuario del dominio 'clinica\\recepcion3', contraseña provisional {p1}, que la cambie el primer día, y que el horario es de 8 a 15.",
        p1,
    )
    p1 = pw_temp("Bienvenue")
    S(
        "password",
        "temp password in a letter to a new teacher, fr-BE",
        f"Mets en forme ce message pour la nouvelle institutrice : identifiant Smartschool créé, mot de passe temporaire {p1}, à modifier dès la première connexion.",
        p1,
    )
    p1 = pw_temp("Willkommen")
    S(
        "password",
        "temp password for a new pharmacy assistant, de-CH",
        f"Bitte formuliere eine kurze Nachricht an die neue Pharma-Assistentin: Benutzer 'pa-neu', Startpasswort {p1}, Schulung am Dienstag.",
        p1,
    )
    p1 = pw_temp("Benvenuto")
    S(
        "password",
        "temp password, it-IT",
        f"Nuovo collega in amministrazione: account creato, password iniziale {p1}. Scrivi tu due righe gentili per mandargliela?",
        p1,
    )
    p1 = pw_temp("Welkom")
    S(
        "password",
        "temp password for a new tenant-services employee, nl-NL",
        f"Maak een welkomstbericht: inlog voor het huurdersportaal is aangemaakt, tijdelijk wachtwoord {p1}, wijzigen binnen 24 uur.",
        p1,
    )
    p1 = pw_temp("Witamy")
    S(
        "password",
        "temp password in an onboarding table, pl-PL",
        f"Lista wdrożenia:\nkonto AD — utworzone\nhasło startowe — {p1}\nkarta wejściowa — do odbioru w recepcji\nszkolenie BHP — czwartek",
        p1,
    )
    p1 = pw_temp("Hosgeldin")
    S(
        "password",
        "temp password to a new call-centre agent, tr-TR",
        f"Yeni müşteri temsilcisine mesaj yaz: CRM kullanıcı adı hazır, geçici şifre {p1}, ilk girişte değiştirsin.",
        p1,
    )
    p1 = pw_temp("Bemvindo")
    S(
        "password",
        "temp password for a new intern, pt-BR",
        f"Escreve uma mensagem de boas-vindas pro estagiário: e-mail corporativo criado, senha provisória {p1}, trocar no primeiro acesso.",
        p1,
    )
    p1 = pw_temp("Selamat")
    S(
        "password",
        "temp password for a school admin, id-ID",
        f"Tolong buatkan pesan untuk staf TU baru: akun Dapodik sudah dibuat, kata sandi sementara {p1}, segera ganti.",
        p1,
    )
    p1 = pw_temp("Start")
    S(
        "password",
        "temp password, ja-JP",
        f"新入社員向けの案内文を作ってください。社内ポータルの初期パスワードは {p1} です。初回ログイン時に変更してください。",
        p1,
    )
    p1 = pw_temp("Xinchao")
    S(
        "password",
        "temp password, vi-VN",
        f"Soạn giúp tin nhắn cho nhân viên kho mới: tài khoản phần mềm kho đã tạo, mật khẩu tạm {p1}, đổi ngay khi đăng nhập.",
        p1,
    )
    p1 = pw_temp("Karibu")
    S(
        "password",
        "temp password for a clinic receptionist, en-NG",
        f"Draft a WhatsApp message to the new front desk officer: EMR username is frontdesk4, temporary password {p1}, she should change it on first login.",
        p1,
    )
    p1 = pw_temp("Namaste")
    S(
        "password",
        "temp password, hi-IN",
        f"नए कर्मचारी के लिए संदेश लिखें: HRMS लॉगिन बन गया है, अस्थायी पासवर्ड {p1} है, पहली बार लॉगिन पर बदलें।",
        p1,
    )
    p1 = pw_temp("Tervetuloa")
    S(
        "password",
        "temp password, fi-FI",
        f"Kirjoita tervetuloviesti uudelle kirjanpitäjälle: käyttäjätunnus luotu, väliaikainen salasana {p1}.",
        p1,
    )
    p1 = pw_temp("Huanying")
    S(
        "password",
        "temp password, zh-CN",
        f"帮我写一段给新员工的通知：OA 账号已开通，初始密码 {p1}，首次登录后请修改。",
        p1,
    )
    p1 = pw_temp("Marhaban")
    S(
        "password",
        "temp password, ar-SA",
        f"اكتب رسالة ترحيب للموظفة الجديدة: تم إنشاء حسابها في نظام الموارد البشرية، كلمة المرور المؤقتة {p1}، ويجب تغييرها عند أول دخول.",
        p1,
    )

    # --- more passwords inside pasted material ------------------------------
    a = pw_strong(14)
    S(
        "password",
        "iDRAC credentials in a datacentre ticket, en-GB",
        f"CHG0{rd(6)} — firmware update on rack B4. iDRAC: https://10.40.2.21, user root, password {a}. Maintenance window Sat 22:00–02:00.",
        a,
    )
    a = pw_human()
    S(
        "password",
        "EHR login in a locum handover, en-AU",
        f"Locum handover notes:\n- Clinic opens 8:30, first patient 8:45\n- Best Practice login: locum1 / {a}\n- Pathology results come in via HealthLink after 11\n- Script pads in the top drawer",
        a,
    )
    a = pw_human()
    S(
        "password",
        "exam board portal password, en-GB",
        f"Exams officer note: the AQA Centre Services password is {a}, please don't change it before results day, I'll rotate it after.",
        a,
    )
    a = pw_human()
    S(
        "password",
        "payslip PDF password explained to a colleague, es-MX",
        f"Para abrir los recibos de nómina de la sucursal usa la contraseña {a}, luego te mando la nueva.",
        a,
    )
    a = pw_strong(12, AN)
    S(
        "password",
        "client document portal password, de-DE",
        f"Bitte Mail an den Mandanten entwerfen: die Unterlagen zur Scheidungsfolgenvereinbarung liegen im Mandantenportal, das Passwort für die ZIP-Datei lautet {a}.",
        a,
    )
    a = pw_human()
    S(
        "password",
        "Government Gateway password for a client, en-GB",
        f"Client's HMRC login for the self-assessment: user ID on file, password {a}. Can you draft an email asking her to set up her own access instead?",
        a,
    )
    a = pw_strong(16)
    S(
        "api_key",
        "carrier API credentials in a dispatch config, en-US",
        f"carriers.yml from the dispatch box, the DHL rates call returns 401:\n\ndhl:\n  base_url: https://express.api.dhl.com/mydhlapi\n  api_key: {rs(AN, 16)}\n  api_secret: {a}\n  account: 95{rd(7)}",
        a,
    )
    cs = rs(B64U, 40)
    S(
        "api_key",
        "contact-centre platform client secret, fr-FR",
        f"L'intégration entre le CRM et la plateforme de téléphonie ne marche plus. Client ID : {ruuid()}, client secret : {cs}. Faut-il régénérer le secret ?",
        cs,
    )
    cs = "GOCSPX-" + rs(B64U, 28)
    S(
        "api_key",
        "Google OAuth client secret, es-CO",
        f"Para el login con Google del portal de estudiantes tengo client_id {rdn(12)}-{rs(LO + DG, 32)}.apps.googleusercontent.com y client_secret {cs}. ¿Dónde va cada uno en el .env?",
        cs,
    )


# ---------------------------------------------------------------------------
# addresses: (street line that must go, full address as typed)
# ---------------------------------------------------------------------------

GB_IN = "ABDEFGHJLNPQRSTUWXYZ"


def address(loc: str) -> tuple[str, str]:
    n = R.randint(2, 180)
    if loc == "en-US":
        city, st, z = pick(
            [
                ("Columbus", "OH", "432"),
                ("Austin", "TX", "787"),
                ("Tacoma", "WA", "984"),
                ("Decatur", "GA", "300"),
                ("Evanston", "IL", "602"),
                ("Mesa", "AZ", "852"),
            ]
        )
        street = f"{R.randint(100, 9899)} {pick(['Maple Ave', 'W 38th St', 'Lakeview Dr', 'Sycamore Ln', 'N Halsted St', 'Peachtree Rd NE', 'Elm Ridge Ct'])}"
        return street, f"{street}, Apt {R.randint(1, 40)}{pick('ABCD')}, {city}, {st} {z}{rd(2)}"
    if loc == "en-GB":
        street = f"{n} {pick(['Rosebery Avenue', 'Kingsley Road', 'Mill Lane', 'Station Road', 'Cromwell Terrace', 'Albert Street', 'Wharfedale View'])}"
        pc = f"{pick(['LS6', 'M14', 'B29', 'NG7', 'BS3', 'CF24', 'G12', 'EH7', 'SE15', 'N16', 'L15'])} {R.randint(1, 9)}{pick(GB_IN)}{pick(GB_IN)}"
        return (
            street,
            f"{street}, {pick(['Leeds', 'Manchester', 'Birmingham', 'Nottingham', 'Bristol', 'Cardiff', 'Glasgow'])} {pc}",
        )
    if loc in ("en-IN", "hi-IN"):
        street = f"Flat {R.randint(101, 1204)}, {pick(['Sai Krupa Apartments', 'Green Park Residency', 'Shanti Niketan CHS', 'Lakshmi Enclave'])}"
        city, pin = pick(
            [
                ("Mumbai", "4000"),
                ("Bengaluru", "5600"),
                ("Chennai", "6000"),
                ("Pune", "4110"),
                ("Hyderabad", "5000"),
            ]
        )
        return (
            street,
            f"{street}, {pick(['MG Road', 'Linking Road', '100 Feet Road', 'Anna Salai', 'FC Road'])}, {city} - {pin}{rd(2)}",
        )
    if loc == "en-AU":
        street = f"{n} {pick(['Brunswick St', 'Anzac Pde', 'Glenferrie Rd', 'Beach Rd', 'Military Rd', 'Wattle Grove'])}"
        sub = pick(
            [
                ("Fitzroy", "VIC", "3065"),
                ("Kensington", "NSW", "2033"),
                ("Hawthorn", "VIC", "3122"),
                ("Mosman", "NSW", "2088"),
                ("Paddington", "QLD", "4064"),
            ]
        )
        return street, f"Unit {R.randint(1, 12)}/{street}, {sub[0]} {sub[1]} {sub[2]}"
    if loc in ("en-CA", "fr-CA"):
        street = f"{R.randint(10, 4999)} {pick(['Queen St W', 'rue Saint-Denis', 'Jasper Ave', 'Commercial Dr', 'rue Sherbrooke Est'])}"
        city, pv, fl = pick(
            [
                ("Toronto", "ON", "M"),
                ("Montréal", "QC", "H"),
                ("Edmonton", "AB", "T"),
                ("Vancouver", "BC", "V"),
            ]
        )
        pc = f"{fl}{R.randint(1, 9)}{pick('ABCEGHJKLMNPRSTVWXYZ')} {R.randint(0, 9)}{pick('ABCEGHJKLMNPRSTVWXYZ')}{R.randint(0, 9)}"
        return street, f"{street}, {city}, {pv} {pc}"
    if loc == "en-NG":
        street = f"{n} {pick(['Adeola Odeku Street', 'Allen Avenue', 'Aminu Kano Crescent', 'Awolowo Road', 'Herbert Macaulay Way'])}"
        return (
            street,
            f"{street}, {pick(['Victoria Island, Lagos', 'Ikeja, Lagos', 'Wuse II, Abuja', 'Ikoyi, Lagos', 'Yaba, Lagos'])}",
        )
    if loc == "en-ZA":
        street = f"{n} {pick(['Jan Smuts Ave', 'Long St', 'Florida Rd', 'Main Rd', 'Rivonia Rd'])}"
        sub = pick(
            [
                ("Parktown North", "Johannesburg", "2193"),
                ("Gardens", "Cape Town", "8001"),
                ("Morningside", "Durban", "4001"),
                ("Rondebosch", "Cape Town", "7700"),
            ]
        )
        return street, f"{street}, {sub[0]}, {sub[1]}, {sub[2]}"
    if loc == "es-ES":
        street = f"Calle {pick(['de Alcalá', 'Mayor', 'del Pez', 'de la Princesa', 'de Colón', 'de San Vicente'])}, {n}"
        cp, city = pick(
            [
                ("280", "Madrid"),
                ("080", "Barcelona"),
                ("460", "Valencia"),
                ("410", "Sevilla"),
                ("290", "Málaga"),
            ]
        )
        return street, f"{street}, {R.randint(1, 8)}º {pick('ABCD')}, {cp}{rd(2)} {city}"
    if loc == "es-MX":
        street = f"Calle {pick(['Durango', 'Río Lerma', 'Insurgentes Sur', 'Av. Vallarta', 'Tabasco'])} {n}"
        col, cp, city = pick(
            [
                ("Roma Norte", "06700", "CDMX"),
                ("Cuauhtémoc", "06500", "CDMX"),
                ("Del Valle", "03100", "CDMX"),
                ("Providencia", "44630", "Guadalajara, Jal."),
            ]
        )
        return street, f"{street}, int. {R.randint(1, 12)}, Col. {col}, C.P. {cp}, {city}"
    if loc == "es-CO":
        street = f"{pick(['Carrera', 'Calle'])} {R.randint(7, 120)} # {R.randint(1, 150)}-{R.randint(1, 99):02d}"
        return (
            street,
            f"{street}, apto {R.randint(101, 1504)}, {pick(['Bogotá', 'Medellín', 'Cali'])}",
        )
    if loc == "es-CL":
        street = f"Av. {pick(['Providencia', 'Irarrázaval', 'Apoquindo', 'Vicuña Mackenna'])} {R.randint(100, 6999)}"
        return (
            street,
            f"{street}, depto. {R.randint(101, 1805)}, {pick(['Providencia', 'Ñuñoa', 'Las Condes', 'La Florida'])}, Santiago",
        )
    if loc == "pt-BR":
        street = f"Rua {pick(['Augusta', 'dos Pinheiros', 'Haddock Lobo', 'Voluntários da Pátria', 'Padre Chagas'])}, {n}"
        return (
            street,
            f"{street}, apto {R.randint(11, 154)} - {pick(['Consolação', 'Pinheiros', 'Botafogo', 'Moinhos de Vento'])}, {pick(['São Paulo - SP', 'Rio de Janeiro - RJ', 'Porto Alegre - RS'])}, CEP {rd(5)}-{rd(3)}",
        )
    if loc == "pt-PT":
        street = f"Rua {pick(['Augusta', 'de Santa Catarina', 'Miguel Bombarda', 'do Carmo', 'Latino Coelho'])}, {n}"
        return (
            street,
            f"{street}, {R.randint(1, 6)}º Esq., {pick(['1100', '4000', '1050', '3000'])}-{rd(3)} {pick(['Lisboa', 'Porto', 'Coimbra'])}",
        )
    if loc == "fr-FR":
        street = f"{n} {pick(['rue de la République', 'avenue Jean Jaurès', 'boulevard Voltaire', 'rue des Lilas', 'impasse des Tilleuls'])}"
        return (
            street,
            f"{street}, {pick(['75011 Paris', '69003 Lyon', '13005 Marseille', '31000 Toulouse', '44000 Nantes'])}",
        )
    if loc == "fr-BE":
        street = f"{pick(['Rue de la Loi', 'Chaussée de Wavre', 'Avenue Louise', 'Rue Haute', 'Rue du Midi'])} {n}"
        return (
            street,
            f"{street}, {pick(['1050 Ixelles', '1000 Bruxelles', '4000 Liège', '5000 Namur', '1348 Louvain-la-Neuve'])}",
        )
    if loc == "de-DE":
        street = f"{pick(['Hauptstraße', 'Bahnhofstraße', 'Lindenweg', 'Schillerstraße', 'Am Sonnenhang', 'Goethestraße'])} {n}"
        return (
            street,
            f"{street}, {pick(['10115 Berlin', '80331 München', '50667 Köln', '22767 Hamburg', '04109 Leipzig', '70173 Stuttgart'])}",
        )
    if loc == "de-AT":
        street = f"{pick(['Mariahilfer Straße', 'Landstraßer Hauptstraße', 'Herrengasse', 'Linzer Straße'])} {n}/{R.randint(1, 24)}"
        return (
            street,
            f"{street}, {pick(['1060 Wien', '1030 Wien', '8010 Graz', '4020 Linz', '5020 Salzburg'])}",
        )
    if loc == "de-CH":
        street = f"{pick(['Bahnhofstrasse', 'Seestrasse', 'Dorfstrasse', 'Bernstrasse', 'Zürichstrasse'])} {n}"
        return (
            street,
            f"{street}, {pick(['8004 Zürich', '3011 Bern', '4051 Basel', '6003 Luzern', '9000 St. Gallen'])}",
        )
    if loc == "it-IT":
        street = f"Via {pick(['Garibaldi', 'Roma', 'dei Mille', 'Giuseppe Verdi', 'Nazionale', 'Cavour'])} {n}"
        return (
            street,
            f"{street}, {pick(['20121 Milano (MI)', '00185 Roma (RM)', '80134 Napoli (NA)', '10123 Torino (TO)', '40126 Bologna (BO)'])}",
        )
    if loc == "nl-NL":
        street = f"{pick(['Kerkstraat', 'Dorpsstraat', 'Prinsengracht', 'Van Goghlaan', 'Julianalaan', 'Molenweg'])} {n}"
        return (
            street,
            f"{street}, {R.randint(1011, 9999)} {pick('BCEGHJKLMNPRTVWXZ')}{pick('BCEGHJKLMNPRTVWXZ')} {pick(['Amsterdam', 'Utrecht', 'Rotterdam', 'Zwolle', 'Eindhoven'])}",
        )
    if loc == "pl-PL":
        street = f"ul. {pick(['Marszałkowska', 'Długa', 'Piotrkowska', 'Kościuszki', 'Mickiewicza', 'Słowackiego'])} {n}/{R.randint(1, 60)}"
        return (
            street,
            f"{street}, {pick(['00-', '31-', '90-', '80-', '50-'])}{rd(3)} {pick(['Warszawa', 'Kraków', 'Łódź', 'Gdańsk', 'Wrocław'])}",
        )
    if loc == "cs-CZ":
        street = f"{pick(['Vinohradská', 'Masarykova', 'Husova', 'Nádražní', 'Lidická'])} {R.randint(100, 2999)}/{R.randint(1, 80)}"
        return (
            street,
            f"{street}, {pick(['120 00 Praha 2', '602 00 Brno', '301 00 Plzeň', '779 00 Olomouc'])}",
        )
    if loc == "hu-HU":
        street = f"{pick(['Váci út', 'Andrássy út', 'Petőfi Sándor utca', 'Kossuth Lajos utca', 'Bartók Béla út'])} {n}. {R.randint(1, 8)}/{R.randint(1, 20)}"
        return (
            street,
            f"{pick(['1061 Budapest', '1117 Budapest', '4025 Debrecen', '6720 Szeged'])}, {street}",
        )
    if loc == "ro-RO":
        street = f"Str. {pick(['Victoriei', 'Mihai Eminescu', 'Republicii', 'Avram Iancu', 'Memorandumului'])} nr. {n}"
        return (
            street,
            f"{street}, bl. {pick('ABCDM')}{R.randint(1, 20)}, ap. {R.randint(1, 80)}, {pick(['010011 București', '400114 Cluj-Napoca', '700028 Iași', '300011 Timișoara'])}",
        )
    if loc == "sv-SE":
        street = (
            f"{pick(['Storgatan', 'Drottninggatan', 'Kungsgatan', 'Vasagatan', 'Björkvägen'])} {n}"
        )
        return (
            street,
            f"{street}, {pick(['114 55 Stockholm', '411 38 Göteborg', '211 22 Malmö', '753 20 Uppsala'])}",
        )
    if loc == "nb-NO":
        street = f"{pick(['Storgata', 'Thorvald Meyers gate', 'Kirkeveien', 'Bygdøy allé', 'Møllendalsveien'])} {n}"
        return (
            street,
            f"{street}, {pick(['0182 Oslo', '0555 Oslo', '5008 Bergen', '7011 Trondheim'])}",
        )
    if loc == "da-DK":
        street = f"{pick(['Nørrebrogade', 'Vesterbrogade', 'Østergade', 'Jagtvej', 'Frederiksberg Allé'])} {n}, {R.randint(1, 5)}. th."
        return (
            street,
            f"{street}, {pick(['2200 København N', '1620 København V', '8000 Aarhus C', '5000 Odense C'])}",
        )
    if loc == "fi-FI":
        street = f"{pick(['Mannerheimintie', 'Hämeenkatu', 'Aleksanterinkatu', 'Kauppakatu'])} {n} A {R.randint(1, 40)}"
        return (
            street,
            f"{street}, {pick(['00100 Helsinki', '33100 Tampere', '20100 Turku', '90100 Oulu'])}",
        )
    if loc == "el-GR":
        street = f"{pick(['Λεωφόρος Κηφισίας', 'Ερμού', 'Πατησίων', 'Εγνατία', 'Τσιμισκή'])} {n}"
        return (
            street,
            f"{street}, {pick(['115 26 Αθήνα', '105 63 Αθήνα', '546 22 Θεσσαλονίκη', '262 21 Πάτρα'])}",
        )
    if loc == "tr-TR":
        street = f"{pick(['Atatürk Cad.', 'Bağdat Cad.', 'Cumhuriyet Mah. 1203. Sok.', 'Moda Cad.'])} No: {n} D: {R.randint(1, 30)}"
        return (
            street,
            f"{street}, {pick(['34710 Kadıköy/İstanbul', '06690 Çankaya/Ankara', '35220 Konak/İzmir'])}",
        )
    if loc == "ru-RU":
        street = f"ул. {pick(['Ленина', 'Тверская', 'Садовая', 'Профсоюзная', 'Гагарина'])}, д. {n}, кв. {R.randint(1, 300)}"
        return (
            street,
            f"{pick(['119334', '190000', '630099', '620014'])}, {pick(['г. Москва', 'г. Санкт-Петербург', 'г. Новосибирск', 'г. Екатеринбург'])}, {street}",
        )
    if loc == "uk-UA":
        street = f"вул. {pick(['Хрещатик', 'Шевченка', 'Січових Стрільців', 'Городоцька', 'Сумська'])}, буд. {n}, кв. {R.randint(1, 200)}"
        return (
            street,
            f"{street}, {pick(['м. Київ, 01001', 'м. Львів, 79000', 'м. Харків, 61002', 'м. Одеса, 65014'])}",
        )
    if loc == "ar-EG":
        street = (
            f"{n} شارع {pick(['التحرير', 'جامعة الدول العربية', 'الهرم', 'مصدق', 'عباس العقاد'])}"
        )
        return (
            street,
            f"{street}، {pick(['الدقي، الجيزة', 'المهندسين، الجيزة', 'مدينة نصر، القاهرة', 'سموحة، الإسكندرية'])}",
        )
    if loc == "ar-SA":
        street = f"{pick(['طريق الملك فهد', 'شارع التحلية', 'طريق الأمير سلطان', 'شارع العليا'])}، مبنى {R.randint(1000, 9999)}"
        return (
            street,
            f"{street}، حي {pick(['العليا', 'الروضة', 'الملز', 'النسيم'])}، {pick(['الرياض 12211', 'جدة 23431', 'الدمام 32241'])}",
        )
    if loc == "ar-MA":
        street = f"{n}، زنقة {pick(['ابن سينا', 'المعتمد بن عباد', 'الحسن الثاني', 'واد سبو'])}"
        return (
            street,
            f"{street}، {pick(['أكدال، الرباط', 'المعاريف، الدار البيضاء', 'جليز، مراكش'])}",
        )
    if loc == "he-IL":
        street = f"רחוב {pick(['הרצל', 'דיזנגוף', 'בן יהודה', 'ויצמן', 'סוקולוב'])} {n}"
        return (
            street,
            f"{street}, דירה {R.randint(1, 40)}, {pick(['תל אביב', 'חיפה', 'רמת גן', 'באר שבע'])} {rd(7)}",
        )
    if loc == "bn-BD":
        street = f"বাড়ি {n}, রোড {R.randint(1, 27)}"
        return (
            street,
            f"{street}, {pick(['ধানমন্ডি', 'মিরপুর ১০', 'উত্তরা সেক্টর ৭', 'বনানী'])}, ঢাকা-{pick(['1209', '1216', '1230', '1213'])}",
        )
    if loc == "ur-PK":
        street = f"مکان نمبر {n}، گلی {R.randint(1, 30)}"
        return (
            street,
            f"{street}، {pick(['ماڈل ٹاؤن', 'گلبرگ III', 'ڈیفنس فیز 5', 'جوہر ٹاؤن'])}، {pick(['لاہور', 'کراچی', 'اسلام آباد'])}",
        )
    if loc == "zh-CN":
        street = f"{pick(['中山路', '南京西路', '科技园南路', '文三路', '人民南路'])}{n}号{R.randint(1, 30)}栋{R.randint(101, 2804)}室"
        return (
            street,
            f"{pick(['上海市静安区', '深圳市南山区', '杭州市西湖区', '成都市武侯区'])}{street}",
        )
    if loc == "zh-TW":
        street = f"{pick(['忠孝東路四段', '和平東路二段', '中山北路一段', '復興南路一段'])}{n}號{R.randint(2, 15)}樓"
        return street, f"{pick(['台北市大安區', '台北市中山區', '新北市板橋區'])}{street}"
    if loc == "ja-JP":
        street = f"{pick(['神宮前', '代々木', '本町', '栄', '梅田'])}{R.randint(1, 6)}丁目{R.randint(1, 30)}-{R.randint(1, 20)}"
        return (
            street,
            f"〒{rd(3)}-{rd(4)} {pick(['東京都渋谷区', '大阪府大阪市北区', '愛知県名古屋市中区'])}{street} {pick(['メゾン', 'コーポ', 'ハイツ'])}{pick(['青葉', '桜', '緑'])}{R.randint(101, 805)}",
        )
    if loc == "ko-KR":
        street = f"{pick(['테헤란로', '강남대로', '올림픽로', '월드컵북로'])} {R.randint(10, 500)}, {R.randint(101, 120)}동 {R.randint(101, 2502)}호"
        return (
            street,
            f"{pick(['서울특별시 강남구', '서울특별시 송파구', '서울특별시 마포구'])} {street}",
        )
    if loc == "vi-VN":
        street = f"Số {n} {pick(['Nguyễn Trãi', 'Lê Lợi', 'Trần Hưng Đạo', 'Điện Biên Phủ'])}"
        return (
            street,
            f"{street}, Phường {R.randint(1, 15)}, Quận {R.randint(1, 12)}, TP. Hồ Chí Minh",
        )
    if loc == "th-TH":
        street = f"{n}/{R.randint(1, 99)} ถนน{pick(['สุขุมวิท', 'พหลโยธิน', 'รัชดาภิเษก', 'ลาดพร้าว'])}"
        return (
            street,
            f"{street} แขวง{pick(['คลองเตย', 'จตุจักร', 'ห้วยขวาง'])} เขต{pick(['คลองเตย', 'จตุจักร', 'ห้วยขวาง'])} กรุงเทพฯ {pick(['10110', '10900', '10310'])}",
        )
    if loc == "id-ID":
        street = f"Jl. {pick(['Sudirman', 'Kemang Raya', 'Gatot Subroto', 'Cikini Raya', 'Dago'])} No. {n}"
        return (
            street,
            f"{street}, RT {R.randint(1, 12):03d}/RW {R.randint(1, 9):03d}, {pick(['Jakarta Selatan 12730', 'Bandung 40135', 'Surabaya 60241'])}",
        )
    if loc == "ms-MY":
        street = f"No. {n}, Jalan {pick(['SS 2/24', 'Ampang', 'Tun Razak', 'Bukit Bintang', 'Kenari 5'])}"
        return (
            street,
            f"{street}, {pick(['47300 Petaling Jaya, Selangor', '50450 Kuala Lumpur', '10200 George Town, Pulau Pinang'])}",
        )
    if loc == "tl-PH":
        street = f"{n} {pick(['Mabini St.', 'Rizal Ave.', 'Katipunan Ave.', 'Aurora Blvd.', 'P. Burgos St.'])}"
        return (
            street,
            f"{street}, Brgy. {pick(['San Antonio', 'Poblacion', 'Loyola Heights', 'Malate'])}, {pick(['Quezon City', 'Makati City', 'Manila', 'Cebu City'])}",
        )
    raise KeyError(loc)


def ip_public() -> str:
    while True:
        a = R.randint(1, 223)
        if a in (10, 100, 127, 169, 172, 192, 198, 203, 0):
            continue
        return f"{a}.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(1, 254)}"


def ipv6_public() -> str:
    return f"2{pick(['a02', '003', '405', '600', '806', 'c0f'])}:{rhex(4)}:{rhex(4)}:{rhex(3)}:{rhex(4)}:{rhex(4)}:{rhex(4)}:{rhex(4)}"


def upn() -> str:
    body = f"{R.randint(201, 938)}{rd(4)}{R.randint(10, 24)}{rd(3)}"
    s = sum(int(c) * w for c, w in zip(body, range(2, 14), strict=True))
    return "ABCDEFGHJKLMNPQRTUVWXYZ"[s % 23] + body


def plate(cc: str) -> str:
    nq = "ABCDEFGHJKLMNOPRSTUVWXYZ"
    if cc == "GB":
        return f"{pick(['LS', 'MA', 'BD', 'YK', 'SN', 'WR', 'DY', 'LK', 'KP'])}{pick(['15', '19', '21', '66', '69', '70', '72', '24'])} {rs(nq.replace('O', ''), 3)}"
    if cc == "DE":
        return f"{pick(['M', 'B', 'HH', 'K', 'S', 'F', 'L', 'DD', 'KA'])}-{rs(UP.replace('Q', ''), 2)} {R.randint(10, 9999)}"
    if cc == "FR":
        return f"{rs(nq, 2)}-{rd(3)}-{rs(nq, 2)}"
    if cc == "IT":
        return f"{rs(nq, 2)} {rd(3)} {rs(nq, 2)}"
    if cc == "ES":
        return f"{rd(4)} {rs('BCDFGHJKLMNPRSTVWXYZ', 3)}"
    if cc == "NL":
        nl = "BDFGHJKLNPRSTVXZ"
        return f"{rs(nl, 2)}-{rd(3)}-{pick(nl)}"
    if cc == "PL":
        return f"{pick(['WA', 'KR', 'PO', 'GD', 'WR', 'EL'])} {rd(4)}{pick('ACEFHJKLMNPRSTUVWXY')}"
    if cc == "TR":
        return f"{pick(['34', '06', '35', '16', '07'])} {rs('ABCDEFGHJKLMNPRSTUVYZ', 3)} {rd(3)}"
    if cc == "BR":
        return f"{rs(UP, 3)}{rd(1)}{pick(UP)}{rd(2)}"
    if cc == "IN":
        return f"{pick(['MH', 'KA', 'DL', 'TN', 'TS'])} {rd(2)} {rs(UP, 2)} {rd(4)}"
    if cc == "ZA":
        return f"{rs(UP, 2)} {rd(2)} {rs(UP, 2)} GP"
    if cc == "US":
        return f"{R.randint(5, 9)}{rs(UP, 3)}{rd(3)}"
    if cc == "AU":
        return f"{rs(UP, 3)}{rd(2)}{pick(UP)}"
    if cc == "KR":
        return f"{R.randint(10, 399)}{pick('가나다라마거너더러머버서어저고노도로모보소오조구누두루무부수우주')} {rd(4)}"
    if cc == "RU":
        c = "АВЕКМНОРСТУХ"
        return f"{pick(c)}{rd(3)}{rs(c, 2)} {pick(['77', '97', '177', '78', '50', '199'])}"
    if cc == "CZ":
        return f"{R.randint(1, 9)}{pick('ABSTJEHLMPU')}{R.randint(1, 9)} {rd(4)}"
    if cc == "SE":
        sv = "ABCDEFGHJKLMNOPRSTUWXYZ"
        return f"{rs(sv, 3)} {rd(2)}{pick(sv + DG)}"
    raise KeyError(cc)


# ---------------------------------------------------------------------------
# PII rows
# ---------------------------------------------------------------------------


def pii_block() -> None:
    # --- en-US --------------------------------------------------------------
    p = Person("en-US")
    ssn, ph, em, eid, dob = us_ssn(), phone("en-US"), email(p), f"E{rd(6)}", mdy(p.dob)
    P(
        "record",
        "HR new-hire spreadsheet row (TSV), en-US",
        f"can you check this row before I import it into ADP? the date column keeps flipping\nEmpID\tName\tSSN\tDOB\tPhone\tPersonal email\tStart\n{eid}\t{p.name}\t{ssn}\t{dob}\t{ph}\t{em}\t03/17/2025",
        eid,
        ssn,
        dob,
        ph,
        em,
    )
    p = Person("en-US")
    ssn = us_ssn()
    P(
        "ssn",
        "payroll clerk asks about a W-4, en-US",
        f"Is it a problem that {p.name}'s W-4 says SSN {ssn} but the I-9 copy shows a different middle initial? Which one do I key in?",
        ssn,
    )
    itin = us_itin()
    P(
        "tax_id",
        "contractor ITIN on a W-9, en-US",
        f"Our cleaning contractor put ITIN {itin} on the W-9 instead of an SSN. Can we still file the 1099-NEC with that?",
        itin,
    )
    p = Person("en-US")
    mbi, dob = us_mbi(), mdy(p.dob)
    P(
        "health_id",
        "clinic front desk insurance update, en-US",
        f"Pt {p.name} called to update coverage. Medicare MBI {mbi}, DOB {dob}, secondary is an AARP supplement. Please draft a short chart note.",
        mbi,
        dob,
    )
    p = Person("en-US")
    dl = pick(UP) + rd(7)
    P(
        "driving_licence",
        "fleet manager adds a driver, en-US",
        f"Add to the delivery driver roster: {p.name}, CA DL {dl}, exp 2028, cleared for the box trucks. Reformat the roster table with this row.",
        dl,
    )
    cn = card(pick(["4", "51", "53", "55"]), 16)
    P(
        "card",
        "call-centre agent notes a card over the phone, en-US",
        f"Customer wants to change the card on file. She read it out: {card_fmt(cn)}, exp 08/27. Can you write the callback script confirming the update without repeating the number?",
        card_fmt(cn),
    )
    acct = rd(R.randint(10, 12))
    P(
        "bank_account",
        "direct deposit form, en-US",
        f"Direct deposit change for our barista: routing {aba()}, checking account {acct}. Effective next pay period. Write the confirmation email please.",
        acct,
    )
    p = Person("en-US")
    st, full = address("en-US")
    ph = phone("en-US")
    P(
        "address",
        "landlord reviews a rental application, en-US",
        f"Rental application — applicant {p.name}, current address {full}, cell {ph}, employer Riverside Dental. Summarize what's missing.",
        st,
        ph,
    )
    ip = ip_public()
    P(
        "ip_address",
        "e-commerce fraud review, en-US",
        f"Order flagged: shipping to Texas but the checkout came from IP {ip} in another state, 3 failed CVV attempts. Draft a note to the customer asking to verify.",
        ip,
    )
    p = Person("en-US")
    mrn = f"MRN{rd(7)}"
    P(
        "patient_id",
        "clinic referral letter, en-US",
        f"Please turn this into a referral letter to cardiology: {p.name}, {mrn}, DOB {mdy(p.dob)}, intermittent palpitations, Holter normal, requesting echo.",
        mrn,
        mdy(p.dob),
    )
    pl = plate("US")
    P(
        "licence_plate",
        "apartment parking permit, en-US",
        f"Tenant in 4C wants a second parking permit, vehicle is a grey Civic, CA plate {pl}. Write the permit email.",
        pl,
    )

    # --- en-GB --------------------------------------------------------------
    p = Person("en-GB")
    ni = uk_nino()
    P(
        "national_id",
        "payroll new starter, en-GB",
        f"New starter form for {p.name}: NI number {ni}, start date 07/04/2025, no P45, tick statement A. Can you check I've picked the right tax code?",
        ni,
    )
    p = Person("en-GB")
    nhs, dob = nhs_no(), dmy(p.dob)
    P(
        "health_id",
        "GP reception repeat prescription request, en-GB",
        f"Patient {p.name}, DOB {dob}, NHS no. {nhs}, asking for repeat of sertraline 50mg, last review 6 months ago. Draft a message to the duty GP.",
        nhs,
        dob,
    )
    p = Person("en-GB")
    dl = uk_dl(p.first, p.last, p.dob, p.male)
    P(
        "driving_licence",
        "fleet licence check, en-GB",
        f"Licence check for the van pool: {p.name}, driving licence no. {dl}, 3 points (SP30). Is that OK under our policy of max 6?",
        dl,
    )
    p = Person("en-GB")
    sc, acct = f"{rd(2)}-{rd(2)}-{rd(2)}", rd(8)
    P(
        "bank_account",
        "bank details change for an employee, en-GB",
        f"Please update bank details for {p.name} before Friday's BACS run: sort code {sc}, account number {acct}. Old account to be removed.",
        acct,
    )
    p = Person("en-GB")
    st, full = address("en-GB")
    ph, em = phone("en-GB"), email(p)
    P(
        "address",
        "letting agent tenancy summary, en-GB",
        f"Tenant details for the AST: {p.name}, current address {full}, mobile {ph}, email {em}. Move-in 1st May, deposit £1,385 to DPS.",
        st,
        ph,
        em,
    )
    p = Person("en-GB")
    num = rd(9)
    l1, l2 = mrz("GBR", p.last, p.first, num, p.dob, p.male, rdate(2027, 2034))
    P(
        "passport",
        "right-to-work check, en-GB",
        f"Right to work check — passport MRZ copied from the scan, does it look valid?\n{l1}\n{l2}",
        num,
        l2,
    )
    p = Person("de-DE")
    num = de_ausweis()[:9]
    l1, l2 = mrz("D", p.last, p.first, num, p.dob, p.male, rdate(2028, 2035))
    P(
        "passport",
        "hotel front desk copies a guest passport, de-DE",
        f"Meldeschein: die maschinenlesbare Zone aus dem Reisepass des Gastes, ist die Prüfziffer korrekt?\n{l1}\n{l2}",
        num,
        l2,
    )
    p = Person("ja-JP")
    pp = pick(["TK", "TR", "TZ", "MU"]) + rd(7)
    P(
        "passport",
        "travel desk books a business trip, ja-JP",
        f"出張手配：{p.name}さん、旅券番号 {pp}、有効期限 2031年5月。ビザ申請に必要な書類を教えてください。",
        pp,
    )
    p = Person("en-GB")
    u = upn()
    P(
        "student_id",
        "school office transfer file, en-GB",
        f"Pupil leaving to another school: {p.name}, UPN {u}, DOB {dmy(p.dob)}, Year 8. What goes in the CTF besides this?",
        u,
        dmy(p.dob),
    )
    brp = pick(["ZR", "ZX", "RE", "ZU"]) + rd(7)
    share = f"{rs('ABCDEFGHJKLMNPRSTUVWXYZ23456789', 3)} {rs('ABCDEFGHJKLMNPRSTUVWXYZ23456789', 3)} {rs('ABCDEFGHJKLMNPRSTUVWXYZ23456789', 3)}"
    P(
        "residence_permit",
        "care home HR checks a BRP, en-GB",
        f"Care assistant applicant gave BRP number {brp} and share code {share}. Is the share code enough on its own now that BRPs are being replaced by eVisas?",
        brp,
        share,
    )
    pl = plate("GB")
    P(
        "licence_plate",
        "staff car park permit, en-GB",
        f"Add {Person('en-GB').name} to the staff car park list, reg {pl}, blue Corsa. Reply to confirm.",
        pl,
    )
    ip = ip_public()
    P(
        "ip_address",
        "helpdesk notes a user's home IP, en-GB",
        f"User reports repeated MFA prompts. Sign-in logs show her home broadband IP {ip} plus an unknown one in the Netherlands. Write the incident summary.",
        ip,
    )

    # --- en-IN --------------------------------------------------------------
    p = Person("en-IN")
    ad, pn = aadhaar(), pan(p.last)
    ph, em = phone("en-IN"), email(p)
    P(
        "national_id",
        "HR KYC for onboarding, en-IN",
        f"Please verify KYC details for new joiner {p.name}:\nAadhaar: {ad}\nPAN: {pn}\nMobile: {ph}\nEmail: {em}\nIs PAN 4th letter correct for an individual?",
        ad,
        pn,
        ph,
        em,
    )
    p = Person("en-IN")
    uan, acct = "10" + rd(10), rd(R.randint(11, 14))
    P(
        "record",
        "EPF and salary account details, en-IN",
        f"Salary a/c and PF details for {p.name} — UAN {uan}, HDFC a/c no. {acct}, IFSC HDFC0{rd(6)}. Please draft mail to accounts for salary credit.",
        uan,
        acct,
    )
    p = Person("en-IN")
    st, full = address("en-IN")
    ph = phone("en-IN")
    P(
        "address",
        "courier dispatch with a customer address, en-IN",
        f"Reschedule delivery for {p.name}, address {full}, contact {ph}. Customer not available before 6 pm.",
        st,
        ph,
    )
    cn = card(pick(["6521", "6522", "6070"]), 16)
    P(
        "card",
        "customer care chat transcript, en-IN",
        f"customer typed in chat: 'my rupay card {card_fmt(cn)} is blocked after 3 wrong PINs'. how should I reply as per policy?",
        card_fmt(cn),
    )
    epic = rs(UP, 3) + rd(7)
    P(
        "national_id",
        "voter ID as address proof, en-IN",
        f"Tenant gave voter ID {epic} as address proof for the rent agreement. Is that acceptable for police verification in Pune?",
        epic,
    )
    pl = plate("IN")
    P(
        "licence_plate",
        "society gate pass, en-IN",
        f"Add vehicle to the society gate pass list: flat B-703, {pl}, Activa. Make a neat notice.",
        pl,
    )

    # --- en-AU --------------------------------------------------------------
    p = Person("en-AU")
    tfn = au_tfn()
    P(
        "tax_id",
        "payroll TFN declaration, en-AU",
        f"{p.name} handed in the TFN declaration: TFN {tfn}, claiming tax-free threshold, no HELP debt. Anything else for the first pay run?",
        tfn,
    )
    p = Person("en-AU")
    mc, dob = au_medicare(), dmy(p.dob)
    P(
        "health_id",
        "clinic bulk-billing query, en-AU",
        f"Bulk billing claim rejected for {p.name}, Medicare {mc}, DOB {dob}. Error says card issue number mismatch. What do I check?",
        mc,
        dob,
    )
    p = Person("en-AU")
    acct = rd(R.randint(8, 9))
    P(
        "bank_account",
        "rent refund to a tenant, en-AU",
        f"Bond refund for {p.name}: BSB {rd(3)}-{rd(3)}, account {acct}. Write the email confirming the transfer of $2,140.",
        acct,
    )
    p = Person("en-AU")
    dl, ph = rd(8), phone("en-AU")
    P(
        "driving_licence",
        "car share sign-up, en-AU",
        f"New driver for the ute pool: {p.name}, NSW licence {dl}, mobile {ph}. Add to the roster table.",
        dl,
        ph,
    )
    st, full = address("en-AU")
    P(
        "address",
        "property manager entry notice, en-AU",
        f"Write an entry notice for the routine inspection at {full} on Thursday between 10 and 12.",
        st,
    )

    # --- en-CA --------------------------------------------------------------
    p = Person("en-CA")
    sin = ca_sin()
    P(
        "national_id",
        "payroll TD1 and SIN, en-CA",
        f"New hire paperwork: {p.name}, SIN {sin}, TD1 claim code 1. Draft the checklist email to payroll.",
        sin,
    )
    p = Person("en-CA")
    oh, dob = ca_ohip(), f"{p.dob[0]}-{p.dob[1]:02d}-{p.dob[2]:02d}"
    P(
        "health_id",
        "walk-in clinic registration, en-CA",
        f"Walk-in registration: {p.name}, OHIP {oh}, DOB {dob}, phone {phone('en-CA', False)}. Card version code didn't validate, what do we do?",
        oh,
        dob,
    )
    p = Person("en-CA")
    st, full = address("en-CA")
    em = email(p)
    P(
        "address",
        "moving company quote, en-CA",
        f"Quote request from {p.name}, moving from {full} to Ottawa, email {em}. Write a reply with our rates.",
        st,
        em,
    )

    # --- en-NG / en-ZA ------------------------------------------------------
    p = Person("en-NG")
    nin, bvn = rdn(11), "22" + rd(9)
    bank, acct = nuban()
    P(
        "record",
        "staff onboarding form, en-NG",
        f"Kindly check this staff data before I send to payroll:\nName: {p.name}\nNIN: {nin}\nBVN: {bvn}\nBank: GTBank ({bank})\nAccount No: {acct}\nPhone: {(ph := phone('en-NG'))}",
        nin,
        bvn,
        acct,
        ph,
    )
    p = Person("en-NG")
    st, full = address("en-NG")
    ph = phone("en-NG")
    P(
        "address",
        "logistics dispatcher, en-NG",
        f"Rider should deliver to {p.name}, {full}. Customer line {ph}. Pay on delivery ₦48,500. Write the dispatch message.",
        st,
        ph,
    )
    p = Person("en-ZA")
    zid = za_id(p.dob, p.male)
    P(
        "national_id",
        "HR employment equity form, en-ZA",
        f"Please check this ID number for {p.name}: {zid}. Does the date of birth in it match {dmy(p.dob)} on the CV?",
        zid,
        dmy(p.dob),
    )
    p = Person("en-ZA")
    acct, ph = rd(R.randint(10, 11)), phone("en-ZA")
    P(
        "bank_account",
        "salary details change, en-ZA",
        f"{p.name} changed banks: Capitec, branch 470010, account {acct}. Contact {ph} if the AVS check fails.",
        acct,
        ph,
    )
    st, full = address("en-ZA")
    P(
        "address",
        "estate agent viewing confirmation, en-ZA",
        f"Send the buyer a WhatsApp confirming the viewing at {full} on Saturday 10:00, sellers' dog will be in the garden.",
        st,
    )
    pl = plate("ZA")
    P(
        "licence_plate",
        "complex visitor parking, en-ZA",
        f"Visitor parking for unit 12 this weekend: silver Polo, reg {pl}. Draft the message to the guard house.",
        pl,
    )

    # --- es-ES --------------------------------------------------------------
    p = Person("es-ES")
    dni, nss, ib = es_dni(), es_nss(), iban_print(iban("ES"))
    P(
        "record",
        "alta de trabajador, es-ES",
        f"Revisa estos datos para el alta en la Seguridad Social:\nNombre: {p.name}\nDNI: {dni}\nNº afiliación SS: {nss}\nIBAN nómina: {ib}\nFecha alta: 01/03/2025",
        dni,
        nss,
        ib,
    )
    p = Person("es-ES")
    nie = es_nie()
    P(
        "residence_permit",
        "foreign worker paperwork, es-ES",
        f"La nueva cocinera tiene NIE {nie} y la TIE caduca en junio. ¿Puedo hacer el contrato indefinido igualmente?",
        nie,
    )
    p = Person("es-ES")
    ph, em = phone("es-ES"), email(p)
    P(
        "phone",
        "clinic appointment reminder, es-ES",
        f"Recordatorio para {p.name}: cita de fisioterapia el martes a las 17:30. Móvil {ph}, correo {em}. Redacta el SMS.",
        ph,
        em,
    )
    st, full = address("es-ES")
    P(
        "address",
        "inmobiliaria contract draft, es-ES",
        f"Prepara el borrador del contrato de alquiler para la vivienda de {full}, renta 980 € al mes, fianza de dos mensualidades.",
        st,
    )
    pl = plate("ES")
    P(
        "licence_plate",
        "parking del taller, es-ES",
        f"El cliente del coche con matrícula {pl} pregunta si la ITV está incluida en la revisión. Contéstale.",
        pl,
    )

    # --- es-MX --------------------------------------------------------------
    p = Person("es-MX")
    ap2 = pick(NAMES["es-MX"][2].split("|"))
    c = mx_curp(p.last, ap2, p.first, p.dob, p.male)
    rfc = mx_rfc(c)
    body = pick(["0", "1", "2", "3", "4"]) + rd(9)
    nss = body + luhn_digit(body)
    P(
        "record",
        "alta IMSS de empleado, es-MX",
        f"Datos para el alta en el IMSS de {p.name} {ap2}:\nCURP: {c}\nRFC: {rfc}\nNSS: {nss}\nSalario diario: $412.50\n¿Está bien el RFC con homoclave?",
        c,
        rfc,
        nss,
    )
    p = Person("es-MX")
    cl = clabe()
    P(
        "bank_account",
        "dispersión de nómina, es-MX",
        f"Agrega a {p.name} al layout de dispersión: CLABE {cl}, banco BBVA. ¿Cómo queda la línea en el TXT?",
        cl,
    )
    p = Person("es-MX")
    st, full = address("es-MX")
    ph = phone("es-MX")
    P(
        "address",
        "repartidor con dirección de cliente, es-MX",
        f"Entrega pendiente para {p.name}: {full}. Tel. {ph}. Dice que toquen dos veces.",
        st,
        ph,
    )

    # --- es-CO / es-CL ------------------------------------------------------
    p = Person("es-CO")
    cc, ph = co_cedula(), phone("es-CO")
    P(
        "national_id",
        "contrato de prestación de servicios, es-CO",
        f"Redacta la cláusula de identificación: {p.name}, mayor de edad, identificado con cédula de ciudadanía No. {cc} de Bogotá, celular {ph}.",
        cc,
        ph,
    )
    st, full = address("es-CO")
    em = email(Person("es-CO"))
    P(
        "address",
        "arriendo de apartamento, es-CO",
        f"El inquilino del {full} pide que le enviemos el recibo a {em}. Escríbele confirmando.",
        st,
        em,
    )
    p = Person("es-CL")
    rut, ph = cl_rut(), phone("es-CL")
    P(
        "national_id",
        "liquidación de sueldo, es-CL",
        f"Necesito la carta de término de contrato para {p.name}, RUT {rut}, cel. {ph}. Fecha de término 31/03.",
        rut,
        ph,
    )
    st, full = address("es-CL")
    P(
        "address",
        "despacho a domicilio, es-CL",
        f"Cliente reclama que no llegó el pedido a {full}. Redacta respuesta de disculpa.",
        st,
    )

    # --- pt-BR --------------------------------------------------------------
    p = Person("pt-BR")
    cpf, pis = br_cpf(), br_pis()
    ph, em = phone("pt-BR"), email(p)
    P(
        "record",
        "admissão no RH, pt-BR",
        f"Confere os dados da admissão?\nNome: {p.name}\nCPF: {cpf}\nPIS: {pis}\nCelular: {ph}\nE-mail: {em}\nAdmissão: 10/03/2025",
        cpf,
        pis,
        ph,
        em,
    )
    p = Person("pt-BR")
    cns, dob = br_cns(), dmy(p.dob)
    P(
        "health_id",
        "recepção de clínica, pt-BR",
        f"Paciente {p.name}, nascida em {dob}, cartão SUS {cns}. O sistema diz que o CNS não confere. O que faço?",
        cns,
        dob,
    )
    p = Person("pt-BR")
    key = pick([br_cpf(), email(p), ruuid()])
    P(
        "bank_account",
        "reembolso via Pix, pt-BR",
        f"Faz o reembolso de R$ 189,90 pro cliente {p.name}, chave Pix {key}. Escreve a mensagem avisando.",
        key,
    )
    st, full = address("pt-BR")
    P(
        "address",
        "imobiliária, pt-BR",
        f"Monta o anúncio do imóvel... não, espera, primeiro escreve pro inquilino do {full} avisando da vistoria na sexta.",
        st,
    )
    cn = card(pick(["636368", "504175", "438935"]), 16)
    P(
        "card",
        "atendimento de loja, pt-BR",
        f"Cliente mandou no chat: 'cartão Elo final errado, o certo é {card_fmt(cn)}'. Como peço pra ele não mandar o número por aqui?",
        card_fmt(cn),
    )
    pl = plate("BR")
    P(
        "licence_plate",
        "estacionamento do condomínio, pt-BR",
        f"Cadastrar o carro do morador do 52B, placa {pl}, na portaria.",
        pl,
    )

    # --- pt-PT --------------------------------------------------------------
    p = Person("pt-PT")
    nif, niss, ccn = pt_nif(), pt_niss(), pt_cc()
    ib = iban_print(iban("PT"))
    P(
        "record",
        "processamento salarial, pt-PT",
        f"Dados do novo colaborador para o processamento:\n{p.name}\nNIF {nif}\nNISS {niss}\nCartão de Cidadão {ccn}\nIBAN {ib}",
        nif,
        niss,
        ccn,
        ib,
    )
    p = Person("pt-PT")
    sns, ph = rdn(9), phone("pt-PT")
    P(
        "health_id",
        "centro de saúde, pt-PT",
        f"A utente {p.name}, nº SNS {sns}, telemóvel {ph}, quer remarcar a consulta de enfermagem. Escreve a SMS.",
        sns,
        ph,
    )
    st, full = address("pt-PT")
    P(
        "address",
        "senhorio escreve ao inquilino, pt-PT",
        f"Escreve ao inquilino do {full} sobre a atualização da renda para 2025 (coeficiente 1,0216).",
        st,
    )

    # --- fr-FR --------------------------------------------------------------
    p = Person("fr-FR")
    nir = fr_nir(p.dob, p.male)
    P(
        "health_id",
        "secrétariat médical, fr-FR",
        f"Patiente {p.name}, n° de sécurité sociale {nir}, mutuelle Harmonie. La carte Vitale n'est pas lue, on fait une feuille de soins papier ?",
        nir,
    )
    p = Person("fr-FR")
    ib = iban_print(iban("FR"))
    st, full = address("fr-FR")
    P(
        "iban",
        "paie, changement de RIB, fr-FR",
        f"{p.name} a changé de banque. Nouveau RIB : {ib}. Adresse inchangée : {full}. Rédige la confirmation.",
        ib,
        st,
    )
    p = Person("fr-FR")
    ph, em = phone("fr-FR"), email(p)
    P(
        "phone",
        "agence immobilière, fr-FR",
        f"Rappeler {p.name} pour la visite du T3 : {ph}, ou par mail {em}. Prépare un message court.",
        ph,
        em,
    )
    pl = plate("FR")
    P(
        "licence_plate",
        "fourrière de la résidence, fr-FR",
        f"Le véhicule immatriculé {pl} est garé sur la place handicapée depuis trois jours. Rédige un avis pour le syndic.",
        pl,
    )

    # --- fr-BE / fr-CA ------------------------------------------------------
    p = Person("fr-BE")
    rrn, ib = be_rrn(p.dob, p.male), iban_print(iban("BE"))
    P(
        "national_id",
        "secrétariat social, fr-BE",
        f"Pour la Dimona de {p.name} : numéro de registre national {rrn}, compte {ib}. Il manque quelque chose ?",
        rrn,
        ib,
    )
    p = Person("fr-BE")
    st, full = address("fr-BE")
    ph = phone("fr-BE")
    P(
        "address",
        "école, courrier aux parents, fr-BE",
        f"Courrier pour les parents de l'élève : {full}, GSM {ph}. Objet : absences non justifiées.",
        st,
        ph,
    )
    p = Person("fr-CA")
    ramq = (
        (fold(p.last).upper().replace(" ", "") + "XXX")[:3]
        + fold(p.first)[0].upper()
        + f" {p.dob[0] % 100:02d}{p.dob[1] + (0 if p.male else 50):02d} {p.dob[2]:02d}{rd(2)}"
    )
    P(
        "health_id",
        "clinique, carte RAMQ, fr-CA",
        f"Nouveau patient : {p.name}, carte d'assurance maladie {ramq}, exp. 2027-05. Tél. {(ph := phone('fr-CA'))}.",
        ramq,
        ph,
    )
    p = Person("fr-CA")
    nas = ca_sin()
    P(
        "national_id",
        "paie, NAS, fr-CA",
        f"Pour le relevé 1 de {p.name}, le NAS est {nas}. Est-ce que je dois aussi le mettre sur le T4?",
        nas,
    )

    # --- de-DE --------------------------------------------------------------
    p = Person("de-DE")
    sid, rv, kv = de_steuer_id(), de_rvnr(p.dob, p.last, p.male), de_kvnr()
    ib = iban_print(iban("DE"))
    P(
        "record",
        "Personalfragebogen, de-DE",
        f"Bitte prüfen, ob im Personalfragebogen alles da ist:\nName: {p.name}\nSteuer-ID: {sid}\nSV-Nummer: {rv}\nKrankenkasse: TK, Versichertennr. {kv}\nIBAN: {ib}\nSteuerklasse: 1",
        sid,
        rv,
        kv,
        ib,
    )
    p = Person("de-DE")
    kv, dob = de_kvnr(), dmy(p.dob, ".")
    P(
        "health_id",
        "Arztpraxis Anmeldung, de-DE",
        f"Neue Patientin {p.name}, geb. {dob}, Versichertennummer {kv}, AOK. Karte liest nicht, Ersatzverfahren?",
        kv,
        dob,
    )
    p = Person("de-DE")
    aw = de_ausweis()
    st, full = address("de-DE")
    P(
        "national_id",
        "Mieterselbstauskunft, de-DE",
        f"Mietinteressent {p.name}, wohnhaft {full}, Personalausweis-Nr. {aw}. Darf ich die Ausweisnummer überhaupt speichern?",
        aw,
        st,
    )
    p = Person("de-DE")
    ph, em = phone("de-DE"), email(p)
    P(
        "phone",
        "Kundenservice Rückruf, de-DE",
        f"Rückrufbitte von {p.name} wegen Reklamation Auftrag 40-{rd(6)}: Handy {ph}, E-Mail {em}. Formuliere eine Antwort.",
        ph,
        em,
    )
    pl = plate("DE")
    P(
        "licence_plate",
        "Firmenparkplatz, de-DE",
        f"Bitte Parkausweis für den neuen Kollegen ausstellen, Kennzeichen {pl}, Stellplatz 14.",
        pl,
    )
    ip = ip_public()
    P(
        "ip_address",
        "Webshop-Log mit Kunden-IP, de-DE",
        f"Im Shop-Log: Bestellung 2025-{rd(6)} von {ip}, danach 14 fehlgeschlagene Logins. Ist das ein Angriff?",
        ip,
    )

    # --- de-AT / de-CH ------------------------------------------------------
    p = Person("de-AT")
    sv = at_svnr(p.dob)
    ib = iban_print(iban("AT"))
    P(
        "record",
        "Lohnverrechnung Anmeldung ÖGK, de-AT",
        f"Anmeldung bei der ÖGK für {p.name}: SV-Nummer {sv}, Konto {ib}, Beschäftigungsbeginn 1.4. Stimmt das Geburtsdatum in der SVNR?",
        sv,
        ib,
    )
    p = Person("de-AT")
    st, full = address("de-AT")
    ph = phone("de-AT")
    P(
        "address",
        "Hausverwaltung, de-AT",
        f"Brief an {p.name}, {full}, Tel. {ph}: Ankündigung der Thermenwartung am 12. März.",
        st,
        ph,
    )
    p = Person("de-CH")
    ahv, ib = ch_ahv(), iban_print(iban("CH"))
    P(
        "record",
        "Lohnbuchhaltung, de-CH",
        f"Neuer Mitarbeiter {p.name}: AHV-Nr. {ahv}, Lohnkonto {ib}, Pensum 80 %. Bitte Lohnausweis-Vorlage ausfüllen.",
        ahv,
        ib,
    )
    p = Person("de-CH")
    ph, em = phone("de-CH"), email(p)
    P(
        "email",
        "Zahnarztpraxis Terminbestätigung, de-CH",
        f"Termin für {p.name} am Mittwoch 14:15 bestätigen, Natel {ph}, Mail {em}.",
        ph,
        em,
    )

    # --- it-IT --------------------------------------------------------------
    p = Person("it-IT")
    cf = it_cf(p.first, p.last, p.dob, p.male)
    ib = iban_print(iban("IT"))
    P(
        "record",
        "ufficio paghe, it-IT",
        f"Dati per l'assunzione di {p.name}:\ncodice fiscale {cf}\nIBAN {ib}\ncontratto commercio, 4º livello. Puoi controllare il codice fiscale?",
        cf,
        ib,
    )
    p = Person("it-IT")
    cie = f"CA{rd(5)}{rs(UP, 2)}"
    ph = phone("it-IT")
    P(
        "national_id",
        "agenzia immobiliare, it-IT",
        f"Per il contratto di locazione: conduttore {p.name}, carta d'identità n. {cie}, cellulare {ph}. Scrivi la mail per fissare la firma.",
        cie,
        ph,
    )
    st, full = address("it-IT")
    P(
        "address",
        "studio legale, it-IT",
        f"Redigi la lettera di diffida da inviare a mezzo raccomandata al signor {Person('it-IT', True).name}, residente in {full}.",
        st,
    )
    pl = plate("IT")
    P(
        "licence_plate",
        "officina, it-IT",
        f"L'auto targata {pl} è pronta, scrivi al cliente che può passare a ritirarla dopo le 16.",
        pl,
    )

    # --- nl-NL --------------------------------------------------------------
    p = Person("nl-NL")
    bsn, ib = nl_bsn(), iban_print(iban("NL"))
    P(
        "record",
        "salarisadministratie, nl-NL",
        f"Nieuwe medewerker {p.name}: BSN {bsn}, IBAN {ib}, loonheffingskorting ja. Klopt het BSN (elfproef)?",
        bsn,
        ib,
    )
    p = Person("nl-NL")
    st, full = address("nl-NL")
    ph = phone("nl-NL")
    P(
        "address",
        "huisartsenpraktijk adreswijziging, nl-NL",
        f"Patiënt {p.name} is verhuisd naar {full}, nieuw mobiel nummer {ph}. Kun je een bevestiging schrijven?",
        st,
        ph,
    )
    pl = plate("NL")
    P(
        "licence_plate",
        "leaseauto schademelding, nl-NL",
        f"Schademelding leaseauto kenteken {pl}, achterbumper, tegenpartij onbekend. Schrijf de melding voor de leasemaatschappij.",
        pl,
    )

    # --- pl-PL --------------------------------------------------------------
    p = Person("pl-PL")
    pes, nip, dow = pl_pesel(p.dob, p.male), pl_nip(), pl_dowod()
    P(
        "record",
        "kadry, umowa zlecenie, pl-PL",
        f"Sprawdź dane zleceniobiorcy:\n{p.name}\nPESEL: {pes}\nNIP: {nip}\nDowód osobisty: {dow}\nCzy PESEL zgadza się z datą urodzenia {dmy(p.dob, '.')}?",
        pes,
        nip,
        dow,
        dmy(p.dob, "."),
    )
    p = Person("pl-PL")
    ib = iban_print(iban("PL"))
    ph = phone("pl-PL")
    P(
        "iban",
        "zwrot kaucji najemcy, pl-PL",
        f"Zwrot kaucji dla {p.name} na konto {ib}, tel. {ph}. Napisz krótką wiadomość.",
        ib,
        ph,
    )
    st, full = address("pl-PL")
    P(
        "address",
        "kurier, pl-PL",
        f"Paczka wróciła do nadawcy, adres odbiorcy: {full}. Napisz maila z przeprosinami.",
        st,
    )
    pl = plate("PL")
    P(
        "licence_plate",
        "flota, pl-PL",
        f"Auto służbowe {pl} ma przegląd w piątek, przypomnij kierowcy.",
        pl,
    )

    # --- cs-CZ / hu-HU / ro-RO ----------------------------------------------
    p = Person("cs-CZ")
    rc = cz_rc(p.dob, p.male)
    bank, acct = cz_acct()
    nat = f"{int(acct)}/{bank}"
    P(
        "record",
        "mzdová účetní, cs-CZ",
        f"Nový zaměstnanec {p.name}, rodné číslo {rc}, mzda na účet {nat}. Prosím zkontroluj, jestli rodné číslo sedí.",
        rc,
        nat,
    )
    p = Person("cs-CZ")
    ph, st = phone("cs-CZ"), address("cs-CZ")
    P(
        "address",
        "realitní kancelář, cs-CZ",
        f"Nájemník {p.name}, {st[1]}, tel. {ph} hlásí kapající kohoutek. Napiš odpověď.",
        st[0],
        ph,
    )
    p = Person("hu-HU")
    taj, ado = hu_taj(), hu_adoazonosito(p.dob)
    g = bban_hu()
    nat = f"{g[:8]}-{g[8:16]}-{g[16:]}"
    P(
        "record",
        "bérszámfejtés belépő, hu-HU",
        f"Új belépő: {p.name}\nTAJ: {taj}\nAdóazonosító jel: {ado}\nBankszámla: {nat}\nRendben vannak az adatok?",
        taj,
        ado,
        nat,
    )
    p = Person("hu-HU")
    ph, em = phone("hu-HU"), email(p)
    P(
        "phone",
        "fogorvosi rendelő, hu-HU",
        f"Időpont-emlékeztető {p.name} részére: kedd 9:30, telefon {ph}, e-mail {em}.",
        ph,
        em,
    )
    p = Person("ro-RO")
    cnp, ib = ro_cnp(p.dob, p.male), iban_print(iban("RO"))
    P(
        "record",
        "resurse umane, ro-RO",
        f"Date pentru contractul de muncă: {p.name}, CNP {cnp}, IBAN {ib}. Verifici dacă CNP-ul e valid?",
        cnp,
        ib,
    )
    p = Person("ro-RO")
    st, full = address("ro-RO")
    ph = phone("ro-RO")
    P(
        "address",
        "curierat, ro-RO",
        f"Livrare reprogramată pentru {p.name}, {full}, telefon {ph}.",
        st,
        ph,
    )

    # --- Nordics ------------------------------------------------------------
    p = Person("sv-SE")
    pnr = se_pnr(p.dob)
    acct = f"{pick(['8327-9', '6123', '3300', '5201'])}, {rd(3)} {rd(3)} {rd(3)}"
    P(
        "record",
        "lönekontor, sv-SE",
        f"Ny anställd {p.name}, personnummer {pnr}, lönekonto clearing {acct}. Stämmer kontrollsiffran i personnumret?",
        pnr,
        acct[-11:],
    )
    p = Person("sv-SE")
    st, full = address("sv-SE")
    ph = phone("sv-SE")
    P(
        "address",
        "hyresvärd, sv-SE",
        f"Skriv ett meddelande till hyresgästen {p.name}, {full}, mobil {ph}, om stambytet i vår.",
        st,
        ph,
    )
    p = Person("nb-NO")
    fnr, kto = no_fnr(p.dob), bban_no()
    kto_f = f"{kto[:4]}.{kto[4:6]}.{kto[6:]}"
    P(
        "record",
        "lønn, nb-NO",
        f"Ny ansatt {p.name}: fødselsnummer {fnr}, kontonummer {kto_f}. Kan du sette opp velkomstmailen?",
        fnr,
        kto_f,
    )
    p = Person("nb-NO")
    ph = phone("nb-NO")
    P(
        "phone",
        "legekontor, nb-NO",
        f"Pasient {p.name} ba om å bli ringt opp på {ph} om prøvesvar. Skriv en kort beskjed til legen.",
        ph,
    )
    p = Person("da-DK")
    cpr = dk_cpr(p.dob)
    konto = f"{rdn(4)} {rd(10)}"
    P(
        "record",
        "lønbogholderi, da-DK",
        f"Ny medarbejder {p.name}, CPR {cpr}, reg./kontonr. {konto}. Lav en tjekliste til oprettelsen i lønsystemet.",
        cpr,
        konto,
    )
    p = Person("da-DK")
    st, full = address("da-DK")
    P("address", "udlejer, da-DK", f"Skriv varsel om vandafbrydelse til {p.name}, {full}.", st)
    p = Person("fi-FI")
    hetu, ib = fi_hetu(p.dob), iban_print(iban("FI"))
    P(
        "record",
        "palkanlaskenta, fi-FI",
        f"Uusi työntekijä {p.name}, henkilötunnus {hetu}, tilinumero {ib}. Tarkistatko tunnuksen tarkistusmerkin?",
        hetu,
        ib,
    )
    p = Person("fi-FI")
    ph, em = phone("fi-FI"), email(p)
    P(
        "email",
        "koulun kanslia, fi-FI",
        f"Huoltajan yhteystiedot: {p.name}, puh. {ph}, sähköposti {em}. Kirjoita viesti retkestä.",
        ph,
        em,
    )

    # --- el-GR / tr-TR ------------------------------------------------------
    p = Person("el-GR")
    amka, afm, ib = gr_amka(p.dob), gr_afm(), iban_print(iban("GR"))
    P(
        "record",
        "μισθοδοσία, el-GR",
        f"Στοιχεία νέου υπαλλήλου: {p.name}, ΑΜΚΑ {amka}, ΑΦΜ {afm}, IBAN {ib}. Μπορείς να ελέγξεις το ΑΦΜ;",
        amka,
        afm,
        ib,
    )
    p = Person("el-GR")
    st, full = address("el-GR")
    ph = phone("el-GR")
    P(
        "address",
        "φαρμακείο, αποστολή, el-GR",
        f"Αποστολή φαρμάκων στον κύριο/κυρία {p.name}, {full}, τηλ. {ph}.",
        st,
        ph,
    )
    p = Person("tr-TR")
    tc, ib = tr_tckn(), iban_print(iban("TR"))
    P(
        "record",
        "insan kaynakları, tr-TR",
        f"Yeni personel {p.name}: TC Kimlik No {tc}, maaş IBAN {ib}. SGK girişi için eksik var mı?",
        tc,
        ib,
    )
    p = Person("tr-TR")
    st, full = address("tr-TR")
    ph = phone("tr-TR")
    P(
        "address",
        "kargo teslimat, tr-TR",
        f"Alıcı: {p.name}, {full}, Tel: {ph}. Paket iki kez teslim edilemedi, mesaj yaz.",
        st,
        ph,
    )
    pl = plate("TR")
    P(
        "licence_plate",
        "site otoparkı, tr-TR",
        f"{pl} plakalı araç misafir otoparkına park etmiş, yönetime not yaz.",
        pl,
    )
    cn = card("9792", 16)
    P(
        "card",
        "müşteri hizmetleri, tr-TR",
        f"Müşteri sohbette Troy kartının numarasını yazdı: {card_fmt(cn)}. Nasıl uyarmalıyım?",
        card_fmt(cn),
    )

    # --- ru-RU / uk-UA ------------------------------------------------------
    p = Person("ru-RU")
    pas = f"{rd(2)} {rd(2)} {rd(6)}"
    sn, inn = ru_snils(), ru_inn12()
    P(
        "record",
        "отдел кадров, ru-RU",
        f"Проверь данные для приказа о приёме:\n{p.name}\nПаспорт: {pas}\nСНИЛС: {sn}\nИНН: {inn}\nДата рождения: {dmy(p.dob, '.')}",
        pas,
        sn,
        inn,
        dmy(p.dob, "."),
    )
    p = Person("ru-RU")
    st, full = address("ru-RU")
    ph = phone("ru-RU")
    P(
        "address",
        "служба доставки, ru-RU",
        f"Курьер не дозвонился до получателя {p.name}, адрес: {full}, тел. {ph}. Напиши СМС.",
        st,
        ph,
    )
    cn = card("220" + pick("01234"), 16)
    P(
        "card",
        "поддержка интернет-магазина, ru-RU",
        f"Клиент прислал в чат номер карты «Мир» {card_fmt(cn)}, просит вернуть деньги на неё. Как ответить?",
        card_fmt(cn),
    )
    pl = plate("RU")
    P(
        "licence_plate",
        "пропуск на парковку, ru-RU",
        f"Оформи пропуск на парковку бизнес-центра для автомобиля {pl}, арендатор — офис 412.",
        pl,
    )
    p = Person("uk-UA")
    ipn, unzr = ua_rnokpp(p.dob, p.male), ua_unzr(p.dob)
    ib = iban_print(iban("UA"))
    P(
        "record",
        "бухгалтерія, uk-UA",
        f"Дані нового працівника: {p.name}, РНОКПП {ipn}, УНЗР {unzr}, IBAN {ib}. Чи правильний РНОКПП?",
        ipn,
        unzr,
        ib,
    )
    p = Person("uk-UA")
    ph, em = phone("uk-UA"), email(p)
    P(
        "phone",
        "нова пошта, uk-UA",
        f"Отримувач {p.name}, тел. {ph}, e-mail {em}. Посилка чекає у відділенні №{R.randint(1, 300)}.",
        ph,
        em,
    )

    # --- Arabic -------------------------------------------------------------
    p = Person("ar-EG")
    nid, ph = eg_nid(p.dob, p.male), phone("ar-EG")
    P(
        "national_id",
        "شؤون الموظفين، ar-EG",
        f"بيانات الموظف الجديد: {p.name}، الرقم القومي {nid}، موبايل {ph}. هل الرقم القومي مطابق لتاريخ الميلاد؟",
        nid,
        ph,
    )
    p = Person("ar-EG")
    st, full = address("ar-EG")
    P(
        "address",
        "توصيل طلبات الصيدلية، ar-EG",
        f"توصيل طلب للأستاذ/ة {p.name} على العنوان: {full}، تليفون {(ph := phone('ar-EG'))}.",
        st,
        ph,
    )
    p = Person("ar-SA")
    iq, ib = sa_id(True), iban_print(iban("SA"))
    P(
        "residence_permit",
        "الموارد البشرية، ar-SA",
        f"بيانات العامل الجديد: {p.name}، رقم الإقامة {iq}، الآيبان {ib}. هل الإقامة سارية لإصدار مسير الرواتب؟",
        iq,
        ib,
    )
    p = Person("ar-SA")
    nid, ph = sa_id(False), phone("ar-SA")
    P(
        "national_id",
        "عيادة أسنان، ar-SA",
        f"تسجيل مريض جديد: {p.name}، الهوية الوطنية {nid}، الجوال {ph}. اكتب رسالة تأكيد الموعد.",
        nid,
        ph,
    )
    p = Person("ar-MA")
    cin = pick(["BE", "BK", "AB", "EE", "JC", "G"]) + rd(6)
    rib = ma_rib()
    P(
        "record",
        "ressources humaines, ar-MA",
        f"الموظف الجديد {p.name}، رقم البطاقة الوطنية {cin}، RIB {rib}. Tu peux vérifier la clé du RIB ?",
        cin,
        rib,
    )
    p = Person("ar-MA")
    ph, cnss = phone("ar-MA"), rd(9)
    P(
        "phone",
        "clinique, ar-MA",
        f"المريض {p.name}، الهاتف {ph}، رقم CNSS {cnss}. اكتب رسالة تذكير بالموعد.",
        ph,
        cnss,
    )

    # --- he-IL --------------------------------------------------------------
    p = Person("he-IL")
    tz, ph = il_tz(), phone("he-IL")
    P(
        "national_id",
        "מחלקת שכר, he-IL",
        f"עובד חדש: {p.name}, ת.ז. {tz}, נייד {ph}. תבדוק שספרת הביקורת נכונה?",
        tz,
        ph,
    )
    p = Person("he-IL")
    st, full = address("he-IL")
    acct = rd(R.randint(6, 9))
    P(
        "address",
        "משרד עורכי דין, he-IL",
        f"נא לנסח מכתב ללקוח {p.name}, {full}. ההחזר יועבר לבנק 12, סניף {rd(3)}, חשבון {acct}.",
        st,
        acct,
    )

    # --- South Asia ---------------------------------------------------------
    p = Person("hi-IN")
    ad, ph = aadhaar(), phone("hi-IN")
    P(
        "national_id",
        "कार्यालय, hi-IN",
        f"नए कर्मचारी {p.name} का आधार नंबर {ad} और मोबाइल {ph} है। क्या यह जानकारी ईमेल में भेजना ठीक है?",
        ad,
        ph,
    )
    p = Person("hi-IN")
    st, full = address("en-IN")
    P(
        "address",
        "कूरियर डिस्पैच, hi-IN",
        f"ग्राहक {p.name} का पता: {full}। डिलीवरी बॉय के लिए संदेश लिखें।",
        st,
    )
    p = Person("bn-BD")
    nid, ph = rdn(10), phone("bn-BD")
    P(
        "national_id",
        "গার্মেন্টস এইচআর, bn-BD",
        f"নতুন শ্রমিক {p.name}, জাতীয় পরিচয়পত্র নম্বর {nid}, বিকাশ নম্বর {ph}। বেতন বিকাশে যাবে, চিঠি লিখে দিন।",
        nid,
        ph,
    )
    p = Person("bn-BD")
    st, full = address("bn-BD")
    P("address", "বাড়িওয়ালা, bn-BD", f"ভাড়াটিয়া {p.name}, ঠিকানা: {full}। ভাড়া বাড়ানোর নোটিশ লিখে দিন।", st)
    p = Person("ur-PK")
    cnic, ph = pk_cnic(p.male), phone("ur-PK")
    ib = iban_print(iban("PK"))
    P(
        "record",
        "ایچ آر، ur-PK",
        f"نئے ملازم {p.name} کا شناختی کارڈ نمبر {cnic}، موبائل {ph}، اور تنخواہ کا IBAN {ib} ہے۔ کیا یہ درست فارمیٹ ہے؟",
        cnic,
        ph,
        ib,
    )

    # --- East Asia ----------------------------------------------------------
    p = Person("zh-CN")
    cid, ph = cn_id(p.dob, p.male), phone("zh-CN")
    P(
        "national_id",
        "人事入职登记, zh-CN",
        f"帮我核对一下新员工信息：姓名 {p.name}，身份证号 {cid}，手机 {ph}。身份证校验位对吗？",
        cid,
        ph,
    )
    p = Person("zh-CN")
    st, full = address("zh-CN")
    cn = card("62" + pick(["22", "25", "28", "17"]), 19)
    P(
        "record",
        "报销打款, zh-CN",
        f"{p.name} 的报销款打到这张卡：{chunks(cn, 4)}（工商银行），收件地址 {full}。",
        chunks(cn, 4),
        st,
    )
    p = Person("zh-TW")
    tid, ph = tw_id(p.male), phone("zh-TW")
    nhi = "0000" + rd(8)
    P(
        "national_id",
        "診所掛號, zh-TW",
        f"初診病人：{p.name}，身分證字號 {tid}，健保卡號 {nhi}，手機 {ph}。請幫我寫提醒簡訊。",
        tid,
        nhi,
        ph,
    )
    p = Person("zh-TW")
    st, full = address("zh-TW")
    P("address", "房仲帶看, zh-TW", f"幫我寫 LINE 訊息給屋主，確認週六下午帶看 {full} 的物件。", st)
    p = Person("ja-JP")
    mn, ph = jp_my_number(), phone("ja-JP")
    P(
        "national_id",
        "給与担当, ja-JP",
        f"新入社員 {p.name} さんのマイナンバーは {mn}、携帯は {ph} です。扶養控除等申告書に書く欄はどこですか？",
        mn,
        ph,
    )
    p = Person("ja-JP")
    st, full = address("ja-JP")
    koza = rd(7)
    P(
        "record",
        "賃貸管理, ja-JP",
        f"入居者 {p.name} 様、住所 {full}、家賃引落口座 普通 {koza}。口座振替依頼書の案内文を作ってください。",
        st,
        koza,
    )
    cn = card("35" + str(R.randint(28, 89)), 16)
    P(
        "card",
        "ネットショップ問い合わせ, ja-JP",
        f"お客様からのメールに JCB カード番号 {card_fmt(cn)} が書いてありました。返信で番号を消すよう案内したいです。",
        card_fmt(cn),
    )
    p = Person("ko-KR")
    rrn, ph = kr_rrn(p.dob, p.male), phone("ko-KR")
    P(
        "national_id",
        "인사팀 입사 서류, ko-KR",
        f"신입 {p.name} 님 주민등록번호 {rrn}, 휴대폰 {ph} 입니다. 4대보험 신고서에 넣을 항목 정리해 주세요.",
        rrn,
        ph,
    )
    p = Person("ko-KR")
    st, full = address("ko-KR")
    acct = f"{rd(6)}-{rd(2)}-{rd(6)}"
    P(
        "record",
        "부동산 계약, ko-KR",
        f"임차인 {p.name}, 주소 {full}, 보증금 반환 계좌 국민 {acct}. 안내 문자 작성해 주세요.",
        st,
        acct,
    )
    pl = plate("KR")
    P(
        "licence_plate",
        "아파트 주차 등록, ko-KR",
        f"1203호 차량 {pl} 방문 차량 등록 부탁드립니다.",
        pl,
    )

    # --- South-East Asia ----------------------------------------------------
    p = Person("vi-VN")
    cc, ph, bhxh = vn_cccd(p.dob, p.male), phone("vi-VN"), rd(10)
    P(
        "record",
        "phòng nhân sự, vi-VN",
        f"Thông tin nhân viên mới: {p.name}, CCCD {cc}, SĐT {ph}, mã số BHXH {bhxh}. Kiểm tra giúp đã đủ hồ sơ chưa.",
        cc,
        ph,
        bhxh,
    )
    p = Person("vi-VN")
    st, full = address("vi-VN")
    P(
        "address",
        "giao hàng, vi-VN",
        f"Đơn của khách {p.name} giao tới {full}, gọi trước 30 phút. Soạn tin nhắn cho shipper.",
        st,
    )
    p = Person("th-TH")
    tid, ph = th_id(), phone("th-TH")
    P(
        "national_id",
        "ฝ่ายบุคคล, th-TH",
        f"พนักงานใหม่ {p.name} เลขบัตรประชาชน {tid} เบอร์โทร {ph} ช่วยตรวจว่าเลขบัตรถูกต้องไหม",
        tid,
        ph,
    )
    p = Person("th-TH")
    st, full = address("th-TH")
    P("address", "ร้านขายยาส่งของ, th-TH", f"ส่งยาให้คุณ{p.name} ที่ {full} ช่วยเขียนข้อความแจ้งลูกค้า", st)
    p = Person("id-ID")
    nik, ph = id_nik(p.dob, p.male), phone("id-ID")
    npwp = f"{rd(2)}.{rd(3)}.{rd(3)}.{rd(1)}-{rd(3)}.000"
    bpjs = "000" + rd(10)
    P(
        "record",
        "HRD data karyawan, id-ID",
        f"Data karyawan baru:\nNama: {p.name}\nNIK: {nik}\nNPWP: {npwp}\nBPJS Kesehatan: {bpjs}\nHP: {ph}\nTolong cek formatnya.",
        nik,
        npwp,
        bpjs,
        ph,
    )
    p = Person("id-ID")
    st, full = address("id-ID")
    P(
        "address",
        "kurir, id-ID",
        f"Paket atas nama {p.name} ke {full} gagal kirim, alamat kurang lengkap. Buatkan pesan ke pelanggan.",
        st,
    )
    p = Person("ms-MY")
    ic, ph, epf = my_mykad(p.dob, p.male), phone("ms-MY"), rdn(8)
    P(
        "record",
        "sumber manusia, ms-MY",
        f"Pekerja baru {p.name}, No. MyKad {ic}, telefon {ph}, No. KWSP {epf}. Sila semak borang.",
        ic,
        ph,
        epf,
    )
    p = Person("tl-PH")
    sss = f"{rd(2)}-{rd(7)}-{rd(1)}"
    tin = f"{rd(3)}-{rd(3)}-{rd(3)}-000"
    ph_ = f"{rd(2)}-{rd(9)}-{rd(1)}"
    mid = f"{rd(4)}-{rd(4)}-{rd(4)}"
    P(
        "record",
        "HR onboarding, tl-PH",
        f"Paki-check ang government IDs ng bagong empleyado na si {p.name}:\nSSS: {sss}\nTIN: {tin}\nPhilHealth: {ph_}\nPag-IBIG MID: {mid}",
        sss,
        tin,
        ph_,
        mid,
    )
    p = Person("tl-PH")
    st, full = address("tl-PH")
    ph = phone("tl-PH")
    P(
        "address",
        "delivery rider, tl-PH",
        f"Ihatid ang order ni {p.name} sa {full}, contact {ph}. Gumawa ng text para sa rider.",
        st,
        ph,
    )

    # --- single-identifier turns across locales ------------------------------
    for loc, tpl in [
        (
            "en-GB",
            "Can you reply to this parent? Their email is {e} and they want the trip form again.",
        ),
        ("es-ES", "Manda la factura corregida a {e}, por favor, con copia a contabilidad."),
        (
            "de-DE",
            "Die Bewerberin hat sich über {e} gemeldet, bitte Absage freundlich formulieren.",
        ),
        ("pl-PL", "Odpisz klientowi na adres {e}, że zamówienie wyjdzie jutro."),
        ("ja-JP", "{e} 宛てに面接日程の候補を送る文面を作ってください。"),
        ("ko-KR", "고객 이메일 {e} 로 환불 안내 메일 써 주세요."),
        ("tr-TR", "Adaya {e} adresinden ulaşıp mülakat saatini teyit eder misin?"),
        ("nl-NL", "Stuur de huurder een herinnering op {e} over de meterstanden."),
        ("zh-CN", "把会议纪要发给 {e}，语气正式一点。"),
        ("ru-RU", "Ответь соискателю на {e}, что вакансия закрыта."),
    ]:
        e = email(Person(loc))
        P("email", f"reply to a person by e-mail, {loc}", tpl.format(e=e), e)
    for loc, tpl in [
        ("en-AU", "Call back the lady about the bond refund on {t}, she's free after 3."),
        (
            "it-IT",
            "Il fornitore ha lasciato il cellulare del tecnico: {t}. Scrivigli per la manutenzione.",
        ),
        ("fr-FR", "Le papa de l'élève demande qu'on le rappelle au {t} pour la cantine."),
        ("pt-BR", "Me passa um texto pra mandar no WhatsApp {t} confirmando a consulta."),
        ("ar-SA", "اتصل بالعميل على الرقم {t} لتأكيد موعد التركيب."),
        ("id-ID", "Tolong hubungi pelamar di {t} untuk jadwal interview."),
        ("vi-VN", "Gọi lại cho khách theo số {t} để xác nhận đơn."),
        ("en-NG", "Customer said call him on {t} before the rider leaves."),
        ("uk-UA", "Передзвоніть орендарю на {t} щодо ремонту бойлера."),
        ("es-CO", "La paciente pide que la llamen al {t} para reprogramar."),
    ]:
        t = phone(loc)
        P("phone", f"call-back request, {loc}", tpl.format(t=t), t)
    for loc, tpl in [
        (
            "en-US",
            "Unlock AD account for {n} (username {u}), locked after password change on the phone.",
        ),
        ("de-DE", "Bitte Konto {u} von {n} deaktivieren, letzter Arbeitstag war Freitag."),
        ("fr-FR", "Réinitialise les droits de {n} (identifiant {u}) sur le partage Compta."),
        ("sv-SE", "Lägg till {n} ({u}) i gruppen Lön-Läs."),
        ("pl-PL", "Konto {u} ({n}) ma zablokowany dostęp do VPN, sprawdź proszę."),
    ]:
        p = Person(loc)
        u = p.login()
        while len(u) < 6:
            u = p.login() + rd(2)
        P("username", f"helpdesk account request, {loc}", tpl.format(n=p.name, u=u), u)
    for loc, pre, tpl in [
        (
            "en-GB",
            "EMP",
            "Please pull the absence record for employee {i} for the return-to-work meeting.",
        ),
        (
            "en-US",
            "PT-",
            "Patient {i} called about her lab results, can you draft the callback note?",
        ),
        ("de-DE", "PNR-", "Personalnummer {i}: bitte Urlaubsanspruch für 2025 neu berechnen."),
        ("es-MX", "ALU-", "El alumno con matrícula {i} pide constancia de estudios."),
        ("ja-JP", "S", "学籍番号 {i} の学生の在学証明書を作成してください。"),
        ("nl-NL", "PAT", "Patiëntnummer {i} heeft de afspraak van dinsdag afgezegd."),
        ("pt-BR", "MAT", "Matrícula do colaborador {i}, favor gerar o informe de rendimentos."),
    ]:
        i = pre + rd(R.randint(6, 8))
        kind = (
            "patient_id"
            if pre in ("PT-", "PAT")
            else "student_id"
            if pre in ("ALU-", "S")
            else "employee_id"
        )
        P(kind, f"record number tied to a person, {loc}", tpl.format(i=i), i)
    for loc, tpl in [
        ("en-CA", "{n}'s birthday is {d}, can you add her to the staff birthday list?"),
        ("es-ES", "La paciente {n}, nacida el {d}, pide su historial."),
        ("it-IT", "Il dipendente {n}, nato il {d}, chiede il CUD."),
        ("sv-SE", "{n} är född {d}, behöver vi ett särskilt avtal för pension?"),
    ]:
        p = Person(loc)
        d = ymd(p.dob) if loc == "sv-SE" else dmy(p.dob)
        P("dob", f"date of birth of a named person, {loc}", tpl.format(n=p.name, d=d), d)
    for loc, tpl in [
        ("en-US", "VPN logs show {n} connecting from {ip} at 3am, is that her home ISP?"),
        ("fr-FR", "Le client {n} s'est connecté depuis l'IP {ip}, on bloque ?"),
        ("ja-JP", "{n} さんの自宅 IP は {ip} です。許可リストに追加してください。"),
    ]:
        p = Person(loc)
        ip = ipv6_public() if loc == "ja-JP" else ip_public()
        P("ip_address", f"IP tied to a person, {loc}", tpl.format(n=p.name, ip=ip), ip)
    for cc, loc, tpl in [
        ("CZ", "cs-CZ", "Vozidlo {pl} stojí na místě pro zásobování, napiš upozornění."),
        ("SE", "sv-SE", "Bilen {pl} står på gästparkeringen sedan i måndags, skriv en lapp."),
        ("AU", "en-AU", "Staff car {pl} needs a permit for level 2 of the hospital car park."),
    ]:
        pl = plate(cc)
        P("licence_plate", f"licence plate, {loc}", tpl.format(pl=pl), pl)


# ---------------------------------------------------------------------------
# NEGATIVE rows: hard, but nothing secret or personal
# ---------------------------------------------------------------------------


def ean13_neg(prefix: str) -> str:
    while True:
        body = prefix + rd(12 - len(prefix))
        code = body + ean_digit(body)
        if not luhn_ok(code):
            return code


def isbn13_neg() -> str:
    while True:
        body = "978" + pick(["0", "1", "3", "84", "88", "2"]) + rd(9 - len("0"))
        body = body[:12]
        code = body + ean_digit(body)
        if not luhn_ok(code):
            return f"{code[:3]}-{code[3]}-{code[4:8]}-{code[8:12]}-{code[12]}"


def container_no() -> str:
    owner = pick(["MSCU", "MAEU", "CMAU", "HLXU", "TGHU", "OOLU"]) + ""
    serial = rd(6)
    vals = []
    for c in owner + serial:
        if c.isdigit():
            vals.append(int(c))
        else:
            v = 10 + UP.index(c)
            v += (v - 1) // 10  # skip multiples of 11
            vals.append(v)
    s = sum(v * 2**i for i, v in enumerate(vals))
    return owner + serial + str(s % 11 % 10)


def awb() -> str:
    seven = rd(7)
    return f"{pick(['020', '057', '074', '176', '235', '618'])}-{seven}{int(seven) % 7}"


def sku() -> str:
    return f"{rs(UP, 2)}-{rd(4)}-{pick(UP)}"


def negatives_block() -> None:
    # --- tickets, orders, tracking -------------------------------------------
    for loc, tpl in [
        (
            "en-US",
            "Can you summarise PAY-{a} and PAY-{b} for standup? Both are about rounding in the overtime calc; PAY-{a} is blocked by PLAT-{c}.",
        ),
        (
            "de-DE",
            "Fass bitte HR-{a} und HR-{b} für das Weekly zusammen, beide betreffen die Urlaubsübertragung; HR-{a} hängt an OPS-{c}.",
        ),
        (
            "pt-BR",
            "Resume os chamados SUP-{a} e SUP-{b} pra daily? Os dois são sobre a integração com o ERP, e o SUP-{a} depende do DEV-{c}.",
        ),
    ]:
        N(
            f"ticket ids in a standup request, {loc}",
            tpl.format(a=R.randint(100, 9999), b=R.randint(100, 9999), c=R.randint(100, 9999)),
        )
    N(
        "ServiceNow references in an incident summary, en-GB",
        f"INC00{rd(5)} reopened, linked to PRB00{rd(5)} and change CHG00{rd(5)}. Root cause: expired certificate on the load balancer. Impact 07:40–08:25, 212 users. Please write the post-incident summary.",
    )
    N(
        "incident timeline, en-US",
        f"Timeline for SEV2 #{R.randint(300, 999)}:\n02:10 alerts fire (p95 latency > 2s)\n02:14 on-call acks\n02:31 rollback of release 2025.03.2 started\n02:44 error rate back under 0.5%\n03:05 incident closed, follow-up OPS-{R.randint(1000, 9999)}",
    )
    N(
        "order confirmation in a shop, de-DE",
        f"Bestellung #{rd(7)}: 3 × Artikel {sku()} à 14,90 € = 44,70 €, 1 × Artikel {sku()} à 8,50 €, Summe 53,20 € inkl. 19 % MwSt. Versand morgen. Formuliere die Versandbestätigung.",
    )
    N(
        "UPS tracking question, en-CA",
        f"Shipment 1Z{rs(UP + DG, 6)}03{rd(8)} shows 'exception – address correction' in the UPS app. What does that usually mean for a business delivery?",
    )
    N(
        "FedEx and DHL tracking numbers, es-MX",
        f"Los envíos de hoy: FedEx {rd(12)} y DHL Express {rd(10)}. ¿Cuál llega primero a Monterrey si salen a la misma hora?",
    )
    N(
        "purchase order follow-up, ar-SA",
        f"أمر الشراء PO-2025-{rd(5)} لم يصل بعد، والفاتورة INV-{rd(6)} بمبلغ 18,750.00 ريال. اكتب رسالة متابعة للمورد.",
    )
    N(
        "invoice numbers, ar-EG",
        f"الفواتير من {R.randint(1000, 4999)} إلى {R.randint(5000, 9999)} اتسجلت مرتين في السيستم. أعمل إيه عشان ألغي التكرار؟",
    )
    N(
        "warehouse bin locations, tr-TR",
        f"Sayımda fark çıktı: raf A-{R.randint(10, 40)}-0{R.randint(1, 6)}-B'de sistemde 48 koli görünüyor, fiziksel sayım 45. SKU {sku()}. Düzeltme kaydını nasıl açarım?",
    )
    N(
        "air waybill, de-DE",
        f"Die Luftfrachtsendung mit AWB {awb()} hängt seit gestern im Zoll in Frankfurt. Welche Unterlagen fordert der Zoll typischerweise nach?",
    )
    N(
        "container number, nl-NL",
        f"Container {container_no()} staat op de terminal in Rotterdam, ETA binnenvaart donderdag. Kun je een planning maken voor het lossen in twee ploegen?",
    )
    N(
        "GS1 barcode string, fr-FR",
        f"Le lecteur de la pharmacie lit ceci sur une boîte : (01)0{ean13_neg('3400')}(17)270831(10)L{rd(5)}. Comment séparer le GTIN, la date de péremption et le lot ?",
    )
    N(
        "ISBN order for a school, en-GB",
        f"Please draft an order for 28 copies of ISBN {isbn13_neg()} for Year 9 English, delivery to the school office before half term.",
    )
    for loc, hdr, rows in [
        (
            "it-IT",
            "sku;descrizione;qtà;prezzo",
            [
                ("Guanti nitrile M (100 pz)", 40, 6.95),
                ("Mascherine FFP2 (20 pz)", 25, 9.90),
                ("Gel igienizzante 500 ml", 12, 4.20),
            ],
        ),
        (
            "en-AU",
            "sku,description,qty,unit_price",
            [
                ("A4 copy paper 80gsm (ream)", 60, 6.49),
                ("Toner TN-2450", 4, 89.00),
                ("Lever arch file", 30, 3.75),
            ],
        ),
        (
            "sv-SE",
            "artikelnr;benämning;antal;à-pris",
            [
                ("Kopieringspapper A4", 50, 54.0),
                ("Whiteboardpennor 4-pack", 12, 39.0),
                ("Häftklamrar 24/6", 20, 12.5),
            ],
        ),
    ]:
        lines = [hdr]
        sep = ";" if ";" in hdr else ","
        for desc, q, pr in rows:
            lines.append(sep.join([f"{rs(UP, 3)}-{rd(4)}", desc, str(q), f"{pr:.2f}"]))
        N(
            f"CSV of product data, {loc}",
            "\n".join(lines) + "\n\nCalculate the total value of this order.",
        )
    ean = ean13_neg(pick(["400", "590", "800", "871"]))
    N(
        "EAN price mismatch at the till, pl-PL",
        f"Kasa pokazuje złą cenę dla kodu EAN {ean}: na półce 12,99 zł, w systemie 14,49 zł. Jak zgłosić korektę cennika?",
    )

    # --- versions, builds, hashes ------------------------------------------
    N(
        "version upgrade bug, fr-FR",
        f"Après la mise à jour de 3.11.4 vers 3.12.1 (build 20250117.{R.randint(1, 9)}), l'export XLSX plante avec « ValueError: cannot convert float NaN to integer ». Une idée ?",
    )
    h, h1, h2 = rhex(40), rhex(7), rhex(7)
    N(
        "git log excerpt without author, en-US",
        f"what does this merge do?\n\ncommit {h}\nMerge: {h1} {h2}\nDate:   Tue Mar 11 16:42:09 2025 +0000\n\n    Merge branch 'fix/payroll-rounding' into main\n\n    - round overtime to 2 decimals before summing\n    - add test for 37.5h weeks",
    )
    N(
        "cherry-pick question, sv-SE",
        f"Ska jag köra git cherry-pick {rhex(7)} eller {rhex(7)} för att få in fixen för momsavrundningen i release-grenen?",
    )
    N(
        "Jenkins build failure, ja-JP",
        f"Jenkins のビルド #{R.randint(1000, 9999)} がステージ 'integration-tests' で exit code 137 で落ちました。メモリ不足でしょうか？",
    )
    N(
        "installer checksum, ru-RU",
        f"Скачал установщик кассовой программы, на сайте указан SHA-256 {rhex(64)}. Как проверить контрольную сумму в Windows?",
    )
    N(
        "container image digest, ko-KR",
        f"배포 매니페스트에 image: registry.internal/payroll-api@sha256:{rhex(64)} 로 고정했는데, 태그 대신 다이제스트를 쓰는 게 맞나요?",
    )
    N(
        "SRI hash in a script tag, es-ES",
        f'¿Para qué sirve el atributo integrity aquí?\n<script src="https://cdn.jsdelivr.net/npm/chart.js@4.4.1/dist/chart.umd.min.js" integrity="sha384-{b64(48)}" crossorigin="anonymous"></script>',
    )
    N(
        "API log with a resource UUID, en-IN",
        f"2025-03-14T09:12:44.118Z INFO  GET /api/v2/warehouses/{ruuid()}/stock 200 34ms\n2025-03-14T09:12:44.301Z WARN  GET /api/v2/warehouses/{ruuid()}/stock 404 12ms\nwhy would the second warehouse id return 404?",
    )
    N(
        "trace ids in logs, de-CH",
        f'level=error ts=2025-02-03T11:02:17Z msg="upstream timeout" route=/checkout trace_id={rhex(32)} span_id={rhex(16)} duration_ms=30001\nWas bedeutet das für die Kasse im Laden?',
    )
    N(
        "request id and ETag headers, en-GB",
        f'The CDN keeps serving the old timetable. Response headers:\nHTTP/2 200\ncache-control: public, max-age=86400\netag: W/"{rhex(16)}"\nx-request-id: {ruuid()}\nage: 51234\nHow do I purge it?',
    )
    N(
        "semver ranges in package.json, ur-PK",
        'ہمارے package.json میں "react": "^18.2.0" اور "axios": "~1.6.7" لکھا ہے۔ ^ اور ~ میں کیا فرق ہے؟',
    )
    N(
        "Windows update error, cs-CZ",
        "Aktualizace KB5034441 na pokladních PC padá s chybou 0x80070643. Je to kvůli malému oddílu WinRE?",
    )
    N(
        "Outlook and Teams error codes, nl-NL",
        "Outlook geeft 0x800CCC0E bij het verzenden en Teams zegt 'caa70004' bij het opstarten. Hebben die twee iets met elkaar te maken?",
    )
    N(
        "Oracle error, es-ES",
        "Al lanzar el informe de nóminas sale ORA-00942: table or view does not exist. ¿Es un problema de permisos o de sinónimos?",
    )
    N(
        "Windows event ids, el-GR",
        "Στον domain controller βλέπω πολλά Event ID 4625 κάθε βράδυ στις 02:00 και μερικά 4740. Τι σημαίνουν και πώς τα φιλτράρω;",
    )
    N(
        "HTTP status lines, es-CL",
        'Me devuelve esto, ¿qué significa?\n\nHTTP/1.1 503 Service Unavailable\nRetry-After: 120\nContent-Type: application/json\n\n{"error":"maintenance","message":"Vuelva a intentar más tarde"}',
    )
    N(
        "rate-limit headers, en-IN",
        "API response headers: HTTP/1.1 429 Too Many Requests, X-RateLimit-Limit: 600, X-RateLimit-Remaining: 0, X-RateLimit-Reset: 1741942800. How long should my sync job wait?",
    )
    N(
        "Java stack trace, en-US",
        'Exception in thread "main" java.lang.NullPointerException: Cannot invoke "java.math.BigDecimal.add(java.math.BigDecimal)" because "total" is null\n\tat com.acme.payroll.TaxCalc.compute(TaxCalc.java:142)\n\tat com.acme.payroll.Runner.main(Runner.java:37)\nwhere should I initialise total?',
    )
    N(
        "Python traceback, fi-FI",
        'Traceback (most recent call last):\n  File "raportti.py", line 88, in <module>\n    df = pd.read_excel(polku, sheet_name="Tammikuu")\nValueError: Worksheet named \'Tammikuu\' not found\nMiksi välilehteä ei löydy?',
    )
    N(
        "job log line, de-DE",
        f"2025-03-14 02:00:07,412 INFO  [worker-3] job=lohnexport status=done rows={R.randint(800, 4000)} duration=12.4s\n2025-03-14 02:00:07,415 WARN  [worker-3] job=lohnexport 3 rows skipped (missing cost centre)\nWie finde ich heraus, welche Zeilen übersprungen wurden?",
    )
    N(
        "kube health check access log, en-ZA",
        '127.0.0.1 - - [14/Mar/2025:09:12:44 +0000] "GET /healthz HTTP/1.1" 200 2 "-" "kube-probe/1.29"\n127.0.0.1 - - [14/Mar/2025:09:12:54 +0000] "GET /healthz HTTP/1.1" 200 2 "-" "kube-probe/1.29"\nCan I stop these from filling the log?',
    )
    N(
        "epoch timestamps, ko-KR",
        "로그에 1741942800 과 1741946400 같은 숫자가 찍혀요. 이게 한국 시간으로 몇 시인가요?",
    )

    # --- configs without secrets --------------------------------------------
    N(
        "env example with placeholders, en-US",
        "Is this .env.example fine to commit?\n\nDB_HOST=localhost\nDB_PORT=5432\nDB_USER=app\nDB_PASSWORD=${DB_PASSWORD}\nSTRIPE_SECRET_KEY=<YOUR_STRIPE_SECRET_KEY>\nSMTP_PASS=changeme  # set the real one in the vault\nAWS_ACCESS_KEY_ID=<YOUR_ACCESS_KEY_ID>",
    )
    N(
        "Kubernetes deployment with secret references, en-US",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: hr-api\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n        - name: api\n          image: registry.internal/hr-api:2.14.0\n          env:\n            - name: DB_PASSWORD\n              valueFrom:\n                secretKeyRef:\n                  name: hr-db\n                  key: password\nwhy does the pod stay in CreateContainerConfigError?",
    )
    N(
        "Terraform with variable references, de-CH",
        'Ist das so korrekt?\n\nresource "azurerm_key_vault_secret" "db" {\n  name         = "db-password"\n  value        = var.db_password\n  key_vault_id = azurerm_key_vault.main.id\n}\n\nvariable "db_password" {\n  type      = string\n  sensitive = true\n}',
    )
    N(
        "GitHub Actions workflow with secrets context, en-GB",
        "Why is the token empty in forks?\n\n- name: Deploy\n  env:\n    DEPLOY_TOKEN: ${{ secrets.DEPLOY_TOKEN }}\n    REGION: eu-west-2\n  run: ./scripts/deploy.sh --env staging",
    )
    N(
        "docker-compose with variables, fr-CA",
        "Le conteneur de base de données redémarre en boucle :\nservices:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_USER: ${POSTGRES_USER}\n      POSTGRES_PASSWORD_FILE: /run/secrets/pg_password\n    secrets:\n      - pg_password\nsecrets:\n  pg_password:\n    file: ./secrets/pg_password.txt",
    )
    N(
        "nginx config, de-DE",
        "server {\n    listen 443 ssl;\n    server_name intranet.local;\n    ssl_certificate     /etc/nginx/certs/intranet.crt;\n    ssl_certificate_key /etc/nginx/certs/intranet.key;\n    location / { proxy_pass http://127.0.0.1:8080; }\n}\nWarum bekomme ich 502 Bad Gateway?",
    )
    N(
        "placeholder credentials in install docs, pl-PL",
        "W instrukcji instalacji drukarki etykiet jest: 'login: admin / hasło: <ustawiane podczas pierwszego uruchomienia>'. Co mam wpisać, jeśli nikt go nie ustawił?",
    )
    N(
        "password policy text, de-AT",
        "Bitte formuliere unsere Passwortrichtlinie verständlicher: mindestens 12 Zeichen, Groß- und Kleinbuchstaben, eine Ziffer, kein Wiederverwenden der letzten 5 Passwörter, Ablauf nach 180 Tagen.",
    )
    N(
        "Wi-Fi notice without the password, en-AU",
        "Write a sign for the staff room: the guest Wi-Fi password is on the sticker at reception and changes every Monday, please don't write it on the whiteboard.",
    )
    N(
        "OTP message template with placeholder, id-ID",
        "Tolong perbaiki template SMS ini: 'Kode verifikasi Anda adalah {{code}}. Berlaku {{minutes}} menit. Jangan bagikan kode ini kepada siapa pun.'",
    )
    N(
        "AWS CLI placeholder config, en-NG",
        "The docs say to run aws configure and enter AWS Access Key ID [None]: <paste yours here>. Where in the console do I create one for the billing user?",
    )
    N(
        "cron expression, uk-UA",
        "Що означає вираз cron 0 3 * * 1-5? Я хочу, щоб звіт по складу запускався о 03:00 тільки в будні.",
    )
    N(
        "SQL query without data, pt-BR",
        "Essa query tá certa pra achar quem passou de 160 horas?\nSELECT employee_id, SUM(hours) AS total\nFROM timesheets\nWHERE period = '2025-02'\nGROUP BY employee_id\nHAVING SUM(hours) > 160;",
    )
    N(
        "regex for SKU codes, tr-TR",
        "Ürün kodlarımız iki harf, tire, dört rakam, tire ve bir harf (ör. AB-1234-C). Bunun için ^[A-Z]{2}-\\d{4}-[A-Z]$ doğru mu?",
    )
    N(
        "spreadsheet formula, es-CL",
        "¿Por qué me da #N/A esta fórmula? =BUSCARV(A2;Productos!A:F;6;FALSO) — la columna A tiene códigos como PR-0042.",
    )
    N(
        "VAT helper in Python, nl-NL",
        "Kun je deze functie uitbreiden met het lage tarief van 9%?\n\ndef btw(netto: float, tarief: float = 0.21) -> float:\n    return round(netto * tarief, 2)",
    )
    N(
        "CSS colours, zh-CN",
        "门店小程序的主色是 #1A73E8，辅助色 #F4B400，按钮悬停要深 10%，应该用什么色值？",
    )
    N(
        "public API call with public coordinates, en-US",
        "Is this the right way to get the forecast for our Berlin warehouse? GET https://api.open-meteo.com/v1/forecast?latitude=52.52&longitude=13.41&hourly=temperature_2m",
    )
    N(
        "Excel pivot question, hu-HU",
        "Hogyan készítsek kimutatást, amely raktáranként (BP-01, DEB-02, SZE-03) összesíti a januári kiszállításokat?",
    )

    # --- numbers that are not personal ---------------------------------------
    N(
        "rent increase math, en-GB",
        "If the rent is £1,450 per month and goes up 3.2% a year, what will it be after 5 years? Show the working.",
    )
    net = R.randint(800, 4000) + R.choice([0, 0.5, 0.25])
    vat = round(net * 0.23, 2)
    N(
        "invoice totals, pl-PL",
        f"Faktura FV/{R.randint(1, 300)}/03/2025: netto {money(net, ',', ' ')} zł, VAT 23% {money(vat, ',', ' ')} zł, brutto {money(net + vat, ',', ' ')} zł. Czy dobrze policzone?",
    )
    a, b, c = (
        round(R.uniform(800, 1500), 2),
        round(R.uniform(2000, 4500), 2),
        round(R.uniform(10, 90), 2),
    )
    N(
        "till Z-report, en-NG",
        f"Z-report for till 2: cash ₦{a:,.2f}, card ₦{b:,.2f}, refunds ₦{c:,.2f}. Net takings = ₦{a + b - c:,.2f}? Check my sum.",
    )
    N(
        "journal entry, hu-HU",
        "Könyvelési tétel: T 5210 Bérleti díj 250 000 Ft / K 3840 Bankszámla 250 000 Ft. Jó így az áfás számlánál, vagy kell 466-os sor is?",
    )
    N(
        "currency conversion, th-TH",
        "ถ้าสั่งของจากญี่ปุ่น 184,000 เยน อัตรา 0.2315 บาทต่อเยน จะเป็นกี่บาท รวม VAT 7% ด้วย",
    )
    N(
        "unit conversion, ms-MY",
        "Berapa kilogram kalau 2,450 lb? Saya nak isi borang penghantaran kargo udara.",
    )
    N(
        "KPI numbers in a call-centre report, en-US",
        "Week 10: 4,812 calls, AHT 6m42s, FCR 71.3%, abandonment 4.9%, CSAT 4.4/5. Write three bullet points for the ops review.",
    )
    N(
        "salary bands without names, nl-NL",
        "Schaal 7: € 3.120 – € 4.380, schaal 8: € 3.480 – € 4.950 bruto per maand. Schrijf een korte uitleg voor de vacaturetekst.",
    )
    N(
        "SaaS pricing tiers, en-CA",
        "Compare for me: Basic $12/user/month (max 10 users), Team $20/user/month, Business $31/user/month billed annually. We have 23 staff.",
    )
    N(
        "sample size question, fi-FI",
        "Asiakastyytyväisyyskyselyyn vastasi 312 / 1 450 asiakasta. Mikä on virhemarginaali 95 %:n luottamustasolla?",
    )
    N(
        "pharmacy dosing question, fr-FR",
        "Pour un adulte, le paracétamol c'est 1 g toutes les 6 heures, maximum 4 g par 24 h, c'est bien ça ? Et pour l'ibuprofène 400 mg ?",
    )
    N(
        "ICD-10 codes, es-CO",
        "Para facturar, ¿uso J06.9 o J20.9 en una bronquitis aguda sin especificar? ¿Y el CUPS de la consulta de medicina general?",
    )
    N(
        "lab unit conversion, en-IN",
        "HbA1c of 48 mmol/mol is 6.5%, right? And fasting glucose 126 mg/dL is how many mmol/L?",
    )
    N(
        "medicine lot and expiry, ja-JP",
        f"入荷した薬のロット {rd(1)}{pick(UP)}{rd(4)}、使用期限 2026-08 の箱が1つ破損していました。返品の手順を教えてください。",
    )
    N(
        "grade boundaries, en-GB",
        "Our mock grade boundaries: 9 = 172+, 8 = 152, 7 = 132, 6 = 110, 5 = 88, 4 = 66. Turn this into a table for the parents' evening handout.",
    )
    N(
        "school timetable, fi-FI",
        "Lukujärjestys: 8A matematiikka luokassa B214 tiistaina 2. tunnilla, 8B liikunta salissa 1. Tee tästä taulukko.",
    )
    N(
        "property listing facts, nb-NO",
        "Skriv en annonsetekst: 3-roms, 74 m², 2. etasje, prisantydning 4 950 000 kr, felleskostnader 3 420 kr/mnd, energimerke C.",
    )
    N(
        "listing description, en-GB",
        "Draft a Rightmove description: two-bed Victorian terrace, 78 m², gas central heating, EPC D, council tax band B, garden 12 m, chain free. Asking £245,000.",
    )
    N(
        "public holidays, ro-RO",
        "Care sunt zilele libere legale în aprilie și mai 2025 în România? Vreau să planific turele la depozit.",
    )
    N(
        "working days calculation, da-DK",
        "Hvor mange arbejdsdage er der fra 1. april til 30. juni 2025, når Kristi himmelfartsdag og 2. pinsedag er fridage?",
    )
    N(
        "extension list for the switchboard, en-AU",
        "Make a phone list for the noticeboard: Reception ext. 2100, Pharmacy ext. 2145, Pathology ext. 2190, Radiology ext. 2210, After-hours nurse ext. 2299.",
    )
    N(
        "rooms and desks, sv-SE",
        "Mötet flyttas till rum 4.17 på plan 4, och skrivbord B-212 är ledigt på torsdag. Skriv ett kort meddelande till teamet.",
    )
    N(
        "room booking, it-IT",
        "Prenota la sala riunioni Sala Tevere (piano 3, 12 posti) per giovedì dalle 14:00 alle 15:30 per la formazione sul nuovo gestionale.",
    )
    N(
        "flight and gate numbers, it-IT",
        "Il volo AZ 1782 parte alle 14:35 dal gate B44, il corriere consegna il pacco in aeroporto entro le 12. Scrivi un promemoria.",
    )
    N(
        "tram and bus lines, hu-HU",
        "Melyik a gyorsabb a raktárba: a 4-6-os villamos és a 9-es busz, vagy a 2-es metró és a 73-as troli?",
    )
    N(
        "route plan for a depot, en-ZA",
        "Route R-17: 42 drops, van 3, depart depot 05:30, lunch 11:00–11:30, ETA last drop 13:10. Route R-18: 37 drops, van 5. Which one should get the trainee driver?",
    )
    N(
        "dispatch planning, es-ES",
        "Tengo 3 furgonetas de 1.200 kg y 58 pedidos con un peso medio de 47 kg. ¿Cuántas rutas necesito como mínimo?",
    )
    N(
        "shift rota, es-MX",
        "Arma el rol de turnos: lunes a viernes 06:00–14:00 y 14:00–22:00, sábado solo matutino, domingo cerrado, 5 cajeros y 2 supervisores.",
    )
    N(
        "toner part numbers, en-US",
        "The Brother printer on floor 3 needs toner TN-2420 and drum DR-2400. Which one is the 3,000-page high-yield?",
    )
    N(
        "laptop serial and asset tag, fr-BE",
        f"Le portable de prêt (numéro de série 5CG{rd(4)}{rs(UP, 3)}, étiquette IT-{rd(6)}) ne charge plus. Je fais un ticket garantie ou on remplace la batterie ?",
    )
    N(
        "hardware models, de-DE",
        "Welcher Etikettendrucker passt besser zum Lager: Zebra ZD421 oder Brother QL-820NWB? Wir drucken ca. 600 Versandetiketten am Tag.",
    )
    N(
        "printer queue names, da-DK",
        "Printerkøen PRN-3F-02 hænger, spooleren er genstartet to gange. Hvad gør jeg nu?",
    )
    N(
        "document control numbers, zh-TW",
        "請把 SOP-QA-014 第 7 版和 WI-WH-022 第 3 版的差異整理成表格。",
    )
    N(
        "statute references, de-DE",
        "Erklär mir kurz den Unterschied zwischen einer Kündigung nach § 626 BGB und einer ordentlichen Kündigung nach § 622 BGB.",
    )
    N(
        "GDPR articles, en-IE",
        "Which lawful basis fits CCTV in a shop: Art. 6(1)(f) GDPR legitimate interests or Art. 6(1)(c)? And do we need a DPIA under Art. 35?",
    )
    N(
        "public company registrations, en-GB",
        "Supplier onboarding: please check the registered numbers we have on file — Tesco PLC company number 00445790, BP p.l.c. 00102498, Unilever PLC 00041424. Are these the parent companies?",
    )
    N(
        "German commercial register entries, de-DE",
        "Für die Lieferantenstammdaten: Siemens AG, Amtsgericht München HRB 6684; SAP SE, Amtsgericht Mannheim HRB 719915. Reicht das als Nachweis?",
    )
    N(
        "SEC CIK numbers, en-US",
        "For the investor-relations page, the SEC CIK for Apple is 0000320193 and for Microsoft 0000789019. Is CIK the same as the EIN?",
    )
    N(
        "Brazilian company registry, pt-BR",
        "O CNPJ da Petrobras é 33.000.167/0001-01, certo? Preciso cadastrar como cliente no ERP.",
    )
    N(
        "French company registry, fr-FR",
        "Pour l'appel d'offres, TotalEnergies SE est immatriculée au RCS de Nanterre sous le numéro 542 051 180. Où vérifier l'extrait Kbis ?",
    )
    N(
        "format explanation without data, en-GB",
        "How many characters is a UK IBAN and what are the parts? We keep getting 'invalid account' when staff type them in.",
    )
    N(
        "phone format explanation, es-ES",
        "¿Cuántas cifras tiene un móvil en España y en México? Quiero validar el campo del formulario sin molestar a los clientes.",
    )
    N(
        "W-2 box question, en-US",
        "What's the difference between W-2 box 12 code D and code DD? Our payroll export only fills box 12a.",
    )
    N(
        "call-centre script with placeholders, es-ES",
        "Mejora este guion: «Gracias por llamar a Atención al Cliente, le atiende [NOMBRE DEL AGENTE]. ¿Me indica el número de pedido, por favor?»",
    )
    N(
        "helpdesk macro, he-IL",
        "תנסח מחדש את התבנית: 'שלום {שם}, קיבלנו את הפנייה שלך מספר {מספר_פנייה}. נחזור אלייך תוך יום עסקים אחד.'",
    )
    N(
        "kanban status, bn-BD",
        "এই সপ্তাহের বোর্ড: To Do 14, In Progress 6, Review 3, Done 21। স্ট্যান্ডআপের জন্য সংক্ষেপে লিখে দাও।",
    )
    N(
        "job advert, vi-VN",
        "Viết tin tuyển dụng: nhân viên kho, ca xoay, lương 9–11 triệu, làm tại Bình Dương, ưu tiên có bằng lái xe nâng.",
    )
    N(
        "inventory variance, pt-PT",
        "Inventário de março: diferença de −37 unidades no artigo REF-20418 e +12 no REF-20419. Como justifico no relatório?",
    )
    N(
        "lesson help, en-NG",
        "Explain photosynthesis for a JSS2 class in simple words, with a short quiz of five questions at the end.",
    )
    N(
        "translation of a notice, ar-MA",
        "ترجم لي هذا الإعلان إلى الفرنسية: «سيتم إغلاق المكتب يوم الجمعة بمناسبة العيد، ونستأنف العمل يوم الاثنين على الساعة الثامنة والنصف».",
    )
    N(
        "meeting notes, en-CA",
        "Q3 planning notes: headcount +4 (2 support, 1 dispatch, 1 finance), budget CAD 1.2M, new depot go-live 2025-09-01, risks: forklift certification, IT cabling. Turn into an email.",
    )
    N(
        "onboarding checklist without data, en-US",
        "Make me a generic onboarding checklist for a new pharmacy tech: badge, locker, uniform sizes, system training, controlled-substance SOP sign-off, 30/60/90 check-ins.",
    )
    N(
        "meeting agenda, ja-JP",
        "来週の店長会議のアジェンダ：①3月の売上（前年比 104.2%）②棚卸しの日程 ③新 POS の導入スケジュール。読みやすく整えてください。",
    )
    N(
        "privacy policy question, ko-KR",
        "개인정보 처리방침 v3.2(개정 2025-01-15) 검토 중이에요. 고객 상담 녹취는 몇 년 보관해야 하나요? 문구 예시도 부탁해요.",
    )
    N(
        "legal drafting help, it-IT",
        "Per la pratica interna CONS-2025-0147 mi scrivi una clausola di riservatezza standard per un contratto di consulenza, durata 3 anni dalla cessazione, penale € 25.000?",
    )
    N(
        "accounting question, ro-RO",
        "Cum înregistrez în contabilitate o factură de chirie de 2.500 lei plus TVA 19%? Ce conturi folosesc?",
    )
    N(
        "tax deadline question, cs-CZ",
        "Doklad FV2025-0317 z 28.02.2025 na 48 400 Kč vč. DPH 21 %: do kdy musíme podat přiznání k DPH za únor jako měsíční plátce a jak ho uvést v kontrolním hlášení (oddíl A.4)?",
    )
    N(
        "HR policy question, tr-TR",
        "İK talep no İK-2025-0388: yıllık izin hakkı 5 yılını dolduran personel için kaç gün? Tabloyu 1-5, 5-15 ve 15+ yıl olarak hazırla (4857 sayılı Kanun md. 53).",
    )
    N(
        "logistics question, ru-RU",
        "Сколько европаллет 1200×800 помещается в 20-футовый контейнер в один ярус? А в 40-футовый?",
    )
    N(
        "estate agent copy, uk-UA",
        "Напиши оголошення: 2-кімнатна квартира, 56 м², 7/9 поверх, автономне опалення, ціна 58 000 $.",
    )
    N(
        "pharmacy storage rules, el-GR",
        "Ψυγείο εμβολίων Liebherr MKv 3910, αρ. σειράς 91.436.718.2, firmware 2.07: ποια είναι η σωστή θερμοκρασία; Γράψε μια σύντομη οδηγία για το προσωπικό.",
    )
    N(
        "school office notice, pl-PL",
        "Napisz ogłoszenie dla rodziców: zebrania klas 1–3 w środę o 17:00, klas 4–8 w czwartek o 17:30, sala gimnastyczna.",
    )
    N(
        "clinic opening hours, ar-EG",
        "اكتب إعلان مواعيد العيادة: من السبت للخميس من 5 مساءً لـ 10 مساءً، والجمعة إجازة.",
    )
    N(
        "dispatcher radio codes, en-US",
        "In our dispatch board, what's a sensible colour code for statuses: assigned, en route, on site, delayed, completed?",
    )
    N(
        "store opening hours, sv-SE",
        "Skriv en skylt (butik 0417, Kassa 1–6): öppettider under påsk — skärtorsdag 10–18, långfredag stängt, påskafton 10–15, annandag påsk 11–16.",
    )
    N(
        "warehouse KPI, zh-CN",
        "本月仓库拣货准确率 99.62%，平均出库时效 5.3 小时，比上月提升 0.8 小时。帮我写一段周报总结。",
    )
    N(
        "pricing math, id-ID",
        "Harga modal Rp 42.500, mau margin 35%. Harga jual berapa? Kalau diskon 10% masih untung berapa persen?",
    )
    N(
        "customer FAQ, tl-PH",
        "Gumawa ng FAQ para sa delivery: cut-off ng order ay 2 PM, same-day sa Metro Manila, 3–5 araw sa probinsya.",
    )
    N(
        "staff training plan, th-TH",
        "ช่วยวางแผนอบรมพนักงานขายใหม่ 5 วัน: วันแรกความรู้สินค้า วันที่สองระบบ POS วันที่สามการบริการลูกค้า",
    )
    N(
        "Urdu shop notice, ur-PK",
        "دکان کے لیے نوٹس لکھیں: رمضان میں اوقات کار صبح 10 بجے سے رات 4 بجے تک ہوں گے۔",
    )
    N(
        "Hindi office notice, hi-IN",
        "परिपत्र सं. HR/2025/08 के लिए सूचना लिखें: 15 अगस्त को अवकाश रहेगा, 16 अगस्त से सामान्य समय 09:30–18:00 पर काम होगा।",
    )
    N(
        "Bengali invoice math, bn-BD",
        "১২০০ পিস টি-শার্ট, প্রতি পিস ৩৪৫ টাকা, ৫% ডিসকাউন্ট দিলে মোট কত হবে?",
    )
    N(
        "Malay HR question, ms-MY",
        "Tiket HR-88213: pekerja gred N19 mohon cuti sakit 14 hari dari 3/3/2025 hingga 16/3/2025. Berapa hari cuti sakit yang layak jika berkhidmat kurang dari 2 tahun mengikut Akta Kerja 1955 (pindaan 2022)?",
    )
    N(
        "Vietnamese accounting question, vi-VN",
        "Hóa đơn điện tử số 0000418, ký hiệu 1C25TAA, ngày 14/03/2025 bị sai thuế suất 8% thay vì 10% thì xử lý thế nào, lập hóa đơn điều chỉnh hay thay thế?",
    )
    N(
        "Korean logistics question, ko-KR",
        "팔레트 40개를 5톤 윙바디에 실을 수 있나요? 팔레트 규격은 1100×1100입니다.",
    )
    N(
        "Danish school notice, da-DK",
        "Skriv en besked til forældrene i 4.B om, at svømning flyttes fra tirsdag til torsdag kl. 10.15 resten af foråret.",
    )
    N(
        "Norwegian HR question, nb-NO",
        "Sak ARB-2025-117: hvor lang oppsigelsestid har en ansatt med 6 års ansiennitet etter arbeidsmiljøloven § 15-3, når oppsigelsen leveres 14.03.2025?",
    )
    N(
        "Finnish shop notice, fi-FI",
        "Kirjoita ilmoitus: myymälä 112 suljettu inventaarion vuoksi maanantaina 31.3.2025 klo 8–12, tilausnumerot 70040–70112 toimitetaan tiistaina.",
    )
    N(
        "Swiss payroll rates, de-CH",
        "Lohnlauf 2025-03 (Job LL-20250325-02, 38 Mitarbeitende, Bruttosumme CHF 231 480.00): Wie hoch sind 2025 die AHV/IV/EO-Beiträge in Prozent für Arbeitnehmer und Arbeitgeber zusammen?",
    )
    N(
        "Austrian rent law question, de-AT",
        "Akt HV-2025-044, Kaution € 2.870,40 (3 Bruttomonatsmieten), offene Betriebskosten laut Abrechnung 2024: € 312,18. Darf der Vermieter die Kaution in Österreich damit verrechnen?",
    )
    N(
        "Belgian school notice, fr-BE",
        "Rédige un mot pour les parents : la classe verte des 5e primaires aura lieu du 12 au 16 mai, coût 185 €.",
    )
    N(
        "Quebec payroll question, fr-CA",
        "Lot de paie PAIE-2025-07 (période du 2025-03-30 au 2025-04-12, 46 employés) : quels sont les taux de cotisation au RRQ et au RQAP pour 2025, employé et employeur?",
    )
    N(
        "Chilean payroll question, es-CL",
        "¿Cómo se calcula la gratificación legal con tope de 4,75 ingresos mínimos? Dame un ejemplo con sueldo de $850.000.",
    )
    N(
        "Colombian logistics question, es-CO",
        "La guía 2185503947 de Servientrega salió de Bogotá el 12/03/2025 a las 18:40. ¿Cuántos días hábiles tarda normalmente a Pasto?",
    )
    N(
        "Mexican tax question, es-MX",
        f"El CFDI de ingreso con folio fiscal {ruuid().upper()} por $12,480.00 MXN salió con uso G03. ¿Se puede cancelar con motivo 01 si ya lo pagaron?",
    )
    N(
        "Portuguese HR question, pt-PT",
        "Processo RH-2025/0412: quantos dias de férias tem um trabalhador admitido a 01/02/2025 no primeiro ano de contrato (art. 239.º do Código do Trabalho)? E quando pode gozá-los?",
    )
    N(
        "Brazilian logistics question, pt-BR",
        "Qual a diferença entre CT-e e MDF-e? Nossa transportadora pediu os dois para a carga de amanhã.",
    )
    N(
        "Dutch estate agent question, nl-NL",
        "Object WON-2025-0193, vraagprijs € 425.000 k.k., 112 m², bouwjaar 1931: wat is het verschil tussen kosten koper en vrij op naam? Graag een uitleg voor een starter.",
    )
    N(
        "Italian school notice, it-IT",
        "Scrivi una circolare: i colloqui con le famiglie si terranno dal 7 al 9 aprile, dalle 15:00 alle 18:00, su prenotazione.",
    )
    N(
        "Spanish pharmacy question, es-ES",
        "¿Qué temperatura debe tener la nevera de la farmacia para insulinas y cómo registro las lecturas diarias?",
    )
    N(
        "Greek accounting question, el-GR",
        "Πώς υπολογίζεται ο ΦΠΑ 24% σε τιμολόγιο με καθαρή αξία 1.250 €; Και ποιο είναι το σύνολο;",
    )
    N(
        "Hebrew logistics question, he-IL",
        'הזמנת רכש 4500128733, 26 משטחים במידות 120 על 100, משקל כולל 11,480 ק"ג. כמה משטחים נכנסים למשאית 12 טון?',
    )
    N(
        "Czech school notice, cs-CZ",
        "Napiš oznámení pro rodiče: třídní schůzky budou v úterý 15. dubna od 16:30 ve třídách.",
    )
    N(
        "Hungarian pharmacy notice, hu-HU",
        "Írj egy táblát a patikába: ügyeleti nyitva tartás hétvégén 8–20 óráig, ünnepnapokon 9–13 óráig.",
    )
    N(
        "Romanian estate agent question, ro-RO",
        "Contract cadru CT-2025-031, chirie 2.300 lei/lună, garanție 4.600 lei: ce documente îmi trebuie pentru un contract de închiriere înregistrat la ANAF (formular C168)?",
    )
    N(
        "Polish logistics question, pl-PL",
        "Zlecenie transportowe ZT/2025/03/0417: ile kosztuje przejazd 40-tonowej ciężarówki autostradą A2 z Poznania do Warszawy przy e-TOLL (klasa EURO 6)?",
    )
    N(
        "Russian HR question, ru-RU",
        "Заявка № ОК-2025/0219 от 14.03.2025: сколько дней отпуска положено по ТК РФ (ст. 115) и можно ли делить его на части меньше 14 дней?",
    )
    N(
        "Turkish shop notice, tr-TR",
        "Bayram tatilinde mağaza çalışma saatleri: arife günü 10:00–14:00, bayramın 1. günü kapalı, 2. ve 3. gün 12:00–20:00. Duyuru yaz.",
    )
    N(
        "Arabic HR question, ar-SA",
        "طلب رقم HR-2025-4471: كم مدة الإجازة السنوية للموظف بعد خمس سنوات خدمة حسب نظام العمل (المادة 109)؟",
    )
    N(
        "Japanese HR question, ja-JP",
        "申請番号 HR-2025-00318：有給休暇の付与日数は勤続 6 か月で何日ですか？週 3 日勤務のパートタイムの場合の比例付与も教えてください。",
    )
    N(
        "Chinese HR question, zh-TW",
        "表單編號 LV-20250314-007：特休假天數怎麼算？年資 3 年的員工有幾天？",
    )
    N(
        "Indonesian school notice, id-ID",
        "Buat pengumuman sesuai Surat Edaran No. 421.3/045/SMP/2025: pembagian rapor semester genap hari Sabtu, 21 Juni, pukul 08.00–11.00 di kelas masing-masing.",
    )
    N(
        "Tagalog HR question, tl-PH",
        "Ticket PAY-2025-0733: paano kinukuwenta ang 13th month pay kung 7 buwan lang nagtrabaho ang empleyado at ₱18,500 ang basic pay kada buwan?",
    )
    N(
        "Thai pharmacy question, th-TH",
        "ยาพาราเซตามอล 500 มก. (รหัสสินค้า TH-PCM-500-10, ล็อต 2405118) ผู้ใหญ่กินได้วันละไม่เกินกี่เม็ด ช่วยเขียนป้ายเตือนลูกค้า",
    )
    N(
        "Ukrainian accounting question, uk-UA",
        "Як правильно оформити видаткову накладну № РН-000418 від 14.03.2025 на 120 одиниць товару за 300,00 грн, ПДВ 20% (разом 43 200,00 грн)?",
    )
    N(
        "Swedish accounting question, sv-SE",
        f"Hur bokför jag leverantörsfaktura nr {R.randint(100000, 999999)} på 12 500 kr exkl. moms (moms 3 125 kr) för kontorsmaterial, OCR-referens {(o := rdn(9)) + luhn_digit(o)}? Vilka konton?",
    )
    N(
        "German logistics notice, de-DE",
        "Schreib einen Aushang: Wareneingang ab Montag nur noch 7–14 Uhr, Rampe 3 wegen Umbau gesperrt.",
    )
    N(
        "English estate agent question, en-AU",
        "What's the standard notice period for a periodic lease in Victoria if the landlord wants to sell?",
    )
    N(
        "English accountant question, en-ZA",
        "Explain provisional tax for a small business: when are the IRP6 payments due and how is the estimate worked out?",
    )
    N(
        "English school question, en-IN",
        "Create a timetable template for classes 6 to 8 with 8 periods, lunch after the 4th, and a games period on Friday.",
    )
    N(
        "English developer question, en-GB",
        "What's the cleanest way to retry a flaky HTTP call in Python with exponential backoff and a max of 5 attempts?",
    )
    N(
        "Python code without data, en-US",
        "Can you add type hints?\n\ndef luhn_ok(num):\n    total = 0\n    for i, ch in enumerate(reversed(num)):\n        d = int(ch)\n        if i % 2:\n            d = d * 2 - 9 if d > 4 else d * 2\n        total += d\n    return total % 10 == 0",
    )
    N(
        "JavaScript snippet, pt-BR",
        "Por que isso retorna NaN?\n\nconst total = pedidos.reduce((acc, p) => acc + p.valor, 0);\nconsole.log(total.toFixed(2));",
    )
    N(
        "bash loop, fr-FR",
        'Comment renommer tous les fichiers facture_*.pdf en ajoutant la date du jour ?\nfor f in facture_*.pdf; do mv "$f" "$(date +%F)_$f"; done',
    )
    N(
        "math homework help, es-MX",
        "Si un camión recorre 342 km con 38 litros de diésel, ¿cuántos litros necesita para 1.150 km?",
    )
    N(
        "percent change, de-DE",
        "Umsatz Februar 48.310 €, März 52.970 €. Wie viel Prozent Steigerung ist das?",
    )
    N(
        "storage sizing, en-US",
        "If each scanned invoice is about 350 KB and we scan 1,200 a month, how much storage do we need for 7 years of retention?",
    )


# ---------------------------------------------------------------------------
# main
# ---------------------------------------------------------------------------


def main() -> None:
    secrets_block()
    pii_block()
    negatives_block()
    texts = [r["text"] for r in ROWS]
    assert len(texts) == len(set(texts)), "duplicate text"
    negs = [r["text"] for r in ROWS if r["category"] == "negative"]
    for r in ROWS:
        for s in r["secrets"]:
            assert not any(s in t for t in negs), ("listed value leaks into a negative", s)
    R.shuffle(ROWS)
    with OUT.open("w", encoding="utf-8", newline="\n") as fh:
        for r in ROWS:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"wrote {len(ROWS)} rows to {OUT.name}")
    print(Counter(r["category"] for r in ROWS))
    print(Counter(f"{r['category']}/{r['kind']}" for r in ROWS))


if __name__ == "__main__":
    main()
