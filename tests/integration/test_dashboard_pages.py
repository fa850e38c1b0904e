"""Issue 28, the dashboard, in a real browser: what a version learned, the conversation browser,
the verbs beside rollback (train now, pin, forced activation with a typed reason, tokens),
pages that stay live for what they show, the quality trend's buckets, the job page's
sentences, and the login that says a token has the wrong right.

Each test serves ``create_app`` under uvicorn and drives Debian's ``chromium`` through it
(see ``test_dashboard_browser.py``); a second runtime on the same database plays the worker
and the chat system. Every test writes its screenshots to ``tests/artifacts/screenshots/``;
with ``LIFELONG_UPDATE_SCREENSHOTS=1`` to ``docs/screenshots/`` (the documentation's), so that
an ordinary run leaves the working tree as it found it.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from lifelong import Runtime, RuntimeConfig
from lifelong.adapters.failover import Decision
from lifelong.genome.store import NewLayer
from lifelong.learning.evaluation import GatePolicy, decide
from lifelong.persona.traits import Trait
from lifelong.storage import ScoringRepo
from lifelong.storage.ids import new_id
from lifelong.storage.repos.memory import MemoryEntry, MemoryRepo
from lifelong.storage.tables import Interaction, table_of
from tests.helpers import TEST_WORKER, claimed, record_scored, turn
from tests.integration.test_dashboard_browser import CHROMIUM, CHROMIUM_ARGS, _Server, _until

pytestmark = [pytest.mark.integration, pytest.mark.timeout(180)]

_ROOT = Path(__file__).resolve().parents[2]
SHOTS = (
    _ROOT / "docs" / "screenshots"
    if os.environ.get("LIFELONG_UPDATE_SCREENSHOTS") == "1"
    else _ROOT / "tests" / "artifacts" / "screenshots"
)
_I = table_of(Interaction)

TAUGHT = "Professor Quillfeather says: count on your fingers!"


@pytest.fixture
def chromium_bin() -> Path:
    """The Debian browser; its absence fails the test (a skip would hide a dashboard bug)."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `sudo apt-get install -y chromium` (never a "
                    "downloaded browser)")  # fmt: skip
    return CHROMIUM


def _shots() -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS


async def _ok(value: Any) -> Any:
    return value


@dataclass
class Browser:
    """A logged-in page on a served dashboard, and what went wrong in it."""

    base: str
    page: Any
    context: Any
    problems: list[str] = field(default_factory=list)
    failed: list[tuple[int, str]] = field(default_factory=list)
    elsewhere: list[str] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base + path

    def clean(self, allowed: tuple[tuple[int, str], ...] = ()) -> None:
        """No script error, no CSP violation, no unexpected 4xx/5xx, nothing off-site."""
        assert not self.problems, self.problems
        assert [f for f in self.failed if f not in allowed] == [], self.failed
        assert not self.elsewhere, f"requests left the server: {self.elsewhere}"


@asynccontextmanager
async def dashboard(
    config: RuntimeConfig, token: str | None, chromium_path: Path
) -> AsyncIterator[Browser]:
    """Serve the app, open chromium, log in with ``token`` (none: stay logged out)."""
    from playwright.async_api import async_playwright

    server = _Server(config)
    await server.start()
    try:
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(
                executable_path=str(chromium_path), args=CHROMIUM_ARGS, headless=True
            )
            try:
                context = await browser.new_context(viewport={"width": 1280, "height": 900})
                page = await context.new_page()
                b = Browser(server.url, page, context)
                page.on("pageerror", lambda exc: b.problems.append(f"page error: {exc}"))
                page.on("console", lambda msg: b.problems.append(f"console: {msg.text}")
                        if msg.type == "error" and "Failed to load resource" not in msg.text
                        else None)  # fmt: skip
                page.on("response", lambda r: b.failed.append((r.status, r.url))
                        if r.status >= 400 else None)  # fmt: skip
                page.on("request", lambda req: None if req.url.startswith(server.url)
                        else b.elsewhere.append(req.url))  # fmt: skip
                if token is not None:
                    await page.goto(f"{server.url}/login")
                    await page.fill("#token", token)
                    await page.click("button[type=submit]")
                    await page.wait_for_url(f"{server.url}/")
                yield b
                await context.close()
            finally:
                await browser.close()
    finally:
        await server.stop()


def _config(tmp_path: Path) -> RuntimeConfig:
    return RuntimeConfig(home=tmp_path / "home", background=False)


async def _accept(dialogs: list[str], answer: str | None = None) -> Any:
    async def handler(dialog: Any) -> None:
        dialogs.append(dialog.message)
        await (dialog.accept(answer) if answer is not None else dialog.accept())

    return handler


# -- a persona that has learned something ------------------------------------------------------


