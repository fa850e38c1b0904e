# ruff: noqa: E501, E402, E741, B905, RUF005, RUF059, SIM108, UP031  (a generated corpus: kept as its author wrote it, blind)
"""Blind test corpus #2 for the secrets/PII scrubber.

Written without looking at the scrubber. Deterministic, dependency-free.
Writes blind2.jsonl next to this script.

Each line: {"text", "category", "kind", "secrets", "context"}.
`secrets` lists exact substrings of `text` that must not survive scrubbing;
negatives have an empty list and must come out unchanged.
"""

import base64
import json
import os
import random
import string
from collections import Counter

R = random.Random(2026_12_07)

B62 = string.ascii_letters + string.digits
URLB64 = B62 + "-_"
B64 = B62 + "+/"
HEX = "0123456789abcdef"
UPHEX = "0123456789ABCDEF"
B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
CROCK = "0123456789abcdefghjkmnpqrstvwxyz"
DIG = string.digits


def rs(n, alpha=B62):
    return "".join(R.choice(alpha) for _ in range(n))


def d(n, first_nonzero=False):
    s = rs(n, DIG)
    if first_nonzero and s[0] == "0":
        s = R.choice("123456789") + s[1:]
    return s


def pick(seq):
    return R.choice(seq)


def b64u(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


# ---------------------------------------------------------------- names etc.
FIRST = [
    "anna",
    "jan",
    "marco",
    "lucia",
    "pierre",
    "sophie",
    "hans",
    "yuki",
    "kenji",
    "maria",
    "joao",
    "piotr",
    "katarzyna",
    "daan",
    "emma",
    "liam",
    "olivia",
    "noah",
    "giulia",
    "matteo",
    "carlos",
    "elena",
    "lukas",
    "lea",
    "tomasz",
    "ines",
    "ruben",
    "sanne",
    "priya",
    "arjun",
    "chloe",
    "oliver",
    "amelia",
]
LAST = [
    "kowalski",
    "nowak",
    "rossi",
    "bianchi",
    "garcia",
    "martinez",
    "dubois",
    "lefevre",
    "mueller",
    "schmidt",
    "tanaka",
    "suzuki",
    "silva",
    "santos",
    "de-vries",
    "jansen",
    "smith",
    "johnson",
    "brown",
    "wilson",
    "patel",
    "sharma",
    "moreau",
    "fischer",
    "weber",
    "costa",
    "ferreira",
    "visser",
]
HOSTS = [
    "db-prod-01.internal",
    "10.0.3.17",
    "pg.eu-central-1.rds.amazonaws.com",
    "mysql.staging.acme.io",
    "localhost",
    "db.example.net",
    "postgres",
    "192.168.1.50",
    "warehouse.corp.local",
    "replica-2.db.lan",
]
ORGS = [
    "acme",
    "globex",
    "initech",
    "umbrella-labs",
    "hooli",
    "vandelay",
    "stark-ind",
    "wayne-ent",
    "piedpiper",
    "cyberdyne",
    "tyrell",
    "soylent",
]
REPOS = [
    "api-gateway",
    "billing-service",
    "infra",
    "web-frontend",
    "data-pipeline",
    "ml-training",
    "mobile-app",
    "terraform-modules",
    "docs",
    "etl-jobs",
]


def name():
    return pick(FIRST), pick(LAST)


def password():
    k = R.randrange(7)
    if k == 0:
        return rs(R.randint(12, 20), B62 + "!#%*-_.")
    if k == 1:
        w = pick(
            [
                "Winter",
                "Sommer",
                "Bella",
                "Dragon",
                "Falcon",
                "Tulpe",
                "Mango",
                "Kasztan",
                "Sakura",
                "Coruja",
                "Girasole",
                "Koala",
            ]
        )
        return f"{w}{R.randint(1990, 2026)}{pick('!?#$%&*')}"
    if k == 2:
        ws = [
            "correct",
            "horse",
            "battery",
            "staple",
            "purple",
            "tiger",
            "canal",
            "velvet",
            "orbit",
            "lantern",
            "maple",
            "quartz",
            "ember",
        ]
        return "-".join(R.sample(ws, 4))
    if k == 3:
        return rs(R.randint(24, 32), URLB64)
    if k == 4:
        return (
            pick(["P@ssw0rd", "Qwerty", "S3cure", "Adm1n", "Welkom", "Haslo"])
            + d(R.randint(2, 4))
            + pick("!$#")
        )
    if k == 5:
        return (
            rs(R.randint(10, 14), string.ascii_lowercase + DIG)
            + pick(["!", "$", "#", "%"])
            + rs(3, string.ascii_uppercase)
        )
    return rs(R.randint(16, 22), B62)


def ini_safe_password():
    while True:
        p = password()
        if not any(c in p for c in "#;'\"$%&<>"):
            return p


# ---------------------------------------------------------------- token makers
def openai_key():
    k = R.randrange(5)
    if k == 0:
        return "sk-" + rs(20) + "T3BlbkFJ" + rs(20)
    if k == 1:
        return (
            "sk-svcacct-"
            + rs(R.randint(60, 74), URLB64)
            + "T3BlbkFJ"
            + rs(R.randint(60, 74), URLB64)
        )
    if k == 2:
        return (
            "sk-admin-" + rs(R.randint(60, 74), URLB64) + "T3BlbkFJ" + rs(R.randint(60, 74), URLB64)
        )
    return "sk-proj-" + rs(R.randint(56, 74), URLB64) + "T3BlbkFJ" + rs(R.randint(56, 74), URLB64)


def anthropic_key(admin=False):
    if admin:
        return "sk-ant-admin01-" + rs(93, URLB64) + "AA"
    return "sk-ant-api03-" + rs(93, URLB64) + "AA"


def aws_id(prefix="AKIA"):
    return prefix + rs(16, B32)


def aws_secret():
    return rs(40, B64)


def aws_session():
    return (
        pick(["IQoJb3JpZ2luX2VjE", "FwoGZXIvYXdzE", "IQoJb3JpZ2luX2VjEHYaCXVzLWVhc3QtMSJH"])
        + rs(R.randint(280, 360), B64)
        + "=="
    )


def gh_token(prefix=None):
    prefix = prefix or pick(["ghp_", "ghp_", "gho_", "ghs_", "ghu_", "ghr_"])
    if prefix == "github_pat_":
        return "github_pat_" + rs(22) + "_" + rs(59)
    return prefix + rs(36)


def glpat():
    return "glpat-" + rs(20, URLB64)


def google_key():
    return "AIza" + rs(35, URLB64)


def slack_bot():
    return f"xoxb-{d(12, True)}-{d(13, True)}-{rs(24)}"


def slack_user():
    return f"xoxp-{d(12, True)}-{d(12, True)}-{d(13, True)}-{rs(32, HEX)}"


def slack_app():
    return f"xapp-1-A{rs(10, string.ascii_uppercase + DIG)}-{d(13, True)}-{rs(64, HEX)}"


def slack_hook():
    t = "T" + rs(10, string.ascii_uppercase + DIG)
    b = "B" + rs(10, string.ascii_uppercase + DIG)
    s = rs(24)
    return f"https://hooks.slack.com/services/{t}/{b}/{s}", s


def stripe_key(prefix="sk_live_"):
    if prefix == "whsec_":
        return "whsec_" + rs(32)
    if R.random() < 0.5:
        return prefix + "51" + rs(R.randint(90, 97))
    return prefix + rs(24)


def twilio_sid(p):
    return p + rs(32, HEX)


def sendgrid_key():
    return "SG." + rs(22, URLB64) + "." + rs(43, URLB64)


def hf_token():
    return "hf_" + rs(34, string.ascii_letters)


def jwt(alg="HS256", payload=None, sig_len=None):
    hdr = {"alg": alg, "typ": "JWT"}
    if R.random() < 0.3 and alg != "none":
        hdr["kid"] = rs(16, HEX)
    h = b64u(json.dumps(hdr, separators=(",", ":")).encode())
    if payload is None:
        f, l = name()
        iat = R.randint(1_700_000_000, 1_790_000_000)
        payload = {
            "sub": str(R.randint(1000, 999999)),
            "name": f"{f.title()} {l.title()}",
            "role": pick(["admin", "user", "editor", "service"]),
            "iat": iat,
            "exp": iat + 3600,
        }
    p = b64u(json.dumps(payload, separators=(",", ":")).encode())
    if alg == "none":
        return f"{h}.{p}."
    n = sig_len or (342 if alg.startswith("RS") else 43)
    return f"{h}.{p}.{rs(n, URLB64)}"


def llt():
    if R.random() < 0.6:
        ident = "01" + pick("hjk") + rs(23, CROCK)
    else:
        ident = rs(26, B32.lower())
    return f"llt_{ident}_{rs(43, URLB64)}"


def pem(kind):
    if kind == "RSA":
        head, tail, pre, n, w = (
            "-----BEGIN RSA PRIVATE KEY-----",
            "-----END RSA PRIVATE KEY-----",
            "MIIEpAIBAAKCAQEA",
            1588,
            64,
        )
    elif kind == "EC":
        head, tail, pre, n, w = (
            "-----BEGIN EC PRIVATE KEY-----",
            "-----END EC PRIVATE KEY-----",
            "MHcCAQEEI",
            224,
            64,
        )
    elif kind == "OPENSSH":
        head, tail, pre, n, w = (
            "-----BEGIN OPENSSH PRIVATE KEY-----",
            "-----END OPENSSH PRIVATE KEY-----",
            "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW",
            396,
            70,
        )
    elif kind == "PKCS8":
        head, tail, pre, n, w = (
            "-----BEGIN PRIVATE KEY-----",
            "-----END PRIVATE KEY-----",
            "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ",
            1620,
            64,
        )
    else:  # encrypted
        head, tail, pre, n, w = (
            "-----BEGIN ENCRYPTED PRIVATE KEY-----",
            "-----END ENCRYPTED PRIVATE KEY-----",
            "MIIFHDBOBgkqhkiG9w0BBQ0wQTApBgkqhkiG9w0BBQwwHAQI",
            1700,
            64,
        )
    body = pre + rs(n - len(pre) - 2, B64) + "=="
    lines = [body[i : i + w] for i in range(0, len(body), w)]
    return head, lines, tail


# ---------------------------------------------------------------- PII makers
def luhn_complete(prefix, length):
    num = prefix + d(length - len(prefix) - 1)
    digits = [int(c) for c in num]
    total = 0
    for i, v in enumerate(reversed(digits)):
        if i % 2 == 0:
            v *= 2
            if v > 9:
                v -= 9
        total += v
    return num + str((10 - total % 10) % 10)


def luhn_ok(num):
    s = 0
    for i, c in enumerate(reversed(num)):
        v = int(c)
        if i % 2 == 1:
            v *= 2
            if v > 9:
                v -= 9
        s += v
    return s % 10 == 0


def card(brand=None):
    brand = brand or pick(["visa", "mc", "mc2", "amex", "discover"])
    if brand == "visa":
        return luhn_complete("4" + d(5), 16), brand
    if brand == "mc":
        return luhn_complete(str(R.randint(51, 55)) + d(4), 16), brand
    if brand == "mc2":
        return luhn_complete(str(R.randint(2221, 2720)) + d(2), 16), brand
    if brand == "amex":
        return luhn_complete(pick(["34", "37"]) + d(4), 15), brand
    return luhn_complete("6011" + d(2), 16), brand


def fmt_card(num, style):
    if len(num) == 15:
        g = [num[:4], num[4:10], num[10:]]
    else:
        g = [num[i : i + 4] for i in range(0, 16, 4)]
    return {"space": " ".join(g), "dash": "-".join(g), "plain": num}[style]


def _iban_check(cc, bban):
    s = bban + cc + "00"
    n = "".join(str(int(c, 36)) for c in s)
    return "%02d" % (98 - int(n) % 97)


def _es_dc(ten):
    w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]
    v = 11 - sum(int(a) * b for a, b in zip(ten, w)) % 11
    return {11: 0, 10: 1}.get(v, v)


