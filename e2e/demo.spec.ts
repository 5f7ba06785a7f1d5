import fs from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { EXAMPLE_KEY } from "../lib/classroom/example-key-data.ts";
import { highlight, thread } from "./team.ts";

/** What the seed file says, read independently of the app's own parser. */
function seedArticle() {
  const chunks = fs
    .readFileSync(new URL("../prisma/seed/demo-article.txt", import.meta.url), "utf8")
    .split(/\n\s*\n/)
    .map((chunk) => chunk.trim())
    .filter(Boolean);
  const headline = chunks.shift()!;
  const sourceLine = chunks.pop()!;
  return { headline, sourceLine, blocks: chunks };
}

test("the demo article shows its headline, source and every paragraph in order", async ({ page }, testInfo) => {
  const seed = seedArticle();
  expect(seed.sourceLine).toBe("source site-28");

  const response = await page.goto("/demo");
  expect(response?.status()).toBe(200);
  await expect(page).toHaveTitle(/Demo article · Marginalia/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(seed.headline);
  await expect(page.locator(".article-meta")).toContainText("site-28");
  await expect(page.locator(".article-body [data-block]")).toHaveText(seed.blocks);
  await expect(page.locator(".article-body")).not.toContainText("source site-28");
  await expect(page.getByRole("link", { name: "Sign up to annotate" })).toBeVisible();

  await page.screenshot({ path: testInfo.outputPath(`demo-${testInfo.project.name}.png`), fullPage: true });
  await page.screenshot({ path: `test-results/screenshots/demo-${testInfo.project.name}.png`, fullPage: false });
});

test("the demo shows the example answer key: highlights with sub-labels and a teacher's explanation", async ({ page }, testInfo) => {
  await page.goto("/demo");
  await expect(page.locator(".annotate[data-ready]")).toBeVisible();
  await expect(highlight(page, "according to several sources", "sourcing")).toBeVisible();
  await expect(page.locator(".annotate-text mark[data-annotation-id]").first()).toBeVisible();
  // The margin is a drawer on a phone.
  if (testInfo.project.name === "phone") await page.getByRole("button", { name: /^Highlights and comments/ }).click();
  await expect(page.locator(".threads > li.thread")).toHaveCount(EXAMPLE_KEY.length);
  const card = thread(page, "according to several sources");
  await expect(card).toContainText("Anonymous source");
  await expect(card).toContainText("Example answer key");
  await card.locator(".thread-toggle").click();
  await expect(card.locator(".comment")).toContainText("Which sources: soldiers, hospitals, the rebels?");
  await expect(page.getByText("Demo: read only")).toBeVisible();
  await expect(page.getByRole("button", { name: "Resolve thread" })).toHaveCount(0);
});

test("the demo and home pages have no serious accessibility violations", async ({ page }) => {
  for (const path of ["/demo", "/"]) {
    await page.goto(path);
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations.filter((violation) => ["serious", "critical"].includes(violation.impact ?? ""));
    expect(serious.map((violation) => `${path}: ${violation.id} ${violation.help}`)).toEqual([]);
  }
});

test("keyboard users can skip straight to the article", async ({ page }) => {
  await page.goto("/demo");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("main")).toBeFocused();
});

test("an unknown document gets a helpful 404 page", async ({ page }) => {
  const response = await page.goto("/documents/does-not-exist");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("We can’t find that page");
  await page.getByRole("link", { name: "Read the demo article" }).click();
  await expect(page).toHaveURL(/\/demo$/);
});

test("the health endpoint reports the database", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: "ok", database: "ok" });
});
