"""Adapter swap benchmark: serving many LoRA layers from one shared base model.

On a tiny Llama built in code (real SmolLM2 tokenizer) with rank-4 q/v LoRA layers, measures the
AdapterCache: switching among N = 1, 8, 32, 64 loaded layers (hits), loading a layer that is not
cached into a full cache (misses) and while it fills (``miss_grow_ms_p50``), and a Zipf-distributed
request stream (s=1.1) over more layers than fit in the budget. The plain approach runs in the
same process as the baseline: for every request, load the adapter from disk onto the base model
(PeftModel.from_pretrained) and unload it again. Times are of the swap itself (entering and
leaving ``cache.use``), no forward pass. Also reports what peft's own ``set_adapter`` /
``load_adapter`` cost as N grows, for reference.
Prints JSON: ``{"hit_ms_p50", "miss_ms_p50", "hit_ms_by_n", "zipf_hit_ratio", "zipf_ms_mean",
"baseline_ms_p50", "speedup", ...}``.

    python bench/adapter_swap.py --json [--layers 200] [--budget-layers 32] [--requests 3000]
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import torch
import transformers

from lifelong.engine.cache import AdapterCache, LayerRef
from tests.tiny_models import save_smollm2_tokenizer, save_tiny_llama

HIT_NS = (1, 8, 32, 64)


def _ms(seconds: list[float]) -> float:
    return round(statistics.median(seconds) * 1000, 4)


def _make_layers(model_dir: Path, root: Path, count: int) -> list[LayerRef]:
    """``count`` distinct rank-4 LoRA layers: one peft model, weights redrawn per seed."""
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    model = get_peft_model(
        AutoModelForCausalLM.from_pretrained(model_dir),
        LoraConfig(r=4, target_modules=["q_proj", "v_proj"], init_lora_weights=False),
    )
    layers = []
    for i in range(count):
        torch.manual_seed(i)
        with torch.no_grad():
            for name, param in model.named_parameters():
                if "lora_" in name:
                    param.normal_(0, 0.05)
        folder = root / f"layer-{i:03d}"
        model.save_pretrained(folder)
        nbytes = sum(f.stat().st_size for f in folder.iterdir() if f.is_file())
        layers.append(LayerRef(key=f"layer-{i:03d}", path=folder, nbytes=nbytes))
    return layers


def _timed_use(cache: AdapterCache, base: Path, ref: LayerRef) -> float:
    started = time.perf_counter()
    with cache.use(base, [ref]):
        pass
    return time.perf_counter() - started


def _hits_by_n(base: Path, layers: list[LayerRef], iters: int) -> dict[str, float]:
    """p50 of a switch to another loaded layer, with N layers loaded."""
    cache = AdapterCache(max(HIT_NS) * max(r.nbytes for r in layers))
    result: dict[str, float] = {}
    for n in HIT_NS:
        for ref in layers[:n]:
            _timed_use(cache, base, ref)  # load (or touch) the first n
        assert cache.stats().entries == n
        times = [_timed_use(cache, base, layers[i % n]) for i in range(iters)]
        result[str(n)] = _ms(times)
    same = [_timed_use(cache, base, layers[0]) for _ in range(iters)]
    result["same_layer"] = _ms(same)
    return result


def _misses(base: Path, layers: list[LayerRef], budget_layers: int, count: int) -> dict[str, float]:
    """Loads while the cache grows (new slots) and into a full cache (slot refill)."""
    cache = AdapterCache(budget_layers * max(r.nbytes for r in layers))
    grow = [_timed_use(cache, base, ref) for ref in layers[:budget_layers]]
    others = itertools.cycle(layers[budget_layers:])
    full = [_timed_use(cache, base, next(others)) for _ in range(count)]
    stats = cache.stats()
    assert stats.hits == 0 and stats.evictions == count
    return {"miss_ms_p50": _ms(full), "miss_grow_ms_p50": _ms(grow[1:])}


def _zipf_stream(layers: list[LayerRef], n: int, s: float, seed: int) -> list[LayerRef]:
    rng = random.Random(seed)
    order = layers[:]
    rng.shuffle(order)  # popularity has nothing to do with creation order
    cum = list(itertools.accumulate(1 / (rank**s) for rank in range(1, len(order) + 1)))
    return rng.choices(order, cum_weights=cum, k=n)


def _zipf(base: Path, stream: list[LayerRef], budget_layers: int) -> dict[str, float]:
    """From a cold cache; the second half of the stream is also reported alone (warm).

    The first request also loads the base model (reported alone as ``zipf_first_ms``); misses
    while the cache is still filling are reported apart from those into a full cache.
    """
    cache = AdapterCache(budget_layers * max(r.nbytes for r in stream))
    times, fill_misses, full_misses = [], [], []
    for ref in stream:
        before = cache.stats()
        elapsed = _timed_use(cache, base, ref)
        times.append(elapsed)
        if cache.stats().misses > before.misses:
            (fill_misses if before.entries < budget_layers else full_misses).append(elapsed)
    stats = cache.stats()
    assert stats.bytes_used <= stats.budget_bytes
    ordered = sorted(times)
    return {
        "zipf_hit_ratio": round(stats.hits / (stats.hits + stats.misses), 4),
        "zipf_ms_mean": round(statistics.fmean(times) * 1000, 4),
        "zipf_ms_p50": _ms(times),
        "zipf_ms_p99": round(ordered[int(len(ordered) * 0.99) - 1] * 1000, 4),
        "zipf_ms_mean_warm": round(statistics.fmean(times[len(times) // 2 :]) * 1000, 4),
        "zipf_first_ms": round(times[0] * 1000, 2),
        "zipf_fill_miss_ms_p50": _ms(fill_misses[1:]),  # after the first (base model) load
        "zipf_full_miss_ms_p50": _ms(full_misses),
    }


def _baseline(base_dir: Path, stream: list[LayerRef]) -> dict[str, float]:
    """The plain approach: load the request's adapter from disk, use it, unload it."""
    from peft import PeftModel
    from transformers import AutoModelForCausalLM

    model = AutoModelForCausalLM.from_pretrained(base_dir, dtype=torch.float32).eval()
    times = []
    for ref in stream:
        started = time.perf_counter()
        peft_model = PeftModel.from_pretrained(model, ref.path, adapter_name="request")
        model = peft_model.unload()
        times.append(time.perf_counter() - started)
    return {
        "baseline_ms_p50": _ms(times),
        "baseline_ms_mean": round(statistics.fmean(times) * 1000, 4),
    }


