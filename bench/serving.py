"""Serving benchmark: many personas at once, batched multi-adapter generation against the
one-at-a-time path, same run.

64 requests over 8 personas (each with its own deployed LoRA layer: rank 16 on every linear
module of the top half of the decoder, the default recipe's shape, random weights) at
concurrency 1, 4 and 16, greedy, ``--new-tokens`` each. "ours" is ``persona.generate`` (the
runtime's micro-batched decode loop, every row through its own adapter); "baseline" is the path
before batching: one ``model.generate`` per request with that persona's layer active, under the
base model's lock. Prints tokens/s, p50 / p95 latency and the batch sizes seen.

    python bench/serving.py --json [--tiny] [--requests 64] [--new-tokens 32]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lifelong import Runtime, RuntimeConfig, Trait
from lifelong.engine.serving import GenerationSettings, complete
from lifelong.genome.store import NewLayer

OUT = Path(__file__).resolve().parent / "out" / "serving"
MODELS = Path(__file__).resolve().parents[1] / ".lifelong" / "models"
PERSONAS = 8
LINEAR = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]
CONCURRENCY = (1, 4, 16)
QUESTIONS = [
    "What should I pack for a day at the beach?",
    "How do I make a good cup of tea?",
    "Can you suggest a name for a small grey cat?",
    "What is a fun thing to do on a rainy afternoon?",
    "How long should I boil an egg for a soft yolk?",
    "Tell me one tip for sleeping better.",
    "What is the best way to learn a few words of Italian?",
    "How can I keep basil alive on a windowsill?",
]


def _layer(base_dir: Path, folder: Path, seed: int) -> Path:
    """A random LoRA layer with the default recipe's shape (it changes what the model says)."""
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoConfig, AutoModelForCausalLM

    layers = AutoConfig.from_pretrained(base_dir).num_hidden_layers
    torch.manual_seed(seed)
    model = get_peft_model(
        AutoModelForCausalLM.from_pretrained(base_dir),
        LoraConfig(r=16, lora_alpha=32, target_modules=LINEAR,
                   layers_to_transform=list(range(layers // 2, layers)),
                   init_lora_weights=False),
    )  # fmt: skip
    with torch.no_grad():
        for name, param in model.named_parameters():
            if "lora_B" in name:
                param.normal_(0, 0.002)
    model.save_pretrained(folder)
    return folder


async def _setup(rt: Runtime, base_name: str, base_dir: Path, root: Path) -> None:
    for i in range(PERSONAS):
        await rt.persona(f"p{i}", traits=[Trait("chat", "small talk")])
        staged = await rt.layers.stage(NewLayer(
            kind="local", provider="local", artifact_dir=_layer(base_dir, root / f"l{i}", i),
            manifest={"base_model": {"name": base_name}},
        ))  # fmt: skip
        gate = {"passed": True, "reason": "bench"}
        await rt.layers.add(f"p{i}", "chat", staged, evaluation={"gate": gate}, deploy=True,
                            by="bench")  # fmt: skip


async def _run(rt: Runtime, n: int, concurrency: int, new_tokens: int, baseline: bool) -> dict:
    tokenizer = None
    gate = asyncio.Semaphore(concurrency)
    latencies: list[float] = []
    replies: list[str] = [""] * n
    settings = GenerationSettings(max_new_tokens=new_tokens)

    async def one(i: int) -> None:
        persona = f"p{i % PERSONAS}"
        chat = [{"role": "system", "content": "You are a friendly assistant."},
                {"role": "user", "content": QUESTIONS[i % len(QUESTIONS)]}]  # fmt: skip
        async with gate:
            started = time.perf_counter()
            if baseline:  # the path before batching: one generate per request, base locked
                active = await rt.layers.active(persona)
                base = await rt.server.base_path(active["chat"]["manifest"]["base_model"]["name"])
                replies[i], _ = await rt.server.run(
                    base, [active["chat"]], lambda m: complete(m, chat, settings)
                )
            else:
                generation = await rt.generate(persona, chat, ["chat"], max_new_tokens=new_tokens)
                replies[i] = generation.text
            latencies.append(time.perf_counter() - started)

    started = time.perf_counter()
    await asyncio.gather(*(one(i) for i in range(n)))
    wall = time.perf_counter() - started
    with rt.cache.use(await rt.server.base_path(None), []) as loaded:
        tokenizer = loaded.tokenizer
    tokens = sum(len(tokenizer(r, add_special_tokens=False)["input_ids"]) for r in replies)
    ordered = sorted(latencies)
    return {
        "tokens": tokens,
        "tokens_per_s": round(tokens / wall, 2),
        "p50_s": round(statistics.median(ordered), 3),
        "p95_s": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))], 3),
        "wall_s": round(wall, 2),
        "replies": replies,
    }


