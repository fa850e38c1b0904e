"""Human output of the ``lifelong`` command line: rich tables that stay readable in a pipe.

Every cell goes through :func:`cell`, which never interprets rich markup: conversation text
and error messages are shown exactly as stored. ``--json`` output does not come through here.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterable, Sequence
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text

from lifelong.learning.report.display import (  # noqa: F401  (the CLI's names)
    behaviour_text,
    gate_text,
    method_text,
    monitor_text,
    nll_text,
)
from lifelong.runtime.logs import redact

__all__ = [
    "TrainingBar",
    "cell",
    "console",
    "fmt_bytes",
    "fmt_time",
    "gate_text",
    "kv_table",
    "nll_text",
    "table",
]

# A pipe (or click's CliRunner) has no width; rich would squeeze tables into 80 columns.
PIPE_WIDTH = 160


def console(*, stderr: bool = False) -> Console:
    out = Console(stderr=stderr, highlight=False, soft_wrap=False)
    if not out.is_terminal and "COLUMNS" not in os.environ:
        out.width = PIPE_WIDTH
    return out


def fmt_time(ts: float | None) -> str:
    if ts is None:
        return "-"
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(ts))


def fmt_bytes(n: int | None) -> str:
    if n is None:
        return "-"
    size = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{int(size)} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{n} B"  # unreachable


def cell(value: Any) -> Text:
    """One table cell as plain text (no markup): None is '-', floats get 4 significant digits."""
    if value is None:
        return Text("-")
    if isinstance(value, bool):
        return Text("yes" if value else "no")
    if isinstance(value, float):
        return Text(f"{value:.4g}")
    if isinstance(value, dict | list):
        return Text(redact(json.dumps(value, default=str)))
    return Text(redact(str(value)))


def table(*columns: str, title: str | None = None, rows: Iterable[Sequence[Any]] = ()) -> Table:
    out = Table(*columns, title=title, title_justify="left")
    for row in rows:
        out.add_row(*(v if isinstance(v, Text) else cell(v) for v in row))
    return out


def kv_table(pairs: Iterable[tuple[str, Any]], title: str | None = None) -> Table:
    """A two-column 'field  value' block."""
    out = Table(show_header=False, box=None, title=title, title_justify="left", pad_edge=False)
    out.add_column(style="bold", no_wrap=True)
    out.add_column(overflow="fold")
    for key, value in pairs:
        out.add_row(Text(key), value if isinstance(value, Text) else cell(value))
    return out


class TrainingBar:
    """A progress bar fed by ``TrainingProgress`` event payloads (step, total_steps, loss);
    on a terminal it moves, in a pipe its final state is printed once at the end.
    """

    def __init__(self, out: Console, label: str) -> None:
        self.progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[loss]}"),
            TimeElapsedColumn(),
            console=out,
        )
        self.label = label
        self.task: Any = None

    def __enter__(self) -> TrainingBar:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.task is not None:
            self.progress.stop()

    def update(self, payload: dict[str, Any]) -> None:
        if self.task is None:  # shown from the first step: a job that fails early shows none
            self.progress.start()
            self.task = self.progress.add_task(self.label, total=None, loss="")
        if payload.get("replay_total") and not payload.get("step"):
            # Before the first step: the base model drawing the replay samples.
            self.progress.update(
                self.task, description=f"{self.label}: drawing replay samples",
                completed=payload.get("replay_done") or 0, total=payload["replay_total"],
            )  # fmt: skip
            return
        loss = payload.get("loss")
        fields: dict[str, Any] = (
            {"loss": f"loss {loss:.4f}"} if isinstance(loss, int | float) else {}
        )
        # A step without a loss (not a logging step) keeps the last one shown.
        self.progress.update(
            self.task,
            description=self.label,
            completed=payload.get("step") or 0,
            total=payload.get("total_steps") or None,
            **fields,
        )
