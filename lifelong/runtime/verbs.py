"""The verbs the runtime offers as its own: each is a method of one of the services it builds
(``rt.generate`` is ``rt.answering.generate``), kept here, apart from the wiring, so that
:mod:`lifelong.runtime.runtime` is the composition root and its lifecycle only.
"""

from __future__ import annotations

from lifelong.runtime._forward import forward
from lifelong.runtime.answering import Answering
from lifelong.runtime.job_desk import JobDesk
from lifelong.runtime.layer_desk import LayerDesk
from lifelong.runtime.memory import MemoryDesk
from lifelong.runtime.observation import Observation
from lifelong.runtime.personas import Personas
from lifelong.runtime.schedule import Schedule

__all__ = ["RuntimeVerbs"]


class RuntimeVerbs:
    """Personas and their turns (:class:`~lifelong.runtime.personas.Personas`), answering
    (:class:`~lifelong.runtime.answering.Answering`), memory
    (:class:`~lifelong.runtime.memory.MemoryDesk`), training jobs
    (:class:`~lifelong.runtime.job_desk.JobDesk`), layer admin
    (:class:`~lifelong.runtime.layer_desk.LayerDesk`), events, reports and status
    (:class:`~lifelong.runtime.observation.Observation`) and the periodic work
    (:class:`~lifelong.runtime.schedule.Schedule`), each typed as the service's method.
    """

    generate = forward("answering", Answering.generate)
    stream = forward("answering", Answering.stream)
    route = forward("answering", Answering.route)
    recall = forward("answering", Answering.recall)
    system_prompt = forward("answering", Answering.system_prompt)
    list_memory = forward("memory_desk", MemoryDesk.list_memory)
    remove_memory = forward("memory_desk", MemoryDesk.remove_memory)
    pin_memory = forward("memory_desk", MemoryDesk.pin_memory)
    check_memory = forward("memory_desk", MemoryDesk.check_memory)
    queue_training = forward("job_desk", JobDesk.queue_training)
    run_jobs = forward("job_desk", JobDesk.run_jobs)
    run_job = forward("job_desk", JobDesk.run_job)
    control_job = forward("job_desk", JobDesk.control_job)
    approve_job = forward("job_desk", JobDesk.approve_job)
    get_job = forward("job_desk", JobDesk.get_job)
    list_jobs = forward("job_desk", JobDesk.list_jobs)
    open_job = forward("job_desk", JobDesk.open_job)
    jobs_ahead_of = forward("job_desk", JobDesk.jobs_ahead_of)
    job_metric = forward("job_desk", JobDesk.job_metric)
    delete_checkpoints = forward("job_desk", JobDesk.delete_checkpoints)
    build_dataset = forward("job_desk", JobDesk.build_dataset)
    dataset_dir = forward("job_desk", JobDesk.dataset_dir)
    dataset_policy = forward("job_desk", JobDesk.dataset_policy)
    list_events = forward("observation", Observation.list_events)
    events_after = forward("observation", Observation.events_after)
    training_points_after = forward("observation", Observation.training_points_after)
    event_cursor = forward("observation", Observation.event_cursor)
    subscribe = forward("observation", Observation.subscribe)
    layer_history = forward("observation", Observation.layer_history)
    report = forward("observation", Observation.report)
    write_reports = forward("observation", Observation.write_reports)
    training_cost = forward("observation", Observation.training_cost)
    status = forward("observation", Observation.status)
    score_pending = forward("schedule", Schedule.score_pending)
    check_triggers = forward("schedule", Schedule.check_triggers)
    check_monitor = forward("schedule", Schedule.check_monitor)
    sweep_generations = forward("schedule", Schedule.sweep_generations)
    persona = forward("personas", Personas.persona)
    persona_handle = forward("personas", Personas.persona_handle)
    import_jsonl = forward("personas", Personas.import_jsonl)
    get_persona = forward("personas", Personas.get_persona)
    list_personas = forward("personas", Personas.list_personas)
    count_interactions = forward("personas", Personas.count_interactions)
    list_interactions = forward("personas", Personas.list_interactions)

    push_artifacts = forward("layer_desk", LayerDesk.push_artifacts)
    merge_layers = forward("layer_desk", LayerDesk.merge_layers)

    schedule: Schedule

    @property
    def is_leader(self) -> bool:
        """Whether this runtime holds the schedule leader lease (runs triggers, reports and
        the monitor for every runtime sharing its database)."""
        return self.schedule.is_leader
