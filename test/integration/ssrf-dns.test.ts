import { once } from "node:events";
import http, { type IncomingMessage, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp } from "@/lib/auth/sign-up.ts";
import { lookupThroughServers } from "@/lib/documents/import/dns-servers.ts";
import { fetchArticlePage, type FetchOptions } from "@/lib/documents/import/fetch-article-page.ts";
import { isPublicAddress } from "@/lib/documents/import/is-public-address.ts";
import { startApp, type RunningApp } from "./app-server.ts";
import { backends, type TestStorage } from "./databases.ts";
import { startDnsStub, type DnsStub, type Zone } from "./dns-stub.ts";
import { signIn, serverActionIds } from "./next-client.ts";

/**
 * SSRF on URL import, end to end through real DNS packets: a DNS server of the test's own on
 * UDP 127.0.0.1 answers with private, loopback, link-local, IPv6-mapped and NAT64 addresses,
 * mixes of public and private ones, and an answer that changes between two lookups; a web
 * server chains redirects into private ranges. The importer resolves through that server
 * (IMPORT_DNS_SERVERS / lookupThroughServers, node's Resolver: the real DNS path) and must refuse
 * every one without a byte reaching the internal service that listens on loopback.
 *
 * One seam, the one fetchArticlePage already has: in the tests that need a reachable "public"
 * site, the address policy is the real one plus exactly 127.0.0.2, where the public site listens
 * (Linux routes all of 127/8 to loopback). The internal service listens on 127.0.0.1 and ::1 at
 * the same port, so a connection to any loopback address the policy did not bless lands there
 * and is counted. The refusal table and the app's route use the real policy with no seam at all.
 *
 * The same names then go through the app itself: the production server started with
 * IMPORT_DNS_SERVERS pointing at the stub, and the import page's server action (URL import has
 * no REST route; this action is the endpoint the import form posts to) called over HTTP as the
 * form does, signed in. Seeing the stub asked and the importer's refusal come back proves the
 * route fetches through the checked fetch with the operator's resolver.
 */

const PUBLIC_SITE = "127.0.0.2";
const DOCUMENTATION_ADDRESS = "93.184.216.34";
const BLOCKED = "That address points into a private network; only public web pages can be imported.";

type Site = { port: number; requests: IncomingMessage[]; close(): Promise<void> };

async function listen(server: Server, host: string, port: number): Promise<number> {
  server.listen(port, host);
  await once(server, "listening");
  return (server.address() as AddressInfo).port;
}

async function closeAll(servers: Server[]): Promise<void> {
  await Promise.all(servers.map((server) => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve())))));
}

/** The "public" site on 127.0.0.2:<port> and the internal service on 127.0.0.1 and ::1 at the same port. */
async function startSites(publicHandler: RequestListener): Promise<{ site: Site; internal: Site }> {
  for (let attempt = 0; ; attempt += 1) {
    const siteRequests: IncomingMessage[] = [];
    const internalRequests: IncomingMessage[] = [];
    const site = http.createServer((request, response) => (siteRequests.push(request), publicHandler(request, response)));
    const internalHandler: RequestListener = (request, response) => {
      internalRequests.push(request);
      response.writeHead(200, { "Content-Type": "text/html" }).end("<h1>Internal admin</h1><p>secret</p>");
    };
    const internal = [http.createServer(internalHandler), http.createServer(internalHandler)];
    const port = await listen(site, PUBLIC_SITE, 0);
    try {
      await listen(internal[0]!, "127.0.0.1", port);
      await listen(internal[1]!, "::1", port);
    } catch (error) {
      // Someone else holds that port on 127.0.0.1 or ::1: take another.
      await closeAll([site, ...internal.filter((server) => server.listening)]);
      if (attempt >= 5) throw error;
      continue;
    }
    return {
      site: { port, requests: siteRequests, close: () => closeAll([site]) },
      internal: { port, requests: internalRequests, close: () => closeAll(internal) },
    };
  }
}

/** The error a promise rejects with. */
async function failureOf(promise: Promise<unknown>): Promise<{ code?: unknown; message?: unknown }> {
  try {
    await promise;
  } catch (error) {
    return error as { code?: unknown; message?: unknown };
  }
  throw new Error("expected the fetch to fail");
}

const always = (records: { A?: string[]; AAAA?: string[] }) => () => records;

