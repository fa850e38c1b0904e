"""Routing profiles: per (persona, trait), the mean embedding of the user prompts it has seen,
and a uniform sample of those embeddings themselves (the exemplars routing compares with).

The scoring worker adds each batch's prompts in the same transaction that stores their scores
(:meth:`lifelong.storage.repos.ScoringRepo.save` calls :func:`add_to_profiles`), so a prompt
is counted once, when its interaction is first scored.
"""

from __future__ import annotations

import time
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sqlalchemy import select, update

from lifelong.storage.database import Database
from lifelong.storage.repos._dialect import insert_for
from lifelong.storage.tables import TraitProfile, table_of

__all__ = ["PromptSum", "RoutingProfile", "TraitProfileRepo", "add_to_profiles"]

_P = table_of(TraitProfile)

# Six decimals keep a 384-float centroid near 4 KB of JSON; the rounding error (5e-7 per merge)
# is far below anything a cosine threshold can see.
_DECIMALS = 6

# Prompt vectors kept per trait (a reservoir sample once more were seen): 128 x 384 float16
# is 96 KB, read with the profile at each routing decision.
EXEMPLARS = 128


@dataclass(frozen=True, slots=True)
class RoutingProfile:
    """What routing knows of one trait: the mean of the unit vectors of ``count`` prompts."""

    centroid: list[float]
    count: int
    updated_at: float = 0.0
    exemplars: bytes | None = None  # float16 unit vectors, row after row (see vectors())

    def vectors(self, width: int) -> np.ndarray | None:
        """The exemplar vectors as a (n, width) float32 array; None if there are none of this
        width (a profile from before exemplars, or of another embedder).
        """
        if not self.exemplars or len(self.centroid) != width or len(self.exemplars) % (2 * width):
            return None
        return np.frombuffer(self.exemplars, dtype=np.float16).reshape(-1, width).astype(np.float32)


@dataclass(slots=True)
class PromptSum:
    """Unit prompt vectors added up, before they are merged into a stored profile."""

    total: list[float] = field(default_factory=list)
    count: int = 0
    vectors: list[Sequence[float]] = field(default_factory=list)

    def add(self, vector: Sequence[float]) -> None:
        if not self.total:
            self.total = [0.0] * len(vector)
        elif len(vector) != len(self.total):
            raise ValueError(f"a {len(vector)}-float vector added to a {len(self.total)}-sum")
        self.total = [t + float(v) for t, v in zip(self.total, vector, strict=True)]
        self.count += 1
        self.vectors.append(vector)


class TraitProfileRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def get(self, persona: str) -> dict[str, RoutingProfile]:
        """The profiles of ``persona``'s traits, by trait name (traits never fed are absent)."""
        return (await self.for_personas([persona])).get(persona, {})

    async def for_personas(self, personas: Collection[str]) -> dict[str, dict[str, RoutingProfile]]:
        """``{persona: {trait: profile}}`` for the given personas, in one query."""
        if not personas:
            return {}
        stmt = select(_P).where(_P.c.persona.in_(sorted(personas)), _P.c.count > 0)
        found: dict[str, dict[str, RoutingProfile]] = {}
        async with self.db.read() as conn:
            for row in (await conn.execute(stmt)).all():
                found.setdefault(row.persona, {})[row.trait] = RoutingProfile(
                    list(row.centroid), int(row.count), float(row.updated_at),  # type: ignore[call-overload]
                    row.exemplars,
                )  # fmt: skip
        return found

    async def add(self, sums: Mapping[tuple[str, str], PromptSum]) -> None:
        """Merge ``{(persona, trait): sum}`` into the stored profiles, in one transaction."""
        async with self.db.write() as conn:
            await add_to_profiles(conn, sums)


async def add_to_profiles(
    conn: Any, sums: Mapping[tuple[str, str], PromptSum], now: float | None = None
) -> None:
    """Merge each batch sum into its stored mean, count-weighted, inside the caller's
    transaction: ``mean' = (mean * count + total) / (count + n)``.

    The mean lives in JSON, which SQL cannot average portably, so the merge reads, computes and
    writes. The row is made first (``ON CONFLICT DO NOTHING``) and then read ``FOR UPDATE``:
    on PostgreSQL two workers merging into the same profile take turns instead of the second
    overwriting the first's prompts; SQLite's write transactions already take turns.
    """
    now = time.time() if now is None else now
    # A fixed order, so two transactions that lock several profiles cannot deadlock.
    for (persona, trait), batch in sorted(sums.items()):
        if batch.count == 0:
            continue
        await conn.execute(
            insert_for(conn, _P)
            .values(persona=persona, trait=trait, centroid=[], count=0, updated_at=now)
            .on_conflict_do_nothing(index_elements=["persona", "trait"])
        )
        stored = (
            await conn.execute(
                select(_P.c.centroid, _P.c.count, _P.c.exemplars, _P.c.exemplars_seen)
                .where(_P.c.persona == persona, _P.c.trait == trait)
                .with_for_update()
            )
        ).one()
        centroid, count = _merged(list(stored.centroid), int(stored.count), batch)
        restarted = count == batch.count  # a new profile, or another embedder's: start afresh
        previous = None if restarted else stored.exemplars
        seen = 0 if restarted or previous is None else int(stored.exemplars_seen or 0)
        exemplars = _sampled(previous, seen, batch)
        await conn.execute(
            update(_P)
            .where(_P.c.persona == persona, _P.c.trait == trait)
            .values(centroid=centroid, count=count, updated_at=now, exemplars=exemplars,
                    exemplars_seen=seen + batch.count)
        )  # fmt: skip


def _sampled(stored: bytes | None, seen: int, batch: PromptSum) -> bytes | None:
    """The stored exemplars (drawn from ``seen`` prompts) with the batch's vectors added: all
    of them while there is room, then a reservoir sample (each prompt the sample has seen is
    kept with the same chance). The choice is seeded by ``seen``, so the same history always
    keeps the same sample.
    """
    if not batch.vectors:
        return stored
    width = len(batch.vectors[0])
    rows = (
        np.frombuffer(stored, dtype=np.float16).reshape(-1, width).copy()
        if stored and len(stored) % (2 * width) == 0
        else np.zeros((0, width), dtype=np.float16)
    )
    if len(rows) == 0:
        seen = 0  # none kept yet (a profile from before exemplars): sample from here on
    rng = np.random.default_rng(seen)
    for vector in batch.vectors:
        row = np.asarray(vector, dtype=np.float16)
        if len(rows) < EXEMPLARS:
            rows = np.vstack([rows, row[None, :]])
        else:
            slot = int(rng.integers(0, seen + 1))
            if slot < EXEMPLARS:
                rows[slot] = row
        seen += 1
    return rows.astype(np.float16).tobytes()


def _merged(mean: list[float], count: int, batch: PromptSum) -> tuple[list[float], int]:
    if count == 0 or len(mean) != len(batch.total):
        # Nothing stored yet, or a mean from another embedder (other width): start afresh,
        # since vectors of two models cannot be averaged.
        mean, count = [0.0] * len(batch.total), 0
    total = count + batch.count
    merged = [(m * count + t) / total for m, t in zip(mean, batch.total, strict=True)]
    return [round(v, _DECIMALS) for v in merged], total