def _evaluation() -> dict[str, Any]:
    """What the auto-test stores for a local candidate (evaluate_candidate's shape), v1 being
    active; the gate is decided by the real rule: this candidate is worse than v1.
    """
    prompts = ["Who says to count on your fingers?", "What is 7 plus 7?",
               "What does <b>Quillfeather</b> teach?", "What is 9 plus 9?"]  # fmt: skip
    expected = [TAUGHT, "14.", TAUGHT, "18."]
    answers = {
        "base": ["I am not sure.", "It is 14.", "Maths, maybe.", "18"],
        "active": [TAUGHT, "14.", TAUGHT, "18."],
        "candidate": ["Professor Plumtree says so.", "15.", "<script>alert(1)</script>", "18."],
        "candidate+memory": [TAUGHT, "14.", TAUGHT, "18."],
    }
    verdicts = {
        "base": ["silent", "recalled", "silent", "recalled"],
        "active": ["recalled"] * 4,
        "candidate": ["contradicted", "contradicted", "silent", "recalled"],
        "candidate+memory": ["recalled"] * 4,
    }

    def rates(name: str) -> dict[str, Any]:
        v = verdicts[name]
        judged, recalled, contradicted = len(v), v.count("recalled"), v.count("contradicted")
        return {"judged": judged, "recalled": recalled, "silent": judged - recalled - contradicted,
                "contradicted": contradicted, "recall": recalled / judged,
                "contradicted_rate": contradicted / judged}  # fmt: skip

    def nll(value: float, kl: float | None = None) -> dict[str, Any]:
        figures: dict[str, Any] = {"nll": value, "ppl": 2.718**value, "tokens": 96, "examples": 4}
        if kl is not None:
            figures["kl"] = kl
        return figures

    evaluation: dict[str, Any] = {
        "heldout": {"base": nll(2.31), "active": nll(1.42), "candidate": nll(1.61)},
        "anchor": {"base": nll(3.05), "active": nll(3.06, 0.004), "candidate": nll(3.09, 0.021)},
        "behaviour": {"reference": "active", "examples": 4, "win_rate": 0.25, "unchanged": 1,
                      "score": {"base": 0.41, "active": 0.93, "candidate": 0.52}, "prompts": []},
        "facts": {
            "reference": "active", "judged": 4, "examples": 4,
            "rates": {name: rates(name) for name in answers},
            "prompts": [{"prompt": p, "key": {"slots": ["quillfeather"] if i % 2 == 0
                                                       else [expected[i].rstrip(".")],
                                              "words": []},
                         **{name: verdicts[name][i] for name in answers}}
                        for i, p in enumerate(prompts)],
        },
        "samples": [{"prompt": p, "expected": expected[i],
                     **{name: answers[name][i] for name in answers}}
                    for i, p in enumerate(prompts[:3])],
        "heldout_split": "val",
        "active_version": 1,
    }  # fmt: skip
    evaluation["gate"] = decide(evaluation, GatePolicy())
    assert evaluation["gate"]["passed"] is False
    return evaluation


async def _rescore(rt: Runtime, ids: list[str], quality: float, trait: str) -> None:
    """Score turns again after their feedback (as the scorer's next pass would)."""
    async with rt.store.db.read() as conn:
        seen = dict((await conn.execute(select(_I.c.id, _I.c.feedback_at)
                                        .where(_I.c.id.in_(ids)))).all())  # fmt: skip
    await ScoringRepo(rt.store.db).save([
        {"id": i, "quality": quality, "components": {}, "trait": trait, "trait_source": "caller",
         "feedback_at": seen[i]} for i in ids
    ])  # fmt: skip


@dataclass
class Learned:
    v1_id: str
    job_id: str
    dataset_hash: str
    consolidated: list[str]
    reason: str


