"use client";

import { useEffect } from "react";
import type { RoomSnapshot } from "@/lib/annotate/room-store.ts";

const TARGET = /^#annotation-([0-9a-f-]{36})$/;

/**
 * A link to a highlight (`#annotation-<id>`, as the Mentions page and shared links make) opens its
 * thread and shows it in the text, once the room has loaded and the highlight is known.
 */
export function useUrlTarget(ready: boolean, snapshot: RoomSnapshot, open: (annotationId: string) => void): void {
  useEffect(() => {
    if (!ready) return;
    const match = TARGET.exec(window.location.hash);
    if (match && snapshot.annotations.some((annotation) => annotation.id === match[1])) open(match[1]!);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when the room first loads
  }, [ready]);
}
