/** Characters RFC 5987 allows unencoded in `filename*`; encodeURIComponent leaves a few more. */
const encode5987 = (value: string) => encodeURIComponent(value).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * `Content-Disposition` for an export: the title and the date as the file name, with an ASCII
 * fallback for old clients (accents folded, everything else a dash) and the exact name in
 * `filename*` (RFC 6266 / 5987), e.g. `attachment; filename="kidal-retaken-2026-11-30.html";
 * filename*=UTF-8''Kidal%20retaken%202026-11-30.html`.
 */
export function contentDisposition(input: { title: string; date: Date; extension: string; disposition: "attachment" | "inline" }): string {
  const day = input.date.toISOString().slice(0, 10);
  const title = input.title.replace(/[\p{Cc}\\/:*?"<>|]+/gu, " ").replace(/\s+/g, " ").trim().slice(0, 120) || "article";
  const ascii =
    title
      .normalize("NFKD")
      .replace(/\p{M}+/gu, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 80) || "article";
  return `${input.disposition}; filename="${ascii}-${day}.${input.extension}"; filename*=UTF-8''${encode5987(`${title} ${day}.${input.extension}`)}`;
}
