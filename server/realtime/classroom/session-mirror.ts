import * as Y from "yjs";
import { presenceColor } from "@/lib/annotate/presence-colors.ts";
import { sessionRoomName, type SessionRoom } from "@/lib/classroom/session-rooms.ts";
import type { SqlSession } from "@/lib/db/sql.ts";
import type { Logger } from "@/lib/logger.ts";
import type { AnnotationRecord, CommentRecord } from "@/lib/realtime/doc-schema.ts";
import { parseAnnotationEntry, parseCommentEntry } from "@/lib/realtime/parse-entry.ts";
import { readAnnotations, readComments } from "@/lib/realtime/read-doc.ts";
import { deleteAnnotation, writeAnnotation, writeComment } from "@/lib/realtime/write-doc.ts";
import { collectTouched } from "../projection.ts";
import { LOADED, REMOTE, type Room, type RoomManager } from "../room-manager.ts";
import type { UpdateStore } from "../update-store.ts";
import { readSession, type SessionFacts } from "./read-session.ts";
import { PRESENCE_RENEW_MS, serverClientId, setServerPresence } from "./server-presence.ts";
import { copyAnnotation, copyComment, viewEntryId as copyId } from "@/lib/classroom/session-view.ts";
import { allowedAuthors, copyAuthor, viewSlots, type Source, type ViewSlot } from "./view-copies.ts";

/**
 * Keeps a classroom session's views (`class`, `peers-<group>`) in step with its sources (each
 * student's room and the key room), and sets the presence the views carry.
 *
 * - Copies follow local updates entry by entry: the entries an update touched are collected as
 *   it is applied (the projection's `collectTouched`), and once it is stored they are copied,
 *   all changes of a session within `coalesceMs` in one server transaction per view. Updates
 *   relayed from other processes are copied by the process that accepted them.
 * - A view that opens, a reveal and a removal refill views from all the sources (read from
 *   memory where open, else from storage), so what a view shows follows the session's state.
 * - View rooms are held open while any source of their session is open in this process.
 * - Presence: in `class`, one state per student connected to their own room here; in every
 *   `peers-<group>`, the teacher's state (follow-me spotlight, session state).
 */
export type SessionMirror = {
  roomOpened(room: Room): void;
  /** Copies what is pending from a source about to leave memory. */
  beforeUnload(room: Room): Promise<void>;
  roomClosed(room: Room): void;
  /** A local update of `room` was queued for storage. */
  localUpdate(room: Room, durable: Promise<void>): void;
  /** A student connected to their own room; the returned function says they left. */
  participantConnected(session: SessionRoom, participantId: string): () => void;
  /** The session's state or participants changed (a classSession access event): read it again and apply. */
  sessionChanged(sessionId: string): Promise<void>;
  /** Resolves once every copy scheduled so far is written (tests, benchmarks). */
  settled(): Promise<void>;
  /** Stops mirroring a session (its data is being deleted) and lets go of its views. */
  drop(sessionId: string): void;
  close(): void;
};

type Pending = { room: Room; annotations: Set<string>; comments: Set<string> };

type Mirrored = {
  id: string;
  documentId: string;
  facts: SessionFacts | null;
  factsLoading: Promise<SessionFacts | null> | null;
  /** Source rooms (students' and the key) open in this process. */
  sources: Map<string, Room>;
  /** View rooms this mirror holds open, and the holding under way. */
  held: Room[];
  holding: Promise<void> | null;
  pending: Map<string, Pending>;
  timer: NodeJS.Timeout | null;
  flushing: Promise<void>;
  /** Students connected to their own room in this process, with their number of connections. */
  online: Map<string, number>;
  spotlight: { start: number; end: number } | null;
  dropped: boolean;
};

const TEACHER_USER = { id: "teacher", name: "Teacher", color: presenceColor("teacher") };

function isSource(room: Room): boolean {
  const kind = room.session?.slot.kind;
  return kind === "participant" || kind === "key";
}

function sourceOf(room: Room): Source | null {
  const slot = room.session?.slot;
  if (slot?.kind === "participant") return { kind: "participant", participantId: slot.participantId };
  if (slot?.kind === "key") return { kind: "key" };
  return null;
}

function viewOf(room: Room): ViewSlot | null {
  const slot = room.session?.slot;
  return slot?.kind === "class" || slot?.kind === "peers" ? slot : null;
}

