import AxeBuilder from "@axe-core/playwright";
import { randomUUID } from "node:crypto";
import { expect, request as playwrightRequest, test, type Page } from "@playwright/test";
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { watchCspViolations } from "./csp.ts";
import { writeRawAnnotation } from "./forge.ts";
import { newPerson, signUp } from "./people.ts";
import { expectLive as expectLiveNow } from "./team.ts";

/**
 * The teacher's side of a class session: starting it from the document page, the projector
 * page, the live dashboard (roster, feed, heatmap, scores, controls, follow me) fed by three
 * students who write into their rooms over y-websocket as a stock client would, and screenshots
 * at projector and laptop sizes. The student pages themselves are covered by classroom.spec.ts.
 */
test.describe.configure({ timeout: 180_000 });

const KEY_QUOTE = "gave a triumphalist speech";
const SHARED_QUOTE = "most emblematic feat of arms";
const OTHER_QUOTE = "according to several sources";

/** expectLive, with room for a machine busy building other branches (the room's state can take seconds). */
async function expectLive(page: Page): Promise<void> {
  await expect(page.locator(".annotate[data-ready]")).toBeVisible({ timeout: 20_000 });
  await expectLiveNow(page);
}

async function expectNoSeriousViolations(page: Page, label: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((violation) => ["serious", "critical"].includes(violation.impact ?? ""));
  expect(serious.map((violation) => `${label}: ${violation.id} ${violation.help} (${violation.nodes.map((node) => node.target.join(" ")).join(", ")})`)).toEqual([]);
}

/** The quote's place in the article as the server checks it, read from the dashboard's text (blocks carry their offsets). */
async function anchorOf(page: Page, quote: string) {
  return page.evaluate((wanted) => {
    const blocks = Array.from(document.querySelectorAll<HTMLElement>("[data-offset]"));
    const text = blocks.map((block) => block.textContent ?? "").join("\n\n");
    const at = text.indexOf(wanted);
    if (at < 0) throw new Error(`"${wanted}" is not in the article`);
    const points = (value: string) => Array.from(value).length;
    const start = points(text.slice(0, at));
    const before = Array.from(text.slice(0, at));
    const after = Array.from(text.slice(at + wanted.length));
    return { start, end: start + points(wanted), exact: wanted, prefix: before.slice(-32).join(""), suffix: after.slice(0, 32).join("") };
  }, quote);
}

type Joined = { participantId: string; token: string; room: string; peersRoom: string; name: string };

