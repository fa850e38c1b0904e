"""The dashboard at ``/``: server-rendered pages (jinja2, autoescaped) and one small script.

- ``/login`` trades an admin token for a session cookie (HttpOnly, SameSite=Strict; Secure
  over https): the browser's EventSource cannot send an Authorization header.
- ``/`` personas, running jobs with live progress, the queue with its verbs, cost by
  provider, recent alerts; ``/personas/{name}`` the quality trend and every layer version
  with its gate figures, activate / roll back; ``/jobs/{id}`` one job's progress and loss.

Every change goes through the JSON API (``static/dashboard.js`` posts with the session's CSRF
token from the page's ``<meta name="csrf-token">``); the login and logout forms carry a CSRF
token of their own. Pages send a strict Content-Security-Policy: scripts and styles only from
``/static`` (no inline script or style), nothing from another origin, no framing. Nothing is
fetched from the network at run time: no fonts, CDNs or build step.
"""

from __future__ import annotations

import functools
import hmac
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, quote

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from lifelong.errors import InvalidName, NotFound
from lifelong.learning.report import display
from lifelong.learning.report.charts import line_chart
from lifelong.learning.report.display import behaviour_text, method_text, monitor_text, nll_text
from lifelong.service.auth import SESSION_COOKIE, Auth, Session, same_origin
from lifelong.storage.repos.jobs import ADMIN, JobStatus

if TYPE_CHECKING:
    import jinja2

    from lifelong.runtime.runtime import Runtime
    from lifelong.storage.repos.jobs import Job

__all__ = ["CSP", "LOGIN_CSRF_COOKIE", "mount_static", "router"]

router = APIRouter(include_in_schema=False)

STATIC_DIR = Path(__file__).parent / "static"
LOGIN_CSRF_COOKIE = "lifelong_login_csrf"
_FORM_MAX_BYTES = 8192  # a login or logout form is a token and a CSRF token

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

PERSONAS_PER_PAGE = 25
RUNNING = (JobStatus.RUNNING, JobStatus.TRAINED)
WAITING = (JobStatus.QUEUED, JobStatus.PAUSED, JobStatus.NEEDS_APPROVAL)
# Verbs that end or demote a job ask for confirmation first.
_CONFIRM = {"stop": "Stop", "cancel": "Cancel (its checkpoints are deleted)",
            "skip": "Send to the back of the queue"}  # fmt: skip
_VERB_ORDER = ("approve", "pause", "resume", "skip", "stop", "cancel")


# -- rendering --------------------------------------------------------------------------------