export function createSessionMirror(options: {
  rooms: RoomManager;
  store: UpdateStore;
  sql: SqlSession;
  logger: Logger;
  /** Whether other processes serve the same rooms (then a view is never pruned from a stale stored read). */
  shared: boolean;
  coalesceMs?: number;
}): SessionMirror {
  const { rooms, store, sql, logger } = options;
  const coalesceMs = options.coalesceMs ?? 50;
  const sessions = new Map<string, Mirrored>();

  function entryFor(session: SessionRoom): Mirrored {
    let entry = sessions.get(session.sessionId);
    if (!entry) {
      entry = {
        id: session.sessionId,
        documentId: session.documentId,
        facts: null,
        factsLoading: null,
        sources: new Map(),
        held: [],
        holding: null,
        pending: new Map(),
        timer: null,
        flushing: Promise.resolve(),
        online: new Map(),
        spotlight: null,
        dropped: false,
      };
      sessions.set(session.sessionId, entry);
    }
    return entry;
  }

  function loadFacts(entry: Mirrored, fresh = false): Promise<SessionFacts | null> {
    if (entry.facts && !fresh) return Promise.resolve(entry.facts);
    if (entry.factsLoading && !fresh) return entry.factsLoading;
    const loading = readSession(sql, entry.id).then((facts) => {
      if (entry.factsLoading === loading) entry.factsLoading = null;
      entry.facts = facts;
      return facts;
    });
    entry.factsLoading = loading;
    return loading;
  }

  const viewName = (entry: Mirrored, slot: ViewSlot) => sessionRoomName(entry.documentId, entry.id, slot);
  const openViews = (entry: Mirrored) =>
    entry.facts ? viewSlots(entry.facts.groupCount).flatMap((slot) => {
      const room = rooms.find(viewName(entry, slot));
      return room ? [{ slot, room }] : [];
    }) : [];

  /** Holds the session's views open while a source is open here (no load and unload churn per student). */
  function holdViews(entry: Mirrored) {
    if (entry.holding) return;
    entry.holding = (async () => {
      const facts = await loadFacts(entry);
      if (!facts) return;
      for (const slot of viewSlots(facts.groupCount)) {
        if (entry.dropped || entry.sources.size === 0) return;
        entry.held.push(await rooms.acquire(viewName(entry, slot)));
      }
    })().catch((error: unknown) => logger.error({ err: error, session: entry.id }, "could not open a classroom session's views"));
  }

  async function releaseViews(entry: Mirrored) {
    await entry.holding;
    // A source opened again meanwhile: the views stay held for it.
    if (entry.sources.size > 0 && !entry.dropped) return;
    entry.holding = null;
    for (const room of entry.held.splice(0)) rooms.release(room);
  }

  // --- copying -------------------------------------------------------------------------------

  function schedule(entry: Mirrored) {
    if (entry.timer || entry.dropped) return;
    entry.timer = setTimeout(() => {
      entry.timer = null;
      entry.flushing = entry.flushing.then(() => flush(entry));
    }, coalesceMs);
  }

  /** Copies the pending entries into every open view: one transaction per view. */
  async function flush(entry: Mirrored) {
    if (entry.pending.size === 0) return;
    const facts = await loadFacts(entry).catch((error: unknown) => {
      logger.warn({ err: error, session: entry.id }, "could not read the classroom session; copying later");
      return null;
    });
    if (!facts) return;
    const batch = [...entry.pending.values()];
    entry.pending.clear();
    // A student who joined after the facts were read: read them again (once per flush).
    if (batch.some(({ room }) => room.session?.slot.kind === "participant" && !facts.participants.has(room.session.slot.participantId))) {
      await loadFacts(entry, true);
    }
    const current = entry.facts;
    if (!current) return;
    for (const { slot, room: view } of openViews(entry)) {
      try {
        view.doc.transact(() => {
          for (const pending of batch) copyPending(current, slot, view.doc, pending);
        }, "server");
      } catch (error) {
        logger.error({ err: error, room: view.name }, "could not copy entries into a classroom view");
      }
    }
  }

  function copyPending(facts: SessionFacts, slot: ViewSlot, view: Y.Doc, { room, annotations, comments }: Pending) {
    const source = sourceOf(room);
    const author = source && copyAuthor(facts, slot, source);
    if (!author) return;
    const sourceAnnotations = room.doc.getMap<unknown>("annotations");
    const sourceComments = room.doc.getMap<unknown>("comments");
    const viewAnnotations = view.getMap<unknown>("annotations");
    const viewComments = view.getMap<unknown>("comments");
    for (const id of annotations) {
      const parsed = sourceAnnotations.has(id) ? parseAnnotationEntry(id, sourceAnnotations.get(id)) : null;
      if (parsed?.ok) writeAnnotation(view, copyAnnotation(room.name, parsed.record, author));
      else if (viewAnnotations.has(copyId(room.name, id))) deleteAnnotation(view, copyId(room.name, id));
    }
    for (const id of comments) {
      const parsed = sourceComments.has(id) ? parseCommentEntry(id, sourceComments.get(id)) : null;
      const copy = parsed?.ok ? copyComment(room.name, parsed.record, author) : null;
      if (copy && viewAnnotations.has(copy.annotationId)) writeComment(view, copy);
      else if (viewComments.has(copyId(room.name, id))) viewComments.delete(copyId(room.name, id));
    }
  }

  /** A source's entries as they are now: from memory when open here, else as stored. */
  async function readSource(name: string): Promise<{ annotations: AnnotationRecord[]; comments: CommentRecord[]; complete: boolean }> {
    const open = rooms.find(name);
    if (open) return { annotations: readAnnotations(open.doc), comments: readComments(open.doc), complete: true };
    const stored = await store.read(name);
    // A room never written (a student who has not tagged yet) is stored as nothing at all.
    if (stored.length === 0) return { annotations: [], comments: [], complete: !options.shared };
    const doc = new Y.Doc();
    try {
      Y.applyUpdate(doc, stored);
      return { annotations: readAnnotations(doc), comments: readComments(doc), complete: !options.shared };
    } finally {
      doc.destroy();
    }
  }

  /**
   * Refills one view from every source it may show now and takes out copies by anyone it may
   * no longer show (a removed student). A copy newer than its source read (written meanwhile by
   * another process) is kept; copies whose source entry is gone are pruned only when the source
   * was read from memory or this process is alone, so a stale stored read cannot undo a copy.
   */
  async function refill(entry: Mirrored, slot: ViewSlot) {
    const facts = entry.facts;
    if (!facts || entry.dropped) return;
    const sources: { name: string; source: Source }[] = [{ name: sessionRoomName(entry.documentId, entry.id, { kind: "key" }), source: { kind: "key" } }];
    for (const participant of facts.participants.values()) {
      sources.push({ name: sessionRoomName(entry.documentId, entry.id, { kind: "participant", participantId: participant.id }), source: { kind: "participant", participantId: participant.id } });
    }
    const visible = sources.flatMap(({ name, source }) => {
      const author = copyAuthor(facts, slot, source);
      return author ? [{ name, author }] : [];
    });
    const read = await Promise.all(visible.map(async ({ name, author }) => ({ name, author, ...(await readSource(name)) })));
    const view = rooms.find(viewName(entry, slot));
    if (!view) return;
    const allowed = allowedAuthors(facts, slot);
    const annotations = view.doc.getMap<unknown>("annotations");
    const comments = view.doc.getMap<unknown>("comments");
    view.doc.transact(() => {
      for (const [id, value] of [...annotations.entries()]) {
        const parsed = parseAnnotationEntry(id, value);
        if (!parsed.ok || !allowed.has(parsed.record.authorId)) deleteAnnotation(view.doc, id);
      }
      for (const source of read) {
        const wanted = new Set<string>();
        for (const record of source.annotations) {
          const copy = copyAnnotation(source.name, record, source.author);
          wanted.add(copy.id);
          const existing = annotations.has(copy.id) ? parseAnnotationEntry(copy.id, annotations.get(copy.id)) : null;
          if (existing?.ok && existing.record.updatedAt > copy.updatedAt) continue;
          writeAnnotation(view.doc, copy);
        }
        for (const record of source.comments) {
          const copy = copyComment(source.name, record, source.author);
          wanted.add(copy.id);
          const existing = comments.has(copy.id) ? parseCommentEntry(copy.id, comments.get(copy.id)) : null;
          if (existing?.ok && existing.record.updatedAt > copy.updatedAt) continue;
          if (annotations.has(copy.annotationId)) writeComment(view.doc, copy);
        }
        if (!source.complete) continue;
        for (const [id, value] of [...annotations.entries()]) {
          const parsed = parseAnnotationEntry(id, value);
          // Every copy under this author comes from this one source room.
          if (parsed.ok && parsed.record.authorId === source.author.authorId && !wanted.has(id)) deleteAnnotation(view.doc, id);
        }
      }
    }, "server");
  }

  async function refillAll(entry: Mirrored, only?: (slot: ViewSlot) => boolean) {
    for (const { slot } of openViews(entry)) {
      if (only && !only(slot)) continue;
      await refill(entry, slot).catch((error: unknown) => logger.error({ err: error, session: entry.id }, "could not refill a classroom view"));
    }
  }

  // --- presence ------------------------------------------------------------------------------

  function participantPresence(entry: Mirrored, participantId: string): Record<string, unknown> | null {
    const participant = entry.facts?.participants.get(participantId);
    if (!participant || participant.removed || !entry.online.has(participantId)) return null;
    const name = participant.name ?? `Reader ${participant.number}`;
    return { user: { id: participant.id, name, color: presenceColor(participant.id) }, participant: { number: participant.number, group: participant.group, online: true } };
  }

  function setParticipantPresence(entry: Mirrored, participantId: string) {
    const view = rooms.find(viewName(entry, { kind: "class" }));
    if (view) setServerPresence(view.awareness, serverClientId(`participant:${participantId}`), participantPresence(entry, participantId));
  }

  function teacherPresence(entry: Mirrored, view: Room): Record<string, unknown> | null {
    const facts = entry.facts;
    if (!facts) return null;
    // Where the key room is not open, another process follows the teacher: keep its spotlight.
    const keyOpenHere = entry.sources.has(sessionRoomName(entry.documentId, entry.id, { kind: "key" }));
    const current = view.awareness.getStates().get(serverClientId(`teacher:${entry.id}`)) as { spotlight?: unknown } | undefined;
    const spotlight = keyOpenHere ? entry.spotlight : ((current?.spotlight as { start: number; end: number } | null | undefined) ?? null);
    const { locked, revealed, ended } = facts.state;
    return { user: TEACHER_USER, spotlight, session: { locked, revealed, ended } };
  }

  function setTeacherPresence(entry: Mirrored) {
    for (const { slot, room } of openViews(entry)) {
      if (slot.kind === "peers") setServerPresence(room.awareness, serverClientId(`teacher:${entry.id}`), teacherPresence(entry, room));
    }
  }

  function renewPresence(entry: Mirrored) {
    setTeacherPresence(entry);
    for (const participantId of entry.online.keys()) setParticipantPresence(entry, participantId);
  }

  /** The teacher's selection while their key-room presence says followMe. */
  function followKeyRoom(entry: Mirrored, keyRoom: Room) {
    keyRoom.awareness.on("change", () => {
      let spotlight: { start: number; end: number } | null = null;
      for (const state of keyRoom.awareness.getStates().values() as Iterable<{ followMe?: unknown; selection?: { start: number; end: number } | null }>) {
        if (state.followMe === true && state.selection) spotlight = { start: state.selection.start, end: state.selection.end };
      }
      if (spotlight?.start === entry.spotlight?.start && spotlight?.end === entry.spotlight?.end) return;
      entry.spotlight = spotlight;
      setTeacherPresence(entry);
    });
  }

  const renewer = setInterval(() => {
    for (const entry of sessions.values()) renewPresence(entry);
  }, PRESENCE_RENEW_MS);
  renewer.unref();

  function forgetIfIdle(entry: Mirrored) {
    if (entry.sources.size > 0 || entry.online.size > 0 || entry.pending.size > 0) return;
    if (entry.facts && openViews(entry).length > 0) return;
    if (entry.timer) clearTimeout(entry.timer);
    sessions.delete(entry.id);
  }

  return {
    roomOpened(room) {
      if (!room.session) return;
      const entry = entryFor(room.session);
      if (isSource(room)) {
        entry.sources.set(room.name, room);
        const pendingOf = (kind: "annotations" | "comments") => () => {
          let pending = entry.pending.get(room.name);
          if (!pending) {
            pending = { room, annotations: new Set(), comments: new Set() };
            entry.pending.set(room.name, pending);
          }
          return pending[kind];
        };
        // What other processes relay they copy themselves; what was loaded is in the views already.
        const local = (origin: unknown) => origin !== REMOTE && origin !== LOADED;
        collectTouched(room.doc.getMap<unknown>("annotations"), pendingOf("annotations"), local);
        collectTouched(room.doc.getMap<unknown>("comments"), pendingOf("comments"), local);
        if (room.session.slot.kind === "key") followKeyRoom(entry, room);
        holdViews(entry);
        return;
      }
      const slot = viewOf(room);
      if (!slot) return;
      void loadFacts(entry)
        .then(async () => {
          await refill(entry, slot);
          if (slot.kind === "peers") setServerPresence(room.awareness, serverClientId(`teacher:${entry.id}`), teacherPresence(entry, room));
          else for (const participantId of entry.online.keys()) setParticipantPresence(entry, participantId);
        })
        .catch((error: unknown) => logger.error({ err: error, room: room.name }, "could not fill a classroom view"));
    },
    async beforeUnload(room) {
      const entry = room.session && sessions.get(room.session.sessionId);
      if (!entry || !entry.pending.has(room.name)) return;
      if (entry.timer) {
        clearTimeout(entry.timer);
        entry.timer = null;
      }
      entry.flushing = entry.flushing.then(() => flush(entry));
      await entry.flushing;
    },
    roomClosed(room) {
      const entry = room.session && sessions.get(room.session.sessionId);
      if (!entry) return;
      if (entry.sources.delete(room.name) && entry.sources.size === 0) {
        void releaseViews(entry).then(() => forgetIfIdle(entry));
        return;
      }
      forgetIfIdle(entry);
    },
    localUpdate(room, durable) {
      if (!room.session || !isSource(room)) return;
      const entry = sessions.get(room.session.sessionId);
      if (!entry) return;
      // A view shows only what is stored: copied once the update's write has landed.
      durable.then(() => schedule(entry), () => {});
    },
    participantConnected(session, participantId) {
      const entry = entryFor(session);
      entry.online.set(participantId, (entry.online.get(participantId) ?? 0) + 1);
      if (entry.online.get(participantId) === 1) {
        void loadFacts(entry, !entry.facts?.participants.has(participantId)).then(
          () => setParticipantPresence(entry, participantId),
          (error: unknown) => logger.warn({ err: error, session: entry.id }, "could not read the classroom session"),
        );
      }
      return () => {
        const left = (entry.online.get(participantId) ?? 1) - 1;
        if (left > 0) {
          entry.online.set(participantId, left);
          return;
        }
        entry.online.delete(participantId);
        const view = rooms.find(viewName(entry, { kind: "class" }));
        if (view) setServerPresence(view.awareness, serverClientId(`participant:${participantId}`), null);
        forgetIfIdle(entry);
      };
    },
    async sessionChanged(sessionId) {
      const entry = sessions.get(sessionId);
      if (!entry) return;
      const before = entry.facts;
      const facts = await loadFacts(entry, true);
      if (!facts) return;
      setTeacherPresence(entry);
      for (const participantId of entry.online.keys()) setParticipantPresence(entry, participantId);
      const removed = before ? [...facts.participants.values()].some((p) => p.removed && !before.participants.get(p.id)?.removed) : true;
      const revealed = before ? facts.state.revealed !== before.state.revealed : true;
      if (removed || facts.purged) await refillAll(entry);
      else if (revealed) await refillAll(entry, (slot) => slot.kind === "peers");
    },
    async settled() {
      for (const entry of sessions.values()) {
        if (entry.timer) {
          clearTimeout(entry.timer);
          entry.timer = null;
          entry.flushing = entry.flushing.then(() => flush(entry));
        }
        await entry.flushing;
      }
    },
    drop(sessionId) {
      const entry = sessions.get(sessionId);
      if (!entry) return;
      entry.dropped = true;
      if (entry.timer) clearTimeout(entry.timer);
      entry.pending.clear();
      sessions.delete(sessionId);
      void releaseViews(entry);
    },
    close() {
      clearInterval(renewer);
      for (const entry of sessions.values()) if (entry.timer) clearTimeout(entry.timer);
      sessions.clear();
    },
  };
}
