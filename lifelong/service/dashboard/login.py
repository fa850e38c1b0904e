"""``/login`` trades an admin token for a session cookie; ``/logout`` ends the session."""

from __future__ import annotations

import secrets

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from lifelong.service.auth import SESSION_COOKIE, same_origin
from lifelong.service.dashboard._core import (
    LOGIN_CSRF_COOKIE,
    PAGE_HEADERS,
    auth_of,
    page,
    read_form,
    router,
    safe_next,
    same,
)

_LOGIN_MAX_BYTES = 8192  # a login or logout form is a token and a CSRF token


def _login_page(
    request: Request, *, next_path: str, error: str | None = None, status_code: int = 200
) -> HTMLResponse:
    # Login CSRF: the form's token must match a SameSite=Strict cookie set with the form, so a
    # form posted from another site cannot log a browser into the poster's session.
    token = request.cookies.get(LOGIN_CSRF_COOKIE)
    if not token or len(token) > 100:
        token = secrets.token_urlsafe(32)
    response = page(request, "login.html.j2", None, status_code=status_code, login_csrf=token,
                    next_path=next_path, error=error)  # fmt: skip
    response.set_cookie(LOGIN_CSRF_COOKIE, token, max_age=3600, path="/login", httponly=True,
                        samesite="strict", secure=request.url.scheme == "https")  # fmt: skip
    return response


@router.get("/login", response_model=None)
async def login_form(request: Request, next: str | None = None) -> Response:
    if await auth_of(request).current(request) is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return _login_page(request, next_path=safe_next(next))


@router.post("/login", response_model=None)
async def login(request: Request) -> Response:
    form = await read_form(request, _LOGIN_MAX_BYTES)
    if form is None:
        return _login_page(request, next_path="/", error="The form is too large.",
                           status_code=413)  # fmt: skip
    next_path = safe_next(form.get("next"))
    # A planted login-CSRF cookie (another port of this host is the same site) does not help
    # a form posted from elsewhere: the browser says where the post comes from.
    if not same_origin(request) or not same(form.get("csrf"),
                                            request.cookies.get(LOGIN_CSRF_COOKIE)):  # fmt: skip
        return _login_page(request, next_path=next_path, status_code=403,
                           error="The login form expired; please try again.")  # fmt: skip
    auth = auth_of(request)
    client = request.client.host if request.client else "?"
    wait = auth.login_wait(client)
    if wait > 0:  # too many wrong tokens from here: guessing costs time
        error = f"Too many failed logins; try again in {wait:.0f} s."
        refused = _login_page(request, next_path=next_path, status_code=429, error=error)
        refused.headers["Retry-After"] = str(max(1, round(wait)))
        return refused
    # A live token of another right is told so ("a live record token: the dashboard needs an
    # admin token"), not "not a live token".
    session, why = await auth.sign_in(form.get("token", ""))
    if session is None:
        auth.login_failed(client)
        return _login_page(request, next_path=next_path, status_code=401, error=why)
    response = RedirectResponse(next_path, status_code=303)
    response.set_cookie(
        SESSION_COOKIE, session.id, max_age=int(auth.session_ttl_s), path="/",
        httponly=True, samesite="strict", secure=request.url.scheme == "https",
    )  # fmt: skip
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


@router.post("/logout", response_model=None)
async def logout(request: Request) -> Response:
    auth = auth_of(request)
    session = await auth.current(request)
    if session is not None:
        form = await read_form(request, _LOGIN_MAX_BYTES)
        if form is None or not same(form.get("csrf"), session.csrf):
            return HTMLResponse("not allowed: a logout without its CSRF token", 403,
                                headers=PAGE_HEADERS)  # fmt: skip
        auth.logout(session.id)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict")
    return response
