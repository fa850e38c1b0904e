"""``lifelong serve``'s ``/v1`` driven by clients we did not write: the official ``openai``
Python SDK (sync and async, plain and streamed) and Node SDK, over real HTTP to a real server
(uvicorn in a thread, a tiny real model; a remote layer answered by the fake OpenAI server
where a test needs to know the words of a reply).
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openai
import pytest
import uvicorn
from pydantic import SecretStr

from lifelong import Runtime, RuntimeConfig, Trait
from lifelong.genome.store import NewLayer
from lifelong.runtime.gateway import REGENERATE_RATING, ChatOptions, ModelName
from lifelong.service import create_app
from tests.fakes.openai_server import FakeOpenAIServer

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]
KEY = "sk-test-remote-0123456789abcdefghij"
NODE_SDK = REPO / "tests" / "node" / "node_modules" / "openai"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class _Served:
    def __init__(self, url: str, tokens: dict[str, str], config: RuntimeConfig,
                 fake: FakeOpenAIServer) -> None:  # fmt: skip
        self.url, self.tokens, self.config, self.fake = url, tokens, config, fake

    def client(self, token: str = "record", **kw: Any) -> openai.OpenAI:
        return openai.OpenAI(base_url=f"{self.url}/v1", api_key=self.tokens[token],
                             max_retries=0, **kw)  # fmt: skip

    def async_client(self, token: str = "record") -> openai.AsyncOpenAI:
        return openai.AsyncOpenAI(base_url=f"{self.url}/v1", api_key=self.tokens[token],
                                  max_retries=0)  # fmt: skip

    def read(self, work: Any) -> Any:
        """Run ``work(rt)`` on a runtime of the same store (what a worker process sees)."""

        async def go() -> Any:
            async with Runtime.open(self.config) as rt:
                return await work(rt)

        return asyncio.run(go())


@pytest.fixture
def served(tmp_path: Path, tiny_model_dir: Path) -> Iterator[_Served]:
    with FakeOpenAIServer(api_key=KEY) as fake:
        config = RuntimeConfig(
            home=tmp_path / "home", background=False, openai_api_key=SecretStr(KEY),
            training={"providers": ["local", "openai"], "base_model": str(tiny_model_dir),
                      "openai_base_url": fake.url},
            genome={"max_new_tokens": 6},
        )  # fmt: skip

        async def setup() -> dict[str, str]:
            async with Runtime.open(config) as rt:
                await rt.persona("shop", traits=[Trait("cat", "the shop cat")],
                                 profile={"description": "You keep the corner shop."})  # fmt: skip
                await rt.persona("other", traits=[Trait("boats", "the ferry")])
                # The remote persona answers through the fake provider: known words.
                await rt.persona("remote", traits=[Trait("talk", "anything")])
                staged = await rt.layers.stage(NewLayer(
                    kind="remote", provider="openai", manifest={"provider": "openai"},
                    remote_model="ft:gpt-4.1-mini:remote-talk",
                ))  # fmt: skip
                await rt.layers.add("remote", "talk", staged, evaluation=None, deploy=True,
                                    by="test")  # fmt: skip
                return {
                    "record": (await rt.tokens.create("record", "chat ui"))[1],
                    "shop_only": (await rt.tokens.create("record", "shop ui", ["shop"]))[1],
                    "events": (await rt.tokens.create("events", "listener"))[1],
                }

        tokens = asyncio.run(setup())
        port = _free_port()
        server = uvicorn.Server(uvicorn.Config(
            create_app(config, worker=False), host="127.0.0.1", port=port, log_level="warning",
        ))  # fmt: skip
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 30
        while not server.started:
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.05)
        try:
            yield _Served(f"http://127.0.0.1:{port}", tokens, config, fake)
        finally:
            server.should_exit = True
            thread.join(timeout=30)


def _turns(served: _Served, persona: str) -> list[Any]:
    async def work(rt: Runtime) -> list[Any]:
        return list(reversed(await rt.list_interactions(persona, limit=100)))

    return served.read(work)  # type: ignore[no-any-return]


def test_models_are_personas_and_a_key_lists_only_its_own(served: _Served) -> None:
    ids = [m.id for m in served.client().models.list()]
    assert {"shop", "shop:cat", "shop@base", "other", "other:boats", "other@base"} <= set(ids)
    assert [m.id for m in served.client("shop_only").models.list()] == [
        "shop", "shop:cat", "shop@base"]  # fmt: skip
    assert served.client().models.retrieve("shop:cat").owned_by == "lifelong"
    with pytest.raises(openai.NotFoundError) as missing:
        served.client("shop_only").models.retrieve("other")
    assert missing.value.body["code"] == "model_not_found"  # type: ignore[index]


def test_a_completion_in_openai_wire_format_is_recorded_as_the_personas_turn(
    served: _Served,
) -> None:
    client = served.client()
    raw = client.chat.completions.with_raw_response.create(
        model="shop", messages=[{"role": "user", "content": "What is the cat called?"}],
        max_tokens=5, temperature=0,
    )  # fmt: skip
    reply = raw.parse()
    assert reply.object == "chat.completion" and reply.model == "shop"
    (choice,) = reply.choices
    assert choice.message.role == "assistant" and isinstance(choice.message.content, str)
    assert choice.finish_reason in ("stop", "length")
    usage = reply.usage
    assert usage is not None and usage.prompt_tokens > 5
    assert usage.total_tokens == usage.prompt_tokens + usage.completion_tokens
    assert 0 < usage.completion_tokens <= 5 or choice.message.content == ""
    extension = reply.model_extra["lifelong"]  # type: ignore[index]
    assert raw.headers["x-lifelong-layers"] == "base" and extension["layers"] == {}
    assert raw.headers["x-lifelong-conversation"] == extension["conversation_id"]
    # The id is the generation's: the recorded turn is attributed to it.
    (turn,) = _turns(served, "shop")
    assert turn.generation_id == reply.id and turn.id == extension["interaction_id"]
    assert turn.messages[-1] == {"role": "assistant", "content": choice.message.content}
    assert turn.metadata["conversation_id"] == extension["conversation_id"]


def test_a_chat_that_resends_its_history_is_one_conversation_and_a_regenerate_counts(
    served: _Served,
) -> None:
    client = served.client()
    history: list[dict[str, str]] = [
        {"role": "system", "content": "Answer briefly."},
        {"role": "user", "content": "Hello there."},
    ]
    ids = []
    for question in ("What do you sell?", "And when do you open?"):
        reply = client.chat.completions.create(model="remote:talk", messages=history, max_tokens=8)
        ids.append(reply.model_extra["lifelong"])  # type: ignore[index]
        history += [{"role": "assistant", "content": reply.choices[0].message.content or ""},
                    {"role": "user", "content": question}]  # fmt: skip
    third = client.chat.completions.create(model="remote:talk", messages=history, max_tokens=8)
    ids.append(third.model_extra["lifelong"])  # type: ignore[index]
    conversations = {x["conversation_id"] for x in ids}
    assert len(conversations) == 1, ids
    turns = _turns(served, "remote")
    assert len(turns) == 3 and {t.metadata["conversation_id"] for t in turns} == conversations
    assert [m["content"] for m in turns[-1].messages if m["role"] == "user"] == [
        "Hello there.", "What do you sell?", "And when do you open?"]  # fmt: skip
    # The application's system message follows the persona's own in the prompt.
    sent = json.loads(served.fake.requests_to("POST", "/v1/chat")[-1].body)["messages"][0]
    assert sent["role"] == "system" and sent["content"].endswith("\n\nAnswer briefly.")
    assert sent["content"].startswith("You are remote.")

    # The user asks for another answer to the last question: it counts against the first.
    again = client.chat.completions.create(model="remote:talk", messages=history, max_tokens=8)
    extension = again.model_extra["lifelong"]  # type: ignore[index]
    assert extension["regenerated"] == ids[-1]["interaction_id"]
    assert extension["conversation_id"] in conversations
    turns = _turns(served, "remote")
    replaced = next(t for t in turns if t.id == ids[-1]["interaction_id"])
    assert replaced.feedback_rating == REGENERATE_RATING and len(turns) == 4

    # An edited earlier user turn starts a branch of the conversation.
    edited = [*history[:3], {"role": "user", "content": "What do you NOT sell?"}]
    branch = client.chat.completions.create(model="remote:talk", messages=edited, max_tokens=8)
    info = branch.model_extra["lifelong"]  # type: ignore[index]
    assert info["conversation_id"] not in conversations
    branched = next(t for t in _turns(served, "remote") if t.id == info["interaction_id"])
    assert branched.metadata["branch_of"] in conversations


def test_a_retried_request_is_answered_again_and_recorded_once(served: _Served) -> None:
    client = served.client()
    ask = {"model": "remote:talk", "messages": [{"role": "user", "content": "Ship it?"}],
           "max_tokens": 8}  # fmt: skip
    first = client.chat.completions.create(**ask)  # type: ignore[call-overload]
    # What the SDK sends when it retries after losing the response.
    retried = client.chat.completions.create(**ask, extra_headers={"x-stainless-retry-count": "1"})  # type: ignore[call-overload]
    assert retried.model_extra["lifelong"]["replayed"] is True  # type: ignore[index]
    assert retried.choices[0].message.content == first.choices[0].message.content
    assert retried.id == first.id
    # Any client's Idempotency-Key does the same.
    keyed = {**ask, "messages": [{"role": "user", "content": "Dock it?"}]}
    one = client.chat.completions.create(**keyed, extra_headers={"Idempotency-Key": "k-1"})  # type: ignore[call-overload]
    two = client.chat.completions.create(**keyed, extra_headers={"Idempotency-Key": "k-1"})  # type: ignore[call-overload]
    assert two.id == one.id and two.model_extra["lifelong"]["replayed"]  # type: ignore[index]
    turns = _turns(served, "remote")
    assert len(turns) == 2 and all(t.feedback_rating is None for t in turns)  # no regenerate


def test_streams_in_openai_chunks_sync_and_async(served: _Served) -> None:
    chunks = list(served.client().chat.completions.create(
        model="remote:talk", messages=[{"role": "user", "content": "Tell me a story."}],
        max_tokens=8, stream=True, stream_options={"include_usage": True},
    ))  # fmt: skip
    assert chunks[0].choices[0].delta.role == "assistant"
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == "[ft:gpt-4.1-mini:remote-talk] answer to: Tell me a story."
    assert len({c.id for c in chunks}) == 1 and chunks[-1].usage is not None
    assert chunks[-1].choices == [] and chunks[-2].choices[0].finish_reason == "stop"
    (turn,) = [t for t in _turns(served, "remote") if t.generation_id == chunks[0].id]
    assert turn.messages[-1]["content"] == text

    async def stream() -> list[Any]:
        client = served.async_client()
        got = await client.chat.completions.create(
            model="remote:talk", messages=[{"role": "user", "content": "Once more."}],
            max_tokens=8, stream=True, stop=["answer"],
        )  # fmt: skip
        return [c async for c in got]

    parts = asyncio.run(stream())
    streamed = "".join(c.choices[0].delta.content or "" for c in parts if c.choices)
    # Stopped before the stop sequence, which is not part of the reply.
    assert streamed == "[ft:gpt-4.1-mini:remote-talk] "
    assert parts[-1].choices[0].finish_reason == "stop"


def test_what_it_cannot_honour_is_refused_in_openai_s_error_shape(served: _Served) -> None:
    client = served.client()
    ask = {"model": "shop", "messages": [{"role": "user", "content": "Hi"}], "max_tokens": 2}
    cases = [
        ({"n": 2}, "n"),
        ({"tools": [{"type": "function", "function": {"name": "f", "parameters": {}}}]},
         "tools"),
        ({"response_format": {"type": "json_object"}}, "response_format"),
        ({"logprobs": True}, "logprobs"),
        ({"seed": 7, "temperature": 0.8}, "seed"),
        ({"messages": [{"role": "tool", "content": "x", "tool_call_id": "1"}]},
         "messages[0].role"),
    ]  # fmt: skip
    for extra, param in cases:
        with pytest.raises(openai.BadRequestError) as refused:
            client.chat.completions.create(**{**ask, **extra})  # type: ignore[call-overload]
        body = refused.value.body
        assert body["param"] == param and body["type"] == "invalid_request_error", body  # type: ignore[index]
    with pytest.raises(openai.NotFoundError):
        client.chat.completions.create(**{**ask, "model": "nobody"})  # type: ignore[call-overload]
    with pytest.raises(openai.NotFoundError):
        served.client("shop_only").chat.completions.create(**{**ask, "model": "other"})  # type: ignore[call-overload]
    with pytest.raises(openai.NotFoundError):  # no such trait
        client.chat.completions.create(**{**ask, "model": "shop:boats"})  # type: ignore[call-overload]
    with pytest.raises(openai.AuthenticationError) as denied:
        openai.OpenAI(base_url=f"{served.url}/v1", api_key="llt_nope", max_retries=0).models.list()
    assert denied.value.body["code"] == "invalid_api_key"  # type: ignore[index]
    with pytest.raises(openai.PermissionDeniedError):  # an events key cannot chat
        served.client("events").chat.completions.create(**ask)  # type: ignore[call-overload]
    # Nothing refused was recorded.
    assert _turns(served, "shop") == []


def test_feedback_on_a_completion_becomes_the_turn_s_rating_and_correction(
    served: _Served,
) -> None:
    import httpx

    reply = served.client().chat.completions.create(
        model="remote:talk", messages=[{"role": "user", "content": "Rate me."}], max_tokens=8
    )
    headers = {"Authorization": f"Bearer {served.tokens['record']}"}
    sent = httpx.post(f"{served.url}/v1/chat/completions/{reply.id}/feedback",
                      json={"rating": 0.0, "correction": "We open at 7:15."},
                      headers=headers)  # fmt: skip
    assert sent.status_code == 204, sent.text
    (turn,) = _turns(served, "remote")
    assert turn.feedback_rating == 0.0 and turn.feedback_correction == "We open at 7:15."
    scoped = {"Authorization": f"Bearer {served.tokens['shop_only']}"}
    other = httpx.post(f"{served.url}/v1/chat/completions/{reply.id}/feedback",
                       json={"rating": 1.0}, headers=scoped)  # fmt: skip
    assert other.status_code == 404 and other.json()["error"]["type"] == "not_found_error"


@pytest.mark.skipif(not shutil.which("node") or not NODE_SDK.is_dir(),
                    reason="needs node and the OpenAI Node SDK (make setup installs it into "
                    "tests/node with npm)")  # fmt: skip
def test_the_openai_node_sdk_chats_and_streams(served: _Served) -> None:
    script = """
