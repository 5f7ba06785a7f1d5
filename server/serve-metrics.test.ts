import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createRealtimeMetrics, formatMetrics } from "./realtime/metrics.ts";
import { serveMetrics } from "./serve-metrics.ts";

const servers: http.Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

async function start(token: string | undefined): Promise<string> {
  const metrics = createRealtimeMetrics();
  metrics.updatesApplied = 3;
  const server = http.createServer((req, res) => {
    if (!serveMetrics(req, res, { token, text: () => formatMetrics(metrics, { connections: 2, rooms: 1, pendingWrites: 0 }) })) res.writeHead(404).end();
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("/metrics", () => {
  it("serves Prometheus text to this machine", async () => {
    const url = await start(undefined);
    const response = await fetch(`${url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(text).toContain("# TYPE marginalia_realtime_connections gauge\nmarginalia_realtime_connections 2");
    expect(text).toContain("marginalia_realtime_updates_applied_total 3");
    expect(text).toMatch(/marginalia_realtime_durable_ms\{quantile="0.95"\} \d/);
    expect((await fetch(`${url}/other`)).status).toBe(404);
  });

  it("requires the token when one is configured", async () => {
    const url = await start("a-metrics-token-of-some-length");
    expect((await fetch(`${url}/metrics`)).status).toBe(403);
    expect((await fetch(`${url}/metrics`, { headers: { authorization: "Bearer a-metrics-token-of-some-length" } })).status).toBe(200);
  });
});
