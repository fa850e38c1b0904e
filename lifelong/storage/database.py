"""The engine factory and the two ways in: ``db.read()`` and ``db.write()``.

SQLite (the default) gets WAL, a busy timeout, ``synchronous=NORMAL`` (a committed transaction
survives a killed process; only a power cut can lose the last ones) and ``BEGIN IMMEDIATE`` for
every write transaction: a deferred read-then-write transaction fails with "database is locked"
whatever the timeout, an immediate one waits its turn. In one process, writes also queue on an
asyncio lock over a single writer connection, so they never even reach the busy handler.

Any other SQLAlchemy async URL (``postgresql+asyncpg://...``) uses one ordinary pool for both.

A database that cannot be reached or opened (a server that is down, a wrong password, a folder
that cannot be written) raises :class:`StorageError` naming the database - never its password -
and what to check, from :meth:`Database.open` (which connects once to find out) and from
``read()`` / ``write()`` when a new connection fails later.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import sqlite3
import time
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import sqlalchemy
from sqlalchemy import Engine, Table, event
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from lifelong.errors import StorageError

__all__ = ["Database"]

log = logging.getLogger("lifelong.storage")

# Group commits between two background WAL checkpoints.
_CHECKPOINT_EVERY = 500

# What failing to connect raises: the OS (refused, unreachable, timed out, no such folder, read
# only), sqlite3 itself (the batch connection), and the driver errors SQLAlchemy wraps.
_CONNECT_ERRORS = (OSError, sqlite3.Error, DBAPIError)


class Database:
    """Owns the engines. Use :meth:`open` / :meth:`close` (or ``async with``)."""

    def __init__(
        self,
        url: str,
        *,
        busy_timeout_ms: int = 30_000,
        pool_size: int = 5,
        session_timeouts_s: tuple[float, float, float] = (30.0, 15.0, 300.0),
    ) -> None:
        """``session_timeouts_s``: on PostgreSQL, each session's idle-in-transaction, lock and
        statement timeouts (0: none). A process frozen inside a write transaction (SIGSTOP, a
        debugger, a stalled VM) holds its row locks until the first one ends its session, and
        ``FOR UPDATE SKIP LOCKED`` skips those rows: without it another worker could not take
        the job over for as long as the holder stayed frozen.
        """
        try:
            self.url = make_url(url)
        except ArgumentError:
            raise StorageError(
                f"database URL {url!r} is not a SQLAlchemy URL; "
                "use e.g. sqlite+aiosqlite:///path/to/lifelong.db or postgresql+asyncpg://..."
            ) from None
        self.is_sqlite = self.url.get_backend_name() == "sqlite"
        self._busy_timeout_ms = busy_timeout_ms
        self._pool_size = pool_size
        self._session_timeouts_s = session_timeouts_s
        self._write_lock = asyncio.Lock()
        self._read_engine: AsyncEngine | None = None
        self._write_engine: AsyncEngine | None = None
        # The group-commit path on SQLite: one plain sqlite3 connection on its own thread.
        self._batch_conn: sqlite3.Connection | None = None
        self._batch_thread: ThreadPoolExecutor | None = None
        self._batch_sql: dict[tuple[str, tuple[str, ...]], str] = {}
        self._batches_since_checkpoint = 0
        self._checkpoint: asyncio.Future[None] | None = None

    @property
    def display_url(self) -> str:
        """The URL with any password hidden, for messages and logs."""
        return self.url.render_as_string(hide_password=True)

    async def open(self) -> Database:
        """Create the engines and connect once, so an unusable database fails here.

        Raises :class:`StorageError` when the database cannot be opened or reached.
        """
        try:
            await self._open()
        except (*_CONNECT_ERRORS, SQLAlchemyError) as exc:
            await self._close_quietly()
            raise self._unusable(exc) from None
        except BaseException:
            await self._close_quietly()
            raise
        return self

    async def _open(self) -> None:
        if self.is_sqlite:
            database = self.url.database
            if not database or database == ":memory:":
                raise StorageError(
                    "an in-memory SQLite database cannot be shared between connections; "
                    "give a file path"
                )
            Path(database).parent.mkdir(parents=True, exist_ok=True)
            self._write_engine = self._sqlite_engine(immediate=True, pool_size=1)
            self._read_engine = self._sqlite_engine(immediate=False, pool_size=self._pool_size)
            # A whole batch transaction then costs one thread hop instead of one per statement,
            # and no per-row ORM processing: this is what lets record() reach 10k+/s.
            self._batch_conn = await asyncio.to_thread(self._open_batch_conn, database)
            self._batch_thread = ThreadPoolExecutor(1, thread_name_prefix="lifelong-writer")
        else:
            idle, lock, statement = self._session_timeouts_s
            settings = {
                "idle_in_transaction_session_timeout": str(int(idle * 1000)),
                "lock_timeout": str(int(lock * 1000)),
                "statement_timeout": str(int(statement * 1000)),
            }
            connect_args = (
                {"server_settings": settings} if self.url.drivername.endswith("asyncpg") else {}
            )
            try:
                engine = create_async_engine(
                    self.url, pool_size=self._pool_size, max_overflow=10, pool_pre_ping=True,
                    connect_args=connect_args,
                )  # fmt: skip
            except Exception as exc:  # a missing driver, a bad option
                raise StorageError(f"cannot use {self.display_url}: {exc}") from None
            self._write_engine = self._read_engine = engine
        # Engines connect lazily: without this, a server that is down (or a database file that
        # cannot be created) would surface as a driver error from the first query instead.
        async with self._write_engine.connect():
            pass

    def _unusable(self, exc: BaseException) -> StorageError:
        """The error for a database that cannot be opened or reached, without its password."""
        cause = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
        reason = str(cause).strip() or type(cause).__name__
        if self.url.password:
            reason = reason.replace(str(self.url.password), "***")
        if self.is_sqlite:
            return StorageError(
                f"cannot use {self.display_url}: the database cannot be opened ({reason}); "
                "check that its folder exists, is a folder and is writable by this user, or "
                "choose another --home / --db (LIFELONG_HOME / LIFELONG_DATABASE_URL)"
            )
        return StorageError(
            f"cannot use {self.display_url}: the connection failed ({reason}); check that the "
            "server is running and reachable and that the URL's host, port, user, password and "
            "database name are right (--db / LIFELONG_DATABASE_URL)"
        )

    @asynccontextmanager
    async def _connect(self, engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
        """A connection from ``engine``; failing to get one raises StorageError. Errors of the
        work done on it pass through unchanged.
        """
        connected = False
        try:
            async with engine.connect() as conn:
                connected = True
                yield conn
        except _CONNECT_ERRORS as exc:
            if connected:
                raise
            raise self._unusable(exc) from None

    def _open_batch_conn(self, database: str) -> sqlite3.Connection:
        conn = sqlite3.connect(database, isolation_level=None, check_same_thread=False)
        try:
            # With the busy timeout: switching a new database to WAL waits for the other
            # processes opening it at the same moment instead of failing "database is locked".
            _sqlite_pragmas(conn, self._busy_timeout_ms)
            # Then none: _begin_immediate retries by itself without blocking the event loop.
            conn.execute("PRAGMA busy_timeout = 0")
            # Checkpoints fsync; keep them off the hot path (see insert_batch).
            conn.execute("PRAGMA wal_autocheckpoint = 0")
        except BaseException:
            conn.close()
            raise
        return conn

    def _sqlite_engine(self, *, immediate: bool, pool_size: int) -> AsyncEngine:
        engine = create_async_engine(self.url, pool_size=pool_size, max_overflow=0)
        _configure_sqlite(
            engine.sync_engine, busy_timeout_ms=self._busy_timeout_ms, immediate=immediate
        )
        return engine

    async def insert_batch(self, table: Table, rows: list[dict[str, Any]]) -> None:
        """Insert ``rows`` (dicts with the same keys) into ``table`` in one write transaction."""
        if not rows:
            return
        if self._batch_conn is None or self._batch_thread is None:
            async with self.write() as writer:
                await writer.execute(table.insert(), rows)
            return
        conn = self._batch_conn
        sql, params = self._sqlite_insert(table, rows)
        async with self._write_lock:
            await self._begin_immediate(conn)
            # From here on the transaction cannot wait on another writer (we hold the write
            # lock; WAL commits never need more), so it runs inline: a batch is a few hundred
            # microseconds of work and no thread hop. Checkpoints, which fsync, run elsewhere.
            try:
                conn.executemany(sql, params)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        self._batches_since_checkpoint += 1
        if self._batches_since_checkpoint >= _CHECKPOINT_EVERY and self._checkpoint is None:
            self._batches_since_checkpoint = 0
            self._checkpoint = asyncio.get_running_loop().run_in_executor(
                self._batch_thread, self._run_checkpoint
            )

    async def _begin_immediate(self, conn: sqlite3.Connection) -> None:
        """BEGIN IMMEDIATE without blocking the event loop when another process writes."""
        deadline = time.monotonic() + self._busy_timeout_ms / 1000
        delay = 0.0005
        while True:
            try:
                conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise
                if time.monotonic() >= deadline:
                    raise StorageError(
                        f"{self.display_url} stayed locked by another process for "
                        f"{self._busy_timeout_ms} ms (sqlite_busy_timeout_ms)"
                    ) from exc
                await asyncio.sleep(delay)
                delay = min(delay * 2, 0.05)

    def _run_checkpoint(self) -> None:
        """A PASSIVE checkpoint on its own connection: copies WAL frames without blocking us."""
        try:
            with contextlib.closing(sqlite3.connect(str(self.url.database), timeout=0)) as conn:
                conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
        except sqlite3.Error:
            pass  # the next one will catch up; SQLite's own auto-checkpoints also run
        finally:
            self._checkpoint = None

    def _sqlite_insert(
        self, table: Table, rows: list[dict[str, Any]]
    ) -> tuple[str, list[dict[str, Any]]]:
        keys = tuple(rows[0])
        sql = self._batch_sql.get((table.name, keys))
        if sql is None:
            statement = table.insert().values({k: sqlalchemy.bindparam(k) for k in keys})
            sql = str(statement.compile(dialect=sqlite_dialect.dialect(paramstyle="named")))
            self._batch_sql[(table.name, keys)] = sql
        # Serialise JSON columns the way SQLAlchemy's JSON type reads them back.
        json_keys = [k for k in keys if isinstance(table.c[k].type, sqlalchemy.JSON)]
        if json_keys:
            rows = [
                {**row, **{k: None if row[k] is None else json.dumps(row[k]) for k in json_keys}}
                for row in rows
            ]
        return sql, rows

    @asynccontextmanager
    async def write(self) -> AsyncIterator[AsyncConnection]:
        """A write transaction: committed when the block exits cleanly, else rolled back."""
        engine = self._engine(self._write_engine)
        if self.is_sqlite:
            async with self._write_lock, self._connect(engine) as conn, conn.begin():
                yield conn
        else:
            async with self._connect(engine) as conn, conn.begin():
                yield conn

    async def ping(self, timeout_s: float = 5.0) -> None:
        """One trivial query, within ``timeout_s``: :class:`StorageError` if the store does
        not answer (what a readiness probe asks).
        """
        from sqlalchemy import text

        try:
            async with asyncio.timeout(timeout_s), self.read() as conn:
                await conn.execute(text("SELECT 1"))
        except StorageError:
            raise
        except (TimeoutError, OSError, SQLAlchemyError) as exc:
            raise StorageError(
                f"database {self.display_url} does not answer: {type(exc).__name__}"
            ) from None

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncConnection]:
        """A read-only snapshot (one transaction) that is rolled back at the end."""
        engine = self._engine(self._read_engine)
        async with self._connect(engine) as conn:
            yield conn

    def _engine(self, engine: AsyncEngine | None) -> AsyncEngine:
        if engine is None:
            raise StorageError("the database is not open (call await db.open())")
        return engine

    async def close(self) -> None:
        engines = {id(e): e for e in (self._write_engine, self._read_engine) if e is not None}
        self._write_engine = self._read_engine = None
        for engine in engines.values():
            await engine.dispose()
        if self._checkpoint is not None:
            with contextlib.suppress(Exception):
                await self._checkpoint
        if self._batch_thread is not None:
            self._batch_thread.shutdown(wait=True)
            self._batch_thread = None
        if self._batch_conn is not None:
            self._batch_conn.close()
            self._batch_conn = None

    async def _close_quietly(self) -> None:
        # After a failed open: release what was made; the original error is the one to report.
        with contextlib.suppress(Exception):
            await self.close()

    async def __aenter__(self) -> Database:
        return await self.open()

    async def __aexit__(self, *exc: object) -> None:
        await self.close()


def _configure_sqlite(engine: Engine, *, busy_timeout_ms: int, immediate: bool = True) -> None:
    """WAL, busy timeout, NORMAL sync, foreign keys; BEGIN IMMEDIATE when ``immediate``."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control from the driver so we can say BEGIN IMMEDIATE.
        dbapi_connection.isolation_level = None
        _sqlite_pragmas(dbapi_connection, busy_timeout_ms)

    begin = "BEGIN IMMEDIATE" if immediate else "BEGIN"

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql(begin)


