"""Remote fine-tuning through the OpenAI API, or any server that speaks its fine-tuning dialect.

The provider uploads the exported dataset (``train.jsonl`` / ``val.jsonl`` for SFT, ``dpo.jsonl``
converted to OpenAI's preference format for DPO), creates a fine-tuning job, polls it with
backoff while reporting the step and loss from the job's metrics events, and returns the
fine-tuned model id. It talks to the server only through the real ``openai`` SDK (with the SDK's
own retries switched off: failover decides what to retry, from the error class we raise).

Rules this module keeps:

- The API key is resolved, and its absence reported, before anything is uploaded.
- No message, log line or chained exception we produce contains the key: SDK errors are
  translated into :class:`~lifelong.errors.ProviderError` subclasses ``from None`` (the SDK's
  exception text may echo what the server said) and every server-provided text is redacted.
- Once a job exists, transient polling errors do not abort it (the remote job keeps running
  and costs money either way); and if we stop polling early for any reason, we ask the server
  to cancel the job.

``deepseek_config`` is a preset for DeepSeek's OpenAI-compatible API. It has no fine-tuning
endpoint today, so the preset probes ``GET /fine_tuning/jobs`` first and the provider raises
:class:`~lifelong.errors.ProviderUnsupported` before uploading anything, letting failover move
on. Should DeepSeek (or any other compatible server) add the endpoint, the same code trains there.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import math
import os
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import SecretStr

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
from lifelong.errors import (
    ConfigError,
    ProviderError,
    ProviderPermanent,
    ProviderRetryable,
    ProviderUnsupported,
)

if TYPE_CHECKING:
    from openai import AsyncOpenAI
    from openai.types.fine_tuning import FineTuningJob

__all__ = [
    "OpenAICompatibleConfig",
    "OpenAICompatibleProvider",
    "deepseek_config",
    "openai_config",
]

log = logging.getLogger("lifelong.adapters.openai")

#: Token counts are approximated as characters / 4 (OpenAI's rule of thumb for English text).
#: Estimates only need to be right to within a factor that budgets tolerate; a tokenizer would
#: add a dependency and still not know the server's exact chat-template overhead.
CHARS_PER_TOKEN = 4
#: OpenAI picks the epoch count ("auto") when none is given; 3 is its usual choice.
DEFAULT_EPOCHS = 3
#: Rough duration model for estimates: queueing and validation, then throughput.
_OVERHEAD_S = 600.0
_TOKENS_PER_S = 2_000.0

_TERMINAL = frozenset({"succeeded", "failed", "cancelled"})
_TRAIN_FILE = {"sft": "train.jsonl", "dpo": "dpo.jsonl"}
_HYPERPARAMETERS = {
    "sft": ("n_epochs", "batch_size", "learning_rate_multiplier"),
    "dpo": ("n_epochs", "batch_size", "learning_rate_multiplier", "beta"),
}
_SUFFIX_MAX = 18
_PROBE = "probe"
# Anything shaped like an OpenAI / DeepSeek secret key, in case a server echoes one back.
_KEY_SHAPE = re.compile(r"sk-[A-Za-z0-9_\-*.]{6,}")


@dataclass(frozen=True, slots=True)
class OpenAICompatibleConfig:
    """Settings of one OpenAI-compatible fine-tuning endpoint.

    ``api_key`` wins over the environment variable named by ``api_key_env``; it may be given as
    a plain string, which is wrapped in a :class:`pydantic.SecretStr` so it never shows in a
    repr. ``base_url=None`` means the SDK default (``OPENAI_BASE_URL`` or api.openai.com).
    ``price_per_million_tokens`` is the training price used by :meth:`estimate` and for the
    reported cost. ``max_poll_errors`` is how many transient errors in a row polling tolerates
    before giving up on a job.
    """

    name: str = "openai"
    base_url: str | None = None
    api_key: SecretStr | None = None
    api_key_env: str = "OPENAI_API_KEY"
    model: str = "gpt-4.1-mini-2025-04-14"
    poll_interval_s: float = 10.0
    max_poll_interval_s: float = 60.0
    timeout_s: float = 60.0
    n_epochs: int | None = None
    price_per_million_tokens: float | None = 5.0
    probe_fine_tuning: bool = False
    max_poll_errors: int = 5

    def __post_init__(self) -> None:
        if isinstance(self.api_key, str):
            object.__setattr__(self, "api_key", SecretStr(self.api_key))
        if not self.name:
            raise ConfigError("name", "must not be empty")
        if self.poll_interval_s <= 0:
            raise ConfigError("poll_interval_s", f"must be > 0, got {self.poll_interval_s}")
        if self.max_poll_interval_s < self.poll_interval_s:
            raise ConfigError(
                "max_poll_interval_s",
                f"must be >= poll_interval_s ({self.poll_interval_s}), "
                f"got {self.max_poll_interval_s}",
            )
        if self.timeout_s <= 0:
            raise ConfigError("timeout_s", f"must be > 0, got {self.timeout_s}")
        if self.n_epochs is not None and self.n_epochs < 1:
            raise ConfigError("n_epochs", f"must be >= 1 or None (auto), got {self.n_epochs}")
        if self.price_per_million_tokens is not None and self.price_per_million_tokens < 0:
            raise ConfigError(
                "price_per_million_tokens", f"must be >= 0, got {self.price_per_million_tokens}"
            )
        if self.max_poll_errors < 0:
            raise ConfigError("max_poll_errors", f"must be >= 0, got {self.max_poll_errors}")


def openai_config(
    api_key: str | SecretStr | None = None, **overrides: Any
) -> OpenAICompatibleConfig:
    """OpenAI's own API with the defaults (gpt-4.1-mini, $5 per million training tokens)."""
    return OpenAICompatibleConfig(api_key=api_key, **overrides)  # type: ignore[arg-type]


