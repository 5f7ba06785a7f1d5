import { randomUUID } from "node:crypto";
import * as encoding from "lib0/encoding";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { presenceColor } from "@/lib/annotate/presence-colors.ts";
import { createApiToken } from "@/lib/auth/api-tokens/create-api-token.ts";
import { revokeApiToken } from "@/lib/auth/api-tokens/revoke-api-token.ts";
import { changePassword } from "@/lib/auth/change-password.ts";
import { signUp } from "@/lib/auth/sign-up.ts";
import type { Database, PrismaClient } from "@/lib/db/database.ts";
import type { SqlExecutor } from "@/lib/db/sql.ts";
import { canonicalBodyText } from "@/lib/documents/canonical-text.ts";
import { DEMO_SLUG } from "@/lib/documents/constants.ts";
import { bodySchema } from "@/lib/documents/schema.ts";
import { seedDemoDocument } from "@/lib/documents/seed-demo-document.ts";
import type { AccessEvents } from "@/lib/realtime/access-event.ts";
import { CloseCode } from "@/lib/realtime/close-codes.ts";
import { issueRealtimeToken } from "@/lib/realtime/realtime-token.ts";
import { readAnnotations } from "@/lib/realtime/read-doc.ts";
import { writeAnnotation } from "@/lib/realtime/write-doc.ts";
import { deleteWorkspace } from "@/lib/workspaces/delete-workspace.ts";
import { changeMemberRole } from "@/lib/workspaces/members/change-member-role.ts";
import { removeMember } from "@/lib/workspaces/members/remove-member.ts";
import type { RealtimeServer } from "@/server/realtime/create-realtime-server.ts";
import { backends, openMigrated, type TestStorage } from "./databases.ts";
import { annotationOn, AUTH_SECRET, startRealtime, waitFor, type Client, type RealtimeHarness } from "./realtime-harness.ts";

type Person = { userId: string; name: string; token: string; tokenId: string; workspaceId: string };
type Presence = { user?: { id: string; name: string; color: string }; selection?: { start: number; end: number } | null; typing?: string | null };

/** Counts every statement the realtime server sends to the database, through Prisma or raw SQL. */
function countingDatabase(database: Database) {
  const counter = { queries: 0, seen: [] as string[] };
  const count = (what: string) => {
    counter.queries++;
    counter.seen.push(what);
  };
  const sql: SqlExecutor = {
    exec: (text) => (count(text), database.sql.exec(text)),
    query: (text, params) => (count(text), database.sql.query(text, params)),
    transaction: (work) => (count("transaction"), database.sql.transaction(work)),
  };
  const prisma = database.prisma.$extends({
    query: {
      $allOperations({ model, operation, args, query }) {
        count(`${model ?? ""}.${operation}`);
        return query(args);
      },
    },
  }) as unknown as PrismaClient;
  return { counter, prisma, sql };
}

/** Records the application of every access event a domain function announces, to time it. */
function timedEvents(realtime: RealtimeServer): AccessEvents & { applied: Promise<void>[] } {
  const applied: Promise<void>[] = [];
  return { applied, accessChanged: (event) => void applied.push(realtime.accessChanged(event)) };
}

function closeOf(client: Client) {
  return new Promise<{ code: number; reason: string }>((resolve) =>
    client.provider.once("connection-close", (event: CloseEvent | null) => resolve({ code: event?.code ?? 0, reason: event?.reason ?? "" })),
  );
}

/** Resolves when `check` holds for the client's view of everyone's presence. */
function awarenessWhere(client: Client, check: (states: Map<number, Presence>) => boolean, timeoutMs = 5_000): Promise<void> {
  const awareness = client.provider.awareness;
  const states = () => awareness.getStates() as Map<number, Presence>;
  return new Promise((resolve, reject) => {
    if (check(states())) return resolve();
    const timer = setTimeout(() => {
      awareness.off("change", onChange);
      reject(new Error(`presence condition not met within ${timeoutMs} ms`));
    }, timeoutMs);
    const onChange = () => {
      if (!check(states())) return;
      clearTimeout(timer);
      awareness.off("change", onChange);
      resolve();
    };
    awareness.on("change", onChange);
  });
}

