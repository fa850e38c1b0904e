"""The artifact store in an S3-compatible bucket (AWS S3, MinIO, Ceph, Cloudflare R2 ...).

boto3 is imported when a store is opened, never by ``import lifelong``. Credentials come only
from boto3's own chain (``AWS_ACCESS_KEY_ID`` / ``AWS_SECRET_ACCESS_KEY``, ``AWS_PROFILE``, an
instance or pod role ...): lifelong never reads, stores or prints them, and its messages name
the bucket, the key and what S3 answered. A PUT is atomic, so one key is whole or absent; large
files go up in parts, and parts of an upload killed midway are never visible (a bucket
lifecycle rule that aborts incomplete multipart uploads reclaims their space).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from lifelong.storage.blobs.base import BlobMissing, BlobStoreError, check_key

__all__ = ["S3BlobStore"]

_MISSING = {"404", "NoSuchKey", "NotFound"}


class S3BlobStore:
    def __init__(
        self,
        bucket: str,
        prefix: str = "",
        *,
        endpoint_url: str | None = None,
        region: str | None = None,
    ) -> None:
        try:
            import boto3
            from botocore.config import Config
        except ImportError:
            raise BlobStoreError(
                "artifact_store is an s3:// URL but boto3 is not installed: "
                "pip install 'lifelong[s3]' (or boto3)"
            ) from None
        self.bucket = bucket
        self.prefix = f"{prefix.strip('/')}/" if prefix.strip("/") else ""
        self.url = f"s3://{bucket}/{self.prefix}"
        options: dict[str, Any] = {
            "retries": {"max_attempts": 5, "mode": "standard"},
            "connect_timeout": 10,
            "read_timeout": 120,
        }
        if endpoint_url:  # MinIO, moto and most S3-compatible servers expect path-style URLs
            options["s3"] = {"addressing_style": "path"}
        try:
            # Checksums only where S3 requires them: several S3-compatible servers refuse the
            # newer default ones (botocore >= 1.36).
            config = Config(
                **options,
                request_checksum_calculation="when_required",
                response_checksum_validation="when_required",
            )
        except TypeError:
            config = Config(**options)
        # A client is thread-safe (a session is not): one private session, one client.
        self._client = boto3.session.Session().client(
            "s3", endpoint_url=endpoint_url or None, region_name=region or None, config=config
        )

    def _key(self, key: str) -> str:
        return self.prefix + check_key(key)

    def put_file(self, key: str, path: Path) -> None:
        with self._errors("upload", key):
            self._client.upload_file(str(path), self.bucket, self._key(key))

    def put_bytes(self, key: str, data: bytes) -> None:
        with self._errors("write", key):
            self._client.put_object(Bucket=self.bucket, Key=self._key(key), Body=data)

    def get_file(self, key: str, dest: Path) -> None:
        with self._errors("download", key):
            self._client.download_file(self.bucket, self._key(key), str(dest))

    def get_bytes(self, key: str) -> bytes:
        with self._errors("read", key):
            body = self._client.get_object(Bucket=self.bucket, Key=self._key(key))["Body"]
            try:
                return bytes(body.read())
            finally:
                body.close()
        raise AssertionError("unreachable: _errors re-raises")  # pragma: no cover

    def exists(self, key: str) -> bool:
        try:
            with self._errors("check", key):
                self._client.head_object(Bucket=self.bucket, Key=self._key(key))
        except BlobMissing:
            return False
        return True

    def keys(self, prefix: str) -> list[str]:
        found: list[str] = []
        with self._errors("list", prefix or "/"):
            pages = self._client.get_paginator("list_objects_v2").paginate(
                Bucket=self.bucket, Prefix=self.prefix + prefix
            )
            for page in pages:
                found += [o["Key"][len(self.prefix) :] for o in page.get("Contents", ())]
        return sorted(found)

    def delete(self, key: str) -> None:
        with self._errors("delete", key):
            self._client.delete_object(Bucket=self.bucket, Key=self._key(key))

    def check(self) -> None:
        with self._errors("open the bucket", "", bucket=True):
            self._client.head_bucket(Bucket=self.bucket)

    def _errors(self, action: str, key: str, *, bucket: bool = False) -> _S3Errors:
        return _S3Errors(self, action, key, bucket)


class _S3Errors:
    """Turns botocore's exceptions into BlobMissing / BlobStoreError with a message that says
    what to do (botocore's own messages carry no credentials; ours add none).
    """

    def __init__(self, store: S3BlobStore, action: str, key: str, bucket: bool) -> None:
        self.store, self.action, self.key, self.bucket = store, action, key, bucket

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: Any, exc: BaseException | None, tb: Any) -> Literal[False]:
        if exc is None or not isinstance(exc, Exception) or isinstance(exc, BlobStoreError):
            return False
        from boto3.exceptions import Boto3Error
        from botocore.exceptions import (
            BotoCoreError,
            ClientError,
            NoCredentialsError,
            PartialCredentialsError,
        )

        where = f"artifact store {self.store.url}"
        what = f"{self.action} {self.key}" if self.key else self.action
        if isinstance(exc, ClientError):
            error = exc.response.get("Error", {})
            code = str(error.get("Code", "?"))
            status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
            if code in _MISSING or status == 404:
                if self.bucket or code == "NoSuchBucket":
                    raise BlobStoreError(
                        f"{where}: bucket {self.store.bucket!r} does not exist (create it, or "
                        "correct artifact_store / artifact_store_endpoint_url)"
                    ) from None
                raise BlobMissing(f"{where}: no {self.key}") from None
            if code in ("403", "AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch"):
                raise BlobStoreError(
                    f"{where}: cannot {what}: access denied ({code}); check the credentials "
                    "boto3 finds (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, AWS_PROFILE, a role) "
                    "and the bucket's policy"
                ) from None
            message = error.get("Message") or ""
            raise BlobStoreError(f"{where}: cannot {what}: {code} {message}".rstrip()) from None
        if isinstance(exc, NoCredentialsError | PartialCredentialsError):
            raise BlobStoreError(
                f"{where}: cannot {what}: no credentials found; set AWS_ACCESS_KEY_ID and "
                "AWS_SECRET_ACCESS_KEY (or AWS_PROFILE, or give the machine a role)"
            ) from None
        if isinstance(exc, BotoCoreError | Boto3Error):
            raise BlobStoreError(f"{where}: cannot {what}: {exc}") from None
        if isinstance(exc, OSError) and not isinstance(exc, FileNotFoundError):
            raise BlobStoreError(f"{where}: cannot {what}: {exc}") from None
        return False
