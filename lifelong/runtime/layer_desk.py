"""Layer admin beyond the version store's own verbs (``rt.layers`` lists, activates and rolls
back): pushing stored layers to the artifact store, and merging a persona's active layers into
a tested snapshot of the base model.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from lifelong._names import validate_name
from lifelong.errors import LifelongError
from lifelong.genome.artifacts import NO_ARTIFACT_STORE, ArtifactStore
from lifelong.genome.store import LayerStore
from lifelong.runtime.consolidate import MergeOutcome, MergeServices, merge_and_test
from lifelong.storage.repos.personas import PersonaRow

__all__ = ["LayerDesk"]


class LayerDesk:
    """``rt.push_artifacts`` / ``rt.merge_layers``."""

    def __init__(
        self,
        *,
        persona_row: Callable[..., Awaitable[PersonaRow]],
        list_personas: Callable[[], Awaitable[list[PersonaRow]]],
        check_open: Callable[[], None],
        layers: LayerStore,
        artifacts: ArtifactStore,
        merge: MergeServices,
    ) -> None:
        self._persona_row = persona_row
        self._list_personas = list_personas
        self._check_open = check_open
        self.layers = layers
        self.artifacts = artifacts
        self._merge = merge

    async def push_artifacts(self, persona: str | None = None) -> dict[str, list[dict[str, Any]]]:
        """Upload to the artifact store every stored layer (of ``persona``, or of all) that it
        lacks: what a home that had layers before ``artifact_store`` was set needs once, so
        that other machines can serve them. Per persona, one entry per version (see
        :meth:`LayerStore.push`). ``LifelongError`` when no artifact store is configured.
        """
        self._check_open()
        if self.artifacts.remote is None:
            raise LifelongError(NO_ARTIFACT_STORE)
        if persona is not None:
            names = [(await self._persona_row(persona)).name]
        else:
            names = [p.name for p in await self._list_personas()]
        return {name: await self.layers.push(name) for name in names}

    async def merge_layers(
        self, persona: str, *, by: str = "admin", force: bool = False
    ) -> MergeOutcome:
        """Consolidate the persona's active local layers into a snapshot of the base model,
        stored as a version of the reserved trait ``merged-base`` and activated only if it
        keeps what each layer taught (held-out replies, answers, anchor; ``force`` activates
        it regardless). Roll that trait back (``rt.layers.rollback(persona, "merged-base")``)
        to serve unmerged again. Returns the version, whether it is active, and the figures.
        """
        self._check_open()
        validate_name("persona", persona)
        return await merge_and_test(self._merge, persona, by=by, force=force)
