"use client";

import { useId, useMemo, useState } from "react";
import { DEFAULT_EXPORT_OPTIONS, type ExportOptions } from "@/lib/export/export-model.ts";
import type { ExportFormat } from "@/lib/export/export-options.ts";
import { exportUrl } from "@/lib/export/export-url.ts";
import { TAGS, type Tag } from "@/lib/realtime/doc-schema.ts";
import { TAG_INFO, type Vocabulary } from "@/lib/vocabulary/default-vocabulary.ts";
import styles from "./export-menu.module.css";

/** What each format is for, in the words the menu shows. */
const FORMAT_INFO: Record<ExportFormat, { name: string; hint: string }> = {
  html: { name: "Web page (HTML)", hint: "One file that opens in any browser, offline, with notes in the margin." },
  pdf: { name: "PDF", hint: "For printing and handing in." },
  docx: { name: "Word (.docx)", hint: "Highlights as Word comments, to keep working in Word or LibreOffice." },
  md: { name: "Markdown", hint: "For GitHub, Obsidian and notes apps; threads as footnotes." },
  jsonld: { name: "W3C Web Annotations (JSON-LD)", hint: "Data for other annotation tools; imports back into Marginalia." },
  csv: { name: "Spreadsheet (CSV)", hint: "One row per highlight and per comment." },
};

type Props = {
  documentId: string;
  /** The formats this server renders, in menu order. */
  formats: readonly ExportFormat[];
  vocabulary: Vocabulary;
  /** Workspace members, for the authors filter; empty on the public demo. */
  people: readonly { id: string; name: string }[];
};

/** A list filter as the options hold it: null when everything is chosen, so new tags or people are never left out by accident. */
function listChoice<T extends string>(chosen: ReadonlySet<T>, all: readonly T[]): T[] | null {
  return all.every((item) => chosen.has(item)) ? null : all.filter((item) => chosen.has(item));
}

function toggle<T>(set: ReadonlySet<T>, item: T, on: boolean): Set<T> {
  const next = new Set(set);
  if (on) next.add(item);
  else next.delete(item);
  return next;
}

/**
 * The Export menu of the document page: a disclosure (native `<details>`, so keyboard and
 * screen readers get it for free) with the format, the filters, a preview of the HTML copy in
 * a sandboxed frame and a download link whose URL carries every choice.
 */
