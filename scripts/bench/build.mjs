#!/usr/bin/env node
// Live-preview benchmark in the browser: a design's source → parse → evaluate → validate →
// render → painted preview, all in wasm, in headless Chromium. For every corpus `.widget` file
// (its JSX view and default state) and for a generated 500-node JSX view.
//
//   make site && node scripts/bench/build.mjs [--runs N]
//
// Drives the "Build and render" button of /bench. Per sample: put the source in place, wait for
// a frame, then time click → build → DOM → the frame after the next paint. The page also
// reports the median of 21 builds without the DOM (parse + evaluate + validate + render).
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import net from "node:net";
import { chromium } from "playwright-core";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const runsArg = process.argv.indexOf("--runs");
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 30;
const corpus = path.resolve(root, process.env.WIDGET_STUDIO_SHARED ?? "../shared", "corpus");

// A JSX view that evaluates to about `n` nodes: a Card of rows from a `.map` over the data.
function bigView(n) {
  const rows = Math.max(1, Math.round((n - 1) / 8));
  const items = Array.from({ length: rows }, (_, i) => ({ title: `Item ${i}: a line of text`, caption: `Caption ${i}`, tag: `#${i}` }));
  const source = `<Card>
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
</Card>`;
  return { name: `generated ${1 + rows * 8}-node view`, text: JSON.stringify({ name: "big", kind: "jsx", source, default_state: { items } }) };
}

const freePort = () => new Promise((res) => { const s = net.createServer(); s.listen(0, "127.0.0.1", () => { const p = s.address().port; s.close(() => res(p)); }); });
const stats = (xs) => { const s = [...xs].sort((a, b) => a - b); const q = (f) => s[Math.min(s.length - 1, Math.floor(f * s.length))]; return { median: q(0.5), p95: q(0.95) }; };

const cases = readdirSync(corpus).filter((f) => f.endsWith(".widget")).sort()
  .map((f) => ({ name: f, text: readFileSync(path.join(corpus, f), "utf8") }));
cases.push(bigView(500));

const port = await freePort();
const dir = mkdtempSync(path.join(tmpdir(), "ws-bench-"));
const server = spawn(path.join(root, "target/release/widget-studio"), ["serve", "--addr", `127.0.0.1:${port}`, "--database-url", `sqlite://${dir}/bench.db`], {
  cwd: root, env: { ...process.env, LEPTOS_SITE_ROOT: path.join(root, "target/site"), RUST_LOG: "warn" }, stdio: "ignore",
});
try {
  for (let i = 0; i < 100; i++) {
    try { if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break; } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run",
      "--disable-frame-rate-limit", "--disable-gpu-vsync"] });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`http://127.0.0.1:${port}/bench`);
  await page.waitForSelector("body[data-hydrated=true]");
  const version = await page.evaluate(() => navigator.userAgent.match(/Chrome\/[\d.]+/)?.[0]);
  const time = (text) => page.evaluate(async (text) => {
    const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    const target = document.getElementById("bench-target");
    target.innerHTML = "";
    target.removeAttribute("data-build-ms");
    document.getElementById("bench-source").value = text;
    await frame();
    const t0 = performance.now();
    document.getElementById("bench-build").click();
    const tDom = performance.now();
    await frame();
    const t = performance.now() - t0;
    if (!target.querySelector(".wgt-card, .wgt-listview, .wgt-basic")) throw new Error(document.getElementById("bench-status").textContent);
    return [t, Number(target.getAttribute("data-build-ms")), Number(target.getAttribute("data-dom-ms")), tDom - t0];
  }, text);
  console.log(`Live preview in wasm: source → parse → evaluate → validate → render → paint, headless ${version}, ${RUNS} runs\n`);
  console.log("| design | build alone (parse+evaluate+validate+render), median | click → painted preview, median (p95) | runs |");
  console.log("|---|---|---|---|");
  for (const c of cases) {
    // Template-only designs (hand-written Jinja, no view) are built on the server, not in wasm.
    try { await time(c.text); } catch (e) {
      if (!String(e).includes("built on the server")) throw e;
      console.log(`| ${c.name} | template-only: built on the server | – | – |`);
      continue;
    }
    for (let i = 0; i < 2; i++) await time(c.text);
    const paint = [], build = [];
    for (let i = 0; i < RUNS; i++) { const [p, b] = await time(c.text); paint.push(p); build.push(b); }
    const sp = stats(paint), sb = stats(build);
    console.log(`| ${c.name} | ${sb.median.toFixed(3)} ms | ${sp.median.toFixed(1)} ms (p95 ${sp.p95.toFixed(1)}) | ${RUNS} |`);
  }
  await browser.close();
} finally {
  server.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
}
