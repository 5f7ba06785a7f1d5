import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { textQuoteAnchor } from "@/lib/annotations/text-quote-anchor.ts";
import { createApiToken } from "@/lib/auth/api-tokens/create-api-token.ts";
import { signUp } from "@/lib/auth/sign-up.ts";
import type { Database } from "@/lib/db/database.ts";
import { canonicalBodyText } from "@/lib/documents/canonical-text.ts";
import { bodySchema } from "@/lib/documents/schema.ts";
import { readAnnotations, readComments } from "@/lib/realtime/read-doc.ts";
import { deleteAnnotation, writeAnnotation, writeComment } from "@/lib/realtime/write-doc.ts";
import { backends, openMigrated, type TestStorage } from "./databases.ts";
import { startRealtime, type Client, type RealtimeHarness } from "./realtime-harness.ts";
import { seededRandom } from "../faults/seeded-random.ts";

type Member = { userId: string; name: string; token: string };

/** Everything a reader sees, in a stable order, to compare documents. */
function visibleState(client: Client) {
  const annotations = readAnnotations(client.doc).sort((a, b) => a.id.localeCompare(b.id));
  const ids = new Set(annotations.map((annotation) => annotation.id));
  const comments = readComments(client.doc)
    .filter((comment) => ids.has(comment.annotationId))
    .sort((a, b) => a.id.localeCompare(b.id));
  return { annotations, comments };
}

const SEED = Number(process.env.CONVERGENCE_SEED ?? 20261124);
const STEPS = 240;

describe.each(backends)(`realtime convergence on $name (seed ${SEED})`, (backend) => {
  let storage: TestStorage;
  let database: Database;
  let harness: RealtimeHarness;
  let documentId = "";
  let text = "";
  const members: Member[] = [];

  beforeAll(async () => {
    ({ storage, database } = await openMigrated(backend));
    const owner = await signUp(database.prisma, { email: "conv-owner@example.org", name: "Olu", password: "long enough password" });
    const document = await database.prisma.document.create({
      data: { workspaceId: owner.workspaceId, title: "Convergence", source: "Test", body: [{ type: "paragraph", text: "The ruling junta announced Tuesday from Bamako that it had captured the town of Kidal in the north of the country. Officially, it is a “tactical” withdrawal to avoid urban fighting. 🌍 Fighters withdrew." }], contentHash: "x" },
    });
    documentId = document.id;
    text = canonicalBodyText(bodySchema.parse(document.body));
    for (const [index, name] of ["Olu", "Ines", "Kofi"].entries()) {
      const userId = index === 0 ? owner.userId : (await signUp(database.prisma, { email: `conv-${index}@example.org`, name, password: "long enough password" })).userId;
      if (index > 0) await database.prisma.membership.create({ data: { workspaceId: owner.workspaceId, userId, role: "EDITOR" } });
      members.push({ userId, name, token: (await createApiToken(database.prisma, { userId }, { name: "conv" })).token });
    }
    harness = await startRealtime(database);
  });
  afterAll(async () => {
    await harness?.close();
    await database?.close();
    await storage?.destroy();
  });

  it("converges after random edits, disconnects and offline edits, and keeps it across a restart", async () => {
    const next = seededRandom(SEED);
    const pick = <T,>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
    const clients = members.map((member) => ({ member, client: harness.client(documentId, member.token), online: true }));
    await Promise.all(clients.map(({ client }) => client.synced()));
    const length = [...text].length;

    for (let step = 0; step < STEPS; step++) {
      const actor = pick(clients);
      const roll = next();
      if (roll < 0.06) {
        if (actor.online) actor.client.provider.disconnect();
        else actor.client.provider.connect();
        actor.online = !actor.online;
        continue;
      }
      const mine = readAnnotations(actor.client.doc).filter((annotation) => annotation.authorId === actor.member.userId);
      const all = readAnnotations(actor.client.doc);
      if (roll < 0.45 || all.length === 0) {
        const start = Math.floor(next() * (length - 12));
        const end = start + 1 + Math.floor(next() * 10);
        const now = Date.now();
        writeAnnotation(actor.client.doc, {
          id: randomUUID(),
          ...textQuoteAnchor(text, start, end),
          tag: pick(["propaganda", "sourcing", "context"] as const),
          technique: null,
          authorId: actor.member.userId,
          authorName: actor.member.name,
          createdAt: now,
          updatedAt: now,
          resolved: false,
          resolvedBy: null,
          resolvedAt: null,
        });
      } else if (roll < 0.6 && mine.length > 0) {
        const target = pick(mine);
        writeAnnotation(actor.client.doc, { ...target, tag: pick(["propaganda", "sourcing", "context"] as const), updatedAt: Date.now() });
      } else if (roll < 0.85) {
        const now = Date.now();
        writeComment(actor.client.doc, {
          id: randomUUID(),
          annotationId: pick(all).id,
          parentId: null,
          authorId: actor.member.userId,
          authorName: actor.member.name,
          body: `note ${step}`,
          createdAt: now,
          updatedAt: now,
          deleted: false,
        });
      } else if (mine.length > 0) {
        deleteAnnotation(actor.client.doc, pick(mine).id);
      }
      if (step % 20 === 0) await new Promise((resolve) => setImmediate(resolve));
    }

    for (const entry of clients) if (!entry.online) entry.client.provider.connect();
    const reference = clients[0]!.client;
    await expect
      .poll(() => clients.every(({ client }) => JSON.stringify(visibleState(client)) === JSON.stringify(visibleState(reference))), { timeout: 15_000, interval: 100 })
      .toBe(true);
    const converged = visibleState(reference);
    expect(converged.annotations.length).toBeGreaterThan(10);
    expect(converged.comments.length).toBeGreaterThan(5);

    for (const { client } of clients) client.destroy();
    await harness.close();
    harness = await startRealtime(database);
    const fresh = harness.client(documentId, members[0]!.token);
    await fresh.synced();
    expect(visibleState(fresh)).toEqual(converged);
    await expect.poll(async () => database.prisma.annotation.count({ where: { documentId } }), { timeout: 5_000 }).toBe(converged.annotations.length);
  }, 60_000);
});
