"""An LRU cache of LoRA layers, loaded into one shared base model per base model folder.

Serving many personas from one process means many small adapters over a few big base models.
Loading an adapter from disk for every request costs tens of milliseconds; switching between
adapters already inside the model costs microseconds. So each base model is loaded once, its
layers are added to it with peft's multi-adapter API, and the least recently used ones are
deleted again when the byte budget is reached.

Which layers stay and which go is the plain-Python policy of :mod:`lifelong.engine.lru`; the
peft side (slots, and the three fast paths that keep switches and misses cheap as the number of
loaded adapters grows) is :mod:`lifelong.engine.slots`; the records both share are in
:mod:`lifelong.engine.records`. This module holds the locks and ties them together.

Concurrency: the active adapter is global state of a model, so all use of one base model is
serialized by that base's lock, held for the whole ``with cache.use(...)`` block; different base
models run in parallel. A short global lock guards the bookkeeping only. A layer that must go to
make room but sits in a base model busy in another thread is *doomed*: it keeps counting against
the budget until that base's holder deletes it on the way out, so the budget is never exceeded
and no thread ever blocks on another base's lock while holding one (no deadlock).
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lifelong._model_thread import checkpoint_between_layers, model_state
from lifelong.engine import slots
from lifelong.engine.lru import AdapterLRUPolicy
from lifelong.engine.records import (
    CacheEntry,
    CacheStats,
    LayerRef,
    Loaded,
    LoadedBase,
    LoadedEach,
)
from lifelong.errors import AdapterCacheError, ArtifactCorrupted, ArtifactMissing

if TYPE_CHECKING:  # torch loads when the cache first loads a model, not when lifelong imports
    import torch

__all__ = ["AdapterCache", "AdapterCacheError", "CacheStats", "LayerRef", "Loaded", "LoadedEach"]

log = logging.getLogger("lifelong.engine.cache")

_BUDGET_HINT = "raise genome.cache_budget_bytes"


class AdapterCache:
    """LoRA layers kept loaded in shared base models, within ``budget_bytes``.

    Thread-safe and synchronous; async callers run ``use()`` in a thread. ``verify`` runs on
    every miss before anything is loaded (raise to refuse the layer); ``on_used(key, time)``
    runs after every use so the caller can persist last-use times (throttling is its job).
    """

    def __init__(
        self,
        budget_bytes: int,
        *,
        device: str = "cpu",
        dtype: torch.dtype | None = None,  # None: float32
        verify: Callable[[LayerRef], None] | None = None,
        on_used: Callable[[str, float], None] | None = None,
        stale_after_s: float = 30 * 86400,
        load_base: Callable[[Path], tuple[Any, Any]] | None = None,
        clock: Callable[[], float] = time.time,
        wait_timeout_s: float = 120.0,
    ) -> None:
        if budget_bytes < 1:
            raise AdapterCacheError(
                f"adapter cache budget must be at least 1 byte, got {budget_bytes}; "
                "set genome.cache_budget_bytes"
            )
        self.device = device
        self.dtype = dtype
        self._verify = verify
        self._on_used = on_used
        self._load_base = load_base or (lambda p: slots.load_base_model(p, device, dtype))
        self._clock = clock
        self._wait_timeout_s = wait_timeout_s
        self._cond = threading.Condition(threading.Lock())  # guards everything below
        self._bases: dict[Path, LoadedBase] = {}
        self._lru: AdapterLRUPolicy[CacheEntry] = AdapterLRUPolicy(budget_bytes, stale_after_s)
        self._stats = CacheStats(budget_bytes=budget_bytes)

    def attach(
        self, *, verify: Callable[[LayerRef], None], on_used: Callable[[str, float], None]
    ) -> None:
        """Install the hooks of the server that serves from this cache (it is built after the
        cache, with it), so neither is wired to the other through a late-bound name.
        """
        self._verify, self._on_used = verify, on_used

    @property
    def budget_bytes(self) -> int:
        return self._lru.budget_bytes

    @property
    def stale_after_s(self) -> float:
        return self._lru.stale_after_s

    # ---------------------------------------------------------------- public API

    @contextmanager
    def use(self, base_path: Path, layers: Sequence[LayerRef]) -> Iterator[Loaded]:
        """Hold ``base_path``'s model with exactly ``layers`` active (none: the bare base model).

        Loads missing layers (verify, then load, evicting least recently used unpinned layers of
        any base model to stay within budget). Everything else using this base model waits until
        the block ends.
        """
        refs = self._check_request(layers)
        base = self._base_for(Path(base_path))
        self._acquire(base)
        try:
            self._ensure_base_loaded(base)
            entries, touched_at = self._prepare(base, refs)
            try:
                slots.activate(base, tuple(e.slot for e in entries))
                # A background call may yield to interactive work at a checkpoint inside.
                with model_state(functools.partial(self._suspend, base)):
                    yield Loaded(base.model, base.tokenizer, tuple(e.key for e in entries))
            finally:
                with self._cond:
                    for entry in entries:
                        entry.users -= 1
                self._report_used(entries, touched_at)
        finally:
            self._release(base)

    @contextmanager
    def use_each(self, base_path: Path, layers: Sequence[LayerRef]) -> Iterator[LoadedEach]:
        """Hold ``base_path``'s model with every one of ``layers`` loaded and held (never
        evicted until the block ends), for a batch whose rows each name their own layer (peft's
        ``adapter_names``); which adapters are *active* does not matter to such a batch. More
        layers join with ``loaded.add(ref)`` (in the same thread) while the block runs. A
        layer that fails verification or cannot be loaded is reported in ``failed`` (or raised
        by ``add``) and the others are served: one bad layer never fails the rest of a batch.
        """
        refs = self._check_request(layers)
        base = self._base_for(Path(base_path))
        self._acquire(base)
        entries: list[CacheEntry] = []
        touched = [self._clock()]
        try:
            self._ensure_base_loaded(base)

            def add(ref: LayerRef) -> str:
                held = next((e for e in entries if e.key == ref.key), None)
                if held is not None:
                    return held.slot
                self._check_request([ref])
                (entry,), touched[0] = self._prepare(base, [ref])
                entries.append(entry)
                return entry.slot

            failed: dict[str, Exception] = {}
            for ref in refs:
                try:
                    add(ref)
                except (ArtifactCorrupted, ArtifactMissing, AdapterCacheError) as exc:
                    failed[ref.key] = exc
            try:
                # Rows routed to their own adapters: never put aside at a checkpoint.
                with model_state(None):
                    yield LoadedEach(
                        base, {e.key: e.slot for e in entries}, failed, add,
                        lambda wanted: slots.activate(base, wanted),
                    )  # fmt: skip
            finally:
                with self._cond:
                    for entry in entries:
                        entry.users -= 1
                self._report_used(entries, touched[0])
        finally:
            self._release(base)

    def pin(self, key: str) -> None:
        """Never evict ``key`` to make room (it may be loaded later; the pin waits for it)."""
        with self._cond:
            self._lru.pin(key)

    def unpin(self, key: str) -> None:
        """Undo pin() and any ref's pin (a later ref with ``pinned=True`` pins it again)."""
        with self._cond:
            self._lru.unpin(key)

    def evict(self, key: str) -> bool:
        """Unload ``key`` (and forget its pin); False if it was not loaded.

        A layer in use right now is unloaded as soon as its ``use()`` block ends.
        """
        with self._cond:
            self._lru.unpin(key)
            entry = self._lru.get(key)
            if entry is None:
                return False
            self._doom(entry, "explicit")
            base = entry.base
        self._reap_if_free(base)
        return True

    def clear(self) -> None:
        """Unload every layer and forget every pin; idle base models are dropped too."""
        with self._cond:
            self._lru.clear_pins()
            for entry in self._lru.entries():
                self._doom(entry, "explicit")
            bases = list(self._bases.values())
        for base in bases:
            with self._cond:
                if base.owner is not None or not base.lock.acquire(blocking=False):
                    continue  # busy: its holder deletes the doomed layers on the way out
                base.owner = threading.get_ident()
            try:
                self._reap(base)
                with self._cond:
                    if not base.doomed:
                        self._forget_model(base)
            finally:
                self._release(base)

    def forget_base(self, base_path: Path) -> bool:
        """Drop the base model at ``base_path`` if nothing is loaded on it and nobody uses it
        (a merged snapshot that was tested and rejected); True if it was dropped.
        """
        path = Path(base_path).resolve()
        with self._cond:
            base = self._bases.get(path)
            if base is None or base.owner is not None or base.doomed:
                return False
            if any(e.base is base for e in self._lru.entries()):
                return False
            if not base.lock.acquire(blocking=False):
                return False
            try:
                self._forget_model(base)
                del self._bases[path]
            finally:
                base.lock.release()
        return True

    def stale(self, now: float | None = None) -> list[str]:
        """Loaded keys unused for ``stale_after_s`` (least recently used first)."""
        now = self._clock() if now is None else now
        with self._cond:
            return self._lru.stale(now)

    def stats(self) -> CacheStats:
        with self._cond:
            stats = CacheStats(**asdict(self._stats))
            stats.bytes_used = self._lru.bytes_used()
            stats.entries = len(self._lru)
            return stats

    def loaded(self) -> list[str]:
        """Keys loaded (and not being unloaded), least recently used first."""
        with self._cond:
            return self._lru.keys()

    # ------------------------------------------------------------ request set-up

    def _check_request(self, layers: Sequence[LayerRef]) -> list[LayerRef]:
        refs: dict[str, LayerRef] = {}
        for ref in layers:
            if ref.nbytes > self.budget_bytes:
                raise AdapterCacheError(
                    f"layer {ref.key} needs {ref.nbytes} bytes but the whole adapter cache budget "
                    f"is {self.budget_bytes} bytes; {_BUDGET_HINT} or train a smaller layer "
                    "(lower LoRA rank r or fewer target modules)"
                )
            refs.setdefault(ref.key, ref)
        total = sum(r.nbytes for r in refs.values())
        if total > self.budget_bytes:
            raise AdapterCacheError(
                f"layers {', '.join(refs)} need {total} bytes together but the adapter cache "
                f"budget is {self.budget_bytes} bytes; {_BUDGET_HINT} or activate fewer layers "
                "at once"
            )
        return list(refs.values())

    def _base_for(self, path: Path) -> LoadedBase:
        path = path.resolve()
        with self._cond:
            base = self._bases.get(path)
            if base is None:
                base = self._bases[path] = LoadedBase(path)
            return base

    def _acquire(self, base: LoadedBase) -> None:
        me = threading.get_ident()
        if base.owner == me:
            raise AdapterCacheError(
                f"use() of base model {base.path} re-entered from the thread already using it; "
                "finish the outer `with cache.use(...)` block first (the active adapter is "
                "global state of the model)"
            )
        base.lock.acquire()
        base.owner = me

    def _suspend(self, base: LoadedBase) -> Callable[[], None] | None:
        """Let other work use ``base`` while the ``use()`` block holding it waits at a
        checkpoint of the model thread (see :mod:`lifelong._model_thread`): the lock is let go
        and the layers the block holds stay held (never evicted meanwhile); the returned
        function takes the lock again and activates the same layers. The model object may have
        been wrapped in (or unwrapped from) a peft model meanwhile: the block's reference still
        reaches the same modules, with only its layers active. If the model was dropped
        meanwhile (a failed adapter change), putting it back raises.
        """
        active, epoch = base.active, base.epoch
        if active is None or base.owner != threading.get_ident():
            return None  # nothing known to put back: do not yield here
        self._release(base)

        def resume() -> None:
            self._acquire(base)
            if base.epoch != epoch or base.model is None:
                raise AdapterCacheError(
                    f"base model {base.path} was dropped while this work waited for a reply "
                    "to be answered; retry it"
                )
            slots.activate(base, active)

        return resume

    def _release(self, base: LoadedBase) -> None:
        """Delete this base's doomed layers, then let the next user in.

        The lock is released under the global lock once no doomed layer is left, so a layer
        doomed by another thread (which also holds the global lock) is never left behind.
        """
        while True:
            self._reap(base)
            with self._cond:
                if not any(e.users == 0 for e in base.doomed.values()):
                    base.owner = None
                    base.lock.release()
                    return

    def _ensure_base_loaded(self, base: LoadedBase) -> None:
        if base.model is not None:
            return
        try:
            with slots.LOAD_LOCK:
                model, tokenizer = self._load_base(base.path)
        except Exception as exc:
            raise AdapterCacheError(
                f"cannot load base model {base.path}: {exc}; check the folder is a full Hugging "
                "Face model (config.json, weights, tokenizer)"
            ) from exc
        base.model, base.tokenizer = model, tokenizer
        base.active = base.tuner_layers = None
        checkpoint_between_layers(model)  # background work yields to replies mid-forward

    def _prepare(self, base: LoadedBase, refs: list[LayerRef]) -> tuple[list[CacheEntry], float]:
        """Make every ref loaded in ``base`` and held (users += 1); returns them in ref order."""
        if base.doomed:
            self._reap(base)
        now = self._clock()
        held: dict[str, CacheEntry] = {}
        misses: list[LayerRef] = []
        with self._cond:
            for ref in refs:
                entry = self._lru.get(ref.key)
                if entry is None and ref.key in base.doomed:  # still loaded: take it back
                    entry = self._undoom(base.doomed[ref.key])
                if entry is None:
                    self._check_not_elsewhere(ref.key, base)
                    misses.append(ref)
                    self._stats.misses += 1
                    continue
                if entry.base is not base:
                    raise self._elsewhere_error(ref.key, entry.base, base)
                self._stats.hits += 1
                self._touch(entry, ref, now)
                entry.users += 1
                held[ref.key] = entry
            for ref in refs:
                self._lru.note_request_pin(ref.key, ref.pinned)
        try:
            for ref in misses:
                if self._verify is not None:
                    self._verify(ref)  # every miss is verified before anything is loaded
            for ref in misses:
                held[ref.key] = self._load(base, ref, now)
        except BaseException:
            with self._cond:
                for entry in held.values():
                    entry.users -= 1
            raise
        return [held[r.key] for r in refs], now

    def _touch(self, entry: CacheEntry, ref: LayerRef, now: float) -> None:
        self._lru.touch(entry, max(now, ref.last_used_at or 0.0))

    def _check_not_elsewhere(self, key: str, base: LoadedBase) -> None:
        for other in self._bases.values():
            if other is not base and key in other.doomed:
                raise self._elsewhere_error(key, other, base)

    @staticmethod
    def _elsewhere_error(key: str, where: LoadedBase, wanted: LoadedBase) -> AdapterCacheError:
        return AdapterCacheError(
            f"layer {key} is loaded on base model {where.path} but was asked for on "
            f"{wanted.path}; a layer belongs to the base model it was trained on, so pass that "
            "base model (or give this layer version its own key)"
        )

    def _report_used(self, entries: list[CacheEntry], at: float) -> None:
        if self._on_used is None:
            return
        for entry in entries:
            try:
                self._on_used(entry.key, at)
            except Exception:  # persistence of last use must never break serving
                log.warning("on_used callback failed for layer %s", entry.key, exc_info=True)

    # ------------------------------------------------------------- loading

    def _load(self, base: LoadedBase, ref: LayerRef, now: float) -> CacheEntry:
        signature = slots.slot_signature(ref.path)
        slot = self._make_room(base, ref, signature)
        started = time.perf_counter()
        try:
            slot = slots.fill(base, ref, signature, slot, self.device, self._drop_model)
        except BaseException:
            with self._cond:
                self._lru.unreserve(ref.nbytes)
                self._cond.notify_all()
            raise
        elapsed_ms = (time.perf_counter() - started) * 1000
        last_used = max(now, ref.last_used_at or 0.0)
        entry = CacheEntry(ref.key, ref.path, ref.nbytes, base, slot, last_used, users=1)
        with self._cond:
            self._lru.unreserve(ref.nbytes)
            self._lru.add(entry)
            self._stats.load_ms_total += elapsed_ms
            self._stats.load_ms_last = elapsed_ms
        log.debug("loaded layer %s into %s in %.1f ms", ref.key, base.path, elapsed_ms)
        return entry

    # ------------------------------------------------------------ eviction

    def _make_room(self, base: LoadedBase, ref: LayerRef, signature: str | None) -> str | None:
        """Reserve ``ref.nbytes``, dooming stale then least recently used unpinned idle layers.

        Layers on base models idle (or ours) are preferred, as they go at once; layers of a base
        busy in another thread go when that thread's use() ends, and we wait for it. Returns the
        slot of the evicted layer when ``ref`` can take it over (one victim, same base, same
        config signature), else None.
        """
        deadline = time.monotonic() + self._wait_timeout_s
        while True:
            with self._cond:
                used = self._lru.bytes_used()
                if used + ref.nbytes <= self.budget_bytes:
                    self._lru.reserve(ref.nbytes)
                    return None
                pending = sum(
                    e.nbytes for b in self._bases.values() for e in b.doomed.values()
                    if e.users == 0
                )  # fmt: skip
                short = used + ref.nbytes - self.budget_bytes - pending
                victims = self._victims(base, short)
                if signature is not None and len(victims) == 1:
                    victim = victims[0]
                    if (
                        victim.base is base
                        and base.slot_sig.get(victim.slot) == signature
                        and used - victim.nbytes + ref.nbytes <= self.budget_bytes
                    ):
                        self._lru.remove(victim.key)
                        self._stats.evictions += 1
                        self._lru.reserve(ref.nbytes)
                        return victim.slot
                for victim in victims:
                    self._doom(victim, "budget")
                    short -= victim.nbytes
                if short > 0:
                    raise self._no_room_error(ref)
                to_reap = [b for b in self._bases.values() if b.doomed]
            for other in to_reap:
                if other is base:
                    self._reap(base)
                else:
                    self._reap_if_free(other)
            with self._cond:
                if self._lru.fits(ref.nbytes):
                    continue
                if base.model is None:
                    raise AdapterCacheError(
                        f"base model {base.path} was dropped after a failed unload; retry the "
                        "request (it is loaded again)"
                    )
                if time.monotonic() > deadline:
                    raise AdapterCacheError(
                        f"waited {self._wait_timeout_s:.0f} s for other requests to release "
                        f"adapters to make room for layer {ref.key}; {_BUDGET_HINT} or serve "
                        "fewer base models at once"
                    )
                self._cond.wait(0.05)  # woken by a reap; also re-checks our own doomed layers

    def _victims(self, base: LoadedBase, short: int) -> list[CacheEntry]:
        """Evictable entries to free ``short`` bytes: stale first, then LRU; idle bases first."""
        return self._lru.victims(
            short, self._clock(), lambda e: e.base is base or not e.base.lock.locked()
        )

    def _no_room_error(self, ref: LayerRef) -> AdapterCacheError:
        pinned = self._lru.pinned_bytes()
        in_use = self._lru.in_use_bytes()
        return AdapterCacheError(
            f"cannot load layer {ref.key} ({ref.nbytes} bytes): the adapter cache budget is "
            f"{self.budget_bytes} bytes, {pinned} bytes are pinned and {in_use} bytes are in use "
            f"by running requests; {_BUDGET_HINT}, unpin layers, or retry when fewer requests "
            "are running"
        )

    def _doom(self, entry: CacheEntry, reason: str) -> None:
        """Move a loaded entry to its base's doomed set (caller holds the global lock)."""
        self._lru.doom(entry.key)
        entry.doom_reason = reason
        entry.base.doomed[entry.key] = entry

    def _undoom(self, entry: CacheEntry) -> CacheEntry:
        del entry.base.doomed[entry.key]
        return self._lru.undoom(entry)

    def _reap_if_free(self, base: LoadedBase) -> None:
        with self._cond:
            if base.owner is not None or not base.lock.acquire(blocking=False):
                return  # busy: the holder reaps in _release()
            base.owner = threading.get_ident()
        self._release(base)

    def _reap(self, base: LoadedBase) -> None:
        """Delete the doomed, unused adapters of ``base``; the caller holds ``base.lock``."""
        with self._cond:
            victims = [e for e in base.doomed.values() if e.users == 0]
        if not victims:
            return
        for entry in victims:
            try:
                slots.delete_adapter(base, entry.slot)
            except Exception:  # the model is in an unknown state: drop it, reload on next use
                self._drop_model(base)
                return
        with self._cond:
            for entry in victims:
                del base.doomed[entry.key]
                self._lru.reaped(entry.nbytes)
                if entry.doom_reason == "budget":
                    self._stats.evictions += 1
            self._cond.notify_all()
        log.debug("unloaded %d layer(s) from %s", len(victims), base.path)

    def _drop_model(self, base: LoadedBase) -> None:
        """Give up a model left in an unknown state, with every layer in it (reloaded on next
        use); the caller holds ``base.lock``."""
        log.warning(
            "dropping base model %s after a failed adapter change", base.path, exc_info=True
        )
        self._forget_model(base)
        with self._cond:
            for entry in self._lru.entries():
                if entry.base is base:
                    self._lru.remove(entry.key)
            for entry in base.doomed.values():
                self._lru.reaped(entry.nbytes)
            base.doomed.clear()
            self._cond.notify_all()

    @staticmethod
    def _forget_model(base: LoadedBase) -> None:
        """Drop the model (reloaded on next use) and everything that points into it."""
        base.model = base.tokenizer = None
        base.epoch += 1
        base.adapters.clear()
        base.slot_sig.clear()
        base.slot_params.clear()
        base.active = base.tuner_layers = None
