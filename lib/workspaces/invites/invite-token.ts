import { createHash, randomBytes } from "node:crypto";

/** 32 random bytes in base64url, without padding: always 43 characters. */
export const INVITE_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/**
 * The secret of an invitation link. Only its hash is stored, so a copy of the database does
 * not hand out working links; the token itself is shown once, to the owner who made it.
 */
export function newInviteToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, tokenHash: hashInviteToken(token) };
}

/** sha256 (hex) of a token: what the invites table stores and is searched by. */
export function hashInviteToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}
