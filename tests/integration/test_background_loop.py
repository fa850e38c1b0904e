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
        jobs={"workers": 0},  # this test stops at the queue; the next one runs the whole loop
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
            jobs = await rt.list_jobs("ada")
            if jobs:
                break
            await asyncio.sleep(0.1)
        assert [(j.trait, j.status) for j in jobs] == [("python-tutor", "queued")]
        rows = await rt.store.interactions.list("ada")
        assert all(r.trait == "python-tutor" and r.quality is not None for r in rows)
        assert all(r.quality >= 0.5 for r in rows)  # type: ignore[operator]


async def test_the_whole_loop_runs_by_itself_to_a_deployed_layer_and_a_report(
    tmp_path: Path, embedder: object, tiny_model_dir: Path
) -> None:
    """record -> score -> trigger -> dataset -> train -> auto-test -> deploy -> mark used ->
    report, with nobody calling anything but ``record`` and ``write_reports``.
    """
    config = RuntimeConfig(
        home=tmp_path / "home",
        scoring={"interval_s": 0.2},
        triggers={"interval_s": 0.3, "threshold": 12, "min_quality": 0.3},
        jobs={"workers": 1, "poll_s": 0.2},
        training={
            "providers": ["local"],
            "base_model": str(tiny_model_dir),
            "local": {
                "max_steps": 8,
                "save_steps": 4,
                "replay_ratio": 0.0,
                "learning_rate": 5e-2,
                "batch_size": 4,
            },
        },
    )
    deployed = asyncio.Event()
    async with Runtime.open(config, embedder=embedder) as rt:  # type: ignore[arg-type]
        rt.subscribe(lambda event: deployed.set(), kinds=["LayerDeployed", "LayerRejected"])
        ada = await rt.persona("ada", traits=[Trait("python-tutor", "explains Python programming")])
        for i in range(16):
            question, answer = PAIRS[i % len(PAIRS)]
            await ada.record([{"role": "user", "content": f"{question} (variant {i})"},
                              {"role": "assistant", "content": f"{answer} Example {i}."}],
                             trait="python-tutor")  # fmt: skip
        await asyncio.wait_for(deployed.wait(), 240)
        (job,) = await rt.list_jobs("ada")
        assert job.status in ("deployed", "rejected")
        versions = await rt.layers.versions("ada")
        assert [v["version"] for v in versions] == [1]
        assert versions[0]["evaluation"]["gate"]["reason"]
        if job.status == "deployed":
            assert versions[0]["active"]
            assert await rt.store.interactions.count("ada", used=True) == 16
        ((html, data),) = await rt.write_reports("ada")
        page = html.read_text()
        assert page.count("<svg") >= 2 and "python-tutor" in page
        assert '"sessions"' in data.read_text()
