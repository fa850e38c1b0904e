"""Who may call: bearer tokens with a scope, and the dashboard's cookie sessions.

- ``Authorization: Bearer llt_...``: what programs send. A token holds one or more rights
  (``lifelong.runtime.tokens.SCOPES``): ``record`` records, gives feedback, generates and
  reads its personas; ``manage`` creates personas and changes their profiles and traits;
  ``events`` reads the event history and stream; ``admin`` may do everything. A token may be
  limited to some personas: a request naming another persona (in its path, or a query's
  ``persona``) is refused with 403, and lists show only the token's personas.
- The dashboard trades an admin token for a session cookie (HttpOnly, SameSite=Strict): the
  browser's EventSource cannot send headers. A request authenticated by the cookie that
  changes state must also carry the session's CSRF token (``X-CSRF-Token`` header), which
  only pages of this origin can read.

A refused request is 401 (no or unknown token) or 403 (wrong scope, missing CSRF token) and is
logged with the token's id at most, never the token.
"""

from __future__ import annotations

import hmac
import logging
import secrets
import time
from dataclasses import dataclass
from typing import NoReturn

from fastapi import HTTPException, Request

from lifelong.runtime.tokens import TokenInfo, Tokens

__all__ = ["CSRF_HEADER", "SESSION_COOKIE", "Auth", "Caller", "Session", "needs", "same_origin"]

log = logging.getLogger("lifelong.service.auth")

SESSION_COOKIE = "lifelong_session"
CSRF_HEADER = "X-CSRF-Token"
_SAFE = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True, slots=True)
class Session:
    id: str
    token: TokenInfo
    csrf: str
    expires_at: float


@dataclass(frozen=True, slots=True)
class Caller:
    token: TokenInfo
    session: Session | None = None

    @property
    def name(self) -> str:
        """Who did it, for the audit trail (``by`` of a rollback, a job verb ...)."""
        return f"http:{self.token.name}"


