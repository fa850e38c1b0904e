"""Import conversations from JSONL, streaming, all-or-nothing by default.

Each line is one of
  ``{"messages": [{"role": ..., "content": ...}, ...], "trait": ..., "metadata": {...}}``
    (the OpenAI chat fine-tuning format; ``trait`` and ``metadata`` optional), or
  ``{"prompt": "...", "response": "...", "system": "...", "trait": ...}``
    (``completion`` is accepted for ``response``; ``system`` optional).
Blank lines are skipped. Files are read line by line, so they may be larger than memory.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from lifelong.errors import ImportFailed, InvalidRecord, LifelongError
from lifelong.persona.messages import (
    RecordLimits,
    content_hash,
    conversation_id_of,
    validate_messages,
    validate_metadata,
)
from lifelong.storage import ImportRepo, new_id
from lifelong.storage.recorder import store_failed

__all__ = ["ImportProblem", "ImportReport", "import_jsonl"]

# Problems beyond this many are counted but not listed: a bad 10 GB file must not fill memory.
MAX_LISTED_PROBLEMS = 1000


@dataclass(frozen=True, slots=True)
class ImportProblem:
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.field}: {self.message}"


@dataclass(slots=True)
class ImportReport:
    path: str
    persona: str
    imported: int = 0
    duplicates: int = 0
    invalid: int = 0
    errors: list[ImportProblem] = field(default_factory=list)
    import_id: str | None = None
    committed: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "imported": self.imported,
            "duplicates": self.duplicates,
            "invalid": self.invalid,
            "errors": [asdict(e) for e in self.errors],
        }

    def problem_lines(self) -> list[str]:
        """One readable line per problem, naming the file and line."""
        lines = [f"{self.path}: {p}" for p in self.errors]
        hidden = self.invalid - len(self.errors)
        if hidden > 0:
            lines.append(f"{self.path}: ... and {hidden} more invalid line(s)")
        return lines


class _ImportFileError(LifelongError, OSError):
    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")


async def import_jsonl(
    path: str | os.PathLike[str],
    *,
    persona: str,
    traits: Mapping[str, str],
    repo: ImportRepo,
    limits: RecordLimits,
    max_line_bytes: int,
    chunk_rows: int = 1000,
    skip_invalid: bool = False,
) -> ImportReport:
    """Import ``path`` into ``persona``. See the module docstring for the line formats.

    All-or-nothing by default: if any line is bad, nothing is committed and
    :class:`ImportFailed` is raised with the full report. With ``skip_invalid`` the good lines
    are imported and the bad ones listed in the returned report.
    """
    display = str(path)
    source = await asyncio.to_thread(_check_file, Path(path), display)
    report = ImportReport(path=display, persona=persona)
    lines: Any = _read_lines(source, max_line_bytes)
    import_id = new_id()
    report.import_id = import_id
    await repo.begin(import_id, persona, str(source))
    staged = 0
    try:
        while True:
            chunk = await asyncio.to_thread(lambda: list(islice(lines, chunk_rows)))
            if not chunk:
                break
            rows = []
            for line_no, raw, problem in chunk:
                try:
                    if problem is not None:
                        raise InvalidRecord("line", problem, line=line_no)
                    row = _parse_line(raw, line_no, persona, traits, limits)
                except InvalidRecord as exc:
                    report.invalid += 1
                    if len(report.errors) < MAX_LISTED_PROBLEMS:
                        report.errors.append(ImportProblem(line_no, exc.field, exc.problem))
                    continue
                if row is not None:
                    rows.append(row)
            # Once a line is bad, an all-or-nothing import only keeps validating.
            if rows and (skip_invalid or report.invalid == 0):
                staged += await _stage(repo, import_id, rows, report)
    except BaseException:
        await asyncio.shield(repo.fail(import_id, report.to_json()))
        raise
    finally:
        lines.close()
    if report.invalid and not skip_invalid:
        await repo.fail(import_id, report.to_json())
        raise ImportFailed(display, report)
    inserted, staged_total = await repo.commit(import_id, report.to_json())
    report.imported = inserted
    report.duplicates = staged_total - inserted
    report.committed = True
    return report


async def _stage(
    repo: ImportRepo, import_id: str, rows: list[dict[str, Any]], report: ImportReport
) -> int:
    """Stage ``rows``; return how many were staged.

    Validation should leave nothing the store refuses, but if a row still is refused it is that
    line's problem, reported by line number like any bad line, not a traceback that ends the
    whole import: the chunk is split in halves down to the refused rows, as the recorder does.
    A failure of the store itself is raised.
    """
    try:
        await repo.stage(import_id, rows)
    except Exception as exc:
        if store_failed(exc):
            raise
        if len(rows) > 1:
            middle = len(rows) // 2
            first = await _stage(repo, import_id, rows[:middle], report)
            return first + await _stage(repo, import_id, rows[middle:], report)
        report.invalid += 1
        if len(report.errors) < MAX_LISTED_PROBLEMS:
            report.errors.append(
                ImportProblem(rows[0]["line"], "line", f"the store refused it: {_brief(exc)}")
            )
        return 0
    return len(rows)


def _brief(exc: BaseException) -> str:
    """The first line of an error, short and printable (drivers quote the bad value)."""
    first = (str(exc).splitlines() or [""])[0][:200]
    return f"{type(exc).__name__}: {first}".encode("utf-8", "backslashreplace").decode()


def _check_file(path: Path, display: str) -> Path:
    if not path.exists():
        raise _ImportFileError(display, "no such file")
    if not path.is_file():
        raise _ImportFileError(display, "is not a regular file")
    return path.resolve()


def _read_lines(path: Path, max_bytes: int) -> Iterator[tuple[int, bytes, str | None]]:
    """Yield ``(line number, raw bytes, problem)`` without ever holding a too-long line."""
    with path.open("rb") as fh:
        line_no = 0
        while True:
            raw = fh.readline(max_bytes + 1)
            if not raw:
                return
            line_no += 1
            if len(raw) > max_bytes and not raw.endswith(b"\n"):
                while True:  # skip the rest of the over-long line in bounded reads
                    rest = fh.readline(1 << 20)
                    if not rest or rest.endswith(b"\n"):
                        break
                yield line_no, b"", f"is longer than {max_bytes} bytes (max_import_line_bytes)"
                continue
            yield line_no, raw, None


def _parse_line(
    raw: bytes,
    line_no: int,
    persona: str,
    traits: Mapping[str, str],
    limits: RecordLimits,
) -> dict[str, Any] | None:
    raw = raw.rstrip(b"\r\n")
    if line_no == 1 and raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a UTF-8 byte order mark
    if not raw.strip():
        return None
    if b"\x00" in raw:
        raise InvalidRecord("line", "contains NUL bytes: binary data, not JSON text", line=line_no)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidRecord(
            "line",
            f"is not UTF-8 (byte 0x{raw[exc.start]:02x} at byte {exc.start + 1}); "
            "re-encode the file as UTF-8",
            line=line_no,
        ) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidRecord(
            "line", f"invalid JSON at column {exc.colno}: {exc.msg}", line=line_no
        ) from None
    except RecursionError:
        raise InvalidRecord("line", "JSON is nested too deeply", line=line_no) from None
    if not isinstance(data, dict):
        raise InvalidRecord("line", "expected a JSON object", line=line_no)
    try:
        messages = _messages_of(data)
        clean = validate_messages(messages, limits)
        trait = data.get("trait")
        if trait is not None and trait not in traits:
            known = ", ".join(sorted(traits)) or "none"
            raise InvalidRecord(
                "trait", f"{trait!r} is not a trait of persona {persona!r} (known: {known})"
            )
        meta = validate_metadata(data.get("metadata"), limits)
        conversation_id = conversation_id_of(meta)
    except InvalidRecord as exc:
        raise InvalidRecord(exc.field, exc.problem, line=line_no) from None
    return {
        "line": line_no,
        "id": new_id(),
        "persona": persona,
        "trait": trait,
        "messages": clean,
        "metadata": meta,
        "conversation_id": conversation_id,
        "content_hash": content_hash(clean),
        "created_at": time.time(),
    }


def _messages_of(data: dict[str, Any]) -> object:
    if "messages" in data:
        return data["messages"]
    if "prompt" in data:
        response_key = "response" if "response" in data else "completion"
        if response_key not in data:
            raise InvalidRecord("response", "a prompt needs a response (or completion)")
        messages = []
        if data.get("system") is not None:
            messages.append({"role": "system", "content": _text(data, "system")})
        messages.append({"role": "user", "content": _text(data, "prompt")})
        messages.append({"role": "assistant", "content": _text(data, response_key)})
        return messages
    raise InvalidRecord(
        "messages", 'missing: give "messages" (chat format) or "prompt" and "response"'
    )


def _text(data: dict[str, Any], key: str) -> Any:
    # validate_messages reports wrong types with the message path; name the pair field instead.
    value = data[key]
    if not isinstance(value, str):
        raise InvalidRecord(key, "expected text")
    if not value.strip():
        raise InvalidRecord(key, "is empty")
    return value
