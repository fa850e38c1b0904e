"""Generate anchor.jsonl: neutral general-knowledge chat examples, the forgetting guard.

    python lifelong/learning/anchor/make_anchor.py

A layer trained on one persona's trait should not lose the base model's plain, general
abilities; these examples (arithmetic, simple definitions, everyday facts, short writing tasks,
in a plain assistant voice with no persona style) measure or rehearse that. The text was written
for this project. The output is deterministic: same seed, same bytes.
"""

from __future__ import annotations

import json
import random
import sys
from collections.abc import Callable
from pathlib import Path

SEED = 4242
OUT = Path(__file__).resolve().parent / "anchor.jsonl"

Pair = tuple[str, str]


def _sum(rng: random.Random) -> Pair:
    a, b = rng.randint(12, 89), rng.randint(12, 89)
    return f"What is {a} plus {b}?", f"{a} plus {b} is {a + b}."


def _difference(rng: random.Random) -> Pair:
    a, b = rng.randint(50, 99), rng.randint(11, 49)
    return f"What is {a} minus {b}?", f"{a} minus {b} is {a - b}."


def _product(rng: random.Random) -> Pair:
    a, b = rng.randint(3, 12), rng.randint(3, 12)
    return f"What is {a} times {b}?", f"{a} times {b} is {a * b}."


def _quotient(rng: random.Random) -> Pair:
    b, q = rng.randint(3, 9), rng.randint(4, 12)
    return f"What is {b * q} divided by {b}?", f"{b * q} divided by {b} is {q}."


def _percent(rng: random.Random) -> Pair:
    p = rng.choice((10, 20, 25, 50))
    n = rng.choice((40, 80, 120, 200, 360))
    return f"What is {p}% of {n}?", f"{p}% of {n} is {n * p // 100}."


def _minutes(rng: random.Random) -> Pair:
    h = rng.randint(2, 9)
    return f"How many minutes are in {h} hours?", f"There are {h * 60} minutes in {h} hours."


def _left_over(rng: random.Random) -> Pair:
    thing = rng.choice(("apples", "pencils", "stickers", "cookies"))
    a, b = rng.randint(9, 20), rng.randint(2, 8)
    return (
        f"I had {a} {thing} and gave away {b}. How many do I have left?",
        f"You have {a - b} {thing} left, because {a} minus {b} is {a - b}.",
    )


def _share(rng: random.Random) -> Pair:
    people = rng.randint(3, 6)
    each = rng.randint(2, 7)
    total = people * each
    return (
        f"If {total} sweets are shared equally among {people} children, how many does each get?",
        f"Each child gets {each} sweets, since {total} divided by {people} is {each}.",
    )


def _price(rng: random.Random) -> Pair:
    n = rng.randint(3, 7)
    cost = rng.choice((2, 3, 4, 5))
    return (
        f"A notebook costs ${cost}. How much do {n} notebooks cost?",
        f"{n} notebooks cost ${n * cost}, because {n} times {cost} is {n * cost}.",
    )


def _rectangle(rng: random.Random) -> Pair:
    w, h = rng.randint(3, 9), rng.randint(3, 9)
    return (
        f"What is the area of a rectangle {w} cm wide and {h} cm long?",
        f"The area is {w * h} square centimetres, because {w} times {h} is {w * h}.",
    )


ARITHMETIC: tuple[Callable[[random.Random], Pair], ...] = (
    _sum, _difference, _product, _quotient, _percent, _minutes, _left_over, _share, _price,
    _rectangle,
)  # fmt: skip

DEFINITION_QUESTIONS = (
    "What is {x}?",
    "Can you define {x} in simple words?",
    "What does the term '{term}' mean?",
    "Explain briefly what {x} is.",
)

DEFINITIONS = {
    "a noun": "A noun is a word that names a person, place, thing or idea, such as 'teacher', "
    "'city' or 'happiness'.",
    "a verb": "A verb is a word that describes an action or a state, such as 'run', 'think' or "
    "'be'.",
    "an adjective": "An adjective is a word that describes a noun, such as 'tall', 'blue' or "
    "'quiet'.",
    "a prime number": "A prime number is a whole number greater than 1 that can only be divided "
    "evenly by 1 and itself, like 2, 3, 5 and 7.",
    "photosynthesis": "Photosynthesis is the process plants use to turn sunlight, water and "
    "carbon dioxide into sugar for energy, releasing oxygen as a by-product.",
    "evaporation": "Evaporation is when a liquid turns into a gas, like water slowly drying up "
    "from a puddle on a warm day.",
    "a synonym": "A synonym is a word that means the same or nearly the same as another word, "
    "like 'big' and 'large'.",
    "a metaphor": "A metaphor describes something by saying it is something else, as in 'time is "
    "money', to suggest a likeness without using 'like' or 'as'.",
    "gravity": "Gravity is the force that pulls objects toward each other; on Earth it is what "
    "makes things fall to the ground.",
    "a budget": "A budget is a plan for how much money you expect to earn and spend over a "
    "period of time.",
}

