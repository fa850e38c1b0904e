"""The runtime a chat system embeds: ``async with Runtime.open(config) as rt: ...``."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from lifelong.adapters.failover import ProviderChain
from lifelong.engine.cache import AdapterCache
from lifelong.engine.serving import LayerServer
from lifelong.errors import RuntimeClosed
from lifelong.genome.artifacts import ArtifactStore
from lifelong.genome.store import LayerStore
from lifelong.learning.embeddings import Embedder, MiniLMEmbedder
from lifelong.learning.evaluation import MergePolicy
from lifelong.learning.memory import MemoryIndex
from lifelong.learning.monitor import DeployMonitor
from lifelong.learning.routing import TraitRouter
from lifelong.learning.scoring import CompositeScorer, Scorer
from lifelong.learning.trait_datasets import TraitDatasets
from lifelong.learning.triggers import DAY, TriggerChecker
from lifelong.learning.worker import ScoringWorker
from lifelong.runtime.answering import Answering, everyday_questions
from lifelong.runtime.checkpoints import CheckpointMirror
from lifelong.runtime.config import RuntimeConfig
from lifelong.runtime.consolidate import MergeServices
from lifelong.runtime.deploy import DeployServices
from lifelong.runtime.events import EventHub
from lifelong.runtime.gateway import ChatGateway
from lifelong.runtime.housekeeping import clean_after_a_kill, make_home
from lifelong.runtime.job_desk import JobDesk
from lifelong.runtime.job_desk import dataset_policy as policy_from_config
from lifelong.runtime.jobs import JobWorker
from lifelong.runtime.layer_desk import LayerDesk
from lifelong.runtime.logs import install_redaction
from lifelong.runtime.memory import MemoryDesk
from lifelong.runtime.observation import Observation
from lifelong.runtime.personas import PersonaLookup, Personas
from lifelong.runtime.providers import provider_chain as chain_from_config
from lifelong.runtime.providers import remote_chat
from lifelong.runtime.schedule import Schedule
from lifelong.runtime.tokens import Tokens
from lifelong.runtime.training import TrainingServices
from lifelong.runtime.verbs import RuntimeVerbs
from lifelong.storage import Recorder, Repositories, ensure_schema
from lifelong.storage.blobs import open_blob_store

__all__ = ["Runtime"]

log = logging.getLogger("lifelong.runtime")


class Runtime(RuntimeVerbs):
    """Owns the store and the background work; closes everything it opened.

    Use ``async with Runtime.open(config) as rt`` or ``rt = await Runtime.open(config).start()``
    followed by ``await rt.close()``. The work is done by the services it builds here, whose
    verbs it offers as its own (:class:`~lifelong.runtime.verbs.RuntimeVerbs`).
    """

    def __init__(
        self, config: RuntimeConfig, *, embedder: Embedder | None = None,
        scorer: Scorer | None = None,
    ) -> None:  # fmt: skip
        self.config = config
        db = config.open_database()
        # The store: every table's repository (lifelong.storage), handed a few at a time to
        # the services below. Public as the layer the services stand on, for tools and tests
        # that read or write rows themselves (a second worker claiming a job, a fencing
        # check); what a chat system needs is the services' verbs.
        self.store = repos = Repositories.over(db)
        self._persona_row = PersonaLookup(repos.personas)
        # The embedder loads MiniLM on first use (in the scoring thread), never at start.
        self.embedder = embedder or MiniLMEmbedder()
        scoring = config.scoring
        self._router = TraitRouter(
            self.embedder, threshold=scoring.routing_threshold,
            general_examples=everyday_questions(),
        )  # fmt: skip
        self.memory_policy = config.memory.policy(config.triggers.min_quality)
        # Each persona's retrievable turns, caught up from the store (whoever scored them).
        self.memory = MemoryIndex(repos.memory, self.memory_policy)
        self.scoring_worker = ScoringWorker(
            repos.scoring, repos.personas,
            scorer or CompositeScorer(self.embedder, scoring.weights()), self._router,
            batch_size=scoring.batch_size, profiles=repos.profiles, memory=self.memory_policy,
            scrub_learned=config.dataset.scrub_learned,
        )  # fmt: skip
        self.triggers = TriggerChecker(
            repos.training, repos.jobs, repos.events, config.triggers.policy()
        )
        self.hub = EventHub(config.reports.webhook_url)
        repos.events.listeners.append(self.hub)
        self.limits = config.record_limits()
        self.recorder = Recorder(repos.interactions.insert_many, batch_max=config.record_batch_max)
        # Who answered each generate: group-committed like recorded turns.
        self._generations = Recorder(
            repos.generations.insert_many, batch_max=config.record_batch_max
        )
        # The artifact store every machine reads (None: the home, or shared_dir, is all).
        self.blobs = (
            open_blob_store(
                config.artifact_store, endpoint_url=config.artifact_store_endpoint_url,
                region=config.artifact_store_region,
            )
            if config.artifact_store
            else None
        )  # fmt: skip
        # The genome: versions in the database, artifacts on disk, loaded layers in the cache.
        self.artifacts = ArtifactStore(config.artifacts_home / "genome", self.blobs)
        self.layers = LayerStore(repos.genome, repos.events, self.artifacts)
        self.cache = AdapterCache(
            config.genome.cache_budget_bytes,
            stale_after_s=config.genome.stale_after_days * DAY,
        )
        self.server = LayerServer(
            self.layers, self.cache, default_base=config.training.base_model,
            model_cache_dir=config.home / "models", remote_chat=remote_chat(self.provider_chain),
            batch_window_s=config.genome.batch_window_ms / 1000, max_batch=config.genome.max_batch,
        )  # fmt: skip
        # Answering as a persona (generate, stream, route, memory retrieval).
        self.answering = Answering(
            persona_row=self._persona_row, check_open=self._check_open, limits=self.limits,
            router=self._router, profiles=repos.profiles, memory=self.memory,
            layers=self.layers, server=self.server, generations=self._generations,
            generation_rows=repos.generations, max_new_tokens=config.genome.max_new_tokens,
            generation_retention_days=config.genome.generation_retention_days,
        )  # fmt: skip
        # Memory as people and the schedule see it (list, remove, pin, the monitor's check).
        self.memory_desk = MemoryDesk(
            persona_row=self._persona_row, check_open=self._check_open, rows=repos.memory,
            index=self.memory, layers=self.layers,
        )  # fmt: skip
        # A rollback past a layer gives memory back the turns that layer had consolidated.
        self.hub.subscribe(
            self.memory_desk.follow_pointer,
            kinds=["LayerActivated", "LayerRolledBack", "LayerAutoRolledBack"],
        )
        self.monitor = DeployMonitor(
            repos.genome, repos.generations, self.layers,
            config.monitor.policy(),
        )  # fmt: skip
        self._datasets = TraitDatasets(
            repos.personas, repos.training, config.artifacts_home / "datasets",
            policy_from_config(config), self.blobs,
        )  # fmt: skip
        self.jobs = JobWorker(
            TrainingServices(
                jobs=repos.jobs, training=repos.training, events=repos.events,
                datasets=self._datasets, settings=config.training,
                sessions_dir=config.artifacts_home / "sessions",
                mirror=CheckpointMirror(self.blobs, config.artifacts_home / "sessions")
                if self.blobs is not None else None,
                scoring=repos.scoring,
                scoring_every_s=config.scoring.interval_s if config.background else None,
            ),
            DeployServices(
                jobs=repos.jobs, training=repos.training, layers=self.layers,
                server=self.server, cache=self.cache, embedder=self.embedder,
                datasets=self._datasets, policy=config.evaluation.policy(),
                quality_window=config.triggers.quality_window,
                canary_fraction=config.rollout.canary_fraction,
                memory=repos.memory if config.memory.consolidate else None,
                remind=self.answering.remind_heldout if config.memory.enabled else None,
            ),
            lambda job: self.provider_chain(job.params.get("providers")),
            concurrency=config.jobs.workers, lease_s=config.jobs.lease_s,
            poll_s=config.jobs.poll_s,
        )  # fmt: skip
        # Training jobs as people see them (queue, run here, control, read; datasets).
        self.job_desk = JobDesk(
            persona_row=self._persona_row, check_open=self._check_open, jobs=repos.jobs,
            metrics=repos.metrics, worker=self.jobs, datasets=self._datasets,
            providers=config.training.providers,
        )  # fmt: skip
        # What the runtime has done: events, metrics, layer history, reports, status.
        self.observation = Observation(
            persona_row=self._persona_row, check_open=self._check_open, events=repos.events,
            metrics=repos.metrics, reports=repos.reports, personas=repos.personas,
            interactions=repos.interactions, scoring=repos.scoring, jobs=repos.jobs,
            layers=self.layers, cache=self.cache, hub=self.hub, database_url=db.display_url,
            home=config.home,
        )  # fmt: skip
        # The HTTP service's bearer tokens (``lifelong tokens``), stored as hashes.
        self.tokens = Tokens(repos.tokens)
        # Personas and what they recorded (create, handles, import, read back).
        self.personas = Personas(
            persona_row=self._persona_row, check_open=self._check_open,
            personas=repos.personas, interactions=repos.interactions, imports=repos.imports,
            recorder=self.recorder, limits=self.limits, generate=self.answering.generate,
            stream=self.answering.stream, known_generation=self.answering.known_generation,
            max_import_line_bytes=config.max_import_line_bytes,
            import_chunk_rows=config.import_chunk_rows,
        )  # fmt: skip
        # Chat completions for OpenAI-protocol clients, recorded as the personas' turns.
        self.gateway = ChatGateway(
            stream=self.stream, handle=self.persona_handle, system_prompt=self.system_prompt,
            interactions=repos.interactions, prefixes=repos.chats,
            count_tokens=self.server.count_tokens,
            default_max_tokens=config.genome.max_new_tokens,
            record_aborted=config.gateway.record_aborted,
        )  # fmt: skip
        self._merge = MergeServices(
            layers=self.layers, server=self.server, jobs=repos.jobs, datasets=self._datasets,
            embedder=self.embedder, gate=config.evaluation.policy(), policy=MergePolicy(),
        )  # fmt: skip
        # Layer admin beyond the store's verbs: push to the artifact store, merge into the base.
        self.layer_desk = LayerDesk(
            persona_row=self._persona_row, list_personas=self.personas.list_personas,
            check_open=self._check_open, layers=self.layers, artifacts=self.artifacts,
            merge=self._merge,
        )  # fmt: skip
        # Among runtimes sharing a database, one runs the schedules (see storage.repos.leases).
        self.owner = self.jobs.owner
        # The periodic work (scoring everywhere; triggers, monitor, reports in the leader).
        self.schedule = Schedule(
            config=config, check_open=self._check_open, leases=repos.leases, owner=self.owner,
            scoring=self.scoring_worker, triggers=self.triggers, monitor=self.monitor,
            wake_jobs=self.jobs.wake, check_memory=self.memory_desk.check_memory,
            write_reports=self.observation.write_reports, generations=repos.generations,
            chats=repos.chats, forget_issued=self.answering.forget_issued,
        )  # fmt: skip
        self.database_url = db.display_url  # with any password masked
        self._started = False
        self._closed = False

    @classmethod
    def open(
        cls, config: RuntimeConfig | None = None, *, embedder: Embedder | None = None,
        scorer: Scorer | None = None, **overrides: Any,
    ) -> Runtime:  # fmt: skip
        """A runtime for ``config`` (or ``RuntimeConfig.load(**overrides)``), not yet started.

        ``embedder`` / ``scorer`` replace the MiniLM embedder and the composite scorer.
        """
        config = config if config is not None else RuntimeConfig.load(**overrides)
        return cls(config, embedder=embedder, scorer=scorer)

    async def start(self) -> Runtime:
        if self._closed:
            raise RuntimeClosed()
        if self._started:
            return self
        install_redaction(self.config.secret_values())
        make_home(self.config.home)
        await self.store.db.open()
        try:
            await ensure_schema(self.store.db)
            await clean_after_a_kill(
                artifacts=self.artifacts, blobs=self.blobs,
                artifacts_home=self.config.artifacts_home, imports=self.store.imports,
            )  # fmt: skip
            self.recorder.start()
            self._generations.start()
            if self.config.background:
                await self.schedule.start()
                if self.config.jobs.workers > 0:
                    self.jobs.start()
        except BaseException:
            await self.store.db.close()
            raise
        self._started = True
        log.info("runtime started on %s", self.store.db.display_url)
        return self

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self._started:
            self.schedule.stop()
            # Running jobs stop at a checkpoint and go back to the queue for the next start.
            await self.jobs.close()
            # The leader lease let go; a scoring pass or trigger check in flight finishes
            # before the store closes.
            await self.schedule.close()
            await self.hub.drain()
            await self.server.close()
            try:
                await self.server.flush_usage(force=True)
            except Exception:  # losing a last-used time is not worth failing a close for
                log.exception("could not persist layer usage times")
            await self._generations.close()
            await self.recorder.close()
            await self.store.db.close()

    async def ready(self) -> None:
        """Raise :class:`StorageError` unless the database answers (the readiness probe)."""
        self._check_open()
        await self.store.db.ping()

    def provider_chain(self, only: Sequence[str] | None = None) -> ProviderChain:
        """The failover chain from ``config.training`` (default local -> openai -> deepseek),
        restricted to the providers named in ``only``.
        """
        return chain_from_config(self.config, only)

    async def __aenter__(self) -> Runtime:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    def _check_open(self) -> None:
        if self._closed or not self._started:
            raise RuntimeClosed()
