import AxeBuilder from "@axe-core/playwright";
import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { connectAs, writeRawAnnotation } from "./forge.ts";
import { dragSelect, expectLive, formTeam, highlight, thread } from "./team.ts";

const PHRASE = "“tactical” withdrawal";

// Each test first forms a team through the real sign-up and invitation pages.
test.describe.configure({ timeout: 120_000 });

async function expectNoSeriousViolations(page: Page, label: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((violation) => ["serious", "critical"].includes(violation.impact ?? ""));
  expect(serious.map((violation) => `${label}: ${violation.id} ${violation.help} (${violation.nodes.map((node) => node.target.join(" ")).join(", ")})`)).toEqual([]);
}

test("two members tag, reply and resolve live, with the mouse", async ({ browser }) => {
  const { owner: a, members } = await formTeam(browser, [{ name: "Bakary", role: "EDITOR" }]);
  const b = members[0]!;
  await expect(a.page.locator(".avatars")).toContainText(b.person.name);

  await dragSelect(a.page, PHRASE);
  const popover = a.page.getByRole("dialog", { name: "Tag this passage" });
  await expect(popover).toContainText(PHRASE);
  await popover.getByRole("button", { name: "Propaganda" }).click();
  await a.page.getByRole("button", { name: "Loaded Language", exact: true }).click();
  await expect(highlight(a.page, "withdrawal", "propaganda")).toBeVisible();

  // B sees it within a second, and hears about it.
  await expect(highlight(b.page, "withdrawal", "propaganda")).toBeVisible({ timeout: 1_000 });
  expect(await highlight(b.page, "withdrawal").getAttribute("data-annotation-id")).toBe(await highlight(a.page, "withdrawal").getAttribute("data-annotation-id"));
  await expect(b.page.getByTestId("announcer")).toContainText(`${a.person.name} highlighted “${PHRASE}” as Propaganda: Loaded Language`);

  // B opens the thread from the text and replies; A sees the reply.
  await highlight(b.page, "withdrawal").click();
  const bThread = thread(b.page, PHRASE);
  await expect(bThread).toContainText("Propaganda: Loaded Language");
  await bThread.getByLabel("Add a comment").fill("Who calls it **tactical**? Only the army's statement is quoted.");
  await bThread.getByRole("button", { name: "Comment", exact: true }).click();
  const aThread = thread(a.page, PHRASE);
  await expect(aThread.locator(".comment")).toContainText("Who calls it tactical? Only the army's statement is quoted.");
  await expect(aThread.locator(".comment strong")).toHaveText("tactical");

  // A resolves; B sees it resolved.
  await aThread.getByRole("button", { name: "Resolve thread" }).click();
  await expect(bThread.getByRole("button", { name: "Reopen thread" })).toBeVisible();
  await expect(bThread).toHaveAttribute("data-resolved", "true");
  await expect(highlight(b.page, "withdrawal")).toHaveAttribute("data-resolved", "true");

  await expectNoSeriousViolations(a.page, "annotated document (owner)");
  await expectNoSeriousViolations(b.page, "annotated document (editor)");

  // A reload paints from the room's state, read once: the request the page preloads.
  const stateRequests: string[] = [];
  b.page.on("request", (request) => {
    if (request.url().endsWith("/annotation-state")) stateRequests.push(request.url());
  });
  await b.page.reload();
  await expect(highlight(b.page, "withdrawal")).toHaveAttribute("data-resolved", "true");
  await expectLive(b.page);
  expect(stateRequests).toHaveLength(1);
  // Sign-up, invitation, the live document: the Content-Security-Policy blocked nothing on the way.
  expect([...a.cspViolations, ...b.cspViolations]).toEqual([]);
});

