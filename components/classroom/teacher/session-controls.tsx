"use client";

import Link from "next/link";
import { useId, useRef, useState } from "react";
import type { SessionCommand, SessionState } from "./session-api.ts";
import { downloads } from "./session-api.ts";
import styles from "./dashboard.module.css";

type Props = {
  sessionId: string;
  mode: "BLIND" | "OPEN";
  state: SessionState;
  busy: boolean;
  followMe: boolean;
  onFollowMe: (on: boolean) => void;
  onCommand: (command: SessionCommand, body?: object) => void;
};

const EXPORT_FORMATS = [
  { value: "html", name: "Web page (HTML)" },
  { value: "pdf", name: "PDF" },
  { value: "docx", name: "Word (.docx)" },
  { value: "md", name: "Markdown" },
  { value: "jsonld", name: "W3C Web Annotations (JSON-LD)" },
  { value: "csv", name: "Spreadsheet (CSV)" },
] as const;

type ExportFormat = (typeof EXPORT_FORMATS)[number]["value"];

/**
 * The teacher's controls: lock/unlock, reveal, end (a confirmation dialog, with the choice to
 * delete the students' data), follow me, and the links to the projector page, the key editor
 * and the downloads. Each command is a POST the server checks again; the page shows the
 * state the server answers with, never an optimistic guess.
 */
export function SessionControls({ sessionId, mode, state, busy, followMe, onFollowMe, onCommand }: Props) {
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const [deleteData, setDeleteData] = useState(false);
  const [format, setFormat] = useState<ExportFormat>("html");
  const [anonymize, setAnonymize] = useState(true);
  const live = !state.ended;

  return (
    <div className={styles.controls}>
      <div className={styles.controlRow} role="group" aria-label="Session controls">
        {live ? (
          <>
            <button type="button" className="button button-secondary" disabled={busy} onClick={() => onCommand(state.locked ? "unlock" : "lock")}>
              {state.locked ? "Unlock: students may tag again" : "Lock: read-only for students"}
            </button>
            <button type="button" className="button" disabled={busy || state.revealed} onClick={() => onCommand("reveal")}>
              {state.revealed ? "Revealed" : mode === "BLIND" ? "Reveal everyone’s highlights and the key" : "Reveal the key"}
            </button>
            <button type="button" className={`button button-secondary ${styles.toggle}`} aria-pressed={followMe} onClick={() => onFollowMe(!followMe)}>
              Follow me
            </button>
            <button
              type="button"
              className="button button-danger"
              disabled={busy}
              onClick={() => {
                setDeleteData(false);
                dialog.current?.showModal();
              }}
            >
              End the session…
            </button>
          </>
        ) : (
          <p className={styles.endedNote}>This session has ended. Students can no longer tag; the results stay below.</p>
        )}
      </div>
      {followMe ? <p className={styles.followHint}>Follow me is on: what you select in the text below is spotlighted on every student’s screen.</p> : null}
      <nav className={styles.controlRow} aria-label="Session pages and downloads">
        <Link href={`/sessions/${sessionId}/present`} target="_blank">
          Projector page (join code)
        </Link>
        <Link href={`/sessions/${sessionId}/key`}>Edit the answer key</Link>
        <a href={downloads.resultsCsv(sessionId)} download>
          Results (CSV)
        </a>
        <details className={styles.exportMenu}>
          <summary>Class copy…</summary>
          <div className={styles.exportPanel}>
            <label>
              Format{" "}
              <select value={format} onChange={(event) => setFormat(event.target.value as ExportFormat)}>
                {EXPORT_FORMATS.map((entry) => (
                  <option key={entry.value} value={entry.value}>
                    {entry.name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              <input type="checkbox" checked={anonymize} onChange={(event) => setAnonymize(event.target.checked)} /> Anonymised (Reader 1, Reader 2…)
            </label>
            <a className="button button-secondary" href={downloads.classCopy(sessionId, format, anonymize)} download>
              Download the class copy
            </a>
          </div>
        </details>
      </nav>
      <dialog ref={dialog} className={styles.dialog} aria-labelledby={`${id}-end-title`}>
        <form
          method="dialog"
          onSubmit={(event) => {
            const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
            if (submitter?.value === "end") onCommand("end", { deleteData });
          }}
        >
          <h2 id={`${id}-end-title`}>End the session?</h2>
          <p>Students can no longer tag or comment. The results and the class copy stay available to you.</p>
          <label className={styles.dangerChoice}>
            <input type="checkbox" checked={deleteData} onChange={(event) => setDeleteData(event.target.checked)} /> Also delete the students’ data: their names,
            highlights and comments. This cannot be undone.
          </label>
          <div className="button-row">
            <button type="submit" value="end" className="button button-danger">
              {deleteData ? "End and delete the students’ data" : "End the session"}
            </button>
            <button type="submit" value="cancel" className="button button-secondary">
              Keep it running
            </button>
          </div>
        </form>
      </dialog>
    </div>
  );
}
