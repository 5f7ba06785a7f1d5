"use client";

import { useCallback, useMemo, useState, type ReactNode } from "react";
import { AnnotationSurface } from "@/components/annotate/annotation-surface.tsx";
import type { OverlayLayer, SurfaceOverlay, SurfacePermissions, SurfaceSpotlight } from "@/components/annotate/surface-types.ts";
import type { RoomTarget } from "@/components/annotate/use-annotation-room.ts";
import { sessionStateUrl } from "@/lib/classroom/session-state-url.ts";
import type { AnnotationRecord } from "@/lib/realtime/doc-schema.ts";
import type { Block } from "@/lib/documents/schema.ts";
import type { Vocabulary } from "@/lib/vocabulary/default-vocabulary.ts";
import { SessionStatusBar } from "./session-status-bar.tsx";
import { StudentHeatmap } from "./student-heatmap.tsx";
import { KEY_AUTHOR_ID, ownAuthorIds, type LiveSessionState } from "./teacher-state.ts";
import { useSessionView } from "./use-session-view.ts";

export type StudentSessionProps = {
  sessionId: string;
  documentId: string;
  language: string;
  blocks: Block[];
  text: string;
  header: ReactNode;
  vocabulary: Vocabulary;
  mode: "BLIND" | "OPEN";
  anonymous: boolean;
  grouped: boolean;
  /** The state when the page was rendered; the view's awareness keeps it current. */
  initialState: LiveSessionState;
  participant: { id: string; number: number; name: string };
  rooms: { own: string; peers: string; ownSlot: string; peersSlot: string };
};

const NO_MEMBERS: never[] = [];

/**
 * A student's page in a classroom session: the article with the annotation surface on their own
 * room (they write there alone; read only when locked or ended), and over it, read only, what
 * the `peers-<group>` view holds: classmates' highlights and, after the reveal, the answer key.
 * Both connections authenticate with the participant cookie (HttpOnly, never handed to scripts).
 */
export function StudentSession(props: StudentSessionProps) {
  const { sessionId, participant, rooms, mode, anonymous, grouped, initialState } = props;
  const closeMessages = useMemo(
    () => ({
      forbidden: "You are no longer in this session: your teacher removed you, or it was closed. Reload the page.",
      unauthorized: "Your place in this session has expired. Join again with the code.",
    }),
    [],
  );
  const ownRoom: RoomTarget = useMemo(
    () => ({ name: rooms.own, stateUrl: sessionStateUrl(sessionId, rooms.ownSlot), closeMessages }),
    [rooms.own, rooms.ownSlot, sessionId, closeMessages],
  );
  const viewRoom: RoomTarget = useMemo(
    () => ({ name: rooms.peers, stateUrl: sessionStateUrl(sessionId, rooms.peersSlot), closeMessages }),
    [rooms.peers, rooms.peersSlot, sessionId, closeMessages],
  );
  const mine = useMemo(() => ownAuthorIds(participant), [participant]);
  const view = useSessionView(viewRoom, mine);
  const state = view.teacher?.session ?? initialState;

  const me = useMemo(() => ({ id: participant.id, name: participant.name }), [participant.id, participant.name]);
  const writable = !state.locked && !state.ended;
  const permissions: SurfacePermissions = useMemo(() => ({ highlight: writable, comment: writable, moderate: false }), [writable]);

  const layerOf = useCallback((annotation: AnnotationRecord): OverlayLayer => (annotation.authorId === KEY_AUTHOR_ID ? "key" : "classmate"), []);
  const hiddenText =
    mode === "BLIND" && !state.revealed
      ? "Your classmates' highlights and the answer key stay hidden until your teacher reveals them."
      : "No highlights from classmates yet.";
  const overlay: SurfaceOverlay = useMemo(
    () => ({ annotations: view.annotations, threads: view.threads, layerOf, title: grouped ? "Your group and the key" : "Classmates and the key", emptyText: hiddenText }),
    [view.annotations, view.threads, layerOf, grouped, hiddenText],
  );

  const [heatmapOpen, setHeatmapOpen] = useState(false);
  const banner = (
    <>
      <SessionStatusBar mode={mode} state={state} name={participant.name} pseudonym={anonymous ? `Reader ${participant.number}` : null} grouped={grouped} />
      {state.revealed ? (
        <div className="student-heatmap-toggle">
          <button type="button" className="button button-secondary button-small" aria-expanded={heatmapOpen} aria-controls="student-heatmap" onClick={() => setHeatmapOpen((open) => !open)}>
            {heatmapOpen ? "Hide the class heatmap" : "Show the class heatmap"}
          </button>
        </div>
      ) : null}
      {state.revealed && heatmapOpen ? (
        <section id="student-heatmap" aria-label="Class heatmap">
          <StudentHeatmap blocks={props.blocks} text={props.text} language={props.language} vocabulary={props.vocabulary} annotations={view.all} />
        </section>
      ) : null}
    </>
  );

  const spotlightRange = view.teacher?.spotlight ?? null;
  const spotlight: SurfaceSpotlight | null = useMemo(
    () => (spotlightRange ? { range: spotlightRange, label: "Your teacher points here" } : null),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- a new object only when the passage moves
    [spotlightRange?.start, spotlightRange?.end],
  );

  return (
    <AnnotationSurface
      documentId={props.documentId}
      language={props.language}
      blocks={props.blocks}
      text={props.text}
      header={props.header}
      me={me}
      members={NO_MEMBERS}
      permissions={permissions}
      vocabulary={props.vocabulary}
      readOnlyNote={writable ? null : state.ended ? "Session ended: read only" : "Locked by your teacher: read only"}
      room={ownRoom}
      overlay={overlay}
      spotlight={spotlight}
      banner={banner}
    />
  );
}
