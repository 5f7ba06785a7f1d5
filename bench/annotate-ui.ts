/**
 * How the annotation page copes with a busy document: first render and typing latency with
 * 2,000 highlights (each with a comment) against the same page with one, in one run on the
 * same machine. A real browser (Debian's Chromium), the production build, a server of its own.
 *
 *   npx tsx bench/annotate-ui.ts        (needs a production build: npm run build)
 */
import { chromium, type Browser, type Page } from "@playwright/test";
import { textQuoteAnchor } from "@/lib/annotations/text-quote-anchor.ts";
import { TAGS } from "@/lib/realtime/doc-schema.ts";
import { writeAnnotation, writeComment } from "@/lib/realtime/write-doc.ts";
import { connectAs } from "../e2e/forge.ts";
import { startOwnServer } from "../e2e/own-server.ts";

const HIGHLIGHTS = 2_000;
const RUNS = 3;
const KEYSTROKES = 60;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** A deterministic pseudo-random sequence, so every run seeds the same highlights. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

async function signUpWithDocument(browser: Browser, baseURL: string, name: string) {
  const context = await browser.newContext({ baseURL, viewport: { width: 1366, height: 900 } });
  // tsx names functions with an `__name` helper that the page lacks; evaluated callbacks need it.
  await context.addInitScript("globalThis.__name = (fn) => fn;");
  const page = await context.newPage();
  const id = Math.random().toString(16).slice(2, 10);
  await page.goto("/signup");
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("Email").fill(`${name.toLowerCase()}-${id}@example.org`);
  await page.getByLabel("Password").fill(`password-${id}-long`);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByRole("link", { name: /Malian armed forces/ }).click();
  await page.locator(".annotate[data-ready]").waitFor({ timeout: 60_000 });
  const text = await page.evaluate(() =>
    Array.from(document.querySelectorAll(".annotate-text [data-block]"), (block) => block.textContent ?? "").join("\n\n"),
  );
  const userId = await page.evaluate(async () => (await (await fetch("/api/auth/session")).json()).uid as string);
  return { context, page, url: page.url(), text, userId };
}

async function seed(owner: Awaited<ReturnType<typeof signUpWithDocument>>, baseURL: string, name: string, count: number) {
  const documentId = new URL(owner.url).pathname.split("/").pop()!;
  const client = await connectAs(owner.context, baseURL, documentId);
  const next = random(42);
  const length = Array.from(owner.text).length;
  const now = Date.now();
  // Batches of 100: one update per batch stays well under the server's 256 KB update cap.
  for (let batch = 0; batch < count; batch += 100) {
    client.doc.transact(() => {
      for (let index = batch; index < Math.min(count, batch + 100); index += 1) {
        const start = Math.floor(next() * (length - 60));
        const end = start + 3 + Math.floor(next() * 50);
        const id = crypto.randomUUID();
        const resolved = index % 5 === 0;
        writeAnnotation(client.doc, {
          id, ...textQuoteAnchor(owner.text, start, end), tag: TAGS[index % 3]!, technique: null,
          authorId: owner.userId, authorName: name, createdAt: now + index, updatedAt: now + index,
          resolved, resolvedBy: resolved ? owner.userId : null, resolvedAt: resolved ? now : null,
        });
        writeComment(client.doc, {
          id: crypto.randomUUID(), annotationId: id, parentId: null, authorId: owner.userId, authorName: name,
          body: `Comment ${index}: who says so, and **how** do we know?`, createdAt: now + index, updatedAt: now + index, deleted: false,
        });
      }
    });
  }
  // Wait until the server has everything: a fresh reader sees every highlight.
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const reader = await connectAs(owner.context, baseURL, documentId);
  const stored = reader.doc.getMap("annotations").size;
  reader.close();
  if (stored !== count) throw new Error(`the server holds ${stored} of ${count} highlights`);
  client.close();
}

/** Where a first render's time went, in milliseconds from navigation start (-1: never happened). */
type RenderPhases = {
  responseStart: number;
  domContentLoaded: number;
  /** The room's state requested over HTTP (preloaded with the page), and its last byte in. */
  stateRequested: number;
  stateReceived: number;
  /** How many times the page asked for it: 1 unless the preload was missed. */
  stateRequests: number;
  /** The room's state, fetched over HTTP, is in the page's document. */
  stateApplied: number;
  /** The websocket has synced: the page is live. */
  synced: number;
  /** Every highlight painted and the threads listed: what firstRenderMs reports. */
  painted: number;
};

