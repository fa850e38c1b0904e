"""The adapter cache's eviction policy on its own: plain Python, no torch, no model."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass

from lifelong.engine.lru import AdapterLRUPolicy

DAY = 86400.0


@dataclass(eq=False)
class Entry:
    key: str
    nbytes: int
    last_used: float = 0.0
    users: int = 0
    busy: bool = False  # its base model is held by another thread


def policy(budget: int = 100, *entries: Entry) -> AdapterLRUPolicy[Entry]:
    lru: AdapterLRUPolicy[Entry] = AdapterLRUPolicy(budget, stale_after_s=30 * DAY)
    for entry in entries:
        lru.add(entry)
    return lru


def idle(entry: Entry) -> bool:
    return not entry.busy


def keys(entries: list[Entry]) -> list[str]:
    return [e.key for e in entries]


def test_the_least_recently_used_go_first_and_a_use_moves_a_layer_to_the_back() -> None:
    a, b, c = Entry("a", 10, 1.0), Entry("b", 10, 2.0), Entry("c", 10, 3.0)
    lru = policy(100, a, b, c)
    assert lru.keys() == ["a", "b", "c"]
    assert keys(lru.victims(10, now=5.0, free_now=idle)) == ["a"]
    lru.touch(a, 4.0)
    assert lru.keys() == ["b", "c", "a"]
    assert a.last_used == 4.0
    assert keys(lru.victims(15, now=5.0, free_now=idle)) == ["b", "c"]


def test_a_use_never_moves_the_last_use_back_in_time() -> None:
    a = Entry("a", 10, last_used=50.0)
    lru = policy(100, a)
    lru.touch(a, 20.0)
    assert a.last_used == 50.0


def test_stale_layers_go_before_recent_ones_oldest_first() -> None:
    now = 100 * DAY
    recent = Entry("recent", 10, now - DAY)
    old = Entry("old", 10, now - 40 * DAY)
    older = Entry("older", 10, now - 60 * DAY)
    lru = policy(100, recent, old, older)  # insertion (use) order puts "recent" first
    assert keys(lru.victims(30, now=now, free_now=idle)) == ["older", "old", "recent"]
    assert lru.stale(now) == ["old", "older"]


def test_pinned_and_used_layers_are_never_victims() -> None:
    a, b, c = Entry("a", 10), Entry("b", 10), Entry("c", 10, users=1)
    lru = policy(100, a, b, c)
    lru.pin("a")
    assert keys(lru.victims(10, now=1.0, free_now=idle)) == ["b"]
    assert lru.victims(20, now=1.0, free_now=idle) == []  # not enough: nothing is chosen
    lru.unpin("a")
    assert keys(lru.victims(20, now=1.0, free_now=idle)) == ["a", "b"]


def test_a_request_pin_follows_the_latest_request_and_unpin_clears_both() -> None:
    a = Entry("a", 10)
    lru = policy(100, a)
    lru.note_request_pin("a", True)
    assert lru.pinned("a")
    lru.note_request_pin("a", False)
    assert not lru.pinned("a")
    lru.pin("a")
    lru.note_request_pin("a", True)
    lru.unpin("a")
    assert not lru.pinned("a")
    lru.pin("a")
    lru.clear_pins()
    assert not lru.pinned("a")


def test_layers_that_can_go_at_once_come_before_those_of_a_busy_model() -> None:
    busy = Entry("busy", 10, 1.0, busy=True)
    free = Entry("free", 10, 2.0)
    lru = policy(100, busy, free)
    assert keys(lru.victims(10, now=3.0, free_now=idle)) == ["free"]
    assert keys(lru.victims(20, now=3.0, free_now=idle)) == ["free", "busy"]


def test_capacity_counts_loaded_doomed_and_reserved_bytes() -> None:
    a, b = Entry("a", 30), Entry("b", 40)
    lru = policy(100, a, b)
    assert lru.bytes_used() == 70
    assert lru.fits(30) and not lru.fits(31)
    lru.reserve(20)
    assert lru.bytes_used() == 90 and not lru.fits(11)
    assert lru.doom("a") is a  # no longer served, but still inside a model: still counted
    assert lru.keys() == ["b"] and lru.bytes_used() == 90
    lru.undoom(a)
    assert lru.keys() == ["b", "a"]
    lru.doom("a")
    lru.reaped(30)
    lru.unreserve(20)
    assert lru.bytes_used() == 40 and len(lru) == 1
    assert lru.remove("b") is b
    assert lru.bytes_used() == 0 and lru.get("b") is None


def test_pinned_and_in_use_bytes_explain_a_full_cache() -> None:
    lru = policy(100, Entry("a", 10), Entry("b", 20, users=2), Entry("c", 30))
    lru.pin("a")
    lru.note_request_pin("c", True)
    assert lru.pinned_bytes() == 40
    assert lru.in_use_bytes() == 20


def test_nothing_is_chosen_when_nothing_is_short() -> None:
    lru = policy(100, Entry("a", 10))
    assert lru.victims(0, now=1.0, free_now=idle) == []


def test_the_policy_imports_no_torch() -> None:
    code = "import sys, lifelong.engine.lru; assert 'torch' not in sys.modules, 'torch loaded'"
    subprocess.run([sys.executable, "-c", code], check=True)
