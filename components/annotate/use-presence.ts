"use client";

import { useCallback, useEffect, useMemo, useState } from "react";
import type { WebsocketProvider } from "y-websocket";
import type { TextRange } from "@/lib/annotate/dom-offsets.ts";
import { presenceColor } from "@/lib/annotate/presence-colors.ts";

/** What each browser tells the others about itself (y-protocols awareness). */
export type PresenceState = {
  user: { id: string; name: string; color: string };
  selection: TextRange | null;
  /** The highlight whose thread this person is writing in. */
  typing: string | null;
};

export type Peer = PresenceState & { clientId: number };

function isPresence(value: unknown): value is PresenceState {
  const state = value as Partial<PresenceState> | null;
  return (
    typeof state?.user?.id === "string" &&
    typeof state.user.name === "string" &&
    typeof state.user.color === "string" &&
    (state.selection === null || (typeof state.selection?.start === "number" && typeof state.selection.end === "number")) &&
    (state.typing === null || typeof state.typing === "string")
  );
}

/**
 * Who else has the page open, what they have selected and where they are typing. Awareness
 * states come from other browsers, so each is checked before use; an anonymous reader of the
 * demo shares nothing.
 */
export function usePresence(provider: WebsocketProvider | null, me: { id: string; name: string } | null) {
  const [peers, setPeers] = useState<Peer[]>([]);

  useEffect(() => {
    if (!provider) return;
    const awareness = provider.awareness;
    if (me) awareness.setLocalState({ user: { ...me, color: presenceColor(me.id) }, selection: null, typing: null } satisfies PresenceState);
    const refresh = () => {
      const next: Peer[] = [];
      for (const [clientId, state] of awareness.getStates()) {
        if (clientId !== awareness.clientID && isPresence(state)) next.push({ ...state, clientId });
      }
      setPeers(next.sort((a, b) => a.user.name.localeCompare(b.user.name) || a.clientId - b.clientId));
    };
    refresh();
    awareness.on("change", refresh);
    return () => {
      awareness.off("change", refresh);
      awareness.setLocalState(null);
    };
  }, [provider, me]);

  const share = useCallback(
    (fields: Partial<Pick<PresenceState, "selection" | "typing">>) => {
      if (!provider || !me) return;
      for (const [field, value] of Object.entries(fields)) provider.awareness.setLocalStateField(field, value);
    },
    [provider, me],
  );

  /** One entry per person, however many tabs they have open. */
  const people = useMemo(() => {
    const byUser = new Map<string, Peer>();
    for (const peer of peers) if (!byUser.has(peer.user.id)) byUser.set(peer.user.id, peer);
    return [...byUser.values()];
  }, [peers]);

  return { peers, people, share };
}
