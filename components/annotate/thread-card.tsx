"use client";

import { memo, useState } from "react";
import { shorten } from "@/lib/annotate/shorten.ts";
import { formatDateTime } from "@/lib/format-date.ts";
import { TAGS, type AnnotationRecord, type CommentRecord, type Tag } from "@/lib/realtime/doc-schema.ts";
import { labelName, TAG_INFO, type Vocabulary } from "@/lib/vocabulary/default-vocabulary.ts";
import { CommentBody } from "./comment-body.tsx";
import { commentBoxId } from "./comment-box-id.ts";
import { CommentForm } from "./comment-form.tsx";
import { useDrafts } from "./drafts-context.ts";
import { TagBadge } from "./tag-badge.tsx";
import type { Member, SurfaceActions, SurfacePermissions } from "./surface-types.ts";

type Props = {
  annotation: AnnotationRecord;
  thread: readonly CommentRecord[];
  expanded: boolean;
  vocabulary: Vocabulary;
  me: Member | null;
  members: readonly Member[];
  permissions: SurfacePermissions;
  /** Names of the people writing in this thread right now, joined ("" when nobody is). */
  typing: string;
  actions: SurfaceActions;
};

/**
 * One highlight's card in the margin: its tag, quote and thread. Collapsed it is one button;
 * expanded it shows the comments with reply, edit, delete, and the thread's own controls.
 * Memoized, so a card re-renders only when its own highlight, thread or typing state changes.
 */
export const ThreadCard = memo(function ThreadCard({ annotation, thread, expanded, vocabulary, me, members, permissions, typing, actions }: Props) {
  const label = labelName(vocabulary, annotation.tag, annotation.technique);
  const visible = thread.filter((comment) => !comment.deleted || thread.some((reply) => reply.parentId === comment.id));
  const count = thread.filter((comment) => !comment.deleted).length;
  const mayEditHighlight = permissions.highlight && (annotation.authorId === me?.id || permissions.moderate);
  const headingId = `thread-${annotation.id}-heading`;

  return (
    <li
      id={`thread-${annotation.id}`}
      className="thread"
      data-annotation-id={annotation.id}
      data-tag={annotation.tag}
      data-resolved={annotation.resolved || undefined}
      data-expanded={expanded || undefined}
      aria-labelledby={headingId}
    >
      <h3 className="thread-heading" id={headingId}>
        <button type="button" className="thread-toggle" aria-expanded={expanded} onClick={() => actions.toggleThread(annotation.id)}>
          <TagBadge tag={annotation.tag} label={label} />
          <span className="thread-quote">{shorten(annotation.exact, 90)}</span>
          <span className="thread-meta">
            {annotation.authorName}
            {count ? ` · ${count === 1 ? "1 comment" : `${count} comments`}` : ""}
            {annotation.resolved ? " · Resolved" : ""}
          </span>
        </button>
      </h3>
      {typing ? <p className="thread-typing">{typing} typing…</p> : null}
      {expanded ? (
        <div className="thread-body">
          <div className="thread-tools">
            <button type="button" className="link-button" onClick={() => actions.showInText(annotation.id)}>
              Show in text
            </button>
            {permissions.comment ? (
              <button type="button" className="link-button" onClick={() => actions.setResolved(annotation, !annotation.resolved)}>
                {annotation.resolved ? "Reopen thread" : "Resolve thread"}
              </button>
            ) : null}
            {mayEditHighlight ? <DeleteHighlight annotation={annotation} commentCount={count} actions={actions} thread={thread} /> : null}
          </div>
          {mayEditHighlight ? <LabelEditor annotation={annotation} vocabulary={vocabulary} actions={actions} /> : null}
          <p className="thread-byline">
            Highlighted by {annotation.authorName}, <time dateTime={new Date(annotation.createdAt).toISOString()}>{formatDateTime(new Date(annotation.createdAt))}</time>
            {annotation.resolved && annotation.resolvedAt ? (
              <>
                {" "}
                · resolved {annotation.resolvedBy === me?.id ? "by you" : ""} <time dateTime={new Date(annotation.resolvedAt).toISOString()}>{formatDateTime(new Date(annotation.resolvedAt))}</time>
              </>
            ) : null}
          </p>
          <CommentTree annotation={annotation} comments={visible} parentId={null} me={me} members={members} permissions={permissions} actions={actions} />
          {permissions.comment && me ? (
            <CommentForm
              key={`new-${annotation.id}`}
              annotationId={annotation.id}
              quote={annotation.exact}
              label={thread.length ? "Add to the discussion" : "Add a comment"}
              submitLabel="Comment"
              members={members}
              autoFocusId={commentBoxId.compose(annotation.id)}
              onTyping={actions.setTyping}
              onEscape={() => actions.returnToText(annotation.id)}
              onSubmit={(body) => actions.addComment(annotation.id, null, body)}
            />
          ) : null}
        </div>
      ) : null}
    </li>
  );
});

function CommentTree(props: {
  annotation: AnnotationRecord;
  comments: readonly CommentRecord[];
  parentId: string | null;
  me: Member | null;
  members: readonly Member[];
  permissions: SurfacePermissions;
  actions: SurfaceActions;
}) {
  const children = props.comments.filter((comment) => comment.parentId === props.parentId);
  if (!children.length) return null;
  return (
    <ol className={props.parentId ? "comments comments--replies" : "comments"}>
      {children.map((comment) => (
        <CommentItem key={comment.id} {...props} comment={comment} />
      ))}
    </ol>
  );
}

