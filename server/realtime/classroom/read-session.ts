import type { SessionAccessState } from "@/lib/classroom/room-access.ts";
import type { SqlSession } from "@/lib/db/sql.ts";
import type { Role } from "@/lib/workspaces/policy.ts";

export type SessionParticipantFacts = { id: string; number: number; name: string | null; group: number; removed: boolean };

/** What the realtime server needs to know about a classroom session: its state and everyone who joined. */
export type SessionFacts = {
  id: string;
  documentId: string;
  workspaceId: string;
  anonymous: boolean;
  groupCount: number;
  state: SessionAccessState;
  /** Participant names were erased (or the session's data deleted). */
  purged: boolean;
  participants: Map<string, SessionParticipantFacts>;
  /** The accounts asked about, by id: session version and role in the session's workspace. */
  users: Map<string, { sessionVersion: number; role: Role | null }>;
  /** The API tokens asked about that still hold. */
  liveTokens: Set<string>;
};

type Row = {
  document_id: string;
  workspace_id: string;
  mode: "BLIND" | "OPEN";
  anonymous: boolean;
  group_count: number;
  locked: boolean;
  revealed: boolean;
  ended: boolean;
  purged: boolean;
  participants: { id: string; number: number; name: string | null; group: number; removed: boolean }[] | null;
  users: { id: string; sv: number; role: Role | null }[] | null;
  live_tokens: string[] | null;
};

/**
 * One statement: the session's state, all its participants (150 at most), and, for re-checking
 * teachers' connections, the accounts and API tokens named. Null when the session is gone.
 */
export async function readSession(sql: SqlSession, sessionId: string, userIds: readonly string[] = [], tokenIds: readonly string[] = []): Promise<SessionFacts | null> {
  const [row] = await sql.query<Row>(
    `SELECT s."document_id", s."workspace_id", s."mode"::text AS "mode", s."anonymous", s."group_count",
            s."locked_at" IS NOT NULL AS "locked", s."revealed_at" IS NOT NULL AS "revealed",
            s."ended_at" IS NOT NULL AS "ended", s."purged_at" IS NOT NULL AS "purged",
            (SELECT json_agg(json_build_object('id', p."id", 'number', p."number", 'name', p."name", 'group', p."group",
                                               'removed', p."removed_at" IS NOT NULL))
               FROM "session_participants" p WHERE p."session_id" = s."id") AS "participants",
            (SELECT json_agg(json_build_object('id', u."id", 'sv', u."session_version", 'role', m."role"::text))
               FROM "users" u LEFT JOIN "memberships" m ON m."user_id" = u."id" AND m."workspace_id" = s."workspace_id"
              WHERE u."id" = ANY($2::text[])) AS "users",
            (SELECT array_agg(t."id") FROM "api_tokens" t WHERE t."id" = ANY($3::text[]) AND t."revoked_at" IS NULL) AS "live_tokens"
       FROM "class_sessions" s WHERE s."id" = $1`,
    [sessionId, userIds, tokenIds],
  );
  if (!row) return null;
  // Drivers differ: node-postgres parses json columns, PGlite may hand back text.
  const json = <T>(value: T | string | null): T | null => (typeof value === "string" ? (JSON.parse(value) as T) : value);
  const participants = new Map<string, SessionParticipantFacts>();
  for (const participant of json(row.participants) ?? []) {
    participants.set(participant.id, { ...participant, number: Number(participant.number), group: Number(participant.group) });
  }
  const users = new Map<string, { sessionVersion: number; role: Role | null }>();
  for (const user of json(row.users) ?? []) users.set(user.id, { sessionVersion: Number(user.sv), role: user.role });
  return {
    id: sessionId,
    documentId: row.document_id,
    workspaceId: row.workspace_id,
    anonymous: row.anonymous,
    groupCount: Number(row.group_count),
    state: { mode: row.mode, locked: row.locked, revealed: row.revealed, ended: row.ended },
    purged: row.purged,
    participants,
    users,
    liveTokens: new Set(row.live_tokens ?? []),
  };
}
