import { Readability } from "@mozilla/readability";
import { JSDOM, VirtualConsole } from "jsdom";
import type { Block } from "@/lib/documents/schema.ts";
import { htmlTextBlocks } from "./html-text-blocks.ts";
import { ImportError, type ImportedArticle } from "./imported-article.ts";
import { markupNestsDeeperThan } from "./markup-depth.ts";
import { parsePublishedDate } from "./parse-published-date.ts";

/**
 * Readability's cost grows steeply with nesting depth (seconds at a few hundred levels, minutes at
 * a thousand), while real pages stay far below this; deeper pages are read without it.
 */
const MAX_READABILITY_DEPTH = 100;

/** jsdom itself needs about a second per thousand levels of nesting; deeper input is refused unparsed. */
const MAX_PARSE_DEPTH = 1_000;

/** Metadata read from the page head before Readability rewrites the document. */
type PageMetadata = {
  title: string | null;
  siteName: string | null;
  author: string | null;
  publishedTime: string | null;
  timeElement: string | null;
  language: string | null;
};

function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** Trimmed, whitespace-collapsed text, or null when there is nothing left. */
function nonEmpty(text: string | null | undefined): string | null {
  const collapsed = collapseWhitespace(text ?? "");
  return collapsed.length > 0 ? collapsed : null;
}

function metaContent(document: Document, key: string): string | null {
  const meta = document.querySelector(`meta[property="${key}"], meta[name="${key}"]`);
  return nonEmpty(meta?.getAttribute("content"));
}

function readMetadata(document: Document): PageMetadata {
  const timeElement =
    document.querySelector("article time[datetime]") ?? document.querySelector("time[datetime]");
  return {
    title: metaContent(document, "og:title") ?? nonEmpty(document.querySelector("title")?.textContent),
    siteName: metaContent(document, "og:site_name"),
    author: metaContent(document, "author"),
    publishedTime: metaContent(document, "article:published_time"),
    timeElement: nonEmpty(timeElement?.getAttribute("datetime")),
    language: nonEmpty(document.documentElement.getAttribute("lang")),
  };
}

function parsePageUrl(pageUrl: string | undefined): URL | null {
  if (pageUrl === undefined) return null;
  try {
    return new URL(pageUrl);
  } catch {
    return null;
  }
}

/** Bylines often read "By Jane Doe"; the author field wants just the name. */
function authorName(byline: string | null): string | null {
  return nonEmpty(byline?.replace(/^by\s+/i, ""));
}

/** Whether elements under `root` nest deeper than `limit`, checked without recursion. */
function nestsDeeperThan(root: Element, limit: number): boolean {
  const stack: { element: Element; depth: number }[] = [{ element: root, depth: 1 }];
  for (let entry = stack.pop(); entry; entry = stack.pop()) {
    if (entry.depth > limit) return true;
    for (const child of Array.from(entry.element.children)) stack.push({ element: child, depth: entry.depth + 1 });
  }
  return false;
}

type ReadabilityArticle = NonNullable<ReturnType<Readability<Node>["parse"]>>;

/** Readability's view of the page, or null when it finds nothing or cannot be used on this page. */
function readabilityArticle(document: Document): ReadabilityArticle | null {
  if (nestsDeeperThan(document.documentElement, MAX_READABILITY_DEPTH)) return null;
  try {
    // Readability rewrites the document it reads, so it gets a copy; the fallback needs the original.
    const copy = document.cloneNode(true) as Document;
    return new Readability<Node>(copy, { serializer: (node) => node }).parse();
  } catch {
    // It gives up on some malformed pages; reading the body directly still works for those.
    return null;
  }
}

function parseHtml(html: string, url: URL | null): JSDOM {
  if (markupNestsDeeperThan(html, MAX_PARSE_DEPTH)) {
    throw new ImportError("NO_ARTICLE", "That page is nested too deeply to read. You can copy the article and paste its text instead.");
  }
  try {
    // A silent console: pages routinely contain CSS jsdom cannot parse, which is not our concern.
    return new JSDOM(html, { url: url?.href, virtualConsole: new VirtualConsole() });
  } catch {
    // jsdom runs out of stack on absurdly nested markup; such a page is not an article.
    throw new ImportError(
      "NO_ARTICLE",
      "That page could not be read. You can copy the article and paste its text instead.",
    );
  }
}

/** The article's own headline often opens the body too; the title already shows it. */
function withoutRepeatedTitle(blocks: Block[], title: string | null): Block[] {
  const [first, ...rest] = blocks;
  const repeatsTitle = first?.type === "heading" && title !== null && first.text.toLowerCase() === title.toLowerCase();
  return repeatsTitle ? rest : blocks;
}

/**
 * Reduces a fetched web page to its article: Readability drops navigation, ads and comments,
 * then only the text of the remaining elements is kept. The page is parsed by jsdom without
 * running scripts or loading resources, and no HTML leaves this function.
 */
export function extractHtmlArticle(html: string, pageUrl?: string): ImportedArticle {
  const url = parsePageUrl(pageUrl);
  const dom = parseHtml(html, url);
  try {
    const { document } = dom.window;
    const metadata = readMetadata(document);
    const article = readabilityArticle(document);

    const title = nonEmpty(article?.title) ?? metadata.title;
    let blocks = article?.content ? htmlTextBlocks(article.content) : [];
    if (blocks.length === 0 && document.body) blocks = htmlTextBlocks(document.body, { skipPageChrome: true });
    blocks = withoutRepeatedTitle(blocks, title);
    if (blocks.length === 0) {
      throw new ImportError(
        "NO_ARTICLE",
        "No article text was found on that page. You can copy the article and paste its text instead.",
      );
    }

    return {
      title,
      source: metadata.siteName ?? nonEmpty(article?.siteName) ?? nonEmpty(url?.hostname.replace(/^www\./, "")),
      author: authorName(nonEmpty(article?.byline) ?? metadata.author),
      publishedAt:
        parsePublishedDate(metadata.publishedTime) ??
        parsePublishedDate(metadata.timeElement) ??
        parsePublishedDate(article?.publishedTime),
      language: metadata.language,
      blocks,
    };
  } finally {
    dom.window.close();
  }
}
