"""Serving a persona: the base model plus its active layers, through the adapter cache.

The :class:`LayerServer` turns "persona P, traits T" into the active layer rows, loads them
through the :class:`~lifelong.engine.cache.AdapterCache` (one base model instance per base, LRU
of adapters) and runs work on the loaded model in a thread, so the event loop never waits on
torch. A local layer whose artifact fails verification is refused: the server raises an alert
and serves the newest older good version of that trait instead (or the base model).
Remote layers (a fine-tuned model id) answer through the provider's chat API.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import time
from collections.abc import AsyncGenerator, Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from lifelong._model_thread import check_cancelled, in_model_thread
from lifelong._names import MERGED
from lifelong.engine.base_models import BaseModelError, resolve_base_model
from lifelong.engine.batching import GenerationBatcher, Request
from lifelong.engine.cache import AdapterCache, LayerRef, Loaded
from lifelong.errors import LifelongError
from lifelong.events import LayerCorrupted
from lifelong.genome.artifacts import ArtifactCorrupted, ArtifactMissing
from lifelong.genome.rollout import CANARY, STABLE, choose_arms
from lifelong.genome.store import LayerStore, monitored_worse
from lifelong.storage.rows import LayerRow

__all__ = ["Generation", "GenerationSettings", "LayerServer", "RemoteChat"]

log = logging.getLogger("lifelong.engine.serving")

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class GenerationSettings:
    max_new_tokens: int = 128
    temperature: float = 0.0  # 0 = greedy, reproducible
    top_p: float = 1.0


@dataclass(frozen=True, slots=True)
class Generation:
    """A reply and who produced it. ``id`` (set by the runtime, durable once returned) is what
    ``persona.record(..., generation=g)`` attributes the recorded turn with.
    """

    text: str
    layers: dict[str, int] = field(default_factory=dict)  # trait -> version that answered
    base_model: str = ""
    remote_model: str | None = None
    layer_ids: dict[str, str] = field(default_factory=dict)  # trait -> layer id
    id: str = ""
    # trait -> "canary" | "stable", for each answering trait that runs a canary
    arms: dict[str, str] = field(default_factory=dict)
    # The memory turns (their ids: the recorded interactions') put into the prompt.
    memory: tuple[str, ...] = ()

    @property
    def arm(self) -> str | None:
        """``"canary"`` when a canary answered, ``"stable"`` when a trait runs one but its
        active version answered, None when no canary was running.
        """
        if not self.arms:
            return None
        return CANARY if CANARY in self.arms.values() else STABLE


# (layer row, messages, settings, on_text) -> reply text; the runtime wires the provider's chat
# API (streamed, piece by piece to ``on_text``, when it is given).
RemoteChat = Callable[
    [LayerRow, list[dict[str, str]], GenerationSettings, Callable[[str], None] | None],
    Awaitable[str],
]


class LayerServer:
    def __init__(
        self,
        store: LayerStore,
        cache: AdapterCache,
        *,
        default_base: str | None,
        model_cache_dir: Path,
        remote_chat: RemoteChat | None = None,
        touch_interval_s: float = 60.0,
        batch_window_s: float = 0.01,
        max_batch: int = 16,
    ) -> None:
        self.store = store
        self.cache = cache
        self.default_base = default_base
        self.model_cache_dir = model_cache_dir
        self.remote_chat = remote_chat
        self.touch_interval_s = touch_interval_s
        self._bases: dict[str, Any] = {}  # name -> ResolvedBaseModel
        self._tokenizers: dict[Path, Any] = {}  # base path -> its tokenizer (counting only)
        self._bad: set[str] = set()  # layer ids whose artifact failed verification
        self._verified: set[str] = set()  # merged snapshots checked in this process
        self._used: dict[str, float] = {}
        self._used_lock = threading.Lock()
        self._last_flush = time.monotonic()
        # Concurrent generations on one base model decode together (see engine.batching).
        self.batcher = GenerationBatcher(cache, window_s=batch_window_s, max_batch=max_batch)
        self._dora: dict[str, bool] = {}
        cache.attach(verify=self.verify, on_used=self.note_used)

    async def close(self) -> None:
        await self.batcher.close()

    # -- bookkeeping called by the cache ----------------------------------------------------

    def note_used(self, key: str, ts: float) -> None:
        """The cache's ``on_used`` hook: remembered here, written at most once a minute."""
        with self._used_lock:
            self._used[key] = ts

    async def flush_usage(self, force: bool = False) -> None:
        if not force and time.monotonic() - self._last_flush < self.touch_interval_s:
            return
        with self._used_lock:
            pending, self._used = self._used, {}
        self._last_flush = time.monotonic()
        await self.store.repo.touch({k: v for k, v in pending.items() if not k.startswith("_")})

    # -- resolving layers ---------------------------------------------------------------------

    async def base_path(self, name: str | None) -> Path:
        return (await self._resolved(name)).path

    async def _resolved(self, name: str | None) -> Any:
        key = name or self.default_base or ""
        if key not in self._bases:
            self._bases[key] = await in_model_thread(
                resolve_base_model, name or self.default_base, self.model_cache_dir
            )
        return self._bases[key]

    async def _same_base(self, rows: list[LayerRow], base_name: str | None) -> list[LayerRow]:
        """``rows``, with a layer trained on another base model than the one ``base_name``
        resolves to here (its manifest's sha256 differs: another model under the same name)
        refused like a corrupt one: it would serve garbage, silently.
        """
        resolved = await self._resolved(base_name)
        kept = []
        for row in rows:
            trained_on = ((row.get("manifest") or {}).get("base_model") or {}).get("sha256")
            if row.get("kind") == "local" and trained_on and trained_on != resolved.sha256:
                replacement = await self._refuse(row, BaseModelError(
                    f"trained on another base model (sha256 {trained_on[:12]}...) than "
                    f"{resolved.name} here ({resolved.sha256[:12]}...)"))  # fmt: skip
                if replacement is not None:
                    kept.append(replacement)
                continue
            kept.append(row)
        return kept

    async def count_tokens(
        self, base_name: str | None, messages: list[dict[str, str]], reply: str
    ) -> tuple[int, int]:
        """The prompt's tokens (``messages`` in the chat template, with the generation prompt)
        and the reply's, in the base model's tokenizer (loaded once per base, not the model).
        """
        path = await self.base_path(base_name or None)
        tokenizer = self._tokenizers.get(path)
        if tokenizer is None:
            from transformers import AutoTokenizer

            tokenizer = await asyncio.to_thread(AutoTokenizer.from_pretrained, path)
            self._tokenizers[path] = tokenizer

        loaded: Any = tokenizer

        def count() -> tuple[int, int]:
            prompt = loaded.apply_chat_template(
                messages, add_generation_prompt=True, tokenize=False
            )
            return (
                len(loaded(prompt, add_special_tokens=False)["input_ids"]),
                len(loaded(reply, add_special_tokens=False)["input_ids"]),
            )

        return await asyncio.to_thread(count)

    def ref(self, row: LayerRow, path: Path | None = None) -> LayerRef:
        """The cache's handle of a local layer row (its id is the cache key)."""
        return LayerRef(
            key=row["id"],
            path=path or self.store.artifacts.path_of(row["artifact_sha256"]),
            nbytes=int(row["artifact_bytes"] or 0),
            pinned=bool(row.get("pinned")),
            last_used_at=row.get("last_used_at"),
        )

    def verify(self, ref: LayerRef) -> None:
        """The cache's ``verify`` hook: every load re-hashes the folder it is about to load."""
        self.store.artifacts.verified_path(ref.path.name)

    async def layers_for(
        self,
        persona: str,
        traits: Sequence[str] | None,
        active: Mapping[str, LayerRow] | None = None,
    ) -> list[LayerRow]:
        """The active layer rows of ``traits`` (all active traits when None). ``active`` is
        the persona's active layers when the caller has already read them.
        """
        if active is None:
            active = await self.store.active(persona)
        names = [t for t in (active if traits is None else traits) if t in active and t != MERGED]
        return [active[t] for t in names]

    async def merged_base(
        self,
        persona: str,
        rows: Sequence[LayerRow],
        active: Mapping[str, LayerRow] | None = None,
    ) -> tuple[Path, LayerRow] | None:
        """The persona's active merged snapshot, if it holds exactly ``rows`` (each trait at
        the version that was merged); else None and the layers load on the original base.
        """
        if active is None:
            active = await self.store.active(persona)
        merged = active.get(MERGED)
        if merged is None or merged["id"] in self._bad or not rows:
            return None
        baked = merged["manifest"].get("merged") or {}
        if {r["trait"]: r["version"] for r in rows} != baked:
            return None
        try:
            if merged["id"] not in self._verified:  # a full model: hashed once per process
                path = await asyncio.to_thread(self.store.artifact_path, merged)
                self._verified.add(merged["id"])
            else:
                path = self.store.artifacts.path_of(str(merged["artifact_sha256"]))
        except (ArtifactCorrupted, ArtifactMissing) as exc:
            await self._refuse(merged, exc)
            return None
        return path, merged

    async def _fallback(self, row: LayerRow) -> LayerRow | None:
        """The newest older deployed version of the same trait that is not known bad (refused
        here, or found serving worse by the monitor: a refused canary falls back to the active
        version, not to a canary rolled back before it).
        """
        versions = await self.store.versions(row["persona"], row["trait"])
        for older in sorted(versions, key=lambda r: -r["version"]):
            if older["version"] >= row["version"] or older["id"] in self._bad:
                continue
            if monitored_worse(older):
                continue
            if older["status"] == "deployed" and older["kind"] == row["kind"]:
                return older
        return None

    async def _refuse(self, row: LayerRow, exc: Exception) -> LayerRow | None:
        self._bad.add(row["id"])
        self.cache.evict(row["id"])
        replacement = await self._fallback(row)
        served = f"v{replacement['version']}" if replacement else "the base model"
        log.error("%s/%s v%d refused: %s; serving %s", row["persona"], row["trait"],
                  row["version"], exc, served)  # fmt: skip
        await self.store.events.add(
            LayerCorrupted, persona=row["persona"], trait=row["trait"], severity="error",
            is_alert=True,
            payload={"version": row["version"], "error": str(exc), "serving": served},
        )  # fmt: skip
        return replacement

    # -- running work on the loaded model -------------------------------------------------------

    async def run(
        self,
        base: Path,
        rows: Sequence[LayerRow],
        work: Callable[[Loaded], T],
        *,
        extra: Sequence[LayerRef] = (),
    ) -> tuple[T, list[LayerRow]]:
        """Run ``work(loaded)`` in a thread with exactly ``rows`` (+ ``extra`` refs) active.

        A row whose artifact fails verification is replaced by its fallback (see module
        docstring). Returns the result and the rows that were actually used.
        """

        async def attempt(usable: list[LayerRow]) -> T:
            refs = [self.ref(r) for r in usable] + list(extra)
            return await in_model_thread(self._run_sync, base, refs, work)

        return await self._with_fallback(rows, attempt)

    async def _with_fallback(
        self,
        rows: Sequence[LayerRow],
        attempt: Callable[[list[LayerRow]], Awaitable[T]],
    ) -> tuple[T, list[LayerRow]]:
        """``attempt(rows)``; a row whose artifact fails verification is refused (an alert)
        and replaced by its fallback, and the attempt repeated. Returns the result and the
        rows that were actually used.
        """
        rows = list(rows)
        while True:
            usable = await self._usable(rows)
            try:
                result = await attempt(usable)
            except (ArtifactCorrupted, ArtifactMissing) as exc:
                bad = next((r for r in usable if self._matches(r, exc)), None)
                if bad is None:
                    raise
                replacement = await self._refuse(bad, exc)
                kept = [replacement if r is bad else r for r in usable]
                rows = [r for r in kept if r is not None]
                continue
            await self.flush_usage()
            return result, usable

    def _run_sync(self, base: Path, refs: list[LayerRef], work: Callable[[Loaded], T]) -> T:
        with self.cache.use(base, refs) as loaded:
            return work(loaded)

    @staticmethod
    def _matches(row: LayerRow, exc: Exception) -> bool:
        sha = row.get("artifact_sha256") or ""
        return bool(sha) and (getattr(exc, "sha256", None) == sha or sha[:16] in str(exc))

    # -- generation --------------------------------------------------------------------------

    async def generate(
        self,
        persona: str,
        messages: list[dict[str, str]],
        traits: Sequence[str] | None,
        settings: GenerationSettings | None = None,
        *,
        on_text: Callable[[str], None] | None = None,
        conversation_id: str | None = None,
    ) -> Generation:
        """Answer ``messages`` as ``persona`` with the active layers of ``traits`` (or a
        trait's canary, for the conversations it serves: see :mod:`lifelong.genome.rollout`).
        Local layers decode in micro-batches with other concurrent requests; ``on_text`` gets
        each new piece of the reply as it is decoded (from the model thread; a remote layer's
        as the provider streams it).
        """
        settings = settings or GenerationSettings()
        # One read serves every lookup below: the active layers and any running canaries.
        active, canaries = await self.store.serving(persona)
        rows = await self.layers_for(persona, traits, active)
        arms: dict[str, str] = {}
        if canaries:
            rows, arms = choose_arms(rows, canaries, conversation_id)
        remote = [r for r in rows if r["kind"] == "remote"]
        if remote:
            row = remote[0]
            if self.remote_chat is None:
                raise LifelongError(
                    f"{persona}/{row['trait']} v{row['version']} is a remote model "
                    f"({row['remote_model']}); configure its provider's API key to use it"
                )
            text = await self.remote_chat(row, messages, settings, on_text)
            return Generation(
                text, {row["trait"]: row["version"]}, remote_model=row["remote_model"],
                layer_ids={row["trait"]: row["id"]},
                arms={t: a for t, a in arms.items() if t == row["trait"]},
            )  # fmt: skip
        bases = {(r["manifest"].get("base_model") or {}).get("name") for r in rows}
        if len(bases) > 1:
            raise LifelongError(
                f"the active layers of {persona} were trained on different base models "
                f"({', '.join(sorted(str(b) for b in bases))}); name one trait with traits=[...]"
            )
        base_name = next(iter(bases)) if bases else None
        snapshot = await self.merged_base(persona, rows, active)
        if snapshot is not None:
            path, merged = snapshot
            text, _ = await self.decode(path, [], messages, settings, on_text)
            layers = {r["trait"]: r["version"] for r in rows} | {MERGED: merged["version"]}
            ids = {r["trait"]: r["id"] for r in rows} | {MERGED: merged["id"]}
            name = (await self._resolved(base_name)).name
            return Generation(text, layers, base_model=name, layer_ids=ids, arms=arms)
        resolved = await self._resolved(base_name)
        rows = await self._same_base(rows, base_name)
        text, used = await self.decode(resolved.path, rows, messages, settings, on_text)
        return Generation(  # the base model's name as configured, never this machine's path
            text, {r["trait"]: r["version"] for r in used}, base_model=resolved.name,
            layer_ids={r["trait"]: r["id"] for r in used},
            arms=_answered(arms, rows, used),
        )  # fmt: skip

    async def stream(
        self,
        persona: str,
        messages: list[dict[str, str]],
        traits: Sequence[str] | None,
        settings: GenerationSettings | None = None,
        *,
        conversation_id: str | None = None,
    ) -> AsyncGenerator[str | Generation, None]:
        """The reply's text in pieces as it is decoded, then the :class:`Generation`."""
        loop = asyncio.get_running_loop()
        pieces: asyncio.Queue[str] = asyncio.Queue()

        def on_text(piece: str) -> None:  # called in the decode thread
            loop.call_soon_threadsafe(pieces.put_nowait, piece)

        task = asyncio.create_task(
            self.generate(
                persona,
                messages,
                traits,
                settings,
                on_text=on_text,
                conversation_id=conversation_id,
            )
        )
        try:
            while not task.done():
                getter = asyncio.ensure_future(pieces.get())
                await asyncio.wait({getter, task}, return_when=asyncio.FIRST_COMPLETED)
                if getter.done():
                    yield getter.result()
                else:
                    getter.cancel()
            # Every piece was queued before the reply was handed back (the same loop, in order).
            while not pieces.empty():
                yield pieces.get_nowait()
            yield task.result()
        finally:
            if not task.done():
                task.cancel()

    async def decode(
        self,
        base: Path,
        rows: Sequence[LayerRow],
        messages: list[dict[str, str]],
        settings: GenerationSettings,
        on_text: Callable[[str], None] | None = None,
    ) -> tuple[str, list[LayerRow]]:
        """Decode one reply with exactly ``rows`` through the batcher; a row whose artifact
        fails verification is replaced by its fallback (as in :meth:`run`). Returns the reply
        and the rows that answered.
        """

        async def attempt(usable: list[LayerRow]) -> str:
            mixable = len(usable) <= 1 and not any(self._is_dora(r) for r in usable)
            return await self.batcher.submit(Request(
                base, tuple(self.ref(r) for r in usable), mixable, messages,
                settings.max_new_tokens, settings.temperature, settings.top_p, on_text,
            ))  # fmt: skip

        return await self._with_fallback(rows, attempt)

    async def _usable(self, rows: Sequence[LayerRow]) -> list[LayerRow]:
        usable = []
        for given in rows:
            row: LayerRow | None = given
            while row is not None and row["id"] in self._bad:
                row = await self._fallback(row)
            if row is not None:
                usable.append(row)
        return usable

    def _is_dora(self, row: LayerRow) -> bool:
        """A DoRA layer cannot share a batch with other layers (peft refuses to mix it)."""
        if row["id"] not in self._dora:
            try:
                path = self.store.artifacts.path_of(row["artifact_sha256"])
                config = json.loads((path / "adapter_config.json").read_text())
            except FileNotFoundError:
                # Not on this machine yet (the cache fetches it from the artifact store): not
                # known, so not mixed this time, and asked again next time.
                return True
            except (OSError, ValueError, TypeError):
                config = {}  # the cache's verification reports the rest
            self._dora[row["id"]] = bool(config.get("use_dora"))
        return self._dora[row["id"]]


