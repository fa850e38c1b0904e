"""Writing a report to disk: the dated HTML and JSON files plus ``-latest`` copies, each replaced
atomically so a reader never sees half a report.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import os
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path

from lifelong._names import validate_name
from lifelong.learning.report.data import build_report
from lifelong.learning.report.render import render_html
from lifelong.storage.repos.reports import ReportRepo

__all__ = ["write_report"]


async def write_report(
    repo: ReportRepo,
    persona: str,
    out_dir: Path,
    *,
    since: float | None = None,
    until: float | None = None,
    now: float | None = None,
) -> tuple[Path, Path]:
    """Gather, build and write ``<persona>-<YYYYMMDD-HHMMSS>.html`` / ``.json`` (UTC) plus
    ``<persona>-latest.html`` / ``.json`` copies into ``out_dir``; returns (html, json) paths.

    Each file is written to a temporary file in ``out_dir`` and renamed over the target, so a
    reader (a web server, a CI artifact upload) never sees half a report.
    """
    validate_name("persona", persona)  # it becomes part of file names
    moment = time.time() if now is None else now
    data = await repo.gather(persona, since=since, until=until)
    report = build_report(data, now=moment)
    page = render_html(report)
    document = json.dumps(report, indent=2, allow_nan=False, ensure_ascii=False) + "\n"
    stamp = dt.datetime.fromtimestamp(moment, dt.UTC).strftime("%Y%m%d-%H%M%S")
    out_dir = Path(out_dir)
    html_path, json_path = out_dir / f"{persona}-{stamp}.html", out_dir / f"{persona}-{stamp}.json"
    files = {
        html_path: page,
        json_path: document,
        out_dir / f"{persona}-latest.html": page,
        out_dir / f"{persona}-latest.json": document,
    }
    await asyncio.to_thread(_write_all, out_dir, files)
    return html_path, json_path


def _write_all(out_dir: Path, files: Mapping[Path, str]) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    for path, text in files.items():  # dated files first: "latest" never points ahead of them
        _write_atomic(path, text)


def _write_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
