import { describe, expect, it } from "vitest";
import { readFrontMatter } from "./read-front-matter.ts";

describe("readFrontMatter", () => {
  it("reads flat key: value pairs and returns the rest as the body", () => {
    const { fields, body } = readFrontMatter(
      ["---", "title: Night trains return", "Author: Sam Taylor", "date: 2023-11-20", "---", "", "Body text."].join("\n"),
    );
    expect(Object.fromEntries(fields)).toEqual({ title: "Night trains return", author: "Sam Taylor", date: "2023-11-20" });
    expect(body).toBe("\nBody text.");
  });

  it("unquotes values, keeps colons inside them and drops trailing comments", () => {
    const { fields } = readFrontMatter(
      ["---", `title: "Rail: the comeback"`, "source: 'The Courier'", "lang: en # English", "---", "x"].join("\n"),
    );
    expect(Object.fromEntries(fields)).toEqual({ title: "Rail: the comeback", source: "The Courier", lang: "en" });
  });

  it("joins a simple list with commas and ignores nested structures it does not understand", () => {
    const { fields } = readFrontMatter(
      ["---", "author:", "  - Sam Taylor", '  - "Alex Morgan"', "tags: [rail, europe]", "meta:", "  nested: value", "...", "x"].join("\n"),
    );
    expect(fields.get("author")).toBe("Sam Taylor, Alex Morgan");
    expect(fields.get("tags")).toBe("[rail, europe]");
    expect(fields.has("nested")).toBe(false);
    expect(fields.has("meta")).toBe(false);
  });

  it("leaves a document without front matter alone", () => {
    expect(readFrontMatter("# Title\n\nText")).toEqual({ fields: new Map(), body: "# Title\n\nText" });
  });

  it("does not treat an unclosed or late --- as front matter", () => {
    expect(readFrontMatter("---\ntitle: x\n\nText").fields.size).toBe(0);
    expect(readFrontMatter("Intro\n---\ntitle: x\n---").fields.size).toBe(0);
  });
});
