import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, readConfig } from "./env.ts";

describe("readConfig", () => {
  it("has defaults that run the embedded database on localhost:3000", () => {
    expect(readConfig({})).toEqual({
      env: "development",
      host: "127.0.0.1",
      port: 3000,
      dataDir: path.resolve("./data"),
      databaseUrl: undefined,
      logLevel: "info",
      publicUrl: undefined,
      authSecret: undefined,
      oauthProviders: [],
      realtimeAllowedOrigins: [],
      metricsToken: undefined,
      redisUrl: undefined,
      trustedProxies: [],
      frameAncestors: [],
      shutdownTimeoutMs: 30_000,
      classroomRetentionDays: 30,
      limits: {
        apiPerAddress: 3000,
        apiPerCredential: 1200,
        heavyPerAddress: 300,
        heavyPerCredential: 60,
        badTokensPerAddress: 50,
        realtimePerAddress: 600,
        realtimePerCredential: 60,
        realtimePendingPerAddress: 300,
        realtimeHandshakeTimeoutMs: 20_000,
        headersTimeoutMs: 20_000,
        keyPrefix: "marginalia:limits",
      },
      importDnsServers: [],
    });
  });

  it("reads the rate limits, where 0 turns one off, and refuses what is not a count", () => {
    expect(readConfig({ RATE_LIMIT_API_PER_ADDRESS: "0", RATE_LIMIT_HEAVY_PER_CREDENTIAL: "5" }).limits).toMatchObject({ apiPerAddress: 0, heavyPerCredential: 5 });
    expect(() => readConfig({ RATE_LIMIT_API_PER_ADDRESS: "lots" })).toThrow(/RATE_LIMIT_API_PER_ADDRESS/);
    expect(() => readConfig({ HTTP_HEADERS_TIMEOUT_MS: "5" })).toThrow(/HTTP_HEADERS_TIMEOUT_MS/);
  });

  it("reads the shutdown deadline, and refuses one that is not a number of milliseconds", () => {
    expect(readConfig({ SHUTDOWN_TIMEOUT_MS: "1500" }).shutdownTimeoutMs).toBe(1500);
    expect(() => readConfig({ SHUTDOWN_TIMEOUT_MS: "soon" })).toThrow(/SHUTDOWN_TIMEOUT_MS/);
  });

  it("reads the origins allowed to frame the app, and refuses anything else", () => {
    expect(readConfig({ FRAME_ANCESTORS: "https://lms.example.edu, https://*.instructure.com" }).frameAncestors).toEqual([
      "https://lms.example.edu",
      "https://*.instructure.com",
    ]);
    expect(() => readConfig({ FRAME_ANCESTORS: "*" })).toThrow(/FRAME_ANCESTORS: "\*" is not an origin/);
  });

  it("treats empty variables as unset", () => {
    expect(readConfig({ PORT: "", DATABASE_URL: "" }).port).toBe(3000);
  });

  it("accepts PostgreSQL URLs and a port", () => {
    const config = readConfig({ DATABASE_URL: "postgresql://127.0.0.1:5432/test", PORT: "0", NODE_ENV: "test" });
    expect(config.databaseUrl).toBe("postgresql://127.0.0.1:5432/test");
    expect(config.port).toBe(0);
  });

  it("offers an OAuth provider only when all of its variables are set", () => {
    expect(readConfig({ GITHUB_ID: "id" }).oauthProviders).toEqual([]);
    expect(readConfig({ GITHUB_ID: "id", GITHUB_SECRET: "s" }).oauthProviders).toEqual([{ id: "github", clientId: "id", clientSecret: "s" }]);
    expect(readConfig({ OIDC_ISSUER: "https://id.school.example", OIDC_ID: "a", OIDC_SECRET: "b" }).oauthProviders).toEqual([
      { id: "oidc", clientId: "a", clientSecret: "b", issuer: "https://id.school.example", name: "School account" },
    ]);
  });

  it("names every invalid variable", () => {
    const invalid = { PORT: "eighty", DATABASE_URL: "mysql://x", LOG_LEVEL: "loud" };
    expect(() => readConfig(invalid)).toThrow(ConfigError);
    expect(() => readConfig(invalid)).toThrow(/PORT:[^\n]*\n\s+DATABASE_URL: must be a PostgreSQL URL[^\n]*\n\s+LOG_LEVEL:/);
  });

  it("reads TRUSTED_PROXIES as addresses and CIDR ranges, and names a bad entry", () => {
    expect(readConfig({ TRUSTED_PROXIES: " 10.0.0.0/8, 127.0.0.1 ,fd00::/8" }).trustedProxies).toEqual(["10.0.0.0/8", "127.0.0.1", "fd00::/8"]);
    expect(() => readConfig({ TRUSTED_PROXIES: "10.0.0.0/8,proxy.school.example" })).toThrow(/TRUSTED_PROXIES: "proxy.school.example" is not an IP address/);
    expect(() => readConfig({ TRUSTED_PROXIES: "10.0.0.0/33" })).toThrow(/TRUSTED_PROXIES: "10.0.0.0\/33": the prefix length must be 0 to 32/);
  });

  it("reads CLASSROOM_RETENTION_DAYS as whole days", () => {
    expect(readConfig({ CLASSROOM_RETENTION_DAYS: "7" }).classroomRetentionDays).toBe(7);
    expect(() => readConfig({ CLASSROOM_RETENTION_DAYS: "0" })).toThrow(/CLASSROOM_RETENTION_DAYS: must be at least 1 day/);
    expect(() => readConfig({ CLASSROOM_RETENTION_DAYS: "a month" })).toThrow(/CLASSROOM_RETENTION_DAYS: must be a whole number of days/);
  });

  it("reads IMPORT_DNS_SERVERS as name server addresses with optional ports, and names a bad entry", () => {
    expect(readConfig({}).importDnsServers).toEqual([]);
    expect(readConfig({ IMPORT_DNS_SERVERS: " 9.9.9.9, 127.0.0.1:5353 ,2620:fe::fe,[::1]:53" }).importDnsServers).toEqual(["9.9.9.9", "127.0.0.1:5353", "2620:fe::fe", "[::1]:53"]);
    expect(() => readConfig({ IMPORT_DNS_SERVERS: "9.9.9.9,dns.example" })).toThrow(/IMPORT_DNS_SERVERS: "dns.example" is not a name server address/);
    expect(() => readConfig({ IMPORT_DNS_SERVERS: "[9.9.9.9]:53" })).toThrow(/is not a name server address/);
    expect(() => readConfig({ IMPORT_DNS_SERVERS: "9.9.9.9:0" })).toThrow(/the port must be 1 to 65535/);
  });
});
