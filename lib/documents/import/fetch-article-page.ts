import { lookup as dnsLookup } from "node:dns/promises";
import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { ImportError } from "./imported-article.ts";
import { isPublicAddress } from "./is-public-address.ts";

export type FetchOptions = {
  /** Budget for the whole import, DNS and redirects included. */
  timeoutMs?: number;
  /** Largest body accepted, counted on the wire. */
  maxBytes?: number;
  maxRedirects?: number;
  /** Resolves a host name to all of its addresses; replaceable so tests need no DNS. */
  lookup?: (hostname: string) => Promise<string[]>;
  /** Which resolved addresses may be contacted; replaceable so tests can reach a local server. */
  isAddressAllowed?: (address: string) => boolean;
};

/** The page's text, decoded; `mediaType` says whether it is HTML or plain text. */
export type FetchedPage = { text: string; mediaType: string; finalUrl: string };

type Settings = Required<FetchOptions>;

const USER_AGENT = "Marginalia article importer";
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const SUPPORTED_TYPES = new Set(["text/html", "application/xhtml+xml", "text/plain"]);
/** Failures that mean "this host cannot be reached from here", as opposed to a broken answer. */
const UNREACHABLE_CODES = new Set([
  "ENOTFOUND", "EAI_AGAIN", "EAI_NONAME", "EAI_NODATA", "ECONNREFUSED", "ENETUNREACH", "EHOSTUNREACH",
]);

async function lookupAllAddresses(hostname: string): Promise<string[]> {
  const entries = await dnsLookup(hostname, { all: true });
  return entries.map((entry) => entry.address);
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null || !("code" in error)) return undefined;
  return typeof error.code === "string" ? error.code : undefined;
}

function unreachable(hostname: string, error: unknown): ImportError {
  const code = errorCode(error);
  if (code === undefined || UNREACHABLE_CODES.has(code)) {
    return new ImportError(
      "NETWORK_UNREACHABLE",
      `The server could not reach ${hostname}. Check the address, or paste the article text instead.`,
    );
  }
  return new ImportError(
    "NETWORK_UNREACHABLE",
    `The connection to ${hostname} failed before the page arrived. Try again later, or paste the article text instead.`,
  );
}

/** Accepts only plain http(s) addresses; credentials in a URL are a classic way to disguise a host. */
function parseWebAddress(raw: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(raw.trim(), base);
  } catch {
    throw new ImportError(
      "INVALID_URL",
      "That does not look like a web address. Check it, or paste the article text instead.",
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ImportError(
      "INVALID_URL",
      base
        ? "The page forwarded to an address that is not a web page, so it cannot be imported."
        : "Only web addresses starting with http:// or https:// can be imported.",
    );
  }
  if (url.username !== "" || url.password !== "") {
    throw new ImportError("INVALID_URL", "Web addresses with a user name or password in them cannot be imported.");
  }
  return url;
}

/**
 * Resolves the host once and checks every address it has: a host with one public and one private
 * address must not be fetched, since either could be used. The address returned is the one to
 * connect to, so a second lookup cannot swap in another (DNS rebinding).
 */
async function checkedAddress(url: URL, settings: Settings): Promise<string> {
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  let addresses: string[];
  if (isIP(host) !== 0) {
    addresses = [host];
  } else {
    try {
      addresses = await settings.lookup(host);
    } catch (error) {
      throw unreachable(host, error);
    }
  }
  const [first] = addresses;
  if (first === undefined) throw unreachable(host, undefined);
  if (!addresses.every((address) => settings.isAddressAllowed(address))) {
    throw new ImportError(
      "BLOCKED_ADDRESS",
      "That address points into a private network; only public web pages can be imported.",
    );
  }
  return first;
}

/** A DNS lookup that always answers with the address already checked. */
function pinnedLookup(address: string): LookupFunction {
  const family = isIP(address);
  return (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  };
}

/**
 * Sends one GET to the checked address. The URL keeps its host name, so the Host header, TLS
 * server name and certificate check are those of the site; only the connection is pinned.
 */
function requestOnce(url: URL, address: string, signal: AbortSignal): Promise<IncomingMessage> {
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    try {
      const request = client.request(
        url,
        {
          method: "GET",
          headers: { "User-Agent": USER_AGENT, Accept: "text/html", "Accept-Encoding": "identity" },
          // No shared agent: a pooled connection would skip the address check of this request.
          agent: false,
          lookup: pinnedLookup(address),
          signal,
        },
        resolve,
      );
      request.on("error", (error) => reject(unreachable(url.hostname, error)));
      request.end();
    } catch (error) {
      reject(unreachable(url.hostname, error));
    }
  });
}

