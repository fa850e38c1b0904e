"""One thread for this process's model work: inference, embeddings, base model conversions.

PyTorch's CPU kernels run on an OpenMP team that belongs to the calling thread. Called from
many threads (``asyncio.to_thread`` takes any thread of the pool), torch makes a team per
thread; once the teams together hold more threads than there are cores, libgomp stops spinning
between parallel regions and sleeps instead, and a decode step, which is thousands of small
kernels, stays 2-3x slower for the rest of the process (measured on SmolLM2 with 16 rows over
8 adapters: 120 ms a step, then 250-350 ms after 16 requests ran on other pool threads).
Running all model work on one thread keeps one team. Training runs in child processes and is
not affected.

Priorities (issue 28: the first reply waited behind scoring). Every call is
:data:`INTERACTIVE` (a person waits for it: a generation, the routing of a request) or
:data:`BACKGROUND` (scoring, the auto-test, consolidation, merges). A call names its priority,
or takes its caller's: :func:`background_work` marks an async function (and whatever it awaits)
as background; anything unmarked is interactive. Waiting interactive calls run before waiting
background calls, each class first come first served; a background call that has waited
:data:`BACKGROUND_MAX_WAIT_S` goes first (it is not starved by a steady stream of replies).

A background call that is already running yields too: at each :func:`check_cancelled` (the
cooperative checkpoints long work already calls between pieces), when interactive calls wait,
they run right there, on this thread, before the background call goes on. The model state a
background call holds is put aside for them and put back after (see :func:`model_state`):
the adapter cache releases the base model the call holds and, once the interactive calls
are done, takes it again and activates the layers the call had active (see
``AdapterCache.use``). Where the state cannot be put aside safely (a batch routing rows to
their own adapters through peft's forward hooks, a ``use_each`` block) the checkpoint only
checks for cancellation. The checkpoints that yield today: before each decoder layer and
the vocabulary head of every model the adapter cache loads (:func:`checkpoint_between_layers`:
a forward pass's activations and KV cache are its own, only the active adapters are shared,
and those are put back), between the auto-test's NLL batches and surprisal examples
(``learning.evaluation``; its KL pass runs the base model through ``disable_adapter()``,
declared ``model_state(None)``: no yield in there), at each token of its batched answers
(``genome.serving.complete_many``, inside ``model.generate``), between the scorer's pieces and
between MiniLM's pieces of 16 texts (no model state held). A reply is several calls (its
routing, then its decode): after an interactive call the thread waits
:data:`INTERACTIVE_LINGER_S` for the next before background work goes on. A call suspended at
a checkpoint for :data:`BACKGROUND_MAX_WAIT_S` stops taking interactive calls and counts in
:func:`pressing`, so a running decode session makes way for it.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import functools
import itertools
import threading
import time
from collections import deque
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Literal, ParamSpec, TypeVar

__all__ = [
    "BACKGROUND",
    "BACKGROUND_MAX_WAIT_S",
    "INTERACTIVE",
    "Priority",
    "WorkCancelled",
    "background_work",
    "check_cancelled",
    "checkpoint_before",
    "checkpoint_between_layers",
    "in_model_thread",
    "model_state",
    "pressing",
    "queued",
]

T = TypeVar("T")
P = ParamSpec("P")

Priority = Literal["interactive", "background"]
INTERACTIVE: Priority = "interactive"
BACKGROUND: Priority = "background"

# A background call that has waited this long in the queue runs before interactive calls.
BACKGROUND_MAX_WAIT_S = 30.0
# After an interactive call, background work waits this long for the next one: a reply makes
# several calls (its routing, then its decode), the next one submitted by the event loop a
# moment after the last returns.
INTERACTIVE_LINGER_S = 0.05

# Suspends the model state a call holds at a checkpoint; returns what puts it back, or None
# when it cannot be put aside now (the checkpoint then does not yield).
Suspend = Callable[[], Callable[[], None] | None]

_EXECUTOR = concurrent.futures.ThreadPoolExecutor(
    max_workers=1, thread_name_prefix="lifelong-model"
)
_lock = threading.Lock()
_arrived = threading.Condition(_lock)  # notified when an interactive call is queued
_last_interactive = [0.0]  # when the last interactive call ended (monotonic; under _lock)
_seq = itertools.count()
_waiting: dict[Priority, deque[_Call]] = {INTERACTIVE: deque(), BACKGROUND: deque()}
# The call running on the model thread (the innermost one while a background call yields).
_current = threading.local()
_priority: ContextVar[Priority] = ContextVar("lifelong_model_priority", default=INTERACTIVE)
_suspended: list[_Call] = []  # background calls letting interactive ones run (guarded by _lock)


class WorkCancelled(Exception):
    """Raised on the model thread by :func:`check_cancelled`: nobody waits for this call."""


@dataclass(eq=False)
class _Call:
    fn: Callable[[], Any]
    priority: Priority
    seq: int
    queued_at: float
    future: concurrent.futures.Future[Any] = field(default_factory=concurrent.futures.Future)
    cancelled: threading.Event = field(default_factory=threading.Event)  # its caller is gone
    # What this call holds of the model state, innermost last (see model_state).
    guards: list[Suspend | None] = field(default_factory=list)
    suspended_at: float | None = None  # while it lets interactive calls run at a checkpoint


def check_cancelled() -> None:
    """A checkpoint between two pieces of long model work (the auto-test's measurements, a
    static decode, each token of a batched ``generate``).

    Once the coroutine that awaits the call is cancelled (a shutdown, a stop during the
    auto-test), the rest of the work is dropped, so the thread (and a process exiting, which
    joins it) waits at most one piece instead of the whole call. In a background call, the
    interactive calls waiting run here first (see the module docstring).
    """
    call: _Call | None = getattr(_current, "call", None)
    if call is None:
        return
    if call.cancelled.is_set():
        raise WorkCancelled()
    if call.priority == BACKGROUND and _waiting[INTERACTIVE]:
        _yield_to_interactive(call)
        if call.cancelled.is_set():
            raise WorkCancelled()


def checkpoint_between_layers(model: Any) -> None:
    """A checkpoint before each decoder layer and the head of ``model`` (a causal LM; a
    model without ``model.layers`` is left as it is), for background calls only: one forward
    pass of a batch of long examples is a piece too big to wait for. Safe wherever the block
    holding the model declared its state (see :func:`model_state`): a forward pass's
    activations and its KV cache are its own; only which adapters are active is shared.
    """
    inner = getattr(model, "model", None)
    layers = getattr(inner, "layers", None)
    if layers is None or getattr(model, "_lifelong_checkpoints", False):
        return

    head = getattr(model, "lm_head", None)  # the vocabulary projection: as big as a layer
    checkpoint_before([*layers, *([head] if head is not None else [])])
    model._lifelong_checkpoints = True


def checkpoint_before(modules: Any) -> None:
    """A checkpoint before each of ``modules`` (torch modules: the layers of an encoder or a
    decoder) for background calls only. For a model no reply's state depends on (MiniLM:
    a forward pass keeps nothing between calls), no :func:`model_state` is needed.
    """

    def before(module: Any, args: Any) -> None:
        call: _Call | None = getattr(_current, "call", None)
        if call is not None and call.priority == BACKGROUND:
            check_cancelled()

    for module in modules:
        module.register_forward_pre_hook(before)


@contextmanager
def model_state(suspend: Suspend | None) -> Iterator[None]:
    """Declare, for the block, model state the running call holds: at a checkpoint inside it
    a background call yields only once ``suspend()`` has put that state aside (it returns
    the function that puts it back, called before the call goes on). ``None``: state that
    cannot be put aside; no checkpoint inside the block yields. Outside the model thread this
    does nothing.
    """
    call: _Call | None = getattr(_current, "call", None)
    if call is None:
        yield
        return
    call.guards.append(suspend)
    try:
        yield
    finally:
        call.guards.pop()


def _yield_to_interactive(call: _Call) -> None:
    """Run the waiting interactive calls, with the state ``call`` holds put aside."""
    if any(guard is None for guard in call.guards):
        return
    resumes: list[Callable[[], None]] = []
    try:
        for suspend in reversed(call.guards):  # innermost first
            resume = suspend()  # type: ignore[misc]
            if resume is None:
                return
            resumes.append(resume)
        call.suspended_at = time.monotonic()
        with _lock:
            _suspended.append(call)
        # Until none waits, or this call has waited too long itself (then a running decode
        # session also makes way, see pressing()).
        while not call.cancelled.is_set() and not _overdue(call.suspended_at):
            waiting = _take(interactive_only=True)
            if waiting is None:
                break
            _execute(waiting)
    finally:
        if call.suspended_at is not None:
            call.suspended_at = None
            with _lock:
                _suspended.remove(call)
        failed: BaseException | None = None
        for resume in reversed(resumes):  # outermost first
            try:
                resume()
            except BaseException as exc:  # the state could not be put back: the call fails
                failed = failed or exc
        if failed is not None:
            raise failed


def _take(*, interactive_only: bool) -> _Call | None:
    """The next call to run: interactive first, unless a background call waited too long.
    Within :data:`INTERACTIVE_LINGER_S` of the end of an interactive call, an interactive call
    about to be queued is waited for (only while the model thread would otherwise go on with
    background work, or stop taking interactive calls at a checkpoint).
    """
    with _lock:
        interactive, background = _waiting[INTERACTIVE], _waiting[BACKGROUND]
        while not interactive:
            if not interactive_only and not background:
                return None
            left = _last_interactive[0] + INTERACTIVE_LINGER_S - time.monotonic()
            if left <= 0:
                break
            _arrived.wait(left)
        if not interactive_only and background:
            oldest = background[0]
            if not interactive or (_overdue(oldest.queued_at) and oldest.seq < interactive[0].seq):
                return background.popleft()
        return interactive.popleft() if interactive else None


def _overdue(since: float) -> bool:
    return time.monotonic() - since > BACKGROUND_MAX_WAIT_S


def _execute(call: _Call) -> None:
    if not call.future.set_running_or_notify_cancel():
        return  # cancelled before it started
    outer = getattr(_current, "call", None)
    _current.call = call
    try:
        result = call.fn()
    except BaseException as exc:
        call.future.set_exception(exc)
    else:
        call.future.set_result(result)
    finally:
        _current.call = outer
        if call.priority == INTERACTIVE:
            with _lock:
                _last_interactive[0] = time.monotonic()


def _run_next() -> None:
    """One executor task per call submitted: runs the call that comes first now (none when
    the calls ahead already ran inside a background call's checkpoint)."""
    call = _take(interactive_only=False)
    if call is not None:
        _execute(call)


async def in_model_thread(fn: Callable[..., T], *args: Any, priority: Priority | None = None) -> T:
    """``fn(*args)`` on the model thread, after the calls of its priority queued before it
    (and, for background work, after every interactive call waiting). ``priority``: by
    default the caller's (see :func:`background_work`), else interactive.
    """
    call = _Call(
        functools.partial(fn, *args), priority or _priority.get(), next(_seq), time.monotonic()
    )
    with _lock:
        _waiting[call.priority].append(call)
        if call.priority == INTERACTIVE:
            _arrived.notify_all()
    _EXECUTOR.submit(_run_next)
    try:
        return await asyncio.wrap_future(call.future)
    except asyncio.CancelledError:
        call.cancelled.set()  # a call already running stops at its next check_cancelled()
        raise
    finally:
        with _lock:  # cancelled before it ran: no longer waiting
            queue = _waiting[call.priority]
            if call in queue:
                queue.remove(call)


def background_work(
    fn: Callable[P, Coroutine[Any, Any, T]],
) -> Callable[P, Coroutine[Any, Any, T]]:
    """Mark an async function as background work: the model calls it makes (directly or
    through what it awaits, and in the tasks it starts) queue behind interactive ones.
    """

    @functools.wraps(fn)
    async def marked(*args: P.args, **kwargs: P.kwargs) -> T:
        token = _priority.set(BACKGROUND)
        try:
            return await fn(*args, **kwargs)
        finally:
            _priority.reset(token)

    return marked


def queued(priority: Priority | None = None) -> int:
    """How many calls wait for the model thread (of ``priority``; by default all)."""
    with _lock:
        if priority is None:
            return len(_waiting[INTERACTIVE]) + len(_waiting[BACKGROUND])
        return len(_waiting[priority])


def pressing() -> int:
    """How many calls a long decode session should make way for: the interactive calls
    waiting, and the background calls that have waited :data:`BACKGROUND_MAX_WAIT_S` (in the
    queue, or at a checkpoint while interactive calls ran), so a steady stream of replies
    never starves background work.
    """
    with _lock:
        overdue = sum(1 for c in _waiting[BACKGROUND] if _overdue(c.queued_at))
        overdue += sum(1 for c in _suspended if c.suspended_at and _overdue(c.suspended_at))
        return len(_waiting[INTERACTIVE]) + overdue
