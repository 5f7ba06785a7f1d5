"use client";

import { useEffect, useState } from "react";
import { IndexeddbPersistence } from "y-indexeddb";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { annotationStateUrl } from "@/lib/annotate/annotation-state-url.ts";
import { RoomStore } from "@/lib/annotate/room-store.ts";
import { CloseCode } from "@/lib/realtime/close-codes.ts";

export type ConnectionState =
  | { kind: "connecting" }
  | { kind: "live" }
  | { kind: "offline" }
  /** The server closed the connection for good (access removed, signed out). */
  | { kind: "stopped"; message: string };

export type RoomSession = {
  doc: Y.Doc;
  provider: WebsocketProvider;
  store: RoomStore;
  /** True once the document holds the server's state (read over HTTP or synced), or the offline copy when offline. */
  ready: boolean;
};

/** Milliseconds to wait before trying again after the server asked a fast client to slow down. */
const SLOW_DOWN_DELAY = 3_000;

/** How long the page waits for the room's state over HTTP before connecting without it. */
const STATE_TIMEOUT = 5_000;

/** Marks the room's state read over HTTP when it is applied, so it is neither "remote" nor undoable. */
const SERVER_STATE = Symbol("the room's state read over HTTP");

/**
 * Which realtime room the surface works on. A document's shared room by default; a classroom
 * session gives a student's own room or a read-only view (see lib/classroom/session-rooms.ts).
 */
export type RoomTarget = {
  /** The room's name, as in `/realtime/<name>`. */
  name: string;
  /** Where the room's state is served as one Yjs update over HTTP (same read access as the websocket). */
  stateUrl: string;
  /** Sent as `?token=` on the websocket, for people without a session cookie (classroom participants). */
  token?: string;
  /** What the bar says when the server closes for good (4403, 4401), if the default wording does not fit. */
  closeMessages?: { forbidden?: string; unauthorized?: string };
};

/** The shared room of a document, as the annotation page has always used it. */
export function documentRoom(documentId: string): RoomTarget {
  return { name: documentId, stateUrl: annotationStateUrl(documentId) };
}

/** The room's state as the server has it, or null if it cannot be had in time (the websocket will bring it). */
async function fetchState(stateUrl: string, signal: AbortSignal): Promise<Uint8Array | null> {
  try {
    const response = await fetch(stateUrl, { signal });
    return response.ok ? new Uint8Array(await response.arrayBuffer()) : null;
  } catch {
    return null;
  }
}

function realtimeUrl(): string {
  return `${window.location.protocol === "https:" ? "wss" : "ws"}://${window.location.host}/realtime`;
}

type SessionCallbacks = {
  setSession: (session: RoomSession) => void;
  setConnection: (connection: ConnectionState) => void;
  onRefused: (reason: string) => void;
  /** Throws this session away and starts a new one from the server's state. */
  rebuild: () => void;
};

/**
 * Opens the session over a document that already holds what the page could read: the
 * websocket (connecting at once unless offline), the store the surface renders from, the
 * offline copy and the reactions to the connection's events. Returns what closes it all.
 */
