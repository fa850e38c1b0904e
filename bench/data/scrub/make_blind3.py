# ruff: noqa: E501, E741, B905, RUF005, SIM108  (a generated corpus: kept as its author wrote it, blind)
"""Blind scrub corpus #3.

Written without looking at the scrubber (lifelong/learning/scrub/), at its
benchmark (bench/scrub.py) or at the earlier corpora and their generators, so
that it measures the scrubber honestly. Deterministic (a fixed
random.Random seed, stdlib only); running it rewrites blind3.jsonl next to
this file.

Line format, one JSON object per line:
    {"text": str, "category": "secret" | "pii" | "negative", "kind": str,
     "secrets": [str, ...], "context": str}
`secrets` are exact substrings of `text` that must not survive scrubbing.
Negatives have kind "negative" and no secrets, and must come out unchanged.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import random
import string
import unicodedata
import urllib.parse
from collections import Counter
from pathlib import Path

R = random.Random(730_313)

UP = string.ascii_uppercase
LO = string.ascii_lowercase
DG = string.digits
AN = UP + LO + DG
LET = UP + LO
B64 = AN + "+/"
URLSAFE = AN + "-_"
HEX = "0123456789abcdef"


def rs(alpha: str, n: int) -> str:
    return "".join(R.choice(alpha) for _ in range(n))


def pick(seq):
    return R.choice(seq)


def d(n: int) -> str:
    return rs(DG, n)


def nz(n: int) -> str:
    return str(R.randint(1, 9)) + d(n - 1)


def ascii_fold(s: str) -> str:
    for a, b in (("ß", "ss"), ("ł", "l"), ("Ł", "L"), ("ı", "i"), ("ø", "o")):
        s = s.replace(a, b)
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def rand_bytes(n: int) -> bytes:
    return bytes(R.getrandbits(8) for _ in range(n))


RECORDS: list[dict] = []


def add(category: str, kind: str, text: str, secrets: list[str], context: str) -> None:
    RECORDS.append(
        {
            "text": text,
            "category": category,
            "kind": kind,
            "secrets": list(secrets),
            "context": context,
        }
    )


def emit(category: str, kind: str, make_value, templates, n: int) -> None:
    """templates: callables value -> (text, context) or (text, context, secrets)."""
    for i in range(n):
        v = make_value()
        out = templates[i % len(templates)](v)
        if len(out) == 2:
            text, ctx = out
            secrets = [v] if isinstance(v, str) else list(v)
        else:
            text, ctx, secrets = out
        add(category, kind, text, secrets, ctx)


# ---------------------------------------------------------------- people

PEOPLE = {
    "de": [
        ("Katrin", "Vogelsang"),
        ("Jonas", "Hartmann"),
        ("Sabine", "Kretschmer"),
        ("Lukas", "Brandtner"),
        ("Mehmet", "Yıldız"),
        ("Jürgen", "Weißmüller"),
    ],
    "en": [
        ("Emily", "Hartwell"),
        ("Marcus", "Oyelaran"),
        ("Priya", "Raghunathan"),
        ("Connor", "McAllister"),
        ("Hannah", "Whitfield"),
        ("Dylan", "Brooks"),
    ],
    "fr": [
        ("Camille", "Lefebvre"),
        ("Théo", "Marchand"),
        ("Élodie", "Garnier"),
        ("Nicolas", "Roussel"),
    ],
    "es": [
        ("Lucía", "Fernández"),
        ("Javier", "Morales"),
        ("Carmen", "Ruiz"),
        ("Álvaro", "Domínguez"),
    ],
    "nl": [
        ("Sanne", "de Vries"),
        ("Daan", "van der Meulen"),
        ("Femke", "Jansen"),
        ("Bram", "Kuipers"),
    ],
    "it": [
        ("Giulia", "Bianchi"),
        ("Marco", "Esposito"),
        ("Francesca", "Ricci"),
        ("Lorenzo", "Galli"),
    ],
    "pt": [("João", "Carvalho"), ("Beatriz", "Sousa"), ("Tiago", "Ferreira"), ("Mariana", "Lopes")],
    "pl": [
        ("Agnieszka", "Wiśniewska"),
        ("Piotr", "Zieliński"),
        ("Marta", "Kowalczyk"),
        ("Tomasz", "Wróbel"),
    ],
}
JA_PEOPLE = [
    ("佐藤", "陽菜", "sato", "hina"),
    ("高橋", "健太", "takahashi", "kenta"),
    ("渡辺", "美咲", "watanabe", "misaki"),
]

MAIL_DOMAINS = {
    "de": ["gmx.de", "web.de", "posteo.de", "t-online.de", "mailbox.org", "gmail.com"],
    "en": [
        "gmail.com",
        "outlook.com",
        "yahoo.com",
        "icloud.com",
        "protonmail.com",
        "hotmail.co.uk",
    ],
    "fr": ["orange.fr", "free.fr", "laposte.net", "gmail.com", "sfr.fr"],
    "es": ["gmail.com", "hotmail.es", "telefonica.net", "yahoo.es"],
    "nl": ["ziggo.nl", "kpnmail.nl", "gmail.com", "xs4all.nl", "hotmail.nl"],
    "it": ["libero.it", "gmail.com", "virgilio.it", "tiscali.it"],
    "pt": ["sapo.pt", "gmail.com", "uol.com.br", "outlook.pt"],
    "pl": ["wp.pl", "onet.pl", "o2.pl", "interia.pl", "gmail.com"],
    "ja": ["docomo.ne.jp", "yahoo.co.jp", "gmail.com", "ezweb.ne.jp"],
}


def person(lang: str):
    return pick(PEOPLE[lang])


def full(p) -> str:
    return f"{p[0]} {p[1]}"


def local_part(first: str, last: str, style: int | None = None) -> str:
    f = ascii_fold(first).lower().replace(" ", "")
    l = ascii_fold(last).lower().replace(" ", "")
    if style is None:
        style = R.randint(0, 4)
    return [f"{f}.{l}", f"{f[0]}.{l}", f"{f}{l}{R.randint(10, 99)}", f"{l}.{f}", f"{f}_{l}"][style]


def email(lang: str, p=None, style: int | None = None) -> str:
    p = p or person(lang)
    return f"{local_part(p[0], p[1], style)}@{pick(MAIL_DOMAINS[lang])}"


# ---------------------------------------------------------------- secret value makers


def aws_key_id(prefix: str = "AKIA") -> str:
    return prefix + rs(UP + "234567", 16)


def aws_secret() -> str:
    return rs(AN + "+/", 40)


def human_pw() -> str:
    word = pick(
        [
            "Sonnenblume",
            "Kaffeetasse",
            "Marmotte",
            "Girasol",
            "Fietsbel",
            "Tramonto",
            "Jaguar",
            "Pinguin",
            "Bergsee",
            "Lighthouse",
            "Rosmarin",
            "Tulpenveld",
            "Azulejo",
            "Wiewiorka",
            "Kirschbaum",
            "Papillon",
        ]
    )
    sym = pick("!#%*?-+=.")
    num = str(R.randint(10, 9999))
    return pick(
        [
            word + sym + num,
            word + num + sym,
            num + word + sym,
            word.lower() + sym + word[:3].upper() + num,
        ]
    )


def random_pw(n: int | None = None) -> str:
    n = n or R.randint(14, 24)
    while True:
        s = rs(AN + "!#%*-_+=.", n)
        if any(c in DG for c in s) and any(c in UP for c in s) and any(c in LO for c in s):
            return s


def pw() -> str:
    return human_pw() if R.random() < 0.45 else random_pw()


def url_pw() -> str:
    while True:
        s = rs(AN + "-_.~", R.randint(14, 22))
        if any(c in DG for c in s) and any(c in UP for c in s):
            return s


def shell_pw() -> str:
    while True:
        s = rs(AN + "-_.%+=", R.randint(12, 20))
        if any(c in DG for c in s) and any(c in UP for c in s) and s[0] not in "-":
            return s


def gh_token(prefix: str) -> str:
    if prefix == "github_pat_":
        return "github_pat_11" + rs(UP + DG, 20) + "_" + rs(AN, 59)
    return prefix + rs(AN, 36)


def slack_bot() -> str:
    return f"xoxb-{R.randint(10**10, 10**12 - 1)}-{R.randint(10**12, 10**13 - 1)}-{rs(AN, 24)}"


def slack_user() -> str:
    return f"xoxp-{R.randint(10**10, 10**12 - 1)}-{R.randint(10**10, 10**12 - 1)}-{R.randint(10**12, 10**13 - 1)}-{rs(HEX, 32)}"


def slack_hook():
    tail = rs(AN, 24)
    return (f"https://hooks.slack.com/services/T{rs(UP + DG, 9)}/B{rs(UP + DG, 10)}/{tail}", tail)


def openai_key() -> str:
    return pick(
        [
            lambda: "sk-" + rs(AN, 20) + "T3BlbkFJ" + rs(AN, 20),
            lambda: "sk-proj-" + rs(URLSAFE, 74) + "T3BlbkFJ" + rs(URLSAFE, 74),
            lambda: "sk-svcacct-" + rs(URLSAFE, 74) + "T3BlbkFJ" + rs(URLSAFE, 74),
        ]
    )()


def anthropic_key() -> str:
    return pick(["sk-ant-api03-", "sk-ant-api03-", "sk-ant-admin01-"]) + rs(URLSAFE, 93) + "AA"


def discord_token() -> str:
    uid = str(R.randint(10**17, 13 * 10**17))
    return (
        base64.b64encode(uid.encode()).decode().rstrip("=")
        + "."
        + rs(URLSAFE, 6)
        + "."
        + rs(URLSAFE, 38)
    )


def telegram_token() -> str:
    return f"{R.randint(10**8, 79 * 10**8)}:AA{rs(URLSAFE, 33)}"


def jwt(payload: dict, alg: str = "HS256") -> str:
    head = b64url(json.dumps({"alg": alg, "typ": "JWT"}, separators=(",", ":")).encode())
    body = b64url(json.dumps(payload, separators=(",", ":")).encode())
    sig = rs(URLSAFE, 43) if alg.startswith("HS") else rs(URLSAFE, 342)
    return f"{head}.{body}.{sig}"


def jwt_value() -> str:
    iat = R.randint(1_700_000_000, 1_730_000_000)
    payload = pick(
        [
            {
                "sub": f"user_{R.randint(1000, 99999)}",
                "iat": iat,
                "exp": iat + 3600,
                "scope": "read write",
            },
            {"sub": str(R.randint(10**8, 10**9)), "role": "admin", "iat": iat, "exp": iat + 86400},
            {
                "iss": "https://auth.kraemer-logistik.de/realms/prod",
                "sub": rs(HEX, 8)
                + "-"
                + rs(HEX, 4)
                + "-4"
                + rs(HEX, 3)
                + "-a"
                + rs(HEX, 3)
                + "-"
                + rs(HEX, 12),
                "azp": "web",
                "iat": iat,
                "exp": iat + 300,
            },
        ]
    )
    return jwt(payload, pick(["HS256", "HS256", "RS256"]))


def azure_storage_key() -> str:
    return base64.b64encode(rand_bytes(64)).decode()


def azure_sig() -> str:
    return urllib.parse.quote(base64.b64encode(rand_bytes(32)).decode(), safe="")


def azure_client_secret() -> str:
    return rs(AN, 3) + "8Q~" + rs(AN + "_.~-", 34)


def uuid4() -> str:
    h = rs(HEX, 32)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{pick('89ab')}{h[17:20]}-{h[20:]}"


def llt_token():
    ident = rs(pick([AN, AN + "-"]), R.randint(20, 32))
    if R.random() < 0.5:
        sec = rs(AN + "-", 32)
        return (f"llt_{ident}_{sec}", sec)
    return (f"llt_{ident}",)


def wrap(s: str, w: int) -> list[str]:
    return [s[i : i + w] for i in range(0, len(s), w)]


def key_secrets(lines: list[str], skip_first: int = 0) -> list[str]:
    cand = [l for l in lines[skip_first:] if len(l) >= 16]
    out = []
    for l in (cand[0], cand[len(cand) // 2], cand[-1]):
        if l not in out:
            out.append(l)
    return out


def rsa_pkcs1_lines() -> list[str]:
    pre = "MIIEowIBAAKCAQEA"
    return wrap(pre + rs(B64, 1588 - len(pre)) + "==", 64)


def pkcs8_lines() -> list[str]:
    pre = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ"
    return wrap(pre + rs(B64, 1624 - len(pre)), 64)


def ec_lines() -> list[str]:
    pre = "MHcCAQEEI"
    return wrap(pre + rs(B64, 162 - len(pre)) + "==", 64)


def openssh_lines() -> list[str]:
    first = "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW"
    rest = "QyNTUxOQAAACB" + rs(B64, 316 - 13) + "="
    return [first] + wrap(rest, 70)


def pgp_lines() -> list[str]:
    return wrap("lQdGBGX" + rs(B64, 64 * 22 - 7), 64) + ["=" + rs(B64, 4)]


def pem_block(label: str, lines: list[str], indent: str = "") -> str:
    body = "\n".join(indent + l for l in lines)
    return f"{indent}-----BEGIN {label}-----\n{body}\n{indent}-----END {label}-----"


# ================================================================ SECRETS

# --- AWS
emit(
    "secret",
    "aws_credentials",
    lambda: (aws_key_id(), aws_secret()),
    [
        lambda v: (
            f"[default]\naws_access_key_id = {v[0]}\naws_secret_access_key = {v[1]}\nregion = eu-central-1\n",
            "config_file",
        ),
        lambda v: (
            f"export AWS_ACCESS_KEY_ID={v[0]}\nexport AWS_SECRET_ACCESS_KEY={v[1]}\naws s3 sync ./dist s3://shop-frontend-prod --delete",
            "shell_history",
        ),
        lambda v: (
            f's3 = boto3.client(\n    "s3",\n    aws_access_key_id="{v[0]}",\n    aws_secret_access_key="{v[1]}",\n)\n# why does this raise SignatureDoesNotMatch?',
            "python_code",
        ),
        lambda v: (
            f"Hallo, kannst du mir sagen, warum das nicht klappt? Access Key ID: {v[0]}, Secret: {v[1]} – Region ist eu-west-1.",
            "chat",
        ),
        lambda v: (
            f'provider "aws" {{\n  region     = "us-east-1"\n  access_key = "{v[0]}"\n  secret_key = "{v[1]}"\n}}',
            "terraform",
        ),
        lambda v: (
            f"jobs:\n  deploy:\n    runs-on: ubuntu-latest\n    env:\n      AWS_ACCESS_KEY_ID: {v[0]}\n      AWS_SECRET_ACCESS_KEY: {v[1]}\n      AWS_DEFAULT_REGION: eu-north-1",
            "ci_config",
        ),
        lambda v: (
            f"J'ai mis mes identifiants dans le code (je sais…) : AWS_SECRET_ACCESS_KEY=\"{v[1]}\" avec l'id {v[0]}. Comment les déplacer dans Secrets Manager ?",
            "chat",
        ),
        lambda v: (
            f"2024-05-14 08:02:11,907 DEBUG botocore.credentials Using static credentials access_key={v[0]} secret_key={v[1]}",
            "log_line",
        ),
    ],
    8,
)

emit(
    "secret",
    "aws_session_token",
    lambda: (aws_key_id("ASIA"), aws_secret(), "IQoJb3JpZ2luX2VjE" + rs(B64, 340)),
    [
        lambda v: (
            f"[temp]\naws_access_key_id = {v[0]}\naws_secret_access_key = {v[1]}\naws_session_token = {v[2]}",
            "config_file",
        ),
        lambda v: (
            f'{{\n  "Credentials": {{\n    "AccessKeyId": "{v[0]}",\n    "SecretAccessKey": "{v[1]}",\n    "SessionToken": "{v[2]}",\n    "Expiration": "2024-09-03T17:12:44+00:00"\n  }}\n}}',
            "json",
        ),
    ],
    2,
)


# --- GCP service account
def gcp_sa():
    lines = pkcs8_lines()
    proj = pick(
        ["acme-analytics-4127", "shop-prod-318820", "etl-pipeline-20931", "ml-sandbox-77410"]
    )
    sa = {
        "type": "service_account",
        "project_id": proj,
        "private_key_id": rs(HEX, 40),
        "private_key": "-----BEGIN PRIVATE KEY-----\n"
        + "\n".join(lines)
        + "\n-----END PRIVATE KEY-----\n",
        "client_email": f"etl-runner@{proj}.iam.gserviceaccount.com",
        "client_id": nz(21),
        "auth_uri": "https://accounts.google.com/o/oauth2/auth",
        "token_uri": "https://oauth2.googleapis.com/token",
    }
    return sa, key_secrets(lines)


emit(
    "secret",
    "gcp_service_account",
    gcp_sa,
    [
        lambda v: (json.dumps(v[0], indent=2), "json", v[1]),
        lambda v: (
            "Here's my service account file, gspread says invalid_grant:\n" + json.dumps(v[0]),
            "chat",
            v[1],
        ),
        lambda v: (
            "GOOGLE_CREDENTIALS='" + json.dumps(v[0], separators=(",", ":")) + "'",
            "env_file",
            v[1],
        ),
        lambda v: (
            'creds = service_account.Credentials.from_service_account_info({\n    "type": "service_account",\n    "project_id": "'
            + v[0]["project_id"]
            + '",\n    "private_key": '
            + json.dumps(v[0]["private_key"])
            + ',\n    "client_email": "'
            + v[0]["client_email"]
            + '",\n})',
            "python_code",
            v[1],
        ),
    ],
    4,
)

emit(
    "secret",
    "google_api_key",
    lambda: "AIza" + rs(URLSAFE, 35),
    [
        lambda v: (f"GEMINI_API_KEY={v}\nGEMINI_MODEL=gemini-1.5-flash", "env_file"),
        lambda v: (
            f"curl \"https://generativelanguage.googleapis.com/v1beta/models/gemini-1.5-flash:generateContent?key={v}\" -H 'Content-Type: application/json' -d @prompt.json",
            "shell_history",
        ),
        lambda v: (
            f"Pourquoi l'API YouTube renvoie quotaExceeded ? J'appelle https://www.googleapis.com/youtube/v3/search?part=snippet&q=lofi&key={v}",
            "chat",
        ),
    ],
    3,
)

# --- Azure
emit(
    "secret",
    "azure_storage_connection_string",
    azure_storage_key,
    [
        lambda v: (
            f'"ConnectionStrings": {{\n  "Blob": "DefaultEndpointsProtocol=https;AccountName=stkraemerprod;AccountKey={v};EndpointSuffix=core.windows.net"\n}}',
            "json",
        ),
        lambda v: (
            f"AZURE_STORAGE_CONNECTION_STRING=DefaultEndpointsProtocol=https;AccountName=fietsdata01;AccountKey={v};EndpointSuffix=core.windows.net",
            "env_file",
        ),
        lambda v: (
            f'az storage blob list --account-name mlartifacts7 --account-key "{v}" -c checkpoints -o table',
            "shell_history",
        ),
    ],
    3,
)

emit(
    "secret",
    "azure_sas_token",
    azure_sig,
    [
        lambda v: (
            f"https://stkraemerprod.blob.core.windows.net/exports/2024-05.csv?sv=2022-11-02&ss=b&srt=sco&sp=rl&se=2025-06-30T18:00:00Z&st=2024-06-01T08:00:00Z&spr=https&sig={v}",
            "chat",
        ),
        lambda v: (
            f'azcopy copy "./backup.tar.gz" "https://fietsdata01.blob.core.windows.net/backups?sv=2023-01-03&sp=racwl&se=2024-12-31T23:59:59Z&sr=c&sig={v}"',
            "shell_history",
        ),
        lambda v: (
            f'SAS_TOKEN="?sv=2022-11-02&ss=bfqt&srt=sco&sp=rwdlacupiytfx&se=2025-01-01T00:00:00Z&spr=https&sig={v}"',
            "env_file",
        ),
    ],
    3,
)

emit(
    "secret",
    "azure_client_secret",
    azure_client_secret,
    [
        lambda v: (
            f"AZURE_TENANT_ID={uuid4()}\nAZURE_CLIENT_ID={uuid4()}\nAZURE_CLIENT_SECRET={v}",
            "env_file",
        ),
        lambda v: (
            f"az login --service-principal -u {uuid4()} -p '{v}' --tenant {uuid4()}",
            "shell_history",
        ),
    ],
    2,
)

# --- GitHub
_gh_prefixes = iter(
    ["ghp_", "github_pat_", "gho_", "ghp_", "ghs_", "ghu_", "github_pat_", "ghp_", "ghr_", "ghp_"]
)
emit(
    "secret",
    "github_token",
    lambda: gh_token(next(_gh_prefixes)),
    [
        lambda v: (
            f"git remote set-url origin https://{v}@github.com/acme-labs/infra-scripts.git",
            "shell_history",
        ),
        lambda v: (
            f"GITHUB_TOKEN={v}\nGITHUB_OWNER=acme-labs\nGITHUB_REPO=infra-scripts",
            "env_file",
        ),
        lambda v: (
            f"github.com:\n    user: kvogelsang\n    oauth_token: {v}\n    git_protocol: https",
            "yaml",
        ),
        lambda v: (
            f'curl -H "Authorization: token {v}" "https://api.github.com/repos/acme-labs/infra-scripts/actions/runs?per_page=5"',
            "shell_history",
        ),
        lambda v: (
            f"2024-05-02T11:32:09.4411Z ##[debug]Fetching https://x-access-token:{v}@github.com/acme-labs/site.git",
            "log_line",
        ),
        lambda v: (f"echo {v} | gh auth login --with-token", "shell_history"),
        lambda v: (
            f"Mein Token ({v}) funktioniert plötzlich nicht mehr, GitHub sagt „Bad credentials“. Ist der abgelaufen?",
            "chat",
        ),
        lambda v: (
            f'from github import Github\ng = Github("{v}")\nrepo = g.get_repo("acme-labs/infra-scripts")\nprint(repo.stargazers_count)',
            "python_code",
        ),
        lambda v: (
            f"//npm.pkg.github.com/:_authToken={v}\n@acme-labs:registry=https://npm.pkg.github.com",
            "config_file",
        ),
        lambda v: (
            f'[url "https://{v}:x-oauth-basic@github.com/"]\n\tinsteadOf = https://github.com/',
            "config_file",
        ),
    ],
    10,
)

# --- GitLab
emit(
    "secret",
    "gitlab_token",
    lambda: pick(["glpat-", "glpat-", "glrt-"]) + rs(URLSAFE, 20),
    [
        lambda v: (
            f'curl --header "PRIVATE-TOKEN: {v}" "https://gitlab.com/api/v4/projects/4127/pipelines?status=failed"',
            "shell_history",
        ),
        lambda v: (
            f"git clone https://oauth2:{v}@gitlab.kraemer-logistik.de/platform/billing-service.git",
            "shell_history",
        ),
        lambda v: (
            f"gitlab-runner register --non-interactive --url https://gitlab.com --token {v} --executor docker --docker-image alpine:3.19",
            "shell_history",
        ),
        lambda v: (
            f"Ciao, con il token {v} ricevo 401 Unauthorized. Lo scope è api + read_repository, cosa manca?",
            "chat",
        ),
    ],
    4,
)

# --- Slack
emit(
    "secret",
    "slack_token",
    lambda: pick([slack_bot, slack_user])(),
    [
        lambda v: (
            f"SLACK_TOKEN={v}\nSLACK_SIGNING_SECRET={(s := rs(HEX, 32))}",
            "env_file",
            [v, s],
        ),
        lambda v: (
            f'from slack_sdk import WebClient\nclient = WebClient(token="{v}")\nclient.chat_postMessage(channel="#deploys", text="done")',
            "python_code",
        ),
        lambda v: (
            f'curl -X POST -H \'Authorization: Bearer {v}\' -H \'Content-type: application/json\' --data \'{{"channel":"C04R7QK2L","text":"hi"}}\' https://slack.com/api/chat.postMessage',
            "shell_history",
        ),
        lambda v: (f'slack:\n  token: "{v}"\n  channel: alerts-prod\n  username: grafana', "yaml"),
        lambda v: (
            f"Het Slack-token {v} werkt alleen in mijn eigen workspace. Hoe krijg ik er een voor de hele organisatie?",
            "chat",
        ),
    ],
    5,
)

emit(
    "secret",
    "slack_webhook",
    slack_hook,
    [
        lambda v: (
            f"curl -X POST -H 'Content-type: application/json' --data '{{\"text\":\"Backup finished\"}}' {v[0]}",
            "shell_history",
            [v[1]],
        ),
        lambda v: (
            f"receivers:\n- name: slack-oncall\n  slack_configs:\n  - api_url: '{v[0]}'\n    channel: '#oncall'\n    send_resolved: true",
            "yaml",
            [v[1]],
        ),
        lambda v: (f"SLACK_WEBHOOK_URL={v[0]}", "env_file", [v[1]]),
    ],
    3,
)

# --- Stripe
emit(
    "secret",
    "stripe_key",
    lambda: pick(["sk_live_51", "sk_live_51", "rk_live_51", "sk_test_51"]) + rs(AN, 97),
    [
        lambda v: (
            f'import stripe\nstripe.api_key = "{v}"\ncustomer = stripe.Customer.create(email=form.email.data)',
            "python_code",
        ),
        lambda v: (
            f"STRIPE_SECRET_KEY={v}\nSTRIPE_PUBLISHABLE_KEY=pk_live_51{rs(AN, 97)}",
            "env_file",
        ),
        lambda v: (
            f"curl https://api.stripe.com/v1/charges -u {v}: -d amount=2000 -d currency=eur -d source=tok_visa",
            "shell_history",
        ),
        lambda v: (f"const stripe = require('stripe')('{v}');", "javascript_code"),
        lambda v: (
            f"¿Por qué me da «Invalid API Key provided» si la clave es {v}? La copié del dashboard.",
            "chat",
        ),
        lambda v: (f'[stripe]\nsecret_key = "{v}"\nwebhook_tolerance = 300', "toml"),
    ],
    6,
)

emit(
    "secret",
    "stripe_webhook_secret",
    lambda: "whsec_" + rs(AN, 32),
    [
        lambda v: (
            f'event = stripe.Webhook.construct_event(payload, sig_header, "{v}")',
            "python_code",
        ),
        lambda v: (
            f"> Ready! You are using Stripe API Version [2024-04-10]. Your webhook signing secret is {v} (^C to quit)",
            "shell_history",
        ),
    ],
    2,
)

# --- LLM providers
emit(
    "secret",
    "openai_key",
    openai_key,
    [
        lambda v: (f"OPENAI_API_KEY={v}\nOPENAI_MODEL=gpt-4o-mini\n", "env_file"),
        lambda v: (f'from openai import OpenAI\nclient = OpenAI(api_key="{v}")', "python_code"),
        lambda v: (
            f'curl https://api.openai.com/v1/chat/completions \\\n  -H "Content-Type: application/json" \\\n  -H "Authorization: Bearer {v}" \\\n  -d \'{{"model": "gpt-4o", "messages": [{{"role": "user", "content": "ping"}}]}}\'',
            "shell_history",
        ),
        lambda v: (
            f"my key is {v} but I keep getting 429 insufficient_quota, is it broken?",
            "chat",
        ),
        lambda v: (
            f'{{\n  "openai": {{\n    "apiKey": "{v}",\n    "organization": "org-{rs(AN, 24)}"\n  }}\n}}',
            "json",
        ),
        lambda v: (f"APIキーは {v} です。なぜ401エラーになりますか？", "chat"),
    ],
    6,
)

emit(
    "secret",
    "anthropic_key",
    anthropic_key,
    [
        lambda v: (f'import anthropic\nclient = anthropic.Anthropic(api_key="{v}")', "python_code"),
        lambda v: (
            f'export ANTHROPIC_API_KEY="{v}"\npython agent.py --model claude-3-5-sonnet-latest',
            "shell_history",
        ),
        lambda v: (
            f'curl https://api.anthropic.com/v1/messages -H "x-api-key: {v}" -H "anthropic-version: 2023-06-01" -H "content-type: application/json" -d @req.json',
            "shell_history",
        ),
        lambda v: (
            f"W pliku .env mam ANTHROPIC_API_KEY={v}, ale biblioteka go nie widzi. Co robię źle?",
            "chat",
        ),
        lambda v: (
            f'{{\n  "mcpServers": {{\n    "notes": {{\n      "command": "npx",\n      "args": ["-y", "notes-mcp"],\n      "env": {{ "ANTHROPIC_API_KEY": "{v}" }}\n    }}\n  }}\n}}',
            "json",
        ),
    ],
    5,
)

emit(
    "secret",
    "huggingface_token",
    lambda: "hf_" + rs(LET, 34),
    [
        lambda v: (f"huggingface-cli login --token {v} --add-to-git-credential", "shell_history"),
        lambda v: (f'from huggingface_hub import login\nlogin(token="{v}")', "python_code"),
        lambda v: (
            f"HF_TOKEN={v} python train.py --push_to_hub --hub_model_id lorenzo-galli/bert-it-ner",
            "shell_history",
        ),
        lambda v: (
            f"Il mio token HF è {v}, ho i permessi di scrittura ma push_to_hub fallisce con 403.",
            "chat",
        ),
    ],
    4,
)

# --- package registries
emit(
    "secret",
    "npm_token",
    lambda: "npm_" + rs(AN, 36),
    [
        lambda v: (
            f"registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken={v}\nalways-auth=true",
            "config_file",
        ),
        lambda v: (
            f"- run: npm publish --access public\n  env:\n    NODE_AUTH_TOKEN: {v}",
            "ci_config",
        ),
        lambda v: (
            f"npm ERR! code E403 even though I set NPM_TOKEN={v} in the Jenkins job. What else is needed?",
            "chat",
        ),
    ],
    3,
)

emit(
    "secret",
    "pypi_token",
    lambda: "pypi-AgEIcHlwaS5vcmcCJD" + rs(URLSAFE, 150),
    [
        lambda v: (
            f"[distutils]\nindex-servers = pypi\n\n[pypi]\n  username = __token__\n  password = {v}",
            "config_file",
        ),
        lambda v: (f"twine upload -u __token__ -p {v} dist/*", "shell_history"),
        lambda v: (f"uv publish --token {v}", "shell_history"),
    ],
    3,
)

# --- messaging / mail
emit(
    "secret",
    "sendgrid_key",
    lambda: "SG." + rs(URLSAFE, 22) + "." + rs(URLSAFE, 43),
    [
        lambda v: (f'sg = SendGridAPIClient("{v}")\nresponse = sg.send(message)', "python_code"),
        lambda v: (
            f"SENDGRID_API_KEY='{v}'\nMAIL_FROM=noreply@fietsenwinkel-utrecht.nl",
            "env_file",
        ),
        lambda v: (
            f"Bonjour, ma clé SendGrid {v} renvoie « The provided authorization grant is invalid ». Une idée ?",
            "chat",
        ),
    ],
    3,
)

emit(
    "secret",
    "twilio",
    lambda: ("AC" + rs(HEX, 32), rs(HEX, 32)),
    [
        lambda v: (
            f'client = Client("{v[0]}", "{v[1]}")\nclient.messages.create(to=to_number, from_=from_number, body="Your code is ready")',
            "python_code",
            [v[1]],
        ),
        lambda v: (f"TWILIO_ACCOUNT_SID={v[0]}\nTWILIO_AUTH_TOKEN={v[1]}", "env_file", [v[1]]),
        lambda v: (
            f"curl -X POST https://api.twilio.com/2010-04-01/Accounts/{v[0]}/Messages.json -u SK{rs(HEX, 32)}:{v[1]} --data-urlencode 'Body=Test'",
            "shell_history",
            [v[1]],
        ),
    ],
    3,
)

emit(
    "secret",
    "mailgun_key",
    lambda: pick(["key-" + rs(HEX, 32), rs(HEX, 32) + "-" + rs(HEX, 8) + "-" + rs(HEX, 8)]),
    [
        lambda v: (
            f'requests.post(\n    "https://api.mailgun.net/v3/mg.kraemer-logistik.de/messages",\n    auth=("api", "{v}"),\n    data={{"from": "Versand <versand@mg.kraemer-logistik.de>", "to": [recipient], "subject": "Lieferung"}},\n)',
            "python_code",
        ),
        lambda v: (f"MAILGUN_API_KEY={v}\nMAILGUN_DOMAIN=mg.fietsenwinkel-utrecht.nl", "env_file"),
        lambda v: (
            f"curl -s --user 'api:{v}' https://api.eu.mailgun.net/v3/domains",
            "shell_history",
        ),
    ],
    3,
)

emit(
    "secret",
    "discord_bot_token",
    discord_token,
    [
        lambda v: (
            f'import discord\n\nintents = discord.Intents.default()\nclient = discord.Client(intents=intents)\n\nclient.run("{v}")',
            "python_code",
        ),
        lambda v: (f"DISCORD_TOKEN={v}\nGUILD_ID={nz(18)}", "env_file"),
        lambda v: (
            f"Mon bot ne se connecte pas : discord.errors.LoginFailure: Improper token has been passed. Token utilisé : {v}",
            "chat",
        ),
    ],
    3,
)

emit(
    "secret",
    "telegram_bot_token",
    telegram_token,
    [
        lambda v: (f"curl https://api.telegram.org/bot{v}/getUpdates", "shell_history"),
        lambda v: (f'import telebot\nbot = telebot.TeleBot("{v}")', "python_code"),
        lambda v: (
            f'services:\n  bot:\n    image: ghcr.io/bram-kuipers/fiets-bot:latest\n    environment:\n      TELEGRAM_BOT_TOKEN: "{v}"',
            "yaml",
        ),
        lambda v: (
            f"BotFather gave me this:\nDone! Use this token to access the HTTP API:\n{v}\nKeep your token secure and store it safely.",
            "chat",
        ),
    ],
    4,
)

# --- JWT / bearer
emit(
    "secret",
    "jwt",
    jwt_value,
    [
        lambda v: (
            f"GET /api/v1/orders?status=open HTTP/1.1\nHost: api.kraemer-logistik.de\nAuthorization: Bearer {v}\nAccept: application/json",
            "http_request",
        ),
        lambda v: (f"localStorage.setItem('access_token', '{v}');", "javascript_code"),
        lambda v: (
            f'Why does jwt.decode fail with ExpiredSignatureError?\ntoken = "{v}"\njwt.decode(token, key, algorithms=["HS256"])',
            "python_code",
        ),
        lambda v: (
            f'{{"access_token": "{v}", "token_type": "bearer", "expires_in": 3600}}',
            "json",
        ),
        lambda v: (
            f"2024-06-11 14:02:55 WARN auth.middleware rejected token {v} (reason=exp)",
            "log_line",
        ),
    ],
    5,
)

emit(
    "secret",
    "bearer_token",
    lambda: pick([rs(AN + "-._~", 48), "ya29." + rs(URLSAFE, 150), rs(HEX, 64), rs(AN, 40)]),
    [
        lambda v: (
            f"GET /v2/reports/daily HTTP/1.1\nHost: api.fietsenwinkel-utrecht.nl\nAuthorization: Bearer {v}\nAccept: application/json",
            "http_request",
        ),
        lambda v: (
            f'headers = {{"Authorization": "Bearer {v}", "Accept": "application/json"}}\nr = requests.get(url, headers=headers)',
            "python_code",
        ),
        lambda v: (
            f"curl -sS -H 'Authorization: Bearer {v}' https://intranet.kraemer-logistik.de/api/v3/shipments | jq .",
            "shell_history",
        ),
        lambda v: (
            f"axios.defaults.headers.common['Authorization'] = 'Bearer {v}';",
            "javascript_code",
        ),
        lambda v: (
            f"El header es Authorization: Bearer {v} y aun así recibo 403 Forbidden.",
            "chat",
        ),
    ],
    5,
)

# --- basic auth / DB URLs / passwords
emit(
    "secret",
    "basic_auth",
    lambda: (pick(["deploy", "ci-bot", "jenkins", "mweber", "svc_build"]), url_pw()),
    [
        lambda v: (
            f"pip install --index-url https://{v[0]}:{v[1]}@nexus.kraemer-logistik.de/repository/pypi-internal/simple/ acme-utils==2.4.1",
            "shell_history",
            [v[1]],
        ),
        lambda v: (
            f"export https_proxy=http://{v[0]}:{v[1]}@proxy.stadtwerke-nord.local:3128",
            "shell_history",
            [v[1]],
        ),
        lambda v: (
            f"[global]\nindex-url = https://{v[0]}:{v[1]}@artifactory.bank-intern.de/api/pypi/pypi-remote/simple\ntimeout = 60",
            "config_file",
            [v[1]],
        ),
        lambda v: (
            f"git clone https://{v[0]}:{v[1]}@bitbucket.org/sanne-dev/webshop.git",
            "shell_history",
            [v[1]],
        ),
        lambda v: (
            f"curl -u {v[0]}:{v[1]} -X POST https://jenkins.ci-intern.nl/job/deploy/buildWithParameters?ENV=prod",
            "shell_history",
            [v[1]],
        ),
    ],
    5,
)

emit(
    "secret",
    "database_url",
    url_pw,
    [
        lambda v: (
            f"DATABASE_URL=postgres://app_user:{v}@db-prod.c8x2kq.eu-central-1.rds.amazonaws.com:5432/shop",
            "env_file",
        ),
        lambda v: (
            f'engine = create_engine("postgresql+psycopg://analytics:{v}@10.12.4.7:5432/warehouse", pool_size=5)',
            "python_code",
        ),
        lambda v: (
            f"MONGO_URI=mongodb+srv://admin:{v}@cluster0.x7kqm.mongodb.net/orders?retryWrites=true&w=majority",
            "env_file",
        ),
        lambda v: (
            f"REDIS_URL=redis://:{v}@redis-master.cache.svc.cluster.local:6379/0",
            "env_file",
        ),
        lambda v: (
            f"jdbc:postgresql://db01.intra:5432/erp?user=erp_app&password={v}&ssl=true",
            "config_file",
        ),
        lambda v: (f"CELERY_BROKER_URL = 'amqp://celery:{v}@rabbitmq:5672//'", "python_code"),
        lambda v: (
            f'"ConnectionStrings": {{ "Crm": "Server=tcp:sqlsrv-prod.database.windows.net,1433;Initial Catalog=crm;User ID=crmadmin;Password={v};Encrypt=True;" }}',
            "json",
        ),
        lambda v: (
            f'Czemu psycopg2 zwraca "password authentication failed"? Łączę się tak: psql "postgresql://marta:{v}@localhost:5433/magazyn"',
            "chat",
        ),
        lambda v: (
            f"    environment:\n      - KC_DB=postgres\n      - KC_DB_URL=jdbc:postgresql://postgres/keycloak\n      - DATABASE_URL=mysql://keycloak:{v}@mariadb:3306/keycloak",
            "yaml",
        ),
    ],
    9,
)

emit(
    "secret",
    "password_config",
    pw,
    [
        lambda v: (
            f"spring.datasource.url=jdbc:mysql://db01.intra:3306/erp?useSSL=true\nspring.datasource.username=erp_app\nspring.datasource.password={v}",
            "config_file",
        ),
        lambda v: (
            f'database:\n  host: db.internal\n  port: 5432\n  user: reporting\n  password: "{v}"',
            "yaml",
        ),
        lambda v: (
            f'"Smtp": {{\n  "Host": "smtp.office365.com",\n  "Port": 587,\n  "User": "noreply@kraemer-logistik.de",\n  "Password": "{v}"\n}}',
            "json",
        ),
        lambda v: (
            f"define( 'DB_NAME', 'wp_shop' );\ndefine( 'DB_USER', 'wp_shop' );\ndefine( 'DB_PASSWORD', '{v}' );\ndefine( 'DB_HOST', 'localhost' );",
            "config_file",
        ),
        lambda v: (f"bind 0.0.0.0\nport 6379\nrequirepass {v}\nmaxmemory 2gb", "config_file"),
        lambda v: (f"[client]\nuser = backup\npassword = {v}\nhost = 127.0.0.1", "ini"),
        lambda v: (
            f'    environment:\n      MYSQL_DATABASE: nextcloud\n      MYSQL_USER: nextcloud\n      MYSQL_ROOT_PASSWORD: "{v}"',
            "yaml",
        ),
    ],
    7,
)

emit(
    "secret",
    "password_cli",
    shell_pw,
    [
        lambda v: (f"mysql -u root -p'{v}' -h 127.0.0.1 shop < dump.sql", "shell_history"),
        lambda v: (
            f"mysqldump -uadmin -p{v} --single-transaction erp > erp_$(date +%F).sql",
            "shell_history",
        ),
        lambda v: (
            f"sshpass -p '{v}' ssh deploy@192.168.10.24 'sudo systemctl restart app'",
            "shell_history",
        ),
        lambda v: (f"docker login registry.kraemer-logistik.de -u ci-bot -p {v}", "shell_history"),
        lambda v: (
            f'psql "host=10.0.3.5 dbname=crm user=crm password={v} sslmode=require"',
            "shell_history",
        ),
        lambda v: (
            f"net use Z: \\\\fileserver\\projekte /user:KRAEMER\\mweber {v} /persistent:yes",
            "shell_history",
        ),
        lambda v: (
            f"openssl pkcs12 -export -in cert.pem -inkey key.pem -out bundle.p12 -passout pass:{v}",
            "shell_history",
        ),
    ],
    7,
)

emit(
    "secret",
    "password_env",
    shell_pw,
    [
        lambda v: (f"PGPASSWORD={v} pg_dump -h db-prod -U backup shop > shop.sql", "shell_history"),
        lambda v: (
            f"export MYSQL_PWD='{v}'\nmysql -u reporting -h db01 -e 'SELECT COUNT(*) FROM orders'",
            "shell_history",
        ),
        lambda v: (
            f"DB_HOST=localhost\nDB_USER=app\nDB_PASSWORD={v}\nDB_NAME=app_prod",
            "env_file",
        ),
        lambda v: (
            f"FROM postgres:16\nENV POSTGRES_USER=app\nENV POSTGRES_PASSWORD={v}\nCOPY init.sql /docker-entrypoint-initdb.d/",
            "dockerfile",
        ),
        lambda v: (
            f'        env:\n        - name: SMTP_USER\n          value: "mailer"\n        - name: SMTP_PASSWORD\n          value: "{v}"',
            "k8s_manifest",
        ),
    ],
    5,
)

emit(
    "secret",
    "password_sql",
    shell_pw,
    [
        lambda v: (
            f"CREATE USER 'reporting'@'%' IDENTIFIED BY '{v}';\nGRANT SELECT ON shop.* TO 'reporting'@'%';",
            "sql",
        ),
        lambda v: (f"ALTER USER postgres WITH PASSWORD '{v}';", "sql"),
        lambda v: (f"CREATE LOGIN etl_user WITH PASSWORD = '{v}', CHECK_POLICY = OFF;", "sql"),
        lambda v: (
            f"Nach dem Upgrade auf MySQL 8 geht das nicht mehr: GRANT ALL PRIVILEGES ON shop.* TO 'shop'@'localhost' IDENTIFIED BY '{v}';",
            "chat",
        ),
    ],
    4,
)


# --- private keys
def _pem_rsa():
    lines = rsa_pkcs1_lines()
    return pem_block("RSA PRIVATE KEY", lines), key_secrets(lines)


def _pem_pkcs8():
    lines = pkcs8_lines()
    return lines, key_secrets(lines)


def _pem_ec():
    lines = ec_lines()
    return lines, key_secrets(lines)


emit(
    "secret",
    "private_key_pem",
    lambda: None,
    [
        lambda v: (
            lambda k: (
                "nginx says 'PEM_read_bio_PrivateKey failed'. Is this key format ok?\n\n" + k[0],
                "chat",
                k[1],
            )
        )(_pem_rsa()),
        lambda v: (
            lambda k: (
                "apiVersion: v1\nkind: Secret\nmetadata:\n  name: shop-tls\ntype: kubernetes.io/tls\nstringData:\n  tls.key: |\n"
                + pem_block("PRIVATE KEY", k[0], "    "),
                "k8s_manifest",
                k[1],
            )
        )(_pem_pkcs8()),
        lambda v: (
            lambda k: (
                'JWT_PRIVATE_KEY="-----BEGIN EC PRIVATE KEY-----\\n'
                + "\\n".join(k[0])
                + '\\n-----END EC PRIVATE KEY-----"',
                "env_file",
                k[1],
            )
        )(_pem_ec()),
        lambda v: (
            lambda k: (
                'PRIVATE_KEY = """'
                + pem_block("PRIVATE KEY", k[0])
                + '"""\nsigner = load_pem_private_key(PRIVATE_KEY.encode(), password=None)',
                "python_code",
                k[1],
            )
        )(_pem_pkcs8()),
        lambda v: (
            lambda k: (
                "$ cat /etc/ssl/private/mail.key\n" + pem_block("EC PRIVATE KEY", k[0]),
                "shell_history",
                k[1],
            )
        )(_pem_ec()),
    ],
    5,
)


