"""The OpenAI-compatible gateway's service: a chat completion for a ``model`` that names a
persona, recorded as the persona's turn with no code on the client's side.

**Models.** ``persona`` (the trait routed to, memory on), ``persona:trait`` (that trait's
layer), ``persona@base`` (the bare base model: no layer, no memory).

**The system prompt.** The persona's (its profile's template), then the request's system
(and developer) messages, each on its own paragraph: the persona stays who it is, the
application adds its instructions.

**Conversations.** Chat UIs resend the whole history each turn. A completion remembers the
hash of the history it answered and of that history with its reply; a request whose history
extends an answered one continues that conversation, one that repeats an asked history is a
*regenerate* (it counts against the answer it replaces: rated :data:`REGENERATE_RATING`),
and one that diverges from an answered history part way (an earlier user turn edited)
starts a branch. ``user`` keeps two users' identical histories apart; an
``X-Conversation-Id`` header names the conversation outright.

**Retries.** A request the client retries (the OpenAI SDKs send ``x-stainless-retry-count``;
any client may send ``Idempotency-Key``) whose history was answered is answered again with
the stored reply, and nothing is recorded twice. A stream the client abandons is not
recorded (``gateway.record_aborted`` to record what was sent).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import AsyncGenerator, Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from lifelong._names import validate_name
from lifelong.engine.serving import Generation
from lifelong.errors import InvalidRecord, NotFound
from lifelong.persona.persona import Persona
from lifelong.storage import new_id
from lifelong.storage.repos.chats import ChatPrefixRepo, PrefixRow
from lifelong.storage.repos.interactions import InteractionRepo

__all__ = ["REGENERATE_RATING", "ChatGateway", "ChatOptions", "Completion", "ModelName"]

# What a regenerate says about the answer it replaces: not a thumbs-down (people regenerate to
# see another answer too), but well below the half that keeps a reply in training and memory.
REGENERATE_RATING = 0.25

_MODEL = re.compile(r"(?P<persona>[^:@]+)(?::(?P<trait>[^:@]+)|@(?P<base>base))?")


@dataclass(frozen=True, slots=True)
class ModelName:
    """``persona``, ``persona:trait`` or ``persona@base`` (see the module docstring)."""

    persona: str
    trait: str | None = None
    base: bool = False

    @classmethod
    def parse(cls, model: str) -> ModelName:
        match = _MODEL.fullmatch(model.strip())
        if match is None:
            raise InvalidRecord(
                "model", f"{model!r} is not a persona: use persona, persona:trait or persona@base"
            )
        persona, trait = match["persona"], match["trait"]
        try:
            validate_name("persona", persona)
            if trait is not None:
                validate_name("trait", trait)
        except ValueError as exc:
            raise InvalidRecord("model", str(exc)) from None
        return cls(persona, trait, match["base"] is not None)

    def __str__(self) -> str:
        return self.persona + (f":{self.trait}" if self.trait else "@base" if self.base else "")


@dataclass(frozen=True, slots=True)
class ChatOptions:
    max_tokens: int | None = None
    temperature: float = 1.0
    top_p: float = 1.0
    stop: tuple[str, ...] = ()
    user: str | None = None
    record: bool = True
    conversation_id: str | None = None  # X-Conversation-Id
    idempotency_key: str | None = None  # Idempotency-Key
    retry: bool = False  # x-stainless-retry-count > 0


@dataclass(slots=True)
class Completion:
    """How a completion ended, after its last piece of text."""

    id: str  # the generation id (or, replayed, the one it had)
    text: str
    finish_reason: str  # stop | length
    prompt_tokens: int
    completion_tokens: int
    conversation_id: str
    layers: dict[str, int] = field(default_factory=dict)
    memory: tuple[str, ...] = ()
    base_model: str = ""
    interaction_id: str | None = None
    replayed: bool = False
    regenerated: str | None = None  # the interaction this one replaced


Stream = Callable[..., AsyncGenerator[str | Generation, None]]


class ChatGateway:
    """Chat completions as personas (see the module docstring). Built by the runtime with
    what it uses: the runtime's stream verb, persona handles, the system prompt renderer, the
    interactions (to replay a stored reply), the prefix store and the token counter.
    """

    def __init__(
        self,
        *,
        stream: Stream,
        handle: Callable[[str], Awaitable[Persona]],
        system_prompt: Callable[[str], Awaitable[str]],
        interactions: InteractionRepo,
        prefixes: ChatPrefixRepo,
        count_tokens: Callable[[str | None, list[dict[str, str]], str], Awaitable[tuple[int, int]]],
        default_max_tokens: int,
        record_aborted: bool = False,
    ) -> None:
        self._stream = stream
        self._handle = handle
        self._system_prompt = system_prompt
        self._interactions = interactions
        self._prefixes = prefixes
        self._count = count_tokens
        self.default_max_tokens = default_max_tokens
        self.record_aborted = record_aborted

    async def complete(
        self,
        model: ModelName,
        messages: Sequence[dict[str, str]],
        options: ChatOptions,
        completion_id: str | None = None,
    ) -> AsyncGenerator[str | Completion, None]:
        """The reply's text in pieces, then the :class:`Completion` (its id ``completion_id``
        when given: a stream names its chunks before the reply ends; the generation's id).
        Recorded (when ``options.record``) once the last piece is out, unless the caller
        stopped reading.
        """
        handle = await self._handle(model.persona)  # NotFound: the model does not exist
        if model.trait is not None and model.trait not in handle.traits:
            raise NotFound("model", str(model), f"{model.persona}'s traits: "
                           f"{', '.join(sorted(handle.traits)) or 'none'}")  # fmt: skip
        system = [m["content"] for m in messages if m["role"] == "system"]
        talk = [{"role": m["role"], "content": m["content"]} for m in messages
                if m["role"] != "system"]  # fmt: skip
        if not talk or talk[-1]["role"] != "user":
            raise InvalidRecord("messages", "the last message must be the user's")
        keys = _Keys(model.persona, options.user)
        asked_key = keys.of(talk)
        earlier = [keys.of(talk[:i]) for i in range(len(talk) - 1, 0, -1)
                   if talk[i - 1]["role"] == "assistant"]  # fmt: skip
        known = await self._prefixes.find([asked_key, *earlier])
        asked = known.get(asked_key)
        if (
            asked is not None
            and asked.interaction_id
            and (
                options.retry
                or (options.idempotency_key and options.idempotency_key == asked.idempotency_key)
            )
        ):
            replay = await self._replay(asked, model, [*system], talk)
            if replay is not None:
                yield replay.text
                yield replay
                return
        conversation, branch_of = self._conversation(options, asked_key, earlier, known)
        chat = [{"role": "system", "content": "\n\n".join(
            [await self._system_prompt(model.persona), *system])}, *talk]  # fmt: skip
        max_tokens = options.max_tokens or self.default_max_tokens
        traits = [model.trait] if model.trait else ([] if model.base else None)
        pieces: list[str] = []
        sent = 0  # characters of the reply already yielded
        generation: Generation | None = None
        stopped = finished = False
        stream = self._stream(
            model.persona, chat, traits, max_new_tokens=max_tokens,
            temperature=options.temperature, top_p=options.top_p,
            conversation_id=conversation, memory=False if model.base else None,
            generation_id=completion_id,
        )  # fmt: skip
        try:
            async for item in stream:
                if isinstance(item, Generation):
                    generation = item
                    break
                pieces.append(item)
                text = "".join(pieces)
                cut = _first_stop(text, options.stop)
                if cut is not None:
                    # At a stop sequence: what came before it, then no more decoding.
                    if cut > sent:
                        yield text[sent:cut]
                    pieces, stopped = [text[:cut]], True
                    break
                # A stop sequence may be starting: its first characters wait for the next piece.
                safe = len(text) - _held_back(text, options.stop)
                if safe > sent:
                    yield text[sent:safe]
                    sent = safe
            text = "".join(pieces)
            if not stopped and len(text) > sent:
                yield text[sent:]  # held back, and not a stop sequence after all
            finished = True
        finally:
            if stopped or not finished:
                await stream.aclose()  # stops the decoding of a reply nobody reads
            if not finished and self.record_aborted and options.record and pieces:
                await self._record_text(handle, model, talk, "".join(pieces), None,
                                        conversation, branch_of, keys, asked)  # fmt: skip
        base_model = generation.base_model if generation else ""
        prompt_tokens, completion_tokens = await self._count(base_model or None, chat, text)
        completion = Completion(
            id=generation.id if generation else completion_id or new_id(), text=text,
            # A remote model's provider keeps to max_tokens itself; ours stop at it.
            finish_reason="length" if not stopped and completion_tokens >= max_tokens
            and not (generation and generation.remote_model) else "stop",
            prompt_tokens=prompt_tokens, completion_tokens=completion_tokens,
            conversation_id=conversation,
            layers=dict(generation.layers) if generation else {},
            memory=tuple(generation.memory) if generation else (), base_model=base_model,
        )  # fmt: skip
        if options.record and not options.retry:
            completion.interaction_id = await self._record_text(
                handle, model, talk, text, generation, conversation, branch_of, keys, asked,
                idempotency_key=options.idempotency_key,
            )  # fmt: skip
            if asked is not None and asked.interaction_id:
                completion.regenerated = asked.interaction_id
        yield completion

    def _conversation(
        self, options: ChatOptions, asked: str, earlier: list[str], known: dict[str, PrefixRow]
    ) -> tuple[str, str | None]:
        """The conversation id, and the conversation this one branched from (if it did)."""
        if options.conversation_id:
            return options.conversation_id, None
        if earlier and earlier[0] in known:  # the history up to now was answered here
            last = known[earlier[0]]
            if last.next_key in (None, asked):
                return last.conversation_id, None
            # Asked something else after it before: the user edited this turn, a branch.
            return f"chat-{new_id()}", last.conversation_id
        for key in earlier[1:]:  # an earlier point was: an edited turn, a new branch
            if key in known:
                return f"chat-{new_id()}", known[key].conversation_id
        return f"chat-{new_id()}", None

    async def _record_text(
        self,
        handle: Persona,
        model: ModelName,
        talk: list[dict[str, str]],
        text: str,
        generation: Generation | None,
        conversation: str,
        branch_of: str | None,
        keys: _Keys,
        asked: PrefixRow | None,
        *,
        idempotency_key: str | None = None,
    ) -> str | None:
        if not text.strip():
            return None  # an empty reply is not a turn (and record refuses it)
        metadata: dict[str, Any] = {"conversation_id": conversation, "source": "openai",
                                    "model": str(model)}  # fmt: skip
        if branch_of:
            metadata["branch_of"] = branch_of
        reply = {"role": "assistant", "content": text}
        interaction = await handle.record(
            [*talk, reply], model.trait, metadata,
            generation=generation if generation and generation.id else None,
        )  # fmt: skip
        if asked is not None and asked.interaction_id and asked.interaction_id != interaction:
            # A regenerate: the answer it replaces was not what the user wanted.
            await handle.feedback(asked.interaction_id, rating=REGENERATE_RATING)
        gid = generation.id if generation else None
        common = {"persona": model.persona, "conversation_id": conversation,
                  "interaction_id": interaction, "generation_id": gid}  # fmt: skip
        asked_key = keys.of(talk)
        await self._prefixes.remember([
            {"key": asked_key, "kind": "asked", "idempotency_key": idempotency_key,
             "next_key": None, **common},
            {"key": keys.of([*talk, reply]), "kind": "answered", "idempotency_key": None,
             "next_key": None, **common},
        ])  # fmt: skip
        if len(talk) > 1:  # the history this question continues was continued by it
            await self._prefixes.continued(keys.of(talk[:-1]), asked_key)
        return interaction

    async def _replay(
        self, asked: PrefixRow, model: ModelName, system: list[str], talk: list[dict[str, str]]
    ) -> Completion | None:
        """The stored answer to a retried request, as it was given (nothing recorded)."""
        assert asked.interaction_id is not None
        row = await self._interactions.get(asked.interaction_id)
        if row is None:
            return None
        text = next((m["content"] for m in reversed(row.messages) if m["role"] == "assistant"), "")
        prompt_tokens, completion_tokens = await self._count(None, talk, text)
        return Completion(
            id=asked.generation_id or asked.interaction_id, text=text, finish_reason="stop",
            prompt_tokens=prompt_tokens, completion_tokens=completion_tokens,
            conversation_id=asked.conversation_id, interaction_id=asked.interaction_id,
            replayed=True,
        )  # fmt: skip

    async def feedback(
        self, completion_id: str, *, rating: float | None, correction: str | None,
        allowed: Callable[[str], bool] = lambda persona: True,
    ) -> tuple[str, str]:  # fmt: skip
        """Rate (0..1) and/or correct the turn a completion ``completion_id`` recorded;
        returns (persona, interaction id). ``allowed``: the personas the caller may rate.
        """
        row = await self._interactions.by_generation(completion_id)
        if row is None or not allowed(row.persona):
            raise NotFound("completion", completion_id, "rate completions this server "
                           "recorded (the id of a chat.completion)")  # fmt: skip
        handle = await self._handle(row.persona)
        await handle.feedback(row.id, rating=rating, correction=correction)
        return row.persona, row.id


class _Keys:
    """Hashes of conversation prefixes: of a persona, in a user's namespace."""

    def __init__(self, persona: str, user: str | None) -> None:
        self._salt = json.dumps([persona, user or ""])

    def of(self, messages: Sequence[dict[str, str]]) -> str:
        canonical = json.dumps([[m["role"], " ".join(m["content"].split())] for m in messages],
                               ensure_ascii=False)  # fmt: skip
        return hashlib.sha256(f"{self._salt}\n{canonical}".encode()).hexdigest()


def _first_stop(text: str, stops: Sequence[str]) -> int | None:
    found = [i for i in (text.find(s) for s in stops if s) if i >= 0]
    return min(found) if found else None


def _held_back(text: str, stops: Sequence[str]) -> int:
    """How many characters at the end of ``text`` begin a stop sequence (the next piece may
    complete it): they are not sent yet.
    """
    return max((k for s in stops if s for k in range(1, len(s)) if text.endswith(s[:k])),
               default=0)  # fmt: skip
