import { MAX_TECHNIQUE_LENGTH } from "@/lib/realtime/doc-schema.ts";

/** What an annotation's `technique` may hold, so every label id fits in one. */
export const LABEL_ID_PATTERN = new RegExp(`^[a-z0-9-]{1,${MAX_TECHNIQUE_LENGTH}}$`);

/** "Appeal to fear – prejudice" → "appeal-to-fear-prejudice"; "label" when nothing Latin is left. */
export function slugify(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/\p{M}/gu, "") // accents come apart under NFKD: "é" → "e" + a combining mark
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, MAX_TECHNIQUE_LENGTH)
    .replace(/^-+|-+$/g, "");
  return slug === "" ? "label" : slug;
}

/** `base`, or `base-2`, `base-3`, … : the first not in `taken`, still within the id length limit. */
export function uniqueLabelId(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const candidate = `${base.slice(0, MAX_TECHNIQUE_LENGTH - suffix.length).replace(/-+$/, "")}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}
