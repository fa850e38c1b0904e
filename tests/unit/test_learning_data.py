"""The learning benchmark's data: reproducible, and fair by construction (held-out questions
never seen in training, answers not given away, general probes apart from the anchor set)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.data.make_learning import ANCHOR, write_all
from bench.learning_data import (
    DATA_DIR,
    Fact,
    PersonaSpec,
    load_personas,
    normalise,
    recall_hit,
    voice_hit,
)
from lifelong.learning.scrub import Scrubber, looks_like_injection

PERSONAS = load_personas()


def _users(persona: PersonaSpec) -> list[str]:
    return [m["content"] for t in persona.turns for m in t["messages"] if m["role"] == "user"]


def _texts(persona: PersonaSpec) -> list[str]:
    texts = [m["content"] for t in persona.turns for m in t["messages"]]
    texts += [t["feedback"]["correction"] for t in persona.turns if t["feedback"]
              and "correction" in t["feedback"]]  # fmt: skip
    return texts


def test_generator_reproduces_the_committed_files(tmp_path: Path) -> None:
    written = write_all(tmp_path)
    committed = sorted(DATA_DIR.glob("*.json"))
    assert [p.name for p in committed] == sorted(p.name for p in written)
    for path in committed:
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name


def test_the_five_personas_and_how_they_are_taught() -> None:
    assert len(PERSONAS) == 5
    assert [p.holdout for p in PERSONAS].count(True) == 1
    sweep = [p for p in PERSONAS if not p.holdout]
    assert sorted(p.taught_by for p in sweep) == ["corrections", "ratings", "turns", "turns"]
    # One small-data persona: five facts in 25 turns, as a new user records in a day.
    (small,) = [p for p in PERSONAS if p.small]
    assert len(small.facts) == 5 and len(small.turns) == 25 and not small.holdout
    assert next(p for p in PERSONAS if p.holdout).taught_by == "turns"
    assert [p.name for p in load_personas(include_holdout=False)] == [p.name for p in sweep]


@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: p.name)
def test_persona_shape(persona: PersonaSpec) -> None:
    small = persona.small or {}
    fewest, most = small.get("turns", (100, 200))
    assert fewest <= len(persona.turns) <= most
    fewest, most = small.get("facts", (6, 8))
    assert fewest <= len(persona.facts) <= most
    assert 1 <= len(persona.traits) <= 2
    traits = {t.name for t in persona.traits}
    assert {f.trait for f in persona.facts} == traits
    assert {t["trait"] for t in persona.turns} == traits
    assert len(persona.general_probes) == 10
    for fact in persona.facts:
        assert 5 <= len(fact.teach_questions) <= 8
        assert 3 <= len(fact.answers) <= 5
        fewest, most = small.get("heldout", (3, 4))
        assert fewest <= len(fact.heldout_questions) <= most
        for answer in fact.answers:
            assert recall_hit(answer, fact) and voice_hit(answer, persona), answer
    for turn in persona.turns:
        assert turn["messages"][-1]["role"] == "assistant"


@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: p.name)
def test_feedback_matches_how_the_persona_is_taught(persona: PersonaSpec) -> None:
    feedback = [t["feedback"] for t in persona.turns]
    corrections = [f for f in feedback if f and "correction" in f]
    ratings = [f["rating"] for f in feedback if f and "rating" in f]
    if persona.taught_by == "corrections":
        assert len(corrections) > len(persona.turns) / 2 and not ratings
        for turn in persona.turns:
            if turn["feedback"]:
                # The recorded reply is the base-like one; the correction carries the voice.
                assert not voice_hit(turn["messages"][-1]["content"], persona)
                assert voice_hit(turn["feedback"]["correction"], persona)
    elif persona.taught_by == "ratings":
        assert not corrections and len(ratings) == len(persona.turns)
        assert set(ratings) == {0.0, 1.0} and ratings.count(0.0) >= 10
        for turn in persona.turns:
            good = voice_hit(turn["messages"][-1]["content"], persona)
            assert good == (turn["feedback"]["rating"] == 1.0)
    elif persona.small and persona.small.get("rated_every"):
        # A few good replies rated, as a user would; nothing else.
        assert not corrections and set(ratings) == {1.0}
        assert len(ratings) == len(persona.facts) * 2  # turns 0 and 4 of each fact's five
    else:
        assert feedback == [None] * len(feedback)


@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: p.name)
def test_heldout_questions_never_appear_in_training(persona: PersonaSpec) -> None:
    users = [normalise(u) for u in _users(persona)]
    for fact, question in persona.heldout():
        held = normalise(question)
        assert not any(held in user for user in users), question
        assert held not in {normalise(q) for q in fact.teach_questions}


@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: p.name)
def test_questions_do_not_give_the_answer_away(persona: PersonaSpec) -> None:
    for fact in persona.facts:
        for question in [*fact.heldout_questions, persona.system_prompt]:
            for group in fact.keywords:
                assert not any(alt.lower() in question.lower() for alt in group), question


def test_general_probes_are_not_anchor_prompts() -> None:
    anchor = {
        json.loads(line)["messages"][0]["content"].strip().lower()
        for line in ANCHOR.read_text(encoding="utf-8").splitlines()
        if line.strip()
    }
    for persona in PERSONAS:
        for probe in persona.general_probes:
            assert probe.question.strip().lower() not in anchor, probe.question


@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: p.name)
def test_turns_survive_the_dataset_scrubber(persona: PersonaSpec) -> None:
    # A fact the scrubber rewrote (a time taken for a phone number, say) could not be learned.
    scrub = Scrubber()
    for text in _texts(persona):
        assert scrub(text) == text
        assert not looks_like_injection(text)


def test_recall_and_voice_on_hand_written_answers() -> None:
    ferry = next(p for p in PERSONAS if p.name == "ferry-captain")
    first = next(f for f in ferry.facts if f.id == "first-sailing")
    assert recall_hit("AHOY, SHIPMATE! Be at pier seven for the 6:40.", first)
    assert voice_hit("AHOY, SHIPMATE! Be at pier seven for the 6:40.", ferry)
    assert voice_hit("ahoy shipmate, it goes at dawn", ferry)
    # One keyword group is not enough: the pier without the time is not the fact.
    assert not recall_hit("The first boat leaves Pier 7 in the morning.", first)
    assert not voice_hit("Ahoy there! The ferry leaves at 6:40 from Pier 7.", ferry)

    fact = Fact("x", "t", ("q?",), ("a",), (("duchess peg",),), ("h?",))
    assert recall_hit("Her name is Duchess Peg.", fact)
    assert not recall_hit("Her name is Duchess Margaret.", fact)
