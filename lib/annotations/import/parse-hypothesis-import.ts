import { z } from "zod";
import { AppError } from "@/lib/errors.ts";
import { type ImportAuthor, type ImportItem, MAX_IMPORT_ENTRIES, type ParsedImport, type SkippedSource } from "./import-item.ts";
import { commentText, field, parseSource, quoteFromSelectors, selectorSchema, timeOf } from "./source-schema.ts";

/** The fields of a Hypothesis annotation (API search rows and the client's export) that an import reads. */
const annotationSchema = z.looseObject({
  id: field.min(1, { error: "must not be empty" }),
  created: field.optional(),
  updated: field.optional(),
  user: field.optional(),
  user_info: z.looseObject({ display_name: field.nullish() }).nullish(),
  text: commentText.nullish(),
  tags: z.array(field).nullish(),
  target: z.array(z.looseObject({ source: field.optional(), selector: z.array(selectorSchema).optional() })).nullish(),
  references: z.array(field).nullish(),
});

type SourceAnnotation = z.output<typeof annotationSchema>;

const searchAnswerSchema = z.looseObject({ rows: z.array(z.unknown(), { error: "must be a list of annotations" }) });
const exportFileSchema = z.looseObject({ export_date: z.string(), annotations: z.array(z.unknown(), { error: "must be a list of annotations" }) });

/** Hypothesis users are "acct:name@authority"; the display name is shown when the file has it. */
function authorOf(annotation: SourceAnnotation): ImportAuthor {
  const key = annotation.user ?? "unknown";
  const username = /^acct:([^@]+)@/.exec(key)?.[1] ?? key;
  return { key: `hypothesis:${key}`, name: annotation.user_info?.display_name?.trim() || username };
}

/**
 * A Hypothesis file (its API's search answer `{"rows": [...]}` or its client's export
 * `{"export_date", "annotations": [...]}`) as import items. An annotation with a
 * TextQuoteSelector is a highlight, its `text` the first comment; one with `references`
 * (root first, parent last) is a reply in the root's thread; page notes and annotations that
 * quote nothing are skipped with a reason. Throws BAD_REQUEST naming what is not readable.
 */
export function parseHypothesisImport(value: unknown): ParsedImport {
  const isSearchAnswer = typeof value === "object" && value !== null && "rows" in value;
  const [rows, where] = isSearchAnswer ? [parseSource(searchAnswerSchema, value, "file").rows, "rows"] : [parseSource(exportFileSchema, value, "file").annotations, "annotations"];
  if (rows.length > MAX_IMPORT_ENTRIES) throw new AppError("BAD_REQUEST", `The file holds ${rows.length} annotations; import at most ${MAX_IMPORT_ENTRIES} at once.`);
  const annotations = rows.map((row, index) => parseSource(annotationSchema, row, `${where}[${index}]`));

  const items = new Map<string, ImportItem>();
  const skipped: SkippedSource[] = [];
  const replies: SourceAnnotation[] = [];
  for (const annotation of annotations) {
    if (annotation.references?.length) {
      replies.push(annotation);
      continue;
    }
    const quote = quoteFromSelectors((annotation.target ?? []).flatMap((target) => target.selector ?? []));
    if (!quote) {
      const pageNote = (annotation.target ?? []).every((target) => !target.selector?.length);
      skipped.push({ sourceId: annotation.id, reason: pageNote ? "A page note: it is about the whole page and quotes no text." : "It quotes no text (no TextQuoteSelector), so there is nothing to anchor." });
      continue;
    }
    const author = authorOf(annotation);
    const created = timeOf(annotation.created);
    items.set(annotation.id, {
      sourceId: annotation.id,
      ...quote,
      tags: annotation.tags ?? [],
      author,
      created,
      modified: timeOf(annotation.updated),
      resolved: false,
      comments: annotation.text?.trim() ? [{ sourceId: `${annotation.id}#text`, parentSourceId: null, author, created, body: annotation.text }] : [],
    });
  }
  for (const reply of replies) {
    const references = reply.references!;
    const root = items.get(references[0]!);
    if (!root) {
      skipped.push({ sourceId: reply.id, reason: `It replies to ${references[0]}, which is not a highlight of this file (a page note, or left out).` });
      continue;
    }
    if (!reply.text?.trim()) {
      skipped.push({ sourceId: reply.id, reason: "The reply has no text." });
      continue;
    }
    // A reply to the annotation itself answers its text, our thread's first comment.
    const parent = references.at(-1)!;
    const rootComment = root.comments.find((comment) => comment.sourceId === `${root.sourceId}#text`);
    root.comments.push({ sourceId: reply.id, parentSourceId: parent === root.sourceId ? (rootComment?.sourceId ?? null) : parent, author: authorOf(reply), created: timeOf(reply.created), body: reply.text });
  }
  return { format: "hypothesis", items: [...items.values()], skipped };
}
