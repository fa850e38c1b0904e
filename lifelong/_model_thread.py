"""One thread for this process's model work: inference, embeddings, base model conversions.

PyTorch's CPU kernels run on an OpenMP team that belongs to the calling thread. Called from
many threads (``asyncio.to_thread`` takes any thread of the pool), torch makes a team per
thread; once the teams together hold more threads than there are cores, libgomp stops spinning
between parallel regions and sleeps instead, and a decode step, which is thousands of small
kernels, stays 2-3x slower for the rest of the process (measured on SmolLM2 with 16 rows over
8 adapters: 120 ms a step, then 250-350 ms after 16 requests ran on other pool threads).
Running all model work on one thread keeps one team. Training runs in child processes and is
not affected.
"""

from __future__ import annotations

import asyncio
import functools
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

__all__ = ["WorkCancelled", "check_cancelled", "in_model_thread", "queued"]

T = TypeVar("T")

_EXECUTOR = ThreadPoolExecutor(max_workers=1, thread_name_prefix="lifelong-model")
_lock = threading.Lock()
_queued = 0
# The running call's "its caller is gone" flag (see check_cancelled).
_current = threading.local()


class WorkCancelled(Exception):
    """Raised on the model thread by :func:`check_cancelled`: nobody waits for this call."""


def check_cancelled() -> None:
    """Long model work (the auto-test's measurements, a static decode) calls this between
    pieces: once the coroutine that awaits the call is cancelled (a shutdown, a stop during
    the auto-test), the rest of the work is dropped, so the thread (and a process exiting,
    which joins it) waits at most one piece instead of the whole call.
    """
    flag = getattr(_current, "flag", None)
    if flag is not None and flag.is_set():
        raise WorkCancelled()


async def in_model_thread(fn: Callable[..., T], *args: Any) -> T:
    """``fn(*args)`` on the model thread, after the work queued before it."""
    global _queued
    with _lock:
        _queued += 1
    started = False
    cancelled = threading.Event()

    def run() -> T:
        nonlocal started
        global _queued
        with _lock:
            _queued -= 1
        started = True
        _current.flag = cancelled
        try:
            return fn(*args)
        finally:
            _current.flag = None

    try:
        return await asyncio.get_running_loop().run_in_executor(_EXECUTOR, functools.partial(run))
    except asyncio.CancelledError:
        cancelled.set()  # a call already running stops at its next check_cancelled()
        raise
    finally:
        if not started:  # cancelled before it ran: no longer waiting
            with _lock:
                _queued -= 1


def queued() -> int:
    """How many calls wait for the model thread (a long decode session yields to them)."""
    with _lock:
        return _queued
