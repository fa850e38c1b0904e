# ruff: noqa: E501
"""Blind scrub corpus #8.

Written blind: the scrubber's source, its tests, its docs, the benchmark script
and the earlier corpora were not opened while this file was written (only the
first lines of ``make_blind5.py`` were read, for the row format and the checks
of the ``add()`` helper). The contents come only from general knowledge of what
developers, admins and office workers paste into a chat assistant while asking
for help, and of the public shapes of credentials and personal data.

Deterministic: every random value comes from one seeded ``random.Random`` and
the rows are written in a fixed order, so running
``python bench/data/scrub/make_blind8.py`` again writes the same
``blind8.jsonl`` (next to this script) byte for byte. Standard library only.

One JSON object per line::

    {"text": str, "category": "secret" | "pii" | "negative", "kind": str,
     "secrets": [str, ...], "context": str}

``secrets`` holds exact substrings of ``text`` (each at least 6 characters)
that must not survive scrubbing: the secret value itself (never its name), a
person's identifying numbers, contact details, full street addresses (one
string when written together), dates of birth. Bank and branch codes that only
identify an institution, and numbers of public institutions and companies, are
not labelled. Negatives have kind ``"negative"`` and an empty list: nothing in
them is secret or personal, and they must come out unchanged.

No published test values are used: no documented example keys, no published
test card numbers, no reserved example domains, no fictional phone ranges, no
documentation IP ranges. Identity numbers carry valid check digits where their
format has one; IBANs are valid; card numbers pass the Luhn check.
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

R = random.Random(8_0712_2026)
OUT = Path(__file__).with_name("blind8.jsonl")

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


# ---------------------------------------------------------------- random bits


def rs(chars: str, n: int) -> str:
    return "".join(R.choice(chars) for _ in range(n))


def rd(n: int) -> str:
    return rs(DG, n)


def rnz(n: int) -> str:
    return R.choice("123456789") + rd(n - 1)


def rhex(n: int) -> str:
    return rs(HX, n)


def rbytes(n: int) -> bytes:
    return bytes(R.getrandbits(8) for _ in range(n))


def rb64(n: int) -> str:
    return base64.b64encode(rbytes(n)).decode()


def rb64u(n: int) -> str:
    return base64.urlsafe_b64encode(rbytes(n)).decode().rstrip("=")


def b64u(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode()
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def ruuid() -> str:
    h = rhex(32)
    h = h[:12] + "4" + h[13:16] + R.choice("89ab") + h[17:]
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def wrap(s: str, width: int = 64) -> str:
    return "\n".join(s[i : i + width] for i in range(0, len(s), width))


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


def dob(lo: int = 1952, hi: int = 2004) -> tuple[int, int, int]:
    y = R.randint(lo, hi)
    m = R.randint(1, 12)
    d = R.randint(1, 28)
    return y, m, d


def pw_human() -> str:
    base = R.choice(
        [
            "Sommer",
            "Winter",
            "Hamburg",
            "Bella",
            "Marseille",
            "Azzurro",
            "Kopenhagen",
            "Frambuesa",
            "Gdansk",
            "Sakura",
            "Tigre",
            "Pantera",
            "Kaktus",
            "Lisboa",
            "Orkan",
            "Fenrir",
            "Zuckerwatte",
            "Cortado",
            "Mistral",
            "Hornet",
            "Tulpe",
            "Bruschetta",
        ]
    )
    return base + str(R.randint(1970, 2025)) + R.choice("!#$%&*?+.@") + rs(AN, R.randint(0, 3))


def pw_random(n: int = 16) -> str:
    while True:
        p = rs(AN + "!#%&*+-=?@^_", n)
        if (
            any(c.isdigit() for c in p)
            and any(c.isupper() for c in p)
            and any(c.islower() for c in p)
        ):
            return p


def pw_phrase() -> str:
    return R.choice("-._").join(R.sample(BIP39, 4)) + str(R.randint(10, 99))


# The BIP39 English word list (2048 words, in order).
_BIP39_WORDS = """
abandon ability able about above absent absorb abstract absurd abuse access accident
account accuse achieve acid acoustic acquire across act action actor actress actual
adapt add addict address adjust admit adult advance advice aerobic affair afford afraid
again age agent agree ahead aim air airport aisle alarm album alcohol alert alien all
alley allow almost alone alpha already also alter always amateur amazing among amount
amused analyst anchor ancient anger angle angry animal ankle announce annual another
answer antenna antique anxiety any apart apology appear apple approve april arch arctic
area arena argue arm armed armor army around arrange arrest arrive arrow art artefact
artist artwork ask aspect assault asset assist assume asthma athlete atom attack attend
attitude attract auction audit august aunt author auto autumn average avocado avoid
awake aware away awesome awful awkward axis baby bachelor bacon badge bag balance
balcony ball bamboo banana banner bar barely bargain barrel base basic basket battle
beach bean beauty because become beef before begin behave behind believe below belt
bench benefit best betray better between beyond bicycle bid bike bind biology bird birth
bitter black blade blame blanket blast bleak bless blind blood blossom blouse blue blur
blush board boat body boil bomb bone bonus book boost border boring borrow boss bottom
bounce box boy bracket brain brand brass brave bread breeze brick bridge brief bright
bring brisk broccoli broken bronze broom brother brown brush bubble buddy budget buffalo
build bulb bulk bullet bundle bunker burden burger burst bus business busy butter buyer
buzz cabbage cabin cable cactus cage cake call calm camera camp can canal cancel candy
cannon canoe canvas canyon capable capital captain car carbon card cargo carpet carry
cart case cash casino castle casual cat catalog catch category cattle caught cause
caution cave ceiling celery cement census century cereal certain chair chalk champion
change chaos chapter charge chase chat cheap check cheese chef cherry chest chicken
chief child chimney choice choose chronic chuckle chunk churn cigar cinnamon circle
citizen city civil claim clap clarify claw clay clean clerk clever click client cliff
climb clinic clip clock clog close cloth cloud clown club clump cluster clutch coach
coast coconut code coffee coil coin collect color column combine come comfort comic
common company concert conduct confirm congress connect consider control convince cook
cool copper copy coral core corn correct cost cotton couch country couple course cousin
cover coyote crack cradle craft cram crane crash crater crawl crazy cream credit creek
crew cricket crime crisp critic crop cross crouch crowd crucial cruel cruise crumble
crunch crush cry crystal cube culture cup cupboard curious current curtain curve cushion
custom cute cycle dad damage damp dance danger daring dash daughter dawn day deal debate
debris decade december decide decline decorate decrease deer defense define defy degree
delay deliver demand demise denial dentist deny depart depend deposit depth deputy
derive describe desert design desk despair destroy detail detect develop device devote
diagram dial diamond diary dice diesel diet differ digital dignity dilemma dinner
dinosaur direct dirt disagree discover disease dish dismiss disorder display distance
divert divide divorce dizzy doctor document dog doll dolphin domain donate donkey donor
door dose double dove draft dragon drama drastic draw dream dress drift drill drink drip
drive drop drum dry duck dumb dune during dust dutch duty dwarf dynamic eager eagle
early earn earth easily east easy echo ecology economy edge edit educate effort egg
eight either elbow elder electric elegant element elephant elevator elite else embark
embody embrace emerge emotion employ empower empty enable enact end endless endorse
enemy energy enforce engage engine enhance enjoy enlist enough enrich enroll ensure
enter entire entry envelope episode equal equip era erase erode erosion error erupt
escape essay essence estate eternal ethics evidence evil evoke evolve exact example
excess exchange excite exclude excuse execute exercise exhaust exhibit exile exist exit
exotic expand expect expire explain expose express extend extra eye eyebrow fabric face
faculty fade faint faith fall false fame family famous fan fancy fantasy farm fashion
fat fatal father fatigue fault favorite feature february federal fee feed feel female
fence festival fetch fever few fiber fiction field figure file film filter final find
fine finger finish fire firm first fiscal fish fit fitness fix flag flame flash flat
flavor flee flight flip float flock floor flower fluid flush fly foam focus fog foil
fold follow food foot force forest forget fork fortune forum forward fossil foster found
fox fragile frame frequent fresh friend fringe frog front frost frown frozen fruit fuel
fun funny furnace fury future gadget gain galaxy gallery game gap garage garbage garden
garlic garment gas gasp gate gather gauge gaze general genius genre gentle genuine
gesture ghost giant gift giggle ginger giraffe girl give glad glance glare glass glide
glimpse globe gloom glory glove glow glue goat goddess gold good goose gorilla gospel
gossip govern gown grab grace grain grant grape grass gravity great green grid grief
grit grocery group grow grunt guard guess guide guilt guitar gun gym habit hair half
hammer hamster hand happy harbor hard harsh harvest hat have hawk hazard head health
heart heavy hedgehog height hello helmet help hen hero hidden high hill hint hip hire
history hobby hockey hold hole holiday hollow home honey hood hope horn horror horse
hospital host hotel hour hover hub huge human humble humor hundred hungry hunt hurdle
hurry hurt husband hybrid ice icon idea identify idle ignore ill illegal illness image
imitate immense immune impact impose improve impulse inch include income increase index
indicate indoor industry infant inflict inform inhale inherit initial inject injury
inmate inner innocent input inquiry insane insect inside inspire install intact interest
into invest invite involve iron island isolate issue item ivory jacket jaguar jar jazz
jealous jeans jelly jewel job join joke journey joy judge juice jump jungle junior junk
just kangaroo keen keep ketchup key kick kid kidney kind kingdom kiss kit kitchen kite
kitten kiwi knee knife knock know lab label labor ladder lady lake lamp language laptop
large later latin laugh laundry lava law lawn lawsuit layer lazy leader leaf learn leave
lecture left leg legal legend leisure lemon lend length lens leopard lesson letter level
liar liberty library license life lift light like limb limit link lion liquid list
little live lizard load loan lobster local lock logic lonely long loop lottery loud
lounge love loyal lucky luggage lumber lunar lunch luxury lyrics machine mad magic
magnet maid mail main major make mammal man manage mandate mango mansion manual maple
marble march margin marine market marriage mask mass master match material math matrix
matter maximum maze meadow mean measure meat mechanic medal media melody melt member
memory mention menu mercy merge merit merry mesh message metal method middle midnight
milk million mimic mind minimum minor minute miracle mirror misery miss mistake mix
mixed mixture mobile model modify mom moment monitor monkey monster month moon moral
more morning mosquito mother motion motor mountain mouse move movie much muffin mule
multiply muscle museum mushroom music must mutual myself mystery myth naive name napkin
narrow nasty nation nature near neck need negative neglect neither nephew nerve nest net
network neutral never news next nice night noble noise nominee noodle normal north nose
notable note nothing notice novel now nuclear number nurse nut oak obey object oblige
obscure observe obtain obvious occur ocean october odor off offer office often oil okay
old olive olympic omit once one onion online only open opera opinion oppose option
orange orbit orchard order ordinary organ orient original orphan ostrich other outdoor
outer output outside oval oven over own owner oxygen oyster ozone pact paddle page pair
palace palm panda panel panic panther paper parade parent park parrot party pass patch
path patient patrol pattern pause pave payment peace peanut pear peasant pelican pen
penalty pencil people pepper perfect permit person pet phone photo phrase physical piano
picnic picture piece pig pigeon pill pilot pink pioneer pipe pistol pitch pizza place
planet plastic plate play please pledge pluck plug plunge poem poet point polar pole
police pond pony pool popular portion position possible post potato pottery poverty
powder power practice praise predict prefer prepare present pretty prevent price pride
primary print priority prison private prize problem process produce profit program
project promote proof property prosper protect proud provide public pudding pull pulp
pulse pumpkin punch pupil puppy purchase purity purpose purse push put puzzle pyramid
quality quantum quarter question quick quit quiz quote rabbit raccoon race rack radar
radio rail rain raise rally ramp ranch random range rapid rare rate rather raven raw
razor ready real reason rebel rebuild recall receive recipe record recycle reduce
reflect reform refuse region regret regular reject relax release relief rely remain
remember remind remove render renew rent reopen repair repeat replace report require
rescue resemble resist resource response result retire retreat return reunion reveal
review reward rhythm rib ribbon rice rich ride ridge rifle right rigid ring riot ripple
risk ritual rival river road roast robot robust rocket romance roof rookie room rose
rotate rough round route royal rubber rude rug rule run runway rural sad saddle sadness
safe sail salad salmon salon salt salute same sample sand satisfy satoshi sauce sausage
save say scale scan scare scatter scene scheme school science scissors scorpion scout
scrap screen script scrub sea search season seat second secret section security seed
seek segment select sell seminar senior sense sentence series service session settle
setup seven shadow shaft shallow share shed shell sheriff shield shift shine ship shiver
shock shoe shoot shop short shoulder shove shrimp shrug shuffle shy sibling sick side
siege sight sign silent silk silly silver similar simple since sing siren sister situate
six size skate sketch ski skill skin skirt skull slab slam sleep slender slice slide
slight slim slogan slot slow slush small smart smile smoke smooth snack snake snap sniff
snow soap soccer social sock soda soft solar soldier solid solution solve someone song
soon sorry sort soul sound soup source south space spare spatial spawn speak special
speed spell spend sphere spice spider spike spin spirit split spoil sponsor spoon sport
spot spray spread spring spy square squeeze squirrel stable stadium staff stage stairs
stamp stand start state stay steak steel stem step stereo stick still sting stock
stomach stone stool story stove strategy street strike strong struggle student stuff
stumble style subject submit subway success such sudden suffer sugar suggest suit summer
sun sunny sunset super supply supreme sure surface surge surprise surround survey
suspect sustain swallow swamp swap swarm swear sweet swift swim swing switch sword
symbol symptom syrup system table tackle tag tail talent talk tank tape target task
taste tattoo taxi teach team tell ten tenant tennis tent term test text thank that theme
then theory there they thing this thought three thrive throw thumb thunder ticket tide
tiger tilt timber time tiny tip tired tissue title toast tobacco today toddler toe
together toilet token tomato tomorrow tone tongue tonight tool tooth top topic topple
torch tornado tortoise toss total tourist toward tower town toy track trade traffic
tragic train transfer trap trash travel tray treat tree trend trial tribe trick trigger
trim trip trophy trouble truck true truly trumpet trust truth try tube tuition tumble
tuna tunnel turkey turn turtle twelve twenty twice twin twist two type typical ugly
umbrella unable unaware uncle uncover under undo unfair unfold unhappy uniform unique
unit universe unknown unlock until unusual unveil update upgrade uphold upon upper upset
urban urge usage use used useful useless usual utility vacant vacuum vague valid valley
valve van vanish vapor various vast vault vehicle velvet vendor venture venue verb
verify version very vessel veteran viable vibrant vicious victory video view village
vintage violin virtual virus visa visit visual vital vivid vocal voice void volcano
volume vote voyage wage wagon wait walk wall walnut want warfare warm warrior wash wasp
waste water wave way wealth weapon wear weasel weather web wedding weekend weird welcome
west wet whale what wheat wheel when where whip whisper wide width wife wild will win
window wine wing wink winner winter wire wisdom wise wish witness wolf woman wonder wood
wool word work world worry worth wrap wreck wrestle wrist write wrong yard year yellow
you young youth zebra zero zone zoo
"""
BIP39 = _BIP39_WORDS.split()
assert len(BIP39) == 2048
assert (
    hashlib.sha256(("\n".join(BIP39) + "\n").encode()).hexdigest()
    == "2f5eed53a4727b4bf8880d8f3f199efc90e58503646d9ff8eff3a2ed3b24dbda"
)


# ------------------------------------------------------------ check digits

TEST_CARDS = {
    "4111111111111111",
    "4242424242424242",
    "4012888888881881",
    "4000056655665556",
    "5555555555554444",
    "5105105105105100",
    "5200828282828210",
    "2223003122003222",
    "378282246310005",
    "371449635398431",
    "6011111111111117",
    "6011000990139424",
    "3530111333300000",
    "3566002020360505",
    "4000000000000002",
    "4000000000000077",
}


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


def luhn_ok(num: str) -> bool:
    return luhn_digit(num[:-1]) == num[-1]


def card(brand: str = "visa") -> str:
    if brand == "visa":
        prefix, length = "4" + R.choice(["1", "2", "4", "5", "7", "9"]), 16
    elif brand == "mc":
        prefix, length = R.choice(["51", "52", "53", "54", "55", str(R.randint(2221, 2720))]), 16
    elif brand == "amex":
        prefix, length = R.choice(["34", "37"]), 15
    elif brand == "discover":
        prefix, length = R.choice(["6011", "65"]), 16
    elif brand == "jcb":
        prefix, length = str(R.randint(3528, 3589)), 16
    else:  # unionpay
        prefix, length = "62" + R.choice(["22", "58", "84"]), 16
    while True:
        body = prefix + rd(length - len(prefix) - 1)
        num = body + luhn_digit(body)
        if num not in TEST_CARDS and len(set(num[4:])) > 4:
            assert luhn_ok(num)
            return num


def fmt_card(num: str, sep: str = " ") -> str:
    if len(num) == 15:
        return sep.join([num[:4], num[4:10], num[10:]])
    return sep.join(num[i : i + 4] for i in range(0, len(num), 4))


def mod97_iban(cc: str, bban: str) -> str:
    s = bban + cc + "00"
    num = "".join(str(int(c, 36)) for c in s)
    return cc + f"{98 - int(num) % 97:02d}" + bban


def iban_ok(iban: str) -> bool:
    s = iban[4:] + iban[:4]
    return int("".join(str(int(c, 36)) for c in s)) % 97 == 1


CF_ODD = dict(
    zip(
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
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


def cf_check(code: str) -> str:
    s = 0
    for i, ch in enumerate(code):
        if i % 2 == 0:
            s += CF_ODD[ch]
        else:
            s += int(ch) if ch.isdigit() else ord(ch) - 65
    return chr(65 + s % 26)


def iban(cc: str) -> str:
    if cc == "DE":
        bban = rnz(8) + rd(10)
    elif cc == "AT":
        bban = rnz(5) + rd(11)
    elif cc == "CH":
        bban = "00" + rnz(3) + rd(12)
    elif cc == "GB":
        bban = (
            R.choice(["NWBK", "BARC", "LOYD", "HBUK", "MIDL", "NAIA", "SRLG", "MONZ"])
            + rd(6)
            + rd(8)
        )
    elif cc == "IE":
        bban = R.choice(["AIBK", "BOFI", "IPBS"]) + rd(6) + rd(8)
    elif cc == "NL":
        bban = R.choice(["INGB", "ABNA", "RABO", "SNSB", "TRIO", "BUNQ", "KNAB", "ASNB"]) + rnz(10)
    elif cc == "FR":
        bank = R.choice(["30004", "30003", "20041", "30002", "10278", "16606", "30066"])
        branch, acct = rd(5), rd(11)
        key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(acct)) % 97
        bban = f"{bank}{branch}{acct}{key:02d}"
    elif cc == "ES":
        bank = R.choice(["2100", "0049", "0182", "0081", "2085", "0128", "1465"])
        branch, acct = rd(4), rd(10)
        w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]

        def dc(s: str) -> str:
            v = 11 - sum(int(c) * w[i] for i, c in enumerate(s)) % 11
            return "0" if v == 11 else "1" if v == 10 else str(v)

        bban = bank + branch + dc("00" + bank + branch) + dc(acct) + acct
    elif cc == "IT":
        body = R.choice(["03069", "02008", "05034", "03062", "08327"]) + rd(5) + rd(12)
        bban = cf_check(body) + body
    elif cc == "BE":
        first = R.choice(
            ["001", "063", "068", "310", "363", "734", "735", "737", "143", "088", "973"]
        ) + rd(7)
        c = int(first) % 97 or 97
        bban = f"{first}{c:02d}"
    elif cc == "PL":
        bban = rnz(8) + rd(16)
    elif cc == "PT":
        body = R.choice(["0035", "0033", "0010", "0007", "0036"]) + rd(4) + rd(11)
        bban = body + f"{98 - (int(body) * 100) % 97:02d}"
    elif cc == "SE":
        bban = R.choice(["500", "800", "600", "300"]) + rd(17)
    elif cc == "NO":
        while True:
            body = rnz(10)
            w = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]
            c = 11 - sum(int(x) * w[i] for i, x in enumerate(body)) % 11
            if c == 11:
                c = 0
            if c < 10:
                bban = body + str(c)
                break
    elif cc == "DK":
        bban = rnz(4) + rd(10)
    elif cc == "FI":
        bban = rnz(6) + rd(8)
    elif cc == "TR":
        bban = rnz(5) + "0" + rd(16)
    elif cc == "CZ":
        bban = R.choice(["0800", "0100", "0300", "2010"]) + rd(16)
    else:  # GR
        bban = R.choice(["011", "017", "026", "014"]) + rd(4) + rd(16)
    out = mod97_iban(cc, bban)
    assert iban_ok(out), out
    return out


def fmt_iban(s: str) -> str:
    return " ".join(s[i : i + 4] for i in range(0, len(s), 4))


def ssn() -> str:
    while True:
        a = R.randint(1, 899)
        if a != 666:
            break
    return f"{a:03d}-{R.randint(1, 99):02d}-{R.randint(1, 9999):04d}"


def nino() -> str:
    bad = set("DFIQUV")
    first = [c for c in UP if c not in bad]
    second = [c for c in UP if c not in bad and c != "O"]
    while True:
        p = R.choice(first) + R.choice(second)
        if p not in {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"}:
            break
    return f"{p} {rd(2)} {rd(2)} {rd(2)} {R.choice('ABCD')}"


def nhs() -> str:
    while True:
        d = [R.choice([4, 6, 7])] + [R.randint(0, 9) for _ in range(8)]
        c = 11 - sum(x * (10 - i) for i, x in enumerate(d)) % 11
        if c == 11:
            c = 0
        if c == 10:
            continue
        n = "".join(map(str, d)) + str(c)
        return f"{n[:3]} {n[3:6]} {n[6:]}"


def steuer_id() -> str:
    while True:
        digs = R.sample(range(10), 9)
        digs.append(R.choice(digs))
        R.shuffle(digs)
        if digs[0] == 0:
            continue
        product = 10
        for d in digs:
            s = (d + product) % 10 or 10
            product = (s * 2) % 11
        c = (11 - product) % 10
        n = "".join(map(str, digs)) + str(c)
        return f"{n[:2]} {n[2:5]} {n[5:8]} {n[8:]}"


def nir(sex: int, y: int, m: int) -> str:
    dept = R.choice(["75", "69", "13", "33", "59", "31", "44", "67", "06", "92", "93", "35", "38"])
    base = f"{sex}{y % 100:02d}{m:02d}{dept}{R.randint(1, 400):03d}{R.randint(1, 999):03d}"
    key = 97 - int(base) % 97
    return f"{base[0]} {base[1:3]} {base[3:5]} {base[5:7]} {base[7:10]} {base[10:13]} {key:02d}"


def dni() -> str:
    n = R.randint(10_000_000, 79_999_999)
    return f"{n:08d}{'TRWAGMYFPDXBNJZSQVHLCKE'[n % 23]}"


def nie() -> str:
    p = R.randint(0, 2)
    n = rd(7)
    return f"{'XYZ'[p]}{n}{'TRWAGMYFPDXBNJZSQVHLCKE'[int(str(p) + n) % 23]}"


def _cf_part(s: str, is_name: bool = False) -> str:
    s = "".join(c for c in unicodedata.normalize("NFKD", s.upper()) if c in UP)
    cons = [c for c in s if c not in "AEIOU"]
    vow = [c for c in s if c in "AEIOU"]
    if is_name and len(cons) >= 4:
        cons = [cons[0], cons[2], cons[3]]
    return ("".join(cons + vow) + "XXX")[:3]


def codice_fiscale(surname: str, name: str, y: int, m: int, d: int, female: bool) -> str:
    town = R.choice(["H501", "F205", "F839", "L219", "A944", "D612", "G273", "L736"])
    code = (
        _cf_part(surname)
        + _cf_part(name, True)
        + f"{y % 100:02d}"
        + "ABCDEHLMPRST"[m - 1]
        + f"{d + (40 if female else 0):02d}"
        + town
    )
    return code + cf_check(code)


def bsn() -> str:
    while True:
        d = [R.randint(1, 6)] + [R.randint(0, 9) for _ in range(7)]
        c = sum(x * (9 - i) for i, x in enumerate(d)) % 11
        if c < 10:
            return "".join(map(str, d)) + str(c)


def pesel(y: int, m: int, d: int, female: bool) -> str:
    base = f"{y % 100:02d}{m + (20 if y >= 2000 else 0):02d}{d:02d}{rd(3)}{R.choice('02468' if female else '13579')}"
    w = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]
    s = sum(int(c) * w[i] for i, c in enumerate(base))
    return base + str((10 - s % 10) % 10)


def personnummer(y: int, m: int, d: int) -> str:
    base = f"{y % 100:02d}{m:02d}{d:02d}{rd(3)}"
    return f"{y}{m:02d}{d:02d}-{base[6:]}{luhn_digit(base)}"


def hetu(y: int, m: int, d: int) -> str:
    nnn = f"{R.randint(2, 899):03d}"
    c = "0123456789ABCDEFHJKLMNPRSTUVWXY"[int(f"{d:02d}{m:02d}{y % 100:02d}{nnn}") % 31]
    return f"{d:02d}{m:02d}{y % 100:02d}{'-' if y < 2000 else 'A'}{nnn}{c}"


def fodselsnummer(y: int, m: int, d: int) -> str:
    while True:
        base = [int(c) for c in f"{d:02d}{m:02d}{y % 100:02d}"] + [
            int(c) for c in f"{R.randint(0, 499) if y < 2000 else R.randint(500, 999):03d}"
        ]
        k1 = 11 - sum(a * b for a, b in zip(base, [3, 7, 6, 1, 8, 9, 4, 5, 2], strict=True)) % 11
        k1 = 0 if k1 == 11 else k1
        if k1 == 10:
            continue
        k2 = (
            11
            - sum(a * b for a, b in zip([*base, k1], [5, 4, 3, 2, 7, 6, 5, 4, 3, 2], strict=True))
            % 11
        )
        k2 = 0 if k2 == 11 else k2
        if k2 == 10:
            continue
        return "".join(map(str, base)) + f"{k1}{k2}"


def be_nn(y: int, m: int, d: int) -> str:
    seq = f"{R.randint(1, 997):03d}"
    body = f"{y % 100:02d}{m:02d}{d:02d}{seq}"
    c = 97 - int(("2" if y >= 2000 else "") + body) % 97
    return f"{body[:2]}.{body[2:4]}.{body[4:6]}-{seq}.{c:02d}"


def uk_driving(surname: str, first: str, y: int, m: int, d: int, female: bool) -> str:
    s = "".join(c for c in surname.upper() if c in UP)[:5].ljust(5, "9")
    return f"{s}{str(y)[2]}{m + (50 if female else 0):02d}{d:02d}{str(y)[3]}{first[0].upper()}9{R.choice('9' + DG)}{rs(UP, 2)}"


MBI_A = "ACDEFGHJKMNPQRTUVWXY"


def mbi() -> str:
    an = MBI_A + DG
    s = (
        R.choice("123456789")
        + R.choice(MBI_A)
        + R.choice(an)
        + R.choice(DG)
        + R.choice(MBI_A)
        + R.choice(an)
        + R.choice(DG)
        + R.choice(MBI_A)
        + R.choice(MBI_A)
        + rd(2)
    )
    return f"{s[:4]}-{s[4:7]}-{s[7:]}"


def sin_ca() -> str:
    base = R.choice("1234567") + rd(7)
    n = base + luhn_digit(base)
    return f"{n[:3]} {n[3:6]} {n[6:]}"


def tfn() -> str:
    w = [1, 4, 3, 7, 5, 8, 6, 9, 10]
    while True:
        d = [R.randint(1, 9)] + [R.randint(0, 9) for _ in range(7)]
        last = sum(a * b for a, b in zip(d, w[:8], strict=True)) % 11
        if last < 10:
            d.append(last)
            assert sum(a * b for a, b in zip(d, w, strict=True)) % 11 == 0
            n = "".join(map(str, d))
            return f"{n[:3]} {n[3:6]} {n[6:]}"


def au_medicare() -> str:
    d = [R.randint(2, 6)] + [R.randint(0, 9) for _ in range(7)]
    c = sum(a * b for a, b in zip(d, [1, 3, 7, 9, 1, 3, 7, 9], strict=True)) % 10
    n = "".join(map(str, d)) + str(c) + str(R.randint(1, 5))
    return f"{n[:4]} {n[4:9]} {n[9]}"


def cpf() -> str:
    while True:
        d = [R.randint(0, 9) for _ in range(9)]
        if len(set(d)) > 2:
            break
    for n in (10, 11):
        r = sum(x * (n - i) for i, x in enumerate(d)) * 10 % 11
        d.append(0 if r == 10 else r)
    s = "".join(map(str, d))
    return f"{s[:3]}.{s[3:6]}.{s[6:9]}-{s[9:]}"


def cn_id(y: int, m: int, d: int, female: bool) -> str:
    area = R.choice(["110105", "110108", "310104", "110101", "310101"])
    body = f"{area}{y:04d}{m:02d}{d:02d}{R.randint(0, 99):02d}{R.choice('02468' if female else '13579')}"
    w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return body + "10X98765432"[sum(int(c) * w[i] for i, c in enumerate(body)) % 11]


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


def aadhaar() -> str:
    base = R.choice("23456789") + rd(10)
    n = base + verhoeff_digit(base)
    assert verhoeff_ok(n)
    return f"{n[:4]} {n[4:8]} {n[8:]}"


def pan_in(surname: str) -> str:
    return rs(UP, 3) + "P" + surname[0].upper() + rd(4) + R.choice(UP)


def my_number() -> str:
    base = rnz(11)
    s = sum(int(base[11 - n]) * (n + 1 if n <= 6 else n - 5) for n in range(1, 12))
    r = s % 11
    n = base + str(0 if r <= 1 else 11 - r)
    return f"{n[:4]} {n[4:8]} {n[8:]}"


def rrn_kr(y: int, m: int, d: int, female: bool) -> str:
    g = (3 if y >= 2000 else 1) + (1 if female else 0)
    body = f"{y % 100:02d}{m:02d}{d:02d}{g}{R.randint(0, 88):02d}{rd(3)}"
    w = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5]
    c = (11 - sum(int(x) * w[i] for i, x in enumerate(body)) % 11) % 10
    return f"{body[:6]}-{body[6:]}{c}"


def za_id(y: int, m: int, d: int, female: bool) -> str:
    body = f"{y % 100:02d}{m:02d}{d:02d}{R.randint(0, 4999) if female else R.randint(5000, 9999):04d}08"
    return body + luhn_digit(body)


CURP_CH = "0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ"


def curp(ap: str, am: str, name: str, y: int, m: int, d: int, female: bool, state: str) -> str:
    def clean(s: str) -> str:
        return "".join(c for c in unicodedata.normalize("NFKD", s.upper()) if c in UP)

    ap, am, name = clean(ap), clean(am), clean(name)

    def first_int_vowel(s: str) -> str:
        return next((c for c in s[1:] if c in "AEIOU"), "X")

    def first_int_cons(s: str) -> str:
        return next((c for c in s[1:] if c not in "AEIOU"), "X")

    body = (
        ap[0]
        + first_int_vowel(ap)
        + am[0]
        + name[0]
        + f"{y % 100:02d}{m:02d}{d:02d}"
        + ("M" if female else "H")
        + state
        + first_int_cons(ap)
        + first_int_cons(am)
        + first_int_cons(name)
        + (R.choice(DG) if y < 2000 else R.choice(UP))
    )
    s = sum(CURP_CH.index(c) * (18 - i) for i, c in enumerate(body))
    return body + str((10 - s % 10) % 10)


def tckn() -> str:
    d = [R.randint(1, 9)] + [R.randint(0, 9) for _ in range(8)]
    d.append(((d[0] + d[2] + d[4] + d[6] + d[8]) * 7 - (d[1] + d[3] + d[5] + d[7])) % 10)
    d.append(sum(d) % 10)
    return "".join(map(str, d))


def il_id() -> str:
    d = [R.randint(0, 9) for _ in range(8)]
    d[0] = R.randint(0, 3)
    s = 0
    for i, x in enumerate(d):
        p = x * (1 if i % 2 == 0 else 2)
        s += p // 10 + p % 10
    return "".join(map(str, d)) + str((10 - s % 10) % 10)


def nif_pt() -> str:
    while True:
        d = [R.choice([1, 2])] + [R.randint(0, 9) for _ in range(7)]
        c = 11 - sum(x * (9 - i) for i, x in enumerate(d)) % 11
        c = 0 if c >= 10 else c
        return "".join(map(str, d)) + str(c)


def rut_cl() -> str:
    body = R.randint(9_000_000, 24_999_999)
    s, w = 0, 2
    for ch in reversed(str(body)):
        s += int(ch) * w
        w = 2 if w == 7 else w + 1
    r = 11 - s % 11
    dv = "0" if r == 11 else "K" if r == 10 else str(r)
    b = f"{body:,}".replace(",", ".")
    return f"{b}-{dv}"


def ahv() -> str:
    body = "756" + rd(9)
    s = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(body))
    n = body + str((10 - s % 10) % 10)
    return f"{n[:3]}.{n[3:7]}.{n[7:11]}.{n[11:]}"


def ppsn() -> str:
    d = rd(7)
    s = sum(int(c) * (8 - i) for i, c in enumerate(d)) + 9 * 1
    return d + "WABCDEFGHIJKLMNOPQRSTUV"[s % 23] + "A"


def svnr_at(y: int, m: int, d: int) -> str:
    w = [3, 7, 9, 5, 8, 4, 2, 1, 6]
    while True:
        serial = rnz(3)
        digits = serial + f"{d:02d}{m:02d}{y % 100:02d}"
        c = sum(int(x) * w[i] for i, x in enumerate(digits)) % 11
        if c < 10:
            return f"{serial}{c} {d:02d}{m:02d}{y % 100:02d}"


def amka(y: int, m: int, d: int) -> str:
    body = f"{d:02d}{m:02d}{y % 100:02d}{rd(4)}"
    return body + luhn_digit(body)


def snils() -> str:
    while True:
        d = rnz(9)
        s = sum(int(c) * (9 - i) for i, c in enumerate(d))
        if s < 100:
            c = s
        elif s in (100, 101):
            c = 0
        else:
            c = s % 101
            c = 0 if c == 100 else c
        return f"{d[:3]}-{d[3:6]}-{d[6:]} {c:02d}"


def inn_ru() -> str:
    d = [int(c) for c in R.choice(["77", "78", "50", "54", "66", "16"]) + rd(8)]
    w11 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8]
    d.append(sum(a * b for a, b in zip(d, w11, strict=True)) % 11 % 10)
    w12 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]
    d.append(sum(a * b for a, b in zip(d, w12, strict=True)) % 11 % 10)
    return "".join(map(str, d))


def letter_num(c: str) -> str:
    return f"{ord(c) - 64:02d}"


def kvnr() -> str:
    letter = R.choice(UP)
    body = rd(8)
    digits = letter_num(letter) + body
    s = 0
    for i, ch in enumerate(digits):
        p = int(ch) * (1 if i % 2 == 0 else 2)
        s += p // 10 + p % 10
    return f"{letter}{body}{s % 10}"


def rvnr(y: int, m: int, d: int, surname: str, female: bool) -> str:
    area = R.choice(["12", "13", "15", "23", "24", "28", "42", "53", "65"])
    letter = "".join(c for c in unicodedata.normalize("NFKD", surname.upper()) if c in UP)[0]
    serial = f"{R.randint(50, 99) if female else R.randint(0, 49):02d}"
    digits = area + f"{d:02d}{m:02d}{y % 100:02d}" + letter_num(letter) + serial
    w = [2, 1, 2, 5, 7, 1, 2, 1, 2, 1, 2, 1]
    s = 0
    for i, ch in enumerate(digits):
        p = int(ch) * w[i]
        s += p // 10 + p % 10
    return f"{area} {d:02d}{m:02d}{y % 100:02d} {letter} {serial}{s % 10}"


PA_CH = "CFGHJKLMNPRTVWXYZ0123456789"


def mrz_digit(s: str) -> str:
    w = [7, 3, 1]
    tot = 0
    for i, c in enumerate(s):
        v = int(c) if c.isdigit() else 0 if c == "<" else ord(c) - 55
        tot += v * w[i % 3]
    return str(tot % 10)


def de_ausweis() -> str:
    n = R.choice("LMNPRTVWXY") + rs(PA_CH, 8)
    return n + mrz_digit(n)


def de_pass() -> str:
    return "C" + rs(PA_CH, 8)


def rnd_ip() -> str:
    first = R.choice(
        [
            24,
            31,
            37,
            46,
            62,
            73,
            77,
            78,
            79,
            80,
            81,
            82,
            84,
            85,
            86,
            87,
            88,
            89,
            91,
            93,
            95,
            98,
            109,
            151,
            176,
            178,
            185,
            188,
            212,
            213,
            217,
        ]
    )
    return f"{first}.{R.randint(1, 254)}.{R.randint(0, 255)}.{R.randint(1, 254)}"


def rnd_ip6() -> str:
    pre = R.choice(["2a02:8109", "2003:e6", "2a01:cb1d", "2601:645", "2a00:23c7", "2001:1c02"])
    return pre + ":" + ":".join(f"{R.getrandbits(16):x}" for _ in range(8 - pre.count(":") - 1))


def rnd_mac(sep: str = ":") -> str:
    oui = R.choice(
        [
            "3c:22:fb",
            "a4:83:e7",
            "f0:18:98",
            "dc:a6:32",
            "b8:27:eb",
            "70:85:c2",
            "d8:3a:dd",
            "48:e7:da",
        ]
    )
    return sep.join(oui.split(":") + [f"{R.getrandbits(8):02x}" for _ in range(3)])


# ------------------------------------------------------------------ phones


US_AREAS = [
    "212",
    "312",
    "415",
    "617",
    "646",
    "720",
    "503",
    "404",
    "512",
    "614",
    "919",
    "206",
    "303",
    "734",
    "971",
    "773",
    "702",
    "813",
    "267",
    "860",
]


def phone(cc: str) -> str:
    if cc == "us":
        ex = R.randint(201, 989)
        while ex == 555 or ex % 100 == 11:
            ex = R.randint(201, 989)
        a = R.choice(US_AREAS)
        line = rd(4)
        return R.choice(
            [f"({a}) {ex}-{line}", f"{a}-{ex}-{line}", f"+1 {a} {ex} {line}", f"{a}.{ex}.{line}"]
        )
    if cc == "uk":
        while True:
            n = "7" + R.choice("4589") + rd(8)
            if not n.startswith("7700900"):
                break
        return R.choice(
            [f"0{n[:4]} {n[4:]}", f"+44 {n[:4]} {n[4:]}", f"+44 (0){n[:4]} {n[4:7]} {n[7:]}"]
        )
    if cc == "de":
        p = R.choice(
            [
                "151",
                "152",
                "157",
                "160",
                "162",
                "170",
                "171",
                "172",
                "173",
                "175",
                "176",
                "177",
                "178",
                "179",
            ]
        )
        n = rd(8 if p.startswith("15") else 7)
        return R.choice(
            [f"0{p} {n}", f"+49 {p} {n}", f"0{p}/{n[:3]} {n[3:]}", f"+49 (0){p} {n[:4]} {n[4:]}"]
        )
    if cc == "fr":
        while True:
            n = R.choice(["61", "62", "64", "65", "66", "67", "68", "75", "76", "77", "78"]) + rd(7)
            if not n.startswith("63998"):
                break
        return R.choice(
            [
                f"0{n[0]} {n[1:3]} {n[3:5]} {n[5:7]} {n[7:]}",
                f"+33 {n[0]} {n[1:3]} {n[3:5]} {n[5:7]} {n[7:]}",
                f"0{n}",
            ]
        )
    if cc == "es":
        n = R.choice(["6" + rd(1), "7" + R.choice("1234")]) + rd(7)
        return R.choice([f"{n[:3]} {n[3:6]} {n[6:]}", f"+34 {n[:3]} {n[3:5]} {n[5:7]} {n[7:]}"])
    if cc == "it":
        n = "3" + R.choice("2345789") + rd(8)
        return R.choice([f"{n[:3]} {n[3:6]} {n[6:]}", f"+39 {n[:3]} {n[3:]}"])
    if cc == "nl":
        n = R.choice("12345") + rd(7)
        return R.choice(
            [f"06-{n}", f"+31 6 {n[:2]} {n[2:4]} {n[4:6]} {n[6:]}", f"06 {n[:4]} {n[4:]}"]
        )
    if cc == "pl":
        n = R.choice(["50", "51", "53", "57", "60", "66", "69", "72", "73", "78", "79", "88"]) + rd(
            7
        )
        return R.choice([f"+48 {n[:3]} {n[3:6]} {n[6:]}", f"{n[:3]}-{n[3:6]}-{n[6:]}"])
    if cc == "br":
        ddd = R.choice(["11", "21", "31", "41", "51", "61", "71", "81", "85", "19"])
        n = "9" + R.choice("6789") + rd(7)
        return R.choice([f"({ddd}) {n[:5]}-{n[5:]}", f"+55 {ddd} {n[:5]}-{n[5:]}"])
    if cc == "in":
        n = R.choice("6789") + rd(9)
        return R.choice([f"+91 {n[:5]} {n[5:]}", f"+91-{n}", f"0{n[:5]} {n[5:]}"])
    if cc == "jp":
        p = R.choice(["090", "080", "070"])
        return f"{p}-{rnz(4)}-{rd(4)}"
    if cc == "cn":
        n = R.choice(
            [
                "130",
                "131",
                "133",
                "135",
                "136",
                "137",
                "138",
                "139",
                "150",
                "151",
                "152",
                "155",
                "158",
                "159",
                "176",
                "177",
                "180",
                "181",
                "186",
                "187",
                "188",
                "189",
                "199",
            ]
        ) + rd(8)
        return R.choice([f"{n[:3]} {n[3:7]} {n[7:]}", f"+86 {n}", n])
    if cc == "kr":
        return f"010-{R.choice('234678')}{rd(3)}-{rd(4)}"
    if cc == "ru":
        n = "9" + R.choice("0123456789") + rd(8)
        return R.choice(
            [f"+7 ({n[:3]}) {n[3:6]}-{n[6:8]}-{n[8:]}", f"8 {n[:3]} {n[3:6]} {n[6:8]} {n[8:]}"]
        )
    if cc == "tr":
        n = "5" + R.choice("0345") + rd(8)
        return R.choice([f"0{n[:3]} {n[3:6]} {n[6:8]} {n[8:]}", f"+90 {n[:3]} {n[3:6]} {n[6:]}"])
    if cc == "au":
        n = "4" + R.choice("0123") + rd(7)
        return R.choice([f"0{n[:3]} {n[3:6]} {n[6:]}", f"+61 {n[:3]} {n[3:6]} {n[6:]}"])
    if cc == "se":
        n = "7" + R.choice("0236") + rd(7)
        return R.choice(
            [f"0{n[:2]}-{n[2:5]} {n[5:7]} {n[7:]}", f"+46 {n[:2]} {n[2:5]} {n[5:7]} {n[7:]}"]
        )
    if cc == "mx":
        return f"+52 55 {rnz(4)} {rd(4)}"
    if cc == "za":
        return f"0{R.choice(['72', '82', '83', '71', '61'])} {rd(3)} {rd(4)}"
    if cc == "ch":
        return f"+41 7{R.choice('6789')} {rd(3)} {rd(2)} {rd(2)}"
    if cc == "ar":
        return f"+54 9 11 {R.choice('2345678')}{rd(3)}-{rd(4)}"
    if cc == "gr":
        return f"69{R.choice('3457')} {rd(3)} {rd(4)}"
    if cc == "cz":
        return f"+420 {R.choice(['601', '602', '603', '604', '605', '606', '607', '608', '702', '720', '724', '731', '734', '737', '739', '773', '775', '777', '792', '797'])} {rd(3)} {rd(3)}"
    raise ValueError(cc)


# --------------------------------------------------------------- tokens etc.


def aws_id(prefix: str = "AKIA") -> str:
    return prefix + rs(UP + "234567", 16)


def aws_secret() -> str:
    return rs(AN + "+/", 40)


def jwt(payload: dict, alg: str = "HS256") -> str:
    head = b64u(json.dumps({"alg": alg, "typ": "JWT"}, separators=(",", ":")))
    body = b64u(json.dumps(payload, separators=(",", ":")))
    sig = rb64u(32 if alg.startswith("HS") else 256)
    return f"{head}.{body}.{sig}"


def pem_ec_pkcs8() -> str:
    der = (
        bytes.fromhex("308187020100301306072a8648ce3d020106082a8648ce3d030107046d306b0201010420")
        + rbytes(32)
        + bytes.fromhex("a14403420004")
        + rbytes(64)
    )
    return wrap(base64.b64encode(der).decode())


def pem_ec_sec1() -> str:
    der = (
        bytes.fromhex("30770201010420")
        + rbytes(32)
        + bytes.fromhex("a00a06082a8648ce3d030107a14403420004")
        + rbytes(64)
    )
    return wrap(base64.b64encode(der).decode())


def pem_rsa(pkcs8: bool = False) -> str:
    if pkcs8:
        head = bytes.fromhex(
            "308204bd020100300d06092a864886f70d0101010500048204a7308204a30201000282010100"
        )
        der = head + rbytes(1217 - len(head))
    else:
        head = bytes.fromhex("308204a40201000282010100")
        der = head + rbytes(1192 - len(head))
    return wrap(base64.b64encode(der).decode())


def _sshstr(b: bytes | str) -> bytes:
    if isinstance(b, str):
        b = b.encode()
    return len(b).to_bytes(4, "big") + b


def openssh_ed25519(comment: str) -> str:
    pk = rbytes(32)
    sk = rbytes(32)
    pub = _sshstr("ssh-ed25519") + _sshstr(pk)
    chk = rbytes(4)
    priv = chk + chk + _sshstr("ssh-ed25519") + _sshstr(pk) + _sshstr(sk + pk) + _sshstr(comment)
    i = 1
    while len(priv) % 8:
        priv += bytes([i])
        i += 1
    blob = (
        b"openssh-key-v1\0"
        + _sshstr("none")
        + _sshstr("none")
        + _sshstr(b"")
        + (1).to_bytes(4, "big")
        + _sshstr(pub)
        + _sshstr(priv)
    )
    return wrap(base64.b64encode(blob).decode(), 70)


def ssh_pub_ed25519() -> str:
    return base64.b64encode(_sshstr("ssh-ed25519") + _sshstr(rbytes(32))).decode()


def wif() -> str:
    return b58check(b"\x80" + rbytes(32) + b"\x01")


def xprv() -> str:
    return b58check(bytes.fromhex("0488ade4") + b"\x00" * 9 + rbytes(32) + b"\x00" + rbytes(32))


def mnemonic(words: int = 12) -> str:
    ent = rbytes(words * 4 // 3)
    bits = "".join(f"{b:08b}" for b in ent)
    bits += "".join(f"{b:08b}" for b in hashlib.sha256(ent).digest())[: len(ent) * 8 // 32]
    return " ".join(BIP39[int(bits[i : i + 11], 2)] for i in range(0, len(bits), 11))


def totp_seed(n: int = 32) -> str:
    return rs(B32, n)


def basic(user: str, pw: str) -> str:
    return base64.b64encode(f"{user}:{pw}".encode()).decode()


def email(first: str, last: str, domain: str | None = None) -> str:
    def asc(s: str) -> str:
        return "".join(c for c in unicodedata.normalize("NFKD", s.lower()) if c in LO)

    f, la = asc(first), asc(last.replace(" ", ""))
    dom = domain or R.choice(
        [
            "gmail.com",
            "outlook.com",
            "hotmail.com",
            "yahoo.com",
            "icloud.com",
            "proton.me",
            "gmx.de",
            "web.de",
            "t-online.de",
            "orange.fr",
            "free.fr",
            "libero.it",
            "wp.pl",
            "mail.ru",
            "yandex.ru",
            "naver.com",
            "qq.com",
            "uol.com.br",
            "seznam.cz",
            "ziggo.nl",
            "telia.com",
            "bluewin.ch",
        ]
    )
    local = R.choice(
        [f"{f}.{la}", f"{f[0]}{la}", f"{f}{la}{R.randint(70, 99)}", f"{f}_{la}", f"{la}.{f}"]
    )
    return f"{local}@{dom}"


# =====================================================================
# SECRETS
# =====================================================================

# ---- CI/CD logs ------------------------------------------------------

t = "ghp_" + rs(AN, 36)
S(
    "github_pat_in_ci_log",
    "GitHub Actions log pasted, asking why checkout of a private submodule fails",
    f"""Run git submodule update --init --recursive
  git submodule update --init --recursive
  shell: /usr/bin/bash -e {{0}}
