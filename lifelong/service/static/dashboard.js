// The dashboard's only script (no build step, nothing from another origin).
//
// - Buttons with data-post are POSTed to the JSON API with the session's CSRF token (from
//   <meta name="csrf-token">), after a confirm() when they carry data-confirm (or, with
//   data-force, a prompt() for the reason, sent with force: true); the page then
//   reloads to show the new state (or shows the API's error message).
// - Pages with data-live listen to /api/v1/events/stream (the session cookie authenticates the
//   EventSource): `progress` events move progress bars and the loss curve in place; stored
//   events about jobs and layers reload the page they concern.
"use strict";

(function () {
  const body = document.body;
  const csrf = () => {
    const meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  };

  // -- messages -------------------------------------------------------------------------------

  function notice(text, kind) {
    const box = document.getElementById("notice");
    if (!box) return;
    box.textContent = text;
    box.dataset.kind = kind || "error";
    box.hidden = false;
  }

  // -- actions --------------------------------------------------------------------------------

  async function post(url, payload) {
    const response = await fetch(url, {
      method: "POST",
      headers: { "X-CSRF-Token": csrf(), "Content-Type": "application/json" },
      credentials: "same-origin",
      body: JSON.stringify(payload || {}),
    });
    let data = null;
    try {
      data = await response.json();
    } catch (_) {
      data = null;
    }
    if (response.status === 401) {
      window.location.assign("/login?next=" + encodeURIComponent(window.location.pathname));
      throw new Error("the session has ended: log in again");
    }
    if (!response.ok) {
      const message = data && data.error && data.error.message;
      throw new Error(message || response.status + " " + response.statusText);
    }
    return data;
  }

  let reloadTimer = null;
  function reloadSoon(delayMs) {
    if (reloadTimer !== null) return;
    reloadTimer = window.setTimeout(() => window.location.reload(), delayMs);
  }

  document.addEventListener("click", async (event) => {
    const button = event.target.closest("button[data-post]");
    if (!button || button.disabled) return;
    event.preventDefault();
    const body = button.dataset.body ? JSON.parse(button.dataset.body) : {};
    if (button.dataset.force !== undefined) {
      // A version the gate rejected serves only on purpose: force, with the reason why.
      const reason = window.prompt(button.dataset.force);
      if (reason === null || !reason.trim()) return;
      body.force = true;
      body.reason = reason.trim();
    } else if (button.dataset.confirm && !window.confirm(button.dataset.confirm)) {
      return;
    }
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    try {
      await post(button.dataset.post, body);
      notice("Done: " + button.textContent.trim() + ".", "ok");
      reloadSoon(0);
    } catch (error) {
      notice(button.textContent.trim() + " failed: " + error.message, "error");
      button.disabled = false;
      button.removeAttribute("aria-busy");
    }
  });

  // -- progress -------------------------------------------------------------------------------

  const jobs = new Map(); // session id -> {step, total, loss, points: Map(step -> loss)}

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
    const id = point.session_id;
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

  // -- live updates ---------------------------------------------------------------------------

  // Stored events that change what a page shows: the page concerned reloads.
  const JOB_KINDS = ["TrainingQueued", "TrainingStarted", "TrainingCompleted", "TrainingFailed",
    "TrainingControlled", "BudgetExceeded"];
  const LAYER_KINDS = ["LayerDeployed", "LayerRejected", "LayerActivated", "LayerRolledBack",
    "LayerAutoRolledBack", "LayerCorrupted", "LayersPruned", "CanaryStarted", "CanaryPromoted"];
  const ALERT_KINDS = ["QualityDropped"];

  function concerns(event) {
    const live = body.dataset.live;
    if (live === "all") return true;
    if (live === "persona") return event.persona === body.dataset.persona;
    if (live === "job") return event.session_id === body.dataset.job;
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
    source.addEventListener("progress", (message) => onProgress(JSON.parse(message.data)));
    for (const kind of [...JOB_KINDS, ...LAYER_KINDS, ...ALERT_KINDS]) {
      source.addEventListener(kind, (message) => {
        const event = JSON.parse(message.data);
        if (concerns(event)) reloadSoon(400);
      });
    }
    window.addEventListener("pagehide", () => source.close());
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
    const chart = document.getElementById("loss-chart");
    if (chart) loadSeries(chart.dataset.job);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
