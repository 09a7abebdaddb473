import { test, expect, jsEnabled, hydrated } from "./fixtures";

test("home page renders, hydrates when JS is on, and has no console errors", async ({ page }, info) => {
  const resp = await page.goto("/");
  expect(resp?.status()).toBe(200);
  await expect(page).toHaveTitle("Widget Studio");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Design chat widgets");
  // The first Tab stop skips the header's links, to the page itself.
  await page.keyboard.press("Tab");
  await expect(page.getByTestId("skip-link")).toBeFocused();
  await expect(page.getByTestId("skip-link")).toBeVisible();
  await page.keyboard.press("Enter");
  await expect(page.locator("#ws-main")).toBeFocused();
  if (jsEnabled(info.project.name)) {
    await hydrated(page);
  } else {
    await expect(page.locator("body")).not.toHaveAttribute("data-hydrated", "true");
  }
  await page.screenshot({ path: info.outputPath("home.png"), fullPage: true });
});

test("theme toggle switches to dark and the choice survives a reload", async ({ page, context }, info) => {
  await page.goto("/");
  const html = page.locator("html");
  await expect(html).not.toHaveClass(/dark/);
  await expect(page.getByTestId("theme-toggle")).toHaveText("Dark theme", { useInnerText: true });

  if (jsEnabled(info.project.name)) {
    await hydrated(page);
    // A marker on window survives only if the toggle works in place, via wasm.
    await page.evaluate(() => ((window as any).__noReload = true));
    await page.getByTestId("theme-toggle").click();
    await expect(html).toHaveClass(/dark/);
    expect(await page.evaluate(() => (window as any).__noReload)).toBe(true);
  } else {
    // Without JavaScript the toggle is a form POST answered with a redirect.
    await Promise.all([page.waitForURL("/"), page.getByTestId("theme-toggle").click()]);
    await expect(html).toHaveClass(/dark/);
  }
  await expect(page.getByTestId("theme-toggle")).toHaveText("Light theme", { useInnerText: true });
  await page.screenshot({ path: info.outputPath("home-dark.png"), fullPage: true });

  // No flash of the wrong theme: the server's first HTML already says dark.
  const cookies = await context.cookies();
  expect(cookies.find((c) => c.name === "ws_theme")?.value).toBe("dark");
  const raw = await (await page.request.get("/")).text();
  expect(raw).toMatch(/<html[^>]*class="dark"/);

  await page.reload();
  await expect(html).toHaveClass(/dark/);
});

test("unknown pages answer 404 with a page that leads home", async ({ page, consoleErrors }) => {
  const resp = await page.goto("/no/such/page");
  expect(resp?.status()).toBe(404);
  // Chromium logs the document's own 404 status as a console error; that one is expected.
  const expected = /Failed to load resource: the server responded with a status of 404/;
  consoleErrors.splice(0, consoleErrors.length, ...consoleErrors.filter((e) => !expected.test(e)));
  await expect(page.getByTestId("not-found")).toContainText("Page not found");
  await page.getByRole("link", { name: "Back to the studio" }).click();
  await expect(page).toHaveURL("/");
});

test("healthz reports the version and the database", async ({ request }) => {
  const resp = await request.get("/healthz");
  expect(resp.status()).toBe(200);
  const body = await resp.json();
  expect(body.status).toBe("ok");
  expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
  expect(body.database.status).toBe("ok");
});

