"""The closed loop on a tiny model: generate -> record (attributed) -> feedback -> scoring ->
post-deploy monitor. A version serving worse than the one before it is rolled back by the
runtime itself; one serving as well is left alone.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from lifelong import Runtime, RuntimeConfig, Trait
from lifelong.cli import cli
from lifelong.errors import InvalidRecord
from lifelong.events import LayerAutoRolledBack, LayerRolledBack, LifelongEvent
from lifelong.genome.store import NewLayer
from tests.integration.test_genome import _adapter

pytestmark = pytest.mark.integration

TURNS = 10  # served per version: above the monitor's min_samples below


def _config(tmp_path: Path, tiny_model_dir: Path, url: str | None = None) -> RuntimeConfig:
    return RuntimeConfig(
        home=tmp_path / "home",
        database_url=url,
        background=False,
        training={"providers": ["local"], "base_model": str(tiny_model_dir)},
        genome={"max_new_tokens": 4},
        monitor={"min_samples": 8, "max_drop": 0.05, "confidence": 0.99},
        # A short window, so a quality-drop job would fire on the bad version's turns if the
        # trigger were not held after the rollback.
        triggers={"quality_window": 8, "threshold": 1000},
    )


async def _version(rt: Runtime, tiny: Path, folder: Path, *, deploy: bool) -> int:
    staged = await rt.layers.stage(
        NewLayer(kind="local", provider="local", artifact_dir=folder,
                 manifest={"base_model": {"name": str(tiny)}})
    )  # fmt: skip
    gate = {"passed": deploy, "reason": "test gate"}
    return await rt.layers.add(
        "ada", "math", staged, evaluation={"gate": gate}, deploy=deploy, by="auto-test"
    )


async def _serve(rt: Runtime, *, version: int | None, rating: float, correct: bool) -> None:
    """Answer TURNS questions with the active layer (None: the base model), record each turn
    with its generation, and give the feedback a user would.
    """
    ada = await rt.persona("ada")
    for i in range(TURNS):
        question = [{"role": "user", "content": f"What is {i} plus {version or 0}?"}]
        generation = await ada.generate(question, traits=["math"])
        assert generation.id and generation.layers == ({"math": version} if version else {})
        turn = [*question, {"role": "assistant", "content": generation.text.strip() or "..."}]
        interaction = await ada.record(turn, trait="math", generation=generation)
        await ada.feedback(
            interaction, rating=rating,
            correction=f"{i} plus {version or 0} is {i + (version or 0)}." if correct else None,
        )  # fmt: skip


async def _two_versions(rt: Runtime, tmp_path: Path, tiny: Path) -> None:
    """v1 deployed and serving well; v2 (which the gate refused) activated by an admin."""
    await rt.persona("ada", traits=[Trait("math", "adds numbers")])
    assert await _version(rt, tiny, _adapter(tiny, tmp_path / "good", seed=1), deploy=True) == 1
    await _serve(rt, version=1, rating=1.0, correct=False)
    assert await _version(rt, tiny, _adapter(tiny, tmp_path / "bad", seed=2), deploy=False) == 2
    await rt.layers.activate("ada", "math", 2, by="cli:admin", reason="try the new one",
                             force=True)  # fmt: skip


async def test_a_version_serving_worse_is_rolled_back_by_the_runtime(
    tmp_path: Path, tiny_model_dir: Path, embedder: Any
) -> None:
    seen: list[LifelongEvent] = []
    async with Runtime.open(_config(tmp_path, tiny_model_dir), embedder=embedder) as rt:
        rt.subscribe(seen.append, kinds=[LayerRolledBack, LayerAutoRolledBack])
        await _two_versions(rt, tmp_path, tiny_model_dir)
        await _serve(rt, version=2, rating=0.0, correct=True)
        await rt.score_pending()

        (judged,) = await rt.check_monitor()
        assert judged["version"] == 2 and judged["previous"] == 1
        verdict = judged["verdict"]
        assert verdict["verdict"] == "worse" and verdict["new_n"] == verdict["old_n"] == TURNS
        assert verdict["new_mean"] < verdict["old_mean"] and verdict["p_value"] < 0.01
        assert verdict["new_correction_rate"] == 1.0 and verdict["old_correction_rate"] == 0.0

        # v1 serves again; v2 carries the verdict with its evidence, in its own column.
        assert (await rt.layers.active("ada"))["math"]["version"] == 1
        v2 = await rt.layers.get("ada", "math", 2)
        assert v2["monitor"]["verdict"] == "worse" and v2["monitor"]["previous_version"] == 1
        history = await rt.layer_history("ada", "math")
        assert [(h["action"], h["from_version"], h["to_version"], h["by"]) for h in history] == [
            ("deploy", None, 1, "auto-test"),
            ("activate", 1, 2, "cli:admin"),
            ("auto-rollback", 2, 1, "auto-rollback"),
        ]
        assert history[1]["reason"] == "try the new one"
        assert "served worse than v1" in history[2]["reason"]
        assert history[2]["evidence"]["verdict"] == "worse"
        # One typed event, an alert, that is also a LayerRolledBack for older subscribers.
        (event,) = seen
        assert isinstance(event, LayerAutoRolledBack) and isinstance(event, LayerRolledBack)
        assert event.is_alert and event.from_version == 2 and event.to_version == 1
        assert event.evidence["verdict"] == "worse"

        # The loop does not flap: the quality-drop trigger holds, the monitor leaves the
        # restored version alone, and v1 still answers.
        assert await rt.check_triggers() == []
        assert await rt.check_monitor() == []
        generation = await (await rt.persona("ada")).generate(
            [{"role": "user", "content": "What is 2 plus 2?"}], traits=["math"]
        )
        assert generation.layers == {"math": 1}
        # The default rollback never picks a version the monitor found worse.
        await rt.layers.activate("ada", "math", 2, by="cli:admin", reason="again", force=True)
        assert await rt.layers.rollback("ada", "math", by="cli:admin") == 1

        (html, report) = (await rt.write_reports("ada"))[0]
        timeline = json.loads(report.read_text())["events"]["timeline"]
        assert any(e["kind"] == "LayerAutoRolledBack" for e in timeline)
        assert "served worse than v1" in html.read_text()

    # The history from the command line, as an admin reads it.
    home = str(tmp_path / "home")
    invoke = CliRunner().invoke  # in a thread: the CLI runs its own event loop
    shown = await asyncio.to_thread(
        invoke, cli, ["layers", "history", "ada", "math", "--json", "--home", home]
    )
    assert shown.exit_code == 0, shown.output
    actions = [(h["action"], h["by"]) for h in json.loads(shown.output)]
    assert actions[2] == ("auto-rollback", "auto-rollback")
    assert actions[3][0] == "activate" and actions[4][0] == "rollback"
    table = await asyncio.to_thread(
        invoke, cli, ["layers", "history", "ada", "--home", home], terminal_width=200
    )
    assert table.exit_code == 0 and "auto-rollback" in table.output


async def test_a_version_serving_as_well_stays(
    tmp_path: Path, tiny_model_dir: Path, embedder: Any
) -> None:
    async with Runtime.open(_config(tmp_path, tiny_model_dir), embedder=embedder) as rt:
        await _two_versions(rt, tmp_path, tiny_model_dir)
        await _serve(rt, version=2, rating=1.0, correct=False)
        await rt.score_pending()
        (judged,) = await rt.check_monitor()
        assert judged["verdict"]["verdict"] == "watching"
        assert judged["verdict"]["p_value"] > 0.01
        assert (await rt.layers.active("ada"))["math"]["version"] == 2
        assert [h["action"] for h in await rt.layer_history("ada")] == ["deploy", "activate"]


async def test_generations_are_stored_and_recording_checks_the_id(
    tmp_path: Path, tiny_model_dir: Path
) -> None:
    async with Runtime.open(_config(tmp_path, tiny_model_dir)) as rt:
        ada = await rt.persona("ada", traits=[Trait("math", "adds numbers")])
        await _version(rt, tiny_model_dir, _adapter(tiny_model_dir, tmp_path / "a", 1), deploy=True)
        question = [{"role": "user", "content": "What is 1 plus 1?"}]
        generation = await ada.generate(question, traits=["math"])
        stored = await rt.store.generations.get(generation.id)
        assert stored is not None and stored["layers"] == {"math": 1}
        assert stored["base_model"] == generation.base_model
        turn = [*question, {"role": "assistant", "content": "2"}]
        by_id = await ada.record(turn, trait="math", generation=generation.id)
        assert (await rt.store.interactions.get(by_id)).generation_id == generation.id
        with pytest.raises(InvalidRecord, match="generation"):
            await ada.record(turn, generation="01a2b3c4-0000-7000-8000-000000000000")
        with pytest.raises(InvalidRecord, match="generation"):
            await ada.record(turn, generation=42)
    # A generation id outlives the process that issued it.
    async with Runtime.open(_config(tmp_path, tiny_model_dir)) as rt:
        ada = await rt.persona("ada")
        again = await ada.record(turn, generation=generation)
        assert (await rt.store.interactions.get(again)).generation_id == generation.id


async def test_generations_no_turn_names_are_swept_after_the_retention(
    tmp_path: Path, tiny_model_dir: Path, backend_url: str
) -> None:
    import time

    async with Runtime.open(_config(tmp_path, tiny_model_dir, backend_url)) as rt:
        ada = await rt.persona("ada", traits=[Trait("math", "adds numbers")])
        await _version(rt, tiny_model_dir, _adapter(tiny_model_dir, tmp_path / "a", 1), deploy=True)
        question = [{"role": "user", "content": "What is 1 plus 1?"}]
        kept = await ada.generate(question, traits=["math"])
        dropped = [await ada.generate(question, traits=["math"]) for _ in range(3)]
        turn = [*question, {"role": "assistant", "content": "2"}]
        await ada.record(turn, trait="math", generation=kept)
        await rt.score_pending()
        # Within the retention nothing goes.
        assert await rt.sweep_generations() == 0
        later = time.time() + rt.config.genome.generation_retention_days * 86_400 + 60
        assert await rt.sweep_generations(now=later) == 3
        assert await rt.sweep_generations(now=later) == 0
        # The turn's generation and its attribution stay: the monitor still sees what v1 served.
        assert await rt.store.generations.get(kept.id) is not None
        v1 = (await rt.layers.active("ada"))["math"]
        assert len(await rt.store.generations.served(v1["id"])) == 1
        # A swept id is unknown now, even to the process that issued it.
        with pytest.raises(InvalidRecord, match="generation"):
            await ada.record(turn, generation=dropped[0])


async def test_a_first_version_serving_worse_than_the_base_model_goes_back_to_it(
    tmp_path: Path, tiny_model_dir: Path, embedder: Any, backend_url: str
) -> None:
    async with Runtime.open(
        _config(tmp_path, tiny_model_dir, backend_url), embedder=embedder
    ) as rt:
        await rt.persona("ada", traits=[Trait("math", "adds numbers")])
        await _serve(rt, version=None, rating=1.0, correct=False)  # the base model, well
        assert await _version(rt, tiny_model_dir, _adapter(tiny_model_dir, tmp_path / "v1", 1),
                              deploy=True) == 1  # fmt: skip
        await _serve(rt, version=1, rating=0.0, correct=True)
        await rt.score_pending()

        (judged,) = await rt.check_monitor()
        assert judged["version"] == 1 and judged["previous"] is None
        verdict = judged["verdict"]
        assert verdict["verdict"] == "worse" and verdict["old_n"] == verdict["new_n"] == TURNS
        assert "math" not in await rt.layers.active("ada")  # the base model answers again
        history = await rt.layer_history("ada", "math")
        assert [(h["action"], h["from_version"], h["to_version"]) for h in history] == [
            ("deploy", None, 1), ("auto-rollback", 1, None)]  # fmt: skip
        assert "served worse than the base model" in history[1]["reason"]
        assert await rt.check_monitor() == []

        # An admin who activates it again knowingly is not overruled by the old verdict: it
        # is judged afresh on what it serves from now on, and keeps its verdict meanwhile.
        await rt.layers.activate("ada", "math", 1, by="cli:admin", reason="try again")
        (judged,) = await rt.check_monitor()
        assert judged["verdict"]["verdict"] == "watching" and judged["verdict"]["new_n"] == 0
        assert (await rt.layers.active("ada"))["math"]["version"] == 1
        assert (await rt.layers.get("ada", "math", 1))["monitor"]["verdict"] == "worse"


async def test_a_rollback_judged_on_one_layer_does_not_move_a_pointer_that_moved_since(
    tmp_path: Path, tiny_model_dir: Path, backend_url: str
) -> None:
    from lifelong.errors import PointerMoved

    async with Runtime.open(_config(tmp_path, tiny_model_dir, backend_url)) as rt:
        await rt.persona("ada", traits=[Trait("math", "adds numbers")])
        for seed in (1, 2):
            folder = _adapter(tiny_model_dir, tmp_path / f"v{seed}", seed)
            assert await _version(rt, tiny_model_dir, folder, deploy=True) == seed
        v1 = await rt.layers.get("ada", "math", 1)
        v2 = await rt.layers.get("ada", "math", 2)
        # The monitor judged v1 (say), then v2 was deployed: its rollback must not touch v2.
        with pytest.raises(PointerMoved):
            await rt.layers.to_base("ada", "math", by="auto-rollback", from_layer=v1["id"])
        with pytest.raises(PointerMoved):
            await rt.layers.rollback("ada", "math", to=1, by="auto-rollback",
                                     from_layer=v1["id"])  # fmt: skip
        assert (await rt.layers.active("ada"))["math"]["version"] == 2
        await rt.layers.rollback("ada", "math", to=1, by="auto-rollback", from_layer=v2["id"])
        assert (await rt.layers.active("ada"))["math"]["version"] == 1
