"""The ``lifelong`` command line. Every command takes ``--home`` / ``--db`` / ``--config`` and
``--json``; bad input exits non-zero with one readable line per problem on stderr.

Human output is rich tables (see :mod:`lifelong.cli.output`); ``--json`` prints one
JSON document on stdout and nothing else there.

The commands live in one module per group (``store``, ``jobs``, ``layers``, ``memory``,
``reports``, ``worker``, ``serve``), all
registered on the ``cli`` group of :mod:`lifelong.cli.common`.
"""

from __future__ import annotations

from lifelong.cli import (  # noqa: F401  (registers commands)
    jobs,
    layers,
    memory,
    reports,
    serve,
    store,
    worker,
)
from lifelong.cli.common import cli

__all__ = ["cli", "main"]


def main() -> None:
    cli(prog_name="lifelong")
