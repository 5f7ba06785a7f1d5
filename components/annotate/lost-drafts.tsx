"use client";

import { useRef } from "react";
import { shorten } from "@/lib/annotate/shorten.ts";
import type { CommentDraft } from "@/lib/annotate/comment-drafts.ts";

/**
 * Comments the reader was writing when their highlight was deleted (by someone else, or in
 * another tab): the text is shown to copy rather than silently dropped with the thread.
 */
export function LostDrafts({ drafts, onDismiss, announce }: { drafts: CommentDraft[]; onDismiss: (key: string) => void; announce: (message: string) => void }) {
  if (drafts.length === 0) return null;
  return (
    <section className="lost-drafts" aria-labelledby="lost-drafts-title">
      <h3 id="lost-drafts-title">Unsent comments</h3>
      {drafts.map((draft) => (
        <LostDraftItem key={draft.key} draft={draft} onDismiss={() => onDismiss(draft.key)} announce={announce} />
      ))}
    </section>
  );
}

function LostDraftItem({ draft, onDismiss, announce }: { draft: CommentDraft; onDismiss: () => void; announce: (message: string) => void }) {
  const textRef = useRef<HTMLTextAreaElement>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(draft.text);
      announce("Copied your text.");
    } catch {
      // No clipboard (a page not served over HTTPS): select the text for Ctrl+C instead.
      textRef.current?.focus();
      textRef.current?.select();
      announce("Your text is selected: press Ctrl+C to copy it.");
    }
  };
  return (
    <div className="lost-draft">
      <p>A highlight was deleted while you were writing in its thread:</p>
      <p className="lost-draft-quote">{shorten(draft.quote, 120)}</p>
      <p>Your text is kept here:</p>
      <textarea ref={textRef} readOnly value={draft.text} aria-label="Your unsent comment" rows={Math.min(6, draft.text.split("\n").length + 1)} />
      <div className="comment-form-actions">
        <button type="button" className="button button-small" onClick={() => void copy()}>
          Copy text
        </button>
        <button type="button" className="link-button" onClick={onDismiss}>
          Dismiss
        </button>
      </div>
    </div>
  );
}