def _sqlite_pragmas(connection: Any, busy_timeout_ms: int) -> None:
    cursor = connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        _switch_to_wal(cursor, busy_timeout_ms)
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()


def _switch_to_wal(cursor: Any, busy_timeout_ms: int) -> None:
    """Put the database in WAL mode, waiting out other processes doing the same.

    Switching takes the file from a shared to an exclusive lock. When two new connections both
    hold the shared lock and both try, SQLite fails one with "database is locked" at once,
    without calling the busy handler (waiting could deadlock), so the busy timeout does not
    cover it: retry here until the switch is done (by us or by the other process) or the busy
    timeout has passed.
    """
    deadline = time.monotonic() + busy_timeout_ms / 1000
    pause = 0.005
    while True:
        try:
            # Two steps: the driver adapter's execute() does not return the cursor.
            cursor.execute("PRAGMA journal_mode = WAL")
            mode = cursor.fetchone()
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() >= deadline:
                raise
        else:
            if not mode or str(mode[0]).lower() != "wal":
                # SQLite refused without an error (a file system without shared memory, say):
                # it still works in its rollback-journal mode, only with less concurrency.
                log.warning("SQLite kept journal mode %r instead of WAL", mode[0] if mode else None)
            return
        time.sleep(pause)
        pause = min(pause * 2, 0.1)
