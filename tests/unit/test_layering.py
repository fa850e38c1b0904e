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
    # The genome is the version store (versions, artifacts, rollout); the engine loads and
    # serves what it stores (base models, the adapter cache, batching, serving, merging).
    "genome": {"storage"},
    "engine": {"genome", "storage"},
    "persona": {"storage"},
    "adapters": {"engine"},
    "learning": {"persona", "engine", "genome", "storage"},
    "runtime": {"learning", "adapters", "persona", "engine", "genome", "storage"},
    # The fronts over the runtime: the HTTP service, and the command line (which starts the
    # service: ``lifelong serve``). Neither imports the other's insides the other way.
    "service": {"runtime", "learning", "adapters", "persona", "engine", "genome", "storage"},
    "cli": {"service", "runtime", "learning", "adapters", "persona", "engine", "genome", "storage"},
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


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _module_imports(path: Path, known: set[str]) -> set[str]:
    """The lifelong modules ``path`` imports, wherever the import stands: at module level,
    under ``if TYPE_CHECKING:`` (a circle there is one refactor away from a real one) and
    inside functions too. A deferred import is for the cost of loading (torch, at first use),
    never a way around a circle: none of today's crosses one, so the test holds them all.
    """
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            # ``from package import module`` imports the module; else the name is an attribute.
            for alias in node.names:
                module = f"{base}.{alias.name}"
                found.add(module if module in known else base)
    return {n for n in found if n in known and n != name}


def test_the_modules_import_one_another_without_a_circle() -> None:
    paths = sorted(PACKAGE.rglob("*.py"))
    known = {_module_name(p) for p in paths}
    graph = {_module_name(p): _module_imports(p, known) for p in paths}
    # A depth-first walk; a module met again while still on the path closes a circle.
    state: dict[str, int] = {}  # 1: on the path, 2: done
    path: list[str] = []
    circles: list[list[str]] = []

    def visit(module: str) -> None:
        state[module] = 1
        path.append(module)
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                circles.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target)
        path.pop()
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module)
    assert not circles, "import circles:\n" + "\n".join(" -> ".join(c) for c in circles)
