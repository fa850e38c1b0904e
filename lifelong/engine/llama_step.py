"""One decode step of a Llama-shaped model (SmolLM2 and its kin) in plain torch calls, with
every row's LoRA layer applied in one gathered pass per group of modules.

A decode step reads every weight once, so on a CPU its floor is the weights' bytes over the
memory bandwidth (about 23 ms for SmolLM2 in float32 on two cores). Through transformers and
peft the same step cost twice that: per module and per step, Python dispatch, mask building,
peft's adapter bookkeeping and a ``torch.cat`` of the whole KV cache in every layer. This step
does the same arithmetic (transformers' rotary and attention, norms that give the same bits,
the same weights) with far fewer calls:

- q, k and v are one matmul, and so are gate and up: their weights are made to lie side by
  side in one tensor once (the model's own parameters become views of it, so no memory is
  added and the model's own forward still works on them);
- the KV cache grows inside a buffer with room to spare (a view per step, no copy), still as
  the ``DynamicCache`` the prefill wrote and :class:`~lifelong.engine.decode.DecodeSession`
  merges and trims: a layer whose tensors were replaced there is copied into a new buffer once;
- the LoRA layers of a batch run as one gathered matmul pair per group of modules (the idea of
  Punica's BGMV and S-LoRA): every layer's A matrices stacked, each row's product masked to its
  own layer's block, then the stacked B matrices (block-diagonal across q, k, v), so the cost
  does not grow with the number of distinct layers the way peft's per-layer sub-batches do.
- the loop over the layers is one TorchScript call (:mod:`lifelong.engine.llama_layers`): the
  same kernels in the same order, without Python's few microseconds around each of them.

Used when the model is a transformers ``LlamaForCausalLM`` on the sdpa attention (bare or in a
peft model) and its rows' adapters are plain LoRA on the seven projections; anything else (DoRA,
other targets, merged or biased LoRA, other architectures) goes through the model as before
(:meth:`LlamaStep.build` returns None, :meth:`LlamaStep.route` False). Answers match the model's
own forward to float rounding (the tests compare greedy replies).
"""

from __future__ import annotations

import itertools
from typing import Any

__all__ = ["LlamaStep"]

# The projections in the order their outputs lie in a group's fused matmul.
GROUPS = (("self_attn", ("q_proj", "k_proj", "v_proj")), ("self_attn", ("o_proj",)),
          ("mlp", ("gate_proj", "up_proj")), ("mlp", ("down_proj",)))  # fmt: skip
_ROOM = 64  # columns a KV buffer is given beyond what it holds when it is (re)made


class _Group:
    """Projections sharing an input: their weights side by side in one tensor (one matmul
    runs them all), and the LoRA tensors of the rows now running (``route``), which the layers'
    loop (:mod:`lifelong.engine.llama_layers`) applies."""

    __slots__ = ("a", "b", "mask", "modules", "outs", "scale", "starts", "weight")

    def __init__(self, modules: list[Any]) -> None:
        import torch

        self.modules = modules  # as the model holds them: peft LoRA wrappers or nn.Linear
        bases = [getattr(m, "base_layer", m) for m in modules]
        if any(b.bias is not None for b in bases):
            raise _Unsupported("a projection with a bias")
        weights = [b.weight for b in bases]
        self.outs = [int(w.shape[0]) for w in weights]
        self.starts = list(itertools.accumulate(self.outs, initial=0))  # each output's first row
        fused = _fused_view(weights)
        if fused is None:
            with torch.no_grad():
                fused = torch.cat([w.detach() for w in weights], dim=0)
                start = 0
                for w, out in zip(weights, self.outs, strict=True):
                    w.data = fused[start : start + out]  # the model's parameter, now a view
                    start += out
                weights[0]._lifelong_fused = fused
        self.weight = fused
        self.a: Any = None  # the LoRA tensors of the rows now running (see ``route``)
        self.b: Any = None
        self.mask: Any = None
        self.scale: Any = None

    def route(self, torch: Any, adapters: list[str | None], stacks: dict[Any, Any]) -> None:
        """Stack the LoRA layers of ``adapters`` (one per row) held by these modules."""
        slots = sorted({a for a in adapters if a is not None})
        blocks = [(s, j) for s in slots for j, m in enumerate(self.modules)
                  if s in getattr(m, "lora_A", ())]  # fmt: skip
        if not blocks:
            self.a = self.b = self.mask = self.scale = None
            return
        key = (id(self), tuple(blocks))
        stacked = stacks.get(key)
        if stacked is None:
            stacked = stacks[key] = self._stack(torch, blocks)
        self.a, self.b, ranks = stacked
        rows, width, out = len(adapters), int(self.a.shape[1]), sum(self.outs)
        dtype = self.a.dtype
        uniform = len(slots) == 1 and all(a == slots[0] for a in adapters)
        mask = None if uniform else torch.zeros((rows, width), dtype=dtype)
        scale = torch.zeros((1 if uniform else rows, out), dtype=dtype)
        starts = self.starts
        column = 0
        for (slot, j), rank in zip(blocks, ranks, strict=True):
            value = float(self.modules[j].scaling[slot])
            for i, a in enumerate(adapters if not uniform else [slot]):
                if a == slot:
                    scale[i, starts[j] : starts[j + 1]] = value
                    if mask is not None:
                        mask[i, column : column + rank] = 1
            column += rank
        self.mask, self.scale = mask, scale

    def _stack(self, torch: Any, blocks: list[tuple[str, int]]) -> tuple[Any, Any, list[int]]:
        """A [sum of ranks, in] and block-diagonal B [outputs, sum of ranks] of ``blocks``."""
        a_parts = [self.modules[j].lora_A[s].weight for s, j in blocks]
        ranks = [int(a.shape[0]) for a in a_parts]
        a = torch.cat(a_parts, dim=0)
        b = a.new_zeros((sum(self.outs), sum(ranks)))
        starts = self.starts
        column = 0
        for (s, j), rank in zip(blocks, ranks, strict=True):
            b[starts[j] : starts[j + 1], column : column + rank] = self.modules[j].lora_B[s].weight
            column += rank
        return a.t(), b.t(), ranks  # transposed, as the layers' loop multiplies them


