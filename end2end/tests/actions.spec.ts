import { test, expect, jsEnabled, hydrated } from "./fixtures";
import type { Locator, Page } from "@playwright/test";

// Issue 15 in the browser: the editor's Actions panel fires the widget's actions at the
// studio's simulated ChatKit server and applies the answers in place.

const FLIGHTS = `<ListView>
  <ListViewItem>
    <Text id="status" value={status} />
  </ListViewItem>
  {flights.map((f) => (
    <ListViewItem key={f.id} onClickAction={{ type: "select_flight", payload: { id: f.id } }}>
      <Text value={f.id} weight={f.id === selectedId ? "semibold" : "normal"} />
    </ListViewItem>
  ))}
</ListView>
`;

const FORM = `<Card>
  <Form onSubmitAction={{ type: "todo.add", payload: { list: "home" } }}>
    <Input name="todo.title" placeholder="Title" required />
    <Input name="todo.code" placeholder="Code" pattern="[A-Z]{3}" />
    <Checkbox name="todo.urgent" label="Urgent" />
    <Button label="Add" submit />
  </Form>
  <Text id="answer" value={answer} />
  <Button label="Slow" onClickAction={{ type: "slow", loadingBehavior: "container" }} />
  <Button label="Talk" onClickAction={{ type: "talk" }} />
</Card>
`;

async function create(page: Page, doc: object): Promise<string> {
  const r = await page.request.post("/api/designs", { data: { document: doc } });
  expect(r.status()).toBe(201);
  return (await r.json()).id;
}

async function openPanel(page: Page, id: string) {
  await page.goto(`/designs/${id}/edit`);
  await hydrated(page);
  await expect(page.getByTestId("code-host")).toHaveAttribute("data-loaded", "true", { timeout: 15_000 });
  const panel = page.getByTestId("actions-panel");
  await panel.locator("> summary").click();
  const preview = page.getByTestId("actions-preview");
  await expect(preview.locator(".wgt")).toBeVisible({ timeout: 10_000 });
  return { panel, preview };
}

test("select a flight: the selectedId rule updates the widget in place, and the log has the round-trip", async ({ page }, info) => {
  const id = await create(page, {
    name: "Flights", kind: "jsx", source: FLIGHTS,
    default_state: { status: "Pick one", selectedId: null, flights: [{ id: "LH 400" }, { id: "BA 117" }] },
    handlers: { rules: [{ on: "select_flight", steps: [{ step: "set", field: "selectedId", from: { payload: "id" } }] }] },
  });
  if (!jsEnabled(info.project.name)) {
    // Without JavaScript the panel is there and says what it needs; the API answers.
    await page.goto(`/designs/${id}/edit`);
    await page.getByTestId("actions-panel").locator("> summary").click();
    await expect(page.getByTestId("actions-nojs")).toBeVisible();
    await expect(page.getByTestId("actions-nojs")).toContainText(`POST /api/designs/${id}/actions`);
    const t = await (await page.request.get(`/api/designs/${id}/actions/thread`)).json();
    const r = await page.request.post(`/api/designs/${id}/actions`, {
      data: { type: "threads.sync_custom_action", params: { thread_id: t.thread_id, item_id: t.item_id, action: { type: "select_flight", payload: { id: "BA 117" } } } },
    });
    expect(r.status()).toBe(200);
    expect((await r.json()).updated_item.widget.children[2].children[0].weight).toBe("semibold");
    return;
  }
  const { preview } = await openPanel(page, id);
  await expect(page.getByTestId("actions-nojs")).toBeHidden();
  const row = preview.locator('[data-wgt-path="children[2]"]');
  await expect(row).toContainText("BA 117");
  // The drawn node stays the same node: the update is applied in place.
  await row.evaluate((el) => ((el as any).__mark = "kept"));
  await row.click();
  const text = row.locator(".wgt-text");
  await expect.poll(() => text.evaluate((el) => getComputedStyle(el).fontWeight)).toBe("600");
  expect(await row.evaluate((el) => (el as any).__mark)).toBe("kept");
  await expect(page.getByTestId("actions-status")).toContainText("answered");
  const entry = page.getByTestId("log-entry").first();
  await expect(entry).toContainText("select_flight · rule 0");
  await entry.locator("summary").click();
  await expect(entry.getByTestId("log-request")).toContainText('"id": "BA 117"');
  await expect(entry.getByTestId("log-events")).toContainText("widget.root.updated");
});

