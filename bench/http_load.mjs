// HTTP load generator of bench/http.py: keeps --concurrency requests in flight for --seconds
// over keep-alive connections (node:http, not fetch: fetch costs several times the CPU per
// request, and this process shares the machine with the server it measures).
//
//   node bench/http_load.mjs --url http://127.0.0.1:8420 --token llt_... \
//     --path /api/v1/personas/bench/interactions [--method POST] [--concurrency 64] \
//     [--seconds 20] [--warmup 1] [--ids-file ids.txt]
//
// POST sends one recorded turn with distinct content per request; GET sends no body. Each
// 201/200 answer's latency is kept (after the warm-up), and with --ids-file the id of every
// 201 (warm-up included) is written there, one a line. Prints one JSON object of stats.

import { writeFileSync } from "node:fs";
import http from "node:http";
import { parseArgs } from "node:util";

const { values: opt } = parseArgs({
  options: {
    url: { type: "string" },
    token: { type: "string", default: "" },
    path: { type: "string" },
    method: { type: "string", default: "POST" },
    concurrency: { type: "string", default: "64" },
    seconds: { type: "string", default: "20" },
    warmup: { type: "string", default: "1" },
    "ids-file": { type: "string" },
  },
});
const target = new URL(opt.url);
const concurrency = Number(opt.concurrency);
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const headers = { Authorization: `Bearer ${opt.token}` };

function body(worker, i) {
  return JSON.stringify({
    messages: [
      { role: "system", content: "You are a helpful tutor." },
      { role: "user", content: `Worker ${worker}, question ${i}: how do I reverse a list?` },
      { role: "assistant", content: `Use reversed() or slicing: items[::-1] (answer ${worker}.${i}).` },
    ],
  });
}

function send(payload) {
  return new Promise((resolve) => {
    const extra = payload === undefined ? {} : {
      "Content-Type": "application/json",
      "Content-Length": Buffer.byteLength(payload),
    };
    const req = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: opt.path,
        method: opt.method,
        agent,
        headers: { ...headers, ...extra },
      },
      (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString() }));
        res.on("error", (err) => resolve({ status: `transport:${err.code ?? err.message}` }));
      },
    );
    req.on("error", (err) => resolve({ status: `transport:${err.code ?? err.message}` }));
    req.end(payload);
  });
}

const latencies = [];
const ids = [];
const errors = {};
let measured = 0;
let firstError = null;
const t0 = performance.now();
const warmEnd = t0 + Number(opt.warmup) * 1000;
const end = warmEnd + Number(opt.seconds) * 1000;
let cpuAtWarm = null;

async function worker(w) {
  for (let i = 0; performance.now() < end; i++) {
    const started = performance.now();
    const res = await send(opt.method === "GET" ? undefined : body(w, i));
    const done = performance.now();
    const counted = started >= warmEnd && done <= end;
    if (res.status === 201 || res.status === 200) {
      if (res.status === 201) ids.push(JSON.parse(res.text).id);
      if (counted) {
        latencies.push(done - started);
        measured++;
      }
    } else {
      errors[res.status] = (errors[res.status] ?? 0) + 1;
      firstError ??= `${res.status} ${res.text ?? ""}`.slice(0, 300);
    }
  }
}

setTimeout(() => {
  cpuAtWarm = process.cpuUsage();
}, Math.max(0, warmEnd - performance.now()));
await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
const wall = Number(opt.seconds);
const cpu = process.cpuUsage(cpuAtWarm ?? undefined);
agent.destroy();

if (opt["ids-file"]) writeFileSync(opt["ids-file"], ids.join("\n") + (ids.length ? "\n" : ""));
latencies.sort((a, b) => a - b);
const pct = (p) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.ceil(p * latencies.length) - 1)] : null);
const round = (x, d = 2) => (x === null ? null : Math.round(x * 10 ** d) / 10 ** d);
process.stdout.write(
  JSON.stringify({
    method: opt.method,
    path: opt.path,
    concurrency,
    seconds: wall,
    ok: measured,
    per_s: round(measured / wall, 1),
    p50_ms: round(pct(0.5)),
    p90_ms: round(pct(0.9)),
    p99_ms: round(pct(0.99)),
    max_ms: round(latencies.at(-1) ?? null),
    errors,
    first_error: firstError,
    acknowledged_ids: ids.length,
    // This process's own CPU over the measured window, in cores (user + system).
    cpu_cores: round((cpu.user + cpu.system) / 1e6 / wall, 3),
  }) + "\n",
);
