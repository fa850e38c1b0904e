"""A worker frozen inside a write transaction (SIGSTOP) no longer blocks a job's takeover on
PostgreSQL: its session is ended after ``postgres_idle_in_transaction_timeout_s`` and the row
lock goes with it, so ``claim_next`` (FOR UPDATE SKIP LOCKED) sees the job again. Before, the
job stayed invisible for as long as the holder stayed frozen (15 s and 75 s seen with a 2 s
lease).
"""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lifelong import Runtime, RuntimeConfig, Trait

pytestmark = [pytest.mark.reliability, pytest.mark.postgres]

HOLDER = """
import asyncio, os, signal, sys
from sqlalchemy import text
from lifelong.storage import Database

async def main(url, job_id):
    db = await Database(url, session_timeouts_s=(2.0, 15.0, 300.0)).open()
    async with db.write() as conn:
        await conn.execute(text("SELECT id FROM training_sessions WHERE id = :id FOR UPDATE"),
                           {"id": job_id})
        print("locked", flush=True)
        os.kill(os.getpid(), signal.SIGSTOP)  # frozen, inside the transaction

asyncio.run(main(sys.argv[1], sys.argv[2]))
"""


async def test_a_frozen_holder_lets_go_of_its_job_within_the_idle_timeout(
    tmp_path: Path, backend_url: str
) -> None:
    if not backend_url.startswith("postgresql"):
        pytest.skip("the row-lock takeover is a PostgreSQL behaviour")
    config = RuntimeConfig(home=tmp_path / "home", database_url=backend_url, background=False,
                           postgres_idle_in_transaction_timeout_s=2.0)  # fmt: skip
    async with Runtime.open(config) as rt:
        await rt.persona("ada", traits=[Trait("math", "adds")])
        job_id = await rt.store.jobs.queue("ada", "math", reason={"trigger": "manual"})
        assert job_id is not None
        holder = await asyncio.create_subprocess_exec(
            sys.executable, "-c", HOLDER, backend_url, job_id, stdout=subprocess.PIPE
        )
        try:
            assert holder.stdout is not None
            assert (await holder.stdout.readline()).strip() == b"locked"
            # While it is frozen inside its transaction, the job is not claimable ...
            assert await rt.store.jobs.claim_next("other-worker", 60, job_id=job_id) is None
            started = time.monotonic()
            claimed = None
            while claimed is None and time.monotonic() - started < 30:
                await asyncio.sleep(0.5)
                claimed = await rt.store.jobs.claim_next("other-worker", 60, job_id=job_id)
            # ... and then it is: the server ended the frozen session after 2 s.
            assert claimed is not None and claimed.id == job_id
            assert time.monotonic() - started < 15
        finally:
            holder.send_signal(signal.SIGCONT)
            holder.kill()
            await asyncio.wait_for(holder.wait(), 30)
