import { describe, expect, it, vi } from "vitest";
import { AppError } from "./errors.ts";

describe("AppError", () => {
  it("is recognised across copies of the module (the custom server's and Next.js's bundle)", async () => {
    // A second evaluation of the module, as the two module graphs of one process have.
    vi.resetModules();
    const other = await import("./errors.ts");
    expect(other.AppError).not.toBe(AppError);
    const error = new other.AppError("INSUFFICIENT_STORAGE", "full");
    expect(error instanceof AppError).toBe(true);
    expect(new AppError("NOT_FOUND", "gone") instanceof other.AppError).toBe(true);
    expect(new Error("plain") instanceof AppError).toBe(false);
  });
});
