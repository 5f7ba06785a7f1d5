import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "@/lib/auth/api-tokens/create-api-token.ts";
import { signUp } from "@/lib/auth/sign-up.ts";
import type { PrismaClient } from "@/lib/db/database.ts";
import type { Role } from "@/lib/generated/prisma/enums.ts";
import { DEFAULT_VOCABULARY, labelName, type Vocabulary } from "@/lib/vocabulary/default-vocabulary.ts";
import { getWorkspaceVocabulary } from "@/lib/vocabulary/get-workspace-vocabulary.ts";
import { resetWorkspaceVocabulary, updateWorkspaceVocabulary } from "@/lib/vocabulary/update-workspace-vocabulary.ts";
import { startApp, type RunningApp } from "./app-server.ts";
import { backends, useMigratedDatabase, type TestStorage } from "./databases.ts";

type People = Record<string, { userId: string }>;

/** A workspace whose members have the given names and roles; `null` makes a user who is no member. */
async function makeWorkspace(prisma: PrismaClient, roles: Record<string, Role | null>): Promise<{ workspaceId: string; people: People }> {
  const workspace = await prisma.workspace.create({ data: { name: `Desk ${randomUUID().slice(0, 8)}` } });
  const people: People = {};
  for (const [name, role] of Object.entries(roles)) {
    const user = await prisma.user.create({ data: { name, email: `${name.toLowerCase()}-${randomUUID()}@example.test` } });
    if (role) await prisma.membership.create({ data: { workspaceId: workspace.id, userId: user.id, role } });
    people[name] = { userId: user.id };
  }
  return { workspaceId: workspace.id, people };
}

const MINE: Vocabulary = {
  propaganda: DEFAULT_VOCABULARY.propaganda.slice(0, 2),
  sourcing: [{ id: "wire-copy", name: "Wire copy", definition: "Agency text run unchanged." }],
  context: [],
};

