"""The scrubber's finders of secrets said in a sentence rather than set in a file: a password
near the word for one in ~40 languages (or with no word at all, when it holds every kind of
character), a one-time code near the words for one, a PIN, a token after its name with words
between ("client secret 9f2e...", "klucz Steam Web API to 4E1F..."), a login said as
"user / password", a session cookie's value, and recovery codes listed without their name.
See :mod:`lifelong.learning.scrub.scrubber` for what is found and why.

A chat user does not write ``password=...``: they write "rate my password: X", "my Gmail
password X, is it safe?", "la clave del wifi de casa es X", "the bank called and asked for
the code that came by SMS, it is 975457". Each finder here pairs the words that say what a
value is (in the languages people chat in) with the shape such a value has, and asks for the
stronger shape the farther the value stands from its words.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from lifelong.learning.scrub.credentials import real_token, secretish, stated
from lifelong.learning.scrub.documents import specimen
from lifelong.learning.scrub.rules import Finder, Folded, Span

__all__ = ["FUNCTION_WORDS", "IS_WORD", "PASSWORD_STEMS", "PASSWORD_WORD", "spoken_finders"]

# The words for a password (and a Wi-Fi network's, whose key is one) in the languages people
# chat in. "pin" and "code" are not here: they have finders of their own (digits only).
PASSWORD_WORD = Folded(
    r"pass\s?(?:word|w[öo]rt|phrase|code)|passwd|পাসওয়ার্ড|nenosiri|neno la siri|"
    r"(?<![a-z])pwd?(?![a-z])|kennwort|"
    r"palavras?-passe|mot[s]? de passe|(?<![a-z])mdp(?![a-z])|contrase[ñn]a|contrasenya|"
    r"(?<![a-z])clave(?![a-z])|"
    r"wachtwoord|has[łl]o|senha|l[öo]senord|adgangskode|kodeord|passord|salasana|salas[õo]na|"
    r"hesl[oaeu]|geslo|lozinka|parol[aăe]|şifre|sifre|jelsz[óo]|slapta[žz]od|пароль|парол|лозинк|"
    r"비밀번호|비번|암호|密码|密碼|口令|パスワード|暗証番号|كلمة (?:ال)?(?:مرور|سر)|"
    r"رمز (?:ال)?(?:عبور|مرور)|סיסמ|पासवर्ड|κωδικ|mật khẩu|kata (?:sandi|laluan)|รหัสผ่าน|"
    r"wi-?fi|wlan|باسورد|پسورد|پاس ?ورڈ|(?<![a-z])wpa\d?(?![a-z])|وای[\u200c ]?فای|"
    r"واي ?فاي|الواي ?فاي|"
    r"ไวไฟ|вай-?фай|პაროლ|գաղտնաբառ|şifrə|құпия ?сөз|нууц үг|fjalëkalim|lykilorð|wagwoord|"
    r"cyfrinair|pasahitz|gaghtnabar|கடவுச்சொல்|పాస్‌వర్డ్|මුරපදය|စကားဝှက်|ពាក្យសម្ងាត់|ລະຫັດຜ່ານ"
)
# The cheap path: one of these in the lower-cased turn before the regex above runs at all.
PASSWORD_STEMS = ("pass", "pwd", "pw", "kennwort", "mot de passe", "mots de passe", "mdp",
                   "contrase", "clave", "wachtwoord", "hasło", "haslo", "senha", "lösen", "losen",
                   "adgangskode", "kodeord", "passord", "salas", "hesl", "geslo", "lozinka",
                   "parol", "şifre", "sifre", "jelsz", "slapta", "пароль", "парол", "лозинк",
                   "비밀번호", "비번", "암호", "密码", "密碼", "口令", "パスワード", "暗証", "كلمة",
                   "رمز", "סיסמ", "पासवर्ड", "κωδικ", "mật khẩu", "kata sandi", "kata laluan",
                   "รหัสผ่าน", "wifi", "wi-fi", "wlan", "wpa", "পাসওয়ার্ড", "nenosiri",
                   "neno la siri", "باسورد", "پسورد", "ورڈ", "فای", "فاي", "ไวไฟ",
                   "вай", "პაროლ", "գաղտնաբառ", "şifrə", "құпия", "нууц үг", "fjalëkalim",
                   "lykilorð", "wagwoord", "cyfrinair", "pasahitz", "gaghtnabar", "கடவுச்சொல்",
                   "పాస్‌వర్డ్", "මුරපදය", "စကားဝှက်", "ពាក្យសម្ងាត់", "ລະຫັດຜ່ານ")  # fmt: skip
# A made-up word with a symbol in it or beside it: the no-word tier runs only where one is.
_SYMBOL_IN_WORD = re.compile(r"[A-Za-z0-9][#$%&*@~+=^!]|[#$%&*@~+=^][A-Za-z0-9]")
# "my", said after the word ("kata sandi saya X", "סיסמה שלי X", "пароль мой X").
_MINE = (
    r"(?:saya|aku|ku|my|mein\w*|mon|ma|mi|mio|mia|meu|minha|mijn|min|mitt|moje?|mój|benim|мой|"
    r"моя|của (?:tôi|mình|em|anh)|ของ(?:ฉัน|ผม|เรา)|שלי|الخاص(?:ة)? بي|بتاعي|मेरा|میرا|我的|私の|"
    r"제|내)"
)
# What stands between a password's word and its value: "is", ":" and their kin.
IS_WORD = (
    r"(?:is|was|are|=|:|：|-|—|–|est|c'est|c’est|es|era|ist|lautet|war|è|é|e|jest|to|je|er|är|"
    r"on|wa|dir|olan|это|будет|είναι|הוא|היא|هي|هو|là|adalah|ialah|yaitu|yakni|คือ|は|是|为|為|"
    r"ni|→|->|=>|არის|է|হলো|হল|হচ্ছে)"
)
# A value right after the word, or after a few words and then "is" or ":" ("la clave del wifi
# de casa es X", "my Gmail password is X"); "मेरा पासवर्ड X है", "パスワードはX" hold no space.
# (The rest of the word first: "הסיסמה", "passwords"; then, in a script written without
# spaces, what is glued to it: "รหัสผ่านของฉันคือ X".)
_SAID = re.compile(
    rf"(?i)[^\W\d_]*(?:[\u0e00-\u0e7f\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]{{1,12}}(?=[\s:：]))?"
    rf"(?:(?P<is>\s*[은는]\s*|\s*は\s*|\s*[:：]\s*|(?:\s+[^\s\d:：]{{1,20}}){{1,6}}?[:：]\s+|"
    # (farther, in the same sentence: "la clave del CRM para que llames hoy: X")
    rf"(?:\s+[^\s\d:：.!?。]{{1,20}}){{7,12}}?[:：]\s+|"
    rf"(?:\s+[^\s\d]{{1,20}}){{0,6}}?\s+{IS_WORD}"
    rf"\s*[:：]?\s+)|\s+(?:{_MINE}\s+)?)[\"'`“«「]?(?P<value>[^\s\"'`”»」,;，；、。()（）<>]{{6,64}})"
)
_AFTER_SCRIPT = re.compile(
    r"[^\W\d_]*(?:[ \u200c]+[^\x00-\x7f\s]+){1,4}[ \t]+(?P<value>[A-Za-z0-9][!-~]{5,63})(?=\s|$)"
)
# A passphrase of words joined by dots or dashes ("maple.orbit.candle.seven"): made up too.
_JOINED_WORDS = re.compile(r"[a-z]{3,12}(?:([.-])[a-z]{3,12})(?:\1[a-z]{3,12}){1,6}")
# ... or of words with spaces between ("Parola: river glass oven fiddle"): after ":" or "is",
# or after the word in another script ("पासवर्ड river glass oven fiddle है"), to the end of
# the line or of the Latin words; no word of a sentence among them ("is too long to type").
_SAID_PHRASE = re.compile(
    rf"(?i)[^\W\d_]*(?:(?P<is>\s*[:：]\s*|(?:\s+[^\s\d]{{1,20}}){{0,6}}?\s+{IS_WORD}\s*[:：]?\s+)|\s+)"
    r"(?P<value>(?-i:[a-z]{3,10}(?: [a-z]{2,10}){2,5}))(?=\s*(?:$|[\n.,;!?)]|[^\x00-\x7f]))"
)
FUNCTION_WORDS = frozenset((
    "is", "was", "the", "a", "an", "to", "too", "of", "and", "or", "not", "my", "your", "it",
    "its", "in", "on", "at", "for", "with", "from", "this", "that", "be", "are", "have", "has",
    "had", "will", "can", "you", "me", "we", "they", "he", "she", "but", "so", "if", "as", "by",
    "no", "yes", "do", "does", "did", "just", "very", "also", "then", "than", "when", "what",
    "how", "why", "where", "which", "who", "reset", "change", "changed", "wrong", "new", "old",
    "long", "short", "same", "different", "expired", "forgot", "forgotten",
))  # fmt: skip
# Famous passwords are examples, not anybody's secret: "P@ssw0rd and 123456 are the most
# common", "is qwerty123 weak?". Read with leetspeak undone.
_LEET = str.maketrans("@0134$57!", "aoieassti")
_FAMOUS = re.compile(
    r"passw|qwert|azert|letmein|welcome|iloveyou|admin|monkey|dragon|abc123|trustno|"
    r"sunshine|football|baseball|123456|changeme|default|example|secret"
)
_SYMBOLS = frozenset("!@#$%^&*?~+=_")


# A product's or a standard's name with its number: "iPhone15Pro", "Windows11", "WPA3-SAE".
_PRODUCT = re.compile(
    r"(?i)iphone|ipad|ipod|imac|macbook|galaxy|pixel|windows|office|xbox|playstation|surface|"
    r"thinkpad|kindle|android|macos|ubuntu|intel|ryzen|geforce|radeon|(?<![a-z])(?:rtx|gtx|wpa|"
    r"ps|gen|usb|lte)(?![a-z])|wi-?fi|bluetooth|model|version"
)


def _famous(value: str) -> bool:
    """A famous password or a product's name: an example, not anybody's secret."""
    return bool(_FAMOUS.search(value.lower().translate(_LEET)) or _PRODUCT.search(value))


def _made_up(value: str) -> bool:
    """A value no word of any language is: letters with digits, or case changing inside it
    ("EgETijEooWUVz3ZY"), or a symbol among letters."""
    if "://" in value or re.search(r"@[\w-]+\.\w", value) or value.startswith("@"):
        return False
    letters = any(c.isalpha() for c in value)
    digits = any(c.isdigit() for c in value)
    if letters and digits:
        return True
    changes = sum(a.isupper() != b.isupper() for a, b in itertools.pairwise(value))
    if letters and len(value) >= 12 and changes >= 4:
        return True
    return letters and any(c in _SYMBOLS for c in value.rstrip("!?"))


def _strong(value: str) -> bool:
    """What only a made-up password looks like, wherever it stands: letters and digits with a
    symbol inside it ("Warszawa75#"), or with capitals inside it ("BellaPikachu040",
    "v1V8hcJMfPL3p"). Not a product's name ("1Password", "Office365", "WPA3-Personal")."""
    if len(value) < 8 or "/" in value or "\\" in value or not _made_up(value):
        return False
    if not (any(c.isalpha() for c in value) and any(c.isdigit() for c in value)):
        return False
    inner = value[1:-1]
    if any(c in _SYMBOLS for c in inner) or value[-1] in "#$%&*@~+=_^":
        return True
    lower = sum(c.islower() for c in value)
    capitals = sum(c.isupper() for c in value[1:])
    digits = sum(c.isdigit() for c in value)
    # "BellaPikachu040": two capitalised words run together, then digits; "To9RhesF2TSUUm"
    changes = sum(a.isupper() != b.isupper() for a, b in itertools.pairwise(value))
    return lower >= 2 and ((capitals >= 1 and digits >= 2) or changes >= 4)


