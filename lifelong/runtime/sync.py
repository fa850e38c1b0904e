"""The runtime for plain synchronous programs (a Flask view, a script, a worker thread).

``SyncRuntime`` runs a :class:`Runtime` on an event loop in a background thread, so the
background work (scoring, triggers, training jobs) keeps going between calls, and every method
blocks only the calling thread until its result is ready::

    with SyncRuntime(RuntimeConfig(home="data")) as rt:
        ada = rt.persona("ada", traits=[Trait("python-tutor", "explains Python")])
        turn_id = ada.record(messages)
        ada.feedback(turn_id, rating=1.0)
        print(ada.generate([{"role": "user", "content": "hi"}]).text)
        for piece in ada.stream([{"role": "user", "content": "and then?"}]):
            ...                                   # text pieces, then the Generation
        rt.subscribe(print, kinds=["LayerDeployed"])   # called on the runtime's thread
        print(rt.list_jobs(status=["running"]), rt.status())

Every coroutine method of :class:`Runtime` (and of :class:`Persona`) is offered blocking under
the same name with the same arguments; an async generator (``stream``) becomes a plain
iterator; everything else (``subscribe``, ``config``, ``layers`` ...) is the runtime's own.
"""

from __future__ import annotations

import asyncio
import inspect
import threading
from collections.abc import (
    AsyncIterator,
    Callable,
    Coroutine,
    Iterable,
    Iterator,
    Mapping,
    Sequence,
)
from typing import Any, TypeVar

from lifelong.persona.persona import Persona
from lifelong.persona.traits import Trait
from lifelong.runtime.config import RuntimeConfig
from lifelong.runtime.runtime import Runtime

__all__ = ["SyncPersona", "SyncRuntime"]

T = TypeVar("T")


class SyncRuntime:
    def __init__(self, config: RuntimeConfig | None = None, **runtime_kwargs: Any) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="lifelong-runtime", daemon=True
        )
        self._thread.start()
        self.runtime = Runtime.open(config, **runtime_kwargs)
        try:
            self.call(self.runtime.start())
        except BaseException:
            self._stop_loop()
            raise

    def call(self, coro: Coroutine[Any, Any, T], timeout: float | None = None) -> T:
        """Run a coroutine on the runtime's loop and wait for its result."""
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout)

    def iterate(self, items: AsyncIterator[T]) -> Iterator[T]:
        """An async iterator's items, each awaited on the runtime's loop."""
        try:
            while True:
                try:
                    yield self.call(items.__anext__())  # type: ignore[arg-type]
                except StopAsyncIteration:
                    return
        finally:  # stopped early: the generator's cleanup runs on its loop
            close = getattr(items, "aclose", None)
            if close is not None and not self._loop.is_closed():
                self.call(close())

    def blocking(self, method: Callable[..., Any]) -> Callable[..., Any]:
        """``method`` of an object living on the runtime's loop, callable from this thread."""
        if inspect.isasyncgenfunction(method):
            return lambda *a, **kw: self.iterate(method(*a, **kw))
        if inspect.iscoroutinefunction(method):
            return lambda *a, **kw: self.call(method(*a, **kw))
        return method

    def __getattr__(self, name: str) -> Any:
        # Only reached for names not defined here: the runtime's, made blocking.
        if name.startswith("_") or name == "runtime":
            raise AttributeError(name)
        value = getattr(self.runtime, name)
        return self.blocking(value) if callable(value) else value

    def __dir__(self) -> list[str]:
        return sorted(set(super().__dir__()) | {n for n in dir(self.runtime) if n[0] != "_"})

    def persona(
        self,
        name: str,
        traits: Iterable[Trait] | None = None,
        profile: Mapping[str, Any] | None = None,
        *,
        memory: bool | None = None,
    ) -> SyncPersona:
        return SyncPersona(
            self, self.call(self.runtime.persona(name, traits, profile, memory=memory))
        )

    def persona_handle(self, name: str) -> SyncPersona:
        return SyncPersona(self, self.call(self.runtime.persona_handle(name)))

    def close(self) -> None:
        if self._loop.is_closed():
            return
        try:
            self.call(self.runtime.close())
        finally:
            self._stop_loop()

    def _stop_loop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join()
        self._loop.close()

    def __enter__(self) -> SyncRuntime:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class SyncPersona:
    """The blocking face of a :class:`Persona`; same arguments, same results."""

    def __init__(self, rt: SyncRuntime, persona: Persona) -> None:
        self._rt = rt
        self.persona = persona
        self.name = persona.name

    def record(
        self,
        messages: Sequence[Mapping[str, Any]],
        trait: str | None = None,
        metadata: Mapping[str, Any] | None = None,
    ) -> str:
        return self._rt.call(self.persona.record(messages, trait, metadata))

    def feedback(
        self, interaction_id: str, *, rating: float | None = None, correction: str | None = None
    ) -> None:
        self._rt.call(self.persona.feedback(interaction_id, rating=rating, correction=correction))

    def generate(self, messages: Sequence[Mapping[str, Any]], **kwargs: Any) -> Any:
        return self._rt.call(self.persona.generate(messages, **kwargs))

    def __getattr__(self, name: str) -> Any:
        # The persona's other verbs (stream, record_many, ...), made blocking.
        if name.startswith("_") or name == "persona":
            raise AttributeError(name)
        value = getattr(self.persona, name)
        return self._rt.blocking(value) if callable(value) else value
