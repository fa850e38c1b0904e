# ruff: noqa: E501
"""Blind scrub corpus #15: chats with a persona.

Written blind: the scrubber's source (``lifelong/``), its tests (``tests/``),
its docs, the benchmark script ``bench/scrub.py``, README/CHANGELOG files and
the other corpora in ``bench/data/scrub/`` were NOT opened, listed, grepped or
imported while this file was written, and the scrubber was never run. The only
file looked at was lines 1-70 of ``bench/data/scrub/make_blind5.py``, for the
row format and the ``add``/``S``/``P``/``N`` helpers. Everything else comes
from general knowledge of what people type into a chat assistant and of the
public shapes of credentials and personal data.

Theme: people talking to a persona (a companion, a tutor, a coach, a game
character, a brand's support persona) over several turns, as a chat history
records them: casual, typo-ridden, code-switching (Hinglish, Spanglish,
Taglish, Arabizi, Russian in Latin letters, pinyin and ~30 other locales),
emoji and slang, values split over two messages, values with a word glued on,
values in parentheses or after "->", values quoted back by the persona, people
asking the persona to remember things; plus hard negatives: role-play with
fictional numbers, homework full of numbers, game scores and item ids, prices,
versions, public hotlines, famous example passwords and template placeholders.

Deterministic: all random values come from one seeded ``random.Random``;
running ``python bench/data/scrub/make_blind15.py`` again writes the same
``blind15.jsonl`` (next to this script) byte for byte. Standard library only.
Check digits (Luhn, Verhoeff, ISO 7064 mod 97 / mod 11, national schemes) are
computed in code. No published test values (test card numbers, documented
example keys, reserved example domains, fictional phone ranges) are used.

One JSON object per line::

    {"text": str, "category": "secret" | "pii" | "negative", "kind": str,
     "secrets": [str, ...], "context": str}

``secrets`` holds exact substrings of ``text`` (each at least 6 characters)
that must not survive scrubbing; a row is caught only when all are gone.
Negatives have kind ``"negative"`` and an empty list: nothing in them is
secret or personal, and they must come out unchanged. Names of people may
appear in positive rows but are never listed; only identifiers are.
"""

from __future__ import annotations

import base64
import hashlib
import json
import random
import re
import string
from collections import Counter
from pathlib import Path

R = random.Random(15_2026_1207)
OUT = Path(__file__).with_name("blind15.jsonl")

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
SEEN: set[str] = set()


def add(text: str, category: str, kind: str, secrets: list[str], context: str) -> None:
    assert category in {"secret", "pii", "negative"}, category
    if category == "negative":
        assert kind == "negative" and not secrets, text
    else:
        assert secrets, (kind, text[:80])
    for s in secrets:
        assert len(s) >= 6, (kind, s)
        assert s in text, (kind, s)
    assert not re.search(r"\{[a-z]\}", text), text
    if text in SEEN:
        return
    SEEN.add(text)
    ROWS.append(
        {"text": text, "category": category, "kind": kind, "secrets": secrets, "context": context}
    )


# ---------------------------------------------------------------- personas

PERSONAS = {
    "companion": ["Luna", "Mika", "Sora", "Nova", "Aiko", "Leo", "Zara", "Kiki"],
    "tutor": [
        "Professor Owl",
        "Miss Ada",
        "Tutor Ravi",
        "Profe Lucía",
        "Herr Max",
        "Mentor Kiko",
        "Laoshi Mei",
    ],
    "coach": ["Coach Dex", "Coach Bia", "FitBuddy Rio", "Sensei Ken", "Coach Amara"],
    "game": [
        "Grimbald the Innkeeper",
        "Captain Vex",
        "Oracle of Mirewood",
        "Pixel",
        "Elder Thorne",
        "Nyx the Rogue",
    ],
    "support": [
        "Ziggy (FreshCart)",
        "Mia @ NovaTel",
        "Kato (SkyLink Fiber)",
        "Bea (BayadPay)",
        "Rami (QuickRide)",
        "Lena (Stromwerk)",
        "Juno (PixelPlay)",
    ],
}

STYLES = [
    ("user: ", "{p}: "),
    ("me: ", "{p}: "),
    ("You: ", "{p}: "),
    ("> ", "{p} › "),
    ("[user] ", "[{p}] "),
    ("User: ", "{p} 💬 "),
]


def render(tmpl: str, persona: str, subs: dict[str, str]) -> str:
    text = tmpl
    for k, v in subs.items():
        text = text.replace("{" + k + "}", v)
    text = text.replace("{p}", persona)
    ulab, plab = R.choice(STYLES)
    plab = plab.replace("{p}", persona)
    stamp = R.random() < 0.35
    hh, mm = R.randint(0, 23), R.randint(0, 59)
    out = []
    for line in text.split("\n"):
        pre = ""
        if line.startswith("U: "):
            pre, line = ulab, line[3:]
        elif line.startswith("P: "):
            pre, line = plab, line[3:]
        if pre and stamp:
            pre = f"[{hh:02d}:{mm:02d}] " + pre
            mm += R.randint(0, 3)
            if mm > 59:
                hh, mm = (hh + 1) % 24, mm - 60
        out.append(pre + line)
    return "\n".join(out)


def row(
    cat: str, kind: str, role: str, lang: str, ctx: str, tmpl: str, fn=None, n: int = 1
) -> None:
    for _ in range(n):
        subs, secrets = fn() if fn else ({}, [])
        persona = R.choice(PERSONAS[role])
        text = render(tmpl, persona, subs)
        add(text, cat, kind, secrets, f"{role} persona; {lang}; {ctx}")


def S(kind, role, lang, ctx, tmpl, fn, n=2):
    row("secret", kind, role, lang, ctx, tmpl, fn, n)


def P(kind, role, lang, ctx, tmpl, fn, n=2):
    row("pii", kind, role, lang, ctx, tmpl, fn, n)


def N(role, lang, ctx, tmpl, fn=None, n=1):
    row("negative", "negative", role, lang, ctx, tmpl, fn, n)


def V(**kw: str):
    """All substitutions are secrets."""
    return kw, list(dict.fromkeys(kw.values()))


def X(**kw: str):
    """Substitutions that are not secret (negatives, fillers)."""
    return kw, []


def VX(sec: dict[str, str], extra: dict[str, str]):
    return {**sec, **extra}, list(dict.fromkeys(sec.values()))


# ---------------------------------------------------------------- random helpers


def rs(alphabet: str, n: int) -> str:
    return "".join(R.choice(alphabet) for _ in range(n))


def dg(n: int) -> str:
    return rs(DG, n)


def dg1(n: int) -> str:
    return str(R.randint(1, 9)) + dg(n - 1)


def pick(seq):
    return R.choice(seq)


# ---------------------------------------------------------------- check digits


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
    for i, ch in enumerate(reversed(num)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


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


def verhoeff_digit(num: str) -> str:
    c = 0
    for i, ch in enumerate(reversed(num)):
        c = _VD[c][_VP[(i + 1) % 8][int(ch)]]
    return str(_VINV[c])


def verhoeff_ok(num: str) -> bool:
    c = 0
    for i, ch in enumerate(reversed(num)):
        c = _VD[c][_VP[i % 8][int(ch)]]
    return c == 0


def iban(cc: str, bban: str) -> str:
    num = "".join(str(int(ch, 36)) for ch in bban + cc + "00")
    return f"{cc}{98 - int(num) % 97:02d}{bban}"


def iban_ok(s: str) -> bool:
    s = s.replace(" ", "")
    num = "".join(str(int(ch, 36)) for ch in s[4:] + s[:4])
    return int(num) % 97 == 1


def groups(s: str, n: int = 4, sep: str = " ") -> str:
    return sep.join(s[i : i + n] for i in range(0, len(s), n))


# ---------------------------------------------------------------- cards and banks


def card(brand: str | None = None) -> str:
    brand = brand or pick(["visa", "visa", "mc", "mc2", "amex", "mir", "rupay", "unionpay"])
    if brand == "visa":
        body, n = "4" + dg(5), 16
    elif brand == "mc":
        body, n = "5" + str(R.randint(1, 5)) + dg(4), 16
    elif brand == "mc2":
        body, n = str(R.randint(2221, 2720)) + dg(2), 16
    elif brand == "amex":
        body, n = pick(["34", "37"]) + dg(4), 15
    elif brand == "mir":
        body, n = "220" + str(R.randint(0, 4)) + dg(2), 16
    elif brand == "rupay":
        body, n = pick(["6521", "6522", "6080", "5085"]) + dg(2), 16
    else:
        body, n = "62" + dg(4), 16
    body += dg(n - 1 - len(body))
    num = body + luhn_digit(body)
    assert luhn_ok(num) and len(num) == n
    assert num not in {
        "4111111111111111",
        "4242424242424242",
        "5555555555554444",
        "378282246310005",
    }
    if n == 15:
        return f"{num[:4]} {num[4:10]} {num[10:]}"
    return groups(num, 4, pick([" ", " ", "-", ""]))


def es_ccc_digit(s: str) -> str:
    w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]
    d = 11 - sum(int(c) * x for c, x in zip(s, w, strict=True)) % 11
    return str({10: 1, 11: 0}.get(d, d))


_CF_ODD_VALUES = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]  # fmt: skip
_CF_ODD = dict(zip(DG + UP, _CF_ODD_VALUES, strict=True))


def _cf_even(c: str) -> int:
    return int(c) if c.isdigit() else ord(c) - 65


def it_control(s: str) -> str:
    total = sum(_CF_ODD[c] if i % 2 == 0 else _cf_even(c) for i, c in enumerate(s))
    return chr(65 + total % 26)


def bban(cc: str) -> str:
    if cc == "DE":
        return dg1(8) + dg(10)
    if cc == "FR":
        bank, branch, acct = dg1(5), dg(5), dg(11)
        key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(acct)) % 97
        return f"{bank}{branch}{acct}{key:02d}"
    if cc == "ES":
        bank, branch, acct = dg1(4), dg(4), dg(10)
        return bank + branch + es_ccc_digit("00" + bank + branch) + es_ccc_digit(acct) + acct
    if cc == "IT":
        abi, cab, acct = "0" + dg1(4), dg1(5), dg(12)
        return it_control(abi + cab + acct) + abi + cab + acct
    if cc == "NL":
        while True:
            d = dg1(9)
            last = (-sum(int(c) * (10 - i) for i, c in enumerate(d))) % 11
            if last < 10:
                return (
                    pick(["ABNA", "INGB", "RABO", "SNSB", "TRIO", "KNAB", "BUNQ"]) + d + str(last)
                )
    if cc == "GB":
        return pick(["NWBK", "BARC", "LOYD", "HBUK", "MIDL", "MONZ"]) + dg1(6) + dg(8)
    if cc == "IE":
        return pick(["AIBK", "BOFI", "IPBS"]) + dg1(6) + dg(8)
    if cc == "BE":
        b = dg1(10)
        return b + f"{int(b) % 97 or 97:02d}"
    if cc == "PT":
        b = dg1(19)
        return b + f"{98 - (int(b) * 100) % 97:02d}"
    if cc == "PL":
        return dg1(24)
    if cc == "TR":
        return dg1(5) + "0" + dg(16)
    if cc == "SA":
        return dg1(2) + dg(18)
    if cc == "AE":
        return "0" + dg1(2) + dg(16)
    if cc == "EG":
        return "00" + dg1(2) + dg(4) + dg(17)
    if cc == "BR":
        return dg1(8) + dg(5) + dg(10) + pick("CP") + pick("12")
    if cc == "CH":
        return "00" + dg1(3) + dg(12)
    if cc == "AT":
        return dg1(5) + dg(11)
    raise ValueError(cc)


def make_iban(cc: str, spaced: bool | None = None) -> str:
    s = iban(cc, bban(cc))
    assert iban_ok(s)
    if spaced is None:
        spaced = R.random() < 0.6
    return groups(s) if spaced else s


# ---------------------------------------------------------------- national ids


def dob_parts(lo: int = 1960, hi: int = 2009) -> tuple[int, int, int]:
    return R.randint(lo, hi), R.randint(1, 12), R.randint(1, 28)


def aadhaar() -> str:
    body = str(R.randint(2, 9)) + dg(10)
    num = body + verhoeff_digit(body)
    assert verhoeff_ok(num)
    return groups(num, 4, pick([" ", " ", "-", ""]))


def pan() -> str:
    return rs(UP, 3) + "P" + rs(UP, 1) + dg1(4) + rs(UP, 1)


def ssn() -> str:
    while True:
        a = R.randint(1, 899)
        if a != 666:
            break
    return f"{a:03d}-{R.randint(1, 99):02d}-{R.randint(1, 9999):04d}"


def sin_ca() -> str:
    body = str(R.randint(1, 7)) + dg(7)
    return groups(body + luhn_digit(body), 3, pick([" ", "-"]))


def nino() -> str:
    while True:
        a = rs("ABCEGHJKLMNOPRSTWXYZ", 1) + rs("ABCEGHJKLMNPRSTWXYZ", 1)
        if a not in {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}:
            break
    d = dg(6)
    s = R.choice("ABCD")
    return pick([f"{a}{d}{s}", f"{a} {d[:2]} {d[2:4]} {d[4:]} {s}"])


def dni_es() -> str:
    n = R.randint(10_000_000, 79_999_999)
    return f"{n}{'TRWAGMYFPDXBNJZSQVHLCKE'[n % 23]}"


def nie_es() -> str:
    p = R.randint(0, 2)
    n = R.randint(0, 9_999_999)
    return f"{'XYZ'[p]}{n:07d}{'TRWAGMYFPDXBNJZSQVHLCKE'[int(str(p) + f'{n:07d}') % 23]}"


def cpf() -> str:
    while True:
        d = [int(c) for c in dg(9)]
        if len(set(d)) > 1:
            break
    r = sum(x * (10 - i) for i, x in enumerate(d)) % 11
    d.append(0 if r < 2 else 11 - r)
    r = sum(x * (11 - i) for i, x in enumerate(d)) % 11
    d.append(0 if r < 2 else 11 - r)
    s = "".join(map(str, d))
    return pick([f"{s[:3]}.{s[3:6]}.{s[6:9]}-{s[9:]}", s])


_CURP_CH = "0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ"


def curp() -> str:
    y, m, d = dob_parts(1965, 2008)
    cons = "BCDFGHJKLMNPRSTVZ"
    head = pick(cons) + pick("AEIOU") + pick(cons) + pick(UP.replace("Q", ""))
    body = (
        head
        + f"{y % 100:02d}{m:02d}{d:02d}"
        + pick("HM")
        + pick(["DF", "JC", "NL", "PL", "MC", "GT", "VZ", "YN", "CH"])
        + rs(cons, 3)
        + (pick(DG) if y < 2000 else pick(UP))
    )
    total = sum(_CURP_CH.index(c) * (18 - i) for i, c in enumerate(body))
    return body + str((10 - total % 10) % 10)


def rut_cl() -> str:
    body = str(R.randint(8_000_000, 26_999_999))
    s = sum(int(c) * (2 + i % 6) for i, c in enumerate(reversed(body)))
    r = 11 - s % 11
    dv = {11: "0", 10: "K"}.get(r, str(r))
    return pick([f"{int(body):,}".replace(",", ".") + "-" + dv, body + "-" + dv])


def cuil_ar() -> str:
    while True:
        pre = pick(["20", "27", "23"])
        dni = str(R.randint(20_000_000, 45_999_999))
        s = pre + dni
        r = (
            11
            - sum(int(c) * w for c, w in zip(s, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2], strict=True)) % 11
        )
        if r == 10:
            continue
        return f"{pre}-{dni}-{0 if r == 11 else r}"


def steuer_id() -> str:
    while True:
        digits = list(range(10))
        R.shuffle(digits)
        use = digits[:9]
        dup = R.choice(use)
        seq = [*use, dup]
        R.shuffle(seq)
        if seq[0] == 0:
            continue
        product = 10
        for x in seq:
            s = (x + product) % 10 or 10
            product = (s * 2) % 11
        check = 11 - product
        s = "".join(map(str, seq)) + str(0 if check == 10 else check)
        return pick([s, f"{s[:2]} {s[2:5]} {s[5:8]} {s[8:]}"])


def nir_fr() -> str:
    y, m, _ = dob_parts()
    body = f"{pick('12')}{y % 100:02d}{m:02d}{R.randint(1, 95):02d}{R.randint(1, 899):03d}{R.randint(1, 999):03d}"
    key = 97 - int(body) % 97
    return f"{body[0]} {body[1:3]} {body[3:5]} {body[5:7]} {body[7:10]} {body[10:13]} {key:02d}"


def codice_fiscale() -> str:
    cons = "BCDFGHLMNPRSTVZ"
    y, m, d = dob_parts()
    female = R.random() < 0.5
    body = (
        rs(cons, 3)
        + rs(cons, 2)
        + pick("AEIO")
        + f"{y % 100:02d}"
        + "ABCDEHLMPRST"[m - 1]
        + f"{d + (40 if female else 0):02d}"
        + pick(["H501", "F205", "F839", "L219", "G273", "A944", "D612"])
    )
    return body + it_control(body)


def bsn_nl() -> str:
    while True:
        d = dg1(8)
        c = sum(int(x) * (9 - i) for i, x in enumerate(d)) % 11
        if c < 10:
            return d + str(c)


def nn_be() -> str:
    y, m, d = dob_parts()
    body = f"{y % 100:02d}{m:02d}{d:02d}{R.randint(1, 997):03d}"
    n = int(("2" if y >= 2000 else "") + body)
    c = 97 - n % 97
    return f"{body[:2]}.{body[2:4]}.{body[4:6]}-{body[6:9]}.{c:02d}"


def pesel() -> str:
    y, m, d = dob_parts()
    mm = m + (20 if y >= 2000 else 0)
    body = f"{y % 100:02d}{mm:02d}{d:02d}{dg(4)}"
    s = sum(int(c) * w for c, w in zip(body, [1, 3, 7, 9, 1, 3, 7, 9, 1, 3], strict=True))
    return body + str((10 - s % 10) % 10)


def tckn() -> str:
    d = [R.randint(1, 9)] + [R.randint(0, 9) for _ in range(8)]
    d10 = ((d[0] + d[2] + d[4] + d[6] + d[8]) * 7 - (d[1] + d[3] + d[5] + d[7])) % 10
    d.append(d10)
    d.append(sum(d) % 10)
    return "".join(map(str, d))


def cn_id() -> str:
    y, m, d = dob_parts()
    body = (
        pick(["110105", "310104", "440305", "510107", "330106", "420111", "320102"])
        + f"{y}{m:02d}{d:02d}"
        + dg(3)
    )
    w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return body + "10X98765432"[sum(int(c) * x for c, x in zip(body, w, strict=True)) % 11]