function tooLarge(): ImportError {
  return new ImportError("TOO_LARGE", "That page is too large to import. Paste the article text instead.");
}

/** Reads the body but stops as soon as it grows past the limit, whatever the headers claimed. */
async function readLimitedBody(response: IncomingMessage, maxBytes: number, hostname: string): Promise<Buffer> {
  const declared = Number(response.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBytes) {
    response.destroy();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of response as AsyncIterable<Buffer>) {
      size += chunk.length;
      // Leaving the loop destroys the response, which closes the connection.
      if (size > maxBytes) throw tooLarge();
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof ImportError) throw error;
    throw unreachable(hostname, error);
  }
  return Buffer.concat(chunks);
}

function contentType(response: IncomingMessage): { mediaType: string; charset: string | null } {
  const header = response.headers["content-type"] ?? "";
  const mediaType = (header.split(";")[0] ?? "").trim().toLowerCase();
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(header)?.[1] ?? null;
  return { mediaType, charset };
}

/** Decodes with the declared charset; an unknown label falls back to UTF-8 rather than failing. */
function decode(body: Buffer, charset: string | null): string {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset ?? "utf-8");
  } catch {
    decoder = new TextDecoder("utf-8");
  }
  return decoder.decode(body);
}

async function fetchFollowingRedirects(
  rawUrl: string,
  settings: Settings,
  signal: AbortSignal,
): Promise<FetchedPage> {
  let url = parseWebAddress(rawUrl);
  for (let redirects = 0; ; redirects += 1) {
    const address = await checkedAddress(url, settings);
    signal.throwIfAborted();
    const response = await requestOnce(url, address, signal);
    const status = response.statusCode ?? 0;

    if (REDIRECT_STATUSES.has(status)) {
      response.destroy();
      const location = response.headers.location;
      if (!location) {
        throw new ImportError(
          "HTTP_ERROR",
          "The website forwarded the request without saying where to, so the page could not be loaded.",
        );
      }
      if (redirects >= settings.maxRedirects) {
        throw new ImportError(
          "HTTP_ERROR",
          "The website forwarded the request too many times, so the page could not be loaded.",
        );
      }
      url = parseWebAddress(location, url);
      continue;
    }
    if (status < 200 || status > 299) {
      response.destroy();
      const reason = http.STATUS_CODES[status];
      const described = reason ? `${status} ${reason}` : String(status);
      throw new ImportError(
        "HTTP_ERROR",
        `The website answered with an error (${described}). Check the address, or paste the article text instead.`,
      );
    }
    const { mediaType, charset } = contentType(response);
    if (!SUPPORTED_TYPES.has(mediaType)) {
      response.destroy();
      const file = mediaType ? `a file of type ${mediaType}` : "a file of unknown type";
      throw new ImportError(
        "UNSUPPORTED_CONTENT",
        `That address leads to ${file}, not a web page. Only web pages and plain text can be imported.`,
      );
    }
    const body = await readLimitedBody(response, settings.maxBytes, url.hostname);
    return { text: decode(body, charset), mediaType, finalUrl: url.href };
  }
}

/**
 * Downloads a web page for import without letting the address reach anything but the public
 * internet: every hop is resolved, checked and then connected to exactly the checked address, and
 * time, size and redirects are bounded. Every failure is an ImportError with a readable message.
 */
export async function fetchArticlePage(rawUrl: string, options: FetchOptions = {}): Promise<FetchedPage> {
  const settings: Settings = {
    timeoutMs: options.timeoutMs ?? 10_000,
    maxBytes: options.maxBytes ?? 2_000_000,
    maxRedirects: options.maxRedirects ?? 5,
    lookup: options.lookup ?? lookupAllAddresses,
    isAddressAllowed: options.isAddressAllowed ?? isPublicAddress,
  };
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      // Aborting tears down any connection in flight; the race below reports the timeout.
      controller.abort();
      const message = "The website took too long to answer. Try again later, or paste the article text instead.";
      reject(new ImportError("TIMEOUT", message));
    }, settings.timeoutMs);
  });
  try {
    return await Promise.race([fetchFollowingRedirects(rawUrl, settings, controller.signal), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
