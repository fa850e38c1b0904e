"""The dashboard in a real browser: Playwright drives the Debian ``chromium`` package (never a
downloaded browser) against ``create_app`` served by uvicorn on a loopback port.

A second runtime on the same database plays the worker: it stores layer versions, claims a
job and writes its progress, so what the page shows comes through the database, whichever
process wrote it. Screenshots go to ``$LIFELONG_TEST_ARTIFACTS/dashboard`` (default
``tests/artifacts/dashboard``).
"""

from __future__ import annotations

import asyncio
import os
import socket
import threading
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update

from lifelong import Runtime, RuntimeConfig
from lifelong.genome.store import NewLayer
from lifelong.persona.traits import Trait
from lifelong.service.app import create_app
from lifelong.service.auth import SESSION_COOKIE
from lifelong.storage import ScoringRepo
from lifelong.storage.tables import Interaction
from tests.helpers import TEST_WORKER, claimed, turn

pytestmark = [pytest.mark.integration, pytest.mark.timeout(120)]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
    "--disable-default-apps", "--disable-extensions", "--metrics-recording-only",
]  # fmt: skip
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


def _artifacts() -> Path:
    folder = Path(os.environ.get("LIFELONG_TEST_ARTIFACTS") or ARTIFACTS) / "dashboard"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class _Server:
    """``create_app`` under uvicorn in a thread, on a socket bound before it starts."""

    def __init__(self, config: RuntimeConfig) -> None:
        import uvicorn

        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.server = uvicorn.Server(uvicorn.Config(
            create_app(config, worker=False), log_level="warning", timeout_graceful_shutdown=5,
        ))  # fmt: skip
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True
        )

    async def start(self) -> None:
        self.thread.start()
        await _until(lambda: _done(self.server.started or not self.thread.is_alive()), 30,
                     "the server to start")  # fmt: skip
        assert self.server.started, "uvicorn exited before serving (see the log above)"

    async def stop(self) -> None:
        self.server.should_exit = True
        await _until(lambda: _done(not self.thread.is_alive()), 20, "the server to stop")
        self.sock.close()


async def _done(value: Any) -> Any:
    return value


