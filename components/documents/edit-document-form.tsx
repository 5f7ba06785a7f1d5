"use client";

import { useActionState } from "react";
import { saveVersionAction } from "@/app/documents/[id]/edit/actions.ts";
import { Field } from "@/components/ui/field.tsx";
import { FormMessage } from "@/components/ui/form-message.tsx";
import { SubmitButton } from "@/components/ui/submit-button.tsx";

type Draft = { id: string; title: string; source: string; author: string; publishedAt: string; language: string; text: string };

export function EditDocumentForm({ document }: { document: Draft }) {
  const [state, action] = useActionState(saveVersionAction, null);
  const error = (field: string) => (state && !state.ok && state.field === field ? state.error : undefined);
  return (
    <form action={action} className="stack-form edit-document-form">
      <input type="hidden" name="documentId" value={document.id} />
      <FormMessage error={state && !state.ok && !["title", "source", "author", "publishedAt", "language", "text"].includes(state.field ?? "") ? state.error : undefined} />
      <Field label="Title" name="title" defaultValue={document.title} required maxLength={300} error={error("title")} />
      <Field label="Source" name="source" defaultValue={document.source} maxLength={200} error={error("source")} />
      <Field label="Author" name="author" defaultValue={document.author} maxLength={200} error={error("author")} />
      <Field label="Published" name="publishedAt" type="date" defaultValue={document.publishedAt} error={error("publishedAt")} />
      <Field label="Language" name="language" defaultValue={document.language} maxLength={12} error={error("language")} />
      <div className="field">
        <label htmlFor="edit-text">Text</label>
        <textarea id="edit-text" name="text" rows={20} defaultValue={document.text} aria-describedby="edit-text-hint" aria-invalid={error("text") ? true : undefined} />
        <p id="edit-text-hint" className="field-hint">
          Blank lines separate paragraphs. Saving makes a new version; this one stays readable.
        </p>
        {error("text") ? <p className="field-error">{error("text")}</p> : null}
      </div>
      <SubmitButton pendingText="Saving…">Save as new version</SubmitButton>
    </form>
  );
}
