"""Writes ``bench/data/scrub/heldout.jsonl``, the held-out corpus of the scrub benchmark.

Written without looking at the scrubber, its tests or the first corpus, by someone who knows
only the record format and the kind names ``bench/scrub.py`` reports: the turns are what a
user of a chat system types, in many phrasings, positions and formats, not what the
detectors were built for. Its figures are reported apart from the first corpus's
(``"heldout"`` in ``python bench/scrub.py --json``).

Every value is fake but well formed: keys and tokens are random strings in the vendors'
published shapes, cards are the networks' public test numbers or random Luhn-valid numbers,
IBANs are the registry's documented examples or random accounts with a computed mod-97
check, US phone numbers are in the 555-0100..0199 range kept for fiction, and UK ones in
Ofcom's drama ranges. A record is ``{"text", "kind", "category", "secrets"}``; ``category``
is ``secret``, ``pii`` or ``negative`` (ordinary turns that must come out unchanged; their
``kind`` says what trap they hold). ``secrets`` are the exact substrings that must not
survive. Deterministic (fixed seed), so running it again gives the same bytes.

    python bench/data/scrub/make_heldout.py
"""

from __future__ import annotations

import base64
import json
import random
import string
import sys
import uuid
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent / "heldout.jsonl"
rng = random.Random("lifelong-scrub-heldout-v1")

DIGITS = string.digits
HEX = "0123456789abcdef"
UPPER_DIGITS = string.ascii_uppercase + string.digits
ALNUM = string.ascii_letters + string.digits
URLSAFE = ALNUM + "-_"
B64 = ALNUM + "+/"
BASE32 = string.ascii_uppercase + "234567"


