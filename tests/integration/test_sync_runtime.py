"""``SyncRuntime`` offers the whole runtime to a synchronous program (issue 28: it offered
only ``call``, ``close`` and ``persona``: no listing, no events, no streaming)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from lifelong import Generation, LifelongEvent, RuntimeConfig, SyncRuntime, Trait
from lifelong.errors import NotFound

pytestmark = pytest.mark.integration


def test_every_verb_blocks_streams_iterate_and_events_arrive(
    tmp_path: Path, tiny_model_dir: Path
) -> None:
    config = RuntimeConfig(
        home=tmp_path / "home", background=False,
        training={"providers": ["local"], "base_model": str(tiny_model_dir)},
        genome={"max_new_tokens": 6},
    )  # fmt: skip
    heard: list[LifelongEvent] = []
    with SyncRuntime(config) as rt:
        ada = rt.persona("ada", traits=[Trait("math", "arithmetic questions")], memory=False)
        unsubscribe = rt.subscribe(heard.append)  # the runtime's own: not made blocking
        assert callable(unsubscribe)
        turn = ada.record(
            [{"role": "user", "content": "What is two plus two?"},
             {"role": "assistant", "content": "Two plus two is four."}], trait="math",
        )  # fmt: skip
        assert rt.count_interactions("ada") == 1  # a coroutine verb, blocking
        assert [p.name for p in rt.list_personas()] == ["ada"]
        assert rt.score_pending() == 1
        page = rt.list_interactions("ada")
        assert turn in {row.id for row in (page[0] if isinstance(page, tuple) else page)}
        pieces = list(ada.stream([{"role": "user", "content": "hello"}]))  # an iterator
        assert pieces and isinstance(pieces[-1], Generation)
        assert all(isinstance(p, str) for p in pieces[:-1])
        assert "".join(pieces[:-1]) == pieces[-1].text and pieces[-1].id
        assert rt.route("ada", [{"role": "user", "content": "What is 3 plus 5?"}]) in (
            "math", "general",
        )  # fmt: skip
        job_id = rt.queue_training("ada", "math")
        assert [j.id for j in rt.list_jobs(status=["queued"])] == [job_id]
        with pytest.raises(NotFound):  # errors reach the caller's thread as they are
            rt.get_persona("nobody")
        assert "list_jobs" in dir(rt) and rt.config is config
        assert threading.current_thread() is threading.main_thread()
    assert "TrainingQueued" in [e.kind for e in heard]
