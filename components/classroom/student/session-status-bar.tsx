"use client";

import type { LiveSessionState } from "./teacher-state.ts";

type Props = {
  mode: "BLIND" | "OPEN";
  state: LiveSessionState;
  name: string;
  /** "Reader 7" when classmates see a pseudonym, else null. */
  pseudonym: string | null;
  /** True when the student sees only their group's highlights. */
  grouped: boolean;
};

/** The one sentence that says what the student can do and who sees what, right now. */
export function statusMessage(mode: Props["mode"], state: LiveSessionState, grouped: boolean): { kind: string; label: string; text: string } {
  const others = grouped ? "your group" : "your classmates";
  if (state.ended) return { kind: "ended", label: "Ended", text: "This session has ended. You can still read your highlights, but not change them." };
  if (state.locked) return { kind: "locked", label: "Locked", text: "Your teacher has paused tagging. You can read, but not change your highlights for now." };
  if (state.revealed) return { kind: "revealed", label: "Revealed", text: `The highlights of ${others} and the answer key are shown with yours.` };
  if (mode === "BLIND") return { kind: "blind", label: "Blind", text: "Your highlights are private until your teacher reveals them." };
  return { kind: "open", label: "Open", text: `Open session: ${others} see your highlights as you make them.` };
}

/**
 * The session's status above the article, read live from the teacher's entry in the view:
 * a polite live region, so a student using a screen reader hears "Locked" or "Revealed" as it
 * happens without losing their place.
 */
export function SessionStatusBar({ mode, state, name, pseudonym, grouped }: Props) {
  const status = statusMessage(mode, state, grouped);
  return (
    <div className="session-status" data-state={status.kind}>
      <p className="session-status-text" role="status" aria-live="polite">
        <span className="session-status-label">{status.label}</span> {status.text}
      </p>
      <p className="session-status-me">
        You are <strong>{name}</strong>
        {pseudonym ? `; classmates see you as ${pseudonym}` : ""}.
      </p>
    </div>
  );
}
