import { expect, test } from "@playwright/test";
import { newPerson, signUp } from "./people.ts";

const ARTICLE_HTML = `<!doctype html>
<html lang="en"><head><title>Harbour reopens | The Coast Times</title>
<meta property="og:site_name" content="The Coast Times">
<meta name="author" content="Ines Duarte">
<meta property="article:published_time" content="2026-11-02T08:00:00Z"></head>
<body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<script>window.tracking = "should never appear";</script>
<article>
<h1>Harbour reopens after the storm</h1>
<p>The harbour reopened on Monday, officials said, three days after the storm closed it.</p>
<p>Fishermen who spoke to the paper said the damage was worse than reported.</p>
<h2>What the port authority says</h2>
<p>The port authority called the reopening a “complete recovery”, without giving figures.</p>
</article>
<aside class="ad">Buy now!</aside>
</body></html>`;

test("a team forms: sign up, import, invite a commenter, then make them a viewer", async ({ browser }) => {
  test.setTimeout(120_000);
  const owner = newPerson("Olivia");
  const member = newPerson("Marc");
  const ownerContext = await browser.newContext();
  const memberContext = await browser.newContext();
  const ownerPage = await ownerContext.newPage();
  const memberPage = await memberContext.newPage();

  // Sign up: the first workspace already holds the demo article.
  await signUp(ownerPage, owner);
  await expect(ownerPage.getByRole("heading", { level: 1, name: `${owner.name}’s workspace` })).toBeVisible();
  await expect(ownerPage.getByRole("link", { name: /Malian armed forces have just retaken Kidal/ })).toBeVisible();

  // A new workspace for the team.
  await ownerPage.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Workspaces" }).click();
  await ownerPage.getByLabel("New workspace").fill("Fact-check desk");
  await ownerPage.getByRole("button", { name: "Create workspace" }).click();
  await expect(ownerPage.getByRole("heading", { level: 1, name: "Fact-check desk" })).toBeVisible();
  const workspaceUrl = ownerPage.url();

  // Import by paste, checking the details before saving.
  await ownerPage.getByRole("link", { name: "Import an article" }).click();
  await ownerPage.getByLabel("Article text or Markdown").fill(
    "Ceasefire talks stall\n\nNegotiators left the capital on Friday without an agreement.\n\nBoth sides blamed the other.\n\nsource Example Wire",
  );
  await ownerPage.getByRole("button", { name: "Continue" }).click();
  await expect(ownerPage.getByLabel("Title")).toHaveValue("Ceasefire talks stall");
  await expect(ownerPage.getByLabel("Source")).toHaveValue("Example Wire");
  await ownerPage.getByLabel("Author").fill("R. Reporter");
  await ownerPage.getByRole("button", { name: "Save article" }).click();
  await expect(ownerPage.getByRole("heading", { level: 1, name: "Ceasefire talks stall" })).toBeVisible();
  await expect(ownerPage.locator(".article-body [data-block]")).toHaveText([
    "Negotiators left the capital on Friday without an agreement.",
    "Both sides blamed the other.",
  ]);

  // Editing the text makes a new version; the old one stays readable.
  await ownerPage.getByRole("link", { name: "Edit text" }).click();
  await expect(ownerPage).toHaveURL(/\/edit$/);
  await ownerPage.getByLabel("Text", { exact: true }).fill(
    "Negotiators left the capital on Friday without an agreement.\n\nBoth sides blamed the other.\n\nA new round is planned.",
  );
  await ownerPage.getByRole("button", { name: "Save as new version" }).click();
  await expect(ownerPage.getByText("The text was edited.")).toBeVisible();
  await expect(ownerPage.locator(".article-body [data-block]")).toHaveCount(3);
  await ownerPage.getByRole("link", { name: "See the previous version" }).click();
  await expect(ownerPage.getByText("This is an earlier version of the article.")).toBeVisible();
  await expect(ownerPage.locator(".article-body [data-block]")).toHaveCount(2);

  // Import by uploading a saved web page: only the article survives, metadata is prefilled.
  await ownerPage.goto(`${workspaceUrl}/import`);
  await ownerPage.getByLabel("Upload a file").check();
  await ownerPage.getByLabel(/^File/).setInputFiles({ name: "harbour.html", mimeType: "text/html", buffer: Buffer.from(ARTICLE_HTML) });
  await ownerPage.getByRole("button", { name: "Continue" }).click();
  await expect(ownerPage.getByLabel("Title")).toHaveValue(/Harbour reopens/);
  await expect(ownerPage.getByLabel("Source")).toHaveValue("The Coast Times");
  await expect(ownerPage.getByLabel("Author")).toHaveValue("Ines Duarte");
  await expect(ownerPage.getByLabel("Published")).toHaveValue("2026-11-02");
  await ownerPage.getByLabel("Title").fill("Harbour reopens after the storm");
  await ownerPage.getByRole("button", { name: "Save article" }).click();
  await expect(ownerPage.getByRole("heading", { level: 1, name: "Harbour reopens after the storm" })).toBeVisible();
  await expect(ownerPage.locator(".article-body")).toContainText("worse than reported");
  await expect(ownerPage.locator(".article-body")).not.toContainText("should never appear");
  await expect(ownerPage.locator(".article-body")).not.toContainText("Buy now");

  // Invite a commenter by link.
  await ownerPage.goto(`${workspaceUrl}/members`);
  await ownerPage.getByLabel("They join as").selectOption("COMMENTER");
  await ownerPage.getByRole("button", { name: "Create invitation link" }).click();
  const inviteLink = await ownerPage.getByTestId("invite-link").textContent();
  expect(inviteLink).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);

  // The second person signs up from the link and joins.
  await memberPage.goto(inviteLink!);
  await expect(memberPage.getByRole("heading", { name: "Join “Fact-check desk”" })).toBeVisible();
  await memberPage.getByRole("link", { name: "Create an account to join" }).click();
  await expect(memberPage).toHaveURL(/\/signup\?callbackUrl=%2Finvite%2F/);
  await signUp(memberPage, member, memberPage.url());
  await expect(memberPage.getByRole("heading", { name: "Join “Fact-check desk”" })).toBeVisible();
  await memberPage.getByRole("button", { name: "Join Fact-check desk" }).click();
  await expect(memberPage.getByRole("heading", { level: 1, name: "Fact-check desk" })).toBeVisible();
  await expect(memberPage.getByText("You are commenter")).toBeVisible();

  // A commenter sees the articles and has no way to import.
  await expect(memberPage.getByRole("link", { name: "Ceasefire talks stall" })).toBeVisible();
  await expect(memberPage.getByRole("link", { name: "Harbour reopens after the storm" })).toBeVisible();
  await expect(memberPage.getByRole("link", { name: "Import an article" })).toHaveCount(0);
  const forced = await memberPage.goto(`${workspaceUrl}/import`);
  expect(forced?.status()).toBe(404);

  // The owner makes them a viewer; it applies on their next page load, no new sign-in.
  await ownerPage.reload();
  const row = ownerPage.getByTestId(`member-${member.email}`);
  await row.getByLabel(`Role of ${member.name}`).selectOption("VIEWER");
  await row.getByRole("button", { name: "Change role" }).click();
  // The select shows the choice at once; the status says the server has saved it.
  await expect(row.getByRole("status")).toHaveText("Role saved: viewer.");
  await expect(row.getByLabel(`Role of ${member.name}`)).toHaveValue("VIEWER");

  await memberPage.goto(workspaceUrl);
  await expect(memberPage.getByText("You are viewer")).toBeVisible();
  await expect(memberPage.getByRole("link", { name: "Ceasefire talks stall" })).toBeVisible();

  await ownerContext.close();
  await memberContext.close();
});

