import type { Metadata } from "next";
import Link from "next/link";
import { cache } from "react";
import { ArticleHeader } from "@/components/article/article-header.tsx";
import { AnnotationSurface } from "@/components/annotate/annotation-surface.tsx";
import { OrphanedHighlights } from "@/components/annotate/orphaned-highlights.tsx";
import { ImportAnnotationsDialog } from "@/components/import-annotations/import-annotations-dialog.tsx";
import type { SurfacePermissions } from "@/components/annotate/surface-types.ts";
import { ExportMenu } from "@/components/export/export-menu.tsx";
import { StartSessionDialog, type RecentSession } from "@/components/classroom/teacher/start-session-dialog.tsx";
import { annotationStateUrl } from "@/lib/annotate/annotation-state-url.ts";
import { getPrisma } from "@/lib/app-context.ts";
import { getSessionUser } from "@/lib/auth/get-session-actor.ts";
import { listDocumentSessions } from "@/lib/classroom/list-document-sessions.ts";
import { offersExampleKey } from "@/lib/classroom/offers-example-key.ts";
import { canonicalBodyText } from "@/lib/documents/canonical-text.ts";
import { getDocumentForActor } from "@/lib/documents/get-document-for-actor.ts";
import { EXPORT_FORMATS } from "@/lib/export/export-options.ts";
import { orNotFound } from "@/lib/pages/or-not-found.ts";
import { DEFAULT_VOCABULARY } from "@/lib/vocabulary/default-vocabulary.ts";
import { getWorkspaceVocabulary } from "@/lib/vocabulary/get-workspace-vocabulary.ts";
import { listMembers } from "@/lib/workspaces/members/list-members.ts";
import { can, ROLE_LABELS, type Role } from "@/lib/workspaces/policy.ts";
import type { SignedInUser } from "@/lib/auth/get-session-actor.ts";
import type { DocumentView } from "@/lib/documents/schema.ts";

type Props = { params: Promise<{ id: string }> };

/** Memoized per request: metadata and page read the same row once. */
const loadDocument = cache(async (id: string) => {
  const user = await getSessionUser();
  return { user, ...(await orNotFound(getDocumentForActor(getPrisma(), user, id))) };
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { document } = await loadDocument((await params).id);
  return { title: document.title };
}

function permissionsFor(role: Role | null, isLatest: boolean): SurfacePermissions {
  if (!role || !isLatest) return { highlight: false, comment: false, moderate: false };
  return { highlight: can(role, "annotation.create"), comment: can(role, "comment.create"), moderate: can(role, "annotations.moderate") };
}

function readOnlyNote(role: Role | null, isLatest: boolean, signedIn: boolean): string | null {
  if (!isLatest) return "Earlier version: read only";
  if (!role) return signedIn ? "Demo: read only" : "Read only: sign in to annotate";
  if (role === "VIEWER") return "You can read the highlights and comments; viewers don't annotate";
  if (role === "COMMENTER") return "Commenter: you can comment and resolve threads";
  return null;
}

/** The "Start a class session" entry with its recent sessions, for those who may run one on the newest version. */
async function classSessionEntry(user: SignedInUser | null, document: DocumentView, role: Role | null, isLatest: boolean) {
  if (!user || !role || !isLatest || !document.workspaceId || !can(role, "session.run")) return null;
  const prisma = getPrisma();
  const [{ sessions }, exampleKey] = await Promise.all([
    listDocumentSessions(prisma, user, { documentId: document.id, origin: "" }),
    offersExampleKey(prisma, document),
  ]);
  const recent: RecentSession[] = sessions.slice(0, 5).map((session) => ({
    id: session.id,
    code: session.code,
    mode: session.mode,
    createdAt: session.createdAt,
    ended: session.state.ended,
    participants: session.participants,
  }));
  return <StartSessionDialog documentId={document.id} offersExampleKey={exampleKey} recent={recent} />;
}

export default async function DocumentPage({ params }: Props) {
  const { user, document, role, nextVersionId } = await loadDocument((await params).id);
  const prisma = getPrisma();
  const [vocabulary, members] = document.workspaceId && user
    ? await Promise.all([getWorkspaceVocabulary(prisma, document.workspaceId), listMembers(prisma, user, { workspaceId: document.workspaceId })])
    : [DEFAULT_VOCABULARY, []];
  const isLatest = nextVersionId === null;
  const sessionEntry = await classSessionEntry(user, document, role, isLatest);
  const exportMenu = (
    <ExportMenu
      documentId={document.id}
      formats={EXPORT_FORMATS}
      vocabulary={vocabulary}
      people={members.map((member) => ({ id: member.userId, name: member.name }))}
    />
  );
  return (
    <>
      {/*
        The browser fetches the highlights while it loads the page's scripts, and the surface
        takes that response. A link in the markup, not react-dom's preload(): that one becomes a
        hint in the RSC stream, acted on only once the scripts run.
      */}
      <link rel="preload" href={annotationStateUrl(document.id)} as="fetch" crossOrigin="anonymous" />
      {document.workspaceId ? (
        <div className="reader-bar">
          <Link href={`/workspaces/${document.workspaceId}`}>Back to the workspace</Link>
          {role ? (
            <span className="role-badge" data-role={role}>
              {ROLE_LABELS[role]}
            </span>
          ) : null}
          {role && can(role, "document.edit") && isLatest ? <Link href={`/documents/${document.id}/edit`}>Edit text</Link> : null}
          {role && can(role, "document.export") ? exportMenu : null}
          {role && can(role, "annotation.import") && isLatest ? <ImportAnnotationsDialog documentId={document.id} /> : null}
          {sessionEntry}
        </div>
      ) : (
        <div className="reader-bar">{exportMenu}</div>
      )}
      {nextVersionId ? (
        <p className="version-note" role="note">
          This is an earlier version of the article. <Link href={`/documents/${nextVersionId}`}>Read the newest version</Link>.
        </p>
      ) : document.previousVersionId ? (
        <p className="version-note" role="note">
          The text was edited. <Link href={`/documents/${document.previousVersionId}`}>See the previous version</Link>.
        </p>
      ) : null}
      <AnnotationSurface
        documentId={document.id}
        language={document.language}
        blocks={document.blocks}
        text={canonicalBodyText(document.blocks)}
        header={<ArticleHeader document={document} />}
        me={user ? { id: user.userId, name: user.name } : null}
        members={members.map((member) => ({ id: member.userId, name: member.name }))}
        permissions={permissionsFor(role, isLatest)}
        vocabulary={vocabulary}
        readOnlyNote={readOnlyNote(role, isLatest, user !== null)}
      />
      <OrphanedHighlights document={document} />
    </>
  );
}
