"""Time-ordered ids made in Python, so a row's id is known before its batch is written."""

from __future__ import annotations

import os
import threading
import time
import uuid

_lock = threading.Lock()
_last_ms = 0
_counter = 0


def new_id() -> str:
    """A UUIDv7 string (RFC 9562): 48 bits of milliseconds, a 12-bit counter, random bits.

    Sorting ids sorts by creation time, which keeps B-tree inserts local. Within one process
    the counter makes ids made in the same millisecond sort in the order they were made
    (RFC 9562 method 1), so whatever is ordered by id (a dataset's rows) is reproducible.
    """
    global _last_ms, _counter
    with _lock:
        ms = time.time_ns() // 1_000_000
        if ms > _last_ms:
            # A random start below half the range leaves room to count up in this millisecond.
            _last_ms, _counter = ms, int.from_bytes(os.urandom(2), "big") & 0x7FF
        else:  # the same millisecond (or the clock stepped back): keep counting
            _counter += 1
            if _counter > 0xFFF:  # 4096 ids in one millisecond: borrow the next one
                _last_ms, _counter = _last_ms + 1, 0
        ms, counter = _last_ms, _counter
    rand = int.from_bytes(os.urandom(8), "big") & ((1 << 62) - 1)
    value = (ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | counter << 64 | 0x2 << 62 | rand
    return str(uuid.UUID(int=value))
