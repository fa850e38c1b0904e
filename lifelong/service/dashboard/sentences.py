"""Stored records as sentences people read: a job's provider decisions, times with seconds,
shares as percentages. Plain text: the templates escape whatever these return.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Mapping
from typing import Any

from lifelong.learning.report import display

__all__ = ["ago", "clock", "decision_text", "method_label", "pct"]

DASH = display.DASH


def pct(value: Any, digits: int = 0, sign: bool = False) -> str:
    """``0.75`` -> ``"75%"`` (``"+75%"`` with ``sign``); anything but a number is a dash."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return DASH
    return f"{value:{'+' if sign else ''}.{digits}%}"


def clock(ts: Any) -> str:
    """An epoch time as ``2024-05-01 14:02:11 UTC`` (a dash when it is not a time)."""
    if isinstance(ts, bool) or not isinstance(ts, int | float):
        return DASH
    try:
        return dt.datetime.fromtimestamp(ts, dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    except (OverflowError, OSError, ValueError):
        return DASH


def ago(ts: Any, now: float | None = None) -> str:
    """``"3 min ago"`` for an epoch time (a dash when it is not one)."""
    if isinstance(ts, bool) or not isinstance(ts, int | float):
        return DASH
    seconds = (now if now is not None else time.time()) - ts
    if seconds < 0:
        return "just now"
    return f"{display.duration(seconds)} ago"


def _attempt(d: Mapping[str, Any]) -> str:
    attempt = d.get("attempt")
    return f"attempt {attempt}" if isinstance(attempt, int) and attempt > 0 else "its attempt"


def _error(d: Mapping[str, Any]) -> str:
    kind, message = d.get("error"), d.get("message")
    if kind and message:
        return f"{kind}: {message}"
    return str(message or kind or "no reason given")


def decision_text(decision: Any) -> str:
    """One failover / retry / budget decision (``lifelong.adapters.failover.Decision``, as
    stored on the job) as a sentence, without its time (:func:`clock` says that).
    """
    if not isinstance(decision, Mapping):
        return json.dumps(decision, default=str)
    d = decision
    who = str(d.get("provider") or "a provider")
    action = d.get("action")
    estimate = display.estimate(d.get("estimate")) if isinstance(d.get("estimate"), Mapping) else ""
    if action == "start":
        said = f"{who} started training ({_attempt(d)})"
        return said + (f", estimated {estimate}." if estimate else ".")
    if action == "succeeded":
        return f"{who} finished training on {_attempt(d)}."
    if action == "retry":
        delay = d.get("delay_s")
        wait = f" in {display.duration(float(delay))}" if isinstance(delay, int | float) else ""
        return f"{who} failed on {_attempt(d)} ({_error(d)}); trying it again{wait}."
    if action == "next":
        if not d.get("attempt"):
            return f"{who} could not take the job ({_error(d)}); moving on to the next provider."
        return f"{who} gave up after {_attempt(d)} ({_error(d)}); moving on to the next provider."
    if action == "over_budget":
        return (f"{who} was skipped: over the budget ({d.get('message') or 'no figure'}); "
                "approve the job to let it train anyway.")  # fmt: skip
    if action == "degrade":
        return f"{who} cannot train the preference pass: {d.get('message') or 'unsupported'}."
    if action == "estimate":
        return f"{who} estimated the job: {estimate or DASH}."
    rest = {k: v for k, v in d.items() if k not in ("provider", "ts")}
    return f"{who}: {json.dumps(rest, sort_keys=True, default=str)}"


def method_label(manifest: Any) -> str | None:
    """``"sft+kto"`` from a layer's manifest (None when it names no method)."""
    if not isinstance(manifest, Mapping) or not manifest.get("method"):
        return None
    preference = manifest.get("preference")
    return str(manifest["method"]) + (f"+{preference}" if preference else "")
