import { describe, expect, it } from "vitest";
import { canonicalBodyText, contentHash } from "./canonical-text.ts";

const blocks = [
  { type: "paragraph", text: "First." },
  { type: "heading", text: "Sub" },
] as const;

describe("canonical text and content hash", () => {
  it("joins blocks with a blank line, so offsets are stable across renderings", () => {
    expect(canonicalBodyText(blocks)).toBe("First.\n\nSub");
  });

  it("gives the same hash for the same article and a different one for any change", () => {
    const hash = contentHash("Title", blocks);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(contentHash("Title", [...blocks])).toBe(hash);
    expect(contentHash("Title!", blocks)).not.toBe(hash);
    expect(contentHash("Title", [{ type: "paragraph", text: "First!" }, blocks[1]])).not.toBe(hash);
  });
});
