"""The artifact store without a server: URLs and config, the light import, and the mirror logic
(genome objects, checkpoints) over the local-folder backend. The same contract against moto's
S3 server is in tests/integration/test_artifact_store.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from lifelong import ConfigError, RuntimeConfig
from lifelong.errors import ArtifactCorrupted, ArtifactMissing
from lifelong.genome.artifacts import ArtifactStore, partial_prefix, sweep_abandoned
from lifelong.runtime.checkpoints import CheckpointMirror
from lifelong.storage.blobs import (
    TREE_MARKER,
    LocalBlobStore,
    list_trees,
    parse_store_url,
    put_tree,
    read_tree,
)

# -- URLs and config ---------------------------------------------------------------------


def test_store_urls() -> None:
    s3 = parse_store_url("s3://my-bucket/team/lifelong/")
    assert (s3.scheme, s3.bucket, s3.prefix) == ("s3", "my-bucket", "team/lifelong/")
    assert parse_store_url("s3://my-bucket").prefix == ""
    local = parse_store_url("file:///mnt/lifelong%20store")
    assert (local.scheme, local.path) == ("file", Path("/mnt/lifelong store"))


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("https://bucket/x", "write s3://BUCKET/PREFIX"),
        ("/mnt/x", "write s3://BUCKET/PREFIX"),
        ("s3://", "no valid bucket"),
        ("s3://AKIAEXAMPLE:wJalrXUtnFEMI@bucket/x", "credentials do not belong in the URL"),
        ("s3://bucket/x?versionId=1", "no ?query"),
        ("s3://bucket/a/../b", "'..'"),
        ("file://relative/x", "a folder on this machine"),
        ("file:///", "absolute folder"),
    ],
)
def test_a_bad_store_url_names_the_field_and_what_to_write(url: str, says: str) -> None:
    with pytest.raises(ConfigError) as info:
        RuntimeConfig.load(artifact_store=url)
    assert info.value.field == "artifact_store"
    assert says in str(info.value)
    assert "wJalrXUtnFEMI" not in str(info.value)  # never echoed


def test_store_config_from_toml_and_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    toml = tmp_path / "c.toml"
    toml.write_text(
        '[lifelong]\nartifact_store = "s3://bucket/prefix"\n'
        'artifact_store_endpoint_url = "http://127.0.0.1:9000"\n'
    )
    config = RuntimeConfig.load(toml)
    assert config.artifact_store == "s3://bucket/prefix"
    assert config.artifact_store_endpoint_url == "http://127.0.0.1:9000"
    assert config.artifacts_home == config.home  # the home is this machine's cache
    monkeypatch.setenv("LIFELONG_ARTIFACT_STORE", "file:///mnt/shared")
    monkeypatch.setenv("LIFELONG_ARTIFACT_STORE_ENDPOINT_URL", "")
    assert RuntimeConfig.load().artifact_store == "file:///mnt/shared"


@pytest.mark.parametrize(
    ("values", "field", "says"),
    [
        ({"artifact_store": "s3://bucket/x", "shared_dir": "/mnt/x"}, "artifact_store",
         "not both"),
        ({"artifact_store": "file:///mnt/x", "artifact_store_region": "eu-west-1"},
         "artifact_store_region", "only for an s3://"),
        ({"artifact_store_endpoint_url": "http://127.0.0.1:9000"},
         "artifact_store_endpoint_url", "only for an s3://"),
        ({"artifact_store": "s3://bucket/x",
          "artifact_store_endpoint_url": "http://minio:hunter2@127.0.0.1:9000"},
         "artifact_store_endpoint_url", "credentials do not belong"),
        ({"artifact_store": "s3://bucket/x", "artifact_store_endpoint_url": "127.0.0.1:9000"},
         "artifact_store_endpoint_url", "http(s)://HOST"),
    ],
)  # fmt: skip
def test_store_options_that_do_not_fit_together(
    values: dict[str, str], field: str, says: str
) -> None:
    with pytest.raises(ConfigError) as info:
        RuntimeConfig.load(**values)
    assert info.value.field == field and says in str(info.value)
    assert "hunter2" not in str(info.value)


def test_aws_credentials_stay_out_of_the_config_and_are_redacted_from_logs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", secret)
    config = RuntimeConfig(artifact_store="s3://bucket/x")
    assert secret in config.secret_values()  # handed to the log redaction filter only
    assert secret not in repr(config) and secret not in config.model_dump_json()
    assert secret not in RuntimeConfig(artifact_store="file:///mnt/x").secret_values()


def test_boto3_is_imported_only_when_an_s3_store_is_opened() -> None:
    code = (
        "import sys, lifelong, lifelong.cli, lifelong.storage.blobs\n"
        "from lifelong import RuntimeConfig, Runtime\n"
        "config = RuntimeConfig(artifact_store='s3://bucket/x', background=False)\n"
        "print(sorted(m for m in ('boto3', 'botocore') if m in sys.modules))\n"
        "Runtime.open(RuntimeConfig(artifact_store='file:///tmp/x', background=False))\n"
        "print(sorted(m for m in ('boto3', 'botocore') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split("\n")[:2] == ["[]", "[]"], out.stdout


# -- the local-folder backend and its trees -------------------------------------------------


def test_local_folder_backend(tmp_path: Path) -> None:
    store = LocalBlobStore(tmp_path / "store")
    with pytest.raises(Exception, match="not a folder"):
        store.check()
    (tmp_path / "store").mkdir()
    store.check()
    source = tmp_path / "f.bin"
    source.write_bytes(b"x" * 1000)
    store.put_file("a/b/f.bin", source)
    store.put_bytes("a/c.json", b"{}")
    assert store.exists("a/b/f.bin") and not store.exists("a/b")
    assert store.get_bytes("a/c.json") == b"{}"
    store.get_file("a/b/f.bin", tmp_path / "back.bin")
    assert (tmp_path / "back.bin").read_bytes() == b"x" * 1000
    # A write killed midway leaves only a hidden temporary file, never listed.
    (tmp_path / "store" / "a" / f".c.json.{'0' * 32}.partial").write_bytes(b"{")
    assert store.keys("") == ["a/b/f.bin", "a/c.json"]
    assert store.keys("a/b") == ["a/b/f.bin"]
    store.delete("a/b/f.bin")
    store.delete("a/b/f.bin")  # twice: not an error
    assert store.keys("a/") == ["a/c.json"] and not (tmp_path / "store" / "a" / "b").exists()
    with pytest.raises(FileNotFoundError):
        store.get_bytes("a/b/f.bin")
    for bad in ("/etc/passwd", "a/../../x", "a//b", ""):
        with pytest.raises(ValueError):
            store.exists(bad)


def _folder(path: Path, files: dict[str, bytes]) -> Path:
    for rel, data in files.items():
        (path / rel).parent.mkdir(parents=True, exist_ok=True)
        (path / rel).write_bytes(data)
    return path


def _adapter(path: Path, seed: int = 1) -> Path:
    weights = os.urandom(4096) + bytes([seed])
    return _folder(path, {"adapter_config.json": b'{"r": 4}', "adapter_model.safetensors": weights})


def test_an_object_stored_on_one_home_is_fetched_by_another(tmp_path: Path) -> None:
    remote = LocalBlobStore(_folder(tmp_path / "shared", {}))
    first = ArtifactStore(tmp_path / "a" / "genome", remote)
    second = ArtifactStore(tmp_path / "b" / "genome", remote)
    stored = first.put(_adapter(tmp_path / "trained"))
    assert read_tree(remote, ArtifactStore.remote_key(stored.sha256)) is not None
    assert not second.exists(stored.sha256)
    path = second.verified_path(stored.sha256)  # fetched, not "corrupted"
    assert path == second.path_of(stored.sha256) and second.exists(stored.sha256)
    assert sorted(p.name for p in path.iterdir()) == sorted(
        p.name for p in first.path_of(stored.sha256).iterdir()
    )
    assert [p.name for p in second.objects.iterdir()] == [stored.sha256]  # no partial left
    # Storing the same content again uploads nothing more.
    assert first.put(tmp_path / "trained").sha256 == stored.sha256
    # Retention's backup and delete stay local; the store's copy restores it anywhere.
    second.backup(stored.sha256)
    second.delete(stored.sha256)
    import shutil

    shutil.rmtree(second.backups)
    assert second.restore(stored.sha256) == path


def test_a_missing_or_corrupt_copy_in_the_store(tmp_path: Path) -> None:
    remote = LocalBlobStore(_folder(tmp_path / "shared", {}))
    first = ArtifactStore(tmp_path / "a" / "genome", remote)
    second = ArtifactStore(tmp_path / "b" / "genome", remote)
    with pytest.raises(ArtifactMissing, match="nor in the artifact store"):
        second.verified_path("0" * 64)
    sha = first.put(_adapter(tmp_path / "trained")).sha256
    weights = tmp_path / "shared" / "genome" / "objects" / sha / "adapter_model.safetensors"
    data = bytearray(weights.read_bytes())
    data[10] ^= 0xFF
    weights.write_bytes(bytes(data))
    with pytest.raises(ArtifactCorrupted, match=r"in the artifact store .* is corrupted"):
        second.verified_path(sha)
    assert not second.exists(sha) and list(second.objects.iterdir()) == []
    # A listing claiming a file the store lost is corrupt too, never a half object here.
    weights.unlink()
    with pytest.raises(ArtifactCorrupted, match="listed but missing"):
        second.verified_path(sha)
    assert list(second.objects.iterdir()) == []


def test_a_corrupt_local_copy_is_repaired_from_the_store_on_restore(tmp_path: Path) -> None:
    remote = LocalBlobStore(_folder(tmp_path / "shared", {}))
    store = ArtifactStore(tmp_path / "a" / "genome", remote)
    sha = store.put(_adapter(tmp_path / "trained")).sha256
    weights = store.path_of(sha) / "adapter_model.safetensors"
    weights.write_bytes(b"rotten")
    with pytest.raises(ArtifactCorrupted):
        store.verified_path(sha)  # serving still reports it: a real hash mismatch
    assert store.restore(sha) == store.path_of(sha)  # activation repairs it from the store
    store.verified_path(sha)


def test_a_torn_upload_is_invisible(tmp_path: Path) -> None:
    remote = LocalBlobStore(_folder(tmp_path / "shared", {}))
    source = _adapter(tmp_path / "trained")
    for path in source.iterdir():  # the files went up, the writer died before the listing
        remote.put_file(f"genome/objects/{'a' * 64}/{path.name}", path)
    assert read_tree(remote, f"genome/objects/{'a' * 64}") is None
    assert list_trees(remote, "genome") == []
    second = ArtifactStore(tmp_path / "b" / "genome", remote)
    with pytest.raises(ArtifactMissing):
        second.verified_path("a" * 64)


def test_an_abandoned_download_is_swept(tmp_path: Path) -> None:
    root = tmp_path / "sessions"
    dead = root / "job" / "local" / "checkpoints" / ".partial-fetch-00000000.1.1~abc"
    live = root / "job" / "local" / "checkpoints" / f"{partial_prefix('fetch')}xyz"
    doomed = root / "job" / "local" / ".deleting-0123"
    for folder in (dead, live, doomed):
        _folder(folder, {"optimizer.pt": b"half"})
    old = 0.0
    for path in [dead, *dead.rglob("*")]:
        os.utime(path, (old, old))
    assert sweep_abandoned(root, depth=4) == 2
    assert not dead.exists() and not doomed.exists() and live.exists()


# -- checkpoints ---------------------------------------------------------------------------


def _checkpoint(output: Path, step: int, complete: bool = True, group: str = "checkpoints") -> None:
    folder = output / group / f"checkpoint-{step}"
    _folder(folder, {"adapter_model.safetensors": os.urandom(64), "trainer_state.json": b"{}"})
    if complete:
        (folder / "COMPLETE").write_text(str(step))


def test_checkpoints_are_uploaded_once_complete_and_fetched_by_another_machine(
    tmp_path: Path,
) -> None:
    remote = LocalBlobStore(_folder(tmp_path / "shared", {}))
    job = "0190f0f0-0000-7000-8000-000000000001"
    a = CheckpointMirror(remote, tmp_path / "a" / "sessions")
    b = CheckpointMirror(remote, tmp_path / "b" / "sessions")
    output = tmp_path / "a" / "sessions" / job / "local"
    _folder(output, {"spec.json": json.dumps({"hyperparameters": {"rank": 4}}).encode(),
                     "worker.log": b"log"})  # fmt: skip
    _checkpoint(output, 5)
    _checkpoint(output, 10, complete=False)  # the trainer is still writing it
    assert sorted(a.push(job)) == ["local/_records", "local/checkpoints/checkpoint-5"]
    assert a.push(job) == []  # nothing new
    for step in (10, 15, 20):
        _checkpoint(output, step)
        assert a.push(job) == [f"local/checkpoints/checkpoint-{step}"]
    prefix = f"sessions/{job}/local/checkpoints"
    assert list_trees(remote, prefix) == [f"{prefix}/checkpoint-15", f"{prefix}/checkpoint-20"]

    # Another machine, nothing of the job here: the newest complete checkpoint and the spec.
    fetched = b.pull(job)
    assert sorted(fetched) == ["local/_records", "local/checkpoints/checkpoint-20"]
    here = tmp_path / "b" / "sessions" / job / "local"
    assert (here / "checkpoints" / "checkpoint-20" / "COMPLETE").read_text() == "20"
    assert json.loads((here / "spec.json").read_text())["hyperparameters"] == {"rank": 4}
    assert not (here / "worker.log").exists()
    assert b.pull(job) == []  # it has the newest already

    # The newest in the store is damaged: the next older one is fetched instead.
    (tmp_path / "shared" / prefix / "checkpoint-20" / "adapter_model.safetensors").write_bytes(
        b"rot"
    )
    c = CheckpointMirror(remote, tmp_path / "c" / "sessions")
    assert "local/checkpoints/checkpoint-15" in c.pull(job)
    assert not list((tmp_path / "c" / "sessions" / job / "local" / "checkpoints").glob(".*"))

    # Cancel deletes them from the store, listings first.
    a.delete(job)
    assert remote.keys(f"sessions/{job}") == []


def test_a_checkpoint_upload_killed_midway_is_not_fetched(tmp_path: Path) -> None:
    remote = LocalBlobStore(_folder(tmp_path / "shared", {}))
    job = "0190f0f0-0000-7000-8000-000000000002"
    output = tmp_path / "a" / "sessions" / job / "local"
    _checkpoint(output, 5)
    _checkpoint(output, 10)
    a = CheckpointMirror(remote, tmp_path / "a" / "sessions")
    a.push(job)  # checkpoint-10
    put_tree(remote, f"sessions/{job}/local/checkpoints/checkpoint-5", output / "checkpoints"
             / "checkpoint-5")  # fmt: skip
    # checkpoint-15 went up without its listing (the machine died first).
    _checkpoint(output, 15)
    for path in (output / "checkpoints" / "checkpoint-15").iterdir():
        remote.put_file(f"sessions/{job}/local/checkpoints/checkpoint-15/{path.name}", path)
    assert not remote.exists(f"sessions/{job}/local/checkpoints/checkpoint-15/{TREE_MARKER}")
    b = CheckpointMirror(remote, tmp_path / "b" / "sessions")
    assert b.pull(job) == ["local/checkpoints/checkpoint-10"]