def kr_rrn() -> str:
    y, m, d = dob_parts()
    g = pick("12") if y < 2000 else pick("34")
    body = f"{y % 100:02d}{m:02d}{d:02d}{g}{dg(5)}"
    w = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5]
    c = (11 - sum(int(a) * b for a, b in zip(body, w, strict=True)) % 11) % 10
    return f"{body[:6]}-{body[6:]}{c}"


def my_number() -> str:
    body = dg1(11)
    s = 0
    for n, ch in enumerate(reversed(body), start=1):
        s += int(ch) * (n + 1 if n <= 6 else n - 5)
    r = s % 11
    num = body + str(0 if r <= 1 else 11 - r)
    return pick([num, f"{num[:4]} {num[4:8]} {num[8:]}"])


def se_pnr() -> str:
    y, m, d = dob_parts()
    body = f"{y % 100:02d}{m:02d}{d:02d}{dg(3)}"
    return f"{y}{m:02d}{d:02d}-{body[6:]}{luhn_digit(body)}"


def no_fnr() -> str:
    while True:
        y, m, d = dob_parts(1960, 1999)
        body = [int(c) for c in f"{d:02d}{m:02d}{y % 100:02d}{R.randint(0, 499):03d}"]
        k1 = 11 - sum(a * b for a, b in zip(body, [3, 7, 6, 1, 8, 9, 4, 5, 2], strict=True)) % 11
        k1 = 0 if k1 == 11 else k1
        if k1 == 10:
            continue
        body.append(k1)
        k2 = 11 - sum(a * b for a, b in zip(body, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2], strict=True)) % 11
        k2 = 0 if k2 == 11 else k2
        if k2 == 10:
            continue
        return "".join(map(str, body)) + str(k2)


def fi_hetu() -> str:
    y, m, d = dob_parts()
    ind = R.randint(2, 899)
    n = int(f"{d:02d}{m:02d}{y % 100:02d}{ind:03d}")
    return f"{d:02d}{m:02d}{y % 100:02d}{'-' if y < 2000 else 'A'}{ind:03d}{'0123456789ABCDEFHJKLMNPRSTUVWXY'[n % 31]}"


def za_id() -> str:
    y, m, d = dob_parts()
    body = f"{y % 100:02d}{m:02d}{d:02d}{R.randint(0, 9999):04d}08"
    return body + luhn_digit(body)


def sa_id() -> str:
    body = pick("12") + dg(8)
    return body + luhn_digit(body)


def emirates_id() -> str:
    y, _, _ = dob_parts()
    body = f"784{y}{dg(7)}"
    return f"784-{y}-{body[7:]}-{luhn_digit(body)}"


def eg_nid() -> str:
    y, m, d = dob_parts()
    return f"{'2' if y < 2000 else '3'}{y % 100:02d}{m:02d}{d:02d}{pick(['01', '02', '21', '12', '13', '88'])}{dg(4)}{dg(1)}"


def amka() -> str:
    y, m, d = dob_parts()
    body = f"{d:02d}{m:02d}{y % 100:02d}{dg(4)}"
    return body + luhn_digit(body)


def nif_pt() -> str:
    body = pick("123") + dg(7)
    c = 11 - sum(int(x) * (9 - i) for i, x in enumerate(body)) % 11
    return body + str(0 if c >= 10 else c)


def snils() -> str:
    body = dg1(9)
    s = sum(int(x) * (9 - i) for i, x in enumerate(body))
    if s < 100:
        c = s
    elif s in (100, 101):
        c = 0
    else:
        c = s % 101
        c = 0 if c == 100 else c
    return f"{body[:3]}-{body[3:6]}-{body[6:]} {c:02d}"


def inn_ru() -> str:
    d = [int(c) for c in pick(["77", "78", "50", "54", "66", "16"]) + dg(8)]
    w1 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8]
    d.append(sum(a * b for a, b in zip(d, w1, strict=True)) % 11 % 10)
    w2 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]
    d.append(sum(a * b for a, b in zip(d, w2, strict=True)) % 11 % 10)
    return "".join(map(str, d))


def nik_id() -> str:
    y, m, d = dob_parts()
    return (
        pick(["317101", "317404", "327301", "357801", "517101"])
        + f"{d + pick([0, 40]):02d}{m:02d}{y % 100:02d}{R.randint(1, 9999):04d}"
    )


def thai_id() -> str:
    body = dg1(12)
    c = (11 - sum(int(x) * (13 - i) for i, x in enumerate(body)) % 11) % 10
    n = body + str(c)
    return pick([n, f"{n[0]}-{n[1:5]}-{n[5:10]}-{n[10:12]}-{n[12]}"])


def il_tz() -> str:
    body = dg(8)
    s = 0
    for i, ch in enumerate(body):
        v = int(ch) * (1 + i % 2)
        s += v - 9 if v > 9 else v
    return body + str((10 - s % 10) % 10)


def nhs_no() -> str:
    while True:
        body = dg1(9)
        c = 11 - sum(int(x) * (10 - i) for i, x in enumerate(body)) % 11
        if c == 10:
            continue
        n = body + str(0 if c == 11 else c)
        return f"{n[:3]} {n[3:6]} {n[6:]}"


def medicare_au() -> str:
    body = str(R.randint(2, 6)) + dg(7)
    c = sum(int(x) * w for x, w in zip(body, [1, 3, 7, 9, 1, 3, 7, 9], strict=True)) % 10
    n = body + str(c) + str(R.randint(1, 9))
    return f"{n[:4]} {n[4:9]} {n[9]}"


def vn_cccd() -> str:
    y, _, _ = dob_parts()
    g = (0 if y < 2000 else 2) + R.randint(0, 1)
    return pick(["001", "079", "031", "048", "092"]) + str(g) + f"{y % 100:02d}" + dg(6)


def mrz_check(s: str) -> str:
    def val(c: str) -> int:
        if c.isdigit():
            return int(c)
        if c == "<":
            return 0
        return ord(c) - 55

    return str(sum(val(c) * (7, 3, 1)[i % 3] for i, c in enumerate(s)) % 10)


def uk_dl(surname: str, first: str, y: int, m: int, d: int, female: bool) -> str:
    s5 = (surname.upper() + "99999")[:5]
    mm = m + (50 if female else 0)
    return f"{s5}{str(y)[2]}{mm:02d}{d:02d}{str(y)[3]}{(first[0] + '9').upper()}9{rs(UP, 2)}"


# ---------------------------------------------------------------- phones


def phone(cc: str, intl: bool | None = None) -> str:
    if intl is None:
        intl = R.random() < 0.5
    if cc == "US":
        area = pick(
            [
                "212",
                "312",
                "415",
                "646",
                "713",
                "305",
                "602",
                "206",
                "404",
                "617",
                "818",
                "469",
                "929",
                "347",
            ]
        )
        ex = str(R.randint(201, 989))
        while ex == "555" or ex[1:] == "11":
            ex = str(R.randint(201, 989))
        line = dg(4)
        return (
            f"+1 ({area}) {ex}-{line}"
            if intl
            else pick([f"({area}) {ex}-{line}", f"{area}-{ex}-{line}", f"{area}.{ex}.{line}"])
        )
    if cc == "GB":
        n = pick(["74", "75", "77", "78", "79"]) + dg(2)
        while n.startswith("7700"):
            n = "79" + dg(2)
        rest = dg(6)
        return f"+44 {n} {rest}" if intl else f"0{n} {rest}"
    if cc == "IN":
        n = str(R.randint(6, 9)) + dg(9)
        return f"+91 {n[:5]} {n[5:]}" if intl else pick([n, f"{n[:5]} {n[5:]}", f"0{n}"])
    if cc == "PH":
        pre = pick(
            [
                "905",
                "906",
                "915",
                "916",
                "917",
                "926",
                "927",
                "935",
                "945",
                "955",
                "966",
                "977",
                "995",
                "908",
                "918",
                "919",
                "920",
                "921",
                "928",
                "939",
                "947",
                "949",
                "998",
                "999",
                "991",
            ]
        )
        a, b = dg(3), dg(4)
        return (
            f"+63 {pre} {a} {b}"
            if intl
            else pick([f"0{pre} {a} {b}", f"0{pre}{a}{b}", f"0{pre}-{a}-{b}"])
        )
    if cc == "MX":
        a = pick(["55", "33", "81", "222", "442", "999"])
        rest = dg(10 - len(a))
        return f"+52 {a} {rest[:-4]} {rest[-4:]}" if intl else f"{a} {rest[:-4]} {rest[-4:]}"
    if cc == "BR":
        ddd = pick(["11", "21", "31", "41", "51", "61", "71", "81", "85"])
        a, b = "9" + dg(4), dg(4)
        return f"+55 {ddd} {a}-{b}" if intl else f"({ddd}) {a}-{b}"
    if cc == "AR":
        a, b = dg1(4), dg(4)
        return f"+54 9 11 {a}-{b}" if intl else f"11 {a}-{b}"
    if cc == "CO":
        n = "3" + pick(["00", "01", "10", "12", "15", "20", "50"]) + dg(7)
        return f"+57 {n[:3]} {n[3:6]} {n[6:]}" if intl else f"{n[:3]} {n[3:6]} {n[6:]}"
    if cc == "ES":
        n = pick("67") + dg(8)
        return f"+34 {n[:3]} {n[3:5]} {n[5:7]} {n[7:]}" if intl else f"{n[:3]} {n[3:6]} {n[6:]}"
    if cc == "EG":
        n = pick(["10", "11", "12", "15"]) + dg(8)
        return (
            f"+20 {n[:2]} {n[2:6]} {n[6:]}"
            if intl
            else pick([f"0{n}", f"0{n[:2]} {n[2:6]} {n[6:]}"])
        )
    if cc == "SA":
        n = "5" + pick("0345689") + dg(7)
        return f"+966 {n[:2]} {n[2:5]} {n[5:]}" if intl else f"0{n}"
    if cc == "AE":
        n = "5" + pick("02458") + dg(7)
        return f"+971 {n[:2]} {n[2:5]} {n[5:]}" if intl else f"0{n[:2]} {n[2:5]} {n[5:]}"
    if cc == "RU":
        n = "9" + dg(9)
        return (
            f"+7 {n[:3]} {n[3:6]}-{n[6:8]}-{n[8:]}"
            if intl
            else f"8 ({n[:3]}) {n[3:6]}-{n[6:8]}-{n[8:]}"
        )
    if cc == "CN":
        n = "1" + pick("35789") + dg(9)
        return f"+86 {n[:3]} {n[3:7]} {n[7:]}" if intl else pick([n, f"{n[:3]}-{n[3:7]}-{n[7:]}"])
    if cc == "DE":
        pre = pick(["151", "152", "157", "160", "162", "170", "171", "176", "177", "179"])
        rest = dg(pick([7, 8]))
        return f"+49 {pre} {rest}" if intl else f"0{pre} {rest}"
    if cc == "FR":
        n = pick("67") + dg(8)
        while n.startswith("63998"):
            n = "7" + dg(8)
        return f"+33 {n[0]} {groups(n[1:], 2)}" if intl else f"0{n[0]} {groups(n[1:], 2)}"
    if cc == "IT":
        n = "3" + pick(["20", "28", "33", "38", "40", "47", "49", "51", "66", "88"]) + dg(7)
        return f"+39 {n[:3]} {n[3:6]} {n[6:]}" if intl else f"{n[:3]} {n[3:]}"
    if cc == "NG":
        n = pick(["803", "806", "813", "703", "706", "810", "816", "905", "802", "808"]) + dg(7)
        return f"+234 {n[:3]} {n[3:6]} {n[6:]}" if intl else f"0{n}"
    if cc == "KE":
        n = "7" + pick(["01", "10", "12", "20", "22", "40", "90", "96"]) + dg(6)
        return f"+254 {n[:3]} {n[3:6]} {n[6:]}" if intl else f"0{n[:3]} {n[3:6]} {n[6:]}"
    if cc == "ID":
        n = (
            "8"
            + pick(["11", "12", "13", "21", "22", "52", "57", "77", "78", "95"])
            + dg(pick([8, 9]))
        )
        return f"+62 {n[:3]}-{n[3:7]}-{n[7:]}" if intl else f"0{n[:3]}-{n[3:7]}-{n[7:]}"
    if cc == "VN":
        n = pick(["90", "91", "93", "96", "97", "98", "86", "70", "77", "35"]) + dg(7)
        return f"+84 {n[:2]} {n[2:5]} {n[5:]}" if intl else f"0{n[:2]} {n[2:5]} {n[5:]}"
    if cc == "TR":
        n = "5" + pick(["05", "06", "32", "33", "35", "42", "44", "52", "53", "55"]) + dg(7)
        return (
            f"+90 {n[:3]} {n[3:6]} {n[6:8]} {n[8:]}"
            if intl
            else f"0{n[:3]} {n[3:6]} {n[6:8]} {n[8:]}"
        )
    if cc == "PL":
        n = pick("5678") + dg(8)
        return f"+48 {n[:3]} {n[3:6]} {n[6:]}" if intl else f"{n[:3]}-{n[3:6]}-{n[6:]}"
    if cc == "JP":
        a, b = dg1(4), dg(4)
        return (
            f"+81 {pick(['90', '80', '70'])}-{a}-{b}"
            if intl
            else f"0{pick(['90', '80', '70'])}-{a}-{b}"
        )
    if cc == "KR":
        a, b = dg1(4), dg(4)
        return f"+82 10-{a}-{b}" if intl else f"010-{a}-{b}"
    if cc == "AU":
        n = "4" + dg(8)
        while n.startswith("49157"):
            n = "4" + dg(8)
        return f"+61 {n[:3]} {n[3:6]} {n[6:]}" if intl else f"0{n[:3]} {n[3:6]} {n[6:]}"
    if cc == "PK":
        n = "3" + pick(["00", "01", "11", "21", "33", "45"]) + dg(7)
        return f"+92 {n[:3]} {n[3:]}" if intl else f"0{n[:3]}-{n[3:]}"
    if cc == "NL":
        n = "6" + dg1(8)
        return f"+31 6 {n[1:]}" if intl else f"06-{n[1:]}"
    if cc == "SE":
        n = "7" + pick("02369") + dg(7)
        return (
            f"+46 {n[:2]} {n[2:5]} {n[5:7]} {n[7:]}"
            if intl
            else f"0{n[:2]}-{n[2:5]} {n[5:7]} {n[7:]}"
        )
    raise ValueError(cc)


# ---------------------------------------------------------------- e-mail, handles

FIRST = [
    "priya",
    "arjun",
    "maria",
    "juan",
    "ana",
    "kofi",
    "aisha",
    "dmitri",
    "olga",
    "wei",
    "mei",
    "lukas",
    "chloe",
    "giulia",
    "kenji",
    "minji",
    "tuan",
    "siti",
    "emre",
    "zeynep",
    "kasia",
    "bram",
    "nneka",
    "wanjiru",
    "carlos",
    "yasmin",
    "omar",
    "rhea",
    "joao",
    "camila",
]
LAST = [
    "sharma",
    "iyer",
    "garcia",
    "lopez",
    "mensah",
    "khan",
    "ivanov",
    "petrova",
    "zhang",
    "li",
    "schmidt",
    "martin",
    "rossi",
    "tanaka",
    "kim",
    "nguyen",
    "rahman",
    "yilmaz",
    "kowalska",
    "dejong",
    "okafor",
    "kamau",
    "reyes",
    "silva",
    "haddad",
    "mostafa",
    "kapoor",
    "santos",
    "fernandez",
    "wong",
]
DOMAINS = [
    "gmail.com",
    "yahoo.com",
    "outlook.com",
    "hotmail.com",
    "icloud.com",
    "proton.me",
    "mail.ru",
    "yandex.ru",
    "qq.com",
    "163.com",
    "gmx.de",
    "web.de",
    "orange.fr",
    "libero.it",
    "yahoo.co.in",
    "rediffmail.com",
    "uol.com.br",
    "naver.com",
    "yahoo.co.jp",
    "wp.pl",
    "hotmail.fr",
    "yahoo.com.ph",
    "live.com",
]


def local_part() -> str:
    f, la = pick(FIRST), pick(LAST)
    return pick(
        [
            f"{f}.{la}",
            f"{f}{la}{R.randint(1, 99)}",
            f"{f}_{la[:3]}{R.randint(80, 2009)}",
            f"{la}.{f}{R.randint(1, 9)}",
            f"{f[0]}.{la}{dg(3)}",
            f"{f}.{la}.{dg(3)}",
        ]
    )


def email(domain: str | None = None) -> str:
    return f"{local_part()}@{domain or pick(DOMAINS)}"


def email_obf() -> str:
    lp = local_part()
    dom = pick(DOMAINS)
    name, _, tld = dom.partition(".")
    return pick(
        [
            f"{lp} at {name} dot {tld.replace('.', ' dot ')}",
            f"{lp}[at]{name}[dot]{tld.replace('.', '[dot]')}",
            f"{lp} (at) {dom.replace('.', ' (.) ')}",
            f"{lp} @ {name} . {tld}",
            f"{lp}@{name} punto {tld}",
        ]
    )


def handle() -> str:
    base = pick(
        [
            "shadow",
            "kira",
            "nyx",
            "blaze",
            "mochi",
            "rex",
            "luna",
            "zed",
            "frost",
            "ember",
            "vortex",
            "pixel",
            "koala",
            "tofu",
            "rav",
            "dark",
            "sniper",
            "milo",
        ]
    )
    base2 = pick(
        [
            "fang",
            "slayer",
            "queen",
            "gamer",
            "main",
            "ttv",
            "yt",
            "rush",
            "cat",
            "ninja",
            "wolf",
            "byte",
            "storm",
            "lover",
        ]
    )
    return pick(
        [
            f"{base}{base2}_{dg(2)}",
            f"xX{base.capitalize()}{base2.capitalize()}Xx",
            f"{base}.{base2}{dg(3)}",
            f"{base2}_{pick(FIRST)}{dg(2)}",
            f"{pick(FIRST)}.{base}{R.randint(1, 99)}",
            f"{base.capitalize()}{base2.capitalize()}{dg(4)}",
        ]
    )


def riot_id() -> str:
    return f"{pick(['Kairo', 'Nyxie', 'SlowHands', 'TofuKing', 'Mariposa', 'Zvezda', 'BlueJay'])}{pick(['', ' ', 'x'])}{pick(['TTV', 'Main', 'Gg', ''])}#{rs(UP + DG, pick([3, 4]))}"


# ---------------------------------------------------------------- addresses


