"""The rule that decides whether a merged snapshot may replace the layers it was made from."""

from __future__ import annotations

from typing import Any

from lifelong.learning.evaluation import MergePolicy, decide_merge


def _evaluation(**traits: tuple[float, float, float]) -> dict[str, Any]:
    """trait -> (layer NLL, merged NLL, win rate); anchor figures equal."""
    return {
        "merge": {
            t: {
                "examples": 8,
                "heldout_nll": {"layer": a, "merged": b},
                "heldout_rise": (b - a) / a,
                "win_rate": w,
            }
            for t, (a, b, w) in traits.items()
        },
        "anchor": {"merged": 2.0, "worst_layer": 2.0},
    }


def test_a_merge_that_keeps_every_layer_passes() -> None:
    gate = decide_merge(_evaluation(shop=(0.50, 0.52, 0.5), bread=(0.40, 0.41, 0.6)),
                        MergePolicy(), min_heldout=4)  # fmt: skip
    assert gate["passed"] and "shop +4.0% NLL, wins 50%" in gate["reason"]


def test_one_trait_losing_its_facts_fails_the_merge() -> None:
    # The learning benchmark's crooked-loaf: bread kept, shop's replies much less likely.
    gate = decide_merge(_evaluation(bread=(0.40, 0.41, 0.5), shop=(0.20, 0.90, 0.5)),
                        MergePolicy(), min_heldout=4)  # fmt: skip
    assert not gate["passed"] and gate["reason"].startswith("shop: held-out NLL 0.9000")


def test_worse_answers_fail_it_even_when_the_nll_holds() -> None:
    gate = decide_merge(_evaluation(bread=(0.40, 0.40, 0.25)), MergePolicy(), min_heldout=4)
    assert not gate["passed"] and "win 25%" in gate["reason"]


def test_the_anchor_must_hold_and_an_untested_trait_fails_the_merge() -> None:
    forgets = _evaluation(bread=(0.40, 0.40, 0.5))
    forgets["anchor"] = {"merged": 2.2, "worst_layer": 2.0}
    gate = decide_merge(forgets, MergePolicy(), min_heldout=4)
    assert not gate["passed"] and "anchor NLL +10.0%" in gate["reason"]
    few = _evaluation(bread=(0.40, 0.90, 0.0))
    few["merge"]["bread"]["examples"] = 2
    gate = decide_merge(few, MergePolicy(), min_heldout=4)
    assert not gate["passed"] and gate["untested"] == "bread"
    assert gate["reason"].startswith("bread: cannot be tested (2 held-out replies")
    unmeasured = _evaluation(bread=(0.40, 0.40, 0.5))
    unmeasured["anchor"] = {"merged": None, "worst_layer": 2.0}
    assert not decide_merge(unmeasured, MergePolicy(), min_heldout=4)["passed"]
