"""The local PEFT provider trains real LoRA adapters on a tiny model built in code."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from lifelong.adapters._local_worker import COMPLETE, PREFIX, latest_complete_checkpoint
from lifelong.adapters.base import Progress, ProviderUnsupported, TrainRequest
from lifelong.adapters.local_peft import LocalPeftConfig, LocalPeftProvider
from lifelong.adapters.replay import load_replay_prompts
from lifelong.engine.base_models import BaseModelError, classify_model_dir, resolve_base_model
from lifelong.errors import ProviderPermanent
from lifelong.learning.dataset import build_dataset, export_dataset

pytestmark = pytest.mark.integration


def _dataset(
    root: Path, n: int = 16, correction: bool = False, rated: bool = False
) -> tuple[Path, str]:
    rows = [
        {
            "id": f"{i:03d}",
            "messages": [
                {"role": "user", "content": f"What is {i} plus {i}?"},
                # A shared sign-off gives a tiny random model something learnable in the
                # reply itself: the loss falls on the reply's tokens only.
                {"role": "assistant", "content": f"{i} plus {i} is {2 * i}. Happy adding!"},
            ],
            "quality": 0.9,
            "feedback_correction": f"The answer is {2 * i}." if correction else None,
            # Thumbs up for every even sum, down for the odd ones.
            "feedback_rating": float(i % 2 == 0) if rated else None,
        }
        for i in range(n)
    ]
    ds = build_dataset(rows, persona="ada", trait="math", profile={})
    return export_dataset(ds, root / "datasets"), ds.hash


def _provider(model: Path, **hp: object) -> LocalPeftProvider:
    settings = {
        "max_steps": 8,
        "save_steps": 4,
        "learning_rate": 1e-2,
        "batch_size": 4,
        "replay_ratio": 0.0,
        **hp,
    }
    return LocalPeftProvider(LocalPeftConfig(base_model=str(model), **settings))  # type: ignore[arg-type]


def _request(folder: Path, digest: str, out: Path, method: str = "sft") -> TrainRequest:
    return TrainRequest(
        job_id="s1", persona="ada", trait="math", dataset_dir=folder,
        dataset_hash=digest, output_dir=out, method=method,  # type: ignore[arg-type]
    )  # fmt: skip


async def test_sft_lora_loss_falls_and_the_adapter_reloads_with_matching_logits(
    tmp_path: Path, tiny_model_dir: Path
) -> None:
    folder, digest = _dataset(tmp_path)
    seen: list[Progress] = []
    provider = _provider(tiny_model_dir, max_steps=12, save_steps=6, cache_dir=tmp_path / "c")
    request = _request(folder, digest, tmp_path / "out")
    guessed = provider.estimate(request)
    result = await provider.train(request, seen.append, asyncio.Event())
    # The estimate then uses the pace this machine trained at (issue 28: a job estimated at
    # 28 s took 5 minutes), not the assumed one.
    rates = json.loads((tmp_path / "c" / "throughput.json").read_text())["tokens_per_sec"]
    learned = rates[str(tiny_model_dir)]  # per base model: a tiny one's pace is not SmolLM2's
    assert guessed.seconds == pytest.approx(
        guessed.tokens / LocalPeftConfig().assumed_tokens_per_sec
    )
    assert learned > 0 and provider.estimate(request).seconds == pytest.approx(
        guessed.tokens / learned
    )
    losses = [p.loss for p in seen if p.loss is not None]
    assert len(losses) == 12
    # Decisively (the shared sign-off is learned): by a fifth at least, on any CPU.
    assert sum(losses[-3:]) / 3 < 0.8 * sum(losses[:3]) / 3, losses
    assert result.steps == 12 and result.kind == "local"
    adapter = result.artifact_dir
    assert adapter is not None and (adapter / "adapter_model.safetensors").is_file()
    assert classify_model_dir(adapter) == "adapter"
    manifest = json.loads((adapter / "lifelong-manifest.json").read_text())
    assert manifest["dataset_hash"] == digest
    assert manifest["hyperparameters"]["rank"] == LocalPeftConfig().rank
    assert set(manifest["versions"]) >= {"torch", "transformers", "peft", "trl"}
    _reloads_exactly(tiny_model_dir, adapter, manifest)


def _reloads_exactly(model_dir: Path, adapter: Path, manifest: dict) -> None:
    """The saved layer, loaded on the base model, gives the trained model's logits."""
    import torch
    from peft import PeftModel
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    base = AutoModelForCausalLM.from_pretrained(model_dir, dtype=torch.float32)
    ids = tokenizer(manifest["probe"]["text"], return_tensors="pt")
    with torch.no_grad():
        base_logits = base(**ids).logits[0, -1, :8]
        model = PeftModel.from_pretrained(base, adapter).eval()
        logits = model(**ids).logits[0, -1, :8]
    expected = torch.tensor(manifest["probe"]["last_logits"])
    assert torch.allclose(logits, expected, atol=1e-4)
    assert not torch.allclose(base_logits, expected, atol=1e-4)  # the adapter changed something