def _answered(
    arms: dict[str, str], chosen: Sequence[LayerRow], used: Sequence[LayerRow]
) -> dict[str, str]:
    """The arms of the rows that answered: a canary refused (a corrupt artifact) and replaced
    by an older version did not answer as the canary.
    """
    chosen_ids = {r["trait"]: r["id"] for r in chosen}
    return {
        r["trait"]: arms[r["trait"]]
        for r in used
        if r["trait"] in arms and chosen_ids.get(r["trait"]) == r["id"]
    }


def complete(loaded: Loaded, messages: list[dict[str, str]], settings: GenerationSettings) -> str:
    """The model's reply to ``messages`` (runs in a worker thread, under the cache lock)."""
    import torch

    tokenizer, model = loaded.tokenizer, loaded.model
    prompt = tokenizer.apply_chat_template(messages, add_generation_prompt=True, tokenize=False)
    inputs = tokenizer(prompt, return_tensors="pt", add_special_tokens=False)
    sampling: dict[str, Any] = (
        {"do_sample": True, "temperature": settings.temperature, "top_p": settings.top_p}
        if settings.temperature > 0
        else {"do_sample": False}
    )
    with torch.no_grad():
        output = model.generate(
            **inputs, max_new_tokens=settings.max_new_tokens,
            pad_token_id=tokenizer.pad_token_id or tokenizer.eos_token_id, **sampling,
        )  # fmt: skip
    return tokenizer.decode(output[0, inputs["input_ids"].shape[1] :], skip_special_tokens=True)


