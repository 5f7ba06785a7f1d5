"use client";

import { useEffect, useId, useRef } from "react";
import { shorten } from "@/lib/annotate/shorten.ts";
import { labelGroups, type HeatmapStretch, type KeySpan } from "@/lib/classroom/heatmap-view.ts";
import { labelName, TAG_INFO, type Vocabulary } from "@/lib/vocabulary/default-vocabulary.ts";
import type { Tag } from "@/lib/realtime/doc-schema.ts";
import styles from "./heatmap.module.css";

type Props = {
  stretch: HeatmapStretch | null;
  quote: string;
  keySpans: readonly KeySpan[];
  vocabulary: Vocabulary;
  names: Readonly<Record<string, string>>;
  onClose: () => void;
};

function labelText(vocabulary: Vocabulary, tag: Tag, technique: string | null): string {
  const sub = labelName(vocabulary, tag, technique);
  return sub ? `${TAG_INFO[tag].name} · ${sub}` : TAG_INFO[tag].name;
}

/**
 * The chosen stretch: who tagged it how (grouped by label), how much they agree, and what the key
 * says about it. The heading takes the focus when a stretch is chosen, so a keyboard or screen
 * reader user lands on the answer; Close hands the focus back to the stretch.
 */
export function StretchDetails({ stretch, quote, keySpans, vocabulary, names, onClose }: Props) {
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (stretch) heading.current?.focus();
  }, [stretch]);

  if (!stretch) {
    return (
      <aside className={styles.details} aria-label="Passage details">
        <p className={styles.hint}>Choose a shaded passage (click it, or arrow keys and Enter) to see who tagged it how.</p>
      </aside>
    );
  }
  const keyLabels = keySpans.filter((span) => span.start < stretch.end && span.end > stretch.start);
  return (
    <aside className={styles.details} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} ref={heading} tabIndex={-1} className={styles.detailsTitle}>
        “{shorten(quote, 120)}”
      </h3>
      <p>
        <strong>{stretch.total}</strong> {stretch.total === 1 ? "student" : "students"} · agreement <strong>{Math.round(stretch.agreement * 100)}%</strong>
      </p>
      <ul className={styles.groups}>
        {labelGroups(stretch).map((group) => (
          <li key={`${group.tag}:${group.technique ?? ""}`} data-tag={group.tag}>
            <span className={styles.groupLabel}>
              {labelText(vocabulary, group.tag, group.technique)} ({group.participantIds.length})
            </span>
            <span className={styles.groupNames}>{group.participantIds.map((participantId) => names[participantId] ?? "A student who left").join(", ")}</span>
          </li>
        ))}
      </ul>
      <p>
        Answer key:{" "}
        {keyLabels.length === 0 ? "nothing here" : keyLabels.map((span) => labelText(vocabulary, span.tag, span.technique)).join("; ")}
      </p>
      <button type="button" className="button button-secondary" onClick={onClose}>
        Close
      </button>
    </aside>
  );
}
