import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * Integration files that take longest (measured with one worker on a 2-core machine,
 * `npx vitest run --reporter=json`), slowest first. Started first, the long files run beside
 * each other and the many short ones fill in behind, so the workers finish together instead
 * of one ending on a long file alone. Files not listed follow in vitest's own order (longest
 * last time when it has a cache, else largest first).
 */
const SLOWEST_FIRST = [
  "test/integration/faults-sigkill.test.ts",
  "test/integration/operator-backup.test.ts",
  "test/integration/classroom-api.test.ts",
  "test/integration/export.test.ts",
  "test/integration/auth.test.ts",
  "test/integration/realtime-limits.test.ts",
  "test/integration/reanchor-versions.test.ts",
  "test/integration/vocabulary.test.ts",
  "test/integration/demo-example-key.test.ts",
  "test/integration/realtime-access.test.ts",
  "test/integration/document-versions.test.ts",
  "test/integration/realtime.test.ts",
  "test/integration/export-import-roundtrip.test.ts",
  "test/integration/realtime-protection.test.ts",
  "test/integration/nginx-multi-process.test.ts",
];

export class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => {
      const index = SLOWEST_FIRST.findIndex((name) => file.moduleId.endsWith(name));
      return index < 0 ? SLOWEST_FIRST.length : index;
    };
    // Array.prototype.sort is stable: unlisted files keep the base order.
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}
