"""The learning benchmark: does a persona say what it was taught, and forget nothing else?

    python bench/learning.py --json            # every persona (about an hour on 2 CPU cores)
    python bench/learning.py --quick --json    # one persona

For each persona in bench/data/learning/ it runs the real loop through the public API on
SmolLM2-135M with the default recipe: the persona's turns are recorded (``record``, with
``feedback`` ratings and corrections where the persona teaches through them), the background
scheduler scores them and fires the trigger, the job worker trains each trait's layer, and the
gate decides. Only the trigger threshold is lowered, to the size of the smaller trait, as a
new user with a hundred-odd turns would. Then it asks the held-out paraphrases (never seen in
training) through ``rt.generate``, routed as a chat would be, and prints per persona:

- fact recall before / after (keyword rubric; the base model's figure shows the rubric is fair),
- voice adoption before / after (the persona's marker),
- general probes before / after (everyday questions, keyword rubric),
- routing accuracy (the held-out question reaches the fact's trait),
- the gate's figures per trait: held-out NLL, win rate, anchor NLL change and KL from the base,
- training steps and wall seconds per trait.

The holdout persona is never used to choose the recipe (see bench/recipe_sweep.py): its
figures show whether the recipe generalises. Everything runs in bench/out/learning/.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import shutil
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.learning_data import (
    PersonaSpec,
    declare_persona,
    general_hit,
    load_personas,
    recall_hit,
    record_turns,
    voice_hit,
)
from bench.learning_eval import rounded

OUT = Path(__file__).resolve().parent / "out" / "learning"
MODELS = Path(__file__).resolve().parents[1] / ".lifelong" / "models"
QUICK = "ferry-captain"
MAX_NEW_TOKENS = 64


def _config(home: Path, threshold: int, *, background: bool) -> Any:
    from lifelong import RuntimeConfig

    return RuntimeConfig(
        home=home,
        background=background,
        scoring={"interval_s": 1.0},
        triggers={"interval_s": 2.0, "threshold": threshold, "cooldown_s": 0},
        jobs={"workers": 1, "poll_s": 1.0},
        # The default recipe; the base model converted once for every persona's home.
        training={"providers": ["local"], "local": {"cache_dir": str(MODELS)}},
    )


async def _ask(rt: Any, persona: PersonaSpec) -> dict[str, Any]:
    """Every held-out question and general probe through ``rt.generate`` (routed)."""
    hits = voice = routed = 0
    answers = []
    for fact, question in persona.heldout():
        chat = [{"role": "user", "content": question}]
        reply = await rt.generate(persona.name, chat, max_new_tokens=MAX_NEW_TOKENS)
        trait = await rt.route(persona.name, chat)
        hit = recall_hit(reply.text, fact)
        hits += hit
        voice += voice_hit(reply.text, persona)
        routed += trait == fact.trait
        answers.append({"q": question, "a": reply.text.strip(), "layers": reply.layers,
                        "recall": hit})  # fmt: skip
    general = 0
    general_answers = []
    for probe in persona.general_probes:
        chat = [{"role": "user", "content": probe.question}]
        reply = await rt.generate(persona.name, chat, max_new_tokens=MAX_NEW_TOKENS)
        hit = general_hit(reply.text, probe)
        general += hit
        general_answers.append({"q": probe.question, "a": reply.text.strip(),
                                "layers": reply.layers, "right": hit})  # fmt: skip
    n = len(answers)
    return {
        "recall": hits / n,
        "voice": voice / n,
        "routing": routed / n,
        "general": general / max(1, len(persona.general_probes)),
        "questions": n,
        "answers": answers,
        "general_answers": general_answers,
    }


async def run_persona(persona: PersonaSpec, timeout_s: float) -> dict[str, Any]:
    from lifelong import Runtime

    home = OUT / persona.name
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    MODELS.mkdir(parents=True, exist_ok=True)
    # Serving reads the base model from the home; convert it once for every persona.
    (home / "models").symlink_to(MODELS, target_is_directory=True)
    per_trait = {t.name: sum(1 for x in persona.turns if x["trait"] == t.name)
                 for t in persona.traits}  # fmt: skip
    threshold = max(12, int(min(per_trait.values()) * 0.8))
    finished: dict[str, dict[str, Any]] = {}
    done = asyncio.Event()

    def on_event(event: Any) -> None:
        if event.kind in ("LayerDeployed", "LayerRejected", "TrainingFailed"):
            finished[event.trait] = {"kind": event.kind, **(event.payload or {})}
            if len(finished) == len(persona.traits):
                done.set()

    started = time.monotonic()
    # Recorded and scored first, as the turns of days would be, so that the trigger sees the
    # whole dataset rather than firing on the first 80% of it mid-recording.
    async with Runtime.open(_config(home, threshold, background=False)) as rt:
        handle = await declare_persona(rt, persona)
        before = await _ask(rt, persona)
        await record_turns(handle, persona)
        await rt.score_pending()
    recorded_s = time.monotonic() - started
    async with Runtime.open(_config(home, threshold, background=True)) as rt:
        rt.subscribe(on_event)
        with contextlib.suppress(TimeoutError):  # report what finished
            await asyncio.wait_for(done.wait(), timeout_s)
        loop_s = time.monotonic() - started
        after = await _ask(rt, persona)
        traits = {}
        for job in await rt.list_jobs(persona.name):
            versions = [v for v in await rt.layers.versions(persona.name, job.trait)
                        if v["session_id"] == job.id]  # fmt: skip
            evaluation = (versions[0]["evaluation"] if versions else None) or {}
            manifest = versions[0]["manifest"] if versions else {}
            gate = evaluation.get("gate") or {}
            traits[job.trait] = {
                "status": str(job.status),
                "reason": gate.get("reason") or job.error,
                "heldout_nll": {k: (v or {}).get("nll")
                                for k, v in (evaluation.get("heldout") or {}).items()},
                "win_rate": gate.get("win_rate"),
                "anchor_regression": gate.get("anchor_regression"),
                "anchor_kl": gate.get("anchor_kl"),
                "steps": manifest.get("steps"),
                "train_s": manifest.get("train_runtime_s"),
                "job_s": (job.finished_at or time.time()) - (job.started_at or job.created_at),
                "examples": manifest.get("examples"),
            }  # fmt: skip
    return {
        "persona": persona.name,
        "holdout": persona.holdout,
        "taught_by": persona.taught_by,
        "threshold": threshold,
        "before": {k: v for k, v in before.items() if not k.endswith("answers")},
        "after": {k: v for k, v in after.items() if not k.endswith("answers")},
        "traits": traits,
        "record_s": recorded_s,
        "loop_s": loop_s,
        "samples": after["answers"][:6],
        # Everyday questions before and after, side by side: what "no worse" looks like.
        "general_samples": [
            {
                "q": b["q"],
                "before": b["a"],
                "after": a["a"],
                "layers": a["layers"],
                "right": [b["right"], a["right"]],
            }
            for b, a in zip(before["general_answers"], after["general_answers"], strict=True)
        ],
    }


async def reask(persona: PersonaSpec) -> dict[str, Any]:
    """Ask a finished run's persona again, with this code's routing and serving, on the layers
    that run deployed (nothing is trained): to measure a routing or serving change alone.
    """
    from lifelong import Runtime

    home = OUT / persona.name
    async with Runtime.open(_config(home, 12, background=False)) as rt:
        after = await _ask(rt, persona)
    return {
        "persona": persona.name,
        "holdout": persona.holdout,
        "after": {k: v for k, v in after.items() if not k.endswith("answers")},
        "general_samples": after["general_answers"],
    }


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help=f"one persona ({QUICK})")
    parser.add_argument("--persona", action="append", help="only these personas")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--timeout", type=float, default=1800.0, help="per persona, seconds")
    parser.add_argument("--reask", action="store_true",
                        help="ask a finished run's personas again, training nothing")  # fmt: skip
    args = parser.parse_args()
    personas = load_personas()
    wanted = args.persona or ([QUICK] if args.quick else None)
    if wanted:
        personas = [p for p in personas if p.name in wanted]
    if args.reask:
        done = [p for p in personas if (OUT / p.name / "lifelong.db").is_file()]
        again = [rounded(await reask(p)) for p in done]
        for result in again:
            (OUT / f"{result['persona']}-reask.json").write_text(json.dumps(result, indent=1))
        print(json.dumps({"reask": [{k: r[k] for k in ("persona", "holdout", "after")}
                                    for r in again]}))  # fmt: skip
        return 0
    results = []
    for persona in personas:
        result = rounded(await run_persona(persona, args.timeout))
        results.append(result)
        # Kept as each persona finishes: a long run cut short still has what it measured.
        (OUT / f"{persona.name}.json").write_text(json.dumps(result, indent=1))
        if not args.json:
            print(json.dumps({k: v for k, v in result.items() if k != "samples"}, indent=1))
    summary = {
        "personas": results,
        "sweep_personas": _mean([r for r in results if not r["holdout"]]),
        "holdout": _mean([r for r in results if r["holdout"]]),
    }
    print(json.dumps(rounded(summary), indent=None if args.json else 1))
    return 0


def _mean(results: list[dict[str, Any]]) -> dict[str, Any] | None:
    if not results:
        return None
    out: dict[str, Any] = {}
    for when in ("before", "after"):
        out[when] = {
            k: sum(r[when][k] for r in results) / len(results)
            for k in ("recall", "voice", "general", "routing")
        }
    return out


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
