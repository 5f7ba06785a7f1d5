import type { DocumentView } from "@/lib/documents/schema.ts";

const dateFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeZone: "UTC" });

/** Headline, source, author and date of an article, above its text. */
export function ArticleHeader({ document }: { document: DocumentView }) {
  return (
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
  );
}
