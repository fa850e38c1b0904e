"""Serving many personas at once on a tiny model: concurrent ``generate`` calls are decoded in
one batch with per-row layers and answer as they do alone; ``stream`` yields the reply as it
is decoded and ends with the attributed Generation; a running batch's layers are never evicted.
"""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from typing import Any

import pytest

from lifelong import Runtime, RuntimeConfig, Trait
from lifelong.engine.cache import AdapterCache, AdapterCacheError, LayerRef
from lifelong.engine.serving import Generation
from lifelong.errors import RuntimeClosed
from lifelong.genome.store import NewLayer
from tests.integration.test_adapter_cache import _make_adapter
from tests.integration.test_genome import _adapter

pytestmark = pytest.mark.integration

QUESTION = [{"role": "user", "content": "What is a good name for a boat?"}]


def _config(tmp_path: Path, tiny: Path, **genome: Any) -> RuntimeConfig:
    return RuntimeConfig(
        home=tmp_path / "home",
        background=False,
        training={"providers": ["local"], "base_model": str(tiny)},
        genome={"max_new_tokens": 10, "batch_window_ms": 50, **genome},
    )


async def _personas(rt: Runtime, tmp_path: Path, tiny: Path) -> list[str]:
    """p0..p2 with a layer each (different weights), p3 with none (the base model answers)."""
    names = []
    for i in range(4):
        name = f"p{i}"
        await rt.persona(name, traits=[Trait("chat", "small talk")])
        names.append(name)
        if i == 3:
            continue
        staged = await rt.layers.stage(NewLayer(
            kind="local", provider="local", artifact_dir=_adapter(tiny, tmp_path / name, i + 5),
            manifest={"base_model": {"name": str(tiny)}},
        ))  # fmt: skip
        await rt.layers.add(name, "chat", staged, evaluation={"gate": {"passed": True}},
                            deploy=True, by="test")  # fmt: skip
    return names


async def test_concurrent_generations_share_one_batch_and_answer_as_alone(
    tmp_path: Path, tiny_model_dir: Path
) -> None:
    async with Runtime.open(_config(tmp_path, tiny_model_dir)) as rt:
        names = await _personas(rt, tmp_path, tiny_model_dir)
        # Different prompt lengths: each persona asks its own way.
        chats = [[{"role": "user", "content": "Hi " * (i + 1) + "what is a good boat name?"}]
                 for i in range(len(names))]  # fmt: skip
        alone = [await rt.generate(n, c, ["chat"]) for n, c in zip(names, chats, strict=True)]
        assert rt.server.batcher.stats.largest == 1
        together = await asyncio.gather(
            *(rt.generate(n, c, ["chat"]) for n, c in zip(names, chats, strict=True))
        )
        assert rt.server.batcher.stats.largest == len(names)  # one batch of four rows
        assert [g.text for g in together] == [g.text for g in alone]
        assert [g.layers for g in together] == [{"chat": 1}] * 3 + [{}]
        assert len({g.text for g in alone}) > 1  # the layers really answer differently
        assert len({g.id for g in together}) == len(names)


async def test_stream_yields_the_reply_as_it_is_decoded_then_the_generation(
    tmp_path: Path, tiny_model_dir: Path
) -> None:
    async with Runtime.open(_config(tmp_path, tiny_model_dir, batch_window_ms=0)) as rt:
        await _personas(rt, tmp_path, tiny_model_dir)
        p0 = await rt.persona("p0")
        items = [item async for item in p0.stream(QUESTION, ["chat"], max_new_tokens=10)]
        *pieces, generation = items
        assert isinstance(generation, Generation) and generation.id
        assert all(isinstance(p, str) and p for p in pieces) and len(pieces) >= 2
        assert "".join(pieces) == generation.text
        assert generation.text == (await p0.generate(QUESTION, ["chat"], max_new_tokens=10)).text
        turn = [*QUESTION, {"role": "assistant", "content": generation.text}]
        recorded = await p0.record(turn, trait="chat", generation=generation)
        assert (await rt.store.interactions.get(recorded)).generation_id == generation.id


