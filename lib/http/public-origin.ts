/**
 * The address people reach this server at: PUBLIC_URL when configured, else the Host the
 * client used. (Inside Next.js, `request.url` carries Next's own host and port, not the client's.)
 */
export function publicOrigin(headers: Headers, publicUrl: string | undefined): string {
  if (publicUrl) return publicUrl;
  const host = headers.get("host") ?? "localhost";
  const proto = headers.get("x-forwarded-proto")?.split(",")[0]?.trim() === "https" ? "https" : "http";
  return `${proto}://${host}`;
}
