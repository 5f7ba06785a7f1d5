import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer } from "ws";
import * as Y from "yjs";
import type { PrismaClient } from "@/lib/db/database.ts";
import { storageFullError } from "@/lib/db/storage-full.ts";
import { AppError } from "@/lib/errors.ts";
import type { SqlExecutor } from "@/lib/db/sql.ts";
import { trustedProxies, type TrustedProxies } from "@/lib/http/trusted-proxies.ts";
import type { Logger } from "@/lib/logger.ts";
import type { AccessEvent } from "@/lib/realtime/access-event.ts";
import { sessionRoomPrefix } from "@/lib/classroom/session-rooms.ts";
import { CloseCode } from "@/lib/realtime/close-codes.ts";
import type { RoomChange } from "@/lib/realtime/room-change.ts";
import { deleteAnnotation, writeAnnotation, writeComment } from "@/lib/realtime/write-doc.ts";
import { createAccessBus } from "./access-bus.ts";
import { createAccessWatch } from "./access-watch.ts";
import { createSessionMirror } from "./classroom/session-mirror.ts";
import { authenticateUpgrade, UpgradeRefused, type RealtimeAccess } from "./authenticate-upgrade.ts";
import { checkUpdate } from "./check-update.ts";
import { resolveClientAddress } from "../resolve-client-address.ts";
import { createRateLimits, type RateLimits } from "@/lib/limits/rate-limits.ts";
import { createUpgradeLimiter, DEFAULT_UPGRADE_LIMITS, type UpgradeLimits } from "./create-upgrade-limiter.ts";
import { createDocumentWorkspaces } from "./document-workspaces.ts";
import { createRealtimeMetrics, type RealtimeMetrics, type RefusalReason } from "./metrics.ts";
import { createProjection, type Projection } from "./projection.ts";
import { createRedisRelay } from "./redis-relay.ts";
import { createRoomManager, UnknownRoomError, type Room, type RoomManager } from "./room-manager.ts";
import { upgradeCredential } from "./upgrade-credential.ts";
import { serveConnection, type ConnectionLimits } from "./serve-connection.ts";
import { createStorageFullAlarm } from "./storage-full-alarm.ts";
import { createUpdateStore, DEFAULT_UPDATE_STORE_OPTIONS, type UpdateStoreOptions } from "./update-store.ts";

export type RealtimeServerOptions = {
  prisma: PrismaClient;
  /** Raw SQL on the same database, for the update log's hot path. */
  sql: SqlExecutor;
  logger: Logger;
  authSecret: string;
  publicUrl: string | undefined;
  /** Origins besides this site's own that browsers may connect from. */
  allowedOrigins: readonly string[];
  limits?: Partial<ConnectionLimits & OpenLimits>;
  store?: Partial<UpdateStoreOptions>;
  /** Redis for several server processes serving the same rooms; unset, this process is alone. */
  redisUrl?: string | undefined;
  /** Reverse proxies whose X-Forwarded-For names the client (for the connection limits). */
  trustedProxies?: TrustedProxies;
  /** Headers every refused upgrade carries besides its own (the app server's security headers). */
  refusalHeaders?: (req: IncomingMessage) => Record<string, string>;
  /**
   * The deployment's rate limits, shared with the REST API. Unset, the server keeps its own
   * (in Redis when redisUrl is set, under rateLimitKeyPrefix) and reports them in its metrics.
   */
  rateLimits?: RateLimits;
  /** Where the server's own connection limits keep their counts in Redis (tests use a prefix of their own). */
  rateLimitKeyPrefix?: string;
};

