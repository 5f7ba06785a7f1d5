import { devices, expect, test, type Page } from "@playwright/test";
import { formTeam, highlight, thread } from "./team.ts";

/** Keyboard tagging: "/" finds and selects the passage, the tag's key, then the sub-label. */
async function tag(page: Page, passage: string, key: "1" | "2" | "3", label: string | null, comment?: string) {
  await page.locator("body").press("/");
  await page.keyboard.type(passage);
  await page.keyboard.press("Enter");
  await page.keyboard.press(key);
  if (label) await page.keyboard.type(label);
  await page.keyboard.press("Enter");
  const compose = page.locator("textarea:focus");
  await expect(compose).toHaveAccessibleName(/Add a comment|Add to the discussion/);
  if (comment) {
    await page.keyboard.type(comment);
    await page.keyboard.press("Control+Enter");
    await expect(compose).toHaveValue("");
  }
  await page.keyboard.press("Escape");
  await expect(page.getByRole("region", { name: "Article text" })).toBeFocused();
}

test("screenshots of the annotated Kidal article on desktop and phone", async ({ browser }, testInfo) => {
  test.setTimeout(180_000);
  const { owner: a, members } = await formTeam(browser, [{ name: "Bakary Diallo", role: "EDITOR" }], { ownerName: "Awa Traoré" });
  const b = members[0]!;

  await tag(a.page, '"tactical" withdrawal', "1", "Loaded", "Whose word is “tactical”? Only the rebels' statement is quoted.");
  await tag(b.page, "according to several sources", "2", "Anonymous", "Which sources? None is named, and the losses are not counted.");
  await tag(a.page, "failed to do in ten years, Mali did in two", "1", "Exaggeration");
  await tag(b.page, "Mali did in two", "1", "Flag");
  await tag(a.page, "Wagner mercenaries", "3", "Missing background", "Readers need to know who Wagner is and what it is accused of.");
  await tag(b.page, "undoubtedly a harbinger of a coordinated response", "3", "Disputed", "Stated as fact, with nothing to back it.");
  await expect(a.page.locator(".threads > li")).toHaveCount(6);

  // B replies in A's thread and starts another reply; B also selects a passage.
  await highlight(b.page, "withdrawal").click();
  await thread(b.page, "withdrawal").getByRole("button", { name: /^Reply to/ }).click();
  await b.page.keyboard.type("Agreed. The army calls it a rout; neither side is neutral here.");
  await b.page.keyboard.press("Control+Enter");
  await highlight(a.page, "withdrawal").click();
  await expect(thread(a.page, "withdrawal").locator(".comments--replies")).toContainText("neither side is neutral");
  await thread(b.page, "withdrawal").getByLabel("Add to the discussion").pressSequentially("Also the same");
  await expect(thread(a.page, "withdrawal")).toContainText("Bakary Diallo typing");
  await b.page.keyboard.press("Escape");
  await b.page.keyboard.press("/");
  await b.page.keyboard.type("to avoid urban fighting");
  await b.page.keyboard.press("Enter");
  await expect(a.page.locator(".remote-selection-name")).toHaveText("Bakary Diallo");

  await a.page.locator(".annotate-text mark").first().scrollIntoViewIfNeeded();
  await a.page.evaluate(() => document.querySelector('[data-block="2"]')?.scrollIntoView({ block: "start" }));
  await a.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await a.page.screenshot({ path: testInfo.outputPath("annotate-desktop.png") });
  await a.page.screenshot({ path: "test-results/screenshots/annotate-desktop.png" });

  const phone = await browser.newContext({ ...devices["Pixel 7"], storageState: await a.context.storageState() });
  const phonePage = await phone.newPage();
  await phonePage.goto(a.page.url());
  await expect(phonePage.locator(".annotate[data-ready]")).toBeVisible();
  await expect(phonePage.locator(".annotate-text mark")).not.toHaveCount(0);
  await phonePage.evaluate(() => document.querySelector('[data-block="2"]')?.scrollIntoView({ block: "start" }));
  await phonePage.screenshot({ path: "test-results/screenshots/annotate-phone.png" });
  await highlight(phonePage, "withdrawal").click();
  await expect(phonePage.getByRole("complementary", { name: "Highlights and comments" })).toBeVisible();
  await phonePage.screenshot({ path: "test-results/screenshots/annotate-phone-drawer.png" });
  await phone.close();
});