test("pages load the light wasm bundle, the preview and bench pages the live one, the editor the full one", async ({ page }, info) => {
  test.skip(!jsEnabled(info.project.name), "wasm is loaded only with JavaScript");
  const wasm: string[] = [];
  page.on("request", (r) => {
    const path = new URL(r.url()).pathname;
    if (path.endsWith(".wasm")) wasm.push(path);
  });
  const cases: [string, string][] = [
    ["/", "/pkg/widget-studio-lite.wasm"],
    ["/gallery", "/pkg/widget-studio-lite.wasm"],
    ["/components", "/pkg/widget-studio-lite.wasm"],
    ["/designs", "/pkg/widget-studio-lite.wasm"],
    ["/preview", "/pkg/widget-studio-live.wasm"],
    ["/bench", "/pkg/widget-studio-live.wasm"],
    ["/new", "/pkg/widget-studio-lite.wasm"],
  ];
  const doc = { name: "Bundles", kind: "jsx", source: '<Card>\n  <Text value="Hi" />\n</Card>' };
  const created = await page.request.post("/api/designs", { data: { document: doc } });
  expect(created.status()).toBe(201);
  const { id } = await created.json();
  cases.push([`/designs/${id}/edit`, "/pkg/widget-studio.wasm"]);
  // What the browser was sent: the brotli copy (scripts/precompress.mjs).
  const encodings: Record<string, string | undefined> = {};
  page.on("response", (r) => {
    const path = new URL(r.url()).pathname;
    if (path.endsWith(".wasm")) encodings[path] = r.headers()["content-encoding"];
  });
  const sizes: Record<string, number> = {};
  for (const [path, bundle] of cases) {
    wasm.length = 0;
    await page.goto(path);
    await hydrated(page);
    expect(wasm, path).toEqual([bundle]);
    expect(encodings[bundle], bundle).toBe("br");
    if (!(bundle in sizes)) sizes[bundle] = (await (await page.request.get(bundle)).body()).length;
  }
  // The light bundle leaves the editor, the widget language and the renderer out; the live one
  // only the editor.
  expect(sizes["/pkg/widget-studio-lite.wasm"] * 4).toBeLessThan(sizes["/pkg/widget-studio-live.wasm"]);
  expect(sizes["/pkg/widget-studio-live.wasm"] * 1.2).toBeLessThan(sizes["/pkg/widget-studio.wasm"]);
  // A light page's island works: the theme toggle switches in place.
  // (The preview's and the editor's islands working is what their own specs check.)
  await page.goto("/gallery");
  await hydrated(page);
  await page.getByTestId("theme-toggle").click();
  await expect(page.locator("html")).toHaveClass(/dark/);
});

test("the wasm bundles, the CSS and the editor's JavaScript go over the wire compressed", async ({ request }) => {
  const paths = [
    "/pkg/widget-studio.wasm",
    "/pkg/widget-studio-live.wasm",
    "/pkg/widget-studio-lite.wasm",
    "/pkg/widget-studio.css",
    "/js/editor.js",
  ];
  for (const path of paths) {
    const plain = await request.get(path, { headers: { "accept-encoding": "identity" } });
    expect(plain.status(), path).toBe(200);
    expect(plain.headers()["content-encoding"], path).toBeUndefined();
    expect(plain.headers()["vary"] ?? "", path).toMatch(/accept-encoding/i);
    const raw = await plain.body();
    for (const [accept, encoding] of [["br", "br"], ["gzip", "gzip"], ["gzip, deflate, br", "br"]]) {
      const r = await request.get(path, { headers: { "accept-encoding": accept } });
      expect(r.status(), `${path} ${accept}`).toBe(200);
      expect(r.headers()["content-encoding"], `${path} ${accept}`).toBe(encoding);
      expect(r.headers()["content-type"], `${path} ${accept}`).toBe(plain.headers()["content-type"]);
      expect(r.headers()["vary"] ?? "", `${path} ${accept}`).toMatch(/accept-encoding/i);
      // Sent smaller, and the same bytes once decoded.
      expect(Number(r.headers()["content-length"]), `${path} ${accept}`).toBeLessThan(raw.length * 0.95);
      expect((await r.body()).equals(raw), `${path} ${accept}`).toBe(true);
    }
  }
  expect((await request.get("/pkg/widget-studio.wasm")).headers()["content-type"]).toBe("application/wasm");
});
