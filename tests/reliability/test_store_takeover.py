"""kill -9 a runtime mid-training on one "machine"; a runtime with a home of its own (nothing of
the job on its disk) takes the job over through the S3 artifact store (moto on 127.0.0.1) and
resumes it from the last checkpoint the dead one uploaded, on the dataset the dead one built.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from lifelong import Runtime, RuntimeConfig, Trait
from tests.helpers import record_scored
from tests.s3_server import S3, running_s3

pytestmark = pytest.mark.reliability

STEPS = 20

CHILD = textwrap.dedent(
    """
    import asyncio, json, sys
    from lifelong import Runtime, RuntimeConfig

    async def main(config_json):
        async with Runtime.open(RuntimeConfig(**json.loads(config_json))):
            print("started", flush=True)
            await asyncio.sleep(3600)  # the background job worker trains; we wait for -9

    asyncio.run(main(sys.argv[1]))
    """
)


@pytest.fixture
def s3(monkeypatch: pytest.MonkeyPatch) -> Iterator[S3]:
    with running_s3(monkeypatch) as server:
        yield server


def _config(tmp_path: Path, name: str, s3: S3, tiny: Path) -> dict[str, Any]:
    return {
        "home": str(tmp_path / name),
        "database_url": f"sqlite+aiosqlite:///{tmp_path / 'shared.db'}",
        "background": True,
        # A short lease (the takeover waits it out), but not so short that a loaded machine's
        # scheduling stalls lose it mid-job (2 s was lost once with both cores busy).
        "jobs": {"workers": 1, "lease_s": 5.0, "poll_s": 0.2},
        "scoring": {"interval_s": 3600},
        "triggers": {"interval_s": 3600},
        "evaluation": {"behaviour_examples": 2, "sample_tokens": 8, "samples": 0},
        "training": {
            "providers": ["local"],
            "base_model": str(tiny),
            "local": {
                "max_steps": STEPS,
                "save_steps": 5,
                "replay_ratio": 0.0,
                "learning_rate": 5e-2,
                "batch_size": 2,
            },
        },
        **s3.store_config(),
    }


async def _queue(config: dict[str, Any]) -> str:
    async with Runtime.open(RuntimeConfig(**{**config, "background": False})) as rt:
        ada = await rt.persona("ada", traits=[Trait("math", "adds numbers")])
        pairs = [(f"What is {i} plus {i}?", f"{i} plus {i} is {2 * i}.") for i in range(16)]
        await record_scored(rt, ada, pairs, "math")
        return await rt.queue_training("ada", "math")


def _uploaded_steps(s3: S3, job_id: str) -> list[int]:
    """The checkpoints of the job whose upload is complete (their listing is written)."""
    prefix = f"lifelong/sessions/{job_id}/local/checkpoints/"
    listed = s3.client().list_objects_v2(Bucket=s3.bucket, Prefix=prefix).get("Contents", [])
    return sorted(
        int(o["Key"][len(prefix) :].split("/")[0].split("-")[1])
        for o in listed
        if o["Key"].endswith("/.tree.json")
    )


async def _take_over(config: dict[str, Any], embedder: Any) -> dict[str, Any]:
    """Another machine: runs the queue until the dead runtime's lease ran out and it took the
    job; its outcome, the version and the job's TrainingStarted events.
    """
    config = {**config, "background": False}
    async with Runtime.open(RuntimeConfig(**config), embedder=embedder) as rt:
        outcomes: list[dict[str, Any]] = []
        deadline = time.monotonic() + 60
        while not outcomes and time.monotonic() < deadline:
            outcomes = await rt.run_jobs(limit=1)
            await asyncio.sleep(0.2)
        assert outcomes, "the job was never taken over"
        return {
            "outcome": outcomes[0],
            "versions": await rt.layers.versions("ada"),
            "started": await rt.list_events("ada", kinds=["TrainingStarted"]),
        }


def test_a_job_killed_on_one_machine_resumes_on_another_from_the_store(
    s3: S3, tmp_path: Path, tiny_model_dir: Path, embedder: Any
) -> None:
    first = _config(tmp_path, "machine-a", s3, tiny_model_dir)
    job_id = asyncio.run(_queue(first))
    script = tmp_path / "runtime_child.py"
    script.write_text(CHILD)
    child = subprocess.Popen([sys.executable, str(script), json.dumps(first)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and not _uploaded_steps(s3, job_id):
            assert child.poll() is None, child.stderr.read()[-2000:] if child.stderr else ""
            time.sleep(0.2)
        uploaded = _uploaded_steps(s3, job_id)
        assert uploaded, "no checkpoint was uploaded in time"
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert max(uploaded) < STEPS

    second = _config(tmp_path, "machine-b", s3, tiny_model_dir)
    facts = asyncio.run(_take_over(second, embedder))
    assert facts["outcome"]["status"] in ("deployed", "rejected"), facts["outcome"]
    (version,) = facts["versions"]
    manifest = version["manifest"]
    assert manifest["steps"] == STEPS
    # From a checkpoint machine A uploaded (at least the newest one seen before the kill),
    # not from step 0, and on the data machine A built (the same counts and method).
    assert manifest["resumed_from_step"] >= max(uploaded) > 0
    started = facts["started"]
    assert len(started) == 2 and started[0]["payload"] == started[1]["payload"]
    # Machine B's folder holds what it fetched and trained, no half download.
    here = tmp_path / "machine-b" / "sessions" / job_id / "local" / "checkpoints"
    assert list(here.glob("checkpoint-*")) and not list(here.glob(".*"))