Submodule 'vendor/proto' (https://x-access-token:{t}@github.com/nordwind-labs/proto.git) registered for path 'vendor/proto'
Cloning into '/home/runner/work/api/api/vendor/proto'...
remote: Repository not found.
fatal: repository 'https://github.com/nordwind-labs/proto.git/' not found
Error: Process completed with exit code 128.

why does it say not found?? the repo exists""",
    t,
)

t = "glpat-" + rs(AN + "-_", 20)
S(
    "gitlab_pat_in_ci_log",
    "GitLab CI job output with a personal access token echoed by set -x",
    f"""$ set -x
$ git remote set-url origin "https://oauth2:{t}@gitlab.com/kestrel-data/etl-jobs.git"
+ git remote set-url origin https://oauth2:{t}@gitlab.com/kestrel-data/etl-jobs.git
$ git push origin HEAD:release/2.14
remote: You are not allowed to push code to protected branches on this project.
To https://gitlab.com/kestrel-data/etl-jobs.git
 ! [remote rejected] HEAD -> release/2.14 (pre-receive hook declined)
error: failed to push some refs
Cleaning up project directory and file based variables
ERROR: Job failed: exit code 1""",
    t,
)

k_id, k_sec = aws_id(), aws_secret()
S(
    "aws_keys_in_jenkins_log",
    "Jenkins console output; the pipeline printed the environment",
    f"""[Pipeline] sh
+ env | sort
AWS_ACCESS_KEY_ID={k_id}
AWS_DEFAULT_REGION=eu-central-1
AWS_SECRET_ACCESS_KEY={k_sec}
BUILD_NUMBER=1873
BUILD_TAG=jenkins-infra-terraform-plan-1873
EXECUTOR_NUMBER=2
JENKINS_URL=http://jenkins.internal:8080/
[Pipeline] sh
+ terraform init -backend-config=backend.hcl
Error: error configuring S3 Backend: error validating provider credentials: SignatureDoesNotMatch
Finished: FAILURE""",
    k_id,
    k_sec,
)

t = rs(AN, 32)
S(
    "npm_token_in_circleci_log",
    "CircleCI step output; .npmrc written with the token and cat'ed",
    f"""#!/bin/bash -eo pipefail
echo "//registry.npmjs.org/:_authToken=npm_{t}" > ~/.npmrc && cat ~/.npmrc && npm publish --access public
//registry.npmjs.org/:_authToken=npm_{t}
npm notice Publishing to https://registry.npmjs.org/ with tag latest and public access
npm ERR! code E403
npm ERR! 403 403 Forbidden - PUT https://registry.npmjs.org/@tallwood%2fui-kit - You cannot publish over the previously published versions: 3.2.0.

Exited with code exit status 1""",
    "npm_" + t,
)

t = rs("abcdefghijklmnopqrstuvwxyz234567", 52)
S(
    "azure_devops_pat_in_pipeline_log",
    "Azure Pipelines log, asking about NuGet restore 401",
    f"""Starting: NuGet restore
==============================================================================
Task         : NuGet
Version      : 2.238.1
==============================================================================
[command]/usr/bin/mono /opt/nuget/nuget.exe sources add -Name internal -Source https://pkgs.dev.azure.com/brightfield/_packaging/internal/nuget/v3/index.json -Username build -Password {t}
Package source with Name: internal added successfully.
  GET https://pkgs.dev.azure.com/brightfield/_packaging/internal/nuget/v3/index.json
  Unauthorized https://pkgs.dev.azure.com/brightfield/_packaging/internal/nuget/v3/index.json 212ms
##[error]The nuget command failed with exit code(1) and error(Unable to load the service index for source)""",
    t,
)

t = "dckr_pat_" + rs(AN + "-_", 27)
S(
    "dockerhub_pat_in_bitbucket_pipeline",
    "Bitbucket Pipelines log with docker login on the command line",
    f"""+ docker login -u ciwolfpack -p {t}
WARNING! Using --password via the CLI is insecure. Use --password-stdin.
Login Succeeded
+ docker build -t ciwolfpack/scheduler:${{BITBUCKET_COMMIT}} .
#1 [internal] load build definition from Dockerfile
#1 transferring dockerfile: 1.02kB done
#7 ERROR: failed to solve: python:3.12-slim: failed to resolve source metadata
Script failed: exit code 1""",
    t,
)

sk = "sk_live_51" + rs(AN, 97)
S(
    "stripe_live_key_in_github_actions_env",
    "workflow file pasted with a Stripe live key hard-coded in env",
    f"""name: e2e
on: [push]
jobs:
  cypress:
    runs-on: ubuntu-latest
    env:
      STRIPE_SECRET_KEY: {sk}
      NEXT_PUBLIC_STRIPE_PK: pk_live_51{rs(AN, 40)}
      NODE_ENV: test
    steps:
      - uses: actions/checkout@v4
      - run: npm ci && npx cypress run
# the checkout tests fail with "No such price" but only in CI, any idea?""",
    sk,
)

t = "glrt-" + rs(AN + "-_", 20)
S(
    "gitlab_runner_token_in_register_log",
    "shell session registering a GitLab runner, asking about TLS error",
    f"""root@build-02:~# gitlab-runner register --non-interactive --url https://git.sternwerk.de/ --token {t} --executor docker --docker-image alpine:3.19
Runtime platform                                    arch=amd64 os=linux pid=4121 revision=6428c288 version=16.11.0
Running in system-mode.
ERROR: Verifying runner... failed                   runner=glrt-{t[5:8]} status=couldn't execute POST against https://git.sternwerk.de/api/v4/runners/verify: tls: failed to verify certificate: x509: certificate signed by unknown authority
PANIC: Failed to verify the runner.""",
    t,
)

pw = pw_random(20)
S(
    "db_password_cli_flag_in_maven_log",
    "Maven build log where a -D flag leaked the DB password",
    f"""[INFO] Scanning for projects...
[INFO] Executing: mvn -B verify -Dspring.datasource.url=jdbc:postgresql://pg-ci:5432/orders -Dspring.datasource.username=orders_ci -Dspring.datasource.password={pw}
[INFO] -------------------< com.halvorsen:order-service >--------------------
[ERROR] Tests run: 214, Failures: 0, Errors: 3, Skipped: 2
[ERROR] OrderRepositoryIT.saveAndLoad:42 » CannotCreateTransaction Could not open JPA EntityManager
[INFO] BUILD FAILURE""",
    pw,
)

t = "pypi-AgEIcHlwaS5vcmcCJD" + rs(B64U, 150)
S(
    "pypi_token_in_twine_log",
    "release job output with the PyPI token passed as password",
    f"""$ python -m twine upload -u __token__ -p {t} dist/*
Uploading distributions to https://upload.pypi.org/legacy/
Uploading weatherstack_client-0.9.3-py3-none-any.whl
100% ━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━ 18.4/18.4 kB • 00:00 • ?
WARNING  Error during upload. Retry with the --verbose option for more details.
ERROR    HTTPError: 400 Bad Request from https://upload.pypi.org/legacy/
         File already exists.""",
    t,
)

# ---- .env / config files ----------------------------------------------

db_pw, secret_key = pw_random(18), rs(AN + "!@#%^&*(-_=+)", 50)
mg = "key-" + rhex(32)
S(
    "dotenv_django",
    ".env file of a Django app pasted while asking about ALLOWED_HOSTS",
    f"""DEBUG=False
SECRET_KEY={secret_key}
ALLOWED_HOSTS=shop.kaffeerösterei-brandt.de,localhost
DATABASE_URL=postgres://shop:{db_pw}@127.0.0.1:5432/shop
MAILGUN_API_KEY={mg}
MAILGUN_DOMAIN=mg.kaffeeroesterei-brandt.de
CELERY_BROKER_URL=redis://localhost:6379/0
TIME_ZONE=Europe/Berlin

Bad Request (400) on every page after deploying, what did I miss?""",
    secret_key,
    db_pw,
    mg,
)

oa = "sk-proj-" + rs(AN + "-_", 156)
pc = "pcsk_" + rs(AN, 5) + "_" + rs(AN, 64)
S(
    "dotenv_llm_app",
    "RAG app .env pasted with an error from the vector store client",
    f"""OPENAI_API_KEY={oa}
PINECONE_API_KEY={pc}
PINECONE_INDEX=support-docs
EMBED_MODEL=text-embedding-3-small
CHUNK_SIZE=800

pinecone.exceptions.NotFoundException: (404) Reason: Not Found
HTTP response body: {{"error":{{"code":"NOT_FOUND","message":"Resource support-docs not found"}}}}""",
    oa,
    pc,
)

ak = "sk-ant-api03-" + rs(AN + "-_", 93) + "AA"
S(
    "anthropic_key_in_python_snippet",
    "Python snippet with the API key pasted inline, asking about rate limits",
    f"""import anthropic

client = anthropic.Anthropic(api_key="{ak}")
for doc in docs:
    msg = client.messages.create(model=MODEL, max_tokens=1024, messages=[{{"role": "user", "content": doc}}])

# I get 429 after about 40 docs, how do I add backoff properly?""",
    ak,
)

pw = pw_random(16)
S(
    "docker_compose_passwords",
    "docker-compose.yml pasted, container keeps restarting",
    f"""version: "3.9"
services:
  db:
    image: mariadb:11.3
    environment:
      MARIADB_ROOT_PASSWORD: {pw}
      MARIADB_DATABASE: nextcloud
      MARIADB_USER: nextcloud
      MARIADB_PASSWORD: {pw[::-1]}
    volumes:
      - db:/var/lib/mysql
  app:
    image: nextcloud:29-apache
    ports: ["8080:80"]
    depends_on: [db]
volumes:
  db:

db-1  | [ERROR] [Entrypoint]: Database is uninitialized and password option is not specified""",
    pw,
    pw[::-1],
)

u, p1, p2 = "orders", pw_random(14), pw_random(22)
S(
    "k8s_secret_base64",
    "Kubernetes Secret manifest pasted (base64 values decode to real creds)",
    f"""apiVersion: v1
kind: Secret
metadata:
  name: orders-db
  namespace: prod
type: Opaque
data:
  username: {base64.b64encode(u.encode()).decode()}
  password: {base64.b64encode(p1.encode()).decode()}
  jwt-signing-key: {base64.b64encode(p2.encode()).decode()}
---
# pod says: CreateContainerConfigError: secret "orders-db" not found — but it's right there?""",
    base64.b64encode(p1.encode()).decode(),
    base64.b64encode(p2.encode()).decode(),
)

pw = pw_human()
S(
    "spring_application_yml",
    "Spring Boot application.yml pasted with a Hikari timeout question (German)",
    f"""spring:
  datasource:
    url: jdbc:mysql://db-prod-01.lager.intern:3306/wms?useSSL=true
    username: wms_app
    password: {pw}
    hikari:
      maximum-pool-size: 30
      connection-timeout: 20000
  mail:
    host: smtp.office365.com
    port: 587

Hallo, nach ca. 8 Stunden kommt "Connection is not available, request timed out after 20000ms". Liegt das an der Pool-Größe?""",
    pw,
)

tok = rs(AN, 14) + ".atlasv1." + rs(AN, 67)
S(
    "terraformrc_token_hcl",
    "~/.terraformrc pasted (HCL) asking why remote backend 401s",
    f"""credentials "app.terraform.io" {{
  token = "{tok}"
}}

plugin_cache_dir = "$HOME/.terraform.d/plugin-cache"

│ Error: Failed to read organization "vellum-infra": unauthorized""",
    tok,
)

ak, sk = "LTAI5t" + rs(AN, 18), rs(AN, 30)
S(
    "alibaba_keys_in_terraform",
    "Terraform provider block with Alibaba Cloud keys (Chinese question)",
    f"""provider "alicloud" {{
  access_key = "{ak}"
  secret_key = "{sk}"
  region     = "cn-hangzhou"
}}

resource "alicloud_oss_bucket" "assets" {{
  bucket = "shanhai-assets-prod"
  acl    = "private"
}}

执行 terraform apply 报错 ErrorCode: InvalidAccessKeyId.NotFound，但是控制台里这个 AccessKey 明明是启用状态，怎么回事？""",
    ak,
    sk,
)

t = "hvs.CAESI" + rs(AN + "-_", 86)
S(
    "vault_token_in_hcl_agent_config",
    "Vault agent config and shell with a root-ish token exported",
    f"""$ export VAULT_ADDR=https://vault.corp.hallgren.se:8200
$ export VAULT_TOKEN={t}
$ vault kv get secret/payments/stripe
Error reading secret/data/payments/stripe: Error making API request.

URL: GET https://vault.corp.hallgren.se:8200/v1/secret/data/payments/stripe
Code: 403. Errors:

* 1 error occurred:
	* permission denied""",
    t,
)

pw = pw_random(18)
S(
    "maven_settings_xml_password",
    "Maven settings.xml with a Nexus deploy password",
    f"""<settings>
  <servers>
    <server>
      <id>nexus-releases</id>
      <username>deploy</username>
      <password>{pw}</password>
    </server>
  </servers>
  <mirrors>
    <mirror>
      <id>nexus</id>
      <mirrorOf>*</mirrorOf>
      <url>https://nexus.teknova.no/repository/maven-public/</url>
    </mirror>
  </mirrors>
</settings>

mvn deploy gives 401 Unauthorized even though I can log in to the UI with the same password""",
    pw,
)

pw = pw_random(15)
cs = f"Server=tcp:sqlsrv-crm-prod.database.windows.net,1433;Initial Catalog=crm;Persist Security Info=False;User ID=crmadmin;Password={pw};MultipleActiveResultSets=False;Encrypt=True;"
S(
    "appsettings_json_connection_string",
    "ASP.NET appsettings.json pasted with an Azure SQL connection string",
    f"""{{
  "Logging": {{ "LogLevel": {{ "Default": "Information" }} }},
  "ConnectionStrings": {{
    "Default": "{cs}"
  }},
  "AllowedHosts": "*"
}}
A network-related or instance-specific error occurred while establishing a connection to SQL Server.""",
    pw,
)

key = rb64(64)
S(
    "azure_storage_connection_string_webconfig",
    "web.config with an Azure Storage account key (Dutch question)",
    f"""<configuration>
  <appSettings>
    <add key="StorageConnection" value="DefaultEndpointsProtocol=https;AccountName=fotoarchiefprod;AccountKey={key};EndpointSuffix=core.windows.net" />
    <add key="ThumbnailWidth" value="320" />
  </appSettings>
</configuration>

Waarom krijg ik 403 AuthenticationFailed bij het uploaden van een blob? De klok van de server staat goed.""",
    key,
)

pw = pw_random(14)
S(
    "tomcat_users_xml",
    "tomcat-users.xml pasted, manager app returns 403",
    f"""<tomcat-users xmlns="http://tomcat.apache.org/xml" version="1.0">
  <role rolename="manager-gui"/>
  <role rolename="manager-script"/>
  <user username="deployer" password="{pw}" roles="manager-gui,manager-script"/>
</tomcat-users>

403 Access Denied - You are not authorized to view this page. I restarted tomcat 10.1 already""",
    pw,
)

pw = pw_random(16)
S(
    "properties_file_password",
    "Spring .properties pasted (Italian question about Kafka SASL)",
    f"""spring.kafka.bootstrap-servers=broker1.cloud.logistica-rossi.it:9093
spring.kafka.properties.security.protocol=SASL_SSL
spring.kafka.properties.sasl.mechanism=PLAIN
spring.kafka.properties.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="svc-ordini" password="{pw}";
spring.kafka.consumer.group-id=ordini-consumer

Ciao, il consumer non si connette: "Authentication failed during authentication due to invalid credentials with SASL mechanism PLAIN". Le credenziali sono giuste, cosa può essere?""",
    pw,
)

pw = pw_random(14)
S(
    "gradle_properties_signing",
    "gradle.properties with Android signing passwords",
    f"""org.gradle.jvmargs=-Xmx4g
android.useAndroidX=true
RELEASE_STORE_FILE=../keystore/release.jks
RELEASE_STORE_PASSWORD={pw}
RELEASE_KEY_ALIAS=upload
RELEASE_KEY_PASSWORD={pw}

Execution failed for task ':app:packageRelease'. > Failed to read key upload from store: Keystore was tampered with, or password was incorrect""",
    pw,
)

user_pw = pw_random(12)
S(
    "nginx_proxy_basic_auth_header",
    "nginx site config with a hard-coded upstream Authorization header",
    f"""server {{
    listen 443 ssl http2;
    server_name metrics.halden-energi.no;
    ssl_certificate     /etc/letsencrypt/live/metrics.halden-energi.no/fullchain.pem;
    ssl_certificate_key /etc/letsencrypt/live/metrics.halden-energi.no/privkey.pem;

    location / {{
        proxy_pass http://127.0.0.1:9090;
        proxy_set_header Authorization "Basic {basic("prometheus", user_pw)}";
        proxy_set_header Host $host;
    }}
}}
# 502 bad gateway after I added the header line, why""",
    basic("prometheus", user_pw),
)

pw = pw_random(16)
S(
    "apache_vhost_proxy_password",
    "Apache vhost with LDAP bind password (French question)",
    f"""<VirtualHost *:443>
    ServerName intranet.mairie-villefranche.fr
    <Location />
        AuthType Basic
        AuthName "Intranet"
        AuthBasicProvider ldap
        AuthLDAPURL "ldaps://ad01.mairie.local:636/OU=Agents,DC=mairie,DC=local?sAMAccountName?sub"
        AuthLDAPBindDN "CN=svc-apache,OU=Services,DC=mairie,DC=local"
        AuthLDAPBindPassword "{pw}"
        Require valid-user
    </Location>
</VirtualHost>

Bonjour, Apache renvoie « AH01695: auth_ldap authenticate: user x authentication failed; URI / [LDAP: ldap_simple_bind failed][Can't contact LDAP server] ». Une idée ?""",
    pw,
)

k1, s1 = aws_id(), aws_secret()
k2, s2 = aws_id(), aws_secret()
S(
    "aws_credentials_ini",
    "~/.aws/credentials pasted with two profiles",
    f"""[default]
aws_access_key_id = {k1}
aws_secret_access_key = {s1}

[backup-prod]
aws_access_key_id = {k2}
aws_secret_access_key = {s2}
region = eu-west-1

aws s3 ls --profile backup-prod -> An error occurred (InvalidAccessKeyId)""",
    k1,
    s1,
    k2,
    s2,
)

pw = pw_random(18)
S(
    "my_cnf_ini",
    "~/.my.cnf pasted while asking why mysqldump prompts",
    f"""[client]
user=backup
password="{pw}"
host=10.20.0.14

[mysqldump]
single-transaction
quick

cron runs `mysqldump --all-databases` but the log says Access denied for user 'backup'@'10.20.0.3' (using password: YES)""",
    pw,
)

