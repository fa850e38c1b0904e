"""Trait routing: an interaction recorded without a trait goes to the most similar trait."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from lifelong.learning.embeddings import Embedder
from lifelong.persona.traits import GENERAL

__all__ = ["GENERAL", "TraitRouter"]


class TraitRouter:
    """Compares conversations with trait descriptions (MiniLM cosine).

    ``threshold`` is the least cosine that counts as a match; below it the interaction is
    routed to ``"general"``.
    """

    def __init__(self, embedder: Embedder, threshold: float = 0.15) -> None:
        self.embedder = embedder
        self.threshold = threshold

    def route(self, texts: Sequence[str], traits: Mapping[str, str]) -> list[tuple[str, float]]:
        """For each text, ``(trait name, cosine)``; ``("general", best cosine)`` if none fits.

        A trait is compared by its description, or by its name when it has none. MiniLM gives
        abstract descriptions modest cosines (0.15-0.4 for a clear match, near 0.1 for noise),
        hence the low default threshold.
        """
        if not texts:
            return []
        candidates = {
            n: (d.strip() or n.replace("-", " ").replace("_", " ")) for n, d in traits.items()
        }
        candidates.pop(GENERAL, None)
        if not candidates:
            return [(GENERAL, 0.0) for _ in texts]
        names = list(candidates)
        vectors = self.embedder.encode([*texts, *(candidates[n] for n in names)])
        sims = vectors[: len(texts)] @ vectors[len(texts) :].T
        best = np.argmax(sims, axis=1)
        routed = []
        for row, column in enumerate(best):
            cosine = float(sims[row, column])
            routed.append(
                (names[column], cosine) if cosine >= self.threshold else (GENERAL, cosine)
            )
        return routed
