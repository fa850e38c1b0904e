"""Per-persona reports: a JSON document for machines and one self-contained HTML page for people.

The page has no scripts and no external references at all (styles inline, charts drawn here as
inline SVG), so it can be mailed, archived or opened from a CI artifact offline, and every piece
of stored text goes through :func:`html.escape` because personas, samples and error messages are
user or model output.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import html
import json
import math
import os
import tempfile
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from lifelong._names import validate_name
from lifelong.storage.repos.reports import DAY, LAYER_EVENTS, ReportData, ReportRepo

__all__ = ["build_report", "line_chart", "point_chart", "render_html", "write_report"]

REPORT_VERSION = 1
UNASSIGNED = "(unassigned)"  # label for interactions no trait was given or routed to
# Charts draw at most this many points per series; the JSON keeps every point.
MAX_CHART_POINTS = 400


# --------------------------------------------------------------------------- the JSON report


def build_report(data: ReportData, *, now: float | None = None) -> dict[str, Any]:
    """Shape gathered rows into a JSON-serialisable dict (non-finite floats become ``None``, so
    ``json.dumps(report, allow_nan=False)`` works even after a diverged training run).

    Quality is averaged per UTC hour, or per UTC day when the window spans more than 3 days;
    buckets without scored interactions are absent, not zero. NLL deltas are candidate minus
    reference: negative means the candidate predicts held-out text better.
    """
    sessions = [_session(row, data.losses.get(row["id"], [])) for row in data.sessions]
    genome = _genome(data)
    timeline = [_event(e) for e in data.events if e["kind"] in LAYER_EVENTS]
    alerts = [_event(e) for e in data.events if e["is_alert"]]
    kinds = Counter(e["kind"] for e in timeline)
    cost_by_provider = {(p or "(none)"): c for p, c in data.cost_by_provider.items()}
    report = {
        "report_version": REPORT_VERSION,
        "generated_at": time.time() if now is None else now,
        "window": {"since": data.since, "until": data.until},
        "persona": {
            "name": data.persona,
            "exists": data.exists,
            "profile": data.profile,
            "traits": data.traits,
        },
        "summary": {
            "interactions": data.interactions_total,
            "scored": data.interactions_scored,
            "sessions": len(sessions),
            "sessions_by_status": dict(Counter(s["status"] for s in sessions)),
            "versions": sum(len(t["versions"]) for t in genome.values()),
            "active_versions": {
                t: g["active"]["version"] for t, g in genome.items() if g["active"]
            },
            "deployments": kinds["LayerDeployed"],
            "rejections": kinds["LayerRejected"],
            "rollbacks": kinds["LayerRolledBack"],
            "activations": kinds["LayerActivated"],
            "alerts": len(alerts),
        },
        "quality": _quality(data),
        "sessions": sessions,
        "genome": genome,
        "events": {"timeline": timeline, "alerts": alerts, "truncated": data.events_truncated},
        "cost": {
            "total": sum(data.cost_by_provider.values()),
            "by_provider": cost_by_provider,
        },
    }
    return _clean(report)


def _quality(data: ReportData) -> dict[str, Any]:
    traits: dict[str, list[dict[str, Any]]] = {}
    for trait, index, mean, count in data.quality:
        traits.setdefault(trait or UNASSIGNED, []).append(
            {"start": float(index * data.bucket_seconds), "mean": mean, "count": count}
        )
    return {
        "bucket": "day" if data.bucket_seconds >= DAY else "hour",
        "bucket_seconds": data.bucket_seconds,
        "traits": traits,
    }


def _session(row: Mapping[str, Any], loss: Sequence[tuple[int | None, float]]) -> dict[str, Any]:
    finite = [v for _, v in loss if _finite(v)]
    summary = (
        {"min": min(finite), "max": max(finite), "mean": sum(finite) / len(finite),
         "last": loss[-1][1], "count": len(loss)}
        if finite else None
    )  # fmt: skip
    started, finished = row.get("started_at"), row.get("finished_at")
    return {
        **{k: row.get(k) for k in ("id", "trait", "status", "provider", "reason", "created_at",
                                   "started_at", "finished_at", "cost", "estimate", "error")},
        "duration_s": finished - started if started is not None and finished is not None else None,
        "loss": [[step, value] for step, value in loss],
        "loss_summary": summary,
    }  # fmt: skip


def _genome(data: ReportData) -> dict[str, dict[str, Any]]:
    traits: dict[str, dict[str, Any]] = {}
    for trait in sorted({row["trait"] for row in data.layers} | set(data.active)):
        pointer = data.active.get(trait)
        active = (
            {k: pointer.get(k) for k in ("version", "activated_at", "activated_by",
                                         "baseline_quality")}
            if pointer else None
        )  # fmt: skip
        traits[trait] = {"active": active, "versions": []}
    for row in data.layers:
        entry = traits[row["trait"]]
        active_version = entry["active"]["version"] if entry["active"] else None
        entry["versions"].append(
            {
                **{k: row.get(k) for k in ("version", "status", "kind", "provider",
                                           "remote_model", "created_at", "created_by",
                                           "parent_version", "session_id", "artifact_bytes")},
                "pinned": bool(row.get("pinned")),
                "active": row["version"] == active_version,
                "auto_test": _auto_test(row.get("evaluation")),
            }
        )  # fmt: skip
    return traits


def _auto_test(evaluation: Any) -> dict[str, Any]:
    """Normalise ``genome_layers.evaluation``: ``{"status": "none" | "skipped" | "passed" |
    "failed" | "evaluated", ...}`` plus the held-out / anchor numbers, their deltas, the gate and
    the sample answers. Unknown shapes are kept under ``raw`` rather than dropped.
    """
    if not evaluation:
        return {"status": "none"}
    if not isinstance(evaluation, Mapping):
        return {"status": "evaluated", "raw": evaluation}
    if "skipped" in evaluation:
        return {"status": "skipped", "reason": evaluation["skipped"]}
    gate = evaluation.get("gate") if isinstance(evaluation.get("gate"), Mapping) else None
    passed = gate.get("passed") if gate else None
    status = "evaluated" if passed is None else ("passed" if passed else "failed")
    heldout, anchor = _split(evaluation.get("heldout")), _split(evaluation.get("anchor"))
    samples = evaluation.get("samples")
    return {
        "status": status,
        "heldout": heldout,
        "anchor": anchor,
        "deltas": {"heldout": _deltas(heldout), "anchor": _deltas(anchor)},
        "gate": dict(gate) if gate else None,
        "samples": list(samples) if isinstance(samples, list) else [],
        "active_version": evaluation.get("active_version"),
    }


def _split(block: Any) -> dict[str, Any]:
    block = block if isinstance(block, Mapping) else {}
    return {
        k: dict(block[k]) if isinstance(block.get(k), Mapping) else None
        for k in ("base", "active", "candidate")
    }


def _deltas(block: Mapping[str, Any]) -> dict[str, float | None]:
    def nll(which: str) -> float | None:
        value = (block.get(which) or {}).get("nll")
        return float(value) if _finite(value) else None

    def diff(a: float | None, b: float | None) -> float | None:
        return a - b if a is not None and b is not None else None

    candidate = nll("candidate")
    return {
        "candidate_vs_base": diff(candidate, nll("base")),
        "candidate_vs_active": diff(candidate, nll("active")),
    }


def _event(row: Mapping[str, Any]) -> dict[str, Any]:
    keys = ("ts", "kind", "severity", "trait", "session_id", "payload", "acknowledged")
    return {**{k: row.get(k) for k in keys}, "is_alert": bool(row.get("is_alert"))}


def _finite(value: Any) -> bool:
    return isinstance(value, int | float) and math.isfinite(value)


def _clean(value: Any) -> Any:
    """JSON-safe copy: string keys, lists for tuples, ``None`` for NaN/inf, ``str`` otherwise."""
    if isinstance(value, Mapping):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if value is None or isinstance(value, str | int | bool):
        return value
    return str(value)


# --------------------------------------------------------------------------- SVG charts

PALETTE = ("#2563eb", "#ea580c", "#16a34a", "#9333ea", "#dc2626", "#0891b2", "#a16207")
NLL_COLORS = {"base": "#6b7280", "active": "#2563eb", "candidate": "#ea580c"}
_PAD = {"left": 64, "right": 16, "top": 30, "bottom": 34}


def _fmt(value: float) -> str:
    return f"{value:.4g}"


def _span(values: Sequence[float], fixed: tuple[float, float] | None = None) -> tuple[float, float]:
    """The axis range: ``fixed`` widened to fit the data, or the data's own range; never empty."""
    low, high = min(values), max(values)
    if fixed is not None:
        low, high = min(low, fixed[0]), max(high, fixed[1])
    if low == high:
        pad = abs(low) * 0.05 or 1.0
        low, high = low - pad, high + pad
    return low, high


