# ruff: noqa: E501  (the turns are data: chat text is as long as people type it)
"""Writes ``blind.jsonl``: a third labelled corpus for ``bench/scrub.py``, written blind.

    python bench/data/scrub/make_blind.py

``corpus.jsonl`` and ``heldout.jsonl`` have both been used to tune the scrubber, so neither
says any more how it does on turns nobody tuned it for. This one was written without opening
the scrubber (``lifelong/learning/scrub.py``), its tests, the scripts that write the other two
corpora or their turns (only their record format): from public knowledge of what the
credentials and the personal data look like, typed as different people type them to a support
bot or a coding assistant (env files, JSON, YAML, shell history, logs, stack traces, URLs,
markdown tables, signatures, forwarded mail; some turns in German, French or Spanish).

Each record holds ``text``, ``kind`` (the kind names ``bench/scrub.py`` reports; ``negative``
for ordinary turns), ``category`` (``secret``, ``pii`` or ``negative``), ``secrets`` (every
sensitive value of the turn, exactly as it stands in the text: the turn counts as caught only
when none of them is left) and ``context`` (what the turn looks like; the bench ignores it).
Credentials of a vendor without a kind of its own (npm, PyPI, Azure, HTTP Basic) are
``keyword_secret``; database and broker URLs are ``url_password`` (the secret: the password).

Every value is fake: random characters in each vendor's public format from a fixed seed, so the
file is the same on every run; card numbers pass Luhn, IBANs pass mod 97 (and the national
check where the country has one: BE, ES, FR, IT, NL). The script checks that each secret stands
in its turn and that a scrubber replacing exactly the secrets would be scored as catching it
(no run of 6 characters of a secret is left elsewhere in the turn).
"""

from __future__ import annotations

import base64
import json
import random
import re
import string
import sys
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent / "blind.jsonl"
R = random.Random("lifelong-scrub-blind-corpus-v1")

UPPER = string.ascii_uppercase
LOWER = string.ascii_lowercase
DIGITS = string.digits
ALNUM = UPPER + LOWER + DIGITS
B64 = ALNUM + "+/"
B64URL = ALNUM + "-_"
HEX = "0123456789abcdef"

SECRET_KINDS = {
    "anthropic_key", "aws_keys", "bearer_token", "github_token", "gitlab_token",
    "google_api_key", "hf_token", "jwt", "keyword_secret", "lifelong_token", "openai_key",
    "private_key", "sendgrid_key", "slack_token", "stripe_key", "twilio_key", "url_password",
}  # fmt: skip
PII_KINDS = {"email", "email_obfuscated", "phone_us", "phone_intl", "card", "iban"}


def rs(alphabet: str, n: int) -> str:
    return "".join(R.choice(alphabet) for _ in range(n))


def digits(n: int) -> str:
    return R.choice("123456789") + rs(DIGITS, n - 1)


# -- credentials in their vendors' public formats ------------------------------------------


def openai(prefix: str = "sk-proj-") -> str:
    if prefix == "sk-":  # the older user keys: 20 + T3BlbkFJ + 20
        return "sk-" + rs(ALNUM, 20) + "T3BlbkFJ" + rs(ALNUM, 20)
    return prefix + rs(B64URL, 74) + "T3BlbkFJ" + rs(B64URL, 74)


def anthropic(kind: str = "api03") -> str:
    return f"sk-ant-{kind}-" + rs(B64URL, 93) + "AA"


def aws_id(prefix: str = "AKIA") -> str:
    return prefix + rs(UPPER + "234567", 16)


def aws_secret() -> str:
    return rs(B64, 40)


def github(prefix: str) -> str:
    if prefix == "github_pat":
        return "github_pat_11" + rs(UPPER + DIGITS, 20) + "_" + rs(ALNUM, 59)
    return prefix + "_" + rs(ALNUM, 36)


def google_key() -> str:
    return "AIza" + rs(B64URL, 35)


def hf() -> str:
    return "hf_" + rs(ALNUM, 34)


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def jwt(payload: dict[str, Any], alg: str = "HS256", sig: int = 43) -> str:
    head = b64url(json.dumps({"alg": alg, "typ": "JWT"}, separators=(",", ":")).encode())
    body = b64url(json.dumps(payload, separators=(",", ":")).encode())
    return f"{head}.{body}." + (rs(B64URL, sig) if sig else "")


def llt() -> str:
    return "llt_" + rs(HEX, 12) + "_" + rs(B64URL, 43)


def sendgrid() -> str:
    return "SG." + rs(B64URL, 22) + "." + rs(B64URL, 43)


def pem_lines(first: str, n: int, last: int) -> list[str]:
    """Body lines of a PEM block: ``first`` opens it, 64 characters a line, ``last`` at the end."""
    lines = [first + rs(B64, 64 - len(first))]
    lines += [rs(B64, 64) for _ in range(n - 2)]
    lines.append(rs(B64, last - 1) + "=")
    return lines


def body(lines: list[str], sep: str = "\n", indent: str = "") -> str:
    """The marks of a key's lines (``{{l0}}``, ``{{l1}}``, ...), to be filled by :func:`named`."""
    return sep.join(indent + "{{l" + str(i) + "}}" for i in range(len(lines)))


def named(lines: list[str]) -> dict[str, str]:
    return {f"l{i}": line for i, line in enumerate(lines)}


# -- personal data with valid checksums ----------------------------------------------------


def luhn_complete(partial: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(partial)):
        d = int(ch)
        if i % 2 == 0:  # the check digit will stand to the right: these get doubled
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return partial + str((10 - total % 10) % 10)


def luhn_ok(number: str) -> bool:
    ds = [int(c) for c in number if c.isdigit()]
    total = 0
    for i, d in enumerate(reversed(ds)):
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def card(prefix: str, length: int, groups: tuple[int, ...] | None, sep: str = " ") -> str:
    number = luhn_complete(prefix + rs(DIGITS, length - len(prefix) - 1))
    assert luhn_ok(number)
    if not groups:
        return number
    parts, i = [], 0
    for g in groups:
        parts.append(number[i : i + g])
        i += g
    assert i == length
    return sep.join(parts)


def iban_of(cc: str, bban: str) -> str:
    n = int("".join(str(int(c, 36)) for c in bban + cc + "00"))
    return f"{cc}{98 - n % 97:02d}{bban}"


def iban_ok(iban: str) -> bool:
    s = iban.replace(" ", "").upper()
    return int("".join(str(int(c, 36)) for c in s[4:] + s[:4])) % 97 == 1


def grouped(iban: str) -> str:
    return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))


def bban(cc: str) -> str:
    if cc == "DE":
        return rs(DIGITS, 8) + rs(DIGITS, 10)
    if cc == "AT":
        return rs(DIGITS, 16)
    if cc == "CH":
        return "00" + rs(DIGITS, 3) + rs(DIGITS, 12)
    if cc == "PL":
        return rs(DIGITS, 24)
    if cc == "GB":
        return R.choice(["MIDL", "BARC", "NWBK", "LOYD", "MONZ"]) + rs(DIGITS, 14)
    if cc == "IE":
        return R.choice(["AIBK", "BOFI"]) + rs(DIGITS, 14)
    if cc == "BE":  # bank 3 + account 7 + (first ten mod 97, 97 for 0)
        first = rs(DIGITS, 10)
        return first + f"{int(first) % 97 or 97:02d}"
    if cc == "NL":  # bank 4 letters + 10 digits passing the old Dutch eleven test
        while True:
            acct = rs(DIGITS, 10)
            if sum(int(d) * (10 - i) for i, d in enumerate(acct)) % 11 == 0:
                return R.choice(["ABNA", "INGB", "RABO", "TRIO"]) + acct
    if cc == "ES":  # entity 4, office 4, two control digits, account 10
        ent, off, acct = rs(DIGITS, 4), rs(DIGITS, 4), rs(DIGITS, 10)
        w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]

        def dc(s: str) -> str:
            v = 11 - sum(int(c) * w[i] for i, c in enumerate(s)) % 11
            return str({10: 1, 11: 0}.get(v, v))

        return ent + off + dc("00" + ent + off) + dc(acct) + acct
    if cc == "FR":  # bank 5, branch 5, account 11, RIB key 2
        bank, branch, acct = rs(DIGITS, 5), rs(DIGITS, 5), rs(DIGITS, 11)
        key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(acct)) % 97
        return f"{bank}{branch}{acct}{key:02d}"
    if cc == "IT":  # CIN letter, ABI 5, CAB 5, account 12
        abi_cab_acct = rs(DIGITS, 10) + rs(DIGITS, 12)
        odd = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21]
        total = sum(odd[int(c)] if i % 2 == 0 else int(c) for i, c in enumerate(abi_cab_acct))
        return UPPER[total % 26] + abi_cab_acct
    raise ValueError(cc)


def iban(cc: str) -> str:
    value = iban_of(cc, bban(cc))
    assert iban_ok(value), value
    return value


# -- the records ---------------------------------------------------------------------------

MARK = re.compile(r"\{\{([a-z0-9_]+)\}\}")
ROWS: list[dict[str, Any]] = []


def fill(text: str, vals: dict[str, str]) -> str:
    return MARK.sub(lambda m: vals[m.group(1)], text)


def P(kind: str, context: str, text: str, **vals: str) -> None:
    """A positive turn; every value named without a leading underscore is a secret."""
    assert kind in SECRET_KINDS | PII_KINDS, kind
    secrets = [v for k, v in vals.items() if not k.startswith("_")]
    assert secrets, text
    ROWS.append(
        {
            "text": fill(text, vals),
            "kind": kind,
            "category": "secret" if kind in SECRET_KINDS else "pii",
            "secrets": secrets,
            "context": context,
        }
    )


def N(context: str, text: str, **vals: str) -> None:
    ROWS.append(
        {
            "text": fill(text, vals),
            "kind": "negative",
            "category": "negative",
            "secrets": [],
            "context": context,
        }
    )


# ========================================== secrets ========================================

# -- openai_key --
P(
    "openai_key",
    "env_file",
    """quick q — is this .env format right? the app keeps saying the key is missing
```
# .env
OPENAI_API_KEY={{k}}
OPENAI_MODEL=gpt-4o-mini
LOG_LEVEL=debug
```""",
    k=openai(),
)
P(
    "openai_key",
    "code_js",
    """```js
import OpenAI from "openai";
const openai = new OpenAI({ apiKey: "{{k}}" });
const res = await openai.chat.create({ model: "gpt-4o", messages });
```
TypeError: Cannot read properties of undefined (reading 'create') — what am I doing wrong?""",
    k=openai("sk-svcacct-"),
)
P(
    "openai_key",
    "prose_de",
    "Hallo! Mein Key {{k}} geht seit heute Morgen nicht mehr, ich bekomme nur noch 429 insufficient_quota. Woran kann das liegen?",
    k=openai(),
)
P(
    "openai_key",
    "shell_history",
    """here's my history, the script worked yesterday:
  501  cd ~/projects/summarizer
  502  export OPENAI_API_KEY={{k}}
  503  python summarize.py --in notes/ --out out/
  504  history | tail -5""",
    k=openai("sk-"),
)
P(
    "openai_key",
    "yaml",
    """config.yaml:
llm:
  provider: openai
  model: gpt-4-turbo
  temperature: 0.2
  api_key: {{k}}
retriever:
  k: 6""",
    k=openai(),
)
P(
    "openai_key",
    "curl",
    """curl https://api.openai.com/v1/organization/users \\
  -H "Authorization: Bearer {{k}}" \\
  -H "Content-Type: application/json"
returns 403, is an admin key enough for this endpoint?""",
    k=openai("sk-admin-"),
)
P(
    "openai_key",
    "markdown_table",
    """| env | key | owner |
|---|---|---|
| staging | {{k1}} | data team |
| prod | {{k2}} | platform |

can you turn this into a terraform variables file?""",
    k1=openai(),
    k2=openai(),
)
P(
    "openai_key",
    "prose_es",
    "oye, ¿me ayudas? puse la clave {{k}} en el notebook de Colab y me sale 'You exceeded your current quota' aunque tengo saldo",
    k=openai("sk-None-"),
)
P(
    "openai_key",
    "json",
    """{
    "editor.fontSize": 14,
    "openai.apiKey": "{{k}}",
    "files.autoSave": "afterDelay"
}
this is my settings.json, the extension still asks for the key on every start""",
    k=openai("sk-"),
)

