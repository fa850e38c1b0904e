"""Trait routing: a conversation goes to the trait it is most like, or to ``general``.

A trait is compared by the better of two MiniLM cosines: with its description (or its name when
it has none), and, once it has seen a few prompts, with its routing profile: the prompt it has
been asked that is nearest the question (its *exemplars*, a sample of the user prompts of its
interactions; :class:`lifelong.storage.RoutingProfile`), or, for a profile stored before
exemplars, the mean of those prompts. Descriptions are short and abstract ("club matters"), so
a concrete question often resembles none of them; what a trait has actually been asked is a
far better guide. The nearest prompt beats the mean when a trait is asked about several
things (a bakery's shop trait: opening hours, gluten-free days, the day-old basket): a
question about one of them is close to its own prompts but far from their average. On the
learning benchmark's held-out paraphrases the nearest prompt routed 0.95-1.0 of them right on
every sweep persona, the mean 0.81-0.95.

``general`` competes too, against a trait that has a profile: everyday questions (the anchor
set's by default; the runtime adds the training replay's prompts) are one more candidate,
compared the same way as the trait (nearest question against exemplars, centroid against a
mean), and a text at least as close to them as to its best trait goes to ``general``.
(Against a description alone it would win too often: descriptions are abstract, their
cosines modest.) Without it, "What colour do you get by mixing blue and yellow?" cleared the
threshold for a bakery's bread trait and was answered in the bakery's voice, wrongly; with
it, the learning benchmark's everyday questions stayed general (0.3 -> 0.9 of them on
average) while its held-out trait questions routed as before
(``lifelong.runtime.runtime.everyday_questions`` says what the replay's prompts add).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from lifelong.learning.embeddings import Embedder
from lifelong.persona.traits import GENERAL
from lifelong.storage.repos.routing import EXEMPLARS, RoutingProfile

__all__ = ["GENERAL", "Route", "TraitRouter", "anchor_questions"]


@dataclass(frozen=True, slots=True)
class Route:
    """Where one text goes, and how sure routing is of it."""

    trait: str  # the best trait, or "general" when its cosine is below the threshold
    cosine: float  # the best trait's cosine (also when it fell below the threshold)
    margin: float  # the best trait's lead over the runner-up (its cosine when it has no rival)
    confident: bool  # sure enough to teach the trait's routing profile


def anchor_questions() -> list[str]:
    """The anchor set's questions: the everyday questions a router compares by default."""
    from lifelong.learning.anchor import load_anchor_set

    return [ex["messages"][0]["content"] for ex in load_anchor_set()]


