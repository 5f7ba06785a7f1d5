import fs from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { newPerson, signUp } from "./people.ts";
import { expectLive, thread } from "./team.ts";

/**
 * Issue 15's accessibility check: axe on every page of the app, in the states people meet them
 * in (a document with highlights and an open thread, the export menu and its preview, an
 * annotation import's report with warnings, a class session from all three sides), with no
 * serious or critical violation. Which pages exist is read from app/**\/page.tsx, so a new page
 * fails this test until it is audited here.
 */
// 28 audits of 1.5-10 s each on a machine shared by a dozen builds (2.3 min in all there): room to spare.
test.describe.configure({ timeout: 300_000 });

const APP = path.resolve(import.meta.dirname, "../app");
const NOT_FOUND = "404 (app/not-found.tsx)";

/** Every page route of the app, as its file path says ("/workspaces/[id]/settings"), plus the 404 page. */
function appRoutes(dir = APP): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return appRoutes(full);
    if (entry.name === "page.tsx") return [`/${path.relative(APP, dir).split(path.sep).join("/")}`.replace(/\/$/, "") || "/"];
    if (entry.name === "not-found.tsx" && dir === APP) return [NOT_FOUND];
    return [];
  });
}

/** The route whose pattern a path matches ("/documents/abc" is "/documents/[id]"); route groups "(x)" add no segment. */
function routeOf(routes: string[], pathname: string): string | undefined {
  return routes.find((route) => {
    const pattern = route
      .split("/")
      .filter((segment) => !/^\(.*\)$/.test(segment))
      .map((segment) => (/^\[.*\]$/.test(segment) ? "[^/]+" : segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
      .join("/");
    return new RegExp(`^${pattern || "/"}$`).test(pathname);
  });
}

const ROUTES = appRoutes();

/**
 * Runs axe on pages and keeps the record: which route of app/ each audit covered, how long it
 * took, and the findings below "serious" (reported, not failing). A serious or critical finding
 * fails the test (softly, so one run lists them all).
 */
function auditor() {
  const audited = new Map<string, string[]>();
  const timings: string[] = [];
  const lesser = new Set<string>();

  const check = async (page: Page, label: string, builder: AxeBuilder): Promise<void> => {
    const started = Date.now();
    const results = await builder.analyze();
    timings.push(`${label} ${Date.now() - started} ms`);
    // A page axe found nothing to check on would pass vacuously.
    expect(results.passes.length, `${label}: axe checked nothing`).toBeGreaterThan(10);
    const serious = results.violations.filter((violation) => ["serious", "critical"].includes(violation.impact ?? ""));
    const describe = (violation: (typeof results.violations)[number]) => `${violation.id} ${violation.help} (${violation.nodes.map((node) => node.target.join(" ")).join(", ")})`;
    for (const violation of results.violations) if (!serious.includes(violation)) lesser.add(`${label}: ${violation.impact} ${describe(violation)}`);
    expect.soft(serious.map((violation) => `${label}: ${describe(violation)}`)).toEqual([]);
  };

  return {
    /**
     * A page of the app as it is now. The export preview is a sandboxed frame without scripts,
     * where axe cannot run: it is left out here and its document audited with `auditDocument`.
     */
    async audit(page: Page, label: string, options: { route?: string } = {}): Promise<void> {
      const route = options.route ?? routeOf(ROUTES, new URL(page.url()).pathname);
      expect(route, `${label}: ${page.url()} is not a page of app/`).toBeDefined();
      // Next streams a dynamic page's metadata: wait for the <title> a reader gets before judging
      // the page (a page that never gets one still fails here, by name).
      await expect(page, `${label}: the page has no title`).toHaveTitle(/\S/);
      await check(page, label, new AxeBuilder({ page }).exclude("iframe[sandbox]"));
      audited.set(route!, [...(audited.get(route!) ?? []), label]);
    },
    /** A document that is not a page of app/ (an export). */
    auditDocument: (page: Page, label: string) => check(page, label, new AxeBuilder({ page })),
    audited,
    report: () => [
      { type: "pages audited", description: [...audited].map(([route, labels]) => `${route}: ${labels.join("; ")}`).join(" | ") },
      { type: "axe timings", description: timings.join(", ") },
      { type: "findings below serious", description: [...lesser].join(", ") || "none" },
    ],
  };
}

/** A W3C file that imports with warnings: one quote the article does not have, one tag that is not ours. */
function importWithWarnings(): Buffer {
  const file = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, "../test/fixtures/import/w3c-kidal.jsonld"), "utf8")) as {
    first: { items: { body: unknown; target: { selector: unknown } }[] };
  };
  const [first] = file.first.items;
  file.first.items.push(
    { ...first!, target: { selector: [{ type: "TextQuoteSelector", exact: "a sentence this article never had", prefix: "", suffix: "" }] } },
    { ...first!, body: [{ type: "TextualBody", purpose: "tagging", value: "clickbait" }], target: { selector: [{ type: "TextQuoteSelector", exact: "A strategic point", prefix: "", suffix: "" }] } },
  );
  return Buffer.from(JSON.stringify(file));
}

