import { expect, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { watchCspViolations, type CspViolation } from "./csp.ts";
import { newPerson, signUp, type Person } from "./people.ts";

/** One person's browser; `cspViolations` fills as the policy blocks anything in it (e2e/csp.ts). */
export type Member = { person: Person; context: BrowserContext; page: Page; cspViolations: CspViolation[] };

/** The page shows the room (read over HTTP) and its websocket is connected: changes flow both ways. */
export async function expectLive(page: Page): Promise<void> {
  await expect(page.locator(".annotate[data-ready]")).toBeVisible();
  await expect(page.locator(".connection[data-state=live]")).toBeVisible();
}

/**
 * An owner signs up (their first workspace holds a copy of the Kidal article) and invites one
 * person per role by link; each signs up from the link and joins. Everyone ends on the
 * article's page, connected to its room. `baseURL` lets a test use its own server.
 */
export async function formTeam(
  browser: Browser,
  roles: { name: string; role: "EDITOR" | "COMMENTER" | "VIEWER" }[],
  options: { baseURL?: string; ownerName?: string } = {},
): Promise<{ owner: Member; members: Member[]; documentUrl: string }> {
  const open = async (name: string): Promise<Member> => {
    const context = await browser.newContext(options.baseURL ? { baseURL: options.baseURL } : {});
    const cspViolations = await watchCspViolations(context);
    return { person: newPerson(name), context, page: await context.newPage(), cspViolations };
  };
  const owner = await open(options.ownerName ?? "Awa");
  await signUp(owner.page, owner.person);
  await expect(owner.page.getByRole("heading", { level: 1, name: `${owner.person.name}’s workspace` })).toBeVisible();
  const workspaceUrl = owner.page.url();
  await owner.page.getByRole("link", { name: /Malian armed forces have just retaken Kidal/ }).click();
  await expectLive(owner.page);
  const documentUrl = owner.page.url();

  const members: Member[] = [];
  for (const { name, role } of roles) {
    const invitePage = await owner.context.newPage();
    await invitePage.goto(`${workspaceUrl}/members`);
    await invitePage.getByLabel("They join as").selectOption(role);
    await invitePage.getByRole("button", { name: "Create invitation link" }).click();
    const link = (await invitePage.getByTestId("invite-link").textContent())!;
    await invitePage.close();

    const member = await open(name);
    await member.page.goto(link);
    await member.page.getByRole("link", { name: "Create an account to join" }).click();
    await expect(member.page).toHaveURL(/\/signup\?callbackUrl=/);
    await signUp(member.page, member.person, member.page.url());
    await member.page.getByRole("button", { name: /^Join / }).click();
    // Exact: the invitation page's own heading ("Join “Awa’s workspace”") contains the name too,
    // and going on before the join has landed would open the document as a stranger (404).
    await expect(member.page.getByRole("heading", { level: 1, name: `${owner.person.name}’s workspace`, exact: true })).toBeVisible();
    await member.page.goto(documentUrl);
    await expectLive(member.page);
    members.push(member);
  }
  return { owner, members, documentUrl };
}

/** Drags the mouse over the `occurrence`-th appearance of `phrase` in the article text. */
export async function dragSelect(page: Page, phrase: string, occurrence = 0): Promise<void> {
  const points = await page.evaluate(
    ([wanted, nth]) => {
      const body = document.querySelector(".annotate-text .article-body")!;
      const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
      let seen = 0;
      for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
        let index = node.data.indexOf(wanted);
        while (index >= 0 && seen < nth) {
          seen += 1;
          index = node.data.indexOf(wanted, index + 1);
        }
        if (index < 0) continue;
        node.parentElement!.scrollIntoView({ block: "center" });
        const range = document.createRange();
        range.setStart(node, index);
        range.setEnd(node, index + 1);
        const first = range.getBoundingClientRect();
        range.setStart(node, index + wanted.length - 1);
        range.setEnd(node, index + wanted.length);
        const last = range.getBoundingClientRect();
        return { from: { x: first.left + 1, y: first.top + first.height / 2 }, to: { x: last.right - 1, y: last.top + last.height / 2 } };
      }
      throw new Error(`"${wanted}" is not in one text node of the article`);
    },
    [phrase, occurrence] as const,
  );
  await page.mouse.move(points.from.x, points.from.y);
  await page.mouse.down();
  await page.mouse.move(points.to.x, points.to.y, { steps: 8 });
  await page.mouse.up();
}

/** The highlight marks of one annotation whose text contains `text`. */
export function highlight(page: Page, text: string, tag?: string) {
  return page.locator(`.annotate-text mark[data-annotation-id]${tag ? `[data-tag="${tag}"]` : ""}`, { hasText: text }).first();
}

/** The margin card of the highlight on `quote`. */
export function thread(page: Page, quote: string) {
  return page.locator(".threads > li.thread", { has: page.locator(".thread-quote", { hasText: quote }) });
}
