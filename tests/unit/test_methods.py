"""Which method a job trains, from the signals its trait has."""

from __future__ import annotations

import pytest

from lifelong.learning.methods import MethodPlan, plan_method


@pytest.mark.parametrize(
    ("requested", "counts", "expected"),
    [
        # auto: imitate the good turns, then learn from corrections or ratings if enough.
        ("auto", {"sft_train": 40}, ("sft", None, False)),
        ("auto", {"sft_train": 40, "dpo_pairs": 8}, ("sft", "dpo", True)),
        ("auto", {"sft_train": 40, "kto_examples": 20}, ("sft", "kto", True)),
        ("auto", {"sft_train": 40, "dpo_pairs": 9, "kto_examples": 30}, ("sft", "dpo", True)),
        ("auto", {"sft_train": 40, "dpo_pairs": 3, "kto_examples": 30}, ("sft", "kto", True)),
        ("auto", {"sft_train": 40, "dpo_pairs": 7, "kto_examples": 7}, ("sft", None, False)),
        ("auto", {"dpo_pairs": 2}, ("dpo", None, False)),
        ("auto", {"kto_examples": 2}, ("kto", None, False)),
        ("auto", {"dpo_pairs": 2, "kto_examples": 20}, ("dpo", None, False)),
        # A named method runs alone, and only when there is something of its kind.
        ("sft", {"sft_train": 40, "dpo_pairs": 20}, ("sft", None, False)),
        ("dpo", {"sft_train": 40, "dpo_pairs": 1}, ("dpo", None, False)),
        ("kto", {"sft_train": 40, "kto_examples": 1}, ("kto", None, False)),
    ],
)
def test_plan(requested: str, counts: dict, expected: tuple) -> None:
    plan = plan_method(requested, counts)
    assert isinstance(plan, MethodPlan), plan
    assert (plan.method, plan.preference, plan.optional) == expected
    assert plan.reason


@pytest.mark.parametrize(
    ("requested", "counts", "says"),
    [
        ("auto", {}, "nothing to learn from"),
        ("sft", {"dpo_pairs": 5}, "no SFT examples"),
        ("dpo", {"sft_train": 40}, "no corrections"),
        ("kto", {"sft_train": 40, "dpo_pairs": 9}, "no rated turns"),
        ("ppo", {"sft_train": 40}, "unknown method 'ppo'; use one of auto, sft, dpo, kto"),
    ],
)
def test_nothing_to_train_says_why(requested: str, counts: dict, says: str) -> None:
    plan = plan_method(requested, counts)
    assert isinstance(plan, str) and says in plan


def test_the_preference_threshold_is_a_setting() -> None:
    counts = {"sft_train": 40, "kto_examples": 3}
    assert plan_method("auto", counts).preference is None  # type: ignore[union-attr]
    assert plan_method("auto", counts, min_preference=3).label == "sft+kto"  # type: ignore[union-attr]


def test_a_preference_pass_after_sft_needs_a_staged_provider() -> None:
    from lifelong.adapters.base import Capability, check_method
    from lifelong.errors import ProviderUnsupported

    both = frozenset({Capability.SFT, Capability.KTO})
    check_method("p", both, "kto")
    with pytest.raises(ProviderUnsupported, match="cannot run a KTO pass after SFT in one job"):
        check_method("p", both, "sft", "kto")
    check_method("p", both | {Capability.STAGED}, "sft", "kto")
    with pytest.raises(ProviderUnsupported, match="does not support DPO training"):
        check_method("p", both | {Capability.STAGED}, "sft", "dpo")


def test_layers_show_says_how_a_layer_was_trained() -> None:
    from lifelong.cli.output import method_text

    seen = {"examples": 62, "replay": 207, "kto_examples": 24, "passes": 3}
    manifest = {"method": "sft", "preference": "kto", "examples": seen}
    assert method_text(manifest) == "sft+kto (62 examples, 207 replay, 24 rated)"
    assert method_text({"method": "dpo", "examples": {"dpo_examples": 9}}) == "dpo (9 pairs)"
    assert method_text({"remote_model": "ft:x"}) == "-" and method_text(None) == "-"
