"""Memory on a real runtime (SQLite and PostgreSQL, real MiniLM, a tiny real model): what a
persona was told is used at its next answer, only what training would use, only its own,
switchable per persona and per request, attributed, judged by its uses, within a budget,
consolidated by a deployed layer and given back by a rollback.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from lifelong import MemoryConsolidated, Runtime, RuntimeConfig, Trait
from lifelong.genome.store import NewLayer
from tests.helpers import turn

pytestmark = pytest.mark.integration

CAT_Q = "What is the shop cat called?"
CAT_A = "Our shop cat is Pimpernel, a grey tabby who naps in the window."
ASK_CAT = [{"role": "user", "content": "Tell me the name of the cat in your shop."}]
EVERYDAY = [{"role": "user", "content": "What is the capital of France?"}]


def _config(tmp_path: Path, tiny: Path, url: str, **extra: Any) -> RuntimeConfig:
    settings = {"training": {"providers": ["local"], "base_model": str(tiny)},
                "genome": {"max_new_tokens": 4}, **extra}  # fmt: skip
    return RuntimeConfig(home=tmp_path / "home", database_url=url, background=False, **settings)


async def _taught(rt: Runtime, persona: str = "shop", reply: str = CAT_A) -> tuple[Any, str]:
    handle = await rt.persona(persona, traits=[Trait("shop", "the corner shop and its cat")])
    interaction = await handle.record(turn(CAT_Q, reply), trait="shop")
    await handle.feedback(interaction, rating=1.0)
    return handle, interaction


async def test_a_taught_turn_answers_the_next_question_and_only_what_training_would_use(
    tmp_path: Path, tiny_model_dir: Path, embedder: Any, backend_url: str
) -> None:
    async with Runtime.open(_config(tmp_path, tiny_model_dir, backend_url),
                            embedder=embedder) as rt:  # fmt: skip
        shop, taught = await _taught(rt)
        # Another persona told something else about its cat: never shop's memory.
        await _taught(rt, "other", "Our cat is called Whiskers.")
        # A correction is remembered in place of the reply it corrects.
        owner = await shop.record(turn("Who owns the shop?", "I am not sure."), trait="shop")
        await shop.feedback(owner, correction="Orla Fenwick-Marsh owns the shop.")
        # Secrets and PII never reach a prompt.
        mail = await shop.record(
            turn("How do I email the shop?", "Write to orla.fenwick@example.com any time."),
            trait="shop",
        )
        await shop.feedback(mail, rating=1.0)
        first = await shop.record(turn("Do you sell stamps?", "Yes, first and second class."),
                                  trait="shop", metadata={"conversation_id": "c1"})  # fmt: skip
        await shop.feedback(first, rating=1.0)
        # A reply below the quality threshold stays out.
        low = await shop.record(turn("Are you there?", "k"), trait="shop")
        await shop.feedback(low, rating=0.0)
        await rt.score_pending()
        assert {r.id for r in (await rt.list_memory("shop", state="active"))[0]} == {
            taught, owner, mail, first}  # fmt: skip
        # A turn rated bad never enters, and the rest of its conversation leaves.
        second = await shop.record(turn("And envelopes?", "No, never."), trait="shop",
                                   metadata={"conversation_id": "c1"})  # fmt: skip
        await shop.feedback(second, rating=0.0)
        await rt.score_pending()

        rows, total = await rt.list_memory("shop")
        by_id = {r.id: r for r in rows}
        # The bad and the trivial reply were never kept; the good turn of the badly rated
        # conversation was, and left.
        assert total == 4 and set(by_id) == {taught, owner, mail, first}
        assert by_id[taught].state == "active" and by_id[taught].reply == CAT_A
        assert by_id[owner].reply == "Orla Fenwick-Marsh owns the shop."
        assert "example.com" not in by_id[mail].reply and "[EMAIL]" in by_id[mail].reply
        assert by_id[first].state == "removed"
        assert by_id[first].reason == "its conversation was rated bad"

        # The next question about the cat is answered with the turn in the prompt, at once.
        answer = await shop.generate(ASK_CAT)
        assert taught in answer.memory
        assert not set(answer.memory) & {first, second}
        stored = await rt.store.generations.get(answer.id)
        assert stored is not None
        # An everyday question is reminded of nothing.
        assert (await shop.generate(EVERYDAY)).memory == ()
        # Per request and per persona, it can be switched off, and on again.
        assert (await shop.generate(ASK_CAT, memory=False)).memory == ()
        await rt.persona("shop", memory=False)
        assert (await shop.generate(ASK_CAT)).memory == ()
        assert taught in (await shop.generate(ASK_CAT, memory=True)).memory
        await rt.persona("shop", memory=True)
        assert taught in (await shop.generate(ASK_CAT)).memory
        # The other persona is reminded of its own cat only.
        theirs = await (await rt.persona("other")).generate(ASK_CAT)
        assert theirs.memory and taught not in theirs.memory


async def test_a_turn_whose_uses_are_corrected_leaves_memory_and_admins_edit_it(
    tmp_path: Path, tiny_model_dir: Path, embedder: Any, backend_url: str
) -> None:
    async with Runtime.open(_config(tmp_path, tiny_model_dir, backend_url),
                            embedder=embedder) as rt:  # fmt: skip
        shop, taught = await _taught(rt, reply="Our shop cat is called Pimpernel.")
        await rt.score_pending()
        # Two answers it was given to are corrected: the monitor takes it out.
        for i in range(2):
            answer = await shop.generate(ASK_CAT)
            assert answer.memory == (taught,)
            recorded = await shop.record([*ASK_CAT, {"role": "assistant", "content": answer.text
                                                     or "..."}], trait="shop",
                                         generation=answer)  # fmt: skip
            await shop.feedback(recorded, correction=f"We have no cat ({i}).")
            assert (await rt.check_memory())["removed"] == ([] if i == 0 else [
                ("shop", taught, 2)])  # fmt: skip
        assert (await shop.generate(ASK_CAT)).memory == ()
        (row,), _ = await rt.list_memory("shop", state="removed")
        assert row.id == taught and row.reason == "led to 2 corrected or poorly rated replies"
        # A person can pin it back (served whatever else says), unpin and remove it.
        await rt.pin_memory("shop", taught)
        assert (await shop.generate(ASK_CAT)).memory == (taught,)
        await rt.remove_memory("shop", taught, by="cli:admin")
        assert (await shop.generate(ASK_CAT)).memory == ()
        (row,), _ = await rt.list_memory("shop", state="removed")
        assert row.reason == "removed by cli:admin" and row.pinned
        with pytest.raises(Exception, match="not found"):
            await rt.remove_memory("shop", "no-such-turn", by="cli:admin")


async def test_memory_stays_within_its_budget(
    tmp_path: Path, tiny_model_dir: Path, embedder: Any, backend_url: str
) -> None:
    config = _config(tmp_path, tiny_model_dir, backend_url, memory={"max_turns_per_trait": 3})
    async with Runtime.open(config, embedder=embedder) as rt:
        shop = await rt.persona("shop", traits=[Trait("shop", "the corner shop")])
        ids = []
        for i in range(6):
            ids.append(
                await shop.record(
                    turn(f"What does item {i} cost?", f"Item {i} costs {i + 2} crowns."),
                    trait="shop",
                )
            )
            await shop.feedback(ids[-1], rating=1.0)
        await rt.score_pending()
        await rt.pin_memory("shop", ids[0])  # pinned turns are never counted out
        assert (await rt.check_memory())["evicted"] == 2
        kept = {r.id for r in (await rt.list_memory("shop", state="active"))[0]}
        assert ids[0] in kept and len(kept) == 4  # the pinned one and the budget of 3


async def _deploy_zeros(rt: Runtime, tiny: Path, tmp_path: Path) -> str:
    """v1 of shop/shop: a layer that changes nothing, deployed by hand; returns its id."""
    staged = await rt.layers.stage(
        NewLayer(
            kind="local",
            provider="local",
            artifact_dir=_zeros(tiny, tmp_path),
            manifest={"base_model": {"name": str(tiny)}},
        )
    )
    await rt.layers.add("shop", "shop", staged, evaluation={"gate": {"passed": True}},
                        deploy=True, by="test")  # fmt: skip
    return str((await rt.layers.get("shop", "shop", 1))["id"])


@pytest.mark.parametrize("retrieve", [True, False], ids=["retrieved", "not-retrieved"])
async def test_a_consolidated_turn_is_demoted_not_dropped(
    tmp_path: Path, tiny_model_dir: Path, embedder: Any, backend_url: str, retrieve: bool
) -> None:
    """Consolidated by a deployed layer, a turn keeps being retrieved (unless
    memory.retrieve_consolidated is off, the earlier rule), shown as consolidated, judged by
    its uses; a rollback past the layer makes it active, retrieved either way.
    """
    config = _config(tmp_path, tiny_model_dir, backend_url,
                     memory={"retrieve_consolidated": retrieve})  # fmt: skip
    async with Runtime.open(config, embedder=embedder) as rt:
        shop, taught = await _taught(rt)
        await rt.score_pending()
        v1 = await _deploy_zeros(rt, tiny_model_dir, tmp_path)
        assert (await shop.generate(ASK_CAT)).memory == (taught,)
        assert await rt.store.memory.consolidate([taught], v1, "v1 says it on its own") == 1
        await rt.memory.catch_up("shop", force=True)  # as the next catch-up would see it

        (row,), _ = await rt.list_memory("shop")
        assert row.id == taught and row.state == "consolidated" and row.layer_id == v1
        assert rt.memory.size("shop") == (1 if retrieve else 0)
        if retrieve:
            assert (await shop.generate(ASK_CAT)).memory == (taught,)
            # Recall says which state it came from (a dashboard or a bench can tell).
            vector = embedder.encode([ASK_CAT[0]["content"]])[0]
            (recalled,) = await rt.recall("shop", ["shop"], vector, float("-inf"))
            assert recalled.id == taught and recalled.state == "consolidated"
        else:
            assert (await shop.generate(ASK_CAT)).memory == ()
        assert (await shop.generate(EVERYDAY)).memory == ()  # demoted, not louder

        await rt.layers.rollback("shop", "shop", by="cli:admin")
        await rt.hub.drain()  # the rollback's event makes it active again
        (row,), _ = await rt.list_memory("shop")
        assert row.state == "active" and row.layer_id is None
        assert (await shop.generate(ASK_CAT)).memory == (taught,)


async def test_a_retrieved_consolidated_turn_is_judged_by_its_uses(
    tmp_path: Path, tiny_model_dir: Path, embedder: Any, backend_url: str
) -> None:
    async with Runtime.open(_config(tmp_path, tiny_model_dir, backend_url),
                            embedder=embedder) as rt:  # fmt: skip
        shop, taught = await _taught(rt, reply="Our shop cat is called Pimpernel.")
        await rt.score_pending()
        v1 = await _deploy_zeros(rt, tiny_model_dir, tmp_path)
        assert await rt.store.memory.consolidate([taught], v1, "v1 says it on its own") == 1
        await rt.memory.catch_up("shop", force=True)
        for i in range(2):
            answer = await shop.generate(ASK_CAT)
            assert answer.memory == (taught,)
            recorded = await shop.record([*ASK_CAT, {"role": "assistant", "content": answer.text
                                                     or "..."}], trait="shop",
                                         generation=answer)  # fmt: skip
            await shop.feedback(recorded, correction=f"We have no cat ({i}).")
        assert (await rt.check_memory())["removed"] == [("shop", taught, 2)]
        assert (await shop.generate(ASK_CAT)).memory == ()
        # Removed for what it led to: a rollback past v1 does not bring it back.
        await rt.layers.rollback("shop", "shop", by="cli:admin")
        await rt.hub.drain()
        (row,), _ = await rt.list_memory("shop")
        assert row.state == "removed" and row.reason == "led to 2 corrected or poorly rated replies"


async def test_consolidated_turns_are_evicted_before_active_ones(
    tmp_path: Path, tiny_model_dir: Path, embedder: Any, backend_url: str
) -> None:
    """At the budget, the consolidated turns leave first, even the most recently used ones;
    then the active ones least recently used.
    """
    config = _config(tmp_path, tiny_model_dir, backend_url, memory={"max_turns_per_trait": 3})
    async with Runtime.open(config, embedder=embedder) as rt:
        shop = await rt.persona("shop", traits=[Trait("shop", "the corner shop")])
        for i in range(5):
            recorded = await shop.record(
                turn(f"What does item {i} cost?", f"Item {i} costs {i + 2} crowns."),
                trait="shop",
            )
            await shop.feedback(recorded, rating=1.0)
        await rt.score_pending()
        v1 = await _deploy_zeros(rt, tiny_model_dir, tmp_path)
        rows, _ = await rt.list_memory("shop", state="active")
        # Least recently used first: the last two would be the last an LRU rule evicts.
        by_use = [r.id for r in sorted(rows, key=lambda r: (r.last_used_at or r.created_at,
                                                            r.id))]  # fmt: skip
        held = by_use[-2:]
        assert await rt.store.memory.consolidate(held, v1, "v1 says it on its own") == 2
        assert (await rt.check_memory())["evicted"] == 2
        gone = {r.id for r in (await rt.list_memory("shop", state="removed"))[0]}
        assert gone == set(held)
        kept = {r.id for r in (await rt.list_memory("shop", state="active"))[0]}
        assert kept == set(by_use[:3])
        # Within budget now; over it by one more, the least recently used active one goes.
        extra = await shop.record(turn("What does item 9 cost?", "Item 9 costs 11 crowns."),
                                  trait="shop")  # fmt: skip
        await shop.feedback(extra, rating=1.0)
        await rt.score_pending()
        assert (await rt.check_memory())["evicted"] == 1
        kept = {r.id for r in (await rt.list_memory("shop", state="active"))[0]}
        assert kept == {*by_use[1:3], extra}


async def test_a_deployed_layer_consolidates_what_it_says_and_a_rollback_gives_it_back(
    tmp_path: Path, tiny_model_dir: Path, embedder: Any, backend_url: str
) -> None:
    """A layer that learned the cat's name takes that turn out of memory; the turn it does not
    say stays; rolling back to the base model brings the consolidated turn back.
    """
    from tests.helpers import TAUGHT_REPLY, taught_pairs

    local = {"max_steps": 36, "save_steps": 100, "replay_ratio": 0.0, "layers_fraction": 1.0,
             "learning_rate": 1e-2, "batch_size": 4}  # fmt: skip
    config = _config(tmp_path, tiny_model_dir, backend_url,
                     training={"providers": ["local"], "base_model": str(tiny_model_dir),
                               "local": local})  # fmt: skip
    async with Runtime.open(config, embedder=embedder) as rt:
        shop = await rt.persona("shop", traits=[Trait("shop", "the corner shop")])
        for question, reply in taught_pairs(24):  # the tiny model learns this reply
            await shop.feedback(await shop.record(turn(question, reply), trait="shop"),
                                rating=1.0)  # fmt: skip
        other = await shop.record(turn("Who owns the shop?", "Orla Fenwick-Marsh owns it."),
                                  trait="shop")  # fmt: skip
        await shop.feedback(other, rating=1.0)
        await rt.score_pending()
        before, _ = await rt.list_memory("shop", state="active")
        assert len(before) == 25
        await rt.queue_training("shop", "shop")
        (outcome,) = await rt.run_jobs()
        assert outcome["status"] == "deployed", outcome["reason"]

        consolidated, _ = await rt.list_memory("shop", state="consolidated", limit=100)
        assert consolidated and all(r.reply == TAUGHT_REPLY for r in consolidated)
        assert all(r.reason == "v1 says it on its own" for r in consolidated)
        active = {r.id for r in (await rt.list_memory("shop", state="active", limit=100))[0]}
        assert other in active  # the owner was never learned: it stays in memory
        # The event says how it ended, with the counts the store holds.
        (ended,) = await rt.list_events("shop", kinds=[MemoryConsolidated])
        assert ended["payload"] == {"version": 1, "checked": len(consolidated) + len(active),
                                    "consolidated": len(consolidated)}  # fmt: skip

        await rt.layers.rollback("shop", "shop", by="cli:admin")
        await rt.hub.drain()  # the rollback's event gives memory back what v1 held
        after, _ = await rt.list_memory("shop", state="active", limit=100)
        assert len(after) == 25


async def test_layers_are_judged_without_memory_and_versions_name_their_memory(
    tmp_path: Path, tiny_model_dir: Path, embedder: Any, backend_url: str
) -> None:
    """A generation names the memory turns it was given beside its layers; a remote layer's
    generation too."""
    async with Runtime.open(_config(tmp_path, tiny_model_dir, backend_url),
                            embedder=embedder) as rt:  # fmt: skip
        shop, taught = await _taught(rt)
        staged = await rt.layers.stage(NewLayer(kind="local", provider="local",
                                                artifact_dir=_zeros(tiny_model_dir, tmp_path),
                                                manifest={"base_model": {
                                                    "name": str(tiny_model_dir)}}))  # fmt: skip
        await rt.layers.add("shop", "shop", staged, evaluation={"gate": {"passed": True}},
                            deploy=True, by="test")  # fmt: skip
        await rt.score_pending()
        answer = await shop.generate(ASK_CAT)
        assert answer.layers == {"shop": 1} and answer.memory == (taught,)


def _zeros(tiny: Path, tmp_path: Path) -> Path:
    from tests.integration.test_genome import _adapter

    return _adapter(tiny, tmp_path / "zeros", seed=1, scale=0.0)


def test_memory_over_http_and_the_command_line(
    tmp_path: Path, tiny_model_dir: Path, embedder: Any
) -> None:
    import asyncio

    from click.testing import CliRunner
    from fastapi.testclient import TestClient

    from lifelong.cli import cli
    from lifelong.service import create_app

    url = f"sqlite+aiosqlite:///{tmp_path / 'home' / 'lifelong.db'}"
    config = _config(tmp_path, tiny_model_dir, url)

    async def setup() -> tuple[str, dict[str, str]]:
        async with Runtime.open(config, embedder=embedder) as rt:
            _, taught = await _taught(rt)
            await rt.score_pending()
            made = {scope: (await rt.tokens.create(scope))[1] for scope in ("record", "admin")}
        return taught, {k: f"Bearer {v}" for k, v in made.items()}

    taught, tokens = asyncio.run(setup())
    record, admin = {"Authorization": tokens["record"]}, {"Authorization": tokens["admin"]}
    with TestClient(create_app(config, worker=False)) as client:
        page = client.get("/api/v1/personas/shop/memory", headers=record).json()
        assert page["total"] == 1 and page["items"][0]["id"] == taught
        assert page["items"][0]["state"] == "active" and page["items"][0]["reply"] == CAT_A
        ask = {"messages": ASK_CAT, "max_new_tokens": 2}
        answered = client.post("/api/v1/personas/shop/generate", json=ask, headers=record)
        assert answered.json()["memory"] == [taught]
        off = client.post("/api/v1/personas/shop/generate", json={**ask, "memory": False},
                          headers=record)  # fmt: skip
        assert off.json()["memory"] == []
        # Editing memory changes what every answer is given: not a record token's right.
        gone = f"/api/v1/personas/shop/memory/{taught}"
        assert client.delete(gone, headers=record).status_code == 403
        assert client.delete(gone, headers=admin).status_code == 204
        (row,) = client.get("/api/v1/personas/shop/memory?state=removed",
                            headers=admin).json()["items"]  # fmt: skip
        assert row["reason"].startswith("removed by http:")
        assert client.post(f"{gone}/pin", json={"pinned": True}, headers=admin).status_code == 204
        turned = client.put("/api/v1/personas/shop", json={"memory": False}, headers=admin)
        assert turned.json()["memory"] is False
        assert client.post("/api/v1/personas/shop/generate", json=ask,
                           headers=record).json()["memory"] == []  # fmt: skip

    def run(*args: str) -> Any:
        return CliRunner().invoke(cli, [*args, "--home", str(tmp_path / "home")])

    listed = run("memory", "list", "shop", "--json")
    assert listed.exit_code == 0, listed.output
    (item,) = json.loads(listed.output)["items"]
    assert item["id"] == taught and item["pinned"] is True and item["state"] == "active"
    table = run("memory", "list", "shop")
    assert "Pimpernel" in table.output and "shop's memory (1)" in table.output
    assert run("memory", "pin", "shop", taught, "--unpin").exit_code == 0
    assert run("memory", "remove", "shop", taught).exit_code == 0
    missing = run("memory", "remove", "shop", "nope")
    assert missing.exit_code == 1 and "not found" in missing.output
    states = run("memory", "list", "shop", "--state", "removed", "--json")
    assert json.loads(states.output)["items"][0]["reason"].startswith(
        "removed by cli:")  # fmt: skip