# A made-up value standing anywhere (no word for a password near it) must also be a lone
# word of prose: not code, a path, an e-mail or a product's version.
_LONE_WORD = re.compile(
    r"(?<![\w@#$%^&*?~+=/\\.:-])[\"'“«]?(?P<value>[A-Za-z0-9!@#$%^&*?~+=_.-]{8,40})[\"'”»]?"
    r"(?=[\s,;:.!?)]|$)"
)
# A Wi-Fi network's name beside its key: "TP-Link_5G_82C1", "FRITZ!Box 7590", "SSID: ...".
_NETWORK_NAME = re.compile(
    r"(?i)ssid|network|netzwerk|r[ée]seau|\bred\b|\brede\b|netwerk|sie[ćc]|сеть|\bağ\b|"
    r"tp-?link|fritz|livebox|vodafone|netgear|linksys|buffalo|huawei|xiaomi|telekom|orange|"
    r"\bsfr|bbox|freebox|movistar|speedport|telstra|ziggo|eduroam|d-?link|asus|tenda|"
    r"(?<![a-z])(?:5g|2\.?4g|5ghz|guest|ext)(?![a-z])|pkcs"
)


# What code refers to, not a value: an attribute ("azurerm_key_vault.main.id"), a variable set
# on a line of its own ("DB_PORT=5432").
_CODE_REFERENCE = re.compile(
    r"[A-Za-z_]*_[A-Za-z_]*(?:\.[A-Za-z_]\w*)+|[A-Z][A-Z0-9]*_[A-Z0-9_]+=\S+"
)


