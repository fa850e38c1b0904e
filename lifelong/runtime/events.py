"""Delivering events to subscribers, and alerts (logged, stored, optionally POSTed to a webhook).

Every event the runtime stores (``TrainingQueued``, ``TrainingStarted``, ``TrainingCompleted``,
``TrainingFailed``, ``LayerDeployed``, ``LayerRejected``, ``LayerActivated``,
``LayerRolledBack``, ``LayerAutoRolledBack``, ``CanaryStarted``, ``CanaryPromoted``,
``LayerCorrupted``, ``QualityDropped``, ``BudgetExceeded`` ...) reaches
``rt.subscribe(callback)`` after it is committed; ``TrainingProgress`` is delivered but not
stored (the loss curve is in the metrics table). Each arrives as its class from
:mod:`lifelong.events` (``LayerDeployed``, ...). Callbacks run on the event loop; coroutine
callbacks are scheduled as tasks. A failing callback is logged and never stops the runtime.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import logging
import urllib.request
from collections.abc import Awaitable, Callable, Collection
from typing import Any

from lifelong.events import EVENT_KINDS, LifelongEvent, event_kind
from lifelong.runtime.logs import redact

__all__ = ["EVENT_KINDS", "EventHub", "LifelongEvent", "Subscriber"]

log = logging.getLogger("lifelong.events")

Subscriber = Callable[[LifelongEvent], Awaitable[None] | None]


class EventHub:
    """Fans committed event rows out to subscribers, and alerts to the log and a webhook."""

    def __init__(self, webhook_url: str | None = None) -> None:
        self.webhook_url = webhook_url
        self._subscribers: list[tuple[Subscriber, frozenset[str] | None]] = []
        self._tasks: set[asyncio.Task[Any]] = set()

    def subscribe(
        self,
        callback: Subscriber,
        kinds: Collection[str | type[LifelongEvent]] | None = None,
    ) -> Callable[[], None]:
        """Call ``callback(event)`` for every event (or only ``kinds``: classes from
        :mod:`lifelong.events` or their names); returns unsubscribe.
        """
        wanted = frozenset(event_kind(k) for k in kinds) if kinds else None
        entry = (callback, wanted)
        self._subscribers.append(entry)
        return lambda: self._subscribers.remove(entry) if entry in self._subscribers else None

    def __call__(self, row: dict[str, Any]) -> None:
        """The EventRepo listener: runs on the event loop right after the commit."""
        event = LifelongEvent.from_row(row)
        if event.is_alert:
            self._alert(event)
        for callback, kinds in list(self._subscribers):
            if kinds is not None and event.kind not in kinds:
                continue
            try:
                result = callback(event)
                if inspect.isawaitable(result):
                    self._track(asyncio.ensure_future(result))
            except Exception:
                log.exception("event subscriber %r failed on %s", callback, event.kind)

    def _alert(self, event: LifelongEvent) -> None:
        level = logging.ERROR if event.severity == "error" else logging.WARNING
        log.log(level, "ALERT %s %s/%s: %s", event.kind, event.persona, event.trait,
                redact(json.dumps(event.payload, default=str)))  # fmt: skip
        if self.webhook_url:
            self._track(asyncio.ensure_future(asyncio.to_thread(self._post, event)))

    def _post(self, event: LifelongEvent) -> None:
        body = redact(json.dumps({"alert": event.as_dict()}, default=str)).encode()
        request = urllib.request.Request(
            self.webhook_url or "", data=body, headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                response.read()
        except Exception as exc:  # an unreachable webhook must not hurt the runtime
            log.warning("alert webhook failed: %s", redact(str(exc)))

    def _track(self, task: asyncio.Future[Any]) -> None:
        self._tasks.add(task)  # type: ignore[arg-type]
        task.add_done_callback(self._tasks.discard)  # type: ignore[arg-type]

    async def drain(self) -> None:
        """Wait for scheduled subscriber coroutines and webhook posts (used at close)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)
