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
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from lifelong._model_thread import background_work, check_cancelled, in_model_thread, model_state
from lifelong.genome.cache import LayerRef, Loaded
from lifelong.genome.serving import LayerServer, complete_many
from lifelong.learning.facts import (
    Taught,
    Verdict,
    judge,
    key_content,
    rates,
    taught_from,
    word_surprisal,
)

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

# Examples per forward pass: small, as each is a piece of work a waiting reply may wait for.
_BATCH = 2
# Scores closer than this are a tie: two answers that differ by a word are not a win.
_TIE = 0.01

Embed = Callable[[Sequence[str]], np.ndarray]
# Held-out chats -> the same chats with the persona's memory put in (see evaluate_candidate).
Remind = Callable[[list[list[dict[str, str]]]], Awaitable[list[list[dict[str, str]]]]]


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


def read_heldout(dataset_dir: Path, limit: int) -> tuple[list[dict[str, Any]], str]:
    """The validation examples, or (for a split too small to have any) the training ones,
    with the name of the split used so the report can say so.
    """
    import json

    for name in ("val.jsonl", "train.jsonl"):
        path = dataset_dir / name
        if path.is_file():
            rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
            rows = [r for r in rows if r.get("messages")]
            if rows:
                return rows[:limit], name.removesuffix(".jsonl")
    return [], "none"


def read_taught(dataset_dir: Path) -> list[str]:
    """The replies of the training split: what a layer trained on the dataset was taught."""
    import json

    path = dataset_dir / "train.jsonl"
    if not path.is_file():
        return []
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    return [str(r["messages"][-1].get("content") or "") for r in rows if r.get("messages")]


def nll_of(
    loaded: Loaded, examples: list[dict[str, Any]], *, kl_from_base: bool = False
) -> dict[str, Any]:
    """Mean negative log-likelihood per assistant token of the examples' last reply; with
    ``kl_from_base`` also the mean KL(base || model) over those tokens (the base being the
    same model with its layers disabled).
    """
    import torch

    tokenizer, model = loaded.tokenizer, loaded.model
    encoded: list[tuple[list[int], int]] = []
    for example in examples:
        messages = example["messages"]
        prompt = tokenizer.apply_chat_template(
            messages[:-1], add_generation_prompt=True, tokenize=False
        )
        full = tokenizer.apply_chat_template(messages, tokenize=False)
        prompt_ids = tokenizer(prompt, add_special_tokens=False)["input_ids"]
        full_ids = tokenizer(full, add_special_tokens=False)["input_ids"][:1024]
        if len(full_ids) > len(prompt_ids):
            encoded.append((full_ids, len(prompt_ids)))
    disable = getattr(model, "disable_adapter", None) if kl_from_base else None
    total, kl_total, count = 0.0, 0.0, 0
    pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else 0
    with torch.no_grad():
        for start in range(0, len(encoded), _BATCH):
            check_cancelled()  # nobody waits any more: stop between batches
            batch = encoded[start : start + _BATCH]
            width = max(len(ids) for ids, _ in batch)
            input_ids = torch.full((len(batch), width), pad, dtype=torch.long)
            mask = torch.zeros((len(batch), width), dtype=torch.long)
            labels = torch.full((len(batch), width), -100, dtype=torch.long)
            for i, (ids, prompt_len) in enumerate(batch):
                input_ids[i, : len(ids)] = torch.tensor(ids)
                mask[i, : len(ids)] = 1
                labels[i, prompt_len : len(ids)] = torch.tensor(ids[prompt_len:])
            logits = model(input_ids=input_ids, attention_mask=mask).logits.float()
            shift_logits, shift_labels = logits[:, :-1], labels[:, 1:]
            losses = torch.nn.functional.cross_entropy(
                shift_logits.reshape(-1, shift_logits.shape[-1]), shift_labels.reshape(-1),
                ignore_index=-100, reduction="sum",
            )  # fmt: skip
            total += float(losses)
            scored = shift_labels != -100
            count += int(scored.sum())
            if disable is not None:
                check_cancelled()  # (outside disable(): the model state is the block's)
                with model_state(None), disable():  # layers off: no reply may run in here
                    base = model(input_ids=input_ids, attention_mask=mask).logits.float()
                base_logp = torch.log_softmax(base[:, :-1][scored], -1)
                logp = torch.log_softmax(shift_logits[scored], -1)
                kl_total += float((base_logp.exp() * (base_logp - logp)).sum())
    if count == 0:
        return {"nll": None, "ppl": None, "tokens": 0, "examples": 0}
    nll = total / count
    figures = {"nll": nll, "ppl": math.exp(min(nll, 50.0)), "tokens": count,
               "examples": len(encoded)}  # fmt: skip
    if disable is not None:
        figures["kl"] = kl_total / count
    return figures


