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

Modules: :mod:`.config` (settings, presets, price), :mod:`.errors` (SDK errors to our error
classes, redaction), :mod:`.files` (dataset upload, job record), :mod:`.provider` (the
provider). Import from this package; the split is an implementation detail.
"""

from lifelong.adapters.openai_compatible.config import (
    CHARS_PER_TOKEN,
    DEFAULT_EPOCHS,
    OpenAICompatibleConfig,
    deepseek_config,
    openai_config,
)
from lifelong.adapters.openai_compatible.provider import OpenAICompatibleProvider

__all__ = [
    "CHARS_PER_TOKEN",
    "DEFAULT_EPOCHS",
    "OpenAICompatibleConfig",
    "OpenAICompatibleProvider",
    "deepseek_config",
    "openai_config",
]
