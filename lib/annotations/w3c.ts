import { AppError } from "@/lib/errors.ts";
import {
  type AnnotationRecord,
  type CommentRecord,
  MAX_COMMENT_LENGTH,
  MAX_EXACT_LENGTH,
  MAX_TECHNIQUE_LENGTH,
  type Tag,
  TAGS,
} from "@/lib/realtime/doc-schema.ts";
import { codePointLength, sliceCodePoints } from "./code-points.ts";
import { locateQuote } from "./locate-quote.ts";
import { type TextQuoteAnchor, textQuoteAnchor } from "./text-quote-anchor.ts";

/*
 * Our annotations in the W3C Web Annotation Data Model (https://www.w3.org/TR/annotation-model/),
 * the format of exports and of the REST API. Only terms of the W3C context are used, so any
 * Web Annotation client can read the output: the tag, the technique, the resolution and the
 * comments are all TextualBody bodies told apart by `purpose`.
 */

export const ANNOTATION_CONTEXT = "http://www.w3.org/ns/anno.jsonld";

export type W3CAgent = { id: string; type: "Person"; name?: string };

export type W3CTextualBody = {
  type: "TextualBody";
  id?: string;
  purpose: "tagging" | "classifying" | "assessing" | "commenting";
  value: string;
  format?: "text/plain";
  creator?: W3CAgent;
  created?: string;
};

export type W3CTextQuoteSelector = { type: "TextQuoteSelector"; exact: string; prefix: string; suffix: string };
export type W3CTextPositionSelector = { type: "TextPositionSelector"; start: number; end: number };

export type W3CAnnotation = {
  "@context": typeof ANNOTATION_CONTEXT;
  id: string;
  type: "Annotation";
  motivation: "tagging";
  created: string;
  modified: string;
  creator: W3CAgent;
  body: W3CTextualBody[];
  target: { source: string; selector: [W3CTextQuoteSelector, W3CTextPositionSelector] };
};

export type W3CAnnotationOptions = {
  /** The annotated article's URL, the target's `source`. */
  documentUrl: string;
  /** Prefix of annotation IRIs, e.g. "https://host/api/v1/annotations/"; the id is appended. */
  annotationBaseUrl: string;
  /** Prefix of user IRIs; the user id is appended. */
  userBaseUrl: string;
  /** Prefix of tag and technique IRIs, e.g. "https://host/vocab#"; the term is appended. */
  tagVocabularyUrl: string;
};

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * One annotation with its thread as a W3C Annotation. The thread is flattened to commenting
 * bodies, oldest first (replies included; W3C bodies have no nesting), and deleted comments
 * are left out. A resolved annotation gets an "assessing" body rather than a private property,
 * so the output stays valid against the W3C context.
 */
export function toW3CAnnotation(
  record: AnnotationRecord,
  comments: readonly CommentRecord[],
  options: W3CAnnotationOptions,
): W3CAnnotation {
  const person = (id: string, name?: string): W3CAgent => ({
    id: `${options.userBaseUrl}${id}`,
    type: "Person",
    ...(name === undefined ? {} : { name }),
  });

  const body: W3CTextualBody[] = [
    { type: "TextualBody", id: `${options.tagVocabularyUrl}${record.tag}`, purpose: "tagging", value: record.tag },
  ];
  if (record.technique !== null) {
    body.push({
      type: "TextualBody",
      id: `${options.tagVocabularyUrl}${record.technique}`,
      purpose: "classifying",
      value: record.technique,
    });
  }
  if (record.resolved) {
    body.push({
      type: "TextualBody",
      purpose: "assessing",
      value: "resolved",
      ...(record.resolvedBy === null ? {} : { creator: person(record.resolvedBy) }),
      ...(record.resolvedAt === null ? {} : { created: iso(record.resolvedAt) }),
    });
  }
  const thread = comments
    .filter((comment) => comment.annotationId === record.id && !comment.deleted)
    .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const comment of thread) {
    body.push({
      type: "TextualBody",
      purpose: "commenting",
      value: comment.body,
      format: "text/plain",
      creator: person(comment.authorId, comment.authorName),
      created: iso(comment.createdAt),
    });
  }

  return {
    "@context": ANNOTATION_CONTEXT,
    id: `${options.annotationBaseUrl}${record.id}`,
    type: "Annotation",
    motivation: "tagging",
    created: iso(record.createdAt),
    modified: iso(record.updatedAt),
    creator: person(record.authorId, record.authorName),
    body,
    target: {
      source: options.documentUrl,
      selector: [
        { type: "TextQuoteSelector", exact: record.exact, prefix: record.prefix, suffix: record.suffix },
        { type: "TextPositionSelector", start: record.start, end: record.end },
      ],
    },
  };
}

