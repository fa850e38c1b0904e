"""The artifact store against moto's S3 server on 127.0.0.1 (and the local-folder backend, the
same contract): objects whole or invisible, corruption detected; runtimes with homes of their
own sharing one database and one bucket: a layer deployed by one serves on another without a
corruption alert, and a job checkpointed by one is resumed from its checkpoint by another.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from lifelong import LifelongError, Runtime, RuntimeConfig, StorageError, Trait
from lifelong.jobs import Job
from lifelong.storage.blobs import (
    TREE_MARKER,
    BlobCorrupted,
    BlobMissing,
    BlobStore,
    BlobStoreError,
    LocalBlobStore,
    get_tree,
    list_trees,
    open_blob_store,
    put_tree,
    read_tree,
)
from tests.helpers import record_scored
from tests.s3_server import ACCESS_KEY, S3, SECRET_KEY, running_s3

pytestmark = pytest.mark.integration

QUESTION = [{"role": "user", "content": "What is 3 plus 3?"}]
STEPS = 16


@pytest.fixture
def s3(monkeypatch: pytest.MonkeyPatch) -> Iterator[S3]:
    with running_s3(monkeypatch) as server:
        yield server


@pytest.fixture(params=["file", "s3"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[BlobStore]:
    if request.param == "file":
        (tmp_path / "mount").mkdir()
        yield LocalBlobStore(tmp_path / "mount")
        return
    with running_s3(request.getfixturevalue("monkeypatch")) as server:
        yield open_blob_store(server.url("pre/fix"), endpoint_url=server.endpoint)


def _files(folder: Path, files: dict[str, bytes]) -> Path:
    for rel, data in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(data)
    return folder


# -- both backends: the contract ----------------------------------------------------------


def test_put_get_exists_delete(store: BlobStore, tmp_path: Path) -> None:
    store.check()
    big = _files(tmp_path / "src", {"big.bin": os.urandom(9 << 20)}) / "big.bin"  # multipart
    store.put_file("objects/big.bin", big)
    store.put_bytes("objects/small", b"small")
    store.put_bytes("objects/small", b"replaced")
    assert store.exists("objects/big.bin") and not store.exists("objects/none")
    assert store.get_bytes("objects/small") == b"replaced"
    store.get_file("objects/big.bin", tmp_path / "back.bin")
    assert (tmp_path / "back.bin").read_bytes() == big.read_bytes()
    assert store.keys("objects/") == ["objects/big.bin", "objects/small"]
    assert store.keys("objects/s") == ["objects/small"]
    with pytest.raises(BlobMissing):
        store.get_bytes("objects/none")
    with pytest.raises(BlobMissing):
        store.get_file("objects/none", tmp_path / "none")
    store.delete("objects/big.bin")
    store.delete("objects/big.bin")
    assert store.keys("") == ["objects/small"]


def test_a_tree_is_whole_or_invisible_and_checked_byte_for_byte(
    store: BlobStore, tmp_path: Path
) -> None:
    source = _files(tmp_path / "layer", {"adapter_config.json": b"{}", "w/x.bin": b"1" * 100,
                                         ".hidden": b"not part of it"})  # fmt: skip
    tree = put_tree(store, "genome/objects/abc", source, meta={"sha256": "abc"})
    assert sorted(tree.files) == ["adapter_config.json", "w/x.bin"]
    assert read_tree(store, "genome/objects/abc") == tree
    got = get_tree(store, "genome/objects/abc", tmp_path / "got")
    assert got.meta == {"sha256": "abc"} and (tmp_path / "got" / "w" / "x.bin").is_file()
    assert not (tmp_path / "got" / ".hidden").exists()

    # Files without their listing (a writer killed before the last write) are no tree.
    store.put_file("genome/objects/torn/adapter_config.json", source / "adapter_config.json")
    assert read_tree(store, "genome/objects/torn") is None
    assert list_trees(store, "genome") == ["genome/objects/abc"]
    with pytest.raises(BlobMissing):
        get_tree(store, "genome/objects/torn", tmp_path / "torn")

    # Bytes changed in the store, or a listed file lost: detected, never handed over as good.
    store.put_bytes("genome/objects/abc/w/x.bin", b"2" * 100)
    with pytest.raises(BlobCorrupted, match="does not match"):
        get_tree(store, "genome/objects/abc", tmp_path / "bad1")
    store.delete("genome/objects/abc/w/x.bin")
    with pytest.raises(BlobCorrupted, match="listed but missing"):
        get_tree(store, "genome/objects/abc", tmp_path / "bad2")
    store.put_bytes(f"genome/objects/abc/{TREE_MARKER}", b"{not json")
    with pytest.raises(BlobCorrupted, match="unreadable"):
        read_tree(store, "genome/objects/abc")


# -- S3 errors say what to do, and never hold a secret -------------------------------------


async def test_a_wrong_bucket_or_missing_credentials_fail_at_start_clearly(
    s3: S3, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = RuntimeConfig(home=tmp_path / "home", background=False,
                           artifact_store="s3://no-such-bucket/x",
                           artifact_store_endpoint_url=s3.endpoint)  # fmt: skip
    with pytest.raises(StorageError, match="bucket 'no-such-bucket' does not exist") as info:
        await Runtime.open(config).start()
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    store = open_blob_store(s3.url(), endpoint_url=s3.endpoint)
    with pytest.raises(BlobStoreError, match="no credentials found") as missing:
        store.check()
    for exc in (info.value, missing.value):
        assert SECRET_KEY not in str(exc) and ACCESS_KEY not in str(exc)


# -- runtimes on two machines: one database, one bucket, homes of their own ---------------


def _config(
    tmp_path: Path, name: str, store: S3 | dict[str, str], tiny: Path, **extra: Any
) -> RuntimeConfig:
    return RuntimeConfig(
        home=tmp_path / name,
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'shared.db'}",
        background=False,
        training={
            "providers": ["local"],
            "base_model": str(tiny),
            "local": {
                "max_steps": STEPS,
                "save_steps": 2,
                "replay_ratio": 0.0,
                "learning_rate": 5e-2,
                "batch_size": 2,
            },
        },
        # The gate's verdict is not what these tests are about: a short auto-test.
        evaluation={"behaviour_examples": 2, "sample_tokens": 8, "samples": 0},
        **(store.store_config() if isinstance(store, S3) else store),
        **extra,
    )


def _adapter(tiny_model_dir: Path, folder: Path, seed: int) -> Path:
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    torch.manual_seed(seed)
    model = AutoModelForCausalLM.from_pretrained(tiny_model_dir)
    peft_model = get_peft_model(
        model, LoraConfig(r=4, target_modules=["q_proj", "v_proj"], init_lora_weights=False)
    )
    peft_model.save_pretrained(folder)
    return folder


@pytest.fixture(params=["file", "s3"])
def shared(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[dict, BlobStore]]:
    """A runtime's artifact store keys, and the same store seen from outside."""
    if request.param == "file":
        (tmp_path / "mount").mkdir()
        url = (tmp_path / "mount").as_uri()
        yield {"artifact_store": url}, open_blob_store(url)
        return
    with running_s3(request.getfixturevalue("monkeypatch")) as s3:
        yield s3.store_config(), open_blob_store(s3.url(), endpoint_url=s3.endpoint)