t = "pypi-AgEIcHlwaS5vcmcCJD" + rs(B64U, 140)
S(
    "pypirc_token",
    ".pypirc pasted (Polish question)",
    f"""[distutils]
index-servers =
    pypi

[pypi]
username = __token__
password = {t}

Cześć, twine ciągle pyta o hasło mimo że mam ten plik w katalogu domowym. Co robię źle?""",
    t,
)

t = rs(AN, 40)
S(
    "cargo_credentials_toml",
    "~/.cargo/credentials.toml pasted",
    f"""[registry]
token = "cio{t}"

[registries.kraken-internal]
token = "Bearer {t[::-1]}"

cargo publish: error: failed to publish to registry at https://crates.io
Caused by: the remote server responded with an error (status 403 Forbidden): this token does not have the required permissions""",
    "cio" + t,
    t[::-1],
)

nf = "nfp_" + rs(AN, 36)
S(
    "netlify_toml_token",
    "netlify.toml plus a plugin config with a token (Spanish question)",
    f"""[build]
  command = "npm run build"
  publish = "dist"

[[plugins]]
  package = "netlify-plugin-cache"

[build.environment]
  NODE_VERSION = "20"
  NETLIFY_AUTH_TOKEN = "{nf}"

Hola, el deploy funciona pero la CLI dice "Not authorized to view the currently linked site". ¿Es por el token?""",
    nf,
)

pw = pw_random(16)
S(
    "poetry_toml_source_password",
    "poetry config with a private index password inside pyproject.toml",
    f"""[[tool.poetry.source]]
name = "gemfury"
url = "https://pypi.fury.io/ostrander/"
priority = "supplemental"

[tool.poetry.dependencies]
python = "^3.11"
ostrander-auth = {{ version = "^2.3", source = "gemfury" }}

# and in poetry.toml:
[http-basic.gemfury]
username = "deploy"
password = "{pw}"
""",
    pw,
)

ck, cs_ = rs(AN, 25), rs(AN, 50)
at, ats = rnz(19) + "-" + rs(AN, 31), rs(AN, 45)
S(
    "twitter_api_keys_json",
    "config.json for a bot with X/Twitter API credentials",
    f"""{{
  "consumer_key": "{ck}",
  "consumer_secret": "{cs_}",
  "access_token": "{at}",
  "access_token_secret": "{ats}",
  "post_interval_minutes": 90,
  "hashtags": ["#gardening", "#allotment"]
}}
tweepy.errors.Forbidden: 403 Forbidden - You currently have access to a subset of X API V2 endpoints""",
    ck,
    cs_,
    at,
    ats,
)

fb = "AAAA" + rs(AN + "-_", 7) + ":APA91b" + rs(AN + "-_", 134)
S(
    "firebase_server_key_php",
    "PHP snippet sending push notifications with a legacy FCM server key",
    f"""<?php
$headers = [
    'Authorization: key={fb}',
    'Content-Type: application/json',
];
$ch = curl_init('https://fcm.googleapis.com/fcm/send');
curl_setopt($ch, CURLOPT_HTTPHEADER, $headers);
// returns 404 since last week?""",
    fb,
)

sa_key = pem_rsa(pkcs8=True)
key_id = rhex(40)
esc = sa_key.replace("\n", "\\n")
S(
    "gcp_service_account_json",
    "GCP service-account JSON pasted whole (Portuguese question)",
    f"""{{
  "type": "service_account",
  "project_id": "agenda-clinica-417212",
  "private_key_id": "{key_id}",
  "private_key": "-----BEGIN PRIVATE KEY-----\\n{esc}\\n-----END PRIVATE KEY-----\\n",
  "client_email": "sheets-sync@agenda-clinica-417212.iam.gserviceaccount.com",
  "client_id": "{rnz(21)}",
  "auth_uri": "https://accounts.google.com/o/oauth2/auth",
  "token_uri": "https://oauth2.googleapis.com/token"
}}

Oi! Estou usando esse JSON no gspread e dá "invalid_grant: Invalid JWT Signature". O que pode ser?""",
    key_id,
    esc,
)

ck = rs(AN, 24)
a1 = rs(AN + "!@#$%^&*()-_[]{}<>~+=,.;:/?|", 64)
a2 = rs(AN + "!@#$%^&*()-_[]{}<>~+=,.;:/?|", 64)
S(
    "wp_config_salts_and_db",
    "wp-config.php fragment pasted with DB password and auth salts",
    f"""define( 'DB_NAME', 'wp_bakery' );
define( 'DB_USER', 'wp_bakery' );
define( 'DB_PASSWORD', '{ck}' );
define( 'DB_HOST', 'localhost' );
define( 'AUTH_KEY',         '{a1}' );
define( 'SECURE_AUTH_KEY',  '{a2}' );

Error establishing a database connection — but I can log into phpMyAdmin with the same user""",
    ck,
    a1,
    a2,
)

pw = pw_random(20)
S(
    "redis_conf_requirepass",
    "redis.conf excerpt with requirepass and masterauth",
    f"""bind 0.0.0.0
protected-mode yes
port 6379
requirepass {pw}
masterauth {pw}
maxmemory 2gb
maxmemory-policy allkeys-lru

replica keeps logging: MASTER aborted replication with an error: NOAUTH Authentication required.""",
    pw,
)

psk = pw_random(24)
S(
    "ipsec_secrets",
    "strongSwan ipsec.secrets + conn excerpt pasted (German)",
    f"""# /etc/ipsec.secrets
%any %any : PSK "{psk}"

# /etc/ipsec.conf
conn filiale-hamburg
    keyexchange=ikev2
    left=%defaultroute
    right=filiale-hh.dyndns.brunnmeier.de
    ike=aes256-sha256-modp2048!
    auto=start

Tunnel kommt nicht hoch: "received AUTHENTICATION_FAILED notify error". PSK ist auf beiden Seiten gleich, oder?""",
    psk,
)


# ---- shell sessions -----------------------------------------------------

pw = pw_human()
S(
    "mysql_cli_password_flag",
    "terminal session with the password in the -p flag",
    f"""deploy@web01:~$ mysql -h 127.0.0.1 -u shopadmin -p'{pw}' shop -e "SELECT COUNT(*) FROM orders WHERE status='pending';"
mysql: [Warning] Using a password on the command line interface can be insecure.
ERROR 1045 (28000): Access denied for user 'shopadmin'@'localhost' (using password: YES)
deploy@web01:~$""",
    pw,
)

pw = pw_random(16)
S(
    "pgpassword_env_psql",
    "psql session with PGPASSWORD inline (Russian question)",
    f"""[postgres@db2 ~]$ PGPASSWORD='{pw}' psql -h 10.1.4.22 -U replicator -d postgres -c 'select pg_is_in_recovery();'
psql: error: connection to server at "10.1.4.22", port 5432 failed: FATAL:  no pg_hba.conf entry for host "10.1.4.21", user "replicator", database "postgres", SSL off

Подскажите, что нужно дописать в pg_hba.conf, чтобы реплика могла подключаться?""",
    pw,
)

t = "ghp_" + rs(AN, 36)
S(
    "github_token_git_clone",
    "git clone with a token in the URL, asking about LFS",
    f"""$ git clone https://marek-dev:{t}@github.com/fabryka-oprogramowania/mapy-offline.git
Cloning into 'mapy-offline'...
remote: Enumerating objects: 1842, done.
Downloading tiles/europe.mbtiles (1.2 GB)
Error downloading object: tiles/europe.mbtiles (9c1f4e2): Smudge error: batch response: This repository is over its data quota.""",
    t,
)

pw = pw_random(14)
S(
    "sshpass_cli",
    "bash script with sshpass and a plain password (Turkish question)",
    f"""#!/bin/bash
for h in 10.0.8.11 10.0.8.12 10.0.8.13; do
  sshpass -p '{pw}' ssh -o StrictHostKeyChecking=no yonetici@$h 'df -h /var'
done

Merhaba, bu script cron'dan çalışınca "Permission denied, please try again." diyor ama elle çalıştırınca sorun yok. Neden olabilir?""",
    pw,
)

pw = pw_random(12)
S(
    "openssl_passout",
    "openssl command with pass: argument for a PKCS#12 export",
    f"""$ openssl pkcs12 -export -in fullchain.pem -inkey privkey.pem -out mailserver.p12 -name "mail" -passout pass:{pw}
$ keytool -importkeystore -srckeystore mailserver.p12 -srcstoretype PKCS12 -srcstorepass {pw} -destkeystore mail.jks
keytool error: java.io.IOException: keystore password was incorrect
(same password both times??)""",
    pw,
)

pw = pw_random(18)
S(
    "kubectl_create_secret_literal",
    "kubectl command creating a secret from literals",
    f"""$ kubectl -n billing create secret generic smtp-creds \\
    --from-literal=SMTP_USER=apikey \\
    --from-literal=SMTP_PASS='{pw}'
error: failed to create secret secrets "smtp-creds" already exists
how do I overwrite it instead of deleting first?""",
    pw,
)

t = "gho_" + rs(AN, 36)
S(
    "gh_cli_hosts_yml",
    "~/.config/gh/hosts.yml pasted",
    f"""github.com:
    users:
        lindqvist-e:
            oauth_token: {t}
    git_protocol: https
    oauth_token: {t}
    user: lindqvist-e

gh pr create says HTTP 401: Bad credentials""",
    t,
)

tk = rnz(10) + ":AA" + rs(AN + "-_", 33)
S(
    "telegram_bot_token_curl",
    "curl to the Telegram Bot API pasted with output (Russian)",
    f"""$ curl -s "https://api.telegram.org/bot{tk}/getUpdates?offset=-1"
{{"ok":false,"error_code":409,"description":"Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"}}

Бот перестал отвечать после переезда на новый сервер, что значит эта ошибка?""",
    tk,
)

t = rs(AN + "-_", 40)
S(
    "cloudflare_token_curl",
    "curl to Cloudflare API with a bearer token",
    f"""curl -X POST "https://api.cloudflare.com/client/v4/zones/{rhex(32)}/purge_cache" \\
     -H "Authorization: Bearer {t}" \\
     -H "Content-Type: application/json" \\
     --data '{{"purge_everything":true}}'
{{"success":false,"errors":[{{"code":10000,"message":"Authentication error"}}],"messages":[],"result":null}}""",
    t,
)

pw = pw_random(16)
S(
    "htpasswd_and_curl_user",
    "curl -u user:password against a private registry",
    f"""$ curl -u ci-reader:{pw} https://registry.holmbergs.se/v2/_catalog
{{"errors":[{{"code":"UNAUTHORIZED","message":"authentication required","detail":null}}]}}
$ docker login registry.holmbergs.se -u ci-reader -p {pw}
Error response from daemon: Get "https://registry.holmbergs.se/v2/": unauthorized: authentication required""",
    pw,
)

pw = pw_random(14)
S(
    "mongodb_uri_mongosh",
    "mongosh connection with a mongodb+srv URI",
    f"""$ mongosh "mongodb+srv://admin:{pw}@cluster0.x7qpe.mongodb.net/reservas?retryWrites=true&w=majority"
Current Mongosh Log ID: 66a1c0e4b9f1d2a3c4e5f601
Connecting to: mongodb+srv://<credentials>@cluster0.x7qpe.mongodb.net/reservas
MongoServerSelectionError: connection <monitor> to 18.196.44.10:27017 closed
¿Hay que añadir mi IP a la lista blanca de Atlas?""",
    pw,
)

t = "hf_" + rs(AN, 34)
S(
    "huggingface_token_cli",
    "huggingface-cli login with the token pasted in a shell transcript (Korean question)",
    f"""$ huggingface-cli login --token {t} --add-to-git-credential
Token is valid (permission: write).
Your token has been saved to /home/jiwoo/.cache/huggingface/token
$ git push
remote: Password authentication in git is no longer supported. You must use a user access token or an SSH key instead.

토큰이 유효하다고 나오는데 왜 git push는 실패하나요?""",
    t,
)

t = "sntryu_" + rhex(64)
S(
    "sentry_auth_token_sourcemaps",
    "sentry-cli sourcemap upload with the auth token on the command line",
    f"""npx @sentry/cli --auth-token {t} sourcemaps upload --org verdant-health --project web-portal ./dist
> Found 48 files
> Analyzing 48 sources
error: API request failed
  caused by: sentry reported an error: You do not have permission to perform this action. (http status: 403)""",
    t,
)

pw = pw_random(16)
S(
    "rclone_conf_obscured_and_plain",
    "rclone.conf with an SFTP password and a B2 key",
    f"""[nas]
type = sftp
host = nas.fam-dekker.nl
user = backup
pass = {(obs := rb64u(36))}

[b2]
type = b2
account = 00{rhex(10)}0000000003
key = {(b2k := "K00" + rs(AN + "/+", 28))}

rclone sync /srv/foto b2:fotoarchief fails with "401 bad_auth_token" — wrong key type?""",
    obs,
    b2k,
)

k = "AKID" + rs(AN, 32)
s = rs(AN, 32)
S(
    "tencent_cloud_keys_env",
    "shell exports for Tencent Cloud (Chinese)",
    f"""export TENCENTCLOUD_SECRET_ID={k}
export TENCENTCLOUD_SECRET_KEY={s}
export TENCENTCLOUD_REGION=ap-guangzhou
tccli cvm DescribeInstances
[TencentCloudSDKException] code:AuthFailure.SignatureFailure message:The provided credentials could not be validated.

密钥是刚在控制台生成的，为什么签名还是失败？""",
    k,
    s,
)

pw = pw_random(14)
S(
    "netrc_file",
    "~/.netrc pasted while debugging pip install from a private index",
    f"""machine gitlab.bergwerk-software.at
  login build-bot
  password {pw}
machine pypi.bergwerk-software.at
  login build-bot
  password {pw}

pip install bw-common==4.2.0 -> 401 Client Error: Unauthorized""",
    pw,
)

# ---- SQL dumps -----------------------------------------------------------

keys = [("sk_live_" + rs(AN, 24)) for _ in range(2)]
S(
    "sql_dump_api_keys",
    "SQL dump of an integrations table pasted to ask about a migration",
    f"""-- Dumping data for table `integrations`
INSERT INTO `integrations` (`id`, `tenant_id`, `provider`, `secret`, `created_at`) VALUES
(1, 14, 'stripe', '{keys[0]}', '2024-02-11 09:14:02'),
(2, 27, 'stripe', '{keys[1]}', '2024-03-02 17:40:55'),
(3, 27, 'slack', NULL, '2024-03-02 17:41:10');

ALTER TABLE integrations ADD COLUMN secret_enc VARBINARY(512); -- how do I encrypt existing rows in place?""",
    *keys,
)

pw = pw_random(16)
S(
    "sql_create_user_password",
    "SQL script creating a DB user with a password (Spanish)",
    f"""CREATE USER 'reporting'@'%' IDENTIFIED BY '{pw}';
GRANT SELECT ON ventas.* TO 'reporting'@'%';
FLUSH PRIVILEGES;

-- Me da ERROR 1819 (HY000): Your password does not satisfy the current policy requirements. ¿Qué requisitos tiene la política MEDIUM?""",
    pw,
)

pw = pw_random(14)
S(
    "postgres_alter_role",
    "psql history with ALTER ROLE ... PASSWORD",
    f"""postgres=# ALTER ROLE grafana_ro WITH LOGIN PASSWORD '{pw}';
ALTER ROLE
postgres=# GRANT pg_read_all_data TO grafana_ro;
GRANT ROLE
-- grafana still says "pq: password authentication failed for user grafana_ro" (pg 16, scram-sha-256)""",
    pw,
)

bc = "$2y$10$" + rs("./" + AN, 53)
tok = rhex(64)
S(
    "sql_dump_reset_token",
    "users table excerpt with a password-reset token and a bcrypt hash",
    f"""mysql> SELECT id, username, password_hash, reset_token, reset_expires FROM users WHERE id = 1;
+----+----------+--------------------------------------------------------------+------------------------------------------------------------------+---------------------+
| id | username | password_hash                                                | reset_token                                                      | reset_expires       |
+----+----------+--------------------------------------------------------------+------------------------------------------------------------------+---------------------+
|  1 | admin    | {bc} | {tok} | 2024-06-03 12:00:00 |
+----+----------+--------------------------------------------------------------+------------------------------------------------------------------+---------------------+
the reset link says "token expired" immediately, timezone issue?""",
    bc,
    tok,
)

# ---- HTTP request / response dumps ---------------------------------------

at = "ya29.a0" + rs(AN + "-_", 160)
rt = "1//0" + rs(AN + "-_", 99)
S(
    "google_oauth_token_response",
    "OAuth token endpoint response pasted from Postman",
    f"""POST https://oauth2.googleapis.com/token
200 OK
{{
  "access_token": "{at}",
  "expires_in": 3599,
  "refresh_token": "{rt}",
  "scope": "https://www.googleapis.com/auth/drive.file",
  "token_type": "Bearer"
}}
but after an hour the refresh fails with invalid_grant""",
    at,
    rt,
)

sec = "GOCSPX-" + rs(AN + "-_", 28)
S(
    "google_client_secret_request",
    "raw HTTP request body with OAuth client secret (Japanese)",
    f"""POST /token HTTP/1.1
Host: oauth2.googleapis.com
Content-Type: application/x-www-form-urlencoded

client_id={rnz(12)}-{rs(LO + DG, 32)}.apps.googleusercontent.com&client_secret={sec}&code=4%2F0A{rs(AN, 40)}&grant_type=authorization_code&redirect_uri=http%3A%2F%2Flocalhost%3A8080%2Fcallback

レスポンスが {{"error": "redirect_uri_mismatch"}} になります。コンソールにはlocalhostを登録済みです。""",
    sec,
)

j = jwt({"sub": rd(7), "role": "admin", "tenant": "acme-bv", "iat": 1718000000, "exp": 1718003600})
S(
    "bearer_jwt_raw_request",
    "raw HTTP request copied from a proxy tool",
    f"""GET /api/v2/admin/users?page=3 HTTP/2
Host: portal.tulpenveiling.nl
User-Agent: Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36
Accept: application/json
Authorization: Bearer {j}
Sec-Fetch-Mode: cors

HTTP/2 500
{{"error":"Internal Server Error","path":"/api/v2/admin/users"}}""",
    j,
)

t = "SG." + rs(AN + "-_", 22) + "." + rs(AN + "-_", 43)
S(
    "sendgrid_key_request",
    "HTTP request to SendGrid pasted from an HTTP client (Swedish)",
    f"""POST https://api.sendgrid.com/v3/mail/send
Authorization: Bearer {t}
Content-Type: application/json

{{"personalizations":[{{"to":[{{"email":"{{{{kund_epost}}}}"}}]}}],"from":{{"email":"{{{{avsandare}}}}"}},"subject":"Din faktura","content":[{{"type":"text/plain","value":"Hej!"}}]}}

Svaret blir 403 "The from address does not match a verified Sender Identity". Hur verifierar jag domänen?""",
    t,
)

sid, tok = "AC" + rhex(32), rhex(32)
S(
    "twilio_auth_token_curl",
    "curl to Twilio with -u SID:token",
    f"""curl -X POST https://api.twilio.com/2010-04-01/Accounts/{sid}/Messages.json \\
  --data-urlencode "Body=Your verification code is 482913" \\
  --data-urlencode "From=$TWILIO_FROM" \\
  --data-urlencode "To=$TO" \\
  -u {sid}:{tok}
{{"code": 21608, "message": "The number is unverified. Trial accounts cannot send messages to unverified numbers", "status": 400}}""",
    tok,
)

sess = rs(AN, 32)
S(
    "set_cookie_response_headers",
    "response headers copied from devtools after login (German)",
    f"""HTTP/1.1 302 Found
Date: Tue, 14 May 2024 08:31:12 GMT
Location: /dashboard
Set-Cookie: PHPSESSID={sess}; path=/; secure; HttpOnly; SameSite=Lax
Set-Cookie: remember_me={(rm := rs(AN, 20) + "%7C" + rhex(64))}; expires=Thu, 13-Jun-2024 08:31:12 GMT; path=/; secure; HttpOnly
Cache-Control: no-store, no-cache, must-revalidate

Nach dem Login werde ich direkt wieder ausgeloggt, im Safari aber nicht. Liegt das am SameSite?""",
    sess,
    rm,
)

# ---- devtools copies ------------------------------------------------------

sid = rb64u(48)
csrf = rs(AN, 64)
S(
    "copy_as_curl_with_cookies",
    "Chrome 'Copy as cURL' pasted with session cookies",
    f"""curl 'https://app.kundencenter-nordlicht.de/api/tickets?status=open' \\
  -H 'accept: application/json, text/plain, */*' \\
  -H 'accept-language: de-DE,de;q=0.9,en;q=0.8' \\
  -b 'cookieconsent_status=dismiss; session={sid}; XSRF-TOKEN={csrf}' \\
  -H 'referer: https://app.kundencenter-nordlicht.de/tickets' \\
  -H 'x-xsrf-token: {csrf}' \\
  --compressed
how do I turn this into a python requests call?""",
    sid,
    csrf,
)

j = jwt(
    {
        "sub": ruuid(),
        "email_verified": True,
        "aud": "authenticated",
        "role": "authenticated",
        "exp": 1719999999,
    },
    "HS256",
)
rt = rs(AN, 22)
S(
    "localstorage_supabase_session",
    "localStorage entry copied from devtools Application tab",
    f"""sb-qwkfnhlpzrtyvxmc-auth-token:
{{"access_token":"{j}","token_type":"bearer","expires_in":3600,"expires_at":1719999999,"refresh_token":"{rt}","user":{{"id":"{ruuid()}","aud":"authenticated","role":"authenticated"}}}}

Why does supabase.auth.getSession() return null on page reload even though this is in localStorage?""",
    j,
    rt,
)

srk = jwt(
    {
        "iss": "supabase",
        "ref": "qwkfnhlpzrtyvxmc",
        "role": "service_role",
        "iat": 1706000000,
        "exp": 2021576000,
    }
)
S(
    "supabase_service_role_key_frontend",
    "Next.js snippet that ships the service_role key to the browser",
    f"""// lib/supabase.ts
import {{ createClient }} from '@supabase/supabase-js'

export const supabase = createClient(
  'https://qwkfnhlpzrtyvxmc.supabase.co',
  '{srk}'
)
// RLS doesn't seem to apply at all?? every user sees every row""",
    srk,
)

csrf = rs(AN, 40)
sess = rhex(32)
S(
    "har_excerpt_cookies",
    "HAR file excerpt pasted to debug a redirect loop",
    f"""{{
  "request": {{
    "method": "GET",
    "url": "https://helpdesk.gemeente-zuidhaven.nl/sso/callback?state=afc91",
    "headers": [
      {{ "name": "Cookie", "value": "csrftoken={csrf}; sessionid={sess}" }},
      {{ "name": "Upgrade-Insecure-Requests", "value": "1" }}
    ]
  }},
  "response": {{ "status": 302, "redirectURL": "/sso/login?next=/" }}
}}""",
    csrf,
    sess,
)

xs = rs(AN, 24) + "%3A" + rs(AN, 8)
S(
    "cookie_header_prose_fr",
    "user pasting their Cookie header from the network tab (French)",
    f"""J'essaie d'automatiser le téléchargement de mes relevés. Dans l'onglet Réseau je vois cet en-tête, est-ce que je peux le réutiliser dans un script ?

Cookie: JSESSIONID={(js := rhex(32).upper())}; AUTH_TOKEN={xs}; lang=fr""",
    js,
    xs,
)


# ---- passwords in prose: chat threads, e-mails, tickets -----------------

PROSE_PW = [
    (
        "en",
        "Slack thread forwarded whole",
        lambda p: (
            f"""[09:12] Dana: is the new staging box up?
[09:13] Ravi: yes, ssh ops@staging-3.internal, password is {p} — I'll rotate it Friday
[09:13] Dana: 👍 thanks
[09:40] Dana: @assistant why does `sudo systemctl restart app` hang on staging-3?"""
        ),
    ),
    (
        "de",
        "Teams-Chat weitergeleitet (Deutsch)",
        lambda p: (
            f"""Von: IT-Support
Gesendet: Montag, 3. Juni 2024 08:02
Betreff: Zugang Buchhaltungsprogramm

Hallo zusammen, das neue Passwort für den gemeinsamen DATEV-Zugang lautet {p} (bitte nicht weitergeben).

---
Kannst du mir erklären, wie ich in DATEV Unternehmen online einen Buchungsstapel exportiere?"""
        ),
    ),
    (
        "fr",
        "e-mail transféré (français)",
        lambda p: (
            f"""---------- Message transféré ---------
De : Service informatique
Objet : Accès VPN télétravail

Bonjour, votre identifiant est inchangé et votre nouveau mot de passe provisoire est : {p}
Il devra être changé à la première connexion.

---
Comment je configure FortiClient sur un Mac avec ces infos ?"""
        ),
    ),
    (
        "es",
        "hilo de WhatsApp pegado (español)",
        lambda p: (
            f"""[10/6 18:22] Jefe: La contraseña del router de la oficina es {p}, entra y cambia el DNS a 1.1.1.1
[10/6 18:25] Yo: vale

¿Cómo cambio el DNS en un router Livebox Fibra? No encuentro la opción."""
        ),
    ),
    (
        "it",
        "messaggio Teams incollato (italiano)",
        lambda p: (
            f"""Marco Greco 11:05
ti giro le credenziali del gestionale: utente amministrazione, password {p}
Marco Greco 11:06
mi raccomando non salvarla nel browser

Come faccio a esportare le fatture elettroniche in XML da questo gestionale?"""
        ),
    ),
    (
        "pt",
        "conversa do Slack colada (português)",
        lambda p: (
            f"""thiago.costa  14:03
senha do painel da Hostinger: {p}
o login é o e-mail financeiro
camila  14:05
valeu!

Como eu aponto o domínio da Hostinger para a Vercel sem derrubar o e-mail?"""
        ),
    ),
    (
        "nl",
        "doorgestuurde mail (Nederlands)",
        lambda p: (
            f"""Hoi,

Het wachtwoord voor de gedeelde mailbox facturen@ is gewijzigd naar: {p}
Groet, Jeroen (ICT)

-- Vraag: hoe voeg ik een gedeelde mailbox toe in de nieuwe Outlook voor Windows?"""
        ),
    ),
    (
        "pl",
        "wątek z Teams (polski)",
        lambda p: (
            f"""Paweł Lewandowski: hasło do konta admina w WordPressie to {p}
Paweł Lewandowski: zmień je po aktualizacji wtyczek
Ja: ok

Jak bezpiecznie zaktualizować WooCommerce z 7.9 do 8.x bez utraty zamówień?"""
        ),
    ),
    (
        "sv",
        "vidarebefordrat mejl (svenska)",
        lambda p: (
            f"""Hej!
Här kommer inloggningen till bokföringsprogrammet: användare ekonomi, lösenord {p}.
Mvh Anders

Fråga: hur importerar jag en SIE4-fil i Fortnox?"""
        ),
    ),
    (
        "ja",
        "社内チャットの転送 (日本語)",
        lambda p: (
            f"""【共有】検証サーバーのrootパスワードを変更しました。新しいパスワード：{p}
※ 取り扱い注意

上のサーバーで `dnf update` すると依存関係エラーが出ます。どうすればいいですか？"""
        ),
    ),
    (
        "zh",
        "微信群聊天记录 (中文)",
        lambda p: (
            f"""王工：测试环境数据库密码改成 {p} 了，大家更新一下配置
李娜：收到

请问 Spring Boot 里怎么把数据库密码放到环境变量里，而不是写在 application.yml？"""
        ),
    ),
    (
        "ko",
        "사내 메신저 대화 (한국어)",
        lambda p: (
            f"""김대리: NAS 관리자 비밀번호 {p} 입니다. 외부 유출 주의해 주세요.
박주임: 네 확인했습니다.

시놀로지 NAS에서 Hyper Backup 작업이 계속 실패하는데 로그를 어디서 봐야 하나요?"""
        ),
    ),
    (
        "ru",
        "переписка в Telegram (русский)",
        lambda p: (
            f"""Сергей: пароль от 1С админа — {p}
Сергей: после обновления поменяю
Я: ок

Как в 1С:Бухгалтерии 3.0 выгрузить оборотно-сальдовую ведомость в Excel?"""
        ),
    ),
    (
        "tr",
        "WhatsApp grubu (Türkçe)",
        lambda p: (
            f"""[14:02] Emre: muhasebe bilgisayarının şifresi {p}, akşam güncellemeleri yüklersin
[14:03] Ben: tamam

Windows 11'de güncelleme 0x800f0922 hatası veriyor, ne yapmalıyım?"""
        ),
    ),
    (
        "cs",
        "přeposlaný e-mail (česky)",
        lambda p: (
            f"""Dobrý den,
posílám přístup do e-shopu: uživatel provoz, heslo {p}.
S pozdravem, Petr

Jak v Shoptetu nastavit dopravu zdarma od 1500 Kč?"""
        ),
    ),
    (
        "ar",
        "محادثة واتساب (العربية)",
        lambda p: (
            f"""أحمد: كلمة مرور لوحة تحكم الموقع هي {p}
أحمد: لا ترسلها لأحد

كيف أقوم بعمل نسخة احتياطية كاملة لموقع ووردبريس قبل التحديث؟"""
        ),
    ),
    (
        "hi",
        "WhatsApp chat (Hindi)",
        lambda p: (
            f"""राहुल: ऑफिस वाई-फाई एडमिन पैनल का पासवर्ड {p} है
प्रिया: ठीक है

TP-Link राउटर में गेस्ट नेटवर्क कैसे बनाते हैं?"""
        ),
    ),
    (
        "el",
        "προωθημένο email (ελληνικά)",
        lambda p: (
            f"""Καλημέρα,
ο νέος κωδικός για το σύστημα μισθοδοσίας είναι {p}
Ευχαριστώ, Νίκος

Πώς εξάγω τις μισθολογικές καταστάσεις σε Excel;"""
        ),
    ),
]
for lang, ctx, fn in PROSE_PW:
    p = R.choice([pw_human, pw_random, pw_phrase])()
    S(f"password_in_chat_{lang}", ctx, fn(p), p)

p = pw_random(12)
S(
    "password_in_ticket_english",
    "helpdesk ticket text pasted with the user's own password",
    f"""Ticket #48213 – Cannot log into Outlook
Description: since this morning Outlook keeps asking for my password. I typed it very carefully ({p}) and it still says incorrect. My colleague can log in fine. Please help!!
Priority: High
---
How should I reply to this user, and what should I check first?""",
    p,
)

p = pw_human()
S(
    "password_in_prose_forgot",
    "user asks why their password is rejected by a password policy",
    f"""My company's password policy says 12+ characters, one uppercase, one number, one symbol. I tried {p} and it was rejected with "password too similar to previous". How does it know?""",
    p,
)

p1, p2 = pw_random(10), pw_random(14)
S(
    "passwords_tsv_spreadsheet",
    "spreadsheet of shared accounts pasted as TSV",
    f"""Service\tLogin\tPassword\tOwner
Canva\tmarketing team\t{p1}\tMarketing
Hootsuite\tsocial\t{p2}\tMarketing
Office wifi (guest)\t-\tsee router sticker\tIT

Can you turn this into a markdown table and sort by service?""",
    p1,
    p2,
)

p = pw_random(16)
S(
    "smb_mount_credentials_fstab",
    "fstab line with inline CIFS credentials",
    f"""//192.168.10.5/scans  /mnt/scans  cifs  username=scanner,password={p},vers=3.0,uid=1000,gid=1000  0  0

mount error(13): Permission denied — the same user works from Windows Explorer""",
    p,
)

p = pw_random(14)
S(
    "ldap_bind_python",
    "python ldap3 snippet with a bind password",
    f"""from ldap3 import Server, Connection, ALL
server = Server("ldaps://dc01.kommun.local", get_info=ALL)
conn = Connection(server, user="CN=svc-ldapsync,OU=Service,DC=kommun,DC=local", password="{p}", auto_bind=True)
conn.search("DC=kommun,DC=local", "(objectClass=person)", attributes=["mail"])
# LDAPSocketOpenError: socket ssl wrapping error""",
    p,
)

# ---- private keys and certificates --------------------------------------

body = pem_rsa()
S(
    "rsa_private_key_pem",
    "RSA private key pasted while asking about permissions error",
    f"""-----BEGIN RSA PRIVATE KEY-----
{body}
-----END RSA PRIVATE KEY-----

ssh says: WARNING: UNPROTECTED PRIVATE KEY FILE! Permissions 0644 for 'id_rsa' are too open. what chmod do I need?""",
    body,
)

body = openssh_ed25519("deploy@ci-runner-07")
S(
    "openssh_ed25519_private_key",
    "OpenSSH ed25519 private key pasted from a deploy key file",
    f"""this is the deploy key the CI uses, it says "Load key: invalid format" :

-----BEGIN OPENSSH PRIVATE KEY-----
{body}
-----END OPENSSH PRIVATE KEY-----""",
    body,
)

body = pem_ec_sec1()
cert = wrap("MIIB" + rs(B64, 600))
S(
    "ec_private_key_with_cert",
    "TLS cert bundle pasted: public certificate plus EC private key (only the key is secret)",
    f"""-----BEGIN CERTIFICATE-----
{cert}
-----END CERTIFICATE-----
-----BEGIN EC PRIVATE KEY-----
{body}
-----END EC PRIVATE KEY-----

nginx: [emerg] SSL_CTX_use_PrivateKey("/etc/nginx/ssl/api.key") failed (SSL: error:05800074:x509 certificate routines::key values mismatch)""",
    body,
)

body = pem_ec_pkcs8()
S(
    "pkcs8_private_key_apple",
    "Apple push .p8 key content pasted into a Node snippet",
    f"""const apnProvider = new apn.Provider({{
  token: {{
    key: `-----BEGIN PRIVATE KEY-----
{body}
-----END PRIVATE KEY-----`,
    keyId: "{rs(UP + DG, 10)}",
    teamId: "{rs(UP + DG, 10)}",
  }},
  production: true,
}});
// error: BadDeviceToken for every device""",
    body,
)

