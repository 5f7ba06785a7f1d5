// The whole test suite, as the README and CI run it: lint, typecheck, unit + integration
// (vitest), end-to-end (Playwright). Stops at the first failing step and ends with one
// summary line, "N passed, N failed, N skipped", counted from the runners' JSON reports.
import { spawnSync } from "node:child_process";
import fs from "node:fs";

const reports = "test-results";
const vitestReport = `${reports}/vitest.json`;
const playwrightReport = `${reports}/playwright.json`;
const faultsReport = `${reports}/vitest-faults.json`;
fs.mkdirSync(reports, { recursive: true });
for (const file of [vitestReport, playwrightReport, faultsReport]) fs.rmSync(file, { force: true });

const steps = [
  ["dependencies", "node", ["scripts/ensure-deps.mjs"]],
  ["lint", "npx", ["eslint", "--max-warnings=0", "."]],
  ["typecheck", "npx", ["tsc", "--noEmit"]],
  ["unit + integration", "npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestReport}`]],
  ["e2e", "npx", ["playwright", "test", "--reporter=list,json"], { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightReport }],
];
// The long fault loops (npm run test:faults, up to 6 minutes): only where the time is given for them.
if (process.env.TEST_FAULTS === "1") {
  steps.push(["faults", "npx", ["vitest", "run", "--config", "vitest.faults.config.ts", "--reporter=default", "--reporter=json", `--outputFile.json=${faultsReport}`]]);
}

function count() {
  const totals = { passed: 0, failed: 0, skipped: 0 };
  for (const file of [vitestReport, faultsReport].filter((name) => fs.existsSync(name))) {
    const report = JSON.parse(fs.readFileSync(file, "utf8"));
    totals.passed += report.numPassedTests;
    totals.failed += report.numFailedTests;
    totals.skipped += report.numPendingTests + report.numTodoTests;
  }
  if (fs.existsSync(playwrightReport)) {
    const { stats } = JSON.parse(fs.readFileSync(playwrightReport, "utf8"));
    totals.passed += stats.expected + stats.flaky;
    totals.failed += stats.unexpected;
    totals.skipped += stats.skipped;
  }
  return totals;
}

let failedStep;
const started = Date.now();
for (const [name, command, args, env] of steps) {
  const stepStarted = Date.now();
  console.log(`\n=== ${name} ===`);
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, ...env } });
  console.log(`=== ${name}: ${result.status === 0 ? "ok" : "FAILED"} (${((Date.now() - stepStarted) / 1000).toFixed(1)} s)`);
  if (result.status !== 0) {
    failedStep = name;
    break;
  }
}

const totals = count();
console.log(`\nTest suite ${failedStep ? `failed at: ${failedStep}` : "passed"} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failedStep ? 1 : 0);