def _frame(
    width: int, height: int, title: str, y: tuple[float, float], x_labels: tuple[str, str]
) -> list[str]:
    """The common parts: title, plot box, y min/max and x first/last labels."""
    left, top = _PAD["left"], _PAD["top"]
    right, bottom = width - _PAD["right"], height - _PAD["bottom"]
    return [
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{_e(title)}">',
        f"<title>{_e(title)}</title>",
        f'<text x="{left}" y="18" class="t">{_e(title)}</text>',
        f'<rect x="{left}" y="{top}" width="{right - left}" height="{bottom - top}" class="box"/>',
        f'<text x="{left - 6}" y="{top + 4}" class="ya">{_e(_fmt(y[1]))}</text>',
        f'<text x="{left - 6}" y="{bottom}" class="ya">{_e(_fmt(y[0]))}</text>',
        f'<text x="{left}" y="{bottom + 16}" class="xa">{_e(x_labels[0])}</text>',
        f'<text x="{right}" y="{bottom + 16}" class="xa end">{_e(x_labels[1])}</text>',
    ]


def _legend(names: Sequence[str], colors: Mapping[str, str], width: int) -> list[str]:
    parts, x = [], width - _PAD["right"]
    for name in reversed(names):
        x -= 8 + 7 * len(name)
        parts.append(f'<rect x="{x}" y="10" width="8" height="8" fill="{colors[name]}"/>')
        parts.append(f'<text x="{x + 11}" y="18" class="lg">{_e(name)}</text>')
        x -= 14
    return parts