def iban(cc):
    if cc == "DE":
        bban = d(8, True) + d(10)
    elif cc == "GB":
        bban = pick(["NWBK", "BARC", "LOYD", "HBUK", "MIDL"]) + d(6) + d(8)
    elif cc == "FR":
        bank, branch, acct = d(5, True), d(5), d(11)
        key = 97 - ((89 * int(bank) + 15 * int(branch) + 3 * int(acct)) % 97)
        bban = bank + branch + acct + "%02d" % key
    elif cc == "ES":
        bank, branch, acct = d(4, True), d(4), d(10)
        bban = bank + branch + str(_es_dc("00" + bank + branch)) + str(_es_dc(acct)) + acct
    elif cc == "NL":
        bban = pick(["ABNA", "INGB", "RABO", "TRIO", "SNSB"]) + d(10)
    elif cc == "IT":
        bban = pick(string.ascii_uppercase) + d(5) + d(5) + d(12)
    elif cc == "PL":
        bban = d(24)
    elif cc == "BE":
        ten = d(10, True)
        m = int(ten) % 97 or 97
        bban = ten + "%02d" % m
    elif cc == "CH":
        bban = d(5) + d(12)
    else:
        raise ValueError(cc)
    return cc + _iban_check(cc, bban) + bban


def iban_ok(s):
    s = s.replace(" ", "")
    s = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in s)) % 97 == 1


def spaced(s, n=4):
    return " ".join(s[i : i + n] for i in range(0, len(s), n))


# ====================================================================== SECRETS
def t_openai():
    k = openai_key()
    f, l = name()
    T = [
        lambda: (
            f"Here's my .env, the app still says 401:\n\nDEBUG=false\nOPENAI_API_KEY={k}\nOPENAI_MODEL=gpt-4o-mini\nPORT=8080",
            "env_file",
        ),
        lambda: (
            f'from openai import OpenAI\n\nclient = OpenAI(api_key="{k}")\nresp = client.chat.completions.create(model="gpt-4o", messages=msgs)\n\nwhy does this hang forever?',
            "python_code",
        ),
        lambda: (
            f'curl https://api.openai.com/v1/models \\\n  -H "Authorization: Bearer {k}" \\\n  -H "OpenAI-Organization: org-{rs(24)}"\n\nreturns insufficient_quota, but I have credit??',
            "curl",
        ),
        lambda: (
            f'Warum bekomme ich immer "invalid_api_key"? Ich benutze den Schlüssel {k} und der ist laut Dashboard aktiv.',
            "chat",
        ),
        lambda: (
            f"openai.AuthenticationError: Error code: 401 - {{'error': {{'message': 'Incorrect API key provided: sk-proj-********************{k[-4:]}. You can find your API key at https://platform.openai.com/account/api-keys.'}}}}\n\nthe key in my config is {k} - copied it straight from the site",
            "stack_trace",
        ),
        lambda: (
            f'{{\n  "models": [{{\n    "title": "GPT-4o",\n    "provider": "openai",\n    "model": "gpt-4o",\n    "apiKey": "{k}"\n  }}]\n}}',
            "json_config",
        ),
        lambda: (
            f"docker run -d --name chatbot -p 3000:3000 -e OPENAI_API_KEY={k} ghcr.io/{pick(ORGS)}/chatbot:latest",
            "docker",
        ),
        lambda: (f"kono API kii ga ugokanai desu: {k}\nnani ga warui deshou ka?", "chat"),
        lambda: (
            f"export OPENAI_API_KEY='{k}'\nsource venv/bin/activate\npython app.py\nTraceback (most recent call last):\n  File \"app.py\", line 3",
            "shell_history",
        ),
        lambda: (
            f"Ik heb de sleutel vervangen door {k}. Nog steeds rate limit errors, enig idee?",
            "chat",
        ),
        lambda: (
            f"[openai]\napi_key = {k}\ntimeout = 30\n\nIs INI the right format for this lib?",
            "ini",
        ),
    ]
    return T, [k]


def t_anthropic():
    k = anthropic_key()
    ka = anthropic_key(True)
    T = [
        lambda: (
            f"ANTHROPIC_API_KEY={k}\nANTHROPIC_MODEL=claude-sonnet-4-5\nLOG_LEVEL=info",
            "env_file",
        ),
        lambda: (
            f'import anthropic\nclient = anthropic.Anthropic(api_key="{k}")\nmsg = client.messages.create(model="claude-3-5-haiku-latest", max_tokens=1024, messages=[...])',
            "python_code",
        ),
        lambda: (
            f'curl https://api.anthropic.com/v1/messages \\\n  -H "x-api-key: {k}" \\\n  -H "anthropic-version: 2023-06-01" \\\n  -H "content-type: application/json" -d @body.json',
            "curl",
        ),
        lambda: (
            f"J'ai une erreur 401 avec la clé {k} — pourtant elle est active dans la console. Une idée ?",
            "chat",
        ),
        lambda: (
            f'model_list:\n  - model_name: claude\n    litellm_params:\n      model: anthropic/claude-3-opus\n      api_key: "{k}"',
            "yaml",
        ),
        lambda: (
            f"the admin key {ka} works for the usage API but {k} doesn't, why?",
            [ka, k],
            "chat",
        ),
        lambda: (f'[providers.anthropic]\nkey = "{k}"\nmax_retries = 3', "toml"),
        lambda: (
            f"2025-06-02 14:11:07,882 DEBUG httpx: Request headers: {{'x-api-key': '{k}', 'anthropic-version': '2023-06-01'}}",
            "log",
        ),
    ]
    return T, [k]


def t_aws():
    i, s = aws_id(), aws_secret()
    f, l = name()
    T = [
        lambda: (
            f"[default]\naws_access_key_id = {i}\naws_secret_access_key = {s}\nregion = eu-west-1",
            [i, s],
            "aws_credentials",
        ),
        lambda: (
            f"export AWS_ACCESS_KEY_ID={i}\nexport AWS_SECRET_ACCESS_KEY={s}\naws s3 ls s3://{pick(ORGS)}-backups/\nAn error occurred (AccessDenied) when calling the ListObjectsV2 operation",
            [i, s],
            "shell_history",
        ),
        lambda: (
            f's3 = boto3.client(\n    "s3",\n    aws_access_key_id="{i}",\n    aws_secret_access_key="{s}",\n)\n# upload fails with SignatureDoesNotMatch',
            [i, s],
            "python_code",
        ),
        lambda: (
            f'provider "aws" {{\n  region     = "us-east-1"\n  access_key = "{i}"\n  secret_key = "{s}"\n}}',
            [i, s],
            "terraform",
        ),
        lambda: (
            f"$ aws configure\nAWS Access Key ID [None]: {i}\nAWS Secret Access Key [None]: {s}\nDefault region name [None]: eu-central-1\nDefault output format [None]: json",
            [i, s],
            "terminal",
        ),
        lambda: (
            f"User name,Password,Access key ID,Secret access key,Console login link\n{f}.{l},,{i},{s},https://{d(12)}.signin.aws.amazon.com/console",
            [i, s],
            "csv",
        ),
        lambda: (
            f"Hola, mi clave de acceso es {i} y la secreta {s}. ¿Por qué me da InvalidClientTokenId?",
            [i, s],
            "chat",
        ),
        lambda: (
            lambda a, t: (
                f'{{\n    "Credentials": {{\n        "AccessKeyId": "{a}",\n        "SecretAccessKey": "{s}",\n        "SessionToken": "{t}",\n        "Expiration": "2025-11-03T17:42:10+00:00"\n    }}\n}}',
                [a, s, t],
                "json",
            )
        )(aws_id("ASIA"), aws_session()),
        lambda: (
            f"services:\n  worker:\n    image: {pick(ORGS)}/worker:1.4\n    environment:\n      - AWS_ACCESS_KEY_ID={i}\n      - AWS_SECRET_ACCESS_KEY={s}\n      - AWS_DEFAULT_REGION=ap-southeast-2",
            [i, s],
            "docker_compose",
        ),
        lambda: (
            lambda t: (
                f"AWS_SESSION_TOKEN={t}\nAWS_ACCESS_KEY_ID={i.replace('AKIA', 'ASIA')}\nAWS_SECRET_ACCESS_KEY={s}",
                [i.replace("AKIA", "ASIA"), s, t],
                "env_file",
            )
        )(aws_session()),
        lambda: (
            f"spark.hadoop.fs.s3a.access.key {i}\nspark.hadoop.fs.s3a.secret.key {s}\nspark.hadoop.fs.s3a.endpoint s3.eu-west-1.amazonaws.com",
            [i, s],
            "spark_conf",
        ),
    ]
    return T


def t_github():
    k = gh_token()
    pat = gh_token("github_pat_")
    ghs, gho = gh_token("ghs_"), gh_token("gho_")
    org, repo = pick(ORGS), pick(REPOS)
    T = [
        lambda: (
            f"git remote -v\norigin\thttps://{k}@github.com/{org}/{repo}.git (fetch)\norigin\thttps://{k}@github.com/{org}/{repo}.git (push)",
            [k],
            "git",
        ),
        lambda: (
            f"//npm.pkg.github.com/:_authToken={k}\n@{org}:registry=https://npm.pkg.github.com",
            [k],
            "npmrc",
        ),
        lambda: (
            f"GH_TOKEN={pat} gh pr list --repo {org}/{repo}\nHTTP 401: Bad credentials",
            [pat],
            "shell_history",
        ),
        lambda: (
            f"git clone https://x-access-token:{ghs}@github.com/{org}/{repo}.git",
            [ghs],
            "ci_log",
        ),
        lambda: (
            f'headers = {{"Authorization": "token {k}", "Accept": "application/vnd.github+json"}}\nr = requests.get(f"https://api.github.com/repos/{org}/{repo}/issues", headers=headers)',
            [k],
            "python_code",
        ),
        lambda: (
            f"Mijn token {pat} geeft 403 bij het pushen naar main, terwijl ik admin ben. Hoe kan dat?",
            [pat],
            "chat",
        ),
        lambda: (
            f"github.com:\n    user: {pick(FIRST)}-dev\n    oauth_token: {gho}\n    git_protocol: https",
            [gho],
            "yaml",
        ),
        lambda: (
            f"Mój token to {k} i dostaję błąd 'Resource not accessible by personal access token'.",
            [k],
            "chat",
        ),
        lambda: (
            f'[remote "origin"]\n\turl = https://{pick(FIRST)}:{pat}@github.com/{org}/{repo}.git\n\tfetch = +refs/heads/*:refs/remotes/origin/*',
            [pat],
            "git_config",
        ),
        lambda: (
            f"- name: Checkout private submodule\n  uses: actions/checkout@v4\n  with:\n    token: {k}\n    submodules: recursive",
            [k],
            "github_actions",
        ),
    ]
    return T


def t_gitlab():
    k = glpat()
    glrt = "glrt-" + rs(20, URLB64)
    org, repo = pick(ORGS), pick(REPOS)
    T = [
        lambda: (
            f"git clone https://oauth2:{k}@gitlab.com/{org}/{repo}.git\nfatal: Authentication failed",
            [k],
            "shell_history",
        ),
        lambda: (
            f'curl --header "PRIVATE-TOKEN: {k}" "https://gitlab.example.com/api/v4/projects/{R.randint(10, 9999)}/pipelines"',
            [k],
            "curl",
        ),
        lambda: (
            f"[global]\ndefault = work\n\n[work]\nurl = https://gitlab.{org}.com\nprivate_token = {k}\napi_version = 4",
            [k],
            "ini",
        ),
        lambda: (
            f"Ciao, il mio token {k} non funziona più da ieri, scade dopo 30 giorni?",
            [k],
            "chat",
        ),
        lambda: (
            f"sudo gitlab-runner register --url https://gitlab.com --token {glrt} --executor docker",
            [glrt],
            "shell_history",
        ),
        lambda: (f'variables:\n  GITLAB_TOKEN: "{k}"\n  DOCKER_DRIVER: overlay2', [k], "gitlab_ci"),
        lambda: (
            f'export GITLAB_TOKEN={k}; terraform init -backend-config="password=$GITLAB_TOKEN"',
            [k],
            "shell_history",
        ),
    ]
    return T


def t_google():
    k = google_key()
    T = [
        lambda: (
            f'<script async src="https://maps.googleapis.com/maps/api/js?key={k}&callback=initMap"></script>\nthe map is grey, console says RefererNotAllowedMapError',
            "html",
        ),
        lambda: (
            f'const firebaseConfig = {{\n  apiKey: "{k}",\n  authDomain: "{pick(ORGS)}-app.firebaseapp.com",\n  projectId: "{pick(ORGS)}-app",\n}};',
            "js_code",
        ),
        lambda: (
            f'<resources>\n    <string name="google_maps_key" translatable="false">{k}</string>\n</resources>',
            "android_xml",
        ),
        lambda: (
            f"curl \"https://generativelanguage.googleapis.com/v1beta/models/gemini-1.5-flash:generateContent?key={k}\" -H 'Content-Type: application/json' -d @req.json",
            "curl",
        ),
        lambda: (
            f"Minha chave {k} retorna 'API key not valid. Please pass a valid API key.' O que pode ser?",
            "chat",
        ),
        lambda: (
            f"import google.generativeai as genai\ngenai.configure(api_key='{k}')",
            "python_code",
        ),
        lambda: (f"YOUTUBE_API_KEY={k}", "env_file"),
    ]
    return T, [k]


