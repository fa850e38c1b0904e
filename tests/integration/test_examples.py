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


def test_async_chat_loop_example_answers_records_and_rates(
    tmp_path: Path, tiny_model_dir: Path
) -> None:
    out = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "chat_loop.py"), str(tmp_path / "home"),
         str(tiny_model_dir)],
        input="How do I sort a list?\n+\nAnd reverse it?\n\n",
        capture_output=True, text=True, check=True, timeout=300,
    ).stdout  # fmt: skip
    assert out.count("ada: ") == 2
    assert "thanks for the feedback" in out
    assert "ada has 2 recorded turns" in out
    # Each turn was recorded with the generation that produced it.
    import asyncio

    from lifelong import Runtime, RuntimeConfig

    async def attributed() -> list[str | None]:
        config = RuntimeConfig(home=tmp_path / "home", background=False)
        async with Runtime.open(config) as rt:
            return [row.generation_id for row in await rt.list_interactions("ada")]

    ids = asyncio.run(attributed())
    assert len(ids) == 2 and all(ids)


def test_sync_program_example_records_and_generates(tmp_path: Path, tiny_model_dir: Path) -> None:
    script = ROOT / "examples" / "sync_program.py"
    for expected in (1, 2):
        out = subprocess.run(
            [sys.executable, str(script), str(tmp_path / "home"), str(tiny_model_dir)],
            capture_output=True, text=True, check=True, timeout=300,
        ).stdout  # fmt: skip
        assert out.startswith("recorded ")
        assert "bob answered with layers none (base model)" in out
        assert f"bob has {expected} recorded turns" in out