async def _until(check: Callable[[], Awaitable[Any]], timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = await check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        await asyncio.sleep(0.05)


def _evaluation(candidate: float, win_rate: float, *, passed: bool) -> dict[str, Any]:
    """What the auto-test stores on a version: the gate, held-out NLLs and the behaviour test."""
    reason = (f"held-out NLL {candidate} vs base 2.31; wins {win_rate:.0%}" if passed
              else "anchor NLL +4.1% is over the 2% allowed")  # fmt: skip
    return {
        "gate": {"passed": passed, "reason": reason, "reference": "base",
                 "anchor_regression": 0.004 if passed else 0.041, "anchor_kl": 0.0123},
        "heldout": {"base": {"nll": 2.31, "ppl": 10.07, "tokens": 812},
                    "candidate": {"nll": candidate, "ppl": 7.0, "tokens": 812}},
        "behaviour": {"win_rate": win_rate, "examples": 16, "reference": "base"},
    }  # fmt: skip


async def _remote_version(
    rt: Runtime, trait: str, version: int, evaluation: dict[str, Any], *, deploy: bool
) -> int:
    """A stored version without training: a remote (provider-hosted) layer needs no artifact."""
    staged = await rt.layers.stage(NewLayer(
        kind="remote", provider="openai",
        manifest={"provider": "openai", "method": "sft", "examples": {"examples": 40 * version}},
        remote_model=f"ft:gpt-4.1-mini:ada-{trait}-{version}",
    ))  # fmt: skip
    return await rt.layers.add("ada", trait, staged, evaluation=evaluation, deploy=deploy,
                               by="auto-test", reason=evaluation["gate"]["reason"])  # fmt: skip


async def _persona_with_layers(rt: Runtime) -> None:
    """ada: a day of scored math turns (rising quality), math v1 and v2 deployed (v2 active),
    tone v1 rejected by its gate.
    """
    ada = await rt.persona("ada", traits=[Trait("math", "adds numbers"),
                                          Trait("tone", "friendly & <b>brief</b>")])  # fmt: skip
    now = time.time()
    ids = [await ada.record(turn(f"What is {i} plus {i}?", f"{2 * i}."), trait="math")
           for i in range(24)]  # fmt: skip
    await ScoringRepo(rt.store.db).save([
        {"id": i, "quality": 0.55 + 0.015 * n, "components": {}, "trait": "math",
         "trait_source": "caller", "feedback_at": None}
        for n, i in enumerate(ids)
    ])  # fmt: skip
    async with rt.store.db.write() as conn:  # spread over the last day: a trend to draw
        for n, i in enumerate(ids):
            await conn.execute(update(Interaction.__table__)
                               .where(Interaction.__table__.c.id == i)
                               .values(created_at=now - (24 - n) * 3600))  # fmt: skip
    assert await _remote_version(rt, "math", 1, _evaluation(2.05, 0.62, passed=True),
                                 deploy=True) == 1  # fmt: skip
    assert await _remote_version(rt, "math", 2, _evaluation(1.93, 0.75, passed=True),
                                 deploy=True) == 2  # fmt: skip
    assert await _remote_version(rt, "tone", 1, _evaluation(2.20, 0.44, passed=False),
                                 deploy=False) == 1  # fmt: skip


async def _active(rt: Runtime, trait: str) -> int | None:
    row = (await rt.layers.active("ada")).get(trait)
    return row["version"] if row else None


@pytest.fixture
def chromium() -> Path:
    """The Debian browser; its absence fails the test (a skip would hide a dashboard bug)."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the dashboard test drives the Debian chromium package "
            "(never a downloaded browser). Install it with `sudo apt-get install -y chromium`."
        )
    return CHROMIUM


async def test_the_dashboard_in_chromium(tmp_path: Path, chromium: Path) -> None:
    from playwright.async_api import async_playwright, expect

    shots = _artifacts()
    config = RuntimeConfig(home=tmp_path / "home", background=False)
    async with Runtime.open(config) as rt:  # the "worker": the same database as the server
        _, token = await rt.tokens.create("admin", "dashboard test")
        await _persona_with_layers(rt)
        server = _Server(config)
        await server.start()
        base = server.url
        try:
            async with async_playwright() as pw:
                browser = await pw.chromium.launch(
                    executable_path=str(chromium), args=CHROMIUM_ARGS, headless=True
                )
                try:
                    context = await browser.new_context(viewport={"width": 1280, "height": 900})
                    page = await context.new_page()
                    problems: list[str] = []
                    elsewhere: list[str] = []
                    page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
                    page.on("console", lambda msg: problems.append(f"console: {msg.text}")
                            if msg.type == "error" and "Failed to load resource" not in msg.text
                            else None)  # fmt: skip
                    failed: list[tuple[int, str]] = []
                    page.on("response", lambda r: failed.append((r.status, r.url))
                            if r.status >= 400 else None)  # fmt: skip
                    page.on("request", lambda req: None if req.url.startswith(base)
                            else elsewhere.append(req.url))  # fmt: skip

                    # -- logging in: a page without a session goes to the login form --------
                    first = await page.goto(f"{base}/personas/ada")
                    assert first is not None and first.url.startswith(f"{base}/login?next=")
                    assert "script-src 'self'" in first.headers["content-security-policy"]
                    await page.fill("#token", "llt_000000000000_not-a-token")
                    await page.click("button[type=submit]")
                    await expect(page.locator("p.error")).to_contain_text("not a live token")
                    await page.screenshot(path=str(shots / "login-refused.png"))
                    await page.fill("#token", token)
                    await page.click("button[type=submit]")
                    await page.wait_for_url(f"{base}/personas/ada")

                    cookie = next(c for c in await context.cookies() if c["name"] == SESSION_COOKIE)
                    assert cookie["httpOnly"] is True and cookie["sameSite"] == "Strict"
                    assert cookie["path"] == "/" and cookie["secure"] is False  # plain http
                    assert SESSION_COOKIE not in await page.evaluate("document.cookie")

                    # -- the persona's layers, with their gate figures ------------------------
                    math = page.locator('section[data-trait="math"]')
                    await expect(math.locator('[data-role="active-version"]')).to_have_text(
                        "v2 active"
                    )
                    await expect(math.locator("tr[data-version]")).to_have_count(2)
                    await expect(math.locator('tr[data-version="2"]')).to_contain_text(
                        "candidate 1.9300"
                    )
                    await expect(math.locator('tr[data-version="2"]')).to_contain_text("wins 75%")
                    tone = page.locator('section[data-trait="tone"]')
                    await expect(tone.locator('tr[data-version="1"]')).to_contain_text("failed")
                    # Stored text is shown as text, never as markup.
                    await expect(tone.locator("p.muted")).to_have_text("friendly & <b>brief</b>")
                    await expect(page.locator("svg.chart")).to_have_count(1)  # quality trend
                    await page.screenshot(path=str(shots / "persona-before.png"), full_page=True)

                    # -- cross-site protection: the cookie alone changes nothing -----------------
                    rollback_url = f"{base}/api/v1/personas/ada/layers/math/rollback"
                    refused = await context.request.post(rollback_url, data={})
                    assert refused.status == 403, await refused.text()
                    forged = await context.request.post(
                        rollback_url, data={}, headers={"X-CSRF-Token": "guessed"}
                    )
                    assert forged.status == 403
                    assert (await context.request.post(f"{base}/logout")).status == 403
                    # The dashboard's own forms: the same, without the form's CSRF field.
                    form_url = f"{base}/personas/ada/layers/math/rollback"
                    assert (await context.request.post(form_url, form={})).status == 403
                    assert (await context.request.post(
                        form_url, form={"csrf": "guessed"})).status == 403  # fmt: skip
                    assert await _active(rt, "math") == 2

                    # -- roll back through the button (confirm() accepted) ---------------------
                    dialogs: list[str] = []

                    async def accept(dialog: Any) -> None:
                        dialogs.append(dialog.message)
                        await dialog.accept()

                    page.once("dialog", accept)
                    await math.locator('button[data-action="rollback"]').click()
                    assert await _until(lambda: _is(rt, "math", 1), 10, "the rollback to v1")
                    assert dialogs and "Roll back ada/math from v2" in dialogs[0]
                    await expect(math.locator('[data-role="active-version"]')).to_have_text(
                        "v1 active"
                    )
                    history = await rt.layer_history("ada", "math")
                    assert any(h.get("by") == "http:dashboard test" for h in history), history
                    await page.screenshot(path=str(shots / "persona-after-rollback.png"),
                                          full_page=True)  # fmt: skip

                    # -- a version the gate rejected: force, with a reason, or nothing ---------
                    forced = tone.locator('tr[data-version="1"] button[data-action="activate"]')
                    await expect(forced).to_have_text("Activate anyway…")

                    async def dismiss(dialog: Any) -> None:
                        await dialog.dismiss()

                    page.once("dialog", dismiss)
                    await forced.click()
                    await page.wait_for_timeout(300)
                    assert await _active(rt, "tone") is None  # no reason given: nothing moved

                    async def reason(dialog: Any) -> None:
                        dialogs.append(dialog.message)
                        await dialog.accept("the owner asked for it in a meeting")

                    page.once("dialog", reason)
                    await forced.click()
                    assert await _until(lambda: _is(rt, "tone", 1), 10, "the forced activation")
                    assert "FAILED its gate" in dialogs[-1]
                    (moved,) = [h for h in await rt.layer_history("ada", "tone")
                                if h["to_version"] == 1]  # fmt: skip
                    assert moved["reason"] == "the owner asked for it in a meeting", moved
                    # The page reloads itself after the change: it shows v1 serving.
                    await expect(
                        page.locator('section[data-trait="tone"] [data-role="active-version"]')
                    ).to_have_text("v1 active")

                    # -- jobs: a worker (the other runtime) trains one, another waits ----------
                    running = await rt.store.jobs.queue("ada", "math", reason={"trigger": "manual"})
                    waiting = await rt.store.jobs.queue("ada", "tone", reason={"trigger": "age"})
                    assert running and waiting
                    await claimed(rt, running)
                    await rt.store.jobs.start(running, TEST_WORKER, dataset_hash="0" * 64)

                    async def progress(step: int, loss: float) -> None:
                        await rt.store.jobs.progress(
                            running, TEST_WORKER, [("loss", loss), ("total_steps", 10.0)],
                            step=step, persona="ada", trait="math",
                        )  # fmt: skip

                    await progress(1, 2.6)
                    await page.goto(f"{base}/")
                    row = page.locator(f'tr[data-job="{running}"]')
                    await expect(row.locator('[data-role="step"]')).to_have_text("step 1 / 10")
                    queued = page.locator(f'tr[data-job="{waiting}"]')
                    await expect(queued).to_contain_text("queued")
                    await queued.locator("button.v-pause").click()
                    assert await _until(lambda: _status(rt, waiting, "paused"), 10, "the pause")
                    await expect(queued.locator("button.v-resume")).to_be_visible()
                    await page.screenshot(path=str(shots / "index.png"), full_page=True)

                    # -- the job page: progress moves live, without a reload -------------------
                    await page.goto(f"{base}/jobs/{running}")
                    await expect(page.locator("#live")).to_have_attribute("data-state", "on")
                    await page.evaluate("window.__sameDocument = true")
                    bar = page.locator(f'[data-progress="{running}"]')
                    await expect(bar.locator('[data-role="step"]')).to_have_text("step 1 / 10")
                    for step, loss in ((2, 2.3), (3, 2.1), (4, 1.8)):
                        await progress(step, loss)
                        await expect(bar.locator('[data-role="step"]')).to_have_text(
                            f"step {step} / 10"
                        )
                    assert await bar.locator("progress").evaluate("p => [p.value, p.max]") == [
                        4,
                        10,
                    ]
                    await expect(bar.locator('[data-role="loss"]')).to_have_text("loss 1.8")
                    curve = page.locator("#loss-chart polyline")
                    await expect(curve).to_have_attribute("data-points", "4")
                    assert await page.evaluate("window.__sameDocument") is True
                    await page.screenshot(path=str(shots / "job.png"), full_page=True)
                    await page.goto(f"{base}/personas/ada")  # with its jobs: the README's picture
                    await expect(
                        page.locator(f'tr[data-job="{running}"] [data-role="step"]')
                    ).to_have_text("step 4 / 10")
                    await page.screenshot(path=str(shots / "persona.png"), full_page=True)

                    assert not problems, problems  # no CSP violation, no script error
                    assert failed == [(401, f"{base}/login")], failed  # only the wrong token
                    assert not elsewhere, f"requests left the server: {elsewhere}"
                    await context.close()
                finally:
                    await browser.close()
        finally:
            await server.stop()


async def _is(rt: Runtime, trait: str, version: int) -> bool:
    return await _active(rt, trait) == version


async def _status(rt: Runtime, job_id: str, status: str) -> bool:
    return str((await rt.get_job(job_id)).status) == status


def test_pages_refuse_what_they_should_without_a_browser(tmp_path: Path) -> None:
    """Redirects, the login's own CSRF token, no open redirect, 404 pages, static files."""
    from fastapi.testclient import TestClient

    config = RuntimeConfig(home=tmp_path / "home", background=False)

    async def token() -> str:
        async with Runtime.open(config) as rt:
            await rt.persona("ada", traits=[Trait("math", "adds numbers")])
            return (await rt.tokens.create("admin"))[1]

    admin = asyncio.run(token())
    with TestClient(create_app(config, worker=False), follow_redirects=False) as client:
        for path in ("/", "/personas/ada", "/jobs/x"):
            page = client.get(path)
            assert page.status_code == 303
            assert page.headers["location"].startswith("/login?next=")
        form = client.get("/login?next=//evil.example/")
        assert form.status_code == 200 and "script-src 'self'" in form.headers[
            "content-security-policy"
        ]  # fmt: skip
        login_csrf = client.cookies["lifelong_login_csrf"]
        assert 'value="/"' in form.text  # the off-site "next" was dropped
        # Without the form's CSRF token (a form posted from another site): refused.
        assert client.post("/login", data={"token": admin}).status_code == 403
        wrong = client.post("/login", data={"token": "llt_x", "csrf": login_csrf})
        assert wrong.status_code == 401 and "session" not in wrong.headers.get("set-cookie", "")
        done = client.post(
            "/login", data={"token": admin, "csrf": login_csrf, "next": "https://evil.example/"}
        )
        assert done.status_code == 303 and done.headers["location"] == "/"
        cookie = done.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/" in cookie
        assert client.get("/").status_code == 200
        assert client.get("/personas/nobody").status_code == 404
        assert client.get("/jobs/no-such-job").status_code == 404
        script = client.get("/static/dashboard.js")
        assert script.status_code == 200 and "EventSource" in script.text
        assert script.headers["x-content-type-options"] == "nosniff"
        assert client.post("/logout", data={"csrf": "guessed"}).status_code == 403
        csrf = client.get("/").text.split('name="csrf-token" content="')[1].split('"')[0]
        assert client.post("/logout", data={"csrf": csrf}).status_code == 303
        assert client.get("/").status_code == 303  # the session is gone