function CommentItem(props: {
  annotation: AnnotationRecord;
  comment: CommentRecord;
  comments: readonly CommentRecord[];
  me: Member | null;
  members: readonly Member[];
  permissions: SurfacePermissions;
  actions: SurfaceActions;
}) {
  const { comment, me, members, permissions, actions, annotation } = props;
  const drafts = useDrafts();
  // A reply or edit left unsent when the thread was closed opens again with its text.
  const [mode, setMode] = useState<"read" | "edit" | "reply">(() =>
    drafts?.has(commentBoxId.reply(comment.id)) ? "reply" : drafts?.has(commentBoxId.edit(comment.id)) ? "edit" : "read",
  );
  const own = comment.authorId === me?.id;
  return (
    <li className="comment" data-comment-id={comment.id} data-deleted={comment.deleted || undefined}>
      <p className="comment-meta">
        <span className="comment-author">{comment.authorName}</span>{" "}
        <time dateTime={new Date(comment.createdAt).toISOString()}>{formatDateTime(new Date(comment.createdAt))}</time>
        {comment.updatedAt > comment.createdAt && !comment.deleted ? <span className="comment-edited"> · edited</span> : null}
      </p>
      {comment.deleted ? (
        <p className="comment-deleted">This comment was deleted.</p>
      ) : mode === "edit" ? (
        <CommentForm
          annotationId={annotation.id}
          quote={annotation.exact}
          label="Edit your comment"
          submitLabel="Save"
          initialValue={comment.body}
          members={members}
          autoFocusId={commentBoxId.edit(comment.id)}
          onTyping={actions.setTyping}
          onCancel={() => setMode("read")}
          onSubmit={(body) => {
            const ok = actions.editComment(comment, body);
            if (ok) setMode("read");
            return ok;
          }}
        />
      ) : (
        <CommentBody body={comment.body} members={members} currentUserId={me?.id} />
      )}
      {!comment.deleted && mode === "read" && me ? (
        <div className="comment-actions">
          {permissions.comment ? (
            <button type="button" className="link-button" onClick={() => setMode("reply")} aria-label={`Reply to ${comment.authorName}`}>
              Reply
            </button>
          ) : null}
          {own ? (
            <button type="button" className="link-button" onClick={() => setMode("edit")} aria-label="Edit your comment">
              Edit
            </button>
          ) : null}
          {own || permissions.moderate ? (
            <button type="button" className="link-button" onClick={() => actions.deleteComment(comment)} aria-label={own ? "Delete your comment" : `Delete ${comment.authorName}'s comment`}>
              Delete
            </button>
          ) : null}
        </div>
      ) : null}
      {mode === "reply" ? (
        <CommentForm
          annotationId={annotation.id}
          quote={annotation.exact}
          label={`Reply to ${comment.authorName}`}
          submitLabel="Reply"
          members={members}
          autoFocusId={commentBoxId.reply(comment.id)}
          onTyping={actions.setTyping}
          onCancel={() => setMode("read")}
          onSubmit={(body) => {
            const ok = actions.addComment(annotation.id, comment.id, body);
            if (ok) setMode("read");
            return ok;
          }}
        />
      ) : null}
      <CommentTree {...props} parentId={comment.id} />
    </li>
  );
}

function LabelEditor({ annotation, vocabulary, actions }: { annotation: AnnotationRecord; vocabulary: Vocabulary; actions: SurfaceActions }) {
  const id = `label-${annotation.id}`;
  const known = vocabulary[annotation.tag].some((label) => label.id === annotation.technique);
  return (
    <div className="label-editor">
      <div>
        <label htmlFor={`${id}-tag`}>Tag</label>
        <select
          id={`${id}-tag`}
          value={annotation.tag}
          onChange={(event) => actions.setLabel(annotation, event.target.value as Tag, null)}
        >
          {TAGS.map((tag) => (
            <option key={tag} value={tag}>
              {TAG_INFO[tag].name}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor={`${id}-technique`}>Sub-label</label>
        <select
          id={`${id}-technique`}
          value={annotation.technique ?? ""}
          onChange={(event) => actions.setLabel(annotation, annotation.tag, event.target.value || null)}
        >
          <option value="">None</option>
          {vocabulary[annotation.tag].map((label) => (
            <option key={label.id} value={label.id} title={label.definition}>
              {label.name}
            </option>
          ))}
          {annotation.technique && !known ? <option value={annotation.technique}>{labelName(vocabulary, annotation.tag, annotation.technique)}</option> : null}
        </select>
      </div>
    </div>
  );
}

function DeleteHighlight({ annotation, commentCount, thread, actions }: { annotation: AnnotationRecord; commentCount: number; thread: readonly CommentRecord[]; actions: SurfaceActions }) {
  const [confirming, setConfirming] = useState(false);
  if (!confirming) {
    return (
      <button type="button" className="link-button link-button--danger" onClick={() => setConfirming(true)}>
        Delete highlight
      </button>
    );
  }
  return (
    <span className="confirm-inline" role="group" aria-label="Confirm deletion">
      {commentCount ? `Delete it and its ${commentCount === 1 ? "comment" : `${commentCount} comments`}?` : "Delete this highlight?"}{" "}
      <button type="button" className="link-button link-button--danger" autoFocus onClick={() => actions.deleteHighlight(annotation, thread)}>
        Delete
      </button>{" "}
      <button type="button" className="link-button" onClick={() => setConfirming(false)}>
        Keep
      </button>
    </span>
  );
}
