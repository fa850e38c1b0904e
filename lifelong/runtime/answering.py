"""Answering as a persona: its layers and its memory, routed, batched, attributed.

The service behind ``rt.generate`` / ``rt.stream`` / ``rt.route`` (and the OpenAI gateway):
a request is checked, routed to a trait (the last user message's MiniLM vector against the
traits' descriptions and what they have been asked), reminded of the persona's nearest good
turns (memory), decoded with the active layers (micro-batched with other requests), and given
an id that names who answered, durable before it is returned.
"""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections import OrderedDict
from collections.abc import AsyncGenerator, Awaitable, Callable, Mapping, Sequence
from typing import Any

from lifelong._model_thread import INTERACTIVE, in_model_thread
from lifelong._names import MERGED
from lifelong.adapters.replay import load_replay_prompts
from lifelong.engine.serving import Generation, GenerationSettings, LayerServer
from lifelong.genome.store import LayerStore
from lifelong.learning.memory import MemoryIndex, MemoryPolicy, Recalled, with_memory
from lifelong.learning.routing import TraitRouter, anchor_questions
from lifelong.learning.triggers import DAY
from lifelong.persona.messages import RecordLimits, validate_conversation_id, validate_messages
from lifelong.persona.profile import render_system_prompt
from lifelong.persona.traits import GENERAL, check_declared
from lifelong.storage import Recorder, new_id
from lifelong.storage.repos import GenerationRepo, TraitProfileRepo
from lifelong.storage.repos.personas import PersonaRow

__all__ = ["Answering", "everyday_questions"]


def everyday_questions() -> list[str]:
    """What stands for ``general`` when the runtime routes: the anchor set's questions and the
    training replay's prompts (both bundled, disjoint, never a persona's). The replay's 80
    widen what "everyday" covers: 37 of the learning benchmark's 40 everyday probes stayed
    general instead of 35 with the anchor set's 40 alone, the held-out trait questions routing
    as before (``bench/routing.py``).
    """
    return anchor_questions() + [prompt[-1]["content"] for prompt in load_replay_prompts()]


# Generation ids this process remembers issuing (older ones are looked up in the store).
_ISSUED_WINDOW = 65_536