async def test_dpo_trains_on_preference_pairs(tmp_path: Path, tiny_model_dir: Path) -> None:
    folder, digest = _dataset(tmp_path, n=8, correction=True)
    result = await _provider(tiny_model_dir, max_steps=4, save_steps=4, use_dora=True).train(
        _request(folder, digest, tmp_path / "out", method="dpo"), lambda p: None, asyncio.Event()
    )
    assert result.steps == 4 and result.manifest["method"] == "dpo"
    assert result.manifest["kind"] == "dora"
    assert result.artifact_dir is not None
    assert (result.artifact_dir / "adapter_model.safetensors").is_file()


async def test_kto_trains_from_ratings_and_the_adapter_reloads(
    tmp_path: Path, tiny_model_dir: Path
) -> None:
    folder, digest = _dataset(tmp_path, n=12, rated=True)
    seen: list[Progress] = []
    result = await _provider(tiny_model_dir, max_steps=4).train(
        _request(folder, digest, tmp_path / "out", method="kto"), seen.append, asyncio.Event()
    )
    assert result.steps == 4 and result.manifest["method"] == "kto"
    assert result.manifest["examples"] == {"kto_examples": 12}
    assert [p.step for p in seen if p.loss is not None] == [1, 2, 3, 4]
    assert result.artifact_dir is not None
    _reloads_exactly(tiny_model_dir, result.artifact_dir, result.manifest)


async def test_a_preference_pass_after_sft_carries_on_from_the_sft_layer(
    tmp_path: Path, tiny_model_dir: Path
) -> None:
    folder, digest = _dataset(tmp_path, n=12, rated=True)
    out = tmp_path / "out"
    seen: list[Progress] = []
    request = dataclasses.replace(_request(folder, digest, out), preference="kto")
    result = await _provider(tiny_model_dir, max_steps=3).train(
        request, seen.append, asyncio.Event()
    )
    # One job, two passes, numbered as one run: SFT steps 1-3, then KTO steps 4-6.
    assert [p.step for p in seen if p.loss is not None] == [1, 2, 3, 4, 5, 6]
    assert result.steps == 6 and result.manifest["preference"] == "kto"
    assert result.manifest["examples"]["kto_examples"] == 12
    assert result.manifest["examples"]["examples"] > 0
    # The SFT layer was kept whole between the passes (a resumed job starts the second from
    # it); the deployed layer holds the trained adapter only, not KTO's frozen reference.
    assert (out / "stage-sft" / "adapter_model.safetensors").is_file()
    assert result.artifact_dir is not None and not (result.artifact_dir / "ref").exists()
    _reloads_exactly(tiny_model_dir, result.artifact_dir, result.manifest)

    import torch
    from safetensors.torch import load_file

    sft = load_file(out / "stage-sft" / "adapter_model.safetensors")
    final = load_file(result.artifact_dir / "adapter_model.safetensors")
    assert sft.keys() == final.keys()
    assert any(not torch.equal(sft[k], final[k]) for k in sft)  # KTO moved the SFT layer


async def test_a_job_stopped_in_its_preference_pass_resumes_there(
    tmp_path: Path, tiny_model_dir: Path
) -> None:
    folder, digest = _dataset(tmp_path, n=12, rated=True)
    out = tmp_path / "out"
    provider = _provider(tiny_model_dir, max_steps=3, save_steps=100)
    request = dataclasses.replace(_request(folder, digest, out), preference="kto")
    cancel = asyncio.Event()

    def stop_in_kto(progress: Progress) -> None:
        if progress.loss is not None and progress.step >= 4:  # the KTO pass's first step
            cancel.set()

    with pytest.raises(asyncio.CancelledError):
        await provider.train(request, stop_in_kto, cancel)
    assert (out / "stage-sft" / "steps").read_text() == "3"
    assert latest_complete_checkpoint(out / "checkpoints-kto") is not None

    steps: list[int] = []
    result = await provider.train(request, lambda p: steps.append(p.step), asyncio.Event())
    # The SFT pass is not run again: the KTO pass carries on from its checkpoint.
    assert min(steps) >= 5 and result.steps == 6
    assert result.artifact_dir is not None
    _reloads_exactly(tiny_model_dir, result.artifact_dir, result.manifest)


