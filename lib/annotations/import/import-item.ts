/*
 * lib/annotations/import/: annotations from other tools (W3C Web Annotation JSON-LD, Hypothesis
 * JSON) onto one of our documents. The parsers turn each format into the neutral list below;
 * `planImport` anchors, maps tags and derives ids; `importAnnotations` checks access and writes.
 */

/** Someone as the source file names them: `key` tells people apart (an IRI, an account), `name` is shown. */
export type ImportAuthor = { key: string; name: string };

export type ImportComment = {
  sourceId: string;
  /** The comment it replies to; null when it replies to the highlight itself. */
  parentSourceId: string | null;
  author: ImportAuthor;
  /** Milliseconds since 1970; null when the file does not say. */
  created: number | null;
  body: string;
};

/** One highlight of the source file, before it is anchored on our text. */
export type ImportItem = {
  sourceId: string;
  exact: string;
  prefix?: string | undefined;
  suffix?: string | undefined;
  /** The source's position (code points), only a hint: the source may count differently. */
  start?: number | undefined;
  end?: number | undefined;
  /** Tag and sub-label names or ids as the source has them, in its order. */
  tags: string[];
  author: ImportAuthor;
  created: number | null;
  modified: number | null;
  resolved: boolean;
  comments: ImportComment[];
};

/** An entry of the file that is not a highlight we can import (a page note, a reply to nothing we know). */
export type SkippedSource = { sourceId: string; reason: string };

export type ParsedImport = { format: "w3c" | "hypothesis"; items: ImportItem[]; skipped: SkippedSource[] };

/** Most annotations (highlights and replies together) one file may hold. */
export const MAX_IMPORT_ENTRIES = 5_000;

/** Longest source id, tag, author key or name read from a file; longer ones are refused. */
export const MAX_IMPORT_FIELD_LENGTH = 2_048;

/** Someone the file does not name. */
export const UNKNOWN_AUTHOR: ImportAuthor = { key: "unknown", name: "Unknown author" };