export type W3CAnnotationCollection<Item extends object> = {
  "@context": typeof ANNOTATION_CONTEXT;
  id: string;
  type: "AnnotationCollection";
  label: string;
  total: number;
  first: { type: "AnnotationPage"; id: string; items: Item[] };
};

/** All of a document's annotations as one W3C collection with a single page (even when empty). */
export function toW3CCollection<Item extends object>(
  annotations: readonly Item[],
  options: { id: string; label: string },
): W3CAnnotationCollection<Item> {
  return {
    "@context": ANNOTATION_CONTEXT,
    id: options.id,
    type: "AnnotationCollection",
    label: options.label,
    total: annotations.length,
    first: { type: "AnnotationPage", id: `${options.id}#page1`, items: [...annotations] },
  };
}

export type W3CAnnotationInput = TextQuoteAnchor & { tag: Tag; technique: string | null; comment: string | null };

function fail(field: string, message: string): never {
  throw new AppError("BAD_REQUEST", `${field}: ${message}`, field);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A quote as an error message shows it: in curly quotes, cut after 60 code points. */
function shown(text: string): string {
  return codePointLength(text) > 60 ? `“${sliceCodePoints(text, 0, 60)}…”` : `“${text}”`;
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

type Bodies = { tag: Tag; technique: string | null; comment: string | null };

function readBodies(value: unknown): Bodies {
  const example = '{ "type": "TextualBody", "purpose": "tagging", "value": "propaganda" }';
  if (value === undefined || value === null) fail("body", `add a tagging body, e.g. ${example}.`);
  const byPurpose = new Map<string, string[]>();
  for (const body of asList(value)) {
    if (!isObject(body)) fail("body", "each body must be an object.");
    if (body.type !== undefined && body.type !== "TextualBody") fail("body", "each body must be a TextualBody.");
    const purpose = body.purpose;
    if (purpose !== "tagging" && purpose !== "classifying" && purpose !== "commenting") {
      fail(
        "body",
        typeof purpose === "string"
          ? `the purpose ${shown(purpose)} is not supported; use tagging, classifying or commenting.`
          : "each body needs a purpose: tagging, classifying or commenting.",
      );
    }
    if (typeof body.value !== "string") fail("body", `the ${purpose} body needs a text value.`);
    if (purpose === "commenting" && body.format !== undefined && body.format !== "text/plain") {
      fail("body", "comments are plain text; use the format text/plain.");
    }
    byPurpose.set(purpose, [...(byPurpose.get(purpose) ?? []), body.value]);
  }

  const tags = byPurpose.get("tagging") ?? [];
  const [tag] = tags;
  if (tag === undefined || tags.length > 1) {
    fail("body", `give exactly one tagging body (found ${tags.length}), e.g. ${example}.`);
  }
  if (!(TAGS as readonly string[]).includes(tag)) fail("body", `the tag ${shown(tag)} is not one of ${TAGS.join(", ")}.`);

  const techniques = byPurpose.get("classifying") ?? [];
  if (techniques.length > 1) fail("body", "give at most one classifying body (the technique).");
  const technique = techniques[0]?.trim() ?? null;
  if (technique !== null && (technique === "" || technique.length > MAX_TECHNIQUE_LENGTH)) {
    fail("body", `the technique must be an id of 1–${MAX_TECHNIQUE_LENGTH} characters.`);
  }

  const comments = byPurpose.get("commenting") ?? [];
  if (comments.length > 1) fail("body", "give at most one commenting body; reply in the thread for more.");
  const comment = comments[0]?.trim() ?? null;
  if (comment !== null && (comment === "" || comment.length > MAX_COMMENT_LENGTH)) {
    fail("body", `the comment must be 1–${MAX_COMMENT_LENGTH.toLocaleString("en")} characters.`);
  }
  return { tag: tag as Tag, technique, comment };
}

type Selectors = {
  position: { start: number; end: number } | null;
  quote: { exact: string; prefix?: string; suffix?: string } | null;
};

function readSelectors(value: unknown): Selectors {
  const hint = "select a passage with a TextQuoteSelector and/or a TextPositionSelector.";
  if (value === undefined || value === null) fail("target.selector", hint);
  const selectors: Selectors = { position: null, quote: null };
  for (const selector of asList(value)) {
    if (!isObject(selector)) fail("target.selector", "each selector must be an object.");
    if (selector.type === "TextPositionSelector") {
      if (selectors.position) fail("target.selector", "give at most one TextPositionSelector.");
      const { start, end } = selector;
      if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || (start as number) < 0) {
        fail("target.selector", "start and end must be whole numbers ≥ 0 (code points of the article text).");
      }
      selectors.position = { start: start as number, end: end as number };
    } else if (selector.type === "TextQuoteSelector") {
      if (selectors.quote) fail("target.selector", "give at most one TextQuoteSelector.");
      const { exact, prefix, suffix } = selector;
      if (typeof exact !== "string" || exact === "") fail("target.selector", "the TextQuoteSelector needs the quoted text in exact.");
      if ((prefix !== undefined && typeof prefix !== "string") || (suffix !== undefined && typeof suffix !== "string")) {
        fail("target.selector", "prefix and suffix must be text.");
      }
      selectors.quote = { exact, prefix, suffix };
    }
    // Other selector types (CSS, XPath, ranges) may ride along as alternatives; they are ignored.
  }
  if (!selectors.position && !selectors.quote) fail("target.selector", hint);
  return selectors;
}

/** Where the selectors point in `text`, in code points; every way of disagreeing is an error. */
function resolve(text: string, { position, quote }: Selectors): { start: number; end: number } {
  if (position) {
    const length = codePointLength(text);
    if (position.end <= position.start || position.end > length) {
      fail(
        "target.selector",
        `the position ${position.start}–${position.end} is not a passage of the article (its text has ${length} code points).`,
      );
    }
    const atPosition = sliceCodePoints(text, position.start, position.end);
    if (quote && atPosition !== quote.exact) {
      fail("target.selector", `the text at ${position.start}–${position.end} is ${shown(atPosition)}, not the quote ${shown(quote.exact)}.`);
    }
    return position;
  }
  if (!quote) fail("target.selector", "select a passage with a TextQuoteSelector and/or a TextPositionSelector.");
  const location = locateQuote(text, quote);
  if (location.found === "none") fail("target.selector", `the quote ${shown(quote.exact)} is not in the article.`);
  if (location.found === "ambiguous") {
    fail(
      "target.selector",
      `the quote ${shown(quote.exact)} occurs ${location.count} times in the article; add a prefix or suffix, or a TextPositionSelector, to say which.`,
    );
  }
  return location;
}

/**
 * Reads a W3C Annotation as a client POSTs it and anchors it in the article's canonical body
 * text. Ids, creators and dates in the input are ignored (the server assigns them), and
 * `prefix`/`suffix` are recomputed from the text so stored anchors are uniform. Throws
 * BAD_REQUEST naming the field (`body`, `target`, `target.selector`, ...).
 */
export function parseW3CAnnotationInput(json: unknown, documentText: string): W3CAnnotationInput {
  if (!isObject(json)) throw new AppError("BAD_REQUEST", "The annotation must be a JSON object.");
  const type = json.type;
  if (type !== "Annotation" && !(Array.isArray(type) && type.includes("Annotation"))) {
    fail("type", 'the type must be "Annotation".');
  }
  const bodies = readBodies(json.body);

  let target = json.target;
  if (Array.isArray(target)) {
    if (target.length !== 1) fail("target", "give exactly one target: the article.");
    target = target[0];
  }
  if (typeof target === "string") fail("target.selector", "select a passage; a bare URL would annotate the whole article.");
  if (!isObject(target)) fail("target", "give a target with a selector.");
  if (target.source !== undefined && typeof target.source !== "string") fail("target.source", "the source must be the article's URL.");

  const { start, end } = resolve(documentText, readSelectors(target.selector));
  const anchor = textQuoteAnchor(documentText, start, end);
  if (anchor.exact.length > MAX_EXACT_LENGTH) {
    fail("target.selector", `select at most ${MAX_EXACT_LENGTH.toLocaleString("en")} characters.`);
  }
  return { ...anchor, ...bodies };
}

export type W3CReply = {
  id: string;
  type: "Annotation";
  motivation: "replying";
  created: string;
  modified: string;
  creator: W3CAgent;
  body: { type: "TextualBody"; value: string; format: "text/plain"; purpose: "replying" };
  /** The IRI of the highlight, or of the parent comment for a reply. */
  target: string;
};

/**
 * One comment as its own W3C Annotation replying to its target, the way exports carry threads:
 * unlike the commenting bodies of `toW3CAnnotation`, a reply keeps its parent, so threads
 * survive a round trip through another tool.
 */
export function toW3CReply(
  comment: Pick<CommentRecord, "id" | "annotationId" | "parentId" | "authorId" | "authorName" | "body" | "createdAt" | "updatedAt">,
  options: W3CAnnotationOptions,
): W3CReply {
  const highlight = `${options.annotationBaseUrl}${comment.annotationId}`;
  return {
    id: `${highlight}/comments/${comment.id}`,
    type: "Annotation",
    motivation: "replying",
    created: iso(comment.createdAt),
    modified: iso(comment.updatedAt),
    creator: { id: `${options.userBaseUrl}${comment.authorId}`, type: "Person", name: comment.authorName },
    body: { type: "TextualBody", value: comment.body, format: "text/plain", purpose: "replying" },
    target: comment.parentId === null ? highlight : `${highlight}/comments/${comment.parentId}`,
  };
}