function openSession(doc: Y.Doc, room: RoomTarget, cacheKey: string | null, ready: boolean, callbacks: SessionCallbacks): () => void {
  const { setSession, setConnection, onRefused, rebuild } = callbacks;
  // The offline copy is attached once the server's state is in (or at once when offline):
  // reading and writing a large document to IndexedDB would otherwise delay the first render.
  let persistence: IndexeddbPersistence | null = null;
  const attachCache = () => {
    if (persistence || !cacheKey) return persistence;
    persistence = new IndexeddbPersistence(`marginalia:${cacheKey}:${room.name}`, doc);
    void persistence.whenSynced.then(() => {
      if (!navigator.onLine) markReady();
    });
    return persistence;
  };
  // No BroadcastChannel between tabs: on connecting it posts the whole document (megabytes on a
  // busy article) to the other tabs, and every tab has the server anyway.
  const provider = new WebsocketProvider(realtimeUrl(), room.name, doc, {
    connect: navigator.onLine,
    maxBackoffTime: 5_000,
    disableBc: true,
    params: room.token ? { token: room.token } : {},
  });
  const store = new RoomStore(doc, (origin) => origin === provider);
  let current: RoomSession = { doc, provider, store, ready };
  const markReady = () => {
    if (current.ready) return;
    current = { ...current, ready: true };
    setSession(current);
  };
  setSession(current);
  setConnection({ kind: navigator.onLine ? "connecting" : "offline" });

  provider.on("sync", (synced: boolean) => {
    if (!synced) return;
    performance.mark("marginalia:room-synced");
    markReady();
    setTimeout(attachCache, 0);
  });
  provider.on("status", ({ status }: { status: string }) => {
    if (status === "connected") setConnection({ kind: "live" });
    else setConnection({ kind: navigator.onLine ? "connecting" : "offline" });
  });
  provider.on("closed", ({ code, reason }: { code: number; reason: string }) => {
    if (code === CloseCode.InvalidUpdate || code === CloseCode.MessageTooLarge || code === CloseCode.MalformedMessage) {
      onRefused(reason || "The server refused a change.");
      const cache = attachCache();
      void (cache ? cache.clearData() : Promise.resolve()).finally(rebuild);
    } else if (code === CloseCode.SlowConsumer) {
      setConnection({ kind: "connecting" });
      setTimeout(() => provider.connect(), SLOW_DOWN_DELAY);
    } else if (code === CloseCode.Forbidden) {
      setConnection({ kind: "stopped", message: room.closeMessages?.forbidden ?? "You no longer have access to this workspace. Reload the page." });
    } else if (code === CloseCode.Unauthorized) {
      setConnection({ kind: "stopped", message: room.closeMessages?.unauthorized ?? "Your session ended. Sign in again to keep working together." });
    } else {
      setConnection({ kind: "stopped", message: reason || "The connection was closed." });
    }
  });
  // Offline: show what the browser kept, and stop retrying until the network is back.
  if (!navigator.onLine) attachCache();
  const goOffline = () => {
    provider.disconnect();
    setConnection({ kind: "offline" });
    if (attachCache()?.synced) markReady();
  };
  const goOnline = () => {
    setConnection({ kind: "connecting" });
    provider.connect();
  };
  window.addEventListener("offline", goOffline);
  window.addEventListener("online", goOnline);

  return () => {
    window.removeEventListener("offline", goOffline);
    window.removeEventListener("online", goOnline);
    store.destroy();
    provider.destroy();
    void (persistence as IndexeddbPersistence | null)?.destroy();
  };
}

/** Applies the room's state read over HTTP; false if this page cannot read it (the sync will bring the room). */
function applyServerState(doc: Y.Doc, state: Uint8Array): boolean {
  try {
    Y.applyUpdate(doc, state, SERVER_STATE);
    performance.mark("marginalia:state-applied");
    return true;
  } catch {
    return false;
  }
}

/**
 * Connects the page to the document's realtime room: a Y document synced with the server over
 * y-websocket (the session cookie authenticates the upgrade) and kept in IndexedDB, so edits
 * made offline survive a reload and merge when the connection returns.
 *
 * The room's state comes first over HTTP (preloaded with the page) into a document nothing
 * listens to yet, so applying it costs only the decoding: the highlights paint without waiting
 * for the websocket upgrade and the server opening the room, and the websocket's sync then
 * carries only what changed meanwhile, not the whole room again.
 *
 * When the server refuses a change (4422), the local copy holds something the server will
 * never accept and y-websocket would resend it on every reconnect; the session is rebuilt from
 * the server's state instead, dropping the refused change, and `onRefused` tells the user why.
 */
export function useAnnotationRoom(options: {
  room: RoomTarget;
  /** Separates the offline copies of different people sharing one browser. */
  cacheKey: string | null;
  onRefused: (reason: string) => void;
}): { session: RoomSession | null; connection: ConnectionState } {
  const { room, cacheKey, onRefused } = options;
  // The effect below reconnects when the target changes, not when a caller passes an equal new object.
  const { name, stateUrl, token } = room;
  const forbidden = room.closeMessages?.forbidden;
  const unauthorized = room.closeMessages?.unauthorized;
  const [session, setSession] = useState<RoomSession | null>(null);
  const [connection, setConnection] = useState<ConnectionState>({ kind: "connecting" });
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    performance.mark("marginalia:room-effect");
    const doc = new Y.Doc();
    const target: RoomTarget = { name, stateUrl, token, closeMessages: { forbidden, unauthorized } };
    const callbacks: SessionCallbacks = { setSession, setConnection, onRefused, rebuild: () => setGeneration((value) => value + 1) };
    let closeSession: (() => void) | null = null;
    let destroyed = false;
    const open = (ready: boolean) => {
      if (!destroyed) closeSession = openSession(doc, target, cacheKey, ready, callbacks);
    };
    const abortState = new AbortController();
    const stateTimeout = setTimeout(() => abortState.abort(), STATE_TIMEOUT);
    if (navigator.onLine) {
      void fetchState(stateUrl, abortState.signal).then((state) => {
        clearTimeout(stateTimeout);
        open(state !== null && applyServerState(doc, state));
      });
    } else {
      open(false);
    }

    return () => {
      destroyed = true;
      clearTimeout(stateTimeout);
      abortState.abort();
      closeSession?.();
      doc.destroy();
      setSession(null);
    };
  }, [name, stateUrl, token, forbidden, unauthorized, cacheKey, generation, onRefused]);

  return { session, connection };
}
