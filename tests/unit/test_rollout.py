"""The canary's draw: sticky per conversation, the configured share of conversations."""

from __future__ import annotations

from lifelong.genome.rollout import CANARY, STABLE, choose_arms, in_canary


def test_a_conversation_stays_on_its_arm_and_the_share_is_the_fraction() -> None:
    ids = [f"conversation-{i}" for i in range(4000)]
    first = [in_canary("layer-a", 0.2, c) for c in ids]
    assert first == [in_canary("layer-a", 0.2, c) for c in ids]  # sticky
    assert 0.18 < sum(first) / len(ids) < 0.22
    # A new canary draws afresh: not the same conversations again.
    other = [in_canary("layer-b", 0.2, c) for c in ids]
    assert 0.18 < sum(other) / len(ids) < 0.22 and other != first
    # Without a conversation id each request draws on its own.
    alone = [in_canary("layer-a", 0.5, None) for _ in range(2000)]
    assert 0.4 < sum(alone) / len(alone) < 0.6


def test_choose_arms_swaps_in_the_canary_beside_its_active_version_only() -> None:
    active = {"trait": "math", "id": "v1"}
    other = {"trait": "style", "id": "s3"}
    canary = {"trait": "math", "id": "v2", "fraction": 0.999999, "stable_id": "v1"}
    rows, arms = choose_arms([active, other], {"math": canary}, "c1")
    assert rows == [canary, other] and arms == {"math": CANARY}
    never = {**canary, "fraction": 0.0}
    rows, arms = choose_arms([active, other], {"math": never}, "c1")
    assert rows == [active, other] and arms == {"math": STABLE}
    # A canary beside another version (the pointer moved; it is ending) is not served.
    stale = {**canary, "stable_id": "v0"}
    assert choose_arms([active], {"math": stale}, "c1") == ([active], {})
