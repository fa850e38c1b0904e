"""Writes ``bench/data/scrub/corpus.jsonl``, the scrubber benchmark's labelled corpus.

Run it again after editing (``python bench/data/scrub/make_corpus.py``); never edit the JSONL
by hand. It is deterministic: a seeded generator, no clock, no network.

Each line is one chat turn: ``text``, ``kind`` (what it holds), ``category`` (``secret``,
``pii`` or ``negative``) and ``secrets``, the exact substrings that must not survive
scrubbing (empty for a negative, which must come out unchanged).

Every value is fake: random keys in each provider's shape, phone numbers from the ranges set
aside for fiction where a country has one (555-01xx in North America, 020 7946 0xxx and
07700 900xxx in the UK, 0491 570 xxx in Australia) and made-up ones elsewhere, card numbers
and IBANs made up and given a valid check digit, addresses at example domains.
"""

from __future__ import annotations

import base64
import json
import random
import string
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "corpus.jsonl"

rng = random.Random(20261123)
ALNUM = string.ascii_letters + string.digits
URLSAFE = ALNUM + "-_"
B64 = ALNUM + "+/"
HEX = "0123456789abcdef"


def rand(chars: str, n: int) -> str:
    return "".join(rng.choice(chars) for _ in range(n))


def pick(options: list[str]) -> str:
    return rng.choice(options)


rows: list[dict[str, object]] = []


def add(category: str, kind: str, make: Callable[[], tuple[str, list[str]]], n: int) -> None:
    for _ in range(n):
        text, secrets = make()
        assert all(s in text for s in secrets), (text, secrets)
        rows.append({"text": text, "kind": kind, "category": category, "secrets": secrets})


SAY = [
    "Here is my {what}: {v}",
    "can you check why this fails? {v}",
    "I set {v} in the config and it still says unauthorized",
    "{v} is the one we use in staging, is that ok?",
    "my {what} is {v}.",
    "Error 401 with {v} - did it expire?",
    'export MY_VAR="{v}"',
    "use this one ({v}) for the demo",
]


def say(what: str, value: str) -> str:
    return pick(SAY).format(what=what, v=value)


# -- secrets --------------------------------------------------------------------------------


def openai() -> tuple[str, list[str]]:
    key = pick(["sk-proj-" + rand(URLSAFE, 64), "sk-" + rand(ALNUM, 48),
                "sk-svcacct-" + rand(URLSAFE, 56)])  # fmt: skip
    return say("OpenAI key", key), [key]


def anthropic() -> tuple[str, list[str]]:
    key = "sk-ant-api03-" + rand(URLSAFE, 93) + "AA"
    return say("Anthropic key", key), [key]


def stripe() -> tuple[str, list[str]]:
    key = pick(["sk_live_", "sk_test_", "rk_live_"]) + "51" + rand(ALNUM, rng.choice([22, 97]))
    return say("Stripe key", key), [key]


def github() -> tuple[str, list[str]]:
    key = pick(["ghp_" + rand(ALNUM, 36), "gho_" + rand(ALNUM, 36),
                "github_pat_11" + rand(ALNUM, 20) + "_" + rand(ALNUM, 59)])  # fmt: skip
    return say("GitHub token", key), [key]


def gitlab() -> tuple[str, list[str]]:
    key = "glpat-" + rand(URLSAFE, 20)
    return say("GitLab token", key), [key]


def slack() -> tuple[str, list[str]]:
    key = f"xoxb-{rand('0123456789', 12)}-{rand('0123456789', 13)}-{rand(ALNUM, 24)}"
    return say("Slack bot token", key), [key]


def aws() -> tuple[str, list[str]]:
    key_id = "AKIA" + rand(string.ascii_uppercase + "234567", 16)
    secret = rand(B64, 39) + rng.choice("ABCXYZ")
    while not (any(c.islower() for c in secret) and any(c.isdigit() for c in secret)):
        secret = rand(B64, 40)
    text = pick([
        f"[default]\naws_access_key_id = {key_id}\naws_secret_access_key = {secret}",
        f"AWS_ACCESS_KEY_ID={key_id} AWS_SECRET_ACCESS_KEY={secret} aws s3 ls",
        f"key id {key_id}, secret {secret}",
    ])  # fmt: skip
    return text, [key_id, secret]


def google() -> tuple[str, list[str]]:
    key = "AIza" + rand(URLSAFE, 35)
    return say("Maps API key", key), [key]


def huggingface() -> tuple[str, list[str]]:
    key = "hf_" + rand(ALNUM, 34)
    return say("Hugging Face token", key), [key]


