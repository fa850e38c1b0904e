"""``artifact_store`` URLs: ``s3://bucket/prefix`` or ``file:///absolute/folder``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lifelong.storage.blobs.base import BlobStore

__all__ = ["StoreLocation", "open_blob_store", "parse_endpoint", "parse_store_url"]

USAGE = (
    "write s3://BUCKET/PREFIX (an S3-compatible bucket; MinIO, R2 ... also set "
    "artifact_store_endpoint_url) or file:///ABSOLUTE/FOLDER (a folder every machine mounts)"
)
_BUCKET = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{1,254}")


@dataclass(frozen=True, slots=True)
class StoreLocation:
    scheme: str  # "s3" | "file"
    bucket: str = ""  # s3
    prefix: str = ""  # s3: keys start with it ("" or "a/b/")
    path: Path | None = None  # file


def parse_store_url(url: str) -> StoreLocation:
    """The store an ``artifact_store`` URL names; ValueError saying what to write otherwise.

    The messages never repeat the URL: one with credentials in it must not reach a log.
    """
    text = url.strip()
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme not in ("s3", "file"):
        raise ValueError(f"not an artifact store URL; {USAGE}")
    if "@" in parts.netloc:
        raise ValueError(
            "credentials do not belong in the URL: boto3 reads them from AWS_ACCESS_KEY_ID / "
            f"AWS_SECRET_ACCESS_KEY, AWS_PROFILE or a role; {USAGE}"
        )
    if parts.query or parts.fragment:
        raise ValueError(f"the URL takes no ?query or #fragment; {USAGE}")
    if scheme == "s3":
        if not _BUCKET.fullmatch(parts.netloc):
            raise ValueError(f"the URL names no valid bucket; {USAGE}")
        prefix = "/".join(p for p in unquote(parts.path).split("/") if p)
        if any(p in (".", "..") for p in prefix.split("/")):
            raise ValueError(f"the prefix may not hold '.' or '..'; {USAGE}")
        return StoreLocation("s3", bucket=parts.netloc, prefix=f"{prefix}/" if prefix else "")
    if parts.netloc not in ("", "localhost"):
        raise ValueError(f"a file:// store is a folder on this machine (file:///...); {USAGE}")
    path = Path(unquote(parts.path))
    if not parts.path.startswith("/") or path == Path("/"):
        raise ValueError(f"a file:// store needs an absolute folder other than /; {USAGE}")
    return StoreLocation("file", path=path)


def parse_endpoint(url: str) -> str:
    """An ``artifact_store_endpoint_url``: ``http(s)://host[:port]``, without credentials."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("write the S3 server's address as http(s)://HOST[:PORT]")
    if parts.username or parts.password:
        raise ValueError(
            "credentials do not belong in the URL: boto3 reads them from AWS_ACCESS_KEY_ID / "
            "AWS_SECRET_ACCESS_KEY"
        )
    return url.strip()


def open_blob_store(
    url: str, *, endpoint_url: str | None = None, region: str | None = None
) -> BlobStore:
    """The store ``url`` names (boto3 is imported here, for an s3:// URL only)."""
    where = parse_store_url(url)
    if where.scheme == "file":
        from lifelong.storage.blobs.local import LocalBlobStore

        assert where.path is not None
        return LocalBlobStore(where.path)
    from lifelong.storage.blobs.s3 import S3BlobStore

    return S3BlobStore(where.bucket, where.prefix, endpoint_url=endpoint_url, region=region)