async def test_graceful_stop_saves_a_checkpoint_and_the_next_run_resumes(
    tmp_path: Path, tiny_model_dir: Path
) -> None:
    folder, digest = _dataset(tmp_path)
    provider = _provider(tiny_model_dir, max_steps=10, save_steps=100)
    out = tmp_path / "out"
    cancel = asyncio.Event()

    def stop_after_two(progress: Progress) -> None:
        if progress.loss is not None and progress.step >= 2:
            cancel.set()

    with pytest.raises(asyncio.CancelledError):
        await provider.train(_request(folder, digest, out), stop_after_two, cancel)
    checkpoint = latest_complete_checkpoint(out / "checkpoints")
    assert checkpoint is not None  # saved at the stop although save_steps is 100
    stopped_at = int(checkpoint.name.split("-")[1])
    assert 2 <= stopped_at < 10

    steps: list[int] = []
    result = await provider.train(
        _request(folder, digest, out), lambda p: steps.append(p.step), asyncio.Event()
    )
    assert result.manifest["resumed_from_step"] == stopped_at
    assert min(steps) == stopped_at + 1 and result.steps == 10


@pytest.mark.reliability
async def test_kill_9_of_the_trainer_resumes_from_the_last_complete_checkpoint(
    tmp_path: Path, tiny_model_dir: Path
) -> None:
    folder, digest = _dataset(tmp_path)
    provider = _provider(tiny_model_dir, max_steps=10, save_steps=3)
    out = tmp_path / "out"
    out.mkdir()
    hp = provider.config.hyperparameters({})
    spec = {
        "base_model_path": str(tiny_model_dir), "dataset_dir": str(folder),
        "output_dir": str(out), "method": "sft", "hyperparameters": hp.as_dict(),
    }  # fmt: skip
    (out / "spec.json").write_text(json.dumps(spec))
    await asyncio.to_thread(_train_until_checkpoint_then_kill, out / "spec.json", 6)
    # A checkpoint folder without its marker (a save cut short) must be ignored.
    (out / "checkpoints" / "checkpoint-9").mkdir()
    assert not (out / "checkpoints" / "checkpoint-9" / COMPLETE).exists()

    result = await provider.train(_request(folder, digest, out), lambda p: None, asyncio.Event())
    assert result.manifest["resumed_from_step"] == 6
    assert result.steps == 10


