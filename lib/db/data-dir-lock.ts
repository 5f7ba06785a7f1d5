import fs from "node:fs";
import path from "node:path";

export class DataDirLockedError extends Error {
  override name = "DataDirLockedError";
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function lockPathOf(dataDir: string): string {
  return path.join(dataDir, "marginalia.lock");
}

/** The pid of the live process (not this one) that holds `dataDir`, or null when none does. */
export function liveDataDirOwner(dataDir: string): number | null {
  let owner: number;
  try {
    owner = Number.parseInt(fs.readFileSync(lockPathOf(dataDir), "utf8"), 10);
  } catch {
    return null;
  }
  return Number.isInteger(owner) && owner !== process.pid && isProcessAlive(owner) ? owner : null;
}

/**
 * PGlite is single-process: two processes writing one folder corrupt it. A pid file makes the
 * second process stop with a clear message instead. A lock left by a crashed process is taken over.
 * Returns the function that releases the lock.
 */
export function acquireDataDirLock(dataDir: string): () => void {
  const lockPath = lockPathOf(dataDir);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: "wx" });
      return () => {
        try {
          if (fs.readFileSync(lockPath, "utf8") === String(process.pid)) fs.unlinkSync(lockPath);
        } catch {
          // Already gone: nothing to release.
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number.parseInt(fs.readFileSync(lockPath, "utf8"), 10);
      if (Number.isInteger(owner) && owner !== process.pid && isProcessAlive(owner)) {
        throw new DataDirLockedError(
          `The embedded database in ${dataDir} is in use by another Marginalia process (pid ${owner}). ` +
            `Stop that process first, or point DATA_DIR at another folder.`,
        );
      }
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new DataDirLockedError(`Could not lock ${dataDir}: another process keeps taking ${lockPath}.`);
}
