import { projectionRecords } from "@/lib/annotations/projection-records.ts";
import type { PrismaClient } from "@/lib/db/database.ts";
import { canonicalBodyText } from "@/lib/documents/canonical-text.ts";
import { DEMO_SLUG } from "@/lib/documents/constants.ts";
import { getDocument } from "@/lib/documents/get-document.ts";
import type { DocumentView } from "@/lib/documents/schema.ts";
import { AppError, notFound } from "@/lib/errors.ts";
import { type AnnotationRecord, type CommentRecord, TAGS, type Tag } from "@/lib/realtime/doc-schema.ts";
import { DEFAULT_VOCABULARY, TAG_INFO, type Vocabulary, labelName } from "@/lib/vocabulary/default-vocabulary.ts";
import { getWorkspaceVocabulary } from "@/lib/vocabulary/get-workspace-vocabulary.ts";
import { requireAccess, type Actor } from "@/lib/workspaces/require-access.ts";
import { anonymizeCommentBody, MENTION_PATTERN } from "./anonymize-comment-body.ts";
import { assignPseudonyms, type Contribution } from "./assign-pseudonyms.ts";
import type { ExportComment, ExportHighlight, ExportLabel, ExportLegendEntry, ExportModel, ExportOptions, ExportPerson } from "./export-model.ts";

type Input = { documentId: string; origin: string; options: ExportOptions; now?: Date };

/**
 * What one export shows, for any member of the document's workspace (`document.export`) or,
 * for the public demo, anyone. Without credentials every other id answers UNAUTHORIZED, known
 * or not, so the answer reveals nothing; a signed-in stranger gets NOT_FOUND.
 */
export async function buildExportModel(prisma: PrismaClient, actor: Actor | null, input: Input): Promise<ExportModel> {
  const document = await getDocument(prisma, { id: input.documentId });
  if (!actor && document?.workspaceId !== null) {
    throw new AppError("UNAUTHORIZED", "Sign in, or send an API token, to export this document.");
  }
  if (!document) throw notFound("Document");
  let workspace: ExportModel["workspace"] = null;
  let vocabulary: Vocabulary = DEFAULT_VOCABULARY;
  if (document.workspaceId !== null && actor) {
    try {
      await requireAccess(prisma, actor, document.workspaceId, "document.export");
    } catch (error) {
      if (error instanceof AppError && error.code === "NOT_FOUND") throw notFound("Document");
      throw error;
    }
    const row = await prisma.workspace.findUniqueOrThrow({ where: { id: document.workspaceId }, select: { id: true, name: true } });
    workspace = row;
    vocabulary = await getWorkspaceVocabulary(prisma, document.workspaceId);
  }

  const { annotations, comments } = await projectionRecords(prisma, document.id);
  const people = await namePeople(prisma, annotations, comments, actor, input.options.anonymize);
  if (workspace && input.options.anonymize) workspace = { ...workspace, name: await pseudonymizeText(prisma, workspace.name, people, annotations, comments) };
  return exportModelFromRecords({
    document,
    workspace,
    vocabulary,
    annotations,
    comments,
    people,
    exportedBy: actor?.userId ?? null,
    origin: input.origin,
    options: input.options,
    now: input.now,
  });
}

/**
 * The export model from records already read and people already named: what the document's
 * projection gives above, or what a classroom session's rooms give (lib/classroom/export-session.ts).
 * Everyone not in `people` is shown by the name their record carries, else "Former member".
 */
