import type { SessionSlot } from "./session-rooms.ts";

/** Who is asking, as the server established it (never as the client claims). */
export type SessionCaller =
  /** An editor or owner of the session's workspace: the teacher. */
  | { kind: "teacher"; userId: string }
  | { kind: "participant"; participantId: string; group: number };

/** The parts of a session's state that decide access. */
export type SessionAccessState = {
  mode: "BLIND" | "OPEN";
  locked: boolean;
  revealed: boolean;
  ended: boolean;
};

export type RoomAccessLevel = "write" | "read" | null;

/**
 * What a caller may do in one room of a session: the single rule both the websocket upgrade
 * (and its re-checks) and the REST endpoints apply. Null means the room does not exist for
 * them (answered as "not found"). Views (`class`, `peers-<group>`) are written by the server only.
 */
export function sessionRoomAccess(caller: SessionCaller, session: SessionAccessState, slot: SessionSlot): RoomAccessLevel {
  if (caller.kind === "teacher") {
    if (slot.kind === "key") return session.ended ? "read" : "write";
    return "read";
  }
  switch (slot.kind) {
    case "participant":
      if (slot.participantId !== caller.participantId) return null;
      return session.ended || session.locked ? "read" : "write";
    case "peers":
      return slot.group === caller.group ? "read" : null;
    case "key":
    case "class":
      return null;
  }
}

/** What the server copies into the students' `peers-<group>` views now. */
export function peersVisibility(session: Pick<SessionAccessState, "mode" | "revealed">): { classmates: boolean; key: boolean } {
  return { classmates: session.mode === "OPEN" || session.revealed, key: session.revealed };
}
