"""Embed lifelong in an async chat loop: answer with the persona's layers, record every turn,
pass on the user's thumbs up / down, and hear about deployments as they happen.

python examples/chat_loop.py HOME [BASE_MODEL_FOLDER]

Without a base model folder the packaged SmolLM2-135M-Instruct answers (converted once).
Type lines to chat (an empty line or end of input stops); "+" or "-" rates the last answer.
"""

from __future__ import annotations

import asyncio
import sys

from lifelong import LifelongEvent, Runtime, RuntimeConfig, Trait
from lifelong.events import LayerDeployed, LayerRolledBack, TrainingFailed


def announce(event: LifelongEvent) -> None:
    """A subscriber: called on the event loop right after the event is stored."""
    if isinstance(event, LayerDeployed):
        print(f"[lifelong] {event.trait} v{event.version} deployed: {event.reason}")
    elif isinstance(event, LayerRolledBack):
        print(f"[lifelong] {event.trait} rolled back to {event.to_version or 'the base model'}")
    elif isinstance(event, TrainingFailed):
        print(f"[lifelong] training {event.trait} failed: {event.message}")


async def chat(home: str, base_model: str | None, lines: list[str]) -> None:
    config = RuntimeConfig.load(home=home, training={"base_model": base_model})
    async with Runtime.open(config) as rt:
        rt.subscribe(announce, kinds=[LayerDeployed, LayerRolledBack, TrainingFailed])
        ada = await rt.persona(
            "ada",
            traits=[Trait("python-tutor", "explains Python to beginners with short examples")],
            profile={"display_name": "Ada", "description": "a patient Python tutor"},
        )
        last_turn: str | None = None
        for line in lines:
            if line in ("+", "-") and last_turn is not None:
                await ada.feedback(last_turn, rating=1.0 if line == "+" else 0.0)
                print("thanks for the feedback")
                continue
            question = [{"role": "user", "content": line}]
            reply = await ada.generate(question, max_new_tokens=40)
            print(f"ada: {reply.text.strip()}")
            last_turn = await ada.record(
                [*question, {"role": "assistant", "content": reply.text.strip() or "..."}]
            )
        print(f"ada has {await rt.count_interactions('ada')} recorded turns")


def _stdin_lines() -> list[str]:
    lines = []
    for line in sys.stdin:
        if not line.strip():
            break
        lines.append(line.strip())
    return lines


if __name__ == "__main__":
    asyncio.run(chat(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None, _stdin_lines()))
