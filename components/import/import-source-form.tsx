"use client";

import { useState } from "react";
import { FormMessage } from "@/components/ui/form-message.tsx";
import { SubmitButton } from "@/components/ui/submit-button.tsx";

type Kind = "text" | "file" | "url";

const KINDS: { kind: Kind; label: string }[] = [
  { kind: "text", label: "Paste text" },
  { kind: "file", label: "Upload a file" },
  { kind: "url", label: "From a web address" },
];

/** Step 1: where the article comes from. The server turns it into a draft to review. */
export function ImportSourceForm({ workspaceId, action, error, errorField }: { workspaceId: string; action: (form: FormData) => void; error?: string | undefined; errorField?: string | undefined }) {
  const [kind, setKind] = useState<Kind>("text");
  return (
    <form action={action} className="stack-form import-form">
      <input type="hidden" name="workspaceId" value={workspaceId} />
      <fieldset className="segmented">
        <legend>How do you want to bring the article in?</legend>
        {KINDS.map((option) => (
          <label key={option.kind}>
            <input type="radio" name="kind" value={option.kind} checked={kind === option.kind} onChange={() => setKind(option.kind)} />
            {option.label}
          </label>
        ))}
      </fieldset>
      <FormMessage error={error && errorField !== "text" ? error : undefined} />
      {kind === "text" ? (
        <div className="field">
          <label htmlFor="import-text">Article text or Markdown</label>
          <textarea id="import-text" name="text" rows={14} required aria-describedby="import-text-hint" aria-invalid={errorField === "text" ? true : undefined} />
          <p id="import-text-hint" className="field-hint">
            Put the headline on the first line and leave a blank line between paragraphs. A last line “source Name” sets the source.
          </p>
          {errorField === "text" ? <p className="field-error">{error}</p> : null}
        </div>
      ) : null}
      {kind === "file" ? (
        <div className="field">
          <label htmlFor="import-file">File (.txt, .md or .html, up to 2 MB)</label>
          <input id="import-file" name="file" type="file" accept=".txt,.md,.markdown,.html,.htm,text/plain,text/markdown,text/html" required />
          <p className="field-hint">Web pages are reduced to the article itself; menus, ads and scripts are left out.</p>
        </div>
      ) : null}
      {kind === "url" ? (
        <div className="field">
          <label htmlFor="import-url">Web address of the article</label>
          <input id="import-url" name="url" type="url" inputMode="url" placeholder="https://" required />
          <p className="field-hint">The server fetches the page. If it cannot reach it, save the page as HTML and upload it, or paste the text.</p>
        </div>
      ) : null}
      <SubmitButton pendingText="Reading the article…">Continue</SubmitButton>
    </form>
  );
}