def _ssh():
    lines = openssh_lines()
    return lines, key_secrets(lines, skip_first=1)


emit(
    "secret",
    "ssh_private_key",
    _ssh,
    [
        lambda v: (
            "$ cat ~/.ssh/id_ed25519\n"
            + pem_block("OPENSSH PRIVATE KEY", v[0])
            + "\nwhy does ssh say 'invalid format'?",
            "chat",
            v[1],
        ),
        lambda v: (
            "      - uses: webfactory/ssh-agent@v0.9.0\n        with:\n          ssh-private-key: |\n"
            + pem_block("OPENSSH PRIVATE KEY", v[0], "            "),
            "ci_config",
            v[1],
        ),
        lambda v: (
            lambda k: (
                "deploy_ssh_key: |\n"
                + pem_block("RSA PRIVATE KEY", k, "  ")
                + "\nansible_user: deploy",
                "yaml",
                key_secrets(k),
            )
        )(rsa_pkcs1_lines()),
    ],
    3,
)

emit(
    "secret",
    "pgp_private_key",
    pgp_lines,
    [
        lambda v: (
            "$ gpg --export-secret-keys --armor 3F2A9C1E7B5D0A44\n"
            + pem_block("PGP PRIVATE KEY BLOCK", [""] + v),
            "shell_history",
            key_secrets(v),
        ),
        lambda v: (
            "Kan ik deze sleutel zo in GitHub Secrets zetten als GPG_PRIVATE_KEY?\n\n"
            + pem_block("PGP PRIVATE KEY BLOCK", [""] + v),
            "chat",
            key_secrets(v),
        ),
    ],
    2,
)

