"""The replay prompts a layer rehearses never overlap the anchor set that judges forgetting."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

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


def test_small_traits_get_more_passes_and_the_estimate_counts_the_replay_to_draw(
    tmp_path: Path,
) -> None:
    """Five facts in four phrasings each were seen 12 times in three passes and not learned:
    the passes follow the phrasings per fact, and the replay the base model has to draw first
    is in the estimate (it was minutes with the estimate at seconds).
    """
    import json

    from lifelong.adapters._local_worker import planned_epochs
    from lifelong.adapters.base import TrainRequest
    from lifelong.adapters.local_peft import LocalPeftConfig, LocalPeftProvider

    hp = LocalPeftConfig().hyperparameters({})
    assert planned_epochs(hp, 20, 5) == 8  # 4 phrasings a fact: 8 passes, 32 sightings
    assert planned_epochs(hp, 120, 5) == hp.epochs  # 24 a fact: the usual 3 are enough
    assert planned_epochs(hp, 5, 5) == hp.max_epochs  # one phrasing each: capped
    assert planned_epochs(hp, 20, 0) == hp.epochs  # no facts found: as configured
    assert planned_epochs(hp.but(min_fact_exposures=0), 20, 5) == hp.epochs

    data = tmp_path / "dataset"
    data.mkdir()
    turn = [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}]
    rows = [{"messages": turn, "i": i} for i in range(20)]
    (data / "train.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    (data / "manifest.json").write_text(json.dumps({"counts": {"fact_clusters": 5}}))
    request = TrainRequest(job_id="s", persona="p", trait="t", dataset_dir=data,
                           dataset_hash="0" * 64, output_dir=tmp_path / "out")  # fmt: skip
    provider = LocalPeftProvider(LocalPeftConfig(cache_dir=tmp_path / "models"))
    cold = provider.estimate(request)
    # The samples drawn and cached (for any base model): only the training is left.
    cache = tmp_path / "models" / "replay" / f"base-{provider._replay_digest(hp)[:16]}.jsonl"
    cache.parent.mkdir(parents=True)
    cache.write_text("{}\n" * 400)
    warm = provider.estimate(request)
    drawn = 2 * len(load_replay_prompts()) * hp.replay_max_new_tokens  # 160 samples: 2 rounds
    rate = LocalPeftConfig().assumed_replay_tokens_per_sec
    assert cold.seconds - warm.seconds == pytest.approx(drawn / rate)
    assert warm.tokens == cold.tokens > 0
