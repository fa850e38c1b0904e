"""The ``lifelong`` command line. Every command takes ``--home`` / ``--db`` / ``--config`` and
``--json``; bad input exits non-zero with one readable line per problem on stderr.

Human output is rich tables (see :mod:`lifelong.runtime.cli_output`); ``--json`` prints one
JSON document on stdout and nothing else there.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import functools
import getpass
import json
import logging
import signal
import sys
from collections.abc import Callable, Coroutine, Sequence
from pathlib import Path
from typing import Any

import click

from lifelong._names import MERGED, validate_name
from lifelong.errors import ImportFailed, LifelongError, NotFound
from lifelong.persona.traits import GENERAL
from lifelong.runtime import cli_output as out
from lifelong.runtime.config import RuntimeConfig
from lifelong.runtime.logs import redact, redacting_filter
from lifelong.runtime.runtime import Runtime
from lifelong.storage.repos.jobs import PRIORITIES, Job, JobStatus

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
    return asyncio.run(coro)


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
    row = await rt.personas_repo.get(validate_name("persona", name))
    if row is None:
        raise NotFound("persona", name, "list them with `lifelong personas`")
    return row


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
        from lifelong.storage import ScoringRepo

        personas = await rt.personas_repo.list()
        total = await rt.interactions.count()
        active = 0
        for p in personas:
            active += len(await rt.layers.active(p.name))
        return {
            "database": rt.db.display_url,
            "home": str(rt.config.home),
            "personas": len(personas),
            "interactions": {
                "total": total,
                "scored": total - await ScoringRepo(rt.db).unscored_count(),
                "unused": await rt.interactions.count(used=False),
            },
            "jobs": await rt.jobs_repo.counts(),
            "active_layers": active,
            "adapter_cache": rt.cache.stats().as_dict(),
            "alerts": await rt.events.list(alerts_only=True, limit=5),
        }

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
        if trait is not None:
            await _trait(rt, persona, trait)
        else:
            await _persona(rt, persona)
        return await rt.interactions.list(
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


async def _approve_waiting(rt: Runtime, persona: str, trait: str, approve: bool) -> str | None:
    """A job of (persona, trait) waiting for budget approval: with ``approve`` it is approved
    and queued again (its id is returned); without, the caller is told to pass --yes.
    """
    job = await rt.jobs_repo.open_job(persona, trait)
    if job is None or job.status != JobStatus.NEEDS_APPROVAL:
        return None
    if not approve:
        raise LifelongError(
            f"{persona}/{trait} job {job.id} needs approval ({job.error or 'over budget'}); "
            "re-run with --yes to approve going over budget"
        )
    await rt.approve_job(job.id, by=f"cli:{_user()}")
    return job.id


async def _run_in_foreground(rt: Runtime, session_id: str, show_bar: bool) -> dict[str, Any]:
    """Run the queue's next job (ours) here with a progress bar; Ctrl-C stops it at a
    checkpoint and puts it back in the queue.
    """
    loop = asyncio.get_running_loop()
    stopping: list[asyncio.Task[Any]] = []

    def on_sigint() -> None:
        if not stopping:
            stopping.append(asyncio.ensure_future(rt.jobs.close()))

    with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
        loop.add_signal_handler(signal.SIGINT, on_sigint)
    bar_context: Any = (
        out.TrainingBar(out.console(stderr=True), f"training {session_id[:8]}")
        if show_bar
        else contextlib.nullcontext()
    )
    try:
        with bar_context as bar:

            def on_progress(event: Any) -> None:
                if bar is not None and event.session_id == session_id:
                    bar.update(event.payload)

            unsubscribe = rt.subscribe(on_progress, kinds=["TrainingProgress"])
            try:
                outcomes = await rt.run_jobs(limit=1)
            finally:
                unsubscribe()
    finally:
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.remove_signal_handler(signal.SIGINT)
        if stopping:
            await stopping[0]
    job = await rt.get_job(session_id)
    taken_elsewhere = job.lease_owner not in (None, rt.jobs.owner)
    never_started = job.status == JobStatus.QUEUED and job.started_at is None
    if not outcomes or taken_elsewhere or never_started:
        # A worker of another process took it first (or another job was ahead after all).
        where = (
            f"worker {job.lease_owner} is running it" if job.lease_owner else "it is still queued"
        )
        return {"status": str(job.status), "reason": f"not run here: {where}"}
    outcome = dict(outcomes[0])
    if stopping and outcome.get("status") == "queued":
        outcome["reason"] = "interrupted: stopped at a checkpoint and queued again"
    return outcome


@cli.command("train")
@click.option("--persona", required=True, help="Persona to train.")
@click.option("--trait", default=GENERAL, show_default=True, help="Trait to train.")
@click.option(
    "--provider",
    help="Train with this provider only (local, openai, deepseek or one registered; it must "
    "be in training.providers).",
)
@click.option(
    "--priority", type=click.Choice(list(PRIORITIES)), default="normal", show_default=True
)
@click.option(
    "--method",
    type=click.Choice(["auto", "sft", "dpo", "kto"]),
    help="Train this way (default: training.method): auto picks from the trait's signals.",
)
@click.option("--yes", is_flag=True, help="Approve going over the training budget.")
@click.option("--queue-only", is_flag=True, help="Queue the job and return; a worker runs it.")
@_common
def train_cmd(
    config: RuntimeConfig,
    as_json: bool,
    persona: str,
    trait: str,
    provider: str | None,
    priority: str,
    method: str | None,
    yes: bool,
    queue_only: bool,
) -> None:
    """Queue a training job for (persona, trait) and run it here with a progress bar.

    Prints the outcome: deployed, rejected (the auto-test kept the active layer),
    needs_approval (over budget: re-run with --yes), or failed (exit status 1).
    """

    if provider is not None and provider not in config.training.providers:
        raise LifelongError(
            f"provider {provider!r} is not in training.providers "
            f"({', '.join(config.training.providers)}); add it in the config file"
        )

    async def work(rt: Runtime) -> dict[str, Any]:
        await _trait(rt, persona, trait)
        session_id = await _approve_waiting(rt, persona, trait, yes)
        if session_id is None:
            session_id = await rt.queue_training(
                persona,
                trait,
                priority=priority,
                approved=yes,
                provider=provider,
                method=method,
            )
        base = {"session_id": session_id, "persona": persona, "trait": trait}
        if queue_only:
            return {**base, "status": "queued", "reason": "a job worker will run it"}
        ahead = await rt.jobs_repo.ahead_of(session_id)
        if ahead:
            return {**base, "status": "queued",
                    "reason": f"{ahead} job(s) are ahead of it in the queue; left to the job "
                              "worker (see `lifelong jobs list`)"}  # fmt: skip
        outcome = await _run_in_foreground(rt, session_id, show_bar=not as_json)
        return {**base, **outcome}

    result = _with_runtime(config, work)
    status, reason = result["status"], result.get("reason")
    if as_json:
        _echo_json(result)
    elif status != "failed":
        version = f" v{result['version']}" if result.get("version") is not None else ""
        because = f": {reason}" if reason else ""
        click.echo(f"job {result['session_id']}: {status}{version}{because}")
        if result.get("evaluation"):
            click.echo(f"held-out NLL: {out.nll_text(result['evaluation'])}")
            click.echo(f"behaviour: {out.behaviour_text(result['evaluation'])}")
        if status == "needs_approval":
            click.echo(
                f"re-run with --yes to approve going over budget: lifelong train "
                f"--persona {persona} --trait {trait} --yes"
            )
    if status == "failed":
        _fail(f"job {result['session_id']} failed: {reason}")


# -- jobs -----------------------------------------------------------------------------------


@cli.group("jobs")
def jobs_group() -> None:
    """List training jobs and pause / resume / stop / skip / cancel them."""


@jobs_group.command("list")
@click.option("--persona", help="Only this persona's jobs.")
@click.option(
    "--status", "statuses", multiple=True, type=click.Choice(JOB_STATUSES),
    help="Only jobs in this status (repeatable).",
)  # fmt: skip
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True)
@_common
def jobs_list_cmd(
    config: RuntimeConfig,
    as_json: bool,
    persona: str | None,
    statuses: tuple[str, ...],
    limit: int,
) -> None:
    """Training jobs, newest first."""

    async def work(rt: Runtime) -> list[dict[str, Any]]:
        if persona is not None:
            await _persona(rt, persona)
        return await rt.list_jobs(persona, status=list(statuses) or None, limit=limit)

    rows = [_job_json(r) for r in _with_runtime(config, work)]
    if as_json:
        _echo_json(rows)
        return
    out.console().print(
        out.table(
            "id", "persona/trait", "status", "priority", "provider", "created", "finished",
            "cost", "note",
            rows=[(r["id"], f"{r['persona']}/{r['trait']}", r["status"], r["priority"],
                   r["provider"], out.fmt_time(r["created_at"]), out.fmt_time(r["finished_at"]),
                   r["cost"], _job_note(r)) for r in rows],
        )
    )  # fmt: skip
    if not rows:
        click.echo("no jobs match")


def _job_note(job: dict[str, Any]) -> str:
    if job.get("control"):
        return f"{job['control']} requested"
    if job.get("lease_owner"):
        return f"worker {job['lease_owner']}"
    return job.get("error") or ""


def _make_job_verb(verb: str, help_text: str) -> None:
    @jobs_group.command(verb, help=help_text)
    @click.argument("job_id")
    @_common
    def command(config: RuntimeConfig, as_json: bool, job_id: str) -> None:
        async def work(rt: Runtime) -> Job:
            return await rt.control_job(job_id, verb, by=f"cli:{_user()}")

        row = _job_json(_with_runtime(config, work))
        if as_json:
            _echo_json(row)
        elif row["control"]:
            click.echo(f"job {job_id}: {verb} requested; the worker acts at the next checkpoint")
        else:
            click.echo(f"job {job_id}: {row['status']}")


for _verb, _help in (
    ("pause", "Pause a job (a running one stops at its next checkpoint)."),
    ("resume", "Queue a paused job again; it carries on from its checkpoint."),
    ("stop", "End a job as stopped; its checkpoints stay on disk."),
    ("skip", "Send a job to the back of the queue (priority low)."),
    ("cancel", "End a job as cancelled; its checkpoints are deleted."),
    ("approve", "Let a job go over the training budget; one waiting for approval is queued."),
):
    _make_job_verb(_verb, _help)


# -- sessions -------------------------------------------------------------------------------


@cli.group("sessions")
def sessions_group() -> None:
    """Inspect training sessions (a job and its session share one id)."""


@sessions_group.command("show")
@click.argument("session_id")
@_common
def sessions_show_cmd(config: RuntimeConfig, as_json: bool, session_id: str) -> None:
    """A session: status, provider, reason, estimate, cost, decisions, error, timestamps."""

    async def work(rt: Runtime) -> dict[str, Any]:
        return (await rt.get_job(session_id)).as_dict()

    row = _with_runtime(config, work)
    if as_json:
        _echo_json(row)
        return
    params = {k: v for k, v in (row.get("params") or {}).items() if k != "result"}
    console = out.console()
    console.print(
        out.kv_table(
            [
                ("id", row["id"]),
                ("persona/trait", f"{row['persona']}/{row['trait']}"),
                ("status", row["status"]),
                ("priority", row["priority"]),
                ("reason", row["reason"]),
                ("provider", row["provider"]),
                ("dataset", row["dataset_hash"]),
                ("estimate", row["estimate"]),
                ("cost", row["cost"]),
                ("params", params or None),
                ("error", row["error"]),
                ("worker", row["lease_owner"]),
                ("control", row["control"]),
                ("created", out.fmt_time(row["created_at"])),
                ("started", out.fmt_time(row["started_at"])),
                ("finished", out.fmt_time(row["finished_at"])),
            ],
            title=f"session {row['id']}",
        )
    )
    decisions = row.get("decisions") or []
    if decisions:
        console.print(
            out.table(
                "provider", "action", "detail", title="decisions",
                rows=[(d.get("provider"), d.get("action"),
                       d.get("message") or {k: v for k, v in d.items()
                                            if k not in ("provider", "action")})
                      for d in decisions],
            )
        )  # fmt: skip


def _sample(points: Sequence[Any], n: int) -> list[Any]:
    """At most ``n`` evenly spaced points, always keeping the last (and the first if n > 1)."""
    if len(points) <= n:
        return list(points)
    if n == 1:
        return [points[-1]]
    last = len(points) - 1
    picked = sorted({round(i * last / (n - 1)) for i in range(n)})
    return [points[i] for i in picked]


@sessions_group.command("metrics")
@click.argument("session_id")
@click.option("--name", default="loss", show_default=True, help="Metric name.")
@click.option(
    "--points", type=click.IntRange(min=1), default=20, show_default=True,
    help="Show at most this many points (evenly spaced, the last always kept).",
)  # fmt: skip
@_common
def sessions_metrics_cmd(
    config: RuntimeConfig, as_json: bool, session_id: str, name: str, points: int
) -> None:
    """A session's metric series (loss by default) and its summary."""

    async def work(rt: Runtime) -> dict[str, Any]:
        await rt.get_job(session_id)
        series = await rt.metrics.series(session_id, name)
        return {
            "session_id": session_id,
            "name": name,
            "total_points": len(series),
            "points": [list(p) for p in _sample(series, points)],
            "summary": await rt.metrics.summary(session_id, name),
        }

    data = _with_runtime(config, work)
    if as_json:
        _echo_json(data)
        return
    if not data["total_points"]:
        click.echo(f"session {session_id} has no {name!r} points")
        return
    summary = data["summary"]
    console = out.console()
    console.print(
        out.cell(f"{name} of session {session_id} ({len(data['points'])} of "
                 f"{data['total_points']} points)")
    )  # fmt: skip
    console.print(out.table("step", name, rows=data["points"]))
    console.print(out.kv_table([(k, summary[k]) for k in ("min", "max", "mean", "last", "count")]))