pgp = wrap("lQVYBG" + rs(B64, 1400))
crc = "=" + rs(B64, 4)
S(
    "pgp_private_key_block",
    "PGP secret key block pasted asking how to import it",
    f"""gpg --import fails with "no valid OpenPGP data found", here is the key:

-----BEGIN PGP PRIVATE KEY BLOCK-----

{pgp}
{crc}
-----END PGP PRIVATE KEY BLOCK-----""",
    pgp,
)

pem = f"-----BEGIN PRIVATE KEY-----\n{pem_rsa(pkcs8=True)}\n-----END PRIVATE KEY-----\n"
tls_key = base64.b64encode(pem.encode()).decode()
S(
    "k8s_tls_secret_key_base64",
    "kubernetes.io/tls secret with the base64 private key",
    f"""apiVersion: v1
kind: Secret
type: kubernetes.io/tls
metadata:
  name: shop-tls
data:
  tls.crt: {base64.b64encode(b"-----BEGIN CERTIFICATE-----").decode()}...
  tls.key: {tls_key}

ingress-nginx logs: error obtaining X.509 certificate: no object matching key "shop-tls" in local store""",
    tls_key,
)

# ---- wallets and seed phrases --------------------------------------------

m = mnemonic(12)
S(
    "bip39_seed_12_prose",
    "user pastes their wallet seed phrase asking how to restore",
    f"""I lost my phone with Trust Wallet. I still have the 12 words: {m}
Can I import them into MetaMask on desktop and will my BNB show up?""",
    m,
)

m = mnemonic(24)
S(
    "bip39_seed_24_german",
    "Ledger recovery phrase pasted (German question)",
    f"""Meine Ledger Nano S ist kaputt. Die Wiederherstellungsphrase habe ich aufgeschrieben:
{m}
Kann ich die in Sparrow Wallet eingeben oder brauche ich wieder ein Ledger?""",
    m,
)

words = mnemonic(12).split()
numbered = "\n".join(f"{i + 1}. {w}" for i, w in enumerate(words))
S(
    "bip39_seed_numbered_list",
    "numbered seed phrase from a wallet backup screen (Spanish question)",
    f"""Hola, esta es la frase de recuperación que me dio la app, ¿está bien guardarla en Google Drive?

{numbered}""",
    numbered,
)

pk = rhex(64)
S(
    "eth_private_key_hardhat",
    "hardhat.config.js with a deployer private key",
    f"""require("@nomicfoundation/hardhat-toolbox");
module.exports = {{
  solidity: "0.8.24",
  networks: {{
    sepolia: {{
      url: "https://eth-sepolia.g.alchemy.com/v2/{(alk := rs(AN + "-_", 32))}",
      accounts: ["0x{pk}"],
    }},
  }},
}};
// Error: insufficient funds for intrinsic transaction cost""",
    pk,
    alk,
)

w = wif()
S(
    "bitcoin_wif_prose",
    "user pastes a WIF private key from a paper wallet (Portuguese)",
    f"""Achei uma carteira de papel antiga de 2017. A chave privada é {w}. Como eu faço para importar no Electrum e ver se ainda tem saldo?""",
    w,
)

x = xprv()
S(
    "bip32_xprv_electrum",
    "Electrum wallet file excerpt with an xprv",
    f"""{{
    "keystore": {{
        "type": "bip32",
        "xprv": "{x}",
        "xpub": "xpub661MyMwAqRbcF{rs(B58, 94)}"
    }},
    "seed_version": 52,
    "wallet_type": "standard"
}}
electrum says "Wallet file corrupted" when I open this, can I recover from the xprv?""",
    x,
)

sol = "[" + ",".join(str(R.randint(0, 255)) for _ in range(64)) + "]"
S(
    "solana_keypair_json",
    "Solana CLI keypair file content pasted",
    f"""cat ~/.config/solana/id.json
{sol}
solana balance says "Error: RPC request error: cluster version query failed" — is my keypair file broken?""",
    sol,
)

pk = b58(rbytes(64))
S(
    "solana_private_key_base58_phantom",
    "Phantom-exported base58 private key pasted (Turkish)",
    f"""Phantom cüzdandan dışa aktardığım özel anahtar bu: {pk}
Bunu Solflare'e nasıl aktarırım?""",
    pk,
)

m = mnemonic(12)
S(
    "bip39_seed_in_json_backup",
    "wallet backup JSON with the mnemonic (Japanese question)",
    f"""{{"version":3,"wallet":"main","mnemonic":"{m}","derivationPath":"m/44'/60'/0'/0/0"}}

このバックアップファイルから別のウォレットに復元できますか？""",
    m,
)

# ---- recovery codes, TOTP seeds ------------------------------------------

codes = [f"{rhex(5)}-{rhex(5)}" for _ in range(10)]
S(
    "github_recovery_codes",
    "GitHub recovery codes file pasted",
    "github-recovery-codes.txt\n\n"
    + "\n".join(codes)
    + "\n\nDo these expire? I used one already, how many are left?",
    *codes,
)

codes = [f"{rd(4)} {rd(4)}" for _ in range(10)]
S(
    "google_backup_codes",
    "Google backup codes pasted while asking how to store them (French)",
    "CODES DE SECOURS\nCompte Google\n\n"
    + "\n".join(f"{i + 1}. {c}" for i, c in enumerate(codes))
    + "\n\nOù est-ce que je devrais ranger ces codes ? Dans mon gestionnaire de mots de passe ?",
    *codes,
)

k = "-".join(rd(6) for _ in range(8))
S(
    "bitlocker_recovery_key",
    "BitLocker recovery screen text typed in by the user",
    f"""BitLocker recovery
Enter the recovery key for this drive
Recovery key ID: {rhex(8).upper()}
My key from the Microsoft account page is {k} but it says incorrect. Laptop is a Dell Latitude 5440.""",
    k,
)

sk = "A3-" + "-".join(
    [rs(UP + DG, 6), rs(UP + DG, 6), rs(UP + DG, 5), rs(UP + DG, 5), rs(UP + DG, 5), rs(UP + DG, 5)]
)
S(
    "1password_secret_key",
    "1Password Emergency Kit values typed into a question (Dutch)",
    f"""Ik zet 1Password op mijn nieuwe laptop. Op mijn Emergency Kit staat de Secret Key {sk}. Moet ik die elke keer invullen of alleen de eerste keer?""",
    sk,
)

seed = totp_seed(32)
S(
    "otpauth_uri",
    "otpauth URI decoded from a QR code",
    f"""I decoded the 2FA QR code with zbarimg so I can put it in my password manager:
otpauth://totp/Hetzner%20Cloud:ops-team?secret={seed}&issuer=Hetzner%20Cloud&algorithm=SHA1&digits=6&period=30
Is it safe to store it next to the password?""",
    seed,
)

seed = totp_seed(16)
spaced = " ".join(seed[i : i + 4].lower() for i in range(0, 16, 4))
S(
    "totp_setup_key_spaced",
    "2FA 'can't scan' setup key typed by user (Italian)",
    f"""Quando attivo l'autenticazione a due fattori mi dà questa chiave di configurazione: {spaced}
La inserisco in Google Authenticator ma i codici risultano sempre sbagliati. L'orologio del telefono è giusto.""",
    spaced,
)

seed = totp_seed(32)
S(
    "totp_seed_pyotp",
    "pyotp code with a hard-coded secret",
    f"""import pyotp
totp = pyotp.TOTP("{seed}")
print(totp.now())  # doesn't match the app, off by one period?""",
    seed,
)

codes = [rs(LO + DG, 4) + "-" + rs(LO + DG, 4) for _ in range(8)]
S(
    "discord_backup_codes",
    "Discord backup codes list (Polish)",
    "discord_backup_codes.txt:\n"
    + "\n".join(f"* {c}" for c in codes)
    + "\n\nStraciłem telefon, który kod mam wpisać – dowolny?",
    *codes,
)

# ---- Wi-Fi / VPN -----------------------------------------------------------

psk = pw_random(20)
S(
    "wpa_supplicant_psk",
    "wpa_supplicant.conf on a Raspberry Pi",
    f"""ctrl_interface=DIR=/var/run/wpa_supplicant GROUP=netdev
update_config=1
country=DE

network={{
    ssid="FRITZ!Box 7590 QX"
    psk="{psk}"
    key_mgmt=WPA-PSK
}}

Pi doesn't connect after reboot, wlan0 shows no IP""",
    psk,
)

key = " ".join(rd(4) for _ in range(5))
S(
    "fritzbox_wlan_key_german",
    "FRITZ!Box sticker values typed in (German)",
    f"""Auf der Rückseite meiner FRITZ!Box steht: WLAN-Netzwerkschlüssel (WPA2): {key}
Mein Drucker (HP OfficeJet 8015) will aber nur 8–63 Zeichen, muss ich die Leerzeichen mitschreiben?""",
    key,
)

psk = pw_human()
S(
    "nmcli_wifi_password",
    "nmcli command with the Wi-Fi password",
    f"""$ nmcli dev wifi connect "Vodafone-8A21" password "{psk}" ifname wlp2s0
Error: Connection activation failed: Secrets were required, but not provided.""",
    psk,
)

psk = pw_random(16)
S(
    "netsh_wlan_key_clear",
    "Windows netsh output showing the stored Wi-Fi key",
    f"""C:\\> netsh wlan show profile name="Casa_Rossi_5G" key=clear

Security settings
-----------------
    Authentication         : WPA2-Personal
    Cipher                 : CCMP
    Security key           : Present
    Key Content            : {psk}

Non riesco a collegare la stampante Epson, dove inserisco questa chiave?""",
    psk,
)

psk = pw_human()
S(
    "wifi_password_airbnb_note",
    "holiday-rental house note pasted (Spanish)",
    f"""Bienvenidos a Casa Almendro 🌿
Wifi: Almendro_Huespedes
Contraseña: {psk}
Check-out antes de las 11:00. Dejad las llaves en el buzón.

¿Me puedes traducir esta nota al inglés y al alemán para los huéspedes?""",
    psk,
)

wg_priv, wg_psk = rb64(32), rb64(32)
S(
    "wireguard_config",
    "WireGuard client config pasted",
    f"""[Interface]
PrivateKey = {wg_priv}
Address = 10.66.66.2/32
DNS = 1.1.1.1

[Peer]
PublicKey = {rb64(32)}
PresharedKey = {wg_psk}
Endpoint = vpn.fjordhus.no:51820
AllowedIPs = 0.0.0.0/0
PersistentKeepalive = 25

handshake never completes, what do I check?""",
    wg_priv,
    wg_psk,
)

ovpn = "\n".join(rhex(32) for _ in range(16))
S(
    "openvpn_static_key",
    "OpenVPN .ovpn with an inline tls-crypt static key",
    f"""client
dev tun
proto udp
remote vpn.stadtwerke-lindau.de 1194
cipher AES-256-GCM
<tls-crypt>
-----BEGIN OpenVPN Static key V1-----
{ovpn}
-----END OpenVPN Static key V1-----
</tls-crypt>

TLS Error: tls-crypt unwrapping failed from [AF_INET]...""",
    ovpn,
)

pw = pw_random(14)
S(
    "openvpn_auth_user_pass",
    "auth.txt for OpenVPN pasted with the ovpn line that uses it",
    f"""auth-user-pass /etc/openvpn/client/auth.txt

$ cat /etc/openvpn/client/auth.txt
m.ricci
{pw}

AUTH: Received control message: AUTH_FAILED""",
    pw,
)

t = "tskey-auth-" + rs(AN, 12) + "CNTRL-" + rs(AN, 33)
S(
    "tailscale_auth_key",
    "cloud-init snippet with a Tailscale auth key",
    f"""#cloud-config
runcmd:
  - curl -fsSL https://tailscale.com/install.sh | sh
  - tailscale up --authkey={t} --ssh --advertise-tags=tag:server
# node never appears in the admin console""",
    t,
)

pw = pw_random(18)
S(
    "hostapd_passphrase",
    "hostapd.conf for a Pi access point",
    f"""interface=wlan0
driver=nl80211
ssid=Werkstatt-AP
hw_mode=g
channel=6
wpa=2
wpa_passphrase={pw}
wpa_key_mgmt=WPA-PSK
rsn_pairwise=CCMP

hostapd: wlan0: AP-DISABLED""",
    pw,
)

# ---- signed URLs and webhooks ---------------------------------------------

akid = aws_id("ASIA")
sig = rhex(64)
tok = rb64(300)
url = (
    f"https://kundenbelege-prod.s3.eu-central-1.amazonaws.com/2024/05/RE-20931.pdf?X-Amz-Algorithm=AWS4-HMAC-SHA256"
    f"&X-Amz-Credential={akid}%2F20240514%2Feu-central-1%2Fs3%2Faws4_request&X-Amz-Date=20240514T081500Z&X-Amz-Expires=604800"
    f"&X-Amz-Security-Token={urllib.parse.quote(tok, safe='')}&X-Amz-SignedHeaders=host&X-Amz-Signature={sig}"
)
S(
    "aws_presigned_url",
    "S3 presigned URL pasted, asking why it expires early",
    f"""This link should be valid for 7 days but stops working after a few hours:
{url}""",
    sig,
    urllib.parse.quote(tok, safe=""),
    akid,
)

sas_sig = urllib.parse.quote(rb64(32), safe="")
url = f"https://medienarchivprod.blob.core.windows.net/exporte/jahresbericht.zip?sp=r&st=2024-05-01T08:00:00Z&se=2024-06-01T16:00:00Z&spr=https&sv=2022-11-02&sr=b&sig={sas_sig}"
S(
    "azure_sas_url",
    "Azure Blob SAS URL pasted (German)",
    f"""Der Link funktioniert im Browser, aber mit wget kommt 403:
{url}""",
    sas_sig,
)

gsig = rhex(512)
url = f"https://storage.googleapis.com/relatorios-internos/2024/q1.xlsx?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Credential=exporter%40relatorios-412.iam.gserviceaccount.com%2F20240514%2Fauto%2Fstorage%2Fgoog4_request&X-Goog-Date=20240514T101010Z&X-Goog-Expires=900&X-Goog-SignedHeaders=host&X-Goog-Signature={gsig}"
S(
    "gcs_signed_url",
    "GCS V4 signed URL pasted",
    f"""curl "{url}"
<Error><Code>ExpiredToken</Code>... after only 15 min? how do I make it last a day""",
    gsig,
)

cf_sig = rs(AN + "-_~", 172)
url = f"https://d2x{rs(LO + DG, 11)}.cloudfront.net/videos/kurs-3/lektion-12.mp4?Expires=1716000000&Signature={cf_sig}&Key-Pair-Id=K{rs(UP + DG, 13)}"
S(
    "cloudfront_signed_url",
    "CloudFront signed URL for a paid course video",
    f"""Our course videos are served with signed URLs like this one, but students share them. Can I bind them to an IP?
{url}""",
    cf_sig,
)

hook = f"https://hooks.slack.com/services/T{rs(UP + DG, 10)}/B{rs(UP + DG, 10)}/{rs(AN, 24)}"
S(
    "slack_webhook_url",
    "bash alerting script with a Slack incoming webhook",
    f"""#!/bin/sh
DISK=$(df -h / | awk 'NR==2 {{print $5}}')
curl -s -X POST -H 'Content-type: application/json' \\
  --data "{{\\"text\\":\\"disk usage on $(hostname): $DISK\\"}}" \\
  {hook}
# returns "invalid_payload" when DISK contains %""",
    hook,
)

hook = f"https://discord.com/api/webhooks/{rnz(19)}/{rs(AN + '-_', 68)}"
S(
    "discord_webhook_url",
    "Python snippet posting to a Discord webhook (Korean question)",
    f"""import requests
WEBHOOK = "{hook}"
requests.post(WEBHOOK, json={{"content": "서버 재시작 완료"}})

메시지가 안 가고 429가 뜹니다. 몇 초 간격으로 보내야 하나요?""",
    hook,
)

hook = f"https://{rs(LO, 10)}.webhook.office.com/webhookb2/{ruuid()}@{ruuid()}/IncomingWebhook/{rhex(32)}/{ruuid()}/V2{rs(AN + '-_', 44)}"
S(
    "teams_webhook_url",
    "Teams incoming webhook URL in a PowerShell script",
    f"""$uri = "{hook}"
$body = @{{ text = "Backup finished on $env:COMPUTERNAME" }} | ConvertTo-Json
Invoke-RestMethod -Method Post -Uri $uri -Body $body -ContentType 'application/json'
# Invoke-RestMethod : Bad payload received by generic incoming webhook.""",
    hook,
)

hook = f"https://chat.googleapis.com/v1/spaces/AAAA{rs(AN + '-_', 7)}/messages?key=AIza{rs(AN + '-_', 35)}&token={rs(AN + '-_', 43)}%3D"
S(
    "google_chat_webhook_url",
    "Google Chat webhook in an Apps Script",
    f"""function notify(msg) {{
  UrlFetchApp.fetch("{hook}", {{
    method: "post", contentType: "application/json", payload: JSON.stringify({{ text: msg }})
  }});
}}
// Exception: Request failed for https://chat.googleapis.com returned code 400""",
    hook,
)

j = jwt(
    {
        "iss": "kubernetes/serviceaccount",
        "kubernetes.io/serviceaccount/namespace": "ci",
        "kubernetes.io/serviceaccount/service-account.name": "deployer",
        "sub": "system:serviceaccount:ci:deployer",
    },
    "RS256",
)
S(
    "k8s_serviceaccount_token_kubeconfig",
    "kubeconfig with a service-account bearer token",
    f"""apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t
    server: https://k8s-api.lagerhaus.intern:6443
  name: prod
users:
- name: deployer
  user:
    token: {j}
contexts:
- context: {{cluster: prod, user: deployer, namespace: ci}}
  name: prod
current-context: prod
error: You must be logged in to the server (Unauthorized)""",
    j,
)

pl = jwt({"sub": rd(8), "name": "support-bot", "scope": "tickets:write", "iat": 1717171717})
S(
    "jwt_in_prose",
    "user pastes a token asking what's inside (Chinese)",
    f"""这个 token 是后端返回的，能帮我看看里面是什么内容吗？会不会过期？
{pl}""",
    pl,
)


# ---- assorted service tokens in the places people paste them -------------

TOKEN_SNIPPETS = [
    (
        "shopify_admin_token",
        "Shopify admin API call from a Node script",
        lambda: "shpat_" + rhex(32),
        lambda t: (
            f"""const res = await fetch("https://kaffeebohne-berlin.myshopify.com/admin/api/2024-04/orders.json?status=any", {{
  headers: {{ "X-Shopify-Access-Token": "{t}" }}
}});
// 403 "[API] This action requires merchant approval for read_orders scope." """
        ),
    ),
    (
        "digitalocean_token",
        "doctl auth init transcript",
        lambda: "dop_v1_" + rhex(64),
        lambda t: (
            f"""$ doctl auth init --access-token {t}
Validating token... OK
$ doctl compute droplet create web-2 --image ubuntu-24-04-x64 --size s-1vcpu-1gb --region fra1
Error: POST https://api.digitalocean.com/v2/droplets: 422 You specified an invalid size for Droplet creation."""
        ),
    ),
    (
        "linear_api_key",
        "GraphQL request to Linear with the API key",
        lambda: "lin_api_" + rs(AN, 40),
        lambda t: (
            f"""curl https://api.linear.app/graphql -H "Content-Type: application/json" -H "Authorization: {t}" \\
  --data '{{"query":"{{ issues(filter: {{state: {{name: {{eq: \\"Todo\\"}}}}}}) {{ nodes {{ identifier title }} }} }}"}}'
how do I paginate this?"""
        ),
    ),
    (
        "notion_integration_token",
        "Python notion-client snippet",
        lambda: "ntn_" + rd(11) + rs(AN, 35),
        lambda t: (
            f"""from notion_client import Client
notion = Client(auth="{t}")
db = notion.databases.query(database_id="{rhex(32)}")
# APIResponseError: Could not find database with ID ... Make sure the relevant pages and databases are shared with your integration."""
        ),
    ),
    (
        "atlassian_api_token",
        "Jira REST call with basic auth using an API token",
        lambda: "ATATT3xFfGF0" + rs(AN + "-_", 170) + "=" + rhex(8).upper(),
        lambda t: (
            f"""import requests
r = requests.get("https://hallgrim.atlassian.net/rest/api/3/search?jql=project=OPS",
                 auth=("jira-bot", "{t}"))
print(r.status_code)  # 401"""
        ),
    ),
    (
        "datadog_api_app_keys",
        "datadog.yaml and an API call with both keys",
        lambda: (rhex(32), rhex(40)),
        lambda t: (
            f"""# /etc/datadog-agent/datadog.yaml
api_key: {t[0]}
site: datadoghq.eu
logs_enabled: true

curl -X GET "https://api.datadoghq.eu/api/v1/monitor" -H "DD-API-KEY: {t[0]}" -H "DD-APPLICATION-KEY: {t[1]}"
{{"errors":["Forbidden"]}}"""
        ),
    ),
    (
        "newrelic_user_key",
        "NerdGraph query with a user API key",
        lambda: "NRAK-" + rs(UP + DG, 27),
        lambda t: (
            f"""curl -X POST https://api.eu.newrelic.com/graphql \\
  -H 'Content-Type: application/json' \\
  -H 'API-Key: {t}' \\
  -d '{{ "query": "{{ actor {{ user {{ name }} }} }}" }}'
returns {{"errors":[{{"message":"Invalid API key"}}]}} but the key was created today"""
        ),
    ),
    (
        "postman_api_key",
        "Postman environment export with an API key",
        lambda: "PMAK-" + rhex(24) + "-" + rhex(34),
        lambda t: (
            f"""{{
  "id": "{ruuid()}",
  "name": "CI",
  "values": [
    {{ "key": "baseUrl", "value": "https://api.fahrradkurier.at", "enabled": true }},
    {{ "key": "postmanApiKey", "value": "{t}", "type": "secret", "enabled": true }}
  ]
}}
newman run ... --environment ci.json → "Invalid API Key" """
        ),
    ),
    (
        "mapbox_secret_token",
        "Mapbox secret token in a download script",
        lambda: (
            "sk."
            + b64u(
                json.dumps(
                    {"u": "kartverk-" + rs(LO, 5), "a": rs(LO + DG, 25)}, separators=(",", ":")
                )
            )
            + "."
            + rs(AN + "-_", 22)
        ),
        lambda t: (
            f"""# ~/.netrc is not picked up by CocoaPods, so I tried:
export MAPBOX_DOWNLOADS_TOKEN={t}
pod install
[!] Error installing Mapbox-iOS-SDK — 401 Unauthorized"""
        ),
    ),
    (
        "age_secret_key",
        "age key file pasted",
        lambda: "AGE-SECRET-KEY-1" + rs("QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L", 58),
        lambda t: (
            f"""# created: 2024-04-02T10:11:12+02:00
# public key: age1{rs("qpzry9x8gf2tvdw0s3jn54khce6mua7l", 58)}
{t}

sops -d secrets.enc.yaml → "no identity matched any of the recipients" even though SOPS_AGE_KEY_FILE points here"""
        ),
    ),
    (
        "airtable_pat",
        "Airtable API call from Google Apps Script",
        lambda: "pat" + rs(AN, 14) + "." + rhex(64),
        lambda t: (
            f"""const resp = UrlFetchApp.fetch("https://api.airtable.com/v0/app{rs(AN, 14)}/Mitglieder?view=Grid%20view", {{
  headers: {{ Authorization: "Bearer {t}" }},
  muteHttpExceptions: true,
}});
Logger.log(resp.getContentText()); // {{"error":{{"type":"INVALID_PERMISSIONS_OR_MODEL_NOT_FOUND"}}}}"""
        ),
    ),
    (
        "databricks_token",
        "databricks CLI config file",
        lambda: "dapi" + rhex(32),
        lambda t: (
            f"""# ~/.databrickscfg
[DEFAULT]
host  = https://adb-{rnz(16)}.{R.randint(1, 19)}.azuredatabricks.net
token = {t}

databricks clusters list → Error: default auth: cannot configure default credentials"""
        ),
    ),
    (
        "algolia_admin_key",
        "frontend config accidentally using the Algolia admin key",
        lambda: rhex(32),
        lambda t: (
            f"""const searchClient = algoliasearch('{rs(UP + DG, 10)}', '{t}'); // admin key
const index = searchClient.initIndex('products_de');
// works, but a colleague says I shouldn't ship this key, which one should I use?"""
        ),
    ),
    (
        "mailchimp_api_key",
        "Mailchimp key in a PHP newsletter form",
        lambda: rhex(32) + "-us" + str(R.randint(2, 21)),
        lambda t: (
            f"""$apiKey = '{t}';
$listId = '{rhex(10)}';
$dc = substr($apiKey, strpos($apiKey, '-') + 1);
// "Member Exists" error for new subscribers?"""
        ),
    ),
    (
        "razorpay_keys",
        "Razorpay keys in a Django settings file (Hindi/English)",
        lambda: ("rzp_live_" + rs(AN, 14), rs(AN, 24)),
        lambda t: (
            f"""RAZORPAY_KEY_ID = "{t[0]}"
RAZORPAY_KEY_SECRET = "{t[1]}"

payment capture ke baad webhook signature verify nahi ho raha — SignatureVerificationError aa raha hai. kya galat hai?"""
        ),
    ),
    (
        "paypal_client_secret",
        "PayPal REST credentials in a .env (Italian question)",
        lambda: ("A" + rs(AN + "-_", 79), "E" + rs(AN + "-_", 79)),
        lambda t: (
            f"""PAYPAL_MODE=live
PAYPAL_CLIENT_ID={t[0]}
PAYPAL_CLIENT_SECRET={t[1]}

Ottengo "invalid_client: Client Authentication failed". Devo usare le credenziali sandbox per i test?"""
        ),
    ),
    (
        "binance_api_keys",
        "ccxt script with exchange keys (Russian)",
        lambda: (rs(AN, 64), rs(AN, 64)),
        lambda t: (
            f"""import ccxt
ex = ccxt.binance({{"apiKey": "{t[0]}", "secret": "{t[1]}", "options": {{"defaultType": "future"}}}})
print(ex.fetch_balance())
# ccxt.base.errors.AuthenticationError: binance {{"code":-2015,"msg":"Invalid API-key, IP, or permissions for action."}}
Почему так, ключ же рабочий?"""
        ),
    ),
    (
        "auth0_client_secret",
        "Auth0 Management API token request",
        lambda: rs(AN + "-_", 64),
        lambda t: (
            f"""curl --request POST --url https://dev-{rs(LO + DG, 16)}.eu.auth0.com/oauth/token \\
  --header 'content-type: application/json' \\
  --data '{{"client_id":"{rs(AN, 32)}","client_secret":"{t}","audience":"https://dev-tenant.eu.auth0.com/api/v2/","grant_type":"client_credentials"}}'
{{"error":"access_denied","error_description":"Client is not authorized to access \\"https://dev-tenant.eu.auth0.com/api/v2/\\"."}}"""
        ),
    ),
    (
        "azure_client_secret",
        "az login with a service principal secret (German)",
        lambda: rs(AN, 3) + R.choice("78") + "Q~" + rs(AN + "-_.~", 34),
        lambda t: (
            f"""az login --service-principal -u {ruuid()} -p '{t}' --tenant {ruuid()}
AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID

Ich habe das Secret doch gerade erst im Portal angelegt?"""
        ),
    ),
    (
        "discord_bot_token",
        "discord.py bot code with the token inline",
        lambda: b64u(rnz(19)) + "." + rs(AN + "-_", 6) + "." + rs(AN + "-_", 38),
        lambda t: (
            f"""import discord
intents = discord.Intents.default()
intents.message_content = True
client = discord.Client(intents=intents)
client.run("{t}")
# discord.errors.PrivilegedIntentsRequired"""
        ),
    ),
    (
        "heroku_api_key_uuid",
        "Heroku API key (UUID-shaped) hard-coded in a GitHub Actions workflow",
        lambda: ruuid(),
        lambda t: (
            f"""- name: Deploy to Heroku
  uses: akhileshns/heroku-deploy@v3.13.15
  with:
    heroku_api_key: "{t}"   # TODO move to secrets
    heroku_app_name: "fietsverhuur-api"
    heroku_email: ${{{{ secrets.HEROKU_EMAIL }}}}
# Error: Invalid credentials provided."""
        ),
    ),
    (
        "doppler_service_token",
        "Dockerfile with a Doppler service token baked in",
        lambda: "dp.st.prd." + rs(AN, 43),
        lambda t: (
            f"""FROM node:20-alpine
RUN apk add --no-cache curl && curl -Ls https://cli.doppler.com/install.sh | sh
ENV DOPPLER_TOKEN={t}
CMD ["doppler", "run", "--", "node", "server.js"]
# is it ok to keep the token in the image?"""
        ),
    ),
    (
        "bitbucket_app_password",
        "git remote URL with a Bitbucket app password",
        lambda: "ATBB" + rs(AN, 28) + rhex(8).upper(),
        lambda t: (
            f"""[remote "origin"]
	url = https://jstorm:{t}@bitbucket.org/agencja-fala/sklep-front.git
	fetch = +refs/heads/*:refs/remotes/origin/*
git fetch: remote: Bitbucket Cloud recently stopped supporting account passwords for Git authentication."""
        ),
    ),
    (
        "jenkins_api_token",
        "Jenkins remote trigger with user:token",
        lambda: "11" + rhex(32),
        lambda t: (
            f"""curl -X POST "https://ci.molenaar-bouw.nl/job/release/buildWithParameters?VERSION=4.8.1" --user release-bot:{t}
<html><head><title>Error 403 No valid crumb was included in the request</title></head></html>"""
        ),
    ),
    (
        "artifactory_api_key",
        "Artifactory API key in a pip.conf",
        lambda: "AKCp8" + rs(AN, 68),
        lambda t: (
            f"""[global]
index-url = https://ci-bot:{t}@artifactory.fabrikam-werke.de/artifactory/api/pypi/pypi-remote/simple
trusted-host = artifactory.fabrikam-werke.de

pip: WARNING: 401 Error, Credentials not correct for https://artifactory.fabrikam-werke.de/..."""
        ),
    ),
    (
        "yandex_oauth_token",
        "Yandex Disk API call (Russian)",
        lambda: "y0_AgAAAA" + rs(AN + "-_", 50),
        lambda t: (
            f"""curl -H "Authorization: OAuth {t}" "https://cloud-api.yandex.net/v1/disk/resources?path=disk:/Бэкапы"
{{"message":"Не авторизован.","description":"Unauthorized","error":"UnauthorizedError"}}"""
        ),
    ),
    (
        "line_channel_access_token",
        "LINE Messaging API push (Japanese)",
        lambda: rs(AN + "+/", 171) + "=",
        lambda t: (
            f"""curl -v -X POST https://api.line.me/v2/bot/message/push \\
-H 'Content-Type: application/json' \\
-H 'Authorization: Bearer {t}' \\
-d '{{"to": "'"$LINE_USER_ID"'", "messages":[{{"type":"text","text":"予約を受け付けました"}}]}}'
400 {{"message":"The property, 'to', in the request body is invalid"}} となります。"""
        ),
    ),
    (
        "kakao_rest_api_key",
        "Kakao login REST key in a Spring config (Korean)",
        lambda: (rhex(32), rs(AN, 32)),
        lambda t: (
            f"""spring:
  security:
    oauth2:
      client:
        registration:
          kakao:
            client-id: {t[0]}
            client-secret: {t[1]}
            redirect-uri: "{{baseUrl}}/login/oauth2/code/kakao"

KOE006 에러가 나요. 리다이렉트 URI는 등록했는데요."""
        ),
    ),
    (
        "onepassword_service_account_token",
        "1Password CLI service account token in CI",
        lambda: "ops_eyJ" + rs(AN + "-_", 600),
        lambda t: (
            f"""env:
  OP_SERVICE_ACCOUNT_TOKEN: {t}
steps:
  - run: op read "op://ci-vault/sentry/token"
# [ERROR] 2024/05/14 error initializing client: account is not authorized"""
        ),
    ),
    (
        "openai_legacy_key_in_notebook",
        "Jupyter cell with an older-format OpenAI key",
        lambda: "sk-" + rs(AN, 20) + "T3BlbkFJ" + rs(AN, 20),
        lambda t: (
            f"""In [3]: import openai
        openai.api_key = "{t}"
        openai.ChatCompletion.create(model="gpt-3.5-turbo", messages=[...])
APIRemovedInV1: You tried to access openai.ChatCompletion, but this is no longer supported in openai>=1.0.0"""
        ),
    ),
    (
        "google_maps_api_key",
        "Google Maps key in an Android manifest",
        lambda: "AIza" + rs(AN + "-_", 35),
        lambda t: (
            f"""<application ...>
    <meta-data
        android:name="com.google.android.geo.API_KEY"
        android:value="{t}" />
</application>
E/Google Android Maps SDK: Authorization failure. Please see https://developers.google.com/maps/documentation/android-sdk/start"""
        ),
    ),
    (
        "mistral_api_key",
        "Mistral key in a curl call (French)",
        lambda: rs(AN, 32),
        lambda t: (
            f"""curl https://api.mistral.ai/v1/chat/completions -H "Authorization: Bearer {t}" -H "Content-Type: application/json" -d '{{"model":"mistral-small-latest","messages":[{{"role":"user","content":"Bonjour"}}]}}'
{{"message":"Unauthorized","request_id":"{rhex(32)}"}}
C'est normal que ma clé ne marche pas tout de suite ?"""
        ),
    ),
]
PUBLIC_CLIENT_ID_FIRST = {"razorpay_keys", "paypal_client_secret"}
for kind, ctx, gen, tmpl in TOKEN_SNIPPETS:
    tok = gen()
    text = tmpl(tok)
    secs = list(tok) if isinstance(tok, tuple) else [tok]
    if kind in PUBLIC_CLIENT_ID_FIRST:
        secs = secs[1:]  # the client/key ID is public by design; only the secret is labelled
    S(kind, ctx, text, *secs)