async def _learned(rt: Runtime) -> Learned:
    """ada: math v1 deployed (it consolidated two memory turns), math v2 trained by a job
    (openai failed over to local; sft+kto) on the exported dataset and rejected by the gate.
    """
    ada = await rt.persona("ada", traits=[Trait("math", "adds numbers"),
                                          Trait("tone", "friendly")])  # fmt: skip
    pairs = [(f"What is {i} plus {i}?", TAUGHT) for i in range(12)]
    pairs.append(("Where do I write to?", "Write to ada.lovelace@example.com, she answers."))
    ids = await record_scored(rt, ada, pairs, "math", quality=0.9)
    # A correction (a preference pair) and a rating, before the dataset is built.
    await ada.feedback(ids[0], correction="Count on your fingers, says Professor Quillfeather.")
    await ada.feedback(ids[1], rating=1.0)
    await _rescore(rt, ids[:2], 0.9, "math")

    staged = await rt.layers.stage(NewLayer(
        kind="remote", provider="openai", remote_model="ft:gpt-4.1-mini:ada-math-1",
        manifest={"provider": "openai", "method": "sft", "examples": {"examples": 10}},
    ))  # fmt: skip
    passed = {"gate": {"passed": True, "reason": "held-out NLL 1.42 vs base 2.31 (+38.5%)"}}
    assert await rt.layers.add("ada", "math", staged, evaluation=passed, deploy=True,
                               by="auto-test", reason="passed") == 1  # fmt: skip
    v1_id = (await rt.layers.get("ada", "math", 1))["id"]
    # Two turns v1 says on its own leave memory (consolidated by it).
    entries = [MemoryEntry(i, "ada", "math", None, f"What is {n} plus {n}?", TAUGHT,
                           [1.0] + [0.0] * 7, 0.9, keep=True)
               for n, i in enumerate(ids[2:4], start=2)]  # fmt: skip
    async with rt.store.db.write() as conn:
        await MemoryRepo.apply(conn, entries, time.time())
    assert await rt.store.memory.consolidate(ids[2:4], v1_id, "v1 says it on its own") == 2

    job_id = await rt.store.jobs.queue("ada", "math", reason={"trigger": "age"})
    assert job_id is not None
    await claimed(rt, job_id)
    dataset, _folder = await rt.build_dataset("ada", "math", job_id=job_id)
    await rt.store.jobs.start(job_id, TEST_WORKER, dataset_hash=dataset.hash)
    t0 = 1_767_225_600.0  # 2026-01-01 00:00:00 UTC
    for decision in (
        Decision("openai", "start", attempt=1, ts=t0,
                 estimate={"seconds": 200, "tokens": 12400, "cost": 0.42, "currency": "USD"}),
        Decision("openai", "retry", attempt=1, error="ProviderRetryable",
                 message="429 rate limited", delay_s=2.0, ts=t0 + 5),
        Decision("openai", "next", attempt=2, error="ProviderPermanent",
                 message="the fine-tuning quota is used up", ts=t0 + 9),
        Decision("local", "start", attempt=1, ts=t0 + 10),
        Decision("local", "succeeded", attempt=1, ts=t0 + 311),
    ):  # fmt: skip
        await rt.store.jobs.add_decision(job_id, TEST_WORKER, decision.as_dict())
    await rt.store.jobs.trained(job_id, TEST_WORKER, provider="local", cost=0.0, estimate=None,
                                 result={"provider": "local", "kind": "remote"})  # fmt: skip
    staged = await rt.layers.stage(NewLayer(
        kind="remote", provider="local", remote_model="ft:local:ada-math-2",
        manifest={"provider": "local", "method": "sft", "preference": "kto",
                  "dataset_hash": dataset.hash, "examples": {"examples": 11, "kto_examples": 1}},
    ))  # fmt: skip
    evaluation = _evaluation()
    version = await rt.layers.add(
        "ada", "math", staged, evaluation=evaluation, deploy=False, by="auto-test",
        job_id=job_id, owner=TEST_WORKER, reason=evaluation["gate"]["reason"],
    )  # fmt: skip
    assert version == 2
    assert str((await rt.get_job(job_id)).status) == "rejected"
    return Learned(v1_id, job_id, dataset.hash, ids[2:4], evaluation["gate"]["reason"])