# -- layers ---------------------------------------------------------------------------------


@cli.group("layers")
def layers_group() -> None:
    """The genome: layer versions per trait, which one is active, retention."""


@layers_group.command("list")
@click.option("--persona", required=True, help="Persona whose layers to list.")
@click.option("--trait", help="Only this trait.")
@_common
def layers_list_cmd(config: RuntimeConfig, as_json: bool, persona: str, trait: str | None) -> None:
    """Every version of the persona's layers; * marks the active one of each trait."""

    async def work(rt: Runtime) -> list[dict[str, Any]]:
        if trait is not None:
            await _trait(rt, persona, trait)
        else:
            await _persona(rt, persona)
        return await rt.layers.versions(persona, trait)

    rows = _with_runtime(config, work)
    for row in rows:
        row.pop("manifest", None)  # `layers show` has it
        row["active"] = bool(row["active"])
        row["pinned"] = bool(row["pinned"])
    if as_json:
        _echo_json(rows)
        return
    out.console().print(
        out.table(
            "", "trait", "version", "status", "kind", "provider", "size", "pinned", "created",
            "by", "gate",
            rows=[("*" if r["active"] else "", r["trait"], f"v{r['version']}", r["status"],
                   r["kind"], r["provider"], out.fmt_bytes(r["artifact_bytes"]),
                   r["pinned"], out.fmt_time(r["created_at"]), r["created_by"],
                   out.gate_text(r["evaluation"])) for r in rows],
        )
    )  # fmt: skip
    if not rows:
        click.echo(f"{persona} has no layers yet")


