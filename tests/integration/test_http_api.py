"""`lifelong serve`'s JSON API in process (FastAPI's TestClient over the real app, a real
runtime on SQLite, a tiny real model): scopes, errors naming the field, recording, answering,
jobs, layers, tokens, the checked-in OpenAPI copy, and the event stream over real HTTP.
"""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient

from lifelong import Runtime, RuntimeConfig
from lifelong.events import TrainingStarted
from lifelong.genome.store import NewLayer
from lifelong.service import create_app
from lifelong.service.openapi import render
from lifelong.storage.repos.events import event_row
from tests.helpers import claimed

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]
TURN = [{"role": "user", "content": "What is 2 plus 2?"},
        {"role": "assistant", "content": "2 plus 2 is 4. Happy adding!"}]  # fmt: skip


def _config(tmp_path: Path, tiny_model_dir: Path | None = None) -> RuntimeConfig:
    extra: dict[str, Any] = {}
    if tiny_model_dir is not None:
        extra["training"] = {"providers": ["local"], "base_model": str(tiny_model_dir)}
        extra["genome"] = {"max_new_tokens": 6}
    return RuntimeConfig(home=tmp_path / "home", background=False, **extra)


def _tokens(config: RuntimeConfig) -> dict[str, str]:
    async def make() -> dict[str, str]:
        async with Runtime.open(config) as rt:
            return {scope: (await rt.tokens.create(scope, f"test {scope}"))[1]
                    for scope in ("record", "admin")}  # fmt: skip

    return asyncio.run(make())


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[TestClient, dict[str, str], dict[str, str]]]:
    config = _config(tmp_path)
    tokens = _tokens(config)
    with TestClient(create_app(config, worker=False, max_body_bytes=64 * 1024)) as client:
        yield client, _auth(tokens["record"]), _auth(tokens["admin"])


def _persona(client: TestClient, headers: dict[str, str], name: str = "ada") -> None:
    body = {"traits": [{"name": "math", "description": "adds numbers"}],
            "profile": {"display_name": "Ada"}}  # fmt: skip
    response = client.put(f"/api/v1/personas/{name}", json=body, headers=headers)
    assert response.status_code == 200, response.text
    assert response.json()["traits"] == {"math": "adds numbers"}


def _raw(client: TestClient, path: str, body: Any, headers: dict[str, str]) -> httpx.Response:
    """POST ``body`` as ASCII-escaped JSON (which can carry a lone surrogate, as a hostile
    client's can).
    """
    return client.post(path, content=json.dumps(body).encode(),
                       headers={**headers, "content-type": "application/json"})  # fmt: skip


def test_scopes_and_tokens(
    served: tuple[TestClient, dict[str, str], dict[str, str]], caplog: pytest.LogCaptureFixture
) -> None:
    client, record, admin = served
    caplog.set_level(logging.WARNING, logger="lifelong")
    token = record["Authorization"].removeprefix("Bearer ")

    missing = client.get("/api/v1/personas")
    assert missing.status_code == 401
    assert missing.headers["www-authenticate"] == "Bearer"
    assert missing.json()["error"]["type"] == "unauthorized"
    assert client.get("/api/v1/personas", headers={"Authorization": "Basic abc"}).status_code == 401
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    assert client.get("/api/v1/personas", headers=_auth(forged)).status_code == 401
    assert client.get("/api/v1/personas", headers=record).status_code == 200
    wrong_scope = client.get("/api/v1/status", headers=record)
    assert wrong_scope.status_code == 403
    assert wrong_scope.json()["error"]["type"] == "forbidden"
    assert client.get("/api/v1/status", headers=admin).status_code == 200
    assert client.get("/api/v1/health").json() == {"ok": True}

    # An admin makes a record token for a backend; it is shown once, then only its id.
    made = client.post("/api/v1/tokens", json={"scope": "record", "name": "backend"},
                       headers=admin)  # fmt: skip
    assert made.status_code == 201
    new = made.json()
    assert new["token"].startswith(f"llt_{new['id']}_")
    listed = client.get("/api/v1/tokens", headers=admin).json()["items"]
    assert {t["id"] for t in listed} >= {new["id"]}
    assert all("token" not in t and "sha256" not in t for t in listed)
    assert client.get("/api/v1/personas", headers=_auth(new["token"])).status_code == 200
    assert client.delete(f"/api/v1/tokens/{new['id']}", headers=admin).status_code == 204
    assert client.get("/api/v1/personas", headers=_auth(new["token"])).status_code == 401
    bad_scope = client.post("/api/v1/tokens", json={"scope": "root"}, headers=admin)
    assert bad_scope.status_code == 422 and bad_scope.json()["error"]["field"] == "scope"

    # Refusals are logged, and no token ever is (only token ids).
    refusals = [r.getMessage() for r in caplog.records if r.getMessage().startswith("refused")]
    assert len(refusals) >= 4
    for secret in (token, forged, new["token"]):
        assert not any(secret in r.getMessage() for r in caplog.records)

    # Only hashes are stored.
    rt: Runtime = client.app.state.rt
    rows = client.portal.call(_token_rows, rt)
    assert rows and all(len(r["sha256"]) == 64 for r in rows)
    assert not any(token in json.dumps(r) or new["token"] in json.dumps(r) for r in rows)


