"""Read-only gathering of everything a per-persona report shows.

One read transaction, so the numbers in a report agree with each other (a session deployed
between two queries cannot appear as both running and deployed). Heavy lifting that grows with
traffic (interaction quality) is aggregated in SQL; the rest (sessions, versions, layer events)
grows with training activity, which is small, and is returned row by row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import BigInteger, Float, Integer, case, cast, func, literal_column, select
from sqlalchemy.ext.asyncio import AsyncConnection

from lifelong.storage.database import Database
from lifelong.storage.tables import (
    ActiveLayer,
    Event,
    GenomeLayer,
    Interaction,
    Metric,
    Persona,
    TrainingSession,
    Trait,
    table_of,
)

_A = table_of(ActiveLayer)
_E = table_of(Event)
_I = table_of(Interaction)
_L = table_of(GenomeLayer)
_M = table_of(Metric)
_P = table_of(Persona)
_S = table_of(TrainingSession)
_T = table_of(Trait)

HOUR = 3600
DAY = 86_400
# Above this span the quality trend is bucketed by day, below it by hour: 3 days is 72 hourly
# points, about the most a chart a few hundred pixels wide can show legibly.
DAY_BUCKETS_ABOVE = 3 * DAY

LAYER_EVENTS = (
    "LayerDeployed", "LayerRejected", "LayerRolledBack", "LayerAutoRolledBack", "LayerActivated",
    "CanaryStarted", "CanaryPromoted",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class ReportData:
    """The raw material of one report; :func:`lifelong.learning.report.build_report` shapes it.

    Rows are plain dicts keyed by column name. ``since`` is inclusive, ``until`` exclusive.
    """

    persona: str
    exists: bool
    profile: dict[str, Any]
    traits: dict[str, str]
    since: float | None
    until: float | None
    bucket_seconds: int
    # (trait, bucket index, mean quality, count); bucket start = index * bucket_seconds (UTC).
    quality: list[tuple[str | None, int, float, int]]
    interactions_total: int
    interactions_scored: int
    sessions: list[dict[str, Any]]
    losses: dict[str, list[tuple[int | None, float]]]  # job id -> (step, loss)
    cost_by_provider: dict[str | None, float]
    layers: list[dict[str, Any]]
    active: dict[str, dict[str, Any]]  # trait -> {version, activated_at, activated_by, ...}
    events: list[dict[str, Any]]  # layer events and alerts, oldest first
    events_truncated: bool = False


class ReportRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def cost_by_provider(
        self, since: float | None = None, until: float | None = None
    ) -> dict[str | None, float]:
        """What training cost, per provider, over every persona (unknown costs left out)."""
        async with self.db.read() as conn:
            return await _cost(conn, None, since, until)

    async def gather(
        self,
        persona: str,
        *,
        since: float | None = None,
        until: float | None = None,
        max_events: int = 1000,
    ) -> ReportData:
        """Everything about ``persona`` in ``[since, until)`` (either end open when ``None``).

        Interactions, sessions, versions and events are filtered by their creation time; the
        active-version pointers are the current state whatever the window. Only the newest
        ``max_events`` events are returned (``events_truncated`` says when more matched).
        """
        async with self.db.read() as conn:
            profile_row = (
                await conn.execute(select(_P.c.profile).where(_P.c.name == persona))
            ).one_or_none()
            traits = {
                r.name: r.description
                for r in (
                    await conn.execute(
                        select(_T.c.name, _T.c.description)
                        .where(_T.c.persona == persona)
                        .order_by(_T.c.name)
                    )
                ).all()
            }
            total, scored, bucket, quality = await _quality(conn, persona, since, until)
            sessions = await _sessions(conn, persona, since, until)
            losses = await _losses(conn, [s["id"] for s in sessions])
            cost = await _cost(conn, persona, since, until)
            layers = await _layers(conn, persona, since, until)
            active = await _active(conn, persona)
            events, truncated = await _events(conn, persona, since, until, max_events)
        return ReportData(
            persona=persona,
            exists=profile_row is not None,
            profile=dict(profile_row.profile or {}) if profile_row is not None else {},
            traits=traits,
            since=since,
            until=until,
            bucket_seconds=bucket,
            quality=quality,
            interactions_total=total,
            interactions_scored=scored,
            sessions=sessions,
            losses=losses,
            cost_by_provider=cost,
            layers=layers,
            active=active,
            events=events,
            events_truncated=truncated,
        )


def _window(column: Any, since: float | None, until: float | None) -> list[Any]:
    clauses = []
    if since is not None:
        clauses.append(column >= since)
    if until is not None:
        clauses.append(column < until)
    return clauses


def _bucket_index(conn: AsyncConnection, ts: Any, size: int) -> Any:
    """floor(ts / size) as an integer. SQLite's CAST truncates, which is floor for the positive
    epoch timestamps we store (its floor() exists only in builds with math functions);
    PostgreSQL's CAST rounds, so it gets an explicit floor(). ``size`` is inlined, not bound:
    PostgreSQL only accepts the SELECT expression under GROUP BY if both are textually the same.
    """
    quotient = ts / literal_column(f"{int(size)}.0", Float)
    if conn.dialect.name == "sqlite":
        return cast(quotient, Integer)
    return cast(func.floor(quotient), BigInteger)


async def _quality(
    conn: AsyncConnection, persona: str, since: float | None, until: float | None
) -> tuple[int, int, int, list[tuple[str | None, int, float, int]]]:
    """Interaction counts, the bucket size, and mean quality per (trait, bucket).

    The bucket is a UTC day when the window (or, for an open end, the scored data) spans more
    than :data:`DAY_BUCKETS_ABOVE`, else a UTC hour.
    """
    where = [_I.c.persona == persona, *_window(_I.c.created_at, since, until)]
    scored = _I.c.quality.is_not(None)
    total, n_scored, first, last = (
        await conn.execute(
            select(
                func.count(),
                func.coalesce(func.sum(case((scored, 1), else_=0)), 0),
                func.min(case((scored, _I.c.created_at))),
                func.max(case((scored, _I.c.created_at))),
            ).where(*where)
        )
    ).one()
    start = since if since is not None else first
    end = until if until is not None else last
    span = (end - start) if start is not None and end is not None else 0.0
    size = DAY if span > DAY_BUCKETS_ABOVE else HOUR
    if not n_scored:
        return int(total), 0, size, []
    index = _bucket_index(conn, _I.c.created_at, size).label("bucket")
    rows = (
        await conn.execute(
            select(_I.c.trait, index, func.avg(_I.c.quality), func.count())
            .where(*where, scored)
            .group_by(_I.c.trait, index)
            .order_by(_I.c.trait, index)
        )
    ).all()
    points = [(r[0], int(r[1]), float(r[2]), int(r[3])) for r in rows]
    return int(total), int(n_scored), size, points


async def _sessions(
    conn: AsyncConnection, persona: str, since: float | None, until: float | None
) -> list[dict[str, Any]]:
    stmt = (
        select(
            _S.c.id, _S.c.trait, _S.c.status, _S.c.provider, _S.c.reason, _S.c.created_at,
            _S.c.started_at, _S.c.finished_at, _S.c.cost, _S.c.estimate, _S.c.error,
        )
        .where(_S.c.persona == persona, *_window(_S.c.created_at, since, until))
        .order_by(_S.c.created_at, _S.c.id)
    )  # fmt: skip
    return [dict(r._mapping) for r in (await conn.execute(stmt)).all()]


async def _losses(
    conn: AsyncConnection, job_ids: list[str]
) -> dict[str, list[tuple[int | None, float]]]:
    losses: dict[str, list[tuple[int | None, float]]] = {s: [] for s in job_ids}
    # Chunked: SQLite caps the number of bound parameters in one statement.
    for start in range(0, len(job_ids), 500):
        chunk = job_ids[start : start + 500]
        stmt = (
            select(_M.c.job_id, _M.c.step, _M.c.value)
            .where(_M.c.job_id.in_(chunk), _M.c.name == "loss")
            .order_by(_M.c.job_id, _M.c.step, _M.c.id)
        )
        for row in (await conn.execute(stmt)).all():
            losses[row.job_id].append((row.step, row.value))
    return losses


async def _cost(
    conn: AsyncConnection, persona: str | None, since: float | None, until: float | None
) -> dict[str | None, float]:
    """Training cost per provider (of ``persona``, or of every persona)."""
    stmt = (
        select(_S.c.provider, func.sum(_S.c.cost))
        .where(_S.c.cost.is_not(None), *_window(_S.c.created_at, since, until))
        .group_by(_S.c.provider)
        .order_by(_S.c.provider)
    )
    if persona is not None:
        stmt = stmt.where(_S.c.persona == persona)
    return {r[0]: float(r[1]) for r in (await conn.execute(stmt)).all()}


async def _layers(
    conn: AsyncConnection, persona: str, since: float | None, until: float | None
) -> list[dict[str, Any]]:
    # The manifest is left out: it can be large and the report does not show it.
    stmt = (
        select(
            _L.c.id, _L.c.trait, _L.c.version, _L.c.status, _L.c.kind, _L.c.provider,
            _L.c.remote_model, _L.c.created_at, _L.c.created_by, _L.c.parent_version,
            _L.c.pinned, _L.c.job_id, _L.c.evaluation, _L.c.artifact_bytes,
        )
        .where(_L.c.persona == persona, *_window(_L.c.created_at, since, until))
        .order_by(_L.c.trait, _L.c.version)
    )  # fmt: skip
    return [dict(r._mapping) for r in (await conn.execute(stmt)).all()]


async def _active(conn: AsyncConnection, persona: str) -> dict[str, dict[str, Any]]:
    stmt = (
        select(
            _A.c.trait, _L.c.version, _A.c.activated_at, _A.c.activated_by,
            _A.c.baseline_quality,
        )
        .select_from(_A.join(_L, _A.c.layer_id == _L.c.id))
        .where(_A.c.persona == persona)
        .order_by(_A.c.trait)
    )  # fmt: skip
    return {r.trait: dict(r._mapping) for r in (await conn.execute(stmt)).all()}


async def _events(
    conn: AsyncConnection,
    persona: str,
    since: float | None,
    until: float | None,
    limit: int,
) -> tuple[list[dict[str, Any]], bool]:
    stmt = (
        select(
            _E.c.id, _E.c.ts, _E.c.kind, _E.c.severity, _E.c.is_alert, _E.c.trait,
            _E.c.job_id, _E.c.payload, _E.c.acknowledged,
        )
        .where(
            _E.c.persona == persona,
            _E.c.kind.in_(LAYER_EVENTS) | _E.c.is_alert.is_(True),
            *_window(_E.c.ts, since, until),
        )
        .order_by(_E.c.id.desc())
        .limit(limit + 1)
    )  # fmt: skip
    rows = [dict(r._mapping) for r in (await conn.execute(stmt)).all()]
    truncated = len(rows) > limit
    return rows[:limit][::-1], truncated
