import { test, expect, jsEnabled, hydrated } from "./fixtures";
import type { APIRequestContext, Page } from "@playwright/test";

// The second studio of playwright.config.ts runs with WIDGET_STUDIO_TOKEN=e2e-studio-token, so
// everything but the login page and share links needs sign-in. Users are made with that token
// (an admin) through the REST API; each project (js, no-js) makes its own.
const port = Number(process.env.E2E_PORT ?? 3100) + 1;
const studio = `http://127.0.0.1:${port}`;
const admin = { Authorization: "Bearer e2e-studio-token" };
const source = '{"type": "Card", "children": [{"type": "Text", "value": "Team card"}]}';
// The browser logs refused fetches; those the tests provoke are expected.
const refused = /Failed to load resource: the server responded with a status of (401|403)/;

async function addUser(request: APIRequestContext, name: string, role: string, password: string) {
  // The first user must be an admin (otherwise nobody could manage users once sign-in is on).
  if (role !== "admin") await addUser(request, "root", "admin", "root password 12");
  const r = await request.post(`${studio}/api/users`, { headers: admin, data: { name, role, password } });
  expect([201, 409], await r.text()).toContain(r.status());
}

async function makeDesign(request: APIRequestContext, name: string) {
  const r = await request.post(`${studio}/api/designs`, { headers: admin, data: { document: { name, kind: "json", source } } });
  expect(r.status()).toBe(201);
  return (await r.json()).id as string;
}

