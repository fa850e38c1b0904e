"""The JSON API under ``/api/v1``, one router per resource (the dashboard and the OpenAI-
compatible ``/v1`` have their own). Each endpoint takes the runtime and its caller as
dependencies (:mod:`lifelong.service.deps`); errors carry their HTTP status
(``LifelongError.http_status``, :mod:`lifelong.service.errors`).
"""

from __future__ import annotations

from fastapi import APIRouter

from lifelong.service.routers import (
    answering,
    jobs,
    layers,
    openai,
    personas,
    reports,
    status,
    tokens,
)

__all__ = ["ROUTERS"]

ROUTERS: tuple[APIRouter, ...] = (
    personas.router,
    answering.router,
    jobs.router,
    layers.router,
    reports.router,
    tokens.router,
    status.router,
    openai.router,
)
