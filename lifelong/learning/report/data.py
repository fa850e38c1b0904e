"""The report's data: gathered :class:`ReportData` rows shaped into one JSON-serialisable dict.

This is the machine-readable report (written as ``.json``) and also the only input of the HTML
page, so the page can never show a number the JSON does not have.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from lifelong.storage.repos.reports import DAY, LAYER_EVENTS, ReportData

__all__ = ["REPORT_VERSION", "UNASSIGNED", "build_report", "finite"]

REPORT_VERSION = 1
UNASSIGNED = "(unassigned)"  # label for interactions no trait was given or routed to


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


def finite(value: Any) -> bool:
    """A real number that can be averaged or plotted (not ``None``, NaN or infinity)."""
    return isinstance(value, int | float) and math.isfinite(value)


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
    values = [v for _, v in loss if finite(v)]
    summary = (
        {"min": min(values), "max": max(values), "mean": sum(values) / len(values),
         "last": loss[-1][1], "count": len(loss)}
        if values else None
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
                                           "parent_version", "job_id", "artifact_bytes")},
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
        return float(value) if value is not None and finite(value) else None

    def diff(a: float | None, b: float | None) -> float | None:
        return a - b if a is not None and b is not None else None

    candidate = nll("candidate")
    return {
        "candidate_vs_base": diff(candidate, nll("base")),
        "candidate_vs_active": diff(candidate, nll("active")),
    }


def _event(row: Mapping[str, Any]) -> dict[str, Any]:
    keys = ("ts", "kind", "severity", "trait", "job_id", "payload", "acknowledged")
    return {**{k: row.get(k) for k in keys}, "is_alert": bool(row.get("is_alert"))}


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
