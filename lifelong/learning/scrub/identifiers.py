"""The scrubber's finders of personal identifiers beyond contact details: the numbers on a
person's documents (:mod:`lifelong.learning.scrub.documents`), dates of birth, street
addresses (:mod:`lifelong.learning.scrub.addresses`), a person's own IP and MAC addresses,
licence plates, bank account and routing numbers, profile links and the personal columns of a
pasted table. See
:mod:`lifelong.learning.scrub.scrubber` for what is found and why.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

from lifelong.learning.scrub.addresses import address_finders
from lifelong.learning.scrub.documents import document_finders, specimen
from lifelong.learning.scrub.rules import Finder, Folded, Span
from lifelong.learning.scrub.tables import table_finders

__all__ = ["identifier_finders"]


def _line_around(text: str, start: int, end: int, before: int = 0) -> str:
    """The line holding ``text[start:end]``, with up to ``before`` characters ahead of it."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return text[max(0, line_start - before) : line_end if line_end != -1 else len(text)]


# Dates of birth: the words that say so, then a date (numeric, or with a month's name) of a
# living person (born 1900 or later: "Einstein was born on 14 March 1879" is history).
_MONTHS = (
    r"jan\w*|feb\w*|f[ée]v\w*|mar\w*|m[äa]r\w*|apr\w*|avr\w*|abr\w*|may|mai|may\w*|ma[gj]\w*|"
    r"jun\w*|jui\w*|jul\w*|lug\w*|aug\w*|ao[uû]\w*|ago\w*|sep\w*|set\w*|oct\w*|okt\w*|ott\w*|"
    r"out\w*|nov\w*|dec\w*|d[ée]c\w*|dez\w*|dic\w*|gen\w*|ene\w*|"
    r"stycz\w*|lut\w*|kwie\w*|maj\w*|czerw\w*|lip\w*|sierp\w*|wrze\w*|pa[zź]dz\w*|listop\w*|grud\w*|"
    r"январ\w*|феврал\w*|март\w*|апрел\w*|ма[йя]|июн\w*|июл\w*|август\w*|сентябр\w*|"
    r"октябр\w*|ноябр\w*|декабр\w*|"
    r"มกราคม|กุมภาพันธ์|มีนาคม|เมษายน|พฤษภาคม|มิถุนายน|กรกฎาคม|สิงหาคม|กันยายน|ตุลาคม|"
    r"พฤศจิกายน|ธันวาคม|"
    # Turkish and Indonesian
    r"ocak|[şs]ubat|nisan|may[ıi]s|haziran|temmuz|a[ğg]ustos|eyl[üu]l|ekim|kas[ıi]m|aral[ıi]k|"
    r"agu\w*|mei|juni|juli"
)
_DATE = (
    # (the year first with dots or slashes too: "1976.09.10", "1997/06/18", as East Asia writes)
    r"(?:\d{1,2}\s?(?P<s1>[./-])\s?\d{1,2}\s?(?P=s1)\s?(?P<y1>\d{4})"
    r"|(?P<y2>\d{4})(?P<s2>[-./])\d{1,2}(?P=s2)\d{1,2}"
    rf"|\d{{1,2}}\.?\s+(?:de\s+)?(?:{_MONTHS})\.?\s+(?:de\s+)?(?P<y3>\d{{4}})"
    rf"|(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?P<y4>\d{{4}})"
    r"|(?P<y5>\d{4})年\d{1,2}月\d{1,2}日|(?P<y6>\d{4})년\s*\d{1,2}월\s*\d{1,2}일"
    # a Japanese era's year: 昭和17年 is 1942
    r"|(?P<era>明治|大正|昭和|平成|令和)\s?(?P<y7>\d{1,2}|元)年\s?\d{1,2}月\s?\d{1,2}日)"
)
_ERAS = {"明治": 1867, "大正": 1911, "昭和": 1925, "平成": 1988, "令和": 2018}
# (one word may stand between: "born on", "geboren am")
# (a particle may be glued to it: "生年月日は1996年...", "생일은 2004년...")
_DATE_AT = re.compile(
    rf"(?i)[\"':：\s]*(?:[はがの是为為]\s*)?(?:[\w\u0e00-\u0e7f]+[\s:：,]+){{0,3}}?[\"']?(?P<value>{_DATE})"
)
_BIRTH = Folded(
    r"(?:\bdob\b|date of birth|birth ?date|birthday|\bborn(?: on)?\b|\bgeb\.|\bur\.|"
    r"naci[óo] el|\bnac\.|"
    r"geboren(?: am| op)?|geburtsdatum|geboortedatum|n[ée]e? le|date[ _]de[ _]naissance|"
    r"nacid[oa] el|fecha[ _](?:de[ _])?nacimiento|"
    r"nat[oa] il|data[ _](?:di[ _])?nascita|nascid[oa] (?:em|a)|data[ _](?:de[ _])?nascimento|"
    r"urodzon[ya]|dat[aęyą][ _]urodzenia|född|f[öo]delsedatum|\bbirth_?date|date_of_birth|"
    r"geburtstag|生年月日|sinh ngày|ngày sinh|дата рождения|родил\w*|д\.р\.|출생|생년월일|"
    r"geb\.-?datum|出生日期|出生|생일|誕生日|生日|день рождения|doğum|cumpleaños|"
    r"anivers[áa]rio|anniversaire|compleanno|verjaardag|urodziny|sinh nhật|ulang tahun|"
    r"\bcumple\b|syntymäpäiv|f[öo]delsedag|fødselsdag|kaarawan|siku ya kuzaliwa|"
    r"tanggal lahir|تاريخ (?:ال)?ميلاد|תאריך לידה|जन्म ?तिथि|जन्मदिन|วันเกิด)"
)
# A form's field for it says whose in itself: a date after "Date of birth" is someone's,
# never history (that is told with "was born"). And the speaker's own birth, said so: "Nací
# el ...", "je suis né le ...", "I was born on ...".
_BIRTH_FIELD = Folded(
    r"\bdob\b|d\.o\.b|date of birth|birth ?date|geburtsdatum|geboortedatum|"
    r"date[ _]de[ _]naissance|fecha[ _](?:de[ _])?nacimiento|data[ _](?:di[ _]|de[ _])?"
    r"nas(?:cita|cimento)|data[ _]urodzenia|f[öo]delsedatum|дата рождения|生年月日|생년월일|"
    r"出生日期|ngày sinh|tanggal lahir|doğum tarihi|تاريخ (?:ال)?ميلاد|תאריך לידה|जन्म ?तिथि|"
    r"\bnasc\.|tgl\.? lahir|วันเกิด|ημ(?:ερομηνία|\.)? ?γέννησης|született|születési (?:dátum|idő)|"
    r"дата народження|تاریخ تولد|dateofbirth|date_of_birth|"
    # (a label declined in a sentence: "mam datę urodzenia", "указал дату рождения"; and more
    # languages' forms)
    r"dat[aęyą] urodzenia|дат[аеуы] рождения|дат[аиу] народження|datum (?:narozen[íi]|rođenja|"
    r"rojstva)|d[áa]tum narodenia|data na[șs]terii|syntym[äa]aika|f[øo]dselsdato|gimimo data|"
    r"dzim[šs]anas datums|s[üu]nniaeg|rojstni datum|дата на раждане|датум рођења|tarikh lahir|"
    r"petsa ng kapanganakan|জন্ম ?তারিখ|जन्म ?तारीख|پیدائش|出生年月日|출생일|"
    r"\bi was born(?: on)?|\bnac[íi](?: el)?\b|\bje suis n[ée]e?(?: le)?|\bsono nat[oa](?: il)?|"
    r"\bich bin am|\bnasci(?: em| a| no dia)?\b|urodzi[łl](?:em|am)(?: się)?|"
    r"я родил(?:ся|ась)|doğdum|tôi sinh(?: ngày)?|saya lahir(?: pada| tanggal)?|मेरा जन्म"
)
_BORN_JP = re.compile(rf"(?P<value>{_DATE})(?:生まれ|生|생|\s*(?:г\.|года)?\s*рождения)")
_YEAR_DIGITS = re.compile(r"\d{4}")
_VCARD_BIRTHDAY = re.compile(r"(?m)^BDAY[^:\n]*:(?P<value>\d{4}-?\d{2}-?\d{2})")


