import { z } from "zod";

/**
 * A change to who may do what, announced by the domain function that committed it so the
 * realtime server can act on open connections at once instead of polling the database.
 * An event names whom it concerns, not the new state: the server reads the truth again for
 * just those connections, so events arriving late or out of order cannot grant anything.
 * Events cross process boundaries (Redis), hence the schema.
 */
export const accessEventSchema = z.discriminatedUnion("type", [
  /** A member's role changed, or they were removed or left. */
  z.object({ type: z.literal("membership"), workspaceId: z.string().min(1).max(64), userId: z.string().min(1).max(64) }),
  /** The workspace was deleted with its documents and memberships. */
  z.object({ type: z.literal("workspace"), workspaceId: z.string().min(1).max(64) }),
  /** The user's sessions ended (password change, sign-out everywhere: the session version moved on). */
  z.object({ type: z.literal("sessions"), userId: z.string().min(1).max(64) }),
  /** A personal API token was revoked. */
  z.object({ type: z.literal("apiToken"), tokenId: z.string().min(1).max(64) }),
  /** A classroom session changed state (locked, unlocked, revealed, ended, purged) or a participant was removed. */
  z.object({ type: z.literal("classSession"), sessionId: z.string().min(1).max(64) }),
]);

export type AccessEvent = z.infer<typeof accessEventSchema>;

/** Where domain functions announce access changes (the realtime server, in the running app). */
export type AccessEvents = {
  /** Called after the change is committed; never throws, never waits. */
  accessChanged(event: AccessEvent): void;
};

/**
 * For code that runs without the realtime server (CLI commands, scripts, tests of other
 * areas): nobody holds a connection here to tell, and the server's safety re-check catches
 * what these changes mean for connections held by a running server.
 */
export const NO_REALTIME_SERVER: AccessEvents = { accessChanged: () => {} };
