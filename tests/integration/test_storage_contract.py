"""The storage contract, on every backend (SQLite always; PostgreSQL when reachable)."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from lifelong import (
    InvalidRecord,
    NotFound,
    Runtime,
    RuntimeConfig,
    SchemaVersionError,
    Trait,
)
from lifelong.storage import SCHEMA_VERSION, Database, ensure_schema
from lifelong.storage.tables import Base, SchemaVersion
from tests.helpers import turn

pytestmark = pytest.mark.integration


def _config(tmp_path: Path, url: str) -> RuntimeConfig:
    return RuntimeConfig(home=tmp_path / "home", database_url=url, background=False)


async def test_schema_is_created_with_every_table_and_a_version(
    backend_url: str, tmp_path: Path
) -> None:
    async with Database(backend_url) as db:
        assert await ensure_schema(db) == SCHEMA_VERSION
        assert await ensure_schema(db) == SCHEMA_VERSION  # idempotent on a second start
        async with db.read() as conn:
            from sqlalchemy import inspect

            names = await conn.run_sync(lambda c: set(inspect(c).get_table_names()))
    assert set(Base.metadata.tables) <= names
    for table in (
        "personas", "traits", "interactions", "training_sessions", "metrics",
        "logs", "genome_layers", "genome_active", "events",
    ):  # fmt: skip
        assert table in names


async def test_an_unknown_schema_version_is_refused(backend_url: str) -> None:
    async with Database(backend_url) as db:
        await ensure_schema(db)
        async with db.write() as conn:
            await conn.execute(update(SchemaVersion).values(version=SCHEMA_VERSION + 1))
        with pytest.raises(SchemaVersionError, match=f"schema version {SCHEMA_VERSION + 1}"):
            await ensure_schema(db)


async def test_a_version_1_database_is_migrated_in_place(backend_url: str) -> None:
    """A database written before the job-control column existed gains it, keeping its rows."""
    from sqlalchemy import text

    async with Database(backend_url) as db:
        await ensure_schema(db)
        async with db.write() as conn:
            await conn.execute(text("ALTER TABLE training_sessions DROP COLUMN control"))
            await conn.execute(update(SchemaVersion).values(version=1))
            await conn.execute(
                text(
                    "INSERT INTO training_sessions (id, persona, trait, status, priority, "
                    "created_at) VALUES ('s1', 'ada', 'general', 'queued', 1, 0)"
                )
            )
        assert await ensure_schema(db) == SCHEMA_VERSION
        async with db.read() as conn:
            row = (await conn.execute(text("SELECT id, control FROM training_sessions"))).one()
            version = (await conn.execute(select(SchemaVersion.version))).scalar_one()
    assert tuple(row) == ("s1", None)
    assert version == SCHEMA_VERSION


async def test_a_version_2_database_loses_the_unused_checkpoints_table(backend_url: str) -> None:
    from sqlalchemy import inspect, text

    async with Database(backend_url) as db:
        await ensure_schema(db)
        async with db.write() as conn:
            await conn.execute(text("CREATE TABLE checkpoints (id INTEGER PRIMARY KEY)"))
            await conn.execute(update(SchemaVersion).values(version=2))
        assert await ensure_schema(db) == SCHEMA_VERSION
        async with db.read() as conn:
            names = await conn.run_sync(lambda c: set(inspect(c).get_table_names()))
    assert "checkpoints" not in names and "training_sessions" in names


async def test_a_version_3_database_gains_the_trait_profiles_table(backend_url: str) -> None:
    """Routing profiles came with version 4: a version 3 database gets their table, keeping its
    rows, and the profiles merge into it like into a new one.
    """
    from sqlalchemy import inspect, text

    from lifelong.storage import PersonaRepo, PromptSum, TraitProfileRepo

    async with Database(backend_url) as db:
        await ensure_schema(db)
        await PersonaRepo(db).upsert("ada", profile=None, traits={"club": "club matters"})
        async with db.write() as conn:
            await conn.execute(text("DROP TABLE trait_profiles"))
            await conn.execute(update(SchemaVersion).values(version=3))
        assert await ensure_schema(db) == SCHEMA_VERSION
        async with db.read() as conn:
            names = await conn.run_sync(lambda c: set(inspect(c).get_table_names()))
            version = (await conn.execute(select(SchemaVersion.version))).scalar_one()
        batch = PromptSum()
        batch.add([0.6, 0.8])
        await TraitProfileRepo(db).add({("ada", "club"): batch})
        profiles = await TraitProfileRepo(db).get("ada")
        persona = await PersonaRepo(db).get("ada")
    assert "trait_profiles" in names and version == SCHEMA_VERSION
    assert persona is not None and persona.traits == {"club": "club matters"}
    assert profiles["club"].centroid == [0.6, 0.8] and profiles["club"].count == 1


async def test_a_version_4_database_gains_attribution_and_the_monitor_column(
    backend_url: str,
) -> None:
    """Version 5 records which layers answered each generation: a version 4 database (no
    generation tables, no ``interactions.generation_id``, no ``genome_layers.monitor``) is
    migrated in place, keeping its interactions, which read back unattributed.
    """
    from sqlalchemy import inspect, text

    from lifelong.storage import InteractionRepo, PersonaRepo

    async with Database(backend_url) as db:
        await ensure_schema(db)
        await PersonaRepo(db).upsert("ada", profile=None, traits={})
        async with db.write() as conn:
            await conn.execute(text("DROP TABLE generation_layers"))
            await conn.execute(text("DROP TABLE leases"))
            await conn.execute(text("DROP TABLE generations"))
            await conn.execute(text("DROP INDEX ix_interactions_generation"))
            await conn.execute(text("ALTER TABLE interactions DROP COLUMN generation_id"))
            await conn.execute(text("ALTER TABLE genome_layers DROP COLUMN monitor"))
            await conn.execute(
                text(
                    "INSERT INTO interactions (id, persona, messages, content_hash, source, "
                    "created_at, used) VALUES ('i1', 'ada', '[]', 'h', 'record', 0, false)"
                )
            )
            await conn.execute(update(SchemaVersion).values(version=4))
        assert await ensure_schema(db) == SCHEMA_VERSION
        async with db.read() as conn:
            names = await conn.run_sync(lambda c: set(inspect(c).get_table_names()))
            columns = await conn.run_sync(
                lambda c: {x["name"] for x in inspect(c).get_columns("genome_layers")}
            )
        row = await InteractionRepo(db).get("i1")
    assert {"generations", "generation_layers", "leases"} <= names and "monitor" in columns
    assert row is not None and row.generation_id is None


async def test_a_version_8_databases_tokens_keep_working_and_gain_persona_lists(
    backend_url: str,
) -> None:
    """Version 9 gives tokens several rights in one scope and a persona list: a version 8
    database (``scope`` 16 wide, no ``personas``) is migrated, and its tokens still verify.
    """
    from sqlalchemy import text

    from lifelong.runtime.tokens import Tokens
    from lifelong.storage.repos.tokens import TokenRepo

    async with Database(backend_url) as db:
        await ensure_schema(db)
        tokens = Tokens(TokenRepo(db))
        _old, secret = await tokens.create("record", "from v8")
        async with db.write() as conn:
            await conn.execute(text("ALTER TABLE api_tokens DROP COLUMN personas"))
            if conn.dialect.name == "postgresql":
                await conn.execute(
                    text("ALTER TABLE api_tokens ALTER COLUMN scope TYPE VARCHAR(16)")
                )
            await conn.execute(update(SchemaVersion).values(version=8))
        assert await ensure_schema(db) == SCHEMA_VERSION
        again = Tokens(TokenRepo(db))
        found = await again.verify(secret)
        assert found is not None and found.scope == "record" and found.personas is None
        # The widened scope and the new column take what version 9 writes.
        info, made = await again.create("record,manage,events", "limited", ["ada", "bob"])
        back = await again.verify(made)
    assert back == info and back.personas == ("ada", "bob") and not back.may_use("eve")
    assert back.allows("manage") and not back.allows("admin") and found.may_use("eve")


async def test_a_version_9_database_calls_a_jobs_id_job_id_and_keeps_its_rows(
    backend_url: str,
) -> None:
    """Version 10 gives a job's id one name: a version 9 database (``session_id`` columns on
    metrics, logs, genome_layers and events, ``interactions.used_by_session``, indexes named
    after sessions) is migrated in place; its rows read back through the renamed columns.
    """
    from sqlalchemy import inspect, text

    from lifelong.storage import InteractionRepo, MetricsRepo, PersonaRepo
    from lifelong.storage.repos.events import EventRepo

    renamed = {
        "metrics": ("job_id", "session_id"), "logs": ("job_id", "session_id"),
        "genome_layers": ("job_id", "session_id"), "events": ("job_id", "session_id"),
        "interactions": ("used_by_job", "used_by_session"),
    }  # fmt: skip
    async with Database(backend_url) as db:
        await ensure_schema(db)
        await PersonaRepo(db).upsert("ada", profile=None, traits={})
        async with db.write() as conn:  # make it the shape version 9 wrote
            await conn.execute(text("DROP INDEX ix_metrics_job"))
            await conn.execute(text("DROP INDEX ix_logs_job"))
            for table, (new, old) in renamed.items():
                await conn.execute(text(f"ALTER TABLE {table} RENAME COLUMN {new} TO {old}"))
            await conn.execute(
                text("CREATE INDEX ix_metrics_session ON metrics (session_id, name, step)")
            )
            await conn.execute(text("CREATE INDEX ix_logs_session ON logs (session_id, ts)"))
            await conn.execute(
                text(
                    "INSERT INTO metrics (ts, name, value, step, session_id, persona, trait) "
                    "VALUES (1, 'loss', 2.5, 1, 'j9', 'ada', 'math'), "
                    "(2, 'loss', 1.5, 2, 'j9', 'ada', 'math')"
                )
            )
            await conn.execute(
                text(
                    "INSERT INTO events (ts, kind, persona, trait, session_id, severity, "
                    "is_alert, payload, acknowledged) VALUES "
                    "(1, 'TrainingStarted', 'ada', 'math', 'j9', 'info', false, '{}', false)"
                )
            )
            await conn.execute(
                text(
                    "INSERT INTO interactions (id, persona, messages, content_hash, source, "
                    "created_at, used, used_by_session) "
                    "VALUES ('i1', 'ada', '[]', 'h', 'record', 0, false, 'j9')"
                )
            )
            await conn.execute(update(SchemaVersion).values(version=9))
        assert await ensure_schema(db) == SCHEMA_VERSION == 10
        assert await ensure_schema(db) == SCHEMA_VERSION  # and again: nothing left to do
        async with db.read() as conn:

            def shape(sync: Any) -> tuple[dict[str, set[str]], set[str]]:
                found = inspect(sync)
                columns = {t: {c["name"] for c in found.get_columns(t)} for t in renamed}
                indexes = {i["name"] for t in ("metrics", "logs") for i in found.get_indexes(t)}
                return columns, indexes

            columns, indexes = await conn.run_sync(shape)
            used_by = (
                await conn.execute(text("SELECT used_by_job FROM interactions WHERE id = 'i1'"))
            ).scalar_one()
        series = await MetricsRepo(db).series("j9", "loss")
        events = await EventRepo(db).list(persona="ada")
        interaction = await InteractionRepo(db).get("i1")
    for table, (new, old) in renamed.items():
        assert new in columns[table] and old not in columns[table], table
    assert {"ix_metrics_job", "ix_logs_job"} <= indexes
    assert not {"ix_metrics_session", "ix_logs_session"} & indexes
    assert series == [(1, 2.5), (2, 1.5)]
    assert [(e["kind"], e["job_id"]) for e in events] == [("TrainingStarted", "j9")]
    assert used_by == "j9" and interaction is not None


async def test_record_feedback_and_read_back(backend_url: str, tmp_path: Path) -> None:
    async with Runtime.open(_config(tmp_path, backend_url)) as rt:
        ada = await rt.persona(
            "ada", traits=[Trait("python-tutor", "explains Python")], profile={"tone": "warm"}
        )
        first = await ada.record(turn(), trait="python-tutor", metadata={"chat": 7})
        second = await ada.record(turn("hi", "hello"))
        await ada.feedback(first, rating=0.25, correction="Use reversed(items) or items[::-1].")
        row = await rt.store.interactions.get(first)
        assert row is not None
        assert row.messages == turn()
        assert row.trait == "python-tutor" and row.metadata == {"chat": 7}
        assert row.feedback_rating == 0.25
        assert row.feedback_correction == "Use reversed(items) or items[::-1]."
        assert row.used is False and row.quality is None and row.source == "record"
        other = await rt.store.interactions.get(second)
        assert other is not None and other.trait is None
        assert await rt.store.interactions.count("ada") == 2
        listed = await rt.store.interactions.list("ada", limit=1)
        assert [r.id for r in listed] == [second]  # newest first

        with pytest.raises(NotFound):
            await ada.feedback("00000000-0000-7000-8000-000000000000", rating=1.0)
        with pytest.raises(InvalidRecord, match="rating"):
            await ada.feedback(first, rating=1.5)
        with pytest.raises(InvalidRecord, match="not a trait"):
            await ada.record(turn(), trait="chess")

    # Everything survives a restart, and the persona keeps its traits and profile.
    async with Runtime.open(_config(tmp_path, backend_url)) as rt:
        again = await rt.persona("ada")
        assert again.traits == {"python-tutor": "explains Python"}
        assert again.profile == {"tone": "warm"}
        assert await rt.store.interactions.count("ada") == 2


async def test_many_personas_recording_concurrently_lose_nothing(
    backend_url: str, tmp_path: Path
) -> None:
    personas, tasks, per_task = 12, 6, 40
    async with Runtime.open(_config(tmp_path, backend_url)) as rt:
        handles = [await rt.persona(f"p{k}") for k in range(personas)]
        ids: list[str] = []

        async def chat(k: int, t: int) -> None:
            for i in range(per_task):
                ids.append(await handles[k].record(turn(f"q {k} {t} {i}", f"a {i}")))

        # A concurrent import and feedback share the writer with the recorders.
        source = tmp_path / "side.jsonl"
        source.write_text(
            "\n".join(json.dumps({"prompt": f"p{i}", "response": f"r{i}"}) for i in range(300))
        )
        results = await asyncio.gather(
            *(chat(k, t) for k in range(personas) for t in range(tasks)),
            rt.import_jsonl(source, persona="p0"),
        )
        report = results[-1]
        assert report.imported == 300
        assert len(set(ids)) == personas * tasks * per_task
        assert await rt.store.interactions.count() == personas * tasks * per_task + 300
        for k in range(personas):
            expected = tasks * per_task + (300 if k == 0 else 0)
            assert await rt.store.interactions.count(f"p{k}") == expected


async def test_import_dedupes_across_runs(backend_url: str, tmp_path: Path) -> None:
    source = tmp_path / "data.jsonl"
    lines = [
        {"messages": turn("a", "b")},
        {"prompt": "c", "response": "d", "system": "be kind"},
        {"messages": turn("a", "b")},  # duplicate inside the file
    ]
    source.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    async with Runtime.open(_config(tmp_path, backend_url)) as rt:
        first = await rt.import_jsonl(source, persona="ada")
        assert (first.imported, first.duplicates, first.invalid) == (2, 1, 0)
        second = await rt.import_jsonl(source, persona="ada")
        assert (second.imported, second.duplicates) == (0, 3)
        assert await rt.store.interactions.count("ada") == 2
        # The same file into another persona is new data for that persona.
        other = await rt.import_jsonl(source, persona="bob")
        assert other.imported == 2


async def test_one_lease_holder_at_a_time_and_takeover_after_expiry(backend_url: str) -> None:
    from lifelong.storage.repos import LeaseRepo

    async with Database(backend_url) as db:
        await ensure_schema(db)
        leases = LeaseRepo(db)
        assert await leases.acquire("schedules", "a", 30, now=100.0)
        assert not await leases.acquire("schedules", "b", 30, now=110.0)  # a holds it
        assert await leases.acquire("schedules", "a", 30, now=120.0)  # a renews: until 150
        assert not await leases.acquire("schedules", "b", 30, now=149.0)
        assert await leases.holder("schedules", now=149.0) == "a"
        assert await leases.acquire("schedules", "b", 30, now=151.0)  # a stopped renewing
        assert not await leases.acquire("schedules", "a", 30, now=152.0)
        await leases.release("schedules", "a")  # not a's any more: nothing happens
        assert await leases.holder("schedules", now=152.0) == "b"
        await leases.release("schedules", "b")
        assert await leases.holder("schedules", now=152.0) is None
        assert await leases.acquire("schedules", "a", 30, now=153.0)
