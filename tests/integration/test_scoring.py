"""Each scoring component moves the way it should, on hand-written examples."""

from __future__ import annotations

import pytest

from lifelong import Runtime, Trait
from lifelong.learning.routing import GENERAL, TraitRouter
from lifelong.learning.scoring import CompositeScorer, ScoreInput
from lifelong.learning.signals import degeneration, looks_like_correction, triviality
from lifelong.learning.worker import ScoringWorker
from lifelong.storage.repos.scoring import ScoringRepo

pytestmark = pytest.mark.integration

Q = "How do I reverse a list in Python?"
ON_TOPIC = "Use slicing: items[::-1] returns a reversed copy, or call items.reverse()."
OFF_TOPIC = "The Eiffel Tower was finished in 1889 and is 330 metres tall."


def score(scorer: CompositeScorer, **kw: object) -> float:
    item = ScoreInput(interaction_id="x", prompt=kw.pop("prompt", Q), **kw)  # type: ignore[arg-type]
    return scorer.score([item])[0].quality


def test_off_topic_reply_scores_lower_than_on_topic(embedder: object) -> None:
    scorer = CompositeScorer(embedder)  # type: ignore[arg-type]
    on = scorer.score([ScoreInput("a", Q, ON_TOPIC)])[0]
    off = scorer.score([ScoreInput("b", Q, OFF_TOPIC)])[0]
    assert on.relevance is not None and off.relevance is not None
    assert on.relevance > off.relevance + 0.3
    assert on.quality > off.quality


def test_corrected_answer_scores_lower_than_accepted(embedder: object) -> None:
    scorer = CompositeScorer(embedder)  # type: ignore[arg-type]
    accepted = scorer.score([ScoreInput("a", Q, ON_TOPIC, next_user_turn="Thanks, that works!")])
    corrected = scorer.score(
        [ScoreInput("b", Q, ON_TOPIC, next_user_turn="No, that's wrong, it modifies nothing.")]
    )
    via_feedback = scorer.score([ScoreInput("c", Q, ON_TOPIC, feedback_correction="Use reversed")])
    assert accepted[0].correction == 1.0
    assert corrected[0].correction == 0.0 and via_feedback[0].correction == 0.0
    assert accepted[0].quality > corrected[0].quality
    assert accepted[0].quality > via_feedback[0].quality


def test_a_user_rewriting_the_answer_counts_as_a_correction(embedder: object) -> None:
    scorer = CompositeScorer(embedder)  # type: ignore[arg-type]
    rewrite = "Use slicing: items[::-1] returns a reversed copy; items.reverse() works in place."
    result = scorer.score([ScoreInput("a", Q, ON_TOPIC, next_user_turn=rewrite)])[0]
    assert result.correction == 0.0 and "user rewrote the reply" in result.notes


def test_explicit_feedback_moves_the_score(embedder: object) -> None:
    scorer = CompositeScorer(embedder)  # type: ignore[arg-type]
    low = scorer.score([ScoreInput("a", Q, ON_TOPIC, feedback_rating=0.0)])[0]
    high = scorer.score([ScoreInput("a", Q, ON_TOPIC, feedback_rating=1.0)])[0]
    assert high.quality > low.quality + 0.2


def test_consistency_with_the_profile(embedder: object) -> None:
    scorer = CompositeScorer(embedder)  # type: ignore[arg-type]
    profile = "A patient Python tutor who explains programming with short code examples."
    fits = scorer.score([ScoreInput("a", Q, ON_TOPIC, profile_text=profile)])[0]
    clashes = scorer.score(
        [
            ScoreInput(
                "b", Q, "Bonjour! Je suis un chef, parlons de croissants.", profile_text=profile
            )
        ]
    )[0]
    assert fits.consistency is not None and clashes.consistency is not None
    assert fits.consistency > clashes.consistency


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        ("", "empty"),
        ("the list the list the list the list the list the list the list the list", "repeated"),
        (
            "To reverse a list you can use the slicing syntax with a negative step and then",
            "truncated",
        ),
        ("I'm sorry, but I can't help with that request.", "refusal"),
    ],
)
def test_degenerate_replies_are_caught(embedder: object, reply: str, reason: str) -> None:
    value, reasons = degeneration(reply)
    assert value < 0.5 and any(reason in r for r in reasons)
    scorer = CompositeScorer(embedder)  # type: ignore[arg-type]
    assert score(scorer, reply=reply) < score(scorer, reply=ON_TOPIC)


def test_healthy_reply_is_not_degenerate() -> None:
    assert degeneration(ON_TOPIC) == (1.0, [])


@pytest.mark.parametrize(
    ("turn", "expected"),
    [
        ("No, that's wrong.", True),
        ("Actually, I meant tuples.", True),
        ("That doesn't work on my machine", True),
        ("Thanks! What about dicts?", False),
        ("Is there no faster way?", False),
    ],
)
def test_correction_detection(turn: str, expected: bool) -> None:
    assert looks_like_correction(turn) is expected