def _peft_costs(base_dir: Path, layers: list[LayerRef], iters: int) -> dict[str, dict[str, float]]:
    """What peft's own set_adapter and load_adapter cost with N adapters in the model."""
    from peft import PeftModel
    from transformers import AutoModelForCausalLM

    model = AutoModelForCausalLM.from_pretrained(base_dir, dtype=torch.float32).eval()
    model = PeftModel.from_pretrained(model, layers[0].path, adapter_name=layers[0].key)
    set_ms: dict[str, float] = {}
    load_ms: dict[str, float] = {}
    for n in HIT_NS:
        loads = []
        for ref in layers[len(model.peft_config) : n]:
            started = time.perf_counter()
            model.load_adapter(ref.path, adapter_name=ref.key)
            loads.append(time.perf_counter() - started)
        if loads:
            load_ms[str(n)] = round(loads[-1] * 1000, 3)
        times = []
        for i in range(iters):
            started = time.perf_counter()
            model.set_adapter(layers[i % n].key)
            times.append(time.perf_counter() - started)
        set_ms[str(n)] = _ms(times)
    return {"peft_set_adapter_ms_by_n": set_ms, "peft_load_adapter_ms_at_n": load_ms}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--layers", type=int, default=200, help="distinct layers in the stream")
    parser.add_argument("--budget-layers", type=int, default=32, help="cache budget, in layers")
    parser.add_argument("--requests", type=int, default=3000, help="Zipf stream length")
    parser.add_argument("--zipf-s", type=float, default=1.1)
    parser.add_argument("--baseline-requests", type=int, default=300)
    parser.add_argument("--hit-iters", type=int, default=1000, help="switches timed per N")
    parser.add_argument("--misses", type=int, default=100, help="misses timed in a full cache")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    transformers.utils.logging.set_verbosity_error()
    transformers.utils.logging.disable_progress_bar()
    warnings.filterwarnings("ignore")
    torch.set_num_threads(1)

    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        base = save_tiny_llama(root / "model", save_smollm2_tokenizer(root / "tokenizer"))
        layers = _make_layers(base, root / "layers", max(args.layers, max(HIT_NS)))
        hit_ms_by_n = _hits_by_n(base, layers, args.hit_iters)
        misses = _misses(base, layers, args.budget_layers, args.misses)
        stream = _zipf_stream(layers[: args.layers], args.requests, args.zipf_s, args.seed)
        zipf = _zipf(base, stream, args.budget_layers)
        baseline = _baseline(base, stream[: args.baseline_requests])
        peft_costs = _peft_costs(base, layers, args.hit_iters // 5)
    result = {
        "hit_ms_p50": hit_ms_by_n[str(max(HIT_NS))],
        **misses,
        "hit_ms_by_n": hit_ms_by_n,
        **zipf,
        **baseline,
        "speedup": round(baseline["baseline_ms_mean"] / zipf["zipf_ms_mean"], 2),
        "speedup_warm": round(baseline["baseline_ms_mean"] / zipf["zipf_ms_mean_warm"], 2),
        "layers": args.layers,
        "budget_layers": args.budget_layers,
        "requests": args.requests,
        "layer_bytes": layers[0].nbytes,
        **peft_costs,
        "run_s": round(time.perf_counter() - started, 1),
    }
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:>26}: {value}")


if __name__ == "__main__":
    main()
