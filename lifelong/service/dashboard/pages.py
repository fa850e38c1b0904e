"""``/`` personas, running jobs, the queue, cost, alerts; ``/personas/{name}`` the quality trend,
every layer version and its verbs, the persona's jobs; ``/jobs/{id}`` one job in sentences.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from fastapi import Request
from fastapi.responses import Response
from markupsafe import Markup

from lifelong.errors import InvalidName, NotFound
from lifelong.jobs import ADMIN, JobStatus
from lifelong.learning.report import display
from lifelong.learning.report.charts import line_chart
from lifelong.learning.report.display import behaviour_text, method_text, monitor_text, nll_text
from lifelong.service.dashboard import sentences
from lifelong.service.dashboard._core import (
    auth_of,
    int_param,
    missing,
    page,
    router,
    rt_of,
    to_login,
    turns_version,
)

if TYPE_CHECKING:
    from lifelong.jobs import Job
    from lifelong.runtime.runtime import Runtime

PERSONAS_PER_PAGE = 25
RUNNING = (JobStatus.RUNNING, JobStatus.TRAINED)
WAITING = (JobStatus.QUEUED, JobStatus.PAUSED, JobStatus.NEEDS_APPROVAL)
# Verbs that end or demote a job ask for confirmation first.
_CONFIRM = {"stop": "Stop", "cancel": "Cancel (its checkpoints are deleted)",
            "skip": "Send to the back of the queue"}  # fmt: skip
_VERB_ORDER = ("approve", "pause", "resume", "skip", "stop", "cancel")


def verbs(status: JobStatus) -> list[dict[str, Any]]:
    """The admin verbs a job in ``status`` accepts, as buttons."""
    allowed = {str(verb) for (s, verb) in ADMIN if s == status}
    if status is not JobStatus.NEEDS_APPROVAL:
        allowed.discard("approve")  # approving ahead of the budget check is for the CLI / API
    return [{"verb": v, "confirm": _CONFIRM.get(v)} for v in _VERB_ORDER if v in allowed]


async def progress(rt: Runtime, job: Job) -> dict[str, Any]:
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


def job_view(job: Job, **extra: Any) -> dict[str, Any]:
    return {**job.as_dict(), "verbs": verbs(job.status), **extra}


@router.get("/", response_model=None)
async def index(request: Request) -> Response:
    session = await auth_of(request).current(request)
    if session is None:
        return to_login(request)
    rt = rt_of(request)
    # A page of personas, each with its report: a report is several queries, so a store with
    # hundreds of personas is shown PERSONAS_PER_PAGE at a time.
    every = await rt.list_personas()
    pages = max(1, -(-len(every) // PERSONAS_PER_PAGE))
    at = min(max(int_param(request, "page", 1), 1), pages)
    personas = []
    for row in every[(at - 1) * PERSONAS_PER_PAGE : at * PERSONAS_PER_PAGE]:
        report = await rt.report(row.name)
        quality = {t: pts[-1]["mean"] for t, pts in report["quality"]["traits"].items() if pts}
        personas.append({
            "name": row.name, "traits": row.traits,
            "interactions": await rt.count_interactions(row.name),
            "active": report["summary"]["active_versions"], "quality": quality,
        })  # fmt: skip
    running = [
        job_view(job, progress=await progress(rt, job))
        for job in await rt.list_jobs(status=[str(s) for s in RUNNING])
    ]
    waiting = []
    for job in await rt.list_jobs(status=[str(s) for s in WAITING]):
        ahead = await rt.jobs_ahead_of(job.id) if job.status is JobStatus.QUEUED else None
        waiting.append(job_view(job, ahead=ahead))
    waiting.sort(key=lambda j: (j["ahead"] is None, j["ahead"] or 0, -j["created_at"]))
    recent = await rt.list_jobs(limit=10)
    cost = {(p or "(none)"): amount for p, amount in (await rt.training_cost()).items()}
    return page(
        request, "index.html.j2", session, status=await rt.status(), personas=personas,
        page=at, pages=pages, running=running, waiting=waiting,
        recent=[j.as_dict() for j in recent], cost=dict(sorted(cost.items())),
        total_cost=sum(cost.values()),
        alerts=await rt.list_events(alerts_only=True, limit=10),
        turns_version=await turns_version(rt),
    )  # fmt: skip


def version_view(row: Mapping[str, Any]) -> dict[str, Any]:
    evaluation = row.get("evaluation") if isinstance(row.get("evaluation"), dict) else None
    gate = (evaluation or {}).get("gate") or {}
    manifest = row.get("manifest") if isinstance(row.get("manifest"), dict) else None
    return {
        **{k: row.get(k) for k in ("persona", "trait", "version", "status", "kind", "provider",
                                   "remote_model", "created_at", "created_by", "job_id",
                                   "artifact_bytes", "parent_version", "id")},
        "active": bool(row.get("active")), "pinned": bool(row.get("pinned")),
        "canary": row.get("canary_fraction") if row.get("canary") else None,
        "passed": gate.get("passed") if gate else None,
        "gate": gate.get("reason") if gate else None, "nll": nll_text(evaluation),
        "behaviour": behaviour_text(evaluation),
        "skipped": (evaluation or {}).get("skipped"),
        "method": method_text(manifest),
        "method_label": sentences.method_label(manifest),
        "monitor": monitor_text(row.get("monitor") if isinstance(row.get("monitor"), dict)
                                else None),
    }  # fmt: skip


# The trend's time labels by bucket size: seconds under a minute, minutes under a day.
def _trend_format(size: int) -> Any:
    import datetime as dt

    pattern = "%Y-%m-%d" if size >= 86_400 else "%m-%d %H:%M" if size >= 60 else "%H:%M:%S"

    def label(ts: float) -> str:
        return dt.datetime.fromtimestamp(ts, dt.UTC).strftime(pattern)

    return label


def bucket_words(size: int) -> str:
    """``1800`` -> ``"30 min"``: the size of a trend bucket, in words."""
    for unit, name in ((7 * 86_400, "week"), (86_400, "day"), (3600, "h"), (60, "min")):
        if size >= unit and size % unit == 0:
            n = size // unit
            if name in ("week", "day"):
                return f"{n} {name}{'s' if n > 1 else ''}"
            return f"{n} {name}"
    return f"{size} s"


def quality_charts(trend: Mapping[str, Any]) -> dict[str, Markup]:
    size = int(trend["bucket_seconds"])
    return {
        trait: line_chart(
            {trait: [(p["start"], p["mean"]) for p in points]},
            title=f"quality: {trait} ({sum(p['count'] for p in points)} scored, "
            f"{len(points)} points of {bucket_words(size)})",
            y_range=(0.0, 1.0),
            width=520,
            height=200,
            x_format=_trend_format(size),
        )
        for trait, points in trend["traits"].items()
    }


@router.get("/personas/{name}", response_model=None)
async def persona_page(request: Request, name: str) -> Response:
    session = await auth_of(request).current(request)
    if session is None:
        return to_login(request)
    rt = rt_of(request)
    try:
        row = await rt.get_persona(name)
    except (NotFound, InvalidName) as exc:
        return missing(request, session, str(exc))
    report = await rt.report(name)
    trend = await rt.personas.quality_trend(name)
    traits: dict[str, list[dict[str, Any]]] = {t: [] for t in row.traits}
    for layer in await rt.layers.versions(name):
        traits.setdefault(layer["trait"], []).append(version_view(layer))
    for versions in traits.values():
        versions.sort(key=lambda v: -v["version"])
    timeline = list(reversed(report["events"]["timeline"]))[:15]
    jobs = [
        job_view(job, progress=await progress(rt, job) if job.status in RUNNING else None)
        for job in await rt.list_jobs(name, limit=20)
    ]
    open_jobs = {}
    for trait in traits:
        found = await rt.open_job(name, trait)
        if found is not None:
            open_jobs[trait] = found.as_dict()
    return page(
        request, "persona.html.j2", session, persona=row, report=report, traits=traits,
        charts=quality_charts(trend), bucket=bucket_words(int(trend["bucket_seconds"])),
        timeline=timeline, jobs=jobs, open_jobs=open_jobs,
        turns_version=await turns_version(rt, name),
    )  # fmt: skip


async def _training_method(rt: Runtime, job: Job, layer: Mapping[str, Any] | None) -> str | None:
    """How the job trained (``sft+kto``): its layer's manifest, else what its start said,
    else the method it was queued with."""
    label = sentences.method_label(layer.get("manifest")) if layer else None
    if label:
        return label
    for event in await rt.list_events(job.persona, kinds=["TrainingStarted"], limit=200):
        if event.get("job_id") == job.id:
            method = (event.get("payload") or {}).get("method")
            if method:
                return str(method)
    return job.params.get("method")


@router.get("/jobs/{job_id}", response_model=None)
async def job_page(request: Request, job_id: str) -> Response:
    session = await auth_of(request).current(request)
    if session is None:
        return to_login(request)
    rt = rt_of(request)
    try:
        job = await rt.get_job(job_id)
    except (NotFound, InvalidName) as exc:
        return missing(request, session, str(exc))
    layer = next((v for v in await rt.layers.versions(job.persona, job.trait)
                  if v.get("job_id") == job.id), None)  # fmt: skip
    version = version_view(layer) if layer else None
    decisions = [
        {"when": sentences.clock(d.get("ts") if isinstance(d, Mapping) else None),
         "text": sentences.decision_text(d)}
        for d in job.decisions
    ]  # fmt: skip
    return page(
        request, "job.html.j2", session,
        job=job_view(job, progress=await progress(rt, job)), version=version,
        method=await _training_method(rt, job, layer), decisions=decisions,
        estimate=display.estimate(job.estimate) if job.estimate else None,
    )  # fmt: skip
