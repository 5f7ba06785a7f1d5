/**
 * Room names. A document's shared annotation space is the room named by the document id.
 * Classroom sessions have rooms of their own, written
 * `<documentId>:session:<sessionId>:participant:<slot>` (a student's own room, the key, the
 * views; `lib/classroom/session-rooms.ts` names the slots), so the server can keep one
 * student's tags from another until the teacher reveals them.
 */
export type RoomName =
  | { kind: "shared"; documentId: string }
  | { kind: "participant"; documentId: string; sessionId: string; participantId: string };

const ID = "[A-Za-z0-9_-]{1,64}";
const SHARED = new RegExp(`^(${ID})$`);
const PARTICIPANT = new RegExp(`^(${ID}):session:(${ID}):participant:(${ID})$`);

export function parseRoomName(name: string): RoomName | null {
  const shared = SHARED.exec(name);
  if (shared?.[1]) return { kind: "shared", documentId: shared[1] };
  const participant = PARTICIPANT.exec(name);
  if (participant?.[1] && participant[2] && participant[3]) {
    return { kind: "participant", documentId: participant[1], sessionId: participant[2], participantId: participant[3] };
  }
  return null;
}

export function formatRoomName(room: RoomName): string {
  return room.kind === "shared" ? room.documentId : `${room.documentId}:session:${room.sessionId}:participant:${room.participantId}`;
}