async def _token_rows(rt: Runtime) -> list[dict[str, Any]]:
    from sqlalchemy import select

    from lifelong.storage.tables import ApiToken

    async with rt.store.db.read() as conn:
        return [dict(r._mapping) for r in (await conn.execute(select(ApiToken.__table__))).all()]


def test_recording_errors_name_the_field_and_nothing_is_lost(
    served: tuple[TestClient, dict[str, str], dict[str, str]],
) -> None:
    client, record, admin = served
    _persona(client, admin)

    made = client.post("/api/v1/personas/ada/interactions",
                       json={"messages": TURN, "trait": "math", "metadata": {"user": "u1"}},
                       headers=record)  # fmt: skip
    assert made.status_code == 201, made.text
    first = made.json()["id"]

    def error(response: httpx.Response, status: int) -> dict[str, Any]:
        assert response.status_code == status, response.text
        assert "Traceback" not in response.text
        return response.json()["error"]

    path = "/api/v1/personas/ada/interactions"
    assert error(client.post(path, json={"messages": TURN, "trait": "poetry"}, headers=record),
                 422)["field"] == "trait"  # fmt: skip
    assert error(client.post(path, json={"messages": TURN, "trat": "math"}, headers=record),
                 422)["field"] == "trat"  # fmt: skip
    wrong_role = [{"role": "robot", "content": "hi"}, TURN[1]]
    assert error(client.post(path, json={"messages": wrong_role}, headers=record),
                 422)["field"] == "messages[0].role"  # fmt: skip
    surrogate = [{"role": "user", "content": "bad \ud800 text"}, TURN[1]]
    assert error(_raw(client, path, {"messages": surrogate}, record),
                 422)["field"] == "messages[0].content"  # fmt: skip
    assert error(client.post(path, content=b"{not json", headers={
        **record, "content-type": "application/json"}), 422)["field"] == "body"  # fmt: skip
    assert error(client.post("/api/v1/personas/nobody/interactions", json={"messages": TURN},
                             headers=record), 404)["type"] == "not_found"  # fmt: skip
    assert error(client.post("/api/v1/personas/..%2F..%2Fx/interactions",
                             json={"messages": TURN}, headers=record), 404)  # fmt: skip
    big = [{"role": "user", "content": "x" * 70_000}, TURN[1]]
    assert error(client.post(path, json={"messages": big}, headers=record), 413)

    # A batch: each record is judged alone; one bad row never fails the others.
    # One rule (issue 28): a record of the wrong shape (an unknown role, a missing field)
    # fails alone like one the runtime refuses, and every error names its record.
    batch = {"records": [
        {"messages": TURN}, {"messages": surrogate}, {"messages": TURN, "trait": "math"},
        {"messages": TURN, "generation_id": "not-a-generation"}, {"messages": wrong_role},
        {"messages": TURN[:1]}, {"trat": "math"},
    ]}  # fmt: skip
    results = _raw(client, path + "/batch", batch, record)
    assert results.status_code == 200, results.text
    body = results.json()
    assert body["accepted"] == 2
    assert [bool(r["id"]) for r in body["results"]] == [True, False, True, False, False, False,
                                                        False]  # fmt: skip
    fields = [r["error"]["field"] for r in body["results"] if r["error"]]
    assert fields[:3] == ["records[1].messages[0].content", "records[3].generation",
                          "records[4].messages[0].role"]  # fmt: skip
    assert fields[3].startswith("records[5].messages") and fields[4].startswith("records[6].")
    assert all(r["error"]["message"] for r in body["results"] if r["error"])

    feedback = f"{path}/{first}/feedback"
    assert client.post(feedback, json={"rating": 0.9}, headers=record).status_code == 204
    assert error(client.post(feedback, json={"rating": 2}, headers=record),
                 422)["field"] == "rating"  # fmt: skip
    assert error(client.post(feedback, json={}, headers=record), 422)["field"] == "feedback"

    page = client.get(f"{path}?limit=2&offset=0", headers=record).json()
    assert page["total"] == 3 and len(page["items"]) == 2
    rest = client.get(f"{path}?limit=2&offset=2", headers=record).json()
    assert len(rest["items"]) == 1
    ids = {i["id"] for i in page["items"] + rest["items"]}
    assert first in ids and len(ids) == 3
    rated = next(i for i in page["items"] + rest["items"] if i["id"] == first)
    assert rated["feedback_rating"] == 0.9 and rated["metadata"] == {"user": "u1"}
    math_only = client.get(f"{path}?trait=math", headers=record).json()
    assert math_only["total"] == 2
    assert error(client.get(f"{path}?limit=0", headers=record), 422)["field"] == "limit"
    assert error(client.get(f"{path}?offset={10**20}", headers=record), 422)["field"] == "offset"


