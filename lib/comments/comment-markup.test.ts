import { describe, expect, it } from "vitest";
import {
  commentPlainText,
  extractMentionIds,
  mentionToken,
  parseCommentMarkup,
  safeHref,
  type Block,
  type Inline,
} from "./comment-markup.ts";

const text = (value: string): Inline => ({ type: "text", value });

/** The inline nodes of a body that is a single paragraph. */
function inline(body: string): Inline[] {
  const blocks = parseCommentMarkup(body);
  expect(blocks).toHaveLength(1);
  const [block] = blocks;
  if (block?.type !== "paragraph") throw new Error(`expected one paragraph, got ${JSON.stringify(blocks)}`);
  return block.children;
}

function maxDepth(nodes: readonly Inline[]): number {
  let depth = 0;
  for (const node of nodes) {
    if (node.type === "strong" || node.type === "emphasis" || node.type === "link") depth = Math.max(depth, 1 + maxDepth(node.children));
  }
  return depth;
}

describe("parseCommentMarkup: blocks", () => {
  it("splits paragraphs on blank lines and keeps single newlines as line breaks", () => {
    expect(parseCommentMarkup("First line\r\nsecond line\n\n  \nNext paragraph")).toEqual<Block[]>([
      { type: "paragraph", children: [text("First line"), { type: "break" }, text("second line")] },
      { type: "paragraph", children: [text("Next paragraph")] },
    ]);
    expect(parseCommentMarkup("")).toEqual([]);
    expect(parseCommentMarkup(" \n\n ")).toEqual([]);
  });

  it("reads bullet lists, with indented lines continuing an item", () => {
    expect(parseCommentMarkup("Sources:\n- Reuters\n  (wire copy)\n* AP\nThat is all.")).toEqual<Block[]>([
      { type: "paragraph", children: [text("Sources:")] },
      { type: "list", items: [[text("Reuters"), { type: "break" }, text("(wire copy)")], [text("AP")]] },
      { type: "paragraph", children: [text("That is all.")] },
    ]);
  });

  it("does not take emphasis or a bare dash for a list item", () => {
    expect(parseCommentMarkup("**bold** start")[0]?.type).toBe("paragraph");
    expect(parseCommentMarkup("-\n-5 degrees")).toEqual([{ type: "paragraph", children: [text("-"), { type: "break" }, text("-5 degrees")] }]);
  });

  it("reads block quotes, which may hold paragraphs, lists and one more quote", () => {
    expect(parseCommentMarkup("> They said *this*.\n>\n> - and that\n> > nested\nMy reply")).toEqual<Block[]>([
      {
        type: "blockquote",
        children: [
          { type: "paragraph", children: [text("They said "), { type: "emphasis", children: [text("this")] }, text(".")] },
          { type: "list", items: [[text("and that")]] },
          { type: "blockquote", children: [{ type: "paragraph", children: [text("nested")] }] },
        ],
      },
      { type: "paragraph", children: [text("My reply")] },
    ]);
  });

  it("stops nesting quotes at three levels and keeps the rest as text", () => {
    let block = parseCommentMarkup("> > > > > deep")[0];
    for (let level = 0; level < 3; level += 1) {
      expect(block?.type).toBe("blockquote");
      block = block?.type === "blockquote" ? block.children[0] : undefined;
    }
    expect(block).toEqual({ type: "paragraph", children: [text("> > deep")] });
  });

  it("needs a space after the quote marker", () => {
    expect(parseCommentMarkup(">_< oops")[0]?.type).toBe("paragraph");
  });
});