/** A student's own room over y-websocket with their token, as a stock client connects. */
async function connectStudent(baseURL: string, room: string, token: string) {
  class OriginSocket extends WebSocket {
    constructor(url: string | URL) {
      super(url, { headers: { origin: baseURL } });
    }
  }
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${baseURL.replace(/^http/, "ws")}/realtime`, room, doc, {
    WebSocketPolyfill: OriginSocket as never,
    disableBc: true,
    params: { token },
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`room ${room} did not sync within 10 s`)), 10_000);
    provider.once("sync", () => {
      clearTimeout(timer);
      resolve();
    });
  });
  return { doc, provider, close: () => (provider.destroy(), doc.destroy()) };
}

function annotationFields(student: Joined, anchor: Awaited<ReturnType<typeof anchorOf>>, tag: string, technique: string | null) {
  const now = Date.now();
  return {
    id: randomUUID(),
    ...anchor,
    tag,
    technique,
    authorId: student.participantId,
    authorName: student.name,
    createdAt: now,
    updatedAt: now,
    resolved: false,
    resolvedBy: null,
    resolvedAt: null,
  };
}

test("a teacher starts a session, projects the code and follows the class live on the dashboard", async ({ browser, baseURL }) => {
  const origin = baseURL!;
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const cspViolations = await watchCspViolations(context);
  const teacher = await context.newPage();
  await signUp(teacher, newPerson("Mariam"));
  await teacher.getByRole("link", { name: /Malian armed forces have just retaken Kidal/ }).click();
  await expectLive(teacher);

  // Start from the document page's dialog.
  await teacher.getByRole("button", { name: "Start a class session" }).click();
  const dialog = teacher.getByRole("dialog", { name: "Start a class session" });
  await expect(dialog.getByText("Each student sees only their own highlights until you reveal everyone’s.")).toBeVisible();
  await expect(dialog.getByText("None yet.")).toBeVisible();
  await expectNoSeriousViolations(teacher, "start dialog");
  await dialog.getByLabel(/Blind/).check();
  // The example key is offered on a copy of the demo; this test writes its own key in the editor.
  await dialog.getByLabel(/Use the example answer key/).uncheck();
  await dialog.getByRole("button", { name: "Start the session" }).click();
  await expect(teacher).toHaveURL(/\/sessions\/[0-9a-f-]+$/);
  const sessionId = new URL(teacher.url()).pathname.split("/").pop()!;
  await expect(teacher.getByTestId("session-state")).toHaveText("Blind: students see only their own");
  const code = (await teacher.locator("dd").first().textContent())!.trim();
  expect(code).toMatch(/^[A-Z0-9]{6}$/);
  await expect(teacher.getByText("Nobody has joined yet.")).toBeVisible();
  await expectNoSeriousViolations(teacher, "empty dashboard");

  // The answer key, in the key editor.
  await teacher.getByRole("link", { name: "Edit the answer key" }).click();
  await expect(teacher.getByRole("note")).toContainText("students see them only after you reveal");
  await expectLive(teacher);
  const finder = teacher.getByLabel("Find and select text in the article");
  await finder.fill(KEY_QUOTE);
  await finder.press("Enter");
  await teacher.keyboard.press("1");
  await teacher.getByRole("dialog", { name: /Propaganda/ }).getByRole("button", { name: "Tag without a sub-label" }).click();
  await expect(teacher.locator(".annotate-text mark[data-tag=propaganda]", { hasText: KEY_QUOTE })).toBeVisible();
  await expectNoSeriousViolations(teacher, "key editor");

  // The projector page, empty, with its QR code.
  const projector = await context.newPage();
  await projector.setViewportSize({ width: 1920, height: 1080 });
  await projector.goto(`/sessions/${sessionId}/present`);
  await expect(projector.getByTestId("join-code")).toHaveText(code);
  await expect(projector.getByRole("img", { name: new RegExp(`QR code for .*/join\\?code=${code}`) }).locator("svg")).toBeVisible();
  await expect(projector.getByTestId("joined-count")).toHaveText("0 students have joined");

  // Three students join (no account) and tag from stock y-websocket clients.
  const api = await playwrightRequest.newContext({ baseURL: origin });
  const students: Joined[] = [];
  for (const name of ["Aminata", "Boubacar", "Coumba"]) {
    const response = await api.post("/api/v1/sessions/join", { data: { code: code.toLowerCase(), name } });
    expect(response.status()).toBe(201);
    students.push({ ...((await response.json()) as Omit<Joined, "name">), name });
  }
  await teacher.goto(`/sessions/${sessionId}`);
  await expect(teacher.locator(".article-subhead, [data-offset]").first()).toBeVisible();
  const shared = await anchorOf(teacher, SHARED_QUOTE);
  const other = await anchorOf(teacher, OTHER_QUOTE);
  const rooms = await Promise.all(students.map((student) => connectStudent(origin, student.room, student.token)));
  writeRawAnnotation(rooms[0]!.doc, annotationFields(students[0]!, shared, "propaganda", null));
  writeRawAnnotation(rooms[1]!.doc, annotationFields(students[1]!, shared, "propaganda", null));
  const commented = annotationFields(students[2]!, other, "sourcing", null);
  writeRawAnnotation(rooms[2]!.doc, commented);
  rooms[2]!.doc.transact(() => {
    const now = Date.now();
    const fields = { id: randomUUID(), annotationId: commented.id, parentId: null, authorId: students[2]!.participantId, authorName: "Coumba", body: "Which sources, though?", createdAt: now, updatedAt: now, deleted: false };
    const comment = new Y.Map<unknown>();
    rooms[2]!.doc.getMap("comments").set(fields.id, comment);
    for (const [key, value] of Object.entries(fields)) comment.set(key, value);
  });

  // The projector counts them live.
  await expect(projector.getByTestId("joined-count")).toHaveText("3 students have joined");
  await projector.screenshot({ path: test.info().outputPath("present-1920x1080.png") });
  await expectNoSeriousViolations(projector, "projector page");
  await projector.setViewportSize({ width: 1280, height: 720 });
  await projector.screenshot({ path: test.info().outputPath("present-1280x720.png") });

  // The dashboard: roster with online state and counts, the feed, the heatmap, the scores.
  const roster = teacher.getByRole("region", { name: /Participants/ });
  await expect(roster.getByText("3 joined · 3 online")).toBeVisible();
  await expect(roster.getByRole("row", { name: /Aminata/ }).getByRole("cell").nth(1)).toHaveText("1");
  const feed = teacher.getByRole("region", { name: "Newest highlights" });
  await expect(feed.getByText("Which sources, though?")).toBeVisible();
  await teacher.getByRole("button", { name: "Table view" }).click();
  const heatTable = teacher.getByRole("table", { name: /Highlighted passages/ });
  await expect(heatTable.getByRole("row", { name: new RegExp(SHARED_QUOTE) }).getByRole("cell").nth(0)).toHaveText("2");
  await expect(heatTable.getByRole("row", { name: new RegExp(OTHER_QUOTE) }).getByRole("cell").nth(0)).toHaveText("1");
  await teacher.getByRole("button", { name: "Table view" }).click();

  // Keyboard: the first shaded passage takes the focus, the arrows move, Enter tells who tagged it how.
  const firstStretch = teacher.locator("[data-stretch-first][tabindex='0']");
  await firstStretch.focus();
  await expect(firstStretch).toHaveAttribute("aria-label", new RegExp(`^2 students: “${SHARED_QUOTE}”`));
  await teacher.keyboard.press("Enter");
  const details = teacher.getByRole("complementary", { name: new RegExp(SHARED_QUOTE) });
  await expect(details).toContainText("Aminata, Boubacar");
  await expect(details).toContainText("agreement 100%");
  await details.getByRole("button", { name: "Close" }).click();
  await expect(firstStretch).toBeFocused();

  const scores = teacher.getByRole("region", { name: "Scores against the key" });
  await expect(scores.getByRole("row", { name: /Whole class/ })).toBeVisible();
  await expect(scores.getByRole("row", { name: /Coumba/ }).getByRole("cell").first()).toHaveText("1");
  await expectNoSeriousViolations(teacher, "live dashboard");

  // Screenshots: a projector (with large type) and a laptop.
  await teacher.setViewportSize({ width: 1920, height: 1080 });
  await teacher.getByLabel("Large type").check();
  await teacher.screenshot({ path: test.info().outputPath("dashboard-1920x1080.png"), fullPage: true });
  await teacher.getByLabel("Large type").uncheck();
  await teacher.setViewportSize({ width: 1366, height: 768 });
  await teacher.screenshot({ path: test.info().outputPath("dashboard-1366x768.png"), fullPage: true });

  // Follow me: the teacher's selection reaches the students' view as the spotlight.
  const peers = await connectStudent(origin, students[0]!.peersRoom, students[0]!.token);
  await teacher.getByRole("button", { name: "Follow me", pressed: false }).click();
  await expect(teacher.getByText(/Follow me is on/)).toBeVisible();
  await teacher.evaluate((quote) => {
    const block = Array.from(document.querySelectorAll("[data-offset]")).find((element) => element.textContent?.includes(quote))!;
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent!.indexOf(quote.slice(0, 10));
      if (at >= 0) {
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + 10);
        document.getSelection()!.removeAllRanges();
        document.getSelection()!.addRange(range);
        return;
      }
    }
  }, KEY_QUOTE);
  const key = await anchorOf(teacher, KEY_QUOTE);
  await expect
    .poll(() => [...peers.provider.awareness.getStates().values()].map((state) => (state as { spotlight?: { start: number } | null }).spotlight?.start ?? null), { timeout: 5_000 })
    .toContain(key.start);
  await teacher.getByRole("button", { name: "Follow me", pressed: true }).click();
  await expect
    .poll(() => [...peers.provider.awareness.getStates().values()].some((state) => (state as { spotlight?: unknown }).spotlight), { timeout: 5_000 })
    .toBe(false);
  peers.close();

  // Controls: delete a comment, lock and unlock, remove a student, end and delete the data.
  await feed.getByRole("button", { name: "Delete Coumba’s comment" }).click();
  await expect(feed.getByText("Which sources, though?")).toHaveCount(0);
  await teacher.getByRole("button", { name: "Lock: read-only for students" }).click();
  await expect(teacher.getByTestId("session-state")).toHaveText("Blind: students see only their own · locked");
  await teacher.getByRole("button", { name: "Unlock: students may tag again" }).click();
  await expect(teacher.getByTestId("session-state")).toHaveText("Blind: students see only their own");
  await roster.getByRole("button", { name: "Remove Boubacar…" }).click();
  await roster.getByRole("button", { name: "Remove Boubacar" }).click();
  await expect(roster.getByText(/^2 joined/)).toBeVisible();
  await teacher.getByRole("button", { name: "Reveal everyone’s highlights and the key" }).click();
  await expect(teacher.getByTestId("session-state")).toHaveText("Blind, revealed");
  await teacher.getByRole("button", { name: "End the session…" }).click();
  const end = teacher.getByRole("dialog", { name: "End the session?" });
  await end.getByLabel(/Also delete the students’ data/).check();
  await end.getByRole("button", { name: "End and delete the students’ data" }).click();
  await expect(teacher.getByTestId("session-state")).toHaveText("Ended");
  await expect(teacher.getByText("This session has ended.")).toBeVisible();

  // Dashboard, key editor, projector page with its QR code: the Content-Security-Policy blocked nothing.
  expect(cspViolations).toEqual([]);
  for (const room of rooms) room.close();
  await api.dispose();
  await context.close();
});