@functools.cache
def _environment() -> jinja2.Environment:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("lifelong.service", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        finalize=display.text,  # None shows as a dash
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(when=display.when, num=display.num, reason=display.reason,
                       describe=display.describe, seg=_seg)  # fmt: skip
    return env


def _seg(value: Any) -> str:
    """A value as one URL path segment."""
    return quote(str(value), safe="")


def _page(
    request: Request,
    template: str,
    session: Session | None,
    *,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    html = (
        _environment()
        .get_template(template)
        .render(
            session=session, csrf=session.csrf if session else "", path=request.url.path, **context
        )
    )
    return HTMLResponse(html, status_code=status_code, headers=PAGE_HEADERS)


def _auth(request: Request) -> Auth:
    return request.app.state.auth


def _rt(request: Request) -> Runtime:
    return request.app.state.rt


def _safe_next(target: str | None) -> str:
    """Where to go after logging in: a path of this site only (no open redirect)."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return "/"
    return target


def _to_login(request: Request) -> RedirectResponse:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)


async def _form(request: Request) -> dict[str, str] | None:
    """A small urlencoded form (None if it is too large); the first value of each field."""
    body = await request.body()
    if len(body) > _FORM_MAX_BYTES:
        return None
    fields = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
    return {k: v[0] for k, v in fields.items()}


def _same(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(str(a).encode(), str(b).encode())


# -- login / logout ---------------------------------------------------------------------------


def _login_page(
    request: Request, *, next_path: str, error: str | None = None, status_code: int = 200
) -> HTMLResponse:
    # Login CSRF: the form's token must match a SameSite=Strict cookie set with the form, so a
    # form posted from another site cannot log a browser into the poster's session.
    token = request.cookies.get(LOGIN_CSRF_COOKIE)
    if not token or len(token) > 100:
        token = secrets.token_urlsafe(32)
    response = _page(request, "login.html.j2", None, status_code=status_code, login_csrf=token,
                     next_path=next_path, error=error)  # fmt: skip
    response.set_cookie(LOGIN_CSRF_COOKIE, token, max_age=3600, path="/login", httponly=True,
                        samesite="strict", secure=request.url.scheme == "https")  # fmt: skip
    return response


@router.get("/login", response_model=None)
async def login_form(request: Request, next: str | None = None) -> Response:
    if await _auth(request).current(request) is not None:
        return RedirectResponse(_safe_next(next), status_code=303)
    return _login_page(request, next_path=_safe_next(next))


@router.post("/login", response_model=None)
async def login(request: Request) -> Response:
    form = await _form(request)
    if form is None:
        return _login_page(request, next_path="/", error="The form is too large.",
                           status_code=413)  # fmt: skip
    next_path = _safe_next(form.get("next"))
    # A planted login-CSRF cookie (another port of this host is the same site) does not help
    # a form posted from elsewhere: the browser says where the post comes from.
    if not same_origin(request) or not _same(form.get("csrf"),
                                             request.cookies.get(LOGIN_CSRF_COOKIE)):  # fmt: skip
        return _login_page(request, next_path=next_path, status_code=403,
                           error="The login form expired; please try again.")  # fmt: skip
    auth = _auth(request)
    client = request.client.host if request.client else "?"
    wait = auth.login_wait(client)
    if wait > 0:  # too many wrong tokens from here: guessing costs time
        page = _login_page(request, next_path=next_path, status_code=429,
                           error=f"Too many failed logins; try again in {wait:.0f} s.")  # fmt: skip
        page.headers["Retry-After"] = str(max(1, round(wait)))
        return page
    session, why = await auth.sign_in(form.get("token", ""))
    if session is None:
        auth.login_failed(client)
        return _login_page(request, next_path=next_path, status_code=401, error=why)
    response = RedirectResponse(next_path, status_code=303)
    response.set_cookie(
        SESSION_COOKIE, session.id, max_age=int(_auth(request).session_ttl_s), path="/",
        httponly=True, samesite="strict", secure=request.url.scheme == "https",
    )  # fmt: skip
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


@router.post("/logout", response_model=None)
async def logout(request: Request) -> Response:
    auth = _auth(request)
    session = await auth.current(request)
    if session is not None:
        form = await _form(request)
        if form is None or not _same(form.get("csrf"), session.csrf):
            return HTMLResponse("not allowed: a logout without its CSRF token", 403,
                                headers=PAGE_HEADERS)  # fmt: skip
        auth.logout(session.id)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict")
    return response


# -- pages ------------------------------------------------------------------------------------


def _verbs(status: JobStatus) -> list[dict[str, Any]]:
    """The admin verbs a job in ``status`` accepts, as buttons."""
    allowed = {str(verb) for (s, verb) in ADMIN if s == status}
    if status is not JobStatus.NEEDS_APPROVAL:
        allowed.discard("approve")  # approving ahead of the budget check is for the CLI / API
    return [{"verb": v, "confirm": _CONFIRM.get(v)} for v in _VERB_ORDER if v in allowed]


async def _progress(rt: Runtime, job: Job) -> dict[str, Any]:
    """The last step, loss and total steps recorded for a job (whichever worker trains it)."""
    loss = (await rt.job_metric(job.id, "loss"))["series"]
    total = (await rt.job_metric(job.id, "total_steps"))["series"]
    replay = [(await rt.job_metric(job.id, name))["series"]
              for name in ("replay_done", "replay_total")]  # fmt: skip
    steps = [s for s, _ in loss if s is not None]
    return {
        "step": max(steps) if steps else (len(loss) or None),
        "loss": loss[-1][1] if loss else None,
        "total_steps": int(total[-1][1]) if total else None,
        "replay_done": int(replay[0][-1][1]) if replay[0] else None,
        "replay_total": int(replay[1][-1][1]) if replay[1] else None,
    }


def _job_view(job: Job, **extra: Any) -> dict[str, Any]:
    return {**job.as_dict(), "verbs": _verbs(job.status), **extra}


@router.get("/", response_model=None)
async def index(request: Request) -> Response:
    session = await _auth(request).current(request)
    if session is None:
        return _to_login(request)
    rt = _rt(request)
    # A page of personas, each with its report: a report is several queries, so a store with
    # hundreds of personas is shown PERSONAS_PER_PAGE at a time.
    every = await rt.list_personas()
    pages = max(1, -(-len(every) // PERSONAS_PER_PAGE))
    page = min(max(_int_param(request, "page", 1), 1), pages)
    personas = []
    for row in every[(page - 1) * PERSONAS_PER_PAGE : page * PERSONAS_PER_PAGE]:
        report = await rt.report(row.name)
        quality = {t: pts[-1]["mean"] for t, pts in report["quality"]["traits"].items() if pts}
        personas.append({
            "name": row.name, "traits": row.traits,
            "interactions": await rt.count_interactions(row.name),
            "active": report["summary"]["active_versions"], "quality": quality,
        })  # fmt: skip
    running = [
        _job_view(job, progress=await _progress(rt, job))
        for job in await rt.list_jobs(status=[str(s) for s in RUNNING])
    ]
    waiting = []
    for job in await rt.list_jobs(status=[str(s) for s in WAITING]):
        ahead = await rt.jobs_ahead_of(job.id) if job.status is JobStatus.QUEUED else None
        waiting.append(_job_view(job, ahead=ahead))
    waiting.sort(key=lambda j: (j["ahead"] is None, j["ahead"] or 0, -j["created_at"]))
    recent = await rt.list_jobs(limit=10)
    cost = {(p or "(none)"): amount for p, amount in (await rt.training_cost()).items()}
    return _page(
        request, "index.html.j2", session, status=await rt.status(), personas=personas,
        page=page, pages=pages, running=running, waiting=waiting,
        recent=[j.as_dict() for j in recent], cost=dict(sorted(cost.items())),
        total_cost=sum(cost.values()),
        alerts=await rt.list_events(alerts_only=True, limit=10),
    )  # fmt: skip


def _int_param(request: Request, name: str, default: int) -> int:
    """A whole-number query parameter; anything else is the default (a page, not an API)."""
    try:
        return int(request.query_params.get(name, default))
    except ValueError:
        return default


def _version_view(row: Mapping[str, Any]) -> dict[str, Any]:
    evaluation = row.get("evaluation") if isinstance(row.get("evaluation"), dict) else None
    gate = (evaluation or {}).get("gate") or {}
    return {
        **{k: row.get(k) for k in ("version", "status", "kind", "provider", "remote_model",
                                   "created_at", "created_by", "session_id", "artifact_bytes",
                                   "parent_version")},
        "active": bool(row.get("active")), "pinned": bool(row.get("pinned")),
        "canary": row.get("canary_fraction") if row.get("canary") else None,
        "passed": gate.get("passed") if gate else None,
        "gate": gate.get("reason") if gate else None, "nll": nll_text(evaluation),
        "behaviour": behaviour_text(evaluation),
        "skipped": (evaluation or {}).get("skipped"),
        "method": method_text(row.get("manifest") if isinstance(row.get("manifest"), dict)
                              else None),
        "monitor": monitor_text(row.get("monitor") if isinstance(row.get("monitor"), dict)
                                else None),
    }  # fmt: skip


def _quality_charts(report: Mapping[str, Any]) -> dict[str, Markup]:
    quality = report["quality"]
    by_day = quality["bucket"] == "day"
    return {
        trait: line_chart(
            {trait: [(p["start"], p["mean"]) for p in points]},
            title=f"quality: {trait} ({sum(p['count'] for p in points)} scored)",
            y_range=(0.0, 1.0),
            width=520,
            height=200,
            x_format=lambda ts: display.when(ts, hour=not by_day),
        )
        for trait, points in quality["traits"].items()
    }


@router.get("/personas/{name}", response_model=None)
async def persona_page(request: Request, name: str) -> Response:
    session = await _auth(request).current(request)
    if session is None:
        return _to_login(request)
    rt = _rt(request)
    try:
        row = await rt.get_persona(name)
    except (NotFound, InvalidName) as exc:
        return _page(request, "missing.html.j2", session, status_code=404, message=str(exc))
    report = await rt.report(name)
    traits: dict[str, list[dict[str, Any]]] = {t: [] for t in row.traits}
    for layer in await rt.layers.versions(name):
        traits.setdefault(layer["trait"], []).append(_version_view(layer))
    for versions in traits.values():
        versions.sort(key=lambda v: -v["version"])
    timeline = list(reversed(report["events"]["timeline"]))[:15]
    jobs = [
        _job_view(job, progress=await _progress(rt, job) if job.status in RUNNING else None)
        for job in await rt.list_jobs(name, limit=20)
    ]
    return _page(
        request, "persona.html.j2", session, persona=row, report=report, traits=traits,
        charts=_quality_charts(report), timeline=timeline, jobs=jobs,
    )  # fmt: skip


@router.get("/jobs/{job_id}", response_model=None)
async def job_page(request: Request, job_id: str) -> Response:
    session = await _auth(request).current(request)
    if session is None:
        return _to_login(request)
    rt = _rt(request)
    try:
        job = await rt.get_job(job_id)
    except (NotFound, InvalidName) as exc:
        return _page(request, "missing.html.j2", session, status_code=404, message=str(exc))
    return _page(request, "job.html.j2", session,
                 job=_job_view(job, progress=await _progress(rt, job)))  # fmt: skip


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