FACTS = (
    ("How many days are in a leap year?", "A leap year has 366 days."),
    ("What is the capital of France?", "The capital of France is Paris."),
    ("How many legs does a spider have?", "A spider has eight legs."),
    ("What is the largest planet in our solar system?", "Jupiter is the largest planet."),
    ("What colour do you get by mixing blue and yellow?", "Mixing blue and yellow gives green."),
    (
        "At what temperature does water freeze?",
        "Water freezes at 0 degrees Celsius, which is 32 degrees Fahrenheit.",
    ),
    ("How many hours are in a day?", "There are 24 hours in a day."),
    (
        "What gas do plants take in from the air?",
        "Plants take in carbon dioxide and give off oxygen.",
    ),
    ("How many sides does a hexagon have?", "A hexagon has six sides."),
    ("Which month comes after April?", "May comes after April."),
    ("How many continents are there?", "By the most common count, there are seven continents."),
    ("What is the opposite of 'ancient'?", "The opposite of 'ancient' is 'modern'."),
)

PEOPLE = ("my aunt", "a neighbour", "my teacher", "a colleague")
PEOPLE_SALUTE = {
    "my aunt": "Dear Aunt",
    "a neighbour": "Dear neighbour",
    "my teacher": "Dear teacher",
    "a colleague": "Hi",
}
GIFTS = (
    ("a book", "the book"),
    ("some flowers", "the lovely flowers"),
    ("help moving house", "your help with the move"),
    ("a birthday card", "the kind birthday card"),
)
REQUESTS = (
    (
        "Suggest a title for a short story about a lost cat finding its way home.",
        "How about 'The Long Way Home'? It hints at the journey without giving away the ending.",
    ),
    (
        "Rewrite this more formally: 'gonna be late, sorry'.",
        "I apologise, but I will be arriving late.",
    ),
    (
        "Summarise in one sentence: The library will close early on Friday because the staff "
        "have a training session in the afternoon.",
        "The library closes early on Friday for staff training.",
    ),
    (
        "Give me a polite way to decline a meeting invitation.",
        "Thank you for the invitation; unfortunately I can't attend, but please share any notes "
        "afterwards.",
    ),
    (
        "Write one sentence to remind a friend to bring an umbrella.",
        "Don't forget your umbrella today, as rain is expected this afternoon.",
    ),
    (
        "Fix the grammar: 'She don't like apples.'",
        "The correct sentence is 'She doesn't like apples.'",
    ),
)

ARITHMETIC_COUNT = 10
DEFINITION_COUNT = 10
FACT_COUNT = 10
THANKS_COUNT = 4


def build_pairs(seed: int = SEED) -> list[Pair]:
    rng = random.Random(seed)
    pairs: list[Pair] = [make(rng) for make in ARITHMETIC[:ARITHMETIC_COUNT]]
    for x in rng.sample(sorted(DEFINITIONS), DEFINITION_COUNT):
        term = x.split(" ", 1)[1] if x.startswith(("a ", "an ")) else x
        pairs.append((rng.choice(DEFINITION_QUESTIONS).format(x=x, term=term), DEFINITIONS[x]))
    pairs += rng.sample(FACTS, FACT_COUNT)
    people = rng.sample(PEOPLE, THANKS_COUNT)
    gifts = rng.sample(GIFTS, THANKS_COUNT)
    for person, (gift, named) in zip(people, gifts, strict=True):
        pairs.append(
            (
                f"Write a one-sentence thank-you note to {person} for {gift}.",
                f"{PEOPLE_SALUTE[person]}, thank you so much for {named}; it really made my week.",
            )
        )
    pairs += REQUESTS
    rng.shuffle(pairs)
    return pairs


def main() -> None:
    pairs = build_pairs()
    if len({question for question, _ in pairs}) != len(pairs):
        raise SystemExit("duplicate anchor question")
    with OUT.open("w", encoding="utf-8", newline="\n") as out:
        for question, answer in pairs:
            line = {
                "messages": [
                    {"role": "user", "content": question},
                    {"role": "assistant", "content": answer},
                ]
            }
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
    sys.stdout.write(f"wrote {len(pairs)} anchor examples to {OUT.name}\n")


if __name__ == "__main__":
    main()