def _network_name(text: str, start: int, value: str) -> bool:
    return bool(
        _NETWORK_NAME.search(value)
        or re.search(r"(?i)(?:ssid|network|name|r[ée]seau|nom|nombre|nome|ad[ıi]|naam|nazwa|"
                     r"n[áa]zev|navn|namn|nimi|имя|название|名|이름|اسم|שם)\W{0,3}\S*\W{0,3}$",
                     text[max(0, start - 30) : start])
    )  # fmt: skip


# A password's word opening a field of a list, after a comma or a line's start.
_FIELD_OPENS = re.compile(r"(?:^|[,;\n])[ \t]*$")


def _said_passwords(text: str, lower: str) -> Iterator[Span]:
    named = any(stem in lower for stem in PASSWORD_STEMS)
    words = list(PASSWORD_WORD.finditer(text, lower)) if named else []
    for word in words:
        said = _SAID.match(text, word.end())
        if said is not None:
            value = said["value"].rstrip(".:)!?")
            bare = said["is"] is None  # no "is" nor ":" between: digits in it, then
            wifi = word[0].lower().startswith(("wi", "wl", "wp"))
            # (unless the word opens a field of a list: "Wi-Fi: X, şifre Y"; not a Wi-Fi's)
            if bare and not wifi and _FIELD_OPENS.search(text, 0, word.start()):
                bare = not _made_up(said["value"])
            if (
                len(value) >= 6
                and (
                    _made_up(value)
                    or _JOINED_WORDS.fullmatch(value)
                    or (value.isdigit() and len(value) >= 6 and not bare)
                )
                and not (bare and (wifi or not any(c.isdigit() or c in ".-" for c in value)))
                and stated(value)
                and not _famous(value)
                and not PASSWORD_WORD.fullmatch(value)
                and not _network_name(text, said.start("value"), value)
                and not _CODE_REFERENCE.fullmatch(value)
            ):
                end = said.start("value") + len(said["value"].rstrip(".:)"))
                yield said.start("value"), end, "PASSWORD"
                continue
        # In a turn of another script, the Latin value after the words that follow it
        # ("باسورد الواي فاي الجديد snsa447392"): the change of script is where it starts.
        latin = _AFTER_SCRIPT.match(text, word.end())
        if latin is not None:
            value = latin["value"].rstrip(".:)!?")
            if (
                _made_up(value)
                and any(c.isdigit() for c in value)
                and stated(value)
                and not _famous(value)
                and not _network_name(text, latin.start("value"), value)
            ):
                yield latin.start("value"), latin.start("value") + len(value), "PASSWORD"
                continue
        phrase = _SAID_PHRASE.match(text, word.end())
        if (
            phrase is not None
            and (phrase["is"] or not word[0].isascii())
            and not any(w in FUNCTION_WORDS for w in phrase["value"].lower().split())
        ):
            yield *phrase.span("value"), "PASSWORD"
            continue
        # Near the word, before or after it ("I type X and it says bad passphrase").
        for match in _LONE_WORD.finditer(text, max(0, word.start() - 80), word.end() + 80):
            value = match["value"].rstrip(".")
            if (
                _strong(value)
                and not _famous(value)
                and not _network_name(text, match.start("value"), value)
                and not _CODE_REFERENCE.fullmatch(value)
            ):
                yield match.start("value"), match.start("value") + len(value), "PASSWORD"
    # No word at all: "I use Warszawa75# for basically everything". Every kind of character,
    # a symbol among them, in a turn of prose (not code, nor a shell: a symbol there is syntax).
    if words or not _SYMBOL_IN_WORD.search(text):
        return
    found: list[tuple[int, int]] = []
    for match in _LONE_WORD.finditer(text):
        value = match["value"].rstrip(".")
        if value.isalpha() or value.islower() or value.isupper() or value.isdigit():
            continue  # (the cheap tests first: every word of the turn is judged)
        if (
            value[:1].isalnum()
            and any(c.islower() for c in value)
            and any(c.isupper() for c in value)
            and any(c.isdigit() for c in value)
            and any(c in "#$%&*@~+=^!" for c in value.rstrip("!"))
            and "_" not in value
            and not value.endswith("=")  # base64's padding
            and _strong(value)
            and not _famous(value)
            and not _network_name(text, match.start("value"), value)
        ):
            found.append((match.start("value"), match.start("value") + len(value)))
    if not found:
        return
    # The syntax of code or a shell outside the values ("TZ*yDh=7H40" holds a "=" itself).
    rest = "".join(
        text[a:b]
        for a, b in zip(
            [0] + [e for _, e in found], [s for s, _ in found] + [len(text)], strict=True
        )
    )
    if re.search(r"[{}=<>;|]|\$[A-Za-z_{(]|^\$ |\n\s{2,}|`", rest):
        return
    for start, end in found:
        yield start, end, "PASSWORD"


