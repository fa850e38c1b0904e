"""Memory: ``memory list / remove / pin``: what a persona is reminded of when it answers."""

from __future__ import annotations

from typing import Any

import click

from lifelong.cli import output as out
from lifelong.cli.common import _common, _echo_json, _user, _with_runtime, cli
from lifelong.runtime.config import RuntimeConfig
from lifelong.runtime.memory import MEMORY_STATES
from lifelong.runtime.runtime import Runtime


@cli.group("memory")
def memory_group() -> None:
    """A persona's memory: the recorded good turns it is reminded of when it answers, before
    (and until) a layer says them on its own.
    """


@memory_group.command("list")
@click.argument("persona")
@click.option("--trait", help="Only this trait's turns.")
@click.option("--state", type=click.Choice(MEMORY_STATES), help="Only turns in this state.")
@click.option("--limit", type=click.IntRange(1, 1000), default=50, show_default=True)
@click.option("--offset", type=click.IntRange(0), default=0, show_default=True)
@_common
def memory_list(
    config: RuntimeConfig,
    as_json: bool,
    persona: str,
    trait: str | None,
    state: str | None,
    limit: int,
    offset: int,
) -> None:
    """PERSONA's memory, pinned first then newest: prompt, reply, state and why, uses."""

    async def work(rt: Runtime) -> Any:
        return await rt.list_memory(persona, trait=trait, state=state, limit=limit,
                                    offset=offset)  # fmt: skip

    rows, total = _with_runtime(config, work)
    if as_json:
        _echo_json({"items": [r.as_dict() for r in rows], "total": total, "limit": limit,
                    "offset": offset})  # fmt: skip
        return
    shown = f"{len(rows)} of {total}" if total > len(rows) else str(total)
    out.console().print(out.table(
        "id", "trait", "state", "pinned", "uses", "prompt", "reply", "why",
        title=f"{persona}'s memory ({shown})",
        rows=[(r.id, r.trait, r.state, "yes" if r.pinned else "", r.uses, _cut(r.prompt),
               _cut(r.reply), r.reason or "") for r in rows],
    ))  # fmt: skip


@memory_group.command("remove")
@click.argument("persona")
@click.argument("memory_id")
@_common
def memory_remove(config: RuntimeConfig, as_json: bool, persona: str, memory_id: str) -> None:
    """Take MEMORY_ID out of PERSONA's memory (the turn stays recorded and trainable)."""

    async def work(rt: Runtime) -> None:
        await rt.remove_memory(persona, memory_id, by=f"cli:{_user()}")

    _with_runtime(config, work)
    if as_json:
        _echo_json({"persona": persona, "id": memory_id, "state": "removed"})
    else:
        click.echo(f"{persona}: memory turn {memory_id} removed")


@memory_group.command("pin")
@click.argument("persona")
@click.argument("memory_id")
@click.option("--unpin", is_flag=True, help="Unpin it (the budget and consolidation apply).")
@_common
def memory_pin(
    config: RuntimeConfig, as_json: bool, persona: str, memory_id: str, unpin: bool
) -> None:
    """Pin MEMORY_ID: served whatever the budget, consolidation and feedback say."""

    async def work(rt: Runtime) -> None:
        await rt.pin_memory(persona, memory_id, pinned=not unpin)

    _with_runtime(config, work)
    if as_json:
        _echo_json({"persona": persona, "id": memory_id, "pinned": not unpin})
    else:
        click.echo(f"{persona}: memory turn {memory_id} {'unpinned' if unpin else 'pinned'}")


def _cut(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
