"use client";

import { useLayoutEffect, useState, type CSSProperties, type RefObject } from "react";
import { rangeAtOffsets, type TextRange } from "@/lib/annotate/dom-offsets.ts";
import type { Peer } from "./use-presence.ts";

type Box = { top: number; left: number; width: number; height: number };
type PeerBoxes = { key: number; name: string; color: string; boxes: Box[] };

function boxesOf(body: HTMLElement, container: HTMLElement, range: TextRange): Box[] {
  const dom = rangeAtOffsets(body, range);
  if (!dom) return [];
  const origin = container.getBoundingClientRect();
  const rects = range.start === range.end ? [dom.getBoundingClientRect()] : Array.from(dom.getClientRects());
  return rects
    .filter((rect) => rect.height > 0 && (rect.width > 0 || range.start === range.end))
    .map((rect) => ({ top: rect.top - origin.top, left: rect.left - origin.left, width: rect.width, height: rect.height }));
}

/**
 * Paints, over the text, what others have selected (tinted in their colour, with their name)
 * and the caret of keyboard selection. Drawn as positioned boxes instead of marks, so other
 * people's selections never change the text or its offsets. Decorative for assistive
 * technology: the live region and the people list say the same in words.
 */
export function SelectionOverlay({
  bodyRef,
  containerRef,
  peers,
  caret,
  spotlight = null,
  layoutKey,
}: {
  bodyRef: RefObject<HTMLElement | null>;
  containerRef: RefObject<HTMLElement | null>;
  peers: readonly Peer[];
  caret: number | null;
  /** A passage someone points to (the teacher's "follow me"), outlined with its label. */
  spotlight?: { range: TextRange; label: string } | null;
  /** Changes whenever the text may have reflowed (highlights re-rendered). */
  layoutKey: unknown;
}) {
  const [painted, setPainted] = useState<{ peers: PeerBoxes[]; caret: Box | null; spotlight: Box[] }>({ peers: [], caret: null, spotlight: [] });
  const [width, setWidth] = useState(0);

  useLayoutEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const observer = new ResizeObserver(() => setWidth(container.clientWidth));
    observer.observe(container);
    return () => observer.disconnect();
  }, [containerRef]);

  useLayoutEffect(() => {
    const body = bodyRef.current;
    const container = containerRef.current;
    if (!body || !container) return;
    const peerBoxes = peers
      .filter((peer) => peer.selection && peer.selection.end > peer.selection.start)
      .map((peer) => ({ key: peer.clientId, name: peer.user.name, color: peer.user.color, boxes: boxesOf(body, container, peer.selection!) }));
    const caretBox = caret === null ? null : (boxesOf(body, container, { start: caret, end: caret })[0] ?? null);
    const spotlightBoxes = spotlight && spotlight.range.end > spotlight.range.start ? boxesOf(body, container, spotlight.range) : [];
    setPainted({ peers: peerBoxes, caret: caretBox, spotlight: spotlightBoxes });
  }, [bodyRef, containerRef, peers, caret, spotlight, layoutKey, width]);

  return (
    <div className="selection-overlay" aria-hidden="true">
      {painted.peers.map((peer) =>
        peer.boxes.map((box, index) => (
          <div
            key={`${peer.key}-${index}`}
            className="remote-selection"
            style={{ top: box.top, left: box.left, width: box.width, height: box.height, "--peer": peer.color } as CSSProperties}
          >
            {index === 0 ? (
              <span className="remote-selection-name">
                {peer.name}
              </span>
            ) : null}
          </div>
        )),
      )}
      {painted.spotlight.map((box, index) => (
        <div key={`spotlight-${index}`} className="spotlight" data-testid="spotlight" style={{ top: box.top, left: box.left, width: box.width, height: box.height }}>
          {index === 0 && spotlight ? <span className="spotlight-label">{spotlight.label}</span> : null}
        </div>
      ))}
      {painted.caret ? <div className="keyboard-caret" style={{ top: painted.caret.top, left: painted.caret.left, height: painted.caret.height }} /> : null}
    </div>
  );
}
