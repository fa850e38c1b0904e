"""Personas and their traits."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from lifelong.storage.database import Database
from lifelong.storage.repos._dialect import insert_for
from lifelong.storage.tables import Persona, Trait, table_of


@dataclass(frozen=True, slots=True)
class PersonaRow:
    name: str
    profile: dict[str, Any]
    traits: dict[str, str] = field(default_factory=dict)  # trait name -> description
    created_at: float = 0.0
    memory: bool | None = None  # memory on / off for this persona; None: the config's default


class PersonaRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def upsert(
        self,
        name: str,
        *,
        profile: dict[str, Any] | None,
        traits: dict[str, str],
        memory: bool | None = None,
    ) -> PersonaRow:
        """Create the persona or update it; add new traits and update descriptions.

        ``profile=None`` keeps the stored profile, ``memory=None`` the memory switch. Traits
        not named are kept, never deleted: their interactions and layers still exist.
        """
        now = time.time()
        async with self.db.write() as conn:
            stmt = insert_for(conn, table_of(Persona)).values(
                name=name, profile=profile or {}, memory=memory, created_at=now, updated_at=now
            )
            changed: dict[str, Any] = {}
            if profile is not None:
                changed["profile"] = profile
            if memory is not None:
                changed["memory"] = memory
            if not changed:
                stmt = stmt.on_conflict_do_nothing(index_elements=["name"])
            else:
                stmt = stmt.on_conflict_do_update(
                    index_elements=["name"], set_={**changed, "updated_at": now}
                )
            await conn.execute(stmt)
            for trait, description in traits.items():
                await conn.execute(
                    insert_for(conn, table_of(Trait))
                    .values(
                        persona=name,
                        name=trait,
                        description=description,
                        created_at=now,
                        updated_at=now,
                    )
                    .on_conflict_do_update(
                        index_elements=["persona", "name"],
                        set_={"description": description, "updated_at": now},
                    )
                )
        row = await self.get(name)
        assert row is not None  # just written
        return row

    async def get(self, name: str) -> PersonaRow | None:
        async with self.db.read() as conn:
            persona = (
                await conn.execute(select(table_of(Persona)).where(Persona.name == name))
            ).one_or_none()
            if persona is None:
                return None
            traits = (
                await conn.execute(
                    select(Trait.name, Trait.description)
                    .where(Trait.persona == name)
                    .order_by(Trait.name)
                )
            ).all()
        return PersonaRow(
            name=persona.name,
            profile=persona.profile or {},
            traits={t.name: t.description for t in traits},
            created_at=persona.created_at,
            memory=persona.memory,
        )

    async def list(self) -> list[PersonaRow]:
        """Every persona with its traits, in two queries."""
        async with self.db.read() as conn:
            personas = (await conn.execute(select(table_of(Persona)).order_by(Persona.name))).all()
            traits = (
                await conn.execute(
                    select(Trait.persona, Trait.name, Trait.description).order_by(Trait.name)
                )
            ).all()
        by_persona: dict[str, dict[str, str]] = {}
        for t in traits:
            by_persona.setdefault(t.persona, {})[t.name] = t.description
        return [
            PersonaRow(
                name=p.name,
                profile=p.profile or {},
                traits=by_persona.get(p.name, {}),
                created_at=p.created_at,
                memory=p.memory,
            )
            for p in personas
        ]
