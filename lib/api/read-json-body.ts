import { AppError } from "@/lib/errors.ts";

/** Half of a UTF-16 pair on its own: JSON's "\\ud800" escapes allow it, UTF-8 (and so the database) cannot store it. */
const LONE_SURROGATE = /\p{Cs}/u;

function refuseLoneSurrogates(key: string, value: unknown): unknown {
  if (LONE_SURROGATE.test(key) || (typeof value === "string" && LONE_SURROGATE.test(value))) {
    throw new Error("it holds a lone UTF-16 surrogate (an escape such as \\ud800 without its pair)");
  }
  return value;
}

type BodyOptions = { /** Also accept application/ld+json. */ acceptsJsonLd?: boolean; /** Also accept a JSON list (W3C files may be one). */ allowList?: boolean };

/**
 * Reads a JSON request body without ever holding more than `maxBytes`: the declared length is
 * checked first, then the stream is counted as it arrives.
 */
export async function readJsonBody(request: Request, maxBytes: number, options?: BodyOptions & { allowList?: false }): Promise<Record<string, unknown>>;
export async function readJsonBody(request: Request, maxBytes: number, options: BodyOptions & { allowList: true }): Promise<Record<string, unknown> | unknown[]>;
export async function readJsonBody(request: Request, maxBytes: number, { acceptsJsonLd = false, allowList = false }: BodyOptions = {}): Promise<Record<string, unknown> | unknown[]> {
  const type = request.headers.get("content-type") ?? "";
  const accepted = acceptsJsonLd ? /^application\/(ld\+)?json\b/i : /^application\/json\b/i;
  if (!accepted.test(type)) {
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Send the body as JSON with 'Content-Type: application/json'.");
  }
  const tooLarge = () => new AppError("PAYLOAD_TOO_LARGE", `The request body is larger than ${Math.round(maxBytes / 1000)} KB.`);
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw tooLarge();

  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        throw tooLarge();
      }
      chunks.push(value);
    }
  }
  const text = new TextDecoder().decode(Buffer.concat(chunks));
  if (text.trim() === "") throw new AppError("BAD_REQUEST", "The request body is empty; send a JSON object.");
  let value: unknown;
  try {
    value = JSON.parse(text, refuseLoneSurrogates);
  } catch (error) {
    throw new AppError("BAD_REQUEST", `The request body is not valid JSON: ${(error as Error).message}`);
  }
  if (allowList && Array.isArray(value)) return value as unknown[];
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new AppError("BAD_REQUEST", allowList ? "The request body must be a JSON object or list." : "The request body must be a JSON object.");
  }
  return value as Record<string, unknown>;
}
