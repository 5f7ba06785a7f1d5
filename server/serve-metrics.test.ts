import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "@/lib/logger.ts";
import { createRealtimeMetrics, type RealtimeMetrics } from "./realtime/metrics.ts";
import { serveMetrics } from "./serve-metrics.ts";

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function start(token: string | undefined, address = "127.0.0.1"): Promise<{ url: string; metrics: RealtimeMetrics }> {
  const metrics = createRealtimeMetrics({ connections: () => 2, rooms: () => 1, pendingWrites: () => 0 });
  const server = http.createServer((req, res) => {
    if (!serveMetrics(req, res, { token, address, text: () => metrics.text(), logger: createLogger("silent") })) res.writeHead(404).end();
  });
  cleanups.push(() => server.close(), () => metrics.close());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, metrics };
}

describe("/metrics", () => {
  it("serves Prometheus text to this machine: gauges, counters by reason, latency histograms, process metrics", async () => {
    const { url, metrics } = await start(undefined);
    metrics.updatesApplied.inc(3);
    metrics.connectionsRefused.inc({ reason: "rate_address" });
    metrics.durableSeconds.observe(0.04);
    const response = await fetch(`${url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(text).toContain("# TYPE marginalia_realtime_connections gauge\nmarginalia_realtime_connections 2");
    expect(text).toContain("marginalia_realtime_updates_applied_total 3");
    expect(text).toContain('marginalia_realtime_connections_refused_total{reason="rate_address"} 1');
    expect(text).toContain("# TYPE marginalia_realtime_durable_seconds histogram");
    expect(text).toContain('marginalia_realtime_durable_seconds_bucket{le="0.05"} 1');
    expect(text).toContain('marginalia_realtime_durable_seconds_bucket{le="0.03"} 0');
    expect(text).toContain("# TYPE marginalia_realtime_event_loop_lag_seconds histogram");
    expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
    expect((await fetch(`${url}/other`)).status).toBe(404);
  });

  it("keeps two servers' figures apart in one process", async () => {
    const first = await start(undefined);
    const second = await start(undefined);
    first.metrics.updatesApplied.inc(5);
    expect(await (await fetch(`${second.url}/metrics`)).text()).toContain("marginalia_realtime_updates_applied_total 0");
  });

  it("requires the token when one is configured, and refuses other machines without one", async () => {
    const { url } = await start("a-metrics-token-of-some-length");
    expect((await fetch(`${url}/metrics`)).status).toBe(403);
    expect((await fetch(`${url}/metrics`, { headers: { authorization: "Bearer a-metrics-token-of-some-length" } })).status).toBe(200);
    // Behind a reverse proxy on this machine the peer is loopback; the visitor's address decides.
    const proxied = await start(undefined, "203.0.113.9");
    expect((await fetch(`${proxied.url}/metrics`)).status).toBe(403);
  });
});
