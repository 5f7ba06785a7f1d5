"use client";

import { useCallback, useEffect, useMemo, useState } from "react";
import { CommentDrafts, type CommentDraft } from "@/lib/annotate/comment-drafts.ts";
import type { RoomSession } from "./use-annotation-room.ts";

/**
 * Unsent comment text, per comment box, for one person on one document. Drafts outlive a reload
 * of this tab (sessionStorage: never shared between tabs, so two tabs writing in the same box
 * cannot overwrite each other's text). When a highlight is deleted while someone writes in its
 * thread, its drafts become "lost drafts", kept where the writer can copy them.
 */
export function useCommentDrafts(session: RoomSession | null, storageKey: string | null, announce: (message: string) => void) {
  const drafts = useMemo(
    () => new CommentDrafts(typeof window === "undefined" || !storageKey ? null : { storage: window.sessionStorage, key: storageKey }),
    [storageKey],
  );
  const [lostDrafts, setLostDrafts] = useState<CommentDraft[]>([]);

  useEffect(() => {
    if (!session?.ready) return;
    const store = session.store;
    const handOver = () => {
      if (drafts.size === 0) return;
      const present = new Set(store.getSnapshot().annotations.map((annotation) => annotation.id));
      const orphans = drafts.takeOrphans((id) => present.has(id));
      if (orphans.length === 0) return;
      setLostDrafts((current) => [...current, ...orphans]);
      announce("A highlight was deleted while you were writing in its thread. Your text is kept in the margin, above the threads.");
    };
    // Drafts kept over a reload may belong to a highlight deleted meanwhile: once the room is in, and on every change.
    queueMicrotask(handOver);
    return store.subscribe(handOver);
  }, [session, drafts, announce]);

  const dismissLostDraft = useCallback((key: string) => setLostDrafts((current) => current.filter((draft) => draft.key !== key)), []);
  return { drafts, lostDrafts, dismissLostDraft };
}
