"""Routing by what a trait has been asked (its routing profile), not only by its description.

A tennis-club persona has two traits with the vague descriptions people actually write
("club matters", "equipment"). Paraphrased questions about what each trait was asked often
resemble neither description; once the scoring worker has built the profiles from labelled
turns, they route right. Real MiniLM throughout (loaded once per session).
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sqlalchemy import select

from lifelong import Runtime, RuntimeConfig, Trait
from lifelong.learning.routing import GENERAL, TraitRouter
from lifelong.learning.scoring import CompositeScorer
from lifelong.learning.worker import _PIECE as SCORER_PIECE
from lifelong.storage import PromptSum, RoutingProfile, TraitProfileRepo
from lifelong.storage.tables import Interaction
from tests.helpers import turn

pytestmark = pytest.mark.integration

PERSONA = "coach"
DESCRIPTIONS = {"club": "club matters", "gear": "equipment"}

CLUB_ASKED = [
    "How much is the annual membership fee?",
    "Can I pay my membership in monthly instalments?",
    "When is the next annual general meeting?",
    "Who is standing for the committee election this year?",
    "How do I book a court for Saturday morning?",
    "Can I bring a guest to play on a weekday evening?",
    "What is the guest fee for non-members?",
    "When does the club championship start?",
    "How do I sign up for the summer league team?",
    "Is there a junior membership discount?",
    "What are the clubhouse opening hours?",
    "Can I cancel a court booking without a penalty?",
    "Who do I contact about volunteering at the open day?",
    "Where can I read the minutes of the last committee meeting?",
    "Is there a family membership option?",
    "How do I renew my membership online?",
    "Are there social events for new members?",
    "What is the dress code on the courts?",
    "How are ladder rankings decided?",
    "Can I freeze my membership while I am injured?",
]
GEAR_ASKED = [
    "What string tension should I use for more control?",
    "Is polyester string too stiff for my elbow?",
    "How often should I restring my racket?",
    "What grip size do I need for my hand?",
    "Should I add an overgrip to my racket handle?",
    "Which head size is better for a beginner racket?",
    "Are clay court shoes different from hard court shoes?",
    "How long do pressurised balls stay bouncy?",
    "Do I need a vibration dampener on my strings?",
    "Is a heavier racket better for a one-handed backhand?",
    "What is the difference between a 16x19 and 18x20 string pattern?",
    "Should I buy a racket with a stiff or flexible frame?",
    "How do I add lead tape to balance my racket?",
    "Which ball machine is good for practice at home?",
    "Are natural gut strings worth the price?",
    "How do I know when my shoes have worn out?",
    "What racket bag holds six rackets?",
    "Should I pick a head-light or head-heavy racket?",
    "Do cheap aluminium rackets hurt your arm?",
    "How do I clean the grip on my racket?",
]
# Paraphrases of what the traits were asked, none of them word for word.
PROBES = [
    ("club", "What does it cost to become a member?"),
    ("club", "I'd like to reserve a court for Sunday, how?"),
    ("club", "Can a friend who isn't a member play with me?"),
    ("club", "When are the committee elections held?"),
    ("club", "How do I join one of the league teams?"),
    ("gear", "How tight should my strings be strung?"),
    ("gear", "My grip feels too thin, what size should I get?"),
    ("gear", "Which shoes are best for playing on clay?"),
    ("gear", "How many times a year should strings be replaced?"),
    ("gear", "Should my racket be head heavy or head light?"),
]


def _config(tmp_path: Path, url: str | None = None) -> RuntimeConfig:
    return RuntimeConfig(home=tmp_path / "home", database_url=url, background=False)


@asynccontextmanager
async def _runtime(tmp_path: Path, embedder: Any, url: str | None = None) -> AsyncIterator[Runtime]:
    async with Runtime.open(_config(tmp_path, url), embedder=embedder) as rt:
        yield rt


def _ask(question: str) -> list[dict[str, str]]:
    return [{"role": "user", "content": question}]


async def _teach(rt: Runtime) -> Any:
    """The persona, with every CLUB_ASKED / GEAR_ASKED turn recorded under its trait."""
    coach = await rt.persona(PERSONA, traits=[Trait(n, d) for n, d in DESCRIPTIONS.items()])
    for trait, questions in (("club", CLUB_ASKED), ("gear", GEAR_ASKED)):
        for question in questions:
            await coach.record(turn(question, f"Good question about {trait}: it depends."), trait)
    return coach


async def _right(rt: Runtime) -> int:
    """How many PROBES ``rt.route`` sends to the trait they are about."""
    routed = [await rt.route(PERSONA, _ask(q)) for _, q in PROBES]
    return sum(r == want for r, (want, _) in zip(routed, PROBES, strict=True))


async def _routing_components(rt: Runtime, ids: list[str]) -> dict[str, dict[str, Any]]:
    """The ``routing`` component the scoring worker stored for each of ``ids``."""
    table = Interaction.__table__
    stmt = select(table.c.id, table.c.quality_components).where(table.c.id.in_(ids))
    async with rt.store.db.read() as conn:
        return {r.id: r.quality_components["routing"] for r in await conn.execute(stmt)}


async def _counts(rt: Runtime) -> dict[str, int]:
    return {t: p.count for t, p in (await TraitProfileRepo(rt.store.db).get(PERSONA)).items()}


async def test_profiles_route_the_questions_descriptions_miss(
    tmp_path: Path, embedder: Any
) -> None:
    async with _runtime(tmp_path, embedder) as rt:
        await _teach(rt)
        described = await _right(rt)  # nothing scored yet: the descriptions alone decide
        assert await _counts(rt) == {}
        assert await rt.score_pending() == len(CLUB_ASKED) + len(GEAR_ASKED)
        assert await _counts(rt) == {"club": len(CLUB_ASKED), "gear": len(GEAR_ASKED)}
        profiled = await _right(rt)
    # Measured: 6/10 by description (the four misses all go to general), 10/10 by profile.
    assert described <= 7
    assert profiled >= 9
    assert profiled > described


async def test_noise_still_goes_to_general(tmp_path: Path, embedder: Any) -> None:
    async with _runtime(tmp_path, embedder) as rt:
        await _teach(rt)
        await rt.score_pending()
        # Both resemble neither description nor anything the traits were asked (cosines < 0.1).
        assert await rt.route(PERSONA, _ask("What's the capital of France?")) == GENERAL
        assert await rt.route(PERSONA, _ask("How do I fix a Python import error?")) == GENERAL
        # A persona without traits has only general.
        await rt.persona("blank")
        assert await rt.route("blank", _ask("How do I book a court?")) == GENERAL


async def test_unlabelled_turns_teach_a_profile_only_when_routing_is_sure(
    tmp_path: Path, embedder: Any
) -> None:
    async with _runtime(tmp_path, embedder) as rt:
        coach = await _teach(rt)
        await rt.score_pending()
        before = await _counts(rt)
        # Loosely club at best (cosine about 0.2-0.4; as close to everyday questions): not
        # sure enough to teach the club profile, wherever they are routed.
        loose = [
            await coach.record(turn(q, "Yes."))
            for q in ("Is there parking near the clubhouse?", "What time do the lights go off?")
        ]
        # Plainly club (cosine about 0.6, far ahead of gear): teaches the club profile.
        sure = await coach.record(turn("How much is the yearly membership fee?", "Ninety."))
        # Re-scoring a turn (feedback arrived) must not count its prompt a second time.
        first = (await rt.store.interactions.list(PERSONA, limit=1000))[-1].id
        await coach.feedback(first, rating=1.0)
        assert await rt.score_pending() == 4
        after = await _counts(rt)
        routing = await _routing_components(rt, [*loose, sure])
    assert routing[sure]["trait"] == "club"
    assert {routing[i]["trait"] for i in loose} <= {"club", "general"}
    assert [routing[i]["confident"] for i in loose] == [False, False]
    assert routing[sure]["confident"] is True
    assert after == {"club": before["club"] + 1, "gear": before["gear"]}


async def test_profiles_survive_a_restart(backend_url: str, tmp_path: Path, embedder: Any) -> None:
    async with _runtime(tmp_path, embedder, backend_url) as rt:
        await _teach(rt)
        await rt.score_pending()
        right = await _right(rt)
        counts = await _counts(rt)
    async with _runtime(tmp_path, embedder, backend_url) as rt:
        assert await _counts(rt) == counts == {"club": 20, "gear": 20}
        assert await _right(rt) == right >= 9
        profiles = await TraitProfileRepo(rt.store.db).get(PERSONA)
    # Every prompt is kept as an exemplar while there is room (20 < EXEMPLARS), unit length.
    for profile in profiles.values():
        vectors = profile.vectors(384)
        assert vectors is not None and vectors.shape == (20, 384)
        assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-2)


def _sample_of_1000_prompts() -> bytes | None:
    """Exemplars kept from 1,000 prompts in batches of 100; each prompt says when it came."""
    from lifelong.storage.repos.routing import _sampled

    rng = np.random.default_rng(0)
    stored, seen = None, 0
    for batch_start in range(0, 1000, 100):
        batch = PromptSum()
        for i in range(batch_start, batch_start + 100):
            vector = np.zeros(8)
            vector[0] = i / 1000
            vector[1:] = rng.normal(size=7) * 0.01
            batch.add(vector.tolist())
        stored = _sampled(stored, seen, batch)
        seen += batch.count
    return stored


def test_exemplars_are_a_bounded_uniform_sample_of_every_prompt_seen() -> None:
    from lifelong.storage.repos.routing import EXEMPLARS

    stored = _sample_of_1000_prompts()
    rows = np.frombuffer(stored, dtype=np.float16).reshape(-1, 8)
    kept_from = rows[:, 0].astype(float) * 1000
    assert len(rows) == EXEMPLARS
    # Old and new prompts alike: about as many from the first half as from the second.
    early = int((kept_from < 500).sum())
    assert 0.35 * EXEMPLARS < early < 0.65 * EXEMPLARS
    # The same history keeps the same sample.
    assert _sample_of_1000_prompts() == stored


def test_the_nearest_prompt_routes_paraphrases_a_mean_misroutes(embedder: Any) -> None:
    """The learning benchmark's bakery: its shop trait is asked about opening hours, gluten-free
    days and the day-old basket, so a question about one of them is near its own prompts but
    far from their mean. Its held-out paraphrases (never recorded) route by nearest prompt.
    """
    from bench.learning_data import load_personas
    from lifelong.storage.repos.routing import _sampled

    persona = next(p for p in load_personas() if p.name == "crooked-loaf")
    traits = {t.name: t.description for t in persona.traits}
    asked: dict[str, list[str]] = {}
    for recorded in persona.turns:
        question = next(m["content"] for m in recorded["messages"] if m["role"] == "user")
        asked.setdefault(recorded["trait"], []).append(question)
    nearest, mean = {}, {}
    for trait, questions in asked.items():
        batch = PromptSum()
        for vector in embedder.encode(questions):
            batch.add(vector.tolist())
        centroid = (np.asarray(batch.total) / batch.count).tolist()
        exemplars = _sampled(None, 0, batch)
        nearest[trait] = RoutingProfile(centroid, batch.count, exemplars=exemplars)
        mean[trait] = RoutingProfile(centroid, batch.count)
    heldout = persona.heldout()
    router = TraitRouter(embedder)
    questions = [q for _, q in heldout]

    def right(profiles: dict[str, RoutingProfile]) -> float:
        routed = router.route(questions, traits, profiles)
        return sum(r == f.trait for (r, _), (f, _) in zip(routed, heldout, strict=True)) / len(
            heldout
        )

    # Measured: 0.95 by nearest prompt, 0.81 by the mean.
    assert right(nearest) >= 0.9
    assert right(nearest) > right(mean)


async def test_generate_routes_the_same_way_among_traits_with_a_layer(
    tmp_path: Path, embedder: Any
) -> None:
    async with _runtime(tmp_path, embedder) as rt:
        await _teach(rt)
        await rt.score_pending()
        # Only gear has a layer (a remote one: a row is all routing reads).
        await rt.store.genome.add_version(
            PERSONA,
            "gear",
            layer={"kind": "remote", "remote_model": "ft:gear", "provider": "openai"},
            job_id=None,
            deploy=True,
            by="test",
        )
        gear_question = _ask("How tight should my strings be strung?")
        club_question = _ask("What does it cost to become a member?")
        assert await rt.route(PERSONA, gear_question) == "gear"
        assert await rt.route(PERSONA, club_question) == "club"
        # The generate path answers the gear question with gear's layer, and the club
        # question with no layer (club has none, nor has general): the base model.
        assert await rt.answering._route(PERSONA, DESCRIPTIONS, "gear") == ["gear"]
        assert await rt.answering._route(PERSONA, DESCRIPTIONS, "club") == []


def test_a_profile_counts_only_once_it_has_a_few_prompts(embedder: Any) -> None:
    router = TraitRouter(embedder, min_profile_count=3)
    traits = {"club": "club matters", "gear": "equipment"}
    question = "How tight should my strings be strung?"
    strings = embedder.encode(GEAR_ASKED[:3]).mean(axis=0).tolist()
    few = {"gear": RoutingProfile(strings, count=2)}
    enough = {"gear": RoutingProfile(strings, count=3)}
    assert router.route([question], traits, few) == router.route([question], traits)
    assert router.route([question], traits)[0][0] != "gear"  # the description alone misses it
    assert router.route([question], traits, enough)[0][0] == "gear"
    # A profile of another embedder's width is ignored, not an error.
    other = {"gear": RoutingProfile([0.1] * 8, count=50)}
    assert router.route([question], traits, other) == router.route([question], traits)


async def test_profile_merges_are_count_weighted_and_lose_nothing_concurrently(
    backend_url: str, tmp_path: Path
) -> None:
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(24, 16))
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    async with Runtime.open(_config(tmp_path, backend_url)) as rt:
        await rt.persona(PERSONA, traits=[Trait("club", "club matters")])
        repo = TraitProfileRepo(rt.store.db)

        async def add(rows: np.ndarray) -> None:
            batch = PromptSum()
            for row in rows:
                batch.add(row.tolist())
            await repo.add({(PERSONA, "club"): batch})

        await add(vectors[:2])
        await add(vectors[2:3])
        merged = (await repo.get(PERSONA))["club"]
        assert merged.count == 3
        np.testing.assert_allclose(merged.centroid, vectors[:3].mean(axis=0), atol=1e-5)
        # Seven writers at once: every prompt lands in the mean (PostgreSQL locks the row).
        await asyncio.gather(*(add(vectors[3 + 3 * k : 6 + 3 * k]) for k in range(7)))
        merged = (await repo.get(PERSONA))["club"]
    assert merged.count == 24
    np.testing.assert_allclose(merged.centroid, vectors.mean(axis=0), atol=1e-5)


class _CountingEmbedder:
    """The real embedder, counting its calls (an Embedder, as a chat system might wrap one)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.calls = 0

    def encode(self, texts: Any) -> np.ndarray:
        self.calls += 1
        return self.inner.encode(texts)


