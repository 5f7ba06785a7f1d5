import type { Tag } from "@/lib/realtime/doc-schema.ts";
import { labelName, TAG_INFO, type Vocabulary } from "@/lib/vocabulary/default-vocabulary.ts";

/** A highlight's tag and sub-label as announcements say it: "Propaganda: Loaded Language". */
export function describeLabel(record: { tag: Tag; technique: string | null }, vocabulary: Vocabulary): string {
  const label = labelName(vocabulary, record.tag, record.technique);
  return label ? `${TAG_INFO[record.tag].name}: ${label}` : TAG_INFO[record.tag].name;
}