/** A raw y-websocket awareness frame: one state for `clientId` at `clock`. */
function awarenessFrame(clientId: number, clock: number, state: unknown): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, 1);
  encoding.writeVarUint(inner, clientId);
  encoding.writeVarUint(inner, clock);
  encoding.writeVarString(inner, JSON.stringify(state));
  const frame = encoding.createEncoder();
  encoding.writeVarUint(frame, 1);
  encoding.writeVarUint8Array(frame, encoding.toUint8Array(inner));
  return encoding.toUint8Array(frame);
}

function connected(client: Client): Promise<void> {
  return new Promise((resolve) => {
    if (client.provider.wsconnected) resolve();
    else client.provider.once("status", () => resolve());
  });
}

describe.each(backends)("realtime access and presence on $name", (backend) => {
  let storage: TestStorage;
  let database: Database;
  let counted: ReturnType<typeof countingDatabase>;
  let harness: RealtimeHarness;
  let owner: Person;
  let documentId = "";
  let text = "";
  let demoId = "";

  async function person(name: string, role?: "EDITOR" | "VIEWER" | "COMMENTER"): Promise<Person> {
    const account = await signUp(database.prisma, { email: `${name.toLowerCase()}-${randomUUID().slice(0, 6)}@example.org`, name, password: "long enough password" });
    if (role) await database.prisma.membership.create({ data: { workspaceId: owner.workspaceId, userId: account.userId, role } });
    const { token, id } = await createApiToken(database.prisma, { userId: account.userId }, { name: "test" });
    return { userId: account.userId, name, token, tokenId: id, workspaceId: account.workspaceId };
  }

  beforeAll(async () => {
    ({ storage, database } = await openMigrated(backend));
    await seedDemoDocument(database.prisma);
    const account = await signUp(database.prisma, { email: `owner-${randomUUID().slice(0, 6)}@example.org`, name: "Owner", password: "long enough password" });
    const ownerToken = await createApiToken(database.prisma, { userId: account.userId }, { name: "test" });
    owner = { userId: account.userId, name: "Owner", token: ownerToken.token, tokenId: ownerToken.id, workspaceId: account.workspaceId };
    const document = await database.prisma.document.findFirstOrThrow({ where: { workspaceId: owner.workspaceId } });
    documentId = document.id;
    text = canonicalBodyText(bodySchema.parse(document.body));
    demoId = (await database.prisma.document.findUniqueOrThrow({ where: { slug: DEMO_SLUG } })).id;
    counted = countingDatabase(database);
    harness = await startRealtime(database, { prisma: counted.prisma, sql: counted.sql });
  });
  afterAll(async () => {
    await harness?.close();
    await database?.close();
    await storage?.destroy();
  });

  it("reads nothing from the database while 20 connections sit idle, yet applies a role change within 1 s and a removal at once", async () => {
    const member = await person("Changing", "EDITOR");
    const watcher = harness.client(documentId, owner.token);
    const client = harness.client(documentId, member.token);
    const idle = Array.from({ length: 18 }, () => harness.client(documentId, owner.token));
    await Promise.all([watcher, client, ...idle].map((each) => each.synced()));

    // Opening a room brings its projection up to date once; idle starts after that.
    await harness.realtime.projection.flushAll();
    counted.counter.queries = 0;
    counted.counter.seen = [];
    await new Promise((resolve) => setTimeout(resolve, 3_000)); // the idle period being measured
    expect(counted.counter.seen).toEqual([]);

    const events = timedEvents(harness.realtime);
    const changedAt = performance.now();
    await changeMemberRole(database.prisma, events, { userId: owner.userId }, { workspaceId: owner.workspaceId, userId: member.userId, role: "VIEWER" });
    await Promise.all(events.applied);
    expect(performance.now() - changedAt).toBeLessThan(1_000);
    expect(counted.counter.queries).toBe(1); // one statement for the room's connections

    // Frames of one socket are handled in order: once the presence sent after the write is
    // seen, the write was refused, not merely slow.
    const attempt = annotationOn(member, text);
    writeAnnotation(client.doc, attempt);
    client.provider.awareness.setLocalStateField("selection", { start: 1, end: 4 });
    await awarenessWhere(watcher, (states) => states.get(client.doc.clientID)?.selection?.end === 4);
    expect(readAnnotations(watcher.doc).some((record) => record.id === attempt.id)).toBe(false);

    const closed = closeOf(client);
    const removedAt = performance.now();
    await removeMember(database.prisma, harness.realtime, { userId: owner.userId }, { workspaceId: owner.workspaceId, userId: member.userId });
    expect((await closed).code).toBe(CloseCode.Forbidden);
    expect(performance.now() - removedAt).toBeLessThan(1_000);
    client.destroy();
    watcher.destroy();
    for (const each of idle) each.destroy();
  }, 20_000);

  it("closes a connection within 1 s of its API token being revoked, and leaves the owner's other tokens connected", async () => {
    const scripted = await person("Script", "EDITOR");
    const second = await createApiToken(database.prisma, { userId: scripted.userId }, { name: "second" });
    const revoked = harness.client(documentId, scripted.token);
    const kept = harness.client(documentId, second.token);
    await Promise.all([revoked.synced(), kept.synced()]);
    const closed = closeOf(revoked);
    const revokedAt = performance.now();
    await revokeApiToken(database.prisma, harness.realtime, { userId: scripted.userId }, { tokenId: scripted.tokenId });
    expect((await closed).code).toBe(CloseCode.Unauthorized);
    expect(performance.now() - revokedAt).toBeLessThan(1_000);

    const annotation = annotationOn(scripted, text);
    const watcher = harness.client(documentId, owner.token);
    await watcher.synced();
    writeAnnotation(kept.doc, annotation);
    await waitFor(watcher.doc, () => readAnnotations(watcher.doc).some((record) => record.id === annotation.id));
    revoked.destroy();
    kept.destroy();
    watcher.destroy();
  });

  it("closes every connection of a user who changes their password", async () => {
    const user = await person("Walker", "EDITOR");
    const realtimeToken = issueRealtimeToken({ userId: user.userId, sessionVersion: 0 }, AUTH_SECRET);
    const tabs = [harness.client(documentId, realtimeToken), harness.client(demoId, realtimeToken)];
    await Promise.all(tabs.map((tab) => tab.synced()));
    const closes = tabs.map(closeOf);
    await changePassword(database.prisma, harness.realtime, { userId: user.userId }, { currentPassword: "long enough password", newPassword: "another long password" });
    for (const close of await Promise.all(closes)) expect(close.code).toBe(CloseCode.Unauthorized);
    for (const tab of tabs) tab.destroy();
  });

  it("closes the connections to a workspace's documents when it is deleted", async () => {
    const founder = await person("Founder");
    const workspace = await database.prisma.workspace.findUniqueOrThrow({ where: { id: founder.workspaceId }, include: { documents: true } });
    const client = harness.client(workspace.documents[0]!.id, founder.token);
    await client.synced();
    const closed = closeOf(client);
    await deleteWorkspace(database.prisma, harness.realtime, { userId: founder.userId }, { workspaceId: workspace.id, confirmName: workspace.name });
    expect((await closed).code).toBe(CloseCode.Forbidden);
    client.destroy();
  });

  it("catches, with its safety re-check, a change made where no server was listening: one query per room", async () => {
    const local = countingDatabase(database);
    const checking = await startRealtime(database, { prisma: local.prisma, sql: local.sql, limits: { safetyRecheckMs: 300 } });
    const member = await person("Quiet", "EDITOR");
    const others = Array.from({ length: 9 }, () => checking.client(documentId, owner.token));
    const client = checking.client(documentId, member.token);
    await Promise.all([client, ...others].map((each) => each.synced()));
    const closed = closeOf(client);
    local.counter.queries = 0;
    const since = performance.now();
    // As the CLI or another tool would: straight to the database, no event.
    await database.prisma.membership.delete({ where: { workspaceId_userId: { workspaceId: owner.workspaceId, userId: member.userId } } });
    expect((await closed).code).toBe(CloseCode.Forbidden);
    const rounds = Math.ceil((performance.now() - since) / 300) + 1;
    expect(local.counter.queries).toBeLessThanOrEqual(rounds);
    await checking.close();
  });

  it("shows every presence under its connection's own identity, whatever the client claims", async () => {
    const editor = await person("Eda", "EDITOR");
    const observer = harness.client(documentId, owner.token);
    const impostor = harness.client(documentId, editor.token);
    await Promise.all([observer.synced(), impostor.synced()]);
    impostor.provider.awareness.setLocalState({ user: { id: owner.userId, name: "Owner", color: "#000000" }, selection: { start: 2, end: 9 }, typing: null });
    await awarenessWhere(observer, (states) => states.get(impostor.doc.clientID)?.selection?.end === 9);
    expect(observer.provider.awareness.getStates().get(impostor.doc.clientID)).toMatchObject({
      user: { id: editor.userId, name: "Eda", color: presenceColor(editor.userId) },
    });
    observer.destroy();
    impostor.destroy();
  });

  it("shares no presence from anonymous visitors of the demo, even one claiming to be the owner", async () => {
    const observer = harness.client(demoId, owner.token);
    const visitor = harness.client(demoId, null);
    const member = harness.client(demoId, (await person("Reader")).token);
    await Promise.all([observer.synced(), visitor.synced(), member.synced()]);
    visitor.provider.awareness.setLocalState({ user: { id: owner.userId, name: "Owner", color: presenceColor(owner.userId) }, selection: { start: 0, end: 5 }, typing: null });
    // The member's state is sent after the visitor's: once it is seen, the visitor's would have been.
    member.provider.awareness.setLocalStateField("selection", { start: 3, end: 6 });
    await awarenessWhere(observer, (states) => states.get(member.doc.clientID)?.selection?.end === 6);
    const states = observer.provider.awareness.getStates() as Map<number, Presence>;
    expect(states.has(visitor.doc.clientID)).toBe(false);
    expect([...states].filter(([clientId, state]) => clientId !== observer.doc.clientID && state.user?.id === owner.userId)).toEqual([]);
    observer.destroy();
    visitor.destroy();
    member.destroy();
  });

  it("lets no connection remove or overwrite another's presence, and refuses oversized or unknown fields", async () => {
    const attacker = await person("Mallory", "EDITOR");
    const observer = harness.client(documentId, owner.token);
    const victim = harness.client(documentId, owner.token);
    const forger = harness.client(documentId, attacker.token);
    await Promise.all([observer.synced(), victim.synced(), forger.synced(), connected(forger)]);
    victim.provider.awareness.setLocalStateField("selection", { start: 10, end: 20 });
    await awarenessWhere(observer, (states) => states.get(victim.doc.clientID)?.selection?.end === 20);

    const victimId = victim.doc.clientID;
    const clock = (victim.provider.awareness.meta.get(victimId)?.clock ?? 0) + 10;
    forger.provider.ws!.send(awarenessFrame(victimId, clock, null));
    forger.provider.ws!.send(awarenessFrame(victimId, clock + 1, { selection: { start: 0, end: 1 }, typing: null }));
    forger.provider.awareness.setLocalState({ selection: null, typing: "x".repeat(5_000) });
    forger.provider.awareness.setLocalState({ selection: null, typing: null, script: "<img src=x>" });
    forger.provider.awareness.setLocalState({ selection: { start: 7, end: 8 }, typing: null });
    await awarenessWhere(observer, (states) => states.get(forger.doc.clientID)?.selection?.end === 8);

    const states = observer.provider.awareness.getStates() as Map<number, Presence & { script?: unknown }>;
    expect(states.get(victimId)).toMatchObject({ user: { id: owner.userId }, selection: { start: 10, end: 20 } });
    expect(states.get(forger.doc.clientID)).toEqual({ user: { id: attacker.userId, name: "Mallory", color: presenceColor(attacker.userId) }, selection: { start: 7, end: 8 }, typing: null });
    observer.destroy();
    victim.destroy();
    forger.destroy();
  });

  describe.runIf(process.env.REDIS_URL)("with Redis between two servers", () => {
    it("closes a connection on one server when the removal is announced on the other", async () => {
      const first = await startRealtime(database, { redisUrl: process.env.REDIS_URL });
      const second = await startRealtime(database, { redisUrl: process.env.REDIS_URL });
      await Promise.all([first.realtime.accessEventsReady, second.realtime.accessEventsReady]);
      const member = await person("Roaming", "EDITOR");
      const client = second.client(documentId, member.token);
      await client.synced();
      const closed = closeOf(client);
      const removedAt = performance.now();
      await removeMember(database.prisma, first.realtime, { userId: owner.userId }, { workspaceId: owner.workspaceId, userId: member.userId });
      expect((await closed).code).toBe(CloseCode.Forbidden);
      expect(performance.now() - removedAt).toBeLessThan(1_000);
      client.destroy();
      await first.close();
      await second.close();
    });
  });
});
