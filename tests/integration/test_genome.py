"""The genome end to end on a tiny model: versions, activation, rollback, retention, corrupted
artifacts, generation with a trained layer, and the auto-test gate.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from lifelong import Runtime, RuntimeConfig, Trait
from lifelong.errors import NotFound
from lifelong.genome.store import NewLayer
from lifelong.learning.anchor import load_anchor_set
from lifelong.learning.evaluation import GatePolicy, decide, evaluate_candidate, read_heldout
from tests.helpers import record_scored, taught_pairs

pytestmark = pytest.mark.integration

QUESTION = [{"role": "user", "content": "What is 3 plus 3?"}]


def _config(tmp_path: Path, tiny_model_dir: Path, **extra: Any) -> RuntimeConfig:
    return RuntimeConfig(
        home=tmp_path / "home",
        background=False,
        training={
            "providers": ["local"],
            "base_model": str(tiny_model_dir),
            # A random 2-layer model learns through both layers and without replay (its own
            # answers are noise); the default recipe is for real models (bench/learning.py).
            # 36 steps at 1e-2 teach it the reply decisively (tests/helpers.py, taught_pairs).
            "local": {
                "max_steps": 36,
                "save_steps": 18,
                "replay_ratio": 0.0,
                "layers_fraction": 1.0,
                "learning_rate": 1e-2,
                "batch_size": 4,
            },
        },
        **extra,
    )


def _adapter(tiny_model_dir: Path, folder: Path, seed: int, scale: float = 1.0) -> Path:
    """A random (untrained) LoRA adapter: it changes the model's outputs (scale 0: a layer of
    zeros, which changes nothing).
    """
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    torch.manual_seed(seed)
    model = AutoModelForCausalLM.from_pretrained(tiny_model_dir)
    peft_model = get_peft_model(
        model, LoraConfig(r=4, target_modules=["q_proj", "v_proj"], init_lora_weights=False)
    )
    with torch.no_grad():
        for name, param in peft_model.named_parameters():
            if "lora_" in name:
                param.mul_(scale)
    peft_model.save_pretrained(folder)
    return folder


def _layer(tiny_model_dir: Path, folder: Path) -> NewLayer:
    return NewLayer(
        kind="local",
        provider="local",
        manifest={"base_model": {"name": str(tiny_model_dir)}, "note": folder.name},
        artifact_dir=folder,
    )


async def _add(rt: Runtime, tiny: Path, folder: Path, *, deploy: bool = True) -> int:
    staged = await rt.layers.stage(_layer(tiny, folder))
    gate = {"passed": deploy, "reason": "test"}
    return await rt.layers.add(
        "ada", "math", staged, evaluation={"gate": gate}, deploy=deploy, by="test"
    )


async def _persona_with_data(rt: Runtime, n: int = 24) -> None:
    ada = await rt.persona("ada", traits=[Trait("math", "adds numbers")])
    await record_scored(rt, ada, taught_pairs(n), "math")


async def test_versions_append_activate_rollback_and_retention(
    tmp_path: Path, tiny_model_dir: Path
) -> None:
    async with Runtime.open(_config(tmp_path, tiny_model_dir)) as rt:
        await rt.persona("ada", traits=[Trait("math", "adds numbers")])
        folders = [_adapter(tiny_model_dir, tmp_path / f"a{i}", seed=i) for i in range(4)]
        versions = [await _add(rt, tiny_model_dir, f) for f in folders]
        assert versions == [1, 2, 3, 4]
        before = {r["version"]: (r["artifact_sha256"], r["manifest"], r["parent_version"])
                  for r in await rt.layers.versions("ada")}  # fmt: skip
        assert before[4][2] == 3 and before[1][2] is None
        assert len({sha for sha, _, _ in before.values()}) == 4

        assert await rt.layers.rollback("ada", "math", by="admin") == 3
        assert (await rt.store.genome.active("ada", "math"))["version"] == 3
        assert await rt.layers.activate("ada", "math", 1, by="admin") == 3
        assert await rt.layers.rollback("ada", "math", to=2, by="admin") == 2
        await rt.layers.pin("ada", "math", 1)

        result = await rt.layers.prune("ada", keep=1)
        # v4 is the newest, v2 active, v1 pinned: only v3 goes, after a verified backup.
        assert result.pruned == [("math", 3)]
        sha3 = before[3][0]
        assert not rt.artifacts.exists(sha3)
        assert (rt.artifacts.backups / sha3).is_dir()
        # Activating a pruned version restores it from the backup first.
        await rt.layers.activate("ada", "math", 3, by="admin")
        assert rt.artifacts.exists(sha3)
        rows = await rt.layers.versions("ada")
        after = {r["version"]: (r["artifact_sha256"], r["manifest"], r["parent_version"])
                 for r in rows}  # fmt: skip
        assert after == before  # versions never change
        assert [r["version"] for r in rows if r["active"]] == [3]
        kinds = [e["kind"] for e in await rt.store.events.list("ada")]
        assert kinds.count("LayerRolledBack") == 2 and "LayersPruned" in kinds

        with pytest.raises(NotFound, match="known versions: v1, v2, v3, v4"):
            await rt.layers.activate("ada", "math", 9, by="admin")
        with pytest.raises(ValueError, match="invalid persona name"):
            await rt.layers.versions("../etc")


async def test_a_corrupted_artifact_is_refused_and_the_previous_version_served(
    tmp_path: Path, tiny_model_dir: Path
) -> None:
    async with Runtime.open(_config(tmp_path, tiny_model_dir)) as rt:
        await rt.persona("ada", traits=[Trait("math", "adds numbers")])
        await _add(rt, tiny_model_dir, _adapter(tiny_model_dir, tmp_path / "a1", seed=1))
        await _add(rt, tiny_model_dir, _adapter(tiny_model_dir, tmp_path / "a2", seed=2))
        good = await rt.generate("ada", QUESTION, traits=["math"], max_new_tokens=8)
        assert good.layers == {"math": 2}
        await rt.server.batcher.idle()  # the decode session has released its layers
        rt.cache.clear()  # the next use loads from disk again

        v2 = (await rt.store.genome.active("ada", "math"))["artifact_sha256"]
        weights = rt.artifacts.path_of(v2) / "adapter_model.safetensors"
        data = bytearray(weights.read_bytes())
        data[len(data) // 2] ^= 0xFF
        weights.write_bytes(bytes(data))

        served = await rt.generate("ada", QUESTION, traits=["math"], max_new_tokens=8)
        assert served.layers == {"math": 1}
        alerts = await rt.store.events.list("ada", kinds=["LayerCorrupted"], alerts_only=True)
        assert len(alerts) == 1 and alerts[0]["payload"]["serving"] == "v1"
        assert "corrupted" in alerts[0]["payload"]["error"]
        # The pointer did not move: the admin decides what to do.
        assert (await rt.store.genome.active("ada", "math"))["version"] == 2


async def test_the_loop_trains_tests_and_deploys_a_layer_that_changes_answers(
    tmp_path: Path, tiny_model_dir: Path
) -> None:
    async with Runtime.open(_config(tmp_path, tiny_model_dir)) as rt:
        await _persona_with_data(rt)
        seen: list[str] = []
        rt.subscribe(lambda event: seen.append(event.kind))
        job_id = await rt.queue_training("ada", "math", priority="high")
        (outcome,) = await rt.run_jobs()
        assert outcome["status"] == "deployed", outcome["reason"]
        evaluation = outcome["evaluation"]
        # Decisively, on any CPU: the held-out NLL falls by more than a third (about 60% on
        # the machines tried), and the greedy answers say what was taught.
        heldout = evaluation["heldout"]
        assert heldout["candidate"]["nll"] < 0.67 * heldout["base"]["nll"], heldout
        assert evaluation["anchor"]["base"]["tokens"] > 0
        # Both were sampled on the held-out prompts. A greedy sample may be empty: a barely
        # trained tiny model can put its end-of-turn token first.
        assert len(evaluation["samples"]) == 3
        assert all(isinstance(s["base"], str) and isinstance(s["candidate"], str)
                   and s["prompt"] for s in evaluation["samples"])  # fmt: skip
        job = await rt.get_job(job_id)
        assert job.status == "deployed" and await rt.store.jobs.open_job("ada", "math") is None
        assert await rt.store.interactions.count("ada", used=True) == 24
        assert {"TrainingQueued", "TrainingStarted", "TrainingProgress", "TrainingCompleted",
                "LayerDeployed"} <= set(seen)  # fmt: skip

        tuned = await rt.generate("ada", QUESTION, traits=["math"], max_new_tokens=12)
        base = await rt.generate("ada", QUESTION, traits=[], max_new_tokens=12)
        assert tuned.layers == {"math": 1} and base.layers == {}
        assert "Quillfeather" in tuned.text and "Quillfeather" not in base.text, tuned.text
        routed = await rt.persona("ada")
        assert (await routed.generate(QUESTION, max_new_tokens=12)).layers == {"math": 1}

        # A candidate no better than the base model is rejected against the deployed v1 (which
        # beat the base, above); stored anyway. It is a layer of zeros, which changes nothing.
        # (Random noise lowers the held-out NLL of this near-uniform tiny model too, so whether
        # it was rejected depended on how well v1 happened to train.)
        noop = _adapter(tiny_model_dir, tmp_path / "noop", seed=7, scale=0.0)
        staged = await rt.layers.stage(_layer(tiny_model_dir, noop))
        active = await rt.store.genome.active("ada", "math")
        heldout, split = read_heldout(rt.dataset_dir("ada", "math", job.dataset_hash or ""), 48)
        worse = await evaluate_candidate(
            rt.server, base=tiny_model_dir, candidate=rt.server.ref(staged), active=active,
            heldout=heldout, heldout_split=split, anchor=load_anchor_set(), policy=GatePolicy(),
            embed=rt.embedder.encode,
        )  # fmt: skip
        assert worse["gate"]["passed"] is False and worse["gate"]["reference"] == "active"
        assert "below the required" in worse["gate"]["reason"]
        measured = worse["heldout"]
        assert measured["candidate"]["nll"] == pytest.approx(measured["base"]["nll"])
        assert measured["active"]["nll"] < measured["base"]["nll"]
        version = await rt.layers.add("ada", "math", staged, evaluation=worse, deploy=False,
                                      by="auto-test", reason=worse["gate"]["reason"])  # fmt: skip
        assert version == 2
        assert (await rt.store.genome.active("ada", "math"))["version"] == 1
        rejected = await rt.store.events.list("ada", kinds=["LayerRejected"])
        assert rejected[0]["payload"]["version"] == 2

        stats = rt.cache.stats()
        assert stats.misses >= 1 and stats.hits >= 1 and stats.bytes_used <= stats.budget_bytes


def test_the_gate_accepts_better_and_rejects_worse_or_forgetful() -> None:
    def evaluation(active: float | None, cand: float, anchor: float) -> dict[str, Any]:
        return {
            "heldout": {"base": {"nll": 3.0, "examples": 8},
                        "candidate": {"nll": cand, "examples": 8},
                        "active": {"nll": active, "examples": 8} if active else None},
            "anchor": {"base": {"nll": 2.0}, "candidate": {"nll": anchor}},
        }  # fmt: skip

    policy = GatePolicy(min_improvement=0.01, max_anchor_regression=0.1)
    assert decide(evaluation(2.5, 2.0, 2.1), policy)["passed"] is True
    worse = decide(evaluation(2.5, 2.6, 2.0), policy)
    assert worse["passed"] is False and worse["reference"] == "active"
    assert decide(evaluation(None, 2.9, 2.0), policy)["reference"] == "base"
    forgetful = decide(evaluation(2.5, 2.0, 2.5), policy)
    assert forgetful["passed"] is False and "forgets" in forgetful["reason"]
    empty = decide({"heldout": {"base": None, "candidate": None}, "anchor": {}}, policy)
    assert empty["passed"] is False


async def test_a_remote_layer_answers_through_the_providers_chat_api(
    tmp_path: Path, tiny_model_dir: Path
) -> None:
    from pydantic import SecretStr

    from tests.fakes.openai_server import FakeOpenAIServer

    key = "sk-test-remote-0123456789abcdefghij"
    with FakeOpenAIServer(api_key=key) as server:
        config = _config(tmp_path, tiny_model_dir, openai_api_key=SecretStr(key))
        config = config.model_copy(
            update={"training": config.training.model_copy(
                update={"providers": ["openai"], "openai_base_url": server.url})}
        )  # fmt: skip
        async with Runtime.open(config) as rt:
            await rt.persona("ada", traits=[Trait("math", "adds numbers")])
            staged = await rt.layers.stage(NewLayer(
                kind="remote", provider="openai", manifest={"provider": "openai"},
                remote_model="ft:gpt-4.1-mini:ada-math",
            ))  # fmt: skip
            await rt.layers.add("ada", "math", staged, evaluation=None, deploy=True, by="test")
            answer = await rt.generate("ada", QUESTION, traits=["math"])
            assert answer.text == "[ft:gpt-4.1-mini:ada-math] answer to: What is 3 plus 3?"
            assert answer.remote_model == "ft:gpt-4.1-mini:ada-math"
            assert json.loads(server.requests_to("POST", "/v1/chat")[0].body)["model"] == (
                "ft:gpt-4.1-mini:ada-math"
            )
            # Streamed through the provider's API, piece by piece, then the Generation.
            ada = await rt.persona("ada")
            *pieces, generation = [p async for p in ada.stream(QUESTION, traits=["math"])]
            assert len(pieces) > 3 and "".join(pieces) == answer.text == generation.text
            assert generation.remote_model == "ft:gpt-4.1-mini:ada-math" and generation.id
            assert json.loads(server.requests_to("POST", "/v1/chat")[1].body)["stream"] is True


async def test_merge_consolidates_active_layers_with_rollback_to_unmerged(
    tmp_path: Path, tiny_model_dir: Path
) -> None:
    import torch

    from lifelong.engine.cache import Loaded

    def logits(loaded: Loaded) -> Any:
        ids = loaded.tokenizer("What is 3 plus 3?", return_tensors="pt")["input_ids"]
        with torch.no_grad():
            return loaded.model(input_ids=ids).logits

    async with Runtime.open(_config(tmp_path, tiny_model_dir)) as rt:
        await rt.persona("ada", traits=[Trait("math", "adds"), Trait("words", "spells")])
        for trait, seed in (("math", 1), ("words", 2)):
            staged = await rt.layers.stage(
                _layer(tiny_model_dir, _adapter(tiny_model_dir, tmp_path / trait, seed=seed))
            )
            await rt.layers.add("ada", trait, staged, evaluation=None, deploy=True, by="test")
        rows = await rt.server.layers_for("ada", ["math", "words"])
        layered, _ = await rt.server.run(tiny_model_dir, rows, logits)
        plain, _ = await rt.server.run(tiny_model_dir, [], logits)

        # Random layers come without a job, so nothing held out tests them: the merge is tested
        # on the anchor only (decide_merge's rule has its own unit test).
        outcome = await rt.merge_layers("ada", force=True)
        assert outcome.version == 1 and outcome.deployed
        assert outcome.evaluation["anchor"]["merged"] is not None
        assert set(outcome.evaluation["merge"]) == {"math", "words"}
        snapshot = await rt.store.genome.active("ada", "merged-base")
        assert snapshot["kind"] == "merged" and snapshot["manifest"]["merged"] == {
            "math": 1, "words": 1,
        }  # fmt: skip
        merged_path, _ = await rt.server.merged_base("ada", rows)
        merged, _ = await rt.server.run(merged_path, [], logits)
        assert torch.allclose(merged, layered, atol=1e-4)
        assert not torch.allclose(merged, plain, atol=1e-3)
        answer = await rt.generate("ada", QUESTION, traits=["math", "words"], max_new_tokens=4)
        assert answer.layers == {"math": 1, "words": 1, "merged-base": 1}
        routed = await rt.generate("ada", QUESTION, max_new_tokens=4)
        assert routed.layers == answer.layers  # unnamed requests use the whole snapshot
        # A request the snapshot does not cover exactly runs unmerged.
        only_math = await rt.generate("ada", QUESTION, traits=["math"], max_new_tokens=4)
        assert only_math.layers == {"math": 1}

        assert await rt.layers.rollback("ada", "merged-base", by="admin") is None
        unmerged = await rt.generate("ada", QUESTION, traits=["math", "words"], max_new_tokens=4)
        assert unmerged.layers == {"math": 1, "words": 1}
        with pytest.raises(ValueError, match="reserved"):
            Trait("merged-base")


async def test_a_merge_that_loses_what_a_layer_taught_is_stored_but_not_activated(
    tmp_path: Path, tiny_model_dir: Path
) -> None:
    """A trained math layer merged with a loud random layer answers math's held-out prompts
    worse than math's own layer: the snapshot is kept as a rejected version with its figures,
    and the layers go on serving.
    """
    async with Runtime.open(_config(tmp_path, tiny_model_dir)) as rt:
        await _persona_with_data(rt)
        await rt.persona("ada", traits=[Trait("words", "spells")])
        await rt.queue_training("ada", "math")
        (trained,) = await rt.run_jobs()
        assert trained["status"] == "deployed", trained["reason"]
        loud = _adapter(tiny_model_dir, tmp_path / "loud", seed=7, scale=8.0)
        staged = await rt.layers.stage(_layer(tiny_model_dir, loud))
        await rt.layers.add("ada", "words", staged, evaluation=None, deploy=True, by="test")

        outcome = await rt.merge_layers("ada")
        assert not outcome.deployed
        math = outcome.evaluation["merge"]["math"]
        # (A tiny random model predicts every reply nearly uniformly, so here it is the
        # answers that give the merge away, not the NLL.)
        assert math["win_rate"] < 0.4 or math["heldout_rise"] > 0.1
        assert outcome.reason.startswith("math: ") and len(math["samples"]) == 3
        assert outcome.evaluation["merge"]["words"]["examples"] == 0  # no job: nothing held out
        assert await rt.store.genome.active("ada", "merged-base") is None
        row = await rt.layers.get("ada", "merged-base", outcome.version)
        assert row["status"] == "rejected" and row["evaluation"]["gate"]["passed"] is False
        # The test loaded the snapshot as a base model; rejected, it is not kept loaded.
        snapshot = rt.artifacts.path_of(row["artifact_sha256"]).resolve()
        assert snapshot not in rt.cache._bases
        answer = await rt.generate("ada", QUESTION, traits=["math", "words"], max_new_tokens=4)
        assert answer.layers == {"math": 1, "words": 1}  # unmerged, as before

        forced = await rt.merge_layers("ada", force=True)
        assert forced.deployed and forced.evaluation["forced"] == {"by": "admin"}
        assert (await rt.store.genome.active("ada", "merged-base"))["version"] == forced.version


def test_layers_merge_and_rollback_from_the_command_line(
    tmp_path: Path, tiny_model_dir: Path
) -> None:
    import asyncio

    from click.testing import CliRunner

    from lifelong.cli import cli

    config = _config(tmp_path, tiny_model_dir)

    async def setup() -> None:
        async with Runtime.open(config) as rt:
            await rt.persona("ada", traits=[Trait("math", "adds")])
            await _add(rt, tiny_model_dir, _adapter(tiny_model_dir, tmp_path / "a", seed=3))

    asyncio.run(setup())
    home = ["--home", str(config.home)]
    # A layer added by hand has no held-out replies: the merge cannot be tested, so it is
    # stored but not activated (exit 1) unless forced.
    refused = CliRunner().invoke(cli, ["layers", "merge", "--persona", "ada", *home])
    assert refused.exit_code == 1 and "cannot be tested" in refused.stderr
    merged = CliRunner().invoke(
        cli, ["layers", "merge", "--persona", "ada", "--force", "--json", *home]
    )
    assert merged.exit_code == 0, merged.output
    assert json.loads(merged.stdout)["merged"] == {"math": 1}
    assert json.loads(merged.stdout)["active"] is True
    back = CliRunner().invoke(cli, ["layers", "rollback", "ada", "merged-base", "--json", *home])
    assert back.exit_code == 0, back.output
    assert json.loads(back.stdout)["active"] is None
    none = CliRunner().invoke(cli, ["layers", "merge", "--persona", "bob", *home])
    assert none.exit_code == 1 and "bob" in none.stderr


async def test_a_layer_trained_on_another_base_model_is_refused(
    tmp_path: Path, tiny_model_dir: Path
) -> None:
    """The manifest names the base model a layer was trained on, with its sha256: a layer
    made on another model under the same name would serve garbage, so it is refused with an
    alert, like a corrupt one, and the base model answers.
    """
    async with Runtime.open(_config(tmp_path, tiny_model_dir)) as rt:
        await rt.persona("ada", traits=[Trait("math", "adds numbers")])
        folder = _adapter(tiny_model_dir, tmp_path / "a", 1)
        staged = await rt.layers.stage(NewLayer(
            kind="local", provider="local", artifact_dir=folder,
            manifest={"base_model": {"name": str(tiny_model_dir), "sha256": "f" * 64}},
        ))  # fmt: skip
        await rt.layers.add("ada", "math", staged, evaluation=None, deploy=True, by="test")
        answer = await rt.generate("ada", QUESTION, traits=["math"], max_new_tokens=4)
        assert answer.layers == {}
        (alert,) = await rt.list_events("ada", kinds=["LayerCorrupted"])
        assert "trained on another base model (sha256 ffffffffffff...)" in alert["payload"]["error"]
        assert alert["payload"]["serving"] == "the base model"
