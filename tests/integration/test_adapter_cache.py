"""AdapterCache against real peft adapters on a tiny Llama: counters, budget, pins, outputs
(also after a slot is refilled with another layer's weights, and for slots cloned from another
one while the cache fills), several active layers, stale-first eviction and concurrent use from
threads."""

from __future__ import annotations

import random
import threading
from pathlib import Path
from typing import Any

import pytest
import torch

from lifelong.engine import slots
from lifelong.engine.cache import AdapterCache, AdapterCacheError, LayerRef

pytestmark = pytest.mark.integration

IDS = torch.tensor([[1, 17, 42, 99, 7, 300]])
DAY = 86400.0


def _make_adapter(model_dir: Path, folder: Path, seed: int, r: int = 4) -> LayerRef:
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    torch.manual_seed(seed)
    model = get_peft_model(
        AutoModelForCausalLM.from_pretrained(model_dir),
        LoraConfig(r=r, target_modules=["q_proj", "v_proj"], init_lora_weights=False),
    )
    model.save_pretrained(folder)
    nbytes = sum(f.stat().st_size for f in folder.iterdir() if f.is_file())
    return LayerRef(key=f"layer-{seed}-r{r}", path=folder, nbytes=nbytes)


@pytest.fixture(scope="module")
def layers(tiny_model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> list[LayerRef]:
    root = tmp_path_factory.mktemp("adapters")
    return [_make_adapter(tiny_model_dir, root / f"a{seed}", seed) for seed in range(6)]


@pytest.fixture(scope="module")
def wide_layer(tiny_model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> LayerRef:
    """Rank 8 instead of 4: it can never take over a rank-4 layer's slot."""
    return _make_adapter(tiny_model_dir, tmp_path_factory.mktemp("wide") / "a", 10, r=8)


@pytest.fixture(scope="module")
def second_base(tiny_model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Another tiny Llama of the same shape (other weights): the adapters fit it too."""
    from tests.tiny_models import save_tiny_llama

    return save_tiny_llama(tmp_path_factory.mktemp("tiny-llama-2"), tiny_model_dir, seed=1)


_expected: dict[tuple[str, tuple[str, ...]], torch.Tensor] = {}


def expected(base_dir: Path, refs: list[LayerRef]) -> torch.Tensor:
    """Logits of a freshly loaded model with exactly ``refs`` active (the reference)."""
    from peft import PeftModel
    from transformers import AutoModelForCausalLM

    cache_key = (str(base_dir), tuple(r.key for r in refs))
    if cache_key not in _expected:
        model = AutoModelForCausalLM.from_pretrained(base_dir).eval()
        if refs:
            model = PeftModel.from_pretrained(model, refs[0].path, adapter_name=refs[0].key)
            for ref in refs[1:]:
                model.load_adapter(ref.path, adapter_name=ref.key)
            model.base_model.set_adapter([r.key for r in refs])
        with torch.no_grad():
            _expected[cache_key] = model(IDS).logits
    return _expected[cache_key]


def run(cache: AdapterCache, base_dir: Path, refs: list[LayerRef]) -> torch.Tensor:
    with cache.use(base_dir, refs) as loaded, torch.no_grad():
        assert loaded.keys == tuple(r.key for r in refs)
        return loaded.model(IDS).logits


def budget_for(n: int, refs: list[LayerRef]) -> int:
    return n * max(r.nbytes for r in refs)


def test_hit_miss_eviction_sequence_has_exact_counters(
    tiny_model_dir: Path, layers: list[LayerRef]
) -> None:
    a, b, c = layers[:3]
    cache = AdapterCache(budget_for(2, layers))
    run(cache, tiny_model_dir, [a])  # miss
    run(cache, tiny_model_dir, [b])  # miss
    run(cache, tiny_model_dir, [a])  # hit: b is now least recently used
    assert cache.loaded() == [b.key, a.key]
    run(cache, tiny_model_dir, [c])  # miss, evicts b
    assert cache.loaded() == [a.key, c.key]
    run(cache, tiny_model_dir, [b])  # miss, evicts a
    run(cache, tiny_model_dir, [c])  # hit
    stats = cache.stats()
    assert (stats.hits, stats.misses, stats.evictions, stats.entries) == (2, 4, 2, 2)
    assert stats.bytes_used == b.nbytes + c.nbytes
    assert stats.load_ms_total >= stats.load_ms_last > 0
    assert cache.loaded() == [b.key, c.key]
    assert cache.stats().as_dict()["misses"] == 4
    # c and b were loaded into the slots a and b left behind: their outputs must be their own
    assert torch.allclose(run(cache, tiny_model_dir, [b]), expected(tiny_model_dir, [b]), atol=1e-6)
    assert torch.allclose(run(cache, tiny_model_dir, [c]), expected(tiny_model_dir, [c]), atol=1e-6)


def test_layers_of_another_shape_replace_slots_through_peft(
    tiny_model_dir: Path, layers: list[LayerRef], wide_layer: LayerRef
) -> None:
    a, b, c = layers[:3]
    cache = AdapterCache(budget_for(2, [*layers, wide_layer]))
    for refs in ([a], [b], [wide_layer], [c], [a], [wide_layer, c], [b]):
        out = run(cache, tiny_model_dir, refs)
        assert torch.allclose(out, expected(tiny_model_dir, refs), atol=1e-6), refs
        assert cache.stats().bytes_used <= cache.budget_bytes
    assert cache.loaded() == [wide_layer.key, b.key]
    assert cache.stats().evictions == cache.stats().misses - 2


@pytest.fixture
def peft_loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The cache's slots loaded through peft's own load_adapter (PeftModel.from_pretrained too);
    reference models of ``expected()`` name their adapters by key and are not counted."""
    from peft import PeftModel

    loads: list[str] = []
    original = PeftModel.load_adapter

    def counting(self: Any, model_id: Any, adapter_name: str, *args: Any, **kwargs: Any) -> Any:
        if adapter_name.startswith("slot"):
            loads.append(adapter_name)
        return original(self, model_id, adapter_name, *args, **kwargs)

    monkeypatch.setattr(PeftModel, "load_adapter", counting)
    return loads


def _peft_model(cache: AdapterCache, base_dir: Path) -> Any:
    with cache.use(base_dir, []) as loaded:
        return loaded.model


def test_a_filling_cache_clones_slots_and_outputs_stay_exact(
    tiny_model_dir: Path, layers: list[LayerRef], wide_layer: LayerRef, peft_loads: list[str]
) -> None:
    """Layers of one config after the first are new slots cloned from a loaded one, not loaded
    by peft; each must compute exactly what a freshly loaded adapter does, alone or together,
    also after clones are refilled and deleted again."""
    a, b, c, d, e = layers[:5]
    cache = AdapterCache(budget_for(4, [*layers, wide_layer]))
    for ref in (a, b, c):
        out = run(cache, tiny_model_dir, [ref])
        assert torch.allclose(out, expected(tiny_model_dir, [ref]), atol=1e-6), ref.key
    assert len(peft_loads) == 1  # only a went through peft
    both = run(cache, tiny_model_dir, [b, c])
    assert torch.allclose(both, expected(tiny_model_dir, [b, c]), atol=1e-6)
    run(cache, tiny_model_dir, [wide_layer])  # another config: loaded by peft
    assert len(peft_loads) == 2
    model = _peft_model(cache, tiny_model_dir)
    assert sorted(model.peft_config) == ["slot0", "slot1", "slot2", "slot3"]
    trainable = [n for n, p in model.named_parameters() if p.requires_grad]
    assert trainable == []
    for refs in ([d], [e, b], [a], [c, e]):  # full: refills of clones and of peft's slots
        out = run(cache, tiny_model_dir, refs)
        assert torch.allclose(out, expected(tiny_model_dir, refs), atol=1e-6), refs
        assert cache.stats().bytes_used <= cache.budget_bytes
    assert len(peft_loads) == 2
    for key in cache.loaded():
        cache.evict(key)
    with cache.use(tiny_model_dir, []) as loaded, torch.no_grad():
        assert not hasattr(loaded.model, "peft_config")
        assert torch.allclose(loaded.model(IDS).logits, expected(tiny_model_dir, []), atol=1e-6)
    stats = cache.stats()
    assert (stats.entries, stats.bytes_used) == (0, 0)


def test_a_file_that_does_not_map_onto_the_slot_is_loaded_by_peft(
    tiny_model_dir: Path, layers: list[LayerRef], peft_loads: list[str], tmp_path: Path
) -> None:
    """Same config, but the weights file holds one tensor more: no clone, peft loads it (and
    ignores the extra tensor, as a fresh load does); the next plain layer is cloned again."""
    from safetensors.torch import load_file, save_file

    a, b, c = layers[:3]
    odd = tmp_path / "odd"
    odd.mkdir()
    (odd / "adapter_config.json").write_text((b.path / "adapter_config.json").read_text())
    weights = load_file(b.path / "adapter_model.safetensors")
    weights["base_model.model.lm_head.extra"] = torch.ones(2)
    save_file(weights, odd / "adapter_model.safetensors")
    odd_ref = LayerRef("odd", odd, b.nbytes)
    cache = AdapterCache(budget_for(3, layers))
    run(cache, tiny_model_dir, [a])
    out = run(cache, tiny_model_dir, [odd_ref])
    assert len(peft_loads) == 2
    assert torch.allclose(out, expected(tiny_model_dir, [b]), atol=1e-6)
    out = run(cache, tiny_model_dir, [c])
    assert len(peft_loads) == 2
    assert torch.allclose(out, expected(tiny_model_dir, [c]), atol=1e-6)


def test_a_clone_that_cannot_be_proven_is_undone_and_loaded_by_peft(
    tiny_model_dir: Path,
    layers: list[LayerRef],
    peft_loads: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    a, b = layers[:2]
    cache = AdapterCache(budget_for(3, layers))
    run(cache, tiny_model_dir, [a])
    # The copy's module-by-module check fails (as it would on a layout it cannot prove).
    monkeypatch.setattr(slots, "mirror", lambda *args: None)
    out = run(cache, tiny_model_dir, [b])
    assert len(peft_loads) == 2
    assert torch.allclose(out, expected(tiny_model_dir, [b]), atol=1e-6)
    assert torch.allclose(run(cache, tiny_model_dir, [a]), expected(tiny_model_dir, [a]), atol=1e-6)
    assert sorted(_peft_model(cache, tiny_model_dir).peft_config) == ["slot0", "slot1"]


def test_budget_is_never_exceeded_over_a_random_stream(
    tiny_model_dir: Path, layers: list[LayerRef]
) -> None:
    budget = budget_for(3, layers)
    cache = AdapterCache(budget)
    by_key = {r.key: r for r in layers}
    rng = random.Random(7)
    requested = 0
    for _ in range(40):
        refs = rng.sample(layers, rng.choice([1, 1, 2]))
        requested += len(refs)
        with cache.use(tiny_model_dir, refs):
            assert set(r.key for r in refs) <= set(cache.loaded())
            assert cache.stats().bytes_used <= budget
        stats = cache.stats()
        assert stats.bytes_used <= budget
        assert stats.bytes_used == sum(by_key[k].nbytes for k in cache.loaded())
    stats = cache.stats()
    assert stats.hits + stats.misses == requested
    assert stats.evictions == stats.misses - stats.entries  # every load beyond what stays
    assert stats.hits > 0 and stats.evictions > 0


def test_pinned_layer_is_never_evicted(tiny_model_dir: Path, layers: list[LayerRef]) -> None:
    a, b, c, d = layers[:4]
    cache = AdapterCache(budget_for(2, layers))
    pinned_a = LayerRef(a.key, a.path, a.nbytes, pinned=True)
    run(cache, tiny_model_dir, [pinned_a])
    for ref in [b, c, d, b, c, d]:
        run(cache, tiny_model_dir, [ref])
        assert a.key in cache.loaded()
    cache.pin(d.key)  # now a and d fill the whole budget
    with pytest.raises(AdapterCacheError, match="pinned"):
        run(cache, tiny_model_dir, [b])
    assert sorted(cache.loaded()) == sorted([a.key, d.key])
    assert cache.stats().bytes_used == a.nbytes + d.nbytes
    cache.unpin(d.key)
    run(cache, tiny_model_dir, [b])
    assert sorted(cache.loaded()) == sorted([a.key, b.key])
    run(cache, tiny_model_dir, [a])  # a ref without the flag (the row was unpinned): evictable
    run(cache, tiny_model_dir, [c])
    run(cache, tiny_model_dir, [d])
    assert sorted(cache.loaded()) == sorted([c.key, d.key])


def test_oversized_layer_raises_at_once_and_loads_nothing(
    tiny_model_dir: Path, layers: list[LayerRef]
) -> None:
    a, b = layers[:2]
    cache = AdapterCache(a.nbytes - 1)
    with pytest.raises(AdapterCacheError, match=r"cache_budget_bytes") as info:
        run(cache, tiny_model_dir, [a])
    assert str(a.nbytes) in str(info.value)
    assert cache.loaded() == [] and cache.stats().bytes_used == 0
    pair = AdapterCache(max(a.nbytes, b.nbytes) + 1)  # each fits alone, not both together
    with pytest.raises(AdapterCacheError, match="together"):
        run(pair, tiny_model_dir, [a, b])
    assert pair.loaded() == [] and pair.stats().misses == 0


def test_failing_verify_leaves_nothing_loaded(tiny_model_dir: Path, layers: list[LayerRef]) -> None:
    a, b, bad = layers[:3]
    seen: list[str] = []

    def verify(ref: LayerRef) -> None:
        seen.append(ref.key)
        if ref.key == bad.key:
            raise ValueError(f"{ref.key} is corrupted")

    cache = AdapterCache(budget_for(4, layers), verify=verify)
    run(cache, tiny_model_dir, [a])
    with pytest.raises(ValueError, match="corrupted"):
        run(cache, tiny_model_dir, [b, bad])  # both are verified before either is loaded
    assert cache.loaded() == [a.key]
    assert cache.stats().bytes_used == a.nbytes
    run(cache, tiny_model_dir, [a])  # a hit is not verified again
    assert seen == [a.key, b.key, bad.key]
    # the model was left in a usable state, with a still right
    assert torch.allclose(run(cache, tiny_model_dir, [a]), expected(tiny_model_dir, [a]))


def test_outputs_match_a_freshly_loaded_adapter(
    tiny_model_dir: Path, layers: list[LayerRef]
) -> None:
    a, b = layers[:2]
    cache = AdapterCache(budget_for(2, layers))
    base_before = run(cache, tiny_model_dir, [])  # nothing loaded yet: the plain model
    out_a = run(cache, tiny_model_dir, [a])
    out_b = run(cache, tiny_model_dir, [b])
    base_after = run(cache, tiny_model_dir, [])  # adapters loaded but none active
    out_a_again = run(cache, tiny_model_dir, [a])
    with cache.use(tiny_model_dir, []) as loaded:  # generate goes through the same switch
        generated = loaded.model.generate(IDS, max_new_tokens=4, do_sample=False)
    with cache.use(tiny_model_dir, [a]) as loaded:
        generated_a = loaded.model.generate(IDS, max_new_tokens=4, do_sample=False)
    plain = expected(tiny_model_dir, [])
    assert generated[0, IDS.shape[1]].item() == plain[0, -1].argmax().item()
    assert generated_a[0, IDS.shape[1]].item() == out_a[0, -1].argmax().item()
    assert torch.allclose(base_before, plain, atol=1e-6)
    assert torch.allclose(base_after, plain, atol=1e-6)
    assert not torch.allclose(out_a, plain, atol=1e-3)
    assert not torch.allclose(out_a, out_b, atol=1e-3)
    assert torch.allclose(out_a, expected(tiny_model_dir, [a]), atol=1e-6)
    assert torch.allclose(out_b, expected(tiny_model_dir, [b]), atol=1e-6)
    assert torch.allclose(out_a_again, out_a, atol=1e-6)


def test_evicting_the_last_adapter_restores_the_plain_model(
    tiny_model_dir: Path, layers: list[LayerRef]
) -> None:
    a, b = layers[:2]
    cache = AdapterCache(budget_for(1, layers))
    run(cache, tiny_model_dir, [a])
    out_b = run(cache, tiny_model_dir, [b])  # evicts a: the last (and active) adapter
    assert cache.loaded() == [b.key]
    assert cache.evict(b.key) and not cache.evict(b.key)
    with cache.use(tiny_model_dir, []) as loaded, torch.no_grad():
        assert not hasattr(loaded.model, "peft_config")  # LoRA wrappers were removed
        assert torch.allclose(loaded.model(IDS).logits, expected(tiny_model_dir, []), atol=1e-6)
    assert torch.allclose(out_b, expected(tiny_model_dir, [b]), atol=1e-6)
    assert torch.allclose(run(cache, tiny_model_dir, [a]), expected(tiny_model_dir, [a]), atol=1e-6)


def test_two_layers_active_at_once(tiny_model_dir: Path, layers: list[LayerRef]) -> None:
    a, b = layers[:2]
    cache = AdapterCache(budget_for(3, layers))
    both = run(cache, tiny_model_dir, [a, b])
    only_a = run(cache, tiny_model_dir, [a])
    both_again = run(cache, tiny_model_dir, [b, a])
    assert torch.allclose(both, expected(tiny_model_dir, [a, b]), atol=1e-6)
    assert torch.allclose(both_again, both, atol=1e-5)
    assert not torch.allclose(both, only_a, atol=1e-3)
    assert not torch.allclose(both, expected(tiny_model_dir, [b]), atol=1e-3)
    assert torch.allclose(only_a, expected(tiny_model_dir, [a]), atol=1e-6)


def test_stale_layers_are_evicted_before_least_recently_used_ones(
    tiny_model_dir: Path, layers: list[LayerRef]
) -> None:
    """LRU position and last-use time only disagree when the clock steps back (or a layer's
    persisted last use is newer): then the stale layer goes first, even if used more recently."""
    a, b, c = layers[:3]
    now = [100 * DAY]
    cache = AdapterCache(budget_for(2, layers), clock=lambda: now[0], stale_after_s=30 * DAY)
    run(cache, tiny_model_dir, [a])  # a: day 100, least recently used
    now[0] = 1 * DAY  # the wall clock is stepped back
    run(cache, tiny_model_dir, [b])  # b: day 1, most recently used
    now[0] = 101 * DAY
    assert cache.stale() == [b.key]
    assert cache.stale(now=200 * DAY) == [a.key, b.key]
    run(cache, tiny_model_dir, [c])
    assert cache.loaded() == [a.key, c.key]  # b (stale) went, not a (LRU)


def test_persisted_last_use_counts_and_on_used_reports(
    tiny_model_dir: Path, layers: list[LayerRef]
) -> None:
    a, b = layers[:2]
    used: list[tuple[str, float]] = []
    now = [10 * DAY]
    cache = AdapterCache(
        budget_for(2, layers), clock=lambda: now[0], on_used=lambda k, t: used.append((k, t))
    )
    fresh_b = LayerRef(b.key, b.path, b.nbytes, last_used_at=50 * DAY)  # used later elsewhere
    run(cache, tiny_model_dir, [a, fresh_b])
    assert used == [(a.key, 10 * DAY), (b.key, 10 * DAY)]
    assert cache.stale(now=75 * DAY) == [a.key]  # b's persisted use keeps it fresh


def test_nested_use_of_the_same_base_is_refused(
    tiny_model_dir: Path, layers: list[LayerRef]
) -> None:
    cache = AdapterCache(budget_for(2, layers))
    with (
        cache.use(tiny_model_dir, [layers[0]]),
        pytest.raises(AdapterCacheError, match="re-entered"),
        cache.use(tiny_model_dir, [layers[1]]),
    ):
        pass
    assert cache.loaded() == [layers[0].key]


def test_concurrent_threads_each_get_their_own_layer(
    tiny_model_dir: Path, second_base: Path, layers: list[LayerRef]
) -> None:
    """Two base models, four layers, a budget of two: constant eviction across bases while other
    threads generate. Each thread must see exactly its own layer's logits every time."""
    jobs = [
        (tiny_model_dir, layers[0]),
        (tiny_model_dir, layers[1]),
        (second_base, layers[2]),
        (second_base, layers[3]),
    ]
    wanted = {ref.key: expected(base, [ref]) for base, ref in jobs}
    budget = budget_for(2, layers)
    cache = AdapterCache(budget)
    errors: list[BaseException] = []
    checked = [0]
    start = threading.Barrier(len(jobs))

    def worker(base: Path, ref: LayerRef) -> None:
        try:
            start.wait()
            for _ in range(6):
                with cache.use(base, [ref]) as loaded, torch.no_grad():
                    first = loaded.model(IDS).logits
                    threading.Event().wait(0.002)  # let the others try to switch or evict
                    second = loaded.model(IDS).logits
                    assert ref.key in cache.loaded()
                assert torch.allclose(first, wanted[ref.key], atol=1e-6), ref.key
                assert torch.allclose(second, wanted[ref.key], atol=1e-6), ref.key
                assert cache.stats().bytes_used <= budget
                checked[0] += 1
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=job) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a use() deadlocked"
    assert errors == []
    assert checked[0] == 6 * len(jobs)
    stats = cache.stats()
    assert stats.bytes_used <= budget and stats.evictions > 0


def test_a_layer_in_use_is_not_evicted_for_another_base(
    tiny_model_dir: Path, second_base: Path, layers: list[LayerRef]
) -> None:
    a, b = layers[:2]
    cache = AdapterCache(budget_for(1, layers))
    with cache.use(tiny_model_dir, [a]) as loaded, torch.no_grad():
        with pytest.raises(AdapterCacheError, match="in use"):
            run(cache, second_base, [b])
        assert torch.allclose(loaded.model(IDS).logits, expected(tiny_model_dir, [a]), atol=1e-6)
    assert cache.loaded() == [a.key]
    out_b = run(cache, second_base, [b])  # a is idle now: it goes
    assert cache.loaded() == [b.key]
    assert torch.allclose(out_b, expected(second_base, [b]), atol=1e-6)
