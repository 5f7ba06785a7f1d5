import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { readCorpus } from "@/test/fuzz/corpus.ts";
import { countCase, fuzzMode, fuzzParameters, printCasesRun } from "@/test/fuzz/fuzz-settings.ts";
import { edgeString } from "@/test/fuzz/json-arbitraries.ts";
import { parsePlainTextArticle } from "../parse-plain-text-article.ts";
import { extractHtmlArticle } from "./extract-html-article.ts";
import { ImportError, type ImportedArticle } from "./imported-article.ts";
import { parseMarkdownArticle } from "./parse-markdown-article.ts";

/**
 * Per case, on a loaded two-core CI machine: real articles take milliseconds; an input that
 * takes seconds is a way to tie up the server. Uploads are capped at 2 MB (prepare-import.ts).
 */
const TIME_BOUND_MS = 10_000;

/** How deep the deep cases go: CI keeps to what runs in well under a second; long mode goes to the parsers' own limits. */
const DEEP = fuzzMode.long ? { markdown: 100_000, lists: 3_000, html: 1_000 } : { markdown: 5_000, lists: 200, html: 150 };

/** An article, or ImportError with a sentence for people: never a TypeError, a RangeError or a hang. */
function expectCleanOutcome(target: string, read: () => ImportedArticle) {
  countCase(target);
  const started = performance.now();
  try {
    const article = read();
    expect(article.blocks.length).toBeGreaterThan(0);
    for (const block of article.blocks) {
      expect(["heading", "paragraph"]).toContain(block.type);
      expect(block.text.trim().length).toBeGreaterThan(0);
    }
    if (article.publishedAt) expect(Number.isNaN(article.publishedAt.getTime())).toBe(false);
  } catch (error) {
    if (!(error instanceof ImportError)) throw error;
    expect(error.message.length).toBeGreaterThan(0);
  }
  expect(performance.now() - started).toBeLessThan(TIME_BOUND_MS);
}

/** An input with a short description for fast-check's counterexamples: a 1 MB string would drown the report. */
type Input = { text: string; [fc.toStringMethod]: () => string };
const shown = (text: string): Input => ({ text, [fc.toStringMethod]: () => (text.length > 500 ? `<${text.length} chars: ${JSON.stringify(text.slice(0, 80))}…>` : JSON.stringify(text)) });
const text = (input: Input) => input.text;
const anyString = fc.string({ unit: "binary" }).map(shown);

const repeated = (pieces: string[], min: number, max: number) =>
  fc.tuple(fc.constantFrom(...pieces), fc.integer({ min, max })).map(([piece, count]) => piece.repeat(count));

const frontMatterValue = fc.oneof(edgeString, fc.constantFrom("2026-11-30", "yesterday", "0000-00-00", "9999-99-99T99:99", "-271821-04-20", "+275760-09-13", "[a, b]", "{x: 1}", "|", ">", "'unterminated", '"x"'));
const frontMatter = fc
  .array(fc.tuple(fc.constantFrom("title", "author", "authors", "date", "source", "lang", "language", "__proto__", "constructor"), frontMatterValue), { maxLength: 6 })
  .map((pairs) => `---\n${pairs.map(([key, value]) => `${key}: ${value.replace(/\n/g, " ")}`).join("\n")}\n  - listed\n---\n`);

const markdownLine = fc.oneof(
  edgeString,
  fc.tuple(fc.integer({ min: 1, max: 8 }), edgeString).map(([level, words]) => `${"#".repeat(level)} ${words}`),
  fc.constantFrom("> quoted", "- item", "1. item", "```", "~~~", "| a | b |", "|---|---|", "---", "***", "[link](http://x)", "![img](x)", "**bold**", "_em_", "<div>", "</div>", "[^1]: note", "[^1]", "- [ ] task", "    code", "source Le Monde", "\u0000", "\uFEFF# Title"),
  repeated(["> ", "- ", "  - ", "1. ", "    ", "*_", "[", "](", "`", "<", "<a>", "http://x ", "@x ", "~~", "|", "\\"], 10, 3_000),
);

const markdownDocument = fc
  .tuple(fc.option(frontMatter), fc.array(markdownLine, { maxLength: 30 }), fc.constantFrom("\n", "\r\n", "\r", "\n\n"))
  .map(([front, lines, newline]) => shown(`${front ?? ""}${lines.join(newline)}`));

/** Container and delimiter structures far deeper than writing, where parsers recurse or backtrack. */
const deepMarkdown = fc
  .tuple(fc.constantFrom("> ", ">", "- ", "* ", "1. ", "  ", "*", "_", "[", "![", "<", "`", "~~", "[^", "**_"), fc.integer({ min: 1_000, max: DEEP.markdown }))
  .map(([marker, count]) => shown(`# Title\n\n${marker.repeat(count)}text${marker.split("").reverse().join("").repeat(count % 3 === 0 ? count : 0)}\n\nA paragraph.`));

/** Nested lists by indentation: each level two spaces deeper. */
const indentedLists = fc.integer({ min: 50, max: DEEP.lists }).map((levels) =>
  shown(`# Title\n\n${Array.from({ length: levels }, (_, level) => `${"  ".repeat(level)}- item ${level}`).join("\n")}`),
);

