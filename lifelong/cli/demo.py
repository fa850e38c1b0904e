"""``lifelong demo``: the whole loop on SmolLM2-135M-Instruct, on the CPU, in a few minutes.

A ship's cook persona ("marlow", traits ``cooking`` and ``sailing``) replays the bundled
conversations (with corrections and feedback), the scoring worker scores them, the threshold
trigger fires, a LoRA trains with a progress bar, the auto-test compares it with the base
model, v1 deploys, the same question is answered before and after, a rollback is performed
(and undone), and the report is written. Everything lives in the runtime home; running the
demo again continues from there instead of starting over.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from lifelong.cli.output import TrainingBar
from lifelong.errors import LifelongError
from lifelong.events import LifelongEvent, TrainingProgress
from lifelong.jobs import Job
from lifelong.persona.traits import Trait
from lifelong.runtime.config import RuntimeConfig
from lifelong.runtime.runtime import Runtime

__all__ = ["DEMO_PERSONA", "default_data_dir", "demo_config", "run_demo"]

DEMO_PERSONA = "marlow"
TRAITS = [
    Trait("cooking", "galley cooking: recipes, substitutions, techniques, food safety at sea"),
    Trait("sailing", "sailing: knots, weather, navigation basics and life aboard a ship"),
]
PROFILE = {
    "display_name": "Marlow",
    "description": "the cook of a tall ship, who answers the crew's questions",
}
# The demo trains with the default recipe (LocalPeftConfig): what it shows is what a new
# user gets. Shorter sequences only: the demo's turns are short. `[lifelong.training.local]`
# in the config still wins.
DEMO_TRAINING = {"providers": ["local"]}
DEMO_LOCAL = {"max_length": 256}


DEMO_TRIGGERS = {"threshold": 100, "min_quality": 0.55}
DEMO_EVALUATION = {"max_examples": 24, "samples": 1, "sample_tokens": 40}
# The trait the demo trains in the foreground; the other trait's job stays queued for the
# background worker (or `lifelong train`), which keeps the demo within a few minutes.
DEMO_TRAIT = "cooking"


def default_data_dir() -> Path:
    """``examples/data`` of the source tree this package runs from."""
    return Path(__file__).resolve().parents[2] / "examples" / "data"


def demo_config(config: RuntimeConfig) -> RuntimeConfig:
    """``config`` with the demo's training settings: local only, sized for a CPU."""
    local = {**DEMO_LOCAL, **config.training.local}
    training = config.training.model_copy(update={**DEMO_TRAINING, "local": local})
    triggers = config.triggers.model_copy(update=DEMO_TRIGGERS)
    evaluation = config.evaluation.model_copy(update=DEMO_EVALUATION)
    return config.model_copy(
        update={"training": training, "triggers": triggers, "evaluation": evaluation}
    )


async def run_demo(
    config: RuntimeConfig, data_dir: Path | None = None, console: Console | None = None
) -> dict[str, Any]:
    """Run (or continue) the demo; returns what happened, for ``--json`` and the tests."""
    console = console or Console()
    data_dir = data_dir or default_data_dir()
    conversations = data_dir / "demo_conversations.jsonl"
    questions_file = data_dir / "demo_questions.json"
    for path in (conversations, questions_file):
        if not path.is_file():
            raise LifelongError(
                f"{path} is missing; run the demo from a source checkout or pass --data "
                "with the folder holding demo_conversations.jsonl and demo_questions.json"
            )
    questions: list[str] = json.loads(questions_file.read_text())
    question, question_trait = questions[0], DEMO_TRAIT
    started = time.monotonic()
    summary: dict[str, Any] = {"home": str(config.home)}
    async with Runtime.open(config) as rt:
        marlow = await rt.persona(DEMO_PERSONA, traits=TRAITS, profile=PROFILE)
        step = _Steps(console)

        step("Replaying the bundled conversations")
        summary["recorded"] = await _replay(rt, marlow, conversations)
        total = await rt.count_interactions(DEMO_PERSONA)
        console.print(f"  {summary['recorded']} new turns recorded ({total} in the store)")

        step("Scoring (MiniLM relevance, corrections, feedback, degeneration)")
        summary["scored"] = await rt.score_pending()
        console.print(f"  {summary['scored']} turns scored")

        step("Checking the triggers")
        fired = await rt.check_triggers()
        for trigger in fired:
            kind = trigger.reason.get("trigger", "trigger")
            console.print(f"  {trigger.trait}: {kind} fired -> job {trigger.job_id}")
        if not fired:
            console.print("  nothing new to learn from (this home has run the demo before)")
        jobs = await rt.list_jobs(DEMO_PERSONA, status=["queued"])
        queued = [j for j in jobs if j.trait == DEMO_TRAIT]
        for job in jobs:
            if job.trait != DEMO_TRAIT:
                console.print(f"  {job.trait}: job {job.id} stays queued for the "
                              "background worker (or `lifelong train`)")  # fmt: skip

        before = None
        if queued:
            step(f"Before training, {DEMO_PERSONA} answers")
            before = await rt.generate(DEMO_PERSONA, [{"role": "user", "content": question}],
                                       traits=[], max_new_tokens=60)  # fmt: skip
            _answer(console, question, before.text, "base model")

        step("Training, auto-testing and deploying")
        summary["jobs"] = await _train(rt, console, queued)

        step(f"After training, {DEMO_PERSONA} answers")
        after = await rt.generate(DEMO_PERSONA, [{"role": "user", "content": question}],
                                  max_new_tokens=60)  # fmt: skip
        layer = ", ".join(f"{t} v{v}" for t, v in after.layers.items()) or "base model"
        _answer(console, question, after.text, layer)
        summary["answers"] = {
            "question": question,
            "before": before.text if before else None,
            "after": after.text,
            "after_layers": after.layers,
        }

        step("layers list")
        versions = await rt.layers.versions(DEMO_PERSONA)
        console.print(_layers_table(versions))
        summary["layers"] = [
            {"trait": v["trait"], "version": v["version"], "status": v["status"],
             "active": v["active"]} for v in versions
        ]  # fmt: skip

        active = [v for v in versions if v["active"] and v["trait"] == question_trait]
        if active:
            version = active[0]["version"]
            step(f"Rolling {question_trait} back, then forward again")
            now = await rt.layers.rollback(DEMO_PERSONA, question_trait, by="demo")
            console.print(f"  rollback: {question_trait} v{version} -> "
                          f"{'v' + str(now) if now else 'the base model'}")  # fmt: skip
            await rt.layers.activate(DEMO_PERSONA, question_trait, version, by="demo")
            console.print(f"  activate: {question_trait} v{version} serves again")
            summary["rollback"] = {"from": version, "to": now}

        step("Writing the report")
        ((html, data),) = await rt.write_reports(DEMO_PERSONA)
        summary["report"] = {"html": str(html), "json": str(data)}
        summary["seconds"] = round(time.monotonic() - started, 1)
        console.print()
        console.print(
            f"[bold]Done in {summary['seconds']} s.[/bold] Everything is in {config.home}:"
        )
        console.print(f"  report        {html}")
        console.print(f"  report data   {data}")
        console.print(f"  database      {rt.database_url}")
        console.print(f"  genome        {rt.artifacts.root}")
        console.print(f"  datasets      {config.home / 'datasets'}")
        console.print(f"  sessions      {config.home / 'sessions'}")
        console.print(f"Try: lifelong layers list --persona {DEMO_PERSONA} --home {config.home}")
    return summary


