import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { parsePlainTextArticle } from "./parse-plain-text-article.ts";
import { demoArticlePath } from "./seed-demo-document.ts";

describe("parsePlainTextArticle", () => {
  it("reads the demo article: headline, seven body blocks with one subhead, and the source line", () => {
    const article = parsePlainTextArticle(fs.readFileSync(demoArticlePath(), "utf8"));
    expect(article.title).toBe("the Malian armed forces have just retaken Kidal, the bastion of the Tuareg rebellion");
    expect(article.source).toBe("site-28");
    expect(article.blocks.map((block) => block.type)).toEqual([
      "paragraph",
      "paragraph",
      "paragraph",
      "paragraph",
      "heading",
      "paragraph",
      "paragraph",
    ]);
    expect(article.blocks[4]?.text).toBe("Without France, but with the support of Wagner’s Russian mercenaries");
    expect(article.blocks.some((block) => block.text.includes("source site-28"))).toBe(false);
  });

  it("treats CRLF like LF and collapses whitespace inside paragraphs", () => {
    const article = parsePlainTextArticle("Title\r\n\r\nOne line\r\ncontinues here.\r\n\r\nsource Example");
    expect(article).toEqual({
      title: "Title",
      source: "Example",
      blocks: [{ type: "paragraph", text: "One line continues here." }],
    });
  });

  it("keeps body text that directly follows the headline", () => {
    const article = parsePlainTextArticle("Headline\nFirst paragraph right after it.");
    expect(article.blocks).toEqual([{ type: "paragraph", text: "First paragraph right after it." }]);
    expect(article.source).toBeNull();
  });

  it("does not mistake a sentence or a long line for a subhead", () => {
    const long = `${"word ".repeat(40)}without a full stop`;
    const article = parsePlainTextArticle(`T\n\nShort but finished.\n\n“A quote that ends.”\n\n${long}`);
    expect(article.blocks.map((block) => block.type)).toEqual(["paragraph", "paragraph", "paragraph"]);
  });

  it("only takes the last line as the source when it is a source line", () => {
    const article = parsePlainTextArticle("T\n\nThe source of the river is unknown.");
    expect(article.source).toBeNull();
    expect(article.blocks).toHaveLength(1);
  });

  it("rejects empty input and a headline without body", () => {
    expect(() => parsePlainTextArticle(" \n\n ")).toThrow(/empty/);
    expect(() => parsePlainTextArticle("Just a headline\n\nsource X")).toThrow(/no body/);
  });
});
