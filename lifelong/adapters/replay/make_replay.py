"""Generate replay_prompts.jsonl: general requests a layer rehearses while it learns a trait.

    python lifelong/adapters/replay/make_replay.py

Local training mixes in the base model's own answers to these prompts (self-distillation): the
layer is pulled back towards the base model wherever the persona's data says nothing, which is
what keeps it from forgetting general ability. The anchor set (anchor.jsonl) *judges*
forgetting, so the two must not share a prompt, and this set is deliberately of other kinds
(how-to, explanation, advice, code, writing, comparison) rather than more of the anchor's
templates. The text was written for this project; the output is deterministic.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent / "replay_prompts.jsonl"

HOW_TO = [
    "boil an egg so the yolk stays soft",
    "keep cut basil fresh for longer",
    "get a stubborn stain out of a cotton shirt",
    "start running if I have never exercised",
    "make my houseplants stop dropping leaves",
    "prepare for a job interview",
    "back up the photos on my phone",
    "fall asleep faster at night",
    "remember people's names after meeting them",
    "save money on groceries",
    "write a clear email subject line",
    "fix a squeaky door hinge",
    "plan a week of simple dinners",
    "learn the basics of touch typing",
    "pack a suitcase for a four-day trip",
    "apologise to a friend I upset",
]
EXPLAIN = [
    "why the sky looks blue",
    "how a vaccine trains the immune system",
    "what causes the seasons on Earth",
    "how a bicycle stays upright",
    "why bread rises",
    "what a recession is",
    "how tides work",
    "why leaves change colour in autumn",
    "how a refrigerator keeps food cold",
    "what makes a rainbow appear",
    "how noise-cancelling headphones work",
    "why we have time zones",
    "how a credit score works",
    "what an ecosystem is",
    "why ice floats on water",
    "how a search engine finds web pages",
]
CODE = [
    "How do I read a text file line by line in Python?",
    "What is the difference between a list and a tuple in Python?",
    "Write a Python function that checks whether a string is a palindrome.",
    "How do I sort a list of dictionaries by one key in Python?",
    "What does 'git commit' do?",
    "Explain what a for loop is to a beginner.",
    "How do I center a div horizontally in CSS?",
    "What is an API, in plain words?",
    "Write a SQL query that counts the rows in a table named orders.",
    "What is the difference between HTTP and HTTPS?",
    "How can I make a Python script accept a command-line argument?",
    "What is recursion? Give a tiny example.",
]
WRITE = [
    "Write a short poem about the first snow of winter.",
    "Write a two-sentence story about a robot that learns to paint.",
    "Give me three names for a neighbourhood bakery.",
    "Write a friendly message inviting my team to a Friday lunch.",
    "Draft a short note asking my landlord to fix the heating.",
    "Describe a calm beach at sunset in three sentences.",
    "Write a limerick about a forgetful cat.",
    "Suggest a catchy slogan for a bicycle repair shop.",
    "Write a short product description for a reusable water bottle.",
    "Give me an opening line for a mystery novel.",
    "Write a toast for my best friend's wedding in four sentences.",
    "Turn this into a polite request: 'Send me the report now.'",
]
ADVICE = [
    "What should I look for when buying a used car?",
    "How can I stay focused while working from home?",
    "What are some good habits for keeping a tidy desk?",
    "How do I choose a good watermelon at the shop?",
    "What is a healthy breakfast I can make in five minutes?",
    "How should I prepare for a long hike?",
    "What can I do on a rainy weekend with children?",
    "How do I make a small room feel bigger?",
    "Which questions should I ask before adopting a dog?",
    "How can I become more confident speaking in public?",
    "What should I do if my laptop gets water spilled on it?",
    "How often should I water a cactus?",
]
COMPARE = [
    "What is the difference between weather and climate?",
    "Compare tea and coffee in a few sentences.",
    "What is the difference between a virus and a bacterium?",
    "Is it better to rent or buy a home? Give both sides briefly.",
    "What is the difference between a lake and a pond?",
    "How is a crocodile different from an alligator?",
    "What separates a hurricane from a tornado?",
    "What is the difference between baking soda and baking powder?",
    "Compare trains and planes for a 500 km trip.",
    "What is the difference between a simile and an analogy?",
    "How does a debit card differ from a credit card?",
    "What is the difference between an ocean and a sea?",
]


def prompts() -> list[str]:
    return [
        *(f"How do I {task}?" for task in HOW_TO),
        *(f"Can you explain {topic}?" for topic in EXPLAIN),
        *CODE,
        *WRITE,
        *ADVICE,
        *COMPARE,
    ]


def main() -> int:
    lines = [json.dumps({"messages": [{"role": "user", "content": p}]}) for p in prompts()]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines)} prompts to {OUT}")  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
