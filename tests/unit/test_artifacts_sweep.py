"""A starting runtime sweeps only the temporary artifact folders their writer abandoned."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lifelong.genome.artifacts import PARTIAL_MAX_IDLE_S, ArtifactStore, partial_prefix

REPO = Path(__file__).resolve().parents[2]

# Another process on the same home: makes a temporary folder the way lifelong does, writes into
# it, prints its path, and keeps it until told to stop (a line on stdin).
WRITER = """
import sys
from pathlib import Path
from lifelong.genome.artifacts import ArtifactStore

folder = ArtifactStore(Path(sys.argv[1])).new_partial("merge")
(folder / "model.safetensors").write_bytes(b"half a model")
print(folder, flush=True)
sys.stdin.readline()
"""


def _age(folder: Path, seconds: float) -> None:
    """Make everything in ``folder`` look untouched for ``seconds``."""
    then = time.time() - seconds
    for path in [folder, *folder.rglob("*")]:
        os.utime(path, (then, then))


@pytest.fixture
def store(tmp_path: Path) -> ArtifactStore:
    store = ArtifactStore(tmp_path / "genome")
    store.objects.mkdir(parents=True)
    store.backups.mkdir(parents=True)
    return store


def test_a_folder_another_live_process_is_writing_survives_until_it_exits(
    store: ArtifactStore,
) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
    }
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(store.root)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert writer.stdout is not None and writer.stdin is not None
        folder = Path(writer.stdout.readline().strip())
        assert folder.parent == store.objects and folder.name.startswith(".partial-merge-")
        # Even untouched for longer than the idle limit: its writer is provably alive.
        _age(folder, PARTIAL_MAX_IDLE_S * 2)
        assert store.sweep_partials() == 0
        assert (folder / "model.safetensors").read_bytes() == b"half a model"
        writer.stdin.write("done\n")
        writer.stdin.flush()
        assert writer.wait(timeout=60) == 0
    finally:
        if writer.poll() is None:
            writer.kill()
            writer.wait()
    # Its writer is gone and never renamed it into place: provably abandoned, however fresh.
    _age(folder, 0)
    assert store.sweep_partials() == 1
    assert not folder.exists()


def test_this_process_keeps_its_own_folders(store: ArtifactStore) -> None:
    mine = store.new_partial()
    (mine / "adapter_model.safetensors").write_bytes(b"x")
    _age(mine, PARTIAL_MAX_IDLE_S * 2)
    assert mine.name.startswith(partial_prefix())
    assert store.sweep_partials() == 0 and mine.is_dir()


def test_folders_without_a_checkable_writer_go_only_once_idle(store: ArtifactStore) -> None:
    # Made by an older lifelong (no owner in the name), or by another host.
    legacy = store.objects / ".partial-0123456789abcdef"
    other_host = store.backups / f".partial-{'f' * 8}.{os.getpid()}.1~abc"
    if other_host.name.startswith(partial_prefix()[:17]):  # 1 in 4 billion: same host hash
        other_host = store.backups / f".partial-{'e' * 8}.{os.getpid()}.1~abc"
    for folder in (legacy, other_host):
        (folder / "sub").mkdir(parents=True)
        (folder / "sub" / "weights.bin").write_bytes(b"w")
    # A copy still in progress: one file written just now, the rest long untouched.
    _age(legacy, PARTIAL_MAX_IDLE_S * 2)
    os.utime(legacy / "sub" / "weights.bin")
    assert store.sweep_partials() == 0
    assert legacy.is_dir() and other_host.is_dir()

    _age(legacy, PARTIAL_MAX_IDLE_S + 60)
    _age(other_host, PARTIAL_MAX_IDLE_S + 60)
    assert store.sweep_partials() == 2
    assert not legacy.exists() and not other_host.exists()


def test_a_dead_writer_on_this_host_is_swept_at_once(store: ArtifactStore) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    prefix = partial_prefix("merge")
    # This host's prefix, with the pid of a process that has exited (and was reaped).
    name = prefix.replace(f".{os.getpid()}.", f".{dead.pid}.") + "abcd1234"
    folder = store.objects / name
    folder.mkdir()
    (folder / "f").write_bytes(b"x")
    doomed = store.objects / ".deleting-0123"
    doomed.mkdir()
    expected = 2
    if Path("/proc/self/stat").exists():  # start times known: a reused pid is told apart
        reused = store.objects / (prefix.rsplit(".", 1)[0] + ".1~wxyz")  # our pid, old start
        reused.mkdir()
        expected += 1
    assert store.sweep_partials() == expected
    assert list(store.objects.iterdir()) == []
