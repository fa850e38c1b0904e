"""The auto-test's gate: from the measured figures (:mod:`lifelong.learning.measures`), whether
a candidate layer deploys, or a merged snapshot replaces the layers it was made from, and the
reason in a sentence. Plain Python over the stored figures: no model is needed to decide.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

__all__ = ["GatePolicy", "MergePolicy", "decide", "decide_merge"]


@dataclass(frozen=True, slots=True)
class GatePolicy:
    min_improvement: float = 0.0  # relative held-out NLL gain over the reference (not worse)
    # The fact check (see the module docstring): recall must beat the reference's and
    # contradictions must not exceed them, on at least min_heldout replies with key content.
    check_facts: bool = True
    # Behaviour, where the fact check cannot decide (too few replies with key content, or
    # check_facts off): share of held-out prompts answered better.
    min_win_rate: float = 0.6
    max_anchor_regression: float = 0.02  # relative anchor NLL loss versus the base model
    min_heldout: int = 4  # fewer held-out examples than this cannot decide anything
    max_examples: int = 48  # held-out examples measured for NLL (the first N by stable order)
    behaviour_examples: int = 16  # held-out prompts answered for the win rate
    samples: int = 3  # side-by-side answers kept for the report
    sample_tokens: int = 64
    accept_remote: bool = True  # remote layers cannot be measured locally


def _fact_decision(
    facts: dict[str, Any], reference_name: str, policy: GatePolicy
) -> tuple[bool, str] | None:
    """The fact check's verdict and reason, or None when too few held-out replies carry key
    content to decide on (then the behaviour win rate decides).
    """
    judged = int(facts.get("judged") or 0)
    if not policy.check_facts or judged < policy.min_heldout:
        return None
    cand, ref = facts["rates"]["candidate"], facts["rates"].get(reference_name)
    if ref is None:
        return None
    shown = (
        f"recalls {cand['recalled']} of {judged} held-out answers' key content "
        f"(the {reference_name}: {ref['recalled']}), contradicts {cand['contradicted']} "
        f"(the {reference_name}: {ref['contradicted']})"
    )
    if cand["contradicted"] > ref["contradicted"]:
        return False, (
            f"{shown}: it states a different name or number than it was taught more often "
            f"than the {reference_name} does (a layer that invents is worse than none)"
        )
    if cand["recalled"] <= ref["recalled"] and not cand["recalled"] == ref["recalled"] == judged:
        return False, f"{shown}: it does not say more of what it was taught"
    return True, shown


def decide(evaluation: dict[str, Any], policy: GatePolicy) -> dict[str, Any]:
    """The gate: deploy only a candidate that says something better than the reference,
    is not worse at predicting the held-out replies, and keeps the anchor.
    """
    heldout, anchor = evaluation["heldout"], evaluation["anchor"]
    behaviour = evaluation.get("behaviour") or {}
    reference_name = "active" if heldout.get("active") else "base"
    reference = (heldout.get(reference_name) or {}).get("nll")
    cand = (heldout.get("candidate") or {}).get("nll")
    base_anchor = (anchor.get("base") or {}).get("nll")
    cand_anchor = (anchor.get("candidate") or {}).get("nll")
    gate: dict[str, Any] = {
        **{k: v for k, v in asdict(policy).items() if k in
           ("min_improvement", "min_win_rate", "max_anchor_regression", "min_heldout")},
        "reference": reference_name, "improvement": None, "anchor_regression": None,
        "anchor_kl": (anchor.get("candidate") or {}).get("kl"),
        "win_rate": behaviour.get("win_rate"),
    }  # fmt: skip
    examples = (heldout.get("candidate") or {}).get("examples") or 0
    if reference is None or cand is None or examples < policy.min_heldout:
        reason = (
            f"only {examples} held-out example(s), fewer than evaluation.min_heldout "
            f"({policy.min_heldout}): too few to decide; record more turns for this trait"
        )
        return {**gate, "passed": False, "reason": reason}
    improvement = (reference - cand) / reference
    gate["improvement"] = improvement
    if base_anchor and cand_anchor is not None:
        gate["anchor_regression"] = (cand_anchor - base_anchor) / base_anchor
    figures = f"held-out NLL {cand:.4f} vs {reference_name} {reference:.4f} ({improvement:+.1%})"
    if improvement < policy.min_improvement:
        reason = f"{figures}: below the required {policy.min_improvement:+.1%}"
        return {**gate, "passed": False, "reason": reason}
    regression = gate["anchor_regression"]
    if regression is not None and regression > policy.max_anchor_regression:
        reason = (
            f"anchor NLL rose {regression:+.1%} over the base model (limit "
            f"{policy.max_anchor_regression:+.1%}): the candidate forgets general ability"
        )
        return {**gate, "passed": False, "reason": reason}
    facts = evaluation.get("facts") or {}
    gate["facts"] = {k: v for k, v in (facts.get("rates") or {}).items()} or None
    decided = _fact_decision(facts, reference_name, policy) if facts else None
    if decided is not None:
        passed, said = decided
        if not passed:
            return {**gate, "passed": False, "reason": f"{figures}; {said}"}
        figures += f"; {said}"
        if regression is not None:
            figures += f", anchor {regression:+.1%}"
        return {**gate, "passed": True, "reason": figures}
    rate = gate["win_rate"]
    if rate is not None:
        figures += f", wins {rate:.0%} of {behaviour.get('examples')} held-out answers"
        if rate < policy.min_win_rate:
            unchanged = behaviour.get("unchanged") or 0
            reason = (
                f"{figures}, below the required {policy.min_win_rate:.0%}"
                + (f" ({unchanged} answered word for word like the {reference_name})"
                   if unchanged else "")
                + ": the layer does not change what the persona says for the better"
            )  # fmt: skip
            return {**gate, "passed": False, "reason": reason}
    if regression is not None:
        figures += f", anchor {regression:+.1%}"
    return {**gate, "passed": True, "reason": figures}


@dataclass(frozen=True, slots=True)
class MergePolicy:
    """When a merged snapshot may replace the layers it was made from: on every merged trait's
    held-out replies it predicts them nearly as well as that trait's own layer and answers
    about as well, and it keeps the anchor (no worse than the worst of the layers).
    """

    max_heldout_rise: float = 0.10  # relative held-out NLL rise over the trait's own layer
    min_win_rate: float = 0.4  # behaviour against the trait's own layer (a tie is half)
    max_anchor_rise: float = 0.02  # relative anchor NLL rise over the worst merged layer


def decide_merge(
    evaluation: dict[str, Any], policy: MergePolicy, min_heldout: int
) -> dict[str, Any]:
    """Pass a merge only if every trait was tested, none loses what its layer taught, and the
    anchor holds. A trait that cannot be tested (its layer came without a job, its dataset is
    not here, too few held-out replies) fails the merge: nothing says it survived.
    """
    gate: dict[str, Any] = {**asdict(policy), "passed": True}
    tested = []
    for trait, f in evaluation["merge"].items():
        if "skipped" in f or (f.get("examples") or 0) < min_heldout:
            why = f.get("skipped") or (
                f"{f.get('examples') or 0} held-out replies (fewer than evaluation.min_heldout, "
                f"{min_heldout}); a layer without a training job here has none"
            )
            return {**gate, "passed": False, "untested": trait, "reason": (
                f"{trait}: cannot be tested ({why}): nothing shows the merge keeps what it "
                "taught (merge with force to take the risk)")}  # fmt: skip
        tested.append(trait)
        rise, rate = f.get("heldout_rise"), f.get("win_rate")
        if rise is not None and rise > policy.max_heldout_rise:
            return {
                **gate,
                "passed": False,
                "reason": (
                    f"{trait}: held-out NLL {f['heldout_nll']['merged']:.4f} merged vs "
                    f"{f['heldout_nll']['layer']:.4f} with its own layer ({rise:+.1%}, limit "
                    f"{policy.max_heldout_rise:+.0%}): the merge loses what the layer taught"
                ),
            }
        if rate is not None and rate < policy.min_win_rate:
            return {
                **gate,
                "passed": False,
                "reason": (
                    f"{trait}: the merged model's answers win {rate:.0%} against its own layer's "
                    f"(at least {policy.min_win_rate:.0%} needed): the merge answers worse"
                ),
            }
    merged, worst = evaluation["anchor"]["merged"], evaluation["anchor"]["worst_layer"]
    if merged is None or not worst:
        return {**gate, "passed": False, "reason": "the anchor could not be measured"}
    if merged is not None and worst:
        rise = (merged - worst) / worst
        gate["anchor_rise"] = rise
        if rise > policy.max_anchor_rise:
            return {
                **gate,
                "passed": False,
                "reason": (
                    f"anchor NLL {rise:+.1%} over the worst merged layer (limit "
                    f"{policy.max_anchor_rise:+.0%}): the merge forgets general ability"
                ),
            }
    done = ", ".join(
        f"{t} {evaluation['merge'][t]['heldout_rise']:+.1%} NLL, wins "
        f"{evaluation['merge'][t]['win_rate']:.0%}" for t in tested
        if evaluation["merge"][t].get("heldout_rise") is not None
        and evaluation["merge"][t].get("win_rate") is not None
    )  # fmt: skip
    gate["reason"] = f"merged keeps each layer's held-out replies ({done})"
    return gate
