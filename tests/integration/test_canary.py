"""Canary rollout on a tiny model, through the real path: a new version serves a share of
conversations beside the active one (sticky per conversation), the scored turns each arm served
are compared by the post-deploy monitor, and the canary is promoted or rolled back by itself.
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
from lifelong.events import (
    CanaryPromoted,
    CanaryStarted,
    LayerAutoRolledBack,
    LayerRolledBack,
    LifelongEvent,
)
from lifelong.genome.store import NewLayer
from tests.integration.test_genome import _adapter

pytestmark = pytest.mark.integration

CONVERSATIONS = 40  # at a fraction of one half, ~20 each way: above min_samples below


def _config(tmp_path: Path, tiny_model_dir: Path, url: str) -> RuntimeConfig:
    return RuntimeConfig(
        home=tmp_path / "home",
        database_url=url,
        background=False,
        training={"providers": ["local"], "base_model": str(tiny_model_dir)},
        genome={"max_new_tokens": 4},
        monitor={"min_samples": 8, "max_drop": 0.05, "confidence": 0.99},
        rollout={"canary_fraction": 0.5},
        # A short quality window: a quality-drop job would fire on the bad canary's turns if
        # the trigger were not held after its rollback.
        triggers={"quality_window": 8, "threshold": 1000},
    )


async def _add(rt: Runtime, tiny: Path, folder: Path) -> int:
    """A version that passed its gate, deployed as the runtime's deploy step does."""
    staged = await rt.layers.stage(
        NewLayer(kind="local", provider="local", artifact_dir=folder,
                 manifest={"base_model": {"name": str(tiny)}})
    )  # fmt: skip
    return await rt.layers.add(
        "ada", "math", staged, evaluation={"gate": {"passed": True, "reason": "test gate"}},
        deploy=True, by="auto-test", canary=rt.config.rollout.canary_fraction,
    )  # fmt: skip


async def _serve(rt: Runtime, *, canary_rating: float, round_: int = 0) -> dict[str, int]:
    """One turn in each of CONVERSATIONS new conversations, recorded with its generation and
    conversation id; the canary's answers get ``canary_rating`` (and a correction when it is
    low), the active version's a full rating. Returns how many turns each arm answered.
    """
    ada = await rt.persona("ada")
    answered = {"canary": 0, "stable": 0}
    for n in range(CONVERSATIONS):
        i = round_ * CONVERSATIONS + n
        cid = f"conversation-{i}"
        question = [{"role": "user", "content": f"What is {i} plus 2?"}]
        g = await ada.generate(question, traits=["math"], conversation_id=cid)
        assert g.arm in ("canary", "stable")
        assert g.layers == {"math": 2 if g.arm == "canary" else 1}
        # Sticky: the conversation's next turn is answered by the same arm.
        again = await ada.generate(question, traits=["math"], conversation_id=cid)
        assert again.arm == g.arm
        answered[g.arm] += 1
        turn = [*question, {"role": "assistant", "content": g.text.strip() or "..."}]
        interaction = await ada.record(
            turn, trait="math", generation=g, metadata={"conversation_id": cid}
        )
        bad = g.arm == "canary" and canary_rating < 0.5
        await ada.feedback(interaction, rating=canary_rating if g.arm == "canary" else 1.0,
                           correction=f"{i} plus 2 is {i + 2}." if bad else None)  # fmt: skip
    await rt.score_pending()
    return answered


async def _serve_until_judged(
    rt: Runtime, *, canary_rating: float, rounds: int = 6
) -> tuple[dict[str, Any], dict[str, int]]:
    """Serve rounds of conversations until the monitor decides about the canary (a verdict
    other than "watching"), and return that judgement with the turns each arm answered.

    How many turns the monitor needs to be sure depends on the qualities the scorer gave the
    tiny model's answers, and those on the last bits of the CPU's arithmetic: the test waits
    for the decision rather than assume one round of turns is enough.
    """
    answered = {"canary": 0, "stable": 0}
    for round_ in range(rounds):
        served = await _serve(rt, canary_rating=canary_rating, round_=round_)
        answered = {arm: answered[arm] + served[arm] for arm in answered}
        judged = [j for j in await rt.check_monitor() if j.get("canary")]
        assert len(judged) <= 1, judged
        if judged and judged[0]["verdict"]["verdict"] != "watching":
            return judged[0], answered
    raise AssertionError(f"no decision about the canary after {rounds} rounds: {judged}")