def addr(cc: str) -> tuple[str, str]:
    n = R.randint
    if cc == "US":
        st = f"{n(100, 9899)} {pick(['N Kedzie Ave', 'Maple St', 'W 74th St', 'Elm Dr', 'Magnolia Blvd', 'E Colfax Ave', 'Peachtree Rd NE', 'SW Alder St', 'Cedar Ln'])}"
        city, state, z = pick(
            [
                ("Chicago", "IL", "606"),
                ("Denver", "CO", "802"),
                ("Portland", "OR", "972"),
                ("Atlanta", "GA", "303"),
                ("Austin", "TX", "787"),
                ("Columbus", "OH", "432"),
            ]
        )
        apt = pick(["", f", Apt {n(1, 40)}{pick('ABCD')}"])
        return f"{st}{apt}, {city}, {state} {z}{n(1, 99):02d}", st
    if cc == "GB":
        st = f"{n(1, 240)} {pick(['Wellington Road', 'Victoria Street', 'Mill Lane', 'Church Road', 'Granby Avenue', 'Sefton Park Road'])}"
        city, out = pick(
            [
                ("Manchester", "M14"),
                ("Leeds", "LS6"),
                ("Bristol", "BS7"),
                ("Glasgow", "G12"),
                ("Cardiff", "CF24"),
                ("Birmingham", "B29"),
            ]
        )
        return f"Flat {n(1, 9)}, {st}, {city} {out} {n(1, 9)}{rs('ABDEFGHJLNPQRSTUWXYZ', 2)}", st
    if cc == "IN":
        st = f"Flat {n(1, 12)}0{n(1, 8)}, {pick(['Sai Krupa Apts', 'Green Valley CHS', 'Lotus Residency', 'Shanti Niketan'])}"
        area = pick(
            [
                "14th Cross, Indiranagar, Bengaluru 5600",
                "Baner Road, Pune 4110",
                "Sector 62, Noida 2013",
                "Andheri East, Mumbai 4000",
                "Gachibowli, Hyderabad 5000",
            ]
        )
        return f"{st}, {area}{n(10, 99)}", st
    if cc == "PH":
        st = f"Blk {n(1, 40)} Lot {n(1, 30)}"
        return (
            f"{st}, {pick(['Camella Homes', 'Villa Verde Subd.', 'Lancaster New City'])}, Brgy. {pick(['Molino III', 'San Isidro', 'Pasong Tamo', 'Sto. Niño'])}, {pick(['Bacoor, Cavite 4102', 'Quezon City 1107', 'Antipolo, Rizal 1870'])}",
            st,
        )
    if cc == "MX":
        st = f"Calle {pick(['Durango', 'Tonalá', 'Jalapa', 'Medellín', 'Zacatecas'])} {n(10, 480)}"
        return (
            f"{st}, int. {n(1, 12)}, Col. {pick(['Roma Norte', 'Condesa', 'Del Valle', 'Narvarte'])}, {pick(['06700', '06140', '03100', '03020'])} CDMX",
            st,
        )
    if cc == "ES":
        st = f"C/ {pick(['de Mallorca', 'de Alcalá', 'del Pez', 'de Sants'])} {n(2, 390)}, {n(1, 6)}º {n(1, 4)}ª"
        return (
            f"{st}, {pick(['08008 Barcelona', '28009 Madrid', '28004 Madrid', '08014 Barcelona'])}",
            st,
        )
    if cc == "AR":
        st = f"Av. {pick(['Corrientes', 'Rivadavia', 'Cabildo', 'Santa Fe'])} {n(800, 6900)}, piso {n(1, 14)} depto {pick('ABCD')}"
        return f"{st}, {pick(['C1194', 'C1406', 'C1426', 'C1425'])} CABA", st
    if cc == "BR":
        st = f"Rua {pick(['Augusta', 'das Flores', 'Haddock Lobo', 'Voluntários da Pátria'])}, {n(10, 2400)}, apto {n(1, 20)}{n(1, 4)}"
        return (
            f"{st}, {pick(['Consolação, São Paulo - SP', 'Botafogo, Rio de Janeiro - RJ', 'Savassi, Belo Horizonte - MG'])}, {dg1(5)}-{dg(3)}",
            st,
        )
    if cc == "DE":
        st = f"{pick(['Schönhauser Allee', 'Hauptstraße', 'Lindenstraße', 'Goethestr.', 'Am Sonnenhang'])} {n(1, 180)}{pick(['', 'a', 'b'])}"
        return (
            f"{st}, {pick(['10439 Berlin', '80469 München', '50667 Köln', '20357 Hamburg', '04109 Leipzig'])}",
            st,
        )
    if cc == "FR":
        st = f"{n(1, 140)} {pick(['rue des Martyrs', 'avenue Jean Jaurès', 'rue de la République', 'boulevard Voltaire', 'impasse des Lilas'])}"
        return (
            f"{st}, {pick(['75009 Paris', '69007 Lyon', '13006 Marseille', '31000 Toulouse', '59000 Lille'])}",
            st,
        )
    if cc == "IT":
        st = f"Via {pick(['Tuscolana', 'Roma', 'Garibaldi', 'dei Mille', 'Po'])} {n(1, 400)}"
        return (
            f"{st}, int. {n(1, 20)}, {pick(['00181 Roma', '20121 Milano', '80134 Napoli', '10123 Torino'])}",
            st,
        )
    if cc == "EG":
        st = f"{n(3, 90)} Shar3 {pick(['El Tahrir', 'Mosadak', 'Gameat El Dewal', 'Abbas El Akkad', 'El Nozha'])}"
        return (
            f"{st}, {pick(['Dokki, Giza', 'Nasr City, Cairo', 'Mohandessin, Giza', 'Heliopolis, Cairo'])}, dor {n(1, 12)} sha2a {n(1, 40)}",
            st,
        )
    if cc == "RU":
        st = f"ul. {pick(['Profsoyuznaya', 'Lenina', 'Tverskaya', 'Marshala Zhukova', 'Sadovaya'])} d. {n(1, 120)} kv. {n(1, 240)}"
        return (
            f"{pick(['Moskva', 'Sankt-Peterburg', 'Kazan', 'Novosibirsk'])}, {st}, {pick(['117', '190', '420', '630'])}{dg(3)}",
            st,
        )
    if cc == "CN":
        st = f"{pick(['建国路', '中山路', '人民路', '解放大道', '科技园南路'])}{n(1, 300)}号{n(1, 12)}栋{n(1, 32)}0{n(1, 9)}室"
        return f"{pick(['北京市朝阳区', '上海市徐汇区', '深圳市南山区', '成都市武侯区'])}{st}", st
    if cc == "JP":
        st = (
            f"{pick(['神南', '高円寺北', '中目黒', '天神', '梅田'])}{n(1, 4)}-{n(1, 30)}-{n(1, 20)}"
        )
        return (
            f"〒{dg1(3)}-{dg(4)} {pick(['東京都渋谷区', '東京都杉並区', '東京都目黒区', '福岡市中央区', '大阪市北区'])}{st} {pick(['コーポ山田', 'メゾン桜', 'ハイツ青葉'])}{n(1, 4)}0{n(1, 9)}",
            st,
        )
    if cc == "KR":
        city, road = pick(
            [
                ("서울특별시 마포구", "월드컵북로"),
                ("서울특별시 강남구", "테헤란로"),
                ("서울특별시 마포구", "동교로"),
                ("부산광역시 해운대구", "해운대로"),
            ]
        )
        st = f"{road} {n(1, 40)}길 {n(1, 99)}"
        return f"{city} {st}, {n(1, 15)}0{n(1, 9)}호", st
    if cc == "NG":
        st = f"{n(1, 60)} {pick(['Adeola Odeku Street', 'Allen Avenue', 'Awolowo Road', 'Herbert Macaulay Way'])}"
        return (
            f"{st}, {pick(['Victoria Island, Lagos', 'Ikeja, Lagos', 'Ikoyi, Lagos', 'Yaba, Lagos'])}",
            st,
        )
    if cc == "KE":
        st = (
            f"House {n(1, 80)}, {pick(['Riara Road', 'Ngong Road', 'Kindaruma Rd', 'Lenana Road'])}"
        )
        return f"{st}, {pick(['Kilimani', 'Lavington', 'Kileleshwa'])}, Nairobi", st
    if cc == "ID":
        st = f"Jl. {pick(['Kemang Raya', 'Tebet Barat', 'Cempaka Putih', 'Margonda Raya'])} No. {n(1, 120)}, RT {n(1, 12):02d}/RW {n(1, 12):02d}"
        return f"{st}, {pick(['Jakarta Selatan 12730', 'Depok 16424', 'Jakarta Pusat 10510'])}", st
    if cc == "VN":
        st = f"so {n(1, 99)} ngo {n(2, 300)} {pick(['pho Ton That Tung', 'duong Lang', 'pho Hue', 'duong Nguyen Trai'])}"
        return f"{st}, {pick(['Dong Da, Ha Noi', 'Thanh Xuan, Ha Noi', 'Quan 3, TP HCM'])}", st
    if cc == "TR":
        st = f"{pick(['Bağdat Cad.', 'Moda Cad.', 'Atatürk Blv.', 'Cumhuriyet Mah. 1203. Sk.'])} No: {n(1, 300)} D: {n(1, 30)}"
        return f"{st}, {pick(['Kadıköy/İstanbul', 'Çankaya/Ankara', 'Konak/İzmir'])} {dg1(5)}", st
    if cc == "PL":
        st = f"ul. {pick(['Marszałkowska', 'Piotrkowska', 'Długa', 'Kwiatowa'])} {n(1, 140)} m. {n(1, 60)}"
        return (
            f"{st}, {pick(['00-514 Warszawa', '90-102 Łódź', '31-042 Kraków', '80-831 Gdańsk'])}",
            st,
        )
    if cc == "NL":
        st = f"{pick(['Kinkerstraat', 'Oudegracht', 'Witte de Withstraat', 'Dorpsstraat'])} {n(1, 300)}-{n(1, 3)}"
        return (
            f"{st}, {dg1(4)} {rs('ABCDEGHJKLMNPRSTVWXZ', 2)} {pick(['Amsterdam', 'Utrecht', 'Rotterdam'])}",
            st,
        )
    if cc == "AU":
        st = f"Unit {n(1, 20)}/{n(1, 200)} {pick(['Smith St', 'Brunswick St', 'Oxford St', 'Beach Rd'])}"
        return (
            f"{st}, {pick(['Fitzroy VIC 3065', 'Paddington NSW 2021', 'Fortitude Valley QLD 4006'])}",
            st,
        )
    if cc == "CA":
        st = f"{n(100, 9800)} rue {pick(['Saint-Denis', 'Beaubien Est', 'Rachel Est', 'Fleury Ouest'])}"
        return (
            f"{st}, Montréal QC H{n(1, 4)}{pick('ABCEGHJKLMNPRSTVWXYZ')} {n(1, 9)}{pick('ABCEGHJKLMNPRSTVWXYZ')}{n(1, 9)}",
            st,
        )
    if cc == "AE":
        st = f"Villa {n(1, 90)}, Street {n(1, 40)}{pick(['', 'a', 'b'])}"
        return f"{st}, {pick(['Al Barsha 2', 'Mirdif', 'Al Warqa 1', 'Jumeirah 3'])}, Dubai", st
    raise ValueError(cc)


# ---------------------------------------------------------------- secrets


WORDS = [
    "mango",
    "tiger",
    "sunflower",
    "kaju",
    "dragon",
    "milo",
    "pikachu",
    "bella",
    "rocky",
    "estrella",
    "gatito",
    "koshka",
    "xiaomao",
    "pantera",
    "mariposa",
    "simba",
    "ninja",
    "shadow",
    "ranger",
    "falcon",
    "bulbul",
    "coco",
    "naruto",
    "goku",
    "sakura",
    "chikoo",
    "tornado",
    "mamba",
    "kopi",
    "bunny",
]
SYM = "!@#$%&*?_."


def human_pw() -> str:
    w = pick(WORDS)
    k = R.randrange(7)
    if k == 0:
        return f"{w.capitalize()}{R.randint(1975, 2012)}{pick(SYM)}"
    if k == 1:
        return f"{w}@{dg(R.randint(3, 4))}"
    if k == 2:
        leet = (
            w.replace("a", "@")
            .replace("o", "0")
            .replace("i", "1")
            .replace("e", "3")
            .replace("s", "$")
        )
        return f"{leet.capitalize()}{pick(SYM)}{dg(2)}"
    if k == 3:
        return rs(AN, 8) + pick(SYM) + rs(AN, 4)
    if k == 4:
        return f"{w}{pick(WORDS).capitalize()}_{dg(4)}"
    if k == 5:
        return f"ILove{w.capitalize()}{dg(4)}"
    return f"{w.upper()}{pick(SYM)}{w[::-1]}{dg(3)}"


def pin6() -> str:
    while True:
        p = dg(6)
        if len(set(p)) >= 3 and p not in {"123456", "654321", "112233", "121212"}:
            return p


BIP_TEXT = (
    "abandon ability able about above absent absorb abstract absurd abuse access accident account accuse achieve acid acoustic acquire "
    "across action actor actress actual adapt addict address adjust admit adult advance advice aerobic affair afford afraid again agent "
    "agree ahead airport aisle alarm album alcohol alert alien alley allow almost alone alpha already also alter always amateur amazing "
    "among amount amused analyst anchor ancient anger angle angry animal ankle announce annual another answer antenna antique anxiety "
    "apart apology appear apple approve april arch arctic area arena argue armed armor army around arrange arrest arrive arrow artist "
    "artwork aspect assault asset assist assume asthma athlete atom attack attend attitude attract auction audit august aunt author "
    "auto autumn average avocado avoid awake aware away awesome awful awkward axis ocean river garden tiger pencil rocket orange purple "
    "kitchen forest guitar hammer island jungle ladder lemon magnet marble mirror museum napkin oxygen panda pepper piano planet pumpkin "
    "rabbit saddle salmon silver spider sunset ticket tomato tunnel umbrella velvet violin wagon walnut window zebra"
)
BIP = BIP_TEXT.split()


def seed(n: int = 12) -> str:
    return " ".join(R.choice(BIP) for _ in range(n))


