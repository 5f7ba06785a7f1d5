import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "@/lib/auth/api-tokens/create-api-token.ts";
import { revokeApiToken } from "@/lib/auth/api-tokens/revoke-api-token.ts";
import { signUp } from "@/lib/auth/sign-up.ts";
import type { PrismaClient } from "@/lib/db/database.ts";
import { startApp, type RunningApp } from "./app-server.ts";
import { backends, type TestStorage } from "./databases.ts";
import { NO_REALTIME_SERVER } from "@/lib/realtime/access-event.ts";

type Call = { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> };

describe.each(backends)("REST API v1 on $name", (backend) => {
  let storage: TestStorage;
  let app: RunningApp;
  let prisma: PrismaClient;
  const tokens: Record<"owner" | "viewer" | "outsider" | "revoked", string> = { owner: "", viewer: "", outsider: "", revoked: "" };
  let ownerWorkspace = "";
  let outsiderWorkspace = "";
  let outsiderDocument = "";

  async function api(method: string, path: string, call: Call = {}) {
    const headers: Record<string, string> = { ...call.headers };
    if (call.token) headers.authorization = `Bearer ${call.token}`;
    let body: string | undefined = call.raw;
    if (call.body !== undefined) {
      body = JSON.stringify(call.body);
      headers["content-type"] ??= "application/json";
    }
    const response = await fetch(`${app.url}${path}`, { method, headers, body, redirect: "manual" });
    const text = await response.text();
    return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : null };
  }

  beforeAll(async () => {
    storage = await backend.create();
    app = await startApp(storage);
    prisma = app.server.database.prisma;
    const owner = await signUp(prisma, { email: "owner@example.org", name: "Owner", password: "owner password 1" });
    const viewer = await signUp(prisma, { email: "viewer@example.org", name: "Viewer", password: "viewer password 1" });
    const outsider = await signUp(prisma, { email: "outsider@example.org", name: "Outsider", password: "outsider password 1" });
    ownerWorkspace = owner.workspaceId;
    outsiderWorkspace = outsider.workspaceId;
    await prisma.membership.create({ data: { workspaceId: ownerWorkspace, userId: viewer.userId, role: "VIEWER" } });
    outsiderDocument = (await prisma.document.findFirstOrThrow({ where: { workspaceId: outsiderWorkspace } })).id;
    tokens.owner = (await createApiToken(prisma, { userId: owner.userId }, { name: "owner" })).token;
    tokens.viewer = (await createApiToken(prisma, { userId: viewer.userId }, { name: "viewer" })).token;
    tokens.outsider = (await createApiToken(prisma, { userId: outsider.userId }, { name: "outsider" })).token;
    const revoked = await createApiToken(prisma, { userId: owner.userId }, { name: "old" });
    await revokeApiToken(prisma, NO_REALTIME_SERVER, { userId: owner.userId }, { tokenId: revoked.id });
    tokens.revoked = revoked.token;
  });
  afterAll(async () => {
    await app?.close();
    await storage?.destroy();
  });

  const endpoints = () => [
    ["GET", "/api/v1/workspaces"],
    ["POST", "/api/v1/workspaces"],
    ["GET", `/api/v1/workspaces/${ownerWorkspace}/documents`],
    ["POST", `/api/v1/workspaces/${ownerWorkspace}/documents`],
    ["GET", `/api/v1/documents/${outsiderDocument}`],
  ];

  it("answers 401 with a JSON error on every endpoint without valid credentials", async () => {
    for (const [method, path] of endpoints()) {
      for (const token of [undefined, "mgl_not-a-real-token", tokens.revoked]) {
        const response = await api(method!, path!, { token, body: method === "POST" ? { name: "x", title: "x", text: "x" } : undefined });
        expect(response.status, `${method} ${path} with ${token ?? "no token"}`).toBe(401);
        expect(response.json.error.code).toBe("UNAUTHORIZED");
        expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
      }
    }
    const basic = await api("GET", "/api/v1/workspaces", { headers: { authorization: "Basic b3duZXI6cGFzcw==" } });
    expect(basic.status).toBe(401);
  });

  it("creates a workspace and a document, and reads them back", async () => {
    const created = await api("POST", "/api/v1/workspaces", { token: tokens.owner, body: { name: "  Fact-check desk " } });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ name: "Fact-check desk", role: "owner" });

    const listed = await api("GET", "/api/v1/workspaces", { token: tokens.owner });
    expect(listed.json.workspaces.map((w: { name: string }) => w.name)).toContain("Fact-check desk");

    const text = "The junta said it took the town.\n\nNo figures were given.";
    const document = await api("POST", `/api/v1/workspaces/${created.json.id}/documents`, {
      token: tokens.owner,
      body: { title: "Town taken", text, source: "Example Wire", author: "A. Writer", publishedAt: "2026-11-20" },
    });
    expect(document.status).toBe(201);
    expect(document.json).toMatchObject({
      title: "Town taken",
      source: "Example Wire",
      author: "A. Writer",
      publishedAt: "2026-11-20T00:00:00.000Z",
      workspaceId: created.json.id,
      text,
      url: `${app.url}/documents/${document.json.id}`,
    });

    const readBack = await api("GET", `/api/v1/documents/${document.json.id}`, { token: tokens.owner });
    expect(readBack.status).toBe(200);
    expect(readBack.json).toEqual(document.json);

    const inWorkspace = await api("GET", `/api/v1/workspaces/${created.json.id}/documents`, { token: tokens.owner });
    expect(inWorkspace.json.documents).toEqual([expect.objectContaining({ id: document.json.id, title: "Town taken", url: document.json.url })]);
  });

  it("answers 404 for another workspace's ids, and reveals nothing about them", async () => {
    const list = await api("GET", `/api/v1/workspaces/${outsiderWorkspace}/documents`, { token: tokens.owner });
    const create = await api("POST", `/api/v1/workspaces/${outsiderWorkspace}/documents`, { token: tokens.owner, body: { title: "x", text: "y" } });
    const read = await api("GET", `/api/v1/documents/${outsiderDocument}`, { token: tokens.owner });
    const unknown = await api("GET", "/api/v1/documents/00000000-0000-0000-0000-000000000000", { token: tokens.owner });
    for (const response of [list, create, read, unknown]) {
      expect(response.status).toBe(404);
      expect(response.json.error.code).toBe("NOT_FOUND");
    }
    expect(read.json).toEqual(unknown.json);
    expect(await prisma.document.count({ where: { workspaceId: outsiderWorkspace } })).toBe(1);
  });

  it("lets a viewer read but not import (403), and stores nothing", async () => {
    const before = await prisma.document.count({ where: { workspaceId: ownerWorkspace } });
    const list = await api("GET", `/api/v1/workspaces/${ownerWorkspace}/documents`, { token: tokens.viewer });
    expect(list.status).toBe(200);
    expect(list.json.documents).toHaveLength(before);

    const write = await api("POST", `/api/v1/workspaces/${ownerWorkspace}/documents`, { token: tokens.viewer, body: { title: "x", text: "y" } });
    expect(write.status).toBe(403);
    expect(write.json.error).toMatchObject({ code: "FORBIDDEN", message: expect.stringMatching(/viewer/) });
    expect(await prisma.document.count({ where: { workspaceId: ownerWorkspace } })).toBe(before);
  });

  it("rejects malformed, mistyped and invalid bodies with 400/415 naming the problem", async () => {
    const path = `/api/v1/workspaces/${ownerWorkspace}/documents`;
    const before = await prisma.document.count();
    const cases = [
      { call: { raw: '{"title": "x",', headers: { "content-type": "application/json" } }, status: 400, message: /not valid JSON/ },
      { call: { raw: "", headers: { "content-type": "application/json" } }, status: 400, message: /empty/ },
      { call: { body: ["a"] }, status: 400, message: /JSON object/ },
      { call: { raw: "title=x", headers: { "content-type": "application/x-www-form-urlencoded" } }, status: 415, message: /application\/json/ },
      { call: { body: { text: "No title" } }, status: 400, field: "title" },
      { call: { body: { title: "No text" } }, status: 400, field: "text" },
      { call: { body: { title: "x", text: "y", publishedAt: "last Tuesday" } }, status: 400, field: "publishedAt" },
      { call: { body: { title: "x", text: "y", language: "not a language" } }, status: 400, field: "language" },
      { call: { body: { title: 42, text: "y" } }, status: 400, field: "title" },
    ];
    for (const { call, status, message, field } of cases) {
      const response = await api("POST", path, { token: tokens.owner, ...call });
      expect(response.status, JSON.stringify(call)).toBe(status);
      if (message) expect(response.json.error.message).toMatch(message);
      if (field) expect(response.json.error.field).toBe(field);
    }
    const badName = await api("POST", "/api/v1/workspaces", { token: tokens.owner, body: { name: "" } });
    expect(badName.status).toBe(400);
    expect(badName.json.error.field).toBe("name");
    expect(await prisma.document.count()).toBe(before);
  });

  it("answers 413 for oversize bodies and for text over 200 KB", async () => {
    const path = `/api/v1/workspaces/${ownerWorkspace}/documents`;
    const huge = await api("POST", path, { token: tokens.owner, body: { title: "Huge", text: "a".repeat(450_000) } });
    expect(huge.status).toBe(413);
    const long = await api("POST", path, { token: tokens.owner, body: { title: "Long", text: "word ".repeat(50_000) } });
    expect(long.status).toBe(400);
    expect(long.json.error).toMatchObject({ field: "text", message: expect.stringMatching(/200 KB/) });
    const workspaceBody = await api("POST", "/api/v1/workspaces", { token: tokens.owner, body: { name: "x".repeat(20_000) } });
    expect(workspaceBody.status).toBe(413);
  });
});
