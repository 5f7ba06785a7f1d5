/** Counters and gauges of one realtime server, exposed at /metrics in Prometheus text format. */
export type RealtimeMetrics = {
  connectionsOpened: number;
  connectionsRefused: number;
  messagesIn: number;
  messagesOut: number;
  updatesApplied: number;
  updatesRefused: number;
  malformedMessages: number;
  slowConsumersDropped: number;
  storageWrites: number;
  storageErrors: number;
  /** Recent commit latencies in ms (a bounded window), for the p50/p95 summary. */
  commitLatencies: number[];
  /** Recent times from accepting an update to having it stored, in ms (bounded window). */
  durableLatencies: number[];
};

export function createRealtimeMetrics(): RealtimeMetrics {
  return {
    connectionsOpened: 0,
    connectionsRefused: 0,
    messagesIn: 0,
    messagesOut: 0,
    updatesApplied: 0,
    updatesRefused: 0,
    malformedMessages: 0,
    slowConsumersDropped: 0,
    storageWrites: 0,
    storageErrors: 0,
    commitLatencies: [],
    durableLatencies: [],
  };
}

/** How many recent samples a latency window keeps. */
export const LATENCY_WINDOW = 1_000;

export function recordLatency(window: number[], ms: number): void {
  window.push(ms);
  if (window.length > LATENCY_WINDOW) window.splice(0, window.length - LATENCY_WINDOW);
}

export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

/** A latency window as a Prometheus summary: p50, p95 and the sample count. */
function summary(name: string, help: string, window: readonly number[]): string[] {
  const sorted = [...window].sort((a, b) => a - b);
  return [
    `# HELP ${name} ${help}`,
    `# TYPE ${name} summary`,
    `${name}{quantile="0.5"} ${quantile(sorted, 0.5).toFixed(2)}`,
    `${name}{quantile="0.95"} ${quantile(sorted, 0.95).toFixed(2)}`,
    `${name}_count ${sorted.length}`,
  ];
}

/** Prometheus text exposition (version 0.0.4). */
export function formatMetrics(metrics: RealtimeMetrics, gauges: { connections: number; rooms: number; pendingWrites: number }): string {
  const lines = [
    ["marginalia_realtime_connections", "gauge", "Open websocket connections.", gauges.connections],
    ["marginalia_realtime_rooms", "gauge", "Rooms (documents) held in memory.", gauges.rooms],
    ["marginalia_realtime_pending_writes", "gauge", "Accepted updates not yet stored.", gauges.pendingWrites],
    ["marginalia_realtime_connections_opened_total", "counter", "Connections accepted.", metrics.connectionsOpened],
    ["marginalia_realtime_connections_refused_total", "counter", "Upgrades refused (auth, origin, rate).", metrics.connectionsRefused],
    ["marginalia_realtime_messages_in_total", "counter", "Frames received.", metrics.messagesIn],
    ["marginalia_realtime_messages_out_total", "counter", "Frames sent.", metrics.messagesOut],
    ["marginalia_realtime_updates_applied_total", "counter", "Client updates applied.", metrics.updatesApplied],
    ["marginalia_realtime_updates_refused_total", "counter", "Client updates refused (read-only or invalid).", metrics.updatesRefused],
    ["marginalia_realtime_malformed_messages_total", "counter", "Frames that were not valid y-websocket messages.", metrics.malformedMessages],
    ["marginalia_realtime_slow_consumers_total", "counter", "Connections cut off for not reading.", metrics.slowConsumersDropped],
    ["marginalia_realtime_storage_writes_total", "counter", "Group-commit writes to the database.", metrics.storageWrites],
    ["marginalia_realtime_storage_errors_total", "counter", "Failed storage writes (retried).", metrics.storageErrors],
  ] as const;
  const out: string[] = [];
  for (const [name, type, help, value] of lines) out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, `${name} ${value}`);
  out.push(
    ...summary("marginalia_realtime_commit_ms", "Time to store a batch of updates (recent window).", metrics.commitLatencies),
    ...summary("marginalia_realtime_durable_ms", "Time from accepting an update to having it stored (recent window).", metrics.durableLatencies),
  );
  return `${out.join("\n")}\n`;
}
