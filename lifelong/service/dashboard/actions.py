"""The dashboard's verbs: form posts (with the session's CSRF token) that call the runtime and
go back to the page they came from, saying what they did or what stopped them.

- activate a version (one the gate rejected only with ``force`` and a typed reason), roll a
  trait back, pin / unpin a version;
- train a trait now (``rt.queue_training``);
- a job's verbs (pause, resume, skip, stop, cancel, approve).
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response

from lifelong.jobs import PRIORITIES
from lifelong.learning.methods import METHODS
from lifelong.service.dashboard._core import Action, act, router, rt_of, seg


def _persona_path(name: str) -> str:
    return f"/personas/{seg(name)}"


@router.post("/personas/{name}/layers/{trait}/{version:int}/activate", response_model=None)
async def activate(request: Request, name: str, trait: str, version: int) -> Response:
    rt = rt_of(request)

    async def work(action: Action) -> str:
        force = action.form.get("force") in ("1", "true", "on")
        reason = (action.form.get("reason") or "").strip()[:500] or None
        if force and not reason:
            raise ValueError(
                f"v{version} failed its gate: say why it should serve anyway (the reason is "
                "kept in the activation history)"
            )
        before = await rt.layers.activate(name, trait, version, by=action.by, reason=reason,
                                          force=force)  # fmt: skip
        was = f"v{before}" if before is not None else "the base model"
        return f"{name}/{trait} v{version} is active (it replaced {was})" + (
            " — forced past its gate" if force else ""
        )

    return await act(request, _persona_path(name), work)


@router.post("/personas/{name}/layers/{trait}/rollback", response_model=None)
async def rollback(request: Request, name: str, trait: str) -> Response:
    rt = rt_of(request)

    async def work(action: Action) -> str:
        reason = (action.form.get("reason") or "").strip()[:500] or None
        now = await rt.layers.rollback(name, trait, by=action.by, reason=reason)
        to = f"v{now}" if now is not None else "the base model"
        return f"{name}/{trait} rolled back: {to} serves"

    return await act(request, _persona_path(name), work)


@router.post("/personas/{name}/layers/{trait}/{version:int}/pin", response_model=None)
async def pin(request: Request, name: str, trait: str, version: int) -> Response:
    rt = rt_of(request)

    async def work(action: Action) -> str:
        pinned = action.form.get("pinned") in ("1", "true", "on")
        await rt.layers.pin(name, trait, version, pinned=pinned)
        if pinned:
            return f"{name}/{trait} v{version} pinned: never pruned, never evicted from the cache"
        return f"{name}/{trait} v{version} unpinned"

    return await act(request, _persona_path(name), work)


@router.post("/personas/{name}/traits/{trait}/train", response_model=None)
async def train_now(request: Request, name: str, trait: str) -> Response:
    rt = rt_of(request)

    async def work(action: Action) -> str:
        priority = action.form.get("priority") or "normal"
        if priority not in PRIORITIES:
            raise ValueError(f"priority {priority!r} is not one of high, normal, low")
        method = action.form.get("method") or None
        if method is not None and method not in METHODS:
            raise ValueError(f"method {method!r} is not one of {', '.join(METHODS)}")
        job_id = await rt.queue_training(name, trait, priority=priority, reason="dashboard",
                                         method=method)  # fmt: skip
        return f"{name}/{trait}: training queued (job {job_id})"

    return await act(request, _persona_path(name), work)


@router.post("/jobs/{job_id}/{verb}", response_model=None)
async def job_verb(request: Request, job_id: str, verb: str) -> Response:
    rt = rt_of(request)

    async def work(action: Action) -> str:
        job = await rt.control_job(job_id, verb, by=action.by)
        if job.control:
            return f"{verb} requested: the worker acts on it at its next step (job {job_id})"
        return f"job {job_id} is {job.status}"

    return await act(request, f"/jobs/{seg(job_id)}", work)
