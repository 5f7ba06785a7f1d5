import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readBackupHeader } from "./restore-backup.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "marginalia-header-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const target = path.join(dir, name);
  fs.writeFileSync(target, text);
  return target;
}

const header = { format: 1, createdAt: "2026-11-30T04:00:00.000Z", source: "pglite", migrations: ["20261124000000_documents"], tables: { documents: 2 } };

describe("readBackupHeader", () => {
  it("reads a complete backup's header", async () => {
    const backup = file("ok.sql", `-- marginalia:backup ${JSON.stringify(header)}\nSELECT 1;\n-- marginalia:end\n`);
    expect(await readBackupHeader(backup)).toEqual(header);
  });

  it("refuses a file that is not a backup, one from an unknown format, and one cut short", async () => {
    await expect(readBackupHeader(file("dump.sql", "CREATE TABLE x (id int);\n"))).rejects.toThrow(/is not a Marginalia backup/);
    await expect(readBackupHeader(file("future.sql", `-- marginalia:backup ${JSON.stringify({ ...header, format: 2 })}\n-- marginalia:end\n`))).rejects.toThrow(
      /header this release cannot read/,
    );
    await expect(readBackupHeader(file("cut.sql", `-- marginalia:backup ${JSON.stringify(header)}\nINSERT INTO "documents" SELECT`))).rejects.toThrow(/incomplete/);
  });
});
