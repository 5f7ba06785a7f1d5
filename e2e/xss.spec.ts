import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { expect, request as playwrightRequest, test, type APIRequestContext, type Browser, type BrowserContext, type Page } from "@playwright/test";
import JSZip from "jszip";
import WebSocket from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { connectAs } from "./forge.ts";
import { newPerson, signUp } from "./people.ts";
import { expectLive as expectLiveNow } from "./team.ts";
import { DISTINCT_PAYLOADS, fitting, HTML_ACTIVE_MARKUP, HTML_HEAD_SCRIPT, MARKDOWN_PAYLOADS, PAYLOADS, type Payload } from "../test/fixtures/xss-payloads.ts";
import { XssProbe } from "../test/fixtures/xss-probe.ts";

/**
 * Issue 15's XSS check in a real browser: script-injection payloads put in every field a person
 * controls, then every page that shows them walked in Chromium while a probe listens for any
 * sign that one ran (see test/fixtures/xss-probe.ts), and every export opened as a browser would.
 * Each page must also show its payloads as text: proof they were rendered, escaped.
 */
test.describe.configure({ timeout: 240_000 });

const NO_CONTROLS = (payload: Payload) => !/[\u0000-\u001f\u007f]/u.test(payload.text);

/** Payloads joined into one string of at most `max` characters (title, source and author lines). */
function pack(payloads: readonly Payload[], max: number): string {
  let packed = "";
  for (const payload of payloads) {
    const next = packed ? `${packed} · ${payload.text}` : payload.text;
    if ([...next].length > max) break;
    packed = next;
  }
  return packed;
}

/** The core a payload keeps in any text format: its sink call (`__xss(7)`) or beacon path (`__xss/11`). */
const core = (payload: Payload) => (payload.text.includes(`__xss(${payload.id})`) ? `__xss(${payload.id})` : `__xss/${payload.id}`);

async function json<T>(response: Awaited<ReturnType<APIRequestContext["get"]>>, status: number): Promise<T> {
  expect(response.status(), await response.text()).toBe(status);
  return (await response.json()) as T;
}

/**
 * Opens every thread card in turn (one is open at a time) and returns what they say. One
 * evaluation clicks through them all, letting React commit each card before reading it (its
 * updates land within a task), where a locator round trip per card takes a second on a busy machine.
 */
async function readThreads(page: Page): Promise<string> {
  const texts = await page.locator(".threads").evaluate(async (list) => {
    const read: string[] = [];
    for (const card of Array.from(list.querySelectorAll<HTMLElement>(":scope > li.thread"))) {
      const toggle = card.querySelector<HTMLButtonElement>(".thread-toggle")!;
      if (toggle.getAttribute("aria-expanded") !== "true") toggle.click();
      for (let turn = 0; turn < 50 && toggle.getAttribute("aria-expanded") !== "true"; turn += 1) await new Promise((resolve) => setTimeout(resolve, 0));
      await new Promise((resolve) => setTimeout(resolve, 0));
      read.push(card.querySelector(".thread-body") ? card.innerText : `(thread ${card.dataset.annotationId} did not open)`);
    }
    return read;
  });
  expect(texts.filter((text) => text.endsWith("did not open)"))).toEqual([]);
  return texts.join("\n");
}

/** On a machine busy with other builds a server action's redirect can take well over 5 s. */
const SLOW = { timeout: 30_000 };

/** Signs up through the real form (one form path for display names) and waits for the first workspace. */
async function signUpAs(browser: Browser, name: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  await signUp(page, newPerson(name));
  await expect(page.getByRole("heading", { level: 1, name: `${name}’s workspace` })).toBeVisible(SLOW);
  return { context, page };
}

/** The owner invites by link (members page); the other person, signed up already, joins from it. */
async function invite(owner: Page, workspaceId: string, workspaceName: string, guest: Page, probe: XssProbe): Promise<void> {
  await owner.goto(`/workspaces/${workspaceId}/members`);
  await owner.getByLabel("They join as").selectOption("EDITOR");
  await owner.getByRole("button", { name: "Create invitation link" }).click();
  const link = (await owner.getByTestId("invite-link").textContent(SLOW))!;
  await guest.goto(link);
  await probe.expectClean(guest, "invitation page", [workspaceName]);
  await guest.getByRole("button", { name: /^Join / }).click();
  await expect(guest).toHaveURL(new RegExp(`/workspaces/${workspaceId}$`), SLOW);
}

