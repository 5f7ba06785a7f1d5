import { formatRoomName, parseRoomName } from "@/lib/realtime/room-name.ts";

/**
 * The realtime rooms of a classroom session, all of the form
 * `<documentId>:session:<sessionId>:participant:<slot>`:
 *
 * - `<participantId>` (a UUID): one student's own highlights and notes. Only that student writes
 *   there; the teacher reads it. No other student ever receives it, so blind mode holds on the wire.
 * - `key`: the teacher's highlights, the answer key. Editors and owners of the workspace write there.
 * - `class`: what the teacher's dashboard reads. The server copies every student's entries and the
 *   key into it, with names. Read-only for everyone.
 * - `peers-<group>`: what students read about their classmates (group 0 without groups). The
 *   server copies entries into it when the students may see them: at once in open mode, from the
 *   reveal in blind mode (the key only from the reveal), under pseudonyms in anonymous sessions.
 *   Read-only; it also carries the teacher's "follow me" spotlight.
 *
 * Copies get ids derived from the source room and entry (derivedUuid), so a student cannot
 * overwrite a classmate's entry in a shared view by reusing its id in their own room.
 */
export type SessionSlot =
  | { kind: "participant"; participantId: string }
  | { kind: "key" }
  | { kind: "class" }
  | { kind: "peers"; group: number };

export type SessionRoom = { documentId: string; sessionId: string; slot: SessionSlot };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const PEERS = /^peers-(0|[1-9][0-9]?)$/;

/** Most groups a session may have (each a view room of its own). */
export const MAX_GROUPS = 12;

function slotName(slot: SessionSlot): string {
  switch (slot.kind) {
    case "participant":
      return slot.participantId;
    case "key":
      return "key";
    case "class":
      return "class";
    case "peers":
      return `peers-${slot.group}`;
  }
}

function parseSlot(name: string): SessionSlot | null {
  if (name === "key" || name === "class") return { kind: name };
  const peers = PEERS.exec(name);
  if (peers) {
    const group = Number(peers[1]);
    return group <= MAX_GROUPS ? { kind: "peers", group } : null;
  }
  return UUID.test(name) ? { kind: "participant", participantId: name } : null;
}

export function sessionRoomName(documentId: string, sessionId: string, slot: SessionSlot): string {
  return formatRoomName({ kind: "participant", documentId, sessionId, participantId: slotName(slot) });
}

/** The session room a room name denotes, or null (a shared room, or a slot that does not exist). */
export function parseSessionRoom(name: string): SessionRoom | null {
  const room = parseRoomName(name);
  if (room?.kind !== "participant") return null;
  const slot = parseSlot(room.participantId);
  return slot ? { documentId: room.documentId, sessionId: room.sessionId, slot } : null;
}

/** Every room name of a session starts with this (for deleting a session's rooms). */
export function sessionRoomPrefix(documentId: string, sessionId: string): string {
  return `${documentId}:session:${sessionId}:participant:`;
}
