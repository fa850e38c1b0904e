"""The dashboard at ``/``: server-rendered pages (jinja2, autoescaped) and one small script.

- ``/login`` trades an admin token for a session cookie (HttpOnly, SameSite=Strict; Secure
  over https): the browser's EventSource cannot send an Authorization header. A live token of
  another right is told it is the wrong right.
- ``/`` personas, running jobs with live progress, the queue with its verbs, cost by
  provider, recent alerts (:mod:`.pages`);
- ``/personas/{name}`` the quality trend (buckets sized to the data's span), every layer
  version with its gate figures and verbs (activate, roll back, pin, train now);
- ``/personas/{name}/layers/{trait}/{version}`` what a version learned: the gate's
  evaluation, its training examples, the memory it consolidated (:mod:`.versions`);
- ``/personas/{name}/turns`` the conversation browser, with rating and correcting
  (:mod:`.turns`);
- ``/jobs/{id}`` one job's progress, loss, outcome and provider decisions in sentences;
- ``/tokens`` the service's tokens: list, create (shown once), revoke (:mod:`.tokens`).

Every change is a form post to the dashboard itself (:mod:`.actions`), which calls the runtime
directly; each carries the session's CSRF token (a hidden field) and must come from this
origin. Pages send a strict Content-Security-Policy: scripts and styles only from ``/static``
(no inline script or style), nothing from another origin, no framing. Nothing is fetched from
the network at run time: no fonts, CDNs or build step. ``static/dashboard.js`` adds
confirmations, the typed reason of a forced activation, and live updates: parts of a page
are fetched again when the event stream says something they show changed (and, for turns,
which are recorded and scored without an event, when ``/live/turns`` says so).
"""

from lifelong.service.dashboard import actions, login, pages, tokens, turns, versions
from lifelong.service.dashboard._core import CSP, LOGIN_CSRF_COOKIE, mount_static, router
from lifelong.service.dashboard.pages import PERSONAS_PER_PAGE

__all__ = ["CSP", "LOGIN_CSRF_COOKIE", "PERSONAS_PER_PAGE", "mount_static", "router"]

# The modules above add their routes to ``router`` when imported.
_ROUTES = (actions, login, pages, tokens, turns, versions)