def t_slack():
    b, p, a = slack_bot(), slack_user(), slack_app()
    hook, hs = slack_hook()
    sig = rs(32, HEX)
    T = [
        lambda: (
            f"SLACK_BOT_TOKEN={b}\nSLACK_SIGNING_SECRET={sig}\nSLACK_CHANNEL=#alerts",
            [b, sig],
            "env_file",
        ),
        lambda: (
            f'client = WebClient(token="{b}")\nclient.chat_postMessage(channel="C0{rs(9, string.ascii_uppercase + DIG)}", text="deploy done")\n-> not_in_channel',
            [b],
            "python_code",
        ),
        lambda: (
            f"curl -X POST -H 'Content-type: application/json' --data '{{\"text\":\"Build failed\"}}' {hook}",
            [hs],
            "curl",
        ),
        lambda: (
            f'app = App(token="{b}")\nSocketModeHandler(app, "{a}").start()',
            [b, a],
            "python_code",
        ),
        lambda: (
            f"receivers:\n- name: slack\n  slack_configs:\n  - api_url: '{hook}'\n    channel: '#ops'",
            [hs],
            "yaml",
        ),
        lambda: (
            f"Der Bot antwortet nicht. Token ist {b}, Scopes chat:write und channels:read sind gesetzt.",
            [b],
            "chat",
        ),
        lambda: (f"2025-01-09T08:15:22Z ERROR slack_sdk: invalid_auth for token={p}", [p], "log"),
        lambda: (f"suraaku no user token {p} de files.upload ga dekimasen", [p], "chat"),
        lambda: (
            f'{{"webhook_url": "{hook}", "username": "deploy-bot", "icon_emoji": ":rocket:"}}',
            [hs],
            "json",
        ),
        lambda: (f"SLACK_APP_TOKEN={a}", [a], "env_file"),
    ]
    return T


def t_stripe():
    k = stripe_key("sk_live_")
    rk, skt = stripe_key("rk_live_"), stripe_key("sk_test_")
    T = [
        lambda: (
            f"STRIPE_SECRET_KEY={k}\nSTRIPE_PUBLISHABLE_KEY=pk_live_{rs(24)}",
            [k],
            "env_file",
        ),
        lambda: (
            f"const stripe = require('stripe')('{k}');\nconst session = await stripe.checkout.sessions.create({{ mode: 'payment' }});",
            [k],
            "js_code",
        ),
        lambda: (
            f"curl https://api.stripe.com/v1/charges -u {k}: -d amount=2000 -d currency=eur",
            [k],
            "curl",
        ),
        lambda: (
            lambda w: (
                f"STRIPE_WEBHOOK_SECRET={w}\n\nstripe.Webhook.construct_event fails with SignatureVerificationError, the secret is correct ({w})",
                [w],
                "env_file",
            )
        )(stripe_key("whsec_")),
        lambda: (
            f"Hola, ¿puedo usar la clave restringida {rk} para crear reembolsos o necesito la secreta?",
            [rk],
            "chat",
        ),
        lambda: (
            f"\\Stripe\\Stripe::setApiKey('{k}');\n$intent = \\Stripe\\PaymentIntent::create(['amount' => 1099, 'currency' => 'usd']);",
            [k],
            "php_code",
        ),
        lambda: (f"stripe:\n  secret_key: {skt}\n  currency: chf", [skt], "yaml"),
        lambda: (
            f"stripe listen --forward-to localhost:4242/webhook --api-key {k}",
            [k],
            "shell_history",
        ),
    ]
    return T


def t_twilio():
    ac, tok = twilio_sid("AC"), rs(32, HEX)
    sk, sks = twilio_sid("SK"), rs(32)
    T = [
        lambda: (
            f"TWILIO_ACCOUNT_SID={ac}\nTWILIO_AUTH_TOKEN={tok}\nTWILIO_REGION=ie1",
            [tok],
            "env_file",
        ),
        lambda: (
            f'from twilio.rest import Client\nclient = Client("{ac}", "{tok}")\nclient.messages.create(to=to, from_=sender, body="hi")',
            [tok],
            "python_code",
        ),
        lambda: (
            f"curl -X POST https://api.twilio.com/2010-04-01/Accounts/{ac}/Messages.json -u {ac}:{tok} --data-urlencode 'Body=test'",
            [tok],
            "curl",
        ),
        lambda: (
            f"API key SID: {sk}\nAPI key secret: {sks}\n(created for the voice SDK)",
            [sk, sks],
            "chat",
        ),
        lambda: (
            f"Bonjour, mon auth token Twilio est {tok}, et j'ai une erreur 20003 Authenticate.",
            [tok],
            "chat",
        ),
        lambda: (f'client = Client("{sk}", "{sks}", "{ac}")', [sk, sks], "python_code"),
    ]
    return T


def t_sendgrid():
    k = sendgrid_key()
    T = [
        lambda: (f"SENDGRID_API_KEY={k}", "env_file"),
        lambda: (
            f"sg = SendGridAPIClient('{k}')\nresponse = sg.send(message)\n# HTTP Error 403: Forbidden",
            "python_code",
        ),
        lambda: (f"/etc/postfix/sasl_passwd:\n[smtp.sendgrid.net]:587 apikey:{k}", "postfix"),
        lambda: (
            f"EMAIL_HOST = 'smtp.sendgrid.net'\nEMAIL_HOST_USER = 'apikey'\nEMAIL_HOST_PASSWORD = '{k}'\nEMAIL_PORT = 587",
            "django_settings",
        ),
        lambda: (f"Ho rigenerato la chiave: {k}. Le email però finiscono ancora in spam.", "chat"),
        lambda: (
            f"curl --request POST --url https://api.sendgrid.com/v3/mail/send --header 'Authorization: Bearer {k}' --header 'Content-Type: application/json'",
            "curl",
        ),
    ]
    return T, [k]


def t_hf():
    k = hf_token()
    T = [
        lambda: (
            f"$ huggingface-cli login --token {k}\nToken is valid (permission: write).\nLogin successful",
            "terminal",
        ),
        lambda: (f"HF_TOKEN={k}\nTRANSFORMERS_CACHE=/mnt/cache", "env_file"),
        lambda: (
            f'model = AutoModelForCausalLM.from_pretrained("meta-llama/Llama-3.1-8B", token="{k}")\nOSError: You are trying to access a gated repo.',
            "python_code",
        ),
        lambda: (
            f"git clone https://{pick(FIRST)}:{k}@huggingface.co/datasets/{pick(ORGS)}/private-set",
            "shell_history",
        ),
        lambda: (f"Ik gebruik token {k} maar krijg 401 op de Inference API.", "chat"),
        lambda: (
            f"docker run --gpus all -e HUGGING_FACE_HUB_TOKEN={k} -p 8080:80 ghcr.io/huggingface/text-generation-inference:2.0",
            "docker",
        ),
    ]
    return T, [k]


def t_jwt():
    j = jwt(pick(["HS256", "RS256", "HS512"]))
    sj = jwt(
        "HS256", {"iss": "supabase", "role": "service_role", "iat": 1718000000, "exp": 2033576000}
    )
    n = jwt(
        "none", {"sub": "admin", "role": "admin", "iat": R.randint(1_700_000_000, 1_790_000_000)}
    )
    T = [
        lambda: (
            f"GET /api/v2/me HTTP/1.1\nHost: api.{pick(ORGS)}.com\nAuthorization: Bearer {j}\nAccept: */*",
            [j],
            "http_request",
        ),
        lambda: (f"Cookie: session={j}; theme=dark; lang=de", [j], "http_request"),
        lambda: (
            f'why does pyjwt reject this? jwt.decode("{j}", key, algorithms=["HS256"]) -> InvalidSignatureError',
            [j],
            "python_code",
        ),
        lambda: (
            f"Our pentester sent this token with alg none and the backend accepted it: {n} - how do I block that in jsonwebtoken 8?",
            [n],
            "chat",
        ),
        lambda: (
            f"SUPABASE_URL=https://{rs(20, string.ascii_lowercase)}.supabase.co\nSUPABASE_SERVICE_ROLE_KEY={sj}",
            [sj],
            "env_file",
        ),
        lambda: (
            f'localStorage:\n  access_token: "{j}"\n  refresh_token_expires: 1735689600',
            [j],
            "devtools",
        ),
        lambda: (
            f"Das Token {j} läuft angeblich sofort ab, obwohl exp in einer Stunde liegt.",
            [j],
            "chat",
        ),
        lambda: (
            f'127.0.0.1 - - [03/Feb/2025:10:12:01 +0100] "GET /export?access_token={j} HTTP/1.1" 200 5120',
            [j],
            "access_log",
        ),
        lambda: (f'{{"id_token": "{j}", "token_type": "Bearer", "expires_in": 3600}}', [j], "json"),
        lambda: (f"kubectl config set-credentials dev --token={n}", [n], "shell_history"),
    ]
    return T


def t_bearer():
    user, pw = pick(FIRST), ini_safe_password()
    basic = base64.b64encode(f"{user}:{pw}".encode()).decode()
    opaque = rs(R.randint(32, 48), URLB64)
    hx = rs(40, HEX)
    xk = rs(32, HEX)
    T = [
        lambda: (
            f'curl -H "Authorization: Bearer {opaque}" https://api.{pick(ORGS)}.io/v1/orders?limit=50',
            [opaque],
            "curl",
        ),
        lambda: (
            f"GET /metrics HTTP/1.1\nHost: grafana.internal\nAuthorization: Basic {basic}",
            [basic],
            "http_request",
        ),
        lambda: (
            f"Authorization: Token {hx}\n\n(DRF TokenAuthentication) returns 401 'Invalid token.'",
            [hx],
            "http_request",
        ),
        lambda: (
            f"axios.get(url, {{ headers: {{ Authorization: `Bearer {opaque}` }} }})",
            [opaque],
            "js_code",
        ),
        lambda: (f"http GET :8000/api/items 'Authorization:Bearer {opaque}'", [opaque], "httpie"),
        lambda: (f"Proxy-Authorization: Basic {basic}", [basic], "http_request"),
        lambda: (f"X-API-Key: {xk}\nContent-Type: application/json", [xk], "http_request"),
        lambda: (
            f"In Postman funktioniert es mit dem Header Authorization: Bearer {opaque}, aber in meinem Go-Code nicht.",
            [opaque],
            "chat",
        ),
        lambda: (
            f"requests.post(url, headers={{'Authorization': 'Bearer ' + '{opaque}'}})",
            [opaque],
            "python_code",
        ),
        lambda: (
            f"< HTTP/2 401\n> authorization: Bearer {opaque}\n> user-agent: curl/8.5.0",
            [opaque],
            "curl_verbose",
        ),
    ]
    return T


