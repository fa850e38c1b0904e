"""The records the adapter cache keeps, shared by the cache (what is loaded, what goes) and its
peft side (:mod:`lifelong.engine.slots`, which fills slots inside a loaded model).

Kept apart so that both import this module and neither imports the other's insides: the cache
imports the slots, and the slots only see these records.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # torch loads when the cache first loads a model, not when lifelong imports
    import torch

__all__ = ["CacheEntry", "CacheStats", "LayerRef", "Loaded", "LoadedBase", "LoadedEach"]


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

    _base: LoadedBase
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
class LoadedBase:
    """One base model folder: its model, its lock, and the adapters loaded into it.

    The cache owns the bookkeeping fields (``lock``, ``owner``, ``doomed``); the slots module
    changes the model's side (``model``, ``adapters``, ``active``, the slot maps) while the
    cache holds ``lock``.
    """

    path: Path
    lock: threading.Lock = field(default_factory=threading.Lock)
    owner: int | None = None  # thread ident holding ``lock`` through use(), to catch re-entry
    model: Any = None  # the plain transformers model, or a PeftModel wrapping it
    tokenizer: Any = None
    adapters: set[str] = field(default_factory=set)  # slots (peft adapter names) in ``model``
    doomed: dict[str, CacheEntry] = field(default_factory=dict)  # delete when the lock is free
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
class CacheEntry:
    """One loaded layer: where it lives (base model and peft slot) and how it is used."""

    key: str
    path: Path
    nbytes: int
    base: LoadedBase
    slot: str  # the peft adapter name holding this layer's weights
    last_used: float
    users: int = 0  # use() blocks holding this layer right now: never evicted while > 0
    doom_reason: str = ""
