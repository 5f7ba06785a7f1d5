import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { gfm } from "micromark-extension-gfm";
import type { Link, Html, FootnoteDefinition, FootnoteReference } from "mdast";
import { visit } from "unist-util-visit";
import { describe, expect, it } from "vitest";
import { renderMarkdown } from "./render-markdown.ts";
import { sampleExportModel } from "./sample-export-model.ts";
import { TAGS } from "@/lib/realtime/doc-schema.ts";
import { tagAppearance } from "./tag-appearance.ts";

const parse = (markdown: string) => fromMarkdown(markdown, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });

describe("renderMarkdown", () => {
  it("marks highlights inline with their tag's icon and a footnote numbered in reading order", async () => {
    const markdown = await renderMarkdown(sampleExportModel());
    expect(markdown).toContain("Officials said the **⚑[^1]enormous land and ❝[^2]air resources were “liberated”** at dawn.");
    const tree = parse(markdown);
    const references: string[] = [];
    const definitions: FootnoteDefinition[] = [];
    visit(tree, (node) => {
      if (node.type === "footnoteReference") references.push((node as FootnoteReference).identifier);
      if (node.type === "footnoteDefinition") definitions.push(node as FootnoteDefinition);
    });
    expect(references).toEqual(["1", "2", "3"]);
    expect(definitions.map((definition) => definition.identifier)).toEqual(["1", "2", "3"]);
    expect(markdown).toContain("[^1]: **⚑ Propaganda: Loaded language** — highlighted by Awa Traoré");
    expect(markdown).toContain("## Reaction");
  });

  it("writes each thread into its footnote, replies nested", async () => {
    const markdown = await renderMarkdown(sampleExportModel());
    const footnote = markdown.slice(markdown.indexOf("[^1]:"), markdown.indexOf("[^2]:"));
    expect(footnote).toMatch(/\n {4}- \*\*Ben .*\n[\s\S]*\n {6}- \*\*Awa Traoré\*\*/);
    expect(footnote).toContain("**@Ben**");
    expect(markdown).toContain("Resolved by Awa Traoré.");
  });

  it("leaves no raw HTML, no javascript: link and no live formula in the output", async () => {
    const markdown = await renderMarkdown(sampleExportModel());
    const tree = parse(markdown);
    const html: string[] = [];
    const links: string[] = [];
    visit(tree, (node) => {
      if (node.type === "html") html.push((node as Html).value);
      if (node.type === "link") links.push((node as Link).url);
    });
    expect(html).toEqual([]);
    expect(links.filter((url) => !/^(https?|mailto):/.test(url))).toEqual([]);
    expect(markdown).toContain("\\</script>\\<script>alert('x')\\</script>");
    expect(markdown).toContain("\\=HYPERLINK(");
  });

  it("reads back as the article's words when highlights start and end next to markup characters", async () => {
    const sample = sampleExportModel();
    const paragraph = "1. Rates rose *5*_3_ [sic] <b>x</b> ~~y~~ www.example.org |a|";
    const quotes = ["Rates rose *", "*5*_", "_3_ [sic", "[sic] <b>", "x</b> ~~y", "~~ ", "www.example.org |a|"];
    const highlights = quotes.map((quote, index) => {
      const start = paragraph.indexOf(quote);
      return { ...sample.highlights[0]!, number: index + 1, id: `h${index + 1}`, start, end: start + quote.length, exact: quote, comments: [] };
    });
    const model = { ...sample, document: { ...sample.document, blocks: [{ type: "paragraph" as const, text: paragraph }] }, text: paragraph, highlights };
    const tree = parse(await renderMarkdown(model));
    const icons = new Set(TAGS.map((tag) => tagAppearance(tag).icon));
    let read = "";
    visit(tree.children.find((node) => node.type === "paragraph" && node !== tree.children[1])!, "text", (node) => {
      read += node.value;
    });
    expect(Array.from(read).filter((character) => !icons.has(character)).join("")).toBe(paragraph);
  });
});
