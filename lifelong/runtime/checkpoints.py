"""Training sessions in the artifact store: checkpoints uploaded once complete, fetched by the
machine that resumes the job.

A session folder (``<home>/sessions/<job id>/<provider>/``) holds what a provider needs to carry
on. Each of these is a *unit*, mirrored as a tree (files first, listing last; see
:mod:`lifelong.storage.blobs.trees`) at ``sessions/<job id>/<provider>/<unit>``:

- ``checkpoints*/checkpoint-N``: complete once its ``COMPLETE`` marker is written (after the
  trainer saved everything); only the newest is uploaded, and the store keeps the newest
  :attr:`CheckpointMirror.keep` of each folder;
- ``stage-<method>`` (a finished pass of a staged job) and ``adapter`` (the trained layer):
  renamed into place whole by the trainer;
- ``_records``: the provider folder's JSON files (``spec.json``, the hyperparameters the
  checkpoints were made with; a remote provider's job record, so another machine adopts the
  remote job instead of paying twice).

:meth:`CheckpointMirror.pull` runs before a job trains: for each checkpoint folder, the newest
checkpoint in the store that is newer than this machine's is downloaded into a ``.partial-``
folder, checked, and renamed into place (a damaged one is skipped for the next older one).
:meth:`CheckpointMirror.following` uploads while the job trains and once more when it ends (a
stop at a checkpoint included).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import logging
import os
import shutil
import tempfile
import threading
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lifelong._names import validate_name
from lifelong.adapters._local_worker import COMPLETE
from lifelong.genome.artifacts import partial_prefix
from lifelong.storage.blobs import (
    TREE_MARKER,
    BlobCorrupted,
    BlobMissing,
    BlobStore,
    BlobStoreError,
    delete_tree,
    get_tree,
    list_trees,
    put_tree,
    read_tree,
    tree_listing,
)

__all__ = ["CheckpointMirror"]

log = logging.getLogger("lifelong.runtime.checkpoints")

RECORDS = "_records"


@dataclass(frozen=True, slots=True)
class _Unit:
    key: str  # "<provider>/<path in the provider folder>"
    path: Path
    group: str | None = None  # "<provider>/<checkpoints folder>" for a checkpoint
    step: int | None = None
    files: dict[str, Path] = field(default_factory=dict)  # the records of a _records unit

    @property
    def source(self) -> Path | dict[str, Path]:
        return self.files if self.files else self.path


def _step(name: str) -> int | None:
    prefix, _, number = name.partition("-")
    return int(number) if prefix == "checkpoint" and number.isdigit() else None


def _is_json(path: Path) -> bool:
    """A record written whole (records are small; one being rewritten waits for next time)."""
    try:
        json.loads(path.read_bytes())
    except (OSError, ValueError):
        return False
    return True


class CheckpointMirror:
    def __init__(
        self, store: BlobStore, sessions_dir: Path, *, keep: int = 2, interval_s: float = 5.0
    ) -> None:
        self.store = store
        self.sessions_dir = Path(sessions_dir)
        self.keep = keep
        self.interval_s = interval_s
        self._lock = threading.Lock()  # one transfer per mirror at a time: pushes never race
        self._pushed: dict[tuple[str, str], Any] = {}  # (job, unit) -> what was uploaded

    def _prefix(self, job_id: str) -> str:
        return f"sessions/{validate_name('job id', job_id)}"

    # -- what this machine has ------------------------------------------------------------

    def local_units(self, job_id: str) -> list[_Unit]:
        """The complete units of the session folder here, records first."""
        folder = self.sessions_dir / validate_name("job id", job_id)
        units: list[_Unit] = []
        records: list[_Unit] = []
        providers = sorted(p for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []
        for provider in providers:
            if provider.name.startswith("."):
                continue
            name = provider.name
            files = {p.name: p for p in sorted(provider.glob("*.json")) if p.is_file()}
            files = {k: p for k, p in files.items() if _is_json(p)}
            if files:
                records.append(_Unit(f"{name}/{RECORDS}", provider, files=files))
            for child in sorted(provider.iterdir()):
                if child.name.startswith(".") or ".partial" in child.name or not child.is_dir():
                    continue
                if child.name.startswith("checkpoints"):
                    group = f"{name}/{child.name}"
                    for checkpoint in sorted(child.iterdir()):
                        step = _step(checkpoint.name)
                        if step is not None and (checkpoint / COMPLETE).is_file():
                            units.append(_Unit(f"{group}/{checkpoint.name}", checkpoint,
                                               group=group, step=step))  # fmt: skip
                elif child.name.startswith("stage-") or child.name == "adapter":
                    units.append(_Unit(f"{name}/{child.name}", child))
        return records + units

    # -- upload ---------------------------------------------------------------------------

    def push(self, job_id: str, *, last: bool = False) -> list[str]:
        """Upload the units the store does not have yet (of checkpoints, only the newest of
        each folder); returns the keys uploaded. ``last``: the job's run ends here, so what
        was remembered about its uploads is dropped afterwards.
        """
        try:
            return self._push(job_id)
        finally:
            if last:
                with self._lock:
                    for memo in [m for m in self._pushed if m[0] == job_id]:
                        del self._pushed[memo]

    def _push(self, job_id: str) -> list[str]:
        with self._lock:
            units = self.local_units(job_id)
            newest: dict[str, _Unit] = {}
            for unit in units:
                if unit.group is not None:
                    best = newest.get(unit.group)
                    if best is None or (unit.step or 0) > (best.step or 0):
                        newest[unit.group] = unit
            uploaded = []
            for unit in units:
                if unit.group is not None and newest[unit.group] is not unit:
                    continue
                if self._push_unit(job_id, unit):
                    uploaded.append(unit.key)
                    if unit.group is not None:
                        self._prune(job_id, unit.group)
            return uploaded

    def _stamp(self, unit: _Unit) -> Any:
        """What changes when the unit does, without reading it (records are tiny: read)."""
        if unit.files:
            return {k: p.read_bytes() for k, p in unit.files.items()}
        marker = unit.path / COMPLETE if unit.group is not None else unit.path
        stat = marker.stat()
        return (stat.st_ino, stat.st_mtime_ns)

    def _push_unit(self, job_id: str, unit: _Unit) -> bool:
        memo = (job_id, unit.key)
        key = f"{self._prefix(job_id)}/{unit.key}"
        try:
            stamp = self._stamp(unit)
            if self._pushed.get(memo) == stamp:
                return False
            listing = tree_listing(unit.source)
            there = read_tree(self.store, key)
            uploaded = there is None or there.files != listing
            if uploaded:
                put_tree(self.store, key, unit.source, listing=listing,
                         meta={"step": unit.step} if unit.step is not None else None)  # fmt: skip
        except FileNotFoundError:
            # The trainer rotated the checkpoint away meanwhile: a newer one is on its way.
            return False
        except BlobCorrupted:
            # An unreadable listing in the store: replace it with ours.
            put_tree(self.store, key, unit.source)
            uploaded = True
        self._pushed[memo] = stamp
        return uploaded

    def _prune(self, job_id: str, group: str) -> None:
        """Keep the newest ``keep`` checkpoints of a folder in the store."""
        prefix = f"{self._prefix(job_id)}/{group}"
        steps = []
        for tree in list_trees(self.store, prefix):
            rest = tree[len(prefix) + 1 :]
            step = _step(rest) if "/" not in rest else None
            if step is not None:
                steps.append((step, tree))
        for _, tree in sorted(steps, reverse=True)[self.keep :]:
            delete_tree(self.store, tree)

    @contextlib.asynccontextmanager
    async def following(self, job_id: str) -> AsyncIterator[Callable[[], None]]:
        """Upload the session's new units while the body runs (whenever the returned poke is
        called, and every ``interval_s``), and once more when it ends, however it ends.
        """
        wake = asyncio.Event()
        task = asyncio.create_task(self._follow(job_id, wake))
        try:
            yield wake.set
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            try:
                await asyncio.to_thread(functools.partial(self.push, job_id, last=True))
            except (BlobStoreError, OSError) as exc:
                log.warning("job %s: checkpoints not uploaded: %s", job_id, exc)

    async def _follow(self, job_id: str, wake: asyncio.Event) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(wake.wait(), self.interval_s)
            wake.clear()
            try:
                await asyncio.to_thread(self.push, job_id)
            except (BlobStoreError, OSError) as exc:
                log.warning("job %s: checkpoint upload failed (trying again): %s",
                            job_id, exc)  # fmt: skip

    # -- download -------------------------------------------------------------------------

    def pull(self, job_id: str) -> list[str]:
        """Fetch what the store has and this machine lacks: per checkpoint folder the newest
        checkpoint newer than this machine's; stages and the adapter missing here; and the
        records of a provider something was fetched for. Returns the keys fetched.
        """
        with self._lock:
            prefix = self._prefix(job_id)
            remote = [t[len(prefix) + 1 :] for t in list_trees(self.store, prefix)]
            local = self.local_units(job_id)
            have: dict[str, int] = {}
            for unit in local:
                if unit.group is not None:
                    have[unit.group] = max(have.get(unit.group, -1), unit.step or 0)
            checkpoints: dict[str, list[tuple[int, str]]] = {}
            others: list[str] = []
            for key in remote:
                group, _, name = key.rpartition("/")
                step = _step(name)
                if step is not None and group.count("/") == 1:
                    checkpoints.setdefault(group, []).append((step, key))
                elif key.count("/") == 1 and not key.endswith(f"/{RECORDS}"):
                    others.append(key)
            fetched: list[str] = []
            for group, found in checkpoints.items():
                for step, key in sorted(found, reverse=True):
                    if step <= have.get(group, -1):
                        break
                    if self._fetch_unit(job_id, key):
                        fetched.append(key)
                        break
            folder = self.sessions_dir / job_id
            for key in others:
                if not (folder / key).is_dir() and self._fetch_unit(job_id, key):
                    fetched.append(key)
            providers = {k.split("/", 1)[0] for k in fetched}
            for key in remote:
                provider = key.split("/", 1)[0]
                wanted = provider in providers or not any((folder / provider).glob("*.json"))
                if key == f"{provider}/{RECORDS}" and wanted and self._fetch_records(job_id, key):
                    fetched.append(key)
            return fetched

    def localize(self, job_id: str, path: Path) -> Path | None:
        """The trained layer another machine left at ``path`` (its own session folder), here:
        fetched from the store when this machine lacks it. None when it cannot be had.
        """
        parts = Path(path).parts
        if job_id not in parts:
            return None
        rel = "/".join(parts[parts.index(job_id) + 1 :])
        local = self.sessions_dir / job_id / rel
        if local.is_dir():
            return local
        with self._lock:
            return local if rel and self._fetch_unit(job_id, rel) else None

    def _fetch_unit(self, job_id: str, key: str) -> bool:
        final = self.sessions_dir / job_id / key
        final.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=partial_prefix("fetch"), dir=final.parent))
        try:
            get_tree(self.store, f"{self._prefix(job_id)}/{key}", staging)
            _fsync_tree(staging)
            if final.exists():  # an incomplete checkpoint a killed trainer left: replaced
                doomed = final.with_name(f".deleting-{uuid.uuid4().hex}")
                os.replace(final, doomed)
                shutil.rmtree(doomed, ignore_errors=True)
            os.replace(staging, final)
        except (BlobCorrupted, BlobMissing) as exc:
            log.warning("job %s: %s in the artifact store is unusable: %s", job_id, key, exc)
            return False
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)
        log.info("job %s: fetched %s from the artifact store", job_id, key)
        return True

    def _fetch_records(self, job_id: str, key: str) -> bool:
        provider = self.sessions_dir / job_id / key.split("/", 1)[0]
        provider.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=partial_prefix("fetch"), dir=provider))
        try:
            tree = get_tree(self.store, f"{self._prefix(job_id)}/{key}", staging)
            _fsync_tree(staging)
            for name in tree.files:
                os.replace(staging / name, provider / name)
        except (BlobCorrupted, BlobMissing) as exc:
            log.warning("job %s: %s in the artifact store is unusable: %s", job_id, key, exc)
            return False
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return True

    # -- cancel ---------------------------------------------------------------------------

    def delete(self, job_id: str) -> None:
        """Remove everything of the session from the store: every listing first (nothing is
        fetched from then on), then the files.
        """
        with self._lock:
            prefix = self._prefix(job_id)
            for tree in list_trees(self.store, prefix):
                self.store.delete(f"{tree}/{TREE_MARKER}")
            for key in self.store.keys(f"{prefix}/"):
                self.store.delete(key)


def _fsync_tree(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            with path.open("rb") as fh:
                os.fsync(fh.fileno())
