"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useRef, useState, type FormEvent } from "react";
import { FormMessage } from "@/components/ui/form-message.tsx";
import { formatDateTime } from "@/lib/format-date.ts";
import { MAX_GROUPS } from "@/lib/classroom/session-rooms.ts";
import { startSession } from "./session-api.ts";
import styles from "./start-session.module.css";

export type RecentSession = {
  id: string;
  code: string;
  mode: "blind" | "open";
  createdAt: string;
  ended: boolean;
  participants: number;
};

type Props = {
  documentId: string;
  /** This document is a copy of the demo article, whose example answer key can seed the session's key. */
  offersExampleKey: boolean;
  recent: readonly RecentSession[];
};

/**
 * "Start a class session" on the document page: a dialog with the mode (each with one line on
 * what students will see), groups, anonymity and, on a copy of the demo, the example key; and
 * the document's recent sessions. Starting opens the new session's dashboard.
 */
export function StartSessionDialog({ documentId, offersExampleKey, recent }: Props) {
  const id = useId();
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const [mode, setMode] = useState<"blind" | "open">("blind");
  const [groups, setGroups] = useState(0);
  const [anonymous, setAnonymous] = useState(false);
  const [useExampleKey, setUseExampleKey] = useState(offersExampleKey);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    setError(undefined);
    const answer = await startSession(documentId, { mode, groups, anonymous, useExampleKey: offersExampleKey && useExampleKey });
    if (answer.ok) {
      router.push(`/sessions/${answer.value.id}`);
    } else {
      setPending(false);
      setError(answer.message);
    }
  };

  return (
    <>
      <button type="button" className="link-button" aria-haspopup="dialog" onClick={() => dialog.current?.showModal()}>
        Start a class session
      </button>
      <dialog ref={dialog} className={styles.dialog} aria-labelledby={`${id}-title`}>
        <form onSubmit={(event) => void submit(event)}>
          <h2 id={`${id}-title`} className={styles.title}>
            Start a class session
          </h2>
          <p className={styles.intro}>Students join with a code, no account needed. You follow their highlights live and score them against your answer key.</p>
          <fieldset className={styles.fieldset}>
            <legend>Mode</legend>
            <label className={styles.choice}>
              <input type="radio" name={`${id}-mode`} value="blind" checked={mode === "blind"} onChange={() => setMode("blind")} />
              <span>
                <strong>Blind</strong>
                <span className={styles.hint}>Each student sees only their own highlights until you reveal everyone’s.</span>
              </span>
            </label>
            <label className={styles.choice}>
              <input type="radio" name={`${id}-mode`} value="open" checked={mode === "open"} onChange={() => setMode("open")} />
              <span>
                <strong>Open</strong>
                <span className={styles.hint}>Everyone sees everyone’s highlights as they are made; the key stays hidden until you reveal it.</span>
              </span>
            </label>
          </fieldset>
          <label className={styles.field}>
            Groups
            <select value={groups} onChange={(event) => setGroups(Number(event.target.value))}>
              <option value={0}>No groups: one class</option>
              {Array.from({ length: MAX_GROUPS - 1 }, (_, index) => index + 2).map((count) => (
                <option key={count} value={count}>
                  {count} groups (students see only their own group)
                </option>
              ))}
            </select>
          </label>
          <label className={styles.check}>
            <input type="checkbox" checked={anonymous} onChange={(event) => setAnonymous(event.target.checked)} />
            <span>
              Anonymous to classmates
              <span className={styles.hint}>Classmates see “Reader 7”; you still see names.</span>
            </span>
          </label>
          {offersExampleKey ? (
            <label className={styles.check}>
              <input type="checkbox" checked={useExampleKey} onChange={(event) => setUseExampleKey(event.target.checked)} />
              <span>
                Use the example answer key
                <span className={styles.hint}>15 passages with sub-labels and an explanation each, ready for this article. You can edit it.</span>
              </span>
            </label>
          ) : null}
          <FormMessage error={error} />
          <div className="button-row">
            <button type="submit" className="button" disabled={pending}>
              {pending ? "Starting…" : "Start the session"}
            </button>
            <button type="button" className="button button-secondary" onClick={() => dialog.current?.close()}>
              Cancel
            </button>
          </div>
        </form>
        <section className={styles.recent} aria-labelledby={`${id}-recent`}>
          <h3 id={`${id}-recent`}>Recent sessions on this article</h3>
          {recent.length === 0 ? (
            <p className={styles.hint}>None yet.</p>
          ) : (
            <ul>
              {recent.map((session) => (
                <li key={session.id}>
                  <Link href={`/sessions/${session.id}`}>
                    {formatDateTime(session.createdAt)} · {session.mode === "blind" ? "Blind" : "Open"} · code {session.code}
                  </Link>{" "}
                  <span className={styles.hint}>
                    {session.participants} {session.participants === 1 ? "student" : "students"}
                    {session.ended ? ", ended" : ", running"}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </dialog>
    </>
  );
}
