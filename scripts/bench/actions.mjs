// Benchmark of the action simulator (issue 15): POST /api/designs/{id}/actions on loopback.
//
//   BENCH_BIN=target/debug/widget-studio node scripts/bench/actions.mjs --runs 2000
//
// Starts the studio (`$BENCH_BIN`, default target/debug/widget-studio) on a free loopback port with
// a temporary SQLite database and the rate limit off, then measures
//   1. the round-trip of a rule with no delay (`select_flight`: one `set`), sequential on one
//      kept-alive connection: request sent → last byte of the SSE answer; and the server's own
//      `compute_ms` (read + run + write) from the action log;
//      (goal: server-side round-trip p99 under 5 ms)
//   2. 200 `slow` actions at once (progress, a 1 s delay, streamed text, a notice), each on its
//      own connection: every stream complete, every action logged, the thread's version equal
//      to the number of actions sent (goal: 200 concurrent SSE streams, nothing dropped).
//      All on the one design's thread by default; `--designs D` spreads them round-robin over D
//      designs (a thread each), which separates the streams from the contention on one thread.
// Flags: --runs N (2000), --warmup N (100), --streams N (200), --designs D (1).
// Node 18+ built-ins only. Exits non-zero when a request fails or anything is dropped.
import { spawn } from "node:child_process";
import http from "node:http";
import { mkdtempSync, rmSync, openSync, closeSync, readFileSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import net from "node:net";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i > 0 && process.argv[i + 1] !== undefined ? Number(process.argv[i + 1]) : dflt;
};
const RUNS = arg("--runs", 2000);
const WARMUP = arg("--warmup", 100);
const STREAMS = arg("--streams", 200);
// Measure 2 on one design's thread (the default) or spread round-robin over this many designs.
const DESIGNS = Math.max(1, Math.min(arg("--designs", 1), STREAMS));
const BIN = process.env.BENCH_BIN || "target/debug/widget-studio";

const DOC = {
  name: "Bench", kind: "jsx",
  source: `<ListView>
  <ListViewItem>
    <Text id="status" value={status} />
  </ListViewItem>
  {flights.map((f) => (
    <ListViewItem key={f.id} onClickAction={{ type: "select_flight", payload: { id: f.id } }}>
      <Text value={f.id} weight={f.id === selectedId ? "semibold" : "normal"} />
    </ListViewItem>
  ))}
</ListView>
`,
  default_state: { status: "Pick one", selectedId: null, flights: [{ id: "LH 400" }, { id: "BA 117" }, { id: "AF 22" }] },
  handlers: { rules: [
    { on: "select_flight", steps: [{ step: "set", field: "selectedId", from: { payload: "id" } }] },
    { on: "slow", steps: [{ step: "progress", text: "Working" }, { step: "delay", ms: 1000 },
      { step: "stream", component_id: "status", text: " and a streamed sentence of several words" },
      { step: "notice", level: "info", message: "done" }] },
  ] },
};

/** Value at fraction `f` of the sorted list (nearest rank). */
const q = (sorted, f) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(f * sorted.length) - 1))];
const fmt = (ms) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const ns2ms = (ns) => Number(ns) / 1e6;

const freePort = () => new Promise((res, rej) => {
  const s = net.createServer();
  s.on("error", rej);
  s.listen(0, "127.0.0.1", () => { const p = s.address().port; s.close(() => res(p)); });
});

/**
 * One HTTP request. Resolves with the status, headers, body text and times (hrtime ns):
 * `t0` just before the request is sent, `tFirst` when the first complete SSE frame ("…\n\n")
 * has arrived, `tEnd` at the end of the body.
 */
function send(port, agent, method, urlPath, body) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const headers = data ? { "content-type": "application/json", "content-length": data.length } : {};
    const req = http.request({ host: "127.0.0.1", port, method, path: urlPath, agent, headers }, (res) => {
      res.setEncoding("utf8");
      let text = "";
      let tFirst = null;
      res.on("data", (chunk) => {
        text += chunk;
        if (tFirst === null && text.includes("\n\n")) tFirst = process.hrtime.bigint();
      });
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, text, t0, tFirst, tEnd: process.hrtime.bigint() }));
      res.on("error", reject);
    });
    req.on("error", reject);
    const t0 = process.hrtime.bigint();
    req.end(data);
  });
}

async function json(port, agent, method, urlPath, body, want = 200) {
  const r = await send(port, agent, method, urlPath, body);
  if (r.status !== want) throw new Error(`${method} ${urlPath}: ${r.status}, expected ${want}: ${r.text.slice(0, 500)}`);
  return JSON.parse(r.text);
}