# -- anthropic_key --
P(
    "anthropic_key",
    "shell_rc",
    """~/.zshrc (relevant bit):
export PATH="$HOME/.local/bin:$PATH"
export ANTHROPIC_API_KEY="{{k}}"
alias k=kubectl""",
    k=anthropic(),
)
P(
    "anthropic_key",
    "code_py",
    """client = anthropic.Anthropic(api_key="{{k}}")
msg = client.messages.create(model="claude-3-5-sonnet-20240620", max_tokens=1024, messages=[{"role": "user", "content": "hi"}])
-> anthropic.AuthenticationError: Error code: 401 - invalid x-api-key""",
    k=anthropic(),
)
P(
    "anthropic_key",
    "json",
    """my claude_desktop_config.json, the server doesn't show up:
{
  "mcpServers": {
    "notes": {
      "command": "uvx",
      "args": ["notes-mcp"],
      "env": { "ANTHROPIC_API_KEY": "{{k}}" }
    }
  }
}""",
    k=anthropic(),
)
P(
    "anthropic_key",
    "log",
    "2024-06-11 10:22:01,482 DEBUG httpx: request headers={'x-api-key': '{{k}}', 'anthropic-version': '2023-06-01', 'content-type': 'application/json'}",
    k=anthropic(),
)
P(
    "anthropic_key",
    "prose_fr",
    "Bonjour, j'ai collé ma clé {{k}} dans le fichier config.toml mais l'outil me répond toujours 401. Vous pouvez vérifier ?",
    k=anthropic(),
)
P(
    "anthropic_key",
    "prose",
    "can an admin key ({{k}}) create new workspaces through the API, or is that console-only?",
    k=anthropic("admin01"),
)
P(
    "anthropic_key",
    "docker_compose",
    """services:
  worker:
    image: ghcr.io/acme/summarizer:1.8.2
    environment:
      - ANTHROPIC_API_KEY={{k}}
      - QUEUE_URL=redis://cache:6379/2""",
    k=anthropic(),
)

# -- aws_keys --
P(
    "aws_keys",
    "ini",
    """cat ~/.aws/credentials
[default]
aws_access_key_id = {{kid}}
aws_secret_access_key = {{sec}}

[staging]
region = eu-central-1

why does `aws s3 ls --profile staging` still use the default keys?""",
    kid=aws_id(),
    sec=aws_secret(),
)
P(
    "aws_keys",
    "csv",
    """I downloaded the csv from IAM, how do I put this into GitLab CI variables?
User name,Password,Access key ID,Secret access key,Console login link
ci-deployer,,{{kid}},{{sec}},https://{{_acct}}.signin.aws.amazon.com/console""",
    kid=aws_id(),
    sec=aws_secret(),
    _acct=digits(12),
)
P(
    "aws_keys",
    "json",
    """{
    "Credentials": {
        "AccessKeyId": "{{kid}}",
        "SecretAccessKey": "{{sec}}",
        "SessionToken": "{{tok}}",
        "Expiration": "2024-06-11T11:47:03+00:00"
    },
    "AssumedRoleUser": {
        "AssumedRoleId": "{{_role}}:session1",
        "Arn": "arn:aws:sts::{{_acct}}:assumed-role/deploy/session1"
    }
}
^ output of assume-role, how do I export these in one go?""",
    kid=aws_id("ASIA"),
    sec=aws_secret(),
    tok="IQoJb3JpZ2luX2VjE" + rs(B64, 380),
    _role=aws_id("AROA")[:21],
    _acct=digits(12),
)
P(
    "aws_keys",
    "code_py",
    """s3 = boto3.client(
    "s3",
    aws_access_key_id="{{kid}}",
    aws_secret_access_key="{{sec}}",
    region_name="us-west-2",
)
s3.upload_file("report.pdf", "acme-reports", "2024/06/report.pdf")  # AccessDenied??""",
    kid=aws_id(),
    sec=aws_secret(),
)
P(
    "aws_keys",
    "terraform",
    """provider "aws" {
  region     = "eu-west-1"
  access_key = "{{kid}}"
  secret_key = "{{sec}}"
}
terraform plan hangs at 'Refreshing state...' forever""",
    kid=aws_id(),
    sec=aws_secret(),
)
P(
    "aws_keys",
    "shell",
    "docker run --rm -e AWS_ACCESS_KEY_ID={{kid}} -e AWS_SECRET_ACCESS_KEY={{sec}} -e AWS_DEFAULT_REGION=us-east-1 amazon/aws-cli sts get-caller-identity",
    kid=aws_id(),
    sec=aws_secret(),
)
P(
    "aws_keys",
    "prose",
    "Security flagged the IAM user with access key {{kid}} as exposed in a public repo. How do I find out who owns it and what it can do?",
    kid=aws_id(),
)
P(
    "aws_keys",
    "prose_de",
    """Hier die Zugangsdaten vom Kunden:
Zugriffsschlüssel-ID: {{kid}}
Geheimer Zugriffsschlüssel: {{sec}}
Region: eu-central-1
Kannst du damit das Bucket-Listing testen?""",
    kid=aws_id(),
    sec=aws_secret(),
)
P(
    "aws_keys",
    "properties",
    """application.properties
cloud.aws.region.static=eu-west-2
cloud.aws.credentials.access-key={{kid}}
cloud.aws.credentials.secret-key={{sec}}
spring.servlet.multipart.max-file-size=20MB""",
    kid=aws_id(),
    sec=aws_secret(),
)

# -- github_token --
P(
    "github_token",
    "shell",
    "I did `git remote set-url origin https://{{t}}@github.com/acme-corp/infra.git` and now push works, but is that safe?",
    t=github("ghp"),
)
P(
    "github_token",
    "yaml",
    """~/.config/gh/hosts.yml
github.com:
    users:
        mkowalski:
            oauth_token: {{t}}
    git_protocol: https
    user: mkowalski""",
    t=github("gho"),
)
P(
    "github_token",
    "prose",
    "Made a fine-grained token {{t}} with Contents: read-only on acme/website, but `git clone` still gives 403. Does the org need to approve it?",
    t=github("github_pat"),
)
P(
    "github_token",
    "ci_log",
    """Run actions/checkout@v4
  with:
    repository: acme/api
    token: {{t}}
    ssh-strict: true
Syncing repository: acme/api
Error: fatal: could not read Username for 'https://github.com'""",
    t=github("ghs"),
)
P(
    "github_token",
    "code_py",
    """from github import Github
g = Github("{{t}}")
repo = g.get_repo("acme/api")
print(repo.get_pulls(state="open").totalCount)""",
    t=github("ghp"),
)
P(
    "github_token",
    "curl",
    'curl -H "Authorization: token {{t}}" "https://api.github.com/user/repos?per_page=100&page=2"',
    t=github("ghp"),
)
P(
    "github_token",
    "json",
    """renovate.json
{
  "extends": ["config:recommended"],
  "hostRules": [
    { "matchHost": "github.com", "token": "{{t}}" }
  ]
}""",
    t=github("ghp"),
)
P(
    "github_token",
    "log",
    "our GitHub App logs say `user-to-server token {{t}} expires_in=28800` – do I need to refresh it myself?",
    t=github("ghu"),
)
P(
    "github_token",
    "prose_es",
    "mi token de GitHub es {{t}} y no me deja hacer push a main, dice que la rama está protegida",
    t=github("ghp"),
)

# -- gitlab_token --
P(
    "gitlab_token",
    "curl",
    'curl --header "PRIVATE-TOKEN: {{t}}" "https://gitlab.acme.io/api/v4/projects?membership=true&per_page=50"',
    t="glpat-" + rs(B64URL, 20),
)
P(
    "gitlab_token",
    "shell",
    "git clone https://oauth2:{{t}}@gitlab.com/acme-group/backend/payments.git fails with 'HTTP Basic: Access denied'",
    t="glpat-" + rs(B64URL, 20),
)
P(
    "gitlab_token",
    "shell",
    "sudo gitlab-runner register --non-interactive --url https://gitlab.com/ --registration-token {{t}} --executor docker --docker-image alpine:3.19",
    t="GR1348941" + rs(B64URL, 20),
)
P(
    "gitlab_token",
    "toml",
    """/etc/gitlab-runner/config.toml
concurrent = 4
[[runners]]
  name = "hetzner-docker-01"
  url = "https://gitlab.com"
  token = "{{t}}"
  executor = "docker"
  [runners.docker]
    image = "python:3.12-slim"
jobs stay pending, runner shows as offline""",
    t="glrt-" + rs(B64URL, 20),
)
P(
    "gitlab_token",
    "shell",
    "docker login registry.gitlab.com -u gitlab+deploy-token-4471 -p {{t}}\n→ unauthorized: HTTP Basic: Access denied",
    t="gldt-" + rs(B64URL, 20),
)
P(
    "gitlab_token",
    "curl",
    "curl -X POST --fail -F token={{t}} -F ref=main https://gitlab.com/api/v4/projects/48213377/trigger/pipeline",
    t="glptt-" + rs(HEX, 40),
)
P(
    "gitlab_token",
    "prose_de",
    "Unser Projekt-Token {{t}} ist angeblich abgelaufen, obwohl als Ablaufdatum der 31.12.2025 eingetragen ist. Bug?",
    t="glpat-" + rs(B64URL, 20),
)

# -- google_api_key --
P(
    "google_api_key",
    "html",
    """<script async
  src="https://maps.googleapis.com/maps/api/js?key={{k}}&callback=initMap&libraries=places">
</script>
the map is grey and the console says RefererNotAllowedMapError""",
    k=google_key(),
)
P(
    "google_api_key",
    "code_py",
    """import google.generativeai as genai
genai.configure(api_key="{{k}}")
model = genai.GenerativeModel("gemini-1.5-flash")
print(model.generate_content("hello").text)""",
    k=google_key(),
)
P(
    "google_api_key",
    "json",
    """redirect_uri_mismatch again. here's my client_secret.json:
{"web":{"client_id":"{{_cid}}.apps.googleusercontent.com","project_id":"invoice-bot-4271","auth_uri":"https://accounts.google.com/o/oauth2/auth","token_uri":"https://oauth2.googleapis.com/token","client_secret":"{{s}}","redirect_uris":["http://localhost:8080/callback"]}}""",
    _cid=digits(12) + "-" + rs(LOWER + DIGITS, 32),
    s="GOCSPX-" + rs(B64URL, 28),
)
P(
    "google_api_key",
    "curl",
    'curl -H "Authorization: Bearer {{t}}" "https://www.googleapis.com/drive/v3/files?pageSize=10&fields=files(id,name)"',
    t="ya29.a0A" + rs(B64URL, 170),
)
P(
    "google_api_key",
    "code_py",
    'r = requests.get(f"https://www.googleapis.com/youtube/v3/search?part=snippet&q={query}&maxResults=25&key={{k}}")\nr.json() only has "error": {"code": 403}',
    k=google_key(),
)
P(
    "google_api_key",
    "json",
    """token.json that the quickstart wrote:
{"token": "{{t}}", "refresh_token": "{{r}}", "token_uri": "https://oauth2.googleapis.com/token", "client_id": "{{_cid}}.apps.googleusercontent.com", "client_secret": "{{s}}", "scopes": ["https://www.googleapis.com/auth/gmail.readonly"], "expiry": "2024-06-11T09:14:52.123456Z"}""",
    t="ya29.a0A" + rs(B64URL, 160),
    r="1//0g" + rs(B64URL, 98),
    _cid=digits(12) + "-" + rs(LOWER + DIGITS, 32),
    s="GOCSPX-" + rs(B64URL, 28),
)
P(
    "google_api_key",
    "prose_es",
    "la API key de Places {{k}} me devuelve REQUEST_DENIED desde el servidor pero en el navegador sí funciona, ¿qué restricción me falta?",
    k=google_key(),
)
P(
    "google_api_key",
    "env_file",
    """GOOGLE_API_KEY={{k}}
GOOGLE_CSE_ID={{_cx}}
SEARCH_RESULTS=8
is the CSE id secret too or only the key?""",
    k=google_key(),
    _cx=rs(LOWER + DIGITS, 17),
)

# -- hf_token --
P(
    "hf_token",
    "shell",
    "huggingface-cli login --token {{t}} --add-to-git-credential\nToken is valid (permission: write). but push still fails",
    t=hf(),
)
P(
    "hf_token",
    "code_py",
    """tok = AutoTokenizer.from_pretrained("meta-llama/Meta-Llama-3-8B-Instruct", token="{{t}}")
OSError: You are trying to access a gated repo.""",
    t=hf(),
)
P(
    "hf_token",
    "shell_history",
    """ 1187  pip install -U transformers accelerate
 1188  HF_TOKEN={{t}} python train.py --config configs/lora.yaml
 1189  nvidia-smi""",
    t=hf(),
)
P(
    "hf_token",
    "shell",
    "git clone https://pvanderberg:{{t}}@huggingface.co/datasets/acme/support-tickets",
    t=hf(),
)
P(
    "hf_token",
    "prose",
    "does the org token {{t}} still work for Inference Endpoints or do I need a fine-grained one now?",
    t="api_org_" + rs(ALNUM, 34),
)
P(
    "hf_token",
    "stack_trace",
    """HTTPError: 401 Client Error: Unauthorized for url: https://huggingface.co/api/models/acme/private-7b
request headers: {'user-agent': 'unknown/None; hf_hub/0.23.2; python/3.11.9', 'authorization': 'Bearer {{t}}'}""",
    t=hf(),
)

