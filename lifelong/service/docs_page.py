"""``/docs``: the HTTP API's reference as one self-contained page, rendered on the server
from the app's own OpenAPI schema (Swagger UI and ReDoc load their scripts from a CDN, which a
server on a closed network, and the dashboard's Content-Security-Policy, do not allow).
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

__all__ = ["router"]

router = APIRouter()

_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"
_STYLE = """
body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h2{border-bottom:1px solid #ddd;margin-top:2.5rem} .op{margin:1.2rem 0;padding:.6rem .9rem;
border-left:4px solid #6b8;background:#f7faf8} .m{font-weight:700;font-family:monospace}
code,pre{font-family:ui-monospace,monospace;font-size:13px} pre{background:#f4f4f4;padding:.6rem;
overflow:auto} .s{color:#666} table{border-collapse:collapse} td,th{padding:.2rem .6rem;
border-bottom:1px solid #eee;text-align:left;vertical-align:top}
"""


def _schema_text(schema: dict[str, Any], components: dict[str, Any]) -> str:
    ref = schema.get("$ref")
    if ref:
        name = ref.rsplit("/", 1)[-1]
        return f"{name}: " + json.dumps(components.get(name, {}).get("properties", {}),
                                        indent=1)[:2000]  # fmt: skip
    return json.dumps(schema, indent=1)[:2000]


def render(schema: dict[str, Any]) -> str:
    components = schema.get("components", {}).get("schemas", {})
    by_tag: dict[str, list[str]] = {}
    for path, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            tag = (op.get("tags") or ["other"])[0]
            parts = [f'<div class="op"><span class="m">{escape(method.upper())}</span> '
                     f"<code>{escape(path)}</code>"]  # fmt: skip
            text = (op.get("description") or op.get("summary") or "").strip()
            if text:
                parts.append(f"<p>{escape(text)}</p>")
            params = op.get("parameters") or []
            if params:
                rows = "".join(
                    f"<tr><td><code>{escape(p['name'])}</code></td><td>{escape(p['in'])}</td>"
                    f"<td>{'required' if p.get('required') else ''}</td></tr>"
                    for p in params
                )
                parts.append(f"<table>{rows}</table>")
            body = (op.get("requestBody") or {}).get("content", {}).get("application/json")
            if body:
                parts.append(f"<pre>{escape(_schema_text(body.get('schema', {}), components))}"
                             "</pre>")  # fmt: skip
            codes = ", ".join(sorted(op.get("responses", {})))
            parts.append(f'<p class="s">responses: {escape(codes)}</p></div>')
            by_tag.setdefault(tag, []).append("".join(parts))
    sections = "".join(
        f"<h2>{escape(tag)}</h2>{''.join(ops)}" for tag, ops in sorted(by_tag.items())
    )
    info = schema.get("info", {})
    return (f"<!doctype html><html><head><meta charset=utf-8><title>{escape(info.get('title', ''))}"
            f" API</title><style>{_STYLE}</style></head><body><h1>{escape(info.get('title', ''))}"
            f" HTTP API</h1><p>Every call sends <code>Authorization: Bearer llt_...</code>; the "
            'machine-readable schema is <a href="/openapi.json">/openapi.json</a>.</p>'
            f"{sections}</body></html>")  # fmt: skip


@router.get("/docs", include_in_schema=False)
async def docs(request: Request) -> HTMLResponse:
    return HTMLResponse(render(request.app.openapi()), headers={"Content-Security-Policy": _CSP})
