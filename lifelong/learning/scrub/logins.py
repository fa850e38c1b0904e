"""The scrubber's finders of what goes with a password: the user name it is typed with
("Username: jana.k88 / Password: ...", "docker login -u tomas77 -p ...", "login is
sora_91 / ..."), and the answers to security questions ("security answer 'Tante Ilse'").
See :mod:`lifelong.learning.scrub.scrubber`.

A user name alone is often a shared one ("admin", "root", "ubuntu"), so it goes only where
a password is named in the same turn, and only a personal-looking one: with a digit in it
("putri.santoso51", "tomas77"); "yuki.smith" beside a masked password is left, as a name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lifelong.learning.scrub.rules import Finder, Folded, Span

__all__ = ["login_finders"]

_PASSWORD_NEAR = Folded(
    r"pass|pwd|kennwort|mot de passe|contrase|senha|has[łl]o|wachtwoord|parol|şifre|sifre|"
    r"пароль|парол|密码|密碼|パスワード|비밀번호|סיסמ|كلمة|पासवर्ड|\s-p\s|\s-p['\"]"
)
# A user name's field or flag, in the languages people fill forms in.
_USER = Folded(
    r"(?:(?<![a-z])(?:user(?:\s?name)?|login(?: name)?|benutzer(?:name)?|nom d'utilisateur|"
    r"identifiant|usu[aá]rio|usuario|nombre de usuario|utente|gebruikersnaam|"
    r"kullan[ıi]c[ıi] ad[ıi]|"
    r"nazwa u[żz]ytkownika|u[żz]ytkownik|логин|имя пользователя|ユーザー名|用户名|用戶名|아이디|"
    r"שם משתמש|اسم المستخدم|ログインid|ユーザーid|账号|帳號|"
    # a bare "ID:" opening its line, as login forms in Japan and Korea label the user name
    # (not "Order ID:", which names a reference)
    r"(?:(?<=\n)|(?<![\s\S]))[ \t]*id)(?:\s+(?:is|ist|est|é|es))?\s*[:：=]|"
    r"\slogin\s+is|(?<![\w-])(?:-u|--user(?:name)?)(?:\s+|=)|"
    # "my login for the school portal: jdoe22 / ...", "creds to the NAS: ..."
    r"(?<![a-z])(?:login|logins|credentials|creds)\s+(?:for|to|at|on|of)\s+[^:：=\n]{1,40}[:：=])"
    r"\s*[\"'`]?"
)
# (a letter in it: "-u 1000:1000" is a user id and group)
_NAME_VALUE = re.compile(
    r"(?P<value>(?=[\w.@+-]*[A-Za-z])[A-Za-z0-9][\w.@+-]{2,40})(?P<rest>[^\n]{0,3})"
)


def _personal(value: str) -> bool:
    return any(c.isdigit() for c in value)


def _user_names(text: str, lower: str) -> Iterator[Span]:
    if "/" not in text and not _PASSWORD_NEAR.search(text, lower):
        return
    named = None
    for label in _USER.finditer(text, lower):
        match = _NAME_VALUE.match(text, label.end())
        if match is None:
            continue
        if named is None:
            named = _PASSWORD_NEAR.search(text, lower) is not None
        if not named and not match["rest"].lstrip().startswith("/"):
            continue  # no password named, nor one after it as "user / password"
        value = match["value"].rstrip(".")
        if "@" in value or not _personal(value):
            continue  # an e-mail is the e-mail finder's
        yield match.start("value"), match.start("value") + len(value), "USERNAME"


# A shared account pasted as its e-mail and then its password ("netflix: ana@x.com pass
# Barca2013", "... y contra Sergio2008.", "x@y.dk / Xmaradona8651x"): the value after the
# e-mail, past a slash or a short word for a password (with "and" before it, in a few
# languages), holding letters and digits.
_EMAIL_THEN = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"(?:\s*[/|]\s*|\s+(?:(?:and|y|e|et|und|og|och|en|i|ve|và|at)\s+)?"
    r"(?:pass(?:word)?|pw|pwd|contra|contraseña|clave|mdp|senha|mk|pass?ord|passwort|"
    r"kennwort|hasło|haslo|şifre|sifre|lösen|salasana|пароль|mật khẩu)\s*[:=]?\s*)"
    r"(?P<value>(?=[^\s@]*\d)(?=[^\s@]*[A-Za-z])[^\s@,;\"'()]{6,40}?)[.!?]?(?=[\s,;)]|$)",
    re.IGNORECASE,
)


def _email_passwords(text: str, lower: str) -> Iterator[Span]:
    if "@" not in text:
        return
    for match in _EMAIL_THEN.finditer(text):
        yield *match.span("value"), "PASSWORD"


# The answer to a security question, quoted or up to the end of its clause.
_ANSWER = Folded(
    r"(?:security|secret)\s+(?:question\s+)?answer|answer to (?:my |the )?security question|"
    r"sicherheitsantwort|antwort auf die sicherheitsfrage|r[ée]ponse secr[èe]te|"
    r"respuesta (?:de seguridad|secreta)|resposta (?:de seguran[çc]a|secreta)|"
    r"mother'?s maiden name|geburtsname der mutter"
)
_ANSWER_VALUE = re.compile(
    r"\s*(?:is\s+|ist\s+|est\s+|es\s+|é\s+|[:=]\s*)?(?:[\"'“‘«](?P<quoted>[^\"'”’»\n]{2,40})[\"'”’»]|"
    r"(?P<plain>[^\s,;.!?\"'][^,;.!?\n]{1,30}?)(?=[,;.!?\n]|$))"
)


def _security_answers(text: str, lower: str) -> Iterator[Span]:
    if (
        "answer" not in lower
        and "antwort" not in lower
        and "respuesta" not in lower
        and ("réponse" not in lower and "resposta" not in lower and "maiden" not in lower)
    ):
        return
    for name in _ANSWER.finditer(text, lower):
        match = _ANSWER_VALUE.match(text, name.end())
        if match is not None:
            group = "quoted" if match["quoted"] else "plain"
            yield *match.span(group), "PASSWORD"


def login_finders() -> list[Finder]:
    """Every finder of this module."""
    return [_user_names, _email_passwords, _security_answers]
