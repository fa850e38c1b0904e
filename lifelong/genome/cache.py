"""An LRU cache of LoRA layers, loaded into one shared base model per base model folder.

Serving many personas from one process means many small adapters over a few big base models.
Loading an adapter from disk for every request costs tens of milliseconds; switching between
adapters already inside the model costs microseconds. So each base model is loaded once, its
layers are added to it with peft's multi-adapter API, and the least recently used ones are
deleted again when the byte budget is reached.

Concurrency: the active adapter is global state of a model, so all use of one base model is
serialized by that base's lock, held for the whole ``with cache.use(...)`` block; different base
models run in parallel. A short global lock guards the bookkeeping only. A layer that must go to
make room but sits in a base model busy in another thread is *doomed*: it keeps counting against
the budget until that base's holder deletes it on the way out, so the budget is never exceeded
and no thread ever blocks on another base's lock while holding one (no deadlock).

Three fast paths keep the cost down (the first two flat) as the number N of loaded adapters grows,
because every peft operation walks the whole module tree, which holds all N adapters:

* Switching: peft's ``set_adapter`` toggles ``requires_grad`` on every adapter of every LoRA
  module (about 4 ms at N=64 on a 2-layer model). Adapters here are loaded frozen, for inference,
  so the cache sets the active adapters of the LoRA modules directly, exactly as ``set_adapter``
  ends up doing; it falls back to ``set_adapter`` for anything unusual (auxiliary modules ...).
* Misses in a full cache: ``load_adapter`` + ``delete_adapter`` cost tens of ms at N=32. Each
  adapter lives in a *slot* (its peft adapter name). When the layer to evict has the same LoRA
  config as the one to load (same rank, targets, alpha ...; the usual case, as one trainer makes
  them all), the new weights are copied into the evicted slot's tensors: no module is created or
  deleted. The slot's name -> tensor map is built once, after peft's own load, and checked
  against the file peft loaded, so a slot is only refilled where the mapping is proven.
* Misses while the cache fills: a layer with the config of a slot already loaded gets a new slot
  made by peft's per-module ``update_layer`` on just the LoRA modules holding that slot (what
  ``add_adapter`` does, without its walks of the whole model: 3-7 ms instead of 20-35 ms up to
  N=32 on the bench's tiny model), checked to mirror it module by module, then filled like a
  refill. Only the first layer of each config, and any that fails a check, goes through
  ``load_adapter``.
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lifelong._model_thread import checkpoint_between_layers, model_state
from lifelong.errors import AdapterCacheError, ArtifactCorrupted, ArtifactMissing
from lifelong.genome import slots

if TYPE_CHECKING:  # torch loads when the cache first loads a model, not when lifelong imports
    import torch

__all__ = ["AdapterCache", "AdapterCacheError", "CacheStats", "LayerRef", "Loaded", "LoadedEach"]

log = logging.getLogger("lifelong.genome.cache")

_BUDGET_HINT = "raise genome.cache_budget_bytes"


@dataclass(frozen=True, slots=True)
class LayerRef:
    """What the cache needs to know about one layer version."""

    key: str  # unique id of the layer version (a genome_layers.id)
    path: Path  # an adapter folder: adapter_config.json + adapter_model.safetensors
    nbytes: int  # size counted against the budget
    pinned: bool = False  # the latest ref's flag counts (e.g. the database row's), plus pin()
    last_used_at: float | None = None  # persisted last use, for stale-first eviction


@dataclass(frozen=True, slots=True)
class Loaded:
    """What ``use()`` yields: the model with exactly ``keys`` active, and its tokenizer.

    ``model`` is a PeftModel (or the plain model while no layer is loaded); generate or call it
    only inside the ``use()`` block. The peft adapter names in it are internal slot names.
    """

    model: Any
    tokenizer: Any
    keys: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LoadedEach:
    """What ``use_each()`` yields: the peft slot holding each layer that loaded (layer key ->
    adapter name, for ``adapter_names``), the layers that did not, and ``add(ref) -> slot``
    to load and hold one more. ``model`` is read when used: loading the first layer into a
    bare base model wraps it in a peft model.
    """

    _base: Any
    slots: dict[str, str]
    failed: dict[str, Exception]
    _add: Callable[[LayerRef], str]
    _activate_slots: Callable[[tuple[str, ...]], None]

    @property
    def model(self) -> Any:
        return self._base.model

    @property
    def tokenizer(self) -> Any:
        return self._base.tokenizer

    def activate(self, slots: tuple[str, ...]) -> None:
        """Make exactly these slots active (empty: the bare base model), for rows that all use
        the same layers.
        """
        self._activate_slots(slots)

    def add(self, ref: LayerRef) -> str:
        """Load (verify first) and hold ``ref`` for the rest of the block; its slot. Raises
        ArtifactCorrupted / ArtifactMissing / AdapterCacheError (no room) for this ref only.
        """
        slot = self._add(ref)
        self.slots[ref.key] = slot
        return slot


@dataclass(slots=True)
class CacheStats:
    """Counters for tuning ``genome.cache_budget_bytes``: hits and misses count layers."""

    hits: int = 0
    misses: int = 0
    evictions: int = 0  # adapters removed to make room (not explicit evict() / clear())
    load_ms_total: float = 0.0
    load_ms_last: float = 0.0
    bytes_used: int = 0  # loaded + doomed + reserved for loads in flight; always <= budget
    budget_bytes: int = 0
    entries: int = 0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(eq=False, slots=True)
class _Base:
    """One base model folder: its model, its lock, and the adapters loaded into it."""

    path: Path
    lock: threading.Lock = field(default_factory=threading.Lock)
    owner: int | None = None  # thread ident holding ``lock`` through use(), to catch re-entry
    model: Any = None  # the plain transformers model, or a PeftModel wrapping it
    tokenizer: Any = None
    adapters: set[str] = field(default_factory=set)  # slots (peft adapter names) in ``model``
    doomed: dict[str, _Entry] = field(default_factory=dict)  # to delete when the lock is free
    active: tuple[str, ...] | None = None  # slots active now; None = unknown
    tuner_layers: list[Any] | None = None  # LoRA modules for the fast switch; None = recompute
    fast_switch: bool = False
    slot_sig: dict[str, str] = field(default_factory=dict)  # refillable slot -> config signature
    slot_params: dict[str, dict[str, torch.Tensor]] = field(
        default_factory=dict
    )  # file key -> param
    slot_seq: int = 0
    epoch: int = 0  # bumped when the model is dropped: what a suspended block holds is gone


@dataclass(eq=False, slots=True)
class _Entry:
    key: str
    path: Path
    nbytes: int
    base: _Base
    slot: str  # the peft adapter name holding this layer's weights
    last_used: float
    users: int = 0  # use() blocks holding this layer right now: never evicted while > 0
    doom_reason: str = ""


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
        self.budget_bytes = budget_bytes
        self.device = device
        self.dtype = dtype
        self.stale_after_s = stale_after_s
        self._verify = verify
        self._on_used = on_used
        self._load_base = load_base or (lambda p: slots.load_base_model(p, device, dtype))
        self._clock = clock
        self._wait_timeout_s = wait_timeout_s
        self._cond = threading.Condition(threading.Lock())  # guards everything below
        self._bases: dict[Path, _Base] = {}
        self._entries: OrderedDict[str, _Entry] = OrderedDict()  # least recently used first
        self._doomed_bytes = 0  # doomed entries still loaded somewhere
        self._reserved = 0  # bytes of loads in flight
        self._pins: set[str] = set()  # pin() / unpin(): sticky
        self._ref_pins: set[str] = set()  # LayerRef.pinned of the latest use() of each key
        self._stats = CacheStats(budget_bytes=budget_bytes)

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
                self._activate(base, tuple(e.slot for e in entries))
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
        entries: list[_Entry] = []
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
                        lambda wanted: self._activate(base, wanted),
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
            self._pins.add(key)

    def unpin(self, key: str) -> None:
        """Undo pin() and any ref's pin (a later ref with ``pinned=True`` pins it again)."""
        with self._cond:
            self._pins.discard(key)
            self._ref_pins.discard(key)

    def evict(self, key: str) -> bool:
        """Unload ``key`` (and forget its pin); False if it was not loaded.

        A layer in use right now is unloaded as soon as its ``use()`` block ends.
        """
        with self._cond:
            self._pins.discard(key)
            self._ref_pins.discard(key)
            entry = self._entries.get(key)
            if entry is None:
                return False
            self._doom(entry, "explicit")
            base = entry.base
        self._reap_if_free(base)
        return True

    def clear(self) -> None:
        """Unload every layer and forget every pin; idle base models are dropped too."""
        with self._cond:
            self._pins.clear()
            self._ref_pins.clear()
            for entry in list(self._entries.values()):
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
            if any(e.base is base for e in self._entries.values()):
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
            return [k for k, e in self._entries.items() if now - e.last_used >= self.stale_after_s]

    def stats(self) -> CacheStats:
        with self._cond:
            stats = CacheStats(**asdict(self._stats))
            stats.bytes_used = self._bytes_used()
            stats.entries = len(self._entries)
            return stats

    def loaded(self) -> list[str]:
        """Keys loaded (and not being unloaded), least recently used first."""
        with self._cond:
            return list(self._entries)

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

    def _base_for(self, path: Path) -> _Base:
        path = path.resolve()
        with self._cond:
            base = self._bases.get(path)
            if base is None:
                base = self._bases[path] = _Base(path)
            return base

    def _acquire(self, base: _Base) -> None:
        me = threading.get_ident()
        if base.owner == me:
            raise AdapterCacheError(
                f"use() of base model {base.path} re-entered from the thread already using it; "
                "finish the outer `with cache.use(...)` block first (the active adapter is "
                "global state of the model)"
            )
        base.lock.acquire()
        base.owner = me

    def _suspend(self, base: _Base) -> Callable[[], None] | None:
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
            self._activate(base, active)

        return resume

    def _release(self, base: _Base) -> None:
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

    def _ensure_base_loaded(self, base: _Base) -> None:
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

    def _prepare(self, base: _Base, refs: list[LayerRef]) -> tuple[list[_Entry], float]:
        """Make every ref loaded in ``base`` and held (users += 1); returns them in ref order."""
        if base.doomed:
            self._reap(base)
        now = self._clock()
        held: dict[str, _Entry] = {}
        misses: list[LayerRef] = []
        with self._cond:
            for ref in refs:
                entry = self._entries.get(ref.key)
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
                if ref.pinned:
                    self._ref_pins.add(ref.key)
                else:
                    self._ref_pins.discard(ref.key)
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

    def _touch(self, entry: _Entry, ref: LayerRef, now: float) -> None:
        self._entries.move_to_end(entry.key)
        entry.last_used = max(now, ref.last_used_at or 0.0, entry.last_used)

    def _check_not_elsewhere(self, key: str, base: _Base) -> None:
        for other in self._bases.values():
            if other is not base and key in other.doomed:
                raise self._elsewhere_error(key, other, base)

    @staticmethod
    def _elsewhere_error(key: str, where: _Base, wanted: _Base) -> AdapterCacheError:
        return AdapterCacheError(
            f"layer {key} is loaded on base model {where.path} but was asked for on "
            f"{wanted.path}; a layer belongs to the base model it was trained on, so pass that "
            "base model (or give this layer version its own key)"
        )

    def _report_used(self, entries: list[_Entry], at: float) -> None:
        if self._on_used is None:
            return
        for entry in entries:
            try:
                self._on_used(entry.key, at)
            except Exception:  # persistence of last use must never break serving
                log.warning("on_used callback failed for layer %s", entry.key, exc_info=True)

    # ------------------------------------------------------------- loading

    def _load(self, base: _Base, ref: LayerRef, now: float) -> _Entry:
        signature = slots.slot_signature(ref.path)
        slot = self._make_room(base, ref, signature)
        started = time.perf_counter()
        try:
            slot = self._fill(base, ref, signature, slot)
        except BaseException:
            with self._cond:
                self._reserved -= ref.nbytes
                self._cond.notify_all()
            raise
        elapsed_ms = (time.perf_counter() - started) * 1000
        last_used = max(now, ref.last_used_at or 0.0)
        entry = _Entry(ref.key, ref.path, ref.nbytes, base, slot, last_used, users=1)
        with self._cond:
            self._reserved -= ref.nbytes
            self._entries[ref.key] = entry
            self._stats.load_ms_total += elapsed_ms
            self._stats.load_ms_last = elapsed_ms
        log.debug("loaded layer %s into %s in %.1f ms", ref.key, base.path, elapsed_ms)
        return entry

    def _fill(self, base: _Base, ref: LayerRef, signature: str | None, slot: str | None) -> str:
        """Put ``ref`` into ``slot`` (taken over from an evicted layer) or into a new slot."""
        if slot is not None:
            try:
                if slots.refill(base, slot, ref):
                    return slot
                self._delete_adapter(base, slot)  # unmappable: rebuild it from scratch
            except Exception as exc:  # half-written slot: the model can no longer be trusted
                self._drop_model(base)
                raise AdapterCacheError(
                    f"loading layer {ref.key} into a reused slot of base model {base.path} "
                    f"failed ({exc}); the model was dropped and is reloaded on the next request, "
                    "retry it"
                ) from exc
        slot = f"slot{base.slot_seq}"
        base.slot_seq += 1
        undo = functools.partial(self._undo_clone, base, ref, slot)
        if signature is not None and slots.clone(base, ref, signature, slot, undo):
            return slot
        self._load_adapter(base, ref, slot)
        if signature is not None and slots.index_slot(base, slot, ref):
            base.slot_sig[slot] = signature
        return slot

    def _load_adapter(self, base: _Base, ref: LayerRef, slot: str) -> None:
        base.active = base.tuner_layers = None  # structure changes: recompute on next switch
        try:
            with slots.LOAD_LOCK:
                self._peft_load(base, ref, slot)
        except Exception as exc:
            self._discard_partial(base, slot)
            raise AdapterCacheError(
                f"cannot load layer {ref.key} from {ref.path} into base model {base.path}: "
                f"{exc}; check the folder holds adapter_config.json + adapter_model.safetensors "
                "trained on this base model"
            ) from exc
        base.adapters.add(slot)

    def _peft_load(self, base: _Base, ref: LayerRef, slot: str) -> None:
        from peft import PeftModel

        if isinstance(base.model, PeftModel):
            base.model.load_adapter(
                str(ref.path), adapter_name=slot, is_trainable=False, torch_device=self.device
            )
        else:
            base.model = PeftModel.from_pretrained(
                base.model, str(ref.path), adapter_name=slot, is_trainable=False,
                torch_device=self.device,
            )  # fmt: skip
            base.model.eval()

    def _undo_clone(self, base: _Base, ref: LayerRef, slot: str) -> None:
        """Remove a clone that could not be proven; the layer is then loaded through peft."""
        base.active = base.tuner_layers = None
        try:
            base.model.delete_adapter(slot)
        except Exception as exc:  # the model is in an unknown state: reload it on next use
            self._drop_model(base)
            raise AdapterCacheError(
                f"loading layer {ref.key} into base model {base.path} failed; the model was "
                "dropped and is reloaded on the next request, retry it"
            ) from exc

    def _discard_partial(self, base: _Base, slot: str) -> None:
        """Remove what a failed load may have left inside the model."""
        model = base.model
        try:
            if slot in getattr(model, "peft_config", {}):
                if len(model.peft_config) == 1:
                    base.model = model.unload()
                else:
                    model.delete_adapter(slot)
        except Exception:  # the model is in an unknown state: reload it on next use
            self._drop_model(base)

    # ------------------------------------------------------------ eviction

    def _bytes_used(self) -> int:
        loaded = sum(e.nbytes for e in self._entries.values())  # O(N): misses and stats only
        return loaded + self._doomed_bytes + self._reserved

    def _make_room(self, base: _Base, ref: LayerRef, signature: str | None) -> str | None:
        """Reserve ``ref.nbytes``, dooming stale then least recently used unpinned idle layers.

        Layers on base models idle (or ours) are preferred, as they go at once; layers of a base
        busy in another thread go when that thread's use() ends, and we wait for it. Returns the
        slot of the evicted layer when ``ref`` can take it over (one victim, same base, same
        config signature), else None.
        """
        deadline = time.monotonic() + self._wait_timeout_s
        while True:
            with self._cond:
                used = self._bytes_used()
                if used + ref.nbytes <= self.budget_bytes:
                    self._reserved += ref.nbytes
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
                        del self._entries[victim.key]
                        self._stats.evictions += 1
                        self._reserved += ref.nbytes
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
                if self._bytes_used() + ref.nbytes <= self.budget_bytes:
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

    def _victims(self, base: _Base, short: int) -> list[_Entry]:
        """Evictable entries to free ``short`` bytes: stale first, then LRU; idle bases first."""
        if short <= 0:
            return []
        cutoff = self._clock() - self.stale_after_s
        evictable = [e for e in self._entries.values() if e.users == 0 and not self._pinned(e.key)]
        stale = sorted((e for e in evictable if e.last_used <= cutoff), key=lambda e: e.last_used)
        stale_keys = {e.key for e in stale}
        ordered = stale + [e for e in evictable if e.key not in stale_keys]
        free_now = [e for e in ordered if e.base is base or not e.base.lock.locked()]
        later = [e for e in ordered if not (e.base is base or not e.base.lock.locked())]
        chosen: list[_Entry] = []
        for entry in free_now + later:
            if short <= 0:
                break
            chosen.append(entry)
            short -= entry.nbytes
        return chosen if short <= 0 else []

    def _pinned(self, key: str) -> bool:
        return key in self._pins or key in self._ref_pins

    def _no_room_error(self, ref: LayerRef) -> AdapterCacheError:
        pinned = sum(e.nbytes for e in self._entries.values() if self._pinned(e.key))
        in_use = sum(e.nbytes for e in self._entries.values() if e.users > 0)
        return AdapterCacheError(
            f"cannot load layer {ref.key} ({ref.nbytes} bytes): the adapter cache budget is "
            f"{self.budget_bytes} bytes, {pinned} bytes are pinned and {in_use} bytes are in use "
            f"by running requests; {_BUDGET_HINT}, unpin layers, or retry when fewer requests "
            "are running"
        )

    def _doom(self, entry: _Entry, reason: str) -> None:
        """Move a loaded entry to its base's doomed set (caller holds the global lock)."""
        del self._entries[entry.key]
        entry.doom_reason = reason
        entry.base.doomed[entry.key] = entry
        self._doomed_bytes += entry.nbytes

    def _undoom(self, entry: _Entry) -> _Entry:
        del entry.base.doomed[entry.key]
        self._doomed_bytes -= entry.nbytes
        self._entries[entry.key] = entry
        return entry

    def _reap_if_free(self, base: _Base) -> None:
        with self._cond:
            if base.owner is not None or not base.lock.acquire(blocking=False):
                return  # busy: the holder reaps in _release()
            base.owner = threading.get_ident()
        self._release(base)

    def _reap(self, base: _Base) -> None:
        """Delete the doomed, unused adapters of ``base``; the caller holds ``base.lock``."""
        with self._cond:
            victims = [e for e in base.doomed.values() if e.users == 0]
        if not victims:
            return
        for entry in victims:
            try:
                self._delete_adapter(base, entry.slot)
            except Exception:  # the model is in an unknown state: drop it, reload on next use
                self._drop_model(base)
                return
        with self._cond:
            for entry in victims:
                del base.doomed[entry.key]
                self._doomed_bytes -= entry.nbytes
                if entry.doom_reason == "budget":
                    self._stats.evictions += 1
            self._cond.notify_all()
        log.debug("unloaded %d layer(s) from %s", len(victims), base.path)

    def _delete_adapter(self, base: _Base, slot: str) -> None:
        base.slot_sig.pop(slot, None)
        base.slot_params.pop(slot, None)  # holds the slot's tensors
        model = base.model
        if model is None or slot not in base.adapters:
            return
        if base.active is None or slot in base.active:
            self._activate(base, ())  # peft warns and picks another when the active one goes
        if len(base.adapters) == 1:
            base.model = model.unload()  # the last one: back to the plain model, no LoRA wrappers
        else:
            model.delete_adapter(slot)
        base.adapters.discard(slot)
        base.active = base.tuner_layers = None

    # ------------------------------------------------------------ switching

    def _activate(self, base: _Base, wanted: tuple[str, ...]) -> None:
        """Make exactly the ``wanted`` slots active in ``base.model`` (empty: no LoRA counts)."""
        if base.active == wanted or not base.adapters:
            base.active = wanted
            return
        model = base.model
        if base.tuner_layers is None:
            slots.index_tuner_layers(base)
        names = list(wanted)
        if base.fast_switch:
            for layer in base.tuner_layers or ():
                layer._active_adapter = names
            model.base_model.active_adapter = names
        else:
            model.base_model.set_adapter(names, inference_mode=True)
        # PeftModel looks up its config by this single name on every forward: keep it valid.
        model.active_adapter = wanted[0] if wanted else next(iter(model.peft_config))
        base.active = wanted

    def _drop_model(self, base: _Base) -> None:
        """Give up a model left in an unknown state, with every layer in it (reloaded on next
        use); the caller holds ``base.lock``."""
        log.warning(
            "dropping base model %s after a failed adapter change", base.path, exc_info=True
        )
        self._forget_model(base)
        with self._cond:
            for key in [k for k, e in self._entries.items() if e.base is base]:
                del self._entries[key]
            for entry in base.doomed.values():
                self._doomed_bytes -= entry.nbytes
            base.doomed.clear()
            self._cond.notify_all()

    @staticmethod
    def _forget_model(base: _Base) -> None:
        """Drop the model (reloaded on next use) and everything that points into it."""
        base.model = base.tokenizer = None
        base.epoch += 1
        base.adapters.clear()
        base.slot_sig.clear()
        base.slot_params.clear()
        base.active = base.tuner_layers = None