export type RealtimeServer = {
  /** Takes over an HTTP upgrade request for /realtime/<room>. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Applies a change made by the server itself (e.g. the REST API) to a room, and waits until it is stored. */
  change(roomName: string, change: RoomChange): Promise<void>;
  /**
   * The room's state as one Yjs update, without opening the room: from memory when a client
   * has it open here, else as stored. A page paints from it while its websocket connects.
   */
  state(roomName: string): Promise<Uint8Array>;
  /**
   * Closes or downgrades the open connections an access change concerns, in this process at
   * once and, with Redis, in every other. Called by domain functions after their commit,
   * which do not wait; the promise (applied in this process) is for tests and measurements.
   */
  accessChanged(event: AccessEvent): Promise<void>;
  /**
   * "End and delete data" of a classroom session: closes its connections here, lets go of its
   * rooms and deletes their stored state (every room name under the session's prefix).
   * Other processes close theirs on the classSession event the domain function sends.
   */
  forgetSession(documentId: string, sessionId: string): Promise<void>;
  /** Resolves once every classroom copy scheduled so far is written into its views (tests, benchmarks). */
  classroomSettled(): Promise<void>;
  /** Resolves once access events from other processes are heard (at once without Redis). */
  accessEventsReady: Promise<void>;
  /** Resolves once the connection limits are counted in Redis with the other processes (at once without REDIS_URL). */
  limitsShared(): Promise<void>;
  /** Upgrades per client address not past their first message yet (tests). */
  pendingUpgrades(address: string): number;
  /** Prometheus text exposition of this server's metrics (prom-client). */
  metricsText(): Promise<string>;
  metrics: RealtimeMetrics;
  rooms: RoomManager;
  projection: Projection;
  /** Flushes every accepted update, then closes every connection ("going away"). */
  close(): Promise<void>;
  /** Accepted updates not stored yet, per room: what a stop that cannot finish would lose. */
  unstored(): { room: string; updates: number }[];
};

type OpenLimits = UpgradeLimits & {
  /**
   * How often every open connection's credentials and role are read again, one query per
   * room. Access events apply changes at once; this catches changes made where no server was
   * listening (the CLI, another tool on the database) and events lost while Redis was down.
   */
  safetyRecheckMs: number;
  /** Awareness changes within this window reach each peer as one message. */
  awarenessBatchMs: number;
  /**
   * How long checking a connection's access and loading its room may take. Past it the upgrade
   * is refused with 503 rather than left waiting on a database that does not answer.
   */
  openTimeoutMs: number;
  /**
   * Upgrades from one client address still opening (checked, loading their room, or upgraded
   * and not yet sent their first message) at once. A class of 150 behind one address opening
   * the article together fits; a machine holding sockets half-open without end does not.
   */
  maxPendingUpgradesPerAddress: number;
};

const DEFAULT_LIMITS: ConnectionLimits & OpenLimits = {
  maxMessageBytes: 512 * 1024,
  maxBufferedBytes: 4 * 1024 * 1024,
  safetyRecheckMs: 5 * 60_000,
  awarenessBatchMs: 20,
  pingMs: 30_000,
  ...DEFAULT_UPGRADE_LIMITS,
  openTimeoutMs: 10_000,
  handshakeTimeoutMs: 20_000,
  maxPendingUpgradesPerAddress: 300,
};

/** A room that could not be loaded (storage failing), as opposed to a refused connection. */
class RoomUnavailable extends Error {
  override name = "RoomUnavailable";
  constructor(
    readonly room: string,
    override readonly cause: unknown,
  ) {
    super(`Could not open room ${room}.`);
  }
}