test("an unsent comment survives closing its thread, a reload, and the deletion of its highlight", async ({ browser }) => {
  const { owner: a, members } = await formTeam(browser, [{ name: "Bakary", role: "EDITOR" }]);
  const b = members[0]!;
  await dragSelect(a.page, "urban fighting");
  await a.page.getByRole("dialog", { name: "Tag this passage" }).getByRole("button", { name: "Context" }).click();
  await a.page.getByRole("button", { name: "Tag without a sub-label" }).click();
  await expect(highlight(b.page, "urban fighting", "context")).toBeVisible();

  // B writes without sending, closes the thread and opens it again: the text is still there.
  await highlight(b.page, "urban fighting").click();
  const bThread = thread(b.page, "urban fighting");
  const draft = "Which fighting? The piece never says who was in the town.";
  await bThread.getByLabel("Add a comment").fill(draft);
  await bThread.locator(".thread-toggle").click();
  await expect(bThread.getByLabel("Add a comment")).toBeHidden();
  await bThread.locator(".thread-toggle").click();
  await expect(bThread.getByLabel("Add a comment")).toHaveValue(draft);
  // And a reload of the tab.
  await b.page.reload();
  await expectLive(b.page);
  await highlight(b.page, "urban fighting").click();
  await expect(bThread.getByLabel("Add a comment")).toHaveValue(draft);

  // A deletes the highlight while B is still writing: B keeps the text, with the quote.
  await highlight(a.page, "urban fighting").click();
  const aThread = thread(a.page, "urban fighting");
  await aThread.getByRole("button", { name: "Delete highlight" }).click();
  await aThread.getByRole("group", { name: "Confirm deletion" }).getByRole("button", { name: "Delete" }).click();
  const lost = b.page.getByRole("region", { name: "Unsent comments" });
  await expect(lost).toContainText("A highlight was deleted while you were writing in its thread");
  await expect(lost.locator(".lost-draft-quote")).toHaveText("urban fighting");
  await expect(lost.getByLabel("Your unsent comment")).toHaveValue(draft);
  await expect(b.page.getByTestId("announcer")).toContainText("Your text is kept in the margin, above the threads");
  await lost.getByRole("button", { name: "Dismiss" }).click();
  await expect(lost).toBeHidden();
});

test("an @mention reaches the mentioned member: the filter on the page, the workspace's list, the thread", async ({ browser }) => {
  const { owner: a, members } = await formTeam(browser, [{ name: "Bakary", role: "COMMENTER" }]);
  const b = members[0]!;
  await dragSelect(a.page, PHRASE);
  await a.page.getByRole("dialog", { name: "Tag this passage" }).getByRole("button", { name: "Propaganda" }).click();
  await a.page.getByRole("button", { name: "Tag without a sub-label" }).click();

  // B picks A from the member list with the keyboard.
  await highlight(b.page, "withdrawal").click();
  const box = thread(b.page, PHRASE).getByLabel("Add a comment");
  await box.pressSequentially(`Is this the army's word? @${a.person.name.slice(0, 2)}`);
  await expect(b.page.getByRole("listbox", { name: /Members matching/ }).getByRole("option", { name: a.person.name })).toBeVisible();
  await box.press("Enter");
  await box.pressSequentially(", can you check?");
  await box.press("Control+Enter");
  const comment = thread(a.page, PHRASE).locator(".comment");
  await expect(comment).toContainText("can you check?");
  await expect(comment.locator(".mention--me")).toContainText(`@${a.person.name}`);

  // A: "Mentions of me" keeps the thread; the workspace lists the mention and links to it.
  await a.page.getByLabel("Mentions of me").check();
  await expect(a.page.locator(".threads > li")).toHaveCount(1);
  await a.page.getByRole("link", { name: "Back to the workspace" }).click();
  await a.page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Mentions" }).click();
  await expect(a.page).toHaveURL(/\/mentions$/);
  const mention = a.page.locator(".mention-item").first();
  await expect(async () => {
    await a.page.reload();
    await expect(mention).toContainText(`${b.person.name} in`, { timeout: 1_000 });
  }).toPass({ timeout: 10_000 });
  await expect(mention).toContainText(`Is this the army's word? @${a.person.name}, can you check?`);
  await mention.getByRole("link").click();
  await expect(thread(a.page, PHRASE)).toHaveAttribute("data-expanded", /.*/);
  await expect(thread(a.page, PHRASE).locator(".comment")).toContainText("can you check?");
});

