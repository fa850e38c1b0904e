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
- contradicted before / after (the answer misses the fact and states another name or number),
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


SCORING_INTERVAL_S = 1.0


def _config(home: Path, threshold: int, *, background: bool, train: bool = True) -> Any:
    from lifelong import RuntimeConfig

    return RuntimeConfig(
        home=home,
        background=background,
        scoring={"interval_s": SCORING_INTERVAL_S},
        # train=False: the scorer runs in the background, nothing is trained (memory alone).
        triggers={"interval_s": 2.0, "threshold": threshold if train else 10**9, "cooldown_s": 0},
        jobs={"workers": 1 if train else 0, "poll_s": 1.0},
        # The default recipe; the base model converted once for every persona's home.
        training={"providers": ["local"], "local": {"cache_dir": str(MODELS)}},
    )


def contradicts(answer: str, fact: Any, question: str, persona: PersonaSpec) -> bool:
    """The answer misses the fact and states another name or number in its place (the
    runtime's own measure, :mod:`lifelong.learning.facts`, with every name and number of the
    fact's taught answers as the reference's).
    """
    from lifelong.learning.facts import KeyContent, judge, key_content, taught_from

    if recall_hit(answer, fact):
        return False
    taught = taught_from(a for f in persona.facts for a in f.answers)
    slots = frozenset().union(*(key_content(a, question, taught).slots for a in fact.answers))
    if not slots:
        return False
    return judge(answer, KeyContent(slots, ()), question, " ".join(fact.answers)) == (
        "contradicted"
    )


async def _ask(rt: Any, persona: PersonaSpec, *, memory: bool) -> dict[str, Any]:
    """Every held-out question and general probe through ``rt.generate`` (routed), with the
    persona's memory or without it.
    """
    hits = voice = routed = wrong = reminded = 0
    answers = []
    for fact, question in persona.heldout():
        chat = [{"role": "user", "content": question}]
        reply = await rt.generate(persona.name, chat, max_new_tokens=MAX_NEW_TOKENS,
                                  memory=memory)  # fmt: skip
        reminded += bool(reply.memory)
        trait = await rt.route(persona.name, chat)
        hit = recall_hit(reply.text, fact)
        hits += hit
        invented = contradicts(reply.text, fact, question, persona)
        wrong += invented
        voice += voice_hit(reply.text, persona)
        routed += trait == fact.trait
        answers.append({"q": question, "a": reply.text.strip(), "layers": reply.layers,
                        "memory": len(reply.memory), "recall": hit,
                        "contradicted": invented})  # fmt: skip
    general = everyday_reminded = 0
    general_answers = []
    for probe in persona.general_probes:
        chat = [{"role": "user", "content": probe.question}]
        reply = await rt.generate(persona.name, chat, max_new_tokens=MAX_NEW_TOKENS,
                                  memory=memory)  # fmt: skip
        hit = general_hit(reply.text, probe)
        general += hit
        everyday_reminded += bool(reply.memory)
        general_answers.append({"q": probe.question, "a": reply.text.strip(),
                                "layers": reply.layers, "memory": len(reply.memory),
                                "right": hit})  # fmt: skip
    n = len(answers)
    probes = max(1, len(persona.general_probes))
    return {
        "recall": hits / n,
        "contradicted": wrong / n,
        "voice": voice / n,
        "routing": routed / n,
        "general": general / probes,
        # Memory: held-out questions given a memory turn, everyday probes given any.
        "reminded": reminded / n,
        "everyday_reminded": everyday_reminded / probes,
        "questions": n,
        "answers": answers,
        "general_answers": general_answers,
    }