async def _v1_serving_and_v2_as_canary(
    rt: Runtime, tmp_path: Path, tiny: Path, *, v2_seed: int = 2
) -> None:
    await rt.persona("ada", traits=[Trait("math", "adds numbers")])
    # The first version has nothing to run beside: it is deployed outright.
    assert await _add(rt, tiny, _adapter(tiny, tmp_path / "one", seed=1)) == 1
    assert (await rt.layers.active("ada"))["math"]["version"] == 1
    assert await rt.layers.canaries("ada") == {}
    assert await _add(rt, tiny, _adapter(tiny, tmp_path / "two", seed=v2_seed)) == 2
    # v2 runs beside v1 instead of replacing it.
    assert (await rt.layers.active("ada"))["math"]["version"] == 1
    canary = (await rt.layers.canaries("ada"))["math"]
    assert canary["version"] == 2 and canary["fraction"] == 0.5 and canary["stable_version"] == 1
    listed = {v["version"]: v for v in await rt.layers.versions("ada", "math")}
    assert listed[2]["canary"] and not listed[2]["active"] and listed[1]["active"]


async def test_a_canary_serving_worse_is_rolled_back_and_the_active_version_serves_all(
    tmp_path: Path, tiny_model_dir: Path, embedder: Any, backend_url: str
) -> None:
    seen: list[LifelongEvent] = []
    async with Runtime.open(
        _config(tmp_path, tiny_model_dir, backend_url), embedder=embedder
    ) as rt:
        rt.subscribe(seen.append, kinds=[CanaryStarted, LayerAutoRolledBack, CanaryPromoted])
        await _v1_serving_and_v2_as_canary(rt, tmp_path, tiny_model_dir)
        judged, answered = await _serve_until_judged(rt, canary_rating=0.0)
        assert answered["canary"] >= 8 and answered["stable"] >= 8
        verdict = judged["verdict"]
        assert judged["canary"] and judged["version"] == 2 and judged["previous"] == 1
        assert verdict["verdict"] == "worse" and verdict["new_n"] == answered["canary"]
        assert verdict["new_mean"] < verdict["old_mean"] and verdict["new_correction_rate"] == 1.0

        # The canary is gone, v1 never stopped being active, v2 carries the verdict.
        assert await rt.layers.canaries("ada") == {}
        assert (await rt.layers.active("ada"))["math"]["version"] == 1
        assert (await rt.layers.get("ada", "math", 2))["monitor"]["verdict"] == "worse"
        assert [e.kind for e in seen] == ["CanaryStarted", "LayerAutoRolledBack"], seen
        started, rolled = seen
        assert isinstance(started, CanaryStarted) and started.fraction == 0.5
        assert started.version == 2 and started.stable == 1
        assert isinstance(rolled, LayerAutoRolledBack) and rolled.canary and rolled.is_alert
        assert rolled.from_version == 2 and rolled.to_version == 1
        history = await rt.layer_history("ada", "math")
        assert [(h["action"], h["from_version"], h["to_version"], h["canary"])
                for h in history] == [
            ("deploy", None, 1, False), ("canary", 1, 2, True), ("auto-rollback", 2, 1, True),
        ]  # fmt: skip

        # Every conversation is v1's again, and nothing is left to judge.
        g = await (await rt.persona("ada")).generate(
            [{"role": "user", "content": "What is 2 plus 2?"}], traits=["math"],
            conversation_id="conversation-0",
        )  # fmt: skip
        assert g.layers == {"math": 1} and g.arm is None
        assert not [j for j in await rt.check_monitor() if j.get("canary")]
        # The loop does not flap: the bad canary's turns do not fire a quality-drop job.
        await rt.store.genome.set_baseline("ada", "math", 0.9)
        assert await rt.check_triggers() == []

        # A later canary whose artifact turns out corrupt falls back to the active v1, never
        # to v2, which the monitor found worse.
        assert await _add(rt, tiny_model_dir, _adapter(tiny_model_dir, tmp_path / "3", 3)) == 3
        v3 = (await rt.layers.canaries("ada"))["math"]
        weights = rt.artifacts.path_of(v3["artifact_sha256"]) / "adapter_model.safetensors"
        weights.write_bytes(b"not the trained weights")
        ada = await rt.persona("ada")
        answered = set()
        for i in range(12):  # at a fraction of one half, some land on the canary's side
            reply = await ada.generate([{"role": "user", "content": "2 plus 2?"}],
                                       traits=["math"], conversation_id=f"again-{i}")  # fmt: skip
            answered.add(reply.layers["math"])
        assert answered == {1}
        # (It was tried, found corrupt, and said so.)
        assert await rt.list_events("ada", kinds=["LayerCorrupted"])
        (html, _report) = (await rt.write_reports("ada"))[0]
        page = html.read_text()
        assert "deployed as a canary" in page and "canary v2 rolled back" in page

    home = str(tmp_path / "home")
    shown = await asyncio.to_thread(
        CliRunner().invoke,
        cli,
        ["layers", "history", "ada", "math", "--json", "--home", home, "--db", backend_url],
    )
    assert shown.exit_code == 0, shown.output
    assert [h["action"] for h in json.loads(shown.output)] == [
        "deploy", "canary", "auto-rollback", "canary"]  # fmt: skip


