import path from "node:path";
import { z } from "zod";
import { frameAncestorProblem } from "./http/frame-ancestors.ts";
import { dnsServerProblem } from "./documents/import/dns-servers.ts";
import { trustedProxyProblem } from "./http/trusted-proxies.ts";

const databaseUrl = z
  .string()
  .trim()
  .refine((value) => /^postgres(ql)?:\/\//.test(value), {
    message: "must be a PostgreSQL URL (postgresql://user@host:5432/database)",
  });

/** A count per window for a rate limit; 0 turns that limit off. */
const limit = (fallback: number) => z.coerce.number({ error: "must be a whole number (0 turns the limit off)" }).int().min(0).default(fallback);
const milliseconds = (fallback: number) => z.coerce.number({ error: "must be a number of milliseconds" }).int().min(100).max(3_600_000).default(fallback);

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  HOST: z.string().trim().min(1).default("127.0.0.1"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATA_DIR: z.string().trim().min(1).default("./data"),
  DATABASE_URL: databaseUrl.optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  PUBLIC_URL: z.url({ protocol: /^https?$/, error: "must be the http(s) address people use to reach Marginalia" }).optional(),
  AUTH_SECRET: z.string().min(32, { error: "must be at least 32 characters (e.g. openssl rand -base64 32)" }).optional(),
  GITHUB_ID: z.string().optional(),
  GITHUB_SECRET: z.string().optional(),
  GOOGLE_ID: z.string().optional(),
  GOOGLE_SECRET: z.string().optional(),
  OIDC_ISSUER: z.url({ protocol: /^https?$/ }).optional(),
  OIDC_ID: z.string().optional(),
  OIDC_SECRET: z.string().optional(),
  OIDC_NAME: z.string().default("School account"),
  REALTIME_ALLOWED_ORIGINS: z.string().default(""),
  REDIS_URL: z.string().trim().regex(/^rediss?:\/\//, { error: "must be a Redis URL (redis://host:6379)" }).optional(),
  TRUSTED_PROXIES: z
    .string()
    .default("")
    .transform((value) => value.split(",").map((entry) => entry.trim()).filter(Boolean))
    .superRefine((entries, context) => {
      for (const entry of entries) {
        const problem = trustedProxyProblem(entry);
        if (problem) context.addIssue({ code: "custom", message: problem });
      }
    }),
  FRAME_ANCESTORS: z
    .string()
    .default("")
    .transform((value) => value.split(/[\s,]+/).filter(Boolean))
    .superRefine((entries, context) => {
      for (const entry of entries) {
        const problem = frameAncestorProblem(entry);
        if (problem) context.addIssue({ code: "custom", message: problem });
      }
    }),
  METRICS_TOKEN: z.string().min(16, { error: "must be at least 16 characters" }).optional(),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
  CLASSROOM_RETENTION_DAYS: z.coerce
    .number({ error: "must be a whole number of days" })
    .int({ error: "must be a whole number of days" })
    .min(1, { error: "must be at least 1 day" })
    .max(3650, { error: "must be at most 3650 days" })
    .default(30),
  RATE_LIMIT_API_PER_ADDRESS: limit(3000),
  RATE_LIMIT_API_PER_CREDENTIAL: limit(1200),
  RATE_LIMIT_HEAVY_PER_ADDRESS: limit(300),
  RATE_LIMIT_HEAVY_PER_CREDENTIAL: limit(60),
  RATE_LIMIT_BAD_TOKENS_PER_ADDRESS: limit(50),
  RATE_LIMIT_REALTIME_PER_ADDRESS: limit(600),
  RATE_LIMIT_REALTIME_PER_CREDENTIAL: limit(60),
  REALTIME_PENDING_PER_ADDRESS: limit(300),
  REALTIME_HANDSHAKE_TIMEOUT_MS: milliseconds(20_000),
  HTTP_HEADERS_TIMEOUT_MS: milliseconds(20_000),
  RATE_LIMIT_KEY_PREFIX: z.string().trim().min(1).default("marginalia:limits"),
  IMPORT_DNS_SERVERS: z
    .string()
    .default("")
    .transform((value) => value.split(",").map((entry) => entry.trim()).filter(Boolean))
    .superRefine((entries, context) => {
      for (const entry of entries) {
        const problem = dnsServerProblem(entry);
        if (problem) context.addIssue({ code: "custom", message: problem });
      }
    }),
});

/** Every variable the app reads: the container files are checked against this list (test/integration/container-config.test.ts). */
export const ENV_VARIABLES: readonly string[] = Object.keys(envSchema.shape);

export type OAuthProviderConfig =
  | { id: "github"; clientId: string; clientSecret: string }
  | { id: "google"; clientId: string; clientSecret: string }
  | { id: "oidc"; clientId: string; clientSecret: string; issuer: string; name: string };