def t_private_key():
    kind = pick(["RSA", "EC", "OPENSSH", "PKCS8", "ENC"])
    head, lines, tail = pem(kind)
    block = "\n".join([head] + lines + [tail])
    mid = lines[len(lines) // 2]
    T = [
        lambda: (
            f"ssh keeps saying 'bad permissions', here's the key file:\n\n{block}\n",
            [block, mid],
            "chat",
        ),
        lambda: (
            lambda ind: (
                f"apiVersion: v1\nkind: Secret\nmetadata:\n  name: tls-cert\ntype: kubernetes.io/tls\nstringData:\n  tls.key: |\n{ind}",
                [ind, "    " + mid],
                "k8s_secret",
            )
        )("\n".join("    " + x for x in [head] + lines + [tail])),
        lambda: (
            lambda esc: (
                f'{{\n  "type": "service_account",\n  "project_id": "{pick(ORGS)}-prod",\n  "private_key_id": "{rs(40, HEX)}",\n  "private_key": "{esc}",\n  "client_email": "deployer@{pick(ORGS)}-prod.iam.gserviceaccount.com"\n}}',
                [esc, mid],
                "gcp_service_account",
            )
        )("\\n".join([head] + lines + [tail]) + "\\n"),
        lambda: (
            f'resource "tls_private_key" "x" {{}}\n\nlocals {{\n  key = <<EOT\n{block}\nEOT\n}}',
            [block, mid],
            "terraform",
        ),
        lambda: (
            f'PRIVATE_KEY = """{block}"""\nsigner = load_pem_private_key(PRIVATE_KEY.encode(), password=None)',
            [block, mid],
            "python_code",
        ),
        lambda: (
            f"Bonjour, voici ma clé, est-ce normal qu'elle commence comme ça ?\n{block}",
            [block, mid],
            "chat",
        ),
        lambda: (
            f"$ cat ~/.ssh/id_deploy\n{block}\n$ ssh -i ~/.ssh/id_deploy deploy@{pick(HOSTS)}\nLoad key: invalid format",
            [block, mid],
            "terminal",
        ),
    ]
    return T


def t_url_password():
    from urllib.parse import quote

    u = pick(["app", "admin", "svc_etl", "root", "reporting", "deploy", pick(FIRST)])
    raw = password()
    enc = quote(raw, safe="")
    host = pick(HOSTS)
    simple = rs(R.randint(12, 20), B62)
    T = [
        lambda: (
            f"DATABASE_URL=postgres://{u}:{enc}@{host}:5432/{pick(REPOS).replace('-', '_')}?sslmode=require",
            [enc],
            "env_file",
        ),
        lambda: (
            f'SQLALCHEMY_DATABASE_URI = "postgresql+psycopg2://{u}:{enc}@{host}/analytics"',
            [enc],
            "python_code",
        ),
        lambda: (
            f"mysql://{u}:{simple}@{host}:3306/shop - connection refused, but telnet to 3306 works",
            [simple],
            "chat",
        ),
        lambda: (
            f'const uri = "mongodb+srv://{u}:{enc}@cluster0.{rs(5, string.ascii_lowercase + DIG)}.mongodb.net/?retryWrites=true&w=majority";',
            [enc],
            "js_code",
        ),
        lambda: (
            f"CELERY_BROKER_URL=redis://:{simple}@redis.internal:6379/0",
            [simple],
            "env_file",
        ),
        lambda: (f"amqp://{u}:{enc}@rabbitmq:5672/%2F", [enc], "chat"),
        lambda: (
            f"wget ftp://{u}:{simple}@ftp.{pick(ORGS)}.de/export/report.csv\n--2025-03-14 09:26:53--  connection timed out",
            [simple],
            "shell_history",
        ),
        lambda: (
            f"Die Verbindung mit postgresql://{u}:{simple}@{host}:5433/erp klappt lokal, im Container nicht. Woran liegt's?",
            [simple],
            "chat",
        ),
        lambda: (
            f"spring:\n  rabbitmq:\n    addresses: amqps://{u}:{enc}@b-{rs(8, HEX)}.mq.eu-west-1.amazonaws.com:5671",
            [enc],
            "yaml",
        ),
        lambda: (
            f"pip install --index-url https://{u}:{simple}@nexus.{pick(ORGS)}.io/repository/pypi/simple internal-lib==2.3.1",
            [simple],
            "shell_history",
        ),
        lambda: (
            f"sentinel://:{simple}@10.1.2.3:26379,10.1.2.4:26379/mymaster",
            [simple],
            "config",
        ),
        lambda: (
            f"La cadena de conexión es mssql+pyodbc://{u}:{enc}@sqlsrv01/ventas?driver=ODBC+Driver+18+for+SQL+Server y falla con login failed.",
            [enc],
            "chat",
        ),
        lambda: (
            f'smtp_url: "smtps://{u}%40{pick(ORGS)}.com:{enc}@smtp.office365.com:465"',
            [enc],
            "yaml",
        ),
        lambda: (
            f"git push https://{u}:{simple}@git.{pick(ORGS)}.local/team/{pick(REPOS)}.git",
            [simple],
            "shell_history",
        ),
    ]
    return T


def t_keyword():
    pw = ini_safe_password()
    pw2 = password()
    hx = rs(32, HEX)
    u = pick(["admin", "root", "app", "svc_backup", "postgres", pick(FIRST)])
    host = pick(HOSTS)
    b64pw = base64.b64encode(pw.encode()).decode()
    sk50 = rs(50, B62 + "!@#%^*(-_=+)")
    cs40 = rs(40, URLB64)
    h1, h2 = rs(24, B62), rs(24, B62)
    T = [
        lambda: (
            f"DB_HOST={host}\nDB_USER={u}\nDB_PASSWORD={pw}\nDB_NAME=orders",
            [pw],
            "env_file",
        ),
        lambda: (
            f'database:\n  host: {host}\n  username: {u}\n  password: "{pw2}"\n  pool: 10',
            [pw2],
            "yaml",
        ),
        lambda: (
            f'{{\n  "ConnectionStrings": {{ "Default": "Server={host};Database=Shop;User Id={u};Password={pw};" }}\n}}',
            [pw],
            "appsettings_json",
        ),
        lambda: (f"[database]\nhost = {host}\nuser = {u}\npasswd = {pw}\nport = 3306", [pw], "ini"),
        lambda: (
            f"<dataSource>\n  <url>jdbc:oracle:thin:@{host}:1521/ORCL</url>\n  <username>{u}</username>\n  <password>{pw}</password>\n</dataSource>",
            [pw],
            "xml_config",
        ),
        lambda: (f'<add key="SmtpPassword" value="{pw}" />', [pw], "xml_config"),
        lambda: (f'[auth]\nsecret_key = "{sk50}"\nalgorithm = "HS256"', [sk50], "toml"),
        lambda: (
            f"spring.datasource.url=jdbc:postgresql://{host}:5432/app\nspring.datasource.username={u}\nspring.datasource.password={pw}",
            [pw],
            "properties",
        ),
        lambda: (
            lambda dk: (
                f"# settings.py\nSECRET_KEY = '{dk}'\nDEBUG = True",
                [dk],
                "django_settings",
            )
        )("django-insecure-" + rs(50, string.ascii_lowercase + DIG + "!@#%^&*(-_=+)")),
        lambda: (
            lambda cs: (
                f'"web": {{\n  "client_id": "{d(12)}-{rs(32, string.ascii_lowercase + DIG)}.apps.googleusercontent.com",\n  "client_secret": "{cs}",\n  "redirect_uris": ["http://localhost:8080/callback"]\n}}',
                [cs],
                "json",
            )
        )("GOCSPX-" + rs(28, URLB64)),
        lambda: (f"weather:\n  api_key: {hx}\n  units: metric", [hx], "yaml"),
        lambda: (
            f"./backup.sh --host {host} --user {u} --password '{pw2}' --compress",
            [pw2],
            "shell_history",
        ),
        lambda: (
            f"mysql -u {u} -p{pw} -h {host} shop < dump.sql\nERROR 1045 (28000): Access denied",
            [pw],
            "shell_history",
        ),
        lambda: (
            f"PGPASSWORD={pw} psql -h {host} -U {u} -d reporting -c 'select 1'",
            [pw],
            "shell_history",
        ),
        lambda: (
            f"sshpass -p '{pw2}' ssh -o StrictHostKeyChecking=no {u}@{host}",
            [pw2],
            "shell_history",
        ),
        lambda: (
            f"docker login -u {u} -p {pw} registry.{pick(ORGS)}.io\nWARNING! Using --password via the CLI is insecure.",
            [pw],
            "shell_history",
        ),
        lambda: (f"htpasswd -b -c /etc/nginx/.htpasswd {u} {pw}", [pw], "shell_history"),
        lambda: (
            f"My password is {pw2}, can you tell me if that's strong enough for the company policy?",
            [pw2],
            "chat",
        ),
        lambda: (
            f'Hallo, mein Passwort ist {pw} und trotzdem sagt der Router "falsches Kennwort".',
            [pw],
            "chat",
        ),
        lambda: (
            f"Bonjour, le wifi ne marche pas. SSID : Livebox-{rs(4, UPHEX)}, mot de passe : {pw}",
            [pw],
            "chat",
        ),
        lambda: (
            f"Hola! La contraseña es {pw} pero Outlook me la sigue pidiendo cada 5 minutos.",
            [pw],
            "chat",
        ),
        lambda: (
            f"Ciao, la password è {pw}, ma il NAS non accetta il login via SMB.",
            [pw],
            "chat",
        ),
        lambda: (
            f"Gebruikersnaam: {u}\nWachtwoord: {pw}\nIk kan niet inloggen op de VPN.",
            [pw],
            "chat",
        ),
        lambda: (f"Login: {u}\nhasło: {pw}\nDlaczego serwer odrzuca połączenie?", [pw], "chat"),
        lambda: (
            f"Oi, usuário {u} e senha: {pw}. O sistema diz que a conta está bloqueada.",
            [pw],
            "chat",
        ),
        lambda: (f"pasuwādo wa {pw} desu ga, roguin dekimasen.", [pw], "chat"),
        lambda: (f"ルーターのパスワードは {pw} です。接続できません。", [pw], "chat"),
        lambda: (
            f"apiVersion: v1\nkind: Secret\nmetadata:\n  name: db-creds\ntype: Opaque\ndata:\n  username: {base64.b64encode(u.encode()).decode()}\n  password: {b64pw}",
            [b64pw],
            "k8s_secret",
        ),
        lambda: (
            f'nmcli dev wifi connect "{pick(ORGS)}-guest" password "{pw2}"',
            [pw2],
            "shell_history",
        ),
        lambda: (
            f"# redis.conf\nbind 0.0.0.0\nrequirepass {pw}\nmaxmemory 2gb",
            [pw],
            "redis_conf",
        ),
        lambda: (
            f"[webservers:vars]\nansible_user={u}\nansible_become_pass={pw}",
            [pw],
            "ansible_inventory",
        ),
        lambda: (
            f'conn = psycopg2.connect(host="{host}", user="{u}", password="{pw2}", dbname="crm")',
            [pw2],
            "python_code",
        ),
        lambda: (
            f"mysqldump -h {host} -u {u} \\\n  --password='{pw2}' \\\n  --single-transaction shop > shop.sql",
            [pw2],
            "shell_history",
        ),
        lambda: (f"{host}:5432:*:{u}:{pw}", [pw], "pgpass"),
        lambda: (
            f"define( 'DB_NAME', 'wordpress' );\ndefine( 'DB_USER', '{u}' );\ndefine( 'DB_PASSWORD', '{pw}' );",
            [pw],
            "php_code",
        ),
        lambda: (
            f"net user {u} {pw} /add\nnet localgroup administrators {u} /add",
            [pw],
            "windows_cmd",
        ),
        lambda: (
            f"CREATE USER {u} WITH PASSWORD '{pw}';\nGRANT CONNECT ON DATABASE analytics TO {u};",
            [pw],
            "sql",
        ),
        lambda: (f"ALTER USER '{u}'@'%' IDENTIFIED BY '{pw}';", [pw], "sql"),
        lambda: (
            f"client_id=web-portal\nclient_secret={cs40}\ngrant_type=client_credentials",
            [cs40],
            "form_body",
        ),
        lambda: (
            f'export SIGNING_SECRET="{h1}\\\n{h2}"\n# the terminal wrapped it, is the backslash a problem?',
            [h1, h2],
            "shell_history",
        ),
        lambda: (f"Zugangsdaten für den Testserver: Benutzer {u}, Passwort {pw}.", [pw], "chat"),
        lambda: (
            f"jenkins: java -jar jenkins-cli.jar -s http://ci:8080/ -auth {u}:{pw} build deploy-prod",
            [pw],
            "shell_history",
        ),
    ]
    return T


def t_lifelong():
    k = llt()
    T = [
        lambda: (
            f'curl -s https://api.lifelong.dev/v1/sessions -H "Authorization: Bearer {k}" | jq .',
            "curl",
        ),
        lambda: (f"LIFELONG_TOKEN={k}\nLIFELONG_ENDPOINT=https://api.lifelong.dev", "env_file"),
        lambda: (
            f"curl -X POST https://api.lifelong.dev/v1/learn -H 'X-Lifelong-Token: {k}' -d '{{\"turns\": []}}'",
            "curl",
        ),
        lambda: (
            f'client = Lifelong(token="{k}", timeout=30)\nclient.sync()\n# -> 403 token revoked?',
            "python_code",
        ),
        lambda: (f"lifelong:\n  token: {k}\n  project: {pick(REPOS)}", "yaml"),
        lambda: (
            f"Mein Token {k} wird seit heute mit 401 abgelehnt. Muss ich ihn rotieren?",
            "chat",
        ),
        lambda: (
            f"2026-11-30 22:04:17,551 INFO lifelong.client: using token {k} for project {pick(REPOS)}",
            "log",
        ),
        lambda: (
            f'  512  export LIFELONG_TOKEN="{k}"\n  513  lifelong status\n  514  history | tail',
            "shell_history",
        ),
        lambda: (f'{{"auth": {{"type": "token", "value": "{k}"}}}}', "json"),
        lambda: (f"tōkun {k} o tsukatte imasu ga, erā ni narimasu.", "chat"),
        lambda: (f"Authorization: Bearer {k}", "http_request"),
    ]
    return T, [k]


# ========================================================================= PII
DOMAINS = [
    "gmail.com",
    "outlook.com",
    "web.de",
    "gmx.de",
    "orange.fr",
    "free.fr",
    "libero.it",
    "ziggo.nl",
    "wp.pl",
    "onet.pl",
    "sapo.pt",
    "yahoo.co.jp",
    "proton.me",
    "icloud.com",
]


def t_email():
    f, l = name()
    co = pick(ORGS)
    T = [
        lambda: (lambda e: (f"Hi, please send the invoice to {e}, thanks!", [e], "chat"))(
            f"{f}.{l}@{pick(DOMAINS)}"
        ),
        lambda: (
            lambda e: (f"I signed up with {e} but the confirmation never arrived.", [e], "chat")
        )(f"{f}+{pick(['newsletter', 'shop', 'github', 'test'])}@{pick(DOMAINS)}"),
        lambda: (
            lambda e: (
                f"Mit freundlichen Grüßen\n{f.title()} {l.title()}\nTeamleitung IT\n{e}\nTel. intern 4412",
                [e],
                "email_signature",
            )
        )(f"{f[0]}.{l}@mail.{co}-gmbh.de"),
        lambda: (
            lambda e: (
                f"Kontakt: {e} — geht das mit Umlauten im Domainnamen überhaupt?",
                [e],
                "chat",
            )
        )(
            pick(
                [
                    "jürgen.müller@bäckerei-schmidt.de",
                    "info@müller-söhne.at",
                    "søren@blåbær.dk",
                    "françois@café-crème.fr",
                ]
            )
        ),
        lambda: (
            lambda e: (
                f"ERROR 2025-02-11 10:02:44 mailer: bounce for recipient {e} (550 5.1.1 user unknown)",
                [e],
                "log",
            )
        )(f"{f.upper()}.{l.upper()}@{co.upper()}.COM"),
        lambda: (lambda e: (f'<a href="mailto:{e}?subject=Support">Contact us</a>', [e], "html"))(
            f"{f}@{co}.io"
        ),
        lambda: (
            lambda e: (
                f"From: {f.title()} {l.title()} <{e}>\nTo: support\nSubject: Re: Ticket #4821",
                [e],
                "email_header",
            )
        )(f"{f}.{l}@{co}.co.uk"),
        lambda: (
            lambda e: (
                f"commit {rs(40, HEX)}\nAuthor: {f.title()} {l.title()} <{e}>\nDate:   Tue Mar 4 10:11:12 2025 +0100",
                [e],
                "git_log",
            )
        )(f"{R.randint(1000000, 99999999)}+{f}{l}@users.noreply.github.com"),
        lambda: (
            lambda e: (
                f"id,name,email,created\n{R.randint(1, 9999)},{f.title()} {l.title()},{e},2024-11-02",
                [e],
                "csv",
            )
        )(f"{f}_{l}{R.randint(1, 99)}@{pick(DOMAINS)}"),
        lambda: (
            lambda e: (
                f'{{"user": {{"id": {R.randint(1, 99999)}, "email": "{e}", "verified": false}}}}',
                [e],
                "json",
            )
        )(f"{f}.{l}@{pick(DOMAINS)}"),
        lambda: (lambda e: (f"Pouvez-vous écrire à {e}.", [e], "chat"))(
            f"{f}.{l}@{pick(['orange.fr', 'free.fr', 'laposte.net'])}"
        ),
        lambda: (lambda e: (f"Mi correo es {e}; ¿me podéis dar de baja?", [e], "chat"))(
            f"{f}{R.randint(70, 99)}@hotmail.es"
        ),
        lambda: (lambda e: (f"Notifications come from {e} and land in spam.", [e], "chat"))(
            f"noreply@notifications.{co}.com"
        ),
        lambda: (lambda e: (f'git config --global user.email "{e}"', [e], "shell_history"))(
            f"{f}.{l}@{co}.dev"
        ),
        lambda: (lambda e: (f"Il mio indirizzo è {e}:grazie!", [e], "chat"))(f"{f}.{l}@libero.it"),
        lambda: (lambda e: (f"Reply-To: <{e}>", [e], "email_header"))(
            f"billing-{d(4)}@eu.mail.{co}.com"
        ),
        lambda: (lambda e: (f"Stuur het naar {e} aub", [e], "chat"))(f"{f}@{l}.nl"),
    ]
    return T


def t_email_obf():
    f, l = name()
    co = pick(ORGS)
    T = [
        (f"{f} dot {l} at gmail dot com", "You can reach me at {e} if the form doesn't work."),
        (f"{f}[at]{co}[dot]pl", "Proszę pisać na {e}"),
        (f"{f}(at){l}-studio(dot)it", "scrivetemi: {e}"),
        (f"{f} {{at}} {co} {{dot}} org", "contact: {e}"),
        (f"{f.upper()}.{l.upper()} AT {co.upper()} DOT COM", "ESCRIBA A {e} PARA MÁS INFO"),
        (f"{f}.{l} arroba gmail punto com", "mi correo es {e}, gracias"),
        (f"{f[0]}.{l}(ät)web.de", "Schreib mir an {e}"),
        (f"{f}.{l}%40{co}.com", "https://app.{co}.com/invite?email={e}&ref=mail"),
        (f"{f}&#64;{co}.fr", "<span>{e}</span>"),
        (f"{f}＠{l}.jp", "renraku-saki: {e}"),
        (f"{f} [at] free [point] fr", "écrivez-moi à {e}"),
        (f"{f}.{l} apenstaartje ziggo punt nl", "mail me op {e}"),
        (f"{f} (at) {co} (dot) de", "Anfragen bitte an {e}"),
        (f"{f}.{l} [@] {co} [.] com", "email: {e}"),
        (f"{f}<at>{co}<dot>io", "ping {e} for access"),
        (f"{f}.{l}@{co}[.]com", "IOC report mentions sender {e}"),
        (f"{f} at {co}.com", "drop a line to {e} or on slack"),
        (f"{f}.{l} małpa wp kropka pl", "mój mail to {e}"),
    ]
    out = []
    for e, tpl in T:
        out.append(lambda e=e, tpl=tpl: (tpl.format(e=e, co=co), [e], "chat"))
    return out


US_AREA = [
    "212",
    "415",
    "312",
    "617",
    "206",
    "512",
    "303",
    "404",
    "702",
    "718",
    "646",
    "213",
    "917",
    "305",
]


def t_phone_us():
    a, b, c = pick(US_AREA), d(3, True), d(4)
    if b[0] in "01":
        b = "7" + b[1:]
    T = [
        (f"({a}) {b}-{c}", "Call me back at {p} after 5pm ET."),
        (f"{a}-{b}-{c}", "Cell: {p}"),
        (f"{a}.{b}.{c}", "{p} is the number on file, can you update it?"),
        (f"+1 {a} {b} {c}", "WhatsApp: {p}"),
        (f"+1-{a}-{b}-{c}", "Phone: {p} | Fax: none"),
        (f"{a}{b}{c}", "customer_phone={p}"),
        (f"1-{a}-{b}-{c}", "Dial {p} and ask for Dana."),
        (f"({a}){b}-{c} ext. {R.randint(10, 999)}", "Office {p}"),
        (f"tel:+1{a}{b}{c}", '<a href="{p}">Call us</a>'),
        (f"{a} {b} {c}", "Mi número en EE.UU. es {p}"),
        (f"+1 ({a}) {b}-{c}", "twilio says invalid 'To' number: {p}"),
    ]
    return [lambda p=p, t=t: (t.format(p=p), [p], "chat") for p, t in T]


def t_phone_intl():
    T = [
        (f"+44 20 {d(4, True)} {d(4)}", "Our London office: {p}"),
        (f"+44 7{d(3)} {d(6)}", "Mobile (UK): {p}"),
        (f"07{d(3)} {d(6)}", "ring me on {p} tomorrow"),
        (f"+49 30 {d(8, True)}", "Telefon: {p}"),
        (f"+49 (0)1{pick('567')}{d(1)} {d(7, True)}", "Mobil: {p}"),
        (f"01{pick('567')}{d(1)}/{d(7, True)}", "Ruf mich unter {p} an, bitte."),
        (f"(030) {d(7, True)}", "Praxis Dr. Weber, {p}, Mo–Fr 8–12 Uhr"),
        (f"+33 6 {d(2)} {d(2)} {d(2)} {d(2)}", "Mon portable : {p}"),
        (f"06 {d(2)} {d(2)} {d(2)} {d(2)}", "appelez-moi au {p} svp"),
        (f"+33 (0)1 {d(2)} {d(2)} {d(2)} {d(2)}", "Standard : {p}"),
        (f"+34 6{d(2)} {d(2)} {d(2)} {d(2)}", "Mi móvil es el {p}"),
        (f"+39 06 {d(4, True)} {d(4)}", "Ufficio Roma: {p}"),
        (f"+39 3{d(2)} {d(3)} {d(4)}", "il mio cellulare: {p}"),
        (f"+31 6 {d(8, True)}", "Mijn nummer is {p}"),
        (f"020-{d(7, True)}", "Bel ons op {p} (kantoor Amsterdam)"),
        (f"+48 5{d(2)} {d(3)} {d(3)}", "Mój numer: {p}"),
        (f"+48 22 {d(3, True)} {d(2)} {d(2)}", "tel. {p} wew. 12"),
        (f"+351 91{d(1)} {d(3)} {d(3)}", "O meu telemóvel é {p}"),
        (f"+81 3-{d(4, True)}-{d(4)}", "denwa bangō wa {p} desu"),
        (f"090-{d(4, True)}-{d(4)}", "携帯: {p}"),
        (f"+91 9{d(4)} {d(5)}", "my number {p}, call anytime"),
        (f"+61 4{d(2)} {d(3)} {d(3)}", "Cheers, {p}"),
        (f"(02) 9{d(3)} {d(4)}", "Sydney office: {p}"),
        (f"+55 11 9{d(4)}-{d(4)}", "Meu WhatsApp: {p}"),
        (f"0044 20 {d(4, True)} {d(4)}", "from abroad dial {p}"),
        (f"+41 44 {d(3, True)} {d(2)} {d(2)}", "Zentrale Zürich: {p}"),
        (f"+49-89-{d(6, True)}-{d(2)}", "Durchwahl {p}"),
        (f"+4915{d(1)}{d(8, True)}", "signal_number={p}"),
    ]
    return [lambda p=p, t=t: (t.format(p=p), [p], "chat") for p, t in T]


def t_card():
    T = [
        ("visa", "space", "My card {c} got declined twice, exp 08/27."),
        ("mc", "dash", "Karte: {c}, gültig bis 11/26"),
        ("amex", "space", "Amex {c} - charged twice for the same order"),
        ("discover", "plain", "card_number={c}&exp=0428"),
        ("mc2", "space", "mi tarjeta es {c}, ¿por qué aparece el cargo duplicado?"),
        ("visa", "plain", '{{"pan": "{c}", "cvv": "***"}}'),
        ("amex", "dash", "la mia carta {c} è stata bloccata"),
        ("visa", "dash", "Carte bancaire {c}."),
        ("mc", "plain", "2025-05-02 12:00:01 WARN payment: raw PAN logged {c} (fix this!)"),
        ("visa", "space", "numer karty: {c}"),
        ("discover", "dash", "{c}"),
        ("mc", "space", "kādo bangō wa {c} desu"),
    ]
    out = []
    for b, st, t in T:
        num, _ = card(b)
        c = fmt_card(num, st)
        out.append(lambda c=c, t=t: (t.format(c=c), [c], "chat"))
    return out


def t_iban():
    T = [
        ("DE", True, "Bitte überweisen Sie den Betrag auf {i} (Sparkasse)."),
        ("GB", True, "Sort out the refund to {i} please"),
        ("FR", True, "Mon IBAN : {i}"),
        ("ES", False, "IBAN:{i}"),
        ("NL", True, "Rekeningnummer {i} t.n.v. J. de Vries"),
        ("IT", False, "Coordinate bancarie: {i}"),
        ("PL", True, "Numer konta: {i}"),
        ("BE", True, "Gelieve te storten op {i}."),
        ("CH", True, "Zahlbar an {i}"),
        ("DE", False, "iban={i}&bic=COBADEFFXXX"),
        ("GB", False, '{{"iban": "{i}"}}'),
        ("FR", False, "virement vers {i} svp"),
        ("ES", True, "Mi cuenta es {i}"),
    ]
    out = []
    for cc, sp, t in T:
        raw = iban(cc)
        i = spaced(raw) if sp else raw
        out.append(lambda i=i, t=t: (t.format(i=i), [i], "chat"))
    return out


# =================================================================== NEGATIVES
def ts():
    return f"2025-{R.randint(1, 12):02d}-{R.randint(1, 28):02d} {R.randint(0, 23):02d}:{R.randint(0, 59):02d}:{R.randint(0, 59):02d},{R.randint(0, 999):03d}"


def iso():
    return f"2025-{R.randint(1, 12):02d}-{R.randint(1, 28):02d}T{R.randint(0, 23):02d}:{R.randint(0, 59):02d}:{R.randint(0, 59):02d}.{d(6)}+0{R.randint(0, 2)}:00"


def ip():
    return pick(
        [
            f"10.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(1, 254)}",
            f"192.168.{R.randint(0, 255)}.{R.randint(1, 254)}",
            f"172.{R.randint(16, 31)}.{R.randint(0, 255)}.{R.randint(1, 254)}",
        ]
    )


def ver():
    return f"{R.randint(0, 9)}.{R.randint(0, 30)}.{R.randint(0, 40)}"


def uuid():
    h = rs(32, HEX)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{pick('89ab')}{h[17:20]}-{h[20:]}"


def ups():
    return "1Z" + rs(6, string.ascii_uppercase + DIG) + d(10)


def isbn13():
    core = "978" + d(9)
    s = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(core))
    return core + str((10 - s % 10) % 10)