def _thin(points: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    if len(points) <= MAX_CHART_POINTS:
        return list(points)
    step = math.ceil(len(points) / MAX_CHART_POINTS)
    return [*points[::step], points[-1]]


def line_chart(
    series: Mapping[str, Sequence[tuple[float, float]]],
    *,
    width: int = 640,
    height: int = 220,
    title: str = "",
    y_range: tuple[float, float] | None = None,
    x_format: Any = _fmt,
) -> str:
    """An inline SVG line chart: one polyline per named series (points sorted by x), the y axis
    labelled with its min and max and the x axis with its first and last value (``x_format``).
    Non-finite points are skipped; with nothing left it returns ``""``.
    """
    clean = {
        name: _thin(sorted((x, y) for x, y in pts if _finite(x) and _finite(y)))
        for name, pts in series.items()
    }
    clean = {name: pts for name, pts in clean.items() if pts}
    if not clean:
        return ""
    xs = [x for pts in clean.values() for x, _ in pts]
    x0, x1 = min(xs), max(xs)
    y0, y1 = _span([y for pts in clean.values() for _, y in pts], y_range)
    left, top = _PAD["left"], _PAD["top"]
    plot_w, plot_h = width - left - _PAD["right"], height - top - _PAD["bottom"]

    def px(x: float, y: float) -> str:
        sx = left + (plot_w * (x - x0) / (x1 - x0) if x1 > x0 else plot_w / 2)
        sy = top + plot_h * (y1 - y) / (y1 - y0)
        return f"{sx:.1f},{sy:.1f}"

    colors = {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(clean)}
    parts = _frame(width, height, title, (y0, y1), (x_format(x0), x_format(x1)))
    if len(clean) > 1:
        parts += _legend(list(clean), colors, width)
    for name, pts in clean.items():
        coords = [px(x, y) for x, y in pts]
        parts.append(f'<polyline points="{" ".join(coords)}" fill="none" '
                     f'stroke="{colors[name]}" stroke-width="2"/>')  # fmt: skip
        if len(pts) <= 60:  # dots help read sparse series; on dense ones they are noise
            for c in coords:
                cx, cy = c.split(",")
                parts.append(f'<circle cx="{cx}" cy="{cy}" r="2.5" fill="{colors[name]}"/>')
    parts.append("</svg>")
    return "\n".join(parts)


def point_chart(
    groups: Sequence[tuple[str, Mapping[str, float | None]]],
    *,
    width: int = 640,
    height: int = 220,
    title: str = "",
    colors: Mapping[str, str] = NLL_COLORS,
) -> str:
    """An inline SVG dot chart of categories (e.g. versions), one coloured dot per named value,
    joined by a thin line so the spread within a category reads as the delta. Dots rather than
    bars because NLLs differ by a few percent: bars from zero would hide the difference.
    """
    values = [v for _, g in groups for v in g.values() if _finite(v)]
    if not values:
        return ""
    y0, y1 = _span(values)
    pad = (y1 - y0) * 0.1  # keep extreme dots off the frame
    y0, y1 = y0 - pad, y1 + pad
    left, top = _PAD["left"], _PAD["top"]
    plot_w, plot_h = width - left - _PAD["right"], height - top - _PAD["bottom"]
    slot = plot_w / len(groups)
    parts = _frame(width, height, title, (y0, y1), ("", ""))
    parts += _legend([n for n in colors if any(n in g for _, g in groups)], colors, width)
    for i, (label, group) in enumerate(groups):
        cx = left + slot * (i + 0.5)
        dots = {n: float(v) for n, v in group.items() if _finite(v)}  # type: ignore[arg-type]
        ys = {n: top + plot_h * (y1 - v) / (y1 - y0) for n, v in dots.items()}
        if len(ys) > 1:
            parts.append(f'<line x1="{cx:.1f}" y1="{min(ys.values()):.1f}" x2="{cx:.1f}" '
                         f'y2="{max(ys.values()):.1f}" class="join"/>')  # fmt: skip
        for name, sy in ys.items():
            tip = f"{label} {name}: {_fmt(dots[name])}"
            color = colors.get(name, PALETTE[0])
            parts.append(f'<circle cx="{cx:.1f}" cy="{sy:.1f}" r="5" fill="{color}">'
                         f"<title>{_e(tip)}</title></circle>")  # fmt: skip
        parts.append(
            f'<text x="{cx:.1f}" y="{top + plot_h + 16}" class="xa mid">{_e(label)}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts)


# --------------------------------------------------------------------------- the HTML page

_CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#111827;
background:#f9fafb}
main{max-width:1100px;margin:0 auto;padding:24px}
h1{margin:0 0 4px}h2{margin:32px 0 8px;border-bottom:1px solid #e5e7eb;padding-bottom:4px}
h3{margin:20px 0 6px}.muted{color:#6b7280}.empty{color:#6b7280;font-style:italic}
.cards{display:flex;flex-wrap:wrap;gap:8px;margin:16px 0}
.card{background:#fff;border:1px solid #e5e7eb;border-radius:6px;padding:8px 14px;min-width:110px}
.card b{display:block;font-size:20px}
table{border-collapse:collapse;width:100%;background:#fff;margin:6px 0 12px}
th,td{border:1px solid #e5e7eb;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f3f4f6;font-weight:600}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.text{white-space:pre-wrap;max-height:12em;overflow:auto;font-family:ui-monospace,monospace;
font-size:12px}
.ok{color:#15803d;font-weight:600}.bad{color:#b91c1c;font-weight:600}
.warning{color:#b45309}.error,.critical{color:#b91c1c}
svg.chart{display:block;max-width:100%;height:auto;background:#fff;border:1px solid #e5e7eb;
border-radius:6px;margin:8px 0}
svg .t{font-size:13px;font-weight:600}svg .box{fill:none;stroke:#d1d5db}
svg .ya{font-size:11px;text-anchor:end;fill:#4b5563}svg .xa{font-size:11px;fill:#4b5563}
svg .end{text-anchor:end}svg .mid{text-anchor:middle}svg .lg{font-size:11px;fill:#374151}
svg .join{stroke:#9ca3af;stroke-width:2}
"""


def render_html(report: Mapping[str, Any]) -> str:
    """The report as one HTML page with inline CSS and inline SVG, and nothing external."""
    persona = report["persona"]
    name = persona["name"]
    body = [
        f"<h1>{_e(name)}</h1>",
        f'<p class="muted">Generated {_e(_when(report["generated_at"]))} · window '
        f"{_e(_window(report['window']))}</p>",
    ]
    if not persona["exists"]:
        body.append(f'<p class="empty">No persona named {_e(name)} is stored.</p>')
    body += _summary_html(report["summary"], report["cost"])
    body += _persona_html(persona)
    body += _quality_html(report["quality"])
    body += _sessions_html(report["sessions"])
    body += _genome_html(report["genome"])
    body += _events_html(report["events"])
    body += _cost_html(report["cost"])
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>lifelong report: {_e(name)}</title>\n<style>{_CSS}</style>\n</head>\n"
        "<body>\n<main>\n" + "\n".join(body) + "\n</main>\n</body>\n</html>\n"
    )


def _e(value: Any) -> str:
    """Escaped text for HTML and SVG; ``None`` shows as a dash."""
    if value is None:
        return "—"
    if not isinstance(value, str):
        value = json.dumps(value, sort_keys=True) if isinstance(value, dict | list) else str(value)
    return html.escape(value, quote=True)


def _when(ts: float | None, *, hour: bool = True) -> str:
    if ts is None:
        return "—"
    moment = dt.datetime.fromtimestamp(ts, dt.UTC)
    return moment.strftime("%Y-%m-%d %H:%M UTC" if hour else "%Y-%m-%d")


def _window(window: Mapping[str, Any]) -> str:
    since, until = window.get("since"), window.get("until")
    if since is None and until is None:
        return "all time"
    return f"{_when(since) if since is not None else 'start'} to " + (
        _when(until) if until is not None else "now"
    )


def _num(value: Any, digits: int = 4) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.{digits}g}"
    return _e(value)


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Cells are already-escaped HTML (callers escape with :func:`_e`)."""
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _empty(text: str) -> str:
    return f'<p class="empty">{_e(text)}</p>'


def _summary_html(summary: Mapping[str, Any], cost: Mapping[str, Any]) -> list[str]:
    active = summary["active_versions"]
    cards = [
        ("interactions", summary["interactions"]),
        ("scored", summary["scored"]),
        ("training sessions", summary["sessions"]),
        ("layer versions", summary["versions"]),
        ("deployments", summary["deployments"]),
        ("rollbacks", summary["rollbacks"]),
        ("alerts", summary["alerts"]),
        ("cost", _num(cost["total"])),
        ("active", ", ".join(f"{t} v{v}" for t, v in active.items()) or "none"),
    ]
    html_cards = "".join(f'<div class="card"><b>{_e(v)}</b>{_e(k)}</div>' for k, v in cards)
    return [f'<div class="cards">{html_cards}</div>']


def _persona_html(persona: Mapping[str, Any]) -> list[str]:
    out = ["<h2>Persona</h2>"]
    profile, traits = persona["profile"], persona["traits"]
    if profile:
        out.append(_table(["profile", "value"], [[_e(k), f'<div class="text">{_e(v)}</div>']
                                                  for k, v in profile.items()]))  # fmt: skip
    else:
        out.append(_empty("No profile."))
    if traits:
        out.append(_table(["trait", "description"], [[_e(k), _e(v)] for k, v in traits.items()]))
    else:
        out.append(_empty("No traits declared."))
    return out


def _quality_html(quality: Mapping[str, Any]) -> list[str]:
    out = [f"<h2>Quality trend</h2><p class=\"muted\">Mean score per {_e(quality['bucket'])} "
           "(UTC); buckets without scored interactions are skipped.</p>"]  # fmt: skip
    if not quality["traits"]:
        return [*out, _empty("No scored interactions in this window.")]
    by_day = quality["bucket"] == "day"
    for trait, points in quality["traits"].items():
        count = sum(p["count"] for p in points)
        out.append(
            line_chart(
                {trait: [(p["start"], p["mean"]) for p in points]},
                title=f"quality: {trait} ({count} scored)",
                y_range=(0.0, 1.0),
                x_format=lambda ts: _when(ts, hour=not by_day),
            )
        )
    return out


def _sessions_html(sessions: Sequence[Mapping[str, Any]]) -> list[str]:
    out = ["<h2>Training sessions</h2>"]
    if not sessions:
        return [*out, _empty("No training sessions yet.")]
    rows = [
        [_e(s["id"]), _e(s["trait"]), _e(s["status"]), _e(s["provider"]),
         _e(_reason(s["reason"])), _e(_when(s["created_at"])), _e(_when(s["started_at"])),
         _e(_when(s["finished_at"])), f'<span class="num">{_num(s["cost"])}</span>',
         _e(_estimate(s["estimate"])), f'<div class="text">{_e(s["error"])}</div>'
         if s["error"] else "—"]
        for s in sessions
    ]  # fmt: skip
    out.append(_table(["session", "trait", "status", "provider", "reason", "created",
                       "started", "finished", "cost", "estimate", "error"], rows))  # fmt: skip
    for s in sessions:
        summary = s["loss_summary"]
        out.append(f"<h3>Session {_e(s['id'])} <span class=\"muted\">{_e(s['trait'])} · "
                   f"{_e(s['status'])}</span></h3>")  # fmt: skip
        if summary is None:
            out.append(_empty("No loss recorded."))
            continue
        points = [(step if step is not None else i, v) for i, (step, v) in enumerate(s["loss"])]
        out.append(line_chart({"loss": points}, title=f"loss by step: {s['id']}"))
        out.append(
            f'<p class="muted">loss min {_num(summary["min"])} · max {_num(summary["max"])} · '
            f"mean {_num(summary['mean'])} · last {_num(summary['last'])} · "
            f"{_e(summary['count'])} points</p>"
        )
    return out


def _reason(reason: Any) -> Any:
    """``{"trigger": "manual", ...}`` reads better as ``manual {...}``."""
    if not isinstance(reason, Mapping) or "trigger" not in reason:
        return reason
    rest = {k: v for k, v in reason.items() if k != "trigger"}
    return f"{reason['trigger']} {json.dumps(rest, sort_keys=True)}" if rest else reason["trigger"]


def _estimate(estimate: Any) -> Any:
    if isinstance(estimate, Mapping):
        return ", ".join(f"{k}={v}" for k, v in estimate.items())
    return estimate


def _genome_html(genome: Mapping[str, Mapping[str, Any]]) -> list[str]:
    out = ["<h2>Genome versions</h2>"]
    if not genome:
        return [*out, _empty("No layer versions yet.")]
    for trait, entry in genome.items():
        active = entry["active"]
        now = (
            f"active now: v{_e(active['version'])} since {_e(_when(active['activated_at']))} "
            f"by {_e(active['activated_by'])}"
            if active else "no active version"
        )  # fmt: skip
        out.append(f'<h3>{_e(trait)} <span class="muted">{now}</span></h3>')
        versions = entry["versions"]
        if not versions:
            out.append(_empty("No versions created in this window."))
            continue
        out.append(_table(
            ["version", "status", "active", "kind", "provider", "created", "by", "parent",
             "pinned", "auto-test"],
            [[f"v{_e(v['version'])}", _e(v["status"]), "✔" if v["active"] else "",
              _e(v["kind"]), _e(v["provider"]), _e(_when(v["created_at"])), _e(v["created_by"]),
              f"v{_e(v['parent_version'])}" if v["parent_version"] is not None else "—",
              "yes" if v["pinned"] else "", _status(v["auto_test"])]
             for v in versions],
        ))  # fmt: skip
        groups = [
            (f"v{v['version']}", {k: (b or {}).get("nll")
                                  for k, b in v["auto_test"]["heldout"].items() if b})
            for v in versions if v["auto_test"].get("heldout")
        ]  # fmt: skip
        chart = point_chart(groups, title=f"held-out NLL per version: {trait}") if groups else ""
        if chart:
            out.append(chart)
        for v in versions:
            out += _auto_test_html(v["version"], v["auto_test"])
    return out


def _status(test: Mapping[str, Any]) -> str:
    status = test["status"]
    if status == "passed":
        return '<span class="ok">passed</span>'
    if status == "failed":
        return '<span class="bad">failed</span>'
    if status == "skipped":
        return f"skipped: {_e(test.get('reason'))}"
    return "not evaluated" if status == "none" else _e(status)


def _auto_test_html(version: Any, test: Mapping[str, Any]) -> list[str]:
    if test["status"] in ("none", "skipped") or "heldout" not in test:
        return []
    out = [f"<h3>Auto-test of v{_e(version)}: {_status(test)}</h3>"]
    rows = []
    for split in ("heldout", "anchor"):
        deltas = test["deltas"][split]
        for which in ("base", "active", "candidate"):
            block = test[split][which]
            if block is None:
                continue
            delta = deltas["candidate_vs_base"] if which == "candidate" else None
            rows.append([_e(split), _e(which), _num(block.get("nll")), _num(block.get("ppl")),
                         _e(block.get("tokens")), _num(delta)])  # fmt: skip
        if deltas["candidate_vs_active"] is not None:
            rows.append([_e(split), "candidate − active", "", "", "",
                         _num(deltas["candidate_vs_active"])])  # fmt: skip
    if rows:
        out.append(_table(["split", "model", "NLL", "perplexity", "tokens", "Δ NLL vs base"],
                          rows))  # fmt: skip
    gate = test.get("gate")
    if gate:
        out.append(
            f"<p>gate: {_e(gate.get('reason'))} · improvement {_num(gate.get('improvement'))} "
            f"(min {_num(gate.get('min_improvement'))}) · win rate "
            f"{_num(gate.get('win_rate'))} (min {_num(gate.get('min_win_rate'))}) · anchor "
            f"regression {_num(gate.get('anchor_regression'))} "
            f"(max {_num(gate.get('max_anchor_regression'))}) · anchor KL from the base "
            f"{_num(gate.get('anchor_kl'))}</p>"
        )
    samples = [s for s in test["samples"] if isinstance(s, Mapping)]
    if samples:
        cell = lambda text: f'<div class="text">{_e(text)}</div>'  # noqa: E731
        out.append(_table(["prompt", "held-out reply", "base", "active", "candidate"],
                          [[cell(s.get("prompt")), cell(s.get("expected")), cell(s.get("base")),
                            cell(s.get("active")), cell(s.get("candidate"))]
                           for s in samples]))  # fmt: skip
    return out


def _describe(event: Mapping[str, Any]) -> str:
    payload = event.get("payload") if isinstance(event.get("payload"), Mapping) else {}
    kind = event["kind"]
    if kind == "LayerDeployed":
        previous = payload.get("previous")
        after = f"replacing v{previous}" if previous is not None else "first version"
        return f"v{payload.get('version')} deployed ({after})"
    if kind == "LayerRejected":
        return f"v{payload.get('version')} rejected: {payload.get('reason')}"
    if kind == "LayerRolledBack":
        target = payload.get("to_version")  # None: back to the base model, no layer at all
        to = f"v{target}" if target is not None else "the base model"
        return f"rolled back from v{payload.get('from_version')} to {to} by {payload.get('by')}"
    if kind == "LayerActivated":
        return f"v{payload.get('version')} activated by {payload.get('by')}"
    return json.dumps(event.get("payload"), sort_keys=True) if event.get("payload") else ""


def _events_html(events: Mapping[str, Any]) -> list[str]:
    out = ["<h2>Deployments and rollbacks</h2>"]
    if events["truncated"]:
        out.append(_empty("Only the newest events are shown."))
    if events["timeline"]:
        out.append(_table(["when", "trait", "event", "details"],
                          [[_e(_when(e["ts"])), _e(e["trait"]), _e(e["kind"]), _e(_describe(e))]
                           for e in events["timeline"]]))  # fmt: skip
    else:
        out.append(_empty("No deployments, rejections or rollbacks in this window."))
    out.append("<h2>Alerts</h2>")
    if events["alerts"]:
        out.append(_table(["when", "severity", "kind", "trait", "session", "details"],
                          [[_e(_when(e["ts"])),
                            f'<span class="{_e(e["severity"])}">{_e(e["severity"])}</span>',
                            _e(e["kind"]), _e(e["trait"]), _e(e["session_id"]),
                            f'<div class="text">{_e(_describe(e))}</div>']
                           for e in events["alerts"]]))  # fmt: skip
    else:
        out.append(_empty("No alerts in this window."))
    return out


def _cost_html(cost: Mapping[str, Any]) -> list[str]:
    out = ["<h2>Cost</h2>"]
    if not cost["by_provider"]:
        return [*out, _empty("No training cost recorded.")]
    rows = [[_e(p), f'<span class="num">{_num(c)}</span>'] for p, c in cost["by_provider"].items()]
    rows.append(["<b>total</b>", f'<b class="num">{_num(cost["total"])}</b>'])
    out.append(_table(["provider", "cost"], rows))
    return out


# --------------------------------------------------------------------------- files


async def write_report(
    repo: ReportRepo,
    persona: str,
    out_dir: Path,
    *,
    since: float | None = None,
    until: float | None = None,
    now: float | None = None,
) -> tuple[Path, Path]:
    """Gather, build and write ``<persona>-<YYYYMMDD-HHMMSS>.html`` / ``.json`` (UTC) plus
    ``<persona>-latest.html`` / ``.json`` copies into ``out_dir``; returns (html, json) paths.

    Each file is written to a temporary file in ``out_dir`` and renamed over the target, so a
    reader (a web server, a CI artifact upload) never sees half a report.
    """
    validate_name("persona", persona)  # it becomes part of file names
    moment = time.time() if now is None else now
    data = await repo.gather(persona, since=since, until=until)
    report = build_report(data, now=moment)
    page = render_html(report)
    document = json.dumps(report, indent=2, allow_nan=False, ensure_ascii=False) + "\n"
    stamp = dt.datetime.fromtimestamp(moment, dt.UTC).strftime("%Y%m%d-%H%M%S")
    out_dir = Path(out_dir)
    html_path, json_path = out_dir / f"{persona}-{stamp}.html", out_dir / f"{persona}-{stamp}.json"
    files = {
        html_path: page,
        json_path: document,
        out_dir / f"{persona}-latest.html": page,
        out_dir / f"{persona}-latest.json": document,
    }
    await asyncio.to_thread(_write_all, out_dir, files)
    return html_path, json_path


def _write_all(out_dir: Path, files: Mapping[Path, str]) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    for path, text in files.items():  # dated files first: "latest" never points ahead of them
        _write_atomic(path, text)


def _write_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
