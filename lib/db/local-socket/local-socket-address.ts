import fs from "node:fs";
import path from "node:path";
import { z } from "zod";

/**
 * Where a running server shares its embedded database with local tools: a Unix socket in
 * `<DATA_DIR>/socket/`, named as PostgreSQL names its own (`.s.PGSQL.<port>`), so libpq tools
 * reach it with `host=<DATA_DIR>/socket port=5432` and node-postgres with `?host=<dir>`.
 * The port is only part of the file name: nothing listens on TCP.
 */
export const LOCAL_SOCKET_PORT = 5432;

/** PGlite has one role and one database; whatever a client asks for, it gets these. */
const USER = "postgres";
const DATABASE = "postgres";

/** Linux refuses longer socket paths (sun_path is 108 bytes, the last one a NUL). */
const MAX_SOCKET_PATH_BYTES = 107;

export function localSocketDir(dataDir: string): string {
  return path.join(path.resolve(dataDir), "socket");
}

export function localSocketPath(dataDir: string): string {
  return path.join(localSocketDir(dataDir), `.s.PGSQL.${LOCAL_SOCKET_PORT}`);
}

/** Null when the path fits; otherwise why the socket cannot be served from this DATA_DIR. */
export function localSocketPathProblem(dataDir: string): string | null {
  const socketPath = localSocketPath(dataDir);
  if (Buffer.byteLength(socketPath) <= MAX_SOCKET_PATH_BYTES) return null;
  return `the socket path ${socketPath} is longer than the ${MAX_SOCKET_PATH_BYTES} bytes a Unix socket path may have: use a shorter DATA_DIR`;
}

/** node-postgres (and so @prisma/adapter-pg) reads a `host` that starts with "/" as a socket folder. */
export function localSocketUrl(dataDir: string): string {
  return `postgresql://${USER}@localhost/${DATABASE}?host=${encodeURIComponent(localSocketDir(dataDir))}&port=${LOCAL_SOCKET_PORT}`;
}

/** The libpq connection string, for psql and pg_dump. */
export function localSocketConninfo(dataDir: string): string {
  return `host=${localSocketDir(dataDir)} port=${LOCAL_SOCKET_PORT} user=${USER} dbname=${DATABASE} sslmode=disable`;
}

const infoSchema = z.object({
  pid: z.number().int(),
  socket: z.string(),
  psql: z.string(),
  startedAt: z.string(),
});

export type LocalSocketInfo = z.infer<typeof infoSchema>;

/** Next to `marginalia.lock`: how to reach the database the lock holder serves. */
export function localSocketInfoPath(dataDir: string): string {
  return path.join(dataDir, "marginalia.socket.json");
}

export function writeLocalSocketInfo(dataDir: string): () => void {
  const info: LocalSocketInfo = {
    pid: process.pid,
    socket: localSocketPath(dataDir),
    psql: `psql "${localSocketConninfo(dataDir)}"`,
    startedAt: new Date().toISOString(),
  };
  const file = localSocketInfoPath(dataDir);
  fs.writeFileSync(file, `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
  return () => {
    try {
      if (readLocalSocketInfo(dataDir)?.pid === process.pid) fs.unlinkSync(file);
    } catch {
      // Already gone.
    }
  };
}

/** The recorded socket, or null when none is recorded (or the record is unreadable). */
export function readLocalSocketInfo(dataDir: string): LocalSocketInfo | null {
  try {
    const parsed = infoSchema.safeParse(JSON.parse(fs.readFileSync(localSocketInfoPath(dataDir), "utf8")));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