function refuse(socket: Duplex, status: number, message: string, headers: Record<string, string> = {}) {
  const reason = { 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 429: "Too Many Requests", 500: "Internal Server Error", 503: "Service Unavailable" }[status] ?? "Error";
  const body = JSON.stringify({ error: { code: status, message } });
  const extra = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join("");
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extra}Connection: close\r\n\r\n${body}`);
}

const REFUSAL_REASONS: Record<number, RefusalReason> = { 400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found" };

/**
 * The Yjs realtime endpoint: y-websocket protocol on /realtime/<room>, authenticated and
 * authorized before the upgrade, every accepted update stored durably with group commit.
 * A factory with no module state, so tests can run several.
 */
export function createRealtimeServer(options: RealtimeServerOptions): RealtimeServer {
  const { prisma, logger } = options;
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  let connections = 0;
  const metrics: RealtimeMetrics = createRealtimeMetrics({
    connections: () => connections,
    rooms: () => rooms.rooms().length,
    pendingWrites: () => store.pendingCount(),
  });
  const trusted = options.trustedProxies ?? trustedProxies([]);
  // Given none (tests, a realtime server on its own), the server makes its own limits, and then
  // reports and closes them itself; the deployment's are the app server's to report and close.
  const ownsRateLimits = options.rateLimits === undefined;
  const rateLimits = options.rateLimits ?? createRateLimits({ logger, redisUrl: options.redisUrl, keyPrefix: options.rateLimitKeyPrefix });
  const limiter = createUpgradeLimiter(rateLimits, limits);
  /** Upgrades still opening, per client address (maxPendingUpgradesPerAddress). */
  const pending = new Map<string, number>();
  const storageFull = createStorageFullAlarm();
  const store = createUpdateStore({ sql: options.sql }, {
    ...DEFAULT_UPDATE_STORE_OPTIONS,
    ...options.store,
    onWrite: ({ ms }) => {
      storageFull.writeSucceeded();
      metrics.storageWrites.inc();
      metrics.commitSeconds.observe(ms / 1000);
    },
    onError: (error) => {
      metrics.storageErrors.inc();
      const why = storageFull.writeFailed(error) ? "storage is full: could not store" : "could not store";
      logger.error({ err: error }, `${why} realtime updates; keeping them in memory and retrying`);
    },
  });
  const projection = createProjection(options.sql, logger);
  const relay = options.redisUrl ? createRedisRelay(options.redisUrl, logger) : undefined;
  const rooms = createRoomManager({
    prisma,
    store,
    logger,
    relay,
    onLocalUpdate: (room, update, durable) => {
      const accepted = performance.now();
      durable.then(
        () => {
          metrics.durableSeconds.observe((performance.now() - accepted) / 1000);
          // Other processes hear of an update only once it is stored: they never store what
          // they receive, so an update this process might still lose must stay with the
          // client, which sends it again to whichever process it reconnects to.
          relay?.publishUpdate(room.name, update);
          projection.schedule(room);
        },
        () => {},
      );
      mirror.localUpdate(room, durable);
    },
    onAwareness: (room, update) => relay?.publishAwareness(room.name, update),
    awarenessBatchMs: limits.awarenessBatchMs,
    onRoomOpened: (room) => {
      projection.track(room);
      mirror.roomOpened(room);
    },
    beforeUnload: async (room) => {
      await mirror.beforeUnload(room);
      await projection.sync(room);
    },
    onRoomClosed: (room) => mirror.roomClosed(room),
  });
  const mirror = createSessionMirror({ rooms, store, sql: options.sql, logger, shared: relay !== undefined });
  const documents = createDocumentWorkspaces(options.sql);
  const accessWatch = createAccessWatch({ sql: options.sql, logger, recheckMs: limits.safetyRecheckMs });
  const accessBus = createAccessBus({
    redisUrl: options.redisUrl,
    logger,
    deliver: async (event) => {
      await accessWatch.apply(event).catch((error: unknown) => logger.warn({ err: error, event }, "could not apply an access event"));
      if (event.type === "classSession") {
        await mirror.sessionChanged(event.sessionId).catch((error: unknown) => logger.warn({ err: error, event }, "could not apply a session change to its views"));
      }
    },
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxMessageBytes + 1024 });

  /** Checks the connection's access, then opens its room (held for the connection). */
  async function open(req: IncomingMessage): Promise<{ access: RealtimeAccess; room: Room; readSince: number }> {
    const readSince = performance.now();
    const access = await authenticateUpgrade(req, { sql: options.sql, documents, authSecret: options.authSecret, publicUrl: options.publicUrl, allowedOrigins: options.allowedOrigins });
    try {
      return { access, room: await rooms.acquire(access.room), readSince };
    } catch (error) {
      // The document was deleted since its workspace was looked up (and kept).
      if (error instanceof UnknownRoomError) throw new UpgradeRefused(404, "There is no such document.");
      throw new RoomUnavailable(access.room, error);
    }
  }

  /** Holds one of the address's pending slots until the returned function is called (once). */
  function holdPending(address: string): () => void {
    pending.set(address, (pending.get(address) ?? 0) + 1);
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      const left = (pending.get(address) ?? 1) - 1;
      if (left > 0) pending.set(address, left);
      else pending.delete(address);
    };
  }

  async function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
    const refusal = options.refusalHeaders?.(req) ?? {};
    const address = resolveClientAddress(req, trusted);
    const verdict = await limiter.consume(address, upgradeCredential(req));
    if (!verdict.allowed) {
      metrics.connectionsRefused.inc({ reason: verdict.scope === "address" ? "rate_address" : "rate_credential" });
      const who = verdict.scope === "address" ? "from your network" : "with your account";
      refuse(socket, 429, `Too many connections ${who} just now. Try again in ${verdict.retryAfterSeconds} s.`, { ...refusal, "Retry-After": String(verdict.retryAfterSeconds) });
      return;
    }
    if (limits.maxPendingUpgradesPerAddress > 0 && (pending.get(address) ?? 0) >= limits.maxPendingUpgradesPerAddress) {
      metrics.connectionsRefused.inc({ reason: "pending_address" });
      refuse(socket, 429, "Too many connections from your network are still opening. Try again in a few seconds.", { ...refusal, "Retry-After": "5" });
      return;
    }
    // Released at the first message, at a refusal, or when the socket goes, whichever comes
    // first (a refused client that never closes its side must not keep the slot).
    const settle = holdPending(address);
    socket.once("close", settle);
    const opening = open(req);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), limits.openTimeoutMs)));
    let opened: Awaited<typeof opening> | "timeout";
    try {
      opened = await Promise.race([opening, deadline]);
    } catch (error) {
      if (error instanceof UpgradeRefused) {
        metrics.connectionsRefused.inc({ reason: REFUSAL_REASONS[error.status] ?? "error" });
        refuse(socket, error.status, error.message, refusal);
      } else if (error instanceof RoomUnavailable) {
        metrics.connectionsRefused.inc({ reason: "room_unavailable" });
        logger.error({ err: error.cause, room: error.room }, "could not load room");
        refuse(socket, 503, "The server could not open this document right now. Try again shortly.", refusal);
      } else {
        metrics.connectionsRefused.inc({ reason: "error" });
        logger.error({ err: error }, "realtime authentication failed");
        refuse(socket, 500, "The server could not check your access.", refusal);
      }
      settle();
      return;
    } finally {
      clearTimeout(timer);
    }
    if (opened === "timeout") {
      metrics.connectionsRefused.inc({ reason: "timeout" });
      logger.error({ ms: limits.openTimeoutMs }, "opening a realtime connection took too long; is the database answering?");
      refuse(socket, 503, "The server could not open this document in time: its database is not answering. Try again shortly.", refusal);
      // The room may still open later: its hold is this connection's, which is gone.
      opening.then(({ room }) => rooms.release(room), () => {});
      settle();
      return;
    }
    const { access, room, readSince } = opened;
    // The hold passes to the connection; if there never is one (the client gave up while the
    // room was loading, or ws refused the handshake), it is let go when the socket closes.
    let served = false;
    const unserved = () => {
      if (!served) rooms.release(room);
    };
    if (socket.destroyed) return unserved();
    socket.once("close", unserved);
    wss.handleUpgrade(req, socket, head, (ws) => {
      served = true;
      socket.off("close", unserved);
      connections++;
      metrics.connectionsOpened.inc();
      let unwatch = () => {};
      // A student in their own room is online on the teacher's dashboard until their last connection closes.
      const offline =
        access.credential.kind === "participant" && room.session?.slot.kind === "participant" && room.session.slot.participantId === access.credential.participantId
          ? mirror.participantConnected(room.session, access.credential.participantId)
          : () => {};
      const connection = serveConnection(ws, room, access, {
        limits,
        metrics,
        logger,
        checkUpdate,
        onFirstMessage: settle,
        onClose: () => {
          connections--;
          unwatch();
          offline();
          rooms.release(room);
        },
      });
      unwatch = accessWatch.watch(connection, readSince);
    });
  }

  /** The last encoded state of each open room's document, until its next update. */
  const encodedStates = new WeakMap<Y.Doc, Uint8Array>();

  return {
    metrics,
    rooms,
    projection,
    handleUpgrade(req, socket, head) {
      socket.on("error", () => socket.destroy());
      upgrade(req, socket, head).catch((error: unknown) => {
        logger.error({ err: error }, "realtime upgrade failed");
        socket.destroy();
      });
    },
    async change(roomName, change) {
      // Refused before anything is applied: the caller's change is not half made.
      if (storageFull.isFull()) throw storageFullError();
      const room = await rooms.acquire(roomName);
      try {
        room.doc.transact(() => {
          for (const id of change.deleteAnnotations ?? []) deleteAnnotation(room.doc, id);
          for (const annotation of change.annotations ?? []) writeAnnotation(room.doc, annotation);
          for (const comment of change.comments ?? []) writeComment(room.doc, comment);
        }, "server");
        // Applied already, so it stays (and is stored once space is back), but the caller learns now.
        await storageFull.unlessFull(
          store.flush(room.name),
          () => new AppError("INSUFFICIENT_STORAGE", "The server's storage is full: this change is kept in memory and will be saved once space is freed, but it is not saved yet."),
        );
        await projection.sync(room);
      } finally {
        rooms.release(room);
      }
    },
    async state(roomName) {
      const room = rooms.find(roomName);
      if (!room) return store.read(roomName);
      // A class opening the article at once asks for the same state thirty times: encode it once
      // per change of the room, not once per reader (tens of ms each on a busy article).
      let encoded = encodedStates.get(room.doc);
      if (!encoded) {
        encoded = Y.encodeStateAsUpdate(room.doc);
        encodedStates.set(room.doc, encoded);
        room.doc.once("update", () => encodedStates.delete(room.doc));
      }
      // A reader sees what peers see: only once what it holds is stored.
      await room.fanOut.settled();
      return encoded;
    },
    accessChanged: (event) => accessBus.publish(event),
    async forgetSession(documentId, sessionId) {
      const prefix = sessionRoomPrefix(documentId, sessionId);
      accessWatch.closeWhere((access) => access.session?.sessionId === sessionId, CloseCode.Forbidden, "This session has ended and its data was deleted.");
      mirror.drop(sessionId);
      // Rooms leave memory once their last hold is gone and their writes are stored; then nothing writes them again.
      const deadline = Date.now() + 10_000;
      while (rooms.rooms().some((room) => room.name.startsWith(prefix)) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await store.flush();
      await options.sql.transaction(async (tx) => {
        for (const table of ["realtime_updates", "realtime_snapshots", "projection_states"]) {
          await tx.query(`DELETE FROM "${table}" WHERE left("room", length($1)) = $1`, [prefix]);
        }
      });
    },
    classroomSettled: () => mirror.settled(),
    accessEventsReady: accessBus.ready,
    limitsShared: () => rateLimits.shared(),
    pendingUpgrades: (address) => pending.get(address) ?? 0,
    metricsText: async () => (await metrics.text()) + (ownsRateLimits ? await rateLimits.metricsText() : ""),
    unstored: () => [...store.pendingByRoom()].map(([room, updates]) => ({ room, updates })),
    async close() {
      accessWatch.close();
      mirror.close();
      await accessBus.close();
      for (const client of wss.clients) client.close(CloseCode.GoingAway, "The server is restarting.");
      await store.close();
      await projection.close();
      await rooms.closeAll();
      await relay?.close();
      if (ownsRateLimits) await rateLimits.close();
      metrics.close();
      wss.close();
    },
  };
}
