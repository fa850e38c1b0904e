"""The FastAPI application: one process that owns a :class:`~lifelong.Runtime`.

``create_app(config)`` opens the runtime when the server starts and closes it when it stops
(running jobs checkpoint and go back to the queue). With ``worker=False`` the runtime only
records and serves: separate ``lifelong worker`` processes score, train and deploy.
"""

from __future__ import annotations

import gc
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from starlette.middleware.body_limit import RequestBodyLimitMiddleware

from lifelong._hints import surface
from lifelong.runtime.config import RuntimeConfig
from lifelong.runtime.runtime import Runtime
from lifelong.service import dashboard, docs_page
from lifelong.service.auth import Auth
from lifelong.service.deps import PersonaHandles
from lifelong.service.errors import JsonTooLarge, install_error_handlers
from lifelong.service.routers import ROUTERS

__all__ = ["DEFAULT_MAX_BODY_BYTES", "create_app"]

# A batch of a few hundred turns fits; a single turn is a few KB.
DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024

API_VERSION = "1"


def create_app(
    config: RuntimeConfig,
    *,
    worker: bool = True,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    tune_gc: bool = False,
) -> FastAPI:
    """The HTTP service over a runtime made from ``config`` when the server starts.

    ``worker`` keeps the background loop on (scoring, triggers, the job worker, the monitor
    and scheduled reports); off, this process records and serves only. ``tune_gc`` (what
    ``lifelong serve`` does; it changes the whole process) freezes what exists after start-up
    and makes full garbage collections rarer: each recorded turn waits for its group commit,
    so its objects survive the young collections and under load Python ran several full
    collections a second (50-230 ms each, freeing nothing: a quarter of the server's time and
    a p99 of 115 ms at 64 concurrent records; bench/http_service.py).
    """
    config = config.model_copy(update={"background": worker})

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        rt = Runtime.open(config)
        await rt.start()
        app.state.rt = rt
        app.state.auth = Auth(rt.tokens)
        app.state.personas = PersonaHandles(rt)
        if tune_gc:
            gc.collect()
            gc.freeze()
            gc.set_threshold(10_000, 20, 100)
        try:
            yield
        finally:
            await rt.close()

    app = FastAPI(
        title="lifelong",
        version=API_VERSION,
        summary="Record persona conversations, answer with their learned layers, watch and "
        "control training, roll back from anywhere.",
        lifespan=lifespan,
        # Swagger UI and ReDoc load their scripts from a CDN: /docs is our own page instead.
        docs_url=None,
        redoc_url=None,
    )
    install_error_handlers(app)
    # Inner: refuse a body over the limit (by its Content-Length, or as it streams in);
    # outer: say so in the API's JSON error shape.
    app.add_middleware(RequestBodyLimitMiddleware, max_body_size=max_body_bytes)
    app.add_middleware(JsonTooLarge, max_bytes=max_body_bytes)
    app.add_middleware(SpeaksHttp)  # outermost: errors raised below name HTTP calls
    for router in ROUTERS:
        app.include_router(router)
    app.include_router(dashboard.router)
    app.include_router(docs_page.router)
    dashboard.mount_static(app)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


class SpeaksHttp:
    """Errors raised while answering a request say what to do in HTTP terms
    (``GET /api/v1/personas``, not ``rt.list_personas()``; see :mod:`lifelong._hints`)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        with surface("http"):
            await self.app(scope, receive, send)


# What needs no token: liveness and readiness.
_PUBLIC = ("/api/v1/health", "/api/v1/ready")


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's schema, with the bearer token every call sends declared (so a client
    generated from it sends the token) and the public probes marked as needing none.
    """
    if app.openapi_schema:
        return app.openapi_schema
    from fastapi.openapi.utils import get_openapi

    schema = get_openapi(title=app.title, version=app.version, summary=app.summary,
                         routes=app.routes)  # fmt: skip
    schema.setdefault("components", {}).setdefault("securitySchemes", {})["bearerAuth"] = {
        "type": "http",
        "scheme": "bearer",
        "description": "A lifelong token, `llt_...` (`lifelong tokens create`); on /v1, the "
        "OpenAI SDKs send it as their API key.",
    }
    schema["security"] = [{"bearerAuth": []}]
    for path in _PUBLIC:
        for operation in schema["paths"].get(path, {}).values():
            operation["security"] = []
            operation["responses"] = {k: v for k, v in operation["responses"].items()
                                      if k not in ("401", "403", "404")}  # fmt: skip
    for path, operations in schema["paths"].items():
        for operation in operations.values():
            if path.startswith("/v1/"):  # a wrong field is OpenAI's 400 there, never a 422
                operation["responses"].pop("422", None)
            for status, response in operation["responses"].items():
                content = response.get("content") or {}
                if status[0] in "45" and "text/html" in content:
                    # Errors are JSON wherever the page itself is HTML (report.html).
                    response["content"] = {"application/json": content.pop("text/html")}
    if "HTTPValidationError" not in json.dumps(schema["paths"]):
        for name in ("HTTPValidationError", "ValidationError"):
            schema["components"]["schemas"].pop(name, None)
    app.openapi_schema = schema
    return schema
