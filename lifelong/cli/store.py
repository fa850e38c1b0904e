"""Import, personas, status and interactions: what the store holds."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import click

from lifelong.cli import output as out
from lifelong.cli.common import (
    _common,
    _echo_json,
    _fail,
    _with_runtime,
    cli,
)
from lifelong.errors import ImportFailed
from lifelong.runtime.config import RuntimeConfig
from lifelong.runtime.runtime import Runtime


@cli.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--persona", required=True, help="Persona to import into (created if new).")
@click.option(
    "--skip-invalid",
    is_flag=True,
    help="Import the good lines and report the bad ones (default: all or nothing).",
)
@_common
def import_cmd(
    config: RuntimeConfig, as_json: bool, file: str, persona: str, skip_invalid: bool
) -> None:
    """Import conversations from a JSONL FILE.

    Each line is {"messages": [...]} (OpenAI chat format) or {"prompt": ..., "response": ...},
    optionally with "trait" and "metadata". Duplicates (same conversation) are counted, not
    stored twice. Exit status is 1 if anything was refused.
    """

    async def work(rt: Runtime) -> Any:
        return await rt.import_jsonl(file, persona=persona, skip_invalid=skip_invalid)

    report: Any
    try:
        report = _with_runtime(config, work)
    except ImportFailed as exc:
        report = exc.report
        if as_json:
            click.echo(json.dumps(report.to_json()))
        for line in report.problem_lines():
            click.echo(line, err=True)
        _fail(str(exc))
        return
    if as_json:
        click.echo(json.dumps(report.to_json()))
    else:
        click.echo(
            f"imported {report.imported}, duplicates {report.duplicates}, "
            f"invalid {report.invalid} into persona {persona!r}"
        )
    for line in report.problem_lines():
        click.echo(line, err=True)


@cli.command("personas")
@_common
def personas_cmd(config: RuntimeConfig, as_json: bool) -> None:
    """List personas with their traits and interaction counts."""

    async def work(rt: Runtime) -> list[dict[str, Any]]:
        rows = []
        for p in await rt.list_personas():
            rows.append(
                {
                    "name": p.name,
                    "traits": p.traits,
                    "interactions": await rt.count_interactions(p.name),
                    "unused": await rt.count_interactions(p.name, used=False),
                }
            )
        return rows

    rows = _with_runtime(config, work)
    if as_json:
        click.echo(json.dumps(rows))
        return
    out.console().print(
        out.table(
            "persona", "traits", "interactions", "unused",
            rows=[(r["name"], ", ".join(r["traits"]) or "-", r["interactions"], r["unused"])
                  for r in rows],
        )
    )  # fmt: skip


# -- status ---------------------------------------------------------------------------------


@cli.command("status")
@_common
def status_cmd(config: RuntimeConfig, as_json: bool) -> None:
    """One screen: database, personas, interactions, jobs, active layers, cache, alerts."""

    async def work(rt: Runtime) -> dict[str, Any]:
        return await rt.status()

    data = _with_runtime(config, work)
    if as_json:
        _echo_json(data)
        return
    counts, cache = data["interactions"], data["adapter_cache"]
    jobs = ", ".join(f"{status} {n}" for status, n in data["jobs"].items()) or "none"
    console = out.console()
    console.print(
        out.kv_table(
            [
                ("database", data["database"]),
                ("home", data["home"]),
                ("personas", data["personas"]),
                ("interactions", f"{counts['total']} total, {counts['scored']} scored, "
                                 f"{counts['unused']} unused"),
                ("jobs", jobs),
                ("active layers", data["active_layers"]),
                ("adapter cache", f"{cache['entries']} loaded, "
                                  f"{out.fmt_bytes(cache['bytes_used'])} of "
                                  f"{out.fmt_bytes(cache['budget_bytes'])}, "
                                  f"{cache['hits']} hits / {cache['misses']} misses "
                                  "(this process)"),
            ],
            title="lifelong status",
        )
    )  # fmt: skip
    if data["alerts"]:
        console.print(
            out.table(
                "time", "kind", "persona/trait", "severity", "detail", title="latest alerts",
                rows=[(out.fmt_time(a["ts"]), a["kind"],
                       f"{a['persona'] or '-'}/{a['trait'] or '-'}", a["severity"],
                       a["payload"] or "") for a in data["alerts"]],
            )
        )  # fmt: skip
    else:
        console.print("no alerts")


# -- interactions ---------------------------------------------------------------------------


@cli.command("interactions")
@click.option("--persona", required=True, help="Persona whose interactions to list.")
@click.option("--trait", help="Only this trait.")
@click.option("--used/--unused", default=None, help="Only interactions trained on (or not).")
@click.option("--source", type=click.Choice(["record", "import"]), help="Only this source.")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@click.option("--offset", type=click.IntRange(min=0), default=0, show_default=True)
@_common
def interactions_cmd(
    config: RuntimeConfig,
    as_json: bool,
    persona: str,
    trait: str | None,
    used: bool | None,
    source: str | None,
    limit: int,
    offset: int,
) -> None:
    """List a persona's interactions, newest first."""

    async def work(rt: Runtime) -> list[Any]:
        return await rt.list_interactions(
            persona, trait=trait, used=used, source=source, limit=limit, offset=offset
        )

    rows = _with_runtime(config, work)
    if as_json:
        _echo_json([dataclasses.asdict(r) for r in rows])
        return

    def first_user(messages: list[dict[str, Any]]) -> str:
        text = next((m["content"] for m in messages if m.get("role") == "user"), "")
        text = " ".join(str(text).split())
        return text[:60] + ("..." if len(text) > 60 else "")

    out.console().print(
        out.table(
            "id", "created", "trait", "quality", "used", "user message",
            rows=[(r.id, out.fmt_time(r.created_at), r.trait, r.quality, r.used,
                   first_user(r.messages)) for r in rows],
        )
    )  # fmt: skip
    if not rows:
        click.echo("no interactions match")


# -- train ----------------------------------------------------------------------------------