# ---- connection strings and URL credentials ------------------------------

CONN = [
    (
        "postgres_url",
        "postgresql://app_{u}:{p}@pg-main.{h}:5432/app?sslmode=require",
        "psycopg OperationalError pasted",
        "sqlalchemy.exc.OperationalError: (psycopg.OperationalError) connection failed: FATAL: too many connections for role",
    ),
    (
        "amqp_url",
        "amqps://{u}:{p}@rabbit.{h}:5671/%2Fprod",
        "celery broker URL from a settings file",
        "kombu.exceptions.OperationalError: [Errno 104] Connection reset by peer",
    ),
    (
        "redis_url_password",
        "rediss://default:{p}@redis-{n}.c{m}.eu-west-1-2.ec2.redns.redis-cloud.com:{n}",
        "Redis Cloud URL in a Node app",
        "ReplyError: WRONGPASS invalid username-password pair or user is disabled.",
    ),
    (
        "jdbc_url_password",
        "jdbc:sqlserver://sql01.{h}:1433;databaseName=Lager;user={u};password={p};encrypt=true;trustServerCertificate=true",
        "JDBC URL with inline password",
        "com.microsoft.sqlserver.jdbc.SQLServerException: Login failed for user",
    ),
    (
        "smtp_url_password",
        "smtp://{u}%40{h}:{p}@smtp.{h}:587",
        "mailer DSN in a Symfony .env",
        'Symfony\\Component\\Mailer\\Exception\\TransportException: Expected response code "235" but got code "535"',
    ),
    (
        "mssql_odbc_password",
        "Driver={{ODBC Driver 18 for SQL Server}};Server=tcp:erp.{h},1433;Database=ERP;Uid={u};Pwd={p};",
        "pyodbc connection string",
        "pyodbc.InterfaceError: ('28000', \"[28000] [Microsoft][ODBC Driver 18 for SQL Server][SQL Server]Login failed for user\")",
    ),
]
hosts = [
    "hafenlogistik.de",
    "bodega-verde.es",
    "pohjola-data.fi",
    "lumiere-studio.fr",
    "casa-nova.pt",
    "vistula-soft.pl",
]
for (kind, tpl, ctx, err), h in zip(CONN, hosts, strict=True):
    p = pw_random(R.randint(12, 22))
    cs = tpl.format(u=R.choice(["svc", "app", "etl", "web"]), p=p, h=h, n=rd(5), m=rd(3))
    S(kind, ctx, f"{cs}\n\n{err}\nwhat's wrong with my connection string?", p)

# URL-encoded password in a URL
raw = pw_random(14) + "@#"
enc = urllib.parse.quote(raw, safe="")
S(
    "url_encoded_password_in_uri",
    "DATABASE_URL with a percent-encoded password (German question about encoding)",
    f"""DATABASE_URL=mysql://shop:{enc}@db.intern:3306/shop

Mein Passwort enthält @ und #, deshalb habe ich es URL-kodiert. Prisma sagt trotzdem P1000 Authentication failed. Muss ich noch etwas escapen?""",
    enc,
)

pw = pw_random(12)
S(
    "http_basic_in_browser_url",
    "URL with embedded credentials pasted from the address bar",
    f"""Chrome blocks this URL now, how do I open the router admin page?
http://admin:{pw}@192.168.178.1/cgi-bin/luci""",
    pw,
)


# =====================================================================
# PII
# =====================================================================

UK_L = "ABDEFGHJLNPQRSTUWXYZ"


def address(cc: str) -> str:
    n = R.randint(2, 148)
    if cc == "us":
        city, st, z = R.choice(
            [
                ("Columbus", "OH", "432"),
                ("Portland", "OR", "972"),
                ("Austin", "TX", "787"),
                ("Chicago", "IL", "606"),
                ("Denver", "CO", "802"),
                ("Raleigh", "NC", "276"),
            ]
        )
        street = R.choice(
            [
                "Maple Ridge Dr",
                "Cedar Ln",
                "W Belmont Ave",
                "Sycamore St",
                "N Lincoln Ave",
                "Harbor View Rd",
                "Elm Grove Ct",
            ]
        )
        unit = R.choice(
            ["", f", Apt {R.randint(1, 9)}{R.choice('ABCD')}", f" #{R.randint(100, 420)}"]
        )
        return f"{R.randint(100, 9899)} {street}{unit}, {city}, {st} {z}{rd(2)}"
    if cc == "uk":
        city, dist = R.choice(
            [
                ("Leeds", "LS6"),
                ("Manchester", "M14"),
                ("Bristol", "BS7"),
                ("Glasgow", "G12"),
                ("Cardiff", "CF24"),
                ("Norwich", "NR2"),
            ]
        )
        street = R.choice(
            [
                "Kingsley Road",
                "Albert Terrace",
                "Hawthorn Close",
                "St Mary's Street",
                "Victoria Park Avenue",
                "Mill Lane",
            ]
        )
        flat = R.choice(["", f"Flat {R.randint(1, 12)}, "])
        return (
            f"{flat}{n} {street}, {city} {dist} {R.randint(1, 9)}{R.choice(UK_L)}{R.choice(UK_L)}"
        )
    if cc == "de":
        city, plz = R.choice(
            [
                ("München", "80"),
                ("Köln", "50"),
                ("Leipzig", "04"),
                ("Hamburg", "22"),
                ("Freiburg im Breisgau", "79"),
                ("Münster", "48"),
            ]
        )
        street = R.choice(
            [
                "Lindenstraße",
                "Am Kirchberg",
                "Goethestraße",
                "Schillerweg",
                "Birkenallee",
                "Amselstraße",
                "Eichendorffring",
            ]
        )
        return f"{street} {n}{R.choice(['', 'a', 'b'])}, {plz}{rd(3)} {city}"
    if cc == "at":
        return f"{R.choice(['Gumpendorfer Straße', 'Lerchenfelder Gürtel', 'Kaiserstraße', 'Hietzinger Hauptstraße'])} {n}/{R.randint(1, 4)}/{R.randint(1, 24)}, 1{R.randint(1, 23):02d}0 Wien"
    if cc == "ch":
        city, plz = R.choice([("Bern", "30"), ("Zürich", "80"), ("Basel", "40"), ("Luzern", "60")])
        return f"{R.choice(['Rosenweg', 'Kirchgasse', 'Birkenstrasse', 'Sonnhaldenstrasse'])} {n}, {plz}{R.randint(0, 99):02d} {city}"
    if cc == "fr":
        city, cp = R.choice(
            [
                ("Lyon", "6900" + str(R.randint(1, 9))),
                ("Nantes", "44000"),
                ("Toulouse", "31400"),
                ("Lille", "59000"),
                ("Bordeaux", "33800"),
                ("Rennes", "35000"),
            ]
        )
        street = R.choice(
            [
                "rue des Lilas",
                "avenue Jean Jaurès",
                "rue Victor Hugo",
                "boulevard de la Liberté",
                "impasse des Tilleuls",
                "allée des Acacias",
            ]
        )
        return f"{n}{R.choice(['', ' bis'])} {street}, {cp} {city}"
    if cc == "es":
        city, cp = R.choice(
            [
                ("Madrid", "280"),
                ("Barcelona", "080"),
                ("Valencia", "460"),
                ("Sevilla", "410"),
                ("Zaragoza", "500"),
            ]
        )
        street = R.choice(
            [
                "Calle de Toledo",
                "Carrer de Mallorca",
                "Avenida de Andalucía",
                "Calle Mayor",
                "Calle del Pez",
                "Paseo de la Castellana",
            ]
        )
        return f"{street} {n}, {R.randint(1, 9)}º {R.choice(['A', 'B', 'C', '1ª', '2ª', 'izq.', 'dcha.'])}, {cp}{R.randint(1, 40):02d} {city}"
    if cc == "it":
        city, cap, pr = R.choice(
            [
                ("Milano", "201", "MI"),
                ("Roma", "001", "RM"),
                ("Torino", "101", "TO"),
                ("Bologna", "401", "BO"),
                ("Napoli", "801", "NA"),
            ]
        )
        street = R.choice(
            [
                "Via Garibaldi",
                "Via Roma",
                "Corso Vittorio Emanuele II",
                "Via dei Mille",
                "Viale Monza",
                "Via Nizza",
            ]
        )
        return f"{street} {n}, {cap}{R.randint(10, 49)} {city} ({pr})"
    if cc == "nl":
        city = R.choice(["Utrecht", "Haarlem", "Groningen", "Eindhoven", "Leiden", "Zwolle"])
        street = R.choice(
            ["Kastanjelaan", "Oudegracht", "Vondelstraat", "Molenweg", "Tulpstraat", "Dorpsstraat"]
        )
        pc = {
            "Utrecht": 35,
            "Haarlem": 20,
            "Groningen": 97,
            "Eindhoven": 56,
            "Leiden": 23,
            "Zwolle": 80,
        }[city]
        return f"{street} {n}{R.choice(['', '-bis', ' A', '-2'])}, {pc}{R.randint(10, 99)} {rs('ABCDEGHJKLMNPRSTVWXZ', 2)} {city}"
    if cc == "be":
        return f"{R.choice(['Kerkstraat', 'Rue de la Station', 'Grote Markt', 'Avenue Louise'])} {n} bus {R.randint(1, 12)}, {R.choice(['2000 Antwerpen', '9000 Gent', '1050 Ixelles', '3000 Leuven'])}"
    if cc == "pl":
        city, pc = R.choice(
            [
                ("Kraków", "31"),
                ("Warszawa", "02"),
                ("Wrocław", "50"),
                ("Gdańsk", "80"),
                ("Poznań", "60"),
            ]
        )
        street = R.choice(
            ["ul. Mickiewicza", "ul. Długa", "al. Niepodległości", "ul. Polna", "ul. Kościuszki"]
        )
        return f"{street} {n}/{R.randint(1, 60)}, {pc}-{rd(3)} {city}"
    if cc == "se":
        pc, city = R.choice(
            [("113", "Stockholm"), ("118", "Stockholm"), ("412", "Göteborg"), ("753", "Uppsala")]
        )
        return f"{R.choice(['Sveavägen', 'Storgatan', 'Kungsgatan', 'Björkvägen'])} {n} lgh {R.randint(1001, 1404)}, {pc} {rd(2)} {city}"
    if cc == "cz":
        return f"{R.choice(['Vinohradská', 'Husova', 'Palackého', 'Nádražní'])} {R.randint(100, 2900)}/{R.randint(1, 80)}, {R.choice(['120 00 Praha 2', '602 00 Brno', '301 00 Plzeň'])}"
    if cc == "pt":
        return f"{R.choice(['Rua de Santa Catarina', 'Avenida da Liberdade', 'Rua do Almada', 'Travessa do Carmo'])}, {n}, {R.randint(1, 6)}º {R.choice(['Esq.', 'Dto.'])}, {R.choice(['4000', '1250', '3000'])}-{rd(3)} {R.choice(['Porto', 'Lisboa', 'Coimbra'])}"
    if cc == "br":
        street, hood, city, cep = R.choice(
            [
                ("Rua Augusta", "Consolação", "São Paulo – SP", "013"),
                ("Av. Paulista", "Bela Vista", "São Paulo – SP", "013"),
                ("Rua Voluntários da Pátria", "Botafogo", "Rio de Janeiro – RJ", "222"),
                ("Rua das Flores", "Centro", "Curitiba – PR", "800"),
            ]
        )
        return f"{street}, {R.randint(10, 2400)}, apto {R.randint(11, 184)} – {hood}, {city}, {cep}{rd(2)}-{rd(3)}"
    if cc == "mx":
        return f"{R.choice(['Av. Insurgentes Sur', 'Calle Durango', 'Av. Revolución', 'Calle Amsterdam'])} {R.randint(10, 1900)}, Int. {R.randint(1, 12)}, Col. {R.choice(['Roma Norte', 'Condesa', 'Del Valle', 'Narvarte'])}, {R.choice(['06700', '06140', '03100', '03020'])} Ciudad de México, CDMX"
    if cc == "ca":
        return f"{R.randint(100, 9800)} {R.choice(['Rue Saint-Denis', 'Queen St W', 'Robson St', 'Bank St'])}, {R.choice(['apt', 'unit'])} {R.randint(1, 30)}, {R.choice(['Montréal QC H2X', 'Toronto ON M6J', 'Vancouver BC V6E', 'Ottawa ON K1S'])} {R.randint(1, 9)}{R.choice('ABCEGHJKLMNPRSTVXY')}{R.randint(1, 9)}"
    if cc == "au":
        return f"Unit {R.randint(1, 40)}, {n} {R.choice(['Wattle Street', 'Bondi Road', 'Swan Street', 'Gympie Terrace'])}, {R.choice(['Ultimo NSW 2007', 'Richmond VIC 3121', 'Fortitude Valley QLD 4006', 'Fremantle WA 6160'])}"
    if cc == "jp":
        zipc, area = R.choice(
            [
                ("150-0001", "東京都渋谷区神宮前"),
                ("169-0075", "東京都新宿区高田馬場"),
                ("530-0001", "大阪府大阪市北区梅田"),
                ("604-8005", "京都府京都市中京区河原町"),
                ("812-0011", "福岡県福岡市博多区博多駅前"),
            ]
        )
        return f"〒{zipc} {area}{R.randint(1, 6)}-{R.randint(1, 30)}-{R.randint(1, 20)} {R.choice(['サンハイツ', 'グランメゾン', 'コーポ桜'])}{R.randint(1, 9)}0{R.randint(1, 9)}号室"
    if cc == "cn":
        return f"{R.choice(['上海市徐汇区漕溪北路', '北京市朝阳区望京西路', '广东省深圳市南山区科苑路', '浙江省杭州市西湖区文三路'])}{R.randint(10, 300)}号{R.randint(1, 20)}栋{R.randint(1, 30)}0{R.randint(1, 6)}室"
    if cc == "kr":
        return f"{R.choice(['서울특별시 마포구 월드컵북로', '서울특별시 송파구 올림픽로', '부산광역시 해운대구 해운대로', '경기도 성남시 분당구 정자일로'])} {R.randint(10, 400)}, {R.randint(1, 15)}{R.randint(0, 2)}{R.randint(1, 9)}호"
    if cc == "in":
        return f"Flat {R.randint(1, 14)}0{R.randint(1, 8)}, {R.choice(['Sai Krupa Apartments', 'Green Meadows', 'Lotus Residency', 'Shanti Niwas'])}, {R.choice(['14th Cross, Indiranagar, Bengaluru 5600', 'Linking Road, Bandra West, Mumbai 4000', 'Sector 22, Noida 2013', 'Anna Nagar West, Chennai 6000'])}{rd(2)}"
    if cc == "ru":
        return f"г. {R.choice(['Москва', 'Санкт-Петербург', 'Казань', 'Новосибирск'])}, ул. {R.choice(['Профсоюзная', 'Садовая', 'Ленина', 'Гагарина'])}, д. {n}, кв. {R.randint(1, 240)}, {R.choice(['117', '190', '420', '630'])}{rd(3)}"
    if cc == "tr":
        street, city = R.choice(
            [
                ("Bağdat Cad.", "34728 Kadıköy/İstanbul"),
                ("Moda Cad.", "34710 Kadıköy/İstanbul"),
                ("Atatürk Bulvarı", "06690 Çankaya/Ankara"),
                ("Cumhuriyet Mah. Gül Sok.", "35220 Konak/İzmir"),
            ]
        )
        return f"{street} No: {R.randint(1, 300)} D: {R.randint(1, 20)}, {city}"
    if cc == "gr":
        return f"{R.choice(['Οδός Ερμού', 'Λεωφόρος Αλεξάνδρας', 'Οδός Αγίου Δημητρίου'])} {n}, {R.choice(['105 63 Αθήνα', '114 73 Αθήνα', '546 24 Θεσσαλονίκη'])}"
    if cc == "za":
        return f"{n} {R.choice(['Jan Smuts Avenue', 'Long Street', 'Main Road'])}, {R.choice(['Parktown North, Johannesburg, 2193', 'Gardens, Cape Town, 8001', 'Rondebosch, Cape Town, 7700'])}"
    raise ValueError(cc)


# ---- phones in prose -------------------------------------------------------

PHONE_PROSE = [
    (
        "us",
        "en",
        "text to a landlord drafted for polishing",
        lambda ph: (
            f'Can you make this sound more professional? "Hi, the heater in unit 4 is broken again, please call me back today at {ph}, I\'m home after 5."'
        ),
    ),
    (
        "uk",
        "en",
        "job application cover letter closing",
        lambda ph: (
            f"...I would welcome the opportunity to discuss my application further. I can be reached on {ph} or by reply to this message.\n\nIs this closing paragraph too formal for a startup?"
        ),
    ),
    (
        "de",
        "de",
        "Kleinanzeige, Text verbessern",
        lambda ph: (
            f"Verkaufe gut erhaltenes Kinderfahrrad (20 Zoll, Puky), 90 € VB. Abholung in Köln-Ehrenfeld. Bei Interesse bitte WhatsApp an {ph}.\n\nKannst du den Anzeigentext ansprechender formulieren?"
        ),
    ),
    (
        "fr",
        "fr",
        "message à un artisan",
        lambda ph: (
            f"Bonjour, suite à votre devis pour la salle de bain, je suis d'accord pour commencer le 12 juin. Vous pouvez me joindre au {ph} en soirée.\n\nPeux-tu corriger les fautes ?"
        ),
    ),
    (
        "es",
        "es",
        "mensaje a un colegio",
        lambda ph: (
            f"Buenos días, soy la madre de Lucía (3º B). Mañana no podrá asistir por fiebre. Para cualquier cosa, mi móvil es {ph}.\n\n¿Está bien redactado?"
        ),
    ),
    (
        "it",
        "it",
        "annuncio affitto stanza",
        lambda ph: (
            f"Affittasi stanza singola in appartamento condiviso zona Navigli, 650 € spese incluse, disponibile da settembre. Contattare Chiara al {ph} (anche WhatsApp).\n\nPuoi tradurlo in inglese per gli studenti Erasmus?"
        ),
    ),
    (
        "nl",
        "nl",
        "bericht aan de huisarts",
        lambda ph: (
            f"Beste assistente, ik wil graag een terugbelverzoek doen voor de uitslag van het bloedonderzoek. Mijn nummer is {ph}, bereikbaar tussen 12 en 14 uur.\n\nKlopt de toon?"
        ),
    ),
    (
        "pl",
        "pl",
        "ogłoszenie korepetycji",
        lambda ph: (
            f"Udzielam korepetycji z matematyki (szkoła podstawowa i liceum), Wrocław Krzyki lub online. Tel. {ph}.\n\nPopraw proszę, żeby brzmiało bardziej profesjonalnie."
        ),
    ),
    (
        "br",
        "pt",
        "mensagem para cliente",
        lambda ph: (
            f"Olá! Seu pedido de bolo de aniversário está confirmado para sábado às 15h. Qualquer dúvida me chama no zap {ph}.\n\nComo deixar essa mensagem mais simpática?"
        ),
    ),
    (
        "in",
        "en",
        "email to an HR team",
        lambda ph: (
            f"Dear HR team, I have not received my relieving letter yet. Kindly call me on {ph} at your earliest convenience.\n\nCan you rewrite this more politely?"
        ),
    ),
    (
        "jp",
        "ja",
        "大家さんへの連絡文",
        lambda ph: (
            f"お世話になっております。402号室の件で、給湯器が故障しているようです。お手数ですが {ph} までご連絡いただけますでしょうか。\n\nこの文章、失礼がないか確認してください。"
        ),
    ),
    (
        "cn",
        "zh",
        "快递问题",
        lambda ph: f"快递员一直打不通我的电话，我的手机号是 {ph}，能帮我写一段给客服的投诉吗？",
    ),
    (
        "kr",
        "ko",
        "중고거래 메시지",
        lambda ph: (
            f"안녕하세요, 올리신 아이패드 아직 판매 중인가요? 가능하시면 {ph}로 문자 주세요.\n\n이 메시지 좀 더 정중하게 바꿔 주세요."
        ),
    ),
    (
        "ru",
        "ru",
        "сообщение мастеру",
        lambda ph: (
            f"Здравствуйте! Хочу записаться на замену масла в субботу утром. Мой номер {ph}, Алексей.\n\nИсправь, пожалуйста, ошибки."
        ),
    ),
    (
        "tr",
        "tr",
        "kargo şikayeti",
        lambda ph: (
            f"Kargom 5 gündür dağıtım merkezinde bekliyor. Kurye beni {ph} numarasından arayabilir mi? Bunu resmi bir dille yazar mısın?"
        ),
    ),
    (
        "se",
        "sv",
        "meddelande till förskolan",
        lambda ph: (
            f"Hej! Elsa blir hämtad av sin morfar idag kl 15. Ring mig på {ph} om något är oklart.\n\nKan du översätta till engelska?"
        ),
    ),
    (
        "cz",
        "cs",
        "zpráva pro opraváře",
        lambda ph: (
            f"Dobrý den, myčka hlásí chybu E24. Můžete mi prosím zavolat na {ph}? Děkuji.\n\nOprav prosím gramatiku."
        ),
    ),
    (
        "gr",
        "el",
        "μήνυμα σε ιδιοκτήτη",
        lambda ph: (
            f"Καλησπέρα, ενδιαφέρομαι για το διαμέρισμα στο Παγκράτι. Μπορείτε να με καλέσετε στο {ph};\n\nΔιόρθωσε τα λάθη, σε παρακαλώ."
        ),
    ),
]
for cc, lang, ctx, fn in PHONE_PROSE:
    ph = phone(cc)
    P(f"phone_{cc}_{lang}", ctx, fn(ph), ph)

# ---- e-mail addresses ------------------------------------------------------

e1 = email("Katrin", "Lehmann", "t-online.de")
e2 = email("Jonas", "Wolff", "gmx.de")
P(
    "email_thread_forwarded_de",
    "forwarded e-mail thread with personal addresses in the headers (German)",
    f"""---------- Weitergeleitete Nachricht ---------
Von: Katrin Lehmann <{e1}>
Datum: Mi., 15. Mai 2024 um 19:42 Uhr
Betreff: Re: Elternabend 3b
An: Jonas Wolff <{e2}>

Hallo Jonas, ich kann leider erst um 20 Uhr. Kannst du bitte die Liste für das Sommerfest mitbringen?

Fasse mir die Mail bitte in zwei Sätzen zusammen.""",
    e1,
    e2,
)

e = email("Olivia", "Brennan", "outlook.com")
P(
    "email_in_signature",
    "email signature pasted for reformatting",
    f"""Olivia Brennan
Freelance illustrator · children's books
{e}
Instagram: @olivia.draws.things

Can you make this signature look cleaner in plain text?""",
    e,
    "@olivia.draws.things",
)

P(
    "email_obfuscated_at_dot",
    "forum post with an obfuscated e-mail address",
    "Selling my old Canon AE-1 with 50mm lens, works perfectly. Email me: marcus dot okafor at gmail dot com — no trades please.\n\nIs it a good idea to write my email like that?",
    "marcus dot okafor at gmail dot com",
)

P(
    "email_obfuscated_brackets_pl",
    "ogłoszenie z zaciemnionym adresem e-mail (polski)",
    "Kontakt w sprawie mieszkania: agnieszka.zielinska [at] wp [dot] pl albo przez formularz. Czy taki zapis chroni przed spamem?",
    "agnieszka.zielinska [at] wp [dot] pl",
)

P(
    "email_obfuscated_fr",
    "annonce avec adresse mail déguisée (français)",
    "Pour réserver un cours de poterie, écrivez à elodie.fontaine (arobase) orange (point) fr en précisant vos disponibilités.",
    "elodie.fontaine (arobase) orange (point) fr",
)

P(
    "email_unicode_idn_de",
    "IDN e-mail with umlauts in the domain (German)",
    "Meine neue Adresse ist jürgen@müller-schreinerei.de — kommt die bei Gmail-Empfängern überhaupt an oder muss ich Punycode benutzen?",
    "jürgen@müller-schreinerei.de",
)

P(
    "email_unicode_local_es",
    "Unicode local part e-mail (Spanish)",
    "Mi correo es josé.núñez@correo.es pero muchos formularios me dicen que no es válido por la tilde. ¿Qué puedo hacer?",
    "josé.núñez@correo.es",
)

P(
    "email_unicode_ru",
    "Cyrillic e-mail address (Russian)",
    "Пишите мне на почту наталья.волкова@почта.рф — это нормальный адрес или лучше завести латинский?",
    "наталья.волкова@почта.рф",
)

e = "たなか.ゆうこ@ドメイン例.jp".replace("ドメイン例", "いろは商店")
P(
    "email_unicode_ja",
    "Japanese IDN e-mail address",
    f"連絡先メールアドレスは {e} です。海外のサービスに登録できないことがあるのですが、なぜでしょうか？",
    e,
)

e = email("Rahul", "Iyer", "rediffmail.com")
P(
    "email_in_app_log",
    "application log line with a user's e-mail and login failure",
    f"""2024-05-14T09:12:44.118Z WARN  [auth] login failed user={e} reason=INVALID_PASSWORD attempts=4 ua="Mozilla/5.0 (Linux; Android 14)"
2024-05-14T09:12:51.006Z WARN  [auth] account locked user={e} until=2024-05-14T09:27:51Z
how do I make the lockout message friendlier?""",
    e,
)

e = email("Sara", "Holm", "telia.com")
P(
    "email_mailto_html",
    "HTML snippet with a mailto link (Swedish)",
    f"""<p>Frågor om anmälan? Mejla <a href="mailto:{e}?subject=Anmälan%20sommarläger">{e}</a></p>

Varför öppnas inte mejlprogrammet när man klickar på länken i Safari?""",
    e,
)

# ---- addresses ---------------------------------------------------------------

ADDR_PROSE = [
    (
        "us",
        "package delivered to wrong house, drafting a complaint",
        lambda a: (
            f"My Amazon package was marked delivered but never arrived. My address is {a}. Can you help me write a message to support?"
        ),
    ),
    (
        "uk",
        "council tax letter help",
        lambda a: (
            f"I moved out of {a} on 30 April but the council still billed me for May. How do I word an appeal?"
        ),
    ),
    (
        "de",
        "Nebenkostenabrechnung (Deutsch)",
        lambda a: (
            f"Ich wohne in der {a} und habe die Nebenkostenabrechnung für 2023 bekommen. Ist eine Nachzahlung von 612 € für 54 m² realistisch?"
        ),
    ),
    (
        "ch",
        "Umzugsmeldung (Schweiz)",
        lambda a: (
            f"Neue Adresse ab 1. Juli: {a}. Wie formuliere ich die Adressänderung für die Krankenkasse?"
        ),
    ),
    (
        "fr",
        "résiliation de bail (français)",
        lambda a: (
            f"Je souhaite résilier le bail de mon appartement situé {a}. Peux-tu rédiger une lettre avec un préavis d'un mois (zone tendue) ?"
        ),
    ),
    (
        "es",
        "reclamación a una compañía eléctrica",
        lambda a: (
            f"Vivo en {a} y me han cortado la luz sin aviso. ¿Cómo redacto una reclamación formal?"
        ),
    ),
    (
        "it",
        "cambio di residenza",
        lambda a: (
            f"Ho appena spostato la residenza in {a}. Devo comunicarlo anche all'Agenzia delle Entrate o lo fa il Comune?"
        ),
    ),
    (
        "nl",
        "klacht bij de gemeente",
        lambda a: (
            f"Sinds maanden staat er een kapotte lantaarnpaal voor mijn huis op {a}. Kun je een klachtbrief opstellen?"
        ),
    ),
    (
        "pl",
        "reklamacja przesyłki",
        lambda a: (
            f"Paczka miała przyjść na adres {a}, ale kurier zostawił ją w paczkomacie na drugim końcu miasta. Jak napisać reklamację?"
        ),
    ),
    (
        "se",
        "flyttanmälan",
        lambda a: (
            f"Jag flyttar till {a} den 1 augusti. Behöver jag anmäla flytten till både Skatteverket och Försäkringskassan?"
        ),
    ),
    (
        "br",
        "endereço para entrega",
        lambda a: (
            f"Meu endereço de entrega é {a}. Como eu escrevo isso no formulário da loja gringa que só tem 'Address line 1' e 'line 2'?"
        ),
    ),
    (
        "mx",
        "formulario de envío",
        lambda a: f"Mi dirección es {a}. ¿Cómo la pongo en un formulario de Estados Unidos?",
    ),
    (
        "au",
        "bond claim dispute",
        lambda a: (
            f"We left {a} spotless but the agent wants to keep $800 of the bond. How do I lodge a bond dispute?"
        ),
    ),
    (
        "jp",
        "住所の英語表記",
        lambda a: f"海外通販で住所を英語で入力したいです。{a} はどう書けばいいですか？",
    ),
    ("cn", "英文地址翻译", lambda a: f"请帮我把这个地址翻译成英文格式，用于国际快递：{a}"),
    ("kr", "해외 배송 주소", lambda a: f"제 주소는 {a} 입니다. 영문 주소로 바꿔 주세요."),
    (
        "in",
        "courier address format",
        lambda a: (
            f"Please format my address for a courier label: {a}. The courier keeps returning it."
        ),
    ),
    (
        "ru",
        "адрес для претензии",
        lambda a: (
            f"Помогите составить претензию в управляющую компанию. Я живу по адресу: {a}, у нас третью неделю нет горячей воды."
        ),
    ),
    (
        "tr",
        "adres değişikliği",
        lambda a: (
            f"Yeni adresim {a}. Bankaya adres değişikliği için nasıl bir dilekçe yazabilirim?"
        ),
    ),
]
for cc, ctx, fn in ADDR_PROSE:
    a = address(cc)
    P(f"street_address_{cc}", ctx, fn(a), a)

a = address("de")
name_block = f"Sabine Brandt\n{a.split(', ')[0]}\n{a.split(', ')[1]}"
P(
    "postal_address_block_letter",
    "letter header with a multi-line address block (German)",
    f"""{name_block}

Stadtwerke Münster GmbH
Kundenservice
Hafenplatz 1
48155 Münster

Widerspruch gegen die Abschlagserhöhung – Vertragskonto 4071 8823 15

Sehr geehrte Damen und Herren, ...
Bitte vervollständige den Brief.""",
    a.split(", ")[0] + "\n" + a.split(", ")[1],
    "4071 8823 15",
)


# ---- national identifiers (with check digits where the format has one) ------


def dmy(y: int, m: int, d: int, sep: str = ".") -> str:
    return f"{d:02d}{sep}{m:02d}{sep}{y}"


def ymd(y: int, m: int, d: int) -> str:
    return f"{y}-{m:02d}-{d:02d}"


v = ssn()
P(
    "us_ssn_w4",
    "W-4 / payroll onboarding question with SSN",
    f"HR asked me to double check my W-4. Name: Ethan Sullivan, SSN {v}, filing status single. Should I claim the dependent credit for my stepson?",
    v,
)

v = ssn()
P(
    "us_ssn_no_dashes_form",
    "tax preparer intake form pasted",
    f"Client intake\nTaxpayer: Grace Delaney\nSSN: {v.replace('-', '')}\nSpouse: none\nQuestion: can she deduct her home office if she's a W-2 employee?",
    v.replace("-", ""),
)

v = nino()
P(
    "uk_nino_hmrc_letter",
    "HMRC letter help with National Insurance number",
    f"HMRC sent me a letter saying I underpaid tax. It quotes my National Insurance number {v} and tax code 1257L W1/M1. What does W1/M1 mean?",
    v,
)

v = nhs()
y, m, d = dob()
P(
    "uk_nhs_number_gp",
    "GP registration message with NHS number and DOB",
    f"Registering with a new GP. They want my NHS number — it's {v} — and date of birth {dmy(y, m, d, '/')}. Do I also need proof of address?",
    v,
    dmy(y, m, d, "/"),
)

v = steuer_id()
P(
    "de_steuer_id_elster",
    "Steuer-ID in an ELSTER question (German)",
    f"In ELSTER werde ich nach meiner Identifikationsnummer gefragt. Auf dem Brief vom BZSt steht {v}. Ist das dieselbe wie die Steuernummer vom Finanzamt?",
    v,
)

y, m, d = dob()
v = rvnr(y, m, d, "Hoffmann", False)
P(
    "de_sozialversicherungsnummer",
    "Sozialversicherungsnummer for a new employer (German)",
    f"Mein neuer Arbeitgeber braucht meine Sozialversicherungsnummer. Laut Ausweis der DRV ist es {v}. Reicht das oder brauchen die noch den Ausweis selbst?",
    v,
)

v = kvnr()
P(
    "de_krankenversichertennummer",
    "Krankenversichertennummer in a letter to the insurer (German)",
    f"Sehr geehrte Damen und Herren, bitte senden Sie mir eine neue Gesundheitskarte zu. Versichertennummer: {v}. Die alte Karte ist beschädigt.\n\nKannst du das formeller schreiben?",
    v,
)

v = de_ausweis()
P(
    "de_personalausweis_number",
    "Personalausweisnummer for a hotel check-in form (German)",
    f"Die Ferienwohnung will vorab die Nummer meines Personalausweises: {v}. Ist das überhaupt erlaubt?",
    v,
)

y, m, d = dob()
v = nir(R.choice([1, 2]), y, m)
P(
    "fr_nir_secu",
    "numéro de sécurité sociale (français)",
    f"Sur ma carte Vitale il y a le numéro {v}. La mutuelle me demande aussi la clé, c'est bien les deux derniers chiffres ?",
    v,
)