def not_luhn16():
    while True:
        n = d(16, True)
        if not luhn_ok(n):
            return n


NEG_PLAIN = [
    lambda: (
        f"commit {rs(40, HEX)}\nMerge: {rs(7, HEX)} {rs(7, HEX)}\nDate:   Fri Mar 14 09:26:53 2025 +0100\n\n    fix flaky test in scheduler",
        "git_log",
    ),
    lambda: (
        f"{ts()} INFO  [main] o.s.b.w.embedded.tomcat.TomcatWebServer - Tomcat started on port(s): {pick([8080, 8443, 9090])} (http)",
        "log",
    ),
    lambda: (
        f"request_id={uuid()} status=200 duration_ms={R.randint(3, 2500)} path=/api/v1/items",
        "log",
    ),
    lambda: (
        f"sha256sum dist/app-{ver()}.tar.gz\n{rs(64, HEX)}  dist/app-{ver()}.tar.gz",
        "shell_history",
    ),
    lambda: (
        f"We upgraded from v{ver()} to v{ver()}-rc.{R.randint(1, 5)} and now the build takes {R.randint(2, 40)}m{R.randint(0, 59)}s instead of {R.randint(1, 9)} minutes.",
        "chat",
    ),
    lambda: (
        f"ping {ip()} works but port {pick([5432, 6379, 27017, 3306, 9200])} times out. Security group allows 0.0.0.0/0.",
        "chat",
    ),
    lambda: (
        f"Order #{d(3)}-{d(7)}-{d(7)} arrived damaged, can you help me write a complaint?",
        "chat",
    ),
    lambda: (f"Tracking number {ups()} says delivered but nothing is here.", "chat"),
    lambda: (
        lambda i: (
            f"ISBN {i[:3]}-{i[3]}-{i[4:6]}-{i[6:12]}-{i[12]} — is that the 2nd edition?",
            "chat",
        )
    )(isbn13()),
    lambda: (
        f"Invoice INV-2025-{d(6)} shows €{R.randint(10, 999)},{d(2)} but the PO says €{R.randint(10, 999)},{d(2)}.",
        "chat",
    ),
    lambda: (
        f"Solve: {R.randint(2, 99)}x^2 + {R.randint(2, 99)}x - {R.randint(2, 999)} = 0",
        "math",
    ),
    lambda: (
        f"Was kostet {R.randint(2, 20)} × {R.randint(10, 99)},{d(2)} € inkl. 19 % MwSt.?",
        "chat",
    ),
    lambda: (
        f".btn-primary {{ background: #{rs(6, HEX)}; border: 1px solid #{rs(3, HEX)}; }}",
        "css",
    ),
    lambda: (
        "Caffeine is C8H10N4O2 and aspirin is C9H8O4 — which one has the higher molar mass?",
        "chat",
    ),
    lambda: (
        f"Coordinates {R.uniform(35, 60):.4f}, {R.uniform(-10, 30):.4f} — which city is that?",
        "chat",
    ),
    lambda: (f"docker pull python:3.{R.randint(8, 13)}-slim@sha256:{rs(64, HEX)}", "docker"),
    lambda: (
        f'Traceback (most recent call last):\n  File "/app/main.py", line {R.randint(10, 400)}, in <module>\n    run()\n  File "/app/jobs.py", line {R.randint(10, 400)}, in run\n    raise TimeoutError(f"job {{job_id}} exceeded {R.randint(30, 600)}s")\nTimeoutError: job {uuid()} exceeded 300s',
        "stack_trace",
    ),
    lambda: (
        f"Wie konvertiere ich {R.randint(1, 999)} Meilen in Kilometer und wie lange dauert die Fahrt bei {R.randint(60, 130)} km/h?",
        "chat",
    ),
    lambda: (
        f"Comment traduire « je suis en retard de {R.randint(5, 50)} minutes » en anglais ?",
        "chat",
    ),
    lambda: (f"¿Cuál es la diferencia entre git rebase y git merge? Uso git {ver()}.", "chat"),
    lambda: (
        f"Qual è la capitale dell'Australia? E quanti abitanti ha nel {R.randint(1990, 2024)}?",
        "chat",
    ),
    lambda: (
        f"Kun je deze zin verbeteren: 'ik heb gisteren {R.randint(2, 9)} uur gewerkt aan het rapport'?",
        "chat",
    ),
    lambda: (f"Jak ustawić cron, żeby skrypt uruchamiał się co {R.randint(2, 59)} minut?", "chat"),
    lambda: (
        f"Como faço para centralizar uma div com flexbox? Tentei justify-content: center e não funcionou ({R.randint(1, 9)} tentativas).",
        "chat",
    ),
    lambda: (
        f"Kyō wa {R.randint(1, 12)}-gatsu {R.randint(1, 28)}-nichi desu. Ashita no tenki wa dō desu ka?",
        "chat",
    ),
    lambda: (
        f"{R.randint(2, 30)} GB RAM, {R.randint(2, 64)} vCPU, Ubuntu 22.04.{R.randint(1, 5)} LTS, kernel 6.{R.randint(1, 11)}.0-{R.randint(10, 60)}-generic — enough for Postgres?",
        "chat",
    ),
    lambda: (
        f"SKU {rs(3, string.ascii_uppercase)}-{d(4)}-{rs(2, string.ascii_uppercase)} is out of stock in {R.randint(2, 40)} stores.",
        "chat",
    ),
    lambda: (
        f"inet {ip()}/24 brd {ip()} scope global eth0\ninet6 fe80::{rs(4, HEX)}:{rs(4, HEX)}:{rs(4, HEX)}:{rs(4, HEX)}/64 scope link",
        "terminal",
    ),
    lambda: (
        f"ether {':'.join(rs(2, HEX) for _ in range(6))}  txqueuelen 1000  (Ethernet)",
        "terminal",
    ),
    lambda: (
        f"Started at {iso()}, finished after PT{R.randint(1, 9)}H{R.randint(1, 59)}M{R.randint(1, 59)}S.",
        "log",
    ),
    lambda: (
        f'npm ERR! code ERESOLVE\nnpm ERR! peer react@"^{R.randint(16, 18)}.0.0" from @testing-library/react@{ver()}',
        "log",
    ),
    lambda: (
        f"SELECT id, created_at FROM orders WHERE total > {R.randint(10, 999)} AND status = 'shipped' ORDER BY created_at DESC LIMIT {R.randint(5, 100)};",
        "sql",
    ),
    lambda: (
        f"The meeting is on {R.randint(1, 28)}.{R.randint(1, 12):02d}.2025 at {R.randint(8, 17)}:{pick(['00', '15', '30', '45'])} in room B{R.randint(100, 499)}.",
        "chat",
    ),
    lambda: (
        f"kubectl get pods -n prod\nNAME                          READY   STATUS    RESTARTS   AGE\napi-{rs(10, string.ascii_lowercase + DIG)}-{rs(5, string.ascii_lowercase + DIG)}   1/1     Running   {R.randint(0, 9)}          {R.randint(1, 30)}d",
        "terminal",
    ),
    lambda: (
        f'Exception in thread "main" java.lang.NullPointerException\n\tat com.{pick(ORGS).replace("-", "")}.service.OrderService.process(OrderService.java:{R.randint(20, 900)})\n\tat com.{pick(ORGS).replace("-", "")}.Main.main(Main.java:{R.randint(5, 60)})',
        "stack_trace",
    ),
    lambda: (
        f"Write a haiku about {pick(['autumn rain', 'deploy fridays', 'a lost cat', 'the Rhine', 'Mount Fuji'])}.",
        "chat",
    ),
    lambda: (
        f"Please summarize this: The quarterly revenue grew {R.randint(2, 40)}% to ${R.randint(1, 900)}.{R.randint(1, 9)}M while headcount stayed at {R.randint(50, 900)}.",
        "chat",
    ),
    lambda: (
        f"FedEx tracking {d(4, True)} {d(4)} {d(4)} — status 'in transit' since {R.randint(2, 9)} days.",
        "chat",
    ),
    lambda: (
        f"Cuánto es {R.randint(100, 999)} entre {R.randint(2, 19)}? Necesito el resultado con {R.randint(2, 5)} decimales.",
        "chat",
    ),
    lambda: (
        f"Mein Zug ICE {R.randint(500, 1999)} hat {R.randint(5, 120)} Minuten Verspätung, bekomme ich Geld zurück?",
        "chat",
    ),
]