import OpenAI from "openai";
const client = new OpenAI({ baseURL: process.env.BASE_URL, apiKey: process.env.KEY });
const models = (await client.models.list()).data.map((m) => m.id);
const reply = await client.chat.completions.create({
  model: "remote:talk", messages: [{ role: "user", content: "From node." }], max_tokens: 8 });
let streamed = "";
const stream = await client.chat.completions.create({
  model: "remote:talk", messages: [{ role: "user", content: "Streamed from node." }],
  max_tokens: 8, stream: true });
for await (const chunk of stream) streamed += chunk.choices[0]?.delta?.content ?? "";
console.log(JSON.stringify({ models, text: reply.choices[0].message.content,
  usage: reply.usage, id: reply.id, streamed }));
"""
    done = subprocess.run(
        ["node", "--input-type=module", "-e", script], capture_output=True, text=True,
        timeout=60, cwd=REPO / "tests" / "node",
        env={**os.environ, "BASE_URL": f"{served.url}/v1", "KEY": served.tokens["record"]},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert "remote:talk" in out["models"]
    assert out["text"] == "[ft:gpt-4.1-mini:remote-talk] answer to: From node."
    assert out["streamed"] == "[ft:gpt-4.1-mini:remote-talk] answer to: Streamed from node."
    assert out["usage"]["total_tokens"] > 0
    assert {t.generation_id for t in _turns(served, "remote")} >= {out["id"]}


async def test_a_stream_the_client_leaves_is_not_recorded(
    tmp_path: Path, tiny_model_dir: Path
) -> None:
    """The gateway itself, read part way and closed as a server does when the client goes."""
    config = RuntimeConfig(home=tmp_path / "home", background=False,
                           training={"providers": ["local"], "base_model": str(tiny_model_dir)},
                           genome={"max_new_tokens": 8})  # fmt: skip
    async with Runtime.open(config) as rt:
        await rt.persona("shop", traits=[Trait("cat", "the shop cat")])
        pieces = rt.gateway.complete(
            ModelName("shop"), [{"role": "user", "content": "Talk to me."}],
            ChatOptions(temperature=0, max_tokens=8),
        )  # fmt: skip
        await anext(pieces)
        await pieces.aclose()
        assert await rt.list_interactions("shop") == []
        # Read to the end, the same request is recorded.
        done = [p async for p in rt.gateway.complete(
            ModelName("shop"), [{"role": "user", "content": "Talk to me."}],
            ChatOptions(temperature=0, max_tokens=8))]  # fmt: skip
        assert len(await rt.list_interactions("shop")) == (1 if done[-1].text.strip() else 0)


def test_the_chat_loop_examples_are_one_conversation_each(served: _Served) -> None:
    """examples/openai/chat.py (and chat.mjs where node is): two questions, resent history,
    two recorded turns of one conversation per program.
    """
    env = {**os.environ, "BASE_URL": f"{served.url}/v1", "KEY": served.tokens["record"],
           "MODEL": "remote:talk"}  # fmt: skip
    programs = [[sys.executable, str(REPO / "examples" / "openai" / "chat.py")]]
    if shutil.which("node") and NODE_SDK.is_dir():
        # Node resolves "openai" from the script's own folder: run a copy beside the SDK.
        copy = REPO / "tests" / "node" / "node_modules" / ".chat-example.mjs"
        shutil.copy(REPO / "examples" / "openai" / "chat.mjs", copy)
        programs.append(["node", str(copy)])
    for i, program in enumerate(programs):
        done = subprocess.run(program, input=f"Hello {i}?\nAnd again {i}?\n", env=env,
                              capture_output=True, text=True, timeout=60,
                              cwd=REPO / "tests" / "node")  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert done.stdout.splitlines() == [
            f"[ft:gpt-4.1-mini:remote-talk] answer to: Hello {i}?",
            f"[ft:gpt-4.1-mini:remote-talk] answer to: And again {i}?",
        ]
        mine = [t for t in _turns(served, "remote")
                if t.messages[0]["content"] == f"Hello {i}?"]  # fmt: skip
        assert len(mine) == 2 and len({t.metadata["conversation_id"] for t in mine}) == 1
