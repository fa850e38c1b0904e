"""Model work whose caller is gone stops at its next check (issue 23: workers sent SIGTERM
during an auto-test had not exited after 80 s; a process exiting joins the model thread)."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from lifelong._model_thread import WorkCancelled, check_cancelled, in_model_thread


async def test_a_cancelled_call_stops_at_its_next_check() -> None:
    started, ended = threading.Event(), threading.Event()
    pieces: list[int] = []
    raised: list[BaseException] = []

    def long_work() -> None:
        started.set()
        try:
            for i in range(500):  # 500 pieces of 10 ms: 5 s if nobody stopped it
                check_cancelled()
                pieces.append(i)
                time.sleep(0.01)
        except WorkCancelled as exc:
            raised.append(exc)
            raise
        finally:
            ended.set()

    task = asyncio.ensure_future(in_model_thread(long_work))
    await asyncio.to_thread(started.wait, 30)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert await asyncio.to_thread(ended.wait, 30)
    assert raised and len(pieces) < 500  # it stopped early, at a check
    # The thread is free again, and a call nobody cancelled runs to its end.
    assert await in_model_thread(lambda: (check_cancelled(), 42)[1]) == 42


def test_outside_the_model_thread_a_check_is_a_no_op() -> None:
    check_cancelled()
