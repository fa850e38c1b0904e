"""Genome layers (immutable versions) and the active-layer pointer.

A version row's content (artifact, manifest, evaluation, parent) never changes after insert;
only its bookkeeping does (``pinned``, ``last_used_at``, ``status`` becoming ``pruned`` when
retention moved its artifact to the backup). Which version serves is one row per
(persona, trait) in ``genome_active``: changing it is a single-row upsert in one transaction,
together with the event that records it, so a kill leaves the old or the new pointer.

A *canary* (``genome_canary``, at most one per (persona, trait)) is a second pointer: a new
version serving a share of conversations beside the active one until the post-deploy monitor
promotes it (the active pointer moves to it and the canary row goes, one transaction) or rolls
it back (the canary row goes). Any other move of the active pointer ends a running canary in
the same transaction: an admin's choice or a direct deploy supersedes it.
"""

from __future__ import annotations

import time
from typing import Any, cast

from sqlalchemy import delete, func, select, update

from lifelong.errors import PointerMoved
from lifelong.events import (
    CanaryPromoted,
    CanaryStarted,
    LayerActivated,
    LayerAutoRolledBack,
    LayerDeployed,
    LayerRejected,
    LayerRolledBack,
    LifelongEvent,
)
from lifelong.storage.database import Database
from lifelong.storage.ids import new_id
from lifelong.storage.repos._dialect import insert_for
from lifelong.storage.repos.events import event_row
from lifelong.storage.repos.jobs import end_with_layer
from lifelong.storage.rows import CanaryVersion, LayerVersion
from lifelong.storage.tables import ActiveLayer, CanaryLayer, Event, GenomeLayer, table_of

_L = table_of(GenomeLayer)
_A = table_of(ActiveLayer)
_E = table_of(Event)
_C = table_of(CanaryLayer)


def _alerting(kind: type[LifelongEvent]) -> dict[str, Any]:
    """A rollback the runtime made by itself is an alert (a person should look)."""
    if kind is LayerAutoRolledBack:
        return {"severity": "warning", "is_alert": True}
    return {}


async def _active_version(conn: Any, persona: str, trait: str) -> int | None:
    """The version (persona, trait) serves now, read inside the caller's transaction."""
    return (
        await conn.execute(
            select(_L.c.version)
            .select_from(_A.join(_L, _A.c.layer_id == _L.c.id))
            .where(_A.c.persona == persona, _A.c.trait == trait)
        )
    ).scalar_one_or_none()


def _active_layers(persona: str) -> Any:
    """The active layer rows of ``persona``, with when, by whom and the baseline."""
    return (
        select(_L, _A.c.activated_at, _A.c.activated_by, _A.c.baseline_quality)
        .select_from(_A.join(_L, _A.c.layer_id == _L.c.id))
        .where(_A.c.persona == persona)
    )


def _canaries(persona: str | None) -> Any:
    """The running canaries' layer rows (of ``persona``, or all) with the active layer each
    runs beside.
    """
    stable = _L.alias("stable")
    stmt = (
        select(
            _L, _C.c.fraction, _C.c.started_at, _C.c.started_by,
            stable.c.id.label("stable_id"), stable.c.version.label("stable_version"),
        )
        .select_from(
            _C.join(_L, _C.c.layer_id == _L.c.id)
            .outerjoin(_A, (_A.c.persona == _C.c.persona) & (_A.c.trait == _C.c.trait))
            .outerjoin(stable, stable.c.id == _A.c.layer_id)
        )
        .order_by(_C.c.persona, _C.c.trait)
    )  # fmt: skip
    return stmt if persona is None else stmt.where(_C.c.persona == persona)


def _row(row: Any) -> LayerVersion:
    """A result row of ``genome_layers`` (with whatever pointer columns the query joined)."""
    return cast(LayerVersion, dict(row._mapping))


def _canary_row(row: Any) -> CanaryVersion:
    return cast(CanaryVersion, dict(row._mapping))


_KEEP: Any = object()  # _point: leave the stored baseline as it is


