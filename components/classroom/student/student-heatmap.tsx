"use client";

import { useMemo } from "react";
import { ClassHeatmap } from "@/components/classroom/heatmap/class-heatmap.tsx";
import { codePointLength } from "@/lib/annotations/code-points.ts";
import { summarizeClassView } from "@/lib/classroom/class-view-summary.ts";
import { classCoverage, stretchAgreement } from "@/lib/classroom/coverage.ts";
import type { HeatmapStretch } from "@/lib/classroom/heatmap-view.ts";
import type { Block } from "@/lib/documents/schema.ts";
import type { AnnotationRecord } from "@/lib/realtime/doc-schema.ts";
import type { Vocabulary } from "@/lib/vocabulary/default-vocabulary.ts";

type Props = {
  blocks: readonly Block[];
  text: string;
  language: string;
  vocabulary: Vocabulary;
  /** Everything the student's view holds after the reveal: classmates (themselves included) and the key. */
  annotations: readonly AnnotationRecord[];
};

/**
 * The class heatmap on a student's screen after the reveal: the teacher's heatmap component fed
 * from the student's own view (their group, under pseudonyms when the session is anonymous), so
 * it shows nothing the student may not see.
 */
export function StudentHeatmap({ blocks, text, language, vocabulary, annotations }: Props) {
  const summary = useMemo(() => summarizeClassView(annotations, []), [annotations]);
  const textLength = useMemo(() => codePointLength(text), [text]);
  const stretches = useMemo<HeatmapStretch[]>(
    () => classCoverage(textLength, summary.entries).map((stretch) => ({ ...stretch, agreement: stretchAgreement(stretch) })),
    [textLength, summary.entries],
  );
  const names = useMemo(() => {
    const byId: Record<string, string> = {};
    for (const record of annotations) byId[record.authorId] = record.authorName;
    return byId;
  }, [annotations]);
  return (
    <div className="student-heatmap">
      <ClassHeatmap
        blocks={blocks}
        text={text}
        language={language}
        stretches={stretches}
        keySpans={summary.key}
        vocabulary={vocabulary}
        names={names}
        classSize={Math.max(summary.counts.size, 1)}
      />
    </div>
  );
}
