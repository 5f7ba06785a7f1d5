import { createHash } from "node:crypto";
import type { Block } from "./schema.ts";

/**
 * The text that annotations anchor into (W3C TextPositionSelector offsets count code points
 * of this string): the body blocks joined by blank lines. The headline is not part of it.
 */
export function canonicalBodyText(blocks: readonly Block[]): string {
  return blocks.map((block) => block.text).join("\n\n");
}

/** sha256 over the headline and the body; two imports of the same article get the same hash. */
export function contentHash(title: string, blocks: readonly Block[]): string {
  return createHash("sha256").update(`${title}\n\n${canonicalBodyText(blocks)}`).digest("hex");
}