describe.each(backends)("tag vocabulary on $name", (backend) => {
  const db = useMigratedDatabase(backend);
  let prisma: PrismaClient;
  let workspaceId: string;
  let people: People;
  const person = (name: string) => people[name] ?? { userId: "no such person" };

  beforeAll(async () => {
    prisma = db.database.prisma;
    ({ workspaceId, people } = await makeWorkspace(prisma, { Olga: "OWNER", Eddie: "EDITOR", Chloe: "COMMENTER", Victor: "VIEWER", Nobody: null }));
  });

  it("gives a workspace that never edited its vocabulary the defaults", async () => {
    expect(await getWorkspaceVocabulary(prisma, workspaceId)).toEqual(DEFAULT_VOCABULARY);
    await expect(getWorkspaceVocabulary(prisma, randomUUID())).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("lets the owner save labels, giving new ones ids made from their names, and reads them back", async () => {
    const saved = await updateWorkspaceVocabulary(prisma, person("Olga"), {
      workspaceId,
      vocabulary: { ...MINE, context: [{ name: "  Missing map ", definition: "Where is it?" }, { name: "Missing map" }] },
    });
    const expected = {
      ...MINE,
      context: [
        { id: "missing-map", name: "Missing map", definition: "Where is it?" },
        { id: "missing-map-2", name: "Missing map", definition: "" },
      ],
    };
    expect(saved).toEqual(expected);
    expect(await getWorkspaceVocabulary(prisma, workspaceId)).toEqual(expected);
  });

  it("keeps a label's id when the owner renames it, so highlights that carry it show the new name", async () => {
    const document = await prisma.document.create({
      data: { workspaceId, title: "Town taken", source: "Example Wire", body: [{ type: "paragraph", text: "It was taken." }], contentHash: "x" },
    });
    const now = new Date();
    const highlight = await prisma.annotation.create({
      data: {
        id: randomUUID(),
        documentId: document.id,
        start: 0,
        end: 2,
        exact: "It",
        prefix: "",
        suffix: " was",
        tag: "sourcing",
        technique: "wire-copy",
        authorId: person("Olga").userId,
        authorName: "Olga",
        resolved: false,
        createdAt: now,
        updatedAt: now,
      },
    });

    await updateWorkspaceVocabulary(prisma, person("Olga"), {
      workspaceId,
      vocabulary: { ...MINE, sourcing: [{ id: "wire-copy", name: "Agency copy", definition: "Unchanged wire text." }] },
    });
    const vocabulary = await getWorkspaceVocabulary(prisma, workspaceId);
    expect(vocabulary.sourcing).toEqual([{ id: "wire-copy", name: "Agency copy", definition: "Unchanged wire text." }]);
    expect(labelName(vocabulary, "sourcing", highlight.technique)).toBe("Agency copy");

    // Removed since: the highlight keeps the id, shown humanized rather than lost.
    await updateWorkspaceVocabulary(prisma, person("Olga"), { workspaceId, vocabulary: { ...MINE, sourcing: [] } });
    expect(labelName(await getWorkspaceVocabulary(prisma, workspaceId), "sourcing", highlight.technique)).toBe("Wire copy");
  });

  it("refuses editors, commenters and viewers, and changes nothing", async () => {
    await updateWorkspaceVocabulary(prisma, person("Olga"), { workspaceId, vocabulary: MINE });
    for (const name of ["Eddie", "Chloe", "Victor"]) {
      await expect(
        updateWorkspaceVocabulary(prisma, person(name), { workspaceId, vocabulary: { ...MINE, context: [{ name: "Mine now" }] } }),
        name,
      ).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(resetWorkspaceVocabulary(prisma, person(name), workspaceId), name).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    await expect(updateWorkspaceVocabulary(prisma, person("Nobody"), { workspaceId, vocabulary: MINE })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await getWorkspaceVocabulary(prisma, workspaceId)).toEqual(MINE);
  });

  it("refuses invalid vocabularies with BAD_REQUEST naming the field, and changes nothing", async () => {
    await updateWorkspaceVocabulary(prisma, person("Olga"), { workspaceId, vocabulary: MINE });
    const refused = (vocabulary: unknown) => updateWorkspaceVocabulary(prisma, person("Olga"), { workspaceId, vocabulary });

    await expect(
      refused({ ...MINE, propaganda: [{ id: "doubt", name: "Doubt" }, { id: "doubt", name: "Doubt, again" }] }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", field: "vocabulary.propaganda.1.id", message: expect.stringContaining("“doubt”") });
    await expect(refused({ ...MINE, sourcing: [{ id: "wire-copy", name: "   " }] })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      field: "vocabulary.sourcing.0.name",
      message: "Give every label a name.",
    });
    const many = Array.from({ length: 41 }, (_, index) => ({ name: `Gap ${index}` }));
    await expect(refused({ ...MINE, context: many })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      field: "vocabulary.context",
      message: "Use at most 40 Context labels.",
    });
    await expect(refused({ propaganda: [], sourcing: [] })).rejects.toMatchObject({ code: "BAD_REQUEST", field: "vocabulary.context" });

    expect(await getWorkspaceVocabulary(prisma, workspaceId)).toEqual(MINE);
  });

  it("resets to the defaults, storing nothing so later default improvements apply", async () => {
    await updateWorkspaceVocabulary(prisma, person("Olga"), { workspaceId, vocabulary: MINE });
    expect(await resetWorkspaceVocabulary(prisma, person("Olga"), workspaceId)).toEqual(DEFAULT_VOCABULARY);
    expect(await getWorkspaceVocabulary(prisma, workspaceId)).toEqual(DEFAULT_VOCABULARY);
    expect((await prisma.workspace.findUniqueOrThrow({ where: { id: workspaceId } })).vocabulary).toBeNull();
  });

  it("reads a stored tag that no longer passes validation as that tag's defaults, keeping the others", async () => {
    await prisma.workspace.update({
      where: { id: workspaceId },
      data: { vocabulary: { propaganda: [], sourcing: MINE.sourcing, context: [{ id: "Not An Id", name: "x", definition: "" }] } },
    });
    expect(await getWorkspaceVocabulary(prisma, workspaceId)).toEqual({ propaganda: [], sourcing: MINE.sourcing, context: DEFAULT_VOCABULARY.context });
  });
});

describe.each(backends)("GET /api/v1/workspaces/:id/vocabulary on $name", (backend) => {
  let storage: TestStorage;
  let app: RunningApp;
  let prisma: PrismaClient;
  const tokens = { owner: "", viewer: "", outsider: "" };
  let owner = { userId: "" };
  let workspaceId = "";

  async function get(path: string, token?: string) {
    const response = await fetch(`${app.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: response.status, json: await response.json() };
  }

  beforeAll(async () => {
    storage = await backend.create();
    app = await startApp(storage);
    prisma = app.server.database.prisma;
    const ownerAccount = await signUp(prisma, { email: "owner@example.org", name: "Owner", password: "owner password 1" });
    const viewer = await signUp(prisma, { email: "viewer@example.org", name: "Viewer", password: "viewer password 1" });
    const outsider = await signUp(prisma, { email: "outsider@example.org", name: "Outsider", password: "outsider password 1" });
    owner = { userId: ownerAccount.userId };
    workspaceId = ownerAccount.workspaceId;
    await prisma.membership.create({ data: { workspaceId, userId: viewer.userId, role: "VIEWER" } });
    tokens.owner = (await createApiToken(prisma, owner, { name: "owner" })).token;
    tokens.viewer = (await createApiToken(prisma, { userId: viewer.userId }, { name: "viewer" })).token;
    tokens.outsider = (await createApiToken(prisma, { userId: outsider.userId }, { name: "outsider" })).token;
  });
  afterAll(async () => {
    await app?.close();
    await storage?.destroy();
  });

  it("gives any member the vocabulary: the defaults, then what the owner saved", async () => {
    expect(await get(`/api/v1/workspaces/${workspaceId}/vocabulary`, tokens.viewer)).toEqual({ status: 200, json: { vocabulary: DEFAULT_VOCABULARY } });
    await updateWorkspaceVocabulary(prisma, owner, { workspaceId, vocabulary: MINE });
    for (const token of [tokens.viewer, tokens.owner]) {
      expect(await get(`/api/v1/workspaces/${workspaceId}/vocabulary`, token)).toEqual({ status: 200, json: { vocabulary: MINE } });
    }
  });

  it("answers 404 to someone outside the workspace and for an unknown one, 401 without a token", async () => {
    const outsider = await get(`/api/v1/workspaces/${workspaceId}/vocabulary`, tokens.outsider);
    const unknown = await get(`/api/v1/workspaces/${randomUUID()}/vocabulary`, tokens.owner);
    for (const response of [outsider, unknown]) {
      expect(response.status).toBe(404);
      expect(response.json.error.code).toBe("NOT_FOUND");
    }
    expect(outsider.json).toEqual(unknown.json);
    const anonymous = await get(`/api/v1/workspaces/${workspaceId}/vocabulary`);
    expect(anonymous.status).toBe(401);
  });
});