# Whose birth it is: a name (two capitalised words) or a field for one. "born 15/03/1987, how
# old am I in days?" alone says nothing about who.
_NAMED = re.compile(
    r"[A-ZÀ-ÝĀ-ŽА-ЯЁ][^\W\d_]+(?:\s+(?:van der|van|de|da|del|di|von|le|la)\b)?\s+"
    r"[A-ZÀ-ÝĀ-ŽА-ЯЁ][^\W\d_]+|(?i:\b(?:name|naam|nom|nombre|nome|imi[eę]|nazwisko|patient)\b)"
    r"|氏名|이름|성명|姓名|我|(?i:\b(?:my|mein\w*|mon|ma|mi|mio|mia|meu|minha|mój|moja|mijn|"
    r"min|mitt|benim|saya|aku|мой|моя|мне|tôi)\b)|(?<![가-힣])(?:제|내|저의|나의)(?![가-힣])|"
    r"私の|僕の|我的|मेरा|मेरी|"
    # a first person said by a verb or a suffix: "urodziny mam", "birthday ko", "päiväni"
    r"(?i:\b(?:mam|ko|ku|yangu|wangu|mine)\b|päiväni\b|dagen min)|เรา|ฉัน|ผม|"
    # a child's or a patient's, on a school's or a clinic's form
    r"(?i:\b(?:enfant|bambin[oa]|child|kid|kind|ni[ñn][oa]|crian[çc]a|filh[oa]|fils|fille|"
    r"figli[oa]|son|daughter|sohn|tochter|dziecko|córka|çocuk|paciente|patient|paziente|"
    r"alumn[oa]|élève|pupil|student)\b)|"
    # a relative's: "Напиши поздравление брату, он родился ...", "my sister was born ..."
    r"(?i:\b(?:brother|sister|mother|father|mom|mum|dad|wife|husband|grandma|grandpa|"
    r"bruder|schwester|mutter|vater|fr[èe]re|s[œo]eur|m[èe]re|p[èe]re|herman[oa]|"
    r"irm[ãa]o?|fratello|sorella|broer|zus|siostr\w*|brat\w*|kardeş\w*|"
    r"мо(?:й|я|е|ё|его|ему|ей|ю)|брат\w*|сестр\w*|мам\w*|пап\w*|сын\w*|доч\w*|муж\w*|"
    r"бабушк\w*|дедушк\w*)\b)"
)


