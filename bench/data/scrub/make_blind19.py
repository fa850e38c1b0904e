# ruff: noqa: E501
"""Blind scrub corpus #19: social life and communities.

Written without looking at the scrubber: its source, tests, docs, benchmark
script and the earlier corpora were not opened while this file was written
(only the header and helper functions of ``make_blind5.py`` were read, for the
row format). The contents come only from general knowledge of what people in
friend groups, families, clubs, choirs, religious communities, volunteer
groups, gaming servers, dating apps, school-parent chats, flat shares and
travel groups paste into a chat assistant, and of the public shapes of
credentials and personal data.

Deterministic: every random value comes from one seeded ``random.Random``, so
running ``python bench/data/scrub/make_blind19.py`` again writes the same
``blind19.jsonl`` (next to this script) byte for byte. Standard library only.

One JSON object per line::

    {"text": str, "category": "secret" | "pii" | "negative", "kind": str,
     "secrets": [str, ...], "context": str}

``secrets`` holds exact substrings of ``text`` (each at least 6 characters)
that must not survive scrubbing. Negatives have kind ``"negative"`` and an
empty list: nothing in them is secret or personal (scores, prices, times,
public match IDs, room numbers, bus lines, versions, hashtags, fully masked
card endings...), and they must come out unchanged. Check digits are computed
wherever a format has one (Luhn, IBAN mod 97, national ID checksums, MRZ,
BIP39 checksum, ISBN). No published test values (test card numbers,
documented example keys, reserved example domains, fictional phone ranges)
are used anywhere. Personal names appear in text but are not listed.
"""

from __future__ import annotations

import base64
import hashlib
import json
import random
import string
import sys
from collections import Counter
from pathlib import Path

R = random.Random(19_0712_2026)
OUT = Path(__file__).with_name("blind19.jsonl")

UP = string.ascii_uppercase
LO = string.ascii_lowercase
DG = string.digits
AN = UP + LO + DG
HX = "0123456789abcdef"
B64U = AN + "-_"

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


def rs(alpha: str, n: int) -> str:
    return "".join(R.choice(alpha) for _ in range(n))


def dg(n: int) -> str:
    return rs(DG, n)


def nz() -> str:
    return R.choice("123456789")


def pat(p: str) -> str:
    """'#' -> digit, '@' -> nonzero digit, 'A' -> capital, 'x' -> lower alnum."""
    out = []
    for ch in p:
        if ch == "#":
            out.append(R.choice(DG))
        elif ch == "@":
            out.append(nz())
        elif ch == "A":
            out.append(R.choice(UP))
        elif ch == "x":
            out.append(R.choice(LO + DG))
        else:
            out.append(ch)
    return "".join(out)


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
    return luhn_digit(num[:-1]) == num[-1]


def card(kind: str | None = None) -> str:
    kind = kind or R.choice(["visa", "mc", "mc2", "amex", "visa"])
    if kind == "amex":
        body = R.choice(["34", "37"]) + dg(12)
        n = body + luhn_digit(body)
        return f"{n[:4]} {n[4:10]} {n[10:]}"
    if kind == "mc":
        body = "5" + R.choice("12345") + dg(13)
    elif kind == "mc2":
        body = str(R.randint(2221, 2720)) + dg(11)
    else:
        body = "4" + dg(14)
    n = body + luhn_digit(body)
    assert n not in {"4111111111111111", "4242424242424242", "5555555555554444"}
    return " ".join(n[i : i + 4] for i in range(0, 16, 4))


def iban(cc: str) -> str:
    if cc == "DE":
        bban = R.choice(["10010010", "20041133", "50010517", "70150000", "43060967"]) + dg(10)
    elif cc == "FR":
        bank, branch, acct = dg(5), dg(5), dg(11)
        key = 97 - ((89 * int(bank) + 15 * int(branch) + 3 * int(acct)) % 97)
        bban = f"{bank}{branch}{acct}{key:02d}"
    elif cc == "ES":
        bank, branch, acct = R.choice(["2100", "0049", "0182", "2085", "1465"]), dg(4), dg(10)
        w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]

        def dc(s: str) -> str:
            v = 11 - sum(int(a) * b for a, b in zip(s, w, strict=True)) % 11
            return "0" if v == 11 else ("1" if v == 10 else str(v))

        bban = bank + branch + dc("00" + bank + branch) + dc(acct) + acct
    elif cc == "NL":
        bban = R.choice(["INGB", "ABNA", "RABO", "SNSB", "TRIO"]) + dg(10)
    elif cc == "BE":
        b = dg(10)
        c = int(b) % 97 or 97
        bban = f"{b}{c:02d}"
    elif cc == "NO":
        while True:
            b = dg(10)
            s = sum(int(a) * w for a, w in zip(b, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2], strict=True))
            k = 11 - s % 11
            if k != 10:
                bban = b + ("0" if k == 11 else str(k))
                break
    elif cc == "GB":
        bban = R.choice(["BARC", "LOYD", "NWBK", "HBUK", "MIDL"]) + dg(6) + dg(8)
    elif cc == "PL":
        bban = dg(24)
    elif cc == "SE":
        bban = R.choice(["500", "800", "600", "300"]) + dg(17)
    elif cc == "IT":
        bban = R.choice(UP) + dg(10) + dg(12)
    elif cc == "TR":
        bban = dg(5) + "0" + dg(16)
    elif cc == "GR":
        bban = dg(7) + dg(16)
    elif cc in ("DK", "FI"):
        bban = dg(14)
    elif cc == "GE":
        bban = R.choice(["TB", "BG"]) + dg(16)
    elif cc == "IL":
        bban = dg(19)
    elif cc == "UA":
        bban = dg(6) + "0" * 5 + dg(14)
    elif cc == "PT":
        bban = dg(21)
    else:
        raise ValueError(cc)
    num = "".join(str(int(ch, 36)) for ch in bban + cc + "00")
    chk = 98 - int(num) % 97
    raw = f"{cc}{chk:02d}{bban}"
    assert int("".join(str(int(ch, 36)) for ch in raw[4:] + raw[:4])) % 97 == 1
    return raw


def spaced(s: str, k: int = 4) -> str:
    return " ".join(s[i : i + k] for i in range(0, len(s), k))


def rand_date(y0: int = 1958, y1: int = 2007) -> tuple[int, int, int]:
    return R.randint(y0, y1), R.randint(1, 12), R.randint(1, 28)


def dni() -> str:
    n = R.randint(10_000_000, 79_999_999)
    return f"{n}{'TRWAGMYFPDXBNJZSQVHLCKE'[n % 23]}"


def cpf() -> str:
    d = [R.randint(0, 9) for _ in range(9)]
    for n in (10, 11):
        s = sum(a * b for a, b in zip(d, range(n, 1, -1), strict=False))
        d.append((s * 10) % 11 % 10)
    x = "".join(map(str, d))
    return f"{x[:3]}.{x[3:6]}.{x[6:9]}-{x[9:]}"


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


def verhoeff_check(num: str) -> str:
    c = 0
    for i, ch in enumerate(reversed(num)):
        c = _VD[c][_VP[(i + 1) % 8][int(ch)]]
    return str(_VINV[c])


def aadhaar() -> str:
    b = R.choice("23456789") + dg(10)
    n = b + verhoeff_check(b)
    c = 0
    for i, ch in enumerate(reversed(n)):
        c = _VD[c][_VP[i % 8][int(ch)]]
    assert c == 0
    return spaced(n)


def pesel() -> str:
    y, m, d = rand_date(1960, 2006)
    mm = m + (20 if y >= 2000 else 0)
    b = f"{y % 100:02d}{mm:02d}{d:02d}{dg(4)}"
    w = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]
    s = sum(int(a) * b2 for a, b2 in zip(b, w, strict=True))
    return b + str((10 - s % 10) % 10)


def personnummer() -> str:
    y, m, d = rand_date(1960, 2005)
    b = f"{y % 100:02d}{m:02d}{d:02d}{dg(3)}"
    return f"{y}{m:02d}{d:02d}-{b[6:]}{luhn_digit(b)}"


def fnr() -> str:
    while True:
        y, m, d = rand_date(1960, 1999)
        b = f"{d:02d}{m:02d}{y % 100:02d}{R.randint(0, 499):03d}"
        w1 = [3, 7, 6, 1, 8, 9, 4, 5, 2]
        k1 = 11 - sum(int(a) * c for a, c in zip(b, w1, strict=True)) % 11
        k1 = 0 if k1 == 11 else k1
        if k1 == 10:
            continue
        b += str(k1)
        w2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]
        k2 = 11 - sum(int(a) * c for a, c in zip(b, w2, strict=True)) % 11
        k2 = 0 if k2 == 11 else k2
        if k2 == 10:
            continue
        return b + str(k2)


def hetu() -> str:
    y, m, d = rand_date(1960, 2006)
    z = f"{R.randint(2, 899):03d}"
    q = "0123456789ABCDEFHJKLMNPRSTUVWXY"[int(f"{d:02d}{m:02d}{y % 100:02d}{z}") % 31]
    return f"{d:02d}{m:02d}{y % 100:02d}{'A' if y >= 2000 else '-'}{z}{q}"


def bsn() -> str:
    while True:
        b = nz() + dg(7)
        s = sum(int(a) * w for a, w in zip(b, range(9, 1, -1), strict=True))
        last = s % 11
        if last < 10:
            return b + str(last)


def cn_id() -> str:
    region = R.choice(["110105", "310115", "440305", "510107", "330106", "420111", "320102"])
    y, m, d = rand_date(1965, 2004)
    b = f"{region}{y}{m:02d}{d:02d}{dg(3)}"
    w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return b + "10X98765432"[sum(int(a) * c for a, c in zip(b, w, strict=True)) % 11]


def rrn() -> str:
    y, m, d = rand_date(1965, 1999)
    b = f"{y % 100:02d}{m:02d}{d:02d}{R.choice('12')}{dg(5)}"
    w = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5]
    c = (11 - sum(int(a) * c2 for a, c2 in zip(b, w, strict=True)) % 11) % 10
    return f"{b[:6]}-{b[6:]}{c}"


def tckn() -> str:
    d = [int(nz())] + [R.randint(0, 9) for _ in range(8)]
    d10 = ((d[0] + d[2] + d[4] + d[6] + d[8]) * 7 - (d[1] + d[3] + d[5] + d[7])) % 10
    d.append(d10)
    d.append(sum(d) % 10)
    return "".join(map(str, d))


def il_id() -> str:
    b = dg(8)
    for c in range(10):
        n = b + str(c)
        t = 0
        for i, ch in enumerate(n):
            v = int(ch) * (1 if i % 2 == 0 else 2)
            t += v - 9 if v > 9 else v
        if t % 10 == 0:
            return n
    raise AssertionError


def th_id() -> str:
    b = R.choice("1358") + dg(11)
    s = sum(int(a) * w for a, w in zip(b, range(13, 1, -1), strict=True))
    n = b + str((11 - s % 11) % 10)
    return f"{n[0]}-{n[1:5]}-{n[5:10]}-{n[10:12]}-{n[12]}"


def my_number() -> str:
    b = dg(11)
    s = 0
    for n in range(1, 12):
        p = int(b[11 - n])
        q = n + 1 if n <= 6 else n - 5
        s += p * q
    r = s % 11
    c = 0 if r <= 1 else 11 - r
    n = b + str(c)
    return f"{n[:4]} {n[4:8]} {n[8:]}"


_TW = dict(zip("ABCDEFGHJKLMNPQRSTUVXYWZIO", range(10, 36), strict=True))


def tw_id() -> str:
    letter = R.choice("ABDEFHKLMNPQRSTU")
    v = _TW[letter]
    b = R.choice("12") + dg(7)
    s = v // 10 + (v % 10) * 9 + sum(int(a) * w for a, w in zip(b, range(8, 0, -1), strict=True))
    return letter + b + str((10 - s % 10) % 10)


def ssn() -> str:
    while True:
        a = R.randint(1, 899)
        if a != 666:
            break
    return f"{a:03d}-{R.randint(1, 99):02d}-{R.randint(1, 9999):04d}"


def nino() -> str:
    return R.choice(["JX", "KR", "NH", "PW", "SE", "WL", "ZA", "HT"]) + dg(6) + R.choice("ABCD")


def nir() -> str:
    y, m, _d = rand_date(1960, 2003)
    b = f"{R.choice('12')}{y % 100:02d}{m:02d}{R.choice(['75', '69', '13', '33', '59', '44'])}{dg(3)}{dg(3)}"
    key = 97 - int(b) % 97
    return f"{b[0]} {b[1:3]} {b[3:5]} {b[5:7]} {b[7:10]} {b[10:13]} {key:02d}"


