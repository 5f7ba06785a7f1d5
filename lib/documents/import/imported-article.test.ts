import { describe, expect, it } from "vitest";
import { ImportError } from "./imported-article.ts";

describe("ImportError", () => {
  it("is an Error that carries a code and a readable message", () => {
    const error = new ImportError("TIMEOUT", "The website took too long to answer.");
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(ImportError);
    expect(error.code).toBe("TIMEOUT");
    expect(error.name).toBe("ImportError");
    expect(error.message).toBe("The website took too long to answer.");
  });
});
