"""The runtime scores and triggers by itself, on its APScheduler intervals."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from lifelong import Runtime, RuntimeConfig, Trait

pytestmark = pytest.mark.integration

PAIRS = [
    ("How do I reverse a list in Python?", "Use slicing: items[::-1] returns a reversed copy."),
    ("How do I sort a list in Python?", "Call sorted(items) for a new list or items.sort()."),
    ("How do I read a file in Python?", "Use with open(path) as f: text = f.read()."),
]


async def test_recorded_turns_get_scored_routed_and_queued_without_being_asked(
    tmp_path: Path, embedder: object
) -> None:
    config = RuntimeConfig(
        home=tmp_path / "home",
        scoring={"interval_s": 0.2},
        triggers={"interval_s": 0.3, "threshold": 3, "min_quality": 0.5},
    )
    async with Runtime.open(config, embedder=embedder) as rt:  # type: ignore[arg-type]
        ada = await rt.persona(
            "ada",
            traits=[
                Trait("python-tutor", "explains Python programming"),
                Trait("chef", "gives cooking recipes"),
            ],
            profile={"description": "A patient Python tutor."},
        )
        for question, answer in PAIRS:  # no trait given: routing decides
            await ada.record([{"role": "user", "content": question},
                              {"role": "assistant", "content": answer}])  # fmt: skip
        for _ in range(100):
            jobs = await rt.training.list("ada")
            if jobs:
                break
            await asyncio.sleep(0.1)
        assert [(j["trait"], j["status"]) for j in jobs] == [("python-tutor", "queued")]
        rows = await rt.interactions.list("ada")
        assert all(r.trait == "python-tutor" and r.quality is not None for r in rows)
        assert all(r.quality >= 0.5 for r in rows)  # type: ignore[operator]
