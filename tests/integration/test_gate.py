"""The auto-test gate on real layers: a layer that lowers held-out NLL but answers exactly as
before is not an improvement, and a layer that forgets the anchor is refused.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from lifelong import Runtime, RuntimeConfig, Trait
from lifelong.learning.evaluation import GatePolicy, decide, token_f1, win_rate
from tests.helpers import record_scored

pytestmark = pytest.mark.integration


def _config(tmp_path: Path, tiny_model_dir: Path, **local: Any) -> RuntimeConfig:
    return RuntimeConfig(
        home=tmp_path / "home",
        background=False,
        training={
            "providers": ["local"],
            "base_model": str(tiny_model_dir),
            "local": {"save_steps": 100, "batch_size": 4, "replay_ratio": 0.0, **local},
        },
        evaluation={"behaviour_examples": 4, "sample_tokens": 8},
    )


async def _persona(rt: Runtime, n: int = 24) -> None:
    ada = await rt.persona("ada", traits=[Trait("math", "adds numbers")])
    pairs = [
        (f"What is {i} plus {i}?", f"{i} plus {i} is {2 * i}. Happy adding!") for i in range(n)
    ]
    await record_scored(rt, ada, pairs, "math")


async def test_a_layer_that_lowers_nll_but_answers_the_same_is_rejected(
    tmp_path: Path, tiny_model_dir: Path
) -> None:
    # A few small steps: the held-out NLL falls, the greedy answers do not move.
    async with Runtime.open(_config(tmp_path, tiny_model_dir, max_steps=4,
                                    learning_rate=2e-3)) as rt:  # fmt: skip
        await _persona(rt)
        await rt.queue_training("ada", "math")
        (outcome,) = await rt.run_jobs()
        evaluation = outcome["evaluation"]
        heldout, behaviour = evaluation["heldout"], evaluation["behaviour"]
        assert heldout["candidate"]["nll"] < heldout["base"]["nll"]  # NLL alone says "better"
        assert behaviour["examples"] == 4 and behaviour["unchanged"] == 4
        assert behaviour["win_rate"] == 0.5  # every answer a tie
        assert outcome["status"] == "rejected"
        assert "does not change what the persona says" in outcome["reason"]
        assert "4 answered word for word like the base" in outcome["reason"]
        (version,) = await rt.layers.versions("ada")
        assert version["status"] == "rejected" and not version["active"]
        assert evaluation["anchor"]["candidate"]["kl"] > 0  # stored for the report


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


def test_behaviour_scores() -> None:
    assert token_f1("Use items[::-1] to reverse", "Use items[::-1]") > 0.6
    assert token_f1("completely different", "Use items[::-1]") == 0.0
    assert win_rate([0.9, 0.5, 0.2], [0.5, 0.5, 0.6]) == pytest.approx(0.5)  # win, tie, loss
    assert win_rate([], []) == 0.0
