"""What the runtime has done, as people and live views see it: the audit trail of events
(stored, and delivered as they happen), training metrics, layer history, reports, the cost
of training and a one-screen status.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection, Sequence
from pathlib import Path
from typing import Any

from lifelong._names import validate_name
from lifelong.engine.cache import AdapterCache
from lifelong.events import LifelongEvent, ReportWritten, event_kind
from lifelong.genome.store import LayerStore
from lifelong.learning.report import build_report, write_report
from lifelong.runtime.events import EventHub, Subscriber
from lifelong.storage.repos import (
    EventRepo,
    InteractionRepo,
    JobRepo,
    MetricsRepo,
    PersonaRepo,
    ReportRepo,
    ScoringRepo,
)
from lifelong.storage.repos.personas import PersonaRow

__all__ = ["Observation"]


class Observation:
    """``rt.list_events`` / ``events_after`` / ``subscribe`` / ``report`` / ``write_reports``
    / ``layer_history`` / ``training_cost`` / ``status`` ...

    Built by the runtime with what it reads: the persona lookup, the event, metric, report,
    persona, interaction, scoring and job tables, the layer store and its cache, the event
    hub, and where the database and the home are.
    """

    def __init__(
        self,
        *,
        persona_row: Callable[..., Awaitable[PersonaRow]],
        check_open: Callable[[], None],
        events: EventRepo,
        metrics: MetricsRepo,
        reports: ReportRepo,
        personas: PersonaRepo,
        interactions: InteractionRepo,
        scoring: ScoringRepo,
        jobs: JobRepo,
        layers: LayerStore,
        cache: AdapterCache,
        hub: EventHub,
        database_url: str,
        home: Path,
    ) -> None:
        self._persona_row = persona_row
        self._check_open = check_open
        self._events = events
        self._metrics = metrics
        self._reports = reports
        self._personas = personas
        self._interactions = interactions
        self._scoring = scoring
        self._jobs = jobs
        self.layers = layers
        self.cache = cache
        self.hub = hub
        self._database_url = database_url
        self._home = home

    async def list_events(
        self,
        persona: str | Sequence[str] | None = None,
        *,
        kinds: Sequence[str | type[LifelongEvent]] | None = None,
        alerts_only: bool = False,
        limit: int = 100,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        """Stored events (the audit trail: deploys, rollbacks, failures, alerts), newest first;
        of ``persona`` (or of any of several personas) when given.
        """
        self._check_open()
        names = [event_kind(k) for k in kinds] if kinds else None
        return await self._events.list(persona, limit, kinds=names, alerts_only=alerts_only,
                                       offset=offset)  # fmt: skip

    async def count_events(
        self,
        persona: str | Sequence[str] | None = None,
        *,
        kinds: Sequence[str | type[LifelongEvent]] | None = None,
        alerts_only: bool = False,
    ) -> int:
        """How many stored events :meth:`list_events` pages through with the same filters."""
        self._check_open()
        names = [event_kind(k) for k in kinds] if kinds else None
        return await self._events.count(persona, kinds=names, alerts_only=alerts_only)

    async def events_after(
        self, cursor: int = 0, *, persona: str | Sequence[str] | None = None, limit: int = 200
    ) -> list[dict[str, Any]]:
        """Stored events after id ``cursor`` (0: from the first), oldest first, whichever
        process stored them: what a live view polls. :meth:`event_cursor` is where "now" is.
        ``persona``: one persona's, or any of several personas' events.
        """
        self._check_open()
        for name in [persona] if isinstance(persona, str) else persona or ():
            validate_name("persona", name)
        return await self._events.after(cursor, limit, persona)

    async def training_points_after(
        self,
        cursor: int = 0,
        names: Sequence[str] = ("loss", "total_steps", "replay_done", "replay_total"),
        limit: int = 500,
    ) -> list[dict[str, Any]]:
        """Training metric points (loss per step ...) after id ``cursor``, oldest first, of
        every job whichever process trains it.
        """
        self._check_open()
        return await self._metrics.after(cursor, names, limit)

    async def event_cursor(self) -> tuple[int, int]:
        """The newest (event id, metric id): start a live view here to see only what is new."""
        self._check_open()
        return await self._events.last_id(), await self._metrics.last_id()

    def subscribe(
        self,
        callback: Subscriber,
        kinds: Collection[str | type[LifelongEvent]] | None = None,
    ) -> Callable[[], None]:
        """Deliver typed events to ``callback``: each an instance of its class from
        :mod:`lifelong.events` (``LayerDeployed``, ``TrainingFailed`` ...), all subclasses of
        :class:`LifelongEvent`. ``kinds`` (classes or names) limits them; returns unsubscribe.
        """
        return self.hub.subscribe(callback, kinds)

    async def layer_history(self, persona: str, trait: str | None = None) -> list[dict[str, Any]]:
        """Every deploy, activation and rollback of the persona's layers (of ``trait``), oldest
        first: when, who (``auto-test``, ``auto-rollback``, ``cli:<user>``, ``api``), why,
        from which version to which.
        """
        self._check_open()
        await self._persona_row(persona, hint="list them with `lifelong personas`")
        return await self.layers.history(persona, trait)

    async def report(self, persona: str) -> dict[str, Any]:
        """The persona's report as data (what :meth:`write_reports` renders), not written."""
        self._check_open()
        await self._persona_row(persona, hint="list them with `lifelong personas`")
        return build_report(await self._reports.gather(persona))

    async def write_reports(
        self, persona: str | None = None, out_dir: Path | None = None
    ) -> list[tuple[Path, Path]]:
        """Write the HTML + JSON report of ``persona`` (every persona when None)."""
        self._check_open()
        names = [persona] if persona else [p.name for p in await self._personas.list()]
        folder = out_dir or self._home / "reports"
        written = []
        for name in names:
            await self._persona_row(name, hint="list them with `lifelong personas`")
            paths = await write_report(self._reports, name, folder)
            written.append(paths)
            payload = {"html": str(paths[0]), "json": str(paths[1])}
            await self._events.add(ReportWritten, persona=name, payload=payload)
        return written

    async def training_cost(self) -> dict[str | None, float]:
        """What training has cost so far, per provider, over every persona (jobs whose cost
        is unknown are left out).
        """
        self._check_open()
        return await self._reports.cost_by_provider()

    async def status(self) -> dict[str, Any]:
        """One screen's worth: database, personas, interactions, jobs, layers, cache, alerts."""
        self._check_open()
        personas = await self._personas.list()
        total = await self._interactions.count()
        active = 0
        for p in personas:
            active += len(await self.layers.active(p.name))
        return {
            "database": self._database_url,
            "home": str(self._home),
            "personas": len(personas),
            "interactions": {
                "total": total,
                "scored": total - await self._scoring.unscored_count(),
                "unused": await self._interactions.count(used=False),
            },
            "jobs": await self._jobs.counts(),
            "active_layers": active,
            "adapter_cache": self.cache.stats().as_dict(),
            "alerts": await self._events.list(alerts_only=True, limit=5),
        }