async function signIn(page: Page, name: string, password: string, next = "/designs") {
  await page.goto(`${studio}/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await Promise.all([page.waitForURL(`${studio}${next}`), page.getByRole("button", { name: "Sign in" }).click()]);
  await expect(page.getByTestId("signed-in")).toContainText(name);
}

const who = (project: string) => project.replace("-", "");

test("an anonymous visitor reaches the login page from every studio URL, and a share link still renders", async ({ page, request }, info) => {
  const id = await makeDesign(request, `Shared ${info.project.name}`);
  const share = await request.post(`${studio}/api/designs/${id}/shares`, { headers: admin, data: {} });
  expect(share.status()).toBe(201);
  const token = (await share.json()).token as string;
  for (const path of ["/", "/designs", `/designs/${id}`, `/designs/${id}/edit`, "/preview", "/components", "/gallery", "/new?kind=card", "/settings/users"]) {
    await page.goto(`${studio}${path}`);
    await expect(page, path).toHaveURL(`${studio}/login?next=${encodeURIComponent(path)}`);
    await expect(page.getByTestId("login-user")).toBeVisible();
  }
  // The API answers 401, the share link draws the design (with JavaScript off in the no-js run).
  expect((await request.get(`${studio}/api/designs`)).status()).toBe(401);
  await page.goto(`${studio}/s/${token}`);
  await expect(page.locator(".ws-frame .wgt-text").first()).toHaveText("Team card");
  await expect(page.getByTestId("signed-in")).toHaveCount(0);
});

test("a viewer reads and previews but sees no Save button, and a save forced through the API gets 403", async ({ page, request, consoleErrors }, info) => {
  const name = `vera${who(info.project.name)}`;
  await addUser(request, name, "viewer", "viewer password 1");
  const id = await makeDesign(request, `Viewed ${info.project.name}`);
  // A wrong password: said, and the name stays in its box (the password does not).
  await page.goto(`${studio}/login`);
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Password", { exact: true }).fill("not the password");
  await Promise.all([page.waitForURL(/error=user/), page.getByRole("button", { name: "Sign in" }).click()]);
  await expect(page.getByRole("alert")).toContainText("That name and password are not right.");
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue(name);
  await expect(page.getByLabel("Password", { exact: true })).toHaveValue("");
  await signIn(page, name, "viewer password 1");
  await expect(page.getByTestId("signed-in-role")).toHaveText(" (viewer)");
  // No way to create, nor to manage users.
  await page.goto(`${studio}/`);
  await expect(page.getByTestId("new-card")).toHaveCount(0);
  await expect(page.getByTestId("settings-link")).toHaveCount(0);
  // The editor draws the design, says why there is no Save button, and offers no share form.
  await page.goto(`${studio}/designs/${id}/edit`);
  if (jsEnabled(info.project.name)) await hydrated(page);
  await expect(page.locator(".ws-frame .wgt-text").first()).toHaveText("Team card");
  await expect(page.getByTestId("save")).toHaveCount(0);
  await expect(page.getByTestId("read-only")).toContainText("viewer role");
  await expect(page.getByTestId("share-form")).toHaveCount(0);
  await page.screenshot({ path: info.outputPath("viewer-editor.png") });
  if (jsEnabled(info.project.name)) {
    // Ctrl+S says why instead of saving.
    await expect(page.getByTestId("code-host")).toHaveAttribute("data-loaded", "true", { timeout: 15_000 });
    await page.keyboard.press("Control+S");
    await expect(page.getByTestId("save-error")).toContainText("saving needs the editor role");
    // The Actions panel says up front that trying actions needs the editor role, and a click
    // there says so rather than asking the server (which said "POST /api/designs/{id}/…").
    await page.getByTestId("actions-panel").locator("> summary").click();
    await expect(page.getByTestId("actions-viewer")).toContainText("Trying actions needs the editor role");
    await expect(page.getByTestId("actions-example")).toBeHidden();
    await expect(page.getByTestId("actions-rules")).toHaveAttribute("readonly", "");
  }
  // A save forced through the API, with the session and its CSRF token: 403.
  const csrf = (await page.context().cookies(studio)).find((c) => c.name === "ws_csrf")!.value;
  const forced = await page.request.put(`${studio}/api/designs/${id}`, {
    headers: { "x-csrf-token": csrf },
    data: { base_revision: 1, document: { name: "Forced", kind: "json", source } },
  });
  expect(forced.status()).toBe(403);
  expect((await forced.json()).error.message).toContain("viewer");
  expect((await forced.json()).error.message).toContain(`PUT /api/designs/${id} needs the editor role`);
  // The settings page is the admin's: a page that says so and leads on (it was raw JSON).
  expect((await page.request.get(`${studio}/settings/users`)).status()).toBe(403);
  await page.goto(`${studio}/settings/users`);
  await expect(page.getByTestId("role-refused")).toContainText("needs the admin role or higher");
  await expect(page.getByRole("link", { name: "Designs" })).toBeVisible();
  // Nor a new design: /new says what creating one needs (it was a heading over nothing).
  await page.goto(`${studio}/new`);
  await expect(page.getByTestId("new-needs-editor")).toContainText("needs the editor role");
  consoleErrors.splice(0, consoleErrors.length, ...consoleErrors.filter((e) => !refused.test(e)));
});

test("an editor saves, history shows their name, and signing out ends the session", async ({ page, request }, info) => {
  const name = `ed${who(info.project.name)}`;
  await addUser(request, name, "editor", "editor password 1");
  const id = await makeDesign(request, `Edited ${info.project.name}`);
  await signIn(page, name, "editor password 1", `/designs/${id}/edit`);
  await expect(page.getByTestId("signed-in-role")).toHaveText(" (editor)");
  const details = page.getByTestId("details");
  await details.locator("summary").click();
  if (jsEnabled(info.project.name)) {
    await expect(page.getByTestId("code-host")).toHaveAttribute("data-loaded", "true", { timeout: 15_000 });
  }
  await page.getByTestId("detail-name").fill(`Edited by ${name}`);
  await page.getByTestId("message").fill("renamed by the editor");
  if (jsEnabled(info.project.name)) {
    await page.getByTestId("save").click();
    await expect(page.getByTestId("save-state")).toHaveText("Saved revision 2");
  } else {
    await page.getByTestId("save").click();
    await expect(page).toHaveURL(/\?saved=2$/);
  }
  // History names the author of each revision: the studio's token made it, the editor saved.
  await page.goto(`${studio}/designs/${id}`);
  const rows = page.getByTestId("revision-row");
  await expect(rows.filter({ hasText: "renamed by the editor" })).toContainText(`· ${name}`);
  await expect(rows.last()).toContainText("· token");
  // The diff between them names both authors, and the header who saved last.
  await page.goto(`${studio}/designs/${id}?from=1&to=2#diff`);
  await expect(page.getByTestId("diff-authors")).toContainText(`Revision 1: `);
  await expect(page.getByTestId("diff-authors")).toContainText(` by token. Revision 2: `);
  await expect(page.getByTestId("diff-authors")).toContainText(` by ${name}.`);
  await expect(page.getByText(`by ${name} · created`)).toBeVisible();
  // The designs list says who saved last.
  await page.goto(`${studio}/designs`);
  await expect(page.getByTestId("design-row").filter({ hasText: `Edited by ${name}` })).toContainText(name);
  // Signing out: the login page, and the studio is closed again.
  await Promise.all([page.waitForURL(`${studio}/login`), page.getByRole("button", { name: "Sign out" }).click()]);
  await page.goto(`${studio}/designs`);
  await expect(page).toHaveURL(`${studio}/login?next=%2Fdesigns`);
});