async def test_a_layer_deployed_on_one_machine_serves_on_another(
    shared: tuple[dict, BlobStore], tmp_path: Path, tiny_model_dir: Path
) -> None:
    from lifelong.genome.store import NewLayer

    keys, store = shared
    async with Runtime.open(_config(tmp_path, "a", keys, tiny_model_dir)) as a:
        await a.persona("ada", traits=[Trait("math", "adds numbers")])
        folder = _adapter(tiny_model_dir, tmp_path / "trained", seed=1)
        staged = await a.layers.stage(NewLayer(
            kind="local", provider="local", artifact_dir=folder,
            manifest={"base_model": {"name": str(tiny_model_dir)}},
        ))  # fmt: skip
        await a.layers.add("ada", "math", staged, evaluation={"gate": {"passed": True}},
                           deploy=True, by="test")  # fmt: skip
        expected = await a.generate("ada", QUESTION, traits=["math"], max_new_tokens=8)
    sha = staged["artifact_sha256"]
    assert store.exists(f"genome/objects/{sha}/{TREE_MARKER}")

    async with Runtime.open(_config(tmp_path, "b", keys, tiny_model_dir)) as b:
        assert not b.artifacts.exists(sha)  # B never had it
        served = await b.generate("ada", QUESTION, traits=["math"], max_new_tokens=8)
        assert served.layers == {"math": 1} and served.text == expected.text
        assert await b.list_events("ada", kinds=["LayerCorrupted"]) == []
        assert b.artifacts.exists(sha)  # fetched once into B's cache

    # Bytes flipped in the store: a third machine gets a real corruption alert.
    key = f"genome/objects/{sha}/adapter_model.safetensors"
    body = bytearray(store.get_bytes(key))
    body[len(body) // 2] ^= 0xFF
    store.put_bytes(key, bytes(body))
    async with Runtime.open(_config(tmp_path, "c", keys, tiny_model_dir)) as c:
        served = await c.generate("ada", QUESTION, traits=["math"], max_new_tokens=8)
        assert served.layers == {}  # the base model answered
        (alert,) = await c.list_events("ada", kinds=["LayerCorrupted"])
        error = alert["payload"]["error"]
        assert "corrupted" in error and "in the artifact store" in error
        assert not c.artifacts.exists(sha)
        assert not [p for p in c.artifacts.objects.iterdir() if p.name.startswith(".")]


async def test_layers_made_before_the_store_was_set_are_pushed_and_serve_elsewhere(
    shared: tuple[dict, BlobStore], tmp_path: Path, tiny_model_dir: Path
) -> None:
    from click.testing import CliRunner

    from lifelong.cli import cli
    from lifelong.genome.store import NewLayer

    keys, store = shared
    alone = _config(tmp_path, "a", {}, tiny_model_dir)
    async with Runtime.open(alone) as a:  # no artifact store yet
        await a.persona("ada", traits=[Trait("math", "adds numbers")])
        for seed in (1, 2):
            folder = _adapter(tiny_model_dir, tmp_path / f"made{seed}", seed=seed)
            staged = await a.layers.stage(NewLayer(
                kind="local", provider="local", artifact_dir=folder,
                manifest={"base_model": {"name": str(tiny_model_dir)}},
            ))  # fmt: skip
            await a.layers.add("ada", "math", staged, evaluation={"gate": {"passed": True}},
                               deploy=True, by="test")  # fmt: skip
        expected = await a.generate("ada", QUESTION, traits=["math"], max_new_tokens=8)
        with pytest.raises(LifelongError, match="no artifact store is configured"):
            await a.push_artifacts()
        shas = [v["artifact_sha256"] for v in await a.layers.versions("ada")]
    assert not any(store.exists(f"genome/objects/{sha}/{TREE_MARKER}") for sha in shas)

    # The same home with the store set: `lifelong layers push` uploads both, once.
    home_a = _config(tmp_path, "a", keys, tiny_model_dir)
    env = {"LIFELONG_DATABASE_URL": home_a.database_url or ""}
    env.update({f"LIFELONG_{k.upper()}": str(v) for k, v in keys.items()})
    args = ["layers", "push", "--json", "--home", str(home_a.home)]
    pushed = await asyncio.to_thread(CliRunner().invoke, cli, args, env=env)
    assert pushed.exit_code == 0, pushed.output
    assert [(r["version"], r["outcome"]) for r in json.loads(pushed.output)] == [
        (1, "uploaded"), (2, "uploaded")]  # fmt: skip
    assert all(store.exists(f"genome/objects/{sha}/{TREE_MARKER}") for sha in shas)
    async with Runtime.open(home_a) as a:
        again = await a.push_artifacts("ada")
        assert [e["outcome"] for e in again["ada"]] == ["present", "present"]

    async with Runtime.open(_config(tmp_path, "b", keys, tiny_model_dir)) as b:
        served = await b.generate("ada", QUESTION, traits=["math"], max_new_tokens=8)
        assert served.layers == {"math": 2} and served.text == expected.text


async def _train_until_uploaded(rt: Runtime, s3: S3, job_id: str, verb: str) -> dict[str, Any]:
    """Run the job, send ``verb`` once a checkpoint is uploaded (while it trains); the job's
    outcome.
    """
    prefix = f"lifelong/sessions/{job_id}/local/checkpoints/"
    task = asyncio.create_task(rt.run_jobs(limit=1))
    for _ in range(600):
        listed = s3.client().list_objects_v2(Bucket=s3.bucket, Prefix=prefix)
        if any(o["Key"].endswith(f"/{TREE_MARKER}") for o in listed.get("Contents", [])):
            break
        await asyncio.sleep(0.1)
    else:
        pytest.fail("no checkpoint was uploaded")
    await rt.control_job(job_id, verb)
    (outcome,) = await asyncio.wait_for(task, 120)
    return outcome


async def _persona(rt: Runtime) -> None:
    ada = await rt.persona("ada", traits=[Trait("math", "adds numbers")])
    pairs = [(f"What is {i} plus {i}?", f"{i} plus {i} is {2 * i}.") for i in range(12)]
    await record_scored(rt, ada, pairs, "math")


async def test_a_job_paused_on_one_machine_resumes_on_another_from_its_checkpoint(
    s3: S3, tmp_path: Path, tiny_model_dir: Path, embedder: Any
) -> None:
    async with Runtime.open(_config(tmp_path, "a", s3, tiny_model_dir)) as a:
        await _persona(a)
        job_id = await a.queue_training("ada", "math")
        assert (await _train_until_uploaded(a, s3, job_id, "pause"))["status"] == "paused"
        await a.control_job(job_id, "resume")
    stopped_at = max(
        int(p.name.split("-")[1])
        for p in (tmp_path / "a" / "sessions" / job_id / "local" / "checkpoints").iterdir()
        if (p / "COMPLETE").exists()
    )
    async with Runtime.open(_config(tmp_path, "b", s3, tiny_model_dir), embedder=embedder) as b:
        assert not (tmp_path / "b" / "sessions").exists()
        (done,) = await b.run_jobs()
        assert done["status"] in ("deployed", "rejected"), done
        (version,) = await b.layers.versions("ada")
        # Resumed from the checkpoint A stopped at, on the data A built: not from step 0.
        assert version["manifest"]["resumed_from_step"] == stopped_at > 0
        assert version["manifest"]["steps"] == STEPS
        started = await b.list_events("ada", kinds=["TrainingStarted"])
        assert len(started) == 2 and started[0]["payload"] == started[1]["payload"]
        job = await b.get_job(job_id)
        assert (tmp_path / "b" / "datasets" / "ada" / "math" / job.dataset_hash[:16]).is_dir()


async def test_a_job_trained_on_one_machine_is_deployed_by_another(
    s3: S3, tmp_path: Path, tiny_model_dir: Path, embedder: Any
) -> None:
    """The trainer's worker stalls between ``trained`` and its deploy; a worker on another
    machine takes the job over and deploys the layer the first one trained (fetched from the
    store with the held-out data), without training it again.
    """
    async with (
        Runtime.open(_config(tmp_path, "a", s3, tiny_model_dir)) as a,
        Runtime.open(_config(tmp_path, "b", s3, tiny_model_dir), embedder=embedder) as b,
    ):
        await _persona(a)
        job_id = await a.queue_training("ada", "math")
        b.store.jobs.clock = lambda: time.time() + 3600  # A's lease has run out for B
        taken_over: list[dict[str, Any]] = []

        async def stall(job: Job) -> None:
            outcome = await b.run_job(job.id)
            assert outcome is not None
            taken_over.append(outcome)

        a.jobs.before_deploy = stall
        assert (await a.run_job(job_id) or {})["status"] == "lost"
        (winner,) = taken_over
        assert winner["status"] in ("deployed", "rejected"), winner
        assert len(await b.list_events("ada", kinds=["TrainingStarted"])) == 1
        assert not (tmp_path / "b" / "sessions" / job_id / "local" / "checkpoints").exists()


async def test_cancel_deletes_a_jobs_checkpoints_from_the_store(
    s3: S3, tmp_path: Path, tiny_model_dir: Path
) -> None:
    async with Runtime.open(_config(tmp_path, "a", s3, tiny_model_dir)) as a:
        await _persona(a)
        job_id = await a.queue_training("ada", "math")
        assert (await _train_until_uploaded(a, s3, job_id, "pause"))["status"] == "paused"
        prefix = f"lifelong/sessions/{job_id}/"
        listed = s3.client().list_objects_v2(Bucket=s3.bucket, Prefix=prefix)
        assert any(o["Key"].endswith(f"/{TREE_MARKER}") for o in listed["Contents"])
        await a.control_job(job_id, "cancel")
        listed = s3.client().list_objects_v2(Bucket=s3.bucket, Prefix=prefix)
        assert listed.get("Contents", []) == []
