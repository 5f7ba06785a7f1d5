import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

/** Why an upgrade was refused: the label of `marginalia_realtime_connections_refused_total`. */
export type RefusalReason =
  | "rate_address"
  | "rate_credential"
  | "pending_address"
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "room_unavailable"
  | "timeout"
  | "error";

/** Why an update was not applied: the label of `marginalia_realtime_updates_refused_total`. */
export type UpdateRefusalReason = "read_only" | "invalid";

/** What the server reads at scrape time rather than counting as it goes. */
export type RealtimeReadings = {
  connections(): number;
  rooms(): number;
  pendingWrites(): number;
};

/**
 * The metrics of one realtime server, in a prom-client registry of its own (never the global
 * default one: tests run several servers in one process, and each must report only itself).
 */
export type RealtimeMetrics = {
  registry: Registry;
  connectionsOpened: Counter;
  connectionsRefused: Counter<"reason">;
  messagesIn: Counter;
  messagesOut: Counter;
  updatesApplied: Counter;
  updatesRefused: Counter<"reason">;
  malformedMessages: Counter;
  slowConsumersDropped: Counter;
  /** Connections closed for sending nothing after the upgrade. */
  handshakeTimeouts: Counter;
  storageWrites: Counter;
  storageErrors: Counter;
  /** From a client's update arriving to its frame being handed to every other connection (once stored), in s. */
  fanOutSeconds: Histogram;
  /** From accepting an update to having it stored, in s. */
  durableSeconds: Histogram;
  /** One group-commit write, in s. */
  commitSeconds: Histogram;
  /** The Prometheus text of every metric above, plus Node's process metrics. */
  text(): Promise<string>;
  /** Stops the event-loop probe (the registry stays readable). */
  close(): void;
};

// Latencies users notice live between a millisecond and a few seconds; the buckets are finest
// where the targets are (fan-out p99 tens of ms, durable p95 100 ms) so quantiles read from
// them across processes (histogram_quantile) are not off by a whole decade.
const LATENCY_BUCKETS = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 1, 2, 5];
const EVENT_LOOP_PROBE_MS = 100;

export function createRealtimeMetrics(readings: RealtimeReadings): RealtimeMetrics {
  const registry = new Registry();
  const registers = [registry];
  const counter = (name: string, help: string) => new Counter({ name, help, registers });
  const gauge = (name: string, help: string, read: () => number) =>
    new Gauge({
      name,
      help,
      registers,
      collect() {
        this.set(read());
      },
    });
  const histogram = (name: string, help: string) => new Histogram({ name, help, registers, buckets: LATENCY_BUCKETS });

  gauge("marginalia_realtime_connections", "Open websocket connections.", readings.connections);
  gauge("marginalia_realtime_rooms", "Rooms (documents) held in memory.", readings.rooms);
  gauge("marginalia_realtime_pending_writes", "Accepted updates not yet stored.", readings.pendingWrites);
  // The process metrics (CPU, memory, heap, GC, event-loop lag quantiles) on this registry.
  collectDefaultMetrics({ register: registry });

  // Node's own lag figures are per-process quantiles, which cannot be added up across the
  // processes of a deployment: a timer's lateness as a histogram can.
  const eventLoopLag = histogram("marginalia_realtime_event_loop_lag_seconds", "How late a 100 ms timer fired: time the event loop was busy elsewhere.");
  let expected = performance.now() + EVENT_LOOP_PROBE_MS;
  const probe = setInterval(() => {
    const now = performance.now();
    eventLoopLag.observe(Math.max(0, now - expected) / 1000);
    expected = now + EVENT_LOOP_PROBE_MS;
  }, EVENT_LOOP_PROBE_MS);
  probe.unref();

  return {
    registry,
    connectionsOpened: counter("marginalia_realtime_connections_opened_total", "Connections accepted."),
    connectionsRefused: new Counter({ name: "marginalia_realtime_connections_refused_total", help: "Upgrades refused, by reason.", labelNames: ["reason"], registers }),
    messagesIn: counter("marginalia_realtime_messages_in_total", "Frames received."),
    messagesOut: counter("marginalia_realtime_messages_out_total", "Frames sent."),
    updatesApplied: counter("marginalia_realtime_updates_applied_total", "Client updates applied."),
    updatesRefused: new Counter({ name: "marginalia_realtime_updates_refused_total", help: "Client updates not applied, by reason.", labelNames: ["reason"], registers }),
    malformedMessages: counter("marginalia_realtime_malformed_messages_total", "Frames that were not valid y-websocket messages."),
    slowConsumersDropped: counter("marginalia_realtime_slow_consumers_total", "Connections cut off for not reading."),
    handshakeTimeouts: counter("marginalia_realtime_handshake_timeouts_total", "Connections closed for sending no first message in time."),
    storageWrites: counter("marginalia_realtime_storage_writes_total", "Group-commit writes to the database."),
    storageErrors: counter("marginalia_realtime_storage_errors_total", "Failed storage writes (retried)."),
    fanOutSeconds: histogram("marginalia_realtime_fanout_seconds", "From an update arriving to its frame being handed to every other connection in the room (after it is stored)."),
    durableSeconds: histogram("marginalia_realtime_durable_seconds", "From accepting an update to having it stored."),
    commitSeconds: histogram("marginalia_realtime_commit_seconds", "Time to store one batch of updates."),
    text: () => registry.metrics(),
    close: () => clearInterval(probe),
  };
}
