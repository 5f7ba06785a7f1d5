import Link from "next/link";
import { shorten } from "@/lib/annotate/shorten.ts";
import { getPrisma } from "@/lib/app-context.ts";
import { commentPlainText } from "@/lib/comments/comment-plain-text.ts";
import { listMentions, MENTIONS_LIMIT } from "@/lib/comments/list-mentions.ts";
import { formatDateTime } from "@/lib/format-date.ts";
import { loadWorkspace } from "../load-workspace.ts";

export const metadata = { title: "Mentions" };

/** Where the reader was @mentioned in this workspace's threads, newest first, each a link to its thread. */
export default async function WorkspaceMentionsPage({ params }: { params: Promise<{ id: string }> }) {
  const { user, workspace } = await loadWorkspace((await params).id);
  const mentions = await listMentions(getPrisma(), user, { workspaceId: workspace.id });
  return (
    <section aria-labelledby="mentions-title">
      <h2 id="mentions-title">Mentions of you</h2>
      {mentions.length === 0 ? (
        <p className="empty">Nobody has mentioned you yet. When someone writes @ and your name in a comment, it is listed here with a link to the thread.</p>
      ) : (
        <>
          {mentions.length === MENTIONS_LIMIT ? <p className="field-hint">The newest {MENTIONS_LIMIT} mentions.</p> : null}
          <ol className="mention-list">
            {mentions.map((mention) => (
              <li key={mention.commentId} className="mention-item">
                <p className="mention-meta">
                  <strong>{mention.authorName}</strong> in{" "}
                  <Link href={`/documents/${mention.documentId}#annotation-${mention.annotationId}`}>{mention.documentTitle}</Link>,{" "}
                  <time dateTime={mention.createdAt.toISOString()}>{formatDateTime(mention.createdAt)}</time>
                </p>
                <p className="mention-quote">
                  <span className="visually-hidden">On the highlight: </span>
                  {shorten(mention.quote, 120)}
                </p>
                <p className="mention-body">{shorten(commentPlainText(mention.body), 280)}</p>
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
