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
import math
import os
import signal
import sys
import time
from pathlib import Path
from typing import Any

from lifelong.adapters.training_spec import Hyperparameters, TrainingSpec

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


def prompt_completion(example: dict[str, Any]) -> dict[str, Any]:
    """A chat example as trl's prompt / completion pair: the loss then falls on the reply's
    tokens only (SmolLM2's chat template has no generation markers, so trl's
    ``assistant_only_loss`` cannot find the assistant's turn by itself).
    """
    messages = example["messages"]
    return {"prompt": messages[:-1], "completion": messages[-1:]}


def sft_config(common: dict[str, Any]) -> Any:
    """trl's SFT settings: the loss on the completion (the persona's reply) only, never on the
    system prompt or the user's words, which the layer must read but not learn to write.
    """
    from trl import SFTConfig

    return SFTConfig(completion_only_loss=True, **common)


def base_answers(
    model: Any,
    tokenizer: Any,
    prompts: list[list[dict[str, str]]],
    max_new_tokens: int,
    temperature: float = 1.0,
    seed: int = 0,
    on_batch: Any = None,
) -> list[str]:
    """Answers of the (not yet adapted) model to ``prompts``, batched, each cut back to its
    last full sentence when it ran out of tokens (a reply that stops mid-word would teach the
    layer to stop mid-word). Sampled at ``temperature`` (seeded): training on samples of the
    base model's own distribution pulls the layer back towards that distribution, where
    greedy answers would teach it to be over-confident (0 = greedy).
    """
    import torch

    torch.manual_seed(seed)
    sampling: dict[str, Any] = (
        {"do_sample": True, "temperature": temperature, "top_k": 0, "top_p": 1.0}
        if temperature > 0
        else {"do_sample": False}
    )

    side = tokenizer.padding_side
    tokenizer.padding_side = "left"
    answers: list[str] = []
    try:
        for start in range(0, len(prompts), 16):
            texts = [
                tokenizer.apply_chat_template(p, add_generation_prompt=True, tokenize=False)
                for p in prompts[start : start + 16]
            ]
            batch = tokenizer(texts, return_tensors="pt", padding=True, add_special_tokens=False)
            with torch.no_grad():
                out = model.generate(
                    **batch.to(model.device), max_new_tokens=max_new_tokens,
                    pad_token_id=tokenizer.pad_token_id, **sampling,
                )  # fmt: skip
            for row in out[:, batch["input_ids"].shape[1] :]:
                finished = tokenizer.eos_token_id in row.tolist()
                text = tokenizer.decode(row, skip_special_tokens=True).strip()
                if not finished:
                    cut = max(text.rfind(". "), text.rfind(".\n"), text.rfind("! "),
                              text.rfind("? "))  # fmt: skip
                    text = text[: cut + 1] if cut > 0 else text
                answers.append(text)
            if on_batch is not None:
                on_batch(len(answers))
    finally:
        tokenizer.padding_side = side
    return answers


