"""The scrubber's finders of secrets that carry no name beside them: tokens recognised by
their service's prefix, and the secrets people keep outside any service (wallet seed phrases,
recovery codes, recovery keys, authenticator seeds, password hashes, Wi-Fi and VPN keys,
webhook URLs). See :mod:`lifelong.learning.scrub.scrubber` for what is found and why.

The prefixed tokens are CredSweeper's (Samsung, MIT licence; ``credsweeper/rules/config.yaml``
of version 1.19.5): its rules of ``strong`` and ``moderate`` confidence that a prefix of the
service identifies. CredSweeper is no dependency: it pulls in onnxruntime, pandas and a dozen
parsers for its machine-learning filter; its value here is its list of the tokens' shapes.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from lifelong.learning.scrub.credentials import real_token, secretish, stated
from lifelong.learning.scrub.rules import Finder, Folded, Rule, Span

__all__ = ["prefixed_finders", "service_finders"]

# (prefix that must occur, lower-cased; the token's pattern). From CredSweeper 1.19.5.
_PREFIXED: tuple[tuple[str, str], ...] = (
    ("akab-", r"akab-[0-9a-z]{16}-[0-9a-z]{16}"),  # Akamai
    ("absk", r"ABSK[0-9A-Za-z/+]{28,800}"),  # Amazon Bedrock
    ("bedrock-api-key-", r"bedrock-api-key-[0-9A-Za-z/+]{28,800}"),
    ("da2-", r"da2-[a-z0-9]{26}"),  # AWS AppSync
    ("ltai", r"LTAI[0-9A-Za-z]{12,20}"),  # Alibaba
    ("amzn.mws.", r"amzn\.mws\.[0-9a-z]{8}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{12}"),
    ("dnkey-", r"dnkey-[A-Z2-7]{26}-[A-Z2-7]{52}"),  # Defined Networking
    ("dt0", r"dt0[a-z][0-9]{2}\.[0-9A-Z]{24}\.[0-9A-Z]{64}"),  # Dynatrace
    ("dp.", r"dp\.(?:pt|st|ct|sa|scim|audit)\.(?:\w{1,20}\.)?[0-9A-Za-z]{40,44}"),  # Doppler
    ("eaa", r"EAA[0-9A-Za-z]{80,800}"),  # Facebook / Meta access tokens
    ("gocspx-", r"GOCSPX-[0-9A-Za-z_-]{28}"),  # Google OAuth client secret
    ("ya29.", r"ya29\.[0-9A-Za-z_-]{22,8000}"),  # Google OAuth access token
    ("1//0", r"1//0[0-9A-Za-z_-]{80,8000}"),  # Google OAuth refresh token
    ("hrku-", r"HRKU-(?:[0-9A-Za-z_-]{60}|[0-9A-Fa-f]{8}(?:-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12})"),
    ("igqvj", r"IGQVJ[=0-9A-Za-z_-]{100,8000}"),  # Instagram
    (".local.", r"v[1-4]\.local\.[0-9A-Za-z_-]{15,8000}"),  # PASETO
    ("access_token$production$", r"access_token\$production\$[0-9a-z]{16}\$[0-9a-z]{32}"),
    ("clojars_", r"CLOJARS_[0-9a-f]{60}"),
    ("shp", r"shp(?:at|ca|pa|ss|tka)_[0-9A-Fa-f]{32}"),  # Shopify
    ("8q~", r"[0-9A-Za-z_~.-]{3}8Q~[0-9A-Za-z_~.-]{34}"),  # Azure client secret
    ("atbb", r"ATBB[0-9A-Za-z]{28,}"),  # Bitbucket app password
    ("atctt3xffgn0", r"ATCTT3xFfGN0[0-9A-Za-z_=-]{80,800}"),  # Bitbucket access token
    ("bbdc-", r"BBDC-[MNO][ADQTgjwz][AEIMQUYcgk][012345wxyz][0-9A-Za-z_-]{40}"),
    ("atatt3xffgf0", r"ATATT3xFfGF0[0-9A-Za-z_=-]{80,800}"),  # Atlassian API token
    ("ccipat_", r"CCIPAT_[0-9A-Za-z]{22}_[0-9a-f]{40}"),  # CircleCI
    ("_v1_", r"do[oprs]_v1_[a-f0-9]{64}"),  # DigitalOcean
    ("sl.", r"sl\.(?:u\.)?[0-9A-Za-z_-]{77,177}"),  # Dropbox
    ("oy2", r"oy2[a-z0-9]{43}"),  # NuGet
    ("gl", r"(?:gl(?:agent|soat|ffct|p[at]t|oas|cbt|imt|rtr|[dfrw]t)-)[0-9A-Za-z_-]{20,64}"),
    ("glc_", r"glc_eyJ[0-9A-Za-z_-]{80,360}"),  # Grafana
    ("glsa_", r"glsa_[0-9A-Za-z_-]{32}_[0-9A-Fa-f]{8}"),
    ("pscale_", r"pscale_(?:tkn|oauth|pw)_[.0-9A-Za-z_-]{32,64}"),  # PlanetScale
    ("nr", r"NRAK-[0-9A-Z]{27}|NRBR-[0-9a-f]{19,20}|NRII-[0-9A-Za-z_-]{25}|NRJS-[0-9a-z]{19}"),
    ("lin_api_", r"lin_api_[0-9A-Za-z]{40}"),  # Linear
    ("cf", r"cf(?:at|ut|k)_[0-9A-Za-z]{40}[0-9a-f]{8}"),  # Cloudflare
    ("age-secret-key-1", r"AGE-SECRET-KEY-1[0-9A-Z]{58}"),  # age
    (".atlasv1.", r"[0-9A-Za-z_-]{14}\.atlasv1\.[0-9A-Za-z_-]{60,}"),  # Terraform Cloud
    ("pat", r"pat[0-9A-Za-z]{14}\.[0-9a-f]{64}"),  # Airtable
    ("sk-or-v1-", r"sk-or-v1-[0-9a-f]{64}"),  # OpenRouter
    ("dckr_", r"dckr_[op]at_[0-9A-Za-z_-]{27,32}"),  # Docker
    ("swm", r"SWMTKN-1-[0-9a-z]{50}-[0-9a-z]{25}|SWMKEY-1-[0-9A-Za-z]{43}"),  # Docker Swarm
    ("xai-", r"xai-[0-9A-Za-z_-]{80}"),  # xAI
    ("ntn_", r"ntn_[0-9A-Za-z_-]{40,255}"),  # Notion
    ("secret_", r"secret_[0-9A-Za-z]{43}"),  # Notion (older integration secrets)
    ("pplx-", r"pplx-[0-9A-Za-z_-]{40,64}"),  # Perplexity
    ("tskey-", r"tskey-(?:api|auth|client|scim|webhook)-[0-9A-Za-z]{10,24}-[0-9A-Za-z]{28,40}"),
    ("cfpat-", r"CFPAT-[0-9A-Za-z_-]{43}"),  # Contentful
    ("pul-", r"pul-[0-9a-f]{40}"),  # Pulumi
    ("tvly-", r"tvly-[0-9A-Za-z_-]{32,40}"),  # Tavily
    ("figd_", r"figd_[0-9A-Za-z_-]{40}"),  # Figma
    ("ops_eyj", r"ops_eyJ[0-9A-Za-z_-]{168,8000}"),  # 1Password service account
    ("xkeysib-", r"xkeysib-[0-9a-f]{64}-[0-9A-Za-z_-]{16}"),  # Brevo
    ("tgp_v1_", r"tgp_v1_[0-9A-Za-z_-]{43}"),  # Together AI
    ("llx-", r"llx-[0-9A-Za-z_-]{48}"),  # LlamaCloud
    ("sq", r"sq[apu]_[0-9a-f]{40}"),  # SonarQube
    ("sntry", r"sntrys_eyJ[0-9A-Za-z_=-]{80,8000}|sntryu_[0-9a-f]{64}"),  # Sentry
    ("nyk_v0_", r"nyk_v0_[0-9A-Za-z_-]{64}"),  # Nylas
    ("waka_", r"waka_[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}"),  # WakaTime
    ("rgapi-", r"RGAPI-[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}"),  # Riot Games
    ("sgp_", r"sgp_(?:local_|[0-9a-f]{16}_)?[0-9a-f]{40}"),  # Sourcegraph
    ("tfp_", r"tfp_[0-9A-Za-z_-]{56,60}"),  # Typeform
    ("vcp_", r"vcp_[0-9A-Za-z]{56}"),  # Vercel
    ("nfp_", r"nfp_[0-9A-Za-z]{36}"),  # Netlify
    ("ph", r"ph[acrsx]_[0-9A-Za-z]{40,60}"),  # PostHog
    ("rubygems_", r"rubygems_[0-9a-f]{48}"),
    ("dapi", r"dapi[0-9a-f]{32}"),  # Databricks
    ("cosmo_", r"cosmo_[0-9a-f]{32}"),  # WunderGraph
    ("sbp_", r"sbp_(?:v0_)?[0-9a-f]{40}"),  # Supabase
    ("pma", r"PMAK-[0-9a-f]{24}-[0-9a-f]{34}|PMAT-[0-9A-Z]{26}"),  # Postman
    ("tlrmtvntuaa", r"TlRMTVNTUAA[BCD]AAAA[=0-9A-Za-z_/+-]{28,8000}"),  # NTLM
    ("aaaa", r"AAAA[0-9A-Za-z_-]{7}:APA91b[0-9A-Za-z_-]{100,}"),  # Firebase Cloud Messaging
    ("sk-", r"sk-[0-9a-f]{32,64}"),  # DeepSeek and other OpenAI-compatible providers
    ("re_", r"re_[0-9A-Za-z]{8}_[0-9A-Za-z]{24}"),  # Resend
    # Not in CredSweeper's list (the services' documented shapes):
    ("lsv2_", r"lsv2_(?:pt|sk)_[0-9a-f]{32}_[0-9a-f]{10}"),  # LangSmith
    ("pat-", r"pat-(?:na|eu|ap)\d-[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}"),  # HubSpot
    ("rzp_", r"rzp_(?:live|test)_[0-9A-Za-z]{14,}"),  # Razorpay
    ("akid", r"AKID[0-9A-Za-z]{32}"),  # Tencent Cloud
    ("y0_", r"y0_[0-9A-Za-z_-]{50,}"),  # Yandex OAuth
    ("live_", r"live_[0-9A-Za-z]{30}"),  # Mollie
    ("test_", r"test_[0-9A-Za-z]{30}"),
    ("gsk_", r"gsk_[0-9A-Za-z]{48,56}"),  # Groq
    ("r8_", r"r8_[0-9A-Za-z]{36,40}"),  # Replicate
    ("oauth:", r"oauth:[0-9a-z]{30}"),  # Twitch chat (IRC)
)


# A Google Chat webhook: its key and token are query parameters, the whole URL is the secret.
_GOOGLE_CHAT = re.compile(r"https://chat\.googleapis\.com/v1/spaces/[^\s\"'<>]*?token=[^\s\"'<>]+")


def prefixed_finders() -> list[Rule]:
    """One rule per service, each run only where its prefix occurs (one regex of them all
    would run on nearly every turn: "pat", "gl" and "ph" are in most sentences); and a Google
    Chat webhook, whole, before its key and token are found on their own."""
    return [Rule("TOKEN", _GOOGLE_CHAT, needs=("chat.googleapis.com",))] + [
        Rule("API_KEY", re.compile(rf"(?<![0-9A-Za-z_+/-])(?:{pattern})(?![0-9A-Za-z_-])"),
             needs=(prefix,), check=lambda v: len(set(v)) >= 10)
        for prefix, pattern in _PREFIXED
    ]  # fmt: skip


# -- secrets of no service ------------------------------------------------------------------


@functools.cache
def _seed_words() -> frozenset[str]:
    """The BIP-39 English word list (``mnemonic``'s): a wallet's seed phrase is 12 to 24 of
    them. (The other languages' lists hold their everyday words; seeds are English.)"""
    from mnemonic import Mnemonic

    return frozenset(Mnemonic("english").wordlist)


_TOKEN = re.compile(r"[^\s\"',:;{}\[\]]+")  # JSON's quotes and commas part words too
_NUMBERING = re.compile(r"\d{1,2}[.):]?")


def _seed_phrases(text: str, lower: str) -> Iterator[Span]:
    """Twelve or more BIP-39 words in a row (a numbering like "1." may stand between).
    Ordinary prose holds about one in two of them ("the", "is" and "a" are not in the
    list): twelve in a row is a seed, not a sentence."""
    words = _seed_words()
    run: list[tuple[int, int]] = []
    off_list = 0  # words of a run not in the list (a typo, a word misremembered): two at most
    for match in _TOKEN.finditer(text):
        raw = match[0]
        lead = len(raw) - len(raw.lstrip("\"'“”‘’«»([{"))
        token = raw[lead:].rstrip("\"'“”‘’«»)]},;:.!?")
        start = match.start() + lead
        known = token.lower() in words  # (an OCR'd card prints them in capitals)
        if known or (run and off_list < 2 and token.isalpha() and token.islower()
                     and 3 <= len(token) <= 8):  # fmt: skip
            off_list += not known
            run.append((start, start + len(token)))
            closing = text[match.end() : match.end() + 1] in ('"', "”", "'")
            if not raw.endswith(("»", ")", ".", "!", "?")) and not closing:
                continue  # the phrase goes on; a quote or a full stop ends it
            token = ""
        if _NUMBERING.fullmatch(token):
            continue
        yield from _seed_run(text, run, words)
        run, off_list = [], 0
    yield from _seed_run(text, run, words)


def _seed_run(text: str, run: list[tuple[int, int]], words: frozenset[str]) -> Iterator[Span]:
    """A run of at least twelve list words (words off the list at its end dropped)."""
    while run and text[run[-1][0] : run[-1][1]].lower() not in words:
        run = run[:-1]
    if sum(text[a:b].lower() in words for a, b in run) >= 12:
        yield run[0][0], run[-1][1], "PRIVATE_KEY"


# Recovery (backup) codes: four or more lines that are each one code ("ac7f6-b78a4",
# "1234 5678", "9F2K-8QW3"), or codes after the words for them.
_CODE_LINE = re.compile(
    r"(?m)^[ \t]*(?:[-*•]|\d{1,2}[.)])?[ \t]*(?P<code>[0-9a-zA-Z]{4,5}[- ][0-9a-zA-Z]{4,5}"
    r"|[0-9]{8}|[0-9a-z]{8,10})[ \t]*$"
)
_RECOVERY_WORDS = Folded(
    r"recovery|backup|wiederherstellung|récupération|recuperaci[óo]n|ripristino|"
    r"herstel|odzyskiwania|2fa|two-factor|mfa|codes?\b"
)


# ... or several on one line, between commas: "5182 5466, 4583 8700, 1587 8846, ..."
_CODE_IN_LIST = re.compile(
    r"(?<![\w-])(?:\d{4} \d{4}|[0-9a-z]{4,5}-[0-9a-z]{4,5})(?![\w-])(?=\s|,|$|\.)"
)


def _recovery_codes(text: str, lower: str) -> Iterator[Span]:
    if not _RECOVERY_WORDS.search(text, lower):
        return
    codes = [m for m in _CODE_LINE.finditer(text) if any(c.isdigit() for c in m["code"])]
    if len(codes) >= 4:
        for match in codes:
            yield *match.span("code"), "TOKEN"
    years = re.compile(r"(?:19|20)\d\d-(?:19|20)\d\d")  # "2023-2024, 2024-2025": no codes
    listed = [
        m for m in _CODE_IN_LIST.finditer(text)
        if any(c.isdigit() for c in m[0]) and not years.fullmatch(m[0])
    ]  # fmt: skip
    if len(listed) >= 4:
        for match in listed:
            yield *match.span(), "TOKEN"


_FIXED_SHAPES = re.compile(
    # BitLocker recovery key: eight groups of six digits.
    r"(?<![\d-])\d{6}(?:-\d{6}){7}(?![\d-])"
    # 1Password Secret Key: A3-XXXXXX-XXXXXX-XXXXX-XXXXX-XXXXX-XXXXX.
    r"|\bA3-[A-Z0-9]{6}-[A-Z0-9]{5,6}(?:-[A-Z0-9]{5}){4}\b"
    # macOS FileVault recovery key: six groups of four; a product key or a Microsoft account's
    # recovery code: five groups of five.
    r"|(?<![\w-])[A-Z0-9]{4}(?:-[A-Z0-9]{4}){5}(?![\w-])"
    r"|(?<![\w-])[A-Z0-9]{5}(?:-[A-Z0-9]{5}){4}(?![\w-])"
)


def _fixed_shape_ok(value: str) -> bool:
    return any(c.isdigit() for c in value) and len(set(value.replace("-", ""))) >= 6


# An authenticator's setup key written in groups ("6x4t 4epl as3f wsuz ..."), next to the
# words that say what it is; otpauth:// URIs carry it as ?secret= (the query rule finds that).
_TOTP_WORDS = Folded(
    r"authenticator|2fa|two-factor|totp|\botp\b|setup key|secret key|mfa|authy|pyotp|"
    r"einrichtungsschl|schlüssel|clé|clave|chiave|sleutel|klucz"
)
_TOTP_GROUPS = re.compile(r"(?<![\w])(?:[a-z2-7]{4}[ ]){3,7}[a-z2-7]{4}(?![\w])|"
                          r"(?<![\w])(?:[A-Z2-7]{4}[ ]){3,7}[A-Z2-7]{4}(?![\w])")  # fmt: skip


_TOTP_RUN = re.compile(r"(?<![0-9A-Za-z])[A-Z2-7]{16,64}(?![0-9A-Za-z])")


def _totp_seeds(text: str, lower: str) -> Iterator[Span]:
    if not _TOTP_WORDS.search(text, lower):
        return
    for match in _TOTP_RUN.finditer(text):
        if sum(c in "234567" for c in match[0]) >= 1 and len(set(match[0])) >= 10:
            yield *match.span(), "TOKEN"
    for match in _TOTP_GROUPS.finditer(text):
        if sum(c in "234567" for c in match[0]) >= 2:
            yield *match.span(), "TOKEN"


# A Bitcoin private key in wallet import format (base58 with a checksum: checked), an
# Ethereum one (0x + 64 hex) after the words for it, a Solana keypair file (64 bytes as JSON).
_WIF = re.compile(
    r"(?<![1-9A-Za-z])(?:[5KL][1-9A-HJ-NP-Za-km-z]{50,51}|[xtyzuv]prv[1-9A-HJ-NP-Za-km-z]{100,112})"
    r"(?![1-9A-Za-z])"
)
# A Solana secret key exported as base58 (64 bytes: 87-88 characters) where the words say it
# is a private one (a transaction's signature has the same length, and is public).
_BASE58_SECRET = re.compile(r"(?<![1-9A-Za-z])[1-9A-HJ-NP-Za-km-z]{85,90}(?![1-9A-Za-z])")
_PRIVATE_WORDS = Folded(
    r"private|privad|privé|privat|özel anahtar|secret key|私钥|秘密鍵|приватн|개인 ?키|export"
)
_ETH_KEY = re.compile(
    r"(?i)(?:private[ _-]?key|wallet\(|fromprivatekey|signer\(|accounts\s*:\s*\[)\W{0,20}"
    r"(?P<secret>(?:0x)?[0-9a-f]{64})\b"
)
_SOLANA = re.compile(r"\[\s*(?:\d{1,3}\s*,\s*){63}\d{1,3}\s*\]")
_BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def _base58_checked(value: str) -> bool:
    import hashlib

    number = 0
    for char in value:
        number = number * 58 + _BASE58.index(char)
    raw = number.to_bytes((number.bit_length() + 7) // 8, "big")
    payload, check = raw[:-4], raw[-4:]
    return hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4] == check


def _wallet_keys(text: str, lower: str) -> Iterator[Span]:
    for match in _WIF.finditer(text):
        if _base58_checked(match[0]):
            yield *match.span(), "PRIVATE_KEY"
    if _PRIVATE_WORDS.search(text, lower):
        for match in _BASE58_SECRET.finditer(text):
            yield *match.span(), "PRIVATE_KEY"
    if any(w in lower for w in ("private", "wallet", "signer", "accounts")):
        for match in _ETH_KEY.finditer(text):
            yield *match.span("secret"), "PRIVATE_KEY"
    if text.count(",") >= 63:
        for match in _SOLANA.finditer(text):
            if all(int(n) < 256 for n in re.findall(r"\d+", match[0])):
                yield *match.span(), "PRIVATE_KEY"


# Password hashes: bcrypt, argon2, crypt(3)'s SHA and MD5 forms, Django's PBKDF2.
_HASH = re.compile(
    r"\$2[abxy]?\$\d{2}\$[./A-Za-z0-9]{53}"
    r"|\$argon2(?:id|i|d)\$v=\d+\$m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+"
    r"|\$[156]\$(?:rounds=\d+\$)?[./A-Za-z0-9]{1,16}\$[./A-Za-z0-9]{22,86}"
    r"|\b(?:pbkdf2_sha256|pbkdf2_sha1|argon2|bcrypt_sha256)\$[^\s$\"']+\$[^\s$\"']+\$[A-Za-z0-9+/=]{20,}"
)

# A Wi-Fi network's key: the QR code's text (WIFI:S:name;T:WPA;P:key;;) and wpa_supplicant's
# psk="..."; WireGuard's private and preshared keys.
_WIFI_QR = re.compile(r"WIFI:(?:[^;\n]*;)*?P:(?P<secret>(?:\\.|[^;\\\n])+);")
_PSK = re.compile(
    r"(?im)^\s*(?:psk|wpa_psk|sae_password)\s*=\s*(?:\"(?P<secret>[^\"\n]{8,63})\"|"
    r"(?P<hex>[0-9a-f]{64}))"
)
_WIREGUARD = re.compile(
    r"(?im)^\s*(?:PrivateKey|PresharedKey)\s*=\s*(?P<secret>[A-Za-z0-9+/]{42,43}=)"
)

# Webhook URLs whose path is the secret: Discord, Microsoft Teams (the office.com connector
# and Power Automate's), Google Chat (its key and token are query parameters: found there).
_WEBHOOK = re.compile(
    r"(?P<secret>(?:https?://)?(?:[\w-]+\.)?discord(?:app)?\.com/api/webhooks/\d{16,22}/"
    r"[0-9A-Za-z_-]{40,100})"
    r"|(?P<teams>(?:https?://)?[\w-]+\.webhook\.office\.com/webhookb2/[^\s\"'<>]{40,})"
    r"|/workflows/[0-9a-f]{32}/triggers/manual/paths/invoke\?[^\s\"'<>]*?sig=(?P<flow>[^&\s\"'<>]+)"
    r"|(?P<zapier>(?:https?://)?hooks\.zapier\.com/hooks/catch/\d+/\w+/?)"
    r"|maker\.ifttt\.com/trigger/[\w-]+/with/key/(?P<ifttt>[\w-]{16,})"
)

# A Terraform variable named like a secret, with its value as the default:
# variable "heroku_api_key" { sensitive = true  default = "..." }.
_TF_VARIABLE = re.compile(
    r"(?is)variable\s+\"[\w-]*(?:key|token|secret|password|passwd|credential)[\w-]*\"\s*\{"
    r"[^{}]*?\bdefault\s*=\s*\"(?P<secret>[^\"\n]{8,})\""
)

# A key id and its secret handed together: oss2.Auth('LTAI...', '<secret>'),
# razorpay.Client(auth=("rzp_live_...", "<secret>")).
_ID_THEN_SECRET = re.compile(
    r"['\"](?:LTAI|AKIA|AKID|rzp_(?:live|test)_)[0-9A-Za-z_]{10,}['\"]\s*,\s*['\"]"
    r"(?P<secret>[0-9A-Za-z/+=_-]{16,})['\"]"
    r"|algoliasearch\(\s*['\"][A-Z0-9]{10}['\"]\s*,\s*['\"](?P<algolia>[a-f0-9]{32})['\"]"
    r"|(?:alchemy\.com|infura\.io)/v\d/(?P<node>[A-Za-z0-9_-]{20,})"
)
# "avec la clé <key>", "la chiave è <key>", "ключ: <key>", "APIキーは <key>", "密钥是 <key>".
_KEY_WORD = re.compile(
    r"(?i)(?:cl[ée]f?|clave|chiave|schlüssel|sleutel|klucz\w*|ключ\w*|キー|密钥|秘钥|키)"
    r"(?:\s*(?:api|d'api|de api))?\s*(?:[:=：]|est|es|è|ist|is|是|は|:)?\s*[\"'`「]?"
    r"(?P<secret>[0-9A-Za-z_\-]{20,})"
)
# A Wi-Fi key by its name (on a router's sticker: "WLAN-Netzwerkschlüssel (WPA2): 8777 6741
# 9746 8534 6778"), and as `netsh wlan show profile key=clear` prints it.
_WIFI_KEY = re.compile(
    r"(?im)(?:wlan|wifi|wi-fi|wpa2?|network|netzwerk)[\w-]*[ -]?(?:schlüssel|key|password|passwort|"
    r"kennwort|clé|clave)\b[^\n:]{0,12}:\s*(?P<secret>(?:\d{4} ){3,}\d{4}|[^\s]{8,63})"
    r"|^\s*(?:key content|schlüsselinhalt|contenu de la clé|contenido de la clave|"
    r"contenuto chiave)\s*:\s*(?P<netsh>\S[^\n]{6,62}?)\s*$"
)
# An INI / rclone / .cfg line naming a key, with a random value: "key = K00/zMN7Q...".
_INI_KEY = re.compile(
    r"(?im)^\s*(?:key|secret|token|api_key|access_key|secret_key|app_key)\s*=\s*"
    r"(?P<secret>(?=\S*\d)(?=\S*[A-Z])(?=\S*[a-z])[A-Za-z0-9/+=_.-]{16,})\s*$"
)

# strongSwan's ipsec.secrets (: PSK "..."), an OpenVPN static key block.
_PSK_LINE = re.compile(r"(?i):\s*PSK\s+\"(?P<secret>[^\"\n]{6,})\"")
_OPENVPN = re.compile(
    r"-----BEGIN OpenVPN Static key V1-----.*?(?:-----END OpenVPN Static key V1-----|\Z)",
    re.DOTALL,
)

# Okta's API token scheme, AWS / Google signed URLs' signatures and credentials.
_SSWS = re.compile(r"\bSSWS\s+(?P<secret>[0-9A-Za-z_-]{30,})")
_SIGNED_URL = re.compile(
    r"(?i)[?&]x-(?:amz|goog)-(?:signature|credential|security-token)=(?P<secret>[^&\s\"'<>]{16,})"
)

# A token handed to a command: ngrok config add-authtoken X, doctl auth init --access-token X,
# wandb login X, gh auth login --with-token, heroku authorizations, vercel --token X.
_CLI_TOKEN = re.compile(
    r"(?i)\b(?:add-authtoken|authtoken|--access-token|--auth-token|--token|--api-token|"
    r"--api-key|--apikey)[ =]+[\"']?(?P<secret>[0-9A-Za-z_.\-]{20,})"
    r"|\b(?:wandb|huggingface-cli|hf|cml|vercel|netlify|fly|flyctl|railway)\s+(?:auth\s+)?"
    r"login\s+(?:--token\s+)?(?P<login>[0-9A-Za-z_\-]{20,})"
)
# ~/.netrc: "machine HOST login NAME password SECRET", on one line or several.
_NETRC = re.compile(r"(?i)\bpassword[ \t]+(?P<secret>\S{6,})")
# A registry credential in a Docker config ("auth": base64 of user:password), a JSON key,
# token or secret given as a random string ({"username": "...", "key": "c55e..."}).
_JSON_SECRET = re.compile(
    r"(?i)\"(?:auth|key|secret|token|apikey|api_key|identitytoken)\"\s*:\s*\""
    r"(?P<secret>[0-9A-Za-z_+/=.\-]{20,})\""
)


def _random(value: str) -> bool:
    """Letters and digits mixed, as a generated token is, with many distinct characters."""
    return (
        any(c.isdigit() for c in value)
        and any(c.isalpha() for c in value)
        and len(set(value)) >= 10
        and real_token(value)
    )


def _key_words(text: str, lower: str) -> Iterator[Span]:
    if not any(w in lower for w in ("cl", "chiave", "schlüssel", "sleutel", "klucz", "ключ",
                                    "キー", "密钥", "秘钥", "키")):  # fmt: skip
        return
    for match in _KEY_WORD.finditer(text):
        value = match["secret"]
        if _random(value) and any(c.isupper() for c in value) and any(c.islower() for c in value):
            yield *match.span("secret"), "API_KEY"


def _cli_tokens(text: str, lower: str) -> Iterator[Span]:
    if "token" not in lower and "login" not in lower and "key" not in lower:
        return
    for match in _CLI_TOKEN.finditer(text):
        group = "secret" if match["secret"] else "login"
        if _random(match[group]):
            yield *match.span(group), "TOKEN"


def _netrc(text: str, lower: str) -> Iterator[Span]:
    if "machine" not in lower or "password" not in lower:
        return
    for match in _NETRC.finditer(text):
        if re.search(r"(?i)\bmachine\s+\S+", text[max(0, match.start() - 200) : match.start()]):
            yield *match.span("secret"), "PASSWORD"


# Base64 that decodes to credentials: "user:password", or JSON / text naming a password.
_BASE64_RUN = re.compile(r"(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/]{16,}={0,2}(?![A-Za-z0-9+/=_-])")
_CREDENTIAL_WORDS = re.compile(rb"(?i)pass(?:word|wd)?|secret|token|api_?key|private")


def _encoded_credentials(text: str, lower: str) -> Iterator[Span]:
    import base64
    import binascii

    for match in _BASE64_RUN.finditer(text):
        blob = match[0]
        if not (any(c.isdigit() for c in blob) and any(c.isupper() for c in blob)):
            continue
        try:
            raw = base64.b64decode(blob + "=" * (-len(blob) % 4), validate=True)
        except (binascii.Error, ValueError):
            continue
        if not raw.isascii() or not raw.decode().isprintable():
            continue  # random bytes (a key, an image), or not text
        pair = re.fullmatch(rb"[\w.@-]{2,64}:(\S{6,})", raw)
        if pair is not None or _CREDENTIAL_WORDS.search(raw):
            yield *match.span(), "TOKEN"


def _json_secrets(text: str, lower: str) -> Iterator[Span]:
    if '"' not in text:
        return
    for match in _JSON_SECRET.finditer(text):
        value = match["secret"]
        if re.fullmatch(r"[a-z]+(?:[_.-][a-z0-9]+)+", value):
            continue  # "welcome_message_title_2": a name, not a token
        if _random(value) or (value.endswith("=") and len(value) >= 24):
            yield *match.span("secret"), "TOKEN"


# A template's slot, not a value: "P:<password>;", "token: {your_token}".
_TEMPLATE = re.compile(r"<[^<>]{1,40}>|\{[^{}]{1,40}\}|\[[^\[\]]{1,40}\]")


def _named_groups(pattern: re.Pattern[str], label: str, *needs: str) -> Finder:
    """A regex whose first named group that matched is the secret."""

    def finder(text: str, lower: str) -> Iterator[Span]:
        if needs and not any(n in lower for n in needs):
            return
        for match in pattern.finditer(text):
            group = next((g for g, v in match.groupdict().items() if v), None)
            if group is not None and not _TEMPLATE.fullmatch(match[group]):
                yield *match.span(group), label

    return finder


# <password>...</password> (Maven's settings.xml, NuGet, app configs), a JDBC / sqlplus Oracle
# user/password@host, PowerShell's ConvertTo-SecureString 'secret', "login: admin / secret".
_XML_SECRET = re.compile(
    r"(?i)<(?P<tag>password|passwd|pwd|secret|token|api_?key|apikey|access_?key|secret_?key|"
    r"private_?key|client_?secret|passphrase)>(?P<secret>[^<\n]{4,})</(?P=tag)>"
)
_LOGIN_PAIR = re.compile(
    r"(?i)jdbc:oracle:\w+:[^/\s\"']+/(?P<secret>[^@\s\"']{4,})@"
    r"|\bsqlplus\s+[^/\s]+/(?P<sqlplus>[^@\s]{4,})@"
    r"|ConvertTo-SecureString\s+(?:-String\s+)?['\"](?P<ps>[^'\"\n]{4,})['\"]"
    r"|\b(?:login|credentials?|user(?:name)?\s*/\s*pass(?:word)?)\s*:\s*[\w.@-]+\s+/\s+"
    r"(?P<pair>\S{6,})"
)


# A word that can only be a made-up password: upper and lower case, a digit and a symbol.
# It ends at CJK punctuation too, as at a space (a Chinese sentence is no one word).
_W = r"[^\s、。，；：！？（）「」『』【】]"  # a character of a word
_PASSWORD_SHAPED = re.compile(
    rf"(?<!{_W})[\"'“]?(?P<secret>(?={_W}*[a-z])(?={_W}*[A-Z])(?={_W}*\d)"
    rf"(?={_W}*[!@#$%^&*?~+=]|(?:{_W}*\d){{2}}{_W}*[._-]|{_W}*[._-](?:{_W}*\d){{2}})"
    rf"(?:(?![\"'”/\\]){_W}){{8,64}}?)[\"'”]?[.,;:)]?(?!{_W})"
)
_TALKS_OF_PASSWORDS = Folded(
    r"pass\s?words?|passwort|kennwort|mot de passe|contrase[ñn]a|wachtwoord|has[łl]o|"
    r"senha|l[öo]senord|adgangskode|passord|salasana|heslo|şifre|parola|jelsz[óo]|пароль|"
    r"비밀번호|密码|密碼|パスワード|\bpw\b|\bpwd\b|log ?in|sign ?in|كلمة المرور|كلمة السر|"
    r"كلمة مرور|كلمة سر|סיסמ|"
    r"पासवर्ड|κωδικ|mật khẩu|kata sandi|รหัสผ่าน|passphrase|master password|парол"
)


# An armored block (a public key, a certificate): its lines are base64, not passwords.
_ARMORED = re.compile(r"-----BEGIN [A-Z ]+-----.*?(?:-----END [A-Z ]+-----|$)", re.DOTALL)


def _password_shaped(text: str, lower: str) -> Iterator[Span]:
    if not _TALKS_OF_PASSWORDS.search(text, lower):
        return
    armored = [m.span() for m in _ARMORED.finditer(text)] if "-----BEGIN" in text else []
    for match in _PASSWORD_SHAPED.finditer(text):
        value = match["secret"]
        if "://" in value or re.search(r"@[\w-]+\.\w", value):
            continue  # a URL or an e-mail address
        if any(start <= match.start() < end for start, end in armored):
            continue
        yield *match.span("secret"), "PASSWORD"


def _login_pairs(text: str, lower: str) -> Iterator[Span]:
    if "<" in text and (">" in text):
        for match in _XML_SECRET.finditer(text):
            if stated(match["secret"]):
                yield *match.span("secret"), "PASSWORD"
    if not any(w in lower for w in ("jdbc:oracle", "sqlplus", "securestring", "login", "cred",
                                    "user")):  # fmt: skip
        return
    for match in _LOGIN_PAIR.finditer(text):
        group = next(g for g, v in match.groupdict().items() if v)
        if stated(match[group]) and (group != "pair" or secretish(match[group])):
            yield *match.span(group), "PASSWORD"


def service_finders() -> list[Finder]:
    """Every finder of this module, most specific first."""
    return [
        Rule("TOKEN", _FIXED_SHAPES, check=_fixed_shape_ok),
        Rule("PASSWORD", _HASH, needs=("$",)),
        _named_groups(_WEBHOOK, "TOKEN", "webhook", "/workflows/", "zapier", "ifttt"),
        _named_groups(_TF_VARIABLE, "TOKEN", "variable"),
        _named_groups(
            _ID_THEN_SECRET,
            "TOKEN",
            "ltai",
            "akia",
            "akid",
            "rzp_",
            "algolia",
            "alchemy.com",
            "infura.io",
        ),
        _named_groups(
            _WIFI_KEY,
            "PASSWORD",
            "wlan",
            "wifi",
            "wi-fi",
            "wpa",
            "network",
            "netzwerk",
            "key content",
            "schlüsselinhalt",
            "contenu de la cl",
            "contenido de la clave",
        ),
        _named_groups(_INI_KEY, "TOKEN", "key", "secret", "token"),
        _named_groups(_PSK_LINE, "PASSWORD", "psk"),
        Rule("PRIVATE_KEY", _OPENVPN, needs=("openvpn static key",)),
        _key_words,
        _wallet_keys,
        _named_groups(_WIFI_QR, "PASSWORD", "wifi:"),
        _named_groups(_PSK, "PASSWORD", "psk", "sae_password"),
        _named_groups(_WIREGUARD, "PRIVATE_KEY", "key"),
        _named_groups(_SSWS, "TOKEN", "ssws"),
        _named_groups(_SIGNED_URL, "TOKEN", "x-amz-", "x-goog-"),
        _login_pairs,
        _password_shaped,
        _cli_tokens,
        _netrc,
        _json_secrets,
        _encoded_credentials,
        _recovery_codes,
        _totp_seeds,
        _seed_phrases,
    ]
