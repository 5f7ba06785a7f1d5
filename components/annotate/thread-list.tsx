"use client";

import type { AnnotationRecord, CommentRecord } from "@/lib/realtime/doc-schema.ts";
import type { Vocabulary } from "@/lib/vocabulary/default-vocabulary.ts";
import type { Member, SurfaceActions, SurfacePermissions } from "./surface-types.ts";
import { ThreadCard } from "./thread-card.tsx";

const NO_COMMENTS: readonly CommentRecord[] = [];

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
  const { annotations, total, ready, permissions } = props;
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
  return (
    <ol className="threads" aria-label={`${annotations.length} of ${total} highlights`}>
      {annotations.map((annotation) => (
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
  );
}
