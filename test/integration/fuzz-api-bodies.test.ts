import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "@/lib/auth/api-tokens/create-api-token.ts";
import { signUp } from "@/lib/auth/sign-up.ts";
import type { PrismaClient } from "@/lib/db/database.ts";
import { errorStatus, type ErrorCode } from "@/lib/errors.ts";
import { readCorpus } from "@/test/fuzz/corpus.ts";
import { countCase, fuzzMode, fuzzParameters, printCasesRun } from "@/test/fuzz/fuzz-settings.ts";
import { edgeJson, edgeNumber, edgeString, nestedJsonText, PROTOTYPE_KEYS } from "@/test/fuzz/json-arbitraries.ts";
import { startApp, type RunningApp } from "./app-server.ts";
import { backends, type TestStorage } from "./databases.ts";

/** A request that takes longer than this on a loaded CI machine counts as a hang. */
const REQUEST_TIMEOUT_MS = 20_000;

type Ids = { workspace: string; document: string; session: string };
type BodyRoute = { method: "POST"; path(ids: Ids): string; /** Fields the handler reads, for structure-aware bodies. */ fields: string[]; /** Whether the route answers without a token. */ public?: boolean };

/**
 * Every REST route that reads a JSON body, by its file under app/api. The test below derives the
 * list from the filesystem, so a new route with a body fails it until it is added here.
 */
const BODY_ROUTES: Record<string, BodyRoute> = {
  "app/api/v1/workspaces/route.ts": { method: "POST", path: () => "/api/v1/workspaces", fields: ["name"] },
  "app/api/v1/workspaces/[id]/documents/route.ts": { method: "POST", path: (ids) => `/api/v1/workspaces/${ids.workspace}/documents`, fields: ["title", "text", "blocks", "source", "author", "publishedAt", "language", "importedFrom", "workspaceId"] },
  "app/api/v1/documents/[id]/annotations/route.ts": { method: "POST", path: (ids) => `/api/v1/documents/${ids.document}/annotations`, fields: ["@context", "type", "motivation", "body", "target", "id", "creator"] },
  "app/api/v1/documents/[id]/import/route.ts": { method: "POST", path: (ids) => `/api/v1/documents/${ids.document}/import?dryRun=1`, fields: ["type", "items", "first", "rows", "export_date", "annotations", "next"] },
  "app/api/v1/documents/[id]/sessions/route.ts": { method: "POST", path: (ids) => `/api/v1/documents/${ids.document}/sessions`, fields: ["mode", "anonymous", "groups", "useExampleKey"] },
  "app/api/v1/sessions/join/route.ts": { method: "POST", path: () => "/api/v1/sessions/join", fields: ["code", "name"], public: true },
  "app/api/v1/sessions/[id]/end/route.ts": { method: "POST", path: (ids) => `/api/v1/sessions/${ids.session}/end`, fields: ["deleteData"] },
};

/** Route files under app/api whose handler reads a JSON body (the route context's json(), or readJsonBody). */
function routesWithBody(): string[] {
  const found: string[] = [];
  const visit = (folder: string) => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.name === "route.ts" && /\bawait json\(\)|readJsonBody\(|request\.json\(\)/.test(fs.readFileSync(full, "utf8"))) found.push(full);
    }
  };
  visit("app/api");
  return found.sort();
}

type Body = { text: string; contentType: string | null; kind: string };

const json = (kind: string, value: unknown): Body => ({ kind, text: JSON.stringify(value) ?? "null", contentType: "application/json" });

