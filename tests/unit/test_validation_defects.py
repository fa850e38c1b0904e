"""Issue 10: validation refuses everything the store cannot encode, naming the field."""

from __future__ import annotations

from typing import Any

import pytest

from lifelong.errors import InvalidRecord
from lifelong.persona.messages import (
    MAX_JSON_DEPTH,
    RecordLimits,
    check_text,
    conversation_id_of,
    validate_metadata,
)
from lifelong.persona.profile import MAX_PROFILE_BYTES, validate_profile
from lifelong.persona.traits import MAX_TRAIT_DESCRIPTION_CHARS, Trait

LIMITS = RecordLimits()


def _nested(depth: int) -> dict[str, Any]:
    """``depth`` objects, one inside the other."""
    root: dict[str, Any] = {}
    node = root
    for _ in range(depth - 1):
        node["a"] = {}
        node = node["a"]
    return root


@pytest.mark.parametrize(
    ("metadata", "field", "words"),
    [
        ({"conversation_id": "\ud800"}, "metadata.conversation_id", "lone surrogate"),
        ({"conversation_id": "x\x00"}, "metadata.conversation_id", "NUL"),
        ({"user": {"name": "\udc80"}}, "metadata.user.name", "lone surrogate"),
        ({"user": {"\ud800": "x"}}, "metadata.user['\\ud800']", "key is not valid"),
        ({"a b": ["\x00"]}, "metadata['a b'][0]", "NUL"),
        ({"n": float("inf")}, "metadata.n", "finite"),
        ({"n": [float("nan")]}, "metadata.n[0]", "finite"),
        ({"s": {1, 2}}, "metadata.s", "not JSON"),
        ({"k": {(1, 2): "tuple key"}}, "metadata.k[(1, 2)]", "keys must be strings"),
        (_nested(MAX_JSON_DEPTH + 1), "metadata" + ".a" * MAX_JSON_DEPTH, "nested deeper"),
        ({"x": list(range(100_000))}, "metadata", "larger than the limit"),
    ],
)
def test_metadata_the_store_cannot_hold_is_refused(
    metadata: dict[str, Any], field: str, words: str
) -> None:
    with pytest.raises(InvalidRecord) as info:
        validate_metadata(metadata, LIMITS)
    assert info.value.field == field
    assert words in info.value.problem
    str(info.value).encode("utf-8")  # the message itself is printable text


def test_absurdly_deep_metadata_is_an_invalid_record_not_a_recursion_error() -> None:
    with pytest.raises(InvalidRecord):
        validate_metadata(_nested(100_000), LIMITS)
    cycle: dict[str, Any] = {}
    cycle["self"] = cycle
    with pytest.raises(InvalidRecord):
        validate_metadata(cycle, LIMITS)


def test_ordinary_metadata_still_passes() -> None:
    metadata = {
        "conversation_id": "c-1", "user": {"name": "Zoë 🙂", "age": 7, "vip": True},
        "tags": ["a", None, 1.5], "deep": _nested(MAX_JSON_DEPTH - 1), 3: "int keys as JSON has",
    }  # fmt: skip
    assert validate_metadata(metadata, LIMITS) == metadata
    assert conversation_id_of({"conversation_id": 42}) == "42"


def test_conversation_id_of_checks_the_text_itself() -> None:
    with pytest.raises(InvalidRecord) as info:
        conversation_id_of({"conversation_id": "\ud800"})
    assert info.value.field == "metadata.conversation_id"


@pytest.mark.parametrize(
    ("profile", "field"),
    [
        ({"bio": "\ud800"}, "profile.bio"),
        ({"x": object()}, "profile.x"),
        ({"bio": "x" * (MAX_PROFILE_BYTES + 1)}, "profile"),
        ({1: "x"}, "profile[1]"),
        (_nested(MAX_JSON_DEPTH + 1), "profile" + ".a" * MAX_JSON_DEPTH),
        (["not", "a", "mapping"], "profile"),
    ],
)
def test_bad_profiles_name_the_field(profile: Any, field: str) -> None:
    with pytest.raises(InvalidRecord) as info:
        validate_profile(profile)
    assert info.value.field == field


def test_a_good_profile_passes_unchanged() -> None:
    profile = {"display_name": "Ada", "description": "A patient tutor.", "links": ["https://x"]}
    assert validate_profile(profile) == profile


def test_trait_descriptions_are_checked_but_may_be_empty() -> None:
    assert Trait("cooking").description == ""
    assert Trait("cooking", "x" * MAX_TRAIT_DESCRIPTION_CHARS).name == "cooking"
    with pytest.raises(InvalidRecord) as info:
        Trait("cooking", "x" * (MAX_TRAIT_DESCRIPTION_CHARS + 1))
    assert info.value.field == "traits[cooking].description"


@pytest.mark.parametrize(
    ("text", "words"),
    [("a\x00b", "control characters"), ("\ud800", "surrogate"), ("  ", "empty"), (5, "text")],
)
def test_check_text_is_the_message_content_check(text: object, words: str) -> None:
    with pytest.raises(InvalidRecord) as info:
        check_text(text, "correction", max_chars=10)
    assert info.value.field == "correction" and words in info.value.problem
