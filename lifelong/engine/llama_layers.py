"""The decoder layers of one decode step (see :mod:`lifelong.engine.llama_step`), written for
TorchScript.

At one row a decode step of SmolLM2 is about 1,800 small torch calls around 121 matrix
products. The products read the weights at the memory's speed; the calls around them cost a
few microseconds each through Python, a third of the step. TorchScript's interpreter runs the
same calls, in the same order and on the same kernels (so the same bits), for less: the
whole loop over the layers is one call from Python. :func:`scripted` compiles it once per
process; where TorchScript is unavailable the same function runs as plain Python.
"""

from __future__ import annotations

import threading
import warnings

# TorchScript reads the annotations itself: they are the typing module's, not PEP 604's.
from typing import Any, List, Optional, Tuple  # noqa: UP035

import torch
import torch.nn.functional as F

__all__ = ["decode_layers", "scripted"]

_lock = threading.Lock()
_compiled: list[Any] = []  # [the scripted function] once tried; [None] when it failed


def _project(
    x: torch.Tensor,
    weight_t: torch.Tensor,
    a_t: Optional[torch.Tensor],  # noqa: UP045
    b_t: Optional[torch.Tensor],  # noqa: UP045
    mask: Optional[torch.Tensor],  # noqa: UP045
    scale: Optional[torch.Tensor],  # noqa: UP045
) -> torch.Tensor:
    """``x`` [rows, in] through side-by-side projections (``weight_t`` [in, out], the weights
    transposed: ``F.linear`` calls the same ``mm``), plus the rows' LoRA layers when there are
    any (as ``llama_step._Group``: stacked A, each row masked to its own block, then B)."""
    y = torch.mm(x, weight_t)
    if a_t is None or b_t is None or scale is None:
        return y
    xa = torch.mm(x.to(a_t.dtype), a_t)
    if mask is not None:
        xa = xa * mask
    return (y + torch.mm(xa, b_t) * scale).to(y.dtype)


def decode_layers(
    hidden: torch.Tensor,
    cos: torch.Tensor,
    sin: torch.Tensor,
    attn_mask: Optional[torch.Tensor],  # noqa: UP045
    norms: List[torch.Tensor],  # noqa: UP006
    eps: List[float],  # noqa: UP006
    weights: List[torch.Tensor],  # noqa: UP006
    lora_a: List[Optional[torch.Tensor]],  # noqa: UP006, UP045
    lora_b: List[Optional[torch.Tensor]],  # noqa: UP006, UP045
    lora_mask: List[Optional[torch.Tensor]],  # noqa: UP006, UP045
    lora_scale: List[Optional[torch.Tensor]],  # noqa: UP006, UP045
    keys: List[torch.Tensor],  # noqa: UP006
    values: List[torch.Tensor],  # noqa: UP006
    lengths: List[int],  # noqa: UP006
    heads: int,
    kv_heads: int,
    dim: int,
    scaling: float,
) -> Tuple[torch.Tensor, List[torch.Tensor], List[torch.Tensor]]:  # noqa: UP006
    """``hidden`` [rows, width] through every layer. Per layer ``i``: norms ``2i`` (input)
    and ``2i + 1`` (post-attention) with their ``eps``; transposed weights and LoRA tensors
    ``4i`` to ``4i + 3`` (q|k|v, o, gate|up, down; LoRA masks and scales [rows or 1, ...]);
    ``keys[i]`` / ``values[i]`` are KV buffers [rows, kv heads, columns, dim] holding
    ``lengths[i]`` columns with room for one more, where this step's are written; ``cos`` and
    ``sin`` are [rows, 1, 1, dim], the first half of ``sin`` negated. Returns the hidden state
    and each layer's keys and values so far (views of the buffers)."""
    rows = hidden.shape[0]
    q_width = heads * dim
    qk_width = q_width + kv_heads * dim
    half = dim // 2
    group = heads // kv_heads
    held_keys: List[torch.Tensor] = []  # noqa: UP006
    held_values: List[torch.Tensor] = []  # noqa: UP006
    for i in range(len(keys)):
        w = 4 * i
        norm = norms[2 * i]
        x = F.rms_norm(hidden, [norm.shape[0]], norm, eps[2 * i])
        qkv = _project(x, weights[w], lora_a[w], lora_b[w], lora_mask[w], lora_scale[w])
        # Rotary on q and k at once: transformers' q * cos + rotate_half(q) * sin, where
        # rotate_half(q) * sin = [-q2, q1] * [s1, s2] = roll(q) * [-s1, s2] (``sin``), bit for bit.
        qk = qkv.narrow(1, 0, qk_width).view(rows, heads + kv_heads, 1, dim)
        qk = qk * cos + qk.roll(half, 3) * sin
        v = qkv.narrow(1, qk_width, qkv.shape[1] - qk_width).view(rows, kv_heads, 1, dim)
        length = lengths[i]
        k_all = keys[i]
        v_all = values[i]
        k_all.narrow(2, length, 1).copy_(qk.narrow(1, heads, kv_heads))
        v_all.narrow(2, length, 1).copy_(v)
        k_all = k_all.narrow(2, 0, length + 1)
        v_all = v_all.narrow(2, 0, length + 1)
        held_keys.append(k_all)
        held_values.append(v_all)
        q = qk.narrow(1, 0, heads)
        if attn_mask is None:
            out = F.scaled_dot_product_attention(
                q, k_all, v_all, scale=scaling, enable_gqa=group > 1
            )
        else:  # as transformers: the query heads of one kv head as its query positions
            packed = q.reshape(rows, kv_heads, group, dim)
            out = F.scaled_dot_product_attention(
                packed, k_all, v_all, attn_mask=attn_mask, scale=scaling
            )
        out = out.reshape(rows, q_width)
        o = w + 1
        hidden = hidden + _project(out, weights[o], lora_a[o], lora_b[o], lora_mask[o],
                                   lora_scale[o])  # fmt: skip
        norm = norms[2 * i + 1]
        x = F.rms_norm(hidden, [norm.shape[0]], norm, eps[2 * i + 1])
        g = w + 2
        gu = _project(x, weights[g], lora_a[g], lora_b[g], lora_mask[g], lora_scale[g])
        width = gu.shape[1] // 2
        d = w + 3
        hidden = hidden + _project(F.silu(gu.narrow(1, 0, width)) * gu.narrow(1, width, width),
                                   weights[d], lora_a[d], lora_b[d], lora_mask[d],
                                   lora_scale[d])  # fmt: skip
    return hidden, held_keys, held_values


def scripted() -> Any:
    """:func:`decode_layers` compiled by TorchScript (once per process), or the function
    itself where that fails (a torch without TorchScript, sources not on disk)."""
    with _lock:
        if not _compiled:
            try:
                with warnings.catch_warnings():  # TorchScript's deprecation notice: ours to keep
                    warnings.simplefilter("ignore")
                    _compiled.append(torch.jit.script(decode_layers))
            except Exception:  # any failure: the same function, run by Python
                _compiled.append(None)
        return _compiled[0] or decode_layers
