"""Tiny random models built in code, with the real SmolLM2 tokenizer from the shipped GGUF."""

from __future__ import annotations

from pathlib import Path


def save_smollm2_tokenizer(folder: Path) -> Path:
    from transformers import AutoTokenizer

    from lifelong.engine.base_models import _smollm2_gguf

    gguf = _smollm2_gguf()
    tokenizer = AutoTokenizer.from_pretrained(gguf.parent, gguf_file=gguf.name)
    tokenizer.save_pretrained(folder)
    return folder


def save_tiny_llama(folder: Path, tokenizer_dir: Path, seed: int = 0) -> Path:
    """A 2-layer, 64-wide Llama with deterministic init: trains in seconds on a CPU.

    Its weights start wide (``initializer_range`` 0.3, not the usual 0.02) so that a LoRA
    layer on it can learn decisively: at 0.02 the tied embeddings are so short that no
    hidden state can raise a token's logit by more than ~0.6, and a trained layer lowered the
    held-out NLL by ~1% (10.84 -> 10.70), a margin that a CPU's rounding could undo. At 0.3
    the same data in a few dozen steps lowers it by more than half, and the greedy answers
    repeat what was taught.
    """
    import torch
    from transformers import AutoTokenizer, LlamaConfig, LlamaForCausalLM

    tokenizer = AutoTokenizer.from_pretrained(tokenizer_dir)
    config = LlamaConfig(
        vocab_size=len(tokenizer),
        hidden_size=64,
        intermediate_size=128,
        initializer_range=0.3,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        max_position_embeddings=512,
        tie_word_embeddings=True,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
    )
    torch.manual_seed(seed)
    model = LlamaForCausalLM(config)
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder
