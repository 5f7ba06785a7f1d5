import { z } from "zod";
import { presenceColor } from "@/lib/annotate/presence-colors.ts";

/** Who a presence state belongs to: always set by the server from the connection, never by the client. */
export type PresenceUser = { id: string; name: string; color: string };

/** The presence user of a signed-in connection: its account, in the colour every client derives from the id. */
export function presenceUserOf(user: { id: string; name: string }): PresenceUser {
  return { id: user.id, name: user.name, color: presenceColor(user.id) };
}

const MAX_OFFSET = 50_000_000;

/**
 * The fields a client may put in its awareness state (see components/annotate/use-presence.ts),
 * with limits. `user` may be sent (the client announces itself) but is replaced by the server.
 * Anything else is refused, so awareness cannot carry arbitrary data to every reader.
 */
export const presenceFieldsSchema = z
  .object({
    user: z.unknown().optional(),
    selection: z
      .object({ start: z.number().int().min(0).max(MAX_OFFSET), end: z.number().int().min(0).max(MAX_OFFSET) })
      .strict()
      .nullable()
      .optional(),
    /** The highlight whose thread this person is writing in. */
    typing: z.string().max(64).nullable().optional(),
    /**
     * Classroom "follow me": the teacher's selection in the key room is spotlighted on every
     * student's screen while this is true. The server refuses it from anyone else.
     */
    followMe: z.boolean().optional(),
  })
  .strict();
