import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { watchCspViolations } from "./csp.ts";
import { newPerson, signUp } from "./people.ts";
import { expectLive } from "./team.ts";

/** In reading order, so the copy numbers them 1, 2, 3. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.filter((violation) => ["serious", "critical"].includes(violation.impact ?? "")).map((violation) => `${violation.id}: ${violation.help}`);
}

const QUOTES = [
  { exact: "A strategic point", tag: "context", technique: null, comment: "Where is it? Read more at https://en.wikipedia.org/wiki/Kidal" },
  { exact: "enormous land and air resources", tag: "propaganda", technique: "loaded-language", comment: "Whose words are these? <script>alert('x')</script>" },
  { exact: "triumphalist speech", tag: "sourcing", technique: null, comment: '[see](javascript:alert(1)) =HYPERLINK("http://evil.example")' },
];

test("the Export menu previews and downloads an HTML copy that reads offline with every highlight and note", async ({ page, browser }, testInfo) => {
  // Signing up, three highlights, a preview, a download and two offline readings: longer than the default.
  test.setTimeout(120_000);
  const cspViolations = await watchCspViolations(page.context());
  const owner = newPerson("Awa");
  await signUp(page, owner);
  await page.getByRole("link", { name: /Malian armed forces have just retaken Kidal/ }).click();
  await expectLive(page);
  const documentId = new URL(page.url()).pathname.split("/").at(-1)!;

  // Highlights with their first comment, written through the REST API with the browser's session.
  for (const quote of QUOTES) {
    const response = await page.request.post(`/api/v1/documents/${documentId}/annotations`, {
      headers: { "content-type": "application/ld+json" },
      data: {
        type: "Annotation",
        body: [
          { type: "TextualBody", purpose: "tagging", value: quote.tag },
          ...(quote.technique ? [{ type: "TextualBody", purpose: "classifying", value: quote.technique }] : []),
          { type: "TextualBody", purpose: "commenting", value: quote.comment },
        ],
        target: { selector: { type: "TextQuoteSelector", exact: quote.exact, prefix: "", suffix: "" } },
      },
    });
    expect(response.status(), await response.text()).toBe(201);
  }
  await page.reload();
  await expectLive(page);

  await page.getByText("Export", { exact: true }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("group", { name: "Export an annotated copy" })).toBeVisible();
  await expect(page.getByRole("radio", { name: /Web page \(HTML\)/ })).toBeChecked();
  // The open menu is audited before the preview exists: axe injects itself into every frame, and
  // the preview is a sandboxed frame without scripts, where that injection can hang. The copy
  // itself is audited on its own below.
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByRole("button", { name: "Preview the web page" }).click();
  const preview = page.frameLocator("iframe[title='Preview of the annotated copy']");
  await expect(preview.locator("h1")).toHaveText(/Kidal/);
  await expect(preview.locator("mark[data-highlight]").first()).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("export-menu.png") });
  await page.screenshot({ path: "test-results/screenshots/export-menu.png" });

  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: /^Download Web page/ }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^the Malian armed forces have just retaken Kidal.* \d{4}-\d{2}-\d{2}\.html$/);
  const file = path.join(os.tmpdir(), `export-${Date.now()}-${download.suggestedFilename()}`);
  await download.saveAs(file);
  // The document page, its Export menu and the preview frame ran under the page's policy without a block.
  expect(cspViolations).toEqual([]);

  // Read the copy from disk with the network off: every request but the file itself would fail.
  for (const width of [1400, 600]) {
    const context = await browser.newContext({ viewport: { width, height: 900 }, javaScriptEnabled: false, offline: true });
    const reader = await context.newPage();
    const requested: string[] = [];
    reader.on("request", (request) => requested.push(request.url()));
    await reader.goto(pathToFileURL(file).href);
    expect(requested).toEqual([pathToFileURL(file).href]);
    await expect(reader.locator("h1")).toHaveText(/Malian armed forces have just retaken Kidal/);
    for (const [index, quote] of QUOTES.entries()) {
      const number = index + 1;
      const mark = reader.locator(`mark[data-highlight="${number}"]`).first();
      await expect(mark).toBeVisible();
      // Whichever copy of the note this width shows, the visible link from the mark leads to it.
      const link = reader.locator(`#mark-${number} a:visible`);
      await expect(link).toHaveCount(1);
      const target = (await link.getAttribute("href"))!;
      await link.click();
      const note = reader.locator(target);
      await expect(note).toBeVisible();
      await expect(note).toContainText(quote.comment.includes("<script>") ? "<script>alert('x')</script>" : quote.comment.slice(0, 12));
      await expect(note.locator("a.back")).toHaveAttribute("href", `#mark-${number}`);
    }
    expect(await reader.locator("a[href^='javascript:' i]").count()).toBe(0);
    await reader.screenshot({ path: `test-results/screenshots/export-html-${width}.png`, fullPage: false });
    await context.close();
  }

  // The copy itself passes an accessibility audit (axe needs script; the copy's network stays off).
  const audit = await browser.newContext({ offline: true });
  const copyViolations = await watchCspViolations(audit);
  const auditPage = await audit.newPage();
  await auditPage.goto(pathToFileURL(file).href);
  expect(await seriousViolations(auditPage)).toEqual([]);
  // The copy's own policy (a meta element) lets its stylesheet in: its hash matches.
  expect(copyViolations).toEqual([]);
  await audit.close();
});