class Answering:
    """``generate``, ``stream``, ``route`` and memory retrieval for the runtime's personas.

    Built by the runtime with what it uses: the persona lookup, the message limits, the
    router and the routing profiles, the memory index, the layer store and server, and the
    generations' group-commit recorder.
    """

    def __init__(
        self,
        *,
        persona_row: Callable[[str], Awaitable[PersonaRow]],
        check_open: Callable[[], None],
        limits: RecordLimits,
        router: TraitRouter,
        profiles: TraitProfileRepo,
        memory: MemoryIndex,
        layers: LayerStore,
        server: LayerServer,
        generations: Recorder,
        generation_rows: GenerationRepo,
        max_new_tokens: int,
        generation_retention_days: float,
    ) -> None:
        self._persona_row = persona_row
        self._check_open = check_open
        self.limits = limits
        self._router = router
        self._profiles = profiles
        self.memory = memory
        self._policy: MemoryPolicy = memory.policy
        self.layers = layers
        self.server = server
        self._generations = generations
        self._generation_rows = generation_rows
        self._max_new_tokens = max_new_tokens
        self._generation_retention_days = generation_retention_days
        self._issued: OrderedDict[str, float] = OrderedDict()  # id -> when it was issued

    async def generate(
        self,
        persona: str,
        messages: Sequence[Mapping[str, Any]],
        traits: Sequence[str] | None = None,
        *,
        max_new_tokens: int | None = None,
        temperature: float = 0.0,
        conversation_id: str | None = None,
        memory: bool | None = None,
        top_p: float = 1.0,
        generation_id: str | None = None,
    ) -> Generation:
        """Answer ``messages`` as ``persona``: the base model with the active layer of the
        named ``traits``, or of the trait the last user message routes to (falling back to
        ``general``, then to the base model), reminded of the persona's nearest recorded good
        turns (memory: see :mod:`lifelong.learning.memory`; ``memory`` turns it on or off for
        this request, else the persona's setting, else ``memory.enabled``). Concurrent calls
        on one base model are decoded together in micro-batches. The returned
        :class:`Generation` has an ``id``: pass it to ``record(..., generation=g)``; its
        ``memory`` names the turns it was given. ``conversation_id`` (the one ``record``'s
        metadata carries) keeps a conversation on one arm while a trait runs a canary
        (``Generation.arm`` says which answered). See :meth:`Persona.generate`.
        """
        chat, traits, settings, recalled = await self._request(
            persona, messages, traits, max_new_tokens, temperature, memory, top_p
        )
        conversation = validate_conversation_id(conversation_id)
        generation = await self.server.generate(
            persona, chat, traits, settings, conversation_id=conversation
        )
        return await self._attribute(persona, generation, recalled, generation_id)

    async def stream(
        self,
        persona: str,
        messages: Sequence[Mapping[str, Any]],
        traits: Sequence[str] | None = None,
        *,
        max_new_tokens: int | None = None,
        temperature: float = 0.0,
        conversation_id: str | None = None,
        memory: bool | None = None,
        top_p: float = 1.0,
        generation_id: str | None = None,
    ) -> AsyncGenerator[str | Generation, None]:
        """Like :meth:`generate`, as the reply is decoded: text pieces (``str``), then the
        :class:`Generation` (with its ``id``: ``generation_id`` when given, a new time-ordered
        id otherwise; a stream that must name its reply before it ends passes one) as the last
        item.
        """
        chat, traits, settings, recalled = await self._request(
            persona, messages, traits, max_new_tokens, temperature, memory, top_p
        )
        async for item in self.server.stream(
            persona, chat, traits, settings,
            conversation_id=validate_conversation_id(conversation_id),
        ):  # fmt: skip
            if isinstance(item, Generation):
                item = await self._attribute(persona, item, recalled, generation_id)
            yield item

    async def _request(
        self,
        persona: str,
        messages: Sequence[Mapping[str, Any]],
        traits: Sequence[str] | None,
        max_new_tokens: int | None,
        temperature: float,
        memory: bool | None = None,
        top_p: float = 1.0,
    ) -> tuple[list[dict[str, str]], list[str], GenerationSettings, list[Recalled]]:
        """A generation request checked and completed: the chat (with the persona's system
        prompt unless it has one, and the memory turns it is reminded of), the traits that
        answer, the settings, and those memory turns.
        """
        self._check_open()
        row = await self._persona_row(persona)
        chat = validate_messages(messages, self.limits, final_role="user")
        for trait in traits or ():
            check_declared(row.traits, persona, trait)
        use_memory = memory if memory is not None else (
            row.memory if row.memory is not None else self._policy.enabled
        )  # fmt: skip
        if use_memory:
            # Nothing to remind it of: no embedding (it runs on the model thread) for it.
            await self.memory.catch_up(persona)
            use_memory = self.memory.size(persona) > 0
        routed, query, everyday = GENERAL, None, float("-inf")
        if traits is None or use_memory:
            routed, query, everyday = await self._understand(row, chat[-1]["content"])
        if traits is None:
            traits = await self._route(persona, row.traits, routed)
        recalled: list[Recalled] = []
        if use_memory and query is not None:
            wanted = list(traits) if traits else [routed]
            recalled = await self.recall(persona, [*wanted, GENERAL], query, everyday)
        if not any(m["role"] == "system" for m in chat):
            chat = [{"role": "system", "content": render_system_prompt(persona, row.profile)},
                    *chat]  # fmt: skip
        settings = GenerationSettings(
            max_new_tokens=max_new_tokens or self._max_new_tokens,
            temperature=temperature,
            top_p=top_p,
        )
        layered = False
        if recalled and traits:
            active = await self.layers.active(persona)
            layered = MERGED in active or any(t in active for t in traits)
        # A layer answering gets memory as the system prompt's list only (see
        # lifelong.learning.memory: shown as exchanges too, it repeated their greeting).
        chat = with_memory(chat, recalled, exchanges=not layered)
        return chat, list(traits), settings, recalled

    async def _understand(self, row: PersonaRow, text: str) -> tuple[str, Any, float]:
        """The trait ``text`` routes to among the persona's, its unit vector and its cosine
        with the nearest everyday question: one embedding, on the model thread.
        """
        profiles = await self._profiles.get(row.name) if row.traits else None
        routes, vectors, everyday = await in_model_thread(
            self._router.decide_with_vectors, [text], row.traits, profiles, priority=INTERACTIVE
        )
        return routes[0].trait, vectors[0], float(everyday[0])

    async def recall(
        self,
        persona: str,
        traits: Sequence[str],
        query: Any,
        everyday: float,
        *,
        exclude_prompts: frozenset[str] = frozenset(),
    ) -> list[Recalled]:
        """The memory turns of ``persona``'s ``traits`` to remind it of for a request whose
        prompt has unit vector ``query`` (see :meth:`MemoryIndex.search`). Off the model
        thread; a large index is scanned in a worker thread.
        """
        await self.memory.catch_up(persona)
        if self.memory.size(persona) > 20_000:
            return await asyncio.to_thread(self.memory.search, persona, traits, query,
                                           everyday, exclude_prompts=exclude_prompts)  # fmt: skip
        return self.memory.search(persona, traits, query, everyday,
                                  exclude_prompts=exclude_prompts)  # fmt: skip

    async def _attribute(
        self,
        persona: str,
        generation: Generation,
        recalled: Sequence[Recalled] = (),
        generation_id: str | None = None,
    ) -> Generation:
        """Store who answered (durable before the id is returned) and give the reply its id."""
        gid = generation_id or new_id()
        memory = tuple(r.id for r in recalled)
        await self._generations.submit(
            {"id": gid, "persona": persona, "created_at": time.time(),
             "base_model": generation.base_model or None,
             "remote_model": generation.remote_model,
             "layers": {t: {"version": v, "layer_id": generation.layer_ids[t]}
                        for t, v in generation.layers.items() if t in generation.layer_ids},
             "memory": list(memory)}
        )  # fmt: skip
        self._issued[gid] = time.time()
        while len(self._issued) > _ISSUED_WINDOW:
            self._issued.popitem(last=False)
        return dataclasses.replace(generation, id=gid, memory=memory)

    def forget_issued(self) -> None:
        """Forget the ids issued here (after a sweep, the store is asked about each again)."""
        self._issued.clear()

    async def known_generation(self, generation_id: str) -> bool:
        """Whether ``generation_id`` names a stored generation (one issued here recently
        needs no query)."""
        issued = self._issued.get(generation_id)
        # Trusted without a query only well inside the retention: the schedule leader (maybe
        # another process) may have swept an older one.
        retention = self._generation_retention_days * DAY
        if issued is not None and time.time() - issued < retention / 2:
            return True
        return bool(await self._generation_rows.known([generation_id]))

    async def route(self, persona: str, messages: Sequence[Mapping[str, Any]]) -> str:
        """The trait of ``persona`` that the last user message of ``messages`` routes to,
        among all its declared traits (with a trained layer or not); ``general`` when none fits.

        A trait is judged by the better of two likenesses: with its description, and, once
        the scoring worker has seen a few of its prompts (recorded with the trait, or routed
        to it with confidence), with what it has actually been asked. :meth:`generate` routes
        an unnamed request the same way.
        """
        self._check_open()
        row = await self._persona_row(persona)
        chat = validate_messages(messages, self.limits, final_role="user")
        if not row.traits:
            return GENERAL
        return (await self._understand(row, chat[-1]["content"]))[0]

    async def _route(self, persona: str, declared: Mapping[str, str], routed: str) -> list[str]:
        """The traits an unnamed request answers with: everything a merged snapshot holds,
        else the trait its last user message ``routed`` to (:meth:`route`; then ``general``)
        if it has an active layer.
        """
        active = await self.layers.active(persona)
        if MERGED in active:  # a consolidated persona answers with all it merged, at once
            return list(active[MERGED]["manifest"].get("merged") or {})
        routed = routed if declared else GENERAL
        return [t for t in (routed, GENERAL) if t in active][:1]

    async def remind_heldout(
        self, persona: str, trait: str, chats: list[list[dict[str, str]]]
    ) -> list[list[dict[str, str]]]:
        """The auto-test's held-out ``chats`` with ``persona``'s memory of ``trait`` put in
        as a request would get it, never a held-out turn's own (memory must not answer a
        held-out question from its own recorded turn).
        """
        row = await self._persona_row(persona)
        asked = frozenset(chat[-1]["content"] for chat in chats)
        out = []
        for chat in chats:
            _routed, query, everyday = await self._understand(row, chat[-1]["content"])
            recalled = await self.recall(
                persona, [trait, GENERAL], query, everyday, exclude_prompts=asked
            )
            out.append(with_memory(chat, recalled, exchanges=False))  # a candidate answers
        return out

    async def system_prompt(self, persona: str) -> str:
        """``persona``'s system prompt as its profile renders it today."""
        row = await self._persona_row(persona)
        return render_system_prompt(persona, row.profile)
