"""The replay prompts a layer rehearses never overlap the anchor set that judges forgetting."""

from __future__ import annotations

import re

from lifelong.adapters.replay import load_replay_prompts
from lifelong.learning.anchor import load_anchor_set


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def test_replay_prompts_are_disjoint_from_the_anchor_set() -> None:
    replay = [_words(p[-1]["content"]) for p in load_replay_prompts()]
    anchor = [_words(ex["messages"][0]["content"]) for ex in load_anchor_set()]
    assert len(replay) >= 64 and len(set(replay)) == len(replay)
    assert all(p[-1]["role"] == "user" for p in load_replay_prompts())
    # Not one anchor question is rehearsed, not even inside a longer replay prompt.
    assert not [a for a in anchor if any(a in r or r in a for r in replay)]
