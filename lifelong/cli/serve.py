"""``serve`` (the HTTP service and its dashboard) and ``tokens`` (who may call it)."""

from __future__ import annotations

import json
import logging
from typing import Any

import click

from lifelong.cli import output as out
from lifelong.cli.common import _common, _echo_json, _with_runtime, cli
from lifelong.errors import ConfigError
from lifelong.runtime.config import RuntimeConfig
from lifelong.runtime.logs import redacting_filter
from lifelong.runtime.runtime import Runtime
from lifelong.runtime.tokens import SCOPES, parse_scope


@cli.command("serve")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to bind (0.0.0.0 exposes it to the network: put TLS in front).",
)
@click.option("--port", type=click.IntRange(0, 65535), default=8420, show_default=True)
@click.option(
    "--no-worker",
    is_flag=True,
    help="Record and serve only; separate `lifelong worker` processes train.",
)
@click.option(
    "--max-body-bytes",
    type=click.IntRange(min=1024),
    default=4 * 1024 * 1024,
    show_default=True,
    help="Largest request body accepted (413 above it).",
)
@click.option(
    "--proxy-headers",
    is_flag=True,
    help="Behind a TLS proxy: trust its X-Forwarded-Proto / -For (from --forwarded-allow-ips), "
    "so session cookies are marked Secure and logs show the client's address.",
)
@click.option("--forwarded-allow-ips", default="127.0.0.1", show_default=True,
              help="The proxies whose forwarded headers --proxy-headers trusts.")  # fmt: skip
@click.option("--log-level", type=click.Choice(["debug", "info", "warning", "error"]),
              default="info", show_default=True)  # fmt: skip
@_common
def serve_cmd(
    config: RuntimeConfig, as_json: bool, host: str, port: int, no_worker: bool,
    max_body_bytes: int, proxy_headers: bool, forwarded_allow_ips: str, log_level: str,
) -> None:  # fmt: skip
    """Serve the runtime over HTTP: the JSON API under /api/v1 (its schema at /openapi.json),
    server-sent events, and the dashboard at /.

    \b
    Every call needs a bearer token:
      lifelong tokens create --scope record --persona ada   # a chat backend of one persona
      lifelong tokens create --scope record,manage,events    # a backend that makes personas
      lifelong tokens create --scope admin                   # admins and the dashboard
    """
    import uvicorn  # only this command needs the server

    from lifelong.service import create_app

    async def reachable(rt: Runtime) -> None:
        await rt.ready()

    # An unreachable or unusable store is one line and exit 1 here, like every command, not
    # a traceback from inside the server's start.
    _with_runtime(config.model_copy(update={"background": False}), reachable)
    app = create_app(config, worker=not no_worker, max_body_bytes=max_body_bytes, tune_gc=True)
    handler = logging.StreamHandler()
    handler.addFilter(redacting_filter())
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("lifelong")
    root.addHandler(handler)
    root.setLevel(log_level.upper())
    mode = "no worker" if no_worker else "with the background worker"
    where = f"http://{host}:{port}"
    click.echo(f"lifelong serving on {where} (dashboard at /, API at /api/v1, {mode})", err=True)
    uvicorn.run(app, host=host, port=port, log_level=log_level, access_log=False,
                server_header=False, proxy_headers=proxy_headers,
                forwarded_allow_ips=forwarded_allow_ips)  # fmt: skip


@cli.group("tokens")
def tokens_group() -> None:
    """Bearer tokens of `lifelong serve` (stored as hashes; shown once when created)."""


def _scope(_ctx: click.Context, _param: click.Parameter, value: str) -> str:
    try:
        return ",".join(parse_scope(value))
    except ConfigError as exc:
        raise click.BadParameter(exc.problem) from None


@tokens_group.command("create")
@click.option(
    "--scope",
    required=True,
    callback=_scope,
    help=f"One or more of {', '.join(SCOPES)}, comma-separated. record: record, feedback, "
    "generate; manage: create personas, change profiles and traits; events: read events; "
    "admin: everything and the dashboard.",
)
@click.option(
    "--persona", "personas", multiple=True,
    help="Limit the token to this persona (repeat for several; default: every persona).",
)  # fmt: skip
@click.option("--name", default="", help="What it is for (shown in lists and the audit trail).")
@_common
def tokens_create(
    config: RuntimeConfig, as_json: bool, scope: str, personas: tuple[str, ...], name: str
) -> None:
    """Create a token and print it once (it cannot be shown again)."""

    async def work(rt: Runtime) -> Any:
        return await rt.tokens.create(scope, name, list(personas) if personas else None)

    info, token = _with_runtime(config, work)
    if as_json:
        # Not through _echo_json: its redaction would hide the one thing this prints.
        shown = {"id": info.id, "name": info.name, "scope": info.scope,
                 "personas": info.personas, "token": token}  # fmt: skip
        click.echo(json.dumps(shown))
        return
    click.echo(token)
    reach = f"personas {', '.join(info.personas)}" if info.personas else "every persona"
    click.echo(
        f"token {info.id} ({info.scope}, {reach}, {info.name!r}): store it now, it is not "
        f"shown again; revoke it with `lifelong tokens revoke {info.id}`",
        err=True,
    )


@tokens_group.command("list")
@_common
def tokens_list(config: RuntimeConfig, as_json: bool) -> None:
    """Every token: id, name, scope, created, revoked (never the token)."""

    async def work(rt: Runtime) -> Any:
        return await rt.tokens.list()

    rows = _with_runtime(config, work)
    if as_json:
        _echo_json(rows)
        return
    out.console().print(out.table(
        "id", "name", "scope", "personas", "created", "revoked", title="tokens",
        rows=[(r["id"], r["name"], r["scope"], ", ".join(r.get("personas") or ["all"]),
               out.fmt_time(r["created_at"]),
               out.fmt_time(r["revoked_at"]) if r["revoked_at"] else "") for r in rows],
    ))  # fmt: skip


@tokens_group.command("revoke")
@click.argument("token_id")
@_common
def tokens_revoke(config: RuntimeConfig, as_json: bool, token_id: str) -> None:
    """Revoke a token (a running server stops accepting it within seconds)."""

    async def work(rt: Runtime) -> Any:
        await rt.tokens.revoke(token_id)

    _with_runtime(config, work)
    if as_json:
        _echo_json({"revoked": token_id})
    else:
        click.echo(f"revoked {token_id}")
