"""Training jobs as people and scripts see them: queue one, run the queue here, control a
job, read jobs and their metrics, and build a trait's dataset.

The job worker that claims, trains, tests and deploys is :mod:`lifelong.runtime.jobs`; this
is the desk in front of it (``rt.queue_training``, ``rt.control_job``, ``rt.list_jobs`` ...).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any

from lifelong._names import validate_name
from lifelong.errors import ConfigError, JobRefused, LifelongError, NotFound
from lifelong.events import TrainingQueued
from lifelong.jobs import PRIORITIES, Job
from lifelong.learning.dataset import Dataset, DatasetPolicy
from lifelong.learning.methods import METHODS
from lifelong.learning.trait_datasets import TraitDatasets
from lifelong.persona.traits import GENERAL, check_declared
from lifelong.runtime.config import RuntimeConfig
from lifelong.runtime.jobs import JOB_VERBS, JobWorker
from lifelong.storage.repos import JobRepo, MetricsRepo
from lifelong.storage.repos.events import event_row
from lifelong.storage.repos.personas import PersonaRow

__all__ = ["JobDesk", "dataset_policy"]


def dataset_policy(config: RuntimeConfig) -> DatasetPolicy:
    """What a trait's dataset keeps, from ``config.triggers`` / ``config.dataset``."""
    return DatasetPolicy(
        min_quality=config.triggers.min_quality,
        val_fraction=config.dataset.val_fraction,
        drop_injections=config.dataset.drop_injections,
        min_val=config.evaluation.min_heldout,
        scrub_learned=config.dataset.scrub_learned,
    )


