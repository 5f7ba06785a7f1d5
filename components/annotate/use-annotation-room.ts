"use client";

import { useEffect, useState } from "react";
import { IndexeddbPersistence } from "y-indexeddb";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
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
  /** True once the document holds the server's state (or the offline copy when offline). */
  ready: boolean;
};

/** Milliseconds to wait before trying again after the server asked a fast client to slow down. */
const SLOW_DOWN_DELAY = 3_000;

function realtimeUrl(): string {
  return `${window.location.protocol === "https:" ? "wss" : "ws"}://${window.location.host}/realtime`;
}

/**
 * Connects the page to the document's realtime room: a Y document synced with the server over
 * y-websocket (the session cookie authenticates the upgrade) and kept in IndexedDB, so edits
 * made offline survive a reload and merge when the connection returns.
 *
 * When the server refuses a change (4422), the local copy holds something the server will
 * never accept and y-websocket would resend it on every reconnect; the session is rebuilt from
 * the server's state instead, dropping the refused change, and `onRefused` tells the user why.
 */
export function useAnnotationRoom(options: {
  documentId: string;
  /** Separates the offline copies of different people sharing one browser. */
  cacheKey: string | null;
  onRefused: (reason: string) => void;
}): { session: RoomSession | null; connection: ConnectionState } {
  const { documentId, cacheKey, onRefused } = options;
  const [session, setSession] = useState<RoomSession | null>(null);
  const [connection, setConnection] = useState<ConnectionState>({ kind: "connecting" });
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    const doc = new Y.Doc();
    // The offline copy is attached once the server's state is in (or at once when offline):
    // reading and writing a large document to IndexedDB would otherwise delay the first render.
    let persistence: IndexeddbPersistence | null = null;
    const attachCache = () => {
      if (persistence || !cacheKey) return persistence;
      persistence = new IndexeddbPersistence(`marginalia:${cacheKey}:${documentId}`, doc);
      void persistence.whenSynced.then(() => {
        if (!navigator.onLine) markReady();
      });
      return persistence;
    };
    const provider = new WebsocketProvider(realtimeUrl(), documentId, doc, { connect: navigator.onLine, maxBackoffTime: 5_000 });
    const store = new RoomStore(doc, (origin) => origin === provider);
    let current: RoomSession = { doc, provider, store, ready: false };
    const markReady = () => {
      if (current.ready) return;
      current = { ...current, ready: true };
      setSession(current);
    };
    // The effect creates the session (and the connection it owns), so publishing it is the sync.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setSession(current);
    setConnection({ kind: navigator.onLine ? "connecting" : "offline" });

    provider.on("sync", (synced: boolean) => {
      if (!synced) return;
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
        void (cache ? cache.clearData() : Promise.resolve()).finally(() => setGeneration((value) => value + 1));
      } else if (code === CloseCode.SlowConsumer) {
        setConnection({ kind: "connecting" });
        setTimeout(() => provider.connect(), SLOW_DOWN_DELAY);
      } else if (code === CloseCode.Forbidden) {
        setConnection({ kind: "stopped", message: "You no longer have access to this workspace. Reload the page." });
      } else if (code === CloseCode.Unauthorized) {
        setConnection({ kind: "stopped", message: "Your session ended. Sign in again to keep working together." });
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
      doc.destroy();
    };
  }, [documentId, cacheKey, generation, onRefused]);

  return { session, connection };
}