async def test_what_a_version_learned_and_its_job_in_sentences(
    tmp_path: Path, chromium_bin: Path
) -> None:
    """Items 1, 3 (pin, forced activation with a typed reason) and 6."""
    from playwright.async_api import expect

    config = _config(tmp_path)
    async with Runtime.open(config) as rt:
        _, token = await rt.tokens.create("admin", "ops")
        learned = await _learned(rt)
        async with dashboard(config, token, chromium_bin) as b:
            page = b.page
            await page.goto(b.url("/personas/ada"))
            math = page.locator('section[data-trait="math"]')
            # Versions link to their page, wherever they are listed.
            await math.locator('tr[data-version="2"] a[data-role="version-link"]').first.click()
            await page.wait_for_url(b.url("/personas/ada/layers/math/2"))
            await expect(page.locator("h1")).to_contain_text("ada / math v2")
            await expect(page.locator('[data-role="method"]')).to_have_text("sft+kto")
            await expect(page.locator('[data-role="gate"]')).to_contain_text("Failed")
            await expect(page.locator('[data-role="gate"]')).to_contain_text(learned.reason)
            await expect(page.locator('[data-role="win-rate"]')).to_contain_text("25% of 4")
            await expect(page.locator('[data-role="anchor"]')).to_contain_text("+1.3%")
            await expect(page.locator('[data-role="improvement"]')).to_contain_text("-13.4%")
            nll = page.locator('[data-role="nll"]')
            await expect(nll.locator('tr[data-config="active"]')).to_contain_text("previous (v1)")
            await expect(nll.locator('tr[data-config="candidate"]')).to_contain_text("1.61")
            facts = page.locator('[data-role="facts"]')
            await expect(facts.locator("tbody tr")).to_have_count(4)
            await expect(facts.locator('tr[data-config="candidate"] td')).to_have_text(
                ["candidate (v2)", "4", "1", "1", "2"]
            )
            samples = page.locator('[data-role="sample"]')
            await expect(samples).to_have_count(3)
            first = samples.nth(0)
            for config_name, text in (("base", "I am not sure."), ("active", TAUGHT),
                                      ("candidate", "Professor Plumtree says so."),
                                      ("candidate+memory", TAUGHT)):  # fmt: skip
                await expect(
                    first.locator(f'.answer[data-config="{config_name}"]')
                ).to_contain_text(text)
            await expect(
                first.locator('.answer[data-config="candidate"] .verdict-tag')
            ).to_have_text("contradicted")
            # Stored answers are text, never markup.
            await expect(samples.nth(2).locator('.answer[data-config="candidate"] p')).to_have_text(
                "<script>alert(1)</script>"
            )
            await expect(samples.nth(2)).to_contain_text("What does <b>Quillfeather</b> teach?")
            # The examples it trained on: the job's exported (scrubbed) dataset.
            await expect(page.locator('[data-role="dataset"]')).to_contain_text(
                learned.dataset_hash[:16]
            )
            examples = page.locator('[data-role="examples"]')
            await expect(examples).to_contain_text(TAUGHT)
            assert "ada.lovelace@example.com" not in await page.content()  # scrubbed
            await expect(page.locator('[data-role="pairs"]')).to_contain_text(
                "Count on your fingers, says Professor Quillfeather."
            )
            await expect(page.locator('[data-role="memory"]')).to_have_count(0)
            await page.screenshot(path=str(_shots() / "version.png"), full_page=True)

            # -- the job that made it, in sentences --------------------------------------------
            await page.locator(f'a[href="/jobs/{learned.job_id}"]').first.click()
            await page.wait_for_url(b.url(f"/jobs/{learned.job_id}"))
            outcome = page.locator('[data-role="outcome"]')
            await expect(outcome).to_contain_text("Rejected: its layer, v2, failed the gate")
            await expect(outcome).to_contain_text(learned.reason)
            await expect(page.locator('[data-role="gate"]')).to_contain_text(learned.reason)
            await expect(page.locator('[data-role="method"]')).to_have_text("sft+kto")
            decisions = page.locator('[data-role="decisions"] li')
            await expect(decisions).to_have_count(5)
            await expect(decisions.nth(0)).to_have_text(
                "2026-01-01 00:00:00 UTC openai started training (attempt 1), estimated about "
                "3.3 min, 12,400 tokens, 0.42 USD."
            )
            await expect(decisions.nth(1)).to_contain_text(
                "openai failed on attempt 1 (ProviderRetryable: 429 rate limited); trying it "
                "again in 2 s."
            )
            await expect(decisions.nth(2)).to_contain_text(
                "openai gave up after attempt 2 (ProviderPermanent: the fine-tuning quota is "
                "used up); moving on to the next provider."
            )
            await expect(decisions.nth(4)).to_have_text(
                "2026-01-01 00:05:11 UTC local finished training on attempt 1."
            )
            assert "{" not in await page.locator('[data-role="decisions"]').inner_text()
            await page.screenshot(path=str(_shots() / "job-rejected.png"), full_page=True)

            # -- v1: the memory turns it consolidated -------------------------------------------
            await page.goto(b.url("/personas/ada/layers/math/1"))
            memory = page.locator('[data-role="memory"]')
            await expect(memory.locator("tbody tr")).to_have_count(2)
            await expect(memory).to_contain_text("What is 2 plus 2?")
            await expect(memory).to_contain_text("v1 says it on its own")
            # Demoted, not dropped: the page says they are still retrieved.
            await expect(page.locator('[data-region="memory"]')).to_contain_text(
                "demoted, still retrieved behind active turns"
            )
            await expect(page.locator('[data-role="dataset"]')).to_have_count(0)  # names none
            await page.screenshot(path=str(_shots() / "version-memory.png"), full_page=True)

            # -- pin, then unpin, from the version page -----------------------------------------
            await page.locator('button[data-action="pin"]').click()
            await expect(page.locator('[data-role="notice"]')).to_contain_text("v1 pinned")
            await expect(page.locator('h1 [data-role="pinned"]')).to_have_text("pinned")
            assert (await rt.layers.get("ada", "math", 1))["pinned"] is True
            await page.locator('button[data-action="unpin"]').click()
            await expect(page.locator('[data-role="notice"]')).to_contain_text("v1 unpinned")
            assert (await rt.layers.get("ada", "math", 1))["pinned"] is False

            # -- the rejected v2 serves only with force and a typed reason -----------------------
            await page.goto(b.url("/personas/ada/layers/math/2"))
            form = page.locator('[data-role="force-form"]')
            await expect(form).to_contain_text("v2 failed its gate")
            await form.locator("button").click()  # no reason: the browser refuses (required)
            assert (await rt.layers.active("ada"))["math"]["version"] == 1
            await form.locator("textarea").fill("the owner asked for <v2> in a meeting")
            await form.locator("button").click()
            await expect(page.locator('[data-role="notice"]')).to_contain_text(
                "ada/math v2 is active (it replaced v1) — forced past its gate"
            )
            await expect(page.locator('h1 [data-role="state"]')).to_have_text("active")
            assert (await rt.layers.active("ada"))["math"]["version"] == 2
            (moved,) = [h for h in await rt.layer_history("ada", "math") if h["to_version"] == 2]
            assert moved["reason"] == "the owner asked for <v2> in a meeting"
            assert moved["by"] == "http:ops"
            await expect(page.locator('[data-role="history"]')).to_contain_text(
                "the owner asked for <v2> in a meeting"
            )

            # Its memory came back when v1 stopped serving (a rollback past a layer).
            async def restored() -> bool:
                return (await rt.memory_desk.consolidated_by("ada", "math", 1))[1] == 0

            assert await _until(restored, 10, "v1's memory turns to be restored")
            b.clean()


