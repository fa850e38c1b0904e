"""The ``lifelong`` command line. Every command takes ``--home`` / ``--db`` / ``--config`` and
``--json``; bad input exits non-zero with one readable line per problem on stderr.
"""

from __future__ import annotations

import asyncio
import functools
import json
import sys
from collections.abc import Callable, Coroutine
from typing import Any

import click

from lifelong.errors import ImportFailed, LifelongError
from lifelong.runtime.config import RuntimeConfig
from lifelong.runtime.logs import redact
from lifelong.runtime.runtime import Runtime

EXIT_FAILED = 1


def _common(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Adds --home, --db, --config and --json to a command and turns errors into one line."""

    @click.option("--home", type=click.Path(file_okay=False), help="Runtime home folder.")
    @click.option("--db", "database_url", help="SQLAlchemy async database URL.")
    @click.option("--config", "config_file", type=click.Path(dir_okay=False), help="TOML file.")
    @click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")
    @functools.wraps(fn)
    def wrapper(
        home: str | None,
        database_url: str | None,
        config_file: str | None,
        as_json: bool,
        **kwargs: Any,
    ) -> None:
        try:
            # A command is short-lived: no background scoring or trigger checks.
            config = RuntimeConfig.load(
                config_file, home=home, database_url=database_url, background=False
            )
            fn(config=config, as_json=as_json, **kwargs)
        except LifelongError as exc:
            _fail(str(exc))

    return wrapper


def _fail(message: str) -> None:
    click.echo(f"error: {redact(message)}", err=True)
    sys.exit(EXIT_FAILED)


def _run(coro: Coroutine[Any, Any, Any]) -> Any:
    return asyncio.run(coro)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="lifelong")
def cli() -> None:
    """lifelong: personas that learn from their own conversations.

    Record conversations from your chat system, let the runtime score them and train per-trait
    LoRA layers, and manage the resulting genome from here.
    """


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

    async def go() -> Any:
        async with Runtime.open(config) as rt:
            return await rt.import_jsonl(file, persona=persona, skip_invalid=skip_invalid)

    try:
        report = _run(go())
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

    async def go() -> list[dict[str, Any]]:
        async with Runtime.open(config) as rt:
            rows = []
            for p in await rt.personas_repo.list():
                rows.append(
                    {
                        "name": p.name,
                        "traits": p.traits,
                        "interactions": await rt.interactions.count(p.name),
                        "unused": await rt.interactions.count(p.name, used=False),
                    }
                )
            return rows

    rows = _run(go())
    if as_json:
        click.echo(json.dumps(rows))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("persona", "traits", "interactions", "unused")
    for row in rows:
        table.add_row(
            row["name"],
            ", ".join(row["traits"]) or "-",
            str(row["interactions"]),
            str(row["unused"]),
        )
    Console().print(table)


def main() -> None:
    cli(prog_name="lifelong")
