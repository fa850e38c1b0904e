# ruff: noqa: E501  (one case a line: the text and what it becomes, side by side)
"""The families of finders added after the eleventh blind corpus (bench/data/scrub/blind11.jsonl):
values handed over to be kept or said back ("remember X", "noted — X"); one's accounts
elsewhere (handles after a network's name, Steam profiles, wallet addresses); more service
tokens; one-time codes sent by a bank in more languages; birthdays said of oneself in more
languages and date shapes. Every value here is made up for this file, in other words and
languages than the corpus's; and what must stay as it is beside each family.
"""

from __future__ import annotations

import pytest

from lifelong.learning.scrub import Scrubber


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("can you remember Tq47-rivo-melon for me?", "can you remember [PASSWORD] for me?"),
        ("Merk dir bitte: 4471 9026, danke", "Merk dir bitte: [PASSWORD], danke"),
        ("*Kai smiles* Noted — lampu-kereta-oryx7. Anything else?", "*Kai smiles* Noted — [PASSWORD]. Anything else?"),
        ('"Zw9!pLm2rr" … I wrote it down, promise', '"[PASSWORD]" … I wrote it down, promise'),
        ("запомни: 5520 1187 3309 пожалуйста", "запомни: [ID] пожалуйста"),
        ("So it's hR7bkQ2mwZ? Cool!", "So it's [PASSWORD]? Cool!"),
    ],
)  # fmt: skip
def test_values_kept_or_said_back_are_scrubbed(text: str, expected: str) -> None:
    assert Scrubber()(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tiktok baru aku @sari.dances77 ya", "tiktok baru aku [PROFILE] ya"),
        ("my gamertag is QuietBadger2210", "my gamertag is [PROFILE]"),
        ("Steam: https://steamcommunity.com/profiles/76561198000000042", "Steam: [PROFILE]"),
        ("send the refund to my wallet 0x8ba1f109551bd432803012645ac136ddd64dba72", "send the refund to my wallet [ACCOUNT]"),
        ("Replicate token r8_Ab3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5bC7", "Replicate token [API_KEY]"),
        ("twitch bot login oauth:k2j4h5g6f7d8s9a0q1w2e3r4t5y6u7", "twitch bot login [API_KEY]"),
    ],
)  # fmt: skip
def test_accounts_and_service_tokens_are_scrubbed(text: str, expected: str) -> None:
    assert Scrubber()(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("la banca mi ha mandato il codice 417 902, che faccio?", "la banca mi ha mandato il codice [PASSWORD], che faccio?"),
        ("Bank schickte eine TAN 55103927, ich war das nicht", "Bank schickte eine TAN [PASSWORD], ich war das nicht"),
        ("mi cumple es el 09/04/1991, acuérdate", "mi cumple es el [BIRTHDATE], acuérdate"),
        ("birthday ko ay 11 / 02 / 1995 ha", "birthday ko ay [BIRTHDATE] ha"),
    ],
)  # fmt: skip
def test_codes_and_birthdays_in_more_languages_are_scrubbed(text: str, expected: str) -> None:
    assert Scrubber()(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "remember that the meeting moved to 2025-06-02 14:00",
        "I'll remember 2024 as the year we met",
        "noted, it costs 125000 dollars though",
        "π is 3.14159265358979 — help me memorise it",
        "note: run with `RUST_BACKTRACE=1` to see more",
        "the Notebook A5 is item BK-0417-ZX in the list",
        "remember to buy an Xbox Series X for the kids",
        "my insta is mostly food pics lol",
        "discord: we meet at 8",
        "bc1 addresses are the newer bitcoin wallet format, right?",
        "SECRET_KEY=change-me-before-deploy in the sample config",
        "switched my DNS to 9.9.9.9 yesterday",
        "urodziny Chopina to 01.03.1810",
        "I wrote it in my notebook: chapter 12, pages 140-155.",
        "zapisałam sobie: rozdział 3, strony 1200–1350",
        "Remember my order number is 114-2250037-8812301 for the return.",
        "Note it down: the meeting moved to 3pm on Friday, room B214.",
        "Jot this down: flight BA2490, seat 14C, gate B32.",
        "noted, your order SO-48213 ships on Monday",
        "anotado: tu pedido nº 77-41230 llega el martes",
    ],
)
def test_ordinary_turns_stay(text: str) -> None:
    assert Scrubber()(text) == text
