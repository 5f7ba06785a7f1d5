import http from "node:http";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import * as Y from "yjs";
import { createApiToken } from "@/lib/auth/api-tokens/create-api-token.ts";
import { signUp } from "@/lib/auth/sign-up.ts";
import { DEMO_SLUG } from "@/lib/documents/constants.ts";
import { readConfig, type LimitsConfig } from "@/lib/env.ts";
import { CloseCode } from "@/lib/realtime/close-codes.ts";
import { syncStep1Message } from "@/server/realtime/messages.ts";
import { startApp, type RunningApp } from "./app-server.ts";
import { backends, type TestStorage } from "./databases.ts";
import { eventually } from "./app-process.ts";

// Small budgets, so a flood takes a few dozen requests; the defaults are in lib/env.ts.
const LIMITS: LimitsConfig = {
  ...readConfig({}).limits,
  apiPerAddress: 20,
  apiPerCredential: 15,
  heavyPerCredential: 3,
  badTokensPerAddress: 5,
  realtimePendingPerAddress: 2,
  realtimeHandshakeTimeoutMs: 3000,
  headersTimeoutMs: 1000,
};

type Reply = { status: number; retryAfter: string | undefined; body: string };

/** One request from a chosen loopback address (all of 127.0.0.0/8 reaches this machine): each test floods its own. */
function request(url: string, from: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const outgoing = http.request(url, { localAddress: from, headers, agent: false }, (response) => {
      let body = "";
      response.on("data", (chunk: Buffer) => (body += chunk.toString()));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, retryAfter: response.headers["retry-after"], body }));
    });
    outgoing.once("error", reject);
    outgoing.end();
  });
}

function errorOf(reply: Reply): { code: string; message: string } {
  return (JSON.parse(reply.body) as { error: { code: string; message: string } }).error;
}

function expectRateLimited(reply: Reply, message: RegExp) {
  expect(reply.status).toBe(429);
  expect(errorOf(reply)).toEqual({ code: "RATE_LIMITED", message: expect.stringMatching(message) });
  expect(Number(reply.retryAfter)).toBeGreaterThanOrEqual(1);
  expect(Number(reply.retryAfter)).toBeLessThanOrEqual(60 * 15);
}

type Upgrade = { socket: WebSocket } | { status: number; body: string };

function connect(url: string, from: string): Promise<Upgrade> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { localAddress: from });
    socket.once("open", () => resolve({ socket }));
    socket.once("unexpected-response", (_, response) => {
      let body = "";
      response.on("data", (chunk: Buffer) => (body += chunk.toString()));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
    });
    socket.once("error", reject);
  });
}

/** Opens a TCP connection and sends `head`, then one more header line every 100 ms, as slowloris does; resolves with what the server said once it hangs up. */
function trickle(port: number, head: string): Promise<{ reply: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const socket = net.connect({ port, host: "127.0.0.1" });
    let reply = "";
    let line = 0;
    const drip = setInterval(() => socket.write(`X-Drip-${line++}: still sending\r\n`), 100);
    socket.on("connect", () => socket.write(head));
    socket.on("data", (chunk) => (reply += chunk.toString()));
    // Writes after the server hung up fail; the close that follows is what the test waits for.
    socket.on("error", () => {});
    socket.on("close", () => {
      clearInterval(drip);
      resolve({ reply, ms: performance.now() - started });
    });
    setTimeout(() => {
      clearInterval(drip);
      socket.destroy();
      reject(new Error("the server kept a trickling connection open for 15 s"));
    }, 15_000).unref();
  });
}

