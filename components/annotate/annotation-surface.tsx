"use client";

import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore, type KeyboardEvent, type ReactNode } from "react";
import * as actionsLib from "@/lib/annotate/annotation-actions.ts";
import { shorten } from "@/lib/annotate/shorten.ts";
import { filterThreads, NO_FILTER, type ThreadFilter } from "@/lib/annotate/filter-threads.ts";
import type { RoomSnapshot } from "@/lib/annotate/room-store.ts";
import { segmentBlocks } from "@/lib/annotate/segments.ts";
import { UndoHistory, type UndoEntry } from "@/lib/annotate/undo-history.ts";
import { rangeAtOffsets, type TextRange } from "@/lib/annotate/dom-offsets.ts";
import { sliceCodePoints } from "@/lib/annotations/code-points.ts";
import type { Block } from "@/lib/documents/schema.ts";
import type { Tag } from "@/lib/realtime/doc-schema.ts";
import { TAG_FOR_KEY, type Vocabulary } from "@/lib/vocabulary/default-vocabulary.ts";
import { useDocumentNonce } from "@/components/layout/content-security.tsx";
import { AnnotatedText, type MarkInfo } from "./annotated-text.tsx";
import { commentBoxId } from "./comment-box-id.ts";
import { describeLabel } from "./describe-label.ts";
import { DraftsContext } from "./drafts-context.ts";
import { LostDrafts } from "./lost-drafts.tsx";
import { MarginFilters } from "./margin-filters.tsx";
import { PresenceBar } from "./presence-bar.tsx";
import { SelectionOverlay } from "./selection-overlay.tsx";
import type { Member, SurfaceActions, SurfaceOverlay, SurfacePermissions, SurfaceSpotlight } from "./surface-types.ts";
import { TagPopover } from "./tag-popover.tsx";
import { TextFinder } from "./text-finder.tsx";
import { ThreadList } from "./thread-list.tsx";
import { documentRoom, useAnnotationRoom, type RoomTarget } from "./use-annotation-room.ts";
import { useAnnouncer } from "./use-announcer.ts";
import { useArrivalAnnouncements } from "./use-arrival-announcements.ts";
import { useCommentDrafts } from "./use-comment-drafts.ts";
import { usePresence } from "./use-presence.ts";
import { useSpotlight } from "./use-spotlight.ts";
import { useSurfaceShortcuts } from "./use-surface-shortcuts.ts";
import { useTextSelection } from "./use-text-selection.ts";
import { useUrlTarget } from "./use-url-target.ts";

type Props = {
  documentId: string;
  language: string;
  blocks: Block[];
  /** The canonical body text (blocks joined by a blank line), for anchors. */
  text: string;
  /** The article's header, rendered on the server. */
  header: ReactNode;
  me: Member | null;
  members: Member[];
  permissions: SurfacePermissions;
  vocabulary: Vocabulary;
  /** Why this reader cannot annotate here, shown in the bar (viewer, demo, old version). */
  readOnlyNote: string | null;
  /** The room to work on; the document's shared room when left out. */
  room?: RoomTarget;
  /** Read-only highlights from elsewhere, drawn over the reader's own (classmates, the answer key). */
  overlay?: SurfaceOverlay | null;
  /** Shown under the presence bar (a classroom session's status). */
  banner?: ReactNode;
  /** A passage to scroll to and outline (the teacher's "follow me"). */
  spotlight?: SurfaceSpotlight | null;
};

/** Overlay threads are read only, whatever the reader may do in their own room. */
const READ_ONLY: SurfacePermissions = { highlight: false, comment: false, moderate: false };
const NO_TYPING: ReadonlyMap<string, string> = new Map();

const EMPTY_SNAPSHOT: RoomSnapshot = { annotations: [], comments: [], threads: new Map() };
const noSubscription = () => () => {};

/** Every mark of a highlight: one per run of text it covers (see annotated-text.tsx). */
function marksOf(annotationId: string): string {
  return `mark[data-annotation-ids~="${CSS.escape(annotationId)}"]`;
}

/**
 * The live annotation surface of a document: the text with highlights, selection and tagging,
 * the margin of threads with filters, who else is here, and the connection. All state that
 * others see lives in the room's Y document; this component renders it and turns the reader's
 * gestures into the actions of lib/annotate/annotation-actions.ts.
 */
