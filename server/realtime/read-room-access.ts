import type { SqlSession } from "@/lib/db/sql.ts";
import type { Role } from "@/lib/workspaces/policy.ts";

/** What the database says now about the people connected to one room. */
export type RoomAccessRows = {
  /** By user id; a user missing here no longer exists. */
  users: Map<string, { sessionVersion: number; role: Role | null }>;
  /** The API tokens asked about that are still live (not revoked, owner not deleted). */
  liveTokens: Set<string>;
};

type Row = { user_id: string; session_version: number; role: Role | null; live_tokens: string[] | null };

/**
 * One statement for every connection of a room, however many: their session versions, their
 * roles in the room's workspace (none for the public demo, workspaceId null) and which of
 * their API tokens still hold. Checking connection by connection would cost the database a
 * query per socket, which at a school's scale is more than the machine has.
 */
export async function readRoomAccess(sql: SqlSession, workspaceId: string | null, userIds: readonly string[], tokenIds: readonly string[]): Promise<RoomAccessRows> {
  const rows = await sql.query<Row>(
    `SELECT u."id" AS "user_id", u."session_version", m."role"::text AS "role",
            (SELECT array_agg(t."id") FROM "api_tokens" t
              WHERE t."user_id" = u."id" AND t."revoked_at" IS NULL AND t."id" = ANY($3::text[])) AS "live_tokens"
       FROM "users" u
       LEFT JOIN "memberships" m ON m."user_id" = u."id" AND m."workspace_id" = $2
      WHERE u."id" = ANY($1::text[])`,
    [userIds, workspaceId, tokenIds],
  );
  const users = new Map<string, { sessionVersion: number; role: Role | null }>();
  const liveTokens = new Set<string>();
  for (const row of rows) {
    users.set(row.user_id, { sessionVersion: Number(row.session_version), role: row.role });
    for (const token of row.live_tokens ?? []) liveTokens.add(token);
  }
  return { users, liveTokens };
}