describe("parseCommentMarkup: inline markup", () => {
  it("reads strong, emphasis and inline code", () => {
    expect(inline("**bold**, *em*, _em_ and `x * y`")).toEqual<Inline[]>([
      { type: "strong", children: [text("bold")] },
      text(", "),
      { type: "emphasis", children: [text("em")] },
      text(", "),
      { type: "emphasis", children: [text("em")] },
      text(" and "),
      { type: "code", value: "x * y" },
    ]);
  });

  it("nests emphasis inside strong and the other way round", () => {
    expect(inline("**a *b* c**")).toEqual<Inline[]>([
      { type: "strong", children: [text("a "), { type: "emphasis", children: [text("b")] }, text(" c")] },
    ]);
    expect(inline("***both***")).toEqual<Inline[]>([{ type: "emphasis", children: [{ type: "strong", children: [text("both")] }] }]);
  });

  it("parses nothing inside inline code and allows a backtick inside a longer fence", () => {
    expect(inline("`**not bold** [x](https://a.example)`")).toEqual([{ type: "code", value: "**not bold** [x](https://a.example)" }]);
    expect(inline("`` a`b ``")).toEqual([{ type: "code", value: "a`b" }]);
  });

  it("keeps unmatched or non-flanking markers as text", () => {
    for (const body of ["**unclosed", "*unclosed", "closed**", "snake_case_name", "2 * 3 * 4", "`unclosed code", "****", "[label](a.example", "@[Ada](user:)"]) {
      expect(inline(body)).toEqual([text(body)]);
    }
  });

  it("does not let inline code run across lines", () => {
    expect(inline("a `b\nc` d")).toEqual([text("a `b"), { type: "break" }, text("c` d")]);
  });

  it("treats backslash-escaped markers as text", () => {
    expect(inline("\\*not em\\* and \\@[Ada](user:u1) and C:\\path")).toEqual([text("*not em* and @[Ada](user:u1) and C:\\path")]);
  });

  it("keeps HTML as literal text", () => {
    const body = `<script>alert(1)</script><img src=x onerror="alert(1)"> &amp;`;
    expect(inline(body)).toEqual([text(body)]);
  });

  it("bounds how deeply emphasis nests, keeping the markers of deeper levels as text", () => {
    const body = `${"*_".repeat(40)}deep${"_*".repeat(40)}`;
    const nodes = inline(body);
    expect(maxDepth(nodes)).toBeLessThanOrEqual(8);
    expect(commentPlainText(body)).toContain("deep");
  });
});

describe("parseCommentMarkup: links", () => {
  it("reads [label](url) with markup in the label and balanced parentheses in the URL", () => {
    expect(inline("See [the **original** story](https://en.wikipedia.org/wiki/Foo_(bar)).")).toEqual<Inline[]>([
      text("See "),
      {
        type: "link",
        href: "https://en.wikipedia.org/wiki/Foo_(bar)",
        children: [text("the "), { type: "strong", children: [text("original")] }, text(" story")],
      },
      text("."),
    ]);
  });

  it("links bare http and https URLs, leaving trailing punctuation outside", () => {
    expect(inline("Source: https://example.com/a_b_c?x=1. (also http://example.org/path)")).toEqual<Inline[]>([
      text("Source: "),
      { type: "link", href: "https://example.com/a_b_c?x=1", children: [text("https://example.com/a_b_c?x=1")] },
      text(". (also "),
      { type: "link", href: "http://example.org/path", children: [text("http://example.org/path")] },
      text(")"),
    ]);
    expect(inline("**https://example.com**")).toEqual<Inline[]>([
      { type: "strong", children: [{ type: "link", href: "https://example.com/", children: [text("https://example.com")] }] },
    ]);
  });

  it("only autolinks a URL at the start of a word", () => {
    expect(inline("xhttps://example.com")).toEqual([text("xhttps://example.com")]);
  });

  it("allows mailto links", () => {
    expect(inline("[write to us](mailto:desk@example.com)")).toEqual([
      { type: "link", href: "mailto:desk@example.com", children: [text("write to us")] },
    ]);
  });

  it("keeps links with any other scheme as plain text", () => {
    for (const body of [
      "[click](javascript:alert(1))",
      "[click](JaVaScRiPt:alert(1))",
      "[click](java\tscript:alert(1))",
      "[click](data:text/html;base64,PHNjcmlwdD4=)",
      "[click](vbscript:msgbox)",
      "[click](//evil.example)",
      "[click](/relative)",
      "javascript:alert(1)",
    ]) {
      const nodes = inline(body);
      expect(nodes.some((node) => node.type === "link"), body).toBe(false);
    }
  });

  it("does not accept a title after the URL, though the bare URL itself is still linked", () => {
    expect(inline('[click](https://a.example "title")')).toEqual<Inline[]>([
      text("[click]("),
      { type: "link", href: "https://a.example/", children: [text("https://a.example")] },
      text(' "title")'),
    ]);
  });

  it("does not nest links or mentions in a link label", () => {
    const nodes = inline("[see https://b.example](https://a.example)");
    expect(nodes).toEqual([{ type: "link", href: "https://a.example/", children: [text("see https://b.example")] }]);
  });
});