/** Names whose every answer the importer must refuse, with the real address policy. */
const REFUSED: Zone = {
  "loopback.test": always({ A: ["127.0.0.1"] }),
  "ten.test": always({ A: ["10.20.30.40"] }),
  "seventeen.test": always({ A: ["172.16.0.1"] }),
  "thirtyone.test": always({ A: ["172.31.255.254"] }),
  "home.test": always({ A: ["192.168.1.1"] }),
  "metadata.test": always({ A: ["169.254.169.254"] }),
  "v6-loopback.test": always({ AAAA: ["::1"] }),
  "link-local.test": always({ AAAA: ["fe80::1"] }),
  "mapped.test": always({ AAAA: ["::ffff:127.0.0.1"] }),
  "nat64.test": always({ AAAA: ["64:ff9b::7f00:1"] }),
  "mixed-v4.test": always({ A: [DOCUMENTATION_ADDRESS, "10.0.0.1"] }),
  "mixed-families.test": always({ A: [DOCUMENTATION_ADDRESS], AAAA: ["::1"] }),
  "private-first.test": always({ A: ["192.168.0.10", DOCUMENTATION_ADDRESS] }),
};

describe("URL import against a DNS server that lies", () => {
  let dns: DnsStub;
  let site: Site;
  let internal: Site;
  /** The real address policy, plus the one test address that plays a public web server. */
  const playsPublic = (address: string) => address === PUBLIC_SITE || isPublicAddress(address);
  let through: (extra?: FetchOptions) => FetchOptions;

  beforeAll(async () => {
    ({ site, internal } = await startSites((request, response) => {
      const hop = /^\/hop\/(.+)$/.exec(request.url ?? "");
      if (hop) {
        response.writeHead(302, { Location: decodeURIComponent(hop[1]!) }).end();
        return;
      }
      response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end("<h1>Public story</h1><p>Fine to import.</p>");
    }));
    dns = await startDnsStub({
      ...REFUSED,
      "news.test": always({ A: [PUBLIC_SITE] }),
      // Rebinding: public on the first lookup, loopback (where the internal service listens) after.
      "rebind.test": (query) => ({ A: [query === 0 ? PUBLIC_SITE : "127.0.0.1"] }),
      "rebind-hop.test": (query) => ({ A: [query === 0 ? PUBLIC_SITE : "127.0.0.1"] }),
    });
    through = (extra = {}) => ({ lookup: lookupThroughServers([dns.server]), timeoutMs: 5_000, ...extra });
  });
  afterAll(async () => {
    await site?.close();
    await internal?.close();
    await dns?.close();
  });

  it("fetches a page whose name the stub resolves to the public site (the control: the path works)", async () => {
    const page = await fetchArticlePage(`http://news.test:${site.port}/story`, through({ isAddressAllowed: playsPublic }));
    expect(page).toMatchObject({ text: expect.stringContaining("Public story"), finalUrl: `http://news.test:${site.port}/story` });
    expect(dns.queries("news.test", "A")).toBe(1);
    expect(site.requests.at(-1)?.headers.host).toBe(`news.test:${site.port}`);
    expect(internal.requests).toHaveLength(0);
  });

  it.each(Object.keys(REFUSED))("refuses %s with BLOCKED_ADDRESS, having asked the stub, contacting nothing", async (name) => {
    const before = dns.queries(name, "A") + dns.queries(name, "AAAA");
    const error = await failureOf(fetchArticlePage(`http://${name}:${internal.port}/admin`, through()));
    expect(error).toMatchObject({ code: "BLOCKED_ADDRESS", message: BLOCKED });
    // Both families were asked: the refusal came from the stub's answer, not a failed lookup.
    expect(dns.queries(name, "A") + dns.queries(name, "AAAA")).toBe(before + 2);
    expect(internal.requests).toHaveLength(0);
  });

  it("reports a name the stub does not know as unreachable, not as blocked", async () => {
    expect(await failureOf(fetchArticlePage("http://unknown.test/", through()))).toMatchObject({ code: "NETWORK_UNREACHABLE" });
  });

  it("rebinding: connects to the address it checked, never asking again for the same hop", async () => {
    const page = await fetchArticlePage(`http://rebind.test:${site.port}/story`, through({ isAddressAllowed: playsPublic }));
    expect(page.text).toContain("Public story");
    expect(dns.queries("rebind.test", "A")).toBe(1);
    expect(internal.requests).toHaveLength(0);
    // The stub now answers loopback for that name: the next import of it is refused.
    const again = await failureOf(fetchArticlePage(`http://rebind.test:${site.port}/story`, through({ isAddressAllowed: playsPublic })));
    expect(again).toMatchObject({ code: "BLOCKED_ADDRESS" });
    expect(dns.queries("rebind.test", "A")).toBe(2);
    expect(internal.requests).toHaveLength(0);
  });

  it("rebinding inside one import: a redirect to the same host is looked up and checked again", async () => {
    const target = encodeURIComponent(`http://rebind-hop.test:${site.port}/story`);
    const error = await failureOf(fetchArticlePage(`http://rebind-hop.test:${site.port}/hop/${target}`, through({ isAddressAllowed: playsPublic })));
    expect(error).toMatchObject({ code: "BLOCKED_ADDRESS" });
    expect(dns.queries("rebind-hop.test", "A")).toBe(2);
    expect(site.requests.at(-1)?.url).toBe(`/hop/${target}`);
    expect(internal.requests).toHaveLength(0);
  });

  it.each([
    ["a name that resolves to loopback", (port: number) => `http://loopback.test:${port}/admin`],
    ["the cloud metadata endpoint", () => "http://metadata.test/latest/meta-data/"],
    ["a private IPv4 literal", (port: number) => `http://127.0.0.1:${port}/admin`],
    ["an IPv6-mapped loopback literal", (port: number) => `http://[::ffff:127.0.0.1]:${port}/admin`],
    ["an IPv6 loopback literal", (port: number) => `http://[::1]:${port}/admin`],
    ["a NAT64 name", () => "http://nat64.test/"],
  ])("refuses a redirect chain from the public site into %s", async (_, target) => {
    const last = encodeURIComponent(target(internal.port));
    // Two public hops first, so the check is per hop and not only on the first address.
    const middle = encodeURIComponent(`http://news.test:${site.port}/hop/${last}`);
    const error = await failureOf(fetchArticlePage(`http://news.test:${site.port}/hop/${middle}`, through({ isAddressAllowed: playsPublic })));
    expect(error).toMatchObject({ code: "BLOCKED_ADDRESS", message: BLOCKED });
    expect(site.requests.at(-1)?.url).toBe(`/hop/${last}`);
    expect(internal.requests).toHaveLength(0);
  });
});

