"""Typed events for subscribers, and alerts delivered to a webhook on 127.0.0.1."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from pydantic import SecretStr

from lifelong import LifelongEvent, Runtime, RuntimeConfig
from lifelong.events import LayerDeployed, TrainingFailed, TrainingQueued

pytestmark = pytest.mark.integration
KEY = "sk-test-webhook-0123456789abcdefghijkl"


class _Hook(BaseHTTPRequestHandler):
    received: list[dict] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        _Hook.received.append(json.loads(body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


async def test_subscribers_get_typed_events_and_alerts_reach_the_webhook(tmp_path: Path) -> None:
    server = HTTPServer(("127.0.0.1", 0), _Hook)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _Hook.received = []
    config = RuntimeConfig(
        home=tmp_path / "home", background=False, openai_api_key=SecretStr(KEY),
        reports={"webhook_url": f"http://127.0.0.1:{server.server_address[1]}/alerts"},
    )  # fmt: skip
    seen: list[LifelongEvent] = []
    failures: list[str] = []

    async def on_failure(event: LifelongEvent) -> None:  # coroutine subscribers work too
        assert isinstance(event, TrainingFailed)
        failures.append(event.message)

    try:
        async with Runtime.open(config) as rt:
            rt.subscribe(seen.append)
            unsubscribe = rt.subscribe(on_failure, kinds=[TrainingFailed])  # a class or a name
            deployed: list[LifelongEvent] = []
            rt.subscribe(deployed.append, kinds=["LayerDeployed"])
            with pytest.raises(ValueError, match="unknown event kind 'TrainingFinished'"):
                rt.subscribe(seen.append, kinds=["TrainingFinished"])
            queued = {"reason": {"trigger": "threshold"}, "priority": "high"}
            events = rt.store.events
            await events.add(TrainingQueued, persona="ada", trait="math", payload=queued)
            await rt.store.events.add(
                TrainingFailed, persona="ada", trait="math", severity="error", is_alert=True,
                payload={"message": f"provider said no to key {KEY}"},
            )  # fmt: skip
            unsubscribe()
            await rt.store.events.add(TrainingFailed, persona="ada", is_alert=True, payload={})
    finally:
        server.shutdown()
    assert [e.kind for e in seen] == ["TrainingQueued", "TrainingFailed", "TrainingFailed"]
    # One class per kind: isinstance and the class name work, and fields are typed.
    assert [type(e).__name__ for e in seen] == [e.kind for e in seen]
    assert isinstance(seen[0], TrainingQueued) and isinstance(seen[0], LifelongEvent)
    assert seen[0].reason == {"trigger": "threshold"} and seen[0].priority == "high"
    assert not isinstance(seen[1], LayerDeployed) and deployed == []
    assert seen[1].persona == "ada" and seen[1].is_alert and seen[1].severity == "error"
    assert len(failures) == 1 and KEY in failures[0]  # in-process subscribers see the payload
    assert [hook["alert"]["kind"] for hook in _Hook.received] == ["TrainingFailed"] * 2
    assert KEY not in json.dumps(_Hook.received)  # what leaves the process is redacted
    assert "[REDACTED]" in _Hook.received[0]["alert"]["payload"]["message"]
