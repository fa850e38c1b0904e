"""Time-ordered ids made in Python, so a row's id is known before its batch is written."""

from __future__ import annotations

import os
import time
import uuid


def new_id() -> str:
    """A UUIDv7-layout string: 48 bits of milliseconds, then random bits.

    Sorting ids sorts by creation time (to the millisecond), which keeps B-tree inserts local.
    """
    ms = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (ms & ((1 << 48) - 1)) << 80 | rand
    value = (value & ~(0xF << 76)) | (0x7 << 76)  # version 7
    value = (value & ~(0x3 << 62)) | (0x2 << 62)  # RFC 4122 variant
    return str(uuid.UUID(int=value))