class _ScoresOnly:
    """A scorer that keeps its vectors to itself (only the Scorer protocol)."""

    def __init__(self, embedder: Any) -> None:
        self.inner = CompositeScorer(embedder)

    def score(self, batch: Any) -> list[Any]:
        return self.inner.score(batch)


async def test_labelled_turns_build_profiles_from_the_scorers_own_vectors(
    tmp_path: Path, embedder: Any
) -> None:
    counting = _CountingEmbedder(embedder)
    async with _runtime(tmp_path, counting) as rt:
        await _teach(rt)
        await rt.score_pending()
        # One batch of labelled turns: nothing to route, and the profiles reuse the prompt
        # vectors the scorer made, so MiniLM ran once per piece of the pass (between pieces,
        # a waiting reply may use the model thread).
        assert counting.calls == math.ceil(40 / SCORER_PIECE)
        assert await _counts(rt) == {"club": 20, "gear": 20}


async def test_a_scorer_without_prompt_vectors_still_builds_profiles(
    tmp_path: Path, embedder: Any
) -> None:
    config = _config(tmp_path)
    async with Runtime.open(config, embedder=embedder, scorer=_ScoresOnly(embedder)) as rt:
        await _teach(rt)
        await rt.score_pending()
        assert await _counts(rt) == {"club": 20, "gear": 20}
        assert await _right(rt) >= 9


