"""Ingest benchmark: how fast can a chat system record turns?

Records N interactions (default 20,000) from 8 personas, each with a few concurrent
conversations, through ``persona.record`` (validation, group commit, durable on return), and the
plain approach in the same run: one ORM session and one commit per record. Prints JSON:
``{"n", "per_sec", "p50_ms", "p99_ms", "baseline_per_sec", "speedup", ...}``.

    python bench/ingest.py --json [--n 20000] [--personas 8] [--tasks-per-persona 2]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

from lifelong import Runtime, RuntimeConfig, Trait
from lifelong.persona.messages import content_hash
from lifelong.storage import new_id
from lifelong.storage.tables import Interaction


def _turn(persona: int, i: int) -> list[dict[str, str]]:
    return [
        {"role": "system", "content": "You are a helpful tutor."},
        {"role": "user", "content": f"Persona {persona}, question {i}: how do I reverse a list?"},
        {"role": "assistant", "content": f"Use reversed() or slicing: items[::-1] (answer {i})."},
    ]


async def _ours(home: Path, n: int, personas: int, tasks: int) -> dict[str, float]:
    latencies: list[float] = []
    async with Runtime.open(RuntimeConfig(home=home)) as rt:
        handles = [
            await rt.persona(f"p{k}", traits=[Trait("tutor", "teaches")]) for k in range(personas)
        ]
        per_task = n // (personas * tasks)

        async def conversation(k: int, t: int) -> None:
            persona = handles[k]
            for i in range(per_task):
                started = time.perf_counter()
                await persona.record(_turn(k, t * per_task + i), trait="tutor")
                latencies.append(time.perf_counter() - started)

        started = time.perf_counter()
        await asyncio.gather(*(conversation(k, t) for k in range(personas) for t in range(tasks)))
        elapsed = time.perf_counter() - started
        stored = await rt.count_interactions()
        batches = rt.recorder.batches
    latencies.sort()
    total = len(latencies)
    return {
        "n": total,
        "stored": stored,
        "per_sec": total / elapsed,
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": latencies[int(total * 0.99) - 1] * 1000,
        "rows_per_commit": total / max(batches, 1),
    }


async def _baseline(home: Path, n: int, personas: int, tasks: int) -> float:
    """The plain approach: an ORM session and a commit per record, same concurrency."""
    async with Runtime.open(RuntimeConfig(home=home)) as rt:  # creates schema + personas
        for k in range(personas):
            await rt.persona(f"p{k}")
    engine = create_async_engine(f"sqlite+aiosqlite:///{home / 'lifelong.db'}", pool_size=tasks)

    @event.listens_for(engine.sync_engine, "connect")
    def _pragmas(conn: object, _record: object) -> None:
        cursor = conn.cursor()  # type: ignore[attr-defined]
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    per_task = n // (personas * tasks)

    async def conversation(k: int, t: int) -> None:
        for i in range(per_task):
            messages = _turn(k, t * per_task + i)
            async with AsyncSession(engine) as session:
                session.add(
                    Interaction(
                        id=new_id(),
                        persona=f"p{k}",
                        trait="tutor",
                        messages=messages,
                        content_hash=content_hash(messages),
                        source="record",
                        created_at=time.time(),
                        used=False,
                    )
                )
                await session.commit()

    started = time.perf_counter()
    await asyncio.gather(*(conversation(k, t) for k in range(personas) for t in range(tasks)))
    elapsed = time.perf_counter() - started
    await engine.dispose()
    return per_task * personas * tasks / elapsed


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=20_000)
    parser.add_argument("--baseline-n", type=int, default=4_000, help="records for the baseline")
    parser.add_argument("--personas", type=int, default=8)
    parser.add_argument("--tasks-per-persona", type=int, default=2)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ours = await _ours(Path(tmp) / "ours", args.n, args.personas, args.tasks_per_persona)
        baseline = await _baseline(
            Path(tmp) / "base", args.baseline_n, args.personas, args.tasks_per_persona
        )
    result = {
        **{k: round(v, 3) if isinstance(v, float) else v for k, v in ours.items()},
        "baseline_per_sec": round(baseline, 1),
        "speedup": round(ours["per_sec"] / baseline, 2),
        "personas": args.personas,
        "concurrent_conversations": args.personas * args.tasks_per_persona,
    }
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:>24}: {value}")


if __name__ == "__main__":
    asyncio.run(main())