def deepseek_config(
    api_key: str | SecretStr | None = None, **overrides: Any
) -> OpenAICompatibleConfig:
    """DeepSeek's OpenAI-compatible API. It has no fine-tuning endpoint today, so the probe is
    on: training raises ProviderUnsupported before any upload and failover moves on. No public
    training price exists, so the cost is unknown (None) unless ``price_per_million_tokens``
    is given: a budget refuses such a job unless it is approved.
    """
    settings: dict[str, Any] = {
        "name": "deepseek",
        "base_url": "https://api.deepseek.com",
        "api_key": api_key,
        "api_key_env": "DEEPSEEK_API_KEY",
        "model": "deepseek-chat",
        "probe_fine_tuning": True,
        "price_per_million_tokens": None,
    }
    settings.update(overrides)
    return OpenAICompatibleConfig(**settings)


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
        path = request.dataset_file(_TRAIN_FILE[request.method])
        chars = 0
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                chars += len(line)
        epochs = self._epochs(request) or DEFAULT_EPOCHS
        tokens = math.ceil(chars / CHARS_PER_TOKEN) * epochs
        return Estimate(
            tokens=tokens,
            cost=self._cost(tokens),
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
        """Upload, create the job, poll it to a terminal status. See the module docstring."""
        check_method(self.name, self.capabilities, request.method, request.preference)
        key = self._api_key()
        train_name = _TRAIN_FILE[request.method]
        train_bytes = self._training_bytes(request)
        val_bytes = b""
        if request.method == "sft":
            val_path = request.dataset_dir / "val.jsonl"
            if val_path.is_file():
                val_bytes = val_path.read_bytes()

        client = self._client(key)
        try:
            if self.config.probe_fine_tuning:
                with self._mapped(key, _PROBE):
                    await client.fine_tuning.jobs.list(limit=1)
            if cancel.is_set():
                raise asyncio.CancelledError
            adopted = await self._adopt(client, key, request)
            if adopted is not None:
                state = _PollState(job_id=adopted.id, status=adopted.status)
                job = await self._poll_or_cancel(client, key, adopted, state, on_progress, cancel)
                return self._result(request, job, state, _suffix(request.persona, request.trait))
            stem = f"lifelong-{_suffix(request.persona, request.trait)}-{request.dataset_hash[:12]}"
            with self._mapped(key, f"upload {train_name}"):
                training_file = await client.files.create(
                    file=(f"{stem}-{request.method}-train.jsonl", train_bytes, "application/jsonl"),
                    purpose="fine-tune",
                )
            validation_file = None
            if val_bytes.strip():
                with self._mapped(key, "upload val.jsonl"):
                    validation_file = await client.files.create(
                        file=(f"{stem}-val.jsonl", val_bytes, "application/jsonl"),
                        purpose="fine-tune",
                    )
            if cancel.is_set():
                raise asyncio.CancelledError
            model = request.base_model or self.config.model
            suffix = _suffix(request.persona, request.trait)
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
                    suffix=suffix,
                )
            log.info("%s: created fine-tuning job %s on %s", self.name, job.id, model)
            self._write_job_record(request, job.id, model, training_file.id, validation_file)
            state = _PollState(job_id=job.id, status=job.status)
            job = await self._poll_or_cancel(client, key, job, state, on_progress, cancel)
            return self._result(request, job, state, suffix)
        finally:
            with contextlib.suppress(Exception):
                await client.close()

    async def _adopt(
        self, client: AsyncOpenAI, key: str, request: TrainRequest
    ) -> FineTuningJob | None:
        """The job an earlier run of this session left running (the runtime was stopped or
        killed), if its record is in the session folder and the job can still succeed.
        """
        path = request.output_dir / "remote_job.json"
        try:
            record = json.loads(path.read_text())
        except (OSError, ValueError):
            return None
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
                self.name, f"fine-tuning job {job.id} failed: {_redact(detail, key)}"
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
                    message=_redact(event.message, key) if event.message else None,
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
            self._cost(job.trained_tokens)
            if job.trained_tokens is not None
            else self.estimate(request).cost
        )
        manifest: dict[str, Any] = {
            "provider": self.name,
            "base_url": self.config.base_url,
            "base_model": job.model,
            "fine_tuned_model": job.fine_tuned_model,
            "job_id": job.id,
            "method": request.method,
            "dataset_hash": request.dataset_hash,
            "session_id": request.session_id,
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
    ) -> str:
        """One chat completion from ``model`` (a fine-tuned model id this provider made)."""
        key = self._api_key()
        client = self._client(key)
        try:
            with self._mapped(key, "chat"):
                response = await client.chat.completions.create(
                    model=model, messages=messages,  # type: ignore[arg-type]
                    max_tokens=max_tokens, temperature=temperature,
                )  # fmt: skip
        finally:
            await client.close()
        return response.choices[0].message.content or ""

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

    def _cost(self, tokens: int) -> float | None:
        """USD for ``tokens`` training tokens; None (unknown, never 0) without a price."""
        price = self.config.price_per_million_tokens
        return None if price is None else tokens / 1_000_000 * price

    def _training_bytes(self, request: TrainRequest) -> bytes:
        """The training file as uploaded: train.jsonl as is, or dpo.jsonl converted to
        OpenAI's preference format.
        """
        name = _TRAIN_FILE[request.method]
        path = request.dataset_file(name)
        if request.method == "sft":
            data = path.read_bytes()
            if not data.strip():
                raise ProviderPermanent(self.name, f"{path} has no SFT examples")
            return data
        lines: list[bytes] = []
        with path.open(encoding="utf-8") as fh:
            for number, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                    converted = {
                        "input": {"messages": row["prompt"]},
                        "preferred_output": row["chosen"],
                        "non_preferred_output": row["rejected"],
                    }
                except (json.JSONDecodeError, KeyError, TypeError) as exc:
                    raise ProviderPermanent(
                        self.name,
                        f"{path} line {number}: not a DPO pair with prompt / chosen / rejected "
                        f"({type(exc).__name__})",
                    ) from None
                lines.append(json.dumps(converted, ensure_ascii=False).encode("utf-8") + b"\n")
        if not lines:
            raise ProviderPermanent(self.name, f"{path} has no DPO pairs")
        return b"".join(lines)

    def _write_job_record(
        self,
        request: TrainRequest,
        job_id: str,
        model: str,
        training_file: str,
        validation_file: Any,
    ) -> None:
        """Leave the job id in the session folder as soon as the job exists, so a crashed run
        can still find (and cancel or adopt) the remote job.
        """
        record = {
            "provider": self.name,
            "base_url": self.config.base_url,
            "job_id": job_id,
            "model": model,
            "training_file": training_file,
            "validation_file": validation_file.id if validation_file is not None else None,
            "created_at": time.time(),
        }
        try:
            request.output_dir.mkdir(parents=True, exist_ok=True)
            (request.output_dir / "remote_job.json").write_text(json.dumps(record, indent=2))
        except OSError as exc:
            log.warning("%s: could not write remote_job.json: %s", self.name, exc)

    @contextlib.contextmanager
    def _mapped(self, key: str, phase: str) -> Iterator[None]:
        """Translate SDK errors raised inside into our error classes, without the key."""
        import openai

        try:
            yield
        except openai.OpenAIError as exc:
            raise self._map_error(exc, key, phase) from None

    def _map_error(self, exc: Exception, key: str, phase: str) -> ProviderError:
        import openai

        name = self.name
        status = getattr(exc, "status_code", None)
        detail = _redact(_error_detail(exc), key)
        where = self.config.base_url or "the default OpenAI endpoint"
        if isinstance(exc, openai.AuthenticationError | openai.PermissionDeniedError):
            return ProviderPermanent(
                name,
                f"{phase}: authentication failed (HTTP {status}), check the key "
                f"(the {self.config.api_key_env} environment variable or the api_key field)",
            )
        if phase == _PROBE and isinstance(exc, openai.APIStatusError) and status in (404, 405, 501):
            return ProviderUnsupported(
                name,
                f"{where} has no fine-tuning endpoint (HTTP {status} on GET /fine_tuning/jobs); "
                "use another trainer provider",
            )
        if isinstance(exc, openai.RateLimitError):
            if _is_insufficient_quota(exc):
                return ProviderPermanent(
                    name,
                    f"{phase}: insufficient quota (HTTP 429): {detail}; "
                    "add credit or raise the account's limit",
                )
            retry_after = exc.response.headers.get("retry-after")
            hint = f"; retry after {retry_after} s" if retry_after else ""
            return ProviderRetryable(name, f"{phase}: rate limited (HTTP 429): {detail}{hint}")
        if isinstance(exc, openai.BadRequestError | openai.UnprocessableEntityError):
            return ProviderPermanent(name, f"{phase}: request rejected (HTTP {status}): {detail}")
        if isinstance(exc, openai.NotFoundError):
            return ProviderPermanent(name, f"{phase}: not found (HTTP 404): {detail}")
        if isinstance(exc, openai.InternalServerError):
            return ProviderRetryable(name, f"{phase}: server error (HTTP {status}): {detail}")
        if isinstance(exc, openai.APITimeoutError):
            return ProviderRetryable(
                name, f"{phase}: request to {where} timed out after {self.config.timeout_s} s"
            )
        if isinstance(exc, openai.APIConnectionError):
            return ProviderRetryable(name, f"{phase}: cannot connect to {where}: {detail}")
        if isinstance(exc, openai.APIStatusError):
            if status in (408, 409):
                return ProviderRetryable(name, f"{phase}: HTTP {status}: {detail}")
            return ProviderPermanent(name, f"{phase}: HTTP {status}: {detail}")
        if isinstance(exc, openai.APIResponseValidationError):
            return ProviderPermanent(
                name, f"{phase}: {where} answered in a shape the OpenAI SDK does not understand"
            )
        return ProviderPermanent(name, f"{phase}: {type(exc).__name__}: {detail}")


