"""Logging set-up: secrets never reach a log line."""

from __future__ import annotations

import logging
import re

_KEY_PATTERN = re.compile(r"\b(sk-[A-Za-z0-9_-]{8,}|Bearer\s+[A-Za-z0-9._-]{8,})")


class SecretRedactingFilter(logging.Filter):
    """Replaces known secret values, and anything shaped like an API key, with ``[REDACTED]``."""

    def __init__(self, secrets: list[str] | None = None) -> None:
        super().__init__("lifelong")
        self.secrets = [s for s in (secrets or []) if s]

    def add(self, secrets: list[str]) -> None:
        self.secrets.extend(s for s in secrets if s and s not in self.secrets)

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "[REDACTED]")
        return _KEY_PATTERN.sub("[REDACTED]", text)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = self.redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


_filter = SecretRedactingFilter()
# Our loggers, and the HTTP clients that carry our API keys.
_REDACTED_LOGGERS = {"lifelong", "openai", "httpx", "httpx2", "httpcore"}
_installed = False


def install_redaction(secrets: list[str]) -> SecretRedactingFilter:
    """Redact ``secrets`` from every record of the ``lifelong`` logger and its children.

    A logger's filters do not see records of its child loggers, so the redaction happens where
    records are made: a record factory that wraps the current one (installed once).
    """
    global _installed
    _filter.add(secrets)
    if not _installed:
        previous = logging.getLogRecordFactory()

        def factory(*args: object, **kwargs: object) -> logging.LogRecord:
            record = previous(*args, **kwargs)
            if record.name.split(".", 1)[0] in _REDACTED_LOGGERS:
                _filter.filter(record)
            return record

        logging.setLogRecordFactory(factory)
        _installed = True
    return _filter


def redact(text: str) -> str:
    """Redact secrets from text that leaves the process another way (errors, reports, rows)."""
    return _filter.redact(text)
