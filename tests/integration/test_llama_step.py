"""The fast decode step (lifelong.engine.llama_step) against the model's own forward on a tiny
Llama: the same logits step by step and the same greedy replies for a batch that mixes layers
of different ranks and targets with the base model, prompts of different lengths, rows joining
and leaving, and replies longer than a KV buffer's spare room; a layer it cannot reproduce
(DoRA) is answered by the model instead; fusing the projections' weights changes nothing the
model computes; the layers' loop compiled by TorchScript gives the same bits as run by Python.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from lifelong.engine.cache import AdapterCache, LayerRef
from lifelong.engine.decode import DecodeRow, DecodeSession, prompt_ids
from lifelong.engine.llama_step import LlamaStep

pytestmark = pytest.mark.integration

ALL = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]
CHATS = [
    [{"role": "user", "content": "Hi"}],
    [{"role": "user", "content": "What is the capital of France? Answer in one word please."}],
    [{"role": "system", "content": "You are terse."}, {"role": "user", "content": "2+2?"}],
    [{"role": "user", "content": "Tell me a story about a ferry captain and her cat."}],
    [{"role": "user", "content": "Name three rivers."}],
]


def _layer(base: Path, folder: Path, seed: int, r: int, targets: list[str], **extra) -> LayerRef:
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    torch.manual_seed(seed)
    model = get_peft_model(
        AutoModelForCausalLM.from_pretrained(base),
        LoraConfig(r=r, lora_alpha=2 * r, target_modules=targets, init_lora_weights=False,
                   **extra),
    )  # fmt: skip
    with torch.no_grad():  # large enough to change the answers
        for name, param in model.named_parameters():
            if "lora_B" in name:
                param.normal_(0, 0.3)
    model.save_pretrained(folder)
    nbytes = sum(f.stat().st_size for f in folder.iterdir() if f.is_file())
    return LayerRef(key=f"fast-{seed}", path=folder, nbytes=nbytes)


@pytest.fixture(scope="module")
def layers(tiny_model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> list[LayerRef]:
    root = tmp_path_factory.mktemp("fast-layers")
    return [
        _layer(tiny_model_dir, root / "all8", 40, 8, ALL),
        _layer(tiny_model_dir, root / "all4", 41, 4, ALL),
        _layer(tiny_model_dir, root / "qv", 42, 4, ["q_proj", "v_proj"]),
        _layer(tiny_model_dir, root / "mlp", 43, 2, ["gate_proj", "down_proj"],
               layers_to_transform=[1]),
    ]  # fmt: skip


def _run(
    base: Path, refs: list[LayerRef | None], lengths: list[int], fast: bool, join_after: int = 3
) -> tuple[list[str], list[torch.Tensor], int]:
    """Rows 0-2 start together, the rest join after ``join_after`` steps; each row's layer is
    ``refs[i]`` (None: the base model). Returns the replies, every step's logits of row 0 and
    how many steps the fast step took."""
    cache = AdapterCache(10**9)
    seen: list[torch.Tensor] = []
    used = [r for r in refs if r is not None]
    with cache.use_each(base, used) as loaded:
        assert not loaded.failed
        rows = [
            DecodeRow(prompt_ids(loaded.tokenizer, CHATS[i % len(CHATS)]), lengths[i],
                      adapter=loaded.slots[ref.key] if ref is not None else None)
            for i, ref in enumerate(refs)
        ]  # fmt: skip
        session = DecodeSession(loaded.model, loaded.tokenizer, per_row_adapters=True,
                                activate=loaded.activate)  # fmt: skip
        session.fast_steps = fast
        session.on_logits = lambda step, logits: seen.append(logits[0].clone())
        with session:
            session.admit(rows[:3])
            for _ in range(join_after):
                session.step()
            session.admit(rows[3:])
            while session.active:
                session.step()
    return [r.reply or "" for r in rows], seen, session.fast_taken


def test_a_mixed_batch_gives_the_models_own_logits_and_replies(
    tiny_model_dir: Path, layers: list[LayerRef]
) -> None:
    refs: list[LayerRef | None] = [layers[0], None, layers[2], layers[1], layers[3]]
    lengths = [90, 7, 90, 90, 40]  # past a KV buffer's 64 spare columns; one row leaves early
    ours, our_logits, taken = _run(tiny_model_dir, refs, lengths, fast=True)
    theirs, their_logits, none = _run(tiny_model_dir, refs, lengths, fast=False)
    assert taken > 80 and none == 0  # really the fast step, and really the model's own
    assert ours == theirs
    assert len(our_logits) == len(their_logits)
    for step, (a, b) in enumerate(zip(our_logits, their_logits, strict=True)):
        torch.testing.assert_close(a, b, atol=1e-4, rtol=1e-4, msg=f"step {step}")
    assert len(set(ours)) == len(ours)  # the layers really answer differently


def test_one_layer_for_every_row_gives_the_very_same_logits(
    tiny_model_dir: Path, layers: list[LayerRef]
) -> None:
    """A uniform batch runs peft's own arithmetic per module, so nothing differs at all."""
    refs: list[LayerRef | None] = [layers[2]] * 4
    lengths = [30, 30, 30, 30]
    ours, our_logits, taken = _run(tiny_model_dir, refs, lengths, fast=True, join_after=0)
    theirs, their_logits, _ = _run(tiny_model_dir, refs, lengths, fast=False, join_after=0)
    assert taken > 0 and ours == theirs
    for a, b in zip(our_logits, their_logits, strict=True):
        torch.testing.assert_close(a, b, atol=1e-5, rtol=1e-5)


