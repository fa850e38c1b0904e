"""The runtime a chat system embeds: ``async with Runtime.open(config) as rt: ...``."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Mapping
from typing import Any

from lifelong._names import validate_name
from lifelong.errors import RuntimeClosed
from lifelong.persona.importer import ImportReport, import_jsonl
from lifelong.persona.messages import RecordLimits
from lifelong.persona.persona import Persona
from lifelong.persona.traits import Trait
from lifelong.runtime.config import RuntimeConfig
from lifelong.runtime.logs import install_redaction
from lifelong.storage import (
    Database,
    EventRepo,
    ImportRepo,
    InteractionRepo,
    PersonaRepo,
    Recorder,
    ensure_schema,
)

__all__ = ["Runtime"]

log = logging.getLogger("lifelong.runtime")


class Runtime:
    """Owns the store and the background work; closes everything it opened.

    Use ``async with Runtime.open(config) as rt`` or ``rt = await Runtime.open(config).start()``
    followed by ``await rt.close()``.
    """

    def __init__(self, config: RuntimeConfig) -> None:
        self.config = config
        self.db = Database(
            config.resolved_database_url,
            busy_timeout_ms=config.sqlite_busy_timeout_ms,
            pool_size=config.db_pool_size,
        )
        self.personas_repo = PersonaRepo(self.db)
        self.interactions = InteractionRepo(self.db)
        self.imports = ImportRepo(self.db)
        self.events = EventRepo(self.db)
        self.limits = RecordLimits(
            max_message_chars=config.max_message_chars,
            max_messages=config.max_messages,
            max_metadata_bytes=config.max_metadata_bytes,
        )
        self.recorder = Recorder(self.interactions.insert_many, batch_max=config.record_batch_max)
        self._started = False
        self._closed = False

    @classmethod
    def open(cls, config: RuntimeConfig | None = None, **overrides: Any) -> Runtime:
        """A runtime for ``config`` (or ``RuntimeConfig.load(**overrides)``), not yet started."""
        return cls(config if config is not None else RuntimeConfig.load(**overrides))

    async def start(self) -> Runtime:
        if self._closed:
            raise RuntimeClosed()
        if self._started:
            return self
        install_redaction(self.config.secret_values())
        os.makedirs(self.config.home, exist_ok=True)
        await self.db.open()
        try:
            await ensure_schema(self.db)
            abandoned = await self.imports.discard_stale()
            if abandoned:
                log.warning(
                    "discarded %d import(s) left unfinished by a stopped process", abandoned
                )
            self.recorder.start()
        except BaseException:
            await self.db.close()
            raise
        self._started = True
        log.info("runtime started on %s", self.db.display_url)
        return self

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self._started:
            await self.recorder.close()
            await self.db.close()

    async def __aenter__(self) -> Runtime:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    def _check_open(self) -> None:
        if self._closed or not self._started:
            raise RuntimeClosed()

    async def persona(
        self,
        name: str,
        traits: Iterable[Trait] | None = None,
        profile: Mapping[str, Any] | None = None,
    ) -> Persona:
        """Create or update persona ``name`` and return its handle.

        ``traits`` are added (or their descriptions updated); traits declared before are kept.
        ``profile`` replaces the stored profile when given (it fills the system prompt template).
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
        row = await self.personas_repo.upsert(
            name, profile=dict(profile) if profile is not None else None, traits=declared
        )
        return Persona(
            row.name,
            traits=row.traits,
            profile=row.profile,
            recorder=self.recorder,
            interactions=self.interactions,
            limits=self.limits,
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
            repo=self.imports,
            limits=self.limits,
            max_line_bytes=self.config.max_import_line_bytes,
            chunk_rows=self.config.import_chunk_rows,
            skip_invalid=skip_invalid,
        )
