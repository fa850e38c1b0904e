"""``lifelong worker``: the self-improvement loop as a long-running process of its own.

A chat process can then run with ``background = false`` (it records and serves), while one or
more workers, on this machine or others sharing the database (PostgreSQL for several machines)
and one place for artifacts (an ``artifact_store``: an S3-compatible bucket or a shared mount;
or a ``shared_dir`` used in place), score, check triggers, train, test, deploy, watch deployed
versions and write reports. One of them at a time is the schedule leader (triggers, reports,
the monitor); every one takes training jobs. SIGTERM or SIGINT stops it cleanly: running jobs
stop at a checkpoint and go back to the queue, the leader lease is released.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import signal
import sys
import time
from typing import Any

import click

from lifelong.cli import output as out
from lifelong.cli.common import _common, cli
from lifelong.events import LifelongEvent, TrainingProgress
from lifelong.runtime.config import RuntimeConfig
from lifelong.runtime.logs import redact
from lifelong.runtime.runtime import Runtime


@cli.command("worker")
@click.option(
    "--jobs", "workers", type=click.IntRange(min=0),
    help="Training jobs run at once by this worker (default: jobs.workers).",
)  # fmt: skip
@click.option(
    "--refresh", type=click.FloatRange(min=0.2), default=2.0, show_default=True,
    help="Seconds between status refreshes (the live view, or a JSON status line).",
)  # fmt: skip
@_common
def worker_cmd(config: RuntimeConfig, as_json: bool, workers: int | None, refresh: float) -> None:
    """Run scoring, triggers, training jobs, the post-deploy monitor and scheduled reports
    against --db until SIGTERM / SIGINT (then: checkpoint, requeue, exit 0).

    \b
    A chat process on one machine and training workers on others, sharing one
    database and one artifact store (layers, datasets, checkpoints):
      chat:    RuntimeConfig(database_url="postgresql+asyncpg://...",
                             artifact_store="s3://bucket/lifelong", background=False)
      workers: lifelong worker --db postgresql+asyncpg://... --config worker.toml
    \b
    worker.toml, [lifelong] section, either
        artifact_store = "s3://bucket/lifelong"   # credentials: AWS_* env, profile, role
        artifact_store_endpoint_url = "http://minio:9000"   # MinIO, R2 ... (optional)
    or  artifact_store = "file:///mnt/lifelong"   # a folder every machine mounts
    or  shared_dir = "/mnt/lifelong"              # that folder used in place, no cache

    With --json (or when stdout is not a terminal) it prints one JSON line per event and a
    status line every --refresh seconds; otherwise a live view.
    """
    update: dict[str, Any] = {"background": True}
    if workers is not None:
        update["jobs"] = config.jobs.model_copy(update={"workers": workers})
    config = config.model_copy(update=update)
    lines = as_json or not sys.stdout.isatty()
    asyncio.run(_serve(config, lines, refresh))


async def _serve(config: RuntimeConfig, lines: bool, refresh: float) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    rt = Runtime.open(config)
    await rt.start()
    recent: list[LifelongEvent] = []

    def seen(event: LifelongEvent) -> None:
        if lines and not isinstance(event, TrainingProgress):
            _line({"event": type(event).__name__, **event.as_dict()})
        recent.append(event)
        del recent[:-8]

    rt.subscribe(seen)
    try:
        if lines:
            _line({"worker": rt.owner, "database": rt.database_url, "started": time.time()})
            while not stop.is_set():
                _line({"status": await _status(rt)})
                await _wait(stop, refresh)
        else:
            from rich.live import Live

            with Live(console=out.console(), refresh_per_second=4) as live:
                while not stop.is_set():
                    live.update(_view(await _status(rt), recent))
                    await _wait(stop, refresh)
    finally:
        await rt.close()  # running jobs stop at a checkpoint and are queued again
    if lines:
        _line({"worker": rt.owner, "stopped": time.time()})


async def _wait(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)


async def _status(rt: Runtime) -> dict[str, Any]:
    running = await rt.list_jobs(status=["running"], limit=20)
    return {
        "worker": rt.owner,
        "leader": rt.is_leader,
        "jobs": (await rt.status())["jobs"],
        "running": [
            {
                "id": j.id,
                "persona": j.persona,
                "trait": j.trait,
                "held_by": j.lease_owner,
                "here": j.lease_owner == rt.owner,
            }
            for j in running
        ],
    }


def _line(data: dict[str, Any]) -> None:
    click.echo(redact(json.dumps(data, default=str)))


def _view(status: dict[str, Any], recent: list[LifelongEvent]) -> Any:
    from rich.console import Group

    jobs = ", ".join(f"{k} {v}" for k, v in status["jobs"].items()) or "none"
    head = out.kv_table(
        [("worker", status["worker"]),
         ("schedule leader", "yes" if status["leader"] else "no (another process is)"),
         ("jobs", jobs)],
        title="lifelong worker (Ctrl-C stops at a checkpoint)",
    )  # fmt: skip
    running = out.table(
        "job", "persona/trait", "held by",
        rows=[(j["id"], f"{j['persona']}/{j['trait']}", "this worker" if j["here"]
               else j["held_by"]) for j in status["running"]],
        title="running",
    )  # fmt: skip
    events = out.table(
        "time", "event", "persona/trait",
        rows=[(out.fmt_time(e.ts), type(e).__name__, f"{e.persona or '-'}/{e.trait or '-'}")
              for e in recent if not isinstance(e, TrainingProgress)],
        title="latest events",
    )  # fmt: skip
    return Group(head, running, events)