/** Navigation until the room's highlights are all painted and its threads listed, with its phases. */
async function firstRender(page: Page, url: string, expected: number): Promise<RenderPhases> {
  await page.goto(url, { waitUntil: "commit" });
  return page.evaluate(
    (count) =>
      new Promise<RenderPhases>((resolve) => {
        const check = () => {
          const ready = document.querySelector(".annotate[data-ready]");
          const marks = new Set(
            Array.from(document.querySelectorAll(".annotate-text mark[data-annotation-ids]"), (mark) => mark.getAttribute("data-annotation-ids")!.split(" ")).flat(),
          );
          if (ready && marks.size >= count && document.querySelectorAll(".threads > li").length >= Math.min(count, 1)) {
            // The frame after the one that laid out the highlights: they are on screen.
            requestAnimationFrame(() => {
              const painted = Math.round(performance.now());
              const mark = (name: string) => Math.round(performance.getEntriesByName(name)[0]?.startTime ?? -1);
              const navigation = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
              // The websocket's sync (the page going live) may come after the paint: wait for it too.
              const finish = () => {
                if (mark("marginalia:room-synced") < 0) return setTimeout(finish, 20);
                const requests = performance.getEntriesByType("resource").filter((entry) => entry.name.endsWith("/annotation-state"));
                resolve({
                  responseStart: Math.round(navigation.responseStart),
                  domContentLoaded: Math.round(navigation.domContentLoadedEventEnd),
                  stateRequested: Math.round(requests[0]?.startTime ?? -1),
                  stateReceived: Math.round((requests[0] as PerformanceResourceTiming | undefined)?.responseEnd ?? -1),
                  stateRequests: requests.length,
                  stateApplied: mark("marginalia:state-applied"),
                  synced: mark("marginalia:room-synced"),
                  painted,
                });
              };
              finish();
            });
          } else requestAnimationFrame(check);
        };
        check();
      }),
    expected,
  );
}

/** Per keystroke in a comment box: time from keydown until the frame that shows the character. */
async function typingLatency(page: Page): Promise<number[]> {
  await page.locator(".thread-toggle").first().click();
  const box = page.locator(".thread[data-expanded] textarea").first();
  await box.focus();
  await page.evaluate(() => {
    const samples: number[] = [];
    (window as unknown as { typingSamples: number[] }).typingSamples = samples;
    document.addEventListener("keydown", (event) => {
      const at = event.timeStamp;
      requestAnimationFrame(() => setTimeout(() => samples.push(performance.now() - at), 0));
    }, true);
  });
  for (let index = 0; index < KEYSTROKES; index += 1) {
    await page.keyboard.press(String.fromCharCode(97 + (index % 26)));
  }
  // Each sample lands a frame after its key; wait for all of them rather than for a fixed time.
  await page.waitForFunction((count) => (window as unknown as { typingSamples: number[] }).typingSamples.length >= count, KEYSTROKES);
  return page.evaluate(() => (window as unknown as { typingSamples: number[] }).typingSamples);
}

const server = await startOwnServer();
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const empty = await signUpWithDocument(browser, server.baseURL, "Empty");
  const busy = await signUpWithDocument(browser, server.baseURL, "Busy");
  await seed(empty, server.baseURL, "Empty", 1);
  await seed(busy, server.baseURL, "Busy", HIGHLIGHTS);
  for (const [label, owner, expected] of [
    ["1 highlight + 1 comment (reference)", empty, 1],
    [`${HIGHLIGHTS} highlights + ${HIGHLIGHTS} comments`, busy, HIGHLIGHTS],
  ] as const) {
    const renders: RenderPhases[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const page = await owner.context.newPage();
      renders.push(await firstRender(page, owner.url, expected));
      await page.close();
    }
    const page = await owner.context.newPage();
    await firstRender(page, owner.url, expected);
    const typing = await typingLatency(page);
    await page.close();
    console.log(
      JSON.stringify({
        page: label,
        firstRenderMsMedian: median(renders.map((run) => run.painted)),
        firstRenderMsRuns: renders.map((run) => run.painted),
        medianRunPhases: renders.find((run) => run.painted === median(renders.map((each) => each.painted))),
        typingMsP50: Math.round(percentile(typing, 50)),
        typingMsP95: Math.round(percentile(typing, 95)),
        typingMsMax: Math.round(Math.max(...typing)),
        keystrokes: typing.length,
      }),
    );
  }
} finally {
  await browser.close();
  await server.stop();
}
