"""kill -9 of ``lifelong serve`` under a load of records: every turn answered 201 survives, and
the next start on the same home carries on.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
from pathlib import Path

import httpx
import pytest

from lifelong import Runtime, RuntimeConfig
from tests.integration.test_http_examples import (
    assert_stops_cleanly,
    free_port,
    lifelong,
    wait_healthy,
)

pytestmark = pytest.mark.reliability

PERSONA = "ada"
IN_FLIGHT = 24
LOAD_S = 2.5


def serve(home: Path, port: int, log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(
            lifelong("serve", "--home", str(home), "--port", str(port), "--no-worker"),
            stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip


async def load_then_kill(url: str, token: str, proc: subprocess.Popen[bytes]) -> list[str]:
    """IN_FLIGHT concurrent single-record POSTs for LOAD_S, then SIGKILL mid-load; the ids of
    every 201.
    """
    acknowledged: list[str] = []
    refused: list[str] = []
    killed = asyncio.Event()
    limits = httpx.Limits(max_connections=IN_FLIGHT, max_keepalive_connections=IN_FLIGHT)
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=url, headers=headers, limits=limits,
                                 timeout=30) as client:  # fmt: skip

        async def chat(worker: int) -> None:
            i = 0
            while not killed.is_set():
                i += 1
                turn = f"{worker}.{i}"
                body = {"messages": [
                    {"role": "user", "content": f"question {turn}?"},
                    {"role": "assistant", "content": f"answer {turn}."},
                ]}  # fmt: skip
                try:
                    response = await client.post(f"/api/v1/personas/{PERSONA}/interactions",
                                                 json=body)  # fmt: skip
                except httpx.TransportError:
                    if killed.is_set():
                        return  # in flight when the server died: never acknowledged
                    raise
                if response.status_code == 201:
                    acknowledged.append(response.json()["id"])
                else:
                    refused.append(f"{response.status_code} {response.text}")

        async def killer() -> None:
            await asyncio.sleep(LOAD_S)
            os.kill(proc.pid, signal.SIGKILL)
            killed.set()

        await asyncio.gather(killer(), *(chat(w) for w in range(IN_FLIGHT)))
    assert not refused, refused[:5]
    return acknowledged


async def stored_ids(home: Path) -> set[str]:
    async with Runtime.open(RuntimeConfig(home=home, background=False)) as rt:
        total = await rt.count_interactions(PERSONA)
        rows = await rt.list_interactions(PERSONA, limit=total + 1)
        assert len(rows) == total
        return {row.id for row in rows}


def test_every_201_survives_kill_9_of_the_server_and_the_next_start_carries_on(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    log = tmp_path / "serve.log"
    created = subprocess.run(
        lifelong("tokens", "create", "--scope", "record,manage", "--home", str(home), "--json"),
        capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    token = json.loads(created.stdout)["token"]
    headers = {"Authorization": f"Bearer {token}"}

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    proc = serve(home, port, log)
    try:
        wait_healthy(url, proc, log)
        put = httpx.put(f"{url}/api/v1/personas/{PERSONA}", json={"traits": []},
                        headers=headers, timeout=10)  # fmt: skip
        assert put.status_code == 200, put.text
        acknowledged = asyncio.run(load_then_kill(url, token, proc))
        assert proc.wait(timeout=10) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()

    assert len(acknowledged) > 0
    assert len(set(acknowledged)) == len(acknowledged)
    stored = asyncio.run(stored_ids(home))
    missing = [i for i in acknowledged if i not in stored]
    assert not missing, f"{len(missing)} of {len(acknowledged)} acknowledged ids were lost"

    # The next start on the same home serves: health, and a record that is stored.
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    proc = serve(home, port, log)
    try:
        wait_healthy(url, proc, log)
        turn = {"messages": [{"role": "user", "content": "after the kill?"},
                             {"role": "assistant", "content": "still here."}]}  # fmt: skip
        response = httpx.post(f"{url}/api/v1/personas/{PERSONA}/interactions", json=turn,
                              headers=headers, timeout=10)  # fmt: skip
        assert response.status_code == 201, response.text
        new_id = response.json()["id"]
        assert_stops_cleanly(proc, log)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    after = asyncio.run(stored_ids(home))
    assert new_id in after and after >= stored
    assert len(after) == len(stored) + 1