NEG_TRICKY = [
    lambda: (
        "OPENAI_API_KEY=sk-...\nANTHROPIC_API_KEY=sk-ant-...\n# fill these in before running",
        "env_file",
    ),
    lambda: (
        f"DB_PASSWORD=${{DB_PASSWORD}}\nDB_USER=${{DB_USER:-app}}\nDB_HOST={pick(HOSTS)}",
        "env_file",
    ),
    lambda: (
        f"database:\n  host: {pick(HOSTS)}\n  user: app\n  password: <password>\n  port: 5432",
        "yaml",
    ),
    lambda: (
        f'export API_KEY=YOUR_API_KEY\ncurl -H "Authorization: Bearer $API_KEY" https://api.example.com/v{R.randint(1, 3)}/status',
        "shell_history",
    ),
    lambda: (
        lambda o, r: (
            f"git clone git@github.com:{o}/{r}.git\nCloning into '{r}'...\ngit@github.com: Permission denied (publickey).",
            "shell_history",
        )
    )(pick(ORGS), pick(REPOS)),
    lambda: (
        "GitHub classic tokens start with ghp_ followed by 36 characters, fine-grained ones with github_pat_. How do I tell which one I have without pasting it?",
        "chat",
    ),
    lambda: ("token: ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx  # replace with your own", "yaml"),
    lambda: (
        "postgres://USER:PASSWORD@HOST:5432/DBNAME is the format, right? Mine has no password because of peer auth.",
        "chat",
    ),
    lambda: (
        f"postgresql://{pick(HOSTS)}:5432/{pick(REPOS).replace('-', '_')}?sslmode=disable",
        "config",
    ),
    lambda: (f"redis://redis:6379/{R.randint(0, 15)}", "config"),
    lambda: ("Authorization: Bearer <token>\nContent-Type: application/json", "http_request"),
    lambda: (
        f"password: ********\nusername: {pick(FIRST)}.{pick(LAST)}\n(I masked the password of course)",
        "chat",
    ),
    lambda: (
        "def login(username: str, password: str) -> bool:\n    user = repo.get(username)\n    return user is not None and check_password(password, user.password_hash)",
        "python_code",
    ),
    lambda: (
        'password = getpass.getpass("Password: ")\napi_key = os.environ["OPENAI_API_KEY"]\ntoken = os.getenv("GITHUB_TOKEN")',
        "python_code",
    ),
    lambda: (
        f"I forgot my password and the reset link expired after {R.randint(10, 60)} minutes. How do I request a new one?",
        "chat",
    ),
    lambda: (
        f"Ich habe mein Passwort vergessen. Wie kann ich es in Windows {R.randint(10, 11)} zurücksetzen?",
        "chat",
    ),
    lambda: ("J'ai oublié mon mot de passe, et le lien de réinitialisation ne marche pas.", "chat"),
    lambda: (
        f"La contraseña debe tener al menos {R.randint(8, 16)} caracteres, una mayúscula y un número.",
        "chat",
    ),
    lambda: (
        "Il campo password è obbligatorio ma il form lo invia vuoto. Come faccio il debug?",
        "chat",
    ),
    lambda: (
        f"Hasło musi mieć co najmniej {R.randint(8, 14)} znaków — jak to wymusić w Django?",
        "chat",
    ),
    lambda: (
        "env:\n  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef:\n        name: db-creds\n        key: password",
        "k8s",
    ),
    lambda: (
        "- name: Publish\n  run: twine upload dist/*\n  env:\n    TWINE_PASSWORD: ${{ secrets.PYPI_API_TOKEN }}",
        "github_actions",
    ),
    lambda: (
        f"max_tokens: {pick([256, 1024, 4096, 8192])}\ntemperature: 0.{R.randint(0, 9)}\ntoken_budget: {R.randint(1000, 90000)}",
        "yaml",
    ),
    lambda: (
        "How does the tokenizer split 'unbelievable' into tokens, and why is the secret to good prompts short context?",
        "chat",
    ),
    lambda: (
        f"Our secret santa budget is ${R.randint(15, 50)} this year, any gift ideas for a coworker who likes {pick(['hiking', 'coffee', 'board games'])}?",
        "chat",
    ),
    lambda: (
        f"-----BEGIN CERTIFICATE-----\nMIID{rs(60, B64)}\n{rs(64, B64)}\n{rs(64, B64)}\n{rs(40, B64)}==\n-----END CERTIFICATE-----\nis this cert expired? openssl says notAfter=Jan 1 2025",
        "pem_cert",
    ),
    lambda: (
        f"-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE{rs(28, B64)}\n{rs(60, B64)}==\n-----END PUBLIC KEY-----\nwhere do I put this public key in the JWKS?",
        "pem_public",
    ),
    lambda: (
        f"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI{rs(43, B64)} deploy-ci\nthis is the public key I added to authorized_keys",
        "ssh_public_key",
    ),
    lambda: (
        f'<img src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAA{rs(R.randint(120, 260), B64)}=" alt="logo">',
        "html",
    ),
    lambda: (f'"integrity": "sha512-{rs(86, B64)}=="', "package_lock"),
    lambda: (
        'The JWT header eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9 just decodes to {"alg":"HS256","typ":"JWT"} — so where is the signature stored?',
        "chat",
    ),
    lambda: (
        "Stripe secret keys begin with sk_live_ or sk_test_, publishable keys with pk_. Which one goes in the frontend?",
        "chat",
    ),
    lambda: (
        f"The dashboard shows my key as sk-proj-...{rs(4, B62)} — is the full key recoverable?",
        "chat",
    ),
    lambda: (
        lambda l4: (
            f"Card ending in {l4} (**** **** **** {l4}) was charged ${R.randint(5, 300)}.{d(2)} twice.",
            "chat",
        )
    )(d(4)),
    lambda: (f"Reference number {spaced(not_luhn16())} from the parcel slip", "chat"),
    lambda: (f"Auftragsnummer {not_luhn16()} — bitte um Rückmeldung.", "chat"),
    lambda: (
        "IBAN format for Germany: DEkk bbbb bbbb cccc cccc cc (22 characters). How do I validate it in JS?",
        "chat",
    ),
    lambda: (
        f"Error 0x{rs(8, UPHEX)} at address 0x{rs(12, HEX)} (build {R.randint(19000, 26000)}.{R.randint(1, 9999)})",
        "log",
    ),
    lambda: (
        '@app.route("/login", methods=["POST"])\n@login_required\ndef dashboard():\n    ...',
        "python_code",
    ),
    lambda: (
        f"npm i @angular/core@{R.randint(14, 19)}.{R.randint(0, 3)}.{R.randint(0, 9)} @types/node@{R.randint(18, 22)}.{R.randint(0, 9)}.{R.randint(0, 9)}",
        "shell_history",
    ),
    lambda: (f"ssh -i ~/.ssh/id_ed25519 ec2-user@{ip()} -p {pick([22, 2222])}", "shell_history"),
    lambda: (
        f"arn:aws:iam::{d(12, True)}:role/{pick(['deploy', 'ci-runner', 'lambda-exec'])} cannot assume role arn:aws:iam::{d(12, True)}:role/admin",
        "log",
    ),
    lambda: (
        f"Slack channel C0{rs(9, string.ascii_uppercase + DIG)} and user U0{rs(8, string.ascii_uppercase + DIG)} — the bot can't see messages there.",
        "chat",
    ),
    lambda: (
        f"Part no. 0{d(2)}-{d(3)}-{d(4)}-{rs(2, string.ascii_uppercase)} fits the {R.randint(2015, 2024)} model?",
        "chat",
    ),
    lambda: (
        f"Modelnummer {rs(2, string.ascii_uppercase)}{d(4)}/{d(2)} — die Seriennummer ist {rs(3, string.ascii_uppercase)}{d(9)}.",
        "chat",
    ),
    lambda: (
        "API_KEY=\nSECRET_KEY=\nPASSWORD=\n# empty on purpose, set them in the vault",
        "env_file",
    ),
    lambda: (
        f"password: null\npassword_min_length: {R.randint(8, 16)}\npassword_hash: argon2id\npassword_reset_ttl: 3600",
        "yaml",
    ),
    lambda: (
        "mysql -u root -p\nEnter password:\nERROR 1045 (28000): Access denied for user 'root'@'localhost' (using password: YES)",
        "terminal",
    ),
    lambda: (
        f'echo "$CR_PAT" | docker login ghcr.io -u {pick(FIRST)} --password-stdin',
        "shell_history",
    ),
    lambda: (
        f"The API expects a bearer token in the Authorization header; tokens expire after {R.randint(1, 24)} hours and refresh tokens after {R.randint(7, 90)} days.",
        "chat",
    ),
    lambda: (
        "llt_<id>_<secret> is the token format in the docs — what part of it is the id?",
        "chat",
    ),
    lambda: ("LIFELONG_TOKEN=llt_...\n# get one from the dashboard", "env_file"),
    lambda: (
        "AWS_ACCESS_KEY_ID=AKIA****************\nAWS_SECRET_ACCESS_KEY=[REDACTED]",
        "env_file",
    ),
    lambda: ("Authorization: Basic <base64(user:pass)>", "http_request"),
    lambda: (
        "api_key = \"{{ vault_api_key }}\"\npassword = \"{{ lookup('env', 'DB_PASS') }}\"",
        "ansible",
    ),
    lambda: (
        "<password>${env.SMTP_PASSWORD}</password>\n<username>${env.SMTP_USER}</username>",
        "xml_config",
    ),
    lambda: (
        f"wifi password is on the sticker under the router, I just can't read it. Model {rs(2, string.ascii_uppercase)}-{d(4)}.",
        "chat",
    ),
    lambda: (
        f"My GitHub username is {pick(FIRST)}-{pick(LAST)} and my org is {pick(ORGS)}; why can't I see the private repos?",
        "chat",
    ),
    lambda: (
        f"UUID v4 like {uuid()} vs ULID like 01J{rs(23, CROCK.upper())} — which sorts better in Postgres?",
        "chat",
    ),
    lambda: (
        f"git rev-parse HEAD → {rs(40, HEX)}; git describe → v{ver()}-{R.randint(1, 90)}-g{rs(7, HEX)}",
        "shell_history",
    ),
    lambda: (f"md5: {rs(32, HEX)}\nsha1: {rs(40, HEX)}\nfile: backup_{d(8)}.tar.zst", "terminal"),
    lambda: (
        "Run `openssl rand -hex 32` to generate a secret key, then put it in the SECRET_KEY env var. Never commit it.",
        "chat",
    ),
    lambda: (
        f"pip install requests=={ver()} urllib3<2 && python -c 'import ssl; print(ssl.OPENSSL_VERSION)'",
        "shell_history",
    ),
    lambda: (
        f"Timestamp {R.randint(1_600_000_000, 1_800_000_000)} and {R.randint(1_600_000_000_000, 1_800_000_000_000)} ms — which timezone?",
        "chat",
    ),
    lambda: (
        f"Room {R.randint(100, 999)}, floor {R.randint(1, 30)}, building {pick('ABCDEF')}; the meeting ID is {d(3, True)} {d(4)} {d(4)}",
        "chat",
    ),
    lambda: (
        f"Set token_expiry = {R.randint(300, 86400)} and refresh_token_rotation = true in config.toml",
        "chat",
    ),
    lambda: (
        f"Mot de passe oublié ? Le champ « mot de passe » reste vide après l'autocomplétion de Firefox {R.randint(100, 140)}.",
        "chat",
    ),
    lambda: (
        f"De wachtwoordvergeten-link werkt niet op mijn iPhone (iOS {R.randint(15, 18)}.{R.randint(0, 6)}).",
        "chat",
    ),
    lambda: (
        "A senha do wifi é pedida toda vez que ligo o notebook — como salvo ela no Ubuntu?",
        "chat",
    ),
    lambda: ("pasuwādo o wasuremashita. Dō sureba ii desu ka?", "chat"),
    lambda: (
        "client_secret is required when grant_type=client_credentials, but I'm using PKCE with a public client.",
        "chat",
    ),
    lambda: (
        f'ERROR: password authentication failed for user "{pick(["app", "postgres", "etl"])}" (SQLSTATE 28P01) at {ts()}',
        "log",
    ),
    lambda: (
        'curl -u "$USER:$PASS" https://nexus.internal/service/rest/v1/status',
        "shell_history",
    ),
    lambda: (
        "const apiKey = process.env.GOOGLE_MAPS_KEY ?? '';\nif (!apiKey) throw new Error('missing key');",
        "js_code",
    ),
    lambda: (
        "Slack webhook format: https://hooks.slack.com/services/T000/B000/XXXX — do I need the T part?",
        "chat",
    ),
    lambda: (
        f"Version v{ver()}+build.{rs(7, HEX)} was signed with key ID {rs(16, UPHEX)}.",
        "chat",
    ),
    lambda: (
        f"Seed phrase? No — I just need to generate {R.randint(10, 100)} random test UUIDs like {uuid()}.",
        "chat",
    ),
]

