"""What a reply says: the key content of a taught reply, and whether an answer states it.

A layer is judged by whether the persona now says what it was taught, not by whether its
answers *sound* like the taught ones: a layer that learned the template of an answer ("That
is Mr. Blackstone, our shop's owner") and none of the names scores well on overall similarity
and is worse for a user than the base model's vagueness. So each held-out reply is reduced to
its **key content**, and each answer is classed against it:

- **key content** of a reference reply: the words and numbers that carry its information.
  Candidates are the reply's names (capitalised words inside a sentence, or a sentence's
  first word when the taught replies write it capitalised inside a sentence too), its numbers
  (``31``, ``6:40``) and, when the base model scored the reply, its words the base model found
  improbable given the prompt (surprisal, in nats). Only what training taught counts (a word
  no training reply contains cannot have been learned), never a word of the question (echoing
  it says nothing), never a stop word, and never the trait's template: a word in more than
  half of the training replies is the persona's voice ("Ahoy, shipmate!"), which a layer
  learns first and which says nothing about the fact, unless the reply has nothing else.
  The names and numbers among the key content are its **slots**.
- **recalled**: at least half of the reply's slots are in the answer (every reply states some
  extra detail beside what was asked), or, for a reply without slots, one of its key words.
- **contradicted**: not recalled, and the answer states a name or number that is neither in
  the reference nor in the question where the reference has one: a different name in the
  right place.
- **silent**: neither (the answer does not say it).

Pure functions over text: the same measure serves the auto-test (``evaluation``), memory's
consolidation (a turn whose content the active layer reproduces on its own) and the reports.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "FactRates",
    "KeyContent",
    "Taught",
    "Verdict",
    "judge",
    "key_content",
    "rates",
    "taught_from",
    "tokens",
]

Verdict = Literal["recalled", "silent", "contradicted"]

# Words and numbers: a number keeps its inner separators (6:40, 3.5, 1,200).
_TOKEN = re.compile(r"\d+(?:[:.,]\d+)*|[^\W\d_]+(?:['’][^\W\d_]+)*", re.UNICODE)

# Words that carry no fact on their own: never key content, never a name.
_STOP_TEXT = """
    a about above after again against all also am an and any are aren't as at be because been
    before being below between both but by can can't cannot could couldn't did didn't do does
    doesn't doing don't down during each every few for from further had hadn't has hasn't have
    haven't having he he'd he'll he's her here here's hers herself him himself his how how's i
    i'd i'll i'm i've if in into is isn't it it's its itself just let's like me more most much
    must mustn't my myself no nor not now of off on once only or other ought our ours ourselves
    out over own same shan't she she'd she'll she's should shouldn't so some such than that
    that's the their theirs them themselves then there there's these they they'd they'll
    they're they've this those through to too under until up upon very was wasn't we we'd we'll
    we're we've were weren't what what's when when's where where's which while who who's whom
    why why's will with won't would wouldn't yes you you'd you'll you're you've your yours
    yourself yourselves yeah ok okay oh sure well hi hello hey thanks thank please sorry dear
    one ones get got go goes going make makes made say says said tell told ask asked know knows
    see sees come comes take takes give gives want wants need needs find found think thing
    things way ways time really quite always never often sometimes usually also still yet even
    ever here there today tomorrow yesterday
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())