@layers_group.command("show")
@click.argument("persona")
@click.argument("trait")
@click.argument("version", type=VERSION)
@_common
def layers_show_cmd(
    config: RuntimeConfig, as_json: bool, persona: str, trait: str, version: int
) -> None:
    """One version in full: manifest, evaluation (held-out NLL, gate), artifact. The artifact
    is re-hashed: a corrupt or missing one is reported and the command exits 1.
    """

    async def work(rt: Runtime) -> dict[str, Any]:
        await _trait(rt, persona, trait)
        row = await rt.layers.get(persona, trait, version)
        row["artifact"] = await asyncio.to_thread(_check_artifact, rt, row)
        return row

    row = _with_runtime(config, work)
    row["active"] = bool(row["active"])
    row["pinned"] = bool(row["pinned"])
    check = row["artifact"]
    if as_json:
        _echo_json(row)
        if not check["ok"]:
            _fail(f"artifact {check['problem']}: {check['error']}")
        return
    evaluation = row.get("evaluation") or {}
    console = out.console()
    console.print(
        out.kv_table(
            [
                ("layer", f"{row['persona']}/{row['trait']} v{row['version']}"
                          + (" (active)" if row["active"] else "")),
                ("status", row["status"]),
                ("kind", row["kind"]),
                ("provider", row["provider"]),
                ("method", out.method_text(row.get("manifest"))),
                ("artifact", row["artifact_sha256"]),
                ("size", out.fmt_bytes(row["artifact_bytes"])),
                ("remote model", row["remote_model"]),
                ("parent", f"v{row['parent_version']}" if row["parent_version"] else "base"),
                ("pinned", row["pinned"]),
                ("session", row["session_id"]),
                ("created", f"{out.fmt_time(row['created_at'])} by {row['created_by']}"),
                ("last used", out.fmt_time(row.get("last_used_at"))),
                ("held-out NLL", out.nll_text(evaluation)),
                ("behaviour", out.behaviour_text(evaluation)),
                ("gate", out.gate_text(evaluation)),
            ],
            title="layer",
        )
    )  # fmt: skip
    console.print(out.kv_table([("manifest", out.cell(row["manifest"]))]))
    rest = {k: v for k, v in evaluation.items() if k not in ("gate", "heldout")}
    if rest:
        console.print(out.kv_table([("evaluation", out.cell(rest))]))
    if not check["ok"]:
        _fail(f"artifact {check['problem']}: {check['error']}")
    if check["path"] is not None:
        click.echo(f"artifact ok ({check['path']})")