async def _first_correct(rt: Any, persona: PersonaSpec, limit_s: float = 60.0) -> float | None:
    """Seconds from now (the last teaching turn just recorded) until a held-out question is
    answered right with memory, the background scorer running; None after ``limit_s``.
    """
    started = time.monotonic()
    fact, question = persona.heldout()[0]
    chat = [{"role": "user", "content": question}]
    while time.monotonic() - started < limit_s:
        reply = await rt.generate(persona.name, chat, max_new_tokens=MAX_NEW_TOKENS)
        if reply.memory and recall_hit(reply.text, fact):
            return time.monotonic() - started
        await asyncio.sleep(0.1)
    return None


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
    consolidating: set[str] = set()  # deployed traits whose memory is still being consolidated
    done = asyncio.Event()

    def on_event(event: Any) -> None:
        # The steady state after a deploy: the layer deployed *and* memory consolidated by it
        # (background work, which the questions asked next would otherwise keep waiting).
        if event.kind in ("LayerDeployed", "LayerRejected", "TrainingFailed"):
            finished[event.trait] = {"kind": event.kind, **(event.payload or {})}
            if event.kind == "LayerDeployed":
                consolidating.add(event.trait)
        elif event.kind == "MemoryConsolidated":
            consolidating.discard(event.trait)
            finished.get(event.trait, {})["memory"] = event.payload
        if len(finished) == len(persona.traits) and not consolidating:
            done.set()

    started = time.monotonic()
    # Recorded and scored first, as the turns of days would be, so that the trigger sees the
    # whole dataset rather than firing on the first 80% of it mid-recording. The scorer runs
    # in the background meanwhile (nothing trains): memory is usable as soon as it scores.
    async with Runtime.open(_config(home, threshold, background=True, train=False)) as rt:
        handle = await declare_persona(rt, persona)
        before = await _ask(rt, persona, memory=False)
        await record_turns(handle, persona)
        first_correct_s = await _first_correct(rt, persona)
        await rt.score_pending()
        base_memory = await _ask(rt, persona, memory=True)
        latency = await _retrieval_latency(rt, persona)
    recorded_s = time.monotonic() - started
    async with Runtime.open(_config(home, threshold, background=True)) as rt:
        rt.subscribe(on_event)
        with contextlib.suppress(TimeoutError):  # report what finished
            await asyncio.wait_for(done.wait(), timeout_s)
        loop_s = time.monotonic() - started
        after = await _ask(rt, persona, memory=False)
        layer_memory = await _ask(rt, persona, memory=True)
        memory_rows, memory_total = await rt.list_memory(persona.name, limit=1000)
        traits = {}
        for job in await rt.list_jobs(persona.name):
            versions = [v for v in await rt.layers.versions(persona.name, job.trait)
                        if v["job_id"] == job.id]  # fmt: skip
            evaluation = (versions[0]["evaluation"] if versions else None) or {}
            manifest = versions[0]["manifest"] if versions else {}
            gate = evaluation.get("gate") or {}
            traits[job.trait] = {
                "status": str(job.status),
                "reason": gate.get("reason") or job.error,
                "heldout_nll": {k: (v or {}).get("nll")
                                for k, v in (evaluation.get("heldout") or {}).items()},
                "win_rate": gate.get("win_rate"),
                # The gate's fact check on its held-out prompts: recalled / contradicted.
                "gate_facts": {k: {"recalled": v.get("recalled"), "judged": v.get("judged"),
                                   "contradicted": v.get("contradicted")}
                               for k, v in (gate.get("facts") or {}).items() if v},
                "anchor_regression": gate.get("anchor_regression"),
                "anchor_kl": gate.get("anchor_kl"),
                "steps": manifest.get("steps"),
                "train_s": manifest.get("train_runtime_s"),
                # From the job's start (replay sampling included) to its end, against the
                # estimate the job showed before it started.
                "job_s": (job.finished_at or time.time()) - (job.started_at or job.created_at),
                "estimate_s": (job.estimate or {}).get("seconds"),
                "examples": manifest.get("examples"),
            }  # fmt: skip
    return {
        "persona": persona.name,
        "holdout": persona.holdout,
        "taught_by": persona.taught_by,
        "threshold": threshold,
        # The four arms: the base model; base + memory (right after recording, no training);
        # the layer alone; layer + memory.
        "before": {k: v for k, v in before.items() if not k.endswith("answers")},
        "base_memory": {k: v for k, v in base_memory.items() if not k.endswith("answers")},
        "after": {k: v for k, v in after.items() if not k.endswith("answers")},
        "layer_memory": {k: v for k, v in layer_memory.items() if not k.endswith("answers")},
        "first_correct_s": first_correct_s,
        "scoring_interval_s": SCORING_INTERVAL_S,
        "retrieval_ms": latency,
        "memory_states": {
            state: sum(1 for r in memory_rows if r.state == state)
            for state in ("active", "consolidated", "removed")
        },
        "memory_total": memory_total,
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


async def _retrieval_latency(rt: Any, persona: PersonaSpec) -> dict[str, float]:
    """p50 / p99 milliseconds of one retrieval (catch-up and scan) on this persona's real
    memory, over its held-out questions' vectors.
    """
    import numpy as np

    row = await rt.get_persona(persona.name)
    traits = [t.name for t in persona.traits]
    queries = []
    for _fact, question in persona.heldout():
        _trait, vector, everyday = await rt.answering._understand(row, question)
        queries.append((vector, everyday))
    times = []
    for _ in range(5):
        for vector, everyday in queries:
            started = time.perf_counter()
            await rt.recall(persona.name, traits, vector, everyday)
            times.append((time.perf_counter() - started) * 1000)
    return {"p50": float(np.percentile(times, 50)), "p99": float(np.percentile(times, 99)),
            "turns": rt.memory.size(persona.name)}  # fmt: skip


async def reask(persona: PersonaSpec) -> dict[str, Any]:
    """Ask a finished run's persona again, with this code's routing and serving, on the layers
    that run deployed (nothing is trained): to measure a routing or serving change alone.
    """
    from lifelong import Runtime

    home = OUT / persona.name
    async with Runtime.open(_config(home, 12, background=False)) as rt:
        after = await _ask(rt, persona, memory=False)
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
    for when in ("before", "base_memory", "after", "layer_memory"):
        out[when] = {
            k: sum(r[when][k] for r in results) / len(results)
            for k in ("recall", "contradicted", "voice", "general", "routing", "reminded",
                      "everyday_reminded")
        }  # fmt: skip
    return out


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