def tokens(text: str) -> list[tuple[str, int, int]]:
    """``(token, start, end)`` for every word and number of ``text``, in order."""
    return [(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _norm(token: str) -> str:
    """How tokens are compared: lower case, curly apostrophes straight, a number without
    leading zeros (``06:40`` is ``6:40``).
    """
    if token[:1].isdigit():
        return re.sub(r"(?<![\d])0+(?=\d)", "", token)
    word = token.lower().replace("’", "'")
    return word[:-2] if word.endswith("'s") and len(word) > 3 else word  # Bramble's: Bramble


def _is_number(token: str) -> bool:
    return token[:1].isdigit()


def _capitalised(token: str) -> bool:
    return token[:1].isupper()


def _starts_sentence(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t\"'“‘(")
    return not before or before[-1] in ".!?:;\n"


def _named(text: str) -> set[str]:
    """The normalised words ``text`` writes capitalised inside a sentence."""
    return {
        _norm(t) for t, start, _ in tokens(text)
        if _capitalised(t) and not _is_number(t) and _norm(t) not in STOP_WORDS
        and not _starts_sentence(text, start)
    }  # fmt: skip


@dataclass(frozen=True, slots=True)
class Taught:
    """What a trait's training replies taught: every token they contain, which tokens they
    write as names, and which are its template (in more than half of them).
    """

    words: frozenset[str]
    names: frozenset[str]
    template: frozenset[str]
    replies: int = 0


def taught_from(replies: Iterable[str]) -> Taught:
    """The :class:`Taught` of a trait's training replies."""
    df: Counter[str] = Counter()
    names: set[str] = set()
    count = 0
    for reply in replies:
        count += 1
        df.update({_norm(t) for t, _, _ in tokens(reply)})
        names |= _named(reply)
    # With fewer than four replies, "half of them" would make every word a template word.
    template = {w for w, n in df.items() if n * 2 > count} if count >= 4 else set()
    return Taught(frozenset(df), frozenset(names), frozenset(template), count)


@dataclass(frozen=True, slots=True)
class KeyContent:
    slots: frozenset[str]  # names and numbers (normalised)
    words: tuple[str, ...]  # other key words, most surprising first
    surprisal: Mapping[str, float] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.slots or self.words)

    def as_dict(self) -> dict[str, object]:
        return {"slots": sorted(self.slots), "words": list(self.words)}


def key_content(
    reply: str,
    prompt: str,
    taught: Taught,
    surprisal: Mapping[str, float] | None = None,
    *,
    max_words: int = 3,
    min_surprisal: float = 4.0,
) -> KeyContent:
    """The key content of the reference ``reply`` to ``prompt`` (see the module docstring).

    ``surprisal``: the base model's surprisal (nats) of each of the reply's words, normalised,
    given the prompt; without it, only names and numbers are key content.
    """
    asked = {_norm(t) for t, _, _ in tokens(prompt)}
    named = _named(reply) | taught.names
    slots: dict[str, float] = {}
    words: dict[str, float] = {}
    surprisal = surprisal or {}
    for token, _, _ in tokens(reply):
        key = _norm(token)
        if key in asked or key in STOP_WORDS or key not in taught.words:
            continue
        if len(key) < 2 and not _is_number(token):
            continue
        weight = surprisal.get(key, 0.0)
        if _is_number(token) or (key in named and _capitalised(token)):
            slots[key] = max(slots.get(key, 0.0), weight)
        elif weight >= min_surprisal:
            words[key] = max(words.get(key, 0.0), weight)
    fact_slots = {k for k in slots if k not in taught.template}
    fact_words = {k: v for k, v in words.items() if k not in taught.template}
    if fact_slots or fact_words:
        chosen_slots, chosen_words = fact_slots, fact_words
    else:  # nothing but the template: for a voice trait the voice is what was taught
        chosen_slots, chosen_words = set(slots), words
    ranked = sorted(chosen_words, key=lambda k: (-chosen_words[k], k))[:max_words]
    kept = {k: surprisal[k] for k in (*chosen_slots, *ranked) if k in surprisal}
    return KeyContent(frozenset(chosen_slots), tuple(ranked), kept)


def judge(answer: str, key: KeyContent, prompt: str, reference: str) -> Verdict:
    """Whether ``answer`` states the ``key`` content of ``reference`` (see the module
    docstring). ``key`` must not be empty.
    """
    said = tokens(answer)
    present = {_norm(t) for t, _, _ in said}
    if key.slots:
        found = sum(1 for s in key.slots if s in present)
        if found * 2 >= len(key.slots):
            return "recalled"
    elif any(w in present for w in key.words):
        return "recalled"
    if not key.slots:
        return "silent"
    known = {_norm(t) for t, _, _ in tokens(reference)} | {_norm(t) for t, _, _ in tokens(prompt)}
    answer_names = _named(answer)
    kinds = {"number" if _is_number(s) else "name" for s in key.slots}
    for token, _, _ in said:
        norm = _norm(token)
        if norm in known or norm in STOP_WORDS:
            continue
        if _is_number(token) and "number" in kinds:
            return "contradicted"
        if "name" in kinds and _capitalised(token) and norm in answer_names:
            return "contradicted"
    return "silent"


@dataclass(frozen=True, slots=True)
class FactRates:
    judged: int  # answers whose reference had key content
    recalled: int
    contradicted: int

    @property
    def silent(self) -> int:
        return self.judged - self.recalled - self.contradicted

    @property
    def recall(self) -> float | None:
        return self.recalled / self.judged if self.judged else None

    @property
    def contradicted_rate(self) -> float | None:
        return self.contradicted / self.judged if self.judged else None

    def as_dict(self) -> dict[str, float | int | None]:
        return {"judged": self.judged, "recalled": self.recalled, "silent": self.silent,
                "contradicted": self.contradicted, "recall": self.recall,
                "contradicted_rate": self.contradicted_rate}  # fmt: skip


def rates(verdicts: Sequence[Verdict | None]) -> FactRates:
    """Counts over the answers that were judged (None: the reference had no key content)."""
    judged = [v for v in verdicts if v is not None]
    return FactRates(len(judged), judged.count("recalled"), judged.count("contradicted"))


def word_surprisal(
    reply: str, offset: int, token_spans: Sequence[tuple[int, int]], losses: Sequence[float]
) -> dict[str, float]:
    """The surprisal of each word of ``reply`` (normalised, the largest where a word repeats):
    the sum of the losses (nats) of the tokens that overlap it. ``reply`` starts at character
    ``offset`` of the text the tokens' ``token_spans`` index.
    """
    out: dict[str, float] = {}
    spans = list(zip(token_spans, losses, strict=True))
    for token, start, end in tokens(reply):
        lo, hi = start + offset, end + offset
        total = sum(loss for (s, e), loss in spans if s < hi and e > lo and math.isfinite(loss))
        key = _norm(token)
        out[key] = max(out.get(key, 0.0), total)
    return out
