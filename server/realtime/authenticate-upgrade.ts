import type { IncomingMessage } from "node:http";
import { decode } from "next-auth/jwt";
import { authenticateApiToken } from "@/lib/auth/api-tokens/authenticate-api-token.ts";
import type { PrismaClient } from "@/lib/db/database.ts";
import { publicOrigin } from "@/lib/http/public-origin.ts";
import { parseRoomName } from "@/lib/realtime/room-name.ts";
import { REALTIME_TOKEN_PREFIX, verifyRealtimeToken } from "@/lib/realtime/realtime-token.ts";
import { can, type Role } from "@/lib/workspaces/policy.ts";
import type { Actor } from "@/lib/workspaces/require-access.ts";

export const REALTIME_PATH_PREFIX = "/realtime/";

/** What a connection may do, decided once at the upgrade and re-checked while it is open. */
export type RealtimeAccess = {
  room: string;
  documentId: string;
  actor: Actor | null;
  /** The name annotations and comments must carry as authorName. */
  userName: string | null;
  role: Role | null;
  canAnnotate: boolean;
  canComment: boolean;
  /** Whether the credentials used are still good (token not revoked, session not ended). */
  credentialsValid(): Promise<boolean>;
};

type Credentials = { actor: Actor | null; credentialsValid(): Promise<boolean> };
const ANONYMOUS: Credentials = { actor: null, credentialsValid: async () => true };

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

function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return decodeURIComponent(value.join("="));
  }
  return undefined;
}

async function userWithSessionVersion(prisma: PrismaClient, userId: string, sessionVersion: number): Promise<Actor | null> {
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { id: true, sessionVersion: true } });
  return user && user.sessionVersion === sessionVersion ? { userId: user.id } : null;
}

function sessionCredentials(prisma: PrismaClient, userId: string, sessionVersion: number): Credentials {
  return {
    actor: { userId },
    credentialsValid: async () => (await userWithSessionVersion(prisma, userId, sessionVersion)) !== null,
  };
}

async function resolveCredentials(req: IncomingMessage, url: URL, prisma: PrismaClient, authSecret: string): Promise<Credentials> {
  const token = url.searchParams.get("token");
  if (token?.startsWith(REALTIME_TOKEN_PREFIX)) {
    const claims = verifyRealtimeToken(token, authSecret);
    if (claims && (await userWithSessionVersion(prisma, claims.uid, claims.sv))) return sessionCredentials(prisma, claims.uid, claims.sv);
    throw new UpgradeRefused(401, "The realtime token is invalid or expired.");
  }
  if (token) {
    const actor = await authenticateApiToken(prisma, token);
    if (!actor) throw new UpgradeRefused(401, "The API token is invalid or revoked.");
    return { actor, credentialsValid: async () => (await authenticateApiToken(prisma, token)) !== null };
  }
  for (const name of SESSION_COOKIES) {
    const value = cookie(req, name);
    if (!value) continue;
    const claims = (await decode({ token: value, secret: authSecret }).catch(() => null)) as { uid?: unknown; sv?: unknown } | null;
    const sessionVersion = typeof claims?.sv === "number" ? claims.sv : 0;
    if (typeof claims?.uid === "string" && (await userWithSessionVersion(prisma, claims.uid, sessionVersion))) {
      return sessionCredentials(prisma, claims.uid, sessionVersion);
    }
    throw new UpgradeRefused(401, "Your session has ended. Sign in again.");
  }
  return ANONYMOUS;
}

/** Browsers always send Origin; it must be this site's (or one configured). Scripts send none. */
function assertOriginAllowed(req: IncomingMessage, publicUrl: string | undefined, allowedOrigins: readonly string[]) {
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
 * Anything not allowed is refused with an HTTP status and no document is loaded.
 */
export async function authenticateUpgrade(
  req: IncomingMessage,
  options: { prisma: PrismaClient; authSecret: string; publicUrl: string | undefined; allowedOrigins: readonly string[] },
): Promise<RealtimeAccess> {
  const url = new URL(req.url ?? "/", "http://localhost");
  const roomName = decodeURIComponent(url.pathname.slice(REALTIME_PATH_PREFIX.length));
  const room = parseRoomName(roomName);
  if (!room) throw new UpgradeRefused(404, "There is no such room.");
  if (room.kind !== "shared") throw new UpgradeRefused(404, "Classroom rooms are not available yet.");
  assertOriginAllowed(req, options.publicUrl, options.allowedOrigins);

  const { actor, credentialsValid } = await resolveCredentials(req, url, options.prisma, options.authSecret);
  const document = await options.prisma.document.findUnique({ where: { id: room.documentId }, select: { id: true, workspaceId: true } });
  if (!document) throw new UpgradeRefused(404, "There is no such document.");
  // The public demo: anyone may watch, nobody may write.
  if (document.workspaceId === null) {
    return { room: roomName, documentId: document.id, actor, userName: null, role: null, canAnnotate: false, canComment: false, credentialsValid };
  }
  if (!actor) throw new UpgradeRefused(401, "Sign in, or pass ?token= with an API or realtime token.");
  const role = await currentRole(options.prisma, actor, document.workspaceId);
  if (!role) throw new UpgradeRefused(404, "There is no such document.");
  const user = await options.prisma.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { name: true } });
  return {
    room: roomName,
    documentId: document.id,
    actor,
    userName: user.name,
    role,
    ...writePermissions(role),
    credentialsValid,
  };
}

/** What a role may write in a room; derived in one place for the upgrade and the re-checks. */
export function writePermissions(role: Role): Pick<RealtimeAccess, "canAnnotate" | "canComment"> {
  return { canAnnotate: can(role, "annotation.create"), canComment: can(role, "comment.create") };
}

/** The actor's role in the workspace now, or null when they are no longer a member. */
export async function currentRole(prisma: PrismaClient, actor: Actor, workspaceId: string): Promise<Role | null> {
  const membership = await prisma.membership.findUnique({
    where: { workspaceId_userId: { workspaceId, userId: actor.userId } },
    select: { role: true },
  });
  return membership?.role ?? null;
}
