"""Training throughput: the local provider against plain trl SFTTrainer, same run.

Both train the same tiny Llama (built in code, real SmolLM2 tokenizer) on the same data with the
same hyperparameters; tokens/s is input tokens seen / the trainer's own train_runtime, so the
comparison is of the training loops (ours adds progress reporting, checkpoint markers and the
stop check per step). Process start-up and model loading are reported separately.

    python bench/train_throughput.py --json [--steps 30]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lifelong.adapters.base import TrainRequest
from lifelong.adapters.local_peft import LocalPeftConfig, LocalPeftProvider
from lifelong.learning.dataset import build_dataset, export_dataset
from tests.tiny_models import save_smollm2_tokenizer, save_tiny_llama


def _rows(n: int) -> list[dict]:
    return [
        {
            "id": f"{i:04d}",
            "messages": [
                {"role": "user", "content": f"Explain example {i}: how do Python lists work?"},
                {"role": "assistant", "content": f"Lists are mutable sequences; example {i}: "
                 f"items = [1, 2, 3]; items.append({i})."},
            ],
            "quality": 0.9,
            "feedback_correction": None,
        }
        for i in range(n)
    ]  # fmt: skip


def _baseline(model_dir: Path, dataset_dir: Path, out: Path, config: LocalPeftConfig) -> float:
    import torch
    from datasets import Dataset
    from peft import LoraConfig
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from trl import SFTConfig, SFTTrainer

    torch.manual_seed(config.seed)
    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    model = AutoModelForCausalLM.from_pretrained(model_dir, dtype=torch.float32)
    rows = [json.loads(x) for x in (dataset_dir / "train.jsonl").read_text().splitlines()]
    trainer = SFTTrainer(
        model=model,
        args=SFTConfig(
            output_dir=str(out), max_steps=config.max_steps, learning_rate=config.learning_rate,
            per_device_train_batch_size=config.batch_size, logging_steps=1, save_strategy="no",
            report_to=[], seed=config.seed, data_seed=config.seed, use_cpu=True,
            disable_tqdm=True, max_length=config.max_length, bf16=False, fp16=False,
            include_num_input_tokens_seen=True,
        ),
        train_dataset=Dataset.from_list(rows),
        processing_class=tokenizer,
        peft_config=LoraConfig(r=config.rank, lora_alpha=config.alpha,
                               lora_dropout=config.dropout,
                               target_modules=config.target_modules, task_type="CAUSAL_LM"),
    )  # fmt: skip
    result = trainer.train()
    return trainer.state.num_input_tokens_seen / result.metrics["train_runtime"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        model_dir = save_tiny_llama(root / "model", save_smollm2_tokenizer(root / "tok"))
        dataset = build_dataset(_rows(256), persona="bench", trait="t", profile={},
                                policy=None)  # fmt: skip
        dataset_dir = export_dataset(dataset, root / "ds")
        config = LocalPeftConfig(base_model=str(model_dir), max_steps=args.steps,
                                 save_steps=10, batch_size=8, device="cpu")  # fmt: skip
        started = time.perf_counter()
        result = asyncio.run(
            LocalPeftProvider(config).train(
                TrainRequest("bench", "bench", "t", dataset_dir, dataset.hash, root / "ours"),
                lambda p: None, asyncio.Event(),
            )
        )  # fmt: skip
        wall = time.perf_counter() - started
        ours = result.manifest["tokens_seen"] / result.manifest["train_runtime_s"]
        baseline = _baseline(model_dir, dataset_dir, root / "base", config)
    figures = {
        "tokens_per_sec": round(ours, 1),
        "baseline_tokens_per_sec": round(baseline, 1),
        "ratio": round(ours / baseline, 3),
        "steps": args.steps,
        "ours_wall_s_including_process_start": round(wall, 1),
        "final_loss": result.final_loss,
    }
    print(json.dumps(figures) if args.json else figures)


if __name__ == "__main__":
    main()