def test_jobs_over_http(served: tuple[TestClient, dict[str, str], dict[str, str]]) -> None:
    client, record, admin = served
    _persona(client, admin)
    queued = client.post("/api/v1/jobs", json={"persona": "ada", "trait": "math",
                                               "priority": "high"}, headers=admin)  # fmt: skip
    assert queued.status_code == 201, queued.text
    job = queued.json()
    assert job["status"] == "queued" and job["priority"] == "high"
    again = client.post("/api/v1/jobs", json={"persona": "ada", "trait": "math"}, headers=admin)
    assert again.status_code == 409 and job["id"] in again.json()["error"]["message"]
    assert client.post("/api/v1/jobs", json={"persona": "ada", "trait": "nope"},
                       headers=admin).status_code == 404  # fmt: skip
    assert client.post("/api/v1/jobs", json={"persona": "ada"}, headers=record).status_code == 403

    listed = client.get("/api/v1/jobs?status=queued", headers=admin).json()
    assert [j["id"] for j in listed["items"]] == [job["id"]]
    assert listed["total"] == 1 and listed["next_offset"] is None
    assert client.get("/api/v1/jobs?limit=1", headers=admin).json()["next_offset"] is None
    bogus = client.get("/api/v1/jobs?status=finished", headers=admin)
    assert bogus.status_code == 422 and bogus.json()["error"]["field"] == "status"
    assert client.get("/api/v1/jobs?status=running", headers=admin).json()["items"] == []
    paused = client.post(f"/api/v1/jobs/{job['id']}/pause", headers=admin).json()
    assert paused["status"] == "paused"
    cancelled = client.post(f"/api/v1/jobs/{job['id']}/cancel", headers=admin).json()
    assert cancelled["status"] == "cancelled" and cancelled["control"] is None
    refused = client.post(f"/api/v1/jobs/{job['id']}/resume", headers=admin)
    assert refused.status_code == 409 and refused.json()["error"]["type"] == "refused"
    assert client.get("/api/v1/jobs/no-such-job", headers=admin).status_code == 404
    metric = client.get(f"/api/v1/jobs/{job['id']}/metrics/loss", headers=admin).json()
    assert metric["series"] == [] and metric["summary"]["count"] == 0
    events = client.get("/api/v1/events?persona=ada", headers=admin).json()["items"]
    kinds = [e["kind"] for e in events]
    assert kinds[:2] == ["TrainingControlled", "TrainingControlled"]
    assert "TrainingQueued" in kinds


