import http, { type IncomingMessage, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fetchArticlePage, type FetchOptions } from "./fetch-article-page.ts";
import { isPublicAddress } from "./is-public-address.ts";

type TestServer = { origin: string; port: number; requests: IncomingMessage[] };

const servers: Server[] = [];
/** Loopback is exactly what the real policy refuses, so most tests lift it explicitly. */
const allowAll: FetchOptions = { isAddressAllowed: () => true };

async function startServer(handler: RequestListener): Promise<TestServer> {
  const requests: IncomingMessage[] = [];
  const server = http.createServer((request, response) => {
    requests.push(request);
    handler(request, response);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, port, requests };
}

function html(body: string, headers: http.OutgoingHttpHeaders = {}): RequestListener {
  return (_, response) => {
    response.writeHead(200, { "Content-Type": "text/html; charset=utf-8", ...headers });
    response.end(body);
  };
}

/** The error a promise rejects with, so its code and message can both be checked. */
async function failureOf(promise: Promise<unknown>): Promise<{ code?: unknown; message?: unknown }> {
  try {
    await promise;
  } catch (error) {
    return error as { code?: unknown; message?: unknown };
  }
  throw new Error("expected the fetch to fail");
}

function enotfound(hostname: string): Error {
  return Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND", hostname });
}

afterEach(async () => {
  const open = servers.splice(0);
  await Promise.all(
    open.map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  );
});

describe("fetchArticlePage", () => {
  it("fetches a page, sending its own user agent and asking for HTML", async () => {
    const server = await startServer(html("<p>Hello</p>"));
    const page = await fetchArticlePage(`${server.origin}/article?id=1`, allowAll);
    expect(page).toEqual({ text: "<p>Hello</p>", mediaType: "text/html", finalUrl: `${server.origin}/article?id=1` });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.method).toBe("GET");
    expect(server.requests[0]?.headers["user-agent"]).toBe("Marginalia article importer");
    expect(server.requests[0]?.headers.accept).toBe("text/html");
  });

  it("decodes the body with the charset of the Content-Type header", async () => {
    const server = await startServer((_, response) => {
      response.writeHead(200, { "Content-Type": 'text/html; charset="ISO-8859-1"' });
      response.end(Buffer.from("<p>Café crème, déjà vu</p>", "latin1"));
    });
    expect((await fetchArticlePage(server.origin, allowAll)).text).toBe("<p>Café crème, déjà vu</p>");
  });

  it("decodes as UTF-8 when no charset or an unknown one is given, and accepts XHTML and plain text", async () => {
    const server = await startServer((request, response) => {
      const type = { "/none": "text/html", "/bogus": "text/html; charset=no-such-charset", "/xhtml": "application/xhtml+xml", "/text": "text/plain" }[request.url ?? ""];
      response.writeHead(200, { "Content-Type": type });
      response.end(Buffer.from("Zoë – “quoted”", "utf8"));
    });
    const types = { "/none": "text/html", "/bogus": "text/html", "/xhtml": "application/xhtml+xml", "/text": "text/plain" };
    for (const [path, mediaType] of Object.entries(types)) {
      expect(await fetchArticlePage(`${server.origin}${path}`, allowAll)).toMatchObject({ text: "Zoë – “quoted”", mediaType });
    }
  });

  it("follows relative and absolute redirects and reports the final address", async () => {
    const server = await startServer((request, response) => {
      if (request.url === "/start") response.writeHead(302, { Location: "/middle" }).end();
      else if (request.url === "/middle") response.writeHead(301, { Location: `http://127.0.0.1:${port}/final` }).end();
      else html("<p>Final</p>")(request, response);
    });
    const { port } = server;
    const page = await fetchArticlePage(`${server.origin}/start`, allowAll);
    expect(page).toEqual({ text: "<p>Final</p>", mediaType: "text/html", finalUrl: `${server.origin}/final` });
    expect(server.requests.map((request) => request.url)).toEqual(["/start", "/middle", "/final"]);
  });

  it("gives up with HTTP_ERROR after maxRedirects redirects", async () => {
    const server = await startServer((_, response) => response.writeHead(307, { Location: "/loop" }).end());
    const error = await failureOf(fetchArticlePage(`${server.origin}/loop`, { ...allowAll, maxRedirects: 3 }));
    expect(error).toMatchObject({ code: "HTTP_ERROR", message: expect.stringMatching(/too many times/) });
    expect(server.requests).toHaveLength(4);
  });

  it("treats a redirect without a Location as an HTTP_ERROR", async () => {
    const server = await startServer((_, response) => response.writeHead(302).end());
    expect(await failureOf(fetchArticlePage(server.origin, allowAll))).toMatchObject({ code: "HTTP_ERROR" });
  });

  it("refuses a redirect to a non-web address with INVALID_URL", async () => {
    const server = await startServer((_, response) => response.writeHead(302, { Location: "file:///etc/passwd" }).end());
    expect(await failureOf(fetchArticlePage(server.origin, allowAll))).toMatchObject({ code: "INVALID_URL" });
  });

  it("times out with TIMEOUT when the server never answers", async () => {
    const closed = vi.fn();
    const server = await startServer((request) => request.socket.on("close", closed));
    const error = await failureOf(fetchArticlePage(server.origin, { ...allowAll, timeoutMs: 300 }));
    expect(error).toMatchObject({ code: "TIMEOUT", message: expect.stringMatching(/too long/) });
    expect(server.requests).toHaveLength(1);
    // The abandoned connection is torn down rather than left open.
    await vi.waitFor(() => expect(closed).toHaveBeenCalled());
  });

  it("times out with TIMEOUT when the DNS lookup never answers", async () => {
    const error = await failureOf(
      fetchArticlePage("http://slow-dns.test/", { ...allowAll, timeoutMs: 100, lookup: () => new Promise<string[]>(() => {}) }),
    );
    expect(error).toMatchObject({ code: "TIMEOUT" });
  });

  it("refuses with TOO_LARGE when Content-Length exceeds maxBytes, before reading the body", async () => {
    const server = await startServer((_, response) => {
      response.writeHead(200, { "Content-Type": "text/html", "Content-Length": "5000" });
      response.write("<p>start of a big page");
    });
    const error = await failureOf(fetchArticlePage(server.origin, { ...allowAll, maxBytes: 1000 }));
    expect(error).toMatchObject({ code: "TOO_LARGE", message: expect.stringMatching(/too large/) });
  });

  it("aborts with TOO_LARGE once a body without Content-Length grows past maxBytes", async () => {
    const closed = vi.fn();
    const server = await startServer((_, response) => {
      response.writeHead(200, { "Content-Type": "text/html" });
      response.on("close", closed);
      response.on("error", () => {});
      // An endless chunked body: only the client hanging up stops it.
      const pump = () => {
        while (!response.destroyed && response.write("x".repeat(16_384)));
      };
      response.on("drain", pump);
      pump();
    });
    const error = await failureOf(fetchArticlePage(server.origin, { ...allowAll, maxBytes: 50_000 }));
    expect(error).toMatchObject({ code: "TOO_LARGE" });
    await vi.waitFor(() => expect(closed).toHaveBeenCalled());
  });

  it("accepts a body of exactly maxBytes", async () => {
    const server = await startServer(html("x".repeat(1000)));
    expect((await fetchArticlePage(server.origin, { ...allowAll, maxBytes: 1000 })).text).toHaveLength(1000);
  });

  it.each([
    ["application/pdf", /type application\/pdf/],
    ["image/png", /type image\/png/],
    [undefined, /unknown type/],
  ])("refuses content of type %s with UNSUPPORTED_CONTENT", async (type, message) => {
    const server = await startServer((_, response) => {
      if (type) response.setHeader("Content-Type", type);
      response.end("%PDF-1.7");
    });
    expect(await failureOf(fetchArticlePage(server.origin, allowAll))).toMatchObject({ code: "UNSUPPORTED_CONTENT", message: expect.stringMatching(message) });
  });

  it.each([404, 500])("reports HTTP %i as HTTP_ERROR with the status in the message", async (status) => {
    const server = await startServer((_, response) => response.writeHead(status, { "Content-Type": "text/html" }).end("<p>Error page</p>"));
    const error = await failureOf(fetchArticlePage(server.origin, allowAll));
    expect(error).toMatchObject({ code: "HTTP_ERROR", message: expect.stringContaining(`(${status} ${http.STATUS_CODES[status]})`) });
  });

  it.each(["ftp://x", "javascript:alert(1)", "file:///etc/passwd", "data:text/html,<p>hi</p>", "not a url", "", "http://user:secret@example.com/", "https://user@example.com/"])(
    "refuses %j with INVALID_URL",
    async (url) => {
      const lookup = vi.fn(async () => ["93.184.216.34"]);
      expect(await failureOf(fetchArticlePage(url, { lookup }))).toMatchObject({ code: "INVALID_URL" });
      expect(lookup).not.toHaveBeenCalled();
    },
  );

  describe("with the default address policy", () => {
    it.each(["http://127.0.0.1:PORT/", "http://localhost:PORT/", "http://[::1]:PORT/", "http://2130706433:PORT/", "http://0x7f.1:PORT/", "http://[::ffff:127.0.0.1]:PORT/"])(
      "refuses %s with BLOCKED_ADDRESS without sending a request",
      async (template) => {
        const server = await startServer(html("<p>secret</p>"));
        const error = await failureOf(fetchArticlePage(template.replace("PORT", String(server.port))));
        expect(error).toMatchObject({
          code: "BLOCKED_ADDRESS",
          message: "That address points into a private network; only public web pages can be imported.",
        });
        expect(server.requests).toHaveLength(0);
      },
    );

    it("refuses a host if any of its addresses is private, without connecting", async () => {
      const error = await failureOf(fetchArticlePage("http://split.test/", { lookup: async () => ["93.184.216.34", "10.0.0.1"] }));
      expect(error).toMatchObject({ code: "BLOCKED_ADDRESS" });
    });
  });

  describe("redirects into private networks", () => {
    // The test server stands in for a public site: its one address is allowed, the rest of the
    // policy is the real one. Host names resolve through a fake DNS.
    const policy = (address: string) => address === "127.0.0.1" || isPublicAddress(address);
    const fakeDns = (table: Record<string, string[]>) =>
      vi.fn(async (hostname: string) => {
        const addresses = table[hostname];
        if (!addresses) throw enotfound(hostname);
        return addresses;
      });

    it.each(["http://169.254.169.254/latest/meta-data/", "http://intranet.test/admin", "http://[fd00::1]/"])(
      "refuses a redirect to %s with BLOCKED_ADDRESS",
      async (target) => {
        const server = await startServer((_, response) => response.writeHead(302, { Location: target }).end());
        const lookup = fakeDns({ "news.test": ["127.0.0.1"], "intranet.test": ["10.1.2.3"] });
        const error = await failureOf(fetchArticlePage(`http://news.test:${server.port}/story`, { lookup, isAddressAllowed: policy }));
        expect(error).toMatchObject({ code: "BLOCKED_ADDRESS" });
        expect(server.requests.map((request) => request.url)).toEqual(["/story"]);
      },
    );

    it("connects to the address it checked, once per hop, and keeps the host name in the Host header", async () => {
      const server = await startServer(html("<p>Story</p>"));
      // A rebinding DNS would answer differently the second time; there must be no second time.
      const lookup = vi.fn(async () => ["127.0.0.1"]);
      lookup.mockResolvedValueOnce(["127.0.0.1"]).mockResolvedValue(["10.0.0.1"]);
      const page = await fetchArticlePage(`http://news.test:${server.port}/story`, { lookup, isAddressAllowed: policy });
      expect(page).toEqual({ text: "<p>Story</p>", mediaType: "text/html", finalUrl: `http://news.test:${server.port}/story` });
      expect(lookup).toHaveBeenCalledTimes(1);
      expect(lookup).toHaveBeenCalledWith("news.test");
      expect(server.requests[0]?.headers.host).toBe(`news.test:${server.port}`);
    });
  });

  describe("unreachable hosts", () => {
    it("reports a host name that does not resolve as NETWORK_UNREACHABLE", async () => {
      const error = await failureOf(
        fetchArticlePage("https://nowhere.test/article", {
          lookup: async (hostname) => {
            throw enotfound(hostname);
          },
        }),
      );
      expect(error).toMatchObject({
        code: "NETWORK_UNREACHABLE",
        message: "The server could not reach nowhere.test. Check the address, or paste the article text instead.",
      });
    });

    it("reports a host name without addresses as NETWORK_UNREACHABLE", async () => {
      expect(await failureOf(fetchArticlePage("http://empty.test/", { lookup: async () => [] }))).toMatchObject({ code: "NETWORK_UNREACHABLE" });
    });

    it("reports a refused connection as NETWORK_UNREACHABLE", async () => {
      // A port that was just free: start a server to learn one, then close it.
      const probe = http.createServer();
      await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
      const { port } = probe.address() as AddressInfo;
      await new Promise<void>((resolve) => probe.close(() => resolve()));
      const error = await failureOf(fetchArticlePage(`http://127.0.0.1:${port}/`, allowAll));
      expect(error).toMatchObject({ code: "NETWORK_UNREACHABLE", message: expect.stringContaining("could not reach 127.0.0.1") });
    });

    it("reports a connection cut mid-body as NETWORK_UNREACHABLE", async () => {
      const server = await startServer((_, response) => {
        response.writeHead(200, { "Content-Type": "text/html", "Content-Length": "100" });
        response.write("<p>partial", () => response.socket?.destroy());
      });
      expect(await failureOf(fetchArticlePage(server.origin, allowAll))).toMatchObject({ code: "NETWORK_UNREACHABLE" });
    });
  });
});
