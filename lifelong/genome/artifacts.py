"""Content-addressed storage of adapter folders, verified on every load.

An artifact is a folder (``adapter_config.json``, ``adapter_model.safetensors``, the lifelong
manifest). Its address is the sha256 of a listing of its files, each with its own sha256, so the
folder peft loads is exactly the one that was hashed:

    <root>/objects/<sha256>/...    what layers point at; never modified once renamed into place
    <root>/backup/<sha256>/...     verified copies made before an object is deleted (retention)

Writes go to a temporary folder beside the destination, are fsynced, then renamed: a kill leaves
either no object or a whole one, never a half-copied folder under its final name.

With an artifact store (``artifact_store``: a bucket or a shared mount every machine reads), the
home is this machine's cache and the store is the source of truth. :meth:`ArtifactStore.put`
uploads every object it stores (its files first, the listing last; see
:mod:`lifelong.storage.blobs.trees`), and :meth:`ArtifactStore.verified_path` fetches an object
this machine lacks into a temporary folder, checks its sha256, then renames it into place. A
layer trained elsewhere is therefore fetched, never reported corrupted; only bytes that do not
hash to their address are. The store's copy outlives retention here: it is the backup every
machine can restore from.

A temporary folder's name says who is writing it (:func:`partial_prefix`): a hash of the host
name, the pid and the process's start time. Several runtimes may share a home, so a starting
runtime sweeps only folders that are provably abandoned: their writer on this host is gone, or
(for folders of another host, or without an owner in the name) nothing in them changed for
:data:`PARTIAL_MAX_IDLE_S`.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import socket
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from lifelong._hints import how
from lifelong.errors import ArtifactCorrupted, ArtifactMissing, LifelongError
from lifelong.storage.blobs import (
    BlobCorrupted,
    BlobMissing,
    BlobStore,
    BlobStoreError,
    file_sha256,
    get_tree,
    put_tree,
    read_tree,
)

__all__ = [
    "NO_ARTIFACT_STORE",
    "PARTIAL_MAX_IDLE_S",
    "ArtifactCorrupted",
    "ArtifactMissing",
    "ArtifactStore",
    "StoredArtifact",
    "digest",
    "partial_prefix",
    "sweep_abandoned",
]

# A temporary folder whose owner cannot be checked is abandoned once nothing in it has changed
# for this long. A live copy writes continuously (every file it writes gets a fresh mtime), so
# an hour of silence means its writer is gone.
PARTIAL_MAX_IDLE_S = 3600.0

# "<host hash>.<pid>.<start time>~" inside a ".partial-" name; see partial_prefix().
_OWNER = re.compile(r"\.partial-(?:[a-z]+-)?([0-9a-f]{8})\.(\d+)\.(\d+)~")


@dataclass(frozen=True, slots=True)
class StoredArtifact:
    sha256: str
    nbytes: int
    path: Path


def digest(folder: Path) -> tuple[str, int]:
    """(sha256 of the folder's listing, total bytes). Hidden files are not part of it."""
    lines = []
    total = 0
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = path.relative_to(folder).as_posix()
        if any(part.startswith(".") for part in rel.split("/")):
            continue
        lines.append(f"{rel}\0{file_sha256(path)}\n")
        total += path.stat().st_size
    if not lines:
        raise ArtifactMissing(f"{folder} holds no files to store")
    return hashlib.sha256("".join(lines).encode()).hexdigest(), total


def _fsync_tree(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            with path.open("rb") as fh:
                os.fsync(fh.fileno())
    _fsync_dir(folder)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _host_id() -> str:
    # Hashed: a host name can hold characters that do not belong in a folder name.
    return hashlib.sha256(socket.gethostname().encode()).hexdigest()[:8]


def _start_time(pid: int) -> int | None:
    """When process ``pid`` started (clock ticks since boot, Linux), or None where unknown.

    With the pid it names one process for good: a pid reused after a crash (always the same
    one in a restarted container) has another start time.
    """
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            stat = fh.read()
    except OSError:
        return None
    # Field 22; the command name (field 2) is in parentheses and may hold spaces.
    fields = stat[stat.rfind(b")") + 2 :].split()
    try:
        return int(fields[19])
    except (IndexError, ValueError):
        return None


def partial_prefix(tag: str = "") -> str:
    """The name prefix of a temporary folder this process writes under the store, e.g.
    ``tempfile.mkdtemp(prefix=partial_prefix("merge"), dir=store.objects)``: the sweep at the
    next start then knows whether its writer is still alive.
    """
    if tag and not re.fullmatch(r"[a-z]+", tag):
        raise ValueError(f"partial folder tag {tag!r}: use lowercase letters a-z only")
    owner = f"{_host_id()}.{os.getpid()}.{_start_time(os.getpid()) or 0}~"
    return f".partial-{tag}-{owner}" if tag else f".partial-{owner}"


def _writer_alive(name: str) -> bool | None:
    """True/False when the folder's writer runs on this host and is / is not alive; None when
    that cannot be told (another host, no owner in the name, a system without /proc or kill 0).
    """
    match = _OWNER.match(name)
    if match is None or match.group(1) != _host_id() or os.name != "posix":
        return None
    pid, started = int(match.group(2)), int(match.group(3))
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # it exists, as another user
    except OSError:
        return None
    if started:
        now = _start_time(pid)
        if now is not None:
            return now == started
    return True


def _last_change(folder: Path) -> float | None:
    """The newest mtime in ``folder`` (itself included), or None if it vanished meanwhile."""
    try:
        newest = folder.lstat().st_mtime
        for dirpath, dirnames, filenames in os.walk(folder):
            for name in (*dirnames, *filenames):
                try:
                    newest = max(newest, os.lstat(os.path.join(dirpath, name)).st_mtime)
                except FileNotFoundError:
                    continue
    except FileNotFoundError:
        return None
    return newest


def _abandoned(path: Path, max_idle_s: float) -> bool:
    alive = _writer_alive(path.name)
    if alive is not None:
        return not alive
    last = _last_change(path)
    return last is not None and time.time() - last > max_idle_s


class StoredCopyCorrupted(ArtifactCorrupted):
    """The artifact store's copy of an object does not hash to its address."""

    def __init__(self, sha256: str, where: str, problem: str) -> None:
        self.sha256 = sha256
        LifelongError.__init__(
            self,
            f"adapter artifact {sha256[:16]}... in the artifact store {where} is corrupted: "
            f"{problem}; it will not be loaded: {how('roll back')}, or put a good copy back "
            "from a machine that has one (activating the version there pushes it)",
        )


def sweep_abandoned(root: Path, depth: int, max_idle_s: float = PARTIAL_MAX_IDLE_S) -> int:
    """Remove the ``.partial-`` folders their writer abandoned anywhere in ``root`` down to
    ``depth`` levels (datasets, session downloads); the rules of
    :meth:`ArtifactStore.sweep_partials`. Returns how many went.
    """
    removed = 0
    level = [Path(root)]
    for _ in range(depth):
        below: list[Path] = []
        for folder in level:
            try:
                entries = list(os.scandir(folder))
            except OSError:
                continue
            for entry in entries:
                if not entry.is_dir(follow_symlinks=False):
                    continue
                path = Path(entry.path)
                if entry.name.startswith(".deleting-") or (
                    entry.name.startswith(".partial-") and _abandoned(path, max_idle_s)
                ):
                    shutil.rmtree(path, ignore_errors=True)
                    removed += 1
                elif not entry.name.startswith("."):
                    below.append(path)
        level = below
    return removed


NO_ARTIFACT_STORE = (
    "no artifact store is configured: set artifact_store (s3://bucket/prefix or "
    "file:///shared/folder) to push layers to it"
)


class ArtifactStore:
    def __init__(self, root: Path, remote: BlobStore | None = None) -> None:
        self.root = Path(root)
        self.objects = self.root / "objects"
        self.backups = self.root / "backup"
        # The artifact store every machine reads; None: this home (or shared_dir) is all.
        self.remote = remote

    @staticmethod
    def remote_key(sha256: str) -> str:
        """Where an object lives in the artifact store."""
        return f"genome/objects/{sha256}"

    def path_of(self, sha256: str) -> Path:
        _check_sha(sha256)
        return self.objects / sha256

    def put(self, folder: Path) -> StoredArtifact:
        """Store a copy of ``folder``; storing the same content again reuses the object."""
        sha, nbytes = digest(Path(folder))
        final = self.path_of(sha)
        if not final.is_dir():
            self._copy_into_place(Path(folder), final)
        if self.remote is not None:
            # From the folder just hashed (never from a local copy that may have rotted), and
            # before any row points at the object: a layer in the database is in the store.
            self._upload(sha, Path(folder))
        return StoredArtifact(sha, nbytes, final)

    def _upload(self, sha256: str, folder: Path) -> None:
        assert self.remote is not None
        key = self.remote_key(sha256)
        if read_tree(self.remote, key) is None:  # content-addressed: there once is enough
            put_tree(self.remote, key, folder, meta={"sha256": sha256})

    def push(self, sha256: str) -> bool:
        """Upload this machine's copy of an object to the artifact store unless the store has
        it (a home that had layers before the store was configured); True when uploaded. The
        copy is checked byte for byte first: ArtifactCorrupted / ArtifactMissing otherwise.
        """
        if self.remote is None:
            raise LifelongError(NO_ARTIFACT_STORE)
        if read_tree(self.remote, self.remote_key(sha256)) is not None:
            return False
        self._upload(sha256, self.verified_path(sha256))
        return True

    def verified_path(self, sha256: str) -> Path:
        """The object's folder after checking every byte; raises ArtifactCorrupted/Missing.

        An object this machine does not have is fetched from the artifact store (if any).
        """
        path = self.path_of(sha256)
        if not path.is_dir():
            if self.remote is not None and self.fetch(sha256):
                return path  # checked while it was fetched
            raise ArtifactMissing(
                f"adapter artifact {sha256[:16]}... is not in {self.objects}"
                + (f" nor in the artifact store {self.remote.url}" if self.remote else "")
                + (" (a backup exists: restore it by activating the version)"
                   if (self.backups / sha256).is_dir() else "")
            )  # fmt: skip
        found, _ = digest(path)
        if found != sha256:
            raise ArtifactCorrupted(sha256, path, found)
        return path

    def fetch(self, sha256: str, *, replace: bool = False) -> bool:
        """Bring the object from the artifact store into ``objects``: downloaded into a
        temporary folder, its sha256 checked, renamed into place (with ``replace``, over a
        live copy found corrupt). False when the store does not have it;
        :class:`ArtifactCorrupted` when its copy there is not what it should be;
        :class:`~lifelong.storage.blobs.BlobStoreError` when the store cannot be reached.
        """
        if self.remote is None:
            return False
        key = self.remote_key(sha256)
        try:
            tree = read_tree(self.remote, key)
        except BlobCorrupted as exc:
            raise StoredCopyCorrupted(sha256, self.remote.url, str(exc)) from None
        if tree is None:
            return False
        final = self.path_of(sha256)
        staging = self.new_partial("fetch")
        try:
            try:
                get_tree(self.remote, key, staging, tree)
            except (BlobCorrupted, BlobMissing) as exc:
                raise StoredCopyCorrupted(sha256, self.remote.url, str(exc)) from None
            found, _ = digest(staging)
            if found != sha256:
                raise StoredCopyCorrupted(
                    sha256, self.remote.url, f"its files hash to {found[:16]}..."
                )
            _fsync_tree(staging)
            if replace and final.is_dir():
                doomed = final.with_name(f".deleting-{uuid.uuid4().hex}")
                os.replace(final, doomed)
                shutil.rmtree(doomed, ignore_errors=True)
            try:
                os.replace(staging, final)
            except OSError:
                if not final.is_dir():  # else another process fetched it first: as good
                    raise
            _fsync_dir(final.parent)
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)
        return True

    def exists(self, sha256: str) -> bool:
        return self.path_of(sha256).is_dir()

    def backup(self, sha256: str) -> Path:
        """Make (or check) a verified backup copy; only then may the object be deleted."""
        source = self.verified_path(sha256)
        target = self.backups / sha256
        if not target.is_dir():
            self._copy_into_place(source, target)
        found, _ = digest(target)
        if found != sha256:
            shutil.rmtree(target, ignore_errors=True)
            raise ArtifactCorrupted(sha256, target, found)
        return target

    def delete(self, sha256: str) -> None:
        """Remove the live object; refuses unless a verified backup exists."""
        backup = self.backups / sha256
        if not backup.is_dir() or digest(backup)[0] != sha256:
            raise ArtifactMissing(
                f"refusing to delete adapter artifact {sha256[:16]}...: no verified backup in "
                f"{self.backups}"
            )
        path = self.path_of(sha256)
        if path.is_dir():
            # Rename first so a kill mid-delete never leaves a half folder under the real name.
            doomed = path.with_name(f".deleting-{uuid.uuid4().hex}")
            os.replace(path, doomed)
            shutil.rmtree(doomed, ignore_errors=True)

    def restore(self, sha256: str) -> Path:
        """Bring a backed-up object back into ``objects`` (activating a pruned version).

        A live copy found corrupt is replaced by the artifact store's copy when that one checks
        out (otherwise ArtifactCorrupted, and the caller may repair it from a local backup).
        """
        if self.exists(sha256):
            try:
                return self.verified_path(sha256)
            except ArtifactCorrupted as exc:
                try:
                    fetched = self.fetch(sha256, replace=True)
                except (ArtifactCorrupted, BlobStoreError):
                    fetched = False
                if not fetched:
                    raise exc from None
                return self.verified_path(sha256)
        backup = self.backups / sha256
        if not backup.is_dir():
            if self.fetch(sha256):  # the artifact store's copy is every machine's backup
                return self.path_of(sha256)
            raise ArtifactMissing(
                f"adapter artifact {sha256[:16]}... has no object and no backup"
                + (f", here or in the artifact store {self.remote.url}" if self.remote else "")
            )
        found, _ = digest(backup)
        if found != sha256:
            raise ArtifactCorrupted(sha256, backup, found)
        self._copy_into_place(backup, self.path_of(sha256))
        return self.verified_path(sha256)

    def new_partial(self, tag: str = "") -> Path:
        """A new, empty temporary folder beside the objects, named so that a sweep by another
        runtime on this home leaves it alone while this process lives. The caller removes it.
        """
        self.objects.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=partial_prefix(tag), dir=self.objects))

    def sweep_partials(self, max_idle_s: float = PARTIAL_MAX_IDLE_S) -> int:
        """Remove temporary folders their writer abandoned; returns how many.

        Another process on the same home may be copying into a ``.partial-`` folder right now:
        one is removed only when its writer (named in the folder name) is no longer running on
        this host, or, when that cannot be told, when nothing in it changed for ``max_idle_s``.
        ``.deleting-`` folders are already doomed and always go.
        """
        removed = 0
        for parent in (self.objects, self.backups):
            if not parent.is_dir():
                continue
            for path in parent.iterdir():
                if path.name.startswith(".deleting-") or (
                    path.name.startswith(".partial-") and _abandoned(path, max_idle_s)
                ):
                    shutil.rmtree(path, ignore_errors=True)
                    removed += 1
        return removed

    def _copy_into_place(self, source: Path, final: Path) -> None:
        final.parent.mkdir(parents=True, exist_ok=True)
        staging = final.with_name(f"{partial_prefix()}{uuid.uuid4().hex}")
        shutil.copytree(source, staging, ignore=shutil.ignore_patterns(".*"))
        _fsync_tree(staging)
        try:
            os.replace(staging, final)
        except OSError:
            # Someone else stored the same content first: theirs is as good as ours.
            shutil.rmtree(staging, ignore_errors=True)
            if not final.is_dir():
                raise
        _fsync_dir(final.parent)


def _check_sha(sha256: str) -> None:
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise ArtifactMissing(f"{sha256!r} is not a sha256 artifact address")
