"""The learning benchmark's data: personas, their recorded turns and the held-out probes.

``bench/data/learning/<persona>.json`` is written by ``bench/data/make_learning.py`` (run it
again after editing the data there; never edit the JSON by hand). Each persona teaches a few
invented facts the base model cannot know, in a voice it does not use, so that after training
two questions have a clear answer on questions it never saw:

- recall: does the answer to a held-out paraphrase contain the fact (:func:`recall_hit`, every
  keyword group matched)?
- voice: does the answer carry the persona's marker (:func:`voice_hit`)?

``general_probes`` are unrelated everyday questions (with their own keyword groups) for checking
the persona did not forget general ability. Pure stdlib, so the generator and the tests can use
it without loading the runtime.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "DATA_DIR",
    "Fact",
    "GeneralProbe",
    "PersonaSpec",
    "Trait",
    "declare_persona",
    "general_hit",
    "keywords_hit",
    "load_personas",
    "markers_hit",
    "normalise",
    "recall_hit",
    "record_turns",
    "voice_hit",
]

DATA_DIR = Path(__file__).resolve().parent / "data" / "learning"

# Keyword groups: every group must match, any alternative of a group will do.
Keywords = tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class Trait:
    name: str
    description: str


@dataclass(frozen=True, slots=True)
class Fact:
    id: str
    trait: str
    teach_questions: tuple[str, ...]  # phrasings used in the recorded (training) turns
    answers: tuple[str, ...]  # good answers, each with the fact and the voice marker
    keywords: Keywords  # the rubric: see keywords_hit
    heldout_questions: tuple[str, ...]  # paraphrases that never appear in training


@dataclass(frozen=True, slots=True)
class GeneralProbe:
    question: str
    keywords: Keywords


@dataclass(frozen=True, slots=True)
class PersonaSpec:
    name: str
    holdout: bool  # never used while tuning the recipe: its figures show whether it generalises
    taught_by: str  # "turns", "corrections" or "ratings": how its recorded turns teach
    profile: dict[str, Any]  # display_name, description, tone
    voice_markers: tuple[str, ...]  # case-insensitive regexes, any of which counts
    traits: tuple[Trait, ...]
    facts: tuple[Fact, ...]
    # As recorded: {"trait", "messages": [{"role", "content"}...], "feedback": {...} | None}.
    turns: tuple[dict[str, Any], ...]
    general_probes: tuple[GeneralProbe, ...]
    # The small-data persona's bounds (turns per fact, turn and fact counts, ratings): the
    # facts issue's case of a trait taught in a day; None for the personas of 100-200 turns.
    small: dict[str, Any] | None = None

    @property
    def system_prompt(self) -> str:
        """The runtime's default system prompt, without its date line."""
        return f"You are {self.profile['display_name']}. {self.profile['description']}"

    def heldout(self) -> list[tuple[Fact, str]]:
        """Every (fact, held-out question), in file order."""
        return [(fact, q) for fact in self.facts for q in fact.heldout_questions]


def normalise(text: str) -> str:
    """Lower case, punctuation stripped, whitespace collapsed: how questions are compared."""
    return " ".join(re.sub(r"[^\w\s]", "", text.lower()).split())


def keywords_hit(text: str, keywords: Sequence[Sequence[str]]) -> bool:
    """True if ``text`` contains (case-insensitive substring) an alternative of every group."""
    lowered = text.lower()
    return all(any(alt.lower() in lowered for alt in group) for group in keywords)


def markers_hit(text: str, markers: Sequence[str]) -> bool:
    return any(re.search(marker, text, re.IGNORECASE) for marker in markers)


def recall_hit(answer: str, fact: Fact) -> bool:
    """True if the answer states the fact: one alternative of every keyword group."""
    return keywords_hit(answer, fact.keywords)


def voice_hit(answer: str, persona: PersonaSpec) -> bool:
    """True if the answer carries one of the persona's voice markers."""
    return markers_hit(answer, persona.voice_markers)


def general_hit(answer: str, probe: GeneralProbe) -> bool:
    return keywords_hit(answer, probe.keywords)


def _keywords(raw: Sequence[Sequence[str]]) -> Keywords:
    return tuple(tuple(group) for group in raw)


def _persona(data: dict[str, Any]) -> PersonaSpec:
    return PersonaSpec(
        name=data["name"],
        holdout=bool(data["holdout"]),
        taught_by=data["taught_by"],
        profile=dict(data["profile"]),
        voice_markers=tuple(data["voice"]["markers"]),
        traits=tuple(Trait(t["name"], t["description"]) for t in data["traits"]),
        facts=tuple(
            Fact(
                id=f["id"],
                trait=f["trait"],
                teach_questions=tuple(f["teach_questions"]),
                answers=tuple(f["answers"]),
                keywords=_keywords(f["keywords"]),
                heldout_questions=tuple(f["heldout_questions"]),
            )
            for f in data["facts"]
        ),
        turns=tuple(data["turns"]),
        general_probes=tuple(
            GeneralProbe(p["question"], _keywords(p["keywords"])) for p in data["general_probes"]
        ),
        small=data.get("small"),
    )


def load_personas(
    include_holdout: bool = True, data_dir: str | Path = DATA_DIR
) -> list[PersonaSpec]:
    """Every persona in ``data_dir``, sorted by name; without the holdout one if asked."""
    personas = [
        _persona(json.loads(path.read_text(encoding="utf-8")))
        for path in sorted(Path(data_dir).glob("*.json"))
    ]
    return [p for p in personas if include_holdout or not p.holdout]


async def declare_persona(rt: Any, persona: PersonaSpec) -> Any:
    """The persona with its traits and profile, declared on runtime ``rt``; its handle."""
    from lifelong import Trait

    return await rt.persona(
        persona.name, traits=[Trait(t.name, t.description) for t in persona.traits],
        profile=persona.profile,
    )  # fmt: skip


async def record_turns(handle: Any, persona: PersonaSpec) -> None:
    """Every turn of ``persona`` through ``record``, with its ratings and corrections through
    ``feedback``, as a chat system would.
    """
    for turn in persona.turns:
        interaction = await handle.record(turn["messages"], trait=turn["trait"])
        feedback = turn.get("feedback") or {}
        if feedback:
            await handle.feedback(
                interaction, rating=feedback.get("rating"), correction=feedback.get("correction")
            )
