import type { ClassSession } from "@/lib/generated/prisma/client.ts";
import { MAX_GROUPS, sessionRoomName } from "./session-rooms.ts";

/** The link a projector shows and a QR code carries: the join page with the code filled in. */
export function joinUrl(origin: string, code: string): string {
  return `${origin}/join?code=${encodeURIComponent(code)}`;
}

/** Every room a session has: the key, the teacher's class view and one students' view per group (peers-0 without groups). */
export function sessionViewRooms(session: Pick<ClassSession, "id" | "documentId" | "groupCount">): { key: string; class: string; peers: string[] } {
  const groups = session.groupCount === 0 ? [0] : Array.from({ length: Math.min(session.groupCount, MAX_GROUPS) }, (_, index) => index + 1);
  return {
    key: sessionRoomName(session.documentId, session.id, { kind: "key" }),
    class: sessionRoomName(session.documentId, session.id, { kind: "class" }),
    peers: groups.map((group) => sessionRoomName(session.documentId, session.id, { kind: "peers", group })),
  };
}