def _suffix(persona: str, trait: str) -> str:
    """Model-name suffix from persona and trait: lower-case letters, digits and '-', at most
    18 characters (OpenAI's historical limit; servers accept at least that everywhere).
    """
    text = re.sub(r"[^a-z0-9]+", "-", f"{persona}-{trait}".lower()).strip("-")
    return text[:_SUFFIX_MAX].strip("-") or "lifelong"


def _error_detail(exc: Exception) -> str:
    """The server's error message (and code) if it sent one, else the SDK's message."""
    body = getattr(exc, "body", None)
    if isinstance(body, dict):
        message = body.get("message")
        code = body.get("code") or body.get("type")
        if isinstance(message, str) and message:
            return f"{message} ({code})" if code else message
    message = getattr(exc, "message", None)
    return str(message if message else exc)


def _is_insufficient_quota(exc: Exception) -> bool:
    body = getattr(exc, "body", None)
    if isinstance(body, dict) and "insufficient_quota" in (body.get("code"), body.get("type")):
        return True
    return "insufficient_quota" in str(body)


def _redact(text: str, key: str) -> str:
    """Remove the key, and anything shaped like a secret key, from server-provided text."""
    if key:
        text = text.replace(key, "[redacted]")
    return _KEY_SHAPE.sub("sk-[redacted]", text)