def test_a_running_batch_keeps_its_layers_loaded(tiny_model_dir: Path, tmp_path: Path) -> None:
    """A layer another request needs while a batch holds the whole budget is refused (it
    would have to evict the batch's layers); once the batch is done it loads.
    """
    from tests.tiny_models import save_tiny_llama

    other_base = save_tiny_llama(tmp_path / "other", tiny_model_dir, seed=1)
    a, b, c = (_make_adapter(tiny_model_dir, tmp_path / f"e{i}", 40 + i) for i in range(3))
    cache = AdapterCache(a.nbytes + b.nbytes + 10)
    outcome: dict[str, Any] = {}

    def other_request(ref: LayerRef) -> None:
        try:
            with cache.use(other_base, [ref]):
                outcome["loaded"] = True
        except AdapterCacheError as exc:
            outcome["refused"] = str(exc)

    with cache.use_each(tiny_model_dir, [a, b]) as loaded:
        assert set(loaded.slots) == {a.key, b.key}
        thread = threading.Thread(target=other_request, args=(c,))
        thread.start()
        thread.join(30)
        assert "in use by running requests" in outcome["refused"]
        assert {a.key, b.key} <= set(cache.loaded())
    other_request(c)
    assert outcome.get("loaded") and c.key in cache.loaded()


async def test_closing_mid_reply_hands_the_caller_an_error(
    tmp_path: Path, tiny_model_dir: Path
) -> None:
    rt = await Runtime.open(_config(tmp_path, tiny_model_dir)).start()
    await _personas(rt, tmp_path, tiny_model_dir)
    p0 = await rt.persona("p0")
    pieces: list[object] = []
    started = asyncio.Event()

    async def consume() -> None:
        async for item in p0.stream(QUESTION, ["chat"], max_new_tokens=4000):
            pieces.append(item)
            started.set()

    task = asyncio.create_task(consume())
    await asyncio.wait_for(started.wait(), 30)
    await rt.close()
    with pytest.raises(RuntimeClosed):
        await asyncio.wait_for(task, 30)
    assert not any(isinstance(p, Generation) for p in pieces)


async def test_a_reply_nobody_waits_for_any_more_leaves_the_batch(
    tmp_path: Path, tiny_model_dir: Path
) -> None:
    """A stream closed after its first piece (a client that went away) stops decoding at its
    next token, instead of holding the model for the thousands of tokens it asked for."""
    async with Runtime.open(_config(tmp_path, tiny_model_dir, batch_window_ms=0)) as rt:
        await _personas(rt, tmp_path, tiny_model_dir)
        p0 = await rt.persona("p0")
        replies = p0.stream(QUESTION, ["chat"], max_new_tokens=4000)
        assert isinstance(await anext(replies), str)
        await replies.aclose()
        batcher = rt.server.batcher
        await asyncio.wait_for(batcher.idle(), 60)
        assert batcher.stats.steps < 200, batcher.stats.as_dict()
        assert (await p0.generate(QUESTION, ["chat"], max_new_tokens=5)).text


async def test_a_generation_names_its_base_model_as_configured_not_by_this_machines_path(
    tmp_path: Path, tiny_model_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 28: ``generate`` returned the server's file path as ``base_model``."""
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "tiny").symlink_to(tiny_model_dir, target_is_directory=True)
    config = RuntimeConfig(
        home=tmp_path / "home", background=False,
        training={"providers": ["local"], "base_model": "~/models/tiny"},
        genome={"max_new_tokens": 4},
    )  # fmt: skip
    async with Runtime.open(config) as rt:
        await rt.persona("p", traits=[Trait("chat", "small talk")])
        generation = await rt.generate("p", [{"role": "user", "content": "hello"}])
        assert generation.base_model == "~/models/tiny"
        assert str(tmp_path) not in generation.base_model