def _birth_dates(text: str, lower: str) -> Iterator[Span]:
    if not _YEAR_DIGITS.search(text) and "年" not in text:
        return  # every form of a date here has its year's four digits (or an era's year)
    found = [m for w in _BIRTH.finditer(text, lower) if (m := _DATE_AT.match(text, w.end()))]
    if found and not _NAMED.search(text):
        found = []
    found += [m for w in _BIRTH_FIELD.finditer(text, lower) if (m := _DATE_AT.match(text, w.end()))]
    if "生" in text or "생" in text or "рожд" in lower:
        found += list(_BORN_JP.finditer(text))
    # A living person's: born in the last 110 years ("Alan Turing (born 23 June 1912)" is
    # history, and data protection is about the living).
    oldest = time.gmtime().tm_year - 110
    for match in found:
        if match["era"]:
            year = _ERAS[match["era"]] + (1 if match["y7"] == "元" else int(match["y7"]))
        else:
            year = next(int(match[y]) for y in ("y1", "y2", "y3", "y4", "y5", "y6") if match[y])
        if year > 2400:  # the Buddhist era's (Thailand's) year
            year -= 543
        if oldest <= year <= 2100:
            yield *match.span("value"), "BIRTHDATE"
    if "BDAY" in text:
        for match in _VCARD_BIRTHDAY.finditer(text):
            yield *match.span("value"), "BIRTHDATE"


# A person's profile page: LinkedIn's /in/<name>, Xing's /profile/<name>.
_PROFILE = re.compile(
    r"(?i)(?:https?://)?(?:[a-z]{2,3}\.)?(?:linkedin\.com/in|xing\.com/profile)/[\w%\-]{3,}/?"
    r"|(?:https?://)?(?:www\.|m\.)?facebook\.com/profile\.php\?id=\d+"
    r"|(?<![\w.])(?:https?://)?(?:www\.|m\.)?(?P<site>facebook\.com|instagram\.com|vk\.com|x\.com|"
    r"twitter\.com|tiktok\.com|github\.com|threads\.net|pinterest\.[a-z.]{2,6}|twitch\.tv|"
    r"linktr\.ee|vsco\.co|soundcloud\.com|behance\.net|dribbble\.com|youtube\.com|"
    r"snapchat\.com/add|reddit\.com/u(?:ser)?)/(?P<name>@?[\w.\-]{3,40})/?"
    r"(?=[\s\)\]\"'<>,;]|[.?!](?:\s|$)|$)"
)
# A site's own pages, not a person's: facebook.com/help, github.com/features ...
_SITE_PAGES = frozenset(
    ("help", "about", "login", "signup", "settings", "policies", "privacy", "terms", "watch",
     "groups", "pages", "events", "marketplace", "search", "home", "explore", "features",
     "pricing", "topics", "trending", "notifications", "messages", "i", "share", "business",
     "developers", "sponsors", "orgs", "enterprise", "login.php", "reel", "user", "users",
     "settings", "apps", "new", "organizations", "codespaces", "copilot", "security", "ideas",
     "pin", "today", "channel", "results", "feed", "shorts", "directory")
)  # fmt: skip


