"""Embed lifelong in an async chat loop: stream answers from the persona's layers, record every
turn with the generation that produced it (so its rating counts for those layer versions),
pass on the user's thumbs up / down, and hear about deployments and rollbacks as they happen.

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
            print("ada: ", end="", flush=True)
            async for piece in ada.stream(question, max_new_tokens=40):
                if isinstance(piece, str):  # the reply as it is decoded
                    print(piece, end="", flush=True)
                else:  # the Generation: the whole reply and the layers that answered
                    print()
                    answer = {"role": "assistant", "content": piece.text.strip() or "..."}
                    last_turn = await ada.record([*question, answer], generation=piece)
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