# -- jwt --
P(
    "jwt",
    "json",
    """localStorage after login:
{"access_token":"{{a}}","refresh_token":"{{r}}","expires_in":3600,"token_type":"Bearer"}""",
    a=jwt(
        {
            "sub": "5f2c9a1e-7b3d-4e8f-a2c6-0d9b8e7f6a51",
            "role": "user",
            "iat": 1718096400,
            "exp": 1718100000,
        }
    ),
    r=jwt({"sub": "5f2c9a1e-7b3d-4e8f-a2c6-0d9b8e7f6a51", "typ": "refresh", "exp": 1720688400}),
)
P(
    "jwt",
    "http",
    """GET /dashboard HTTP/1.1
Host: app.brightlane.io
Cookie: theme=dark; session={{t}}; _ga=GA1.2.1498271034.1718011122""",
    t=jwt({"uid": 48211, "email_verified": True, "exp": 1718113200}),
)
P(
    "jwt",
    "log",
    "2024-06-11T09:02:17.331Z WARN auth-middleware rejected token={{t}} reason=exp_in_past path=/api/v1/invoices",
    t=jwt(
        {
            "sub": "auth0|6650e2c1a9b8f7e6d5c4b3a2",
            "aud": "https://api.brightlane.io",
            "exp": 1718090000,
        },
        "RS256",
        342,
    ),
)
P(
    "jwt",
    "url",
    "after the SSO redirect I land on https://portal.kanzlei-beispiel.de/sso/callback?id_token={{t}}&state=af0ifjsldkj and then a blank page",
    t=jwt(
        {
            "iss": "https://login.microsoftonline.com/9188040d/v2.0",
            "name": "Petra Lang",
            "nonce": "n-0S6_WzA2Mj",
        },
        "RS256",
        342,
    ),
)
P(
    "jwt",
    "prose",
    "can you decode this for me? I want to see which scopes it has: {{t}}",
    t=jwt({"scope": "read:orders write:orders", "client_id": "svc-fulfilment", "exp": 1718200000}),
)
P(
    "jwt",
    "prose",
    "the legacy service accepts unsigned tokens like {{t}} — is that as bad as I think?",
    t=jwt({"sub": "admin", "role": "superuser"}, "none", 0),
)
P(
    "jwt",
    "env_file",
    "SUPABASE_URL=https://xyzcompany.supabase.co\nSUPABASE_SERVICE_ROLE_KEY={{t}}\nNEXT_PUBLIC_SITE_URL=http://localhost:3000",
    t=jwt(
        {
            "iss": "supabase",
            "ref": "xyzcompany",
            "role": "service_role",
            "iat": 1712000000,
            "exp": 2027576000,
        }
    ),
)
P(
    "jwt",
    "yaml",
    """apiVersion: v1
kind: Secret
metadata:
  name: grafana-sa
stringData:
  token: {{t}}""",
    t=jwt(
        {"iss": "kubernetes/serviceaccount", "sub": "system:serviceaccount:monitoring:grafana"},
        "RS256",
        342,
    ),
)

# -- bearer_token --
P(
    "bearer_token",
    "curl",
    "curl -s -H 'Authorization: Bearer {{t}}' https://api.tallyfox.com/v2/reports/weekly | jq .",
    t=rs(HEX, 40),
)
P(
    "bearer_token",
    "http",
    """GET /api/v2/orders?status=open HTTP/1.1
Host: shop-backend.internal
Authorization: Bearer {{t}}
Accept: */*
User-Agent: okhttp/4.12.0""",
    t=rs(B64, 43) + "=",
)
P(
    "bearer_token",
    "code_py",
    """headers = {"Authorization": "Bearer {{t}}", "Content-Type": "application/json"}
r = requests.post("https://my-shop.myshopify.com/admin/api/2024-04/graphql.json", json=q, headers=headers)""",
    t="shpat_" + rs(HEX, 32),
)
P(
    "bearer_token",
    "log",
    '203.0.113.7 - - [11/Jun/2024:07:41:12 +0000] "GET /v2/droplets HTTP/1.1" 200 5121 "-" "python-requests/2.32.3" authorization="bearer {{t}}"',
    t="dop_v1_" + rs(HEX, 64),
)
P(
    "bearer_token",
    "http",
    "Authorization: Token {{t}}\n^ that's what I send to our Django REST API and it answers 'Invalid token.' every time",
    t=rs(HEX, 40),
)
P(
    "bearer_token",
    "json",
    """part of the Postman collection export:
"auth": {
  "type": "bearer",
  "bearer": [ { "key": "token", "value": "{{t}}", "type": "string" } ]
},""",
    t="pat-na1-"
    + rs(HEX, 8)
    + "-"
    + rs(HEX, 4)
    + "-"
    + rs(HEX, 4)
    + "-"
    + rs(HEX, 4)
    + "-"
    + rs(HEX, 12),
)
P(
    "bearer_token",
    "prose_fr",
    "le jeton Bearer {{t}} marche dans Postman mais pas dans mon script Python, une idée ?",
    t="lin_api_" + rs(ALNUM, 40),
)
P(
    "bearer_token",
    "shell",
    'http GET api.acme.dev/v1/me "Authorization:Bearer {{t}}"',
    t="ory_at_" + rs(B64URL, 43) + "." + rs(B64URL, 43),
)

# -- lifelong_token --
P(
    "lifelong_token",
    "curl",
    'curl -s -H "Authorization: Bearer {{t}}" http://localhost:8080/v1/personas | jq',
    t=llt(),
)
P(
    "lifelong_token",
    "shell",
    "export LIFELONG_TOKEN={{t}}\nlifelong personas list   # -> 401 token revoked??",
    t=llt(),
)
P(
    "lifelong_token",
    "code_py",
    'client = Client(base_url="http://gpu-box:8000", token="{{t}}")\nclient.record(persona="support-de", role="user", text="hallo")',
    t=llt(),
)
P(
    "lifelong_token",
    "prose",
    "`lifelong token create --scope record` printed {{t}} — where is that stored? I closed the terminal",
    t=llt(),
)
P(
    "lifelong_token",
    "code_py",
    """from openai import OpenAI
client = OpenAI(base_url="http://localhost:8000/v1", api_key="{{t}}")
client.chat.completions.create(model="persona:billing", messages=[{"role": "user", "content": "hi"}])""",
    t=llt(),
)
P(
    "lifelong_token",
    "ini",
    """[Service]
ExecStart=/opt/lifelong/.venv/bin/lifelong serve --port 8000
Environment=LIFELONG_TOKEN={{t}}
Restart=on-failure""",
    t=llt(),
)
P(
    "lifelong_token",
    "prose_de",
    "Token für den Dashboard-Zugang (admin): {{t}} – bitte nicht weitergeben, ich brauche nur Hilfe beim Einrichten.",
    t=llt(),
)
P(
    "lifelong_token",
    "log",
    '10.0.4.17 - - [11/Jun/2024:10:22:01 +0000] "GET /v1/events/stream?token={{t}} HTTP/1.1" 401 38 "-" "curl/8.5.0"',
    t=llt(),
)

# -- private_key --
_rsa = pem_lines("MIICXAIBAAKBgQC", 13, 44)
P(
    "private_key",
    "pem",
    "this key fails with 'invalid format' in paramiko:\n-----BEGIN RSA PRIVATE KEY-----\n"
    + body(_rsa)
    + "\n-----END RSA PRIVATE KEY-----",
    **named(_rsa),
)
_ssh = pem_lines("b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW", 5, 24)
_ssh[0] = _ssh[0][:70]
P(
    "private_key",
    "shell",
    "$ cat ~/.ssh/id_ed25519\n-----BEGIN OPENSSH PRIVATE KEY-----\n"
    + body(_ssh)
    + "\n-----END OPENSSH PRIVATE KEY-----\n$ ssh -T git@github.com\nLoad key: invalid format",
    **named(_ssh),
)
_gcp = pem_lines("MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ", 6, 28)
P(
    "private_key",
    "json",
    '{\n  "type": "service_account",\n  "project_id": "billing-etl-prod",\n  "private_key_id": "'
    + rs(HEX, 40)
    + '",\n  "private_key": "-----BEGIN PRIVATE KEY-----\\n'
    + body(_gcp, "\\n")
    + '\\n-----END PRIVATE KEY-----\\n",\n  "client_email": "etl-runner@billing-etl-prod.iam.gserviceaccount.com"\n}\nwhy does google.auth say "No key could be detected"?',
    **named(_gcp),
)
_ec = pem_lines("MHcCAQEEI", 3, 40)
P(
    "private_key",
    "pem",
    "-----BEGIN EC PRIVATE KEY-----\n"
    + body(_ec)
    + "\n-----END EC PRIVATE KEY-----\nis this P-256 or secp256k1?",
    **named(_ec),
)
_trunc = pem_lines("MIIEowIBAAKCAQEA", 4, 64)
P(
    "private_key",
    "pem",
    "here's the start of the deploy key (cut it off, it's long):\n-----BEGIN RSA PRIVATE KEY-----\n"
    + body(_trunc)
    + "\n...",
    **named(_trunc),
)
_tls = pem_lines("MIIEvgIBADANBgkqhkiG9w0BAQEFAASC", 5, 36)
P(
    "private_key",
    "yaml",
    "apiVersion: v1\nkind: Secret\ntype: kubernetes.io/tls\nmetadata:\n  name: shop-tls\nstringData:\n  tls.key: |\n    -----BEGIN PRIVATE KEY-----\n"
    + body(_tls, indent="    ")
    + "\n    -----END PRIVATE KEY-----",
    **named(_tls),
)
_pgp = pem_lines("lQVYBGZo", 6, 52)
P(
    "private_key",
    "pem",
    "exported with gpg --export-secret-keys --armor, import on the new laptop fails:\n-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n"
    + body(_pgp)
    + "\n="
    + rs(B64, 4)
    + "\n-----END PGP PRIVATE KEY BLOCK-----",
    **named(_pgp),
)
P(
    "private_key",
    "ppk",
    """PuTTY-User-Key-File-3: ssh-ed25519
Encryption: none
Comment: eddsa-key-20240611
Public-Lines: 2
AAAAC3NzaC1lZDI1NTE5AAAAI{{_pub1}}
{{_pub2}}
Private-Lines: 1
{{priv}}
Private-MAC: {{_mac}}
WinSCP says the key is not accepted""",
    _pub1=rs(B64, 39),
    _pub2=rs(B64, 5),
    priv="AAAAI" + rs(B64, 42) + "=",
    _mac=rs(HEX, 64),
)

# -- sendgrid_key --
P(
    "sendgrid_key",
    "code_py",
    """sg = SendGridAPIClient("{{k}}")
resp = sg.send(message)
python_http_client.exceptions.ForbiddenError: HTTP Error 403: Forbidden""",
    k=sendgrid(),
)
P(
    "sendgrid_key",
    "env_file",
    'MAIL_PROVIDER=sendgrid\nSENDGRID_API_KEY={{k}}\nMAIL_FROM_NAME="Brightlane Support"',
    k=sendgrid(),
)
P(
    "sendgrid_key",
    "code_py",
    """# settings.py
EMAIL_HOST = "smtp.sendgrid.net"
EMAIL_HOST_USER = "apikey"
EMAIL_HOST_PASSWORD = "{{k}}"
EMAIL_PORT = 587
EMAIL_USE_TLS = True""",
    k=sendgrid(),
)
P(
    "sendgrid_key",
    "shell",
    "swaks --to test@mail-tester.com --server smtp.sendgrid.net:587 --tls --auth-user apikey --auth-password '{{k}}'",
    k=sendgrid(),
)
P(
    "sendgrid_key",
    "prose_de",
    "Wir haben den SendGrid-Schlüssel {{k}} gestern neu erstellt, trotzdem landen alle Mails im Spam. Liegt das am Key?",
    k=sendgrid(),
)
P(
    "sendgrid_key",
    "code_js",
    "const sgMail = require('@sendgrid/mail');\nsgMail.setApiKey('{{k}}');\nawait sgMail.send(msg); // 401 Unauthorized",
    k=sendgrid(),
)

# -- slack_token --
P(
    "slack_token",
    "code_py",
    'app = App(token="{{t}}", signing_secret=os.environ["SLACK_SIGNING_SECRET"])\n# bolt says not_authed',
    t="xoxb-" + digits(12) + "-" + digits(13) + "-" + rs(ALNUM, 24),
)
P(
    "slack_token",
    "curl",
    'curl -X POST -H "Authorization: Bearer {{t}}" -d "channel=C05KQ8N2M1F" -d "text=deploy done" https://slack.com/api/chat.postMessage',
    t="xoxp-" + digits(12) + "-" + digits(12) + "-" + digits(13) + "-" + rs(HEX, 32),
)
P(
    "slack_token",
    "env_file",
    "SLACK_BOT_TOKEN={{b}}\nSLACK_APP_TOKEN={{a}}\nSOCKET_MODE=true",
    b="xoxb-" + digits(12) + "-" + digits(13) + "-" + rs(ALNUM, 24),
    a="xapp-1-A" + rs(UPPER + DIGITS, 10) + "-" + digits(13) + "-" + rs(HEX, 64),
)
P(
    "slack_token",
    "json",
    """{
  "alerting": {
    "slack_webhook": "https://hooks.slack.com/services/T{{_team}}/B{{_hook}}/{{s}}",
    "channel": "#ops-alerts"
  }
}""",
    _team=rs(UPPER + DIGITS, 10),
    _hook=rs(UPPER + DIGITS, 10),
    s=rs(ALNUM, 24),
)
P(
    "slack_token",
    "yaml",
    """- name: Notify
  run: |
    curl -X POST -H 'Content-type: application/json' \\
      --data '{"text":"Release ${{ github.ref_name }} is out"}' \\
      https://hooks.slack.com/services/T{{_team}}/B{{_hook}}/{{s}}""",
    _team=rs(UPPER + DIGITS, 10),
    _hook=rs(UPPER + DIGITS, 10),
    s=rs(ALNUM, 24),
)
P(
    "slack_token",
    "prose",
    "token rotation gave me a refresh token {{t}} — do I store that or the xoxe access token?",
    t="xoxe-1-" + rs(B64URL, 140),
)
P(
    "slack_token",
    "prose_es",
    "el bot de Slack usa {{t}} pero dice missing_scope al leer canales privados, ¿qué permiso le falta?",
    t="xoxb-" + digits(12) + "-" + digits(13) + "-" + rs(ALNUM, 24),
)
P(
    "slack_token",
    "log",
    "[2024-06-11 08:55:12] ERROR slack_sdk.web.base_client: Failed to send a request to Slack API server: token={{t}} error=token_revoked",
    t="xoxp-" + digits(12) + "-" + digits(12) + "-" + digits(13) + "-" + rs(HEX, 32),
)

