"""Quality scoring: a score in [0, 1] per interaction, with every component kept.

Components (each in [0, 1], or ``None`` when there is no signal, in which case its weight is
shared out among the others):

- ``relevance``: cosine of the user's question and the reply (MiniLM), mapped to [0, 1].
- ``consistency``: cosine of the reply and the persona's profile / trait description.
- ``correction``: 0 when the user's next turn says the reply was wrong, or rewrites it, or the
  user sent a correction through ``persona.feedback``; 1 when a next turn exists and does not.
- ``feedback``: the explicit rating from ``persona.feedback``.
- ``degeneration``: 1 for a healthy reply, lower for empty, looping, truncated or refusal text.

A trivial exchange (no words on a side, a one-character reply, two characters each way; see
:func:`~lifelong.learning.signals.triviality`) scores at most 0.2 whatever the components say:
it would teach a layer nothing, and MiniLM finds ``"a"`` and ``"b"`` alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol, runtime_checkable

import numpy as np

from lifelong.learning.embeddings import Embedder
from lifelong.learning.signals import degeneration, looks_like_correction, triviality

__all__ = [
    "CompositeScorer",
    "PromptVectorScorer",
    "ScoreComponents",
    "ScoreInput",
    "ScoreWeights",
    "Scorer",
]


@dataclass(frozen=True, slots=True)
class ScoreInput:
    """What the scorer needs to know about one interaction."""

    interaction_id: str
    prompt: str  # the last user message before the reply
    reply: str  # the persona's reply (last assistant message)
    profile_text: str = ""  # persona profile + trait description; "" when unknown
    next_user_turn: str | None = None  # the user's following turn, when it is known
    feedback_rating: float | None = None
    feedback_correction: str | None = None


@dataclass(frozen=True, slots=True)
class ScoreComponents:
    quality: float
    relevance: float | None
    consistency: float | None
    correction: float | None
    feedback: float | None
    degeneration: float
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class ScoreWeights:
    relevance: float = 0.30
    consistency: float = 0.10
    correction: float = 0.25
    feedback: float = 0.35
    degeneration: float = 0.20


class Scorer(Protocol):
    """Scores a batch of interactions. Pure: the same input gives the same components."""

    def score(self, batch: Sequence[ScoreInput]) -> list[ScoreComponents]:
        """One :class:`ScoreComponents` per input, in order. Blocking (call from a thread)."""
        ...


@runtime_checkable
class PromptVectorScorer(Scorer, Protocol):
    """A scorer that embeds each prompt anyway and hands the vectors back, so the routing
    profiles the scoring worker keeps cost no second embedding.
    """

    def score_with_prompt_vectors(
        self, batch: Sequence[ScoreInput]
    ) -> tuple[list[ScoreComponents], np.ndarray]:
        """:meth:`score`, and a ``(len(batch), dim)`` array: row i is ``batch[i].prompt``'s
        unit vector. Blocking.
        """
        ...


# MiniLM cosines: related question/answer pairs land around 0.3-0.8, unrelated near 0.
_COS_FLOOR, _COS_SPAN = 0.05, 0.45
# The most a trivial exchange scores: under any sensible training threshold.
_TRIVIAL_CAP = 0.2
# A next user turn this similar to the reply (and long) is the user rewriting the answer.
_REWRITE_COSINE = 0.8


def _unit(cosine: float) -> float:
    return float(np.clip((cosine - _COS_FLOOR) / _COS_SPAN, 0.0, 1.0))


class CompositeScorer:
    """The default scorer: the weighted mean of the components that have a signal.

    All texts of a batch are embedded in one call, which is where batching pays.
    """

    def __init__(self, embedder: Embedder, weights: ScoreWeights | None = None) -> None:
        self.embedder = embedder
        self.weights = weights or ScoreWeights()

    def score(self, batch: Sequence[ScoreInput]) -> list[ScoreComponents]:
        return self.score_with_prompt_vectors(batch)[0]

    def score_with_prompt_vectors(
        self, batch: Sequence[ScoreInput]
    ) -> tuple[list[ScoreComponents], np.ndarray]:
        if not batch:
            return [], np.zeros((0, 0), dtype=np.float32)
        texts: list[str] = []
        index: dict[str, int] = {}

        def slot(text: str) -> int:
            if text not in index:
                index[text] = len(texts)
                texts.append(text)
            return index[text]

        plan = [
            (
                slot(item.prompt),
                slot(item.reply),
                slot(item.profile_text) if item.profile_text.strip() else None,
                slot(item.next_user_turn) if item.next_user_turn else None,
            )
            for item in batch
        ]
        vectors = self.embedder.encode(texts)
        scores = [self._one(item, vectors, *ids) for item, ids in zip(batch, plan, strict=True)]
        return scores, vectors[[ids[0] for ids in plan]]

    def _one(
        self,
        item: ScoreInput,
        vectors: np.ndarray,
        prompt_i: int,
        reply_i: int,
        profile_i: int | None,
        next_i: int | None,
    ) -> ScoreComponents:
        notes: list[str] = []
        relevance = _unit(float(vectors[prompt_i] @ vectors[reply_i]))
        consistency = (
            _unit(float(vectors[profile_i] @ vectors[reply_i])) if profile_i is not None else None
        )
        correction: float | None = None
        if item.feedback_correction:
            correction = 0.0
            notes.append("corrected through feedback")
        elif item.next_user_turn is not None and next_i is not None:
            rewrite = (
                len(item.next_user_turn) >= 40
                and float(vectors[next_i] @ vectors[reply_i]) >= _REWRITE_COSINE
            )
            if looks_like_correction(item.next_user_turn) or rewrite:
                correction = 0.0
                notes.append("user rewrote the reply" if rewrite else "user corrected the reply")
            else:
                correction = 1.0
        degen, reasons = degeneration(item.reply)
        notes.extend(reasons)
        feedback = item.feedback_rating
        parts = {
            "relevance": relevance,
            "consistency": consistency,
            "correction": correction,
            "feedback": feedback,
            "degeneration": degen,
        }
        total = sum(getattr(self.weights, k) for k, v in parts.items() if v is not None)
        quality = (
            sum(getattr(self.weights, k) * v for k, v in parts.items() if v is not None) / total
            if total > 0
            else 0.0
        )
        # A degenerate reply is never good, whatever else says so; nor a trivial exchange.
        quality = min(quality, 0.25 + 0.75 * degen)
        trivial = triviality(item.prompt, item.reply)
        if trivial:
            quality = min(quality, _TRIVIAL_CAP)
            notes.extend(trivial)
        return ScoreComponents(
            quality=round(float(quality), 6),
            relevance=round(relevance, 6),
            consistency=None if consistency is None else round(consistency, 6),
            correction=correction,
            feedback=feedback,
            degeneration=round(degen, 6),
            notes=notes,
        )
