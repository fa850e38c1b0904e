// The dashboard's only script (no build step, nothing from another origin). The pages work
// without it: every change is a plain form post (with the session's CSRF token in a hidden
// field) to the dashboard, which answers with the page it came from.
//
// - Forms with data-confirm ask confirm() first; forms with data-force prompt() for the reason
//   a version the gate rejected should serve anyway (sent as `reason`, with force=1). A form
//   sent once is not sent again by a second click.
// - Pages with data-live listen to /api/v1/events/stream (the session cookie authenticates the
//   EventSource): `progress` events move progress bars and the loss curve in place; stored
//   events refetch the page and swap in the parts of it (data-region) that show what they
//   change (data-on: jobs, layers, alerts, progress, turns), debounced. Turns are recorded and
//   scored without a stored event: pages with data-poll ask that URL every few seconds for
//   a fingerprint of the turns and refresh their `turns` regions when it changes. A region
//   the user is typing in waits until they are done.
"use strict";

(function () {
  const body = document.body;
  const POLL_MS = 3000;
  const REFRESH_HEADER = "X-Dashboard-Refresh";

  // -- messages -------------------------------------------------------------------------------

  function notice(text, kind) {
    const box = document.getElementById("notice");
    if (!box) return;
    box.textContent = text;
    box.dataset.kind = kind || "error";
    box.hidden = false;
  }

  // -- forms ----------------------------------------------------------------------------------

  document.addEventListener("submit", (event) => {
    const form = event.target;
    // getAttribute: a control named "method" (the train form has one) shadows form.method.
    if (!(form instanceof HTMLFormElement) || (form.getAttribute("method") || "").toLowerCase() !== "post") return;
    if (form.dataset.sent === "1") {
      event.preventDefault();
      return;
    }
    if (form.dataset.force !== undefined) {
      // A version the gate rejected serves only on purpose: force, with the reason why.
      const reason = window.prompt(form.dataset.force);
      if (reason === null || !reason.trim()) {
        event.preventDefault();
        return;
      }
      const field = form.querySelector('input[name="reason"]');
      if (field) field.value = reason.trim();
    } else if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
      return;
    }
    form.dataset.sent = "1";
    for (const button of form.querySelectorAll("button[type=submit]")) button.setAttribute("aria-busy", "true");
  });

  // -- progress -------------------------------------------------------------------------------

  const jobs = new Map(); // job id -> {step, total, loss, points: Map(step -> loss)}

  function jobState(id) {
    let state = jobs.get(id);
    if (!state) {
      state = { step: null, total: null, loss: null, replay: null, replayTotal: null, points: new Map() };
      jobs.set(id, state);
    }
    return state;
  }

  function fmt(value) {
    return typeof value === "number" && isFinite(value) ? Number(value.toPrecision(4)).toString() : "–";
  }

  function renderProgress(id) {
    const state = jobs.get(id);
    if (!state) return;
    for (const box of document.querySelectorAll("[data-progress]")) {
      if (box.dataset.progress !== id) continue;
      const bar = box.querySelector("progress");
      const stepText = box.querySelector('[data-role="step"]');
      const lossText = box.querySelector('[data-role="loss"]');
      // Before the first step the base model draws replay samples: that is the progress.
      const drawing = !state.step && state.replayTotal;
      if (bar) {
        if (drawing) {
          bar.max = state.replayTotal;
          bar.value = Math.min(state.replay || 0, state.replayTotal);
        } else if (state.total) {
          bar.max = state.total;
          bar.value = Math.min(state.step || 0, state.total);
        } else {
          bar.removeAttribute("value"); // indeterminate: the total is not known (yet)
        }
      }
      if (stepText && drawing) {
        stepText.textContent = "drawing replay samples " + (state.replay || 0) + " / " + state.replayTotal;
      } else if (stepText && state.step) {
        stepText.textContent = state.total ? "step " + state.step + " / " + state.total : "step " + state.step;
      }
      if (lossText && state.loss !== null) lossText.textContent = "loss " + fmt(state.loss);
    }
    drawLoss(id);
  }

  function onProgress(point) {
    const id = point.job_id;
    if (!id) return;
    const state = jobState(id);
    if (typeof point.step === "number" && (state.step === null || point.step >= state.step)) {
      state.step = point.step;
    }
    if (typeof point.total_steps === "number" && point.total_steps > 0) {
      state.total = Math.round(point.total_steps);
    }
    if (typeof point.replay_done === "number") state.replay = Math.max(state.replay || 0, point.replay_done);
    if (typeof point.replay_total === "number") state.replayTotal = point.replay_total;
    if (typeof point.loss === "number") {
      state.points.set(point.step === null || point.step === undefined ? state.points.size : point.step, point.loss);
      state.loss = point.loss;
    }
    renderProgress(id);
  }

  // -- the loss curve (job page) ----------------------------------------------------------------

  const SVG = "http://www.w3.org/2000/svg";

  function svgEl(name, attrs, text) {
    const el = document.createElementNS(SVG, name);
    for (const [key, value] of Object.entries(attrs)) el.setAttribute(key, String(value));
    if (text !== undefined) el.textContent = text;
    return el;
  }

  function drawLoss(id) {
    const svg = document.getElementById("loss-chart");
    if (!svg || svg.dataset.job !== id) return;
    const state = jobs.get(id);
    const points = [...state.points.entries()].filter(([, v]) => isFinite(v)).sort((a, b) => a[0] - b[0]);
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    const W = 640, H = 240, left = 56, right = 16, top = 16, bottom = 30;
    const plotW = W - left - right, plotH = H - top - bottom;
    svg.appendChild(svgEl("rect", { x: left, y: top, width: plotW, height: plotH, class: "box" }));
    const caption = document.querySelector('[data-role="loss-caption"]');
    if (!points.length) {
      svg.appendChild(svgEl("text", { x: left + plotW / 2, y: top + plotH / 2, class: "xa mid" }, "no loss recorded yet"));
      return;
    }
    const xs = points.map((p) => p[0]), ys = points.map((p) => p[1]);
    const x0 = Math.min(...xs), x1 = Math.max(...xs, state.total || 0);
    let y0 = Math.min(...ys), y1 = Math.max(...ys);
    if (y0 === y1) { const pad = Math.abs(y0) * 0.05 || 1; y0 -= pad; y1 += pad; }
    const px = (x) => left + (x1 > x0 ? (plotW * (x - x0)) / (x1 - x0) : plotW / 2);
    const py = (y) => top + (plotH * (y1 - y)) / (y1 - y0);
    svg.appendChild(svgEl("polyline", {
      points: points.map(([x, y]) => px(x).toFixed(1) + "," + py(y).toFixed(1)).join(" "),
      fill: "none", stroke: "#2563eb", "stroke-width": 2, "data-points": points.length,
    }));
    if (points.length <= 60) {
      for (const [x, y] of points) {
        const dot = svgEl("circle", { cx: px(x).toFixed(1), cy: py(y).toFixed(1), r: 2.5, fill: "#2563eb" });
        dot.appendChild(svgEl("title", {}, "step " + x + ": loss " + fmt(y)));
        svg.appendChild(dot);
      }
    }
    svg.appendChild(svgEl("text", { x: left - 6, y: top + 4, class: "ya" }, fmt(y1)));
    svg.appendChild(svgEl("text", { x: left - 6, y: top + plotH, class: "ya" }, fmt(y0)));
    svg.appendChild(svgEl("text", { x: left, y: top + plotH + 16, class: "xa" }, "step " + x0));
    svg.appendChild(svgEl("text", { x: left + plotW, y: top + plotH + 16, class: "xa end" }, "step " + x1));
    if (caption) {
      caption.textContent = "loss by step: " + points.length + " points, last " + fmt(points[points.length - 1][1]);
    }
  }

  async function loadSeries(id) {
    // The series so far; points the stream already delivered are merged by step.
    const state = jobState(id);
    const base = "/api/v1/jobs/" + encodeURIComponent(id) + "/metrics/";
    try {
      const [loss, total] = await Promise.all(
        ["loss", "total_steps"].map((name) =>
          fetch(base + name, { credentials: "same-origin" }).then((r) => (r.ok ? r.json() : null))
        )
      );
      if (loss) {
        loss.series.forEach(([step, value], i) => {
          const key = step === null ? i : step;
          if (!state.points.has(key)) state.points.set(key, value);
          if (step !== null && (state.step === null || step > state.step)) state.step = step;
        });
        if (state.loss === null && loss.series.length) state.loss = loss.series[loss.series.length - 1][1];
      }
      if (total && total.series.length && !state.total) {
        state.total = Math.round(total.series[total.series.length - 1][1]);
      }
    } catch (error) {
      notice("Could not load the loss series: " + error.message, "error");
    }
    renderProgress(id);
  }

  // -- refreshing parts of a page -------------------------------------------------------------

  // Stored events, by what they change: a region's data-on names the groups it shows.
  const GROUPS = {
    jobs: ["TrainingQueued", "TrainingStarted", "TrainingCompleted", "TrainingFailed",
      "TrainingControlled", "BudgetExceeded"],
    layers: ["LayerDeployed", "LayerRejected", "LayerActivated", "LayerRolledBack",
      "LayerAutoRolledBack", "LayerCorrupted", "LayersPruned", "CanaryStarted", "CanaryPromoted"],
    alerts: ["QualityDropped"],
  };
  // How long to gather triggers before fetching (progress comes every step: seldom).
  const DELAY_MS = { progress: 5000, turns: 0 };

  const pending = new Set();
  let timer = null;
  let busy = false;

  function listens(region, triggers) {
    return (region.dataset.on || "").split(/\s+/).some((name) => triggers.has(name));
  }

  function wanted(trigger) {
    const found = [...document.querySelectorAll("[data-region]")];
    return found.some((region) => listens(region, new Set([trigger])));
  }

  function refreshSoon(trigger) {
    if (!wanted(trigger)) return;
    pending.add(trigger);
    const delay = trigger in DELAY_MS ? DELAY_MS[trigger] : 300;
    if (timer === null) timer = window.setTimeout(refresh, delay);
  }

  // A region the user is working in (focus, typed text, an open form) is left alone for now.
  function inUse(region) {
    const active = document.activeElement;
    if (active && active !== body && region.contains(active) && active.matches("input, textarea, select")) {
      return true;
    }
    for (const field of region.querySelectorAll("input, textarea")) {
      if (field.type === "hidden") continue;
      if (field.type === "checkbox" || field.type === "radio") {
        if (field.checked !== field.defaultChecked) return true;
      } else if (field.value !== field.defaultValue) {
        return true;
      }
    }
    for (const form of region.querySelectorAll("form")) if (form.dataset.sent === "1") return true;
    return false;
  }

  async function refresh() {
    timer = null;
    if (busy) {
      timer = window.setTimeout(refresh, 500);
      return;
    }
    const triggers = new Set(pending);
    pending.clear();
    const regions = [...document.querySelectorAll("[data-region]")].filter((r) => listens(r, triggers));
    if (!regions.length) return;
    busy = true;
    const waiting = new Set();
    try {
      const response = await fetch(window.location.href, {
        credentials: "same-origin",
        headers: { [REFRESH_HEADER]: "1" },
      });
      if (response.redirected && new URL(response.url).pathname === "/login") {
        setLive("off", "logged out: reload the page");
        return;
      }
      if (!response.ok) return;
      const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
      for (const region of regions) {
        if (inUse(region)) {
          for (const t of triggers) if (listens(region, new Set([t]))) waiting.add(t);
          continue;
        }
        const name = region.dataset.region;
        const replacement = [...fresh.querySelectorAll("[data-region]")].find((r) => r.dataset.region === name);
        if (!replacement) continue;
        const open = [...region.querySelectorAll("details[open][id]")].map((d) => d.id);
        region.replaceWith(document.importNode(replacement, true));
        for (const id of open) {
          const details = document.getElementById(id);
          if (details) details.open = true;
        }
      }
      if (fresh.body && fresh.body.dataset.pollVersion) body.dataset.pollVersion = fresh.body.dataset.pollVersion;
      for (const id of jobs.keys()) renderProgress(id);
      body.dataset.refreshed = String(Number(body.dataset.refreshed || 0) + 1);
    } catch (error) {
      // A network hiccup: the next event or poll tries again.
    } finally {
      busy = false;
      if (waiting.size) {
        for (const t of waiting) pending.add(t);
        if (timer === null) timer = window.setTimeout(refresh, 2000);
      }
    }
  }

  // -- live updates ---------------------------------------------------------------------------

  function concerns(event) {
    const live = body.dataset.live;
    if (live === "all") return true;
    if (live === "persona") return event.persona === body.dataset.persona;
    if (live === "job") return event.job_id === body.dataset.job;
    return false;
  }

  function setLive(state, text) {
    const badge = document.getElementById("live");
    if (!badge) return;
    badge.dataset.state = state;
    badge.textContent = text;
  }

  function listen() {
    if (!body.dataset.live || typeof EventSource === "undefined") {
      setLive("off", "");
      return;
    }
    // A persona's or a job's page needs only that persona's events (and progress).
    const persona = body.dataset.persona;
    const url = "/api/v1/events/stream" + (persona ? "?persona=" + encodeURIComponent(persona) : "");
    const source = new EventSource(url, { withCredentials: true });
    // `hello` comes once the server has fixed where the stream starts: from then on nothing
    // is missed (a reconnect resumes from the last id).
    source.addEventListener("hello", () => setLive("on", "live"));
    source.addEventListener("error", () => {
      if (source.readyState === EventSource.CLOSED) {
        setLive("off", "offline: reload the page");
      } else {
        setLive("connecting", "reconnecting…");
      }
    });
    source.addEventListener("progress", (message) => {
      const point = JSON.parse(message.data);
      onProgress(point);
      if (concerns(point)) refreshSoon("progress");
    });
    for (const [group, kinds] of Object.entries(GROUPS)) {
      for (const kind of kinds) {
        source.addEventListener(kind, (message) => {
          if (concerns(JSON.parse(message.data))) refreshSoon(group);
        });
      }
    }
    window.addEventListener("pagehide", () => source.close());
  }

  function poll() {
    const url = body.dataset.poll;
    if (!url) return;
    window.setInterval(async () => {
      if (document.hidden) return;
      try {
        const response = await fetch(url, { credentials: "same-origin" });
        if (!response.ok) return;
        const seen = (await response.json()).turns;
        if (seen && seen !== body.dataset.pollVersion) {
          body.dataset.pollVersion = seen;
          refreshSoon("turns");
        }
      } catch (error) {
        // Try again at the next tick.
      }
    }, POLL_MS);
  }

  function start() {
    for (const box of document.querySelectorAll("[data-progress]")) {
      // The server-rendered state, so a stream point without a total keeps the known one.
      const state = jobState(box.dataset.progress);
      const bar = box.querySelector("progress");
      if (bar && bar.hasAttribute("value")) {
        state.total = bar.max;
        state.step = bar.value;
      }
    }
    listen();
    poll();
    const chart = document.getElementById("loss-chart");
    if (chart) loadSeries(chart.dataset.job);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
