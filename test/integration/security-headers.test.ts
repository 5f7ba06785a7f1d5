import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_SLUG } from "@/lib/documents/constants.ts";
import { startApp, type RunningApp } from "./app-server.ts";
import { backends, type TestStorage } from "./databases.ts";

const pglite = backends.find((backend) => backend.name === "pglite")!;

type Answer = { status: number; headers: http.IncomingHttpHeaders; body: string };

/**
 * One request through node:http, which (unlike fetch) can leave from another loopback address:
 * 127.0.0.2 is a client that is not the trusted proxy at 127.0.0.1.
 */
function request(url: string, options: { headers?: Record<string, string>; from?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = http.get(url, { headers: options.headers, localAddress: options.from ?? "127.0.0.1" }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    // A refused websocket upgrade is an ordinary response to an upgrade request.
    outgoing.on("upgrade", () => reject(new Error("the upgrade was accepted")));
    outgoing.on("error", reject);
  });
}

/** The headers every response must carry, whatever it is. */
function expectBaseline(answer: Answer, what: string) {
  expect(answer.headers["x-content-type-options"], what).toBe("nosniff");
  expect(answer.headers["referrer-policy"], what).toBe("strict-origin-when-cross-origin");
  expect(answer.headers["permissions-policy"], what).toMatch(/(^|, )camera=\(\)/);
  expect(answer.headers["permissions-policy"], what).toMatch(/(^|, )microphone=\(\)/);
  expect(answer.headers["permissions-policy"], what).toMatch(/(^|, )geolocation=\(\)/);
  expect(answer.headers["cross-origin-opener-policy"], what).toBe("same-origin");
  expect(answer.headers["content-security-policy"], what).toBeDefined();
}

/** A policy's directives by name; one header only, since a second would be enforced as well. */
function directives(policy: string | string[] | undefined): Map<string, string> {
  if (Array.isArray(policy)) throw new Error(`more than one Content-Security-Policy header: ${policy.join(" | ")}`);
  return new Map((policy ?? "").split(";").map((directive) => {
    const [name = "", ...sources] = directive.trim().split(/\s+/);
    return [name, sources.join(" ")];
  }));
}

/** The nonce of a page's policy, checked to be on every script and stylesheet of its HTML. */
function expectNoncedPage(answer: Answer, what: string): string {
  const policy = directives(answer.headers["content-security-policy"]);
  const nonce = /'nonce-([A-Za-z0-9+/]+={0,2})'/.exec(policy.get("script-src") ?? "")?.[1];
  expect(nonce, `${what}: a nonce in script-src`).toBeDefined();
  expect(policy.get("script-src"), what).not.toMatch(/unsafe-inline|unsafe-eval/);
  expect(policy.get("style-src"), what).toBe(`'self' 'nonce-${nonce}'`);
  expect(policy.get("object-src"), what).toBe("'none'");
  expect(policy.get("base-uri"), what).toBe("'none'");
  const scripts = answer.body.match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length, `${what}: scripts to check`).toBeGreaterThan(0);
  for (const script of scripts) expect(script, what).toContain(`nonce="${nonce}"`);
  return nonce!;
}

function upgrade(url: string): Promise<Answer> {
  return request(url, {
    headers: { connection: "Upgrade", upgrade: "websocket", "sec-websocket-version": "13", "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==" },
  });
}

const storages: TestStorage[] = [];
/** The default configuration, behind a trusted proxy at 127.0.0.1. */
let app: RunningApp;
/** FRAME_ANCESTORS set, as for an LMS. */
let embeddable: RunningApp;

async function startWith(overrides: Parameters<typeof startApp>[1]): Promise<RunningApp> {
  const storage = await pglite.create();
  storages.push(storage);
  return startApp(storage, overrides);
}

async function demoId(running: RunningApp): Promise<string> {
  const demo = await running.server.database.prisma.document.findUniqueOrThrow({ where: { slug: DEMO_SLUG }, select: { id: true } });
  return demo.id;
}

afterAll(async () => {
  await Promise.all(storages.map((storage) => storage.destroy()));
});