# Every list of /api/v1 (issue 28: they answered in four shapes) and what fills it here.
LISTS = (
    "/api/v1/personas", "/api/v1/personas/{persona}/interactions",
    "/api/v1/personas/{persona}/memory", "/api/v1/jobs", "/api/v1/personas/{persona}/layers",
    "/api/v1/personas/{persona}/layers/{trait}/history", "/api/v1/events", "/api/v1/tokens",
)  # fmt: skip
PAGE_KEYS = {"items", "total", "limit", "offset", "next_offset"}


async def _remote_layers(rt: Runtime, versions: int) -> None:
    for _ in range(versions):
        staged = await rt.layers.stage(NewLayer(kind="remote", provider="openai",
                                                manifest={"provider": "openai"},
                                                remote_model="ft:gpt-4.1-mini:ada"))  # fmt: skip
        await rt.layers.add("ada", "math", staged, evaluation={"gate": {"passed": True}},
                            deploy=True, by="test")  # fmt: skip


def test_every_list_answers_one_page(
    served: tuple[TestClient, dict[str, str], dict[str, str]],
) -> None:
    """Each list endpoint answers {items, total, limit, offset, next_offset}, takes limit and
    offset, and its pages add up to the whole list; the schema says so for every one of them.
    """
    client, record, admin = served
    for name in ("ada", "bob", "cy"):
        _persona(client, admin, name)
    path = "/api/v1/personas/ada/interactions"
    for _ in range(3):
        assert client.post(path, json={"messages": TURN}, headers=record).status_code == 201
    for trait in ("math", "general"):
        body = {"persona": "ada", "trait": trait}
        assert client.post("/api/v1/jobs", json=body, headers=admin).status_code == 201
    client.portal.call(_remote_layers, client.app.state.rt, 2)
    client.post("/api/v1/tokens", json={"scope": "events"}, headers=admin)

    schema = client.get("/openapi.json").json()
    paged = set()
    for route, operations in schema["paths"].items():
        if not route.startswith("/api/v1/") or "get" not in operations:
            continue
        ok = operations["get"]["responses"]["200"]["content"]
        answer = next(iter(ok.values()))["schema"]
        assert answer.get("type") != "array", f"GET {route} answers a bare array"
        if answer.get("$ref", "").startswith("#/components/schemas/Page_"):
            paged.add(route)
            params = {p["name"] for p in operations["get"]["parameters"]}
            assert {"limit", "offset"} <= params, route
    assert paged == set(LISTS)
    for name, page in schema["components"]["schemas"].items():
        if name.startswith("Page_"):
            assert set(page["required"]) == PAGE_KEYS, name

    for route in LISTS:
        url = route.format(persona="ada", trait="math")
        whole = client.get(url, headers=admin)
        assert whole.status_code == 200, (url, whole.text)
        first = whole.json()
        assert set(first) == PAGE_KEYS, url
        assert first["offset"] == 0 and first["limit"] >= 50 and first["next_offset"] is None
        total = first["total"]
        assert total == len(first["items"]), url
        if "memory" in url:  # nothing scored, nothing remembered: an empty page
            assert total == 0
            continue
        assert total >= 2, url
        # One at a time: each page points at the next, the last at none, and together they
        # are the whole list in its order.
        seen, offset = [], 0
        while offset is not None:
            page = client.get(url, params={"limit": 1, "offset": offset}, headers=admin).json()
            assert (page["limit"], page["offset"], page["total"]) == (1, offset, total), url
            assert len(page["items"]) == 1
            seen += page["items"]
            offset = page["next_offset"]
            assert offset in (len(seen), None) and (offset is None) == (len(seen) == total)
        assert seen == first["items"], url
        beyond = client.get(url, params={"offset": total}, headers=admin).json()
        assert beyond["items"] == [] and beyond["next_offset"] is None, url
        too_many = client.get(url, params={"limit": 1001}, headers=admin)
        assert too_many.status_code == 422 and too_many.json()["error"]["field"] == "limit"