# -- codes: one-time codes, PINs ------------------------------------------------------------

# The words for a code sent to log in or confirm, in the languages people chat in.
_CODE_WORD = Folded(
    r"codes?|c[óo]digo|codice|(?<![a-z])k[oó]d(?:u|em|y)?(?![a-z])|koodi|kode|κωδικ|"
    r"код\w*|코드|인증 ?번호|コード|確認番号|验证码|驗證碼|校验码|动态码|mã(?: xác| otp)?|"
    r"رمز|كود|קוד|कोड|ओटीपी|รหัส|(?<![a-z])otp(?![a-z])|passcode|one[- ]time|"
    r"(?<![a-z])m?tan(?![a-z])|codul|msimbo|kodu|কোড|ওটিপি|کد|کوڈ|კოდ|կոդ|ኮድ|குறியீடு"
)
# ... and what makes it a code to log in with, not a postcode or an error's number.
_CODE_CONTEXT = Folded(
    r"sms|(?<![a-z])text(?:ed|s)?(?![a-z])|texto|mensa[gj]e|message|log ?in|sign[- ]?in|"
    r"verif|confirm|2fa|two[- ]factor|otp|one[- ]time|whatsapp|telegram|signal|bank|banco|"
    r"banque|security|seguran|segurid|s[ée]curit|sicherheit|forward|reenv|encaminh|weiterleit|"
    r"chegou|lleg[óo]|re[çc]u|received|got a|sent|envi|anmeld|inicio de sesi|acesso|acceso|"
    r"doğrulama|onay|подтвержд|проверочн|вход|смс|인증|ログイン|認証|验证|登录|登入|短信|"
    r"xác (?:minh|nhận)|verifikasi|masuk|تحقق|تأكيد|אימות|सत्यापन|लॉगिन|ยืนยัน|"
    r"best[äa]tig|verifizier|einmal|share|compart|partag|teilen|condivid|udostępn|paylaş|"
    r"your (?:\w+ )?code|code is|tu c[óo]digo|seu c[óo]digo|votre code|dein code|ihr code|"
    r"expir|gültig|valid|válid|ваш код|не сообщайте|never|nunca|jamais|niemals|mai|"
    # a bank's name in more languages ("la banca mi ha mandato un codice", "банк прислал")
    r"banca|banka|банк|بنك|البنك|benki|pankki|bankas|銀行|은행|ngân hàng|ธนาคาร|בנק|बैंक|"
    # (a second factor's own words: "push-TAN", "Freigabe"; Bengali, Persian, Georgian ...)
    r"(?<![a-z])(?:push-?)?tan(?![a-z])|freigabe|ভেরিফিকেশন|যাচাই|মেসেজ|تایید|تأیید|پیامک|"
    r"ورود|تصدیق|დადასტურ|ვერიფიკაც|հաստատ|ստուգ|簡訊|驗證"
)
# Codes that are no secret: postcodes, error and status codes, product and tracking codes.
_NOT_A_LOGIN_CODE = re.compile(
    r"(?i)(?:postal|zip|post|area|country|error|status|exit|hs|sort|swift|bic|promo|coupon|"
    r"discount|tracking|bar|qr|source|product|item|article|tax|color|colour|postleitzahl|"
    r"fehler|erreur|d'erreur|de error|de erro|postale?|promocional|rastreio|seguimiento)"
    r"\W{0,3}$"
)
_CODE_VALUE = re.compile(  # (glued to a word of a script without spaces: "驗證碼為984661")
    r"(?<![0-9A-Za-z_.,/:+#-])(?:[A-Z]-)?(?P<value>\d{6,8}|\d{3}[ -]\d{3}|\d{4}[ -]\d{4})"
    r"(?![\w/:-]|[.,]\d)"
)


