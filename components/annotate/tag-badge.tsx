import { TAG_INFO } from "@/lib/vocabulary/default-vocabulary.ts";
import type { Tag } from "@/lib/realtime/doc-schema.ts";

/** Each tag has a shape as well as a colour, so the two never carry the meaning alone. */
export const TAG_ICONS: Record<Tag, string> = { propaganda: "⚑", sourcing: "❝", context: "ℹ" };

/** The tag's icon and name, e.g. "⚑ Propaganda", with an optional sub-label after it. */
export function TagBadge({ tag, label }: { tag: Tag; label?: string | null }) {
  return (
    <span className="tag-badge" data-tag={tag}>
      <span className="tag-badge-icon" aria-hidden="true">
        {TAG_ICONS[tag]}
      </span>
      {TAG_INFO[tag].name}
      {label ? <span className="tag-badge-label">: {label}</span> : null}
    </span>
  );
}