class JobDesk:
    """``rt.queue_training`` / ``run_jobs`` / ``control_job`` / ``get_job`` / ``list_jobs``
    / ``build_dataset`` ...

    Built by the runtime with what it uses: the persona lookup, the job and metric tables,
    the job worker (woken when a job is queued, or run here), the trait datasets and the
    configured providers.
    """

    def __init__(
        self,
        *,
        persona_row: Callable[[str], Awaitable[PersonaRow]],
        check_open: Callable[[], None],
        jobs: JobRepo,
        metrics: MetricsRepo,
        worker: JobWorker,
        datasets: TraitDatasets,
        providers: Sequence[str],
    ) -> None:
        self._persona_row = persona_row
        self._check_open = check_open
        self._jobs = jobs
        self._metrics = metrics
        self.worker = worker
        self.datasets = datasets
        self._providers = list(providers)

    async def queue_training(
        self,
        persona: str,
        trait: str = GENERAL,
        *,
        priority: str = "normal",
        reason: str = "manual",
        approved: bool = False,
        provider: str | None = None,
        method: str | None = None,
    ) -> str:
        """Queue a training job for (persona, trait) now; returns its id (durable once
        returned). ``provider`` limits the job to one provider of the chain; ``approved``
        lets it go over the budget; ``method`` (auto, sft, dpo, kto) overrides
        ``training.method`` for this job. Raises LifelongError if the trait has an open job.
        """
        self._check_open()
        row = await self._persona_row(persona)
        check_declared(row.traits, persona, trait)
        if provider is not None and provider not in self._providers:
            configured = ", ".join(self._providers)
            raise ConfigError(
                "provider", f"{provider!r} is not in training.providers ({configured})"
            )
        if priority not in PRIORITIES:
            raise ConfigError("priority", f"{priority!r} is not one of high, normal, low")
        if method is not None and method not in METHODS:
            raise ConfigError("method", f"{method!r} is not one of {', '.join(METHODS)}")
        params: dict[str, Any] = {"approved": approved}
        if provider is not None:
            params["providers"] = [provider]
        if method is not None:
            params["method"] = method
        why = {"trigger": reason}  # the same shape as the triggers' reasons
        job_id = await self._jobs.queue(
            persona, trait, reason=why, priority=priority, params=params,
            event=event_row(TrainingQueued, persona=persona, trait=trait,
                            payload={"reason": why, "priority": priority}),
        )  # fmt: skip
        if job_id is None:
            existing = await self._jobs.open_job(persona, trait)
            raise LifelongError(
                f"{persona}/{trait} already has an open training job "
                f"({existing.id if existing else '?'}); see `lifelong jobs list`"
            )
        self.worker.wake()
        return job_id

    async def run_jobs(self, limit: int | None = None) -> list[dict[str, Any]]:
        """Run queued jobs in this task until the queue is empty (or ``limit`` ran): for
        scripts, the CLI and tests; with ``background`` on, the job worker does this itself.
        """
        self._check_open()
        outcomes: list[dict[str, Any]] = []
        while limit is None or len(outcomes) < limit:
            outcome = await self.worker.run_once()
            if outcome is None:
                break
            outcomes.append(outcome)
        return outcomes

    async def run_job(self, job_id: str) -> dict[str, Any] | None:
        """Run job ``job_id`` now in this task; None if it is not queued (or another
        worker holds it).
        """
        self._check_open()
        return await self.worker.run_once(job_id)

    async def control_job(self, job_id: str, verb: str, *, by: str = "admin") -> Job:
        """pause / resume / stop / skip / cancel / approve a job (see
        :mod:`lifelong.runtime.jobs`); returns the job as it is afterwards. Raises NotFound
        for an unknown id and JobRefused for a verb that does not apply to the job's state.
        """
        self._check_open()
        job = await self.get_job(job_id)
        if verb not in JOB_VERBS:
            raise JobRefused(job_id, job.status, str(verb), f"use one of {', '.join(JOB_VERBS)}")
        try:
            job, effect = await self._jobs.request(job_id, verb, by=by)
        except LookupError:
            raise NotFound("job", job_id, "list jobs with `lifelong jobs list`") from None
        if job.status == "cancelled" and effect != "requested":
            await self.delete_checkpoints(job_id)
        if job.status == "queued":
            self.worker.wake()
        return job

    async def approve_job(self, job_id: str, *, by: str = "admin") -> Job:
        """Let a job go over the training budget (or train with a provider whose price is
        unknown); one waiting in ``needs_approval`` is queued again.
        """
        return await self.control_job(job_id, "approve", by=by)

    async def get_job(self, job_id: str) -> Job:
        """A training job by id (NotFound if there is none)."""
        self._check_open()
        job = await self._jobs.get(job_id)
        if job is None:
            raise NotFound("job", job_id, "list jobs with `lifelong jobs list`")
        return job

    async def list_jobs(
        self,
        persona: str | None = None,
        *,
        trait: str | None = None,
        status: Sequence[str] | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[Job]:
        """Training jobs, newest first, optionally of one persona / trait / statuses."""
        self._check_open()
        if persona is not None:
            validate_name("persona", persona)
        if trait is not None:
            validate_name("trait", trait)
        return await self._jobs.list(persona, status, trait=trait, limit=limit, offset=offset)

    async def count_jobs(
        self,
        persona: str | None = None,
        *,
        trait: str | None = None,
        status: Sequence[str] | None = None,
    ) -> int:
        """How many jobs :meth:`list_jobs` pages through with the same filters."""
        self._check_open()
        if persona is not None:
            validate_name("persona", persona)
        if trait is not None:
            validate_name("trait", trait)
        return await self._jobs.count(persona, status, trait=trait)

    async def open_job(self, persona: str, trait: str) -> Job | None:
        """The job of (persona, trait) that has not ended yet, if any (there is at most one)."""
        self._check_open()
        validate_name("persona", persona)
        validate_name("trait", trait)
        return await self._jobs.open_job(persona, trait)

    async def jobs_ahead_of(self, job_id: str) -> int:
        """How many queued jobs a worker takes before ``job_id``."""
        self._check_open()
        return await self._jobs.ahead_of(job_id)

    async def job_metric(self, job_id: str, name: str = "loss") -> dict[str, Any]:
        """A job's metric series ``[(step, value), ...]`` and its summary (first, last, min)."""
        await self.get_job(job_id)
        return {
            "series": await self._metrics.series(job_id, name),
            "summary": await self._metrics.summary(job_id, name),
        }

    async def delete_checkpoints(self, job_id: str) -> None:
        """Delete a job's checkpoints, of every provider (what ``cancel`` promises)."""
        await self.worker.training.delete_checkpoints(job_id)

    async def build_dataset(
        self, persona: str, trait: str, *, job_id: str | None = None
    ) -> tuple[Dataset, Path]:
        """Build and export the dataset for (persona, trait) from its unused interactions.

        With ``job_id`` the interactions it accounts for are claimed by that training
        session; they are marked used only when its layer is deployed.
        """
        self._check_open()
        return await self.datasets.build(persona, trait, job_id=job_id)

    def dataset_dir(self, persona: str, trait: str, dataset_hash: str) -> Path:
        """Where :meth:`build_dataset` exported the dataset with this hash."""
        return self.datasets.folder(persona, trait, dataset_hash)

    def dataset_policy(self) -> DatasetPolicy:
        """What a trait's dataset keeps, from ``config.triggers`` / ``config.dataset``."""
        return self.datasets.policy