def _check_artifact(rt: Runtime, row: dict[str, Any]) -> dict[str, Any]:
    """Re-hash the version's artifact the way loading it would (for a pruned version, the
    verified backup it would be restored from). ``ok`` is False, with the problem, when it
    would be refused.
    """
    from lifelong.genome.artifacts import ArtifactCorrupted, ArtifactMissing, digest

    sha = row["artifact_sha256"]
    if not sha:  # a remote model: nothing on disk
        return {"ok": True, "path": None, "problem": None, "error": None}
    try:
        if row["status"] == "pruned":  # retention moved it to the backup on purpose
            path = rt.artifacts.backups / sha
            if not path.is_dir():
                raise ArtifactMissing(
                    f"adapter artifact {sha[:16]}... of a pruned version has no backup in "
                    f"{rt.artifacts.backups}"
                )
            found, _ = digest(path)
            if found != sha:
                raise ArtifactCorrupted(sha, path, found)
        else:
            path = rt.layers.artifact_path(row)
    except ArtifactCorrupted as exc:
        return {"ok": False, "path": None, "problem": "corrupt", "error": str(exc)}
    except ArtifactMissing as exc:
        return {"ok": False, "path": None, "problem": "missing", "error": str(exc)}
    return {"ok": True, "path": str(path), "problem": None, "error": None}


