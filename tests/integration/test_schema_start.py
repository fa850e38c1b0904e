"""Runtimes started together on a new database all come up, with one schema between them."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from lifelong.storage import SCHEMA_VERSION, Database, ensure_schema
from lifelong.storage.tables import SchemaVersion

pytestmark = pytest.mark.integration

PROCESSES = 4
REPO = Path(__file__).resolve().parents[2]

# Each child opens the database (imports and connections done), says it is ready, waits for the
# go file, then creates the schema: the slow part of starting is over before the barrier, so
# the four `ensure_schema` calls overlap even on a two-core machine.
CHILD = """
import asyncio, pathlib, sys, time
from lifelong.storage import Database, ensure_schema

url, ready, go = sys.argv[1], pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])

async def main():
    db = await Database(url).open()
    try:
        ready.touch()
        deadline = time.monotonic() + 60
        while not go.exists():
            if time.monotonic() > deadline:
                raise SystemExit("no go signal")
            await asyncio.sleep(0.001)
        print(await ensure_schema(db))
    finally:
        await db.close()

asyncio.run(main())
"""


def _start_together(url: str, folder: Path) -> list[tuple[int, str, str]]:
    """Run the children up to the barrier, release them at once; (status, out, err) each."""
    go = folder / "go"
    ready = [folder / f"ready-{i}" for i in range(PROCESSES)]
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
    }
    children = [
        subprocess.Popen(
            [sys.executable, "-c", CHILD, url, str(flag), str(go)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for flag in ready
    ]
    try:
        deadline = time.monotonic() + 60
        while not all(flag.exists() for flag in ready):
            failed = [c for c in children if c.poll() is not None]
            assert not failed, failed[0].communicate()[1][-3000:]
            assert time.monotonic() < deadline, "the children did not get ready in 60 s"
            time.sleep(0.01)
        go.touch()
        outputs = [c.communicate(timeout=60) for c in children]
        return [(c.returncode, out, err) for c, (out, err) in zip(children, outputs, strict=True)]
    finally:
        for child in children:
            if child.poll() is None:
                child.kill()
                child.wait()


async def test_processes_starting_together_share_one_new_schema(
    backend_url: str, tmp_path: Path
) -> None:
    results = await asyncio.to_thread(_start_together, backend_url, tmp_path)
    problems = [err[-3000:] for status, _out, err in results if status != 0]
    assert not problems, f"{len(problems)} of {PROCESSES} starts failed:\n" + "\n".join(problems)
    assert [out.strip() for _status, out, _err in results] == [str(SCHEMA_VERSION)] * PROCESSES
    async with Database(backend_url) as db:
        async with db.read() as conn:
            rows = (await conn.execute(select(func.count()).select_from(SchemaVersion))).scalar()
        assert rows == 1
        assert await ensure_schema(db) == SCHEMA_VERSION


def test_switching_to_wal_waits_out_a_lock_the_busy_handler_does_not_cover(
    tmp_path: Path,
) -> None:
    """Two processes switching a new file to WAL at once can fail one "database is locked"
    without SQLite calling its busy handler; the switch retries until the file is free.
    """
    import sqlite3
    import threading

    from lifelong.storage.database import _switch_to_wal

    path = tmp_path / "new.db"
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN EXCLUSIVE")
    opener = sqlite3.connect(path, isolation_level=None)
    # No busy handler at all: every "locked" reaches the retry, as in the deadlock case.
    opener.execute("PRAGMA busy_timeout = 0")
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        opener.execute("PRAGMA journal_mode = WAL")
    releaser = threading.Timer(0.3, lambda: holder.execute("COMMIT"))
    releaser.start()
    try:
        started = time.monotonic()
        _switch_to_wal(opener.cursor(), busy_timeout_ms=10_000)
        assert time.monotonic() - started >= 0.25
        assert opener.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        releaser.join()
        opener.close()
        holder.close()


def test_switching_to_wal_gives_up_after_the_busy_timeout(tmp_path: Path) -> None:
    import sqlite3

    from lifelong.storage.database import _switch_to_wal

    path = tmp_path / "held.db"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN EXCLUSIVE")
    opener = sqlite3.connect(path, isolation_level=None)
    opener.execute("PRAGMA busy_timeout = 0")
    try:
        started = time.monotonic()
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            _switch_to_wal(opener.cursor(), busy_timeout_ms=300)
        assert 0.25 <= time.monotonic() - started < 5
    finally:
        opener.close()
        holder.close()
