"""One step-by-step decode loop with a KV cache, for a batch of chats that may each use a
different LoRA layer, streaming each row's text as it grows, and letting rows join and leave
between steps (continuous batching).

transformers' ``generate`` can run per-row adapters (peft's ``adapter_names``) but its
streamers refuse batches larger than one, and a batch there lives until its longest row ends.
A :class:`DecodeSession` does both: rows are left-padded and carry their own position ids;
new rows are prefilled on their own and their cache is merged into the running one (the
shorter side padded on the left, masked out); a finished row leaves at once, so its slot goes
to the next request instead of idling until the batch ends. peft's per-row adapter hooks are
registered once per session around a list that is updated in place as rows come and go.
Runs in a worker thread, inside the adapter cache's ``use_each`` / ``use`` block.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from lifelong._model_thread import check_cancelled, model_state
from lifelong.engine.llama_step import LlamaStep

__all__ = ["BASE_ROW", "DecodeRow", "DecodeSession", "decode_batch", "prompt_ids"]

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
    on_done: Callable[[str], None] | None = None  # the whole reply, when the row ends
    # True once nobody waits for the reply (a client that went away): the row leaves the
    # batch at its next token instead of decoding to its end for no one.
    abandoned: Callable[[], bool] | None = None
    tokens: list[int] = field(default_factory=list)
    emitted: str = ""
    reply: str | None = None  # set when the row ends


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
    logits)`` sees each step's last-position logits of the rows still running (tests).
    """
    with DecodeSession(model, tokenizer, per_row_adapters=per_row_adapters) as session:
        session.on_logits = on_logits
        session.admit(list(rows))
        while session.active:
            check_cancelled()
            session.step()
    return [row.reply or "" for row in rows]


