"""The admin CLI: status, interactions, train, jobs, layers, report.

State is set up through the runtime API (in its own event loop: the CLI runs ``asyncio.run``
itself), then every command is run through click's CliRunner and its effect read back from
the database.
"""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from lifelong import Runtime, RuntimeConfig, Trait
from lifelong.cli import cli
from lifelong.cli.jobs import _sample
from lifelong.events import QualityDropped
from lifelong.genome.store import NewLayer
from lifelong.storage import ScoringRepo
from tests.helpers import TEST_WORKER, claimed

pytestmark = pytest.mark.integration

QUESTION = "What is 2 plus 2? " + "Please explain the reasoning step by step, slowly." * 2


def with_rt(home: Path, work: Callable[[Runtime], Awaitable[Any]], **config: Any) -> Any:
    async def go() -> Any:
        async with Runtime.open(RuntimeConfig(home=home, background=False, **config)) as rt:
            return await work(rt)

    return asyncio.run(go())


def run(home: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, [*args, "--home", str(home)], catch_exceptions=False)


def ok_json(home: Path, *args: str) -> Any:
    result = run(home, *args, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def assert_error(result: Result, message: str) -> None:
    """Exit 1, nothing on stdout, exactly one line on stderr: ``error: <message>``."""
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert result.stderr == f"error: {message}\n"


NAME_RULES = (
    "use 1-64 characters from letters, digits, '-', '_' and '.', starting with a letter or digit"
)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """Persona ada (trait math) with two recorded interactions and one imported one."""
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"prompt": "Imported question?", "response": "Yes."}) + "\n")

    async def work(rt: Runtime) -> None:
        ada = await rt.persona("ada", traits=[Trait("math", "adds numbers")])
        await ada.record(
            [{"role": "user", "content": QUESTION}, {"role": "assistant", "content": "4."}],
            trait="math",
        )
        await ada.record(
            [{"role": "user", "content": "Hello [bold]there[/bold]"},
             {"role": "assistant", "content": "Hi."}],
        )  # fmt: skip
        await rt.import_jsonl(source, persona="ada")

    folder = tmp_path / "home"
    with_rt(folder, work)
    return folder


def add_versions(home: Path, tmp_path: Path, n: int = 3) -> None:
    """v1..vn of ada/math from fake adapter folders; the last one is active."""

    async def work(rt: Runtime) -> None:
        for i in range(n):
            folder = tmp_path / f"adapter{i}"
            folder.mkdir()
            (folder / "adapter_config.json").write_text(json.dumps({"r": 4, "i": i}))
            (folder / "adapter_model.safetensors").write_bytes(os.urandom(1000 + i))
            staged = await rt.layers.stage(
                NewLayer(kind="local", provider="local", manifest={"n": i}, artifact_dir=folder)
            )
            evaluation = {
                "gate": {"passed": True, "reason": f"test {i + 1}"},
                "heldout": {"base": {"nll": 2.0}, "active": None, "candidate": {"nll": 1.5}},
            }
            await rt.layers.add("ada", "math", staged, evaluation=evaluation, deploy=True,
                                by="test")  # fmt: skip

    with_rt(home, work)


def versions(home: Path) -> dict[int, dict[str, Any]]:
    async def work(rt: Runtime) -> list[dict[str, Any]]:
        return await rt.layers.versions("ada", "math")

    return {r["version"]: r for r in with_rt(home, work)}


def active_version(home: Path) -> int | None:
    return next((v for v, r in versions(home).items() if r["active"]), None)


def queue(home: Path, trait: str = "math", **kwargs: Any) -> str:
    async def work(rt: Runtime) -> str:
        return await rt.queue_training("ada", trait, **kwargs)

    return with_rt(home, work)


def job(home: Path, job_id: str) -> dict[str, Any]:
    async def work(rt: Runtime) -> dict[str, Any]:
        return (await rt.get_job(job_id)).as_dict()

    return with_rt(home, work)


# -- status ---------------------------------------------------------------------------------


