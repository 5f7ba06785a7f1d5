import type { IncomingMessage } from "node:http";
import { hashApiToken } from "@/lib/auth/api-tokens/token-secret.ts";
import { PARTICIPANT_COOKIE, PARTICIPANT_TOKEN_PREFIX, verifyParticipantToken } from "@/lib/classroom/participant-token.ts";
import { sessionRoomAccess, type RoomAccessLevel, type SessionAccessState, type SessionCaller } from "@/lib/classroom/room-access.ts";
import { parseSessionRoom, type SessionSlot } from "@/lib/classroom/session-rooms.ts";
import type { SqlSession } from "@/lib/db/sql.ts";
import type { Role } from "@/lib/workspaces/policy.ts";
import { cookie, readClaim, UpgradeRefused, type Claim, type Credential, type RealtimeAccess } from "../authenticate-upgrade.ts";

/** A connection to a classroom session's room: who the caller is there, and what the session allowed when last read. */
export type SessionConnection = {
  sessionId: string;
  slot: SessionSlot;
  caller: SessionCaller;
  state: SessionAccessState;
  level: "write" | "read";
};

const TEACHER_ROLES: readonly Role[] = ["EDITOR", "OWNER"];

/** What a connection at this level may write: a student's own room and the key are written like an editor's. */
export function sessionPermissions(level: "write" | "read", role: Role): Pick<RealtimeAccess, "canAnnotate" | "canComment" | "role"> {
  return level === "write" ? { role, canAnnotate: true, canComment: true } : { role, canAnnotate: false, canComment: false };
}

type Row = {
  document_id: string;
  workspace_id: string;
  mode: "BLIND" | "OPEN";
  locked: boolean;
  revealed: boolean;
  ended: boolean;
  purged: boolean;
  participant_id: string | null;
  participant_name: string | null;
  participant_group: number | null;
  participant_removed: boolean | null;
  user_id: string | null;
  user_name: string | null;
  session_version: number | null;
  role: Role | null;
  token_id: string | null;
  token_revoked: boolean | null;
  token_mark_used: boolean | null;
};

/** Timestamps are stored as UTC without a zone (Prisma's convention): compared in SQL. */
const LAST_USED_RESOLUTION_SECONDS = 60;

/**
 * The session, the participant the token names and the account (by id, or by API token hash)
 * with its role in the session's workspace: one statement, every join on a primary or unique key.
 */
async function readSessionRow(sql: SqlSession, sessionId: string, participantId: string | null, userId: string | null, tokenHash: string | null): Promise<Row | undefined> {
  const [row] = await sql.query<Row>(
    `SELECT s."document_id", s."workspace_id", s."mode"::text AS "mode",
            s."locked_at" IS NOT NULL AS "locked", s."revealed_at" IS NOT NULL AS "revealed",
            s."ended_at" IS NOT NULL AS "ended", s."purged_at" IS NOT NULL AS "purged",
            p."id" AS "participant_id", p."name" AS "participant_name", p."group" AS "participant_group",
            p."removed_at" IS NOT NULL AS "participant_removed",
            u."id" AS "user_id", u."name" AS "user_name", u."session_version", m."role"::text AS "role",
            t."id" AS "token_id", t."revoked_at" IS NOT NULL AS "token_revoked",
            (t."last_used_at" IS NULL OR t."last_used_at" < (now() AT TIME ZONE 'UTC') - make_interval(secs => $5)) AS "token_mark_used"
       FROM "class_sessions" s
       LEFT JOIN "session_participants" p ON p."id" = $2 AND p."session_id" = s."id"
       LEFT JOIN "api_tokens" t ON t."token_hash" = $4
       LEFT JOIN "users" u ON u."id" = COALESCE($3, t."user_id")
       LEFT JOIN "memberships" m ON m."user_id" = u."id" AND m."workspace_id" = s."workspace_id"
      WHERE s."id" = $1`,
    [sessionId, participantId, userId, tokenHash, LAST_USED_RESOLUTION_SECONDS],
  );
  return row;
}

/** The participant token the request carries (`?token=mps_...`, else the participant cookie), unverified. */
function participantTokenOf(req: IncomingMessage, url: URL): string | null {
  const token = url.searchParams.get("token");
  if (token) return token.startsWith(PARTICIPANT_TOKEN_PREFIX) ? token : null;
  return cookie(req, PARTICIPANT_COOKIE) ?? null;
}

/** The account claim, if any; an expired browser session is no reason to refuse a student's cookie. */
async function accountClaim(req: IncomingMessage, url: URL, authSecret: string, hasParticipant: boolean): Promise<Claim> {
  const token = url.searchParams.get("token");
  if (token?.startsWith(PARTICIPANT_TOKEN_PREFIX)) return { kind: "anonymous" };
  try {
    return await readClaim(req, url, authSecret);
  } catch (error) {
    if (hasParticipant && error instanceof UpgradeRefused) return { kind: "anonymous" };
    throw error;
  }
}

const RANK: Record<"write" | "read", number> = { read: 1, write: 2 };

/**
 * Authenticates an upgrade to a classroom session's room (`<documentId>:session:<sessionId>:participant:<slot>`).
 * Credentials: a participant token (`?token=mps_...` or the participant cookie) for a student
 * who was not removed, or a workspace account (session cookie, `rt_` or `mgl_` token) of an
 * editor or owner: the teacher. `sessionRoomAccess` decides; a room the caller may not see is
 * answered 404, so its existence is not revealed. One indexed statement.
 */
