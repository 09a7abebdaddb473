import { test, expect, jsEnabled, hydrated } from "./fixtures";

// Golden images of every component example in both themes, compared with a small tolerance.
// Regenerate after an intended visual change with `make golden` and review the diff.
test("every component example matches its golden image in both themes", async ({ page }, info) => {
  test.skip(!jsEnabled(info.project.name), "the server HTML is identical; one run is enough");
  await page.setViewportSize({ width: 1100, height: 900 });
  await page.goto("/components");
  await hydrated(page);
  const names = await page.getByTestId("component-nav").locator("a").allInnerTexts();
  expect(names).toHaveLength(30);
  for (const name of names) {
    for (const theme of ["light", "dark"]) {
      const example = page.getByTestId(`component-${name}`).getByTestId(`example-${theme}`);
      await example.scrollIntoViewIfNeeded();
      await expect.soft(example).toHaveScreenshot(`${name}-${theme}.png`, {
        animations: "disabled",
        caret: "hide",
        maxDiffPixelRatio: 0.01,
      });
    }
  }
});
