"""kill -9 at awkward moments: what was acknowledged survives, an import is all or nothing."""

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

from lifelong import Runtime, RuntimeConfig

pytestmark = pytest.mark.reliability

LINES = 120_000


def _big_file(path: Path) -> Path:
    with path.open("w") as fh:
        for i in range(LINES):
            fh.write(json.dumps({"prompt": f"question {i}?", "response": f"answer {i}."}) + "\n")
    return path


def _sql(db: Path, query: str) -> list[tuple]:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute(query).fetchall()
    except sqlite3.OperationalError:
        return []  # not created yet


def _import(source: Path, home: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "lifelong", "import", str(source), "--persona", "ada",
         "--home", str(home), "--json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip


def test_kill_during_import_leaves_none_or_all_and_the_next_run_finishes(
    tmp_path: Path,
) -> None:
    source = _big_file(tmp_path / "big.jsonl")
    home = tmp_path / "home"
    db = home / "lifelong.db"
    outcomes = []
    # First kill: certainly mid-import (lines are being staged). Then kills at other moments.
    for delay in (None, 0.5, 2.5, 4.0):
        proc = _import(source, home)
        if delay is None:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                if _sql(db, "select count(*) from import_staging")[:1] > [(1000,)]:
                    break
                time.sleep(0.01)
            else:
                pytest.fail("the import never started staging")
        else:
            time.sleep(delay)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        imported = _sql(db, "select count(*) from interactions where source = 'import'")
        n = imported[0][0] if imported else 0
        assert n in (0, LINES), f"a killed import left {n} of {LINES} rows"
        outcomes.append(n)
    assert outcomes[0] == 0

    # The next run carries on: everything is imported exactly once.
    done = subprocess.run(
        [sys.executable, "-m", "lifelong", "import", str(source), "--persona", "ada",
         "--home", str(home), "--json"],
        capture_output=True, check=True,
    )  # fmt: skip
    report = json.loads(done.stdout)
    assert report["imported"] + report["duplicates"] == LINES
    assert _sql(db, "select count(*) from interactions")[0][0] == LINES
    # What the killed runs staged is invisible, and discarded once stale.
    asyncio.run(_discard_stale(home))
    assert _sql(db, "select count(*) from import_staging")[0][0] == 0


async def _discard_stale(home: Path) -> None:
    async with Runtime.open(RuntimeConfig(home=home)) as rt:
        await rt.store.imports.discard_stale(older_than_s=0)


RECORDER = textwrap.dedent(
    """
    import asyncio, sys
    from lifelong import Runtime, RuntimeConfig

    async def main():
        async with Runtime.open(RuntimeConfig(home=sys.argv[1])) as rt:
            persona = await rt.persona("ada")
            async def chat(t):
                i = 0
                while True:
                    i += 1
                    msgs = [{"role": "user", "content": f"q {t} {i}"},
                            {"role": "assistant", "content": "a"}]
                    print(await persona.record(msgs), flush=True)
            await asyncio.gather(*(chat(t) for t in range(8)))

    asyncio.run(main())
    """
)


def test_every_acknowledged_record_survives_kill_9(tmp_path: Path) -> None:
    home = tmp_path / "home"
    proc = subprocess.Popen(
        [sys.executable, "-c", RECORDER, str(home)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    acknowledged = []
    for line in proc.stdout:
        acknowledged.append(line.strip())
        if len(acknowledged) >= 3000:
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    stored = {row[0] for row in _sql(home / "lifelong.db", "select id from interactions")}
    missing = [i for i in acknowledged if i not in stored]
    assert not missing, f"{len(missing)} acknowledged ids were lost"
    assert len(stored) >= len(acknowledged)
