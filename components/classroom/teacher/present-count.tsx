"use client";

import { useCallback, useState } from "react";
import * as api from "./session-api.ts";
import { useOnlineParticipants } from "./use-online-participants.ts";
import { useSessionRoom } from "./use-session-room.ts";
import { useThrottledRefresh } from "./use-throttled-refresh.ts";
import styles from "./present.module.css";

/**
 * The projector's live count of students who joined. Joining makes a student's page connect, so
 * the class room's presence changes and the roster is read again (throttled): live without polling.
 */
export function PresentCount({ sessionId, classRoom, initial, ended }: { sessionId: string; classRoom: string; initial: number; ended: boolean }) {
  const { room } = useSessionRoom(sessionId, classRoom, "class");
  const online = useOnlineParticipants(room?.provider ?? null);
  const [joined, setJoined] = useState(initial);
  const [isEnded, setEnded] = useState(ended);
  const refresh = useCallback(async () => {
    const answer = await api.fetchRoster(sessionId);
    if (answer.ok) {
      setJoined(answer.value.participants.length);
      setEnded(answer.value.state.ended);
    }
  }, [sessionId]);
  useThrottledRefresh(online, 1_000, () => void refresh());

  if (isEnded) return <p className={styles.count}>This session has ended.</p>;
  return (
    <p className={styles.count} aria-live="polite" data-testid="joined-count">
      <strong>{joined}</strong> {joined === 1 ? "student has" : "students have"} joined
    </p>
  );
}
