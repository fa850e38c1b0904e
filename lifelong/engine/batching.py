"""Batching of concurrent generations on one base model, continuously.

Each base model (a folder) has a *lane*. Requests that use at most one plain LoRA layer are
*mixable*: they share a :class:`~lifelong.engine.decode.DecodeSession` in which every row runs
through its own adapter (peft's ``adapter_names``; the bare base model for a row without one).
The first request waits ``window_s`` for company; after that a running session takes new
requests in between decode steps (up to ``max_batch`` rows at once) and hands each reply back
the moment its row ends, so a short reply never waits for a long one and a new request never
waits for a whole batch. A session ends when it has had nothing to do for ``window_s``.

Requests that need several layers at once (or a DoRA layer, which peft cannot mix) run in
static batches of identical layer sets, with those layers active, between sessions; a session
stops taking new rows once such a request has waited ``window_s``, or other model work waits
for the model thread (see :mod:`lifelong._model_thread`), so nothing starves.

A session holds every layer it has loaded in the adapter cache until it ends, so eviction
never removes a layer a running batch uses; a layer that cannot be loaded (corrupt, missing,
no room left in the budget) fails only its own request.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lifelong._model_thread import INTERACTIVE, in_model_thread, pressing
from lifelong.engine.cache import AdapterCache, LayerRef
from lifelong.engine.decode import DecodeRow, DecodeSession, decode_batch, prompt_ids
from lifelong.errors import AdapterCacheError, ArtifactCorrupted, ArtifactMissing, RuntimeClosed

__all__ = ["BatchStats", "GenerationBatcher", "Request"]

log = logging.getLogger("lifelong.engine.batching")


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
    future: asyncio.Future[str] = field(default=None)  # type: ignore[assignment,arg-type]
    queued_at: float = 0.0


@dataclass(slots=True)
class BatchStats:
    """Counters: ``largest`` is the most rows decoded in one step (or one static batch)."""

    sessions: int = 0
    static_batches: int = 0
    rows: int = 0
    steps: int = 0
    row_steps: int = 0  # sum over steps of the rows in them: row_steps / steps = mean batch
    largest: int = 0
    prefills: int = 0
    prefill_s: float = 0.0  # time spent prefilling rows that join
    step_s: float = 0.0  # time spent in decode steps
    fast_steps: int = 0  # steps taken by lifelong.engine.llama_step (the rest: the model's own)

    def as_dict(self) -> dict[str, Any]:
        return {
            "sessions": self.sessions, "static_batches": self.static_batches, "rows": self.rows,
            "steps": self.steps, "largest": self.largest,
            "mean_batch": round(self.row_steps / self.steps, 2) if self.steps else 0.0,
            "prefills": self.prefills, "prefill_s": round(self.prefill_s, 2),
            "step_ms": round(1000 * self.step_s / self.steps, 1) if self.steps else 0.0,
            "fast_steps": self.fast_steps,
        }  # fmt: skip


class GenerationBatcher:
    def __init__(self, cache: AdapterCache, *, window_s: float = 0.01, max_batch: int = 16):
        self.cache = cache
        self.window_s = window_s
        self.max_batch = max(1, max_batch)
        self.stats = BatchStats()
        self._lanes: dict[Path, _Lane] = {}

    async def submit(self, request: Request) -> str:
        """Queue ``request`` and return its reply once decoded (raises what failed its row: a
        layer that could not be loaded, for instance).
        """
        loop = asyncio.get_running_loop()
        request.future = loop.create_future()
        request.queued_at = time.monotonic()
        lane = self._lanes.get(request.base)
        if lane is None or lane.task.done():
            lane = self._lanes[request.base] = _Lane(self, request.base, loop)
        lane.put(request)
        return await request.future

    async def idle(self) -> None:
        """Wait until no lane has a request or a session running (layers held are released)."""
        for lane in list(self._lanes.values()):
            while lane.pending or not lane.resting.is_set():
                await lane.resting.wait()
                await asyncio.sleep(0)

    async def close(self) -> None:
        for lane in self._lanes.values():
            lane.closing = True
            with lane.cond:
                waiting, lane.pending = lane.pending, []
                lane.cond.notify_all()
            for request in waiting:
                _settle(request, RuntimeClosed("generation"))
            lane.wake.set()
            # A running session sees ``closing`` at its next step and hands its rows back.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(lane.resting.wait(), 60)
            lane.task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await lane.task
        self._lanes.clear()


class _Lane:
    """The queue of one base model and the loop that serves it."""

    def __init__(self, batcher: GenerationBatcher, base: Path, loop: Any) -> None:
        self.batcher = batcher
        self.base = base
        self.loop = loop
        self.closing = False
        self.pending: list[Request] = []  # guarded by ``cond`` (the session thread takes too)
        self.cond = threading.Condition()
        self.wake = asyncio.Event()
        self.resting = asyncio.Event()  # set while the lane waits for work (nothing held)
        self.task = asyncio.create_task(self._run(), name=f"lifelong-batch-{base.name}")

    def put(self, request: Request) -> None:
        with self.cond:
            self.pending.append(request)
            self.cond.notify()
        self.wake.set()

    async def _run(self) -> None:
        batcher = self.batcher
        while True:
            self.resting.set()
            await self.wake.wait()
            self.resting.clear()
            self.wake.clear()
            if batcher.window_s > 0:
                await asyncio.sleep(batcher.window_s)  # let simultaneous requests arrive
            while True:
                with self.cond:
                    self.pending = [r for r in self.pending if not r.future.done()]
                    if not self.pending:
                        break
                    first = self.pending[0]
                if first.mixable:
                    await in_model_thread(self._session, priority=INTERACTIVE)
                else:
                    batch = self._take_static()
                    try:
                        results = await in_model_thread(
                            _decode_static, batcher.cache, batch, priority=INTERACTIVE
                        )
                    except Exception as exc:  # each row's caller gets it
                        results = [exc] * len(batch)
                    for request, result in zip(batch, results, strict=True):
                        _settle(request, result)

    # -- static batches (several layers at once, DoRA) ---------------------------------------

    def _take_static(self) -> list[Request]:
        with self.cond:
            keys = [r.key for r in self.pending[0].refs]
            batch = [r for r in self.pending
                     if not r.mixable and [x.key for x in r.refs] == keys]  # fmt: skip
            batch = batch[: self.batcher.max_batch]
            taken = set(map(id, batch))
            self.pending = [r for r in self.pending if id(r) not in taken]
        stats = self.batcher.stats
        stats.static_batches += 1
        stats.rows += len(batch)
        stats.largest = max(stats.largest, len(batch))
        return batch

    # -- a continuous session (runs in a worker thread) --------------------------------------

    def _session(self) -> None:
        batcher = self.batcher
        first_refs = self._peek_refs()
        with batcher.cache.use_each(self.base, first_refs) as loaded:
            if loaded.failed:
                log.warning("layers failed to load: %s", ", ".join(loaded.failed))
            batcher.stats.sessions += 1
            session = DecodeSession(
                loaded.model, loaded.tokenizer, per_row_adapters=True, activate=loaded.activate
            )
            running: dict[int, Request] = {}
            with session:
                try:
                    self._serve(session, loaded, running)
                except Exception as exc:  # the model failed: every running row gets the error
                    log.exception("decoding failed on %s", self.base)
                    for request in running.values():
                        self.loop.call_soon_threadsafe(_settle, request, exc)
                    running.clear()
                for request in running.values():  # the runtime is closing mid-reply
                    self.loop.call_soon_threadsafe(_settle, request, RuntimeClosed("generation"))
            batcher.stats.fast_steps += session.fast_taken

    def _peek_refs(self) -> list[LayerRef]:
        """The layers of the mixable requests waiting now, loaded before the session starts
        (a bare base model becomes a peft model when its first layer loads).
        """
        with self.cond:
            refs = {r.refs[0].key: r.refs[0] for r in self.pending if r.mixable and r.refs}
        return list(refs.values())[: self.batcher.max_batch]

    def _serve(self, session: DecodeSession, loaded: Any, running: dict[int, Request]) -> None:
        batcher = self.batcher
        while not self.closing:
            draining = False
            rows: list[DecodeRow] = []
            # A prefill costs several decode steps' worth, much of it per call: rows joining a
            # running batch wait a little to join together.
            gather = batcher.window_s * (4 if session.active else 1)
            for request in self._take_mixable(batcher.max_batch - session.active, gather):
                slot = None
                if request.refs:
                    failed = loaded.failed.get(request.refs[0].key)
                    if failed is not None:
                        self.loop.call_soon_threadsafe(_settle, request, failed)
                        continue
                    if not session.can_route():
                        self._put_back(request)  # the next session loads its layer first
                        draining = True
                        continue
                    try:
                        slot = loaded.add(request.refs[0])
                    except (ArtifactCorrupted, ArtifactMissing, AdapterCacheError) as exc:
                        self.loop.call_soon_threadsafe(_settle, request, exc)
                        continue
                rows.append(self._row(loaded.tokenizer, request, slot, running))
            stats = batcher.stats
            if rows:
                started = time.perf_counter()
                session.admit(rows)
                stats.prefill_s += time.perf_counter() - started
                stats.prefills += 1
                stats.rows += len(rows)
            if session.active:
                stats.steps += 1
                stats.row_steps += session.active
                stats.largest = max(stats.largest, session.active)
                started = time.perf_counter()
                session.step()
                stats.step_s += time.perf_counter() - started
                continue
            if draining or not self._wait_for_work():
                return

    def _take_mixable(self, room: int, gather: float) -> list[Request]:
        """Up to ``room`` waiting mixable requests, oldest first, once they fill the room or
        the oldest has waited ``gather`` seconds; none once a static request has waited a
        window (the session then finishes its rows and ends).
        """
        if room <= 0:
            return []
        now = time.monotonic()
        with self.cond:
            live = [r for r in self.pending if not r.future.done()]
            static = next((r for r in live if not r.mixable), None)
            overdue = static is not None and now - static.queued_at > self.batcher.window_s
            if overdue or pressing():
                # A static batch, or other interactive model work (or background work that
                # waited too long, see lifelong._model_thread), waits its turn.
                self.pending = live
                return []
            mixable = [r for r in live if r.mixable]
            if not mixable or (len(mixable) < room and now - mixable[0].queued_at < gather):
                self.pending = live
                return []
            taken = mixable[:room]
            ids = set(map(id, taken))
            self.pending = [r for r in live if id(r) not in ids]
        return taken

    def _put_back(self, request: Request) -> None:
        with self.cond:
            self.pending.insert(0, request)

    def _wait_for_work(self) -> bool:
        """Idle: wait up to a window for a mixable request, then until it has waited a window
        itself (so simultaneous ones prefill together); False when none came.
        """
        window = max(self.batcher.window_s, 0.001)
        idle_until = time.monotonic() + window
        with self.cond:
            while not self.closing:
                if pressing() or any(not r.mixable for r in self.pending):
                    return False
                mixable = [r for r in self.pending if r.mixable and not r.future.done()]
                now = time.monotonic()
                if mixable:
                    ready_at = mixable[0].queued_at + window
                    if now >= ready_at or len(mixable) >= self.batcher.max_batch:
                        return True
                    self.cond.wait(ready_at - now)
                elif now >= idle_until:
                    return False
                else:
                    self.cond.wait(idle_until - now)
            return False

    def _row(
        self, tokenizer: Any, request: Request, slot: str | None, running: dict[int, Request]
    ) -> DecodeRow:
        key = id(request)
        running[key] = request

        def done(text: str) -> None:
            running.pop(key, None)
            self.loop.call_soon_threadsafe(_settle, request, text)

        def gone() -> bool:
            """The caller gave up (a cancelled stream, a client that disconnected)."""
            if request.future.done():
                running.pop(key, None)
                return True
            return False

        return DecodeRow(
            prompt_ids(tokenizer, request.messages), request.max_new_tokens,
            temperature=request.temperature, top_p=request.top_p, adapter=slot,
            on_text=request.on_text, on_done=done, abandoned=gone,
        )  # fmt: skip


def _settle(request: Request, result: str | BaseException) -> None:
    if request.future.done():  # its caller gave up
        return
    if isinstance(result, BaseException):
        request.future.set_exception(result)
    else:
        request.future.set_result(result)


def _decode_static(cache: AdapterCache, batch: Sequence[Request]) -> list[str | Exception]:
    """One batch sharing one layer set, those layers active (in a worker thread)."""
    with cache.use(batch[0].base, list(batch[0].refs)) as loaded:
        rows = [
            DecodeRow(prompt_ids(loaded.tokenizer, r.messages), r.max_new_tokens,
                      temperature=r.temperature, top_p=r.top_p, on_text=r.on_text)
            for r in batch
        ]  # fmt: skip
        return list(decode_batch(loaded.model, loaded.tokenizer, rows, per_row_adapters=False))
