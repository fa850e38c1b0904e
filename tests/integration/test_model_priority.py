"""A reply asked for while a long background evaluation holds the model thread (issue 28):
it is decoded at one of the evaluation's checkpoints, comes back before the evaluation ends,
and says exactly what it says alone; the evaluation's figures are those it gets alone too
(its layer is active again after the reply, whose layer was active meanwhile).
"""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from typing import Any

import pytest

from lifelong import Runtime
from lifelong._model_thread import (
    BACKGROUND,
    INTERACTIVE,
    background_work,
    check_cancelled,
    queued,
)
from lifelong.engine.records import Loaded
from lifelong.engine.serving import complete_many
from lifelong.learning.evaluation import nll_of
from tests.integration.test_serving_batches import QUESTION, _config, _personas

pytestmark = pytest.mark.integration

EXAMPLES = [
    {"messages": [{"role": "user", "content": f"Question {i}: what is {i} plus {i}?"},
                  {"role": "assistant", "content": f"It is {2 * i}, of course."}]}
    for i in range(16)
]  # fmt: skip


async def test_a_reply_during_a_long_background_evaluation_comes_first_and_answers_as_alone(
    tmp_path: Path, tiny_model_dir: Path
) -> None:
    async with Runtime.open(_config(tmp_path, tiny_model_dir, batch_window_ms=0)) as rt:
        await _personas(rt, tmp_path, tiny_model_dir)
        alone = await rt.generate("p0", QUESTION, ["chat"])
        p1 = (await rt.layers.active("p1"))["chat"]
        base = await rt.server.base_path(None)
        started, reply_queued, reply_back = threading.Event(), threading.Event(), threading.Event()

        prompts = [ex["messages"][:1] for ex in EXAMPLES[:4]]

        def measure(loaded: Loaded) -> dict[str, Any]:
            return {
                "nll": nll_of(loaded, EXAMPLES, kl_from_base=True),
                "answers": complete_many(loaded, prompts, 8),
            }

        def evaluation(loaded: Loaded) -> dict[str, Any]:
            """p1's layer measured (NLL and KL from the base, greedy answers), then measured
            again while the reply waits (the checkpoints, before each layer of a forward pass,
            between batches, at each answered token, let the reply through), then pieces
            until the reply is back, then measured once more."""
            figures: dict[str, Any] = {"before": measure(loaded)}
            started.set()
            assert reply_queued.wait(60)
            figures["during"] = measure(loaded)
            for _ in range(6000):  # at most 60 s
                check_cancelled()
                if reply_back.wait(0.01):
                    break
            figures["reply_back"] = reply_back.is_set()
            figures["after"] = measure(loaded)
            return figures

        @background_work
        async def auto_test() -> dict[str, Any]:
            figures, used = await rt.server.run(base, [p1], evaluation)
            assert [r["id"] for r in used] == [p1["id"]]
            return figures

        background = asyncio.ensure_future(auto_test())
        assert await asyncio.to_thread(started.wait, 60)
        assert queued() == 0
        reply = asyncio.ensure_future(rt.generate("p0", QUESTION, ["chat"]))
        for _ in range(6000):  # until the reply's first model call waits (at most 60 s)
            if queued(INTERACTIVE):
                break
            await asyncio.sleep(0.01)
        assert queued(INTERACTIVE) and not queued(BACKGROUND)
        reply_queued.set()
        during = await asyncio.wait_for(reply, 60)
        assert not background.done()  # the evaluation still runs: the reply went first
        reply_back.set()
        figures = await background
        assert figures["reply_back"]
        assert during.text == alone.text and during.layers == alone.layers
        assert figures["before"] == figures["during"] == figures["after"]
        assert figures["before"]["nll"]["kl"] > 0  # p1's layer was active: it changes the model
