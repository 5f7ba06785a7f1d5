"use client";

import { useId, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { sliceCodePoints } from "@/lib/annotations/code-points.ts";
import {
  countUnder,
  heatmapBlocks,
  lensKey,
  parseLensKey,
  shadeLevel,
  visibleStretches,
  type HeatmapLens,
  type HeatmapStretch,
  type KeySpan,
} from "@/lib/classroom/heatmap-view.ts";
import type { Block } from "@/lib/documents/schema.ts";
import { TAGS } from "@/lib/realtime/doc-schema.ts";
import { TAG_INFO, type Vocabulary } from "@/lib/vocabulary/default-vocabulary.ts";
import { HeatmapTable } from "./heatmap-table.tsx";
import { StretchDetails } from "./stretch-details.tsx";
import styles from "./heatmap.module.css";

type Props = {
  blocks: readonly Block[];
  /** The canonical body text (for quotes). */
  text: string;
  language: string;
  stretches: readonly HeatmapStretch[];
  /** The answer key, overlaid; empty when the viewer may not see it yet. */
  keySpans: readonly KeySpan[];
  vocabulary: Vocabulary;
  /** Display names by participant id (pseudonyms on students' screens in anonymous sessions). */
  names: Readonly<Record<string, string>>;
  /** Students in the class (or group): the shading is relative to it. */
  classSize: number;
  /** Headings and extra controls above the text (e.g. the dashboard's "follow me"). */
  toolbar?: ReactNode;
  /** Called with the text element once mounted, for callers that read the reader's selection in it. */
  textRef?: (element: HTMLDivElement | null) => void;
};

function students(count: number): string {
  return `${count} ${count === 1 ? "student" : "students"}`;
}

/**
 * The class heatmap: the article with every stretch that students highlighted shaded by how many
 * of them did (under a lens: every tag, one tag or one sub-label), the answer key underlined
 * twice, counts in numbers on hover and focus and in a table view, and the chosen stretch's
 * breakdown. The keyboard walks the stretches with the arrow keys (one tab stop); Enter chooses.
 */
export function ClassHeatmap({ blocks, text, language, stretches, keySpans, vocabulary, names, classSize, toolbar, textRef }: Props) {
  const id = useId();
  const [lens, setLens] = useState<HeatmapLens>({ kind: "all" });
  const [table, setTable] = useState(false);
  const [large, setLarge] = useState(false);
  const [chosen, setChosen] = useState<number | null>(null);
  const [focusTarget, setFocusTarget] = useState<number | null>(null);
  const textElement = useRef<HTMLDivElement | null>(null);

  const rendered = useMemo(() => heatmapBlocks(blocks, stretches, keySpans, lens), [blocks, stretches, keySpans, lens]);
  const order = useMemo(() => visibleStretches(stretches, lens), [stretches, lens]);
  /** Where each stretch's first run starts: that run is the stretch's focus target. */
  const firstRuns = useMemo(() => {
    const starts = new Map<number, number>();
    for (const block of rendered) for (const run of block.runs) if (run.stretch !== null && !starts.has(run.stretch)) starts.set(run.stretch, run.start);
    return starts;
  }, [rendered]);
  const tabStop = focusTarget !== null && order.includes(focusTarget) ? focusTarget : (order[0] ?? null);
  const chosenStretch = chosen !== null ? stretches[chosen] : undefined;
  const techniques = TAGS.flatMap((tag) => vocabulary[tag].map((label) => ({ tag, label })));

  const quoteOf = (stretch: HeatmapStretch) => sliceCodePoints(text, stretch.start, stretch.end);
  const describe = (index: number) => {
    const stretch = stretches[index]!;
    const inKey = keySpans.some((span) => span.start < stretch.end && span.end > stretch.start);
    return `${students(countUnder(stretch, lens))}: “${quoteOf(stretch)}”${inKey ? ", in the answer key" : ""}`;
  };

  const moveFocus = (index: number) => {
    setFocusTarget(index);
    textElement.current?.querySelector<HTMLElement>(`[data-stretch-first="${index}"]`)?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLElement>, index: number) => {
    const position = order.indexOf(index);
    const go = (target: number | undefined) => {
      if (target === undefined) return;
      event.preventDefault();
      moveFocus(target);
    };
    if (event.key === "ArrowRight" || event.key === "ArrowDown") go(order[position + 1]);
    else if (event.key === "ArrowLeft" || event.key === "ArrowUp") go(order[position - 1]);
    else if (event.key === "Home") go(order[0]);
    else if (event.key === "End") go(order[order.length - 1]);
    else if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      setChosen(index);
    }
  };

  return (
    <section className={styles.heatmap} data-large={large || undefined} aria-labelledby={`${id}-title`}>
      <div className={styles.toolbar}>
        <h2 id={`${id}-title`} className={styles.title}>
          Where the class highlighted
        </h2>
        <label className={styles.control}>
          Shade by
          <select
            value={lensKey(lens)}
            onChange={(event) => {
              setLens(parseLensKey(event.target.value));
              setChosen(null);
            }}
          >
            <option value="all">All tags</option>
            {TAGS.map((tag) => (
              <option key={tag} value={`tag:${tag}`}>
                {TAG_INFO[tag].name}
              </option>
            ))}
            {TAGS.map((tag) =>
              vocabulary[tag].length > 0 ? (
                <optgroup key={tag} label={`Sub-labels of ${TAG_INFO[tag].name}`}>
                  {techniques
                    .filter((entry) => entry.tag === tag)
                    .map(({ label }) => (
                      <option key={label.id} value={`technique:${label.id}`}>
                        {label.name}
                      </option>
                    ))}
                </optgroup>
              ) : null,
            )}
          </select>
        </label>
        <button type="button" className={`button button-secondary ${styles.toggle}`} aria-pressed={table} onClick={() => setTable(!table)}>
          Table view
        </button>
        <label className={styles.control}>
          <input type="checkbox" checked={large} onChange={(event) => setLarge(event.target.checked)} />
          Large type
        </label>
        {toolbar}
      </div>
      <p className={styles.legend} id={`${id}-legend`}>
        <span className={styles.swatches} aria-hidden="true" data-lens={lens.kind === "tag" ? lens.tag : "all"}>
          {[1, 2, 3, 4].map((level) => (
            <span key={level} className={styles.swatch} data-shade={level} />
          ))}
        </span>
        Darker: more of the {classSize} students. <span className={styles.keySample}>Double underline</span>: the answer key.
        {" "}
        {order.length === 0 ? "Nothing highlighted yet under this choice." : `${order.length} passages highlighted. Arrow keys move between them, Enter shows who tagged each how.`}
      </p>
      <div className={styles.body}>
        {table ? (
          <HeatmapTable stretches={stretches} order={order} lens={lens} keySpans={keySpans} quoteOf={quoteOf} onChoose={setChosen} />
        ) : (
          <div
            className={styles.text}
            lang={language}
            ref={(element) => {
              textElement.current = element;
              textRef?.(element);
            }}
            aria-describedby={`${id}-legend`}
            data-lens={lens.kind === "tag" ? lens.tag : "all"}
          >
            {rendered.map((block) => {
              const content = block.runs.map((run, index) => {
                if (run.stretch === null && !run.key) return run.text;
                if (run.stretch === null) {
                  return (
                    <span key={index} className={styles.key}>
                      {run.text}
                    </span>
                  );
                }
                const stretchIndex = run.stretch;
                const stretch = stretches[stretchIndex]!;
                const count = countUnder(stretch, lens);
                return (
                  <mark
                    key={index}
                    className={run.key ? `${styles.heat} ${styles.key}` : styles.heat}
                    data-shade={shadeLevel(count, classSize)}
                    data-count={count}
                    data-chosen={chosen === stretchIndex || undefined}
                    title={students(count)}
                    onClick={() => setChosen(stretchIndex)}
                    {...(firstRuns.get(stretchIndex) === run.start
                      ? {
                          "data-stretch-first": stretchIndex,
                          tabIndex: tabStop === stretchIndex ? 0 : -1,
                          role: "button",
                          "aria-label": describe(stretchIndex),
                          "aria-pressed": chosen === stretchIndex,
                          onKeyDown: (event: KeyboardEvent<HTMLElement>) => onKeyDown(event, stretchIndex),
                          onFocus: () => setFocusTarget(stretchIndex),
                        }
                      : {})}
                  >
                    {run.text}
                  </mark>
                );
              });
              const common = { "data-block": block.index, "data-offset": block.start, "data-length": block.length };
              return block.type === "heading" ? (
                <h3 key={block.index} className={styles.subhead} {...common}>
                  {content}
                </h3>
              ) : (
                <p key={block.index} {...common}>
                  {content}
                </p>
              );
            })}
          </div>
        )}
        <StretchDetails
          stretch={chosenStretch ?? null}
          quote={chosenStretch ? quoteOf(chosenStretch) : ""}
          keySpans={keySpans}
          vocabulary={vocabulary}
          names={names}
          onClose={() => {
            const back = chosen;
            setChosen(null);
            if (back !== null && !table) moveFocus(back);
          }}
        />
      </div>
    </section>
  );
}
