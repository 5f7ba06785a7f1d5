"use client";

import Link from "next/link";
import { useMemo, type ReactNode } from "react";
import { AnnotationSurface } from "@/components/annotate/annotation-surface.tsx";
import type { SurfacePermissions } from "@/components/annotate/surface-types.ts";
import type { RoomTarget } from "@/components/annotate/use-annotation-room.ts";
import { sessionStateUrl } from "@/lib/classroom/session-state-url.ts";
import type { Block } from "@/lib/documents/schema.ts";
import type { Vocabulary } from "@/lib/vocabulary/default-vocabulary.ts";
import styles from "./dashboard.module.css";

type Props = {
  sessionId: string;
  documentId: string;
  language: string;
  blocks: Block[];
  text: string;
  header: ReactNode;
  vocabulary: Vocabulary;
  me: { id: string; name: string };
  keyRoom: string;
  ended: boolean;
  revealed: boolean;
};

const NO_MEMBERS: never[] = [];

/**
 * The answer key editor: the annotation surface on the session's key room, where the teacher's
 * highlights (tag, sub-label and a comment explaining each) are the key the class is scored
 * against. Read only once the session has ended.
 */
export function KeyEditor({ sessionId, documentId, language, blocks, text, header, vocabulary, me, keyRoom, ended, revealed }: Props) {
  const room: RoomTarget = useMemo(
    () => ({
      name: keyRoom,
      stateUrl: sessionStateUrl(sessionId, "key"),
      closeMessages: { forbidden: "You no longer run this session (your role in the workspace changed). Reload the page." },
    }),
    [keyRoom, sessionId],
  );
  const permissions: SurfacePermissions = useMemo(() => ({ highlight: !ended, comment: !ended, moderate: !ended }), [ended]);
  return (
    <AnnotationSurface
      documentId={documentId}
      language={language}
      blocks={blocks}
      text={text}
      header={header}
      me={me}
      members={NO_MEMBERS}
      permissions={permissions}
      vocabulary={vocabulary}
      readOnlyNote={ended ? "Session ended: the key is read only" : null}
      room={room}
      banner={
        <p className={styles.keyNote} role="note">
          <strong>These highlights are the answer key:</strong>{" "}
          {revealed ? "the session is revealed, so students see them now." : "students see them only after you reveal."} Tag each passage with its sub-label and
          add a comment that explains it. <Link href={`/sessions/${sessionId}`}>Back to the dashboard</Link>
        </p>
      }
    />
  );
}
