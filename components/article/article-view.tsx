import type { ReactNode } from "react";
import type { DocumentView } from "@/lib/documents/schema.ts";

type ArticleViewProps = {
  document: DocumentView;
  /** Content of the annotation margin beside the text (a drawer below it on narrow screens). */
  margin?: ReactNode;
};

const dateFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeZone: "UTC" });

/**
 * The reading view: one well-set column of text with the annotation margin beside it.
 * Blocks carry their index so annotation anchoring can map text offsets to elements.
 */
export function ArticleView({ document, margin }: ArticleViewProps) {
  return (
    <div className="reader">
      <article className="article" lang={document.language} aria-labelledby="article-title">
        <header className="article-header">
          <h1 id="article-title" className="article-title">
            {document.title}
          </h1>
          <p className="article-meta">
            <span className="article-source">
              <span className="article-source-label">Source</span> {document.source}
            </span>
            {document.author ? <span> · By {document.author}</span> : null}
            {document.publishedAt ? (
              <span>
                {" "}
                · <time dateTime={document.publishedAt.toISOString()}>{dateFormat.format(document.publishedAt)}</time>
              </span>
            ) : null}
          </p>
        </header>
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
      <aside className="margin" aria-label="Annotations">
        {margin}
      </aside>
    </div>
  );
}