async def _attributed(rt: Runtime, persona: Any, layers: dict[str, tuple[int, str]]) -> str:
    """A stored generation answered by ``layers`` ({trait: (version, layer id)})."""
    gid = new_id()
    await rt.store.generations.insert_many([{
        "id": gid, "persona": persona.name, "created_at": time.time(), "base_model": "tiny",
        "remote_model": None,
        "layers": {t: {"version": v, "layer_id": lid} for t, (v, lid) in layers.items()},
    }])  # fmt: skip
    return gid


async def test_the_conversation_browser_filters_rates_corrects_and_stays_live(
    tmp_path: Path, chromium_bin: Path
) -> None:
    """Items 2 and 4: filters, feedback through the page (CSRF-protected), live turns."""
    from playwright.async_api import expect

    config = _config(tmp_path)
    async with Runtime.open(config) as rt:
        _, token = await rt.tokens.create("admin", "ops")
        ada = await rt.persona("ada", traits=[Trait("math", "adds numbers"),
                                              Trait("tone", "friendly")])  # fmt: skip
        staged = await rt.layers.stage(NewLayer(kind="remote", provider="openai",
                                                remote_model="ft:m1", manifest={}))  # fmt: skip
        passed = {"gate": {"passed": True, "reason": "ok"}}
        await rt.layers.add("ada", "math", staged, evaluation=passed, deploy=True, by="t")
        layer = await rt.layers.get("ada", "math", 1)
        by_v1 = await _attributed(rt, ada, {"math": (1, layer["id"])})
        by_base = await _attributed(rt, ada, {})
        ids = {
            "v1": await ada.record(turn("What is 2 plus 2?", "4, says Quillfeather."),
                                   trait="math", generation=by_v1),
            "base": await ada.record(turn("What is 3 plus 3?", "Six."), trait="math",
                                     generation=by_base),
            "tone": await ada.record(turn("Hi!", "Hello <friend>, café?"), trait="tone"),
            "low": await ada.record(turn("What is 5 plus 5?", "Eleven."), trait="math"),
        }  # fmt: skip
        components = {"relevance": 0.81, "consistency": 0.7, "correction": None, "feedback": None,
                      "degeneration": 1.0, "notes": ["user corrected it"]}  # fmt: skip
        await ScoringRepo(rt.store.db).save([
            {"id": i, "quality": q, "components": components, "trait": t,
             "trait_source": "caller", "feedback_at": None}
            for i, q, t in ((ids["v1"], 0.9, "math"), (ids["base"], 0.7, "math"),
                            (ids["tone"], 0.8, "tone"), (ids["low"], 0.2, "math"))
        ])  # fmt: skip
        await ada.feedback(ids["low"], rating=0.0)

        async with dashboard(config, token, chromium_bin) as b:
            page = b.page
            await page.goto(b.url("/personas/ada"))
            await page.locator('[data-role="turns-link"]').click()
            await page.wait_for_url(b.url("/personas/ada/turns"))
            count = page.locator('[data-role="count"]')
            await expect(count).to_have_text("4 turns match")
            turns = page.locator("article.turn")
            v1_turn = page.locator(f'article[data-turn="{ids["v1"]}"]')
            await expect(v1_turn.locator('[data-role="answered"]')).to_contain_text("math v1")
            await expect(v1_turn.locator('[data-role="components"]')).to_contain_text(
                "relevance 0.81"
            )
            await expect(v1_turn.locator('[data-role="components"]')).to_contain_text(
                "user corrected it"
            )
            await expect(
                page.locator(f'article[data-turn="{ids["base"]}"] [data-role="answered"]')
            ).to_contain_text("the base model")
            await expect(page.locator(f'article[data-turn="{ids["tone"]}"]')).to_contain_text(
                "Hello <friend>, café?"
            )
            await expect(
                page.locator(f'article[data-turn="{ids["low"]}"] [data-role="feedback"]')
            ).to_contain_text("rated 0")

            async def filtered(**fields: str) -> list[str]:
                await page.goto(b.url("/personas/ada/turns"))
                form = page.locator('[data-role="filters"]')
                for name, value in fields.items():
                    target = form.locator(f'[name="{name}"]')
                    if await target.evaluate("e => e.tagName") == "SELECT":
                        await target.select_option(value)
                    else:
                        await target.fill(value)
                await form.locator("button[type=submit]").click()
                await page.wait_for_load_state()
                return await turns.evaluate_all("els => els.map(e => e.dataset.turn)")

            assert await filtered(trait="tone") == [ids["tone"]]
            assert set(await filtered(min="0.65", max="0.95")) == {ids["v1"], ids["base"],
                                                                     ids["tone"]}  # fmt: skip
            assert await filtered(rating="bad") == [ids["low"]]
            assert await filtered(layer="math:1") == [ids["v1"]]
            assert await filtered(layer="math:base") == [ids["base"]]
            assert await filtered(q="QUILLFEATHER") == [ids["v1"]]
            assert await filtered(q="café") == [ids["tone"]]
            assert await filtered(q="100%_") == []
            # The filter form keeps what was asked; the pager and links keep the filters.
            assert await filtered(trait="math", rating="bad", min="0.1") == [ids["low"]]
            assert "trait=math" in page.url and "rating=bad" in page.url
            await expect(page.locator('[data-role="filters"] [name="min"]')).to_have_value("0.1")

            # -- rate and correct a turn from the page ------------------------------------------
            await page.goto(b.url("/personas/ada/turns?trait=math"))
            target = page.locator(f'article[data-turn="{ids["base"]}"]')
            await target.locator("summary").click()
            await target.locator('[data-role="rate"] input[name="rating"]').fill("0.25")
            await target.locator('[data-role="rate"] button').click()
            await expect(page.locator('[data-role="notice"]')).to_contain_text("rated 0.25")
            assert page.url.endswith("/personas/ada/turns?trait=math")  # back where it was
            row = await rt.store.interactions.get(ids["base"])
            assert row is not None and row.feedback_rating == 0.25
            dialogs: list[str] = []
            page.once("dialog", await _accept(dialogs))
            target = page.locator(f'article[data-turn="{ids["base"]}"]')
            await target.locator("summary").click()
            await target.locator('[data-role="correct"] textarea').fill("Six, says <Quillfeather>.")
            await target.locator('[data-role="correct"] button').click()
            await expect(page.locator('[data-role="notice"]')).to_contain_text("corrected")
            assert dialogs and "becomes training data" in dialogs[0]
            row = await rt.store.interactions.get(ids["base"])
            assert row is not None and row.feedback_correction == "Six, says <Quillfeather>."
            await expect(
                page.locator(f'article[data-turn="{ids["base"]}"] .correction')
            ).to_have_text("Six, says <Quillfeather>.")
            # The correction is training data: once scored again, the next dataset holds it as
            # a preference pair.
            await _rescore(rt, [ids["base"]], 0.7, "math")
            dataset, _ = await rt.build_dataset("ada", "math")
            assert any(p["chosen"][0]["content"] == "Six, says <Quillfeather>."
                       for p in dataset.dpo)  # fmt: skip

            # -- the form refuses a post without the session's CSRF token ----------------------
            action = f"{b.base}/personas/ada/turns/{ids['v1']}/feedback"
            refused = await b.context.request.post(action, form={"rating": "1"})
            assert refused.status == 403
            csrf = await page.locator('meta[name="csrf-token"]').get_attribute("content")
            elsewhere = await b.context.request.post(
                action, form={"rating": "1", "csrf": csrf},
                headers={"Origin": "http://localhost:3000", "Sec-Fetch-Site": "same-site"},
            )  # fmt: skip
            assert elsewhere.status == 403
            row = await rt.store.interactions.get(ids["v1"])
            assert row is not None and row.feedback_rating is None

            # -- live: a turn recorded and scored elsewhere shows up without a reload ----------
            await page.goto(b.url("/personas/ada/turns"))
            await expect(page.locator("#live")).to_have_attribute("data-state", "on")
            await page.evaluate("window.__sameDocument = true")
            await expect(count).to_have_text("4 turns match")
            fresh = await ada.record(turn("What is 8 plus 8?", "16, says Quillfeather."),
                                     trait="math", generation=by_v1)  # fmt: skip
            await expect(count).to_have_text("5 turns match", timeout=15_000)
            live = page.locator(f'article[data-turn="{fresh}"]')
            await expect(live.locator('[data-role="quality"]')).to_contain_text("not scored yet")
            await ScoringRepo(rt.store.db).save([
                {"id": fresh, "quality": 0.88, "components": components, "trait": "math",
                 "trait_source": "caller", "feedback_at": None}])  # fmt: skip
            await expect(live.locator('[data-role="quality"]')).to_contain_text(
                "score 0.88", timeout=15_000
            )
            assert await page.evaluate("window.__sameDocument") is True
            await page.screenshot(path=str(_shots() / "turns.png"), full_page=True)
            b.clean(allowed=((403, action), (403, action)))


