import { test as base, expect, Page } from "@playwright/test";

/** Every test fails if the page logs a console error or throws, or if an island is left
 *  without its wasm (a page with a heavy island given the light bundle: app/src/bundle.rs). */
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on("console", (msg) => {
        if (msg.type() === "error") errors.push(msg.text());
        else if (msg.text().includes("Could not find WASM function")) errors.push(msg.text());
      });
      page.on("pageerror", (err) => errors.push(String(err)));
      await use(errors);
      expect(errors, "console errors").toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };

export const jsEnabled = (projectName: string) => projectName === "js";

/** Waits until the wasm bundle has hydrated the page (JS project only). */
export async function hydrated(page: Page) {
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true", { timeout: 15_000 });
}