# -- stripe_key --
P(
    "stripe_key",
    "env_file",
    "STRIPE_SECRET_KEY={{k}}\nSTRIPE_CURRENCY=eur\nSTRIPE_PRICE_PRO=price_1PQx0bJq8RmTz2Kd4YvWs7Ab",
    k="sk_live_51" + rs(ALNUM, 96),
)
P(
    "stripe_key",
    "prose",
    "I created a restricted key {{k}} with only Charges: read — can our analytics vendor do anything else with it?",
    k="rk_live_51" + rs(ALNUM, 96),
)
P(
    "stripe_key",
    "code_py",
    """event = stripe.Webhook.construct_event(
    payload, sig_header, "{{k}}"
)
# stripe.error.SignatureVerificationError: No signatures found matching the expected signature""",
    k="whsec_" + rs(ALNUM, 32),
)
P(
    "stripe_key",
    "curl",
    'curl https://api.stripe.com/v1/customers -u {{k}}: -d email="billing@example.org" -d name="Test"',
    k="sk_test_51" + rs(ALNUM, 96),
)
P(
    "stripe_key",
    "toml",
    """~/.config/stripe/config.toml
[default]
  device_name = "mbp-anna"
  live_mode_api_key = "{{k}}"
  test_mode_api_key = "{{t}}\"""",
    k="rk_live_51" + rs(ALNUM, 96),
    t="rk_test_51" + rs(ALNUM, 96),
)
P(
    "stripe_key",
    "code_php",
    "<?php\n\\Stripe\\Stripe::setApiKey('{{k}}');\n$intent = \\Stripe\\PaymentIntent::create(['amount' => 2000, 'currency' => 'eur']);",
    k="sk_live_51" + rs(ALNUM, 96),
)
P(
    "stripe_key",
    "prose_fr",
    "Notre clé secrète Stripe ({{k}}) a peut-être fuité dans un commit public, que dois-je faire en premier ?",
    k="sk_live_51" + rs(ALNUM, 96),
)
P(
    "stripe_key",
    "markdown_table",
    """| mode | secret | webhook |
|------|--------|---------|
| test | {{a}} | {{b}} |""",
    a="sk_test_51" + rs(ALNUM, 96),
    b="whsec_" + rs(ALNUM, 32),
)

# -- twilio_key --
P(
    "twilio_key",
    "code_py",
    'client = Client("AC{{_sid}}", "{{t}}")\nclient.messages.create(to=to, from_=from_, body="Your code is 482913")',
    _sid=rs(HEX, 32),
    t=rs(HEX, 32),
)
P(
    "twilio_key",
    "env_file",
    "TWILIO_ACCOUNT_SID=AC{{_sid}}\nTWILIO_AUTH_TOKEN={{t}}\nTWILIO_FROM=+15005550006",
    _sid=rs(HEX, 32),
    t=rs(HEX, 32),
)
P(
    "twilio_key",
    "curl",
    "curl -X POST https://api.twilio.com/2010-04-01/Accounts/AC{{_sid}}/Messages.json --data-urlencode 'Body=test' -u AC{{_sid}}:{{t}}",
    _sid=rs(HEX, 32),
    t=rs(HEX, 32),
)
P(
    "twilio_key",
    "env_file",
    "TWILIO_API_KEY={{k}}\nTWILIO_API_SECRET={{s}}\n# created under Account > API keys, standard type",
    k="SK" + rs(HEX, 32),
    s=rs(ALNUM, 32),
)
P(
    "twilio_key",
    "prose_de",
    "Twilio Auth Token: {{t}} – nach dem Wechsel auf das neue Konto kommen keine SMS mehr an. Muss ich den irgendwo neu eintragen?",
    t=rs(HEX, 32),
)
P(
    "twilio_key",
    "code_js",
    "const client = require('twilio')(process.env.TWILIO_SID, '{{t}}');\n// RestException [Error]: Authenticate",
    t=rs(HEX, 32),
)

# -- url_password --
P(
    "url_password",
    "env_file",
    "DATABASE_URL=postgres://app_user:{{p}}@db.internal:5432/orders?sslmode=require",
    p="Xq7-mPz4-Lw9e",
)
P(
    "url_password",
    "shell",
    "mysql --version && python manage.py check --database 'mysql://root:{{p}}@127.0.0.1:3306/shop'",
    p="hunter22!",
)
P(
    "url_password",
    "code_py",
    'client = MongoClient("mongodb+srv://analytics:{{p}}@cluster0.x7k2p.mongodb.net/?retryWrites=true&w=majority")',
    p="n0tS0secret4real",
)
P(
    "url_password",
    "yaml",
    """cache:
  url: redis://:{{p}}@redis-master.cache.svc.cluster.local:6379/0
  ttl: 300""",
    p="8f3Kd92LmQzT",
)
P(
    "url_password",
    "code_py",
    "CELERY_BROKER_URL = 'amqp://celery:{{p}}@rabbitmq:5672/prod'",
    p="carrot-Stick-19",
)
P(
    "url_password",
    "ini",
    """alembic.ini
[alembic]
script_location = migrations
sqlalchemy.url = postgresql+psycopg2://billing:{{p}}@10.0.3.21/billing""",
    p="B1ll1ng#2024",
)
P(
    "url_password",
    "properties",
    "spring.datasource.url=jdbc:postgresql://db-prod:5432/crm?user=crm_app&password={{p}}&ssl=true",
    p="cRm!App-77",
)
P(
    "url_password",
    "prose",
    "the FTP link the agency sent doesn't open in Chrome any more: ftp://upload_kunde:{{p}}@ftp.werbeagentur-nord.de/incoming",
    p="Sommerfest2023",
)
P(
    "url_password",
    "shell",
    "pip install --extra-index-url https://deploy:{{p}}@pypi.acme-internal.net/simple acme-utils==3.2.0",
    p="p1pPassw0rd",
)
P(
    "url_password",
    "code_py",
    'SMTP_URL = "smtps://reports%40brightlane.io:{{p}}@smtp.gmail.com:465"',
    p="qwrt%40Xz9pLm",
)
P(
    "url_password",
    "prose_de",
    "Die Verbindung klappt nicht: postgresql://admin:{{p}}@192.168.178.40:5432/warenwirtschaft – Fehlermeldung: connection refused",
    p="Kartoffel123",
)
P(
    "url_password",
    "log",
    "2024-06-11 06:00:01 [backup] starting dump of mongodb://backup:{{p}}@mongo-0.mongo:27017,mongo-1.mongo:27017/admin?replicaSet=rs0",
    p="bkp-R3pl1ca!",
)

# -- keyword_secret --
P(
    "keyword_secret",
    "yaml",
    """database:
  host: pg.internal
  port: 5432
  user: reporting
  password: {{p}}
  pool_size: 10""",
    p="Tr0ub4dor&3x",
)
P(
    "keyword_secret",
    "code_py",
    "# settings.py\nDEBUG = False\nSECRET_KEY = '{{k}}'\nALLOWED_HOSTS = ['shop.example.org']",
    k="django-insecure-" + rs(LOWER + DIGITS + "!@#$%^&*(-_=+)", 50),
)
P(
    "keyword_secret",
    "env_file",
    "DB_HOST=localhost\nDB_USER=wp\nDB_PASSWORD={{p}}\nWP_DEBUG=false",
    p="blue-Elephant-77",
)
P(
    "keyword_secret",
    "prose",
    "the wifi password for the office is {{p}} but the printer won't join, it only supports WPA2",
    p="GreenTea4All!",
)
P(
    "keyword_secret",
    "prose_de",
    "Das Passwort für die FritzBox ist {{p}}, aber die Weboberfläche lehnt es ab. Muss ich das Gerät zurücksetzen?",
    p="Kaffeetasse-2019",
)
P(
    "keyword_secret",
    "prose_de",
    "Zugang für den Praktikanten:\nBenutzer: jschulz\nKennwort: {{p}}\nBitte nach dem ersten Login ändern lassen.",
    p="Willkommen#24",
)
P(
    "keyword_secret",
    "prose_fr",
    "Bonjour, je n'arrive pas à me connecter au VPN. identifiant : mlefebvre / mot de passe : {{p}} — c'est bien le bon format ?",
    p="Chocolat!Noir88",
)
P(
    "keyword_secret",
    "prose_es",
    "Hola, el usuario es soporte_tienda y la contraseña {{p}}, pero el panel me dice 'credenciales inválidas'.",
    p="Mariposa$2022",
)
P(
    "keyword_secret",
    "json",
    """{
  "domain": "brightlane.eu.auth0.com",
  "clientId": "{{_cid}}",
  "clientSecret": "{{s}}",
  "audience": "https://api.brightlane.io"
}""",
    _cid=rs(ALNUM, 32),
    s=rs(B64URL, 64),
)
P(
    "keyword_secret",
    "shell",
    "mysql -h db-replica -u root -p'{{p}}' -e 'SHOW SLAVE STATUS\\G'",
    p="R00t!Sl4ve-9x",
)
P(
    "keyword_secret",
    "shell_history",
    "  88  sshpass -p '{{p}}' ssh pi@192.168.1.50 'sudo reboot'\n  89  ping 192.168.1.50",
    p="raspberry-Pi-4b",
)
P(
    "keyword_secret",
    "shell",
    "docker login -u acmebot -p {{p}} docker.io\nWARNING! Using --password via the CLI is insecure.",
    p="dckr_pat_" + rs(B64URL, 27),
)
P(
    "keyword_secret",
    "ini",
    "# ~/.npmrc\n@acme:registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken={{t}}",
    t="npm_" + rs(ALNUM, 36),
)
P(
    "keyword_secret",
    "ini",
    """~/.pypirc
[distutils]
index-servers = pypi
[pypi]
username = __token__
password = {{t}}""",
    t="pypi-AgEIcHlwaS5vcmc" + rs(B64URL, 140),
)
P(
    "keyword_secret",
    "env_file",
    "AZURE_STORAGE_CONNECTION_STRING=DefaultEndpointsProtocol=https;AccountName=acmeinvoices;AccountKey={{k}};EndpointSuffix=core.windows.net",
    k=rs(B64, 86) + "==",
)
P(
    "keyword_secret",
    "env_file",
    "AZURE_TENANT_ID={{_ten}}\nAZURE_CLIENT_ID={{_cli}}\nAZURE_CLIENT_SECRET={{s}}",
    _ten="72f988bf-86f1-41af-91ab-2d7cd011db47",
    _cli="0f4c2a11-8d5e-4b7a-9c3f-6e1d2b8a9f70",
    s=rs(ALNUM, 3) + "8Q~" + rs(ALNUM + "._-", 34),
)
P(
    "keyword_secret",
    "curl",
    'curl "https://acme-openai.openai.azure.com/openai/deployments/gpt4o/chat/completions?api-version=2024-02-01" -H "api-key: {{k}}" -H "Content-Type: application/json" -d @body.json',
    k=rs(HEX, 32),
)
P(
    "keyword_secret",
    "http",
    "Authorization: Basic {{b}}\nthat header works in Postman, but from the ESP32 I get 401",
    b=base64.b64encode(b"sensor-07:Gh7!kLm2pQ").decode(),
)
P(
    "keyword_secret",
    "shell",
    "PGPASSWORD={{p}} psql -h 10.20.0.5 -U analytics -d warehouse -c '\\dt'",
    p="W4reh0use_ro",
)
P(
    "keyword_secret",
    "properties",
    "spring.datasource.url=jdbc:mysql://db:3306/crm\nspring.datasource.username=crm\nspring.datasource.password={{p}}\nspring.jpa.hibernate.ddl-auto=validate",
    p="Crm-Pr0d-2024",
)
P(
    "keyword_secret",
    "terraform",
    """terraform.tfvars
region      = "eu-central-1"
db_username = "app"
db_password = "{{p}}"
instance    = "db.t4g.medium\"""",
    p="Gl4cier-Fjord-91",
)
P(
    "keyword_secret",
    "xml",
    '<appSettings>\n  <add key="ApiBaseUrl" value="https://erp.example.local/api" />\n  <add key="ApiSecret" value="{{s}}" />\n</appSettings>',
    s=rs(ALNUM, 32),
)
P(
    "keyword_secret",
    "log",
    '2024-06-11 09:31:44 ERROR login failed body={"username":"jdoe","password":"{{p}}","remember":true} ip=198.51.100.23',
    p="iloveMyDog2!",
)
P(
    "keyword_secret",
    "prose",
    "ok so the admin pass is {{p}} and the user account is just 'operator' with no password — why can't I ssh in?",
    p="correct-horse-42",
)
P(
    "keyword_secret",
    "yaml",
    """apiVersion: v1
kind: Secret
metadata:
  name: keycloak-admin
type: Opaque
stringData:
  username: admin
  password: "{{p}}\"""",
    p="K3ycl0ak-Adm1n",
)