test("a form with a required field missing is blocked; fixed, its fields go into the payload", async ({ page }, info) => {
  test.skip(!jsEnabled(info.project.name), "the interactive preview needs JavaScript");
  const id = await create(page, {
    name: "Todo", kind: "jsx", source: FORM, default_state: { answer: "" },
    handlers: { rules: [
      { on: "todo.add", steps: [{ step: "set", field: "answer", from: { payload: "todo.title" } }] },
      { on: "slow", steps: [{ step: "delay", ms: 1500 }, { step: "notice", level: "info", message: "slow done" }] },
      { on: "talk", steps: [{ step: "reply", text: "Hello there, I am the simulated assistant." }, { step: "stream", component_id: "answer", text: "streamed words into the text" }] },
    ] },
  });
  const { preview } = await openPanel(page, id);
  const add = preview.getByRole("button", { name: "Add" });
  await add.click();
  const problems = page.getByTestId("actions-form-problems");
  await expect(problems).toContainText("todo.title");
  await expect(page.getByTestId("actions-status")).toContainText("Not sent");
  await expect(page.getByTestId("log-entry")).toHaveCount(0);
  // A value that does not match the pattern blocks it too.
  await preview.getByPlaceholder("Title").fill("Milk");
  await preview.getByPlaceholder("Code").fill("abc");
  await add.click();
  await expect(problems).toContainText("todo.code");
  await preview.getByPlaceholder("Code").fill("ABC");
  await preview.getByLabel("Urgent").check();
  await add.click();
  await expect(problems).toHaveCount(0);
  const entry = page.getByTestId("log-entry").first();
  await expect(entry).toContainText("todo.add");
  await entry.locator("summary").click();
  const request = JSON.parse(await entry.getByTestId("log-request").textContent() || "{}");
  expect(request.params.action.payload).toEqual({ list: "home", todo: { title: "Milk", code: "ABC", urgent: true } });
  await expect(preview.locator("#answer, [data-wgt-path='children[1]']").first()).toContainText("Milk");
});

test("container loading during a delayed action, and a streamed reply and text", async ({ page }, info) => {
  test.skip(!jsEnabled(info.project.name), "the interactive preview needs JavaScript");
  const id = await create(page, {
    name: "Todo", kind: "jsx", source: FORM, default_state: { answer: "" },
    handlers: { rules: [
      { on: "slow", steps: [{ step: "delay", ms: 1500 }, { step: "notice", level: "info", message: "slow done" }] },
      { on: "talk", steps: [{ step: "delay", ms: 1200 }, { step: "reply", text: "Hello there, I am the simulated assistant." }, { step: "stream", component_id: "answer", text: "streamed words into the text" }] },
    ] },
  });
  const { preview } = await openPanel(page, id);
  await preview.getByRole("button", { name: "Slow" }).click();
  // While it runs the whole widget fades and is inert.
  await expect(preview).toHaveAttribute("data-loading", "container");
  await expect(preview).toHaveAttribute("inert", "");
  await expect(preview).toHaveClass(/opacity-50/);
  await expect(page.getByTestId("actions-lines")).toContainText("slow done", { timeout: 5_000 });
  await expect(preview).not.toHaveAttribute("inert", "");
  await expect(preview).toHaveAttribute("data-loading", "");

  // A Button's `auto` loading is `self`: only the button that fired shows it.
  const talk = preview.getByRole("button", { name: "Talk" });
  await talk.click();
  await expect(preview).toHaveAttribute("data-loading", "self");
  await expect.poll(() => talk.evaluate((el) => getComputedStyle(el).opacity)).toBe("0.55");
  await expect(preview).not.toHaveAttribute("inert", "");
  // While that stream is in flight another streaming action is blocked, as ChatKit does.
  await preview.getByRole("button", { name: "Slow" }).click();
  await expect(page.getByTestId("actions-status")).toContainText("blocked");
  await expect(page.locator('[data-testid="actions-line"][data-kind="reply"]')).toContainText("Hello there, I am the simulated assistant.");
  await expect(preview.locator('[data-wgt-path="children[1]"]')).toContainText("streamed words into the text");
  const entry = page.getByTestId("log-entry").first();
  await entry.locator("summary").click();
  await expect(entry.getByTestId("log-events")).toContainText("assistant_message.content_part.text_delta");
  await expect(entry.getByTestId("log-events")).toContainText("widget.streaming_text.value_delta");
  await page.getByTestId("actions-panel").screenshot({ path: "docs/screenshots/actions-panel.png" });
});

