import { CLIENT_ADDRESS_HEADER } from "@/lib/auth/auth-options.ts";

/**
 * The client's address for code inside Next.js (route handlers, server actions): the one the
 * server resolved through TRUSTED_PROXIES and stamped on the request (server/stamp-request.ts).
 * Per-address limits must use this, never `X-Forwarded-For`, which a client can write.
 */
export function clientAddressOf(headers: Headers): string | null {
  return headers.get(CLIENT_ADDRESS_HEADER);
}
