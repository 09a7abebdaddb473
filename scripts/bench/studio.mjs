// Shared by the browser benchmarks: start the release studio on a free loopback port with a
// temporary database, open headless Chromium on a page, and summarise timings.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import net from "node:net";
import { chromium } from "playwright-core";

export const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");

/** Median, p95 and minimum of a list of numbers. */
export const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (f) => s[Math.min(s.length - 1, Math.floor(f * s.length))];
  return { median: q(0.5), p95: q(0.95), min: s[0] };
};

const freePort = () => new Promise((res) => { const s = net.createServer(); s.listen(0, "127.0.0.1", () => { const p = s.address().port; s.close(() => res(p)); }); });

/**
 * Runs `body(page, base)` against target/release/widget-studio (or `$BENCH_BIN`) serving
 * target/site (or `$BENCH_SITE`), with `pagePath` open and hydrated, then stops the server and
 * removes its database.
 */
export async function withStudio(pagePath, body) {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), "ws-bench-"));
  const server = spawn(path.resolve(root, process.env.BENCH_BIN ?? "target/release/widget-studio"), ["serve", "--addr", `127.0.0.1:${port}`, "--database-url", `sqlite://${dir}/bench.db`], {
    cwd: root, env: { ...process.env, LEPTOS_SITE_ROOT: process.env.BENCH_SITE ?? path.join(root, "target/site"), RUST_LOG: "warn" }, stdio: "ignore",
  });
  try {
    for (let i = 0; i < 100; i++) {
      try { if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break; } catch {}
      await new Promise((r) => setTimeout(r, 100));
    }
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run",
        // Frames as soon as they are ready, so a measurement does not include waiting for vsync.
        "--disable-frame-rate-limit", "--disable-gpu-vsync"] });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(`http://127.0.0.1:${port}${pagePath}`);
      await page.waitForSelector("body[data-hydrated=true]");
      return await body(page);
    } finally {
      await browser.close();
    }
  } finally {
    server.kill("SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A design whose JSX view evaluates to about `n` preview nodes: a Card of rows from a `.map` over
 * the state, optionally headed by a Title (something a keystroke can change).
 */
export function bigDesign(n, { title = false } = {}) {
  const rows = Math.max(1, Math.round((n - 1 - (title ? 1 : 0)) / 8));
  const items = Array.from({ length: rows }, (_, i) => ({ title: `Item ${i}: a line of text`, caption: `Caption ${i}`, tag: `#${i}` }));
  const source = `<Card>${title ? '\n  <Title value="Items" />' : ""}
  {items.map((item, i) => (
    <Row key={item.tag} gap={2} align="center">
      <Icon name="star" color="warning" />
      <Col gap={0}>
        <Text value={item.title} weight="semibold" />
        <Caption value={item.caption} />
      </Col>
      <Spacer />
      <Badge label={item.tag} color="info" />
      <Button label="Open" size="sm" onClickAction={{ type: "open", payload: { i } }} />
    </Row>
  ))}
</Card>
`;
  return { nodes: 1 + (title ? 1 : 0) + rows * 8, design: { name: "big", kind: "jsx", source, default_state: { items } } };
}


/** Creates `bigDesign(n, { title: true })` and opens its editor (light theme), code editor loaded. */
export async function openBigEditor(page, n = 500) {
  const base = new URL(page.url()).origin;
  const created = await (await fetch(`${base}/api/designs`, {
    method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify({ document: bigDesign(n, { title: true }).design }),
  })).json();
  await page.goto(`${base}/designs/${created.id}/edit?theme=light`);
  await page.waitForSelector("body[data-hydrated=true]");
  await page.waitForSelector('[data-testid="code-host"][data-loaded="true"]');
}

/** Puts the code editor's cursor inside "Items", the Title's value on line 2. */
export async function cursorInTitle(page) {
  await page.locator(".cm-content").click();
  await page.keyboard.press("Control+Home");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("End");
  for (let i = 0; i < 4; i++) await page.keyboard.press("ArrowLeft");
}

/** A CPU profile's time (ms) by function ("name file:line"): `self` and inclusive (`incl`). */
/** Runs `body` with Chrome's CPU profiler on (sampling every 100 µs) and returns the profile. */
export async function cpuProfile(page, body) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 100 });
  await cdp.send("Profiler.start");
  await body();
  const { profile } = await cdp.send("Profiler.stop");
  return profile;
}

export function profileTimes(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const key = (f) => `${f.functionName || "(anon)"} ${f.url.split("/").pop()}:${f.lineNumber}`;
  const self = new Map();
  const incl = new Map();
  profile.samples.forEach((id, i) => {
    const d = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const k = key(byId.get(id).callFrame);
    self.set(k, (self.get(k) ?? 0) + d);
    const seen = new Set();
    for (let cur = id; cur; cur = parent.get(cur)) {
      const kk = key(byId.get(cur).callFrame);
      if (!seen.has(kk)) { seen.add(kk); incl.set(kk, (incl.get(kk) ?? 0) + d); }
    }
  });
  return { self, incl };
}

/** The `n` largest entries of a profileTimes map, one per line, divided by `per` (with `unit`). */
export function topLines(map, n, per = 1, unit = "ms", filter = () => true) {
  return [...map].filter(([k]) => filter(k)).sort((a, b) => b[1] - a[1]).slice(0, n)
    .map(([k, v]) => `${(v / per).toFixed(2).padStart(8)} ${unit} ${k.replace(/::h[0-9a-f]{16}/, "")}`).join("\n");
}