def test_an_everyday_question_stays_general_against_a_trait_that_has_a_profile(
    embedder: Any,
) -> None:
    """A trait's profile draws its own questions; an everyday question, closer to the anchor
    set's everyday questions than to any profile, goes to ``general`` (and the base model)."""
    from lifelong.storage.repos.routing import RoutingProfile

    bread = ["How long do you proof the rye?", "What flour is in the sourdough?",
             "When do you feed the starter?", "Is the spelt loaf wholegrain?"]  # fmt: skip
    centroid = embedder.encode(bread).mean(axis=0).tolist()
    profiles = {"bread": RoutingProfile(centroid, len(bread))}
    traits = {"bread": "bread and baking"}
    asked = [
        "How long should the rye dough proof?",
        "What colour do you get by mixing blue and yellow?",
    ]
    with_general = TraitRouter(embedder).route(asked, traits, profiles)
    assert [trait for trait, _ in with_general] == ["bread", "general"]
    # The competitor is what sends it there: the threshold alone lets it through.
    threshold_only = TraitRouter(embedder, general_examples=[]).route(asked, traits, profiles)
    assert [trait for trait, _ in threshold_only] == ["bread", "bread"]


async def test_the_replay_prompts_widen_what_counts_as_everyday(
    tmp_path: Path, embedder: Any
) -> None:
    """Everyday requests the anchor set has nothing near (groceries, taking up running) can go
    to a bakery's trait against the anchor questions alone; the runtime also counts the replay
    prompts as everyday, and routes both to ``general``. Neither is in either pool."""
    from lifelong.learning.routing import anchor_questions
    from lifelong.runtime.answering import everyday_questions

    bread = ["How long do you proof the rye?", "What flour is in the sourdough?",
             "When do you feed the starter?", "Is the spelt loaf wholegrain?",
             "Do you bake croissants every morning?"]  # fmt: skip
    asked = ["How can I spend less at the supermarket?",
             "I have never exercised. How do I begin jogging?",
             "How long should the rye dough proof?"]  # fmt: skip
    assert not set(asked) & set(everyday_questions())
    assert set(anchor_questions()) < set(everyday_questions())
    async with _runtime(tmp_path, embedder) as rt:
        baker = await rt.persona("baker", traits=[Trait("bread", "bread and baking")])
        for question in bread:
            await baker.record(turn(question, "Good question about bread: it depends."), "bread")
        await rt.score_pending()
        assert [await rt.route("baker", _ask(q)) for q in asked] == ["general", "general", "bread"]
        profiles = await TraitProfileRepo(rt.store.db).get("baker")
    # The same profile against the anchor set's questions alone: the replay prompts are what
    # keeps the everyday requests general (running, here, goes to the bakery without them).
    anchor_only = TraitRouter(embedder, general_examples=anchor_questions())
    routed = [t for t, _ in anchor_only.route(asked, {"bread": "bread and baking"}, profiles)]
    assert routed[2] == "bread"
    assert "bread" in routed[:2]