def _login_codes(text: str, lower: str) -> Iterator[Span]:
    """A one-time code: six to eight digits (or 3+3, 4+4) within a few words of the word for
    a code, in a turn that says it came to log in or confirm something. (The digits are
    looked for first: few turns hold six in a row, and the words' regexes cost more.)"""
    context = None
    for match in _CODE_VALUE.finditer(text):
        value = match["value"]
        if (
            re.fullmatch(r"(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:[0-2]\d|3[01])", value)
            or specimen(value)
            or _ID_BEFORE.search(text, max(0, match.start() - 20), match.start())
        ):
            continue  # a date, 123456, "Reference: 20240611"
        # the word for a code up to 40 characters after it or 60 before it
        around = (max(0, match.start() - 70), min(len(text), match.end() + 40))
        if not any(
            not _NOT_A_LOGIN_CODE.search(text, max(0, word.start() - 20), word.start())
            for word in _CODE_WORD.finditer(text, lower, *around)
        ):
            continue
        if context is None:
            context = _CODE_CONTEXT.search(text, lower) is not None
        if context:
            yield *match.span("value"), "PASSWORD"


# A PIN: "PIN", "PIN-Code", "código PIN", "暗証番号", "passcode", "unlock code". Lower-case
# "pin" is a board's or a map's ("GPIO pin 18").
_PIN_WORD = re.compile(
    r"(?-i:PIN|PUK\d?|Pin-?(?:Code|code|Nummer))|(?i:pin[- ]?(?:code|kod|код|number|nummer|numero|"
    r"número|nr)|пин-?код|пин|暗証番号|비밀번호|핀 ?번호|passcode|unlock code|code de "
    r"d[ée]verrouillage|entsperrcode|c[óo]digo de desbloqueo|sblocco|ontgrendelcode|"
    r"kod odblokowania|код разблокировки|ロック解除|解锁密码|mã pin|kode pin|رمز pin|"
    r"الرقم السري|रमज़|पिन|\bnip\b)"
)
_PIN_STEMS = ("pin", "puk", "пин", "暗証", "비밀번호", "핀", "passcode", "unlock", "verrouillage",
              "entsperr", "desbloqueo", "sblocco", "ontgrendel", "odblokowania", "разблокир",
              "ロック解除", "解锁", "الرقم السري", "पिन", "nip")  # fmt: skip