v = dni()
P(
    "es_dni_form",
    "DNI en un formulario (español)",
    f"Para darme de alta en la gestoría me piden el DNI: {v}. ¿La letra va pegada o separada con guion?",
    v,
)

y, m, d = dob()
v = codice_fiscale("Ricci", "Francesca", y, m, d, True)
P(
    "it_codice_fiscale",
    "codice fiscale in un modulo (italiano)",
    f"Nel modulo per il bonus asilo nido devo inserire il codice fiscale di mia figlia e il mio. Il mio è {v}, nata il {dmy(y, m, d, '/')}. Dove trovo quello della bambina?",
    v,
    dmy(y, m, d, "/"),
)

v = bsn()
P(
    "nl_bsn_belastingdienst",
    "BSN voor de Belastingdienst (Nederlands)",
    f"Mijn BSN is {v}. De Belastingdienst vraagt om een machtigingscode voor mijn boekhouder, hoe vraag ik die aan?",
    v,
)

y, m, d = dob(1960, 2008)
v = pesel(y, m, d, False)
P(
    "pl_pesel_zus",
    "PESEL in a ZUS question (Polish)",
    f"Na formularzu ZUS ZUA mam wpisać PESEL syna: {v}. Czy muszę też podać numer dowodu?",
    v,
)

y, m, d = dob()
v = personnummer(y, m, d)
P(
    "se_personnummer",
    "personnummer in an e-mail to Försäkringskassan (Swedish)",
    f"Hej, jag har inte fått min föräldrapenning för april. Mitt personnummer är {v}. Kan ni kontrollera ärendet?\n\nLåter det här okej?",
    v,
)

y, m, d = dob()
v = hetu(y, m, d)
P(
    "fi_henkilotunnus",
    "henkilötunnus in a Kela form (Finnish)",
    f"Kelan lomakkeessa kysytään henkilötunnusta. Minun on {v}. Pitääkö väliviiva kirjoittaa mukaan?",
    v,
)

y, m, d = dob()
v = fodselsnummer(y, m, d)
P(
    "no_fodselsnummer",
    "fødselsnummer for NAV (Norwegian)",
    f"NAV ber om fødselsnummeret mitt på skjemaet: {v}. Hvor lang tid tar det før dagpengene blir behandlet?",
    v,
)

y, m, d = dob()
v = be_nn(y, m, d)
P(
    "be_rijksregisternummer",
    "numéro de registre national (Belgique)",
    f"Le formulaire de la mutuelle demande mon numéro de registre national : {v}. Je le trouve où sur ma carte d'identité ?",
    v,
)

v = ahv()
P(
    "ch_ahv_number",
    "AHV-Nummer für den Arbeitgeber (Schweiz)",
    f"Meine AHV-Nummer ist {v}. Der Lohnausweis zeigt aber eine andere Nummer an, was soll ich tun?",
    v,
)

y, m, d = dob()
v = svnr_at(y, m, d)
P(
    "at_sozialversicherungsnummer",
    "österreichische SV-Nummer (Deutsch)",
    f"Auf der e-card steht die Versicherungsnummer {v}. Die ÖGK hat mir trotzdem einen Brief geschickt, dass ich nicht versichert bin?",
    v,
)

y, m, d = dob()
v = amka(y, m, d)
P(
    "gr_amka",
    "ΑΜΚΑ σε αίτηση (ελληνικά)",
    f"Στην αίτηση για το Κοινωνικό Τιμολόγιο ζητάει ΑΜΚΑ. Ο δικός μου είναι {v}. Χρειάζεται και ΑΦΜ;",
    v,
)

v = cpf()
P(
    "br_cpf",
    "CPF em nota fiscal (português)",
    f"A loja pediu meu CPF na nota: {v}. Isso serve pra declarar no imposto de renda?",
    v,
)

y, m, d = dob()
v = cn_id(y, m, d, R.random() < 0.5)
P(
    "cn_resident_id",
    "居民身份证号 (中文)",
    f"办理银行卡时需要填写身份证号码 {v}，为什么系统提示校验失败？",
    v,
)

v = aadhaar()
P(
    "in_aadhaar",
    "Aadhaar number in a KYC question",
    f"The broker's KYC form rejects my Aadhaar {v}. It says 'mobile not linked'. How do I link it?",
    v,
)

v = pan_in("Kulkarni")
P(
    "in_pan",
    "PAN in an ITR filing question",
    f"Filing ITR-1 for my mother. Her PAN is {v} and she has only pension income. Is Form 16 needed?",
    v,
)

v = my_number()
P(
    "jp_my_number",
    "マイナンバー (日本語)",
    f"会社から年末調整のためにマイナンバーを求められました。私の個人番号は {v} です。メールで送っても大丈夫でしょうか？",
    v,
)

y, m, d = dob()
v = rrn_kr(y, m, d, R.random() < 0.5)
P(
    "kr_rrn",
    "주민등록번호 (한국어)",
    f"연말정산 부양가족 등록에 어머니 주민등록번호 {v} 를 넣었는데 오류가 납니다. 왜 그런가요?",
    v,
)

v = sin_ca()
P(
    "ca_sin",
    "SIN on a T4 question (Canada)",
    f"My T4 shows SIN {v} but my employer spelled my name wrong. Will CRA still match it?",
    v,
)

v = tfn()
P(
    "au_tfn",
    "TFN in a payroll form (Australia)",
    f"New job wants my tax file number on the TFN declaration: {v}. Should I tick the tax-free threshold if I have a second job?",
    v,
)

v = au_medicare()
P(
    "au_medicare",
    "Medicare card number for a clinic (Australia)",
    f"Booking a GP online, it asks for Medicare card number {v} and IRN 2. Where's the IRN on the card?",
    v,
)

y, m, d = dob()
v = za_id(y, m, d, R.random() < 0.5)
P(
    "za_id_number",
    "South African ID for a SASSA / bank form",
    f"FNB's app won't accept my ID number {v}. Is there a checksum I might be getting wrong?",
    v,
)

y, m, d = dob(1975, 2003)
v = curp("Hernández", "Ramírez", "Sofía", y, m, d, True, "DF")
P(
    "mx_curp",
    "CURP en un trámite (español, México)",
    f"Mi CURP es {v}. El portal del SAT dice que no coincide con mi RFC. ¿Qué hago?",
    v,
)

v = tckn()
P(
    "tr_tc_kimlik",
    "TC kimlik numarası (Türkçe)",
    f"e-Devlet'e giriş yaparken TC kimlik no {v} yazıyorum ama 'geçersiz' diyor. Neden olabilir?",
    v,
)

v = il_id()
P(
    "il_teudat_zehut",
    "Israeli ID number in a form (English)",
    f"The insurance form asks for my Teudat Zehut: {v}. Do I include the check digit?",
    v,
)

v = nif_pt()
P(
    "pt_nif",
    "NIF numa fatura (português europeu)",
    f"Pedi fatura com o meu NIF {v} mas não aparece no e-Fatura. Quanto tempo demora?",
    v,
)

v = rut_cl()
P(
    "cl_rut",
    "RUT en un contrato (español, Chile)",
    f"En el contrato de arriendo mi RUT aparece como {v}. ¿Está bien el dígito verificador?",
    v,
)

v = snils()
P(
    "ru_snils",
    "СНИЛС в заявлении (русский)",
    f"В заявлении на Госуслугах нужно указать СНИЛС: {v}. А если он старого образца, зелёная карточка?",
    v,
)

v = inn_ru()
P(
    "ru_inn_personal",
    "ИНН физлица (русский)",
    f"Мой ИНН {v}. Как через личный кабинет налогоплательщика получить вычет за лечение?",
    v,
)

# ---- passports, licences, health insurance ---------------------------------

y, m, d = dob()
pno = rd(9)
P(
    "passport_uk_booking",
    "airline passenger details (API) pasted",
    f"""Advance passenger information
Surname: WHITFIELD   Given names: JAMES ALEXANDER
Nationality: GBR   Sex: M
Date of birth: {d:02d} {["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"][m - 1]} {y}
Passport number: {pno}   Expiry: 11 MAR 2031

Is the 'document type' P or I for a normal passport?""",
    f"{d:02d} {['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'][m - 1]} {y}",
    pno,
)

pno = rd(2) + rs("ABCDEFGHJKLMNPRSTUVWXYZ", 2) + rd(5)
P(
    "passport_fr_visa",
    "numéro de passeport pour un visa (français)",
    f"Pour la demande d'e-visa indien, mon numéro de passeport est {pno}, délivré à Nantes. Le site refuse le format, pourquoi ?",
    pno,
)

pno = de_pass()
P(
    "passport_de_esta",
    "ESTA-Antrag mit Reisepassnummer (Deutsch)",
    f"Im ESTA-Antrag habe ich die Reisepassnummer {pno} eingegeben – ist das 'O' oder die Null? Das Formular lässt mich nicht weiter.",
    pno,
)

pno = R.choice(UP) + rd(7)
P(
    "passport_in_appointment",
    "Indian passport number for a visa appointment",
    f"VFS appointment form: passport no. {pno}, issued at RPO Pune. Should I enter the file number too?",
    pno,
)

pno = R.choice(["TR", "TK", "TZ", "MZ"]) + rd(7)
P(
    "passport_jp_hotel",
    "旅券番号 (日本語)",
    f"海外ホテルのオンラインチェックインで旅券番号 {pno} を入力しました。有効期限も必要ですか？",
    pno,
)

pno = "E" + rd(8)
P(
    "passport_cn_visa",
    "护照号码 (中文)",
    f"申请申根签证，护照号 {pno}，表格上的 'Number of travel document' 就是这个吗？",
    pno,
)

pno = "M" + rd(8)
y, m, d = dob()
P(
    "passport_kr_mrz",
    "machine readable zone typed in by the user",
    f"여권 MRZ를 직접 입력하는데 체크 디지트가 맞는지 봐 주세요:\nP<KORKIM<<MINJUN<<<<<<<<<<<<<<<<<<<<<<<<<<<<\n{pno}<{mrz_digit(pno)}KOR{y % 100:02d}{m:02d}{d:02d}{mrz_digit(f'{y % 100:02d}{m:02d}{d:02d}')}M3103117<<<<<<<<<<<<<<0",
    f"{pno}<{mrz_digit(pno)}KOR{y % 100:02d}{m:02d}{d:02d}{mrz_digit(f'{y % 100:02d}{m:02d}{d:02d}')}M3103117<<<<<<<<<<<<<<0",
)

y, m, d = dob()
v = uk_driving("Marsh", "Chloe", y, m, d, True)
P(
    "uk_driving_licence",
    "UK driving licence number for a car hire",
    f"The car hire site wants my licence number {v} and a DVLA check code. How do I get the check code?",
    v,
)

v = R.choice(UP) + rd(7)
P(
    "us_drivers_license_ca",
    "California DL number in a DMV question",
    f"My California driver license number is {v}. The DMV says my REAL ID appointment was canceled, do I need to rebook?",
    v,
)

v = mbi()
y, m, d = dob(1938, 1959)
P(
    "us_medicare_mbi",
    "Medicare Beneficiary Identifier for a parent",
    f"Helping my dad with a Part D plan. His Medicare number is {v}, born {m}/{d}/{y}. Which plans cover Eliquis?",
    v,
    f"{m}/{d}/{y}",
)

# ---- dates of birth beside names ------------------------------------------

DOB_ROWS = [
    (
        "en",
        (2019, 2020),
        lambda y, m, d: (
            f"{['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'][m - 1]} {d}, {y}"
        ),
        lambda s: (
            f"My son Noah Carter was born on {s}. Is he old enough to start kindergarten this fall in Ohio?"
        ),
    ),
    (
        "de",
        (1940, 1958),
        lambda y, m, d: dmy(y, m, d),
        lambda s: (
            f"Meine Mutter, Renate Krüger, geb. {s}, braucht eine Vorsorgevollmacht. Muss die notariell beglaubigt werden?"
        ),
    ),
    (
        "fr",
        (1975, 2000),
        lambda y, m, d: (
            f"{d} {['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'][m - 1]} {y}"
        ),
        lambda s: (
            f"Je m'appelle Inès Girard, née le {s} à Rennes. Aide-moi à rédiger une demande d'acte de naissance."
        ),
    ),
    (
        "es",
        (1959, 1961),
        lambda y, m, d: dmy(y, m, d, "/"),
        lambda s: (
            f"Mi abuelo, Álvaro Domínguez Gil, nacido el {s}, quiere pedir la jubilación anticipada. ¿Cuántos años cotizados necesita?"
        ),
    ),
    (
        "it",
        (1990, 1995),
        lambda y, m, d: dmy(y, m, d, "/"),
        lambda s: (
            f"Sono Davide Colombo, nato il {s}. Posso ancora iscrivermi al concorso pubblico con il limite di 35 anni?"
        ),
    ),
    (
        "ja",
        (1960, 2000),
        lambda y, m, d: f"{y}年{m}月{d}日",
        lambda s: f"佐藤健太、{s}生まれです。この生年月日だと今年は厄年ですか？",
    ),
    (
        "zh",
        (1969, 1974),
        lambda y, m, d: f"{y}年{m}月{d}日",
        lambda s: f"我叫王芳，出生日期{s}，请问今年可以办理退休吗？",
    ),
    (
        "ru",
        (1960, 2000),
        lambda y, m, d: dmy(y, m, d),
        lambda s: (
            f"Иванов Дмитрий Сергеевич, дата рождения {s}. Помогите заполнить анкету на загранпаспорт."
        ),
    ),
]
for lang, (lo, hi), fmt, tmpl in DOB_ROWS:
    y, m, d = dob(lo, hi)
    s = fmt(y, m, d)
    P(f"date_of_birth_{lang}", f"date of birth beside a name ({lang})", tmpl(s), s)

y, m, d = dob(1985, 2000)
P(
    "date_of_birth_iso_json",
    "user profile JSON from an API response",
    f"""{{
  "display_name": "Lotte Visser",
  "birthdate": "{ymd(y, m, d)}",
  "locale": "nl-NL",
  "newsletter": false
}}
why does moment(birthdate).fromNow() show the wrong age?""",
    ymd(y, m, d),
)

# ---- bank accounts ----------------------------------------------------------

IBAN_ROWS = [
    (
        "DE",
        "de",
        "Überweisungsbitte an Vermieter",
        lambda ib: (
            f"Bitte überweisen Sie die Kaution von 1.950 € auf mein Konto: Lukas Wagner, IBAN {ib}, BIC COBADEFFXXX.\n\nIst die Formulierung freundlich genug?"
        ),
    ),
    (
        "FR",
        "fr",
        "RIB pour remboursement",
        lambda ib: (
            f"Voici mon RIB pour le remboursement des frais de déplacement : IBAN {ib} — titulaire Camille Moreau.\n\nPeux-tu rédiger le mail d'accompagnement ?"
        ),
    ),
    (
        "ES",
        "es",
        "datos bancarios para nómina",
        lambda ib: (
            f"Mi cuenta para domiciliar la nómina es {ib} (titular: Marta Navarro). ¿Hace falta certificado de titularidad?"
        ),
    ),
    (
        "IT",
        "it",
        "IBAN per rimborso",
        lambda ib: (
            f"Per il rimborso del biglietto annullato l'IBAN è {ib}, intestato a Stefano Marino. Quanto ci mette Trenitalia?"
        ),
    ),
    (
        "NL",
        "nl",
        "Tikkie-achtig verzoek",
        lambda ib: (
            f"Wil je de 37,50 voor het uitje overmaken naar {ib} t.n.v. S. de Boer? Kun je dit als nette herinnering formuleren?"
        ),
    ),
    (
        "BE",
        "fr",
        "virement entre particuliers (Belgique)",
        lambda ib: f"Pour la vente du vélo, vous pouvez virer 420 € sur le compte {ib}. Merci !",
    ),
    (
        "GB",
        "en",
        "invoice payment details of a freelancer",
        lambda ib: (
            f"Payment details for invoice 2024-017 (freelance translation): Account name: Chloe Marsh, IBAN {ib}. Can you check the rest of the invoice wording?"
        ),
    ),
    (
        "IE",
        "en",
        "Irish IBAN for rent",
        lambda ib: (
            f"Hi, rent for June can go to {ib} (Aoife Byrne). Please use 'Apt 3 June' as reference."
        ),
    ),
    (
        "PL",
        "pl",
        "dane do przelewu",
        lambda ib: (
            f"Proszę o zwrot kaucji na rachunek {ib}, właściciel: Katarzyna Nowak. Jak to napisać oficjalnie?"
        ),
    ),
    (
        "PT",
        "pt",
        "IBAN para reembolso (Portugal)",
        lambda ib: f"O meu IBAN é {ib}. Pode fazer a devolução da caução até sexta?",
    ),
    (
        "AT",
        "de",
        "Kontodaten Österreich",
        lambda ib: f"Die Rückerstattung bitte auf AT-Konto {ib}, lautend auf Elisabeth Gruber.",
    ),
    (
        "CH",
        "de",
        "Schweizer IBAN für Rechnung",
        lambda ib: (
            f"Zahlbar innert 30 Tagen an: Reto Meier, Einzelfirma, IBAN {ib}. Passt das so für eine QR-Rechnung?"
        ),
    ),
    (
        "TR",
        "tr",
        "IBAN ile ödeme",
        lambda ib: (
            f"Ödemeyi {ib} IBAN'a Zeynep Arslan adına yapabilirsiniz. Bunu kibar bir dille yazar mısın?"
        ),
    ),
    (
        "CZ",
        "cs",
        "číslo účtu IBAN",
        lambda ib: f"Zálohu prosím pošlete na účet {ib} (Petr Novák). Je to správně naformátované?",
    ),
]
for cc, _lang, ctx, fn in IBAN_ROWS:
    ib = iban(cc)
    shown = R.choice([ib, fmt_iban(ib)])
    P(f"iban_{cc.lower()}", ctx, fn(shown), shown)

acct = rd(8)
P(
    "uk_sort_code_account",
    "UK bank details: sort code is the bank's, account number is personal",
    f"Please pay the deposit to: Mr O. Holloway, sort code 20-{rd(2)}-{rd(2)}, account number {acct}. Is it safe to send these by text?",
    acct,
)

acct = rnz(10)
routing = "0" + R.choice("12") + rd(6)
routing += str(
    (
        10
        - (
            3 * (int(routing[0]) + int(routing[3]) + int(routing[6]))
            + 7 * (int(routing[1]) + int(routing[4]) + int(routing[7]))
            + (int(routing[2]) + int(routing[5]))
        )
        % 10
    )
    % 10
)
P(
    "us_routing_account",
    "direct deposit form: routing number identifies the bank, account is personal",
    f"Direct deposit form for my new job:\nBank: Chase\nRouting: {routing}\nAccount: {acct}\nChecking\n\nDo I need a voided check too?",
    acct,
)

acct = rnz(12)
P(
    "in_ifsc_account",
    "Indian bank account with IFSC",
    f"Send the advance to A/c no. {acct}, IFSC HDFC0001{rd(3)}, name Priya Sharma. Can you draft this as a formal payment request?",
    acct,
)

acct = rd(4) + " " + rd(4)
P(
    "au_bsb_account",
    "Australian BSB and account number",
    f"Bond refund to BSB 062-{rd(3)}, account {acct} (Chloe Nguyen). How long does the RTBA take?",
    acct,
)

acct = rd(7)
P(
    "jp_bank_account",
    "口座番号 (日本語)",
    f"給与振込先：みずほ銀行 渋谷支店 普通 口座番号 {acct} 名義 タカハシ ミサキ。この書き方で会社に出して大丈夫ですか？",
    acct,
)

conta = f"{rd(5)}-{rd(1)}"
pix = email("Larissa", "Carvalho", "gmail.com")
P(
    "br_conta_pix",
    "dados bancários e chave PIX (português)",
    f"Pode me pagar pelo PIX, chave {pix}, ou transferência: Banco Itaú, agência 0{rd(3)}, conta corrente {conta}. Obrigada!",
    pix,
    conta,
)

# ---- payment cards ------------------------------------------------------------

CARD_ROWS = [
    (
        "visa",
        "en",
        "customer emailed card details to a shop; asking how to reply",
        lambda c: (
            f"A customer emailed us: 'please charge my Visa {c}, exp 09/27, for the two chairs'. How do I reply telling them not to send card numbers by email?"
        ),
    ),
    (
        "mc",
        "de",
        "Kartennummer in Supportanfrage (Deutsch)",
        lambda c: (
            f"Die Buchung wurde zweimal von meiner Mastercard {c} abgebucht. Wie fordere ich das Geld zurück?"
        ),
    ),
    (
        "amex",
        "en",
        "expense report line with a corporate Amex",
        lambda c: (
            f"Expense report: hotel in Denver, $812.40, paid with Amex {c}. Finance says they need the last 4 only — do I redact the rest?"
        ),
    ),
    (
        "visa",
        "fr",
        "numéro de carte dans une réclamation (français)",
        lambda c: (
            f"Ma carte {c} a été débitée de 49,99 € par un abonnement que je n'ai jamais souscrit. Comment faire opposition ?"
        ),
    ),
    (
        "mc",
        "es",
        "tarjeta en un chat de soporte (español)",
        lambda c: (
            f"Le di al de la tienda mi tarjeta {c} con caducidad 11/26 por teléfono. ¿Debería cancelarla?"
        ),
    ),
    (
        "discover",
        "en",
        "phone order note pasted from a notepad",
        lambda c: (
            f"phone order - table lamp x2 - card {c} exp 04/28 zip 43215 - ship ground\n\nturn this into a proper order summary email please"
        ),
    ),
    (
        "jcb",
        "ja",
        "カード番号 (日本語)",
        lambda c: (
            f"ネットショップで {c} のJCBカードを使ったら決済エラーになりました。3Dセキュアの設定が必要ですか？"
        ),
    ),
    (
        "unionpay",
        "zh",
        "银联卡号 (中文)",
        lambda c: f"我的银联卡 {c} 在国外刷不了，需要开通境外支付吗？",
    ),
]
for brand, lang, ctx, fn in CARD_ROWS:
    num = card(brand)
    shown = R.choice([fmt_card(num), fmt_card(num), num, fmt_card(num, "-")])
    P(f"card_number_{brand}_{lang}", ctx, fn(shown), shown)

# ---- IP / MAC / plates / profile URLs ----------------------------------------

ip = rnd_ip()
P(
    "home_ip_address",
    "user's own public IP in a router question",
    f"My home IP is {ip} and I want to open port 25565 for Minecraft for my friends. Is it safe to give them this IP?",
    ip,
)

ip6 = rnd_ip6()
P(
    "home_ipv6_address",
    "user's own IPv6 address (German)",
    f"Mein Anschluss hat die IPv6 {ip6}. Warum kann ich von außen meinen Raspberry Pi trotzdem nicht erreichen?",
    ip6,
)

mac = rnd_mac()
P(
    "mac_address_own_laptop",
    "MAC address of the user's laptop for a dorm network",
    f"The university dorm network wants me to register my laptop's MAC address. `ip link` shows {mac} for wlp0s20f3 — is that the right one or is it randomized?",
    mac,
)

mac = rnd_mac("-").upper()
P(
    "mac_address_windows",
    "Windows ipconfig output with own MAC (Spanish)",
    f"Adaptador de LAN inalámbrica Wi-Fi:\n   Dirección física. . . . . . . . . . . . . : {mac}\n   DHCP habilitado . . . . . . . . . . . . . : sí\n\nEl router de mi casa tiene filtrado MAC, ¿qué dirección le pongo?",
    mac,
)

plate = f"{R.choice(['M', 'K', 'HH', 'B', 'F'])}-{rs('ABCDEFGHJKLMNPRSTUVWXYZ', 2)} {R.randint(100, 9999)}"
P(
    "license_plate_de",
    "Kennzeichen in einem Bußgeldbescheid (Deutsch)",
    f"Ich habe einen Anhörungsbogen bekommen: Kennzeichen {plate}, 23 km/h zu schnell innerorts. Ich war aber nicht der Fahrer. Was schreibe ich?",
    plate,
)

plate = f"{rs('ABCDEFGHJKLMNOPRSTUVWXY', 2)}{rd(2)} {rs('ABCDEFGHJKLMNOPRSTUVWXYZ', 3)}"
P(
    "license_plate_uk",
    "parking charge notice appeal (UK)",
    f"Got a parking charge notice from a private car park for vehicle {plate}. I was there 4 minutes over. Is it worth appealing?",
    plate,
)

plate = f"{rs('ABCDEFGHJKLMNPQRSTVWXYZ', 2)}-{rd(3)}-{rs('ABCDEFGHJKLMNPQRSTVWXYZ', 2)}"
P(
    "license_plate_fr",
    "constat amiable (français)",
    f"Pour le constat : mon véhicule immatriculé {plate}, l'autre conducteur a reculé sans regarder. Comment remplir la case 12 ?",
    plate,
)

plate = f"{R.randint(1, 9)}{rs('ABCDEFGHJKLMNPRSTUVWXYZ', 3)}{rd(3)}"
P(
    "license_plate_us",
    "accident report note (US)",
    f"Hit and run in the Target parking lot — my car is a silver Civic, CA plate {plate}. What should go in the police report?",
    plate,
)

url = f"https://www.linkedin.com/in/katrin-lehmann-{rhex(8)}/"
P(
    "linkedin_profile_url",
    "profile URL in a CV",
    f"Here's the header of my CV — does it look ok?\n\nKatrin Lehmann · Data Analyst · Munich\n{url}",
    url,
)

url = f"https://www.facebook.com/profile.php?id=1000{rd(11)}"
P(
    "facebook_profile_url",
    "report of harassment with the harasser's profile URL",
    f"Someone keeps sending my daughter messages from this account: {url}. How do I report it to Facebook and the police?",
    url,
)

url = f"https://vk.com/id{rnz(9)}"
P(
    "vk_profile_url",
    "ссылка на профиль ВКонтакте (русский)",
    f"Мошенник писал мне с этой страницы: {url}. Куда пожаловаться?",
    url,
)

url = f"https://www.instagram.com/{R.choice(['marta.gil', 'martagil_', 'marta_gil.foto'])}{rd(2)}/"
P(
    "instagram_profile_url",
    "Instagram profile in a freelance bio (Spanish)",
    f"Soy fotógrafa de bodas en Sevilla. Portafolio: {url}. ¿Me ayudas a escribir una bio corta?",
    url,
)


# ---- whole documents: HR, finance, contracts, medical, school, travel -------


def creditor_id() -> str:
    nat = "0" + rd(10)
    num = "".join(str(int(c, 36)) for c in nat + "DE00")
    return f"DE{98 - int(num) % 97:02d}ZZZ{nat}"


# HR onboarding spreadsheet pasted as TSV
rows, secs = [], []
for first, last, cc in [
    ("Lea", "Schäfer", "DE"),
    ("Tobias", "Lehmann", "DE"),
    ("Anouk", "Mulder", "NL"),
    ("Marie", "Wolff", "AT"),
]:
    y, m, d = dob(1970, 2001)
    b = dmy(y, m, d)
    ib = iban(cc)
    tid = steuer_id()
    ph = phone("de")
    rows.append(f"{first}\t{last}\t{b}\t{tid}\t{ib}\t{ph}")
    secs += [b, tid, ib, ph]
P(
    "hr_onboarding_tsv",
    "HR spreadsheet of new hires pasted as TSV, asking for a formula",
    "Vorname\tNachname\tGeburtsdatum\tSteuer-ID\tIBAN\tMobil\n"
    + "\n".join(rows)
    + "\n\nWie kann ich in Excel aus dem Geburtsdatum das Alter zum 1.1.2025 berechnen?",
    *secs,
)

# payslip
y, m, d = dob(1975, 1998)
tid, sv, ib = steuer_id(), rvnr(y, m, d, "Becker", True), iban("DE")
adr = address("de")
persnr = "000" + rd(4)
P(
    "payslip_de",
    "Gehaltsabrechnung pasted to ask about tax class (German)",
    f"""Entgeltabrechnung Mai 2024
Anna Becker
{adr}
Pers.-Nr. {persnr}   Steuerklasse 4   Konfession ev   Kinderfreibetrag 1,0
Steuer-ID {tid}   SV-Nr. {sv}
Geb.-Datum {dmy(y, m, d)}
Bruttobezüge 4.350,00   Lohnsteuer 612,41   Soli 0,00   KiSt 55,11
Auszahlung auf {fmt_iban(ib)}

Lohnt sich für uns ein Wechsel zu Steuerklasse 3/5?""",
    adr,
    persnr,
    tid,
    sv,
    dmy(y, m, d),
    fmt_iban(ib),
)

# US offer letter / I-9 data
y, m, d = dob(1980, 2000)
s, ph, em, adr = ssn(), phone("us"), email("Mason", "Holloway"), address("us")
P(
    "hr_i9_intake_en",
    "HR intake email forwarded whole with an I-9 data block",
    f"""From: People Ops
To: Payroll
Subject: FW: New hire – Mason Holloway – start 6/3

Please set up payroll:
Legal name: Mason T. Holloway
Home address: {adr}
Personal email: {em}
Mobile: {ph}
DOB: {m:02d}/{d:02d}/{y}
SSN: {s}
Direct deposit to be provided on day 1.

Can you turn this into a checklist for the first week?""",
    adr,
    em,
    ph,
    f"{m:02d}/{d:02d}/{y}",
    s,
)

# employment contract (French)
y, m, d = dob(1980, 2000)
adr, nss = address("fr"), nir(2, y, m)
P(
    "employment_contract_fr",
    "extrait de contrat de travail (français)",
    f"""CONTRAT DE TRAVAIL À DURÉE INDÉTERMINÉE
Entre la société Ateliers Garnier SAS, et
Madame Manon Rousseau, née le {dmy(y, m, d, "/")} à Lyon, demeurant {adr},
numéro de sécurité sociale {nss},
il a été convenu ce qui suit : ...
Article 5 – Période d'essai : 4 mois renouvelable une fois.

La période d'essai de 4 mois renouvelable est-elle légale pour un poste de technicienne ?""",
    dmy(y, m, d, "/"),
    adr,
    nss,
)

# rental contract (Spanish)
adr, d1, d2 = address("es"), dni(), dni()
ib = iban("ES")
P(
    "rental_contract_es",
    "contrato de arrendamiento (español)",
    f"""CONTRATO DE ARRENDAMIENTO DE VIVIENDA
De una parte, D. Sergio Torres Romero, con DNI {d1}, en calidad de ARRENDADOR.
De otra, Dña. Nuria Gil Sánchez, con DNI {d2}, en calidad de ARRENDATARIA.
La vivienda sita en {adr} ...
La renta se abonará mensualmente en la cuenta {ib}.

¿Es legal que me pidan dos meses de fianza más un mes de garantía adicional?""",
    d1,
    d2,
    adr,
    ib,
)

# medical letter (German Arztbrief)
y, m, d = dob(1940, 1965)
kv = kvnr()
adr = address("de")
P(
    "medical_letter_de",
    "Arztbrief abgetippt, Bitte um Erklärung (Deutsch)",
    f"""Entlassbrief
Patient: Herr Jürgen Schneider, geb. {dmy(y, m, d)}, wohnhaft {adr}
Versichertennr.: {kv}
Diagnosen: Vorhofflimmern (I48.1), arterielle Hypertonie (I10)
Therapie: Apixaban 5 mg 1-0-1, Bisoprolol 2,5 mg 1-0-0
Procedere: Kontrolle beim Hausarzt in 1 Woche.

Kannst du mir in einfachen Worten erklären, was mein Vater hat?""",
    dmy(y, m, d),
    adr,
    kv,
)

# medical letter (English, NHS)
y, m, d = dob(1950, 1990)
n, adr = nhs(), address("uk")
P(
    "medical_letter_uk",
    "hospital clinic letter typed out, asking what terms mean",
    f"""Dear Dr Patel,
Re: Mrs Grace Sullivan, DOB {dmy(y, m, d, "/")}, NHS No. {n}
{adr}
I reviewed this lady in the rheumatology clinic today. Impression: seronegative inflammatory arthritis. Plan: methotrexate 15 mg weekly with folic acid 5 mg weekly; bloods every 2 weeks for 6 weeks.

What does seronegative mean and are these side effects common?""",
    dmy(y, m, d, "/"),
    n,
    adr,
)

# lab report (Italian)
y, m, d = dob(1960, 1995)
cf = codice_fiscale("Romano", "Luca", y, m, d, False)
P(
    "lab_report_it",
    "referto di laboratorio (italiano)",
    f"""REFERTO ANALISI
Paziente: ROMANO LUCA   Nato il: {dmy(y, m, d, "/")}   C.F.: {cf}
Emoglobina glicata (HbA1c): 6,4 %
Colesterolo LDL: 162 mg/dL
TSH: 3,9 mUI/L

Questi valori sono preoccupanti?""",
    dmy(y, m, d, "/"),
    cf,
)

# legal letter (Dutch)
y, m, d = dob(1970, 1995)
b, adr, ib = bsn(), address("nl"), iban("NL")
P(
    "legal_letter_nl",
    "brief van een deurwaarder overgetypt (Nederlands)",
    f"""Aan: de heer T. Visser
{adr}
Geboortedatum: {dmy(y, m, d, "-")}
BSN: {b}
Betreft: aanmaning vordering Energieleverancier BV, dossiernr. DW-2024-{rd(5)}
Indien u niet binnen 14 dagen € 1.284,16 voldoet op {ib}, gaan wij over tot beslag.

Mag een deurwaarder mijn BSN gebruiken? En is het rekeningnummer van de deurwaarder betrouwbaar?""",
    adr,
    dmy(y, m, d, "-"),
    b,
)