const attribute = fc.tuple(fc.constantFrom("class", "id", "lang", "datetime", "content", "property", "name", "href", "src", "style", "hidden", "aria-hidden", "onload", "x".repeat(300)), fc.oneof(edgeString, fc.constantFrom("article:published_time", "og:title", "og:site_name", "author", "true", "javascript:alert(1)")));
const tag = fc.constantFrom("html", "head", "body", "article", "main", "div", "p", "span", "h1", "h2", "ul", "ol", "li", "table", "tr", "td", "dl", "dt", "dd", "blockquote", "pre", "script", "style", "noscript", "template", "svg", "math", "title", "meta", "time", "nav", "header", "footer", "aside", "select", "option", "iframe", "a", "b", "br", "x-custom", "frameset", "plaintext", "xmp");
const htmlPiece = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(tag, fc.array(attribute, { maxLength: 3 }), fc.boolean()).map(([name, attributes, closing]) => (closing ? `</${name}>` : `<${name}${attributes.map(([key, value]) => ` ${key}="${value.replace(/"/g, "&quot;")}"`).join("")}>`)) },
  { weight: 3, arbitrary: edgeString },
  { weight: 1, arbitrary: fc.constantFrom("<!-- comment", "-->", "<![CDATA[x]]>", "<!DOCTYPE html>", "&amp;", "&#0;", "&#x110000;", "&nbsp;", "<meta charset=\"utf-16\">", "<meta charset=\"x-unknown\">", "<?xml version=\"1.0\"?>", "<base href=\"javascript:x\">", "\uFEFF", "<", ">", "</", "<p", "=\"") },
);
const htmlDocument = fc.array(htmlPiece, { maxLength: 60 }).map((pieces) => shown(pieces.join("")));

/** Nesting by tags the depth scan counts, and by tags it does not (implicitly closed ones). */
const deepHtml = fc
  .tuple(fc.constantFrom("<div>", "<span>", "<b>", "<table><tr><td>", "<ul><li>", "<dl><dd>", "<p><b>", "<li>", "<td>", "<select><option>", "<svg><g>", "<blockquote>", "<a>", "<em><strong>"), fc.integer({ min: 50, max: DEEP.html }))
  .map(([opening, count]) => shown(`<html><head><title>T</title></head><body><article><p>Lead paragraph.</p>${opening.repeat(count)}deep text</article></body></html>`));

const hugeAttribute = fc
  .tuple(fc.constantFrom("content", "class", "style", "datetime", "lang"), fc.integer({ min: 100_000, max: fuzzMode.long ? 1_500_000 : 300_000 }))
  .map(([name, size]) => shown(`<html lang="en"><head><meta property="article:published_time" ${name}="${"9".repeat(size)}"></head><body><article><p ${name}="${"x".repeat(size)}">Text.</p></article></body></html>`));

/** The default 5 s is too short on a loaded CI machine, and long mode runs 50 times as many cases. */
const TEST_TIMEOUT_MS = 60_000 * fuzzMode.factor;

describe("article imports under fuzzing (Markdown, HTML, plain text)", () => {
  afterAll(() => printCasesRun("article-import"));

  it("reads every corpus file or refuses it with an ImportError", () => {
    for (const entry of readCorpus("markdown-import")) expectCleanOutcome("markdown corpus", () => parseMarkdownArticle(entry.bytes.toString("utf8")));
    for (const entry of readCorpus("html-import")) expectCleanOutcome("html corpus", () => extractHtmlArticle(entry.bytes.toString("latin1"), "https://example.org/a"));
  }, TEST_TIMEOUT_MS);

  it("reads arbitrary and structure-aware Markdown, with front matter, or refuses it with an ImportError", () => {
    fc.assert(fc.property(fc.oneof(anyString, markdownDocument), (input) => expectCleanOutcome("markdown", () => parseMarkdownArticle(text(input)))), fuzzParameters(30));
  }, TEST_TIMEOUT_MS);

  it("reads Markdown nested or delimited thousands deep in time", () => {
    fc.assert(fc.property(fc.oneof(deepMarkdown, indentedLists), (input) => expectCleanOutcome("markdown deep", () => parseMarkdownArticle(text(input)))), fuzzParameters(6));
  }, TEST_TIMEOUT_MS);

  it("reads arbitrary and structure-aware HTML, or refuses it with an ImportError", () => {
    fc.assert(fc.property(fc.oneof(anyString, htmlDocument), fc.constantFrom(undefined, "https://example.org/a", "not a url", "javascript:alert(1)"), (input, url) => expectCleanOutcome("html", () => extractHtmlArticle(text(input), url))), fuzzParameters(15));
  }, TEST_TIMEOUT_MS);

  it("reads HTML nested deep or with megabyte attributes in time", () => {
    fc.assert(fc.property(fc.oneof(deepHtml, hugeAttribute), (input) => expectCleanOutcome("html deep", () => extractHtmlArticle(text(input)))), fuzzParameters(3));
  }, TEST_TIMEOUT_MS);

  it("reads arbitrary plain text or refuses it with a message", () => {
    fc.assert(
      fc.property(fc.oneof(anyString, markdownDocument), (input) => {
        countCase("plain text");
        try {
          expect(parsePlainTextArticle(text(input)).blocks.length).toBeGreaterThan(0);
        } catch (error) {
          // prepare-import.ts shows this message to the person: it must be a plain Error with one.
          expect(error).toBeInstanceOf(Error);
          expect(["The article is empty.", "The article has a headline but no body text."]).toContain((error as Error).message);
        }
      }),
      fuzzParameters(80),
    );
  }, TEST_TIMEOUT_MS);
});
