import { createHash, randomBytes } from "node:crypto";

/** Recognisable in logs and secret scanners; the rest is 32 random bytes. */
export const API_TOKEN_PREFIX = "mgl_";

export function newApiTokenSecret(): { token: string; tokenHash: string; prefix: string } {
  const token = `${API_TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  return { token, tokenHash: hashApiToken(token), prefix: token.slice(0, API_TOKEN_PREFIX.length + 6) };
}

/** Tokens are long random strings, so a plain sha256 is enough to store them safely. */
export function hashApiToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