// The limits do not depend on the storage, so one backend is enough.
describe("rate limits and slow clients, one process without Redis", () => {
  let storage: TestStorage;
  let app: RunningApp;
  let demoId = "";
  const tokens = { reader: "", exporter: "", other: "", unused: "" };
  let unusedTokenId = "";
  let exportDocument = "";

  beforeAll(async () => {
    storage = await backends[0]!.create();
    app = await startApp(storage, { limits: LIMITS });
    const prisma = app.server.database.prisma;
    demoId = (await prisma.document.findUniqueOrThrow({ where: { slug: DEMO_SLUG } })).id;
    const reader = await signUp(prisma, { email: "reader@example.org", name: "Reader", password: "reader password 1" });
    const exporter = await signUp(prisma, { email: "exporter@example.org", name: "Exporter", password: "exporter password 1" });
    const other = await signUp(prisma, { email: "other@example.org", name: "Other", password: "other password 1" });
    tokens.reader = (await createApiToken(prisma, { userId: reader.userId }, { name: "script" })).token;
    tokens.exporter = (await createApiToken(prisma, { userId: exporter.userId }, { name: "script" })).token;
    tokens.other = (await createApiToken(prisma, { userId: other.userId }, { name: "script" })).token;
    const unused = await createApiToken(prisma, { userId: other.userId }, { name: "unused" });
    tokens.unused = unused.token;
    unusedTokenId = unused.id;
    exportDocument = (await prisma.document.findFirstOrThrow({ where: { workspaceId: exporter.workspaceId } })).id;
  });
  afterAll(async () => {
    await app?.close();
    await storage?.destroy();
  });

  it("refuses a flood on the annotation-state endpoint from one address with 429, Retry-After and the API's error, and only that address", async () => {
    const state = `${app.url}/api/v1/documents/${demoId}/annotation-state`;
    const replies = await Promise.all(Array.from({ length: LIMITS.apiPerAddress + 1 }, () => request(state, "127.0.2.1")));
    expect(replies.filter((reply) => reply.status === 200)).toHaveLength(LIMITS.apiPerAddress);
    const refused = replies.filter((reply) => reply.status !== 200);
    expect(refused).toHaveLength(1);
    expectRateLimited(refused[0]!, /Too many requests from your network/);
    expect((await request(state, "127.0.2.2")).status).toBe(200);
  });

  it("counts one caller's requests from every address together", async () => {
    const workspaces = `${app.url}/api/v1/workspaces`;
    const replies: Reply[] = [];
    for (let attempt = 1; attempt <= LIMITS.apiPerCredential + 1; attempt++) {
      replies.push(await request(workspaces, `127.0.3.${attempt}`, { authorization: `Bearer ${tokens.reader}` }));
    }
    expect(replies.slice(0, -1).map((reply) => reply.status)).toEqual(Array(LIMITS.apiPerCredential).fill(200));
    expectRateLimited(replies.at(-1)!, /Too many requests with your account/);
    expect((await request(workspaces, "127.0.3.1", { authorization: `Bearer ${tokens.other}` })).status).toBe(200);
  });

  it("gives exports a tighter budget of their own, which leaves ordinary requests alone", async () => {
    const auth = { authorization: `Bearer ${tokens.exporter}` };
    const exported = `${app.url}/api/v1/documents/${exportDocument}/export`;
    for (let attempt = 0; attempt < LIMITS.heavyPerCredential; attempt++) expect((await request(exported, "127.0.4.1", auth)).status).toBe(200);
    expectRateLimited(await request(exported, "127.0.4.1", auth), /Too many imports and exports with your account/);
    expect((await request(`${app.url}/api/v1/workspaces`, "127.0.4.1", auth)).status).toBe(200);
  });

  it("stops an address guessing API tokens: past the limit, even a good token gets 429 without being looked up", async () => {
    const workspaces = `${app.url}/api/v1/workspaces`;
    for (let attempt = 0; attempt < LIMITS.badTokensPerAddress; attempt++) {
      const reply = await request(workspaces, "127.0.5.1", { authorization: `Bearer mgl_guess${attempt}` });
      expect(reply.status).toBe(401);
    }
    expectRateLimited(await request(workspaces, "127.0.5.1", { authorization: `Bearer ${tokens.unused}` }), /Too many refused API tokens/);
    const prisma = app.server.database.prisma;
    // A looked-up token is marked used: this one never was.
    expect((await prisma.apiToken.findUniqueOrThrow({ where: { id: unusedTokenId } })).lastUsedAt).toBeNull();
    // Pages and cookie sessions from that address are not held back, nor the token elsewhere.
    expect((await request(`${app.url}/api/v1/documents/${demoId}/annotation-state`, "127.0.5.1")).status).toBe(200);
    expect((await request(workspaces, "127.0.5.2", { authorization: `Bearer ${tokens.unused}` })).status).toBe(200);
    expect((await prisma.apiToken.findUniqueOrThrow({ where: { id: unusedTokenId } })).lastUsedAt).not.toBeNull();
  });

  it("counts refusals per limit in /metrics", async () => {
    const text = await (await fetch(`${app.url}/metrics`)).text();
    const sample = (limit: string) => Number(new RegExp(`^marginalia_rate_limit_refusals_total\\{limit="${limit}"\\} (\\d+)$`, "m").exec(text)?.[1]);
    expect(sample("api-address")).toBe(1);
    expect(sample("api-credential")).toBe(1);
    expect(sample("api-heavy-credential")).toBe(1);
    expect(sample("api-bad-token")).toBe(1);
    expect(sample("join")).toBe(0);
  });

  it("hangs up on a client that trickles its request headers, page or websocket upgrade alike", async () => {
    const { port } = new URL(app.url);
    const [page, upgrade] = await Promise.all([
      trickle(Number(port), "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n"),
      trickle(Number(port), `GET /realtime/${demoId} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n`),
    ]);
    for (const { reply, ms } of [page, upgrade]) {
      expect(reply).toMatch(/^HTTP\/1\.1 408 /);
      // headersTimeout (1 s) plus at most one connection check (250 ms), with room for a busy machine.
      expect(ms).toBeGreaterThanOrEqual(LIMITS.headersTimeoutMs - 50);
      expect(ms).toBeLessThan(LIMITS.headersTimeoutMs + 5_000);
    }
  });

  it("closes a realtime connection that never sends its sync, and caps the upgrades from one address still waiting for theirs", async () => {
    const room = `${app.url.replace(/^http/, "ws")}/realtime/${demoId}`;
    const from = "127.0.6.1";
    const silent = await Promise.all([connect(room, from), connect(room, from)]);
    const sockets = silent.map((upgrade) => ("socket" in upgrade ? upgrade.socket : null));
    expect(sockets.every((socket) => socket !== null)).toBe(true);
    const [first, second] = sockets as [WebSocket, WebSocket];

    const third = await connect(room, from);
    expect(third).toEqual({ status: 429, body: expect.stringMatching(/still opening/) });

    // One of them speaks: its slot is free again, and a newcomer gets in.
    const firstClosed = new Promise<number>((resolve) => first.once("close", (code) => resolve(code)));
    second.send(syncStep1Message(new Y.Doc()));
    await eventually("the speaking connection leaves the pending count", () => app.server.realtime.pendingUpgrades(from) === 1);
    const fourth = await connect(room, from);
    expect("socket" in fourth).toBe(true);

    // The silent one is closed at the handshake deadline, and asked to reconnect.
    expect(await firstClosed).toBe(CloseCode.HandshakeTimeout);
    expect(second.readyState).toBe(WebSocket.OPEN);
    second.close();
    if ("socket" in fourth) fourth.socket.close();
  });
});
