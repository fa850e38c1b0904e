"""Routing alone, on the learning benchmark's personas: held-out questions to their trait,
everyday probes to ``general``.

    python bench/routing.py --json

Each persona's turns are recorded and scored by a real runtime (a temporary home), so its
traits' routing profiles are the ones the scoring worker stores. The router is the runtime's
(:class:`lifelong.learning.routing.TraitRouter` with the runtime's everyday questions: the
anchor set's and the replay prompts'), against the same router with the anchor set's alone
(the baseline, measured in the same run). MiniLM only: a minute or two on a CPU.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.learning_data import PersonaSpec, declare_persona, load_personas, record_turns


async def profiles_of(persona: PersonaSpec, embedder: Any) -> dict[str, Any]:
    """The routing profiles the runtime builds from ``persona``'s recorded turns."""
    from lifelong import Runtime, RuntimeConfig
    from lifelong.storage import TraitProfileRepo

    with tempfile.TemporaryDirectory() as home:
        config = RuntimeConfig(home=Path(home), background=False)
        async with Runtime.open(config, embedder=embedder) as rt:
            await record_turns(await declare_persona(rt, persona), persona)
            await rt.score_pending()
            return await TraitProfileRepo(rt._repos.db).get(persona.name)


def measure(persona: PersonaSpec, router: Any, profiles: dict[str, Any]) -> dict[str, Any]:
    traits = {t.name: t.description for t in persona.traits}
    held = persona.heldout()
    routes = router.route([q for _, q in held], traits, profiles)
    probes = persona.general_probes
    general = router.route([p.question for p in probes], traits, profiles)
    return {
        "trait_right": sum(r == f.trait for (f, _), (r, _) in zip(held, routes, strict=True)),
        "trait_questions": len(held),
        "general_kept": sum(r == "general" for r, _ in general),
        "general_probes": len(probes),
        "general_misrouted": [
            p.question for p, (r, _) in zip(probes, general, strict=True) if r != "general"
        ],
    }


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()

    from lifelong.learning.embeddings import MiniLMEmbedder
    from lifelong.learning.routing import TraitRouter, anchor_questions
    from lifelong.runtime.runtime import everyday_questions

    embedder = MiniLMEmbedder()
    routers = {
        "default": TraitRouter(embedder, general_examples=everyday_questions()),
        "baseline_anchor_only": TraitRouter(embedder, general_examples=anchor_questions()),
    }
    probes = {p.question for persona in load_personas() for p in persona.general_probes}
    overlap = sorted(probes & set(everyday_questions()))
    results: dict[str, Any] = {"probes_in_everyday_pool": overlap, "personas": {}}
    totals = {name: {"trait_right": 0, "trait_questions": 0, "general_kept": 0,
                     "general_probes": 0} for name in routers}  # fmt: skip
    for persona in load_personas():
        profiles = await profiles_of(persona, embedder)
        row = {}
        for name, router in routers.items():
            row[name] = measure(persona, router, profiles)
            for key in totals[name]:
                totals[name][key] += row[name][key]
        results["personas"][persona.name] = {"holdout": persona.holdout, **row}
    results["totals"] = totals
    if args.json:
        print(json.dumps(results))
    else:
        for name, total in totals.items():
            print(f"{name}: trait {total['trait_right']}/{total['trait_questions']}, "
                  f"general {total['general_kept']}/{total['general_probes']}")  # fmt: skip
    return 1 if overlap else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
