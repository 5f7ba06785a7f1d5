import type { Metadata } from "next";
import { ArticleHeader } from "@/components/article/article-header.tsx";
import { KeyEditor } from "@/components/classroom/teacher/key-editor.tsx";
import { sessionStateUrl } from "@/lib/classroom/session-state-url.ts";
import { canonicalBodyText } from "@/lib/documents/canonical-text.ts";
import { loadTeacherPage } from "../load-teacher-page.ts";

type Props = { params: Promise<{ id: string }> };

export const metadata: Metadata = { title: "Answer key" };

/** The answer key of a class session: the teacher's own highlights in the session's key room. */
export default async function KeyEditorPage({ params }: Props) {
  const id = (await params).id;
  const { user, session, document, vocabulary, rooms } = await loadTeacherPage(id, `/sessions/${id}/key`);
  return (
    <>
      <link rel="preload" href={sessionStateUrl(session.id, "key")} as="fetch" crossOrigin="anonymous" />
      <KeyEditor
        sessionId={session.id}
        documentId={document.id}
        language={document.language}
        blocks={document.blocks}
        text={canonicalBodyText(document.blocks)}
        header={<ArticleHeader document={document} />}
        vocabulary={vocabulary}
        me={{ id: user.userId, name: user.name }}
        keyRoom={rooms.key}
        ended={session.ended}
        revealed={session.revealed}
      />
    </>
  );
}
