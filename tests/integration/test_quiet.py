"""A chat program that embeds the runtime sees nothing on its stderr it did not ask for: not
the scheduler's chatter while the background loop runs (scoring every 50 ms, so passes do
overlap), not a model library's progress bars, not a traceback when it closes.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

PROGRAM = """
import asyncio, sys
from lifelong import Runtime, RuntimeConfig, Trait

async def main(home, model):
    config = RuntimeConfig(home=home, scoring={"interval_s": 0.05},
                           triggers={"interval_s": 0.05}, monitor={"interval_s": 0.05},
                           training={"providers": ["local"], "base_model": model},
                           genome={"max_new_tokens": 4})
    async with Runtime.open(config) as rt:
        ada = await rt.persona("ada", traits=[Trait("math", "adds numbers")])
        for i in range(12):
            question = [{"role": "user", "content": f"What is {i} plus {i}?"}]
            async for piece in ada.stream(question):
                if isinstance(piece, str):
                    print(piece, end="", flush=True)
                else:
                    await ada.record([*question, {"role": "assistant",
                                      "content": piece.text or "..."}], generation=piece)
            print(flush=True)
            await asyncio.sleep(0.1)

asyncio.run(main(sys.argv[1], sys.argv[2]))
"""


def test_an_embedding_chat_loop_prints_nothing_it_did_not_ask_for(
    tmp_path: Path, tiny_model_dir: Path
) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM, str(tmp_path / "home"), str(tiny_model_dir)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stderr == "", done.stderr
    assert len(done.stdout.splitlines()) == 12  # the replies it printed, and nothing else
