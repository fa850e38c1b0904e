"""Schema creation and the version check made at every start."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable

from sqlalchemy import Executable, inspect, select, text, update
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.schema import CreateTable

from lifelong.errors import SchemaVersionError, StorageError
from lifelong.storage.database import Database
from lifelong.storage.tables import (
    ApiToken,
    Base,
    CanaryLayer,
    ChatPrefix,
    Generation,
    GenerationLayer,
    GenerationMemory,
    Lease,
    MemoryTurn,
    SchemaVersion,
    TraitProfile,
    table_of,
)

# Bump when a table changes, and teach `ensure_schema` to migrate from the previous number.
SCHEMA_VERSION = 10

# Schema creation and migration hold this transaction-scoped advisory lock on PostgreSQL, so
# runtimes starting together on a new database take turns instead of racing `create_all` (which
# fails with a unique violation on pg_type when two create the same table). The key is a
# constant: "lifelong" in ASCII as a signed 64-bit integer. SQLite needs no lock: `db.write()`
# begins IMMEDIATE, which already lets one writer in at a time.
SCHEMA_LOCK_KEY = int.from_bytes(b"lifelong", "big")

# version -> statements that bring a database at that version to the next one (SQL text, or a
# SQLAlchemy DDL element that each dialect spells its own way). Each step runs in the same
# transaction as the version bump, so a kill leaves the old or the new schema.
Step = str | Executable | Callable[[AsyncConnection], Awaitable[None]]


def _add_column(table: str, column: str, sql_type: str | dict[str, str]) -> Step:
    """``ALTER TABLE ... ADD COLUMN`` unless it is there (SQLite has no ``IF NOT EXISTS``
    for columns), so a database whose column came early is migrated all the same.
    ``sql_type`` may name a type per dialect (``{"postgresql": "BYTEA", "sqlite": "BLOB"}``).
    """

    async def step(conn: AsyncConnection) -> None:
        columns = await conn.run_sync(
            lambda sync: {c["name"] for c in inspect(sync).get_columns(table)}
        )
        if column not in columns:
            spelled = sql_type if isinstance(sql_type, str) else sql_type[conn.dialect.name]
            await conn.execute(text(f"ALTER TABLE {table} ADD COLUMN {column} {spelled}"))

    return step


def _rename_column(table: str, old: str, new: str) -> Step:
    """``ALTER TABLE ... RENAME COLUMN`` (SQLite 3.25+ and PostgreSQL alike; indexes on the
    column follow it) unless the rename was done already, so a half-migrated database (or
    one whose column came early) is migrated all the same. The rows stay.
    """

    async def step(conn: AsyncConnection) -> None:
        columns = await conn.run_sync(
            lambda sync: {c["name"] for c in inspect(sync).get_columns(table)}
        )
        if old in columns and new not in columns:
            await conn.execute(text(f"ALTER TABLE {table} RENAME COLUMN {old} TO {new}"))

    return step


async def _widen_token_scope(conn: AsyncConnection) -> None:
    """``api_tokens.scope`` holds several rights now (``record,manage,events``): 64 wide.
    SQLite does not enforce a VARCHAR's length, so only PostgreSQL needs the change.
    """
    if conn.dialect.name == "postgresql":
        await conn.execute(text("ALTER TABLE api_tokens ALTER COLUMN scope TYPE VARCHAR(64)"))


_MIGRATIONS: dict[int, list[Step]] = {
    1: ["ALTER TABLE training_sessions ADD COLUMN control VARCHAR(16)"],
    # Checkpoints live on disk with a COMPLETE marker (the trainer's own record of what is
    # whole); the table that was meant to mirror them was never written.
    2: ["DROP TABLE IF EXISTS checkpoints"],
    # Routing profiles: what each trait has been asked. Compiled from the table's declaration,
    # so a migrated database and a new one hold the same table on SQLite and PostgreSQL.
    3: [CreateTable(table_of(TraitProfile), if_not_exists=True)],
    # Attribution and the post-deploy monitor: which layers answered each generation, which
    # generation each recorded turn came from, and the monitor's verdict on each version.
    4: [
        CreateTable(table_of(Generation), if_not_exists=True),
        CreateTable(table_of(GenerationLayer), if_not_exists=True),
        "CREATE INDEX IF NOT EXISTS ix_generations_persona ON generations (persona, created_at)",
        "CREATE INDEX IF NOT EXISTS ix_generation_layers_layer ON generation_layers (layer_id)",
        _add_column("interactions", "generation_id", "VARCHAR(36)"),
        "CREATE INDEX IF NOT EXISTS ix_interactions_generation ON interactions (generation_id)",
        _add_column("genome_layers", "monitor", "JSON"),
        # The schedule leader's lease (one process runs triggers, reports and the monitor).
        CreateTable(table_of(Lease), if_not_exists=True),
    ],
    # The HTTP service's bearer tokens (hashes only).
    5: [CreateTable(table_of(ApiToken), if_not_exists=True)],
    # Routing by nearest prompt: a sample of each profile's prompt vectors.
    6: [
        _add_column("trait_profiles", "exemplars", {"postgresql": "BYTEA", "sqlite": "BLOB"}),
        _add_column("trait_profiles", "exemplars_seen", "INTEGER"),
    ],
    # Canary rollout: a new version serving a share of conversations beside the active one.
    # And the generations' retention sweep reads them by age.
    7: [
        CreateTable(table_of(CanaryLayer), if_not_exists=True),
        "CREATE INDEX IF NOT EXISTS ix_generations_created ON generations (created_at)",
    ],
    # Tokens: several rights in one scope (record, manage, events, admin) and a list of the
    # personas a token is limited to. Memory: the turns a persona is reminded of, which
    # generations used them, and a per-persona switch.
    8: [
        _add_column("api_tokens", "personas", "JSON"),
        _widen_token_scope,
        CreateTable(table_of(MemoryTurn), if_not_exists=True),
        "CREATE INDEX IF NOT EXISTS ix_memories_persona_updated ON memories (persona, updated_at)",
        "CREATE INDEX IF NOT EXISTS ix_memories_layer ON memories (layer_id)",
        CreateTable(table_of(GenerationMemory), if_not_exists=True),
        "CREATE INDEX IF NOT EXISTS ix_generation_memory_memory ON generation_memory (memory_id)",
        _add_column("personas", "memory", "BOOLEAN"),
        # The OpenAI-compatible gateway: conversations stitched by their resent history.
        CreateTable(table_of(ChatPrefix), if_not_exists=True),
        "CREATE INDEX IF NOT EXISTS ix_chat_prefixes_created ON chat_prefixes (created_at)",
    ],
    # One name for a job's id: ``session_id`` columns are ``job_id``, ``used_by_session`` is
    # ``used_by_job``, and the indexes named after sessions are named after jobs (SQLite cannot
    # rename an index: dropped and made again, on the renamed column).
    9: [
        _rename_column("metrics", "session_id", "job_id"),
        _rename_column("logs", "session_id", "job_id"),
        _rename_column("genome_layers", "session_id", "job_id"),
        _rename_column("events", "session_id", "job_id"),
        _rename_column("interactions", "used_by_session", "used_by_job"),
        "DROP INDEX IF EXISTS ix_metrics_session",
        "CREATE INDEX IF NOT EXISTS ix_metrics_job ON metrics (job_id, name, step)",
        "DROP INDEX IF EXISTS ix_logs_session",
        "CREATE INDEX IF NOT EXISTS ix_logs_job ON logs (job_id, ts)",
    ],
}


async def ensure_schema(db: Database) -> int:
    """Create the tables of a new database, or check the version of an existing one.

    Raises :class:`SchemaVersionError` for a database written by a newer lifelong, and
    :class:`StorageError` for a database that has tables but no version row (not ours).
    """
    async with db.write() as conn:
        if conn.dialect.name == "postgresql":
            # Released at commit or rollback; whoever waited then sees the committed tables.
            await conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SCHEMA_LOCK_KEY})
        tables = await conn.run_sync(lambda sync: set(inspect(sync).get_table_names()))
        if SchemaVersion.__tablename__ not in tables:
            await conn.run_sync(Base.metadata.create_all)
            await conn.execute(
                table_of(SchemaVersion)
                .insert()
                .values(id=1, version=SCHEMA_VERSION, created_at=time.time())
            )
            return SCHEMA_VERSION
        found = await _version(conn)
        if found is None:
            raise StorageError(
                f"database {db.display_url} has a schema_version table but no version row; "
                "it was not written by lifelong or was damaged"
            )
        if found > SCHEMA_VERSION or (found < SCHEMA_VERSION and found not in _MIGRATIONS):
            raise SchemaVersionError(db.display_url, found, SCHEMA_VERSION)
        while found < SCHEMA_VERSION:
            for statement in _MIGRATIONS[found]:
                if isinstance(statement, str):
                    await conn.execute(text(statement))
                elif callable(statement) and not isinstance(statement, Executable):
                    await statement(conn)
                else:
                    await conn.execute(statement)
            found += 1
            await conn.execute(update(SchemaVersion).values(version=found))
        # Same version: make sure every table exists (harmless when they all do).
        await conn.run_sync(Base.metadata.create_all)
        return found


async def _version(conn: AsyncConnection) -> int | None:
    return (await conn.execute(select(SchemaVersion.version).limit(1))).scalar_one_or_none()