_FOUR_DIGITS = re.compile(r"\d{4}")
# (Mexico's and Quebec's NIP is a PIN, written 4931-3327 too)
_PIN_VALUE = re.compile(r"(?<![\w.,/:+#-])(?P<value>\d{4,8}|\d{4}-\d{4})(?![\w/:-]|[.,]\d)")
_PIN_SAID = re.compile(
    rf"(?i)[^\d\n]{{0,56}}?(?:{IS_WORD}|it'?s|it is|c'est)\s*[:：]?\s*$|\W{{0,3}}$"
)


def _pins(text: str, lower: str) -> Iterator[Span]:
    """Four to eight digits after the word for a PIN: right after it ("PIN 4471"), or after
    "is" within a sentence's words ("my phone unlock PIN for me? it's 065337"); five or more
    digits also before it ("065337 is my PIN")."""
    if not _FOUR_DIGITS.search(text) or not any(stem in lower for stem in _PIN_STEMS):
        return
    for word in _PIN_WORD.finditer(text):
        for match in _PIN_VALUE.finditer(text, word.end(), min(len(text), word.end() + 60)):
            between = text[word.end() : match.start()]
            words = len(between.split())
            if _PIN_SAID.fullmatch(between) or (
                (len(match["value"]) >= 5 or words <= 4) and len(between) <= 40
            ):
                value = match["value"]
                if not re.fullmatch(r"(?:19|20)\d\d", value) and not specimen(value):
                    yield *match.span("value"), "PASSWORD"
                break
        before = _PIN_VALUE.search(text, max(0, word.start() - 30), word.start())
        if before is not None and len(before["value"]) >= 5 and not specimen(before["value"]):
            yield *before.span("value"), "PASSWORD"


# -- tokens and logins said with words between ----------------------------------------------

# The words for a key, a token or a secret, and a session cookie's names, in the languages
# people chat in.
_KEY_NAME = Folded(
    r"(?<![a-z])(?:api[ _-]?key|key|secret|token|cookie|session(?:[ _-]?id)?|sid|auth|"
    r"cl[ée]f?|clave|chave|chiave|schl[üu]ssel|sleutel|klucz\w*|kl[íi][čc]\w*|kľúč\w*|kulcs\w*|"
    r"nyckel\w*|nøgle\w*|nøkkel\w*|avain\w*|anahtar\w*|kunci\w*|khóa)(?![a-z_])|ключ\w*|"
    r"токен\w*|キー|トークン|密钥|秘钥|密鑰|令牌|키|토큰|مفتاح|توكن|מפתח|टोकन|कुंजी"
)
_KEY_NAME_STEMS = ("key", "secret", "token", "cookie", "session", "sid", "auth", "clé", "cle",
                   "clave", "chave", "chiave", "schl", "sleutel", "klucz", "klíč", "klic", "kľúč",
                   "kulcs", "nyckel", "nøg", "nøk", "avain", "anahtar", "kunci", "khóa", "ключ",
                   "токен", "キー", "トークン", "密", "令牌", "키", "토큰", "مفتاح", "توكن", "מפתח",
                   "टोकन", "कुंजी")  # fmt: skip
_VALUE_RUN = re.compile(r"(?<=[\s:：=\"'`“«「])[A-Za-z0-9][A-Za-z0-9_%.~+/=:-]{15,}")
_NAMED_VALUE = re.compile(
    # ("トークン(長期)は" and the value on the next line: glued words of a script without
    # spaces; a line break only after them or after ":", not after an empty "KEY=")
    rf"(?:(?:[^\x00-\x7f\s]|[()]){{1,12}}(?=\s))?"
    rf"(?:[ \t,]+[^\s\d=:]{{1,24}}){{0,6}}?(?:[ \t]+{IS_WORD})?[ \t]*[:：=]?[ \t]*"
    r"(?:(?<=[:：)\u3040-\u30ff\u4e00-\u9fff])\r?\n[ \t]*)?[\"'`“«「]?"
    r"(?<=[\s:：=\"'`“«「])(?P<value>[A-Za-z0-9][A-Za-z0-9_%.~+/=:-]{15,})"
)
# A digest is named like a key's fingerprint, not a key: "sha256 ... is 2cf24d...".
_DIGEST_WORDS = re.compile(r"(?i)sha-?\d|md5|hash|digest|checksum|fingerprint|commit|blake")
# ... and a published one is nobody's: "the well-known Azurite key", "jwt.io's sample token".
_PUBLISHED = re.compile(
    r"(?i)example|sample|well-known|dummy|demo|documentation|the docs|placeholder|fake|jwt\.io"
)
_ID_BEFORE = re.compile(
    r"(?i)(?:request|req|trace|msg|message|order|id|ref(?:erence)?|invoice|ticket|case|"
    r"tracking)[ _-]?(?:id|no|number)?\W{0,3}$"
)


