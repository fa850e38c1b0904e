"""HTTP recording benchmark: how many turns per second ``lifelong serve`` acknowledges (201,
durable) over HTTP, against the HTTP stack's own ceiling in the same run.

Sets up a temporary home and a record token, starts ``lifelong serve --no-worker`` (uvicorn
with uvloop and httptools) and runs ``bench/http_load.mjs`` (Node, keep-alive ``node:http``)
as a separate process that keeps ``--concurrency`` requests in flight: first against
``GET /api/v1/health`` (the baseline: the same server, middleware and routing, without auth,
a body or recording), then posting single recorded turns with distinct content for
``--seconds``. After a SIGTERM stop it reads the database: ``ids_missing`` counts acknowledged
ids that are not stored (must be 0). CPU shares are utime + stime from /proc over the measured
wall time, as a fraction of the machine's cores. Prints JSON:
``{"record": {"per_s", "p50_ms", "p99_ms", "errors", ...}, "baseline": {...}, "ids_missing",
"cpu": {...}, "goal": {...}}``.

    python bench/http_service.py --json [--seconds 20] [--concurrency 64] [--db postgresql+asyncpg://...]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# Not named http.py: a script of that name in bench/ shadows the standard library's http package
# for every other script here (bench/ comes first on their sys.path), which broke them all.
sys.path.insert(0, str(ROOT))

LOAD = HERE / "http_load.mjs"
OUT = HERE / "out" / "http"
TICK = os.sysconf("SC_CLK_TCK")
CORES = os.cpu_count() or 1
GOAL_PER_S = 3000
GOAL_P99_MS = 50
_NOT_SHOWN = ("method", "path", "cpu", "acknowledged_ids")


def _cpu_s(pid: int) -> float:
    """utime + stime of a process (all its threads), in seconds; a zombie still has them."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def _machine_busy_s() -> float:
    """CPU seconds every core of the machine spent busy (not idle, not waiting for I/O)."""
    ticks = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return (sum(ticks) - ticks[3] - ticks[4]) / TICK


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _lifelong(*args: str) -> list[str]:
    return [sys.executable, "-m", "lifelong", *args]


def _call(url: str, method: str, token: str, body: Any = None) -> Any:
    import urllib.request

    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Authorization", f"Bearer {token}")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read() or b"null")


def _wait_healthy(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"lifelong serve exited {server.returncode}:\n{log.read_text()}")
        try:
            _call(f"{url}/api/v1/health", "GET", "")
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"lifelong serve not healthy after 60 s:\n{log.read_text()}")


def _load(
    url: str, token: str, path: str, method: str, args: argparse.Namespace, seconds: float,
    server_pid: int, ids_file: Path | None,
) -> dict[str, Any]:  # fmt: skip
    """One run of the load generator; its stats plus the CPU both processes used meanwhile."""
    node = shutil.which("node")
    if node is None:
        raise SystemExit("bench/http_service.py needs Node 20+ on PATH for the load generator")
    command = [node, str(LOAD), "--url", url, "--token", token, "--path", path, "--method",
               method, "--concurrency", str(args.concurrency), "--seconds", str(seconds),
               "--warmup", str(args.warmup)]  # fmt: skip
    if ids_file is not None:
        command += ["--ids-file", str(ids_file)]
    with tempfile.TemporaryFile() as out:
        load = subprocess.Popen(command, stdout=out)
        # CPU over the measured window only: sampled once the warm-up is over.
        time.sleep(args.warmup)
        server_start, load_start = _cpu_s(server_pid), _cpu_s(load.pid)
        machine_start, wall_start = _machine_busy_s(), time.time()
        # Wait for the exit without reaping it, so its /proc entry still has its CPU times.
        os.waitid(os.P_PID, load.pid, os.WEXITED | os.WNOWAIT)
        server_end, load_end = _cpu_s(server_pid), _cpu_s(load.pid)
        machine_end, wall = _machine_busy_s(), time.time()
        wall -= wall_start
        if load.wait() != 0:
            raise SystemExit(f"the load generator failed (exit {load.returncode})")
        out.seek(0)
        stats = json.loads(out.read())
    server_s, load_s = server_end - server_start, load_end - load_start
    stats["cpu"] = {
        "server_share": round(server_s / wall / CORES, 3),
        "load_share": round(load_s / wall / CORES, 3),
        # Whatever else ran on the machine meanwhile (other jobs skew the figures).
        "other_share": round(
            max(0.0, machine_end - machine_start - server_s - load_s) / wall / CORES, 3
        ),
        "cores": CORES,
        "server_cpu_us_per_request": round(server_s / max(1, stats["ok"]) * 1e6),
    }
    return stats