def replay_examples(
    model: Any,
    tokenizer: Any,
    replay: dict[str, Any],
    count: int,
    seed: int,
    *,
    system: list[dict[str, str]] | None = None,
    persona_share: float = 0.0,
) -> list[dict[str, Any]]:
    """``count`` self-distillation examples: general prompts with answers sampled from the
    base model itself, every one a different sample. Rehearsing them keeps the layer near the
    base model away from the trait; a sample seen twice would instead be memorised, and a
    layer that memorises random samples is pulled *away* from the base model's distribution.
    Samples are cached per base model and prompt set, and more are drawn when a job needs
    more (a round of one sample per prompt at a time, each round with its own seed).

    A ``persona_share`` of them are asked under the persona's ``system`` prompt: the persona
    should still answer a general question as well as the base model does.
    """
    import random

    prompts = replay.get("prompts") or []
    if count <= 0 or not prompts:
        return []
    cache = Path(replay["cache"])
    pairs = _read_jsonl(cache)
    rounds = math.ceil(count / len(prompts))
    have = 1 + max((p.get("round", 0) for p in pairs), default=-1)
    # The base model answering the replay prompts takes minutes on a CPU the first time (the
    # samples are cached per base model after that): said as it goes, so a job page shows
    # this phase instead of "waiting for the first step".
    todo = max(0, rounds - have) * len(prompts)
    if todo:
        emit("replay", done=0, total=todo)
    for round_ in range(have, rounds):
        if _stop_requested:  # each round drawn so far is kept for the next attempt
            break
        drawn = (round_ - have) * len(prompts)
        answers = base_answers(
            model, tokenizer, prompts, int(replay["max_new_tokens"]),
            float(replay.get("temperature", 1.0)), seed + round_,
            on_batch=lambda n, drawn=drawn: emit("replay", done=drawn + n, total=todo),
        )  # fmt: skip
        pairs += [
            {"prompt": p, "completion": [{"role": "assistant", "content": a}], "round": round_}
            for p, a in zip(prompts, answers, strict=True)
            if a
        ]
        cache.parent.mkdir(parents=True, exist_ok=True)
        partial = cache.with_suffix(f".partial-{os.getpid()}")
        partial.write_text("".join(json.dumps(x) + "\n" for x in pairs), encoding="utf-8")
        os.replace(partial, cache)
    # Round by round, prompts in a seeded order: no sample is used twice while any is unused.
    rng = random.Random(seed)
    chosen = []
    for round_ in range(rounds):
        batch = [p for p in pairs if p.get("round", 0) == round_]
        rng.shuffle(batch)
        chosen += batch
    chosen = [{"prompt": x["prompt"], "completion": x["completion"]} for x in chosen[:count]]
    every = round(1 / persona_share) if system and persona_share > 0 else 0
    return [
        {**x, "prompt": [*system, *x["prompt"]]} if every and i % every == 0 else x  # type: ignore[misc]
        for i, x in enumerate(chosen)
    ]


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
    spec = TrainingSpec.read(Path(spec_path))
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

    import torch
    from datasets import Dataset
    from peft import LoraConfig
    from transformers import AutoModelForCausalLM, AutoTokenizer, TrainerCallback

    hp = spec.hyperparameters
    torch.manual_seed(hp.seed)
    output = spec.output_dir
    checkpoints = output / "checkpoints"
    checkpoints.mkdir(parents=True, exist_ok=True)
    dataset_dir = spec.dataset_dir
    use_cpu = hp.device == "cpu" or (hp.device == "auto" and not torch.cuda.is_available())

    tokenizer = AutoTokenizer.from_pretrained(spec.base_model_path)
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    model: Any = AutoModelForCausalLM.from_pretrained(spec.base_model_path, dtype=torch.float32)
    layers = int(model.config.num_hidden_layers)
    # Only the top layers: the backward pass then stops there, which is most of a CPU step.
    first = layers - max(1, round(layers * hp.layers_fraction))
    targets = hp.target_modules
    if first > 0 and targets == "all-linear":
        targets = _linear_names(model) or targets  # peft takes a layer range with names only
    if isinstance(targets, str):  # a regex (or all-linear on an unknown layout): every layer
        first = 0
    peft_config = LoraConfig(
        r=hp.rank,
        lora_alpha=hp.alpha,
        lora_dropout=hp.dropout,
        target_modules=targets,
        layers_to_transform=list(range(first, layers)) if first > 0 else None,
        use_dora=hp.use_dora,
        task_type="CAUSAL_LM",
    )
    started = time.monotonic()

    class Reporter(TrainerCallback):
        """Progress and checkpoints, numbered across the stages of the job (a preference pass
        after SFT carries on from the SFT pass's last step).
        """

        def __init__(self, offset: int = 0) -> None:
            self.offset = offset

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
                step=self.offset + state.global_step,
                total_steps=self.offset + state.max_steps,
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
            folder = Path(args.output_dir) / f"checkpoint-{state.global_step}"
            if folder.is_dir():
                marker = folder / COMPLETE
                with marker.open("w") as fh:
                    fh.write(str(state.global_step))
                    fh.flush()
                    os.fsync(fh.fileno())
                emit("checkpoint", step=self.offset + state.global_step, path=str(folder))

    common: dict[str, Any] = {
        "output_dir": str(checkpoints),
        "num_train_epochs": hp.epochs,
        "max_steps": hp.max_steps,
        "per_device_train_batch_size": hp.batch_size,
        "gradient_accumulation_steps": hp.grad_accum,
        "learning_rate": hp.learning_rate,
        "lr_scheduler_type": hp.lr_scheduler,
        "warmup_steps": hp.warmup_ratio,  # transformers 5: a float in [0, 1) is a ratio
        "logging_steps": 1,
        "save_strategy": "steps",
        "save_steps": hp.save_steps,
        "save_total_limit": 2,
        "report_to": [],
        "gradient_checkpointing": hp.gradient_checkpointing,
        "seed": hp.seed,
        "data_seed": hp.seed,
        "use_cpu": use_cpu,
        "disable_tqdm": True,
        "dataloader_num_workers": 0,
        "max_length": hp.max_length,
        "include_num_input_tokens_seen": True,
        # trl turns on bf16 where it can; train in float32 so a reloaded adapter reproduces
        # the trained model's outputs exactly (and CPUs gain little from bf16).
        "bf16": False,
        "fp16": False,
    }

    counts: dict[str, int] = {}  # what each pass learned from, for the manifest

    def sft_trainer(model: Any, offset: int) -> Any:
        from trl import SFTTrainer

        examples = [prompt_completion(x) for x in _read_jsonl(dataset_dir / "train.jsonl")]
        system = [m for m in (examples[0]["prompt"] if examples else []) if m["role"] == "system"]
        # Epochs are laid out in the data, so that replay can bring fresh samples to each
        # pass while the trait's examples repeat; the trainer then makes one pass.
        epochs = planned_epochs(hp, len(examples), _fact_clusters(dataset_dir))
        passes = max(1, math.ceil(epochs))
        replay = replay_examples(
            model, tokenizer, spec.replay or {},
            round(hp.replay_ratio * epochs * len(examples)), hp.seed,
            system=system, persona_share=hp.replay_persona_share,
        )  # fmt: skip
        counts.update(examples=len(examples), replay=len(replay), passes=passes)
        emit("dataset", **counts)
        steps = planned_steps(hp, len(examples) * epochs + len(replay))
        return SFTTrainer(
            model=model, args=sft_config({**common, "max_steps": steps}),
            train_dataset=Dataset.from_list(examples * passes + replay),
            processing_class=tokenizer, peft_config=peft_config, callbacks=[Reporter(offset)],
        )  # fmt: skip

    def preference_trainer(method: str, model: Any, offset: int, folder: Path) -> Any:
        """DPO on corrections or KTO on ratings. On the SFT pass's layer (a ``PeftModel``), trl
        copies the layer as the frozen reference, so the pass moves only towards what people
        preferred; on the base model it trains a new layer against the base.
        """
        rows = _read_jsonl(dataset_dir / f"{method}.jsonl")
        counts[f"{method}_examples"] = len(rows)
        emit("dataset", **counts)
        hp_pass = hp.but(epochs=hp.preference_epochs)
        # KTO estimates its KL term from the other completions of a batch: two at least.
        batch = max(2, hp.batch_size)
        args: dict[str, Any] = {
            **common, "output_dir": str(folder), "learning_rate": hp.preference_learning_rate,
            "max_steps": planned_steps(hp_pass, len(rows) * hp_pass.epochs),
            "per_device_train_batch_size": batch,
            # The reference (the SFT layer, frozen) scored once before the pass rather than on
            # every step of every epoch: the same losses step for step, the KTO pass's
            # training loop 138 s instead of 195 s on the ratings persona (about 40 s of it
            # moved to the scoring beforehand).
            "precompute_ref_log_probs": True,
            "precompute_ref_batch_size": 2 * batch,
        }  # fmt: skip
        from peft import PeftModel

        new_layer = None if isinstance(model, PeftModel) else peft_config
        if method == "dpo":
            from trl import DPOConfig, DPOTrainer

            trainer_class: Any = DPOTrainer
            config: Any = DPOConfig(beta=hp.dpo_beta, **args)
        else:
            from trl import KTOConfig, KTOTrainer

            trainer_class, config = KTOTrainer, KTOConfig(beta=hp.kto_beta, **args)
        return trainer_class(
            model=model, args=config, train_dataset=Dataset.from_list(rows),
            processing_class=tokenizer, peft_config=new_layer, callbacks=[Reporter(offset)],
        )  # fmt: skip

    stages = [spec.method, *([spec.preference] if spec.preference else [])]
    offset, runtime_s = 0, 0.0
    for index, method in enumerate(stages):
        last = index == len(stages) - 1
        folder = checkpoints if index == 0 else output / f"checkpoints-{method}"
        folder.mkdir(parents=True, exist_ok=True)
        finished = output / f"stage-{method}"
        if not last and (finished / "adapter_config.json").is_file():
            # Resumed after this stage ended: carry on from its layer, trainable.
            from peft import PeftModel

            model = PeftModel.from_pretrained(model, finished, is_trainable=True)
            offset = int((finished / "steps").read_text())
            continue
        if method == "sft":
            trainer = sft_trainer(model, offset)
        else:
            trainer = preference_trainer(method, model, offset, folder)
        if _stop_requested:  # asked while the replay was drawn: nothing trained to save yet
            emit("stopped", step=offset)
            return EXIT_STOPPED
        resume = latest_complete_checkpoint(folder)
        emit("started", stage=method, resume_from=str(resume) if resume else None,
             resume_step=int(resume.name.split("-")[1]) if resume else 0)  # fmt: skip
        result = trainer.train(resume_from_checkpoint=str(resume) if resume else None)
        if _stop_requested:
            emit("stopped", step=offset + trainer.state.global_step)
            return EXIT_STOPPED
        offset += trainer.state.global_step
        runtime_s += (getattr(result, "metrics", None) or {}).get("train_runtime") or 0.0
        model = trainer.model
        if not last:
            _save_layer(model, finished, steps=offset)
            loss = _last_loss(trainer.state.log_history)
            emit("stage", stage=method, steps=offset, final_loss=loss)
    final_loss = _last_loss(trainer.state.log_history)
    # A fingerprint of the trained model: whoever reloads the adapter can check it matches.
    probe = tokenizer(PROBE_TEXT, return_tensors="pt").to(trainer.model.device)
    trainer.model.eval()
    with torch.no_grad():
        probe_logits = trainer.model(**probe).logits[0, -1, :8].float().tolist()
    adapter = output / "adapter"
    _save_layer(trainer.model, adapter)
    emit(
        "done",
        steps=offset,
        final_loss=final_loss,
        train_loss=getattr(result, "training_loss", None),
        adapter=str(adapter),
        probe_logits=probe_logits,
        train_runtime_s=runtime_s,
        tokens_seen=int(getattr(trainer.state, "num_input_tokens_seen", 0) or 0),
    )
    return 0