_DIGIT = re.compile(r"\d")
_LETTER = re.compile(r"[^\W\d_]")
_LONG_WORD = re.compile(r"[a-z]{12,}")


def _random_value(value: str) -> bool:
    """Generated, not written: letters and digits, many distinct characters, no words run
    together ("my-production-app-2024"), no template's words. (The cheap tests first: every
    long run of a turn is judged.)"""
    if len(set(value)) < 10 or not _DIGIT.search(value) or not _LETTER.search(value):
        return False
    if "://" in value or "@" in value or _LONG_WORD.search(value) or not real_token(value):
        return False
    if value[0] in "/~." or re.search(r"[a-z]\.[a-z]{2,4}$", value):
        return False  # a path, a file: /home/dev/.ssh/id_ed25519.pub
    # words run together: "product:list:page=3", "my-production-app-2024"
    return sum(len(run) for run in re.findall(r"[a-z]{4,}", value)) <= 0.4 * len(value)


def _named_tokens(text: str, lower: str) -> Iterator[Span]:
    """A key or token after its name with words between: "client secret f62a3f...",
    "Mój klucz Steam Web API to E4D3F7...", "o meu sessionid é 81867420824%3A..."."""
    names: list[re.Match[str]] | None = None
    digests = None
    # The values first (few turns hold a random run of 16), then a name before each.
    for run in _VALUE_RUN.finditer(text):
        value = run[0].rstrip(".,:;")
        start = run.start()
        if len(value) < 16 or not _random_value(value):
            continue
        if names is None:
            stems = any(stem in lower for stem in _KEY_NAME_STEMS)
            names = list(_KEY_NAME.finditer(text, lower)) if stems else []
            digests = _DIGEST_WORDS.search(text) is not None
        name = next(
            (n for n in reversed(names) if n.end() <= start
             and (m := _NAMED_VALUE.match(text, n.end())) and m.start("value") == start),
            None,
        )  # fmt: skip
        if name is None or _ID_BEFORE.search(text, max(0, start - 20), start):
            continue
        if digests and (
            re.fullmatch(r"[0-9a-fA-F]{32,}", value)
            or _DIGEST_WORDS.search(text, max(0, name.start() - 40), start + 8)
        ):
            continue  # a hash, a key's fingerprint: "key fingerprint is SHA256:..."
        if _PUBLISHED.search(text, max(0, name.start() - 60), start):
            continue
        yield start, start + len(value), "TOKEN"


# A login said as "user / password": "the login for the shared drive is admin / 50l31l_82".
_LOGIN_SAID = Folded(
    r"(?:\blog ?[io]n|credentials|\bcreds|zugangsdaten|anmeldedaten|identifiants|"
    r"inloggegevens|dane logowania|credenciales|credenziali|dados de acesso|acesso|acceso|"
    r"логин|учетн\w* данн\w*|ログイン情報|登录信息|로그인 정보|user(?:name)?\s*/\s*pass(?:word)?)"
    rf"[^\n]{{0,40}}?(?:\s{IS_WORD}|[:：=])\s+[\"'`]?(?P<user>[\w.@+-]{{2,40}})(?:\s*[/|]\s*|:)"
    r"(?P<secret>[^\s\"'`,;]{4,64})"
)


_LOGIN_STEMS = ("log", "cred", "zugang", "anmelde", "identifiants", "inlog", "acess", "acces",
                "логин", "учетн", "ログイン", "登录", "로그인", "user")  # fmt: skip


def _logins(text: str, lower: str) -> Iterator[Span]:
    if not any(c in text for c in "/|:") or not any(w in lower for w in _LOGIN_STEMS):
        return
    for match in _LOGIN_SAID.finditer(text, lower):
        start, end = match.span("secret")  # (the match is on the lower-cased turn)
        value = text[start:end].rstrip(".:)!?")
        if len(value) >= 6 and secretish(value) and stated(value) and not _famous(value):
            yield start, start + len(value), "PASSWORD"


# -- recovery codes and session cookies ----------------------------------------------------