@layers_group.command("activate")
@click.argument("persona")
@click.argument("trait")
@click.argument("version", type=VERSION)
@_common
def layers_activate_cmd(
    config: RuntimeConfig, as_json: bool, persona: str, trait: str, version: int
) -> None:
    """Make VERSION the active layer of (PERSONA, TRAIT)."""

    async def work(rt: Runtime) -> int | None:
        await _trait(rt, persona, trait)
        return await rt.layers.activate(persona, trait, version, by=f"cli:{_user()}")

    previous = _with_runtime(config, work)
    if as_json:
        _echo_json({"persona": persona, "trait": trait, "active": version, "previous": previous})
    else:
        before = f"v{previous}" if previous is not None else "base model"
        click.echo(f"{persona}/{trait}: {before} -> v{version} active")


@layers_group.command("rollback")
@click.argument("persona")
@click.argument("trait")
@click.option("--to", "to", type=VERSION, help="Version to go back to (default: the previous).")
@_common
def layers_rollback_cmd(
    config: RuntimeConfig, as_json: bool, persona: str, trait: str, to: int | None
) -> None:
    """Go back to the previous deployed version (or --to V); past v1 is the base model."""

    async def work(rt: Runtime) -> tuple[int | None, int | None]:
        await _trait(rt, persona, trait)
        versions = await rt.layers.versions(persona, trait)
        current = next((r["version"] for r in versions if r["active"]), None)
        return current, await rt.layers.rollback(persona, trait, to=to, by=f"cli:{_user()}")

    previous, now = _with_runtime(config, work)
    if as_json:
        _echo_json({"persona": persona, "trait": trait, "active": now, "previous": previous})
    else:
        after = f"v{now}" if now is not None else "the base model"
        click.echo(f"{persona}/{trait}: rolled back from v{previous} to {after}")


