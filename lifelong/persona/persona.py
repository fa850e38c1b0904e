"""The handle a chat system holds for one persona and calls on every turn."""

from __future__ import annotations

import math
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from typing import Any

from lifelong._hints import how
from lifelong._names import validate_name
from lifelong.errors import InvalidRecord, LifelongError
from lifelong.persona.messages import (
    RecordLimits,
    check_text,
    content_hash,
    conversation_id_of,
    validate_messages,
    validate_metadata,
)
from lifelong.persona.traits import GENERAL
from lifelong.storage import InteractionRepo, Recorder, new_id

__all__ = ["Persona"]


class Persona:
    """Made by :meth:`lifelong.Runtime.persona`; cheap to keep and share between tasks."""

    def __init__(
        self,
        name: str,
        *,
        traits: Mapping[str, str],
        profile: Mapping[str, Any],
        recorder: Recorder,
        interactions: InteractionRepo,
        limits: RecordLimits,
        generate: Callable[..., Awaitable[Any]] | None = None,
        stream: Callable[..., AsyncIterator[Any]] | None = None,
        known_generation: Callable[[str], Awaitable[bool]] | None = None,
    ) -> None:
        self.name = name
        self._generate = generate
        self._stream = stream
        self._known_generation = known_generation
        self.traits: dict[str, str] = dict(traits)
        self.profile: dict[str, Any] = dict(profile)
        self._recorder = recorder
        self._interactions = interactions
        self._limits = limits

    def __repr__(self) -> str:
        return f"Persona({self.name!r}, traits={sorted(self.traits)})"

    async def generate(
        self,
        messages: Sequence[Mapping[str, Any]],
        traits: Sequence[str] | None = None,
        *,
        max_new_tokens: int | None = None,
        temperature: float = 0.0,
        conversation_id: str | None = None,
        memory: bool | None = None,
    ) -> Any:
        """Answer ``messages`` (ending with the user's message) with the base model plus this
        persona's active layer for ``traits``, or for the trait the message routes to, and
        its memory of recorded good turns (``memory=False``: not for this request).

        Returns a :class:`lifelong.engine.serving.Generation`: ``.text`` and ``.layers``
        (trait -> version that answered). Runs the model in a thread: the event loop is free.
        Pass the ``conversation_id`` you record the turn with: while a trait runs a canary
        (``rollout.canary_fraction``) it keeps each conversation on one arm, and
        ``.arm`` says which answered (``"canary"`` / ``"stable"``; None when none runs).
        """
        if self._generate is None:
            raise LifelongError("this Persona handle cannot generate; get one from rt.persona()")
        return await self._generate(
            self.name, messages, traits, max_new_tokens=max_new_tokens, temperature=temperature,
            conversation_id=conversation_id, memory=memory,
        )  # fmt: skip

    async def stream(
        self,
        messages: Sequence[Mapping[str, Any]],
        traits: Sequence[str] | None = None,
        *,
        max_new_tokens: int | None = None,
        temperature: float = 0.0,
        conversation_id: str | None = None,
        memory: bool | None = None,
    ) -> AsyncIterator[Any]:
        """Like :meth:`generate`, as the reply is decoded: an async iterator of text pieces
        (``str``) ending with the :class:`lifelong.engine.serving.Generation` (its ``text`` is
        the whole reply; its ``id`` goes to :meth:`record`)::

            async for piece in persona.stream(messages):
                if isinstance(piece, str):
                    send_to_user(piece)
                else:
                    await persona.record([*messages, reply(piece.text)], generation=piece)
        """
        if self._stream is None:
            raise LifelongError("this Persona handle cannot generate; get one from rt.persona()")
        async for item in self._stream(
            self.name, messages, traits, max_new_tokens=max_new_tokens, temperature=temperature,
            conversation_id=conversation_id, memory=memory,
        ):  # fmt: skip
            yield item

    async def record(
        self,
        messages: Sequence[Mapping[str, Any]],
        trait: str | None = None,
        metadata: Mapping[str, Any] | None = None,
        *,
        generation: Any = None,
    ) -> str:
        """Store one conversation turn and return its id once it is durable.

        ``messages`` are the turn's ``{"role", "content"}`` messages ending with the persona's
        reply. ``trait`` names one of the persona's traits, or ``None`` to let trait routing
        decide later. ``generation`` is the :class:`Generation` (or its ``id``) that produced
        the reply: the turn's quality, rating and correction are then attributed to the layer
        versions that answered, which is what the post-deploy monitor judges them by. Nothing
        slow happens here: scoring runs later, in batches.

        Raises :class:`InvalidRecord` naming the field that is wrong.
        """
        clean = validate_messages(messages, self._limits)
        if trait is not None:
            self._check_trait(trait)
        meta = validate_metadata(metadata, self._limits)
        generation_id = await self._generation_id(generation)
        interaction_id = new_id()
        await self._recorder.submit(
            {
                "id": interaction_id,
                "persona": self.name,
                "trait": trait,
                "trait_source": "caller" if trait is not None else None,
                "messages": clean,
                "metadata": meta,
                "conversation_id": conversation_id_of(meta),
                "content_hash": content_hash(clean),
                "dedupe_key": None,
                "source": "record",
                "import_id": None,
                "created_at": time.time(),
                "used": False,
                "generation_id": generation_id,
            }
        )
        return interaction_id

    async def _generation_id(self, generation: Any) -> str | None:
        if generation is None:
            return None
        gid = generation if isinstance(generation, str) else getattr(generation, "id", None)
        if not isinstance(gid, str) or not gid:
            raise InvalidRecord(
                "generation",
                f"expected a Generation from generate() or its id, got {type(generation).__name__}",
            )
        check_text(gid, "generation", max_chars=64)
        if self._known_generation is None or not await self._known_generation(gid):
            raise InvalidRecord(
                "generation",
                f"{gid!r} is not a generation of this runtime; pass the Generation that "
                "generate() returned for this reply (or leave generation out)",
            )
        return gid

    async def feedback(
        self,
        interaction_id: str,
        *,
        rating: float | None = None,
        correction: str | None = None,
    ) -> None:
        """Attach explicit feedback: ``rating`` in [0, 1] and/or a ``correction`` (the better
        reply). A correction becomes a preference pair (rejected = the stored reply).
        """
        # The id goes into a query: text the driver cannot encode would fail there, raw.
        check_text(interaction_id, "interaction_id", max_chars=128)
        if rating is None and correction is None:
            raise InvalidRecord("feedback", "give a rating, a correction, or both")
        if rating is not None:
            if isinstance(rating, bool) or not isinstance(rating, (int, float)):
                raise InvalidRecord("rating", f"expected a number in [0, 1], got {rating!r}")
            if not math.isfinite(rating) or not 0.0 <= rating <= 1.0:
                raise InvalidRecord("rating", f"{rating!r} is outside [0, 1]")
        if correction is not None:
            # A correction becomes the chosen reply of a training pair: the same text as a
            # message, so the same checks (control characters, surrogates, length).
            check_text(correction, "correction", max_chars=self._limits.max_message_chars)
        await self._interactions.set_feedback(
            self.name,
            interaction_id,
            rating=float(rating) if rating is not None else None,
            correction=correction,
        )

    def _check_trait(self, trait: object) -> None:
        validate_name("trait", trait)
        if trait not in self.traits and trait != GENERAL:
            known = ", ".join(sorted(self.traits)) or "none yet"
            raise InvalidRecord(
                "trait",
                f"{trait!r} is not a trait of persona {self.name!r} (known: {known}); "
                + how("declare trait", persona=self.name),
            )
