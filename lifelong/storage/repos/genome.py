"""Genome layers and the active-layer pointer (the parts the learning loop needs)."""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import func, select, update

from lifelong.storage.database import Database
from lifelong.storage.ids import new_id
from lifelong.storage.repos._dialect import insert_for
from lifelong.storage.tables import ActiveLayer, GenomeLayer, Interaction, TrainingSession

_L = GenomeLayer.__table__
_A = ActiveLayer.__table__
_I = Interaction.__table__
_S = TrainingSession.__table__


class GenomeRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def add_version(
        self,
        persona: str,
        trait: str,
        *,
        layer: dict[str, Any],
        session_id: str | None,
        deploy: bool,
        by: str,
        baseline_quality: float | None = None,
    ) -> int:
        """Append version vN of (persona, trait); with ``deploy`` also, in the same transaction,
        point the active layer at it, mark the session's interactions used and close the
        session. Without ``deploy`` the version is stored as rejected and the session's
        interactions are released for the next attempt. Returns N.
        """
        now = time.time()
        async with self.db.write() as conn:
            current = (
                await conn.execute(
                    select(func.max(_L.c.version)).where(
                        _L.c.persona == persona, _L.c.trait == trait
                    )
                )
            ).scalar_one_or_none() or 0
            active = (
                await conn.execute(
                    select(_L.c.version)
                    .select_from(_A.join(_L, _A.c.layer_id == _L.c.id))
                    .where(_A.c.persona == persona, _A.c.trait == trait)
                )
            ).scalar_one_or_none()
            layer_id = new_id()
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
                    session_id=session_id,
                    evaluation=layer.get("evaluation"),
                    status="deployed" if deploy else "rejected",
                    pinned=False,
                    created_at=now,
                    created_by=by,
                )
            )
            if deploy:
                await conn.execute(
                    insert_for(conn, _A)
                    .values(
                        persona=persona,
                        trait=trait,
                        layer_id=layer_id,
                        activated_at=now,
                        activated_by=by,
                        baseline_quality=baseline_quality,
                    )
                    .on_conflict_do_update(
                        index_elements=["persona", "trait"],
                        set_={
                            "layer_id": layer_id,
                            "activated_at": now,
                            "activated_by": by,
                            "baseline_quality": baseline_quality,
                        },
                    )
                )
            if session_id is not None:
                interactions = update(_I).where(_I.c.used_by_session == session_id)
                if deploy:
                    await conn.execute(interactions.values(used=True))
                else:
                    await conn.execute(
                        interactions.where(_I.c.used.is_(False)).values(used_by_session=None)
                    )
                await conn.execute(
                    update(_S)
                    .where(_S.c.id == session_id)
                    .values(
                        status="deployed" if deploy else "rejected",
                        open_slot=None,
                        finished_at=now,
                    )
                )
        return version

    async def active(self, persona: str, trait: str) -> dict[str, Any] | None:
        async with self.db.read() as conn:
            row = (
                await conn.execute(
                    select(_L, _A.c.activated_at, _A.c.baseline_quality)
                    .select_from(_A.join(_L, _A.c.layer_id == _L.c.id))
                    .where(_A.c.persona == persona, _A.c.trait == trait)
                )
            ).one_or_none()
        return dict(row._mapping) if row is not None else None
