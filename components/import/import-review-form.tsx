"use client";

import { useState, type FormEvent } from "react";
import { saveImportAction } from "@/app/workspaces/[id]/import/actions.ts";
import { Field } from "@/components/ui/field.tsx";
import { FormMessage } from "@/components/ui/form-message.tsx";
import type { ImportDraft } from "@/lib/documents/prepare-import.ts";

/** Step 2: the person checks title, source, author and date, and sees the text before saving. */
export function ImportReviewForm({ workspaceId, draft, onBack }: { workspaceId: string; draft: ImportDraft; onBack: () => void }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<{ message: string; field?: string | undefined } | null>(null);
  const words = draft.blocks.reduce((sum, block) => sum + block.text.split(/\s+/).length, 0);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (name: string) => String(form.get(name) ?? "");
    setPending(true);
    setError(null);
    const result = await saveImportAction(workspaceId, {
      ...draft,
      title: value("title"),
      source: value("source"),
      author: value("author"),
      publishedAt: value("publishedAt"),
      language: value("language"),
    });
    // On success the action redirects to the new document.
    if (result && !result.ok) {
      setError({ message: result.error, field: result.field });
      setPending(false);
    }
  }

  const fieldError = (field: string) => (error?.field === field ? error.message : undefined);
  return (
    <form className="import-review" onSubmit={onSubmit} aria-labelledby="review-title">
      <h2 id="review-title">Check the details</h2>
      <FormMessage error={error && !["title", "source", "author", "publishedAt", "language"].includes(error.field ?? "") ? error.message : undefined} />
      <div className="review-grid">
        <div className="stack-form">
          <Field label="Title" name="title" defaultValue={draft.title} required maxLength={300} error={fieldError("title")} />
          <Field label="Source" name="source" defaultValue={draft.source} maxLength={200} hint="The outlet or site, as printed under the headline." error={fieldError("source")} />
          <Field label="Author" name="author" defaultValue={draft.author} maxLength={200} error={fieldError("author")} />
          <Field label="Published" name="publishedAt" type="date" defaultValue={draft.publishedAt} error={fieldError("publishedAt")} />
          <Field label="Language" name="language" defaultValue={draft.language} maxLength={12} hint="A language tag such as en or fr." error={fieldError("language")} />
          {draft.importedFrom ? <p className="field-hint">Imported from {draft.importedFrom}</p> : null}
          <div className="button-row">
            <button type="submit" className="button" disabled={pending}>
              {pending ? "Saving…" : "Save article"}
            </button>
            <button type="button" className="button button-secondary" onClick={onBack} disabled={pending}>
              Back
            </button>
          </div>
        </div>
        <section className="review-preview" aria-label="Article text">
          <p className="field-hint">
            {draft.blocks.length} paragraphs, about {words} words. The text is saved exactly as shown.
          </p>
          <div className="review-text">
            {draft.blocks.map((block, index) => (block.type === "heading" ? <h3 key={index}>{block.text}</h3> : <p key={index}>{block.text}</p>))}
          </div>
        </section>
      </div>
    </form>
  );
}
