"""Small helpers shared by the tests."""

from __future__ import annotations


def turn(question: str = "How do I reverse a list?", answer: str = "Use items[::-1].") -> list:
    return [{"role": "user", "content": question}, {"role": "assistant", "content": answer}]
