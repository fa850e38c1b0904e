"""`lifelong demo` end to end on a tiny model (the real run uses SmolLM2: `make demo`), and a
second run that continues from the first one's state.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from lifelong.cli import cli

pytestmark = pytest.mark.integration


def test_demo_runs_the_loop_and_a_second_run_continues(
    tmp_path: Path, tiny_model_dir: Path
) -> None:
    config = tmp_path / "tiny.toml"
    # The default recipe, cut short for a tiny model (its replay would be noise).
    config.write_text(
        f'[lifelong.training]\nbase_model = "{tiny_model_dir}"\n'
        "[lifelong.training.local]\nmax_steps = 8\nbatch_size = 4\nreplay_ratio = 0.0\n"
    )
    home = tmp_path / "home"
    args = ["demo", "--home", str(home), "--config", str(config), "--json"]

    first = CliRunner().invoke(cli, args)
    assert first.exit_code == 0, first.output + str(first.exception)
    summary = json.loads(first.stdout)
    assert summary["recorded"] == 300 and summary["scored"] == 300
    (job,) = summary["jobs"]
    assert job["status"] in ("deployed", "rejected") and job["version"] == 1
    assert summary["layers"][0]["trait"] == "cooking"
    assert summary["answers"]["before"] is not None
    if job["status"] == "deployed":
        assert summary["answers"]["after_layers"] == {"cooking": 1}
        assert summary["rollback"] == {"from": 1, "to": None}
    html = Path(summary["report"]["html"]).read_text()
    assert "<svg" in html and "marlow" in html

    second = CliRunner().invoke(cli, args)
    assert second.exit_code == 0, second.output + str(second.exception)
    again = json.loads(second.stdout)
    assert again["recorded"] == 0 and again["scored"] == 0 and again["jobs"] == []
    assert [layer["version"] for layer in again["layers"]] == [1]  # nothing trained twice
    assert Path(again["report"]["html"]).is_file()
