"""moto's S3 server on 127.0.0.1 (a free port): the S3 peer of the s3:// artifact store tests.

Credentials are fake and come from the environment, as boto3's chain reads them; nothing on
this machine (``~/.aws``, an instance role) is consulted.
"""

from __future__ import annotations

import contextlib
import logging
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

ACCESS_KEY = "lifelong-test-access-key"
SECRET_KEY = "lifelong-test-secret-key-0123456789"


@dataclass(frozen=True)
class S3:
    endpoint: str
    bucket: str
    server: Any

    def url(self, prefix: str = "lifelong") -> str:
        return f"s3://{self.bucket}/{prefix}"

    def client(self) -> Any:
        import boto3

        return boto3.client("s3", endpoint_url=self.endpoint, region_name="us-east-1")

    def store_config(self, prefix: str = "lifelong") -> dict[str, str]:
        """The RuntimeConfig keys of a store in this bucket."""
        return {"artifact_store": self.url(prefix), "artifact_store_endpoint_url": self.endpoint}


def fake_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", ACCESS_KEY)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent/aws-config")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/aws-credentials")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")


@contextlib.contextmanager
def running_s3(monkeypatch: pytest.MonkeyPatch) -> Iterator[S3]:
    """A moto S3 server with one empty bucket, stopped afterwards."""
    from moto.server import ThreadedMotoServer

    fake_credentials(monkeypatch)
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one line per request otherwise
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        s3 = S3(f"http://{host}:{port}", f"lifelong-{uuid.uuid4().hex[:12]}", server)
        s3.client().create_bucket(Bucket=s3.bucket)
        yield s3
    finally:
        server.stop()