/** The page's room is read and connected; the state can take seconds on a busy machine. */
async function expectLive(page: Page): Promise<void> {
  await expect(page.locator(".annotate[data-ready]")).toBeVisible(SLOW);
  await expectLiveNow(page);
}

const escapeHtml = (value: string) => value.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");
const FILLER = "The council met on Tuesday and said the figures would be published next week, after a review by the ministry.";

/** A Markdown article: payloads in its front matter, as text (code spans), as raw HTML and as links. */
function markdownArticle(): { file: string; visible: string[] } {
  const [title, author, source] = [PAYLOADS[16]!, PAYLOADS[3]!, PAYLOADS[0]!];
  const body = PAYLOADS.filter(NO_CONTROLS).flatMap((payload) => [`Markdown passage ${payload.id}: \`${payload.text}\` ${FILLER}`, `${payload.text} raw ${payload.id}`]);
  const text = ["---", `title: ${JSON.stringify(title.text)}`, `author: ${JSON.stringify(author.text)}`, `source: ${JSON.stringify(source.text)}`, "---", "", ...[...body, ...MARKDOWN_PAYLOADS.map((payload) => `${payload.text} ${FILLER}`)].flatMap((line) => [line, ""])].join("\n");
  const file = path.join(os.tmpdir(), `xss-article-${randomUUID()}.md`);
  fs.writeFileSync(file, text);
  return { file, visible: [title.text, ...PAYLOADS.filter(NO_CONTROLS).map((payload) => `Markdown passage ${payload.id}: ${payload.text}`)] };
}

/** An HTML article: payloads escaped in its title, meta tags and paragraphs, and active markup between them. */
function htmlArticle(): { file: string; visible: string[] } {
  const title = PAYLOADS[5]!;
  // The last shape (math/style namespace confusion) turns the rest of the page into style text, as HTML parsing does: it goes last.
  const interleaved = HTML_ACTIVE_MARKUP.slice(0, -1);
  const paragraphs = PAYLOADS.filter(NO_CONTROLS).map((payload, index) => `<p>HTML passage ${payload.id}: ${escapeHtml(payload.text)} ${FILLER}</p>${interleaved[index % interleaved.length]}`);
  paragraphs.push(HTML_ACTIVE_MARKUP.at(-1)!);
  const text = `<!doctype html><html><head><title>${escapeHtml(title.text)}</title><meta name="author" content="${escapeHtml(PAYLOADS[7]!.text)}"><meta property="og:site_name" content="${escapeHtml(PAYLOADS[1]!.text)}">${HTML_HEAD_SCRIPT}</head><body><article><h1>${escapeHtml(title.text)}</h1>${paragraphs.join("\n")}</article></body></html>`;
  const file = path.join(os.tmpdir(), `xss-article-${randomUUID()}.html`);
  fs.writeFileSync(file, text);
  return { file, visible: [title.text, ...PAYLOADS.filter(NO_CONTROLS).map((payload) => `HTML passage ${payload.id}: ${payload.text}`)] };
}

/** Imports an article file through the import page (the one form path), checking the review step and the saved document. */
async function importArticle(page: Page, workspaceId: string, article: { file: string; visible: string[] }, probe: XssProbe, kind: string): Promise<void> {
  await page.goto(`/workspaces/${workspaceId}/import`);
  await page.getByLabel("Upload a file").check();
  await page.getByLabel("File (.txt, .md or .html, up to 2 MB)").setInputFiles(article.file);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { name: "Check the details" })).toBeVisible(SLOW);
  await probe.expectClean(page, `${kind} import review`, article.visible);
  await page.getByRole("button", { name: "Save article" }).click();
  await expect(page).toHaveURL(/\/documents\/[0-9a-f-]+$/, SLOW);
  await expectLive(page);
  await probe.expectClean(page, `${kind} imported document`, article.visible);
}

type Doc = { id: string; title: string; blocks: { type: string; text: string }[] };

