import type { PrismaClient } from "@/lib/db/database.ts";
import { AppError, notFound } from "@/lib/errors.ts";
import { sessionRoomAccess } from "./room-access.ts";
import { resolveSessionCaller, type SessionCredentials } from "./session-caller.ts";
import type { SessionRealtime } from "./session-room-records.ts";
import { parseSessionRoom, sessionRoomPrefix } from "./session-rooms.ts";
import { sessionAccessState } from "./session-state.ts";

/**
 * One session room's Yjs state as a single update, under the websocket's own access rule
 * (sessionRoomAccess): a page paints from it before its websocket connects. `slot` is the
 * room's last part: a participant id, `key`, `class` or `peers-<group>`.
 */
export async function readSessionRoomState(
  prisma: PrismaClient,
  services: { authSecret: string; realtime: Pick<SessionRealtime, "state"> },
  credentials: SessionCredentials,
  input: { sessionId: string; slot: string | null },
): Promise<{ room: string; state: Uint8Array; access: "read" | "write" }> {
  if (!input.slot) throw new AppError("BAD_REQUEST", "Name the room: ?room=key, class, peers-<group> or a participant id.", "room");
  const { caller, session } = await resolveSessionCaller(prisma, services.authSecret, input.sessionId, credentials);
  const room = `${sessionRoomPrefix(session.documentId, session.id)}${input.slot}`;
  const parsed = parseSessionRoom(room);
  if (!parsed) throw notFound("Room");
  const slot = parsed.slot;
  // peers-0 is the one view of a class without groups; with groups there is one per group.
  if (slot.kind === "peers" && (session.groupCount === 0 ? slot.group !== 0 : slot.group < 1 || slot.group > session.groupCount)) throw notFound("Room");
  if (slot.kind === "participant" && caller.kind === "teacher") {
    const exists = await prisma.sessionParticipant.count({ where: { id: slot.participantId, sessionId: session.id } });
    if (exists === 0) throw notFound("Room");
  }
  const access = sessionRoomAccess(caller, sessionAccessState(session), slot);
  if (!access) throw notFound("Room");
  return { room, state: await services.realtime.state(room), access };
}