def _profiles(text: str, lower: str) -> Iterator[Span]:
    if not any(site in lower for site in ("linkedin.com/in/", "xing.com/profile/",
                                          "facebook.com/", "instagram.com/", "vk.com/", "x.com/",
                                          "twitter.com/", "tiktok.com/", "github.com/",
                                          "threads.net/", "pinterest.", "twitch.tv/",
                                          "linktr.ee/", "vsco.co/", "soundcloud.com/",
                                          "behance.net/", "dribbble.com/", "youtube.com/@",
                                          "snapchat.com/add/", "reddit.com/u")):  # fmt: skip
        return
    for match in _PROFILE.finditer(text):
        if match["name"] and match["name"].lstrip("@").lower() in _SITE_PAGES:
            continue
        yield *match.span(), "PROFILE"


# A person's own IP address: a public one, on a line that says it is theirs.
_IPV4 = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?:/\d{1,2})?(?![\w]|\.\w)")
_IPV6 = re.compile(r"(?<![\w:])(?:[0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}(?![\w:])")
_MINE = re.compile(
    r"(?i)\b(?:my|mine|home|our|meine?|zuhause|zu hause|mon|ma|chez moi|mi|mis|casa|mijn|"
    r"thuis|meu|minha|moja|moje|mój|domow\w*|mio|mia|nasz\w*|notre|nuestr\w*|unser\w*|"
    r"onze|nostr\w*|noss[oa]|bizim|evimiz|evdeki|наш\w*|домашн\w*|дома)\b|私の|自宅|うちの|我家|家里"
)


# Where a request names the client: proxy headers, and the first field of an access log line.
_CLIENT = re.compile(
    r"(?i)(?:x-forwarded-for|x-real-ip|cf-connecting-ip|true-client-ip|forwarded:\s*for=|"
    r"client_?ip|remote_?addr|\w*_ip|ip_?address)[\"']?\s*[:=]?\s*[\"']?$"
)


# A machine's own address in a terminal's output: what "curl ifconfig.me" prints, an
# interface's "inet" line, the client of an ssh login in an auth log, a server one is told to
# connect to.
_OWN_OUTPUT = re.compile(
    r"(?i)(?:ifconfig\.(?:me|co)|ipinfo\.io|icanhazip|ipify|ifconfig\.io|whatismyip\w*|"
    r"myip\w*|ident\.me)[^\n]*\n\s*$"
)
_OWN_BEFORE = re.compile(
    r"(?i)(?:\binet6?|connect(?:ed)? to|join(?: me)? (?:at|on)|server(?: ip)?(?: is| at)?:?)\s+$"
    r"|(?:sshd|accepted|failed password|invalid user)[^\n]*\bfrom\s+$"
)


# A visitor's address: "came from IP 112.105.87.47", "connecté depuis l'IP ...", "von
# 90.210.172.16, danach 14 fehlgeschlagene Logins", on a line about a customer, a login or an
# order, not about a server.
_VISITOR_BEFORE = re.compile(
    r"(?i)(?:\b(?:from|von|depuis|desde|dalla?|vanaf|van|fr[åa]n|fra|z|ze|с|із|từ|dari)\s+"
    r"(?:(?:the |l'|la |der |die |de )?ip(?:-?adress?e?| address)?:?\s*)?"
    r"|\bip(?:-?adress?e?| address)?:?\s+)$"
)
_VISITOR_WORDS = re.compile(
    r"(?i)customer|client|kunde|user|utilisateur|usuario|usu[áa]rio|benutzer|nutzer|"
    r"log(?:ged|ging)? ?in|logins?\b|connect[ée]|conect|angemeldet|sign(?:ed)?[ -]in|checkout|"
    r"order|bestellung|commande|pedido|ordine|account|konto|compte|cuenta|fraud|betrug|"
    r"attempt|versuch|tentative|intento|fehlgeschlagen|failed"
)
_SERVER_WORDS = re.compile(
    r"(?i)server|host|dns|gateway|router|vpn|proxy|cdn|cloudflare|\baws\b|ec2|domain|"
    r"resolv|firewall rule|whitelist|allowlist|nginx|apache|webhook|bot\b|crawler|spider"
)