test("payloads in names, titles, labels, comments and imports run nowhere: pages, preview and every export", async ({ browser, baseURL }) => {
  const probe = new XssProbe();
  const origin = baseURL!;
  const ownerName = PAYLOADS[1]!.text;
  const memberName = PAYLOADS[3]!.text;

  // Two display names through the real sign-up form; the second person joins the owner's workspace as an editor.
  const owner = await signUpAs(browser, ownerName);
  const member = await signUpAs(browser, memberName);
  await probe.arm(owner.context);
  await probe.arm(member.context);
  await probe.expectToCatch(member.context);
  const api = owner.page.request;
  const ownerId = (await json<{ uid: string }>(await api.get("/api/auth/session"), 200)).uid;
  const memberId = (await json<{ uid: string }>(await member.page.request.get("/api/auth/session"), 200)).uid;
  const { workspaces } = await json<{ workspaces: { id: string; role: string }[] }>(await api.get("/api/v1/workspaces"), 200);
  const workspaceId = workspaces.find((workspace) => workspace.role === "owner")!.id;
  await invite(owner.page, workspaceId, `${ownerName}’s workspace`, member.page, probe);

  // Workspace names: one workspace per payload that fits 80 characters.
  const workspaceNames = fitting(80).filter(NO_CONTROLS);
  await Promise.all(workspaceNames.map(async (payload) => json(await api.post("/api/v1/workspaces", { data: { name: payload.text } }), 201)));

  // Document titles, sources and authors: one small document per payload, and the main one.
  await Promise.all(
    PAYLOADS.map(async (payload) =>
      json(await api.post(`/api/v1/workspaces/${workspaceId}/documents`, { data: { title: payload.text, source: payload.text, author: payload.text, text: `A short article about ${payload.shape}.` } }), 201),
    ),
  );
  const passages = [...PAYLOADS, ...MARKDOWN_PAYLOADS];
  const main = await json<Doc>(
    await api.post(`/api/v1/workspaces/${workspaceId}/documents`, {
      data: {
        title: pack([PAYLOADS[16]!, ...PAYLOADS], 300),
        source: pack(PAYLOADS.slice(4), 200),
        author: pack(PAYLOADS.slice(8), 200),
        publishedAt: "2026-11-20",
        blocks: [{ type: "heading", text: `Heading ${PAYLOADS[0]!.text}` }, ...passages.map((payload) => ({ type: "paragraph", text: `Passage ${payload.id}: ${payload.text}` }))],
      },
    }),
    201,
  );
  const passageText = (payload: Payload) => main.blocks.find((block) => block.text.startsWith(`Passage ${payload.id}: `))!.text;

  // Vocabulary labels (names and definitions) through the owner's settings form: one form path.
  const labelPayloads = fitting(60).filter(NO_CONTROLS).slice(0, 18);
  await owner.page.goto(`/workspaces/${workspaceId}/settings`);
  for (const [index, payload] of labelPayloads.entries()) {
    await owner.page.getByLabel(`Name of Propaganda label ${index + 1}`, { exact: true }).fill(payload.text);
    await owner.page.getByLabel(`Definition of Propaganda label ${index + 1}`, { exact: true }).fill(payload.text);
  }
  await owner.page.getByRole("button", { name: "Save vocabulary" }).click();
  await expect(owner.page.getByText("Vocabulary saved.")).toBeVisible(SLOW);
  const { vocabulary } = await json<{ vocabulary: Record<string, { id: string; name: string }[]> }>(await api.get(`/api/v1/workspaces/${workspaceId}/vocabulary`), 200);
  const labelIds = vocabulary.propaganda!.slice(0, labelPayloads.length).map((label) => label.id);

  // Highlights with a payload comment on every passage (REST), the sub-label a renamed one.
  for (const [index, payload] of passages.entries()) {
    await json(
      await api.post(`/api/v1/documents/${main.id}/annotations`, {
        headers: { "content-type": "application/ld+json" },
        data: {
          type: "Annotation",
          body: [
            { type: "TextualBody", purpose: "tagging", value: "propaganda" },
            { type: "TextualBody", purpose: "classifying", value: labelIds[index % labelIds.length] },
            { type: "TextualBody", purpose: "commenting", value: payload.text },
          ],
          target: { selector: { type: "TextQuoteSelector", exact: passageText(payload) } },
        },
      }),
      201,
    );
  }
  // The editor's own highlight, so their name is an author on the page too.
  await json(
    await member.page.request.post(`/api/v1/documents/${main.id}/annotations`, {
      headers: { "content-type": "application/ld+json" },
      data: { type: "Annotation", body: [{ type: "TextualBody", purpose: "tagging", value: "sourcing" }], target: { selector: { type: "TextQuoteSelector", exact: `Heading ${PAYLOADS[0]!.text}` } } },
    }),
    201,
  );

  // Replies with mentions, written into the room as the owner's browser would (real websocket, real guard).
  const room = await connectAs(owner.context, origin, main.id);
  const firstComments = [...room.doc.getMap<Y.Map<unknown>>("comments").values()].map((entry) => entry.toJSON() as { id: string; annotationId: string; body: string });
  const replies = PAYLOADS.filter(NO_CONTROLS);
  room.doc.transact(() => {
    for (const [index, payload] of replies.entries()) {
      const parent = firstComments.find((comment) => comment.body === payload.text) ?? firstComments[index % firstComments.length]!;
      const now = Date.now();
      // Half mention the editor (shown with their current name), half a stranger by the typed name.
      const mention = index % 2 ? `@[${payload.text}](user:${randomUUID()})` : `@[someone](user:${memberId})`;
      const fields = { id: randomUUID(), annotationId: parent.annotationId, parentId: parent.id, authorId: ownerId, authorName: ownerName, body: `${mention} reply ${payload.text}`, createdAt: now, updatedAt: now, deleted: false };
      const entry = new Y.Map<unknown>();
      room.doc.getMap("comments").set(fields.id, entry);
      for (const [key, value] of Object.entries(fields)) entry.set(key, value);
    }
  });
  // Stored once the server has it: the REST view of the room lists every reply.
  await expect.poll(async () => (await (await api.get(`/api/v1/documents/${main.id}/annotations`)).text()).split(" reply ").length - 1).toBeGreaterThanOrEqual(replies.length);
  room.close();

  // An imported W3C file (REST): creator names, comment bodies and a quote.
  const w3c = {
    "@context": "http://www.w3.org/ns/anno.jsonld",
    type: "AnnotationPage",
    items: PAYLOADS.filter(NO_CONTROLS).slice(0, 10).map((payload) => ({
      id: `urn:w3c:${payload.id}`,
      type: "Annotation",
      creator: { type: "Person", name: `W3C ${payload.text}` },
      body: [
        { type: "TextualBody", purpose: "tagging", value: "context" },
        { type: "TextualBody", purpose: "commenting", value: `W3C body ${payload.text}` },
      ],
      target: { selector: { type: "TextQuoteSelector", exact: passageText(payload) } },
    })),
  };
  const w3cReport = await json<{ imported: number }>(await api.post(`/api/v1/documents/${main.id}/import`, { data: w3c }), 200);
  expect(w3cReport.imported).toBe(10);

  // ... the pages are walked below; the rest of the imports go through their own dialogs and forms.
  const hypothesis = {
    export_date: "2026-11-20T10:00:00.000Z",
    annotations: [
      ...PAYLOADS.filter(NO_CONTROLS).map((payload) => ({
        id: `h-${payload.id}`,
        user: `acct:reader${payload.id}@hypothes.is`,
        user_info: { display_name: `H ${payload.text}` },
        text: `H note ${payload.text}`,
        tags: payload.id % 2 ? [payload.text] : ["Propaganda"],
        target: [{ source: "https://example.org/a", selector: [{ type: "TextQuoteSelector", exact: passageText(payload) }] }],
      })),
      ...PAYLOADS.filter(NO_CONTROLS).map((payload) => ({
        id: `h-reply-${payload.id}`,
        user: `acct:replier${payload.id}@hypothes.is`,
        user_info: { display_name: `R ${payload.text}` },
        text: `H reply ${payload.text}`,
        references: [`h-${payload.id}`],
        target: [{ source: "https://example.org/a" }],
      })),
      ...PAYLOADS.slice(0, 6).map((payload) => ({
        id: `h-orphan-${payload.id}`,
        user: "acct:orphan@hypothes.is",
        text: "not here",
        tags: ["Sourcing"],
        target: [{ source: "https://example.org/a", selector: [{ type: "TextQuoteSelector", exact: `${payload.text} is not in this article at all` }] }],
      })),
    ],
  };
  const hypothesisFile = path.join(os.tmpdir(), `xss-hypothesis-${randomUUID()}.json`);
  fs.writeFileSync(hypothesisFile, JSON.stringify(hypothesis));

  const page = owner.page;
  const documentUrl = `/documents/${main.id}`;

  // The import dialog's dry-run report (untagged tags, orphaned quotes), then the import.
  await page.goto(documentUrl);
  await expectLive(page);
  await page.getByRole("button", { name: "Import annotations" }).click();
  const dialog = page.getByRole("dialog", { name: "Import annotations" });
  await dialog.getByLabel("W3C Web Annotation (JSON-LD) or Hypothesis export file").setInputFiles(hypothesisFile);
  await expect(dialog.getByRole("heading", { name: "What this file holds" })).toBeVisible(SLOW);
  await probe.expectClean(page, "import report (dry run)", [
    ...PAYLOADS.filter(NO_CONTROLS).filter((payload) => payload.id % 2).map((payload) => payload.text),
    ...PAYLOADS.slice(0, 6).map((payload) => `${payload.text} is not in this article at all`),
  ]);
  await dialog.getByRole("button", { name: /^Import \d+ highlights/ }).click();
  await expect(dialog.getByRole("status")).toContainText("Imported", SLOW);
  await probe.expectClean(page, "import report (done)", []);
  await dialog.getByRole("button", { name: "Done" }).click();

  // The document page: header, body, highlights, thread cards and every thread's comments.
  const titleLines = [main.title, pack(PAYLOADS.slice(4), 200), pack(PAYLOADS.slice(8), 200)];
  const threadExpected = [
    ...replies.map((payload) => `reply ${payload.text}`),
    ...replies.filter((_, index) => index % 2).map((payload) => `@${payload.text}`),
    `@${memberName}`,
    ...PAYLOADS.filter(NO_CONTROLS).map((payload) => `H note ${payload.text}`),
    ...PAYLOADS.filter(NO_CONTROLS).map((payload) => `H reply ${payload.text}`),
    ...PAYLOADS.filter(NO_CONTROLS).map((payload) => `R ${payload.text}`),
    ...PAYLOADS.filter(NO_CONTROLS).slice(0, 10).map((payload) => `W3C body ${payload.text}`),
    ...PAYLOADS.filter(NO_CONTROLS).slice(0, 10).map((payload) => `W3C ${payload.text}`),
    ...PAYLOADS.filter(NO_CONTROLS).map((payload) => payload.text),
    memberName,
  ];
  // The editor sees the page as the owner does; every thread's comments are read once, on the owner's.
  for (const [label, viewer] of [
    ["document page (editor)", member.page],
    ["document page (owner)", owner.page],
  ] as const) {
    probe.at(label);
    await viewer.goto(documentUrl);
    await expectLive(viewer);
    if (viewer === owner.page) {
      const threads = (await readThreads(viewer)).replace(/\s+/g, " ");
      probe.at(`${label}: threads`);
      expect.soft(threadExpected.filter((wanted) => !threads.includes(wanted.replace(/\s+/g, " ")))).toEqual([]);
      probe.placements += threadExpected.length;
    }
    await probe.expectClean(viewer, label, [...titleLines, ...main.blocks.map((block) => block.text), ownerName, ...labelPayloads.map((payload) => payload.text)]);
  }

  // The export menu's preview (an iframe of the HTML copy).
  probe.at("export preview");
  await page.getByText("Export", { exact: true }).focus();
  await page.keyboard.press("Enter");
  await page.getByRole("button", { name: "Preview the web page" }).click();
  const preview = page.frameLocator("iframe[title='Preview of the annotated copy']");
  await expect(preview.locator("h1")).toBeVisible(SLOW);
  const previewFrame = page.frames().find((frame) => frame !== page.mainFrame())!;
  await probe.expectClean(page, "export preview", [main.title, ...labelPayloads.map((payload) => payload.text)], { sandboxed: [previewFrame] });

  // Imported articles (Markdown with front matter, HTML with meta tags), through the import form.
  await importArticle(page, workspaceId, markdownArticle(), probe, "Markdown");
  await importArticle(page, workspaceId, htmlArticle(), probe, "HTML");

  // An API token's name, through the settings form.
  const tokenName = PAYLOADS[7]!.text;
  await page.goto("/settings");
  await page.getByLabel("Token name").fill(tokenName);
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByTestId("new-token")).toBeVisible(SLOW);

  // Every other page that shows a name, a title or a label.
  const walk: [string, Page, string, readonly string[]][] = [
    ["home", owner.page, "/", []],
    ["workspaces", owner.page, "/workspaces", [...workspaceNames.map((payload) => payload.text), ownerName]],
    ["workspace page", owner.page, `/workspaces/${workspaceId}`, [main.title, ...PAYLOADS.map((payload) => payload.text)]],
    ["members", owner.page, `/workspaces/${workspaceId}/members`, [ownerName, memberName]],
    ["workspace settings", owner.page, `/workspaces/${workspaceId}/settings`, labelPayloads.map((payload) => payload.text)],
    ["mentions (editor)", member.page, `/workspaces/${workspaceId}/mentions`, [ownerName]],
    ["document edit", owner.page, `/documents/${main.id}/edit`, titleLines],
    ["account settings", owner.page, "/settings", [ownerName, tokenName]],
    ["demo", owner.page, "/demo", []],
  ];
  for (const [label, viewer, url, visible] of walk) {
    probe.at(label);
    await viewer.goto(url);
    await probe.expectClean(viewer, label, visible);
  }

  // Exports: the HTML copy as a page (served, and as a file opened from disk, where no sandbox header applies).
  const exportUrl = (format: string) => `/api/v1/documents/${main.id}/export?format=${format}&disposition=inline`;
  const html = await page.goto(exportUrl("html"));
  expect(html!.headers()["content-type"]).toMatch(/^text\/html/);
  expect(html!.headers()["content-security-policy"]).toMatch(/\bsandbox\b/);
  await probe.expectClean(page, "export html (served)", [main.title, ...passages.map((payload) => passageText(payload))], { sandboxed: [page.mainFrame()] });
  const htmlFile = path.join(os.tmpdir(), `xss-export-${randomUUID()}.html`);
  fs.writeFileSync(htmlFile, await html!.body());
  await page.goto(pathToFileURL(htmlFile).href);
  await probe.expectClean(page, "export html (file)", [main.title, ...passages.map((payload) => passageText(payload)), ...replies.map((payload) => `reply ${payload.text}`)]);

  // Text formats: a browser shows them as text or downloads them, never renders them as a page.
  for (const [format, type] of [
    ["md", /^text\/markdown/],
    ["jsonld", /^application\/ld\+json/],
  ] as const) {
    const response = await page.goto(exportUrl(format));
    expect(response!.headers()["content-type"]).toMatch(type);
    expect(response!.headers()["x-content-type-options"]).toBe("nosniff");
    // Chromium's own text viewer: a <pre> with the file, and for JSON a <div> with its pretty-print switch.
    const shown = await page.evaluate(() => ({ type: document.contentType, elements: [...new Set(Array.from(document.body.querySelectorAll("*")).map((element) => element.localName))] }));
    expect(shown.type).not.toMatch(/html/);
    expect(shown.elements).toContain("pre");
    expect(shown.elements.filter((name) => !["pre", "div", "label", "input"].includes(name))).toEqual([]);
    // Exports are served with `Content-Security-Policy: sandbox`: nothing runs there, not even a timer.
    // Markdown escapes the sink's underscores and brackets (`\\_\\_xss\\(1)`), JSON its quotes: read without the backslashes.
    await probe.expectClean(page, `export ${format}`, passages.map(core), { sandboxed: [page.mainFrame()], unescape: (text) => text.replaceAll("\\", "") });
  }
  // Chromium does not show CSV at all, even inline: it downloads it.
  probe.at("export csv");
  const csvDownload = page.waitForEvent("download");
  await expect(page.goto(exportUrl("csv"))).rejects.toThrow(/Download is starting/);
  const csv = fs.readFileSync((await (await csvDownload).path())!, "utf8");
  expect.soft(passages.map(core).filter((wanted) => !csv.includes(wanted))).toEqual([]);
  probe.placements += passages.length;

  // PDF and Word: no browser runs script from them; their text holds the payloads as text and no link has a script scheme.
  const squash = (value: string) => value.replace(/\s+/g, "");
  const pdf = await (await api.get(exportUrl("pdf").replace("&disposition=inline", ""))).body();
  const pdfText = execFileSync("pdftotext", ["-", "-"], { input: pdf }).toString();
  // The PDF's font (DejaVu) has no fullwidth forms, so payload 13's brackets are not drawn; its sink call is.
  expect.soft(passages.filter((payload) => !squash(pdfText).includes(squash(payload.id === 13 ? core(payload) : payload.text)))).toEqual([]);
  expect.soft(pdf.toString("latin1")).not.toMatch(/\/URI\s*\((?:java|vb)script:/i);
  const docx = await JSZip.loadAsync(await (await api.get(exportUrl("docx").replace("&disposition=inline", ""))).body());
  const documentXml = await docx.file("word/document.xml")!.async("string");
  const rels = await docx.file("word/_rels/document.xml.rels")!.async("string");
  const docxText = documentXml.replace(/<[^>]+>/g, "").replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&quot;", '"').replaceAll("&apos;", "'").replaceAll("&amp;", "&");
  expect.soft(passages.filter((payload) => !squash(docxText).includes(squash(payload.text)))).toEqual([]);
  expect.soft(rels).not.toMatch(/Target="\s*(?:java|vb)script:/i);
  probe.placements += passages.length * 2;

  console.log(probe.timeline.join("\n"));
  console.log(`xss: ${DISTINCT_PAYLOADS} distinct payloads, ${probe.placements} placements (payload x field x page or file) checked on ${probe.pages} page visits`);
  expect(probe.findings).toEqual([]);
  await owner.context.close();
  await member.context.close();
});

type Joined = { participantId: string; token: string; room: string; peersRoom: string };

/** A student's own room over y-websocket with their join token, as a stock client connects. */
async function connectStudent(origin: string, room: string, token: string) {
  class OriginSocket extends WebSocket {
    constructor(url: string | URL) {
      super(url, { headers: { origin } });
    }
  }
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${origin.replace(/^http/, "ws")}/realtime`, room, doc, { WebSocketPolyfill: OriginSocket as never, disableBc: true, params: { token } });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`room ${room} did not sync within 10 s`)), 10_000);
    provider.once("sync", () => (clearTimeout(timer), resolve()));
  });
  return { doc, provider, close: () => (provider.destroy(), doc.destroy()) };
}

/** Where `quote` sits in the document's text, in code points, with the context the server checks. */
function anchor(text: string, quote: string) {
  const at = text.indexOf(quote);
  if (at < 0) throw new Error(`"${quote}" is not in the article`);
  const before = Array.from(text.slice(0, at));
  const after = Array.from(text.slice(at + quote.length));
  const start = before.length;
  return { start, end: start + Array.from(quote).length, exact: quote, prefix: before.slice(-32).join(""), suffix: after.slice(0, 32).join("") };
}

function writeEntry(doc: Y.Doc, root: "annotations" | "comments", fields: Record<string, unknown>) {
  const entry = new Y.Map<unknown>();
  doc.getMap(root).set(fields.id as string, entry);
  for (const [key, value] of Object.entries(fields)) entry.set(key, value);
}

test("payloads in student names and notes run nowhere: join, student page, dashboard, projector, key editor, class export", async ({ browser, baseURL }) => {
  const probe = new XssProbe();
  const origin = baseURL!;
  const teacherName = PAYLOADS[16]!.text;
  const { context, page: teacher } = await signUpAs(browser, teacherName);
  await probe.arm(context);
  await probe.expectToCatch(context);
  await teacher.getByRole("link", { name: /Malian armed forces have just retaken Kidal/ }).click();
  await expectLive(teacher);
  const documentId = new URL(teacher.url()).pathname.split("/").pop()!;
  const { text } = await json<{ text: string }>(await teacher.request.get(`/api/v1/documents/${documentId}`), 200);
  const session = await json<{ id: string; code: string }>(await teacher.request.post(`/api/v1/documents/${documentId}/sessions`, { data: { mode: "open" } }), 201);

  // Students with payload names join (API), each tags a passage and writes a payload note in their own room.
  const names = fitting(40).filter(NO_CONTROLS);
  const quotes = ["most emblematic feat of arms", "according to several sources", "gave a triumphalist speech", "A strategic point"];
  const student = await playwrightRequest.newContext({ baseURL: origin });
  const rooms: Awaited<ReturnType<typeof connectStudent>>[] = [];
  for (const [index, payload] of names.entries()) {
    const joined = await json<Joined>(await student.post("/api/v1/sessions/join", { data: { code: session.code, name: payload.text } }), 201);
    const room = await connectStudent(origin, joined.room, joined.token);
    rooms.push(room);
    const now = Date.now();
    const annotationId = randomUUID();
    const author = { authorId: joined.participantId, authorName: payload.text, createdAt: now, updatedAt: now };
    room.doc.transact(() => {
      writeEntry(room.doc, "annotations", { id: annotationId, ...anchor(text, quotes[index % quotes.length]!), tag: "propaganda", technique: null, ...author, resolved: false, resolvedBy: null, resolvedAt: null });
      writeEntry(room.doc, "comments", { id: randomUUID(), annotationId, parentId: null, ...author, body: `note ${payload.text}`, deleted: false });
    });
  }
  await student.dispose();

  // One student joins through the form, with a payload name, and reads their page (open mode: classmates' notes show).
  const formName = PAYLOADS[2]!.text;
  const pupilContext = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  await probe.arm(pupilContext);
  const pupil = await pupilContext.newPage();
  await pupil.goto(`/join?code=${session.code}`);
  await probe.expectClean(pupil, "join", []);
  await pupil.getByLabel("Your name").fill(formName);
  await pupil.getByRole("button", { name: "Join" }).click();
  await expect(pupil).toHaveURL(new RegExp(`/sessions/${session.id}/participate$`), SLOW);
  await expectLive(pupil);
  await probe.expectClean(pupil, "student page", [formName]);

  // The teacher's pages.
  await teacher.goto(`/sessions/${session.id}`);
  const roster = teacher.getByRole("region", { name: /Participants/ });
  await expect(roster.getByText(`${names.length + 1} joined`, { exact: false })).toBeVisible(SLOW);
  const feed = teacher.getByRole("region", { name: "Newest highlights" });
  await expect(feed.getByText(`note ${names.at(-1)!.text}`)).toBeVisible(SLOW);
  await probe.expectClean(teacher, "teacher dashboard", [teacherName, formName, ...names.map((payload) => payload.text)]);
  await teacher.goto(`/sessions/${session.id}/present`);
  await expect(teacher.getByTestId("joined-count")).toHaveText(`${names.length + 1} students have joined`, SLOW);
  await probe.expectClean(teacher, "projector", []);
  await teacher.goto(`/sessions/${session.id}/key`);
  await expectLive(teacher);
  await probe.expectClean(teacher, "key editor", [teacherName]);

  // The class copy, served and opened from disk.
  const exported = await teacher.goto(`/api/v1/sessions/${session.id}/export?format=html&disposition=inline`);
  expect(exported!.headers()["content-security-policy"]).toMatch(/\bsandbox\b/);
  await probe.expectClean(teacher, "class export html (served)", names.map((payload) => payload.text), { sandboxed: [teacher.mainFrame()] });
  const file = path.join(os.tmpdir(), `xss-class-${randomUUID()}.html`);
  fs.writeFileSync(file, await exported!.body());
  await teacher.goto(pathToFileURL(file).href);
  await probe.expectClean(teacher, "class export html (file)", [...names.map((payload) => payload.text), ...names.map((payload) => `note ${payload.text}`)]);

  console.log(probe.timeline.join("\n"));
  console.log(`xss classroom: ${probe.placements} payload placements checked on ${probe.pages} page visits`);
  expect(probe.findings).toEqual([]);
  for (const room of rooms) room.close();
  await pupilContext.close();
  await context.close();
});
