"""Auto-test: is a trained candidate better than what serves now, without forgetting?

Three configurations are measured on the same loaded base model (the adapter cache swaps
layers): the base alone, the currently active version of the trait (if any) and the candidate.

- held-out NLL / perplexity on the trait's validation split (assistant tokens only);
- the same on the anchor set bundled with the package (general questions in a plain voice):
  the forgetting guard;
- a few greedy sample answers to held-out prompts, side by side, for the report.

The gate compares the candidate with the active version (the base when none is active):
``improvement = (reference_nll - candidate_nll) / reference_nll`` must be at least
``min_improvement``, and ``anchor_regression = (candidate_anchor - base_anchor) / base_anchor``
at most ``max_anchor_regression``. The reason is recorded either way.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from lifelong.genome.cache import LayerRef, Loaded
from lifelong.genome.serving import GenerationSettings, LayerServer, complete

__all__ = ["GatePolicy", "decide", "evaluate_candidate", "nll_of", "read_heldout"]

_BATCH = 8


@dataclass(frozen=True, slots=True)
class GatePolicy:
    min_improvement: float = 0.0  # relative held-out NLL gain over the active version
    max_anchor_regression: float = 0.25  # relative anchor NLL loss versus the base model
    max_examples: int = 48  # held-out examples measured (the first N by stable order)
    samples: int = 3
    sample_tokens: int = 48
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


def nll_of(loaded: Loaded, examples: list[dict[str, Any]]) -> dict[str, Any]:
    """Mean negative log-likelihood per assistant token of the examples' last reply."""
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
    total, count = 0.0, 0
    pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else 0
    with torch.no_grad():
        for start in range(0, len(encoded), _BATCH):
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
            count += int((shift_labels != -100).sum())
    if count == 0:
        return {"nll": None, "ppl": None, "tokens": 0, "examples": 0}
    nll = total / count
    return {"nll": nll, "ppl": math.exp(min(nll, 50.0)), "tokens": count, "examples": len(encoded)}


def _measure(
    heldout: list[dict[str, Any]],
    anchor: list[dict[str, Any]],
    prompts: list[list[dict]],
    sample_tokens: int,
):  # type: ignore[no-untyped-def]
    settings = GenerationSettings(max_new_tokens=sample_tokens)

    def work(loaded: Loaded) -> dict[str, Any]:
        return {
            "heldout": nll_of(loaded, heldout),
            "anchor": nll_of(loaded, anchor),
            "samples": [complete(loaded, p, settings) for p in prompts],
        }

    return work


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
) -> dict[str, Any]:
    """Measure base, active and candidate; return the evaluation with the gate's decision."""
    prompts = [ex["messages"][:-1] for ex in heldout[: policy.samples]]
    work = _measure(heldout, anchor, prompts, policy.sample_tokens)
    results: dict[str, dict[str, Any] | None] = {}
    results["base"], _ = await server.run(base, [], work)
    results["active"] = None
    if active is not None and active.get("kind") == "local":
        results["active"], used = await server.run(base, [active], work)
        if not used:  # the active artifact was refused: compare with what really serves
            results["active"] = None
    results["candidate"], _ = await server.run(base, [], work, extra=[candidate])
    evaluation: dict[str, Any] = {
        "heldout": {k: (v or {}).get("heldout") for k, v in results.items()},
        "anchor": {k: (v or {}).get("anchor") for k, v in results.items()},
        "samples": [
            {
                "prompt": prompt[-1]["content"],
                **{k: (v["samples"][i] if v else None) for k, v in results.items()},
            }
            for i, prompt in enumerate(prompts)
        ],
        "heldout_split": heldout_split,
        "active_version": active["version"] if active is not None else None,
    }
    evaluation["gate"] = decide(evaluation, policy)
    return evaluation


def decide(evaluation: dict[str, Any], policy: GatePolicy) -> dict[str, Any]:
    """The gate: deploy only a candidate that beats the reference and keeps the anchor."""
    heldout, anchor = evaluation["heldout"], evaluation["anchor"]
    reference_name = "active" if heldout.get("active") else "base"
    reference = (heldout.get(reference_name) or {}).get("nll")
    cand = (heldout.get("candidate") or {}).get("nll")
    base_anchor = (anchor.get("base") or {}).get("nll")
    cand_anchor = (anchor.get("candidate") or {}).get("nll")
    gate: dict[str, Any] = {
        **{k: v for k, v in asdict(policy).items() if k in
           ("min_improvement", "max_anchor_regression")},
        "reference": reference_name, "improvement": None, "anchor_regression": None,
    }  # fmt: skip
    if reference is None or cand is None:
        return {**gate, "passed": False, "reason": "no held-out examples to measure on"}
    improvement = (reference - cand) / reference
    gate["improvement"] = improvement
    if base_anchor and cand_anchor is not None:
        gate["anchor_regression"] = (cand_anchor - base_anchor) / base_anchor
    if improvement < policy.min_improvement:
        reason = (
            f"held-out NLL {cand:.4f} vs {reference_name} {reference:.4f}: improvement "
            f"{improvement:+.1%} is below the required {policy.min_improvement:+.1%}"
        )
        return {**gate, "passed": False, "reason": reason}
    regression = gate["anchor_regression"]
    if regression is not None and regression > policy.max_anchor_regression:
        reason = (
            f"anchor NLL rose {regression:+.1%} over the base model (limit "
            f"{policy.max_anchor_regression:+.1%}): the candidate forgets general ability"
        )
        return {**gate, "passed": False, "reason": reason}
    reason = f"held-out NLL {cand:.4f} vs {reference_name} {reference:.4f} ({improvement:+.1%})"
    if regression is not None:
        reason += f", anchor {regression:+.1%}"
    return {**gate, "passed": True, "reason": reason}