test("what the assistant is doing shows while the answer runs, the next progress replacing it, and goes when the answer comes", async ({ page }, info) => {
  test.skip(!jsEnabled(info.project.name), "the interactive preview needs JavaScript");
  const id = await create(page, {
    name: "Progress", kind: "jsx", source: FORM, default_state: { answer: "" },
    handlers: { rules: [
      { on: "talk", steps: [
        { step: "delay", ms: 300 },
        { step: "progress", text: "Looking it up" },
        { step: "delay", ms: 1500 },
        { step: "progress", text: "Writing the answer" },
        { step: "delay", ms: 1500 },
        { step: "reply", text: "Here it is." },
      ] },
    ] },
  });
  const { preview } = await openPanel(page, id);
  const progress = page.locator('[data-testid="actions-line"][data-kind="progress"]');
  await preview.getByRole("button", { name: "Talk" }).click();
  await expect(progress).toHaveText("Progress: Looking it up");
  await expect(progress).toHaveText("Progress: Writing the answer");
  await expect(progress).toHaveCount(1);
  await expect(page.locator('[data-testid="actions-line"][data-kind="reply"]')).toContainText("Here it is.", { timeout: 5_000 });
  await expect(progress).toHaveCount(0);
  // The log keeps both.
  const entry = page.getByTestId("log-entry").first();
  await entry.locator("summary").click();
  await expect(entry.getByTestId("log-events")).toContainText("Looking it up");
  await expect(entry.getByTestId("log-events")).toContainText("Writing the answer");  // The widget is tried in the light theme, or the dark one, as a dark-mode user sees it.
  await expect(preview).toHaveAttribute("data-theme", "light");
  await page.getByTestId("actions-dark").check();
  await expect(preview).toHaveAttribute("data-theme", "dark");
  await expect(preview.locator(".wgt").first()).toHaveAttribute("data-theme", "dark");
  await preview.getByRole("button", { name: "Talk" }).click();
  await expect(progress).toHaveText("Progress: Looking it up");
});

const IN_FLIGHT = `<Card>
  <Text id="answer" value={answer} />
  <Button label="Slow" onClickAction={{ type: "slow", loadingBehavior: "container" }} />
  <Button label="Talk" onClickAction={{ type: "talk" }} />
  <Button label="Quick" onClickAction={{ type: "quick", streaming: false }} />
</Card>
`;

