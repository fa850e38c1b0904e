"""Secrets never reach what a lifelong log handler writes, whichever logger made the record."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from lifelong.runtime import logs
from lifelong.runtime.logs import handler, install_redaction, redact, redacting_filter

KEY = "sk-test-LOGS-0123456789abcdefSECRET"
# A configured secret that does not look like an API key: only the secret list catches it.
PLAIN_SECRET = "correct-horse-battery-staple-42"

LOGGERS = ("lifelong.test", "httpcore2.http11", "httpcore2", "asyncio", "apscheduler.scheduler")


@pytest.fixture
def written() -> Iterator[io.StringIO]:
    """What a lifelong handler on the root logger writes, with every logger here at DEBUG."""
    install_redaction([PLAIN_SECRET])
    stream = io.StringIO()
    made = handler(stream, level=logging.DEBUG)
    root = logging.getLogger()
    levels = {name: logging.getLogger(name).level for name in LOGGERS}
    root.addHandler(made)
    for name in LOGGERS:
        logging.getLogger(name).setLevel(logging.DEBUG)
    try:
        yield stream
    finally:
        root.removeHandler(made)
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)


def test_httpcore2_debug_request_headers_are_redacted(written: io.StringIO) -> None:
    # What httpcore2's trace logging prints for a request of the openai 3 SDK.
    logging.getLogger("httpcore2.http11").debug(
        "send_request_headers.started request=<Request [b'POST']> headers=%r",
        [(b"Authorization", f"Bearer {KEY}".encode()), (b"X-Extra", PLAIN_SECRET.encode())],
    )
    text = written.getvalue()
    assert "send_request_headers.started" in text
    assert KEY not in text and KEY[3:20] not in text
    assert PLAIN_SECRET not in text
    assert "[REDACTED]" in text


def test_exception_tracebacks_are_redacted(written: io.StringIO) -> None:
    log = logging.getLogger("lifelong.test")
    try:
        raise RuntimeError(f"the server said: invalid key {KEY} ({PLAIN_SECRET})")
    except RuntimeError:
        log.exception("training failed")
    log.warning("where we were", stack_info=True)
    text = written.getvalue()
    assert "Traceback (most recent call last)" in text and "RuntimeError" in text
    assert "Stack (most recent call last)" in text
    assert KEY not in text and PLAIN_SECRET not in text


@pytest.mark.parametrize("name", ["asyncio", "apscheduler.scheduler"])
def test_records_of_other_libraries_are_redacted(written: io.StringIO, name: str) -> None:
    try:
        raise ValueError(KEY)
    except ValueError as exc:
        logging.getLogger(name).error(
            "Task exception was never retrieved: %s %s", exc, PLAIN_SECRET, exc_info=exc
        )
    text = written.getvalue()
    assert "Task exception was never retrieved" in text and "ValueError" in text
    assert KEY not in text and PLAIN_SECRET not in text


def test_an_embedders_own_handler_with_the_stdlib_formatter_is_redacted() -> None:
    """The filter alone is enough: it rewrites the record, the stock formatter prints that."""
    install_redaction([PLAIN_SECRET])
    stream = io.StringIO()
    own = logging.StreamHandler(stream)
    own.setFormatter(logging.Formatter("%(name)s %(message)s"))
    own.addFilter(redacting_filter())
    log = logging.getLogger("embedder.app")
    log.addHandler(own)
    log.propagate = False
    try:
        try:
            raise ConnectionError(f"Authorization: Bearer {KEY}")
        except ConnectionError:
            log.error("call failed with %s", PLAIN_SECRET, exc_info=True, stack_info=True)
    finally:
        log.removeHandler(own)
        log.propagate = True
    text = stream.getvalue()
    assert "ConnectionError" in text and "call failed with [REDACTED]" in text
    assert KEY not in text and PLAIN_SECRET not in text


def test_install_changes_no_process_wide_logging_state() -> None:
    factory = logging.getLogRecordFactory()
    install_redaction([PLAIN_SECRET, "another-secret-value-77"])
    install_redaction([PLAIN_SECRET])
    assert logging.getLogRecordFactory() is factory
    record = factory("openai", logging.INFO, __file__, 1, "key %s", (PLAIN_SECRET,), None)
    assert PLAIN_SECRET in record.getMessage()  # records are made as they were
    # The only handler it touches is the last resort, once.
    assert logging.lastResort is not None
    assert logging.lastResort.filters.count(redacting_filter()) == 1


def test_a_bad_format_does_not_raise_into_the_caller(written: io.StringIO) -> None:
    previous = logging.raiseExceptions
    logging.raiseExceptions = False  # handleError would print a traceback on stderr
    try:
        logging.getLogger("lifelong.test").info("two %s %s", "but one")
    finally:
        logging.raiseExceptions = previous
    logging.getLogger("lifelong.test").info("and the next record is written")
    assert written.getvalue().endswith("and the next record is written\n")


def test_redact_scrubs_text_leaving_the_process() -> None:
    install_redaction([PLAIN_SECRET])
    text = redact(f"webhook body {PLAIN_SECRET} and Bearer {KEY}")
    assert PLAIN_SECRET not in text and KEY not in text
    assert logs.redacting_filter().redact(KEY) == "[REDACTED]"
