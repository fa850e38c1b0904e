"""The scoring worker: scores and routes new interactions in batches, off the hot path."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping, Sequence
from typing import Any

from lifelong._model_thread import BACKGROUND, check_cancelled, in_model_thread
from lifelong.learning.memory import MemoryPolicy, entry_for
from lifelong.learning.routing import GENERAL, Route, TraitRouter
from lifelong.learning.scoring import PromptVectorScorer, ScoreComponents, ScoreInput, Scorer
from lifelong.learning.scrub import Scrubber
from lifelong.persona.profile import profile_text
from lifelong.storage.repos import PersonaRepo, RoutingProfile, ScoringRepo, TraitProfileRepo
from lifelong.storage.repos.memory import MemoryEntry

__all__ = ["ScoringWorker"]

log = logging.getLogger("lifelong.learning.scoring")

# Interactions scored per piece: between two, a reply waiting for the model thread goes first.
_PIECE = 8


class ScoringWorker:
    """One pass (:meth:`run_once`) scores up to ``batch_size`` unscored interactions.

    Re-scoring is idempotent: the score depends only on the interaction, its persona, its
    feedback and the next turn of its conversation. When a later turn of a conversation arrives,
    the earlier turn is re-queued, because the user's reply is the correction signal.

    It also keeps the routing profiles (``profiles``, by default on the scoring repo's
    database): the prompt of a turn the caller labelled with a trait, or that routing placed
    with confidence, joins that trait's profile when the turn is first scored; unlabelled turns
    are routed by those profiles as well as by the trait descriptions.
    """

    def __init__(
        self,
        scoring: ScoringRepo,
        personas: PersonaRepo,
        scorer: Scorer,
        router: TraitRouter,
        *,
        batch_size: int = 256,
        profiles: TraitProfileRepo | None = None,
        memory: MemoryPolicy | None = None,
        scrub_learned: bool = True,
    ) -> None:
        self.scoring = scoring
        self.personas = personas
        self.scorer = scorer
        self.router = router
        self.batch_size = batch_size
        self.profiles = profiles or TraitProfileRepo(scoring.db)
        # What memory keeps of each scored turn (None: memory is not kept at all).
        self.memory = memory
        self.scrub_learned = scrub_learned  # the scrubber's learned opinion on what memory keeps
        self._lock = asyncio.Lock()  # one pass at a time, whoever calls
        self._stopping = False

    def stop(self) -> None:
        """Make a running :meth:`drain` return after its current pass."""
        self._stopping = True

    async def run_once(self) -> int:
        async with self._lock:
            rows = await self.scoring.unscored(self.batch_size)
            if not rows:
                return 0
            names = {r["persona"] for r in rows}
            personas = {}
            for name in names:
                personas[name] = await self.personas.get(name)
            profiles = await self.profiles.for_personas(names)
            turns = await self.scoring.conversation_turns(
                {(r["persona"], r["conversation_id"]) for r in rows if r["conversation_id"]}
            )
            updates, requeue, memory = await in_model_thread(
                self._score, rows, personas, profiles, turns, priority=BACKGROUND
            )
            stored = await self.scoring.save(updates, requeue, memory)
            log.debug("scored %d interactions (%d re-queued)", stored, len(requeue))
            return stored

    async def drain(self, max_passes: int = 1_000) -> int:
        """Score until nothing is left (or ``max_passes``); returns how many were scored."""
        total = 0
        for _ in range(max_passes):
            if self._stopping:
                break
            done = await self.run_once()
            if done == 0:
                break
            total += done
        return total

    def _score(
        self,
        rows: list[dict[str, Any]],
        personas: Mapping[str, Any],
        profiles: Mapping[str, Mapping[str, RoutingProfile]],
        turns: Mapping[tuple[str, str], list[dict[str, Any]]],
    ) -> tuple[list[dict[str, Any]], list[str], list[MemoryEntry]]:
        """The pass's rows scored in pieces of ``_PIECE`` (each interaction's score is its
        own); between pieces a checkpoint lets waiting replies use the model thread.
        """
        updates: list[dict[str, Any]] = []
        requeue: list[str] = []
        memory: list[MemoryEntry] = []
        for start in range(0, len(rows), _PIECE):
            if start:
                check_cancelled()
            piece = self._score_piece(rows[start : start + _PIECE], personas, profiles, turns)
            updates += piece[0]
            requeue += piece[1]
            memory += piece[2]
        return updates, requeue, memory

    def _score_piece(
        self,
        rows: list[dict[str, Any]],
        personas: Mapping[str, Any],
        profiles: Mapping[str, Mapping[str, RoutingProfile]],
        turns: Mapping[tuple[str, str], list[dict[str, Any]]],
    ) -> tuple[list[dict[str, Any]], list[str], list[MemoryEntry]]:
        # Route first: the trait decides which description the reply must be consistent with.
        routes = self._route_unlabelled(rows, personas, profiles)
        check_cancelled()  # between the routing embeddings and the scoring ones
        inputs, requeue = [], []
        for row in rows:
            persona = personas.get(row["persona"])
            trait = routes[row["id"]].trait if row["id"] in routes else row["trait"]
            traits = persona.traits if persona else {}
            profile = persona.profile if persona else {}
            next_turn, previous = _neighbours(row, turns)
            if previous is not None and _needs_rescore(previous):
                requeue.append(previous["id"])
            inputs.append(
                ScoreInput(
                    interaction_id=row["id"],
                    prompt=_last(row["messages"], "user"),
                    reply=_last(row["messages"], "assistant"),
                    profile_text=profile_text(profile, traits.get(trait or "", "")),
                    next_user_turn=next_turn,
                    feedback_rating=row["feedback_rating"],
                    feedback_correction=row["feedback_correction"],
                )
            )
        teaching = [i for i, row in enumerate(rows) if _teaches_profile(row, routes.get(row["id"]))]
        wanted = range(len(rows)) if self.memory is not None else teaching
        scores, prompt_vectors = self._score_inputs(inputs, wanted)
        teaches = set(teaching)
        updates = []
        memory: list[MemoryEntry] = []
        scrub = Scrubber(learned=self.scrub_learned)
        for index, (row, score, vector) in enumerate(
            zip(rows, scores, prompt_vectors, strict=True)
        ):
            route = routes.get(row["id"])
            if self.memory is not None:
                memory.append(entry_for(
                    row, trait=(route.trait if route else row["trait"]) or GENERAL,
                    quality=score.quality, vector=vector, policy=self.memory, scrub=scrub,
                ))  # fmt: skip
            if index not in teaches:
                vector = None
            components = score.as_dict()
            if route is not None:
                components["routing"] = {
                    "trait": route.trait,
                    "cosine": round(route.cosine, 4),
                    "margin": round(route.margin, 4),
                    "confident": route.confident,
                }
            update = {
                "id": row["id"],
                "quality": score.quality,
                "components": components,
                "trait": route.trait if route else row["trait"],
                "trait_source": "routed" if route else row["trait_source"],
                "feedback_at": row["feedback_at"],
            }
            if vector is not None:
                update |= {"persona": row["persona"], "prompt_vector": vector}
            updates.append(update)
        return updates, requeue, memory

    def _route_unlabelled(
        self,
        rows: list[dict[str, Any]],
        personas: Mapping[str, Any],
        profiles: Mapping[str, Mapping[str, RoutingProfile]],
    ) -> dict[str, Route]:
        """Interaction id -> route, for the rows that came without a trait."""
        by_persona: dict[str, list[dict[str, Any]]] = {}
        for row in rows:
            if row["trait"] is None:
                by_persona.setdefault(row["persona"], []).append(row)
        routes: dict[str, Route] = {}
        for name, group in by_persona.items():
            traits = personas[name].traits if personas.get(name) else {}
            texts = [_conversation_text(r["messages"]) for r in group]
            decided = self.router.decide(texts, traits, profiles.get(name))
            for row, route in zip(group, decided, strict=True):
                routes[row["id"]] = route
        return routes

    def _score_inputs(
        self, inputs: list[ScoreInput], teaching: Sequence[int]
    ) -> tuple[list[ScoreComponents], list[list[float] | None]]:
        """The scores, and the prompt vector of each input whose index is in ``teaching``
        (``None`` for the others).
        """
        if isinstance(self.scorer, PromptVectorScorer):
            scores, vectors = self.scorer.score_with_prompt_vectors(inputs)
            by_index = {i: vectors[i] for i in teaching}
        else:
            scores = self.scorer.score(inputs)
            # A scorer that keeps its vectors to itself: embed only the prompts that teach.
            prompts = [inputs[i].prompt for i in teaching]
            embedded: Any = self.router.embedder.encode(prompts) if prompts else []
            by_index = dict(zip(teaching, embedded, strict=True))
        return scores, [by_index[i].tolist() if i in by_index else None for i in range(len(inputs))]


def _teaches_profile(row: dict[str, Any], route: Route | None) -> bool:
    """Whether this turn's prompt joins its trait's routing profile: when the caller named the
    trait (recorded or imported with one), or routing placed it with confidence. A loose route
    would teach the profile its own mistakes; ``general`` is never compared, so has none.
    """
    if route is not None:
        return route.confident
    return row["trait"] not in (None, GENERAL) and row["trait_source"] in ("caller", "import")


def _last(messages: list[dict[str, str]], role: str) -> str:
    for message in reversed(messages):
        if message["role"] == role:
            return message["content"]
    return ""


def _conversation_text(messages: list[dict[str, str]]) -> str:
    """What routing compares: the user's side (the topic), last turns first in weight."""
    users = [m["content"] for m in messages if m["role"] == "user"]
    return "\n".join(users[-3:])[-2000:]