# --- keys in URLs, webhooks, OAuth, cookies
emit(
    "secret",
    "api_key_query",
    lambda: None,
    [
        lambda v: (
            lambda k: (
                f"https://api.openweathermap.org/data/2.5/weather?q=Utrecht,nl&appid={k}&units=metric",
                "chat",
                [k],
            )
        )(rs(HEX, 32)),
        lambda v: (
            lambda k: (
                f'r = requests.get("https://newsapi.org/v2/top-headlines?country=de&apiKey={k}")',
                "python_code",
                [k],
            )
        )(rs(HEX, 32)),
        lambda v: (
            lambda k: (
                f'203.0.113.7 - - [12/Mar/2024:10:14:02 +0100] "GET /v1/forecast?lat=52.37&lon=4.89&api_key={k} HTTP/1.1" 200 1532 "-" "python-requests/2.31.0"',
                "log_line",
                [k],
            )
        )(rs(AN, 40)),
        lambda v: (
            lambda k: (
                f"curl 'https://graph.facebook.com/v19.0/me/accounts?access_token={k}'",
                "shell_history",
                [k],
            )
        )("EAAG" + rs(AN, 180)),
        lambda v: (
            lambda k: (
                f"Hallo Frau Kretschmer,\n\nder Export ist fertig: https://portal.kraemer-logistik.de/export.csv?from=2024-01-01&to=2024-03-31&token={k}\n\nViele Grüße",
                "email_paste",
                [k],
            )
        )(rs(URLSAFE, 43)),
    ],
    5,
)

