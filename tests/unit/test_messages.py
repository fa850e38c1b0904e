from __future__ import annotations

import pytest

from lifelong.errors import InvalidName, InvalidRecord
from lifelong.persona.messages import RecordLimits, content_hash, validate_messages
from lifelong.persona.traits import Trait
from tests.helpers import turn

LIMITS = RecordLimits(max_message_chars=50, max_messages=4, max_metadata_bytes=100)


def test_a_plain_turn_is_normalised_to_role_and_content() -> None:
    messages = [
        {"role": "system", "content": "be brief"},
        {"role": "user", "content": "hi", "name": "bob"},
        {"role": "assistant", "content": "hello"},
    ]
    assert validate_messages(messages, LIMITS) == [
        {"role": "system", "content": "be brief"},
        {"role": "user", "content": "hi"},
        {"role": "assistant", "content": "hello"},
    ]


@pytest.mark.parametrize(
    ("messages", "field", "words"),
    [
        ("hello", "messages", "expected a list"),
        ([], "messages", "empty"),
        ([{"role": "user", "content": "x"}] * 5, "messages", "limit 4"),
        ([1, 2], "messages[0]", "expected an object"),
        ([{"role": "bot", "content": "x"}], "messages[0].role", "not one of"),
        ([{"role": "user", "content": ""}], "messages[0].content", "empty"),
        ([{"role": "user", "content": "   "}], "messages[0].content", "empty"),
        ([{"role": "user", "content": 5}], "messages[0].content", "expected text"),
        ([{"role": "user", "content": "x" * 51}], "messages[0].content", "limit 50"),
        ([{"role": "user", "content": "a\x00b"}], "messages[0].content", "control characters"),
        ([{"role": "user", "content": "\ud800"}], "messages[0].content", "surrogate"),
        ([{"role": "assistant", "content": "hi"}], "messages", "no user message"),
        ([{"role": "user", "content": "hi"}], "messages[0].role", "last message"),
        (
            [
                {"role": "user", "content": "hi"},
                {"role": "system", "content": "late"},
                {"role": "assistant", "content": "a"},
            ],
            "messages[1].role",
            "before the first turn",
        ),
    ],
)
def test_bad_messages_name_the_field(messages: object, field: str, words: str) -> None:
    with pytest.raises(InvalidRecord) as info:
        validate_messages(messages, LIMITS)
    assert info.value.field == field
    assert words in str(info.value)


def test_content_hash_depends_on_roles_and_text_only() -> None:
    a = content_hash(turn("q", "a"))
    assert a == content_hash(turn("q", "a"))
    assert a != content_hash(turn("q", "b"))
    swapped = [{"role": "assistant", "content": "q"}, {"role": "user", "content": "a"}]
    assert a != content_hash(swapped)


@pytest.mark.parametrize("name", ["../x", "a/b", "a\\b", "", "-x", "x" * 65, "a b", "é"])
def test_path_like_or_odd_names_are_refused(name: str) -> None:
    with pytest.raises(InvalidName):
        Trait(name)


def test_good_names_pass() -> None:
    assert Trait("python-tutor_2.v1", "d").name == "python-tutor_2.v1"


def test_a_blank_reply_is_recorded_as_given_but_a_blank_question_is_not() -> None:
    blank = [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "  "}]
    assert validate_messages(blank, LIMITS)[-1] == {"role": "assistant", "content": "  "}
    with pytest.raises(InvalidRecord, match="empty"):
        validate_messages([{"role": "user", "content": " "}, blank[1]], LIMITS)
