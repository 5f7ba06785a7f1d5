import { sessionRoomAccess, type SessionCaller } from "@/lib/classroom/room-access.ts";
import type { SqlSession } from "@/lib/db/sql.ts";
import { CloseCode } from "@/lib/realtime/close-codes.ts";
import type { WatchedConnection } from "../access-watch.ts";
import { accountCredentials } from "../account-credentials.ts";
import { sessionPermissions } from "./authenticate-session-room.ts";
import { readSession } from "./read-session.ts";

const TEACHER_ROLES = new Set(["EDITOR", "OWNER"]);

/**
 * Re-reads one classroom session for all its connections in this process (one statement) and
 * applies what changed: a removed student's connections close, a locked or ended session makes
 * students' rooms read-only (unlocking makes them writable again), a deleted session closes
 * everything, and teachers are held to their account and role as in shared rooms.
 */
export async function recheckSessionConnections(sql: SqlSession, sessionId: string, group: readonly WatchedConnection[]): Promise<void> {
  const { userIds, tokenIds } = accountCredentials(group);
  const facts = await readSession(sql, sessionId, [...userIds], [...tokenIds]);
  for (const connection of group) {
    const access = connection.access();
    const { credential, session } = access;
    if (!session) continue;
    if (!facts) {
      connection.close(CloseCode.Forbidden, "This session has ended and its data was deleted.");
      continue;
    }
    let caller: SessionCaller;
    if (credential.kind === "participant") {
      const participant = facts.participants.get(credential.participantId);
      if (!participant || participant.removed) {
        connection.close(CloseCode.Forbidden, "You were removed from this session.");
        continue;
      }
      if (facts.purged || participant.name === null) {
        connection.close(CloseCode.Forbidden, "This session has ended and its data was deleted.");
        continue;
      }
      caller = { kind: "participant", participantId: participant.id, group: participant.group };
    } else if (credential.kind === "session" || credential.kind === "apiToken") {
      const user = facts.users.get(credential.userId);
      if (!user || (credential.kind === "session" && user.sessionVersion !== credential.sessionVersion)) {
        connection.close(CloseCode.Unauthorized, "Your session has ended. Sign in again.");
        continue;
      }
      if (credential.kind === "apiToken" && !facts.liveTokens.has(credential.tokenId)) {
        connection.close(CloseCode.Unauthorized, "The API token was revoked.");
        continue;
      }
      if (!user.role || !TEACHER_ROLES.has(user.role)) {
        connection.close(CloseCode.Forbidden, "You no longer have access to this session.");
        continue;
      }
      caller = { kind: "teacher", userId: credential.userId };
      if (user.role !== access.role) connection.setAccess({ ...access, role: user.role });
    } else {
      connection.close(CloseCode.Forbidden, "You no longer have access to this session.");
      continue;
    }
    const level = sessionRoomAccess(caller, facts.state, session.slot);
    if (!level) {
      connection.close(CloseCode.Forbidden, "You no longer have access to this room.");
      continue;
    }
    const current = connection.access();
    const role = current.role ?? "VIEWER";
    connection.setAccess({
      ...current,
      ...sessionPermissions(level, caller.kind === "participant" ? (level === "write" ? "EDITOR" : "VIEWER") : role),
      session: { ...session, caller, state: facts.state, level },
    });
  }
}
