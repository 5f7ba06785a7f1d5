import type { WatchedConnection } from "./access-watch.ts";

/** The accounts and API tokens a group of connections was opened with: what a re-check reads again. */
export function accountCredentials(group: readonly WatchedConnection[]): { userIds: Set<string>; tokenIds: Set<string> } {
  const userIds = new Set<string>();
  const tokenIds = new Set<string>();
  for (const connection of group) {
    const { credential } = connection.access();
    if (credential.kind === "session" || credential.kind === "apiToken") userIds.add(credential.userId);
    if (credential.kind === "apiToken") tokenIds.add(credential.tokenId);
  }
  return { userIds, tokenIds };
}