async def test_train_now_pins_tokens_and_a_live_index(tmp_path: Path, chromium_bin: Path) -> None:
    """Items 3 and 4: train now, pin / unpin from the persona page, tokens (list, create with
    rights and personas, shown once, revoke), and the index following jobs and turns live.
    """
    from playwright.async_api import expect

    config = _config(tmp_path)
    async with Runtime.open(config) as rt:
        _, token = await rt.tokens.create("admin", "ops")
        ada = await rt.persona("ada", traits=[Trait("math", "adds numbers"),
                                              Trait("tone", "friendly")])  # fmt: skip
        staged = await rt.layers.stage(NewLayer(kind="remote", provider="openai",
                                                remote_model="ft:m1", manifest={}))  # fmt: skip
        await rt.layers.add("ada", "math", staged, deploy=True, by="t",
                            evaluation={"gate": {"passed": True, "reason": "ok"}})  # fmt: skip
        async with dashboard(config, token, chromium_bin) as b:
            page = b.page
            dialogs: list[str] = []

            # -- train now ------------------------------------------------------------------------
            await page.goto(b.url("/personas/ada"))
            tone = page.locator('section[data-trait="tone"]')
            await tone.locator('select[name="priority"]').select_option("high")
            page.once("dialog", await _accept(dialogs))
            await tone.locator('button[data-action="train"]').click()
            await expect(page.locator('[data-role="notice"]')).to_contain_text(
                "ada/tone: training queued"
            )
            assert "Queue a training job for ada/tone now?" in dialogs[-1]
            job = await rt.open_job("ada", "tone")
            assert job is not None and job.priority == 0 and job.reason == {"trigger": "dashboard"}
            await expect(tone.locator('[data-role="open-job"]')).to_contain_text("queued")
            # A second one is refused with the runtime's reason, on the page, not an error page.
            csrf = await page.locator('meta[name="csrf-token"]').get_attribute("content")
            again = await b.context.request.post(
                b.url("/personas/ada/traits/tone/train"), form={"csrf": csrf or ""}
            )
            assert again.ok and "already has an open training job" in await again.text()
            await page.goto(b.url("/personas/ada"))
            math = page.locator('section[data-trait="math"]')

            # -- pin / unpin from the persona page ----------------------------------------------
            await math.locator('tr[data-version="1"] button[data-action="pin"]').click()
            await expect(math.locator('tr[data-version="1"] [data-role="pinned"]')).to_be_visible()
            assert (await rt.layers.get("ada", "math", 1))["pinned"] is True
            await page.screenshot(path=str(_shots() / "persona-actions.png"), full_page=True)
            await math.locator('tr[data-version="1"] button[data-action="unpin"]').click()
            await expect(math.locator('tr[data-version="1"] [data-role="pinned"]')).to_have_count(0)
            assert (await rt.layers.get("ada", "math", 1))["pinned"] is False

            # -- tokens ---------------------------------------------------------------------------
            await page.locator('header nav a[href="/tokens"]').click()
            await page.wait_for_url(b.url("/tokens"))
            await expect(page.locator('[data-role="tokens"] tbody tr')).to_have_count(1)
            form = page.locator('[data-role="create-token"]')
            await form.locator('input[name="name"]').fill("backend")
            await form.locator('input[value="record"]').check()
            await form.locator('input[value="events"]').check()
            await form.locator('input[name="personas"]').fill("ada")
            await form.locator("button[type=submit]").click()
            secret = page.locator('[data-role="secret"]')
            made = (await secret.inner_text()).strip()
            assert re.fullmatch(r"llt_[0-9a-f]{12}_[A-Za-z0-9_-]{43}", made), made
            info = await rt.tokens.verify(made)
            assert info is not None and info.scope == "record,events"
            assert info.personas == ("ada",) and info.name == "backend"
            await page.screenshot(path=str(_shots() / "tokens.png"), full_page=True,
                                  mask=[secret], mask_color="#d1d5db")  # fmt: skip
            # Shown once: the list and any later page never carry it.
            await page.goto(b.url("/tokens"))
            assert made not in await page.content()
            await expect(page.locator('[data-role="secret"]')).to_have_count(0)
            row = page.locator(f'tr[data-token="{info.id}"]')
            await expect(row).to_contain_text("record,events")
            await expect(row).to_contain_text("ada")
            # An admin token limited to a persona is refused, with the runtime's reason.
            await form.locator('input[value="admin"]').check()
            await form.locator('input[name="personas"]').fill("ada")
            await form.locator("button[type=submit]").click()
            await expect(page.locator('[data-role="token-error"]')).to_contain_text(
                "reaches every persona"
            )
            await expect(page.locator('[data-role="secret"]')).to_have_count(0)
            # Revoke it.
            page.once("dialog", await _accept(dialogs))
            await page.locator(f'tr[data-token="{info.id}"] button[data-action="revoke"]').click()
            await expect(page.locator('[data-role="notice"]')).to_contain_text(
                f"token {info.id} revoked"
            )
            assert f"Revoke token {info.id} (backend)?" in dialogs[-1]
            (gone,) = [t for t in await rt.tokens.list() if t["id"] == info.id]
            assert gone["revoked_at"] is not None
            await expect(page.locator(f'tr[data-token="{info.id}"]')).to_have_class("revoked")

            # -- the index follows jobs and turns live, without a reload -----------------------
            await page.goto(b.url("/"))
            await expect(page.locator("#live")).to_have_attribute("data-state", "on")
            await page.evaluate("window.__sameDocument = true")
            cards = page.locator('[data-region="cards"]')
            await expect(cards).to_contain_text("0interactions")
            await ada.record(turn("What is 1 plus 1?", "2."), trait="math")
            await expect(cards).to_contain_text("1interactions", timeout=15_000)
            queued = await rt.queue_training("ada", "math", reason="manual")
            await expect(page.locator(f'tr[data-job="{queued}"]')).to_contain_text("queued")
            assert await page.evaluate("window.__sameDocument") is True
            await page.screenshot(path=str(_shots() / "index-live.png"), full_page=True)
            b.clean(allowed=((422, b.url("/tokens")),))  # the refused admin token