def test_status_counts_everything(home: Path, tmp_path: Path) -> None:
    add_versions(home, tmp_path, 2)
    queue(home)

    async def work(rt: Runtime) -> None:
        rows = await rt.store.interactions.list("ada", trait="math")
        await ScoringRepo(rt.store.db).save(
            [{"id": rows[0].id, "quality": 0.9, "components": {}, "trait": "math",
              "trait_source": "caller", "feedback_at": None}]
        )  # fmt: skip
        await rt.store.events.add(
            QualityDropped,
            persona="ada",
            trait="math",
            severity="warning",
            is_alert=True,
            payload={"drop": 0.3},
        )

    with_rt(home, work)
    data = ok_json(home, "status")
    assert data["database"] == f"sqlite+aiosqlite:///{(home / 'lifelong.db').resolve()}"
    assert data["home"] == str(home)
    assert data["personas"] == 1
    assert data["interactions"] == {"total": 3, "scored": 1, "unused": 3}
    assert data["jobs"] == {"queued": 1}
    assert data["active_layers"] == 1
    assert data["adapter_cache"]["entries"] == 0 and data["adapter_cache"]["budget_bytes"] > 0
    assert [a["kind"] for a in data["alerts"]] == ["QualityDropped"]

    human = run(home, "status")
    assert human.exit_code == 0
    assert "3 total, 1 scored, 3 unused" in human.stdout
    assert "queued 1" in human.stdout and "QualityDropped" in human.stdout


def test_status_never_shows_the_database_password(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["status", "--db", "postgresql+asyncpg://admin:hunter2@127.0.0.1:1/lifelong"]
    )
    assert result.exit_code == 1
    assert "hunter2" not in result.stderr and "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error: cannot use postgresql+asyncpg://admin:***@127.0.0.1:1/")


# -- interactions ---------------------------------------------------------------------------


def test_interactions_filters_and_pages(home: Path) -> None:
    rows = ok_json(home, "interactions", "--persona", "ada")
    assert len(rows) == 3
    assert {r["source"] for r in rows} == {"record", "import"}
    assert all(r["persona"] == "ada" and r["used"] is False for r in rows)

    math = ok_json(home, "interactions", "--persona", "ada", "--trait", "math")
    assert [r["messages"][0]["content"] for r in math] == [QUESTION]
    imported = ok_json(home, "interactions", "--persona", "ada", "--source", "import")
    assert [r["messages"][0]["content"] for r in imported] == ["Imported question?"]
    assert ok_json(home, "interactions", "--persona", "ada", "--used") == []
    assert len(ok_json(home, "interactions", "--persona", "ada", "--unused")) == 3

    first = ok_json(home, "interactions", "--persona", "ada", "--limit", "2")
    rest = ok_json(home, "interactions", "--persona", "ada", "--limit", "2", "--offset", "2")
    assert len(first) == 2 and len(rest) == 1
    assert {r["id"] for r in first + rest} == {r["id"] for r in rows}

    human = run(home, "interactions", "--persona", "ada", "--trait", "math")
    assert human.exit_code == 0
    assert QUESTION[:60] + "..." in human.stdout and QUESTION[:61] not in human.stdout
    assert math[0]["id"] in human.stdout
    # Markup in conversation text is shown as is, never interpreted.
    assert "Hello [bold]there[/bold]" in run(home, "interactions", "--persona", "ada").stdout


def test_interactions_bad_input(home: Path) -> None:
    assert_error(
        run(home, "interactions", "--persona", "../x"),
        f"invalid persona name '../x': it looks like a path; {NAME_RULES}",
    )
    assert_error(
        run(home, "interactions", "--persona", "bob"),
        "persona 'bob' not found; list them with `lifelong personas`",
    )
    assert_error(
        run(home, "interactions", "--persona", "ada", "--trait", "chess"),
        "trait 'ada/chess' not found; declared traits: math",
    )
    assert run(home, "interactions", "--persona", "ada", "--source", "web").exit_code == 2


# -- train ----------------------------------------------------------------------------------


