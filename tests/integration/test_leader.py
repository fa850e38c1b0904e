"""One schedule leader among runtimes sharing a database: exactly one runs the trigger checks,
reports and the monitor; when it closes, another takes over at its next renewal.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from lifelong import Runtime, RuntimeConfig

pytestmark = pytest.mark.integration


def _config(tmp_path: Path, name: str, backend_url: str) -> RuntimeConfig:
    return RuntimeConfig(
        home=tmp_path / name, database_url=backend_url, background=True, leader_lease_s=0.6,
        jobs={"workers": 0}, scoring={"interval_s": 3600}, triggers={"interval_s": 3600},
    )  # fmt: skip


async def test_one_leader_at_a_time_and_a_takeover_when_it_closes(
    tmp_path: Path, backend_url: str
) -> None:
    first = await Runtime.open(_config(tmp_path, "a", backend_url)).start()
    second = await Runtime.open(_config(tmp_path, "b", backend_url)).start()
    try:
        await asyncio.sleep(1.0)  # several renewals each
        assert [first.is_leader, second.is_leader] == [True, False]
        holder = await first.store.leases.holder("schedules")
        assert holder == first.owner != second.owner
        await first.close()  # releases the lease: no need to wait it out
        for _ in range(40):
            if second.is_leader:
                break
            await asyncio.sleep(0.1)
        assert second.is_leader
        assert await second.store.leases.holder("schedules") == second.owner
    finally:
        await first.close()
        await second.close()