# Public DNS resolvers everyone sets ("switched my DNS to 1.1.1.1"): no one's own address.
_PUBLIC_RESOLVERS = frozenset(("1.1.1.1", "1.0.0.1", "8.8.8.8", "8.8.4.4", "9.9.9.9",
                               "149.112.112.112", "208.67.222.222", "208.67.220.220"))  # fmt: skip


def _own_ips(text: str, lower: str) -> Iterator[Span]:
    import ipaddress

    for pattern in (_IPV4, _IPV6):
        for match in pattern.finditer(text):
            try:
                address = ipaddress.ip_address(match[0].split("/")[0])
            except ValueError:
                continue
            if not address.is_global or match[0] in _PUBLIC_RESOLVERS:
                continue  # 10.x, 192.168.x, documentation ranges, 8.8.8.8: nobody's home
            line_start = text.rfind("\n", 0, match.start()) + 1
            before = text[line_start : match.start()]
            log_line = not before and re.match(r" - \S+ \[", text[match.end() :])
            if (
                _MINE.search(_line_around(text, *match.span(), before=80))
                or (before and (_CLIENT.search(before) or _OWN_BEFORE.search(before)))
                or (before and _visitor(text, before, match.start(), match.end()))
                or log_line
                or _client_endpoint(text, match.start(), match.end())
                or (not before and _OWN_OUTPUT.search(text, max(0, line_start - 80), line_start))
            ):
                yield *match.span(), "IP"


# A client's end of a connection in a server's log: the address with the source port its
# system picked from the ephemeral range (32768 and up), on a line about someone connecting
# ("Steve[/81.2.69.160:51234] logged in", "Connection from 81.2.69.160 port 50122").
_EPHEMERAL_PORT = re.compile(r"(?::|\s+port\s+)(?P<port>\d{5})(?!\d)")
_CONNECTING = re.compile(
    r"(?i)logged in|log(?:ged)? ?out|(?<!\bto )connect(?:ed|ion|ing)?\b(?! to)|joined|left the|"
    r"disconnect\w*|lost connection|kicked|banned|authenticat\w*|accepted|handshake|session"
)


def _client_endpoint(text: str, start: int, end: int) -> bool:
    port = _EPHEMERAL_PORT.match(text, end)
    if port is None or not 32768 <= int(port["port"]) <= 65535:
        return False
    return bool(_CONNECTING.search(_line_around(text, start, end, before=120)))


def _visitor(text: str, before: str, start: int, end: int) -> bool:
    if not _VISITOR_BEFORE.search(before):
        return False
    line = _line_around(text, start, end, before=120)
    return bool(_VISITOR_WORDS.search(line)) and not _SERVER_WORDS.search(line)


# MAC addresses of someone's device: colons, dashes or Cisco's dotted form.
_MAC = re.compile(
    r"(?<![\w:.-])(?:[0-9A-Fa-f]{2}([:-])(?:[0-9A-Fa-f]{2}\1){4}[0-9A-Fa-f]{2}"
    r"|[0-9a-fA-F]{4}\.[0-9a-fA-F]{4}\.[0-9a-fA-F]{4})(?![\w-]|[.:]\w)"
)


_DEVICE = re.compile(
    r"(?i)laptop|phone|téléphone|telefon|handy|móvil|celular|printer|drucker|imprimante|"
    r"tablet|console|\btv\b|router|hardware ethernet|macbook|iphone|android|playstation|xbox|"
    r"nintendo|switch|physical address|getmac|smart ?watch|kindle|camera|kamera|"
    r"direcci[óo]n f[íi]sica|adresse physique|indirizzo fisico|physische adresse|_mac\b|"
    r"raspberry|\bpi\b|\bnas\b|server|\bpc\b|computer|ordinateur|rechner|notebook|"
    r"device|ger[äa]t|appareil|dispositivo|urz[ąa]dzeni|cihaz|устройств|ноутбук|компьютер|"
    r"ラズパイ|ラズベリー|パソコン|スマホ|端末|デバイス|サーバ|树莓派|设备|电脑|手机|"
    r"라즈베리|기기|노트북|컴퓨터|휴대폰|"
    # a device's own status ("Mac": "..." in its JSON), the ARP table of a home network
    r"\"mac(?:_?address)?\"\s*:|\barp\b|\(\d{1,3}(?:\.\d{1,3}){3}\) at"
)