# Recovery codes as a service prints them, without a word for them: four or more short
# groups of letters and digits joined by a dash ("5197a-41797", "v3rj-9fj0"), one after
# another on lines of their own or between commas and slashes; and, where the words for
# backup codes are, runs of 6 to 10 letters and digits listed the same way ("4KQ7P2, ...").
_DASHED_CODE = re.compile(r"(?i)(?<![\w.:/-])[0-9a-z]{4,6}-[0-9a-z]{4,6}(?![\w-]|[.:]\w)")
_BARE_CODE = re.compile(r"(?<![\w.:/#@-])[0-9A-Za-z]{6,12}(?![\w-]|[.:@]\w)")
# Google's backup codes are printed as two groups of four digits: "6981 9745".
_SPACED_CODE = re.compile(r"(?<![\w.:/#@-])\d{4} \d{4}(?![\w-]|[.:@ ]\w)")
_BETWEEN_CODES = re.compile(r"[\s,;/|•*·]*(?:\d{1,2}[.)]\s*)?[\s,;/|•*·-]*")
_BACKUP_WORDS = Folded(
    r"backup|recovery|2fa|two-factor|mfa|codes|kody|c[óo]digos|codici|secours|kodlar|коды|"
    r"kodes|koder|koodit|k[óo]dok|herstel|récupération|recupera|"
    r"wiederherstellung|sicherungscode|herstelcode|reservekod|резервн|восстановлени|백업|복구|"
    r"バックアップ|リカバリ|復旧|备用|恢复码|備用|yedek|cadangan|dự phòng|สำรอง|احتياط|"
    r"استرداد|גיבוי|שחזור|बैकअप"
)


def _listed(text: str, codes: Iterator[re.Match[str]], bare: bool) -> Iterator[Span]:
    """Runs of four or more codes of one length, one after another with only separators or
    a numbering between, mixing letters and digits (not years, not words)."""
    run: list[re.Match[str]] = []
    for match in itertools.chain(codes, [None]):
        if match is not None and (
            not run
            or (
                _BETWEEN_CODES.fullmatch(text, run[-1].end(), match.start())
                and len(match[0]) == len(run[-1][0])
            )
        ):
            run.append(match)
            continue
        found = [m[0] for m in run]
        digits = sum(any(c.isdigit() for c in code) for code in found)
        letters = sum(any(c.isalpha() for c in code) for code in found)
        if (
            len(found) >= 4
            and digits >= len(found) - 1
            and (letters >= len(found) - 1 or (bare and letters == 0 and len(found[0]) >= 8))
            and len(set(found)) == len(found)
        ):
            for code in run:
                yield *code.span(), "TOKEN"
        run = [match] if match is not None else []


def _code_lists(text: str, lower: str) -> Iterator[Span]:
    if text.count("-") >= 4:
        yield from _listed(text, _DASHED_CODE.finditer(text), bare=False)
    # (four codes in a list: three separators at least, before the words are looked for; a
    # row of codes set apart by wide spaces is a list too)
    separators = text.count(",") + text.count("\n") + text.count("/") + text.count("  ")
    if separators >= 3 and _BACKUP_WORDS.search(text, lower):
        yield from _listed(text, _BARE_CODE.finditer(text), bare=True)
        yield from _listed(text, _SPACED_CODE.finditer(text), bare=True)


# Roblox's session cookie carries its own warning ("_|WARNING:-DO-NOT-SHARE-THIS...|_"), and
# a session cookie's value is long: 64 or more random characters in a turn about cookies.
_WARNED_COOKIE = re.compile(r"_\|WARNING:[^|\n]{0,300}\|_[A-Za-z0-9%_-]{32,}")
_COOKIE_WORDS = re.compile(
    r"(?i)cookie|session|roblosecurity|(?<![a-z])sid(?![a-z])|куки|쿠키|クッキー"
)
_COOKIE_STEMS = ("cookie", "session", "roblosecurity", "sid", "куки", "쿠키", "クッキー")
_LONG_BLOB = re.compile(r"(?<![\w%+/=-])[A-Za-z0-9%_+/=-]{64,}(?![\w%+/=-])")


def _session_cookies(text: str, lower: str) -> Iterator[Span]:
    if "warning:" in lower:
        for match in _WARNED_COOKIE.finditer(text):
            yield *match.span(), "TOKEN"
    if not any(w in lower for w in _COOKIE_STEMS) or not _COOKIE_WORDS.search(text):
        return
    for match in _LONG_BLOB.finditer(text):
        value = match[0]
        if (
            _random_value(value[:60])
            and not _DIGEST_WORDS.search(text)
            and not _PUBLISHED.search(text)
        ):
            yield *match.span(), "TOKEN"


def spoken_finders() -> list[Finder]:
    """Every finder of this module, most specific first."""
    return [
        _session_cookies, _named_tokens, _logins, _code_lists, _said_passwords, _login_codes,
        _pins,
    ]  # fmt: skip
