"""Auto-test: does a trained candidate change what the persona says, for the better, without
forgetting the rest?

Three configurations are measured on the same loaded base model (the adapter cache swaps
layers): the base alone, the currently active version of the trait (if any) and the candidate.

- **held-out NLL** / perplexity on the trait's validation split (assistant tokens only);
- **behaviour**: greedy answers to the held-out prompts, each scored against the held-out reply
  (half MiniLM cosine, half token F1); the candidate *wins* a prompt when its answer scores
  higher than the reference's (the active version, else the base), a tie is half a win. NLL
  can fall while the greedy answers stay the base model's: the win rate is what shows that a
  layer changed what the persona says;
- **anchor**: NLL on the general anchor set bundled with the package, and the KL divergence of
  the candidate's next-token distribution from the base model's on it: the forgetting guard.

The gate passes a candidate only if it has enough held-out examples to judge (``min_heldout``),
its held-out NLL is not worse than the reference's (``min_improvement``), it wins at least
``min_win_rate`` of the behaviour prompts, and its anchor NLL is at most
``max_anchor_regression`` above the base model's. Every figure and the reason are stored.

This module runs the test: the measurements are :mod:`lifelong.learning.measures`, the gate's
decision :mod:`lifelong.learning.gate`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from lifelong._model_thread import background_work, in_model_thread
from lifelong.engine.records import LayerRef, Loaded
from lifelong.engine.serving import LayerServer, complete_many
from lifelong.learning.facts import taught_from
from lifelong.learning.gate import GatePolicy, MergePolicy, decide, decide_merge
from lifelong.learning.measures import (
    answer_score,
    fact_figures,
    nll_of,
    read_heldout,
    read_taught,
    reply_surprisal,
    token_f1,
    win_rate,
)
from lifelong.storage.rows import LayerRow

# The auto-test's public names: the gate and the measurements are re-exported from here.
__all__ = [
    "GatePolicy",
    "MergePolicy",
    "MergedTrait",
    "answer_score",
    "decide",
    "decide_merge",
    "evaluate_candidate",
    "evaluate_merge",
    "fact_figures",
    "nll_of",
    "read_heldout",
    "read_taught",
    "reply_surprisal",
    "token_f1",
    "win_rate",
]

Embed = Callable[[Sequence[str]], np.ndarray]
# Held-out chats -> the same chats with the persona's memory put in (see evaluate_candidate).
Remind = Callable[[list[list[dict[str, str]]]], Awaitable[list[list[dict[str, str]]]]]


def _measure(
    heldout: list[dict[str, Any]],
    anchor: list[dict[str, Any]],
    prompts: list[list[dict[str, str]]],
    tokens: int,
    *,
    kl: bool,
    surprisal: list[dict[str, Any]] | None = None,
) -> Callable[[Loaded], dict[str, Any]]:
    """The figures of one configuration; with ``surprisal`` (on the base model), also the
    surprisal of the words of those examples' replies (what the fact measure calls key).
    """

    def work(loaded: Loaded) -> dict[str, Any]:
        figures: dict[str, Any] = {
            "heldout": nll_of(loaded, heldout),
            "anchor": nll_of(loaded, anchor, kl_from_base=kl),
            "answers": complete_many(loaded, prompts, tokens),
        }
        if surprisal is not None:
            figures["surprisal"] = reply_surprisal(loaded, surprisal)
        return figures

    return work


@background_work
async def evaluate_candidate(
    server: LayerServer,
    *,
    base: Path,
    candidate: LayerRef,
    active: LayerRow | None,
    heldout: list[dict[str, Any]],
    heldout_split: str,
    anchor: list[dict[str, Any]],
    policy: GatePolicy,
    embed: Embed,
    taught_replies: Sequence[str] = (),
    remind: Remind | None = None,
) -> dict[str, Any]:
    """Measure base, active and candidate; return the evaluation with the gate's decision.

    ``embed`` turns texts into unit vectors (MiniLM) for the behaviour scores;
    ``taught_replies`` are the training split's replies (what the layer was taught: the fact
    measure's key content is what they contain). With ``remind`` (the held-out chats with
    the persona's memory put in, never a held-out turn's own), the candidate also answers
    with memory: its fact rates are stored as ``candidate+memory``; the gate decides on the
    layer alone, which is what consolidation relies on.
    """
    shown = heldout[: policy.behaviour_examples]
    prompts = [ex["messages"][:-1] for ex in shown]
    expected = [ex["messages"][-1]["content"] for ex in shown]
    measure = _measure(heldout, anchor, prompts, policy.sample_tokens, kl=False,
                       surprisal=shown)  # fmt: skip
    results: dict[str, dict[str, Any] | None] = {}
    results["base"], _ = await server.run(base, [], measure)
    results["active"] = None
    if active is not None and active.get("kind") == "local":
        measure_kl = _measure(heldout, anchor, prompts, policy.sample_tokens, kl=True)
        results["active"], used = await server.run(base, [active], measure_kl)
        if not used:  # the active artifact was refused: compare with what really serves
            results["active"] = None
    measure_kl = _measure(heldout, anchor, prompts, policy.sample_tokens, kl=True)
    results["candidate"], _ = await server.run(base, [], measure_kl, extra=[candidate])
    if remind is not None:
        reminded = await remind(prompts)

        def answers_only(loaded: Loaded) -> dict[str, Any]:
            return {"answers": complete_many(loaded, reminded, policy.sample_tokens)}

        results["candidate+memory"], _ = await server.run(base, [], answers_only, extra=[candidate])
    reference = "active" if results["active"] else "base"
    behaviour = await in_model_thread(
        _behaviour, embed, expected, results, reference, [p[-1]["content"] for p in prompts]
    )
    facts = fact_figures(
        [p[-1]["content"] for p in prompts], expected, results, reference,
        taught_from(taught_replies), (results["base"] or {}).get("surprisal"),
    )  # fmt: skip
    measured = {k: v for k, v in results.items() if "+" not in k}  # NLL: without memory
    evaluation: dict[str, Any] = {
        "heldout": {k: (v or {}).get("heldout") for k, v in measured.items()},
        "anchor": {k: (v or {}).get("anchor") for k, v in measured.items()},
        "behaviour": behaviour,
        "facts": facts,
        "samples": [
            {
                "prompt": prompt[-1]["content"],
                "expected": expected[i],
                **{k: (v["answers"][i] if v else None) for k, v in results.items()},
            }
            for i, prompt in enumerate(prompts[: policy.samples])
        ],
        "heldout_split": heldout_split,
        "active_version": active["version"] if active is not None else None,
    }
    evaluation["gate"] = decide(evaluation, policy)
    return evaluation


def _behaviour(
    embed: Embed,
    expected: list[str],
    results: dict[str, dict[str, Any] | None],
    reference: str,
    prompts: list[str],
) -> dict[str, Any]:
    """Each configuration's answers scored against the held-out replies; the candidate's win
    rate over the reference's.
    """
    if not expected:
        return {"reference": reference, "examples": 0, "win_rate": None}
    names = [k for k, v in results.items() if v is not None and "+" not in k]
    texts = [*expected, *(a for k in names for a in results[k]["answers"])]  # type: ignore[index]
    vectors = embed(texts)
    n = len(expected)
    scores: dict[str, list[float]] = {}
    for index, name in enumerate(names):
        rows = vectors[n * (index + 1) : n * (index + 2)]
        answers = results[name]["answers"]  # type: ignore[index]
        scores[name] = [
            answer_score(float(rows[i] @ vectors[i]), token_f1(answers[i], expected[i]))
            for i in range(n)
        ]
    rate = win_rate(scores["candidate"], scores[reference])
    unchanged = sum(
        a.strip() == b.strip()
        for a, b in zip(results["candidate"]["answers"], results[reference]["answers"], strict=True)  # type: ignore[index]
    )
    return {
        "reference": reference,
        "examples": n,
        "win_rate": rate,
        "unchanged": unchanged,  # greedy answers identical to the reference's
        "score": {k: sum(v) / n for k, v in scores.items()},
        "prompts": [
            {
                "prompt": prompts[i],
                "candidate": scores["candidate"][i],
                "reference": scores[reference][i],
            }
            for i in range(n)
        ],
    }


@dataclass(frozen=True, slots=True)
class MergedTrait:
    """One merged trait, for :func:`evaluate_merge`: its layer row and held-out examples."""

    trait: str
    row: LayerRow
    heldout: list[dict[str, Any]]
    split: str = "none"  # which file the held-out replies came from (val, or train)


@background_work
async def evaluate_merge(
    server: LayerServer,
    *,
    base: Path,
    snapshot: Path,
    traits: Sequence[MergedTrait],
    anchor: list[dict[str, Any]],
    gate: GatePolicy,
    policy: MergePolicy,
    embed: Embed,
) -> dict[str, Any]:
    """Measure the merged snapshot against each trait's own layer on that trait's held-out
    replies (NLL and answers), and on the anchor set; return the figures and the decision.

    Adding LoRA deltas trained apart is not free: on the learning benchmark two layers that
    each recalled 0.6-0.7 of their facts, summed into one snapshot, recalled 0.05.
    """
    figures: dict[str, Any] = {}
    anchor_nll: dict[str, float | None] = {}
    merged_anchor: float | None = None
    for item in traits:
        shown = item.heldout[: gate.behaviour_examples]
        prompts = [ex["messages"][:-1] for ex in shown]
        expected = [ex["messages"][-1]["content"] for ex in shown]
        with_anchor = _measure(item.heldout, anchor, prompts, gate.sample_tokens, kl=False)
        own, used = await server.run(base, [item.row], with_anchor)
        if not used or used[0]["id"] != item.row["id"]:
            # Refused, or replaced by an older version: not the layer that was merged.
            figures[item.trait] = {"skipped": "its layer could not be loaded"}
            continue
        anchor_nll[item.trait] = own["anchor"]["nll"]
        # The snapshot's anchor figure is the same for every trait: measured once.
        merged, _ = await server.run(snapshot, [], with_anchor if merged_anchor is None else
                                     _measure(item.heldout, [], prompts, gate.sample_tokens,
                                              kl=False))  # fmt: skip
        if merged_anchor is None:
            merged_anchor = merged["anchor"]["nll"]
        behaviour = await in_model_thread(
            _behaviour, embed, expected, {"candidate": merged, "layer": own}, "layer",
            [p[-1]["content"] for p in prompts],
        )  # fmt: skip
        layer_nll, merged_nll = own["heldout"]["nll"], merged["heldout"]["nll"]
        figures[item.trait] = {
            "version": item.row["version"],
            "examples": own["heldout"]["examples"],
            "split": item.split,
            "heldout_nll": {"layer": layer_nll, "merged": merged_nll},
            "heldout_rise": (merged_nll - layer_nll) / layer_nll
            if layer_nll and merged_nll is not None else None,
            "win_rate": behaviour.get("win_rate"),
            "samples": [{"prompt": p[-1]["content"], "expected": expected[i],
                         "layer": own["answers"][i], "merged": merged["answers"][i]}
                        for i, p in enumerate(prompts[: gate.samples])],
        }  # fmt: skip
    worst = max((v for v in anchor_nll.values() if v is not None), default=None)
    evaluation = {
        "merge": figures,
        "anchor": {"merged": merged_anchor, "worst_layer": worst},
    }
    evaluation["gate"] = decide_merge(evaluation, policy, gate.min_heldout)
    return evaluation
