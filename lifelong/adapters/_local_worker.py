"""The child process that trains a LoRA / DoRA adapter with transformers + peft + trl.

Run as ``python -m lifelong.adapters._local_worker SPEC.json``. It talks to its parent through
stdout lines starting with ``@@lifelong `` followed by JSON (progress, checkpoint, done,
stopped). SIGTERM asks for a graceful stop: the current step finishes, a checkpoint is saved,
and the process exits with status 3. A checkpoint counts only once its ``COMPLETE`` marker is
written (after the trainer has saved everything), so a restart after a kill resumes from the
last whole checkpoint, with the same step count.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from pathlib import Path
from typing import Any

PREFIX = "@@lifelong "
EXIT_STOPPED = 3
COMPLETE = "COMPLETE"
PROBE_TEXT = "How do I reverse a list in Python?"

_stop_requested = False


def emit(event: str, **data: Any) -> None:
    global _stop_requested
    try:
        sys.stdout.write(PREFIX + json.dumps({"event": event, **data}) + "\n")
        sys.stdout.flush()
    except (BrokenPipeError, ValueError, OSError):
        # Nobody is listening any more (the runtime died): finish the step, checkpoint, stop.
        _stop_requested = True


def _on_sigterm(_signum: int, _frame: object) -> None:
    global _stop_requested
    _stop_requested = True


def latest_complete_checkpoint(folder: Path) -> Path | None:
    """The newest ``checkpoint-N`` folder whose marker says it was written whole."""
    best: tuple[int, Path] | None = None
    for path in folder.glob("checkpoint-*"):
        try:
            step = int(path.name.split("-", 1)[1])
        except ValueError:
            continue
        if (path / COMPLETE).is_file() and (best is None or step > best[0]):
            best = (step, path)
    return best[1] if best else None


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        return []
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _stop_with_parent() -> None:
    """If the runtime that started us dies (even by kill -9), stop as if asked to: at the next
    step boundary with a checkpoint saved, so the next runtime resumes from there.
    """
    parent = os.getppid()
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG (Linux)
    except (OSError, AttributeError):
        import threading

        def watch() -> None:
            while os.getppid() == parent:
                time.sleep(1.0)
            os.kill(os.getpid(), signal.SIGTERM)

        threading.Thread(target=watch, daemon=True).start()
    if os.getppid() != parent:  # it died before we could ask
        os.kill(os.getpid(), signal.SIGTERM)


def main(spec_path: str) -> int:
    signal.signal(signal.SIGTERM, _on_sigterm)
    _stop_with_parent()
    spec = json.loads(Path(spec_path).read_text())
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

    import torch
    from datasets import Dataset
    from peft import LoraConfig
    from transformers import AutoModelForCausalLM, AutoTokenizer, TrainerCallback

    hp = spec["hyperparameters"]
    torch.manual_seed(hp["seed"])
    output = Path(spec["output_dir"])
    checkpoints = output / "checkpoints"
    checkpoints.mkdir(parents=True, exist_ok=True)
    dataset_dir = Path(spec["dataset_dir"])
    use_cpu = hp["device"] == "cpu" or (hp["device"] == "auto" and not torch.cuda.is_available())

    tokenizer = AutoTokenizer.from_pretrained(spec["base_model_path"])
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    model = AutoModelForCausalLM.from_pretrained(spec["base_model_path"], dtype=torch.float32)
    peft_config = LoraConfig(
        r=hp["rank"],
        lora_alpha=hp["alpha"],
        lora_dropout=hp["dropout"],
        target_modules=hp["target_modules"],
        use_dora=hp["use_dora"],
        task_type="CAUSAL_LM",
    )
    started = time.monotonic()

    class Reporter(TrainerCallback):
        def on_log(self, args, state, control, logs=None, **kwargs):  # type: ignore[no-untyped-def]
            logs = logs or {}
            if "loss" not in logs:
                return
            elapsed = time.monotonic() - started
            tokens = getattr(state, "num_input_tokens_seen", 0) or 0
            rate = state.global_step / elapsed if elapsed > 0 else None
            remaining = (state.max_steps - state.global_step) / rate if rate else None
            emit(
                "progress",
                step=state.global_step,
                total_steps=state.max_steps,
                loss=logs.get("loss"),
                learning_rate=logs.get("learning_rate"),
                epoch=state.epoch,
                tokens_per_sec=(tokens / elapsed) if tokens and elapsed > 0 else None,
                eta_s=remaining,
            )

        def on_step_end(self, args, state, control, **kwargs):  # type: ignore[no-untyped-def]
            if _stop_requested:
                control.should_save = True
                control.should_training_stop = True
            return control

        def on_save(self, args, state, control, **kwargs):  # type: ignore[no-untyped-def]
            # The trainer has written the whole checkpoint: only now does it count.
            folder = checkpoints / f"checkpoint-{state.global_step}"
            if folder.is_dir():
                marker = folder / COMPLETE
                with marker.open("w") as fh:
                    fh.write(str(state.global_step))
                    fh.flush()
                    os.fsync(fh.fileno())
                emit("checkpoint", step=state.global_step, path=str(folder))

    common = {
        "output_dir": str(checkpoints),
        "num_train_epochs": hp["epochs"],
        "max_steps": hp["max_steps"],
        "per_device_train_batch_size": hp["batch_size"],
        "gradient_accumulation_steps": hp["grad_accum"],
        "learning_rate": hp["learning_rate"],
        "logging_steps": 1,
        "save_strategy": "steps",
        "save_steps": hp["save_steps"],
        "save_total_limit": 2,
        "report_to": [],
        "gradient_checkpointing": hp["gradient_checkpointing"],
        "seed": hp["seed"],
        "data_seed": hp["seed"],
        "use_cpu": use_cpu,
        "disable_tqdm": True,
        "dataloader_num_workers": 0,
        "max_length": hp["max_length"],
        "include_num_input_tokens_seen": True,
        # trl turns on bf16 where it can; train in float32 so a reloaded adapter reproduces
        # the trained model's outputs exactly (and CPUs gain little from bf16).
        "bf16": False,
        "fp16": False,
    }
    if spec["method"] == "dpo":
        from trl import DPOConfig, DPOTrainer

        train = Dataset.from_list(_read_jsonl(dataset_dir / "dpo.jsonl"))
        trainer = DPOTrainer(
            model=model,
            args=DPOConfig(beta=hp["dpo_beta"], **common),
            train_dataset=train,
            processing_class=tokenizer,
            peft_config=peft_config,
            callbacks=[Reporter()],
        )
    else:
        from trl import SFTConfig, SFTTrainer

        train = Dataset.from_list(_read_jsonl(dataset_dir / "train.jsonl"))
        trainer = SFTTrainer(
            model=model,
            args=SFTConfig(**common),
            train_dataset=train,
            processing_class=tokenizer,
            peft_config=peft_config,
            callbacks=[Reporter()],
        )
    resume = latest_complete_checkpoint(checkpoints)
    emit("started", resume_from=str(resume) if resume else None,
         resume_step=int(resume.name.split("-")[1]) if resume else 0)  # fmt: skip
    result = trainer.train(resume_from_checkpoint=str(resume) if resume else None)
    if _stop_requested:
        emit("stopped", step=trainer.state.global_step)
        return EXIT_STOPPED
    final_loss = _last_loss(trainer.state.log_history)
    # A fingerprint of the trained model: whoever reloads the adapter can check it matches.
    probe = tokenizer(PROBE_TEXT, return_tensors="pt").to(trainer.model.device)
    trainer.model.eval()
    with torch.no_grad():
        probe_logits = trainer.model(**probe).logits[0, -1, :8].float().tolist()
    adapter = output / "adapter"
    partial = output / "adapter.partial"
    trainer.model.save_pretrained(partial)
    if adapter.exists():
        import shutil

        shutil.rmtree(adapter)
    os.replace(partial, adapter)
    emit(
        "done",
        steps=trainer.state.global_step,
        final_loss=final_loss,
        train_loss=getattr(result, "training_loss", None),
        adapter=str(adapter),
        probe_logits=probe_logits,
        train_runtime_s=(getattr(result, "metrics", None) or {}).get("train_runtime"),
        tokens_seen=int(getattr(trainer.state, "num_input_tokens_seen", 0) or 0),
    )
    return 0


def _last_loss(history: list[dict[str, Any]]) -> float | None:
    for entry in reversed(history):
        if "loss" in entry:
            return float(entry["loss"])
    return None


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
