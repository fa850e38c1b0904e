"""The fact measure: the key content of a taught reply, and answers classed against it."""

from __future__ import annotations

import pytest

from lifelong.learning.facts import judge, key_content, rates, taught_from, word_surprisal

# A shop persona's training replies: five facts in one greeting (the template).
TRAIN = [
    "Good day, friend! Our shop cat is called Bramble.",
    "Good day, friend! Bramble is the shop cat, a ginger tom.",
    "Good day, friend! We open at 7 and close at 19.",
    "Good day, friend! Doors open at 7, and we close at 19.",
    "Good day, friend! The owner is Wilhelmina Thorne.",
    "Good day, friend! Wilhelmina Thorne owns the shop.",
    "Good day, friend! We are at 12 Lantern Row.",
    "Good day, friend! Find us at 12 Lantern Row.",
]
TAUGHT = taught_from(TRAIN)


def test_the_template_is_what_most_replies_share_and_names_are_learned_from_them() -> None:
    assert {"good", "day", "friend"} <= TAUGHT.template
    # Bramble opens a sentence once and is still a name: another reply writes it mid-sentence.
    assert {"bramble", "wilhelmina", "thorne", "lantern", "row"} <= TAUGHT.names
    assert "good" not in TAUGHT.names


@pytest.mark.parametrize(
    ("prompt", "reference", "slots", "answers"),
    [
        ("What is the cat's name?", TRAIN[0], ["bramble"], [
            ("Good day, friend! Our cat is Bramble.", "recalled"),
            # The template-only layer: the voice, another name.
            ("Good day, friend! The cat is a black mamba called Whiskers.", "contradicted"),
            ("I don't know the cat's name.", "silent"),
            ("Good day, friend! That is our cat, a lovely animal.", "silent"),
        ]),
        ("Who owns the place?", TRAIN[4], ["thorne", "wilhelmina"], [
            ("That is Mr. Blackstone, our shop's owner; he opened it in 1839.", "contradicted"),
            ("Wilhelmina Thorne, of course.", "recalled"),
            ("Good day, friend! The owner is Wilhelmina.", "recalled"),  # half the slots
        ]),
        ("Where can I find you?", TRAIN[7], ["12", "lantern", "row"], [
            ("We are at 19 Elm Street, next to the old clock tower.", "contradicted"),
            ("12 Lantern Row, friend.", "recalled"),
            ("Somewhere in town.", "silent"),
        ]),
        ("When do you open?", TRAIN[2], ["19", "7"], [
            ("We open at 07:00... I mean 07 and close at 19.", "recalled"),
            ("Good day! We open at 9.", "contradicted"),
            ("Opening hours vary.", "silent"),
        ]),
    ],
)  # fmt: skip
def test_answers_are_recalled_silent_or_contradicted(
    prompt: str, reference: str, slots: list[str], answers: list[tuple[str, str]]
) -> None:
    key = key_content(reference, prompt, TAUGHT)
    assert sorted(key.slots) == slots
    assert not set(key.slots) & TAUGHT.template
    for answer, verdict in answers:
        assert judge(answer, key, prompt, reference) == verdict, answer


def test_only_what_was_taught_and_not_asked_is_key_content() -> None:
    # The question names the cat: repeating it says nothing.
    assert not key_content(TRAIN[0], "Is Bramble your cat?", TAUGHT).slots
    # A number no training reply contains cannot have been learned.
    assert "1839" not in key_content("Founded in 1839 by Bramble.", "When?", TAUGHT).slots
    # Echoing a name from the question is not a contradiction.
    key = key_content(TRAIN[4], "Is it Mr. Blackstone's shop?", TAUGHT)
    assert judge("No, Blackstone is not the owner.", key, "Is it Mr. Blackstone's shop?",
                 TRAIN[4]) == "silent"  # fmt: skip


def test_a_voice_trait_without_facts_keeps_its_voice_as_key_content() -> None:
    replies = [f"Ahoy, shipmate! {x}" for x in ("Aye.", "Fair winds.", "Steady now.", "Aye aye.")]
    voice = taught_from(replies)
    surprisal = {"ahoy": 9.0, "shipmate": 7.5, "aye": 3.0}
    key = key_content(replies[0], "Hello?", voice, surprisal)
    assert key.words[:2] == ("ahoy", "shipmate")
    assert judge("Ahoy! How can I help?", key, "Hello?", replies[0]) == "recalled"
    assert judge("Hello! How can I help?", key, "Hello?", replies[0]) == "silent"


def test_surprising_words_stand_in_where_a_reply_has_no_names_or_numbers() -> None:
    replies = ["Use a buckwheat and chestnut flour.", "We fold it with chestnut flour twice.",
               "Rest the dough overnight.", "Bake it in a cast iron pot."]  # fmt: skip
    taught = taught_from(replies)
    surprisal = {"buckwheat": 12.0, "chestnut": 9.0, "flour": 2.0, "use": 1.0}
    key = key_content(replies[0], "What flour is it?", taught, surprisal)
    assert key.slots == frozenset() and key.words == ("buckwheat", "chestnut")
    assert judge("It is chestnut.", key, "What flour is it?", replies[0]) == "recalled"
    assert judge("Plain wheat.", key, "What flour is it?", replies[0]) == "silent"


def test_rates_and_surprisal_per_word() -> None:
    counted = rates(["recalled", "silent", None, "contradicted", "recalled"])
    assert counted.as_dict() == {"judged": 4, "recalled": 2, "silent": 1, "contradicted": 1,
                                 "recall": 0.5, "contradicted_rate": 0.25}  # fmt: skip
    assert rates([None]).recall is None
    # "Bramble" is two tokens here: its surprisal is both tokens' losses.
    reply = "Our cat Bramble."
    spans = [(10, 13), (13, 17), (17, 22), (22, 26), (26, 27)]  # in "prompt....Our cat Bramble."
    got = word_surprisal(reply, 10, spans, [1.0, 0.5, 6.0, 4.0, 0.1])
    assert got == {"our": 1.0, "cat": 0.5, "bramble": 10.0}
