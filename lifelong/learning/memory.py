"""Memory: what a persona was told is used at its next answer, before any layer learns it.

The fast half of a complementary learning system (McClelland, McNaughton and O'Reilly 1995):
a recorded good turn is retrievable within one scoring interval of ``record``, and layers
consolidate it slowly into the weights, after which it is the first to leave memory.

- **What goes in** (:func:`entry_for`, run by the scoring worker when it scores a turn): only
  what training would use of it: quality at or above ``min_quality``, a reply that is not
  empty, no prompt injection, a correction in place of the reply it corrects, scrubbed of
  secrets and PII, never a turn rated below one half (and, then, nothing else of its
  conversation), with the unit MiniLM vector of its prompt computed once, when it is scored.
- **What comes out** (:class:`MemoryIndex`): for a request, the nearest turns of the persona
  and the trait it routes to whose prompt is at least ``min_similarity`` like the request's
  *and* more like it than any everyday question is (the anchor set and the replay prompts:
  everyday requests are near one of those, a paraphrase of a taught question is not), the
  best ``max_turns`` within ``max_tokens``. Chosen by measurement (bench/learning.py's data):
  at 0.4 the held-out paraphrases of the four sweep personas retrieved a turn of their fact
  in 90-100% of cases and their everyday probes retrieved nothing in 100%; a cosine
  threshold alone could not do both (paraphrases 0.37-0.62, everyday probes up to 0.55).
- **Where it goes** (:func:`with_memory`): twice. Listed at the end of the system prompt
  ("What you have told people before (answer with these facts): - Q: ... A: ..."), and each
  as an earlier exchange of the conversation right after it, most similar last (nearest the
  question). On SmolLM2-135M, with the same three turns retrieved for each held-out question
  of the four sweep personas, the base model's recall was 0.46 with the exchanges alone, 0.52
  with the list alone and 0.80 with both (a small model copies best from a context that
  states the fact and shows it being said). *When a layer answers, the list only*: a layer
  trained on the persona's turns already says them in its voice, and shown three earlier
  exchanges that each open with that voice's greeting, it repeated the greeting to the end
  of its budget (corner-shop's v1 on its 10 held-out questions, its consolidated turns
  retrieved: recall 0.7 with both placements, three answers a loop of "Well met,
  neighbour!"; 1.0 with the list only, contradicted 0 either way; the layer alone 0.8, 0.2
  contradicted).
- **Attribution**: the generation names the turns it was given; a turn whose uses lead to
  ``max_bad_uses`` corrected or poorly rated replies leaves memory (the monitor's check).
- **Consolidation**: after a deploy, the turns the new layer reproduces on its own (the fact
  measure of :mod:`lifelong.learning.facts`) are marked consolidated by the layer: *demoted,
  not dropped*. With ``retrieve_consolidated`` (the default) they are still retrieved, behind
  an active turn of equal similarity; a rollback past the layer makes them active again.
  Dropping them from retrieval could only lose recall: the evidence that a layer holds a
  fact is its answer to the turn's own prompt and to one or two held-out paraphrases, and a
  layer that half-knows a fact (right on those, wrong on the next paraphrase) answers it
  from the reminder, where it could not without (on the small benchmark persona, layer +
  memory was stuck at the layer's 0.8 with every turn consolidated out). What consolidation
  buys instead is room: consolidated turns are the first evicted at the budget, so memory
  stays bounded and holds, once full, what the weights do not. ``retrieve_consolidated =
  false`` is the earlier rule (a consolidated turn is not retrieved at all): fewer prompt
  tokens, for an operator who trusts the layers.
- **Budget**: at most ``max_turns_per_trait`` kept turns per (persona, trait), active or
  consolidated; consolidated ones go first, then the least recently used.

The index is numpy over a float32 matrix per (persona, trait), held in memory and caught up
from the database (rows changed since it last looked) at most every ``refresh_s``: an exact
scan of 10,000 turns is well under a millisecond and of 100,000 a few (bench/learning.py
measures it); the budget keeps a trait far below that by default.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from lifelong.learning.scrub import Scrubber, looks_like_injection
from lifelong.storage.repos.memory import (
    ACTIVE,
    CONSOLIDATED,
    MemoryEntry,
    MemoryRepo,
    MemoryRow,
)

__all__ = [
    "MemoryIndex",
    "MemoryPolicy",
    "Recalled",
    "entry_for",
    "with_memory",
]


@dataclass(frozen=True, slots=True)
class MemoryPolicy:
    enabled: bool = True  # the default for personas that do not say
    min_quality: float = 0.6  # what training would use (dataset.min_quality)
    min_similarity: float = 0.4
    max_turns: int = 3
    max_tokens: int = 384  # of retrieved turns in one prompt (about 4 characters a token)
    max_turns_per_trait: int = 2000  # the budget
    consolidate: bool = True
    retrieve_consolidated: bool = True  # demoted, not dropped (see the module docstring)
    max_bad_uses: int = 2
    refresh_s: float = 1.0


@dataclass(frozen=True, slots=True)
class Recalled:
    """A retrieved turn: its id, prompt and reply, how like the request its prompt is, and its
    state (``active``, or ``consolidated`` by a deployed layer).
    """

    id: str
    trait: str
    prompt: str
    reply: str
    similarity: float
    state: str = ACTIVE


def entry_for(
    row: Mapping[str, Any],
    *,
    trait: str,
    quality: float,
    vector: Sequence[float] | None,
    policy: MemoryPolicy,
    scrub: Scrubber,
) -> MemoryEntry:
    """What memory keeps of a just-scored interaction ``row`` (the scoring worker's read:
    ``id``, ``persona``, ``messages``, ``conversation_id``, ``feedback_rating``,
    ``feedback_correction``).
    """
    messages = row["messages"]
    prompt = next((m["content"] for m in reversed(messages) if m["role"] == "user"), "")
    reply = row.get("feedback_correction") or next(
        (m["content"] for m in reversed(messages) if m["role"] == "assistant"), ""
    )
    rating = row.get("feedback_rating")
    rated_bad = rating is not None and rating < 0.5
    why = None
    if rated_bad:
        why = f"rated {rating:g}"
    elif quality < policy.min_quality and not row.get("feedback_correction"):
        # A corrected turn's score judges the reply it replaces; training (and memory) use
        # the correction whatever that score.
        why = f"quality {quality:.2f} below memory.min_quality ({policy.min_quality})"
    elif not reply.strip() or not prompt.strip():
        why = "an empty prompt or reply"
    elif any(m["role"] == "user" and looks_like_injection(m["content"]) for m in messages):
        why = "the prompt tries to override the persona's instructions"
    return MemoryEntry(
        id=row["id"], persona=row["persona"], trait=trait,
        conversation_id=row.get("conversation_id"), prompt=scrub(prompt), reply=scrub(reply),
        vector=vector, quality=quality, keep=why is None, reason=why, rated_bad=rated_bad,
    )  # fmt: skip


MEMORY_HEADER = "What you have told people before (answer with these facts):"


def with_memory(
    chat: list[dict[str, str]], recalled: Sequence[Recalled], *, exchanges: bool = True
) -> list[dict[str, str]]:
    """``chat`` with the ``recalled`` turns put in twice (see the module docstring): listed
    at the end of its system message under :data:`MEMORY_HEADER`, and as earlier exchanges
    right after it, the most similar last; with ``exchanges=False`` (a layer answers) only
    listed.
    """
    if not recalled:
        return chat
    ordered = sorted(recalled, key=lambda x: x.similarity)
    listed = "\n".join(f"- Q: {r.prompt} A: {r.reply}" for r in ordered)
    turns = []
    for r in ordered if exchanges else ():
        turns += [{"role": "user", "content": r.prompt}, {"role": "assistant", "content": r.reply}]
    if chat and chat[0]["role"] == "system":
        system = {"role": "system", "content": f"{chat[0]['content']}\n\n{MEMORY_HEADER}\n{listed}"}
        return [system, *turns, *chat[1:]]
    return [{"role": "system", "content": f"{MEMORY_HEADER}\n{listed}"}, *turns, *chat]


@dataclass(slots=True)
class _Trait:
    ids: list[str] = field(default_factory=list)
    rows: dict[str, MemoryRow] = field(default_factory=dict)
    matrix: np.ndarray | None = None  # rows of ``ids``, stacked when first searched

    def put(self, row: MemoryRow) -> None:
        if row.id not in self.rows:
            self.ids.append(row.id)
        self.rows[row.id] = row
        self.matrix = None

    def drop(self, memory_id: str) -> None:
        if self.rows.pop(memory_id, None) is not None:
            self.ids.remove(memory_id)
            self.matrix = None

    def stacked(self) -> np.ndarray:
        if self.matrix is None:
            vectors = [self.rows[i].vector for i in self.ids]
            self.matrix = (
                np.vstack(vectors).astype(np.float32, copy=False)  # type: ignore[arg-type]
                if vectors
                else np.zeros((0, 0), dtype=np.float32)
            )
        return self.matrix


@dataclass(slots=True)
class _Persona:
    traits: dict[str, _Trait] = field(default_factory=dict)
    synced_to: float = 0.0  # rows updated at or after this are not read yet
    checked_at: float = float("-inf")  # monotonic time of the last catch-up
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


class MemoryIndex:
    """Each persona's retrievable memory turns by trait (active ones, and consolidated ones
    with ``policy.retrieve_consolidated``), as matrices of prompt vectors, caught up from
    :class:`MemoryRepo` at most every ``policy.refresh_s`` (whichever process wrote).
    """

    # Rows written within this long before a catch-up may commit after it (a slow writer's
    # timestamp is taken before its commit): read them again next time.
    _OVERLAP_S = 5.0

    def __init__(self, repo: MemoryRepo, policy: MemoryPolicy) -> None:
        self.repo = repo
        self.policy = policy
        self._personas: dict[str, _Persona] = {}
        self._serving = (ACTIVE, CONSOLIDATED) if policy.retrieve_consolidated else (ACTIVE,)

    async def catch_up(self, persona: str, *, force: bool = False) -> None:
        state = self._personas.setdefault(persona, _Persona())
        if not force and time.monotonic() - state.checked_at < self.policy.refresh_s:
            return
        async with state.lock:
            if not force and time.monotonic() - state.checked_at < self.policy.refresh_s:
                return
            started = time.time()
            # The first read takes what serves; later ones every change (to drop the rows
            # that stopped serving).
            rows = await self.repo.changed_since(
                persona, state.synced_to, states=self._serving if state.synced_to == 0.0 else None
            )
            for row in rows:
                for trait in state.traits.values():
                    if row.id in trait.rows and trait is not state.traits.get(row.trait):
                        trait.drop(row.id)  # moved to another trait
                target = state.traits.setdefault(row.trait, _Trait())
                if row.state in self._serving:
                    target.put(row)
                else:
                    target.drop(row.id)
            state.synced_to = max(0.0, started - self._OVERLAP_S)
            state.checked_at = time.monotonic()

    def forget(self, persona: str | None = None) -> None:
        """Read ``persona`` (every persona) afresh at the next search."""
        if persona is None:
            self._personas.clear()
        else:
            self._personas.pop(persona, None)

    def size(self, persona: str, trait: str | None = None) -> int:
        state = self._personas.get(persona)
        if state is None:
            return 0
        traits = [state.traits.get(trait)] if trait is not None else list(state.traits.values())
        return sum(len(t.ids) for t in traits if t is not None)

    def search(
        self,
        persona: str,
        traits: Sequence[str],
        query: np.ndarray,
        everyday: float,
        *,
        exclude_prompts: frozenset[str] = frozenset(),
    ) -> list[Recalled]:
        """The turns of ``traits`` to remind ``persona`` of for the request whose prompt has
        unit vector ``query`` and cosine ``everyday`` with the nearest everyday question: the
        best ``max_turns`` at least ``min_similarity`` and ``everyday`` like it, within
        ``max_tokens``, an active turn before a consolidated one at equal similarity (the
        same question recorded twice: the one no layer holds is the one worth its tokens;
        a consolidated turn is not pushed further back, since it is retrieved exactly for
        the paraphrase its layer may miss, and the nearest turn is the likeliest to answer
        it). ``exclude_prompts``: prompts never to return (the auto-test's held-out
        questions, which memory must not answer from their own turn).
        """
        state = self._personas.get(persona)
        if state is None:
            return []
        floor = max(self.policy.min_similarity, everyday)
        found: list[tuple[float, MemoryRow]] = []
        for name in dict.fromkeys(traits):
            trait = state.traits.get(name)
            if trait is None or not trait.ids:
                continue
            matrix = trait.stacked()
            if matrix.shape[1] != query.shape[0]:
                continue  # vectors of another embedder's width
            sims = matrix @ query
            k = min(len(sims), 4 * self.policy.max_turns + len(exclude_prompts))
            top = np.argpartition(-sims, k - 1)[:k] if k < len(sims) else np.arange(len(sims))
            for i in top:
                if sims[i] >= floor:
                    found.append((float(sims[i]), trait.rows[trait.ids[i]]))
        found.sort(key=lambda pair: (-pair[0], pair[1].state != ACTIVE, pair[1].id))
        chosen: list[Recalled] = []
        replies: set[str] = set()
        budget = self.policy.max_tokens * 4
        for similarity, row in found:
            if row.prompt in exclude_prompts or row.reply in replies:
                continue
            size = len(row.prompt) + len(row.reply)
            if size > budget:
                continue
            budget -= size
            replies.add(row.reply)
            chosen.append(Recalled(row.id, row.trait, row.prompt, row.reply, similarity, row.state))
            if len(chosen) >= self.policy.max_turns:
                break
        return chosen
