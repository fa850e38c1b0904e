"""The runtime's personas and what they recorded: create or update one, hand out its
:class:`Persona` handle (record, feedback, generate), import a JSONL file into it, and read
personas and their interactions back.
"""

from __future__ import annotations

import os
from collections.abc import AsyncGenerator, Awaitable, Callable, Iterable, Mapping
from typing import Any

from lifelong._names import MERGED, validate_name
from lifelong.genome.serving import Generation
from lifelong.persona.importer import ImportReport, import_jsonl
from lifelong.persona.messages import RecordLimits
from lifelong.persona.persona import Persona
from lifelong.persona.profile import validate_profile
from lifelong.persona.traits import Trait, check_declared
from lifelong.storage import Recorder
from lifelong.storage.repos import ImportRepo, InteractionRepo, PersonaRepo
from lifelong.storage.repos.interactions import InteractionRow
from lifelong.storage.repos.personas import PersonaRow

__all__ = ["Personas"]


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