test("Reset thread while an answer is in flight: the late answer is not drawn; two actions in flight each get their own status", async ({ page }, info) => {
  test.skip(!jsEnabled(info.project.name), "the interactive preview needs JavaScript");
  const id = await create(page, {
    name: "In flight", kind: "jsx", source: IN_FLIGHT, default_state: { answer: "fresh" },
    handlers: { rules: [
      { on: "slow", steps: [{ step: "delay", ms: 1500 }, { step: "set", field: "answer", from: { literal: "late" } }, { step: "notice", level: "info", message: "slow done" }] },
      { on: "talk", steps: [{ step: "delay", ms: 1200 }, { step: "fail", probability: 1, message: "boom" }] },
      { on: "quick", steps: [{ step: "set", field: "answer", from: { literal: "quick" } }] },
    ] },
  });
  const { preview } = await openPanel(page, id);
  const status = page.getByTestId("actions-status");
  const answer = preview.locator('[data-wgt-path="children[0]"]');
  await expect(answer).toContainText("fresh");
  await preview.getByRole("button", { name: "Slow" }).click();
  await expect(preview).toHaveAttribute("inert", "");
  // Reset is there while the answer is in flight (1.5 s): not disabled, not waited for.
  const reset = page.getByTestId("actions-reset");
  await expect(reset).toBeEnabled({ timeout: 300 });
  await reset.click({ timeout: 300 });
  await expect(status).toContainText("new thread");
  // The new thread is not busy: the old answer's loading went with it.
  await expect(preview).not.toHaveAttribute("inert", "");
  await expect(preview).toHaveAttribute("data-loading", "");
  // The old thread's answer comes (the log has it) and is not drawn over the new thread.
  await expect(page.getByTestId("log-entry")).toHaveCount(1, { timeout: 5_000 });
  await page.waitForTimeout(300);
  await expect(answer).toContainText("fresh");
  await expect(page.getByTestId("actions-lines")).not.toContainText("slow done");
  await expect(status).toContainText("new thread");

  // A streamed action that ends in an error, and a sync one sent while it is in flight: the
  // sync one's answer comes first and says so; the stream's error is the stream's.
  await preview.getByRole("button", { name: "Talk" }).click();
  await expect(status).toContainText("Sent talk");
  await preview.getByRole("button", { name: "Quick" }).click();
  await expect(answer).toContainText("quick");
  await expect(status).toHaveText("quick answered.");
  await expect(status).toHaveText("talk answered with an error: boom", { timeout: 5_000 });
});

