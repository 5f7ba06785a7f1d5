import type { Metadata } from "next";
import { cookies } from "next/headers";
import { notFound } from "next/navigation";
import { ArticleHeader } from "@/components/article/article-header.tsx";
import { SessionNotice } from "@/components/classroom/student/session-notice.tsx";
import { StudentSession } from "@/components/classroom/student/student-session.tsx";
import { getAppContext, getPrisma } from "@/lib/app-context.ts";
import { PARTICIPANT_COOKIE } from "@/lib/classroom/participant-token.ts";
import { sessionStateUrl } from "@/lib/classroom/session-state-url.ts";
import { readParticipation } from "@/lib/classroom/read-participation.ts";
import { canonicalBodyText } from "@/lib/documents/canonical-text.ts";
import { getDocument } from "@/lib/documents/get-document.ts";
import { getWorkspaceVocabulary } from "@/lib/vocabulary/get-workspace-vocabulary.ts";
import "@/components/classroom/student/student.css";

export const metadata: Metadata = { title: "Classroom session" };

type Props = { params: Promise<{ id: string }> };

/**
 * A student's page in a session (issue 13): who the participant cookie says they are, read
 * afresh, then the article with their own room and their group's view. No account involved.
 */
export default async function ParticipatePage({ params }: Props) {
  const { id } = await params;
  const token = (await cookies()).get(PARTICIPANT_COOKIE)?.value ?? null;
  const prisma = getPrisma();
  const result = await readParticipation(prisma, token, getAppContext().authSecret, id);
  if (result.kind === "not-joined") {
    return (
      <SessionNotice title="Join the session first">
        This browser has not joined this session (or its place has expired). Ask your teacher for the code and join with your name.
      </SessionNotice>
    );
  }
  if (result.kind === "removed") {
    return <SessionNotice title="You are no longer in this session">Your teacher removed you from this session. If that was a mistake, ask them and join again with the code.</SessionNotice>;
  }
  if (result.kind === "erased") {
    return <SessionNotice title="This session has ended">The session is over and its highlights were deleted, as your teacher chose.</SessionNotice>;
  }
  const { session, participant, rooms } = result.participation;
  const document = await getDocument(prisma, { id: session.documentId });
  if (!document) notFound();
  const vocabulary = await getWorkspaceVocabulary(prisma, session.workspaceId);
  const ownSlot = participant.id;
  const peersSlot = `peers-${participant.group}`;
  return (
    <>
      <link rel="preload" href={sessionStateUrl(session.id, ownSlot)} as="fetch" crossOrigin="anonymous" />
      <StudentSession
        sessionId={session.id}
        documentId={document.id}
        language={document.language}
        blocks={document.blocks}
        text={canonicalBodyText(document.blocks)}
        header={<ArticleHeader document={document} />}
        vocabulary={vocabulary}
        mode={session.mode}
        anonymous={session.anonymous}
        grouped={participant.group > 0}
        initialState={{ locked: session.state.locked, revealed: session.state.revealed, ended: session.state.ended }}
        participant={{ id: participant.id, number: participant.number, name: participant.name }}
        rooms={{ own: rooms.own, peers: rooms.peers, ownSlot, peersSlot }}
      />
    </>
  );
}