async def test_a_canary_serving_as_well_is_promoted(
    tmp_path: Path, tiny_model_dir: Path, embedder: Any, backend_url: str
) -> None:
    seen: list[LifelongEvent] = []
    async with Runtime.open(
        _config(tmp_path, tiny_model_dir, backend_url), embedder=embedder
    ) as rt:
        rt.subscribe(seen.append, kinds=[CanaryPromoted, LayerRolledBack, LayerAutoRolledBack])
        # v2 answers as v1 does (the same weights, another version): whatever the scorer makes
        # of the tiny model's answers, the two arms serve alike, so more turns can only show
        # that the canary is not worse.
        await _v1_serving_and_v2_as_canary(rt, tmp_path, tiny_model_dir, v2_seed=1)
        judged, _ = await _serve_until_judged(rt, canary_rating=1.0)
        assert judged["canary"] and judged["verdict"]["verdict"] == "kept", judged
        assert "not worse" in judged["verdict"]["reason"]
        active = (await rt.layers.active("ada"))["math"]
        assert active["version"] == 2 and active["activated_by"] == "auto-promote"
        assert await rt.layers.canaries("ada") == {}
        (promoted,) = seen
        assert isinstance(promoted, CanaryPromoted)
        assert promoted.version == 2 and promoted.previous == 1
        assert promoted.evidence["verdict"] == "kept"
        assert [h["action"] for h in await rt.layer_history("ada", "math")] == [
            "deploy", "canary", "promote",
        ]  # fmt: skip
        # Promoted on evidence: the monitor does not watch it again, and it serves everyone.
        assert await rt.check_monitor() == []
        g = await (await rt.persona("ada")).generate(
            [{"role": "user", "content": "What is 2 plus 2?"}], traits=["math"]
        )
        assert g.layers == {"math": 2} and g.arm is None


async def test_an_admin_move_ends_a_running_canary(
    tmp_path: Path, tiny_model_dir: Path, embedder: Any, backend_url: str
) -> None:
    async with Runtime.open(
        _config(tmp_path, tiny_model_dir, backend_url), embedder=embedder
    ) as rt:
        await _v1_serving_and_v2_as_canary(rt, tmp_path, tiny_model_dir)
        # Activating the active version again is how an admin stops a canary by hand.
        await rt.layers.activate("ada", "math", 1, by="cli:admin", reason="not now")
        assert await rt.layers.canaries("ada") == {}
        (moved,) = await rt.store.events.list("ada", kinds=["LayerActivated"])
        assert moved["payload"]["canary_ended"] == 2
        # A canary is never pruned while it runs; v3 replaces a running canary.
        assert await _add(rt, tiny_model_dir, _adapter(tiny_model_dir, tmp_path / "3", 3)) == 3
        assert await _add(rt, tiny_model_dir, _adapter(tiny_model_dir, tmp_path / "4", 4)) == 4
        assert (await rt.layers.canaries("ada"))["math"]["version"] == 4
        result = await rt.layers.prune("ada", "math", keep=1)
        assert ("math", 4) in result.kept and ("math", 1) in result.kept
        assert sorted(result.pruned) == [("math", 2), ("math", 3)]

    home = str(tmp_path / "home")
    invoke = CliRunner().invoke  # in a thread: the CLI runs its own event loop
    listed = await asyncio.to_thread(
        invoke,
        cli,
        ["layers", "list", "--persona", "ada", "--json", "--home", home, "--db", backend_url],
    )
    assert listed.exit_code == 0, listed.output
    flags = {r["version"]: (r["active"], r["canary"]) for r in json.loads(listed.output)}
    assert flags[1] == (True, False) and flags[4] == (False, True)
    table = await asyncio.to_thread(
        invoke,
        cli,
        ["layers", "show", "ada", "math", "4", "--home", home, "--db", backend_url],
        terminal_width=200,
    )
    assert table.exit_code == 0 and "canary, 50% of conversations" in table.output