# ========================================== PII ============================================

# -- email --
P(
    "email",
    "signature",
    """Thanks for the quick fix!

Best,
Priya Raman
Senior Data Engineer | Northwind Analytics
{{e}}""",
    e="priya.raman@nwa-data.com",
)
P(
    "email",
    "forwarded_mail",
    """---------- Forwarded message ---------
From: Jürgen Weiß <{{a}}>
Date: Tue, 11 Jun 2024 at 09:12
Subject: Re: Zählerstand Juni
To: <{{b}}>

can you summarise what he wants?""",
    a="j.weiss@stadtwerke-lindenau.de",
    b="kundenservice@hausverwaltung-kraus.de",
)
P(
    "email",
    "git_log",
    """commit 7c3e1f0a9b2d4c6e8f0a1b3c5d7e9f1a2b4c6d8e
Author: Tomasz Wiśniewski <{{e}}>
Date:   Mon Jun 10 17:42:09 2024 +0200

    fix flaky retry test""",
    e="tomek.w.dev@pm.me",
)
P(
    "email",
    "html",
    '<a href="mailto:{{e}}?subject=Quote%20request">Contact Hyejin</a>',
    e="hyejin.kim+quotes@studio-kim.co.kr",
)
P(
    "email",
    "url",
    "the unsubscribe link looks like https://news.brightlane.io/u?email={{e}}&list=weekly — is it ok that the address is in the URL?",
    e="jane.doe%40gmail.com",
)
P(
    "email",
    "csv",
    "id,name,email,plan\n1042,Lukas Becker,{{e}},pro\nwhy does the import say 'duplicate row 2'?",
    e="lukas.becker@web.de",
)
P(
    "email",
    "json",
    '{"id": 88172, "name": "Olufemi Adeyemi", "email": "{{e}}", "created_at": "2024-05-30T12:01:44Z", "plan": "team"}',
    e="femi.ade88@outlook.com",
)
P(
    "email",
    "prose",
    "PLEASE CC {{e}} ON ALL REPLIES, HE IS THE NEW ACCOUNT OWNER",
    e="MARCO.ROSSI@LIBERO.IT",
)
P(
    "email",
    "prose",
    "my login is {{e}} but the reset mail never comes, spam folder is empty too",
    e="a.ng@mail.cs.unimelb.edu.au",
)
P(
    "email",
    "prose_de",
    "Schreib mir einfach an {{e}}, dann schicke ich dir die Logs.",
    e="sabine_k83@gmx.de",
)
P(
    "email",
    "stack_trace",
    """psycopg2.errors.UniqueViolation: duplicate key value violates unique constraint "users_email_key"
DETAIL:  Key (email)=({{e}}) already exists.""",
    e="r.okafor@lagos-fintech.ng",
)
P(
    "email",
    "prose_de",
    "Die Adresse {{e}} wird vom Formular als ungültig abgelehnt, wegen der Umlaute?",
    e="jürgen@müller-bau.de",
)
P(
    "email",
    "git_log",
    "Signed-off-by: Ana Souza <{{e}}>\nCo-authored-by: Dev Patel <{{f}}>",
    e="ana.souza@proton.me",
    f="dev.patel.1989@yahoo.co.in",
)
P(
    "email",
    "prose_fr",
    "écrivez-moi à {{e}} svp, je ne reçois pas les notifications de l'appli",
    e="claire.fontaine@laposte.net",
)
P(
    "email",
    "code_py",
    "send_report({'to': '{{e}}', 'subject': 'Q2 numbers', 'attach': 'q2.xlsx'})",
    e="h.nakamura@kyoto-robotics.jp",
)

# -- email_obfuscated --
P(
    "email_obfuscated",
    "prose",
    "you can reach me at {{e}} if the ticket gets closed again",
    e="daniel.hofmann [at] posteo [dot] de",
)
P("email_obfuscated", "prose", "contact: {{e}} (no spam pls)", e="m_chen(at)fastmail(dot)com")
P("email_obfuscated", "prose", "send the invoice to {{e}}", e="kowalski dot piotr at gmail dot com")
P(
    "email_obfuscated",
    "prose_es",
    "mándame el archivo a {{e}} cuando puedas",
    e="ines.garcia arroba gmail punto com",
)
P("email_obfuscated", "prose_fr", "mon adresse : {{e}}", e="paul.martin arobase free point fr")
P(
    "email_obfuscated",
    "prose_de",
    "Meine Mail ist {{e}}, bitte dorthin die Rechnung.",
    e="thomas.mayer (ät) t-online.de",
)
P(
    "email_obfuscated",
    "prose",
    "hit me up at {{e}} for the beta invite",
    e="rachel{at}brightlabs{dot}io",
)
P("email_obfuscated", "signature", "--\nSeán O'Connor\n{{e}}", e="s.oconnor <at> eircom <dot> net")
P(
    "email_obfuscated",
    "prose",
    "my email is {{e}} (the @ is full width so bots don't get it)",
    e="li.wei＠qq.com",
)
P(
    "email_obfuscated",
    "prose",
    "write to {{e}} — without the spaces obviously",
    e="kenji . tanaka @ docomo . ne . jp",
)
P("email_obfuscated", "prose", "please forward it to {{e}} thanks", e="nadia-hassan at outlook.com")
P("email_obfuscated", "prose", "email: {{e}} (replace # with @)", e="marta.nowak#wp.pl")
P(
    "email_obfuscated",
    "html",
    "<p>Questions? Write to <span>{{e}}</span></p>",
    e="elena.petrova&#64;yandex.ru",
)
P("email_obfuscated", "prose", "ping me at {{e}}", e="devon.brooks [@] icloud [.] com")
P(
    "email_obfuscated",
    "prose",
    "the address on my account is {{e}}, could you check it?",
    e="hello AT samirpatel DOT dev",
)

# -- phone_us --
P("phone_us", "prose", "The courier needs a number, use mine: {{p}}", p="(415) 555-0132")
P(
    "phone_us",
    "prose",
    "call me at {{p}} after 5pm ET, email is too slow for this",
    p="212.555.0187",
)
P("phone_us", "signature", "Jordan Ellis\nVP Sales, Tallyfox\nM {{p}}", p="+1 646 555 0199")
P(
    "phone_us",
    "prose",
    "my cell is {{p}} — the verification text never arrives",
    p="1 (312) 555-0176",
)
P("phone_us", "prose", "reach me on {{p}} if the order is late", p="7185550123")
P(
    "phone_us",
    "signature",
    "Karen Liu | Office Manager\nOffice: {{p}}\n77 Summer St, Boston MA",
    p="617-555-0110 x204",
)
P("phone_us", "prose_es", "mi número es el {{p}}, escríbeme por WhatsApp", p="+1 (305) 555-0164")
P(
    "phone_us",
    "json",
    '{"customer": {"first": "Amy", "phone": "{{p}}", "sms_opt_in": true}}',
    p="+15125550147",
)
P("phone_us", "csv", "name,phone,city\nDana Whitfield,{{p}},Portland OR", p="503-555-0121")
P(
    "phone_us",
    "html",
    '<a href="tel:{{p}}">Call our front desk</a> – this is the owner\'s personal line btw',
    p="+1-202-555-0183",
)
P(
    "phone_us",
    "address",
    "Ship to:\nMike O'Brien\n1420 Elm St Apt 3B\nSpringfield, IL 62704\n{{p}}",
    p="(217) 555-0138",
)
P("phone_us", "prose", "text me {{p}} when you're outside", p="773 555 0192")

# -- phone_intl --
P(
    "phone_intl",
    "signature",
    "Kind regards,\nOliver Grant\nGrant & Hale Solicitors\nT: {{p}}",
    p="+44 20 7946 0958",
)
P("phone_intl", "prose", "the delivery driver can call {{p}}, I'll be in all day", p="07912 345678")
P(
    "phone_intl",
    "signature",
    "Mit freundlichen Grüßen\nStefanie Brandt\nTel.: {{p}}\nFax: {{f}}",
    p="+49 (0)30 2312 5678",
    f="+49 (0)30 2312 5679",
)
P(
    "phone_intl",
    "prose_de",
    "Ruf mich einfach an: {{p}}, bin bis 18 Uhr erreichbar.",
    p="0171/2345678",
)
P(
    "phone_intl",
    "prose_fr",
    "Bonjour, vous pouvez me joindre au {{p}} pour la livraison.",
    p="06 12 34 56 78",
)
P(
    "phone_intl",
    "address",
    "Livraison :\nCamille Durand\n14 rue des Lilas\n69003 Lyon\nTél. {{p}}",
    p="+33 4 78 62 19 55",
)
P(
    "phone_intl",
    "prose_es",
    "Mi móvil es {{p}}, llámame si hay algún problema con el pedido.",
    p="+34 612 34 56 78",
)
P(
    "phone_intl",
    "prose",
    "Italian office contact for the audit: {{p}} (Giulia)",
    p="+39 347 123 4567",
)
P(
    "phone_intl",
    "json",
    '{"contact": {"name": "Sven de Vries", "mobile": "{{p}}", "country": "NL"}}',
    p="+31 6 2345 6789",
)
P("phone_intl", "signature", "Freundliche Grüsse\nReto Keller\nMobile {{p}}", p="+41 79 123 45 67")
P(
    "phone_intl",
    "prose",
    "my number is {{p}}, the OTP SMS hasn't come in 20 minutes",
    p="+91 98765 43210",
)
P(
    "phone_intl",
    "prose",
    "日本の携帯です: {{p}} — please call this number instead of the office one",
    p="090-1234-5678",
)
P(
    "phone_intl",
    "prose",
    "meu WhatsApp é {{p}} caso precise de mais detalhes",
    p="+55 (11) 91234-5678",
)
P("phone_intl", "prose", "G'day, if the parcel can't be left, ring me on {{p}}", p="0412 345 678")
P(
    "phone_intl",
    "markdown_table",
    "| Region | Contact | Phone |\n|---|---|---|\n| MX | Luis Ortega | {{p}} |",
    p="+52 55 1234 5678",
)
P("phone_intl", "prose", "numer do kierowcy: {{p}} (Paweł)", p="+48 601 234 567")
P("phone_intl", "prose", "Mitt nummer är {{p}} om ni behöver nå mig", p="070-123 45 67")
P(
    "phone_intl",
    "prose_de",
    "Bitte zurückrufen unter {{p}} (Praxis Dr. Huber, Anmeldung)",
    p="0049 89 21094455",
)
P(
    "phone_intl",
    "vcard",
    "BEGIN:VCARD\nVERSION:3.0\nFN:Wei Zhang\nTEL;TYPE=CELL:{{p}}\nEND:VCARD",
    p="+8613912345678",
)
P(
    "phone_intl",
    "url",
    "customers can message me directly: https://wa.me/{{p}}?text=Hallo%20Lena",
    p="4915112345678",
)
P("phone_intl", "prose", "Irish number for the landlord: {{p}}", p="+353 87 123 4567")
P(
    "phone_intl",
    "log",
    "2024-06-11 11:02:45 INFO sms.send to={{p}} template=otp status=queued provider=clickatell",
    p="+27825551234",
)

# -- card --
P(
    "card",
    "prose",
    "Hi, I was charged twice for order 88213. Card used: {{c}} exp 09/27. Can you refund one of them?",
    c=card("4", 16, (4, 4, 4, 4)),
)
P(
    "card",
    "prose_de",
    "Meine Kreditkarte {{c}} (gültig bis 03/26) wurde abgelehnt, obwohl genug Limit da ist.",
    c=card("52", 16, (4, 4, 4, 4)),
)
P(
    "card",
    "prose",
    "amex {{c}}, name on card R. Okonkwo — please update the billing for workspace acme-ops",
    c=card("37", 15, (4, 6, 5)),
)
P(
    "card",
    "json",
    '{"order_id": "ord_7741", "amount": 4999, "currency": "EUR", "card_number": "{{c}}", "exp_month": 11, "exp_year": 2026}',
    c=card("6011", 16, None),
)
P(
    "card",
    "log",
    "2024-06-11T08:14:09Z WARN payments.gateway declined card={{c}} reason=do_not_honor amount=129.00 EUR",
    c=card("4", 16, None),
)
P(
    "card",
    "prose_es",
    "Pagué con la tarjeta {{c}} y me cobraron en dólares, ¿por qué?",
    c=card("54", 16, (4, 4, 4, 4), "-"),
)
P(
    "card",
    "prose",
    "The JCB card {{c}} is rejected at checkout with 'unsupported brand' — do you take JCB at all?",
    c=card("3530", 16, (4, 4, 4, 4)),
)
P(
    "card",
    "prose",
    "Diners Club: {{c}} – is 14 digits normal? your form says invalid length",
    c=card("3056", 14, (4, 6, 4)),
)
P(
    "card",
    "markdown_table",
    "| name | card | exp |\n|---|---|---|\n| Jonas | {{c}} | 08/25 |",
    c=card("2367", 16, (4, 4, 4, 4)),
)
P(
    "card",
    "prose",
    "银联卡 {{c}} 付款失败 — payment with my UnionPay card fails every time",
    c=card("62", 19, (4, 4, 4, 4, 3)),
)