async def _stored_ids(config: Any, persona: str) -> set[str]:
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    engine = create_async_engine(config.resolved_database_url)
    try:
        async with engine.connect() as conn:
            rows = await conn.execute(
                text("select id from interactions where persona = :p"), {"p": persona}
            )
            return {str(row[0]) for row in rows}
    finally:
        await engine.dispose()


def _bench(args: argparse.Namespace) -> dict[str, Any]:
    from lifelong import RuntimeConfig

    persona = f"bench-{uuid.uuid4().hex[:8]}"  # a shared PostgreSQL database may hold others
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        db = ["--db", args.db] if args.db else []
        created = subprocess.run(
            _lifelong("tokens", "create", "--scope", "record,manage", "--name", "bench", "--home",
                      str(home), *db, "--json"),
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        token = json.loads(created.stdout)["token"]
        port = args.port or _free_port()
        url = f"http://127.0.0.1:{port}"
        log = Path(tmp) / "serve.log"
        with log.open("wb") as sink:
            serve = ["serve", "--home", str(home), *db, "--port", str(port), "--no-worker",
                     "--log-level", "warning"]  # fmt: skip
            server = subprocess.Popen(_lifelong(*serve), stdout=sink, stderr=subprocess.STDOUT)
        try:
            _wait_healthy(url, server, log)
            _call(f"{url}/api/v1/personas/{persona}", "PUT", token, {"traits": []})
            baseline = _load(url, token, "/api/v1/health", "GET", args, args.baseline_seconds,
                             server.pid, None)  # fmt: skip
            ids_file = Path(tmp) / "ids.txt"
            record = _load(url, token, f"/api/v1/personas/{persona}/interactions", "POST", args,
                           args.seconds, server.pid, ids_file)  # fmt: skip
            acknowledged = ids_file.read_text().split()
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                stopped = server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                server.kill()
                stopped = server.wait()
        config = RuntimeConfig(home=home, database_url=args.db or None, background=False)
        stored = asyncio.run(_stored_ids(config, persona))
    missing = sum(1 for i in acknowledged if i not in stored)
    p99 = record["p99_ms"]
    return {
        "seconds": args.seconds,
        "concurrency": args.concurrency,
        "database": "postgresql" if args.db else "sqlite",
        "record": {k: v for k, v in record.items() if k not in _NOT_SHOWN},
        "baseline": {
            "what": "GET /api/v1/health: the HTTP stack's ceiling without recording",
            **{k: v for k, v in baseline.items() if k not in _NOT_SHOWN},
        },
        "record_over_baseline": round(record["per_s"] / baseline["per_s"], 3),
        "acknowledged": len(acknowledged),
        "stored": len(stored),
        "ids_missing": missing,
        "cpu": {"record": record["cpu"], "baseline": baseline["cpu"]},
        "server_exit": stopped,
        "goal": {
            "per_s": GOAL_PER_S,
            "p99_ms": GOAL_P99_MS,
            "met": record["per_s"] >= GOAL_PER_S
            and p99 is not None
            and p99 < GOAL_P99_MS
            and missing == 0,
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=20.0, help="the record load")
    parser.add_argument("--concurrency", type=int, default=64, help="requests in flight")
    parser.add_argument("--baseline-seconds", type=float, default=None,
                        help="the health load (default: --seconds, at most 10)")  # fmt: skip
    parser.add_argument("--warmup", type=float, default=1.0, help="seconds not measured")
    parser.add_argument("--db", help="SQLAlchemy async URL (PostgreSQL); default SQLite")
    parser.add_argument("--port", type=int, default=0, help="default: a free one")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    if args.baseline_seconds is None:
        args.baseline_seconds = min(args.seconds, 10.0)
    report = _bench(args)
    OUT.mkdir(parents=True, exist_ok=True)
    name = f"http-{report['database']}.json"
    (OUT / name).write_text(json.dumps(report, indent=2))
    print(json.dumps(report) if args.json else json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
