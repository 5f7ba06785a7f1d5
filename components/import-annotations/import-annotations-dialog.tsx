"use client";

import { useId, useRef, useState } from "react";
import { FormMessage } from "@/components/ui/form-message.tsx";
import { ImportReport } from "./import-report.tsx";
import { sendImport, type ImportAnswer } from "./send-import.ts";
import styles from "./import-annotations.module.css";

/** Largest file read in the browser, as the endpoint allows. */
const MAX_FILE_BYTES = 5_000_000;

type Step = { kind: "choose" } | { kind: "busy"; message: string } | { kind: "answer"; answer: ImportAnswer; fileText: string };

/**
 * "Import annotations" for editors and owners: choose a W3C or Hypothesis file, read the
 * dry-run report (counts, every quote that found no place and why), then import. The
 * highlights arrive through the document's room, so they appear in the text live. A native
 * modal dialog: focus moves into it, Escape closes it, focus returns to the button.
 */
export function ImportAnnotationsDialog({ documentId }: { documentId: string }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const [step, setStep] = useState<Step>({ kind: "choose" });
  const titleId = useId();
  const fileId = useId();

  const open = () => {
    setStep({ kind: "choose" });
    dialog.current?.showModal();
  };
  const close = () => dialog.current?.close();

  const check = async (file: File | undefined) => {
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) {
      setStep({ kind: "answer", answer: { error: "The file is larger than 5 MB." }, fileText: "" });
      return;
    }
    setStep({ kind: "busy", message: "Checking the file…" });
    const fileText = await file.text();
    setStep({ kind: "answer", answer: await sendImport(documentId, fileText, true), fileText });
  };

  const run = async (fileText: string) => {
    setStep({ kind: "busy", message: "Importing…" });
    setStep({ kind: "answer", answer: await sendImport(documentId, fileText, false), fileText });
  };

  const answer = step.kind === "answer" ? step.answer : null;
  const report = answer && "report" in answer ? answer.report : null;
  return (
    <>
      <button ref={opener} type="button" className="link-button" onClick={open} aria-haspopup="dialog">
        Import annotations
      </button>
      <dialog ref={dialog} className={styles.dialog} aria-labelledby={titleId} onClose={() => opener.current?.focus()}>
        <h2 id={titleId}>Import annotations</h2>
        <div className="field">
          <label htmlFor={fileId}>W3C Web Annotation (JSON-LD) or Hypothesis export file</label>
          <input
            id={fileId}
            type="file"
            accept=".json,.jsonld,application/json,application/ld+json"
            aria-describedby={`${fileId}-hint`}
            onChange={(event) => void check(event.currentTarget.files?.[0])}
          />
          <p id={`${fileId}-hint`} className="field-hint">
            You will see what the file holds before anything is written. Highlights keep their authors and dates; tags are matched by name.
          </p>
        </div>
        <div role="status" className={styles.status}>
          {step.kind === "busy" ? step.message : report && !report.dryRun ? `Imported ${report.imported} highlights. They are now in the text.` : ""}
        </div>
        {answer && "error" in answer ? <FormMessage error={answer.error} /> : null}
        {report ? <ImportReport report={report} /> : null}
        <div className="button-row">
          {report?.dryRun && step.kind === "answer" ? (
            <button type="button" className="button" disabled={report.imported === 0} onClick={() => void run(step.fileText)}>
              {report.imported === 0 ? "Nothing to import" : `Import ${report.imported} highlights`}
            </button>
          ) : null}
          <button type="button" className="button button-secondary" onClick={close}>
            {report && !report.dryRun ? "Done" : "Cancel"}
          </button>
        </div>
      </dialog>
    </>
  );
}
