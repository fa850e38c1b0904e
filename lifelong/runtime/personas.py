"""The runtime's personas and what they recorded: create or update one, hand out its
:class:`Persona` handle (record, feedback, generate), import a JSONL file into it, and read
personas and their interactions back.
"""

from __future__ import annotations

import os
from collections.abc import AsyncGenerator, Awaitable, Callable, Iterable, Mapping
from typing import Any

from lifelong._names import MERGED, validate_name
from lifelong.engine.serving import Generation
from lifelong.errors import InvalidRecord, NotFound
from lifelong.learning.report.data import UNASSIGNED
from lifelong.persona.importer import ImportReport, import_jsonl
from lifelong.persona.messages import RecordLimits
from lifelong.persona.persona import Persona
from lifelong.persona.profile import validate_profile
from lifelong.persona.traits import Trait, check_declared
from lifelong.storage import Recorder
from lifelong.storage.repos import ImportRepo, InteractionRepo, PersonaRepo
from lifelong.storage.repos.interactions import RATINGS, BrowsedTurn, InteractionRow, TurnFilter
from lifelong.storage.repos.personas import PersonaRow

__all__ = ["TREND_BUCKETS", "PersonaLookup", "Personas", "trend_bucket"]

# The quality trend's bucket sizes (seconds), 10 s to 30 days: each at most 3x the last.
TREND_BUCKETS = (10, 30, 60, 120, 300, 600, 900, 1800, 3600, 2 * 3600, 3 * 3600, 6 * 3600,
                 12 * 3600, 86_400, 2 * 86_400, 3 * 86_400, 7 * 86_400, 14 * 86_400,
                 30 * 86_400)  # fmt: skip


def trend_bucket(span_s: float, most: int = 60) -> int:
    """The smallest bucket of :data:`TREND_BUCKETS` that cuts ``span_s`` seconds into at most
    ``most`` buckets: a day of turns is 48 half hours, an hour's 60 minutes, a year's 53 weeks,
    so a trend has a few dozen points whatever the span (each step of the ladder is at most
    3x the last: more than ``most / 3`` points once the span is over ten minutes).
    """
    for size in TREND_BUCKETS:
        if span_s / size <= most:
            return size
    return TREND_BUCKETS[-1]


class PersonaLookup:
    """The stored persona of a name: every public verb that takes a persona name starts here,
    so the name is validated (no path can escape the home) in one place, and a persona that
    does not exist is :class:`~lifelong.errors.NotFound` with what to do (``hint``).
    """

    def __init__(self, personas: PersonaRepo) -> None:
        self._personas = personas

    async def __call__(
        self, persona: str, hint: str = "create it with rt.persona(name)"
    ) -> PersonaRow:
        row = await self._personas.get(validate_name("persona", persona))
        if row is None:
            raise NotFound("persona", persona, hint)
        return row


