import type { Metadata } from "next";
import Link from "next/link";
import { cache } from "react";
import { ArticleView } from "@/components/article/article-view.tsx";
import { getPrisma } from "@/lib/app-context.ts";
import { getSessionUser } from "@/lib/auth/get-session-actor.ts";
import { getDocumentForActor } from "@/lib/documents/get-document-for-actor.ts";
import { orNotFound } from "@/lib/pages/or-not-found.ts";
import { can, ROLE_LABELS } from "@/lib/workspaces/policy.ts";

type Props = { params: Promise<{ id: string }> };

/** Memoized per request: metadata and page read the same row once. */
const loadDocument = cache(async (id: string) => {
  const user = await getSessionUser();
  return orNotFound(getDocumentForActor(getPrisma(), user, id));
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { document } = await loadDocument((await params).id);
  return { title: document.title };
}

export default async function DocumentPage({ params }: Props) {
  const { document, role, nextVersionId } = await loadDocument((await params).id);
  return (
    <>
      {document.workspaceId ? (
        <div className="reader-bar">
          <Link href={`/workspaces/${document.workspaceId}`}>Back to the workspace</Link>
          {role ? (
            <span className="role-badge" data-role={role}>
              {ROLE_LABELS[role]}
            </span>
          ) : null}
          {role && can(role, "document.edit") && !nextVersionId ? <Link href={`/documents/${document.id}/edit`}>Edit text</Link> : null}
        </div>
      ) : null}
      {nextVersionId ? (
        <p className="version-note" role="note">
          This is an earlier version of the article. <Link href={`/documents/${nextVersionId}`}>Read the newest version</Link>.
        </p>
      ) : document.previousVersionId ? (
        <p className="version-note" role="note">
          The text was edited. <Link href={`/documents/${document.previousVersionId}`}>See the previous version</Link>.
        </p>
      ) : null}
      <ArticleView document={document} />
    </>
  );
}
