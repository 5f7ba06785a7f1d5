import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { textQuoteAnchor } from "@/lib/annotations/text-quote-anchor.ts";
import { createApiToken } from "@/lib/auth/api-tokens/create-api-token.ts";
import { signUp } from "@/lib/auth/sign-up.ts";
import { mentionToken } from "@/lib/comments/comment-markup.ts";
import { canonicalBodyText } from "@/lib/documents/canonical-text.ts";
import { DEMO_SLUG } from "@/lib/documents/constants.ts";
import { bodySchema } from "@/lib/documents/schema.ts";
import { startApp, type RunningApp } from "./app-server.ts";
import { backends, type TestStorage } from "./databases.ts";

type Collection = { total: number; first: { items: { id: string; motivation: string; creator: { id: string; name: string }; body: unknown; target: unknown }[] } };

describe.each(backends)("exporting an annotated document on $name", (backend) => {
  let storage: TestStorage;
  let app: RunningApp;
  const tokens: Record<"owner" | "editor" | "viewer" | "stranger", string> = { owner: "", editor: "", viewer: "", stranger: "" };
  const ids: Record<"owner" | "editor" | "viewer", string> = { owner: "", editor: "", viewer: "" };
  let documentId = "";
  let demoId = "";

  const get = (path: string, as?: keyof typeof tokens) =>
    fetch(`${app.url}${path}`, { headers: as ? { authorization: `Bearer ${tokens[as]}` } : {} });
  const exportOf = (query: string, as?: keyof typeof tokens) => get(`/api/v1/documents/${documentId}/export?${query}`, as);

  beforeAll(async () => {
    storage = await backend.create();
    app = await startApp(storage);
    const prisma = app.server.database.prisma;
    const password = "long enough password";
    const owner = await signUp(prisma, { email: "export-owner@example.org", name: "Awa Traoré", password });
    const editor = await signUp(prisma, { email: "export-editor@example.org", name: "Ed Smith", password });
    const viewer = await signUp(prisma, { email: "export-viewer@example.org", name: "Vic Viewer", password });
    const stranger = await signUp(prisma, { email: "export-stranger@example.org", name: "Sam Stranger", password });
    await prisma.workspace.update({ where: { id: owner.workspaceId }, data: { name: "Class 3B" } });
    await prisma.membership.create({ data: { workspaceId: owner.workspaceId, userId: editor.userId, role: "EDITOR" } });
    await prisma.membership.create({ data: { workspaceId: owner.workspaceId, userId: viewer.userId, role: "VIEWER" } });
    ids.owner = owner.userId;
    ids.editor = editor.userId;
    ids.viewer = viewer.userId;
    for (const [role, account] of Object.entries({ owner, editor, viewer, stranger })) {
      tokens[role as keyof typeof tokens] = (await createApiToken(prisma, { userId: account.userId }, { name: "export" })).token;
    }
    const document = await prisma.document.findFirstOrThrow({ where: { workspaceId: owner.workspaceId } });
    documentId = document.id;
    demoId = (await prisma.document.findUniqueOrThrow({ where: { slug: DEMO_SLUG } })).id;
    const text = canonicalBodyText(bodySchema.parse(document.body));
    const at = (minute: number) => new Date(Date.UTC(2026, 10, 30, 8, minute));
    const anchor = (start: number, end: number) => textQuoteAnchor(text, start, end);
    // Written to the projection as the realtime server stores a room: two highlights, three comments.
    await prisma.annotation.create({
      data: { id: "a-one", documentId, ...anchor(40, 60), tag: "propaganda", technique: "loaded-language", authorId: owner.userId, authorName: "Awa Traoré", resolved: false, createdAt: at(1), updatedAt: at(1) },
    });
    await prisma.annotation.create({
      data: { id: "a-two", documentId, ...anchor(10, 30), tag: "sourcing", authorId: editor.userId, authorName: "Ed Smith", resolved: true, resolvedBy: owner.userId, resolvedAt: at(5), createdAt: at(2), updatedAt: at(5) },
    });
    const comment = (id: string, annotationId: string, parentId: string | null, authorId: string, authorName: string, body: string, minute: number) =>
      prisma.annotationComment.create({ data: { id, annotationId, parentId, authorId, authorName, body, deleted: false, createdAt: at(minute), updatedAt: at(minute) } });
    await comment("c-one", "a-one", null, viewer.userId, "Vic Viewer", `Ask ${mentionToken("Ed Smith", editor.userId)} <script>alert(1)</script>`, 3);
    await comment("c-two", "a-one", "c-one", owner.userId, "Awa Traoré", '=HYPERLINK("http://evil.example")', 4);
    await comment("c-three", "a-two", null, editor.userId, "Ed Smith", "Which agency?", 6);
  });
  afterAll(async () => {
    await app?.close();
    await storage?.destroy();
  });

  it("gives a member each format with its content type and a file name from the title and date", async () => {
    const title = (await (await get(`/api/v1/documents/${documentId}`, "owner")).json()) as { title: string };
    expect(title.title.length).toBeGreaterThan(0);
    const expected = {
      html: "text/html; charset=utf-8", md: "text/markdown; charset=utf-8", jsonld: 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"; charset=utf-8', csv: "text/csv; charset=utf-8; header=present",
      pdf: "application/pdf",
      docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    };
    const day = new Date().toISOString().slice(0, 10);
    for (const [format, type] of Object.entries(expected)) {
      const response = await exportOf(`format=${format}`, "owner");
      expect(response.status, format).toBe(200);
      expect(response.headers.get("content-type")).toBe(type);
      expect(response.headers.get("content-disposition")).toMatch(new RegExp(`^attachment; filename="[a-z0-9-]+-${day}\\.${format}"; filename\\*=UTF-8''\\S+\\.${format}$`));
      expect(response.headers.get("cache-control")).toBe("private, no-store");
    }
    const inline = await exportOf("format=html&disposition=inline", "viewer");
    expect(inline.headers.get("content-disposition")).toMatch(/^inline; /);
    const html = await inline.text();
    expect(html).toContain('<mark data-tag="propaganda" data-highlight="2">');
    expect(html).toContain('<mark data-tag="sourcing" data-highlight="1">');
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("Exported by</dt><dd>Vic Viewer");
  });

  it("refuses strangers as not found, a missing sign-in as unauthorized, and names a bad parameter", async () => {
    expect((await exportOf("format=md", "stranger")).status).toBe(404);
    const anonymous = await exportOf("format=md");
    expect(anonymous.status).toBe(401);
    expect((await get("/api/v1/documents/no-such-document/export")).status).toBe(401);
    expect((await get("/api/v1/documents/no-such-document/export", "owner")).status).toBe(404);
    const bad = await exportOf("format=xlsx", "owner");
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/^format: /);
  });

  it("exports the public demo for anyone, signed in or not", async () => {
    const response = await get(`/api/v1/documents/${demoId}/export?format=html`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("Exported by</dt><dd>an anonymous reader");
    expect(html).toContain("Public demo");
    // The demo carries the example answer key (seeded at start), explanations included.
    expect(html).toContain("Example answer key");
    expect(html).toContain("Which sources: soldiers, hospitals, the rebels?");
  });

  it("applies the filters: tags, comments, resolved threads and authors", async () => {
    const collection = async (query: string) => (await (await exportOf(`format=jsonld&${query}`, "editor")).json()) as Collection;
    const short = (data: Collection) => data.first.items.map((item) => item.id.replace(/^.*\/annotations\//, ""));
    expect(short(await collection(""))).toEqual(["a-two", "a-one", "a-one/comments/c-one", "a-one/comments/c-two", "a-two/comments/c-three"]);
    expect(short(await collection("tags=sourcing"))).toEqual(["a-two", "a-two/comments/c-three"]);
    expect(short(await collection("labels=loaded-language&tags=propaganda"))).toEqual(["a-one", "a-one/comments/c-one", "a-one/comments/c-two"]);
    expect(short(await collection("comments=0"))).toEqual(["a-two", "a-one"]);
    expect(short(await collection("resolved=0"))).toEqual(["a-one", "a-one/comments/c-one", "a-one/comments/c-two"]);
    // A viewer's work is their comments: the highlight they commented on stays, with only their words.
    expect(short(await collection(`authors=${ids.viewer}`))).toEqual(["a-one", "a-one/comments/c-one"]);
    const bytes = new Uint8Array(await (await exportOf("format=csv&tags=propaganda", "editor")).arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = new TextDecoder().decode(bytes);
    expect(csv).toContain(`'=HYPERLINK(""http://evil.example"")`);
  });

  it("anonymises every person, the exporter and every mention, numbered by first contribution", async () => {
    const names = ["Awa", "Traoré", "Ed Smith", "Vic"];
    for (const format of ["html", "md", "jsonld", "csv"]) {
      const body = await (await exportOf(`format=${format}&anonymize=1`, "viewer")).text();
      for (const leak of [...names, ids.owner, ids.editor, ids.viewer]) expect(body, `${format} leaks ${leak}`).not.toContain(leak);
    }
    const data = (await (await exportOf("format=jsonld&anonymize=1", "viewer")).json()) as Collection;
    const byId = new Map(data.first.items.map((item) => [item.id.replace(/^.*\/annotations\//, ""), item]));
    expect(byId.get("a-one")!.creator.name).toBe("Reader 1");
    expect(byId.get("a-two")!.creator).toEqual({ id: `${app.url}/users/reader-2`, type: "Person", name: "Reader 2" });
    expect(byId.get("a-one/comments/c-one")!.creator.name).toBe("Reader 3");
    expect((byId.get("a-one/comments/c-one")!.body as { value: string }).value).toBe("Ask @[Reader 2](user:reader-2) <script>alert(1)</script>");
    expect(byId.get("a-two")!.body).toContainEqual(expect.objectContaining({ purpose: "assessing", creator: { id: `${app.url}/users/reader-1`, type: "Person" } }));
    const html = await (await exportOf("format=html&anonymize=1", "viewer")).text();
    expect(html).toContain("Exported by</dt><dd>Reader 3");
    // A new account's workspace carries its owner's name; the anonymised copy carries the pseudonym.
    const prisma = app.server.database.prisma;
    const workspace = await prisma.document.findUniqueOrThrow({ where: { id: documentId }, select: { workspaceId: true } });
    await prisma.workspace.update({ where: { id: workspace.workspaceId! }, data: { name: "Awa Traoré’s workspace" } });
    const renamed = await (await exportOf("format=md&anonymize=1", "viewer")).text();
    expect(renamed).toContain("Reader 1’s workspace");
    expect(renamed).not.toContain("Awa");
    await prisma.workspace.update({ where: { id: workspace.workspaceId! }, data: { name: "Class 3B" } });
    expect(html).toContain('<span class="mention">@Reader 2</span>');
  });
});
