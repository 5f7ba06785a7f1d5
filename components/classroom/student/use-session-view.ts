"use client";

import { useEffect, useMemo, useState, useSyncExternalStore } from "react";
import { useAnnotationRoom, type ConnectionState, type RoomTarget } from "@/components/annotate/use-annotation-room.ts";
import type { RoomSnapshot } from "@/lib/annotate/room-store.ts";
import type { AnnotationRecord } from "@/lib/realtime/doc-schema.ts";
import { readTeacherState, type TeacherState } from "./teacher-state.ts";

const EMPTY_SNAPSHOT: RoomSnapshot = { annotations: [], comments: [], threads: new Map() };
const noSubscription = () => () => {};
const ignoreRefusal = () => {};

/**
 * The student's read-only second connection: their group's `peers-<group>` view, which the
 * server fills with classmates' highlights (at once in open mode, from the reveal in blind mode)
 * and the answer key (from the reveal), and whose awareness carries the teacher's entry: the
 * session's state and the "follow me" spotlight. Nothing is kept offline and nothing is shared:
 * the student sets no presence here.
 */
export function useSessionView(view: RoomTarget, ownAuthorIds: ReadonlySet<string>) {
  const { session, connection } = useAnnotationRoom({ room: view, cacheKey: null, onRefused: ignoreRefusal });
  const snapshot = useSyncExternalStore(session?.store.subscribe ?? noSubscription, session?.store.getSnapshot ?? (() => EMPTY_SNAPSHOT), () => EMPTY_SNAPSHOT);
  const [teacher, setTeacher] = useState<TeacherState | null>(null);

  const provider = session?.provider ?? null;
  useEffect(() => {
    if (!provider) return;
    const awareness = provider.awareness;
    const refresh = () => setTeacher(readTeacherState(awareness.getStates().values()));
    refresh();
    awareness.on("change", refresh);
    return () => awareness.off("change", refresh);
  }, [provider]);

  // A student's own entries may be copied into the view too; they already show from their own room.
  const others = useMemo(() => snapshot.annotations.filter((annotation: AnnotationRecord) => !ownAuthorIds.has(annotation.authorId)), [snapshot.annotations, ownAuthorIds]);

  return { annotations: others, all: snapshot.annotations, threads: snapshot.threads, teacher, connection: connection satisfies ConnectionState, ready: session?.ready ?? false };
}
