"""The adapter cache's eviction policy, in plain Python: which loaded layers count against the
byte budget, which are pinned, and which go first when room is needed.

Kept apart from the cache (:mod:`lifelong.engine.cache`, which loads models, holds locks and
talks to peft) so the policy can be read and tested on its own, without torch; vLLM keeps its
``AdapterLRUCache`` apart from the manager that loads adapters for the same reason.

The policy is not thread-safe: the cache calls it while holding its own lock.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, Protocol, TypeVar

__all__ = ["AdapterLRUPolicy", "Tracked"]


class Tracked(Protocol):
    """What the policy reads of a loaded layer (the cache's entries; anything alike in tests)."""

    key: str
    nbytes: int
    last_used: float  # a wall-clock time (the cache's clock)
    users: int  # holders right now: never a victim while > 0


E = TypeVar("E", bound=Tracked)


class AdapterLRUPolicy(Generic[E]):
    """Loaded layers in least recently used order, pins, and the bytes they count.

    Bytes used are the loaded layers, plus the *doomed* ones (chosen to go but still inside a
    model until its holder deletes them) and the bytes *reserved* for loads in flight, so the
    budget holds at every moment, not only between requests.
    """

    def __init__(self, budget_bytes: int, stale_after_s: float) -> None:
        self.budget_bytes = budget_bytes
        self.stale_after_s = stale_after_s
        self._entries: OrderedDict[str, E] = OrderedDict()  # least recently used first
        self.doomed_bytes = 0  # doomed entries still loaded somewhere
        self.reserved = 0  # bytes of loads in flight
        self._pins: set[str] = set()  # pin() / unpin(): sticky
        self._ref_pins: set[str] = set()  # the pinned flag of the latest request for each key

    # ---------------------------------------------------------------- membership

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: str) -> E | None:
        return self._entries.get(key)

    def keys(self) -> list[str]:
        """Loaded keys, least recently used first."""
        return list(self._entries)

    def entries(self) -> list[E]:
        """Loaded entries, least recently used first."""
        return list(self._entries.values())

    def add(self, entry: E) -> None:
        """Count ``entry`` as loaded, most recently used."""
        self._entries[entry.key] = entry

    def remove(self, key: str) -> E:
        """Stop counting ``key`` at once (its bytes are free: the caller has taken them over
        or the model holding it is gone)."""
        return self._entries.pop(key)

    def touch(self, entry: E, at: float) -> None:
        """``entry`` was used at ``at``: it becomes the most recently used (a use is never moved
        back in time)."""
        self._entries.move_to_end(entry.key)
        entry.last_used = max(at, entry.last_used)

    def stale(self, now: float) -> list[str]:
        """Loaded keys unused for ``stale_after_s`` (least recently used first)."""
        return [k for k, e in self._entries.items() if now - e.last_used >= self.stale_after_s]

    # ---------------------------------------------------------------------- pins

    def pin(self, key: str) -> None:
        """Never choose ``key`` as a victim (sticky, until unpin)."""
        self._pins.add(key)

    def note_request_pin(self, key: str, pinned: bool) -> None:
        """The latest request for ``key`` said whether it is pinned (a database row's flag)."""
        if pinned:
            self._ref_pins.add(key)
        else:
            self._ref_pins.discard(key)

    def unpin(self, key: str) -> None:
        """Forget both kinds of pin of ``key``."""
        self._pins.discard(key)
        self._ref_pins.discard(key)

    def clear_pins(self) -> None:
        self._pins.clear()
        self._ref_pins.clear()

    def pinned(self, key: str) -> bool:
        return key in self._pins or key in self._ref_pins

    # --------------------------------------------------------------------- bytes

    def bytes_used(self) -> int:
        """Loaded + doomed + reserved bytes (O(N): misses and stats only)."""
        loaded = sum(e.nbytes for e in self._entries.values())
        return loaded + self.doomed_bytes + self.reserved

    def fits(self, nbytes: int) -> bool:
        """Whether ``nbytes`` more stay within the budget now."""
        return self.bytes_used() + nbytes <= self.budget_bytes

    def reserve(self, nbytes: int) -> None:
        self.reserved += nbytes

    def unreserve(self, nbytes: int) -> None:
        self.reserved -= nbytes

    def doom(self, key: str) -> E:
        """Stop serving ``key``; its bytes count until ``reaped`` (it is still in a model)."""
        entry = self._entries.pop(key)
        self.doomed_bytes += entry.nbytes
        return entry

    def undoom(self, entry: E) -> E:
        """A doomed entry still in its model is wanted again: serve it again."""
        self.doomed_bytes -= entry.nbytes
        self._entries[entry.key] = entry
        return entry

    def reaped(self, nbytes: int) -> None:
        """Doomed entries of ``nbytes`` left their model: the bytes are free."""
        self.doomed_bytes -= nbytes

    def pinned_bytes(self) -> int:
        return sum(e.nbytes for e in self._entries.values() if self.pinned(e.key))

    def in_use_bytes(self) -> int:
        return sum(e.nbytes for e in self._entries.values() if e.users > 0)

    # ------------------------------------------------------------------- victims

    def victims(self, short: int, now: float, free_now: Callable[[E], bool]) -> list[E]:
        """Entries to free ``short`` bytes, or none if they cannot be found.

        Candidates are unpinned and unused; stale ones (unused for ``stale_after_s``) go first,
        oldest first, then the least recently used; among those, entries ``free_now`` says can
        go at once (their model is not busy elsewhere) come before the rest.
        """
        if short <= 0:
            return []
        cutoff = now - self.stale_after_s
        evictable = [e for e in self._entries.values() if e.users == 0 and not self.pinned(e.key)]
        stale = sorted((e for e in evictable if e.last_used <= cutoff), key=lambda e: e.last_used)
        stale_keys = {e.key for e in stale}
        ordered = stale + [e for e in evictable if e.key not in stale_keys]
        at_once = [e for e in ordered if free_now(e)]
        later = [e for e in ordered if not free_now(e)]
        chosen: list[E] = []
        for entry in at_once + later:
            if short <= 0:
                break
            chosen.append(entry)
            short -= entry.nbytes
        return chosen if short <= 0 else []