def _macs(text: str, lower: str) -> Iterator[Span]:
    """A device's MAC address where the line says whose device it is (``ifconfig`` output
    and documentation print machines' addresses, nobody's)."""
    for match in _MAC.finditer(text):
        digits = re.sub(r"[^0-9a-fA-F]", "", match[0]).lower()
        if len(set(digits)) <= 2 or digits[:6] == "00005e":  # ff:ff..., 00:00..., VRRP
            continue
        line = _line_around(text, *match.span(), before=200)
        if _MINE.search(line) or _DEVICE.search(line):
            yield *match.span(), "MAC"


# Licence plates: after the word for one, a plate's letters and digits.
_PLATE = re.compile(
    r"(?i)(?:kennzeichen|number plate|licen[cs]e plate|plate|\breg(?:istration)?\b|"
    r"immatricul\w*|plaque|matr[íi]cula|targa|kenteken|placa|rejestracyjn\w*|registreringsnummer|"
    r"plaka\w*|번호판|vehicle|vrm)"
    r"[\s:.,()\"']*(?:\w+\s+){0,1}?"
    r"(?P<value>(?-i:(?=[A-Z0-9 \-]*\d)(?=[A-Z0-9 \-]*[A-Z])"
    r"[A-Z0-9]{1,5}(?:[ \-][A-Z0-9]{1,5}){1,3}|(?=[A-Z]*\d)(?=\d*[A-Z])[A-Z0-9]{5,8}))"
    r"(?![\w\-])"
)


def _plates(text: str, lower: str) -> Iterator[Span]:
    if not any(w in lower for w in ("kennzeichen", "plate", "reg", "immatric", "plaque",
                                    "matr", "targa", "kenteken", "placa", "rejestr", "plaka",
                                    "번호판", "vehicle", "vrm")):  # fmt: skip
        return
    for match in _PLATE.finditer(text):
        if len(re.sub(r"\W", "", match["value"])) >= 5:
            yield *match.span("value"), "PLATE"


# A plate in its country's own format beside the words for a car, with no word for a plate:
# "my car FA21 VWM got a parking charge", "mein Auto M-KL 4821", "ma voiture GH-417-PK".
_PLATE_SHAPE = re.compile(
    r"(?<![\w-])(?:[A-Z]{2}\d{2} ?[A-Z]{3}"  # UK
    r"|[A-Z]{2}-\d{3}-[A-Z]{2}|[A-Z]{2} \d{3} [A-Z]{2}|[A-Z]{2}\d{3}[A-Z]{2}"  # France, Italy
    r"|[A-ZÄÖÜ]{1,3}-[A-Z]{1,2} ?\d{1,4}[EH]?"  # Germany
    r"|\d{4} ?[BCDFGHJKLMNPRSTVWXYZ]{3}"  # Spain
    r"|[A-Z]{3}-?\d[A-Z0-9]\d{2}"  # Brazil (ABC1D23, ABC-1234)
    r"|\d{1,2}-[A-Z]{2,3}-\d{1,2}|[A-Z]{1,3}-\d{2,3}-[A-Z]{1,2}"  # the Netherlands
    r"|\d[A-Z]{3}\d{3}"  # California
    r"|[A-Z]{2}[ -]?\d{1,2}[ -]?[A-Z]{1,3}[ -]?\d{4}"  # India (MH 12 AB 1234)
    r"|[A-Z]{2,3} \d{4}[A-Z]|[A-Z]{2,3} \d{3}[A-Z]{2}"  # Poland (WA 1234X, KR 123AB)
    r"|\d{2,3}[가-힣] ?\d{4}"  # Korea (12가 3456)
    r"|[A-Z]{3} ?\d{2}[A-Z0-9]"  # Sweden, Finland (ABC 123, ABC 12A), Australia (DKH65J)
    r"|\d[A-Z][A-Z0-9] ?\d{4}"  # Czechia (4T6 8836, 2AB 4417)
    r"|[A-Z]{3}-\d{3}"  # Finland (OXK-429)
    r"|\d{2} [A-Z]{1,3} \d{2,4}"  # Turkey (35 RHH 490)
    r"|[АВЕКМНОРСТУХ]\d{3}[АВЕКМНОРСТУХ]{2} ?\d{2,3}"  # Russia (A123BC 77)
    r"|[АВЕІКМНОРСТХ]{2} ?\d{4} ?[АВЕІКМНОРСТХ]{2}|[A-Z]{2} ?\d{4} ?[A-Z]{2})(?![\w-])"  # Ukraine
)
_CAR_WORDS = Folded(
    r"(?<![a-z])(?:car|van|truck|lorry|motorbike|scooty|scooter|bike|vehicle|towed|parking|parked|speeding|toll|"
    r"congestion charge|ulez|mot|pcn|dvla|auto|wagen|pkw|strafzettel|knöllchen|blitzer|"
    r"voiture|amende|pv|coche|carro|multa|macchina|multa|samoch[óo]d|mandat|araba|ceza|"
    r"parkeerboete|boete|bil|bilen)(?![a-z])|машин|штраф|車|駐車|차량|주차|汽车|车牌|停车|"
    r"xe (?:hơi|máy)|mobil|سيارة|مخالفة|רכב|गाड़ी|कार|차주|이중주차|parkuj\w*|"
    r"vozid\w*|auton|araç|plakal\w*|otopark\w*|автомобил\w*|авто(?![а-я])|парковк\w*"
)


