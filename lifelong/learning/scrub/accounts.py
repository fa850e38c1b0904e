"""The scrubber's finders of one's accounts elsewhere: a handle or gamer tag right after the
network's name ("insta nuevo es @olya", "PSN is NightOwl4410", "discord: Kx_melo91"), a
Steam profile's address, and a crypto wallet's address given to be paid on.
See :mod:`lifelong.learning.scrub.scrubber`.

A network's name alone says nothing of whose account follows, so a handle must look like
one: written with its "@", or a name with digits in it ("SleepyOtter8574"), which no word
of prose is. A wallet address is public by design, but it ties every payment to whoever
gave it: it goes where the turn says it is one's wallet.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lifelong.learning.scrub.rules import Finder, Folded, Span

__all__ = ["account_finders"]

# The networks and game services (and their words for a handle), in the scripts people
# write them in.
_NETWORK = Folded(
    r"(?<![a-z0-9_.@/])(?:instagram|insta|ig|tiktok|venmo|cash ?app|cashtag|pinterest|vsco|"
    r"wechat(?: id)?|weixin|微信|kakao(?:talk)?(?: id)?|line id|"
    r"twitter|threads|snapchat|snap|telegram|discord|"
    r"twitch|youtube|bluesky|reddit|kick|xbox|gamertag|gamer ?tag|psn|playstation network|"
    r"psn id|steam|epic(?: games)?|riot id|battle\.?net|battletag|nintendo|friend code|roblox|"
    r"minecraft|valorant|fortnite|ник|никнейм|инста|телеграм|인스타(?:그램)?|아이디|틱톡|"
    r"インスタ|ツイッター|アカウント|抖音|小红书|微博|انستقرام|انستغرام|इंस्टा|"
    # the word for a username itself, in the languages of sign-up forms
    r"user ?name|usuario|nombre de usuario|nom d'utilisateur|benutzername|nutzername|"
    r"nome utente|nome de usu[áa]rio|usu[áa]rio|gebruikersnaam|nazwa u[żz]ytkownika|"
    r"kullan[ıi]c[ıi] ad[ıi]\w*|имя пользователя|ユーザー名|用户名|用戶名|사용자 ?이름|"
    r"tên người dùng|tên đăng nhập|nama pengguna|اسم المستخدم|שם משתמש|उपयोगकर्ता नाम)"
    # (a particle glued after it: "LINE IDはmichiko_62")
    r"(?:(?![\w])|(?=[はがの是为為은는]))"
)
_NETWORK_STEMS = ("insta", "ig", "tiktok", "venmo", "cash", "pinterest", "vsco", "twitter",
                  "wechat", "weixin", "微信", "kakao", "line id",
                  "threads", "snap", "telegram", "discord",
                  "twitch", "youtube", "bluesky", "reddit", "kick", "xbox", "gamer", "psn",
                  "playstation", "steam", "epic", "riot", "battle", "nintendo", "friend code",
                  "roblox", "minecraft", "valorant", "fortnite", "ник", "инста", "телеграм",
                  "인스타", "아이디", "틱톡", "インスタ", "ツイッター", "アカウント", "抖音",
                  "小红书", "微博", "انستقرام", "انستغرام", "इंस्टा", "user", "usuario",
                  "utilisateur", "benutzer", "nutzer", "utente", "usuário", "gebruiker",
                  "użytkownik", "kullan", "пользовател", "ユーザー", "用户", "用戶", "사용자",
                  "người dùng", "đăng nhập", "pengguna", "المستخدم", "משתמש",
                  "उपयोगकर्ता")  # fmt: skip
# After the name: a few words ("nuevo es", "ku sekarang", "add me on"), then the handle.
# (a handle written with its "@" may stand farther: "my insta for the bakery is personal,
# it's @..."; Venmo's hold dashes)
_HANDLE_AFTER = re.compile(
    r"(?:[はが是为為은는]|です)?(?:(?:[^\S\n]+[^\s@\d:：]{1,12}){0,6}?[^\S\n]*[:：]?[^\S\n]*"
    r"(?P<at>@[A-Za-z0-9_.\-]{3,30}[A-Za-z0-9_])"
    r"|(?:[^\S\n]+[^\s@\d:：]{1,12}){0,4}?[^\S\n]*[:：]?[^\S\n]*"
    r"(?P<bare>(?=[\w.]*\d)(?=[\w.]*[A-Za-z])[A-Za-z][A-Za-z0-9_.]{3,30}[A-Za-z0-9_]))"
    r"(?![0-9A-Za-z_@.\-\u00c0-\u024f]|\.\w)"  # (a particle may follow: "michiko_62です")
)
# A Reddit user, in a thread pasted by someone who says the account is theirs.
_REDDIT_USER = re.compile(r"(?<![\w/])u/[A-Za-z0-9_\-]{3,20}(?![\w/])")
_THEIRS = Folded(r"my account|my username|my post|my comment|that'?s me|i posted|i'?m u/")
# A product's name with its number is no handle: "Xbox Series X", "PS5", "Minecraft 1.20".
_PRODUCT = re.compile(
    r"(?i)^(?:ps\d|series|one|switch|xbox\d*|win\d+|v?\d+(?:\.\d+)*|"
    r"[a-z]{1,3}\d{1,3}|rtx\d+|gtx\d+|2fa|mp\d)$"
)

_STEAM_PROFILE = re.compile(
    r"(?:https?://)?steamcommunity\.com/(?:profiles/\d{17}|id/[\w-]{2,32})/?"
)

_WALLET = re.compile(
    r"(?<![\w])(?:bc1[ac-hj-np-z02-9]{38,58}|[13][a-km-zA-HJ-NP-Z1-9]{25,34}"
    r"|0x[0-9a-fA-F]{40}|T[1-9A-HJ-NP-Za-km-z]{33})(?![\w])"
)
_WALLET_WORDS = Folded(
    r"wallet|address|addr|send|pay|btc|bitcoin|eth|ether|usdt|crypto|metamask|trust|"
    r"monedero|cartera|billetera|carteira|portefeuille|geldbörse|кошел|адрес|지갑|ウォレット|"
    r"钱包|錢包|محفظة|ארנק|dompet|ví"
)
# A contract's or a transaction's hash is no one's wallet.
_NOT_A_WALLET = re.compile(r"(?i)contract|\btx\b|transaction|hash|token address|etherscan")


def _handles(text: str, lower: str) -> Iterator[Span]:
    if not any(stem in lower for stem in _NETWORK_STEMS):
        return
    for name in _NETWORK.finditer(text, lower):
        match = _HANDLE_AFTER.match(text, name.end())
        if match is None:
            continue
        group = "at" if match["at"] else "bare"
        if _PRODUCT.match(match[group].lstrip("@")):
            continue
        yield *match.span(group), "PROFILE"


def _reddit_users(text: str, lower: str) -> Iterator[Span]:
    if "u/" in text and _THEIRS.search(text, lower):
        for match in _REDDIT_USER.finditer(text):
            yield *match.span(), "PROFILE"


def _steam_profiles(text: str, lower: str) -> Iterator[Span]:
    if "steamcommunity.com/" in lower:
        for match in _STEAM_PROFILE.finditer(text):
            yield *match.span(), "PROFILE"


def _wallets(text: str, lower: str) -> Iterator[Span]:
    if not ("bc1" in lower or "0x" in lower or any(c in text for c in "13T")):
        return
    for match in _WALLET.finditer(text):
        value = match[0]
        if value[0] in "13T" and not (
            any(c.isdigit() for c in value) and any(c.islower() for c in value)
        ):
            continue  # (base58 mixes both; a word in capitals does not)
        if _NOT_A_WALLET.search(text) or not _WALLET_WORDS.search(text, lower):
            continue
        yield *match.span(), "ACCOUNT"


def account_finders() -> list[Finder]:
    """Every finder of this module."""
    return [_steam_profiles, _wallets, _handles, _reddit_users]