NEG_PLAIN += [
    lambda: (
        f"error[E0382]: borrow of moved value: `buf`\n  --> src/main.rs:{R.randint(5, 300)}:{R.randint(1, 40)}\n   |\n{R.randint(5, 300)} |     let s = buf;\n   |             --- value moved here",
        "rust_error",
    ),
    lambda: (
        f"panic: runtime error: index out of range [{R.randint(1, 9)}] with length {R.randint(0, 1)}\n\ngoroutine {R.randint(1, 400)} [running]:\nmain.parse(0xc000{rs(6, HEX)}, 0x{rs(2, HEX)})\n\t/app/parse.go:{R.randint(10, 200)} +0x{rs(3, HEX)}",
        "stack_trace",
    ),
    lambda: (
        f'{ip()} - - [14/Mar/2025:09:26:53 +0000] "GET /static/app.{rs(8, HEX)}.js HTTP/1.1" 200 {R.randint(1000, 900000)} "-" "Mozilla/5.0 (X11; Linux x86_64)"',
        "access_log",
    ),
    lambda: (
        f"Mar 14 09:26:53 web-{R.randint(1, 9)} systemd[1]: Started nginx.service - A high performance web server.\nMar 14 09:26:54 web-{R.randint(1, 9)} kernel: [{R.randint(1000, 99999)}.{d(6)}] eth0: link up",
        "journal",
    ),
    lambda: (
        f'FROM node:{R.randint(18, 22)}-alpine\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci --omit=dev\nEXPOSE {pick([3000, 8080, 5173])}\nCMD ["node", "server.js"]\n\nimage is {R.randint(200, 900)} MB, how to shrink it?',
        "dockerfile",
    ),
    lambda: (
        f'{{"id": {R.randint(1000, 99999)}, "sku": "{rs(3, string.ascii_uppercase)}-{d(5)}", "price": {R.randint(1, 500)}.{d(2)}, "currency": "EUR", "stock": {R.randint(0, 999)}}}',
        "json",
    ),
    lambda: (
        f"=SVERWEIS(A{R.randint(2, 99)};Tabelle2!A:B;2;FALSCH) gibt #NV zurück, obwohl der Wert existiert.",
        "spreadsheet",
    ),
    lambda: (
        f"\\int_0^{{{R.randint(2, 9)}}} x^{R.randint(2, 5)} \\, dx = ? Please show the steps.",
        "math",
    ),
    lambda: (
        f"*/{R.randint(2, 30)} * * * * /usr/local/bin/cleanup.sh >> /var/log/cleanup.log 2>&1 — does this run every {R.randint(2, 30)} minutes?",
        "crontab",
    ),
    lambda: (
        f"diff --git a/src/app.py b/src/app.py\nindex {rs(7, HEX)}..{rs(7, HEX)} 100644\n--- a/src/app.py\n+++ b/src/app.py\n@@ -{R.randint(1, 90)},{R.randint(3, 9)} +{R.randint(1, 90)},{R.randint(3, 9)} @@\n-    retries = 3\n+    retries = 5",
        "git_diff",
    ),
    lambda: (
        f"Ricetta per {R.randint(2, 8)} persone: {R.randint(200, 500)} g di farina, {R.randint(1, 4)} uova, {R.randint(50, 300)} ml di latte. Posso sostituire le uova?",
        "chat",
    ),
    lambda: (
        f"Voy a Lisboa del {R.randint(1, 14)} al {R.randint(15, 28)} de mayo, ¿qué barrios me recomiendas?",
        "chat",
    ),
    lambda: (
        f"Sehr geehrte Damen und Herren, hiermit kündige ich meinen Vertrag Nr. {d(8, True)} fristgerecht zum {R.randint(1, 28)}.{R.randint(1, 12)}.2026. Bitte formulieren Sie das höflicher.",
        "chat",
    ),
    lambda: (
        f"Przetłumacz proszę: 'the release {ver()} fixes {R.randint(2, 40)} bugs and adds dark mode'.",
        "chat",
    ),
    lambda: (
        f"Jira ticket PROJ-{R.randint(100, 9999)} is blocked by OPS-{R.randint(100, 9999)}; pipeline #{R.randint(100000, 9999999)} failed at stage 'test'.",
        "chat",
    ),
    lambda: (
        f"ffmpeg -i input.mp4 -ss 00:{R.randint(0, 59):02d}:{R.randint(0, 59):02d}.{d(3)} -t 00:00:{R.randint(5, 59):02d} -c copy clip.mp4 — the cut is off by a few frames",
        "shell_history",
    ),
    lambda: ("Kan iemand uitleggen waarom 0.1 + 0.2 = 0.30000000000000004 in JavaScript?", "chat"),
    lambda: (
        f"Chords for the bridge: Am - F - C - G, capo {R.randint(1, 7)}. Tempo {R.randint(60, 180)} bpm.",
        "chat",
    ),
    lambda: (
        f"$GPGGA,{R.randint(0, 23):02d}{R.randint(0, 59):02d}{R.randint(0, 59):02d}.00,{R.randint(3000, 5900)}.{d(4)},N,{R.randint(100, 1800):05d}.{d(4)},E,1,{R.randint(4, 12):02d},0.9,{R.randint(10, 900)}.0,M,47.0,M,,*{rs(2, UPHEX)}",
        "nmea",
    ),
    lambda: (
        f"O que significa 'saudade'? E como se usa numa frase em {R.randint(1990, 2025)}?",
        "chat",
    ),
    lambda: (f"Nihon no jinkō wa {R.randint(120, 126)} man... iie, oku desu ka?", "chat"),
    lambda: (
        f'resource "aws_instance" "web" {{\n  ami           = "ami-0{rs(16, HEX)}"\n  instance_type = "t3.{pick(["micro", "small", "medium"])}"\n  subnet_id     = "subnet-0{rs(16, HEX)}"\n}}',
        "terraform",
    ),
    lambda: (
        f"Mi hijo tiene {R.randint(6, 14)} años y saca {R.randint(3, 6)},{R.randint(0, 9)} en matemáticas, ¿cómo le ayudo?",
        "chat",
    ),
    lambda: (
        f"  PID USER      PR  NI    VIRT    RES    SHR S  %CPU  %MEM     TIME+ COMMAND\n{R.randint(100, 99999):>5} postgres  20   0 {R.randint(100000, 9999999):>7} {R.randint(1000, 999999):>6} {R.randint(1000, 99999):>6} S  {R.randint(0, 99)}.{R.randint(0, 9)}   {R.randint(0, 30)}.{R.randint(0, 9)}   {R.randint(0, 99)}:{R.randint(0, 59):02d}.{R.randint(0, 99):02d} postgres",
        "terminal",
    ),
]

