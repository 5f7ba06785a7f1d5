"use client";

import { useEffect, useState } from "react";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { RoomStore } from "@/lib/annotate/room-store.ts";
import { CloseCode } from "@/lib/realtime/close-codes.ts";
import { downloads } from "./session-api.ts";

export type RoomConnection = { kind: "connecting" } | { kind: "live" } | { kind: "stopped"; message: string };

export type SessionRoom = { doc: Y.Doc; provider: WebsocketProvider; store: RoomStore };

/** How long the page waits for the room's state over HTTP before connecting without it. */
const STATE_TIMEOUT = 5_000;

/** Milliseconds to wait before reconnecting after the server asked a slow client to slow down. */
const SLOW_DOWN_DELAY = 3_000;

async function fetchState(url: string, signal: AbortSignal): Promise<Uint8Array | null> {
  try {
    const response = await fetch(url, { signal });
    return response.ok ? new Uint8Array(await response.arrayBuffer()) : null;
  } catch {
    return null;
  }
}

function realtimeUrl(): string {
  return `${window.location.protocol === "https:" ? "wss" : "ws"}://${window.location.host}/realtime`;
}

function stopMessage(code: number, reason: string): string {
  if (code === CloseCode.Forbidden) return "You no longer have access to this session. Reload the page.";
  if (code === CloseCode.Unauthorized) return "Your sign-in ended. Sign in again to keep this page live.";
  return reason || "The connection was closed. Reload the page.";
}

/**
 * A live connection to one room of a class session, for the teacher's pages: the room's state
 * over HTTP first (so the page paints before the websocket opens), then y-websocket with the
 * session cookie. No offline copy: these pages read server-written views (or, for the key room,
 * only share presence), and a stale copy on a classroom computer would mislead. Every transaction
 * from the server counts as "remote", so the store announces arrivals.
 */
export function useSessionRoom(sessionId: string, room: string, slot: string): { room: SessionRoom | null; connection: RoomConnection } {
  const [current, setCurrent] = useState<SessionRoom | null>(null);
  const [connection, setConnection] = useState<RoomConnection>({ kind: "connecting" });

  useEffect(() => {
    const doc = new Y.Doc();
    const abort = new AbortController();
    const timeout = setTimeout(() => abort.abort(), STATE_TIMEOUT);
    let close: (() => void) | null = null;
    let destroyed = false;

    void fetchState(downloads.roomState(sessionId, slot), abort.signal).then((state) => {
      clearTimeout(timeout);
      if (destroyed) return;
      if (state) {
        try {
          Y.applyUpdate(doc, state, "http-state");
        } catch {
          // The websocket's sync brings the room instead.
        }
      }
      const provider = new WebsocketProvider(realtimeUrl(), room, doc, { maxBackoffTime: 5_000, disableBc: true });
      // These pages only read the room: they announce no presence of their own.
      provider.awareness.setLocalState(null);
      const store = new RoomStore(doc, (origin) => origin === provider);
      setCurrent({ doc, provider, store });
      provider.on("status", ({ status }: { status: string }) => {
        setConnection((previous) => (previous.kind === "stopped" ? previous : status === "connected" ? { kind: "live" } : { kind: "connecting" }));
      });
      // 4400–4499 closes are final for y-websocket: it stops and tells us here.
      provider.on("closed", ({ code, reason }: { code: number; reason: string }) => {
        if (code === CloseCode.SlowConsumer) {
          setConnection({ kind: "connecting" });
          setTimeout(() => provider.connect(), SLOW_DOWN_DELAY);
          return;
        }
        setConnection({ kind: "stopped", message: stopMessage(code, reason) });
      });
      close = () => {
        store.destroy();
        provider.destroy();
      };
    });

    return () => {
      destroyed = true;
      clearTimeout(timeout);
      abort.abort();
      close?.();
      doc.destroy();
      setCurrent(null);
    };
  }, [sessionId, room, slot]);

  return { room: current, connection };
}
