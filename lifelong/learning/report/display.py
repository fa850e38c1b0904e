"""Report values as the text people read: times, windows, numbers and event descriptions.

These return plain (unescaped) text; the page template escapes whatever they return.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

__all__ = [
    "describe",
    "duration",
    "estimate",
    "nll_rows",
    "num",
    "reason",
    "text",
    "when",
    "window",
]

DASH = "—"  # what a missing value shows as


def text(value: Any) -> Any:
    """Any value as page text: ``None`` as a dash, dicts and lists as JSON, the rest unchanged.

    The template environment applies this to every ``{{ ... }}`` (its ``finalize``), so missing
    and structured values read the same everywhere without each place asking for it.
    """
    if value is None:
        return DASH
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True)
    return value


def when(ts: float | None, *, hour: bool = True) -> str:
    if ts is None:
        return DASH
    moment = dt.datetime.fromtimestamp(ts, dt.UTC)
    return moment.strftime("%Y-%m-%d %H:%M UTC" if hour else "%Y-%m-%d")


def window(window: Mapping[str, Any]) -> str:
    since, until = window.get("since"), window.get("until")
    if since is None and until is None:
        return "all time"
    start = when(since) if since is not None else "start"
    return f"{start} to {when(until) if until is not None else 'now'}"


def num(value: Any, digits: int = 4) -> Any:
    """Floats to ``digits`` significant digits; anything else as :func:`text` shows it."""
    if isinstance(value, float):
        return f"{value:.{digits}g}"
    return text(value)


def reason(reason: Any) -> Any:
    """``{"trigger": "manual", ...}`` reads better as ``manual {...}``."""
    if not isinstance(reason, Mapping) or "trigger" not in reason:
        return reason
    rest = {k: v for k, v in reason.items() if k != "trigger"}
    return f"{reason['trigger']} {json.dumps(rest, sort_keys=True)}" if rest else reason["trigger"]


def duration(seconds: float) -> str:
    """``42`` -> ``"42 s"``, ``200`` -> ``"3.3 min"``, ``9000`` -> ``"2.5 h"``."""
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 90 * 60:
        return f"{seconds / 60:.1f} min"
    return f"{seconds / 3600:.1f} h"


def estimate(estimate: Any) -> Any:
    """A job's estimate as a sentence: ``"about 3.3 min, 12,400 tokens, free (local)"``, or
    the price it lacks (``"price unknown: set training.prices['openai:gpt-4o-mini']"``)."""
    if not isinstance(estimate, Mapping):
        return estimate
    parts = []
    if isinstance(estimate.get("seconds"), int | float):
        parts.append(f"about {duration(float(estimate['seconds']))}")
    if isinstance(estimate.get("tokens"), int | float):
        parts.append(f"{int(estimate['tokens']):,} tokens")
    cost = estimate.get("cost")
    if cost is None and "cost" in estimate:
        key = estimate.get("price_key")
        parts.append(f"price unknown: set training.prices[{key!r}]" if key else "price unknown")
    elif isinstance(cost, int | float):
        currency = estimate.get("currency") or "USD"
        parts.append("free (local)" if cost == 0 else f"{cost:.2f} {currency}")
    return ", ".join(parts) or text(dict(estimate))


def describe(event: Mapping[str, Any]) -> str:
    """One line for a genome event, from its payload; other events show their payload as JSON."""
    given = event.get("payload")
    payload: Mapping[str, Any] = given if isinstance(given, Mapping) else {}
    kind = event["kind"]
    if kind == "LayerDeployed":
        previous = payload.get("previous")
        after = f"replacing v{previous}" if previous is not None else "first version"
        return f"v{payload.get('version')} deployed ({after})"
    if kind == "LayerRejected":
        return f"v{payload.get('version')} rejected: {payload.get('reason')}"
    why = f": {payload['reason']}" if payload.get("reason") else ""
    if kind == "CanaryStarted":
        share = float(payload.get("fraction") or 0.0)
        return (f"v{payload.get('version')} deployed as a canary: {share:.0%} of conversations, "
                f"beside v{payload.get('stable')}")  # fmt: skip
    if kind == "CanaryPromoted":
        return (f"canary v{payload.get('version')} promoted, replacing "
                f"v{payload.get('previous')}{why}")  # fmt: skip
    if kind == "LayerAutoRolledBack" and payload.get("canary"):
        return (f"canary v{payload.get('from_version')} rolled back; v{payload.get('to_version')} "
                f"serves every conversation{why}")  # fmt: skip
    if kind in ("LayerRolledBack", "LayerAutoRolledBack"):
        target = payload.get("to_version")  # None: back to the base model, no layer at all
        to = f"v{target}" if target is not None else "the base model"
        return (f"rolled back from v{payload.get('from_version')} to {to} by "
                f"{payload.get('by')}{why}")  # fmt: skip
    if kind == "LayerActivated":
        return f"v{payload.get('version')} activated by {payload.get('by')}{why}"
    return json.dumps(event.get("payload"), sort_keys=True) if event.get("payload") else ""


def nll_rows(test: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The auto-test table: one row per evaluated model and split, the candidate's row carrying
    its delta against the base, plus a "candidate minus active" row where there was an active layer.
    Blank cells are ``""`` (not ``None``, which would show as a dash).
    """
    rows = []
    for split in ("heldout", "anchor"):
        deltas = test["deltas"][split]
        for which in ("base", "active", "candidate"):
            block = test[split][which]
            if block is None:
                continue
            rows.append({
                "split": split, "model": which, "nll": block.get("nll"), "ppl": block.get("ppl"),
                "tokens": block.get("tokens"),
                "delta": deltas["candidate_vs_base"] if which == "candidate" else None,
            })  # fmt: skip
        if deltas["candidate_vs_active"] is not None:
            rows.append({"split": split, "model": "candidate − active", "nll": "", "ppl": "",
                         "tokens": "", "delta": deltas["candidate_vs_active"]})  # fmt: skip
    return rows


