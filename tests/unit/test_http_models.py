"""The HTTP answers' shapes: what the JSON API restates of the store stays in step with it,
and every moment is ISO 8601 with its zone (issue 28)."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime

from lifelong.service import models as m
from lifelong.storage.repos.interactions import InteractionRow


def test_an_interaction_answers_every_field_the_store_keeps() -> None:
    stored = {f.name for f in dataclasses.fields(InteractionRow)}
    assert set(m.InteractionOut.model_fields) == stored


def test_moments_answer_in_iso_8601_utc_and_user_data_is_left_alone() -> None:
    row = InteractionRow(
        id="i1", persona="ada", trait=None, source="api", created_at=1_796_000_000.5,
        messages=[{"role": "user", "content": "hi", "created_at": 5}], metadata={"ts": 7},
        quality=None, used=False, feedback_rating=None, feedback_correction=None,
    )  # fmt: skip
    out = json.loads(m.InteractionOut.model_validate(row).model_dump_json())
    assert datetime.fromisoformat(out["created_at"]) == datetime.fromtimestamp(1_796_000_000.5, UTC)
    assert out["created_at"].endswith("Z") or out["created_at"].endswith("+00:00")
    # What a user sent is theirs: numbers in it stay numbers.
    assert out["messages"][0]["created_at"] == 5 and out["metadata"] == {"ts": 7}


def test_free_form_parts_turn_their_moments_into_iso_and_nothing_else() -> None:
    decided = {"ts": 1_796_000_000, "action": "queued", "nested": [{"started_at": 0.0}],
               "steps": 3, "start_step": 4, "flag_at": True}  # fmt: skip
    out = json.loads(
        m.JobOut(
            id="j",
            persona="p",
            trait="t",
            status="queued",
            priority="normal",
            created_at=datetime.fromtimestamp(1, UTC),
            decisions=[decided],
        ).model_dump_json()
    )
    (d,) = out["decisions"]
    assert d["ts"] == "2026-11-30T00:53:20Z"
    assert d["nested"] == [{"started_at": "1970-01-01T00:00:00Z"}]
    assert (d["steps"], d["start_step"], d["flag_at"], d["action"]) == (3, 4, True, "queued")
    assert out["created_at"].startswith("1970-01-01T00:00:01")
