"use client";

import { useCallback, useEffect, useRef, useState, type KeyboardEvent, type RefObject } from "react";
import { offsetsOfRange, rangeAtOffsets, type TextRange } from "@/lib/annotate/dom-offsets.ts";

const MOVES: Record<string, { direction: "forward" | "backward"; granularity: string; word?: string }> = {
  ArrowRight: { direction: "forward", granularity: "character", word: "word" },
  ArrowLeft: { direction: "backward", granularity: "character", word: "word" },
  ArrowDown: { direction: "forward", granularity: "line", word: "paragraph" },
  ArrowUp: { direction: "backward", granularity: "line", word: "paragraph" },
  End: { direction: "forward", granularity: "lineboundary" },
  Home: { direction: "backward", granularity: "lineboundary" },
};

/** `Selection.modify` is not in TypeScript's DOM types yet, though every current browser has it. */
type ModifiableSelection = Selection & { modify(alter: string, direction: string, granularity: string): void };

/**
 * The reader's current text selection as code points of the article body, from the mouse,
 * touch, or the keyboard: with the body focused, arrow keys move a caret through the text and
 * Shift+arrows extend a selection (Ctrl moves by word or paragraph, Home/End to the line's
 * ends). Movement uses the browser's own `Selection.modify`, so lines and words follow the
 * rendered layout and the selection is a real one that assistive technology can read.
 */
export function useTextSelection(bodyRef: RefObject<HTMLElement | null>, frozen: boolean) {
  const [range, setRange] = useState<TextRange | null>(null);
  const [caret, setCaret] = useState<number | null>(null);
  const pointerDown = useRef(false);
  const frozenRef = useRef(frozen);
  useEffect(() => {
    frozenRef.current = frozen;
  }, [frozen]);

  const readSelection = useCallback((): TextRange | null => {
    const body = bodyRef.current;
    const selection = window.getSelection();
    if (!body || !selection || selection.rangeCount === 0) return null;
    const dom = selection.getRangeAt(0);
    if (!body.contains(dom.commonAncestorContainer) && !dom.intersectsNode(body)) return null;
    return offsetsOfRange(body, dom);
  }, [bodyRef]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const update = () => {
      if (frozenRef.current || pointerDown.current) return;
      const next = readSelection();
      setRange(next && next.end > next.start ? next : null);
    };
    const onSelectionChange = () => {
      clearTimeout(timer);
      timer = setTimeout(update, 120);
    };
    const onPointerDown = (event: PointerEvent) => {
      if (bodyRef.current?.contains(event.target as Node)) pointerDown.current = true;
    };
    const onPointerUp = () => {
      if (!pointerDown.current) return;
      pointerDown.current = false;
      clearTimeout(timer);
      timer = setTimeout(update, 10);
    };
    document.addEventListener("selectionchange", onSelectionChange);
    document.addEventListener("pointerdown", onPointerDown);
    document.addEventListener("pointerup", onPointerUp);
    return () => {
      clearTimeout(timer);
      document.removeEventListener("selectionchange", onSelectionChange);
      document.removeEventListener("pointerdown", onPointerDown);
      document.removeEventListener("pointerup", onPointerUp);
    };
  }, [bodyRef, readSelection]);

  /** Places the real selection at offsets (a caret when collapsed) and moves the caret to `focus`. */
  const select = useCallback(
    (anchor: number, focus: number) => {
      const body = bodyRef.current;
      const selection = window.getSelection();
      if (!body || !selection) return;
      const from = rangeAtOffsets(body, { start: anchor, end: anchor });
      const to = rangeAtOffsets(body, { start: focus, end: focus });
      if (!from || !to) return;
      selection.setBaseAndExtent(from.startContainer, from.startOffset, to.startContainer, to.startOffset);
      // Now, not after the debounced selectionchange: a key pressed right after must see it.
      setCaret(focus);
      setRange(anchor === focus ? null : { start: Math.min(anchor, focus), end: Math.max(anchor, focus) });
    },
    [bodyRef],
  );

  /** Key handling for the focused article body; returns true when the key was used. */
  const onBodyKeyDown = useCallback(
    (event: KeyboardEvent<HTMLElement>): boolean => {
      const move = MOVES[event.key];
      const body = bodyRef.current;
      const selection = window.getSelection() as ModifiableSelection | null;
      if (!move || !body || !selection || event.altKey || event.metaKey) return false;
      if (selection.rangeCount === 0 || !body.contains(selection.anchorNode)) {
        const start = caret ?? 0;
        select(start, start);
      }
      const granularity = event.ctrlKey && move.word ? move.word : move.granularity;
      selection.modify(event.shiftKey ? "extend" : "move", move.direction, granularity);
      event.preventDefault();
      const focusOffset = selection.focusNode ? offsetsOfRange(body, rangeOf(selection.focusNode, selection.focusOffset)) : null;
      if (focusOffset) setCaret(focusOffset.start);
      const next = readSelection();
      setRange(next && next.end > next.start ? next : null);
      return true;
    },
    [bodyRef, caret, readSelection, select],
  );

  const clear = useCallback(() => {
    window.getSelection()?.removeAllRanges();
    setRange(null);
  }, []);

  return { range, caret, setCaret, onBodyKeyDown, clear, select };
}

function rangeOf(node: Node, offset: number): Range {
  const range = document.createRange();
  range.setStart(node, offset);
  range.setEnd(node, offset);
  return range;
}