test("an admin manages users and tokens on /settings/users, and a made password is shown once", async ({ page, request, consoleErrors }, info) => {
  const name = `amy${who(info.project.name)}`;
  await addUser(request, "root", "admin", "root password 12");
  // Signed in with the studio's token: an admin.
  await page.goto(`${studio}/login?next=/settings/users`);
  await page.getByLabel("Studio token").fill("e2e-studio-token");
  await Promise.all([page.waitForURL(`${studio}/settings/users`), page.getByRole("button", { name: "Use the studio token" }).click()]);
  await expect(page.getByRole("heading", { name: "Users and tokens" })).toBeVisible();

  // Add a user without a password: the studio makes one and shows it once.
  const add = page.getByTestId("add-user");
  await add.getByTestId("new-name").fill(name);
  await add.getByTestId("new-role").selectOption("viewer");
  await add.getByTestId("add-user-submit").click();
  await expect(page.getByTestId("notice")).toContainText(`Added ${name} as viewer.`);
  // The notice, with the one-time password, takes the focus (it was left on the page's body).
  await expect(page.getByTestId("notice")).toBeFocused();
  const password = (await page.getByTestId("secret").textContent())!.trim();
  expect(password.length).toBeGreaterThanOrEqual(12);
  const row = page.locator(`[data-testid="user-row"][data-name="${name}"]`);
  await expect(row).toBeVisible();
  if (jsEnabled(info.project.name)) await page.screenshot({ path: "docs/screenshots/settings-users.png", fullPage: true });
  await page.goto(`${studio}/settings/users`);
  await expect(page.getByTestId("secret")).toHaveCount(0);

  // Make them an editor.
  await row.getByTestId("user-role").selectOption("editor");
  await row.getByTestId("set-role").click();
  await expect(page.getByTestId("notice")).toContainText(`${name} is now editor`);
  await expect(row.getByTestId("user-role")).toHaveValue("editor");

  // A bad form changes nothing and says why.
  await add.getByTestId("new-name").fill(name);
  await add.getByTestId("add-user-submit").click();
  await expect(page.getByTestId("form-error")).toContainText(`there is already a user "${name}"`);

  // A token for the new user (signed in with the studio's token, the form names the owner).
  const make = page.getByTestId("make-token");
  await make.getByTestId("token-user").selectOption(name);
  await make.getByTestId("token-name").fill(`CI ${info.project.name}`);
  await make.getByTestId("token-days").fill("7");
  await make.getByTestId("make-token-submit").click();
  await expect(page.getByTestId("notice")).toContainText(`Made the token "CI ${info.project.name}" for ${name}`);
  const token = (await page.getByTestId("secret").textContent())!.trim();
  expect(token).toMatch(/^wsp_/);
  expect((await request.get(`${studio}/api/designs`, { headers: { Authorization: `Bearer ${token}` } })).status()).toBe(200);
  // Revoke it: it stops working.
  const tokenRow = page.locator(`[data-testid="token-row"][data-name="CI ${info.project.name}"]`);
  await tokenRow.getByTestId("revoke-token").click();
  await expect(page.getByTestId("notice")).toContainText("Revoked the token");
  await expect(tokenRow.getByTestId("token-revoked")).toBeVisible();
  expect((await request.get(`${studio}/api/designs`, { headers: { Authorization: `Bearer ${token}` } })).status()).toBe(401);

  // The user signs in elsewhere with the shown password; removing them ends that session.
  const other = await page.context().browser()!.newContext({ javaScriptEnabled: jsEnabled(info.project.name) });
  const theirs = await other.newPage();
  await signIn(theirs, name, password);
  // A new password asks first; a chosen one works, and the old one no longer does.
  await row.getByTestId("reset-password").click();
  await row.getByTestId("reset-password-value").fill("chosen password 1");
  await row.getByTestId("reset-password-confirm").click();
  await expect(page.getByTestId("notice")).toContainText(`Set a new password for ${name}`);
  await expect(page.getByTestId("secret")).toHaveCount(0);
  await theirs.goto(`${studio}/designs`);
  await expect(theirs).toHaveURL(`${studio}/login?next=%2Fdesigns`);
  await signIn(theirs, name, "chosen password 1");
  await row.getByTestId("remove-user").click();
  await row.getByTestId("remove-user-confirm").click();
  await expect(page.getByTestId("notice")).toContainText(`Removed ${name}`);
  await expect(page.locator(`[data-testid="user-row"][data-name="${name}"]`)).toHaveCount(0);
  await theirs.goto(`${studio}/designs`);
  await expect(theirs).toHaveURL(`${studio}/login?next=%2Fdesigns`);
  await other.close();
  // The browser logs the refused form's 409 (the name taken above); nothing else.
  const badForm = /Failed to load resource: the server responded with a status of 409/;
  expect(consoleErrors.filter((e) => badForm.test(e))).toHaveLength(1);
  consoleErrors.splice(0, consoleErrors.length, ...consoleErrors.filter((e) => !badForm.test(e)));
});
