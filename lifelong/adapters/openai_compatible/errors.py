"""Translating ``openai`` SDK errors into :mod:`lifelong.errors` classes, keeping the key out.

Failover decides from the class what to do next: :class:`~lifelong.errors.ProviderRetryable`
is tried again, :class:`~lifelong.errors.ProviderPermanent` moves on to the next provider, and
:class:`~lifelong.errors.ProviderUnsupported` (only from the fine-tuning probe) says the server
cannot train at all. Every message is built from redacted server text, and raised ``from None``
because the SDK's own exception text may echo what the server said.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from lifelong.errors import (
    ProviderError,
    ProviderPermanent,
    ProviderRetryable,
    ProviderUnsupported,
)

if TYPE_CHECKING:
    from lifelong.adapters.openai_compatible.config import OpenAICompatibleConfig

__all__ = ["PROBE", "map_error", "redact", "sdk_errors"]

#: The phase name of the fine-tuning probe: only there does a 404 mean "cannot train here".
PROBE = "probe"
# Anything shaped like an OpenAI / DeepSeek secret key, in case a server echoes one back.
_KEY_SHAPE = re.compile(r"sk-[A-Za-z0-9_\-*.]{6,}")


@contextlib.contextmanager
def sdk_errors(name: str, config: OpenAICompatibleConfig, key: str, phase: str) -> Iterator[None]:
    """Translate SDK errors raised inside into our error classes, without the key."""
    # Imported here, not at module level: ``import lifelong`` must not pull in the SDK.
    import openai

    try:
        yield
    except openai.OpenAIError as exc:
        raise map_error(exc, name, config, key, phase) from None


def map_error(
    exc: Exception, name: str, config: OpenAICompatibleConfig, key: str, phase: str
) -> ProviderError:
    """The error class failover should see for ``exc``, raised while doing ``phase``."""
    import openai

    status = getattr(exc, "status_code", None)
    detail = redact(_error_detail(exc), key)
    where = config.base_url or "the default OpenAI endpoint"
    if isinstance(exc, openai.AuthenticationError | openai.PermissionDeniedError):
        return ProviderPermanent(
            name,
            f"{phase}: authentication failed (HTTP {status}), check the key "
            f"(the {config.api_key_env} environment variable or the api_key field)",
        )
    if phase == PROBE and isinstance(exc, openai.APIStatusError) and status in (404, 405, 501):
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
            name, f"{phase}: request to {where} timed out after {config.timeout_s} s"
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


def redact(text: str, key: str) -> str:
    """Remove the key, and anything shaped like a secret key, from server-provided text."""
    if key:
        text = text.replace(key, "[redacted]")
    return _KEY_SHAPE.sub("sk-[redacted]", text)


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
    # A 429 is either a rate limit (wait and retry) or an empty account (retrying cannot help);
    # only the error code tells them apart.
    body = getattr(exc, "body", None)
    if isinstance(body, dict) and "insufficient_quota" in (body.get("code"), body.get("type")):
        return True
    return "insufficient_quota" in str(body)