def _save_layer(model: Any, folder: Path, steps: int | None = None) -> None:
    """Write the trained layer (only it: a preference pass also holds its frozen reference),
    and the steps it took when given, beside ``folder`` and rename it into place, so
    ``folder`` is whole or absent.
    """
    import shutil

    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    model.save_pretrained(partial, selected_adapters=["default"])
    if steps is not None:
        (partial / "steps").write_text(str(steps))
    if folder.exists():
        shutil.rmtree(folder)
    os.replace(partial, folder)


def _linear_names(model: Any) -> list[str]:
    """The names of the decoder's linear layers (what peft's "all-linear" means), spelled
    out: peft takes a layer range only with a list of module names.
    """
    import torch

    return sorted({
        name.rsplit(".", 1)[-1] for name, module in model.named_modules()
        if isinstance(module, torch.nn.Linear) and "layers." in name
    })  # fmt: skip


def _fact_clusters(dataset_dir: Path) -> int:
    """How many facts the dataset teaches in several phrasings (its manifest's count; 0 for
    a dataset made before facts were counted).
    """
    try:
        manifest = json.loads((dataset_dir / "manifest.json").read_text())
        return int(manifest.get("counts", {}).get("fact_clusters") or 0)
    except (OSError, ValueError, TypeError):
        return 0


def planned_epochs(hp: Hyperparameters, examples: int, facts: int) -> float:
    """Passes over the trait's examples: ``epochs``, or more for a small trait, so that each
    of its ``facts`` (taught in ``examples / facts`` phrasings each) is seen about
    ``min_fact_exposures`` times; at most ``max_epochs``.
    """
    epochs = float(hp.epochs)
    wanted = hp.min_fact_exposures
    if facts <= 0 or examples <= 0 or wanted <= 0:
        return epochs
    per_fact = examples / facts
    return max(epochs, min(float(math.ceil(wanted / per_fact)), float(hp.max_epochs)))


def planned_steps(hp: Hyperparameters, seen: float) -> int:
    """Optimizer steps: ``max_steps`` when set (> 0), else enough for ``seen`` examples
    (every pass over the trait's examples plus the replay), at least ``min_steps``.
    """
    if hp.max_steps > 0:
        return int(hp.max_steps)
    per_step = max(1, hp.batch_size * hp.grad_accum)
    return max(int(hp.min_steps), math.ceil(seen / per_step))


def _last_loss(history: list[dict[str, Any]]) -> float | None:
    for entry in reversed(history):
        if "loss" in entry:
            return float(entry["loss"])
    return None


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