@layers_group.command("pin")
@click.argument("persona")
@click.argument("trait")
@click.argument("version", type=VERSION)
@click.option("--unpin", is_flag=True, help="Remove the pin instead.")
@_common
def layers_pin_cmd(
    config: RuntimeConfig, as_json: bool, persona: str, trait: str, version: int, unpin: bool
) -> None:
    """Pin VERSION: never pruned, its loaded layer never evicted (--unpin to undo)."""

    async def work(rt: Runtime) -> None:
        await _trait(rt, persona, trait)
        await rt.layers.pin(persona, trait, version, pinned=not unpin)

    _with_runtime(config, work)
    if as_json:
        _echo_json({"persona": persona, "trait": trait, "version": version, "pinned": not unpin})
    else:
        click.echo(f"{persona}/{trait} v{version}: {'unpinned' if unpin else 'pinned'}")


@layers_group.command("prune")
@click.option("--persona", required=True, help="Persona whose layers to prune.")
@click.option("--trait", help="Only this trait.")
@click.option(
    "--keep", type=int, help="Versions to keep per trait [default: genome.keep_versions]."
)
@_common
def layers_prune_cmd(
    config: RuntimeConfig, as_json: bool, persona: str, trait: str | None, keep: int | None
) -> None:
    """Keep the last K versions per trait (plus pinned and active ones); back up the rest."""
    keep = keep if keep is not None else config.genome.keep_versions

    async def work(rt: Runtime) -> Any:
        if trait is not None:
            await _trait(rt, persona, trait)
        else:
            await _persona(rt, persona)
        return await rt.layers.prune(persona, trait, keep=keep)

    result = _with_runtime(config, work)
    data = {
        "pruned": [{"trait": t, "version": v} for t, v in result.pruned],
        "kept": [{"trait": t, "version": v} for t, v in result.kept],
        "backed_up_bytes": result.backed_up_bytes,
    }
    if as_json:
        _echo_json(data)
        return
    names = ", ".join(f"{t}/v{v}" for t, v in result.pruned) or "nothing"
    click.echo(
        f"pruned {names}; kept {len(result.kept)} version(s); "
        f"{out.fmt_bytes(result.backed_up_bytes)} moved to the backup"
    )


@layers_group.command("merge")
@click.option("--persona", required=True, help="Persona whose active layers to merge.")
@_common
def layers_merge_cmd(config: RuntimeConfig, as_json: bool, persona: str) -> None:
    """Merge the persona's active layers into a base snapshot (trait merged-base); undo with
    `lifelong layers rollback PERSONA merged-base`.
    """

    async def work(rt: Runtime) -> dict[str, Any]:
        await _persona(rt, persona)
        version = await rt.merge_layers(persona, by=f"cli:{_user()}")
        row = await rt.layers.get(persona, MERGED, version)
        return {"persona": persona, "trait": MERGED, "version": version,
                "merged": row["manifest"]["merged"], "bytes": row["artifact_bytes"]}  # fmt: skip

    data = _with_runtime(config, work)
    if as_json:
        _echo_json(data)
    else:
        merged = ", ".join(f"{t} v{v}" for t, v in data["merged"].items())
        click.echo(
            f"{persona}/{MERGED} v{data['version']} active: {merged} merged into the base "
            f"({out.fmt_bytes(data['bytes'])}); roll back with "
            f"`lifelong layers rollback {persona} {MERGED}`"
        )


# -- reports --------------------------------------------------------------------------------


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

    from lifelong.runtime.demo import demo_config, run_demo

    summary = _run(
        run_demo(
            demo_config(config),
            Path(data) if data else None,
            console=Console(stderr=as_json, highlight=False),
        )
    )
    if as_json:
        _echo_json(summary)


def main() -> None:
    cli(prog_name="lifelong")
