"use client";

import { useState, type RefObject } from "react";
import { findNext } from "@/lib/annotate/find-in-text.ts";
import type { TextRange } from "@/lib/annotate/dom-offsets.ts";

/**
 * "Find and select": the keyboard way to select a passage. Enter selects the next match in
 * the article and moves the focus there, where Shift+arrows adjust the selection and 1, 2 or 3
 * tag it. "/" anywhere on the page (outside a text field) jumps here.
 */
export function TextFinder({
  text,
  inputRef,
  from,
  onFound,
  onMissing,
}: {
  text: string;
  inputRef: RefObject<HTMLInputElement | null>;
  /** Where the search starts: after the current selection, so Enter again finds the next one. */
  from: number;
  onFound: (range: TextRange, index: number, count: number) => void;
  onMissing: (query: string) => void;
}) {
  const [query, setQuery] = useState("");
  return (
    <form
      className="text-finder"
      role="search"
      aria-label="Find in the article"
      onSubmit={(event) => {
        event.preventDefault();
        const match = findNext(text, query, from);
        if (match) onFound({ start: match.start, end: match.end }, match.index, match.count);
        else if (query.trim()) onMissing(query.trim());
      }}
    >
      <label htmlFor="text-finder-input" className="visually-hidden">
        Find and select text in the article
      </label>
      <input
        ref={inputRef}
        id="text-finder-input"
        type="search"
        placeholder="Find and select text  ( / )"
        aria-keyshortcuts="/"
        autoComplete="off"
        value={query}
        onChange={(event) => setQuery(event.target.value)}
      />
      <button type="submit" className="button button-small button-secondary">
        Find
      </button>
    </form>
  );
}
