import { describe, expect, it } from "vitest";
import { commentPlainText } from "./comment-plain-text.ts";

describe("commentPlainText", () => {
  it("drops inline markup, shows mentions as @Name, links as text (url), and keeps list and quote markers", () => {
    const body = "Hi @[Ada](user:a), see [this](https://a.example) **now** `code`\n\n- one\n- two\n\n> quoted\n> lines";
    expect(commentPlainText(body)).toBe("Hi @Ada, see this (https://a.example/) now code\n\n- one\n- two\n\n> quoted\n> lines");
  });

  it("does not repeat an address that is the link's own text", () => {
    expect(commentPlainText("See https://a.example/report, www.b.example and desk@c.example")).toBe(
      "See https://a.example/report, www.b.example and desk@c.example",
    );
    expect(commentPlainText("<https://a.example>")).toBe("https://a.example");
  });

  it("keeps literal text, including HTML and unsafe links, untouched", () => {
    expect(commentPlainText("<b>not bold</b> 2 * 3")).toBe("<b>not bold</b> 2 * 3");
    expect(commentPlainText("[click](javascript:alert(1)) =HYPERLINK(\"x\")")).toBe("[click](javascript:alert(1)) =HYPERLINK(\"x\")");
  });

  it("reads strikethrough, tables and ordered lists as they were written", () => {
    expect(commentPlainText("It was ~~cheap~~ expensive")).toBe("It was ~~cheap~~ expensive");
    expect(commentPlainText("| Party | Seats |\n| --- | --: |\n| Greens | 12 |")).toBe("Party | Seats\nGreens | 12");
    expect(commentPlainText("1. first\n2. second")).toBe("1. first\n2. second");
  });
});