function bodies(route: BodyRoute): fc.Arbitrary<Body> {
  const field = fc.constantFrom(...route.fields, ...PROTOTYPE_KEYS);
  const value = fc.oneof(edgeJson, edgeNumber, edgeString, fc.constant({ type: "paragraph", text: "x" }), fc.constant([{ type: "heading", text: "" }]));
  return fc.oneof(
    edgeJson.map((random) => json("random json", random)),
    fc.dictionary(field, value, { maxKeys: 6 }).map((object) => json("structured", object)),
    fc.tuple(fc.integer({ min: 1_000, max: 7_000 }), fc.constantFrom("array" as const, "object" as const), field).map(([depth, kind, key]): Body => ({
      kind: "deep json",
      text: `{${JSON.stringify(key)}:${nestedJsonText(depth, kind)}}`,
      contentType: "application/json",
    })),
    fc.oneof(fc.string({ unit: "binary", maxLength: 200 }), fc.constantFrom("", " ", "{", "[1,]", "{'a':1}", "NaN", "\uFEFF{}", '{"a":1}}', '{"a":"\\ud800"}', "null", "[]", '"text"', "1e999", '{"__proto__":{"isAdmin":true}}')).map((text): Body => ({ kind: "invalid json", text, contentType: "application/json" })),
    fc.tuple(fc.constantFrom(null, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonx", "APPLICATION/JSON; charset=latin1"), edgeJson).map(([contentType, random]): Body => ({ kind: "content type", text: JSON.stringify(random) ?? "", contentType })),
    fc.integer({ min: 20_000, max: 6_000_000 }).map((size): Body => ({ kind: "oversized", text: JSON.stringify({ [route.fields[0]!]: "x".repeat(size) }), contentType: "application/json" })),
  ).map((body) => Object.assign(body, { [fc.toStringMethod]: () => `${body.kind} (${body.contentType}): ${body.text.length > 200 ? `${body.text.slice(0, 200)}… (${body.text.length} chars)` : body.text}` }));
}

const backend = backends[0]!;

describe(`every JSON body under fuzzing, over HTTP, on ${backend.name}`, () => {
  let storage: TestStorage;
  let app: RunningApp;
  let prisma: PrismaClient;
  let token = "";
  const ids: Ids = { workspace: "", document: "", session: "" };

  beforeAll(async () => {
    storage = await backend.create();
    app = await startApp(storage);
    prisma = app.server.database.prisma;
    const owner = await signUp(prisma, { email: "fuzz-api@example.org", name: "Owner", password: "owner password 1" });
    token = (await createApiToken(prisma, { userId: owner.userId }, { name: "fuzz" })).token;
    ids.workspace = owner.workspaceId;
    ids.document = (await prisma.document.findFirstOrThrow({ where: { workspaceId: owner.workspaceId } })).id;
    const created = await fetch(`${app.url}/api/v1/documents/${ids.document}/sessions`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify({ mode: "open" }) });
    expect(created.status).toBe(201);
    ids.session = ((await created.json()) as { id: string }).id;
    // The app server starting with its database on a loaded CI machine.
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    await storage?.destroy();
    printCasesRun("fuzz-api-bodies");
  });

  /** Rows of everything a body could create or change. */
  async function rowCounts() {
    const [workspaces, memberships, documents, annotations, comments, sessions, participants, updates] = await Promise.all([
      prisma.workspace.count(), prisma.membership.count(), prisma.document.count(), prisma.annotation.count(), prisma.annotationComment.count(),
      prisma.classSession.count({ where: { endedAt: null } }), prisma.sessionParticipant.count(), prisma.realtimeUpdate.count(),
    ]);
    return { workspaces, memberships, documents, annotations, comments, sessions, participants, updates };
  }

  /** Sends the body; a refusal must be 4xx with the API's error shape, matching its code, and leave every count as it was. */
  async function expectCleanAnswer(file: string, route: BodyRoute, body: Body) {
    countCase(`${route.path({ workspace: ":id", document: ":id", session: ":id" })} ${body.kind}`);
    const before = await rowCounts();
    const headers: Record<string, string> = route.public ? {} : { authorization: `Bearer ${token}` };
    if (body.contentType) headers["content-type"] = body.contentType;
    const response = await fetch(`${app.url}${route.path(ids)}`, { method: route.method, headers, body: body.text, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    const text = await response.text();
    expect(response.status, `${file}: ${text.slice(0, 300)}`).toBeLessThan(500);
    if (response.status < 400) return;
    const answer = JSON.parse(text) as { error?: { code?: ErrorCode; message?: unknown } };
    expect(typeof answer.error?.message).toBe("string");
    expect(errorStatus[answer.error!.code!]).toBe(response.status);
    expect(await rowCounts()).toEqual(before);
  }

  it("covers every route that reads a JSON body", () => {
    expect(routesWithBody()).toEqual(Object.keys(BODY_ROUTES).sort());
  });

  it("answers every corpus body on every route with a 4xx error or success, never a 5xx", async () => {
    for (const entry of readCorpus("api-body")) {
      for (const [file, route] of Object.entries(BODY_ROUTES)) await expectCleanAnswer(file, route, { kind: `corpus ${entry.name}`, text: entry.bytes.toString("utf8"), contentType: "application/json" });
    }
  }, 120_000);

  for (const [file, route] of Object.entries(BODY_ROUTES)) {
    it(`answers random, structured, deep, invalid and oversized bodies on ${route.method} ${route.path({ workspace: ":id", document: ":id", session: ":id" })} with 4xx and no change`, async () => {
      await fc.assert(fc.asyncProperty(bodies(route), (body) => expectCleanAnswer(file, route, body)), fuzzParameters(20));
    }, 180_000 * fuzzMode.factor);
  }
});