_CF_ODD = [
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
_IT_M = "ABCDEHLMPRST"


def codice_fiscale() -> str:
    cons = "BCDFGLMNPRSTVZ"
    y, m, d = rand_date(1960, 2003)
    dd = d + R.choice([0, 40])
    b = rs(cons, 3) + rs(cons, 2) + R.choice("AEIO") + f"{y % 100:02d}{_IT_M[m - 1]}{dd:02d}"
    b += R.choice(["H501", "F205", "L219", "A944", "G273", "F839"])
    s = 0
    for i, ch in enumerate(b):
        v = int(ch) if ch.isdigit() else ord(ch) - 65
        s += _CF_ODD[v] if i % 2 == 0 else v
    return b + chr(65 + s % 26)


def curp() -> str:
    y, m, d = rand_date(1965, 1999)
    b = (
        R.choice("GHLMRS")
        + R.choice("AEIOU")
        + rs("ABCGHLMNPRSTVZ", 2)
        + f"{y % 100:02d}{m:02d}{d:02d}"
        + R.choice("HM")
        + R.choice(["DF", "JC", "NL", "PL", "MC", "VZ"])
        + rs("BCDFGHJLMNPRSTVZ", 3)
        + "0"
    )
    al = "0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ"
    s = sum(al.index(ch) * (18 - i) for i, ch in enumerate(b))
    return b + str((10 - s % 10) % 10)


def de_ausweis() -> str:
    al = "CFGHJKLMNPRTVWXYZ"
    b = R.choice("LMNPRTVWXY") + rs(al + DG, 8)
    w = [7, 3, 1]
    s = sum((int(ch) if ch.isdigit() else ord(ch) - 55) * w[i % 3] for i, ch in enumerate(b))
    return b + str(s % 10)


def snils() -> str:
    b = str(R.randint(100_000_000, 999_999_999))
    s = sum(int(a) * w for a, w in zip(b, range(9, 0, -1), strict=True))
    c = s if s < 100 else (0 if s in (100, 101) else s % 101 % 100)
    return f"{b[:3]}-{b[3:6]}-{b[6:]} {c:02d}"


def rnokpp() -> str:
    b = str(R.randint(2_000_000_00, 3_999_999_99))
    w = [-1, 5, 7, 9, 4, 6, 10, 5, 7]
    return b + str(sum(int(a) * c for a, c in zip(b, w, strict=True)) % 11 % 10)


def amka() -> str:
    y, m, d = rand_date(1960, 2004)
    b = f"{d:02d}{m:02d}{y % 100:02d}{dg(4)}"
    return b + luhn_digit(b)


def cpr() -> str:
    y, m, d = rand_date(1960, 2004)
    return f"{d:02d}{m:02d}{y % 100:02d}-{dg(4)}"


def eg_nid() -> str:
    y, m, d = rand_date(1965, 2004)
    return f"{'2' if y < 2000 else '3'}{y % 100:02d}{m:02d}{d:02d}{R.choice(['01', '02', '21', '88'])}{dg(5)}"


def mrz_cd(s: str) -> str:
    w = [7, 3, 1]
    t = 0
    for i, ch in enumerate(s):
        v = 0 if ch == "<" else (int(ch) if ch.isdigit() else ord(ch) - 55)
        t += v * w[i % 3]
    return str(t % 10)


def mrz(nat: str, surname: str, given: str, pno: str, y: int, m: int, d: int, sex: str) -> str:
    l1 = f"P<{nat}{surname}<<{given}".ljust(44, "<")[:44]
    pn = pno.ljust(9, "<")[:9]
    dob = f"{y % 100:02d}{m:02d}{d:02d}"
    exp = f"{R.randint(27, 34)}{R.randint(1, 12):02d}{R.randint(1, 28):02d}"
    opt = "<" * 14
    l2 = pn + mrz_cd(pn) + nat + dob + mrz_cd(dob) + sex + exp + mrz_cd(exp) + opt + mrz_cd(opt)
    comp = pn + mrz_cd(pn) + dob + mrz_cd(dob) + exp + mrz_cd(exp) + opt + mrz_cd(opt)
    l2 += mrz_cd(comp)
    assert len(l2) == 44, l2
    return l1 + "\n" + l2


def isbn13() -> str:
    b = "978" + R.choice(["3", "2", "84", "88", "4", "7", "1"]) + ""
    b += dg(12 - len(b))
    s = sum(int(ch) * (1 if i % 2 == 0 else 3) for i, ch in enumerate(b))
    n = b + str((10 - s % 10) % 10)
    return f"{n[:3]}-{n[3]}-{n[4:8]}-{n[8:12]}-{n[12]}"


BIP39 = """
abandon ability able about above absent absorb abstract absurd abuse access accident
account accuse achieve acid acoustic acquire across act action actor actress actual adapt
add addict address adjust admit adult advance advice aerobic affair afford afraid again
age agent agree ahead aim air airport aisle alarm album alcohol alert alien all alley
allow almost alone alpha already also alter always amateur amazing among amount amused
analyst anchor ancient anger angle angry animal ankle announce annual another answer
antenna antique anxiety any apart apology appear apple approve april arch arctic area
arena argue arm armed armor army around arrange arrest arrive arrow art artefact artist
artwork ask aspect assault asset assist assume asthma athlete atom attack attend attitude
attract auction audit august aunt author auto autumn average avocado avoid awake aware
away awesome awful awkward axis baby bachelor bacon badge bag balance balcony ball bamboo
banana banner bar barely bargain barrel base basic basket battle beach bean beauty because
become beef before begin behave behind believe below belt bench benefit best betray better
between beyond bicycle bid bike bind biology bird birth bitter black blade blame blanket
blast bleak bless blind blood blossom blouse blue blur blush board boat body boil bomb
bone bonus book boost border boring borrow boss bottom bounce box boy bracket brain brand
brass brave bread breeze brick bridge brief bright bring brisk broccoli broken bronze
broom brother brown brush bubble buddy budget buffalo build bulb bulk bullet bundle bunker
burden burger burst bus business busy butter buyer buzz cabbage cabin cable cactus cage
cake call calm camera camp can canal cancel candy cannon canoe canvas canyon capable
capital captain car carbon card cargo carpet carry cart case cash casino castle casual cat
catalog catch category cattle caught cause caution cave ceiling celery cement census
century cereal certain chair chalk champion change chaos chapter charge chase chat cheap
check cheese chef cherry chest chicken chief child chimney choice choose chronic chuckle
chunk churn cigar cinnamon circle citizen city civil claim clap clarify claw clay clean
clerk clever click client cliff climb clinic clip clock clog close cloth cloud clown club
clump cluster clutch coach coast coconut code coffee coil coin collect color column
combine come comfort comic common company concert conduct confirm congress connect
consider control convince cook cool copper copy coral core corn correct cost cotton couch
country couple course cousin cover coyote crack cradle craft cram crane crash crater crawl
crazy cream credit creek crew cricket crime crisp critic crop cross crouch crowd crucial
cruel cruise crumble crunch crush cry crystal cube culture cup cupboard curious current
curtain curve cushion custom cute cycle dad damage damp dance danger daring dash daughter
dawn day deal debate debris decade december decide decline decorate decrease deer defense
define defy degree delay deliver demand demise denial dentist deny depart depend deposit
depth deputy derive describe desert design desk despair destroy detail detect develop
device devote diagram dial diamond diary dice diesel diet differ digital dignity dilemma
dinner dinosaur direct dirt disagree discover disease dish dismiss disorder display
distance divert divide divorce dizzy doctor document dog doll dolphin domain donate donkey
donor door dose double dove draft dragon drama drastic draw dream dress drift drill drink
drip drive drop drum dry duck dumb dune during dust dutch duty dwarf dynamic eager eagle
early earn earth easily east easy echo ecology economy edge edit educate effort egg eight
either elbow elder electric elegant element elephant elevator elite else embark embody
embrace emerge emotion employ empower empty enable enact end endless endorse enemy energy
enforce engage engine enhance enjoy enlist enough enrich enroll ensure enter entire entry
envelope episode equal equip era erase erode erosion error erupt escape essay essence
estate eternal ethics evidence evil evoke evolve exact example excess exchange excite
exclude excuse execute exercise exhaust exhibit exile exist exit exotic expand expect
expire explain expose express extend extra eye eyebrow fabric face faculty fade faint
faith fall false fame family famous fan fancy fantasy farm fashion fat fatal father
fatigue fault favorite feature february federal fee feed feel female fence festival fetch
fever few fiber fiction field figure file film filter final find fine finger finish fire
firm first fiscal fish fit fitness fix flag flame flash flat flavor flee flight flip float
flock floor flower fluid flush fly foam focus fog foil fold follow food foot force forest
forget fork fortune forum forward fossil foster found fox fragile frame frequent fresh
friend fringe frog front frost frown frozen fruit fuel fun funny furnace fury future
gadget gain galaxy gallery game gap garage garbage garden garlic garment gas gasp gate
gather gauge gaze general genius genre gentle genuine gesture ghost giant gift giggle
ginger giraffe girl give glad glance glare glass glide glimpse globe gloom glory glove
glow glue goat goddess gold good goose gorilla gospel gossip govern gown grab grace grain
grant grape grass gravity great green grid grief grit grocery group grow grunt guard guess
guide guilt guitar gun gym habit hair half hammer hamster hand happy harbor hard harsh
harvest hat have hawk hazard head health heart heavy hedgehog height hello helmet help hen
hero hidden high hill hint hip hire history hobby hockey hold hole holiday hollow home
honey hood hope horn horror horse hospital host hotel hour hover hub huge human humble
humor hundred hungry hunt hurdle hurry hurt husband hybrid ice icon idea identify idle
ignore ill illegal illness image imitate immense immune impact impose improve impulse inch
include income increase index indicate indoor industry infant inflict inform inhale
inherit initial inject injury inmate inner innocent input inquiry insane insect inside
inspire install intact interest into invest invite involve iron island isolate issue item
ivory jacket jaguar jar jazz jealous jeans jelly jewel job join joke journey joy judge
juice jump jungle junior junk just kangaroo keen keep ketchup key kick kid kidney kind
kingdom kiss kit kitchen kite kitten kiwi knee knife knock know lab label labor ladder
lady lake lamp language laptop large later latin laugh laundry lava law lawn lawsuit layer
lazy leader leaf learn leave lecture left leg legal legend leisure lemon lend length lens
leopard lesson letter level liar liberty library license life lift light like limb limit
link lion liquid list little live lizard load loan lobster local lock logic lonely long
loop lottery loud lounge love loyal lucky luggage lumber lunar lunch luxury lyrics machine
mad magic magnet maid mail main major make mammal man manage mandate mango mansion manual
maple marble march margin marine market marriage mask mass master match material math
matrix matter maximum maze meadow mean measure meat mechanic medal media melody melt
member memory mention menu mercy merge merit merry mesh message metal method middle
midnight milk million mimic mind minimum minor minute miracle mirror misery miss mistake
mix mixed mixture mobile model modify mom moment monitor monkey monster month moon moral
more morning mosquito mother motion motor mountain mouse move movie much muffin mule
multiply muscle museum mushroom music must mutual myself mystery myth naive name napkin
narrow nasty nation nature near neck need negative neglect neither nephew nerve nest net
network neutral never news next nice night noble noise nominee noodle normal north nose
notable note nothing notice novel now nuclear number nurse nut oak obey object oblige
obscure observe obtain obvious occur ocean october odor off offer office often oil okay
old olive olympic omit once one onion online only open opera opinion oppose option orange
orbit orchard order ordinary organ orient original orphan ostrich other outdoor outer
output outside oval oven over own owner oxygen oyster ozone pact paddle page pair palace
palm panda panel panic panther paper parade parent park parrot party pass patch path
patient patrol pattern pause pave payment peace peanut pear peasant pelican pen penalty
pencil people pepper perfect permit person pet phone photo phrase physical piano picnic
picture piece pig pigeon pill pilot pink pioneer pipe pistol pitch pizza place planet
plastic plate play please pledge pluck plug plunge poem poet point polar pole police pond
pony pool popular portion position possible post potato pottery poverty powder power
practice praise predict prefer prepare present pretty prevent price pride primary print
priority prison private prize problem process produce profit program project promote proof
property prosper protect proud provide public pudding pull pulp pulse pumpkin punch pupil
puppy purchase purity purpose purse push put puzzle pyramid quality quantum quarter
question quick quit quiz quote rabbit raccoon race rack radar radio rail rain raise rally
ramp ranch random range rapid rare rate rather raven raw razor ready real reason rebel
rebuild recall receive recipe record recycle reduce reflect reform refuse region regret
regular reject relax release relief rely remain remember remind remove render renew rent
reopen repair repeat replace report require rescue resemble resist resource response
result retire retreat return reunion reveal review reward rhythm rib ribbon rice rich ride
ridge rifle right rigid ring riot ripple risk ritual rival river road roast robot robust
rocket romance roof rookie room rose rotate rough round route royal rubber rude rug rule
run runway rural sad saddle sadness safe sail salad salmon salon salt salute same sample
sand satisfy satoshi sauce sausage save say scale scan scare scatter scene scheme school
science scissors scorpion scout scrap screen script scrub sea search season seat second
secret section security seed seek segment select sell seminar senior sense sentence series
service session settle setup seven shadow shaft shallow share shed shell sheriff shield
shift shine ship shiver shock shoe shoot shop short shoulder shove shrimp shrug shuffle
shy sibling sick side siege sight sign silent silk silly silver similar simple since sing
siren sister situate six size skate sketch ski skill skin skirt skull slab slam sleep
slender slice slide slight slim slogan slot slow slush small smart smile smoke smooth
snack snake snap sniff snow soap soccer social sock soda soft solar soldier solid solution
solve someone song soon sorry sort soul sound soup source south space spare spatial spawn
speak special speed spell spend sphere spice spider spike spin spirit split spoil sponsor
spoon sport spot spray spread spring spy square squeeze squirrel stable stadium staff
stage stairs stamp stand start state stay steak steel stem step stereo stick still sting
stock stomach stone stool story stove strategy street strike strong struggle student stuff
stumble style subject submit subway success such sudden suffer sugar suggest suit summer
sun sunny sunset super supply supreme sure surface surge surprise surround survey suspect
sustain swallow swamp swap swarm swear sweet swift swim swing switch sword symbol symptom
syrup system table tackle tag tail talent talk tank tape target task taste tattoo taxi
teach team tell ten tenant tennis tent term test text thank that theme then theory there
they thing this thought three thrive throw thumb thunder ticket tide tiger tilt timber
time tiny tip tired tissue title toast tobacco today toddler toe together toilet token
tomato tomorrow tone tongue tonight tool tooth top topic topple torch tornado tortoise
toss total tourist toward tower town toy track trade traffic tragic train transfer trap
trash travel tray treat tree trend trial tribe trick trigger trim trip trophy trouble
truck true truly trumpet trust truth try tube tuition tumble tuna tunnel turkey turn
turtle twelve twenty twice twin twist two type typical ugly umbrella unable unaware uncle
uncover under undo unfair unfold unhappy uniform unique unit universe unknown unlock until
unusual unveil update upgrade uphold upon upper upset urban urge usage use used useful
useless usual utility vacant vacuum vague valid valley valve van vanish vapor various vast
vault vehicle velvet vendor venture venue verb verify version very vessel veteran viable
vibrant vicious victory video view village vintage violin virtual virus visa visit visual
vital vivid vocal voice void volcano volume vote voyage wage wagon wait walk wall walnut
want warfare warm warrior wash wasp waste water wave way wealth weapon wear weasel weather
web wedding weekend weird welcome west wet whale what wheat wheel when where whip whisper
wide width wife wild will win window wine wing wink winner winter wire wisdom wise wish
witness wolf woman wonder wood wool word work world worry worth wrap wreck wrestle wrist
write wrong yard year yellow you young youth zebra zero zone zoo
""".split()  # noqa: SIM905


def seed_phrase(n: int = 12) -> list[str]:
    cs = n * 11 // 33
    ent_bits = n * 11 - cs
    ent = R.getrandbits(ent_bits).to_bytes(ent_bits // 8, "big")
    h = hashlib.sha256(ent).digest()
    bits = (int.from_bytes(ent, "big") << cs) | (h[0] >> (8 - cs))
    return [BIP39[(bits >> (11 * (n - 1 - i))) & 2047] for i in range(n)]


# ---------------------------------------------------------------- languages

US_NPA = [
    "212",
    "312",
    "415",
    "617",
    "713",
    "206",
    "305",
    "404",
    "512",
    "646",
    "718",
    "773",
    "303",
    "503",
    "702",
    "614",
    "919",
]


def us_phone() -> str:
    ex = R.choice([x for x in range(201, 990) if x != 555])
    return R.choice(["({a}) {e}-{n}", "{a}-{e}-{n}", "+1 {a} {e} {n}", "{a}.{e}.{n}"]).format(
        a=R.choice(US_NPA), e=ex, n=dg(4)
    )


PHONES: dict[str, list[str]] = {
    "en_gb": ["07@## ######", "+44 7@## ######", "07@##@######"],
    "es": ["6@# ## ## ##", "+34 6@# ### ###", "7@#######"],
    "es_mx": ["55 @### ####", "+52 1 33 @### ####", "81-@###-####"],
    "pt_br": ["(11) 9@###-####", "+55 21 9@###-####", "(31) 9 @###-####", "+5511 9@#######"],
    "fr": ["06 @# ## ## ##", "07 @# ## ## ##", "+33 6 @# ## ## ##", "06@#######"],
    "de": ["0151 @#######", "+49 17@ @######", "0160 @### ####", "+49 (0)152 @#######"],
    "it": ["3@# ### ####", "+39 34@ ### ####", "33@ #######"],
    "nl": ["06-@#######", "+31 6 @#######", "06 @# ## ## ##"],
    "pl": ["5@# ### ###", "+48 6@# ### ###", "7@#-###-###"],
    "sv": ["070-@## ## ##", "073 @## ## ##", "+46 72 @## ## ##"],
    "no": ["4@# ## ###", "9@# ## ###", "+47 4@# ## ###"],
    "da": ["2@ ## ## ##", "+45 3@ ## ## ##", "5@######"],
    "fi": ["040 @## ####", "050 @######", "+358 44 @## ####"],
    "tr": ["05@# ### ## ##", "+90 53@ ### ## ##", "0 5@# ### ####"],
    "ru": ["+7 9@# ###-##-##", "8 (9@#) ###-##-##", "89@#########"],
    "uk": ["+380 67 @## ## ##", "050 @## ## ##", "+380 93 @######"],
    "el": ["69@ ### ####", "+30 69@ #######", "69@#######"],
    "ar": ["010 @### ####", "+20 11 @### ####", "012@#######", "+966 5@ ### ####"],
    "he": ["05@-###-####", "+972 5@-###-####", "05@#######"],
    "hi": ["+91 9@### #####", "98@## #####", "+91-7@########"],
    "bn": ["01@##-######", "+880 17@#-######", "018########"],
    "pa": ["+91 98@## #####", "+1 (647) @##-####", "+91 8@########"],
    "ta": ["+91 9@### #####", "94@## #####", "+94 77 @## ####"],
    "ml": ["+91 94@## #####", "+971 50 @## ####", "+91 8@## ### ###"],
    "th": ["08@-###-####", "09@ ### ####", "+66 8@ ### ####", "06@-###-####"],
    "lo": ["+856 20 @### ####", "020 5@## ####", "020 9@######"],
    "km": ["+855 1@ ### ###", "012 @## ###", "097 @## ####"],
    "ko": ["010-@###-####", "+82 10-@###-####", "010 @### ####"],
    "ja": ["090-@###-####", "080-@###-####", "+81 70-@###-####", "080@#######"],
    "zh": ["13@ #### ####", "+86 18@ #### ####", "15@########"],
    "zh_tw": ["09@#-###-###", "+886 9@# ### ###", "09@########"],
    "ka": ["+995 5@# ## ## ##", "59@ ## ## ##", "5@# ### ###"],
    "hy": ["+374 9@ ######", "09@ ## ## ##", "+374 77 ######"],
    "am": ["+251 91 @## ####", "09@ ### ####", "+251 9@ #######"],
    "vi": ["09@ ### ####", "+84 9@ ### ####", "03@ ### ####"],
    "id": ["08@#-####-####", "+62 81@ #### ####", "08@#########"],
    "tl": ["09@# ### ####", "+63 9@# ### ####", "09@#-###-####"],
    "sw": ["07@# ### ###", "+254 7@# ######", "+255 7@# ### ###"],
}

LANGS: dict[str, dict] = {}


def lang(code, name, names, lat, mail, lbl, iban_cc=None):
    keys = ["name", "phone", "email", "dob", "addr", "pw", "wifi", "code", "pass", "id"]
    LANGS[code] = {
        "name": name,
        "names": names.split(","),
        "lat": lat.split(","),
        "mail": mail.split(","),
        "lbl": dict(zip(keys, lbl.split(","), strict=True)),
        "iban": iban_cc,
    }


lang(
    "en",
    "English (US)",
    "Jake,Priya,Marcus,Hannah,Tyler,Olivia,DeShawn,Megan",
    "jake,priya,marcus,hannah,tyler,liv,deshawn,meg",
    "gmail.com,yahoo.com,outlook.com,icloud.com,hotmail.com,aol.com",
    "Name,Phone,Email,DOB,Address,Password,WiFi,Code,Passport #,SSN",
)
lang(
    "en_gb",
    "English (UK)",
    "Callum,Niamh,Oliver,Aisha,Rhys,Sophie,Gareth,Imogen",
    "callum,niamh,ollie,aisha,rhys,soph,gaz,immy",
    "gmail.com,btinternet.com,hotmail.co.uk,outlook.com,yahoo.co.uk,sky.com",
    "Name,Mobile,Email,Date of birth,Address,Password,Wi-Fi,Code,Passport no.,NI number",
    "GB",
)
lang(
    "es",
    "Spanish (Spain)",
    "Lucía,Javier,Carmen,Álvaro,Nerea,Sergio,Iker,Rocío",
    "lucia,javi,carmen,alvaro,nerea,sergio,iker,rocio",
    "gmail.com,hotmail.es,yahoo.es,outlook.es,telefonica.net",
    "Nombre,Móvil,Correo,Fecha de nacimiento,Dirección,Contraseña,WiFi,Código,Pasaporte,DNI",
    "ES",
)
lang(
    "es_mx",
    "Spanish (Mexico)",
    "Ximena,Diego,Guadalupe,Emiliano,Fernanda,Iván",
    "ximena,diego,lupita,emiliano,fer,ivan",
    "gmail.com,hotmail.com,outlook.com,yahoo.com.mx,prodigy.net.mx",
    "Nombre,Cel,Correo,Fecha de nac.,Domicilio,Contraseña,Wifi,Código,Pasaporte,CURP",
)
lang(
    "pt_br",
    "Portuguese (Brazil)",
    "João,Larissa,Thiago,Camila,Rafael,Beatriz,Gustavo,Jéssica",
    "joao,larissa,thiago,camila,rafa,bia,gustavo,jessica",
    "gmail.com,hotmail.com,yahoo.com.br,uol.com.br,bol.com.br,outlook.com",
    "Nome,Celular,E-mail,Data de nascimento,Endereço,Senha,Wi-Fi,Código,Passaporte,CPF",
)
lang(
    "fr",
    "French",
    "Camille,Théo,Léa,Mathieu,Inès,Baptiste,Yasmine,Quentin",
    "camille,theo,lea,mathieu,ines,baptiste,yasmine,quentin",
    "gmail.com,orange.fr,free.fr,laposte.net,hotmail.fr,sfr.fr",
    "Nom,Portable,Mail,Date de naissance,Adresse,Mot de passe,Wifi,Code,N° passeport,N° sécu",
    "FR",
)
lang(
    "de",
    "German",
    "Jonas,Lena,Mehmet,Katrin,Felix,Sabine,Uwe,Jana",
    "jonas,lena,mehmet,katrin,felix,sabine,uwe,jana",
    "gmx.de,web.de,gmail.com,t-online.de,posteo.de,outlook.de",
    "Name,Handy,E-Mail,Geburtsdatum,Adresse,Passwort,WLAN,Code,Reisepass-Nr.,Ausweisnummer",
    "DE",
)
lang(
    "it",
    "Italian",
    "Giulia,Matteo,Chiara,Lorenzo,Francesca,Davide,Alessio,Sara",
    "giulia,matteo,chiara,lorenzo,fra,davide,alessio,sara",
    "gmail.com,libero.it,alice.it,hotmail.it,virgilio.it,tiscali.it",
    "Nome,Cellulare,Email,Data di nascita,Indirizzo,Password,Wi-Fi,Codice,Passaporto,Codice fiscale",
    "IT",
)
lang(
    "nl",
    "Dutch",
    "Sanne,Daan,Fleur,Bram,Noor,Thijs,Femke,Jeroen",
    "sanne,daan,fleur,bram,noor,thijs,femke,jeroen",
    "gmail.com,ziggo.nl,kpnmail.nl,hotmail.nl,outlook.com,xs4all.nl",
    "Naam,Mobiel,E-mail,Geboortedatum,Adres,Wachtwoord,wifi,Code,Paspoortnr.,BSN",
    "NL",
)
lang(
    "pl",
    "Polish",
    "Kasia,Bartek,Zosia,Michał,Agnieszka,Kuba,Wojtek,Ola",
    "kasia,bartek,zosia,michal,aga,kuba,wojtek,ola",
    "wp.pl,onet.pl,gmail.com,interia.pl,o2.pl",
    "Imię i nazwisko,Telefon,E-mail,Data urodzenia,Adres,Hasło,Wi-Fi,Kod,Nr paszportu,PESEL",
    "PL",
)
lang(
    "sv",
    "Swedish",
    "Elin,Oskar,Maja,Linnea,Hugo,Albin,Ebba,Viktor",
    "elin,oskar,maja,linnea,hugo,albin,ebba,viktor",
    "gmail.com,hotmail.se,telia.com,outlook.com,bredband.net",
    "Namn,Mobil,Mejl,Födelsedatum,Adress,Lösenord,Wifi,Kod,Passnummer,Personnummer",
    "SE",
)
lang(
    "no",
    "Norwegian",
    "Ingrid,Sindre,Nora,Magnus,Solveig,Eirik,Ida,Håkon",
    "ingrid,sindre,nora,magnus,solveig,eirik,ida,haakon",
    "gmail.com,hotmail.no,online.no,outlook.com,icloud.com",
    "Navn,Mobil,E-post,Fødselsdato,Adresse,Passord,Wifi,Kode,Passnummer,Fødselsnummer",
    "NO",
)
lang(
    "da",
    "Danish",
    "Mette,Rasmus,Freja,Mads,Sofie,Anders,Line,Jesper",
    "mette,rasmus,freja,mads,sofie,anders,line,jesper",
    "gmail.com,hotmail.dk,outlook.dk,mail.dk,yahoo.dk",
    "Navn,Mobil,Mail,Fødselsdato,Adresse,Adgangskode,Wifi,Kode,Pasnummer,CPR-nr.",
    "DK",
)
lang(
    "fi",
    "Finnish",
    "Aino,Juho,Veera,Eetu,Riikka,Onni,Sanna,Teemu",
    "aino,juho,veera,eetu,riikka,onni,sanna,teemu",
    "gmail.com,hotmail.fi,luukku.com,outlook.com,elisanet.fi",
    "Nimi,Puhelin,Sähköposti,Syntymäaika,Osoite,Salasana,Wifi,Koodi,Passin numero,Henkilötunnus",
    "FI",
)
lang(
    "tr",
    "Turkish",
    "Elif,Emre,Zeynep,Burak,Ayşe,Can,Gökhan,Merve",
    "elif,emre,zeynep,burak,ayse,can,gokhan,merve",
    "gmail.com,hotmail.com,yandex.com.tr,outlook.com,yahoo.com",
    "Ad Soyad,Telefon,E-posta,Doğum tarihi,Adres,Şifre,Wi-Fi,Kod,Pasaport No,TC Kimlik No",
    "TR",
)
lang(
    "ru",
    "Russian",
    "Аня,Дима,Катя,Серёжа,Оля,Миша,Лёша,Настя",
    "anya,dima,katya,sergey,olya,misha,lesha,nastya",
    "mail.ru,yandex.ru,gmail.com,bk.ru,inbox.ru,list.ru",
    "ФИО,Телефон,Почта,Дата рождения,Адрес,Пароль,Wi-Fi,Код,Загранпаспорт,СНИЛС",
)
lang(
    "uk",
    "Ukrainian",
    "Оксана,Тарас,Ірина,Богдан,Соломія,Андрій,Галина,Назар",
    "oksana,taras,iryna,bohdan,solomiia,andrii,halyna,nazar",
    "ukr.net,gmail.com,i.ua,meta.ua",
    "ПІБ,Телефон,Пошта,Дата народження,Адреса,Пароль,Wi-Fi,Код,Закордонний паспорт,РНОКПП",
    "UA",
)
lang(
    "el",
    "Greek",
    "Γιώργος,Μαρία,Νίκος,Ελένη,Κώστας,Δήμητρα,Σοφία,Θανάσης",
    "giorgos,maria,nikos,eleni,kostas,dimitra,sofia,thanasis",
    "gmail.com,yahoo.gr,hotmail.com,otenet.gr",
    "Ονοματεπώνυμο,Κινητό,Email,Ημ. γέννησης,Διεύθυνση,Κωδικός,WiFi,Κωδικός πόρτας,Αρ. διαβατηρίου,ΑΜΚΑ",
    "GR",
)
lang(
    "ar",
    "Arabic (Egypt/Gulf)",
    "أحمد,مريم,يوسف,نور,خالد,سلمى,عمر,هبة",
    "ahmed,mariam,youssef,nour,khaled,salma,omar,heba",
    "gmail.com,yahoo.com,hotmail.com,outlook.com",
    "الاسم,الموبايل,الإيميل,تاريخ الميلاد,العنوان,كلمة السر,الواي فاي,الكود,رقم الجواز,الرقم القومي",
)
lang(
    "he",
    "Hebrew",
    "נועה,איתי,מאיה,יונתן,שירה,עומר,תמר,אביב",
    "noa,itay,maya,yonatan,shira,omer,tamar,aviv",
    "gmail.com,walla.co.il,hotmail.com,012.net.il",
    "שם,נייד,מייל,תאריך לידה,כתובת,סיסמה,וייפיי,קוד,מספר דרכון,ת.ז.",
    "IL",
)
lang(
    "hi",
    "Hindi",
    "राहुल,प्रिया,अमित,नेहा,विकास,पूजा,सुनीता,अर्जुन",
    "rahul,priya,amit,neha,vikas,pooja,sunita,arjun",
    "gmail.com,yahoo.co.in,rediffmail.com,outlook.com",
    "नाम,मोबाइल,ईमेल,जन्म तिथि,पता,पासवर्ड,वाईफाई,कोड,पासपोर्ट नंबर,आधार",
)
lang(
    "bn",
    "Bengali",
    "রাকিব,তানিয়া,সাকিব,নুসরাত,আরিফ,মিম,ফাহিম,সুমাইয়া",
    "rakib,tania,sakib,nusrat,arif,mim,fahim,sumaiya",
    "gmail.com,yahoo.com,hotmail.com",
    "নাম,মোবাইল,ইমেইল,জন্ম তারিখ,ঠিকানা,পাসওয়ার্ড,ওয়াইফাই,কোড,পাসপোর্ট নম্বর,এনআইডি",
)
lang(
    "pa",
    "Punjabi (Gurmukhi)",
    "ਹਰਪ੍ਰੀਤ,ਗੁਰਵਿੰਦਰ,ਜਸਲੀਨ,ਮਨਦੀਪ,ਸਿਮਰਨ,ਅਮਨਦੀਪ",
    "harpreet,gurvinder,jasleen,mandeep,simran,aman",
    "gmail.com,yahoo.ca,hotmail.com",
    "ਨਾਮ,ਫ਼ੋਨ,ਈਮੇਲ,ਜਨਮ ਮਿਤੀ,ਪਤਾ,ਪਾਸਵਰਡ,ਵਾਈਫਾਈ,ਕੋਡ,ਪਾਸਪੋਰਟ ਨੰਬਰ,ਆਧਾਰ",
)
lang(
    "ta",
    "Tamil",
    "கார்த்திக்,பிரியா,அருண்,மீனா,செந்தில்,கவிதா",
    "karthik,priya,arun,meena,senthil,kavitha",
    "gmail.com,yahoo.co.in,outlook.com",
    "பெயர்,கைபேசி,மின்னஞ்சல்,பிறந்த தேதி,முகவரி,கடவுச்சொல்,வைஃபை,குறியீடு,கடவுச்சீட்டு எண்,ஆதார்",
)
lang(
    "ml",
    "Malayalam",
    "അനു,ജിതിൻ,ശ്രുതി,അഖിൽ,നിമിഷ,വിഷ്ണു",
    "anu,jithin,sruthi,akhil,nimisha,vishnu",
    "gmail.com,yahoo.com,rediffmail.com",
    "പേര്,മൊബൈൽ,ഇമെയിൽ,ജനനത്തീയതി,വിലാസം,പാസ്‌വേഡ്,വൈഫൈ,കോഡ്,പാസ്‌പോർട്ട് നമ്പർ,ആധാർ",
)
lang(
    "th",
    "Thai",
    "สมชาย,นภัส,ธนพล,พิมพ์ชนก,กิตติ,อรอุมา",
    "somchai,napat,thanapon,pimchanok,kitti,onuma",
    "gmail.com,hotmail.com,yahoo.co.th",
    "ชื่อ,เบอร์โทร,อีเมล,วันเกิด,ที่อยู่,รหัสผ่าน,ไวไฟ,รหัส,เลขพาสปอร์ต,เลขบัตรประชาชน",
)
lang(
    "lo",
    "Lao",
    "ສົມພອນ,ນ້ອຍ,ບຸນມີ,ແກ້ວ,ພອນສະຫວັນ,ດາວວອນ",
    "somphone,noy,bounmy,keo,phonesavanh,daovone",
    "gmail.com,yahoo.com,hotmail.com",
    "ຊື່,ເບີໂທ,ອີເມວ,ວັນເດືອນປີເກີດ,ທີ່ຢູ່,ລະຫັດຜ່ານ,ໄວໄຟ,ລະຫັດ,ເລກໜັງສືຜ່ານແດນ,ເລກບັດປະຈຳຕົວ",
)
lang(
    "km",
    "Khmer",
    "សុខា,ដារ៉ា,ស្រីនិច,វិចិត្រ,ចាន់ថា,បូរ៉ា",
    "sokha,dara,sreynich,vichet,chantha,bora",
    "gmail.com,yahoo.com",
    "ឈ្មោះ,លេខទូរស័ព្ទ,អ៊ីមែល,ថ្ងៃខែឆ្នាំកំណើត,អាសយដ្ឋាន,ពាក្យសម្ងាត់,វ៉ាយហ្វាយ,លេខកូដ,លេខលិខិតឆ្លងដែន,លេខអត្តសញ្ញាណប័ណ្ណ",
)
lang(
    "ko",
    "Korean",
    "민준,서연,지훈,하은,도윤,수빈",
    "minjun,seoyeon,jihoon,haeun,doyoon,subin",
    "naver.com,gmail.com,daum.net,kakao.com,hanmail.net",
    "이름,연락처,이메일,생년월일,주소,비밀번호,와이파이,비번,여권번호,주민등록번호",
)
lang(
    "ja",
    "Japanese",
    "陽翔,結衣,大輝,さくら,蓮,美咲",
    "haruto,yui,daiki,sakura,ren,misaki",
    "gmail.com,yahoo.co.jp,docomo.ne.jp,ezweb.ne.jp,icloud.com",
    "氏名,電話番号,メール,生年月日,住所,パスワード,Wi-Fi,暗証番号,旅券番号,マイナンバー",
)
lang(
    "zh",
    "Chinese (simplified)",
    "王磊,李娜,张伟,刘洋,陈静,杨帆",
    "wanglei,lina,zhangwei,liuyang,chenjing,yangfan",
    "qq.com,163.com,126.com,gmail.com,sina.com",
    "姓名,手机,邮箱,出生日期,地址,密码,WiFi,门锁密码,护照号,身份证号",
)
lang(
    "zh_tw",
    "Chinese (traditional, Taiwan)",
    "陳怡君,林冠宇,黃詩涵,張家豪,李佩珊,吳承翰",
    "yichun,kuanyu,shihhan,chiahao,peishan,chenghan",
    "gmail.com,yahoo.com.tw,hotmail.com,msa.hinet.net",
    "姓名,手機,信箱,生日,地址,密碼,Wi-Fi,門禁密碼,護照號碼,身分證字號",
)
lang(
    "ka",
    "Georgian",
    "ნინო,გიორგი,მარიამ,ლევანი,ანა,დავითი",
    "nino,giorgi,mariam,levani,ana,davit",
    "gmail.com,yahoo.com,mail.ru",
    "სახელი,ტელეფონი,ელფოსტა,დაბადების თარიღი,მისამართი,პაროლი,WiFi,კოდი,პასპორტის ნომერი,პირადი ნომერი",
    "GE",
)
lang(
    "hy",
    "Armenian",
    "Անի,Արամ,Նարեկ,Լիլիթ,Տիգրան,Մարիամ",
    "ani,aram,narek,lilit,tigran,mariam",
    "gmail.com,mail.ru,yandex.ru",
    "Անուն,Հեռախոս,Էլ. փոստ,Ծննդյան ամսաթիվ,Հասցե,Գաղտնաբառ,WiFi,Կոդ,Անձնագրի համար,Սոց. քարտ",
)
lang(
    "am",
    "Amharic",
    "ሰላም,ዮሐንስ,ሄለን,ዳዊት,ቤተልሔም,አበበ",
    "selam,yohannes,helen,dawit,bethlehem,abebe",
    "gmail.com,yahoo.com",
    "ስም,ስልክ,ኢሜይል,የትውልድ ቀን,አድራሻ,የይለፍ ቃል,ዋይፋይ,ኮድ,የፓስፖርት ቁጥር,የፋይዳ ቁጥር",
)
lang(
    "vi",
    "Vietnamese",
    "Minh,Linh,Tuấn,Hương,Đức,Trang",
    "minh,linh,tuan,huong,duc,trang",
    "gmail.com,yahoo.com.vn,outlook.com",
    "Họ tên,SĐT,Email,Ngày sinh,Địa chỉ,Mật khẩu,Wifi,Mã,Số hộ chiếu,CCCD",
)
lang(
    "id",
    "Indonesian",
    "Putri,Rizky,Dewi,Agus,Sari,Fajar",
    "putri,rizky,dewi,agus,sari,fajar",
    "gmail.com,yahoo.co.id,ymail.com",
    "Nama,No. HP,Email,Tgl lahir,Alamat,Password,WiFi,Kode,No. Paspor,NIK",
)
lang(
    "tl",
    "Tagalog/Taglish",
    "Jhun,Mae,Carlo,Kristine,Paolo,Joy",
    "jhun,mae,carlo,kristine,pao,joy",
    "gmail.com,yahoo.com,ymail.com",
    "Pangalan,Cellphone,Email,Birthday,Address,Password,WiFi,Code,Passport No.,PhilSys No.",
)
lang(
    "sw",
    "Swahili",
    "Wanjiku,Baraka,Amina,Otieno,Neema,Juma",
    "wanjiku,baraka,amina,otieno,neema,juma",
    "gmail.com,yahoo.com",
    "Jina,Simu,Barua pepe,Tarehe ya kuzaliwa,Anwani,Nenosiri,WiFi,Msimbo,Namba ya pasipoti,Namba ya kitambulisho",
)


def phone(lg: str) -> str:
    if lg == "en":
        return us_phone()
    return pat(R.choice(PHONES[lg]))


def email(lg: str) -> str:
    d = LANGS[lg]
    a = R.choice(d["lat"])
    b = R.choice(d["lat"] + ["home", "fam", "music", "club", "run", "ok"])
    local = R.choice(
        [
            f"{a}.{b}{dg(2)}",
            f"{a}{dg(4)}",
            f"{a}_{b}",
            f"{a}{R.randint(78, 99)}",
            f"{a}.{rs(LO, 5)}",
        ]
    )
    return f"{local}@{R.choice(d['mail'])}"


def handle(lg: str) -> str:
    a = R.choice(LANGS[lg]["lat"])
    return "@" + R.choice(
        [f"{a}_{dg(2)}", f"{a}.{rs(LO, 4)}", f"its{a}{dg(3)}", f"{a}x{rs(LO, 3)}"]
    )


def C(s: str) -> str:
    return R.choice(s.split(","))


def addr(lg: str) -> str:
    n = R.randint(2, 148)
    a = R.randint(1, 42)
    f = {
        "en": lambda: (
            f"{R.randint(100, 9899)} {C('Maple,Oakwood,Linden,Cedar Hill,Walnut,Sycamore,Birchwood')} {C('St,Ave,Dr,Ln,Ct')}, Apt {a}{C('A,B,C')}, {C('Columbus, OH 432,Austin, TX 787,Portland, OR 972,Raleigh, NC 276,Denver, CO 802')}{dg(2)}"
        ),
        "en_gb": lambda: (
            f"{n} {C('Beech,Cromwell,Station,Victoria,Mill,Albert')} {C('Road,Street,Close,Avenue,Grove')}, {C('Leeds LS6,Manchester M20,Bristol BS3,Cardiff CF24,Glasgow G12,Norwich NR2')} {R.randint(1, 9)}{rs('ABDEFGHJLNPQRSTUWXYZ', 2)}"
        ),
        "es": lambda: (
            f"C/ {C('Alcalá,San Bernardo,Mayor,Colón,de la Paz,Sagasta')} {n}, {R.randint(1, 8)}º {C('A,B,C,D,izq.,dcha.')}, {C('28014 Madrid,08012 Barcelona,46004 València,41003 Sevilla,48008 Bilbao')}"
        ),
        "es_mx": lambda: (
            f"Calle {C('Amores,Durango,Tonalá,Ámsterdam,Guanajuato')} {n}, int. {a}, Col. {C('Del Valle,Roma Norte,Condesa,Narvarte,Escandón')}, C.P. 0{R.randint(3100, 6800)}, CDMX"
        ),
        "pt_br": lambda: (
            f"Rua {C('das Acácias,Augusta,Oscar Freire,Voluntários da Pátria,Bela Cintra')}, {n * 7}, apto {R.randint(11, 184)} – {C('Pinheiros,Botafogo,Savassi,Moinhos de Vento')}, CEP 0{dg(4)}-{dg(3)}"
        ),
        "fr": lambda: (
            f"{n} {C('rue des Lilas,avenue Jean-Jaurès,rue de la République,boulevard Voltaire,impasse des Tilleuls')}, {C('75011 Paris,69007 Lyon,13006 Marseille,31000 Toulouse,44000 Nantes')}"
        ),
        "de": lambda: (
            f"{C('Lindenstraße,Goethestr.,Am Sportplatz,Hauptstraße,Bergmannstraße,Kastanienallee')} {n}{C(',a,b,')}, {C('10961 Berlin,50823 Köln,80469 München,20357 Hamburg,04109 Leipzig,70178 Stuttgart')}"
        ),
        "it": lambda: (
            f"Via {C('Garibaldi,dei Mille,Roma,San Vitale,Nazionale,Cavour')} {n}, {C('20135 Milano,00185 Roma,40126 Bologna,80134 Napoli,10123 Torino')}"
        ),
        "nl": lambda: (
            f"{C('Prinsengracht,Kerkstraat,Lindenlaan,Vondelstraat,Marnixstraat')} {n}{C(',-II,-hs,A')}, {R.randint(1011, 9999)} {rs('ABCDEGHJKLMNPRSTVWXZ', 2)} {C('Amsterdam,Utrecht,Rotterdam,Groningen,Nijmegen')}"
        ),
        "pl": lambda: (
            f"ul. {C('Długa,Mickiewicza,Polna,Krakowska,Piękna,Słowackiego')} {n}/{a}, {C('00-,31-,50-,80-,61-')}{dg(3)} {C('Warszawa,Kraków,Wrocław,Gdańsk,Poznań')}"
        ),
        "sv": lambda: (
            f"{C('Storgatan,Drottninggatan,Björkvägen,Linnégatan,Kungsgatan')} {n}, {R.randint(111, 984)} {dg(2)} {C('Stockholm,Göteborg,Malmö,Uppsala,Umeå')}"
        ),
        "no": lambda: (
            f"{C('Thereses gate,Bjørnstjerne Bjørnsons vei,Kirkeveien,Markveien,Storgata')} {n}{C(',A,B')}, {dg(4)} {C('Oslo,Bergen,Trondheim,Tromsø,Stavanger')}"
        ),
        "da": lambda: (
            f"{C('Nørrebrogade,Elmegade,Vesterbrogade,Jægersborggade,Istedgade')} {n}, {R.randint(1, 5)}. {C('tv,th,mf')}, {C('2200 København N,1620 København V,8000 Aarhus C,5000 Odense C')}"
        ),
        "fi": lambda: (
            f"{C('Mannerheimintie,Hämeenkatu,Aleksanterinkatu,Kalevankatu,Pursimiehenkatu')} {n} {C('A,B,C')} {a}, {C('00100 Helsinki,33100 Tampere,20100 Turku,90100 Oulu')}"
        ),
        "tr": lambda: (
            f"{C('Moda,Caferağa,Bahçelievler,Kızılay,Alsancak')} Mah. {C('Şair Nefi,Bağdat,Gül,Atatürk,Papatya')} Sok. No:{n} D:{a}, {C('Kadıköy/İstanbul,Çankaya/Ankara,Konak/İzmir,Nilüfer/Bursa')}"
        ),
        "ru": lambda: (
            f"{C('г. Москва,г. Санкт-Петербург,г. Казань,г. Новосибирск,г. Екатеринбург')}, ул. {C('Ленина,Садовая,Профсоюзная,Гагарина,Пушкина')}, д. {n}, кв. {R.randint(1, 320)}"
        ),
        "uk": lambda: (
            f"{C('м. Київ,м. Львів,м. Одеса,м. Харків,м. Дніпро')}, вул. {C('Шевченка,Зелена,Хрещатик,Франка,Соборна')}, {n}, кв. {R.randint(1, 180)}"
        ),
        "el": lambda: (
            f"{C('Αγίου Δημητρίου,Ερμού,Πατησίων,Εγνατίας,Κολοκοτρώνη,Μητροπόλεως')} {n}, {C('11741 Αθήνα,54624 Θεσσαλονίκη,26221 Πάτρα,71202 Ηράκλειο')}"
        ),
        "ar": lambda: (
            f"{R.randint(3, 95)} شارع {C('التحرير,جامعة الدول العربية,الهرم,مكرم عبيد,عباس العقاد')}، الدور {R.randint(1, 12)}، شقة {a}، {C('الدقي، الجيزة,مدينة نصر، القاهرة,المهندسين، الجيزة,سموحة، الإسكندرية')}"
        ),
        "he": lambda: (
            f"רחוב {C('הרצל,ביאליק,אבן גבירול,שינקין,הנביאים,ז׳בוטינסקי')} {n}, דירה {a}, {C('תל אביב,ירושלים,חיפה,רמת גן,באר שבע')}"
        ),
        "hi": lambda: (
            f"फ्लैट नं. {R.randint(101, 1204)}, {C('साईं कृपा,गंगा,शांति निकेतन,सूर्या')} अपार्टमेंट, सेक्टर {R.randint(4, 62)}, {C('नोएडा 2013,द्वारका, नई दिल्ली 1100,गुड़गांव 1220,लखनऊ 2260')}{dg(2)}"
        ),
        "bn": lambda: (
            f"বাড়ি নং {R.randint(3, 99)}, রোড {a}, {C('ধানমন্ডি,মিরপুর ১০,উত্তরা সেক্টর ৭,মোহাম্মদপুর,বনানী')}, ঢাকা-১২{R.choice('০১২৩')}{R.choice('০৫৭৯')}"
        ),
        "pa": lambda: (
            f"{R.randint(12, 99)} {C('Sandalwood Pkwy,Mayfield Rd,Queen St E')}, Brampton, ON L6{C('R,P,S,Z')} {R.randint(1, 9)}{R.choice('ABCEGHJKLMNPRSTVXY')}{R.randint(1, 9)}"
        ),
        "ta": lambda: (
            f"{n}, {C('காமராஜர்,பெரியார்,நேரு,பாரதி')} தெரு, {C('அண்ணா நகர், சென்னை 6000,கே.கே. நகர், மதுரை 6250,ஆர்.எஸ். புரம், கோவை 6410')}{dg(2)}"
        ),
        "ml": lambda: (
            f"{C('ശ്രീനിലയം,പുത്തൻപുരയ്ക്കൽ,കിഴക്കേടത്ത്,റോസ് വില്ല')} ഹൗസ്, {C('കടവന്ത്ര, എറണാകുളം 6820,പട്ടം, തിരുവനന്തപുരം 6950,നടക്കാവ്, കോഴിക്കോട് 6730')}{dg(2)}"
        ),
        "th": lambda: (
            f"{n}/{a} ซอย{C('สุขุมวิท 71,ลาดพร้าว 101,อารีย์ 4,รามคำแหง 24')} แขวง{C('พระโขนง,คลองจั่น,สามเสนใน,หัวหมาก')} กรุงเทพฯ 10{R.randint(110, 260)}"
        ),
        "lo": lambda: (
            f"ເຮືອນເລກທີ {n}, ໜ່ວຍ {a}, ບ້ານ{C('ໂພນສີນວນ,ສີສະຫວາດ,ດົງປາລານ,ຫັດສະດີ')}, ເມືອງ{C('ສີສັດຕະນາກ,ຈັນທະບູລີ,ໄຊເສດຖາ')}, ນະຄອນຫຼວງວຽງຈັນ"
        ),
        "km": lambda: (
            f"ផ្ទះលេខ {n}{C('A,B,')} ផ្លូវ {R.randint(101, 598)} សង្កាត់{C('បឹងកេងកង១,ទួលទំពូង,វាលវង់,ផ្សារដើមថ្កូវ')} រាជធានីភ្នំពេញ"
        ),
        "ko": lambda: (
            f"서울특별시 {C('마포구 월드컵북로,송파구 올림픽로,관악구 관악로,성동구 왕십리로')} {n}, {R.randint(101, 115)}동 {R.randint(1, 25)}0{R.randint(1, 4)}호"
        ),
        "ja": lambda: (
            f"〒{R.randint(100, 199)}-{dg(4)} 東京都{C('世田谷区三軒茶屋,杉並区阿佐谷南,練馬区豊玉北,江東区大島,北区赤羽')}{R.randint(1, 5)}-{R.randint(1, 30)}-{R.randint(1, 20)} {C('コーポ,メゾン,ハイツ')}{C('さくら,青葉,ひまわり')}{R.randint(1, 4)}0{R.randint(1, 8)}"
        ),
        "zh": lambda: (
            f"{C('上海市浦东新区张杨路,北京市朝阳区望京西路,深圳市南山区科苑路,成都市武侯区科华北路,杭州市西湖区文三路')}{n}号{R.randint(1, 30)}栋{R.randint(1, 4)}单元{R.randint(1, 32)}0{R.randint(1, 6)}室"
        ),
        "zh_tw": lambda: (
            f"{C('台北市大安區復興南路,台北市中山區民生東路,新北市板橋區文化路,台中市西屯區河南路,高雄市苓雅區四維路')}{C('一段,二段,三段')}{n}巷{R.randint(1, 40)}號{R.randint(2, 15)}樓"
        ),
        "ka": lambda: (
            f"თბილისი, {C('ჭავჭავაძის გამზ.,პეკინის ქ.,ვაჟა-ფშაველას გამზ.,აბაშიძის ქ.')} {n}, ბინა {a}"
        ),
        "hy": lambda: (
            f"Երևան, {C('Աբովյան,Տերյան,Կոմիտասի,Սայաթ-Նովայի,Բաղրամյան')} {C('փ.,պող.')} {n}, բն. {a}"
        ),
        "am": lambda: (
            f"አዲስ አበባ፣ {C('ቦሌ,የካ,ኮልፌ ቀራንዮ,ንፋስ ስልክ ላፍቶ,አራዳ')} ክ/ከተማ፣ ወረዳ {R.randint(1, 14):02d}፣ የቤት ቁ. {R.randint(100, 2400)}"
        ),
        "vi": lambda: (
            f"Số {n}, ngõ {R.randint(5, 300)} {C('Xuân Thủy,Hoàng Quốc Việt,Tây Sơn,Nguyễn Trãi')}, {C('Cầu Giấy,Đống Đa,Thanh Xuân')}, Hà Nội"
        ),
        "id": lambda: (
            f"Jl. {C('Kenanga,Cempaka Putih,Melati,Gatot Subroto,Kaliurang')} No. {n}, RT 0{R.randint(1, 9)}/RW 0{R.randint(1, 9)}, {C('Kel. Tebet Timur, Jakarta Selatan 128,Kel. Sinduadi, Sleman 552,Kel. Dago, Bandung 401')}{dg(2)}"
        ),
        "tl": lambda: (
            f"{n} {C('Mabini,Rizal,Sampaguita,Kalayaan,Maginhawa')} St., Brgy. {C('San Antonio,Teachers Village East,Poblacion,Malamig')}, {C('Quezon City,Pasig City,Makati,Mandaluyong')}"
        ),
        "sw": lambda: (
            f"{C('Nyumba Na.,Hse No.')} {n}, {C('Mtaa wa Ngong,Kilimani,Mtaa wa Kijitonyama,Kahawa West')}, {C('S.L.P. ,P.O. Box ')}{dg(5)}-00{R.randint(100, 620)} {C('Nairobi,Dar es Salaam,Mombasa')}"
        ),
    }[lg]
    return f()


MONTHS = {
    "en": "January,February,March,April,May,June,July,August,September,October,November,December",
    "de": "Januar,Februar,März,April,Mai,Juni,Juli,August,September,Oktober,November,Dezember",
    "fr": "janvier,février,mars,avril,mai,juin,juillet,août,septembre,octobre,novembre,décembre",
    "es": "enero,febrero,marzo,abril,mayo,junio,julio,agosto,septiembre,octubre,noviembre,diciembre",
    "pt_br": "janeiro,fevereiro,março,abril,maio,junho,julho,agosto,setembro,outubro,novembro,dezembro",
    "it": "gennaio,febbraio,marzo,aprile,maggio,giugno,luglio,agosto,settembre,ottobre,novembre,dicembre",
    "ru": "января,февраля,марта,апреля,мая,июня,июля,августа,сентября,октября,ноября,декабря",
    "tr": "Ocak,Şubat,Mart,Nisan,Mayıs,Haziran,Temmuz,Ağustos,Eylül,Ekim,Kasım,Aralık",
    "pl": "stycznia,lutego,marca,kwietnia,maja,czerwca,lipca,sierpnia,września,października,listopada,grudnia",
}


def dob(lg: str) -> str:
    y, m, d = rand_date(1952, 2009)
    if lg in ("ja", "zh", "zh_tw"):
        return R.choice([f"{y}年{m}月{d}日", f"{y}/{m:02d}/{d:02d}"])
    if lg == "ko":
        return R.choice(
            [f"{y}년 {m}월 {d}일", f"{y}.{m:02d}.{d:02d}", f"{y % 100:02d}{m:02d}{d:02d}생"]
        )
    if lg in ("en",):
        return R.choice([f"{m:02d}/{d:02d}/{y}", f"{MONTHS['en'].split(',')[m - 1]} {d}, {y}"])
    if lg in ("hu", "lt", "sv", "ka", "hy") and R.random() < 0.6:
        return f"{y}-{m:02d}-{d:02d}"
    if lg in MONTHS and R.random() < 0.5:
        mn = MONTHS[lg].split(",")[m - 1]
        return {
            "de": f"{d}. {mn} {y}",
            "fr": f"{d} {mn} {y}",
            "es": f"{d} de {mn} de {y}",
            "pt_br": f"{d} de {mn} de {y}",
            "it": f"{d} {mn} {y}",
            "ru": f"{d} {mn} {y} г.",
            "tr": f"{d} {mn} {y}",
            "pl": f"{d} {mn} {y}",
        }[lg]
    sep = {
        "de": ".",
        "ru": ".",
        "uk": ".",
        "pl": ".",
        "fi": ".",
        "no": ".",
        "da": ".",
        "tr": ".",
        "nl": "-",
        "hi": "-",
        "ta": "-",
        "ml": "-",
    }.get(lg, "/")
    return f"{d:02d}{sep}{m:02d}{sep}{y}"


def nid(lg: str) -> str:
    f = {
        "en": ssn,
        "en_gb": nino,
        "es": dni,
        "es_mx": curp,
        "pt_br": cpf,
        "fr": nir,
        "de": de_ausweis,
        "it": codice_fiscale,
        "nl": bsn,
        "pl": pesel,
        "sv": personnummer,
        "no": fnr,
        "da": cpr,
        "fi": hetu,
        "tr": tckn,
        "ru": snils,
        "uk": rnokpp,
        "el": amka,
        "ar": eg_nid,
        "he": il_id,
        "hi": aadhaar,
        "pa": aadhaar,
        "ta": aadhaar,
        "ml": aadhaar,
        "bn": lambda: R.choice(["19", "20"]) + dg(11) if R.random() < 0.3 else nz() + dg(9),
        "th": th_id,
        "lo": lambda: dg(2) + "-" + dg(8),
        "km": lambda: "0" + dg(8),
        "ko": rrn,
        "ja": my_number,
        "zh": cn_id,
        "zh_tw": tw_id,
        "ka": lambda: "01" + dg(9),
        "hy": lambda: dg(10),
        "am": lambda: spaced(nz() + dg(11)),
        "vi": lambda: "0" + R.choice(["01", "31", "79", "48"]) + R.choice("0123") + dg(8),
        "id": lambda: (
            R.choice(["3171", "3273", "3404", "3578"])
            + dg(2)
            + f"{R.randint(1, 28) + R.choice([0, 40]):02d}{R.randint(1, 12):02d}{R.randint(70, 99)}{dg(4)}"
        ),
        "tl": lambda: f"{dg(4)}-{dg(4)}-{dg(4)}-{dg(4)}",
        "sw": lambda: str(R.randint(20_000_000, 39_999_999)),
    }[lg]
    return f()


def passno(lg: str) -> str:
    p = {
        "en": "@########",
        "en_gb": "@########",
        "es": "PA@######",
        "es_mx": "G@#######",
        "pt_br": "F@######",
        "fr": "##AA#####",
        "de": "C@xxxxxxx",
        "it": "YA@######",
        "nl": "NX@######",
        "pl": "E@#######",
        "sv": "@#######",
        "no": "3@######",
        "da": "2@#######",
        "fi": "FP@######",
        "tr": "U@#######",
        "ru": "7@ @######",
        "uk": "FX@######",
        "el": "AO@######",
        "ar": "A@#######",
        "he": "3@#######",
        "zh": "E@#######",
        "zh_tw": "3@#######",
        "ja": "TK@######",
        "ko": "M@########",
        "th": "AA@######",
        "vi": "C@#######",
        "id": "C@######",
        "tl": "P@######A",
    }.get(lg, "A@#######")
    return pat(p).upper() if lg == "de" else pat(p)


def plate(lg: str) -> str:
    f = {
        "de": lambda: (
            f"{C('B,M,HH,K,S,L,F,DO')}-{rs('ABCDEFGHJKLMNPRSTUVWXYZ', 2)} {R.randint(10, 9999)}"
        ),
        "fr": lambda: (
            f"{rs('ABCDEFGHJKLMNPRSTVWXYZ', 2)}-{dg(3)}-{rs('ABCDEFGHJKLMNPRSTVWXYZ', 2)}"
        ),
        "es": lambda: f"{dg(4)} {rs('BCDFGHJKLMNPRSTVWXYZ', 3)}",
        "it": lambda: f"{rs('ABCDEFGHJKLMNPRSTVWXYZ', 2)} {dg(3)}{rs('ABCDEFGHJKLMNPRSTVWXYZ', 2)}",
        "en_gb": lambda: (
            f"{C('LK,MA,BD,YS,WR,SN')}{C('18,68,19,69,21,71,23,73')} {rs('ABCDEFGHJKLMNOPRSTUVWXYZ', 3)}"
        ),
        "en": lambda: f"{nz()}{rs(UP, 3)}{dg(3)}",
        "nl": lambda: f"{rs('GHJKLNPRSTXZ', 2)}-{dg(3)}-{rs('BDFGHJKLNPRSTVXZ', 1)}",
        "pl": lambda: f"{C('WA,KR,WX,PO,GD,DW')} {dg(5)}",
        "sv": lambda: f"{rs('ABCDEFGHJKLMNOPRSTUWXYZ', 3)} {dg(2)}{R.choice(UP + DG)}",
        "no": lambda: f"{C('EL,EK,EV,BT,DN,SV')} {dg(5)}",
        "tr": lambda: f"{C('34,06,35,16,07')} {rs('ABCDEFGHJKLMNPRSTUVYZ', 3)} {dg(3)}",
        "ru": lambda: (
            f"{R.choice('АВЕКМНОРСТУХ')}{dg(3)}{rs('АВЕКМНОРСТУХ', 2)} {C('77,177,799,78,178,116')}"
        ),
        "uk": lambda: f"{C('АА,КА,ВС,АІ,ВН')} {dg(4)} {rs('АВЕКМНОРСТХ', 2)}",
        "el": lambda: f"{rs('ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ', 3)}-{dg(4)}",
        "pt_br": lambda: f"{rs(UP, 3)}{nz()}{R.choice(UP)}{dg(2)}",
        "ko": lambda: (
            f"{R.randint(10, 399)}{C('가,나,다,라,마,거,너,더,러,머,고,노,도,로,모,하,허,호')} {dg(4)}"
        ),
        "ja": lambda: (
            f"{C('品川,練馬,多摩,横浜,なにわ,名古屋')} {R.randint(300, 599)} {C('さ,す,せ,そ,た,ち,つ,て,な,に')} {R.randint(10, 99)}-{dg(2)}"
        ),
        "zh": lambda: (
            f"{C('京,沪,粤,川,浙')}{R.choice('ABCDEFG')}·{rs(UP.replace('I', '').replace('O', '') + DG, 5)}"
        ),
        "th": lambda: f"{nz()}{C('กข,ขค,ฆย,ฌษ,กร')} {dg(4)} {C('กรุงเทพมหานคร,เชียงใหม่,ชลบุรี')}",
        "hi": lambda: (
            f"{C('DL 3C,MH 12,UP 16,HR 26,KA 05')} {rs('ABCDEFGHJKLMNPRSTUVWXYZ', 2)} {dg(4)}"
        ),
        "he": lambda: f"{dg(3)}-{dg(2)}-{dg(3)}",
        "id": lambda: f"{C('B,D,AB,L')} {R.randint(1000, 9999)} {rs('ABCDEFGHJKLMNPRSTUVWXYZ', 3)}",
    }.get(lg, lambda: f"{rs(UP, 2)} {dg(4)} {rs(UP, 2)}")
    return f()


SSIDS = [
    "FRITZ!Box 7530 {A}",
    "Vodafone-{H}",
    "Livebox-{H}",
    "TP-Link_{H}_5G",
    "HUAWEI-B535-{H}",
    "Clubhaus_Gast",
    "MOVISTAR_{H}",
    "TIM-{D}",
    "Ziggo{D}",
    "Telia-{H}",
    "NETGEAR{D2}",
    "Casa_Familia",
    "Hütte_WLAN",
    "Gemeindehaus",
    "ChoirLoft",
    "AIS_{H}",
    "SK_WiFi{H}",
    "Xiaomi_{H}",
    "ASUS_{H}_2G",
]


def ssid(lg: str) -> str:
    return R.choice(SSIDS).format(A=rs(UP, 2), H=rs("0123456789ABCDEF", 4), D=dg(6), D2=dg(2))


PW_WORDS = [
    "Sommer",
    "Bayern",
    "Sunshine",
    "Chorprobe",
    "Maradona",
    "Familia",
    "Tigres",
    "Barca",
    "Galatasaray",
    "Zenit",
    "Lakers",
    "Arsenal",
    "Benfica",
    "Ajax",
    "Kotik",
    "Malinka",
    "Hanuman",
    "Pikachu",
    "Doraemon",
    "Hallelujah",
    "Bingo",
    "Sakura",
    "Pho",
    "Mango",
]


def pw(lg: str) -> str:
    w = R.choice(PW_WORDS + [s.capitalize() for s in LANGS[lg]["lat"]])
    return R.choice(
        [
            f"{w}{R.randint(1970, 2025)}{R.choice('!#$?*.')}",
            f"{w.lower()}_{dg(3)}",
            f"{rs(AN, 3)}{R.choice('#!%&')}{rs(AN, 5)}{dg(2)}",
            f"{w}{R.choice('@!')}{rs(LO, 3)}{dg(2)}",
            f"{R.choice('Xx')}{w.lower()}{dg(4)}{R.choice('xX')}",
        ]
    )


def wpw(lg: str) -> str:
    return R.choice(
        [
            f"{rs(AN, 12)}",
            f"{R.choice(PW_WORDS)}{R.choice(['_Gast', 'Guest', 'Haus', '-casa', 'Home'])}{dg(4)}",
            f"{dg(4)} {dg(4)} {dg(4)} {dg(4)}",
            f"{rs(LO, 4)}-{rs(LO, 4)}-{rs(LO, 4)}",
            f"{rs(UP + DG, 10)}",
        ]
    )


def code(lg: str) -> str:
    return R.choice([dg(6), dg(6), f"{dg(6)}#", f"*{dg(6)}", dg(8), f"{dg(3)} {dg(3)}"])


def gift(lg: str) -> str:
    A = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return R.choice(
        [
            f"{rs(A, 4)}-{rs(A, 6)}-{rs(A, 4)}",
            f"{rs(A, 5)}-{rs(A, 5)}-{rs(A, 5)}",
            f"{rs(A, 4)}-{rs(A, 4)}-{rs(A, 4)}",
            f"{rs(A, 4)} {rs(A, 4)} {rs(A, 4)} {rs(A, 4)} {rs(A, 4)}",
            f"X{rs(A, 15)}",
        ]
    )


def otp(lg: str) -> str:
    return R.choice([dg(6), f"{dg(3)} {dg(3)}", f"{dg(3)}-{dg(3)}", f"G-{dg(6)}"])


def snowflake() -> int:
    return R.randint(700_000_000_000_000_000, 1_390_000_000_000_000_000)


def discord_token(lg: str = "") -> str:
    sid = base64.b64encode(str(snowflake()).encode()).decode().rstrip("=")
    return f"{sid}.{rs(B64U, 6)}.{rs(B64U, R.choice([27, 38]))}"


def discord_hook(lg: str = "") -> str:
    return f"https://discord.com/api/webhooks/{snowflake()}/{rs(B64U, 68)}"


def slack_token(lg: str = "") -> str:
    return f"xoxb-{R.randint(10**10, 10**12)}-{R.randint(10**12, 10**13)}-{rs(AN, 24)}"


def slack_hook(lg: str = "") -> str:
    return f"https://hooks.slack.com/services/T0{rs(UP + DG, 8)}/B0{rs(UP + DG, 9)}/{rs(AN, 24)}"


def tg_token(lg: str = "") -> str:
    return f"{R.randint(5_000_000_000, 7_999_999_999)}:AA{rs(B64U, 33)}"


def ip(lg: str) -> str:
    while True:
        a = R.randint(2, 223)
        if a in (10, 100, 127, 169, 172, 192, 198, 203):
            continue
        return f"{a}.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(1, 254)}"


def upi(lg: str) -> str:
    a = R.choice(LANGS[lg]["lat"] if lg in ("hi", "pa", "ta", "ml") else LANGS["hi"]["lat"])
    return R.choice(
        [
            f"{a}{dg(3)}@okaxis",
            f"9{dg(9)}@ybl",
            f"{a}.{rs(LO, 5)}@oksbi",
            f"{a}{dg(2)}@paytm",
            f"{a}@okhdfcbank",
            f"8{dg(9)}@ibl",
        ]
    )


def pix(lg: str) -> str:
    return R.choice(
        [
            cpf(),
            pat("+55 11 9@###-####"),
            email("pt_br"),
            "-".join(
                [rs(HX, 8), rs(HX, 4), "4" + rs(HX, 3), R.choice("89ab") + rs(HX, 3), rs(HX, 12)]
            ),
        ]
    )


def venmo(lg: str) -> str:
    a = R.choice(LANGS[lg]["lat"]).capitalize()
    return f"@{a}-{R.choice(['Nguyen', 'Patel', 'Brooks', 'Ramirez', 'Kim', 'Walsh', 'Okafor'])}{R.choice(['', '-' + dg(2)])}"


def ppme(lg: str) -> str:
    a = R.choice(LANGS[lg]["lat"])
    return f"paypal.me/{a}{rs(LO, R.randint(2, 6))}{R.choice(['', dg(2)])}"


def revtag(lg: str) -> str:
    a = R.choice(LANGS[lg]["lat"])
    return R.choice([f"@{a}{rs(LO, 3)}{dg(2)}", f"revolut.me/{a}{rs(LO, 4)}"])


def mk_iban(lg: str) -> str:
    cc = LANGS[lg]["iban"] or R.choice(["DE", "NL", "BE", "ES"])
    raw = iban(cc)
    return R.choice([raw, spaced(raw)])


def nm(lg: str) -> str:
    return R.choice(LANGS[lg]["names"])


GEN = {
    "name": nm,
    "phone": phone,
    "email": email,
    "addr": addr,
    "dob": dob,
    "nid": nid,
    "passno": passno,
    "iban": mk_iban,
    "plate": plate,
    "handle": handle,
    "ip": ip,
    "pw": pw,
    "wpw": wpw,
    "ssid": ssid,
    "code": code,
    "gift": gift,
    "card": lambda lg: card(),
    "upi": upi,
    "pix": pix,
    "venmo": venmo,
    "ppme": ppme,
    "revtag": revtag,
    "otp": otp,
    "token": discord_token,
    "hook": discord_hook,
    # public / harmless values for negatives
    "t": lambda lg: f"{R.randint(7, 21)}:{R.choice(['00', '15', '30', '45'])}",
    "sc": lambda lg: f"{R.randint(0, 5)}{R.choice([':', '-'])}{R.randint(0, 4)}",
    "pr": lambda lg: f"{R.randint(8, 240)},{R.choice(['00', '50', '90', '20'])}",
    "usd": lambda lg: f"{R.randint(8, 240)}.{R.choice(['00', '50', '99', '25'])}",
    "room": lambda lg: f"{R.choice('ABCDEG')}{R.randint(1, 3)}.{R.randint(1, 40):02d}",
    "n": lambda lg: str(R.randint(3, 28)),
    "mid": lambda lg: str(R.randint(7_400_000_000, 7_999_999_999)),
    "ver": lambda lg: f"1.{R.randint(18, 21)}.{R.randint(1, 6)}",
    "pct": lambda lg: f"{R.randint(12, 96)}%",
    "km": lambda lg: f"{R.randint(3, 42)},{R.randint(0, 9)}",
    "flight": lambda lg: f"{C('LH,TK,QR,AF,KL,SK,EK,JL,OZ,VN,TG,ET,AI,LA')} {R.randint(10, 1999)}",
    "gate": lambda lg: f"{R.choice('ABCDEF')}{R.randint(1, 58)}",
    "elo": lambda lg: str(R.randint(1100, 2400)),
    "isbn": lambda lg: isbn13(),
    "hymn": lambda lg: str(R.randint(12, 780)),
    "d": lambda lg: f"{R.randint(1, 28)}.{R.randint(1, 12)}.",
    "bus": lambda lg: str(R.choice([4, 7, 12, 29, 42, 63, 100, 142, 204])),
}
SECRET_F = {
    "phone",
    "email",
    "addr",
    "dob",
    "nid",
    "passno",
    "iban",
    "plate",
    "handle",
    "ip",
    "pw",
    "wpw",
    "code",
    "gift",
    "card",
    "upi",
    "pix",
    "venmo",
    "ppme",
    "revtag",
    "otp",
    "token",
    "hook",
}


class Vals(dict):
    def __init__(self, lg: str) -> None:
        super().__init__()
        self.lg = lg

    def __missing__(self, key: str) -> str:
        base = key.rstrip("0123456789")
        v = GEN[base](self.lg)
        self[key] = v
        return v


def fill(lg: str, tpl: str) -> tuple[str, list[str]]:
    v = Vals(lg)
    text = tpl.format_map(v)
    secrets = []
    for k, val in v.items():
        if k.rstrip("0123456789") in SECRET_F and val not in secrets:
            secrets.append(val)
    return text, secrets


def run_templates(lg: str, cat: str, items: list[str], ctx: str) -> None:
    for item in items:
        kind, tpl = item.split("|", 1)
        text, secrets = fill(lg, tpl)
        if cat == "negative":
            assert not secrets, (lg, tpl)
            N(f"{LANGS[lg]['name']}; {ctx}", text)
        else:
            add(text, cat, kind, secrets, f"{LANGS[lg]['name']}; {ctx}; {kind}")


# ---------------------------------------------------------------- per-language turns
# each entry: "kind|template"; fields in SECRET_F become listed secrets

TPL: dict[str, tuple[list[str], list[str], list[str]]] = {
    "en": (
        [
            "shared_login|ok so the family Netflix is {email} / {pw} , pls don't change the profile pics again Tyler 🙄",
            "door_code|can you turn this into a nice text for the guests: lockbox at the side gate, code {code}, then the back door key is under the green pot",
            "gift_card|my aunt sent a Target gift card for the potluck raffle, code is {gift} (PIN on the back scratched off lol). how do I split it between 3 winners?",
        ],
        [
            "phone|draft a reminder for the PTA bake sale volunteers, tell them to text {name} at {phone} if they can't make their shift",
            "address|Housewarming!! 🎉 Sat from 7pm at {addr} — parking on the street is free after 6",
            "payment_handle|Summarize: dinner was $214.60 for 5, everyone venmo {venmo} their share, tip already included",
            "birth_date|help me write a cute card for my grandma, she was born {dob} and is turning something like 80",
        ],
        [
            "negative|Our rec league team lost {sc} again, standings: 4 wins 6 losses, next game Thursday {t} at Field 3. Write a funny recap for the group chat?",
            "negative|Split this: pizza ${usd}, drinks $38.40, cake $26.00 between 6 people, Jake already paid $20",
            "negative|choir schedule: Tues {t} in Fellowship Hall room 104, Sunday call time 9:15 for the 10:30 service, hymns 45, 212 and 398",
            "negative|Lobby code for tonight's Among Us is not needed, just join the public lobby 'FRIDAYGANG' on NA servers, version {ver}",
        ],
    ),
    "en_gb": (
        [
            "wifi_password|holiday cottage notes for the group: wifi is {ssid}, password {wpw}. bins go out Tues. could you tidy this into a list",
            "password|Mum set up the family Sky account, login is her email and the password is {pw} – can you write her a note to keep it somewhere safe",
        ],
        [
            "phone|Can you write a WhatsApp msg for the five-a-side lads: new number, it's {phone}, delete the old one pls",
            "address|Christmas card list — Auntie Pat moved, new address is {addr}",
            "national_id|for the volunteer DBS form it asks my NI number, it's {nid} — does that go in box 4 or 5?",
            "licence_plate|car share to the Leeds match: Gareth's car is the silver Corsa {plate}, meet in Tesco car park",
        ],
        [
            "negative|Pub quiz results: we came 3rd with 41 points out of 50, the winners had 44. Write a gloaty-but-humble post for the team chat",
            "negative|Ramblers group: meeting at {t} by the war memorial, the 14-mile loop, bus {bus} back if anyone flakes",
            "negative|Parkrun this week was my 50th! 26:14, position 212 of 487. Help me write an Instagram caption",
        ],
    ),
    "es": (
        [
            "wifi_password|Para el piso de la playa: red {ssid}, contraseña {wpw}. Pásalo al grupo de las chicas porfa 🏖️",
            "door_code|La llave está en el cajetín del portal, código {code}. ¿me lo redactas como mensaje para los invitados de la boda?",
            "shared_login|la cuenta de HBO la compartimos los 4 del piso: {email} y contra {pw}, que nadie la cambie eh",
        ],
        [
            "phone|Resume el chat: Nerea dice que si alguien no puede ir al partido que le escriba al {phone} antes del viernes",
            "national_id|Para reservar el albergue me piden el DNI de todos: el mío es {nid}, ¿cómo lo pongo en el formulario?",
            "iban|Bote para el regalo de la profe: hacer bizum o transferencia a la cuenta {iban} (titular la AMPA), 10€ por familia",
            "address|Cena de Navidad del club de pádel en mi casa: {addr}, timbre 2º B, a las 21:30",
        ],
        [
            "negative|El Atleti ganó {sc} y quedamos a 5 puntos, ¿me haces un meme para el grupo? jajaja",
            "negative|Horario del coro: ensayo martes a las {t} en el salón parroquial, sala {room}; concierto el 14 de diciembre a las 20:00",
            "negative|Gastos del viaje: gasolina 86,40€, peajes 23,10€, apartamento 420€ entre 5, ¿cuánto toca por cabeza?",
        ],
    ),
    "es_mx": (
        [
            "gift_card|Oye ayúdame, me regalaron una tarjeta de Liverpool y el código es {gift}, ¿se puede usar en línea o solo en tienda?",
            "shared_login|La cuenta de Disney+ de la familia: {email} contraseña {pw} (no la cambien porfa, la abuela no sabe meterse 🙏)",
        ],
        [
            "national_id|Para el viaje de la parroquia a Guanajuato piden CURP de cada quien, la mía: {nid}",
            "phone|Pasen el cel de la señora de los tamales pa la posada: {phone}, dice que hace pedido mínimo de 50",
            "address|la posada es en {addr}, lleven su taza y su cobija",
        ],
        [
            "negative|Quedamos {sc} contra los de la colonia vecina, el próximo partido es el domingo a las 10 en la cancha 3 del deportivo",
            "negative|Cooperación para la piñata: $150 por familia, somos 12 familias, ¿cuánto juntamos? y si la piñata cuesta $680 cuánto sobra",
        ],
    ),
    "pt_br": (
        [
            "wifi_password|gente o wifi da chácara é {ssid} e a senha {wpw} kkk anota aí",
            "password|Minha mãe esqueceu a senha do Facebook de novo, a nova que eu coloquei é {pw}, me ajuda a escrever um passo a passo pra ela",
        ],
        [
            "pix_key|Vaquinha do churrasco: R$ 45 por pessoa, manda o pix pra chave {pix} (é do Thiago)",
            "national_id|pra reservar o ônibus da excursão precisa do CPF: {nid} — tá certo esse formato?",
            "phone|salva aí o zap da tia do bolo: {phone}, ela faz encomenda até quinta",
            "address|Aniversário da Bia vai ser lá em casa: {addr}, interfone 42 🎈",
        ],
        [
            "negative|O Flamengo ganhou de {sc}, fica 3 pontos atrás do líder com 2 jogos a menos. Faz uma zoeira pro grupo da pelada",
            "negative|Racha do churrasco: carne R$ 312,50, cerveja R$ 189,90, carvão R$ 38,00 dividido por 11",
            "negative|Missa da comunidade: sábado 19h, domingo 8h e 10h30; catequese sala {room}; bazar dia 12 das 9 às 15",
        ],
    ),
    "fr": (
        [
            "wifi_password|Pour le gîte du week-end : wifi {ssid}, mdp {wpw}. Tu peux me faire un petit mot d'accueil sympa ?",
            "door_code|Digicode de l'immeuble {code}, puis 3e étage porte gauche. Tu me reformules ça pour l'invitation ?",
            "shared_login|Le compte Deezer famille c'est {email}, mot de passe {pw}, merci de pas le filer à tout le lycée 😅",
        ],
        [
            "phone|Résume le groupe des parents de CE2 : la maman de Léa demande qu'on l'appelle au {phone} pour le covoit de la sortie",
            "national_id|Pour l'inscription au club de foot ils veulent mon numéro de sécu, c'est {nid}, je le mets où ?",
            "iban|Cagnotte pour le pot de départ du curé : virement sur {iban}, libellé « pot Père Michel »",
            "address|Crémaillère samedi 20h chez nous : {addr}, code porte au dernier moment",
        ],
        [
            "negative|On a gagné le tournoi de pétanque {sc} en finale 🎉 13 équipes, 40 € l'inscription, écris un petit post pour la page du club",
            "negative|Répétition de la chorale jeudi {t} salle {room}, on travaille le Requiem de Fauré, partitions p. 12 à 31",
            "negative|Train TGV 6607 départ 7h56 voie B, arrivée 10h02, on se retrouve en voiture 14",
        ],
    ),
    "de": (
        [
            "wifi_password|Kannst du das hübsch für die Ferienwohnung formatieren? WLAN: {ssid} / PW: {wpw} / Check-out 10 Uhr",
            "door_code|Schlüsseltresor am Gartentor, Code {code}, bitte nach dem Rausnehmen wieder verstellen!",
            "password|Vereins-Instagram vom TSV: Login tsv_jugend, Passwort {pw} – schreib mir eine Übergabe-Mail an den neuen Jugendwart",
        ],
        [
            "phone|Mach mir ne kurze Nachricht für die Elterngruppe: bei Krankheit bitte Frau Yilmaz unter {phone} Bescheid geben",
            "address|Einladung zur Einweihungsparty am Samstag ab 19 Uhr, {addr}, Klingel „WG 3. OG“",
            "iban|Kassenwart-Info: Beitrag 60 € jährlich auf {iban}, Verwendungszweck Name + Mitgliedsnr.",
            "national_id|Für die Ferienfreizeit fragen die nach der Ausweisnummer, meine ist {nid}, stimmt das so?",
        ],
        [
            "negative|Spielbericht: Wir haben {sc} gegen den SV Grün-Weiß verloren, Tabellenplatz 7, nächstes Spiel So 15:00 auf Platz 2",
            "negative|Chorprobe verlegt: Donnerstag {t} im Gemeindehaus, Raum {room}, wir singen Nr. {hymn} aus dem Gotteslob",
            "negative|Skatabend Abrechnung: Jonas +12,40 €, Uwe -7,80 €, Felix -4,60 €. Stimmt das?",
            "negative|Hüttenwochenende: Zug RE 57123 ab 8:12 Gleis 4, Umstieg in Kempten, Ankunft 11:47",
        ],
    ),
    "it": (
        [
            "wifi_password|Per la casa al mare: wifi {ssid}, password {wpw}. Me lo scrivi carino da stampare?",
            "gift_card|Il regalo per Giulia: buono Amazon codice {gift}, come glielo mando senza che sembri freddo?",
        ],
        [
            "national_id|Per il campo scout serve il codice fiscale di tutti, il mio è {nid}",
            "phone|Riassumi: il mister dice di chiamarlo al {phone} se i ragazzi non vengono all'allenamento",
            "address|Cena di classe venerdì da me, {addr}, citofono Rossi 🍝",
        ],
        [
            "negative|Abbiamo vinto {sc} il torneo di calcetto! Capocannoniere Matteo con 7 gol, scrivimi un post per il gruppo",
            "negative|Coro parrocchiale: prove mercoledì alle {t}, sala {room}, messa di Natale alle 24:00",
            "negative|Conto pizzeria 148,50 € in 9, più 2 bambini che non pagano, quanto a testa?",
        ],
    ),
    "nl": (
        [
            "wifi_password|Voor het vakantiehuisje: wifi {ssid}, wachtwoord {wpw}, kun je er een welkomstkaartje van maken?",
            "door_code|sleutelkluisje naast de voordeur, code {code}, sleutel terug na gebruik!!",
        ],
        [
            "phone|Vat de oudergroep samen: bij afmelden voor de hockeytraining appen naar {phone}",
            "iban|Tikkie lukt niet, maak maar over naar {iban} t.n.v. Buurtvereniging, €12,50 p.p.",
            "address|Verjaardagsfeestje van Noor, zaterdag 14:00, {addr}",
        ],
        [
            "negative|Uitslag: ons team won {sc}, we staan nu 2e in de poule, volgende wedstrijd zaterdag {t} veld 4",
            "negative|Koorrepetitie dinsdag {t} in zaal {room}, we zingen de Matthäus, koraal nr. 62",
        ],
    ),
    "pl": (
        [
            "wifi_password|Dane do domku nad jeziorem: sieć {ssid}, hasło {wpw}. Napisz z tego ładną wiadomość dla gości",
            "otp|Mama dostała SMS z kodem BLIK {otp} i pyta czy ma go komuś podać, napisz jej że NIE",
        ],
        [
            "national_id|Do zapisu na obóz harcerski potrzebny PESEL: {nid}",
            "phone|Streść czat rodziców: w sprawie wycieczki dzwonić do pani Agnieszki {phone}",
            "iban|Zbiórka na prezent dla trenera, przelew na {iban}, tytuł: prezent trener",
            "address|Parapetówka w sobotę o 19, {addr}, domofon 23",
        ],
        [
            "negative|Legia wygrała {sc}, jesteśmy 3 punkty za liderem, zrób mema na grupę",
            "negative|Próba chóru w czwartek o {t}, sala {room}, śpiewamy kolędy nr 5, 12 i 17",
        ],
    ),
    "sv": (
        [
            "door_code|Portkod {code}, sen tredje våningen. Kan du skriva en inbjudan till kräftskivan?",
            "wifi_password|Stugans wifi: {ssid} lösen {wpw} – fixa en lapp till kylskåpet",
        ],
        [
            "payment_handle|Swisha {phone} för pizzan, 120 kr var 🍕",
            "national_id|Till föreningens medlemsregister behövs personnummer, mitt är {nid}",
            "address|Välkommen på 40-årsfest hos oss på {addr} kl 18",
        ],
        [
            "negative|Innebandy: vi vann {sc}, tabellen: 3:a med 22 poäng, nästa match söndag {t} i hall B",
            "negative|Kören repar onsdag {t} i församlingshemmet, sal {room}, psalm {hymn}",
        ],
    ),
    "no": (
        [
            "wifi_password|Hytta: wifi {ssid}, passord {wpw}. Kan du lage en velkomstlapp?",
            "password|Korpslagets Spond-konto: brukernavn kasserer og passord {pw}, skriv en overleveringsmail",
        ],
        [
            "payment_handle|Vipps {phone} for hyttetur, 450 kr per pers",
            "national_id|Turlaget spør om fødselsnummer for forsikringen: {nid}",
            "address|17. mai-frokost hos oss i {addr} kl 09 🇳🇴",
        ],
        [
            "negative|Vi tapte {sc} mot Lyn, neste kamp lørdag {t} på kunstgresset",
            "negative|Koret øver torsdag {t} i menighetssalen, rom {room}",
        ],
    ),
    "da": (
        [
            "door_code|Koden til gården er {code}, cyklerne står i skuret. Skriv en besked til de nye i opgangen?",
            "shared_login|Vores fælles Viaplay: {email} / {pw} – del kun med kollegiet",
        ],
        [
            "payment_handle|MobilePay {phone} for julefrokosten, 250 kr",
            "national_id|Til foreningen skal jeg bruge CPR-nr: {nid}, er det farligt at sende?",
            "address|Fødselsdagsfest lørdag kl 15 på {addr}",
        ],
        [
            "negative|Håndbold: vi vandt {sc}, 2. plads i puljen, næste kamp søndag kl {t}",
            "negative|Kor: øvning tirsdag kl {t} i sognegården, lokale {room}",
        ],
    ),
    "fi": (
        [
            "wifi_password|Mökin wifi: {ssid}, salasana {wpw}. Tee tästä siisti ohjelappu vieraille",
            "door_code|Ovikoodi {code}, sauna lämpenee klo 17. Kirjoita kutsu",
        ],
        [
            "phone|Tiivistä vanhempien WhatsApp: kyydeistä sopii Riikan kanssa numerossa {phone}",
            "national_id|Leirin ilmoittautuminen kysyy henkilötunnusta: {nid}",
            "address|Tupaantuliaiset lauantaina klo 18, {addr}, ovikello B-rapussa",
        ],
        [
            "negative|Salibandy: voitimme {sc}, sarjataulukossa 4. sija, seuraava peli sunnuntaina {t}",
            "negative|Kuoroharjoitus keskiviikkona {t} seurakuntasalissa, huone {room}",
        ],
    ),
    "tr": (
        [
            "wifi_password|Yazlık evin interneti: ağ {ssid} şifre {wpw}, misafirler için güzel bir not yazar mısın",
            "shared_login|Aile BluTV hesabı {email} şifre {pw}, kimse değiştirmesin lütfen 🙏",
        ],
        [
            "national_id|Otobüs turu için TC kimlik no lazım: {nid}",
            "phone|Halı saha için Emre'yi ara: {phone}, akşam 9'da saha bizde",
            "iban|Kına gecesi için para toplama: {iban} (Zeynep adına), kişi başı 500 TL",
            "address|Nişan yemeği cumartesi akşam: {addr}",
        ],
        [
            "negative|Fener {sc} kazandı, lider 2 puan önde, grup için bir capsli mesaj yaz",
            "negative|Cemaat duyurusu: cuma namazı {t}, kurs sınıfı {room}, hafta sonu kermes 10:00–17:00",
        ],
    ),
    "ru": (
        [
            "wifi_password|Для дачи: сеть {ssid}, пароль {wpw}. Оформи красиво для гостей",
            "door_code|Код домофона {code}, потом 5 этаж налево. Напиши приглашение на днюху",
            "shared_login|Общий аккаунт Кинопоиска: {email} пароль {pw}, не меняйте пж",
        ],
        [
            "phone|Сведи чат родителей: по поводу экскурсии звонить Ольге Петровне {phone}",
            "national_id|Для поездки хора нужен СНИЛС, мой {nid} — правильно ли записан?",
            "address|Новоселье в субботу в 18:00, адрес {addr}, подъезд 2",
            "birth_date|Напиши поздравление брату, он родился {dob}",
        ],
        [
            "negative|Зенит выиграл {sc}, отрыв 4 очка, сделай мем для чата болельщиков",
            "negative|Репетиция хора в четверг в {t}, аудитория {room}, поём № {hymn}",
            "negative|Скидываемся на шашлыки: мясо 4200 ₽, угли 600 ₽, напитки 2300 ₽ на 9 человек",
        ],
    ),
    "uk": (
        [
            "wifi_password|Для дачі в Карпатах: мережа {ssid}, пароль {wpw}, склади гарне повідомлення",
            "password|Пароль від спільного акаунта волонтерів {pw}, напиши інструкцію для новеньких",
        ],
        [
            "phone|Підсумуй чат волонтерів: з питань доставки телефонувати Тарасу {phone}",
            "iban|Збір на дрон для батальйону, IBAN {iban}, отримувач Ірина К.",
            "address|Зустріч громади в неділю о 12:00 за адресою {addr}",
        ],
        [
            "negative|Наші виграли {sc}, турнірна таблиця: 2 місце, наступна гра в суботу о {t}",
            "negative|Репетиція хору в середу о {t}, кімната {room}, співаємо колядки",
        ],
    ),
    "el": (
        [
            "wifi_password|Για το σπίτι στη Νάξο: WiFi {ssid}, κωδικός {wpw}, φτιάξε ένα μήνυμα καλωσορίσματος",
            "door_code|Ο κωδικός της εξώπορτας είναι {code}, μην τον δώσεις παντού 😅",
        ],
        [
            "national_id|Για την εκδρομή της ενορίας ζητάνε ΑΜΚΑ: {nid}",
            "phone|Συνόψισε το γκρουπ των γονιών: για το πούλμαν τηλέφωνο στην κυρία Ελένη {phone}",
            "address|Γιορτή του Νίκου το Σάββατο στις 9, {addr}",
        ],
        [
            "negative|Ο ΠΑΟΚ κέρδισε {sc}, είμαστε 2οι στη βαθμολογία, γράψε κάτι για το γκρουπ",
            "negative|Πρόβα χορωδίας Τετάρτη {t}, αίθουσα {room}",
        ],
    ),
    "ar": (
        [
            "wifi_password|واي فاي الشاليه: الشبكة {ssid} والباسورد {wpw}، اكتبها بشكل حلو للضيوف",
            "gift_card|عمتي بعتتلي كارت هدية كود {gift}، ازاي استخدمه؟",
            "shared_login|حساب شاهد المشترك: {email} والباسورد {pw} محدش يغيره",
        ],
        [
            "phone|لخّص جروب أولياء الأمور: للرحلة كلموا أستاذة هبة على {phone}",
            "national_id|للحجز في رحلة الكنيسة طلبوا الرقم القومي: {nid}",
            "address|عزومة الفطار يوم الجمعة عندي: {addr}",
            "email|ابعت دعوة الفرح على الإيميل ده {email} يا عمر",
        ],
        [
            "negative|الأهلي كسب {sc} وبقينا في الصدارة بفارق 3 نقط، اكتب بوست للجروب",
            "negative|مواعيد صلاة التراويح ٨:٣٠ مساءً، ودرس القرآن في القاعة {room} بعد العصر",
            "negative|حساب العشا: ٨٤٠ جنيه على ٦ أفراد، كام على كل واحد؟",
        ],
    ),
    "he": (
        [
            "door_code|קוד לשער {code}, חניה בחוץ. תנסח הזמנה למסיבה",
            "wifi_password|הוויי פיי בצימר: {ssid} סיסמה {wpw}",
        ],
        [
            "national_id|לטיול השנתי צריך ת.ז. של כולם, שלי {nid}",
            "phone|תסכם את הקבוצה של ההורים: להסעות לדבר עם תמר {phone}",
            "address|ערב שבת אצלנו, {addr}, קומה 3",
        ],
        [
            "negative|מכבי ניצחה {sc}, אנחנו במקום 2, תכתוב משהו מצחיק לקבוצה",
            "negative|חזרה של המקהלה ביום רביעי ב-{t} בחדר {room}",
        ],
    ),
    "hi": (
        [
            "wifi_password|farmhouse का wifi: {ssid} password {wpw}, guests के लिए अच्छा सा message बना दो",
            "otp|मम्मी को OTP आया है {otp}, किसी ने phone करके माँगा, उनको समझाने वाला message लिखो",
        ],
        [
            "upi_id|Society Diwali party का contribution ₹500 per flat, UPI करें {upi} पर 🙏",
            "national_id|Trip booking के लिए आधार चाहिए: {nid}",
            "phone|Cricket team के लिए Vikas bhai का number {phone} सबको भेज दो",
            "address|Pooja ki shaadi ka card: venue {addr}",
        ],
        [
            "negative|India ne {sc} se match jeeta 🏏 Rohit 87 off 64, group ke liye caption likho",
            "negative|सत्संग रविवार सुबह {t} बजे, हॉल {room}, प्रसाद के बाद भजन",
        ],
    ),
    "bn": (
        ["wifi_password|রিসোর্টের ওয়াইফাই {ssid} পাসওয়ার্ড {wpw}, গেস্টদের জন্য সুন্দর করে লিখে দাও"],
        [
            "payment_handle|পিকনিকের চাঁদা ৮০০ টাকা, বিকাশ করো {phone} নাম্বারে",
            "national_id|ট্যুরের বুকিংয়ে এনআইডি লাগবে: {nid}",
            "address|আকিকার দাওয়াত, ঠিকানা: {addr}",
        ],
        [
            "negative|বাংলাদেশ {sc} উইকেটে জিতেছে! গ্রুপের জন্য একটা পোস্ট লিখো",
            "negative|মাহফিল শুক্রবার বাদ আসর, মসজিদের হলরুম {room}",
        ],
    ),
    "pa": (
        ["wifi_password|Gurdwara sahib ਦੇ langar hall ਦਾ wifi: {ssid}, password {wpw}"],
        [
            "phone|ਕੀਰਤਨ ਦਰਬਾਰ ਲਈ sevadars ਨੂੰ message ਕਰੋ: ਹਰਪ੍ਰੀਤ ਜੀ ਦਾ number {phone}",
            "address|ਵਿਆਹ ਦਾ ਸੱਦਾ: {addr} ਤੇ ਸ਼ਨੀਵਾਰ 11 ਵਜੇ",
            "national_id|Amritsar trip booking ਲਈ ਆਧਾਰ: {nid}",
        ],
        [
            "negative|Kabaddi cup ਵਿੱਚ ਸਾਡੀ team ਨੇ {sc} ਨਾਲ final ਜਿੱਤਿਆ, ਇੱਕ post ਲਿਖੋ",
            "negative|ਸੁਖਮਨੀ ਸਾਹਿਬ ਦਾ ਪਾਠ ਐਤਵਾਰ {t} ਵਜੇ, hall {room}",
        ],
    ),
    "ta": (
        ["wifi_password|கோயில் மண்டப wifi {ssid}, password {wpw}, volunteers க்கு அனுப்பவும்"],
        [
            "phone|கிரிக்கெட் டீம் group: அருண் நம்பர் {phone}, சனிக்கிழமை practice",
            "address|கிரகப்பிரவேசம் அழைப்பு: {addr}",
            "national_id|tour booking க்கு ஆதார் எண் {nid}",
        ],
        [
            "negative|CSK {sc} ல ஜெயிச்சது! group க்கு ஒரு meme caption எழுது",
            "negative|பஜனை ஞாயிறு மாலை {t}, ஹால் {room}",
        ],
    ),
    "ml": (
        ["wifi_password|Houseboat wifi: {ssid}, password {wpw}, ഗ്രൂപ്പിലേക്ക് ഇടാമോ"],
        [
            "phone|പള്ളി പെരുന്നാളിന്റെ volunteers: ജിതിന്റെ നമ്പർ {phone}",
            "address|കല്യാണം ക്ഷണം: {addr}",
            "upi_id|Onam sadya contribution ₹350, GPay {upi}",
        ],
        [
            "negative|Kerala Blasters {sc} ന് ജയിച്ചു 🔥 group-ലേക്ക് ഒരു caption",
            "negative|Choir practice ശനിയാഴ്ച {t}, ഹാൾ {room}",
        ],
    ),
    "th": (
        [
            "wifi_password|ไวไฟบ้านพักที่เขาใหญ่ ชื่อ {ssid} รหัส {wpw} ช่วยเขียนป้ายต้อนรับหน่อย",
            "door_code|รหัสประตูคอนโด {code} ชั้น 12 นะ",
        ],
        [
            "phone|สรุปแชทกลุ่มผู้ปกครอง: ติดต่อครูอรอุมา {phone} เรื่องทัศนศึกษา",
            "national_id|จองทัวร์ต้องใช้เลขบัตรประชาชน {nid}",
            "payment_handle|ค่าหมูกระทะคนละ 259 บาท โอนพร้อมเพย์ {phone} นะ",
        ],
        [
            "negative|ทีมเราชนะ {sc} ได้ที่ 2 ของลีก ช่วยเขียนแคปชั่นให้หน่อย",
            "negative|ทำบุญวันอาทิตย์ {t} น. ที่ศาลาการเปรียญ ห้อง {room}",
        ],
    ),
    "lo": (
        ["wifi_password|ໄວໄຟເຮືອນພັກ {ssid} ລະຫັດ {wpw} ຊ່ວຍຂຽນໃຫ້ແຂກແດ່"],
        [
            "phone|ບຸນມີ ເບີໂທ {phone} ສຳລັບງານບຸນ",
            "address|ງານແຕ່ງດອງ: {addr}",
            "national_id|ຈອງປີ້ລົດໄຟລາວ-ຈີນ ຕ້ອງໃຊ້ເລກບັດ {nid}",
        ],
        [
            "negative|ທີມບານເຕະພວກເຮົາຊະນະ {sc} ອາທິດໜ້າແຂ່ງເວລາ {t}",
            "negative|ງານບຸນທາດຫຼວງ ເລີ່ມ {t} ໂມງ, ລົດເມສາຍ {bus}",
        ],
    ),
    "km": (
        ["wifi_password|វ៉ាយហ្វាយផ្ទះសំណាក់ {ssid} ពាក្យសម្ងាត់ {wpw}"],
        [
            "phone|លេខទូរស័ព្ទបងដារ៉ា {phone} សម្រាប់កម្មវិធីបុណ្យ",
            "address|ពិធីមង្គលការ នៅ {addr}",
            "payment_handle|ផ្ញើលុយតាម ABA {phone} ម្នាក់ 10$",
        ],
        [
            "negative|ក្រុមបាល់ទាត់យើងឈ្នះ {sc} ប្រកួតបន្ទាប់ម៉ោង {t}",
            "negative|ពិធីបុណ្យកឋិន ម៉ោង {t} នៅវត្ត សាលា {room}",
        ],
    ),
    "ko": (
        [
            "wifi_password|펜션 와이파이 {ssid} 비번 {wpw} 단톡방에 올릴 공지 써줘",
            "door_code|현관 비밀번호 {code}* 이에요 ㅎㅎ 집들이 초대 문자 써줘",
            "shared_login|넷플 공유 계정 {email} / {pw} 프로필 건드리지 마세요 ㅠ",
        ],
        [
            "phone|동호회 회장님 연락처 {phone} 로 회비 문의",
            "address|집들이 토요일 6시, 주소는 {addr}",
            "national_id|여행자보험 가입에 주민번호 필요: {nid}",
            "payment_handle|회비 3만원씩 총무 토스로 보내주세요 (총무 번호 {phone})",
        ],
        [
            "negative|우리 조기축구팀 {sc}로 이김 ㅋㅋ 다음 경기 일요일 {t}",
            "negative|성가대 연습 수요일 {t}, 교육관 {room}호, 찬송가 {hymn}장",
        ],
    ),
    "ja": (
        [
            "wifi_password|コテージのWi-Fiは{ssid}、パスワード{wpw}です。案内文を作って",
            "door_code|キーボックスの暗証番号は{code}です、返却忘れずに",
            "gift_card|Amazonギフト券のコード {gift} 、幹事へのお礼にLINEで送る文面考えて",
        ],
        [
            "phone|PTAの連絡網まとめて：遠足の件は佐藤さん {phone} まで",
            "address|新年会の会場は私の家です：{addr}",
            "national_id|町内会の書類にマイナンバー書くの？ {nid}",
            "email|サークルの新歓の申し込みは {email} まで送ってください",
        ],
        [
            "negative|フットサル {sc}で勝った！次の試合は日曜{t}から、コート{n}番",
            "negative|合唱団の練習 水曜{t} 公民館 {room}室",
            "negative|飲み会 4人で 18,400円、一人いくら？",
        ],
    ),
    "zh": (
        [
            "wifi_password|民宿WiFi：{ssid} 密码 {wpw}，帮我写个入住须知",
            "door_code|门锁密码 {code}，进门后换鞋哈",
            "shared_login|爱奇艺会员共享账号 {email} 密码 {pw} 别改密码啊",
        ],
        [
            "phone|帮我总结家长群：春游的事找王老师 {phone}",
            "national_id|订高铁票需要身份证号：{nid}",
            "address|乔迁宴周六晚上六点，地址 {addr}",
            "payment_handle|AA 一人 86 块，微信转我就行，手机号 {phone}",
        ],
        [
            "negative|我们队 {sc} 赢了！下周日 {t} 在 {n} 号场",
            "negative|合唱团周三 {t} 排练，活动室 {room}",
            "negative|聚餐一共 1288 元，8 个人 AA 每人多少？",
        ],
    ),
    "zh_tw": (
        [
            "wifi_password|露營區 Wi-Fi {ssid} 密碼 {wpw}，幫我寫成公告",
            "door_code|大門密碼 {code}，電梯到 8 樓",
        ],
        [
            "national_id|訂團體票要身分證字號：{nid}",
            "phone|幫我整理家長群：校外教學找林老師 {phone}",
            "address|喬遷請客，地址：{addr}",
        ],
        ["negative|我們 {sc} 贏了！下週六 {t} 再戰", "negative|詩班練習週四 {t}，教室 {room}"],
    ),
    "ka": (
        ["wifi_password|სასტუმრო სახლის WiFi {ssid}, პაროლი {wpw}"],
        [
            "phone|გუნდის კაპიტანი: {phone}",
            "address|ქორწილი შაბათს, {addr}",
            "national_id|ტურის დაჯავშნისთვის პირადი ნომერი: {nid}",
        ],
        [
            "negative|ჩვენ მოვიგეთ {sc}! შემდეგი მატჩი კვირას {t}",
            "negative|გუნდის რეპეტიცია ოთხშაბათს {t}, ოთახი {room}",
        ],
    ),
    "hy": (
        ["wifi_password|Տնակի WiFi՝ {ssid}, գաղտնաբառ {wpw}"],
        [
            "phone|Երգչախմբի ղեկավարի հեռախոսը՝ {phone}",
            "address|Տնամուտի խնջույք շաբաթ օրը՝ {addr}",
            "email|Գրանցման համար գրեք {email}",
        ],
        [
            "negative|Մենք հաղթեցինք {sc}, հաջորդ խաղը կիրակի {t}",
            "negative|Պատարագը կիրակի {t}, դահլիճ {room}",
        ],
    ),
    "am": (
        ["wifi_password|የእንግዳ ቤቱ ዋይፋይ {ssid} የይለፍ ቃል {wpw}"],
        [
            "phone|የዕድሩ ሰብሳቢ ስልክ {phone}",
            "address|የሰርግ ጥሪ፡ {addr}",
            "national_id|ለጉዞ ምዝገባ የፋይዳ ቁጥር፡ {nid}",
        ],
        ["negative|ቡድናችን {sc} አሸነፈ፣ ቀጣዩ ጨዋታ እሁድ {t}", "negative|የቤተክርስቲያን መዘምራን ልምምድ ረቡዕ {t}"],
    ),
    "vi": (
        [
            "wifi_password|Wifi homestay Đà Lạt: {ssid} mk {wpw}, viết giúp mình thông báo",
            "shared_login|Tk Netflix chung: {email} pass {pw} đừng đổi nha",
        ],
        [
            "phone|Tóm tắt nhóm phụ huynh: liên hệ cô Hương {phone} về chuyến dã ngoại",
            "national_id|Đặt tour cần CCCD: {nid}",
            "address|Tân gia thứ 7 lúc 18h, {addr}",
        ],
        [
            "negative|Đội mình thắng {sc}, trận sau chủ nhật {t}",
            "negative|Ca đoàn tập thứ 4 lúc {t}, phòng {room}",
        ],
    ),
    "id": (
        [
            "wifi_password|WiFi villa Puncak: {ssid} pw {wpw}, tolong bikin pengumuman",
            "gift_card|Voucher Google Play buat hadiah arisan: {gift}",
        ],
        [
            "phone|Ringkas grup arisan: kalau mau titip uang hubungi Bu Dewi {phone}",
            "national_id|Buat booking tiket kereta pake NIK {nid}",
            "address|Syukuran rumah baru Sabtu jam 4 sore di {addr}",
        ],
        [
            "negative|Tim futsal kita menang {sc}, main lagi Minggu jam {t}",
            "negative|Pengajian malam Jumat jam {t} di aula {room}",
        ],
    ),
    "tl": (
        [
            "wifi_password|Yung wifi ng resort sa Batangas: {ssid} pw {wpw} pa-share sa gc",
            "shared_login|Shared Spotify namin: {email} pass {pw} wag niyo palitan ha",
        ],
        [
            "payment_handle|Ambagan sa outing ₱850 each, GCash {phone} (Kristine)",
            "phone|Paki-summarize yung gc ng mga parents: for the field trip i-text si Ma'am Joy {phone}",
            "address|Debut ni Mae sa {addr}, 6pm sharp 🎉",
        ],
        [
            "negative|Panalo kami {sc} sa liga! next game Sunday {t}",
            "negative|Choir practice Sabado {t}, room {room}, Simbang Gabi sched tba",
        ],
    ),
    "sw": (
        ["wifi_password|WiFi ya nyumba ya likizo: {ssid} nenosiri {wpw}"],
        [
            "payment_handle|Mchango wa harusi, tuma M-Pesa kwa {phone} (Wanjiku)",
            "phone|Mwenyekiti wa chama: {phone}",
            "address|Sherehe ya kuzaliwa ni {addr}",
        ],
        [
            "negative|Timu yetu ilishinda {sc}, mechi ijayo Jumapili saa {t}",
            "negative|Mazoezi ya kwaya Jumatano saa {t}, chumba {room}",
        ],
    ),
}


# ---------------------------------------------------------------- structured turns

ALL = list(LANGS)
ctx = lambda lg, what: f"{LANGS[lg]['name']}; {what}"  # noqa: E731


def lbl(lg: str, k: str) -> str:
    return LANGS[lg]["lbl"][k]


def roster(lg: str, fmt: str) -> None:
    cols = ["name", "phone", "email", "dob"]
    rows, secrets = [], []
    for _ in range(R.randint(3, 5)):
        p, e, b = phone(lg), email(lg), dob(lg)
        secrets += [p, e, b]
        rows.append([nm(lg), p, e, b])
    head = [lbl(lg, c) for c in cols]
    if fmt == "csv":
        body = "\n".join(",".join(r) for r in [head, *rows])
    elif fmt == "tsv":
        body = "\n".join("\t".join(r) for r in [head, *rows])
    else:
        body = "| " + " | ".join(head) + " |\n|" + "---|" * len(head) + "\n"
        body += "\n".join("| " + " | ".join(r) + " |" for r in rows)
    intro = R.choice(
        [
            "can you sort this sign-up sheet by birthday and flag duplicates?\n\n",
            "📋\n",
            "Roster for the trip ⬇️ make it a nice table pls\n",
            "",
            "pasted from the google form:\n```\n",
        ]
    )
    text = intro + body + ("\n```" if intro.endswith("```\n") else "")
    P("roster", ctx(lg, f"sign-up roster ({fmt})"), text, *secrets)


def wa_export(lg: str) -> None:
    neg = [x.split("|", 1)[1] for x in TPL[lg][2]]
    sender_p = phone(lg)
    a = addr(lg)
    e = email(lg)
    n1, n2 = nm(lg), nm(lg)
    y = R.choice([2023, 2024, 2025])
    mo = R.randint(1, 12)
    lines = []
    style = R.choice(["wa", "wa_us", "tg", "line", "signal"])
    msgs = [
        (n1, fill(lg, R.choice(neg))[0]),
        (sender_p, f"{lbl(lg, 'addr')}: {a}"),
        (n2, "👍👍"),
        (n1, f"{lbl(lg, 'email')} → {e}"),
    ]
    for i, (who, body) in enumerate(msgs):
        dd, hh, mm = R.randint(1, 28), R.randint(8, 22), R.randint(0, 59)
        if style == "wa":
            lines.append(
                f"[{dd:02d}.{mo:02d}.{y % 100}, {hh:02d}:{mm:02d}:{R.randint(0, 59):02d}] {who}: {body}"
            )
        elif style == "wa_us":
            lines.append(
                f"{mo}/{dd}/{y % 100}, {hh % 12 or 12}:{mm:02d} {'PM' if hh >= 12 else 'AM'} - {who}: {body}"
            )
        elif style == "tg":
            lines.append(f"{who}, [{dd:02d}.{mo:02d}.{y} {hh:02d}:{mm:02d}]\n{body}")
        elif style == "line":
            if i == 0:
                lines.append(f"{y}/{mo:02d}/{dd:02d}")
            lines.append(f"{hh:02d}:{mm:02d}\t{who}\t{body}")
        else:
            lines.append(f"{who} ({hh:02d}:{mm:02d}): {body}")
    intro = R.choice(
        ["summarise this chat:\n", "", "TL;DR please 🙏\n\n", "who is bringing what? chat below\n"]
    )
    P(
        "chat_export",
        ctx(lg, f"group chat export ({style})"),
        intro + "\n".join(lines),
        sender_p,
        a,
        e,
    )


DIGW = {
    "en": "zero,one,two,three,four,five,six,seven,eight,nine",
    "de": "null,eins,zwei,drei,vier,fünf,sechs,sieben,acht,neun",
    "fr": "zéro,un,deux,trois,quatre,cinq,six,sept,huit,neuf",
    "es": "cero,uno,dos,tres,cuatro,cinco,seis,siete,ocho,nueve",
    "pt_br": "zero,um,dois,três,quatro,cinco,meia,sete,oito,nove",
    "it": "zero,uno,due,tre,quattro,cinque,sei,sette,otto,nove",
    "ru": "ноль,один,два,три,четыре,пять,шесть,семь,восемь,девять",
    "pl": "zero,jeden,dwa,trzy,cztery,pięć,sześć,siedem,osiem,dziewięć",
    "tr": "sıfır,bir,iki,üç,dört,beş,altı,yedi,sekiz,dokuz",
    "nl": "nul,een,twee,drie,vier,vijf,zes,zeven,acht,negen",
    "el": "μηδέν,ένα,δύο,τρία,τέσσερα,πέντε,έξι,επτά,οκτώ,εννιά",
    "ko": "공,일,이,삼,사,오,육,칠,팔,구",
    "ja": "ゼロ,いち,に,さん,よん,ご,ろく,なな,はち,きゅう",
    "zh": "零,幺,二,三,四,五,六,七,八,九",
    "ar": "صفر,واحد,اتنين,تلاتة,أربعة,خمسة,ستة,سبعة,تمانية,تسعة",
    "hi": "शून्य,एक,दो,तीन,चार,पाँच,छह,सात,आठ,नौ",
    "th": "ศูนย์,หนึ่ง,สอง,สาม,สี่,ห้า,หก,เจ็ด,แปด,เก้า",
    "he": "אפס,אחת,שתיים,שלוש,ארבע,חמש,שש,שבע,שמונה,תשע",
    "sv": "noll,ett,två,tre,fyra,fem,sex,sju,åtta,nio",
    "uk": "нуль,один,два,три,чотири,пʼять,шість,сім,вісім,девʼять",
}
DICT_INTRO = {
    "en": "(voice message) ok write this down, my new number is",
    "de": "(Sprachnachricht) also meine neue Nummer ist",
    "fr": "(dictée) alors mon nouveau numéro c'est",
    "es": "(nota de voz) apunta mi número nuevo",
    "pt_br": "(áudio) anota aí meu número novo",
    "it": "(vocale) segnati il mio nuovo numero",
    "ru": "(голосовое) запиши мой новый номер",
    "pl": "(głosówka) zapisz mój nowy numer",
    "tr": "(sesli mesaj) yeni numaramı yaz",
    "nl": "(ingesproken) mijn nieuwe nummer is",
    "el": "(φωνητικό) γράψε το νέο μου κινητό",
    "ko": "(음성메모) 내 새 번호 적어",
    "ja": "（音声入力）新しい番号は",
    "zh": "（语音转文字）我新手机号是",
    "ar": "(رسالة صوتية) اكتب رقمي الجديد",
    "hi": "(voice note) मेरा नया नंबर लिखो",
    "th": "(ข้อความเสียง) จดเบอร์ใหม่นะ",
    "he": "(הודעה קולית) תרשום את המספר החדש שלי",
    "sv": "(röstmeddelande) skriv upp mitt nya nummer",
    "uk": "(голосове) запиши мій новий номер",
}


def dictated(lg: str) -> None:
    words = DIGW[lg].split(",")
    num = "".join(ch for ch in phone(lg) if ch.isdigit())
    if num.startswith(("1", "7")) and lg in ("en", "ru"):
        num = num[1:]
    sep = "" if lg in ("ja", "zh", "th") and R.random() < 0.5 else " "
    spoken = sep.join(words[int(c)] for c in num)
    tail = R.choice(["", ".", " ok?", " 👍", "..."])
    text = f"{DICT_INTRO[lg]} {spoken}{tail}"
    P("phone_dictated", ctx(lg, "voice-dictated phone number"), text, spoken)


NAT = {
    "de": "D",
    "fr": "FRA",
    "es": "ESP",
    "it": "ITA",
    "nl": "NLD",
    "pl": "POL",
    "tr": "TUR",
    "en": "USA",
    "en_gb": "GBR",
    "pt_br": "BRA",
    "ja": "JPN",
    "ko": "KOR",
    "zh": "CHN",
    "hi": "IND",
    "th": "THA",
    "vi": "VNM",
    "uk": "UKR",
    "el": "GRC",
    "he": "ISR",
    "sv": "SWE",
    "id": "IDN",
    "tl": "PHL",
}
ROMAN = [
    "SCHNEIDER",
    "OKAFOR",
    "NGUYEN",
    "KOWALSKA",
    "YILMAZ",
    "TANAKA",
    "FERREIRA",
    "MORETTI",
    "DUBOIS",
    "PAPADOPOULOU",
    "LINDQVIST",
    "KIM",
    "SHARMA",
    "COHEN",
    "HOFFMANN",
    "SANTOS",
]


def travel(lg: str, with_mrz: bool) -> None:
    pn = passno(lg).replace(" ", "")
    y, m, d = rand_date(1960, 2006)
    b = dob(lg)
    secrets = [pn, b]
    if with_mrz:
        nat = NAT.get(lg, "UTO").ljust(3, "<")
        sur = R.choice(ROMAN)
        given = R.choice(LANGS[lg]["lat"]).upper()
        z = mrz(nat, sur, given, pn, y, m, d, R.choice("MF"))
        l1, l2 = z.split("\n")
        text = f"OCR of my passport photo page for the group booking, can you pull out the fields?\n\n{l1}\n{l2}"
        secrets = [l2]
        P("passport_mrz", ctx(lg, "passport MRZ pasted for a group trip"), text, *secrets)
        return
    n2 = nid(lg)
    text = R.choice(
        [
            f"{nm(lg)} — {lbl(lg, 'pass')}: {pn}, {lbl(lg, 'dob')}: {b}, {lbl(lg, 'id')}: {n2}",
            f"for the hostel booking:\n{lbl(lg, 'name')}: {nm(lg)}\n{lbl(lg, 'pass')}\n{pn}\n{lbl(lg, 'dob')}\n{b}\n{lbl(lg, 'id')} {n2}",
            f'{{"traveller": "{nm(lg)}", "passport": "{pn}", "dob": "{b}", "national_id": "{n2}"}}',
        ]
    )
    P("travel_ids", ctx(lg, "IDs for a group trip booking"), text, pn, b, n2)


def bill_split(lg: str) -> None:
    h = {
        "en": ("Venmo", venmo),
        "en_gb": ("Revolut", revtag),
        "de": ("PayPal", ppme),
        "fr": ("Lydia / PayPal", ppme),
        "es": ("Bizum", phone),
        "it": ("Satispay / PayPal", ppme),
        "nl": ("Tikkie/IBAN", mk_iban),
        "pt_br": ("Pix", pix),
        "hi": ("UPI", upi),
        "pl": ("BLIK na telefon", phone),
        "sv": ("Swish", phone),
        "no": ("Vipps", phone),
        "da": ("MobilePay", phone),
        "tr": ("IBAN", mk_iban),
        "sw": ("M-Pesa", phone),
        "tl": ("GCash", phone),
    }[lg]
    label, fn = h
    total = R.randint(90, 900)
    ppl = R.randint(3, 9)
    v1, v2 = fn(lg), fn(lg)
    text = R.choice(
        [
            f"split {total} between {ppl} of us, half goes to {nm(lg)} ({label}: {v1}) and half to {nm(lg)} ({label}: {v2}). write the message",
            f"{label}\n- {nm(lg)}: {v1}\n- {nm(lg)}: {v2}\ntotal {total}, {ppl} people, who owes what?",
            f"{nm(lg)} paid the cabin, {nm(lg)} paid groceries. send to {v1} or {v2} via {label} pls 🙏",
        ]
    )
    P("payment_handle", ctx(lg, f"bill split with {label} handles"), text, v1, v2)


def dating(lg: str) -> None:
    hd, ph = handle(lg), phone(lg)
    text = R.choice(
        [
            f"Help me reply to this match. Her bio: 'coffee snob ☕, choir alto, ask me about my cat' — she wrote 'my IG is {hd}, or just text {ph}'. too fast?",
            f"rewrite my Bumble bio, keep the contact bit: 28, climbing + board games, IG {hd} / WA {ph}",
            f"he sent his number {ph} and insta {hd} after 2 messages, what's a chill way to say I'd rather keep chatting in the app?",
        ]
    )
    P("dating_profile", ctx(lg, "dating app contact details"), text, hd, ph)


def carpool(lg: str) -> None:
    p1, p2 = plate(lg), plate(lg)
    text = R.choice(
        [
            f"Carpool to the tournament:\n🚗 {nm(lg)} – {p1} – 4 seats\n🚙 {nm(lg)} – {p2} – 3 seats\nparking permits need the plates, can you format this for the club email?",
            f"{lbl(lg, 'name')};plate;seats\n{nm(lg)};{p1};4\n{nm(lg)};{p2};2",
        ]
    )
    P("licence_plate", ctx(lg, "carpool plates for a parking permit"), text, p1, p2)


def game_log(lg: str) -> None:
    ips = [ip(lg) for _ in range(3)]
    gts = ["xX_Kr4ken_Xx", "NoobMaster", "Lenny2009", "Zebra_Queen", "Tofu", "GigaChad77", "kirby"]
    lines = []
    for i, a in enumerate(ips):
        lines.append(
            f"[{R.randint(10, 23)}:{R.randint(10, 59)}:{R.randint(10, 59)}] [Server thread/INFO]: {R.choice(gts)}[/{a}:{R.randint(40000, 65000)}] logged in with entity id {R.randint(100, 9999)} at ({R.randint(-900, 900)}.5, 64.0, {R.randint(-900, 900)}.5)"
        )
        if i == 1:
            lines.append(
                f"[{R.randint(10, 23)}:{R.randint(10, 59)}:{R.randint(10, 59)}] [Server thread/INFO]: <Tofu> lag again lol"
            )
    text = "our minecraft server keeps kicking people, log below, what's wrong?\n" + "\n".join(
        lines
    )
    P("ip_address", ctx(lg, "community game server log"), text, *ips)


def ocr_poster(lg: str) -> None:
    p = phone(lg)
    mis = p.replace("0", "O", 1).replace("1", "l", 1)
    e = email(lg)
    e_mis = (
        e.replace("@", " @ ", 1).replace(".", ",", 1)
        if R.random() < 0.5
        else e.replace("m", "rn", 1)
    )
    text = R.choice(
        [
            f"(OCR from a photo of the noticeboard)\nLOST CAT 🐈 answers to Mochi\nCALL / TEXT {mis}\nor mail {e_mis}\nREWARD",
            f"screenshot text:\nBABYSITTER available weekends\n{lbl(lg, 'phone')} {mis}\n{e_mis}\nrefs on request",
        ]
    )
    P("ocr_contact", ctx(lg, "OCR of a community noticeboard poster"), text, mis, e_mis)


def masked_pos(lg: str) -> None:
    p = phone(lg)
    d = [i for i, ch in enumerate(p) if ch.isdigit()]
    chars = list(p)
    for i in d[-2:]:
        chars[i] = "*"
    mp = "".join(chars)
    e = email(lg)
    loc, dom = e.split("@")
    me = loc[: max(4, len(loc) - 2)] + "**@" + dom
    text = R.choice(
        [
            f"the club site shows my contact as {mp} and {me}, is that enough masking or can people still find me?",
            f"screenshot says: 'we'll send the code to {mp}' and 'recovery mail {me}'. is that my old number?",
        ]
    )
    P("partially_masked", ctx(lg, "partially masked contact, still identifying"), text, mp, me)


def split_iban(lg: str) -> None:
    raw = iban(LANGS[lg]["iban"] or "DE")
    s = spaced(raw)
    cut = 14
    a, b = s[:cut].rstrip(), s[cut:].lstrip()
    text = R.choice(
        [
            f"{nm(lg)}: for the gift collection use\n{nm(lg)}: {a}\n{nm(lg)}: {b}\n{nm(lg)}: sorry autocorrect split it 🙈",
            f"msg 1: {lbl(lg, 'name')} Kasse Elternbeirat, IBAN {a}\nmsg 2: ...{b}\ncan you put this back together?",
        ]
    )
    P("iban_split", ctx(lg, "IBAN split across messages"), text, a, b)


# ---------------------------------------------------------------- secrets, structured


def bot_env(lg: str, style: str) -> None:
    tok, hook = discord_token(), discord_hook()
    tg = tg_token()
    name = R.choice(
        [
            "clubbot",
            "choir-helper",
            "raid-scheduler",
            "parents-bot",
            "flat-chores",
            "dnd-dice",
            "quizbot",
        ]
    )
    if style == "env":
        text = f"my {name} for our Discord won't start, here's the .env:\n\nDISCORD_TOKEN={tok}\nANNOUNCE_WEBHOOK={hook}\nPREFIX=!\nGUILD_NAME=Sunday League"
        S("bot_token", ctx(lg, "community Discord bot .env"), text, tok, hook)
    elif style == "yaml":
        text = f'# {name} config\nbot:\n  name: {name}\n  telegram_token: "{tg}"\n  admins: ["board", "treasurer"]\nschedule:\n  rehearsal: "Thu 19:30"'
        S("bot_token", ctx(lg, "community Telegram bot config"), text, tg)
    elif style == "json":
        st, sh = slack_token(), slack_hook()
        text = (
            "{\n"
            + f'  "workspace": "neighbourhood-watch",\n  "bot_token": "{st}",\n  "incoming_webhook": "{sh}",\n  "channel": "#general"\n'
            + "}\nwhy does it say not_authed?"
        )
        S("bot_token", ctx(lg, "neighbourhood Slack app config"), text, st, sh)
    elif style == "py":
        text = f'import discord\n\nclient = discord.Client(intents=discord.Intents.default())\n# TODO move to env lol\nclient.run("{tok}")\n\nit says improper token, help? it\'s for our {name}'
        S("bot_token", ctx(lg, "hardcoded Discord token in a hobby script"), text, tok)
    else:
        text = f"is it bad that I posted our webhook in #general? {hook}\nanyone could spam the server now?"
        S("webhook_url", ctx(lg, "community Discord webhook leaked"), text, hook)


def seed(lg: str, style: int) -> None:
    w = seed_phrase(R.choice([12, 12, 24]))
    if style == 0:
        phrase = " ".join(w)
        text = f"my uncle wrote his wallet words on the back of a church bulletin, can you check they're real words? {phrase}"
    elif style == 1:
        phrase = "\n".join(f"{i + 1}. {x}" for i, x in enumerate(w))
        text = f"recovery phrase from the crypto club workshop:\n{phrase}\nis this stored right?"
    elif style == 2:
        phrase = ", ".join(w)
        text = f"{nm(lg)} sent this in the group chat by accident 😬 '{phrase}' — should we tell her to move the funds?"
    else:
        phrase = " ".join(w).upper()
        text = f"(dictated) the twelve words are {phrase} full stop"
    S("seed_phrase", ctx(lg, "crypto wallet seed phrase in a social chat"), text, phrase)


def gift_multi(lg: str) -> None:
    g = [gift(lg) for _ in range(3)]
    brand = R.choice(
        ["Steam", "Amazon", "Google Play", "PlayStation", "Nintendo eShop", "Zalando", "iTunes"]
    )
    text = f"Raffle prizes for the youth club, {brand} codes:\n1) {g[0]}\n2) {g[1]}\n3) {g[2]}\nwrite a message for each winner"
    S("gift_card", ctx(lg, "gift card codes for a raffle"), text, *g)


def card_booking(lg: str) -> None:
    c = card()
    text = R.choice(
        [
            f"booking the villa for the hen party with my card {c} exp {R.randint(1, 12):02d}/{R.randint(26, 31)} cvc {dg(3)} — the site keeps failing, can you tell me what's wrong?",
            f"Treasurer handover: club debit card {c}, PIN in the safe. write a short handover note",
        ]
    )
    S("card_number", ctx(lg, "payment card in a group booking"), text, c)


def rental_manual(lg: str) -> None:
    s, w, c = ssid(lg), wpw(lg), code(lg)
    text = R.choice(
        [
            f'house_info:\n  wifi:\n    ssid: "{s}"\n    password: "{w}"\n  keysafe: "{c}"\n  checkout: "10:00"\nturn this into a friendly welcome message',
            f"{lbl(lg, 'wifi')}: {s}\n{lbl(lg, 'pw')}: {w}\n{lbl(lg, 'code')}: {c}\n(holiday flat for the choir trip)",
        ]
    )
    S("rental_access", ctx(lg, "holiday rental wifi + key safe"), text, w, c)


def stream_login(lg: str) -> None:
    e, p = email(lg), pw(lg)
    svc = R.choice(
        ["Netflix", "Spotify Family", "Disney+", "Xbox", "Steam", "Crunchyroll", "PlayStation"]
    )
    text = R.choice(
        [
            f"{svc} for the flat:\nuser: {e}\npass: {p}\nkeep it in the group, not on the fridge",
            f"the {svc} account we share with the cousins got locked. it's {e} and the pw was {p} — write to support for me?",
        ]
    )
    S("shared_login", ctx(lg, f"shared {svc} login"), text, e, p)


def twitch_riot(lg: str) -> None:
    which = R.choice(["twitch", "riot", "steam"])
    if which == "twitch":
        t = f"oauth:{rs(LO + DG, 30)}"
        text = f"chat bot for our community stream: PASS {t}\nNICK clubbot\nJOIN #ourclubchannel — why won't it connect?"
    elif which == "riot":
        t = f"RGAPI-{rs(HX, 8)}-{rs(HX, 4)}-{rs(HX, 4)}-{rs(HX, 4)}-{rs(HX, 12)}"
        text = f'clan stats script: api_key = "{t}" gives 403, does it expire?'
    else:
        t = rs("0123456789ABCDEF", 32)
        text = f"steam web api key for the group's achievement tracker: {t} , where do I put it in the sheet?"
    S("api_key", ctx(lg, f"{which} key for a gaming community"), text, t)


# ---------------------------------------------------------------- negatives, structured

TEAMS = [
    "FC Nordstern",
    "SV Eintracht 1912",
    "Red Lions",
    "Old Boys",
    "Atlético Barrio",
    "Dynamo Ost",
    "Sporting Vila",
    "Racing Club",
    "Kickers II",
    "Union 05",
]


def league_table() -> None:
    teams = R.sample(TEAMS, 6)
    rows = []
    for i, t in enumerate(teams):
        w, dr, lo = R.randint(2, 11), R.randint(0, 5), R.randint(0, 8)
        rows.append(
            f"| {i + 1} | {t} | {w + dr + lo} | {w} | {dr} | {lo} | {R.randint(10, 40)}:{R.randint(8, 35)} | {3 * w + dr} |"
        )
    text = (
        "Make this table bold for the newsletter and add a line about our 4th place:\n\n| # | Team | P | W | D | L | Goals | Pts |\n|---|---|---|---|---|---|---|---|\n"
        + "\n".join(rows)
    )
    N("league table for a club newsletter", text)


def fixtures() -> None:
    lines = [
        f"{R.choice(['Sa', 'So', 'Sat', 'Sun', 'sam.', 'dom.'])} {R.randint(1, 28):02d}.{R.randint(1, 12):02d}. {R.randint(9, 18)}:{R.choice(['00', '30'])}  {R.choice(TEAMS)} – {R.choice(TEAMS)}  Platz {R.randint(1, 4)}"
        for _ in range(5)
    ]
    N(
        "public youth league fixtures",
        "Spielplan U13 (öffentlich auf der Verbandsseite):\n"
        + "\n".join(lines)
        + "\nwho needs a lift? just list the away games",
    )


def masked_neg() -> None:
    text = R.choice(
        [
            f"Bank app says: card •••• {dg(4)} charged {R.randint(12, 300)},{dg(2)} € at 'Vereinsheim Kiosk'. Which of us paid the pizza then?",
            f"Receipt: VISA ************{dg(4)}  AMOUNT 86.40 EUR  AUTH OK. is that the club card or mine?",
            f"Transfer to IBAN ending …{dg(2)} executed, ref 'Sommerfest'. Tell the group it's done",
            f"Phone number on file: +** *** *** **{dg(2)} – is that even mine, I can't tell lol",
        ]
    )
    N("fully masked values", text)


def lottery() -> None:
    nums = sorted(R.sample(range(1, 50), 6))
    N(
        "office/club lottery syndicate results",
        f"Lotto 6aus49 am Samstag: {', '.join(map(str, nums))}, Superzahl {R.randint(0, 9)}. Our syndicate had 3 right, 12,40 € each? lol",
    )


def book_club() -> None:
    N(
        "book club",
        f"Book club pick for March: 'The Remains of the Day', ISBN {isbn13()}, 258 pages, we meet 14 March 19:00 at the library, room 2. Discussion questions pls?",
    )


def hymns() -> None:
    N(
        "church service plan",
        f"Sunday service plan: Entrance hymn {R.randint(100, 800)}, Psalm 23, Reading Romans 8:28-39, Gospel John 11:1-45, Offertory {R.randint(100, 800)}, Recessional {R.randint(100, 800)}. Choir warm-up 9:15 in the vestry.",
    )


def flight_info() -> None:
    f, g = GEN["flight"](""), GEN["gate"]("")
    N(
        "group trip flight info (no passenger data)",
        f"Trip plan for the choir tour: flight {f} departs 06:40 from gate {g}, boarding 06:05, arrival 10:15 local, then bus {R.randint(100, 999)} to the old town. Can you make a timeline?",
    )


def wordle() -> None:
    N(
        "family Wordle results",
        f"Family Wordle scores today:\nWordle {R.randint(1000, 1400):,} 4/6\n⬜🟨⬜⬜🟩\n🟩⬜🟨⬜🟩\n🟩🟩🟩⬜🟩\n🟩🟩🟩🟩🟩\nGrandpa got it in 3 again, write a mock-outraged reply",
    )


def mods() -> None:
    N(
        "game server mod list",
        f"Server is on {GEN['ver']('')} with Fabric Loader 0.15.{R.randint(1, 11)}, mods: Sodium 0.5.{R.randint(1, 8)}, Lithium 0.12.{R.randint(0, 3)}, Iris 1.7.{R.randint(0, 3)}. RAM 6 GB, view distance 12. Why is TPS dropping to 14?",
    )


def channels() -> None:
    N(
        "community Discord channel plan",
        "Proposed channels for the book club server:\n#announcements (read-only)\n#general\n#currently-reading\n#spoilers-ch1-10\n#memes\nvoice: 📚 Reading Room, 🎲 Game Night\nroles: @Moderator, @Bookworm, @New. Suggest emojis?",
    )


def run_times() -> None:
    N(
        "running club results",
        f"Club 10K results: 1st 38:12, 2nd 39:47, 3rd 41:05, our average pace 5:21/km, course record 33:58 (2019). Total raised for charity: {R.randint(800, 4000)} €. Draft the thank-you post",
    )


def match_ids() -> None:
    N(
        "public esports/gaming match IDs",
        f"Dota 2 match {GEN['mid']('')}: we lost 23–41 after 47:12, my KDA 4/9/17, GPM 412. Also match {GEN['mid']('')} was a win. Write a roast for the clan chat",
    )


def chess() -> None:
    N(
        "chess club",
        "Chess club puzzle of the week, FEN: r1bqkb1r/pppp1ppp/2n2n2/4p2Q/2B1P3/8/PPPP1PPP/RNB1K1NR w KQkq - 4 4 — white to move and win. Rating cutoff for the B-team is 1500 Elo",
    )


def bus_plan() -> None:
    N(
        "public transport plan for a group outing",
        f"Outing Saturday: meet 9:40 at the main station, S-Bahn S{R.randint(1, 8)} at 9:52 from platform {R.randint(1, 12)}, change to bus {R.randint(100, 199)} at 10:21, zoo opens 10:00, group ticket 54,00 € for 5",
    )


def budget() -> None:
    items = [
        ("hall rent", 180),
        ("food", R.randint(200, 400)),
        ("decorations", R.randint(40, 90)),
        ("DJ", 250),
        ("drinks", R.randint(100, 300)),
    ]
    lines = "\n".join(f"{a}: {b} €" for a, b in items)
    N(
        "event budget",
        f"Summer fest budget ({R.randint(60, 140)} guests):\n{lines}\nticket price if we want to break even? kids under 12 free",
    )


NEG_STRUCT = [
    league_table,
    fixtures,
    masked_neg,
    lottery,
    book_club,
    hymns,
    flight_info,
    wordle,
    mods,
    run_times,
    match_ids,
    bus_plan,
    budget,
]

EXTRA_NEG = [
    (
        "de",
        "Nachbarschaftsflohmarkt am 7.9. von 10 bis 16 Uhr, Standgebühr 8 €, Aufbau ab 8:30, Tische 1,80 m. Schreib einen Aushang fürs Treppenhaus",
    ),
    (
        "fr",
        "Loto de l'école dimanche 14h, carton 3 €, les 6 cartons 15 €, gros lot : un vélo. Ouverture des portes 13h15, salle des fêtes",
    ),
    (
        "es",
        "Quiniela de la peña: 1 X 2 1 1 X 2 2 1 X 1 1 2 X, pleno al 15: 2-1. ¿Quién acertó más?",
    ),
    (
        "it",
        "Tombola di Natale: cartella 2 €, ambo 5 €, terno 10 €, tombola 40 €. Quanti soldi servono per i premi se vendiamo 80 cartelle?",
    ),
    (
        "pt_br",
        "Bolão da Copa: 32 participantes, R$ 20 cada, prêmio R$ 640; placar exato vale 5 pontos, vencedor 3. Faz a tabela?",
    ),
    (
        "ru",
        "Турнир по шахматам в клубе: 9 туров, контроль 15+10, взнос 500 ₽, начало в 11:00, зал 3",
    ),
    (
        "tr",
        "Mahalle iftarı: 120 kişi, 15 masa, iftar saati 19:42, teravih 21:15. Oturma planı yapar mısın?",
    ),
    (
        "ja",
        "町内会の夏祭り：7月27日 16時〜21時、盆踊り19時、焼きそば300円、かき氷200円。ポスターの文案お願い",
    ),
    (
        "ko",
        "동창회 회비 정산: 참석 23명, 식대 1,380,000원, 1인당 60,000원, 남는 돈은 다음 모임으로 이월",
    ),
    ("zh", "广场舞队比赛：第3名，得分 87.5，下周三晚上7点半在文化中心二楼排练"),
    ("hi", "Society holi milan 14 मार्च सुबह 10 बजे, DJ ₹8000, गुजिया 200 pieces, हर flat से ₹700"),
    (
        "ar",
        "دوري الحارة: فريقنا ٣ نقاط من ٤ مباريات، الماتش الجاي الخميس الساعة ٩ بالليل في الملعب رقم ٢",
    ),
    ("he", "ליגת הכדורסל השכונתית: ניצחנו 78–71, המשחק הבא ביום שלישי ב-20:30 באולם 2"),
    (
        "pl",
        "Festyn parafialny: loteria fantowa, los 5 zł, 300 losów, grill od 13:00, msza polowa o 12:00",
    ),
    (
        "el",
        "Πανηγύρι του χωριού 15 Αυγούστου, ορχήστρα από τις 21:00, είσοδος 10 €, λαχειοφόρος 2 € ο λαχνός",
    ),
    (
        "sv",
        "Loppis på fritidsgården lördag 10–14, bordshyra 50 kr, fika 20 kr, Swish-nummer till kassan sitter på väggen",
    ),
    (
        "en",
        "Fantasy league update: I'm 7th of 12 with 1,284 pts, gameweek 23 captain scored 2, transfers cost -8. Trash talk draft pls",
    ),
    (
        "en_gb",
        "Allotment society AGM: Tues 7:30pm, village hall, plot fees up from £38 to £42, 14 plots vacant, agenda item 6: the shed",
    ),
    (
        "vi",
        "Hội đồng hương họp mặt chủ nhật 9h, quỹ còn 12.450.000đ, chi tiệc 6.800.000đ, còn dư bao nhiêu?",
    ),
    (
        "id",
        "Lomba 17-an RT: balap karung jam 8, panjat pinang jam 14, hadiah total Rp 1.500.000, 45 peserta",
    ),
]


# ---------------------------------------------------------------- build


def build() -> None:
    for lg in ALL:
        sec, pii, neg = TPL[lg]
        run_templates(lg, "secret", sec, "social/community chat turn")
        run_templates(lg, "pii", pii, "social/community chat turn")
        run_templates(lg, "negative", neg, "social/community chat turn")
    for i, lg in enumerate(ALL[:14]):
        roster(lg, ["csv", "tsv", "md"][i % 3])
    for lg in ALL[14:28]:
        wa_export(lg)
    for lg in list(DIGW)[:13]:
        dictated(lg)
    for i, lg in enumerate(
        ["de", "fr", "es", "it", "pl", "tr", "en", "ko", "zh", "hi", "uk", "he"]
    ):
        travel(lg, with_mrz=i % 3 == 0)
    for lg in ["en", "en_gb", "de", "nl", "pt_br", "hi", "sv", "no", "sw", "tl"]:
        bill_split(lg)
    for lg in ["en", "es", "fr", "pt_br", "tr", "ko"]:
        dating(lg)
    for lg in ["de", "fr", "es", "en_gb", "ru", "ko"]:
        carpool(lg)
    for lg in ["en", "de", "pl", "pt_br", "ru", "tr"]:
        game_log(lg)
    for lg in ["en", "fr", "de", "it", "sv"]:
        ocr_poster(lg)
    for lg in ["en", "de", "ja", "ko", "ar", "hi"]:
        masked_pos(lg)
    for lg in ["de", "fr", "es", "nl", "pl"]:
        split_iban(lg)
    styles = ["env", "yaml", "json", "py", "hook"]
    for i, lg in enumerate(
        ["en", "de", "fr", "es", "pt_br", "ru", "pl", "tr", "ja", "ko", "en_gb", "nl"]
    ):
        bot_env(lg, styles[i % 5])
    for i, lg in enumerate(["en", "de", "es", "tr", "vi", "ko", "pt_br", "ru", "fr", "id"]):
        seed(lg, i % 4)
    for lg in ["en", "de", "pl", "pt_br", "fr", "en_gb"]:
        gift_multi(lg)
    for lg in ["en", "en_gb", "de", "fr", "es", "it"]:
        card_booking(lg)
    for lg in ["de", "fr", "it", "pl", "el", "tr", "ko", "ja"]:
        rental_manual(lg)
    for lg in ["en", "de", "es", "fr", "pt_br", "ru", "id", "pl"]:
        stream_login(lg)
    for lg in ["en", "de", "ko", "pt_br", "pl", "ru"]:
        twitch_riot(lg)
    for _ in range(5):
        for f in NEG_STRUCT:
            f()
    chess()
    channels()
    for lg, text in EXTRA_NEG:
        N(f"{LANGS[lg]['name']}; social/community chat turn", text)


def main() -> None:
    build()
    with OUT.open("w", encoding="utf-8", newline="\n") as fh:
        for row in ROWS:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    out = sys.stdout
    out.write(f"{len(ROWS)} rows -> {OUT}\n")
    out.write(f"{Counter(r['category'] for r in ROWS)}\n")
    out.write(f"{Counter(r['kind'] for r in ROWS)}\n")


if __name__ == "__main__":
    main()
