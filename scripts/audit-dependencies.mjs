// The production dependency audit CI runs: `npm audit --omit=dev`, failing on any high or
// critical advisory. When the registry cannot answer (a read-only mirror answers the advisory
// endpoint with 405, or there is no network), nothing was audited: that is said loudly and does
// not fail the build, so the same step works unchanged wherever the endpoint answers.
// docs/security.md ("Dependencies") records what these machines' registry answers.
import { spawnSync } from "node:child_process";

const BLOCKING = ["high", "critical"];
const NETWORK_CODES = new Set(["ENOTFOUND", "EAI_AGAIN", "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENETUNREACH", "EHOSTUNREACH"]);

const run = spawnSync("npm", ["audit", "--omit=dev", "--json"], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
let report;
try {
  report = JSON.parse(run.stdout);
} catch {
  console.error(`npm audit printed no JSON (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
  process.exit(1);
}

// npm reports a failed advisory request as {message, statusCode | code, uri, ...} instead of a report.
const httpStatus = typeof report.statusCode === "number" ? report.statusCode : null;
const networkCode = typeof report.code === "string" && NETWORK_CODES.has(report.code) ? report.code : null;
if (!report.metadata && (httpStatus !== null || networkCode !== null)) {
  const banner = "!".repeat(78);
  console.log(
    [
      banner,
      "DEPENDENCY AUDIT DID NOT RUN: the registry's advisory service did not answer.",
      `  ${report.message ?? networkCode}`,
      "  No advisory was checked; this is not a pass. Run `npm audit --omit=dev` where",
      "  registry.npmjs.org's advisory endpoint is reachable (see docs/security.md).",
      banner,
    ].join("\n"),
  );
  process.exit(0);
}
if (!report.metadata?.vulnerabilities) {
  console.error(`npm audit answered something unexpected (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
  process.exit(1);
}

const counts = report.metadata.vulnerabilities;
const findings = Object.values(report.vulnerabilities ?? {}).filter((entry) => BLOCKING.includes(entry.severity));
const summary = ["critical", "high", "moderate", "low", "info"].map((level) => `${counts[level] ?? 0} ${level}`).join(", ");
console.log(`npm audit --omit=dev: ${report.metadata.dependencies?.prod ?? "?"} production dependencies, advisories: ${summary}`);
if (findings.length > 0) {
  for (const entry of findings) {
    const via = entry.via.map((source) => (typeof source === "string" ? `through ${source}` : `${source.title} ${source.url}`)).join("; ");
    const fix = entry.fixAvailable === false ? "no fix available" : "fix available (npm audit fix)";
    console.log(`  ${entry.severity.toUpperCase()} ${entry.name} ${entry.range}: ${via} (${fix})`);
  }
  process.exit(1);
}
