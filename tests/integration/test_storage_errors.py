"""A database that cannot be reached or opened fails the start with one StorageError that names
it (without its password) and says what to check - not a driver traceback.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from lifelong import Runtime, RuntimeConfig, StorageError, SyncRuntime
from lifelong.storage import Database

pytestmark = pytest.mark.integration

# Nothing listens on port 1: the connection is refused at once.
DOWN = "postgresql+asyncpg://u:secretpw@127.0.0.1:1/x"


async def test_a_postgres_server_that_is_down_is_a_storage_error(tmp_path: Path) -> None:
    rt = Runtime.open(RuntimeConfig(home=tmp_path, database_url=DOWN, background=False))
    try:
        with pytest.raises(StorageError) as info:
            await rt.start()
    finally:
        await rt.close()
    message = str(info.value)
    assert "secretpw" not in message
    assert "127.0.0.1:1/x" in message and "server is running" in message
    assert info.value.__cause__ is None and info.value.__suppress_context__


def test_sync_runtime_on_a_down_server_is_a_storage_error(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="the connection failed") as info:
        SyncRuntime(RuntimeConfig(home=tmp_path, database_url=DOWN, background=False))
    assert "secretpw" not in str(info.value)


async def test_database_open_on_a_down_server_is_a_storage_error() -> None:
    db = Database(DOWN)
    with pytest.raises(StorageError, match="the connection failed") as info:
        await db.open()
    assert "secretpw" not in str(info.value)
    with pytest.raises(StorageError, match="not open"):  # nothing half-open is left behind
        async with db.read():
            pass


async def test_a_database_file_that_cannot_be_opened_is_a_storage_error(tmp_path: Path) -> None:
    # Even root cannot open a folder as a database file.
    (tmp_path / "lifelong.db").mkdir()
    rt = Runtime.open(RuntimeConfig(home=tmp_path, background=False))
    try:
        with pytest.raises(StorageError, match="cannot be opened") as info:
            await rt.start()
    finally:
        await rt.close()
    assert str(tmp_path / "lifelong.db") in str(info.value)
    assert "writable" in str(info.value)


def test_sync_runtime_on_a_database_under_a_file_is_a_storage_error(tmp_path: Path) -> None:
    (tmp_path / "file.txt").write_text("not a folder")
    url = f"sqlite+aiosqlite:///{tmp_path / 'file.txt' / 'sub' / 'lifelong.db'}"
    with pytest.raises(StorageError, match="cannot be opened") as info:
        SyncRuntime(RuntimeConfig(home=tmp_path / "home", database_url=url, background=False))
    assert "file.txt" in str(info.value)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder anyway")
async def test_a_read_only_home_is_a_storage_error(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    home.chmod(0o555)
    try:
        rt = Runtime.open(RuntimeConfig(home=home, background=False))
        try:
            with pytest.raises(StorageError, match="cannot be opened"):
                await rt.start()
        finally:
            await rt.close()
    finally:
        home.chmod(0o755)