describe("safeHref", () => {
  it("accepts http, https and mailto and normalizes them", () => {
    expect(safeHref("HTTPS://Example.COM")).toBe("https://example.com/");
    expect(safeHref("mailto:a@example.com")).toBe("mailto:a@example.com");
  });

  it("rejects everything else", () => {
    for (const href of ["javascript:alert(1)", " https://a.example", "https://", "https://a b", "https://a.example/\u0000", "ftp://a.example", "mailto:"]) {
      expect(safeHref(href), href).toBeNull();
    }
  });
});

describe("mentions", () => {
  it("parses @[Name](user:ID) tokens", () => {
    expect(inline("Thanks @[Ada Lovelace](user:3f2c-9a_b), see above")).toEqual<Inline[]>([
      text("Thanks "),
      { type: "mention", userId: "3f2c-9a_b", name: "Ada Lovelace" },
      text(", see above"),
    ]);
  });

  it("keeps malformed tokens as text", () => {
    for (const body of ["@[Ada](user:a b)", "@[Ada](user:a.b)", `@[Ada](user:${"x".repeat(129)})`, "@[](user:u1)", "@[Ada](u:u1)", "@[Ada]\n(user:u1)"]) {
      expect(inline(body).some((node) => node.type === "mention"), body).toBe(false);
    }
    expect(inline(`@[A](user:${"x".repeat(128)})`)).toEqual([{ type: "mention", userId: "x".repeat(128), name: "A" }]);
  });

  it("extracts unique mentioned ids in order", () => {
    const body = "@[Bo](user:b) and @[Ada](user:a)\n\n> @[Bo again](user:b)\n- **@[Cy](user:c)**\n`@[No](user:n)`";
    expect(extractMentionIds(body)).toEqual(["b", "a", "c"]);
    expect(extractMentionIds("no mentions, just an@example.com")).toEqual([]);
  });

  it("builds tokens that parse back, dropping brackets and parentheses from the name", () => {
    const token = mentionToken("Ada [the] (first)\nLovelace", "u-1");
    expect(token).toBe("@[Ada the first Lovelace](user:u-1)");
    expect(inline(token)).toEqual([{ type: "mention", userId: "u-1", name: "Ada the first Lovelace" }]);
    expect(mentionToken("[]()", "u-1")).toBe("@[member](user:u-1)");
    expect(() => mentionToken("Ada", "not an id")).toThrow();
  });
});

describe("commentPlainText", () => {
  it("drops inline markup, shows mentions as @Name and keeps list and quote markers", () => {
    const body = "Hi @[Ada](user:a), see [this](https://a.example) **now** `code`\n\n- one\n- two\n\n> quoted\n> lines";
    expect(commentPlainText(body)).toBe("Hi @Ada, see this now code\n\n- one\n- two\n\n> quoted\n> lines");
  });

  it("keeps literal text, including HTML, untouched", () => {
    expect(commentPlainText("<b>not bold</b> 2 * 3")).toBe("<b>not bold</b> 2 * 3");
  });
});

describe("performance", () => {
  const pathological: Record<string, string> = {
    asterisks: "*".repeat(10_000),
    underscores: "_".repeat(10_000),
    brackets: "[".repeat(10_000),
    "alternating openers": "*a _b ".repeat(1_700),
    "alternating delimiters": "*_".repeat(5_000),
    "unclosed links": "[a](x".repeat(2_000),
    "unclosed links without brackets": `[a](${"(".repeat(9_990)}`,
    "unclosed mentions": "@[".repeat(5_000),
    "long mention names": `@[${"a".repeat(9_990)}`,
    "backtick runs": Array.from({ length: 2_000 }, (_, index) => "`".repeat((index % 7) + 1)).join(" "),
    "broken autolinks": "https://(".repeat(1_100),
    "nested quotes": "> ".repeat(5_000),
    "rule of three": "***a**".repeat(1_600),
  };

  /**
   * The fastest of a few runs: a busy CI machine can pause any single run for a garbage collection
   * or a context switch, but quadratic work on 10 KB (10^8 steps) is slow on every run.
   */
  function fastestParseMs(body: string): number {
    let fastest = Infinity;
    for (let run = 0; run < 5; run += 1) {
      const started = performance.now();
      parseCommentMarkup(body);
      fastest = Math.min(fastest, performance.now() - started);
    }
    return fastest;
  }

  for (const [name, body] of Object.entries(pathological)) {
    it(`parses 10 KB of ${name} in under 100 ms`, () => {
      expect(body.length).toBeGreaterThan(9_000);
      expect(fastestParseMs(body)).toBeLessThan(100);
      expect(commentPlainText(body).length).toBeGreaterThan(0);
    });
  }
});
