import { afterEach, describe, expect, it } from "vitest";
import { readConfig } from "@/lib/env.ts";
import { createLogger } from "@/lib/logger.ts";
import { createAppServer, type AppServer } from "@/server/create-app-server.ts";
import { backends, type TestStorage } from "./databases.ts";

const pglite = backends.find((backend) => backend.name === "pglite")!;

/**
 * What a forged X-Forwarded-Proto / -Host changes for next-auth (PUBLIC_URL unset: its origin
 * comes from the request): nothing from a client, the scheme and host from a trusted proxy.
 * The test client connects from 127.0.0.1, trusted or not depending on TRUSTED_PROXIES.
 */
describe("X-Forwarded-Proto and -Host behind TRUSTED_PROXIES", () => {
  let storage: TestStorage | undefined;
  let server: AppServer | undefined;

  afterEach(async () => {
    await server?.close();
    await storage?.destroy();
    server = undefined;
  });

  async function start(trustedProxies: string): Promise<string> {
    storage = await pglite.create();
    const config = readConfig({ NODE_ENV: "production", PORT: "0", HOST: "127.0.0.1", DATA_DIR: storage.dataDir, TRUSTED_PROXIES: trustedProxies });
    process.env.AUTH_TRUST_HOST = "true";
    server = await createAppServer({ config, logger: createLogger("silent") });
    return (await server.listen()).url;
  }

  const forged = { "x-forwarded-proto": "https", "x-forwarded-host": "elsewhere.example" };

  async function authView(url: string) {
    const response = await fetch(`${url}/api/auth/providers`, { headers: forged });
    const providers = (await response.json()) as { credentials: { signinUrl: string } };
    const csrf = await fetch(`${url}/api/auth/csrf`, { headers: forged });
    return { signinUrl: providers.credentials.signinUrl, cookie: csrf.headers.get("set-cookie") ?? "" };
  }

  it("ignores them from a client that is not a trusted proxy: plain cookies, links to the host it reached", async () => {
    const url = await start("");
    const { signinUrl, cookie } = await authView(url);
    expect(new URL(signinUrl).origin).toBe(url);
    expect(cookie).toMatch(/^next-auth\.csrf-token=/);
    expect(cookie).not.toMatch(/;\s*Secure/i);
  }, 60_000);

  it("believes them from a trusted proxy that terminated TLS: secure cookies, https links to the public host", async () => {
    const url = await start("127.0.0.1");
    const { signinUrl, cookie } = await authView(url);
    expect(new URL(signinUrl).origin).toBe("https://elsewhere.example");
    expect(cookie).toMatch(/^__Host-next-auth\.csrf-token=/);
    expect(cookie).toMatch(/;\s*Secure/i);
  }, 60_000);
});