class TraitRouter:
    """Compares conversations with traits (MiniLM cosine), by description and by profile.

    ``threshold`` is the least cosine that counts as a match; below it the interaction is
    routed to ``"general"``. A route is *confident* (its prompt may join the trait's profile)
    when its cosine reaches ``confident_cosine`` (``confident_nearest`` when it is a nearest
    exemplar's) and leads the runner-up by ``confident_margin``:
    a loose match that taught the profile would pull it towards whatever was misrouted.
    A profile counts once it holds ``min_profile_count`` prompts: the mean of one or two is
    the prompts themselves, not the trait.
    """

    def __init__(
        self,
        embedder: Embedder,
        threshold: float = 0.15,
        *,
        confident_cosine: float = 0.5,
        confident_nearest: float = 0.65,
        confident_margin: float = 0.1,
        min_profile_count: int = 3,
        general_examples: Sequence[str] | None = None,
    ) -> None:
        """``general_examples``: everyday questions that compete as ``general`` (None: the
        anchor set's questions; empty: no competitor, the threshold alone).
        """
        self.embedder = embedder
        self.threshold = threshold
        self._general_examples = general_examples
        self._general: np.ndarray | None = None
        self._general_centroid: np.ndarray | None = None  # their unit centroid
        self.confident_cosine = confident_cosine
        self.confident_nearest = confident_nearest
        self.confident_margin = confident_margin
        self.min_profile_count = min_profile_count

    def route(
        self,
        texts: Sequence[str],
        traits: Mapping[str, str],
        profiles: Mapping[str, RoutingProfile] | None = None,
    ) -> list[tuple[str, float]]:
        """For each text, ``(trait name, cosine)``; ``("general", best cosine)`` if none fits.

        MiniLM gives abstract descriptions modest cosines (0.15-0.4 for a clear match, near 0.1
        for noise), hence the low default threshold. Profiles give a clear match 0.35-0.7 by
        their mean, 0.6-1.0 by their nearest exemplar.
        """
        return [(r.trait, r.cosine) for r in self.decide(texts, traits, profiles)]

    def decide(
        self,
        texts: Sequence[str],
        traits: Mapping[str, str],
        profiles: Mapping[str, RoutingProfile] | None = None,
    ) -> list[Route]:
        """For each text, its :class:`Route` among ``traits`` (name -> description), using
        ``profiles`` (trait -> profile) where a trait has one with enough prompts. Blocking.
        """
        if not any(name != GENERAL for name in traits):
            return [Route(GENERAL, 0.0, 0.0, False) for _ in texts]  # nothing to embed for
        return self.decide_with_vectors(texts, traits, profiles)[0]

    def decide_with_vectors(
        self,
        texts: Sequence[str],
        traits: Mapping[str, str],
        profiles: Mapping[str, RoutingProfile] | None = None,
    ) -> tuple[list[Route], np.ndarray, np.ndarray]:
        """:meth:`decide`, and what memory retrieval needs of the same embedding: each text's
        unit vector and its cosine with the nearest everyday question (-inf without them).
        """
        if not texts:
            return [], np.zeros((0, 0), dtype=np.float32), np.zeros(0, dtype=np.float32)
        candidates = {
            n: (d.strip() or n.replace("-", " ").replace("_", " ")) for n, d in traits.items()
        }
        candidates.pop(GENERAL, None)
        names = list(candidates)
        vectors = self.embedder.encode([*texts, *(candidates[n] for n in names)])
        asked, described = vectors[: len(texts)], vectors[len(texts) :]
        general = self._general_vectors(asked.shape[1])
        everyday = (
            (asked @ general.T).max(axis=1)
            if general is not None and len(general)
            else np.full(len(texts), -np.inf, dtype=np.float32)
        )
        if not candidates:
            return [Route(GENERAL, 0.0, 0.0, False) for _ in texts], asked, everyday
        return self._decide(asked, described, names, profiles), asked, everyday

    def _decide(
        self,
        asked: np.ndarray,
        described: np.ndarray,
        names: list[str],
        profiles: Mapping[str, RoutingProfile] | None,
    ) -> list[Route]:
        by_profile, nearest = self._profile_cosines(asked, names, profiles)
        sims = np.maximum(asked @ described.T, by_profile)
        general = self._general_vectors(asked.shape[1])
        if general is not None:
            general_mean = asked @ self._general_centroid
            general_nearest = (asked @ general.T).max(axis=1)
        else:
            general_mean = general_nearest = np.full(len(asked), -np.inf)
        profiled = np.isfinite(by_profile[0]) if len(by_profile) else np.zeros(0, dtype=bool)
        return [
            self._decide_row(row, names, (float(gm), float(gn)), profiled, nearest)
            for row, gm, gn in zip(sims, general_mean, general_nearest, strict=True)
        ]

    def _general_vectors(self, width: int) -> np.ndarray | None:
        """The unit vectors of the everyday questions, embedded once."""
        if self._general is None:
            examples = self._general_examples
            if examples is None:
                examples = anchor_questions()
            self._general = (
                self.embedder.encode(list(examples)).astype(np.float32)
                if examples
                else np.zeros((0, 0), dtype=np.float32)
            )
            if len(self._general):
                centroid = self._general.mean(axis=0)
                self._general_centroid = centroid / np.linalg.norm(centroid)
        return self._general if self._general.shape[1:] == (width,) else None

    def _profile_cosines(
        self,
        asked: np.ndarray,
        names: list[str],
        profiles: Mapping[str, RoutingProfile] | None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Cosines of each text with each trait's profile: its nearest exemplar, or (a profile
        without exemplars) its centroid; -inf where a trait has no usable profile (too few
        prompts, or vectors of another embedder's width). Also, per trait, whether the
        cosine is a nearest exemplar's.
        """
        cosines = np.full((len(asked), len(names)), -np.inf, dtype=np.float32)
        nearest = np.zeros(len(names), dtype=bool)
        width = asked.shape[1]
        for column, name in enumerate(names):
            profile = profiles.get(name) if profiles else None
            if profile is None or profile.count < self.min_profile_count:
                continue
            exemplars = profile.vectors(width)
            # Only a sample that speaks for the whole profile: all of its prompts, or a full
            # reservoir (a profile from before exemplars routes by its mean until then).
            if exemplars is not None and len(exemplars) >= min(profile.count, EXEMPLARS):
                cosines[:, column] = (asked @ exemplars.T).max(axis=1)
                nearest[column] = True
                continue
            centroid = self._unit_centroid(profile, width)
            if centroid is not None:
                cosines[:, column] = asked @ centroid
        return cosines, nearest

    def _unit_centroid(self, profile: RoutingProfile | None, width: int) -> np.ndarray | None:
        if profile is None or profile.count < self.min_profile_count:
            return None
        centroid = np.asarray(profile.centroid, dtype=np.float32)
        norm = float(np.linalg.norm(centroid))
        if centroid.shape != (width,) or norm == 0.0:
            return None
        # The mean of unit vectors is shorter than one; the cosine is with its direction.
        return centroid / norm

    def _decide_row(
        self,
        row: np.ndarray,
        names: list[str],
        general: tuple[float, float],
        profiled: np.ndarray,
        nearest: np.ndarray,
    ) -> Route:
        order = np.argsort(-row, kind="stable")  # on a tie, the first declared trait wins
        best = float(row[order[0]])
        runner_up = float(row[order[1]]) if len(order) > 1 else 0.0
        margin = best - runner_up
        # Everyday questions compete the way the best trait was measured: nearest question
        # against nearest exemplar, centroid against centroid.
        everyday = general[1] if nearest[order[0]] else general[0]
        if best < self.threshold or (profiled[order[0]] and everyday >= best):
            return Route(GENERAL, best, margin, False)
        # A nearest prompt is closer than a mean ever is (a clear match: 0.8-1.0 against
        # 0.5-0.7), so it must clear a higher bar to count as sure.
        bar = self.confident_nearest if nearest[order[0]] else self.confident_cosine
        confident = best >= bar and margin >= self.confident_margin
        return Route(names[order[0]], best, margin, confident)
