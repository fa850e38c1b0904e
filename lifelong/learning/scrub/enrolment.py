"""Secrets handed over when an account is opened, recovered or secured: the token of a
password-reset, magic-login or activation link (in the link's path or its query, whatever the
parameter is called: ``/auth/magic/<token>``, ``/nueva-contrasena/<token>``, ``attiva?k=...``),
and an authenticator's key typed in by hand when the QR code will not scan ("キーを入力",
"enter a setup key", "ввести ключ вручную"): 16 to 64 characters of base32.

A link's token is only a secret where the link opens an account: its path or the words around
it say reset, login, activation or verification (in the languages people forward such mails
in); a document's or a video's id in a shared link is nobody's key.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lifelong.learning.scrub.credentials import real_token
from lifelong.learning.scrub.rules import Finder, Folded, Span

__all__ = ["enrolment_finders"]

_URL = re.compile(r"(?i)https?://[^\s\"'<>()\[\]{}“”«»]+")
# What a link that opens an account holds in its path or its query.
_LINK_PATH = re.compile(
    r"(?i)reset|magic|activat|attiva|ativa|activ|aktiv|verif|confirm|invit|token|auth|log-?in|"
    r"sign-?in|passw|contrase|senha|wachtwoord|haslo|has%c5%82o|sifre|parol|mot-de-passe|"
    r"motdepasse|kennwort|recover|recupera|wiederherstell|onboard|setup|claim|access|zugang|"
    r"acceso|accesso|acesso|connexion|anmeld|otp|sso|session|welcome|bienvenid|einladung"
)
# ... or the words about it: a link to reset, log in, activate, verify.
_LINK_WORDS = Folded(
    r"reset|magic link|log ?in|sign ?in|activat|attivazion|ativa[çc]|activaci|aktivier|verif|"
    r"confirm|invit|password|contrase[ñn]a|mot de passe|passwort|wachtwoord|has[łl]o|senha|"
    r"şifre|пароль|вход|войти|активац|восстанов|сброс|подтвержд|登录|登入|激活|重置|重設|"
    r"ログイン|認証|有効化|로그인|인증|활성화|kích hoạt|đăng nhập|aktivasi|masuk|تفعيل|دخول|"
    r"הפעלה|כניסה|सक्रिय|लॉगिन|giriş|doğrula|aktywac|logowan|accedi|accéder|acceder|anmeld"
)
# One piece of the link: a path segment or a query value.
_PIECE = re.compile(r"[A-Za-z0-9_~.%+-]{20,}")
_LOWER_RUN = re.compile(r"[a-z]{10,}")
_WORD_RUN = re.compile(r"[A-Za-z][a-z]{3,}")


def _token(piece: str) -> bool:
    """Generated, not written: digits and letters, many distinct characters, no long word,
    not a file's name."""
    digits = sum(c.isdigit() for c in piece)
    letters = sum(c.isalpha() for c in piece)
    if digits < 2 or letters < 6 or len(set(piece)) < 12 or not real_token(piece):
        return False
    if _LOWER_RUN.search(piece) or re.search(r"\.[a-z]{2,4}$", piece):
        return False  # "nueva-contrasena-confirmacion", "report-2024.pdf"
    if sum(len(run) for run in _WORD_RUN.findall(piece)) > 0.4 * len(piece):
        return False  # words run together: "Password_strength_and_entropy_2024"
    mixed = any(c.isupper() for c in piece) and any(c.islower() for c in piece)
    return mixed or digits >= 6


def _link_tokens(text: str, lower: str) -> Iterator[Span]:
    if "http" not in lower:
        return
    words: bool | None = None
    for url in _URL.finditer(text):
        link = url[0].rstrip(".,;:!?")
        host_end = link.find("/", link.find("//") + 2)
        if host_end == -1:
            continue
        rest = link[host_end:]
        if not _LINK_PATH.search(rest):
            if words is None:
                words = _LINK_WORDS.search(text, lower) is not None
            if not words:
                continue
        base = url.start() + host_end
        for piece in _PIECE.finditer(rest):
            if _token(piece[0]):
                yield base + piece.start(), base + piece.end(), "TOKEN"


# The words for two-step verification and for a key typed in by hand, in the languages of
# the apps' own screens.
_TWO_STEP = Folded(
    r"authenticator|2fa|mfa|totp|two[- ]?(?:step|factor)|2[- ]?(?:step|sv)|setup key|manual|"
    r"zwei-?(?:faktor|stufig)|2-?faktor|double authentification|deux facteurs|doble factor|"
    r"dos pasos|dois fatores|duas etapas|due fattori|due passaggi|tweestaps|twee-?factor|"
    r"dwuetapow|dwusk[łl]adnik|iki ad[ıi]ml[ıi]|iki fakt[öo]rl[üu]|двухфактор|двухэтап|"
    r"аутентификатор|двофактор|2段階|二段階|認証アプリ|キーを入力|セットアップキー|2단계|"
    r"인증 앱|설정 키|两步验证|二步验证|双重验证|身份验证器|兩步驟驗證|驗證器|"
    r"xác minh 2 bước|xác thực hai|verifikasi 2 langkah|التحقق بخطوتين|אימות דו|दो-चरण|"
    r"enter (?:a |the |this )?key|key manually|ключ вручную|clave manual|chiave manuale"
)
_BASE32 = re.compile(r"(?<![0-9A-Za-z])[A-Z2-7]{16,64}(?![0-9A-Za-z])")


def _typed_keys(text: str, lower: str) -> Iterator[Span]:
    runs = list(_BASE32.finditer(text))
    if not runs or not _TWO_STEP.search(text, lower):
        return
    for match in runs:
        value = match[0]
        digits = sum(c.isdigit() for c in value)
        if digits >= 2 and len(value) - digits >= 8 and len(set(value)) >= 10:
            yield *match.span(), "TOKEN"


# A recovery key, one of groups joined by dashes, after the words for one ("clé de secours :
# QW5E-...", "Wiederherstellungsschlüssel", "código de recuperación").
_RECOVERY_WORDS = Folded(
    r"recovery|backup|rescue|emergency|secours|r[ée]cup[ée]ration|wiederherstell|notfall|"
    r"recuperaci[óo]n|respaldo|recupero|recupera[çc][ãa]o|herstel|odzyskiw|kurtarma|yedek|"
    r"восстановлен|резервн|відновлен|復旧|回復|恢复|備用|备用|복구|khôi phục|pemulihan|"
    r"استرداد|שחזור|पुनर्प्राप्ति"
)
_GROUPED_KEY = re.compile(
    r"(?<![\w-])(?P<value>[A-Za-z0-9]{4,8}(?:-[A-Za-z0-9]{4,8}){2,7})(?![\w-])"
)
_UUID = re.compile(r"(?i)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _recovery_keys(text: str, lower: str) -> Iterator[Span]:
    if text.count("-") < 2:
        return
    for word in _RECOVERY_WORDS.finditer(text, lower):
        for match in _GROUPED_KEY.finditer(text, word.end(), min(len(text), word.end() + 60)):
            value = match["value"]
            digits = sum(c.isdigit() for c in value)
            letters = sum(c.isalpha() for c in value)
            if digits >= 3 and letters >= 3 and not _UUID.fullmatch(value):
                yield *match.span("value"), "TOKEN"


def enrolment_finders() -> list[Finder]:
    """Every finder of this module."""
    return [_link_tokens, _typed_keys, _recovery_keys]
