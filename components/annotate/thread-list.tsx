"use client";

import { useState } from "react";
import type { AnnotationRecord, CommentRecord } from "@/lib/realtime/doc-schema.ts";
import type { Vocabulary } from "@/lib/vocabulary/default-vocabulary.ts";
import type { Member, SurfaceActions, SurfacePermissions } from "./surface-types.ts";
import { ThreadCard } from "./thread-card.tsx";

const NO_COMMENTS: readonly CommentRecord[] = [];

/**
 * Cards rendered at first: enough for any real discussion, while a document with thousands of
 * highlights still renders at once; "Show more" adds the next page, filters narrow the list.
 */
const PAGE_SIZE = 150;

/** The margin's list of threads in text order, or what to do when there are none. */
export function ThreadList(props: {
  annotations: readonly AnnotationRecord[];
  total: number;
  ready: boolean;
  threads: ReadonlyMap<string, readonly CommentRecord[]>;
  activeId: string | null;
  vocabulary: Vocabulary;
  me: Member | null;
  members: readonly Member[];
  permissions: SurfacePermissions;
  typingByThread: ReadonlyMap<string, string>;
  actions: SurfaceActions;
}) {
  const { annotations, total, ready, permissions, activeId } = props;
  const [limit, setLimit] = useState(PAGE_SIZE);
  if (!ready && total === 0) return <p className="margin-empty">Loading highlights…</p>;
  if (total === 0) {
    return (
      <p className="margin-empty">
        {permissions.highlight
          ? "No highlights yet. Select a passage and tag it as propaganda (1), sourcing (2) or context (3)."
          : "No highlights yet."}
      </p>
    );
  }
  if (annotations.length === 0) return <p className="margin-empty">No highlight matches these filters.</p>;
  // The open thread is always rendered, even when it lies beyond the current page.
  const shown = annotations.filter((annotation, index) => index < limit || annotation.id === activeId);
  const hidden = annotations.length - shown.length;
  return (
    <>
      <ol className="threads" aria-label={`${annotations.length} of ${total} highlights`}>
        {shown.map((annotation) => (
          <ThreadCard
            key={annotation.id}
            annotation={annotation}
            thread={props.threads.get(annotation.id) ?? NO_COMMENTS}
            expanded={props.activeId === annotation.id}
            vocabulary={props.vocabulary}
            me={props.me}
            members={props.members}
            permissions={permissions}
            typing={props.typingByThread.get(annotation.id) ?? ""}
            actions={props.actions}
          />
        ))}
      </ol>
      {hidden > 0 ? (
        <button type="button" className="button button-secondary show-more" onClick={() => setLimit((value) => value + PAGE_SIZE)}>
          Show {Math.min(PAGE_SIZE, hidden)} more of {hidden} highlights
        </button>
      ) : null}
    </>
  );
}
