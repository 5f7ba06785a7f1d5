import { expect, test } from "@playwright/test";
import { startOwnServer } from "./own-server.ts";
import { dragSelect, formTeam, highlight, thread } from "./team.ts";

// This test restarts its server, so it gets one of its own instead of the shared one.
test("offline edits are kept, merge on reconnect, and survive a reload and a server restart", async ({ browser }) => {
  test.setTimeout(180_000);
  const server = await startOwnServer();
  try {
    const { owner: a, members } = await formTeam(browser, [{ name: "Bakary", role: "EDITOR" }], { baseURL: server.baseURL });
    const b = members[0]!;
    await dragSelect(a.page, "“tactical” withdrawal");
    await a.page.getByRole("dialog", { name: "Tag this passage" }).getByRole("button", { name: "Propaganda" }).click();
    await a.page.getByRole("button", { name: "Loaded Language", exact: true }).click();
    await expect(highlight(b.page, "withdrawal", "propaganda")).toBeVisible();

    await b.context.setOffline(true);
    await expect(b.page.locator(".connection")).toContainText("Offline");
    await dragSelect(b.page, "urban fighting");
    await b.page.getByRole("dialog", { name: "Tag this passage" }).getByRole("button", { name: "Context" }).click();
    await b.page.getByRole("button", { name: "Missing background", exact: true }).click();
    await b.page.getByLabel("Add a comment").fill("Which civilians, and where? The article never says.");
    await b.page.getByRole("button", { name: "Comment", exact: true }).click();
    await expect(thread(b.page, "urban fighting").locator(".comment")).toContainText("Which civilians");
    // b is offline: nothing it wrote can reach a until it reconnects below.
    await expect(highlight(a.page, "urban fighting")).toHaveCount(0);

    await b.context.setOffline(false);
    await expect(b.page.locator(".connection")).toContainText("Live");
    await expect(highlight(a.page, "urban fighting", "context")).toBeVisible();
    await highlight(a.page, "urban fighting").click();
    await expect(thread(a.page, "urban fighting").locator(".comment")).toContainText("Which civilians, and where?");

    const checkEverything = async () => {
      for (const page of [a.page, b.page]) {
        await expect(highlight(page, "withdrawal", "propaganda")).toBeVisible();
        await expect(highlight(page, "urban fighting", "context")).toBeVisible();
        await highlight(page, "urban fighting").click();
        await expect(thread(page, "urban fighting").locator(".comment")).toContainText("Which civilians, and where?");
      }
    };
    await Promise.all([a.page.reload(), b.page.reload()]);
    await checkEverything();

    await server.restart();
    await Promise.all([a.page.reload(), b.page.reload()]);
    await expect(a.page.locator(".connection")).toContainText("Live");
    await checkEverything();
  } finally {
    await server.stop();
  }
});
