import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Short-lived credentials for the websocket endpoint (`?token=rt_...`), for clients that
 * cannot send the session cookie. Signed with the instance's session secret; they carry the
 * session version, so a password change ends them too.
 */
export const REALTIME_TOKEN_PREFIX = "rt_";
export const REALTIME_TOKEN_TTL_MS = 10 * 60_000;

type Claims = { uid: string; sv: number; exp: number };

function sign(payload: string, secret: string): string {
  return createHmac("sha256", `realtime:${secret}`).update(payload).digest("base64url");
}

export function issueRealtimeToken(user: { userId: string; sessionVersion: number }, secret: string, now = Date.now()): string {
  const payload = Buffer.from(JSON.stringify({ uid: user.userId, sv: user.sessionVersion, exp: now + REALTIME_TOKEN_TTL_MS } satisfies Claims)).toString("base64url");
  return `${REALTIME_TOKEN_PREFIX}${payload}.${sign(payload, secret)}`;
}

/** The claims of a valid, unexpired token, or null. */
export function verifyRealtimeToken(token: string, secret: string, now = Date.now()): Claims | null {
  if (!token.startsWith(REALTIME_TOKEN_PREFIX) || token.length > 1_000) return null;
  const [payload = "", signature = ""] = token.slice(REALTIME_TOKEN_PREFIX.length).split(".");
  const expected = Buffer.from(sign(payload, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Partial<Claims>;
    if (typeof claims.uid !== "string" || typeof claims.sv !== "number" || typeof claims.exp !== "number" || claims.exp <= now) return null;
    return { uid: claims.uid, sv: claims.sv, exp: claims.exp };
  } catch {
    return null;
  }
}
