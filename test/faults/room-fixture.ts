import { createApiToken } from "@/lib/auth/api-tokens/create-api-token.ts";
import { signUp } from "@/lib/auth/sign-up.ts";
import type { Database } from "@/lib/db/database.ts";
import { canonicalBodyText } from "@/lib/documents/canonical-text.ts";
import { bodySchema } from "@/lib/documents/schema.ts";
import type { Person } from "./editor.ts";

const ARTICLE =
  "The ruling junta announced Tuesday from Bamako that it had captured the town of Kidal in the north of the country, " +
  "after what officials called a “tactical” withdrawal of the Tuareg fighters. No independent source could confirm the figures given.";

/**
 * A workspace with one article and `editors` people who may annotate it, each with an API token
 * of their own (as separate people connect, and so each stays within the per-credential
 * connection budget while reconnecting after every fault).
 */
export async function createRoomFixture(database: Database, editors: number, label: string) {
  const owner = await signUp(database.prisma, { email: `${label}-owner@example.org`, name: "Ada", password: "long enough password" });
  const document = await database.prisma.document.create({
    data: { workspaceId: owner.workspaceId, title: label, source: "Test", body: [{ type: "paragraph", text: ARTICLE }], contentHash: label },
  });
  const people: Person[] = [];
  for (let index = 0; index < editors; index++) {
    const user = await database.prisma.user.create({ data: { email: `${label}-editor-${index}@example.org`, name: `Editor ${index}` } });
    await database.prisma.membership.create({ data: { workspaceId: owner.workspaceId, userId: user.id, role: "EDITOR" } });
    people.push({ userId: user.id, name: `Editor ${index}`, token: (await createApiToken(database.prisma, { userId: user.id }, { name: label })).token });
  }
  const ownerToken = (await createApiToken(database.prisma, { userId: owner.userId }, { name: label })).token;
  return { owner: { userId: owner.userId, name: "Ada", token: ownerToken, workspaceId: owner.workspaceId }, documentId: document.id, text: canonicalBodyText(bodySchema.parse(document.body)), people };
}