class Personas:
    """``rt.persona`` / ``persona_handle`` / ``import_jsonl`` / ``get_persona`` /
    ``list_personas`` / ``count_interactions`` / ``list_interactions``.

    Built by the runtime with what it uses: the persona lookup, the persona, interaction and
    import tables, the recorded turns' group-commit recorder and their limits, what a
    handle answers with (the answering's generate, stream and generation ids) and the
    import's line and chunk sizes.
    """

    def __init__(
        self,
        *,
        persona_row: Callable[..., Awaitable[PersonaRow]],
        check_open: Callable[[], None],
        personas: PersonaRepo,
        interactions: InteractionRepo,
        imports: ImportRepo,
        recorder: Recorder,
        limits: RecordLimits,
        generate: Callable[..., Awaitable[Generation]],
        stream: Callable[..., AsyncGenerator[str | Generation, None]],
        known_generation: Callable[[str], Awaitable[bool]],
        max_import_line_bytes: int,
        import_chunk_rows: int,
    ) -> None:
        self._persona_row = persona_row
        self._check_open = check_open
        self._personas = personas
        self._interactions = interactions
        self._imports = imports
        self.recorder = recorder
        self.limits = limits
        self._generate = generate
        self._stream = stream
        self._known_generation = known_generation
        self._max_import_line_bytes = max_import_line_bytes
        self._import_chunk_rows = import_chunk_rows

    async def persona(
        self,
        name: str,
        traits: Iterable[Trait] | None = None,
        profile: Mapping[str, Any] | None = None,
        *,
        memory: bool | None = None,
    ) -> Persona:
        """Create or update persona ``name`` and return its handle.

        ``traits`` are added (or their descriptions updated); traits declared before are kept.
        ``profile`` replaces the stored profile when given (it fills the system prompt template).
        ``memory`` turns memory on or off for this persona (None: as it was; a new persona
        follows ``memory.enabled``).
        """
        self._check_open()
        validate_name("persona", name)
        declared: dict[str, str] = {}
        for trait in traits or ():
            if not isinstance(trait, Trait):
                raise TypeError(f"traits must be Trait objects, got {type(trait).__name__}")
            declared[trait.name] = trait.description
        if profile is not None and not isinstance(profile, Mapping):
            raise TypeError(f"profile must be a mapping, got {type(profile).__name__}")
        # Checked before it is stored: one profile the store or a report cannot hold would
        # break every report. (Trait descriptions check themselves in Trait.)
        clean = validate_profile(profile) if profile is not None else None
        if memory is not None and not isinstance(memory, bool):
            raise TypeError(f"memory must be True, False or None, got {type(memory).__name__}")
        row = await self._personas.upsert(name, profile=clean, traits=declared, memory=memory)
        return self._handle(row)

    async def persona_handle(self, name: str) -> Persona:
        """The handle of the stored persona ``name``, read only (NotFound if there is none):
        what a server that records for many personas caches, without a write per persona.
        """
        self._check_open()
        return self._handle(await self._persona_row(name, hint="create it first"))

    def _handle(self, row: PersonaRow) -> Persona:
        return Persona(
            row.name,
            traits=row.traits,
            profile=row.profile,
            recorder=self.recorder,
            interactions=self._interactions,
            limits=self.limits,
            generate=self._generate,
            stream=self._stream,
            known_generation=self._known_generation,
        )

    async def import_jsonl(
        self,
        path: str | os.PathLike[str],
        *,
        persona: str,
        skip_invalid: bool = False,
    ) -> ImportReport:
        """Import a JSONL file into ``persona`` (created if new). See ``lifelong import``."""
        self._check_open()
        handle = await self.persona(persona)
        return await import_jsonl(
            path,
            persona=handle.name,
            traits=handle.traits,
            repo=self._imports,
            limits=self.limits,
            max_line_bytes=self._max_import_line_bytes,
            chunk_rows=self._import_chunk_rows,
            skip_invalid=skip_invalid,
        )

    async def get_persona(self, name: str) -> PersonaRow:
        """The stored persona ``name`` (its traits and profile); NotFound if there is none."""
        self._check_open()
        return await self._persona_row(name, hint="list them with `lifelong personas`")

    async def list_personas(self) -> list[PersonaRow]:
        """Every persona, by name."""
        self._check_open()
        return await self._personas.list()

    async def count_interactions(
        self,
        persona: str | None = None,
        *,
        trait: str | None = None,
        used: bool | None = None,
        source: str | None = None,
    ) -> int:
        """How many interactions match (every persona's when ``persona`` is None)."""
        self._check_open()
        if persona is not None:
            validate_name("persona", persona)
        if trait is not None:
            validate_name("trait", trait)
        return await self._interactions.count(persona, trait=trait, used=used, source=source)

    async def list_interactions(
        self,
        persona: str,
        *,
        trait: str | None = None,
        used: bool | None = None,
        source: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[InteractionRow]:
        """A persona's interactions, newest first; ``limit`` / ``offset`` paginate."""
        self._check_open()
        row = await self._persona_row(persona, hint="list them with `lifelong personas`")
        if trait is not None and trait != MERGED:
            check_declared(row.traits, persona, trait)
        return await self._interactions.list(
            persona, trait=trait, used=used, source=source, limit=limit, offset=offset
        )

    async def browse_turns(
        self,
        persona: str,
        *,
        trait: str | None = None,
        min_quality: float | None = None,
        max_quality: float | None = None,
        rating: str | None = None,
        layer: tuple[str, int | None] | None = None,
        text: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> tuple[list[BrowsedTurn], int]:
        """A page of the persona's turns (newest first) and how many match: of one trait,
        scored within ``[min_quality, max_quality]``, of a ``rating`` class (rated, unrated,
        good, bad, corrected), answered by layer ``(trait, version)`` (``version`` None: by the
        base model for that trait), containing ``text``. Each with its score components and
        the layer versions that answered (what the dashboard's conversation browser shows).
        """
        self._check_open()
        await self._persona_row(persona, hint="list them with `lifelong personas`")
        for name in (trait, layer[0] if layer else None):
            if name is not None:
                validate_name("trait", name)
        if rating is not None and rating not in RATINGS:
            raise InvalidRecord("rating", f"{rating!r} is not one of {', '.join(RATINGS)}")
        where = TurnFilter(trait, min_quality, max_quality, rating, layer, text or None)
        return await self._interactions.browse(persona, where, limit=limit, offset=offset)

    async def answered_by(self, persona: str) -> list[tuple[str, int]]:
        """Every (trait, version) that answered a recorded turn of ``persona``."""
        self._check_open()
        return await self._interactions.answered_by(validate_name("persona", persona))

    async def turns_changed(self, persona: str | None = None) -> tuple[Any, ...]:
        """A value that changes when a turn (of ``persona``, when given) is recorded, or a
        turn is scored or given feedback: what a live view polls (a few index reads).
        """
        self._check_open()
        if persona is not None:
            validate_name("persona", persona)
        return await self._interactions.changes(persona)

    async def quality_trend(self, persona: str, *, most: int = 60) -> dict[str, Any]:
        """The persona's mean quality per trait over time, in buckets sized to the time its
        scored turns span (:func:`trend_bucket`: at most ``most`` points, a few dozen once the
        span is over a few minutes): ``{"bucket_seconds", "traits": {trait: [{"start",
        "mean", "count"}]}}``, turns without a trait under ``"(unassigned)"``.
        """
        self._check_open()
        await self._persona_row(persona, hint="list them with `lifelong personas`")
        size, rows = await self._interactions.quality_trend(
            persona, lambda span: trend_bucket(span, most)
        )
        traits: dict[str, list[dict[str, Any]]] = {}
        for trait, index, mean, count in rows:
            traits.setdefault(trait or UNASSIGNED, []).append(
                {"start": float(index * size), "mean": mean, "count": count}
            )
        return {"bucket_seconds": size, "traits": traits}
