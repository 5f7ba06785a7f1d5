import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { EditDocumentForm } from "@/components/documents/edit-document-form.tsx";
import { getPrisma } from "@/lib/app-context.ts";
import { requireUser } from "@/lib/auth/require-user.ts";
import { canonicalBodyText } from "@/lib/documents/canonical-text.ts";
import { getDocumentForActor } from "@/lib/documents/get-document-for-actor.ts";
import { orNotFound } from "@/lib/pages/or-not-found.ts";
import { can } from "@/lib/workspaces/policy.ts";

export const metadata: Metadata = { title: "Edit article" };

export default async function EditDocumentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser(`/documents/${id}/edit`);
  const { document, role, nextVersionId } = await orNotFound(getDocumentForActor(getPrisma(), user, id));
  if (!role || !can(role, "document.edit")) notFound();
  return (
    <div className="page">
      <p className="breadcrumbs">
        <Link href={`/documents/${document.id}`}>Back to the article</Link>
      </p>
      <h1>Edit “{document.title}”</h1>
      {nextVersionId ? (
        <p className="form-message form-message-error">
          A newer version exists. <Link href={`/documents/${nextVersionId}/edit`}>Edit the newest version</Link> instead.
        </p>
      ) : (
        <EditDocumentForm
          document={{
            id: document.id,
            title: document.title,
            source: document.source,
            author: document.author ?? "",
            publishedAt: document.publishedAt?.toISOString().slice(0, 10) ?? "",
            language: document.language,
            text: canonicalBodyText(document.blocks),
          }}
        />
      )}
    </div>
  );
}