/** The frames of an SSE answer: { events, problem } (problem: the first frame that does not read). */
function frames(text) {
  const events = [];
  const parts = text.split("\n\n");
  if (parts[parts.length - 1] !== "") return { events, problem: "the answer does not end with a complete frame" };
  for (const f of parts.slice(0, -1)) {
    if (!f.startsWith("data: ")) return { events, problem: `a frame without "data: ": ${f.slice(0, 80)}` };
    try { events.push(JSON.parse(f.slice(6))); } catch (e) { return { events, problem: `a frame that is not JSON (${e.message}): ${f.slice(0, 80)}` }; }
  }
  return { events, problem: null };
}

const kind = (e) => (e.update?.type ? `${e.type}/${e.update.type}` : e.type);
const actionBody = (t, type, payload) => ({
  type: "threads.custom_action", metadata: {},
  params: { thread_id: t.thread_id, item_id: t.item_id, action: { type, payload } },
});

// ---------------------------------------------------------------- the server

const dir = mkdtempSync(path.join(os.tmpdir(), "ws-bench-actions-"));
const logFile = path.join(dir, "server.log");
let server = null;
let cleaned = false;
function cleanup() {
  if (cleaned) return;
  cleaned = true;
  if (server && server.exitCode === null && server.signalCode === null) server.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
}
process.on("exit", cleanup);
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => { cleanup(); process.exit(130); });

async function start() {
  const port = await freePort();
  const bin = path.resolve(root, BIN);
  const errFd = openSync(logFile, "a");
  server = spawn(bin, ["serve", "--addr", `127.0.0.1:${port}`, "--database-url", `sqlite://${dir}/db.sqlite`, "--rate-limit", "0"], {
    cwd: root, env: { ...process.env, LEPTOS_SITE_ROOT: path.join(root, "target/site"), RUST_LOG: "warn" }, stdio: ["ignore", "ignore", errFd],
  });
  closeSync(errFd);
  let spawnError = null;
  server.on("error", (e) => { spawnError = e; });
  for (let i = 0; i < 300; i++) {
    if (spawnError) throw new Error(`cannot start ${bin}: ${spawnError.message}`);
    if (server.exitCode !== null) throw new Error(`${bin} exited with ${server.exitCode}:\n${readFileSync(logFile, "utf8")}`);
    try { if ((await send(port, false, "GET", "/healthz")).status === 200) return port; } catch {}
    await sleep(100);
  }
  throw new Error(`${bin}: /healthz did not answer 200 within 30 s`);
}

async function stop() {
  if (!server || server.exitCode !== null || server.signalCode !== null) return;
  const gone = new Promise((r) => server.once("exit", r));
  server.kill("SIGTERM");
  if ((await Promise.race([gone.then(() => true), sleep(5000).then(() => false)])) === false) {
    server.kill("SIGKILL");
    await gone;
  }
}

// ---------------------------------------------------------------- the measures