def test_a_dora_layer_is_answered_by_the_model(
    tiny_model_dir: Path, layers: list[LayerRef], tmp_path: Path
) -> None:
    dora = _layer(tiny_model_dir, tmp_path / "dora", 44, 4, ["q_proj", "v_proj"], use_dora=True)
    cache = AdapterCache(10**9)
    with cache.use_each(tiny_model_dir, [dora, layers[0]]) as loaded:
        step = LlamaStep.build(loaded.model)
        assert step is not None
        assert not step.route([loaded.slots[dora.key], None])
        assert step.route([loaded.slots[layers[0].key], None])
    refs: list[LayerRef | None] = [dora] * 3  # (peft cannot mix DoRA with other rows)
    ours, _, taken = _run(tiny_model_dir, refs, [20, 20, 20], fast=True, join_after=0)
    theirs, _, _ = _run(tiny_model_dir, refs, [20, 20, 20], fast=False, join_after=0)
    assert taken == 0 and ours == theirs


def test_fusing_the_projections_changes_nothing_the_model_computes(tiny_model_dir: Path) -> None:
    from transformers import AutoModelForCausalLM

    model = AutoModelForCausalLM.from_pretrained(tiny_model_dir).eval()
    ids = torch.tensor([[1, 17, 300, 4000, 12, 9]])
    with torch.no_grad():
        before = model(input_ids=ids).logits
        q = model.model.layers[0].self_attn.q_proj.weight
        state = {k: v.clone() for k, v in model.state_dict().items()}
        assert LlamaStep.build(model) is not None
        after = model(input_ids=ids).logits
    assert torch.equal(before, after)
    assert model.model.layers[0].self_attn.q_proj.weight is q  # the same parameter, now a view
    k = model.model.layers[0].self_attn.k_proj.weight
    assert k.data_ptr() == q.data_ptr() + q.numel() * q.element_size()  # side by side
    for key, value in model.state_dict().items():
        assert torch.equal(value, state[key]), key
    assert LlamaStep.build(model) is not None  # a second step reuses the fused tensors
    assert model.model.layers[0].self_attn.q_proj.weight.data_ptr() == q.data_ptr()


def test_the_layers_loop_gives_the_same_bits_compiled_and_run_by_python(
    tiny_model_dir: Path, layers: list[LayerRef], monkeypatch: pytest.MonkeyPatch
) -> None:
    """TorchScript runs the loop over the layers (one call from Python per step); where it
    cannot, Python runs the same function: the same kernels in the same order either way."""
    from lifelong.engine import llama_layers

    assert isinstance(llama_layers.scripted(), torch.jit.ScriptFunction)
    refs: list[LayerRef | None] = [layers[0], None, layers[2], layers[1]]
    lengths = [24, 24, 24, 24]
    compiled, compiled_logits, taken = _run(tiny_model_dir, refs, lengths, fast=True)
    monkeypatch.setattr(llama_layers, "_compiled", [None])  # as if TorchScript had failed
    assert llama_layers.scripted() is llama_layers.decode_layers
    plain, plain_logits, plain_taken = _run(tiny_model_dir, refs, lengths, fast=True)
    assert taken > 20 and plain_taken == taken
    assert compiled == plain
    for step, (a, b) in enumerate(zip(compiled_logits, plain_logits, strict=True)):
        assert torch.equal(a, b), f"step {step}"
