"""The artifact store in a folder: a shared mount (NFS, SMB ...) every machine sees.

Each key is a file under the root. A write goes to a hidden temporary file beside its target,
is fsynced, then renamed over it: a reader (on any machine) sees the old file, the new one or
none, never half of one. A writer killed mid-copy leaves only its hidden temporary file, which
:meth:`LocalBlobStore.keys` never lists.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import uuid
from collections.abc import Callable
from pathlib import Path

from lifelong.storage.blobs.base import BlobMissing, BlobStoreError, check_key

__all__ = ["LocalBlobStore"]

# ".<name>.<32 hex>.partial": a write in progress (or abandoned by a killed writer).
_TEMPORARY = re.compile(r"^\..+\.[0-9a-f]{32}\.partial$")


class LocalBlobStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.url = self.root.resolve().as_uri() if self.root.is_absolute() else str(self.root)

    def _path(self, key: str) -> Path:
        return self.root / check_key(key)

    def put_file(self, key: str, path: Path) -> None:
        self._write(key, lambda tmp: shutil.copyfile(path, tmp))

    def put_bytes(self, key: str, data: bytes) -> None:
        self._write(key, lambda tmp: tmp.write_bytes(data))

    def _write(self, key: str, fill: Callable[[Path], object]) -> None:
        dest = self._path(key)
        tmp = dest.with_name(f".{dest.name}.{uuid.uuid4().hex}.partial")
        try:
            for attempt in range(3):
                dest.parent.mkdir(parents=True, exist_ok=True)
                try:
                    fill(tmp)
                    break
                except FileNotFoundError:
                    # A delete elsewhere removed the (then empty) folder meanwhile: again.
                    if dest.parent.is_dir() or attempt == 2:
                        raise
            with tmp.open("rb") as fh:
                os.fsync(fh.fileno())
            os.replace(tmp, dest)
            _fsync_dir(dest.parent)
        except FileNotFoundError:
            raise
        except OSError as exc:
            raise BlobStoreError(f"artifact store {self.url}: cannot write {key}: {exc}") from None
        finally:
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)

    def get_file(self, key: str, dest: Path) -> None:
        try:
            shutil.copyfile(self._path(key), dest)
        except FileNotFoundError:
            if not self._path(key).is_file():
                raise BlobMissing(f"artifact store {self.url}: no {key}") from None
            raise
        except IsADirectoryError:
            raise BlobMissing(f"artifact store {self.url}: no {key}") from None

    def get_bytes(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            raise BlobMissing(f"artifact store {self.url}: no {key}") from None
        except OSError as exc:
            raise BlobStoreError(f"artifact store {self.url}: cannot read {key}: {exc}") from None

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def keys(self, prefix: str) -> list[str]:
        folder = self.root / prefix.rpartition("/")[0] if prefix else self.root
        found: list[str] = []
        for dirpath, _dirnames, filenames in os.walk(folder):
            for name in filenames:
                if _TEMPORARY.match(name):
                    continue
                key = Path(dirpath, name).relative_to(self.root).as_posix()
                if key.startswith(prefix):
                    found.append(key)
        return sorted(found)

    def delete(self, key: str) -> None:
        path = self._path(key)
        try:
            path.unlink(missing_ok=True)
        except IsADirectoryError:
            return
        except OSError as exc:
            raise BlobStoreError(f"artifact store {self.url}: cannot delete {key}: {exc}") from None
        # Empty folders left behind go too (another writer may be filling one: it recreates it).
        parent = path.parent
        while parent != self.root and self.root in parent.parents:
            try:
                parent.rmdir()
            except OSError:
                break
            parent = parent.parent

    def check(self) -> None:
        if not self.root.is_dir():
            raise BlobStoreError(
                f"artifact store {self.url}: {self.root} is not a folder; mount the shared "
                "folder there (or create it), or correct artifact_store"
            )
        if not os.access(self.root, os.W_OK | os.X_OK):
            raise BlobStoreError(f"artifact store {self.url}: {self.root} is not writable")


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some shared filesystems do not fsync folders
    finally:
        os.close(fd)
