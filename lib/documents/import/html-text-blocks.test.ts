import { JSDOM } from "jsdom";
import { describe, expect, it } from "vitest";
import { htmlTextBlocks } from "./html-text-blocks.ts";

const blocksOf = (html: string, options?: Parameters<typeof htmlTextBlocks>[1]) =>
  htmlTextBlocks(JSDOM.fragment(html), options);

describe("htmlTextBlocks", () => {
  it("turns paragraphs, list items, quotes, code and captions into paragraphs and h1–h6 into headings", () => {
    const html = `
      <h2>A   subhead</h2>
      <p>First <em>paragraph</em>,
         over two lines.</p>
      <ul><li>one</li><li>two</li></ul>
      <ol><li>three</li></ol>
      <blockquote>A quote.</blockquote>
      <pre>const x = 1;
      const y = 2;</pre>
      <figure><img src="a.jpg" alt="An image"><figcaption>A caption.</figcaption></figure>
      <h6>Small heading</h6>`;
    expect(blocksOf(html)).toEqual([
      { type: "heading", text: "A subhead" },
      { type: "paragraph", text: "First paragraph, over two lines." },
      { type: "paragraph", text: "one" },
      { type: "paragraph", text: "two" },
      { type: "paragraph", text: "three" },
      { type: "paragraph", text: "A quote." },
      { type: "paragraph", text: "const x = 1; const y = 2;" },
      { type: "paragraph", text: "A caption." },
      { type: "heading", text: "Small heading" },
    ]);
  });

  it("keeps the paragraphs inside a quote or a list item apart", () => {
    const html = `
      <blockquote><p>First quoted paragraph.</p><p>Second quoted paragraph.</p></blockquote>
      <ul><li>Item<ul><li>Nested item</li></ul></li></ul>`;
    expect(blocksOf(html).map((block) => block.text)).toEqual([
      "First quoted paragraph.",
      "Second quoted paragraph.",
      "Item",
      "Nested item",
    ]);
  });

  it("reads only text: scripts, styles, forms, media and hidden elements are skipped", () => {
    const html = `
      <p>Visible <script>alert("x")</script>text<style>p { color: red }</style>.</p>
      <p><img src="x" onerror="alert(1)"><svg><text>svg text</text></svg><iframe src="https://x.example"></iframe></p>
      <form><label>Name</label><input value="v"><textarea>typed</textarea><button>Send</button></form>
      <p hidden>Hidden paragraph.</p>
      <div aria-hidden="true">Decoration.</div>
      <nav><a href="/">Home</a></nav>
      <noscript>Please enable JavaScript.</noscript>
      <p><a href="#" onclick="steal()">A link</a> and a <br>line break.</p>`;
    expect(blocksOf(html)).toEqual([
      { type: "paragraph", text: "Visible text." },
      { type: "paragraph", text: "A link and a line break." },
    ]);
  });

  it("reads a table row by row without running cells together", () => {
    const html = `<table><tr><th>Party</th><th>Seats</th></tr><tr><td>Greens</td><td>12</td></tr></table>`;
    expect(blocksOf(html).map((block) => block.text)).toEqual(["Party Seats", "Greens 12"]);
  });

  it("treats text directly inside a div as a paragraph of its own", () => {
    expect(blocksOf(`<div>Loose text<p>A paragraph.</p>more loose text</div>`).map((block) => block.text)).toEqual([
      "Loose text",
      "A paragraph.",
      "more loose text",
    ]);
  });

  it("skips headers, footers and asides only when asked to", () => {
    const html = `<header>Site name</header><p>Body.</p><aside>Related</aside><footer>Copyright</footer>`;
    expect(blocksOf(html).map((block) => block.text)).toEqual(["Site name", "Body.", "Related", "Copyright"]);
    expect(blocksOf(html, { skipPageChrome: true }).map((block) => block.text)).toEqual(["Body."]);
  });

  it("drops blocks that are empty after collapsing whitespace", () => {
    expect(blocksOf(`<p>   </p><h2>\n</h2><li>&nbsp;</li>`)).toEqual([]);
  });

  it("reads arbitrarily deep nesting without running out of stack", () => {
    const { document } = new JSDOM("").window;
    // Built from the inside out: jsdom itself recurses when nodes are added under deep ancestors.
    let root: Element = document.createElement("p");
    root.append("Deep text.");
    for (let level = 0; level < 10_000; level += 1) {
      const parent = document.createElement(level % 2 === 0 ? "span" : "div");
      parent.appendChild(root);
      root = parent;
    }
    expect(htmlTextBlocks(root)).toEqual([{ type: "paragraph", text: "Deep text." }]);
  });
});
