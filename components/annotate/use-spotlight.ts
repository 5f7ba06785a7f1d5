"use client";

import { useEffect, type RefObject } from "react";
import { rangeAtOffsets } from "@/lib/annotate/dom-offsets.ts";
import { shorten } from "@/lib/annotate/shorten.ts";
import { sliceCodePoints } from "@/lib/annotations/code-points.ts";
import type { SurfaceSpotlight } from "./surface-types.ts";

/**
 * Brings a spotlighted passage (the teacher's "follow me") into view and says so politely.
 * The outline itself is drawn by SelectionOverlay. Scrolling jumps instead of gliding when the
 * reader asked the system for reduced motion. Runs again only when the passage changes, so a
 * student who scrolls away is not pulled back on every other update.
 */
export function useSpotlight(
  bodyRef: RefObject<HTMLElement | null>,
  spotlight: SurfaceSpotlight | null,
  text: string,
  announce: (message: string) => void,
) {
  const start = spotlight?.range.start ?? null;
  const end = spotlight?.range.end ?? null;
  const label = spotlight?.label ?? "";
  useEffect(() => {
    const body = bodyRef.current;
    if (!body || start === null || end === null || end <= start) return;
    const dom = rangeAtOffsets(body, { start, end });
    if (!dom) return;
    const reduced = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    const anchor = dom.startContainer instanceof Element ? dom.startContainer : dom.startContainer.parentElement;
    anchor?.scrollIntoView({ block: "center", behavior: reduced ? "auto" : "smooth" });
    announce(`${label}: “${shorten(sliceCodePoints(text, start, end), 80)}”.`);
  }, [bodyRef, start, end, label, text, announce]);
}
