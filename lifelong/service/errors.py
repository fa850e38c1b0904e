"""Every error as a JSON body ``{"error": {"type", "message", "field"?}}`` and a 4xx status;
a bug is a 500 with one line, never a traceback.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from lifelong.errors import (
    ConfigError,
    InvalidName,
    InvalidRecord,
    LifelongError,
)
from lifelong.runtime.logs import redact
from lifelong.service.openai_models import Unsupported

__all__ = ["JsonTooLarge", "error_body", "install_error_handlers", "lifelong_error"]

log = logging.getLogger("lifelong.service")


def error_body(kind: str, message: str, field: str | None = None, **extra: Any) -> dict[str, Any]:
    detail: dict[str, Any] = {"type": kind, "message": redact(message)}
    if field is not None:
        detail["field"] = field
    detail.update({k: v for k, v in extra.items() if v is not None})
    return {"error": detail}


def lifelong_error(exc: LifelongError) -> tuple[int, dict[str, Any]]:
    """The status and body of one of the runtime's own errors: each class carries its HTTP
    status and error type (``LifelongError.http_status``), and the field it names.
    """
    extra: dict[str, Any] = {}
    if isinstance(exc, InvalidRecord):
        extra = {"field": exc.field, "line": exc.line}
    elif isinstance(exc, InvalidName):
        extra = {"field": exc.kind}
    elif isinstance(exc, ConfigError):
        extra = {"field": exc.field}
    kind = exc.http_type or type(exc).__name__
    return exc.http_status, error_body(kind, str(exc), **extra)


def openai_error(exc: LifelongError) -> tuple[int, dict[str, Any]]:
    """One of the runtime's errors as OpenAI's clients expect it on ``/v1``:
    ``{"error": {"message", "type", "param", "code"}}``, a 422 being a 400 there.
    """
    status, body = lifelong_error(exc)
    detail = body["error"]
    return _openai(status, detail["message"], detail.get("field"), detail.get("type"))


def _openai(
    status: int, message: str, param: str | None = None, code: str | None = None
) -> tuple[int, dict[str, Any]]:
    status = 400 if status == 422 else status
    kinds = {400: "invalid_request_error", 401: "authentication_error",
             403: "permission_error", 404: "not_found_error", 409: "invalid_request_error",
             413: "invalid_request_error", 429: "rate_limit_error"}  # fmt: skip
    if status == 404 and code == "not_found":
        code = "model_not_found" if "model" in message else code
    if status == 401:
        code = "invalid_api_key"
    return status, {"error": {"message": redact(message), "param": param, "code": code,
                              "type": kinds.get(status, "server_error")}}  # fmt: skip


def _is_openai(request: Request) -> bool:
    return request.url.path.startswith("/v1/")


# Storage outages and a closing runtime are temporary: a client may try again shortly.
RETRY_AFTER_S = 5


def _loc(loc: tuple[Any, ...]) -> str:
    """``("body", "records", 3, "messages")`` -> ``records[3].messages``; a query parameter
    is named as written (``?status=...``), not by its position among repeats."""
    if len(loc) >= 2 and loc[0] == "query":
        return str(loc[1])
    parts = [p for p in loc if p not in ("body", "query", "path", "header")]
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or ".".join(map(str, loc))


def problem(error: Any) -> dict[str, Any]:
    """One pydantic error as ``{field, message}``."""
    if error.get("type") == "json_invalid":
        at = error.get("loc", ("body", 0))[-1]
        why = (error.get("ctx") or {}).get("error", "")
        return {"field": "body", "message": f"not valid JSON at character {at}: {why}"}
    return {"field": _loc(tuple(error.get("loc", ()))), "message": error.get("msg", "invalid")}


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(LifelongError)
    async def _lifelong(request: Request, exc: LifelongError) -> JSONResponse:
        status, body = openai_error(exc) if _is_openai(request) else lifelong_error(exc)
        headers = {"Retry-After": str(RETRY_AFTER_S)} if status == 503 else None
        return JSONResponse(body, status_code=status, headers=headers)

    @app.exception_handler(Unsupported)
    async def _unsupported(_request: Request, exc: Unsupported) -> JSONResponse:
        status, body = _openai(400, str(exc), exc.param, exc.code)
        return JSONResponse(body, status_code=status)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        # The first problem names the field; all of them are listed (without the input echoed:
        # it may be large, or hold what the caller meant to keep private).
        problems = [problem(e) for e in exc.errors()]
        first = problems[0] if problems else {"field": None, "message": "invalid request"}
        message = f"{first['field']}: {first['message']}"
        if _is_openai(request):
            status, body = _openai(400, message, first["field"], "invalid_value")
            return JSONResponse(body, status_code=status)
        body = error_body("invalid", message, first["field"])
        body["error"]["problems"] = problems
        return JSONResponse(body, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        headers = getattr(exc, "headers", None)
        if exc.status_code == 400 and "parsing the body" in str(exc.detail):
            # FastAPI's answer to a body that is not UTF-8 (or not decodable at all): a
            # wrong field like any other, named.
            message = "body: not valid JSON text (send UTF-8 encoded JSON)"
            if _is_openai(request):
                status, body = _openai(400, message, "body", "invalid_value")
                return JSONResponse(body, status_code=status)
            return JSONResponse(error_body("invalid", message, "body"), status_code=422)
        if exc.status_code == 405:
            # Starlette's Allow names the methods of the first route that matched the path;
            # several routes may share it (GET and POST /jobs): name them all.
            allowed = _allowed(request)
            if allowed:
                headers = {**(headers or {}), "Allow": ", ".join(allowed)}
        if _is_openai(request):
            status, body = _openai(exc.status_code, str(exc.detail))
            return JSONResponse(body, status_code=status, headers=headers)
        kinds = {401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method",
                 413: "too_large", 429: "too_many"}  # fmt: skip
        return JSONResponse(
            error_body(kinds.get(exc.status_code, "http"), str(exc.detail)),
            status_code=exc.status_code,
            headers=headers,
        )

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception) -> JSONResponse:
        log.error("%s %s failed: %s: %s", request.method, request.url.path,
                  type(exc).__name__, redact(str(exc)), exc_info=exc)  # fmt: skip
        return JSONResponse(
            error_body("internal", "internal error; the server log has the details"),
            status_code=500,
        )


class JsonTooLarge:
    """Starlette's body limit answers 413 in plain text; this says it in our JSON shape, with
    what to do about it.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        replacing = False

        async def json_send(message: Message) -> None:
            nonlocal replacing
            if (
                message["type"] == "http.response.start"
                and message["status"] == 413
                and (b"content-type", b"text/plain; charset=utf-8") in message.get("headers", [])
            ):  # Starlette's own refusal; a page's own 413 is left as it is
                replacing = True
                return
            if replacing:
                if message["type"] == "http.response.body" and not message.get("more_body"):
                    body = json.dumps(error_body(
                        "too_large", f"the request body is over {self.max_bytes} bytes: send "
                        "fewer records per batch (or start serve with a larger --max-body-bytes)"
                    )).encode()  # fmt: skip
                    await send({"type": "http.response.start", "status": 413, "headers": [
                        (b"content-type", b"application/json"),
                        (b"content-length", str(len(body)).encode())]})  # fmt: skip
                    await send({"type": "http.response.body", "body": body})
                return
            await send(message)

        await self.app(scope, receive, json_send)


def _allowed(request: Request) -> list[str]:
    """Every method the published schema gives this request's path (the dashboard's pages,
    which are not in it, keep what Starlette said).
    """
    import re

    methods: set[str] = set()
    for template, operations in request.app.openapi().get("paths", {}).items():
        numeric = {
            p["name"] for op in operations.values() for p in op.get("parameters", ())
            if p.get("in") == "path" and (p.get("schema") or {}).get("type") == "integer"
        }  # fmt: skip

        def part(match: re.Match[str], numeric: set[str] = numeric) -> str:
            return "[0-9]+" if match.group(1) in numeric else "[^/]+"

        pattern = "^" + re.sub(r"\\\{([^/]+?)\\\}", part, re.escape(template)) + "$"
        if re.match(pattern, request.url.path):
            methods |= {m.upper() for m in operations}
    if "GET" in methods:
        methods.add("HEAD")
    return sorted(methods)