test("the same flow with the keyboard only", async ({ browser }) => {
  const { owner: a, members } = await formTeam(browser, [{ name: "Bakary", role: "EDITOR" }]);
  const b = members[0]!;

  // A: "/" finds and selects, 1 tags as propaganda, typing narrows the sub-labels, Enter picks.
  await a.page.locator("body").press("/");
  await expect(a.page.getByLabel("Find and select text in the article")).toBeFocused();
  await a.page.keyboard.type('"tactical" withdrawal');
  await a.page.keyboard.press("Enter");
  await expect(a.page.getByRole("region", { name: "Article text" })).toBeFocused();
  // Shift+arrows adjust the selection: one character less, then back.
  await a.page.keyboard.press("Shift+ArrowLeft");
  await a.page.keyboard.press("Shift+ArrowRight");
  await expect.poll(() => a.page.evaluate(() => window.getSelection()?.toString())).toBe(PHRASE);
  await a.page.keyboard.press("1");
  await expect(a.page.getByLabel("Find a sub-label")).toBeFocused();
  await a.page.keyboard.type("Loaded");
  await a.page.keyboard.press("Enter");
  await expect(highlight(a.page, "withdrawal", "propaganda")).toBeVisible();
  await expect(a.page.locator("textarea:focus")).toHaveAccessibleName("Add a comment");
  await expect(highlight(b.page, "withdrawal", "propaganda")).toBeVisible({ timeout: 1_000 });

  // B: find the highlight, put the caret in it, Enter opens its thread at the comment box.
  await b.page.locator("body").press("/");
  await b.page.keyboard.type("tactical");
  await b.page.keyboard.press("Enter");
  await b.page.keyboard.press("Escape");
  await b.page.keyboard.press("Enter");
  await expect(b.page.locator("textarea:focus")).toHaveAccessibleName("Add a comment");
  await b.page.keyboard.type("Only one side calls it tactical.");
  await b.page.keyboard.press("Control+Enter");
  await expect(thread(a.page, PHRASE).locator(".comment")).toContainText("Only one side calls it tactical.");

  // A: back from the comment box to "Resolve thread" with Shift+Tab, then Enter.
  for (let step = 0; step < 12; step += 1) {
    await a.page.keyboard.press("Shift+Tab");
    if ((await a.page.evaluate(() => document.activeElement?.textContent)) === "Resolve thread") break;
  }
  await expect(a.page.getByRole("button", { name: "Resolve thread" })).toBeFocused();
  await a.page.keyboard.press("Enter");
  await expect(thread(b.page, PHRASE).getByRole("button", { name: "Reopen thread" })).toBeVisible();

  // Ctrl+Z undoes the resolution (focus is not in a text field), Ctrl+Shift+Z redoes it.
  await a.page.keyboard.press("Control+z");
  await expect(thread(b.page, PHRASE).getByRole("button", { name: "Resolve thread" })).toBeVisible();
  await a.page.keyboard.press("Control+Shift+z");
  await expect(thread(b.page, PHRASE).getByRole("button", { name: "Reopen thread" })).toBeVisible();
});

test("a viewer reads but cannot highlight, and a forged write changes nothing", async ({ browser }) => {
  const { owner: a, members } = await formTeam(browser, [{ name: "Chiaka", role: "VIEWER" }]);
  const viewer = members[0]!;
  await dragSelect(a.page, PHRASE);
  await a.page.getByRole("dialog", { name: "Tag this passage" }).getByRole("button", { name: "Sourcing" }).click();
  await a.page.getByRole("button", { name: "Tag without a sub-label" }).click();
  await expect(highlight(viewer.page, "withdrawal", "sourcing")).toBeVisible();

  await expect(viewer.page.getByText("viewers don't annotate")).toBeVisible();
  await dragSelect(viewer.page, "urban fighting");
  await highlight(viewer.page, "withdrawal").click();
  await expect(thread(viewer.page, PHRASE).getByRole("textbox")).toHaveCount(0);
  await expect(thread(viewer.page, PHRASE).getByRole("button", { name: "Resolve thread" })).toHaveCount(0);
  // The selection was handled on mouse-up, before the click that opened the thread.
  await expect(viewer.page.getByRole("dialog", { name: "Tag this passage" })).toHaveCount(0);

  // A forged write: a hand-made client with the viewer's session writes a well-formed highlight.
  const baseURL = new URL(viewer.page.url()).origin;
  const documentId = new URL(viewer.page.url()).pathname.split("/").pop()!;
  const forger = await connectAs(viewer.context, baseURL, documentId);
  const id = randomUUID();
  const now = Date.now();
  writeRawAnnotation(forger.doc, {
    id, start: 0, end: 7, exact: "Malian ", prefix: "", suffix: "armed forces have just retaken Kid", tag: "propaganda", technique: null,
    authorId: "forged", authorName: viewer.person.name, createdAt: now, updatedAt: now, resolved: false, resolvedBy: null, resolvedAt: null,
  });
  await forger.serverHasHandledWrites();
  forger.close();
  const reader = await connectAs(a.context, baseURL, documentId);
  expect(reader.doc.getMap("annotations").has(id)).toBe(false);
  expect(reader.doc.getMap("annotations").size).toBe(1);
  reader.close();
  await expect(a.page.locator(`mark[data-annotation-ids~="${id}"]`)).toHaveCount(0);

  // The viewer can read what each sub-label means, but changes nothing about the workspace.
  await viewer.page.getByRole("link", { name: "Back to the workspace" }).click();
  await viewer.page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Tag vocabulary" }).click();
  await expect(viewer.page.getByRole("term").filter({ hasText: "Loaded Language" })).toBeVisible();
  await expect(viewer.page.getByRole("textbox")).toHaveCount(0);
  await expect(viewer.page.getByRole("button", { name: /Save|Rename|Delete/ })).toHaveCount(0);
});