emit(
    "secret",
    "webhook_secret",
    lambda: None,
    [
        lambda v: (lambda k: (f"GITHUB_WEBHOOK_SECRET={k}\nPORT=8080", "env_file", [k]))(
            rs(HEX, 40)
        ),
        lambda v: (
            lambda k: (f"SHOPIFY_API_KEY={rs(HEX, 32)}\nSHOPIFY_API_SECRET={k}", "env_file", [k])
        )("shpss_" + rs(HEX, 32)),
        lambda v: (
            lambda k: (
                f'expected = hmac.new(b"{k}", request.body, hashlib.sha256).hexdigest()\nif not hmac.compare_digest(expected, signature):\n    abort(401)',
                "python_code",
                [k],
            )
        )(rs(AN, 32)),
    ],
    3,
)

emit(
    "secret",
    "oauth_client_secret",
    lambda: None,
    [
        lambda v: (
            lambda k: (
                json.dumps(
                    {
                        "web": {
                            "client_id": f"{nz(12)}-{rs(LO + DG, 32)}.apps.googleusercontent.com",
                            "project_id": "shop-prod-318820",
                            "auth_uri": "https://accounts.google.com/o/oauth2/auth",
                            "token_uri": "https://oauth2.googleapis.com/token",
                            "client_secret": k,
                            "redirect_uris": [
                                "https://shop.fietsenwinkel-utrecht.nl/auth/callback"
                            ],
                        }
                    },
                    indent=2,
                ),
                "json",
                [k],
            )
        )("GOCSPX-" + rs(URLSAFE, 28)),
        lambda v: (
            lambda k: (
                f"GITHUB_CLIENT_ID=Iv1.{rs(HEX, 16)}\nGITHUB_CLIENT_SECRET={k}",
                "env_file",
                [k],
            )
        )(rs(HEX, 40)),
        lambda v: (
            lambda k, c: (
                f"oauth2-proxy --provider=oidc --client-id=grafana --client-secret={k} --cookie-secret={c} --email-domain=*",
                "shell_history",
                [k, c],
            )
        )(rs(AN, 32), b64url(rand_bytes(32))),
        lambda v: (
            lambda k: (
                f"spring:\n  security:\n    oauth2:\n      client:\n        registration:\n          azure:\n            client-id: {uuid4()}\n            client-secret: {k}",
                "yaml",
                [k],
            )
        )(azure_client_secret()),
    ],
    4,
)

emit(
    "secret",
    "session_cookie",
    lambda: None,
    [
        lambda v: (
            lambda k: (
                f"GET /admin/ HTTP/1.1\nHost: shop.fietsenwinkel-utrecht.nl\nCookie: sessionid={k}; csrftoken={rs(AN, 32)}",
                "http_request",
                [k],
            )
        )(rs(LO + DG, 32)),
        lambda v: (
            lambda k: (
                f"curl 'https://intranet.kraemer-logistik.de/api/me' -H 'cookie: connect.sid={k}' --compressed",
                "shell_history",
                [k],
            )
        )("s%3A" + rs(URLSAFE, 32) + "." + rs(AN, 43)),
        lambda v: (
            lambda k: (
                f"HTTP/1.1 302 Found\nLocation: /dashboard\nSet-Cookie: PHPSESSID={k}; path=/; HttpOnly",
                "http_response",
                [k],
            )
        )(rs(LO + DG, 26)),
        lambda v: (
            lambda k: (
                f's = requests.Session()\ns.cookies.set("_gitlab_session", "{k}", domain="gitlab.kraemer-logistik.de")',
                "python_code",
                [k],
            )
        )(rs(HEX, 32)),
        lambda v: (
            lambda k: (
                f"Copié depuis les DevTools, mon cookie de session : laravel_session={k} — pourquoi il expire après 2 minutes ?",
                "chat",
                [k],
            )
        )(
            base64.b64encode(
                json.dumps(
                    {
                        "iv": base64.b64encode(rand_bytes(16)).decode(),
                        "value": base64.b64encode(rand_bytes(48)).decode(),
                        "mac": rs(HEX, 64),
                        "tag": "",
                    },
                    separators=(",", ":"),
                ).encode()
            )
            .decode()
            .replace("=", "%3D")
        ),
    ],
    5,
)

emit(
    "secret",
    "generic_secret",
    lambda: None,
    [
        lambda v: (
            lambda k: (
                f"DEBUG = False\nALLOWED_HOSTS = ['shop.fietsenwinkel-utrecht.nl']\nSECRET_KEY = '{k}'",
                "python_code",
                [k],
            )
        )(rs(LO + DG + "!@#%^&*(-_=+)", 50)),
        lambda v: (
            lambda k: (
                f"app = Flask(__name__)\napp.config['SECRET_KEY'] = '{k}'",
                "python_code",
                [k],
            )
        )(rs(HEX, 64)),
        lambda v: (lambda k: (f"JWT_SECRET={k}\nJWT_EXPIRES_IN=15m", "env_file", [k]))(rs(AN, 48)),
        lambda v: (
            lambda k: (
                f"NEXTAUTH_URL=https://app.kraemer-logistik.de\nNEXTAUTH_SECRET={k}",
                "env_file",
                [k],
            )
        )(base64.b64encode(rand_bytes(32)).decode()),
        lambda v: (
            lambda k: (
                f"APP_NAME=Laravel\nAPP_ENV=production\nAPP_KEY=base64:{k}\nAPP_DEBUG=false",
                "env_file",
                [k],
            )
        )(base64.b64encode(rand_bytes(32)).decode()),
        lambda v: (
            lambda k: (
                f"I lost config/credentials.yml.enc access — this is what's in my config/master.key: {k}. Can I regenerate credentials?",
                "chat",
                [k],
            )
        )(rs(HEX, 32)),
        lambda v: (
            lambda k: (f"DD_API_KEY={k}\nDD_SITE=datadoghq.eu\nDD_ENV=prod", "env_file", [k])
        )(rs(HEX, 32)),
        lambda v: (
            lambda k: (
                f"SENTRY_AUTH_TOKEN={k} sentry-cli releases new -p web 2024.05.1",
                "shell_history",
                [k],
            )
        )("sntryu_" + rs(HEX, 64)),
        lambda v: (lambda k: (f'encryption:\n  algorithm: aes-256-gcm\n  key: "{k}"', "yaml", [k]))(
            base64.b64encode(rand_bytes(32)).decode()
        ),
        lambda v: (
            lambda k: (
                f'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: billing-config\ndata:\n  INTERNAL_API_KEY: "{k}"\n  LOG_LEVEL: info',
                "k8s_manifest",
                [k],
            )
        )(rs(AN, 40)),
        lambda v: (
            lambda k: (
                f'const API_SECRET = "{k}";\nexport const sign = (body) => createHmac("sha256", API_SECRET).update(body).digest("hex");',
                "javascript_code",
                [k],
            )
        )(rs(AN, 32)),
        lambda v: (
            lambda k: (
                f"export VAULT_ADDR=https://vault.kraemer-logistik.de:8200\nexport VAULT_TOKEN={k}\nvault kv get secret/billing",
                "shell_history",
                [k],
            )
        )("hvs." + rs(URLSAFE, 90)),
    ],
    12,
)

emit(
    "secret",
    "lifelong_token",
    llt_token,
    [
        lambda v: (
            f"POST /v1/sessions HTTP/1.1\nHost: localhost:8443\nAuthorization: Bearer {v[0]}\nContent-Type: application/json",
            "http_request",
            list(v),
        ),
        lambda v: (f"export LIFELONG_TOKEN={v[0]}", "shell_history", list(v)),
        lambda v: (
            f'client = lifelong.Client(base_url="https://lifelong.internal:8443", token="{v[0]}")',
            "python_code",
            list(v),
        ),
        lambda v: (
            f"Mein lifelong-Token {v[0]} wird seit heute mit 401 abgelehnt, obwohl ich nichts geändert habe.",
            "chat",
            list(v),
        ),
        lambda v: (
            f'{{\n  "server": "https://lifelong.internal:8443",\n  "token": "{v[0]}",\n  "timeout_s": 30\n}}',
            "json",
            list(v),
        ),
        lambda v: (
            f"2024-07-01T10:22:41Z INFO api request path=/v1/memories status=401 token={v[0]} latency_ms=12",
            "log_line",
            list(v),
        ),
    ],
    6,
)


# ================================================================ PII value makers


def luhn_check_digit(payload: str) -> str:
    s = 0
    for i, ch in enumerate(reversed(payload)):
        x = int(ch)
        if i % 2 == 0:
            x *= 2
            if x > 9:
                x -= 9
        s += x
    return str((10 - s % 10) % 10)


def luhn_ok(num: str) -> bool:
    digits = [int(c) for c in num if c.isdigit()]
    s = 0
    for i, x in enumerate(reversed(digits)):
        if i % 2 == 1:
            x *= 2
            if x > 9:
                x -= 9
        s += x
    return s % 10 == 0


def card(brand: str) -> str:
    prefix, length = {
        "visa": ("4" + str(R.randint(0, 9)), 16),
        "mc": (str(R.randint(51, 55)), 16),
        "mc2": (str(R.randint(2221, 2720)), 16),
        "amex": (pick(["34", "37"]), 15),
        "discover": ("6011", 16),
    }[brand]
    while True:
        payload = prefix + d(length - len(prefix) - 1)
        num = payload + luhn_check_digit(payload)
        if len(set(num)) >= 6:
            return num


def fmt_card(num: str, style: str) -> str:
    if len(num) == 15:
        parts = [num[:4], num[4:10], num[10:]]
    else:
        parts = wrap(num, 4)
    return {"space": " ".join(parts), "dash": "-".join(parts), "plain": num}[style]


def iban_from(cc: str, bban: str) -> str:
    num = "".join(str(int(c, 36)) for c in bban + cc + "00")
    return f"{cc}{98 - int(num) % 97:02d}{bban}"


def iban_ok(ib: str) -> bool:
    ib = ib.replace(" ", "").upper()
    num = "".join(str(int(c, 36)) for c in ib[4:] + ib[:4])
    return int(num) % 97 == 1


def es_ccc_digit(ds: str) -> str:
    w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]
    r = 11 - sum(int(c) * x for c, x in zip(ds, w)) % 11
    return "0" if r == 11 else ("1" if r == 10 else str(r))


def bban(cc: str) -> str:
    if cc == "DE":
        return nz(8) + d(10)
    if cc == "NL":
        return pick(["ABNA", "INGB", "RABO", "SNSB", "TRIO", "KNAB", "ASNB"]) + "0" + nz(9)
    if cc == "FR":
        bank, branch, acct = nz(5), d(5), d(11)
        key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(acct)) % 97
        return f"{bank}{branch}{acct}{key:02d}"
    if cc == "ES":
        bank, branch, acct = nz(4), d(4), d(10)
        return bank + branch + es_ccc_digit("00" + bank + branch) + es_ccc_digit(acct) + acct
    if cc == "IT":
        return pick(UP) + nz(5) + d(5) + d(12)
    if cc == "PL":
        return nz(8) + d(16)
    if cc == "BE":
        first = nz(10)
        chk = int(first) % 97 or 97
        return f"{first}{chk:02d}"
    if cc == "PT":
        return "00" + nz(2) + d(17)
    if cc == "GB":
        return pick(["NWBK", "BARC", "LOYD", "HBUK", "MIDL"]) + nz(6) + d(8)
    if cc == "AT":
        return nz(5) + d(11)
    if cc == "CH":
        return "00" + nz(3) + d(12)
    raise ValueError(cc)


def iban(cc: str) -> str:
    return iban_from(cc, bban(cc))


def spaced4(s: str) -> str:
    return " ".join(wrap(s, 4))


def ssn() -> str:
    while True:
        area = R.randint(1, 899)
        if area != 666:
            break
    return f"{area:03d}-{R.randint(1, 99):02d}-{R.randint(1, 9999):04d}"


def nino(spaced: bool) -> str:
    bad1, bad2 = set("DFIQUV"), set("DFIOQUV")
    while True:
        a, b = pick(UP), pick(UP)
        if a in bad1 or b in bad2 or a + b in ("BG", "GB", "KN", "NK", "NT", "TN", "ZZ"):
            continue
        break
    digits = d(6)
    suf = pick("ABCD")
    return (
        f"{a}{b} {digits[:2]} {digits[2:4]} {digits[4:]} {suf}"
        if spaced
        else f"{a}{b}{digits}{suf}"
    )


def bsn() -> str:
    while True:
        ds = [R.randint(1, 9)] + [R.randint(0, 9) for _ in range(7)]
        s = sum(x * w for x, w in zip(ds, range(9, 1, -1)))
        last = s % 11
        if last <= 9:
            return "".join(map(str, ds)) + str(last)


def bsn_ok(b: str) -> bool:
    ds = [int(c) for c in b if c.isdigit()]
    return len(ds) == 9 and (sum(x * w for x, w in zip(ds[:8], range(9, 1, -1))) - ds[8]) % 11 == 0


def steuer_id() -> str:
    while True:
        ds = nz(1) + d(9)
        c = Counter(ds)
        if sorted(c.values(), reverse=True)[:2] == [2, 1] and len(c) == 9:
            break
    product = 10
    for ch in ds:
        s = (int(ch) + product) % 10
        if s == 0:
            s = 10
        product = (s * 2) % 11
    chk = 11 - product
    if chk == 10:
        chk = 0
    return ds + str(chk)


def insee() -> tuple[str, str]:
    sex = pick("12")
    yy = f"{R.randint(50, 99):02d}"
    mm = f"{R.randint(1, 12):02d}"
    dept = f"{pick([x for x in range(1, 96) if x != 20]):02d}"
    commune = f"{R.randint(1, 899):03d}"
    order = f"{R.randint(1, 999):03d}"
    base = sex + yy + mm + dept + commune + order
    key = 97 - int(base) % 97
    plain = f"{base}{key:02d}"
    spaced = f"{sex} {yy} {mm} {dept} {commune} {order} {key:02d}"
    return plain, spaced


DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"


def dni() -> str:
    n = R.randint(10_000_000, 79_999_999)
    return f"{n:08d}{DNI_LETTERS[n % 23]}"


def nie() -> str:
    p = pick("XYZ")
    n = d(7)
    return f"{p}{n}{DNI_LETTERS[int(str('XYZ'.index(p)) + n) % 23]}"


CF_ODD = {
    **{str(i): v for i, v in enumerate([1, 0, 5, 7, 9, 13, 15, 17, 19, 21])},
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
        )
    ),
}
CF_EVEN = {**{str(i): i for i in range(10)}, **{c: i for i, c in enumerate(UP)}}


def cf_part(s: str, is_name: bool) -> str:
    s = ascii_fold(s).upper()
    cons = [c for c in s if c.isalpha() and c not in "AEIOU"]
    vows = [c for c in s if c in "AEIOU"]
    if is_name and len(cons) >= 4:
        cons = [cons[0], cons[2], cons[3]]
    return ("".join(cons + vows) + "XXX")[:3]


