"""Named leases: one holder at a time, taken over when the holder stops renewing.

The schedule leader is one: among runtimes sharing a database, only the holder of the
``schedules`` lease runs the trigger checks, the scheduled reports and the post-deploy monitor.
Acquiring and renewing are the same single statement (an upsert that only overwrites an
expired lease or the caller's own), so two processes can never both believe they hold it,
on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import time

from sqlalchemy import delete, select

from lifelong.storage.database import Database
from lifelong.storage.repos._dialect import insert_for
from lifelong.storage.tables import Lease, table_of

__all__ = ["LeaseRepo"]

_L = table_of(Lease)


class LeaseRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def acquire(self, name: str, owner: str, ttl_s: float, now: float | None = None) -> bool:
        """Take or renew lease ``name`` for ``owner`` until ``now + ttl_s``; False while
        another owner holds an unexpired one.
        """
        now = time.time() if now is None else now
        async with self.db.write() as conn:
            stmt = insert_for(conn, _L).values(
                name=name, owner=owner, expires_at=now + ttl_s, acquired_at=now
            )
            stmt = stmt.on_conflict_do_update(
                index_elements=["name"],
                set_={"owner": owner, "expires_at": now + ttl_s},
                where=(_L.c.owner == owner) | (_L.c.expires_at < now),
            )
            await conn.execute(stmt)
            holder = (await conn.execute(select(_L.c.owner).where(_L.c.name == name))).scalar_one()
        return bool(holder == owner)

    async def release(self, name: str, owner: str) -> None:
        """Give the lease up (a clean shutdown: the next process need not wait it out)."""
        async with self.db.write() as conn:
            await conn.execute(delete(_L).where(_L.c.name == name, _L.c.owner == owner))

    async def holder(self, name: str, now: float | None = None) -> str | None:
        """Who holds lease ``name`` now (None: nobody, or it expired)."""
        now = time.time() if now is None else now
        async with self.db.read() as conn:
            row = (
                await conn.execute(select(_L.c.owner, _L.c.expires_at).where(_L.c.name == name))
            ).one_or_none()
        return row.owner if row is not None and row.expires_at >= now else None