def b58(data: bytes) -> str:
    n = int.from_bytes(data, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = B58[r] + out
    pad = len(data) - len(data.lstrip(b"\0"))
    return "1" * pad + out


def wif() -> str:
    raw = b"\x80" + bytes(R.getrandbits(8) for _ in range(32)) + b"\x01"
    chk = hashlib.sha256(hashlib.sha256(raw).digest()).digest()[:4]
    return b58(raw + chk)


def sol_key() -> str:
    return b58(bytes(R.getrandbits(8) for _ in range(64)))


def b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def jwt() -> str:
    head = b64u(b'{"alg":"HS256","typ":"JWT"}')
    body = b64u(
        json.dumps(
            {
                "sub": dg1(7),
                "name": pick(FIRST),
                "iat": R.randint(1_700_000_000, 1_760_000_000),
                "role": "user",
            },
            separators=(",", ":"),
        ).encode()
    )
    return f"{head}.{body}.{rs(B64U, 43)}"


def discord_token() -> str:
    uid = str(R.randint(10**17, 12 * 10**17))
    return f"{b64u(uid.encode())}.{rs(B64U, 6)}.{rs(B64U, 38)}"


def uuid4() -> str:
    h = rs(HX, 32)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{pick('89ab')}{h[17:20]}-{h[20:]}"


def api(kind: str) -> str:
    return {
        "openai": lambda: "sk-proj-" + rs(B64U, 74) + "T3BlbkFJ" + rs(B64U, 74),
        "openai_old": lambda: "sk-" + rs(AN, 20) + "T3BlbkFJ" + rs(AN, 20),
        "anthropic": lambda: "sk-ant-api03-" + rs(B64U, 93) + "AA",
        "ghp": lambda: "ghp_" + rs(AN, 36),
        "ghpat": lambda: "github_pat_11" + rs(UP + DG, 20) + "_" + rs(AN, 59),
        "slack": lambda: f"xoxb-{dg1(11)}-{dg1(13)}-{rs(AN, 24)}",
        "stripe": lambda: "sk_live_51" + rs(AN, 97),
        "stripe_rk": lambda: "rk_live_51" + rs(AN, 97),
        "aws_id": lambda: "AKIA" + rs(UP + "234567", 16),
        "aws_secret": lambda: rs(B64, 40),
        "google": lambda: "AIza" + rs(B64U, 35),
        "hf": lambda: "hf_" + rs(UP + LO, 34),
        "npm": lambda: "npm_" + rs(AN, 36),
        "glpat": lambda: "glpat-" + rs(B64U, 20),
        "sendgrid": lambda: "SG." + rs(B64U, 22) + "." + rs(B64U, 43),
        "riot": lambda: "RGAPI-" + uuid4(),
        "steam": lambda: rs("0123456789ABCDEF", 32),
        "twitch": lambda: "oauth:" + rs(LO + DG, 30),
        "groq": lambda: "gsk_" + rs(AN, 52),
        "telegram": lambda: f"{R.randint(1_000_000_000, 7_999_999_999)}:AA{rs(B64U, 33)}",
        "discord": discord_token,
        "jwt": jwt,
        "mailchimp": lambda: rs(HX, 32) + "-us" + str(R.randint(2, 21)),
        "notion": lambda: "ntn_" + rs(DG, 11) + rs(AN, 35),
        "replicate": lambda: "r8_" + rs(AN, 37),
    }[kind]()


def steam_code() -> str:
    a = UP.replace("O", "").replace("I", "") + "23456789"
    return f"{rs(a, 5)}-{rs(a, 5)}-{rs(a, 5)}"


def xbox_code() -> str:
    a = "BCDFGHJKMPQRTVWXY2346789"
    return "-".join(rs(a, 5) for _ in range(5))


def psn_code() -> str:
    a = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "-".join(rs(a, 4) for _ in range(3))


def amazon_code() -> str:
    a = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return f"{rs(a, 4)}-{rs(a, 6)}-{rs(a, 4)}"


def gplay_code() -> str:
    return rs("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789", 20)


def nintendo_code() -> str:
    return groups(rs("ABCDEFGHJKLMNPQRSTUVWXY0123456789", 16))


def apple_code() -> str:
    return "X" + rs("ABCDEFGHJKLMNPQRSTUVWXYZ23456789", 15)


def roblox_pin() -> str:
    return f"{dg1(3)}-{dg(3)}-{dg(4)}"


def gh_recovery() -> str:
    return f"{rs(HX, 5)}-{rs(HX, 5)}"


def totp_seed() -> str:
    return groups(rs(B32.lower(), 32))


def bitlocker() -> str:
    return "-".join(f"{R.randint(0, 65535) * 11:06d}" for _ in range(8))


def ms_recovery() -> str:
    return "-".join(rs(UP + DG, 5) for _ in range(5))


def roblosecurity() -> str:
    return rs("0123456789ABCDEF", 320)


def fritz_key() -> str:
    return dg(20)


# ================================================================ SECRET ROWS

S(
    "password",
    "companion",
    "Hinglish",
    "asks companion to remember insta password, persona pushes back",
    "U: {p} yaar mera insta ka password bhool jaata hu baar baar\nU: yaad rakhna plz -> {a}\nP: Main yaad toh rakh sakti hu but passwords chat me save karna safe nahi hai 🙈\nU: arre chill kar bas yaad rakh",
    lambda: V(a=human_pw()),
)
S(
    "password",
    "companion",
    "Spanglish",
    "netflix password, sister mention",
    "U: ok {p} so my netflix pw es {a} pero no se lo digas a mi hermana lol 😂",
    lambda: V(a=human_pw()),
    n=1,
)
S(
    "password",
    "companion",
    "Taglish",
    "email password to remember",
    "U: {p} pakisave naman yung password ng yahoo ko... {a} yan\nP: Uy, hindi ako secure storage ha! 😅\nU: sige na pls last na to",
    lambda: V(a=human_pw()),
    n=1,
)
S(
    "password",
    "companion",
    "Russian (Latin transliteration)",
    "VK password",
    "U: {p}, zapomni pozhaluysta parol' ot vk: {a}\nP: Ya ne sovetuyu khranit' paroli v chate...\nU: nu pozhaluysta, ya vsegda zabyvayu",
    lambda: V(a=human_pw()),
    n=1,
)
S(
    "password",
    "companion",
    "Mandarin pinyin",
    "WeChat password",
    "U: {p} wo de weixin mima shi {a} ni bang wo ji yi xia\nP: hao de, dan shi mima zui hao bie fa gei bie ren o",
    lambda: V(a=human_pw()),
    n=1,
)
S(
    "password",
    "tutor",
    "German",
    "school portal password",
    "U: {p} merk dir bitte mein passwort fürs schulportal: {a}\nU: iserv ist so nervig mit dem zurücksetzen",
    lambda: V(a=human_pw()),
    n=1,
)
S(
    "password",
    "tutor",
    "French",
    "pronote password",
    "U: {p} mon mdp pour pronote c'est {a} (me juge pas 😭) tu peux regarder mes notes?",
    lambda: V(a=human_pw()),
    n=1,
)
S(
    "password",
    "companion",
    "English",
    "password split over two messages",
    "U: ok the pass for the shared disney+ is\nU: {a}\nU: {b}\nU: no space between lol",
    lambda: V(a=rs(AN, 3) + pick(WORDS) + dg(2), b=pick(WORDS).capitalize() + pick(SYM) + dg(3)),
)
S(
    "password",
    "game",
    "English",
    "password with a word glued on",
    "U: *slides a note to {p}* my epic pass is {a}pls dont forget it innkeeper",
    lambda: V(a=pick(WORDS) + dg(4)),
)
S(
    "password",
    "companion",
    "English",
    "password quoted back by persona",
    'U: new password for the family laptop: {a}\nP: Got it — "{a}" for the family laptop. Maybe change it from time to time? 💛',
    lambda: V(a=human_pw()),
)
S(
    "password",
    "companion",
    "Portuguese (Brazil)",
    "email password",
    "U: {p} anota aí a senha do meu email: {a} kkkk sempre esqueço",
    lambda: V(a=human_pw()),
    n=1,
)
S(
    "password",
    "companion",
    "Turkish",
    "password before forgetting",
    "U: {p} şifremi unutursam diye yazıyorum: {a} tamam mı 🙏",
    lambda: V(a=human_pw()),
    n=1,
)
S(
    "password",
    "game",
    "Indonesian",
    "Mobile Legends account password",
    "U: {p} tolong inget ya, password akun ML aku {a} wkwk\nP: Wah, jangan share password ke siapapun ya, termasuk aku 😅",
    lambda: V(a=human_pw()),
)
S(
    "password",
    "companion",
    "Vietnamese (no diacritics)",
    "facebook password",
    "U: {p} oi nho giup minh mat khau fb: {a} nha",
    lambda: V(a=human_pw()),
    n=1,
)
S(
    "password",
    "game",
    "Korean",
    "LoL password",
    "U: {p}아 내 롤 비번 {a} 이거 기억해줘 ㅋㅋ",
    lambda: V(a=human_pw()),
    n=1,
)
S(
    "password",
    "tutor",
    "Polish",
    "Librus password",
    "U: {p} zapamiętaj hasło do librusa: {a} bo zawsze zapominam xd",
    lambda: V(a=human_pw()),
    n=1,
)
S(
    "password",
    "tutor",
    "Italian",
    "registro elettronico password",
    "U: {p} ricordami la password del registro elettronico: {a} grazie 🙏",
    lambda: V(a=human_pw()),
    n=1,
)
S(
    "password",
    "coach",
    "English",
    "fitness watch login",
    "U: coach my garmin connect login pw is {a} (email is the usual one) can u pull my runs from there",
    lambda: V(a=human_pw()),
    n=1,
)
S(
    "password",
    "companion",
    "Nigerian Pidgin",
    "asks if password is strong",
    "U: abeg {p} check if this password strong well: {a}\nP: E no bad, but abeg no dey paste your real password for here o",
    lambda: V(a=human_pw()),
)
S(
    "password",
    "support",
    "Dutch",
    "user pastes account password to support persona",
    "U: hoi, ik kom niet in mijn account. wachtwoord is {a} en het werkt niet??\nP: Deel nooit je wachtwoord, ook niet met ons. Gebruik 'wachtwoord vergeten'.",
    lambda: V(a=human_pw()),
)
S(
    "password",
    "companion",
    "Japanese",
    "password after arrow",
    "U: {p}、ゲームのアカウントのパスワード覚えといて → {a}\nP: えっ、パスワードはここに書かないほうがいいよ！",
    lambda: V(a=human_pw()),
    n=1,
)

S(
    "pin",
    "companion",
    "English",
    "bank app PIN",
    "U: {p} my bank app pin is {a} remind me if i ask ok?? i keep locking myself out",
    lambda: V(a=pin6()),
)
S(
    "pin",
    "companion",
    "Hinglish",
    "UPI PIN with word glued on",
    "U: mera upi pin {a}pls yaad rakhna, kal phir bhool jaunga",
    lambda: V(a=pin6()),
)
S(
    "pin",
    "support",
    "Arabizi (Egyptian)",
    "InstaPay PIN to support persona",
    "U: el pin bta3 el instapay {a} w mesh 3aref a7awel feloos\nP: Ma tb3atsh el PIN le 7ad abadan, e7na msh bn7tago.",
    lambda: V(a=pin6()),
)
S(
    "pin",
    "companion",
    "Taglish",
    "e-wallet MPIN",
    "U: MPIN ko sa maya {a} wag mo ipagsabi ha 🤫",
    lambda: V(a=pin6()),
)
S(
    "pin",
    "companion",
    "German",
    "tablet PIN for kid",
    "U: die PIN fürs Tablet meiner Tochter ist {a}, falls ich sie vergesse",
    lambda: V(a=pin6()),
    n=1,
)
S(
    "pin",
    "companion",
    "Korean",
    "6-digit simple banking PIN",
    "U: {p} 간편비밀번호 {a} 이거야 까먹으면 알려줘",
    lambda: V(a=pin6()),
    n=1,
)
S(
    "pin",
    "companion",
    "Mandarin pinyin",
    "Alipay payment password",
    "U: wo de zhifubao zhifu mima shi {a}, bie wang le a",
    lambda: V(a=pin6()),
    n=1,
)
S(
    "pin",
    "support",
    "English",
    "SIM PUK pasted to telco persona",
    "U: phone says sim locked, the card has PUK {a} and PIN2 too\nP: You can type the PUK on your phone directly — no need to share it here.",
    lambda: V(a=dg(8)),
)
S(
    "pin",
    "companion",
    "Spanish (Mexico)",
    "phone unlock in parentheses",
    "U: si pierdo el cel dile a mi carnal que lo desbloquee (pin: {a}) ok?",
    lambda: V(a=pin6()),
    n=1,
)
S(
    "pin",
    "companion",
    "Russian (Latin transliteration)",
    "phone unlock code",
    "U: pin ot telefona {a}, ne zabud' esli sprosyu",
    lambda: V(a=pin6()),
    n=1,
)

S(
    "otp",
    "companion",
    "English",
    "WhatsApp code forwarded",
    "U: {p} i got a code {a} from whatsapp is that u??",
    lambda: V(a=f"{dg(3)}-{dg(3)}"),
)
S(
    "otp",
    "companion",
    "English",
    "Google SMS code",
    "U: G-{a} is your Google verification code. what is this for lol i didnt ask",
    lambda: V(a=dg(6)),
)
S(
    "otp",
    "companion",
    "Hinglish",
    "bank OTP scam check",
    "U: bhai OTP aaya hai {a} isko daal du kya? bank wale ne phone kiya tha\nP: Ruko! Bank kabhi OTP nahi maangta, ye scam ho sakta hai 🚨",
    lambda: V(a=dg(6)),
)
S(
    "otp",
    "companion",
    "Arabizi (Egyptian)",
    "code from SMS",
    "U: el code elly gali {a} a3mel beh eh?",
    lambda: V(a=dg(6)),
    n=1,
)
S(
    "otp",
    "support",
    "Spanish (Argentina)",
    "Mercado Pago code",
    "U: me llegó el código {a} de mercado pago, el flaco del teléfono me lo pidió, se lo paso?",
    lambda: V(a=dg(6)),
)
S(
    "otp",
    "companion",
    "Russian (Latin transliteration)",
    "Gosuslugi code",
    "U: prishol kod {a} ot gosuslug, chto delat, mne zvonili iz 'banka'",
    lambda: V(a=dg(6)),
    n=1,
)
S(
    "otp",
    "support",
    "Taglish",
    "e-wallet OTP",
    "U: may OTP ako {a} galing daw sa gcash, ibibigay ko ba sa nag-message?",
    lambda: V(a=dg(6)),
    n=1,
)
S(
    "otp",
    "companion",
    "Portuguese (Brazil)",
    "bank code",
    "U: chegou código {a} do banco, o moço do telefone pediu pra eu falar",
    lambda: V(a=dg(6)),
    n=1,
)
S(
    "otp",
    "companion",
    "Mandarin pinyin",
    "verification code",
    "U: yanzhengma {a}, ni bang wo kan kan shi bu shi pianzi",
    lambda: V(a=dg(6)),
    n=1,
)
S(
    "otp",
    "game",
    "English",
    "Epic 2FA code pasted in wrong window",
    "U: {a}\nU: lmao wrong window thats my epic 2fa code ignore\nP: *the oracle averts her eyes* I saw nothing, traveller.",
    lambda: V(a=dg(6)),
    n=1,
)

S(
    "recovery_code",
    "companion",
    "English",
    "GitHub recovery codes to store",
    "U: {p} store these for me pls\n{a}\n{b}\n{c}\n{d}",
    lambda: V(a=gh_recovery(), b=gh_recovery(), c=gh_recovery(), d=gh_recovery()),
)
S(
    "recovery_code",
    "companion",
    "English",
    "Google backup codes",
    "U: backup codes: 1. {a}  2. {b}  3. {c}",
    lambda: V(a=f"{dg(4)} {dg(4)}", b=f"{dg(4)} {dg(4)}", c=f"{dg(4)} {dg(4)}"),
)
S(
    "recovery_code",
    "game",
    "English",
    "Discord backup codes",
    "U: discord backup codes lol keep them in ur tavern vault: {a} {b}",
    lambda: V(a=f"{rs(LO + DG, 4)}-{rs(LO + DG, 4)}", b=f"{rs(LO + DG, 4)}-{rs(LO + DG, 4)}"),
)
S(
    "recovery_code",
    "tutor",
    "English",
    "TOTP setup key",
    "U: the 2fa setup key is {a} can u make me codes from it? my phone died",
    lambda: V(a=totp_seed()),
)
S(
    "recovery_code",
    "support",
    "Spanish (Spain)",
    "BitLocker recovery key",
    "U: me pide la clave de recuperación de bitlocker, la encontré: {a}\nP: Introdúcela solo en la pantalla del equipo, no la compartas.",
    lambda: V(a=bitlocker()),
)
S(
    "recovery_code",
    "companion",
    "French",
    "Microsoft recovery code",
    "U: {p} garde ça, c'est mon code de récupération microsoft: {a}",
    lambda: V(a=ms_recovery()),
)
S(
    "recovery_code",
    "companion",
    "Hinglish",
    "Instagram backup codes",
    "U: insta ke backup codes ye hai {a} aur {b}, save kar lo",
    lambda: V(a=f"{dg(4)} {dg(4)}", b=f"{dg(4)} {dg(4)}"),
    n=1,
)

S(
    "api_key",
    "tutor",
    "English",
    "OpenAI key in pasted Python",
    'U: why doesnt this work\n```\nfrom openai import OpenAI\nclient = OpenAI(api_key="{a}")\n```\nP: First — please revoke that key, it\'s now exposed.',
    lambda: V(a=api("openai")),
)
S(
    "api_key",
    "tutor",
    "Hinglish",
    "Anthropic key in .env",
    "U: sir .env file aisa hai\nANTHROPIC_API_KEY={a}\nphir bhi 401 aa raha hai",
    lambda: V(a=api("anthropic")),
)
S(
    "api_key",
    "tutor",
    "English",
    "GitHub PAT in remote URL",
    "U: git push keeps failing, i ran git remote set-url origin https://{a}@github.com/robotics-club-2025/linefollower.git",
    lambda: V(a=api("ghp")),
)
S(
    "token",
    "game",
    "English",
    "Discord bot token in discord.py",
    'U: {p} is my guild bot, heres the code\nclient.run("{a}")\nwhy it says improper token',
    lambda: V(a=api("discord")),
)
S(
    "token",
    "tutor",
    "Russian (Latin transliteration)",
    "Telegram bot token",
    "U: bot ne otvechaet, token vot: {a} , chto ne tak?",
    lambda: V(a=api("telegram")),
)
S(
    "token",
    "support",
    "English",
    "Slack bot token",
    "U: our slack integration stopped, bot token is {a} can you check",
    lambda: V(a=api("slack")),
    n=1,
)
S(
    "api_key",
    "support",
    "Spanglish",
    "Stripe live key",
    "U: oye the checkout no funciona, mi key es {a} está bien?",
    lambda: V(a=api("stripe")),
    n=1,
)
S(
    "api_key",
    "tutor",
    "English",
    "AWS key pair in credentials file",
    "U: paste of ~/.aws/credentials\n[default]\naws_access_key_id = {a}\naws_secret_access_key = {b}\nregion = ap-south-1",
    lambda: V(a=api("aws_id"), b=api("aws_secret")),
)
S(
    "api_key",
    "tutor",
    "Portuguese (Brazil)",
    "Google Maps key in HTML",
    'U: o mapa não carrega professor\n<script src="https://maps.googleapis.com/maps/api/js?key={a}&callback=initMap"></script>',
    lambda: V(a=api("google")),
    n=1,
)
S(
    "token",
    "tutor",
    "English",
    "Hugging Face token",
    "U: huggingface-cli login asks token, i pasted {a} and it says invalid",
    lambda: V(a=api("hf")),
    n=1,
)
S(
    "api_key",
    "game",
    "English",
    "Riot API key for stats bot",
    "U: {p} track my ranked games, dev key: {a}",
    lambda: V(a=api("riot")),
    n=1,
)
S(
    "api_key",
    "game",
    "Taglish",
    "Steam Web API key",
    "U: pa-check ng inventory ko via api, eto key ko {a}",
    lambda: V(a=api("steam")),
    n=1,
)
S(
    "token",
    "game",
    "English",
    "Twitch chat oauth",
    "U: my chatbot config: PASS {a} NICK is my channel",
    lambda: V(a=api("twitch")),
    n=1,
)
S(
    "api_key",
    "tutor",
    "German",
    "SendGrid key",
    "U: die Mails kommen nicht an, Key: {a}",
    lambda: V(a=api("sendgrid")),
    n=1,
)
S(
    "api_key",
    "tutor",
    "Indonesian",
    "Groq key",
    "U: kak kenapa error 401 ya, GROQ_API_KEY={a}",
    lambda: V(a=api("groq")),
    n=1,
)
S(
    "token",
    "support",
    "English",
    "Bearer JWT in curl",
    'U: curl -H "Authorization: Bearer {a}" https://api.quickride.app/v2/rides returns 403??',
    lambda: V(a=api("jwt")),
    n=1,
)
S(
    "token",
    "tutor",
    "English",
    "npm token in .npmrc",
    "U: my .npmrc has //registry.npmjs.org/:_authToken={a} but publish fails",
    lambda: V(a=api("npm")),
    n=1,
)
S(
    "token",
    "tutor",
    "French",
    "GitLab PAT in CI",
    "U: dans mon .gitlab-ci.yml j'ai mis GL_TOKEN: \"{a}\" c'est grave ?",
    lambda: V(a=api("glpat")),
    n=1,
)
S(
    "api_key",
    "tutor",
    "English",
    "Mailchimp key",
    "U: mailchimp key {a} — why does the list sync fail",
    lambda: V(a=api("mailchimp")),
    n=1,
)
S(
    "token",
    "tutor",
    "English",
    "Notion integration token",
    "U: notion integration secret -> {a} ok now build me the habit tracker",
    lambda: V(a=api("notion")),
    n=1,
)
S(
    "token",
    "tutor",
    "English",
    "fine-grained GitHub PAT",
    "U: {p} which scopes does this need? {a}",
    lambda: V(a=api("ghpat")),
    n=1,
)
S(
    "api_key",
    "tutor",
    "Italian",
    "legacy OpenAI key",
    "U: ho una vecchia chiave {a} funziona ancora?",
    lambda: V(a=api("openai_old")),
    n=1,
)

S(
    "session_cookie",
    "game",
    "English",
    "Roblox cookie pasted (secret is the value after the warning)",
    "U: {p} someone said if i paste my cookie here u can give me free robux\n.ROBLOSECURITY=_|WARNING:-DO-NOT-SHARE-THIS.--Sharing-this-will-allow-someone-to-log-in-as-you-and-to-steal-your-ROBUX-and-items.|_{a}\nP: STOP — never share this. Log out of all sessions now!",
    lambda: V(a=roblosecurity()),
    n=1,
)
S(
    "session_cookie",
    "tutor",
    "English",
    "PHP session cookie",
    "U: my login keeps dropping, cookie shows PHPSESSID={a}; path=/",
    lambda: V(a=rs(LO + DG, 26)),
    n=1,
)
S(
    "session_cookie",
    "support",
    "English",
    "Instagram-style sessionid",
    "U: copied from devtools: sessionid={a}; csrftoken={b}",
    lambda: V(a=f"{dg1(11)}%3A{rs(AN, 14)}%3A{R.randint(1, 29)}%3AAYe{rs(B64U, 40)}", b=rs(AN, 32)),
    n=1,
)
S(
    "session_cookie",
    "tutor",
    "Spanish (Colombia)",
    "express connect.sid",
    "U: profe en postman me sale connect.sid=s%3A{a} y luego 401",
    lambda: V(a=rs(B64U, 32) + "." + rs(B64U, 43)),
    n=1,
)
S(
    "session_cookie",
    "tutor",
    "German",
    "Django sessionid in request headers",
    "U: Cookie: csrftoken=xyz; sessionid={a}\nwarum bin ich trotzdem ausgeloggt?",
    lambda: V(a=rs(LO + DG, 32)),
    n=1,
)
S(
    "token",
    "game",
    "Arabizi (Levantine)",
    "Discord user token",
    "U: ya {p} 3titak el token taba3i {a} 3shan t3mel login w tla3ebli",
    lambda: V(a=api("discord")),
    n=1,
)

S(
    "gift_card",
    "game",
    "English",
    "Steam wallet code given to cousin",
    "U: gave my cousin the steam code {a} but he says already redeemed??",
    lambda: V(a=steam_code()),
)
S(
    "gift_card",
    "game",
    "English",
    "Xbox code trade",
    "U: trading my xbox card {a} for ur valorant acc deal?",
    lambda: V(a=xbox_code()),
)
S(
    "gift_card",
    "game",
    "Spanish (Mexico)",
    "PSN code",
    "U: {p} guárdame este código de psn {a} pa mi cumple",
    lambda: V(a=psn_code()),
)
S(
    "gift_card",
    "game",
    "Taglish",
    "Google Play code",
    "U: {p} pa-redeem naman google play code ko {a} sa account ko, di ko alam paano",
    lambda: V(a=gplay_code()),
)
S(
    "gift_card",
    "support",
    "English",
    "Amazon gift card claim code",
    "U: the claim code {a} shows 'already claimed' but i never used it\nP: I'm sorry! Please don't post the code publicly — contact the issuer.",
    lambda: V(a=amazon_code()),
)
S(
    "gift_card",
    "game",
    "English",
    "Roblox card PIN",
    "U: roblox gift card pin {a} pls dont steal it lol",
    lambda: V(a=roblox_pin()),
    n=1,
)
S(
    "gift_card",
    "game",
    "Japanese",
    "Nintendo eShop code",
    "U: ニンテンドープリペイド番号 {a} これ使える？",
    lambda: V(a=nintendo_code()),
    n=1,
)
S(
    "gift_card",
    "support",
    "English",
    "Apple gift card photo text",
    "U: the scammer asked me to read the back: {a}\nP: Please stop — that's a common scam. Contact Apple support right away.",
    lambda: V(a=apple_code()),
    n=1,
)

S(
    "seed_phrase",
    "companion",
    "English",
    "MetaMask secret phrase",
    "U: {p} heres my metamask phrase so u can keep it safe: {a}",
    lambda: V(a=seed()),
)
S(
    "seed_phrase",
    "companion",
    "Russian (Latin transliteration)",
    "Trust Wallet seed",
    "U: seed-fraza ot trust wallet: {a} , sokhrani",
    lambda: V(a=seed()),
    n=1,
)
S(
    "seed_phrase",
    "companion",
    "Hinglish",
    "seed split over two messages",
    "U: first 6 words: {a}\nU: baaki 6: {b}\nP: Bhai ye recovery phrase kisi ko mat bhejo!",
    lambda: V(a=seed(6), b=seed(6)),
)
S(
    "seed_phrase",
    "support",
    "English",
    "fake wallet support asks for 24 words",
    "U: support said to paste my 24 words to sync: {a}",
    lambda: V(a=seed(24)),
    n=1,
)
S(
    "seed_phrase",
    "companion",
    "Spanish (Spain)",
    "numbered seed words",
    "U: las palabras son 1.{a} 2.{b} 3.{c} 4.{d} y el resto mañana",
    lambda: V(a=seed(3), b=seed(3), c=seed(3), d=seed(3)),
    n=1,
)
S(
    "private_key",
    "companion",
    "English",
    "Ethereum private key",
    "U: exported private key from metamask: {a}",
    lambda: V(a="0x" + rs(HX, 64)),
)
S(
    "private_key",
    "companion",
    "Arabizi (Gulf)",
    "Bitcoin WIF",
    "U: ya {p} 7afiz 3la hal key {a} ok?",
    lambda: V(a=wif()),
    n=1,
)
S(
    "private_key",
    "game",
    "English",
    "Solana key for NFT game",
    "U: phantom private key for the game wallet is {a}",
    lambda: V(a=sol_key()),
    n=1,
)
S(
    "private_key",
    "tutor",
    "English",
    "SSH private key body",
    "U: cant ssh into my pi\n-----BEGIN OPENSSH PRIVATE KEY-----\n{a}\n-----END OPENSSH PRIVATE KEY-----",
    lambda: V(a=f"b3BlbnNzaC1rZXktdjEAAAAA{rs(B64, 46)}\n{rs(B64, 70)}\n{rs(B64, 70)}"),
    n=1,
)

S(
    "wifi_password",
    "companion",
    "Arabizi (Egyptian)",
    "home Wi-Fi password",
    "U: ya {p} el password bta3 el wifi el gedid {a} 3shan law nseet\nP: tamam, bas a7sanlak tektebha fe 7eta amna 😅",
    lambda: V(a=human_pw()),
)
S(
    "wifi_password",
    "companion",
    "English",
    "Wi-Fi QR payload",
    "U: decoded our wifi qr: WIFI:T:WPA;S:{x};P:{a};;",
    lambda: VX(
        {"a": human_pw()}, {"x": pick(["Casa_Garcia_5G", "TP-Link_3F2A", "ZTE_Home", "Dlink-Fam"])}
    ),
)
S(
    "wifi_password",
    "companion",
    "Spanish (Colombia)",
    "Wi-Fi key",
    "U: la clave del wifi de la casa es {a} por si la olvido otra vez jaja",
    lambda: V(a=human_pw()),
)
S(
    "wifi_password",
    "companion",
    "German",
    "FritzBox 20-digit key",
    "U: WLAN-Netzwerkschlüssel von der Fritzbox: {a}\nP: Notiert. Aber teil ihn lieber nicht im Chat 😉",
    lambda: V(a=fritz_key()),
)
S(
    "wifi_password",
    "companion",
    "Taglish",
    "Wi-Fi password",
    "U: pw ng wifi namin {a} pag nakalimutan ko sabihin mo ha",
    lambda: V(a=human_pw()),
    n=1,
)
S(
    "wifi_password",
    "companion",
    "Japanese",
    "Wi-Fi password",
    "U: 家のWi-Fiのパスワードは {a} だよ",
    lambda: V(a=rs(LO + DG, 13)),
    n=1,
)

S(
    "door_code",
    "companion",
    "English",
    "building gate code",
    "U: remember gate code {a}# for when my friend visits",
    lambda: V(a=pin6()),
)
S(
    "door_code",
    "companion",
    "Russian (Latin transliteration)",
    "entrance code",
    "U: kod ot pod'ezda {a}, zapishi",
    lambda: V(a=pin6()),
    n=1,
)
S(
    "door_code",
    "coach",
    "English",
    "gym locker combo",
    "U: coach my locker combo is {a} if i forget after leg day lol",
    lambda: V(a=f"{R.randint(1, 39):02d}-{R.randint(1, 39):02d}-{R.randint(1, 39):02d}"),
)
S(
    "door_code",
    "companion",
    "Portuguese (Brazil)",
    "key box at apartment",
    "U: a senha do cofre de chaves do apê é {a} pra minha mãe entrar",
    lambda: V(a=pin6()),
    n=1,
)
S(
    "door_code",
    "companion",
    "Hinglish",
    "smart lock code",
    "U: naya smart lock code {a} hai, guests ke liye mat batana",
    lambda: V(a=dg(8)),
    n=1,
)


# ================================================================ PII ROWS

# phones
for cc, role, lang, tmpl in [
    (
        "IN",
        "companion",
        "Hinglish",
        "U: {p} mere papa ka number save kar lo {a}, emergency me yaad dila dena",
    ),
    ("US", "coach", "English (US)", "U: text me at {a} if i skip leg day lol jk u cant text"),
    (
        "GB",
        "companion",
        "English (UK)",
        "U: my mum's mobile is {a} btw, remind me to ring her sunday",
    ),
    (
        "MX",
        "tutor",
        "Spanish (Mexico)",
        "U: profe mi cel es {a}, mándeme los ejercicios por whats porfa",
    ),
    ("AR", "support", "Spanish (Argentina)", "U: agendame {a} para que me llamen por el reclamo"),
    ("BR", "companion", "Portuguese (Brazil)", "U: meu zap é {a} me chama lá kkk"),
    (
        "EG",
        "support",
        "Arabizi (Egyptian)",
        "U: rakamy {a} ab3atly 3ala el whatsapp lama el order yewsal",
    ),
    ("SA", "support", "Arabic", "U: رقمي {a} كلموني واتساب بخصوص الطلب"),
    (
        "RU",
        "companion",
        "Russian (Latin transliteration)",
        "U: moy nomer {a}, pishi v telegu esli chto",
    ),
    ("CN", "tutor", "Mandarin pinyin", "U: laoshi wo de shouji hao shi {a}, jia wo weixin ba"),
    ("DE", "tutor", "German", "U: meine Handynummer ist {a}, schreib mir wenn der Kurs ausfällt"),
    ("FR", "companion", "French", "U: mon num c'est {a} si jamais"),
    ("NG", "companion", "Nigerian Pidgin", "U: my line na {a}, abeg help me remember am"),
    ("KE", "support", "Swahili/Sheng", "U: namba yangu ni {a}, nitumie M-Pesa confirmation hapo"),
    ("ID", "companion", "Indonesian", "U: nomor WA aku {a} ya, simpen"),
    ("VN", "tutor", "Vietnamese", "U: sdt cua em {a} a, thay goi em nhe"),
    ("TR", "support", "Turkish", "U: numaram {a}, kurye beni arasın"),
    ("JP", "support", "Japanese", "U: 電話番号は{a}です。折り返しお願いします"),
    ("KR", "companion", "Korean", "U: 내 번호 {a} 저장해줘"),
    (
        "PK",
        "tutor",
        "Urdu-English (Roman Urdu)",
        "U: sir mera number {a} hai, assignment whatsapp kar dein",
    ),
    ("AE", "support", "English (UAE)", "U: pls call on {a} the driver cant find the villa"),
]:
    P("phone", role, lang, "phone number shared in chat", tmpl, lambda cc=cc: V(a=phone(cc)), n=1)
P(
    "phone",
    "companion",
    "Taglish",
    "phone split over two messages",
    "U: number ko {a}\nU: {b} sorry napindot enter",
    lambda: V(a=f"+63 {pick(['917', '927', '945', '998'])}", b=f"{dg(3)} {dg(4)}"),
    n=1,
)
P(
    "phone",
    "companion",
    "English",
    "phone quoted back by persona",
    "U: save my sis number {a}\nP: Saved! {a} — your sister. Want a reminder for her birthday too? 🎂",
    lambda: V(a=phone("US")),
)
P(
    "phone",
    "companion",
    "Hinglish",
    "phone with word glued on",
    "U: naya number {a}wala hai, purana band",
    lambda: V(a=phone("IN", intl=False).replace(" ", "")),
    n=1,
)
P(
    "phone",
    "support",
    "Russian (Cyrillic)",
    "phone in parentheses",
    "U: перезвоните мне (тел. {a}) пожалуйста",
    lambda: V(a=phone("RU")),
    n=1,
)
P(
    "phone",
    "companion",
    "English",
    "phone digits spaced out",
    "U: my number is {a} dont tell anyone 👀",
    lambda: V(a=" ".join("0" + pick(["74", "79"]) + dg(8))),
    n=1,
)

# e-mails
for role, lang, tmpl, obf in [
    ("support", "English", "U: my account email is {a} but the reset link never comes", False),
    ("tutor", "Hinglish", "U: sir meri email id {a} hai, notes bhej dena", False),
    ("support", "Spanish (Mexico)", "U: mi correo es {a}, ahí mándenme la factura porfa", False),
    ("companion", "Russian (Latin transliteration)", "U: moya pochta {a}, zapomni", False),
    ("tutor", "Mandarin pinyin", "U: laoshi wo de youxiang shi {a}, zuoye fa zheli", False),
    ("support", "German", "U: meine E-Mail: {a} — bitte Rechnung dorthin", False),
    ("support", "Portuguese (Brazil)", "U: email cadastrado: {a} (não recebo o código)", False),
    ("game", "English", "U: *hands the innkeeper a scroll* my login mail is {a}", False),
    ("support", "Korean", "U: 이메일 {a} 로 영수증 보내주세요", False),
    ("support", "Italian", "U: la mia mail è {a}, grazie", False),
    ("companion", "English", "U: my email is {a} (obfuscated so bots dont get it lol)", True),
    ("tutor", "Taglish", "U: ito email ko po {a} pakisend na lang po ng module", True),
    ("support", "Arabizi (Egyptian)", "U: el email bta3y {a} ab3atoly el invoice", True),
    ("companion", "French", "U: mon mail c'est {a} mdr", True),
    ("tutor", "Spanish (Spain)", "U: mi correo: {a}", True),
]:
    P(
        "email",
        role,
        lang,
        "obfuscated e-mail" if obf else "e-mail address",
        tmpl,
        (lambda: V(a=email_obf())) if obf else (lambda: V(a=email())),
        n=1,
    )
P(
    "email",
    "support",
    "English",
    "e-mail split over two messages",
    "U: email is {a}\nU: {b} sorry",
    lambda: VX({"a": local_part()}, {"b": "@" + pick(["gmail.com", "outlook.com", "yahoo.com"])}),
    n=1,
)
P(
    "email",
    "companion",
    "English",
    "e-mail quoted back by persona",
    "U: remember my work email {a}\nP: Noted: {a} for work stuff ✉️",
    lambda: V(a=email()),
    n=2,
)

# addresses
for cc, role, lang, tmpl in [
    ("US", "support", "English (US)", "U: deliver to {a} pls, leave at door"),
    ("GB", "support", "English (UK)", "U: new address is {a}, can you update my account"),
    ("IN", "support", "Hinglish", "U: address change karna hai -> {a}"),
    ("PH", "support", "Taglish", "U: paki-deliver po sa {a}, salamat!"),
    ("MX", "support", "Spanish (Mexico)", "U: mi dirección es {a}, tocan el timbre 2 veces"),
    ("ES", "companion", "Spanish (Spain)", "U: me mudé! ahora vivo en {a} 🥳"),
    ("AR", "support", "Spanish (Argentina)", "U: mandalo a {a}, el portero lo recibe"),
    ("BR", "support", "Portuguese (Brazil)", "U: endereço de entrega: {a}"),
    (
        "DE",
        "support",
        "German",
        "U: Lieferadresse: {a}, bitte beim Nachbarn abgeben falls keiner da ist",
    ),
    ("FR", "companion", "French", "U: j'habite au {a} maintenant, trop content"),
    ("IT", "support", "Italian", "U: spedite a {a}, citofono Rossi"),
    ("EG", "support", "Arabizi (Egyptian)", "U: el 3enwan {a}, kalemny abl ma tewsal"),
    ("RU", "support", "Russian (Latin transliteration)", "U: adres dostavki: {a}"),
    ("CN", "support", "Chinese", "U: 收货地址：{a}，谢谢"),
    ("JP", "support", "Japanese", "U: 住所は{a}です"),
    ("KR", "support", "Korean", "U: 배송지: {a}"),
    ("NG", "support", "Nigerian Pidgin", "U: bring am come {a}, call me when you reach gate"),
    ("KE", "support", "Swahili/Sheng", "U: leta kwa {a}, gate ni ya blue"),
    ("ID", "support", "Indonesian", "U: alamat aku {a}, pagar hitam"),
    ("VN", "support", "Vietnamese", "U: giao den {a} giup em"),
    ("TR", "support", "Turkish", "U: adresim: {a}"),
    ("AU", "companion", "English (Australia)", "U: finally moved into {a} 🏡"),
]:
    P(
        "address",
        role,
        lang,
        "street address",
        tmpl,
        lambda cc=cc: (lambda t: ({"a": t[0]}, [t[1]]))(addr(cc)),
        n=1,
    )
P(
    "address",
    "companion",
    "English (US)",
    "address quoted back by persona",
    "U: remember my new place {a}\nP: Yay, new home! I'll remember {a} 🏠",
    lambda: (lambda t: ({"a": t[0]}, [t[1]]))(addr("US")),
    n=1,
)
P(
    "address",
    "companion",
    "Hinglish",
    "address split over two messages",
    "U: address likh lo\nU: {a}\nU: {b}",
    lambda: (lambda t: ({"a": t[1], "b": t[0][len(t[1]) + 2 :]}, [t[1]]))(addr("IN")),
    n=1,
)

# national ids / tax ids
NAT = [
    (
        "national_id",
        "support",
        "Hinglish",
        "Aadhaar number for KYC",
        "U: KYC ke liye aadhaar no. {a} hai, jaldi verify karo",
        aadhaar,
    ),
    ("tax_id", "support", "Hinglish", "PAN card", "U: PAN {a} hai mera, refund kab aayega", pan),
    (
        "national_id",
        "support",
        "English (US)",
        "SSN",
        "U: the form wants my ssn, its {a}, is that safe to put??",
        ssn,
    ),
    (
        "national_id",
        "coach",
        "English (US)",
        "SSN glued in sentence",
        "U: insurance guy wanted ssn ({a}) for the gym reimbursement smh",
        ssn,
    ),
    (
        "national_id",
        "support",
        "English (Canada)",
        "SIN",
        "U: my SIN is {a} for the tax slip",
        sin_ca,
    ),
    (
        "national_id",
        "support",
        "English (UK)",
        "National Insurance number",
        "U: NI number {a}, can you update payroll",
        nino,
    ),
    (
        "national_id",
        "support",
        "Spanish (Spain)",
        "DNI",
        "U: mi DNI es {a}, a nombre de mi madre no",
        dni_es,
    ),
    (
        "national_id",
        "support",
        "Portuguese (Brazil)",
        "CPF",
        "U: meu CPF é {a}, pode emitir a nota?",
        cpf,
    ),
    (
        "national_id",
        "companion",
        "Portuguese (Brazil)",
        "CPF after arrow",
        "U: cpf da minha vó -> {a}, pra marcar a vacina",
        cpf,
    ),
    ("national_id", "support", "Spanish (Mexico)", "CURP", "U: mi CURP es {a}, para la beca", curp),
    (
        "national_id",
        "support",
        "Spanish (Chile)",
        "RUT",
        "U: mi rut es {a} po, para la boleta",
        rut_cl,
    ),
    ("tax_id", "support", "Spanish (Argentina)", "CUIL", "U: el CUIL es {a} che", cuil_ar),
    (
        "tax_id",
        "support",
        "German",
        "Steuer-ID",
        "U: meine Steuer-ID ist {a}, brauchst du die für die Abrechnung?",
        steuer_id,
    ),
    (
        "national_id",
        "support",
        "French",
        "numéro de sécu",
        "U: mon numéro de sécu c'est {a}",
        nir_fr,
    ),
    (
        "tax_id",
        "tutor",
        "Italian",
        "codice fiscale",
        "U: per l'iscrizione serve il codice fiscale: {a}",
        codice_fiscale,
    ),
    (
        "national_id",
        "support",
        "Dutch",
        "BSN",
        "U: mijn BSN is {a}, voor de zorgverzekering",
        bsn_nl,
    ),
    (
        "national_id",
        "support",
        "French (Belgium)",
        "Belgian national number",
        "U: mon numéro national: {a}",
        nn_be,
    ),
    ("national_id", "tutor", "Polish", "PESEL", "U: PESEL {a}, do wniosku o stypendium", pesel),
    (
        "national_id",
        "support",
        "Turkish",
        "TC Kimlik",
        "U: TC kimlik no {a}, faturayı buna kesin",
        tckn,
    ),
    (
        "national_id",
        "tutor",
        "Mandarin pinyin",
        "Chinese resident id",
        "U: baoming yao shenfenzheng hao: {a}",
        cn_id,
    ),
    ("national_id", "support", "Korean", "RRN", "U: 주민번호 {a} 입니다", kr_rrn),
    ("national_id", "support", "Japanese", "My Number", "U: マイナンバーは{a}です", my_number),
    ("national_id", "support", "Swedish", "personnummer", "U: mitt personnummer är {a}", se_pnr),
    ("national_id", "support", "Finnish", "henkilötunnus", "U: hetu on {a}", fi_hetu),
    (
        "national_id",
        "support",
        "English (South Africa)",
        "SA ID number",
        "U: my ID number is {a} for the RICA thing",
        za_id,
    ),
    ("national_id", "support", "Arabic", "Saudi national id", "U: رقم الهوية {a}", sa_id),
    (
        "national_id",
        "support",
        "English (UAE)",
        "Emirates ID",
        "U: emirates id {a}, pls link to my sim",
        emirates_id,
    ),
    (
        "national_id",
        "support",
        "Arabizi (Egyptian)",
        "Egyptian national id",
        "U: el ra2am el qawmy {a}",
        eg_nid,
    ),
    ("national_id", "support", "Greeklish", "AMKA", "U: to AMKA mou einai {a}", amka),
    ("tax_id", "support", "Portuguese (Portugal)", "NIF", "U: NIF {a} na fatura por favor", nif_pt),
    (
        "national_id",
        "support",
        "Russian (Latin transliteration)",
        "SNILS",
        "U: SNILS {a}, dlya gosuslug",
        snils,
    ),
    ("tax_id", "support", "Russian (Cyrillic)", "INN", "U: мой ИНН {a}", inn_ru),
    ("national_id", "support", "Indonesian", "NIK", "U: NIK aku {a}, buat daftar", nik_id),
    (
        "national_id",
        "support",
        "Taglish",
        "SSS number",
        "U: SSS no. ko {a}, pa-update po",
        lambda: f"{dg(2)}-{dg(7)}-{dg(1)}",
    ),
    (
        "tax_id",
        "support",
        "Taglish",
        "TIN",
        "U: TIN ko po {a}",
        lambda: f"{dg1(3)}-{dg(3)}-{dg(3)}-000",
    ),
    (
        "national_id",
        "support",
        "English (Nigeria)",
        "NIN",
        "U: my NIN is {a}, link am to my line",
        lambda: dg1(11),
    ),
    ("national_id", "support", "Vietnamese", "CCCD", "U: so CCCD {a}", vn_cccd),
    ("national_id", "support", "Thai", "Thai ID", "U: เลขบัตรประชาชน {a} ค่ะ", thai_id),
    (
        "national_id",
        "coach",
        "English (UK)",
        "NHS number",
        "U: coach my physio asked for nhs number {a}, is that normal?",
        nhs_no,
    ),
    (
        "national_id",
        "support",
        "English (Australia)",
        "Medicare number",
        "U: medicare no {a}, for the claim",
        medicare_au,
    ),
]
for kind, role, lang, ctx, tmpl, fn in NAT:
    P(kind, role, lang, ctx, tmpl, lambda fn=fn: V(a=fn()), n=1)
P(
    "national_id",
    "support",
    "Hinglish",
    "Aadhaar split over two messages",
    "U: aadhaar {a}\nU: {b} baki",
    lambda: (lambda s: V(a=s[:6], b=s[6:]))(aadhaar().replace(" ", "").replace("-", "")),
    n=1,
)
P(
    "national_id",
    "support",
    "English (US)",
    "SSN quoted back by persona",
    "U: ssn {a}\nP: Please don't share your SSN here — I've not stored {a}.",
    lambda: V(a=ssn()),
    n=1,
)


# passports / driving licences
def mrz() -> tuple[str, str, str]:
    num = rs(UP, 1) + dg(7)
    nat = pick(["IND", "PHL", "GBR", "NGA", "EGY", "MEX"])
    top = f"P<{nat}{pick(LAST).upper()}<<{pick(FIRST).upper()}"
    top += "<" * (44 - len(top))
    y, m, d = dob_parts()
    dob = f"{y % 100:02d}{m:02d}{d:02d}"
    exp = f"{R.randint(27, 35)}{R.randint(1, 12):02d}{R.randint(1, 28):02d}"
    pnum = num + "<"
    opt = "<" * 14
    line = (
        pnum
        + mrz_check(pnum)
        + nat
        + dob
        + mrz_check(dob)
        + pick("MF")
        + exp
        + mrz_check(exp)
        + opt
        + mrz_check(opt)
    )
    comp = (
        pnum + mrz_check(pnum) + dob + mrz_check(dob) + exp + mrz_check(exp) + opt + mrz_check(opt)
    )
    line += mrz_check(comp)
    assert len(line) == 44 and len(top) == 44
    return top, line, num


P(
    "passport",
    "support",
    "English",
    "passport MRZ line pasted",
    "U: the visa site cant read my scan, typed the MRZ:\n{x}\n{a}",
    lambda: (lambda t: ({"x": t[0], "a": t[1]}, [t[2]]))(mrz()),
    n=2,
)
P(
    "passport",
    "support",
    "Hinglish",
    "Indian passport number",
    "U: passport no. {a} hai, tatkal me kab tak aayega",
    lambda: V(a=pick("JKLMNPRSTUVWZ") + dg1(7)),
    n=1,
)
P(
    "passport",
    "companion",
    "German",
    "German passport number",
    "U: Reisepassnummer {a}, merk dir die für die Buchung",
    lambda: V(a="C" + rs("CFGHJKLMNPRTVWXYZ0123456789", 8)),
    n=1,
)
P(
    "passport",
    "support",
    "English (US)",
    "US passport number",
    "U: passport # {a} for the booking pls",
    lambda: V(a=dg1(9)),
    n=1,
)
P(
    "passport",
    "support",
    "Taglish",
    "Philippine passport",
    "U: passport number ko {a}, exp 2031",
    lambda: V(a="P" + dg1(7) + pick("ABC")),
    n=1,
)
P(
    "driving_licence",
    "coach",
    "English (UK)",
    "UK driving licence",
    "U: rental place wants my licence number {a}",
    lambda: V(
        a=uk_dl(
            pick(["Morgan", "Patel", "Okafor", "Li", "Walsh"]),
            pick(["Sam", "Aisha", "Tom"]),
            *dob_parts(1970, 2004),
            R.random() < 0.5,
        )
    ),
    n=1,
)
P(
    "driving_licence",
    "support",
    "English (US)",
    "California DL",
    "U: my CA DL is {a}",
    lambda: V(a=pick(UP) + dg(7)),
    n=1,
)
P(
    "driving_licence",
    "support",
    "English (US)",
    "Florida DL",
    "U: FL license {a} for the rideshare signup",
    lambda: V(a=f"{pick(UP)}{dg(3)}-{dg(3)}-{dg(2)}-{dg(3)}-{dg(1)}"),
    n=1,
)
P(
    "driving_licence",
    "support",
    "Hinglish",
    "Indian DL",
    "U: DL number {a} hai, challan check karo",
    lambda: V(a=f"{pick(['MH12', 'DL04', 'KA05', 'TN09'])} {R.randint(2008, 2023)}{dg(7)}"),
    n=1,
)

# IBANs
for cc, role, lang, tmpl in [
    ("DE", "support", "German", "U: bitte auf {a} überweisen, danke"),
    ("FR", "support", "French", "U: mon IBAN: {a} pour le remboursement"),
    ("ES", "support", "Spanish (Spain)", "U: el reembolso a {a} porfa"),
    ("IT", "support", "Italian", "U: IBAN {a} intestato a me"),
    ("NL", "support", "Dutch", "U: terugbetalen op {a} graag"),
    ("GB", "support", "English (UK)", "U: refund to {a} please"),
    ("BE", "support", "Dutch (Belgium)", "U: rekeningnummer {a}"),
    ("PL", "support", "Polish", "U: numer konta {a}, zwrot proszę"),
    ("TR", "companion", "Turkish", "U: kira için IBAN {a}, hatırlat bana"),
    ("SA", "support", "Arabic", "U: الآيبان {a}"),
    ("AE", "support", "English (UAE)", "U: salary account {a} pls update"),
    ("EG", "support", "Arabizi (Egyptian)", "U: el IBAN bta3y {a}"),
    ("BR", "support", "Portuguese (Brazil)", "U: IBAN da conta: {a}"),
    ("PT", "support", "Portuguese (Portugal)", "U: IBAN {a} para o reembolso"),
    ("CH", "support", "German (Switzerland)", "U: Konto {a}, merci"),
]:
    P(
        "iban",
        role,
        lang,
        "IBAN with valid check digits",
        tmpl,
        lambda cc=cc: V(a=make_iban(cc)),
        n=1,
    )
P(
    "iban",
    "support",
    "German",
    "IBAN split over two messages",
    "U: DE{a}\nU: {b} sorry enter gedrückt",
    lambda: (lambda s: V(a=s[2:12], b=s[12:]))(make_iban("DE", spaced=False)),
    n=1,
)
P(
    "iban",
    "companion",
    "Spanish (Spain)",
    "IBAN quoted back by persona",
    "U: guárdame mi IBAN {a}\nP: Vale, tu IBAN es {a}. ¡No lo compartas con desconocidos!",
    lambda: V(a=make_iban("ES")),
    n=1,
)

# cards
P(
    "card_number",
    "support",
    "English",
    "card number pasted to support persona",
    "U: charged twice on card {a} exp {x}, fix pls",
    lambda: VX({"a": card()}, {"x": f"{R.randint(1, 12):02d}/{R.randint(26, 31)}"}),
    n=2,
)
P(
    "card_number",
    "companion",
    "Hinglish",
    "card number to remember",
    "U: mera debit card {a} hai, yaad rakh lo online shopping ke liye",
    lambda: V(a=card("rupay")),
    n=1,
)
P(
    "card_number",
    "support",
    "Russian (Latin transliteration)",
    "Mir card",
    "U: karta {a}, den'gi ne prishli",
    lambda: V(a=card("mir")),
    n=1,
)
P(
    "card_number",
    "support",
    "Mandarin pinyin",
    "UnionPay card",
    "U: yinhang ka hao {a}, tuikuan dao zheli",
    lambda: V(a=card("unionpay")),
    n=1,
)
P(
    "card_number",
    "game",
    "English",
    "card split over two messages",
    "U: top up with {a}\nU: {b} exp 09/28",
    lambda: (lambda c: V(a=c[:9], b=c[10:]))(
        groups(card("visa").replace(" ", "").replace("-", ""), 4, " ")
    ),
    n=2,
)
P(
    "card_number",
    "support",
    "Spanish (Mexico)",
    "Amex in parentheses",
    "U: cobro raro en mi amex ({a}) ayuda",
    lambda: V(a=card("amex")),
    n=1,
)
P(
    "card_number",
    "game",
    "Taglish",
    "card to buy diamonds",
    "U: pabili diamonds gamit card ni mama {a} cvv {x}",
    lambda: VX({"a": card("mc")}, {"x": dg(3)}),
    n=1,
)
P(
    "card_number",
    "support",
    "Arabizi (Egyptian)",
    "card number",
    "U: el card {a} etkhasam meno marten",
    lambda: V(a=card("mc2")),
    n=1,
)
P(
    "card_number",
    "companion",
    "English",
    "card quoted back by persona",
    "U: remember my card {a}\nP: I'd rather not keep {a} — please use your wallet app instead 💳",
    lambda: V(a=card()),
    n=1,
)

# DOBs
for role, lang, tmpl, fmt in [
    ("companion", "English", "U: {p} my bday is {a} dont forget to wish me 🎂", "%B %d, %Y"),
    ("companion", "Hinglish", "U: mera birthday {a} hai, yaad rakhna", "%d/%m/%Y"),
    ("coach", "Spanish (Mexico)", "U: nací el {a}, calcula mi frecuencia máxima", "%d-%m-%Y"),
    ("support", "German", "U: Geburtsdatum {a}, für die Verifizierung", "%d.%m.%Y"),
    ("support", "Japanese", "U: 生年月日は{a}です", "%Y年%m月%d日"),
    ("companion", "Taglish", "U: bday ko {a} ha, dapat may greeting ka 😤", "%m/%d/%Y"),
    ("support", "English (US)", "U: DOB {a} for the account recovery", "%m/%d/%Y"),
    ("companion", "Portuguese (Brazil)", "U: meu aniversário é {a}, vai ter festa!!", "%d/%m/%Y"),
]:

    def _dob(fmt=fmt):
        y, m, d = dob_parts(1965, 2009)
        months = [
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
        s = (
            fmt.replace("%Y", str(y))
            .replace("%m", f"{m:02d}")
            .replace("%d", f"{d:02d}")
            .replace("%B", months[m - 1])
        )
        return V(a=s)

    P("dob", role, lang, "date of birth", tmpl, _dob, n=1)

# usernames / handles
for role, lang, tmpl, fn in [
    ("game", "English", "U: add me in game, my IGN is {a}", handle),
    ("game", "English", "U: riot id {a} duo tonight?", riot_id),
    ("companion", "Hinglish", "U: meri insta id @{a} hai, follow kar le (jk tu bot hai)", handle),
    ("game", "Spanglish", "U: mi discord es {a}, mándame friend request", handle),
    ("game", "Taglish", "U: ML ID ko {a} ({x}) pa-add naman", lambda: dg1(9)),
    ("game", "English", "U: steam friend code {a} add me", lambda: dg1(9)),
    ("game", "Arabizi (Levantine)", "U: el PSN taba3i {a}, zidni", handle),
    ("companion", "Portuguese (Brazil)", "U: meu tiktok é @{a} segue lá", handle),
    ("game", "Russian (Latin transliteration)", "U: moy nik v kse {a}, zakhodi", handle),
    (
        "game",
        "Mandarin pinyin",
        "U: wo de yuanshen UID shi {a}, jia wo",
        lambda: pick("6789") + dg(8),
    ),
    (
        "companion",
        "English",
        "U: remember my roblox user is {a}\nP: Got it, {a}! Want to build an obby together? 🧱",
        handle,
    ),
]:
    P(
        "username",
        role,
        lang,
        "handle or game account id tied to the user",
        tmpl,
        lambda fn=fn: VX({"a": fn()}, {"x": dg(4)}),
        n=1,
    )

# licence plates
for role, lang, tmpl, fn in [
    (
        "support",
        "English (UK)",
        "U: my car reg is {a} for the parking permit",
        lambda: (
            f"{rs('ABCDEFGHKLMNOPRSVWY', 2)}{pick(['19', '20', '21', '69', '70', '71', '72', '23', '73'])} {rs('ABCDEFGHJKLMNPRSTUVWXYZ', 3)}"
        ),
    ),
    (
        "support",
        "German",
        "U: Kennzeichen {a}, wurde abgeschleppt",
        lambda: (
            f"{pick(['M', 'B', 'HH', 'K', 'F'])}-{rs('ABCDEFGHKLMNPRSTUVWXYZ', 2)} {R.randint(1, 9999)}"
        ),
    ),
    (
        "support",
        "French",
        "U: ma plaque c'est {a}",
        lambda: f"{rs('ABCDEFGHJKLMNPRSTVWXYZ', 2)}-{dg1(3)}-{rs('ABCDEFGHJKLMNPRSTVWXYZ', 2)}",
    ),
    (
        "support",
        "Hinglish",
        "U: gaadi number {a}, fastag issue hai",
        lambda: (
            f"{pick(['MH', 'DL', 'KA', 'TN', 'UP'])} {R.randint(1, 50):02d} {rs(UP, 2)} {dg1(4)}"
        ),
    ),
    (
        "support",
        "Portuguese (Brazil)",
        "U: placa do carro {a}",
        lambda: f"{rs(UP, 3)}{dg(1)}{pick(UP)}{dg(2)}",
    ),
    ("support", "Taglish", "U: plate ko {a}, na-tiketan ako", lambda: f"{rs(UP, 3)} {dg1(4)}"),
    (
        "support",
        "Spanish (Spain)",
        "U: matrícula {a}, para el parking",
        lambda: f"{dg1(4)} {rs('BCDFGHJKLMNPRSTVWXYZ', 3)}",
    ),
]:
    P(
        "licence_plate",
        role,
        lang,
        "vehicle registration tied to the user",
        tmpl,
        lambda fn=fn: V(a=fn()),
        n=1,
    )

# customer / student / patient numbers
for role, lang, tmpl, fn in [
    (
        "tutor",
        "English",
        "U: my student id is {a}, can you check my enrolment",
        lambda: f"{R.randint(2019, 2025)}-{dg1(5)}",
    ),
    ("tutor", "Spanish (Mexico)", "U: matrícula {a}, profe", lambda: "A0" + dg1(7)),
    (
        "coach",
        "English",
        "U: hospital MRN {a} if you need my records for the plan",
        lambda: "MRN " + dg(8),
    ),
    ("support", "German", "U: Kundennummer {a}, Zählerstand kommt gleich", lambda: dg1(9)),
    ("support", "Hinglish", "U: CA number {a} hai, bijli ka bill check karo", lambda: dg1(9)),
    ("support", "Taglish", "U: account number ko sa meralco {a}", lambda: dg1(10)),
    (
        "support",
        "English (UK)",
        "U: loyalty card {a}, points didnt go on",
        lambda: groups(dg1(16), 4),
    ),
]:
    P(
        "customer_number",
        role,
        lang,
        "account or record number of the user",
        tmpl,
        lambda fn=fn: V(a=fn()),
        n=1,
    )


# home IPs
def pub_ip() -> str:
    return f"{pick([24, 49, 68, 73, 81, 86, 93, 103, 112, 117, 122, 151, 176, 182, 186, 187, 189, 190, 197, 201])}.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(1, 254)}"


for role, lang, tmpl, fn in [
    ("support", "English", "U: my home ip is {a}, is it blacklisted? cant login", pub_ip),
    ("game", "English", "U: host the minecraft server on my ip {a}:25565 come join", pub_ip),
    ("support", "Spanish (Argentina)", "U: mi IP pública es {a}, me bloquearon?", pub_ip),
    ("support", "German", "U: Router zeigt WAN-IP {a}", pub_ip),
    (
        "support",
        "English",
        "U: ipv6 from whatismyip: {a}",
        lambda: (
            f"2a01:cb{dg(2)}:{rs(HX, 4)}:{rs(HX, 4)}:{rs(HX, 4)}:{rs(HX, 4)}:{rs(HX, 4)}:{rs(HX, 4)}"
        ),
    ),
    ("game", "Russian (Latin transliteration)", "U: moy ip {a}, zakhodi na server", pub_ip),
]:
    P("ip_address", role, lang, "home IP address", tmpl, lambda fn=fn: V(a=fn()), n=1)


# ================================================================ NEGATIVES


def ri(a: int, b: int) -> str:
    return str(R.randint(a, b))


# math homework
N(
    "tutor",
    "English",
    "quadratic homework",
    "U: help {p}: solve {x}x^2 - {y}x + {z} = 0\nP: Let's try the quadratic formula together!",
    lambda: X(x=ri(2, 9), y=ri(10, 40), z=ri(1, 20)),
    n=2,
)
N(
    "tutor",
    "English",
    "is this 10-digit number prime",
    "U: is {x} prime? my teacher says use divisibility rules",
    lambda: X(x=dg1(10)),
    n=1,
)
N(
    "tutor",
    "Hinglish",
    "multiplication homework with long numbers",
    "U: sir {x} × {y} ka answer kya hoga? calculator nahi hai",
    lambda: X(x=dg1(5), y=dg1(5)),
    n=1,
)
N(
    "tutor",
    "English",
    "geometric sequence",
    "U: next term: {x}, {y}, {z}, ...?",
    lambda: (lambda a, r: X(x=str(a), y=str(a * r), z=str(a * r * r)))(
        R.randint(2, 9), R.randint(2, 5)
    ),
    n=1,
)
N(
    "tutor",
    "Spanish (Mexico)",
    "write number in words",
    "U: profe cómo se escribe {x} con letra?",
    lambda: X(x=f"{R.randint(1_000_000, 9_999_999):,}"),
    n=1,
)
N(
    "tutor",
    "English",
    "binary conversion",
    "U: convert {x} from binary to decimal pls",
    lambda: X(x="1" + rs("01", 9)),
    n=1,
)
N(
    "tutor",
    "Mandarin pinyin",
    "arithmetic homework",
    "U: laoshi, {x} × {y} = ? wo suan le {z} dui ma",
    lambda: (lambda a, b: X(x=str(a), y=str(b), z=str(a * b + pick([0, 0, 10]))))(
        R.randint(100, 999), R.randint(10, 99)
    ),
    n=1,
)
N(
    "tutor",
    "Japanese",
    "linear equation",
    "U: 数学の宿題: {x}x + {y} = {z} ってどう解くの？",
    lambda: X(x=ri(2, 9), y=ri(1, 30), z=ri(31, 99)),
    n=1,
)
N(
    "tutor",
    "Russian (Latin transliteration)",
    "textbook exercise",
    "U: zadacha {x} iz uchebnika, str. {y}, pomogi",
    lambda: X(x=ri(1, 400), y=ri(10, 320)),
    n=1,
)
N(
    "tutor",
    "Taglish",
    "quiz score",
    "U: quiz namin {x}/50 lang 😭 tapos may long test pa sa {y}",
    lambda: X(x=ri(20, 49), y=pick(["Lunes", "Martes", "Huwebes"])),
    n=1,
)
N(
    "tutor",
    "English",
    "statistics with class marks",
    "U: marks: {x} — find the mean, median and mode",
    lambda: X(x=", ".join(ri(40, 99) for _ in range(9))),
    n=1,
)
N(
    "tutor",
    "English",
    "pi digits",
    "U: we had to memorise pi, i got 3.14159265358979 is that right??",
    n=1,
)
N(
    "tutor",
    "English",
    "speed of light",
    "U: c = 299,792,458 m/s so how long does light take from the sun (149,600,000 km)?",
    n=1,
)
N(
    "tutor",
    "Hinglish",
    "NCERT question reference",
    "U: NCERT class {x} ch {y} ex {y}.{z} q {w} samjha do",
    lambda: X(x=ri(6, 12), y=ri(1, 14), z=ri(1, 5), w=ri(1, 12)),
    n=1,
)
N(
    "tutor",
    "German",
    "percent calculation",
    "U: wie viel sind {x} % von {y} €?",
    lambda: X(x=ri(3, 45), y=f"{R.randint(100, 9999)},{dg(2)}"),
    n=1,
)
N(
    "tutor",
    "French",
    "fractions",
    "U: simplifie {x}/{y} stp",
    lambda: X(x=ri(12, 480), y=ri(481, 960)),
    n=1,
)
N(
    "tutor",
    "English",
    "sudoku row",
    "U: is this sudoku row valid: {x}",
    lambda: X(x="".join(R.sample("123456789", 9))),
    n=1,
)
N(
    "tutor",
    "English",
    "Fibonacci list",
    "U: fib numbers up to 1000: 1, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377, 610, 987 did i miss any",
    n=1,
)
N(
    "tutor",
    "English",
    "large population figures",
    "U: india population {x} vs china {y}, which is bigger lol",
    lambda: X(
        x=f"{R.randint(1_400_000_000, 1_450_000_000):,}",
        y=f"{R.randint(1_400_000_000, 1_420_000_000):,}",
    ),
    n=1,
)
N(
    "tutor",
    "Arabizi (Egyptian)",
    "exam timing",
    "U: 3andy exam bokra el sa3a {x} w lesa makhlastsh chapter {y}",
    lambda: X(x=ri(8, 11), y=ri(2, 9)),
    n=1,
)
N(
    "tutor",
    "Korean",
    "TOEIC score",
    "U: 토익 {x}점 나왔어 ㅠ 목표는 {y}점",
    lambda: X(x=ri(550, 850), y=ri(860, 990)),
    n=1,
)
N(
    "tutor",
    "English",
    "phone-like digits in a math puzzle",
    "U: puzzle: arrange the digits {x} to make the biggest even number",
    lambda: X(x="".join(R.sample("0123456789", 10))),
    n=1,
)
N(
    "tutor",
    "Spanish (Spain)",
    "exercise reference",
    "U: ejercicio {x}, página {y}: derivar f(x) = {z}x^3 - {w}x",
    lambda: X(x=ri(1, 40), y=ri(20, 300), z=ri(2, 9), w=ri(2, 9)),
    n=1,
)
N(
    "tutor",
    "Polish",
    "division",
    "U: ile to {x} podzielić przez {y}?",
    lambda: X(x=dg1(6), y=ri(3, 97)),
    n=1,
)
N(
    "tutor",
    "English",
    "Luhn algorithm exercise on a short number",
    "U: cs homework: compute the luhn check digit for {x} step by step",
    lambda: X(x=dg1(7)),
    n=1,
)
N(
    "tutor",
    "English",
    "chemistry constants",
    "U: avogadro is 6.022 × 10^23 and NaCl molar mass 58.44 g/mol, so moles in {x} g?",
    lambda: X(x=ri(10, 500)),
    n=1,
)
N(
    "tutor",
    "Indonesian",
    "math homework",
    "U: kak, {x} + {y} × {z} hasilnya berapa? aku dapet {w}",
    lambda: X(x=ri(10, 99), y=ri(2, 20), z=ri(2, 20), w=ri(50, 999)),
    n=1,
)
N(
    "tutor",
    "Vietnamese",
    "geometry",
    "U: tam giac co canh {x}cm, {y}cm, {z}cm thi co vuong khong a",
    lambda: (lambda k: X(x=str(3 * k), y=str(4 * k), z=str(5 * k)))(R.randint(1, 9)),
    n=1,
)

# games
N(
    "game",
    "English",
    "score talk",
    "U: just scored {x} on beat saber expert+ 😤",
    lambda: X(x=f"{R.randint(300_000, 1_500_000):,}"),
    n=1,
)
N(
    "game",
    "English",
    "Genshin AR level",
    "U: finally AR {x} and my {y} build does {z}k crits",
    lambda: X(x=ri(45, 60), y=pick(["Hu Tao", "Raiden", "Neuvillette"]), z=ri(20, 90)),
    n=1,
)
N(
    "game",
    "English",
    "chess elo",
    "U: elo went from {x} to {y} in one night lets gooo",
    lambda: (lambda a: X(x=str(a), y=str(a + R.randint(25, 140))))(R.randint(900, 1900)),
    n=1,
)
N(
    "game",
    "Taglish",
    "mobile game ranks",
    "U: mythic {x} stars na ako, {y} matches na today",
    lambda: X(x=ri(1, 60), y=ri(5, 30)),
    n=1,
)
N(
    "game",
    "English",
    "Minecraft give command",
    "U: whats the command again? /give @p minecraft:diamond_sword{Enchantments:[{id:sharpness,lvl:{x}}]} 1",
    lambda: X(x=ri(1, 5)),
    n=1,
)
N(
    "game",
    "English",
    "Minecraft coords",
    "U: my base is at x {x} y {y} z {z} in the nether lol dont grief",
    lambda: X(x=ri(-3000, 3000), y=ri(30, 120), z=ri(-3000, 3000)),
    n=1,
)
N(
    "game",
    "English",
    "inventory counts",
    "U: i have {x} gold, {y} gems and {z} potions, what should i buy innkeeper",
    lambda: X(x=f"{R.randint(1000, 99999):,}", y=ri(10, 5000), z=ri(1, 99)),
    n=1,
)
N(
    "game",
    "English",
    "role-play fictional ids",
    "U: *shows the guard my papers* Citizen {x}, District {y}\nP: *squints* Move along, {x}. The gate closes at the {z}th bell.",
    lambda: X(x=f"{pick(UP)}-{dg1(4)}", y=ri(1, 13), z=ri(7, 12)),
    n=2,
)
N(
    "game",
    "English",
    "role-play vault combination (fictional)",
    "P: *The dwarf whispers* The vault of Kharak opens to the runes {x}, but only under a full moon.\nU: i enter the runes!",
    lambda: X(x="-".join(pick(["sun", "moon", "oak", "flame", "river"]) for _ in range(3))),
    n=1,
)
N(
    "game",
    "English",
    "role-play fictional password",
    "P: *The guard grunts* Password?\nU: swordfish\nP: *He steps aside.* Welcome to the thieves' guild, stranger.",
    n=1,
)
N(
    "game",
    "English",
    "fictional starship registry",
    "U: captain, set course for sector {x}, the {y} needs repairs\nP: Aye! Registry {z} reporting hull at {w}%.",
    lambda: X(
        x=f"{pick(UP)}-{ri(1, 99)}",
        y=pick(["Aurora", "Kestrel", "Nightjar"]),
        z=f"SS-{dg1(4)}",
        w=ri(10, 99),
    ),
    n=2,
)
N(
    "game",
    "English",
    "item ids in Terraria/Skyrim talk",
    "U: skyrim console: player.additem 0000000F {x} gives gold right",
    lambda: X(x=ri(100, 99999)),
    n=1,
)
N(
    "game",
    "English",
    "public promo code everyone can use",
    "U: anyone know if GENSHINGIFT still works? its the public one from the wiki",
    n=1,
)
N(
    "game",
    "Arabizi (Levantine)",
    "football match score",
    "U: el match 5ls {x}-{y}, w {z} sajjal hat trick 😍",
    lambda: X(x=ri(0, 5), y=ri(0, 5), z=pick(["Messi", "Salah", "Mbappé"])),
    n=1,
)
N(
    "game",
    "Portuguese (Brazil)",
    "FIFA ultimate team",
    "U: meu time tá {x} de overall, vendi o card por {y}k coins",
    lambda: X(x=ri(80, 91), y=ri(10, 900)),
    n=1,
)
N(
    "game",
    "Russian (Latin transliteration)",
    "CS rating",
    "U: premier rating {x}, vchera bylo {y}",
    lambda: X(x=f"{R.randint(5, 25)},{dg(3)}", y=f"{R.randint(5, 25)},{dg(3)}"),
    n=1,
)
N(
    "game",
    "Mandarin pinyin",
    "game level talk",
    "U: wo wangzhe rongyao {x} xing le, haha",
    lambda: X(x=ri(10, 80)),
    n=1,
)
N(
    "game",
    "English",
    "Pokémon dex numbers",
    "U: #0025 pikachu, #0150 mewtwo, #0448 lucario — rank them",
    n=1,
)
N(
    "game",
    "English",
    "chess notation",
    "U: 1. e4 e5 2. Nf3 Nc6 3. Bb5 a6 — is this the ruy lopez?",
    n=1,
)
N(
    "game",
    "English",
    "speedrun times",
    "U: my any% is {x}:{y}.{z}, WR is way lower lol",
    lambda: X(x=ri(10, 59), y=f"{R.randint(0, 59):02d}", z=dg(3)),
    n=2,
)
N(
    "game",
    "Korean",
    "game gacha count",
    "U: 천장까지 {x}뽑 남았어 ㅋㅋ",
    lambda: X(x=ri(1, 89)),
    n=1,
)
N(
    "game",
    "English",
    "lottery numbers in general talk",
    "U: powerball last night was {x} and PB {y}, crazy nobody won",
    lambda: X(x=" ".join(str(v) for v in sorted(R.sample(range(1, 70), 5))), y=ri(1, 26)),
    n=2,
)
N(
    "game",
    "Spanish (Spain)",
    "lottery talk",
    "U: el gordo de navidad salió el {x}, a mí nada como siempre 😂",
    lambda: X(x=f"{R.randint(0, 99999):05d}"),
    n=1,
)
N(
    "game",
    "English",
    "dice roll role-play",
    "U: i roll a d20... {x}! +{y} modifier\nP: {z} total — the goblin dodges just barely!",
    lambda: (lambda a, b: X(x=str(a), y=str(b), z=str(a + b)))(R.randint(1, 20), R.randint(1, 6)),
    n=2,
)

# everyday numbers: prices, times, years, versions, products
N(
    "companion",
    "Hinglish",
    "price comparison",
    "U: {p} ₹{x} wala plan lu ya ₹{y} wala? dono me 2GB/day hai",
    lambda: X(x=f"{R.randint(199, 999)}", y=f"{R.randint(1000, 2999):,}"),
    n=2,
)
N(
    "support",
    "English",
    "subscription price",
    "U: why did my plan go from ${x} to ${y}/month??",
    lambda: X(x=f"{R.randint(5, 15)}.99", y=f"{R.randint(16, 25)}.99"),
    n=2,
)
N(
    "companion",
    "Portuguese (Brazil)",
    "price",
    "U: achei um tênis por R$ {x},90 vale a pena?",
    lambda: X(x=ri(89, 899)),
    n=1,
)
N(
    "companion",
    "English",
    "times and train",
    "U: train leaves {x} and arrives {y}, will i make the {z} meeting?",
    lambda: X(
        x=f"{R.randint(5, 9):02d}:{R.randint(0, 59):02d}",
        y=f"{R.randint(10, 12):02d}:{R.randint(0, 59):02d}",
        z=f"{R.randint(13, 17)}:00",
    ),
    n=2,
)
N(
    "coach",
    "English",
    "workout numbers",
    "U: did {x}x{y} squats at {z}kg, and ran 5k in {w}:{v}",
    lambda: X(x=ri(3, 5), y=ri(5, 12), z=ri(40, 140), w=ri(19, 35), v=f"{R.randint(0, 59):02d}"),
    n=2,
)
N(
    "coach",
    "Spanish (Mexico)",
    "calorie counting",
    "U: hoy comí {x} kcal y quemé {y}, voy bien coach?",
    lambda: X(x=f"{R.randint(1200, 3200):,}", y=ri(200, 900)),
    n=2,
)
N(
    "coach",
    "German",
    "steps and heart rate",
    "U: heute {x} Schritte, Ruhepuls {y}, HRV {z} ms",
    lambda: X(x=f"{R.randint(3000, 25000):,}".replace(",", "."), y=ri(48, 80), z=ri(20, 110)),
    n=1,
)
N(
    "coach",
    "Hinglish",
    "diet plan numbers",
    "U: coach roz {x}g protein aur {y} litre paani, theek hai?",
    lambda: X(x=ri(60, 180), y=ri(2, 4)),
    n=1,
)
N(
    "tutor",
    "English",
    "history years",
    "U: ww2 was 1939–1945 and the cold war till 1991, right? quiz on the {x}th",
    lambda: X(x=ri(4, 28)),
    n=1,
)
N(
    "tutor",
    "Spanish (Argentina)",
    "history dates",
    "U: la revolución de mayo fue en 1810 y la independencia en 1816, no?",
    n=1,
)
N(
    "tutor",
    "English",
    "version strings",
    "U: after updating to python {x} my venv broke, pip is {y}",
    lambda: X(
        x=f"3.{R.randint(9, 13)}.{R.randint(0, 9)}", y=f"{R.randint(22, 25)}.{R.randint(0, 3)}"
    ),
    n=2,
)
N(
    "game",
    "English",
    "Minecraft version",
    "U: is optifine out for {x} yet? still on {y}",
    lambda: X(x=f"1.21.{R.randint(1, 9)}", y=f"1.20.{R.randint(1, 6)}"),
    n=1,
)
N(
    "support",
    "English",
    "Android build id",
    "U: phone on android 14, build UP1A.{x}.{y}, update stuck at {z}%",
    lambda: X(x=dg1(6), y=f"{R.randint(1, 99):03d}", z=ri(10, 99)),
    n=1,
)
N(
    "support",
    "English",
    "Windows build",
    "U: win 11 23H2 build 22631.{x}, wifi drops every {y} min",
    lambda: X(x=dg1(4), y=ri(5, 40)),
    n=1,
)
N(
    "support",
    "English",
    "product model numbers",
    "U: is the {x} compatible with a {y} charger?",
    lambda: X(
        x=pick(["Galaxy S23 (SM-S911B)", "Pixel 8a", "Redmi Note 13 Pro", "iPhone 15"]),
        y=pick(["65W", "25W", "45W PD"]),
    ),
    n=2,
)
N(
    "support",
    "Taglish",
    "product SKU",
    "U: out of stock ba yung SKU {x}? yung {y}ml",
    lambda: X(x=f"{rs(UP, 3)}-{dg1(5)}", y=pick(["500", "750", "1000"])),
    n=2,
)
N(
    "support",
    "German",
    "furniture article number",
    "U: gibt's das Regal {x} noch in weiß?",
    lambda: X(x=f"{dg1(3)}.{dg(3)}.{dg(2)}"),
    n=1,
)
N(
    "tutor",
    "English",
    "textbook ISBN",
    "U: the textbook isbn is {x}, is there a pdf version lol",
    lambda: X(
        x=(
            lambda b: (
                b
                + str(
                    (10 - sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(b)) % 10) % 10
                )
            )
        )("978" + dg1(9))
    ),
    n=1,
)
N(
    "tutor",
    "English",
    "git short hash",
    "U: commit {x} broke the build, how do i revert it",
    lambda: X(x=rs(HX, 7)),
    n=2,
)
N(
    "tutor",
    "English",
    "hex colours",
    "U: which looks better, {x} or {y} for my portfolio header?",
    lambda: X(x="#" + rs(HX, 6), y="#" + rs(HX, 6)),
    n=2,
)
N(
    "tutor",
    "English",
    "localhost and ports",
    "U: app runs on 127.0.0.1:{x} but phone cant reach 192.168.1.{y}:{x}",
    lambda: X(x=pick(["3000", "5173", "8000", "8080"]), y=ri(2, 254)),
    n=2,
)
N(
    "tutor",
    "English",
    "nil uuid",
    "U: why is my id always 00000000-0000-0000-0000-000000000000?",
    n=1,
)
N(
    "tutor",
    "English",
    "regex for phone validation",
    "U: regex ^\\+?\\d{10,13}$ doesnt match numbers with spaces, help",
    n=1,
)
N(
    "companion",
    "English",
    "recipe numbers",
    "U: bake at {x}°C for {y}-{z} min? the recipe says {w}g butter",
    lambda: X(x=ri(160, 220), y=ri(15, 30), z=ri(31, 45), w=ri(50, 250)),
    n=2,
)
N(
    "companion",
    "French",
    "weather",
    "U: il fait {x}°C à {y}h, je sors ou pas?",
    lambda: X(x=ri(-5, 38), y=ri(6, 22)),
    n=1,
)
N(
    "support",
    "English",
    "flight number public",
    "U: does {x} usually land on time? arrives {y}",
    lambda: X(
        x=pick(["EK 501", "QR 556", "AI 302", "LH 760"]),
        y=f"{R.randint(0, 23):02d}:{R.randint(0, 59):02d}",
    ),
    n=1,
)
N(
    "support",
    "Hinglish",
    "train number public",
    "U: 12951 rajdhani aaj late hai kya? {x} ghante se wait kar raha",
    lambda: X(x=ri(1, 6)),
    n=1,
)
N(
    "companion",
    "English",
    "crypto price talk",
    "U: btc at {x} today, gas {y} gwei, should i wait",
    lambda: X(x=f"${R.randint(40_000, 110_000):,}", y=ri(5, 80)),
    n=2,
)
N(
    "companion",
    "Indonesian",
    "money talk no ids",
    "U: gaji UMR {x} juta tapi kos {y} ribu sebulan, gimana ya",
    lambda: X(x=ri(2, 5), y=ri(500, 2500)),
    n=1,
)
N(
    "companion",
    "Turkish",
    "prices",
    "U: kira {x} TL oldu, maaşım yetmiyor 😩",
    lambda: X(x=f"{R.randint(8, 40)}.000"),
    n=1,
)
N(
    "companion",
    "Swahili/Sheng",
    "prices",
    "U: unga ni {x} bob sasa, maisha ni ghali",
    lambda: X(x=ri(150, 250)),
    n=1,
)
N(
    "companion",
    "Vietnamese",
    "exam time",
    "U: mai thi luc {x}h, on {y} chuong roi ma van so",
    lambda: X(x=ri(7, 14), y=ri(3, 9)),
    n=1,
)
N(
    "companion",
    "Polish",
    "bus line",
    "U: autobus {x} znowu spóźniony o {y} minut",
    lambda: X(x=ri(100, 520), y=ri(5, 30)),
    n=1,
)
N(
    "companion",
    "Dutch",
    "train delay",
    "U: de trein van {x} heeft weer {y} minuten vertraging",
    lambda: X(x=f"{R.randint(6, 22)}:{R.randint(0, 5)}{R.randint(0, 9)}", y=ri(5, 40)),
    n=1,
)
N(
    "companion",
    "Japanese",
    "price and time",
    "U: ランチ{x}円だった、{y}時に集合ね",
    lambda: X(x=f"{R.randint(800, 2500):,}", y=ri(11, 14)),
    n=1,
)
N("companion", "Thai", "price", "U: ชานม {x} บาท แพงไปไหม", lambda: X(x=ri(35, 120)), n=1)

# hotlines, safety advice, example passwords, placeholders
N(
    "companion",
    "English (US)",
    "public crisis line named as such",
    "U: rough night\nP: I'm here with you. If you're in the US you can also call or text 988, any time 💛",
    n=1,
)
N(
    "companion",
    "English (UK)",
    "public helpline",
    "P: If things feel heavy, Samaritans are on 116 123, free, day or night.",
    n=1,
)
N(
    "companion",
    "German",
    "public helpline",
    "P: Du kannst jederzeit die Telefonseelsorge anrufen: 0800 111 0 111 oder 0800 111 0 222.",
    n=1,
)
N(
    "companion",
    "Hinglish",
    "emergency number",
    "U: india me emergency number 112 hai na? ya 100?",
    n=1,
)
N(
    "companion",
    "Spanish (Mexico)",
    "emergency number",
    "U: en méxico es el 911 verdad? para emergencias",
    n=1,
)
N(
    "companion",
    "Taglish",
    "emergency number",
    "U: yung 911 ba gumagana dito sa pinas o 117 pa rin?",
    n=1,
)
N(
    "support",
    "English",
    "security advice from support persona",
    "P: Reminder: we will never ask for your password, PIN or one-time code. If someone does, it's a scam.",
    n=1,
)
N(
    "support",
    "Hinglish",
    "OTP warning",
    "P: Kabhi bhi apna OTP kisi ke saath share mat karo, chahe woh khud ko bank wala bataye.",
    n=1,
)
N(
    "companion",
    "English",
    "famous bad password discussed",
    "U: lol my teacher said password123 and qwerty are the most common passwords, is that true?",
    n=1,
)
N("companion", "English", "hunter2 meme", "U: explain the hunter2 joke i dont get it", n=1)
N(
    "tutor",
    "English",
    "xkcd passphrase example",
    "U: is 'correct horse battery staple' actually more secure than P@ssw0rd?",
    n=1,
)
N(
    "tutor",
    "English",
    "123456 statistics",
    "U: why do people still use 123456 and letmein as passwords in 2025",
    n=1,
)
N(
    "companion",
    "Spanish (Spain)",
    "not sharing password",
    "U: mi contraseña? jajaja ni loca te la digo 🤣",
    n=1,
)
N(
    "companion",
    "Russian (Latin transliteration)",
    "not sharing password",
    "U: ne, parol' ne skazhu dazhe tebe 😏",
    n=1,
)
N(
    "tutor",
    "English",
    "env template placeholders",
    "U: the tutorial says OPENAI_API_KEY=your-key-here and STRIPE_SECRET=sk_live_xxx, where do i put them",
    n=1,
)
N(
    "tutor",
    "English",
    "masked key placeholder",
    "U: my key looks like sk-...abcd in the dashboard, is that the full one?",
    n=1,
)
N(
    "tutor",
    "English",
    "bearer placeholder",
    "U: docs say Authorization: Bearer <YOUR_TOKEN> — do i keep the brackets?",
    n=1,
)
N(
    "support",
    "English",
    "template with placeholders",
    "U: write a template: 'Hi [Name], your order [ORDER_ID] ships on [DATE]. Call [PHONE] for help.'",
    n=1,
)
N(
    "tutor",
    "English",
    "format explanation",
    "U: ssn format is XXX-XX-XXXX and card is xxxx xxxx xxxx xxxx right? for my form validation",
    n=1,
)
N(
    "tutor",
    "German",
    "IBAN structure explained",
    "U: eine deutsche IBAN hat 22 Stellen: DE, 2 Prüfziffern, 8 BLZ, 10 Kontonummer — stimmt das?",
    n=1,
)
N(
    "tutor",
    "English",
    "stars masking",
    "U: the app shows password: ******** and pin: ****, how do i unhide",
    n=1,
)
N(
    "tutor",
    "Spanish (Mexico)",
    "form placeholders",
    "U: en el formulario dice 'Teléfono: (__) ____-____' y 'CURP: ____', qué pongo",
    n=1,
)
N(
    "support",
    "English",
    "public docs reference",
    "U: your faq says call support via the app, is there no phone?\nP: Right — support is in-app only, 24/7.",
    n=1,
)

# companion small talk with numbers
N(
    "companion",
    "English",
    "remember preferences, nothing identifying",
    "U: {p} remember i like my coffee with {x} sugars and oat milk ☕\nP: Noted! {x} sugars, oat milk ✨",
    lambda: X(x=ri(1, 3)),
    n=1,
)
N(
    "companion",
    "Hinglish",
    "remember a reminder time",
    "U: {p} mujhe {x} baje paani peene ki yaad dilana 💧",
    lambda: X(x=ri(3, 9)),
    n=2,
)
N(
    "companion",
    "Taglish",
    "count of days",
    "U: {x} days na lang bago bakasyon!! 🏖️",
    lambda: X(x=ri(2, 60)),
    n=1,
)
N(
    "companion",
    "Arabizi (Egyptian)",
    "small talk",
    "U: ya {p} ana ta3ban awy el naharda, nemt {x} sa3at bas",
    lambda: X(x=ri(2, 6)),
    n=1,
)
N(
    "companion",
    "Mandarin pinyin",
    "small talk",
    "U: {p} jintian {x} du, hao re a",
    lambda: X(x=ri(28, 40)),
    n=1,
)
N(
    "companion",
    "Korean",
    "small talk",
    "U: {p} 오늘 {x}시까지 야근이야 ㅠㅠ",
    lambda: X(x=ri(9, 11)),
    n=1,
)
N(
    "companion",
    "Nigerian Pidgin",
    "small talk",
    "U: {p} NEPA take light since {x}pm, e hot die",
    lambda: X(x=ri(1, 9)),
    n=1,
)
N(
    "companion",
    "Greeklish",
    "small talk",
    "U: {p} ti kaneis? egw exw exetaseis se {x} meres",
    lambda: X(x=ri(2, 20)),
    n=1,
)
N(
    "companion",
    "Italian",
    "small talk",
    "U: {p} ho fatto {x} km in bici oggi 🚴",
    lambda: X(x=ri(5, 90)),
    n=1,
)
N(
    "companion",
    "Swedish",
    "small talk",
    "U: {p} det är {x} grader ute, orkar inte",
    lambda: X(x=ri(-20, 5)),
    n=1,
)
N(
    "companion",
    "Finnish",
    "small talk",
    "U: {p} pakkasta {x} astetta, kouluun pitää silti mennä",
    lambda: X(x=ri(5, 30)),
    n=1,
)
N(
    "companion",
    "Spanglish",
    "small talk",
    "U: {p} tengo {x} tabs open y ni sé qué estoy haciendo lol",
    lambda: X(x=ri(20, 140)),
    n=1,
)
N(
    "companion",
    "Portuguese (Portugal)",
    "small talk",
    "U: {p} o autocarro {x} nunca chega a horas",
    lambda: X(x=ri(700, 799)),
    n=1,
)
N(
    "companion",
    "Urdu-English (Roman Urdu)",
    "small talk",
    "U: {p} aaj {x} roza tha, iftar {y} baje",
    lambda: X(x=ri(1, 29), y=f"{R.randint(6, 7)}:{R.randint(0, 59):02d}"),
    n=1,
)
N(
    "companion",
    "Hebrew/English",
    "small talk",
    "U: {p} shabbat shalom! dinner at {x}",
    lambda: X(x=f"{R.randint(6, 8)}:{pick(['00', '30'])}"),
    n=1,
)
N(
    "companion",
    "French (Quebec)",
    "small talk",
    "U: {p} y fait -{x} dehors, c'est fou",
    lambda: X(x=ri(10, 35)),
    n=1,
)
N(
    "companion",
    "English (Australia)",
    "small talk",
    "U: {p} it's {x} degrees in Brissy, heaps hot",
    lambda: X(x=ri(30, 42)),
    n=1,
)
N(
    "support",
    "Spanish (Argentina)",
    "generic complaint without ids",
    "U: el pedido llegó con {x} días de retraso y la caja rota, che",
    lambda: X(x=ri(2, 15)),
    n=1,
)
N(
    "support",
    "English",
    "generic complaint without ids",
    "U: app crashes every time i open the cart, tried {x} times",
    lambda: X(x=ri(3, 20)),
    n=1,
)
N(
    "support",
    "Italian",
    "opening hours",
    "P: Siamo disponibili dalle {x}:00 alle {y}:00, dal lunedì al sabato.",
    lambda: X(x=ri(8, 9), y=ri(18, 21)),
    n=1,
)
N(
    "support",
    "German",
    "tariff info",
    "P: Der Tarif kostet {x} € pro Monat und hat {y} GB Datenvolumen.",
    lambda: X(x=f"{R.randint(5, 40)},99", y=ri(5, 100)),
    n=1,
)
N("support", "Korean", "delivery time", "U: 배송 {x}일 걸린다고요?", lambda: X(x=ri(2, 9)), n=1)
N(
    "support",
    "Japanese",
    "store hours",
    "U: 営業時間は{x}時から{y}時までですか？",
    lambda: X(x=ri(9, 11), y=ri(19, 22)),
    n=1,
)
N(
    "support",
    "Turkish",
    "campaign question",
    "U: %{x} indirim kampanyası hala geçerli mi?",
    lambda: X(x=ri(10, 70)),
    n=1,
)
N(
    "support",
    "Vietnamese",
    "shipping fee",
    "U: phi ship {x}k a? dat qua",
    lambda: X(x=ri(15, 60)),
    n=1,
)
N(
    "tutor",
    "English",
    "teacher pastes anonymised class schedule",
    "U: period 1 {x}–{y}, period 2 {y}–{z}, lunch 12:30. make it a table",
    lambda: X(x="8:00", y="8:45", z="9:30"),
    n=1,
)
N(
    "tutor",
    "English",
    "teacher pastes grade boundaries",
    "U: grade boundaries: A* {x}, A {y}, B {z}, C {w} out of 240 — make a chart",
    lambda: X(x=ri(200, 220), y=ri(180, 199), z=ri(150, 179), w=ri(120, 149)),
    n=1,
)
N(
    "tutor",
    "Hinglish",
    "teacher pasting question paper",
    "U: Q{x}. ek train {y} km/h se {z} km jaati hai, time kitna? (marks: {w})",
    lambda: X(x=ri(1, 30), y=ri(40, 120), z=ri(100, 900), w=ri(2, 5)),
    n=2,
)
N(
    "tutor",
    "English",
    "physics homework numbers",
    "U: a car accelerates from {x} m/s to {y} m/s in {z} s, find a",
    lambda: X(x=ri(0, 10), y=ri(11, 40), z=ri(2, 12)),
    n=2,
)
N(
    "tutor",
    "Russian (Cyrillic)",
    "homework",
    "U: реши пожалуйста {x}x − {y} = {z}",
    lambda: X(x=ri(2, 9), y=ri(1, 50), z=ri(1, 99)),
    n=1,
)
N(
    "tutor",
    "Arabic",
    "homework",
    "U: كم يساوي {x} × {y}؟",
    lambda: X(x=ri(11, 99), y=ri(11, 99)),
    n=1,
)
N(
    "tutor",
    "Thai",
    "homework",
    "U: {x} หาร {y} ได้เท่าไหร่คะ",
    lambda: X(x=ri(100, 999), y=ri(2, 9)),
    n=1,
)
N(
    "tutor",
    "Swahili/Sheng",
    "homework",
    "U: mwalimu, {x} + {y} ni ngapi?",
    lambda: X(x=ri(100, 999), y=ri(100, 999)),
    n=1,
)
N(
    "tutor",
    "Greeklish",
    "homework",
    "U: pws lunw to {x}x + {y} = 0?",
    lambda: X(x=ri(2, 9), y=ri(1, 50)),
    n=1,
)
N(
    "tutor",
    "Dutch",
    "homework",
    "U: hoeveel is {x} procent van {y}?",
    lambda: X(x=ri(5, 60), y=ri(100, 900)),
    n=1,
)
N(
    "tutor",
    "Norwegian",
    "homework",
    "U: hva er kvadratroten av {x}?",
    lambda: X(x=str(R.randint(11, 99) ** 2)),
    n=1,
)
N(
    "tutor",
    "Portuguese (Brazil)",
    "homework",
    "U: prof, quanto é {x} elevado a {y}?",
    lambda: X(x=ri(2, 12), y=ri(2, 6)),
    n=1,
)
N(
    "tutor",
    "Taglish",
    "homework",
    "U: ma'am pano po i-solve yung {x}/{y} + {z}/{w}?",
    lambda: X(x=ri(1, 9), y=ri(2, 12), z=ri(1, 9), w=ri(2, 12)),
    n=1,
)


# ---------------------------------------------------------------- write

OUT.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in ROWS), encoding="utf-8")
print(Counter(r["category"] for r in ROWS))
print(Counter((r["category"], r["kind"]) for r in ROWS))
print(len(ROWS), "rows ->", OUT.name)
