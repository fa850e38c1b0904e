"""What every dashboard page and action shares: the router, the template environment, the
session check, forms with their CSRF token, and the one-time notices an action leaves.
"""

from __future__ import annotations

import functools
import hmac
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, quote

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from lifelong.errors import LifelongError
from lifelong.learning.report import display
from lifelong.service.auth import Auth, Session, same_origin

if TYPE_CHECKING:
    import jinja2

    from lifelong.runtime.runtime import Runtime

log = logging.getLogger("lifelong.service.dashboard")

router = APIRouter(include_in_schema=False)

STATIC_DIR = Path(__file__).resolve().parents[1] / "static"
LOGIN_CSRF_COOKIE = "lifelong_login_csrf"
# A form is a few fields; a correction is the longest (a reply's worth of text).
FORM_MAX_BYTES = 256 * 1024

CSP = "; ".join([
    "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self'",
    "connect-src 'self'", "form-action 'self'", "frame-ancestors 'none'", "base-uri 'none'",
])  # fmt: skip
PAGE_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",  # pages carry the session's CSRF token
}

# What dashboard.js sends when it fetches a page again to refresh parts of it.
FRAGMENT_HEADER = "X-Dashboard-Refresh"
# Notices waiting for a session's next page (an action redirects back and says what it did).
_NOTICES_MAX = 1000


# -- rendering --------------------------------------------------------------------------------


@functools.cache
def environment() -> jinja2.Environment:
    import jinja2

    from lifelong.service.dashboard import sentences

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("lifelong.service", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        finalize=display.text,  # None shows as a dash
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        when=display.when, num=display.num, reason=display.reason, describe=display.describe,
        seg=seg, pct=sentences.pct, estimate=display.estimate, ago=sentences.ago,
    )  # fmt: skip
    return env


def seg(value: Any) -> str:
    """A value as one URL path segment."""
    return quote(str(value), safe="")


def page(
    request: Request,
    template: str,
    session: Session | None,
    *,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    # A live page fetching itself again (dashboard.js) leaves the notices for the next page.
    fragment = request.headers.get(FRAGMENT_HEADER) is not None
    notices = take_notices(request, session) if session is not None and not fragment else []
    html = (
        environment()
        .get_template(template)
        .render(
            session=session, csrf=session.csrf if session else "", path=request.url.path,
            here=here(request), notices=notices, **context,
        )
    )  # fmt: skip
    return HTMLResponse(html, status_code=status_code, headers=PAGE_HEADERS)


def missing(request: Request, session: Session, message: str) -> HTMLResponse:
    return page(request, "missing.html.j2", session, status_code=404, message=message)


def auth_of(request: Request) -> Auth:
    return request.app.state.auth


def rt_of(request: Request) -> Runtime:
    return request.app.state.rt


def here(request: Request) -> str:
    """This page's path and query: where an action posted from it comes back to."""
    return request.url.path + (f"?{request.url.query}" if request.url.query else "")


def safe_next(target: str | None, default: str = "/") -> str:
    """Where to go after logging in or acting: a path of this site only (no open redirect)."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return default
    if any(c in target for c in "\r\n\\") or len(target) > 2000:
        return default
    return target


def to_login(request: Request) -> RedirectResponse:
    return RedirectResponse(f"/login?next={quote(here(request), safe='')}", status_code=303)


async def read_form(request: Request, max_bytes: int = FORM_MAX_BYTES) -> dict[str, str] | None:
    """A small urlencoded form (None if it is too large); the first value of each field."""
    body = await request.body()
    if len(body) > max_bytes:
        return None
    fields = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
    return {k: v[0] for k, v in fields.items()}


def same(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(str(a).encode(), str(b).encode())


def int_param(request: Request, name: str, default: int) -> int:
    """A whole-number query parameter; anything else is the default (a page, not an API)."""
    try:
        return int(request.query_params.get(name, default))
    except ValueError:
        return default


async def turns_version(rt: Runtime, persona: str | None = None) -> str:
    """A short fingerprint of the turns (of ``persona``): a live page renders it and polls
    ``/live/turns`` for a different one (turns are recorded and scored without an event)."""
    import hashlib

    changes = await rt.personas.turns_changed(persona)
    return hashlib.sha256(repr(changes).encode()).hexdigest()[:16]


# -- notices ----------------------------------------------------------------------------------


def notice(request: Request, session: Session, text: str, kind: str = "ok") -> None:
    """Say ``text`` on the session's next page (once)."""
    store: dict[str, list[tuple[str, str]]] | None = getattr(
        request.app.state, "dashboard_notices", None
    )
    if store is None:
        store = request.app.state.dashboard_notices = {}
    store.setdefault(session.id, []).append((kind, text))
    while len(store) > _NOTICES_MAX:
        store.pop(next(iter(store)))


def take_notices(request: Request, session: Session) -> list[dict[str, str]]:
    store = getattr(request.app.state, "dashboard_notices", None) or {}
    return [{"kind": k, "text": t} for k, t in store.pop(session.id, [])]


# -- actions ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Action:
    """A checked form post: who sent it (its session) and its fields."""

    session: Session
    form: dict[str, str]

    @property
    def by(self) -> str:
        """Who did it, for the audit trail: as the JSON API names a caller."""
        return f"http:{self.session.token.name}"

    def back(self, default: str) -> str:
        return safe_next(self.form.get("back"), default)


async def checked_form(request: Request) -> Action | Response:
    """The session and fields of a form posted from one of our pages, or the response that
    refuses it: no session (to the login), too large, another origin or no CSRF token (403).
    """
    session = await auth_of(request).current(request)
    if session is None:
        return RedirectResponse("/login", status_code=303)
    form = await read_form(request)
    if form is None:
        return HTMLResponse("the form is too large", 413, headers=PAGE_HEADERS)
    if not same_origin(request) or not same(form.get("csrf"), session.csrf):
        log.warning("dashboard action refused: %s %s without its CSRF token or from another "
                    "origin (token %s)", request.method, request.url.path,
                    session.token.id)  # fmt: skip
        return HTMLResponse("not allowed: a form without its CSRF token, or from another site",
                            403, headers=PAGE_HEADERS)  # fmt: skip
    return Action(session, form)


Done = Callable[[Action], Awaitable[str]]


async def act(request: Request, default_back: str, work: Done) -> Response:
    """Check the form, run ``work`` (which returns what it did, in words) and go back to the
    page it was posted from with that notice, or with the error that stopped it.
    """
    checked = await checked_form(request)
    if not isinstance(checked, Action):
        return checked
    try:
        said = await work(checked)
        notice(request, checked.session, said, "ok")
    except (LifelongError, ValueError) as exc:
        notice(request, checked.session, str(exc), "error")
    return RedirectResponse(checked.back(default_back), status_code=303)


# -- static files -----------------------------------------------------------------------------


class _Static(StaticFiles):
    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers.setdefault("Cache-Control", "no-cache")  # revalidate after upgrades
        return response


def mount_static(app: FastAPI) -> None:
    """Serve ``static/`` (the script and the stylesheet) at ``/static``."""
    app.mount("/static", _Static(directory=STATIC_DIR), name="static")
