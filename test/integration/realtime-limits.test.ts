import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { signUp } from "@/lib/auth/sign-up.ts";
import type { Database } from "@/lib/db/database.ts";
import { createClassMembers, type ClassMember } from "@/prisma/factories/create-class-members.ts";
import { DEFAULT_UPGRADE_LIMITS } from "@/server/realtime/create-upgrade-limiter.ts";
import { backends, openMigrated, type TestStorage } from "./databases.ts";
import { readMetrics, startRealtime } from "./realtime-harness.ts";

const BODY = [{ type: "paragraph", text: "A class of thirty reads the same article from one school network." }];

type Outcome = { opened: WebSocket } | { status: number; retryAfter: string | undefined; body: string };

/** One upgrade from a chosen loopback address (127.0.0.0/8 all reaches this machine). */
function connectFrom(url: string, localAddress: string): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { localAddress });
    socket.once("open", () => resolve({ opened: socket }));
    socket.once("unexpected-response", (_, response) => {
      let body = "";
      response.on("data", (chunk: Buffer) => (body += chunk.toString()));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, retryAfter: response.headers["retry-after"], body }));
    });
    socket.once("error", reject);
  });
}

function closeAll(outcomes: Outcome[]) {
  for (const outcome of outcomes) if ("opened" in outcome) outcome.opened.terminate();
}

describe.each(backends)("realtime connection limits on $name", (backend) => {
  let storage: TestStorage;
  let database: Database;
  let documentId = "";
  let students: ClassMember[] = [];

  beforeAll(async () => {
    ({ storage, database } = await openMigrated(backend));
    const teacher = await signUp(database.prisma, { email: "teacher@example.org", name: "Tess", password: "long enough password" });
    documentId = (await database.prisma.document.create({ data: { workspaceId: teacher.workspaceId, title: "Class", source: "Test", body: BODY, contentHash: "class" } })).id;
    students = await createClassMembers(database.prisma, teacher.workspaceId, 150);
  });
  afterAll(async () => {
    await database?.close();
    await storage?.destroy();
  });

  it("lets a class of 150 behind one address join all at once, and all join again after a restart", { timeout: 120_000 }, async () => {
    const harness = await startRealtime(database);
    const opened: Outcome[] = [];
    try {
      const url = `${harness.wsUrl}/${documentId}`;
      // A restart drops every socket and the whole class reconnects at once; the counts of the
      // first join are still in the window (with Redis they outlive the process itself).
      for (const round of ["joining", "reconnecting after a restart"]) {
        const outcomes = await Promise.all(students.map((student) => connectFrom(`${url}?token=${student.token}`, "127.0.0.1")));
        opened.push(...outcomes);
        expect(outcomes.filter((outcome) => !("opened" in outcome)), round).toEqual([]);
        closeAll(outcomes);
      }
    } finally {
      closeAll(opened);
      await harness.close();
    }
  });

  it("refuses a flood from one address with 429 and Retry-After, and only that address", { timeout: 120_000 }, async () => {
    const harness = await startRealtime(database);
    const outcomes: Outcome[] = [];
    try {
      // Upgrades that fail their own checks count too: a flood need not be well formed.
      const flood = Array.from({ length: DEFAULT_UPGRADE_LIMITS.connectionsPerMinutePerAddress + 1 }, () => connectFrom(`${harness.wsUrl}/no-such-room`, "127.0.0.3"));
      outcomes.push(...(await Promise.all(flood)));
      const refused = outcomes.filter((outcome) => "status" in outcome && outcome.status === 429);
      expect(refused).toEqual([{ status: 429, retryAfter: expect.stringMatching(/^\d+$/), body: expect.stringMatching(/Too many connections from your network/) }]);
      const retryAfter = Number((refused[0] as { retryAfter: string }).retryAfter);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);

      // A student in another school is not held back by it.
      const elsewhere = await connectFrom(`${harness.wsUrl}/${documentId}?token=${students[0]!.token}`, "127.0.0.4");
      outcomes.push(elsewhere);
      expect("opened" in elsewhere).toBe(true);
      const metrics = await readMetrics(harness.url);
      expect(metrics.get('marginalia_realtime_connections_refused_total{reason="rate_address"}')).toBe(1);
    } finally {
      closeAll(outcomes);
      await harness.close();
    }
  });

  it("refuses one credential replayed from many addresses past its own budget", { timeout: 120_000 }, async () => {
    const harness = await startRealtime(database);
    const outcomes: Outcome[] = [];
    try {
      const url = `${harness.wsUrl}/${documentId}?token=${students[1]!.token}`;
      const attempts = Array.from({ length: DEFAULT_UPGRADE_LIMITS.connectionsPerMinutePerCredential + 1 }, (_, attempt) => connectFrom(url, `127.0.1.${attempt + 1}`));
      outcomes.push(...(await Promise.all(attempts)));
      expect(outcomes.filter((outcome) => "opened" in outcome)).toHaveLength(DEFAULT_UPGRADE_LIMITS.connectionsPerMinutePerCredential);
      expect(outcomes.filter((outcome) => !("opened" in outcome))).toEqual([{ status: 429, retryAfter: expect.stringMatching(/^\d+$/), body: expect.stringMatching(/with your account/) }]);
    } finally {
      closeAll(outcomes);
      await harness.close();
    }
  });
});

const redisUrl = process.env.REDIS_URL;

// Several processes of one deployment share the counts through Redis; two servers with their
// own Redis connections stand for them (the counts live in Redis, not in either server).
describe.runIf(redisUrl)("realtime connection limits shared through Redis", () => {
  let storage: TestStorage;
  let database: Database;

  beforeAll(async () => {
    ({ storage, database } = await openMigrated(backends[0]!));
  });
  afterAll(async () => {
    await database?.close();
    await storage?.destroy();
  });

  it("counts an address's attempts on every server together", async () => {
    // A prefix of this run's own: the shared Redis is never flushed, and other runs keep their counts.
    const shared = { redisUrl, rateLimitKeyPrefix: `test:limits:${randomUUID()}`, limits: { connectionsPerMinutePerAddress: 10 } };
    const first = await startRealtime(database, shared);
    const second = await startRealtime(database, shared);
    try {
      await Promise.all([first.realtime.limitsShared(), second.realtime.limitsShared()]);
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 12; attempt++) {
        const harness = attempt % 2 === 0 ? first : second;
        const outcome = await connectFrom(`${harness.wsUrl}/no-such-room`, "127.0.0.5");
        statuses.push("status" in outcome ? outcome.status : 101);
      }
      // Ten in all pass the limit (and fail their own checks); the eleventh and twelfth are refused,
      // though each server alone saw only six.
      expect(statuses.slice(0, 10).every((status) => status !== 429)).toBe(true);
      expect(statuses.slice(10)).toEqual([429, 429]);
    } finally {
      await first.close();
      await second.close();
    }
  });
});
