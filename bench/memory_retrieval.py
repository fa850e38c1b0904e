"""Memory retrieval latency at 1k, 10k and 100k stored turns of one persona.

Turns are written the way the scoring worker writes them (``MemoryRepo.apply`` in a
transaction, SQLite), read into a :class:`MemoryIndex` the way a request does (``catch_up``),
then searched with ``MemoryIndex.search``: what a request pays for memory besides the
embedding it makes anyway for routing. Vectors are random unit vectors of MiniLM's width
(384) with a few planted near the query so that something is found; the search's cost does
not depend on what the vectors say. Two layouts: every turn in one trait (the worst case:
one matrix of all of them) and turns spread over traits of ``memory.max_turns_per_trait``
(2,000 by default: what the budget leaves, searched two traits at a time, the routed one and
``general``). Also: the first catch-up's time (a process reading a persona's memory once).

    python bench/memory_retrieval.py --json [--sizes 1000,10000,100000] [--searches 300]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lifelong.learning.memory import MemoryIndex, MemoryPolicy
from lifelong.storage import Database, ensure_schema
from lifelong.storage.repos.memory import MemoryEntry, MemoryRepo

OUT = Path(__file__).resolve().parent / "out" / "memory"
WIDTH = 384
PER_TRAIT = 2000


def _unit(rng: np.random.Generator, n: int) -> np.ndarray:
    v = rng.standard_normal((n, WIDTH)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


async def _write(repo: MemoryRepo, db: Database, start: int, stop: int, traits: int,
                 vectors: np.ndarray) -> None:  # fmt: skip
    batch = 1000
    for first in range(start, stop, batch):
        entries = [
            MemoryEntry(
                id=f"m{i:07d}", persona="p", trait=f"t{i % traits}", conversation_id=None,
                prompt=f"question {i} about the shop?", reply=f"Answer {i}: the shop says so.",
                vector=vectors[i].tolist(), quality=0.9, keep=True,
            )
            for i in range(first, min(stop, first + batch))
        ]  # fmt: skip
        async with db.write() as conn:
            await repo.apply(conn, entries, time.time())


async def _measure(
    repo: MemoryRepo, query: np.ndarray, traits: list[str], searches: int
) -> dict[str, Any]:
    index = MemoryIndex(repo, MemoryPolicy(refresh_s=3600.0))
    start = time.perf_counter()
    await index.catch_up("p", force=True)
    load_s = time.perf_counter() - start
    index.search("p", traits, query, float("-inf"))  # stacks the matrices once
    times = []
    found = 0
    for _ in range(searches):
        t0 = time.perf_counter()
        found = len(index.search("p", traits, query, float("-inf")))
        times.append((time.perf_counter() - t0) * 1000)
    ordered = sorted(times)
    return {
        "searched": sum(index.size("p", t) for t in traits),
        "found": found,
        "p50_ms": round(statistics.median(ordered), 3),
        "p99_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))], 3),
        "first_catch_up_s": round(load_s, 2),
    }


async def _bench(sizes: list[int], searches: int, tmp: Path) -> dict[str, Any]:
    rng = np.random.default_rng(7)
    biggest = max(sizes)
    vectors = _unit(rng, biggest)
    query = _unit(rng, 1)[0]
    # A few turns near the query (cosine ~0.9) in every layout, so a search finds them.
    for i in range(0, biggest, max(1, biggest // 10))[:10]:
        near = query + 0.45 * _unit(rng, 1)[0]
        vectors[i] = near / np.linalg.norm(near)
    results: dict[str, Any] = {}
    for layout in ("one_trait", "budgeted"):
        db = Database(f"sqlite+aiosqlite:///{tmp / (layout + '.db')}")
        await db.open()
        await ensure_schema(db)
        repo = MemoryRepo(db)
        written = 0
        rows: dict[str, Any] = {}
        for size in sorted(sizes):
            traits = 1 if layout == "one_trait" else max(1, size // PER_TRAIT)
            if layout == "budgeted":  # a fresh store per size: its traits depend on it
                await db.close()
                db = Database(f"sqlite+aiosqlite:///{tmp / f'{layout}-{size}.db'}")
                await db.open()
                await ensure_schema(db)
                repo, written = MemoryRepo(db), 0
            start = time.perf_counter()
            await _write(repo, db, written, size, traits, vectors)
            written = size
            searched = list(dict.fromkeys(["t0", f"t{traits - 1}"]))
            rows[str(size)] = {
                **await _measure(repo, query, searched, searches),
                "write_s": round(time.perf_counter() - start, 1),
            }
        await db.close()
        results[layout] = rows
    return {
        "sizes": sorted(sizes),
        "searches": searches,
        **results,
        # What a persona meets with the default budget: the routed trait and general.
        "goals": {"p99_under_5ms_at_largest": results["budgeted"][str(biggest)]["p99_ms"] <= 5.0},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--searches", type=int, default=300)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        result = asyncio.run(_bench(sizes, args.searches, Path(tmp)))
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "memory_retrieval.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result) if args.json else json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
