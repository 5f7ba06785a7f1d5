import { z } from "zod";
import { AppError } from "@/lib/errors.ts";
import { type ImportAuthor, type ImportComment, type ImportItem, MAX_IMPORT_ENTRIES, type ParsedImport, type SkippedSource, UNKNOWN_AUTHOR } from "./import-item.ts";
import { commentText, field, oneOrMany, parseSource, quoteFromSelectors, selectorSchema, timeOf } from "./source-schema.ts";

const agentSchema = z.union([field, z.looseObject({ id: field.optional(), name: field.optional(), nickname: field.optional() })]);

const bodySchema = z.union([
  field,
  z.looseObject({
    type: oneOrMany(field).optional(),
    purpose: oneOrMany(field).optional(),
    value: commentText.optional(),
    creator: agentSchema.optional(),
    created: field.optional(),
  }),
]);

const targetSchema = z.union([field, z.looseObject({ id: field.optional(), source: field.optional(), selector: oneOrMany(selectorSchema).optional() })]);

const annotationSchema = z.looseObject({
  id: field.min(1, { error: "must not be empty" }),
  type: oneOrMany(field),
  motivation: oneOrMany(field).optional(),
  creator: agentSchema.optional(),
  created: field.optional(),
  modified: field.optional(),
  body: oneOrMany(bodySchema).optional(),
  target: oneOrMany(targetSchema),
});

type SourceAnnotation = z.output<typeof annotationSchema>;
type SourceBody = z.output<typeof bodySchema>;

const typed = z.looseObject({ type: oneOrMany(field).optional() });
const pageSchema = z.looseObject({ items: z.array(z.unknown(), { error: "must be a list of annotations" }), next: z.unknown().optional() });
const collectionSchema = z.looseObject({ first: z.union([field, pageSchema], { error: "must be the first AnnotationPage, embedded" }) });

const isType = (value: unknown, type: string) => typed.safeParse(value).data?.type?.includes(type) ?? false;

/**
 * Lists, collections and embedded pages nest a few levels in real exports; a file nested deeper
 * than this is refused before the walk below could exhaust the stack (a hostile file of nested
 * lists is a few hundred KB for a hundred thousand levels).
 */
const MAX_NESTING = 64;

/** The annotations of a file, each with where it sits for error messages. */
function entriesOf(value: unknown, depth = 0): Array<{ value: unknown; where: string }> {
  if (depth > MAX_NESTING) throw new AppError("BAD_REQUEST", `The file nests lists and pages more than ${MAX_NESTING} levels deep; export the annotations as one page or list.`);
  if (Array.isArray(value)) return value.flatMap((entry, index) => (isType(entry, "Annotation") ? [{ value: entry, where: `[${index}]` }] : entriesOf(entry, depth + 1)));
  if (isType(value, "AnnotationCollection")) {
    const { first } = parseSource(collectionSchema, value, "collection");
    if (typeof first === "string") throw new AppError("BAD_REQUEST", `The collection's first page is only linked (${first}); export it with its items embedded.`);
    return entriesOf({ type: "AnnotationPage", ...first }, depth + 1);
  }
  if (isType(value, "AnnotationPage")) {
    const page = parseSource(pageSchema, value, "page");
    if (typeof page.next === "string") throw new AppError("BAD_REQUEST", `The collection continues on another page (${page.next}); export it as one page.`);
    return [...page.items.map((entry, index) => ({ value: entry, where: `items[${index}]` })), ...(page.next ? entriesOf({ type: "AnnotationPage", ...(page.next as object) }, depth + 1) : [])];
  }
  if (isType(value, "Annotation")) return [{ value, where: "annotation" }];
  throw new AppError("BAD_REQUEST", "The file is not a W3C Web Annotation: expected an Annotation, an AnnotationPage, an AnnotationCollection or a list of them.");
}

