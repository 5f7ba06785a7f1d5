import type { Database } from "./db/database.ts";
import type { JoinLimiter } from "./classroom/join-limits.ts";
import type { ApiLimiter } from "./limits/api-limiter.ts";
import type { AccessEvents } from "./realtime/access-event.ts";
import type { RoomChange } from "./realtime/room-change.ts";
import type { AppConfig } from "./env.ts";
import type { Logger } from "./logger.ts";

/** What the running process shares with code inside Next.js: opened once by the server. */
export type AppContext = {
  config: AppConfig;
  database: Database;
  /** The process's structured logger: code inside Next logs through it, never to the console. */
  logger: Logger;
  /** Signs session cookies: AUTH_SECRET, or a secret generated once and kept in the database. */
  authSecret: string;
  /** Limits on joining classroom sessions per client address (shared through Redis when set). */
  joinLimiter: JoinLimiter;
  /** Limits on the REST API per client address and per caller (shared through Redis when set). */
  apiLimiter: ApiLimiter;
  /**
   * The realtime server: server-side changes to a room reach every connected client, and
   * access changes (accessChanged) reach the open connections they concern, in every process.
   */
  realtime: AccessEvents & {
    /** Applies the change to the room's document in one transaction and waits until it is stored. */
    change(room: string, change: RoomChange): Promise<void>;
    /** The room's state as one Yjs update (from memory if open in this process, else as stored). */
    state(room: string): Promise<Uint8Array>;
    /**
     * "End and delete data" of a classroom session: closes its connections, lets go of its open
     * rooms and deletes their stored state, so nothing in memory writes them back.
     */
    forgetSession(documentId: string, sessionId: string): Promise<void>;
  };
};

/**
 * Next.js bundles route handlers separately from the custom server, so modules are loaded
 * twice in one process. The server registers the context under a process-wide symbol and
 * code inside Next reads it back from there; a second PGlite instance on the same folder
 * would corrupt it.
 */
const CONTEXT_KEY = Symbol.for("marginalia.app-context");

type Registry = { [CONTEXT_KEY]?: AppContext };

export function registerAppContext(context: AppContext | undefined): void {
  (globalThis as Registry)[CONTEXT_KEY] = context;
}

export function getAppContext(): AppContext {
  const context = (globalThis as Registry)[CONTEXT_KEY];
  if (!context) {
    throw new Error("Marginalia is not started: run it through server/main.ts (npm start / npm run dev).");
  }
  return context;
}

export function getPrisma(): Database["prisma"] {
  return getAppContext().database.prisma;
}