class _UnlessCancelled:
    """A stopping criterion that never stops a row: it ends the whole ``generate`` (with
    :class:`WorkCancelled`) once nobody waits for it, checked at every decoded token."""

    def __call__(self, input_ids: Any, scores: Any, **kwargs: Any) -> Any:
        import torch

        check_cancelled()
        return torch.zeros(input_ids.shape[0], dtype=torch.bool, device=input_ids.device)


def complete_many(
    loaded: Loaded, chats: Sequence[list[dict[str, str]]], max_new_tokens: int, batch: int = 16
) -> list[str]:
    """Greedy replies to several chats at once, left-padded in batches (the auto-test's
    answers; runs in a worker thread, under the cache lock).
    """
    import torch

    tokenizer, model = loaded.tokenizer, loaded.model
    if tokenizer.pad_token is None:  # batching needs one; the end-of-text token is the usual
        tokenizer.pad_token = tokenizer.eos_token
    side = tokenizer.padding_side
    tokenizer.padding_side = "left"
    pad = tokenizer.pad_token_id
    replies: list[str] = []
    try:
        for start in range(0, len(chats), batch):
            texts = [
                tokenizer.apply_chat_template(c, add_generation_prompt=True, tokenize=False)
                for c in chats[start : start + batch]
            ]
            inputs = tokenizer(texts, return_tensors="pt", padding=True, add_special_tokens=False)
            with torch.no_grad():
                output = model.generate(
                    **inputs,
                    max_new_tokens=max_new_tokens,
                    do_sample=False,
                    pad_token_id=pad,
                    stopping_criteria=[_UnlessCancelled()],
                )
            width = inputs["input_ids"].shape[1]
            replies += [tokenizer.decode(row[width:], skip_special_tokens=True) for row in output]
    finally:
        tokenizer.padding_side = side
    return replies
