/**
 * Reads a publication date from page or front-matter metadata. `Date` alone accepts too much
 * ("May 4" becomes a date in 2001), so a value must also name a four-digit year.
 */
export function parsePublishedDate(value: string | null | undefined): Date | null {
  if (!value || !/\d{4}/.test(value)) return null;
  const date = new Date(value.trim());
  return Number.isNaN(date.getTime()) ? null : date;
}
