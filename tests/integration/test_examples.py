from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]


def test_record_turns_example_runs_and_accumulates(tmp_path: Path) -> None:
    script = ROOT / "examples" / "record_turns.py"
    for expected in (2, 4):
        out = subprocess.run(
            [sys.executable, str(script), str(tmp_path / "home")],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        assert out.count("recorded ") == 2
        assert f"ada has {expected} interactions" in out


def test_python_dash_m_lifelong_help() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "lifelong", "--help"], capture_output=True, text=True, check=True
    ).stdout
    assert "import" in out and "personas" in out
