"""``report`` and ``demo``."""

from __future__ import annotations

from pathlib import Path

import click

from lifelong.cli.common import (
    _common,
    _echo_json,
    _run,
    _with_runtime,
    cli,
)
from lifelong.runtime.config import RuntimeConfig
from lifelong.runtime.runtime import Runtime


@cli.command("report")
@click.option("--persona", help="Only this persona (default: every persona).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), help="Output folder.")
@_common
def report_cmd(
    config: RuntimeConfig, as_json: bool, persona: str | None, out_dir: str | None
) -> None:
    """Write the HTML + JSON report (default folder: <home>/reports)."""

    async def work(rt: Runtime) -> list[tuple[Path, Path]]:
        return await rt.write_reports(persona, Path(out_dir) if out_dir else None)

    written = _with_runtime(config, work)
    if as_json:
        _echo_json([{"html": str(h), "json": str(j)} for h, j in written])
        return
    for html_path, json_path in written:
        click.echo(f"{html_path}\n{json_path}")
    if not written:
        click.echo("no personas yet: nothing to report")


@cli.command("demo")
@click.option(
    "--data",
    type=click.Path(file_okay=False),
    help="Folder with demo_conversations.jsonl and demo_questions.json (default: examples/data).",
)
@_common
def demo_cmd(config: RuntimeConfig, as_json: bool, data: str | None) -> None:
    """The whole loop on SmolLM2-135M, on the CPU: replay a persona's conversations, score,
    trigger, train with a progress bar, auto-test, deploy, answer before and after, roll back
    and forward, write the report. Running it again continues from its state.
    """
    from rich.console import Console

    from lifelong.cli.demo import demo_config, run_demo

    summary = _run(
        run_demo(
            demo_config(config),
            Path(data) if data else None,
            console=Console(stderr=as_json, highlight=False),
        )
    )
    if as_json:
        _echo_json(summary)
