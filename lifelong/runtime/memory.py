"""A persona's memory as people and the schedule see it: list, remove and pin its turns;
the monitor's check of what they led to and the budget; and memory following the active
pointer (a rollback past a layer gives back what it had consolidated). Retrieval itself is
:mod:`lifelong.learning.memory`, used by :mod:`lifelong.runtime.answering`.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from lifelong.errors import InvalidRecord, NotFound
from lifelong.events import LifelongEvent
from lifelong.genome.store import LayerStore
from lifelong.learning.memory import MemoryIndex, MemoryPolicy
from lifelong.storage.repos.memory import ACTIVE, CONSOLIDATED, REMOVED, MemoryRepo, MemoryRow
from lifelong.storage.repos.personas import PersonaRow

__all__ = ["MEMORY_STATES", "MemoryDesk"]

log = logging.getLogger("lifelong.runtime")

MEMORY_STATES = (ACTIVE, CONSOLIDATED, REMOVED)


class MemoryDesk:
    """``rt.list_memory`` / ``remove_memory`` / ``pin_memory`` / ``check_memory``."""

    def __init__(
        self,
        *,
        persona_row: Callable[..., Awaitable[PersonaRow]],
        check_open: Callable[[], None],
        rows: MemoryRepo,
        index: MemoryIndex,
        layers: LayerStore,
    ) -> None:
        self._persona_row = persona_row
        self._check_open = check_open
        self._memory_rows = rows
        self.memory = index
        self._policy: MemoryPolicy = index.policy
        self.layers = layers

    async def list_memory(
        self,
        persona: str,
        *,
        trait: str | None = None,
        state: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> tuple[list[MemoryRow], int]:
        """A page of ``persona``'s memory (pinned first, then newest; ``state`` active,
        consolidated or removed) and how many match: each turn's prompt and reply as memory
        gives them, its quality, state and why, and how often it was used.
        """
        self._check_open()
        await self._persona_row(persona, hint="list them with `lifelong personas`")
        if state is not None and state not in MEMORY_STATES:
            raise InvalidRecord("state", f"{state!r} is not one of {', '.join(MEMORY_STATES)}")
        return await self._memory_rows.list(
            persona, trait=trait, state=state, limit=limit, offset=offset
        )

    async def consolidated_by(
        self, persona: str, trait: str, version: int, *, limit: int = 50, offset: int = 0
    ) -> tuple[list[MemoryRow], int]:
        """A page of the memory turns version ``version`` of (persona, trait) consolidated
        (it says them on its own, so memory demoted them: retrieved behind active turns
        unless ``memory.retrieve_consolidated`` is off, the first evicted at the budget; a
        rollback past it makes them active again) and how many there are.
        """
        self._check_open()
        layer = await self.layers.get(persona, trait, version)
        return await self._memory_rows.consolidated_by(layer["id"], limit=limit, offset=offset)

    async def remove_memory(self, persona: str, memory_id: str, *, by: str) -> None:
        """Take one turn out of ``persona``'s memory (it stays recorded and trainable; a
        re-score does not bring it back)."""
        self._check_open()
        if not await self._memory_rows.set(
            persona, memory_id, state=REMOVED, reason=f"removed by {by}"[:300]
        ):  # fmt: skip
            raise NotFound("memory turn", f"{persona}/{memory_id}", "list them with "
                           f"`lifelong memory list {persona}`")  # fmt: skip
        self.memory.forget(persona)

    async def pin_memory(self, persona: str, memory_id: str, *, pinned: bool = True) -> None:
        """Pin a turn in ``persona``'s memory (served whatever the budget, consolidation or
        feedback say; back in memory if it was out) or unpin it."""
        self._check_open()
        if not await self._memory_rows.set(persona, memory_id, pinned=pinned):
            raise NotFound("memory turn", f"{persona}/{memory_id}", "list them with "
                           f"`lifelong memory list {persona}`")  # fmt: skip
        self.memory.forget(persona)

    async def check_memory(self) -> dict[str, Any]:
        """Judge memory as the monitor judges a layer, and keep it within its budget (the
        scheduler does this every ``monitor.interval_s``): a turn whose uses led to
        ``memory.max_bad_uses`` corrected or poorly rated replies leaves memory; each
        (persona, trait) keeps at most ``memory.max_turns_per_trait`` turns. Returns
        ``{"removed": [(persona, id, bad replies)...], "evicted": n}``.
        """
        self._check_open()
        removed = await self._memory_rows.remove_misleading(self._policy.max_bad_uses)
        for persona, memory_id, bad in removed:
            log.info("%s: memory turn %s removed: it led to %d corrected or poorly rated "
                     "replies", persona, memory_id, bad)  # fmt: skip
            self.memory.forget(persona)
        evicted = await self._memory_rows.evict(self._policy.max_turns_per_trait)
        if evicted:
            self.memory.forget()
        return {"removed": removed, "evicted": evicted}

    async def follow_pointer(self, event: LifelongEvent) -> None:
        """After the active pointer of (persona, trait) moved: memory turns consolidated by
        a layer that no longer serves the trait (neither active nor a canary) are active
        again (retrieved as before, no longer first out at the budget).
        """
        if not event.persona or not event.trait:
            return
        try:
            serving = [row["id"] for row in (
                (await self.layers.active(event.persona)).get(event.trait),
                (await self.layers.canaries(event.persona)).get(event.trait),
            ) if row]  # fmt: skip
            back = await self._memory_rows.restore(event.persona, event.trait, serving)
        except Exception as exc:
            log.warning("%s/%s: memory not restored after %s: %s", event.persona, event.trait,
                        event.kind, exc)  # fmt: skip
            return
        if back:
            log.info("%s/%s: %d memory turns back after %s", event.persona, event.trait, back,
                     event.kind)  # fmt: skip
            self.memory.forget(event.persona)  # this process serves them at once
