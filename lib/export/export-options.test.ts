import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors.ts";
import { parseExportOptions } from "./export-options.ts";

const parse = (query: string) => parseExportOptions(new URLSearchParams(query));
const failure = (query: string) => {
  try {
    parse(query);
  } catch (error) {
    if (error instanceof AppError) return { code: error.code, message: error.message };
  }
  throw new Error(`expected ${query} to fail`);
};

describe("parseExportOptions", () => {
  it("defaults to an HTML attachment with everything in it", () => {
    expect(parse("")).toEqual({
      format: "html",
      disposition: "attachment",
      options: { tags: null, labels: null, authors: null, comments: true, resolved: true, anonymize: false },
    });
  });

  it("reads every option", () => {
    expect(parse("format=csv&tags=propaganda,%20context&labels=loaded-language&authors=u-1,u-2&comments=0&resolved=false&anonymize=1&disposition=inline")).toEqual({
      format: "csv",
      disposition: "inline",
      options: { tags: ["propaganda", "context"], labels: ["loaded-language"], authors: ["u-1", "u-2"], comments: false, resolved: false, anonymize: true },
    });
    expect(parse("format=pdf").format).toBe("pdf");
    expect(parse("tags=").options.tags).toBeNull();
  });

  it("answers 400 naming the parameter", () => {
    expect(failure("format=xlsx")).toEqual({ code: "BAD_REQUEST", message: "format: use one of html, pdf, docx, md, jsonld, csv." });
    expect(failure("tags=propaganda,gossip").message).toBe("tags: “gossip” is not a tag (propaganda, sourcing, context).");
    expect(failure("labels=Loaded%20Language").message).toMatch(/^labels: /);
    expect(failure("authors=a;drop").message).toMatch(/^authors: /);
    expect(failure("comments=yes").message).toBe("comments: use 1 or 0.");
    expect(failure("anonymize=2").message).toBe("anonymize: use 1 or 0.");
  });
});
