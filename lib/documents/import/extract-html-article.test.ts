import fs from "node:fs";
import { Readability } from "@mozilla/readability";
import { afterEach, describe, expect, it, vi } from "vitest";
import { extractHtmlArticle } from "./extract-html-article.ts";
import { ImportError } from "./imported-article.ts";

const newsPage = fs.readFileSync(new URL("./fixtures/news-page.html", import.meta.url), "utf8");

function page(head: string, body: string, htmlAttributes = ""): string {
  return `<!DOCTYPE html><html ${htmlAttributes}><head>${head}</head><body>${body}</body></html>`;
}

/** Enough text for Readability to recognise an article. */
const STORY = `
  <article>
    <p>The regional rail operator announced on Tuesday that it will run night trains between the two cities from the spring, the first such service in more than twenty years.</p>
    <p>Tickets will go on sale next month. The operator said demand had grown steadily since the pandemic, with more travellers choosing trains over short flights for environmental reasons.</p>
    <p>Trade unions welcomed the decision but warned that staff shortages could delay the launch unless more drivers are trained before the timetable change.</p>
  </article>`;

afterEach(() => {
  vi.restoreAllMocks();
});

describe("extractHtmlArticle", () => {
  it("reduces a news page to its article text and metadata", () => {
    const article = extractHtmlArticle(newsPage, "https://www.dailycourier.example/news/riverside-park");
    expect(article).toEqual({
      title: "Town council approves new riverside park",
      source: "The Daily Courier",
      author: "Meta Author",
      publishedAt: new Date("2024-03-05T08:30:00Z"),
      language: "en-GB",
      blocks: [
        {
          type: "paragraph",
          text: "The town council voted on Monday evening to turn the disused gasworks site on the river into a public park, ending a decade of debate over the future of the land.",
        },
        {
          type: "paragraph",
          text: "Councillors approved the plan by nine votes to four after a three-hour meeting that drew more than two hundred residents, many of whom had campaigned for the park since the site closed in 2014.",
        },
        {
          type: "paragraph",
          text: "\"This is the best news the east side has had in years,\" said Maria Lopez, who chairs the Riverside Residents' Association. Read her full statement.",
        },
        { type: "heading", text: "Cleaning up the soil" },
        {
          type: "paragraph",
          text: "Before any grass can be planted, the contaminated soil must be removed. Engineers estimate that the clean-up will take eighteen months and cost about £4.2 million, most of it paid by a national brownfield fund.",
        },
        { type: "paragraph", text: "The former gasworks, seen from the Mill Street bridge." },
        { type: "paragraph", text: "The plan includes:" },
        { type: "paragraph", text: "a playground near the Mill Street entrance," },
        { type: "paragraph", text: "a riverside path linking the two bridges, and" },
        { type: "paragraph", text: "a community garden run by volunteers." },
        { type: "paragraph", text: "We will not let this become another car park." },
        {
          type: "paragraph",
          text: "Opponents on the council argued that the land should instead be sold to developers to pay for road repairs. The vote means the sale is off the table for at least ten years.",
        },
      ],
    });
  });

  it("lets no script, markup, navigation, advertising or comments into the blocks", () => {
    const text = extractHtmlArticle(newsPage).blocks.map((block) => block.text).join("\n");
    for (const leak of ["googletag", "dataLayer", "alert", "Injected", "onclick", "Advertisement", "Sport", "Comments", "Finally!", "Related stories", "All rights reserved", "Post comment"]) {
      expect(text).not.toContain(leak);
    }
    expect(text).not.toMatch(/<[a-z/!]/i);
  });

  it("falls back to <title>, the byline, a time element and the host name when the page has no meta tags", () => {
    const html = page(
      `<title>Night trains return</title>`,
      `<h1>Night trains return</h1>
       <p class="byline">By Sam Taylor</p>
       <time datetime="2023-11-20">20 November</time>
       ${STORY}`,
    );
    const article = extractHtmlArticle(html, "https://www.rail-news.example/2023/night-trains");
    expect(article.title).toBe("Night trains return");
    expect(article.author).toBe("Sam Taylor");
    expect(article.publishedAt).toEqual(new Date("2023-11-20T00:00:00Z"));
    expect(article.source).toBe("rail-news.example");
    expect(article.language).toBeNull();
    expect(article.blocks).toHaveLength(3);
    expect(article.blocks[0]?.text).toMatch(/^The regional rail operator announced/);
  });

  it("uses og:title and meta author, and ignores dates that do not parse", () => {
    const html = page(
      `<meta property="og:title" content="Night trains return">
       <meta name="author" content="Alex Morgan">
       <meta property="article:published_time" content="last Tuesday">`,
      STORY,
      `lang="fr"`,
    );
    const article = extractHtmlArticle(html);
    expect(article.title).toBe("Night trains return");
    expect(article.author).toBe("Alex Morgan");
    expect(article.publishedAt).toBeNull();
    expect(article.language).toBe("fr");
    expect(article.source).toBeNull();
  });

  it("has no source when the page URL is missing or not a URL", () => {
    expect(extractHtmlArticle(page("", STORY), "not a url").source).toBeNull();
  });

  it("does not repeat the headline as the first body block", () => {
    const html = page(`<title>Night trains return</title>`, `<main><h1>Night trains return</h1><h2>Timetable</h2>${STORY}</main>`);
    const blocks = extractHtmlArticle(html).blocks;
    expect(blocks.some((block) => block.text === "Night trains return")).toBe(false);
  });

  it("reads a short page without its navigation", () => {
    const html = page("", `<nav><a href="/">Home</a> <a href="/blog">Blog</a></nav><p>Short note.</p><p>Second one.</p>`);
    expect(extractHtmlArticle(html).blocks).toEqual([
      { type: "paragraph", text: "Short note." },
      { type: "paragraph", text: "Second one." },
    ]);
  });

  it("falls back to the body's paragraphs, without page furniture, when Readability finds no article", () => {
    vi.spyOn(Readability.prototype, "parse").mockReturnValue(null);
    const html = page(
      `<title>Fallback page</title>`,
      `<header><p>Site header</p></header>
       <div><p>First paragraph.</p><script>track()</script><p>Second paragraph.</p></div>
       <aside><p>Sidebar</p></aside>
       <footer><p>Footer</p></footer>`,
    );
    const article = extractHtmlArticle(html);
    expect(article.title).toBe("Fallback page");
    expect(article.blocks).toEqual([
      { type: "paragraph", text: "First paragraph." },
      { type: "paragraph", text: "Second paragraph." },
    ]);
  });

  it("still reads the body when Readability throws", () => {
    vi.spyOn(Readability.prototype, "parse").mockImplementation(() => {
      throw new Error("Aborting parsing document; 9999 elements found");
    });
    expect(extractHtmlArticle(page("", "<p>Plain paragraph.</p>")).blocks).toEqual([{ type: "paragraph", text: "Plain paragraph." }]);
  });

  it("reads deeply nested pages without Readability, whose cost explodes with depth", () => {
    const parse = vi.spyOn(Readability.prototype, "parse");
    const html = page("", `${"<div>".repeat(500)}<p>Deep text.</p>${"</div>".repeat(500)}<footer>Footer</footer>`);
    expect(extractHtmlArticle(html).blocks).toEqual([{ type: "paragraph", text: "Deep text." }]);
    expect(parse).not.toHaveBeenCalled();
  });

  it.each([
    ["an empty document", ""],
    ["a page with only scripts", page(`<title>App</title>`, `<div id="root"></div><script>render()</script>`)],
    ["a page with only images", page("", `<figure><img src="a.jpg" alt="A"></figure>`)],
  ])("refuses %s with NO_ARTICLE", (_, html) => {
    expect(() => extractHtmlArticle(html)).toThrowError(ImportError);
    try {
      extractHtmlArticle(html);
    } catch (error) {
      expect(error).toMatchObject({ code: "NO_ARTICLE" });
    }
  });
});
