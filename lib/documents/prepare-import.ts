import { z } from "zod";
import type { PrismaClient } from "@/lib/db/database.ts";
import { AppError, type ErrorCode } from "@/lib/errors.ts";
import { parseInput } from "@/lib/validation.ts";
import { requireAccess, type Actor } from "@/lib/workspaces/require-access.ts";
import { MAX_TEXT_BYTES } from "./document-input.ts";
import { extractHtmlArticle } from "./import/extract-html-article.ts";
import { fetchArticlePage, type FetchOptions } from "./import/fetch-article-page.ts";
import { ImportError, type ImportErrorCode, type ImportedArticle } from "./import/imported-article.ts";
import { parseMarkdownArticle } from "./import/parse-markdown-article.ts";
import { parsePlainTextArticle } from "./parse-plain-text-article.ts";
import type { Block } from "./schema.ts";

/** An uploaded page may carry markup, scripts and styles around a much smaller article. */
export const MAX_UPLOAD_BYTES = 2_000_000;

const inputSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("text"),
    text: z.string().trim().min(1, { error: "Paste the article's text." }).max(MAX_TEXT_BYTES, { error: `Paste at most ${MAX_TEXT_BYTES / 1000} KB of text.` }),
  }),
  z.object({
    kind: z.literal("file"),
    fileName: z.string().trim().min(1, { error: "Choose a file." }).max(255),
    content: z.string().max(MAX_UPLOAD_BYTES, { error: `The file is larger than ${MAX_UPLOAD_BYTES / 1_000_000} MB.` }),
  }),
  z.object({
    kind: z.literal("url"),
    url: z.string().trim().min(1, { error: "Give the article's web address." }).max(2_000),
  }),
]);

export type ImportInput = z.input<typeof inputSchema>;

/** What the person checks (and may correct) before saving. */
export type ImportDraft = {
  title: string;
  source: string;
  author: string;
  /** YYYY-MM-DD or "" */
  publishedAt: string;
  language: string;
  blocks: Block[];
  importedFrom: string | null;
};

const IMPORT_ERROR_STATUS: Record<ImportErrorCode, ErrorCode> = {
  INVALID_URL: "BAD_REQUEST",
  BLOCKED_ADDRESS: "BAD_REQUEST",
  NETWORK_UNREACHABLE: "BAD_GATEWAY",
  TIMEOUT: "BAD_GATEWAY",
  TOO_LARGE: "PAYLOAD_TOO_LARGE",
  HTTP_ERROR: "BAD_GATEWAY",
  UNSUPPORTED_CONTENT: "UNSUPPORTED_MEDIA_TYPE",
  NO_ARTICLE: "BAD_REQUEST",
};

const LOOKS_LIKE_MARKDOWN = /^(#{1,6}\s|---\s*$)|\[[^\]]+\]\([^)]+\)|\*\*[^*]+\*\*/m;

function fromPlainOrMarkdown(text: string): ImportedArticle {
  if (LOOKS_LIKE_MARKDOWN.test(text)) return parseMarkdownArticle(text);
  const article = parsePlainTextArticle(text);
  return { ...article, author: null, publishedAt: null, language: null };
}

function fromFile(fileName: string, content: string): ImportedArticle {
  const extension = fileName.toLowerCase().split(".").pop();
  switch (extension) {
    case "html":
    case "htm":
      return extractHtmlArticle(content);
    case "md":
    case "markdown":
      return parseMarkdownArticle(content);
    case "txt":
      return fromPlainOrMarkdown(content);
    default:
      throw new AppError("UNSUPPORTED_MEDIA_TYPE", "Upload a .txt, .md or .html file.", "file");
  }
}

function toDraft(article: ImportedArticle, importedFrom: string | null): ImportDraft {
  if (article.blocks.length === 0) throw new AppError("BAD_REQUEST", "We found no article text in that. Try pasting the text instead.");
  return {
    title: article.title ?? "",
    source: article.source ?? "",
    author: article.author ?? "",
    publishedAt: article.publishedAt ? article.publishedAt.toISOString().slice(0, 10) : "",
    language: article.language?.split(/[-_]/)[0]?.toLowerCase() ?? "en",
    blocks: article.blocks,
    importedFrom,
  };
}

/**
 * Turns pasted text, an uploaded file or a web address into a draft the person reviews before
 * saving with createDocument. Nothing is stored here; only editors and owners may import.
 * `fetchOptions` carries the operator's resolver choice (importFetchOptions) to the URL fetch.
 */
export async function prepareImport(prisma: PrismaClient, actor: Actor, workspaceId: string, input: unknown, fetchOptions: FetchOptions = {}): Promise<ImportDraft> {
  const parsed = parseInput(inputSchema, input);
  await requireAccess(prisma, actor, workspaceId, "document.import");
  try {
    switch (parsed.kind) {
      case "text":
        return toDraft(fromPlainOrMarkdown(parsed.text), null);
      case "file":
        return toDraft(fromFile(parsed.fileName, parsed.content), null);
      case "url": {
        const page = await fetchArticlePage(parsed.url, fetchOptions);
        const article = page.mediaType === "text/plain" ? fromPlainOrMarkdown(page.text) : extractHtmlArticle(page.text, page.finalUrl);
        return toDraft(article, page.finalUrl);
      }
    }
  } catch (error) {
    if (error instanceof ImportError) throw new AppError(IMPORT_ERROR_STATUS[error.code], error.message, parsed.kind === "url" ? "url" : undefined);
    if (error instanceof AppError) throw error;
    // The plain-text parser reports empty input with a plain Error whose message is for people.
    if (error instanceof Error && parsed.kind !== "url") throw new AppError("BAD_REQUEST", error.message);
    throw error;
  }
}
