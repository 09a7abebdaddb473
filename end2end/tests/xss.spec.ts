import { test, expect, jsEnabled, hydrated } from "./fixtures";

// Hostile strings, fed into every string prop of a widget that uses every component.
const PAYLOADS = [
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "' onmouseover='alert(1)' x='",
  "javascript:alert(1)",
  "JaVaScRiPt:alert(1)",
  "red;background:url(javascript:alert(1))",
  "red;background-image:url(/leak)",
  "expression(alert(1))",
  "</style><script>alert(1)</script>",
  "}</style><style>*{background:url(/leak)}</style>",
  "[click](javascript:alert(1)) ![i](javascript:alert(1)) <a href=javascript:alert(1)>a</a>",
  "<svg onload=alert(1)><iframe src=javascript:alert(1)></iframe>",
  "data:text/html,<script>alert(1)</script>",
  "data:image/svg+xml,<svg onload=alert(1)>",
  "<details open ontoggle=alert(1)>",
  "{{7*7}} ${alert(1)} {% raw %}",
];

function everyComponent(p: string) {
  const opt = { label: p, value: p };
  return {
    type: "Card", background: p, status: { text: p, favicon: p }, confirm: { label: p, action: { type: p } },
    children: [
      { type: "Row", gap: p, padding: p, align: p, children: [
        { type: "Title", value: p, color: p, size: p },
        { type: "Text", value: p, color: p, width: p },
        { type: "Caption", value: p },
        { type: "Markdown", value: p },
        { type: "Badge", label: p, color: p },
      ] },
      { type: "Box", background: p, radius: p, width: p, height: p, margin: p, border: { size: 1, color: p, style: p }, aspectRatio: p, children: [
        { type: "Image", src: p, alt: p, fit: p, position: p },
        { type: "Icon", name: p, color: p },
        { type: "Button", label: p, iconStart: p, iconEnd: p, color: p, onClickAction: { type: p, payload: { x: p } } },
        { type: "Divider", color: p, spacing: p },
      ] },
      { type: "Form", onSubmitAction: { type: p }, children: [
        { type: "Label", value: p, fieldName: p },
        { type: "Input", name: p, placeholder: p, defaultValue: p, inputType: p },
        { type: "Textarea", name: p, placeholder: p, defaultValue: p },
        { type: "Select", name: p, placeholder: p, defaultValue: p, options: [opt] },
        { type: "DatePicker", name: p, defaultValue: p, min: p },
        { type: "Checkbox", name: p, label: p },
        { type: "RadioGroup", name: p, ariaLabel: p, options: [opt] },
      ] },
      { type: "Transition", children: { type: "Text", value: p, key: p } },
      { type: "Chart", xAxis: { dataKey: "x", labels: { [p]: p } }, data: [{ x: p, y: 1 }], height: p,
        series: [{ type: "bar", dataKey: "y", label: p, color: p }, { type: "line", dataKey: "y", label: p, color: { light: p, dark: p }, curveType: p }] },
    ],
  };
}

test("no widget value runs script or loads anything", async ({ page, baseURL }, info) => {
  test.setTimeout(120_000);
  const js = jsEnabled(info.project.name);
  const dialogs: string[] = [];
  const strayRequests: string[] = [];
  page.on("dialog", async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  const origin = new URL(baseURL!).origin;
  page.on("request", (r) => {
    const u = new URL(r.url());
    const ours = u.origin === origin && (u.pathname === "/preview" || u.pathname.startsWith("/pkg/") || u.pathname === "/favicon.svg" || u.pathname === "/api/preview");
    if (!ours && !r.url().startsWith("data:image/gif")) strayRequests.push(r.url());
  });

  for (const p of PAYLOADS) {
    const source = JSON.stringify(everyComponent(p));
    // Server-rendered (the page is built from the URL)…
    await page.goto(`/preview?theme=both&source=${encodeURIComponent(source)}`);
    if (js) await hydrated(page);
    await expect(page.locator(".ws-frame .wgt")).toHaveCount(2);
    await page.locator(".ws-frame .wgt-button").first().hover();
    await page.locator(".ws-frame .wgt-title").first().hover();
    if (js) {
      // …and rendered live in the browser after an edit.
      await page.getByTestId("source").fill(JSON.stringify(everyComponent(p + " ")));
      await expect(page.locator(".ws-frame .wgt-caption").first()).toContainText(p.trim());
      await expect(page.locator(".ws-frame .wgt-text").first()).toHaveText(p + " ", { useInnerText: true });
      await page.locator(".ws-frame .wgt-badge").first().hover();
    }
    // The payload shows as text, never as markup.
    await expect(page.locator(".ws-frame .wgt-caption").first()).toContainText(p.trim());
    expect(await page.locator(".ws-frame script, .ws-frame iframe, .ws-frame [onerror], .ws-frame [onload], .ws-frame [onmouseover], .ws-frame [ontoggle]").count()).toBe(0);
  }
  await page.waitForTimeout(300);
  expect(dialogs, "dialogs opened").toEqual([]);
  expect(strayRequests, "requests that left the page").toEqual([]);
});
