import type { SqlSession } from "@/lib/db/sql.ts";
import type { Logger } from "@/lib/logger.ts";
import type { AccessEvent } from "@/lib/realtime/access-event.ts";
import { CloseCode } from "@/lib/realtime/close-codes.ts";
import { writePermissions, type RealtimeAccess } from "./authenticate-upgrade.ts";
import { recheckSessionConnections } from "./classroom/recheck-session.ts";
import { accountCredentials } from "./account-credentials.ts";
import { readRoomAccess } from "./read-room-access.ts";

/** An open connection as the access watch sees it. */
export type WatchedConnection = {
  access(): RealtimeAccess;
  /** Takes a re-read role: a downgrade applies to the next update the client sends. */
  setAccess(next: RealtimeAccess): void;
  close(code: number, reason: string): void;
};

export type AccessWatch = {
  /**
   * Starts watching a connection whose access was read from the database at `readSince`
   * (performance.now()); the returned function stops.
   */
  watch(connection: WatchedConnection, readSince: number): () => void;
  /** Re-checks, at once, the open connections the event concerns (in this process). */
  apply(event: AccessEvent): Promise<void>;
  /** Re-checks every open connection, one query per room (what the safety timer runs). */
  recheckAll(): Promise<void>;
  /** Closes, at once, the open connections `select` picks (a classroom session whose data is being deleted). */
  closeWhere(select: (access: RealtimeAccess) => boolean, code: number, reason: string): number;
  close(): void;
};

function concerns(event: AccessEvent, access: RealtimeAccess): boolean {
  const { credential } = access;
  switch (event.type) {
    case "membership":
      return access.workspaceId === event.workspaceId && access.actor?.userId === event.userId;
    case "workspace":
      return access.workspaceId === event.workspaceId;
    case "sessions":
      return credential.kind === "session" && credential.userId === event.userId;
    case "apiToken":
      return credential.kind === "apiToken" && credential.tokenId === event.tokenId;
    case "classSession":
      return access.session?.sessionId === event.sessionId;
  }
}

/**
 * Keeps open connections within what their credentials and roles allow now. Access events
 * (from this process or, through Redis, from others) re-check the connections they concern
 * at once; a slow safety timer re-checks everything, for changes made where no server was
 * listening (the CLI, another tool on the database). Either way one query covers all the
 * connections of a room, and nothing reads the database while nothing changes.
 */
export function createAccessWatch(options: { sql: SqlSession; logger: Logger; recheckMs: number }): AccessWatch {
  const { sql, logger } = options;
  const connections = new Set<WatchedConnection>();
  /**
   * Events of the last minute: a connection whose access was read before a change committed
   * but that is watched only after the event was applied would otherwise keep its old access
   * until the safety re-check. Opening a connection is cut off after 10 s, so a minute is ample.
   */
  const recent: { event: AccessEvent; at: number }[] = [];
  const RECENT_MS = 60_000;

  async function recheck(group: WatchedConnection[]) {
    const session = group[0]!.access().session;
    if (session) return recheckSessionConnections(sql, session.sessionId, group);
    const workspaceId = group[0]!.access().workspaceId;
    const { userIds, tokenIds } = accountCredentials(group);
    if (userIds.size === 0) return;
    const now = await readRoomAccess(sql, workspaceId, [...userIds], [...tokenIds]);
    for (const connection of group) {
      const access = connection.access();
      const { credential } = access;
      if (credential.kind === "anonymous" || credential.kind === "participant") continue;
      const user = now.users.get(credential.userId);
      if (!user || (credential.kind === "session" && user.sessionVersion !== credential.sessionVersion)) {
        connection.close(CloseCode.Unauthorized, "Your session has ended. Sign in again.");
      } else if (credential.kind === "apiToken" && !now.liveTokens.has(credential.tokenId)) {
        connection.close(CloseCode.Unauthorized, "The API token was revoked.");
      } else if (access.workspaceId === null) {
        continue;
      } else if (!user.role) {
        connection.close(CloseCode.Forbidden, "You no longer have access to this document.");
      } else if (user.role !== access.role) {
        connection.setAccess({ ...access, role: user.role, ...writePermissions(user.role) });
      }
    }
  }

  /** Groups connections by room (all rooms of a classroom session together) so each costs one query. */
  async function recheckByRoom(selected: Iterable<WatchedConnection>) {
    const rooms = new Map<string, WatchedConnection[]>();
    for (const connection of selected) {
      const access = connection.access();
      const room = access.session ? `session:${access.session.sessionId}` : access.room;
      const group = rooms.get(room);
      if (group) group.push(connection);
      else rooms.set(room, [connection]);
    }
    for (const [room, group] of rooms) {
      await recheck(group).catch((error: unknown) => logger.warn({ err: error, room }, "could not re-check access"));
    }
  }

  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  function schedule() {
    if (stopped) return;
    timer = setTimeout(() => void recheckByRoom([...connections]).finally(schedule), options.recheckMs);
    timer.unref();
  }
  schedule();

  return {
    watch(connection, readSince) {
      connections.add(connection);
      if (recent.some(({ event, at }) => at >= readSince && concerns(event, connection.access()))) void recheckByRoom([connection]);
      return () => connections.delete(connection);
    },
    apply(event) {
      const now = performance.now();
      while (recent.length > 0 && now - recent[0]!.at > RECENT_MS) recent.shift();
      recent.push({ event, at: now });
      return recheckByRoom([...connections].filter((connection) => concerns(event, connection.access())));
    },
    recheckAll: () => recheckByRoom([...connections]),
    closeWhere(select, code, reason) {
      const chosen = [...connections].filter((connection) => select(connection.access()));
      for (const connection of chosen) connection.close(code, reason);
      return chosen.length;
    },
    close() {
      stopped = true;
      clearTimeout(timer);
      connections.clear();
    },
  };
}
