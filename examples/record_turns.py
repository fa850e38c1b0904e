"""Embed lifelong in a chat loop: record every turn, attach feedback when the user gives it.

python examples/record_turns.py [HOME]
"""

from __future__ import annotations

import asyncio
import sys

from lifelong import Runtime, RuntimeConfig, Trait


async def main(home: str) -> None:
    async with Runtime.open(RuntimeConfig(home=home)) as rt:
        ada = await rt.persona(
            "ada",
            traits=[Trait("python-tutor", "explains Python to beginners with short examples")],
            profile={"display_name": "Ada", "tone": "patient"},
        )
        for question, answer in [
            ("How do I reverse a list?", "Use items[::-1] or items.reverse()."),
            ("What is a dict?", "A mapping from keys to values, like {'a': 1}."),
        ]:
            messages = [
                {"role": "user", "content": question},
                {"role": "assistant", "content": answer},
            ]
            interaction_id = await ada.record(messages, trait="python-tutor")
            print(f"recorded {interaction_id}")
        await ada.feedback(interaction_id, rating=0.9)
        print(f"ada has {await rt.count_interactions('ada')} interactions")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1] if len(sys.argv) > 1 else ".lifelong-example"))