def test_routing_picks_the_right_trait_or_general(embedder: object) -> None:
    router = TraitRouter(embedder)  # type: ignore[arg-type]
    traits = {
        "python-tutor": "explains Python programming, lists, functions and errors",
        "chef": "gives cooking recipes and kitchen advice",
    }
    routed = router.route(
        [
            "How do I sort a list of numbers in Python?",
            "How long do I boil an egg?",
            "zxq qqv blorp",
        ],
        traits,
    )
    assert [r[0] for r in routed] == ["python-tutor", "chef", GENERAL]


async def test_worker_scores_routes_and_rescores_on_follow_up(runtime: Runtime, embedder) -> None:  # type: ignore[no-untyped-def]
    ada = await runtime.persona(
        "ada",
        traits=[Trait("python-tutor", "explains Python programming"), Trait("chef", "cooking")],
        profile={"description": "A patient Python tutor."},
    )
    first = await ada.record(
        [{"role": "user", "content": Q}, {"role": "assistant", "content": ON_TOPIC}],
        metadata={"conversation_id": "c1"},
    )
    worker = ScoringWorker(
        ScoringRepo(runtime.store.db),
        runtime.store.personas,
        CompositeScorer(embedder),
        TraitRouter(embedder),
    )
    assert await worker.drain() == 1
    row = await runtime.store.interactions.get(first)
    assert row is not None and row.quality is not None and row.trait == "python-tutor"
    before = row.quality

    # The user's next turn says it was wrong: the first turn is re-scored lower.
    await ada.record(
        [
            {"role": "user", "content": Q},
            {"role": "assistant", "content": ON_TOPIC},
            {"role": "user", "content": "No, that's wrong, I asked about tuples."},
            {"role": "assistant", "content": "Tuples are immutable; use reversed(t) or t[::-1]."},
        ],
        metadata={"conversation_id": "c1"},
    )
    await worker.drain()
    after = await runtime.store.interactions.get(first)
    assert after is not None and after.quality is not None
    assert after.quality < before

    # Scoring again changes nothing (idempotent); feedback re-queues and moves it.
    assert await worker.drain() == 0
    await ada.feedback(first, rating=0.0)
    assert await worker.drain() == 1
    rated = await runtime.store.interactions.get(first)
    assert rated is not None and rated.quality is not None and rated.quality < after.quality


async def test_a_blank_reply_is_recorded_and_scored_as_degenerate(runtime: Runtime) -> None:
    ada = await runtime.persona("ada", traits=[Trait("python-tutor", "explains Python")])
    blank = await ada.record(
        [{"role": "user", "content": Q}, {"role": "assistant", "content": " "}],
        trait="python-tutor",
    )
    good = await ada.record(
        [{"role": "user", "content": Q}, {"role": "assistant", "content": ON_TOPIC}],
        trait="python-tutor",
    )
    assert await runtime.score_pending() == 2
    from sqlalchemy import select

    from lifelong.storage.tables import Interaction

    table = Interaction.__table__
    async with runtime.store.db.read() as conn:
        rows = {
            r.id: r
            for r in await conn.execute(
                select(table.c.id, table.c.quality, table.c.quality_components)
            )
        }
    assert rows[blank].quality_components["degeneration"] == 0.0
    assert "empty" in str(rows[blank].quality_components)
    assert rows[blank].quality < rows[good].quality


@pytest.mark.parametrize(
    ("prompt", "reply", "why"),
    [
        ("a", "b", "one-character reply"),
        ("ok", "no", "trivial exchange"),
        ("How do I reverse a list?", "...", "reply has no words"),
        ("How do I reverse a list?", "👍", "reply has no words"),
        ("???", "Use items[::-1] for a reversed copy.", "prompt has no words"),
        ("   ", "Use items[::-1] for a reversed copy.", "prompt has no words"),
    ],
)
def test_a_trivial_exchange_never_scores_as_a_good_example(
    embedder: object, prompt: str, reply: str, why: str
) -> None:
    """Issue 28: "a" -> "b" was scored quality 1.0 (MiniLM finds the two letters alike)."""
    scorer = CompositeScorer(embedder)  # type: ignore[arg-type]
    result = scorer.score([ScoreInput("t", prompt, reply, feedback_rating=1.0)])[0]
    assert result.quality <= 0.2 and why in result.notes


def test_a_short_answer_to_a_real_question_is_not_trivial(embedder: object) -> None:
    scorer = CompositeScorer(embedder)  # type: ignore[arg-type]
    result = scorer.score([ScoreInput("t", "What is six times seven?", "42")])[0]
    assert not [n for n in result.notes if "word" in n or "trivial" in n or "character" in n]
    assert triviality("What is six times seven?", "42") == []
