"""Which training method a job runs, from what the trait's dataset holds.

A trait learns from three kinds of signal: good turns (SFT examples), corrections (a DPO pair:
the correction chosen over the reply) and ratings (KTO examples: the reply desirable when rated
>= 0.5, undesirable below). ``auto`` trains SFT when there is anything to imitate, then a
preference pass on the pairs or the ratings when there are enough of them; the preference pass
starts from the SFT layer and takes it as its reference, so it only moves the layer towards
what people preferred. Without SFT examples the preference method runs alone. An explicit
method runs that method only, and is refused when the dataset has nothing for it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["METHODS", "MethodPlan", "plan_method"]

METHODS = ("auto", "sft", "dpo", "kto")


@dataclass(frozen=True, slots=True)
class MethodPlan:
    method: str  # sft | dpo | kto: the first (or only) pass
    preference: str | None = None  # dpo | kto: a pass after SFT, the SFT layer its reference
    # True when ``auto`` chose the preference pass: a provider that cannot run it may train
    # the SFT pass alone. A method the caller named is never silently dropped.
    optional: bool = False
    reason: str = ""

    @property
    def label(self) -> str:
        return f"{self.method}+{self.preference}" if self.preference else self.method


def plan_method(
    requested: str, counts: Mapping[str, Any], *, min_preference: int = 8
) -> MethodPlan | str:
    """The plan for ``requested`` (one of :data:`METHODS`) given a dataset's ``counts``, or
    why there is nothing to train (a string). ``min_preference`` pairs or rated turns are
    needed before ``auto`` adds a preference pass: a handful would only add noise.
    """
    sft = int(counts.get("sft_train", 0))
    pairs = int(counts.get("dpo_pairs", 0))
    rated = int(counts.get("kto_examples", 0))
    if requested == "sft":
        return MethodPlan("sft", reason="asked for") if sft else "no SFT examples to learn from"
    if requested == "dpo":
        return MethodPlan("dpo", reason="asked for") if pairs else "no corrections to learn from"
    if requested == "kto":
        return MethodPlan("kto", reason="asked for") if rated else "no rated turns to learn from"
    if requested != "auto":
        return f"unknown method {requested!r}; use one of {', '.join(METHODS)}"
    # Corrections say more than ratings (what to say instead, not only that it was wrong).
    preference, have = ("dpo", pairs) if pairs >= min_preference else ("kto", rated)
    if have < min_preference:
        preference = None  # type: ignore[assignment]
    if sft:
        why = (
            f"{sft} examples, then {have} {'corrections' if preference == 'dpo' else 'ratings'}"
            if preference
            else f"{sft} examples"
        )
        return MethodPlan("sft", preference, optional=preference is not None, reason=why)
    if pairs:
        return MethodPlan("dpo", reason=f"{pairs} corrections and nothing to imitate")
    if rated:
        return MethodPlan("kto", reason=f"{rated} ratings and nothing to imitate")
    return "nothing to learn from yet"
