import type { Block } from "@/lib/documents/schema.ts";

/** What every importer (web page, Markdown, plain text) hands to the caller; unknown metadata is null. */
export type ImportedArticle = {
  title: string | null;
  source: string | null;
  author: string | null;
  publishedAt: Date | null;
  language: string | null;
  blocks: Block[];
};

/** Why an import failed, so the UI can react per case (e.g. offer "paste the text instead"). */
export type ImportErrorCode =
  | "INVALID_URL"
  | "BLOCKED_ADDRESS"
  | "NETWORK_UNREACHABLE"
  | "TIMEOUT"
  | "TOO_LARGE"
  | "HTTP_ERROR"
  | "UNSUPPORTED_CONTENT"
  | "NO_ARTICLE";

/** An import failure whose message is a plain sentence that can be shown to the reader as is. */
export class ImportError extends Error {
  override readonly name = "ImportError";

  constructor(
    public readonly code: ImportErrorCode,
    message: string,
  ) {
    super(message);
  }
}