def _layer_folder(tiny_model_dir: Path, folder: Path, seed: int) -> Path:
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    torch.manual_seed(seed)
    model = AutoModelForCausalLM.from_pretrained(tiny_model_dir)
    lora = LoraConfig(r=4, target_modules=["q_proj", "v_proj"], init_lora_weights=False)
    get_peft_model(model, lora).save_pretrained(folder)
    return folder


async def _deploy(
    rt: Runtime, tiny_model_dir: Path, folder: Path, canary: float | None = None
) -> int:
    staged = await rt.layers.stage(NewLayer(
        kind="local", provider="local", artifact_dir=folder,
        manifest={"base_model": {"name": str(tiny_model_dir)}},
    ))  # fmt: skip
    return await rt.layers.add("ada", "math", staged, evaluation={"gate": {"passed": True}},
                               deploy=True, by="test", canary=canary)  # fmt: skip


def test_answering_and_layers_over_http(tmp_path: Path, tiny_model_dir: Path) -> None:
    config = _config(tmp_path, tiny_model_dir)
    tokens = _tokens(config)
    record, admin = _auth(tokens["record"]), _auth(tokens["admin"])
    with TestClient(create_app(config, worker=False)) as client:
        _persona(client, admin)
        rt: Runtime = client.app.state.rt
        ask = {"messages": [{"role": "user", "content": "What is 2 plus 2?"}],
               "traits": ["math"]}  # fmt: skip
        base = client.post("/api/v1/personas/ada/generate", json=ask, headers=record)
        assert base.status_code == 200, base.text
        assert base.json()["layers"] == {} and base.json()["id"]

        for seed in (1, 2):
            folder = _layer_folder(tiny_model_dir, tmp_path / f"layer{seed}", seed)
            client.portal.call(_deploy, rt, tiny_model_dir, folder)
        layers = client.get("/api/v1/personas/ada/layers", headers=admin).json()["items"]
        assert [(x["version"], x["active"]) for x in layers] == [(1, False), (2, True)]
        assert client.get("/api/v1/personas/ada/layers", headers=record).status_code == 403

        answer = client.post("/api/v1/personas/ada/generate", json=ask, headers=record).json()
        assert answer["layers"] == {"math": 2} and answer["arm"] is None
        # The turn recorded with the generation's id is attributed to the layer that answered.
        turn = [*ask["messages"], {"role": "assistant", "content": answer["text"] or "4"}]
        made = client.post("/api/v1/personas/ada/interactions", headers=record,
                           json={"messages": turn, "generation_id": answer["id"]})  # fmt: skip
        assert made.status_code == 201, made.text
        stored = client.get("/api/v1/personas/ada/interactions", headers=record).json()
        assert stored["items"][0]["generation_id"] == answer["id"]

        # Streaming: text pieces, then the generation; the pieces add up to its text.
        with client.stream("POST", "/api/v1/personas/ada/generate", headers=record,
                           json={**ask, "stream": True}) as response:  # fmt: skip
            assert response.status_code == 200
            assert response.headers["content-type"].startswith("text/event-stream")
            events = _sse(response.iter_lines())
        texts = [data["text"] for kind, data in events if kind == "text"]
        done = [data for kind, data in events if kind == "done"]
        assert len(done) == 1 and done[0]["layers"] == {"math": 2}
        assert "".join(texts) == done[0]["text"]
        unknown = client.post("/api/v1/personas/ada/generate", headers=record,
                              json={**ask, "traits": ["poetry"], "stream": True})  # fmt: skip
        assert unknown.status_code == 404 and unknown.json()["error"]["type"] == "not_found"

        # Roll back, activate, pin, history: the database moves, and says who did it.
        back = client.post("/api/v1/personas/ada/layers/math/rollback",
                           json={"reason": "answers got worse"}, headers=admin)  # fmt: skip
        assert back.status_code == 200 and back.json()["active"] == 1
        assert client.portal.call(_active_version, rt) == 1
        again = client.post("/api/v1/personas/ada/layers/math/2/activate", json={},
                            headers=admin).json()  # fmt: skip
        assert again["active"] is True and again["version"] == 2
        pinned = client.post("/api/v1/personas/ada/layers/math/1/pin", json={"pinned": True},
                             headers=admin).json()  # fmt: skip
        assert pinned["pinned"] is True
        history = client.get("/api/v1/personas/ada/layers/math/history",
                             headers=admin).json()["items"]  # fmt: skip
        # Oldest first: deploy v1, deploy v2, rollback to v1, activate v2.
        assert [(h["action"], h["to_version"]) for h in history] == [
            ("deploy", 1), ("deploy", 2), ("rollback", 1), ("activate", 2)]  # fmt: skip
        assert history[2]["reason"] == "answers got worse"
        assert history[2]["by"] == "http:test admin"
        missing = client.get("/api/v1/personas/ada/layers/math/9", headers=admin)
        assert missing.status_code == 404 and "v1, v2" in missing.json()["error"]["message"]

        # A canary beside v2: the conversation id keeps each conversation on one arm, and the
        # answer says which arm it was.
        folder = _layer_folder(tiny_model_dir, tmp_path / "layer3", 3)
        assert client.portal.call(_deploy, rt, tiny_model_dir, folder, 0.5) == 3
        arms = {}
        for i in range(20):
            body = {**ask, "conversation_id": f"c{i}"}
            got = client.post("/api/v1/personas/ada/generate", json=body, headers=record).json()
            assert got["layers"] == {"math": 3 if got["arm"] == "canary" else 2}
            again = client.post("/api/v1/personas/ada/generate", json=body, headers=record)
            assert again.json()["arm"] == got["arm"]
            arms[got["arm"]] = arms.get(got["arm"], 0) + 1
        assert set(arms) == {"canary", "stable"}  # 20 conversations at one half: both arms
        bad = client.post("/api/v1/personas/ada/generate", headers=record,
                          json={**ask, "conversation_id": "x" * 129})  # fmt: skip
        assert bad.status_code == 422
        versions = {x["version"]: x for x in client.get("/api/v1/personas/ada/layers",
                                                        headers=admin).json()["items"]}  # fmt: skip
        assert versions[3]["canary"] and versions[3]["canary_fraction"] == 0.5
        # The dashboard's persona page marks it.
        from lifelong.service.auth import SESSION_COOKIE

        session = client.portal.call(client.app.state.auth.login, tokens["admin"])
        page = client.get("/personas/ada", cookies={SESSION_COOKIE: session.id})
        assert page.status_code == 200 and 'data-role="canary-version">v3 canary' in page.text
        assert "canary 50%" in page.text

        report = client.get("/api/v1/personas/ada/report", headers=admin).json()
        assert report["summary"]["active_versions"] == {"math": 2}
        html = client.get("/api/v1/personas/ada/report.html", headers=admin)
        assert html.status_code == 200 and "ada" in html.text


