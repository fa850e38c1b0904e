"""The post-deploy monitor's decision rule, on served turns made in code."""

from __future__ import annotations

import random

from lifelong.learning.monitor import MonitorPolicy, judge, judge_canary
from lifelong.storage.repos import ServedTurn

POLICY = MonitorPolicy(min_samples=20, max_drop=0.05, confidence=0.99, max_samples=100)


def _turns(mean: float, n: int, seed: int, *, corrected: float = 0.0) -> list[ServedTurn]:
    rng = random.Random(seed)
    return [
        ServedTurn(f"i{seed}-{k}", float(k), min(1.0, max(0.0, rng.gauss(mean, 0.12))),
                   None, rng.random() < corrected)
        for k in range(n)
    ]  # fmt: skip


def test_a_clear_drop_is_worse_with_its_evidence() -> None:
    verdict = judge(_turns(0.5, 40, 1, corrected=0.6), _turns(0.75, 60, 2), POLICY)
    assert verdict.verdict == "worse"
    assert verdict.p_value is not None and verdict.p_value < 0.01
    assert verdict.drop is not None and 0.25 < verdict.drop < 0.4
    assert verdict.new_correction_rate is not None and verdict.new_correction_rate > 0.3


def test_the_same_quality_is_not_worse_and_is_kept_after_max_samples() -> None:
    assert judge(_turns(0.75, 40, 3), _turns(0.75, 60, 4), POLICY).verdict == "watching"
    assert judge(_turns(0.75, 100, 5), _turns(0.75, 60, 6), POLICY).verdict == "kept"


def test_a_drop_within_max_drop_is_tolerated() -> None:
    # 3% lower is inside the 5% the policy tolerates: never "worse", however many turns.
    assert judge(_turns(0.7275, 100, 7), _turns(0.75, 200, 8), POLICY).verdict == "kept"


def test_too_few_turns_decide_nothing() -> None:
    few = judge(_turns(0.1, 19, 9), _turns(0.9, 60, 10), POLICY)
    assert few.verdict == "watching" and few.p_value is None
    no_baseline = judge(_turns(0.1, 60, 11), _turns(0.9, 5, 12), POLICY)
    assert no_baseline.verdict == "watching" and "previous version" in no_baseline.reason
    assert judge(_turns(0.1, 5, 13), _turns(0.9, 60, 14), POLICY, expired=True).verdict == "kept"


def test_a_canary_shown_not_worse_is_promoted_before_max_samples() -> None:
    # Better than the active version: non-inferior long before max_samples.
    promoted = judge_canary(_turns(0.85, 40, 9), _turns(0.75, 120, 10), POLICY)
    assert promoted.verdict == "kept" and "not worse" in promoted.reason
    # The same quality with few turns is not yet shown within 5%: still watching.
    assert judge_canary(_turns(0.75, 20, 11), _turns(0.75, 20, 12), POLICY).verdict == "watching"
    # Worse is worse, whichever way it is tested.
    worse = judge_canary(_turns(0.5, 40, 13, corrected=0.6), _turns(0.75, 60, 14), POLICY)
    assert worse.verdict == "worse"
    # Too few turns on either side decide nothing early.
    assert judge_canary(_turns(0.9, 10, 15), _turns(0.75, 60, 16), POLICY).verdict == "watching"
