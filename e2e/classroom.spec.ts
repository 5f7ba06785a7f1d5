import AxeBuilder from "@axe-core/playwright";
import { devices, expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { newPerson, signUp } from "./people.ts";
import { expectLive } from "./team.ts";

/**
 * Issue 13's check: a teacher and three students (one on a phone) in a blind session. Before
 * the reveal no student's page, nor anything the server sent it (websocket frames, the room
 * state read over HTTP), holds a classmate's highlight, name or the answer key; after the
 * reveal every student sees everything within a second; the dashboard's heatmap counts match.
 */
test.describe.configure({ timeout: 300_000 });

type Student = { name: string; quote: string; tag: "propaganda" | "sourcing" | "context"; phone: boolean };

const STUDENTS: Student[] = [
  { name: "Aminata", quote: "most emblematic feat of arms", tag: "propaganda", phone: false },
  { name: "Boubacar", quote: "according to several sources", tag: "sourcing", phone: false },
  { name: "Coumba", quote: "A fairly sober staging of a military victory", tag: "context", phone: true },
];
const KEY = { quote: "gave a triumphalist speech", tag: "propaganda" as const };
const TAG_KEY = { propaganda: "1", sourcing: "2", context: "3" } as const;
const TAG_NAME = { propaganda: "Propaganda", sourcing: "Sourcing", context: "Context" } as const;

/** Everything the server sent a page: websocket frames and the HTTP bodies of room states. */
type Received = { frames: Buffer[]; states: Buffer[] };

async function expectNoSeriousViolations(page: Page, label: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((violation) => ["serious", "critical"].includes(violation.impact ?? ""));
  expect(serious.map((violation) => `${label}: ${violation.id} ${violation.help} (${violation.nodes.map((node) => node.target.join(" ")).join(", ")})`)).toEqual([]);
}

/** Records what the server sends this page from now on. */
function recordReceived(page: Page): Received {
  const received: Received = { frames: [], states: [] };
  page.on("websocket", (socket) => {
    socket.on("framereceived", ({ payload }) => received.frames.push(typeof payload === "string" ? Buffer.from(payload) : payload));
  });
  page.on("response", async (response) => {
    if (!/\/api\/v1\/sessions\/[^/]+\/state\b/.test(response.url())) return;
    const body = await response.body().catch(() => null);
    if (body) received.states.push(body);
  });
  return received;
}

function containsText(received: Received, text: string): boolean {
  const needle = Buffer.from(text, "utf8");
  return [...received.frames, ...received.states].some((chunk) => chunk.includes(needle));
}

/** The overlay marks (classmates' and the key's) on a student's page, as their layer and text. */
function overlayTexts(page: Page) {
  return page.locator(".annotate-text mark[data-layer]").evaluateAll((marks) => marks.map((mark) => `${mark.getAttribute("data-layer")}:${mark.textContent}`));
}

/** Finds the phrase with the keyboard finder, then tags it: keys on a laptop, taps on a phone. */
async function tagPassage(page: Page, quote: string, tag: Student["tag"], phone: boolean) {
  const finder = page.getByLabel("Find and select text in the article");
  await finder.fill(quote);
  await finder.press("Enter");
  const dialog = page.getByRole("dialog", { name: "Tag this passage" });
  if (phone) {
    await page.keyboard.press("Enter");
    await dialog.getByRole("button", { name: TAG_NAME[tag] }).tap();
    await page.getByRole("button", { name: "Tag without a sub-label" }).tap();
  } else {
    await page.keyboard.press(TAG_KEY[tag]);
    await page.getByRole("button", { name: "Tag without a sub-label" }).click();
  }
  await expect(page.locator(`.annotate-text mark[data-tag="${tag}"]:not([data-layer])`, { hasText: quote })).toBeVisible();
}

async function openStudent(browser: Browser, student: Student): Promise<{ context: BrowserContext; page: Page; received: Received }> {
  const context = await browser.newContext(student.phone ? { ...devices["Pixel 7"], viewport: { width: 390, height: 844 } } : { viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  return { context, page, received: recordReceived(page) };
}

test("blind session: nothing of a classmate or the key reaches a student before the reveal, everything within a second after", async ({ browser }) => {
  // The teacher signs up (their workspace holds a copy of the Kidal article) and starts a blind session on it.
  const teacherContext = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const teacher = await teacherContext.newPage();
  await signUp(teacher, newPerson("Mariam"));
  await teacher.getByRole("link", { name: /Malian armed forces have just retaken Kidal/ }).click();
  await expectLive(teacher);
  const documentId = new URL(teacher.url()).pathname.split("/").pop()!;
  const created = await teacher.request.post(`/api/v1/documents/${documentId}/sessions`, { data: { mode: "blind" } });
  expect(created.status()).toBe(201);
  const session = (await created.json()) as { id: string; code: string; joinUrl: string };

  // The answer key, made in the key editor.
  await teacher.goto(`/sessions/${session.id}/key`);
  await expectLive(teacher);
  await tagPassage(teacher, KEY.quote, KEY.tag, false);

  // Three students join at /join with the code (the phone one from the link's prefill).
  const students: (Student & { context: BrowserContext; page: Page; received: Received })[] = [];
  for (const student of STUDENTS) {
    const opened = await openStudent(browser, student);
    const { page } = opened;
    if (student.phone) {
      await page.goto(`/join?code=${session.code}`);
      await expect(page.getByLabel("Code")).toHaveValue(session.code);
      await expectNoSeriousViolations(page, "/join on a phone");
    } else {
      await page.goto("/join");
      await page.getByLabel("Code").fill(session.code.toLowerCase());
    }
    await page.getByLabel("Your name").fill(student.name);
    await page.getByRole("button", { name: "Join" }).click();
    await expect(page).toHaveURL(new RegExp(`/sessions/${session.id}/participate$`));
    await expectLive(page);
    await expect(page.locator(".session-status")).toContainText("Your highlights are private until your teacher reveals them.");
    students.push({ ...student, ...opened });
  }

  for (const student of students) await tagPassage(student.page, student.quote, student.tag, student.phone);

  // The teacher's dashboard shows the three highlights and the key: the server has had every
  // chance to copy them anywhere by now.
  await teacher.goto(`/sessions/${session.id}`);
  await teacher.getByRole("button", { name: "Table view" }).click();
  const heatmapTable = teacher.getByRole("table", { name: /Highlighted passages/ });
  for (const student of STUDENTS) await expect(heatmapTable.getByRole("row", { name: new RegExp(student.quote) })).toBeVisible();

  await expectNoSeriousViolations(students[0]!.page, "student page before the reveal");
  for (const student of students) {
    const others = students.filter((other) => other !== student);
    expect(await overlayTexts(student.page)).toEqual([]);
    await expect(student.page.locator(".annotate-text mark[data-annotation-id]")).toHaveCount(1);
    const html = await student.page.content();
    for (const other of others) {
      expect(html, `${student.name}'s page names ${other.name}`).not.toContain(other.name);
      expect(containsText(student.received, other.quote), `${student.name} received ${other.name}'s quote`).toBe(false);
      expect(containsText(student.received, other.name), `${student.name} received ${other.name}'s name`).toBe(false);
    }
    expect(containsText(student.received, KEY.quote), `${student.name} received the key`).toBe(false);
    // The recording works: their own quote did come over the wire.
    expect(containsText(student.received, student.quote)).toBe(true);
  }

  // The reveal: every student sees both classmates and the key within a second of the answer.
  const revealed = await teacher.request.post(`/api/v1/sessions/${session.id}/reveal`);
  expect(revealed.ok()).toBe(true);
  const revealedAt = Date.now();
  const delays = await Promise.all(
    students.map(async (student) => {
      const expected = [...students.filter((other) => other !== student).map((other) => `classmate:${other.quote}`), `key:${KEY.quote}`];
      // The page notes the moment it first shows everything (same machine clock), so the
      // round trip back to the test runner is not counted.
      const shownAt = await student.page.waitForFunction(
        (wanted) => {
          const seen = Array.from(document.querySelectorAll(".annotate-text mark[data-layer]")).map((mark) => `${mark.getAttribute("data-layer")}:${mark.textContent}`);
          return wanted.every((entry) => seen.includes(entry)) ? Date.now() : false;
        },
        expected,
        { polling: "raf", timeout: 5_000 },
      );
      return ((await shownAt.jsonValue()) as number) - revealedAt;
    }),
  );
  test.info().annotations.push({ type: "reveal delays (ms)", description: delays.join(", ") });
  for (const delay of delays) expect(delay).toBeLessThan(1_000);

  for (const student of students) {
    await expect(student.page.locator(".session-status")).toHaveAttribute("data-state", "revealed");
    const others = student.page.locator(".overlay-threads .thread");
    await expect(others).toHaveCount(3);
    for (const other of students.filter((candidate) => candidate !== student)) await expect(others.filter({ hasText: other.name })).toHaveCount(1);
    await expect(others.filter({ hasText: "Answer key" })).toHaveCount(1);
  }

  // After the reveal, students have the class heatmap too, counting what their view holds.
  const first = students[0]!;
  await first.page.getByRole("button", { name: "Show the class heatmap" }).click();
  const studentHeatmap = first.page.getByRole("region", { name: "Class heatmap" });
  await studentHeatmap.getByRole("button", { name: "Table view" }).click();
  for (const student of STUDENTS) {
    await expect(studentHeatmap.getByRole("table").getByRole("row", { name: new RegExp(student.quote) }).getByRole("cell").nth(0)).toHaveText("1");
  }
  await first.page.getByRole("button", { name: "Hide the class heatmap" }).click();

  // Screenshots to look at: the reveal on a laptop, and /join on a phone.
  await students[0]!.page.evaluate(() => window.scrollTo(0, 0));
  await students[0]!.page.screenshot({ path: test.info().outputPath("student-after-reveal-laptop.png"), fullPage: false });
  await expectNoSeriousViolations(students[0]!.page, "student page after the reveal");
  const phone = students.find((student) => student.phone)!;
  await phone.page.screenshot({ path: test.info().outputPath("student-after-reveal-phone.png") });
  const joinPage = await phone.context.newPage();
  await joinPage.goto(`/join?code=${session.code}`);
  await expect(joinPage.getByRole("link", { name: `Continue as ${phone.name}` })).toBeVisible();
  await joinPage.screenshot({ path: test.info().outputPath("join-phone.png") });

  // The dashboard's heatmap counts match the highlights: one student per passage, under its tag.
  for (const student of STUDENTS) {
    const row = heatmapTable.getByRole("row", { name: new RegExp(student.quote) });
    const cells = row.getByRole("cell");
    await expect(cells.nth(0)).toHaveText("1");
    const tagColumn = { propaganda: 1, sourcing: 2, context: 3 }[student.tag];
    await expect(cells.nth(tagColumn)).toHaveText("1");
    await expect(cells.nth(5)).toHaveText("No");
  }
  await Promise.all([teacherContext.close(), ...students.map((student) => student.context.close())]);
});
