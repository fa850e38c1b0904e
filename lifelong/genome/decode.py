"""One step-by-step decode loop with a KV cache, for a batch of chats that may each use a
different LoRA layer, streaming each row's text as it grows.

transformers' ``generate`` can run per-row adapters (peft's ``adapter_names``) but its
streamers refuse batches larger than one; this loop does both: rows are left-padded, each gets
its own position ids, peft's per-row adapter hooks are registered once for the whole batch (not
once per step), and every new token's text goes to the row's callback. A finished row keeps its
slot (fed padding, masked out) until the batch ends: batches are static, which keeps the cache
one tensor per layer. Runs in a worker thread, inside the adapter cache's ``use`` block.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["BASE_ROW", "DecodeRow", "decode_batch", "prompt_ids"]

# peft's name for "no adapter on this row" in a mixed batch.
BASE_ROW = "__base__"


@dataclass(slots=True)
class DecodeRow:
    """One chat of a batch: its prompt tokens, its sampling, and where its text goes."""

    prompt: list[int]
    max_new_tokens: int
    temperature: float = 0.0  # 0: greedy
    top_p: float = 1.0
    adapter: str | None = None  # the peft slot answering this row; None: the base model
    on_text: Callable[[str], None] | None = None  # each new piece of text, as it is decoded


def prompt_ids(tokenizer: Any, messages: list[dict[str, str]]) -> list[int]:
    """The chat template applied, tokenized as ``generate`` would see it."""
    text = tokenizer.apply_chat_template(messages, add_generation_prompt=True, tokenize=False)
    return list(tokenizer(text, add_special_tokens=False)["input_ids"])


def decode_batch(
    model: Any,
    tokenizer: Any,
    rows: Sequence[DecodeRow],
    *,
    per_row_adapters: bool,
    on_logits: Callable[[int, Any], None] | None = None,
) -> list[str]:
    """Decode every row to its end (an end-of-text token or ``max_new_tokens``); returns the
    replies. ``per_row_adapters``: route each row through its own ``adapter`` (peft mixed
    batch); otherwise the model's active adapters answer every row. ``on_logits(step,
    logits)`` sees each step's last-position logits (tests compare them).
    """
    import torch

    pad = tokenizer.pad_token_id
    if pad is None:
        pad = tokenizer.eos_token_id
    stop = _stop_ids(model, tokenizer)
    width = max(len(r.prompt) for r in rows)
    ids = torch.full((len(rows), width), pad, dtype=torch.long)
    mask = torch.zeros((len(rows), width), dtype=torch.long)
    for i, row in enumerate(rows):
        ids[i, width - len(row.prompt) :] = torch.tensor(row.prompt, dtype=torch.long)
        mask[i, width - len(row.prompt) :] = 1
    positions = (mask.cumsum(-1) - 1).clamp(min=0)
    generated: list[list[int]] = [[] for _ in rows]
    emitted = [""] * len(rows)
    done = [False] * len(rows)
    longest = max(r.max_new_tokens for r in rows)
    names = [r.adapter or BASE_ROW for r in rows]
    with torch.no_grad(), _adapter_hooks(model, names if per_row_adapters else None):
        from transformers import DynamicCache

        cache = DynamicCache()
        step_ids, step_positions = ids, positions
        for step in range(longest):
            out = model(
                input_ids=step_ids, attention_mask=mask, position_ids=step_positions,
                past_key_values=cache, use_cache=True,
            )  # fmt: skip
            cache = out.past_key_values
            logits = out.logits[:, -1, :].float()
            if on_logits is not None:
                on_logits(step, logits)
            chosen = _choose(logits, rows)
            for i, row in enumerate(rows):
                if done[i]:
                    chosen[i] = pad
                    continue
                token = int(chosen[i])
                if token in stop:
                    done[i] = True
                    continue
                generated[i].append(token)
                _emit(tokenizer, row, generated[i], emitted, i)
                if len(generated[i]) >= row.max_new_tokens:
                    done[i] = True
            if all(done):
                break
            step_ids = chosen.view(-1, 1)
            mask = torch.cat([mask, torch.ones((len(rows), 1), dtype=torch.long)], dim=1)
            step_positions = step_positions[:, -1:] + 1
    replies = []
    for i, row in enumerate(rows):
        text = tokenizer.decode(generated[i], skip_special_tokens=True)
        if row.on_text is not None and len(text) > len(emitted[i]):
            row.on_text(text[len(emitted[i]) :])  # what was held back at the end
        replies.append(text)
    return replies


def _stop_ids(model: Any, tokenizer: Any) -> set[int]:
    ids: set[int] = set()
    for value in (getattr(getattr(model, "generation_config", None), "eos_token_id", None),
                  tokenizer.eos_token_id):  # fmt: skip
        if isinstance(value, int):
            ids.add(value)
        elif isinstance(value, list | tuple):
            ids.update(int(v) for v in value)
    return ids


def _choose(logits: Any, rows: Sequence[DecodeRow]) -> Any:
    """The next token of every row: argmax for greedy rows, top-p sampling for the others."""
    import torch

    chosen = logits.argmax(dim=-1)
    for i, row in enumerate(rows):
        if row.temperature <= 0:
            continue
        probs = torch.softmax(logits[i] / row.temperature, dim=-1)
        if row.top_p < 1.0:
            ordered, index = probs.sort(descending=True)
            keep = ordered.cumsum(-1) - ordered < row.top_p  # always keeps the first
            ordered = ordered * keep
            probs = torch.zeros_like(probs).scatter(0, index, ordered)
        chosen[i] = torch.multinomial(probs / probs.sum(), 1)[0]
    return chosen


def _emit(tokenizer: Any, row: DecodeRow, tokens: list[int], emitted: list[str], i: int) -> None:
    """Send the row's new text. A token can end inside a multi-byte character (decoded as
    U+FFFD): that tail waits for the next token.
    """
    if row.on_text is None:
        return
    text = tokenizer.decode(tokens, skip_special_tokens=True)
    if text.endswith("\ufffd") or len(text) <= len(emitted[i]):
        return
    if not text.startswith(emitted[i]):  # a merge changed earlier text: resend nothing twice
        return
    row.on_text(text[len(emitted[i]) :])
    emitted[i] = text


@contextlib.contextmanager
def _adapter_hooks(model: Any, names: list[str] | None) -> Iterator[None]:
    """peft's per-row adapter routing, registered once for the whole decode."""
    inner = getattr(model, "base_model", None)
    if names is None or not hasattr(inner, "_enable_peft_forward_hooks"):
        yield
        return
    with inner._enable_peft_forward_hooks(adapter_names=names):
        yield
