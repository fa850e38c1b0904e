"""`lifelong import`: formats, dedupe, all-or-nothing, and every kind of bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from lifelong.cli import cli
from tests.helpers import turn

pytestmark = pytest.mark.integration

GOOD = json.dumps({"messages": turn("What is a tuple?", "An immutable sequence.")})


def _line(**data: object) -> bytes:
    return json.dumps(data).encode()


def _pair(user: str, assistant: str, user_role: str = "user") -> list[dict[str, str]]:
    return [{"role": user_role, "content": user}, {"role": "assistant", "content": assistant}]


GOOD2 = json.dumps({"prompt": "What is a dict?", "response": "A mapping."})


def run(home: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [*args, "--home", str(home)], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def write(path: Path, *lines: bytes | str) -> Path:
    path.write_bytes(b"\n".join(x.encode() if isinstance(x, str) else x for x in lines) + b"\n")
    return path


def count(home: Path, persona: str = "ada") -> int:
    code, out, _ = run(home, "personas", "--json")
    assert code == 0
    rows = {r["name"]: r for r in json.loads(out)}
    return rows[persona]["interactions"] if persona in rows else 0


def test_import_json_report_and_second_run_adds_nothing(tmp_path: Path) -> None:
    source = write(tmp_path / "ok.jsonl", GOOD, "", GOOD2, GOOD)
    code, out, err = run(tmp_path / "h", "import", str(source), "--persona", "ada", "--json")
    assert code == 0, err
    assert json.loads(out) == {"imported": 2, "duplicates": 1, "invalid": 0, "errors": []}
    code, out, _ = run(tmp_path / "h", "import", str(source), "--persona", "ada", "--json")
    assert json.loads(out)["imported"] == 0 and json.loads(out)["duplicates"] == 3
    assert count(tmp_path / "h") == 2


BAD_LINES: list[tuple[bytes, str, str]] = [
    (b'{"messages": [{"role": "user", "content": "caf\xe9"}]}', "line", "not UTF-8"),
    (b'{"messages": [{"role": "user", "content": "trunc', "line", "invalid JSON"),
    (
        _line(messages=_pair("x", "y", user_role="bot")),
        "messages[0].role",
        "not one of system, user, assistant",
    ),
    (
        _line(messages=_pair("", "y")),
        "messages[0].content",
        "is empty",
    ),
    (b"\x00\x01\x02\xff\xfe binary", "line", "binary data"),
    (b"[1, 2, 3]", "line", "expected a JSON object"),
    (json.dumps({"prompt": "q"}).encode(), "response", "needs a response"),
    (json.dumps({"text": "q"}).encode(), "messages", "missing"),
    (json.dumps({"messages": turn(), "trait": "chess"}).encode(), "trait", "not a trait"),
    (json.dumps({"messages": turn(), "metadata": [1]}).encode(), "metadata", "expected an object"),
    (b'{"prompt": "' + b"x" * 5000 + b'", "response": "y"}', "line", "longer than 4096 bytes"),
]  # fmt: skip


@pytest.mark.parametrize(("bad", "field", "words"), BAD_LINES)
def test_each_bad_line_is_named_and_nothing_is_committed(
    tmp_path: Path, bad: bytes, field: str, words: str
) -> None:
    (tmp_path / "c.toml").write_text("max_import_line_bytes = 4096\n")
    source = write(tmp_path / "in.jsonl", GOOD, bad, GOOD2)
    home = tmp_path / "h"
    result = CliRunner().invoke(
        cli,
        ["import", str(source), "--persona", "ada", "--home", str(home),
         "--config", str(tmp_path / "c.toml"), "--json"],
    )  # fmt: skip
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["invalid"] == 1 and report["imported"] == 0
    assert report["errors"][0]["line"] == 2
    assert report["errors"][0]["field"] == field
    assert words in report["errors"][0]["message"]
    problem_lines = [x for x in result.stderr.splitlines() if x.startswith(str(source))]
    assert problem_lines == [f"{source}: line 2: {field}: {report['errors'][0]['message']}"]
    assert "Traceback" not in result.stderr
    assert count(home) == 0


def test_skip_invalid_imports_the_good_lines_and_reports_the_rest(tmp_path: Path) -> None:
    source = write(tmp_path / "in.jsonl", GOOD, b"{oops", GOOD2, b"\xff")
    code, out, err = run(
        tmp_path / "h", "import", str(source), "--persona", "ada", "--skip-invalid", "--json"
    )
    assert code == 0
    report = json.loads(out)
    assert (report["imported"], report["invalid"]) == (2, 2)
    assert [e["line"] for e in report["errors"]] == [2, 4]
    assert len([x for x in err.splitlines() if "line " in x]) == 2
    assert count(tmp_path / "h") == 2


@pytest.mark.parametrize("persona", ["../x", "a/b", "..", ""])
def test_path_like_persona_names_are_refused(tmp_path: Path, persona: str) -> None:
    source = write(tmp_path / "in.jsonl", GOOD)
    code, _, err = run(tmp_path / "h", "import", str(source), "--persona", persona)
    assert code == 1
    assert err.startswith("error: invalid persona name")
    assert len(err.strip().splitlines()) == 1
    assert not (tmp_path / "x").exists()


def test_missing_file_and_folder_are_clear(tmp_path: Path) -> None:
    code, _, err = run(tmp_path / "h", "import", str(tmp_path / "nope.jsonl"), "--persona", "ada")
    assert code == 1 and "no such file" in err
    (tmp_path / "dir.jsonl").mkdir()
    code, _, err = run(tmp_path / "h", "import", str(tmp_path / "dir.jsonl"), "--persona", "ada")
    assert code != 0 and "Traceback" not in err


def test_an_absurdly_long_line_is_skipped_without_reading_it_whole(tmp_path: Path) -> None:
    # 40 MB on one line, limit 1 MB: refused by line number, the next line still imported.
    source = tmp_path / "long.jsonl"
    with source.open("wb") as fh:
        fh.write(b'{"prompt": "' + b"a" * 40_000_000 + b'", "response": "b"}\n')
        fh.write(GOOD.encode() + b"\n")
    code, out, _ = run(
        tmp_path / "h", "import", str(source), "--persona", "ada", "--skip-invalid", "--json"
    )
    report = json.loads(out)
    assert code == 0 and report["imported"] == 1
    assert report["errors"][0]["line"] == 1 and "longer than" in report["errors"][0]["message"]


def test_help_works() -> None:
    assert CliRunner().invoke(cli, ["--help"]).exit_code == 0
    result = CliRunner().invoke(cli, ["import", "--help"])
    assert result.exit_code == 0 and "--skip-invalid" in result.stdout
