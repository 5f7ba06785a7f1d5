import type { SessionAccessState } from "./room-access.ts";

/** The columns of a class_sessions row that say where the session stands. */
export type SessionStateColumns = {
  mode: "BLIND" | "OPEN";
  lockedAt: Date | null;
  revealedAt: Date | null;
  endedAt: Date | null;
  purgedAt: Date | null;
};

/** Where a session stands, as the API reports it. */
export type SessionState = { locked: boolean; revealed: boolean; ended: boolean; purged: boolean };

export function sessionState(session: SessionStateColumns): SessionState {
  return {
    locked: session.lockedAt !== null,
    revealed: session.revealedAt !== null,
    ended: session.endedAt !== null,
    purged: session.purgedAt !== null,
  };
}

/** The part of the state room access depends on (room-access.ts). */
export function sessionAccessState(session: SessionStateColumns): SessionAccessState {
  return { mode: session.mode, locked: session.lockedAt !== null, revealed: session.revealedAt !== null, ended: session.endedAt !== null };
}

/** The mode as the API spells it. */
export function apiMode(mode: "BLIND" | "OPEN"): "blind" | "open" {
  return mode === "BLIND" ? "blind" : "open";
}
