"""The floors point one way (see the README's architecture): each room imports only the rooms
below it, and nothing but the public front (CLI, demo, sync wrapper) imports the Runtime class.
Read from the source with ``ast``, so a violation fails here before it becomes an import circle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "lifelong"

# room -> rooms it may import (besides itself and the ground: errors, events, jobs, _names, data).
ALLOWED = {
    "storage": set(),
    "genome": {"storage"},
    "persona": {"storage"},
    "adapters": {"genome"},
    "learning": {"persona", "genome", "storage"},
    "runtime": {"learning", "adapters", "persona", "genome", "storage"},
    # The fronts over the runtime: the HTTP service, and the command line (which starts the
    # service: ``lifelong serve``). Neither imports the other's insides the other way.
    "service": {"runtime", "learning", "adapters", "persona", "genome", "storage"},
    "cli": {"service", "runtime", "learning", "adapters", "persona", "genome", "storage"},
}
# Modules that may import the Runtime class: the user-facing fronts.
RUNTIME_FRONT = ("cli/", "runtime/sync.py", "runtime/__init__.py", "service/")


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return [n for n in names if n == "lifelong" or n.startswith("lifelong.")]


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if p.parent != PACKAGE)


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_a_room_imports_only_the_rooms_below_it(path: Path) -> None:
    room = path.relative_to(PACKAGE).parts[0]
    allowed = ALLOWED[room] | {room}
    for name in _imports(path):
        parts = name.split(".")
        target = parts[1] if len(parts) > 1 else "lifelong"
        if target in ALLOWED:
            assert target in allowed, f"{path.relative_to(PACKAGE)} imports {name}"


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_only_the_front_imports_the_runtime_class(path: Path) -> None:
    relative = path.relative_to(PACKAGE).as_posix()
    if relative.startswith(RUNTIME_FRONT) or relative == "runtime/runtime.py":
        return
    assert "lifelong.runtime.runtime" not in _imports(path), (
        f"{relative} imports the Runtime: hand it the services it uses instead"
    )