def codice_fiscale(first: str, last: str, female: bool) -> str:
    yy = R.randint(50, 99)
    mm = R.randint(1, 12)
    dd = R.randint(1, 28) + (40 if female else 0)
    town = pick(["H501", "F205", "F839", "L219", "A944", "D612", "G273"])
    body = (
        cf_part(last, False)
        + cf_part(first, True)
        + f"{yy:02d}"
        + "ABCDEHLMPRST"[mm - 1]
        + f"{dd:02d}"
        + town
    )
    total = sum(CF_ODD[c] if i % 2 == 0 else CF_EVEN[c] for i, c in enumerate(body))
    return body + UP[total % 26]


def pesel(female: bool) -> str:
    y = R.randint(1950, 2005)
    m = R.randint(1, 12)
    dd = R.randint(1, 28)
    mm = m + (20 if y >= 2000 else 0)
    base = f"{y % 100:02d}{mm:02d}{dd:02d}{R.randint(0, 999):03d}{pick('02468' if female else '13579')}"
    w = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]
    s = sum(int(c) * x for c, x in zip(base, w))
    return base + str((10 - s % 10) % 10)


def pesel_ok(p: str) -> bool:
    w = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]
    return (sum(int(c) * x for c, x in zip(p[:10], w)) + int(p[10])) % 10 == 0


# phone numbers (random digits, real-world prefixes, no fictional/drama ranges)
def phone_us() -> str:
    a = pick(
        [
            "212",
            "312",
            "415",
            "503",
            "617",
            "646",
            "702",
            "718",
            "773",
            "818",
            "206",
            "305",
            "404",
            "512",
        ]
    )
    ex = str(pick([x for x in range(200, 1000) if x != 555]))
    ln = d(4)
    return pick(
        [
            f"({a}) {ex}-{ln}",
            f"{a}-{ex}-{ln}",
            f"{a}.{ex}.{ln}",
            f"+1 {a} {ex} {ln}",
            f"+1{a}{ex}{ln}",
            f"1-{a}-{ex}-{ln}",
        ]
    )


def phone_uk() -> str:
    while True:
        rest = pick("45789") + d(8)
        if not rest.startswith("7700900"):
            break
    return pick(
        [
            f"07{rest[:3]} {rest[3:]}",
            f"+44 7{rest[:3]} {rest[3:]}",
            f"+44 (0)7{rest[:3]} {rest[3:6]} {rest[6:]}",
            f"020 {pick('38')}{d(3)} {d(4)}",
        ]
    )


def phone_de() -> str:
    p = pick(
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
            "174",
            "175",
            "176",
            "177",
            "178",
            "179",
        ]
    )
    n = d(pick([7, 8]))
    return pick(
        [
            f"0{p} {n[:4]} {n[4:]}",
            f"+49 {p} {n}",
            f"0{p}/{n}",
            f"+49 (0) {p} {n[:3]} {n[3:]}",
            f"030 {nz(7)}",
            f"+49 30 {nz(7)}-{R.randint(10, 99)}",
            f"089/{nz(7)}",
        ]
    )


def phone_fr() -> str:
    n = pick("67") + d(8)
    pairs = wrap(n[1:], 2)
    return pick(
        [
            f"0{n[0]} " + " ".join(pairs),
            f"0{n[0]}." + ".".join(pairs),
            f"+33 {n[0]} " + " ".join(pairs),
            f"+33{n}",
            "01 4" + d(1) + " " + " ".join(wrap(d(6), 2)),
        ]
    )


def phone_es() -> str:
    n = pick("67") + d(8)
    return pick(
        [
            f"{n[:3]} {n[3:6]} {n[6:]}",
            f"+34 {n[:3]} {n[3:5]} {n[5:7]} {n[7:]}",
            f"+34{n}",
            f"91 {d(3)} {d(2)} {d(2)}",
        ]
    )


def phone_nl() -> str:
    n = d(8)
    return pick(
        [
            f"06-{n}",
            f"+31 6 {n[:4]} {n[4:]}",
            f"06 {n[:2]} {n[2:4]} {n[4:6]} {n[6:]}",
            f"020-{nz(3)} {d(4)}",
            f"+31 (0)6 {n}",
        ]
    )


def phone_it() -> str:
    n = "3" + pick(["20", "28", "33", "35", "38", "40", "45", "47", "49", "66", "88", "92"]) + d(7)
    return pick(
        [
            f"{n[:3]} {n[3:6]} {n[6:]}",
            f"+39 {n[:3]} {n[3:]}",
            f"+39 {n}",
            f"{n[:3]}/{n[3:]}",
            f"06 {nz(4)} {d(4)}",
        ]
    )


def phone_pt() -> str:
    n = "9" + pick("1236") + d(7)
    return pick([f"{n[:3]} {n[3:6]} {n[6:]}", f"+351 {n[:3]} {n[3:6]} {n[6:]}", f"+351{n}"])


def phone_br() -> str:
    return pick([f"+55 11 9{d(4)}-{d(4)}", f"(21) 9{d(4)}-{d(4)}", f"+55 (31) 9{d(4)}-{d(4)}"])


def phone_pl() -> str:
    n = pick("5678") + d(8)
    return pick(
        [
            f"{n[:3]} {n[3:6]} {n[6:]}",
            f"+48 {n[:3]}-{n[3:6]}-{n[6:]}",
            f"+48{n}",
            f"+48 {n[:3]} {n[3:6]} {n[6:]}",
        ]
    )


def phone_jp() -> str:
    return pick(
        [
            f"0{pick(['90', '80', '70'])}-{d(4)}-{d(4)}",
            f"+81 {pick(['90', '80'])}-{d(4)}-{d(4)}",
            f"03-{nz(4)}-{d(4)}",
        ]
    )


def phone_ch() -> str:
    return pick(
        [
            f"+41 79 {d(3)} {d(2)} {d(2)}",
            f"079 {d(3)} {d(2)} {d(2)}",
            f"+41 44 {d(3)} {d(2)} {d(2)}",
        ]
    )


def rand_date():
    return R.randint(1950, 2004), R.randint(1, 12), R.randint(1, 28)