async def _replay(rt: Runtime, persona: Any, path: Path) -> int:
    """Record every turn with its conversation id and feedback; skip what is already there."""
    if await rt.count_interactions(DEMO_PERSONA) > 0:
        return 0
    recorded = 0
    lines = await asyncio.to_thread(path.read_text)
    for number, line in enumerate(lines.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            turn = json.loads(line)
            interaction = await persona.record(
                turn["messages"], trait=turn.get("trait"),
                metadata={"conversation_id": turn["conversation"]},
            )  # fmt: skip
        except (ValueError, KeyError) as exc:
            raise LifelongError(f"{path}: line {number}: {exc}") from None
        if turn.get("feedback"):
            await persona.feedback(interaction, **turn["feedback"])
        recorded += 1
    return recorded


async def _train(rt: Runtime, console: Console, queued: list[Job]) -> list[dict]:
    outcomes: list[dict[str, Any]] = []
    if not queued:
        console.print("  no queued jobs")
        return outcomes
    for job in queued:
        # One bar per job, fed by the TrainingProgress events of that job only.
        with TrainingBar(console, f"{job.trait:>8}") as bar:

            def on_progress(event: LifelongEvent, bar: TrainingBar = bar) -> None:
                bar.update(event.payload)

            unsubscribe = rt.subscribe(on_progress, kinds=[TrainingProgress])
            try:
                outcome = await rt.run_job(job.id)
                if outcome is not None:
                    outcomes.append(outcome)
            finally:
                unsubscribe()
    for outcome in outcomes:
        verdict = "[green]deployed[/green]" if outcome.get("deployed") else outcome["status"]
        console.print(f"  v{outcome.get('version', '?')} {verdict}: {outcome.get('reason')}")
    return [{k: v for k, v in o.items() if k != "evaluation"} for o in outcomes]


def _answer(console: Console, question: str, text: str, who: str) -> None:
    console.print(f"  [dim]Q:[/dim] {question}")
    console.print(f"  [dim]A ({who}):[/dim] {text.strip()}")


def _layers_table(versions: Sequence[Mapping[str, Any]]) -> Table:
    table = Table("trait", "version", "status", "active", "held-out NLL (base -> layer)", "gate")
    for v in versions:
        evaluation = v["evaluation"] or {}
        heldout = evaluation.get("heldout") or {}
        base = (heldout.get("base") or {}).get("nll")
        cand = (heldout.get("candidate") or {}).get("nll")
        nll = f"{base:.3f} -> {cand:.3f}" if base is not None and cand is not None else "-"
        table.add_row(
            v["trait"], f"v{v['version']}", v["status"], "*" if v["active"] else "", nll,
            (evaluation.get("gate") or {}).get("reason", "-"),
        )  # fmt: skip
    return table


class _Steps:
    def __init__(self, console: Console) -> None:
        self.console = console
        self.number = 0

    def __call__(self, title: str) -> None:
        self.number += 1
        self.console.print(f"\n[bold cyan]{self.number}. {title}[/bold cyan]")