def test_train_queue_only(home: Path) -> None:
    data = ok_json(home, "train", "--persona", "ada", "--trait", "math", "--priority", "high",
                   "--queue-only")  # fmt: skip
    assert data["status"] == "queued" and data["persona"] == "ada" and data["trait"] == "math"
    row = job(home, data["job_id"])
    assert (row["status"], row["priority"], row["lease_owner"]) == ("queued", "high", None)
    assert not (row["params"] or {}).get("approved")

    # The slot is taken: a second train is refused with the runtime's message.
    assert_error(
        run(home, "train", "--persona", "ada", "--trait", "math", "--queue-only"),
        f"ada/math already has an open training job ({data['job_id']}); see `lifelong jobs list`",
    )
    human = run(home, "train", "--persona", "ada", "--queue-only", "--yes")  # trait general
    assert human.exit_code == 0
    general = ok_json(home, "jobs", "list", "--status", "queued")
    approved = next(j for j in general if j["trait"] == "general")
    assert f"job {approved['id']}: queued" in human.stdout
    assert job(home, approved["id"])["params"] == {"approved": True}


def test_train_bad_input(home: Path, tmp_path: Path) -> None:
    assert_error(
        run(home, "train", "--persona", "ada", "--trait", "chess", "--queue-only"),
        "trait 'ada/chess' not found; declared traits: math",
    )
    assert_error(
        run(home, "train", "--persona", "../x", "--queue-only"),
        f"invalid persona name '../x': it looks like a path; {NAME_RULES}",
    )
    assert_error(
        run(home, "train", "--persona", "bob", "--queue-only"),
        "persona 'bob' not found; list them with `lifelong personas`",
    )
    config = tmp_path / "local.toml"
    config.write_text('[lifelong.training]\nproviders = ["local"]\n')
    assert_error(
        run(home, "train", "--persona", "ada", "--trait", "math", "--provider", "openai",
            "--config", str(config)),
        "provider 'openai' is not in training.providers (local); add it in the config file",
    )  # fmt: skip
    # A name that is no configured provider (providers can be registered, so any name parses).
    assert_error(
        run(home, "train", "--persona", "ada", "--provider", "cloud"),
        "provider 'cloud' is not in training.providers (local, openai, deepseek); add it in the "
        "config file",
    )
    assert run(home, "train", "--persona", "ada", "--priority", "urgent").exit_code == 2
    assert ok_json(home, "jobs", "list") == []  # nothing was queued by any of these


