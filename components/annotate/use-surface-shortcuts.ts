"use client";

import { useEffect, type RefObject } from "react";

/** Whether a key press belongs to a field the reader is typing in. */
export function isEditable(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  return !!element && (element.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(element.tagName));
}

/**
 * The page-wide keys, outside text fields: "/" jumps to Find and select; Ctrl+Z undoes,
 * Ctrl+Shift+Z and Ctrl+Y redo (Cmd on a Mac).
 */
export function useSurfaceShortcuts(finderRef: RefObject<HTMLInputElement | null>, undoOrRedo: (kind: "undo" | "redo") => void): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (isEditable(event.target)) return;
      if (event.key === "/" && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        // Like a browser's find bar: the last search is selected, so typing replaces it.
        finderRef.current?.focus();
        finderRef.current?.select();
        return;
      }
      const key = event.key.toLowerCase();
      if (!(event.ctrlKey || event.metaKey) || (key !== "z" && key !== "y")) return;
      event.preventDefault();
      undoOrRedo(key === "y" || event.shiftKey ? "redo" : "undo");
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [finderRef, undoOrRedo]);
}
