"""What every artifact store backend promises, and its errors.

Keys are relative POSIX paths (``sessions/<id>/local/checkpoints/checkpoint-20/optimizer.pt``):
no leading ``/``, no empty, ``.`` or ``..`` segment, no backslash. A write of one key is atomic
(a reader gets the old bytes, the new bytes or nothing); several keys are made whole together
by :mod:`lifelong.storage.blobs.trees`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol, runtime_checkable

from lifelong.errors import StorageError

__all__ = ["BlobCorrupted", "BlobMissing", "BlobStore", "BlobStoreError", "check_key"]


class BlobStoreError(StorageError):
    """The artifact store cannot be reached or refused an operation. The message names the
    store by its URL (which never holds credentials) and what failed.
    """


class BlobMissing(BlobStoreError, FileNotFoundError):
    """A key that is not in the store."""


class BlobCorrupted(BlobStoreError):
    """Bytes fetched from the store that do not match what the tree's listing says."""


@runtime_checkable
class BlobStore(Protocol):
    """A flat namespace of keys, each holding bytes. Every method may raise
    :class:`BlobStoreError` when the store cannot be used.
    """

    url: str  # where it is, for messages: file:///mnt/x or s3://bucket/prefix (no secrets)

    def put_file(self, key: str, path: Path) -> None:
        """Store the bytes of ``path`` under ``key`` (replacing what was there), atomically."""
        ...

    def put_bytes(self, key: str, data: bytes) -> None: ...

    def get_file(self, key: str, dest: Path) -> None:
        """Write the bytes of ``key`` to ``dest``; :class:`BlobMissing` if there are none."""
        ...

    def get_bytes(self, key: str) -> bytes: ...

    def exists(self, key: str) -> bool: ...

    def keys(self, prefix: str) -> list[str]:
        """Every key starting with ``prefix`` (a string prefix, as in S3), sorted."""
        ...

    def delete(self, key: str) -> None:
        """Remove ``key``; removing a key that is not there is not an error."""
        ...

    def check(self) -> None:
        """Raise :class:`BlobStoreError` saying what to fix if the store cannot be used."""
        ...


def check_key(key: str) -> str:
    """``key`` if it is a valid store key, else ValueError (a bug, not user input)."""
    if (
        not isinstance(key, str)
        or not key
        or key.startswith("/")
        or "\\" in key
        or "\0" in key
        or any(part in ("", ".", "..") for part in key.split("/"))
    ):
        raise ValueError(f"{key!r} is not a valid artifact store key")
    return key