export async function authenticateSessionRoom(
  req: IncomingMessage,
  url: URL,
  roomName: string,
  options: { sql: SqlSession; authSecret: string },
): Promise<RealtimeAccess> {
  const room = parseSessionRoom(roomName);
  if (!room) throw new UpgradeRefused(404, "There is no such room.");
  const participantToken = participantTokenOf(req, url);
  const participantClaims = participantToken ? verifyParticipantToken(participantToken, options.authSecret) : null;
  if (participantToken && !participantClaims && url.searchParams.get("token")) throw new UpgradeRefused(401, "The session token is invalid or expired. Join again with the code.");
  const claim = await accountClaim(req, url, options.authSecret, participantClaims !== null);
  if (!participantClaims && claim.kind === "anonymous") throw new UpgradeRefused(401, "Join the session with its code, or sign in.");

  const sameSession = participantClaims?.sessionId === room.sessionId ? participantClaims : null;
  const row = await readSessionRow(
    options.sql,
    room.sessionId,
    sameSession?.participantId ?? null,
    claim.kind === "session" ? claim.userId : null,
    claim.kind === "apiToken" ? hashApiToken(claim.token) : null,
  );
  if (!row || row.document_id !== room.documentId) throw new UpgradeRefused(404, "There is no such session.");
  const state: SessionAccessState = { mode: row.mode, locked: row.locked, revealed: row.revealed, ended: row.ended };

  const candidates: { access: RealtimeAccess; level: "write" | "read" }[] = [];
  const base = { room: roomName, documentId: room.documentId, workspaceId: row.workspace_id };

  if (sameSession && row.participant_id && !row.participant_removed && row.participant_name !== null) {
    const caller: SessionCaller = { kind: "participant", participantId: row.participant_id, group: Number(row.participant_group ?? 0) };
    const level = sessionRoomAccess(caller, state, room.slot);
    if (level) {
      const credential: Credential = { kind: "participant", sessionId: room.sessionId, participantId: row.participant_id };
      candidates.push({
        level,
        access: {
          ...base,
          actor: { userId: row.participant_id },
          credential,
          userName: row.participant_name,
          // A student writes their own room with an editor's rights over their own entries.
          ...sessionPermissions(level, level === "write" ? "EDITOR" : "VIEWER"),
          session: { sessionId: room.sessionId, slot: room.slot, caller, state, level },
        },
      });
    }
  }

  let teacher: Awaited<ReturnType<typeof teacherCandidate>> = null;
  try {
    teacher = await teacherCandidate(options.sql, claim, row, state, room.slot, room.sessionId);
  } catch (error) {
    // A stale browser session beside a valid student cookie: the student is who connects.
    if (candidates.length === 0) throw error;
  }
  if (teacher) candidates.push({ level: teacher.session!.level, access: { ...base, ...teacher } });

  // Both a student's cookie and an account (a teacher trying the student page): the stronger access wins.
  const best = candidates.sort((a, b) => RANK[b.level] - RANK[a.level])[0];
  if (best) return best.access;
  if (participantClaims && !sameSession && claim.kind === "anonymous") throw new UpgradeRefused(404, "There is no such room in your session.");
  if (sameSession && (!row.participant_id || row.participant_removed)) throw new UpgradeRefused(401, "You are no longer part of this session. Join again with the code.");
  if (sameSession && row.participant_name === null) throw new UpgradeRefused(401, "This session has ended and its data was deleted.");
  throw new UpgradeRefused(404, "There is no such room.");
}

async function teacherCandidate(
  sql: SqlSession,
  claim: Claim,
  row: Row,
  state: SessionAccessState,
  slot: SessionSlot,
  sessionId: string,
): Promise<Omit<RealtimeAccess, "room" | "documentId" | "workspaceId"> | null> {
  if (claim.kind === "anonymous") return null;
  if (!row.user_id || row.user_name === null) throw new UpgradeRefused(401, claim.kind === "session" ? claim.refusal : "The API token is invalid or revoked.");
  let credential: Credential;
  if (claim.kind === "session") {
    if (Number(row.session_version) !== claim.sessionVersion) throw new UpgradeRefused(401, claim.refusal);
    credential = { kind: "session", userId: row.user_id, sessionVersion: claim.sessionVersion };
  } else {
    if (!row.token_id || row.token_revoked) throw new UpgradeRefused(401, "The API token is invalid or revoked.");
    if (row.token_mark_used) await sql.query(`UPDATE "api_tokens" SET "last_used_at" = now() AT TIME ZONE 'UTC' WHERE "id" = $1`, [row.token_id]);
    credential = { kind: "apiToken", userId: row.user_id, tokenId: row.token_id };
  }
  if (!row.role || !TEACHER_ROLES.includes(row.role)) return null;
  const caller: SessionCaller = { kind: "teacher", userId: row.user_id };
  const level: RoomAccessLevel = sessionRoomAccess(caller, state, slot);
  if (!level) return null;
  return {
    actor: { userId: row.user_id },
    credential,
    userName: row.user_name,
    ...sessionPermissions(level, row.role),
    session: { sessionId, slot, caller, state, level },
  };
}