export function ExportMenu({ documentId, formats, vocabulary, people }: Props) {
  const id = useId();
  const [format, setFormat] = useState<ExportFormat>(formats[0] ?? "html");
  const [tags, setTags] = useState<ReadonlySet<Tag>>(new Set(TAGS));
  const allLabels = useMemo(() => TAGS.flatMap((tag) => vocabulary[tag].map((label) => label.id)), [vocabulary]);
  const [labels, setLabels] = useState<ReadonlySet<string>>(new Set(allLabels));
  const allPeople = useMemo(() => people.map((person) => person.id), [people]);
  const [authors, setAuthors] = useState<ReadonlySet<string>>(new Set(allPeople));
  const [comments, setComments] = useState(DEFAULT_EXPORT_OPTIONS.comments);
  const [resolved, setResolved] = useState(DEFAULT_EXPORT_OPTIONS.resolved);
  const [anonymize, setAnonymize] = useState(DEFAULT_EXPORT_OPTIONS.anonymize);
  const [preview, setPreview] = useState(false);

  const options: ExportOptions = {
    tags: listChoice(tags, TAGS),
    labels: listChoice(labels, allLabels),
    authors: listChoice(authors, allPeople),
    comments,
    resolved,
    anonymize,
  };
  const nothing = tags.size === 0 || (people.length > 0 && authors.size === 0);
  const download = exportUrl(documentId, { format, options });
  const previewUrl = exportUrl(documentId, { format: "html", options, disposition: "inline" });

  return (
    <details className={styles.menu}>
      <summary className={styles.summary}>Export</summary>
      <div className={styles.panel} role="group" aria-labelledby={`${id}-title`}>
        <h2 id={`${id}-title`} className={styles.title}>
          Export an annotated copy
        </h2>

        <fieldset className={styles.fieldset}>
          <legend>Format</legend>
          {formats.map((candidate) => (
            <label key={candidate} className={styles.choice}>
              <input type="radio" name={`${id}-format`} value={candidate} checked={format === candidate} onChange={() => setFormat(candidate)} />
              <span>
                {FORMAT_INFO[candidate].name}
                <span className={styles.hint}>{FORMAT_INFO[candidate].hint}</span>
              </span>
            </label>
          ))}
        </fieldset>

        <fieldset className={styles.fieldset}>
          <legend>Tags and sub-labels</legend>
          {TAGS.map((tag) => (
            <div key={tag} className={styles.tag}>
              <label className={styles.choice} data-tag={tag}>
                <input type="checkbox" checked={tags.has(tag)} onChange={(event) => setTags(toggle(tags, tag, event.target.checked))} />
                {TAG_INFO[tag].name}
              </label>
              {vocabulary[tag].length > 0 ? (
                <details className={styles.labels}>
                  <summary>
                    Sub-labels of {TAG_INFO[tag].name} ({vocabulary[tag].filter((label) => labels.has(label.id)).length} of {vocabulary[tag].length})
                  </summary>
                  <div className={styles.labelList}>
                    {vocabulary[tag].map((label) => (
                      <label key={label.id} className={styles.choice}>
                        <input
                          type="checkbox"
                          checked={labels.has(label.id)}
                          disabled={!tags.has(tag)}
                          onChange={(event) => setLabels(toggle(labels, label.id, event.target.checked))}
                        />
                        {label.name}
                      </label>
                    ))}
                  </div>
                </details>
              ) : null}
            </div>
          ))}
        </fieldset>

        {people.length > 0 ? (
          <fieldset className={styles.fieldset}>
            <legend>Authors</legend>
            <div className={styles.labelList}>
              {people.map((person) => (
                <label key={person.id} className={styles.choice}>
                  <input type="checkbox" checked={authors.has(person.id)} onChange={(event) => setAuthors(toggle(authors, person.id, event.target.checked))} />
                  {person.name}
                </label>
              ))}
            </div>
          </fieldset>
        ) : null}

        <fieldset className={styles.fieldset}>
          <legend>Include</legend>
          <label className={styles.choice}>
            <input type="checkbox" checked={comments} onChange={(event) => setComments(event.target.checked)} />
            Comments
          </label>
          <label className={styles.choice}>
            <input type="checkbox" checked={resolved} onChange={(event) => setResolved(event.target.checked)} />
            Resolved threads
          </label>
          <label className={styles.choice}>
            <input type="checkbox" checked={anonymize} onChange={(event) => setAnonymize(event.target.checked)} />
            <span>
              Anonymise authors
              <span className={styles.hint}>Everyone becomes “Reader 1”, “Reader 2”…, mentions too.</span>
            </span>
          </label>
        </fieldset>

        {nothing ? (
          <p className={styles.warning} role="status">
            Choose at least one tag{people.length > 0 ? " and one author" : ""} to export.
          </p>
        ) : (
          <div className={styles.actions}>
            <a className={styles.download} href={download} download>
              Download {FORMAT_INFO[format].name}
            </a>
            <button type="button" className={styles.secondary} aria-expanded={preview} aria-controls={`${id}-preview`} onClick={() => setPreview(!preview)}>
              {preview ? "Hide preview" : "Preview the web page"}
            </button>
          </div>
        )}
        <div id={`${id}-preview`}>
          {preview && !nothing ? (
            // No allow-scripts, no allow-same-origin: the copy has no script, and a comment cannot become one.
            <iframe className={styles.preview} title="Preview of the annotated copy" src={previewUrl} sandbox="" referrerPolicy="no-referrer" />
          ) : null}
        </div>
      </div>
    </details>
  );
}
