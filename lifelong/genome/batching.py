"""Micro-batching of concurrent generations on one base model.

Each base model (a folder) has a *lane*: requests queue there; the lane waits ``window_s`` for
company, then decodes up to ``max_batch`` of them together in one worker thread (one step-by-step
loop, :mod:`lifelong.genome.decode`). Requests that use at most one plain LoRA layer are
*mixable*: one batch holds rows of any layers and of the bare base model, each row routed
through its own adapter (peft's ``adapter_names``). Requests that need several layers at once
(or a DoRA layer, which peft cannot mix) run in batches of identical layer sets, with those
layers active. While a batch decodes, new requests queue for the next one.

A batch holds its layers in the adapter cache for its whole run, so eviction never removes a
layer a running batch uses; the layers of one mixed batch together stay within the cache
budget (the rest wait for the next batch). A layer that fails to load fails only its own rows.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lifelong.genome.cache import AdapterCache, LayerRef
from lifelong.genome.decode import DecodeRow, decode_batch, prompt_ids

__all__ = ["BatchStats", "GenerationBatcher", "Request"]

log = logging.getLogger("lifelong.genome.batching")


@dataclass(eq=False, slots=True)
class Request:
    """One generation waiting for a batch."""

    base: Path
    refs: tuple[LayerRef, ...]  # the layers answering it (empty: the base model)
    mixable: bool  # at most one plain LoRA layer: may share a batch with other layers
    messages: list[dict[str, str]]
    max_new_tokens: int
    temperature: float
    top_p: float
    on_text: Callable[[str], None] | None  # called in the decode thread
    future: asyncio.Future[str] = field(default=None)  # type: ignore[assignment]


@dataclass(slots=True)
class BatchStats:
    batches: int = 0
    rows: int = 0
    largest: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"batches": self.batches, "rows": self.rows, "largest": self.largest}


class GenerationBatcher:
    def __init__(self, cache: AdapterCache, *, window_s: float = 0.01, max_batch: int = 16):
        self.cache = cache
        self.window_s = window_s
        self.max_batch = max(1, max_batch)
        self.stats = BatchStats()
        self._lanes: dict[Path, _Lane] = {}

    async def submit(self, request: Request) -> str:
        """Queue ``request`` and return its reply once its batch has decoded it (raises what
        failed its row: a layer that could not be loaded, for instance).
        """
        request.future = asyncio.get_running_loop().create_future()
        lane = self._lanes.get(request.base)
        if lane is None or lane.task.done():
            lane = self._lanes[request.base] = _Lane(self, request.base)
        lane.pending.append(request)
        lane.wake.set()
        return await request.future

    async def close(self) -> None:
        for lane in self._lanes.values():
            lane.task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await lane.task
        self._lanes.clear()


class _Lane:
    """The queue and the batching loop of one base model."""

    def __init__(self, batcher: GenerationBatcher, base: Path) -> None:
        self.batcher = batcher
        self.base = base
        self.pending: list[Request] = []
        self.wake = asyncio.Event()
        self.task = asyncio.create_task(self._run(), name=f"lifelong-batch-{base.name}")

    async def _run(self) -> None:
        batcher = self.batcher
        while True:
            await self.wake.wait()
            self.wake.clear()
            if len(self.pending) < batcher.max_batch and batcher.window_s > 0:
                await asyncio.sleep(batcher.window_s)  # let simultaneous requests arrive
            while self.pending:
                batch = self._take()
                if not batch:
                    continue
                try:
                    results = await asyncio.to_thread(_decode, batcher.cache, self.base, batch)
                except Exception as exc:  # the model itself failed: every row gets the error
                    results = [exc] * len(batch)
                stats = batcher.stats
                stats.batches += 1
                stats.rows += len(batch)
                stats.largest = max(stats.largest, len(batch))
                for request, result in zip(batch, results, strict=True):
                    if request.future.done():  # its caller gave up
                        continue
                    if isinstance(result, BaseException):
                        request.future.set_exception(result)
                    else:
                        request.future.set_result(result)

    def _take(self) -> list[Request]:
        """The next batch: the oldest request and what may share its batch, in order."""
        self.pending = [r for r in self.pending if not r.future.done()]
        if not self.pending:
            return []
        first = self.pending[0]
        limit = self.batcher.max_batch
        batch: list[Request] = []
        if first.mixable:
            budget = self.batcher.cache.budget_bytes
            held: dict[str, int] = {}
            for request in self.pending:
                if len(batch) == limit or not request.mixable:
                    continue
                extra = {r.key: r.nbytes for r in request.refs if r.key not in held}
                if sum(held.values()) + sum(extra.values()) > budget:
                    continue  # its layer waits for the next batch
                held.update(extra)
                batch.append(request)
        else:
            keys = [r.key for r in first.refs]
            batch = [r for r in self.pending if not r.mixable and [x.key for x in r.refs] == keys]
            batch = batch[:limit]
        taken = set(map(id, batch))
        self.pending = [r for r in self.pending if id(r) not in taken]
        return batch


def _decode(cache: AdapterCache, base: Path, batch: Sequence[Request]) -> list[str | Exception]:
    """Decode one batch (in a worker thread); a row's exception stands in for its reply."""
    if batch[0].mixable:
        refs = list({r.key: r for request in batch for r in request.refs}.values())
        with cache.use_each(base, refs) as loaded:
            results: list[str | Exception] = []
            live: list[tuple[int, DecodeRow]] = []
            for i, request in enumerate(batch):
                failed = next((loaded.failed[r.key] for r in request.refs
                               if r.key in loaded.failed), None)  # fmt: skip
                results.append(failed or "")
                if failed is None:
                    slot = loaded.slots[request.refs[0].key] if request.refs else None
                    live.append((i, _row(loaded.tokenizer, request, slot)))
            if live:
                replies = decode_batch(
                    loaded.model, loaded.tokenizer, [row for _, row in live],
                    per_row_adapters=True,
                )  # fmt: skip
                for (i, _), reply in zip(live, replies, strict=True):
                    results[i] = reply
            return results
    with cache.use(base, list(batch[0].refs)) as loaded:
        rows = [_row(loaded.tokenizer, request, None) for request in batch]
        return list(decode_batch(loaded.model, loaded.tokenizer, rows, per_row_adapters=False))


def _row(tokenizer: Any, request: Request, slot: str | None) -> DecodeRow:
    return DecodeRow(
        prompt_ids(tokenizer, request.messages), request.max_new_tokens,
        temperature=request.temperature, top_p=request.top_p, adapter=slot,
        on_text=request.on_text,
    )  # fmt: skip
