import path from "node:path";
import { expect, test } from "@playwright/test";
import { formTeam, highlight, thread } from "./team.ts";

const fixture = (name: string) => path.resolve(import.meta.dirname, "../test/fixtures/import", name);

test("an owner imports a Hypothesis export after reading its dry-run report; a commenter sees the highlights arrive", async ({ browser }, testInfo) => {
  test.setTimeout(180_000);
  const { owner, members } = await formTeam(browser, [{ name: "Cam", role: "COMMENTER" }]);
  const commenter = members[0]!;
  await expect(commenter.page.getByRole("button", { name: "Import annotations" })).toHaveCount(0);

  await owner.page.getByRole("button", { name: "Import annotations" }).click();
  const dialog = owner.page.getByRole("dialog", { name: "Import annotations" });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel("W3C Web Annotation (JSON-LD) or Hypothesis export file").setInputFiles(fixture("hypothesis-kidal.json"));
  await expect(dialog.getByRole("heading", { name: "What this file holds" })).toBeVisible();
  await expect(dialog.getByText("3 highlights will be imported, with 3 comments")).toBeVisible();
  await expect(dialog.getByText("Independence Square in Bamako")).toBeVisible();
  // Nothing is written before the owner confirms.
  await expect(owner.page.locator(".annotate-text mark[data-annotation-id]")).toHaveCount(0);
  await owner.page.screenshot({ path: testInfo.outputPath("import-dry-run.png") });

  await dialog.getByRole("button", { name: "Import 3 highlights" }).click();
  await expect(dialog.getByRole("status")).toHaveText("Imported 3 highlights. They are now in the text.");
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(dialog).toBeHidden();
  await expect(owner.page.getByRole("button", { name: "Import annotations" })).toBeFocused();

  // Straight quotes in the file, the article's curly ones in the text.
  await expect(highlight(commenter.page, "It’s difficult to ignore Wagner’s fighters", "sourcing")).toBeVisible();
  await expect(highlight(commenter.page, "tactical", "propaganda")).toBeVisible();
  // Dana's note and the two replies from the export form the thread.
  await expect(thread(commenter.page, "tactical")).toContainText("Dana Ruiz · 3 comments");
  await owner.page.screenshot({ path: testInfo.outputPath("import-done.png") });
});
