"""Measuring what a persona says: the learning benchmark's probes, on a base model with or
without trained layers. Shared by ``bench/learning.py`` (the real loop) and
``bench/recipe_sweep.py`` (recipes tried directly on the trainer).

- fact recall: greedy answers to held-out paraphrases, scored with each fact's keyword rubric;
- voice: the share of those answers that carry the persona's marker;
- general probes: everyday questions the persona must still answer (keyword rubric);
- anchor: NLL of the bundled anchor answers and the KL divergence from the base model, per
  answer token (the forgetting guard the runtime's gate also uses).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.learning_data import PersonaSpec, general_hit, recall_hit, voice_hit

MAX_NEW_TOKENS = 64


def load_base(path: Path) -> tuple[Any, Any]:
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(path)
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    model = AutoModelForCausalLM.from_pretrained(path, dtype=torch.float32).eval()
    return model, tokenizer


def generate(
    model: Any, tokenizer: Any, chats: Sequence[list[dict[str, str]]], max_new_tokens: int
) -> list[str]:
    """Greedy replies to ``chats``, batched with left padding."""
    import torch

    tokenizer.padding_side = "left"
    replies: list[str] = []
    for start in range(0, len(chats), 16):
        texts = [
            tokenizer.apply_chat_template(c, add_generation_prompt=True, tokenize=False)
            for c in chats[start : start + 16]
        ]
        batch = tokenizer(texts, return_tensors="pt", padding=True, add_special_tokens=False)
        with torch.no_grad():
            out = model.generate(
                **batch, max_new_tokens=max_new_tokens, do_sample=False,
                pad_token_id=tokenizer.pad_token_id,
            )  # fmt: skip
        width = batch["input_ids"].shape[1]
        replies += [tokenizer.decode(row[width:], skip_special_tokens=True) for row in out]
    return replies


def anchor_figures(model: Any, tokenizer: Any, anchor: list[dict[str, Any]]) -> dict[str, float]:
    """NLL of the anchor answers with the model as it is, the base model's NLL (adapters
    disabled), and KL(base || model) per answer token.
    """
    import contextlib

    import torch

    nll_sum = base_sum = kl_sum = 0.0
    count = 0
    disable = getattr(model, "disable_adapter", None)
    for example in anchor:
        messages = example["messages"]
        prompt = tokenizer.apply_chat_template(
            messages[:-1], add_generation_prompt=True, tokenize=False
        )
        full = tokenizer.apply_chat_template(messages, tokenize=False)
        prompt_len = len(tokenizer(prompt, add_special_tokens=False)["input_ids"])
        ids = torch.tensor([tokenizer(full, add_special_tokens=False)["input_ids"]])
        with torch.no_grad():
            logits = model(input_ids=ids).logits[0, :-1].float()
            with disable() if disable is not None else contextlib.nullcontext():
                base_logits = model(input_ids=ids).logits[0, :-1].float()
        targets = ids[0, 1:]
        span = slice(prompt_len - 1, len(targets))
        logp = torch.log_softmax(logits[span], -1)
        base_logp = torch.log_softmax(base_logits[span], -1)
        picked = targets[span]
        nll_sum += float(-logp.gather(1, picked[:, None]).sum())
        base_sum += float(-base_logp.gather(1, picked[:, None]).sum())
        kl_sum += float((base_logp.exp() * (base_logp - logp)).sum())
        count += int(picked.numel())
    return {
        "nll": nll_sum / count,
        "base_nll": base_sum / count,
        "regression": (nll_sum - base_sum) / base_sum,
        "kl": kl_sum / count,
        "tokens": float(count),
    }


def persona_figures(
    model: Any,
    tokenizer: Any,
    persona: PersonaSpec,
    system_prompt: str,
    *,
    set_trait: Any = None,
    traits: Sequence[str] | None = None,
    max_new_tokens: int = MAX_NEW_TOKENS,
) -> dict[str, Any]:
    """Recall and voice on the held-out paraphrases, and the general probes' score.

    ``set_trait(name)`` selects the layer of a fact's trait before its questions are asked
    (None: the model as it is, e.g. the base model).
    """
    by_trait: dict[str, list[tuple[Any, str]]] = {}
    for fact, question in persona.heldout():
        if traits is None or fact.trait in traits:
            by_trait.setdefault(fact.trait, []).append((fact, question))
    hits = voice = total = 0
    samples: list[dict[str, str]] = []
    for trait, items in sorted(by_trait.items()):
        if set_trait is not None:
            set_trait(trait)
        chats = [[{"role": "system", "content": system_prompt}, {"role": "user", "content": q}]
                 for _, q in items]  # fmt: skip
        for (fact, question), answer in zip(
            items, generate(model, tokenizer, chats, max_new_tokens), strict=True
        ):
            hit = recall_hit(answer, fact)
            hits += hit
            voice += voice_hit(answer, persona)
            total += 1
            if len(samples) < 4 or (not hit and len(samples) < 8):
                samples.append({"q": question, "a": answer.strip()[:200], "hit": str(hit)})
    general = 0
    if persona.general_probes:
        if set_trait is not None:
            set_trait(sorted(by_trait)[0])
        chats = [
            [{"role": "system", "content": system_prompt}, {"role": "user", "content": p.question}]
            for p in persona.general_probes
        ]
        answers = generate(model, tokenizer, chats, max_new_tokens)
        general = sum(
            general_hit(a, p) for a, p in zip(answers, persona.general_probes, strict=True)
        )
    return {
        "recall": hits / total,
        "voice": voice / total,
        "questions": total,
        "general": general / max(1, len(persona.general_probes)),
        "samples": samples,
    }


def rounded(data: Any, digits: int = 4) -> Any:
    if isinstance(data, float):
        return round(data, digits) if math.isfinite(data) else None
    if isinstance(data, dict):
        return {k: rounded(v, digits) for k, v in data.items()}
    if isinstance(data, list):
        return [rounded(v, digits) for v in data]
    return data
