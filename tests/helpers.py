"""Small helpers shared by the tests."""

from __future__ import annotations

from typing import Any


def turn(question: str = "How do I reverse a list?", answer: str = "Use items[::-1].") -> list:
    return [{"role": "user", "content": question}, {"role": "assistant", "content": answer}]


async def record_scored(
    rt: Any, persona: Any, pairs: list[tuple[str, str]], trait: str, quality: float = 0.9
) -> list[str]:
    """Record question/answer turns for ``trait`` and score them ``quality`` directly, so a
    test can build datasets without loading MiniLM.
    """
    from lifelong.storage import ScoringRepo

    ids = [await persona.record(turn(q, a), trait=trait) for q, a in pairs]
    await ScoringRepo(rt.db).save(
        [{"id": i, "quality": quality, "components": {}, "trait": trait,
          "trait_source": "caller", "feedback_at": None} for i in ids]
    )  # fmt: skip
    return ids
