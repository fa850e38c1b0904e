"""The auto-test gate on real layers: a layer that learned what it was taught passes; one that
learned the template of the answers with other names (it states them confidently) is refused,
and so is one that changes nothing; a layer that forgets the anchor is refused.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from lifelong import Runtime, RuntimeConfig, Trait
from lifelong.genome.store import NewLayer
from lifelong.learning.anchor import load_anchor_set
from lifelong.learning.evaluation import (
    GatePolicy,
    decide,
    evaluate_candidate,
    read_heldout,
    read_taught,
    token_f1,
    win_rate,
)
from tests.helpers import record_scored

pytestmark = pytest.mark.integration

# One fact in the persona's template, asked 24 ways: a tiny test model learns it decisively
# (tests/helpers.py explains why a tiny model is taught a reply it can learn on any CPU).
QUESTIONS = [
    f"{opener} {question}"
    for opener in ("Hi!", "Hello.", "Quick question:", "Hey there,")
    for question in ("what is the shop cat called?", "who is the cat in the shop?",
                     "does your shop have a cat?", "what do you call the shop cat?",
                     "tell me the name of your cat.", "is there a cat here?")
]  # fmt: skip


def _reply(name: str) -> str:
    return f"Good day, friend! Our shop cat is called {name}, a ginger tom."


def _config(tmp_path: Path, tiny_model_dir: Path) -> RuntimeConfig:
    return RuntimeConfig(
        home=tmp_path / "home",
        background=False,
        training={
            "providers": ["local"],
            "base_model": str(tiny_model_dir),
            "local": {
                "max_steps": 36,
                "save_steps": 100,
                "batch_size": 4,
                "replay_ratio": 0.0,
                "learning_rate": 1e-2,
                "layers_fraction": 1.0,
            },
        },
        evaluation={"behaviour_examples": 6, "sample_tokens": 16},
    )


async def _taught(rt: Runtime, persona: str, cat: str) -> dict[str, Any]:
    """``persona``'s cat trait taught that the cat is ``cat``, trained and judged."""
    handle = await rt.persona(persona, traits=[Trait("cat", "the shop's cat")])
    await record_scored(rt, handle, [(q, _reply(cat)) for q in QUESTIONS], "cat")
    job_id = await rt.queue_training(persona, "cat")
    (outcome,) = await rt.run_jobs()
    return {**outcome, "job_id": job_id}


async def test_a_layer_that_learned_the_facts_passes_and_one_stating_other_names_is_refused(
    tmp_path: Path, tiny_model_dir: Path
) -> None:
    async with Runtime.open(_config(tmp_path, tiny_model_dir)) as rt:
        # The shop's layer learned its cat's name: it recalls what the base model never says.
        shop = await _taught(rt, "shop", "Bramble")
        assert shop["status"] == "deployed", shop["reason"]
        facts = shop["evaluation"]["facts"]
        judged = facts["judged"]
        assert judged >= 4 and facts["reference"] == "base"
        assert facts["rates"]["candidate"]["recalled"] == judged  # every held-out answer
        assert facts["rates"]["base"]["recalled"] == 0
        assert all(p["key"]["slots"] == ["bramble"] for p in facts["prompts"])
        assert f"recalls {judged} of {judged} held-out answers' key content" in shop["reason"]

        # Another shop's layer learned the same template with another name: in this shop's
        # voice it says "Whiskers". Judged as this shop's next version, it is refused: it
        # contradicts what v1 says right.
        other = await _taught(rt, "other", "Whiskers")
        assert other["status"] == "deployed", other["reason"]
        job = await rt.get_job(shop["job_id"])
        dataset = rt.dataset_dir("shop", "cat", job.dataset_hash or "")
        heldout, split = read_heldout(dataset, 48)
        other_v1 = (await rt.layers.active("other"))["cat"]
        wrong = rt.server.ref(other_v1, rt.artifacts.path_of(other_v1["artifact_sha256"]))
        # The held-out NLL alone would refuse this layer here (it predicts "Whiskers" where the
        # replies say "Bramble"); a real model's template-only layer can lower the NLL (the
        # template is most of the reply), so the fact check is tested on its own.
        policy = GatePolicy(behaviour_examples=6, sample_tokens=16, min_improvement=-100.0,
                            max_anchor_regression=100.0)  # fmt: skip

        async def judged_against(active: dict[str, Any] | None) -> dict[str, Any]:
            return await evaluate_candidate(
                rt.server, base=tiny_model_dir, candidate=wrong, active=active,
                heldout=heldout, heldout_split=split, anchor=load_anchor_set()[:8],
                policy=policy, embed=rt.embedder.encode, taught_replies=read_taught(dataset),
            )  # fmt: skip

        refused = await judged_against((await rt.layers.active("shop"))["cat"])
        gate, rates = refused["gate"], refused["facts"]["rates"]
        assert gate["passed"] is False and gate["reference"] == "active"
        assert rates["candidate"]["contradicted"] == judged and rates["active"]["contradicted"] == 0
        assert "states a different name or number than it was taught" in gate["reason"]
        assert f"contradicts {judged} (the active: 0)" in gate["reason"]
        answers = [s["candidate"] for s in refused["samples"]]
        assert any("Whiskers" in a for a in answers), answers
        # Against the base model (no version yet) it is refused as well: it recalls nothing.
        alone = await judged_against(None)
        assert alone["gate"]["passed"] is False and alone["facts"]["rates"]["candidate"][
            "recalled"] == 0  # fmt: skip