def _train_until_checkpoint_then_kill(spec: Path, step: int) -> None:
    """Run the worker directly and SIGKILL it right after checkpoint ``step`` is complete."""
    child = subprocess.Popen(
        [sys.executable, "-m", "lifelong.adapters._local_worker", str(spec)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    assert child.stdout is not None
    for line in child.stdout:
        event = json.loads(line[len(PREFIX) :]) if line.startswith(PREFIX) else {}
        if event.get("event") == "checkpoint" and event["step"] == step:
            break
    os.kill(child.pid, signal.SIGKILL)
    child.wait()


async def test_bad_requests_are_clear(tmp_path: Path, tiny_model_dir: Path) -> None:
    folder, digest = _dataset(tmp_path, n=4)
    provider = _provider(tiny_model_dir)
    with pytest.raises(ProviderPermanent, match="unknown hyperparameter"):
        provider.estimate(
            TrainRequest("s", "ada", "math", folder, digest, tmp_path, hyperparameters={"rnak": 4})
        )
    with pytest.raises(ProviderPermanent, match="missing"):
        provider.estimate(_request(tmp_path / "nowhere", digest, tmp_path))
    estimate = provider.estimate(_request(folder, digest, tmp_path))
    assert estimate.tokens > 0 and estimate.cost == 0.0
    ppo = dataclasses.replace(_request(folder, digest, tmp_path), method="ppo")  # type: ignore[arg-type]
    with pytest.raises(ProviderUnsupported, match="does not support PPO training"):
        provider.estimate(ppo)


def test_base_model_folders_are_told_apart(tmp_path: Path, tiny_model_dir: Path) -> None:
    assert classify_model_dir(tiny_model_dir) == "full"
    resolved = resolve_base_model(str(tiny_model_dir), tmp_path)
    assert resolved.path == tiny_model_dir and len(resolved.sha256) == 64
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.txt").write_text("hi")
    with pytest.raises(BaseModelError, match="neither a model"):
        resolve_base_model(str(empty), tmp_path)
    adapter = tmp_path / "adapter"
    adapter.mkdir()
    (adapter / "adapter_config.json").write_text("{}")
    with pytest.raises(BaseModelError, match="is a LoRA adapter"):
        resolve_base_model(str(adapter), tmp_path)
    with pytest.raises(BaseModelError, match="nothing is downloaded"):
        resolve_base_model("HuggingFaceTB/SmolLM2-1.7B", tmp_path)


def test_only_the_reply_carries_loss(tmp_path: Path, tiny_model_dir: Path) -> None:
    import torch
    from datasets import Dataset
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from trl import SFTTrainer

    from lifelong.adapters._local_worker import prompt_completion, sft_config

    example = prompt_completion({"messages": [
        {"role": "system", "content": "You are Ada. You teach sums."},
        {"role": "user", "content": "What is seven plus seven?"},
        {"role": "assistant", "content": "Seven plus seven is fourteen. Happy adding!"},
    ]})  # fmt: skip
    tokenizer = AutoTokenizer.from_pretrained(tiny_model_dir)
    trainer = SFTTrainer(
        model=AutoModelForCausalLM.from_pretrained(tiny_model_dir, dtype=torch.float32),
        args=sft_config({"output_dir": str(tmp_path), "report_to": [], "use_cpu": True}),
        train_dataset=Dataset.from_list([example]),
        processing_class=tokenizer,
    )
    batch = trainer.data_collator([trainer.train_dataset[0]])
    ids, labels = batch["input_ids"][0], batch["labels"][0]
    prompt = tokenizer.apply_chat_template(
        example["prompt"], add_generation_prompt=True, tokenize=False
    )
    prompt_ids = tokenizer(prompt, add_special_tokens=False)["input_ids"]
    assert ids[: len(prompt_ids)].tolist() == list(prompt_ids)
    assert (labels[: len(prompt_ids)] == -100).all()  # system and user tokens: no loss
    learned = tokenizer.decode(ids[labels != -100])
    assert "fourteen. Happy adding!" in learned
    assert "seven plus seven?" not in learned and "Ada" not in learned


async def test_replay_mixes_the_base_models_own_answers_into_training(
    tmp_path: Path, tiny_model_dir: Path
) -> None:
    folder, digest = _dataset(tmp_path)
    cache = tmp_path / "models"
    provider = _provider(
        tiny_model_dir, max_steps=2, save_steps=100, replay_ratio=0.5, replay_max_new_tokens=6,
        cache_dir=cache,
    )  # fmt: skip
    await provider.train(_request(folder, digest, tmp_path / "first"), lambda p: None,
                         asyncio.Event())  # fmt: skip
    # The base model's answers are generated once and kept for every later job. (A tiny
    # random model answers with blank lines, which are not worth rehearsing: none are kept.)
    (answers,) = (cache / "replay").glob("*.jsonl")
    kept = [json.loads(line) for line in answers.read_text().splitlines()]
    assert all(r["completion"][0]["content"].strip() for r in kept)
    # With real answers in the cache, one fresh sample per example and pass is mixed in.
    prompts = load_replay_prompts()
    answers.write_text("".join(
        json.dumps({"prompt": p, "completion": [{"role": "assistant", "content": f"Reply {i}."}],
                    "round": 0}) + "\n"
        for i, p in enumerate(prompts)
    ))  # fmt: skip
    result = await provider.train(_request(folder, digest, tmp_path / "second"), lambda p: None,
                                  asyncio.Event())  # fmt: skip
    examples = result.manifest["examples"]
    epochs = result.manifest["hyperparameters"]["epochs"]
    assert examples["replay"] == round(0.5 * epochs * examples["examples"]) > 0
    assert result.manifest["hyperparameters"]["replay_ratio"] == 0.5 and result.steps == 2


async def test_a_regex_of_target_modules_trains_every_layer(
    tmp_path: Path, tiny_model_dir: Path
) -> None:
    # peft takes a layer range only with module names: a regex keeps every layer.
    folder, digest = _dataset(tmp_path)
    result = await _provider(tiny_model_dir, max_steps=1, target_modules=r".*\.q_proj").train(
        _request(folder, digest, tmp_path / "out"), lambda p: None, asyncio.Event()
    )
    assert result.artifact_dir is not None
    config = json.loads((result.artifact_dir / "adapter_config.json").read_text())
    assert config["target_modules"] == r".*\.q_proj" and config["layers_to_transform"] is None
