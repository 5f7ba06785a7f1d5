import type { ImportReport as Report } from "@/lib/annotations/import/plan-import.ts";
import styles from "./import-annotations.module.css";

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** What an import did, or on a dry run would do: counts first, then every quote left out and why. */
export function ImportReport({ report }: { report: Report & { dryRun: boolean } }) {
  const verb = report.dryRun ? "will be imported" : "imported";
  return (
    <section aria-labelledby="import-report-title" className={styles.report}>
      <h3 id="import-report-title">{report.dryRun ? "What this file holds" : "Imported"}</h3>
      <ul className={styles.counts}>
        <li>
          <strong>{plural(report.imported, "highlight", "highlights")}</strong> {verb}, with {plural(report.comments, "comment", "comments")}
        </li>
        <li>{plural(report.orphaned.length, "highlight has", "highlights have")} no place in this article</li>
        <li>{plural(report.skipped, "entry is", "entries are")} skipped</li>
      </ul>
      {report.orphaned.length > 0 ? (
        <>
          <h4>Not found in this article</h4>
          <ul className={styles.items}>
            {report.orphaned.map((orphan, index) => (
              <li key={index}>
                <q>{orphan.exact}</q> <span className={styles.reason}>{orphan.reason}</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {report.untagged.length > 0 ? (
        <>
          <h4>Tagged Context, because their tags are not ours</h4>
          <ul className={styles.items}>
            {report.untagged.map((entry, index) => (
              <li key={index}>
                <q>{entry.exact}</q> <span className={styles.reason}>{entry.tags.length > 0 ? `Tags: ${entry.tags.join(", ")}` : "No tags"}</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {report.skippedEntries.length > 0 ? (
        <details>
          <summary>Skipped entries</summary>
          <ul className={styles.items}>
            {report.skippedEntries.map((entry, index) => (
              <li key={index}>
                <span className={styles.reason}>{entry.reason}</span>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}
