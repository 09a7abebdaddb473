import { defineConfig } from "@playwright/test";
import path from "node:path";

// Every spec runs twice: once with JavaScript (the hydrated app) and once
// without (the server-rendered pages must work on their own).
const root = path.resolve(__dirname, "..");
const port = Number(process.env.E2E_PORT ?? 3100);
// The studio under test: `make test` builds a dev server (`make test-site`); after `make site`,
// E2E_BIN=target/release/widget-studio runs the suite against the release build.
const bin = process.env.E2E_BIN ?? "target/release/widget-studio";
const baseURL = `http://127.0.0.1:${port}`;
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "./tests",
  outputDir: "./test-results",
  // Golden images are shared by both projects and committed.
  snapshotPathTemplate: "{testDir}/__golden__/{arg}{ext}",
  timeout: 30_000,
  expect: { timeout: 5_000 },
  // One worker: the tests are bound by this machine's two cores, so a second worker made each
  // test 1.7 times slower and the suite only a tenth faster (7.4 minutes against 8.3), with
  // the timing-sensitive specs (actions' delays and streams) nearer their limits; a third
  // made those fail. E2E_WORKERS=2 runs two for a quick local pass.
  fullyParallel: false,
  workers: Number(process.env.E2E_WORKERS) || 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL,
    launchOptions: {
      executablePath: chromium,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [
    { name: "js", use: { javaScriptEnabled: true } },
    { name: "no-js", use: { javaScriptEnabled: false } },
  ],
  webServer: [
    {
      // A fresh database for every run, under end2end/.tmp.
      command:
        `rm -rf end2end/.tmp && mkdir -p end2end/.tmp && ` +
        `exec ${bin} serve --addr 127.0.0.1:${port} --database-url sqlite://end2end/.tmp/e2e.db`,
      cwd: root,
      url: `${baseURL}/healthz`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "ignore",
      stderr: "pipe",
      env: { LEPTOS_SITE_ROOT: path.join(root, "target/site"), RUST_LOG: "warn" },
    },
    {
      // A second studio that requires a token for writes (auth.spec.ts).
      command:
        `mkdir -p end2end/.tmp-auth && rm -f end2end/.tmp-auth/e2e.db* && ` +
        `exec ${bin} serve --addr 127.0.0.1:${port + 1} --database-url sqlite://end2end/.tmp-auth/e2e.db`,
      cwd: root,
      url: `http://127.0.0.1:${port + 1}/healthz`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "ignore",
      stderr: "pipe",
      env: {
        LEPTOS_SITE_ROOT: path.join(root, "target/site"),
        RUST_LOG: "warn",
        WIDGET_STUDIO_TOKEN: "e2e-studio-token",
      },
    },
  ],
});