class DecodeSession:
    """Rows decoding together; :meth:`admit` adds rows, :meth:`step` advances all by a token."""

    # False: every step goes through the model's own forward (benchmarks compare the two).
    fast_steps = True

    def __init__(
        self,
        model: Any,
        tokenizer: Any,
        *,
        per_row_adapters: bool,
        activate: Callable[[tuple[str, ...]], None] | None = None,
    ) -> None:
        import torch

        self.torch = torch
        self.model = model
        self.tokenizer = tokenizer
        self.per_row_adapters = per_row_adapters
        self.pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else (
            tokenizer.eos_token_id
        )  # fmt: skip
        self.stop = _stop_ids(model, tokenizer)
        self.rows: list[DecodeRow] = []
        self.cache: Any = None
        self.mask: Any = None  # [rows, columns]: 1 where a row has a real token
        self.positions: Any = None  # [rows]: the position id of each row's next token
        self.next_tokens: Any = None  # [rows]: the token each row feeds next
        self.names: list[str] = []  # per-row adapter names, updated in place (peft's hooks)
        self.on_logits: Callable[[int, Any], None] | None = None
        self.steps = 0
        self.abandoned = 0  # rows dropped because nobody waited for them any more
        self._hooks: contextlib.ExitStack | None = None
        # While every row uses the same layer, that layer is simply made active (``activate``)
        # and the model runs as usual; peft's per-row routing (slower: each adapter's rows go
        # through their own small matmuls) is registered only while the rows differ.
        self._activate = activate
        self._routing: contextlib.ExitStack | None = None
        # The decode step without transformers' and peft's per-module overhead, where it
        # reproduces the model (see lifelong.engine.llama_step); built at the first step.
        self._fast: LlamaStep | None = None
        self._fast_tried = False
        self.fast_taken = 0  # steps answered by the fast step

    def __enter__(self) -> DecodeSession:
        self._hooks = contextlib.ExitStack()
        self._hooks.enter_context(self.torch.no_grad())
        if self.per_row_adapters:  # peft's routing hooks: a checkpoint here never yields
            self._hooks.enter_context(model_state(None))
        return self

    def __exit__(self, *exc: object) -> None:
        if self._routing is not None:
            self._routing.close()
            self._routing = None
        if self._hooks is not None:
            self._hooks.close()

    @property
    def active(self) -> int:
        return len(self.rows)

    def can_route(self) -> bool:
        """Rows may use different adapters (the model is a peft model with LoRA layers)."""
        return hasattr(getattr(self.model, "base_model", None), "_enable_peft_forward_hooks")

    # -- rows joining -----------------------------------------------------------------------

    def admit(self, new: list[DecodeRow]) -> None:
        """Prefill ``new`` rows and merge them into the running batch (their first token is
        chosen, and may already end them)."""
        if not new:
            return
        torch = self.torch
        width = max(len(r.prompt) for r in new)
        ids = torch.full((len(new), width), self.pad, dtype=torch.long)
        mask = torch.zeros((len(new), width), dtype=torch.long)
        for i, row in enumerate(new):
            ids[i, width - len(row.prompt) :] = torch.tensor(row.prompt, dtype=torch.long)
            mask[i, width - len(row.prompt) :] = 1
        positions = (mask.cumsum(-1) - 1).clamp(min=0)
        from transformers import DynamicCache

        cache = DynamicCache()  # transformers 5 names it ``cache`` (``past_key_values`` before)
        self._route([r.adapter for r in new], joining=True)
        # Only the last position's logits are needed: the vocabulary projection of the whole
        # prompt (49,152 x 576 per token on SmolLM2) is skipped.
        out = self.model(
            input_ids=ids, attention_mask=mask, position_ids=positions, cache=cache,
            use_cache=True, logits_to_keep=1,
        )  # fmt: skip
        logits = out.logits[:, -1, :].float()
        if self.on_logits is not None and not self.rows:
            self.on_logits(self.steps, logits)
        chosen = _choose(logits, new)
        self._merge(new, out.cache, mask, positions[:, -1] + 1, chosen)
        self._route([r.adapter for r in self.rows])
        self._advance(chosen_for=len(self.rows) - len(new))

    def _merge(self, new: list[DecodeRow], cache: Any, mask: Any, positions: Any, chosen: Any):
        torch = self.torch
        if not self.rows:
            self.rows, self.cache, self.mask = list(new), cache, mask
            self.positions, self.next_tokens = positions, chosen
            return
        have, got = self.mask.shape[1], mask.shape[1]
        width = max(have, got)
        for old_layer, new_layer in zip(self.cache.layers, cache.layers, strict=True):
            for name in ("keys", "values"):
                a = _left_pad(torch, getattr(old_layer, name), width - have)
                b = _left_pad(torch, getattr(new_layer, name), width - got)
                setattr(old_layer, name, torch.cat([a, b], dim=0))
        self.mask = torch.cat(
            [_left_pad_2d(torch, self.mask, width - have), _left_pad_2d(torch, mask, width - got)]
        )
        self.positions = torch.cat([self.positions, positions])
        self.next_tokens = torch.cat([self.next_tokens, chosen])
        self.rows += new

    # -- decoding ---------------------------------------------------------------------------

    def step(self) -> None:
        """Feed every running row its next token; choose the one after; drop finished rows."""
        torch = self.torch
        self.mask = torch.cat([self.mask, torch.ones((self.active, 1), dtype=torch.long)], 1)
        fast = self._fast_step()
        if fast is not None:
            padded = bool((self.mask == 0).any())
            logits = fast(self.next_tokens, self.positions, self.cache, self.mask, padded).float()
            self.fast_taken += 1
        else:
            out = self.model(
                input_ids=self.next_tokens.view(-1, 1), attention_mask=self.mask,
                position_ids=self.positions.view(-1, 1), cache=self.cache, use_cache=True,
            )  # fmt: skip
            self.cache = out.cache
            logits = out.logits[:, -1, :].float()
        self.steps += 1
        if self.on_logits is not None:
            self.on_logits(self.steps, logits)
        self.next_tokens = _choose(logits, self.rows)
        self.positions = self.positions + 1
        self._advance(chosen_for=0)

    def _fast_step(self) -> LlamaStep | None:
        """The fast step for the rows now running, or None (the model's forward answers)."""
        if not self.fast_steps:
            return None
        if not self._fast_tried:
            self._fast_tried = True
            self._fast = LlamaStep.build(self.model)
        fast = self._fast
        if fast is None:
            return None
        if self.per_row_adapters:
            adapters = [r.adapter for r in self.rows]
        elif not getattr(self.model, "peft_config", None):
            adapters = [None] * self.active  # a bare model: no layer on any row
        else:
            return None  # the model's active layers answer every row: its own forward does
        return fast if fast.route(adapters) else None

    def _advance(self, chosen_for: int) -> None:
        """Take the chosen token of rows ``chosen_for:`` (end, or emit); drop the ended."""
        keep = list(range(chosen_for))
        for i in range(chosen_for, self.active):
            row, token = self.rows[i], int(self.next_tokens[i])
            if row.abandoned is not None and row.abandoned():
                self.abandoned += 1
                continue
            if token in self.stop:
                self._finish(row)
                continue
            row.tokens.append(token)
            self._emit(row)
            if len(row.tokens) >= row.max_new_tokens:
                self._finish(row)
                continue
            keep.append(i)
        if len(keep) < self.active:
            self._select(keep)

    def _select(self, keep: list[int]) -> None:
        """Keep only rows ``keep`` (in order): cache, mask, positions and routing follow."""
        torch = self.torch
        self.rows = [self.rows[i] for i in keep]
        if not keep:
            self.cache = self.mask = self.positions = self.next_tokens = None
            return
        index = torch.tensor(keep, dtype=torch.long)
        self.cache.batch_select_indices(index)
        self.mask = self.mask[index]
        self.positions = self.positions[index]
        self.next_tokens = self.next_tokens[index]
        # Columns no remaining row uses (the padding of rows that left) are cut.
        used = self.mask.any(dim=0).nonzero()
        first = int(used[0]) if len(used) else 0
        if first > 0:
            self.mask = self.mask[:, first:]
            for layer in self.cache.layers:
                layer.keys = layer.keys[:, :, first:, :]
                layer.values = layer.values[:, :, first:, :]
        self._route([r.adapter for r in self.rows])

    def _finish(self, row: DecodeRow) -> None:
        text = self.tokenizer.decode(row.tokens, skip_special_tokens=True)
        if (
            row.on_text is not None
            and len(text) > len(row.emitted)
            and text.startswith(row.emitted)
        ):
            row.on_text(text[len(row.emitted) :])  # what was held back at the end
        row.reply = text
        if row.on_done is not None:
            row.on_done(text)

    def _emit(self, row: DecodeRow) -> None:
        """Send the row's new text. A token can end inside a multi-byte character (decoded as
        U+FFFD): that tail waits for the next token.
        """
        if row.on_text is None:
            return
        text = self.tokenizer.decode(row.tokens, skip_special_tokens=True)
        if text.endswith("\ufffd") or len(text) <= len(row.emitted):
            return
        if not text.startswith(row.emitted):  # a merge changed earlier text: wait for the end
            return
        row.on_text(text[len(row.emitted) :])
        row.emitted = text

    def _route(self, adapters: list[str | None], joining: bool = False) -> None:
        """Point the next forward at ``adapters`` (one per row). ``joining``: a prefill of
        rows about to join a batch that already routes per row keeps routing (dropping and
        registering the hooks again would cost two walks of the model per joining group).
        """
        if not self.per_row_adapters or not adapters:
            return
        distinct = set(adapters)
        uniform = len(distinct) == 1 and self._activate is not None
        if uniform and not (joining and self._routing is not None):
            if self._routing is not None:  # back to one layer for every row
                self._routing.close()
                self._routing = None
            only = next(iter(distinct))
            assert self._activate is not None  # uniform
            self._activate((only,) if only else ())
            return
        self.names[:] = [a or BASE_ROW for a in adapters]
        if self._routing is None and self.can_route():
            # peft keeps a reference to this list in every LoRA module's hook: updating it in
            # place re-routes the rows without walking the model again.
            self._routing = contextlib.ExitStack()
            inner = self.model.base_model
            self._routing.enter_context(inner._enable_peft_forward_hooks(adapter_names=self.names))


def _left_pad(torch: Any, tensor: Any, count: int) -> Any:
    """``tensor`` [batch, heads, seq, dim] with ``count`` zero columns before ``seq``."""
    if count == 0:
        return tensor
    shape = list(tensor.shape)
    shape[2] = count
    return torch.cat([tensor.new_zeros(shape), tensor], dim=2)


def _left_pad_2d(torch: Any, mask: Any, count: int) -> Any:
    if count == 0:
        return mask
    return torch.cat([mask.new_zeros((mask.shape[0], count)), mask], dim=1)


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
