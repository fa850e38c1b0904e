"""Group commit for ``persona.record``: many callers, one transaction per batch.

A caller hands over a finished row and waits until the transaction that holds it has committed,
so a returned id is durable (it survives a kill -9). While one batch is being written, new rows
queue up and go together in the next one: under load each commit carries many rows, and an idle
caller waits for exactly one small transaction. No timers, no lost rows.

One caller's row never fails the others: when a batch fails for something a row can cause (a
value the driver cannot encode, a constraint), it is split in halves and each half written on
its own, down to single rows, so every good row is committed and only the callers of the rows
the store refused get the error (k bad rows in n cost about k * log2(n) extra transactions).
A failure of the store itself (it is locked, unreachable, full or closed) is no row's fault:
splitting would only repeat it (each try waiting out a timeout), so every caller still
waiting gets that error and none of their rows is stored.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from sqlalchemy import exc as sa_exc

from lifelong.errors import LifelongError, RuntimeClosed

__all__ = ["Recorder", "store_failed"]

Row = dict[str, Any]


class Recorder:
    """Batches rows into ``write_batch`` calls, one at a time, at most ``batch_max`` rows each."""

    def __init__(
        self,
        write_batch: Callable[[Sequence[Row]], Awaitable[None]],
        *,
        batch_max: int = 1024,
    ) -> None:
        self._write_batch = write_batch
        self._batch_max = batch_max
        self._pending: list[tuple[Row, asyncio.Future[None]]] = []
        self._wakeup = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._closed = False
        self.batches = 0  # statistics, for the benchmark and status
        self.rows = 0

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="lifelong-recorder")

    async def submit(self, row: Row) -> None:
        """Queue ``row`` and return once it is committed (raises what the write raised)."""
        if self._closed:
            raise RuntimeClosed("recorder")
        if self._task is None:
            self.start()
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._pending.append((row, future))
        self._wakeup.set()
        await future

    async def _run(self) -> None:
        while True:
            await self._wakeup.wait()
            self._wakeup.clear()
            while self._pending:
                batch = self._pending[: self._batch_max]
                del self._pending[: self._batch_max]
                await self._write(batch)
            if self._closed:
                return

    async def _write(self, batch: list[tuple[Row, asyncio.Future[None]]]) -> None:
        try:
            await self._write_batch([row for row, _ in batch])
        except asyncio.CancelledError:
            # The event loop is going away mid-write: the transaction rolled back.
            _fail(batch, RuntimeClosed("recorder"))
            raise
        except Exception as exc:
            if len(batch) == 1 or store_failed(exc):
                _fail(batch, exc)
                return
            # Some row may be at fault: write the halves on their own (see the module doc).
            middle = len(batch) // 2
            try:
                await self._write(batch[:middle])
                await self._write(batch[middle:])
            except asyncio.CancelledError:
                _fail(batch, RuntimeClosed("recorder"))
                raise
        else:
            self.batches += 1
            self.rows += len(batch)
            for _, future in batch:
                if not future.done():
                    future.set_result(None)

    async def close(self) -> None:
        """Write what is queued, then stop. Later ``submit`` calls raise RuntimeClosed."""
        self._closed = True
        if self._task is None:
            return
        self._wakeup.set()
        await self._task
        self._task = None


def _fail(batch: list[tuple[Row, asyncio.Future[None]]], exc: BaseException) -> None:
    for _, future in batch:
        if not future.done():  # committed by an earlier half, or its caller gave up
            future.set_exception(exc)


def store_failed(exc: BaseException) -> bool:
    """True when ``exc`` says the store could not write at all, whatever the rows.

    Locked, unreachable, out of space, closed: errors of the connection or the database, which
    no single row causes. Everything else (an encoding error, an integrity or data error, a
    value the driver refuses) may be one row's fault.
    """
    if isinstance(exc, (LifelongError, OSError, sqlite3.OperationalError, sqlite3.InterfaceError)):
        return True  # StorageError (locked past the busy timeout), RuntimeClosed, I/O, disk full
    if isinstance(exc, (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.TimeoutError)):
        return True  # lost connection, pool exhausted
    return isinstance(exc, sa_exc.DBAPIError) and exc.connection_invalidated
