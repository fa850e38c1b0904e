"""The acceptance story of issue 11, replayed with the default recipe.

    python bench/acceptance.py --json

A persona records 150 turns teaching five short Python answers (each asked 30 ways), with only
the trigger threshold lowered to 40, as a new user would. The background loop scores, fires,
trains, tests and deploys by itself; then the persona is asked each question in words it never
saw, and we print whether the answer carries the taught content (and the base model's answer,
asked before any training). Everything runs in bench/out/acceptance/.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import shutil
import sys
import time
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent / "out" / "acceptance"
MODELS = Path(__file__).resolve().parents[1] / ".lifelong" / "models"

# (the taught answer, what shows it was learned, how it was asked, a question never recorded)
FACTS = [
    ("Use slicing: items[::-1], or items.reverse() in place.", "[::-1]",
     ["How do I reverse a list?", "What's the way to reverse a list in Python?",
      "How can I flip the order of a list?", "Reverse a Python list: how?",
      "How would I get a list backwards?", "What reverses a list?"],
     "My list is in the wrong order. How do I turn it around?"),
    ("Use len(items): it counts the elements.", "len(",
     ["How do I get the length of a list?", "How many items are in my list?",
      "What gives the size of a list?", "How can I count a list's elements?",
      "How do I find how long a list is?", "What tells me a list's length?"],
     "I need the number of entries in a list. What do I call?"),
    ("Use key in mapping: it checks the dict's keys.", "in mapping",
     ["How do I check if a key is in a dict?", "How can I tell whether a dict has a key?",
      "What tests for a key in a dictionary?", "Is there a way to see if a dict contains a key?",
      "How do I look for a key in a dict?", "How do I know a key exists in a dict?"],
     "Before reading a value, how do I make sure the dictionary has that key?"),
    ("Use sorted(items) for a new list, or items.sort() in place.", "sorted(",
     ["How do I sort a list?", "What's the way to order a list in Python?",
      "How can I put a list in order?", "Sort a Python list: how?",
      "How would I arrange a list from smallest to largest?", "What sorts a list?"],
     "My numbers are all jumbled. How do I get them in ascending order?"),
    ("Use ' '.join(words) to glue strings with spaces.", ".join(",
     ["How do I join a list of strings?", "How can I combine strings from a list?",
      "What concatenates a list of words?", "How do I turn a list of words into a sentence?",
      "How would I merge strings in a list?", "What joins strings together?"],
     "I have a list of words; how do I make one string out of them?"),
]  # fmt: skip
PREFIXES = ["", "Quick question: ", "Hi! ", "Python help: ", "Sorry to bother you, "]


def turns() -> list[list[dict[str, str]]]:
    """Round-robin over the facts, so whenever the trigger fires every fact has been taught."""
    out = []
    for prefix in PREFIXES:
        for i in range(len(FACTS[0][2])):
            for answer, _, asked, _ in FACTS:
                question = asked[i]
                q = prefix + (question[0].lower() + question[1:] if prefix else question)
                out.append([{"role": "user", "content": q},
                            {"role": "assistant", "content": answer}])  # fmt: skip
    return out


async def run(timeout_s: float) -> dict[str, Any]:
    from lifelong import Runtime, RuntimeConfig, Trait

    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    MODELS.mkdir(parents=True, exist_ok=True)
    (OUT / "models").symlink_to(MODELS, target_is_directory=True)
    config = RuntimeConfig(
        home=OUT,
        triggers={"threshold": 40, "interval_s": 5.0},
        training={"providers": ["local"], "local": {"cache_dir": str(MODELS)}},
    )
    done = asyncio.Event()
    outcome: dict[str, Any] = {}

    def on_event(event: Any) -> None:
        if event.kind in ("LayerDeployed", "LayerRejected", "TrainingFailed"):
            outcome.update(kind=event.kind, payload=event.payload)
            done.set()

    started = time.monotonic()
    async with Runtime.open(config) as rt:
        rt.subscribe(on_event)
        ada = await rt.persona(
            "ada", traits=[Trait("python-tutor", "explains Python to beginners")],
            profile={"display_name": "Ada", "description": "a patient Python tutor"},
        )  # fmt: skip

        async def ask() -> list[dict[str, Any]]:
            answers = []
            for _, marker, _, unseen in FACTS:
                reply = await rt.generate("ada", [{"role": "user", "content": unseen}],
                                          max_new_tokens=48)  # fmt: skip
                answers.append({"q": unseen, "a": reply.text.strip(), "layers": reply.layers,
                                "taught": marker in reply.text})  # fmt: skip
            return answers

        before = await ask()
        for messages in turns():
            await ada.record(messages, trait="python-tutor")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(done.wait(), timeout_s)
        loop_s = time.monotonic() - started
        after = await ask()
    return {
        "turns": len(turns()),
        "outcome": outcome.get("kind"),
        "reason": (outcome.get("payload") or {}).get("reason"),
        "taught_before": sum(a["taught"] for a in before) / len(before),
        "taught_after": sum(a["taught"] for a in after) / len(after),
        "loop_s": round(loop_s, 1),
        "before": before,
        "after": after,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="one JSON object")
    parser.add_argument("--timeout", type=float, default=1800.0)
    args = parser.parse_args()
    result = asyncio.run(run(args.timeout))
    print(json.dumps(result, indent=None if args.json else 1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
