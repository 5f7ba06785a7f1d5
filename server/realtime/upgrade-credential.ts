import type { IncomingMessage } from "node:http";
import { PARTICIPANT_COOKIE } from "@/lib/classroom/participant-token.ts";
import { SESSION_COOKIES } from "./authenticate-upgrade.ts";

/**
 * The credential an upgrade presents (its token, else its session cookie), unchecked: the
 * connection limits count attempts per credential before any database work. Null when the
 * upgrade presents none (a visitor of the public demo), which only the address limit counts.
 */
export function upgradeCredential(req: IncomingMessage): string | null {
  const token = new URL(req.url ?? "/", "http://realtime.invalid").searchParams.get("token");
  if (token) return token;
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const [name = "", ...value] = part.trim().split("=");
    // A student's participant cookie counts as their credential, so a class behind one address is counted per student.
    if ((SESSION_COOKIES.includes(name) || name === PARTICIPANT_COOKIE) && value.length > 0) return value.join("=");
  }
  return null;
}
