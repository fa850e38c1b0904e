"""Issue 10: one caller's bad row, profile, trait or feedback never reaches (or breaks) the store.

Every backend the storage contract runs on: SQLite always, PostgreSQL when reachable.
"""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from lifelong import InvalidRecord, Runtime, RuntimeConfig, Trait
from lifelong.cli import cli
from lifelong.errors import StorageError
from lifelong.persona.importer import ImportReport, _stage
from lifelong.persona.messages import content_hash
from lifelong.storage import Database, ImportRepo, InteractionRepo, Recorder, new_id
from tests.helpers import turn

pytestmark = pytest.mark.integration


def _config(tmp_path: Path, url: str) -> RuntimeConfig:
    return RuntimeConfig(home=tmp_path / "home", database_url=url, background=False)


def _row(persona: str, conversation_id: str, question: str = "Which row?") -> dict[str, Any]:
    """A finished row as persona.record hands it to the recorder, bypassing validation."""
    messages = turn(question, "This one.")
    return {
        "id": new_id(), "persona": persona, "trait": None, "trait_source": None,
        "messages": messages, "metadata": {"conversation_id": conversation_id},
        "conversation_id": conversation_id, "content_hash": content_hash(messages),
        "dedupe_key": None, "source": "record", "import_id": None, "created_at": time.time(),
        "used": False,
    }  # fmt: skip


async def test_one_bad_row_fails_only_its_own_caller(backend_url: str, tmp_path: Path) -> None:
    async with Runtime.open(_config(tmp_path, backend_url)) as rt:
        ada = await rt.persona("ada")
        # Validation now refuses a lone surrogate, so hand the runtime's own recorder a row that
        # no driver can encode, in the same group commit as eight good record() calls.
        good = [ada.record(turn(f"Question {i}?", f"Answer {i}.")) for i in range(8)]
        bad = rt.recorder.submit(_row("ada", "\ud800"))
        results = await asyncio.gather(*good, bad, return_exceptions=True)

        *ids, bad_outcome = results
        assert isinstance(bad_outcome, Exception)
        assert all(isinstance(i, str) for i in ids), ids
        for i, interaction_id in enumerate(ids):
            stored = await rt.store.interactions.get(interaction_id)
            assert stored is not None
            assert stored.messages[0]["content"] == f"Question {i}?"
        assert await rt.store.interactions.count("ada") == 8


async def test_a_failing_store_fails_the_batch_once_without_splitting(tmp_path: Path) -> None:
    # A store that cannot write at all is no row's fault: one try, every caller told.
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'never-opened.db'}")
    repo = InteractionRepo(db)
    calls = []

    async def write(rows: Any) -> None:
        calls.append(len(rows))
        await repo.insert_many(rows)

    recorder = Recorder(write)
    results = await asyncio.gather(
        *[recorder.submit(_row("ada", f"c{i}")) for i in range(4)], return_exceptions=True
    )
    await recorder.close()
    assert all(isinstance(r, StorageError) for r in results), results
    assert calls == [4]


@pytest.mark.parametrize(
    ("metadata", "field"),
    [
        ({"conversation_id": "\ud800"}, "metadata.conversation_id"),
        ({"conversation_id": "a\x00b"}, "metadata.conversation_id"),
        ({"tags": ["ok", {"deep": "\udfff"}]}, "metadata.tags[1].deep"),
        ({"\ud800": 1}, "metadata['\\ud800']"),
        ({"score": float("nan")}, "metadata.score"),
        ({"when": object()}, "metadata.when"),
    ],
)
async def test_record_refuses_metadata_the_store_cannot_hold(
    runtime: Runtime, metadata: dict[str, Any], field: str
) -> None:
    ada = await runtime.persona("ada")
    with pytest.raises(InvalidRecord) as info:
        await ada.record(turn(), metadata=metadata)
    assert info.value.field == field
    assert await runtime.store.interactions.count("ada") == 0
    assert await ada.record(turn(), metadata={"conversation_id": "c-1"})  # the store still works


async def test_deeply_nested_metadata_is_an_invalid_record_not_a_recursion_error(
    runtime: Runtime,
) -> None:
    ada = await runtime.persona("ada")
    deep: dict[str, Any] = {}
    node = deep
    for _ in range(5000):
        node["a"] = {}
        node = node["a"]
    with pytest.raises(InvalidRecord) as info:
        await ada.record(turn(), metadata=deep)
    assert info.value.field.startswith("metadata.a.a")
    assert "nested deeper than 32" in str(info.value)