NEG_TRICKY += [
    lambda: (
        "CREATE TABLE users (\n  id bigserial PRIMARY KEY,\n  email text UNIQUE NOT NULL,\n  password_hash text NOT NULL,\n  api_token_hash text,\n  created_at timestamptz DEFAULT now()\n);",
        "sql",
    ),
    lambda: (
        "What's a good regex for e-mails? I have ^[\\w.+-]+@[\\w-]+\\.[\\w.-]+$ but it rejects new TLDs.",
        "chat",
    ),
    lambda: (
        f'HTTP/1.1 200 OK\nETag: W/"{rs(2, HEX)}-{rs(27, URLB64)}"\nX-Request-Id: {uuid()}\nCache-Control: max-age={R.randint(60, 86400)}',
        "http_response",
    ),
    lambda: (
        f"aws_instance.web: Creation complete after {R.randint(10, 90)}s [id=i-0{rs(16, HEX)}]\naws_security_group.db: Modifications complete [id=sg-0{rs(16, HEX)}]",
        "terraform",
    ),
    lambda: ("echo 'SGVsbG8sIFdvcmxkIQ==' | base64 -d   # prints Hello, World!", "shell_history"),
    lambda: (
        "Der Token-Endpunkt antwortet mit 400 invalid_grant — der Code wurde wohl schon eingelöst. Wie lange ist ein Authorization Code gültig?",
        "chat",
    ),
    lambda: (
        f'jwt.decode(token, key, algorithms=["RS256"], audience="api://{pick(REPOS)}") raises ExpiredSignatureError after {R.randint(1, 60)} minutes',
        "python_code",
    ),
    lambda: (
        f"Key fingerprint: SHA256:{rs(43, B64)} (ED25519). Is it safe to share the fingerprint?",
        "chat",
    ),
    lambda: (
        'PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]\nAUTH_PASSWORD_VALIDATORS = [{"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"}]',
        "django_settings",
    ),
    lambda: (
        'kubectl create secret generic db-creds --from-literal=password="$(openssl rand -base64 24)"',
        "shell_history",
    ),
    lambda: (
        "hf_transfer makes downloads faster; set HF_HUB_ENABLE_HF_TRANSFER=1 and it uses the token from `huggingface-cli login`.",
        "chat",
    ),
    lambda: (
        "The phone field should accept formats like +CC NNN NNN NNNN and (NNN) NNN-NNNN — any library for that in Python?",
        "chat",
    ),
    lambda: (
        "Billing code 1-800-FLOWERS style vanity numbers, how does the letter mapping work (2=ABC, 3=DEF...)?",
        "chat",
    ),
    lambda: (
        f"Zoom ID and passcode are in the calendar invite, I won't paste them here. Can you draft the agenda for the {R.randint(9, 17)}:00 call?",
        "chat",
    ),
]


# ====================================================================== DRIVER
SECRET_PLAN = [
    ("openai_key", t_openai, 10),
    ("anthropic_key", t_anthropic, 8),
    ("aws_keys", t_aws, 10),
    ("github_token", t_github, 10),
    ("gitlab_token", t_gitlab, 6),
    ("google_api_key", t_google, 7),
    ("slack_token", t_slack, 9),
    ("stripe_key", t_stripe, 8),
    ("twilio_key", t_twilio, 6),
    ("sendgrid_key", t_sendgrid, 6),
    ("hf_token", t_hf, 6),
    ("jwt", t_jwt, 9),
    ("bearer_token", t_bearer, 9),
    ("private_key", t_private_key, 7),
    ("url_password", t_url_password, 12),
    ("keyword_secret", t_keyword, 34),
    ("lifelong_token", t_lifelong, 10),
]
PII_PLAN = [
    ("email", t_email, 16),
    ("email_obfuscated", t_email_obf, 16),
    ("phone_us", t_phone_us, 10),
    ("phone_intl", t_phone_intl, 26),
    ("card", t_card, 11),
    ("iban", t_iban, 12),
]
N_NEG_PLAIN, N_NEG_TRICKY = 138, 92

import re

DIGITRUN = re.compile(r"(?<![\w.])\d(?:[ -]?\d){12,18}(?![\w])")


def _pii_context(text):
    t = text.lstrip()
    if t.startswith("{"):
        return "json"
    if t.startswith("<"):
        return "html"
    if "https://" in t and "?" in t:
        return "url_query"
    if "=" in t:
        return "key_value"
    if " WARN " in t or " ERROR " in t:
        return "log"
    return "chat"


def _unpack(gen):
    res = gen()
    if isinstance(res, tuple):
        return res
    return res, None


def build():
    rows, seen = [], set()

    def add(text, category, kind, secrets, context):
        assert text not in seen, text[:80]
        seen.add(text)
        if category == "negative":
            assert secrets == []
        else:
            assert secrets, (kind, text[:80])
            assert len(set(secrets)) == len(secrets)
            for s in secrets:
                assert len(s) >= 4 and s in text, (kind, s, text[:120])
        rows.append(
            {
                "text": text,
                "category": category,
                "kind": kind,
                "secrets": secrets,
                "context": context,
            }
        )

    for category, plan in (("secret", SECRET_PLAN), ("pii", PII_PLAN)):
        for kind, gen, n in plan:
            T0, _ = _unpack(gen)
            idx = list(range(len(T0)))
            if n < len(idx):
                if kind == "keyword_secret":  # keep all the natural-language ones
                    drop = set(R.sample(range(0, 17), len(idx) - n))
                    idx = [i for i in idx if i not in drop]
                else:
                    idx = sorted(R.sample(idx, n))
            while len(idx) < n:
                idx.append(R.randrange(len(T0)))
            for i in idx:
                T, default = _unpack(gen)
                res = T[i]()
                if len(res) == 2:
                    text, context = res
                    secrets = list(default)
                else:
                    text, secrets, context = res
                if category == "pii" and context == "chat":
                    context = _pii_context(text)
                if kind == "card":
                    assert luhn_ok(re.sub(r"\D", "", secrets[0]))
                if kind == "iban":
                    assert iban_ok(secrets[0])
                add(text, category, kind, secrets, context)

    def neg(pool, n):
        order = list(range(len(pool)))
        R.shuffle(order)
        while len(order) < n:  # spread repeats evenly over the templates
            more = list(range(len(pool)))
            R.shuffle(more)
            order += more
        for i in order[:n]:
            for attempt in range(1000):
                text, context = pool[i if attempt < 20 else R.randrange(len(pool))]()
                if text in seen:
                    continue
                if any(luhn_ok(re.sub(r"\D", "", m.group())) for m in DIGITRUN.finditer(text)):
                    continue
                break
            else:
                raise RuntimeError("could not make a fresh negative")
            add(text, "negative", "negative", [], context)

    neg(NEG_TRICKY, N_NEG_TRICKY)
    neg(NEG_PLAIN, N_NEG_PLAIN)

    # sanity: negatives hold no e-mail address other than the git@github.com remote
    for r in rows:
        if r["category"] == "negative":
            for m in re.finditer(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}", r["text"]):
                assert m.group() == "git@github.com", (m.group(), r["text"][:80])
    R.shuffle(rows)
    return rows


def main():
    rows = build()
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "blind2.jsonl")
    with open(out, "w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    cat = Counter(r["category"] for r in rows)
    kinds = Counter((r["category"], r["kind"]) for r in rows)
    print(f"wrote {len(rows)} rows to {out}")
    for c in ("secret", "pii", "negative"):
        print(f"{c}: {cat[c]}")
        for (cc, k), n in sorted(kinds.items()):
            if cc == c:
                print(f"  {k}: {n}")


if __name__ == "__main__":
    main()
