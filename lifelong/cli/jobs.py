"""Training: ``train`` and the job queue (``jobs``: list, show, metrics and the admin verbs).

``sessions show`` / ``sessions metrics`` are the old names of ``jobs show`` / ``jobs metrics``
(a job was once also called a training session), kept hidden for one release.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Sequence
from typing import Any

import click

from lifelong.cli import output as out
from lifelong.cli.common import (
    JOB_STATUSES,
    _common,
    _echo_json,
    _fail,
    _job_json,
    _persona,
    _trait,
    _user,
    _with_runtime,
    cli,
)
from lifelong.errors import LifelongError
from lifelong.jobs import PRIORITIES, Job, JobStatus
from lifelong.learning.report.display import estimate
from lifelong.persona.traits import GENERAL
from lifelong.runtime.config import RuntimeConfig
from lifelong.runtime.runtime import Runtime


async def _approve_waiting(rt: Runtime, persona: str, trait: str, approve: bool) -> str | None:
    """A job of (persona, trait) waiting for budget approval: with ``approve`` it is approved
    and queued again (its id is returned); without, the caller is told to pass --yes.
    """
    job = await rt.open_job(persona, trait)
    if job is None or job.status != JobStatus.NEEDS_APPROVAL:
        return None
    if not approve:
        raise LifelongError(
            f"{persona}/{trait} job {job.id} needs approval ({job.error or 'over budget'}); "
            "re-run with --yes to approve going over budget"
        )
    await rt.approve_job(job.id, by=f"cli:{_user()}")
    return job.id


async def _run_in_foreground(rt: Runtime, job_id: str, show_bar: bool) -> dict[str, Any]:
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
        out.TrainingBar(out.console(stderr=True), f"training {job_id[:8]}")
        if show_bar
        else contextlib.nullcontext()
    )
    try:
        with bar_context as bar:

            def on_progress(event: Any) -> None:
                if bar is not None and event.job_id == job_id:
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
    job = await rt.get_job(job_id)
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
        job_id = await _approve_waiting(rt, persona, trait, yes)
        if job_id is None:
            job_id = await rt.queue_training(
                persona,
                trait,
                priority=priority,
                approved=yes,
                provider=provider,
                method=method,
            )
        base = {"job_id": job_id, "persona": persona, "trait": trait}
        if queue_only:
            return {**base, "status": "queued", "reason": "a job worker will run it"}
        ahead = await rt.jobs_ahead_of(job_id)
        if ahead:
            return {**base, "status": "queued",
                    "reason": f"{ahead} job(s) are ahead of it in the queue; left to the job "
                              "worker (see `lifelong jobs list`)"}  # fmt: skip
        outcome = await _run_in_foreground(rt, job_id, show_bar=not as_json)
        return {**base, **outcome}

    result = _with_runtime(config, work)
    status, reason = result["status"], result.get("reason")
    if as_json:
        _echo_json(result)
    elif status != "failed":
        version = f" v{result['version']}" if result.get("version") is not None else ""
        because = f": {reason}" if reason else ""
        click.echo(f"job {result['job_id']}: {status}{version}{because}")
        if result.get("evaluation"):
            click.echo(f"held-out NLL: {out.nll_text(result['evaluation'])}")
            click.echo(f"behaviour: {out.behaviour_text(result['evaluation'])}")
        if status == "needs_approval":
            click.echo(
                f"re-run with --yes to approve going over budget: lifelong train "
                f"--persona {persona} --trait {trait} --yes"
            )
    if status == "failed":
        _fail(f"job {result['job_id']} failed: {reason}")


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
        return await rt.list_jobs(persona, status=list(statuses) or None, limit=limit)  # type: ignore[return-value]

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


# -- one job --------------------------------------------------------------------------------


@cli.group("sessions", hidden=True)
def sessions_group() -> None:
    """Deprecated: the old name of ``lifelong jobs show`` / ``lifelong jobs metrics``."""


@jobs_group.command("show")
@click.argument("job_id")
@_common
def jobs_show_cmd(config: RuntimeConfig, as_json: bool, job_id: str) -> None:
    """A job: status, provider, reason, estimate, cost, decisions, error, timestamps."""

    async def work(rt: Runtime) -> dict[str, Any]:
        return (await rt.get_job(job_id)).as_dict()

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
                ("estimate", estimate(row["estimate"]) if row["estimate"] else None),
                ("cost", row["cost"]),
                ("params", params or None),
                ("error", row["error"]),
                ("worker", row["lease_owner"]),
                ("control", row["control"]),
                ("created", out.fmt_time(row["created_at"])),
                ("started", out.fmt_time(row["started_at"])),
                ("finished", out.fmt_time(row["finished_at"])),
            ],
            title=f"job {row['id']}",
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


@jobs_group.command("metrics")
@click.argument("job_id")
@click.option("--name", default="loss", show_default=True, help="Metric name.")
@click.option(
    "--points", type=click.IntRange(min=1), default=20, show_default=True,
    help="Show at most this many points (evenly spaced, the last always kept).",
)  # fmt: skip
@_common
def jobs_metrics_cmd(
    config: RuntimeConfig, as_json: bool, job_id: str, name: str, points: int
) -> None:
    """A job's metric series (loss by default) and its summary."""

    async def work(rt: Runtime) -> dict[str, Any]:
        metric = await rt.job_metric(job_id, name)
        series = metric["series"]
        return {
            "job_id": job_id,
            "name": name,
            "total_points": len(series),
            "points": [list(p) for p in _sample(series, points)],
            "summary": metric["summary"],
        }

    data = _with_runtime(config, work)
    if as_json:
        _echo_json(data)
        return
    if not data["total_points"]:
        click.echo(f"job {job_id} has no {name!r} points")
        return
    summary = data["summary"]
    console = out.console()
    console.print(
        out.cell(f"{name} of job {job_id} ({len(data['points'])} of "
                 f"{data['total_points']} points)")
    )  # fmt: skip
    console.print(out.table("step", name, rows=data["points"]))
    console.print(out.kv_table([(k, summary[k]) for k in ("min", "max", "mean", "last", "count")]))


# The old names: the same commands.
sessions_group.add_command(jobs_show_cmd, "show")
sessions_group.add_command(jobs_metrics_cmd, "metrics")


# -- layers ---------------------------------------------------------------------------------
