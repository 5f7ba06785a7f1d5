import type { WebSocket } from "ws";
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import type { Logger } from "@/lib/logger.ts";
import { CloseCode } from "@/lib/realtime/close-codes.ts";
import type { DocChangeVerdict } from "@/lib/realtime/doc-guard.ts";
import type { RealtimeAccess } from "./authenticate-upgrade.ts";
import { awarenessMessage, decodeClientMessage, syncStep1Message, syncStep2Message } from "./messages.ts";
import type { RealtimeMetrics } from "./metrics.ts";
import type { Room, RoomPeer } from "./room-manager.ts";

export type ConnectionLimits = {
  /** Largest frame accepted from a client. */
  maxMessageBytes: number;
  /** A client whose unsent data passes this is cut off rather than buffered without bound. */
  maxBufferedBytes: number;
  /** How often credentials and role are checked again while connected. */
  recheckMs: number;
  /** Ping interval; a client that misses one pong is dropped. */
  pingMs: number;
};

export type ServeConnectionOptions = {
  limits: ConnectionLimits;
  metrics: RealtimeMetrics;
  logger: Logger;
  /** Whether this connection may apply this update to the room (schema and permissions). */
  checkUpdate(room: Room, update: Uint8Array, access: RealtimeAccess): DocChangeVerdict;
  /** Re-reads what the connection may do; null when it may no longer be connected. */
  refreshAccess(access: RealtimeAccess): Promise<RealtimeAccess | null>;
  onClose(): void;
};

/** An update that changes nothing: what a client sends when it has nothing the server lacks. */
function isEmptyUpdate(update: Uint8Array): boolean {
  return update.length <= 2 && update.every((byte) => byte === 0);
}

/**
 * Speaks the y-websocket protocol with one client in one room: sync, updates (checked, and
 * ignored from read-only connections), awareness, keep-alive, and periodic access checks.
 */
export function serveConnection(socket: WebSocket, room: Room, initialAccess: RealtimeAccess, options: ServeConnectionOptions): void {
  const { limits, metrics, logger } = options;
  let access = initialAccess;
  let closed = false;

  function close(code: number, reason: string) {
    if (closed) return;
    // Close reasons are limited to 123 bytes by the WebSocket protocol.
    socket.close(code, Buffer.from(reason).subarray(0, 123).toString());
    cleanup();
  }

  const peer: RoomPeer = {
    clientIds: new Set(),
    send(message) {
      if (closed || socket.readyState !== socket.OPEN) return;
      if (socket.bufferedAmount > limits.maxBufferedBytes) {
        metrics.slowConsumersDropped.inc();
        close(CloseCode.SlowConsumer, "Too much unsent data: the connection is too slow.");
        return;
      }
      metrics.messagesOut.inc();
      socket.send(message);
    },
  };

  function cleanup() {
    if (closed) return;
    closed = true;
    clearInterval(pinger);
    clearTimeout(rechecker);
    room.peers.delete(peer);
    awarenessProtocol.removeAwarenessStates(room.awareness, [...peer.clientIds], null);
    options.onClose();
  }

  function handle(data: Uint8Array) {
    metrics.messagesIn.inc();
    if (data.byteLength > limits.maxMessageBytes) {
      close(CloseCode.MessageTooLarge, `Messages are limited to ${limits.maxMessageBytes} bytes.`);
      return;
    }
    let message;
    try {
      message = decodeClientMessage(data);
    } catch (error) {
      metrics.malformedMessages.inc();
      close(CloseCode.MalformedMessage, `Malformed message: ${(error as Error).message}`);
      return;
    }
    switch (message.type) {
      case "syncStep1":
        peer.send(syncStep2Message(room.doc, message.stateVector));
        return;
      case "update": {
        if (isEmptyUpdate(message.update)) return;
        const arrived = performance.now();
        if (!access.canAnnotate && !access.canComment) {
          // Read-only: the update is not applied; the client keeps its local change to itself.
          metrics.updatesRefused.inc({ reason: "read_only" });
          return;
        }
        const verdict = options.checkUpdate(room, message.update, access);
        if (!verdict.ok) {
          metrics.updatesRefused.inc({ reason: "invalid" });
          close(CloseCode.InvalidUpdate, verdict.reason);
          return;
        }
        // Applying hands the update to every other connection of the room before it returns.
        Y.applyUpdate(room.doc, message.update, peer);
        metrics.fanOutSeconds.observe((performance.now() - arrived) / 1000);
        metrics.updatesApplied.inc();
        return;
      }
      case "awareness":
        awarenessProtocol.applyAwarenessUpdate(room.awareness, message.update, peer);
        return;
      case "queryAwareness":
        peer.send(awarenessMessage(room.awareness, [...room.awareness.getStates().keys()]));
        return;
    }
  }

  let alive = true;
  const pinger = setInterval(() => {
    if (!alive) {
      socket.terminate();
      cleanup();
      return;
    }
    alive = false;
    socket.ping();
  }, limits.pingMs);
  // Each connection re-checks on its own phase, and only after its previous check answered:
  // connections opened together would otherwise query the database all in the same tick, and
  // checks would pile up while it does not answer.
  function recheck() {
    options
      .refreshAccess(access)
      .then((next) => {
        if (closed) return;
        if (!next) close(CloseCode.Forbidden, "You no longer have access to this document.");
        else access = next;
      })
      .catch((error: unknown) => logger.warn({ err: error, room: room.name }, "could not re-check access"))
      .finally(() => {
        if (!closed) rechecker = setTimeout(recheck, limits.recheckMs);
      });
  }
  let rechecker = setTimeout(recheck, Math.random() * limits.recheckMs);

  socket.on("pong", () => (alive = true));
  socket.on("message", (data: Buffer, isBinary: boolean) => {
    // A connection being closed (e.g. cut off as a slow consumer) no longer holds the room.
    if (closed) return;
    if (!isBinary) {
      metrics.malformedMessages.inc();
      close(CloseCode.MalformedMessage, "Only binary y-websocket messages are accepted.");
      return;
    }
    try {
      handle(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    } catch (error) {
      logger.error({ err: error, room: room.name }, "realtime message failed");
      close(CloseCode.InternalError, "The server could not process that message.");
    }
  });
  socket.on("close", cleanup);
  socket.on("error", cleanup);

  room.peers.add(peer);
  peer.send(syncStep1Message(room.doc));
  const present = [...room.awareness.getStates().keys()];
  if (present.length > 0) peer.send(awarenessMessage(room.awareness, present));
}