describe("security headers on every kind of response (TRUSTED_PROXIES=127.0.0.1, no FRAME_ANCESTORS)", () => {
  beforeAll(async () => {
    app = await startWith({ trustedProxies: ["127.0.0.1"] });
  });
  afterAll(() => app?.close());

  it("gives pages a policy whose fresh nonce is on every script, and no one else's nonce", async () => {
    const forged = { "content-security-policy": "script-src 'nonce-chosenByTheClient'" };
    const pages = [
      ["home page", await request(`${app.url}/`, { headers: forged })],
      ["demo page", await request(`${app.url}/demo`)],
      ["sign-in page", await request(`${app.url}/signin`)],
      ["404 page", await request(`${app.url}/no/such/page`)],
    ] as const;
    const nonces = new Set<string>();
    for (const [what, answer] of pages) {
      expectBaseline(answer, what);
      expect(answer.headers["content-type"], what).toMatch(/^text\/html/);
      nonces.add(expectNoncedPage(answer, what));
      const policy = directives(answer.headers["content-security-policy"]);
      expect(policy.get("frame-ancestors"), what).toBe("'none'");
      expect(answer.headers["x-frame-options"], what).toBe("DENY");
      expect(answer.body, what).not.toContain("chosenByTheClient");
    }
    expect(pages[3][1].status).toBe(404);
    expect(nonces.size, "a nonce per response").toBe(pages.length);
  });

  it("gives JSON, API errors, files, static assets and metrics the policy under which nothing runs", async () => {
    const responses = [
      ["health JSON", await request(`${app.url}/api/health`), 200],
      ["API error (no credentials)", await request(`${app.url}/api/v1/workspaces`), 401],
      ["API error (an export one may not read)", await request(`${app.url}/api/v1/documents/00000000-0000-0000-0000-000000000000/export?format=pdf`), 401],
      ["missing static asset", await request(`${app.url}/_next/static/chunks/none.js`), 404],
      ["metrics (written by the custom server)", await request(`${app.url}/metrics`), 200],
    ] as const;
    for (const [what, answer, status] of responses) {
      expect(answer.status, what).toBe(status);
      expectBaseline(answer, what);
      expect(answer.headers["content-security-policy"], what).toBe("default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
      expect(answer.headers["x-frame-options"], what).toBe("DENY");
    }
    const page = await request(`${app.url}/`);
    const stylesheet = /<link rel="stylesheet" href="([^"]+)"/.exec(page.body)?.[1];
    const asset = await request(`${app.url}${stylesheet}`);
    expect(asset.status).toBe(200);
    expectBaseline(asset, "stylesheet");
  });

  it("sends exports sandboxed, framed only by the app's own pages, downloads and preview alike", async () => {
    const documentId = await demoId(app);
    for (const query of ["format=pdf", "format=docx", "format=html&disposition=inline"]) {
      const answer = await request(`${app.url}/api/v1/documents/${documentId}/export?${query}`);
      expect(answer.status, query).toBe(200);
      expectBaseline(answer, query);
      const policy = directives(answer.headers["content-security-policy"]);
      expect(policy.has("sandbox"), query).toBe(true);
      expect(policy.get("default-src"), query).toBe("'none'");
      expect(policy.get("frame-ancestors"), query).toBe("'self'");
      // X-Frame-Options cannot say "this app's pages, and whoever may frame them": frame-ancestors alone decides.
      expect(answer.headers["x-frame-options"], query).toBeUndefined();
    }
  });

  it("refuses a websocket upgrade with the same headers", async () => {
    const answer = await upgrade(`${app.url}/realtime/no-such-room`);
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expectBaseline(answer, "refused upgrade");
    expect(answer.headers["content-security-policy"]).toMatch(/^default-src 'none'/);
    expect(answer.headers["x-frame-options"]).toBe("DENY");
  });

  it("promises https (HSTS, upgrade-insecure-requests) only when the trusted proxy says the client used it", async () => {
    const https = { "x-forwarded-proto": "https" };
    for (const path of ["/", "/api/health"]) {
      const overHttps = await request(`${app.url}${path}`, { headers: https });
      expect(overHttps.headers["strict-transport-security"], path).toMatch(/^max-age=(\d+); includeSubDomains$/);
      expect(Number(/max-age=(\d+)/.exec(overHttps.headers["strict-transport-security"]!)![1]), path).toBeGreaterThanOrEqual(365 * 24 * 3600);
      const plain = await request(`${app.url}${path}`);
      expect(plain.headers["strict-transport-security"], path).toBeUndefined();
      // The same claim from a client that is not the trusted proxy is not believed.
      const forged = await request(`${app.url}${path}`, { headers: https, from: "127.0.0.2" });
      expect(forged.status, path).toBe(200);
      expect(forged.headers["strict-transport-security"], path).toBeUndefined();
    }
    expect(directives((await request(`${app.url}/`, { headers: https })).headers["content-security-policy"]).has("upgrade-insecure-requests")).toBe(true);
    expect(directives((await request(`${app.url}/`)).headers["content-security-policy"]).has("upgrade-insecure-requests")).toBe(false);
  });
});

describe("FRAME_ANCESTORS for embedding in an LMS", () => {
  beforeAll(async () => {
    embeddable = await startWith({ frameAncestors: ["https://lms.example.edu"] });
  });
  afterAll(() => embeddable?.close());

  it("lets the LMS frame pages, and the export preview inside them; X-Frame-Options, which cannot say so, is not sent", async () => {
    const page = await request(`${embeddable.url}/demo`);
    expectNoncedPage(page, "demo page");
    expect(directives(page.headers["content-security-policy"]).get("frame-ancestors")).toBe("https://lms.example.edu");
    expect(page.headers["x-frame-options"]).toBeUndefined();

    const api = await request(`${embeddable.url}/api/health`);
    expect(directives(api.headers["content-security-policy"]).get("frame-ancestors")).toBe("https://lms.example.edu");
    expect(api.headers["x-frame-options"]).toBeUndefined();

    const preview = await request(`${embeddable.url}/api/v1/documents/${await demoId(embeddable)}/export?format=html&disposition=inline`);
    expect(directives(preview.headers["content-security-policy"]).get("frame-ancestors")).toBe("'self' https://lms.example.edu");
  });
});
