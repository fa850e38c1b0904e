"""Training jobs: the queue, one job, its metrics and the admin verbs."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Query

from lifelong.jobs import JobStatus
from lifelong.service import models as m
from lifelong.service.deps import (
    Admin,
    Limit,
    Offset,
    PersonaQuery,
    RuntimeDep,
    TraitQuery,
)

log = logging.getLogger("lifelong.service")

router = APIRouter(prefix="/api/v1", responses=m.error_responses())


# -- jobs -------------------------------------------------------------------------------------


@router.get("/jobs", response_model=m.Page[m.JobOut], tags=["jobs"])
async def list_jobs(
    rt: RuntimeDep,
    _: Admin,
    persona: PersonaQuery = None,
    trait: TraitQuery = None,
    status: Annotated[list[JobStatus] | None, Query()] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> m.Page[m.JobOut]:
    """Training jobs, newest first (of a persona, a trait, some statuses)."""
    wanted = [str(s) for s in status] if status else None
    jobs = await rt.list_jobs(persona, trait=trait, status=wanted, limit=limit, offset=offset)
    total = await rt.job_desk.count_jobs(persona, trait=trait, status=wanted)
    return m.Page[m.JobOut].of([m.JobOut(**j.as_dict()) for j in jobs], total, limit, offset)


@router.post("/jobs", response_model=m.JobOut, status_code=201, tags=["jobs"])
async def queue_job(rt: RuntimeDep, body: m.JobIn, _: Admin) -> m.JobOut:
    job_id = await rt.queue_training(
        body.persona, body.trait, priority=body.priority, reason="http",
        approved=body.approved, provider=body.provider, method=body.method,
    )  # fmt: skip
    return m.JobOut(**(await rt.get_job(job_id)).as_dict())


@router.get("/jobs/{job_id}", response_model=m.JobOut, tags=["jobs"])
async def get_job(rt: RuntimeDep, job_id: str, _: Admin) -> m.JobOut:
    return m.JobOut(**(await rt.get_job(job_id)).as_dict())


@router.get("/jobs/{job_id}/metrics/{name}", response_model=m.MetricOut, tags=["jobs"])
async def job_metric(rt: RuntimeDep, job_id: str, name: str, _: Admin) -> m.MetricOut:
    """A job's metric series (``loss``, ``learning_rate``, ``tokens_per_sec`` ...)."""
    metric = await rt.job_metric(job_id, name)
    return m.MetricOut(name=name, **metric)


@router.post("/jobs/{job_id}/{verb}", response_model=m.JobOut, tags=["jobs"])
async def control_job(rt: RuntimeDep, job_id: str, verb: str, caller: Admin) -> m.JobOut:
    """``pause`` / ``resume`` / ``stop`` / ``skip`` / ``cancel`` / ``approve``."""
    job = await rt.control_job(job_id, verb, by=caller.name)
    return m.JobOut(**job.as_dict())