def pick(alphabet: str, n: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


class S(str):
    """A fill that is a secret (must not survive scrubbing)."""


# -- value makers ---------------------------------------------------------------------------


def openai_legacy() -> S:
    return S("sk-" + pick(ALNUM, 20) + "T3BlbkFJ" + pick(ALNUM, 20))


def openai_project(prefix: str = "sk-proj-") -> S:
    return S(prefix + pick(URLSAFE, 74) + "T3BlbkFJ" + pick(URLSAFE, 74))


def anthropic(prefix: str = "sk-ant-api03-") -> S:
    return S(prefix + pick(URLSAFE, 93) + "AA")


def aws_id(prefix: str = "AKIA") -> S:
    return S(prefix + pick(BASE32, 16))


def aws_secret() -> S:
    return S(pick(B64, 40))


def github(prefix: str) -> S:
    if prefix == "github_pat_":
        return S("github_pat_11" + pick(UPPER_DIGITS, 20) + "_" + pick(ALNUM, 59))
    return S(prefix + pick(ALNUM, 36))


def gitlab(prefix: str = "glpat-") -> S:
    if prefix == "glptt-":
        return S(prefix + pick(HEX, 40))
    return S(prefix + pick(URLSAFE, 20))


def google_key() -> S:
    return S("AIzaSy" + pick(URLSAFE, 33))


def hf() -> S:
    return S("hf_" + pick(string.ascii_letters, 34))


def slack_bot() -> S:
    return S(f"xoxb-{pick(DIGITS, 12)}-{pick(DIGITS, 13)}-{pick(ALNUM, 24)}")


def slack_user() -> S:
    return S(f"xoxp-{pick(DIGITS, 12)}-{pick(DIGITS, 12)}-{pick(DIGITS, 13)}-{pick(HEX, 32)}")


def slack_app() -> S:
    return S(f"xapp-1-A{pick(UPPER_DIGITS, 10)}-{pick(DIGITS, 13)}-{pick(HEX, 64)}")


def sendgrid() -> S:
    return S("SG." + pick(URLSAFE, 22) + "." + pick(URLSAFE, 43))


def stripe(prefix: str = "sk_live_", new: bool = True) -> S:
    if prefix == "whsec_":
        return S(prefix + pick(ALNUM, 32))
    return S(prefix + ("51" + pick(ALNUM, 97) if new else pick(ALNUM, 24)))


def hex32() -> S:
    return S(pick(HEX, 32))


def twilio_key() -> S:
    return S("SK" + pick(HEX, 32))


def twilio_sid() -> str:
    return "AC" + pick(HEX, 32)


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def jwt(payload: dict[str, Any], alg: str = "HS256") -> S:
    header = b64url(json.dumps({"alg": alg, "typ": "JWT"}, separators=(",", ":")).encode())
    body = b64url(json.dumps(payload, separators=(",", ":")).encode())
    sig = b64url(bytes(rng.getrandbits(8) for _ in range(256 if alg.startswith("RS") else 32)))
    return S(f"{header}.{body}.{sig}")


def opaque(n: int = 40) -> S:
    return S(pick(ALNUM, n))


def llt() -> S:
    return S("llt_" + pick(HEX, 12) + "_" + pick(URLSAFE, 43))


def pem_body(prefix: bytes, n_bytes: int) -> list[str]:
    raw = prefix + bytes(rng.getrandbits(8) for _ in range(n_bytes))
    text = base64.b64encode(raw).decode()
    return [text[i : i + 64] for i in range(0, len(text), 64)]


def luhn_ok(number: str) -> bool:
    digits = [int(c) for c in number if c.isdigit()]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def luhn_card(prefix: str, length: int) -> str:
    body = prefix + pick(DIGITS, length - len(prefix) - 1)
    for last in DIGITS:
        if luhn_ok(body + last):
            return body + last
    raise AssertionError


def iban_check(country: str, bban: str) -> str:
    digits = "".join(str(int(c, 36)) for c in bban + country + "00")
    return f"{98 - int(digits) % 97:02d}"


def iban_ok(iban: str) -> bool:
    s = iban.replace(" ", "").upper()
    return int("".join(str(int(c, 36)) for c in s[4:] + s[:4])) % 97 == 1


def make_iban(country: str, bban: str) -> str:
    iban = country + iban_check(country, bban) + bban
    assert iban_ok(iban)
    return iban


def grouped(value: str, size: int = 4) -> str:
    return " ".join(value[i : i + size] for i in range(0, len(value), size))


# -- records --------------------------------------------------------------------------------

ROWS: list[dict[str, Any]] = []
PII = {"email", "email_obfuscated", "phone_us", "phone_intl", "card", "iban"}


def P(kind: str, template: str, **fills: str) -> None:
    """A positive: ``template`` filled in; the fills of type :class:`S` are its secrets."""
    text = template.format(**fills)
    secrets = [str(v) for v in fills.values() if isinstance(v, S)]
    assert secrets, template
    ROWS.append(
        {
            "text": text,
            "kind": kind,
            "category": "pii" if kind in PII else "secret",
            "secrets": secrets,
        }
    )


def N(trap: str, text: str) -> None:
    """A negative: an ordinary turn that must come out unchanged; ``trap`` is what it holds."""
    ROWS.append({"text": text, "kind": trap, "category": "negative", "secrets": []})


# ---- secrets: provider API keys ----------------------------------------------------------

P(
    "openai_key",
    "my openai key {k} stopped working after I rotated the org, any idea why?",
    k=openai_project(),
)
P(
    "openai_key",
    'client = OpenAI(api_key="{k}")\nresp = client.chat.completions.create(...)',
    k=openai_legacy(),
)
P(
    "openai_key",
    "{k} <- that's the service account key, it gets 429 on every request",
    k=openai_project("sk-svcacct-"),
)
P(
    "openai_key",
    "Is it safe to paste my admin key ({k}) into the n8n credential field?",
    k=openai_project("sk-admin-"),
)
P(
    "openai_key",
    "export OPENAI_API_KEY={k}\npython app.py\nTraceback (most recent call last):",
    k=openai_project(),
)
P(
    "openai_key",
    "the old key was {k}. the new one works but this one still shows as active",
    k=openai_legacy(),
)

P(
    "anthropic_key",
    "Claude API returns 401 with the key {k} even though the console says it's valid",
    k=anthropic(),
)
P(
    "anthropic_key",
    'headers = {{"x-api-key": "{k}", "anthropic-version": "2023-06-01"}}',
    k=anthropic(),
)
P(
    "anthropic_key",
    "Rotated our admin key yesterday, new one is {k}; please update the vault entry",
    k=anthropic("sk-ant-admin01-"),
)
P("anthropic_key", "ANTHROPIC_API_KEY={k}", k=anthropic())
P("anthropic_key", "can you check why {k} is rate limited so fast? we barely use it", k=anthropic())

P(
    "aws_keys",
    "[default]\naws_access_key_id = {i}\naws_secret_access_key = {s}\nregion = eu-west-1",
    i=aws_id(),
    s=aws_secret(),
)
P(
    "aws_keys",
    "I'm getting SignatureDoesNotMatch with access key {i} and secret {s}, what am I doing wrong",
    i=aws_id(),
    s=aws_secret(),
)
P(
    "aws_keys",
    's3 = boto3.client("s3", aws_access_key_id="{i}", aws_secret_access_key="{s}")',
    i=aws_id(),
    s=aws_secret(),
)
P(
    "aws_keys",
    "export AWS_ACCESS_KEY_ID={i}\nexport AWS_SECRET_ACCESS_KEY={s}\nexport AWS_SESSION_TOKEN={t}",
    i=aws_id("ASIA"),
    s=aws_secret(),
    t=S("IQoJb3JpZ2luX2VjE" + pick(B64, 280)),
)
P(
    "aws_keys",
    "GitGuardian flagged {i} in our repo. Is an access key id alone dangerous?",
    i=aws_id(),
)
P(
    "aws_keys",
    '{{"AccessKeyId": "{i}", "SecretAccessKey": "{s}", "Expiration": "2025-01-09T12:00:00Z"}}',
    i=aws_id("ASIA"),
    s=aws_secret(),
)

P(
    "github_token",
    "git push keeps asking for a password, I put {k} in and it says bad credentials",
    k=github("ghp_"),
)
P("github_token", "our runner uses {k} for the checkout step", k=github("ghs_"))
P(
    "github_token",
    "here's the fine grained PAT: {k}\nit only has contents:read on one repo",
    k=github("github_pat_"),
)
P("github_token", "GITHUB_TOKEN: {k}  # TODO move to secrets", k=github("ghp_"))
P(
    "github_token",
    "the oauth app gave back access_token={k}&scope=repo&token_type=bearer? is that normal",
    k=github("gho_"),
)
P(
    "github_token",
    "git remote set-url origin https://{k}@github.com/acme/infra.git",
    k=github("ghp_"),
)

P(
    "gitlab_token",
    "I created a project access token {k} but the pipeline still gets 403",
    k=gitlab(),
)
P(
    "gitlab_token",
    'curl --header "PRIVATE-TOKEN: {k}" "https://gitlab.example.com/api/v4/projects"',
    k=gitlab(),
)
P("gitlab_token", "gitlab-runner register --url https://gitlab.com --token {k}", k=gitlab("glrt-"))
P(
    "gitlab_token",
    "Deploy token for the registry is {k}, username gitlab+deploy-token-41",
    k=gitlab("gldt-"),
)
P(
    "gitlab_token",
    "trigger it with curl -X POST -F token={k} -F ref=main https://gitlab.com/api/v4/projects/9/trigger/pipeline",
    k=gitlab("glptt-"),
)

P(
    "google_api_key",
    "Maps JavaScript API says RefererNotAllowedMapError for key {k}",
    k=google_key(),
)
P(
    "google_api_key",
    '<script src="https://maps.googleapis.com/maps/api/js?key={k}&callback=initMap"></script>',
    k=google_key(),
)
P(
    "google_api_key",
    "GEMINI_API_KEY={k} is set but genai still says API key not valid",
    k=google_key(),
)
P(
    "google_api_key",
    "The OAuth client secret it downloaded is {k} - do I put that in the frontend?",
    k=S("GOCSPX-" + pick(URLSAFE, 28)),
)
P(
    "google_api_key",
    "firebaseConfig = {{ apiKey: '{k}', authDomain: 'demo-app.firebaseapp.com' }}",
    k=google_key(),
)

P("hf_token", "huggingface-cli login --token {k}", k=hf())
P("hf_token", "I can't download the gated llama weights even with my token {k}", k=hf())
P("hf_token", "HF_TOKEN={k} python train.py --model meta-llama/Llama-3.1-8B", k=hf())
P("hf_token", "Here is the write token for the org: {k}. Push the adapter when done.", k=hf())

P("slack_token", "the bot token {k} works in Postman but not from the lambda", k=slack_bot())
P("slack_token", "SLACK_BOT_TOKEN={k}\nSLACK_APP_TOKEN={a}", k=slack_bot(), a=slack_app())
P(
    "slack_token",
    "The webhook is https://hooks.slack.com/services/T0{t}/B0{b}/{k} and it returns "
    "invalid_payload",
    t=pick(UPPER_DIGITS, 8),
    b=pick(UPPER_DIGITS, 9),
    k=opaque(24),
)
P("slack_token", "why does my user token {k} not have chat:write?", k=slack_user())
P("slack_token", "socket mode needs {k}, right? it connects then drops", k=slack_app())

P(
    "sendgrid_key",
    "sendgrid says 'The provided authorization grant is invalid' for {k}",
    k=sendgrid(),
)
P("sendgrid_key", "SENDGRID_API_KEY='{k}'", k=sendgrid())
P("sendgrid_key", "sg.send(message) fails; I init with SendGridAPIClient('{k}')", k=sendgrid())
P("sendgrid_key", "key: {k} (full access, created by Tom, please restrict)", k=sendgrid())

P("stripe_key", "Stripe.api_key = '{k}'", k=stripe("sk_live_", new=False))
P("stripe_key", "In test mode I use {k} and the webhook never fires", k=stripe("sk_test_"))
P("stripe_key", "restricted key for the reporting job: {k}", k=stripe("rk_live_"))
P(
    "stripe_key",
    "My endpoint secret is {k} and constructEvent throws No signatures found",
    k=stripe("whsec_"),
)
P(
    "stripe_key",
    "STRIPE_SECRET_KEY={k}\nSTRIPE_WEBHOOK_SECRET={w}",
    k=stripe("sk_live_"),
    w=stripe("whsec_"),
)

P(
    "twilio_key",
    "Twilio client = Client('{k}', '{s}', account_sid='{sid}')",
    k=twilio_key(),
    s=hex32(),
    sid=twilio_sid(),
)
P(
    "twilio_key",
    "account {sid}, auth token {t} - SMS sending returns 20003",
    sid=twilio_sid(),
    t=hex32(),
)
P("twilio_key", "TWILIO_API_KEY={k}\nTWILIO_API_SECRET={s}", k=twilio_key(), s=opaque(32))
P(
    "twilio_key",
    "curl -u {k}:{s} https://api.twilio.com/2010-04-01/Accounts.json",
    k=twilio_key(),
    s=opaque(32),
)

# ---- secrets: named secrets, URL passwords, tokens, keys ---------------------------------

P("keyword_secret", "DB_PASSWORD={k}", k=S("Blu3Wh4le$ea"))
P(
    "keyword_secret",
    "my password is {k} and it still says invalid credentials",
    k=S("Sunfl0wer!2024"),
)
P(
    "keyword_secret",
    "config.yaml:\n  database:\n    user: app\n    password: {k}\n    host: db.internal",
    k=S("q8#Lm2vZ!pR7"),
)
P("keyword_secret", '{{"client_id": "web-portal", "client_secret": "{k}"}}', k=S(pick(ALNUM, 32)))
P("keyword_secret", "api_key: {k}", k=S(pick(HEX, 32)))
P(
    "keyword_secret",
    "set SECRET_KEY = '{k}' in settings.py, is that long enough?",
    k=S("django-insecure-" + pick(ALNUM + "!@#%^&*(-_=+)", 50)),
)
P("keyword_secret", "The wifi password is {k} btw", k=S("correcthorsebattery"))
P("keyword_secret", "login: mkowalski / pass: {k}", k=S("Qwerty!234"))
P("keyword_secret", "mysql -u root -p{k} -h 127.0.0.1", k=S("Tr0ub4dor&3"))
P("keyword_secret", 'apiKey = "{k}";', k=S(pick(ALNUM, 40)))
P("keyword_secret", "the admin password for the router is {k}", k=S("Winter2023!"))
P("keyword_secret", "JWT_SECRET={k}", k=S(pick(ALNUM, 48)))
P(
    "keyword_secret",
    "Here's my .env:\nPORT=3000\nNODE_ENV=production\nSESSION_SECRET={k}\n",
    k=S(pick(HEX, 64)),
)
P("keyword_secret", "passwd: {k}", k=S("m0nkey_Island#7"))
P(
    "keyword_secret",
    "I changed it to {k} like you said, password now has a symbol and a number",
    k=S("Brompton#88"),
)
P("keyword_secret", "X-API-Key: {k}", k=S(pick(ALNUM, 36)))

P(
    "url_password",
    "DATABASE_URL=postgres://app_user:{p}@db.prod.internal:5432/orders",
    p=S("pg-Secr3t-99"),
)
P(
    "url_password",
    "mongodb+srv://admin:{p}@cluster0.x7k2q.mongodb.net/?retryWrites=true",
    p=S("N0tMyRealPa55"),
)
P(
    "url_password",
    "I can open https://jenkins:{p}@ci.example.com/job/build but not via curl",
    p=S("buildB0t2023"),
)
P("url_password", "redis://:{p}@10.0.3.17:6379/0 - connection refused", p=S("r3dis-cache-k3y"))
P(
    "url_password",
    "try ftp://upload:{p}@files.example.org/incoming/ with passive mode",
    p=S("ftpUp!oad77"),
)
P(
    "url_password",
    "sqlalchemy url: mysql+pymysql://report:{p}@localhost/analytics?charset=utf8mb4",
    p=S("R%40port2024"),
)
P(
    "url_password",
    "amqp://rabbit_app:{p}@mq.internal:5672/%2F keeps timing out",
    p=S("hopHop-Bunny5"),
)
P(
    "url_password",
    "The proxy is http://jsmith:{p}@proxy.corp.local:3128 and pip can't get through it",
    p=S("Autumn2024x"),
)
P("url_password", "smtp://noreply:{p}@smtp.mailgun.org:587", p=S("mailGunPw-4471"))
P(
    "url_password",
    "Cloning with https://deploy:{p}@git.example.com/team/site.git works locally",
    p=S("D3ployMe!"),
)

P("jwt", "decode this for me: {t}", t=jwt({"sub": "1029384756", "name": "demo", "iat": 1716239022}))
P(
    "jwt",
    "Authorization: Bearer {t}",
    t=jwt({"sub": "u_81723", "role": "admin", "exp": 1735689600}, "RS256"),
)
P(
    "jwt",
    "my session cookie is session={t}; Path=/; HttpOnly and the server says expired",
    t=jwt({"uid": 4417, "exp": 1718000000}),
)
P("jwt", "https://app.example.com/verify?token={t}", t=jwt({"email_verified": False, "sid": "a81"}))
P(
    "jwt",
    "{t}\n\nwhy does jwt.io say invalid signature for this one",
    t=jwt({"iss": "https://auth.example.com/", "aud": "api", "scope": "read:orders"}, "RS256"),
)
P(
    "jwt",
    'localStorage.setItem("id_token", "{t}")',
    t=jwt({"nonce": "n-0S6_WzA2Mj", "sub": "248289"}),
)

P("bearer_token", 'curl -H "Authorization: Bearer {t}" https://api.example.com/v2/me', t=opaque(40))
P("bearer_token", "authorization: bearer {t}", t=S(pick(URLSAFE, 52)))
P(
    "bearer_token",
    "The access token I got back is ya29.{t} - it expires in 3599s",
    t=S("a0AfB_by" + pick(URLSAFE, 140)),
)
P("bearer_token", "Bearer {t} works in Insomnia but 401 from axios", t=opaque(64))
P("bearer_token", 'headers: {{ Authorization: "Bearer {t}" }}', t=S(pick(HEX, 48)))
P(
    "bearer_token",
    "the API wants an Authorization header, I'm sending Bearer {t}. still forbidden",
    t=S(pick(ALNUM, 32) + "=="),
)

P("lifelong_token", "lifelong token create --scope record printed {t}, where do I put it?", t=llt())
P("lifelong_token", 'curl -H "Authorization: Bearer {t}" http://localhost:8800/v1/turns', t=llt())
P("lifelong_token", "LIFELONG_TOKEN={t}", t=llt())
P("lifelong_token", "this admin token {t} leaked in a screenshot, how do I revoke it?", t=llt())
P("lifelong_token", "I pass {t} but get 403 on /personas", t=llt())
P("lifelong_token", "token: {t}\npersona: ferry-captain", t=llt())


def pem(kind: str, prefix: bytes, n: int, *, end: bool = True, sep: str = "\n") -> tuple[str, ...]:
    lines = pem_body(prefix, n)
    block = sep.join(
        [f"-----BEGIN {kind}-----", *lines] + ([f"-----END {kind}-----"] if end else [])
    )
    return block, *lines


def P_key(template: str, block: tuple[str, ...]) -> None:
    text = template.format(k=block[0])
    ROWS.append(
        {"text": text, "kind": "private_key", "category": "secret", "secrets": list(block[1:])}
    )


P_key(
    "Here's the key that ssh rejects:\n{k}\nit says invalid format",
    pem("OPENSSH PRIVATE KEY", b"openssh-key-v1\x00\x00\x00\x00\x04none", 360),
)
P_key("{k}", pem("RSA PRIVATE KEY", b"\x30\x82\x04\xa4\x02\x01\x00\x02\x82\x01\x01\x00", 1180))
P_key(
    "nginx: [emerg] cannot load certificate key, this is the file:\n\n{k}\n",
    pem("EC PRIVATE KEY", b"\x30\x77\x02\x01\x01\x04\x20", 110),
)
P_key(
    '"private_key": "{k}\\n",', pem("PRIVATE KEY", b"\x30\x82\x04\xbd\x02\x01\x00", 400, sep="\\n")
)
P_key(
    "pasted it all on one line by accident: {k} - can you reformat it?",
    pem("PRIVATE KEY", b"\x30\x81\x87\x02\x01\x00", 130, sep=" "),
)
P_key(
    "first few lines of my deploy key (the rest is the same format):\n{k}\n...",
    pem("OPENSSH PRIVATE KEY", b"openssh-key-v1\x00\x00\x00\x00\x04none", 150, end=False),
)
P_key("gpg --import keeps failing on\n{k}", pem("PGP PRIVATE KEY BLOCK", b"\x95\x03\xc6\x04", 200))

# ---- PII: e-mail ------------------------------------------------------------------------

P("email", "Please send the invoice to {e}", e=S("maria.gonzalez84@gmail.com"))
P(
    "email",
    "{e} is my work address, use that one for the meeting invite",
    e=S("j.okafor@brightline-legal.com"),
)
P(
    "email",
    "can you draft a reply to Lena <{e}> saying we'll ship Monday?",
    e=S("lena.schmidt@example.de"),
)
P("email", "My login email is {e}.", e=S("Tom.Nguyen+shop@outlook.com"))
P("email", "cc: {e}, {f}", e=S("ops-team@mail.eu.example.net"), f=S("r.patel@example.co.uk"))
P("email", "mailto:{e}?subject=Refund", e=S("kevin_obrien1990@yahoo.ie"))
P("email", "The account ({e}) was locked after three attempts", e=S("sanne.devries@ziggo.nl"))
P("email", "write to me at {e} if the link doesn't work!", e=S("ALEX.KIM@PROTONMAIL.COM"))
P("email", "From: {e}\nSubject: re: lease renewal", e=S("priya.raman@landmark-homes.in"))
P("email", "email={e}&newsletter=1", e=S("chen.wei@example.cn"))
P("email", "my old address {e} bounces now", e=S("bjorn.eriksson@telia.se"))
P("email", "is {e} a valid address? the form rejects it", e=S("o'connor.m@example.ie"))

P("email_obfuscated", "reach me at {e}", e=S("john dot smith at gmail dot com"))
P(
    "email_obfuscated",
    "My email is {e} (written like that because of spam bots)",
    e=S("anna.berg [at] firma [dot] se"),
)
P("email_obfuscated", "contact: {e}", e=S("hello(at)studio-nord(dot)de"))
P("email_obfuscated", "You can email Pete at {e}.", e=S("pete AT example DOT org"))
P("email_obfuscated", "{e} is where the reports go", e=S("m.rossi at libero dot it"))
P("email_obfuscated", "send your CV to {e}", e=S("jobs{at}greenleaf-bakery{dot}co{dot}uk"))
P(
    "email_obfuscated",
    "ping me on {e} if anything breaks over the weekend",
    e=S("d.mueller at posteo.de"),
)
P("email_obfuscated", "Her address: {e}", e=S("sarah_lee at hotmail dot com"))
P("email_obfuscated", "email me - {e}", e=S("raj.k [at] yahoo [.] com"))
P("email_obfuscated", "questions to {e} please", e=S("info <at> harbourside-dental <dot> com"))

# ---- PII: phones ------------------------------------------------------------------------

P("phone_us", "Call me at {p} after 5", p=S("(415) 555-0132"))
P("phone_us", "my cell is {p}.", p=S("415-555-0198"))
P("phone_us", "{p} is the number on file, can you update it", p=S("212.555.0147"))
P("phone_us", "text {p} when you're outside", p=S("6465550183"))
P("phone_us", "Phone: {p}", p=S("+1 312 555 0116"))
P("phone_us", "They said to call {p} ext. 204 for billing", p=S("1-800-555-0199"))
P("phone_us", "emergency contact (my sister) - {p}", p=S("+1-617-555-0175"))
P("phone_us", "whatsapp me on {p}", p=S("+14155550162"))
P("phone_us", "can you format this for the flyer: call {p} to book", p=S("(212)555-0108"))
P("phone_us", "The pharmacy number is {p}, ask for Dana", p=S("305 555 0141"))
P("phone_us", "front desk is {p}", p=S("555-0143"))
P("phone_us", "I live in Austin, my number's {p}", p=S("512-555-0190"))

P("phone_intl", "My UK number is {p}", p=S("+44 20 7946 0321"))
P("phone_intl", "mobile: {p}", p=S("07700 900461"))
P("phone_intl", "ruf mich an: {p}", p=S("+49 30 12345678"))
P("phone_intl", "Meine Handynummer ist {p}.", p=S("0151 23456789"))
P("phone_intl", "call the Munich office on {p} tomorrow", p=S("+49 (0)89 2180 1234"))
P("phone_intl", "appelle-moi au {p} stp", p=S("06 12 34 56 78"))
P("phone_intl", "{p} - that's my French mobile", p=S("+33 6 12 34 56 78"))
P("phone_intl", "Aussie number: {p}", p=S("+61 491 570 156"))
P("phone_intl", "my number in Mumbai is {p}", p=S("+91 98200 12345"))
P("phone_intl", "携帯は {p} です", p=S("090-1234-5678"))
P("phone_intl", "Tokyo office: {p}", p=S("+81 3-1234-5678"))
P("phone_intl", "WhatsApp {p} (Brazil)", p=S("+55 11 98765-4321"))
P("phone_intl", "llámame al {p}", p=S("+34 612 345 678"))
P("phone_intl", "our Dublin number is {p}.", p=S("+353 1 555 0123"))
P("phone_intl", "The delivery driver's number: {p}", p=S("+31 6 12345678"))
P("phone_intl", "contact in Singapore {p}", p=S("+65 9123 4567"))
P("phone_intl", "dial {p} from abroad", p=S("0044 7700 900123"))
P("phone_intl", "Roma: {p}", p=S("+39 06 6988 1234"))

# ---- PII: cards -------------------------------------------------------------------------

P("card", "card number {c}, exp 09/27, cvc 123", c=S("4242 4242 4242 4242"))
P("card", "I was charged twice on {c}", c=S("5555555555554444"))
P("card", "Use my amex {c} for the hotel", c=S("3782 822463 10005"))
P("card", "{c} keeps getting declined on checkout", c=S("4000-0566-5566-5556"))
P("card", "My Discover card is {c}.", c=S("6011 1111 1111 1117"))
P("card", "can you check if {c} is a valid number? it's a Mastercard", c=S("2223003122003222"))
P("card", "pay with {c} exp 11/26", c=S(grouped(luhn_card("4", 16))))
P("card", "the last card I used was {c}", c=S(luhn_card("51", 16)))
P("card", "JCB: {c}", c=S("3530 1113 3330 0000"))
P("card", "Visa {c} (my wife's) was stolen, what do I do", c=S(grouped(luhn_card("45", 16))))
P(
    "card",
    "card: {c}\nname: on file\nzip: 94107",
    c=S("-".join(grouped(luhn_card("53", 16)).split())),
)
P("card", "diners club {c} still accepted?", c=S("3622 720627 1667"))

# ---- PII: IBANs -------------------------------------------------------------------------

generated_ibans = [
    make_iban("DE", pick(DIGITS, 8) + pick(DIGITS, 10)),
    make_iban("GB", "BARC" + pick(DIGITS, 6) + pick(DIGITS, 8)),
    make_iban("AT", pick(DIGITS, 16)),
    make_iban("CH", pick(DIGITS, 5) + pick(DIGITS, 12)),
    make_iban("IE", "AIBK" + pick(DIGITS, 14)),
    make_iban("DE", pick(DIGITS, 18)),
]
published = [
    "DE89 3704 0044 0532 0130 00", "GB29 NWBK 6016 1331 9268 19",
    "FR14 2004 1010 0505 0001 3M02 606", "ES91 2100 0418 4502 0005 1332",
    "NL91 ABNA 0417 1643 00", "BE68 5390 0754 7034", "IT60 X054 2811 1010 0000 0123 456",
    "PL61 1090 1014 0000 0712 1981 2874", "NO93 8601 1117 947",
]  # fmt: skip
assert all(iban_ok(i) for i in published)

P("iban", "please transfer the deposit to {i}", i=S(grouped(generated_ibans[0])))
P("iban", "IBAN: {i}", i=S(published[1]))
P("iban", "my iban is {i}", i=S(generated_ibans[2].lower()))
P("iban", "{i} - that's the account for the rent", i=S(generated_ibans[1]))
P("iban", "Virement sur {i} svp", i=S(published[2]))
P("iban", "el IBAN es {i}.", i=S(published[3].replace(" ", "")))
P("iban", "Rechnung bitte an IBAN {i}, BIC COBADEFFXXX", i=S(published[0]))
P("iban", "Is {i} right? the bank app says invalid", i=S(grouped(generated_ibans[3]).lower()))
P("iban", "paying from {i} (ABN AMRO)", i=S(published[4]))
P("iban", "refund to: {i}", i=S(generated_ibans[4]))
P("iban", "Conto: {i}", i=S(published[6].replace(" ", "")))
P("iban", "mine is {i}, account name M. Kowalski", i=S(published[7]))
P("iban", "belgian account {i}", i=S(published[5].lower()))
P("iban", "Kontonummer (IBAN) {i} bei der Sparkasse", i=S(grouped(generated_ibans[5])))

# ---- negatives: ordinary turns ----------------------------------------------------------


def sha(n: int = 40) -> str:
    return pick(HEX, n)


def uid() -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


negatives: list[tuple[str, str]] = [
    # order, invoice, booking, tracking numbers
    ("order_number", f"Where is my order #112-{pick(DIGITS, 7)}-{pick(DIGITS, 7)}? "
                     "It said 2-day shipping."),
    ("order_number", "order 4471920 arrived with a cracked screen, how do I return it"),
    ("order_number", "Invoice INV-2024-000183 is still unpaid according to accounting"),
    ("order_number", "Your booking reference is 4471 2290 1834, does that look like a "
                     "Ryanair one?"),
    ("order_number", "PO number 45000123987 needs approval before Friday"),
    ("order_number", "case number 24-CV-01873 was assigned to Judge Miller's court"),
    ("order_number", "the ticket I opened was #883012, nobody answered"),
    ("tracking_number", "UPS tracking 1Z999AA10123456784 hasn't moved since Tuesday"),
    ("tracking_number", "USPS says 9400 1000 0000 0000 0000 00 was delivered but it wasn't"),
    ("tracking_number", "FedEx 7749 1234 5678 - stuck in Memphis"),
    ("tracking_number", "DHL waybill JD014600003828410880, customs hold"),
    ("tracking_number", "Royal Mail tracking: AB123456789GB"),
    # prices, money, quantities
    ("price", "Is $1,299.99 a good price for the 14-inch MacBook Pro?"),
    ("price", "the quote came to € 4.250,00 incl. VAT, way over budget"),
    ("price", "split 187.50 four ways, with 18% tip"),
    ("price", "salary went from 85,000 to 92,500 - is that a 9% raise?"),
    ("price", "a loan of 250000 at 6.5% over 30 years, what's the monthly payment?"),
    ("price", "it cost ¥12,800 in Osaka and £89.99 here"),
    ("price", "Budget: 3,450,000 SEK for phase 1, 1,200,000 SEK for phase 2"),
    # dates and times
    ("date", "the deadline is 2024-03-15, can we move it to 2024-04-01?"),
    ("date", "born 15/03/1987, how old am I in days?"),
    ("date", "log line: 2024-03-15T14:32:07.118Z ERROR worker-3 timeout after 30000 ms"),
    ("date", "convert unix time 1710513127 to a date please"),
    ("date", "meeting moved to Thu 9:00-10:30, room 4.12"),
    ("date", "From 1998-2004 I lived in Lisbon, then 2004-2011 in Porto"),
    ("date", "cron: 0 3 * * 1-5 /usr/local/bin/backup.sh"),
    ("date", "20240315 is the build date in the filename, is that YYYYMMDD?"),
    # versions
    ("version", "upgraded from Python 3.11.7 to 3.12.1 and numpy 1.26.4 broke"),
    ("version", "pip install requests==2.31.0 urllib3<2"),
    ("version", "release 1.2.3-rc.1+build.456 fails semver validation?"),
    ("version", "node v20.11.0, npm 10.2.4, on macOS 14.3.1"),
    ("version", "kernel 6.5.0-1014-azure panics on boot"),
    ("version", "Chrome 122.0.6261.112 renders the font wrong"),
    ("version", '"@types/node": "^20.11.5", "typescript": "~5.3.3"'),
    # ISBN, EAN, SKU, serials
    ("isbn", "Do you have ISBN 978-0-306-40615-7 in stock?"),
    ("isbn", "the old edition is 0-306-40615-2, the new one 9780306406157"),
    ("isbn", "ISBN-13: 978-1-4028-9462-6"),
    ("barcode", "barcode on the jar says 4006381333931"),
    ("barcode", "SKU 887276-54321-0 shows out of stock"),
    ("serial", "serial number SN-4829-1739-22 is out of warranty?"),
    ("serial", "Part no. 0451-203-117 replaces 0451 103 316"),
    ("serial", "my Dell service tag is 7XK2P93, express code 16485522387"),
    ("serial", "VIN 1HGCM82633A004352 - can you decode the model year?"),
    # hex, hashes, ids
    ("hex_colour", "use #1e90ff for links and #FFF on #222 for the footer"),
    ("hex_colour", "background: linear-gradient(90deg, #ff7e5f 0%, #feb47b 100%);"),
    ("git_sha", f"the regression came in with commit {sha()}, reverting it fixes the test"),
    ("git_sha", f"git cherry-pick {sha(7)} {sha(7)}"),
    ("git_sha", f"Merge pull request #4127 from acme/fix-retry\n\ncommit {sha()}\nAuthor: ci-bot"),
    ("git_sha", f"HEAD is now at {sha(12)} Bump version to 2.4.0"),
    ("uuid", f"bug: request {uid()} returns 500, trace id {uid()}"),
    ("uuid", f'{{"id": "{uid()}", "status": "failed", "retries": 3}}'),
    ("uuid", f"DELETE /api/v1/projects/{uid()} returns 404"),
    ("hash", f"sha256sum of the ISO should be {sha(64)}, mine differs"),
    ("hash", f"md5 {sha(32)} matches the one on the download page"),
    ("hash", "docker pull nginx@sha256:" + sha(64)),
    ("hash", f"etag: \"{sha(32)}\""),
    ("ip", "ping 192.168.1.254 works but 10.0.0.1 times out"),
    ("ip", "IPv6 is 2001:db8:85a3::8a2e:370:7334, MAC 00:1A:2B:3C:4D:5E"),
    ("ip", "listen 0.0.0.0:8080; proxy_pass http://127.0.0.1:3000;"),
    ("error_code", "Windows update fails with 0x80070005"),
    ("error_code", "HTTP 404 on /static/app.3f9a1c2e.js after deploy"),
    ("error_code", "ORA-12541: TNS:no listener, port 1521"),
    # math, numbers
    ("math", "what is 12345 * 6789?"),
    ("math", "solve 3x + 7 = 22 and 2x - y = 5"),
    ("math", "2^32 = 4294967296, so why does my int overflow at 2147483647?"),
    ("math", "compute 123456789012345678 mod 97"),
    ("math", "the first digits of pi are 3.14159265358979323846"),
    ("math", "Fibonacci: 1 1 2 3 5 8 13 21 34 55 89 144 233"),
    ("math", "is 4111111111111110 prime? just curious about big numbers"),
    ("math", "sum of 1250, 3400, 875 and 2210 please"),
    ("math", "the matrix [[1, 2, 3], [4, 5, 6], [7, 8, 9]] has determinant 0 right?"),
    ("number", "population of NYC is 8,336,817 according to the 2022 estimate"),
    ("number", "coordinates 40.7128, -74.0060 - what's there?"),
    ("number", "the file is 1,073,741,824 bytes, is that exactly 1 GiB?"),
    ("number", "flight UA 1543 departs gate B22 at 18:45"),
    ("number", "extension 4521, room 1204, building 3"),
    ("number", "score was 3-2 after extra time, attendance 61 482"),
    ("number", "ZIP 94103-1234 is in San Francisco?"),
    ("number", "Table 12.4.3 on page 312 shows the 95% CI as 0.82-1.14"),
    # addresses without personal data
    ("address", "the Empire State Building is at 350 Fifth Avenue, New York, NY 10118"),
    ("address", "Is 221B Baker Street a real address?"),
    ("address", "meet at the café on the corner of 5th and Main, near the post office"),
    ("address", "The Louvre: Rue de Rivoli, 75001 Paris"),
    ("address", "Ship to our warehouse, Unit 4, Riverside Industrial Estate"),
    # recipes
    ("recipe", "2 1/2 cups flour, 1 tsp baking soda, bake at 350°F for 25-30 minutes"),
    ("recipe", "for 4 people: 400 g pasta, 150 g guanciale, 4 yolks, 50 g pecorino"),
    ("recipe", "ratio 1:15 coffee to water, 18 g to 270 ml, 93°C"),
    ("recipe", "can I replace 250 ml buttermilk with 240 ml milk + 1 tbsp lemon juice?"),
    # code snippets
    ("code", "password = getpass.getpass('Password: ')"),
    ("code", 'api_key = os.environ["OPENAI_API_KEY"]'),
    ("code", "token = request.headers.get('Authorization', '').removeprefix('Bearer ')"),
    ("code", "def check_password(plain: str, hashed: bytes) -> bool:\n"
             "    return bcrypt.checkpw(plain.encode(), hashed)"),
    ("code", "const secret = process.env.JWT_SECRET;\nif (!secret) throw new Error('missing');"),
    ("code", "for i in range(10):\n    print(i * 2 + 1)"),
    ("code", "SELECT id, email FROM users WHERE created_at > '2024-01-01' LIMIT 50;"),
    ("code", 'password: ${DB_PASSWORD}\napi_key: ${API_KEY}'),
    ("code", "STRIPE_SECRET_KEY=<your-stripe-secret-key>"),
    ("code", "curl -H \"Authorization: Bearer $TOKEN\" https://api.example.com/v1/items"),
    ("code", "headers = {'Authorization': f'Bearer {access_token}'}"),
    ("code", "ssh -i ~/.ssh/id_ed25519 deploy@10.0.0.12"),
    ("code", "git clone git@github.com:acme/infra.git"),
    ("code", "@app.route('/login', methods=['POST'])\ndef login():"),
    ("code", "x = [0x1F, 0xA0, 0xFF]; mask = 0xFFFF0000"),
    ("code", "kubectl create secret generic db-creds --from-literal=password=$(cat pw.txt)"),
    ("code", "if len(password) < 12: raise ValueError('password too short')"),
    ("code", "<img src=\"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUl"
             "EQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==\">"),
    ("code", "regex for phone numbers like ^\\+?[0-9 ()-]{7,20}$ - does it allow letters?"),
    ("code", "assert iban.startswith('DE') and len(iban) == 22"),
    ("code", "Luhn check: double every second digit from the right, subtract 9 if > 9"),
    # URLs without credentials
    ("url", "see https://docs.python.org/3/library/re.html#re.sub"),
    ("url", "PR is up: https://github.com/acme/web/pull/4127/files"),
    ("url", "http://localhost:8080/api/v1/users?page=2&limit=50 returns an empty list"),
    ("url", "the reset link https://accounts.example.com/reset?step=2&lang=en is broken"),
    ("url", "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s"),
    ("url", "postgres://localhost:5432/mydb works, why does it ask for a password?"),
    ("url", "https://maps.google.com/?q=48.8584,2.2945"),
    ("url", "s3://my-bucket/logs/2024/03/15/app-1710513127.gz"),
    # "password", "token", "key" in ordinary sentences
    ("word", "I forgot my password again, how do I reset it?"),
    ("word", "the password reset email never arrived"),
    ("word", "How do I make a strong password that I can remember?"),
    ("word", "Password managers: 1Password vs Bitwarden?"),
    ("word", "my token expired and now the app logs me out every hour"),
    ("word", "where do I find my Stripe secret key in the dashboard?"),
    ("word", "What's the difference between a bearer token and a JWT?"),
    ("word", "How long should an RSA private key be in 2024, 2048 or 4096 bits?"),
    ("word", "AWS access key IDs start with AKIA, right? and temporary ones with ASIA?"),
    ("word", "JWTs always start with eyJ because that's base64 for {\""),
    ("word", "Is it OK to put API keys in a public GitHub repo if it's private later?"),
    ("word", "She gave him a small token of appreciation"),
    ("word", "how many tokens is 1000 words for GPT-4?"),
    ("word", "the bearer of bad news always gets blamed"),
    ("word", "my email was hacked, what should I do first?"),
    ("word", "what's a good format for phone numbers on a business card?"),
    ("word", "How do IBANs work and why do they have check digits?"),
    ("word", "Can someone steal money with just my credit card number?"),
    ("word", "password: the one we agreed on yesterday, don't write it here"),
    ("word", "The secret to good bread is time, not yeast."),
    ("word", "use ssh keys instead of passwords for the server"),
    ("word", "The private key never leaves the HSM, only signatures do."),
    ("word", "Reply to the sender at the address in the footer"),
    ("word", "meet me at the station at 6"),
    ("word", "the api key field is empty in settings, is that why it fails?"),
    # e-mail-like and phone-like things that are neither
    ("handle", "@maria can you review the PR before lunch?"),
    ("handle", "npm i @angular/core@17.1.2"),
    ("handle", "follow @nasa on X for launch updates"),
    ("handle", "the file is named report@2x.png"),
    ("phone_like", "the call lasted 00:14:32"),
    ("phone_like", "Temperatures ranged 12-18°C, humidity 40-60%"),
    ("phone_like", "chapters 1-3, 5-7 and 11-14 are required reading"),
    ("phone_like", "grid reference SU 123 456"),
    ("phone_like", "screen resolution 2560 x 1440 at 165 Hz"),
    ("phone_like", "the train leaves platform 9, coach 14, seats 21-24"),
    ("phone_like", "lot 2024 0315 0042 of the vaccine was recalled"),
    ("phone_like", "model number SM-G991B/DS 128GB"),
    ("phone_like", "CVE-2024-3094 affected xz 5.6.0 and 5.6.1"),
    ("phone_like", "RFC 9110 section 15.5.5, not RFC 2616"),
    ("card_like", "1234 5678 9012 3456 is the example number in the docs, right?"),
    ("card_like", "the meter reading is 0004 3821 7719 0056"),
    ("iban_like", "the IBAN field says DE plus 20 digits, mine only has 18"),
    ("iban_like", "Product code AB12 CD34 EF56 on the box"),
    # misc chat
    ("chat", "Can you summarise this article in 3 bullet points?"),
    ("chat", "translate 'good morning, how are you?' into Portuguese"),
    ("chat", "write a haiku about the sea at night"),
    ("chat", "what's the capital of Australia?"),
    ("chat", "my daughter is 7 and wants a hamster, pros and cons?"),
    ("chat", "Recommend three sci-fi books like The Expanse"),
]  # fmt: skip
for trap, text in negatives:
    N(trap, text)


def leaked(secret: str, out: str) -> bool:
    """As in bench/scrub.py: the secret, or 6 characters running of a long one, is in ``out``."""
    if secret in out:
        return True
    return len(secret) >= 10 and any(secret[i : i + 6] in out for i in range(len(secret) - 5))


def check(rows: list[dict[str, Any]]) -> None:
    """Each positive is scorable: once its secrets are gone, nothing of them is left by chance
    in the rest of the text (else a perfect scrubber would be counted as missing it)."""
    texts = set()
    for row in rows:
        assert row["text"] not in texts, row["text"]
        texts.add(row["text"])
        rest = row["text"]
        for secret in sorted(row["secrets"], key=len, reverse=True):
            assert secret in row["text"], (secret, row["text"])
            rest = rest.replace(secret, "[X]")
        for secret in row["secrets"]:
            assert not leaked(secret, rest), (secret, row["text"])
        if row["kind"] == "card":
            assert luhn_ok(row["secrets"][0]), row["text"]
        if row["kind"] == "iban":
            assert iban_ok(row["secrets"][0]), row["text"]


def main() -> int:
    check(ROWS)
    lines = [json.dumps(row, ensure_ascii=False) for row in ROWS]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    positives = [r for r in ROWS if r["category"] != "negative"]
    sys.stdout.write(
        f"{OUT}: {len(positives)} positives "
        f"({sum(r['category'] == 'secret' for r in positives)} secret, "
        f"{sum(r['category'] == 'pii' for r in positives)} pii), "
        f"{len(ROWS) - len(positives)} negatives\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
