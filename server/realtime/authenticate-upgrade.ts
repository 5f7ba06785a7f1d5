import type { IncomingMessage } from "node:http";
import { decode } from "next-auth/jwt";
import { API_TOKEN_PREFIX, hashApiToken } from "@/lib/auth/api-tokens/token-secret.ts";
import type { SqlSession } from "@/lib/db/sql.ts";
import { publicOrigin } from "@/lib/http/public-origin.ts";
import { parseRoomName } from "@/lib/realtime/room-name.ts";
import { REALTIME_TOKEN_PREFIX, verifyRealtimeToken } from "@/lib/realtime/realtime-token.ts";
import { can, type Role } from "@/lib/workspaces/policy.ts";
import type { Actor } from "@/lib/workspaces/require-access.ts";
import { authenticateSessionRoom, type SessionConnection } from "./classroom/authenticate-session-room.ts";
import type { DocumentWorkspaces } from "./document-workspaces.ts";

export const REALTIME_PATH_PREFIX = "/realtime/";

/** What the connection was opened with: what the re-checks test again, and what access events name. */
export type Credential =
  | { kind: "anonymous" }
  | { kind: "session"; userId: string; sessionVersion: number }
  | { kind: "apiToken"; userId: string; tokenId: string }
  /** A student of a classroom session, by their participant token (no account). */
  | { kind: "participant"; sessionId: string; participantId: string };

/** What a connection may do, decided at the upgrade and changed by access events and re-checks. */
export type RealtimeAccess = {
  room: string;
  documentId: string;
  /** The document's workspace; null for the public demo. */
  workspaceId: string | null;
  actor: Actor | null;
  credential: Credential;
  /** The account's name: what annotations and comments must carry as authorName, and presence shows. */
  userName: string | null;
  role: Role | null;
  canAnnotate: boolean;
  canComment: boolean;
  /** For a classroom session's room: who the caller is in the session and what the session's state allowed. */
  session: SessionConnection | null;
};

/** A refusal answered with an HTTP status before the upgrade, so nothing is loaded. */
export class UpgradeRefused extends Error {
  override name = "UpgradeRefused";
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 429,
    message: string,
  ) {
    super(message);
  }
}

export const SESSION_COOKIES = ["__Secure-next-auth.session-token", "next-auth.session-token"];

/** Marks an API token used at most this often, as the REST API does, so busy scripts do not write on every connect. */
const LAST_USED_RESOLUTION_MS = 60_000;

export function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return decodeURIComponent(value.join("="));
  }
  return undefined;
}

/** Who is connecting, as far as the request says, before any database read. */
export type Claim =
  | { kind: "anonymous" }
  | { kind: "session"; userId: string; sessionVersion: number; refusal: string }
  | { kind: "apiToken"; token: string };

export async function readClaim(req: IncomingMessage, url: URL, authSecret: string): Promise<Claim> {
  const token = url.searchParams.get("token");
  if (token?.startsWith(REALTIME_TOKEN_PREFIX)) {
    const claims = verifyRealtimeToken(token, authSecret);
    if (!claims) throw new UpgradeRefused(401, "The realtime token is invalid or expired.");
    return { kind: "session", userId: claims.uid, sessionVersion: claims.sv, refusal: "The realtime token is invalid or expired." };
  }
  if (token) {
    if (!token.startsWith(API_TOKEN_PREFIX) || token.length > 200) throw new UpgradeRefused(401, "The API token is invalid or revoked.");
    return { kind: "apiToken", token };
  }
  for (const name of SESSION_COOKIES) {
    const value = cookie(req, name);
    if (!value) continue;
    const claims = (await decode({ token: value, secret: authSecret }).catch(() => null)) as { uid?: unknown; sv?: unknown } | null;
    if (typeof claims?.uid !== "string") throw new UpgradeRefused(401, "Your session has ended. Sign in again.");
    const sessionVersion = typeof claims.sv === "number" ? claims.sv : 0;
    return { kind: "session", userId: claims.uid, sessionVersion, refusal: "Your session has ended. Sign in again." };
  }
  return { kind: "anonymous" };
}

type Identity = { credential: Credential; actor: Actor | null; userName: string | null; role: Role | null };

/**
 * The claim checked against the database in one indexed statement: the user (and session
 * version) or the token, the account's name, and the role in the document's workspace.
 */
