import Link from "next/link";
import { listOrphans } from "@/lib/annotations/list-orphans.ts";
import { getPrisma } from "@/lib/app-context.ts";
import type { DocumentView } from "@/lib/documents/schema.ts";
import { TagBadge } from "./tag-badge.tsx";

/** Longer quotes are cut here (in code points), so one long highlight cannot push the list off the page. */
const MAX_QUOTE = 280;

function shortQuote(exact: string): string {
  const chars = Array.from(exact);
  return chars.length > MAX_QUOTE ? `${chars.slice(0, MAX_QUOTE).join("").trimEnd()}…` : exact;
}

/**
 * Highlights of the previous version whose passage this version changed or removed, so they
 * were not carried over. A server component: it loads them itself, which keeps the document
 * page to one element. Renders nothing for a first version or when every highlight found its
 * place. The caller has checked that the reader may see `document`.
 */
export async function OrphanedHighlights({ document }: { document: DocumentView }) {
  const { previousVersionId } = document;
  if (!previousVersionId) return null;
  const orphans = await listOrphans(getPrisma(), document);
  if (orphans.length === 0) return null;
  const headingId = `orphaned-highlights-${document.id}`;
  return (
    <section className="version-note orphaned-highlights" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {orphans.length === 1 ? "1 highlight" : `${orphans.length} highlights`} from the previous version could not be placed on this text
      </h2>
      <p>
        {orphans.length === 1 ? "The passage it marked was changed or removed. It stays" : "The passages they marked were changed or removed. They stay"} on{" "}
        <Link href={`/documents/${previousVersionId}`}>the previous version</Link>, with any comments.
      </p>
      <ul>
        {orphans.map((orphan) => (
          <li key={orphan.id} data-annotation-id={orphan.id}>
            <blockquote>{shortQuote(orphan.exact)}</blockquote>
            <p>
              <TagBadge tag={orphan.tag} /> · highlighted by {orphan.authorName}
              {orphan.resolved ? " · resolved" : ""}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
