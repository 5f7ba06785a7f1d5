import type { ReactNode } from "react";
import type { DocumentView } from "@/lib/documents/schema.ts";
import { ArticleHeader } from "./article-header.tsx";

type ArticleViewProps = {
  document: DocumentView;
  /** Content of the margin beside the text (below it on narrow screens). */
  margin?: ReactNode;
};

/**
 * The static reading view (the public demo): one well-set column of text with a margin beside
 * it. Documents people annotate use the live surface in components/annotate instead.
 */
export function ArticleView({ document, margin }: ArticleViewProps) {
  return (
    <div className="reader">
      <article className="article" lang={document.language} aria-labelledby="article-title">
        <ArticleHeader document={document} />
        <div className="article-body" data-content-hash={document.contentHash}>
          {document.blocks.map((block, index) =>
            block.type === "heading" ? (
              <h2 key={index} className="article-subhead" data-block={index}>
                {block.text}
              </h2>
            ) : (
              <p key={index} data-block={index}>
                {block.text}
              </p>
            ),
          )}
        </div>
      </article>
      <aside className="margin" aria-label="About this demo">
        {margin}
      </aside>
    </div>
  );
}
