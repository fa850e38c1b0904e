"""Folders in an artifact store, whole or invisible.

A tree at ``prefix`` is its files under ``prefix/<relative path>`` plus a listing,
``prefix/.tree.json``, with each file's size and sha256. The listing is written last and
removed first, so a tree exists exactly when its listing does: a writer killed mid-upload
leaves files nobody reads, and a reader checks every byte it fetches against the listing.
Hidden files (a name starting with ``.``) are not part of a tree, as in a genome object.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lifelong.storage.blobs.base import BlobCorrupted, BlobMissing, BlobStore, check_key

__all__ = [
    "TREE_MARKER",
    "Tree",
    "delete_tree",
    "get_tree",
    "list_trees",
    "put_tree",
    "read_tree",
    "tree_listing",
]

TREE_MARKER = ".tree.json"
TREE_FORMAT = 1
_BLOCK = 1 << 20


@dataclass(frozen=True, slots=True)
class Tree:
    prefix: str
    files: dict[str, dict[str, Any]]  # relative path -> {"sha256": ..., "size": ...}
    meta: dict[str, Any] = field(default_factory=dict)


def file_sha256(path: Path) -> str:
    """The sha256 of one file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(_BLOCK), b""):
            digest.update(block)
    return digest.hexdigest()


def _local_files(folder: Path) -> dict[str, Path]:
    files = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_file() and not any(p.startswith(".") for p in rel.split("/")):
            files[rel] = path
    return files


def tree_listing(source: Path | Mapping[str, Path]) -> dict[str, dict[str, Any]]:
    """What a tree of ``source`` (a folder, or relative path -> file) would list."""
    files = _local_files(source) if isinstance(source, Path) else dict(source)
    return {
        rel: {"sha256": file_sha256(path), "size": path.stat().st_size}
        for rel, path in sorted(files.items())
    }


def put_tree(
    store: BlobStore,
    prefix: str,
    source: Path | Mapping[str, Path],
    *,
    meta: Mapping[str, Any] | None = None,
    listing: dict[str, dict[str, Any]] | None = None,
) -> Tree:
    """Upload ``source`` (a folder, or relative path -> file) as the tree at ``prefix``,
    replacing one that was there (hidden while it is rewritten). ``listing`` is
    :func:`tree_listing` of ``source`` when the caller already has it.
    """
    check_key(prefix)
    files = _local_files(source) if isinstance(source, Path) else dict(source)
    for rel in files:
        _check_rel(rel, prefix)
    listing = listing if listing is not None else tree_listing(files)
    marker = f"{prefix}/{TREE_MARKER}"
    store.delete(marker)  # an older tree of that name is gone before any file changes
    for rel, path in files.items():
        store.put_file(f"{prefix}/{rel}", path)
    body = {"format": TREE_FORMAT, "files": listing, "meta": dict(meta or {}),
            "created_at": time.time()}  # fmt: skip
    store.put_bytes(marker, json.dumps(body, indent=1, sort_keys=True).encode())
    return Tree(prefix, listing, dict(meta or {}))


def read_tree(store: BlobStore, prefix: str) -> Tree | None:
    """The tree at ``prefix``, or None when there is none (or it is still being written)."""
    try:
        raw = store.get_bytes(f"{check_key(prefix)}/{TREE_MARKER}")
    except BlobMissing:
        return None
    try:
        body = json.loads(raw)
        files = body["files"]
        if body.get("format") != TREE_FORMAT or not isinstance(files, dict):
            raise ValueError("unknown format")
        for rel, info in files.items():
            _check_rel(rel, prefix)
            if not isinstance(info.get("sha256"), str) or not isinstance(info.get("size"), int):
                raise ValueError(f"bad entry for {rel}")
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise BlobCorrupted(
            f"artifact store {store.url}: the listing of {prefix} is unreadable ({exc})"
        ) from None
    return Tree(prefix, files, dict(body.get("meta") or {}))


def get_tree(store: BlobStore, prefix: str, dest: Path, tree: Tree | None = None) -> Tree:
    """Download the tree at ``prefix`` into the folder ``dest`` (made by the caller, who
    renames it into place afterwards) and check every file against the listing. Raises
    :class:`BlobMissing` when there is no such tree, :class:`BlobCorrupted` when a file is
    missing or its bytes differ.
    """
    tree = tree or read_tree(store, prefix)
    if tree is None:
        raise BlobMissing(f"artifact store {store.url}: no complete {prefix}")
    for rel, info in tree.files.items():
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            store.get_file(f"{prefix}/{rel}", target)
        except BlobMissing:
            raise BlobCorrupted(
                f"artifact store {store.url}: {prefix}/{rel} is listed but missing"
            ) from None
        size, sha = target.stat().st_size, file_sha256(target)
        if size != info["size"] or sha != info["sha256"]:
            raise BlobCorrupted(
                f"artifact store {store.url}: {prefix}/{rel} does not match its listing "
                f"(sha256 {sha[:16]}..., expected {info['sha256'][:16]}...)"
            )
    return tree


def list_trees(store: BlobStore, prefix: str) -> list[str]:
    """The prefixes of the complete trees under ``prefix`` (at any depth), sorted."""
    suffix = f"/{TREE_MARKER}"
    start = f"{prefix.rstrip('/')}/" if prefix else ""
    return [k[: -len(suffix)] for k in store.keys(start) if k.endswith(suffix)]


def delete_tree(store: BlobStore, prefix: str) -> None:
    """Remove the tree at ``prefix``: its listing first (it is then invisible), then files."""
    check_key(prefix)
    store.delete(f"{prefix}/{TREE_MARKER}")
    for key in store.keys(f"{prefix}/"):
        store.delete(key)


def _check_rel(rel: str, prefix: str) -> None:
    try:
        check_key(rel)
    except ValueError:
        raise BlobCorrupted(f"{prefix}: {rel!r} is not a relative file path") from None
    if any(part.startswith(".") for part in rel.split("/")):
        raise BlobCorrupted(f"{prefix}: {rel!r} is a hidden file, never part of a tree")
