"use client";

import { useEffect } from "react";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { offsetsOfRange, type TextRange } from "@/lib/annotate/dom-offsets.ts";

function realtimeUrl(): string {
  return `${window.location.protocol === "https:" ? "wss" : "ws"}://${window.location.host}/realtime`;
}

/** The reader's selection inside `root` as code-point offsets, or null when there is none there. */
function selectionIn(root: Element): TextRange | null {
  const selection = document.getSelection();
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  if (!root.contains(range.commonAncestorContainer)) return null;
  const offsets = offsetsOfRange(root, range);
  return offsets && offsets.end > offsets.start ? offsets : null;
}

/**
 * "Follow me": while on, the page holds a connection to the session's key room and shares the
 * teacher's selection in `text` as presence `{ selection, followMe: true }`; the server passes
 * it to the students' views as the spotlight (and refuses followMe from anyone but a teacher
 * in the key room). Off: the connection closes and the presence with it, so no student is left
 * following a stale passage. The key room's document is not needed here, only its awareness.
 */
export function useFollowMe(options: { on: boolean; keyRoom: string; text: Element | null }): void {
  const { on, keyRoom, text } = options;
  useEffect(() => {
    if (!on || !text) return;
    const provider = new WebsocketProvider(realtimeUrl(), keyRoom, new Y.Doc(), { disableBc: true, maxBackoffTime: 5_000 });
    const share = () => provider.awareness.setLocalState({ selection: selectionIn(text), followMe: true });
    share();
    let frame = 0;
    const onSelection = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(share);
    };
    document.addEventListener("selectionchange", onSelection);
    return () => {
      cancelAnimationFrame(frame);
      document.removeEventListener("selectionchange", onSelection);
      provider.awareness.setLocalState(null);
      provider.doc.destroy();
      provider.destroy();
    };
  }, [on, keyRoom, text]);
}
