"""Secrets where programs, printed labels and mails keep them, by where they stand rather than
by a word before them: the password handed to a database's connect call by position
(``new PDO($dsn, 'user', 'pass')``, ``mysqli_connect('host', 'user', 'pass', 'db')``,
``DriverManager.getConnection(url, "user", "pass")``), a password manager's export (KeePass
XML's ``<Key>Password</Key><Value>...``), an API key kept as Postman's ``{"key": "key",
"value": ...}``, a router's sticker ("Wireless Key: ...", "WPA Key", "Network Key", read by
OCR as "Wire1ess"), a mail's one-time login link (``.../login/magic?t=...``) and access code
("Toegangscode: U99NATQY"), and a Google app password (four groups of four letters after
"app password", in the languages of its settings page).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lifelong.learning.scrub.credentials import stated
from lifelong.learning.scrub.rules import Finder, Folded, Rule, Span

__all__ = ["record_finders"]

# The password as a connect call's third argument (PDO, mysqli, JDBC, mysql.connector's
# positional form), when the first two are a DSN or host and a user.
_CONNECT_CALL = re.compile(
    r"(?:new\s+PDO|new\s+mysqli|mysqli_connect|mysql_connect|mysqli_real_connect|"
    r"getConnection|pg_connect|MySQLdb\.connect|pymysql\.connect|DriverManager\.getConnection)"
    r"\s*\(\s*(?:\$?\w+\s*,\s*)?(?:['\"][^'\"\n]*['\"]\s*,\s*){1,2}"
    r"['\"](?P<secret>[^'\"\n]{4,})['\"]"
)
# Oracle's tools take the login as "user/password@connect": sqlplus -s scott/tiger@//db:1521/X.
_ORACLE_LOGIN = re.compile(
    r"(?i)\b(?:sqlplus|sqlcl|sql|rman|expdp|impdp|exp|imp|sqlldr|dgmgrl)(?:\s+-\w+)*\s+"
    r"[\w$#.]+/(?P<secret>[^\s@/\\\"']{3,64})@"
)
# KeePass's XML export: the value of the entry's Password string.
_KEEPASS = re.compile(
    r"<Key>\s*(?:Password|Passwort|Mot de passe|Contraseña|Senha)\s*</Key>\s*"
    r"<Value(?:\s[^>]*)?>(?P<secret>[^<\n]{4,})</Value>"
)
# Postman's and Insomnia's key / value pairs, a header or a parameter named "key" or "apikey".
_KEY_PAIR = re.compile(
    r"(?i)[\"']key[\"']\s*:\s*[\"'](?:key|apikey|x-api-key|api-key|auth|authorization|"
    r"access_token|secret)[\"']\s*,\s*[\"']value[\"']\s*:\s*[\"'](?P<secret>[A-Za-z0-9._~+/=-]{16,})"
    r"[\"']"
)
# A router's label: the Wi-Fi key under its name (an OCR'd "1" for an "l" among its letters).
_STICKER = re.compile(
    r"(?i)(?:wire[l1I]ess|network|wpa2?|wi-?fi|wlan|wifi)[ -]?(?:key|passwor[dt]|passphrase|"
    r"pass|schlüssel|clé|clave|chave|sleutel|kod|klucz)\s*[:=]\s*(?P<secret>[^\s:]{8,63})(?=\s|$)"
)
# A mail's one-time login link: the token in its query, on a login, magic-link or verify path.
_LOGIN_LINK = re.compile(
    r"(?i)https?://[^\s?#]*(?:login|log-in|signin|sign-in|magic|auth|verify|confirm|activate|"
    r"reset|connexion|anmeld|acceso|accesso)[^\s?#]*\?(?:[^\s#=&]+=[^\s#&]*&)*?"
    r"(?:t|tk|token|code|key|otp|login_token|magic|auth|sig|hash)="
    r"(?P<secret>[A-Za-z0-9._~%-]{20,})"
)
# An access code sent by mail to open documents or a portal.
_ACCESS_CODE = re.compile(
    r"(?i)(?:access code|toegangscode|zugangscode|code d'acc[èe]s|c[óo]digo de acceso|"
    r"codice di accesso|kod dost[ęe]pu|c[óo]digo de acesso|eri[şs]im kodu|код доступа)"
    r"\s*[:：]\s*(?P<secret>(?-i:(?=[A-Z0-9]*\d)(?=[A-Z0-9]*[A-Z])[A-Z0-9]{6,16}))(?![\w-])"
)
_APP_WORD = Folded(
    r"app[ -]?passwor[dt]|app-specific password|anwendungspasswort|mot de passe d'application|"
    r"contraseña de (?:la )?aplicaci[óo]n|senha de app|senha do app|senha de aplicativo|"
    r"wachtwoord voor apps|app-wachtwoord|hasło (?:do )?aplikacji|uygulama şifresi|"
    r"пароль (?:для )?приложени[яй]|アプリ ?パスワード|앱 비밀번호|应用专用密码|應用程式密碼|"
    r"mật khẩu ứng dụng|sandi aplikasi|password aplikasi|password per le app"
)
_APP_PASSWORD = re.compile(
    r"(?<![A-Za-z])(?P<value>[a-z]{4}( ?)[a-z]{4}\2[a-z]{4}\2[a-z]{4})(?![A-Za-z])"
)


def _app_passwords(text: str, lower: str) -> Iterator[Span]:
    for word in _APP_WORD.finditer(text, lower):
        match = _APP_PASSWORD.search(text, word.end(), min(len(text), word.end() + 60))
        if match is not None:
            yield *match.span("value"), "PASSWORD"


def record_finders() -> list[Finder]:
    """Every finder of this module."""
    return [
        Rule("PASSWORD", _CONNECT_CALL, check=stated, needs=("connect", "pdo", "mysqli")),
        Rule(
            "PASSWORD", _ORACLE_LOGIN, check=stated, needs=("sql", "rman", "exp", "imp", "dgmgrl")
        ),
        Rule("PASSWORD", _KEEPASS, check=stated, needs=("</key>",)),
        Rule("API_KEY", _KEY_PAIR, check=stated, needs=('"value"', "'value'")),
        Rule(
            "PASSWORD",
            _STICKER,
            check=stated,
            needs=("key", "pass", "schlüssel", "clé", "clave", "chave", "sleutel", "kod", "klucz"),
        ),
        Rule("TOKEN", _LOGIN_LINK, needs=("http",)),
        Rule("PASSWORD", _ACCESS_CODE, needs=("code", "código", "codice", "kod", "kodu", "код")),
        _app_passwords,
    ]