export function AnnotationSurface(props: Props) {
  const { documentId, language, blocks, text, header, me, members, permissions, vocabulary, readOnlyNote, overlay = null, banner = null, spotlight = null } = props;
  const room = useMemo(() => props.room ?? documentRoom(documentId), [props.room, documentId]);
  const [announcement, announce] = useAnnouncer();
  const [alert, setAlert] = useState<string | null>(null);
  const onRefused = useCallback((reason: string) => setAlert(`The server refused a change, so it was undone: ${reason}`), []);
  const { session, connection } = useAnnotationRoom({ room, cacheKey: me?.id ?? null, onRefused });
  const snapshot = useSyncExternalStore(session?.store.subscribe ?? noSubscription, session?.store.getSnapshot ?? (() => EMPTY_SNAPSHOT), () => EMPTY_SNAPSHOT);
  const { peers, people, share } = usePresence(session?.provider ?? null, me);

  const [activeId, setActiveId] = useState<string | null>(null);
  const nonce = useDocumentNonce();
  const [filter, setFilter] = useState<ThreadFilter>(NO_FILTER);
  const [popover, setPopover] = useState<{ range: TextRange; tag: Tag | null; position: { top: number; left: number } } | null>(null);
  const [drawerOpen, setDrawerOpen] = useState(false);
  /** The body has keyboard focus: show the caret, and let keys (not the mouse) drive tagging. */
  const [bodyFocused, setBodyFocused] = useState(false);
  const history = useMemo(() => new UndoHistory(), []);
  const { drafts, lostDrafts, dismissLostDraft } = useCommentDrafts(session, me ? `marginalia:drafts:${me.id}:${room.name}` : null, announce);
  const bodyRef = useRef<HTMLDivElement>(null);
  const finderRef = useRef<HTMLInputElement>(null);
  const containerRef = useRef<HTMLDivElement>(null);
  const selection = useTextSelection(bodyRef, popover !== null);
  const selectText = selection.select;

  // Share the selection with the others (debounced by the selection hook).
  useEffect(() => share({ selection: selection.range }), [selection.range, share]);

  useArrivalAnnouncements(session, vocabulary, announce);

  // Actions read the newest snapshot without being re-created (and every card re-rendered) on each change.
  const snapshotRef = useRef(snapshot);
  useEffect(() => {
    snapshotRef.current = snapshot;
  }, [snapshot]);

  const context = useMemo(() => (session && me ? { doc: session.doc, me, text } : null), [session, me, text]);

  /** Runs a user action; a locally refused write (validation) becomes a visible alert, not a crash. */
  const run = useCallback(
    (perform: (ctx: actionsLib.ActionContext) => UndoEntry | null, success?: string | ((entry: UndoEntry | null) => string)): boolean => {
      if (!context) return false;
      try {
        const entry = perform(context);
        if (entry) history.record(entry);
        setAlert(null);
        if (success) announce(typeof success === "string" ? success : success(entry));
        return true;
      } catch (error) {
        setAlert(error instanceof Error ? error.message : String(error));
        return false;
      }
    },
    [context, history, announce],
  );

  const showInText = useCallback((annotationId: string) => {
    const parts = bodyRef.current?.querySelectorAll<HTMLElement>(marksOf(annotationId)) ?? [];
    if (parts.length === 0) return;
    setDrawerOpen(false);
    parts[0]!.scrollIntoView({ block: "center", behavior: "smooth" });
    for (const part of parts) {
      part.classList.remove("hl--flash");
      void part.offsetWidth;
      part.classList.add("hl--flash");
    }
  }, []);

  const openThread = useCallback((annotationId: string, focus: boolean) => {
    setActiveId(annotationId);
    setDrawerOpen(true);
    requestAnimationFrame(() => {
      const card = document.getElementById(`thread-${annotationId}`);
      card?.scrollIntoView({ block: "nearest", behavior: "smooth" });
      if (focus) (document.getElementById(commentBoxId.compose(annotationId)) ?? card?.querySelector<HTMLElement>(".thread-toggle"))?.focus();
    });
  }, []);

  const actions: SurfaceActions = useMemo(
    () => ({
      toggleThread: (id) => setActiveId((current) => (current === id ? null : id)),
      showInText,
      returnToText: (annotationId) => {
        const annotation = snapshotRef.current.annotations.find((candidate) => candidate.id === annotationId);
        bodyRef.current?.focus();
        if (annotation) selectText(annotation.end, annotation.end);
      },
      setLabel: (annotation, tag, technique) =>
        run((ctx) => actionsLib.setLabel(ctx, annotation, tag, technique), `Label changed to ${describeLabel({ tag, technique }, vocabulary)}.`),
      setResolved: (annotation, resolved) =>
        run((ctx) => actionsLib.setResolved(ctx, annotation, resolved), resolved ? "Thread resolved." : "Thread reopened."),
      deleteHighlight: (annotation, thread) => {
        const ok = run((ctx) => actionsLib.deleteHighlight(ctx, annotation, thread), "Highlight deleted.");
        if (ok) setActiveId(null);
        return ok;
      },
      addComment: (annotationId, parentId, body) =>
        run((ctx) => actionsLib.addComment(ctx, annotationId, parentId, body).entry, parentId ? "Reply posted." : "Comment posted."),
      editComment: (comment, body) => run((ctx) => actionsLib.editComment(ctx, comment, body), "Comment saved."),
      deleteComment: (comment) =>
        run((ctx) => actionsLib.deleteComment(ctx, comment), (entry) => (entry ? "Comment deleted. Ctrl+Z brings it back." : `${comment.authorName}'s comment deleted.`)),
      setTyping: (annotationId) => share({ typing: annotationId }),
    }),
    [run, share, showInText, vocabulary, selectText],
  );

  const createHighlight = (tag: Tag, technique: string | null) => {
    if (!popover) return;
    const range = popover.range;
    let created: string | null = null;
    const ok = run((ctx) => {
      const { record, entry } = actionsLib.createHighlight(ctx, range, tag, technique);
      created = record.id;
      return entry;
    }, `Highlighted as ${describeLabel({ tag, technique }, vocabulary)}. Write a comment, or press Escape to go back to the text.`);
    setPopover(null);
    selection.clear();
    if (ok && created) openThread(created, true);
  };

  const openPopover = (range: TextRange, tag: Tag | null) => {
    const body = bodyRef.current;
    const container = containerRef.current;
    const dom = body ? rangeAtOffsets(body, range) : null;
    if (!dom || !container) return;
    const rects = dom.getClientRects();
    const last = rects[rects.length - 1] ?? dom.getBoundingClientRect();
    const origin = container.getBoundingClientRect();
    const left = Math.max(0, Math.min(last.left - origin.left, container.clientWidth - 320));
    setPopover({ range, tag, position: { top: last.bottom - origin.top + 8, left } });
  };

  // Mouse and touch: a finished selection opens the tag popover.
  useEffect(() => {
    if (selection.range && permissions.highlight && !popover && !bodyFocused) openPopover(selection.range, null);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- open once per new selection
  }, [selection.range]);

  const undoOrRedo = useCallback(
    (kind: "undo" | "redo") => {
      try {
        const entry = kind === "undo" ? history.undo() : history.redo();
        announce(entry ? `${kind === "undo" ? "Undid" : "Redid"} ${entry.label}.` : `Nothing to ${kind}.`);
        setAlert(null);
      } catch (error) {
        setAlert(error instanceof Error ? error.message : String(error));
      }
    },
    [history, announce],
  );

  useSurfaceShortcuts(finderRef, undoOrRedo);
  useSpotlight(bodyRef, spotlight, text, announce);

  const ready = session?.ready ?? false;
  useUrlTarget(ready, snapshot, (annotationId) => {
    openThread(annotationId, false);
    showInText(annotationId);
  });

  const onBodyKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (selection.onBodyKeyDown(event)) return;
    const tag = TAG_FOR_KEY[event.key];
    if (tag && selection.range && permissions.highlight && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      openPopover(selection.range, tag);
    } else if (event.key === "Enter") {
      event.preventDefault();
      if (selection.range && permissions.highlight) return openPopover(selection.range, null);
      const at = selection.caret ?? -1;
      const here = [...snapshot.annotations, ...(overlay?.annotations ?? [])].filter((annotation) => annotation.start <= at && annotation.end >= at);
      const innermost = here.sort((a, b) => a.end - a.start - (b.end - b.start))[0];
      if (innermost) openThread(innermost.id, true);
      else announce("No highlight at the caret.");
    } else if (event.key === "Escape" && selection.range) {
      event.preventDefault();
      const caret = selection.caret ?? selection.range.end;
      selection.select(caret, caret);
    }
  };

  const onBodyClick = (event: React.MouseEvent<HTMLDivElement>) => {
    if (!window.getSelection()?.isCollapsed) return;
    const mark = (event.target as HTMLElement).closest("mark[data-annotation-id]");
    if (mark) openThread(mark.getAttribute("data-annotation-id")!, false);
  };

  const { annotations, threads } = snapshot;
  const overlayAnnotations = overlay?.annotations;
  const layerOf = overlay?.layerOf;
  const blocksWithMarks = useMemo(
    () => segmentBlocks(blocks, overlayAnnotations?.length ? [...annotations, ...overlayAnnotations] : annotations),
    [blocks, annotations, overlayAnnotations],
  );
  const marks = useMemo(() => {
    const map = new Map<string, MarkInfo>();
    for (const annotation of overlayAnnotations ?? []) {
      map.set(annotation.id, { tag: annotation.tag, resolved: annotation.resolved, start: annotation.start, layer: layerOf?.(annotation) ?? "classmate" });
    }
    for (const annotation of annotations) map.set(annotation.id, { tag: annotation.tag, resolved: annotation.resolved, start: annotation.start });
    return map;
  }, [annotations, overlayAnnotations, layerOf]);
  const overlayCount = overlayAnnotations?.length ?? 0;
  const { visible, countsByTag } = useMemo(() => filterThreads(annotations, threads, filter), [annotations, threads, filter]);
  const authors = useMemo(() => {
    const byId = new Map<string, Member>();
    for (const annotation of annotations) byId.set(annotation.authorId, { id: annotation.authorId, name: annotation.authorName });
    for (const comment of snapshot.comments) byId.set(comment.authorId, { id: comment.authorId, name: comment.authorName });
    return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
  }, [annotations, snapshot.comments]);
  const typingByThread = useMemo(() => {
    const map = new Map<string, string>();
    for (const peer of peers) {
      if (!peer.typing) continue;
      map.set(peer.typing, map.has(peer.typing) ? `${map.get(peer.typing)}, ${peer.user.name}` : peer.user.name);
    }
    return map;
  }, [peers]);

  const popoverQuote = popover ? shorten(sliceCodePoints(text, popover.range.start, popover.range.end), 80) : "";

  return (
    <div className="annotate" data-ready={ready || undefined} data-drawer-open={drawerOpen || undefined}>
      <PresenceBar
        people={people}
        connection={connection}
        canUndo={!!me && (permissions.comment || permissions.highlight)}
        onUndo={() => undoOrRedo("undo")}
        onRedo={() => undoOrRedo("redo")}
        readOnlyNote={readOnlyNote}
      />
      {banner}
      <div className="surface-tools">
        <TextFinder
          text={text}
          inputRef={finderRef}
          from={selection.range ? selection.range.start + 1 : (selection.caret ?? 0)}
          onFound={(range, index, count) => {
            selection.select(range.start, range.end);
            bodyRef.current?.focus();
            const quote = shorten(sliceCodePoints(text, range.start, range.end), 60);
            announce(
              `Selected “${quote}”, match ${index + 1} of ${count}.${permissions.highlight ? " Press 1, 2 or 3 to tag it, Shift with the arrow keys to adjust." : ""}`,
            );
          }}
          onMissing={(query) => announce(`“${query}” is not in the article.`)}
        />
      </div>
      {alert ? (
        <div className="surface-alert" role="alert">
          <p>{alert}</p>
          <button type="button" className="link-button" onClick={() => setAlert(null)}>
            Dismiss
          </button>
        </div>
      ) : null}
      <div className="reader">
        <article className="article" lang={language} aria-labelledby="article-title">
          {header}
          <p id="keyboard-help" className="visually-hidden">
            {permissions.highlight
              ? "Use the arrow keys to move through the text and Shift with the arrow keys to select. Press 1 for propaganda, 2 for sourcing or 3 for context to tag the selection. Enter opens the highlight at the caret."
              : "Use the arrow keys to move through the text. Enter opens the highlight at the caret."}
          </p>
          <div className="annotate-text" ref={containerRef}>
            <div
              ref={bodyRef}
              className="article-body"
              role="region"
              aria-label="Article text"
              aria-describedby="keyboard-help"
              tabIndex={0}
              onKeyDown={onBodyKeyDown}
              onClick={onBodyClick}
              onFocus={(event) => {
                // Keyboard focus only: a click also focuses the body, but then the mouse selects.
                if (event.target !== event.currentTarget || !event.currentTarget.matches(":focus-visible")) return;
                setBodyFocused(true);
                const current = window.getSelection();
                const selectedInside = !!current?.rangeCount && event.currentTarget.contains(current.anchorNode);
                if (selection.caret === null && !selectedInside) {
                  selection.select(0, 0);
                }
              }}
              onBlur={() => setBodyFocused(false)}
            >
              <AnnotatedText blocks={blocksWithMarks} marks={marks} />
            </div>
            <SelectionOverlay
              bodyRef={bodyRef}
              containerRef={containerRef}
              peers={peers}
              caret={bodyFocused && !selection.range ? selection.caret : null}
              spotlight={spotlight}
              layoutKey={blocksWithMarks}
            />
            {popover ? (
              <TagPopover
                quote={popoverQuote}
                vocabulary={vocabulary}
                initialTag={popover.tag}
                position={popover.position}
                onPick={createHighlight}
                onClose={() => {
                  setPopover(null);
                  bodyRef.current?.focus();
                }}
              />
            ) : null}
          </div>
        </article>
        <aside className="margin annotate-margin" aria-label="Highlights and comments" id="annotation-margin">
          <div className="margin-head">
            <h2 className="margin-title">
              {overlay ? "Your highlights" : "Highlights"} <span className="count">{annotations.length}</span>
            </h2>
            <button type="button" className="link-button drawer-close" onClick={() => setDrawerOpen(false)}>
              Close
            </button>
          </div>
          <MarginFilters filter={filter} onChange={setFilter} countsByTag={countsByTag} vocabulary={vocabulary} authors={authors} me={me} />
          <LostDrafts drafts={lostDrafts} announce={announce} onDismiss={dismissLostDraft} />
          <DraftsContext value={drafts}>
            <ThreadList
              annotations={visible}
              total={annotations.length}
              ready={ready}
              threads={threads}
              activeId={activeId}
              vocabulary={vocabulary}
              me={me}
              members={members}
              permissions={permissions}
              typingByThread={typingByThread}
              actions={actions}
            />
          </DraftsContext>
          {overlay ? (
            <section className="overlay-threads" aria-labelledby="overlay-threads-title">
              <h2 className="margin-title" id="overlay-threads-title">
                {overlay.title} <span className="count">{overlayCount}</span>
              </h2>
              {overlayCount === 0 ? (
                <p className="margin-empty">{overlay.emptyText}</p>
              ) : (
                <ThreadList
                  annotations={overlay.annotations}
                  total={overlayCount}
                  ready
                  threads={overlay.threads}
                  activeId={activeId}
                  vocabulary={vocabulary}
                  me={null}
                  members={members}
                  permissions={READ_ONLY}
                  typingByThread={NO_TYPING}
                  actions={actions}
                />
              )}
            </section>
          ) : null}
        </aside>
      </div>
      <button type="button" className="drawer-toggle button" aria-controls="annotation-margin" aria-expanded={drawerOpen} onClick={() => setDrawerOpen((open) => !open)}>
        Highlights and comments ({annotations.length + overlayCount})
      </button>
      {activeId ? (
        // Marks are memoized and never re-render for the active thread; a rule picks them out instead
        // (with the page's nonce, which the Content-Security-Policy asks of a <style> element).
        <style nonce={nonce}>{`.annotate-text ${marksOf(activeId)}{--hl-alpha:40%;outline:2px solid var(--hl-color);outline-offset:1px}`}</style>
      ) : null}
      <div className="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="announcer">
        {announcement}
      </div>
    </div>
  );
}