@pytest.mark.parametrize(
    ("profile", "field", "words"),
    [
        ({"bio": "caf\ud800"}, "profile.bio", "surrogate"),
        ({"bio": "a\x00b"}, "profile.bio", "NUL"),
        ({"x": object()}, "profile.x", "not JSON"),
        ({"bio": "x" * 10_000_000}, "profile", "larger than the limit"),
        ({"links": [{"url": float("inf")}]}, "profile.links[0].url", "finite"),
    ],
)
async def test_persona_refuses_a_profile_the_store_cannot_hold(
    runtime: Runtime, profile: dict[str, Any], field: str, words: str
) -> None:
    with pytest.raises(InvalidRecord) as info:
        await runtime.persona("ada", profile=profile)
    assert info.value.field == field
    assert words in str(info.value)
    assert await runtime.store.personas.get("ada") is None  # nothing written
    # Other personas, and listing them all, are unaffected.
    await runtime.persona("bob", profile={"bio": "fine"})
    assert [p.name for p in await runtime.store.personas.list()] == ["bob"]


@pytest.mark.parametrize(
    ("description", "words"),
    [("\ud800", "surrogate"), ("a\x00b", "control characters"), ("x" * 10_000_000, "limit")],
)
def test_trait_refuses_a_description_the_store_cannot_hold(description: str, words: str) -> None:
    with pytest.raises(InvalidRecord) as info:
        Trait("cooking", description)
    assert info.value.field == "traits[cooking].description"
    assert words in str(info.value)


@pytest.mark.parametrize(
    ("correction", "words"),
    [("a\x00b", "control characters"), ("caf\ud800", "surrogate"), ("x" * 100_001, "limit")],
)
async def test_feedback_text_gets_the_message_checks(
    runtime: Runtime, correction: str, words: str
) -> None:
    ada = await runtime.persona("ada")
    interaction_id = await ada.record(turn())
    with pytest.raises(InvalidRecord) as info:
        await ada.feedback(interaction_id, correction=correction)
    assert info.value.field == "correction"
    assert words in str(info.value)
    stored = await runtime.store.interactions.get(interaction_id)
    assert stored is not None and stored.feedback_correction is None


async def test_feedback_refuses_an_id_the_driver_cannot_encode(runtime: Runtime) -> None:
    ada = await runtime.persona("ada")
    with pytest.raises(InvalidRecord) as info:
        await ada.feedback("\ud800", rating=1.0)
    assert info.value.field == "interaction_id"


GOOD = json.dumps({"messages": turn("What is a tuple?", "An immutable sequence.")})
GOOD2 = json.dumps({"prompt": "What is a dict?", "response": "A mapping."})
# json.dumps writes the lone surrogate as the escape \ud800: valid JSON, invalid text.
SURROGATE = json.dumps({"messages": turn(), "metadata": {"conversation_id": "\ud800"}})


@pytest.mark.parametrize("skip_invalid", [True, False])
def test_import_reports_a_surrogate_line_instead_of_crashing(
    tmp_path: Path, skip_invalid: bool
) -> None:
    assert "\\ud800" in SURROGATE
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join([GOOD, SURROGATE, GOOD2]) + "\n")
    home = tmp_path / "h"
    args = ["import", str(source), "--persona", "ada", "--home", str(home), "--json"]
    result = CliRunner().invoke(cli, args + (["--skip-invalid"] if skip_invalid else []))
    assert "Traceback" not in result.stderr
    assert result.exit_code == (0 if skip_invalid else 1), result.output
    report = json.loads(result.stdout)
    assert report["imported"] == (2 if skip_invalid else 0) and report["invalid"] == 1
    assert report["errors"] == [
        {"line": 2, "field": "metadata.conversation_id", "message": report["errors"][0]["message"]}
    ]
    assert "surrogate" in report["errors"][0]["message"]
    assert f"{source}: line 2: metadata.conversation_id:" in result.stderr


async def test_a_line_the_store_refuses_is_reported_and_the_others_staged(
    backend_url: str, tmp_path: Path
) -> None:
    # Defence in depth behind validation: a refused staging row is one bad line, not a crash.
    async with Runtime.open(_config(tmp_path, backend_url)) as rt:
        await rt.persona("ada")
        repo = ImportRepo(rt.store.db)
        import_id = new_id()
        await repo.begin(import_id, "ada", "test")
        rows = []
        for line, cid in enumerate(["a", "b", "\ud800", "c"], start=1):
            row = _row("ada", cid, question=f"Line {line}?")
            rows.append({"line": line, **{k: row[k] for k in _STAGED}})
        report = ImportReport(path="test", persona="ada")
        assert await _stage(repo, import_id, rows, report) == 3
        assert [(p.line, p.field) for p in report.errors] == [(3, "line")]
        assert report.invalid == 1 and "store refused" in report.errors[0].message
        inserted, staged = await repo.commit(import_id, report.to_json())
        assert (inserted, staged) == (3, 3)
        assert await rt.store.interactions.count("ada") == 3


_STAGED = (
    "id", "persona", "trait", "messages", "metadata", "conversation_id", "content_hash",
    "created_at",
)  # fmt: skip