# -- iban --
P(
    "iban",
    "address",
    """Bitte überweisen Sie den Betrag auf folgendes Konto:
Kontoinhaber: Familie Schröder
IBAN: {{i}}
BIC: COBADEFFXXX
Verwendungszweck: Miete Juni""",
    i=grouped(iban("DE")),
)
P(
    "iban",
    "prose_fr",
    "Voici mon RIB pour le remboursement : {{i}} (Banque Populaire)",
    i=iban("FR"),
)
P("iban", "prose_es", "Mi IBAN es {{i}}, ¿cuándo llegará la devolución?", i=grouped(iban("ES")))
P(
    "iban",
    "prose",
    "Per il bonifico usate l'IBAN {{i}} intestato a Giulia Conti, grazie.",
    i=iban("IT"),
)
P(
    "iban",
    "prose",
    "Can you update my payout account to {{i}}? The old one is closed.",
    i=grouped(iban("NL")),
)
P(
    "iban",
    "prose",
    "payout failed with 'invalid account' for {{i}} — we double-checked it with the customer",
    i=iban("BE"),
)
P(
    "iban",
    "prose",
    "Please send the deposit to {{i}} (UK account), reference FLAT4B-JUNE",
    i=grouped(iban("GB")),
)
P(
    "iban",
    "json",
    '{"payout": {"holder": "Katharina Huber", "iban": "{{i}}", "bic": "BKAUATWWXXX"}}',
    i=iban("AT"),
)
P("iban", "prose_de", "Lohnzahlung ab Juli bitte neu auf {{i}} – danke!", i=grouped(iban("CH")))
P("iban", "prose", "Numer konta / account number: {{i}}", i=grouped(iban("PL")))
P(
    "iban",
    "prose_de",
    "hier nochmal meine iban: {{i}} sorry fürs kleinschreiben",
    i=grouped(iban("DE")).lower(),
)
P(
    "iban",
    "markdown_table",
    "| Supplier | IBAN | Terms |\n|---|---|---|\n| Clover Print Ltd | {{i}} | 30 days |",
    i=grouped(iban("IE")),
)

# ========================================== negatives ======================================

# -- hashes, ids, digests --
N(
    "git_log",
    "git log --oneline -5\n"
    + "\n".join(
        rs(HEX, 7) + " " + m
        for m in [
            "Merge pull request #1423 from acme/fix-retry",
            "bump axios to 1.7.2",
            "fix: handle empty cart",
            "docs: update README",
            "chore(ci): cache pip",
        ]
    ),
)
N(
    "git",
    "$ git rev-parse HEAD\n{{h}}\n$ git describe --tags\nv2.14.0-3-g{{s}}",
    h=rs(HEX, 40),
    s=rs(HEX, 7),
)
N(
    "checksum",
    "sha256sum says\n{{a}}  ubuntu-24.04-live-server-amd64.iso\nbut the website lists a different hash, is the download corrupt?",
    a=rs(HEX, 64),
)
N(
    "docker",
    "REPOSITORY        TAG       DIGEST                                                                    IMAGE ID       SIZE\npython            3.12-slim sha256:{{d}}   {{i}}   131MB",
    d=rs(HEX, 64),
    i=rs(HEX, 12),
)
N(
    "log",
    "2024-06-11T10:14:03.118Z ERROR request_id={{u}} method=POST path=/api/checkout status=500 duration_ms=2314",
    u="3f6c1b2e-9a4d-4c7e-8b1f-2d5e6a7c8b90",
)
N(
    "json",
    '"node_modules/lodash": {\n  "version": "4.17.21",\n  "resolved": "https://registry.npmjs.org/lodash/-/lodash-4.17.21.tgz",\n  "integrity": "sha512-{{i}}=="\n}',
    i=rs(B64, 86),
)
N(
    "html",
    '<script src="https://cdn.jsdelivr.net/npm/bootstrap@5.3.3/dist/js/bootstrap.bundle.min.js" integrity="sha384-{{i}}" crossorigin="anonymous"></script>',
    i=rs(B64, 64),
)
N(
    "go_sum",
    "github.com/google/uuid v1.6.0 h1:{{a}}=\ngithub.com/google/uuid v1.6.0/go.mod h1:{{b}}=",
    a=rs(B64, 43),
    b=rs(B64, 43),
)
N(
    "requirements",
    "requests==2.32.3 \\\n    --hash=sha256:{{a}} \\\n    --hash=sha256:{{b}}",
    a=rs(HEX, 64),
    b=rs(HEX, 64),
)
N(
    "kubectl",
    "NAME                              READY   STATUS             RESTARTS      AGE\napi-7d9f8b6c5-x2x9k               1/1     Running            0             3d4h\nworker-6c8d7f9b4d-qp7lm           0/1     CrashLoopBackOff   14 (2m ago)   47m\nredis-master-0                    1/1     Running            0             12d",
)
N(
    "aws_arn",
    "AccessDenied: User: arn:aws:iam::{{a}}:user/ci-deployer is not authorized to perform: s3:PutObject on resource: arn:aws:s3:::acme-artifacts/builds/2024-06-11/app.zip",
    a=digits(12),
)
N(
    "json",
    '{"id": "evt_1PQxYz2eZvKYlo2CqA8bN3dF", "type": "payment_intent.succeeded", "data": {"object": {"id": "pi_3PQxYz2eZvKYlo2C0fG7hJkL", "customer": "cus_QGh2Lk9mNp4RsT", "amount": 2599, "currency": "eur"}}}',
)
N(
    "json",
    '{"id": "chatcmpl-9ZkP3xQe7Tn2LmVbC4rS8dYwH1aFj", "object": "chat.completion", "created": 1718101234, "model": "gpt-4o-2024-05-13", "system_fingerprint": "fp_319be4768e", "usage": {"prompt_tokens": 812, "completion_tokens": 97, "total_tokens": 909}}',
)
N(
    "log",
    "anthropic API returned overloaded_error for msg_01XFDUDYJgAACzvnptvVoYEL, request-id req_011CZ9Xq4RbTy7Kp2WnJ3mVs — retrying in 8s",
)
N(
    "code_py",
    'model = AutoModelForCausalLM.from_pretrained("mistralai/Mistral-7B-Instruct-v0.3", revision="{{h}}", torch_dtype=torch.bfloat16)',
    h=rs(HEX, 40),
)
N("checksum", "md5 of the export is {{m}}, same as yesterday's, so nothing changed?", m=rs(HEX, 32))
N(
    "docker",
    'CONTAINER ID   IMAGE                 COMMAND                  STATUS          PORTS\n{{a}}   nginx:1.27-alpine     "/docker-entrypoint.…"   Up 2 hours      0.0.0.0:8080->80/tcp\n{{b}}   postgres:16           "docker-entrypoint.s…"   Up 2 hours      5432/tcp',
    a=rs(HEX, 12),
    b=rs(HEX, 12),
)
N(
    "log",
    "Sentry captured event {{e}} (level=error, release=web@2024.06.11-1) — TypeError: Cannot read properties of null (reading 'id')",
    e=rs(HEX, 32),
)
N(
    "url",
    "the failing job is https://github.com/acme/api/actions/runs/9472613384/job/26098766512 — looks like a flaky network step",
)
N("prose", "Azure DevOps build 20240611.3 failed but 20240611.2 passed with the same commit, how?")
N("prose", "messages in channel C05KQ8N2M1F from user U024BE7LH are not showing up in the export")
N(
    "url",
    "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=43s&list=PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG — the embed won't autoplay",
)
N(
    "html",
    '<img src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==" alt="" width="1" height="1">\nwhy does the tracking pixel break the email layout?',
)
N(
    "ssh",
    "The authenticity of host 'build-03.acme.internal (10.0.8.23)' can't be established.\nED25519 key fingerprint is SHA256:{{f}}.\nAre you sure you want to continue connecting (yes/no/[fingerprint])?",
    f=rs(B64, 43),
)
N(
    "openssl",
    "SHA256 Fingerprint="
    + ":".join(rs("0123456789ABCDEF", 2) for _ in range(32))
    + "\nnotAfter=Sep  9 23:59:59 2024 GMT",
)
N(
    "prose",
    "gpg key fingerprint 4AEE 18F8 3AFD EB23 0B2B  73C2 6A1F 9E7D 3C55 8B01 — is this the right one for the release signature?",
)
N(
    "json",
    '{"metadata": {"name": "api", "namespace": "prod", "uid": "{{u}}", "resourceVersion": "48213377", "generation": 14}}',
    u="c7a4e2d1-5b3f-4a8e-9d6c-1f2e3b4a5c6d",
)
N("prose", "tx 0x{{h}} is stuck pending for 2 hours, gas was 14 gwei", h=rs(HEX, 64))
N(
    "mongo",
    'db.orders.find({ _id: ObjectId("666823a1f1e2d3c4b5a69788") })\n→ returns nothing but the doc is in Compass',
)
N(
    "prose",
    'jwt.io shows the header as eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9 which decodes to {"alg":"HS256","typ":"JWT"} — is HS256 ok for us?',
)
N(
    "pem",
    "-----BEGIN PUBLIC KEY-----\n"
    + "\n".join(pem_lines("MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA", 6, 8))
    + "\n-----END PUBLIC KEY-----\nthis is the webhook verification key from the vendor docs, where do I put it?",
)
N(
    "pem",
    "-----BEGIN CERTIFICATE-----\n"
    + "\n".join(pem_lines("MIIDdzCCAl+gAwIBAgIE", 8, 40))
    + "\n-----END CERTIFICATE-----\nopenssl says 'unable to get local issuer certificate' for this one",
)
N(
    "ssh",
    "~/.ssh/authorized_keys on the box:\nssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI{{k}} ci@runner\nstill asks for a password",
    k=rs(B64, 43),
)
N(
    "prose",
    "Terraform state lineage changed from 3c1e0b9a-2d4f-4e6a-8b7c-9d0e1f2a3b4c to a new one after the migration, is that expected?",
)
N(
    "log",
    "x-amzn-RequestId: 8f1c2d3e-4b5a-6c7d-8e9f-0a1b2c3d4e5f\nx-amz-cf-id: {{c}}==",
    c=rs(B64URL, 54),
)

# -- placeholders --
N(
    "env_file",
    "# .env.example — copy to .env and fill in\nOPENAI_API_KEY=sk-...\nANTHROPIC_API_KEY=\nDATABASE_URL=postgres://USER:PASSWORD@localhost:5432/DBNAME",
)
N(
    "env_file",
    "OPENAI_API_KEY=<your-key>\nOPENAI_BASE_URL=https://api.openai.com/v1\nis the base url needed at all?",
)
N(
    "shell",
    "export GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx   # replace with your token\ngh auth status",
)
N("curl", 'curl -H "Authorization: Bearer <token>" https://api.example.com/v1/items')
N(
    "curl",
    'curl -sS -H "Authorization: Bearer $API_TOKEN" "$BASE_URL/v1/usage?from=2024-06-01&to=2024-06-11"',
)
N(
    "yaml",
    "- name: Publish\n  run: npm publish --access public\n  env:\n    NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}",
)
N(
    "yaml",
    '- name: Create DB user\n  community.postgresql.postgresql_user:\n    name: app\n    password: "{{ vault_db_password }}"\n    state: present',
)
N(
    "docker_compose",
    "services:\n  api:\n    environment:\n      DATABASE_URL: postgresql://${POSTGRES_USER}:${POSTGRES_PASSWORD}@db:5432/${POSTGRES_DB}\n      REDIS_URL: redis://cache:6379/0",
)
N(
    "code_py",
    "client = anthropic.Anthropic(api_key=os.environ[\"ANTHROPIC_API_KEY\"])\nKeyError: 'ANTHROPIC_API_KEY' — but I did set it in .bashrc?",
)
N(
    "env_file",
    "STRIPE_SECRET_KEY=\nSTRIPE_WEBHOOK_SECRET=\nSTRIPE_PRICE_ID=\n# leave empty in dev, the app falls back to mock payments",
)
N(
    "prose",
    "Never commit sk_live_... keys; use restricted keys (rk_live_...) for anything that runs on a laptop.",
)
N(
    "prose",
    "in the HF settings page my token only shows as hf_****************************ZQ — how do I see the full one again?",
)
N("prose", "the IAM console lists the key as AKIA**************** and 'last used: 94 days ago'")
N(
    "log",
    "2024-06-11 08:00:02 INFO db connect host=pg.internal user=app password=******** sslmode=require",
)
N(
    "json",
    '{"username": "jdoe", "password": "[REDACTED]", "remember_me": true}\nour log filter already masks passwords, do we also need to mask usernames?',
)
N("code_py", 'app = App(token=os.environ.get("SLACK_BOT_TOKEN", "xoxb-your-bot-token"))')
N("code_py", 'client = Client("<YOUR_TWILIO_ACCOUNT_SID>", "<YOUR_TWILIO_AUTH_TOKEN>")')
N(
    "prose",
    "the docs say the SendGrid key looks like SG.xxxxx.yyyyy, mine is much longer, is that normal?",
)
N(
    "stack_trace",
    "openai.AuthenticationError: Error code: 401 - {'error': {'message': 'Incorrect API key provided: sk-proj-********************************************************************************************************************************************************Xk2a. You can find your API key at https://platform.openai.com/account/api-keys.', 'type': 'invalid_request_error', 'code': 'invalid_api_key'}}",
)
N(
    "yaml",
    "env:\n  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef:\n        name: db-credentials\n        key: password",
)
N("prose", "lifelong tokens look like llt_<id>_<secret>, right? and only the sha256 is stored?")
N(
    "yaml",
    '# values.yaml\npostgresql:\n  auth:\n    username: app\n    password: ""   # set with --set postgresql.auth.password=...\n    database: app',
)
N(
    "pem",
    "-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----\nthat's the format my deploy key file has, but with the real content obviously. Which permissions does the file need?",
)
N(
    "prose",
    "Atlas gives me mongodb+srv://<username>:<password>@cluster0.abcde.mongodb.net/ — do I URL-encode the password part?",
)
N(
    "curl",
    'curl -X POST "https://api.twilio.com/2010-04-01/Accounts/$TWILIO_ACCOUNT_SID/Messages.json" -u "$TWILIO_ACCOUNT_SID:$TWILIO_AUTH_TOKEN" --data-urlencode "Body=hi"',
)
N(
    "properties",
    "spring.datasource.password=${DB_PASSWORD}\nspring.datasource.username=${DB_USER:app}",
)
N(
    "prose",
    "Bearer tokens go in the Authorization header as `Bearer <access_token>`, not in the query string, right?",
)
N(
    "code_js",
    "const stripe = require('stripe')(process.env.STRIPE_SECRET_KEY);\n// in tests we use sk_test_xxx from the fixtures",
)
N(
    "prose",
    "the key in the tutorial is AIza... followed by 35 characters, mine has 39 in total, is that right?",
)
N("ini", "[pypi]\nusername = __token__\npassword = <paste the pypi- token here>")

