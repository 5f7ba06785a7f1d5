import type { Metadata } from "next";
import Link from "next/link";
import { getPrisma } from "@/lib/app-context.ts";
import { listDocuments } from "@/lib/documents/list-documents.ts";
import { formatDate, formatDateTime } from "@/lib/format-date.ts";
import { can } from "@/lib/workspaces/policy.ts";
import { loadWorkspace } from "./load-workspace.ts";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { workspace } = await loadWorkspace((await params).id);
  return { title: workspace.name };
}

export default async function WorkspaceDocumentsPage({ params }: Props) {
  const { user, workspace } = await loadWorkspace((await params).id);
  const documents = await listDocuments(getPrisma(), user, { workspaceId: workspace.id });
  const canImport = can(workspace.role, "document.import");
  return (
    <section aria-labelledby="documents-title">
      <div className="section-header">
        <h2 id="documents-title">Articles</h2>
        {canImport ? (
          <Link className="button" href={`/workspaces/${workspace.id}/import`}>
            Import an article
          </Link>
        ) : null}
      </div>
      {documents.length === 0 ? (
        <p className="empty">
          No articles yet.{" "}
          {canImport ? "Import one by pasting its text, uploading a file, or giving its address." : "An editor of this workspace can import one."}
        </p>
      ) : (
        <div className="table-wrap">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Title</th>
                <th scope="col">Source</th>
                <th scope="col">Published</th>
                <th scope="col">Annotations</th>
                <th scope="col">Last activity</th>
              </tr>
            </thead>
            <tbody>
              {documents.map((document) => (
                <tr key={document.id}>
                  <td>
                    <Link href={`/documents/${document.id}`}>{document.title}</Link>
                    {document.author ? <span className="cell-sub">By {document.author}</span> : null}
                  </td>
                  <td>{document.source}</td>
                  <td>{document.publishedAt ? formatDate(document.publishedAt) : "—"}</td>
                  <td>{document.annotationCount}</td>
                  <td>
                    <time dateTime={document.lastActivityAt.toISOString()}>{formatDateTime(document.lastActivityAt)}</time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
