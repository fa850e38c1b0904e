"""``lifelong serve``: the runtime over HTTP (JSON + server-sent events) with a live dashboard.

Imported only by the ``serve`` command (and whoever embeds the app): ``import lifelong`` does
not load FastAPI.

- :mod:`.app`: :func:`create_app`, the one process that owns a :class:`~lifelong.Runtime`.
- :mod:`.auth`: bearer tokens with ``record`` / ``admin`` scopes, dashboard sessions, CSRF.
- :mod:`.api`: the JSON endpoints under ``/api/v1``; :mod:`.models` their pydantic bodies.
- :mod:`.live`: the event stream (SSE) fed from the events and metrics tables.
- :mod:`.errors`: every error as a JSON body naming the field; body size limits.
- :mod:`.dashboard`: the server-rendered pages at ``/``.
"""

from lifelong.service.app import create_app

__all__ = ["create_app"]
