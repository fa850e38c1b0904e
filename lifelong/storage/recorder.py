"""Group commit for ``persona.record``: many callers, one transaction per batch.

A caller hands over a finished row and waits until the transaction that holds it has committed,
so a returned id is durable (it survives a kill -9). While one batch is being written, new rows
queue up and go together in the next one: under load each commit carries many rows, and an idle
caller waits for exactly one small transaction. No timers, no lost rows: a batch that fails
fails every caller in it with the same error, and nothing of it is stored.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from lifelong.errors import RuntimeClosed

__all__ = ["Recorder"]

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
            for _, future in batch:
                if not future.done():
                    future.set_exception(RuntimeClosed("recorder"))
            raise
        except Exception as exc:  # every caller of the batch sees the failure
            for _, future in batch:
                if not future.done():
                    future.set_exception(exc)
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