async function newPage(browser: Browser, options: Parameters<Browser["newContext"]>[0] = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, ...options });
  return context.newPage();
}

test("every page of the app passes axe with no serious or critical violation", async ({ browser }) => {
  expect(ROUTES.length).toBeGreaterThan(10);
  const { audit, auditDocument, audited, report } = auditor();

  // Someone not signed in.
  const visitor = await newPage(browser);
  for (const pathname of ["/", "/signin", "/signup", "/demo", "/join"]) {
    await visitor.goto(pathname);
    await audit(visitor, `visitor ${pathname}`);
  }
  const missing = await visitor.goto("/no-such-page");
  expect(missing?.status()).toBe(404);
  await audit(visitor, "404", { route: NOT_FOUND });

  // An owner and teacher: signing up lands in their first workspace, which holds the Kidal article.
  const owner = await newPage(browser);
  await signUp(owner, newPerson("Awa"));
  await expect(owner.getByRole("heading", { level: 1, name: /workspace/ })).toBeVisible({ timeout: 20_000 });
  const workspaceUrl = owner.url();
  await audit(owner, "workspace");
  for (const sub of ["settings", "mentions"]) {
    await owner.goto(`${workspaceUrl}/${sub}`);
    await audit(owner, `workspace ${sub}`);
  }
  await owner.goto(`${workspaceUrl}/members`);
  await owner.getByRole("button", { name: "Create invitation link" }).click();
  const inviteLink = (await owner.getByTestId("invite-link").textContent())!;
  await audit(owner, "members, with an invitation link");
  for (const pathname of ["/", "/workspaces", "/settings"]) {
    await owner.goto(pathname);
    await audit(owner, `owner ${pathname}`);
  }

  // Importing an article: the source step, then the review of what was read.
  await owner.goto(`${workspaceUrl}/import`);
  await audit(owner, "import, source");
  await owner.getByLabel("Article text or Markdown").fill("A headline to check\n\nThe first paragraph.\n\nThe second one.\n\nsource Test Wire");
  await owner.getByRole("button", { name: "Continue" }).click();
  // A server action on a machine that may be busy: allow it more than the default 5 s.
  await expect(owner.getByRole("heading", { name: "Check the details" })).toBeVisible({ timeout: 20_000 });
  await audit(owner, "import, review");

  // The article with highlights written through the REST API, and one thread open.
  await owner.goto(workspaceUrl);
  await owner.getByRole("link", { name: /Malian armed forces have just retaken Kidal/ }).click();
  await expectLive(owner);
  const documentUrl = owner.url();
  const documentId = new URL(documentUrl).pathname.split("/").at(-1)!;
  for (const [exact, tag, comment] of [
    ["A strategic point", "context", "Where is it?"],
    ["triumphalist speech", "propaganda", "Whose words are these?"],
  ]) {
    const created = await owner.request.post(`/api/v1/documents/${documentId}/annotations`, {
      headers: { "content-type": "application/ld+json" },
      data: {
        type: "Annotation",
        body: [
          { type: "TextualBody", purpose: "tagging", value: tag },
          { type: "TextualBody", purpose: "commenting", value: comment },
        ],
        target: { selector: { type: "TextQuoteSelector", exact, prefix: "", suffix: "" } },
      },
    });
    expect(created.status(), await created.text()).toBe(201);
  }
  await owner.reload();
  await expectLive(owner);
  const card = thread(owner, "triumphalist speech");
  await card.locator(".thread-toggle").click();
  await expect(card.locator(".comment")).toContainText("Whose words are these?");
  await audit(owner, "document, a thread open");

  // The annotation import's report after a dry run with warnings.
  await owner.getByRole("button", { name: "Import annotations" }).click();
  const importDialog = owner.getByRole("dialog", { name: "Import annotations" });
  await importDialog.getByLabel("W3C Web Annotation (JSON-LD) or Hypothesis export file").setInputFiles({ name: "warnings.jsonld", mimeType: "application/ld+json", buffer: importWithWarnings() });
  await expect(importDialog.getByRole("heading", { name: "Not found in this article" })).toBeVisible();
  await expect(importDialog.getByRole("heading", { name: /Tagged Context/ })).toBeVisible();
  await audit(owner, "annotation import report with warnings");
  await owner.keyboard.press("Escape");
  await expect(importDialog).toBeHidden();

  // The export menu, then its preview; the preview's document itself, audited where axe can run.
  await owner.getByText("Export", { exact: true }).click();
  await expect(owner.getByRole("group", { name: "Export an annotated copy" })).toBeVisible();
  await audit(owner, "export menu");
  await owner.getByRole("button", { name: "Preview the web page" }).click();
  const preview = owner.locator("iframe[title='Preview of the annotated copy']");
  await expect(owner.frameLocator("iframe[title='Preview of the annotated copy']").locator("mark[data-highlight]").first()).toBeVisible();
  await audit(owner, "export menu with the preview");
  // The copy is served with a CSP sandbox (no scripts); axe is a script, so only this reader lifts it.
  const previewCopy = await newPage(browser, { storageState: await owner.context().storageState(), bypassCSP: true });
  await previewCopy.goto(new URL((await preview.getAttribute("src"))!, documentUrl).href);
  await expect(previewCopy.locator("mark[data-highlight]").first()).toBeVisible();
  await auditDocument(previewCopy, "export preview's document");

  await owner.goto(`${documentUrl}/edit`);
  await audit(owner, "document edit");

  // The same person as a teacher: a class session, its key editor, dashboard and projector page.
  const created = await owner.request.post(`/api/v1/documents/${documentId}/sessions`, { data: { mode: "blind" } });
  expect(created.status()).toBe(201);
  const session = (await created.json()) as { id: string; code: string };
  await owner.goto(`/sessions/${session.id}/key`);
  await expectLive(owner);
  await audit(owner, "key editor");
  const finder = owner.getByLabel("Find and select text in the article");
  await finder.fill("gave a triumphalist speech");
  await finder.press("Enter");
  await owner.keyboard.press("Enter");
  await expect(owner.getByRole("dialog", { name: "Tag this passage" })).toBeVisible();
  await audit(owner, "key editor, tagging a passage");
  await owner.keyboard.press("Escape");

  // A student joins from the code, with no account.
  const student = await newPage(browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await student.goto(`/join?code=${session.code}`);
  await audit(student, "join, code filled in");
  await student.getByLabel("Your name").fill("Aminata");
  await student.getByRole("button", { name: "Join" }).click();
  await expect(student).toHaveURL(new RegExp(`/sessions/${session.id}/participate$`));
  await expectLive(student);
  await audit(student, "student's session page");

  await owner.goto(`/sessions/${session.id}`);
  await expect(owner.getByTestId("session-state")).toBeVisible();
  await audit(owner, "teacher dashboard");
  await owner.goto(`/sessions/${session.id}/present`);
  await expect(owner.getByTestId("join-code")).toHaveText(session.code);
  await audit(owner, "projector");

  // The invitation, as the person it was sent to opens it.
  await visitor.goto(inviteLink);
  await audit(visitor, "invitation");

  test.info().annotations.push(...report());
  expect(ROUTES.filter((route) => !audited.has(route)), "pages of app/ this test did not audit").toEqual([]);
  await Promise.all([visitor, owner, student, previewCopy].map((page) => page.context().close()));
});