def sendgrid() -> tuple[str, list[str]]:
    key = f"SG.{rand(URLSAFE, 22)}.{rand(URLSAFE, 43)}"
    return say("SendGrid key", key), [key]


def twilio() -> tuple[str, list[str]]:
    key = "SK" + rand(HEX, 32)
    return say("Twilio API key", key), [key]


def lifelong_token() -> tuple[str, list[str]]:
    token = f"llt_{rand(HEX, 12)}_{rand(URLSAFE, 43)}"
    text = pick([
        f"curl -H 'Authorization: Bearer {token}' http://localhost:8000/v1/personas",
        f"the dashboard token is {token}",
        f"LIFELONG_TOKEN={token} lifelong status",
        f"{token} stopped working after the restart",
    ])  # fmt: skip
    return text, [token]


def _b64url(data: dict[str, object]) -> str:
    raw = json.dumps(data, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def jwt() -> tuple[str, list[str]]:
    header = _b64url({"alg": pick(["HS256", "RS256"]), "typ": "JWT"})
    payload = _b64url({"sub": rand("0123456789", 8), "name": "Test User",
                       "iat": 1700000000 + rng.randrange(10**6)})  # fmt: skip
    sig = rand(URLSAFE, 43)
    token = f"{header}.{payload}.{sig}"
    text = pick([
        f"Authorization: Bearer {token}",
        f"my session cookie is {token} and it expires hourly",
        f'{{"id_token": "{token}"}}',
        f"why does jwt.io say {token} has an invalid signature?",
    ])  # fmt: skip
    return text, [token]


def bearer() -> tuple[str, list[str]]:
    token = rand(URLSAFE + ".", 40)
    return f"curl -H 'Authorization: Bearer {token}' https://api.example.com/v2/items", [token]


def private_key() -> tuple[str, list[str]]:
    kind = pick(["RSA ", "EC ", "OPENSSH ", "", "ENCRYPTED ", "DSA "])
    lines = [rand(B64, 64) for _ in range(rng.randint(3, 8))] + [rand(B64, 20) + "=="]
    block = f"-----BEGIN {kind}PRIVATE KEY-----\n" + "\n".join(lines)
    block += f"\n-----END {kind}PRIVATE KEY-----"
    text = pick([
        f"Here's the key from the server:\n{block}\nWhy does ssh reject it?",
        f"{block}",
        f"id_rsa contents:\n\n{block}\n\nthanks!",
        '{"type": "service_account", "private_key": "' + block.replace("\n", "\\n") + '\\n"}',
    ])  # fmt: skip
    return text, lines


def url_password() -> tuple[str, list[str]]:
    password = pick([
        rand(ALNUM, 12), rand(ALNUM, 8) + "!" + rand(ALNUM, 3), "Sup3r" + rand(ALNUM, 6) + "#",
        rand(ALNUM, 6) + "@" + rand(ALNUM, 4),
    ])  # fmt: skip
    user = pick(["admin", "app", "postgres", "deploy", "svc_reader"])
    url = pick([
        f"postgresql://{user}:{password}@db.internal.example.com:5432/orders",
        f"mysql://{user}:{password}@10.0.3.12/shop",
        f"redis://:{password}@cache.example.net:6379/0",
        f"mongodb+srv://{user}:{password}@cluster0.example.mongodb.net/test",
        f"amqp://{user}:{password}@rabbit.example.org:5672//",
        f"https://{user}:{password}@git.example.com/team/repo.git",
    ])  # fmt: skip
    text = pick([
        f"DATABASE_URL={url}",
        f"I can't connect with {url}, what's wrong?",
        f"the connection string is {url}.",
    ])  # fmt: skip
    return text, [password]


def keyword_secret() -> tuple[str, list[str]]:
    password = pick([
        "hunter" + rand("0123456789", 2), "P@ss" + rand(ALNUM, 6),
        rand(ALNUM, 10) + "!" + rand("0123456789", 2), "Tr0ub4dor&" + rand(ALNUM, 2),
    ])  # fmt: skip
    key = rand(ALNUM, 24)
    text, value = pick([
        (f"api_key={key}", key),
        (f'{{"password": "{password}", "user": "ada"}}', password),
        (f"DB_PASSWORD={password}", password),
        (f"client_secret: {key}", key),
        (f"my password is {password} but I forgot the username", password),
        (f"SECRET_KEY = '{key}'", key),
        (f"the api key is {key}", key),
        (f"Password: {password}", password),
        (f"auth_token={key}&user=42", key),
        (f"wifi password: {password}", password),
    ])  # fmt: skip
    return text, [value]


for kind, make, n in [
    ("openai_key", openai, 12), ("anthropic_key", anthropic, 6), ("stripe_key", stripe, 12),
    ("github_token", github, 10), ("gitlab_token", gitlab, 5), ("slack_token", slack, 6),
    ("aws_keys", aws, 10), ("google_api_key", google, 6), ("hf_token", huggingface, 6),
    ("sendgrid_key", sendgrid, 5), ("twilio_key", twilio, 5),
    ("lifelong_token", lifelong_token, 12), ("jwt", jwt, 12), ("bearer_token", bearer, 6),
    ("private_key", private_key, 14), ("url_password", url_password, 16),
    ("keyword_secret", keyword_secret, 20),
]:  # fmt: skip
    add("secret", kind, make, n)


# -- personal data --------------------------------------------------------------------------

FIRST = ["jane", "bob", "maria", "li.wei", "o.connor", "sam_k", "anna-lena", "raj", "tom.b",
         "yuki", "ahmed", "chloe"]  # fmt: skip
DOMAINS = ["example.com", "example.org", "mail.example.net", "example.co.uk", "test.example.de"]


def email() -> tuple[str, list[str]]:
    addr = f"{pick(FIRST)}{rng.choice(['', str(rng.randint(1, 99))])}@{pick(DOMAINS)}"
    text = pick([
        f"you can reach me at {addr}",
        f"{addr} is my work address",
        f"Send the invoice to {addr}.",
        f"cc: {addr}, thanks",
        f"Contact: <{addr}>",
    ])  # fmt: skip
    return text, [addr]


def email_obfuscated() -> tuple[str, list[str]]:
    name = pick(FIRST)
    tld = pick(["com", "org", "co.uk"])
    words, brackets = tld.replace(".", " dot "), tld.replace(".", " [dot] ")
    addr = pick([
        f"{name} at example dot {words}",
        f"{name} [at] example [dot] {brackets}",
        f"{name}(at)example(dot){tld.replace('.', '(dot)')}",
        f"{name} {{at}} example {{dot}} {tld.replace('.', ' {dot} ')}",
        f"{name} AT example DOT {words.upper().replace(' DOT ', ' dot ')}",
        f"{name}1 at example.{tld}",
        f"{name} @ example.{tld}",
    ])  # fmt: skip
    text = pick([f"write to me: {addr}", f"my email is {addr} (no spam pls)",
                 f"{addr} - that's where I read mail", f"ping {addr}."])  # fmt: skip
    return text, [name, "example"]


# "#" is a random digit.
US_NUMBERS = [
    "415-555-01##",
    "(212) 555-01##",
    "312.555.01##",
    "+1 646 555 01##",
    "1-800-555-01##",
    "+1 (917) 555-01##",
    "617 555 01##",
    "555-01##",
]
WORLD_NUMBERS = [
    "+44 20 7946 0###",
    "020 7946 0###",
    "07700 900###",
    "+44 7700 900###",
    "+49 30 1234 5###",
    "030 1234 5###",
    "+49 151 2345 6###",
    "+33 1 99 00 0# ##",
    "01 99 00 0# ##",
    "+61 491 570 ###",
    "0491 570 ###",
    "+91 98765 43###",
    "+81 3-1234-5###",
    "03-1234-5###",
    "+34 612 345 ###",
    "+39 06 1234 5###",
    "+55 11 91234-5###",
    "+353 85 123 4###",
]
PHONE_SAY = [
    "call me at {p}.",
    "My number is {p}",
    "{p} is my cell, text anytime",
    "you can reach the front desk on {p} or by mail",
    "Phone: {p}",
    "ring {p} after 6pm",
    "whatsapp me on {p}!",
    "tel. {p} (office)",
    "the plumber's number: {p}. He's cheap",
    "I'm on {p}",
    "Her mobile is {p}, his is unknown.",
    "{p}",
]


def _fill(fmt: str) -> str:
    return "".join(rng.choice(string.digits) if c == "#" else c for c in fmt)


def phone_us() -> tuple[str, list[str]]:
    number = _fill(pick(US_NUMBERS)) if rng.random() < 0.85 else "555-867-5309"
    return pick(PHONE_SAY).format(p=number), [number]


def phone_world() -> tuple[str, list[str]]:
    number = _fill(pick(WORLD_NUMBERS))
    return pick(PHONE_SAY).format(p=number), [number]


def luhn_complete(partial: str) -> str:
    digits = [int(c) for c in partial + "0"]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return partial + str((10 - total % 10) % 10)


def card() -> tuple[str, list[str]]:
    prefix, length = pick([("4", 16), ("51", 16), ("55", 16), ("2221", 16), ("34", 15),
                           ("37", 15), ("6011", 16), ("65", 16), ("35", 16)])  # fmt: skip
    number = luhn_complete(prefix + rand("0123456789", length - len(prefix) - 1))
    if length == 15:
        groups = [number[:4], number[4:10], number[10:]]
    else:
        groups = [number[i : i + 4] for i in range(0, 16, 4)]
    shown = pick([" ".join(groups), "-".join(groups), number])
    text = pick([f"card {shown}, exp 08/29, cvc 123", f"Charge it to {shown}.",
                 f"my visa is {shown}", f"{shown} was declined twice"])  # fmt: skip
    return text, [shown]


def _iban(country: str, bban: str) -> str:
    numeric = "".join(str(int(c, 36)) for c in bban + country + "00")
    return f"{country}{98 - int(numeric) % 97:02d}{bban}"


def iban() -> tuple[str, list[str]]:
    from stdnum import iban as std

    while True:
        country = pick(["DE", "GB", "FR", "NL", "ES", "IT", "BE", "AT", "CH"])
        bban = {
            "DE": lambda: rand("0123456789", 18),
            "GB": lambda: pick(["NWBK", "BARC", "MIDL"]) + rand("0123456789", 14),
            "FR": lambda: rand("0123456789", 23),
            "NL": lambda: pick(["ABNA", "INGB", "RABO"]) + rand("0123456789", 10),
            "ES": lambda: rand("0123456789", 20),
            "IT": lambda: rand(string.ascii_uppercase, 1) + rand("0123456789", 22),
            "BE": lambda: rand("0123456789", 12),
            "AT": lambda: rand("0123456789", 16),
            "CH": lambda: rand("0123456789", 17),
        }[country]()
        value = _iban(country, bban)
        if std.is_valid(value):  # the country's own checks too (the French RIB key ...)
            break
    grouped = " ".join(value[i : i + 4] for i in range(0, len(value), 4))
    shown = pick([value, grouped, value.lower(), grouped.lower()])
    text = pick([f"IBAN: {shown}", f"please wire it to {shown} by Friday",
                 f"{shown} (my savings account)", f"my iban is {shown}."])  # fmt: skip
    return text, [shown]


for kind, make, n in [
    ("email", email, 16), ("email_obfuscated", email_obfuscated, 18),
    ("phone_us", phone_us, 22), ("phone_intl", phone_world, 30), ("card", card, 18),
    ("iban", iban, 20),
]:  # fmt: skip
    add("pii", kind, make, n)


# -- written by hand: forms the generators above do not make ---------------------------------

HAND: list[tuple[str, str, str, list[str]]] = [  # category, kind, text, secrets
    ("pii", "phone_us", "Call +1-415-555-0199!", ["415-555-0199"]),
    ("pii", "phone_us", "(415)555-0187 is the front desk", ["555-0187"]),
    ("pii", "phone_us", "text me on 415 555 0123, thanks", ["415 555 0123"]),
    ("pii", "phone_us", "tel:+14155550142", ["4155550142"]),
    ("pii", "phone_us", "+1 415 555 0178 ext. 12 is the direct line", ["415 555 0178"]),
    ("pii", "phone_us", "My cell: 212.555.0163; email is better", ["212.555.0163"]),
    ("pii", "phone_us", "It's 555-0100, call before 9.", ["555-0100"]),
    ("pii", "phone_us", "Their number (646) 555-0111 is on the flyer.", ["555-0111"]),
    ("pii", "phone_intl", "+442079460123 is the London office", ["2079460123"]),
    ("pii", "phone_intl", "dial 0044 20 7946 0321 from abroad", ["7946 0321"]),
    ("pii", "phone_intl", "Unsere Nummer: +49 (0)30 1234 5678.", ["1234 5678"]),
    ("pii", "phone_intl", "Appelez le 06 12 34 56 78 ce soir", ["06 12 34 56 78"]),
    ("pii", "phone_intl", "Mobile +61 491 570 159, landline (02) 5550 1234",
     ["570 159", "5550 1234"]),
    ("pii", "phone_intl", "call me at +91-98765-43210.", ["98765-43210"]),
    ("pii", "email", "JANE.DOE@EXAMPLE.COM wrote back", ["JANE.DOE@EXAMPLE.COM"]),
    ("pii", "email", "use jane+newsletter@example.com for lists", ["jane+newsletter@example.com"]),
    ("pii", "email", "[mail me](mailto:ops-team@sub.example.org)", ["ops-team@sub.example.org"]),
    ("pii", "email_obfuscated", "bob dot smith at example dot com", ["bob dot smith"]),
    ("pii", "email_obfuscated", "reach me: k.lee (at) example (dot) org", ["k.lee"]),
    ("pii", "email_obfuscated", "mail: anna<at>example<dot>de", ["anna<at>"]),
    ("pii", "card", "Amex 3782 822463 10005 expires soon", ["3782 822463 10005"]),
    ("pii", "card", "card no. 5555-5555-5555-4444", ["5555-5555-5555-4444"]),
    ("pii", "card", "test with 4242424242424242.", ["4242424242424242"]),
    ("pii", "iban", "iban GB33BUKB20201555555555 pls", ["GB33BUKB20201555555555"]),
    ("pii", "iban", "Konto: de75 5121 0800 1245 1261 99", ["de75 5121 0800 1245 1261 99"]),
    ("pii", "iban", "NL91ABNA0417164300, ref: rent", ["NL91ABNA0417164300"]),
    ("secret", "url_password", "ftp://anon:letmein42@ftp.example.com/pub", ["letmein42"]),
    ("secret", "url_password", "smtp://mailer:Xy7$kk9!@mail.example.com:587", ["Xy7$kk9!"]),
    ("secret", "url_password", "git clone https://bob:ghp-pass-123@git.example.com/r.git",
     ["ghp-pass-123"]),
    ("secret", "keyword_secret", "pwd=Tiger!2024", ["Tiger!2024"]),
    ("secret", "keyword_secret", "passwd: s3cr3tPass", ["s3cr3tPass"]),
    ("secret", "keyword_secret", "contraseña: Lun4Llena!", ["Lun4Llena!"]),
    ("secret", "keyword_secret", "authToken: 'a9F3kQ0zLm7Xp2Wc'", ["a9F3kQ0zLm7Xp2Wc"]),
    ("secret", "keyword_secret", 'PASSWORD="correct horse battery staple"',
     ["correct horse battery staple"]),
    ("secret", "keyword_secret", "The wifi password is Bramble2019", ["Bramble2019"]),
    ("secret", "slack_token", "webhook https://hooks.slack.com/services/T0AB12CD3/B0CD45EF6/"
     "aBcDeFgHiJkLmNoPqRsTuVwX", ["aBcDeFgHiJkLmNoPqRsTuVwX"]),
    ("secret", "private_key", "PuTTY-User-Key-File-2: ssh-rsa\nEncryption: none\n"
     "Comment: rsa-key\nPublic-Lines: 1\nAAAAB3NzaC1yc2EAAAADAQABAAAAgQC7\nPrivate-Lines: 1\n"
     "AAAAgBm3Xk9sQ2vP0wLZ7xYb\nPrivate-MAC: 8f2d7a6c5b4e3f2a1b0c", ["AAAAgBm3Xk9sQ2vP0wLZ7xYb"]),
    ("secret", "private_key", "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyu"
     "vBjM9Oi\nq7W1d0mZ... (I cut the rest)", ["MIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM9Oi"]),
    ("secret", "aws_keys", '{"AccessKeyId": "ASIAY34FZKBOKMUTVV7A", "SecretAccessKey": '
     '"wJalrXUtnFEMI/K7MDENG/bPxRfiCzEXAMPLEKEY"}',
     ["ASIAY34FZKBOKMUTVV7A", "wJalrXUtnFEMI/K7MDENG/bPxRfiCzEXAMPLEKEY"]),
    ("secret", "jwt", "token=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5"
     "N_XgL0n3I9PlFUP0THsR8U", ["dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"]),
]  # fmt: skip
for category, kind, text, secrets in HAND:
    text = text.replace("\\n", "\n")
    assert all(x in text for x in secrets), (text, secrets)
    rows.append({"text": text, "kind": kind, "category": category, "secrets": secrets})


# -- negatives: ordinary chat turns that must come out unchanged ----------------------------

NEGATIVES = [
    # recipes and measurements
    "Preheat the oven to 180C (350F) and bake for 25-30 minutes.",
    "Mix 250 g flour, 2 eggs and 1/2 cup of milk, then rest it for 20 min.",
    "You need 1.5 kg of potatoes, 3 tbsp olive oil and 2 tsp salt.",
    "Simmer at 95 degrees for 2 hours 15 minutes, stirring every 10.",
    "The cake tin is 23 cm across and 7.5 cm deep.",
    "Use a 1:2 ratio of rice to water, so 300 ml water for 150 g rice.",
    "Proof the dough at 24-26 C for 90 minutes or until doubled.",
    "A 4.5 kg turkey needs about 3 h 45 min at 160 C.",
    # times, dates, durations
    "Let's meet at 6:40 tomorrow morning.",
    "The train leaves at 07:15 and arrives at 10:52.",
    "My flight is on 2026-03-14 at 18:30, gate B12.",
    "The deadline is 12/04/2026, so we have 3 weeks.",
    "I ran 10 km in 52:13, my best since 2019.",
    "The meeting moved from 14:00 to 15:30 on Thursday 4 June.",
    "Office hours are 9-17 Monday to Friday, 10-14 on Saturday.",
    "It happened on 3 March 1998 at about 11 pm.",
    "The video is 1:23:45 long; skip to 0:42:10.",
    "Timestamp 2024-05-06T12:34:56Z is when the job started.",
    "Between 1999 and 2004 we moved 3 times.",
    "The 2008 crisis, the 2020 lockdowns and now 2026.",
    # prices and money
    "It costs $1,299.99 or 3 payments of $433.33.",
    "The rent went from EUR 950 to EUR 1,080 a month.",
    "A coffee is 3.50 here and a sandwich 6.90.",
    "Total: 12,345.67 USD including 19% VAT.",
    "We raised 2.5 million in 2025 at a 40 million valuation.",
    "The ticket was 49.95 plus a 2.50 booking fee.",
    "Revenue grew from 1 200 000 to 1 850 000 in one year.",
    "Salary range 85,000 - 110,000 depending on experience.",
    # addresses
    "The office is at 221B Baker Street, London NW1 6XE.",
    "Ship it to 1600 Amphitheatre Parkway, Mountain View, CA 94043.",
    "We're at 12 Lantern Row, flat 3, 2nd floor.",
    "The museum is at Unter den Linden 6, 10117 Berlin.",
    "Park at 350 5th Ave, then walk two blocks north.",
    "My zip code is 10001 and the nearest store is on 34th Street.",
    "Room 1204, building 7, Fifth floor.",
    # versions, code, ids
    "Python 3.11.7 came out on 2023-12-04; port 8080; 2 + 2 = 4.",
    "Upgrade numpy from 1.26.4 to 2.1.0 and torch to 2.5.1.",
    "Node v20.11.1 and npm 10.2.4 are installed.",
    "See https://example.com/docs/v2/api?page=3&limit=50 for details.",
    "The build number is 4512 and the release tag is v0.17.3.",
    "commit 3f786850e387550fdab836ed7e6dc881de23001b fixed it",
    "git checkout 9fceb02 && git cherry-pick e83c516",
    "The request id was 123e4567-e89b-12d3-a456-426614174000.",
    "UUID f47ac10b-58cc-4372-a567-0e02b2c3d479 is already taken.",
    "sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "The md5 of the file is d41d8cd98f00b204e9800998ecf8427e.",
    "Set max_tokens=256 and temperature=0.7 in the request.",
    "tokenizer = AutoTokenizer.from_pretrained(model_name)",
    "password = getpass.getpass() asks without echoing.",
    "api_key = os.environ['OPENAI_API_KEY'] keeps it out of the code.",
    "Use `token = request.headers.get('Authorization')` to read it.",
    "SECRET_KEY = settings.SECRET_KEY is just a reference.",
    "Set password=None to disable authentication in tests.",
    "for i in range(1000000): total += i * 2",
    "x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]",
    "SELECT * FROM orders WHERE id = 48213 LIMIT 10;",
    "The error is at line 1042, column 17 of main.py.",
    "Docker image python:3.12-slim is 45 MB.",
    "Listen on 0.0.0.0:8000 and proxy to 127.0.0.1:9000.",
    "The server is at 192.168.1.100, the gateway 192.168.1.1.",
    "Ping 10.0.0.254 and 172.16.254.1 to check.",
    "The hash table has 65536 buckets and 4294967296 possible keys.",
    "HTTP 404 means not found; 503 means unavailable.",
    "Use chmod 755 and umask 022.",
    "Allocate 16384 MB of RAM and 2048 MB of swap.",
    # order numbers, references, codes
    "My order #48213 hasn't arrived yet.",
    "Order number A-10234-X was shipped yesterday.",
    "Your booking reference is QX7R2P.",
    "Tracking: 1Z999AA10123456784 via UPS.",
    "Invoice INV-2026-00417 is due in 30 days.",
    "Ticket JIRA-4521 blocks PROJ-118.",
    "Flight LH 454 to SFO, seat 32A.",
    "The part number is 04-2231-A and the serial SN88213.",
    "Case 2025-CV-0419 was dismissed.",
    "Model number WM-1400XR, batch 2231.",
    # books, standards, science
    "ISBN 978-0-306-40615-7 is the classic example.",
    "The old ISBN was 0-306-40615-2.",
    "ISO 8601 and RFC 3339 describe the same date format mostly.",
    "The speed of light is 299,792,458 m/s.",
    "Avogadro's number is 6.02214076e23.",
    "Pi to ten places is 3.1415926535.",
    "e is about 2.718281828459045.",
    "2^32 = 4294967296 and 2^16 = 65536.",
    "12 * 12 = 144, and 144 / 3 = 48.",
    "Solve 3x + 7 = 22; x = 5.",
    "The sum of 1 to 100 is 5050.",
    "sqrt(2) is roughly 1.41421356.",
    "Mount Everest is 8,849 m high.",
    "The distance is 384,400 km on average.",
    "Coordinates 51.5074, -0.1278 put you in London.",
    "It was 23.5 C in the shade and 31 in the sun.",
    "Blood pressure 120/80 is normal.",
    "Take 500 mg twice a day for 7 days.",
    "The population grew from 8.1 to 8.2 billion.",
    # years and ages
    "I was born in 1987 and moved here in 2012.",
    "The company was founded in 1886 in Atlanta.",
    "She is 34, her brother is 29.",
    "In 1969 the first moon landing happened.",
    # call/phone words without a number
    "Call me tomorrow, I'm busy tonight.",
    "I'll phone you after the meeting.",
    "Can you text me when you arrive?",
    "My phone died, I'll be back online at 8.",
    "What's the best phone under 500 dollars?",
    "Ring the bell twice, the buzzer is broken.",
    "Contact support if the problem persists.",
    "My number of attempts is 3 out of 5.",
    # password / secret words without a secret
    "Your password must be at least 8 characters long.",
    "Password: must contain a digit and a symbol.",
    "I forgot my password again, how do I reset it?",
    "The secret ingredient is love.",
    "The secret is to rest the dough overnight.",
    "Keep your API key secret and rotate it every 90 days.",
    "The token expired after 3600 seconds.",
    "Use a password manager instead of reusing passwords.",
    "secret: don't tell anyone about the party!",
    "My password is long and random, don't worry.",
    "The api key is required for every request.",
    "token: see the dashboard",
    # at / dot words without an address
    "Look at google.com for the official docs.",
    "Meet me at the cafe at 5.",
    "I'm at home now, call later.",
    "The dot product of (1, 2) and (3, 4) is 11.",
    "She works at Example Corp in Berlin.",
    "We met at university in 2009.",
    "Let's talk at lunch about the roadmap.",
    "I'll be at 5th and Main at noon.",
    "Email is the best way to reach me, not chat.",
    "Send it via e-mail or post, whatever is easier.",
    "The @property decorator makes a method look like an attribute.",
    "Follow @example on social media for updates.",
    "Use x @ y for matrix multiplication in numpy.",
    # banking words without an account
    "What is an IBAN and why do I need one?",
    "The BIC is usually 8 or 11 characters.",
    "Card payments take 2-3 business days.",
    "The last 4 digits of the card are 4242.",
    "My credit score went from 640 to 712.",
    # long numbers that are not personal
    "The population of Tokyo is about 37400068.",
    "Our customer count hit 1000000 last week.",
    "The answer is 1234567 according to the book.",
    "There were 45,678,901 votes counted.",
    "Step count today: 12,480; this week: 71,305.",
    "The file is 1048576 bytes, exactly 1 MiB.",
    "Unix time 1700000000 was in November 2023.",
    "Seed the generator with 42 or 20261123.",
    "Stock moved from 187.44 to 192.10, up 2.49%.",
    "It's 0.000125 BTC which is about 8.40 dollars.",
    "The lottery numbers were 4 8 15 16 23 42.",
    "Scores: 98, 87, 91, 78, 85, 90, 88.",
    "Sizes 36 38 40 42 44 46 are in stock.",
    "Dimensions: 120 x 60 x 75 cm, weight 32 kg.",
    "Batch sizes 8, 16, 32, 64, 128 all worked.",
    "Lines 120-180 and 200-240 need review.",
    "Pages 1021-1034 of volume 12.",
    "Temperature range -40 to 85 C.",
    "Ranks 1 2 3 4 5 6 7 8 9 10 are all taken.",
    "Version 2024.10.1 replaced 2024.9.3.",
    # plain chat
    "Thanks, that worked perfectly!",
    "Can you explain list comprehensions with an example?",
    "What's the difference between a tuple and a list?",
    "I think the bug is in the loop, not the parser.",
    "Could you summarise the article in three bullet points?",
    "How do I ignore a warning in pytest?",
    "Tell me a joke about cats.",
    "What time zone is Tokyo in?",
    "My cat is called Bramble and she is 4 years old.",
    "How many grams are in a pound? About 453.6.",
    "Is it better to rent or buy in 2026?",
    "Translate 'good morning' into German.",
    "Write a haiku about autumn rain.",
    "The meeting notes are in the shared drive under Q3-2026.",
    "We sold 3 421 units in week 14.",
    "Please remind me at 7:30 to take the bread out.",
    "The recipe serves 4-6 people.",
    "Chapter 12, verse 3 to 7.",
    "Bus 42 then tram 7 to the station.",
    "The score was 3-1 after extra time.",
    # look-alikes: ids, hashes, placeholders and references
    "The answer is 1234567, call me later if it's wrong.",
    "Set the timeout to 86400000 ms.",
    "My student ID is 20231145.",
    "The zip is 94043-1351.",
    "The GPS is at 40.712776, -74.005974.",
    "Phone models: iPhone 15, Pixel 8, Galaxy S24.",
    "I called 3 times between 14:00 and 15:30.",
    "Contact form ID 4815162342 was submitted.",
    "The token count is 128000 and the context window 200000.",
    "password reset tokens expire in 3600 seconds",
    "api_key: string (required)",
    "Your API key: <YOUR_API_KEY>",
    "export OPENAI_API_KEY=$OPENAI_API_KEY",
    "secret = secrets.token_hex(32)",
    "password_hash = bcrypt.hashpw(password, salt)",
    "The passcode is on the fridge.",
    "ssh deploy@host -p 2222",
    "git clone git@github.com:org/repo.git",
    "Between 9am-5pm call 1-800-FLOWERS.",
    "1,234,567,890 is a big number.",
    "See RFC 7519 and RFC 6749 for JWT and OAuth.",
    "Card ending 4242, expiring 12/27.",
    "Sort code 12-34-56 is on the back of the card.",
    "Ratio 16:9 at 1920x1080, 60 Hz.",
    "The file hash is 5d41402abc4b2a76b9719d911017c592.",
    "AKIA is the prefix of AWS access key ids.",
    "The secret key is to practice daily.",
    "His email is private, ask him yourself.",
    "Write to me at the usual address.",
    "Chapter 3.4.5.6 mentions 12.5.2024.",
    "Temperature: 98.6 F, pulse 72, BP 120/80, SpO2 98%.",
    "Windows version 10.0.19045.3693.",
    "Order number 4155550132 is delayed.",
    "Released v2.0 at github.com/org/repo last night.",
    "Python 3.11 at python.org is the one to get.",
]


def templated_negatives() -> list[str]:
    out = []
    for _ in range(40):
        n = rng.randint
        out.append(pick([
            f"The recipe needs {n(100, 900)} g sugar and {n(2, 6)} eggs.",
            f"Meet at {n(1, 12)}:{n(0, 59):02d} near gate {n(1, 40)}.",
            f"It was {n(10, 999)}.{n(0, 99):02d} dollars in {n(1990, 2026)}.",
            f"Order #{n(10000, 999999)} ships on {n(1, 28)} May.",
            f"Release {n(0, 9)}.{n(0, 30)}.{n(0, 20)} fixed {n(2, 40)} bugs.",
            f"commit {rand(HEX, 40)} reverted it",
            f"Room {n(100, 999)}, floor {n(1, 9)}.",
            f"{n(2, 99)} x {n(2, 99)} = ?",
            f"The trip is {n(100, 2000)} km and takes {n(2, 20)} hours.",
            f"We have {n(1000, 99999)} users since {n(2000, 2025)}.",
        ]))  # fmt: skip
    return out


for text in NEGATIVES + templated_negatives():
    rows.append({"text": text, "kind": "negative", "category": "negative", "secrets": []})


def main() -> None:
    with OUT.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
