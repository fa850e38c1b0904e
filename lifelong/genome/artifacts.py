"""Content-addressed storage of adapter folders, verified on every load.

An artifact is a folder (``adapter_config.json``, ``adapter_model.safetensors``, the lifelong
manifest). Its address is the sha256 of a listing of its files, each with its own sha256, so the
folder peft loads is exactly the one that was hashed:

    <root>/objects/<sha256>/...    what layers point at; never modified once renamed into place
    <root>/backup/<sha256>/...     verified copies made before an object is deleted (retention)

Writes go to a temporary folder beside the destination, are fsynced, then renamed: a kill leaves
either no object or a whole one, never a half-copied folder under its final name.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

from lifelong.errors import LifelongError

__all__ = ["ArtifactCorrupted", "ArtifactMissing", "ArtifactStore", "StoredArtifact", "digest"]

_BLOCK = 1 << 20


class ArtifactCorrupted(LifelongError):
    """An artifact's bytes no longer match the sha256 it was stored under."""

    def __init__(self, sha256: str, path: Path, found: str) -> None:
        self.sha256 = sha256
        super().__init__(
            f"adapter artifact {path} is corrupted: expected sha256 {sha256[:16]}..., found "
            f"{found[:16]}...; it will not be loaded. Roll back with `lifelong layers rollback` "
            "or restore the folder from its backup"
        )


class ArtifactMissing(LifelongError, FileNotFoundError):
    """An artifact a layer points at is neither stored nor backed up."""


@dataclass(frozen=True, slots=True)
class StoredArtifact:
    sha256: str
    nbytes: int
    path: Path


def _file_sha256(path: Path) -> str:
    digest_ = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(_BLOCK), b""):
            digest_.update(block)
    return digest_.hexdigest()


def digest(folder: Path) -> tuple[str, int]:
    """(sha256 of the folder's listing, total bytes). Hidden files are not part of it."""
    lines = []
    total = 0
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = path.relative_to(folder).as_posix()
        if any(part.startswith(".") for part in rel.split("/")):
            continue
        lines.append(f"{rel}\0{_file_sha256(path)}\n")
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


class ArtifactStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.objects = self.root / "objects"
        self.backups = self.root / "backup"

    def path_of(self, sha256: str) -> Path:
        _check_sha(sha256)
        return self.objects / sha256

    def put(self, folder: Path) -> StoredArtifact:
        """Store a copy of ``folder``; storing the same content again reuses the object."""
        sha, nbytes = digest(Path(folder))
        final = self.path_of(sha)
        if final.is_dir():
            return StoredArtifact(sha, nbytes, final)
        self._copy_into_place(Path(folder), final)
        return StoredArtifact(sha, nbytes, final)

    def verified_path(self, sha256: str) -> Path:
        """The object's folder after checking every byte; raises ArtifactCorrupted/Missing."""
        path = self.path_of(sha256)
        if not path.is_dir():
            raise ArtifactMissing(
                f"adapter artifact {sha256[:16]}... is not in {self.objects}"
                + (" (a backup exists: restore it by activating the version)"
                   if (self.backups / sha256).is_dir() else "")
            )  # fmt: skip
        found, _ = digest(path)
        if found != sha256:
            raise ArtifactCorrupted(sha256, path, found)
        return path

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
        """Bring a backed-up object back into ``objects`` (activating a pruned version)."""
        if self.exists(sha256):
            return self.verified_path(sha256)
        backup = self.backups / sha256
        if not backup.is_dir():
            raise ArtifactMissing(f"adapter artifact {sha256[:16]}... has no object and no backup")
        found, _ = digest(backup)
        if found != sha256:
            raise ArtifactCorrupted(sha256, backup, found)
        self._copy_into_place(backup, self.path_of(sha256))
        return self.verified_path(sha256)

    def sweep_partials(self) -> int:
        """Remove temporary folders a killed process left behind; returns how many."""
        removed = 0
        for parent in (self.objects, self.backups):
            if parent.is_dir():
                for path in parent.iterdir():
                    if path.name.startswith((".partial-", ".deleting-")):
                        shutil.rmtree(path, ignore_errors=True)
                        removed += 1
        return removed

    def _copy_into_place(self, source: Path, final: Path) -> None:
        final.parent.mkdir(parents=True, exist_ok=True)
        staging = final.with_name(f".partial-{uuid.uuid4().hex}")
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
