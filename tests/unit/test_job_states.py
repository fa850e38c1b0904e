"""The job state machine as data (lifelong.jobs): which admin verb or worker step applies in
which status, and what each effect writes. No database: the SQL repo only carries these out.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from lifelong.errors import JobRefused
from lifelong.jobs import (
    ADMIN,
    ADMIN_HELD,
    ENDED,
    HELD,
    OPEN,
    PRIORITIES,
    WORKER,
    WORKER_EFFECT,
    Effect,
    Job,
    JobStatus,
    Step,
    Verb,
    admin_effect,
    effect_values,
    refusal_hint,
)

NOW = 1000.0


def _job(status: JobStatus, *, owner: str | None = None, expires: float | None = None) -> Job:
    return Job(
        id="j1", persona="ada", trait="math", status=status, priority=1, created_at=0.0,
        lease_owner=owner, lease_expires_at=expires,
    )  # fmt: skip


def test_every_status_is_open_or_ended_and_held_ones_are_open() -> None:
    assert set(JobStatus) == OPEN | ENDED and not OPEN & ENDED
    assert HELD <= OPEN
    assert {
        JobStatus.DEPLOYED, JobStatus.REJECTED, JobStatus.FAILED, JobStatus.STOPPED,
        JobStatus.CANCELLED,
    } == ENDED  # fmt: skip


def test_an_ended_job_takes_no_admin_verb() -> None:
    for status in ENDED:
        for verb in Verb:
            assert (status, verb) not in ADMIN and (status, verb) not in ADMIN_HELD
            with pytest.raises(JobRefused, match="it has ended"):
                admin_effect(_job(status), verb, NOW)


@pytest.mark.parametrize(
    ("status", "verb", "effect"),
    [
        (JobStatus.QUEUED, Verb.PAUSE, Effect.PAUSE),
        (JobStatus.QUEUED, Verb.SKIP, Effect.BACK),
        (JobStatus.PAUSED, Verb.RESUME, Effect.QUEUE),
        (JobStatus.NEEDS_APPROVAL, Verb.APPROVE, Effect.APPROVE_QUEUE),
        (JobStatus.QUEUED, Verb.APPROVE, Effect.APPROVE),
        (JobStatus.PAUSED, Verb.CANCEL, Effect.CANCEL),
        # A running job whose worker died (no lease, or one that ran out) is acted on now.
        (JobStatus.RUNNING, Verb.STOP, Effect.STOP),
        (JobStatus.TRAINED, Verb.CANCEL, Effect.CANCEL),
    ],
)
def test_an_unheld_job_takes_the_verb_at_once(
    status: JobStatus, verb: Verb, effect: Effect
) -> None:
    assert admin_effect(_job(status), verb, NOW) is effect
    expired = _job(status, owner="w1", expires=NOW - 1)
    assert admin_effect(expired, str(verb), NOW) is effect


def test_a_held_job_defers_stopping_verbs_to_its_worker_and_approves_at_once() -> None:
    held = _job(JobStatus.RUNNING, owner="w1", expires=NOW + 60)
    assert held.held(NOW) and not held.held(NOW + 61)
    for verb in (Verb.PAUSE, Verb.SKIP, Verb.STOP, Verb.CANCEL):
        assert admin_effect(held, verb, NOW) is Effect.DEFER
    assert admin_effect(held, Verb.APPROVE, NOW) is Effect.APPROVE
    with pytest.raises(JobRefused, match="only a paused job resumes"):
        admin_effect(held, Verb.RESUME, NOW)


def test_refusals_say_what_to_do_instead() -> None:
    with pytest.raises(JobRefused) as refused:
        admin_effect(_job(JobStatus.QUEUED), Verb.RESUME, NOW)
    assert refused.value.job_id == "j1" and refused.value.verb == "resume"
    assert str(refused.value) == "job j1 is queued: cannot resume it; only a paused job resumes"
    assert refusal_hint(JobStatus.QUEUED, Verb.RESUME) == "only a paused job resumes"
    assert "approve" in refusal_hint(JobStatus.NEEDS_APPROVAL, Verb.SKIP)
    with pytest.raises(ValueError):
        admin_effect(_job(JobStatus.QUEUED), "explode", NOW)


def test_every_admin_verb_on_a_paused_job_but_pause_applies() -> None:
    applies = {verb for (status, verb) in ADMIN if status is JobStatus.PAUSED}
    assert applies == set(Verb) - {Verb.PAUSE}


def test_worker_steps_leave_only_held_statuses_and_end_where_they_say() -> None:
    for step, (sources, target) in WORKER.items():
        assert sources <= HELD, step
        assert target is None or isinstance(target, JobStatus)
    assert WORKER[Step.DEPLOY][1] is JobStatus.DEPLOYED
    assert WORKER[Step.REJECT][1] is JobStatus.REJECTED
    assert WORKER[Step.HEARTBEAT][1] is None
    # Each release / finish step's effect lands the job where the fence says it goes.
    for step, effect in WORKER_EFFECT.items():
        target = WORKER[step][1]
        assert effect_values(effect, NOW, verb=None, params=None)["status"] == target, step


def test_effects_let_go_of_the_lease_and_ending_ones_free_the_slot() -> None:
    for effect in Effect:
        if effect in (Effect.DEFER, Effect.APPROVE):
            continue
        values = effect_values(effect, NOW, verb=Verb.STOP, params=None)
        assert values["lease_owner"] is None and values["control"] is None
        ends = values["status"] in ENDED
        assert ("open_slot" in values) is ends and (values.get("finished_at") == NOW) is ends
    assert effect_values(Effect.DEFER, NOW, verb=Verb.PAUSE, params=None) == {"control": "pause"}
    approved = effect_values(Effect.APPROVE, NOW, verb=Verb.APPROVE, params={"a": 1})
    assert approved == {"params": {"a": 1, "approved": True}}
    back = effect_values(Effect.BACK, NOW, verb=Verb.SKIP, params=None)
    assert back["priority"] == PRIORITIES["low"] and back["created_at"] == NOW
    stopped = effect_values(Effect.STOP, NOW, verb=Verb.STOP, params=None)
    assert stopped["error"] == "stop requested"


def test_a_job_reads_from_a_row_mapping_and_writes_json() -> None:
    job = Job.from_row(
        {"id": "j1", "persona": "ada", "trait": "math", "status": "paused", "priority": 0,
         "created_at": 1.0, "open_slot": "ada/math", "reason": None, "params": None,
         "decisions": None}
    )  # fmt: skip
    assert job.status is JobStatus.PAUSED and job.params == {} and job.decisions == []
    assert job.priority_name == "high" and not job.ended and not job.approved
    data = job.as_dict()
    assert data["status"] == "paused" and data["priority"] == "high" and data["id"] == "j1"


def test_the_old_name_of_a_jobs_id_still_reads_for_a_release(tmp_path: Path) -> None:
    from lifelong.adapters.base import TrainRequest
    from lifelong.events import LifelongEvent
    from lifelong.learning.triggers import FiredTrigger

    event = LifelongEvent.from_row({"kind": "TrainingStarted", "ts": 1.0, "job_id": "j1"})
    assert event.job_id == event.session_id == "j1" and event.as_dict()["job_id"] == "j1"
    assert "session_id" not in event.as_dict()
    old_row = LifelongEvent.from_row({"kind": "TrainingStarted", "ts": 1.0, "session_id": "j0"})
    assert old_row.job_id == "j0"
    request = TrainRequest(
        job_id="j1", persona="ada", trait="math", dataset_dir=tmp_path, dataset_hash="h",
        output_dir=tmp_path,
    )  # fmt: skip
    assert request.session_id == "j1"
    assert FiredTrigger("ada", "math", "j1", {}, "normal").session_id == "j1"