class _Buffer:
    """A layer's keys or values with room to grow: ``view`` is what the cache holds."""

    __slots__ = ("data", "length", "view")

    def __init__(self, tensor: Any) -> None:
        rows, heads, length, dim = tensor.shape
        self.data = tensor.new_empty((rows, heads, length + _ROOM, dim))
        self.data[:, :, :length] = tensor
        self.length = length
        self.view = tensor

    def grew(self, view: Any) -> Any:
        """Take ``view`` (the step wrote one more column into ``data``) as what is held."""
        self.length += 1
        self.view = view
        return view


class _Unsupported(Exception):
    pass


class LlamaStep:
    """Advances a :class:`~lifelong.engine.decode.DecodeSession`'s rows by one token."""

    def __init__(self, model: Any, inner: Any) -> None:
        import torch

        self.torch = torch
        self.f = torch.nn.functional
        self.model = model  # as given: a peft model, or the bare transformers one
        self.decoder = inner.model
        self.lm_head = inner.lm_head.weight
        config = inner.config
        self.heads = int(config.num_attention_heads)
        self.kv_heads = int(config.num_key_value_heads)
        attn = self.decoder.layers[0].self_attn
        self.head_dim = int(attn.head_dim)
        self.scaling = float(attn.scaling)
        self.layers = []
        for layer in self.decoder.layers:
            if type(layer.mlp.act_fn).__name__ != "SiLUActivation" and not isinstance(
                layer.mlp.act_fn, torch.nn.SiLU
            ):
                raise _Unsupported("an activation other than SiLU")
            norms = (layer.input_layernorm, layer.post_attention_layernorm)
            groups = [_Group([getattr(getattr(layer, part), n) for n in names])
                      for part, names in GROUPS]  # fmt: skip
            self.layers.append((norms, groups))
        self.norm = self.decoder.norm
        # What the layers' loop (lifelong.engine.llama_layers) takes, flat: two norms and four
        # projection groups per layer, in order; the LoRA tensors are set by ``route``.
        self.norms = [n.weight for norms, _ in self.layers for n in norms]
        self.eps = [float(n.variance_epsilon) for norms, _ in self.layers for n in norms]
        self.weights = [g.weight.t() for _, groups in self.layers for g in groups]
        empty: list[Any] = [None] * len(self.weights)
        self._lora: tuple[list[Any], ...] = (empty, empty, empty, empty)
        from lifelong.engine.llama_layers import scripted

        self._layers = scripted()
        self.keys: list[_Buffer | None] = [None] * len(self.layers)
        self.values: list[_Buffer | None] = [None] * len(self.layers)
        self._adapters: tuple[str | None, ...] | None = None  # the rows the groups route
        self._stacks: dict[Any, Any] = {}
        self._supported: dict[frozenset[str], bool] = {}

    @classmethod
    def build(cls, model: Any) -> LlamaStep | None:
        """A step for ``model``, or None when it is not a model this step reproduces."""
        inner = model
        if hasattr(model, "get_base_model") and hasattr(model, "peft_config"):
            inner = model.get_base_model()
        config = getattr(inner, "config", None)
        if (
            type(inner).__name__ != "LlamaForCausalLM"
            or getattr(config, "_attn_implementation", None) != "sdpa"
            or getattr(inner, "training", True)
            or getattr(getattr(inner, "lm_head", None), "bias", 0) is not None
            or getattr(config, "pretraining_tp", 1) != 1
        ):
            return None
        try:
            return cls(model, inner)
        except (_Unsupported, AttributeError, ImportError):  # a Llama of another shape
            return None

    # -- which layer each row uses --------------------------------------------------------------

    def route(self, adapters: list[str | None]) -> bool:
        """Set each row's layer (None: the base model) for the next steps; False when one of
        them is not a layer this step can apply (the model's own forward must answer)."""
        key = tuple(adapters)
        if key == self._adapters:
            return True
        slots = frozenset(a for a in adapters if a is not None)
        supported = self._supported.get(slots)
        if supported is None:  # a layer loaded since may have wrapped more modules
            self._refresh()
            supported = self._supported[slots] = self._check(slots)
        if not supported:
            return False
        for _, groups in self.layers:
            for group in groups:
                group.route(self.torch, adapters, self._stacks)
        groups = [g for _, layer_groups in self.layers for g in layer_groups]
        self._lora = tuple([getattr(g, part) for g in groups]
                           for part in ("a", "b", "mask", "scale"))  # fmt: skip
        self._adapters = key
        return True

    def _refresh(self) -> None:
        """Take the model's modules again (peft wraps a linear when a layer first targets it;
        the weights stay the same tensors)."""
        for layer, (_, groups) in zip(self.decoder.layers, self.layers, strict=True):
            for (part, names), group in zip(GROUPS, groups, strict=True):
                group.modules = [getattr(getattr(layer, part), n) for n in names]

    def _check(self, wanted: frozenset[str]) -> bool:
        """Each of ``wanted`` is a plain LoRA found only on the projections."""
        if not wanted:
            return True
        from peft.tuners.lora import LoraLayer

        ours = {id(m) for _, groups in self.layers for g in groups for m in g.modules}
        for module in self.model.modules():
            if not isinstance(module, LoraLayer):
                continue
            held = wanted & set(module.lora_A)
            if not held:
                continue
            if id(module) not in ours or module.merged or module.disable_adapters:
                return False
            for slot in held:
                if (
                    slot in module.lora_variant
                    or getattr(module.lora_B[slot], "bias", None) is not None
                    or not hasattr(module.lora_A[slot], "weight")
                ):
                    return False
        return True

    # -- the step -----------------------------------------------------------------------------

    def __call__(self, tokens: Any, positions: Any, cache: Any, mask: Any, padded: bool) -> Any:
        """The last-position logits [rows, vocabulary] after feeding ``tokens`` [rows] at
        ``positions`` [rows]; ``mask`` [rows, columns] covers the cache and the new token,
        ``padded`` says whether any of it is 0 (else attention runs unmasked, as in
        transformers)."""
        f = self.f
        rows = tokens.shape[0]
        hidden = f.embedding(tokens, self.decoder.embed_tokens.weight)  # [rows, width]
        cos, sin = self.decoder.rotary_emb(hidden, position_ids=positions.view(rows, 1))
        cos, sin = cos.unsqueeze(1), sin.unsqueeze(1)  # [rows, 1 head, 1 position, dim]
        half = sin.shape[-1] // 2
        sin = self.torch.cat((-sin[..., :half], sin[..., half:]), dim=-1)  # see decode_layers
        attn_mask = mask[:, None, None, :].bool() if padded else None
        keys, values, lengths = [], [], []
        for li, layer_cache in enumerate(cache.layers):
            key_buffer = self._room(self.keys, li, layer_cache.keys)
            value_buffer = self._room(self.values, li, layer_cache.values)
            keys.append(key_buffer.data)
            values.append(value_buffer.data)
            lengths.append(key_buffer.length)
        lora = self._lora
        hidden, held_keys, held_values = self._layers(
            hidden, cos, sin, attn_mask, self.norms, self.eps, self.weights,
            lora[0], lora[1], lora[2], lora[3], keys, values, lengths,
            self.heads, self.kv_heads, self.head_dim, self.scaling,
        )  # fmt: skip
        for li, layer_cache in enumerate(cache.layers):
            layer_cache.keys = self.keys[li].grew(held_keys[li])  # type: ignore[union-attr]
            layer_cache.values = self.values[li].grew(held_values[li])  # type: ignore[union-attr]
        hidden = f.rms_norm(hidden, self.norm.weight.shape, self.norm.weight,
                            self.norm.variance_epsilon)  # fmt: skip
        return f.linear(hidden, self.lm_head)

    @staticmethod
    def _room(buffers: list[_Buffer | None], li: int, held: Any) -> _Buffer:
        """Layer ``li``'s buffer holding ``held`` (what the cache has) with room for one more
        column: the same buffer while the cache holds its view, else a new one."""
        buffer = buffers[li]
        if buffer is None or buffer.view is not held or buffer.length == buffer.data.shape[2]:
            buffer = buffers[li] = _Buffer(held)
        return buffer


def _fused_view(weights: list[Any]) -> Any:
    """The one tensor ``weights`` already lie side by side in (an earlier step fused them), or
    None."""
    if len(weights) == 1:
        return weights[0].detach()
    fused = getattr(weights[0], "_lifelong_fused", None)
    if fused is None:
        return None
    start = 0
    for w in weights:
        if w.data_ptr() != fused[start:].data_ptr() or not w.is_contiguous():
            return None
        start += int(w.shape[0])
    return fused if start == fused.shape[0] else None