async function main() {
  const port = await start();
  const keep = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const created = await json(port, keep, "POST", "/api/designs", { document: DOC }, 201);
  const id = created.id;
  const base = `/api/designs/${encodeURIComponent(id)}`;
  const t = await json(port, keep, "GET", `${base}/actions/thread`);
  let sent = 0;
  const failures = [];

  // 1. Sequential round-trips of a rule with no delay.
  const flightsIds = ["LH 400", "BA 117"];
  const times = [];
  const counts = new Map();
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const r = await send(port, keep, "POST", `${base}/actions`, actionBody(t, "select_flight", { id: flightsIds[i % 2] }));
    sent++;
    const { events, problem } = frames(r.text);
    if (r.status !== 200 || problem || events[0]?.type !== "stream_options") {
      throw new Error(`select_flight #${i}: status ${r.status}${problem ? `, ${problem}` : ""}: ${r.text.slice(0, 300)}`);
    }
    if (i >= WARMUP) {
      times.push(ns2ms(r.tEnd - r.t0));
      counts.set(events.length, (counts.get(events.length) ?? 0) + 1);
    }
  }
  keep.destroy();
  times.sort((a, b) => a - b);
  const kinds1 = frames((await send(port, false, "POST", `${base}/actions`, actionBody(t, "select_flight", { id: "AF 22" }))).text).events.map(kind);
  sent++;

  // The server's own measure, from the log: wait for the last action's entry (written after its stream ends).
  let log1 = [];
  for (let i = 0; i < 100; i++) {
    const th = await json(port, false, "GET", `${base}/actions/thread`);
    log1 = (await json(port, false, "GET", `${base}/actions/log?limit=500`)).items;
    if (log1.length && log1[log1.length - 1].seq === th.version) break;
    await sleep(100);
  }
  const compute = log1.filter((e) => e.request?.params?.action?.type === "select_flight").map((e) => e.compute_ms).sort((a, b) => a - b);

  // 2. Concurrent SSE streams: first one `slow` action alone, as the reference.
  const ref = await send(port, false, "POST", `${base}/actions`, actionBody(t, "slow", {}));
  sent++;
  const refTtfe = ref.tFirst === null ? null : ns2ms(ref.tFirst - ref.t0);
  const refFrames = frames(ref.text);
  if (ref.status !== 200 || refFrames.problem) throw new Error(`the reference slow action: ${ref.status} ${refFrames.problem ?? ""}: ${ref.text.slice(0, 300)}`);
  const refKinds = refFrames.events.map(kind);
  const refCount = refFrames.events.length;
  if (refKinds[0] !== "stream_options" || refKinds[refCount - 1] !== "notice") throw new Error(`the reference slow action's events: ${refKinds.join(", ")}`);

  // The designs the streams go to: this one, and with --designs D, D - 1 more (a thread each).
  const targets = [{ base, t, sent }];
  for (let d = 1; d < DESIGNS; d++) {
    const other = (await json(port, false, "POST", "/api/designs", { document: DOC }, 201)).id;
    const b = `/api/designs/${encodeURIComponent(other)}`;
    targets.push({ base: b, t: await json(port, false, "GET", `${b}/actions/thread`), sent: 0 });
  }

  const wide = new http.Agent({ keepAlive: false, maxSockets: 1000 });
  const tStart = process.hrtime.bigint();
  const results = await Promise.all(Array.from({ length: STREAMS }, (_, i) => {
    const to = targets[i % DESIGNS];
    return send(port, wide, "POST", `${to.base}/actions`, actionBody(to.t, "slow", { stream: i })).then((r) => ({ i, r }), (e) => ({ i, error: e }));
  }));
  const tAll = process.hrtime.bigint();
  for (let i = 0; i < STREAMS; i++) targets[i % DESIGNS].sent++;
  sent += STREAMS;
  let complete = 0;
  let totalEvents = 0;
  const ttfe = [];
  const refused = [];
  let lastEnd = tStart;
  const statuses = new Map();
  let refusedSample = null;
  for (const { i, r, error } of results) {
    if (error) { failures.push(`stream ${i}: ${error.message}`); statuses.set("error", (statuses.get("error") ?? 0) + 1); continue; }
    statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
    if (r.tEnd > lastEnd) lastEnd = r.tEnd;
    if (r.status !== 200) {
      refused.push(ns2ms(r.tEnd - r.t0));
      refusedSample ??= `${r.status}${r.headers["retry-after"] ? ` (Retry-After: ${r.headers["retry-after"]})` : " (no Retry-After)"} ${r.text.slice(0, 200)}`;
    }
    const { events, problem } = frames(r.text);
    totalEvents += r.status === 200 ? events.length : 0;
    if (r.status === 200 && r.tFirst !== null) ttfe.push(ns2ms(r.tFirst - r.t0));
    const why = r.status !== 200 ? `status ${r.status}: ${r.text.slice(0, 200)}`
      : problem ? problem
      : events[0]?.type !== "stream_options" ? `first event ${events[0]?.type}`
      : events.length !== refCount ? `${events.length} events, the reference had ${refCount}`
      : events[events.length - 1].type !== "notice" ? `last event ${events[events.length - 1].type}`
      : null;
    if (why) failures.push(`stream ${i}: ${why}`); else complete++;
  }
  wide.destroy();
  ttfe.sort((a, b) => a - b);
  refused.sort((a, b) => a - b);

  // Every stream logged (entries are written after each stream ends), and each thread's version.
  let logged = new Set();
  let slowEntries = 0;
  const t0Log = Date.now();
  do {
    logged = new Set();
    slowEntries = 0;
    for (const to of targets) {
      const items = (await json(port, false, "GET", `${to.base}/actions/log?limit=500`)).items;
      const slow = items.filter((e) => e.request?.params?.action?.type === "slow");
      slowEntries += slow.length;
      for (const e of slow) if (Number.isInteger(e.request.params.action.payload?.stream)) logged.add(e.request.params.action.payload.stream);
    }
    if (logged.size >= STREAMS) break;
    await sleep(200);
  } while (Date.now() - t0Log < 10_000);
  let version = 0;
  const versionMismatch = [];
  for (const to of targets) {
    const v = (await json(port, false, "GET", `${to.base}/actions/thread`)).version;
    version += v;
    if (v !== to.sent) versionMismatch.push(`${to.base}: version ${v}, ${to.sent} actions sent`);
  }

  // ---------------------------------------------------------------- the report
  const pct = (xs, f) => fmt(q(xs, f));
  const evCounts = [...counts].map(([n, c]) => (counts.size > 1 ? `${n} (×${c})` : `${n}`)).join(", ");
  const st = statSync(path.resolve(root, BIN));
  console.log(`binary ${BIN} (${st.size} B, built ${st.mtime.toISOString().slice(0, 19)}Z), Node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg().map((x) => x.toFixed(2)).join(" ")} (at the end)`);
  console.log();
  console.log(`### 1. Round-trip, rule with no delay (\`select_flight\`: one \`set\`), sequential, one kept-alive connection`);
  console.log();
  console.log(`Warm-up ${WARMUP}, then ${RUNS} actions, alternating two flights. Events per answer: ${evCounts} (${kinds1.join(", ")}).`);
  console.log();
  console.log(`| measure | n | min | median | p95 | p99 | max |`);
  console.log(`|---|---|---|---|---|---|---|`);
  console.log(`| client: request sent → end of SSE body (ms) | ${times.length} | ${fmt(times[0])} | ${pct(times, 0.5)} | ${pct(times, 0.95)} | ${pct(times, 0.99)} | ${fmt(times[times.length - 1])} |`);
  if (compute.length) {
    console.log(`| server: log \`compute_ms\` (read + run + write), last ${compute.length} | ${compute.length} | ${fmt(compute[0])} | ${pct(compute, 0.5)} | ${pct(compute, 0.95)} | ${pct(compute, 0.99)} | ${fmt(compute[compute.length - 1])} |`);
  } else {
    failures.push("the log holds no select_flight entry");
  }
  console.log();
  console.log(`### 2. ${STREAMS} concurrent SSE streams (\`slow\`: progress, 1 s delay, streamed text, notice), one connection each, ${DESIGNS === 1 ? "all on one design's thread" : `round-robin over ${DESIGNS} designs (a thread each)`}`);
  console.log();
  console.log(`Reference run alone: ${refCount} events in ${fmt(ns2ms(ref.tEnd - ref.t0))} ms, first event after ${refTtfe === null ? "–" : fmt(refTtfe)} ms (${refKinds.join(", ")}).`);
  console.log();
  const statusText = [...statuses].map(([s, c]) => `${s} ×${c}`).join(", ");
  console.log(`| measure | value |`);
  console.log(`|---|---|`);
  console.log(`| streams opened | ${STREAMS} (status ${statusText}) |`);
  console.log(`| streams complete with every event | ${complete} |`);
  console.log(`| total events | ${totalEvents} (expected ${STREAMS * refCount}) |`);
  console.log(`| wall time, first request → last stream end | ${fmt(ns2ms(lastEnd - tStart))} ms (all settled ${fmt(ns2ms(tAll - tStart))} ms) |`);
  console.log(`| time to first event (streams answered 200): median / max | ${ttfe.length ? `${pct(ttfe, 0.5)} ms / ${fmt(ttfe[ttfe.length - 1])} ms` : "–"} |`);
  if (refused.length) console.log(`| refused (not 200): time to the answer, median / max | ${refused.length}: ${pct(refused, 0.5)} ms / ${fmt(refused[refused.length - 1])} ms; e.g. ${refusedSample.replaceAll("|", "\\|")} |`);
  console.log(`| log entries for the ${STREAMS} streams | ${logged.size} (\`slow\` entries in the last 500: ${slowEntries}, with the reference) |`);
  console.log(`| thread version / actions sent | ${version} / ${sent}${DESIGNS > 1 ? ` (summed over the ${DESIGNS} threads)` : ""} |`);
  const dropped = complete !== STREAMS || logged.size !== STREAMS || version !== sent || versionMismatch.length > 0;
  console.log();
  console.log(dropped ? `**Something was dropped.**` : `Nothing dropped: all ${STREAMS} streams complete, all logged, version = actions sent.`);
  if (logged.size !== STREAMS) failures.push(`${STREAMS - logged.size} of the ${STREAMS} streams have no log entry after 10 s`);
  failures.push(...versionMismatch);
  if (failures.length) {
    // Grouped: "stream N: why" lines with the same why are counted once.
    const groups = new Map();
    for (const f of failures) {
      const m = /^stream (\d+): (.*)$/s.exec(f);
      const key = m ? m[2] : f;
      if (!groups.has(key)) groups.set(key, []);
      if (m) groups.get(key).push(Number(m[1]));
    }
    console.error(`\n${failures.length} problem(s):`);
    for (const [why, streams] of groups) {
      const which = streams.length ? `${streams.length} stream(s) (${streams.slice(0, 8).join(", ")}${streams.length > 8 ? ", …" : ""}): ` : "";
      console.error(`  ${which}${why}`);
    }
  }
  return dropped || failures.length ? 1 : 0;
}

let code = 1;
try {
  code = await main();
} catch (e) {
  console.error(`actions.mjs: ${e.stack ?? e}`);
  try { const log = readFileSync(logFile, "utf8").trim(); if (log) console.error(`server log (tail):\n${log.split("\n").slice(-20).join("\n")}`); } catch {}
  code = 1;
} finally {
  await stop();
  cleanup();
}
process.exit(code);
