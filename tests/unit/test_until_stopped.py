"""``until_stopped``: the stop a piece of work honours, and the one it outlives (after a
deploy stored its version, the job's heartbeat losing the closed job's lease sets the job's
stop signal: consolidation must finish; a shutdown still ends it).
"""

from __future__ import annotations

import asyncio

import pytest

from lifelong.adapters.base import StopSignal
from lifelong.runtime.deploy import _shutting_down, until_stopped


async def _slow(seconds: float) -> str:
    await asyncio.sleep(seconds)
    return "done"


async def test_a_stop_ends_the_work_at_once() -> None:
    stop = asyncio.Event()
    stopped: list[bool] = []
    asyncio.get_running_loop().call_later(0.05, stop.set)
    with pytest.raises(asyncio.CancelledError):
        await until_stopped(_slow(5), stop, on_stop=lambda: stopped.append(True))
    assert stopped == [True]


async def test_a_lost_lease_after_the_deploy_does_not_stop_consolidation() -> None:
    stop = StopSignal()
    stop.set()  # the heartbeat lost the closed job's lease: not a shutdown
    assert not _shutting_down(stop)
    assert await until_stopped(_slow(0.3), stop, honour=lambda: _shutting_down(stop)) == "done"


async def test_a_shutdown_after_a_lost_lease_still_stops_it() -> None:
    stop = StopSignal()
    stop.set()
    asyncio.get_running_loop().call_later(0.1, lambda: stop.stop(detach=True))
    started = asyncio.get_running_loop().time()
    with pytest.raises(asyncio.CancelledError):
        await until_stopped(_slow(5), stop, honour=lambda: _shutting_down(stop))
    assert asyncio.get_running_loop().time() - started < 2
    # A plain event (no StopSignal) is always a stop, as before.
    assert _shutting_down(asyncio.Event()) and not _shutting_down(None)