# school form (Polish)
y, m, d = dob(2016, 2017)
ps = pesel(y, m, d, True)
ph1, ph2 = phone("pl"), phone("pl")
adr = address("pl")
e = email("Ewa", "Woźniak", "o2.pl")
P(
    "school_form_pl",
    "karta zgłoszenia dziecka do szkoły (polski)",
    f"""KARTA ZGŁOSZENIA DO ŚWIETLICY
Imię i nazwisko dziecka: Zofia Woźniak   Klasa: 2b
Data urodzenia: {dmy(y, m, d)}   PESEL: {ps}
Adres zamieszkania: {adr}
Matka: Ewa Woźniak, tel. {ph1}, e-mail {e}
Ojciec: Michał Woźniak, tel. {ph2}
Osoby upoważnione do odbioru: babcia Halina

Jak napisać prośbę do wychowawczyni o zwolnienie z basenu?""",
    dmy(y, m, d),
    ps,
    adr,
    ph1,
    e,
    ph2,
)

# school form (English, US)
y, m, d = dob(2013, 2014)
ph, adr, em = phone("us"), address("us"), email("Ava", "Nguyen", "icloud.com")
P(
    "school_emergency_form_us",
    "school emergency contact form pasted",
    f"""Student: Liam Nguyen   Grade 5   DOB: {m}/{d}/{y}
Home address: {adr}
Parent/guardian: Ava Nguyen   Cell: {ph}   Email: {em}
Allergies: peanuts (EpiPen in nurse office)
Pick-up authorized: grandmother

can you make a one-page summary for the substitute teacher?""",
    f"{m}/{d}/{y}",
    adr,
    ph,
    em,
)

# travel booking (German PNR / hotel)
y, m, d = dob()
pno, ph, em = de_pass(), phone("de"), email("Felix", "Brandt", "web.de")
P(
    "travel_booking_de",
    "Buchungsbestätigung mit Passdaten weitergeleitet (Deutsch)",
    f"""Buchungsbestätigung – Buchungsnummer QX7K2M
Reisender: Herr Felix Brandt, geb. {dmy(y, m, d)}
Reisepass: {pno}, gültig bis 08.2031
Kontakt: {ph} / {em}
Flug LH 716 FRA–HND 14.10.2024 21:55
Hotel: Shinjuku, 6 Nächte

Brauche ich für Japan ein Visum oder reicht der Pass?""",
    dmy(y, m, d),
    pno,
    ph,
    em,
)

# travel booking (English, group)
secs, lines = [], []
for first, last in [("Olivia", "Carter"), ("Noah", "Carter")]:
    y, m, d = dob(1975, 2010)
    pno = rd(9)
    lines.append(f"{last.upper()}/{first.upper()}  DOB {y}-{m:02d}-{d:02d}  PPT {pno}  GBR")
    secs += [f"{y}-{m:02d}-{d:02d}", pno]
ph = phone("uk")
secs.append(ph)
P(
    "travel_pnr_family",
    "airline booking passenger list pasted",
    "BOOKING REF: 7HQZ4P\nPASSENGERS:\n"
    + "\n".join(lines)
    + f"\nCONTACT: {ph}\nFLIGHT: BA2490 LGW-FAO 02AUG 07:15\n\nDo children need their own passport for Portugal?",
    *secs,
)

# invoice from a freelancer (Italian)
adr, cf, ib = address("it"), codice_fiscale("Greco", "Elisa", 1991, 7, 14, True), iban("IT")
P(
    "freelancer_invoice_it",
    "fattura di una libera professionista (italiano)",
    f"""FATTURA n. 14/2024 del 31/05/2024
Elisa Greco – Traduttrice
{adr}
C.F. {cf}
Spett.le Studio Legale Ferrari & Associati
Traduzione contratto EN>IT, 8.200 parole ........ € 1.230,00
Rivalsa INPS 4% ................................. €    49,20
Pagamento: bonifico su IBAN {fmt_iban(ib)}

È corretto non applicare l'IVA in regime forfettario?""",
    adr,
    cf,
    fmt_iban(ib),
)

# invoice (English, sole trader UK)
adr, ib, ph, em = address("uk"), iban("GB"), phone("uk"), email("Ravi", "Patel", "gmail.com")
P(
    "sole_trader_invoice_uk",
    "plumber's invoice pasted for a VAT question",
    f"""INVOICE #0231
R. Patel Plumbing & Heating
{adr}
{ph} · {em}
To: Mrs J. Whitfield
Replace combi boiler (Worcester 4000 30kW) incl. parts & labour ..... £2,350.00
Powerflush ....................................................... £  380.00
Bank transfer: {ib}

I'm not VAT registered — do I need to say that on the invoice?""",
    adr,
    ph,
    em,
    ib,
)

# insurance claim letter (Japanese)
y, m, d = dob()
ph, adr = phone("jp"), address("jp")
P(
    "insurance_claim_ja",
    "保険金請求書の下書き (日本語)",
    f"""保険金請求書
被保険者氏名：高橋 美咲
生年月日：{y}年{m}月{d}日
住所：{adr}
電話番号：{ph}
事故内容：自転車で転倒し右手首を骨折（2024年5月3日）

この内容で請求書の文章を整えてください。""",
    f"{y}年{m}月{d}日",
    adr,
    ph,
)

# Chinese visa application
y, m, d = dob()
cid, ph, adr = cn_id(y, m, d, False), phone("cn"), address("cn")
pno = "E" + rd(8)
P(
    "visa_application_zh",
    "签证申请表信息 (中文)",
    f"""姓名：张伟
出生日期：{y}-{m:02d}-{d:02d}
身份证号：{cid}
护照号码：{pno}
家庭住址：{adr}
手机：{ph}

帮我把这些信息翻译成英文，填写加拿大签证申请表。""",
    f"{y}-{m:02d}-{d:02d}",
    cid,
    pno,
    adr,
    ph,
)

# Korean rental / HR doc
y, m, d = dob()
rr, ph, adr = rrn_kr(y, m, d, True), phone("kr"), address("kr")
P(
    "lease_contract_ko",
    "전세 계약서 일부 (한국어)",
    f"""임차인: 이서연 (주민등록번호 {rr})
주소: {adr}
연락처: {ph}
보증금: 금 삼억원정 (₩300,000,000)

전세보증보험 가입하려면 이 계약서 말고 어떤 서류가 더 필요한가요?""",
    rr,
    adr,
    ph,
)

# Russian HR form
y, m, d = dob()
sn, inn, ph = snils(), inn_ru(), phone("ru")
pser = f"{rd(2)} {rd(2)} {rd(6)}"
P(
    "hr_form_ru",
    "анкета сотрудника (русский)",
    f"""Анкета работника
ФИО: Козлов Николай Петрович
Дата рождения: {dmy(y, m, d)}
Паспорт: серия и номер {pser}, выдан ГУ МВД России по г. Москве
СНИЛС: {sn}
ИНН: {inn}
Телефон: {ph}

Какие ещё документы нужны для трудоустройства по ТК РФ?""",
    dmy(y, m, d),
    pser,
    sn,
    inn,
    ph,
)

# Turkish e-commerce order / customer record
tc, ph, adr = tckn(), phone("tr"), address("tr")
e = email("Elif", "Yıldız", "hotmail.com")
P(
    "customer_record_tr",
    "müşteri kaydı (Türkçe)",
    f"""Müşteri: Elif Yıldız
TC Kimlik No: {tc}
Telefon: {ph}
E-posta: {e}
Teslimat adresi: {adr}
Sipariş: #TR-{rd(7)} – 2 adet koltuk örtüsü

Müşteri iade istiyor ama 14 gün geçmiş. Nasıl bir cevap yazmalıyım?""",
    tc,
    ph,
    e,
    adr,
)

# Brazilian customer support ticket
c, ph, adr = cpf(), phone("br"), address("br")
P(
    "support_ticket_br",
    "chamado de suporte colado (português)",
    f"""Cliente: Thiago Pereira – CPF {c}
Telefone: {ph}
Endereço: {adr}
Reclamação: recebi a geladeira com a porta amassada e a transportadora se recusou a trocar.

Me ajuda a escrever uma resposta empática?""",
    c,
    ph,
    adr,
)

# Indian loan application
y, m, d = dob(1975, 2000)
aa, pn, ph, adr = aadhaar(), pan_in("Reddy"), phone("in"), address("in")
P(
    "loan_application_in",
    "personal loan application data pasted",
    f"""Applicant: Vikram Reddy
DOB: {dmy(y, m, d, "/")}
PAN: {pn}
Aadhaar: {aa}
Mobile: {ph}
Residential address: {adr}
Monthly income: ₹1,45,000 (salaried)

Is a FOIR of 55% likely to get approved for a ₹12 lakh loan?""",
    dmy(y, m, d, "/"),
    pn,
    aa,
    ph,
    adr,
)

# SQL dump of customers
secs, vals = [], []
for i, (f, la, cc) in enumerate(
    [("Daan", "Jansen", "nl"), ("Sanne", "Bos", "nl"), ("Ruben", "Smit", "nl")], start=1
):
    e, ph = email(f, la), phone(cc)
    vals.append(
        f"({i}, '{f}', '{la}', '{e}', '{ph}', '2024-0{R.randint(1, 5)}-{R.randint(10, 28)}')"
    )
    secs += [e, ph]
P(
    "sql_dump_customers",
    "SQL INSERT dump of a customers table, asking about a dedup query",
    "INSERT INTO customers (id, first_name, last_name, email, phone, created_at) VALUES\n"
    + ",\n".join(vals)
    + ";\n\nHow do I find duplicate customers by lower(email)?",
    *secs,
)

# API response dump with user data
y, m, d = dob()
e, ph, ip = email("Chloé", "Dubois", "free.fr"), phone("fr"), rnd_ip()
adr = address("fr")
P(
    "api_response_user_json",
    "JSON response of a user endpoint pasted from devtools",
    f"""{{
  "email": "{e}",
  "phone": "{ph}",
  "birthdate": "{ymd(y, m, d)}",
  "shipping_address": "{adr}",
  "last_login_ip": "{ip}",
  "plan": "premium"
}}
How do I hide the phone field in the serializer for non-admins?""",
    e,
    ph,
    ymd(y, m, d),
    adr,
    ip,
)

# Crash report with user data
e = email("Johan", "Forsberg", "telia.com")
mac = rnd_mac()
P(
    "crash_report_with_user_email",
    "app crash report pasted including the user's account e-mail and device MAC",
    f"""Exception Type:  EXC_CRASH (SIGABRT)
Termination Reason: Namespace SIGNAL, Code 6 Abort trap: 6
Application Specific Information:
  account: {e}
  device_wifi_mac: {mac}
Thread 0 Crashed:: Dispatch queue: com.apple.main-thread
0   libsystem_kernel.dylib        0x1a2b3c4d8 __pthread_kill + 8
1   Kalender                      0x100f2a1c4 SyncEngine.merge(_:) + 412

why does merge crash when the calendar has recurring events?""",
    e,
    mac,
)

# Slack thread with personal phone numbers
ph1, ph2 = phone("us"), phone("us")
P(
    "slack_oncall_phones",
    "on-call Slack thread forwarded whole",
    f"""#ops-oncall
Dana Marsh 7:02 PM  swapping on-call with Ravi this weekend. If PagerDuty fails my cell is {ph1}
Ravi Patel 7:04 PM  👍 mine is {ph2}, call twice if I don't pick up
Dana Marsh 7:05 PM  @assistant can you draft the swap announcement for #eng?""",
    ph1,
    ph2,
)

# nginx access log with a user's IP and email in query string
ip = rnd_ip()
e = email("Noah", "Okafor", "yahoo.com")
P(
    "access_log_user_ip_email",
    "nginx access log lines with a user's IP and e-mail in the query string",
    f"""{ip} - - [14/May/2024:10:02:11 +0200] "GET /unsubscribe?email={urllib.parse.quote(e)}&list=weekly HTTP/2.0" 500 182 "-" "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X)"
{ip} - - [14/May/2024:10:02:14 +0200] "GET /unsubscribe?email={urllib.parse.quote(e)}&list=weekly HTTP/2.0" 500 182 "-" "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X)"
why does unsubscribe 500 only for some users?""",
    ip,
    urllib.parse.quote(e),
)

# donation / membership form (German club)
ib, adr, ph = iban("DE"), address("de"), phone("de")
y, m, d = dob()
P(
    "sepa_mandate_club",
    "SEPA-Lastschriftmandat eines Vereins (Deutsch)",
    f"""Beitrittserklärung TSV Eichenau 1921 e.V.
Name: Tobias Krüger   Geburtsdatum: {dmy(y, m, d)}
Anschrift: {adr}
Telefon: {ph}
SEPA-Lastschriftmandat: Kontoinhaber Tobias Krüger, IBAN {fmt_iban(ib)}
Gläubiger-ID des Vereins: {creditor_id()}

Muss die Mandatsreferenz vom Verein vergeben werden?""",
    dmy(y, m, d),
    adr,
    ph,
    fmt_iban(ib),
)

# Australian rental application
y, m, d = dob(1985, 2002)
lic = rd(8)
ph, e = phone("au"), email("Jack", "Thompson", "outlook.com")
adr = address("au")
P(
    "rental_application_au",
    "rental application details pasted",
    f"""Applicant: Jack Thompson
DOB: {dmy(y, m, d, "/")}
Driver licence (NSW): {lic}
Current address: {adr}
Mobile: {ph}
Email: {e}
Employer: hospitality, 2 yrs

Can you write a short cover note to go with this application?""",
    dmy(y, m, d, "/"),
    lic,
    adr,
    ph,
    e,
)

# Swiss tax declaration snippet
ah, adr, ib = ahv(), address("ch"), iban("CH")
P(
    "tax_return_ch",
    "Steuererklärung Auszug (Schweiz)",
    f"""Steuerpflichtige Person: Reto Meier
AHV-Nr.: {ah}
Wohnadresse: {adr}
Rückerstattungskonto: {fmt_iban(ib)}
Säule 3a Einzahlung 2023: 7'056.–

Kann ich die 3a-Einzahlung vollständig abziehen, wenn ich im Juli die Stelle gewechselt habe?""",
    ah,
    adr,
    fmt_iban(ib),
)

# Mexican invoice request (CFDI)
y, m, d = dob()
cu = curp("López", "Martínez", "Alejandro", y, m, d, False, "JC")
rfc = cu[:10] + rs(UP + DG, 3)
e = email("Alejandro", "López", "gmail.com")
P(
    "cfdi_request_mx",
    "solicitud de factura CFDI (español, México)",
    f"""Datos para facturar:
Nombre: Alejandro López Martínez
RFC: {rfc}
CURP: {cu}
Régimen: 612 Personas Físicas con Actividades Empresariales
Correo: {e}

¿Qué uso de CFDI debo pedir para deducir una laptop?""",
    rfc,
    cu,
    e,
)


# =====================================================================
# NEGATIVES
# =====================================================================

# ---- ordinary questions, many languages -------------------------------------

for ctx, q in [
    (
        "plain question (English)",
        "What's the difference between a process and a thread, and when should I use multiprocessing instead of threading in Python?",
    ),
    (
        "plain question (English)",
        "Can you explain what a 401 vs 403 status code means and which one my API should return when the token is missing?",
    ),
    (
        "plain question (English)",
        "How do I write a polite email declining a meeting invitation because I have a scheduling conflict?",
    ),
    (
        "plain question (German)",
        "Wie berechne ich in Excel die Differenz zwischen zwei Datumswerten in Monaten?",
    ),
    (
        "plain question (German)",
        "Was ist der Unterschied zwischen einer GmbH und einer UG (haftungsbeschränkt)?",
    ),
    (
        "plain question (French)",
        "Quelle est la différence entre un CDD et un contrat d'intérim en France ?",
    ),
    (
        "plain question (French)",
        "Comment configurer un pare-feu UFW pour n'autoriser que SSH et HTTPS ?",
    ),
    (
        "plain question (Spanish)",
        "¿Cómo puedo ordenar una lista de diccionarios en Python por una clave?",
    ),
    (
        "plain question (Spanish)",
        "¿Qué significa 'IRPF' en una nómina española y cómo se calcula la retención?",
    ),
    (
        "plain question (Italian)",
        "Qual è la differenza tra SPID e CIE per accedere ai servizi della pubblica amministrazione?",
    ),
    (
        "plain question (Portuguese)",
        "Como faço para congelar a primeira linha de uma planilha no Google Sheets?",
    ),
    (
        "plain question (Dutch)",
        "Hoe werkt de 30%-regeling voor expats in Nederland in grote lijnen?",
    ),
    ("plain question (Polish)", "Jak w Linuksie sprawdzić, który proces zajmuje port 8080?"),
    ("plain question (Swedish)", "Vad är skillnaden mellan ett ISK och en kapitalförsäkring?"),
    (
        "plain question (Japanese)",
        "Gitでコミットを取り消す方法を教えてください。reset と revert の違いは何ですか？",
    ),
    ("plain question (Chinese)", "Docker 容器里的时间和宿主机不一致，应该怎么设置时区？"),
    (
        "plain question (Korean)",
        "파이썬에서 리스트 컴프리헨션과 제너레이터 표현식의 차이는 무엇인가요?",
    ),
    ("plain question (Russian)", "Как в PostgreSQL посмотреть размер каждой таблицы в базе?"),
    (
        "plain question (Turkish)",
        "Excel'de DÜŞEYARA yerine ne kullanabilirim, ÇAPRAZARA daha mı iyi?",
    ),
    ("plain question (Czech)", "Jaký je rozdíl mezi OSVČ a s.r.o. z pohledu daní?"),
    (
        "plain question (Greek)",
        "Πώς μπορώ να μετατρέψω ένα αρχείο Word σε PDF χωρίς να χαλάσει η μορφοποίηση;",
    ),
    (
        "plain question (Arabic)",
        "ما الفرق بين قاعدة البيانات العلائقية وقاعدة البيانات غير العلائقية؟",
    ),
    ("plain question (Hindi)", "पायथन में लिस्ट और टपल में क्या अंतर है?"),
    (
        "plain question (Finnish)",
        "Miten voin siirtää kuvat iPhonesta Windows-tietokoneelle ilman iCloudia?",
    ),
    (
        "plain question (Norwegian)",
        "Hvordan setter jeg opp automatisk svar i Outlook når jeg er på ferie?",
    ),
    (
        "plain question (Danish)",
        "Hvordan laver jeg en pivottabel i Excel, der viser summen pr. måned?",
    ),
    ("plain question (Hebrew)", "איך מוסיפים עמודה חדשה לטבלה ב-SQL בלי למחוק את הנתונים?"),
    (
        "plain question (Vietnamese)",
        "Làm thế nào để tạo một môi trường ảo (virtualenv) trong Python?",
    ),
    ("plain question (Indonesian)", "Bagaimana cara membuat tabel pivot di Google Sheets?"),
    (
        "plain question (Ukrainian)",
        "Як налаштувати автоматичне резервне копіювання бази MySQL через cron?",
    ),
]:
    N(ctx, q)

# ---- hashes, SHAs, digests (hard negatives) ----------------------------------

shas = [rhex(40) for _ in range(6)]
N(
    "git log --oneline output pasted",
    "\n".join(
        f"{s[:7]} {msg}"
        for s, msg in zip(
            shas,
            [
                "fix: handle empty cart in checkout",
                "chore(deps): bump axios from 1.6.8 to 1.7.2",
                "feat: add CSV export to reports page",
                "refactor: extract PriceFormatter",
                "test: cover VAT rounding edge cases",
                "docs: update deployment notes",
            ],
            strict=True,
        )
    )
    + "\n\nHow do I squash the last four commits into one?",
)

s1, s2 = rhex(40), rhex(40)
N(
    "git show / rebase conflict output with full SHAs",
    f"""commit {s1}
Merge: {s1[:7]} {s2[:7]}
Author: build-bot
Date:   Tue May 14 09:21:44 2024 +0200

    Merge branch 'feature/invoice-pdf' into develop

error: could not apply {s2[:7]}... feat: invoice PDF footer
hint: Resolve all conflicts manually, mark them as resolved with "git add/rm <conflicted_files>"
what's the safest way to continue the rebase?""",
)

N(
    "sha256sum output used to verify a download",
    f"""$ sha256sum ubuntu-24.04-live-server-amd64.iso
{rhex(64)}  ubuntu-24.04-live-server-amd64.iso
$ cat SHA256SUMS | grep live-server
{rhex(64)} *ubuntu-24.04-live-server-amd64.iso

They don't match — is my download corrupted or did I grab the wrong SUMS file?""",
)

N(
    "docker image digests in a deployment question",
    f"""$ docker images --digests
REPOSITORY        TAG        DIGEST                                                                    IMAGE ID       CREATED        SIZE
nginx             1.27       sha256:{rhex(64)}   {rhex(12)}   3 weeks ago    188MB
postgres          16-alpine  sha256:{rhex(64)}   {rhex(12)}   5 weeks ago    243MB

Should I pin images by digest in production compose files?""",
)

N(
    "requirements.txt with pip --hash pins",
    f"""requests==2.32.3 \\
    --hash=sha256:{rhex(64)} \\
    --hash=sha256:{rhex(64)}
urllib3==2.2.1 \\
    --hash=sha256:{rhex(64)}

pip says THESE PACKAGES DO NOT MATCH THE HASHES FROM THE REQUIREMENTS FILE after I upgraded certifi. Why?""",
)

N(
    "package-lock.json integrity fields",
    f"""    "node_modules/lodash": {{
      "version": "4.17.21",
      "resolved": "https://registry.npmjs.org/lodash/-/lodash-4.17.21.tgz",
      "integrity": "sha512-{rb64(64)}"
    }},
    "node_modules/ms": {{
      "version": "2.1.3",
      "resolved": "https://registry.npmjs.org/ms/-/ms-2.1.3.tgz",
      "integrity": "sha512-{rb64(64)}"
    }}
npm ci fails with EINTEGRITY on lodash, should I delete the lockfile?""",
)

N(
    "go.sum lines",
    f"""github.com/gin-gonic/gin v1.10.0 h1:{rb64(32)}
github.com/gin-gonic/gin v1.10.0/go.mod h1:{rb64(32)}
golang.org/x/net v0.25.0 h1:{rb64(32)}

verifying module: checksum mismatch — what does that mean and is it a security problem?""",
)

N(
    "Cargo.lock checksum entries",
    f"""[[package]]
name = "serde"
version = "1.0.203"
source = "registry+https://github.com/rust-lang/crates.io-index"
checksum = "{rhex(64)}"

[[package]]
name = "tokio"
version = "1.38.0"
source = "registry+https://github.com/rust-lang/crates.io-index"
checksum = "{rhex(64)}"
should Cargo.lock be committed for a library crate?""",
)

N(
    "md5 / sha1 of files compared (German)",
    f"""Ich habe zwei Exporte verglichen:
MD5 (export_alt.csv) = {rhex(32)}
MD5 (export_neu.csv) = {rhex(32)}
SHA1 export_neu.csv: {rhex(40)}
Die Dateien sehen in Excel gleich aus. Warum sind die Hashes verschieden? Zeilenenden?""",
)

N(
    "ssh-keygen fingerprint and randomart (public information)",
    f"""Your identification has been saved in /home/dev/.ssh/id_ed25519
Your public key has been saved in /home/dev/.ssh/id_ed25519.pub
The key fingerprint is:
SHA256:{rb64(32).rstrip("=")} dev@workstation
The key's randomart image is:
+--[ED25519 256]--+
|        .o+=*B*o.|
|         ..+=O=+ |
|          o.B.*. |
+----[SHA256]-----+
Which file do I upload to GitHub, the .pub one?""",
)

N(
    "authorized_keys with a public key (not secret)",
    f"""$ cat ~/.ssh/authorized_keys
ssh-ed25519 {ssh_pub_ed25519()} ci-deploy
ssh-ed25519 {ssh_pub_ed25519()} backup-runner

sshd still asks for a password — permissions are 700 on .ssh and 600 on the file. What else?""",
)

cert = wrap("MIIF" + rs(B64, 1900))
N(
    "public TLS certificate pasted (no private key)",
    f"""This is the intermediate certificate the vendor sent; where do I put it in the chain for nginx?

-----BEGIN CERTIFICATE-----
{cert}
-----END CERTIFICATE-----""",
)

N(
    "public Ethereum contract address (well-known token contract)",
    "On Etherscan, the USDT contract is 0xdAC17F958D2ee523a2206206994597C13D831ec7. Why does it have both a 'transfer' and 'transferFrom' function and what is approve() for?",
)

N(
    "blake2 / sha3 in a crypto homework question",
    f"""For my assignment I hashed the string "abc" with different algorithms and got:
BLAKE2b-256: {rhex(64)}
SHA3-256:    {rhex(64)}
Why are they different lengths when printed in base64 vs hex?""",
)

# ---- UUIDs, request IDs, trace IDs -------------------------------------------

N(
    "structured app log with request and trace IDs",
    "\n".join(
        f'{{"ts":"2024-05-14T08:{R.randint(10, 59)}:{R.randint(10, 59)}.{rd(3)}Z","level":"{lvl}","request_id":"{ruuid()}","trace_id":"{rhex(32)}","span_id":"{rhex(16)}","msg":"{msg}"}}'
        for lvl, msg in [
            ("info", "GET /api/orders 200 41ms"),
            ("warn", "slow query orders_by_customer 1203ms"),
            ("error", "upstream timeout inventory-service"),
        ]
    )
    + "\n\nHow do I correlate these with the inventory-service logs in Grafana Tempo?",
)

N(
    "kubectl get pod -o yaml excerpt with UIDs",
    f"""metadata:
  name: checkout-7d9c8b6f5-x2k4p
  namespace: shop
  uid: {ruuid()}
  ownerReferences:
  - apiVersion: apps/v1
    kind: ReplicaSet
    name: checkout-7d9c8b6f5
    uid: {ruuid()}
status:
  phase: Pending
  conditions:
  - type: PodScheduled
    status: "False"
    reason: Unschedulable
    message: '0/3 nodes are available: 3 Insufficient memory.'
what's the fix, lower requests or add a node?""",
)

N(
    "database migration filenames and UUID primary keys",
    f"""migrations/
  20240401093000_create_orders.sql
  20240412141500_add_status_to_orders.sql
SELECT id, status FROM orders LIMIT 3;
                  id                  | status
--------------------------------------+---------
 {ruuid()} | paid
 {ruuid()} | pending
 {ruuid()} | shipped
Should I use UUIDv7 instead of v4 for better index locality?""",
)

N(
    "Windows event log entry with GUIDs",
    f"""Log Name:      System
Source:        Microsoft-Windows-DistributedCOM
Event ID:      10016
Level:         Warning
Description:
The application-specific permission settings do not grant Local Activation permission for the COM Server application with CLSID
{{{ruuid().upper()}}}
and APPID
{{{ruuid().upper()}}}
to the user NT AUTHORITY\\LOCAL SERVICE. Can I safely ignore this?""",
)

N(
    "correlation ID from an Azure error message",
    f"""AADSTS50011: The redirect URI 'https://localhost:7071/signin-oidc' specified in the request does not match the redirect URIs configured for the application.
Trace ID: {ruuid()}
Correlation ID: {ruuid()}
Timestamp: 2024-05-14 07:55:12Z
Where do I add the redirect URI in the portal?""",
)

# ---- versions, build numbers, timestamps -------------------------------------

N(
    "version matrix and build numbers",
    """Our CI matrix:
- node: [18.20.3, 20.14.0, 22.2.0]
- os: [ubuntu-22.04, windows-2022, macos-14]
Build #4821 passed on 20.14.0 but build #4822 failed only on 22.2.0 with ERR_REQUIRE_ESM.
Is this related to the change in Node 22 for require(esm)?""",
)

N(
    "Android build.gradle versions",
    """android {
    compileSdk 34
    defaultConfig {
        applicationId "de.stadtbibliothek.app"
        minSdk 24
        targetSdk 34
        versionCode 10407
        versionName "1.4.7"
    }
}
Play Console rejects the upload: 'Version code 10407 has already been used'. How should I number builds?""",
)

N(
    "timestamps in different formats",
    """I have timestamps like 1715675400, 2024-05-14T08:30:00Z, "Tue, 14 May 2024 08:30:00 GMT" and 14/05/2024 10:30 CEST. Are these all the same instant? Write a Python function to normalise them to UTC.""",
)

N(
    "uname / OS version output",
    """$ uname -a
Linux buildhost 6.8.0-31-generic #31-Ubuntu SMP PREEMPT_DYNAMIC Sat Apr 20 00:40:06 UTC 2024 x86_64 x86_64 x86_64 GNU/Linux
$ lsb_release -d
Description:	Ubuntu 24.04 LTS
$ python3 --version
Python 3.12.3
Can I install Python 3.10 alongside for an old project?""",
)

N(
    "semver range question",
    'In package.json I have "react": "^18.2.0" and "typescript": "~5.4.5". Which versions can npm install for each, and will 18.3.1 and 5.5.2 be picked up?',
)

N(
    "Windows build number and KB numbers",
    "Windows 11 23H2, OS build 22631.3593. The update KB5037771 fails with 0x800f081f, and KB5036980 installed fine. Should I try the standalone installer from the Update Catalog?",
)

# ---- ISBNs, order/tracking/invoice numbers, SKUs, prices ---------------------


N(
    "reading list with ISBNs for a library order",
    "Please format these as a table (title, ISBN, price):\n"
    + "\n".join(
        f"- {t} — ISBN {i} — {p}"
        for t, i, p in [
            ("Introduction to Algorithms (3rd ed.)", "978-0-262-03384-8", "€89.90"),
            ("Designing Data-Intensive Applications", "978-1-4493-7332-0", "€44.50"),
            ("The Pragmatic Programmer (20th anniversary ed.)", "978-0-13-595705-9", "€39.99"),
            ("Clean Architecture", "978-0-13-449416-6", "€32.00"),
        ]
    ),
)

N(
    "bibliography entry with ISBN (German)",
    "Wie zitiere ich dieses Buch nach APA 7? Goethe, J. W. v.: Faust. Der Tragödie erster Teil. Reclam, Ditzingen 2020, ISBN 978-3-15-000001-4.",
)

N(
    "Amazon order and tracking numbers (not personal)",
    f"""Order #{R.randint(111, 407)}-{rd(7)}-{rd(7)} says delivered, but the tracking number 1Z{rs(UP + DG, 6)}03{rd(8)} on UPS shows "label created". Who do I contact, Amazon or UPS?""",
)

N(
    "DHL / PostNL tracking numbers (Dutch)",
    f"Mijn pakket met trackingnummer 3S{rs(UP, 4)}{rd(9)} staat al vijf dagen op 'in sorteercentrum'. En het DHL-zendingnummer {rd(10)} werkt niet op de site. Wat kan ik doen?",
)

N(
    "invoice and purchase order numbers in an AP question",
    f"""Vendor invoice INV-2024-{rd(5)} references PO 4500{rd(6)}, but the goods receipt GR-{rd(8)} only covers 40 of 50 units at €12.80 each. How should accounts payable handle the three-way match mismatch?""",
)

N(
    "product catalogue TSV with SKUs and prices",
    "SKU\tName\tQty\tUnit price\tVAT\n"
    + "\n".join(
        f"{pre}-{rd(4)}-{rs(UP, 2)}\t{n}\t{R.randint(1, 400)}\t{R.randint(2, 180)}.{rd(2)}\t{v}%"
        for pre, n, v in [
            ("TSH", "T-shirt organic cotton", 19),
            ("MUG", "Enamel mug 350ml", 19),
            ("BK", "Notebook A5 dotted", 7),
            ("BAG", "Canvas tote", 19),
        ]
    )
    + "\n\nWrite a formula for the gross total per line.",
)

N(
    "shipment manifest with container and seal numbers",
    f"""Container: MSCU{rd(7)}   Seal: {rd(7)}
B/L: MEDU{rd(7)}
Pallets: 18   Gross weight: 9,420 kg   HS code 9403.60
The customs broker says the HS code is wrong for flat-pack furniture. What's the right chapter?""",
)

N(
    "quote with quantities and prices (French)",
    "Devis n° D-2024-0457 : 3 postes de travail à 1 249,00 € HT, 5 licences Microsoft 365 Business Standard à 11,70 € HT/mois, installation 480,00 € HT. Peux-tu calculer le total TTC avec TVA à 20 % ?",
)

N(
    "bank statement style amounts without account data",
    "My statement shows: 03.05 -49.99 SUBSCRIPTION, 04.05 -3.20 BAKERY, 07.05 +2,450.00 SALARY, 09.05 -812.40 RENT. What percentage of income went to rent?",
)

N(
    "serial numbers of equipment in an asset list",
    "Asset list:\nThinkPad T14 Gen 4 – S/N PF4"
    + rs(UP + DG, 5)
    + "\nDell U2723QE – S/N CN-0"
    + rs(UP + DG, 5)
    + "-"
    + rd(5)
    + "\nCisco C9200L – S/N JAE"
    + rs(UP + DG, 8)
    + "\nCan you convert this to a CSV with columns model, serial?",
)

# ---- maths, coordinates --------------------------------------------------------

N(
    "maths question with long numbers",
    "Is 2^61 − 1 = 2305843009213693951 prime? And how would you test a 19-digit number for primality efficiently?",
)
N("maths homework (Spanish)", "Resuelve: 3x² − 12x + 9 = 0 y explica cómo se usa el discriminante.")
N(
    "statistics question",
    "If a test has 98.5% sensitivity and 97% specificity and the prevalence is 0.4%, what's the positive predictive value? Show the Bayes calculation.",
)
N(
    "unit conversion with big numbers",
    "How many bytes is 1.5 TiB exactly? I get 1649267441664 — is that right, and how much is that in TB (decimal)?",
)
N(
    "coordinates of public places",
    "What's the straight-line distance between the Eiffel Tower (48.8584° N, 2.2945° E) and the Brandenburg Gate (52.5163° N, 13.3777° E)? Please show the haversine formula.",
)
N(
    "GeoJSON of a park polygon",
    """{"type":"Feature","properties":{"name":"Englischer Garten"},"geometry":{"type":"Point","coordinates":[11.5920,48.1642]}}
Why does Leaflet put this point in Somalia? Lat/long order?""",
)
N(
    "matrix computation",
    "Compute the determinant of [[4, -2, 1], [3, 6, -4], [2, 1, 8]] and tell me if the matrix is invertible.",
)
N(
    "finance maths (German)",
    "Wie hoch ist die monatliche Rate bei einem Annuitätendarlehen über 320.000 € mit 3,85 % Sollzins und 2 % Tilgung?",
)