MONTHS = {
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
    "fr": [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
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
}


def home_ip() -> str:
    return f"{pick([84, 91, 93, 176, 188, 212, 217, 37, 46, 78, 86, 95, 109, 79, 87])}.{R.randint(1, 254)}.{R.randint(0, 254)}.{R.randint(1, 254)}"


def home_ip6() -> str:
    return f"2a02:{pick(['8108', '810d', '8071', '908'])}:{rs(HEX, 4).lstrip('0') or '1'}:{rs(HEX, 4).lstrip('0') or 'a'}:{rs(HEX, 4).lstrip('0') or '2'}:{rs(HEX, 4).lstrip('0') or 'b'}:{rs(HEX, 4).lstrip('0') or '3'}:{rs(HEX, 4).lstrip('0') or 'c'}"


def mac(style: str) -> str:
    oui = pick(["3C:22:FB", "F0:18:98", "DC:A6:32", "A4:83:E7", "B8:27:EB", "5C:E9:1E", "00:1A:11"])
    raw = oui.replace(":", "") + rs("0123456789ABCDEF", 6)
    if style == "colon":
        return ":".join(wrap(raw, 2))
    if style == "colon_lower":
        return ":".join(wrap(raw, 2)).lower()
    if style == "dash":
        return "-".join(wrap(raw, 2))
    return ".".join(wrap(raw.lower(), 4))


# ================================================================ PII


# --- e-mail
def _email_rec(i: int):
    lang = [
        "de",
        "en",
        "fr",
        "es",
        "nl",
        "it",
        "pt",
        "pl",
        "en",
        "de",
        "ja",
        "en",
        "fr",
        "de",
        "en",
        "nl",
        "it",
        "en",
        "de",
        "pl",
        "es",
        "en",
    ][i]
    if lang == "ja":
        jp = pick(JA_PEOPLE)
        return jp, f"{jp[3]}.{jp[2]}@{pick(MAIL_DOMAINS['ja'])}", lang
    p = person(lang)
    return p, email(lang, p), lang


_email_i = iter(range(22))
emit(
    "pii",
    "email",
    lambda: _email_rec(next(_email_i)),
    [
        lambda v: (
            f"Kannst du mir eine höfliche Absage formulieren? Sie geht an {v[1]}.",
            "chat",
            [v[1]],
        ),
        lambda v: (
            f'git config --global user.email "{v[1]}"\ngit config --global user.name "{full(v[0])}"',
            "shell_history",
            [v[1]],
        ),
        lambda v: (
            f"From: {full(v[0])} <{v[1]}>\nTo: support@kraemer-logistik.de\nSubject: Facture 2024-0415 manquante\n\nBonjour, je n'ai pas reçu la facture.",
            "email_paste",
            [v[1]],
        ),
        lambda v: (
            f"INSERT INTO clientes (nombre, apellido, email) VALUES ('{v[0][0]}', '{v[0][1]}', '{v[1]}');",
            "sql",
            [v[1]],
        ),
        lambda v: (
            json.dumps(
                {
                    "id": R.randint(1000, 99999),
                    "name": full(v[0]),
                    "email": v[1],
                    "newsletter": True,
                },
                ensure_ascii=False,
            ),
            "json",
            [v[1]],
        ),
        lambda v: (f"id,naam,email\n{R.randint(1000, 9999)},{full(v[0])},{v[1]}", "csv", [v[1]]),
        lambda v: (
            f"Ho bisogno di scrivere una mail di reclamo al mio padrone di casa: {v[1]}",
            "chat",
            [v[1]],
        ),
        lambda v: (f"O meu e-mail: {v[1]}", "chat", [v[1]]),
        lambda v: (
            f"Mój adres e-mail to {v[1]}, proszę o potwierdzenie rezerwacji.",
            "chat",
            [v[1]],
        ),
        lambda v: (
            f"2024-04-08 09:13:44,512 WARN  auth: login failed for {v[1]} (3 attempts, locked for 15 min)",
            "log_line",
            [v[1]],
        ),
        lambda v: (
            f"Meine private Mail-Adresse ist {v[1]} – bitte nicht die Firmenadresse nehmen.",
            "chat",
            [v[1]],
        ),
        lambda v: (f"連絡先は{v[1]}までお願いします。", "chat", [v[1]]),
        lambda v: (
            f"Please cc my personal address ({v[1]}) on the reply to the landlord.",
            "chat",
            [v[1]],
        ),
        lambda v: (
            f'<p>Fragen? Schreib mir: <a href="mailto:{v[1]}">{full(v[0])}</a></p>',
            "html",
            [v[1]],
        ),
        lambda v: (f"maintainers:\n  - name: {full(v[0])}\n    email: {v[1]}", "yaml", [v[1]]),
        lambda v: (f"Mijn e-mailadres is {v[1]}.", "chat", [v[1]]),
        lambda v: (
            f'send_report(to=["{v[1]}"], subject="Rapporto mensile")',
            "python_code",
            [v[1]],
        ),
        lambda v: (
            f"commit 9c1e4b7a2f0d\nAuthor: {full(v[0])} <{v[1]}>\nDate:   Tue Mar 12 18:04:51 2024 +0100\n\n    fix: handle empty cart",
            "shell_history",
            [v[1]],
        ),
        lambda v: (
            f"Hab mich mit {v[1]} registriert, bekomme aber keine Bestätigungsmail.",
            "chat",
            [v[1]],
        ),
        lambda v: (f"Proszę wysłać fakturę na {v[1]}", "chat", [v[1]]),
        lambda v: (
            f"Mi correo es {v[1]}, ¿puedes redactar un mensaje para mi casero?",
            "chat",
            [v[1]],
        ),
        lambda v: (f"Reply-To: {v[1]}", "email_paste", [v[1]]),
    ],
    22,
)

# special e-mail shapes (plus tags, subdomains, IDN)
for text, sec, ctx in [
    (
        "I sign up everywhere with priya.raghunathan+shopping@gmail.com so I can filter the spam.",
        "priya.raghunathan+shopping@gmail.com",
        "chat",
    ),
    (
        "Mail an jonas.hartmann+steuer2023@posteo.de hat einen Bounce erzeugt, warum?",
        "jonas.hartmann+steuer2023@posteo.de",
        "chat",
    ),
    (
        "Contact: m.oyelaran@cs.ox.ac.uk (office 214, Wolfson Building)",
        "m.oyelaran@cs.ox.ac.uk",
        "email_paste",
    ),
    (
        "Stuur het rooster naar f.jansen@students.uu.nl, dat is mijn studentenmail.",
        "f.jansen@students.uu.nl",
        "chat",
    ),
    (
        "Meine neue Adresse ist jürgen.weißmüller@posteo.de – geht das mit Umlauten überhaupt?",
        "jürgen.weißmüller@posteo.de",
        "chat",
    ),
    (
        "Für Bestellungen: sabine@bäckerei-kretschmer.de (das ist meine eigene Bäckerei).",
        "sabine@bäckerei-kretschmer.de",
        "chat",
    ),
]:
    add("pii", "email", text, [sec], ctx)

# --- obfuscated e-mail
for text, sec, ctx in [
    (
        "Schreib mir einfach: katrin.vogelsang [at] posteo [dot] de",
        "katrin.vogelsang [at] posteo [dot] de",
        "chat",
    ),
    (
        "You can reach me at marcus.oyelaran at gmail dot com if the form doesn't work.",
        "marcus.oyelaran at gmail dot com",
        "chat",
    ),
    (
        "Impressum: Jonas Hartmann, E-Mail: jonas.hartmann(at)gmx.de",
        "jonas.hartmann(at)gmx.de",
        "markdown",
    ),
    (
        "Mon adresse : camille.lefebvre arobase orange point fr",
        "camille.lefebvre arobase orange point fr",
        "chat",
    ),
    (
        "scrivimi a giulia.bianchi chiocciola libero punto it",
        "giulia.bianchi chiocciola libero punto it",
        "chat",
    ),
    (
        "Mi correo: lucia.fernandez (arroba) gmail (punto) com",
        "lucia.fernandez (arroba) gmail (punto) com",
        "chat",
    ),
    (
        "Mail me maar op bram.kuipers apenstaartje ziggo punt nl",
        "bram.kuipers apenstaartje ziggo punt nl",
        "chat",
    ),
    (
        "contact: priya DOT raghunathan AT outlook DOT com (please no recruiters)",
        "priya DOT raghunathan AT outlook DOT com",
        "chat",
    ),
]:
    add("pii", "email_obfuscated", text, [sec], ctx)

# --- phone numbers
PHONE_CASES = [
    (
        phone_us,
        [
            ("Call me on {p} after 6pm, that's my cell.", "chat"),
            ("You can reach my wife at {p} if I'm not picking up.", "chat"),
            ("Emily Hartwell, mobile ({p}), is the emergency contact.", "chat"),
        ],
    ),
    (
        phone_uk,
        [
            ("My number is {p}.", "chat"),
            ("Text me on {p} when you're outside the flat", "chat"),
            ("Best number for me: {p}, evenings only.", "chat"),
        ],
    ),
    (
        phone_de,
        [
            ("Ruf mich am besten unter {p} an.", "chat"),
            ("Mit freundlichen Grüßen\nJonas Hartmann\nTel.: {p}", "email_paste"),
            ("Meine Nummer lautet {p} – bitte nur abends anrufen.", "chat"),
        ],
    ),
    (
        phone_fr,
        [
            ("Tu peux m'appeler au {p} demain matin.", "chat"),
            ("Mon numéro : {p}", "chat"),
            ("Élodie Garnier (tél. {p}) passera récupérer le colis.", "chat"),
        ],
    ),
    (
        phone_es,
        [
            ("Llámame al {p} cuando llegues.", "chat"),
            ("Mi móvil es el {p}, escríbeme por WhatsApp.", "chat"),
            ('{{"nombre": "Javier Morales", "telefono": "{p}"}}', "json"),
        ],
    ),
    (
        phone_nl,
        [
            ("Bel me op {p} als de monteur er is.", "chat"),
            ("Mijn nummer is {p}.", "chat"),
            ("naam;telefoon\nFemke Jansen;{p}", "csv"),
        ],
    ),
    (
        phone_it,
        [
            ("Chiamami al {p} stasera.", "chat"),
            ("Il mio cellulare: {p}", "chat"),
            ("Referente: Marco Esposito, tel. {p}", "email_paste"),
        ],
    ),
    (
        phone_pt,
        [("Liga-me para o {p} quando puderes.", "chat"), ("O meu telemóvel é {p}.", "chat")],
    ),
    (
        phone_br,
        [
            ("Me chama no WhatsApp: {p}", "chat"),
            ("Meu celular é {p}, pode ligar depois das 18h.", "chat"),
        ],
    ),
    (
        phone_pl,
        [
            ("Zadzwoń pod numer {p}, jestem dostępny po 17.", "chat"),
            ("Mój numer telefonu to {p}.", "chat"),
            ("Kontakt: Piotr Zieliński, tel. {p}", "email_paste"),
        ],
    ),
    (
        phone_jp,
        [("電話番号は{p}です。", "chat"), ("何かあれば{p}（携帯）までご連絡ください。", "chat")],
    ),
    (
        phone_ch,
        [
            ("Meine Nummer in Zürich: {p}", "chat"),
            ("BEGIN:VCARD\nVERSION:3.0\nFN:Lukas Brandtner\nTEL;TYPE=cell:{p}\nEND:VCARD", "vcard"),
        ],
    ),
]
_phone_jobs = []
for fn, tmpls in PHONE_CASES:
    for t in tmpls:
        _phone_jobs.append((fn, t))
for fn, (tmpl, ctx) in _phone_jobs:
    p = fn()
    text = tmpl.replace("{{", "{").replace("}}", "}").replace("{p}", p)
    add("pii", "phone", text, [p], ctx)
# a few with extensions / words in between
for text, sec, ctx in [
    (
        "For billing questions call me on (312) 847-2291 ext. 204, I'm at the desk until 5.",
        "(312) 847-2291 ext. 204",
        "chat",
    ),
    ("Durchwahl: +49 89 4412873-31 (Frau Kretschmer)", "+49 89 4412873-31", "email_paste"),
    (
        "my number is plus four four seven nine one one, four eight three, two seven six",
        "plus four four seven nine one one, four eight three, two seven six",
        "chat",
    ),
]:
    add("pii", "phone", text, [sec], ctx)


# --- IBAN
def _iban_cases():
    out = []
    ib = iban("DE")
    out.append(
        (
            f"Bitte überweise die Kaution auf mein Konto: {spaced4(ib)} (Katrin Vogelsang).",
            spaced4(ib),
            "chat",
        )
    )
    ib = iban("NL")
    out.append((f"Mijn IBAN is {ib}, t.n.v. S. de Vries.", ib, "chat"))
    ib = iban("FR")
    out.append(
        (
            f"Mon RIB : {spaced4(ib)} – BIC AGRIFRPP839. Tu peux rédiger le mail pour le propriétaire ?",
            spaced4(ib),
            "chat",
        )
    )
    ib = iban("ES")
    out.append((f"Mi IBAN es {spaced4(ib)}, titular Lucía Fernández.", spaced4(ib), "chat"))
    ib = iban("IT")
    out.append((f"IBAN per il rimborso: {ib}", ib, "chat"))
    ib = iban("PL")
    nrb = ib[2:4] + " " + spaced4(ib[4:])
    out.append((f"Numer konta do przelewu: {nrb} (Marta Kowalczyk)", nrb, "chat"))
    ib = iban("BE")
    out.append((f"Gelieve het bedrag te storten op {spaced4(ib)}.", spaced4(ib), "chat"))
    ib = iban("PT")
    out.append((f"O meu IBAN é {spaced4(ib)}.", spaced4(ib), "chat"))
    ib = iban("GB")
    out.append(
        (
            f"Hi Tom,\n\nplease pay the invoice to {spaced4(ib)} (Hannah Whitfield).\n\nThanks!",
            spaced4(ib),
            "email_paste",
        )
    )
    ib = iban("AT")
    out.append(
        (
            f"<Cdtr><Nm>Lukas Brandtner</Nm></Cdtr>\n<CdtrAcct><Id><IBAN>{ib}</IBAN></Id></CdtrAcct>",
            ib,
            "xml",
        )
    )
    ib = iban("DE")
    out.append((f"meine iban: {spaced4(ib).lower()}", spaced4(ib).lower(), "chat"))
    ib = iban("CH")
    out.append(
        (
            json.dumps(
                {"payout": {"holder": "Lukas Brandtner", "iban": spaced4(ib), "currency": "CHF"}},
                ensure_ascii=False,
            ),
            spaced4(ib),
            "json",
        )
    )
    ib = iban("NL")
    out.append((f"naam;iban;bedrag\nBram Kuipers;{ib};125,00", ib, "csv"))
    ib = iban("ES")
    out.append((f"UPDATE clientes SET iban = '{ib}' WHERE id = 3312;", ib, "sql"))
    ib = iban("DE")
    out.append((f"payout:\n  account_holder: Jonas Hartmann\n  iban: {ib}", ib, "yaml"))
    return out


for text, sec, ctx in _iban_cases():
    assert iban_ok(sec if not sec[:2].isdigit() else "PL" + sec), sec
    add("pii", "iban", text, [sec], ctx)
add(
    "pii",
    "bank_account",
    f"My sort code is 20-45-77 and my account number is {(acct := nz(8))}, can you draft the standing order?",
    [acct],
    "chat",
)

# --- credit cards
_cc = iter(
    ["visa", "mc", "amex", "visa", "mc2", "visa", "discover", "mc", "visa", "amex", "visa", "mc"]
)
_cc_style = iter(
    [
        "space",
        "dash",
        "space",
        "plain",
        "space",
        "dash",
        "space",
        "plain",
        "space",
        "plain",
        "dash",
        "space",
    ]
)
emit(
    "pii",
    "credit_card",
    lambda: fmt_card(card(next(_cc)), next(_cc_style)),
    [
        lambda v: (
            f"My card {v} was charged twice for the same order, how do I phrase a dispute?",
            "chat",
        ),
        lambda v: (
            f"Meine Kreditkartennummer ist {v}, gültig bis 09/27. Ist es sicher, die so per Mail zu schicken?",
            "chat",
        ),
        lambda v: (
            json.dumps(
                {"card_number": v, "exp_month": 4, "exp_year": 2027, "holder": "CAMILLE LEFEBVRE"}
            ),
            "json",
        ),
        lambda v: (
            f"2024-02-19 21:07:33 ERROR payment.gateway declined pan={v} amount=129.90 EUR reason=do_not_honor",
            "log_line",
        ),
        lambda v: (f"Numéro de carte : {v}, expire fin 2026.", "chat"),
        lambda v: (f"Tarjeta: {v}\nTitular: Carmen Ruiz", "chat"),
        lambda v: (f"name,card,expiry\nTiago Ferreira,{v},11/26", "csv"),
        lambda v: (f"Ho pagato con la carta {v} ma l'ordine risulta annullato.", "chat"),
        lambda v: (f"Karta {v} została zablokowana — jak napisać reklamację do banku?", "chat"),
        lambda v: (
            f"Please charge my Amex {v} for the deposit, billing zip is the same as before.",
            "email_paste",
        ),
        lambda v: (f"カード番号は{v}です。", "chat"),
        lambda v: (f"UPDATE payment_methods SET pan = '{v}' WHERE customer_id = 8812;", "sql"),
    ],
    12,
)

# --- national ids
emit(
    "pii",
    "us_ssn",
    ssn,
    [
        lambda v: (
            f"My SSN is {v} and the IRS e-file keeps rejecting it with IND-031-04, what does that mean?",
            "chat",
        ),
        lambda v: (f"Employee: Connor McAllister\nSSN: {v}\nStart date: 2024-04-01", "email_paste"),
        lambda v: (
            json.dumps({"applicant": {"name": "Hannah Whitfield", "ssn": v, "state": "OH"}}),
            "json",
        ),
        lambda v: (lambda s: (f"W-9, part I: social security number {s}", "chat", [s]))(
            v.replace("-", "")
        ),
        lambda v: (f"INSERT INTO employees (name, ssn) VALUES ('Dylan Brooks', '{v}');", "sql"),
        lambda v: (
            f"Can you fill out this form for my dad? Name: Robert Hartwell, SSN {v}, retired since 2017.",
            "chat",
        ),
    ],
    6,
)

emit(
    "pii",
    "uk_nino",
    lambda: nino(R.random() < 0.5),
    [
        lambda v: (f"My National Insurance number is {v}.", "chat"),
        lambda v: (
            f"Payroll details\nName: Hannah Whitfield\nNI No: {v}\nTax code: 1257L",
            "email_paste",
        ),
        lambda v: (f"employee_id,nino,start\n4471,{v},2023-09-01", "csv"),
        lambda v: (f"HMRC wants my NI number ({v}) on the letter, where do I put it?", "chat"),
        lambda v: (
            json.dumps({"name": "Connor McAllister", "national_insurance_number": v}),
            "json",
        ),
    ],
    5,
)

emit(
    "pii",
    "nl_bsn",
    bsn,
    [
        lambda v: (f"Mijn BSN is {v}, moet ik dat echt invullen bij de verhuurder?", "chat"),
        lambda v: (lambda s: (f"BSN: {s}\nNaam: Daan van der Meulen", "email_paste", [s]))(
            f"{v[:4]}.{v[4:6]}.{v[6:]}"
        ),
        lambda v: (f"Het burgerservicenummer van mijn dochter is {v}.", "chat"),
        lambda v: (f"UPDATE patienten SET bsn = '{v}' WHERE id = 1182;", "sql"),
        lambda v: (json.dumps({"naam": "Femke Jansen", "bsn": v, "gemeente": "Utrecht"}), "json"),
    ],
    5,
)

emit(
    "pii",
    "de_tax_id",
    steuer_id,
    [
        lambda v: (lambda s: (f"Meine Steuer-ID lautet {s}.", "chat", [s]))(
            f"{v[:2]} {v[2:5]} {v[5:8]} {v[8:]}"
        ),
        lambda v: (f"Steueridentifikationsnummer: {v}\nFinanzamt: Köln-Altstadt", "email_paste"),
        lambda v: (f"IdNr. {v} – wo trage ich das in ELSTER bei der Anlage N ein?", "chat"),
        lambda v: (
            json.dumps({"name": "Lukas Brandtner", "steuer_id": v, "steuerklasse": 1}),
            "json",
        ),
    ],
    4,
)

emit(
    "pii",
    "fr_insee",
    insee,
    [
        lambda v: (f"Mon numéro de sécu est {v[1]}.", "chat", [v[1]]),
        lambda v: (f"NIR : {v[0]}\nNom : Nicolas Roussel", "email_paste", [v[0]]),
        lambda v: (
            f"N° de sécurité sociale {v[1]} – ma carte Vitale est perdue, que faire ?",
            "chat",
            [v[1]],
        ),
        lambda v: (f"nom;prenom;nir\nGarnier;Élodie;{v[0]}", "csv", [v[0]]),
    ],
    4,
)

emit(
    "pii",
    "es_dni",
    dni,
    [
        lambda v: (f"Mi DNI es {v}.", "chat"),
        lambda v: (lambda s: (f"DNI: {s}\nNombre: Álvaro Domínguez", "email_paste", [s]))(
            f"{v[:2]}.{v[2:5]}.{v[5:8]}-{v[8]}"
        ),
        lambda v: (
            f"Yo, Carmen Ruiz, con DNI {v}, autorizo a mi hermano a recoger el paquete.",
            "chat",
        ),
        lambda v: (json.dumps({"nombre": "Javier Morales", "dni": v}), "json"),
    ],
    4,
)

emit(
    "pii",
    "es_nie",
    nie,
    [
        lambda v: (f"Mi NIE es {v}, ¿me sirve para abrir una cuenta en el banco?", "chat"),
        lambda v: (lambda s: (f"NIE: {s}", "chat", [s]))(f"{v[0]}-{v[1:8]}-{v[8]}"),
        lambda v: (f"Número de identidad de extranjero de mi marido: {v}", "chat"),
    ],
    3,
)

_cf_people = iter(
    [
        ("Giulia", "Bianchi", True),
        ("Marco", "Esposito", False),
        ("Francesca", "Ricci", True),
        ("Lorenzo", "Galli", False),
    ]
)
emit(
    "pii",
    "it_codice_fiscale",
    lambda: codice_fiscale(*next(_cf_people)),
    [
        lambda v: (f"Il mio codice fiscale è {v}.", "chat"),
        lambda v: (f"Intestatario: Marco Esposito\nC.F. {v}", "email_paste"),
        lambda v: (
            lambda s: (
                f"codice fiscale: {s} (scritto in minuscolo, va bene lo stesso?)",
                "chat",
                [s],
            )
        )(v.lower()),
        lambda v: (json.dumps({"nome": "Lorenzo Galli", "codiceFiscale": v}), "json"),
    ],
    4,
)

_pesel_f = iter([True, False, True, False])
emit(
    "pii",
    "pl_pesel",
    lambda: pesel(next(_pesel_f)),
    [
        lambda v: (f"Mój PESEL to {v}.", "chat"),
        lambda v: (f"Imię i nazwisko: Piotr Zieliński\nPESEL: {v}", "email_paste"),
        lambda v: (f"Proszę o wystawienie faktury na osobę prywatną, nr PESEL {v}.", "chat"),
        lambda v: (
            json.dumps({"imie": "Marta", "nazwisko": "Kowalczyk", "pesel": v}, ensure_ascii=False),
            "json",
        ),
    ],
    4,
)

# --- passports
for text, sec, ctx in [
    (f"My passport number is {(x := nz(9))} (US), it expires in 2031.", x, "chat"),
    (f"UK passport no. {(x := nz(9))}, issued 2019 — do I need a visa for Japan?", x, "chat"),
    (f"Reisepassnummer: {(x := pick('CFGHJK') + rs('CFGHJKLMNPRTVWXYZ0123456789', 8))}", x, "chat"),
    (f"Mon numéro de passeport est {(x := d(2) + rs(UP, 2) + d(5))}.", x, "chat"),
    (f"Número de pasaporte: {(x := rs(UP, 3) + d(6))}, caduca en 2029.", x, "chat"),
    (
        f"Mijn paspoortnummer is {(x := rs('ABCDEFGHIJKLMNPRSTUVWXYZ', 2) + rs('ABCDEFGHIJKLMNPRSTUVWXYZ0123456789', 6) + nz(1))}",
        x,
        "chat",
    ),
    (f"Il numero di passaporto di mia moglie è {(x := rs(UP, 2) + d(7))}.", x, "chat"),
    (f"パスポート番号は{(x := rs(UP, 2) + d(7))}です。", x, "chat"),
]:
    add("pii", "passport_number", text, [sec], ctx)

# --- street addresses
for text, sec, ctx in [
    (
        f"Bitte schick das Paket an Katrin Vogelsang, {(x := 'Lindenstraße ' + str(R.randint(2, 140)))}, 50674 Köln.",
        x,
        "chat",
    ),
    (
        f"Rechnungsadresse:\nJonas Hartmann\n{(x := 'Kastanienallee ' + str(R.randint(2, 99)) + 'a')}\n10435 Berlin",
        x,
        "email_paste",
    ),
    (
        f"Ship to: Marcus Oyelaran, {(x := str(R.randint(100, 9999)) + ' W Armitage Ave')}, Apt 3B, Chicago, IL 60614",
        x,
        "chat",
    ),
    (
        f"I live at {(x := str(R.randint(2, 199)) + ' Whitfield Road')}, Sheffield — is that inside the delivery zone?",
        x,
        "chat",
    ),
    (
        f"Mon adresse : {(x := str(R.randint(2, 120)) + ' rue des Lilas')}, 69003 Lyon (Camille Lefebvre).",
        x,
        "chat",
    ),
    (
        f"Envíalo a Lucía Fernández, {(x := 'Calle de Alcalá ' + str(R.randint(10, 400)))}, 3.º B, 28028 Madrid.",
        x,
        "chat",
    ),
    (
        f"Mijn adres is {(x := 'Oudegracht ' + str(R.randint(2, 300)))}, 3511 AX Utrecht (Sanne de Vries).",
        x,
        "chat",
    ),
    (
        f"Il mio indirizzo: Francesca Ricci, {(x := 'Via Giuseppe Garibaldi, ' + str(R.randint(2, 90)))}, 10122 Torino",
        x,
        "chat",
    ),
    (
        f"Moro na {(x := 'Rua de Santa Catarina, ' + str(R.randint(10, 900)))}, 4000-442 Porto.",
        x,
        "chat",
    ),
    (
        f"Adres do korespondencji: Tomasz Wróbel, {(x := 'ul. Długa ' + str(R.randint(2, 80)) + '/' + str(R.randint(1, 40)))}, 80-831 Gdańsk",
        x,
        "chat",
    ),
    (
        f"住所は{(x := '東京都世田谷区北沢' + str(R.randint(1, 5)) + '丁目' + str(R.randint(1, 30)) + '-' + str(R.randint(1, 20)))}です。高橋健太宛てに送ってください。",
        x,
        "chat",
    ),
    (
        json.dumps(
            {
                "shipping_address": {
                    "name": "Beatriz Sousa",
                    "line1": (x := "Avenida da Liberdade " + str(R.randint(2, 250))),
                    "postal_code": "1250-096",
                    "city": "Lisboa",
                }
            },
            ensure_ascii=False,
        ),
        x,
        "json",
    ),
]:
    add("pii", "street_address", text, [sec], ctx)


# --- dates of birth
def _dob_cases():
    out = []
    y, m, dd = rand_date()
    s = f"{dd:02d}.{m:02d}.{y}"
    out.append(
        (f"Sabine Kretschmer, geb. {s}, wohnhaft in Leipzig, bittet um Rückruf.", s, "email_paste")
    )
    y, m, dd = rand_date()
    s = f"{m:02d}/{dd:02d}/{y}"
    out.append((f"Patient: Priya Raghunathan, DOB {s}, allergic to penicillin.", s, "chat"))
    y, m, dd = rand_date()
    s = f"{dd} {MONTHS['fr'][m - 1]} {y}"
    out.append((f"Théo Marchand est né le {s} à Bordeaux.", s, "chat"))
    y, m, dd = rand_date()
    s = f"{dd} de {MONTHS['es'][m - 1]} de {y}"
    out.append((f"Álvaro Domínguez, nacido el {s}, solicita la renovación.", s, "chat"))
    y, m, dd = rand_date()
    s = f"{dd:02d}-{m:02d}-{y}"
    out.append((f"Naam: Bram Kuipers\nGeboortedatum: {s}", s, "email_paste"))
    y, m, dd = rand_date()
    s = f"{dd:02d}/{m:02d}/{y}"
    out.append((f"Giulia Bianchi, nata il {s} a Torino.", s, "chat"))
    y, m, dd = rand_date()
    s = f"{y}-{m:02d}-{dd:02d}"
    out.append((json.dumps({"name": "Mariana Lopes", "birthdate": s, "plan": "family"}), s, "json"))
    y, m, dd = rand_date()
    s = f"{y}年{m}月{dd}日"
    out.append((f"渡辺美咲（{s}生まれ）の保険証を再発行したいです。", s, "chat"))
    return out


for text, sec, ctx in _dob_cases():
    add("pii", "date_of_birth", text, [sec], ctx)

# --- home IPs / MACs / plates
for text, sec, ctx in [
    (f"My home IP is {(x := home_ip())}, can you tell me why my own server blocks me?", x, "chat"),
    (
        f"Meine öffentliche IP zuhause ist {(x := home_ip())} – wie trage ich die in die Firewall ein?",
        x,
        "chat",
    ),
    (
        f"aws ec2 authorize-security-group-ingress --group-id sg-0a1b2c3d4e5f --protocol tcp --port 22 --cidr {(x := home_ip())}/32  # my home IP",
        x,
        "shell_history",
    ),
    (f"Mon adresse IP chez moi (box Orange) : {(x := home_ip())}", x, "chat"),
    (f"my IPv6 at home is {(x := home_ip6())} and the VPN leaks it", x, "chat"),
    (
        f"<Directory /var/www/admin>\n    Require ip {(x := home_ip())}  # casa de Javier\n</Directory>",
        x,
        "config_file",
    ),
]:
    add("pii", "ip_address", text, [sec], ctx)

for text, sec, ctx in [
    (f"my laptop's Wi-Fi MAC is {(x := mac('colon'))}, the router keeps blocking it", x, "chat"),
    (
        f"host katrins-macbook {{\n  hardware ethernet {(x := mac('colon_lower'))};\n  fixed-address 192.168.178.23;\n}}",
        x,
        "config_file",
    ),
    (f"Adresse MAC de mon téléphone : {(x := mac('dash'))}", x, "chat"),
    (
        f"Mein Drucker zuhause hat die MAC-Adresse {(x := mac('cisco'))}, wie reserviere ich eine IP dafür?",
        x,
        "chat",
    ),
]:
    add("pii", "mac_address", text, [sec], ctx)

_pl_letters = "BCDFGHJKLMNPRSTVWXYZ"
for text, sec, ctx in [
    (
        f"Mein Auto (Kennzeichen {(x := pick(['M', 'K', 'HH', 'B']) + '-' + rs('ABCDEFGHJKLMNPRSTUVWXYZ', 2) + ' ' + nz(4))}) wurde gestern abgeschleppt – wie lege ich Widerspruch ein?",
        x,
        "chat",
    ),
    (
        f"My car, reg {(x := rs('ABCDEFGHKLMNOPRSTVWY', 2) + d(2) + ' ' + rs('ABCDEFGHJKLMNOPRSTUVWXYZ', 3))}, got a PCN parked outside my own house.",
        x,
        "chat",
    ),
    (
        f"Ma voiture immatriculée {(x := rs('ABCDEFGHJKLMNPQRSTVWXYZ', 2) + '-' + nz(3) + '-' + rs('ABCDEFGHJKLMNPQRSTVWXYZ', 2))} a été flashée à 58 km/h, je conteste comment ?",
        x,
        "chat",
    ),
    (f"Mi coche, matrícula {(x := nz(4) + ' ' + rs(_pl_letters, 3))}, no pasó la ITV.", x, "chat"),
    (
        f"Mijn auto met kenteken {(x := rs('BDFGHJKLNPRSTVXZ', 2) + '-' + nz(3) + '-' + rs('BDFGHJKLNPRSTVXZ', 1))} staat op naam van mijn vader.",
        x,
        "chat",
    ),
    (
        f"La mia auto targata {(x := rs('ABCDEFGHJKLMNPRSTVWXYZ', 2) + ' ' + nz(3) + ' ' + rs('ABCDEFGHJKLMNPRSTVWXYZ', 2))} ha preso una multa a Milano.",
        x,
        "chat",
    ),
    (
        f"私の車のナンバーは{(x := '品川 ' + str(R.randint(300, 599)) + ' さ ' + nz(2) + '-' + d(2))}です。",
        x,
        "chat",
    ),
]:
    add("pii", "license_plate", text, [sec], ctx)


# --- contact blocks with several values
def _contact_blocks():
    out = []
    tel, mob, em = phone_de(), phone_de(), "s.kretschmer@kraemer-logistik.de"
    out.append(
        (
            f"Mit freundlichen Grüßen\n\nSabine Kretschmer\nTeamleitung Buchhaltung\nTel.: {tel}\nMobil: {mob}\nE-Mail: {em}",
            [tel, mob, em],
            "email_paste",
        )
    )
    tel, em, st = (
        phone_us(),
        email("en", ("Marcus", "Oyelaran")),
        f"{R.randint(100, 9999)} W Armitage Ave",
    )
    out.append(
        (
            f"BEGIN:VCARD\nVERSION:3.0\nFN:Marcus Oyelaran\nTEL;TYPE=CELL:{tel}\nEMAIL:{em}\nADR;TYPE=HOME:;;{st};Chicago;IL;60614;USA\nEND:VCARD",
            [tel, em, st],
            "vcard",
        )
    )
    tel, em, st = (
        phone_fr(),
        email("fr", ("Élodie", "Garnier")),
        f"{R.randint(2, 90)} avenue Jean Jaurès",
    )
    out.append(
        (
            f"Cordialement,\nÉlodie Garnier\n{st}, 69007 Lyon\n{tel} · {em}",
            [st, tel, em],
            "email_paste",
        )
    )
    y, m, dd = rand_date()
    dob = f"{y}-{m:02d}-{dd:02d}"
    tel, em = phone_nl(), email("nl", ("Daan", "van der Meulen"))
    out.append(
        (
            json.dumps(
                {
                    "user": {
                        "name": "Daan van der Meulen",
                        "email": em,
                        "phone": tel,
                        "date_of_birth": dob,
                        "locale": "nl-NL",
                    }
                },
                indent=2,
            ),
            [em, tel, dob],
            "json",
        )
    )
    e1, e2, t1, t2 = (
        email("pl", ("Agnieszka", "Wiśniewska")),
        email("it", ("Lorenzo", "Galli")),
        phone_pl(),
        phone_it(),
    )
    out.append(
        (
            f"name,email,phone\nAgnieszka Wiśniewska,{e1},{t1}\nLorenzo Galli,{e2},{t2}",
            [e1, t1, e2, t2],
            "csv",
        )
    )
    return out


for text, secs, ctx in _contact_blocks():
    add("pii", "contact_block", text, secs, ctx)


# ================================================================ NEGATIVES


def sha40() -> str:
    return rs(HEX, 40)


def sha64() -> str:
    return rs(HEX, 64)


NEG: list[tuple[str, str]] = [
    # placeholders and references to secrets without values
    ("Set OPENAI_API_KEY=sk-... in your .env file and restart the dev server.", "chat"),
    (
        "export GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx  # replace with your own token",
        "shell_history",
    ),
    (
        'api_key = os.environ["ANTHROPIC_API_KEY"]\nclient = anthropic.Anthropic(api_key=api_key)',
        "python_code",
    ),
    ('headers = {"Authorization": f"Bearer {os.environ[\'HF_TOKEN\']}"}', "python_code"),
    ('curl -H "Authorization: Bearer $TOKEN" https://api.github.com/user', "shell_history"),
    ("DATABASE_URL=postgres://user:password@localhost:5432/mydb", "env_file"),
    (
        "mongodb+srv://<username>:<password>@cluster0.mongodb.net/?retryWrites=true&w=majority",
        "config_file",
    ),
    (
        "aws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "config_file",
    ),
    ("STRIPE_SECRET_KEY=sk_test_...\nSTRIPE_WEBHOOK_SECRET=whsec_...", "env_file"),
    ('password = getpass.getpass("Database password: ")', "python_code"),
    ("mysql -u root -p\nEnter password:", "shell_history"),
    ('redis-cli -a "$REDIS_PASSWORD" --no-auth-warning ping', "shell_history"),
    (
        "env:\n  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef:\n        name: db-credentials\n        key: password",
        "k8s_manifest",
    ),
    (
        'kubectl create secret generic db-creds --from-literal=password="$(openssl rand -base64 24)"',
        "shell_history",
    ),
    ("- run: npm publish\n  env:\n    NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}", "ci_config"),
    ('variable "db_password" {\n  type      = string\n  sensitive = true\n}', "terraform"),
    (
        'SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY")\nif not SECRET_KEY:\n    raise ImproperlyConfigured("DJANGO_SECRET_KEY is not set")',
        "python_code",
    ),
    ("Please replace <your-api-key> with the key from your dashboard.", "chat"),
    ("OPENAI_API_KEY=YOUR_API_KEY_HERE", "env_file"),
    (
        "Error code: 401 - Incorrect API key provided: sk-proj-********************. You can find your API key at https://platform.openai.com/account/api-keys.",
        "log_line",
    ),
    ("Authorization: Basic <base64(username:password)>", "http_request"),
    ("The header looks like `x-api-key: <API_KEY>` and the value comes from the console.", "chat"),
    (
        "GitHub classic tokens are 40 characters long: the ghp_ prefix plus 36 alphanumerics.",
        "chat",
    ),
    (
        "Slack bot tokens start with xoxb- and user tokens with xoxp-; which one do I need for chat.postMessage?",
        "chat",
    ),
    ("HF_TOKEN=hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx  # paste your token here", "env_file"),
    ("glpat-XXXXXXXXXXXXXXXXXXXX is what the docs show; mine obviously looks different.", "chat"),
    (
        "password_min_length = 12\npassword_require_symbols = true\nsession_timeout = 900",
        "config_file",
    ),
    ("# requirepass foobared\nmaxmemory-policy allkeys-lru", "config_file"),
    ("token = secrets.token_hex(32)\nprint(len(token))  # 64", "python_code"),
    (
        "The Stripe CLI prints a webhook signing secret starting with whsec_; copy it into STRIPE_WEBHOOK_SECRET.",
        "chat",
    ),
    ("openssl rand -hex 32 > .secret_key && chmod 600 .secret_key", "shell_history"),
    ("chmod 600 ~/.ssh/id_ed25519 && ssh-add ~/.ssh/id_ed25519", "shell_history"),
    ("psql -h localhost -U postgres -d app -W", "shell_history"),
    (
        "[client]\nuser = backup\n# password is read from ~/.mylogin.cnf (mysql_config_editor)",
        "ini",
    ),
    ("AWS_PROFILE=staging aws sts get-caller-identity", "shell_history"),
    (
        "gcloud auth application-default login && gcloud config set project my-project-id",
        "shell_history",
    ),
    (
        "az storage blob upload --account-name mystorageaccount --auth-mode login -c data -f report.csv",
        "shell_history",
    ),
    (
        "Connection string format: DefaultEndpointsProtocol=https;AccountName=<account>;AccountKey=<key>;EndpointSuffix=core.windows.net",
        "chat",
    ),
    (
        "The cookie is set with Set-Cookie: sessionid=<value>; HttpOnly; Secure; SameSite=Lax",
        "chat",
    ),
    ("sk-ant-... keys go in the x-api-key header, not in Authorization.", "chat"),
    ("Use llt_... tokens only from the settings page and never commit them.", "chat"),
    ("LIFELONG_TOKEN=llt_<redacted>", "env_file"),
    ("const token = process.env.GITHUB_TOKEN ?? '';", "javascript_code"),
    ("RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci", "dockerfile"),
    (
        "Jak ustawić zmienną API_KEY w GitHub Actions? Używam ${{ secrets.API_KEY }} i dostaję pusty string.",
        "chat",
    ),
    ('Comment générer une clé SSH ed25519 ? ssh-keygen -t ed25519 -C "laptop-travail"', "chat"),
    ("Wie erstelle ich in Python ein sicheres Passwort? Reicht secrets.token_urlsafe(32)?", "chat"),
    ("Mijn wachtwoord werkt niet meer na de update, hoe reset ik het via de CLI?", "chat"),
    ("¿Cómo guardo la contraseña de forma segura en Python? ¿Uso bcrypt o argon2?", "chat"),
    (
        "Ho ricevuto l'errore 'Invalid token' dopo l'aggiornamento alla versione 3.4.1, cosa è cambiato?",
        "chat",
    ),
    ("Passwort vergessen? Klicke auf „Zurücksetzen“ und folge dem Link in der E-Mail.", "chat"),
    (
        'HTTP/1.1 401 Unauthorized\nWWW-Authenticate: Bearer realm="api", error="invalid_token"',
        "http_response",
    ),
    ("mysql> SHOW VARIABLES LIKE 'validate_password%';", "sql"),
    ("ALTER TABLE accounts ADD COLUMN password_hash VARCHAR(255) NOT NULL;", "sql"),
    (
        "SELECT id, email, created_at FROM users WHERE created_at >= '2024-01-01' ORDER BY id LIMIT 50;",
        "sql",
    ),
    ("BEGIN;\nUPDATE inventory SET qty = qty - 1 WHERE sku = 'JP-44120-BK';\nCOMMIT;", "sql"),
    # documented example / test values
    (
        "Visa test card for Stripe test mode: 4242 4242 4242 4242, any future expiry date, any CVC.",
        "chat",
    ),
    ("The sandbox accepts the test card 4111 1111 1111 1111 with expiry 03/30.", "chat"),
    (
        "The example IBAN in the SEPA docs is DE89 3704 0044 0532 0130 00 — how many characters does a German IBAN have?",
        "chat",
    ),
    (
        "The British example IBAN GB82 WEST 1234 5698 7654 32 is what the validator's unit tests use.",
        "chat",
    ),
    ("The SSN field shows the placeholder 123-45-6789 until the user types something.", "chat"),
    ("HMRC uses QQ 12 34 56 C as the example National Insurance number in its guidance.", "chat"),
    (
        'git config --global user.email "you@example.com"\ngit config --global user.name "Your Name"',
        "shell_history",
    ),
    ("## Contact\n\nMaintainer: Jane Doe <jane.doe@example.org>", "markdown"),
    ("Phone: (555) 555-5555", "html"),
    ("Telefon: +49 (0) ___ ________\nE-Mail: ____________@________", "chat"),
    ("IBAN: DEXX XXXX XXXX XXXX XXXX XX", "chat"),
    (
        "The Azurite emulator uses the well-known account devstoreaccount1 with key Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==.",
        "chat",
    ),
    (
        "The example token from jwt.io is eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c — why does my decoder show John Doe?",
        "chat",
    ),
    (
        'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9 is just the header: it decodes to {"alg":"HS256","typ":"JWT"}.',
        "chat",
    ),
    ("arn:aws:iam::123456789012:role/service-role/lambda-exec", "config_file"),
    # public facts, people and places
    ("Marie Curie was born on 7 November 1867 in Warsaw.", "chat"),
    (
        "Albert Einstein (born 14 March 1879 in Ulm) published the special theory of relativity in 1905.",
        "chat",
    ),
    ("The White House is at 1600 Pennsylvania Avenue NW, Washington, DC 20500.", "chat"),
    ("For emergencies in the EU dial 112; in the US and Canada, 911.", "chat"),
    ("Eiffel Tower coordinates: 48.8584° N, 2.2945° E", "chat"),
    ("Population of Poland in 2023: 36 753 736 (GUS).", "chat"),
    ("flight LH 400 from FRA to JFK departs at 10:50 local time", "chat"),
    ("CVE-2024-3094 affected xz-utils 5.6.0 and 5.6.1.", "chat"),
    ("Das Buch hat die ISBN 978-3-16-148410-0.", "chat"),
    ("Der Artikel mit der Art.-Nr. 4471-203 (EAN 4006381333931) kostet 12,95 €.", "chat"),
    ("Die Bestellnummer aus dem Katalog ist 10-4471-203, Größe M, Farbe Blau.", "chat"),
    ("Zamówienie z katalogu: nr kat. 58213, cena 249,99 zł brutto.", "chat"),
    ("Unit price ¥12,800 (tax incl.), SKU JP-44120-BK", "chat"),
    ("Invoice INV-2024-000417 total 1.234,56 EUR, due 30.04.2024", "chat"),
    ("Order total: 3 × 24,99 € = 74,97 € incl. 19 % MwSt.", "chat"),
    ("O plano Pro custa R$ 49,90 por mês ou R$ 479,00 por ano.", "chat"),
    ("Le prix est de 1 299,00 € TTC, livraison prévue le 14/03/2025.", "chat"),
    ("Il biglietto costa 12,50 € e il treno parte alle 08:47 dal binario 9.", "chat"),
    ("De trein van 08:47 naar Utrecht Centraal vertrekt van spoor 5b.", "chat"),
    ("La reunión es el 14 de marzo de 2025 a las 10:30 en la sala 3.", "chat"),
    ("A versão 3.12.2 do Python saiu em 6 de fevereiro de 2024.", "chat"),
    ("価格は税込み12,800円です。発売日は2024年3月17日。", "chat"),
    ("このエラーの意味を教えてください: ModuleNotFoundError: No module named 'torch'", "chat"),
    (
        "The DOI of the dataset is 10.5281/zenodo.8123456 and the preprint is arXiv:2403.01234.",
        "chat",
    ),
    # math and encodings
    ("2^64 = 18446744073709551616", "chat"),
    ("The first 20 digits of pi are 3.1415926535897932384.", "chat"),
    ("1/7 = 0.142857142857...", "chat"),
    ("La dérivée de x² est 2x, et ∫ 2x dx = x² + C.", "chat"),
    ("Matrix determinant of [[2, 1], [7, 4]] is 1.", "chat"),
    ("echo 'SGVsbG8sIFdvcmxkIQ==' | base64 -d  # prints Hello, World!", "shell_history"),
    (f"base64 of 'lifelong learning' is {base64.b64encode(b'lifelong learning').decode()}", "chat"),
    (f'sha256("abc") = {hashlib.sha256(b"abc").hexdigest()}', "chat"),
    (
        f"md5 of the empty string: {hashlib.md5(b'').hexdigest()}, sha1: {hashlib.sha1(b'').hexdigest()}",
        "chat",
    ),
    (
        f'HMAC-SHA256 test case 1 from RFC 4231: key = 0x0b repeated 20 times, data = "Hi There", result {hmac.new(bytes([11] * 20), b"Hi There", hashlib.sha256).hexdigest()}',
        "chat",
    ),
    ("The namespace UUID for DNS in RFC 4122 is 6ba7b810-9dad-11d1-80b4-00c04fd430c8.", "chat"),
    ('uuid.uuid5(uuid.NAMESPACE_URL, "https://docs.python.org/3/")', "python_code"),
    ("regex for e-mail: ^[\\w.+-]+@[\\w-]+\\.[\\w.-]+$", "chat"),
    (
        "def luhn_ok(number: str) -> bool:\n    digits = [int(c) for c in reversed(number) if c.isdigit()]\n    total = sum(d if i % 2 == 0 else (d * 2 - 9 if d > 4 else d * 2) for i, d in enumerate(digits))\n    return total % 10 == 0",
        "python_code",
    ),
    ("Epoch 1710668482 corresponds to 2024-03-17 09:41:22 UTC.", "chat"),
    ("color: #1e90ff; background: #fafafa; border-radius: 4px;", "css"),
    ("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.", "chat"),
    # networking without personal data
    ("ping -c 3 1.1.1.1 && ping -c 3 8.8.8.8", "shell_history"),
    ("server {\n    listen 80;\n    allow 203.0.113.0/24;\n    deny all;\n}", "config_file"),
    ("My router's admin page is at 192.168.178.1 — how do I change the Wi-Fi channel?", "chat"),
    ("The broadcast MAC address is ff:ff:ff:ff:ff:ff.", "chat"),
    ("127.0.0.1 localhost\n::1 localhost ip6-localhost ip6-loopback", "config_file"),
    ("ssh -i ~/.ssh/deploy_key -p 2222 deploy@203.0.113.10", "shell_history"),
    ('resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}', "terraform"),
    (
        "Received: from mail.example.net (mail.example.net [192.0.2.25]) by mx.example.org with ESMTPS",
        "email_paste",
    ),
    ("certbot certonly --webroot -w /var/www/html -d shop.example.com", "shell_history"),
    # ordinary code, configs, logs
    ("*/15 * * * * /usr/local/bin/backup.sh >> /var/log/backup.log 2>&1", "config_file"),
    ('services:\n  web:\n    image: nginx:1.25-alpine\n    ports:\n      - "8080:80"', "yaml"),
    (
        "FROM python:3.12-slim\nENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1\nRUN pip install --no-cache-dir -r requirements.txt",
        "dockerfile",
    ),
    ('ENV NODE_ENV=production\nEXPOSE 3000\nCMD ["node", "server.js"]', "dockerfile"),
    ("numpy==1.26.4\npandas==2.2.1\nrequests==2.31.0\nurllib3==2.2.1", "config_file"),
    ('[tool.ruff]\nline-length = 100\n\n[tool.pytest.ini_options]\naddopts = "-q"', "toml"),
    (
        "on:\n  push:\n    branches: [main]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4",
        "ci_config",
    ),
    (
        "Traceback (most recent call last):\n  File \"/usr/local/lib/python3.11/site-packages/requests/adapters.py\", line 519, in send\n    raise ConnectionError(e, request=request)\nrequests.exceptions.ConnectionError: HTTPSConnectionPool(host='api.example.com', port=443): Max retries exceeded",
        "stack_trace",
    ),
    (
        "GET /api/v2/items?page=3&per_page=50 HTTP/1.1\nHost: api.example.com\nAccept: application/json\nUser-Agent: curl/8.5.0",
        "http_request",
    ),
    ('tokenizer("Hello world")["input_ids"]  # -> [15496, 995]', "python_code"),
    ("max_tokens=1024, temperature=0.2, top_p=0.95", "python_code"),
    (
        "response = requests.post(url, json=payload, timeout=10)\nresponse.raise_for_status()",
        "python_code",
    ),
    ("step 48000/100000 loss=1.8421 lr=3.0e-4 grad_norm=0.87 tokens/s=51234", "log_line"),
    (
        "CUDA_VISIBLE_DEVICES=0,1 torchrun --nproc_per_node=2 train.py --batch-size 64 --lr 3e-4",
        "shell_history",
    ),
    (
        "sudo apt-get install -y postgresql-16 && sudo systemctl enable --now postgresql",
        "shell_history",
    ),
    ("Release v2.31.0 (2024-03-17): fixes #4127 and #4133; bumps urllib3 to 2.2.1.", "markdown"),
    ("semver allows 1.0.0-rc.1+build.5114f85 as a pre-release with build metadata.", "chat"),
    ("Build 20240317.4 passed in 12m 41s on ubuntu-22.04 (runner image 20240310.1.0)", "log_line"),
    ("2024-03-17 09:41:22,118 INFO  worker.py:88 processed 1824 items in 3.21s", "log_line"),
    (
        '2024-03-17T09:41:22.118Z level=warn msg="retrying request" attempt=3 backoff=1.6s',
        "log_line",
    ),
    (
        "[2024-06-02 23:59:59] production.ERROR: SQLSTATE[HY000] [2002] Connection refused",
        "log_line",
    ),
    ("The tracking page says 'Zugestellt' since 14:32 — Paketshop in der Bahnhofstraße.", "chat"),
    ("Werkzeug prints a debugger PIN on startup; never run debug=True in production.", "chat"),
    ("s3://my-bucket/path/to/object.parquet", "chat"),
]

# parameterised negatives: public hashes, ids, digests
for tmpl, ctx in [
    ("Fixed upstream in {sha} (see PR #4127).", "chat"),
    ("git cherry-pick {sha}", "shell_history"),
    ("Regression introduced by commit {sha} in v5.0.3; reverted in {sha2}.", "chat"),
    ('pip install "git+https://github.com/huggingface/transformers@{sha}"', "shell_history"),
    (
        "repos:\n  - repo: https://github.com/astral-sh/ruff-pre-commit\n    rev: {sha}  # frozen: v0.4.4",
        "yaml",
    ),
    (
        "git log --oneline -3\n{s7a} Merge pull request #4127 from acme/fix-timeouts\n{s7b} Bump urllib3 from 2.2.0 to 2.2.1\n{s7c} docs: fix typo in README",
        "shell_history",
    ),
    ("docker pull python@sha256:{h64}", "shell_history"),
    ("        image: ghcr.io/acme/api@sha256:{h64}", "k8s_manifest"),
    ("{h64}  kubectl-1.29.2-linux-amd64.tar.gz", "shell_history"),
    ("version https://git-lfs.github.com/spec/v1\noid sha256:{h64}\nsize 48213771", "config_file"),
    (
        '"node_modules/lodash": {{\n  "version": "4.17.21",\n  "resolved": "https://registry.npmjs.org/lodash/-/lodash-4.17.21.tgz",\n  "integrity": "sha512-{i88}"\n}}',
        "json",
    ),
    ("golang.org/x/text v0.14.0 h1:{g44}", "config_file"),
    ("X-Request-ID: {uuid}", "http_request"),
    ("Trace {uuid} took 1843 ms (p95 920 ms).", "log_line"),
    ('{{"job_id": "{uuid}", "status": "succeeded", "duration_s": 41.7}}', "json"),
    ("The docs page has the id {uuid}; link it from the changelog.", "chat"),
    ("Deploy key fingerprint: SHA256:{fp} (ED25519)", "chat"),
    (
        '{{"id": "chatcmpl-{cc}", "model": "gpt-4o-mini", "usage": {{"prompt_tokens": 812, "completion_tokens": 214, "total_tokens": 1026}}}}',
        "json",
    ),
]:
    text = (
        tmpl.replace("{sha}", sha40())
        .replace("{sha2}", sha40())
        .replace("{s7a}", rs(HEX, 7))
        .replace("{s7b}", rs(HEX, 7))
        .replace("{s7c}", rs(HEX, 7))
        .replace("{h64}", sha64())
        .replace("{uuid}", uuid4())
        .replace("{i88}", base64.b64encode(rand_bytes(64)).decode())
        .replace("{g44}", base64.b64encode(rand_bytes(32)).decode())
        .replace("{fp}", base64.b64encode(rand_bytes(32)).decode().rstrip("="))
        .replace("{cc}", rs(AN, 29))
        .replace("{{", "{")
        .replace("}}", "}")
    )
    NEG.append((text, ctx))

# public keys are not secrets
_pub = wrap("MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA" + rs(B64, 392 - 44 - 8) + "IDAQAB", 64)
NEG.append(
    (
        "Here is our public key for verifying webhook signatures:\n"
        + pem_block("PUBLIC KEY", _pub),
        "chat",
    )
)
NEG.append((f"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI{rs(B64, 43)} deploy@ci-runner", "config_file"))

for text, ctx in NEG:
    add("negative", "negative", text, [], ctx)


# ================================================================ checks and output


def _check() -> None:
    seen = set()
    for r in RECORDS:
        assert r["category"] in ("secret", "pii", "negative"), r
        assert r["text"] not in seen, r["text"][:80]
        seen.add(r["text"])
        if r["category"] == "negative":
            assert r["kind"] == "negative" and r["secrets"] == [], r
        else:
            assert r["kind"] != "negative" and r["secrets"], r
            for s in r["secrets"]:
                assert isinstance(s, str) and len(s) >= 6, (r["kind"], s)
                assert s in r["text"], (r["kind"], s, r["text"][:120])
    # check digits of the generated personal ids
    for r in RECORDS:
        k = r["kind"]
        if k == "credit_card":
            assert all(luhn_ok(s) for s in r["secrets"]), r
        if k == "nl_bsn":
            assert all(bsn_ok(s) for s in r["secrets"]), r
        if k == "pl_pesel":
            assert all(pesel_ok(s) for s in r["secrets"]), r
        if k == "es_dni":
            for s in r["secrets"]:
                digits = "".join(c for c in s if c.isdigit())
                assert DNI_LETTERS[int(digits) % 23] == s[-1], s
        if k == "fr_insee":
            for s in r["secrets"]:
                n = s.replace(" ", "")
                assert 97 - int(n[:13]) % 97 == int(n[13:]), s


_check()

out_path = Path(__file__).with_name("blind3.jsonl")
with out_path.open("w", encoding="utf-8") as fh:
    for r in RECORDS:
        fh.write(json.dumps(r, ensure_ascii=False) + "\n")

print(f"wrote {len(RECORDS)} lines to {out_path}")
print(Counter(r["category"] for r in RECORDS))
print(Counter(r["kind"] for r in RECORDS))
