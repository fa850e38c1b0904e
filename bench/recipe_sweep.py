"""Try a training recipe directly on the trainer, for choosing the defaults.

    python bench/recipe_sweep.py --persona ferry-captain --recipe '{"learning_rate": 1e-3}'

The persona's turns are recorded, scored (MiniLM) and turned into one dataset per trait by the
real runtime, once per persona (cached under bench/out/sweep/); each trait is then trained by
the real local provider with the recipe's overrides of ``LocalPeftConfig``, and the persona is
measured with the learning benchmark's probes. This skips the scheduler, the queue and the
gate, so a sweep costs training time only; ``bench/learning.py`` runs the real loop for the
figures that count. Never sweep on the holdout persona.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.learning_data import PersonaSpec, declare_persona, load_personas, record_turns
from bench.learning_eval import anchor_figures, load_base, persona_figures, rounded

OUT = Path(__file__).resolve().parent / "out" / "sweep"
MODELS = Path(__file__).resolve().parents[1] / ".lifelong" / "models"


async def record(persona: PersonaSpec, home: Path) -> tuple[str, dict[str, str]]:
    """Record, score and build the persona's datasets; returns (system prompt, trait ->
    dataset folder). Reuses what an earlier run built.
    """
    from lifelong import Runtime, RuntimeConfig
    from lifelong.persona.profile import render_system_prompt

    index = home / "datasets.json"
    if index.is_file():
        saved = json.loads(index.read_text())
        return saved["system_prompt"], saved["datasets"]
    config = RuntimeConfig(home=home, background=False)
    async with Runtime.open(config) as rt:
        handle = await declare_persona(rt, persona)
        await record_turns(handle, persona)
        await rt.score_pending()
        datasets = {}
        for trait in persona.traits:
            _, folder = await rt.build_dataset(persona.name, trait.name)
            datasets[trait.name] = str(folder)
        system = render_system_prompt(persona.name, persona.profile)
    index.write_text(json.dumps({"system_prompt": system, "datasets": datasets}))
    return system, datasets


async def train(trait: str, folder: Path, out: Path, recipe: dict[str, Any]) -> dict[str, Any]:
    from lifelong.adapters.base import TrainRequest
    from lifelong.adapters.local_peft import LocalPeftConfig, LocalPeftProvider

    manifest = json.loads((folder / "manifest.json").read_text())
    provider = LocalPeftProvider(LocalPeftConfig(cache_dir=MODELS, **recipe))
    request = TrainRequest(
        job_id=f"sweep-{trait}", persona=manifest["persona"], trait=trait,
        dataset_dir=folder, dataset_hash=manifest["hash"], output_dir=out, method="sft",
    )  # fmt: skip
    started = time.monotonic()
    result = await provider.train(request, lambda p: None, asyncio.Event())
    return {
        "adapter": str(result.artifact_dir),
        "steps": result.steps,
        "seconds": round(time.monotonic() - started, 1),
        "final_loss": result.final_loss,
        "examples": manifest["counts"]["sft_train"],
    }


def measure(persona: PersonaSpec, system: str, adapters: dict[str, str] | None) -> dict[str, Any]:
    import torch

    from lifelong.engine.base_models import resolve_base_model
    from lifelong.learning.anchor import load_anchor_set

    torch.set_num_threads(2)
    base_path = resolve_base_model(None, MODELS).path
    model, tokenizer = load_base(base_path)
    if not adapters:
        return persona_figures(model, tokenizer, persona, system)
    from peft import PeftModel

    names = sorted(adapters)
    model = PeftModel.from_pretrained(model, adapters[names[0]], adapter_name=names[0])
    for name in names[1:]:
        model.load_adapter(adapters[name], adapter_name=name)
    model.eval()
    figures = persona_figures(
        model, tokenizer, persona, system, set_trait=model.set_adapter, traits=names
    )
    anchor = load_anchor_set()
    per_trait = {}
    for name in names:
        model.set_adapter(name)
        per_trait[name] = anchor_figures(model, tokenizer, anchor)
    figures["anchor"] = {
        "regression_max": max(a["regression"] for a in per_trait.values()),
        "kl_max": max(a["kl"] for a in per_trait.values()),
        "per_trait": per_trait,
    }
    return figures


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persona", required=True)
    parser.add_argument("--recipe", default="{}", help="JSON: LocalPeftConfig overrides")
    parser.add_argument("--label", default="", help="a name for this recipe in the output")
    parser.add_argument("--base", action="store_true", help="measure the base model only")
    parser.add_argument("--traits", nargs="*", help="train and measure only these traits")
    args = parser.parse_args()
    (persona,) = [p for p in load_personas() if p.name == args.persona]
    if persona.holdout and not args.base:
        print("the holdout persona is never swept (bench/learning.py reports it)")
        return 2
    home = OUT / persona.name
    home.mkdir(parents=True, exist_ok=True)
    system, datasets = await record(persona, home)
    if args.base:
        print(
            json.dumps(rounded({"persona": persona.name, "base": measure(persona, system, None)}))
        )
        return 0
    recipe = json.loads(args.recipe)
    runs, adapters = {}, {}
    run_dir = home / "runs" / (args.label or str(int(time.time())))
    for trait, folder in datasets.items():
        if args.traits and trait not in args.traits:
            continue
        runs[trait] = await train(trait, Path(folder), run_dir / trait, recipe)
        adapters[trait] = runs[trait]["adapter"]
    figures = measure(persona, system, adapters)
    print(json.dumps(rounded({"persona": persona.name, "label": args.label, "recipe": recipe,
                              "train": runs, **figures})))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
