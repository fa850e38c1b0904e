"""The auto-test's measurements: what one configuration (base, active or candidate layer) does
on the held-out examples and the anchor set, and how its answers compare with the held-out
replies. Figures only; the gate that decides on them is :mod:`lifelong.learning.gate`, and
:mod:`lifelong.learning.evaluation` runs both.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from lifelong._model_thread import check_cancelled, model_state
from lifelong.engine.records import Loaded
from lifelong.learning.facts import Taught, Verdict, judge, key_content, rates, word_surprisal

__all__ = [
    "answer_score",
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


def read_heldout(dataset_dir: Path, limit: int) -> tuple[list[dict[str, Any]], str]:
    """The validation examples, or (for a split too small to have any) the training ones,
    with the name of the split used so the report can say so.
    """
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
            # Only the positions whose next token is a reply's are projected onto the
            # vocabulary (a prompt is most of an example; the projection of a position is a
            # 49k-wide matmul and softmax, the largest piece of work a reply would wait for).
            first = max(min(prompt_len for _, prompt_len in batch) - 1, 0)
            keep = torch.arange(first, width - 1)
            shift_logits = _logits(model, input_ids, mask, keep)
            shift_labels = labels[:, first + 1 :]
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
                    base = _logits(model, input_ids, mask, keep)
                base_logp = torch.log_softmax(base[scored], -1)
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


def _logits(model: Any, input_ids: Any, mask: Any, keep: Any) -> Any:
    """The float logits at sequence positions ``keep`` only (transformers' ``logits_to_keep``);
    a model without that argument computes them all and they are cut here.
    """
    try:
        out = model(input_ids=input_ids, attention_mask=mask, logits_to_keep=keep)
    except TypeError:
        return model(input_ids=input_ids, attention_mask=mask).logits[:, keep].float()
    logits = out.logits
    if logits.shape[1] != len(keep):  # a model that took the argument but kept everything
        logits = logits[:, keep]
    return logits.float()


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
            # Token i+1's loss is predicted at position i; only the reply's tokens count,
            # so only their positions are projected onto the vocabulary.
            first = next((i for i in range(len(ids) - 1) if spans[i + 1][0] >= at), len(ids) - 1)
            keep = torch.arange(first, len(ids) - 1)
            logits = _logits(model, torch.tensor([ids]), None, keep)[0]
            losses = torch.nn.functional.cross_entropy(
                logits, torch.tensor(ids[first + 1 :]), reduction="none"
            ).tolist()
            pairs = [(tuple(spans[first + 1 + i]), loss) for i, loss in enumerate(losses)]
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
