"""Ids sort in the order they were made, even within one millisecond."""

from __future__ import annotations

import uuid

from lifelong.storage.ids import new_id


def test_ids_made_in_one_process_sort_in_creation_order() -> None:
    ids = [new_id() for _ in range(10_000)]  # thousands land in the same millisecond
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)
    parsed = uuid.UUID(ids[-1])
    assert parsed.version == 7 and parsed.variant == uuid.RFC_4122