async def _active_version(rt: Runtime) -> int | None:
    row = await rt.store.genome.active("ada", "math")
    return row["version"] if row else None


def _sse(lines: Any) -> list[tuple[str, Any]]:
    """(event, data) pairs of a server-sent event stream."""
    events, kind = [], None
    for line in lines:
        if line.startswith("event: "):
            kind = line.removeprefix("event: ")
        elif line.startswith("data: ") and kind is not None:
            events.append((kind, json.loads(line.removeprefix("data: "))))
            kind = None
    return events


def test_openapi_copy_is_current() -> None:
    checked_in = REPO / "docs" / "openapi.json"
    assert checked_in.read_text(encoding="utf-8") == render(), (
        "docs/openapi.json is stale: run `.venv/bin/python -m lifelong.service.openapi`"
    )
    paths = json.loads(checked_in.read_text(encoding="utf-8"))["paths"]
    assert "/api/v1/personas/{persona}/interactions" in paths


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_event_stream_shows_what_other_processes_do(tmp_path: Path) -> None:
    """The live feed reads the tables, so a job queued and trained by another process (here:
    another Runtime on the same database) reaches the stream: its events and its progress.
    """
    config = _config(tmp_path)
    tokens = _tokens(config)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(config, worker=False), host="127.0.0.1",
                                           port=port, log_level="warning"))  # fmt: skip
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while not server.started:
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.05)
        seen: list[tuple[str, Any]] = []
        with httpx.Client(base_url=base, timeout=20) as http:
            http.put("/api/v1/personas/ada", headers=_auth(tokens["admin"]),
                     json={"traits": [{"name": "math", "description": "adds"}]})  # fmt: skip
            with http.stream("GET", "/api/v1/events/stream",
                             headers=_auth(tokens["admin"])) as stream:  # fmt: skip
                assert stream.status_code == 200
                lines = stream.iter_lines()
                assert next(lines).startswith("id: ")
                asyncio.run(_train_elsewhere(config))
                kind = None
                for line in lines:
                    if line.startswith("event: "):
                        kind = line.removeprefix("event: ")
                    elif line.startswith("data: "):
                        seen.append((kind, json.loads(line.removeprefix("data: "))))
                        if kind == "progress" and seen[-1][1]["step"] == 2:
                            break
        kinds = [k for k, _ in seen]
        assert kinds[0] == "hello"
        assert "TrainingQueued" in kinds and "TrainingStarted" in kinds
        progress = [d for k, d in seen if k == "progress"]
        assert [(p["step"], p["loss"], p["total_steps"]) for p in progress] == [
            (1, 2.5, 2.0), (2, 2.25, 2.0)]  # fmt: skip
        assert progress[0]["persona"] == "ada" and progress[0]["trait"] == "math"
    finally:
        server.should_exit = True
        thread.join(timeout=20)


