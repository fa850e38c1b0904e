"""Scoring benchmark: interactions scored per second, batched vs one at a time, same run.

Both paths use the real composite scorer over MiniLM on this CPU; the batched path embeds all
texts of a batch in one call (what the scoring worker does), the baseline scores each
interaction on its own. Also reports the end-to-end worker rate (store -> score -> store).

    python bench/scoring.py --json [--n 512] [--batch 256]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
import time
from pathlib import Path

from lifelong import Runtime, RuntimeConfig, Trait
from lifelong.learning.embeddings import MiniLMEmbedder
from lifelong.learning.scoring import CompositeScorer, ScoreInput

TOPICS = ["lists", "dicts", "files", "classes", "generators", "decorators", "sets", "strings"]


def _inputs(n: int) -> list[ScoreInput]:
    return [
        ScoreInput(
            interaction_id=str(i),
            prompt=f"Question {i}: how do {TOPICS[i % 8]} work in Python?",
            reply=f"In Python, {TOPICS[i % 8]} are built in; here is example number {i}.",
            profile_text="A patient Python tutor who explains with short examples.",
            next_user_turn="Thanks, that helps!" if i % 3 else "No, that's wrong.",
        )
        for i in range(n)
    ]


async def _worker_rate(embedder: MiniLMEmbedder, n: int, batch: int) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        config = RuntimeConfig(home=Path(tmp), background=False, scoring={"batch_size": batch})
        async with Runtime.open(config, embedder=embedder) as rt:
            ada = await rt.persona("ada", traits=[Trait("python-tutor", "explains Python")])
            for item in _inputs(n):
                await ada.record(
                    [{"role": "user", "content": item.prompt},
                     {"role": "assistant", "content": item.reply}],
                    metadata={"conversation_id": item.interaction_id},
                )  # fmt: skip
            started = time.perf_counter()
            scored = await rt.score_pending()
            return scored / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=512)
    parser.add_argument("--baseline-n", type=int, default=128)
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    embedder = MiniLMEmbedder(batch_size=64)
    scorer = CompositeScorer(embedder)
    scorer.score(_inputs(8))  # load and warm up

    items = _inputs(args.n)
    started = time.perf_counter()
    for i in range(0, len(items), args.batch):
        scorer.score(items[i : i + args.batch])
    batched = len(items) / (time.perf_counter() - started)

    single_items = _inputs(args.baseline_n)
    started = time.perf_counter()
    for item in single_items:
        scorer.score([item])
    single = len(single_items) / (time.perf_counter() - started)

    worker = asyncio.run(_worker_rate(embedder, args.n, args.batch))
    result = {
        "per_sec": round(batched, 1),
        "baseline_per_sec": round(single, 1),
        "speedup": round(batched / single, 2),
        "worker_per_sec": round(worker, 1),
        "n": args.n,
        "batch": args.batch,
    }
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:>18}: {value}")


if __name__ == "__main__":
    main()
