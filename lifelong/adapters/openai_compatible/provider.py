"""The provider itself: estimate, train (upload, create the job, poll it to the end, cancel it
if we stop watching), and chat with the fine-tuned model. See the package docstring for the
rules it keeps about keys, errors and remote jobs.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import math
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from lifelong.adapters.base import (
    Capability,
    Estimate,
    Progress,
    ProgressCallback,
    TrainRequest,
    TrainResult,
    check_method,
    report,
)
from lifelong.adapters.openai_compatible.config import (
    CHARS_PER_TOKEN,
    DEFAULT_EPOCHS,
    OpenAICompatibleConfig,
    training_cost,
)
from lifelong.adapters.openai_compatible.errors import PROBE, redact, sdk_errors
from lifelong.adapters.openai_compatible.files import (
    read_job_record,
    suffix,
    training_bytes,
    training_chars,
    upload,
    validation_bytes,
    write_job_record,
)
from lifelong.errors import ProviderError, ProviderPermanent, ProviderRetryable

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    from openai import AsyncOpenAI
    from openai.types.fine_tuning import FineTuningJob

__all__ = ["OpenAICompatibleProvider"]

# The provider's one logger, whichever of its modules logs, so one filter covers all of it.
log = logging.getLogger("lifelong.adapters.openai")

#: Rough duration model for estimates: queueing and validation, then throughput.
_OVERHEAD_S = 600.0
_TOKENS_PER_S = 2_000.0

_TERMINAL = frozenset({"succeeded", "failed", "cancelled"})
_HYPERPARAMETERS = {
    "sft": ("n_epochs", "batch_size", "learning_rate_multiplier"),
    "dpo": ("n_epochs", "batch_size", "learning_rate_multiplier", "beta"),
}


@dataclass(slots=True)
class _PollState:
    """What polling has learnt so far about one job."""

    job_id: str
    status: str
    step: int = 0
    total_steps: int | None = None
    loss: float | None = None
    seen_events: set[str] = field(default_factory=set)


class OpenAICompatibleProvider:
    """Fine-tunes through an OpenAI-compatible API; the result is a remote model id."""

    capabilities: frozenset[Capability] = frozenset(
        {Capability.SFT, Capability.DPO, Capability.REMOTE_MODEL}
    )

    def __init__(self, config: OpenAICompatibleConfig | None = None) -> None:
        self.config = config or OpenAICompatibleConfig()
        self.name = self.config.name

    def __repr__(self) -> str:
        return f"OpenAICompatibleProvider(name={self.name!r}, base_url={self.config.base_url!r})"

    # -- estimate --------------------------------------------------------------------------

    def estimate(self, request: TrainRequest) -> Estimate:
        """Training tokens (characters / 4 of the training file, times epochs), cost and a rough
        duration. Offline: needs neither the key nor the network.
        """
        check_method(self.name, self.capabilities, request.method, request.preference)
        chars = training_chars(request)
        epochs = self._epochs(request) or DEFAULT_EPOCHS
        tokens = math.ceil(chars / CHARS_PER_TOKEN) * epochs
        return Estimate(
            tokens=tokens,
            cost=training_cost(self.config, tokens),
            seconds=_OVERHEAD_S + tokens / _TOKENS_PER_S,
            price_key=self.price_key,
        )

    @property
    def price_key(self) -> str:
        """The key of this provider's price in ``training.prices``: ``provider:model``."""
        return f"{self.name}:{self.config.model}"

    # -- train -----------------------------------------------------------------------------

    async def train(
        self,
        request: TrainRequest,
        on_progress: ProgressCallback,
        cancel: asyncio.Event,
    ) -> TrainResult:
        """Upload, create the job, poll it to a terminal status. See the package docstring."""
        check_method(self.name, self.capabilities, request.method, request.preference)
        key = self._api_key()
        # Read (and check) the dataset before connecting: a bad export fails without a request.
        train_bytes = training_bytes(self.name, request)
        val_bytes = validation_bytes(request)

        client = self._client(key)
        try:
            if self.config.probe_fine_tuning:
                with self._mapped(key, PROBE):
                    await client.fine_tuning.jobs.list(limit=1)
            if cancel.is_set():
                raise asyncio.CancelledError
            adopted = await self._adopt(client, key, request)
            if adopted is not None:
                state = _PollState(job_id=adopted.id, status=adopted.status)
                job = await self._poll_or_cancel(client, key, adopted, state, on_progress, cancel)
                return self._result(request, job, state, suffix(request.persona, request.trait))
            training_file, validation_file = await upload(
                client, functools.partial(self._mapped, key), request, train_bytes, val_bytes
            )
            if cancel.is_set():
                raise asyncio.CancelledError
            model = request.base_model or self.config.model
            model_suffix = suffix(request.persona, request.trait)
            method_type = "supervised" if request.method == "sft" else "dpo"
            method: dict[str, Any] = {"type": method_type}
            hyper = self._hyperparameters(request)
            if hyper:
                method[method_type] = {"hyperparameters": hyper}
            with self._mapped(key, "create fine-tuning job"):
                job = await client.fine_tuning.jobs.create(
                    model=model,
                    training_file=training_file.id,
                    validation_file=validation_file.id if validation_file else None,
                    method=method,  # type: ignore[arg-type]
                    suffix=model_suffix,
                )
            log.info("%s: created fine-tuning job %s on %s", self.name, job.id, model)
            write_job_record(
                self.name,
                self.config.base_url,
                request,
                job.id,
                model,
                training_file.id,
                validation_file,
            )
            state = _PollState(job_id=job.id, status=job.status)
            job = await self._poll_or_cancel(client, key, job, state, on_progress, cancel)
            return self._result(request, job, state, model_suffix)
        finally:
            with contextlib.suppress(Exception):
                await client.close()

    async def _adopt(
        self, client: AsyncOpenAI, key: str, request: TrainRequest
    ) -> FineTuningJob | None:
        """The job an earlier run of this session left running (the runtime was stopped or
        killed), if its record is in the session folder and the job can still succeed.
        """
        record = read_job_record(request)
        if record.get("provider") != self.name or record.get("base_url") != self.config.base_url:
            return None
        try:
            with self._mapped(key, f"look up job {record['job_id']}"):
                job = await client.fine_tuning.jobs.retrieve(record["job_id"])
        except ProviderPermanent as exc:  # gone (another account, deleted): start afresh
            log.warning("%s: cannot adopt job %s: %s", self.name, record["job_id"], exc)
            return None
        if job.status in ("failed", "cancelled"):
            log.info("%s: earlier job %s is %s; starting a new one", self.name, job.id, job.status)
            return None
        log.info("%s: adopting job %s (%s) from an earlier run", self.name, job.id, job.status)
        return job

    async def _poll_or_cancel(
        self,
        client: AsyncOpenAI,
        key: str,
        job: FineTuningJob,
        state: _PollState,
        on_progress: ProgressCallback,
        cancel: asyncio.Event,
    ) -> FineTuningJob:
        """Poll to the end. A stop request cancels the remote job; a runtime shutting down
        (``StopSignal.detach``) or killed leaves it running for the next start to adopt.
        """
        try:
            return await self._poll(client, key, job, state, on_progress, cancel)
        except BaseException:
            if state.status not in _TERMINAL and not getattr(cancel, "detach", False):
                await self._cancel_job(client, key, state.job_id)
            raise

    # -- polling ---------------------------------------------------------------------------

    async def _poll(
        self,
        client: AsyncOpenAI,
        key: str,
        job: FineTuningJob,
        state: _PollState,
        on_progress: ProgressCallback,
        cancel: asyncio.Event,
    ) -> FineTuningJob:
        """Poll until the job is terminal; raise for failed / cancelled, return it if it
        succeeded. The interval doubles from poll_interval_s up to max_poll_interval_s.
        """
        interval = self.config.poll_interval_s
        errors = 0
        await report(on_progress, Progress(step=0, message=f"job {job.id}: {job.status}"))
        while job.status not in _TERMINAL:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(cancel.wait(), timeout=interval)
            if cancel.is_set():
                raise asyncio.CancelledError
            interval = min(interval * 2, self.config.max_poll_interval_s)
            try:
                with self._mapped(key, f"poll job {job.id}"):
                    current = await client.fine_tuning.jobs.retrieve(job.id)
                if current.status in ("running", "succeeded", "failed"):
                    updates = await self._metrics(client, key, state)
                else:
                    updates = []
            except ProviderRetryable as exc:
                errors += 1
                if errors > self.config.max_poll_errors:
                    raise ProviderRetryable(
                        self.name,
                        f"gave up polling job {job.id} after {errors} transient errors in a row "
                        f"(last: {exc}); the job was asked to cancel",
                    ) from None
                log.warning("%s: transient error while polling, will retry: %s", self.name, exc)
                continue
            errors = 0
            if current.status != state.status:
                log.info("%s: job %s is %s", self.name, job.id, current.status)
                state.status = current.status
                if current.status not in _TERMINAL:
                    await report(
                        on_progress,
                        Progress(
                            step=state.step,
                            total_steps=state.total_steps,
                            loss=state.loss,
                            message=f"job {job.id}: {current.status}",
                        ),
                    )
            for progress in updates:
                await report(on_progress, progress)
            job = current

        if job.status == "failed":
            error = job.error
            detail = (
                f"{error.message} (code {error.code})"
                if error is not None
                else "no error details given"
            )
            raise ProviderPermanent(
                self.name, f"fine-tuning job {job.id} failed: {redact(detail, key)}"
            )
        if job.status == "cancelled":
            raise ProviderPermanent(
                self.name, f"fine-tuning job {job.id} was cancelled by the provider"
            )
        if state.loss is None:
            await self._checkpoint_metrics(client, key, state)
        return job

    async def _metrics(self, client: AsyncOpenAI, key: str, state: _PollState) -> list[Progress]:
        """New metrics events of the job as Progress, oldest first. The API lists events
        newest first; ids already seen are skipped.
        """
        with self._mapped(key, f"list events of job {state.job_id}"):
            page = await client.fine_tuning.jobs.list_events(state.job_id, limit=100)
        found: list[Progress] = []
        for event in page.data:
            if event.id in state.seen_events:
                continue
            state.seen_events.add(event.id)
            data = event.data if isinstance(event.data, dict) else None
            if data is None or (event.type not in (None, "metrics")) or "step" not in data:
                continue
            try:
                step = int(data["step"])
            except (TypeError, ValueError):
                continue
            total = data.get("total_steps")
            loss = data.get("train_loss")
            found.append(
                Progress(
                    step=step,
                    total_steps=int(total) if isinstance(total, int | float) else None,
                    loss=float(loss) if isinstance(loss, int | float) else None,
                    message=redact(event.message, key) if event.message else None,
                )
            )
        found.sort(key=lambda p: p.step)
        fresh = [p for p in found if p.step > state.step]
        if fresh:
            last = fresh[-1]
            state.step = last.step
            state.total_steps = last.total_steps or state.total_steps
            if last.loss is not None:
                state.loss = last.loss
        return fresh

    async def _checkpoint_metrics(self, client: AsyncOpenAI, key: str, state: _PollState) -> None:
        """Final step and loss from the job's checkpoints, for servers that emit no metrics
        events. Best effort: the model is trained whether or not this works.
        """
        try:
            with self._mapped(key, f"list checkpoints of job {state.job_id}"):
                page = await client.fine_tuning.jobs.checkpoints.list(state.job_id, limit=10)
        except ProviderError as exc:
            log.warning("%s: could not read checkpoints: %s", self.name, exc)
            return
        if not page.data:
            return
        last = max(page.data, key=lambda c: c.step_number)
        state.step = max(state.step, last.step_number)
        if last.metrics.train_loss is not None:
            state.loss = float(last.metrics.train_loss)

    async def _cancel_job(self, client: AsyncOpenAI, key: str, job_id: str) -> None:
        """Ask the server to cancel a job we stop watching, so it does not train (and bill)
        unobserved. Best effort, bounded by timeout_s.
        """
        try:
            with self._mapped(key, f"cancel job {job_id}"):
                await asyncio.wait_for(
                    client.fine_tuning.jobs.cancel(job_id), timeout=self.config.timeout_s
                )
            log.info("%s: cancelled fine-tuning job %s", self.name, job_id)
        except (ProviderError, TimeoutError) as exc:
            log.warning(
                "%s: could not cancel fine-tuning job %s (%s); cancel it by hand",
                self.name,
                job_id,
                exc,
            )

    # -- helpers ---------------------------------------------------------------------------

    def _result(
        self, request: TrainRequest, job: FineTuningJob, state: _PollState, suffix: str
    ) -> TrainResult:
        if not job.fine_tuned_model:
            raise ProviderPermanent(
                self.name, f"job {job.id} succeeded but the server named no fine-tuned model"
            )
        cost = (
            training_cost(self.config, job.trained_tokens)
            if job.trained_tokens is not None
            else self.estimate(request).cost
        )
        manifest: dict[str, Any] = {
            "provider": self.name,
            "base_url": self.config.base_url,
            "base_model": job.model,
            "fine_tuned_model": job.fine_tuned_model,
            # The remote fine-tuning job; ``job_id`` is lifelong's own job (in earlier
            # manifests this key held the remote id and ``session_id`` lifelong's).
            "fine_tuning_job_id": job.id,
            "method": request.method,
            "dataset_hash": request.dataset_hash,
            "job_id": request.job_id,
            "suffix": suffix,
            "training_file": job.training_file,
            "validation_file": job.validation_file,
            "trained_tokens": job.trained_tokens,
            "hyperparameters": job.hyperparameters.model_dump(exclude_none=True),
            "finished_at": job.finished_at,
        }
        return TrainResult(
            provider=self.name,
            kind="remote",
            manifest=manifest,
            remote_model=job.fine_tuned_model,
            final_loss=state.loss,
            steps=state.step,
            cost=cost,
        )

    # -- serving a fine-tuned model ---------------------------------------------------------

    async def chat(
        self,
        model: str,
        messages: list[dict[str, str]],
        *,
        max_tokens: int = 128,
        temperature: float = 0.0,
        on_text: Callable[[str], None] | None = None,
    ) -> str:
        """One chat completion from ``model`` (a fine-tuned model id this provider made).
        With ``on_text`` it is streamed: each piece goes to ``on_text`` as it arrives.
        """
        key = self._api_key()
        client = self._client(key)
        try:
            with self._mapped(key, "chat"):
                if on_text is None:
                    response = await client.chat.completions.create(
                        model=model, messages=messages,  # type: ignore[arg-type]
                        max_tokens=max_tokens, temperature=temperature,
                    )  # fmt: skip
                    return response.choices[0].message.content or ""
                stream = await client.chat.completions.create(
                    model=model, messages=messages,  # type: ignore[arg-type]
                    max_tokens=max_tokens, temperature=temperature, stream=True,
                )  # fmt: skip
                pieces: list[str] = []
                async for chunk in stream:  # type: ignore[union-attr]
                    piece = chunk.choices[0].delta.content if chunk.choices else None
                    if piece:
                        pieces.append(piece)
                        on_text(piece)
                return "".join(pieces)
        finally:
            await client.close()

    def _api_key(self) -> str:
        if self.config.api_key is not None:
            key = self.config.api_key.get_secret_value()
        else:
            key = os.environ.get(self.config.api_key_env, "")
        if not key.strip():
            raise ProviderPermanent(
                self.name,
                f"no API key: set the {self.config.api_key_env} environment variable "
                "or the api_key config field",
            )
        return key.strip()

    def _client(self, key: str) -> AsyncOpenAI:
        from openai import AsyncOpenAI

        return AsyncOpenAI(
            api_key=key,
            base_url=self.config.base_url,
            timeout=self.config.timeout_s,
            max_retries=0,
        )

    def _epochs(self, request: TrainRequest) -> int | None:
        value = request.hyperparameters.get("n_epochs")
        if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
            return value
        return self.config.n_epochs

    def _hyperparameters(self, request: TrainRequest) -> dict[str, Any]:
        """The hyperparameters OpenAI's method accepts; other keys (meant for local
        trainers, such as LoRA ranks) are ignored.
        """
        allowed = _HYPERPARAMETERS[request.method]
        hyper = {k: v for k, v in request.hyperparameters.items() if k in allowed}
        ignored = sorted(set(request.hyperparameters) - set(allowed))
        if ignored:
            log.debug("%s: ignoring hyperparameters %s", self.name, ", ".join(ignored))
        epochs = self._epochs(request)
        if epochs is not None:
            hyper["n_epochs"] = epochs
        return hyper

    def _mapped(self, key: str, phase: str) -> AbstractContextManager[None]:
        """Translate SDK errors raised inside into our error classes, without the key."""
        return sdk_errors(self.name, self.config, key, phase)
