"""A runtime verb that is another service's method: ``rt.generate`` is ``rt.answering.generate``.

The runtime is the one object people hold; the work is done by services it builds (answering,
memory, jobs...). ``forward`` keeps the verb on the runtime, typed as the service's method
(parameters and result), without a second copy of its signature to keep in step.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Concatenate, Generic, ParamSpec, TypeVar, overload

__all__ = ["forward"]

P = ParamSpec("P")
R = TypeVar("R")


class _Forward(Generic[P, R]):
    def __init__(self, service: str, method: Callable[Concatenate[Any, P], R]) -> None:
        self._service = service
        self._name = method.__name__
        self.__doc__ = method.__doc__
        self.__wrapped__ = method

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> _Forward[P, R]: ...
    @overload
    def __get__(self, obj: object, owner: type | None = None) -> Callable[P, R]: ...
    def __get__(self, obj: object | None, owner: type | None = None) -> Any:
        if obj is None:
            return self
        method: Callable[P, R] = getattr(getattr(obj, self._service), self._name)
        return method


def forward(service: str, method: Callable[Concatenate[Any, P], R]) -> _Forward[P, R]:
    """``method`` (a function of the class of ``self.<service>``) as a verb of the owner."""
    return _Forward(service, method)
