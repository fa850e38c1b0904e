"""The batched decode loop on a tiny Llama: one batch whose rows use three different LoRA layers
and the base model, prompts of different lengths, equals each row decoded alone (logits within a
tolerance, step by step, and the greedy text), and equals transformers' own ``generate``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from lifelong.engine.cache import AdapterCache, LayerRef
from lifelong.engine.decode import DecodeRow, DecodeSession, decode_batch, prompt_ids
from tests.integration.test_adapter_cache import _make_adapter

pytestmark = pytest.mark.integration

CHATS = [
    [{"role": "user", "content": "Hi"}],
    [{"role": "user", "content": "What is the capital of France? Answer in one word please."}],
    [{"role": "system", "content": "You are terse."}, {"role": "user", "content": "2+2?"}],
    [{"role": "user", "content": "Tell me a story about a ferry captain and her cat."}],
]
NEW_TOKENS = 12


@pytest.fixture(scope="module")
def three_layers(tiny_model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> list[LayerRef]:
    root = tmp_path_factory.mktemp("batch-adapters")
    return [_make_adapter(tiny_model_dir, root / f"b{seed}", seed + 20) for seed in range(3)]


def _decode(cache: AdapterCache, base: Path, layers: list[LayerRef | None], chats: list) -> tuple:
    """Decode ``chats`` as one batch, row i with layer i (None: the base model)."""
    steps: list[torch.Tensor] = []
    pieces: list[list[str]] = [[] for _ in chats]
    refs = [ref for ref in layers if ref is not None]
    with cache.use_each(base, refs) as loaded:
        assert not loaded.failed
        rows = [
            DecodeRow(
                prompt_ids(loaded.tokenizer, chat), NEW_TOKENS,
                adapter=loaded.slots[ref.key] if ref is not None else None,
                on_text=pieces[i].append,
            )
            for i, (chat, ref) in enumerate(zip(chats, layers, strict=True))
        ]  # fmt: skip
        replies = decode_batch(
            loaded.model, loaded.tokenizer, rows, per_row_adapters=True,
            on_logits=lambda step, logits: steps.append(logits.clone()),
        )  # fmt: skip
    return replies, steps, ["".join(p) for p in pieces]


def test_a_mixed_batch_equals_each_row_alone(
    tiny_model_dir: Path, three_layers: list[LayerRef]
) -> None:
    cache = AdapterCache(10**9)
    layers: list[LayerRef | None] = [*three_layers, None]
    batched, batch_steps, streamed = _decode(cache, tiny_model_dir, layers, CHATS)
    assert len(batch_steps[0]) == len(CHATS)  # really one batch of four rows
    assert streamed == batched  # the streamed pieces add up to each reply
    for i, (chat, ref) in enumerate(zip(CHATS, layers, strict=True)):
        alone, alone_steps, _ = _decode(cache, tiny_model_dir, [ref], [chat])
        assert alone == [batched[i]]
        for step, logits in enumerate(alone_steps):
            torch.testing.assert_close(batch_steps[step][i], logits[0], atol=1e-4, rtol=1e-4)
    # The layers really differ: the rows are not all answered by one model.
    first = [batch_steps[0][i] for i in range(len(CHATS))]
    assert not torch.allclose(first[0], first[1], atol=1e-3)


def test_a_row_alone_equals_transformers_generate(
    tiny_model_dir: Path, three_layers: list[LayerRef]
) -> None:
    cache = AdapterCache(10**9)
    ref = three_layers[0]
    (ours,), _, _ = _decode(cache, tiny_model_dir, [ref], [CHATS[1]])
    with cache.use(tiny_model_dir, [ref]) as loaded:
        ids = torch.tensor([prompt_ids(loaded.tokenizer, CHATS[1])])
        with torch.no_grad():
            output = loaded.model.generate(
                input_ids=ids, attention_mask=torch.ones_like(ids), max_new_tokens=NEW_TOKENS,
                do_sample=False, pad_token_id=loaded.tokenizer.eos_token_id,
            )  # fmt: skip
        theirs = loaded.tokenizer.decode(output[0, ids.shape[1] :], skip_special_tokens=True)
    assert ours == theirs


def test_one_bad_layer_does_not_fail_the_others(
    tiny_model_dir: Path, three_layers: list[LayerRef], tmp_path: Path
) -> None:
    missing = LayerRef("gone", tmp_path / "nowhere", three_layers[0].nbytes)

    def verify(ref: LayerRef) -> None:
        if ref.key == "gone":
            from lifelong.errors import ArtifactMissing

            raise ArtifactMissing(f"layer {ref.key} has no artifact")

    cache = AdapterCache(10**9, verify=verify)
    with cache.use_each(tiny_model_dir, [three_layers[0], missing]) as loaded:
        assert set(loaded.slots) == {three_layers[0].key} and set(loaded.failed) == {"gone"}


def test_rows_joining_and_leaving_mid_decode_answer_as_alone(
    tiny_model_dir: Path, three_layers: list[LayerRef]
) -> None:
    """Continuous batching: a row that joins after three steps, and one that leaves early
    (fewer new tokens), change nobody's reply.
    """
    cache = AdapterCache(10**9)
    layers: list[LayerRef | None] = [three_layers[0], three_layers[1], None, three_layers[2]]
    lengths = [NEW_TOKENS, 4, NEW_TOKENS, NEW_TOKENS]
    alone = []
    for chat, ref, n in zip(CHATS, layers, lengths, strict=True):
        with cache.use_each(tiny_model_dir, [ref] if ref else []) as loaded:
            row = DecodeRow(prompt_ids(loaded.tokenizer, chat), n,
                            adapter=loaded.slots[ref.key] if ref else None)  # fmt: skip
            alone += decode_batch(loaded.model, loaded.tokenizer, [row], per_row_adapters=True)
    with cache.use_each(tiny_model_dir, three_layers) as loaded:

        def row(i: int) -> DecodeRow:
            ref = layers[i]
            return DecodeRow(prompt_ids(loaded.tokenizer, CHATS[i]), lengths[i],
                             adapter=loaded.slots[ref.key] if ref else None)  # fmt: skip

        rows = [row(i) for i in range(4)]
        with DecodeSession(loaded.model, loaded.tokenizer, per_row_adapters=True) as session:
            session.admit(rows[:2])
            for _ in range(3):
                session.step()
            assert session.active == 1  # row 1 (4 tokens) has left
            session.admit(rows[2:])
            assert session.active == 3
            while session.active:
                session.step()
    assert [r.reply for r in rows] == alone