def test_train_in_the_foreground_reports_a_failure_with_exit_1(home: Path) -> None:
    # Nothing is scored yet, so the dataset is empty: the job fails before any model loads,
    # saying what waits for a score.
    result = run(home, "train", "--persona", "ada", "--trait", "math", "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["status"] == "failed"
    reason = (
        "dataset: ada/math has nothing to learn from yet: 1 turn of ada/math and 2 of ada's "
        "with no trait yet are not scored yet; this process does not score in the background "
        "(a `lifelong worker` or a runtime with background on does): call rt.score_pending()"
    )
    assert data["reason"] == reason
    assert result.stderr == f"error: job {data['job_id']} failed: {reason}\n"
    row = job(home, data["job_id"])
    assert row["status"] == "failed" and row["finished_at"] is not None


def test_train_needs_approval_then_yes_approves_the_waiting_job(home: Path) -> None:
    waiting = queue(home)

    async def over_budget(rt: Runtime) -> None:  # as the worker leaves a job over budget
        await claimed(rt, waiting)
        await rt.store.jobs.needs_approval(waiting, TEST_WORKER, error="estimate $9 > $1")

    with_rt(home, over_budget)
    assert_error(
        run(home, "train", "--persona", "ada", "--trait", "math"),
        f"ada/math job {waiting} needs approval (estimate $9 > $1); "
        "re-run with --yes to approve going over budget",
    )
    data = ok_json(home, "train", "--persona", "ada", "--trait", "math", "--yes", "--queue-only")
    assert data["job_id"] == waiting  # the same job, not a new one
    row = job(home, waiting)
    assert (row["status"], row["error"]) == ("queued", None)
    assert row["params"]["approved"] is True


def test_train_in_the_foreground_deploys_with_a_progress_bar(
    home: Path, tmp_path: Path, tiny_model_dir: Path
) -> None:
    async def data(rt: Runtime) -> None:
        ada = await rt.persona("ada")
        for i in range(12):
            await ada.record(
                [{"role": "user", "content": f"What is {i} plus {i}?"},
                 {"role": "assistant", "content": f"{i} plus {i} is {2 * i}."}],
                trait="math",
            )  # fmt: skip
        rows = await rt.store.interactions.list("ada", trait="math", limit=100)
        await ScoringRepo(rt.store.db).save(
            [{"id": r.id, "quality": 0.9, "components": {}, "trait": "math",
              "trait_source": "caller", "feedback_at": None} for r in rows]
        )  # fmt: skip

    with_rt(home, data)
    config = tmp_path / "tiny.toml"
    config.write_text(
        f'[lifelong.training]\nproviders = ["local"]\nbase_model = "{tiny_model_dir}"\n'
        "[lifelong.training.local]\nmax_steps = 4\nsave_steps = 2\nbatch_size = 4\n"
        "learning_rate = 0.05\n"
    )
    result = run(home, "train", "--persona", "ada", "--trait", "math", "--provider", "local",
                 "--config", str(config))  # fmt: skip
    assert result.exit_code == 0, result.stderr
    listed = ok_json(home, "jobs", "list", "--config", str(config))
    session = listed[0]["id"]
    status = job(home, session)["status"]
    assert status in ("deployed", "rejected")
    assert f"job {session}: {status} v1: " in result.stdout
    assert "held-out NLL: base " in result.stdout
    # The bar went to stderr (its final state, in a pipe) and ended at 4 of 4 steps.
    assert "4/4" in result.stderr and "loss " in result.stderr
    assert listed[0]["provider"] == "local"
    assert (active_version(home) == 1) == (status == "deployed")


# -- jobs -----------------------------------------------------------------------------------


def test_jobs_list_and_filters(home: Path) -> None:
    async def traits(rt: Runtime) -> None:
        await rt.persona("ada", traits=[Trait("chess", "plays chess")])
        await rt.persona("bob")

    with_rt(home, traits)
    math = queue(home)
    chess = queue(home, "chess", priority="low")
    assert run(home, "jobs", "cancel", chess).exit_code == 0

    rows = ok_json(home, "jobs", "list")
    assert {r["id"]: (r["status"], r["priority"]) for r in rows} == {
        math: ("queued", "normal"),
        chess: ("cancelled", "low"),
    }
    assert set(rows[0]) == {"id", "persona", "trait", "status", "priority", "provider",
                            "created_at", "started_at", "finished_at", "cost", "error",
                            "lease_owner", "control"}  # fmt: skip
    assert [r["id"] for r in ok_json(home, "jobs", "list", "--status", "queued")] == [math]
    both = ok_json(home, "jobs", "list", "--status", "queued", "--status", "cancelled")
    assert len(both) == 2
    assert len(ok_json(home, "jobs", "list", "--limit", "1")) == 1
    assert ok_json(home, "jobs", "list", "--persona", "bob") == []
    assert len(ok_json(home, "jobs", "list", "--persona", "ada")) == 2

    human = run(home, "jobs", "list")
    assert human.exit_code == 0 and math in human.stdout and "ada/chess" in human.stdout

    assert_error(
        run(home, "jobs", "list", "--persona", "nobody"),
        "persona 'nobody' not found; list them with `lifelong personas`",
    )
    assert run(home, "jobs", "list", "--status", "sleeping").exit_code == 2


def test_job_verbs_change_the_job(home: Path) -> None:
    job_id = queue(home)

    result = run(home, "jobs", "pause", job_id)
    assert result.exit_code == 0 and result.stdout == f"job {job_id}: paused\n"
    assert job(home, job_id)["status"] == "paused"

    assert ok_json(home, "jobs", "resume", job_id)["status"] == "queued"
    assert job(home, job_id)["status"] == "queued"
    assert_error(
        run(home, "jobs", "resume", job_id),
        f"job {job_id} is queued: cannot resume it; only a paused job resumes",
    )

    before = job(home, job_id)["created_at"]
    assert ok_json(home, "jobs", "skip", job_id)["priority"] == "low"
    row = job(home, job_id)
    assert (row["status"], row["priority"]) == ("queued", "low") and row["created_at"] > before

    assert ok_json(home, "jobs", "stop", job_id)["status"] == "stopped"
    row = job(home, job_id)
    assert row["status"] == "stopped" and row["finished_at"] is not None
    assert_error(
        run(home, "jobs", "cancel", job_id),
        f"job {job_id} is stopped: cannot cancel it; it has ended; queue a new job with "
        "`lifelong train`",  # the CLI's words, not the Python API's
    )

    other = queue(home)
    assert run(home, "jobs", "cancel", other).stdout == f"job {other}: cancelled\n"
    assert job(home, other)["status"] == "cancelled"

    assert_error(
        run(home, "jobs", "pause", "nope"),
        "job 'nope' not found; list jobs with `lifelong jobs list`",
    )
    assert run(home, "jobs", "frobnicate", job_id).exit_code == 2


def test_a_verb_on_a_running_job_is_left_for_the_worker(home: Path) -> None:
    job_id = queue(home)

    async def claim(rt: Runtime) -> None:
        taken = await rt.store.jobs.claim_next("other-worker", 600)
        assert taken is not None and taken.id == job_id

    with_rt(home, claim)
    result = run(home, "jobs", "pause", job_id)
    assert result.exit_code == 0
    assert result.stdout == (
        f"job {job_id}: pause requested; the worker acts at the next checkpoint\n"
    )
    row = job(home, job_id)
    assert (row["status"], row["control"]) == ("running", "pause")
    listed = ok_json(home, "jobs", "list")
    assert listed[0]["control"] == "pause" and listed[0]["lease_owner"] == "other-worker"


# -- one job --------------------------------------------------------------------------------


def test_jobs_show(home: Path) -> None:
    job_id = queue(home, priority="high")
    data = ok_json(home, "jobs", "show", job_id)
    assert data["id"] == job_id and data["status"] == "queued"
    assert data["priority"] == "high" and data["reason"] == {"trigger": "manual"}
    assert data["decisions"] == [] and data["cost"] is None
    human = run(home, "jobs", "show", job_id)
    assert human.exit_code == 0 and job_id in human.stdout and "ada/math" in human.stdout
    assert ok_json(home, "sessions", "show", job_id) == data  # the old name, for a release
    assert_error(
        run(home, "jobs", "show", "nope"),
        "job 'nope' not found; list jobs with `lifelong jobs list`",
    )


def test_jobs_metrics_samples_the_series(home: Path) -> None:
    job_id = queue(home)

    async def losses(rt: Runtime) -> None:
        for step in range(1, 51):
            await rt.store.metrics.add([("loss", 1.0 / step), ("learning_rate", 0.01)], step=step,
                                 job_id=job_id, persona="ada", trait="math")  # fmt: skip

    with_rt(home, losses)
    data = ok_json(home, "jobs", "metrics", job_id, "--points", "5")
    assert data["name"] == "loss" and data["total_points"] == 50
    assert [step for step, _ in data["points"]] == [1, 13, 25, 38, 50]
    assert data["points"][-1] == [50, 0.02]
    assert data["summary"]["count"] == 50 and data["job_id"] == job_id
    assert ok_json(home, "sessions", "metrics", job_id, "--points", "5") == data  # the old name
    assert data["summary"]["min"] == pytest.approx(0.02)
    assert data["summary"]["max"] == pytest.approx(1.0)
    assert data["summary"]["last"] == pytest.approx(0.02)

    default = ok_json(home, "jobs", "metrics", job_id)
    assert len(default["points"]) == 20 and default["points"][-1][0] == 50
    rate = ok_json(home, "jobs", "metrics", job_id, "--name", "learning_rate")
    assert rate["summary"]["mean"] == pytest.approx(0.01)
    none = ok_json(home, "jobs", "metrics", job_id, "--name", "accuracy")
    assert none["total_points"] == 0 and none["points"] == []

    human = run(home, "jobs", "metrics", job_id, "--points", "3")
    assert human.exit_code == 0 and "(3 of 50 points)" in human.stdout
    assert_error(
        run(home, "jobs", "metrics", "nope"),
        "job 'nope' not found; list jobs with `lifelong jobs list`",
    )
    assert run(home, "jobs", "metrics", job_id, "--points", "0").exit_code == 2


def test_sample_keeps_the_last_point() -> None:
    assert _sample(list(range(10)), 20) == list(range(10))
    assert _sample(list(range(10)), 1) == [9]
    assert _sample(list(range(10)), 2) == [0, 9]
    assert _sample(list(range(100)), 4) == [0, 33, 66, 99]


# -- layers ---------------------------------------------------------------------------------


def test_layers_list_and_show(home: Path, tmp_path: Path) -> None:
    add_versions(home, tmp_path, 3)
    rows = ok_json(home, "layers", "list", "--persona", "ada")
    assert [(r["version"], r["active"], r["status"]) for r in rows] == [
        (1, False, "deployed"), (2, False, "deployed"), (3, True, "deployed"),
    ]  # fmt: skip
    assert rows[1]["evaluation"]["gate"] == {"passed": True, "reason": "test 2"}
    assert rows[2]["parent_version"] == 2 and rows[0]["artifact_bytes"] > 0
    assert [r["version"] for r in ok_json(home, "layers", "list", "--persona", "ada",
                                          "--trait", "math")] == [1, 2, 3]  # fmt: skip
    assert ok_json(home, "layers", "list", "--persona", "ada", "--trait", "general") == []

    human = run(home, "layers", "list", "--persona", "ada").stdout
    active_line = next(line for line in human.splitlines() if "v3" in line)
    assert "*" in active_line and "passed: test 3" in active_line
    assert "*" not in next(line for line in human.splitlines() if "v2" in line)

    shown = ok_json(home, "layers", "show", "ada", "math", "2")
    assert shown["version"] == 2 and shown["manifest"] == {"n": 1} and shown["active"] is False
    assert ok_json(home, "layers", "show", "ada", "math", "v3")["active"] is True
    human = run(home, "layers", "show", "ada", "math", "v2").stdout
    assert "base 2.0000 / active - / candidate 1.5000" in human
    assert "passed: test 2" in human and '{"n": 1}' in human

    assert_error(
        run(home, "layers", "show", "ada", "math", "9"),
        "layer version 'ada/math v9' not found; known versions: v1, v2, v3 (lifelong layers list)",
    )
    assert_error(
        run(home, "layers", "show", "ada", "../x", "1"),
        f"invalid trait name '../x': it looks like a path; {NAME_RULES}",
    )
    assert_error(
        run(home, "layers", "list", "--persona", "zed"),
        "persona 'zed' not found; list them with `lifelong personas`",
    )
    assert run(home, "layers", "show", "ada", "math", "latest").exit_code == 2


def test_layers_activate_and_rollback_move_the_pointer(home: Path, tmp_path: Path) -> None:
    add_versions(home, tmp_path, 3)
    result = run(home, "layers", "activate", "ada", "math", "1")
    assert result.exit_code == 0 and result.stdout == "ada/math: v3 -> v1 active\n"
    assert active_version(home) == 1
    assert ok_json(home, "layers", "activate", "ada", "math", "v2") == {
        "persona": "ada", "trait": "math", "active": 2, "previous": 1,
    }  # fmt: skip
    assert active_version(home) == 2
    assert_error(
        run(home, "layers", "activate", "ada", "math", "7"),
        "layer version 'ada/math v7' not found; known versions: v1, v2, v3 (lifelong layers list)",
    )
    assert active_version(home) == 2

    assert ok_json(home, "layers", "rollback", "ada", "math", "--to", "3")["active"] == 3
    assert active_version(home) == 3
    result = run(home, "layers", "rollback", "ada", "math")
    assert result.stdout == "ada/math: rolled back from v3 to v2\n"
    assert active_version(home) == 2
    assert_error(run(home, "layers", "rollback", "ada", "math", "--to", "2"),
                 "ada/math v2 is already active")  # fmt: skip
    assert ok_json(home, "layers", "rollback", "ada", "math")["active"] == 1
    data = ok_json(home, "layers", "rollback", "ada", "math")
    assert data == {"persona": "ada", "trait": "math", "active": None, "previous": 1}
    assert active_version(home) is None
    assert_error(
        run(home, "layers", "rollback", "ada", "math"),
        "active layer 'ada/math' not found; there is nothing to roll back from",
    )


def test_layers_pin_and_prune(home: Path, tmp_path: Path) -> None:
    add_versions(home, tmp_path, 4)
    result = run(home, "layers", "pin", "ada", "math", "1")
    assert result.exit_code == 0 and result.stdout == "ada/math v1: pinned\n"
    assert versions(home)[1]["pinned"]
    assert ok_json(home, "layers", "pin", "ada", "math", "2")["pinned"] is True
    assert ok_json(home, "layers", "pin", "ada", "math", "2", "--unpin")["pinned"] is False
    assert not versions(home)[2]["pinned"]
    assert_error(
        run(home, "layers", "pin", "ada", "math", "8"),
        "layer version 'ada/math v8' not found; known versions: v1, v2, v3, v4 "
        "(lifelong layers list)",
    )

    # The default keep (genome.keep_versions = 5) keeps all four.
    assert ok_json(home, "layers", "prune", "--persona", "ada")["pruned"] == []
    assert_error(run(home, "layers", "prune", "--persona", "ada", "--keep", "0"),
                 "keep must be at least 1, got 0")  # fmt: skip
    data = ok_json(home, "layers", "prune", "--persona", "ada", "--trait", "math", "--keep", "1")
    assert data["pruned"] == [{"trait": "math", "version": 2}, {"trait": "math", "version": 3}]
    assert {(k["trait"], k["version"]) for k in data["kept"]} == {("math", 1), ("math", 4)}
    assert data["backed_up_bytes"] > 0
    assert {v: r["status"] for v, r in versions(home).items()} == {
        1: "deployed", 2: "pruned", 3: "pruned", 4: "deployed",
    }  # fmt: skip
    human = run(home, "layers", "prune", "--persona", "ada", "--keep", "1")
    assert human.stdout.startswith("pruned nothing; kept 2 version(s)")
    assert_error(
        run(home, "layers", "prune", "--persona", "a/b"),
        f"invalid persona name 'a/b': it looks like a path; {NAME_RULES}",
    )


# -- report ---------------------------------------------------------------------------------


def test_report_writes_html_and_json(home: Path, tmp_path: Path) -> None:
    out = tmp_path / "reports"
    written = ok_json(home, "report", "--persona", "ada", "--out", str(out))
    assert len(written) == 1
    html, js = Path(written[0]["html"]), Path(written[0]["json"])
    assert html.parent == out and html.name.startswith("ada-") and html.suffix == ".html"
    assert html.is_file() and json.loads(js.read_text())
    human = run(home, "report")  # every persona, into <home>/reports
    assert human.exit_code == 0
    paths = [Path(line) for line in human.stdout.splitlines()]
    assert len(paths) == 2 and all(p.is_file() and p.parent == home / "reports" for p in paths)
    assert_error(run(home, "report", "--persona", "bob"),
                 "persona 'bob' not found; list them with `lifelong personas`")  # fmt: skip
    assert_error(
        run(home, "report", "--persona", "../x"),
        f"invalid persona name '../x': it looks like a path; {NAME_RULES}",
    )


@pytest.mark.parametrize(
    "command",
    [["status"], ["interactions"], ["train"], ["jobs", "list"], ["jobs", "pause"],
     ["sessions", "show"], ["sessions", "metrics"], ["layers", "list"], ["layers", "show"],
     ["layers", "activate"], ["layers", "rollback"], ["layers", "pin"], ["layers", "prune"],
     ["report"]],
)  # fmt: skip
def test_help(command: list[str]) -> None:
    result = CliRunner().invoke(cli, [*command, "--help"])
    assert result.exit_code == 0 and "--json" in result.stdout and "--home" in result.stdout


def test_ctrl_c_says_how_to_carry_on(capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 28: Ctrl-C printed `Aborted!` with no word on resuming."""
    import click

    from lifelong.cli.common import _run

    async def interrupted() -> None:
        raise KeyboardInterrupt

    with pytest.raises(click.exceptions.Exit) as exit_:
        _run(interrupted())
    err = capsys.readouterr().err
    assert exit_.value.exit_code == 130
    assert "queued again" in err and "`lifelong jobs list`" in err and "Aborted" not in err
