"use client";

import { countUnder, stretchInKey, type HeatmapLens, type HeatmapStretch, type KeySpan } from "@/lib/classroom/heatmap-view.ts";
import { shorten } from "@/lib/annotate/shorten.ts";
import { TAGS } from "@/lib/realtime/doc-schema.ts";
import { TAG_INFO } from "@/lib/vocabulary/default-vocabulary.ts";
import styles from "./heatmap.module.css";

type Props = {
  stretches: readonly HeatmapStretch[];
  /** Indexes of the stretches to list, in text order. */
  order: readonly number[];
  lens: HeatmapLens;
  keySpans: readonly KeySpan[];
  quoteOf: (stretch: HeatmapStretch) => string;
  onChoose: (index: number) => void;
};

/** The heatmap as numbers: one row per highlighted passage, busiest first, for reading without colour. */
export function HeatmapTable({ stretches, order, lens, keySpans, quoteOf, onChoose }: Props) {
  const rows = [...order].sort((a, b) => countUnder(stretches[b]!, lens) - countUnder(stretches[a]!, lens) || a - b);
  if (rows.length === 0) return <p className={styles.empty}>Nothing highlighted yet under this choice.</p>;
  return (
    <div className={styles.tableWrap}>
      <table className={styles.table}>
        <caption className="visually-hidden">Highlighted passages, most students first</caption>
        <thead>
          <tr>
            <th scope="col">Passage</th>
            <th scope="col">Students</th>
            {TAGS.map((tag) => (
              <th key={tag} scope="col">
                {TAG_INFO[tag].name}
              </th>
            ))}
            <th scope="col">Agreement</th>
            <th scope="col">In the key</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((index) => {
            const stretch = stretches[index]!;
            return (
              <tr key={index}>
                <th scope="row">
                  <button type="button" className="link-button" onClick={() => onChoose(index)}>
                    “{shorten(quoteOf(stretch), 80)}”
                  </button>
                </th>
                <td>{countUnder(stretch, lens)}</td>
                {TAGS.map((tag) => (
                  <td key={tag}>{stretch.byTag[tag] ?? 0}</td>
                ))}
                <td>{Math.round(stretch.agreement * 100)}%</td>
                <td>{stretchInKey(stretch, keySpans, lens) ? "Yes" : "No"}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
