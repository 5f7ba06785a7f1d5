import { type Tag, TAGS } from "@/lib/realtime/doc-schema.ts";
import { TAG_INFO, type Vocabulary } from "@/lib/vocabulary/default-vocabulary.ts";

const key = (name: string) => name.trim().toLowerCase();

/**
 * Our tag and sub-label for a source's tag names, matched case-insensitively against tag and
 * label ids and names ("Propaganda", "loaded language" → propaganda / loaded-language). The
 * first name that is a tag decides the tag, the first label of that tag among the names the
 * sub-label; with no tag named, the first name that is a label brings its tag along. Null
 * when no name matches anything.
 */
export function mapImportTags(names: readonly string[], vocabulary: Vocabulary): { tag: Tag; technique: string | null } | null {
  const keys = names.map(key);
  const labelOf = (tag: Tag) => keys.map((name) => vocabulary[tag].find((label) => label.id === name || key(label.name) === name)).find((label) => label !== undefined);
  const tag = keys.map((name) => TAGS.find((candidate) => candidate === name || key(TAG_INFO[candidate].name) === name)).find((found) => found !== undefined);
  if (tag) return { tag, technique: labelOf(tag)?.id ?? null };
  for (const name of keys) {
    for (const candidate of TAGS) {
      const label = vocabulary[candidate].find((found) => found.id === name || key(found.name) === name);
      if (label) return { tag: candidate, technique: label.id };
    }
  }
  return null;
}
