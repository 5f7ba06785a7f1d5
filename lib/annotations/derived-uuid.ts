import { createHash } from "node:crypto";

/**
 * A UUID (version 8) made from SHA-256 of `seed`: new-looking, but the same for the same seed,
 * so an operation that copies or imports entries writes the same ids when it runs twice.
 */
export function derivedUuid(seed: string): string {
  const bytes = createHash("sha256").update(seed).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