export function exportModelFromRecords(input: {
  document: DocumentView;
  workspace: ExportModel["workspace"];
  vocabulary: Vocabulary;
  annotations: readonly AnnotationRecord[];
  comments: readonly CommentRecord[];
  people: ReadonlyMap<string, ExportPerson>;
  /** The id (in `people`) of who exports, or null for an anonymous reader of the demo. */
  exportedBy: string | null;
  origin: string;
  options: ExportOptions;
  now?: Date | undefined;
}): ExportModel {
  const { document, people } = input;
  const person = (userId: string, fallback?: string): ExportPerson => people.get(userId) ?? { id: userId, name: fallback ?? "Former member" };

  const selected = selectHighlights(input.annotations, input.comments, input.options);
  const highlights = selected.map(({ record, thread }, index): ExportHighlight => ({
    number: index + 1,
    id: record.id,
    start: record.start,
    end: record.end,
    exact: record.exact,
    prefix: record.prefix,
    suffix: record.suffix,
    tag: record.tag,
    tagName: TAG_INFO[record.tag].name,
    label: exportLabel(input.vocabulary, record.tag, record.technique),
    author: person(record.authorId, record.authorName),
    createdAt: new Date(record.createdAt),
    updatedAt: new Date(record.updatedAt),
    resolved: record.resolved,
    resolvedBy: record.resolvedBy === null ? null : person(record.resolvedBy),
    resolvedAt: record.resolvedAt === null ? null : new Date(record.resolvedAt),
    comments: thread.map(
      (comment): ExportComment => ({
        id: comment.id,
        parentId: comment.parentId,
        author: person(comment.authorId, comment.authorName),
        body: input.options.anonymize ? anonymizeCommentBody(comment.body, people) : comment.body,
        createdAt: new Date(comment.createdAt),
        updatedAt: new Date(comment.updatedAt),
      }),
    ),
  }));

  return {
    document: {
      id: document.id,
      title: document.title,
      source: document.source,
      author: document.author,
      publishedAt: document.publishedAt,
      language: document.language,
      blocks: document.blocks,
      contentHash: document.contentHash,
      url: `${input.origin}${document.slug === DEMO_SLUG ? "/demo" : `/documents/${document.id}`}`,
      previousVersionId: document.previousVersionId,
    },
    workspace: input.workspace,
    text: canonicalBodyText(document.blocks),
    highlights,
    legend: buildLegend(input.vocabulary, highlights),
    provenance: {
      exportedBy: input.exportedBy === null ? null : person(input.exportedBy),
      exportedAt: input.now ?? new Date(),
      origin: input.origin,
      options: input.options,
    },
  };
}

/**
 * Everyone the export may name: authors, resolvers, the people mentioned and the exporter, with
 * their names as the records hold them (or from their account), or as pseudonyms. Pseudonyms are
 * numbered over the whole document, not the filtered part, so filters never renumber anyone.
 */
async function namePeople(
  prisma: PrismaClient,
  annotations: readonly AnnotationRecord[],
  comments: readonly CommentRecord[],
  actor: Actor | null,
  anonymize: boolean,
): Promise<Map<string, ExportPerson>> {
  const contributions: Contribution[] = [
    ...annotations.map((record) => ({ userId: record.authorId, at: record.createdAt })),
    ...comments.map((comment) => ({ userId: comment.authorId, at: comment.createdAt })),
    ...annotations.flatMap((record) => (record.resolvedBy === null ? [] : [{ userId: record.resolvedBy, at: record.resolvedAt ?? record.updatedAt }])),
  ];
  const mentioned = [...comments]
    .sort((a, b) => a.createdAt - b.createdAt)
    .flatMap((comment) => [...comment.body.matchAll(MENTION_PATTERN)].map((match) => match[2]!));
  if (anonymize) return assignPseudonyms(contributions, [...mentioned, ...(actor ? [actor.userId] : [])]);

  const names = new Map<string, ExportPerson>();
  for (const record of annotations) names.set(record.authorId, { id: record.authorId, name: record.authorName });
  for (const comment of comments) names.set(comment.authorId, { id: comment.authorId, name: comment.authorName });
  const missing = [...new Set([...contributions.map((entry) => entry.userId), ...(actor ? [actor.userId] : [])])].filter((id) => !names.has(id));
  if (missing.length > 0) {
    const users = await prisma.user.findMany({ where: { id: { in: missing } }, select: { id: true, name: true } });
    for (const user of users) names.set(user.id, { id: user.id, name: user.name });
  }
  return names;
}