async def test_a_layer_that_changes_nothing_is_refused(
    tmp_path: Path, tiny_model_dir: Path
) -> None:
    """A layer of zeros answers word for word like the base model: it recalls no more."""
    from tests.integration.test_genome import _adapter

    async with Runtime.open(_config(tmp_path, tiny_model_dir)) as rt:
        shop = await _taught(rt, "shop", "Bramble")
        assert shop["status"] == "deployed", shop["reason"]
        job = await rt.get_job(shop["job_id"])
        dataset = rt.dataset_dir("shop", "cat", job.dataset_hash or "")
        heldout, split = read_heldout(dataset, 48)
        zeros = _adapter(tiny_model_dir, tmp_path / "zeros", seed=3, scale=0.0)
        staged = await rt.layers.stage(NewLayer(
            kind="local", provider="local", artifact_dir=zeros,
            manifest={"base_model": {"name": str(tiny_model_dir)}},
        ))  # fmt: skip
        evaluation = await evaluate_candidate(
            rt.server, base=tiny_model_dir, candidate=rt.server.ref(staged), active=None,
            heldout=heldout, heldout_split=split, anchor=load_anchor_set()[:8],
            policy=GatePolicy(behaviour_examples=6, sample_tokens=16, min_improvement=-1.0),
            embed=rt.embedder.encode, taught_replies=read_taught(dataset),
        )  # fmt: skip
        rates = evaluation["facts"]["rates"]
        assert rates["candidate"] == rates["base"]
        assert evaluation["behaviour"]["unchanged"] == evaluation["behaviour"]["examples"]
        assert evaluation["gate"]["passed"] is False
        assert "does not say more of what it was taught" in evaluation["gate"]["reason"]


def test_the_gate_weighs_nll_behaviour_and_forgetting() -> None:
    def evaluation(cand: float, anchor: float, rate: float, examples: int = 8) -> dict[str, Any]:
        return {
            "heldout": {"base": {"nll": 3.0, "examples": examples}, "active": None,
                        "candidate": {"nll": cand, "examples": examples}},
            "anchor": {"base": {"nll": 2.0}, "candidate": {"nll": anchor, "kl": 0.01}},
            "behaviour": {"win_rate": rate, "examples": examples, "unchanged": 0},
        }  # fmt: skip

    policy = GatePolicy()  # the defaults: not worse, wins 60%, anchor within 2%
    passed = decide(evaluation(2.5, 2.03, 0.75), policy)
    assert passed["passed"] and passed["win_rate"] == 0.75 and passed["anchor_kl"] == 0.01
    assert "wins 75% of 8 held-out answers" in passed["reason"]
    forgetful = decide(evaluation(2.5, 2.05, 0.9), policy)  # +2.5% on the anchor
    assert not forgetful["passed"] and "forgets general ability" in forgetful["reason"]
    same = decide(evaluation(2.5, 2.0, 0.5), policy)
    assert not same["passed"] and "below the required 60%" in same["reason"]
    worse = decide(evaluation(3.1, 2.0, 0.9), policy)
    assert not worse["passed"] and "below the required" in worse["reason"]
    few = decide(evaluation(2.5, 2.0, 1.0, examples=2), policy)
    assert not few["passed"] and "only 2 held-out example(s)" in few["reason"]


def test_the_fact_check_decides_where_replies_carry_key_content() -> None:
    def evaluation(cand: tuple[int, int], base: tuple[int, int], judged: int = 5) -> dict:
        def figures(recalled: int, contradicted: int) -> dict[str, int]:
            return {"judged": judged, "recalled": recalled, "contradicted": contradicted}

        return {
            "heldout": {"base": {"nll": 3.0, "examples": 8}, "active": None,
                        "candidate": {"nll": 2.5, "examples": 8}},
            "anchor": {"base": {"nll": 2.0}, "candidate": {"nll": 2.0}},
            # A high win rate: the template matches; only the facts can tell.
            "behaviour": {"win_rate": 1.0, "examples": 8, "unchanged": 0},
            "facts": {"judged": judged, "rates": {"base": figures(*base),
                                                  "candidate": figures(*cand)}},
        }  # fmt: skip

    policy = GatePolicy()
    passed = decide(evaluation((4, 0), (0, 0)), policy)
    assert passed["passed"] and "recalls 4 of 5" in passed["reason"]
    inventive = decide(evaluation((4, 1), (0, 0)), policy)  # one wrong name is one too many
    assert not inventive["passed"] and "states a different name" in inventive["reason"]
    template = decide(evaluation((0, 3), (0, 0)), policy)
    assert not template["passed"] and "contradicts 3 (the base: 0)" in template["reason"]
    same = decide(evaluation((1, 0), (1, 0)), policy)
    assert not same["passed"] and "does not say more" in same["reason"]
    # Both perfect: nothing left to beat, the NLL decides.
    assert decide(evaluation((5, 0), (5, 0)), policy)["passed"]
    # Too few replies with key content to decide on: the win rate decides, as before.
    few = decide(evaluation((0, 2), (0, 0), judged=2), policy)
    assert few["passed"] and "wins 100%" in few["reason"]
    # And with the check off.
    off = decide(evaluation((0, 3), (0, 0)), GatePolicy(check_facts=False))
    assert off["passed"] and "wins 100%" in off["reason"]


def test_behaviour_scores() -> None:
    assert token_f1("Use items[::-1] to reverse", "Use items[::-1]") > 0.6
    assert token_f1("completely different", "Use items[::-1]") == 0.0
    assert win_rate([0.9, 0.5, 0.2], [0.5, 0.5, 0.6]) == pytest.approx(0.5)  # win, tie, loss
    assert win_rate([], []) == 0.0
