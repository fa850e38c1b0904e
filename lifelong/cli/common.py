"""What every command shares: the ``cli`` group, ``--home`` / ``--db`` / ``--config`` /
``--json``, one-line errors, running a coroutine against a runtime, JSON output.
"""

from __future__ import annotations

import asyncio
import functools
import getpass
import json
import logging
import sys
from collections.abc import Callable, Coroutine
from typing import Any

import click

from lifelong._hints import enter_surface
from lifelong._names import MERGED, validate_name
from lifelong.errors import LifelongError, NotFound
from lifelong.jobs import Job, JobStatus
from lifelong.persona.traits import GENERAL
from lifelong.runtime.config import RuntimeConfig
from lifelong.runtime.logs import redact, redacting_filter
from lifelong.runtime.runtime import Runtime

EXIT_FAILED = 1

JOB_STATUSES = tuple(str(s) for s in JobStatus)
JOB_FIELDS = ("id", "persona", "trait", "status", "priority", "provider", "created_at",
              "started_at", "finished_at", "cost", "error", "lease_owner", "control")  # fmt: skip


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
        logger, handler = logging.getLogger("lifelong"), _ErrorLines()
        logger.addHandler(handler)
        try:
            # A command is short-lived: no background scoring or trigger checks.
            config = RuntimeConfig.load(
                config_file, home=home, database_url=database_url, background=False
            )
            fn(config=config, as_json=as_json, **kwargs)
        except LifelongError as exc:
            _fail(str(exc))
        except OSError as exc:  # a report or demo folder that cannot be written ...
            _fail(redact(str(exc)))
        finally:
            logger.removeHandler(handler)

    return wrapper


class _ErrorLines(logging.Handler):
    """The runtime's log in a command: errors only, one line each, no traceback (the command
    prints its own result, so the runtime's warnings about what it just did are noise).
    """

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.addFilter(redacting_filter())

    def emit(self, record: logging.LogRecord) -> None:
        # Resolved at emit time: click's test runner swaps sys.stderr per invocation.
        click.echo(f"lifelong: {redact(record.getMessage())}", err=True)


def _fail(message: str) -> None:
    click.echo(f"error: {redact(message)}", err=True)
    sys.exit(EXIT_FAILED)


def _run(coro: Coroutine[Any, Any, Any]) -> Any:
    try:
        return asyncio.run(coro)
    except KeyboardInterrupt:
        # asyncio.run cancelled the work, and the runtime closed: a job this command ran is
        # back in the queue (see JobWorker.run). Say so, and how to carry on, not "Aborted!".
        click.echo(
            "interrupted. A training job this command was running is queued again from its "
            "last checkpoint (`lifelong jobs list` shows it); run the command again, "
            "`lifelong train`, or `lifelong worker` to carry on.",
            err=True,
        )
        raise click.exceptions.Exit(130) from None


def _with_runtime(
    config: RuntimeConfig, work: Callable[[Runtime], Coroutine[Any, Any, Any]]
) -> Any:
    """Open the runtime, run ``work(rt)``, close it; returns what ``work`` returned."""

    async def go() -> Any:
        rt = Runtime.open(config)
        try:
            await rt.start()  # an unreachable or unusable store is a StorageError
            return await work(rt)
        finally:
            await rt.close()

    return _run(go())


def _echo_json(data: Any) -> None:
    click.echo(redact(json.dumps(data, default=str)))


class _Version(click.ParamType):
    """A layer version: ``3`` or ``v3``."""

    name = "VERSION"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        text = str(value).strip()
        number = text[1:] if text[:1] in ("v", "V") else text
        if not number.isdigit() or int(number) < 1:
            self.fail(f"{value!r} is not a version (use 3 or v3)", param, ctx)
        return int(number)


VERSION = _Version()


async def _persona(rt: Runtime, name: str) -> Any:
    """The persona row; InvalidName / NotFound for a bad or unknown name."""
    return await rt.get_persona(name)


async def _trait(rt: Runtime, persona: str, trait: str) -> None:
    """Refuse a bad name, an unknown persona, and a trait the persona never declared."""
    row = await _persona(rt, persona)
    validate_name("trait", trait)
    if trait not in (GENERAL, MERGED) and trait not in row.traits:
        known = ", ".join(sorted(row.traits)) or "none"
        raise NotFound("trait", f"{persona}/{trait}", f"declared traits: {known}")


def _user() -> str:
    """Who is at the terminal, for the ``by`` of what the CLI changes (``cli:<user>``)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (a container's random uid) and no $USER
        return "unknown"


def _job_json(job: Job) -> dict[str, Any]:
    data = job.as_dict()
    return {key: data.get(key) for key in JOB_FIELDS}


# -- the group ------------------------------------------------------------------------------


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="lifelong")
def cli() -> None:
    """lifelong: personas that learn from their own conversations.

    Record conversations from your chat system, let the runtime score them and train per-trait
    LoRA layers, and manage the resulting genome from here.
    """
    # Errors name commands, not Python calls (until the command ends: a host running the
    # CLI in process, like a test, keeps its own words).
    click.get_current_context().call_on_close(enter_surface("cli"))