# -- the words in prose --
N("prose", "I forgot my password and the reset email never arrives. What can I do?")
N(
    "prose",
    "How many tokens fit into the context window of gpt-4o, and does the system prompt count?",
)
N("prose", "What's the difference between an access token and a refresh token, in plain words?")
N(
    "prose",
    "Our policy: the password must contain at least 12 characters, one digit and one symbol, and expire every 90 days. Is that still best practice?",
)
N(
    "prose_de",
    "Ich habe mein Passwort vergessen, wie kann ich es zurücksetzen? Die Mail mit dem Link kommt nicht an.",
)
N(
    "prose_fr",
    "Mon mot de passe ne fonctionne plus depuis la mise à jour de l'application, que faire ?",
)
N("prose_es", "¿Cómo cambio la contraseña de mi cuenta? No encuentro la opción en el perfil.")
N("prose", "secret santa this year: budget is 25 €, draw is on Friday at 15:00")
N("prose", "The secret to good sourdough is time: 18 hours in the fridge at 4 °C.")
N(
    "prose",
    "token bucket rate limiting: capacity 100, refill 10 per second — is that enough for 50 clients?",
)
N(
    "prose",
    "the tokenizer splits 'unbelievable' into 3 tokens: 'un', 'belie', 'vable'. why not 'believ'?",
)
N("prose", "password manager recommendations? Bitwarden vs 1Password vs KeePassXC for a team of 8")
N("prose", "Is it safe to store API keys in localStorage, or should they stay on the server?")
N(
    "prose",
    "we rotate keys every 90 days and the secret store keeps the previous version for 7 days",
)
N("prose", "The key is to keep the batch size at 32 and the learning rate at 2e-5.")
N(
    "log",
    "Forbidden (403)\nCSRF verification failed. Request aborted.\nReason given for failure: CSRF token missing.",
)
N(
    "log",
    '2024-06-11 07:12:44.218 UTC [4121] FATAL:  password authentication failed for user "postgres"\n2024-06-11 07:12:44.218 UTC [4121] DETAIL:  Connection matched pg_hba.conf line 99: "host all all 0.0.0.0/0 scram-sha-256"',
)
N("log", "ERROR 1045 (28000): Access denied for user 'root'@'localhost' (using password: YES)")
N(
    "shell",
    "remote: Support for password authentication was removed on August 13, 2021.\nremote: Please see https://docs.github.com/get-started/getting-started-with-git/about-remote-repositories#cloning-with-https-urls for information on currently recommended modes of authentication.\nfatal: Authentication failed for 'https://github.com/acme/api.git/'",
)
N(
    "stack_trace",
    "JsonWebTokenError: jwt malformed\n    at Object.module.exports [as verify] (/app/node_modules/jsonwebtoken/verify.js:70:17)\n    at authenticate (/app/src/middleware/auth.js:14:21)",
)
N("stack_trace", "TokenExpiredError: jwt expired\n    expiredAt: 2024-06-11T10:22:31.000Z")
N(
    "yaml",
    "apiVersion: v1\nkind: Secret\nmetadata:\n  name: app-config\ntype: Opaque\ndata: {}\n# populated by external-secrets, don't edit",
)
N(
    "json",
    '{"token_type": "Bearer", "expires_in": 3599, "scope": "openid profile email"}\nwhere did the access_token field go? the response only has these three',
)
N(
    "code_py",
    "def verify_password(plain: str, hashed: str) -> bool:\n    return pwd_context.verify(plain, hashed)\n\ndef get_password_hash(password: str) -> str:\n    return pwd_context.hash(password)",
)
N(
    "code_py",
    "MAX_TOKENS = 4096\nPASSWORD_MIN_LENGTH = 12\nSECRET_ROTATION_DAYS = 90\nTOKEN_TTL_SECONDS = 3600",
)
N("code_py", "PASSWORD_RESET_TIMEOUT = 259200  # 3 days, in seconds")
N(
    "code_py",
    "tokenizer.pad_token = tokenizer.eos_token\nmodel.config.pad_token_id = tokenizer.pad_token_id",
)
N(
    "yaml",
    "session:\n  token_ttl: 86400\n  refresh_token_ttl: 2592000\n  cookie_name: sid\n  secure: true",
)
N(
    "stack_trace",
    "botocore.exceptions.ClientError: An error occurred (UnrecognizedClientException) when calling the ListTables operation: The security token included in the request is invalid.",
)
N(
    "prose",
    "What does 'passwordless login' mean with passkeys — is there still a secret on the server?",
)
N(
    "prose",
    "the secret_name in our config is prod/billing/db-credentials; how do I read it from a Lambda?",
)
N(
    "json",
    '{"auth": {"type": "apikey", "header": "X-API-Key", "required": true}, "rate_limit": "600/min"}',
)
N(
    "prose_de",
    "Was ist der Unterschied zwischen einem Token und einem API-Schlüssel? Unsere Doku verwendet beides durcheinander.",
)
N("prose_fr", "Le jeton d'accès expire au bout d'une heure, est-ce qu'on peut allonger la durée ?")
N("prose_es", "El token de acceso caduca cada hora, ¿hay forma de renovarlo automáticamente?")
N(
    "error",
    "Error: error:1E08010C:DECODER routines::unsupported\n    at createPrivateKey (node:internal/crypto/keys:632:12)",
)
N(
    "prose",
    "I accidentally pasted my key into a public gist an hour ago, deleted it already. What should I rotate first?",
)
N(
    "code_py",
    'if not request.headers.get("Authorization", "").startswith("Bearer "):\n    raise HTTPException(status_code=401, detail="missing bearer token")',
)

# -- numbers that look like phones, cards, IBANs --
N("prose", "Order #114-3941689-8772232 still says 'preparing for shipment' after 9 days")
N("prose_de", "Bestellnummer 302-5567891-22, Lieferung sollte am 14.06. kommen, ist aber nicht da.")
N("prose", "ISBN 978-3-16-148410-0 — is that the 2nd or 3rd edition?")
N("prose", "EAN 4006381333931 scans as a different product in the warehouse app")
N("prose_de", "DHL Sendungsnummer 00340434161234567897 – Status seit Montag unverändert.")
N("prose", "UPS tracking 1Z 999 AA1 01 2345 6784 shows 'exception: address unknown'")
N(
    "log",
    "2024-06-11 14:32:07.541 INFO job=nightly-export rows=1284993 started=1718101234 finished=1718104420",
)
N("log", 'ts=1718101234567 level=warn msg="slow query" duration=3.218s')
N("prose", "the venue is at 48.137154, 11.576124 — can you plot that on the map component?")
N(
    "prose",
    "Price went from $2,499.99 to $2,199.00 overnight, do you price-match for orders placed on 06/09/2024?",
)
N("prose_de", "Rechnungsbetrag 1.299,00 € brutto, davon 207,41 € MwSt. — stimmt die Rundung?")
N("prose", "CHF 1'249.– for the annual plan seems off, the website says 1'149.–")
N("prose", "Chrome 125.0.6422.142 crashes on the upload page, Firefox 126.0.1 is fine")
N("prose", "Windows 11 build 10.0.22631.3593, driver version 31.0.15.5222")
N("prose", "the NAS is at 192.168.178.41 and the printer at 192.168.178.52, both on the guest wifi")
N("prose", "device SN: 4829-1837-2291, bought March 2023, still under warranty?")
N("prose", "my card ending in 1881 was charged 49.00 twice; statement shows **** **** **** 1881")
N("prose", "Transaction ID 4000 1234 5678 9011 — the bank says they can't find it")
N(
    "prose",
    "The docs show the IBAN format as DEkk BBBB BBBB CCCC CCCC CC — where kk is the check, B the bank code and C the account",
)
N("prose", "the payment reference is RF18 5390 0754 7034, do I put it in the remittance field?")
N("prose", "BIC COBADEFFXXX or COBADEFF — which one do I enter for Commerzbank?")
N("prose_de", "USt-IdNr. der Firma: DE 287 391 054 – muss die auf jeder Rechnung stehen?")
N("prose_de", "Kundennummer 4711 0815, Vertragsnummer 2024/06/118-442")
N("prose", "NodePort range is 30000-32767, I picked 31415 for the ingress")
N("prose", "SKU 100-200-3004 and SKU 100-200-3005 are the same shirt in two sizes")
N("prose", "the zip is 90210-1234, the form wants 5 digits only")
N("prose", "Salesforce case 00123456 was closed without a reply")
N("prose", "PR #12345 fixes issue #4521, please review before 17:30 CET")
N(
    "stack_trace",
    "  File \"/usr/lib/python3.11/asyncio/base_events.py\", line 1482, in create_server\n    raise OSError(err.errno, msg) from None\nOSError: [Errno 98] error while attempting to bind on address ('0.0.0.0', 8000): address already in use",
)
N("log", "Exception 0xc0000005 at address 0x00007ff6a1b2c3d4 in module app.exe, PID 48213")
N("prose", "the render took 00:12:34.567 for 1920x1080 at 60 fps")
N("yaml", "schedule:\n  - cron: '0 30 9 * * 1-5'\n  - cron: '15 2 1 * *'")
N("prose", "EKS is on 1.29.4-eks-036c24b, nodes on 1.28.9-eks-036c24b — mixed versions ok?")
N("prose", "brand colours: #1a2b3c, #f4a261, #2a9d8f")
N("prose", "40°26′46″N 79°58′56″W is where the sensor was installed")
N("prose", "Companies House number 09876543, registered 14 March 2016")
N("prose", "pp. 1123-1145 of the proceedings, 2019, vol. 32")
N("prose", "final score was 106-98 after overtime")
N("prose", "the table has 1,234,567,890 rows and the index is 48 GB")
N("error", "Windows Update failed with error 0x80070005 (access denied)")
N("prose", "ThinkPad X1 Carbon Gen 11, type 21HM-004GGE, BIOS N3XET47W (1.22)")
N("prose", "flight LH 2034 on 2024-06-14, seat 23C, booking ref on the PDF")
N("prose", "Build 2024.1.3 #IU-241.17011.79 keeps freezing during indexing")
N(
    "markdown_table",
    "| model | params | MMLU | latency (ms) |\n|---|---|---|---|\n| small | 1.3B | 42.7 | 18 |\n| base | 7.2B | 63.1 | 41 |\n| large | 70.6B | 79.4 | 212 |",
)
N(
    "csv",
    "order_id,date,sku,qty,unit_price\n100482,2024-06-01,100-200-3004,2,19.90\n100483,2024-06-01,100-200-3005,1,19.90\n100484,2024-06-02,550-010-0001,12,3.45",
)
N("prose", "order 2024-0611-0042 and 2024-0611-0043 were merged by mistake")
N("prose", "reference 310 554 227 on the parking fine, due within 14 days")
N("prose", "Ref: INV-2024-000123, amount due 1,050.00 GBP by 30/06/2024")
N("prose", "the EXIF says 2024:06:11 18:42:07, GPS 52.5200 N 13.4050 E")
N("prose_fr", "Le colis n° 6A12345678901 est bloqué à Roissy depuis le 07/06.")
N("prose_es", "El pedido 402-8812394-1129034 llegó incompleto, faltan 2 unidades.")
N("prose", "page 3 of 12 — showing results 41-60 of 237")
N("prose", "between 10:30 and 12:45 the queue grew from 1 200 to 48 000 messages")
N("prose", "Android build UP1A.231005.007, security patch 2024-05-05")
N("prose", "The meter reading is 0045 123 kWh, previous 0044 987")