async def _bench(args: argparse.Namespace) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        if args.tiny:
            from tests.tiny_models import save_smollm2_tokenizer, save_tiny_llama

            tok = save_smollm2_tokenizer(Path(tmp) / "tok")
            base_name = str(save_tiny_llama(Path(tmp) / "tiny", tok))
        else:
            base_name = "smollm2-135m-instruct"
        config = RuntimeConfig(
            home=Path(tmp) / "home", background=False,
            training={"base_model": base_name, "providers": ["local"]},
        )  # fmt: skip
        async with Runtime.open(config) as rt:
            # The SmolLM2 conversion is cached across runs (where `make demo` keeps it).
            rt.server.model_cache_dir = MODELS
            base_dir = await rt.server.base_path(base_name)
            await _setup(rt, base_name, base_dir, Path(tmp) / "layers")
            await rt.generate("p0", [{"role": "user", "content": "hi"}], ["chat"],
                              max_new_tokens=2)  # warm: model and layers loaded  # fmt: skip
            for i in range(PERSONAS):
                await rt.generate(f"p{i}", [{"role": "user", "content": "hi"}], ["chat"],
                                  max_new_tokens=1)  # fmt: skip
            results: dict[str, Any] = {}
            for concurrency in CONCURRENCY:
                stats = rt.server.batcher.stats
                steps, row_steps = stats.steps, stats.row_steps
                ours = await _run(rt, args.requests, concurrency, args.new_tokens, False)
                mean_batch = (stats.row_steps - row_steps) / max(1, stats.steps - steps)
                base = await _run(rt, args.requests, concurrency, args.new_tokens, True)
                results[f"c{concurrency}"] = {
                    "ours": {k: v for k, v in ours.items() if k != "replies"},
                    "baseline": {k: v for k, v in base.items() if k != "replies"},
                    "speedup": round(ours["tokens_per_s"] / base["tokens_per_s"], 2),
                    "mean_batch": round(mean_batch, 2),  # rows per decode step
                    "same_replies": sum(a == b for a, b in
                                        zip(ours["replies"], base["replies"], strict=True)),
                }  # fmt: skip
    single = results["c1"]["baseline"]["p50_s"]
    top = results[f"c{CONCURRENCY[-1]}"]
    return {
        "model": "tiny" if args.tiny else "SmolLM2-135M-Instruct",
        "requests": args.requests,
        "personas": PERSONAS,
        "new_tokens": args.new_tokens,
        "results": results,
        "goal": {
            "speedup_at_16": top["speedup"],
            "p95_at_16_over_single": round(top["ours"]["p95_s"] / single, 2),
            "met": top["speedup"] >= 4 and top["ours"]["p95_s"] <= 2 * single,
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tiny", action="store_true", help="a tiny random model, for a look")
    parser.add_argument("--requests", type=int, default=64)
    parser.add_argument("--new-tokens", type=int, default=32)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    report = asyncio.run(_bench(args))
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"serving-{'tiny' if args.tiny else 'smollm2'}.json").write_text(
        json.dumps(report, indent=2)
    )
    print(json.dumps(report) if args.json else json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
