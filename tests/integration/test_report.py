"""Per-persona reports built from a real SQLite store: the numbers in the JSON, the charts and
the escaping in the HTML, windows, and personas with nothing to show yet.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update

from lifelong import Runtime, RuntimeConfig, Trait
from lifelong.events import LayerActivated, LayerRolledBack, QualityDropped, TrainingStarted
from lifelong.jobs import Step
from lifelong.learning.report import build_report, render_html, write_report
from lifelong.storage import ReportRepo
from lifelong.storage.tables import Interaction
from tests.helpers import TEST_WORKER, trained_job, turn

pytestmark = pytest.mark.integration

DAY = 86_400
DAY0 = 1_699_920_000  # 2023-11-14 00:00 UTC: a day boundary, so bucket starts are predictable
EVIL = "<script>alert('{}')</script>"
ESCAPED = "&lt;script&gt;alert(&#39;{}&#39;)&lt;/script&gt;"  # markupsafe's spelling


def _evaluation(base: float, active: float | None, candidate: float, active_version: int | None):
    def split(b: float, a: float | None, c: float) -> dict[str, Any]:
        return {
            "base": {"nll": b, "ppl": 2.718**b, "tokens": 500},
            "active": None if a is None else {"nll": a, "ppl": 2.718**a, "tokens": 500},
            "candidate": {"nll": c, "ppl": 2.718**c, "tokens": 500},
        }

    return {
        "heldout": split(base, active, candidate),
        "anchor": split(3.0, None if active is None else 3.0, 3.05),
        "samples": [{"prompt": "How do I boil an egg?", "base": "Boil it.", "active": None,
                     "candidate": EVIL.format("sample")}],
        "gate": {"passed": True, "reason": "held-out NLL improved", "improvement": 0.1,
                 "anchor_regression": 0.0167, "min_improvement": 0.01,
                 "max_anchor_regression": 0.05},
        "active_version": active_version,
    }  # fmt: skip


async def _set_scores(rt: Runtime, scores: dict[str, tuple[float, float | None]]) -> None:
    """created_at and quality straight into the table: the scorer would need MiniLM, and real
    record() times would make the buckets depend on when the test runs.
    """
    table = Interaction.__table__
    async with rt.store.db.write() as conn:
        for interaction_id, (created_at, quality) in scores.items():
            await conn.execute(
                update(table)
                .where(table.c.id == interaction_id)
                .values(created_at=created_at, quality=quality,
                        scored_at=None if quality is None else created_at + 1)
            )  # fmt: skip


async def _session(rt: Runtime, trait: str, provider: str, cost: float, losses: list[float]) -> str:
    job_id = await trained_job(
        rt, "ada", trait, provider=provider, cost=cost, estimate={"tokens": 1000}
    )
    for step, loss in enumerate(losses, start=1):
        await rt.store.metrics.add(
            [("loss", loss)], step=step, job_id=job_id, persona="ada", trait=trait
        )
    return job_id


async def _populate(rt: Runtime) -> dict[str, str]:
    ada = await rt.persona(
        "ada",
        traits=[Trait("cooking", "recipes and kitchen advice"), Trait("baking", "bread")],
        profile={"bio": EVIL.format("profile")},
    )
    ids = [await ada.record(turn(f"Question {i}?", f"Answer {i}."), trait="cooking")
           for i in range(4)]  # fmt: skip
    baking = await ada.record(turn("Sourdough?", "Feed the starter."), trait="baking")
    await _set_scores(rt, {
        ids[0]: (DAY0 + 10 * 3600 + 60, 0.5),
        ids[1]: (DAY0 + 10 * 3600 + 120, 0.7),
        ids[2]: (DAY0 + 11 * 3600 + 10, 0.9),
        ids[3]: (DAY0 + 11 * 3600 + 20, None),  # recorded, not scored yet
        baking: (DAY0 + 2 * DAY + 5, 0.4),
    })  # fmt: skip

    s1 = await _session(rt, "cooking", "local", 0.0, [2.0, 1.5, 1.2, 1.1])
    await rt.store.genome.add_version(
        "ada", "cooking", layer={"kind": "local", "provider": "local",
                                 "evaluation": _evaluation(2.0, None, 1.8, None)},
        job_id=s1, deploy=True, by="test", owner=TEST_WORKER,
    )  # fmt: skip
    s2 = await _session(rt, "cooking", "openai", 1.25, [3.0, 2.5])
    await rt.store.genome.add_version(
        "ada", "cooking", layer={"kind": "local", "provider": "openai",
                                 "evaluation": _evaluation(2.0, 1.8, 1.5, 1)},
        job_id=s2, deploy=True, by="test", owner=TEST_WORKER,
    )  # fmt: skip
    s3 = await _session(rt, "cooking", "openai", 0.5, [])
    await rt.store.jobs.finish(s3, TEST_WORKER, Step.FAIL, error=EVIL.format("error"))
    s4 = await _session(rt, "baking", "deepseek", 2.0, [])
    await rt.store.genome.add_version(
        "ada", "baking", layer={"kind": "remote", "provider": "deepseek",
                                "evaluation": {"skipped": "remote layer: no local weights"}},
        job_id=s4, deploy=False, by="test", owner=TEST_WORKER,
    )  # fmt: skip

    await rt.store.events.add(
        LayerRolledBack,
        persona="ada",
        trait="cooking",
        payload={"from_version": 2, "to_version": 1, "by": "test"},
    )
    await rt.store.events.add(
        LayerActivated, persona="ada", trait="cooking", payload={"version": 2, "by": "test"}
    )
    await rt.store.events.add(
        QualityDropped,
        persona="ada",
        trait="cooking",
        severity="warning",
        is_alert=True,
        payload={"message": EVIL.format("alert")},
    )
    await rt.store.events.add(TrainingStarted, persona="ada", trait="cooking", job_id=s1)
    # Another persona's data must not leak into ada's report.
    bob = await rt.persona("bob", traits=[Trait("cooking", "")])
    await _set_scores(rt, {await bob.record(turn(), trait="cooking"): (DAY0 + 36_000, 0.1)})
    await trained_job(rt, "bob", "cooking", provider="openai", cost=100.0)
    await rt.store.events.add(QualityDropped, persona="bob", is_alert=True)
    return {"s1": s1, "s2": s2, "s3": s3, "s4": s4}  # fmt: skip


def _assert_self_contained(page: str) -> None:
    for forbidden in ("http://", "https://", "src=", "<script", "<link", "@import", "url("):
        assert forbidden not in page.lower(), forbidden


def _chart(page: str, title: str) -> str:
    match = re.search(r"<svg[^>]*>\s*<title>" + re.escape(title) + r"</title>.*?</svg>", page, re.S)
    assert match is not None, title
    return match.group(0)


async def test_report_json_and_html(tmp_path: Path) -> None:
    async with Runtime.open(RuntimeConfig(home=tmp_path / "home", background=False)) as rt:
        s = await _populate(rt)
        events = await rt.store.events.list("ada")
        deployed_events = sum(e["kind"] == "LayerDeployed" for e in events)
        report = build_report(await ReportRepo(rt.store.db).gather("ada"), now=DAY0 + 3 * DAY)

    assert json.loads(json.dumps(report, allow_nan=False)) == report
    assert report["generated_at"] == DAY0 + 3 * DAY
    assert report["window"] == {"since": None, "until": None}
    assert report["persona"]["profile"] == {"bio": EVIL.format("profile")}
    assert set(report["persona"]["traits"]) == {"cooking", "baking"}

    summary = report["summary"]
    assert (summary["interactions"], summary["scored"], summary["sessions"]) == (5, 4, 4)
    assert summary["sessions_by_status"] == {"deployed": 2, "failed": 1, "rejected": 1}
    assert summary["active_versions"] == {"cooking": 2}
    assert (summary["versions"], summary["rollbacks"], summary["activations"]) == (3, 1, 1)
    assert summary["deployments"] == deployed_events
    assert summary["alerts"] == 1

    # The scored span is ~38 h, so hourly buckets; the unscored row counts nowhere.
    quality = report["quality"]
    assert (quality["bucket"], quality["bucket_seconds"]) == ("hour", 3600)
    cooking = quality["traits"]["cooking"]
    assert [(p["start"], p["count"]) for p in cooking] == [
        (DAY0 + 10 * 3600, 2), (DAY0 + 11 * 3600, 1)
    ]  # fmt: skip
    assert cooking[0]["mean"] == pytest.approx(0.6) and cooking[1]["mean"] == pytest.approx(0.9)
    assert quality["traits"]["baking"] == [{"start": DAY0 + 2 * DAY, "mean": 0.4, "count": 1}]

    sessions = {x["id"]: x for x in report["sessions"]}
    assert list(sessions) == [s["s1"], s["s2"], s["s3"], s["s4"]]  # oldest first
    first = sessions[s["s1"]]
    assert first["loss"] == [[1, 2.0], [2, 1.5], [3, 1.2], [4, 1.1]]
    assert first["loss_summary"] == {"min": 1.1, "max": 2.0, "mean": pytest.approx(1.45),
                                     "last": 1.1, "count": 4}  # fmt: skip
    assert (first["status"], first["provider"], first["reason"]) == (
        "deployed", "local", {"trigger": "manual"}
    )  # fmt: skip
    assert sessions[s["s2"]]["loss_summary"]["last"] == 2.5
    failed = sessions[s["s3"]]
    assert (failed["status"], failed["error"], failed["loss"], failed["loss_summary"]) == (
        "failed", EVIL.format("error"), [], None
    )  # fmt: skip

    assert report["cost"]["total"] == pytest.approx(3.75)
    assert report["cost"]["by_provider"] == pytest.approx(
        {"local": 0.0, "openai": 1.75, "deepseek": 2.0}
    )

    genome = report["genome"]
    assert set(genome) == {"cooking", "baking"}
    assert genome["cooking"]["active"]["version"] == 2
    assert genome["baking"]["active"] is None
    versions = genome["cooking"]["versions"]
    assert [(v["version"], v["status"], v["active"]) for v in versions] == [
        (1, "deployed", False), (2, "deployed", True)
    ]  # fmt: skip
    assert versions[1]["parent_version"] == 1
    v2 = versions[1]["auto_test"]
    assert v2["status"] == "passed" and v2["active_version"] == 1
    assert v2["heldout"]["candidate"]["nll"] == 1.5 and v2["heldout"]["active"]["nll"] == 1.8
    assert v2["deltas"]["heldout"]["candidate_vs_base"] == pytest.approx(-0.5)
    assert v2["deltas"]["heldout"]["candidate_vs_active"] == pytest.approx(-0.3)
    assert v2["deltas"]["anchor"]["candidate_vs_base"] == pytest.approx(0.05)
    assert versions[0]["auto_test"]["deltas"]["heldout"]["candidate_vs_active"] is None
    assert v2["samples"][0]["candidate"] == EVIL.format("sample")
    rejected = genome["baking"]["versions"]
    assert [(v["version"], v["status"], v["kind"]) for v in rejected] == [(1, "rejected", "remote")]
    assert rejected[0]["auto_test"] == {"status": "skipped",
                                        "reason": "remote layer: no local weights"}  # fmt: skip

    timeline = report["events"]["timeline"]
    kinds = [e["kind"] for e in timeline]
    assert kinds.count("LayerRolledBack") == 1 and kinds.count("LayerActivated") == 1
    assert "TrainingStarted" not in kinds
    rollback = next(e for e in timeline if e["kind"] == "LayerRolledBack")
    assert rollback["payload"] == {"from_version": 2, "to_version": 1, "by": "test"}
    assert [a["kind"] for a in report["events"]["alerts"]] == ["QualityDropped"]

    page = render_html(report)
    _assert_self_contained(page)
    # Two quality trends, two loss curves (s3 and s4 have none), one NLL chart (baking's only
    # version skipped its auto-test).
    assert page.count("<svg") == 5
    loss = _chart(page, f"loss by step: {s['s1']}")
    assert loss.count("<circle") == 4 and loss.count("<polyline") == 1
    assert ">2<" in loss and ">1.1<" in loss  # the y axis min and max labels
    nll = _chart(page, "held-out NLL per version: cooking")
    assert nll.count("<circle") == 5  # v1: base + candidate, v2: base + active + candidate
    _chart(page, "quality: cooking (3 scored)")
    _chart(page, "quality: baking (1 scored)")
    for text in ("profile", "sample", "error", "alert"):
        assert ESCAPED.format(text) in page, text
    assert "No loss recorded." in page
    assert "skipped: remote layer: no local weights" in page
    assert "rolled back from v2 to v1 by test" in page
    assert "bob" not in page


async def test_window_filters_and_buckets_by_day(tmp_path: Path) -> None:
    async with Runtime.open(RuntimeConfig(home=tmp_path / "home", background=False)) as rt:
        await _populate(rt)
        repo = ReportRepo(rt.store.db)
        wide = build_report(await repo.gather("ada", since=DAY0 - 5 * DAY, until=DAY0 + 3 * DAY))
        narrow = build_report(await repo.gather("ada", since=DAY0 + 11 * 3600, until=DAY0 + DAY))

    # Sessions, versions and events happened "now" (years after DAY0): outside both windows.
    # The active pointer is today's state whatever the window, so it is still reported.
    for report in (wide, narrow):
        assert report["sessions"] == []
        assert report["genome"]["cooking"]["versions"] == []
        assert report["genome"]["cooking"]["active"]["version"] == 2
        assert report["cost"] == {"total": 0, "by_provider": {}}
        assert report["events"]["timeline"] == [] and report["events"]["alerts"] == []
    assert wide["window"] == {"since": DAY0 - 5 * DAY, "until": DAY0 + 3 * DAY}
    assert (wide["quality"]["bucket"], wide["quality"]["bucket_seconds"]) == ("day", DAY)
    assert [(p["start"], p["count"]) for p in wide["quality"]["traits"]["cooking"]] == [(DAY0, 3)]
    assert wide["quality"]["traits"]["cooking"][0]["mean"] == pytest.approx(0.7)
    assert [p["start"] for p in wide["quality"]["traits"]["baking"]] == [DAY0 + 2 * DAY]
    assert narrow["quality"]["bucket"] == "hour"
    assert narrow["quality"]["traits"] == {
        "cooking": [{"start": DAY0 + 11 * 3600, "mean": 0.9, "count": 1}]
    }
    assert (narrow["summary"]["interactions"], narrow["summary"]["scored"]) == (2, 1)


async def test_persona_without_data_still_renders(tmp_path: Path) -> None:
    async with Runtime.open(RuntimeConfig(home=tmp_path / "home", background=False)) as rt:
        await rt.persona("zed", traits=[Trait("cooking", "")])
        repo = ReportRepo(rt.store.db)
        fresh = build_report(await repo.gather("zed"))
        ghost = build_report(await repo.gather("ghost"))

    assert fresh["persona"]["exists"] and not ghost["persona"]["exists"]
    for report in (fresh, ghost):
        json.dumps(report, allow_nan=False)
        assert report["summary"]["sessions"] == 0 and report["sessions"] == []
        assert report["quality"]["traits"] == {} and report["genome"] == {}
        assert report["cost"]["total"] == 0
        page = render_html(report)
        _assert_self_contained(page)
        assert "<svg" not in page
        assert "No training sessions yet." in page and "No scored interactions" in page
    assert "No persona named ghost is stored." in render_html(ghost)


async def test_write_report_files(tmp_path: Path) -> None:
    out = tmp_path / "reports"
    async with Runtime.open(RuntimeConfig(home=tmp_path / "home", background=False)) as rt:
        await _populate(rt)
        reports = ReportRepo(rt.store.db)
        html_path, json_path = await write_report(reports, "ada", out, now=DAY0 + 3723.5)
        # A second report in the same folder replaces the "latest" copies.
        await write_report(ReportRepo(rt.store.db), "ada", out, now=DAY0 + 7200)

    assert html_path == out / "ada-20231114-010203.html"
    assert json_path == out / "ada-20231114-010203.json"
    # Exactly these: no temporary files left behind.
    assert sorted(p.name for p in out.iterdir()) == [
        "ada-20231114-010203.html",
        "ada-20231114-010203.json",
        "ada-20231114-020000.html",
        "ada-20231114-020000.json",
        "ada-latest.html",
        "ada-latest.json",
    ]
    first = json.loads(json_path.read_text())
    assert first["generated_at"] == DAY0 + 3723.5 and first["summary"]["sessions"] == 4
    assert json.loads((out / "ada-latest.json").read_text())["generated_at"] == DAY0 + 7200
    assert (out / "ada-latest.html").read_text() == (out / "ada-20231114-020000.html").read_text()
    page = html_path.read_text()
    _assert_self_contained(page)
    assert page.count("<svg") == 5