class Auth:
    # Dashboard logins refused from one address before it must wait, and for how long.
    MAX_FAILED_LOGINS = 5
    LOGIN_WINDOW_S = 60.0
    # Event streams one token may hold open at once (each polls the store).
    MAX_STREAMS_PER_TOKEN = 8

    def __init__(self, tokens: Tokens, *, session_ttl_s: float = 12 * 3600) -> None:
        self.tokens = tokens
        self.session_ttl_s = session_ttl_s
        self._sessions: dict[str, Session] = {}
        self._failed: dict[str, list[float]] = {}  # client address -> failed login times
        self._streams: dict[str, int] = {}  # token id -> open event streams

    # -- dashboard sessions ---------------------------------------------------------------

    def login_wait(self, client: str) -> float:
        """Seconds ``client`` must wait before its next login attempt (0: it may try now)."""
        now = time.monotonic()
        recent = [t for t in self._failed.get(client, ()) if now - t < self.LOGIN_WINDOW_S]
        self._failed[client] = recent
        if len(recent) < self.MAX_FAILED_LOGINS:
            return 0.0
        return self.LOGIN_WINDOW_S - (now - recent[0])

    def login_failed(self, client: str) -> None:
        self._failed.setdefault(client, []).append(time.monotonic())
        if len(self._failed) > 10_000:  # a flood of addresses: forget the oldest
            self._failed.pop(next(iter(self._failed)))

    async def login(self, token: str) -> Session | None:
        """A new session for an admin token; None for anything else."""
        return (await self.sign_in(token))[0]

    async def sign_in(self, token: str) -> tuple[Session | None, str]:
        """A new session for an admin token, or None and why not, for a person to read."""
        info = await self.tokens.verify(token.strip())
        if info is None or not info.allows("admin"):
            why = (
                f"That is a live {info.scope} token: the dashboard needs an admin token."
                if info
                else "That is not a live token (unknown or revoked)."
            )
            log.warning("dashboard login refused: %s", "not an admin token" if info else
                        "unknown or revoked token")  # fmt: skip
            return None, why
        now = time.time()
        self._sessions = {k: s for k, s in self._sessions.items() if s.expires_at > now}
        session = Session(secrets.token_urlsafe(32), info, secrets.token_urlsafe(32),
                          now + self.session_ttl_s)  # fmt: skip
        self._sessions[session.id] = session
        return session, ""

    # -- event streams ----------------------------------------------------------------------

    def open_stream(self, caller: Caller) -> bool:
        """Count one more open event stream for ``caller``'s token; False over the cap."""
        held = self._streams.get(caller.token.id, 0)
        if held >= self.MAX_STREAMS_PER_TOKEN:
            return False
        self._streams[caller.token.id] = held + 1
        return True

    def close_stream(self, caller: Caller) -> None:
        held = self._streams.get(caller.token.id, 0) - 1
        if held > 0:
            self._streams[caller.token.id] = held
        else:
            self._streams.pop(caller.token.id, None)

    def logout(self, session_id: str | None) -> None:
        if session_id:
            self._sessions.pop(session_id, None)

    async def current(self, request: Request) -> Session | None:
        """The request's live session: its cookie names one that has not expired, made with a
        token that has not been revoked since (a revoke ends its sessions within seconds).
        """
        sid = request.cookies.get(SESSION_COOKIE)
        session = self._sessions.get(sid) if sid else None
        if session is None:
            return None
        if session.expires_at <= time.time() or not await self.tokens.is_live(session.token.id):
            self._sessions.pop(session.id, None)
            return None
        return session

    async def still_allowed(self, caller: Caller) -> bool:
        """Whether ``caller`` may still do what it was let in for (a long-lived stream checks
        this now and then: a revoked token or an ended session stops it).
        """
        if caller.session is not None:
            return self._sessions.get(caller.session.id) is not None and (
                caller.session.expires_at > time.time()
                and await self.tokens.is_live(caller.token.id)
            )
        return await self.tokens.is_live(caller.token.id)

    # -- checking a request ---------------------------------------------------------------

    async def caller(self, request: Request, scope: str | tuple[str, ...]) -> Caller:
        """The caller of ``request`` if it may use ``scope`` (one of them, for a tuple) and
        the persona the request names; raises 401 / 403 otherwise.
        """
        header = request.headers.get("authorization")
        if header is not None:
            kind, _, token = header.partition(" ")
            if kind.lower() != "bearer" or not token.strip():
                self._refuse(request, 401, "an Authorization header that is not a bearer token")
            info = await self.tokens.verify(token.strip())
            if info is None:
                self._refuse(request, 401, "an unknown or revoked token")
            assert info is not None  # _refuse raised
            caller = Caller(info)
        else:
            session = await self.current(request)
            if session is None:
                self._refuse(request, 401, "no token")
            assert session is not None  # _refuse raised
            if request.method not in _SAFE:
                if not same_origin(request):
                    self._refuse(request, 403, "a session request from another origin",
                                 session.token)  # fmt: skip
                sent = request.headers.get(CSRF_HEADER, "")
                if not hmac.compare_digest(sent.encode(), session.csrf.encode()):
                    self._refuse(request, 403, "a session request without its CSRF token",
                                 session.token)  # fmt: skip
            caller = Caller(session.token, session)
        wanted = (scope,) if isinstance(scope, str) else scope
        if not any(caller.token.allows(s) for s in wanted):
            self._refuse(request, 403, f"a {caller.token.scope} token on an endpoint that needs "
                         f"{' or '.join(wanted)}", caller.token)  # fmt: skip
        persona = request.path_params.get("persona") or request.query_params.get("persona")
        if persona is not None and not caller.token.may_use(persona):
            self._refuse(request, 403, f"this token is not for persona {persona!r}",
                         caller.token)  # fmt: skip
        return caller

    def _refuse(
        self, request: Request, status: int, why: str, token: TokenInfo | None = None
    ) -> NoReturn:
        who = f" (token {token.id})" if token else ""
        client = request.client.host if request.client else "?"
        log.warning("refused %s %s from %s: %s%s", request.method, request.url.path, client,
                    why, who)  # fmt: skip
        messages = {401: "authentication required: send Authorization: Bearer <token> "
                         "(lifelong tokens create --scope record|manage|events|admin)",
                    403: f"not allowed: {why}"}  # fmt: skip
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        raise HTTPException(status, messages[status], headers=headers)


def same_origin(request: Request) -> bool:
    """False when the browser says the request comes from another site or origin
    (``Sec-Fetch-Site``, else ``Origin``); True when it says nothing (not a browser).

    SameSite=Strict keeps other *sites'* requests from carrying the cookie, but another port of
    this host (a local app on localhost:3000) is the same site: this check refuses it.
    """
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site is not None:
        return fetch_site in ("same-origin", "none")
    origin = request.headers.get("origin")
    if origin is None:
        return True
    return origin == f"{request.url.scheme}://{request.url.netloc}"


def needs(*scopes: str):
    """``Depends(needs("admin"))``: the caller, if it holds one of ``scopes`` and may use the
    persona the request names.
    """

    async def dependency(request: Request) -> Caller:
        auth: Auth = request.app.state.auth
        return await auth.caller(request, scopes)

    dependency.__name__ = f"needs_{'_or_'.join(scopes)}"
    return dependency
