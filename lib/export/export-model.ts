import type { Block } from "@/lib/documents/schema.ts";
import type { Tag } from "@/lib/realtime/doc-schema.ts";

/*
 * What every export format renders: one document with the highlights and threads the options
 * selected, authors already pseudonymised when asked, numbered in reading order. Built once per
 * request from the projection (`build-export-model.ts`); each renderer (`render-*.ts`) is a pure
 * function of it, so formats agree on what was exported and are unit-tested on fixtures.
 */

/** What to include. Every filter is optional: unset means everything. */
export type ExportOptions = {
  /** Tags to include; null for all. */
  tags: Tag[] | null;
  /** Sub-label ids to include (a highlight with no sub-label passes when its tag is included); null for all. */
  labels: string[] | null;
  /** Author user ids whose highlights (and comments) to include; null for all. */
  authors: string[] | null;
  /** Include comment threads. */
  comments: boolean;
  /** Include resolved highlights and their threads. */
  resolved: boolean;
  /** Replace every person's name with a stable pseudonym ("Reader 3"), and their id with an opaque one. */
  anonymize: boolean;
};

export const DEFAULT_EXPORT_OPTIONS: ExportOptions = { tags: null, labels: null, authors: null, comments: true, resolved: true, anonymize: false };

/** A person as the export shows them: real, or a pseudonym stable within one export. */
export type ExportPerson = { id: string; name: string };

/** A tag's sub-label, resolved from the workspace vocabulary (null when the highlight has none). */
export type ExportLabel = { id: string; name: string; definition: string };

export type ExportComment = {
  id: string;
  /** The comment this one replies to, or null for a thread's first level. */
  parentId: string | null;
  author: ExportPerson;
  /** The comment's text as written (light Markdown with @mentions); renderers must escape it. */
  body: string;
  createdAt: Date;
  updatedAt: Date;
};

export type ExportHighlight = {
  /** 1-based, in reading order (start, then longer first): what the copy prints beside the mark. */
  number: number;
  id: string;
  /** Code points into the canonical body text (blocks joined by a blank line). */
  start: number;
  end: number;
  exact: string;
  prefix: string;
  suffix: string;
  tag: Tag;
  /** The tag's display name ("Propaganda"). */
  tagName: string;
  label: ExportLabel | null;
  author: ExportPerson;
  createdAt: Date;
  updatedAt: Date;
  resolved: boolean;
  resolvedBy: ExportPerson | null;
  resolvedAt: Date | null;
  /** The thread, oldest first, deleted comments left out (their replies keep their parentId). Empty when comments are excluded. */
  comments: ExportComment[];
};

export type ExportLegendEntry = {
  tag: Tag;
  tagName: string;
  count: number;
  /** Counts per sub-label used in the export, in vocabulary order; `label` null counts highlights without one. */
  labels: { label: ExportLabel | null; count: number }[];
};

export type ExportModel = {
  document: {
    id: string;
    title: string;
    source: string;
    author: string | null;
    publishedAt: Date | null;
    /** BCP 47 language tag of the article text. */
    language: string;
    blocks: Block[];
    /** sha256 (hex) of headline and body: which version of the text this copy shows. */
    contentHash: string;
    /** Where the article lives in the app (absolute URL). */
    url: string;
    /** The version this one replaced, if the text was edited. */
    previousVersionId: string | null;
  };
  workspace: { id: string; name: string } | null;
  /** The canonical body text the offsets count into. */
  text: string;
  highlights: ExportHighlight[];
  legend: ExportLegendEntry[];
  provenance: {
    /** Who exported (a pseudonym when anonymized), or null for an anonymous reader of the demo. */
    exportedBy: ExportPerson | null;
    exportedAt: Date;
    /** The origin of the instance, e.g. "https://marginalia.school.example". */
    origin: string;
    options: ExportOptions;
  };
};
