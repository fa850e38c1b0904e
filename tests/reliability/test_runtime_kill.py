"""kill -9 a real runtime mid-training; the next start resumes the job from its last complete
checkpoint and finishes it, exactly once.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from lifelong import Runtime, RuntimeConfig, Trait
from tests.helpers import record_scored

pytestmark = pytest.mark.reliability

STEPS = 60

CHILD = textwrap.dedent(
    """
    import asyncio, json, sys
    from lifelong import Runtime, RuntimeConfig

    async def main(config_json):
        config = RuntimeConfig(**json.loads(config_json))
        async with Runtime.open(config) as rt:
            print("started", flush=True)
            while True:  # the background job worker does the work; we only watch
                jobs = await rt.list_jobs("ada")
                if jobs and jobs[0].status in ("deployed", "rejected", "failed"):
                    print("finished", jobs[0].status, flush=True)
                    return
                await asyncio.sleep(0.2)

    asyncio.run(main(sys.argv[1]))
    """
)


def _config(home: Path, tiny_model_dir: Path) -> dict:
    return {
        "home": str(home),
        "background": True,
        "jobs": {"workers": 1, "lease_s": 2.0, "poll_s": 0.2},
        "scoring": {"interval_s": 3600},
        "triggers": {"interval_s": 3600},
        "training": {
            "providers": ["local"],
            "base_model": str(tiny_model_dir),
            "local": {
                "max_steps": STEPS,
                "save_steps": 5,
                "replay_ratio": 0.0,
                "learning_rate": 5e-2,
                "batch_size": 2,
            },
        },
    }


async def _queue(home: Path) -> str:
    async with Runtime.open(RuntimeConfig(home=home, background=False)) as rt:
        ada = await rt.persona("ada", traits=[Trait("math", "adds numbers")])
        pairs = [(f"What is {i} plus {i}?", f"{i} plus {i} is {2 * i}.") for i in range(16)]
        await record_scored(rt, ada, pairs, "math")
        return await rt.queue_training("ada", "math")


def _complete_steps(folder: Path) -> list[int]:
    return sorted(
        int(p.name.split("-")[1]) for p in folder.glob("checkpoint-*") if (p / "COMPLETE").exists()
    )


def _sql(db: Path, query: str) -> list[tuple]:
    with sqlite3.connect(db, timeout=10) as conn:
        return conn.execute(query).fetchall()


def test_kill_9_mid_training_then_restart_resumes_and_finishes_once(
    tmp_path: Path, tiny_model_dir: Path
) -> None:
    home = tmp_path / "home"
    job_id = asyncio.run(_queue(home))
    script = tmp_path / "runtime_child.py"
    script.write_text(CHILD)
    config = json.dumps(_config(home, tiny_model_dir))
    checkpoints = home / "sessions" / job_id / "local" / "checkpoints"

    first = subprocess.Popen([sys.executable, str(script), config], stdout=subprocess.PIPE,
                             text=True)  # fmt: skip
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and not any(s >= 10 for s in _complete_steps(checkpoints)):
        assert first.poll() is None, "the runtime ended before it could be killed"
        time.sleep(0.2)
    assert any(s >= 10 for s in _complete_steps(checkpoints)), "no checkpoint in time"
    os.kill(first.pid, signal.SIGKILL)
    first.wait()
    killed_at = max(_complete_steps(checkpoints))
    assert killed_at < STEPS
    (status,) = _sql(
        home / "lifelong.db", f"SELECT status FROM training_sessions WHERE id='{job_id}'"
    )
    assert status[0] == "running"  # the job was taken when the runtime died

    second = subprocess.run([sys.executable, str(script), config], capture_output=True,
                            text=True, timeout=300)  # fmt: skip
    assert second.returncode == 0, second.stderr[-2000:]
    assert "finished deployed" in second.stdout or "finished rejected" in second.stdout

    db = home / "lifelong.db"
    versions = _sql(db, "SELECT version, manifest FROM genome_layers")
    assert len(versions) == 1  # finished once
    manifest = json.loads(versions[0][1])
    assert manifest["steps"] == STEPS
    assert manifest["resumed_from_step"] >= killed_at - 5 > 0  # from a checkpoint, not from 0
    outcomes = _sql(db, f"SELECT kind FROM events WHERE job_id='{job_id}' "
                        "AND kind IN ('LayerDeployed', 'LayerRejected')")  # fmt: skip
    assert len(outcomes) == 1
    (row,) = _sql(db, f"SELECT status, open_slot, lease_owner FROM training_sessions "
                      f"WHERE id='{job_id}'")  # fmt: skip
    assert row[0] in ("deployed", "rejected") and row[1] is None and row[2] is None
