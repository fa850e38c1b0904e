"""The replay prompts a layer rehearses never overlap the anchor set that judges forgetting."""

from __future__ import annotations

import re
from pathlib import Path

from lifelong.adapters._local_worker import replay_examples
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


def test_replay_never_repeats_a_sample_while_an_unused_one_remains(tmp_path: Path) -> None:
    import json

    prompts = [[{"role": "user", "content": q}] for q in ("a?", "b?", "c?")]
    cache = tmp_path / "replay.jsonl"
    cache.write_text("".join(
        json.dumps({"prompt": p, "completion": [{"role": "assistant", "content": f"{r}-{i}"}],
                    "round": r}) + "\n"
        for r in (0, 1) for i, p in enumerate(prompts)
    ))  # fmt: skip
    system = [{"role": "system", "content": "You are Ada."}]
    spec = {"prompts": prompts, "cache": str(cache), "max_new_tokens": 4}
    # Two rounds are cached, so no model is needed to draw five.
    chosen = replay_examples(None, None, spec, 5, seed=7, system=system, persona_share=0.5)
    answers = [x["completion"][0]["content"] for x in chosen]
    assert len(answers) == len(set(answers)) == 5
    assert sorted(answers[:3]) == ["0-0", "0-1", "0-2"]  # a whole round before the next
    assert [x["prompt"][0] == system[0] for x in chosen] == [True, False, True, False, True]
    assert chosen != replay_examples(None, None, spec, 5, seed=8)  # the order is seeded