# -- looks like an e-mail, is not one --
N(
    "shell",
    "git clone git@github.com:acme/api.git\nCloning into 'api'...\ngit@github.com: Permission denied (publickey).",
)
N("shell", "ssh deploy@203.0.113.10 -p 2222 'sudo systemctl restart app'")
N(
    "shell",
    "ubuntu@ip-172-31-22-14:~$ sudo systemctl status nginx\n● nginx.service - A high performance web server\n     Active: failed (Result: exit-code) since Tue 2024-06-11 08:03:11 UTC",
)
N("shell", "npm i @types/node@20.14.2 @acme/ui@2.3.1 --save-dev")
N("shell", "pip install git+https://github.com/huggingface/transformers.git@v4.41.2")
N(
    "code_py",
    '@app.get("/health")\nasync def health() -> dict[str, str]:\n    return {"status": "ok"}',
)
N(
    "css",
    "@media (max-width: 600px) {\n  .sidebar { display: none; }\n}\n@import url('https://fonts.googleapis.com/css2?family=Inter');",
)
N("docker", "FROM python:3.12-slim@sha256:{{d}}\nRUN pip install --no-cache-dir uv", d=rs(HEX, 64))
N(
    "code_java",
    "@Override\npublic void onCreate(@Nullable Bundle savedInstanceState) {\n    super.onCreate(savedInstanceState);\n}",
)
N("prose", "@channel heads-up: staging is down for maintenance 14:00–15:00 CEST")
N("prose", "I sent you an email yesterday about the invoice, did you get it?")
N("prose", "Go to python dot org and download 3.12, the Microsoft Store one is broken")
N("prose", "we meet at noon on the dot, at the office near the station")
N(
    "code_py",
    'address = f"{user}@{domain}"\nif not re.fullmatch(r"[^@\\s]+@[^@\\s]+\\.[a-z]{2,}", address):\n    raise ValueError("invalid address")',
)
N("code_js", '<button @click="submit" :disabled="loading">Send</button>')
N(
    "prose",
    "maven coordinates are org.apache.commons:commons-lang3:3.14.0, gradle picks 3.12.0 instead",
)
N("shell", "docker pull registry.gitlab.com/acme/app:1.4.2\nnpm ls lodash@4.17.21")
N("prose", "the e-mail field is empty for 14 users after the import, and the phone field for 3")
N("prose_de", "Meine E-Mail-Adresse hat sich geändert, wo kann ich sie im Profil aktualisieren?")
N(
    "prose",
    "contact form sends to the support inbox, but replies come from the no-reply address — how to change that?",
)
N(
    "log",
    "postfix/smtp[1822]: 4BFA21C0A2: to=<redacted>, relay=mx.example.net[203.0.113.25]:25, delay=1.2, status=sent (250 2.0.0 OK)",
)

# -- the same contexts as the secrets, without one --
N(
    "env_file",
    "NODE_ENV=production\nPORT=3000\nLOG_LEVEL=info\nDATABASE_HOST=db\nREDIS_URL=redis://cache:6379/0\nFEATURE_NEW_CHECKOUT=true",
)
N(
    "docker_compose",
    'services:\n  web:\n    image: ghcr.io/acme/web:2.8.1\n    ports: ["8080:8080"]\n    depends_on: [db]\n  db:\n    image: postgres:16\n    volumes: [pgdata:/var/lib/postgresql/data]\nvolumes:\n  pgdata: {}',
)
N(
    "url",
    "https://shop.example.org/search?q=wireless+earbuds&utm_source=newsletter&utm_campaign=2024_06&page=3&sort=price_desc",
)
N(
    "url",
    "https://accounts.example.com/oauth/callback?state=xyzABC123&error=access_denied&error_description=The+user+denied+access",
)
N(
    "stack_trace",
    'Traceback (most recent call last):\n  File "/app/worker.py", line 88, in process\n    total = sum(item["price"] * item["qty"] for item in order["items"])\nKeyError: \'qty\'',
)
N(
    "log",
    '198.51.100.14 - - [11/Jun/2024:06:25:24 +0000] "GET /static/app.4f9c2b1e.js HTTP/2.0" 200 184213 "https://shop.example.org/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15"',
)
N(
    "json",
    '{"id": 771, "sku": "TSH-BLK-M", "price": {"amount": 1990, "currency": "EUR"}, "stock": 42, "updated_at": "2024-06-11T08:41:00Z"}',
)
N(
    "yaml",
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: 3\n  template:\n    spec:\n      containers:\n        - name: api\n          image: ghcr.io/acme/api:3.4.0\n          resources:\n            limits: {cpu: "1", memory: 512Mi}',
)
N(
    "shell_history",
    "  990  cd ~/src/shop\n  991  git pull --rebase\n  992  npm ci\n  993  npm run build\n  994  du -sh dist/",
)
N(
    "log",
    "2024-06-11 09:00:00,001 INFO scheduler: next run of job 'cleanup' at 2024-06-12 09:00:00 (trigger: cron[hour='9'])",
)
N(
    "pip_freeze",
    "anyio==4.4.0\ncertifi==2024.6.2\nhttpx==0.27.0\nnumpy==1.26.4\npydantic==2.7.4\ntorch==2.3.1+cu121",
)
N(
    "env_file",
    "DATABASE_URL=postgresql://localhost/devdb\nTEST_DATABASE_URL=postgres://app@db:5432/app_test",
)
N(
    "curl",
    "curl -sS 'https://api.open-meteo.com/v1/forecast?latitude=52.52&longitude=13.41&hourly=temperature_2m' | jq '.hourly.temperature_2m[:5]'",
)
N(
    "forwarded_mail",
    "---------- Forwarded message ---------\nFrom: Support Team\nDate: Mon, 10 Jun 2024 at 16:03\nSubject: Your ticket #88412 has been updated\n\nwhat do they mean by 'pending on customer'?",
)
N("signature", "Cheers,\nTom\n\nSent from my iPhone")
N(
    "prose_de",
    "Die Konfiguration liegt unter /etc/app/config.yaml, Port 8443, Timeout 30 s, Wiederholungen 5.",
)
N(
    "prose_fr",
    "Le serveur renvoie une erreur 502 toutes les 10 minutes environ, le journal indique « upstream timed out ».",
)
N("prose_es", "¿Cómo hago una tabla dinámica en Excel con las ventas por mes de 2023 y 2024?")
N(
    "ini",
    "[mysqld]\nmax_connections = 500\ninnodb_buffer_pool_size = 8G\nslow_query_log = 1\nlong_query_time = 0.5",
)
N(
    "terraform",
    'resource "aws_s3_bucket" "artifacts" {\n  bucket = "acme-artifacts-prod"\n  tags = {\n    team = "platform"\n    cost_center = "4711"\n  }\n}',
)
N(
    "http",
    "GET /api/v2/orders?status=open&limit=50 HTTP/1.1\nHost: shop-backend.internal\nAccept: application/json\nUser-Agent: okhttp/4.12.0\nX-Request-Id: 6f1a2b3c-4d5e-4f60-8a7b-9c0d1e2f3a4b",
)
N(
    "code_py",
    'resp = requests.get("https://api.github.com/repos/acme/api/releases/latest", timeout=10)\nprint(resp.json()["tag_name"])',
)
N(
    "properties",
    "server.port=8081\nspring.jpa.open-in-view=false\nspring.datasource.url=jdbc:postgresql://db:5432/crm\nlogging.level.org.hibernate.SQL=DEBUG",
)
N(
    "xml",
    '<appSettings>\n  <add key="ApiBaseUrl" value="https://erp.example.local/api" />\n  <add key="TimeoutSeconds" value="30" />\n  <add key="RetryCount" value="5" />\n</appSettings>',
)
N(
    "markdown_table",
    "| env | url | replicas |\n|---|---|---|\n| staging | https://staging.acme.dev | 2 |\n| prod | https://acme.dev | 6 |",
)
N(
    "toml",
    '[tool.poetry]\nname = "invoice-bot"\nversion = "0.4.2"\n[tool.poetry.dependencies]\npython = "^3.11"\nhttpx = "^0.27"',
)
N(
    "shell",
    "openssl genrsa -out server.key 4096 && openssl req -new -key server.key -out server.csr -subj '/CN=shop.example.org'\nwhat should the CSR contain for a wildcard cert?",
)
N(
    "shell",
    "ssh-keygen -t ed25519 -C 'ci@runner' -f ~/.ssh/ci_deploy -N ''\nthen I add the .pub file to the repo's deploy keys, right?",
)
N("code_py", "import secrets\nnonce = secrets.token_urlsafe(16)\nsession['oauth_state'] = nonce")
N(
    "prose",
    "the webhook signature header is Stripe-Signature: t=1718101234,v1=... — how do I verify it in Go?",
)
N(
    "log",
    "[2024-06-11 08:55:12] INFO slack_sdk: posted message ts=1718096112.004219 channel=C05KQ8N2M1F",
)
N(
    "json",
    '{"object": "list", "data": [{"id": "gpt-4o", "object": "model", "created": 1715367049, "owned_by": "system"}]}',
)
N(
    "log",
    'INFO:     127.0.0.1:53822 - "POST /v1/chat/completions HTTP/1.1" 200 OK\nINFO:     127.0.0.1:53824 - "GET /v1/models HTTP/1.1" 200 OK',
)
N("prose", "how do I rotate the lifelong admin token without downtime? we have 3 services using it")
N(
    "yaml",
    "runs-on: ubuntu-latest\nsteps:\n  - uses: actions/checkout@v4\n  - uses: actions/setup-python@v5\n    with:\n      python-version: '3.12'\n  - run: pip install -r requirements.txt && pytest -q",
)
N(
    "prose",
    "our AWS account alias is acme-prod and the region eu-central-1; the role is called deploy-ci",
)
N("prose", "the SendGrid dashboard shows 12,481 delivered, 37 bounced, 4 spam reports for June")
N("prose", "Stripe fee for the 2,599 cent charge was 0.61 € — is that 1.5% + 0.25?")
N(
    "prose_de",
    "Unsere Twilio-Nummer soll in Zukunft auch SMS aus Österreich empfangen können — geht das?",
)
N(
    "prose",
    "Slack app manifest has scopes chat:write, channels:read, groups:read — is that enough to post in private channels?",
)
N(
    "prose",
    "GitLab CI says 'This job is stuck because the project doesn't have any runners online assigned to it.'",
)
N("prose", "Hugging Face download speed is 2 MB/s from the cluster, 80 MB/s from my laptop")
N(
    "prose",
    "After the Google OAuth consent screen I get 'Error 400: redirect_uri_mismatch', the URI is http://localhost:8080/callback",
)
N("prose", "Does the Anthropic API support batch requests with up to 10,000 messages per batch?")
N(
    "log",
    "2024-06-11T12:00:00Z payments: settled 1,284 charges, total 58,212.40 EUR, fees 1,021.77 EUR",
)
N(
    "prose",
    "a card number has 16 digits and the last one is a Luhn check digit, right? how does that work?",
)
N(
    "prose",
    "we store phone numbers in E.164 format, e.g. the plus sign, country code, then the subscriber number — max 15 digits",
)
N("prose", "timestamps like 1718101234 are seconds, 1718101234000 are milliseconds")


# ========================================== checks =========================================


def leaked(secret: str, out: str) -> bool:  # as bench/scrub.py decides it
    if secret in out:
        return True
    return len(secret) >= 10 and any(secret[i : i + 6] in out for i in range(len(secret) - 5))


def check(rows: list[dict[str, Any]]) -> None:
    texts = set()
    problems: list[tuple[str, str, str]] = []
    for row in rows:
        assert row["text"] not in texts, row["text"][:80]
        texts.add(row["text"])
        assert not MARK.search(row["text"]), row["text"][:80]
        if row["category"] == "negative":
            continue
        for s in row["secrets"]:
            assert s in row["text"], (row["kind"], s)
        # A scrubber replacing exactly the secrets must be scored as catching the turn.
        out = row["text"]
        for s in sorted(row["secrets"], key=len, reverse=True):
            out = out.replace(s, "[X]")
        problems += [(row["kind"], s, out) for s in row["secrets"] if leaked(s, out)]
        if row["kind"] == "card":
            assert all(luhn_ok(s) for s in row["secrets"])
        if row["kind"] == "iban":
            assert all(iban_ok(s) for s in row["secrets"])
    assert not problems, "\n".join(map(repr, problems))
    positives = [r for r in rows if r["category"] != "negative"]
    negatives = [r for r in rows if r["category"] == "negative"]
    assert len(positives) >= 150 and len(negatives) >= 150, (len(positives), len(negatives))
    assert {r["kind"] for r in positives} == SECRET_KINDS | PII_KINDS


def main() -> int:
    check(ROWS)
    with OUT.open("w", encoding="utf-8") as f:
        for row in ROWS:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    positives = sum(1 for r in ROWS if r["category"] != "negative")
    sys.stdout.write(f"{OUT.name}: {positives} positives, {len(ROWS) - positives} negatives\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
