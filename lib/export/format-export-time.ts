/**
 * A moment as the copies print it: UTC with the zone spelled out, so a copy read in another time
 * zone (or years later) is not off by a day, and every format prints the same string.
 */
export function formatExportTime(date: Date, withTime = true): string {
  const iso = date.toISOString();
  return withTime ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : iso.slice(0, 10);
}