def reply_surprisal(loaded: Loaded, examples: list[dict[str, Any]]) -> list[dict[str, float]]:
    """For each example, the model's surprisal (nats) of each word of its last reply given
    the conversation before it (see :func:`lifelong.learning.facts.word_surprisal`): on the
    base model, the words it could not have guessed. Empty where the tokenizer gives no
    character offsets.
    """
    import torch

    tokenizer, model = loaded.tokenizer, loaded.model
    out: list[dict[str, float]] = []
    with torch.no_grad():
        for example in examples:
            check_cancelled()
            messages = example["messages"]
            reply = str(messages[-1].get("content") or "")
            prompt = tokenizer.apply_chat_template(
                messages[:-1], add_generation_prompt=True, tokenize=False
            )
            full = tokenizer.apply_chat_template(messages, tokenize=False)
            at = full.find(reply, len(prompt) - 1) if reply else -1
            try:
                enc = tokenizer(full, add_special_tokens=False, return_offsets_mapping=True)
            except (NotImplementedError, ValueError):
                out.append({})
                continue
            ids, spans = enc["input_ids"][:1024], enc["offset_mapping"][:1024]
            if at < 0 or len(ids) < 2:
                out.append({})
                continue
            logits = model(input_ids=torch.tensor([ids])).logits[0, :-1].float()
            losses = torch.nn.functional.cross_entropy(
                logits, torch.tensor(ids[1:]), reduction="none"
            ).tolist()
            # Token i+1's loss is predicted at position i; only the reply's tokens count.
            pairs = [(tuple(spans[i + 1]), loss) for i, loss in enumerate(losses)
                     if spans[i + 1][0] >= at]  # fmt: skip
            out.append(word_surprisal(reply, at, [p for p, _ in pairs], [x for _, x in pairs]))
    return out


_WORD = re.compile(r"\w+", re.UNICODE)


def token_f1(answer: str, expected: str) -> float:
    """Word-overlap F1 of ``answer`` against ``expected`` (lower case, words only)."""
    got = Counter(_WORD.findall(answer.lower()))
    want = Counter(_WORD.findall(expected.lower()))
    common = sum((got & want).values())
    if not common:
        return 0.0
    precision, recall = common / sum(got.values()), common / sum(want.values())
    return 2 * precision * recall / (precision + recall)


def answer_score(cosine: float, f1: float) -> float:
    """How close an answer is to the held-out reply: half meaning (MiniLM), half words."""
    return 0.5 * max(0.0, cosine) + 0.5 * f1


def win_rate(candidate: Sequence[float], reference: Sequence[float]) -> float:
    """Share of prompts where the candidate's answer scored higher; a tie is half a win."""
    if not candidate:
        return 0.0
    wins = sum(1.0 if c > r + _TIE else 0.5 if abs(c - r) <= _TIE else 0.0
               for c, r in zip(candidate, reference, strict=True))  # fmt: skip
    return wins / len(candidate)


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
    active: dict[str, Any] | None,
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


def fact_figures(
    prompts: Sequence[str],
    expected: Sequence[str],
    results: dict[str, dict[str, Any] | None],
    reference: str,
    taught: Taught,
    surprisal: Sequence[dict[str, float]] | None,
) -> dict[str, Any]:
    """Each configuration's answers classed against the key content of the held-out replies
    (:mod:`lifelong.learning.facts`): recalled, silent or contradicted, with the rates.
    """
    names = [k for k, v in results.items() if v is not None]
    keys = [
        key_content(expected[i], prompts[i], taught, (surprisal or [{}] * len(expected))[i]
                    if surprisal and i < len(surprisal) else None)
        for i in range(len(expected))
    ]  # fmt: skip
    verdicts: dict[str, list[Verdict | None]] = {
        name: [
            judge(results[name]["answers"][i], key, prompts[i], expected[i]) if key else None  # type: ignore[index]
            for i, key in enumerate(keys)
        ]
        for name in names
    }
    return {
        "reference": reference,
        "judged": sum(1 for key in keys if key),
        "examples": len(keys),
        "rates": {name: rates(verdicts[name]).as_dict() for name in names},
        "prompts": [
            {
                "prompt": prompts[i],
                "key": key.as_dict() if key else None,
                **{name: verdicts[name][i] for name in names},
            }
            for i, key in enumerate(keys)
        ],
    }


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


@dataclass(frozen=True, slots=True)
class MergedTrait:
    """One merged trait, for :func:`evaluate_merge`: its layer row and held-out examples."""

    trait: str
    row: dict[str, Any]
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
