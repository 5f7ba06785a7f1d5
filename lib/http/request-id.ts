/**
 * Every request gets an id that ties its log lines together: the server stamps it on the
 * request (and the response) before Next.js sees it, and code inside Next reads it back from
 * this header to log with it. A trusted proxy's own id (nginx's $request_id) is kept, so the
 * proxy's access log and ours name a request the same way.
 */
export const REQUEST_ID_HEADER = "x-request-id";

/** What a proxy may hand us as an id: short, printable, nothing a log reader could trip on. */
const ACCEPTABLE_ID = /^[A-Za-z0-9._:-]{8,128}$/;

export function isAcceptableRequestId(value: unknown): value is string {
  return typeof value === "string" && ACCEPTABLE_ID.test(value);
}

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

/** The id the server stamped, from a Fetch `Headers` or a Node-style header record. */
export function requestIdOf(headers: HeaderSource): string | undefined {
  const value = headers instanceof Headers ? headers.get(REQUEST_ID_HEADER) : headers[REQUEST_ID_HEADER];
  return isAcceptableRequestId(value) ? value : undefined;
}