# -- evaluations and verdicts in one line (the CLI's tables and the dashboard) ----------------


def gate_text(evaluation: dict[str, Any] | None) -> str:
    gate = (evaluation or {}).get("gate")
    if not gate:
        return "-"
    verdict = "passed" if gate.get("passed") else "failed"
    return f"{verdict}: {gate.get('reason') or '-'}"


def behaviour_text(evaluation: dict[str, Any] | None) -> str:
    """'wins 75% of 16 held-out answers vs base; anchor +1.2%, KL 0.0123'."""
    evaluation = evaluation or {}
    gate, behaviour = evaluation.get("gate") or {}, evaluation.get("behaviour") or {}
    parts = []
    if isinstance(behaviour.get("win_rate"), int | float):
        parts.append(f"wins {behaviour['win_rate']:.0%} of {behaviour.get('examples')} "
                     f"held-out answers vs {behaviour.get('reference')}")  # fmt: skip
    if isinstance(gate.get("anchor_regression"), int | float):
        parts.append(f"anchor {gate['anchor_regression']:+.1%}")
    if isinstance(gate.get("anchor_kl"), int | float):
        parts.append(f"KL from base {gate['anchor_kl']:.4f}")
    return "; ".join(parts) or "-"


def method_text(manifest: dict[str, Any] | None) -> str:
    """'sft+kto (62 examples, 207 replay, 24 rated)' from a local layer's manifest."""
    manifest = manifest or {}
    if not manifest.get("method"):
        return "-"
    preference = manifest.get("preference")
    label = manifest["method"] + (f"+{preference}" if preference else "")
    seen = manifest.get("examples") or {}
    names = {"examples": "examples", "replay": "replay", "dpo_examples": "pairs",
             "kto_examples": "rated"}  # fmt: skip
    parts = [f"{seen[k]} {name}" for k, name in names.items() if seen.get(k)]
    return f"{label} ({', '.join(parts)})" if parts else label


def nll_text(evaluation: dict[str, Any] | None) -> str:
    """'base 2.31 / active 2.05 / candidate 1.98' from the held-out measurements."""
    heldout = (evaluation or {}).get("heldout") or {}
    parts = []
    for name in ("base", "active", "candidate"):
        nll = (heldout.get(name) or {}).get("nll")
        parts.append(f"{name} {nll:.4f}" if isinstance(nll, int | float) else f"{name} -")
    return " / ".join(parts) if heldout else "-"


def monitor_text(verdict: dict[str, Any] | None) -> str:
    """The post-deploy monitor's verdict on a version, in one line."""
    if not verdict:
        return "-"
    return f"{verdict.get('verdict')}: {verdict.get('reason', '')}"
