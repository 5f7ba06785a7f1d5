/** Only same-site paths are followed after sign-in, so a crafted link cannot send people elsewhere. */
export function safeReturnPath(value: unknown, fallback = "/workspaces"): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.includes("\\")) return fallback;
  return value;
}
