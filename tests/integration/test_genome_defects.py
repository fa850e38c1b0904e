"""Genome versions whose artifacts went bad: rollback walks past them (to the base model when
none is left), an explicit one is refused by name, and ``layers show`` says so and exits 1.

The layers are small folders of random bytes: the store and the CLI only hash them, so no
model is needed and the tests stay fast.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from lifelong import Runtime, RuntimeConfig, Trait
from lifelong.cli import cli
from lifelong.errors import LayerUnloadable
from lifelong.genome.artifacts import ArtifactCorrupted, ArtifactMissing
from lifelong.genome.store import NewLayer

pytestmark = pytest.mark.integration


def _config(home: Path, database_url: str | None = None) -> RuntimeConfig:
    return RuntimeConfig(home=home, background=False, database_url=database_url)


async def _deploy_versions(rt: Runtime, tmp_path: Path, n: int) -> dict[int, str]:
    """v1..vn of ada/math, each deployed (the last is active); version -> artifact sha256."""
    await rt.persona("ada", traits=[Trait("math", "adds numbers")])
    shas = {}
    for i in range(1, n + 1):
        folder = tmp_path / f"adapter{i}"
        folder.mkdir()
        (folder / "adapter_config.json").write_text(json.dumps({"r": 4, "i": i}))
        (folder / "adapter_model.safetensors").write_bytes(os.urandom(2000 + i))
        staged = await rt.layers.stage(
            NewLayer(kind="local", provider="local", manifest={"i": i}, artifact_dir=folder)
        )
        gate = {"passed": True, "reason": "test"}
        version = await rt.layers.add(
            "ada", "math", staged, evaluation={"gate": gate}, deploy=True, by="test"
        )
        shas[version] = staged["artifact_sha256"]
    return shas


def _corrupt(rt: Runtime, sha: str) -> None:
    """Flip one byte of the stored weights, as a failing disk would."""
    weights = rt.artifacts.path_of(sha) / "adapter_model.safetensors"
    data = bytearray(weights.read_bytes())
    data[len(data) // 2] ^= 0xFF
    weights.write_bytes(bytes(data))


async def _active(rt: Runtime) -> int | None:
    row = await rt.store.genome.active("ada", "math")
    return None if row is None else row["version"]


async def _rollbacks(rt: Runtime) -> list[dict[str, Any]]:
    """The LayerRolledBack payloads, oldest first."""
    events = await rt.store.events.list("ada", kinds=["LayerRolledBack"])
    return [e["payload"] for e in sorted(events, key=lambda e: e["ts"])]


async def test_rollback_walks_past_corrupt_versions_to_the_base_model(
    tmp_path: Path, backend_url: str
) -> None:
    async with Runtime.open(_config(tmp_path / "home", backend_url)) as rt:
        shas = await _deploy_versions(rt, tmp_path, 3)
        _corrupt(rt, shas[2])
        # v2 is corrupt: the rollback lands on v1 and says why it did not stop at v2.
        assert await rt.layers.rollback("ada", "math", by="admin") == 1
        assert await _active(rt) == 1
        (first,) = await _rollbacks(rt)
        assert first["from_version"] == 3 and first["to_version"] == 1
        assert [(s["version"], s["reason"]) for s in first["skipped"]] == [(2, "corrupted")]
        assert "is corrupted" in first["skipped"][0]["error"]

        await rt.layers.activate("ada", "math", 3, by="admin")
        _corrupt(rt, shas[1])
        # v2 and v1 are both corrupt: nothing older loads, so the base model serves.
        assert await rt.layers.rollback("ada", "math", by="admin") is None
        assert await rt.store.genome.active("ada", "math") is None
        second = (await _rollbacks(rt))[-1]
        assert second["from_version"] == 3 and second["to_version"] is None
        assert [(s["version"], s["reason"]) for s in second["skipped"]] == [
            (2, "corrupted"), (1, "corrupted"),
        ]  # fmt: skip
        # The corrupt versions are left as they were, for the admin to inspect.
        with pytest.raises(ArtifactCorrupted):
            rt.artifacts.verified_path(shas[1])


async def test_rollback_skips_a_missing_artifact_and_repairs_a_corrupt_one_from_its_backup(
    tmp_path: Path,
) -> None:
    async with Runtime.open(_config(tmp_path / "home")) as rt:
        shas = await _deploy_versions(rt, tmp_path, 4)
        # Retention backs up v1..v3 and deletes them; activating v2 brings its live copy back
        # (the verified backup stays).
        assert (await rt.layers.prune("ada", keep=1)).pruned == [
            ("math", 1), ("math", 2), ("math", 3),
        ]  # fmt: skip
        await rt.layers.activate("ada", "math", 2, by="admin")
        await rt.layers.activate("ada", "math", 4, by="admin")
        shutil.rmtree(rt.artifacts.backups / shas[3])  # v3: no live copy, no backup
        _corrupt(rt, shas[2])  # v2: live copy corrupt, backup good

        assert await rt.layers.rollback("ada", "math", by="admin") == 2
        assert rt.artifacts.verified_path(shas[2])  # repaired from the backup
        payload = (await _rollbacks(rt))[-1]
        assert payload["to_version"] == 2
        assert [(s["version"], s["reason"]) for s in payload["skipped"]] == [(3, "missing")]
        assert "no object and no backup" in payload["skipped"][0]["error"]


async def test_rolling_back_to_a_corrupt_version_by_number_is_refused_by_name(
    tmp_path: Path,
) -> None:
    async with Runtime.open(_config(tmp_path / "home")) as rt:
        shas = await _deploy_versions(rt, tmp_path, 3)
        _corrupt(rt, shas[1])
        with pytest.raises(LayerUnloadable) as refused:
            await rt.layers.rollback("ada", "math", to=1, by="admin")
        message = str(refused.value)
        assert message.startswith("ada/math v1 cannot be activated: adapter artifact ")
        assert "is corrupted" in message
        assert "`lifelong layers rollback ada math --to N` (other versions: v2)" in message
        assert "the base model when none does" in message
        assert refused.value.version == 1 and isinstance(refused.value.cause, ArtifactCorrupted)
        # Nothing moved and nothing was recorded as a rollback.
        assert await _active(rt) == 3
        assert await _rollbacks(rt) == []

        shutil.rmtree(rt.artifacts.path_of(shas[2]))
        with pytest.raises(LayerUnloadable, match="ada/math v2 cannot be activated") as missing:
            await rt.layers.activate("ada", "math", 2, by="admin")
        assert isinstance(missing.value.cause, ArtifactMissing)
        assert await _active(rt) == 3


# -- layers show ------------------------------------------------------------------------------


def _with_rt(home: Path, work: Callable[[Runtime], Awaitable[Any]]) -> Any:
    async def go() -> Any:
        async with Runtime.open(_config(home)) as rt:
            return await work(rt)

    return asyncio.run(go())


def _show(home: Path, version: str, *flags: str) -> Result:
    return CliRunner().invoke(
        cli, ["layers", "show", "ada", "math", version, *flags, "--home", str(home)],
        catch_exceptions=False,
    )  # fmt: skip


def test_layers_show_checks_the_artifact_and_exits_1_when_it_is_bad(tmp_path: Path) -> None:
    home = tmp_path / "home"

    async def setup(rt: Runtime) -> dict[int, str]:
        shas = await _deploy_versions(rt, tmp_path, 4)
        await rt.layers.prune("ada", keep=3)  # v1: pruned, its verified backup is its artifact
        _corrupt(rt, shas[2])
        shutil.rmtree(rt.artifacts.path_of(shas[3]))
        return shas

    shas = _with_rt(home, setup)

    healthy = _show(home, "4")
    assert healthy.exit_code == 0, healthy.stderr
    assert "artifact ok" in healthy.stdout and healthy.stderr == ""
    data = json.loads(_show(home, "4", "--json").stdout)
    assert data["artifact"]["ok"] is True and data["artifact"]["error"] is None
    assert data["artifact"]["path"].endswith(shas[4])
    pruned = _show(home, "1", "--json")
    assert pruned.exit_code == 0 and json.loads(pruned.stdout)["artifact"]["ok"] is True

    corrupt = _show(home, "2")
    assert corrupt.exit_code == 1
    assert "ada/math v2" in corrupt.stdout  # the version is still shown in full
    assert corrupt.stderr.startswith("error: artifact corrupt: adapter artifact ")
    assert "is corrupted" in corrupt.stderr and "artifact ok" not in corrupt.stdout
    as_json = _show(home, "2", "--json")
    assert as_json.exit_code == 1 and as_json.stderr.startswith("error: artifact corrupt: ")
    artifact = json.loads(as_json.stdout)["artifact"]
    assert artifact["ok"] is False and artifact["problem"] == "corrupt"
    assert "is corrupted" in artifact["error"]

    missing = _show(home, "3", "--json")
    assert missing.exit_code == 1 and missing.stderr.startswith("error: artifact missing: ")
    assert json.loads(missing.stdout)["artifact"]["problem"] == "missing"
