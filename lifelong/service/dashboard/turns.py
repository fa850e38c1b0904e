"""``/personas/{name}/turns``: the conversation browser.

A persona's recorded turns, newest first, filtered by trait, score range, rating, the layer
version that answered (the generation the turn was recorded with) and text; each with its
score components, its feedback and the layers that answered. An admin rates a turn or gives
the better reply from here: ``persona.feedback(id, rating=..., correction=...)`` (a
correction becomes a training pair). ``/live/turns`` is what a live page polls: turns are
recorded and scored without a stored event.
"""

from __future__ import annotations

import math
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import JSONResponse, Response

from lifelong.errors import InvalidName, InvalidRecord, NotFound
from lifelong.service.dashboard._core import (
    Action,
    act,
    auth_of,
    int_param,
    missing,
    page,
    router,
    rt_of,
    seg,
    to_login,
    turns_version,
)
from lifelong.storage.repos.interactions import RATINGS, BrowsedTurn

TURNS_PER_PAGE = 20
COMPONENTS = ("relevance", "consistency", "correction", "feedback", "degeneration")
_RATING_NAMES = {"rated": "rated", "unrated": "not rated", "good": "rated good (≥ 0.5)",
                 "bad": "rated bad (< 0.5)", "corrected": "corrected"}  # fmt: skip


def _quality(value: str | None) -> float | None:
    try:
        number = float(value) if value not in (None, "") else None
    except ValueError:
        return None
    return number if number is not None and math.isfinite(number) else None


def _filters(request: Request) -> dict[str, Any]:
    """The browser's filters from the query; a value that is not one is left out."""
    q = request.query_params
    layer: tuple[str, int | None] | None = None
    trait_v, _, version = (q.get("layer") or "").partition(":")
    if trait_v and version == "base":
        layer = (trait_v, None)
    elif trait_v and version.isdigit():
        layer = (trait_v, int(version))
    rating = q.get("rating") or None
    return {
        "trait": q.get("trait") or None,
        "min_quality": _quality(q.get("min")),
        "max_quality": _quality(q.get("max")),
        "rating": rating if rating in RATINGS else None,
        "layer": layer,
        "text": (q.get("q") or "").strip()[:200] or None,
    }


def _layer_value(layer: tuple[str, int | None] | None) -> str:
    """``("math", 2)`` -> ``"math:2"``, ``("math", None)`` -> ``"math:base"``."""
    return f"{layer[0]}:{'base' if layer[1] is None else layer[1]}" if layer else ""


def _query(filters: dict[str, Any], **changes: Any) -> str:
    """The query string of these filters (with ``changes``), for links and the pager."""
    values = {
        "trait": filters["trait"], "min": filters["min_quality"], "max": filters["max_quality"],
        "rating": filters["rating"], "q": filters["text"],
        "layer": _layer_value(filters["layer"]) or None,
        **changes,
    }  # fmt: skip
    return urlencode({k: v for k, v in values.items() if v not in (None, "")})


def _messages(messages: Any) -> list[dict[str, str]]:
    shown = []
    for m in messages if isinstance(messages, list) else ():
        if isinstance(m, dict) and m.get("role") != "system":
            content = m.get("content")
            text = content if isinstance(content, str) else str(content)
            shown.append({"role": str(m.get("role")), "content": text})
    return shown


def turn_view(turn: BrowsedTurn) -> dict[str, Any]:
    row = turn.row
    components = turn.components if isinstance(turn.components, dict) else {}
    return {
        "id": row.id, "trait": row.trait, "created_at": row.created_at, "source": row.source,
        "used": row.used, "quality": row.quality, "scored_at": turn.scored_at,
        "messages": _messages(row.messages),
        "components": [{"name": n, "value": components.get(n)} for n in COMPONENTS
                       if n in components],
        "notes": [str(n) for n in components.get("notes") or ()],
        "rating": row.feedback_rating, "correction": row.feedback_correction,
        "feedback_at": turn.feedback_at,
        "answered": sorted((turn.answered or {}).items()) if turn.answered is not None else None,
        "base_model": turn.base_model, "remote_model": turn.remote_model,
        "conversation": (row.metadata or {}).get("conversation_id")
        if isinstance(row.metadata, dict) else None,
    }  # fmt: skip


@router.get("/personas/{name}/turns", response_model=None)
async def turns_page(request: Request, name: str) -> Response:
    session = await auth_of(request).current(request)
    if session is None:
        return to_login(request)
    rt = rt_of(request)
    try:
        persona = await rt.get_persona(name)
    except (NotFound, InvalidName) as exc:
        return missing(request, session, str(exc))
    filters = _filters(request)
    at = max(int_param(request, "page", 1), 1)
    problem = None
    try:
        turns, total = await rt.personas.browse_turns(
            name, **filters, limit=TURNS_PER_PAGE, offset=(at - 1) * TURNS_PER_PAGE
        )
    except (InvalidName, InvalidRecord) as exc:
        problem, turns, total = str(exc), [], 0
    pages = max(1, -(-total // TURNS_PER_PAGE))
    answered = await rt.personas.answered_by(name)
    layer_traits = sorted({t for t, _ in answered} | set(persona.traits))
    return page(
        request, "turns.html.j2", session, persona=persona, turns=[turn_view(t) for t in turns],
        total=total, page=at, pages=pages, filters=filters, problem=problem,
        ratings=_RATING_NAMES, answered=answered, layer_traits=layer_traits,
        query=lambda **changes: _query(filters, **changes),
        layer_value=_layer_value(filters["layer"]), turns_version=await turns_version(rt, name),
    )  # fmt: skip


@router.post("/personas/{name}/turns/{turn_id}/feedback", response_model=None)
async def feedback(request: Request, name: str, turn_id: str) -> Response:
    rt = rt_of(request)

    async def work(action: Action) -> str:
        rating_text = (action.form.get("rating") or "").strip()
        rating = None
        if rating_text:
            rating = _quality(rating_text)
            if rating is None:
                raise InvalidRecord("rating", f"{rating_text!r} is not a number in [0, 1]")
        correction = action.form.get("correction")
        correction = correction.replace("\r\n", "\n") if correction and correction.strip() else None
        handle = await rt.persona_handle(name)
        await handle.feedback(turn_id, rating=rating, correction=correction)
        said = []
        if rating is not None:
            said.append(f"rated {rating:g}")
        if correction is not None:
            said.append("corrected (the correction becomes a training pair)")
        return f"turn {turn_id[-12:]} {' and '.join(said)}; it is scored again on the next pass"

    return await act(request, f"/personas/{seg(name)}/turns", work)


@router.get("/live/turns", response_model=None)
async def turns_changed(request: Request, persona: str | None = None) -> Response:
    """A short fingerprint of the turns a page shows: a live page polls it and refreshes
    when it changes (recording and scoring store no event)."""
    headers = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
    if await auth_of(request).current(request) is None:
        return JSONResponse({"error": "log in again"}, 401, headers=headers)
    try:
        version = await turns_version(rt_of(request), persona)
    except (InvalidName, NotFound):
        return JSONResponse({"error": "no such persona"}, 404, headers=headers)
    return JSONResponse({"turns": version}, headers=headers)