type ActionResult = { ok: boolean; error?: string; field?: string };

describe("the import form's endpoint, on a server whose IMPORT_DNS_SERVERS is the stub", () => {
  let dns: DnsStub;
  let internal: Site;
  let storage: TestStorage;
  let app: RunningApp;
  let submit: (url: string) => Promise<ActionResult>;

  beforeAll(async () => {
    ({ internal } = await startSites((_, response) => response.writeHead(404).end()));
    dns = await startDnsStub(REFUSED);
    storage = await backends.find((backend) => backend.name === "pglite")!.create();
    app = await startApp(storage, { importDnsServers: [dns.server] });
    const account = await signUp(app.server.database.prisma, { email: "importer@example.org", name: "Ines", password: "importer password" });
    const cookie = await signIn(app.url, account.email, "importer password");
    const actionId = serverActionIds().get("prepareImportAction");
    if (!actionId) throw new Error("prepareImportAction is not in the build's server reference manifest");
    submit = async (url) => {
      // What the form sends through useActionState: the previous state (null) and the form data,
      // encoded as React's reply format (fields of the FormData argument carry the prefix "_1_").
      const body = new FormData();
      body.set("_1_workspaceId", account.workspaceId);
      body.set("_1_kind", "url");
      body.set("_1_url", url);
      body.set("0", JSON.stringify([null, "$K1"]));
      const response = await fetch(`${app.url}/workspaces/${account.workspaceId}/import`, {
        method: "POST",
        headers: { cookie, origin: app.url, accept: "text/x-component", "next-action": actionId },
        body,
      });
      expect(response.status).toBe(200);
      // The action's answer is one row of the RSC stream: `<id>:<json>`.
      const rows = (await response.text()).split("\n").map((line) => /^[0-9a-f]+:(\{.*\})$/.exec(line)?.[1]).filter((json) => json !== undefined);
      const result = rows.map((json) => JSON.parse(json) as ActionResult).find((row) => typeof row.ok === "boolean");
      if (!result) throw new Error("the action answered without a result");
      return result;
    };
  });
  afterAll(async () => {
    await app?.close();
    await storage?.destroy();
    await internal?.close();
    await dns?.close();
  });

  it("refuses every lying name, and loopback literals, with the importer's own message", async () => {
    for (const name of Object.keys(REFUSED)) {
      const before = dns.queries(name, "A") + dns.queries(name, "AAAA");
      expect(await submit(`http://${name}:${internal.port}/admin`), name).toEqual({ ok: false, error: BLOCKED, field: "url" });
      expect(dns.queries(name, "A") + dns.queries(name, "AAAA"), `${name} was resolved through the stub`).toBe(before + 2);
    }
    for (const literal of [`http://127.0.0.1:${internal.port}/admin`, `http://[::ffff:127.0.0.1]:${internal.port}/admin`, "http://169.254.169.254/latest/meta-data/"]) {
      expect(await submit(literal), literal).toEqual({ ok: false, error: BLOCKED, field: "url" });
    }
    expect(internal.requests).toHaveLength(0);
  });
});
