const dateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const date = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });

/** "1 Dec 2026, 23:25 UTC": unambiguous in every locale, and the same on server and client. */
export function formatDateTime(value: Date | string): string {
  return `${dateTime.format(new Date(value))} UTC`;
}

/** "1 Dec 2026" */
export function formatDate(value: Date | string): string {
  return date.format(new Date(value));
}