async def _train_elsewhere(config: RuntimeConfig) -> None:
    async with Runtime.open(config) as rt:
        job_id = await rt.queue_training("ada", "math")
        await claimed(rt, job_id, "elsewhere")
        started = event_row(TrainingStarted, persona="ada", trait="math", job_id=job_id)
        await rt.store.jobs.start(job_id, "elsewhere", dataset_hash="0" * 64, event=started)
        for step, loss in ((1, 2.5), (2, 2.25)):
            await rt.store.jobs.progress(job_id, "elsewhere", [("loss", loss), ("total_steps", 2)],
                                          step=step, persona="ada", trait="math")  # fmt: skip


def test_sessions_end_with_their_token_and_refuse_other_origins(
    served: tuple[TestClient, dict[str, str], dict[str, str]],
) -> None:
    """A dashboard session dies with the token it was made from; a state change carried by
    the cookie needs the CSRF token and must come from this origin (another port of the same
    host is the same *site*, so SameSite alone does not stop it).
    """
    from lifelong.runtime.logs import redact
    from lifelong.service.auth import CSRF_HEADER, SESSION_COOKIE

    client, _record, admin = served
    token = admin["Authorization"].removeprefix("Bearer ")
    assert token not in redact(f"calling with {token} now")
    auth = client.app.state.auth
    session = client.portal.call(auth.login, token)
    assert session is not None
    client.cookies.set(SESSION_COOKIE, session.id)
    assert client.get("/api/v1/status").status_code == 200
    body = {"scope": "record", "name": "from the browser"}
    assert client.post("/api/v1/tokens", json=body).status_code == 403  # no CSRF token
    csrf = {CSRF_HEADER: session.csrf}
    elsewhere = {**csrf, "Sec-Fetch-Site": "same-site", "Origin": "http://localhost:3000"}
    assert client.post("/api/v1/tokens", json=body, headers=elsewhere).status_code == 403
    made = client.post("/api/v1/tokens", json=body, headers={**csrf, "Sec-Fetch-Site":
                                                             "same-origin"})  # fmt: skip
    assert made.status_code == 201 and made.json()["created_at"] is not None

    # Bad queries of the event feed are 4xx before any stream starts.
    assert client.get("/api/v1/events?kind=Bogus").json()["error"]["field"] == "kind"
    bad_cursor = client.get("/api/v1/events/stream?since=99999999999999999999:0")
    assert bad_cursor.status_code == 422 and bad_cursor.json()["error"]["field"] == "since"

    # Revoking the admin token ends the session made with it.
    admin_id = token.split("_")[1]
    assert client.delete(f"/api/v1/tokens/{admin_id}", headers=csrf).status_code == 204
    assert client.get("/api/v1/status").status_code == 401
    client.cookies.clear()
    assert client.get("/api/v1/status", headers=admin).status_code == 401