async function resolveIdentity(sql: SqlSession, claim: Claim, workspaceId: string | null): Promise<Identity> {
  if (claim.kind === "anonymous") return { credential: claim, actor: null, userName: null, role: null };
  if (claim.kind === "session") {
    const [user] = await sql.query<{ session_version: number; name: string; role: Role | null }>(
      `SELECT u."session_version", u."name", m."role"::text AS "role"
         FROM "users" u LEFT JOIN "memberships" m ON m."user_id" = u."id" AND m."workspace_id" = $2
        WHERE u."id" = $1`,
      [claim.userId, workspaceId],
    );
    if (!user || Number(user.session_version) !== claim.sessionVersion) throw new UpgradeRefused(401, claim.refusal);
    const credential: Credential = { kind: "session", userId: claim.userId, sessionVersion: claim.sessionVersion };
    return { credential, actor: { userId: claim.userId }, userName: user.name, role: user.role };
  }
  // Timestamps are stored as UTC without a zone (Prisma's convention): compare them in SQL.
  const [token] = await sql.query<{ id: string; user_id: string; revoked: boolean; mark_used: boolean; name: string; role: Role | null }>(
    `SELECT t."id", t."user_id", t."revoked_at" IS NOT NULL AS "revoked",
            (t."last_used_at" IS NULL OR t."last_used_at" < (now() AT TIME ZONE 'UTC') - make_interval(secs => $3)) AS "mark_used",
            u."name", m."role"::text AS "role"
       FROM "api_tokens" t
       JOIN "users" u ON u."id" = t."user_id"
       LEFT JOIN "memberships" m ON m."user_id" = t."user_id" AND m."workspace_id" = $2
      WHERE t."token_hash" = $1`,
    [hashApiToken(claim.token), workspaceId, LAST_USED_RESOLUTION_MS / 1000],
  );
  if (!token || token.revoked) throw new UpgradeRefused(401, "The API token is invalid or revoked.");
  if (token.mark_used) await sql.query(`UPDATE "api_tokens" SET "last_used_at" = now() AT TIME ZONE 'UTC' WHERE "id" = $1`, [token.id]);
  const credential: Credential = { kind: "apiToken", userId: token.user_id, tokenId: token.id };
  return { credential, actor: { userId: token.user_id }, userName: token.name, role: token.role };
}

/** Browsers always send Origin; it must be this site's (or one configured). Scripts send none. */
export function assertOriginAllowed(req: IncomingMessage, publicUrl: string | undefined, allowedOrigins: readonly string[]) {
  const origin = req.headers.origin;
  if (origin === undefined) return;
  const own = publicOrigin(new Headers({ host: req.headers.host ?? "" }), publicUrl);
  const ownHost = new URL(own).host;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    throw new UpgradeRefused(403, "The Origin header is not a valid origin.");
  }
  if (host !== ownHost && !allowedOrigins.includes(origin)) throw new UpgradeRefused(403, `Connections from ${origin} are not allowed.`);
}

/**
 * Decides, before the websocket upgrade, who is connecting and what they may do in the room.
 * Anything not allowed is refused with an HTTP status and no document is loaded. Costs one
 * indexed query once the document's workspace is known (see DocumentWorkspaces).
 */
export async function authenticateUpgrade(
  req: IncomingMessage,
  options: { sql: SqlSession; documents: DocumentWorkspaces; authSecret: string; publicUrl: string | undefined; allowedOrigins: readonly string[] },
): Promise<RealtimeAccess> {
  const url = new URL(req.url ?? "/", "http://localhost");
  const roomName = decodeURIComponent(url.pathname.slice(REALTIME_PATH_PREFIX.length));
  const room = parseRoomName(roomName);
  if (!room) throw new UpgradeRefused(404, "There is no such room.");
  assertOriginAllowed(req, options.publicUrl, options.allowedOrigins);
  if (room.kind !== "shared") return authenticateSessionRoom(req, url, roomName, options);

  const claim = await readClaim(req, url, options.authSecret);
  const workspaceId = await options.documents.workspaceOf(room.documentId);
  // The public demo: anyone may watch, nobody may write.
  if (workspaceId === null) {
    const identity = await resolveIdentity(options.sql, claim, null);
    return { room: roomName, documentId: room.documentId, workspaceId, ...identity, role: null, canAnnotate: false, canComment: false, session: null };
  }
  // Before "no such document": without credentials, a missing id and another workspace's answer alike.
  if (claim.kind === "anonymous") throw new UpgradeRefused(401, "Sign in, or pass ?token= with an API or realtime token.");
  if (workspaceId === undefined) throw new UpgradeRefused(404, "There is no such document.");
  const identity = await resolveIdentity(options.sql, claim, workspaceId);
  if (!identity.role) throw new UpgradeRefused(404, "There is no such document.");
  return { room: roomName, documentId: room.documentId, workspaceId, ...identity, role: identity.role, ...writePermissions(identity.role), session: null };
}

/** What a role may write in a room; derived in one place for the upgrade and the re-checks. */
export function writePermissions(role: Role): Pick<RealtimeAccess, "canAnnotate" | "canComment"> {
  return { canAnnotate: can(role, "annotation.create"), canComment: can(role, "comment.create") };
}
