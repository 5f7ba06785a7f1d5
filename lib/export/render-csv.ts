import { stringify } from "csv-stringify/sync";
import type { ExportModel } from "./export-model.ts";

const COLUMNS = [
  "type",
  "number",
  "id",
  "thread_id",
  "parent_id",
  "quote",
  "start",
  "end",
  "tag",
  "sub_label",
  "author_id",
  "author",
  "created",
  "resolved",
  "text",
] as const;

type Row = Record<(typeof COLUMNS)[number], string | number>;

/** Characters that make a spreadsheet read a cell as a formula (OWASP's CSV injection list). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A cell a spreadsheet shows as text: a leading formula character gets a `'` before it. */
function neutralise(value: string | number): string | number {
  return typeof value === "string" && FORMULA_START.test(value) ? `'${value}` : value;
}

/**
 * One row per highlight, then its comments (oldest first), each comment repeating its
 * highlight's quote, offsets and tag so a spreadsheet filter keeps threads whole. UTF-8 with a
 * BOM, so Excel reads accents; comment text as written, formulas neutralised in every cell.
 */
export async function renderCsv(model: ExportModel): Promise<string> {
  const rows: Row[] = [];
  for (const highlight of model.highlights) {
    const shared = {
      number: highlight.number,
      thread_id: highlight.id,
      quote: highlight.exact,
      start: highlight.start,
      end: highlight.end,
      tag: highlight.tag,
      sub_label: highlight.label?.name ?? "",
      resolved: highlight.resolved ? "yes" : "no",
    };
    rows.push({
      ...shared,
      type: "highlight",
      id: highlight.id,
      parent_id: "",
      author_id: highlight.author.id,
      author: highlight.author.name,
      created: highlight.createdAt.toISOString(),
      text: "",
    });
    for (const comment of highlight.comments) {
      rows.push({
        ...shared,
        type: "comment",
        id: comment.id,
        parent_id: comment.parentId ?? "",
        author_id: comment.author.id,
        author: comment.author.name,
        created: comment.createdAt.toISOString(),
        text: comment.body,
      });
    }
  }
  return stringify(rows, {
    bom: true,
    header: true,
    columns: [...COLUMNS],
    cast: { string: (value) => String(neutralise(value)), number: (value) => String(value) },
    record_delimiter: "windows",
  });
}