def test_tokens_command_line(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from lifelong.cli import cli

    def run(*args: str) -> Any:
        return CliRunner().invoke(cli, [*args, "--home", str(tmp_path / "home")])

    made = run("tokens", "create", "--scope", "record", "--name", "backend", "--json")
    assert made.exit_code == 0, made.output
    created = json.loads(made.output)
    assert created["token"].startswith(f"llt_{created['id']}_") and created["scope"] == "record"
    listed = run("tokens", "list", "--json")
    rows = json.loads(listed.output)
    assert [(r["id"], r["name"], r["revoked_at"]) for r in rows] == [
        (created["id"], "backend", None)]  # fmt: skip
    assert created["token"] not in listed.output and "sha256" not in listed.output
    assert run("tokens", "revoke", created["id"]).exit_code == 0
    assert json.loads(run("tokens", "list", "--json").output)[0]["revoked_at"] is not None
    again = run("tokens", "revoke", created["id"])
    assert again.exit_code == 1 and "not found" in again.output.lower()
    wrong = run("tokens", "create", "--scope", "root")
    assert wrong.exit_code == 2 and "root" in wrong.output
    limited = run("tokens", "create", "--scope", "events,record", "--persona", "ada",
                  "--persona", "bob", "--json")  # fmt: skip
    assert limited.exit_code == 0, limited.output
    shown = json.loads(limited.output)
    assert shown["scope"] == "record,events" and shown["personas"] == ["ada", "bob"]
    table = run("tokens", "list")
    assert "record,events" in table.output and "ada, bob" in table.output
    admin_for_one = run("tokens", "create", "--scope", "admin", "--persona", "ada")
    assert admin_for_one.exit_code == 1 and "reaches every persona" in admin_for_one.output


def test_the_dashboard_pages_through_many_personas(
    served: tuple[TestClient, dict[str, str], dict[str, str]],
) -> None:
    from lifelong.service.auth import SESSION_COOKIE
    from lifelong.service.dashboard import PERSONAS_PER_PAGE

    client, _record, admin = served
    names = [f"p{i:02d}" for i in range(PERSONAS_PER_PAGE + 2)]
    for name in names:
        _persona(client, admin, name)
    token = admin["Authorization"].removeprefix("Bearer ")
    session = client.portal.call(client.app.state.auth.login, token)
    cookies = {SESSION_COOKIE: session.id}

    def shown(query: str) -> tuple[list[str], str]:
        page = client.get(f"/{query}", cookies=cookies)
        assert page.status_code == 200, page.text
        return [n for n in names if f'data-persona="{n}"' in page.text], page.text

    first, text = shown("")
    assert first == names[:PERSONAS_PER_PAGE] and "page 1 of 2" in text
    second, text = shown("?page=2")
    assert second == names[PERSONAS_PER_PAGE:] and "page 2 of 2" in text
    assert shown("?page=x")[0] == first and shown("?page=99")[0] == second


def test_errors_over_http_say_what_to_do_in_http(
    served: tuple[TestClient, dict[str, str], dict[str, str]], tmp_path: Path
) -> None:
    """Issue 28: errors over HTTP said "declare it with rt.persona(...)" or named CLI
    commands; each surface names its own fix, the Python API keeps its words."""
    client, record, admin = served
    _persona(client, admin)
    body = {"messages": TURN, "trait": "poetry"}
    undeclared = client.post("/api/v1/personas/ada/interactions", json=body, headers=record)
    message = undeclared.json()["error"]["message"]
    assert "PUT /api/v1/personas/ada" in message and "rt." not in message, message
    revoked = client.delete("/api/v1/tokens/nope", headers=admin).json()["error"]["message"]
    assert "GET /api/v1/tokens" in revoked and "`lifelong" not in revoked, revoked

    async def in_python() -> str:
        async with Runtime.open(_config(tmp_path / "python")) as rt:
            try:
                await rt.tokens.revoke("nope")
            except LookupError as exc:
                return str(exc)
        return ""

    assert "rt.tokens.list()" in asyncio.run(in_python())