def _neighbours(
    row: dict[str, Any], turns: Mapping[tuple[str, str], list[dict[str, Any]]]
) -> tuple[str | None, dict[str, Any] | None]:
    """The user's next turn after this reply (if recorded yet), and the previous turn's row."""
    if not row["conversation_id"]:
        return None, None
    sequence = turns.get((row["persona"], row["conversation_id"]), [])
    position = next((i for i, t in enumerate(sequence) if t["id"] == row["id"]), None)
    if position is None:
        return None, None
    previous = sequence[position - 1] if position > 0 else None
    if position + 1 >= len(sequence):
        return None, previous
    reply = _last(row["messages"], "assistant")
    following = sequence[position + 1]["messages"]
    # Chat systems often send the whole history: find our reply in it, take the user turn after.
    for i, message in enumerate(following):
        if message["role"] == "assistant" and message["content"] == reply:
            for later in following[i + 1 :]:
                if later["role"] == "user":
                    return later["content"], previous
    first_user = next((m["content"] for m in following if m["role"] == "user"), None)
    return first_user, previous


def _needs_rescore(previous: dict[str, Any]) -> bool:
    """A scored turn that had no next turn when it was scored: its correction signal is new."""
    components = previous.get("quality_components") or {}
    return (
        previous.get("scored_at") is not None
        and components.get("correction") is None
        and ("corrected through feedback" not in components.get("notes", []))
    )
