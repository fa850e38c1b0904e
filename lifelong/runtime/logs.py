"""Logging set-up: secrets never reach a log line that lifelong writes.

Redaction happens on handlers, not where records are made: lifelong is a library and leaves the
process-wide record factory and other libraries' loggers alone. A handler that carries
:func:`redacting_filter` (and, better, a :class:`RedactingFormatter`) scrubs every record it
writes, whichever logger made it (``lifelong``, ``openai``, ``httpx2``, ``httpcore2`` - which
logs request headers at DEBUG -, ``asyncio``, ``apscheduler`` ...), tracebacks included.

- :func:`install_redaction` (called by ``Runtime.start``) adds the configured secrets to the
  one filter that every lifelong handler (:func:`handler`) carries, and puts it on Python's
  last-resort stderr handler, which prints warnings when nobody configured logging.
- An application that configures logging itself adds the filter to its own handlers::

      handler.addFilter(lifelong.runtime.logs.redacting_filter())

- :func:`redact` scrubs text that leaves the process another way (errors, reports, webhooks).
"""

from __future__ import annotations

import io
import logging
import re
import sys
import threading
import traceback
from types import TracebackType
from typing import TextIO

__all__ = [
    "RedactingFormatter",
    "SecretRedactingFilter",
    "handler",
    "install_redaction",
    "redact",
    "redacting_filter",
]

REDACTED = "[REDACTED]"
# OpenAI-style keys, bearer headers, and the HTTP service's own tokens (llt_<id>_<secret>).
_KEY_PATTERN = re.compile(
    r"\b(sk-[A-Za-z0-9_-]{8,}|Bearer\s+[A-Za-z0-9._-]{8,}|llt_[0-9a-f]{12}_[A-Za-z0-9_-]{8,})"
)

_ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


class SecretRedactingFilter(logging.Filter):
    """Replaces known secret values, and anything shaped like an API key, with ``[REDACTED]``.

    Put it on a handler: it rewrites the record's message, exception text and stack info in
    place, so any formatter after it (the stdlib's included) writes redacted text. It never
    drops a record.
    """

    def __init__(self, secrets: list[str] | None = None) -> None:
        super().__init__()
        self.secrets: list[str] = []
        self._lock = threading.Lock()
        self.add(secrets or [])

    def add(self, secrets: list[str]) -> None:
        with self._lock:
            new = [s for s in secrets if s and s not in self.secrets]
            # Longest first, so a secret that contains another is replaced whole.
            self.secrets = sorted([*self.secrets, *new], key=len, reverse=True)

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        return _KEY_PATTERN.sub(REDACTED, text)

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:
            # Arguments that do not fit the format: the handler reports that (handleError)
            # when it formats; a filter must not raise into the code that logged.
            message = None
        if message is not None:
            redacted = self.redact(message)
            if redacted != message:
                record.msg, record.args = redacted, None
        if record.exc_info and not record.exc_text:
            # Formatters reuse exc_text when it is set, so every handler after this one
            # prints the redacted traceback instead of formatting exc_info afresh.
            record.exc_text = _format_exception(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


class RedactingFormatter(logging.Formatter):
    """A formatter whose whole output - message, traceback, stack info - is redacted.

    The filter already scrubs the record; this also covers what a subclass or a format string
    adds around the message (extra fields an application puts in its format string).
    """

    def formatException(self, ei: _ExcInfo | tuple[None, None, None]) -> str:
        return redact(super().formatException(ei))

    def formatStack(self, stack_info: str) -> str:
        return redact(super().formatStack(stack_info))

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def _format_exception(ei: _ExcInfo | tuple[None, None, None]) -> str:
    # What logging.Formatter.formatException prints, without needing a formatter.
    buffer = io.StringIO()
    traceback.print_exception(ei[0], ei[1], ei[2], None, buffer)
    return buffer.getvalue().removesuffix("\n")


_filter = SecretRedactingFilter()


def redacting_filter() -> SecretRedactingFilter:
    """The filter that knows every secret given to :func:`install_redaction` so far (and those
    given later): add it to the handlers of an application that embeds lifelong.
    """
    return _filter


def handler(
    stream: TextIO | None = None,
    *,
    level: int | str = logging.NOTSET,
    fmt: str = "%(asctime)s %(levelname)s %(name)s: %(message)s",
) -> logging.Handler:
    """A stream handler (default: stderr) that redacts everything it writes."""
    made = logging.StreamHandler(stream if stream is not None else sys.stderr)
    made.setLevel(level)
    made.setFormatter(RedactingFormatter(fmt))
    made.addFilter(_filter)
    return made


def install_redaction(secrets: list[str]) -> SecretRedactingFilter:
    """Add ``secrets`` to the redaction filter and make sure lifelong's handlers carry it.

    Handlers made by :func:`handler` carry the filter from the start. Nothing else changes:
    not the record factory, not other loggers, not handlers lifelong did not make - except
    Python's last-resort handler (which prints warnings to stderr when logging was never
    configured), which gets the filter so a bare embedding leaks nothing either.
    """
    _filter.add(secrets)
    last_resort = logging.lastResort
    if last_resort is not None and _filter not in last_resort.filters:
        last_resort.addFilter(_filter)
    return _filter


def redact(text: str) -> str:
    """Redact secrets from text that leaves the process another way (errors, reports, rows)."""
    return _filter.redact(text)