# ---- public hotlines, landmark and business addresses, famous dates ----------

N(
    "public company hotline named as such",
    "Apple Support's US number is 1-800-275-2273 (1-800-APL-CARE). Is it cheaper to call them or book a Genius Bar appointment for a battery replacement?",
)
N(
    "public crisis line (German)",
    "Die TelefonSeelsorge ist kostenlos unter 0800 111 0 111 und 0800 111 0 222 erreichbar. Wie kann ich das auf einem Aushang für unser Büro freundlich formulieren?",
)
N(
    "public helpline (UK)",
    "Samaritans can be reached free on 116 123 and NHS non-emergency advice is 111. Can you make a small poster for the staff kitchen with both?",
)
N(
    "public poison control line (US)",
    "Poison Control in the US is 1-800-222-1222. Should that go on the fridge list next to 911, and what else belongs there for a house with toddlers?",
)
N(
    "Deutsche Bahn service number (German)",
    "Die Servicenummer der Deutschen Bahn ist 030 2970. Kann ich dort auch eine Fahrgastrechte-Entschädigung beantragen oder geht das nur online?",
)
N(
    "public emergency numbers in Europe",
    "Is 112 the emergency number in every EU country? And what's the difference to 110 in Germany and 15/17/18 in France?",
)

N(
    "landmark address question",
    "Is 1600 Pennsylvania Avenue NW, Washington, DC 20500 open for public tours, and how far in advance do I have to request one?",
)
N(
    "landmark address (French)",
    "Quelle est la meilleure station de métro pour la tour Eiffel, Champ de Mars, 5 avenue Anatole France, 75007 Paris ?",
)
N(
    "landmark address (German)",
    "Kann man den Reichstag (Platz der Republik 1, 11011 Berlin) ohne Anmeldung besuchen, oder muss man die Kuppel vorher online buchen?",
)
N(
    "company HQ address",
    "Googleplex is at 1600 Amphitheatre Parkway, Mountain View, CA 94043 — is there a visitor center I can go to, and is it near Apple Park at One Apple Park Way, Cupertino?",
)
N(
    "landmark address (Japanese)",
    "東京タワー（東京都港区芝公園4丁目2-8）へ浜松町駅から歩いて何分くらいですか？",
)
N(
    "landmark address (UK)",
    "Buckingham Palace, London SW1A 1AA — when are the State Rooms open in summer and do I need to book?",
)
N(
    "landmark address (Australia)",
    "How do I get from Central Station to the Sydney Opera House, Bennelong Point, Sydney NSW 2000, by ferry or train?",
)
N(
    "business address of a public museum (Dutch)",
    "Is het Rijksmuseum (Museumstraat 1, 1071 XX Amsterdam) op maandag open, en moet ik tickets vooraf kopen?",
)

N(
    "famous person's birth date before 1900",
    "Albert Einstein was born on 14 March 1879 in Ulm. How old was he when he published the special theory of relativity?",
)
N(
    "famous birth date (German)",
    "Johann Wolfgang von Goethe wurde am 28. August 1749 in Frankfurt am Main geboren. Welche Werke schrieb er vor seinem 30. Geburtstag?",
)
N(
    "famous birth date (French)",
    "Marie Curie est née le 7 novembre 1867 à Varsovie. Quand a-t-elle reçu ses deux prix Nobel ?",
)
N(
    "famous birth date (Japanese)",
    "夏目漱石は1867年2月9日生まれですが、『吾輩は猫である』を書いたのは何歳のときですか？",
)
N(
    "famous birth date (Russian)",
    "Лев Толстой родился 9 сентября 1828 года. Сколько лет ему было, когда вышла «Война и мир»?",
)
N(
    "famous birth dates in a quiz",
    "Quiz: put these in order of birth — Nikola Tesla (10 July 1856), Wolfgang Amadeus Mozart (27 January 1756), Charles Darwin (12 February 1809), Ada Lovelace (10 December 1815).",
)

# ---- placeholders -----------------------------------------------------------------

N(
    ".env.example with placeholders",
    """# .env.example — copy to .env and fill in
DATABASE_URL=postgres://USER:PASSWORD@localhost:5432/app
STRIPE_SECRET_KEY=<YOUR_STRIPE_SECRET_KEY>
OPENAI_API_KEY=sk-...
SENTRY_DSN=
JWT_SECRET=changeme
SMTP_PASSWORD=REPLACE_ME

Is it OK to commit this file?""",
)

N(
    "docker-compose with variable substitution",
    """services:
  db:
    image: postgres:16
    environment:
      POSTGRES_USER: ${DB_USER:-app}
      POSTGRES_PASSWORD: ${DB_PASSWORD:?DB_PASSWORD must be set}
  api:
    build: .
    environment:
      DATABASE_URL: postgres://${DB_USER}:${DB_PASSWORD}@db:5432/app
Why does compose say "DB_PASSWORD must be set" even though it's in my shell?""",
)

N(
    "GitHub Actions workflow reading secrets",
    """- name: Publish
  run: npm publish
  env:
    NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}
- name: Notify
  uses: slackapi/slack-github-action@v1.26.0
  with:
    payload: '{"text":"released ${{ github.ref_name }}"}'
  env:
    SLACK_WEBHOOK_URL: ${{ secrets.SLACK_WEBHOOK_URL }}
Do secrets get passed to workflows triggered from forks?""",
)

N(
    "Kubernetes secret template with placeholders",
    """apiVersion: v1
kind: Secret
metadata:
  name: api-credentials
type: Opaque
stringData:
  API_KEY: "<base64-or-plain-api-key-here>"
  DB_PASSWORD: "xxxxxxxx"
Should I use stringData or data, and how do I keep this out of git?""",
)

N(
    "README setup instructions with placeholder token",
    """## Setup
1. Create a personal access token with the `repo` scope.
2. Run `export GITHUB_TOKEN=<YOUR_TOKEN>`
3. Run `make bootstrap`

Replace `<YOUR_TOKEN>` with your own token. Never commit it.

Can you rewrite this section so it's clearer for Windows users too?""",
)

N(
    "masked password in a UI screenshot description",
    "The login form shows Username: admin and Password: •••••••• and the 'Show password' toggle doesn't work in Firefox. Is this a CSS issue or does the type=password input block it?",
)

N(
    "Terraform variables without values",
    """variable "db_password" {
  type      = string
  sensitive = true
}

resource "aws_db_instance" "main" {
  engine         = "postgres"
  instance_class = "db.t4g.micro"
  username       = "app"
  password       = var.db_password
}
How do I pass db_password from CI without it showing up in the plan output?""",
)

N(
    "redacted log lines (already masked)",
    """2024-05-14 10:01:03 INFO  Connecting to postgres://app:****@db:5432/app
2024-05-14 10:01:03 INFO  Using API key sk-****************************abcd
2024-05-14 10:01:04 ERROR Connection refused (db:5432)
Is masking like this enough for our log retention policy?""",
)

N(
    "Ansible vault reference, no secret",
    """- name: Configure app
  template:
    src: app.env.j2
    dest: /etc/app/app.env
  vars:
    db_password: "{{ vault_db_password }}"
    api_token: "{{ lookup('env', 'API_TOKEN') }}"
Where does ansible look for vault_db_password if I use --ask-vault-pass?""",
)

N(
    "placeholder credentials in a tutorial (Spanish)",
    "En el tutorial pone: mysql -u root -p'TU_CONTRASEÑA' y luego CREATE USER 'usuario'@'localhost' IDENTIFIED BY 'contraseña_segura'; ¿Tengo que cambiar esos valores o funcionan así?",
)

# ---- code reading secrets from the environment ----------------------------------

N(
    "Python reading secrets from environment",
    """import os
import stripe

stripe.api_key = os.environ["STRIPE_SECRET_KEY"]
DB_URL = os.getenv("DATABASE_URL", "sqlite:///local.db")

def charge(amount_cents: int, customer_id: str):
    return stripe.PaymentIntent.create(amount=amount_cents, currency="eur", customer=customer_id)
KeyError: 'STRIPE_SECRET_KEY' when I run it under systemd — why?""",
)

N(
    "Node config reading process.env",
    """const config = {
  port: Number(process.env.PORT ?? 3000),
  jwtSecret: process.env.JWT_SECRET,
  redisUrl: process.env.REDIS_URL,
};
if (!config.jwtSecret) throw new Error("JWT_SECRET missing");
export default config;
How do I load a .env file only in development?""",
)

N(
    "Spring config with property placeholders",
    """spring:
  datasource:
    url: ${DB_URL}
    username: ${DB_USER}
    password: ${DB_PASSWORD}
  security:
    oauth2:
      client:
        registration:
          github:
            client-id: ${GITHUB_CLIENT_ID}
            client-secret: ${GITHUB_CLIENT_SECRET}
How do I give these a default for local dev without hard-coding?""",
)

N(
    "Go code using AWS default credential chain",
    """cfg, err := config.LoadDefaultConfig(ctx, config.WithRegion("eu-central-1"))
if err != nil {
    log.Fatalf("unable to load SDK config, %v", err)
}
client := s3.NewFromConfig(cfg)
// on EC2 it works, in the container: "no EC2 IMDS role found"
What's the best way to give a container on ECS credentials?""",
)

N(
    "Kubernetes env from secretKeyRef",
    """env:
  - name: DB_PASSWORD
    valueFrom:
      secretKeyRef:
        name: orders-db
        key: password
  - name: API_TOKEN
    valueFrom:
      secretKeyRef:
        name: partner-api
        key: token
        optional: true
Pod fails with CreateContainerConfigError: couldn't find key password in Secret shop/orders-db""",
)

N(
    "C# reading user secrets / Key Vault",
    """var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddAzureKeyVault(
    new Uri($"https://{builder.Configuration["KeyVaultName"]}.vault.azure.net/"),
    new DefaultAzureCredential());
var conn = builder.Configuration.GetConnectionString("Default");
Locally DefaultAzureCredential fails — which credential does it try first?""",
)

N(
    "PHP reading getenv (German)",
    """<?php
$pdo = new PDO(getenv('DB_DSN'), getenv('DB_USER'), getenv('DB_PASS'));
$mailer->setApiKey($_ENV['MAIL_API_KEY'] ?? '');
Bei Apache sind die Variablen leer, bei php -S aber nicht. Warum?""",
)

N(
    "shell script reading secrets from a file",
    """#!/usr/bin/env bash
set -euo pipefail
TOKEN="$(cat /run/secrets/registry_token)"
echo "$TOKEN" | docker login registry.gitlab.com -u ci --password-stdin
Is /run/secrets a Docker swarm-only thing or does compose support it too?""",
)


# ---- logs and configs without secrets ------------------------------------------

N(
    "nginx static-site config, no secrets",
    """server {
    listen 80;
    server_name _;
    root /var/www/html;
    index index.html;

    location / {
        try_files $uri $uri/ /index.html;
    }
    location ~* \\.(js|css|png|svg|woff2)$ {
        expires 30d;
        add_header Cache-Control "public, immutable";
    }
    gzip on;
    gzip_types text/css application/javascript image/svg+xml;
}
Refreshing /about gives 404 with the SPA — is try_files wrong?""",
)

N(
    "systemd unit file",
    """[Unit]
Description=Report generator
After=network-online.target
Wants=network-online.target

[Service]
Type=simple
User=reports
WorkingDirectory=/opt/reports
ExecStart=/opt/reports/.venv/bin/python -m reports.worker
Restart=on-failure
RestartSec=5
EnvironmentFile=/etc/reports/env

[Install]
WantedBy=multi-user.target
journalctl says 'Start request repeated too quickly'. How do I see the real error?""",
)

N(
    "Dockerfile without secrets",
    """FROM python:3.12-slim AS base
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
USER 1000
EXPOSE 8000
CMD ["gunicorn", "app.wsgi:application", "-b", "0.0.0.0:8000", "--workers", "3"]
The image is 1.1 GB — how can I make it smaller?""",
)

N(
    "Python traceback",
    """Traceback (most recent call last):
  File "/opt/app/manage.py", line 22, in <module>
    main()
  File "/opt/app/.venv/lib/python3.12/site-packages/django/db/backends/utils.py", line 105, in _execute
    return self.cursor.execute(sql, params)
psycopg.errors.UndefinedColumn: column orders_order.discount_code does not exist
LINE 1: ...der"."total", "orders_order"."discount_code" FROM "orders_o...
I added the field yesterday, did I forget a migration?""",
)

N(
    "Java stack trace",
    """java.lang.NullPointerException: Cannot invoke "com.shop.model.Address.getCountry()" because the return value of "com.shop.model.Customer.getBillingAddress()" is null
	at com.shop.tax.VatCalculator.rateFor(VatCalculator.java:48)
	at com.shop.checkout.CheckoutService.finalizeOrder(CheckoutService.java:131)
	at jdk.internal.reflect.GeneratedMethodAccessor212.invoke(Unknown Source)
How should I handle customers without a billing address here?""",
)

N(
    "pytest output",
    """============================= test session starts ==============================
platform linux -- Python 3.12.3, pytest-8.2.0, pluggy-1.5.0
collected 148 items

tests/test_pricing.py ........F.....                                     [  9%]
tests/test_cart.py ...................................................... [ 46%]
=================================== FAILURES ===================================
___________________________ test_discount_rounding ____________________________
>       assert price_with_discount(19.99, 0.15) == 16.99
E       assert 16.9915 == 16.99
========================= 1 failed, 147 passed in 3.21s =========================
should I use Decimal here?""",
)

N(
    "dmesg / kernel log",
    """[ 1893.402115] usb 2-1: new SuperSpeed USB device number 4 using xhci_hcd
[ 1893.423871] usb-storage 2-1:1.0: USB Mass Storage device detected
[ 1894.441023] sd 6:0:0:0: [sdb] 1953525168 512-byte logical blocks: (1.00 TB/932 GiB)
[ 1894.443210] sd 6:0:0:0: [sdb] tag#0 FAILED Result: hostbyte=DID_ERROR driverbyte=DRIVER_OK
[ 1894.443219] blk_update_request: I/O error, dev sdb, sector 0 op 0x0:(READ)
Is the drive dying or is it the cable?""",
)

N(
    "Terraform plan output without sensitive values",
    """  # aws_s3_bucket_versioning.logs will be updated in-place
  ~ resource "aws_s3_bucket_versioning" "logs" {
        id     = "acme-prod-logs"
      ~ versioning_configuration {
          ~ status = "Suspended" -> "Enabled"
        }
    }

  # aws_db_instance.main will be updated in-place
  ~ resource "aws_db_instance" "main" {
      ~ password = (sensitive value)
    }
Plan: 0 to add, 2 to change, 0 to destroy.
Why does it want to change the password every time?""",
)

N(
    "Ansible run output",
    """PLAY [webservers] ***************************************************************
TASK [Gathering Facts] ***********************************************************
ok: [web1]
ok: [web2]
TASK [nginx : install nginx] *****************************************************
changed: [web1]
ok: [web2]
TASK [nginx : template site config] **********************************************
fatal: [web1]: FAILED! => {"changed": false, "msg": "AnsibleUndefinedVariable: 'server_name' is undefined"}
PLAY RECAP ***********************************************************************
web1 : ok=2 changed=1 unreachable=0 failed=1
web2 : ok=3 changed=0 unreachable=0 failed=0
Where should I define server_name, group_vars or host_vars?""",
)

N(
    "Prometheus scrape config",
    """global:
  scrape_interval: 15s
scrape_configs:
  - job_name: node
    static_configs:
      - targets: ['node1:9100', 'node2:9100', 'node3:9100']
  - job_name: blackbox
    metrics_path: /probe
    params:
      module: [http_2xx]
    static_configs:
      - targets: ['https://status.internal/health']
up{job="node"} is 0 for node3 only. Firewall?""",
)

N(
    "PostgreSQL server log",
    """2024-05-14 09:12:01.118 CEST [48211] LOG:  checkpoint starting: time
2024-05-14 09:12:31.442 CEST [48211] LOG:  checkpoint complete: wrote 18422 buffers (14.1%); 0 WAL file(s) added, 0 removed, 12 recycled
2024-05-14 09:13:07.901 CEST [50133] ERROR:  deadlock detected
2024-05-14 09:13:07.901 CEST [50133] DETAIL:  Process 50133 waits for ShareLock on transaction 9912231; blocked by process 50140.
How do I find which queries deadlocked?""",
)

N(
    "HAProxy config without secrets",
    """frontend fe_https
    bind *:443 ssl crt /etc/haproxy/certs/
    default_backend be_app
backend be_app
    balance roundrobin
    option httpchk GET /healthz
    server app1 10.0.2.11:8080 check
    server app2 10.0.2.12:8080 check
Sessions are not sticky, users get logged out. How do I add cookie persistence?""",
)

N(
    "pyproject.toml",
    """[project]
name = "invoice-tools"
version = "0.8.2"
requires-python = ">=3.10"
dependencies = ["pydantic>=2.6", "httpx>=0.27", "reportlab>=4.1"]

[project.optional-dependencies]
dev = ["pytest", "ruff", "mypy"]

[tool.ruff]
line-length = 100
How do I add a console script entry point?""",
)

N(
    "package.json scripts",
    """{
  "name": "dashboard",
  "private": true,
  "version": "2.3.0",
  "type": "module",
  "scripts": {
    "dev": "vite",
    "build": "tsc -b && vite build",
    "lint": "eslint . --max-warnings 0",
    "preview": "vite preview --port 4173"
  },
  "engines": { "node": ">=20" }
}
npm run build fails with TS2307 cannot find module './App.vue'""",
)

N(
    "crontab",
    """# m h dom mon dow command
*/5 * * * * /opt/scripts/healthcheck.sh >> /var/log/healthcheck.log 2>&1
0 3 * * * /usr/bin/find /var/backups -mtime +14 -delete
30 2 * * 0 /opt/scripts/weekly-report.sh
The weekly report never runs on Sundays. Is the 0 right for Sunday?""",
)

N(
    "GitHub Actions workflow without secrets",
    """name: CI
on:
  pull_request:
  push:
    branches: [main]
jobs:
  test:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        python: ["3.10", "3.11", "3.12"]
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: ${{ matrix.python }}
      - run: pip install -e .[dev] && pytest -q
How do I cache pip between runs?""",
)

N(
    "Apache config (French), no secrets",
    """<VirtualHost *:80>
    ServerName www.boulangerie-du-coin.fr
    DocumentRoot /var/www/boulangerie
    <Directory /var/www/boulangerie>
        AllowOverride All
        Require all granted
    </Directory>
    ErrorLog ${APACHE_LOG_DIR}/boulangerie_error.log
</VirtualHost>
Pourquoi mon .htaccess n'est pas pris en compte alors que AllowOverride est à All ?""",
)

N(
    "Windows Event / PowerShell error",
    """PS C:\\> Get-ADUser -Filter * -SearchBase "OU=Staff,DC=corp,DC=local" | Measure-Object
Get-ADUser : Unable to contact the server. This may be because this server does not exist, it is currently down, or it does not have the Active Directory Web Services running.
At line:1 char:1
Is ADWS required on every DC?""",
)

N(
    "Java .properties without secrets (Japanese question)",
    """server.port=8080
spring.jpa.hibernate.ddl-auto=validate
spring.jpa.open-in-view=false
logging.level.org.hibernate.SQL=DEBUG
management.endpoints.web.exposure.include=health,info,prometheus

open-in-view を false にすると LazyInitializationException が出ます。どう直せばいいですか？""",
)

N(
    "HCL for a storage bucket, nothing secret",
    """resource "google_storage_bucket" "static" {
  name                        = "acme-static-assets"
  location                    = "EU"
  uniform_bucket_level_access = true
  lifecycle_rule {
    condition { age = 365 }
    action { type = "Delete" }
  }
}
Error 409: The requested bucket name is not available. Are bucket names global?""",
)

N(
    "browser console errors",
    """Access to fetch at 'https://api.localhost:8443/v1/items' from origin 'http://localhost:5173' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present on the requested resource.
GET http://localhost:5173/favicon.ico 404 (Not Found)
Uncaught (in promise) TypeError: Failed to fetch
Which headers does my API need to send?""",
)

N(
    "HTTP response headers without cookies or tokens",
    """HTTP/2 200
content-type: text/html; charset=utf-8
cache-control: public, max-age=0, must-revalidate
strict-transport-security: max-age=63072000; includeSubDomains; preload
x-frame-options: SAMEORIGIN
content-security-policy: default-src 'self'; img-src 'self' data:; script-src 'self'
etag: W/"5f2a-18f6d1c2b10"
Is this CSP too strict for Google Fonts?""",
)

# ---- base64 of harmless text -----------------------------------------------------

for ctx, plain in [
    ("base64 of a greeting", "Hello, world! This is just a test string."),
    ("base64 of a JSON UI preference", '{"theme":"dark","language":"de","fontSize":14}'),
    ("base64 of a German sentence", "Guten Morgen, das Meeting beginnt um zehn Uhr."),
]:
    enc = base64.b64encode(plain.encode()).decode()
    N(ctx, f"What does this base64 decode to, and why does it end with '='?\n{enc}")

svg = '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16"><circle cx="8" cy="8" r="7" fill="#2a9d8f"/></svg>'
N(
    "data URI of a small SVG icon",
    f"""<img src="data:image/svg+xml;base64,{base64.b64encode(svg.encode()).decode()}" alt="status">
The icon doesn't show in Outlook emails — are data URIs blocked?""",
)

N(
    "JWT header only, asking about the format",
    "Every JWT I see starts with eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9 — is that always the same? What does it decode to?",
)

# ---- SQL without personal data ---------------------------------------------------

N(
    "SQL schema DDL",
    """CREATE TABLE invoices (
    id           BIGSERIAL PRIMARY KEY,
    number       TEXT NOT NULL UNIQUE,
    customer_id  BIGINT NOT NULL REFERENCES customers(id),
    issued_on    DATE NOT NULL,
    total_cents  INTEGER NOT NULL CHECK (total_cents >= 0),
    currency     CHAR(3) NOT NULL DEFAULT 'EUR'
);
CREATE INDEX ON invoices (customer_id, issued_on DESC);
Should number be TEXT or a sequence-backed column if it must be gapless per year?""",
)

N(
    "SQL insert of product data",
    """INSERT INTO products (sku, name, price_cents, stock) VALUES
('KB-1042-BL', 'Mechanical keyboard, blue switches', 8999, 42),
('MS-2210-WH', 'Wireless mouse, white', 2499, 130),
('HD-7781-BK', 'USB-C hub 7-in-1', 3999, 0);
How do I write an upsert in PostgreSQL so stock gets updated if the SKU exists?""",
)

N(
    "SQL query with aggregate and window function (Portuguese)",
    """SELECT date_trunc('month', created_at) AS mes,
       SUM(total) AS receita,
       SUM(SUM(total)) OVER (ORDER BY date_trunc('month', created_at)) AS acumulado
FROM pedidos
GROUP BY 1
ORDER BY 1;
Por que o acumulado reinicia em janeiro?""",
)

# ---- long documents without personal data ----------------------------------------

N(
    "meeting minutes template without names",
    """Minutes – Product sync, week 20

1. Release 3.4
   - Feature freeze moved to Thursday.
   - QA found two blockers in the export module; owners assigned in the tracker.
2. Customer feedback
   - Requests for dark mode keep coming up; design to prepare a proposal.
   - Onboarding drop-off at step 3 is 27 %; analytics to investigate.
3. Infrastructure
   - Database upgrade to 16 scheduled for the maintenance window on Sunday 02:00–04:00 CET.
   - Load tests show p95 latency of 180 ms at 2× current traffic.
4. Action items
   - Write release notes (product)
   - Prepare rollback plan (platform)
   - Update status page template (support)

Can you turn this into a short email for the wider company?""",
)

N(
    "company policy text (German)",
    """Richtlinie zur Nutzung mobiler Endgeräte

1. Geltungsbereich: Diese Richtlinie gilt für alle Beschäftigten, die dienstliche Smartphones oder Tablets nutzen.
2. Geräteverwaltung: Dienstliche Geräte werden über das Mobile-Device-Management registriert. Eine private Nutzung ist in angemessenem Umfang erlaubt.
3. Sicherheit: Die Bildschirmsperre ist nach spätestens fünf Minuten zu aktivieren. Betriebssystem-Updates sind innerhalb von 14 Tagen zu installieren.
4. Verlust: Der Verlust eines Geräts ist unverzüglich der IT zu melden, damit es aus der Ferne gesperrt werden kann.
5. Inkrafttreten: Die Richtlinie tritt am 1. Juli in Kraft.

Bitte kürze den Text auf eine halbe Seite, ohne Inhalte zu verlieren.""",
)

N(
    "privacy policy excerpt (generic)",
    """We collect only the information needed to provide the service: account details you give us, usage data such as pages viewed, and technical data such as browser type. We use it to operate and improve the service, to prevent abuse, and to meet legal obligations. We do not sell personal data. You can request access, correction or deletion at any time through the settings page. Data is stored in the European Union and retained for as long as your account exists, plus 30 days for backups.

Is this compliant enough with GDPR Article 13, or what's missing?""",
)

N(
    "recipe (Italian)",
    """Ragù alla bolognese (per 6 persone)
- 300 g di manzo macinato, 200 g di maiale macinato
- 1 carota, 1 costa di sedano, 1 cipolla
- 150 ml di vino rosso, 400 g di passata di pomodoro
- 250 ml di latte intero, sale, pepe, olio
Soffriggere le verdure, rosolare la carne, sfumare con il vino, aggiungere la passata e cuocere a fuoco basso per almeno 3 ore, aggiungendo il latte poco alla volta.

Si può fare nella pentola a pressione? Quanto tempo serve?""",
)

N(
    "product description to improve (Spanish)",
    """Mochila urbana de 22 litros, fabricada con poliéster reciclado resistente al agua. Compartimento acolchado para portátil de hasta 15,6 pulgadas, bolsillo frontal con organizador, asas ergonómicas y panel trasero transpirable. Disponible en negro, gris y verde oliva. Peso: 780 g. Garantía de dos años.

Mejora esta descripción para la tienda online y añade tres viñetas con beneficios.""",
)

N(
    "cover letter template with placeholders",
    """[Your Name]
[Your Address]
[City, Postcode]
[Email] · [Phone]

Dear Hiring Manager,

I am writing to apply for the position of [Job Title] at [Company]. With [number] years of experience in [field], I have developed strong skills in [skill 1] and [skill 2]...

Sincerely,
[Your Name]

Is this template too generic? How can I make the opening stronger?""",
)

N(
    "contract template with blanks (French)",
    """CONTRAT DE PRESTATION DE SERVICES
Entre : ______________________ (ci-après « le Client »)
Et : ______________________ (ci-après « le Prestataire »)
Article 1 – Objet : Le Prestataire s'engage à réaliser la refonte du site internet du Client.
Article 2 – Durée : Le contrat prend effet à la date de signature pour une durée de trois mois.
Article 3 – Prix : Le prix forfaitaire est de ________ € HT, payable en trois échéances.
Article 4 – Propriété intellectuelle : Les droits sont cédés au Client à compter du paiement intégral.

Quelles clauses manquent pour protéger le prestataire ?""",
)

N(
    "technical tutorial excerpt",
    """To set up log rotation for your application, create a file at /etc/logrotate.d/myapp with the following content: the path to the log files, the rotation frequency (daily or weekly), the number of rotations to keep, and whether to compress old files. Use 'copytruncate' if your application cannot reopen its log file, but be aware that a few lines may be lost during the copy. Test the configuration with 'logrotate -d /etc/logrotate.d/myapp', which performs a dry run and prints what would happen.

Can you turn this into numbered steps with an example config?""",
)

N(
    "essay paragraph (Swedish)",
    """Digitaliseringen av den offentliga sektorn har gjort många tjänster mer tillgängliga, men den har också skapat nya klyftor. Äldre personer och personer utan tillgång till bank-id riskerar att hamna utanför när fysiska servicekontor stängs. Samtidigt visar undersökningar att en majoritet av medborgarna uppskattar möjligheten att sköta ärenden digitalt, särskilt utanför kontorstid.

Kan du ge feedback på argumentationen och föreslå en bättre avslutning?""",
)

N(
    "job ad without contact details (Dutch)",
    """Vacature: Medior Backend Developer (Python)
Wij zoeken een collega die houdt van schone code en goede tests. Je werkt aan onze planningssoftware voor de zorg, samen met een team van zes developers. Wat wij bieden: 32–40 uur, hybride werken, opleidingsbudget, pensioenregeling. Wat wij vragen: minimaal 3 jaar ervaring met Python, kennis van PostgreSQL en Docker, en goede communicatieve vaardigheden.

Kun je deze vacature wat enthousiaster maken?""",
)

N(
    "release notes",
    """Release 5.2.0
- Added: bulk edit for product categories
- Added: export of reports as XLSX
- Changed: minimum supported browser is now Safari 16.4
- Fixed: rounding error in invoices with more than 99 lines
- Fixed: date picker showed the wrong week number in January
- Security: updated dependencies to address CVE-2024-29041 and CVE-2024-28849

Please write a short, friendly announcement for customers based on this.""",
)

# ---- more hard negatives: identifiers that are not personal ------------------------

N(
    "error codes and hex addresses",
    "The app crashes with 0xC0000005 at address 0x00007FF6A1B2C3D4 and exception code 0xE06D7363. Is this a C++ exception or an access violation?",
)
N(
    "HTTP status and port numbers",
    "My service listens on 8443, the health check hits 8080, and the load balancer returns 502 then 504 after 60 seconds. What's the likely timeout mismatch?",
)
N(
    "regex for validating e-mails and phones (no real data)",
    r"Is this regex good enough for emails: ^[\w.+-]+@[\w-]+\.[\w.-]+$ and this one for German mobile numbers: ^(\+49|0)1[5-7]\d{8,9}$ ? What edge cases do they miss?",
)
N(
    "CSS colors and sizes",
    "Our palette is #1d3557, #457b9d, #a8dadc, #f1faee and #e63946. Which pairs meet WCAG AA contrast for 16px body text?",
)
N(
    "IBAN format question without an actual IBAN",
    "How is the IBAN check digit calculated? I know it's mod 97, but what happens with the letters of the country code?",
)
N(
    "Luhn algorithm explanation, no card number",
    "Can you explain the Luhn algorithm step by step and write a Python function that validates a card number string?",
)
N(
    "private network addressing question",
    "My router is at 192.168.178.1 and the NAS at 192.168.178.20. Should I give the NAS a static IP in the router or on the NAS itself?",
)
N(
    "public DNS resolvers",
    "Is 1.1.1.1 or 8.8.8.8 faster from Europe, and should I also set the IPv6 resolvers 2606:4700:4700::1111 and 2001:4860:4860::8888?",
)
N(
    "car model and engine codes",
    "Is the VW 2.0 TDI engine code DFGA the same as CRLB? I'm looking at a 2019 Golf VII Variant.",
)
N(
    "flight number and booking class, no passenger",
    "Flight LH 400 FRA–JFK on an A340-600 — which seats in economy class (booking class K) have the most legroom?",
)
N(
    "stock tickers and prices",
    "AAPL closed at 189.87, MSFT at 416.42 and SAP at 176.20 €. If I hold 10, 5 and 20 shares, what's the portfolio value in USD at 1.08?",
)
N(
    "weather data table",
    "Date\tMax °C\tMin °C\tRain mm\n2024-05-10\t21.4\t9.8\t0.0\n2024-05-11\t18.2\t11.1\t4.6\n2024-05-12\t15.7\t8.3\t12.2\nMake a chart description for a school report.",
)
N(
    "chemistry question (Korean)",
    "H₂SO₄ 0.5 mol을 NaOH로 완전히 중화하려면 NaOH가 몇 g 필요한가요? (Na=23, O=16, H=1)",
)
N(
    "legal question in general terms (German)",
    "Darf ein Vermieter die Kaution einbehalten, wenn beim Auszug Dübellöcher in der Wand sind? Wie ist die Rechtslage allgemein?",
)
N(
    "medical question in general terms",
    "What are common side effects of metformin, and is it normal to have stomach problems in the first few weeks?",
)
N(
    "school question (French)",
    "Mon fils est en CM2. Quelles sont les notions de mathématiques à maîtriser avant l'entrée en 6e ?",
)
N(
    "HR question in general terms (Italian)",
    "Quanti giorni di ferie spettano per legge a un lavoratore dipendente in Italia con contratto full-time?",
)
N(
    "travel question without personal data (Japanese)",
    "成田空港から東京駅まで一番安い行き方は何ですか？スーツケースが2つあります。",
)
N(
    "office question (Polish)",
    "Jak w Wordzie zrobić spis treści, który sam się aktualizuje po dodaniu nowych rozdziałów?",
)
N(
    "finance question (Turkish)",
    "Kredi kartı asgari ödeme tutarı nasıl hesaplanır? Faiz oranı aylık %4,25 ise ne kadar faiz öderim?",
)


# =====================================================================
# write
# =====================================================================


def main() -> None:
    with OUT.open("w", encoding="utf-8", newline="\n") as fh:
        for row in ROWS:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    cats = Counter(r["category"] for r in ROWS)
    kinds = Counter(r["kind"] for r in ROWS)
    print(f"wrote {len(ROWS)} rows to {OUT}")
    for c in ("secret", "pii", "negative"):
        print(f"  {c:9s} {cats[c]}")
    print("by kind:")
    for k, n in sorted(kinds.items()):
        print(f"  {n:4d}  {k}")


if __name__ == "__main__":
    main()