_CURRENCY = re.compile(
    r"(?:EUR|USD|GBP|SEK|NOK|DKK|ISK|CHF|PLN|CZK|HUF|AUD|CAD|NZD|JPY|CNY|INR|BRL|MXN|TRY|RUB|"
    r"ZAR|SGD|HKD|KRW|AED|SAR|RON|BGN|UAH|THB|IDR|MYR|PHP|VND|EGP|NGN|KES|ARS|CLP|COP|PEN)\s"
)


def _car_plates(text: str, lower: str) -> Iterator[Span]:
    shapes = list(_PLATE_SHAPE.finditer(text))
    if not shapes or not _CAR_WORDS.search(text, lower):
        return
    for match in shapes:
        value = match[0]
        if _CURRENCY.match(value):
            continue  # "a car for EUR 150 a day": a price
        if any(c.isdigit() for c in value) and any(c.isalpha() for c in value):
            yield *match.span(), "PLATE"


# A social handle after the network's name: "Instagram: @olivia.draws.things"; or after the
# speaker's own account on one ("mi TikTok es @...", "мой телеграм @...", "follow me @...").
_HANDLE = re.compile(
    r"(?i)\b(?:instagram|insta|ig|twitter|tiktok|telegram|threads|mastodon|snapchat)\s*:\s*"
    r"(?P<handle>@[\w.]{3,30}\w)"
)
_NETWORK = (
    r"instagram|insta|ig|twitter|x|tiktok|telegram|tg|threads|mastodon|snapchat|snap|discord|"
    r"twitch|youtube|yt|bluesky|reddit|kick|onlyfans|facebook|fb|vk|line|kakao|"
    r"инстаграм\w*|инст\w*|телеграм\w*|телеге|тг|тикток\w*|вк|ютуб\w*|인스타(?:그램)?|틱톡|"
    r"트위터|텔레그램|インスタ(?:グラム)?|ツイッター|ティックトック|抖音|小红书|微博|"
    r"انستقرام|انستغرام|تيك توك|تويتر|تلغرام|इंस्टाग्राम|इंस्टा"
)
_OWN_HANDLE = re.compile(
    r"(?i)(?<![\w])(?:my|mi|mis|mon|ma|mein\w*|meu|minha|mio|mia|mijn|mój|moje?|benim|"
    r"saya|aku|мой|моя|мои|мене|내|제|私の|僕の|我的|حسابي|मेरा|follow me|add me|find me|"
    r"sígueme|siganme|folge mir|suivez-moi|segue-me|me segue|подпишись)"
    rf"(?:\s+\w+)?\s*(?:(?:on|en|auf|sur|no|na)\s+)?(?:{_NETWORK})?"
    r"(?:\s+(?:handle|username|user|account|is|es|est|é|ist|это))*"
    r"[\s:：,-]*(?P<handle>@[\w.]{3,30}[\w])(?![\w@.])"
)
_NETWORK_NEAR = Folded(
    rf"(?<![\w])(?:{_NETWORK})(?![\w])|handle|username|pseudo|"
    r"usuario|usuário|ник|アカウント|계정|账号|follow|sígueme|folge"
)


