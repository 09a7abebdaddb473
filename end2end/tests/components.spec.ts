import { test, expect, jsEnabled, hydrated } from "./fixtures";

test("the component reference shows every component in both themes with its props", async ({ page }, info) => {
  const resp = await page.goto("/components");
  expect(resp?.status()).toBe(200);
  await expect(page).toHaveTitle("Components · Widget Studio");
  if (jsEnabled(info.project.name)) await hydrated(page);

  const names = await page.getByTestId("component-nav").locator("a").allInnerTexts();
  expect(names).toHaveLength(30);
  for (const name of ["Card", "ListView", "Basic", "Button", "Select", "Chart", "ListViewItem", "Table", "Table.Row", "Table.Cell"]) {
    expect(names).toContain(name);
    const section = page.getByTestId(`component-${name}`);
    await expect(section.getByRole("heading", { level: 2 })).toHaveText(name);
    await expect(section.getByTestId("example-light").locator(".wgt[data-theme=light]")).toHaveCount(1);
    await expect(section.getByTestId("example-dark").locator(".wgt[data-theme=dark]")).toHaveCount(1);
    expect(await section.locator("tbody tr").count()).toBeGreaterThan(1);
  }
  // The Button example renders real buttons; the ListView example hides rows behind "show more".
  await expect(page.getByTestId("component-Button").getByTestId("example-light").getByRole("button", { name: "Primary" })).toBeVisible();
  const list = page.getByTestId("component-ListView").getByTestId("example-light");
  await expect(list.getByText("Third row")).toBeHidden();
  await list.getByText("Show 1 more").click();
  await expect(list.getByText("Third row")).toBeVisible();

  // Table (ChatKit.js 1.7.0) is a real table in both themes: header cells, a total spanning two
  // columns, and a note that it needs the chatkit-js target.
  const table = page.getByTestId("component-Table");
  await expect(table.getByTestId("component-target")).toContainText("Target chatkit-js only");
  for (const theme of ["light", "dark"]) {
    const ex = table.getByTestId(`example-${theme}`);
    await expect(ex.locator(`.wgt[data-theme=${theme}] table.wgt-table`)).toHaveCount(1);
    await expect(ex.locator("thead th")).toHaveText(["Item", "Qty", "Price"]);
    await expect(ex.locator("tbody tr")).toHaveCount(2);
    await expect(ex.locator('tbody td[colspan="2"]')).toHaveText("Total");
    await expect(ex.getByRole("columnheader", { name: "Price" })).toBeVisible();
  }

  await page.getByTestId("component-Card").scrollIntoViewIfNeeded();
  await page.screenshot({ path: info.outputPath("components-card.png") });
});
