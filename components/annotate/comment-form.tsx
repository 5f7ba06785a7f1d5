"use client";

import { useEffect, useRef, useState } from "react";
import { MAX_COMMENT_LENGTH } from "@/lib/realtime/doc-schema.ts";
import { useDrafts } from "./drafts-context.ts";
import { MentionTextarea } from "./mention-textarea.tsx";
import type { Member } from "./surface-types.ts";

type Props = {
  annotationId: string;
  /** The highlight's quote, shown with the unsent text if the highlight is deleted meanwhile. */
  quote: string;
  label: string;
  submitLabel: string;
  members: readonly Member[];
  initialValue?: string;
  /**
   * Id of the textarea; a form whose id the surface asks for gets the focus when it appears.
   * Also the key of its unsent text, which outlives the form (see CommentDrafts).
   */
  autoFocusId: string;
  onSubmit: (body: string) => boolean;
  onCancel?: () => void;
  /** Escape in a form without Cancel: e.g. back to the highlight in the text. */
  onEscape?: () => void;
  onTyping: (annotationId: string | null) => void;
};

/** How long after the last keystroke others stop seeing "typing…". */
const TYPING_IDLE_MS = 3_000;

/**
 * A comment box: Markdown-light text with @mentions, Ctrl+Enter or the button to send, and a
 * "typing" signal to the others while it has fresh input. State is local, so typing here
 * re-renders this form only; the unsent text is also kept in the surface's drafts, so closing
 * the thread loses nothing.
 */
export function CommentForm({ annotationId, quote, label, submitLabel, members, initialValue = "", autoFocusId, onSubmit, onCancel, onEscape, onTyping }: Props) {
  const drafts = useDrafts();
  const [value, setValue] = useState(() => drafts?.get(autoFocusId) ?? initialValue);
  const idle = useRef<ReturnType<typeof setTimeout> | null>(null);
  const typing = useRef(false);
  const textareaRef = useRef<HTMLTextAreaElement>(null);

  const stopTyping = () => {
    if (idle.current) clearTimeout(idle.current);
    idle.current = null;
    if (typing.current) onTyping(null);
    typing.current = false;
  };

  useEffect(() => {
    if (onCancel || initialValue) textareaRef.current?.focus();
    return () => {
      if (idle.current) clearTimeout(idle.current);
    };
  }, [onCancel, initialValue]);

  const change = (next: string) => {
    setValue(next);
    drafts?.set(autoFocusId, { id: annotationId, quote }, next === initialValue ? "" : next);
    if (!typing.current) onTyping(annotationId);
    typing.current = true;
    if (idle.current) clearTimeout(idle.current);
    idle.current = setTimeout(stopTyping, TYPING_IDLE_MS);
  };

  const submit = () => {
    const body = value.trim();
    if (!body || body.length > MAX_COMMENT_LENGTH) return;
    if (onSubmit(body)) {
      setValue("");
      drafts?.delete(autoFocusId);
      stopTyping();
    }
  };

  const tooLong = value.length > MAX_COMMENT_LENGTH;
  return (
    <form
      className="comment-form"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <MentionTextarea
        ref={textareaRef}
        id={autoFocusId}
        label={label}
        value={value}
        onChange={change}
        members={members}
        placeholder="Write a comment. **bold**, *italic*, links, @ to mention"
        onSubmit={submit}
        onKeyDownExtra={(event) => {
          if (event.key !== "Escape") return;
          event.preventDefault();
          stopTyping();
          if (onCancel) drafts?.delete(autoFocusId);
          (onCancel ?? onEscape)?.();
        }}
      />
      {tooLong ? (
        <p className="form-error" role="alert">
          {value.length.toLocaleString("en")} of {MAX_COMMENT_LENGTH.toLocaleString("en")} characters: shorten it to send.
        </p>
      ) : null}
      <div className="comment-form-actions">
        <button type="submit" className="button button-small" disabled={!value.trim() || tooLong}>
          {submitLabel}
        </button>
        {onCancel ? (
          <button
            type="button"
            className="link-button"
            onClick={() => {
              stopTyping();
              drafts?.delete(autoFocusId);
              onCancel();
            }}
          >
            Cancel
          </button>
        ) : null}
        <span className="comment-form-hint" aria-hidden="true">
          Ctrl+Enter to send
        </span>
      </div>
    </form>
  );
}