test("sign-in explains wrong passwords and the limit on attempts", async ({ page }) => {
  const someone = newPerson("Sam");
  await signUp(page, someone);
  await expect(page.getByRole("heading", { level: 1, name: `${someone.name}’s workspace` })).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();

  await page.goto("/signin");
  const message = page.locator(".form-message-error");
  const submit = page.getByRole("button", { name: "Sign in", exact: true });
  for (let attempt = 1; attempt <= 5; attempt++) {
    await page.getByLabel("Email").fill(someone.email);
    await page.getByLabel("Password").fill(`wrong password ${attempt}`);
    await submit.click();
    await expect(message).toHaveText("That email and password do not match an account.");
    await expect(submit).toBeEnabled();
  }
  // Even the right password is refused while the account is locked out.
  await page.getByLabel("Password").fill(someone.password);
  await submit.click();
  await expect(message).toHaveText(/Too many failed sign-in attempts\. Wait \d+ minutes? and try again/);
  await expect(page).toHaveURL(/\/signin/);
});

test("changing the password signs out every other session", async ({ browser }) => {
  const someone = newPerson("Pat");
  const laptop = await (await browser.newContext()).newPage();
  await signUp(laptop, someone);
  await expect(laptop.getByRole("heading", { level: 1, name: `${someone.name}’s workspace` })).toBeVisible();
  // The same person, signed in on a second device.
  const phone = await (await browser.newContext()).newPage();
  await phone.goto("/signin");
  await phone.getByLabel("Email").fill(someone.email);
  await phone.getByLabel("Password").fill(someone.password);
  await phone.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(phone).toHaveURL(/\/workspaces$/);

  await laptop.goto("/settings");
  await laptop.getByLabel("Current password").fill(someone.password);
  await laptop.getByLabel("New password").fill("a brand new password");
  await laptop.getByRole("button", { name: "Change password" }).click();
  await expect(laptop).toHaveURL(/\/signin\?callbackUrl=%2Fsettings/);

  await phone.goto("/settings");
  await expect(phone).toHaveURL(/\/signin\?callbackUrl=%2Fsettings/);
  await phone.getByLabel("Email").fill(someone.email);
  await phone.getByLabel("Password").fill("a brand new password");
  await phone.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(phone.getByRole("heading", { level: 1, name: "Account settings" })).toBeVisible();
});