export type AppConfig = {
  env: "development" | "production" | "test";
  host: string;
  port: number;
  /** Absolute path of the folder that holds the embedded database (and later uploads). */
  dataDir: string;
  /** When set, PostgreSQL at this URL replaces the embedded PGlite database. */
  databaseUrl: string | undefined;
  logLevel: z.infer<typeof envSchema>["LOG_LEVEL"];
  /** The public address (links in invitations, OAuth callbacks); unset: taken from each request's Host. */
  publicUrl: string | undefined;
  authSecret: string | undefined;
  /** OAuth providers whose variables are all set; the others are simply not offered. */
  oauthProviders: OAuthProviderConfig[];
  /** Origins besides this site's own whose pages may open realtime connections. */
  realtimeAllowedOrigins: string[];
  /** Bearer token that unlocks /metrics from other hosts; unset, only loopback may read it. */
  metricsToken: string | undefined;
  /** Redis, for several server processes sharing realtime rooms. */
  redisUrl: string | undefined;
  /**
   * Addresses and CIDR ranges of reverse proxies whose X-Forwarded-For is believed; empty,
   * the TCP peer is the client (a proxy in front would make every visitor one address).
   */
  trustedProxies: string[];
  /**
   * Origins whose pages may show Marginalia in a frame (a school's LMS); empty, no one may
   * (frame-ancestors 'none' and X-Frame-Options: DENY, lib/http/security-headers.ts).
   */
  frameAncestors: string[];
  /**
   * How long a stop (SIGTERM, SIGINT) may take to store every accepted update. Past it (the
   * database is down), the process logs what it could not store and exits non-zero.
   */
  shutdownTimeoutMs: number;
  /** Classroom sessions older than this many days have their participants' names erased. */
  classroomRetentionDays: number;
  /**
   * Name servers the URL importer queries directly instead of the system resolver; empty, it
   * resolves as every other program on the machine does (/etc/hosts, then the system's DNS).
   */
  importDnsServers: string[];
  limits: LimitsConfig;
};

/** Rate limits and timeouts against floods and slow clients (docs/operations.md, "Limits"). 0 turns a rate limit off. */
export type LimitsConfig = {
  /** REST API (/api/v1) requests per minute from one client address, and with one credential (account, participant). */
  apiPerAddress: number;
  apiPerCredential: number;
  /** Of those, imports and exports (and URL imports) per minute: the requests that cost seconds of CPU. */
  heavyPerAddress: number;
  heavyPerCredential: number;
  /** Refused Bearer tokens from one address per 15 minutes; past it, Bearer requests get 429 before any lookup. */
  badTokensPerAddress: number;
  /** Realtime connection attempts per minute from one address, and with one credential. */
  realtimePerAddress: number;
  realtimePerCredential: number;
  /** Realtime upgrades from one address not past their first message, at once. */
  realtimePendingPerAddress: number;
  /** A realtime connection that sends nothing this long after its upgrade is closed. */
  realtimeHandshakeTimeoutMs: number;
  /** A client has this long to send a request's headers (slowloris); also the bound on a whole request's headers+body wait. */
  headersTimeoutMs: number;
  /** Where the counts live in Redis: deployments (or test runs) sharing one Redis keep apart by it. */
  keyPrefix: string;
};

function oauthProviders(env: z.infer<typeof envSchema>): OAuthProviderConfig[] {
  const providers: OAuthProviderConfig[] = [];
  if (env.GITHUB_ID && env.GITHUB_SECRET) providers.push({ id: "github", clientId: env.GITHUB_ID, clientSecret: env.GITHUB_SECRET });
  if (env.GOOGLE_ID && env.GOOGLE_SECRET) providers.push({ id: "google", clientId: env.GOOGLE_ID, clientSecret: env.GOOGLE_SECRET });
  if (env.OIDC_ISSUER && env.OIDC_ID && env.OIDC_SECRET) {
    providers.push({ id: "oidc", clientId: env.OIDC_ID, clientSecret: env.OIDC_SECRET, issuer: env.OIDC_ISSUER, name: env.OIDC_NAME });
  }
  return providers;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

/**
 * The one reader of the environment. Empty strings count as unset, so `PORT= npm start`
 * falls back to the default instead of failing on "".
 */
export function readConfig(source: Record<string, string | undefined> = process.env): AppConfig {
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`Invalid environment:\n${problems.join("\n")}`);
  }
  const env = parsed.data;
  return {
    env: env.NODE_ENV,
    host: env.HOST,
    port: env.PORT,
    dataDir: path.resolve(env.DATA_DIR),
    databaseUrl: env.DATABASE_URL,
    logLevel: env.LOG_LEVEL,
    publicUrl: env.PUBLIC_URL?.replace(/\/$/, ""),
    authSecret: env.AUTH_SECRET,
    oauthProviders: oauthProviders(env),
    realtimeAllowedOrigins: env.REALTIME_ALLOWED_ORIGINS.split(",").map((origin) => origin.trim()).filter(Boolean),
    metricsToken: env.METRICS_TOKEN,
    redisUrl: env.REDIS_URL,
    trustedProxies: env.TRUSTED_PROXIES,
    frameAncestors: env.FRAME_ANCESTORS,
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    classroomRetentionDays: env.CLASSROOM_RETENTION_DAYS,
    limits: {
      apiPerAddress: env.RATE_LIMIT_API_PER_ADDRESS,
      apiPerCredential: env.RATE_LIMIT_API_PER_CREDENTIAL,
      heavyPerAddress: env.RATE_LIMIT_HEAVY_PER_ADDRESS,
      heavyPerCredential: env.RATE_LIMIT_HEAVY_PER_CREDENTIAL,
      badTokensPerAddress: env.RATE_LIMIT_BAD_TOKENS_PER_ADDRESS,
      realtimePerAddress: env.RATE_LIMIT_REALTIME_PER_ADDRESS,
      realtimePerCredential: env.RATE_LIMIT_REALTIME_PER_CREDENTIAL,
      realtimePendingPerAddress: env.REALTIME_PENDING_PER_ADDRESS,
      realtimeHandshakeTimeoutMs: env.REALTIME_HANDSHAKE_TIMEOUT_MS,
      headersTimeoutMs: env.HTTP_HEADERS_TIMEOUT_MS,
      keyPrefix: env.RATE_LIMIT_KEY_PREFIX,
    },
    importDnsServers: env.IMPORT_DNS_SERVERS,
  };
}
