import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "@/lib/db/database.ts";
import { defaultMigrationsDir, loadMigrations, runMigrations } from "@/lib/db/migrate.ts";
import { connectEditor, type Editor } from "../faults/editor.ts";
import { faultsMode } from "../faults/mode.ts";
import { createRoomFixture } from "../faults/room-fixture.ts";
import { faultsSeed, seededRandom } from "../faults/seeded-random.ts";
import { readStoredRoom } from "../faults/stored-room.ts";
import { within } from "../faults/within.ts";
import { eventually, metricValue, startAppProcess, type AppProcess } from "./app-process.ts";

/** Room for PGlite's files (about 40 MB once migrated) and the server's writes before the disk is filled. */
const DISK_SIZE = "128m";

/** Fills the file system holding `file` to the last byte, as another program writing a log might. */
function fillDisk(file: string): void {
  const fd = fs.openSync(file, "w");
  try {
    for (const size of [1 << 20, 4096, 1]) {
      const chunk = Buffer.alloc(size, 0x61);
      try {
        for (;;) fs.writeSync(fd, chunk);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOSPC") throw error;
      }
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** Article text that does not compress: storing it needs new pages on the disk. */
function incompressibleText(bytes: number): string {
  return Array.from({ length: bytes / 64 }, () => `${randomBytes(28).toString("hex")}.`).join(" ");
}

/*
 * The embedded database's folder on a small tmpfs of its own (we run as root; where mounting is
 * not permitted the test says so and skips), filled up while the real server (`npm start`) runs.
 */
describe(`faults: the embedded data folder on a full disk (${faultsMode.name} mode)`, () => {
  it("refuses writes with 507 and a clear message, keeps serving reads, and stores everything once space returns, uncorrupted", async ({ skip }) => {
    const mountPoint = fs.mkdtempSync(path.join(os.tmpdir(), "marginalia-full-disk-"));
    const mount = spawnSync("mount", ["-t", "tmpfs", "-o", `size=${DISK_SIZE}`, "tmpfs", mountPoint], { encoding: "utf8" });
    if (mount.status !== 0) {
      fs.rmdirSync(mountPoint);
      console.warn(`full-disk test skipped: cannot mount a tmpfs here (${mount.stderr.trim() || mount.error?.message}); it needs root or CAP_SYS_ADMIN`);
      skip();
      return;
    }
    const random = seededRandom(faultsSeed());
    const dataDir = path.join(mountPoint, "data");
    const filler = path.join(mountPoint, "filler");
    let app: AppProcess | undefined;
    const editors: Editor[] = [];
    try {
      const setup = await openDatabase({ databaseUrl: undefined, dataDir });
      await runMigrations(setup.sql, loadMigrations(defaultMigrationsDir()));
      const fixture = await createRoomFixture(setup, 3, "disk");
      await setup.close();
      app = await startAppProcess({ DATA_DIR: dataDir, DATABASE_URL: "", REDIS_URL: "" });
      const api = (route: string, init: RequestInit = {}) =>
        fetch(`${app!.url}${route}`, { ...init, headers: { authorization: `Bearer ${fixture.owner.token}`, "content-type": "application/json" } });
      const createDocument = () => api(`/api/v1/workspaces/${fixture.owner.workspaceId}/documents`, { method: "POST", body: JSON.stringify({ title: "Filed late", text: incompressibleText(120_000) }) });
      const createAnnotation = () =>
        api(`/api/v1/documents/${fixture.documentId}/annotations`, {
          method: "POST",
          body: JSON.stringify({ type: "Annotation", body: { type: "TextualBody", purpose: "tagging", value: "context" }, target: { selector: { type: "TextQuoteSelector", exact: "Bamako" } } }),
        });
      const wsUrl = `ws://127.0.0.1:${app.port}/realtime`;
      const [writer, reader] = fixture.people.slice(0, 2).map((person) => connectEditor(wsUrl, fixture.documentId, fixture.text, person));
      editors.push(writer!, reader!);
      await within(30_000, "both editors synced", Promise.all(editors.map((editor) => editor.synced())));
      const before = writer!.edit(random);
      await eventually("the reader sees the writer's first highlight", () => reader!.received.has(before));

      fillDisk(filler);

      // A write that needs new space: refused with a status and message a person can act on, and logged.
      const refused = await createDocument();
      expect(refused.status).toBe(507);
      expect(await refused.json()).toEqual({ error: { code: "INSUFFICIENT_STORAGE", message: expect.stringMatching(/storage is full, so nothing was saved/) } });
      await eventually("the refusal logged", () => app!.logs.some((line) => line.level === 50 && line.msg === "storage is full: a write was refused"));

      // Live edits: the writer keeps its own until the store fails on the full disk (the server keeps them in memory, retrying).
      writer!.start(20, random);
      await eventually("the server logged that realtime updates cannot be stored", () => app!.logs.some((line) => line.msg === "storage is full: could not store realtime updates; keeping them in memory and retrying"), 30_000);
      writer!.stop();
      expect(await metricValue(app.port, "marginalia_realtime_pending_writes")).toBeGreaterThan(0);
      const unseen = [...writer!.written].filter((id) => !reader!.received.has(id));
      expect(unseen.length).toBeGreaterThan(0);
      // A server-side change is refused before it is applied: the REST client knows nothing was saved.
      const refusedAnnotation = await createAnnotation();
      expect(refusedAnnotation.status).toBe(507);
      expect(((await refusedAnnotation.json()) as { error: { code: string } }).error.code).toBe("INSUFFICIENT_STORAGE");

      // Reads go on: the REST API (from the projection) and pages.
      const document = await api(`/api/v1/documents/${fixture.documentId}`);
      expect(document.status).toBe(200);
      expect(((await document.json()) as { title: string }).title).toBe("disk");
      expect((await api(`/api/v1/documents/${fixture.documentId}/annotations`)).status).toBe(200);
      expect((await fetch(`${app.url}/`)).status).toBe(200);
      // Someone opens the live room now: its first sync waits behind the held updates (the
      // server never hands out what a crash could take back), so it completes once they are stored.
      const late = connectEditor(wsUrl, fixture.documentId, fixture.text, fixture.people[2]!);
      editors.push(late);

      // Space returns: what was held is stored and relayed, and new writes succeed.
      fs.rmSync(filler);
      await eventually("every held update stored", async () => (await metricValue(app!.port, "marginalia_realtime_pending_writes")) === 0, 30_000);
      await eventually("the reader received every highlight and comment the writer made", () => unseen.every((id) => reader!.received.has(id)), 10_000);
      await within(30_000, "the late reader synced", late.synced());
      expect([...writer!.written].filter((id) => !late.doc.getMap("annotations").has(id) && !late.doc.getMap("comments").has(id))).toEqual([]);
      expect((await createDocument()).status).toBe(201);
      const created = await createAnnotation();
      expect(created.status).toBe(201);
      const annotationId = ((await created.json()) as { id: string }).id.split("/").at(-1)!;

      for (const editor of editors) editor.destroy();
      app.child.kill("SIGTERM");
      expect(await within(30_000, "the server stopped", app.exited)).toBe(0);
      app = undefined;

      // PGlite opens cleanly; the refused document is absent, the room holds every edit, the projection matches it.
      const reopened = await openDatabase({ databaseUrl: undefined, dataDir });
      try {
        const titles = (await reopened.sql.query<{ title: string }>(`SELECT "title" FROM "documents" WHERE "workspace_id" = $1 ORDER BY "created_at"`, [fixture.owner.workspaceId])).map((row) => row.title);
        expect(titles).toEqual(["disk", "Filed late"]);
        const stored = await readStoredRoom(reopened, fixture.documentId);
        expect([...writer!.written, annotationId].filter((id) => !stored.ids.has(id))).toEqual([]);
        expect([...stored.projectedIds].sort()).toEqual([...stored.ids].sort());
        console.log(`faults full disk: ${writer!.written.size} live edits (${unseen.length} held in memory while the disk was full), 2 writes refused with 507, 0 lost`);
      } finally {
        await reopened.close();
      }
    } finally {
      for (const editor of editors) editor.destroy();
      if (app) {
        app.child.kill("SIGKILL");
        await app.exited;
      }
      spawnSync("umount", [mountPoint]);
      fs.rmSync(mountPoint, { recursive: true, force: true });
    }
  }, 180_000);
});
