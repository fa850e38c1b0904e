"""``/tokens``: the HTTP service's bearer tokens: list, create (the token is shown once, on the
page that answers the form, and never again), revoke.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import Response

from lifelong.errors import LifelongError
from lifelong.runtime.tokens import SCOPES
from lifelong.service.auth import Session
from lifelong.service.dashboard._core import (
    Action,
    act,
    auth_of,
    checked_form,
    page,
    router,
    rt_of,
    seg,
    to_login,
)

RIGHTS = {
    "record": "record turns, give feedback, generate, read its personas",
    "manage": "create personas, change their profiles and traits",
    "events": "read the event history and the live stream",
    "admin": "everything: jobs, layers, tokens, the dashboard (reaches every persona)",
}
assert set(RIGHTS) == set(SCOPES)


async def _tokens_page(
    request: Request,
    session: Session,
    *,
    created: dict[str, Any] | None = None,
    error: str | None = None,
    form: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    rt = rt_of(request)
    tokens = await rt.tokens.list()
    tokens.sort(key=lambda t: (t.get("revoked_at") is not None, -(t.get("created_at") or 0)))
    return page(
        request, "tokens.html.j2", session, tokens=tokens, rights=RIGHTS, created=created,
        error=error, form=form or {"rights": [], "name": "", "personas": ""},
        personas=[p.name for p in await rt.list_personas()], status_code=status_code,
    )  # fmt: skip


@router.get("/tokens", response_model=None)
async def tokens_page(request: Request) -> Response:
    session = await auth_of(request).current(request)
    if session is None:
        return to_login(request)
    return await _tokens_page(request, session)


async def _multi_form(request: Request) -> list[str]:
    """Every ``rights`` box ticked (the form helper keeps only a field's first value)."""
    from urllib.parse import parse_qs

    body = (await request.body()).decode("utf-8", "replace")
    return [r for r in parse_qs(body).get("rights", []) if r in RIGHTS]


@router.post("/tokens", response_model=None)
async def create_token(request: Request) -> Response:
    checked = await checked_form(request)
    if not isinstance(checked, Action):
        return checked
    rights = await _multi_form(request)
    name = (checked.form.get("name") or "").strip()
    listed = checked.form.get("personas") or ""
    personas = [p.strip() for p in listed.replace("\n", ",").split(",") if p.strip()]
    form = {"rights": rights, "name": name, "personas": listed}
    if not rights:
        return await _tokens_page(request, checked.session, form=form, status_code=422,
                                  error="Tick at least one right.")  # fmt: skip
    try:
        info, token = await rt_of(request).tokens.create(rights, name, personas or None)
    except LifelongError as exc:
        return await _tokens_page(request, checked.session, form=form, status_code=422,
                                  error=str(exc))  # fmt: skip
    created = {"id": info.id, "name": info.name, "scope": info.scope,
               "personas": info.personas, "token": token}  # fmt: skip
    # The token is in this response only: not stored, not logged, not in any URL.
    return await _tokens_page(request, checked.session, created=created)


@router.post("/tokens/{token_id}/revoke", response_model=None)
async def revoke_token(request: Request, token_id: str) -> Response:
    rt = rt_of(request)

    async def work(action: Action) -> str:
        await rt.tokens.revoke(token_id)
        return f"token {token_id} revoked: requests with it are refused from now on"

    return await act(request, f"/tokens#{seg(token_id)}", work)