async def _point(
    conn: Any,
    persona: str,
    trait: str,
    layer_id: str,
    *,
    now: float,
    by: str,
    baseline: float | None = _KEEP,
) -> None:
    """Point (persona, trait)'s active layer at ``layer_id`` (one upsert, in the caller's
    transaction); ``baseline`` replaces the quality baseline unless left out.
    """
    fields: dict[str, Any] = {"layer_id": layer_id, "activated_at": now, "activated_by": by}
    if baseline is not _KEEP:
        fields["baseline_quality"] = baseline
    await conn.execute(
        insert_for(conn, _A)
        .values(persona=persona, trait=trait, **fields)
        .on_conflict_do_update(index_elements=["persona", "trait"], set_=fields)
    )


async def _still_at(conn: Any, persona: str, trait: str, layer_id: str | None) -> None:
    """PointerMoved unless (persona, trait) is still served by ``layer_id`` (read in the
    caller's transaction; None: no check).
    """
    if layer_id is None:
        return
    found = (
        await conn.execute(
            select(_A.c.layer_id).where(_A.c.persona == persona, _A.c.trait == trait)
        )
    ).scalar_one_or_none()
    if found != layer_id:
        raise PointerMoved(persona, trait, layer_id, found)


async def _end_canary(conn: Any, persona: str, trait: str) -> int | None:
    """Remove (persona, trait)'s canary inside the caller's transaction; its version."""
    version = (
        await conn.execute(
            select(_L.c.version)
            .select_from(_C.join(_L, _C.c.layer_id == _L.c.id))
            .where(_C.c.persona == persona, _C.c.trait == trait)
        )
    ).scalar_one_or_none()
    if version is not None:
        await conn.execute(delete(_C).where(_C.c.persona == persona, _C.c.trait == trait))
    return version


async def _canary_is(conn: Any, persona: str, trait: str, layer_id: str) -> bool:
    """Whether ``layer_id`` is still (persona, trait)'s canary (read in the transaction)."""
    found = (
        await conn.execute(
            select(_C.c.layer_id).where(_C.c.persona == persona, _C.c.trait == trait)
        )
    ).scalar_one_or_none()
    return found == layer_id


class GenomeRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def add_version(
        self,
        persona: str,
        trait: str,
        *,
        layer: dict[str, Any],
        job_id: str | None,
        deploy: bool,
        by: str,
        baseline_quality: float | None = None,
        event_payload: dict[str, Any] | None = None,
        layer_id: str | None = None,
        owner: str | None = None,
        canary: float | None = None,
    ) -> tuple[int, list[dict[str, Any]]]:
        """Append version vN of (persona, trait); with ``deploy`` also, in the same transaction,
        point the active layer at it, mark the session's interactions used and close the
        session. With ``canary`` (a share of conversations, 0-1) and a version already active,
        a deployed version starts as that trait's canary instead (``CanaryStarted``) and the
        active one keeps serving the rest. Without ``deploy`` the version is stored as
        rejected and the session's interactions are released for the next attempt. A version
        of a job (``job_id``) is stored only while ``owner`` holds that job's lease. The
        ``LayerDeployed`` / ``CanaryStarted`` / ``LayerRejected`` event is written in the same
        transaction. Returns (N, events).
        """
        now = time.time()
        async with self.db.write() as conn:
            if job_id is not None:
                # Fenced: a worker that lost the job's lease (another worker took it over, or
                # an admin ended it) stores nothing; LeaseLost rolls this transaction back.
                if owner is None:
                    raise ValueError("a job's version needs the worker that holds the job")
                await end_with_layer(conn, job_id, owner, deployed=deploy, now=now)
            current = (
                await conn.execute(
                    select(func.max(_L.c.version)).where(
                        _L.c.persona == persona, _L.c.trait == trait
                    )
                )
            ).scalar_one_or_none() or 0
            active = await _active_version(conn, persona, trait)
            layer_id = layer_id or new_id()
            version = current + 1
            await conn.execute(
                _L.insert().values(
                    id=layer_id,
                    persona=persona,
                    trait=trait,
                    version=version,
                    kind=layer.get("kind", "local"),
                    artifact_sha256=layer.get("artifact_sha256"),
                    artifact_bytes=layer.get("artifact_bytes"),
                    remote_model=layer.get("remote_model"),
                    provider=layer.get("provider"),
                    manifest=layer.get("manifest", {}),
                    parent_version=active,
                    job_id=job_id,
                    evaluation=layer.get("evaluation"),
                    status="deployed" if deploy else "rejected",
                    pinned=False,
                    created_at=now,
                    created_by=by,
                )
            )
            as_canary = deploy and bool(canary) and active is not None
            ended = await _end_canary(conn, persona, trait) if deploy else None
            if as_canary:
                await conn.execute(
                    _C.insert().values(
                        persona=persona, trait=trait, layer_id=layer_id, fraction=canary,
                        started_at=now, started_by=by,
                    )
                )  # fmt: skip
            elif deploy:
                await _point(
                    conn, persona, trait, layer_id, now=now, by=by, baseline=baseline_quality
                )
            payload = {"version": version, "previous": active, "by": by}
            if as_canary:
                payload.update(fraction=canary, stable=active)
            if ended is not None:
                payload["canary_ended"] = ended
            event = event_row(
                CanaryStarted if as_canary else LayerDeployed if deploy else LayerRejected,
                persona=persona, trait=trait, job_id=job_id,
                severity="info" if deploy else "warning",
                payload={**payload, **(event_payload or {})},
            )  # fmt: skip
            await conn.execute(_E.insert().values(**event))
        return version, [event]

    async def activate(
        self,
        persona: str,
        trait: str,
        version: int,
        *,
        by: str,
        kind: type[LifelongEvent] = LayerActivated,
        payload: dict[str, Any] | None = None,
        from_layer: str | None = None,
    ) -> tuple[int | None, list[dict[str, Any]]]:
        """Point (persona, trait) at ``version``: one upsert plus its event, one transaction.
        ``payload`` adds fields to the event's (a rollback's skipped versions). With
        ``from_layer``, only while that layer is the active one (else PointerMoved).

        Returns (the version active before, events). Raises LookupError for an unknown
        version; the caller checks that the artifact is loadable before calling this.
        """
        now = time.time()
        async with self.db.write() as conn:
            layer = (
                await conn.execute(
                    select(_L.c.id, _L.c.status).where(
                        _L.c.persona == persona, _L.c.trait == trait, _L.c.version == version
                    )
                )
            ).one_or_none()
            if layer is None:
                raise LookupError(f"{persona}/{trait} has no version v{version}")
            await _still_at(conn, persona, trait, from_layer)
            previous = await _active_version(conn, persona, trait)
            ended = await _end_canary(conn, persona, trait)
            await _point(conn, persona, trait, layer.id, now=now, by=by)
            fields = (
                {"from_version": previous, "to_version": version, "by": by}
                if kind in (LayerRolledBack, LayerAutoRolledBack)
                else {"version": version, "previous": previous, "by": by}
            )
            if ended is not None:
                fields["canary_ended"] = ended
            event = event_row(
                kind, persona=persona, trait=trait, payload={**fields, **(payload or {})},
                **_alerting(kind),
            )  # fmt: skip
            await conn.execute(_E.insert().values(**event))
        return previous, [event]

    async def deactivate(
        self,
        persona: str,
        trait: str,
        *,
        by: str,
        payload: dict[str, Any] | None = None,
        kind: type[LifelongEvent] = LayerRolledBack,
        from_layer: str | None = None,
    ) -> list[dict[str, Any]]:
        """Serve the base model for (persona, trait) again (roll back past v1). ``payload`` adds
        fields to the event's (a rollback's skipped versions). With ``from_layer``, only while
        that layer is the active one (else PointerMoved).
        """
        async with self.db.write() as conn:
            await _still_at(conn, persona, trait, from_layer)
            previous = await _active_version(conn, persona, trait)
            ended = await _end_canary(conn, persona, trait)
            await conn.execute(delete(_A).where(_A.c.persona == persona, _A.c.trait == trait))
            fields = {"from_version": previous, "to_version": None, "by": by}
            if ended is not None:
                fields["canary_ended"] = ended
            event = event_row(
                kind, persona=persona, trait=trait, **_alerting(kind),
                payload={**fields, **(payload or {})},
            )  # fmt: skip
            await conn.execute(_E.insert().values(**event))
        return [event]

    async def versions(self, persona: str, trait: str | None = None) -> list[LayerVersion]:
        """Every version of the persona's traits (oldest first), with ``active``, ``canary``
        and ``canary_fraction`` set.
        """
        stmt = (
            select(
                _L,
                (_A.c.layer_id.is_not(None)).label("active"),
                (_C.c.layer_id.is_not(None)).label("canary"),
                _C.c.fraction.label("canary_fraction"),
            )
            .select_from(
                _L.outerjoin(_A, _A.c.layer_id == _L.c.id).outerjoin(_C, _C.c.layer_id == _L.c.id)
            )
            .where(_L.c.persona == persona)
            .order_by(_L.c.trait, _L.c.version)
        )
        if trait is not None:
            stmt = stmt.where(_L.c.trait == trait)
        async with self.db.read() as conn:
            return [_row(r) for r in (await conn.execute(stmt)).all()]

    async def version(self, persona: str, trait: str, version: int) -> LayerVersion | None:
        for row in await self.versions(persona, trait):
            if row["version"] == version:
                return row
        return None

    async def active_layers(self, persona: str) -> dict[str, LayerVersion]:
        """trait -> the active layer row, for every trait of ``persona`` that has one."""
        async with self.db.read() as conn:
            rows = (await conn.execute(_active_layers(persona))).all()
        return {r.trait: _row(r) for r in rows}

    async def serving_layers(
        self, persona: str
    ) -> tuple[dict[str, LayerVersion], dict[str, CanaryVersion]]:
        """What answers ``persona``: trait -> active layer row, and trait -> running canary
        (as :meth:`canaries`), read together on one connection (every ``generate`` asks).
        """
        async with self.db.read() as conn:
            active = (await conn.execute(_active_layers(persona))).all()
            canaries = (await conn.execute(_canaries(persona))).all()
        return (
            {r.trait: _row(r) for r in active},
            {r.trait: _canary_row(r) for r in canaries},
        )

    async def canaries(self, persona: str | None = None) -> list[CanaryVersion]:
        """The running canaries (of ``persona``, or all): each the canary's layer row with
        ``fraction``, ``started_at``, ``started_by`` and the active layer it runs beside
        (``stable_id``, ``stable_version``; None when the active pointer has gone since).
        """
        async with self.db.read() as conn:
            return [_canary_row(r) for r in (await conn.execute(_canaries(persona))).all()]

    async def promote_canary(
        self,
        persona: str,
        trait: str,
        layer_id: str,
        *,
        by: str,
        verdict: dict[str, Any],
        reason: str,
    ) -> list[dict[str, Any]] | None:
        """Make the canary ``layer_id`` the active version, with the monitor's ``verdict``
        stored on it and a ``CanaryPromoted`` event, in one transaction; the quality it served
        becomes the trait's baseline. None (nothing done) when it is no longer the canary (an
        admin moved the pointer meanwhile).
        """
        now = time.time()
        baseline = verdict.get("new_mean")
        async with self.db.write() as conn:
            if not await _canary_is(conn, persona, trait, layer_id):
                return None
            previous = await _active_version(conn, persona, trait)
            await _end_canary(conn, persona, trait)
            await _point(conn, persona, trait, layer_id, now=now, by=by, baseline=baseline)
            await conn.execute(update(_L).where(_L.c.id == layer_id).values(monitor=verdict))
            version = await _active_version(conn, persona, trait)
            event = event_row(
                CanaryPromoted, persona=persona, trait=trait,
                payload={"version": version, "previous": previous, "by": by, "reason": reason,
                         "evidence": verdict},
            )  # fmt: skip
            await conn.execute(_E.insert().values(**event))
        return [event]

    async def roll_back_canary(
        self,
        persona: str,
        trait: str,
        layer_id: str,
        *,
        by: str,
        verdict: dict[str, Any],
        reason: str,
    ) -> list[dict[str, Any]] | None:
        """End the canary ``layer_id``: the active version serves every conversation again.
        The monitor's ``verdict`` is stored on the canary's version and a
        ``LayerAutoRolledBack`` alert (``canary: true``) written, in one transaction. None
        when it is no longer the canary.
        """
        async with self.db.write() as conn:
            if not await _canary_is(conn, persona, trait, layer_id):
                return None
            version = await _end_canary(conn, persona, trait)
            await conn.execute(update(_L).where(_L.c.id == layer_id).values(monitor=verdict))
            kind = LayerAutoRolledBack
            event = event_row(
                kind, persona=persona, trait=trait, **_alerting(kind),
                payload={"from_version": version,
                         "to_version": await _active_version(conn, persona, trait),
                         "by": by, "canary": True, "reason": reason, "evidence": verdict},
            )  # fmt: skip
            await conn.execute(_E.insert().values(**event))
        return [event]

    async def set_pinned(self, layer_id: str, pinned: bool) -> None:
        async with self.db.write() as conn:
            await conn.execute(update(_L).where(_L.c.id == layer_id).values(pinned=pinned))

    async def set_monitor(self, layer_id: str, verdict: dict[str, Any]) -> None:
        """Store the post-deploy monitor's verdict (with its evidence) on a version."""
        async with self.db.write() as conn:
            await conn.execute(update(_L).where(_L.c.id == layer_id).values(monitor=verdict))

    async def set_baseline(self, persona: str, trait: str, quality: float | None) -> None:
        """Reset the quality baseline the quality-drop trigger compares against."""
        async with self.db.write() as conn:
            await conn.execute(
                update(_A)
                .where(_A.c.persona == persona, _A.c.trait == trait)
                .values(baseline_quality=quality)
            )

    async def watched(self, since: float) -> list[LayerVersion]:
        """Every active pointer moved at or after ``since``, with its layer row and who moved
        it: what the post-deploy monitor looks at.
        """
        stmt = (
            select(_L, _A.c.activated_at, _A.c.activated_by, _A.c.baseline_quality)
            .select_from(_A.join(_L, _A.c.layer_id == _L.c.id))
            .where(_A.c.activated_at >= since)
            .order_by(_A.c.persona, _A.c.trait)
        )
        async with self.db.read() as conn:
            return [_row(r) for r in (await conn.execute(stmt)).all()]

    async def set_status(self, layer_id: str, status: str) -> None:
        async with self.db.write() as conn:
            await conn.execute(update(_L).where(_L.c.id == layer_id).values(status=status))

    async def touch(self, last_used: dict[str, float]) -> None:
        """Persist last-use times (the adapter cache batches them: at most one write a minute)."""
        if not last_used:
            return
        async with self.db.write() as conn:
            for layer_id, ts in last_used.items():
                await conn.execute(update(_L).where(_L.c.id == layer_id).values(last_used_at=ts))

    async def artifact_users(self, sha256: str) -> int:
        """How many versions not yet pruned point at this artifact (shared content)."""
        async with self.db.read() as conn:
            return int(
                (
                    await conn.execute(
                        select(func.count()).where(
                            _L.c.artifact_sha256 == sha256, _L.c.status != "pruned"
                        )
                    )
                ).scalar_one()
            )

    async def active(self, persona: str, trait: str) -> LayerVersion | None:
        async with self.db.read() as conn:
            row = (
                await conn.execute(
                    select(_L, _A.c.activated_at, _A.c.baseline_quality)
                    .select_from(_A.join(_L, _A.c.layer_id == _L.c.id))
                    .where(_A.c.persona == persona, _A.c.trait == trait)
                )
            ).one_or_none()
        return _row(row) if row is not None else None