function authorOf(agent: z.output<typeof agentSchema> | undefined, fallback: ImportAuthor): ImportAuthor {
  if (agent === undefined) return fallback;
  if (typeof agent === "string") return { key: agent, name: agent.split(/[/#:]/).filter(Boolean).at(-1) ?? agent };
  const name = agent.name ?? agent.nickname ?? agent.id;
  const key = agent.id ?? agent.name ?? agent.nickname;
  return name && key ? { key, name } : fallback;
}

const textualBodies = (bodies: readonly SourceBody[] | undefined) => (bodies ?? []).flatMap((body) => (typeof body === "string" ? [] : [body]));
const hasPurpose = (body: Exclude<SourceBody, string>, purpose: string) => body.purpose?.includes(purpose) ?? false;

/** The IRI a reply targets: a plain IRI, or a target object's id or source. */
function targetIri(annotation: SourceAnnotation): string | undefined {
  const [target] = annotation.target;
  return typeof target === "string" ? target : (target?.id ?? target?.source);
}

function highlightOf(annotation: SourceAnnotation): ImportItem | SkippedSource {
  const selectors = annotation.target.flatMap((target) => (typeof target === "string" ? [] : (target.selector ?? [])));
  const quote = quoteFromSelectors(selectors);
  if (!quote) return { sourceId: annotation.id, reason: "It quotes no text (no TextQuoteSelector), so there is nothing to anchor." };
  const author = authorOf(annotation.creator, UNKNOWN_AUTHOR);
  const created = timeOf(annotation.created);
  const bodies = textualBodies(annotation.body);
  const commenting = annotation.motivation?.includes("commenting") ?? false;
  const value = (purpose: string) => bodies.filter((body) => hasPurpose(body, purpose) && body.value).map((body) => body.value!.trim());
  // Our REST API's older shape kept the thread as commenting bodies: each becomes a first-level comment.
  const comments: ImportComment[] = bodies
    .filter((body) => body.value?.trim() && (hasPurpose(body, "commenting") || (!body.purpose && commenting)))
    .map((body, index) => ({ sourceId: `${annotation.id}#body-${index}`, parentSourceId: null, author: authorOf(body.creator, author), created: timeOf(body.created) ?? created, modified: null, body: body.value! }));
  return {
    sourceId: annotation.id,
    ...quote,
    tags: [...value("tagging"), ...value("classifying")],
    author,
    created,
    modified: timeOf(annotation.modified),
    resolved: value("assessing").some((assessment) => assessment.toLowerCase() === "resolved"),
    comments,
  };
}

/**
 * Our export leaves deleted comments out but keeps their replies, which still target the
 * deleted comment's IRI (`<highlight>/comments/<id>`). When no reply finds its parent any more,
 * each such IRI under a highlight of the file is taken as a comment of that highlight the file
 * left out, so its replies join the thread at the top (`planImport` places replies to comments
 * it does not write there) and their own replies stay under them. True when it adopted any.
 */
function adoptOrphanedReplies(waiting: readonly SourceAnnotation[], itemOf: Map<string, ImportItem>): boolean {
  let adopted = false;
  const inFile = new Set(waiting.map((reply) => reply.id));
  for (const reply of waiting) {
    const target = targetIri(reply);
    const at = target?.lastIndexOf("/comments/") ?? -1;
    const highlight = target === undefined || at <= 0 ? undefined : itemOf.get(target.slice(0, at));
    if (target === undefined || itemOf.has(target) || inFile.has(target) || highlight?.sourceId !== target.slice(0, at)) continue;
    itemOf.set(target, highlight);
    adopted = true;
  }
  return adopted;
}

/**
 * A W3C Web Annotation file (JSON-LD: a collection with its first page embedded, a page, one
 * annotation, or a list of them) as import items. Highlights are annotations with a
 * TextQuoteSelector; `tagging` and `classifying` bodies name the tag and sub-label, an
 * `assessing` body "resolved" resolves the thread. Comments are annotations with motivation
 * `replying` whose target is the IRI of the highlight or of the comment they answer, in any
 * order in the file. Throws BAD_REQUEST naming the first entry that is not readable.
 */
export function parseW3CImport(value: unknown): ParsedImport {
  const entries = entriesOf(value);
  if (entries.length > MAX_IMPORT_ENTRIES) throw new AppError("BAD_REQUEST", `The file holds ${entries.length} annotations; import at most ${MAX_IMPORT_ENTRIES} at once.`);
  const annotations = entries.map(({ value: entry, where }) => parseSource(annotationSchema, entry, where));

  const items: ImportItem[] = [];
  const skipped: SkippedSource[] = [];
  const replies: SourceAnnotation[] = [];
  for (const annotation of annotations) {
    if (annotation.motivation?.includes("replying")) {
      replies.push(annotation);
      continue;
    }
    const highlight = highlightOf(annotation);
    if ("reason" in highlight) skipped.push(highlight);
    else items.push(highlight);
  }

  // Replies may come before what they answer: place them in rounds until none finds its parent.
  const itemOf = new Map<string, ImportItem>(items.map((item) => [item.sourceId, item]));
  let waiting = replies;
  for (let progress = true; progress && waiting.length > 0; ) {
    progress = false;
    const next: SourceAnnotation[] = [];
    for (const reply of waiting) {
      const target = targetIri(reply);
      const item = target === undefined ? undefined : itemOf.get(target);
      if (!item || target === undefined) {
        next.push(reply);
        continue;
      }
      progress = true;
      const body = textualBodies(reply.body).find((candidate) => candidate.value?.trim() && (!candidate.purpose || hasPurpose(candidate, "commenting") || hasPurpose(candidate, "replying")));
      itemOf.set(reply.id, item);
      if (!body?.value) {
        skipped.push({ sourceId: reply.id, reason: "The reply has no text." });
        continue;
      }
      item.comments.push({
        sourceId: reply.id,
        parentSourceId: target === item.sourceId ? null : target,
        author: authorOf(reply.creator, UNKNOWN_AUTHOR),
        created: timeOf(reply.created),
        modified: timeOf(reply.modified),
        body: body.value,
      });
    }
    waiting = next;
    // Stuck: what is left may answer comments the file left out.
    if (!progress) progress = adoptOrphanedReplies(waiting, itemOf);
  }
  for (const reply of waiting) skipped.push({ sourceId: reply.id, reason: `It replies to ${targetIri(reply) ?? "nothing"}, which is not a highlight or comment of this file.` });
  return { format: "w3c", items, skipped };
}
