"""The documentation site builds strictly (a broken link or a stale reference fails), its
generated pages are current, and the README stays short and points into it.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _generator():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("docs_generate", REPO / "docs" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_generated_pages_are_current() -> None:
    generate = _generator()
    for name, render in generate.PAGES.items():
        assert (REPO / "docs" / name).read_text() == render(), (
            f"docs/{name} is stale: run `.venv/bin/python docs/generate.py`"
        )


def test_the_site_builds_strictly(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
        cwd=REPO, capture_output=True, text=True, timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    reference = (tmp_path / "site" / "reference" / "index.html").read_text()
    assert "lifelong.Runtime" in reference and "generate" in reference


def test_the_readme_is_short_and_links_the_docs() -> None:
    readme = (REPO / "README.md").read_text()
    assert len(readme.splitlines()) <= 260
    assert "make demo" in readme and "make test" in readme
    for page in ("docs/openai.md", "docs/learning.md", "docs/embedding.md"):
        assert page in readme and (REPO / page).is_file()
