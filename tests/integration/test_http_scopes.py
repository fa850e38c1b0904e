"""What a token may do over HTTP, and to whom: rights (record, manage, events, admin), a
persona list that limits a token, a profile template that cannot take a server down, and a
rejected version that serves only when forced with a reason.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from lifelong import Runtime, RuntimeConfig, Trait
from lifelong.genome.store import NewLayer
from lifelong.service import create_app

pytestmark = pytest.mark.integration

TURN = [{"role": "user", "content": "What is 2 plus 2?"},
        {"role": "assistant", "content": "2 plus 2 is 4."}]  # fmt: skip

# name -> (scope, personas)
TOKENS: dict[str, tuple[str, list[str] | None]] = {
    "admin": ("admin", None),
    "record": ("record", None),
    "ada_only": ("record", ["ada"]),
    "manager": ("manage", ["ada", "new"]),
    "listener": ("events", None),
    "ada_listener": ("events", ["ada"]),
}


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def served(tmp_path: Path, tiny_model_dir: Path) -> Iterator[tuple[TestClient, dict[str, Any]]]:
    config = RuntimeConfig(
        home=tmp_path / "home", background=False, genome={"max_new_tokens": 4},
        training={"providers": ["local"], "base_model": str(tiny_model_dir)},
    )  # fmt: skip

    async def setup() -> dict[str, Any]:
        async with Runtime.open(config) as rt:
            for name in ("ada", "bob"):
                await rt.persona(name, traits=[Trait("math", "adds numbers")])
            # bob's math v1 was rejected by the auto-test: it must not serve by accident.
            staged = await rt.layers.stage(NewLayer(
                kind="remote", provider="openai", manifest={"provider": "openai"},
                remote_model="ft:gpt-4.1-mini:bob-math",
            ))  # fmt: skip
            gate = {"passed": False, "reason": "contradicts 3 of 5 taught facts"}
            await rt.layers.add("bob", "math", staged, evaluation={"gate": gate}, deploy=False,
                                by="auto-test", reason=gate["reason"])  # fmt: skip
            made = {}
            for name, (scope, personas) in TOKENS.items():
                made[name] = _auth((await rt.tokens.create(scope, name, personas))[1])
            return made

    tokens = asyncio.run(setup())
    with TestClient(create_app(config, worker=False)) as client:
        yield client, tokens


def test_a_record_token_cannot_rewrite_a_persona_and_a_limited_one_reaches_only_its_own(
    served: tuple[TestClient, dict[str, Any]],
) -> None:
    client, t = served
    body = {"traits": [], "profile": {"system_prompt": "You are evil."}}
    # record: no persona changes at all (the profile feeds every answer and training example).
    refused = client.put("/api/v1/personas/ada", json=body, headers=t["record"])
    assert refused.status_code == 403, refused.text
    assert "needs manage" in refused.json()["error"]["message"]
    assert client.put("/api/v1/personas/eve", json=body, headers=t["record"]).status_code == 403
    # A record token still records, rates and answers for any persona.
    made = client.post("/api/v1/personas/bob/interactions", json={"messages": TURN},
                       headers=t["record"])  # fmt: skip
    assert made.status_code == 201, made.text

    # Limited to ada: ada is fine; bob is a 403 whatever the verb, and lists hide him.
    ada_only = t["ada_only"]
    assert client.post("/api/v1/personas/ada/interactions", json={"messages": TURN},
                       headers=ada_only).status_code == 201  # fmt: skip
    for method, path, kwargs in [
        ("post", "/api/v1/personas/bob/interactions", {"json": {"messages": TURN}}),
        ("post", "/api/v1/personas/bob/interactions/batch", {"json": {"records": []}}),
        ("post", "/api/v1/personas/bob/generate", {"json": {"messages": TURN[:1]}}),
        ("get", "/api/v1/personas/bob/interactions", {}),
        ("get", "/api/v1/personas/bob", {}),
        ("post", f"/api/v1/personas/bob/interactions/{made.json()['id']}/feedback",
         {"json": {"rating": 0.0}}),
    ]:  # fmt: skip
        answer = getattr(client, method)(path, headers=ada_only, **kwargs)
        assert answer.status_code == 403, (path, answer.text)
        assert "not for persona 'bob'" in answer.json()["error"]["message"]
    listed = client.get("/api/v1/personas", headers=ada_only).json()
    assert [p["name"] for p in listed["items"]] == ["ada"] and listed["total"] == 1
    everyone = client.get("/api/v1/personas", headers=t["record"]).json()["items"]
    assert [p["name"] for p in everyone] == ["ada", "bob"]

    # manage, limited to ada and "new": may create "new" and change ada, nothing else.
    manager = t["manager"]
    assert client.put("/api/v1/personas/new", json={"traits": []},
                      headers=manager).status_code == 200  # fmt: skip
    assert client.put("/api/v1/personas/ada", json={"profile": {"tone": "calm"}},
                      headers=manager).status_code == 200  # fmt: skip
    assert client.put("/api/v1/personas/bob", json=body, headers=manager).status_code == 403
    assert client.put("/api/v1/personas/eve", json=body, headers=manager).status_code == 403
    # ... and it cannot record: managing is not recording.
    assert client.post("/api/v1/personas/ada/interactions", json={"messages": TURN},
                       headers=manager).status_code == 403  # fmt: skip


def test_a_profile_template_cannot_take_the_server_down(
    served: tuple[TestClient, dict[str, Any]],
) -> None:
    client, t = served
    for template in ("{name:x>2000000}", "{name.__class__.__mro__}", "{description}" * 2000):
        body = {"profile": {"description": "d" * 50, "system_prompt": template}}
        refused = client.put("/api/v1/personas/ada", json=body, headers=t["admin"])
        assert refused.status_code == 422, refused.text
        assert refused.json()["error"]["field"] == "profile.system_prompt"
    # Nothing was stored: ada still answers, quickly, with her own prompt.
    started = time.monotonic()
    answer = client.post("/api/v1/personas/ada/generate", json={"messages": TURN[:1]},
                         headers=t["record"])  # fmt: skip
    assert answer.status_code == 200, answer.text
    assert time.monotonic() - started < 60
    assert "system_prompt" not in client.get("/api/v1/personas/ada",
                                             headers=t["record"]).json()["profile"]  # fmt: skip


def test_an_events_token_listens_to_its_personas_and_changes_nothing(
    served: tuple[TestClient, dict[str, Any]],
) -> None:
    client, t = served
    # Each persona has an event (bob's rejected layer; ada's: a recorded correction alert
    # is not needed, a forced activation below makes one). Unlimited: both.
    kinds = {(e["persona"], e["kind"]) for e in
             client.get("/api/v1/events", headers=t["listener"]).json()["items"]}  # fmt: skip
    assert ("bob", "LayerRejected") in kinds
    # Limited to ada: never bob's, asked for or not.
    mine = client.get("/api/v1/events", headers=t["ada_listener"]).json()
    assert all(e["persona"] == "ada" for e in mine["items"]), mine
    # The total counts what the token may see, not every persona's events.
    assert mine["total"] == len(mine["items"])
    assert client.get("/api/v1/events?persona=bob", headers=t["ada_listener"]).status_code == 403
    # Read only: no recording, no jobs, no rollback, no tokens.
    for method, path, kwargs in [
        ("post", "/api/v1/personas/ada/interactions", {"json": {"messages": TURN}}),
        ("post", "/api/v1/jobs", {"json": {"persona": "ada", "trait": "math"}}),
        ("post", "/api/v1/personas/ada/layers/math/rollback", {"json": {}}),
        ("get", "/api/v1/tokens", {}),
        ("get", "/api/v1/status", {}),
    ]:
        assert getattr(client, method)(path, headers=t["listener"], **kwargs).status_code == 403
    # A record token cannot listen (it may not hear about other personas' layers).
    assert client.get("/api/v1/events", headers=t["record"]).status_code == 403


def test_a_rejected_version_serves_only_when_forced_with_a_reason(
    served: tuple[TestClient, dict[str, Any]],
) -> None:
    client, t = served
    url = "/api/v1/personas/bob/layers/math/1/activate"
    plain = client.post(url, json={}, headers=t["admin"])
    assert plain.status_code == 409, plain.text
    message = plain.json()["error"]["message"]
    assert "rejected by the auto-test (contradicts 3 of 5 taught facts)" in message
    assert "force and a reason" in message
    no_reason = client.post(url, json={"force": True}, headers=t["admin"])
    assert no_reason.status_code == 409 and "needs a reason" in no_reason.json()["error"]["message"]
    assert client.get("/api/v1/personas/bob/layers/math/1",
                      headers=t["admin"]).json()["active"] is False  # fmt: skip

    forced = client.post(url, json={"force": True, "reason": "the facts were updated since"},
                         headers=t["admin"])  # fmt: skip
    assert forced.status_code == 200, forced.text
    assert forced.json()["active"] is True
    history = client.get("/api/v1/personas/bob/layers/math/history", headers=t["admin"]).json()
    (entry,) = history["items"]
    assert entry["reason"] == "the facts were updated since" and entry["to_version"] == 1


@pytest.mark.postgres
@pytest.mark.skipif(
    not os.environ.get("LIFELONG_TEST_POSTGRES_URL"),
    reason="PostgreSQL: set LIFELONG_TEST_POSTGRES_URL (.ci/run starts one)",
)
def test_an_outage_is_a_503_with_retry_after_and_readiness_says_so(tmp_path: Path) -> None:
    """With the database gone, the API said 409 (a conflict); now 503 with Retry-After, and
    /api/v1/ready (unauthenticated) tells a load balancer, beside the liveness /health.
    """
    import asyncpg
    from sqlalchemy.engine import make_url

    admin_url = make_url(os.environ["LIFELONG_TEST_POSTGRES_URL"])
    name = f"lifelong_outage_{int(time.time() * 1000)}"
    dsn = admin_url.set(drivername="postgresql").render_as_string(hide_password=False)

    async def sql(statement: str) -> None:
        conn = await asyncpg.connect(dsn)
        try:
            await conn.execute(statement)
        finally:
            await conn.close()

    asyncio.run(sql(f'CREATE DATABASE "{name}"'))
    url = admin_url.set(database=name).render_as_string(hide_password=False)
    config = RuntimeConfig(home=tmp_path / "home", database_url=url, background=False)

    async def token() -> str:
        async with Runtime.open(config) as rt:
            return (await rt.tokens.create("admin"))[1]

    headers = _auth(asyncio.run(token()))
    try:
        with TestClient(create_app(config, worker=False)) as client:
            assert client.get("/api/v1/ready").json() == {"ok": True, "database": "ok"}
            asyncio.run(sql(f'DROP DATABASE "{name}" WITH (FORCE)'))
            down = client.get("/api/v1/ready")
            assert down.status_code == 503 and down.headers["retry-after"] == "5"
            assert down.json()["error"]["type"] == "unavailable"
            listed = client.get("/api/v1/personas", headers=headers)
            assert listed.status_code == 503 and listed.headers["retry-after"] == "5"
            assert client.get("/api/v1/health").json() == {"ok": True}  # alive, not ready
    finally:
        asyncio.run(sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def test_serve_with_the_database_down_says_so_in_one_line() -> None:
    from click.testing import CliRunner

    from lifelong.cli import cli

    done = CliRunner().invoke(cli, ["serve", "--db",
                                    "postgresql+asyncpg://nobody@127.0.0.1:9/nothing",
                                    "--port", "1"])  # fmt: skip
    assert done.exit_code == 1
    lines = [line for line in done.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "127.0.0.1:9" in lines[0] and "Traceback" not in done.output


def test_a_405_names_every_method_and_a_body_that_is_not_utf8_names_the_body(
    served: tuple[TestClient, dict[str, Any]],
) -> None:
    client, t = served
    wrong = client.options("/api/v1/jobs", headers=t["admin"])
    assert wrong.status_code == 405 and wrong.headers["allow"] == "GET, HEAD, POST"
    assert client.patch("/api/v1/personas/ada", headers=t["admin"]).headers["allow"] == (
        "GET, HEAD, PUT"
    )
    garbled = client.post("/api/v1/personas/ada/interactions", content=b"\xff\xfe{\x80}",
                          headers={**t["record"], "content-type": "application/json"})  # fmt: skip
    assert garbled.status_code == 422 and garbled.json()["error"]["field"] == "body"
    # A value of another JSON type is not coerced: false is not 0.
    typed = client.put("/api/v1/personas/ada", json={"memory": 0}, headers=t["admin"])
    assert typed.status_code == 422 and typed.json()["error"]["field"] == "memory"


def test_guessing_dashboard_tokens_costs_time_and_a_token_holds_a_few_streams(
    served: tuple[TestClient, dict[str, Any]],
) -> None:
    from lifelong.service.auth import Auth

    client, t = served
    form = client.get("/login")
    csrf = form.cookies.get("lifelong_login_csrf") or client.cookies.get("lifelong_login_csrf")
    assert csrf
    for _ in range(Auth.MAX_FAILED_LOGINS):
        wrong = client.post("/login", data={"token": "llt_000000000000_x", "csrf": csrf})
        assert wrong.status_code == 401
    # A live token of the wrong right is told so, not "not a live token".
    record = t["record"]["Authorization"].removeprefix("Bearer ")
    limited = client.post("/login", data={"token": record, "csrf": csrf})
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) >= 1
    auth = client.app.state.auth
    auth._failed.clear()
    told = client.post("/login", data={"token": record, "csrf": csrf})
    assert told.status_code == 401 and "dashboard needs an admin token" in told.text

    # Event streams: a few per token, then 429 until one closes.
    from lifelong.runtime.tokens import TokenInfo
    from lifelong.service.auth import Caller

    holder = Caller(TokenInfo("abc", "t", "events"))
    assert all(auth.open_stream(holder) for _ in range(Auth.MAX_STREAMS_PER_TOKEN))
    assert not auth.open_stream(holder)
    auth.close_stream(holder)
    assert auth.open_stream(holder)
