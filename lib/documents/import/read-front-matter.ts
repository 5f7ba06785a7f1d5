export type FrontMatter = { fields: ReadonlyMap<string, string>; body: string };

const FENCE_OPEN = /^---[ \t]*$/;
const FENCE_CLOSE = /^(?:---|\.\.\.)[ \t]*$/;
const KEY_VALUE = /^([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]+(.*?))?[ \t]*$/;
const LIST_ITEM = /^[ \t]+-[ \t]+(.*?)[ \t]*$/;

/** YAML scalars may be quoted; the article only needs the text. */
function unquote(value: string): string {
  const quoted = /^"(.*)"$/.exec(value) ?? /^'(.*)'$/.exec(value);
  if (!quoted) return value.replace(/[ \t]+#.*$/, "");
  return quoted[1] ?? "";
}

/**
 * Splits a YAML front matter block (between "---" lines at the very top, as written by static
 * site generators and note apps) from a Markdown document. Only flat "key: value" pairs and
 * simple lists ("authors:" followed by "- name" lines, joined with commas) are read, which is
 * all an article's metadata needs; keys are lower-cased. Without front matter the text is the body.
 */
export function readFrontMatter(text: string): FrontMatter {
  const lines = text.split("\n");
  const opens = FENCE_OPEN.test(lines[0] ?? "");
  const end = opens ? lines.findIndex((line, index) => index > 0 && FENCE_CLOSE.test(line)) : -1;
  if (end === -1) return { fields: new Map(), body: text };

  const fields = new Map<string, string>();
  let listKey: string | null = null;
  for (const line of lines.slice(1, end)) {
    const item = LIST_ITEM.exec(line);
    if (item && listKey !== null) {
      const previous = fields.get(listKey);
      const value = unquote(item[1] ?? "");
      fields.set(listKey, previous ? `${previous}, ${value}` : value);
      continue;
    }
    const pair = KEY_VALUE.exec(line);
    if (!pair?.[1]) continue;
    const key = pair[1].toLowerCase();
    const value = unquote(pair[2] ?? "");
    listKey = value === "" ? key : null;
    if (value !== "") fields.set(key, value);
  }
  return { fields, body: lines.slice(end + 1).join("\n") };
}