/**
 * A workspace's name with the real names of the people in the export replaced by their
 * pseudonyms: a new account's workspace is called "Awa Traoré’s workspace".
 */
async function pseudonymizeText(
  prisma: PrismaClient,
  text: string,
  people: ReadonlyMap<string, ExportPerson>,
  annotations: readonly AnnotationRecord[],
  comments: readonly CommentRecord[],
): Promise<string> {
  const names = new Map<string, string>();
  for (const user of await prisma.user.findMany({ where: { id: { in: [...people.keys()] } }, select: { id: true, name: true } })) names.set(user.id, user.name);
  for (const record of [...annotations, ...comments]) if (!names.has(record.authorId)) names.set(record.authorId, record.authorName);
  let result = text;
  // Longest first, so "Awa Traoré" goes before a colleague called "Awa".
  for (const [userId, name] of [...names].sort(([, a], [, b]) => b.length - a.length)) {
    const person = people.get(userId);
    if (person && name.trim().length > 1) result = result.split(name).join(person.name);
  }
  return result;
}

/** The highlights the options keep, in reading order (start, then longer first), each with its kept thread. */
function selectHighlights(annotations: readonly AnnotationRecord[], comments: readonly CommentRecord[], options: ExportOptions) {
  const threads = new Map<string, CommentRecord[]>();
  for (const comment of comments) {
    if (comment.deleted) continue;
    threads.set(comment.annotationId, [...(threads.get(comment.annotationId) ?? []), comment]);
  }
  const authors = options.authors === null ? null : new Set(options.authors);
  const byAuthor = (userId: string) => authors === null || authors.has(userId);
  return annotations
    .filter((record) => options.tags === null || options.tags.includes(record.tag))
    .filter((record) => options.labels === null || record.technique === null || options.labels.includes(record.technique))
    .filter((record) => options.resolved || !record.resolved)
    .map((record) => {
      const all = (threads.get(record.id) ?? []).sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      return { record, all, thread: options.comments ? all.filter((comment) => byAuthor(comment.authorId)) : [] };
    })
    // An author's work includes what they wrote in others' threads: that highlight stays, with only their comments.
    .filter(({ record, all }) => byAuthor(record.authorId) || all.some((comment) => byAuthor(comment.authorId) && options.comments))
    .sort((a, b) => a.record.start - b.record.start || b.record.end - a.record.end || (a.record.id < b.record.id ? -1 : 1))
    .map(({ record, thread }) => ({ record, thread }));
}

function exportLabel(vocabulary: Vocabulary, tag: Tag, id: string | null): ExportLabel | null {
  if (id === null) return null;
  const known = vocabulary[tag].find((label) => label.id === id);
  return known ? { ...known } : { id, name: labelName(vocabulary, tag, id) ?? id, definition: "" };
}

/** Every tag (zero counts too, so a reader sees what was not found), and the sub-labels used, in vocabulary order. */
function buildLegend(vocabulary: Vocabulary, highlights: readonly ExportHighlight[]): ExportLegendEntry[] {
  return TAGS.map((tag) => {
    const ofTag = highlights.filter((highlight) => highlight.tag === tag);
    const counts = new Map<string | null, { label: ExportLabel | null; count: number }>();
    for (const highlight of ofTag) {
      const key = highlight.label?.id ?? null;
      const entry = counts.get(key) ?? { label: highlight.label, count: 0 };
      entry.count += 1;
      counts.set(key, entry);
    }
    const order = new Map(vocabulary[tag].map((label, index) => [label.id, index]));
    const rank = (id: string | null) => (id === null ? Number.MAX_SAFE_INTEGER : (order.get(id) ?? Number.MAX_SAFE_INTEGER - 1));
    const labels = [...counts.entries()]
      .sort(([a], [b]) => rank(a) - rank(b) || String(a).localeCompare(String(b)))
      .map(([, entry]) => entry);
    return { tag, tagName: TAG_INFO[tag].name, count: ofTag.length, labels };
  });
}
