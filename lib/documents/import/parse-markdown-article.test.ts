import { describe, expect, it } from "vitest";
import { ImportError } from "./imported-article.ts";
import { parseMarkdownArticle } from "./parse-markdown-article.ts";

const md = (...lines: string[]) => lines.join("\n");

describe("parseMarkdownArticle", () => {
  it("reads a typical article: title, subheads, paragraphs, list, quote, code and source line", () => {
    const article = parseMarkdownArticle(
      md(
        "# Night trains *return* to the valley",
        "",
        "The regional operator will run **night trains** from the spring,",
        "the first such service in [twenty years](https://example.org/history).",
        "",
        "![A sleeper carriage](carriage.jpg)",
        "",
        "## What changes",
        "",
        "- Tickets go on sale in March",
        "- Two departures a night,",
        "  one on Sundays",
        "1. First stop: the coast",
        "",
        "> We have waited a long time for this.",
        "> — a commuter",
        "",
        "```text",
        "Departure 22:04",
        "Arrival   06:31",
        "```",
        "",
        "### Reactions",
        "",
        "Unions welcomed the decision.",
        "",
        "source Rail Gazette",
      ),
    );
    expect(article).toEqual({
      title: "Night trains return to the valley",
      source: "Rail Gazette",
      author: null,
      publishedAt: null,
      language: null,
      blocks: [
        {
          type: "paragraph",
          text: "The regional operator will run night trains from the spring, the first such service in twenty years.",
        },
        { type: "heading", text: "What changes" },
        { type: "paragraph", text: "Tickets go on sale in March" },
        { type: "paragraph", text: "Two departures a night, one on Sundays" },
        { type: "paragraph", text: "First stop: the coast" },
        { type: "paragraph", text: "We have waited a long time for this. — a commuter" },
        { type: "paragraph", text: "Departure 22:04 Arrival 06:31" },
        { type: "heading", text: "Reactions" },
        { type: "paragraph", text: "Unions welcomed the decision." },
      ],
    });
  });

  it("takes metadata from YAML front matter", () => {
    const article = parseMarkdownArticle(
      md(
        "---",
        'title: "Rail: the comeback"',
        "author: Sam Taylor",
        "date: 2023-11-20T07:00:00Z",
        "source: Rail Gazette",
        "lang: en",
        "---",
        "",
        "Body text.",
      ),
    );
    expect(article).toEqual({
      title: "Rail: the comeback",
      source: "Rail Gazette",
      author: "Sam Taylor",
      publishedAt: new Date("2023-11-20T07:00:00Z"),
      language: "en",
      blocks: [{ type: "paragraph", text: "Body text." }],
    });
  });

  it("drops a # line that repeats the front-matter title, and keeps one that differs as a subhead", () => {
    expect(parseMarkdownArticle(md("---", "title: Same", "---", "# Same", "", "Text.")).blocks).toEqual([
      { type: "paragraph", text: "Text." },
    ]);
    const differing = parseMarkdownArticle(md("---", "title: From front matter", "---", "# Other", "", "Text."));
    expect(differing.title).toBe("From front matter");
    expect(differing.blocks[0]).toEqual({ type: "heading", text: "Other" });
  });

  it("ignores an invalid date and prefers the front-matter source over the source line", () => {
    const article = parseMarkdownArticle(md("---", "date: someday", "source: Front", "---", "Text.", "", "source Line"));
    expect(article.publishedAt).toBeNull();
    expect(article.source).toBe("Front");
    expect(article.blocks).toEqual([{ type: "paragraph", text: "Text." }]);
  });

  it("has no title when the text does not start with a level-1 heading", () => {
    const article = parseMarkdownArticle(md("Just a paragraph.", "", "# Late heading", "", "More."));
    expect(article.title).toBeNull();
    expect(article.blocks).toEqual([
      { type: "paragraph", text: "Just a paragraph." },
      { type: "heading", text: "Late heading" },
      { type: "paragraph", text: "More." },
    ]);
  });

  it("reads setext headings and closing hashes", () => {
    const article = parseMarkdownArticle(md("The title", "=========", "", "Subhead", "-------", "", "## Another ##", "", "Text."));
    expect(article.title).toBe("The title");
    expect(article.blocks).toEqual([
      { type: "heading", text: "Subhead" },
      { type: "heading", text: "Another" },
      { type: "paragraph", text: "Text." },
    ]);
  });

  it("turns every heading level from ## to ###### into a heading block", () => {
    const article = parseMarkdownArticle(md("# T", "## Two", "### Three", "#### Four", "##### Five", "###### Six", "####### Seven"));
    expect(article.blocks).toEqual([
      { type: "heading", text: "Two" },
      { type: "heading", text: "Three" },
      { type: "heading", text: "Four" },
      { type: "heading", text: "Five" },
      { type: "heading", text: "Six" },
      { type: "paragraph", text: "####### Seven" },
    ]);
  });

  it("reads nested lists, task lists and list items that interrupt a paragraph", () => {
    const article = parseMarkdownArticle(md("Shopping:", "* eggs", "  * free-range", "+ [x] milk", "2) bread"));
    expect(article.blocks.map((block) => block.text)).toEqual(["Shopping:", "eggs", "free-range", "milk", "bread"]);
  });

  it("reads a quote with several paragraphs and a nested heading", () => {
    const article = parseMarkdownArticle(md("> ## Statement", ">", "> First.", ">", "> > Second, **nested**."));
    expect(article.blocks).toEqual([
      { type: "heading", text: "Statement" },
      { type: "paragraph", text: "First." },
      { type: "paragraph", text: "Second, nested." },
    ]);
  });

  it("keeps blank lines and Markdown inside a fenced code block as literal text", () => {
    const article = parseMarkdownArticle(md("~~~", "# not a heading", "", "*not emphasis*", "~~~", "After."));
    expect(article.blocks).toEqual([
      { type: "paragraph", text: "# not a heading *not emphasis*" },
      { type: "paragraph", text: "After." },
    ]);
  });

  it("reads an unclosed fence to the end of the text", () => {
    expect(parseMarkdownArticle(md("Intro.", "```", "code")).blocks.map((block) => block.text)).toEqual(["Intro.", "code"]);
  });

  it("drops thematic breaks, link definitions, raw HTML blocks, scripts and comments", () => {
    const article = parseMarkdownArticle(
      md(
        "First [part][1].",
        "",
        "***",
        "",
        "<div class=\"ad\">",
        "",
        "<script>",
        "track();",
        "",
        "steal();",
        "</script>",
        "<!--",
        "An editor's note.",
        "-->Second part.",
        "",
        "</div>",
        "",
        "[1]: https://example.org/part-one",
      ),
    );
    expect(article.blocks).toEqual([
      { type: "paragraph", text: "First part." },
      { type: "paragraph", text: "Second part." },
    ]);
  });

  it("reads footnote definitions as paragraphs without their marker", () => {
    const article = parseMarkdownArticle(md("A claim.[^1]", "", "[^1]: The source of the claim."));
    expect(article.blocks.map((block) => block.text)).toEqual(["A claim.", "The source of the claim."]);
  });

  it("reads a table row by row", () => {
    const article = parseMarkdownArticle(md("| Party | Seats |", "|-------|------:|", "| Greens | 12 |", "| Reds | 9 |", "", "After."));
    expect(article.blocks.map((block) => block.text)).toEqual(["Party Seats", "Greens 12", "Reds 9", "After."]);
  });

  it("only takes a single plain last line as the source line", () => {
    expect(parseMarkdownArticle(md("Text.", "", "source *Rail* Gazette")).source).toBe("Rail Gazette");
    const quoted = parseMarkdownArticle(md("Text.", "", "> source Quoted"));
    expect(quoted.source).toBeNull();
    expect(quoted.blocks.at(-1)?.text).toBe("source Quoted");
    const twoLines = parseMarkdownArticle(md("Text.", "", "source of the quote", "is unknown."));
    expect(twoLines.source).toBeNull();
    expect(parseMarkdownArticle(md("Text.", "", "- source Item")).source).toBeNull();
  });

  it("accepts CRLF line endings and a byte order mark", () => {
    const article = parseMarkdownArticle("\uFEFF# Title\r\n\r\nOne\r\ntwo.\r\n");
    expect(article.title).toBe("Title");
    expect(article.blocks).toEqual([{ type: "paragraph", text: "One two." }]);
  });

  it("stays fast on hostile structure: deep quotes, unclosed fences and comments", () => {
    expect(parseMarkdownArticle(`${">".repeat(50_000)} deep`).blocks).toEqual([{ type: "paragraph", text: "deep" }]);
    // 10,000 fences are past the markup budget: the text is read as written rather than parsed.
    const fences = parseMarkdownArticle(md("Text.", ..."```\n<!--\n<script>\n".repeat(5_000).split("\n")));
    expect(fences.blocks[0]?.text.startsWith("Text. ``` <!-- <script>")).toBe(true);
    expect(parseMarkdownArticle(md("Text.", "", ..."```\n<!--\n<script>\n".repeat(100).split("\n"))).blocks[0]?.text).toBe("Text.");
  });

  it("reads text with far more markup than writing holds as plain paragraphs, quickly", () => {
    for (const hostile of ["**x ".repeat(25_000), "_a ".repeat(30_000), "[".repeat(50_000), "![".repeat(30_000), "~~a ".repeat(25_000), "[^".repeat(50_000), "*_".repeat(25_000), "- ".repeat(25_000)]) {
      const started = performance.now();
      const [block] = parseMarkdownArticle(hostile).blocks;
      expect(block?.text).toBe(hostile.trim().replace(/\s+/g, " "));
      expect(performance.now() - started).toBeLessThan(1_000);
    }
  });

  it("reads GFM strikethrough, autolinks and task lists as words", () => {
    const article = parseMarkdownArticle(md("It was ~~cheap~~ expensive, see www.example.org.", "", "- [ ] call the ministry"));
    expect(article.blocks.map((block) => block.text)).toEqual(["It was cheap expensive, see www.example.org.", "call the ministry"]);
  });

  it("refuses a text without body with NO_ARTICLE", () => {
    for (const markdown of ["", "   \n\n", "# Only a title", "---\ntitle: x\n---\n", "![only an image](a.png)"]) {
      expect(() => parseMarkdownArticle(markdown)).toThrowError(ImportError);
      expect(() => parseMarkdownArticle(markdown)).toThrowError(expect.objectContaining({ code: "NO_ARTICLE" }));
    }
  });
});
