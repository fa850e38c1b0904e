"""Scale-out on PostgreSQL: two ``lifelong worker`` processes with homes of their own share one
database and one place for artifacts: a ``shared_dir``, or an S3 ``artifact_store`` (moto's
server on 127.0.0.1; each home is then only a cache). Every job is trained exactly once; one
worker is killed with -9 mid-job, and the other takes that job over once its lease expires and
finishes it from the last checkpoint the dead one left in the shared folder (or uploaded to the
bucket). One schedule leader at a time.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import pytest

from lifelong import Runtime, RuntimeConfig, Trait
from tests.conftest import POSTGRES_URL
from tests.helpers import record_scored
from tests.s3_server import running_s3

pytestmark = [
    pytest.mark.reliability,
    pytest.mark.postgres,
    pytest.mark.skipif(
        not POSTGRES_URL,
        reason="PostgreSQL: set LIFELONG_TEST_POSTGRES_URL=postgresql+asyncpg://... "
        "(.ci/run starts a server and sets it)",
    ),
]

STEPS = 30


@pytest.fixture
async def database() -> AsyncIterator[str]:
    import asyncpg
    from sqlalchemy.engine import make_url

    assert POSTGRES_URL is not None
    admin = make_url(POSTGRES_URL)
    name = f"lifelong_workers_{uuid.uuid4().hex[:12]}"
    dsn = admin.set(drivername="postgresql").render_as_string(hide_password=False)
    conn = await asyncpg.connect(dsn)
    await conn.execute(f'CREATE DATABASE "{name}"')
    await conn.close()
    yield admin.set(database=name).render_as_string(hide_password=False)
    conn = await asyncpg.connect(dsn)
    await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await conn.close()


def _toml(path: Path, artifacts: str, tiny: Path) -> Path:
    path.write_text(
        f"""
{artifacts}
leader_lease_s = 3.0
[jobs]
workers = 1
lease_s = 2.0
poll_s = 0.2
[scoring]
interval_s = 3600
[triggers]
interval_s = 3600
[training]
providers = ["local"]
base_model = "{tiny}"
[training.local]
max_steps = {STEPS}
save_steps = 5
replay_ratio = 0.0
learning_rate = 0.05
batch_size = 2
"""
    )
    return path


async def _queue(url: str, home: Path, traits: list[str]) -> list[str]:
    config = RuntimeConfig(home=home, database_url=url, background=False)
    async with Runtime.open(config) as rt:
        ada = await rt.persona("ada", traits=[Trait(t, f"topic {t}") for t in traits])
        ids = []
        for t in traits:
            pairs = [(f"{t}: what is {i} plus {i}?", f"{i} plus {i} is {2 * i}.")
                     for i in range(16)]  # fmt: skip
            await record_scored(rt, ada, pairs, t)
            ids.append(await rt.queue_training("ada", t))
        return ids


async def _jobs(url: str, home: Path) -> dict[str, object]:
    config = RuntimeConfig(home=home, database_url=url, background=False)
    async with Runtime.open(config) as rt:
        return {j.id: j for j in await rt.list_jobs("ada")}


async def _facts(url: str, home: Path) -> dict[str, object]:
    config = RuntimeConfig(home=home, database_url=url, background=False)
    async with Runtime.open(config) as rt:
        versions = await rt.layers.versions("ada")
        events = await rt.list_events("ada", limit=10_000)
        leader = await rt.store.leases.holder("schedules")
    return {"versions": versions, "events": events, "leader": leader}


def _complete_steps(folder: Path) -> list[int]:
    return sorted(
        int(p.name.split("-")[1]) for p in folder.glob("checkpoint-*") if (p / "COMPLETE").exists()
    )


@pytest.fixture(params=["shared_dir", "s3"])
def artifacts(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[tuple[str, int, Callable[[str], list[int]]]]:
    """(the TOML lines, the number of jobs, the complete checkpoint steps a job has where
    every worker can read them).
    """
    if request.param == "shared_dir":
        shared = tmp_path / "shared"
        yield (
            f'shared_dir = "{shared}"',
            4,
            lambda job: _complete_steps(shared / "sessions" / job / "local" / "checkpoints"),
        )
        return
    # Two jobs are enough here: the S3 path of the takeover is what this run adds.
    with running_s3(request.getfixturevalue("monkeypatch")) as s3:

        def uploaded(job: str) -> list[int]:
            prefix = f"lifelong/sessions/{job}/local/checkpoints/"
            listed = s3.client().list_objects_v2(Bucket=s3.bucket, Prefix=prefix)
            return sorted(
                int(o["Key"][len(prefix) :].split("/")[0].split("-")[1])
                for o in listed.get("Contents", [])
                if o["Key"].endswith("/.tree.json")
            )

        yield (f'artifact_store = "{s3.url()}"\n'
               f'artifact_store_endpoint_url = "{s3.endpoint}"', 2, uploaded)  # fmt: skip


def test_two_workers_share_the_queue_and_one_takes_over_a_killed_ones_job(
    tmp_path: Path,
    tiny_model_dir: Path,
    database: str,
    artifacts: tuple[str, int, Callable[[str], list[int]]],
) -> None:
    lines, jobs_count, complete_steps = artifacts
    config = _toml(tmp_path / "worker.toml", lines, tiny_model_dir)
    traits = [f"t{i}" for i in range(jobs_count)]
    ids = asyncio.run(_queue(database, tmp_path / "chat", traits))
    logs = {name: (tmp_path / f"{name}.out", tmp_path / f"{name}.err") for name in ("w1", "w2")}
    command = [sys.executable, "-m", "lifelong", "worker", "--db", database, "--config",
               str(config), "--json", "--refresh", "0.5"]  # fmt: skip
    workers = {
        name: subprocess.Popen(
            [*command, "--home", str(tmp_path / name)],
            stdout=logs[name][0].open("w"),
            stderr=logs[name][1].open("w"),
            text=True,
        )
        for name in logs
    }
    try:
        # Kill whichever worker holds a job that has checkpointed past step 10.
        deadline, victim, job_id, killed_at = time.monotonic() + 240, None, None, 0
        while victim is None and time.monotonic() < deadline:
            for job in asyncio.run(_jobs(database, tmp_path / "chat")).values():
                steps = complete_steps(job.id)
                if job.status == "running" and job.lease_owner and any(s >= 10 for s in steps):
                    pid = int(job.lease_owner.split(":")[1])
                    victim = next(n for n, p in workers.items() if p.pid == pid)
                    job_id, killed_at = job.id, max(steps)
                    os.kill(pid, signal.SIGKILL)
                    break
            time.sleep(0.2)
        assert victim is not None, "no job checkpointed in time"
        workers[victim].wait(30)
        name = "w2" if victim == "w1" else "w1"
        survivor = workers[name]

        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            jobs = asyncio.run(_jobs(database, tmp_path / "chat"))
            if all(j.status in ("deployed", "rejected", "failed") for j in jobs.values()):
                break
            assert survivor.poll() is None, (
                survivor.stderr.read()[-2000:] if survivor.stderr else ""
            )
            time.sleep(0.5)
        jobs = asyncio.run(_jobs(database, tmp_path / "chat"))
        assert {j.status for j in jobs.values()} <= {"deployed", "rejected"}, {
            j.id: (j.status, j.error) for j in jobs.values()
        }
        survivor.send_signal(signal.SIGTERM)  # a clean stop: exit 0, the lease released
        assert survivor.wait(60) == 0, logs[name][1].read_text()[-2000:]
        assert '"stopped"' in logs[name][0].read_text().splitlines()[-1]
    finally:
        for process in workers.values():
            if process.poll() is None:
                process.kill()
                process.wait()

    facts = asyncio.run(_facts(database, tmp_path / "chat"))
    by_job: dict[str, list[dict]] = {}
    for version in facts["versions"]:
        by_job.setdefault(version["job_id"], []).append(version)
    assert sorted(by_job) == sorted(ids) and all(len(v) == 1 for v in by_job.values())
    completed = [e["job_id"] for e in facts["events"] if e["kind"] == "TrainingCompleted"]
    assert sorted(completed) == sorted(ids)  # each job trained to the end exactly once
    (taken_over,) = by_job[job_id]
    assert taken_over["manifest"]["steps"] == STEPS
    # Resumed from the dead worker's checkpoint in the shared folder (or the bucket), not from
    # step 0.
    assert taken_over["manifest"]["resumed_from_step"] >= killed_at - 5 > 0
    assert facts["leader"] is None  # the survivor gave the schedule lease up on SIGTERM
