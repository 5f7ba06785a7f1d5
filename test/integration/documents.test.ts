import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/database.ts";
import { defaultMigrationsDir, loadMigrations, runMigrations } from "@/lib/db/migrate.ts";
import { canonicalBodyText, contentHash } from "@/lib/documents/canonical-text.ts";
import { DEMO_SLUG } from "@/lib/documents/constants.ts";
import { getDocument } from "@/lib/documents/get-document.ts";
import { seedDemoDocument } from "@/lib/documents/seed-demo-document.ts";
import { checkHealth } from "@/lib/health/check-health.ts";
import { backends, openMigrated, type TestStorage } from "./databases.ts";

describe.each(backends)("documents on $name", (backend) => {
  let storage: TestStorage;
  let database: Database;

  beforeAll(async () => {
    ({ storage, database } = await openMigrated(backend));
  });
  afterAll(async () => {
    await database?.close();
    await storage?.destroy();
  });

  it("seeds the demo article once, however often it runs", async () => {
    const first = await seedDemoDocument(database.prisma);
    const second = await seedDemoDocument(database.prisma);
    expect(first.created).toBe(true);
    expect(second).toEqual({ id: first.id, created: false });
    expect(await database.prisma.document.count({ where: { slug: DEMO_SLUG } })).toBe(1);
  });

  it("stores the demo article as structured blocks with its source line and content hash", async () => {
    const document = await getDocument(database.prisma, { slug: DEMO_SLUG });
    expect(document).not.toBeNull();
    expect(document!.source).toBe("site-28");
    expect(document!.blocks).toHaveLength(7);
    expect(canonicalBodyText(document!.blocks)).toContain("Officially, it is a “tactical” withdrawal");
    expect(document!.contentHash).toBe(contentHash(document!.title, document!.blocks));
    expect(await getDocument(database.prisma, { id: document!.id })).toEqual(document);
  });

  it("answers null, not an error, for unknown documents", async () => {
    expect(await getDocument(database.prisma, { id: "00000000-0000-0000-0000-000000000000" })).toBeNull();
    expect(await getDocument(database.prisma, { id: "not a uuid; DROP TABLE documents" })).toBeNull();
    expect(await getDocument(database.prisma, { slug: "nope" })).toBeNull();
  });

  it("keeps documents across a restart", async () => {
    const before = await getDocument(database.prisma, { slug: DEMO_SLUG });
    await database.close();
    database = await storage.open();
    expect(await runMigrations(database.sql, loadMigrations(defaultMigrationsDir()))).toEqual([]);
    expect(await getDocument(database.prisma, { slug: DEMO_SLUG })).toEqual(before);
  });

  it("reports the database healthy while it answers", async () => {
    expect(await checkHealth(database.prisma)).toEqual({ status: "ok", database: "ok" });
  });
});