def _handles(text: str, lower: str) -> Iterator[Span]:
    if "@" not in text:
        return
    for match in _HANDLE.finditer(text):
        yield *match.span("handle"), "PROFILE"
    if _NETWORK_NEAR.search(text, lower):
        for match in _OWN_HANDLE.finditer(text):
            yield *match.span("handle"), "PROFILE"


# Bank accounts without an IBAN: a UK sort code, and the account number named as such.
_SORT_CODE = re.compile(
    r"(?i)(?:sort[ -]?code\D{0,40}?(?P<value>\d{2}[- ]?\d{2}[- ]?\d{2})(?:\s*[/,]\s*"
    r"(?P<pair>\d{8}))?"
    r"|\bbsb\D{0,8}(?P<bsb>\d{3}[- ]?\d{3}))(?!\d)"
)
_ACCOUNT = re.compile(
    r"(?i)(?:account (?:number|no\.?)|(?:checking|savings|chequing|current) account|"
    r"\baccount(?=[:#]?\s+\d)|acct(?: no\.?)?|\bacc\b\.?|a/c(?: no\.?)?|kontonummer|"
    r"numer konta|rekeningnummer|\bkonto\b|clabe|[čc][íi]slo [úu][čc]tu|na [úu][čc]et|"
    r"\bconta\b(?: corrente| poupan[çc]a)?|"
    r"普通(?:預金)?|当座|"
    r"num[ée]ro de compte|n[úu]mero de cuenta|numero di conto|n[úu]mero da conta|"
    r"अकाउंट(?: नंबर)?|खाता(?: संख्या| नंबर| नं\.?)?|nomor rekening|no\.? rek(?:ening)?|"
    r"số tài khoản|\bstk\b|hesap (?:numaras[ıi]|no)|رقم (?:ال)?حساب|номер (?:банковского )?"
    r"сч[её]та|расч[её]тн\w* сч[её]т|계좌(?:번호)?|口座番号|银行卡号|账号|帳號)"
    # (not an IBAN's digits: "Konto: DE89 3704 ..." is the IBAN finder's)
    r"\D{0,40}?(?<![A-Za-z0-9])(?P<value>\d(?:[ \-]?\d){5,29})(?![\d])"
)


_ROUTING = re.compile(
    r"(?i)\b(?:routing|aba|rtn)(?: number| no\.?)?\D{0,12}?(?P<value>\d{9})(?!\d)"
)


# A cheque's MICR line: the routing number between transit symbols, the account before "⑈".
_MICR = re.compile(r"⑆(?P<routing>\d{9})⑆\s*(?P<account>\d{4,17})⑈")


def _accounts(text: str, lower: str) -> Iterator[Span]:
    if "⑆" in text:
        for match in _MICR.finditer(text):
            yield *match.span("routing"), "ACCOUNT"
            yield *match.span("account"), "ACCOUNT"
    if "routing" in lower or "aba" in lower or "rtn" in lower:
        from stdnum.us import rtn

        for match in _ROUTING.finditer(text):
            if rtn.is_valid(match["value"]):
                yield *match.span("value"), "ACCOUNT"
    if "sort" in lower or "bsb" in lower:
        for match in _SORT_CODE.finditer(text):
            group = "value" if match["value"] else "bsb"
            if not specimen(match[group]):
                yield *match.span(group), "ACCOUNT"
            if match["pair"] and not specimen(match["pair"]):
                yield *match.span("pair"), "ACCOUNT"
    if not any(w in lower for w in ("account", "acct", "acc", "a/c", "kont", "rekening",
                                    "compte", "cuenta", "conto", "conta", "clabe", "普通",
                                    "当座", "अकाउंट", "खाता", "rek", "tài khoản", "stk",
                                    "hesap", "حساب", "сч", "계좌", "口座", "卡号", "账号", "účet",
                                    "účtu", "ucet", "uctu",
                                    "帳號")):  # fmt: skip
        return
    for match in _ACCOUNT.finditer(text):
        if not specimen(match["value"]):
            yield *match.span("value"), "ACCOUNT"


def identifier_finders() -> list[Finder]:
    """Every finder of personal identifiers, most specific first."""
    return [
        *table_finders(),
        *document_finders(),
        _birth_dates,
        _accounts,
        _own_ips,
        _macs,
        _plates,
        _car_plates,
        _profiles,
        _handles,
        *address_finders(),
    ]
