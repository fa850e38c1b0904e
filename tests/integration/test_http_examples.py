"""The HTTP examples (examples/http/session.sh in curl, client.mjs in Node) against a real
``lifelong serve`` subprocess with the tiny model: they exit 0, and what they recorded is in
the database.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from lifelong import Runtime, RuntimeConfig

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "http"


@dataclass
class Server:
    url: str
    token: str
    home: Path
    proc: subprocess.Popen[bytes]
    log: Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def lifelong(*args: str) -> list[str]:
    return [sys.executable, "-m", "lifelong", *args]


def wait_healthy(url: str, proc: subprocess.Popen[bytes], log: Path, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"lifelong serve exited {proc.returncode}:\n{log.read_text()}")
        try:
            if httpx.get(f"{url}/api/v1/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    pytest.fail(f"lifelong serve not healthy after {timeout} s:\n{log.read_text()}")


def stop(proc: subprocess.Popen[bytes]) -> int:
    """SIGTERM, then SIGKILL if it has not stopped within 20 s."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return proc.returncode


def assert_stops_cleanly(proc: subprocess.Popen[bytes], log: Path) -> None:
    """SIGTERM: the lifespan's shutdown runs (uvicorn then re-raises the signal: -15)."""
    code = stop(proc)
    text = log.read_text()
    assert code in (0, -signal.SIGTERM), text
    assert "Application shutdown complete" in text, text


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, tiny_model_dir: Path) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("http-examples")
    home = tmp / "home"
    config = tmp / "lifelong.toml"
    config.write_text(
        f"[lifelong.training]\nbase_model = {json.dumps(str(tiny_model_dir))}\n"
        "[lifelong.genome]\nmax_new_tokens = 8\n"
    )
    created = subprocess.run(
        lifelong("tokens", "create", "--scope", "record,manage", "--name", "examples",
                 "--home", str(home), "--json"),
        capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    token = json.loads(created.stdout)["token"]
    port = free_port()
    log = tmp / "serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            lifelong("serve", "--home", str(home), "--config", str(config), "--port", str(port),
                     "--no-worker"),
            stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc, log)
        yield Server(url, token, home, proc, log)
    finally:
        stop(proc)


def run_example(server: Server, persona: str, *command: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BASE_URL": server.url, "TOKEN": server.token, "PERSONA": persona}
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, (
        f"{command} exited {done.returncode}\nstdout:\n{done.stdout}\nstderr:\n{done.stderr}\n"
        f"server log:\n{server.log.read_text()}"
    )
    return done


def stored(home: Path, persona: str) -> tuple[int, list[dict[str, object]]]:
    async def read() -> tuple[int, list[dict[str, object]]]:
        async with Runtime.open(RuntimeConfig(home=home, background=False)) as rt:
            rows = await rt.list_interactions(persona, limit=100)
            return await rt.count_interactions(persona), [
                {"id": r.id, "generation_id": r.generation_id, "rating": r.feedback_rating,
                 "correction": r.feedback_correction, "trait": r.trait}
                for r in rows
            ]  # fmt: skip

    return asyncio.run(read())


def check_recorded(server: Server, persona: str, output: str) -> None:
    count, rows = stored(server.home, persona)
    assert count == 3, rows
    # Every id the example printed is in the database.
    for row in rows:
        assert str(row["id"]) in output
    answered = [r for r in rows if r["generation_id"]]
    assert len(answered) == 1, rows
    assert answered[0]["rating"] is not None and answered[0]["correction"]
    assert all(r["trait"] is not None for r in rows)


@pytest.mark.skipif(shutil.which("curl") is None, reason="needs curl")
def test_curl_session_records_generates_and_rates(server: Server) -> None:
    done = run_example(server, "sh-ada", "bash", str(EXAMPLES / "session.sh"))
    assert "recorded the answered turn" in done.stdout
    assert "3 interactions of the persona" in done.stdout
    check_recorded(server, "sh-ada", done.stdout)


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node 20+")
def test_node_client_records_streams_and_rates(server: Server) -> None:
    done = run_example(server, "node-grace", "node", str(EXAMPLES / "client.mjs"))
    assert "refused as expected" in done.stdout and "(field messages[0].role)" in done.stdout
    assert "streamed " in done.stdout
    check_recorded(server, "node-grace", done.stdout)


def test_server_stops_cleanly_on_sigterm(server: Server) -> None:
    """Last in the module: SIGTERM stops the server (the fixture's stop is then a no-op)."""
    assert_stops_cleanly(server.proc, server.log)
