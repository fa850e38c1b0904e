"""What an error tells its reader to do, in the words of the surface they use.

An error names the fix: "list them with ...". Someone calling the Python API reads
``rt.list_personas()``, someone at the command line ``lifelong personas``, a client of the HTTP
service ``GET /api/v1/personas``. The front rooms say which surface a call came through
(:func:`surface`, a context variable: it follows the call into every task it starts), and
errors raised anywhere below ask :func:`how` for the words.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

__all__ = ["how", "surface"]

_SURFACE: ContextVar[str] = ContextVar("lifelong_surface", default="python")

_HOW: dict[str, dict[str, str]] = {
    "list personas": {
        "python": "list them with rt.list_personas()",
        "cli": "list them with `lifelong personas`",
        "http": "list them with GET /api/v1/personas",
    },
    "create persona": {
        "python": "create it with rt.persona(name)",
        "cli": "create it by recording or importing its turns (`lifelong import`)",
        "http": "create it with PUT /api/v1/personas/{persona}",
    },
    "declare trait": {
        "python": "declare it with rt.persona(name, traits=[Trait(...)]) or pass trait=None",
        "cli": "declare it in the persona (rt.persona(name, traits=[...])) or leave the trait out",
        "http": "declare it with PUT /api/v1/personas/{persona} (traits) or leave the trait out",
    },
    "list jobs": {
        "python": "list jobs with rt.list_jobs()",
        "cli": "list jobs with `lifelong jobs list`",
        "http": "list jobs with GET /api/v1/jobs",
    },
    "queue training": {
        "python": "queue a new job with rt.queue_training()",
        "cli": "queue a new job with `lifelong train`",
        "http": "queue a new job with POST /api/v1/jobs",
    },
    "approve job": {
        "python": "approve it (rt.approve_job(id)) or cancel it",
        "cli": "approve it (`lifelong jobs approve ID`) or cancel it",
        "http": "approve it (POST /api/v1/jobs/{id}/approve) or cancel it",
    },
    "list tokens": {
        "python": "list tokens with rt.tokens.list()",
        "cli": "list tokens with `lifelong tokens list`",
        "http": "list tokens with GET /api/v1/tokens",
    },
    "list memory": {
        "python": "list them with rt.list_memory(persona)",
        "cli": "list them with `lifelong memory list {persona}`",
        "http": "list them with GET /api/v1/personas/{persona}/memory",
    },
    "roll back": {
        "python": "roll back with rt.layers.rollback(persona, trait)",
        "cli": "roll back with `lifelong layers rollback`",
        "http": "roll back with POST /api/v1/personas/{persona}/layers/{trait}/rollback",
    },
}


def how(action: str, **names: str) -> str:
    """The words for ``action`` (a key of the table above) on the current surface, with
    ``{persona}``-style names filled in where given (left as placeholders where not)."""
    words = _HOW[action][_SURFACE.get()]
    for key, value in names.items():
        words = words.replace("{" + key + "}", value)
    return words


@contextmanager
def surface(name: str) -> Iterator[None]:
    """Errors raised inside speak to ``name``'s users: ``"python"``, ``"cli"`` or ``"http"``."""
    if name not in ("python", "cli", "http"):
        raise ValueError(f"unknown surface {name!r}")
    token = _SURFACE.set(name)
    try:
        yield
    finally:
        _SURFACE.reset(token)


def enter_surface(name: str) -> Callable[[], None]:
    """``name`` from now on, in this context; returns what puts the previous one back (for
    an entry point with its own close hook, like a click command)."""
    token = _SURFACE.set(name)
    return lambda: _SURFACE.reset(token)
