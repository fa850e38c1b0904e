"""Model work whose caller is gone stops at its next check (issue 23: workers sent SIGTERM
during an auto-test had not exited after 80 s; a process exiting joins the model thread).
Interactive work runs before background work, and a long background call lets it run at its
checkpoints (issue 28)."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable

import pytest

from lifelong import _model_thread as model_thread
from lifelong._model_thread import (
    BACKGROUND,
    INTERACTIVE,
    WorkCancelled,
    background_work,
    check_cancelled,
    in_model_thread,
    model_state,
    pressing,
    queued,
)


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


# -- priorities (issue 28: the first reply waited behind scoring) ---------------------------


async def _queued_behind(blocker: threading.Event) -> None:
    """Wait until the call holding the thread has started (it waits on ``blocker``)."""
    assert await asyncio.to_thread(blocker.wait, 30)


async def test_interactive_work_queued_after_background_work_runs_first() -> None:
    holding, release = threading.Event(), threading.Event()
    order: list[str] = []

    def hold() -> None:
        holding.set()
        assert release.wait(30)

    held = asyncio.ensure_future(in_model_thread(hold, priority=BACKGROUND))
    await _queued_behind(holding)
    background = [
        asyncio.ensure_future(in_model_thread(order.append, f"b{i}", priority=BACKGROUND))
        for i in range(2)
    ]
    await asyncio.sleep(0)  # both are queued now
    interactive = asyncio.ensure_future(in_model_thread(order.append, "i"))
    await asyncio.sleep(0)
    assert queued() == 3 and queued(INTERACTIVE) == 1 and queued(BACKGROUND) == 2
    assert pressing() == 1
    release.set()
    await asyncio.gather(held, interactive, *background)
    assert order == ["i", "b0", "b1"]  # the reply first, then background work in its order
    assert queued() == 0


async def test_a_cancelled_waiting_call_is_no_longer_queued() -> None:
    holding, release = threading.Event(), threading.Event()

    def hold() -> None:
        holding.set()
        assert release.wait(30)

    held = asyncio.ensure_future(in_model_thread(hold))
    await _queued_behind(holding)
    ran: list[int] = []
    waiting = asyncio.ensure_future(in_model_thread(ran.append, 1, priority=BACKGROUND))
    await asyncio.sleep(0)
    assert queued(BACKGROUND) == 1
    waiting.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiting
    assert queued() == 0
    release.set()
    await held
    assert await in_model_thread(lambda: 7) == 7
    assert ran == []  # cancelled before it started: it never runs


async def test_background_work_that_waited_too_long_goes_first(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(model_thread, "BACKGROUND_MAX_WAIT_S", 0.0)
    holding, release = threading.Event(), threading.Event()
    order: list[str] = []

    def hold() -> None:
        holding.set()
        assert release.wait(30)

    held = asyncio.ensure_future(in_model_thread(hold))
    await _queued_behind(holding)
    background = asyncio.ensure_future(in_model_thread(order.append, "b", priority=BACKGROUND))
    await asyncio.sleep(0)
    interactive = asyncio.ensure_future(in_model_thread(order.append, "i"))
    await asyncio.sleep(0)
    assert pressing() == 2  # a running decode session makes way for it too
    release.set()
    await asyncio.gather(held, background, interactive)
    assert order == ["b", "i"]


async def test_the_priority_is_the_callers_unless_named() -> None:
    seen: list[str] = []

    def note() -> None:
        seen.append(model_thread._current.call.priority)

    @background_work
    async def scoring() -> None:
        await in_model_thread(note)
        await asyncio.ensure_future(in_model_thread(note))  # tasks it starts inherit it
        await in_model_thread(note, priority=INTERACTIVE)

    await scoring()
    await in_model_thread(note)
    assert seen == [BACKGROUND, BACKGROUND, INTERACTIVE, INTERACTIVE]


async def test_a_long_background_call_yields_to_interactive_work_at_a_checkpoint() -> None:
    """Ordering only: the background call cannot end before the reply has come back to
    the event loop, which it only can if the reply ran at one of the call's checkpoints."""
    started, reply_queued, reply_back = threading.Event(), threading.Event(), threading.Event()
    order: list[str] = []

    def suspend() -> Callable[[], None]:
        order.append("put aside")
        return lambda: order.append("put back")

    def long_background() -> bool:
        with model_state(suspend):
            order.append("piece 1")
            started.set()
            assert reply_queued.wait(30)
            for _ in range(3000):  # pieces until the reply is back (at most 30 s)
                check_cancelled()
                if reply_back.wait(0.01):
                    break
            order.append("end")
            return reply_back.is_set()

    background = asyncio.ensure_future(in_model_thread(long_background, priority=BACKGROUND))
    assert await asyncio.to_thread(started.wait, 30)
    reply = asyncio.ensure_future(in_model_thread(lambda: order.append("reply") or "text"))
    await asyncio.sleep(0)
    assert queued(INTERACTIVE) == 1
    reply_queued.set()
    assert await reply == "text"
    assert not background.done()
    reply_back.set()
    assert await background
    assert order == ["piece 1", "put aside", "reply", "put back", "end"]


async def test_a_checkpoint_where_the_state_cannot_be_put_aside_does_not_yield() -> None:
    started, reply_queued = threading.Event(), threading.Event()
    order: list[str] = []

    def long_background() -> None:
        with model_state(lambda: order.append("put aside")), model_state(None):
            started.set()
            assert reply_queued.wait(30)
            for _ in range(5):
                check_cancelled()
            order.append("end")

    background = asyncio.ensure_future(in_model_thread(long_background, priority=BACKGROUND))
    assert await asyncio.to_thread(started.wait, 30)
    reply = asyncio.ensure_future(in_model_thread(order.append, "reply"))
    await asyncio.sleep(0)
    reply_queued.set()
    await asyncio.gather(background, reply)
    assert order == ["end", "reply"]


async def test_interactive_work_never_yields_at_its_checkpoints() -> None:
    started, queued_now = threading.Event(), threading.Event()
    order: list[str] = []

    def reply() -> None:
        started.set()
        assert queued_now.wait(30)
        check_cancelled()
        order.append("reply")

    first = asyncio.ensure_future(in_model_thread(reply))
    assert await asyncio.to_thread(started.wait, 30)
    second = asyncio.ensure_future(in_model_thread(order.append, "next reply"))
    await asyncio.sleep(0)
    queued_now.set()
    await asyncio.gather(first, second)
    assert order == ["reply", "next reply"]
