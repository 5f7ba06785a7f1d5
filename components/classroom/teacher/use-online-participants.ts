"use client";

import { useEffect, useState } from "react";
import type { WebsocketProvider } from "y-websocket";

/** The participant a presence state in a session view belongs to (set by the server, never by a client). */
function participantOf(state: unknown): string | null {
  const value = state as { user?: { id?: unknown }; participantId?: unknown } | null;
  if (typeof value?.participantId === "string") return value.participantId;
  if (typeof value?.user?.id === "string") return value.user.id;
  return null;
}

/**
 * Who is online, from the presence states the server keeps in the class view room for every
 * connected participant. Returns a new set only when membership changes, so the roster does not
 * re-render on every cursor move.
 */
export function useOnlineParticipants(provider: WebsocketProvider | null): ReadonlySet<string> {
  const [online, setOnline] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => {
    if (!provider) return;
    const awareness = provider.awareness;
    const refresh = () => {
      const next = new Set<string>();
      for (const [clientId, state] of awareness.getStates()) {
        if (clientId === awareness.clientID) continue;
        const id = participantOf(state);
        if (id) next.add(id);
      }
      setOnline((previous) => (previous.size === next.size && [...next].every((id) => previous.has(id)) ? previous : next));
    };
    refresh();
    awareness.on("change", refresh);
    return () => awareness.off("change", refresh);
  }, [provider]);
  return online;
}
