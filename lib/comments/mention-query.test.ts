import { describe, expect, it } from "vitest";
import { parseCommentMarkup } from "./comment-markup.ts";
import { activeMentionQuery, applyMention, filterMembers } from "./mention-query.ts";

/** `value` with "|" marking the caret. */
function at(marked: string): [string, number] {
  const caret = marked.indexOf("|");
  return [marked.slice(0, caret) + marked.slice(caret + 1), caret];
}

describe("activeMentionQuery", () => {
  it("finds the @query being typed before the caret", () => {
    expect(activeMentionQuery(...at("Ask @ad|"))).toEqual({ start: 4, query: "ad" });
    expect(activeMentionQuery(...at("@|"))).toEqual({ start: 0, query: "" });
    expect(activeMentionQuery(...at("cc @Ada Lo| later"))).toEqual({ start: 3, query: "Ada Lo" });
    expect(activeMentionQuery(...at("(@bo|"))).toEqual({ start: 1, query: "bo" });
    expect(activeMentionQuery(...at("line one\n@cy|"))).toEqual({ start: 9, query: "cy" });
  });

  it("ignores an @ inside a word, such as an email address", () => {
    expect(activeMentionQuery(...at("mail ada@example|"))).toBeNull();
  });

  it("ends at a line break, a second @, or after 40 characters", () => {
    expect(activeMentionQuery(...at("@ada\nmore|"))).toBeNull();
    expect(activeMentionQuery(...at("@ada @@bo|"))).toBeNull();
    expect(activeMentionQuery(...at(`@${"a".repeat(40)}|`))).toEqual({ start: 0, query: "a".repeat(40) });
    expect(activeMentionQuery(...at(`@${"a".repeat(41)}|`))).toBeNull();
  });

  it("does not treat prose or an existing mention token as a query", () => {
    expect(activeMentionQuery(...at("meet @ noon|"))).toBeNull();
    expect(activeMentionQuery(...at("@[Ada](user:u1)|"))).toBeNull();
    expect(activeMentionQuery(...at("@[Ad|"))).toBeNull();
    expect(activeMentionQuery("@ada", 0)).toBeNull();
    expect(activeMentionQuery("@ada", 99)).toBeNull();
  });

  it("only looks before the caret", () => {
    expect(activeMentionQuery(...at("@ad|a is here"))).toEqual({ start: 0, query: "ad" });
  });
});

describe("applyMention", () => {
  const ada = { id: "u-1", name: "Ada Lovelace" };

  it("replaces the @query with the token and a space, caret after it", () => {
    expect(applyMention(...at("Ask @ad|"), "ad", ada)).toEqual({
      value: "Ask @[Ada Lovelace](user:u-1) ",
      caret: "Ask @[Ada Lovelace](user:u-1) ".length,
    });
    expect(applyMention(...at("@ad|, thoughts?"), "ad", ada)).toEqual({
      value: "@[Ada Lovelace](user:u-1) , thoughts?",
      caret: "@[Ada Lovelace](user:u-1) ".length,
    });
  });

  it("reuses whitespace that already follows the caret", () => {
    expect(applyMention(...at("Ask @ad| about it"), "ad", ada)).toEqual({
      value: "Ask @[Ada Lovelace](user:u-1) about it",
      caret: "Ask @[Ada Lovelace](user:u-1) ".length,
    });
  });

  it("produces a token the parser reads back as a mention", () => {
    const result = applyMention("@ad", 3, "ad", { id: "u-2", name: "Ada (Countess) [Lovelace]" });
    expect(parseCommentMarkup(`${result.value}thanks`)).toEqual([
      { type: "paragraph", children: [{ type: "mention", userId: "u-2", name: "Ada Countess Lovelace" }, { type: "text", value: " thanks" }] },
    ]);
  });

  it("inserts at the caret when the text no longer ends in the query", () => {
    expect(applyMention("Hello", 5, "ad", ada)).toEqual({ value: "Hello@[Ada Lovelace](user:u-1) ", caret: 31 });
  });
});

describe("filterMembers", () => {
  const members = [
    { id: "1", name: "Zoë Adams" },
    { id: "2", name: "Ève Martin" },
    { id: "3", name: "Adèle Ngata" },
    { id: "4", name: "Mo Haddad" },
    { id: "5", name: "Jean-Luc Picard" },
  ];
  const names = (query: string, limit?: number) => filterMembers(members, query, limit).map((member) => member.name);

  it("matches the start of any word before matching inside a word", () => {
    expect(names("ad")).toEqual(["Zoë Adams", "Adèle Ngata", "Mo Haddad"]);
    expect(names("luc")).toEqual(["Jean-Luc Picard"]);
  });

  it("ignores case and accents on both sides", () => {
    expect(names("eve")).toEqual(["Ève Martin"]);
    expect(names("ZOE")).toEqual(["Zoë Adams"]);
    expect(names("adéle")).toEqual(["Adèle Ngata"]);
  });

  it("matches a query spanning words", () => {
    expect(names("zoe ad")).toEqual(["Zoë Adams"]);
  });

  it("lists the first members for an empty query and respects the limit", () => {
    expect(names("")).toHaveLength(5);
    expect(names("", 2)).toEqual(["Zoë Adams", "Ève Martin"]);
    expect(filterMembers(Array.from({ length: 10 }, (_, index) => ({ id: `${index}`, name: `Al ${index}` })), "al")).toHaveLength(6);
    expect(names("nobody")).toEqual([]);
  });
});
