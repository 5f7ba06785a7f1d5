"use client";

import { useId, useState } from "react";
import { TAGS, type Tag } from "@/lib/realtime/doc-schema.ts";
import { labelName, TAG_INFO, type Vocabulary } from "@/lib/vocabulary/default-vocabulary.ts";
import type { PRF, Scores, SessionResults } from "./session-api.ts";
import styles from "./dashboard.module.css";

type Props = {
  results: SessionResults | null;
  /** Why the scores are missing or stale, if they are. */
  problem: string | null;
  vocabulary: Vocabulary;
  /** The key has no highlights yet: scores would be meaningless. */
  keyEmpty: boolean;
};

type Lens = { kind: "overall" } | { kind: "tag"; tag: Tag } | { kind: "technique"; technique: string };

function pick(scores: Scores, lens: Lens): PRF | undefined {
  if (lens.kind === "overall") return scores.overall;
  if (lens.kind === "tag") return scores.byTag[lens.tag];
  return scores.byTechnique[lens.technique];
}

function percent(value: number | undefined): string {
  return value === undefined || Number.isNaN(value) ? "–" : `${Math.round(value * 100)}%`;
}

function lensValue(lens: Lens): string {
  return lens.kind === "overall" ? "overall" : lens.kind === "tag" ? `tag:${lens.tag}` : `technique:${lens.technique}`;
}

function parseLens(value: string): Lens {
  if (value.startsWith("tag:")) return { kind: "tag", tag: value.slice(4) as Tag };
  if (value.startsWith("technique:")) return { kind: "technique", technique: value.slice(10) };
  return { kind: "overall" };
}

/**
 * Scores against the answer key, per student and for the class: precision, recall and F1 as
 * percentages, overall, per tag or per technique (a selector), with the definitions one click
 * away. The dashboard refreshes them when the class view changes.
 */
export function ClassScores({ results, problem, vocabulary, keyEmpty }: Props) {
  const id = useId();
  const [lens, setLens] = useState<Lens>({ kind: "overall" });
  const techniques = new Set<string>(results ? Object.keys(results.class.byTechnique) : []);
  const techniqueOptions = TAGS.flatMap((tag) => vocabulary[tag].filter((label) => techniques.has(label.id)).map((label) => ({ tag, label })));
  const classScores = results ? pick(results.class, lens) : undefined;

  return (
    <section className={styles.panel} aria-labelledby={`${id}-title`}>
      <div className={styles.panelHead}>
        <h2 id={`${id}-title`} className={styles.panelTitle}>
          Scores against the key
        </h2>
        <label className={styles.inlineControl}>
          Show{" "}
          <select value={lensValue(lens)} onChange={(event) => setLens(parseLens(event.target.value))}>
            <option value="overall">All tags together</option>
            {TAGS.map((tag) => (
              <option key={tag} value={`tag:${tag}`}>
                {TAG_INFO[tag].name}
              </option>
            ))}
            {techniqueOptions.map(({ tag, label }) => (
              <option key={label.id} value={`technique:${label.id}`}>
                {TAG_INFO[tag].name} · {label.name}
              </option>
            ))}
            {[...techniques]
              .filter((technique) => !techniqueOptions.some((option) => option.label.id === technique))
              .map((technique) => (
                <option key={technique} value={`technique:${technique}`}>
                  {labelName(vocabulary, "propaganda", technique)}
                </option>
              ))}
          </select>
        </label>
      </div>
      <details className={styles.definitions}>
        <summary>What precision, recall and F1 mean</summary>
        <dl>
          <dt>Precision</dt>
          <dd>Of what the student highlighted, how much the key also highlights with the same label (partial overlap counts in proportion).</dd>
          <dt>Recall</dt>
          <dd>Of what the key highlights, how much the student found with the same label.</dd>
          <dt>F1</dt>
          <dd>One number balancing both: 2 × precision × recall ÷ (precision + recall).</dd>
        </dl>
        <p>As defined for propaganda span detection by Da San Martino et al. (2019) and SemEval-2020 Task 11, counted in characters of the article.</p>
      </details>
      {keyEmpty ? <p className={styles.empty}>The answer key has no highlights yet: add some in the key editor to score the class.</p> : null}
      {problem ? (
        <p className={styles.problem} role="status">
          {problem}
        </p>
      ) : null}
      {results ? (
        <div className={styles.tableWrap}>
          <table className={styles.table}>
            <thead>
              <tr>
                <th scope="col">Student</th>
                <th scope="col">Highlights</th>
                <th scope="col">Precision</th>
                <th scope="col">Recall</th>
                <th scope="col">F1</th>
              </tr>
            </thead>
            <tbody>
              <tr className={styles.classRow}>
                <th scope="row">Whole class</th>
                <td>{results.participants.reduce((sum, participant) => sum + participant.spans, 0)}</td>
                <td>{percent(classScores?.precision)}</td>
                <td>{percent(classScores?.recall)}</td>
                <td>{percent(classScores?.f1)}</td>
              </tr>
              {results.participants.map((participant) => {
                const scores = pick(participant, lens);
                return (
                  <tr key={participant.participantId}>
                    <th scope="row">{participant.name}</th>
                    <td>{participant.spans}</td>
                    <td>{percent(scores?.precision)}</td>
                    <td>{percent(scores?.recall)}</td>
                    <td>{percent(scores?.f1)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