test("a streaming: false action's answer comes once its rule's delays have passed, with the loading state shown meanwhile, in the editor and on /preview", async ({ page }, info) => {
  test.skip(!jsEnabled(info.project.name), "the interactive preview needs JavaScript");
  const doc = {
    name: "Slow sync", kind: "jsx", default_state: { answer: "fresh" },
    source: `<Card>\n  <Text value={answer} />\n  <Button label="Save" onClickAction={{ type: "save", streaming: false }} />\n</Card>\n`,
    handlers: { rules: [{ on: "save", steps: [{ step: "set", field: "answer", from: { literal: "saved" } }, { step: "delay", ms: 1200 }] }] },
  };
  const check = async (preview: Locator) => {
    const answer = preview.locator('[data-wgt-path="children[0]"]');
    const save = preview.getByRole("button", { name: "Save" });
    await expect(answer).toHaveText("fresh");
    const started = Date.now();
    await save.click();
    // A Button's loading is its own while the answer is awaited (it came at once, unpaced).
    await expect(preview).toHaveAttribute("data-loading", "self");
    await page.waitForTimeout(500);
    await expect(answer).toHaveText("fresh");
    await expect(answer).toHaveText("saved", { timeout: 5_000 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_100);
    await expect(preview).toHaveAttribute("data-loading", "");
  };
  // The editor: the studio's server answers.
  const id = await create(page, doc);
  const { preview } = await openPanel(page, id);
  await check(preview);
  const entry = page.getByTestId("log-entry").first();
  await expect(entry).toContainText("save");
  // /preview: the rules run in the browser, and wait as the server does.
  await page.goto(`/preview?source=${encodeURIComponent(JSON.stringify(doc))}`);
  await hydrated(page);
  await page.getByTestId("actions-panel").locator("> summary").click();
  await check(page.getByTestId("actions-preview"));
});

test("two quick Resets: the second waits for the first, and the panel keeps the thread the server kept", async ({ page }, info) => {
  test.skip(!jsEnabled(info.project.name), "the interactive preview needs JavaScript");
  const id = await create(page, {
    name: "Two resets", kind: "jsx", source: IN_FLIGHT, default_state: { answer: "fresh" },
    handlers: { rules: [{ on: "quick", steps: [{ step: "set", field: "answer", from: { literal: "quick" } }] }] },
  });
  const { preview } = await openPanel(page, id);
  // The first Reset's answer is slow; the second press comes while it is under way.
  const sent: number[] = [];
  let first = true;
  await page.route(`**/api/designs/${id}/actions/thread`, async (route) => {
    if (route.request().method() !== "DELETE") return route.continue();
    sent.push(Date.now());
    const answer = await route.fetch();
    if (first) {
      first = false;
      await new Promise((r) => setTimeout(r, 800));
    }
    await route.fulfill({ response: answer });
  });
  const reset = page.getByTestId("actions-reset");
  const status = page.getByTestId("actions-status");
  await reset.click();
  await reset.click({ timeout: 300 });
  await expect(status).toContainText("new thread");
  // Two resets reached the server, one after the other.
  await expect.poll(() => sent.length).toBe(2);
  expect(sent[1] - sent[0]).toBeGreaterThanOrEqual(700);
  // The panel is on the server's thread: an action on it is answered, not refused.
  await preview.getByRole("button", { name: "Quick" }).click();
  await expect(status).toHaveText("quick answered.");
  await expect(preview.locator('[data-wgt-path="children[0]"]')).toContainText("quick");
});

test("on /preview, a streaming: false action sent while a stream is in flight builds on it, and the stream ends where the thread is", async ({ page }, info) => {
  test.skip(!jsEnabled(info.project.name), "the browser's simulation needs JavaScript");
  const doc = {
    name: "Counter", kind: "jsx", default_state: { n: 0 },
    source: `<Card>\n  <Text value={\`n = \${n}\`} />\n  <Button label="Inc" onClickAction={{ type: "inc" }} />\n  <Button label="Add ten" onClickAction={{ type: "add10", streaming: false }} />\n  <Button label="Later" onClickAction={{ type: "later" }} />\n  <Button label="Ping" onClickAction={{ type: "ping", streaming: false }} />\n</Card>\n`,
    handlers: { rules: [
      { on: "inc", steps: [{ step: "add", field: "n", by: 1 }, { step: "delay", ms: 1500 }, { step: "notice", level: "info", message: "inc done" }] },
      { on: "add10", steps: [{ step: "add", field: "n", by: 10 }] },
      { on: "later", steps: [{ step: "delay", ms: 1500 }, { step: "add", field: "n", by: 1 }, { step: "notice", level: "info", message: "later done" }] },
      { on: "ping", steps: [{ step: "notice", level: "info", message: "pong" }] },
    ] },
  };
  await page.goto(`/preview?source=${encodeURIComponent(JSON.stringify(doc))}`);
  await hydrated(page);
  await page.getByTestId("actions-panel").locator("> summary").click();
  const preview = page.getByTestId("actions-preview");
  const n = preview.locator('[data-wgt-path="children[0]"]');
  await expect(n).toHaveText("n = 0");
  await preview.getByRole("button", { name: "Inc" }).click();
  await preview.getByRole("button", { name: "Add ten" }).click({ timeout: 500 });
  // The stream's state (n = 1) was written when it started: the sync adds to it.
  await expect(n).toHaveText("n = 11");
  await expect(page.getByTestId("actions-lines")).toContainText("inc done", { timeout: 5_000 });
  await expect(n).toHaveText("n = 11");
  await preview.getByRole("button", { name: "Add ten" }).click();
  await expect(n).toHaveText("n = 21");
  // A sync action that leaves the widget as it is, sent before the stream drew its update:
  // it builds on the thread's widget (n = 22), so the stream does not end on the old drawing.
  await preview.getByRole("button", { name: "Later" }).click();
  await preview.getByRole("button", { name: "Ping" }).click({ timeout: 500 });
  await expect(page.getByTestId("actions-lines")).toContainText("later done", { timeout: 5_000 });
  await expect(n).toHaveText("n = 22");
  await page.waitForTimeout(200);
  await expect(n).toHaveText("n = 22");
});

test("replay a recorded flow after changing the view: the step that now differs is named", async ({ page }, info) => {
  test.skip(!jsEnabled(info.project.name), "the interactive preview needs JavaScript");
  const id = await create(page, {
    name: "Flights", kind: "jsx", source: FLIGHTS,
    default_state: { status: "Pick one", selectedId: null, flights: [{ id: "LH 400" }, { id: "BA 117" }] },
    handlers: { rules: [{ on: "select_flight", steps: [{ step: "set", field: "selectedId", from: { payload: "id" } }] }] },
  });
  const { preview } = await openPanel(page, id);
  await preview.locator('[data-wgt-path="children[1]"]').click();
  await expect(page.getByTestId("log-entry")).toHaveCount(1);
  // The log can list the answer before the panel has taken its last event: a second
  // streaming action sent then is blocked, as ChatKit blocks it (seen once in a run).
  await expect(page.getByTestId("actions-status")).toHaveText("select_flight answered.");
  await preview.locator('[data-wgt-path="children[2]"]').click();
  await expect(page.getByTestId("log-entry")).toHaveCount(2);
  await page.getByTestId("actions-replay").click();
  await expect(page.getByTestId("actions-replay-result")).toContainText("All 2 replayed steps");
  // Change the view (a selected flight is now bold) and save.
  const rec = await (await page.request.get(`/api/designs/${id}`)).json();
  const doc = { ...rec.document, source: FLIGHTS.replace('"semibold"', '"bold"') };
  const put = await page.request.put(`/api/designs/${id}`, { data: { document: doc, base_revision: rec.revision } });
  expect(put.status()).toBe(200);
  await page.getByTestId("actions-replay").click();
  await expect(page.getByTestId("actions-replay-result")).toContainText("Step #1 (select_flight) now gives a different widget");
  await expect(page.getByTestId("actions-replay-result")).toContainText('"bold"');
  // Reset starts a new thread from the default state; clear empties the log.
  await page.getByTestId("actions-reset").click();
  await expect(page.getByTestId("actions-status")).toContainText("new thread");
  await page.getByTestId("actions-clear").click();
  await expect(page.getByTestId("log-entry")).toHaveCount(0);
});

test("rules edited in the panel are checked at their paths and saved with the design", async ({ page }, info) => {
  test.skip(!jsEnabled(info.project.name), "the rules editor needs JavaScript");
  const id = await create(page, {
    name: "Flights", kind: "jsx", source: FLIGHTS,
    default_state: { status: "Pick one", selectedId: null, flights: [{ id: "LH 400" }] },
  });
  await openPanel(page, id);
  const rules = page.getByTestId("actions-rules");
  await page.getByTestId("actions-example").click();
  await expect(rules).toHaveValue(/"on": "select_flight"/);
  await expect(page.getByTestId("actions-example-said")).toContainText("Added a starting rule for 1 action after the rules there: select_flight.");
  // Rules written by hand stay: pressed again over them, it adds only what none answers.
  const mine = '{"rules": [{"on": "select_*", "steps": [{"step": "toggle", "field": "picked"}]}]}';
  await rules.fill(mine);
  await page.getByTestId("actions-example").click();
  await expect(page.getByTestId("actions-example-said")).toContainText("has a rule already: nothing added");
  await expect(rules).toHaveValue(mine);
  await rules.fill('{"rules": [{"on": "select_*",');
  await page.getByTestId("actions-example").click();
  await expect(page.getByTestId("actions-example-said")).toContainText("No rule added: the rules do not read (1:");
  await expect(rules).toHaveValue('{"rules": [{"on": "select_*",');
  await rules.fill('{"rules": [{"on": "select_flight", "steps": [{"step": "delay", "ms": 99999999}]}]}');
  await expect(page.getByTestId("actions-rule-problems")).toContainText("rules[0].steps[0].ms");
  await rules.fill('{"rules": [{"on": "select_flight", "steps": [{"step": "notice", "level": "info", "message": "picked {{payload.id}}"}]}]}');
  await expect(page.getByTestId("actions-rule-problems")).toBeEmpty();
  await expect(page.getByTestId("actions-unsaved")).toBeVisible();
  await page.getByTestId("save").click();
  await expect(page.getByTestId("actions-unsaved")).toHaveCount(0, { timeout: 10_000 });
  const rec = await (await page.request.get(`/api/designs/${id}`)).json();
  expect(rec.document.handlers.rules[0].steps[0].message).toBe("picked {{payload.id}}");
  await page.getByTestId("actions-preview").locator('[data-wgt-path="children[1]"]').click();
  await expect(page.getByTestId("actions-lines")).toContainText("picked LH 400");
  // The handler stubs for the backend.
  await page.getByTestId("actions-stubs").locator("> summary").click();
  await expect(page.getByTestId("actions-python")).toContainText("select_flight");
});

test("/preview simulates a pasted design's rules in the browser (a forward is the server's: it says so)", async ({ page }, info) => {
  test.skip(!jsEnabled(info.project.name), "the interactive preview needs JavaScript");
  await page.goto("/preview");
  await hydrated(page);
  const doc = {
    name: "Flights", kind: "jsx", source: FLIGHTS,
    default_state: { status: "Pick one", selectedId: null, flights: [{ id: "LH 400" }, { id: "BA 117" }] },
    handlers: { rules: [{ on: "select_flight", steps: [
      { step: "set", field: "selectedId", from: { payload: "id" } },
      { step: "reply", text: "You picked {{payload.id}}." },
    ] }], forward: "http://localhost:8000/chatkit" },
  };
  await page.getByTestId("source").fill(JSON.stringify(doc, null, 2));
  const panel = page.getByTestId("actions-panel");
  await panel.locator("> summary").click();
  await expect(page.getByTestId("actions-local")).toBeVisible();
  await expect(page.getByTestId("actions-rules")).toHaveValue(/select_flight/);
  const preview = page.getByTestId("actions-preview");
  const row = preview.locator('[data-wgt-path="children[2]"]');
  await expect(row).toContainText("BA 117", { timeout: 10_000 });
  await row.click();
  await expect.poll(() => row.locator(".wgt-text").evaluate((el) => getComputedStyle(el).fontWeight)).toBe("600");
  await expect(page.locator('[data-testid="actions-line"][data-kind="reply"]')).toContainText("You picked BA 117.");
  await expect(page.locator('[data-testid="actions-line"][data-kind="notice"]')).toContainText(
    "Not forwarded to http://localhost:8000/chatkit: this page runs the rules in your browser",
  );
  await expect(page.getByTestId("log-entry")).toHaveCount(1);
  await page.getByTestId("actions-replay").click();
  await expect(page.getByTestId("actions-replay-result")).toContainText("All 1 replayed steps");
  // Nothing went to the server's action endpoint.
  const posted: string[] = [];
  page.on("request", (r) => { if (r.url().includes("/actions")) posted.push(r.url()); });
  await row.click();
  await expect(page.getByTestId("log-entry")).toHaveCount(2);
  expect(posted).toEqual([]);
  // The forward is said once, not at every action.
  await expect(page.locator('[data-testid="actions-line"][data-kind="notice"]')).toHaveCount(1);
  // A source that does not build has no default state to start a thread from: Reset says so,
  // in the thread's lines too, and the thread shown stays.
  await page.getByTestId("source").fill("{ not json");
  await page.getByTestId("actions-reset").click();
  await expect(page.locator('[data-testid="actions-line"][data-kind="error"]')).toContainText("Reset thread: The source is not a design that builds");
  await expect(page.getByTestId("log-entry")).toHaveCount(2);
});

test("rules that do not read keep the design unsaved and say so; cleared rules save as none; a restored draft shows its rules", async ({ page, consoleErrors }, info) => {
  test.skip(!jsEnabled(info.project.name), "the rules box needs JavaScript");
  const good = { rules: [{ on: "go", steps: [{ step: "notice", level: "info", message: "hi" }] }] };
  const src = `<Card>\n  <Button label="Go" onClickAction={{ type: "go" }} />\n</Card>\n`;
  const id = await create(page, { name: "Rules", kind: "jsx", source: src, default_state: {}, handlers: good });
  await openPanel(page, id);
  const box = page.getByTestId("actions-rules");
  // Broken JSON: listed, unsaved, and Save refuses with the reason; nothing is stored.
  await box.fill(JSON.stringify(good, null, 2).replace('"hi"', '"hello world"').slice(0, -2));
  await expect(page.getByTestId("actions-rule-problems")).toContainText("the rules are JSON");
  await expect(page.getByTestId("save-state")).toContainText("Unsaved");
  await page.getByTestId("save").click();
  await expect(page.getByTestId("save-error")).toContainText("the handler rules in the Actions panel do not read");
  let saved = await (await page.request.get(`/api/designs/${id}`)).json();
  expect(saved.revision).toBe(1);
  // Emptied: no rules, stored as null (not as the text "").
  await box.fill("");
  await page.getByTestId("save").click();
  await expect(page.getByTestId("save-state")).toHaveText("Saved revision 2");
  saved = await (await page.request.get(`/api/designs/${id}`)).json();
  expect(saved.document.handlers).toBeNull();
  // A valid edit left unsaved comes back with its draft, and the box shows it.
  await box.fill(JSON.stringify({ rules: [{ on: "go", steps: [{ step: "notice", level: "info", message: "from the draft" }] }] }));
  await expect(page.getByTestId("save-state")).toContainText("Unsaved");
  page.once("dialog", (d) => d.accept());
  await page.reload();
  await hydrated(page);
  await page.getByTestId("restore-draft").click();
  await page.getByTestId("actions-panel").locator("> summary").click();
  await expect(page.getByTestId("actions-rules")).toHaveValue(/from the draft/);
  expect(consoleErrors.filter((e) => !e.includes("Failed to load resource"))).toEqual([]);
  consoleErrors.length = 0;
});

test("a streaming: false action whose rule fails says so in the panel, though its answer cannot", async ({ page }, info) => {
  test.skip(!jsEnabled(info.project.name), "the interactive preview needs JavaScript");
  const doc = {
    name: "Sync fails", kind: "jsx", default_state: { count: 0 },
    source: `<Card>\n  <Text value={"Count " + count} />\n  <Button label="Sync" onClickAction={{ type: "syncfail", streaming: false }} />\n</Card>\n`,
    handlers: { rules: [{ on: "syncfail", steps: [{ step: "add", field: "count", by: 1 }, { step: "fail", probability: 1, message: "sync broke" }] }] },
  };
  const id = await create(page, doc);
  const { preview } = await openPanel(page, id);
  await preview.getByRole("button", { name: "Sync" }).click();
  await expect(page.getByTestId("actions-status")).toHaveText("syncfail answered with an error: sync broke");
  await expect(page.getByTestId("actions-lines")).toContainText("sync broke (a sync answer cannot carry this error event: the user sees nothing)");
  // The log entry's boxes scroll, so they take the focus and are named.
  const entry = page.getByTestId("log-entry").first();
  await entry.locator("summary").click();
  await expect(entry.getByRole("region", { name: "Request" })).toHaveAttribute("tabindex", "0");
  await expect(entry.getByRole("region", { name: "Answer" })).toContainText("updated_item");
});

test("a restore in the editor: the panel's thread and handler code follow the restored revision", async ({ page }, info) => {
  test.skip(!jsEnabled(info.project.name), "the interactive preview needs JavaScript");
  const view = (label: string, type: string) => `<Card>\n  <Button label="${label}" onClickAction={{ type: "${type}" }} />\n</Card>\n`;
  const id = await create(page, { name: "Go or stop", kind: "jsx", source: view("Go", "go.one"), default_state: {} });
  const rec = await (await page.request.get(`/api/designs/${id}`)).json();
  const put = await page.request.put(`/api/designs/${id}`, { data: { document: { ...rec.document, source: view("Stop", "go.two") }, base_revision: 1 } });
  expect(put.status()).toBe(200);
  const { preview } = await openPanel(page, id);
  await expect(preview.locator(".wgt-button")).toHaveText("Stop");
  await page.getByTestId("history").locator("summary").click();
  await page.getByTestId("history").locator('[data-revision="1"]').getByTestId("restore-revision").click();
  await expect(page.getByTestId("notice")).toContainText("Restored revision 1 as revision 3");
  // The thread is the restored revision's: its button, and the action it sends.
  await expect(preview.locator(".wgt-button")).toHaveText("Go");
  await preview.locator(".wgt-button").click();
  await expect(page.getByTestId("log-entry")).toHaveCount(1);
  await expect(page.getByTestId("log-entry").first()).toContainText("go.one");
  await expect(page.getByTestId("actions-panel")).toContainText("go.one");
  await expect(page.getByTestId("actions-panel")).not.toContainText("go.two");
});
