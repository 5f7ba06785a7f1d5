import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { acquireDataDirLock, DataDirLockedError, liveDataDirOwner } from "./data-dir-lock.ts";

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "marginalia-lock-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe("acquireDataDirLock", () => {
  it("refuses a folder held by another live process, naming its pid", () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "marginalia.lock"), String(process.ppid));
    expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
    expect(() => acquireDataDirLock(dir)).toThrow(new RegExp(`pid ${process.ppid}`));
  });

  it("takes over a lock left by a process that no longer exists, and releases it", () => {
    const dir = tempDir();
    const lockFile = path.join(dir, "marginalia.lock");
    fs.writeFileSync(lockFile, "2147483646");
    const release = acquireDataDirLock(dir);
    expect(fs.readFileSync(lockFile, "utf8")).toBe(String(process.pid));
    release();
    expect(fs.existsSync(lockFile)).toBe(false);
  });

  it("names the live process holding a folder (so the CLI goes through its socket), and nobody otherwise", () => {
    const dir = tempDir();
    const lockFile = path.join(dir, "marginalia.lock");
    expect(liveDataDirOwner(dir)).toBeNull();
    fs.writeFileSync(lockFile, String(process.ppid));
    expect(liveDataDirOwner(dir)).toBe(process.ppid);
    fs.writeFileSync(lockFile, "2147483646");
    expect(liveDataDirOwner(dir)).toBeNull();
    fs.writeFileSync(lockFile, String(process.pid));
    expect(liveDataDirOwner(dir)).toBeNull();
  });
});
