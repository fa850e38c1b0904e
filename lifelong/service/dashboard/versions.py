"""``/personas/{name}/layers/{trait}/{version}``: what a version learned.

The gate's stored evaluation (:func:`lifelong.learning.evaluation.evaluate_candidate`) shown
readably: the held-out prompts with the base, the previously active and the candidate answers
side by side (and the candidate's with memory), the fact figures, held-out NLL, win rate,
anchor change and the gate's reason; the examples it trained on (its job's exported dataset,
scrubbed when it was built); the memory turns it consolidated; its activation history.
Anything the evaluation does not hold shows a dash.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import Request
from fastapi.responses import Response

from lifelong.errors import InvalidName, NotFound
from lifelong.service.dashboard._core import auth_of, missing, page, router, rt_of, to_login
from lifelong.service.dashboard.pages import version_view

if TYPE_CHECKING:
    from lifelong.runtime.runtime import Runtime

EXAMPLES_SHOWN = 100  # rows of each dataset file shown (the count says how many there are)
MEMORY_SHOWN = 100

# The configurations an evaluation measures, in the order they are shown.
CONFIGURATIONS = ("base", "active", "candidate", "candidate+memory")


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _labels(evaluation: Mapping[str, Any], version: int) -> dict[str, str]:
    previous = evaluation.get("active_version")
    return {
        "base": "base model",
        "active": f"previous (v{previous})" if previous is not None else "previous (active)",
        "candidate": f"candidate (v{version})",
        "candidate+memory": f"v{version} + memory",
    }


def evaluation_view(evaluation: Any, version: int) -> dict[str, Any] | None:
    """The stored evaluation, shaped for the page (None when there is none)."""
    ev = _dict(evaluation)
    if not ev:
        return None
    gate, behaviour = _dict(ev.get("gate")), _dict(ev.get("behaviour"))
    facts = _dict(ev.get("facts"))
    heldout, anchor = _dict(ev.get("heldout")), _dict(ev.get("anchor"))
    labels = _labels(ev, version)
    rates = _dict(facts.get("rates"))
    samples = [s for s in ev.get("samples") or () if isinstance(s, dict)]
    measured = [
        name for name in CONFIGURATIONS
        if _dict(heldout.get(name)) or _dict(anchor.get(name)) or name in rates
        or any(s.get(name) is not None for s in samples)
    ]  # fmt: skip
    nll = [
        {"name": name, "label": labels[name], "heldout": _dict(heldout.get(name)),
         "anchor": _dict(anchor.get(name))}
        for name in measured if name in heldout or name in anchor
    ]  # fmt: skip
    fact_rows = [{"name": n, "label": labels[n], **_dict(rates[n])}
                 for n in CONFIGURATIONS if n in rates]  # fmt: skip
    verdicts = [p for p in facts.get("prompts") or () if isinstance(p, dict)]
    shown = [n for n in CONFIGURATIONS if any(s.get(n) is not None for s in samples)]
    side_by_side = []
    for i, sample in enumerate(samples):
        judged = verdicts[i] if i < len(verdicts) and verdicts[i].get("prompt") == sample.get(
            "prompt") else {}  # fmt: skip
        key = _dict(judged.get("key"))
        side_by_side.append({
            "prompt": sample.get("prompt"), "expected": sample.get("expected"),
            "key": ", ".join(str(w) for w in [*(key.get("slots") or ()),
                                              *(key.get("words") or ())]) or None,
            "answers": [{"name": n, "label": labels[n], "text": sample.get(n),
                         "verdict": judged.get(n)} for n in shown],
        })  # fmt: skip
    win_rate = gate.get("win_rate", behaviour.get("win_rate"))
    return {
        "skipped": ev.get("skipped"),
        "passed": gate.get("passed"),
        "reason": gate.get("reason"),
        "reference": gate.get("reference") or behaviour.get("reference"),
        "improvement": gate.get("improvement"),
        "win_rate": win_rate,
        "behaviour_examples": behaviour.get("examples"),
        "unchanged": behaviour.get("unchanged"),
        "anchor_regression": gate.get("anchor_regression"),
        "anchor_kl": gate.get("anchor_kl"),
        "policy": {
            k: gate.get(k)
            for k in ("min_improvement", "min_win_rate", "max_anchor_regression", "min_heldout")
        },
        "heldout_split": ev.get("heldout_split"),
        "active_version": ev.get("active_version"),
        "nll": nll,
        "facts": fact_rows,
        "facts_judged": facts.get("judged"),
        "facts_examples": facts.get("examples"),
        "samples": side_by_side,
        "columns": [{"name": n, "label": labels[n]} for n in shown],
        "merge": ev.get("merge"),
    }


def _read_jsonl(path: Path, limit: int) -> tuple[list[dict[str, Any]], int]:
    if not path.is_file():
        return [], 0
    rows: list[dict[str, Any]] = []
    count = 0
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            count += 1
            if len(rows) < limit:
                try:
                    value = json.loads(line)
                except json.JSONDecodeError:
                    continue
                if isinstance(value, dict):
                    rows.append(value)
    return rows, count


def _text(message: Any) -> str | None:
    if isinstance(message, dict):
        content = message.get("content")
        return content if isinstance(content, str) else json.dumps(content)
    return None


def _chat(messages: Any) -> dict[str, Any]:
    """A chat as the page shows it: the last user message, the reply, earlier turns counted."""
    chat = [m for m in messages if isinstance(m, dict)] if isinstance(messages, list) else []
    spoken = [m for m in chat if m.get("role") != "system"]
    reply = spoken[-1] if spoken and spoken[-1].get("role") == "assistant" else None
    asked = spoken[:-1] if reply is not None else spoken
    prompt = next((m for m in reversed(asked) if m.get("role") == "user"), None)
    return {"prompt": _text(prompt), "reply": _text(reply), "earlier": max(0, len(asked) - 1)}


def _read_dataset(folder: Path) -> dict[str, Any]:
    train, n_train = _read_jsonl(folder / "train.jsonl", EXAMPLES_SHOWN)
    _, n_val = _read_jsonl(folder / "val.jsonl", 0)
    dpo, n_dpo = _read_jsonl(folder / "dpo.jsonl", EXAMPLES_SHOWN)
    kto, n_kto = _read_jsonl(folder / "kto.jsonl", EXAMPLES_SHOWN)
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        manifest = {}
    counts = _dict(_dict(manifest).get("counts"))
    return {
        "train": [_chat(r.get("messages")) for r in train], "train_count": n_train,
        "val_count": n_val,
        "pairs": [{**_chat([*(r.get("prompt") or []), *(r.get("chosen") or [])]),
                   "rejected": _text((r.get("rejected") or [None])[-1])} for r in dpo],
        "pairs_count": n_dpo,
        "rated": [{**_chat([*(r.get("prompt") or []), *(r.get("completion") or [])]),
                   "label": bool(r.get("label"))} for r in kto],
        "rated_count": n_kto,
        "dropped": _dict(counts.get("dropped")), "scrubbed": _dict(counts.get("scrubbed")),
        "shown": EXAMPLES_SHOWN,
    }  # fmt: skip


async def trained_on(
    rt: Runtime, row: Mapping[str, Any], dataset_hash: str | None
) -> dict[str, Any]:
    """The dataset the version was trained on, read from its exported folder (fetched from
    the artifact store when this machine lacks it), or why it cannot be shown.
    """
    if not dataset_hash:
        why = ("a merged snapshot is made from layers, not from a dataset" if row.get("kind") ==
               "merged" else "this version names no dataset")  # fmt: skip
        return {"missing": why}
    persona, trait = row["persona"], row["trait"]
    try:
        here = await rt.job_desk.datasets.ensure(persona, trait, dataset_hash)
    except Exception:  # a store that cannot be reached: say so, show the rest of the page
        here = False
    if not here:
        why = (f"dataset {dataset_hash[:16]}… is not on this machine nor in the artifact "
               "store (it may have been pruned)")  # fmt: skip
        return {"missing": why, "hash": dataset_hash}
    folder = rt.dataset_dir(persona, trait, dataset_hash)
    return {**await asyncio.to_thread(_read_dataset, folder), "hash": dataset_hash}


@router.get("/personas/{name}/layers/{trait}/{version:int}", response_model=None)
async def version_page(request: Request, name: str, trait: str, version: int) -> Response:
    session = await auth_of(request).current(request)
    if session is None:
        return to_login(request)
    rt = rt_of(request)
    try:
        persona = await rt.get_persona(name)
        row = await rt.layers.get(name, trait, version)
    except (NotFound, InvalidName) as exc:
        return missing(request, session, str(exc))
    job = None
    if job_id := row["job_id"]:
        try:
            job = await rt.get_job(job_id)
        except NotFound:
            job = None
    manifest = _dict(row.get("manifest"))
    dataset_hash = manifest.get("dataset_hash") or (job.dataset_hash if job else None)
    memory, memory_total = await rt.memory_desk.consolidated_by(
        name, trait, version, limit=MEMORY_SHOWN
    )
    history = [h for h in await rt.layer_history(name, trait)
               if version in (h.get("from_version"), h.get("to_version"))]  # fmt: skip
    versions = await rt.layers.versions(name, trait)
    active = next((v["version"] for v in versions if v.get("active")), None)
    return page(
        request, "version.html.j2", session, persona=persona, v=version_view(row),
        evaluation=evaluation_view(row.get("evaluation"), version),
        monitor=_dict(row.get("monitor")) or None, job=job.as_dict() if job else None,
        dataset=await trained_on(rt, row, dataset_hash), memory=memory,
        memory_total=memory_total, memory_shown=MEMORY_SHOWN, history=list(reversed(history)),
        memory_retrieved=rt.memory_policy.retrieve_consolidated,
        active=active, others=[v["version"] for v in versions if v["version"] != version],
        declared=trait in persona.traits, manifest=manifest,
    )  # fmt: skip