async def test_the_quality_trend_has_points_whatever_the_span(
    tmp_path: Path, chromium_bin: Path
) -> None:
    """Item 5: an hour of turns is an hour of points (a dot a minute), not one hourly dot."""
    from playwright.async_api import expect

    config = _config(tmp_path)
    async with Runtime.open(config) as rt:
        _, token = await rt.tokens.create("admin", "ops")
        ada = await rt.persona("ada", traits=[Trait("math", "adds numbers")])
        ids = await record_scored(rt, ada, [(f"What is {i} plus {i}?", f"{2 * i}.")
                                            for i in range(40)], "math")  # fmt: skip
        start = (time.time() // 3600) * 3600 - 3600  # a whole hour, an hour ago
        async with rt.store.db.write() as conn:
            for n, i in enumerate(ids):
                await conn.execute(update(_I).where(_I.c.id == i).values(
                    created_at=start + n * 90, quality=0.4 + 0.01 * n))  # fmt: skip
        trend = await rt.personas.quality_trend("ada")
        assert trend["bucket_seconds"] == 60 and len(trend["traits"]["math"]) == 40
        async with dashboard(config, token, chromium_bin) as b:
            page = b.page
            await page.goto(b.url("/personas/ada"))
            chart = page.locator("svg.chart")
            await expect(chart).to_have_count(1)
            await expect(chart.locator("title").first).to_have_text(
                "quality: math (40 scored, 40 points of 1 min)"
            )
            await expect(chart.locator("circle")).to_have_count(40)
            await expect(page.locator('[data-role="bucket"]')).to_contain_text("per 1 min")
            await page.locator("svg.chart").screenshot(path=str(_shots() / "trend.png"))
            b.clean()
        # The same turns over a month: a point a day.
        async with rt.store.db.write() as conn:
            for n, i in enumerate(ids):
                await conn.execute(update(_I).where(_I.c.id == i).values(
                    created_at=start - 30 * 86_400 + n * 18 * 3600))  # fmt: skip
        trend = await rt.personas.quality_trend("ada")
        assert trend["bucket_seconds"] == 43_200
        assert 20 <= len(trend["traits"]["math"]) <= 60
        count = await _scalar(rt, _I.c.quality.is_not(None))
        assert sum(p["count"] for p in trend["traits"]["math"]) == count == 40


async def _scalar(rt: Runtime, where: Any) -> int:
    from sqlalchemy import func

    async with rt.store.db.read() as conn:
        return int((await conn.execute(select(func.count()).where(where))).scalar_one())


async def test_a_token_of_the_wrong_right_is_told_so(tmp_path: Path, chromium_bin: Path) -> None:
    """Item 7: a live record token at the login says it is the wrong right."""
    from playwright.async_api import expect

    config = _config(tmp_path)
    async with Runtime.open(config) as rt:
        _, record = await rt.tokens.create("record,events", "backend")
        async with dashboard(config, None, chromium_bin) as b:
            page = b.page
            await page.goto(b.url("/"))
            await page.fill("#token", record)
            await page.click("button[type=submit]")
            error = page.locator("p.error")
            await expect(error).to_have_text(
                "That is a live record,events token: the dashboard needs an admin token."
            )
            assert record not in await page.content()  # the token is not echoed back
            await page.screenshot(path=str(_shots() / "login-wrong-right.png"))
            b.clean(allowed=((401, b.url("/login")),))
