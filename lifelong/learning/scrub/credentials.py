"""The scrubber's finders of secrets: provider keys and tokens (detect-secrets' plugins and
rules of our own), private keys, passwords in URLs and on command lines, and values named like
secrets. See :mod:`lifelong.learning.scrub.scrubber` for what is found and why.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Iterator, Sequence

from lifelong.learning.scrub.rules import TOKEN_CHARS, Finder, Rule, Span

__all__ = ["real_token", "secret_finders", "secretish", "stated"]


def _mixed_base64(candidate: str) -> bool:
    # AWS secret keys are random base64: upper, lower and digits all but always occur. Git
    # SHAs and other hex digests (one case only) must not be taken for one.
    return (
        any(c.islower() for c in candidate)
        and any(c.isupper() for c in candidate)
        and any(c.isdigit() for c in candidate)
    )


def _entropy(value: str) -> float:
    """Shannon entropy in bits per character (detect-secrets' measure, any alphabet)."""
    counts = Counter(value)
    return -sum(n / len(value) * math.log2(n / len(value)) for n in counts.values())


def secretish(value: str) -> bool:
    """Does a value look made up rather than like a word of prose? Letters with digits,
    inner capitals, or symbols other than a hyphen: ``hunter2``, ``P@ssw0rd``, ``aB9x...``;
    not ``required``, ``well-known`` or ``Jane``."""
    letters = any(c.isalpha() for c in value)
    digits = any(c.isdigit() for c in value)
    if letters and digits:
        return True
    if any(c.isupper() for c in value[1:]) and any(c.islower() for c in value):
        return True
    if any(c in "!@#$%^&*_+=/~|\\?" for c in value):
        return True
    return len(value) >= 20 and _entropy(value) >= 3.5


# What a documentation example or a template holds where a key goes: ghp_xxxxxxxx...,
# xoxb-your-bot-token, sk-...EXAMPLE. A real token is random: many distinct characters.
_PLACEHOLDER_WORDS = ("xxxx", "your", "example", "placeholder", "redacted", "0000000", "change-me")


def real_token(value: str) -> bool:
    """Many distinct characters, and none of a template's words (ghp_xxxx..., your-key)."""
    lower = value.lower()
    return len(set(lower)) >= 8 and not any(w in lower for w in _PLACEHOLDER_WORDS)


# A PEM private key base64-encoded once more (a Kubernetes Secret's data: tls.key: LS0tLS1...).
_PEM_BASE64 = re.compile(r"LS0tLS1CRUdJTi[A-Za-z0-9+/]{60,}={0,2}")


def _encoded_private_key(blob: str) -> bool:
    import base64
    import binascii

    try:
        head = base64.b64decode(blob[: len(blob) - len(blob) % 4], validate=False)[:80]
    except (binascii.Error, ValueError):
        return False
    return b"PRIVATE KEY" in head


def _pem_body(block: str) -> bool:
    """A PEM block with key material in it, not ``BEGIN ... KEY-----\n...\n-----END``."""
    inner = re.sub(r"-{4,5}[^-]*-{4,5}|[A-Za-z-]+: [^\r\n]*", "", block)
    return sum(c.isalnum() or c in "+/" for c in inner) >= 16


def _detect_secrets_rules() -> list[Rule]:
    """The provider plugins of detect-secrets, their patterns used as they ship."""
    from detect_secrets.plugins.aws import AWSKeyDetector
    from detect_secrets.plugins.azure_storage_key import AzureStorageKeyDetector
    from detect_secrets.plugins.discord import DiscordBotTokenDetector
    from detect_secrets.plugins.github_token import GitHubTokenDetector
    from detect_secrets.plugins.gitlab_token import GitLabTokenDetector
    from detect_secrets.plugins.mailchimp import MailchimpDetector
    from detect_secrets.plugins.openai import OpenAIDetector
    from detect_secrets.plugins.pypi_token import PypiTokenDetector
    from detect_secrets.plugins.sendgrid import SendGridDetector
    from detect_secrets.plugins.slack import SlackDetector
    from detect_secrets.plugins.square_oauth import SquareOAuthDetector
    from detect_secrets.plugins.stripe import StripeDetector
    from detect_secrets.plugins.telegram_token import TelegramBotTokenDetector
    from detect_secrets.plugins.twilio import TwilioKeyDetector

    # Not used: ArtifactoryDetector (``AP`` + a hex digit + 8 letters is also "APCalculusAB"),
    # NpmDetector (its ``npm_.+`` runs to the end of the line: ``npm_`` has a rule below),
    # the keyword and high-entropy plugins (see the module docstring), AWS's second pattern
    # (a named secret access key has its own rule), BasicAuth (see _URL_PASSWORD),
    # IBM/Cloudant/Softlayer (keyword based, covered by the keyword rule).
    rules: list[Rule] = []
    for detector in (
        AWSKeyDetector, GitHubTokenDetector, GitLabTokenDetector, SlackDetector,
        StripeDetector, SendGridDetector, TwilioKeyDetector, MailchimpDetector,
        SquareOAuthDetector, PypiTokenDetector, OpenAIDetector, DiscordBotTokenDetector,
        TelegramBotTokenDetector,
    ):  # fmt: skip
        patterns: Sequence[re.Pattern[str]] = list(detector.denylist)  # type: ignore[arg-type]
        if detector is AWSKeyDetector:
            patterns = patterns[:1]
        bots = (DiscordBotTokenDetector, TelegramBotTokenDetector)
        label = "TOKEN" if detector in bots else "API_KEY"
        rules += [Rule(label, p, widen=TOKEN_CHARS, check=real_token) for p in patterns]
    # Only the key of "AccountKey=<88 base64>" goes, not its name.
    for pattern in AzureStorageKeyDetector.denylist:
        named = pattern.pattern.replace("AccountKey=", "AccountKey=(?P<secret>", 1) + ")"
        rules.append(Rule("API_KEY", re.compile(named), needs=("accountkey=",)))
    return rules


# A PEM block from its BEGIN line to its END line; a pasted block cut short loses its BEGIN
# line and every base64 / header line after it.
_PEM = re.compile(
    r"-{4,5} ?BEGIN (?P<kind>[A-Z0-9 ]*?)PRIVATE KEY(?P<blk>(?: BLOCK)?) ?-{4,5}"
    r"(?:.*?-{4,5} ?END (?P=kind)PRIVATE KEY(?P=blk) ?-{4,5}"
    r"|(?:(?:\r?\n|\\n)(?:[A-Za-z0-9+/=]+|[A-Za-z-]+: [^\r\n]*))*)",
    re.DOTALL,
)
_PUTTY = re.compile(r"PuTTY-User-Key-File-\d+:.*?(?:Private-MAC: *[0-9a-fA-F]+|\Z)", re.DOTALL)

# scheme://user:PASSWORD@host: the password is everything between the first ':' after the
# user and the last '@' before the host (a password may hold '@', '!', '#'...).
_URL_PASSWORD = re.compile(
    r"\b[A-Za-z][A-Za-z0-9+.-]{1,20}://[^\s:/@]*:(?P<secret>[^\s/]+)@[A-Za-z0-9.\[\]-]"
)

_OWN_KEYS = re.compile(
    r"(?<![A-Za-z0-9_-])(?:"
    r"sk-(?:proj-|ant-(?:api\d\d-)?|svcacct-|admin-)?[A-Za-z0-9_-]{16,}"  # OpenAI, Anthropic
    r"|(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,}|whsec_[A-Za-z0-9]{20,}"  # Stripe
    r"|AIza[0-9A-Za-z_-]{35}"  # Google
    r"|hf_[A-Za-z0-9]{30,}"  # Hugging Face
    r"|gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{40,}"  # GitHub, any length
    r"|xox[abposre]-[A-Za-z0-9-]{10,}|xapp-\d-[A-Za-z0-9-]{20,}"  # Slack, app-level, refresh
    r"|GOCSPX-[A-Za-z0-9_-]{20,}|ya29\.[A-Za-z0-9_-]{20,}"  # Google OAuth secret, token
    r"|npm_[A-Za-z0-9]{36}"  # npm
    r"|glpat-[A-Za-z0-9_-]{20,}"  # GitLab
    r"|api_org_[A-Za-z0-9]{30,}"  # Hugging Face organisation tokens
    r"|dckr_pat_[A-Za-z0-9_-]{20,}"  # Docker Hub
    r"|key-[0-9a-z]{32}"  # Mailgun
    r"|hv[sbr]\.[A-Za-z0-9_-]{24,}"  # HashiCorp Vault
    r"|(?:IQoJb3JpZ2luX2|FwoGZXIvYXdzE)[A-Za-z0-9/+=]{50,}"  # AWS session tokens
    r")"
)
# A password on a command line: mysql -pSECRET or -p'SECRET' (glued to -p), curl -u
# user:SECRET, sshpass -p SECRET, docker login -p SECRET, and --password SECRET anywhere.
_CLI_VALUE = r"(?:'(?P<{0}q>[^'\n]{{4,}})'|\"(?P<{0}d>[^\"\n]{{4,}})\"|(?P<{0}>[^\s\"']{{4,}}))"
_CLI_PASSWORD = re.compile(
    r"\b(?:mysql|mysqldump|mysqladmin|mariadb)\b[^\n]*?\s-p"
    + _CLI_VALUE.format("a")
    # user:password after -u / --user / -auth (curl, wget, httpie, jenkins-cli ...); a uid:gid
    # (docker -u 1000:1000) is refused by stated's caller below.
    + r"|(?<![\w-])(?:-u|--user|-auth|--auth|--basic-auth|--http-user)[\s=]+[\"']?[^\s:\"']+:"
    r"(?P<b>[^\s\"']{4,})"
    # SQL: CREATE USER ... IDENTIFIED BY '...', CREATE ROLE ... WITH (ENCRYPTED) PASSWORD '...'
    + r"|(?i:\bidentified\s+(?:with\s+\w+\s+)?by\s+(?:password\s+)?)'(?P<f>[^'\n]{4,})'"
    + r"|(?i:\bpassword\s+)'(?P<g>[^'\n]{4,})'"
    # redis.conf / CONFIG SET: requirepass SECRET, masterauth SECRET
    + r"|(?i:\b(?:requirepass|masterauth)[\s\"']+)"
    + _CLI_VALUE.format("h")
    # nmcli ... password SECRET, wpa_passphrase SSID SECRET
    # redis-cli -a SECRET
    + r"|\bredis-cli\b[^\n]*?\s-a\s+"
    + _CLI_VALUE.format("l")
    + r"|\bnmcli\b[^\n]*?\s(?:password|wifi-sec\.psk|802-11-wireless-security\.psk)\s+"
    + _CLI_VALUE.format("i")
    # Windows: net user NAME SECRET /add
    + r"|(?i:\bnet\s+user\s+)[^\s/]+\s+(?P<j>[^\s/*][^\s]{3,})(?=\s+/)"
    + r"|\b(?:sshpass|docker|podman|nerdctl|helm|oras|skopeo|buildah|az)\b[^\n]*?\s-p\s+"
    + _CLI_VALUE.format("c")
    # keytool -storepass / -keypass, openssl -passin / -passout pass:..., nuget -Password
    + r"|(?<![\w-])-(?:src|dest)?(?:store|key)pass(?:word)?\s+"
    + _CLI_VALUE.format("m")
    + r"|(?<![\w-])-pass(?:in|out)\s+pass:"
    + _CLI_VALUE.format("n")
    + r"|(?<![\w-])-(?i:password)\s+"
    + _CLI_VALUE.format("o")
    + r"|(?<![\w-])--(?:password|account-key|client-secret|secret-key|sas-token|access-key|"
    r"api-key|auth-token)(?:\s+|=)"
    + _CLI_VALUE.format("e")
    # Windows: net use Z: \\server\share /user:DOMAIN\name SECRET
    + r"|(?i:\bnet\s+use\b)[^\n]*?/user:\S+\s+(?P<k>[^\s/*][^\s]{3,})"
)
# Twilio's auth token (32 hex) beside what names it: an "auth token" or a Twilio SID.
_TWILIO_SECRET = re.compile(r"(?<![0-9A-Za-z])[0-9a-f]{32}(?![0-9A-Za-z])")
_TWILIO_KEY_SECRET = re.compile(r"(?<![0-9A-Za-z])[0-9A-Za-z]{32}(?![0-9A-Za-z])")
_TWILIO_NEAR = re.compile(r"(?i)auth[ _-]?token|\b(?:AC|SK)[0-9a-f]{32}\b|twilio")
# lifelong's own bearer tokens (llt_<id>_<secret>), and anything else written with its prefix:
# a token of an older or hand-made shape is still one.
_LIFELONG_TOKEN = re.compile(r"(?<![A-Za-z0-9_])llt_[A-Za-z0-9_-]{20,}")
# Signed, or unsigned ("alg": "none": a header and a JSON payload, the signature empty).
_JWT = re.compile(
    r"\beyJ[A-Za-z0-9_-]{8,}\.(?:[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}|eyJ[A-Za-z0-9_-]{8,}\.)"
)
# The first line of a JWT that a terminal wrapped (header and the start of the payload, then
# the line ends): the scrubber takes the lines that continue it.
_JWT_WRAPPED = re.compile(r"\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}(?=\r?\n)")
_BEARER = re.compile(
    r"(?i)\bbearer(?:\s+|\s*[\"']\s*\+\s*[\"'])(?P<secret>[A-Za-z0-9._~+/-]{16,}=*)"
)
# Authorization: Token ... (Django REST framework), ApiKey ..., Key ...
_TOKEN_HEADER = re.compile(
    r"(?i)\bauthorization[\"']?\s*[:=]\s*[\"']?(?:token|api-?key|key|splunk|sso-key)\s+"
    r"(?P<secret>[A-Za-z0-9._~+/-]{16,}=*)"
)
# A secret kept as a name / value pair: XML <add key="ApiSecret" value="..."/>, Postman's
# {"key": "token", "value": "..."}.
_NAMED_PAIR = re.compile(
    r"(?i)[\"']?(?:key|name)[\"']?\s*[:=]\s*[\"']?[\w.-]*(?:secret|token|passw(?:or)?d|pwd|"
    r"api[_-]?key|apikey|credential)[\w.-]*[\"']?\s*,?\s*[\"']?value[\"']?\s*[:=]\s*[\"']"
    r"(?P<secret>[^\"'\r\n]{6,})[\"']"
)
# A secret handed to a call by its name: PHP's define('DB_PASSWORD', '...'), setenv / putenv,
# .NET's Environment.SetEnvironmentVariable("API_TOKEN", "...").
_CALL_PAIR = re.compile(
    r"(?i)\b(?:define|setenv|putenv|SetEnvironmentVariable)\s*\(\s*['\"][\w.-]*"
    r"(?:pass|secret|token|api_?key|pwd|credential|key|salt)[\w.-]*['\"]\s*,\s*['\"]"
    r"(?P<secret>[^'\"\n]{4,})['\"]"
)
# A secret in a URL's query: ?api_key=..., &appid=..., &sig=... (an Azure SAS signature).
_QUERY_SECRET = re.compile(
    r"(?i)[?&](?:api_?key|apikey|appid|app_?key|access_?token|auth_?token|token|key|secret|"
    r"client_?secret|sig|signature|password|pwd|code)=(?P<secret>[^&\s#\"'<>]{12,})"
)
# HMAC and Fernet keys in code: hmac.new(b"...", ...), Fernet(b"..."),
# crypto.createHmac("sha256", "...").
_HMAC_KEY = re.compile(
    r"(?i)\b(?:hmac\.new|fernet)\(\s*(?:key\s*=\s*)?b?[\"'](?P<secret>[^\"'\n]{8,})[\"']"
    r"|createHmac\(\s*[\"'][\w-]+[\"']\s*,\s*[\"'](?P<node>[^\"'\n]{8,})[\"']"
)
# Session cookies: Cookie / Set-Cookie headers and cookie jars, by the cookie's name.
_COOKIE = re.compile(
    r"(?i)(?<![\w-])(?P<name>[\w.-]*(?:sess|sid|session|csrf|xsrf|auth|token|remember)[\w.-]*)"
    r"=(?P<secret>[A-Za-z0-9%._~+/:=-]{16,})"
    r"|cookies?\.set\(\s*[\"'][^\"']*(?:sess|sid|token|auth)[^\"']*[\"']\s*,\s*[\"']"
    r"(?P<jar>[^\"'\n]{12,})[\"']"
)
# A bare "key" or "secret" holding a quoted base64 key (encryption: key: "z0gk...=").
_BARE_KEY = re.compile(
    r"(?im)^\s*(?:key|secret)\s*[:=]\s*[\"'](?P<secret>[A-Za-z0-9+/_-]{24,}={0,2})[\"']"
)
# Authorization: Basic ..., also quoted ("Authorization": "Basic ...", nginx's
# proxy_set_header Authorization "Basic ...").
_BASIC = re.compile(
    r"(?i)\bauthorization[\"']?\s*[:=]?\s*[\"']?basic\s+(?P<secret>[A-Za-z0-9+/]{8,}={0,2})"
)
# "Basic <base64 of user:password>" wherever it stands (a HAR file's header list puts the
# header's name and value in separate fields).
_BASIC_ANYWHERE = re.compile(r"\bBasic\s+(?P<secret>[A-Za-z0-9+/]{12,}={0,2})(?![A-Za-z0-9+/=])")


def _user_and_password(blob: str) -> bool:
    import base64
    import binascii

    try:
        decoded = base64.b64decode(blob + "=" * (-len(blob) % 4), validate=True)
    except (binascii.Error, ValueError):
        return False
    return decoded.count(b":") == 1 and decoded.isascii() and not decoded.endswith(b":")


# A name's parts as code writes them: lower_snake, UPPER_SNAKE, CamelCase words.
_NAME_PART = re.compile(r"[a-z_][a-z0-9_]*|[A-Z_][A-Z0-9_]*|(?:[A-Z][a-z0-9]+)+[A-Z]?")


def _reference(value: str) -> bool:
    """``settings.SECRET_KEY``, ``SECRET_KEY``, ``config.apiToken``: a name, not a value.
    ``PckXIZPH.JwLKn36E40`` is a value: its parts are no names code would write."""
    parts = value.split(".")
    if len(parts) == 1:
        return bool(re.fullmatch(r"[A-Z_]+", value))
    return all(_NAME_PART.fullmatch(part) for part in parts)


# An AWS secret access key after its name (credentials file, env, JSON): any 40 characters.
_AWS_NAMED = re.compile(
    r"(?i)\b(?:aws_?)?secret_?access_?key[\"']?\s*[:=]\s*[\"']?"
    r"(?P<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])"
)
# ... and standing alone: exactly 40 base64 characters of mixed case with digits.
_AWS_ALONE = re.compile(r"(?<![A-Za-z0-9/+_-])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=_-])")


# Values named like secrets. Names: detect-secrets' keyword list (``api_?key``, ``password``,
# ``secret`` ...) with "-" and " " allowed where it allows "_", plus token names.
# Other languages' words for a password (German, French, Spanish, Italian's is "password",
# Dutch, Polish, Portuguese): only a password is called that, so a value right after the word
# counts too ("la contraseña Mariposa$2022").
_FOREIGN_PASSWORD = ("passwort", "kennwort", "mot_?de_?passe", "contraseña", "contrasena",
                     "wachtwoord", "hasło", "haslo", "senha", "lösenord(?:et)?", "losenord",
                     "adgangskode(?:n)?", "kodeord(?:et)?", "passord(?:et)?", "salasana",
                     "heslo", "şifre(?:si|m|niz)?", "sifre(?:si)?", "parola(?:sı|si)?",
                     "jelszó", "пароль", "비밀번호", "密码", "密碼",
                     "パスワード", "pasuwādo", "pasuwaado", "pasuwado")  # fmt: skip
_PASSWORD_NAMES = frozenset({"password", "passwd", "pwd", "pw", *(n.replace("_?", " ") for n in
                             _FOREIGN_PASSWORD), "mot_de_passe", "mot-de-passe"})  # fmt: skip
_EXTRA_NAMES = (
    "token", "access_?token", "auth_?token", "refresh_?token", "secret_?key", "client_?secret",
    "session_?token", "passphrase", "pass_?phrase", "passcode", "pass", *_FOREIGN_PASSWORD,
    "app_?key", "master_?key", r"master\.key", "encryption_?key", "signing_?key", "hmac_?key",
    "private_?key_?id",
    "fernet_?key", "application_?key", "pat", "pw", "access_?key_?secret", "consumer_?key",
    "consumer_?secret",
)  # fmt: skip
# Not a value: empty words, masks, placeholders, references and calls (password=None,
# token=<your token>, secret=${SECRET}, password=getpass(), key=os.environ["KEY"], a Symfony
# parameter '%env(API_KEY)%', Python's '%(password)s'). A "("
# inside a value is a call only after a name (a Django key holds "(" among its symbols).
_NOT_A_VALUE = re.compile(
    r"(?i)^(?:none|null|nil|true|false|undefined|required|optional|string|str|secret|password|"
    r"x+|\*+|\.+|-+|redacted|hidden|example|placeholder|changeme|change_me|change-me)$"
    # a placeholder that says what goes there: 'contraseña_segura', 'your_password_here'
    r"|(?:password|passwort|contrase[ñn]a|senha|mot_de_passe|wachtwoord|has[łl]o)"
    # ("$girasol258", lower-case letters then digits, is a password people make, not $HOME)
    r"|^[\[{<(]|^\$(?![a-z]{3,}\d{2,}$)|^%\w*\(|^%\w+%$|"
    r"^(?:os|process|env|settings|config|self|request|getpass|"
    r"input)\b"
)
_CALL = re.compile(r"^[A-Za-z_][\w.:]*!?\(")


def _not_a_value(value: str, quoted: bool = False) -> bool:
    """An empty word, a mask, a placeholder, a reference; or a call, unless quoted (a string
    is never a call: "vJ3M(WHC..." is a key with a "(" in it)."""
    return bool(_NOT_A_VALUE.search(value) or (not quoted and _CALL.match(value)))


def _names() -> str:
    from detect_secrets.plugins.keyword import DENYLIST

    names = [n.replace("_?", r"[_ -]?") for n in (*DENYLIST, *_EXTRA_NAMES)]
    return "|".join(sorted(names, key=len, reverse=True))


_STEMS = ("key", "token", "pass", "pwd", "secret", "contras", "kennwort", "wachtwoord", "hasło",
          "haslo", "senha", "lösen", "losen", "adgangskode", "kodeord", "salasana", "heslo",
          "şifre", "sifre", "parola", "jelsz", "пароль", "비밀번호", "密码", "密碼", "パスワード",
          "pasuw", "pw", "pat")  # fmt: skip
# The prepositions between a secret's name and what it is for ("the password for the router
# is"), and the verbs that introduce it, in the languages of _FOREIGN_PASSWORD.
_FOR = (
    r"(?:for|of|to|on|für|fur|von|zum|zur|de|du|des|pour|para|del|della|per|voor|van|do|da|"
    r"dla|till|til|för|af|på|k|ke|ze|na|için|al|alla|di|от|для|от)"
)
_IS = r"(?:is now|is|was|reads|ist|lautet|war|est|es|era|è|jest|é|wa|は|är|er|je|to|on|是|为)"
_AFTER_STEM = re.compile(
    rf"[\wñ-]*[\"'\]]{{0,2}}\s*(?:{_FOR}\s+(?:[\w-]+\s+){{1,3}})?"
    rf"(?:[:=：]|{_IS}\s|[^\s]*\s+[^\s]*[0-9!@#$%^&*][^\s]*)"
)


def _named_value_near(lower: str) -> bool:
    """The cheap path: does any stem of a secret's name come right before ':', '=' or 'is'?
    (The full rule, case-insensitive with lookbehinds, costs ~0.1 ms on a long turn; "key" is
    in "PRIVATE KEY", "monkey" and "keyboard".)"""
    for stem in _STEMS:
        at = lower.find(stem)
        while at != -1:
            if _AFTER_STEM.match(lower, at + len(stem)):
                return True
            # or a made-up word soon after ("пароль от почты Gel@t05879*")
            if _MADE_UP_NEAR.search(lower, at + len(stem), at + len(stem) + 80):
                return True
            at = lower.find(stem, at + 1)
    return False


# "&user=42": the next pair of a query string, where a bare value ends ("&LA0a" is a
# password's own "&").
_QUERY_PAIR = re.compile(r"&[\w.\[\]-]+=")
_MADE_UP_NEAR = re.compile(r"(?<!\S)(?=\S*[a-z])(?=\S*[0-9!@#$%^&*])\S{8,}")


# A template's value in a config: ghp_xxxxxxxx, your-api-key-here, sk-...EXAMPLE.
_TEMPLATE = re.compile(r"(?i)xxxx|\byour[_-]|[_-]here\b|placeholder|example|\.\.\.|change-?me")


def stated(value: str) -> bool:
    """A value written out, not a template's ``USER:PASSWORD@``, ``${DB_PASSWORD}``,
    ``<password>`` or ``$TOKEN`` (URLs and command lines alike)."""
    placeholder = re.fullmatch(r"[^\W\d]+", value) is not None and value == value.upper()
    return not _not_a_value(value) and not placeholder  # TU_CONTRASEÑA, DB_PASSWORD


def _trim(text: str, start: int, end: int) -> tuple[int, int, str]:
    """A bare value without the sentence's punctuation after it ("... is hunter2."). A "!" or
    "?" stays in the span (a password may end with one; hiding a "!" more costs nothing) but
    not in the value judged (``Password: really!`` is not a secret)."""
    while end > start and text[end - 1] in ".:)]}":
        end -= 1
    return start, end, text[start:end].rstrip("!?")


_CLI_WORDS = (":3306:", "pass", "mysql", "mariadb", "-p", "--", "-u", "redis-cli", "--user",
              "-auth",
              "identified", "/user:", "password '", "requirepass", "masterauth", "nmcli",
              "net user", ":*:", ":5432:")  # fmt: skip
# A .pgpass line: host:port:database:user:password (a port, or * for any).
_PGPASS = re.compile(
    r"(?m)(?:^|(?<=[`'\"\s]))[\w.*-]+:(?:\d{2,5}|\*):[\w.*-]+:[\w.*@-]+:(?P<secret>[^\s`'\"]{4,})"
    r"(?=$|[`'\"\s])"
)


def _cli_passwords(text: str, lower: str) -> Iterator[Span]:
    if not any(w in lower for w in _CLI_WORDS):
        return
    for match in _CLI_PASSWORD.finditer(text):
        group = next(g for g, v in match.groupdict().items() if v)
        line = text[text.rfind("\n", 0, match.start()) + 1 : match.start()]
        if line.lstrip().startswith(("#", ";", "//")):
            continue  # "# requirepass foobared": a commented default, not one in use
        # (not a port, nor a mapping of ports: "docker run -p 5432:5432")
        if stated(match[group]) and not re.fullmatch(r"[\d:./-]+", match[group]):
            yield *match.span(group), "PASSWORD"
    for match in _PGPASS.finditer(text):
        if stated(match["secret"]):
            yield *match.span("secret"), "PASSWORD"


def _hmac_keys(text: str, lower: str) -> Iterator[Span]:
    if "hmac" not in lower and "fernet" not in lower:
        return
    for match in _HMAC_KEY.finditer(text):
        group = "secret" if match["secret"] else "node"
        if stated(match[group]):
            yield *match.span(group), "TOKEN"


def _cookies(text: str, lower: str) -> Iterator[Span]:
    if "cookie" not in lower and "sess" not in lower and "sid=" not in lower:
        return
    for match in _COOKIE.finditer(text):
        group = "secret" if match["secret"] else "jar"
        value = match[group].rstrip(";.,")
        # (a long value may still be a template's: "AUTH_TOKEN=your_auth_token_here")
        if (secretish(value) or len(value) >= 24) and not _TEMPLATE.search(value):
            yield match.start(group), match.start(group) + len(value), "TOKEN"


def _query_secrets(text: str, lower: str) -> Iterator[Span]:
    if "=" not in text or ("?" not in text and "&" not in text):
        return
    for match in _QUERY_SECRET.finditer(text):
        value = match["secret"]
        if secretish(value) and not _TEMPLATE.search(value):
            yield *match.span("secret"), "TOKEN"


def _twilio_tokens(text: str, lower: str) -> Iterator[Span]:
    if not _TWILIO_NEAR.search(text):
        return
    for match in _TWILIO_SECRET.finditer(text):
        yield *match.span(), "TOKEN"
    for match in _TWILIO_KEY_SECRET.finditer(text):
        if _mixed_base64(match[0]):  # an API key's secret: mixed case and digits
            yield *match.span(), "TOKEN"


def _keyword_rule() -> Finder:
    names = _names()
    # The name starts a word, follows a separator (DB_PASSWORD, client.secret) or a lower-case
    # letter as a capital (authToken); a few suffixes may follow (SECRET_KEY, token_secret).
    head = (
        rf"(?:(?<![A-Za-z0-9])|(?<=[_.-])|(?<=[a-z])(?-i:(?=[A-Z])))(?P<name>{names})"
        r"(?:[_-]?(?:key|token|secret|string|value|base))?(?:[_-]v\d{1,2})?"
    )
    # The value starts on the name's line: "KEY=" with nothing after it is empty, not the
    # next line. Quoted values may be long (an AWS session token is ~400 characters).
    assigned = re.compile(
        rf"(?i){head}[\"'\]]{{0,2}}[ \t]*(?P<op>:=|=>|==?|:)[ \t]*"
        r"(?:[bru]?(?P<q>[\"'`])(?P<quoted>(?:[^\"'`\r\n\\]|\\\r?\n|\\.){4,2000})(?P=q)"
        r"|(?P<bare>[^\s\"'`,;<>]{4,}))"
    )
    # "my password is X", "the admin password for the router is X", "it's now X", and the
    # same in other languages ("das Passwort für die FritzBox ist X").
    articles = r"(?:the|my|our|your|this|die|der|das|den|dem|la|le|les|el|il|mi|meine?|mon|ma|het)"
    spoken = re.compile(
        rf"(?i){head}(?:\s+{_FOR}(?:\s+{articles})?\s+[\w-]+"
        rf"(?:\s+[\w-]+){{0,3}}|(?:\s+[\w-]+){{1,2}})?\s+{_IS}\s*:?\s+[\"'`]?"
        r"(?P<secret>[^\s\"'`,;<>，；：！？、。]{6,})"
    )
    # "la contraseña Mariposa$2022": a foreign word for a password, then the password.
    foreign = "|".join(_FOREIGN_PASSWORD).replace("_?", "[ _-]?")
    # (Japanese: "パスワードは X", "pasuwādo wa X": the particle between.)
    direct = re.compile(
        rf"(?i)(?:(?<![\w-])(?:{foreign}|password|passwd|passphrase)|パスワード|密码|密碼|비밀번호)"
        r"(?:\s*は\s*[「『]?|\s*[는은]\s+|\s*[是为]\s*|\s+(?:wa|to|är|er|je|on)\s+|\s*[:：]\s*|"
        r"(?:\s+[^\s\d]{1,12}){0,4}\s+|\s+)[\"'`]?"
        r"(?P<secret>[^\s\"'`,;<>、。「」『』，；：！？（）]{6,})"
    )

    password_word = re.compile(rf"(?i)(?:{foreign})")

    def label_of(name: str) -> str:
        name = name.lower()
        if name in _PASSWORD_NAMES or "pass" in name or password_word.fullmatch(name):
            return "PASSWORD"
        return "TOKEN"

    def finder(text: str, lower: str) -> Iterator[Span]:
        if not _named_value_near(lower):
            return
        at = 0
        while (match := assigned.search(text, at)) is not None:
            at = match.end()
            if text[max(0, match.start() - 2) : match.start()].endswith(("$", "${")):
                continue  # $PWD:/app, ${TOKEN}: a variable read, not a value given
            start, end = match.span("quoted" if match["q"] else "bare")
            if not match["q"]:
                pair = _QUERY_PAIR.search(text, start, end)
                if match["op"] != ":" and pair is not None:
                    # a query string: auth_token=...&user=42 (its next pair is read next)
                    end = at = pair.start()
                if _TEMPLATE.search(text[start:end]):
                    continue  # sk_live_... : a template, its dots trimmed below
                start, end, value = _trim(text, start, end)
            else:
                value = text[start:end]
            label = label_of(match["name"])
            short = 4 if label == "PASSWORD" else 8
            if len(value) < short or _TEMPLATE.search(value):
                continue
            if _not_a_value(value, quoted=bool(match["q"])):
                continue
            if _reference(value) and not (match["q"] and "." in value):
                continue  # a reference (settings.SECRET_KEY), a placeholder ("REPLACE_ME")
            # "=" and quoted values are code or config: any value is one. After a bare ":"
            # ("Password: must be 8 characters") only one that does not read as prose.
            if match["op"] == ":" and not match["q"] and not secretish(value):
                continue
            yield start, end, label
        for match in spoken.finditer(text):
            start, end, value = _trim(text, *match.span("secret"))
            label = label_of(match["name"])
            if len(value) < (6 if label == "PASSWORD" else 12) or _not_a_value(value):
                continue
            # A passphrase of run-together words ("correcthorsebattery") is not prose either.
            if secretish(value) or (label == "PASSWORD" and len(value) >= 14):
                yield start, end, label
        for match in direct.finditer(text):
            start, end, value = _trim(text, *match.span("secret"))
            made_up = any(c.isdigit() for c in value) and any(c.isalpha() for c in value)
            # or random letters: "EgETijEooWUVz3ZY" (case changing at every few letters)
            changes = sum(a.isupper() != b.isupper() for a, b in itertools.pairwise(value))
            made_up = made_up or (len(value) >= 12 and changes >= 5)
            if len(value) >= 8 and made_up and secretish(value) and not _not_a_value(value):
                yield start, end, "PASSWORD"

    return finder


def secret_finders() -> list[Finder]:
    """Every finder of secrets, most specific first (an earlier one wins an overlap)."""
    return [
        Rule("PRIVATE_KEY", _PEM, needs=("private key",), check=_pem_body),
        Rule("PRIVATE_KEY", _PUTTY, needs=("putty-user-key-file",)),
        Rule("PRIVATE_KEY", _PEM_BASE64, needs=("ls0tls1crudjti",), check=_encoded_private_key),
        *_detect_secrets_rules(),
        Rule("API_KEY", _OWN_KEYS, widen=TOKEN_CHARS, check=real_token),
        Rule("TOKEN", _LIFELONG_TOKEN, needs=("llt_",)),
        Rule("TOKEN", _JWT, needs=("eyj",)),
        Rule("TOKEN", _JWT_WRAPPED, needs=("eyj",)),
        Rule("PASSWORD", _URL_PASSWORD, needs=("://",), check=stated),
        Rule("TOKEN", _BEARER, needs=("bearer",)),
        Rule("TOKEN", _BASIC, needs=("basic",)),
        Rule("TOKEN", _TOKEN_HEADER, needs=("authorization",)),
        Rule("TOKEN", _NAMED_PAIR, needs=("value",), check=stated),
        Rule("TOKEN", _BASIC_ANYWHERE, needs=("basic",), check=_user_and_password),
        Rule("TOKEN", _BARE_KEY, needs=("key", "secret"), check=_mixed_base64),
        Rule(
            "PASSWORD",
            _CALL_PAIR,
            needs=("define", "setenv", "putenv", "environmentvariable"),
            check=stated,
        ),
        Rule("API_KEY", _AWS_NAMED, needs=("secret",)),
        Rule("API_KEY", _AWS_ALONE, check=_mixed_base64),
        _cli_passwords,
        _hmac_keys,
        _cookies,
        _query_secrets,
        _twilio_tokens,
        _keyword_rule(),
    ]
